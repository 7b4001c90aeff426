"""Several instances of one processor in one consumer group give what one instance gives.

For four pipelines (the seed's sales window, the clickstream sessions with a Kafka output, the
seed's interval join, and a plain Kafka→Kafka filter) the test preloads the input topics
(6 partitions, keyed as the pipeline's README asks, each partition in event-time order), then:

- **three instances** start in one group and share the partitions; more input streams in and
  one instance is SIGKILLed while it works; the two others take its partitions over once the
  group expels it (session timeout), then a fourth instance joins and the group shares the
  input again (two rebalances per cycle); the rest of the input is produced during the cycle;
- **one instance**, in a new group, reads the same topics from the start.

Each run ends when the group has committed every input partition up to its closing record (the
last record of each partition, a day later in event time, that closes every real window, session
and join buffer and stays in state itself): the outputs of every record below it are durably
written by then. The output topics are read back and compared with the one-instance run and with
the result the test computes itself from the input (never with the product's code): the same set,
nothing lost, nothing extra, no dead letters. The outputs are at-least-once, so the three-instance
run may write a record more than once; every copy must be a replay, a byte-identical copy of a
record of the expected set (no partial or different window, session or pair). The figures
(records in, out, distinct, duplicates, lost, extra) are printed per pipeline and run.

Event time follows the READMEs: a watermark is the slowest active partition's latest event time
minus the grace, windows and sessions are keyed by what the topic is keyed by, and every partition
is in event-time order, so no record is late under the documented semantics and the expected
result holds every window, session event and pair of the input.

ClickHouse: the embedded chDB engine is one process's data directory (chDB locks it), so several
processors cannot share one; the outputs compared here are Kafka topics. The sales pipeline writes
ClickHouse as well, each instance into its own chDB directory; the union of those must hold every
window (an instance that takes partitions over writes the windows its own table lacks).

`ETL_GEN_SOAK=1` (`make soak`) adds a larger variant (10x the records, three kill-and-join
cycles) under the `soak` marker.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import (
    GENERATED,
    InstanceGroup,
    ProcessorRun,
    chdb_query,
    end_offsets,
    fresh_topics,
    generate_bundle,
    key_partition,
    produce_many,
    produce_paced,
    read_topic,
    recreate_topics,
    wait_committed,
    wait_until,
)
from test_clickstream_e2e import expected_sessions, seed_profiles
from test_join_e2e import Data, by_time, expected_pairs
from test_sales_e2e import expected_windows

PARTITIONS = 6
MINUTE = 60_000
BASE = 1_709_287_200_000  # 2024-03-01T10:00:00Z, a minute boundary
CLOSING = BASE + 24 * 60 * MINUTE  # a day later: closes every real window, session and pair
GAP_MS = 30 * MINUTE


@dataclass(frozen=True)
class Size:
    name: str
    scale: int  # records per pipeline, roughly 1000 x scale
    cycles: int  # kill-one-start-one cycles in the three-instance run


CI = Size("ci", 1, 1)
SOAK = Size("soak", 10, 3)


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def ms(text: str) -> int:
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def keys_by_partition(make: Callable[[int], str], per_partition: int) -> dict[int, list[str]]:
    """`per_partition` keys `make(0), make(1), ...` for every partition (murmur2, as Kafka)."""
    out: dict[int, list[str]] = {p: [] for p in range(PARTITIONS)}
    n = 0
    while any(len(keys) < per_partition for keys in out.values()):
        key = make(n)
        partition = key_partition(key.encode(), PARTITIONS)
        if len(out[partition]) < per_partition:
            out[partition].append(key)
        n += 1
    return out


Record = tuple[str, bytes, bytes]  # topic, key, value


@dataclass
class Case:
    """One pipeline: its bundle, its input in time order, and what it must write."""

    name: str
    bundle: Path
    inputs: list[str]
    output: str
    dlq: str
    records: list[Record]  # in production order (event time), closing records excluded
    closing: list[Record]  # one per input partition, last in it, a day later
    expected: set[Hashable]
    canonical: Callable[[dict[str, Any]], Hashable]
    args: Callable[[Path], list[str]] = lambda _: []
    chdb_results: str | None = None  # a ClickHouse query of the results (sales)
    chdb_canonical: Callable[[list[Any]], Hashable] | None = None


# ---- the four pipelines: input, expected result (computed here), canonical output


def window_case(size: Size) -> Case:
    """sales_aggregates: 1-minute tumbling windows per category (key), 5 s grace."""
    rng = random.Random(11)
    cats = keys_by_partition(lambda n: f"cat-{n:02d}", 2)
    minutes = 20 * size.scale
    sales = []
    for minute in range(minutes):
        for category in (c for p in sorted(cats) for c in cats[p]):
            for _ in range(rng.randint(2, 6)):
                sales.append(
                    {
                        "transaction_id": f"tx-{len(sales):06d}",
                        "customer_id": rng.randint(1, 60),
                        "product_id": rng.randint(1000, 1040),
                        "category": category,
                        "amount": round(rng.uniform(1, 500), 2),
                        "quantity": rng.randint(1, 5),
                        "timestamp": iso(BASE + minute * MINUTE + rng.randrange(MINUTE)),
                    }
                )
    sales.sort(key=lambda e: e["timestamp"])
    closing = [
        {"transaction_id": f"closing-{p}", "customer_id": 1, "product_id": 1000,
         "category": cats[p][0], "amount": 1.0, "timestamp": iso(CLOSING + p)}
        for p in sorted(cats)
    ]  # fmt: skip
    expected = {
        (start, window["window_end"], category, window["total_sales"],
         round(window["total_revenue"], 6), window["unique_customers"],
         window["unique_products"], round(window["avg_transaction_value"], 6))
        for (start, category), window in expected_windows(sales).items()
    }  # fmt: skip

    def canonical(v: dict[str, Any]) -> Hashable:
        return (ms(v["window_start"]), ms(v["window_end"]), v["category"], v["total_sales"],
                round(v["total_revenue"], 6), v["unique_customers"], v["unique_products"],
                round(v["avg_transaction_value"], 6))  # fmt: skip

    def chdb_canonical(r: list[Any]) -> Hashable:
        return (int(r[0]), int(r[1]), r[2], r[3], round(r[4], 6), r[5], r[6], round(r[7], 6))

    def encode(e: dict[str, Any]) -> Record:
        return ("sales-events", e["category"].encode(), json.dumps(e).encode())

    return Case(
        name="sales_aggregates",
        bundle=GENERATED / "sales_aggregates",
        inputs=["sales-events"],
        output="sales-aggregates-1min",
        dlq="sales-events-dlq",
        records=[encode(e) for e in sales],
        closing=[encode(e) for e in closing],
        expected=expected,
        canonical=canonical,
        args=lambda where: ["--clickhouse-dsn", f"chdb://{where}/ch"],
        chdb_results=(
            "SELECT toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end),"
            " category, total_sales, total_revenue, unique_customers, unique_products,"
            " avg_transaction_value FROM analytics.sales_aggregates_1min"
        ),
        chdb_canonical=chdb_canonical,
    )


def sessions_spec() -> dict[str, Any]:
    """The seed's clickstream sessions (Redis enrichment, 30-minute sessions) with a Kafka
    output in place of ClickHouse, on topics of its own."""
    spec = yaml.safe_load((GENERATED / "clickstream_sessions" / "spec.yaml").read_text())
    spec["name"] = "multi_sessions"
    spec["source"]["topics"] = ["mi-user-events"]
    spec["source"]["group_id"] = "multi-sessions"
    spec["sinks"] = [{"kind": "kafka", "topic": "mi-sessions", "key": "user_id", "partitions": 3}]
    spec["dead_letter_topic"] = "mi-user-events-dlq"
    return spec


def sessions_case(size: Size, redis_url: str, bundle: Path) -> Case:
    rng = random.Random(12)
    users = [
        int(u)
        for keys in keys_by_partition(lambda n: str(n + 1), 6 * size.scale).values()
        for u in keys
    ]
    profiles = seed_profiles(redis_url, max(users))
    events = []
    for user in users:
        at = BASE + rng.randrange(10 * MINUTE)
        for n in range(30):
            at += rng.randrange(5_000, 4 * MINUTE)
            if rng.random() < 0.1:
                at += GAP_MS + rng.randrange(5 * MINUTE)  # a new session
            events.append(
                {"event_id": f"u{user}-e{n}", "event_type": "page_view", "user_id": user,
                 "session_id": f"sess-{user}", "timestamp": iso(at),
                 "page_url": f"/p/{rng.randrange(8)}", "properties": {"n": n}}
            )  # fmt: skip
    events.sort(key=lambda e: e["timestamp"])
    first = {key_partition(str(u).encode(), PARTITIONS): u for u in reversed(users)}
    closing = [
        {"event_id": f"closing-{p}", "event_type": "page_view", "user_id": first[p],
         "session_id": f"closing-{p}", "timestamp": iso(CLOSING + p), "page_url": "/"}
        for p in sorted(first)
    ]  # fmt: skip
    sessions = expected_sessions(events + closing)

    def profile(user: int, name: str) -> Any:
        return profiles[user][name] if user in profiles else None

    expected = {
        (e["event_id"], *sessions[e["event_id"]], profile(e["user_id"], "email"),
         profile(e["user_id"], "segment"))
        for e in events + closing
    }  # fmt: skip

    def canonical(v: dict[str, Any]) -> Hashable:
        return (v["event_id"], ms(v["session_start"]), v["session_duration_ms"],
                v["session_event_count"], v["session_distinct_page_url"], v["user_email"],
                v["user_segment"])  # fmt: skip

    def encode(e: dict[str, Any]) -> Record:
        return ("mi-user-events", str(e["user_id"]).encode(), json.dumps(e).encode())

    return Case(
        name="multi_sessions",
        bundle=bundle,
        inputs=["mi-user-events"],
        output="mi-sessions",
        dlq="mi-user-events-dlq",
        records=[encode(e) for e in events],
        closing=[encode(e) for e in closing],
        expected=expected,
        canonical=canonical,
        args=lambda _: ["--redis-url", redis_url],
    )


def join_case(size: Size) -> Case:
    """clickstream_profile_join: events join profile updates of the same user_id within
    [-5 min, +5 min], bounds inclusive; both topics keyed by user_id, same partition count."""
    rng = random.Random(13)
    users = [
        int(u)
        for keys in keys_by_partition(lambda n: str(n + 1), 6 * size.scale).values()
        for u in keys
    ]
    d = Data()
    for user in users:
        for at in sorted(rng.sample(range(60 * MINUTE), 20)):
            d.event(user, BASE + at)
        for at in sorted(rng.sample(range(60 * MINUTE), 6)):
            d.update(user, BASE + at)
    records = by_time(d.left, d.right)
    n_left, n_right = len(d.left), len(d.right)
    first = {key_partition(str(u).encode(), PARTITIONS): u for u in reversed(users)}
    for p in sorted(first):
        d.event(first[p], CLOSING + p)
        d.update(first[p], CLOSING + p + 1)
    closing = by_time(d.left[n_left:], d.right[n_right:])
    expected = set(expected_pairs(d.left, d.right))
    assert len(expected) > len(d.left) // 2, "most events find a partner"

    def canonical(v: dict[str, Any]) -> Hashable:
        return (v["event_id"], ms(v["profile_updated_at"]))

    return Case(
        name="clickstream_profile_join",
        bundle=GENERATED / "clickstream_profile_join",
        inputs=["clickstream-events", "user-profile-updates"],
        output="enriched-clickstream",
        dlq="clickstream-events-dlq",
        records=records,
        closing=closing,
        expected=expected,
        canonical=canonical,
    )


def relay_spec() -> dict[str, Any]:
    return {
        "spec_version": 1,
        "name": "multi_relay",
        "description": "Keep orders with a positive amount and publish them to Kafka.",
        "source": {"kind": "kafka", "topics": ["mi-orders"], "group_id": "multi-relay",
                   "format": {"kind": "json"}, "event_time": "created_at", "key": "order_id"},
        "schema": {"fields": [
            {"name": "order_id", "type": "string"},
            {"name": "customer", "type": "int"},
            {"name": "amount", "type": "float"},
            {"name": "created_at", "type": "timestamp"},
        ]},
        "operators": [{"kind": "filter", "where": "amount > 0"}],
        "sinks": [{"kind": "kafka", "topic": "mi-orders-out", "key": "order_id"}],
        "dead_letter_topic": "mi-orders-dlq",
    }  # fmt: skip


def relay_case(size: Size, bundle: Path) -> Case:
    rng = random.Random(14)
    orders = [
        {"order_id": f"o-{n:06d}", "customer": rng.randint(1, 500),
         "amount": round(rng.uniform(-50, 500), 2), "created_at": iso(BASE + n * 100)}
        for n in range(3000 * size.scale)
    ]  # fmt: skip
    expected = {
        (o["order_id"], o["customer"], o["amount"], ms(o["created_at"]))
        for o in orders
        if o["amount"] > 0
    }
    assert 0 < len(expected) < len(orders), "the filter keeps some and drops some"

    def canonical(v: dict[str, Any]) -> Hashable:
        return (v["order_id"], v["customer"], v["amount"], ms(v["created_at"]))

    return Case(
        name="multi_relay",
        bundle=bundle,
        inputs=["mi-orders"],
        output="mi-orders-out",
        dlq="mi-orders-dlq",
        records=[("mi-orders", o["order_id"].encode(), json.dumps(o).encode()) for o in orders],
        closing=[],
        expected=expected,
        canonical=canonical,
    )


# ---- running a group of instances


@dataclass
class Figures:
    run: str
    records_in: int
    records_out: int
    distinct: int
    duplicates: int
    lost: int
    extra: int
    dead_letters: int
    seconds: float
    outputs: Counter[Hashable] = field(default_factory=Counter)
    missing: list[Hashable] = field(default_factory=list)
    unexpected: list[Hashable] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.run:<26} in={self.records_in:>6} out={self.records_out:>6} "
            f"distinct={self.distinct:>6} duplicates={self.duplicates:>5} lost={self.lost:>5} "
            f"extra={self.extra:>4} dead_letters={self.dead_letters:>3} {self.seconds:5.1f}s"
        )


def tally(
    run: str, case: Case, outputs: list[Hashable], dead_letters: int, seconds: float
) -> Figures:
    counts = Counter(outputs)
    got = set(counts)
    return Figures(
        run=run,
        records_in=len(case.records) + len(case.closing),
        records_out=len(outputs),
        distinct=len(got),
        duplicates=len(outputs) - len(got),
        lost=len(case.expected - got),
        extra=len(got - case.expected),
        dead_letters=dead_letters,
        seconds=seconds,
        outputs=counts,
        missing=sorted(case.expected - got, key=repr),
        unexpected=sorted(got - case.expected, key=repr)[:5],
    )


def read_outputs(bootstrap: str, case: Case) -> tuple[list[Hashable], int]:
    """Canonical output records (every copy) and the number of dead letters. Copies of one
    canonical record must be byte-identical: a replay re-sends the same record."""
    raw: dict[Hashable, set[bytes]] = {}
    outputs = []
    for message in read_topic(bootstrap, case.output):
        assert message.value is not None
        value = case.canonical(json.loads(message.value))
        raw.setdefault(value, set()).add(message.value)
        outputs.append(value)
    varying = {value: copies for value, copies in raw.items() if len(copies) > 1}
    assert not varying, f"copies of one record differ: {list(varying.items())[:2]}"
    return outputs, len(read_topic(bootstrap, case.dlq))


def assignment(run: ProcessorRun) -> set[tuple[str, int]] | None:
    """The run's latest `assigned partitions=` line, or None before its first."""
    lines = re.findall(r"assigned partitions=(\S*)", run.output())
    if not lines:
        return None
    return {(t, int(p)) for t, p in (i.rsplit("/", 1) for i in lines[-1].split(",") if i)}


