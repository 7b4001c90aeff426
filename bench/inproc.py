"""A generated processor's own Python per record, in-process, without a broker: A/B and profiles.

    .venv/bin/python bench/inproc.py sales_aggregates                 # CPU µs per record
    .venv/bin/python bench/inproc.py sales_aggregates --profile 15    # + cProfile's top entries
    .venv/bin/python bench/inproc.py orders_cdc --generated /tmp/old  # a patched copy
    .venv/bin/python bench/inproc.py clickstream_profile_join         # both sides of the join
    .venv/bin/python bench/inproc.py clickstream_profile_join --fetch-bytes 1048576  # fetch order

It imports `<generated>/<name>/<name>.py`, builds its Processor (chDB in a temporary folder; the
ClickHouse insert and the Kafka send are replaced by no-ops) and feeds it the benchmark's own
events (bench/data.py) in getmany-shaped batches of 1,000 records over 6 partitions, flushing as
the processor would every 1,000 pending rows, with the cyclic GC tuned as a processor tunes it.
`--fetch-bytes` feeds them instead as a consumer behind on every partition gets them, one
partition's fetch after another's: a watermark held by the slowest partition, as in a broker run. What it measures is decode, validation, operators
and building the sinks' batches: the part of a processor's CPU that is ours, with the Kafka
client's fetch and the engines' insert work left out, so two versions compare within a few
percent on a busy machine where the broker run moves by ±30%.

`--unpack` adds the Kafka client's per-record work: each poll's records of a partition are a
Kafka record batch (built before the timing) that the timed loop hands to aiokafka's own
FetchResult.getall(), as getmany() does: the CRC check and the unpacking into records, through
aiokafka's PartitionRecords or the processor's own (`use_fetched_records`), if it has one.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import importlib.util
import io
import os
import pstats
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402
from aiokafka.consumer import fetcher as aiokafka_fetcher  # noqa: E402
from aiokafka.consumer.fetcher import READ_COMMITTED  # noqa: E402
from aiokafka.record.default_records import DefaultRecordBatchBuilder  # noqa: E402
from aiokafka.record.memory_records import MemoryRecords  # noqa: E402

GENERATED = HERE.parent / "generated"
PARTITIONS = 6
BATCH = 1000
POLL_RECORDS = 500  # a processor's getmany(max_records=...) at the spec's defaults


class Message(NamedTuple):
    """The attributes of an aiokafka ConsumerRecord a processor reads."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: int
    headers: tuple = ()


def events(name: str, count: int) -> list[tuple[str, int, bytes, bytes]]:
    """(topic, partition, key, value) of the pipeline's benchmark data."""
    if name == "orders_cdc":
        return [
            (f"orders.public.{table}", hash(key) % PARTITIONS, key, value)
            for table, _, key, value in data.cdc(count)
        ]
    if name in ("sales_aggregates", "sales_kafka"):
        return [("sales-events", hash(key) % PARTITIONS, key, value)
                for _, key, value in data.sales(count)]  # fmt: skip
    if name == "clickstream_sessions":
        return [("user-events", hash(key) % PARTITIONS, key, value)
                for _, key, value in data.clickstream(count)]  # fmt: skip
    if name == "clickstream_profile_join":
        # both sides of the join in event-time order, as a caught-up consumer mostly sees them
        plan = data.session_plan(count)
        clicks = [(at, "clickstream-events", key, value)
                  for at, key, value in data.clickstream(count, plan=plan)]  # fmt: skip
        profiles = [(at, "user-profile-updates", key, value)
                    for at, key, value in data.profile_updates(count, plan=plan)]  # fmt: skip
        merged = sorted(clicks + profiles, key=lambda item: item[0])
        return [(topic, int(key) % PARTITIONS, key, value) for _, topic, key, value in merged]
    raise SystemExit(f"no in-process data for {name}")


