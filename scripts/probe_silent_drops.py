"""Mutation probe: find requests the offline parser answers with exit 0 while dropping a clause.

The corpus's parse cases (tests/requests/*/expected.yaml, without xfail.txt) are requests the
offline parser reads fully. This script adds to each of them a clause carrying a requirement that
the spec cannot express or that the parser is unlikely to read ("except on weekends", "rounded to
two decimals", "and alert the on-call team", a second filter joined by "or", a negation, ...), at
one of several positions (the end of the request, after the source, inside a list), and parses
the mutated request again. Each outcome is one of:

- refused: the parser raised a UserError (exit 2): fine, the clause was not dropped silently;
- changed: the spec differs from the original's (operators, source, sinks, schema, settings)
  where a value of the difference, or a new assumption, names a word of the clause: the clause
  was read or listed;
- SUSPECT: the spec differs, but nothing in the difference or the assumptions names the clause
  (the clause may have been misread as something else: review these by hand, --show-changed),
  or a clause joined by "or" was read as one more filter (AND), not as an alternative;
- SILENT: exit 0 with the original spec and no assumption naming the clause: the clause was
  dropped without a word. These are the cases to fix (refuse them, quoting the words).

Usage (from the repository root):

    .venv/bin/python scripts/probe_silent_drops.py [--cases 300] [--seed 28]
        [--clause WORD] [--show 3] [--show-changed 0] [--position end|after_source|in_list]
        [--family 1|2]

--family 2 uses a second list of clauses (output shape, value transforms, time restrictions,
scope words, retention, negated requirements) in place of the first.

It prints, for each clause, the counts refused / changed / SILENT, then up to --show examples of
each silent clause (the mutated request). The exit status is 0 whatever it finds: it is a probe,
not a test.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import UserError  # noqa: E402
from generator.parse.rules import parse_request  # noqa: E402
from generator.spec import spec_to_dict  # noqa: E402

# Clauses the spec cannot express, or the parser is unlikely to read. Each must either be refused
# or change the spec; the words after "|" (if any) are the ones an assumption must name.
CLAUSES: list[str] = [
    "except on weekends",
    "unless the store is closed",
    "but only for premium users",
    "only during business hours",
    "ignore the test devices",
    "and alert the on-call team",
    "rounded to two decimals",
    "sorted by time",
    "in euros",
    "for the last 7 days only",
    "or where the region is north",
    "not counting refunds",
    "excluding internal accounts",
    "but skip the weekends",
    "unless it is a holiday",
    "and page the manager on failures",
    "converted to dollars",
    "in ascending order",
    "with timestamps in UTC",
    "only on Mondays",
    "except for the staging environment",
    "and send an email summary",
    "but not the archived ones",
    "ignoring duplicates from the retry job",
    "only if the feature flag is on",
    "after masking the email addresses",
    "while keeping the rest untouched",
    "unless the value is missing",
    "only between 9am and 5pm",
    "except when the region is south",
    "with personal data removed",
    "grouped by hour of the day",
    "as a percentage",
    "in local time",
    "for VIP customers only",
    "without the bots",
]

# The second family (--family 2): output-shape asks, value transforms, time restrictions, scope
# words, retention and negated requirements.
CLAUSES_2: list[str] = [
    "sorted by created_at",
    "limited to 100 rows",
    "as JSON",
    "in Avro format",
    "as Parquet files",
    "partitioned by day",
    "compressed with gzip",
    "with amounts in EUR",
    "converted to Celsius",
    "with the email masked",
    "with lower-cased names",
    "rounded down",
    "between 9am and 5pm",
    "during business hours",
    "only in the last 7 days",
    "on the first of the month",
    "for the EU only",
    "for premium customers only",
    "for new users",
    "keeping 30 days of data",
    "and retain it for a year",
    "never including the notes field",
    "but do not send the test records",
    "without the internal orders",
]

POSITIONS = ("end", "after_source", "in_list")

# Spec keys that restate the request text rather than what it asks for.
# ("reading" is how the words were read: a clause swallowed into a step's words, the step
# unchanged, is still dropped)
IGNORED_KEYS = {"description", "name", "assumptions", "reading"}

# Words too common to show that an assumption names the clause.
STOP = {
    "the",
    "and",
    "but",
    "only",
    "for",
    "from",
    "with",
    "when",
    "are",
    "not",
    "all",
    "its",
    "it",
    "is",
    "in",
    "on",
    "of",
    "to",
    "or",
    "as",
    "if",
}

_SOURCE = re.compile(r"\b(?:topics?|streams?)\s+[\w.\-]+|\bfrom\s+(?!topic)[\w.\-]+", re.IGNORECASE)
_LIST = re.compile(r"\b\w+,\s+\w+")


def mutate(request: str, clause: str, position: str) -> str | None:
    """`request` with `clause` at `position`, or None when the request has no such place."""
    body = request.rstrip()
    end = ""
    if body and body[-1] in ".!":
        body, end = body[:-1], body[-1]
    if position == "end":
        return f"{body} {clause}{end}"
    if position == "after_source":
        match = _SOURCE.search(body)
        if match is None:
            return None
        cut = match.end()
        return f"{body[:cut]} {clause}{body[cut:]}{end}"
    match = _LIST.search(body)
    if match is None:
        return None
    cut = body.index(",", match.start())
    return f"{body[:cut]} {clause}{body[cut:]}{end}"


def _parse(request: str) -> dict[str, Any] | None:
    try:
        return spec_to_dict(parse_request(request))
    except UserError:
        return None


def _core(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in IGNORED_KEYS}


def _clause_words(clause: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9\-]+", clause.lower()) if w not in STOP}


def _leaves(data: Any, path: str = "") -> set[str]:
    """`data` flattened to "path=value" strings."""
    if isinstance(data, dict):
        return {leaf for k, v in data.items() for leaf in _leaves(v, f"{path}.{k}")}
    if isinstance(data, list):
        return {leaf for i, v in enumerate(data) for leaf in _leaves(v, f"{path}[{i}]")}
    return {f"{path}={data!r}"}


def diff(original: dict[str, Any], mutated: dict[str, Any]) -> list[str]:
    """The leaves of `mutated`'s spec that `original`'s lacks (what the clause changed)."""
    return sorted(_leaves(_core(mutated)) - _leaves(_core(original)))


def classify(original: dict[str, Any], mutated: dict[str, Any] | None, clause: str) -> str:
    """refused / changed / SUSPECT / SILENT (see the module docstring)."""
    if mutated is None:
        return "refused"
    words = _clause_words(clause)
    new = set(mutated.get("assumptions", [])) - set(original.get("assumptions", []))
    listed = any(w in a.lower() for a in new for w in words)
    if _core(mutated) != _core(original):
        changed = " ".join(diff(original, mutated)).lower()
        if clause.startswith("or ") and " or " not in changed:
            return "SUSPECT"  # "..., or where region is north" read as one more AND filter
        return "changed" if listed or any(w in changed for w in words) else "SUSPECT"
    return "changed" if listed else "SILENT"


def load_cases(limit: int, seed: int) -> list[tuple[str, str]]:
    """(name, request) of `limit` parse cases, a seeded sample."""
    cases = []
    for expected in sorted((ROOT / "tests" / "requests").glob("*/expected.yaml")):
        folder = expected.parent
        if (folder / "xfail.txt").exists():
            continue
        cases.append((folder.name, (folder / "request.txt").read_text("utf-8").strip()))
    random.Random(seed).shuffle(cases)
    return cases[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="how many cases to sample")
    parser.add_argument("--seed", type=int, default=28, help="sample and position seed")
    parser.add_argument("--clause", help="only the clauses containing this text")
    parser.add_argument(
        "--family", type=int, choices=(1, 2), default=1, help="which list of clauses (1 or 2)"
    )
    parser.add_argument("--position", choices=POSITIONS, help="only this position")
    parser.add_argument("--show", type=int, default=3, help="silent examples per clause")
    parser.add_argument(
        "--show-changed",
        type=int,
        default=0,
        help="SUSPECT examples per clause, with the spec's difference (to review)",
    )
    args = parser.parse_args(argv)

    family = CLAUSES if args.family == 1 else CLAUSES_2
    clauses = [c for c in family if not args.clause or args.clause in c]
    rng = random.Random(args.seed)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    changed: dict[str, list[str]] = defaultdict(list)
    for _name, request in load_cases(args.cases, args.seed):
        original = _parse(request)
        if original is None:
            continue
        for clause in clauses:
            position = args.position or rng.choice(POSITIONS)
            mutated = mutate(request, clause, position) or mutate(request, clause, "end")
            assert mutated is not None
            outcome = classify(original, _parse(mutated), clause)
            counts[clause][outcome] += 1
            if outcome == "SILENT" and len(examples[clause]) < args.show:
                examples[clause].append(mutated)
            if outcome == "SUSPECT" and len(changed[clause]) < args.show_changed:
                spec = _parse(mutated)
                assert spec is not None
                changed[clause].append(f"{mutated}\n      -> {diff(original, spec)[:4]}")

    total: Counter[str] = Counter()
    print(f"{'clause':45} refused changed SUSPECT  SILENT")
    for clause in sorted(clauses, key=lambda c: (-counts[c]["SILENT"], -counts[c]["SUSPECT"])):
        c = counts[clause]
        total.update(c)
        print(f"{clause:45} {c['refused']:7} {c['changed']:7} {c['SUSPECT']:7} {c['SILENT']:7}")
    t = total
    print(f"{'TOTAL':45} {t['refused']:7} {t['changed']:7} {t['SUSPECT']:7} {t['SILENT']:7}")
    for clause, shown in examples.items():
        print(f"\n# SILENT: {clause}")
        for request in shown:
            print(f"  {request}")
    for clause, shown in changed.items():
        print(f"\n# SUSPECT: {clause}")
        for request in shown:
            print(f"  {request}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
