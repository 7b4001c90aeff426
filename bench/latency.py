"""End-to-end latency, event produced -> visible in the sink, at a steady produce rate.

Kafka sink (the join): the bench consumes the output topic itself; latency = the time the bench
receives the joined record - the time the left event was produced (its `timestamp` field, set
to the wall clock, microseconds, right before it was sent; the join copies it to its output).

ClickHouse sink (the sessions and CDC pipelines; CDC: changes of the orders table only): chDB runs inside the processor, so "visible" is taken
from the processor's own log: it logs `clickhouse table=.. token=<table>:<topic>:<partition>:
<first>-<last>` right after each insert returns (async_insert=0: the rows are then durable and
readable). Latency of a record = that log time - the time its batch was sent, matched by
(partition, offset). Only the processor's own logger runs at DEBUG for this (see measure.py).
"""

from __future__ import annotations

import asyncio
import bisect
import statistics
import time
import uuid
from datetime import datetime
from pathlib import Path

import data
import kafka_tools
import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from measure import GENERATED, Processor, processor_args

TICK_S = 0.005


def percentiles(values_ms: list[float]) -> dict:
    if not values_ms:
        return {"n": 0}
    ordered = sorted(values_ms)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1], 1), "mean_ms": round(statistics.fmean(ordered), 1)}  # fmt: skip


class Paced:
    """Sends events at `rate` per second in small per-partition batches (one every 5 ms)."""

    def __init__(self, producer: AIOKafkaProducer, topic: str, partitions: int, rate: float):
        self.producer = producer
        self.topic = topic
        self.partitions = partitions
        self.rate = rate
        self.sent = 0
        self.batches: list[tuple[int, asyncio.Future, int, float]] = []  # partition, fut, n, at

    async def run(self, seconds: float, make) -> None:
        loader = kafka_tools.Loader(self.producer, self.partitions)
        start = time.time()
        while (now := time.time()) - start < seconds:
            due = int((now - start) * self.rate) - self.sent
            if due > 0:
                open_batches: dict[int, tuple[object, int]] = {}
                for _ in range(due):
                    key, value = make(self.sent, now)
                    part = loader.partition_of(key)
                    batch, n = open_batches.get(part, (None, 0))
                    if batch is None:
                        batch = self.producer.create_batch()
                    if batch.append(key=key, value=value, timestamp=None) is None:  # full
                        fut = await self.producer.send_batch(batch, self.topic, partition=part)
                        self.batches.append((part, fut, n, now))
                        batch, n = self.producer.create_batch(), 0
                        batch.append(key=key, value=value, timestamp=None)
                    open_batches[part] = (batch, n + 1)
                    self.sent += 1
                for part, (batch, n) in open_batches.items():
                    fut = await self.producer.send_batch(batch, self.topic, partition=part)
                    self.batches.append((part, fut, n, now))
            await asyncio.sleep(TICK_S)
        await asyncio.gather(*(fut for _, fut, _, _ in self.batches))


def _producer(bootstrap: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=0,
                            max_batch_size=1024 * 1024)  # fmt: skip


# --- the join -> Kafka


