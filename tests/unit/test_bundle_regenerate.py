"""Regenerating a bundle in place: hand edits kept (three-way merge), conflicts marked, stale
files removed, foreign files untouched, --force for folders that hold no bundle, umask modes,
and `etl-gen diff`."""

import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.render import render_bundle
from generator.render.regenerate import MANIFEST, PRISTINE, sha256
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "generated" / "sales_aggregates" / "spec.yaml"
MODULE = "sales_aggregates.py"
HAND_LOG = '        log.debug("dead letters to send: %d", len(self.queue))\n'


@pytest.fixture(scope="module")
def pristine_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed") / "sales"
    assert main(["generate", str(SEED), "--out", str(folder)]) == 0
    return folder


@pytest.fixture
def bundle(pristine_bundle: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "sales"
    shutil.copytree(pristine_bundle, folder)
    yield folder


def _edit_spec(folder: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    path = folder / "spec.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _add_max_amount(data: dict[str, Any]) -> None:
    data["operators"][0]["aggregates"].append(
        {"name": "max_amount", "fn": "max", "field": "amount", "quantile": None}
    )


def _add_log_line(folder: Path) -> None:
    """A hand edit inside DeadLetters.flush: a debug line after the early return."""
    path = folder / MODULE
    text = path.read_text(encoding="utf-8")
    anchor = "        if not self.queue:\n            return\n        futures = ["
    assert text.count(anchor) == 1
    path.write_text(
        text.replace(
            anchor, anchor.replace("        futures = [", HAND_LOG + "        futures = [")
        ),
        encoding="utf-8",
    )


def test_a_new_bundle_records_its_manifest_and_pristine_copies(pristine_bundle: Path) -> None:
    manifest = json.loads((pristine_bundle / MANIFEST).read_text(encoding="utf-8"))
    bundle = render_bundle(load_spec(SEED))
    assert manifest["pipeline"] == "sales_aggregates"
    assert manifest["spec_hash"] == bundle.spec_hash
    assert manifest["etl_gen_version"]
    assert set(manifest["files"]) == set(bundle.files)
    for path, text in bundle.files.items():
        assert manifest["files"][path]["sha256"] == sha256(text)
        assert (pristine_bundle / PRISTINE / path).read_text(encoding="utf-8") == text
        assert (pristine_bundle / path).read_text(encoding="utf-8") == text


def test_hand_edit_survives_a_spec_change_regenerated_in_place(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_log_line(bundle)
    _edit_spec(bundle, _add_max_amount)

    assert main(["generate", str(bundle / "spec.yaml")]) == 0

    processor = (bundle / MODULE).read_text(encoding="utf-8")
    assert HAND_LOG in processor  # the edit
    assert '"max_amount": self.max_amount' in processor  # the new aggregate
    assert "<<<<<<<" not in processor
    compile(processor, MODULE, "exec")
    out = capsys.readouterr().out
    assert f"{MODULE}: merged with your edit" in out
    assert "test_sales_aggregates.py: updated" in out
    assert not (bundle / "generated").exists()  # no nested generated/<name>/ copy
    # the next merge's base is the new render, not the edited file
    rendered = render_bundle(load_spec(bundle / "spec.yaml")).files[MODULE]
    assert (bundle / PRISTINE / MODULE).read_text(encoding="utf-8") == rendered
    assert HAND_LOG not in rendered


def test_overlapping_edit_leaves_conflict_markers_and_exit_3(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bundle / MODULE
    path.write_text(
        path.read_text(encoding="utf-8").replace("    GRACE_MS = 5000\n", "    GRACE_MS = 7000\n"),
        encoding="utf-8",
    )

    def longer_grace(data: dict[str, Any]) -> None:
        data["operators"][0]["grace_ms"] = 10000

    _edit_spec(bundle, longer_grace)

    assert main(["generate", str(bundle / "spec.yaml")]) == 3

    text = path.read_text(encoding="utf-8")
    assert "<<<<<<< sales_aggregates.py (your edit)\n" in text
    assert "    GRACE_MS = 7000\n" in text and "    GRACE_MS = 10000\n" in text
    assert "\n=======\n" in text and ">>>>>>> sales_aggregates.py (regenerated)\n" in text
    err = capsys.readouterr().err
    assert "need your attention: sales_aggregates.py" in err


def test_stale_files_are_removed_and_foreign_files_untouched(bundle: Path) -> None:
    foreign = bundle / "NOTES.md"
    foreign.write_text("mine\n", encoding="utf-8")
    (bundle / "chdb-data").mkdir()
    (bundle / "chdb-data" / "x.bin").write_bytes(b"\0")

    def rename(data: dict[str, Any]) -> None:
        data["name"] = "sales_rollup"

    _edit_spec(bundle, rename)
    assert main(["generate", str(bundle / "spec.yaml")]) == 0

    assert not (bundle / MODULE).exists()
    assert not (bundle / "test_sales_aggregates.py").exists()
    assert not (bundle / PRISTINE / MODULE).exists()
    assert (bundle / "sales_rollup.py").is_file()
    assert foreign.read_text(encoding="utf-8") == "mine\n"
    assert (bundle / "chdb-data" / "x.bin").read_bytes() == b"\0"
    assert main(["check", "--root", str(bundle.parent)]) == 1  # NOTES.md is not generated


def test_edited_stale_file_is_kept_and_reported(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_log_line(bundle)
    _edit_spec(bundle, lambda data: data.update(name="sales_rollup"))

    assert main(["generate", str(bundle / "spec.yaml")]) == 3
    assert HAND_LOG in (bundle / MODULE).read_text(encoding="utf-8")
    assert "sales_aggregates.py: kept" in capsys.readouterr().out


def test_non_bundle_folder_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "project"
    target.mkdir()
    (target / "app.py").write_text("print('mine')\n", encoding="utf-8")
    (target / "setup_topics.py").write_text("# mine\n", encoding="utf-8")

    assert main(["generate", str(SEED), "--out", str(target)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert sorted(p.name for p in target.iterdir()) == ["app.py", "setup_topics.py"]

    assert main(["generate", str(SEED), "--out", str(target), "--force"]) == 0
    assert (target / "app.py").read_text(encoding="utf-8") == "print('mine')\n"
    assert (target / "setup_topics.py").read_text(encoding="utf-8") != "# mine\n"
    assert (target / MANIFEST).is_file()


def test_a_folder_holding_only_its_spec_is_generated_into_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    shutil.copy(SEED, folder / "spec.yaml")
    assert main(["generate", str(folder / "spec.yaml")]) == 0
    assert (folder / MODULE).is_file()
    assert main(["check", "--root", str(tmp_path)]) == 0


def test_a_new_generated_file_never_replaces_a_foreign_one(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundle / "sales_rollup.py").write_text("# mine\n", encoding="utf-8")
    _edit_spec(bundle, lambda data: data.update(name="sales_rollup"))
    assert main(["generate", str(bundle / "spec.yaml")]) == 2
    assert "did not write before" in capsys.readouterr().err
    assert (bundle / "sales_rollup.py").read_text(encoding="utf-8") == "# mine\n"


def test_files_get_the_umask_and_keep_a_changed_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["generate", str(SEED), "--out", str(tmp_path / "a")]) == 0
        os.umask(0o027)
        assert main(["generate", str(SEED), "--out", str(tmp_path / "b")]) == 0
    finally:
        os.umask(old)
    for path in (tmp_path / "a").iterdir():
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((tmp_path / "b" / MODULE).stat().st_mode) == 0o640
    script = tmp_path / "a" / "setup_topics.py"
    script.chmod(0o755)
    _edit_spec(tmp_path / "a", _add_max_amount)
    assert main(["generate", str(tmp_path / "a" / "spec.yaml")]) == 0
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    leftovers = [p.name for p in (tmp_path / "a").rglob("*etl-gen-tmp")]
    assert leftovers == []


def test_a_failure_while_staging_writes_nothing(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    _edit_spec(bundle, _add_max_amount)
    spec_text = (bundle / "spec.yaml").read_bytes()
    import generator.render.regenerate as regenerate

    calls = 0
    real_stage = regenerate._stage

    def failing_stage(path: Path, text: str) -> Path:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return real_stage(path, text)

    monkeypatch.setattr(regenerate, "_stage", failing_stage)
    with pytest.raises(OSError):
        regenerate.apply_plan(
            regenerate.plan_bundle(
                "sales_aggregates",
                "x",
                render_bundle(load_spec(bundle / "spec.yaml")).files,
                bundle,
            ),
            "sales_aggregates",
        )
    after = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    before[bundle / "spec.yaml"] = spec_text
    assert after == before


def test_diff_shows_what_regeneration_would_change(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(bundle)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "up to date" in captured.err

    _add_log_line(bundle)
    _edit_spec(bundle, _add_max_amount)
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert main(["diff", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert f"--- a/{MODULE}\n+++ b/{MODULE} (merged with your edit)\n" in out
    assert "+    max_amount" in out or '+            "max_amount"' in out
    assert HAND_LOG.strip() not in [
        line[1:].strip() for line in out.splitlines() if line[:1] in "+-"
    ]
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before  # read-only


def test_check_verifies_the_manifest_and_pristine_copies(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(bundle.parent)]) == 0
    (bundle / PRISTINE / MODULE).write_text("# not the render\n", encoding="utf-8")
    assert main(["check", "--root", str(bundle.parent)]) == 1
    assert f"{PRISTINE}/{MODULE}: missing or not the rendered text" in capsys.readouterr().err
    (bundle / MANIFEST).unlink()
    assert main(["check", "--root", str(bundle.parent)]) == 1
    assert f"{MANIFEST}: missing" in capsys.readouterr().err


def test_help_documents_the_conflict_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    out = capsys.readouterr().out
    assert "3 regenerated with merge conflicts" in " ".join(out.split())
    assert "--force" in out and "--git" in out


def test_an_edit_without_its_pristine_copy_is_a_conflict_not_overwritten(
    bundle: Path,
) -> None:
    _add_log_line(bundle)
    (bundle / PRISTINE / MODULE).unlink()
    _edit_spec(bundle, _add_max_amount)
    assert main(["generate", str(bundle / "spec.yaml")]) == 3
    text = (bundle / MODULE).read_text(encoding="utf-8")
    assert HAND_LOG in text and "max_amount" in text and "<<<<<<< " in text


def test_the_processors_own_advice_run_inside_the_bundle_updates_it_in_place(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the processor's docstring says: edit spec.yaml and run `etl-gen generate spec.yaml`
    assert "(`etl-gen generate spec.yaml`)" in (bundle / MODULE).read_text(encoding="utf-8")
    _edit_spec(bundle, _add_max_amount)
    monkeypatch.chdir(bundle)
    assert main(["generate", "spec.yaml"]) == 0
    assert "max_amount" in (bundle / MODULE).read_text(encoding="utf-8")
    assert not (bundle / "generated").exists()
