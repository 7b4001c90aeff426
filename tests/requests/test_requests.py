"""Request corpus, in the sqlc style: each folder under tests/requests/ is one request.

`<case>/request.txt` holds the request as a user would type it, and either
- `expected.yaml`: the spec fields that matter, as a partial dict compared with the spec the
  offline parser returns (mappings compare only the keys given; lists compare item by item and
  must have the same length, so an extra or missing operator or sink fails), or
- `stderr.txt`: a refusal: the parser must raise a UserError whose message contains this text.

A case may also hold `xfail.txt`: a known gap, with the reason. It runs as a strict xfail
(reported as xfailed, never as passed; it fails once the parser gets it right, so the file is
then removed).

`pytest tests/requests --update-requests` rewrites the expectations from the current output
(keeping each expected.yaml's keys) and prints what changed; review the diff before committing.
"""

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import UserError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict
from generator.spec.sinks import key_template_parts

ROOT = Path(__file__).parent
CASES = sorted(p.parent for p in ROOT.glob("*/request.txt"))

# What a new case's expected.yaml holds when --update-requests writes it first.
DEFAULT_KEYS: dict[str, Any] = {
    "source": {"topics": None},
    "operators": None,
    "sinks": None,
}


def mismatches(expected: Any, got: Any, where: str = "") -> list[str]:
    """Where `got` differs from the partial `expected`."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{where or '.'}: expected a mapping, got {got!r}"]
        out = []
        for key, value in _one_key_spelling(expected, got).items():
            if key not in got:
                out.append(f"{where}.{key}: missing")
            else:
                out += mismatches(value, got[key], f"{where}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return [f"{where}: expected {len(expected)} item(s) {expected!r}, got {got!r}"]
        return [
            m
            for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for m in mismatches(e, g, f"{where}[{i}]")
        ]
    if isinstance(expected, float) and isinstance(got, int | float):
        return (
            [] if abs(expected - got) < 1e-9 else [f"{where}: expected {expected!r}, got {got!r}"]
        )
    return [] if expected == got else [f"{where}: expected {expected!r}, got {got!r}"]


def _one_key_spelling(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """A Redis key written as a template with one trailing field ("player:{player_id}") is the
    key key_prefix "player:" + key_field player_id, the spelling the parser writes for it."""
    template = expected.get("key_template")
    if template is None or got.get("key_template") is not None or not got.get("key_field"):
        return expected
    try:
        parts = key_template_parts(template)
    except ValueError:
        return expected
    if parts != [(got.get("key_prefix", ""), got["key_field"])]:
        return expected
    rest = {k: v for k, v in expected.items() if k != "key_template"}
    return {**rest, "key_prefix": got["key_prefix"], "key_field": got["key_field"]}


def project(shape: Any, got: Any) -> Any:
    """`got` cut down to the keys of `shape` (None in `shape` takes the whole value)."""
    if shape is None or not isinstance(shape, dict | list):
        return got
    if isinstance(shape, dict) and isinstance(got, dict):
        return {k: project(v, got[k]) for k, v in shape.items() if k in got}
    if isinstance(shape, list) and isinstance(got, list):
        if len(shape) == len(got):
            return [project(s, g) for s, g in zip(shape, got, strict=True)]
        return got
    return got


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _diff(old: str, new: str, name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"{name} (expected)",
        f"{name} (now)",
    )
    return "".join(lines)


def _run(request: str) -> tuple[dict[str, Any] | None, str]:
    try:
        return spec_to_dict(parse_request(request)), ""
    except UserError as error:
        return None, str(error)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_request(case: Path, request: pytest.FixtureRequest) -> None:
    text = (case / "request.txt").read_text(encoding="utf-8").strip()
    expected_file, stderr_file = case / "expected.yaml", case / "stderr.txt"
    update = request.config.getoption("--update-requests")
    spec, error = _run(text)
    if (case / "xfail.txt").exists() and not update:
        reason = (case / "xfail.txt").read_text(encoding="utf-8").strip()
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    if update:
        _update(case, spec, error)
        return
    if stderr_file.exists():
        assert not expected_file.exists(), f"{case.name}: expected.yaml or stderr.txt, not both"
        wanted = stderr_file.read_text(encoding="utf-8").strip()
        assert spec is None, f"expected a refusal containing {wanted!r}, got a spec"
        assert wanted in error, f"refusal {error!r} does not contain {wanted!r}"
        return
    assert expected_file.exists(), f"{case.name}: add expected.yaml or stderr.txt"
    assert spec is not None, f"refused: {error}"
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    problems = mismatches(expected, spec)
    assert not problems, "\n".join(problems)


def _update(case: Path, spec: dict[str, Any] | None, error: str) -> None:
    expected_file, stderr_file = case / "expected.yaml", case / "stderr.txt"
    if spec is None:
        old = stderr_file.read_text(encoding="utf-8") if stderr_file.exists() else ""
        if old.strip() and old.strip() in error:
            return
        new = error.split(". ", 1)[0].split(": '", 1)[0] + "\n"
        print(_diff(old, new, f"{case.name}/stderr.txt"))
        stderr_file.write_text(new, encoding="utf-8")
        expected_file.unlink(missing_ok=True)
        return
    shape = (
        yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        if expected_file.exists()
        else DEFAULT_KEYS
    )
    old = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    new = _dump(project(shape, spec))
    if yaml.safe_load(new) != yaml.safe_load(old or "null"):
        print(_diff(old, new, f"{case.name}/expected.yaml"))
        expected_file.write_text(new, encoding="utf-8")
    stderr_file.unlink(missing_ok=True)
