"""Generation time: a cold `etl-gen REQUEST --out DIR` against the bare import of its libraries.

Both are fresh processes, timed wall-clock from spawn to exit, on a warm page cache. The import
floor is `python -c "import jinja2, pydantic, black, libcst, yaml, openai"` (the tool's declared
libraries); the third-party packages a generation actually leaves in `sys.modules` (detected by
running one generation in-process) are timed the same way and reported beside it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BRIEF_LIBS = ["jinja2", "pydantic", "black", "libcst", "yaml", "openai"]

_DETECT = """
import contextlib, io, json, sys
from generator.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit_:
        code = exit_.code
import importlib.util
std = set(sys.stdlib_module_names)
tops = {m.split(".")[0] for m in list(sys.modules)}
def importable(name):
    if not name.isidentifier() or name.startswith("_") or "__mypyc" in name or name in ("generator", "__main__"):
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin not in (None, "built-in", "frozen")
libs = sorted(t for t in tops - std if importable(t))
print(json.dumps({"code": code, "libs": libs}))
"""


def seed_requests() -> dict[str, str]:
    """The four seed pipelines' requests, as their spec.yaml keeps them."""
    out = {}
    for spec in sorted((REPO / "generated").glob("*/spec.yaml")):
        description = yaml.safe_load(spec.read_text()).get("description")
        if description:
            out[spec.parent.name] = description
    return out


def _timed(command: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    return time.perf_counter() - start, result.returncode, (result.stderr or result.stdout)[-500:]


def detect_libs(request: str, out: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _DETECT, "--offline", request, "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])["libs"]
    except (IndexError, ValueError, KeyError):
        return list(BRIEF_LIBS)


def measure(repeats: int, only: list[str] | None = None, floor_repeats: int | None = None) -> dict:
    etl_gen = str(Path(sys.executable).with_name("etl-gen"))
    requests = seed_requests()
    if only:
        requests = {k: v for k, v in requests.items() if k in only}
    with tempfile.TemporaryDirectory(prefix="etl-gen-bench-gen-") as tmp:
        first = next(iter(requests.values()))
        libs = detect_libs(first, Path(tmp) / "detect")
        floor_runs, brief_runs = [], []
        runs: dict[str, list[float]] = {}
        errors: dict[str, str] = {}
        for i in range(max(repeats, floor_repeats or repeats)):
            seconds, code, tail = _timed([sys.executable, "-c", "import " + ", ".join(libs)])
            if code != 0:
                raise RuntimeError(f"the import floor failed: {tail}")
            floor_runs.append(seconds)
            brief_runs.append(_timed([sys.executable, "-c", "import " + ", ".join(BRIEF_LIBS)])[0])
            if i >= repeats:
                continue
            for name, request in requests.items():
                seconds, code, tail = _timed(
                    [etl_gen, "--offline", request, "--out", str(Path(tmp) / f"{name}-{i}")]
                )
                if code == 0:
                    runs.setdefault(name, []).append(seconds)
                else:
                    errors[name] = tail.strip()
    floor = statistics.median(brief_runs)  # the target's floor: the tool's declared libraries
    loaded = statistics.median(floor_runs)
    per_request = {
        name: {
            "seconds": round(statistics.median(times), 3),
            "ratio": round(statistics.median(times) / floor, 2),
            "ratio_loaded": round(statistics.median(times) / loaded, 2),
        }
        for name, times in runs.items()
    }
    worst = max((v["ratio"] for v in per_request.values()), default=None)
    return {
        "command": "etl-gen --offline REQUEST --out DIR",
        "repeats": repeats,
        "libraries": libs,
        "import_floor_s": round(floor, 3),
        "import_floor_libs": BRIEF_LIBS,
        "import_loaded_s": round(loaded, 3),
        "requests": per_request,
        "errors": errors,
        "median_s": (
            round(statistics.median([v["seconds"] for v in per_request.values()]), 3)
            if per_request
            else None
        ),
        "worst_ratio": worst,
    }
