"""Generation CPU of two source trees, alternating: `etl-gen --offline REQUEST --out DIR` per seed request.

    .venv/bin/python bench/gen_ab.py /tmp/before . --rounds 5

Each tree is a folder holding generator/ and templates/ (e.g. `git archive COMMIT generator
templates prompts | tar -x -C /tmp/before`); each run is a fresh process started in that folder,
so it imports that tree's generator. The trees alternate order every round, generator/ is
byte-compiled first, and the import floor of bench/gen.py (and, beside it, the import of the
libraries generation loads: the floor without black) is timed once per round. Prints the
CPU (user+sys, with the ruff runs) of every run and each request's median.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

import gen

CLI = "import sys; from generator.cli import main; sys.exit(main())"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated seed names")
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]
    requests = gen.seed_requests()
    if args.only:
        requests = {k: v for k, v in requests.items() if k in args.only.split(",")}
    for tree in trees:
        compileall.compile_dir(tree / "generator", quiet=1)
    cpu: dict[Path, dict[str, list[float]]] = {
        tree: {name: [] for name in requests} for tree in trees
    }
    floor: list[float] = []
    # Generation no longer imports black (only for a layout ruff cannot give): the libraries
    # it loads, timed beside the bench's floor.
    loaded = [lib for lib in gen.BRIEF_LIBS if lib != "black"]
    loaded_floor: list[float] = []
    with tempfile.TemporaryDirectory(prefix="etl-gen-gen-ab-") as tmp:
        for i in range(args.rounds):
            floor.append(
                gen._timed([sys.executable, "-c", "import " + ", ".join(gen.BRIEF_LIBS)])[0]
            )
            loaded_floor.append(
                gen._timed([sys.executable, "-c", "import " + ", ".join(loaded)])[0]
            )
            for name, request in requests.items():
                for j, tree in enumerate(trees if i % 2 == 0 else trees[::-1]):
                    out = Path(tmp) / f"{name}-{i}-{j}"
                    seconds, _wall, code, tail = gen._timed(
                        [sys.executable, "-c", CLI, "--offline", request, "--out", str(out)],
                        cwd=tree,
                    )
                    if code != 0:
                        raise SystemExit(f"{tree} {name}: {tail}")
                    cpu[tree][name].append(seconds)
    print(
        f"import floor CPU: median {statistics.median(floor):.3f} s {[round(x, 3) for x in floor]}"
    )
    print(
        f"import {', '.join(loaded)} CPU: median {statistics.median(loaded_floor):.3f} s "
        f"{[round(x, 3) for x in loaded_floor]}"
    )
    for tree in trees:
        medians = []
        for name, runs in cpu[tree].items():
            medians.append(statistics.median(runs))
            print(f"{tree}  {name}: median {medians[-1]:.3f} s {[round(x, 3) for x in runs]}")
        print(f"{tree}  median of the medians {statistics.median(medians):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