def settled(group: InstanceGroup, case: Case, members: int) -> bool:
    """Every live member holds partitions, and together they hold each exactly once."""
    held = [assignment(run) for run in group.live()]
    if len(held) != members or any(not h for h in held):
        return False
    every = [tp for h in held for tp in h if h]
    wanted = {(t, p) for t in case.inputs for p in range(PARTITIONS)}
    return len(every) == len(wanted) and set(every) == wanted


def close_targets(bootstrap: str, case: Case) -> dict[tuple[str, int], int]:
    """Per input partition, the offset of its closing record (stateless: its end)."""
    closing = Counter((topic, key_partition(key, PARTITIONS)) for topic, key, _ in case.closing)
    targets = {}
    for topic in case.inputs:
        for tp, end in end_offsets(bootstrap, topic, PARTITIONS).items():
            targets[tp] = end - closing[tp]
    return targets


def check_logs(results: list[tuple[int, str]]) -> None:
    for code, log in results:
        assert code == 0, log[-3000:]
        assert "Traceback" not in log, log[-3000:]


def run_three(
    case: Case, bootstrap: str, workdir: Path, size: Size
) -> tuple[Figures, InstanceGroup]:
    """Preload, start three; then per cycle: stream more input and SIGKILL the oldest live
    instance while it works, let the two others take its partitions over (the group expels it
    after the session timeout), start one more and let the group share the input again. The
    rest of the input and the closing records are produced during the last cycle."""
    chunks = size.cycles + 1
    step = len(case.records) // chunks
    parts = [case.records[i * step : (i + 1) * step] for i in range(chunks)]
    parts[-1] += case.records[chunks * step :] + case.closing
    group_id = f"e2e-multi-{uuid.uuid4().hex[:10]}"
    group = InstanceGroup(case.name, workdir, lambda where: [
        "--bootstrap-servers", bootstrap, "--group-id", group_id, "--flush-interval-ms", "300",
        "--batch-rows", "100", *case.args(where)], bundle=case.bundle)  # fmt: skip
    started = time.monotonic()
    produce_many(bootstrap, parts[0])
    try:
        for _ in range(3):
            group.start()
        wait_until(lambda: settled(group, case, 3), 90, "three instances to share the input")
        for part in parts[1:]:
            stream = threading.Thread(target=produce_paced, args=(bootstrap, part, 8, 0.1))
            stream.start()
            time.sleep(0.4)
            group.kill(group.live()[0])
            stream.join()
            wait_until(lambda: settled(group, case, 2), 90, "two instances to take over")
            group.start()
            wait_until(lambda: settled(group, case, 3), 90, "the new instance to join")
        wait_committed(bootstrap, group_id, close_targets(bootstrap, case), 180)
    finally:
        results = group.stop()
    seconds = time.monotonic() - started
    check_logs(results)
    outputs, dead = read_outputs(bootstrap, case)
    return tally(f"3 instances, {size.cycles} killed", case, outputs, dead, seconds), group


