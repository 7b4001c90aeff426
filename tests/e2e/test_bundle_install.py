"""A seed bundle installs from its own pyproject.toml into a fresh venv and its tests pass.

Needs PyPI (or a warm pip cache), no services: `pip install 'DIR[test]'` then `pytest DIR`
with the venv's own interpreter, exactly as the bundle README says.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(900)
def test_seed_bundle_installs_and_its_tests_pass_in_a_fresh_venv(tmp_path: Path) -> None:
    bundle = tmp_path / "clickstream_sessions"
    shutil.copytree(ROOT / "generated" / "clickstream_sessions", bundle)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{bundle}[test]"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    names = {line.split("==")[0] for line in listed.splitlines()}
    # exactly the runtime packages this processor imports, plus what they pull in
    # (hiredis: the redis[hiredis] extra, redis-py's C reply parser)
    runtime = {"aiokafka", "orjson", "redis", "hiredis", "clickhouse-connect", "chdb"}
    assert runtime | {"pytest"} <= names
    assert "etl-gen" not in names and "jinja2" not in names
    run = subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", str(bundle)],
        cwd=bundle,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout
    # the console script the Dockerfile's ENTRYPOINT names is installed and answers --help
    script = venv / "bin" / "clickstream-sessions"
    help_run = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert help_run.returncode == 0, help_run.stderr
    assert "--bootstrap-servers" in help_run.stdout
