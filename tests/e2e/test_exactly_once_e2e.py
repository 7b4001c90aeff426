"""Exactly-once Kafka outputs under a crash loop, against the real broker.

Two pipelines rendered with `delivery: exactly_once`: a plain Kafka -> Kafka filter/map and the
seed's interval join. Each reads >= 50k preloaded records (plus malformed ones) on 3 partitions
while the processor is SIGKILLed at least 5 times and the broker restarted twice; a last run
catches up. The outputs and the dead letters, read with isolation_level=read_committed, are
compared with results computed here from the records sent: 0 lost and 0 duplicated.

EXACTLY_ONCE_RECORDS (default 50000) and EXACTLY_ONCE_KILLS (default 5) size the run; `make soak`
runs a longer variant.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from aiokafka import AIOKafkaConsumer
from harness import GENERATED, ProcessorRun, fresh_topics, generate_bundle, produce_many, wait_until

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "stack"))
import stack as stack_mod

RECORDS = int(os.environ.get("EXACTLY_ONCE_RECORDS", "50000"))
KILLS = int(os.environ.get("EXACTLY_ONCE_KILLS", "5"))
RESTARTS = 2
PARTITIONS = 3
MINUTE = 60_000
BASE = 1_709_294_400_000  # 2024-03-01T12:00:00Z
BAD = [b'{"broken": ', b"[1, 2]", b"not json at all"]


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def parse_ms(text: str) -> int:
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


async def _read_committed(bootstrap: str, topic: str) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", isolation_level="read_committed",
    )  # fmt: skip
    await consumer.start()
    try:
        deadline = time.monotonic() + 30
        while not consumer.assignment():
            if time.monotonic() > deadline:
                raise LookupError(f"topic {topic!r} has no partitions")
            await asyncio.sleep(0.1)
        # read_committed stops at the last stable offset: an open transaction ends the read
        ends = await consumer.end_offsets(list(consumer.assignment()))
        out: list[Any] = []
        idle = 0
        while idle < 3 and [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=1000)
            idle = 0 if batches else idle + 1
            out += [m for messages in batches.values() for m in messages]
        return out
    finally:
        await consumer.stop()


def read_committed(bootstrap: str, topic: str) -> list[Any]:
    return asyncio.run(_read_committed(bootstrap, topic))


@dataclass
class Case:
    spec: dict[str, Any]
    records: list[tuple[str, bytes | None, bytes | None]]  # (topic, key, value) in produce order
    expected: Counter[Any]  # every output's identity, once
    identify: Callable[[dict[str, Any]], Any]
    out_topic: str
    dlq: str


def orders_case() -> Case:
    spec = yaml.safe_load((GOLDEN / "exactly_once_orders_kafka" / "spec.yaml").read_text())
    rng = random.Random(12)
    records: list[tuple[str, bytes | None, bytes | None]] = []
    expected: Counter[Any] = Counter()
    for i in range(RECORDS):
        status = rng.choice(["paid", "paid", "shipped", "cancelled"])
        amount = rng.choice([0.0, 12.5, 40.0, 99.0])
        price, qty = rng.randint(1, 500) / 10, rng.randint(1, 9)
        order = {
            "order_id": f"o-{i:06d}", "status": status, "amount": amount, "price": price,
            "qty": qty, "created_at": iso(BASE + i * 1000),
        }  # fmt: skip
        records.append(("orders", order["order_id"].encode(), json.dumps(order).encode()))
        if status == "paid" and amount > 0:  # the spec's filter, computed here
            expected[(order["order_id"], round(price * qty, 6))] += 1
        if i % 10_000 == 5_000:
            records.append(("orders", b"bad", BAD[(i // 10_000) % len(BAD)]))
    return Case(spec, records, expected,
                lambda v: (v["order_id"], round(v["total"], 6)), "paid-orders", "orders-dlq")  # fmt: skip


def join_case() -> Case:
    spec = yaml.safe_load((GENERATED / "clickstream_profile_join" / "spec.yaml").read_text())
    spec["name"] = "join_exactly_once"
    spec["delivery"] = "exactly_once"
    spec["source"]["group_id"] = "join-exactly-once"
    bound = 5 * MINUTE
    rng = random.Random(7)
    users = 500
    left: list[tuple[int, dict[str, Any]]] = []
    right: list[tuple[int, dict[str, Any]]] = []
    n = 0
    span = 3 * 60 * MINUTE
    for user in range(1, users + 1):
        for _ in range(RECORDS * 3 // 5 // users):
            n += 1
            at = BASE + rng.randrange(span)
            left.append((at, {
                "event_id": f"ev-{n:06d}", "event_type": "click", "user_id": user,
                "session_id": f"s-{user}", "timestamp": iso(at), "page_url": f"https://x/{n}",
                "referrer": None, "user_agent": "Mozilla/5.0", "ip_address": "10.0.0.1",
                "country": "DE", "city": "Berlin", "properties": {"n": n},
            }))  # fmt: skip
        for k in range(RECORDS * 2 // 5 // users):
            at = BASE + rng.randrange(span) // 1000 * 1000 + k  # distinct times per user
            right.append((at, {
                "user_id": user, "email": f"u{user}.{k}@example.com", "name": f"User {user}",
                "segment": "gold", "country": "FR", "timestamp": iso(at),
            }))  # fmt: skip
    # a closing record a day later in every partition of both topics flushes the join state
    for user in range(1, 40):
        at = BASE + 24 * 60 * MINUTE + user
        n += 1
        left.append((at, {**left[0][1], "event_id": f"ev-{n:06d}", "user_id": user,
                          "timestamp": iso(at)}))  # fmt: skip
        right.append((at + 1, {**right[0][1], "user_id": user, "timestamp": iso(at + 1)}))
    updates: dict[int, list[int]] = defaultdict(list)
    for at, u in right:
        updates[u["user_id"]].append(at)
    expected: Counter[Any] = Counter()
    # the join's rule, computed here: an update within [event - 5 min, event + 5 min]
    for at, e in left:
        for u_at in updates[e["user_id"]]:
            if at - bound <= u_at <= at + bound:
                expected[(e["event_id"], u_at)] += 1
    tagged = [(at, "clickstream-events", e) for at, e in left]
    tagged += [(at, "user-profile-updates", u) for at, u in right]
    tagged.sort(key=lambda t: (t[0], t[1]))
    records: list[tuple[str, bytes | None, bytes | None]] = [
        (topic, str(v["user_id"]).encode(), json.dumps(v).encode()) for _, topic, v in tagged
    ]
    for i, bad in enumerate(BAD):
        records.insert(len(records) * (i + 1) // 4, ("clickstream-events", b"1", bad))
    return Case(spec, records, expected,
                lambda v: (v["event_id"], parse_ms(v["profile_updated_at"])),
                "enriched-clickstream", "clickstream-events-dlq")  # fmt: skip


GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def crash_loop(stack: dict, tmp_path: Path, case: Case) -> dict[str, int]:
    bootstrap = stack["kafka_bootstrap"]
    bundle = generate_bundle(case.spec, tmp_path / case.spec["name"])
    # named as well: a setup_topics.py line black wraps is not found by fresh_topics' pattern
    fresh_topics(bundle, bootstrap, PARTITIONS, extra=[case.out_topic, case.dlq])
    # the records arrive in KILLS + 1 parts, one before each run: every run has work when killed
    parts = [
        case.records[
            i * len(case.records) // (KILLS + 1) : (i + 1) * len(case.records) // (KILLS + 1)
        ]
        for i in range(KILLS + 1)
    ]
    name = case.spec["name"]
    group = f"e2e-eos-{uuid.uuid4().hex[:8]}"
    args = ["--bootstrap-servers", bootstrap, "--group-id", group,
            "--batch-rows", "200", "--flush-interval-ms", "300"]  # fmt: skip

    def start() -> ProcessorRun:
        return ProcessorRun(name, tmp_path, args, bundle=bundle)

    kills = restarts = aborted = listener_errors = 0
    consumed: list[int] = []
    rng = random.Random(3)
    # each run is killed soon after it starts working; the broker restarts under the 2nd and 4th
    while kills < KILLS:
        produce_many(bootstrap, parts[kills])
        run = start()
        run.wait_consumed(200, timeout=120)  # this run's log: killed with work in hand
        time.sleep(rng.uniform(0.0, 0.5))
        if kills in (1, 3) and restarts < RESTARTS:
            stack_mod.down(["kafka"])
            time.sleep(3)
            stack_mod.up(["kafka"])
            restarts += 1
            time.sleep(rng.uniform(1.0, 2.0))
        assert run.process.poll() is None, run.output()[-3000:]
        run.stop(signal.SIGKILL)
        kills += 1
        consumed.append(run.consumed())  # as last logged, replays included
        aborted += run.output().count("transaction aborted")
        listener_errors += run.output().count("failed on partition assignment")
    produce_many(bootstrap, parts[-1])
    final = start()
    expected_total = sum(case.expected.values())

    def caught_up() -> bool:
        assert final.process.poll() is None, final.output()[-3000:]
        return len(read_committed(bootstrap, case.out_topic)) >= expected_total

    try:
        wait_until(caught_up, 300, f"{expected_total} committed outputs", interval=5.0)
        time.sleep(3)  # anything more (a duplicate) would show up by now
    finally:
        code = final.stop()
    assert code == 0, final.output()[-3000:]
    outputs = Counter(
        case.identify(json.loads(m.value)) for m in read_committed(bootstrap, case.out_topic)
    )
    letters = Counter(
        dict(m.headers)["etl_gen_source"] for m in read_committed(bootstrap, case.dlq)
    )
    figures = {
        "records_in": len(case.records),
        "expected_out": expected_total,
        "records_out": sum(outputs.values()),
        "duplicates": sum(n - 1 for n in outputs.values() if n > 1),
        "lost": sum((case.expected - outputs).values()),
        "unexpected": sum((outputs - case.expected).values()),
        "dead_letters": sum(letters.values()),
        "dead_letter_duplicates": sum(n - 1 for n in letters.values() if n > 1),
        "kills": kills,
        "broker_restarts": restarts,
        "consumed_by_killed_runs": ",".join(map(str, consumed)),
        "aborted_flushes": aborted + final.output().count("transaction aborted"),
        "listener_errors": listener_errors + final.output().count("failed on partition assignment"),
    }
    print(f"\n[e2e] exactly once {name}: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    assert figures["duplicates"] == figures["lost"] == figures["unexpected"] == 0, figures
    bad = sum(1 for _, _, value in case.records if value in BAD)
    repeated = {source: n for source, n in letters.items() if n > 1}
    assert len(letters) == bad and not repeated, (figures, repeated)
    return figures


def test_kafka_to_kafka_exactly_once_through_kills_and_broker_restarts(
    stack: dict, tmp_path: Path
) -> None:
    try:
        crash_loop(stack, tmp_path, orders_case())
    finally:
        stack_mod.up()  # stopping Kafka stops Kafka Connect as well


def test_join_to_kafka_exactly_once_through_kills_and_broker_restarts(
    stack: dict, tmp_path: Path
) -> None:
    try:
        crash_loop(stack, tmp_path, join_case())
    finally:
        stack_mod.up()  # stopping Kafka stops Kafka Connect as well


def test_a_stalled_instance_is_fenced_when_it_resumes(stack: dict, tmp_path: Path) -> None:
    """SIGSTOP one processor past the session timeout, let a second take its partitions over,
    SIGCONT the first: whatever the first had in flight is aborted, it commits nothing more,
    and the outputs (read_committed) hold every expected record once."""
    bootstrap = stack["kafka_bootstrap"]
    case = orders_case()
    bundle = generate_bundle(case.spec, tmp_path / "zombie")
    fresh_topics(bundle, bootstrap, PARTITIONS, extra=[case.out_topic, case.dlq])
    produce_many(bootstrap, case.records)
    name = case.spec["name"]
    args = ["--bootstrap-servers", bootstrap, "--group-id", f"e2e-zombie-{uuid.uuid4().hex[:8]}",
            "--batch-rows", "100", "--flush-interval-ms", "200"]  # fmt: skip
    zombie = ProcessorRun(name, tmp_path, args, bundle=bundle)
    zombie.wait_consumed(2_000, timeout=120)
    zombie.process.send_signal(signal.SIGSTOP)
    owner = ProcessorRun(name, tmp_path, args, bundle=bundle)
    try:
        # aiokafka's session timeout is 10 s: then the group gives everything to the owner
        owner.wait_for(r"assigned partitions=orders/0,orders/1,orders/2", timeout=120)
        owner.wait_consumed(owner.consumed() + 2_000, timeout=120)
    finally:
        zombie.process.send_signal(signal.SIGCONT)
    expected_total = sum(case.expected.values())
    wait_until(
        lambda: len(read_committed(bootstrap, case.out_topic)) >= expected_total,
        300, f"{expected_total} committed outputs", interval=5.0,
    )  # fmt: skip
    time.sleep(3)
    zombie_code = zombie.stop() if zombie.process.poll() is None else zombie.process.returncode
    owner_code = owner.stop()
    fenced = "was taken over by another instance" in zombie.output()
    outputs = Counter(
        case.identify(json.loads(m.value)) for m in read_committed(bootstrap, case.out_topic)
    )
    figures = {
        "records_in": len(case.records),
        "records_out": sum(outputs.values()),
        "duplicates": sum(n - 1 for n in outputs.values() if n > 1),
        "lost": sum((case.expected - outputs).values()),
        "zombie_fenced": fenced,
        "zombie_exit": zombie_code,
    }
    print("\n[e2e] zombie: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    assert owner_code == 0, owner.output()[-3000:]
    assert figures["duplicates"] == figures["lost"] == 0, figures
    assert set(outputs) == set(case.expected), figures
