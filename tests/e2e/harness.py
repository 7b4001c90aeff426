"""Helpers for running generated processors against the real stack, as a user would."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"


def wait_until(
    predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.2
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


async def _recreate(bootstrap: str, names: list[str]) -> None:
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


def fresh_topics(bundle: Path, bootstrap: str, partitions: int, extra: Iterable[str] = ()) -> None:
    """Delete the bundle's topics (and `extra`), then create them with the bundle's own script."""
    script = bundle / "setup_topics.py"
    names = re.findall(r'^\s+\("([^"]+)", "', script.read_text(), flags=re.M)
    asyncio.run(_recreate(bootstrap, names + list(extra)))
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--bootstrap-servers",
            bootstrap,
            "--partitions",
            str(partitions),
        ],
        check=True,
        capture_output=True,
        text=True,
    )


async def _produce(
    bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes | None]]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key) for key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes | None]]) -> None:
    asyncio.run(_produce(bootstrap, topic, records))


def produce_json(bootstrap: str, topic: str, events: list[dict[str, Any]], key: str) -> None:
    produce(bootstrap, topic, [(str(e[key]).encode(), json.dumps(e).encode()) for e in events])


@dataclass
class Message:
    key: bytes | None
    value: bytes | None
    headers: dict[str, str] = field(default_factory=dict)


async def _read_topic(bootstrap: str, topic: str, isolation_level: str) -> list[Message]:
    # Without a group, a subscribed consumer is assigned every partition of the topic.
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
        auto_offset_reset="earliest", isolation_level=isolation_level,
    )  # fmt: skip
    await consumer.start()
    try:
        deadline = time.monotonic() + 30
        while not consumer.assignment():
            if time.monotonic() > deadline:
                raise LookupError(f"topic {topic!r} has no partitions")
            await asyncio.sleep(0.1)
        ends = await consumer.end_offsets(list(consumer.assignment()))
        out: list[Message] = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=1000)
            for messages in batches.values():
                out += [
                    Message(m.key, m.value, {k: v.decode() for k, v in (m.headers or ())})
                    for m in messages
                ]
        return out
    finally:
        await consumer.stop()


def read_topic(
    bootstrap: str, topic: str, isolation_level: str = "read_uncommitted"
) -> list[Message]:
    """Everything in the topic right now: plain records and, read_uncommitted, the records of
    open and aborted transactions too; read_committed stops at the first open transaction."""
    return asyncio.run(_read_topic(bootstrap, topic, isolation_level))


_QUERY = """
import json, sys
import clickhouse_connect
client = clickhouse_connect.get_client(dsn=sys.argv[1])
rows = client.query(sys.argv[2]).result_rows
print(json.dumps([list(r) for r in rows], default=str))
"""


def chdb_query(dsn: str, sql: str) -> list[list[Any]]:
    """Query an embedded chDB database in a separate process (one chDB path per process)."""
    result = subprocess.run(
        [sys.executable, "-c", _QUERY, dsn, sql], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"chDB query failed: {sql}\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


class ProcessorRun:
    """A generated processor started exactly as a user would: `python generated/<name>/<name>.py`."""

    def __init__(
        self,
        name: str,
        workdir: Path,
        args: list[str],
        env: dict[str, str] | None = None,
        bundle: Path | None = None,
    ):
        self.name = name
        self.log_path = workdir / f"{name}.{int(time.time() * 1000)}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str((bundle or GENERATED / name) / f"{name}.py"), *args],
            cwd=workdir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LOG_LEVEL": "INFO", **(env or {})},
        )

    def output(self) -> str:
        return self.log_path.read_text()

    def consumed(self) -> int:
        counts = re.findall(r"consumed=(\d+)", self.output())
        return int(counts[-1]) if counts else 0

    def wait_for(self, pattern: str, timeout: float = 60) -> None:
        def seen() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.output()[-3000:]}")
            return bool(re.search(pattern, self.output()))

        wait_until(seen, timeout, f"{pattern!r} in the {self.name} log")

    def wait_consumed(self, count: int, timeout: float = 90) -> None:
        self.wait_for(r"assigned partitions=", timeout)

        def done() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.output()[-3000:]}")
            return self.consumed() >= count

        wait_until(done, timeout, f"{self.name} to consume {count} records")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout)
        finally:
            self.log.close()
        return code


def key_partition(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner (murmur2, as the Java client) picks for a key."""
    from aiokafka.partitioner import murmur2

    return (murmur2(key) & 0x7FFFFFFF) % partitions


