"""A generated processor in-process with its ClickHouse inserts into a real embedded chDB: CPU by thread.

    .venv/bin/python bench/ch_sink.py clickstream_sessions --events 60000
    .venv/bin/python bench/ch_sink.py clickstream_sessions --generated /tmp/before  # a copy

bench/inproc.py replaces the inserts with no-ops; here they land, as in a broker run, but without
Kafka: the benchmark's events in getmany-shaped batches over 6 partitions (bench/inproc.py) of
--poll-records records (default: --flush-rows; a processor polls min(--max-poll-records,
--batch-rows), 500 unless told), a flush every --flush-rows pending rows, each insert sent by the
processor itself from its worker thread into chDB in a temporary folder (its DDL and embedded
tuning run first), with the cyclic GC tuned as a processor tunes it after start-up (before
2026-12-04 it ran at Python's defaults, which put ~6 µs per event more on the main thread of a
200k-event sessions run than a processor spends). It prints one JSON
line of CPU µs per event: the process (user+sys, every thread, from the first batch to --settle
seconds after the last flush, so the engine's merges of those parts count), each thread kind's
(`main`, `python`: the processor's insert thread(s), chDB's by name) and `sink_main`: the main
thread's CPU inside the ClickHouse rows tables' `add` and `flush`. Run two bundles in turn (A/B)
on a shared machine and compare pairs, not single runs.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import inproc  # noqa: E402


def thread_cpu() -> dict[str, float]:
    """CPU seconds per kind of thread of this process: the main thread, Python's, chDB's by name."""
    out: dict[str, float] = {}
    main = threading.main_thread().native_id
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/self/task"):
        try:
            comm = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
            stat = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        if int(tid) == main:
            kind = "main"
        else:
            kind = "python" if comm.startswith("python") else comm.rstrip("0123456789")
        out[kind] = out.get(kind, 0) + (int(stat[11]) + int(stat[12])) / tick
    return out


def timed_sink(module: Any, spent: list[float]) -> None:
    """The main thread's CPU inside every ClickHouseTable's `add` and `flush`, added to spent[0]."""
    cls = module.ClickHouseTable
    add, flush = cls.add, cls.flush

    def timed_add(self: Any, records: list[Any]) -> None:
        started = time.thread_time()
        add(self, records)
        spent[0] += time.thread_time() - started

    async def timed_flush(self: Any) -> None:
        started = time.thread_time()
        await flush(self)  # the insert's own thread is not counted here
        spent[0] += time.thread_time() - started

    cls.add, cls.flush = timed_add, timed_flush


async def run(
    module: Any, name: str, events: int, settle: float, flush_rows: int
) -> dict[str, Any]:
    processor = inproc.offline_processor(module)
    work = inproc.batches(module, inproc.events(name, events))
    assigned = {tp for batch in work for tp in batch}
    for sink in [*vars(processor).values(), *getattr(processor, "tables", {}).values()]:
        if isinstance(sink, module.ClickHouseTable):
            sink.written = dict.fromkeys(assigned, -1)
    await asyncio.to_thread(int)  # the insert thread exists before the first count
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)  # as every processor sets it after start-up
    before, started = thread_cpu(), time.process_time()
    for batch in work:
        await processor.process(batch)
        if processor.pending() >= flush_rows:
            await inproc.flush(processor)
    await inproc.flush(processor)
    await asyncio.sleep(settle)  # the engine's merges of this run's parts
    cpu, after = time.process_time() - started, thread_cpu()  # before the worker threads end
    per_event = 1e6 / events
    return {
        "process": round(cpu * per_event, 2),
        "threads": {k: round((v - before.get(k, 0)) * per_event, 2) for k, v in after.items()},
        "load": os.getloadavg()[0],
    }


def digests(client: Any) -> dict[str, list[int]]:
    """Per table: rows, and the sum and XOR of every row's cityHash64 over all its columns."""
    tables = client.query(
        "SELECT database, name FROM system.tables WHERE database NOT IN "
        "('system', 'INFORMATION_SCHEMA', 'information_schema', 'default')"
    ).result_rows
    out = {}
    for database, table in tables:
        name = f"`{database}`.`{table}`"
        client.command(f"OPTIMIZE TABLE {name} FINAL")
        query = f"SELECT count(), sum(cityHash64(*)), groupBitXor(cityHash64(*)) FROM {name}"  # noqa: S608
        out[f"{database}.{table}"] = list(client.query(query).result_rows[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", help="a generated processor with a ClickHouse rows table")
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--flush-rows", type=int, default=5000)
    parser.add_argument(
        "--poll-records",
        type=int,
        default=0,
        help="records per getmany-shaped batch (a processor polls min(--max-poll-records, "
        "--batch-rows): 500 by default); 0: --flush-rows, as before",
    )
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--generated", type=Path, default=inproc.GENERATED)
    parser.add_argument(
        "--digest",
        action="store_true",
        help="also print each table's rows, count and cityHash64 digests after OPTIMIZE FINAL "
        "(compare two bundles' stored rows; run with PYTHONHASHSEED=0: the events' partitions "
        "come from hash())",
    )
    args = parser.parse_args()
    import clickhouse_connect

    inproc.BATCH = args.poll_records or args.flush_rows
    module = inproc.load(args.name, args.generated)
    with tempfile.TemporaryDirectory(prefix="ch_sink_") as folder:
        client = clickhouse_connect.get_client(dsn=f"chdb://{folder}")
        for statement in (*module.DDL, *getattr(module, "EMBEDDED_DDL", ())):
            client.command(statement)
        module.connect_clickhouse = lambda dsn: client
        spent = [0.0]
        timed_sink(module, spent)
        result = asyncio.run(run(module, args.name, args.events, args.settle, args.flush_rows))
        if args.digest:
            result["digest"] = digests(client)
        client.close()
    result["sink_main"] = round(spent[0] * 1e6 / args.events, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
