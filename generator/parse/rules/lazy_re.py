"""`re` for the rule modules, whose patterns compile on first use instead of at import.

The recognisers are ~600 module-level `re.compile` calls; compiling them all (CPython parses
and compiles a pattern in Python) cost ~0.3 s of every `etl-gen` run that parses a request,
while one request uses ~360 of them. A rule module imports this in place of `re`
(`from . import lazy_re as re`), which offers the names of `re` the rule modules use. A
pattern made here compiles at its first use and then holds the compiled pattern's methods as
its own attributes, so later calls cost what a compiled pattern's do. It is not an
`re.Pattern` instance: the functions below accept it, the standard library's do not, and a
match's `.re` is the compiled pattern, not it (compare `.pattern` texts, not identities).

Compiling the ~360 patterns a request reaches was still ~0.45 s of each `etl-gen` run (CPython
parses and compiles a pattern in Python; a pickled pattern is compiled again on loading). The
compiled program itself is a list of integers that `_sre.compile` takes as it is: kept in the
user's cache folder, keyed by the pattern, its flags and the Python and `_sre` versions, it
makes a pattern compiled by an earlier run cost a few microseconds. Anything unexpected there
(another interpreter, an unreadable or stale file) falls back to `re.compile`.
"""

import array
import atexit
import importlib
import marshal
import os
import re as _re
import sys
import threading
from pathlib import Path
from re import IGNORECASE, Match, Pattern, RegexFlag, escape
from types import FrameType
from typing import Any, cast

__all__ = ["IGNORECASE", "Match", "Pattern", "RegexFlag", "escape"]
__all__ += ["compile", "findall", "finditer", "fullmatch", "match", "search", "split", "sub"]
__all__ += ["I", "subn"]

I = IGNORECASE  # noqa: E741 - `re`'s own short name

# What a compiled pattern offers that the rule modules use, held by a lazy one once compiled.
_ATTRIBUTES: tuple[str, ...] = ("match", "fullmatch", "search", "sub", "subn", "split")
_ATTRIBUTES += ("findall", "finditer", "scanner", "flags", "groups", "groupindex")


class _LazyPattern:
    """A pattern compiled when first used; `.pattern` is known without compiling."""

    def __init__(self, pattern: str, flags: int, *, kept: bool = False) -> None:
        self.pattern = pattern
        self._flags = flags
        self._kept = kept  # its compiled program is kept in the cache file
        self._compiled: Pattern[str] | None = None

    def compiled(self) -> Pattern[str]:
        if self._compiled is None:
            if self._kept:
                self._compiled = _compile(self.pattern, self._flags)
            else:
                self._compiled = _re.compile(self.pattern, self._flags)
            for name in _ATTRIBUTES:  # from now on found without __getattr__
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set yet: the first use compiles.
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy {self.compiled()!r}"


def compile(pattern: str, flags: int | RegexFlag = 0) -> Pattern[str]:
    # A module's own patterns are kept in the cache file; one a function makes as it runs may
    # be a request's words, of no use to the next run (`re` keeps it for this run).
    kept = _at_import(sys._getframe(1))
    if kept:
        _keepable.add((pattern, int(flags)))
    return cast(Pattern[str], _LazyPattern(pattern, int(flags), kept=kept))


def _at_import(frame: FrameType | None) -> bool:
    """Whether `frame` is a module's code run as it is imported (or a comprehension in it)."""
    while frame is not None and frame.f_code.co_name in _COMPREHENSIONS:
        frame = frame.f_back
    return frame is not None and frame.f_code.co_name == "<module>"


_COMPREHENSIONS = ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>")


def _real(pattern: Any) -> Any:
    return pattern.compiled() if isinstance(pattern, _LazyPattern) else pattern


