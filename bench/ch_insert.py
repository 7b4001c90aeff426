"""CPU per row of each way to insert a generated sink's batches into the embedded chDB engine.

    .venv/bin/python bench/ch_insert.py                      # orders_cdc, 50k events, 5 runs
    .venv/bin/python bench/ch_insert.py --events 20000 --runs 3
    .venv/bin/python bench/ch_insert.py --paths "insert,insert x16" --dedup-window 0
    .venv/bin/python bench/ch_insert.py --paths insert --variants \
        "before=/tmp/before@1000,after=generated@1000,after5k=generated@5000"

It runs the generated orders_cdc processor (--name: another) in-process on the benchmark's own
events (bench/inproc.py: getmany-shaped batches of 1,000 records over 6 partitions, a flush every
1,000 pending rows; --variants: other processors and sizes) with a ClickHouse client that only
records what the processor asks it to insert: the tables, the column-oriented batches, their
column names and settings (each insert's insert_deduplication_token, async_insert=0). It then replays exactly those
batches into a fresh chDB engine (in a temporary folder, the processor's own DDL) through each
candidate path and prints the process CPU (user+sys, all threads: the engine runs in-process) per
row inserted, the median of --runs runs:

- `insert`: clickhouse-connect's column-oriented `insert` (what the processors do today; the chDB
  backend encodes Native in Python/C and has the engine read it with INSERT ... FROM INFILE);
- `insert context`: the same through one reused insert context per table (the processors from
  2026-12-03 until their Arrow inserts: the column types read once, not by a DESCRIBE per insert);
- `insert_arrow`: a pyarrow Table built from the same columns, `insert_arrow` (Arrow IPC, FROM
  INFILE), the table building included (the processors since the 2026-12-03 thirteenth round,
  with a schema rendered from the column types);
- `chdb Python()`: the same pyarrow Table read by chDB's own `Python()` table function on a
  second handle to the engine (no file, no encoding in Python), the table building included;
- `PATH xN`: PATH with N consecutive batches of a table merged into one (larger batches: one
  token per merged batch).

Each run has tokens of its own (a suffix) and starts from empty tables, so no insert is dropped as
a duplicate. No timed asserts: the machine is shared, compare the paths within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import inproc  # noqa: E402


class Capture:
    """A ClickHouse client that keeps every insert instead of sending it."""

    def __init__(self) -> None:
        self.inserts: list[dict[str, Any]] = []

    def create_insert_context(self, table: str, **kwargs: Any) -> SimpleNamespace:
        return SimpleNamespace(table=table, settings={}, kwargs=kwargs)

    def insert(
        self,
        table: str | None = None,
        columns: list[list[Any]] | None = None,
        *,
        data: list[list[Any]] | None = None,
        context: SimpleNamespace | None = None,
        **kwargs: Any,
    ) -> None:
        if context is not None:  # a processor that reuses one insert context per table
            table, columns = context.table, data
            kwargs = {**context.kwargs, "settings": dict(context.settings)}
        self.inserts.append({"table": table, "columns": columns, **kwargs})

    def insert_arrow(
        self, table: str, arrow_table: Any, *, database: str, settings: dict[str, Any]
    ) -> None:
        """A processor's Arrow insert (since 2026-12-03), kept as the columns' Python values
        (a DateTime64 column's as its ticks, as the processor handed them to pyarrow)."""
        import pyarrow

        columns = [
            (c.cast(pyarrow.int64()) if pyarrow.types.is_timestamp(c.type) else c).to_pylist()
            for c in arrow_table.columns
        ]
        self.inserts.append({
            "table": table,
            "columns": columns,
            "column_names": arrow_table.column_names,
            "database": database,
            "column_oriented": True,
            "settings": dict(settings),
        })  # fmt: skip

    def command(self, *args: Any, **kwargs: Any) -> None:
        pass

    def close(self) -> None:
        pass


async def capture(
    name: str, count: int, generated: Path = inproc.GENERATED, batch_rows: int = inproc.BATCH
) -> tuple[Any, list[dict[str, Any]]]:
    """The generated processor's inserts for `count` benchmark events: getmany-shaped batches
    of `batch_rows` records, a flush every `batch_rows` pending rows."""
    inproc.BATCH = batch_rows
    module = inproc.load(name, generated)
    client = Capture()
    module.connect_clickhouse = lambda dsn: client
    processor = inproc.offline_processor(module)
    work_batches = inproc.batches(module, inproc.events(name, count))
    assigned = {tp for batch in work_batches for tp in batch}
    for sink in getattr(processor, "tables", {}).values():
        sink.written = dict.fromkeys(assigned, -1)
    for batch in work_batches:
        await processor.process(batch)
        if processor.pending() >= inproc.BATCH:
            await inproc.flush(processor)
    await inproc.flush(processor)
    return module, client.inserts


def merged(inserts: list[dict[str, Any]], factor: int) -> list[dict[str, Any]]:
    """Every `factor` consecutive inserts into one table as one insert."""
    if factor == 1:
        return inserts
    by_table: dict[str, list[dict[str, Any]]] = {}
    for insert in inserts:
        by_table.setdefault(insert["table"], []).append(insert)
    out = []
    for group in by_table.values():
        for start in range(0, len(group), factor):
            chunk = group[start : start + factor]
            columns = [
                list(itertools.chain.from_iterable(i["columns"][c] for i in chunk))
                for c in range(len(chunk[0]["columns"]))
            ]
            tokens = "+".join(i["settings"]["insert_deduplication_token"] for i in chunk)
            settings = {**chunk[0]["settings"], "insert_deduplication_token": tokens}
            out.append({**chunk[0], "columns": columns, "settings": settings})
    return out


def arrow_table(insert: dict[str, Any], schemas: dict[str, Any]) -> Any:
    import pyarrow as pa

    schema = schemas[insert["table"]]
    return pa.Table.from_arrays(
        [pa.array(values, type=schema.field(name).type)
         for name, values in zip(insert["column_names"], insert["columns"], strict=True)],
        schema=schema,
    )  # fmt: skip


def arrow_schemas(client: Any, inserts: list[dict[str, Any]]) -> dict[str, Any]:
    """Each table's Arrow schema as the engine itself writes it (so the types match)."""
    schemas = {}
    for insert in inserts:
        if insert["table"] in schemas:
            continue
        names = ", ".join(f"`{n}`" for n in insert["column_names"])
        table = client.query_arrow(
            f"SELECT {names} FROM `{insert['database']}`.`{insert['table']}` LIMIT 0"  # noqa: S608
        )
        schemas[insert["table"]] = table.schema
    return schemas


def insert_columns(client: Any, insert: dict[str, Any], settings: dict[str, Any]) -> None:
    client.insert(
        insert["table"],
        insert["columns"],
        column_names=insert["column_names"],
        database=insert["database"],
        column_oriented=True,
        settings=settings,
    )


def run_path(path: str, ctx: dict[str, Any], run: int) -> tuple[float, int]:
    """CPU seconds and rows for one run of one path, from empty tables."""
    client, inserts = ctx["client"], ctx["inserts"]
    if " " in path and path.split(" ", 1)[0] in ctx["variants"]:  # "LABEL PATH": a variant's
        label, path = path.split(" ", 1)
        inserts = ctx["variants"][label]
    for table in {(i["database"], i["table"]) for i in inserts}:
        client.command(f"TRUNCATE TABLE `{table[0]}`.`{table[1]}`")
    factor = int(path.split(" x")[1]) if " x" in path else 1
    batches = merged(inserts, factor)
    contexts: dict[tuple[str, str], Any] = {}  # "insert context": one per table and run
    gc.collect()
    started = time.process_time()
    for insert in batches:
        settings = {
            **insert["settings"],
            "insert_deduplication_token": f"{insert['settings']['insert_deduplication_token']}"
            f":{path}:{run}",
        }
        kind = path.split(" x", maxsplit=1)[0]
        if kind == "insert":
            insert_columns(client, insert, settings)
        elif kind == "insert context":
            key = (insert["database"], insert["table"])
            if key not in contexts:  # the table's column types, read once (its cost included)
                contexts[key] = client.create_insert_context(
                    insert["table"],
                    column_names=insert["column_names"],
                    database=insert["database"],
                    column_oriented=True,
                )
            contexts[key].settings = settings
            client.insert(data=insert["columns"], context=contexts[key])
        elif kind == "insert_arrow":
            client.insert_arrow(
                insert["table"],
                arrow_table(insert, ctx["schemas"]),
                database=insert["database"],
                settings=settings,
            )
        elif kind == "chdb Python()":
            data = arrow_table(insert, ctx["schemas"])  # noqa: F841  (read by Python(data))
            names = ", ".join(f"`{n}`" for n in insert["column_names"])
            clause = ", ".join(f"{k} = '{v}'" for k, v in settings.items())
            ctx["chdb"].query(  # the processor's own table and column names
                f"INSERT INTO `{insert['database']}`.`{insert['table']}` ({names}) "  # noqa: S608
                f"SELECT * FROM Python(data) SETTINGS {clause}"
            )
        else:
            raise ValueError(path)
    cpu = time.process_time() - started
    # ReplacingMergeTree folds a key's versions when it merges: compare the folded counts
    tables = sorted({(i["database"], i["table"]) for i in inserts})
    for database, table in tables:
        client.command(f"OPTIMIZE TABLE `{database}`.`{table}` FINAL")
    stored = sum(
        client.query(f"SELECT count() FROM `{d}`.`{t}`").result_rows[0][0]  # noqa: S608
        for d, t in tables
    )
    return cpu, stored


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", default="orders_cdc")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--paths",
        default="insert,insert_arrow,chdb Python(),insert x4,insert x16,insert_arrow x16",
        help="comma-separated, from the list above",
    )
    parser.add_argument(
        "--dedup-window",
        type=int,
        help="replace the tables' non_replicated_deduplication_window (what it costs per insert)",
    )
    parser.add_argument(
        "--variants",
        default="",
        help="LABEL=DIR@ROWS,...: the processors in DIR (a generated/ copy) at --batch-rows ROWS, "
        "each replayed through every path (path names become 'LABEL PATH'); e.g. "
        "'before=/tmp/before@1000,after=generated@1000'",
    )
    args = parser.parse_args()
    variants: dict[str, list[dict[str, Any]]] = {}
    ddl: tuple[str, ...] | None = None
    for item in filter(None, (v.strip() for v in args.variants.split(","))):
        label, rest = item.split("=", 1)
        folder, _, rows_text = rest.partition("@")
        module, captured = asyncio.run(
            capture(args.name, args.events, Path(folder), int(rows_text or inproc.BATCH))
        )
        if ddl is not None and tuple(module.DDL) != ddl:
            raise SystemExit(f"{label}: its DDL differs from the first variant's")
        ddl = tuple(module.DDL)
        variants[label] = captured
        print(f"{label}: {len(captured)} inserts, "
              f"{sum(len(i['columns'][0]) for i in captured):,} rows")  # fmt: skip
    if variants:
        inserts = next(iter(variants.values()))
        base_paths = [p.strip() for p in args.paths.split(",") if p.strip()]
        args.paths = ",".join(f"{label} {path}" for path in base_paths for label in variants)
    else:
        module, inserts = asyncio.run(capture(args.name, args.events))
    rows = sum(len(i["columns"][0]) for i in inserts)

    import chdb
    import clickhouse_connect

    with tempfile.TemporaryDirectory(prefix="ch_insert_") as folder:
        client = clickhouse_connect.get_client(dsn=f"chdb://{folder}")
        for ddl in module.DDL:
            if args.dedup_window is not None:
                ddl = re.sub(  # noqa: PLW2901
                    r"non_replicated_deduplication_window = \d+",
                    f"non_replicated_deduplication_window = {args.dedup_window}",
                    ddl,
                )
            client.command(ddl)
        ctx = {
            "client": client,
            "inserts": inserts,
            "schemas": arrow_schemas(client, inserts),
            "variants": variants,
        }
        paths = [p.strip() for p in args.paths.split(",") if p.strip()]
        if any(p.endswith("chdb Python()") for p in paths):  # a variant's too
            ctx["chdb"] = chdb.connect(folder)
        results: dict[str, list[float]] = {p: [] for p in paths}
        expected: int | None = None
        for run in range(args.runs):
            for path in paths:  # interleaved, so a busy spell hits every path alike
                cpu, stored = run_path(path, ctx, run)
                expected = stored if expected is None else expected
                if stored != expected:
                    raise SystemExit(f"{path}: {stored} rows kept, {paths[0]} kept {expected}")
                results[path].append(cpu / rows * 1e6)
        if "chdb" in ctx:
            ctx["chdb"].close()
        client.close()

    for label, captured in variants.items():
        print(f"{label}: ~{rows // len(captured)} rows per insert")
    print(f"{args.name}: {len(inserts)} inserts, {rows:,} rows "
          f"(~{rows // len(inserts)} per insert), median of {args.runs} runs")  # fmt: skip
    base = statistics.median(results[paths[0]])
    print(f"| path | CPU µs per row (median) | min-max | vs {paths[0]} |")
    print("|---|---:|---:|---:|")
    for path, values in results.items():
        median = statistics.median(values)
        print(f"| {path} | {median:.2f} | {min(values):.2f}-{max(values):.2f} | "
              f"{median / base:.2f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
