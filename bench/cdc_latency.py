"""CDC -> ClickHouse latency at one fixed rate, processors alternating (bench/latency.py's measure).

    .venv/bin/python bench/cdc_latency.py --rate 3000 --seconds 15 --rounds 2 \
        /tmp/before /tmp/after

`bench/run.py` measures latency at half of each run's own peak, which on a shared machine moves
from run to run; this holds the rate, so processor copies (folders of `orders_cdc.py`, e.g. two
batch sizes) compare at the same load. On the stack's broker (KAFKA_BOOTSTRAP_SERVERS; the
orders_cdc topics are made fresh with --partitions), each run a fresh group at the end of the
topics: changes of the orders table paced at --rate for --seconds, latency = insert returned -
batch sent (the first 10% dropped). Prints p50/p95/p99 per run. No timed asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kafka_tools  # noqa: E402
import latency  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", help="folders holding an orders_cdc.py each")
    parser.add_argument("--rate", type=float, default=3000.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=6)
    args = parser.parse_args()
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    kafka_tools.fresh_topics(HERE.parent / "generated" / "orders_cdc", bootstrap, args.partitions)
    print("| round | processors | rate (ev/s) | records | inserts | p50 | p95 | p99 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for round_ in range(1, args.rounds + 1):
        for folder in args.folders:
            with tempfile.TemporaryDirectory(prefix="cdc_latency_") as work:
                lat = latency.clickhouse_latency(
                    bootstrap, "", args.rate, args.seconds, args.partitions, Path(work), 0,
                    generated=Path(folder).resolve(), name="orders_cdc",
                )  # fmt: skip
            print(f"| {round_} | {folder} | {lat['rate']:,.0f} | {lat.get('n', 0):,} | "
                  f"{lat['inserts']} | {lat.get('p50_ms', 0):,.0f} ms | "
                  f"{lat.get('p95_ms', 0):,.0f} ms | {lat.get('p99_ms', 0):,.0f} ms |",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