def match(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return _re.match(_real(pattern), string, flags)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return _re.fullmatch(_real(pattern), string, flags)


def search(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return _re.search(_real(pattern), string, flags)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    return _re.sub(_real(pattern), repl, string, count=count, flags=flags)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    return _re.subn(_real(pattern), repl, string, count=count, flags=flags)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return _re.split(_real(pattern), string, maxsplit=maxsplit, flags=flags)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    return _re.findall(_real(pattern), string, flags)


def finditer(pattern: Any, string: str, flags: int = 0) -> Any:
    return _re.finditer(_real(pattern), string, flags)


# --- compiled programs kept between runs -----------------------------------------------------

# (pattern, flags) -> the arguments `_sre.compile` takes after the pattern, its code (a list
# of unsigned integers of _sre.CODESIZE bytes) as the bytes of an array: 3 ms to read ~470.
_Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_loaded: list[dict[tuple[str, int], _Program]] = []  # the file's, read at the first compile
_new: dict[tuple[str, int], _Program] = {}  # compiled by this process, written at exit
# The patterns of the modules this process imported: what the file should hold.
_keepable: set[tuple[str, int]] = set()
_lock = threading.Lock()
# A file holding more than this many times the programs of today's patterns (the others are of
# patterns since edited or removed, or another version's) keeps only those of today's.
_STALE = 2
# The flags whose programs are kept (DEBUG prints, LOCALE and TEMPLATE are not worth the doubt).
_CODE = "I"  # the array type of a program's code
_KEPT_FLAGS = int(
    _re.IGNORECASE | _re.MULTILINE | _re.DOTALL | _re.VERBOSE | _re.UNICODE | _re.ASCII
)

try:  # CPython's pattern compiler; another interpreter simply compiles every time
    import _sre

    _compiler = importlib.import_module("re._compiler")
    _parser = importlib.import_module("re._parser")

    _KEY = f"{sys.implementation.cache_tag}.{sys.version_info.micro}-{_sre.MAGIC}-{_sre.CODESIZE}"
    if array.array(_CODE).itemsize != _sre.CODESIZE:
        _KEY = ""
except (ImportError, AttributeError):
    _KEY = ""


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "etl-gen" / f"re-{_KEY}.marshal"


def _read(path: Path) -> dict[tuple[str, int], _Program]:
    try:
        # The user's own cache folder, trusted as Jinja's bytecode cache beside it is.
        programs = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return programs if isinstance(programs, dict) else {}


def _load() -> dict[tuple[str, int], _Program]:
    with _lock:
        if not _loaded:
            _loaded.append(_read(_cache_file()))
            atexit.register(_save)
        return _loaded[0]


def _compile(pattern: str, flags: int) -> Pattern[str]:
    """`re.compile(pattern, flags)`, its program taken from the cache file when it holds it."""
    flags = int(flags)  # a RegexFlag would not marshal
    if not _KEY or flags & ~_KEPT_FLAGS:
        return _re.compile(pattern, flags)
    key = (pattern, flags)
    program = _load().get(key)
    if program is not None:
        try:
            compiled = _from_program(pattern, program)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            pass  # not a program this `_sre` accepts (it checks each): compile it again below
        else:
            return compiled
    try:
        compiled, _new[key] = _compile_program(pattern, flags)
    except (AttributeError, TypeError, ValueError, RuntimeError, OverflowError):
        return _re.compile(pattern, flags)  # a compiler unlike 3.11's: `re` as it is
    return compiled  # (a bad pattern raised re.error, as re.compile does)


def _from_program(pattern: str, program: _Program) -> Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    codes = array.array(_CODE, code).tolist()
    return cast(Pattern[str], _sre.compile(pattern, flags, codes, groups, groupindex, indexgroup))


def _compile_program(pattern: str, flags: int) -> tuple[Pattern[str], _Program]:
    """re._compiler.compile, keeping what it hands to `_sre.compile`."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    flags |= parsed.state.flags
    groups = parsed.state.groups - 1
    compiled = _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))
    program = (
        int(flags),
        array.array(_CODE, code).tobytes(),
        groups,
        groupindex,
        tuple(indexgroup),
    )
    return cast(Pattern[str], compiled), program


def _save() -> None:
    """Add this run's newly compiled programs to the cache file (atomically: a concurrent run
    reads the old file or the new one; the last writer's entries win)."""
    stale = bool(_loaded) and len(_loaded[0]) > _STALE * len(_keepable)
    if not _new and not stale:
        return
    path = _cache_file()
    try:
        kept = _read(path) | _new  # the file as it is now: other runs may have added to it
        if len(kept) > _STALE * len(_keepable):
            kept = {key: program for key, program in kept.items() if key in _keepable}
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(kept))
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # not writable: the next run compiles these again
    _new.clear()
