"""clickstream_profile_join end to end: an interval join of two real Kafka topics.

Clickstream events (left, `clickstream-events`) join profile updates (right,
`user-profile-updates`) on user_id when the update's event time lies in
[event - 5 min, event + 5 min], bounds inclusive. The test produces, in event-time order across both
topics while the processor runs: a warm-up pair in every partition, users with an update inside
the bound, exactly on both bounds (must join), 1 ms outside both bounds (must not), with several
events and updates (cross product), with none; malformed records; closing records a day later in
every partition; and finally one event that is late by then. It computes the expected
(event_id, profile time) pairs itself and checks the output topic holds each exactly once.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import GENERATED, ProcessorRun, fresh_topics, key_partition, produce_many, read_topic

NAME = "clickstream_profile_join"
LEFT = "clickstream-events"
RIGHT = "user-profile-updates"
OUT_TOPIC = "enriched-clickstream"
DLQ = "clickstream-events-dlq"
PARTITIONS = 3

MINUTE = 60_000
BOUND = 5 * MINUTE
BASE = 1_709_294_400_000  # 2024-03-01T12:00:00Z
CLOSING = BASE + 24 * 60 * MINUTE
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def parse_ms(text: str) -> int:
    assert isinstance(text, str) and ISO.match(text), f"not an ISO 8601 timestamp: {text!r}"
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


class Data:
    def __init__(self) -> None:
        self.left: list[dict[str, Any]] = []
        self.right: list[dict[str, Any]] = []
        self.n = 0

    def event(self, user: int, at_ms: int, **extra: Any) -> dict[str, Any]:
        self.n += 1
        e = {
            "event_id": f"ev-{self.n:04d}",
            "event_type": ("page_view", "click", "add_to_cart")[self.n % 3],
            "user_id": user,
            "session_id": f"s-{user}-{at_ms // (30 * MINUTE)}",
            "timestamp": iso(at_ms),
            "page_url": f"https://shop.example/p/{self.n}",
            "referrer": None if self.n % 4 == 0 else "https://search.example/",
            "user_agent": "Mozilla/5.0",
            "ip_address": f"10.0.{user % 256}.{self.n % 256}",
            "country": "DE",
            "city": "Berlin",
            "properties": {"n": self.n, "tags": ["a", "b"]},
            **extra,
        }
        self.left.append(e)
        return e

    def update(self, user: int, at_ms: int) -> dict[str, Any]:
        u = {
            "user_id": user,
            "email": f"user{user}.{at_ms % 100_000}@example.com",
            "name": f"User {user} v{at_ms}",
            "segment": ("gold", "silver", None)[user % 3],
            "country": "FR" if user % 2 else "DE",
            "timestamp": iso(at_ms),
        }
        self.right.append(u)
        return u


def users_by_partition(first: int, count: int) -> dict[int, list[int]]:
    """`count` user ids per partition (both topics have 3 partitions and the same key)."""
    out: dict[int, list[int]] = {p: [] for p in range(PARTITIONS)}
    uid = first
    while any(len(v) < count for v in out.values()):
        p = key_partition(str(uid).encode(), PARTITIONS)
        if len(out[p]) < count:
            out[p].append(uid)
        uid += 1
    return out


def expected_pairs(left: list[dict], right: list[dict]) -> set[tuple[str, int]]:
    return {
        (e["event_id"], parse_ms(u["timestamp"]))
        for e in left
        for u in right
        if u["user_id"] == e["user_id"]
        and parse_ms(e["timestamp"]) - BOUND
        <= parse_ms(u["timestamp"])
        <= parse_ms(e["timestamp"]) + BOUND
    }


def by_time(left: list[dict], right: list[dict]) -> list[tuple[str, bytes, bytes]]:
    tagged = [(LEFT, e) for e in left] + [(RIGHT, u) for u in right]
    tagged.sort(key=lambda t: (parse_ms(t[1]["timestamp"]), t[0]))
    return [(t, str(v["user_id"]).encode(), json.dumps(v).encode()) for t, v in tagged]


@dataclass
class Scenario:
    data: Data
    users: dict[int, list[int]]
    warm: tuple[list[dict], list[dict]]
    main: tuple[list[dict], list[dict]]
    closing: tuple[list[dict], list[dict]]


def scenario() -> Scenario:
    users = users_by_partition(1001, 6)
    d = Data()

    # warm-up: an event and an update of one user per partition, both topics, at BASE
    for p in range(PARTITIONS):
        d.event(users[p][0], BASE)
        d.update(users[p][0], BASE)
    warm = (list(d.left), list(d.right))

    # the cases, one user of each per partition, each user with its own time
    t0 = BASE + 10 * MINUTE
    for p in range(PARTITIONS):
        _, inside, bounds, outside, multi, none = users[p]
        off = p * 7_001
        d.event(inside, t0 + off)  # updates 2 min after and 3 min before: both join
        d.update(inside, t0 + off + 2 * MINUTE)
        d.update(inside, t0 + off - 3 * MINUTE)
        d.event(bounds, t0 + off + 111)  # updates exactly on both bounds: both join
        d.update(bounds, t0 + off + 111 - BOUND)
        d.update(bounds, t0 + off + 111 + BOUND)
        d.event(outside, t0 + off + 222)  # 1 ms outside both bounds: no join
        d.update(outside, t0 + off + 222 - BOUND - 1)
        d.update(outside, t0 + off + 222 + BOUND + 1)
        for m in (0, 4, 8):  # three events, two updates: 4 of the 6 pairs are within 5 min
            d.event(multi, t0 + off + m * MINUTE + 333)
        for m in (1, 6):
            d.update(multi, t0 + off + m * MINUTE + 333)
        d.event(none, t0 + off + 444)  # no update at all
        d.event(none, t0 + off + 20 * MINUTE)
    main = (d.left[len(warm[0]) :], d.right[len(warm[1]) :])

    # closing records a day later in every partition of both topics
    n_left, n_right = len(d.left), len(d.right)
    for p in range(PARTITIONS):
        d.event(users[p][0], CLOSING + p)
        d.update(users[p][0], CLOSING + p + 1)
    closing = (d.left[n_left:], d.right[n_right:])

    # the cases are what they say: 3 partitions x (2 + 2 + 0 + 4 + 0) pairs + warm-up + closing
    assert len(expected_pairs(*main)) == PARTITIONS * 8
    assert len(expected_pairs(d.left, d.right)) == PARTITIONS * 10
    return Scenario(d, users, warm, main, closing)


def start(bootstrap: str, tmp_path: Path, *extra: str) -> ProcessorRun:
    return ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-join-{uuid.uuid4().hex[:10]}",
            "--flush-interval-ms", "500",
            *extra,
        ],
    )  # fmt: skip


def stop(run: ProcessorRun) -> None:
    code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def check_output(bootstrap: str, d: Data, expected: set[tuple[str, int]]) -> None:
    """The output topic holds exactly the expected pairs, each once, as JSON with ISO times."""
    lefts = {e["event_id"]: e for e in d.left}
    rights = {(u["user_id"], parse_ms(u["timestamp"])): u for u in d.right}
    pairs: Counter[tuple[str, int]] = Counter()
    properties: list[tuple[Any, Any]] = []
    for message in read_topic(bootstrap, OUT_TOPIC):
        value = json.loads(message.value)
        profile_ms = parse_ms(value["profile_updated_at"])
        pairs[(value["event_id"], profile_ms)] += 1
        event, update = lefts[value["event_id"]], rights[(value["user_id"], profile_ms)]
        assert message.key == str(event["user_id"]).encode()
        assert parse_ms(value["timestamp"]) == parse_ms(event["timestamp"])
        for name in ("event_type", "user_id", "session_id", "page_url", "referrer", "user_agent",
                     "ip_address", "country", "city"):  # fmt: skip
            assert value[name] == event[name], name
        properties.append((value["properties"], event["properties"]))
        assert value["user_email"] == update["email"]
        assert value["user_name"] == update["name"]
        assert value["user_segment"] == update["segment"]
        assert value["user_country"] == update["country"]
    duplicates = {pair: n for pair, n in pairs.items() if n > 1}
    assert not duplicates, f"pairs emitted more than once: {duplicates}"
    assert set(pairs) - expected == set(), "pairs that must not join"
    assert expected - set(pairs) == set(), "pairs missing"

    # the left record passes through unchanged: a nested JSON object stays an object (not
    # re-encoded as a JSON string, which is a ClickHouse String column's concern)
    assert properties
    for got, sent in properties:
        assert got == sent, f"properties changed shape: sent {sent!r}, got {got!r}"


def test_interval_join_bounds_inclusive(stack: dict, tmp_path: Path) -> None:
    """Produced in phases while the processor runs: warm-up, the cases, malformed records,
    closing records, then one event that is late by then."""
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    sc = scenario()
    d, users = sc.data, sc.users
    # after the closing records the watermark is a day ahead: this event (its matching update,
    # 1 min later, already evicted) is late: dead-letter topic, neither joined nor dropped
    late_event = d.event(users[1][1], BASE + 10 * MINUTE + 7_001 + MINUTE)
    malformed = [
        (LEFT, str(users[0][5]).encode(), b'{"event_id": "broken", "user_id": '),
        (LEFT, str(users[1][5]).encode(), json.dumps({"event_id": "x", "user_id": "abc"}).encode()),
        (
            RIGHT,
            str(users[2][5]).encode(),
            json.dumps({"user_id": 5, "timestamp": "soon"}).encode(),
        ),
    ]
    expected = expected_pairs([e for e in d.left if e is not late_event], d.right)

    phases = [
        by_time(sc.warm[0], sc.warm[1]),
        by_time(*sc.main),
        malformed,
        by_time(*sc.closing),
        by_time([late_event], []),
    ]
    run = start(bootstrap, tmp_path)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        sent = 0
        for phase in phases:
            produce_many(bootstrap, phase)
            sent += len(phase)
            run.wait_consumed(sent, timeout=60)
    finally:
        stop(run)

    # dead letters: the late event and the malformed records
    dead = read_topic(bootstrap, DLQ)
    reasons = Counter(m.headers.get("etl_gen_reason", "").split(":", 1)[0] for m in dead)
    assert reasons == Counter(late=1, invalid=len(malformed)), reasons
    (late,) = [m for m in dead if m.headers["etl_gen_reason"].startswith("late")]
    assert json.loads(late.value)["event_id"] == late_event["event_id"]
    invalid = [m.value for m in dead if m.headers["etl_gen_reason"].startswith("invalid")]
    assert Counter(invalid) == Counter(v for _, _, v in malformed)

    check_output(bootstrap, d, expected)


def test_interval_join_catch_up_from_backlog(stack: dict, tmp_path: Path) -> None:
    """Everything is in both topics before the processor starts and it reads small batches:
    partitions arrive one at a time, and those not yet read must hold the watermark back so
    that neither lateness nor buffer eviction loses a pair."""
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    sc = scenario()
    records = by_time(sc.data.left, sc.data.right)
    produce_many(bootstrap, records)
    run = start(bootstrap, tmp_path, "--batch-rows", "8")
    try:
        run.wait_consumed(len(records), timeout=60)
    finally:
        stop(run)
    dead = read_topic(bootstrap, DLQ)
    assert len(dead) == 0, [(m.headers.get("etl_gen_reason"), m.value) for m in dead[:3]]
    check_output(bootstrap, sc.data, expected_pairs(sc.data.left, sc.data.right))
