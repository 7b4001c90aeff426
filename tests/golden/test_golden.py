"""Golden records: each folder holds a spec and the exact bundle (or error) it must produce.

New coverage is a new folder: `tests/golden/<case>/spec.yaml` plus `expected/` (the bundle) or
`stderr.txt` (the error a bad spec must give). `pytest tests/golden --update-golden` rewrites
the expectations from the current output and prints what changed.
"""

import difflib
import shutil
from pathlib import Path

import pytest

from generator.cli import main

CASES = sorted(p.parent for p in Path(__file__).parent.glob("*/spec.yaml"))


def _diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"{name} (expected)",
            f"{name} (now)",
        )
    )


def _tree(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    out = tmp_path / "bundle"
    code = main(["generate", str(case / "spec.yaml"), "--out", str(out)])
    stderr = capsys.readouterr().err.replace(str(case), "<case>")
    update = request.config.getoption("--update-golden")
    expected_error = case / "stderr.txt"
    if expected_error.exists() or (update and code == 2):
        assert code == 2, f"expected a refusal (exit 2), got exit {code}: {stderr}"
        assert not out.exists() or not any(out.iterdir()), "a refused spec must write nothing"
        old = expected_error.read_text(encoding="utf-8") if expected_error.exists() else ""
        if update:
            print(_diff(old, stderr, "stderr.txt"))
            expected_error.write_text(stderr, encoding="utf-8")
            shutil.rmtree(case / "expected", ignore_errors=True)
            return
        assert stderr == old, _diff(old, stderr, "stderr.txt")
        return
    assert code == 0, stderr
    now, before = _tree(out), _tree(case / "expected")
    if update:
        for name in sorted(set(now) | set(before)):
            print(_diff(before.get(name, ""), now.get(name, ""), name))
        shutil.rmtree(case / "expected", ignore_errors=True)
        # the bundle without its .etl-gen/ state (a manifest and pristine copies of the files)
        shutil.copytree(out, case / "expected", ignore=shutil.ignore_patterns(".etl-gen"))
        return
    assert sorted(now) == sorted(before), "files differ"
    for name, text in now.items():
        assert text == before[name], _diff(before[name], text, name)
