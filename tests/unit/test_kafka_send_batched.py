"""The Kafka sinks' batch-shaped produce (`send_batched`, `KeyPartitions`), as generated.

The generated clickstream_profile_join processor is loaded as it ships. Its producer is a real
AIOKafkaProducer that is never started: `create_batch` builds aiokafka's own record batches,
and only the broker-facing calls (`partitions_for`, `send_batch`, `send`) are recorded here.
What must hold: every message goes to the partition aiokafka's default partitioner picks for
its key, in the given order within its partition, nothing is lost when a batch fills, and a
message too large for a batch goes through `producer.send` after its partition's open batch.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.record.default_records import DefaultRecordBatch

from tests.support.bundles import load_processor

REPO = Path(__file__).resolve().parents[2]
NAME = "clickstream_profile_join"


JOIN = load_processor(REPO / "generated" / NAME / f"{NAME}.py", NAME)
PARTITIONS = [0, 1, 2, 3, 4]


class Recording:
    """A never-started producer whose broker-facing calls are recorded."""

    def __init__(self) -> None:
        self.producer = AIOKafkaProducer(max_batch_size=JOIN.MAX_BATCH_BYTES)
        self.queued: list[tuple[str, int, str, Any]] = []  # (topic, partition, how, what)

        async def partitions_for(topic: str) -> set[int]:
            return set(PARTITIONS)

        async def send_batch(batch: Any, topic: str, *, partition: int) -> asyncio.Future:
            self.queued.append((topic, partition, "batch", batch))
            return self._done()

        async def send(topic: str, value: bytes, key: bytes, partition: int, headers: Any) -> Any:
            self.queued.append((topic, partition, "send", (key, value, headers)))
            return self._done()

        self.producer.partitions_for = partitions_for  # type: ignore[method-assign]
        self.producer.send_batch = send_batch  # type: ignore[method-assign]
        self.producer.send = send  # type: ignore[method-assign]

    @staticmethod
    def _done() -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future

    def messages(self) -> list[tuple[str, int, bytes | None, bytes, list]]:
        """(topic, partition, key, value, headers) of everything queued, in queue order."""
        out = []
        for topic, partition, how, what in self.queued:
            if how == "send":
                key, value, headers = what
                out.append((topic, partition, key, value, list(headers)))
                continue
            for record in DefaultRecordBatch(bytes(what._build())):
                headers = [(name, value) for name, value in record.headers]
                out.append((topic, partition, record.key, record.value, headers))
        return out


def _send(messages: list) -> Recording:
    async def run() -> Recording:
        recording = Recording()  # aiokafka makes its producer inside a running loop
        futures = await JOIN.send_batched(recording.producer, JOIN.KeyPartitions(), messages)
        await asyncio.gather(*futures)
        return recording

    return asyncio.run(run())


def test_each_message_goes_to_the_default_partition_in_order_within_it() -> None:
    default = DefaultPartitioner()
    messages = [
        ("out", b'{"n":%d}' % n, b"user-%d" % (n % 37), [("h", b"%d" % n)] if n % 5 else [])
        for n in range(3000)
    ]
    recording = _send(messages)

    queued = recording.messages()
    assert sorted(queued, key=lambda m: m[3]) == sorted(
        [
            (topic, default(key, PARTITIONS, PARTITIONS), key, value, headers)
            for topic, value, key, headers in messages
        ],
        key=lambda m: m[3],
    )
    for partition in PARTITIONS:
        assert [m[3] for m in queued if m[1] == partition] == [
            value
            for _, value, key, _ in messages
            if default(key, PARTITIONS, PARTITIONS) == partition
        ]


def test_a_full_batch_is_queued_and_a_new_one_started() -> None:
    value = b"x" * 10_000
    messages = [("out", value, b"same-key", []) for _ in range(60)]  # ~600 KB on one partition
    recording = _send(messages)

    batches = [entry for entry in recording.queued if entry[2] == "batch"]
    assert len(batches) >= 3
    assert all(len(batch[3]._build()) <= JOIN.MAX_BATCH_BYTES for batch in batches)
    assert len(recording.messages()) == 60


def test_a_message_too_large_for_a_batch_goes_through_send_after_the_open_batch() -> None:
    large = b"y" * JOIN.MAX_BATCH_BYTES
    messages = [
        ("out", b"small-1", b"k", []),
        ("out", large, b"k", []),
        ("out", b"small-2", b"k", []),
    ]
    recording = _send(messages)

    assert [how for _, _, how, _ in recording.queued] == ["batch", "send", "batch"]
    assert [m[3] for m in recording.messages()] == [b"small-1", large, b"small-2"]


def test_key_partitions_agree_with_the_default_and_forget_when_full(monkeypatch: Any) -> None:
    default = DefaultPartitioner()
    partitions = JOIN.KeyPartitions()
    monkeypatch.setattr(partitions, "LIMIT", 10)
    for n in range(100):
        key = b"key-%d" % (n % 23)
        for count in ([0, 1, 2], PARTITIONS):
            assert partitions(key, count, count) == default(key, count, count)
        assert len(partitions.known) <= 10
    assert partitions(None, [0, 1, 2], [1]) == 1  # no key: an available partition