def run_one(case: Case, bootstrap: str, workdir: Path) -> tuple[Figures, InstanceGroup]:
    """A new group reading the same (complete) input with one instance."""
    recreate_topics(bootstrap, [case.output, case.dlq], 3)
    group_id = f"e2e-single-{uuid.uuid4().hex[:10]}"
    group = InstanceGroup(case.name, workdir, lambda where: [
        "--bootstrap-servers", bootstrap, "--group-id", group_id, "--flush-interval-ms", "300",
        "--batch-rows", "100", *case.args(where)], bundle=case.bundle)  # fmt: skip
    started = time.monotonic()
    try:
        group.start()
        wait_committed(bootstrap, group_id, close_targets(bootstrap, case), 180)
    finally:
        results = group.stop()
    seconds = time.monotonic() - started
    check_logs(results)
    outputs, dead = read_outputs(bootstrap, case)
    return tally("1 instance", case, outputs, dead, seconds), group


def run_restarted(case: Case, bootstrap: str, workdir: Path) -> Figures:
    """One instance on half the input, stopped cleanly (SIGTERM: it flushes and commits), then
    a new one in the same group for the rest: a replay with no crash and no second member."""
    group_id = f"e2e-restart-{uuid.uuid4().hex[:10]}"
    group = InstanceGroup(case.name, workdir, lambda where: [
        "--bootstrap-servers", bootstrap, "--group-id", group_id, "--flush-interval-ms", "300",
        "--batch-rows", "100", *case.args(where)], bundle=case.bundle)  # fmt: skip
    half = len(case.records) // 2
    started = time.monotonic()
    produce_many(bootstrap, case.records[:half])
    try:
        group.start().wait_consumed(half, timeout=90)
    finally:
        results = group.stop()
    produce_many(bootstrap, case.records[half:] + case.closing)
    try:
        group.start()
        wait_committed(bootstrap, group_id, close_targets(bootstrap, case), 180)
    finally:
        results += group.stop()
    check_logs(results)
    outputs, dead = read_outputs(bootstrap, case)
    return tally("1 instance, restarted", case, outputs, dead, time.monotonic() - started)


