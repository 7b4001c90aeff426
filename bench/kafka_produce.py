"""The Kafka sink's produce path alone, against a real broker: CPU µs per record, A/B.

    .venv/bin/python bench/kafka_produce.py                       # private broker, 100k records
    .venv/bin/python bench/kafka_produce.py --bootstrap HOST:PORT --records 50000 --rounds 5

It builds join-shaped output records (the benchmark's clickstream events, keyed by user_id, as
clickstream_profile_join writes them) and sends them in flushes of --flush records to a topic of
3 partitions, each variant with its own producer configured as a generated processor's
(acks=all, idempotence, linger 5 ms), the variants interleaved round by round. What it reports
is process CPU (user+sys; aiokafka's sender runs on the same thread) per record from the first
send of a round to its last acknowledgement: what a flush costs the processor, the JSON encoding
of the records included.

Variants:
  send            the sink today: `await producer.send(...)` per record, then gather the futures
  send_cached     the same with the producer's partitioner caching each key's partition
                  (aiokafka's DefaultPartitioner runs a pure-Python murmur2 per keyed message)
  send_batch      create_batch/send_batch per partition (partition chosen by the same cache)
  *_256k          the same with max_batch_size 256 KiB (default 16 KiB)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.partitioner import DefaultPartitioner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402
from private_kafka import PrivateKafka  # noqa: E402

PARTITIONS = 3


class CachedPartitioner:
    """aiokafka's default partitioner, each key's partition remembered (bounded)."""

    LIMIT = 1 << 16

    def __init__(self) -> None:
        self.default = DefaultPartitioner()
        self.known: dict[tuple[bytes, int], int] = {}

    def __call__(self, key: bytes | None, all_partitions: list[int], available: list[int]) -> int:
        if key is None:
            return self.default(key, all_partitions, available)
        known = self.known
        cached = known.get((key, len(all_partitions)))
        if cached is None:
            if len(known) >= self.LIMIT:
                known.clear()
            cached = known[key, len(all_partitions)] = self.default(key, all_partitions, available)
        return cached


def records(count: int) -> list[dict[str, Any]]:
    """Join-shaped outputs: a click with the profile's fields."""
    out = []
    for _, _, value in data.clickstream(count):
        row = orjson.loads(value)
        row.update(
            user_email=f"u{row['user_id']}@example.com", user_name="Name Surname",
            user_segment="premium", user_country="DE", profile_updated_at=row["timestamp"],
        )  # fmt: skip
        out.append(row)
    return out


async def flush_send(producer: AIOKafkaProducer, topic: str, rows: list[dict]) -> None:
    futures = []
    for value in rows:
        key = str(value["user_id"]).encode()
        futures.append(await producer.send(topic, orjson.dumps(value), key=key))
    await asyncio.gather(*futures)


async def flush_send_batch(producer: AIOKafkaProducer, topic: str, rows: list[dict]) -> None:
    partitions = sorted(producer.client.cluster.partitions_for_topic(topic))
    partitioner = producer._partitioner
    batches: dict[int, Any] = {}
    futures = []
    for value in rows:
        key = str(value["user_id"]).encode()
        partition = partitioner(key, partitions, partitions)
        batch = batches.get(partition)
        if batch is None:
            batch = batches[partition] = producer.create_batch()
        payload = orjson.dumps(value)
        if batch.append(key=key, value=payload, timestamp=None) is None:
            futures.append(await producer.send_batch(batch, topic, partition=partition))
            batch = batches[partition] = producer.create_batch()
            batch.append(key=key, value=payload, timestamp=None)
    for partition, batch in batches.items():
        futures.append(await producer.send_batch(batch, topic, partition=partition))
    await asyncio.gather(*futures)


VARIANTS = {
    "send": ({}, flush_send),
    "send_cached": ({"partitioner": "cached"}, flush_send),
    "send_batch": ({"partitioner": "cached"}, flush_send_batch),
    "send_cached_256k": ({"partitioner": "cached", "max_batch_size": 262144}, flush_send),
    "send_batch_256k": ({"partitioner": "cached", "max_batch_size": 262144}, flush_send_batch),
}


async def run_variant(bootstrap: str, name: str, topic: str, rows: list[dict], flush: int) -> float:
    options, flush_fn = VARIANTS[name]
    extra: dict[str, Any] = {}
    if options.get("partitioner") == "cached":
        extra["partitioner"] = CachedPartitioner()
    if "max_batch_size" in options:
        extra["max_batch_size"] = options["max_batch_size"]
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5, **extra
    )
    await producer.start()
    try:
        await producer.client._wait_on_metadata(topic)
        started = time.process_time()
        for at in range(0, len(rows), flush):
            await flush_fn(producer, topic, rows[at : at + flush])
        return (time.process_time() - started) / len(rows) * 1e6
    finally:
        await producer.stop()


async def main_async(args: argparse.Namespace, bootstrap: str) -> dict:
    rows = records(args.records)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    topics = {name: f"produce-{name}-{uuid.uuid4().hex[:6]}" for name in args.variants}
    await admin.create_topics(
        [NewTopic(t, num_partitions=PARTITIONS, replication_factor=1) for t in topics.values()]
    )
    await admin.close()
    results: dict[str, list[float]] = {name: [] for name in args.variants}
    for round_ in range(args.rounds):
        order = args.variants if round_ % 2 == 0 else list(reversed(args.variants))
        for name in order:
            cpu = await run_variant(bootstrap, name, topics[name], rows, args.flush)
            results[name].append(round(cpu, 2))
            print(f"round {round_ + 1} {name}: {cpu:.2f} µs/record", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", help="a running broker (default: a private one)")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--flush", type=int, default=500, help="records per flush")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", type=lambda s: s.split(","), default=list(VARIANTS))
    args = parser.parse_args()
    broker = None
    bootstrap = args.bootstrap
    with tempfile.TemporaryDirectory(prefix="produce-bench-") as work:
        if bootstrap is None:
            broker = PrivateKafka(HERE.parent / ".stack", Path(work) / "kafka")
            bootstrap = broker.start()
        try:
            results = asyncio.run(main_async(args, bootstrap))
        finally:
            if broker is not None:
                broker.stop()
    summary = {
        name: {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": v}
        for name, v in results.items()
    }
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
