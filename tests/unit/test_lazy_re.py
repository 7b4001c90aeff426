"""The rule modules' lazily compiled patterns (generator/parse/rules/lazy_re.py)."""

import re as std_re
from pathlib import Path

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
