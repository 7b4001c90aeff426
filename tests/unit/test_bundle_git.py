"""`--git`: the bundle is committed on branch etl-gen/<name>; a regeneration is a new commit
with only what changed; outside a repository, or with other files staged, it refuses."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "generated" / "sales_aggregates" / "spec.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(name, value)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    (repo / "README.md").write_text("project\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "start")
    return repo


def test_git_commits_the_bundle_on_its_branch_and_prints_the_pr_commands(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = repo / "pipelines" / "sales"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "spec.yaml")

    assert main(["generate", str(folder / "spec.yaml"), "--git"]) == 0

    assert git(repo, "branch", "--show-current").strip() == "etl-gen/sales_aggregates"
    subject, _, body = git(repo, "log", "-1", "--format=%B").partition("\n\n")
    assert subject.startswith("Aggregate sales events from Kafka topic 'sales-events'")
    assert "Consume sales-events in batches" in body
    committed = set(git(repo, "show", "--name-only", "--format=", "HEAD").split())
    assert "pipelines/sales/sales_aggregates.py" in committed
    assert "pipelines/sales/.etl-gen/manifest.json" in committed
    assert git(repo, "status", "--porcelain") == ""
    out = capsys.readouterr().out
    assert "git push -u origin etl-gen/sales_aggregates" in out
    assert "gh pr create --base main --head etl-gen/sales_aggregates --fill" in out

    # regenerate on the branch after a spec change: one new commit, only what changed
    spec = yaml.safe_load((folder / "spec.yaml").read_text(encoding="utf-8"))
    spec["operators"][0]["aggregates"].append(
        {"name": "max_amount", "fn": "max", "field": "amount", "quantile": None}
    )
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    assert main(["generate", str(folder / "spec.yaml"), "--git"]) == 0
    assert git(repo, "rev-list", "--count", "main..HEAD").strip() == "2"
    changed = set(git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split())
    assert "pipelines/sales/sales_aggregates.py" in changed
    assert "pipelines/sales/Dockerfile" not in changed
    assert "pipelines/sales/.gitignore" not in changed
    assert git(repo, "status", "--porcelain") == ""

    # nothing changed: no empty commit
    assert main(["generate", str(folder / "spec.yaml"), "--git"]) == 0
    assert git(repo, "rev-list", "--count", "main..HEAD").strip() == "2"
    assert "nothing to commit" in capsys.readouterr().out


def test_git_refuses_outside_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    out = tmp_path / "bundle"
    assert main(["generate", str(SEED), "--out", str(out), "--git"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err
    assert not out.exists()


def test_git_refuses_with_other_files_staged(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "other.txt").write_text("staged\n", encoding="utf-8")
    git(repo, "add", "other.txt")
    out = repo / "sales"
    assert main(["generate", str(SEED), "--out", str(out), "--git"]) == 2
    assert "staged changes outside sales/ (other.txt)" in capsys.readouterr().err
    assert not out.exists()
    assert git(repo, "branch", "--show-current").strip() == "main"


def test_conflicts_are_not_committed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "sales"
    assert main(["generate", str(SEED), "--out", str(folder), "--git"]) == 0
    module = folder / "sales_aggregates.py"
    module.write_text(
        module.read_text(encoding="utf-8").replace("GRACE_MS = 5000", "GRACE_MS = 7000"),
        encoding="utf-8",
    )
    spec = yaml.safe_load((folder / "spec.yaml").read_text(encoding="utf-8"))
    spec["operators"][0]["grace_ms"] = 10000
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD")
    assert main(["generate", str(folder / "spec.yaml"), "--git"]) == 3
    assert git(repo, "rev-parse", "HEAD") == head
    assert "nothing committed while conflicts remain" in capsys.readouterr().err