def chdb_union(case: Case, group: InstanceGroup, run: str) -> Figures:
    """The results of every instance's own chDB directory, together."""
    assert case.chdb_results and case.chdb_canonical
    rows: list[Hashable] = []
    for where in group.dirs():
        rows += [
            case.chdb_canonical(r) for r in chdb_query(f"chdb://{where}/ch", case.chdb_results)
        ]
    return tally(run, case, rows, 0, 0.0)


def lost_windows(figures: Figures) -> list[str]:
    """Lost windows per category: how many, first and last window start."""
    by_category: dict[str, list[int]] = {}
    for start, _, category, *_ in figures.missing:  # type: ignore[misc]
        by_category.setdefault(category, []).append(start)
    return [
        f"    lost {category}: {len(starts)} windows {iso(min(starts))}..{iso(max(starts))}"
        for category, starts in sorted(by_category.items())
    ]


def history(group: InstanceGroup) -> list[str]:
    """Every instance's assignments, in order, and whether it was killed."""
    lines = []
    for n, run in enumerate(group.runs):
        held = re.findall(r"assigned partitions=(\S*)", run.output())
        killed = " (SIGKILLed)" if run in group.killed else ""
        lines.append(f"    instance {n}{killed}: " + " | ".join(h or "-" for h in held))
    return lines