async def _produce_many(
    bootstrap: str, records: list[tuple[str, bytes | None, bytes | None]]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key) for topic, key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce_many(bootstrap: str, records: list[tuple[str, bytes | None, bytes | None]]) -> None:
    """Produce (topic, key, value) records in this order, to several topics, with one producer."""
    asyncio.run(_produce_many(bootstrap, records))


def generate_bundle(spec: dict[str, Any], out: Path) -> Path:
    """Render a bundle from a spec with the etl-gen CLI, as a user would; returns its directory."""
    import yaml

    out.mkdir(parents=True, exist_ok=True)
    spec_path = out / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False))
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", str(spec_path), "--out", str(out)],
        check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    return out


async def _committed(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
        return {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}
    finally:
        await admin.close()


def committed_offsets(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    """The consumer group's committed offsets, per (topic, partition)."""
    return asyncio.run(_committed(bootstrap, group))


async def _ends(bootstrap: str, topic: str, partitions: int) -> dict[tuple[str, int], int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition(topic, p) for p in range(partitions)])
        return {(tp.topic, tp.partition): end for tp, end in ends.items()}
    finally:
        await consumer.stop()


def end_offsets(bootstrap: str, topic: str, partitions: int) -> dict[tuple[str, int], int]:
    """The next offset of every partition of a topic (what a caught-up group has committed)."""
    return asyncio.run(_ends(bootstrap, topic, partitions))


def recreate_topics(bootstrap: str, names: Iterable[str], partitions: int) -> None:
    """Delete the topics if they exist, then create them empty with `partitions` partitions."""
    from aiokafka.admin import NewTopic

    async def recreate() -> None:
        await _recreate(bootstrap, list(names))
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            await admin.create_topics(
                [NewTopic(n, num_partitions=partitions, replication_factor=1) for n in names]
            )
            deadline = time.monotonic() + 30
            while not set(names) <= set(await admin.list_topics()):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"topics {list(names)} not visible after 30s")
                await asyncio.sleep(0.2)
        finally:
            await admin.close()

    names = list(names)
    asyncio.run(recreate())


def wait_committed(
    bootstrap: str, group: str, targets: dict[tuple[str, int], int], timeout: float
) -> dict[tuple[str, int], int]:
    """Wait until the group has committed at least `targets[(topic, partition)]` everywhere."""

    def reached() -> dict[tuple[str, int], int] | None:
        committed = committed_offsets(bootstrap, group)
        behind = {tp: o for tp, o in targets.items() if committed.get(tp, -1) < o}
        return None if behind else committed

    result: dict[tuple[str, int], int] = wait_until(
        reached, timeout, f"group {group} to commit {targets}", interval=1.0
    )
    return result


class InstanceGroup:
    """Several instances of one generated processor in one consumer group, each in its own
    working directory (`<workdir>/<n>`, so each has its own embedded chDB data), started and
    SIGKILLed one by one as an operator scaling out would."""

    def __init__(
        self,
        name: str,
        workdir: Path,
        args: Callable[[Path], list[str]],
        bundle: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.workdir = workdir
        self.args = args
        self.bundle = bundle
        self.env = env
        self.runs: list[ProcessorRun] = []
        self.killed: list[ProcessorRun] = []
        self.stopped: list[ProcessorRun] = []

    def start(self) -> ProcessorRun:
        where = self.workdir / f"instance-{len(self.runs)}"
        where.mkdir(parents=True)
        run = ProcessorRun(self.name, where, self.args(where), env=self.env, bundle=self.bundle)
        self.runs.append(run)
        return run

    def live(self) -> list[ProcessorRun]:
        return [run for run in self.runs if run not in self.killed + self.stopped]

    def kill(self, run: ProcessorRun) -> None:
        run.stop(signal.SIGKILL)
        self.killed.append(run)

    def dirs(self) -> list[Path]:
        return [self.workdir / f"instance-{n}" for n in range(len(self.runs))]

    def stop(self) -> list[tuple[int, str]]:
        """SIGTERM every live instance (they flush and commit); (exit code, log) of each."""
        out = []
        live = self.live()
        for run in live:
            if run.process.poll() is None:
                run.process.send_signal(signal.SIGTERM)
        for run in live:
            try:
                code = run.process.wait(60)
            finally:
                run.log.close()
                self.stopped.append(run)
            out.append((code, run.output()))
        return out


def produce_paced(
    bootstrap: str, records: list[tuple[str, bytes | None, bytes | None]], pieces: int, pause: float
) -> None:
    """Produce (topic, key, value) records in order, in `pieces` slices `pause` seconds apart:
    a stream that is still arriving while the processors work."""
    size = -(-len(records) // pieces) if records else 0
    for start in range(0, len(records), max(size, 1)):
        produce_many(bootstrap, records[start : start + size])
        time.sleep(pause)
