"""CPU of what an insert without a reused context does first: read the table's column types.

    .venv/bin/python bench/ch_context.py                  # every ClickHouse seed, 5 rounds
    .venv/bin/python bench/ch_context.py --name orders_cdc --calls 200 --rounds 3

clickhouse-connect's `insert(table, data, ...)` builds an insert context per call, and building
one runs `DESCRIBE TABLE` (a query through the engine) for the column types; the processors
since 2026-12-03 build one per table and reuse it. This creates each seed processor's tables in a
fresh embedded chDB engine (its own DDL) and times `create_insert_context` for each table,
`--calls` times per round: process CPU (the engine runs in-process) per call, median and range
of the rounds. Divided by the rows of an insert (`--batch-rows` of the processor, 5,000 by
default) it is what each event paid. No timed asserts: the machine is shared.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATED = HERE.parent / "generated"
SEEDS = ("orders_cdc", "clickstream_sessions", "sales_aggregates")


def load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"ctx_{name}", GENERATED / name / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tables(module: Any) -> list[tuple[str, str, list[str]]]:
    """(database, table, written column names) of each table a processor's DDL creates."""
    out = []
    for statement in module.DDL:
        head = statement.strip().splitlines()[0]
        if head.startswith("CREATE TABLE"):
            database, table = (part.strip("`") for part in head.split()[-1].split("."))
            constant = getattr(module, f"{table.upper()}_COLUMNS")
            lineage = ["_kafka_topic", "_kafka_partition", "_kafka_offset"]
            out.append(
                (database, table, [*constant, *(lineage if "_kafka_offset" in statement else [])])
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default=",".join(SEEDS), help="comma list of seed pipelines")
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import clickhouse_connect

    with tempfile.TemporaryDirectory(prefix="ch_context_") as folder:
        client = clickhouse_connect.get_client(dsn=f"chdb://{folder}")
        print("| table | create_insert_context, CPU µs per call (median) | min-max |")
        print("|---|---:|---:|")
        for name in filter(None, args.name.split(",")):
            module = load(name)
            for statement in module.DDL:
                client.command(statement)
            for database, table, columns in tables(module):
                per_call = []
                for _ in range(args.rounds):
                    started = time.process_time()
                    for _ in range(args.calls):
                        client.create_insert_context(
                            table, column_names=columns, database=database, column_oriented=True
                        )
                    per_call.append((time.process_time() - started) / args.calls * 1e6)
                print(f"| {name}: {database}.{table} | {statistics.median(per_call):,.0f} | "
                      f"{min(per_call):,.0f}-{max(per_call):,.0f} |")  # fmt: skip
        client.close()


if __name__ == "__main__":
    main()