def report(name: str, figures: list[Figures], notes: Iterable[str] = ()) -> str:
    lines = [f"[multi-instance] {name}"] + [f"  {f.line()}" for f in figures] + list(notes)
    text = "\n".join(lines)
    print(text)
    return text


# ---- the tests


@pytest.fixture(scope="module")
def services() -> dict:
    """Kafka and Redis from the project's stack script (installed and started, cached)."""
    import stack as stack_mod  # scripts/stack/stack.py, on sys.path by conftest

    try:
        info = stack_mod.up(["kafka", "redis"])
    except Exception as e:  # StackError carries the reason and the service log tail
        pytest.fail(f"stack could not start: {e}", pytrace=False)
    os.environ.update(KAFKA_BOOTSTRAP_SERVERS=info["kafka_bootstrap"], REDIS_URL=info["redis_url"])
    return info


SIZES = [CI] + (
    [pytest.param(SOAK, marks=pytest.mark.soak, id="soak")]
    if os.environ.get("ETL_GEN_SOAK") == "1"
    else []
)


def check(case: Case, one: Figures, three: Figures, text: str) -> None:
    for figures in (one, three):
        assert figures.lost == 0, f"{figures.run}: lost {figures.missing[:5]}...\n{text}"
        assert figures.extra == 0, f"{figures.run}: not expected {figures.unexpected}\n{text}"
        assert figures.dead_letters == 0, f"{figures.run}: dead letters\n{text}"
    assert one.duplicates == 0, f"one instance, no crash: nothing written twice\n{text}"
    assert set(three.outputs) == set(one.outputs) == case.expected
    # at-least-once: a duplicate is a copy of an expected record (extra == 0 above); counted
    replayed = {value: n for value, n in three.outputs.items() if n > 1}
    assert sum(n - 1 for n in replayed.values()) == three.duplicates