async def _join_traffic(bootstrap: str, rate: float, seconds: float, partitions: int,
                        users: int) -> dict:  # fmt: skip
    out = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                           fetch_max_wait_ms=20)  # fmt: skip
    await out.start()
    producer = _producer(bootstrap)
    await producer.start()
    try:
        parts = await kafka_tools._partitions(out, "enriched-clickstream")
        out.assign([TopicPartition("enriched-clickstream", p) for p in parts])
        await out.seek_to_end()
        for tp in out.assignment():
            await out.position(tp)
        run_id = uuid.uuid4().hex[:6]
        base_user = 20_000_000
        now = time.time()
        for i in range(users):  # the right side first: every left event then has one partner
            uid = base_user + i
            profile = {"user_id": uid, "email": f"lat{uid}@example.com", "name": f"L {uid}",
                       "segment": "gold", "country": "DE", "timestamp": data.iso_us(now)}  # fmt: skip
            await producer.send(
                "user-profile-updates", orjson.dumps(profile), key=str(uid).encode()
            )
        await producer.flush()
        await asyncio.sleep(1.5)

        def make(n: int, at: float) -> tuple[bytes, bytes]:
            # a quarter of the events join (about the share that joins in the throughput data);
            # the others are for users without a profile update and produce nothing
            uid = base_user + (n // 4) % users if n % 4 == 0 else 30_000_000 + n
            event = {"event_id": f"lat-{run_id}-{n}", "event_type": "page_view", "user_id": uid,
                     "session_id": f"lat-{uid}", "timestamp": data.iso_us(at),
                     "page_url": "/product/000001", "country": "DE", "city": "Berlin",
                     "properties": {"lang": "en-US"}}  # fmt: skip
            return str(uid).encode(), orjson.dumps(event)

        paced = Paced(producer, "clickstream-events", partitions, rate)
        received: dict[str, float] = {}
        prefix = f"lat-{run_id}-"
        stop = asyncio.Event()

        async def consume() -> None:
            while not stop.is_set():
                batches = await out.getmany(timeout_ms=50)
                at = time.time()
                for messages in batches.values():
                    for message in messages:
                        value = orjson.loads(message.value)
                        if value.get("event_id", "").startswith(prefix):
                            sent = datetime.fromisoformat(value["timestamp"]).timestamp()
                            received.setdefault(value["event_id"], at - sent)

        reader = asyncio.create_task(consume())
        await paced.run(seconds, make)
        expected = (paced.sent + 3) // 4
        deadline = time.monotonic() + 15
        while len(received) < expected and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        stop.set()
        await reader
    finally:
        await producer.stop()
        await out.stop()
    # the first 10% is warm-up (connections, caches)
    ordered = sorted(received.items(), key=lambda kv: int(kv[0].rsplit("-", 1)[1]))
    steady = [lat * 1000 for _, lat in ordered[len(ordered) // 10 :]]
    return {"sent": paced.sent, "joining": expected, "received": len(received),
            **percentiles(steady)}  # fmt: skip


def join_latency(bootstrap: str, rate: float, seconds: float, partitions: int, workdir: Path,
                 users: int = 2000, generated: Path = GENERATED) -> dict:  # fmt: skip
    name = "clickstream_profile_join"
    group = f"bench-lat-{uuid.uuid4().hex[:8]}"
    kafka_tools.commit_at_end(bootstrap, group, ["clickstream-events", "user-profile-updates"])
    args = processor_args(name, bootstrap, group, "", workdir / "ch", generated)
    proc = Processor(name, args, workdir, generated=generated)
    try:
        proc.wait_assigned()
        result = asyncio.run(_join_traffic(bootstrap, rate, seconds, partitions, users))
    finally:
        code = proc.stop()
    return {"pipeline": name, "sink": "kafka (enriched-clickstream)", "rate": round(rate, 1),
            "seconds": seconds, "exit_code": code, "log": str(proc.log_path), **result}  # fmt: skip


# --- the sessions pipeline -> ClickHouse (chDB)


async def _session_traffic(bootstrap: str, rate: float, seconds: float, partitions: int,
                           sessions: int) -> Paced:  # fmt: skip
    producer = _producer(bootstrap)
    await producer.start()
    try:
        rng_n = max(1, sessions)

        def make(n: int, at: float) -> tuple[bytes, bytes]:
            session = n % rng_n  # users with Redis profiles (seeded), as in the throughput run
            event = {"event_id": f"lat-{n}", "event_type": "page_view",
                     "user_id": data.user_id(session), "session_id": f"lat-sess-{session}",
                     "timestamp": data.iso_us(at), "page_url": "/cart", "country": "FR",
                     "city": "Paris", "properties": {"lang": "fr-FR"}}  # fmt: skip
            return str(data.user_id(session)).encode(), orjson.dumps(event)

        paced = Paced(producer, "user-events", partitions, rate)
        await paced.run(seconds, make)
        return paced
    finally:
        await producer.stop()


# --- the CDC pipeline -> ClickHouse (chDB)

CDC_LATENCY_TOPIC = "orders.public.orders"


async def _cdc_traffic(bootstrap: str, rate: float, seconds: float, partitions: int) -> Paced:
    """Changes of the orders table only (one topic, paced as the others); order_items is idle."""
    producer = _producer(bootstrap)
    await producer.start()
    try:
        changes = (change for change in data.cdc(10_000_000, seed=17) if change[0] == "orders")

        def make(n: int, at: float) -> tuple[bytes, bytes]:
            _table, _lsn, key, value = next(changes)
            return key, value

        paced = Paced(producer, CDC_LATENCY_TOPIC, partitions, rate)
        await paced.run(seconds, make)
        return paced
    finally:
        await producer.stop()


def clickhouse_latency(bootstrap: str, redis_url: str, rate: float, seconds: float,
                       partitions: int, workdir: Path, sessions: int,
                       generated: Path = GENERATED, name: str = "clickstream_sessions") -> dict:  # fmt: skip
    """Sessions (`name` clickstream_sessions) or CDC (orders_cdc) -> ClickHouse."""
    group = f"bench-lat-{uuid.uuid4().hex[:8]}"
    cdc = name == "orders_cdc"
    topic = CDC_LATENCY_TOPIC if cdc else "user-events"
    topics = [CDC_LATENCY_TOPIC, "orders.public.order_items"] if cdc else [topic]
    kafka_tools.commit_at_end(bootstrap, group, topics)
    args = processor_args(name, bootstrap, group, redis_url, workdir / "ch", generated)
    proc = Processor(name, args, workdir, debug_own_logger=True, generated=generated)
    try:
        proc.wait_assigned()
        if cdc:
            paced = asyncio.run(_cdc_traffic(bootstrap, rate, seconds, partitions))
        else:
            paced = asyncio.run(_session_traffic(bootstrap, rate, seconds, partitions, sessions))
        last: dict[int, int] = {}
        sends = []
        for part, fut, n, at in paced.batches:
            base = fut.result().offset
            sends.append((part, base, n, at))
            last[part] = max(last.get(part, -1), base + n - 1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            proc.watch.update()
            seen: dict[int, int] = {}
            for _, _, tp, _, hi in proc.watch.inserts:
                if tp.topic == topic:
                    seen[tp.partition] = max(seen.get(tp.partition, -1), hi)
            if all(seen.get(p, -1) >= o for p, o in last.items()):
                break
            time.sleep(0.2)
    finally:
        code = proc.stop()
    inserts: dict[int, list[tuple[int, float]]] = {}
    for at, _table, tp, _lo, hi in proc.watch.inserts:
        if tp.topic == topic:
            inserts.setdefault(tp.partition, []).append((hi, at))
    for rows in inserts.values():
        rows.sort()
    latencies: list[tuple[float, float]] = []  # (sent at, latency ms)
    missing = 0
    for part, base, n, sent_at in sends:
        rows = inserts.get(part, [])
        his = [hi for hi, _ in rows]
        for offset in range(base, base + n):
            i = bisect.bisect_left(his, offset)
            if i == len(rows):
                missing += 1
                continue
            latencies.append((sent_at, (rows[i][1] - sent_at) * 1000))
    latencies.sort()
    steady = [lat for _, lat in latencies[len(latencies) // 10 :]]
    return {"pipeline": name, "sink": "clickhouse (chDB, insert returned)", "rate": round(rate, 1),
            "seconds": seconds, "exit_code": code, "sent": paced.sent,
            "received": len(latencies), "missing": missing, "inserts": len(proc.watch.inserts),
            "log": str(proc.log_path), **percentiles(steady)}  # fmt: skip
