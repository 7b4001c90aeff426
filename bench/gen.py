"""Generation time: a cold `etl-gen --offline REQUEST --out DIR` against the bare import of its libraries.

Both are fresh processes on a warm page cache, timed by their CPU (user+sys of the process and
the children it waits for: the ruff runs of the quality gate), the figure that compares on a
shared machine; wall time is reported beside it. The import floor is `python -c "import
jinja2, pydantic, black, yaml"`, the libraries a generation needs (the LLM client is imported
only by `--llm`, libcst is no longer used); the third-party packages a generation actually
leaves in `sys.modules` (detected by running one generation in-process) are timed the same way
and reported beside it. generator/ is byte-compiled first, as an installed package is (the
environment may set PYTHONDONTWRITEBYTECODE), and the detection run leaves the Jinja bytecode
cache warm, as any earlier run does.
"""

from __future__ import annotations

import compileall
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BRIEF_LIBS = ["jinja2", "pydantic", "black", "yaml"]

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


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path = REPO) -> tuple[float, float, int, str]:
    """(CPU seconds, wall seconds, exit code, output tail) of one fresh process."""
    cpu, start = _cpu_of_children(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    wall = time.perf_counter() - start
    tail = (result.stderr or result.stdout)[-500:]
    return _cpu_of_children() - cpu, wall, result.returncode, tail


def detect_libs(request: str, out: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _DETECT, "--offline", request, "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])["libs"]
    except (IndexError, ValueError, KeyError):
        return list(BRIEF_LIBS)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure(repeats: int, only: list[str] | None = None, floor_repeats: int | None = None) -> dict:
    etl_gen = str(Path(sys.executable).with_name("etl-gen"))
    requests = seed_requests()
    if only:
        requests = {k: v for k, v in requests.items() if k in only}
    compileall.compile_dir(REPO / "generator", quiet=1)
    floor_command = [sys.executable, "-c", "import " + ", ".join(BRIEF_LIBS)]
    with tempfile.TemporaryDirectory(prefix="etl-gen-bench-gen-") as tmp:
        first = next(iter(requests.values()))
        libs = detect_libs(first, Path(tmp) / "detect")
        loaded_command = [sys.executable, "-c", "import " + ", ".join(libs)]
        floor: dict[str, list[float]] = {"cpu": [], "wall": []}
        loaded: dict[str, list[float]] = {"cpu": [], "wall": []}
        runs: dict[str, dict[str, list[float]]] = {}
        errors: dict[str, str] = {}
        for i in range(max(repeats, floor_repeats or repeats)):
            for command, into in ((floor_command, floor), (loaded_command, loaded)):
                cpu, wall, code, tail = _timed(command)
                if code != 0:
                    raise RuntimeError(f"the import floor failed: {tail}")
                into["cpu"].append(cpu)
                into["wall"].append(wall)
            if i >= repeats:
                continue
            for name, request in requests.items():
                cpu, wall, code, tail = _timed(
                    [etl_gen, "--offline", request, "--out", str(Path(tmp) / f"{name}-{i}")]
                )
                if code == 0:
                    run = runs.setdefault(name, {"cpu": [], "wall": []})
                    run["cpu"].append(cpu)
                    run["wall"].append(wall)
                else:
                    errors[name] = tail.strip()
    floor_cpu = statistics.median(floor["cpu"])  # the target's floor: the libraries it needs
    loaded_cpu = statistics.median(loaded["cpu"])
    per_request = {
        name: {
            "cpu_s": _median(run["cpu"]),
            "cpu_runs_s": [round(x, 3) for x in run["cpu"]],
            "wall_s": _median(run["wall"]),
            "ratio": round(statistics.median(run["cpu"]) / floor_cpu, 2),
            "ratio_loaded": round(statistics.median(run["cpu"]) / loaded_cpu, 2),
        }
        for name, run in runs.items()
    }
    worst = max((v["ratio"] for v in per_request.values()), default=None)
    return {
        "command": "etl-gen --offline REQUEST --out DIR",
        "measure": "CPU (user+sys, with waited children), median of the repeats",
        "repeats": repeats,
        "libraries": libs,
        "import_floor_s": round(floor_cpu, 3),
        "import_floor_wall_s": _median(floor["wall"]),
        "import_floor_libs": BRIEF_LIBS,
        "import_loaded_s": round(loaded_cpu, 3),
        "requests": per_request,
        "errors": errors,
        "median_s": (_median([v["cpu_s"] for v in per_request.values()]) if per_request else None),
        "worst_ratio": worst,
    }
