"""`re` for the rule modules, whose patterns compile on first use instead of at import.

The recognisers are ~600 module-level `re.compile` calls; compiling them all (CPython parses
and compiles a pattern in Python) cost ~0.3 s of every `etl-gen` run that parses a request,
while one request uses ~360 of them. A rule module imports this in place of `re`
(`from . import lazy_re as re`), which offers the names of `re` the rule modules use. A
pattern made here compiles at its first use and then holds the compiled pattern's methods as
its own attributes, so later calls cost what a compiled pattern's do. It is not an
`re.Pattern` instance: the functions below accept it, the standard library's do not, and a
match's `.re` is the compiled pattern, not it (compare `.pattern` texts, not identities).
"""

import re as _re
from re import IGNORECASE, Match, Pattern, RegexFlag, escape
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

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: Pattern[str] | None = None

    def compiled(self) -> Pattern[str]:
        if self._compiled is None:
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
    return cast(Pattern[str], _LazyPattern(pattern, int(flags)))


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
