"""Each bundle's packaging: black and ruff clean at their defaults with no config, a
pyproject.toml listing exactly the packages the processor imports, a .gitignore, and a
Dockerfile (slim base, non-root user, the processor as entry point)."""

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from generator.render.packaging import RUNTIME_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.parent for p in (ROOT / "generated").glob("*/spec.yaml"))
IDS = [p.name for p in SEEDS]
# import name -> distribution
IMPORTS = {"aiokafka": "aiokafka", "orjson": "orjson", "redis": "redis", "msgspec": "msgspec"}
IMPORTS |= {"clickhouse_connect": "clickhouse-connect", "prometheus_client": "prometheus-client"}
IMPORTS |= {"pyarrow": "pyarrow"}


def _python_files(bundle: Path) -> list[Path]:
    return sorted(bundle.glob("*.py"))


@pytest.fixture(scope="module")
def bare_copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and golden bundles' Python files alone, away from any pyproject.toml."""
    root = tmp_path_factory.mktemp("bare")
    golden = sorted((ROOT / "tests" / "golden").glob("*/expected"))
    for bundle in [*SEEDS, *golden]:
        copy = root / (bundle.name if bundle in SEEDS else f"golden-{bundle.parent.name}")
        copy.mkdir()
        for path in _python_files(bundle):
            shutil.copy(path, copy / path.name)
    return root


def test_seed_bundles_are_black_clean_with_no_config(bare_copies: Path) -> None:
    files = sorted(str(p) for p in bare_copies.rglob("*.py"))
    assert len(files) >= 3 * len(SEEDS)
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--config", "/dev/null", *files],
        cwd=bare_copies,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"{len(files)} files would be left unchanged" in result.stderr


def test_seed_bundles_are_ruff_clean_isolated(bare_copies: Path) -> None:
    """From outside (the processor module is third-party) and from inside each bundle (it is
    first-party): isort, in ruff's default rule set, must be content either way."""
    folders = [bare_copies, *sorted(p for p in bare_copies.iterdir() if p.is_dir())]
    for folder in folders:
        result = subprocess.run(
            [find_ruff_bin(), "check", "--isolated", "--no-cache", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{folder}: {result.stdout}"


@pytest.mark.parametrize("bundle", SEEDS, ids=IDS)
def test_seed_bundle_is_clean_under_its_own_config(bundle: Path) -> None:
    ruff = subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "."],
        cwd=bundle,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "."],
        cwd=bundle,
        capture_output=True,
        text=True,
        check=False,
    )
    assert black.returncode == 0, black.stderr


def _imported_distributions(bundle: Path) -> set[str]:
    module = bundle / f"{bundle.name}.py"
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return {IMPORTS[name] for name in names if name not in sys.stdlib_module_names}


@pytest.mark.parametrize("bundle", SEEDS, ids=IDS)
def test_pyproject_lists_exactly_what_the_processor_imports(bundle: Path) -> None:
    project = tomllib.loads((bundle / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = {
        req.split("[")[0].split(">")[0].split("<")[0].split("=")[0]
        for req in project["dependencies"]
    }
    imported = _imported_distributions(bundle)
    clickhouse = (bundle / "clickhouse.sql").exists()
    # chdb is not imported by name: clickhouse-connect loads it for a chdb:// DSN, the default
    assert listed == imported | ({"chdb"} if clickhouse else set())
    assert project["name"] == bundle.name.replace("_", "-")
    assert project["requires-python"] == ">=3.11"
    assert project["optional-dependencies"]["test"] == ["pytest>=8,<10"]
    assert project["scripts"] == {project["name"]: f"{bundle.name}:main"}
    for requirement in project["dependencies"]:
        assert ">=" in requirement and ",<" in requirement, requirement


def test_the_generator_runtime_extra_covers_every_bundle_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = {
        req.split("[")[0].split(">")[0]: req.split(">=")[1]
        for req in pyproject["optional-dependencies"]["runtime"]
    }
    for name, (requirement, _) in RUNTIME_PACKAGES.items():
        floor = requirement.split(">=")[1].split(",")[0]
        assert extra[name] == floor, name
    assert not set(extra) & {req.split(">")[0] for req in pyproject["dependencies"]}
    assert "etl-gen[runtime]" in pyproject["optional-dependencies"]["dev"]


@pytest.mark.parametrize("bundle", SEEDS, ids=IDS)
def test_gitignore_keeps_local_data_and_environments_out(bundle: Path) -> None:
    ignored = (bundle / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".venv/", "__pycache__/", ".pytest_cache/"} <= set(ignored)
    assert ("chdb-data/" in ignored) == (bundle / "clickhouse.sql").exists()


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    joined = dockerfile.replace("\\\n", " ")
    out = []
    for line in joined.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            out.append((keyword.upper(), " ".join(rest.split())))
    return out


@pytest.mark.parametrize("bundle", SEEDS, ids=IDS)
def test_dockerfile_runs_the_processor_as_a_non_root_user(bundle: Path, tmp_path: Path) -> None:
    steps = _instructions((bundle / "Dockerfile").read_text(encoding="utf-8"))
    keywords = [k for k, _ in steps]
    assert keywords[0] == "FROM" and keywords[-1] == "ENTRYPOINT"
    image = steps[0][1]
    assert image.startswith("python:3.1") and image.endswith("-slim")
    assert int(image.split(":")[1].split("-")[0].split(".")[1]) >= 11  # requires-python
    users = [v for k, v in steps if k == "USER"]
    assert users and users[-1] not in ("root", "0")
    run = " ".join(v for k, v in steps if k == "RUN")
    assert f"--uid {users[-1]}" in run  # the user exists
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")
    copied = next(v for k, v in steps if k == "COPY").split()[:-1]
    for name in copied:
        assert (bundle / name).is_file(), name
    assert f"{bundle.name}.py" in copied and "pyproject.toml" in copied
    assert "pip install ." in run
    entrypoint = json.loads(steps[-1][1])
    scripts = tomllib.loads((bundle / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert entrypoint == [next(iter(scripts))]
    # The Python part: the entry point resolves to a main() that parses the processor's flags.
    module, _, function = scripts[entrypoint[0]].partition(":")
    for name in copied:
        shutil.copy(bundle / name, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}; {module}.{function}(['--help'])"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--bootstrap-servers" in result.stdout
    assert ("WORKDIR", "/data") in steps  # writable by the user: the chDB data goes there
