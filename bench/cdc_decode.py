"""CPU per change of a CDC processor's `ChangeDecoder.decode` alone, on the benchmark's changes.

    .venv/bin/python bench/cdc_decode.py                                # generated/orders_cdc
    .venv/bin/python bench/cdc_decode.py --generated /tmp/before --rounds 3   # A/B, interleaved

Every version decodes the same bytes in turn (rounds interleaved); the rows of the first
version are checked equal to every other's, so a faster decode that changed a row fails here
(a timestamp compared as the DateTime64(3) ticks the insert writes: a datetime in one version
and its epoch ms in another are the same stored value).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402
import inproc  # noqa: E402

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


def stored(row: dict[str, Any]) -> dict[str, Any]:
    """A row as its insert stores it: a datetime as DateTime64(3) ticks (clickhouse-connect
    drops sub-millisecond digits, rounding down)."""
    return {k: (v - EPOCH) // MILLISECOND if isinstance(v, datetime) else v for k, v in row.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", default="orders_cdc")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", action="append", default=[], help="other versions")
    args = parser.parse_args()
    versions = {"generated": inproc.load(args.name, inproc.GENERATED)}
    for where in args.generated:
        versions[where] = inproc.load(args.name, Path(where))
    changes = [(f"orders.public.{table}", value) for table, _, _, value in data.cdc(args.events)]
    for round_ in range(args.rounds):
        for label, module in versions.items():
            decoders = module.CHANGE_DECODERS
            started = time.process_time()
            for topic, value in changes:
                decoders[topic].decode(value)
            spent = (time.process_time() - started) / len(changes) * 1e6
            print(f"round {round_ + 1} {label}: {spent:.2f} µs CPU per change")
    reference = versions["generated"].CHANGE_DECODERS
    for label, module in versions.items():
        other = module.CHANGE_DECODERS
        same = all(stored(reference[t].decode(v)) == stored(other[t].decode(v)) for t, v in changes)
        print(f"{label}: rows {'equal' if same else 'DIFFER'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