def load(name: str, generated: Path) -> Any:
    path = generated / name / f"{name}.py"
    if not path.exists():
        path = generated / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def batches(
    module: Any, items: list[tuple[str, int, bytes, bytes]], fetch_bytes: int = 0
) -> list[dict]:
    """getmany-shaped batches: up to BATCH records, spread over the partitions.

    With `fetch_bytes`, in the order a consumer behind on every partition sees them instead:
    aiokafka fetches up to that many bytes per partition (max_partition_fetch_bytes, 1 MiB by
    default) and `getmany` drains one partition's fetch before the next one's, refetching a
    partition once drained; so the partitions take turns, each a fetch ahead of the others.
    """
    if fetch_bytes:
        return fetch_order(module, items, fetch_bytes)
    offsets: dict[tuple[str, int], int] = {}
    out: list[dict] = []
    for start in range(0, len(items), BATCH):
        batch: dict[Any, list[Message]] = {}
        for topic, partition, key, value in items[start : start + BATCH]:
            offset = offsets.get((topic, partition), 0)
            offsets[(topic, partition)] = offset + 1
            tp = module.TopicPartition(topic, partition)
            batch.setdefault(tp, []).append(Message(topic, partition, offset, key, value, 0))
        out.append(batch)
    return out


def fetch_order(
    module: Any, items: list[tuple[str, int, bytes, bytes]], fetch_bytes: int
) -> list[dict]:
    queues: dict[tuple[str, int], list[Message]] = {}
    for topic, partition, key, value in items:
        queue = queues.setdefault((topic, partition), [])
        queue.append(Message(topic, partition, len(queue), key, value, 0))
    fetched: list[Message] = []  # records in the order getmany hands them out
    read = dict.fromkeys(queues, 0)
    while any(read[tp] < len(queue) for tp, queue in queues.items()):
        for tp, queue in queues.items():
            size = 0
            while read[tp] < len(queue) and size < fetch_bytes:
                size += len(queue[read[tp]].value or b"")
                fetched.append(queue[read[tp]])
                read[tp] += 1
    out: list[dict] = []
    for start in range(0, len(fetched), POLL_RECORDS):
        batch: dict[Any, list[Message]] = {}
        for message in fetched[start : start + POLL_RECORDS]:
            tp = module.TopicPartition(message.topic, message.partition)
            batch.setdefault(tp, []).append(message)
        out.append(batch)
    return out


class FetchState:
    """A partition's fetch state, as aiokafka's FetchResult reads and moves it."""

    active, paused, position = True, False, 0

    def state_value(self, tp: Any) -> FetchState:
        return self

    def consumed_to(self, offset: int) -> None:
        self.position = offset


def record_batches(polls: list[dict]) -> list[dict]:
    """Each poll's records of a partition as one Kafka record batch: (bytes, first offset)."""
    out = []
    for poll in polls:
        encoded = {}
        for tp, messages in poll.items():
            builder = DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 64 << 20)
            for i, message in enumerate(messages):
                builder.append(i, message.timestamp, message.key, message.value, [])
            raw = builder.build()
            raw[0:8] = messages[0].offset.to_bytes(8, "big")  # the base offset, outside the CRC
            encoded[tp] = (bytes(raw), messages[0].offset)
        out.append(encoded)
    return out


def unpacked(encoded: dict, check_crcs: bool) -> dict:
    """getmany()'s answer for one poll: each partition's batch through FetchResult.getall()."""
    records_class = aiokafka_fetcher.PartitionRecords  # looked up per fetch, as aiokafka does
    polled = {}
    for tp, (raw, first) in encoded.items():
        fetched = records_class(
            tp, MemoryRecords(raw), [], first, None, None, check_crcs, READ_COMMITTED
        )
        state = FetchState()
        state.position = first
        result = aiokafka_fetcher.FetchResult(
            tp, assignment=state, partition_records=fetched, backoff=0
        )
        polled[tp] = result.getall(max_records=POLL_RECORDS)
    return polled


class NoClickHouse:
    """Takes every insert and holds nothing: the engine's own work is not what is measured (the
    Arrow table a processor builds before `insert_arrow` is; an older bundle's Native encoding,
    inside `insert`, was not)."""

    def create_insert_context(self, *args: Any, **kwargs: Any) -> SimpleNamespace:
        return SimpleNamespace(settings={})

    def insert(self, *args: Any, **kwargs: Any) -> None:
        pass

    def insert_arrow(self, *args: Any, **kwargs: Any) -> None:
        pass

    def command(self, *args: Any, **kwargs: Any) -> None:
        pass

    def close(self) -> None:
        pass


async def _sent(*args: Any, **kwargs: Any) -> asyncio.Future:
    """A Kafka send that succeeds at once."""
    future = asyncio.get_running_loop().create_future()
    future.set_result(None)
    return future