def compare(case: Case, bootstrap: str, tmp_path: Path, size: Size) -> None:
    three, _ = run_three(case, bootstrap, tmp_path / "three", size)
    one, _ = run_one(case, bootstrap, tmp_path / "one")
    text = report(f"{case.name} ({size.name})", [one, three])
    check(case, one, three, text)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_window_three_instances_match_one(services: dict, tmp_path: Path, size: Size) -> None:
    bootstrap = services["kafka_bootstrap"]
    case = window_case(size)
    fresh_topics(case.bundle, bootstrap, PARTITIONS)
    three, group3 = run_three(case, bootstrap, tmp_path / "three", size)
    one, group1 = run_one(case, bootstrap, tmp_path / "one")
    ch = [
        chdb_union(case, group1, "1 instance, chDB"),
        chdb_union(case, group3, "3 instances, chDB union"),
    ]
    notes = lost_windows(three) + history(group3) if three.lost else []
    text = report(f"{case.name} ({size.name})", [one, three, *ch], notes)
    check(case, one, three, text)
    assert ch[0].duplicates == ch[0].lost == ch[0].extra == 0, text
    assert ch[1].lost == ch[1].extra == 0, text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_sessions_three_instances_match_one(services: dict, tmp_path: Path, size: Size) -> None:
    bootstrap = services["kafka_bootstrap"]
    bundle = generate_bundle(sessions_spec(), tmp_path / "bundle")
    case = sessions_case(size, services["redis_url"], bundle)
    fresh_topics(bundle, bootstrap, PARTITIONS)
    compare(case, bootstrap, tmp_path, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_join_three_instances_match_one(services: dict, tmp_path: Path, size: Size) -> None:
    bootstrap = services["kafka_bootstrap"]
    case = join_case(size)
    fresh_topics(case.bundle, bootstrap, PARTITIONS)
    compare(case, bootstrap, tmp_path, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.name)
def test_kafka_to_kafka_three_instances_match_one(
    services: dict, tmp_path: Path, size: Size
) -> None:
    bootstrap = services["kafka_bootstrap"]
    bundle = generate_bundle(relay_spec(), tmp_path / "bundle")
    case = relay_case(size, bundle)
    fresh_topics(bundle, bootstrap, PARTITIONS)
    compare(case, bootstrap, tmp_path, size)


def test_sessions_restart_resends_only_copies(services: dict, tmp_path: Path) -> None:
    bootstrap = services["kafka_bootstrap"]
    bundle = generate_bundle(sessions_spec(), tmp_path / "bundle")
    case = sessions_case(CI, services["redis_url"], bundle)
    fresh_topics(bundle, bootstrap, PARTITIONS)
    restarted = run_restarted(case, bootstrap, tmp_path / "restarted")
    text = report(f"{case.name} (restart)", [restarted])
    problems = f"not expected {restarted.unexpected}\n{text}"
    assert restarted.lost == restarted.extra == restarted.dead_letters == 0, problems
