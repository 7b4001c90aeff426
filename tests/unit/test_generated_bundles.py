"""Each bundle's own tests pass: render it, then run its `test_<name>.py` in a fresh process.

The committed pipelines have a floor on how many generated tests run, so a partial that stops
rendering (an `{% if %}` gone wrong) fails here rather than silently shrinking the suite. The
golden cases that render a bundle run too: they cover the component kinds (filters, dedup, hash
lookups, hopping and session windows, table joins, MySQL envelopes) the four pipelines lack.
Cases render and run a few at a time; each test waits for its own.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.render import render_bundle, write_bundle
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
# The least each committed pipeline's generated test file must run.
MIN_TESTS = {
    "clickstream_profile_join": 15,
    "clickstream_sessions": 22,
    "orders_cdc": 14,
    "sales_aggregates": 16,
}
GOLDEN_MIN_TESTS = 12
SPECS = {name: ROOT / "generated" / name / "spec.yaml" for name in MIN_TESTS} | {
    f"golden-{case.name}": case / "spec.yaml"
    for case in sorted(p.parent for p in (ROOT / "tests" / "golden").glob("*/spec.yaml"))
    if not (case / "stderr.txt").exists()
}


@dataclass
class Run:
    files: dict[str, str]
    result: subprocess.CompletedProcess[str]


def _render_and_test(spec_path: Path, folder: Path) -> Run:
    bundle = render_bundle(load_spec(spec_path))
    write_bundle(bundle, folder)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"test_{bundle.name}.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(bundle.files, result)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Run]]]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        yield {
            case: pool.submit(_render_and_test, spec, tmp_path_factory.mktemp(case))
            for case, spec in SPECS.items()
        }


@pytest.mark.parametrize("case", list(SPECS))
def test_generated_tests_pass(case: str, runs: dict[str, Future[Run]]) -> None:
    run = runs[case].result()

    report = run.result.stdout[-4000:] + run.result.stderr[-2000:]
    assert run.result.returncode == 0, report
    passed = re.search(r"(\d+) passed", run.result.stdout)
    assert passed is not None, report
    assert int(passed.group(1)) >= MIN_TESTS.get(case, GOLDEN_MIN_TESTS), report


@pytest.mark.parametrize("case", list(SPECS))
def test_every_python_file_of_the_bundle_compiles(case: str, runs: dict[str, Future[Run]]) -> None:
    files = runs[case].result().files
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    assert any(path.startswith("test_") for path in python)
    for path, text in python.items():
        compile(text, path, "exec")  # raises SyntaxError naming the file and line
