"""The rule modules' lazily compiled patterns (generator/parse/rules/lazy_re.py)."""

import importlib
import json
import marshal
import os
import re as std_re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.parse.rules import lazy_re

RULES = Path(__file__).resolve().parents[2] / "generator" / "parse" / "rules"


def test_a_pattern_compiles_at_its_first_use_and_matches_as_re_does() -> None:
    pattern = lazy_re.compile(r"(?P<n>\d+)\s*(min|minutes?)\b", lazy_re.I)
    assert pattern._compiled is None  # type: ignore[attr-defined]
    text = "every 5 Minutes or 10 min"
    expected = std_re.compile(r"(?P<n>\d+)\s*(min|minutes?)\b", std_re.I)
    assert [m.group("n") for m in pattern.finditer(text)] == ["5", "10"]
    assert pattern._compiled is not None  # type: ignore[attr-defined]
    assert pattern.sub("N", text) == expected.sub("N", text)
    assert lazy_re.sub(pattern, "N", text) == expected.sub("N", text)
    assert lazy_re.split(pattern, text) == expected.split(text)
    assert pattern.groupindex == expected.groupindex


def test_no_rule_module_compares_a_match_s_pattern_by_identity() -> None:
    """A match's `.re` is the compiled pattern, never the lazy one: `m.re is X` is always
    false, so a branch on it would be silently skipped (compare `.pattern` texts)."""
    offending = [
        f"{path.name}:{number}"
        for path in sorted(RULES.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if std_re.search(r"\.re\s+is\b|\.re\s*==", line)
    ]
    assert offending == []


def test_every_rule_module_takes_re_from_lazy_re() -> None:
    plain = [
        path.name
        for path in sorted(RULES.glob("*.py"))
        if path.name != "lazy_re.py"
        and std_re.search(r"^(import re\b|from re import)", path.read_text(), std_re.M)
    ]
    assert plain == []


def _rule_patterns() -> list[tuple[str, int]]:
    """(pattern, flags) of every module-level lazy pattern of the rule modules."""
    found = set()
    for path in sorted(RULES.glob("*.py")):
        module = importlib.import_module(f"generator.parse.rules.{path.stem}")
        for value in vars(module).values():
            if isinstance(value, lazy_re._LazyPattern):
                found.add((value.pattern, value._flags))
    return sorted(found)


def test_every_rule_pattern_s_kept_program_compiles_to_the_pattern_re_compiles() -> None:
    """A program written to the cache file and read back is the program `re.compile` makes
    (compiled patterns compare equal when their flags, text and code are equal)."""
    patterns = _rule_patterns()
    assert len(patterns) > 300
    for pattern, flags in patterns:
        compiled, program = lazy_re._compile_program(pattern, flags)
        kept = marshal.loads(marshal.dumps(program))
        assert compiled == std_re.compile(pattern, flags), pattern
        assert lazy_re._from_program(pattern, kept) == std_re.compile(pattern, flags), pattern
        assert lazy_re._from_program(pattern, kept).groupindex == compiled.groupindex


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lazy_re, "_loaded", [])
    monkeypatch.setattr(lazy_re, "_new", {})
    monkeypatch.setattr(lazy_re, "_keepable", set(lazy_re._keepable))
    return tmp_path


def test_a_run_reads_the_programs_an_earlier_run_compiled(empty_cache: Path) -> None:
    pattern = r"(?P<n>\d+)\s*(?:min|minutes?)\b"
    assert lazy_re._compile(pattern, std_re.I) == std_re.compile(pattern, std_re.I)
    assert list(lazy_re._new) == [(pattern, int(std_re.I))]
    lazy_re._save()
    assert list(empty_cache.glob("etl-gen/re-*.marshal"))
    lazy_re._loaded.clear()  # a new run
    assert lazy_re._compile(pattern, std_re.I).match("5 Minutes").group("n") == "5"
    assert lazy_re._new == {}  # found in the file, not compiled


def test_a_program_the_interpreter_rejects_is_compiled_again(empty_cache: Path) -> None:
    pattern = r"a+b"
    _compiled, program = lazy_re._compile_program(pattern, 0)
    broken = (program[0], b"\xff" * len(program[1]), *program[2:])
    lazy_re._loaded.append({(pattern, 0): broken})  # type: ignore[dict-item]
    assert lazy_re._compile(pattern, 0) == std_re.compile(pattern)
    assert list(lazy_re._new) == [(pattern, 0)]


def test_an_unreadable_cache_file_is_no_cache(empty_cache: Path) -> None:
    (empty_cache / "etl-gen").mkdir()
    lazy_re._cache_file().write_bytes(b"not marshal")
    assert lazy_re._compile(r"x(y)", 0) == std_re.compile(r"x(y)")
    lazy_re._save()  # replaces it
    lazy_re._loaded.clear()
    assert (r"x(y)", 0) in lazy_re._load()


MADE_AT_IMPORT = [lazy_re.compile(r"made\s+at\s+import")]


def test_only_the_modules_own_patterns_are_kept() -> None:
    made_at_import = MADE_AT_IMPORT[0]
    made_by_a_function = lazy_re.compile(r"made\s+by\s+a\s+function")
    assert made_at_import._kept  # type: ignore[attr-defined]
    assert not made_by_a_function._kept  # type: ignore[attr-defined]
    assert made_by_a_function.match("made by a function")
    assert (made_by_a_function.pattern, 0) not in lazy_re._keepable


def test_programs_of_patterns_no_module_has_are_dropped_once_they_outnumber_them(
    empty_cache: Path,
) -> None:
    lazy_re._keepable.clear()
    lazy_re._keepable.update({("today", 0), ("also today", 0)})
    texts = ["today"] + [f"edited since {i}" for i in range(5)]
    programs = {(text, 0): lazy_re._compile_program(text, 0)[1] for text in texts}
    (empty_cache / "etl-gen").mkdir()
    lazy_re._cache_file().write_bytes(marshal.dumps(programs))
    assert lazy_re._compile("today", 0) == std_re.compile("today")  # loads the file
    lazy_re._save()  # nothing new, but 6 programs for 2 patterns
    assert set(lazy_re._read(lazy_re._cache_file())) == {("today", 0)}


def test_an_alternation_built_from_a_set_reads_the_same_in_every_run() -> None:
    """The cache keeps patterns by their text: the rule modules' patterns must not depend on
    the per-process order of a set (string hashing is randomised per process)."""
    script = (
        "import generator.parse.rules, json; from generator.parse.rules import lazy_re;"
        "print(json.dumps(sorted(lazy_re._keepable)))"
    )
    texts = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert len(json.loads(texts[0])) > 300
    assert texts[0] == texts[1]
