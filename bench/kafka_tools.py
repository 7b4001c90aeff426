"""Kafka helpers of the benchmark: fresh topics, fast bulk loading, offsets of groups and topics."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import data
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.partitioner import murmur2

# --- topics


async def _delete(bootstrap: str, names: list[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics()) & set(names)
        if existing:
            await admin.delete_topics(sorted(existing))
        deadline = time.monotonic() + 60
        while set(await admin.list_topics()) & set(names):
            if time.monotonic() > deadline:
                raise TimeoutError(f"topics {names} were not deleted")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


async def _wait_ready(bootstrap: str, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await admin.close()


def wait_ready(bootstrap: str, timeout: float = 90) -> None:
    """Until the broker answers metadata requests (a fresh KRaft node takes a few seconds)."""
    asyncio.run(_wait_ready(bootstrap, timeout))


def bundle_topics(bundle: Path) -> list[str]:
    """The topics a bundle's own setup_topics.py creates."""
    return re.findall(r'^\s+\("([^"]+)", "', (bundle / "setup_topics.py").read_text(), flags=re.M)


def fresh_topics(
    bundle: Path, bootstrap: str, partitions: int, made: Iterable[str] = ()
) -> list[str]:
    """Delete the bundle's topics, then create them with the bundle's own setup_topics.py.

    Topics in `made` were made fresh by this run already (two sales pipelines share their input)
    and are kept: deleting a topic just created can outlast the deletion's wait."""
    names = bundle_topics(bundle)
    delete_topics(bootstrap, [name for name in names if name not in set(made)])
    subprocess.run(
        [sys.executable, str(bundle / "setup_topics.py"), "--bootstrap-servers", bootstrap,
         "--partitions", str(partitions)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return names


def delete_topics(bootstrap: str, names: list[str]) -> None:
    asyncio.run(_delete(bootstrap, names))


async def _end_offsets(bootstrap: str, topics: Iterable[str]) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [
            TopicPartition(t, p)
            for t in topics
            for p in sorted(consumer.partitions_for_topic(t) or await _partitions(consumer, t))
        ]
        return dict(await consumer.end_offsets(tps))
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    deadline = time.monotonic() + 30
    while True:
        await consumer._client.force_metadata_update()
        parts = consumer.partitions_for_topic(topic)
        if parts:
            return parts
        if time.monotonic() > deadline:
            raise LookupError(f"topic {topic!r} has no partitions")
        await asyncio.sleep(0.2)


def end_offsets(bootstrap: str, topics: Iterable[str]) -> dict[TopicPartition, int]:
    return asyncio.run(_end_offsets(bootstrap, list(topics)))


async def _commit_at_end(bootstrap: str, group: str, topics: list[str]) -> None:
    """Commit the current end of `topics` for `group`, so a processor in it reads only new data."""
    ends = await _end_offsets(bootstrap, topics)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(ends))
        await consumer.commit(dict(ends))
    finally:
        await consumer.stop()


def commit_at_end(bootstrap: str, group: str, topics: list[str]) -> None:
    asyncio.run(_commit_at_end(bootstrap, group, topics))


async def _committed(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
        return {tp: meta.offset for tp, meta in offsets.items()}
    finally:
        await admin.close()


def committed(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    """The group's committed offsets, as the broker has them."""
    return asyncio.run(_committed(bootstrap, group))


# --- bulk loading: whole batches built with the producer's C record builder, several in flight


class Loader:
    """Appends records to one open batch per (topic, partition) and sends full ones."""

    def __init__(self, producer: AIOKafkaProducer, partitions: int) -> None:
        self.producer = producer
        self.partitions = partitions
        self.batches: dict[tuple[str, int], object] = {}
        self.in_flight: list[asyncio.Future] = []
        self.counts: dict[str, list[int]] = {}
        self.bytes = 0
        self._part_cache: dict[bytes, int] = {}

    def partition_of(self, key: bytes) -> int:
        """Kafka's default partitioner (murmur2, as the Java client and Debezium use)."""
        part = self._part_cache.get(key)
        if part is None:
            part = (murmur2(key) & 0x7FFFFFFF) % self.partitions
            if len(self._part_cache) < 500_000:
                self._part_cache[key] = part
        return part

    async def add(
        self, topic: str, key: bytes | None, value: bytes, partition: int | None = None
    ) -> None:
        part = self.partition_of(key) if partition is None else partition
        slot = (topic, part)
        batch = self.batches.get(slot)
        if batch is None:
            batch = self.batches[slot] = self.producer.create_batch()
        if batch.append(key=key, value=value, timestamp=None) is None:
            await self._send(slot)
            batch = self.batches[slot] = self.producer.create_batch()
            batch.append(key=key, value=value, timestamp=None)
        counts = self.counts.setdefault(topic, [0] * self.partitions)
        counts[part] += 1
        self.bytes += len(value)

    async def _send(self, slot: tuple[str, int]) -> None:
        batch = self.batches.pop(slot)
        self.in_flight.append(await self.producer.send_batch(batch, slot[0], partition=slot[1]))
        if len(self.in_flight) > 64:
            await asyncio.gather(*self.in_flight[:32])
            del self.in_flight[:32]

    async def flush(self) -> None:
        for slot in list(self.batches):
            await self._send(slot)
        await asyncio.gather(*self.in_flight)
        self.in_flight.clear()


def _producer(bootstrap: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks=1, linger_ms=50, max_batch_size=512 * 1024,
        max_request_size=4 * 1024 * 1024, request_timeout_ms=60_000,
    )  # fmt: skip


async def _load(bootstrap: str, family: str, events: int, partitions: int, topics: list[str],
                closers: int) -> dict:  # fmt: skip
    producer = _producer(bootstrap)
    await producer.start()
    loader = Loader(producer, partitions)
    t0 = time.monotonic()
    last_at = data.BASE_MS
    try:
        if family == "clickstream":
            plan = data.session_plan(events)
            click_topics = [t for t in topics if t != "user-profile-updates"]
            for at, key, value in data.clickstream(events, plan=plan):
                for topic in click_topics:
                    await loader.add(topic, key, value)
                last_at = at
            if "user-profile-updates" in topics:
                for _at, key, value in data.profile_updates(events, plan=plan):
                    await loader.add("user-profile-updates", key, value)
            await loader.flush()
            far = last_at + data.FAR_FUTURE_MS
            for topic in click_topics:
                for p in range(partitions):
                    for n in range(closers):
                        await loader.add(topic, b"1", data.click_closer(far + n, p, n), p)
            if "user-profile-updates" in topics:
                for p in range(partitions):
                    await loader.add("user-profile-updates", b"2", data.profile_closer(far, p), p)
        elif family == "sales":
            for at, key, value in data.sales(events):
                await loader.add(topics[0], key, value)
                last_at = at
            await loader.flush()
            far = last_at + data.FAR_FUTURE_MS
            for p in range(partitions):
                await loader.add(topics[0], b"bench-closer", data.sales_closer(far, p), p)
        elif family == "cdc":
            by_table = {t.rsplit(".", 1)[-1]: t for t in topics}
            for table, _lsn, key, value in data.cdc(events):
                await loader.add(by_table[table], key, value)
        else:
            raise ValueError(family)
        await loader.flush()
    finally:
        await producer.stop()
    seconds = time.monotonic() - t0
    records = sum(sum(c) for c in loader.counts.values())
    return {"family": family, "records": records, "bytes": loader.bytes, "seconds": seconds,
            "rate": records / seconds, "counts": loader.counts}  # fmt: skip


def load_family(bootstrap: str, family: str, events: int, partitions: int, topics: list[str],
                closers: int) -> dict:  # fmt: skip
    """Generate and produce one family of topics (runs in a worker process)."""
    return asyncio.run(_load(bootstrap, family, events, partitions, topics, closers))


def chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
