"""Does `ruff format` lay out the generated files exactly as black does? Counts over many bundles.

    .venv/bin/python bench/gen_formatters.py --requests 300

Renders every spec in generated/ and tests/golden, and specs the offline parser makes from
`--requests` cases of the request corpus (tests/requests/*/request.txt, a seeded random order,
refusals and repeated specs skipped), and lays out each Python file of each bundle both ways
(imports sorted and trailing comments lifted first, as the quality gate does): black's first
pass, the prose re-filled, `format_str`; and the same with `ruff format`. Prints how many files
came out byte-identical, how many the gate lays out with black instead (ruff refused them, left
them unstable, or holds a layout black writes otherwise), and the first differences as unified
diffs.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from pathlib import Path

from generator.errors import GenerationError, UserError
from generator.parse.rules import parse_request
from generator.render import bundle as bundle_module
from generator.render import quality
from generator.spec import Pipeline, load_spec, spec_hash

REPO = Path(__file__).resolve().parents[1]


def corpus_specs(count: int, seed: int) -> tuple[list[Pipeline], int, int]:
    """Up to `count` distinct specs parsed from the request corpus; also (tried, refused)."""
    cases = sorted((REPO / "tests" / "requests").glob("*/request.txt"))
    random.Random(seed).shuffle(cases)
    specs: dict[str, Pipeline] = {}
    tried = refused = 0
    for case in cases:
        if len(specs) >= count:
            break
        tried += 1
        try:
            spec = parse_request(case.read_text(encoding="utf-8").strip())
        except UserError:
            refused += 1
            continue
        specs.setdefault(spec_hash(spec), spec)
    return list(specs.values()), tried, refused


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="specs from the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-only", action="store_true", help="skip generated/ and goldens")
    parser.add_argument("--show", type=int, default=3, help="differences to print")
    parser.add_argument(
        "--shard", default="0/1", help="K/N: only every N-th spec from the K-th (run N at once)"
    )
    args = parser.parse_args()

    shipped = [load_spec(p) for p in sorted((REPO / "generated").glob("*/spec.yaml"))]
    golden = []
    for path in sorted((REPO / "tests" / "golden").glob("*/spec.yaml")):
        if args.corpus_only:
            shipped = []
            break
        try:
            golden.append(load_spec(path))
        except UserError:  # the goldens of refusals: nothing is rendered
            continue
    corpus, tried, refused = corpus_specs(args.requests, args.seed)
    print(
        f"specs: {len(shipped)} generated/, {len(golden)} goldens, {len(corpus)} from the "
        f"corpus ({tried} requests tried, {refused} refused, the rest repeated a spec)"
    )

    counts = {"files": 0, "identical": 0, "different": 0, "black": 0, "lines": 0}
    seconds = {"black": 0.0, "ruff": 0.0}
    shown = 0

    def compare(
        source: str, filename: str, template: str, first_party: str | None = None, **_: object
    ) -> str:
        nonlocal shown
        sorted_imports = quality._ruff(
            ["check", "--select=I", "--fix", "--quiet", "--exit-zero"],
            source,
            filename,
            first_party,
        ).stdout
        lifted = quality.lift_trailing_comments(sorted_imports)
        start = time.process_time()
        by_black = quality._layout_black(lifted, filename, template)
        seconds["black"] += time.process_time() - start
        start = time.perf_counter()  # ruff runs in a child: its wall time, on a busy machine
        by_ruff = quality._layout_ruff(lifted, filename)
        seconds["ruff"] += time.perf_counter() - start
        counts["files"] += 1
        counts["lines"] += by_black.count("\n")
        if by_ruff is None:
            counts["black"] += 1
        elif by_ruff == by_black:
            counts["identical"] += 1
        else:
            counts["different"] += 1
            if shown < args.show:
                shown += 1
                print(f"--- {first_party}/{filename}: black and ruff differ")
                sys.stdout.writelines(
                    difflib.unified_diff(
                        by_black.splitlines(keepends=True),
                        by_ruff.splitlines(keepends=True),
                        "black",
                        "ruff",
                    )
                )
        return by_black

    def compare_files(
        files: dict[str, tuple[str, str]], first_party: str | None = None, **_: object
    ) -> dict[str, str]:
        return {
            name: compare(text, name, template, first_party)
            for name, (text, template) in files.items()
        }

    bundle_module.finish_python_files = compare_files  # type: ignore[assignment]
    failed: list[str] = []
    k, n = (int(x) for x in args.shard.split("/"))
    for group, specs in (("generated/", shipped), ("goldens", golden), ("corpus", corpus)):
        before = dict(counts)
        for done, spec in enumerate(specs[k::n], 1):
            try:
                bundle_module.render_bundle(spec)
            except GenerationError as error:  # a template's fault, before any formatting
                failed.append(f"{spec.name}: {error}")
            if done % 10 == 0:  # a partial count, should the run be cut short
                print(f"  {group} {done}: {counts}", flush=True)
        delta = {k: counts[k] - before[k] for k in counts}
        print(
            f"{group}: {delta['files']} Python files ({delta['lines']} lines): "
            f"{delta['identical']} identical, {delta['different']} different, "
            f"{delta['black']} laid out by black"
        )
    print(
        f"all: {counts['files']} files, {counts['lines']} lines: {counts['identical']} identical, "
        f"{counts['different']} different, {counts['black']} laid out by black; "
        f"black {seconds['black']:.1f} s CPU, ruff {seconds['ruff']:.1f} s wall"
    )
    for failure in failed:
        print(f"not rendered (a template failed before formatting): {failure}")
    return 0 if counts["different"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