def offline_processor(module: Any) -> Any:
    """The bundle's Processor with the bench's arguments and its Kafka sends as no-ops."""
    argv = ["--log-level", "WARNING"]
    if hasattr(module, "connect_redis"):
        # lookups go to the stack's Redis (REDIS_URL); profiles it lacks are misses
        argv += ["--redis-url", os.environ.get("REDIS_URL", "redis://localhost:6379/0")]
    processor = module.Processor(module.parse_args(argv))
    processor.producer.send = _sent
    return processor


async def run(
    name: str,
    generated: Path,
    count: int,
    profile: int,
    fetch_bytes: int = 0,
    unpack: bool = False,
    flush_rows: int = BATCH,
) -> dict:
    module = load(name, generated)
    if hasattr(module, "connect_clickhouse"):
        module.connect_clickhouse = lambda dsn: NoClickHouse()
    processor = offline_processor(module)
    send = processor.producer.send

    class NoBatch:  # create_batch/send_batch (the Kafka sink's flush), as no-ops too
        def append(self, **kwargs: Any) -> bool:
            return True

    async def partitions_for(topic: str) -> set[int]:
        return {0, 1, 2}

    processor.producer.send_batch = send
    processor.producer.create_batch = NoBatch
    processor.producer.partitions_for = partitions_for
    items = events(name, count)
    count = len(items)  # the join's profile updates come on top of its clicks
    work_batches = batches(module, items, fetch_bytes)
    assigned = {tp for batch in work_batches for tp in batch}
    encoded = record_batches(work_batches) if unpack else []
    if unpack and hasattr(module, "use_fetched_records"):
        module.use_fetched_records()
    if hasattr(processor, "clock"):
        processor.clock.assign(assigned)
    for sink in ("results", "table", "sessions_table"):
        if hasattr(getattr(processor, sink, None), "load_written"):
            getattr(processor, sink).written = dict.fromkeys(assigned, -1)
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)  # as every processor sets it after start-up
    # CPU time, not wall time: the machine is shared
    profiler = cProfile.Profile(time.process_time) if profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    for poll in encoded or work_batches:
        batch = unpacked(poll, processor.config.check_crcs) if unpack else poll
        await processor.process(batch)
        if processor.pending() >= flush_rows:
            await flush(processor)
    await flush(processor)
    if profiler:
        profiler.disable()
    cpu = time.process_time() - started
    result = {"name": name, "records": count, "cpu_us_per_record": round(cpu / count * 1e6, 2)}
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(profile)
        result["profile"] = text.getvalue()
    return result


async def flush(processor: Any) -> None:
    """The processor's writes without its commit (there is no group to commit to)."""
    sinks = [*vars(processor).values(), *getattr(processor, "tables", {}).values()]
    for sink in sinks:
        if hasattr(sink, "flush") and hasattr(sink, "pending") and sink.pending():
            await sink.flush()
    processor.dead_letters.queue.clear()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name")
    parser.add_argument("--generated", type=Path, default=GENERATED)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--profile", type=int, default=0, help="print this many cProfile entries")
    parser.add_argument(
        "--fetch-bytes", type=int, default=0,
        help="feed the records in the order a lagging consumer gets them, this many bytes per "
        "partition fetch (1048576: aiokafka's default); 0: spread over the partitions",
    )  # fmt: skip
    parser.add_argument(
        "--unpack", action="store_true",
        help="each poll's records come out of Kafka record batches through aiokafka's getmany "
        "path (CRC check, unpacking into records), inside the timing",
    )  # fmt: skip
    parser.add_argument(
        "--flush-rows", type=int, default=BATCH,
        help="flush once this many rows are pending (5000: a ClickHouse sink's batch_rows, the "
        "shape of a broker run; the rows then wait longer between their making and the insert)",
    )  # fmt: skip
    args = parser.parse_args()
    result = asyncio.run(
        run(
            args.name,
            args.generated,
            args.events,
            args.profile,
            args.fetch_bytes,
            args.unpack,
            args.flush_rows,
        )
    )
    under = " under the profiler" if args.profile else ""
    print(f"{result['name']}: {result['cpu_us_per_record']} µs CPU per record{under} "
          f"({result['records']:,} records)")  # fmt: skip
    if "profile" in result:
        print(result["profile"])


if __name__ == "__main__":
    main()
