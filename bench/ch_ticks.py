"""CPU of inserting a DateTime64(3) column into chDB as datetimes or as epoch-ms ints (ticks).

    .venv/bin/python bench/ch_ticks.py                 # 5,000 rows, 20 inserts each way, 3 rounds
    .venv/bin/python bench/ch_ticks.py --rows 5000 --inserts 20 --rounds 3

clickhouse-connect writes a DateTime64 column whose first non-null value is an int as it is (raw
ticks, epoch ms at precision 3) and converts datetimes one by one (`_datetime64_ticks`). This
times, interleaved, for a column of datetimes and for the same instants as ints: the column's
Native encoding alone (`write_column`), and whole inserts of a two-column table into a chDB
engine in a temporary folder; then checks both columns stored the same values.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MS = timedelta(milliseconds=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--inserts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import clickhouse_connect
    from clickhouse_connect.datatypes.registry import get_from_name
    from clickhouse_connect.driver.insert import InsertContext

    rng = random.Random(15)
    ticks = [1_764_633_600_000 + rng.randrange(86_400_000) for _ in range(args.rows)]
    stamps = [EPOCH + t * MS for t in ticks]
    kind = get_from_name("Nullable(DateTime64(3, 'UTC'))")
    with tempfile.TemporaryDirectory() as folder:
        client = clickhouse_connect.get_client(dsn=f"chdb://{folder}")
        client.command(
            "CREATE TABLE t (n UInt32, at Nullable(DateTime64(3, 'UTC'))) ENGINE = MergeTree ORDER BY n"
        )
        numbers = list(range(args.rows))
        results: dict[str, list[float]] = {}

        def encode(column: list[Any]) -> float:
            """µs CPU per value of the Native encoding of the column alone."""
            context = InsertContext("t", ["at"], [kind], data=[column], column_oriented=True)
            started = time.process_time()
            for _ in range(args.inserts):
                kind.write_column(column, bytearray(), context)
            return (time.process_time() - started) / args.inserts / len(column) * 1e6

        def insert(column: list[Any]) -> float:
            """µs CPU per row of a whole insert (encoding and the engine's part)."""
            started = time.process_time()
            for _ in range(args.inserts):
                client.insert(
                    "t", [numbers, column], column_names=["n", "at"], column_oriented=True
                )
            return (time.process_time() - started) / args.inserts / len(column) * 1e6

        for round_ in range(args.rounds):
            for label, column in (("datetimes", stamps), ("ticks", ticks)):
                results.setdefault(f"encode {label}", []).append(encode(column))
                results.setdefault(f"insert {label}", []).append(insert(column))
            print(
                f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in results.items())
            )
        stored = client.query(
            "SELECT toUnixTimestamp64Milli(at), count() FROM t GROUP BY 1"
        ).result_rows
        inserted = 2 * args.rounds * args.inserts  # each way, every round
        same = dict(stored) == {t: n * inserted for t, n in Counter(ticks).items()}
        print(f"stored values {'equal' if same else 'DIFFER'} for both columns")
        for label, values in results.items():
            print(
                f"{label}: {statistics.median(values):.3f} µs CPU per value (median of {len(values)})"
            )


if __name__ == "__main__":
    main()
