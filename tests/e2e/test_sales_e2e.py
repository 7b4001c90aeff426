"""sales_aggregates end to end: real Kafka in and out, embedded ClickHouse (chDB), event time.

The test produces several minutes of sales events (event time from a fixed epoch minute, never the
wall clock) keyed by category into 3 partitions, in phases, while the generated processor runs:

0. one warm-up sale per partition, so every partition has a position on the stream clock;
1. the bulk: minutes 0..5 in time order, ~5% malformed records interleaved, and per partition one
   sale at 6:03, so the watermark (slowest partition's latest event time minus 5 s grace) is 5:58;
2. late sales (windows 1, 3 and 4, all ending at or before 5:58) and one sale at 5:59 that its
   window [5:00, 6:00) still accepts thanks to the grace period;
3. closing sales a day later in every partition: every real window closes; theirs stay open.

It computes every expected window itself and checks ClickHouse (FINAL), the output topic and the
dead-letter topic against it.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from harness import (
    GENERATED,
    ProcessorRun,
    chdb_query,
    fresh_topics,
    key_partition,
    produce,
    read_topic,
)

NAME = "sales_aggregates"
TOPIC = "sales-events"
OUT_TOPIC = "sales-aggregates-1min"
DLQ = "sales-events-dlq"
PARTITIONS = 3

MINUTE = 60_000
GRACE = 5_000
BASE = 1_709_287_200_000  # 2024-03-01T10:00:00Z, a minute boundary
CLOSING = BASE + 24 * 60 * MINUTE
CATEGORY_POOL = (
    "electronics", "clothing", "books", "home", "sports", "toys",
    "garden", "beauty", "grocery", "automotive", "music", "office",
)  # fmt: skip
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def parse_ms(text: str) -> int:
    assert RFC3339.match(text), f"not an RFC 3339 timestamp: {text!r}"
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def categories_by_partition() -> dict[int, list[str]]:
    """Six categories or more, until every partition has at least one."""
    by_partition: dict[int, list[str]] = defaultdict(list)
    for n, category in enumerate(CATEGORY_POOL):
        by_partition[key_partition(category.encode(), PARTITIONS)].append(category)
        if n >= 5 and len(by_partition) == PARTITIONS:
            break
    assert len(by_partition) == PARTITIONS, dict(by_partition)
    return dict(by_partition)


class Sales:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0

    def sale(self, category: str, at_ms: int, **override: Any) -> dict[str, Any]:
        self.n += 1
        event = {
            "transaction_id": f"tx-{self.n:05d}",
            "customer_id": self.rng.randint(1, 60),
            "product_id": self.rng.randint(1000, 1040),
            "category": category,
            "amount": round(self.rng.uniform(1, 500), 2),
            "quantity": self.rng.randint(1, 5),
            "timestamp": iso(at_ms),
            "store": "online",  # an undeclared field: ignored
        }
        if self.rng.random() < 0.1:
            del event["quantity"]  # optional
        event.update(override)
        return event


def record(event: dict[str, Any]) -> tuple[bytes, bytes]:
    return event["category"].encode(), json.dumps(event).encode()


def malformed(rng: random.Random, category: str, n: int) -> bytes:
    ok = {
        "transaction_id": f"bad-{n}",
        "customer_id": 7,
        "product_id": 1001,
        "category": category,
        "amount": 10.0,
        "timestamp": iso(BASE + 30_000),
    }
    variants: list[Any] = [
        b'{"transaction_id": "bad-%d", "amount": ' % n,  # truncated
        b"not json at all %d" % n,
        {**ok, "amount": "12.50"},
        {**ok, "customer_id": f"c-{n}"},
        {**ok, "timestamp": "yesterday"},
        {k: v for k, v in ok.items() if k != "transaction_id"},
        {**ok, "amount": True},
        [ok],
        {**ok, "product_id": 3.5},
    ]
    choice = variants[n % len(variants)]
    return choice if isinstance(choice, bytes) else json.dumps(choice).encode()


def expected_windows(events: list[dict[str, Any]]) -> dict[tuple[int, str], dict[str, Any]]:
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        at = parse_ms(e["timestamp"])
        groups[(at - at % MINUTE, e["category"])].append(e)
    return {
        key: {
            "window_end": key[0] + MINUTE,
            "total_sales": len(rows),
            "total_revenue": sum(r["amount"] for r in rows),
            "unique_customers": len({r["customer_id"] for r in rows}),
            "unique_products": len({r["product_id"] for r in rows}),
            "avg_transaction_value": sum(r["amount"] for r in rows) / len(rows),
        }
        for key, rows in groups.items()
    }


def assert_window(actual: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    for name in ("window_end", "total_sales", "unique_customers", "unique_products"):
        assert actual[name] == expected[name], f"{where}: {name}"
    for name in ("total_revenue", "avg_transaction_value"):
        assert actual[name] == pytest.approx(expected[name], rel=1e-9, abs=1e-9), f"{where}: {name}"


def test_sales_aggregates_windows_late_and_invalid(stack: dict, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    cats = categories_by_partition()
    all_cats = [c for p in sorted(cats) for c in cats[p]]
    sales = Sales(seed=20240301)
    rng = random.Random(7)

    # 0. warm-up: one sale per partition at the very start
    warmup = [sales.sale(cats[p][0], BASE) for p in sorted(cats)]

    # 1. minutes 0..5, time-ordered, 8..20 sales per category and minute; malformed interleaved;
    #    then one sale per partition at 6:03 (each partition's latest): watermark = 5:58
    bulk = sorted(
        (
            sales.sale(c, BASE + m * MINUTE + rng.randrange(MINUTE))
            for m in range(6)
            for c in all_cats
            for _ in range(rng.randint(8, 20))
        ),
        key=lambda e: e["timestamp"],
    )
    advance = [sales.sale(cats[p][-1], BASE + 6 * MINUTE + 3_000) for p in sorted(cats)]
    phase1: list[tuple[bytes, bytes]] = [record(e) for e in bulk]
    bad_payloads: list[bytes] = []
    for n in range(round(len(bulk) * 0.05)):
        payload = malformed(rng, all_cats[n % len(all_cats)], n)
        bad_payloads.append(payload)
        phase1.insert(
            rng.randrange(len(phase1) + 1), (all_cats[n % len(all_cats)].encode(), payload)
        )
    phase1 += [record(e) for e in advance]

    # 2. late sales (their windows end <= 5:58) and one within the grace period (window ends 6:00)
    late = [
        sales.sale(cats[0][0], BASE + 1 * MINUTE + 20_000),
        sales.sale(cats[1][0], BASE + 3 * MINUTE + 59_999),
        sales.sale(cats[2][0], BASE + 4 * MINUTE + 59_999),
        sales.sale(all_cats[-1], BASE + 2 * MINUTE),
    ]
    in_grace = [sales.sale(cats[1][-1], BASE + 5 * MINUTE + 59_000)]

    # 3. closing sales, a day later, in every partition
    closing = [sales.sale(cats[p][0], CLOSING + p) for p in sorted(cats)]

    on_time = warmup + bulk + advance + in_grace
    expected = expected_windows(on_time)
    # the data really spans every partition and minutes 0..6
    assert {key_partition(e["category"].encode(), PARTITIONS) for e in bulk} == set(
        range(PARTITIONS)
    )
    assert {start for start, _ in expected} == {BASE + m * MINUTE for m in range(7)}

    run = ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-sales-{uuid.uuid4().hex[:10]}",
            "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--flush-interval-ms", "500",
        ],
    )  # fmt: skip
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        sent = 0
        for phase in (
            [record(e) for e in warmup],
            phase1,
            [record(e) for e in late + in_grace],
            [record(e) for e in closing],
        ):
            produce(bootstrap, TOPIC, phase)
            sent += len(phase)
            run.wait_consumed(sent, timeout=60)
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    # ---- ClickHouse: one row per (window, category), the closing windows are still open
    rows = chdb_query(
        f"chdb://{tmp_path}/ch",
        "SELECT toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end), category,"
        " total_sales, total_revenue, unique_customers, unique_products, avg_transaction_value"
        " FROM analytics.sales_aggregates_1min FINAL ORDER BY 1, 3",
    )
    names = (
        "window_end", "total_sales", "total_revenue", "unique_customers", "unique_products",
        "avg_transaction_value",
    )  # fmt: skip
    stored = {(int(r[0]), r[2]): dict(zip(names, [int(r[1]), *r[3:]], strict=True)) for r in rows}
    assert len(stored) == len(rows)
    assert sorted(stored) == sorted(expected)
    for key, want in expected.items():
        assert_window(stored[key], want, f"clickhouse {iso(key[0])} {key[1]}")
    (total,) = chdb_query(
        f"chdb://{tmp_path}/ch", "SELECT count() FROM analytics.sales_aggregates_1min"
    )[0]
    assert int(total) == len(expected), "a clean run writes every window exactly once"

    # ---- Kafka output: JSON, RFC 3339 timestamps, keyed by category, each window exactly once
    out = read_topic(bootstrap, OUT_TOPIC)
    published: dict[tuple[int, str], dict[str, Any]] = {}
    for message in out:
        value = json.loads(message.value)
        key = (parse_ms(value["window_start"]), value["category"])
        assert key not in published, f"window published twice: {value}"
        assert message.key == value["category"].encode()
        published[key] = {**value, "window_end": parse_ms(value["window_end"])}
    assert sorted(published) == sorted(expected)
    for key, want in expected.items():
        assert_window(published[key], want, f"kafka {iso(key[0])} {key[1]}")
        assert set(published[key]) == {"window_start", "category", *names}

    # ---- dead letters: every late and every malformed record, with the reason in a header
    dead = read_topic(bootstrap, DLQ)
    reasons = Counter(m.headers.get("etl_gen_reason", "").split(":", 1)[0] for m in dead)
    assert reasons == Counter(late=len(late), invalid=len(bad_payloads)), reasons
    late_dead = [m for m in dead if m.headers["etl_gen_reason"].startswith("late")]
    assert sorted(json.loads(m.value)["transaction_id"] for m in late_dead) == sorted(
        e["transaction_id"] for e in late
    )
    invalid_dead = [m for m in dead if m.headers["etl_gen_reason"].startswith("invalid")]
    assert Counter(m.value for m in invalid_dead) == Counter(bad_payloads)
    assert all(m.headers.get("etl_gen_source", "").startswith(f"{TOPIC}/") for m in dead)


def test_sales_aggregates_catch_up_from_backlog(stack: dict, tmp_path: Path) -> None:
    """Everything is in the topic before the processor starts (a restart or a new consumer group
    catching up), read in small batches: partitions come in one at a time, and a partition that
    has not delivered yet must hold the watermark back, so no on-time sale becomes late."""
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    cats = categories_by_partition()
    all_cats = [c for p in sorted(cats) for c in cats[p]]
    sales = Sales(seed=99)
    rng = random.Random(11)
    bulk = sorted(
        (
            sales.sale(c, BASE + m * MINUTE + rng.randrange(MINUTE))
            for m in range(4)
            for c in all_cats
            for _ in range(rng.randint(10, 25))
        ),
        key=lambda e: e["timestamp"],
    )
    closing = [sales.sale(cats[p][0], CLOSING + p) for p in sorted(cats)]
    expected = expected_windows(bulk)
    produce(bootstrap, TOPIC, [record(e) for e in bulk + closing])

    run = ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-sales-{uuid.uuid4().hex[:10]}",
            "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--flush-interval-ms", "500",
            "--batch-rows", "40",
        ],
    )  # fmt: skip
    try:
        run.wait_consumed(len(bulk) + len(closing), timeout=60)
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]

    dead = read_topic(bootstrap, DLQ)
    assert len(dead) == 0, f"{len(dead)} on-time sales sent to the dead-letter topic, e.g. " + str(
        [(m.headers.get("etl_gen_reason"), m.value) for m in dead[:3]]
    )
    published = {
        (parse_ms(v["window_start"]), v["category"]): v
        for v in (json.loads(m.value) for m in read_topic(bootstrap, OUT_TOPIC))
    }
    assert sorted(published) == sorted(expected)
    for key, want in expected.items():
        assert_window(
            {**published[key], "window_end": parse_ms(published[key]["window_end"])},
            want,
            f"kafka {iso(key[0])} {key[1]}",
        )
    rows = chdb_query(
        f"chdb://{tmp_path}/ch",
        "SELECT toUnixTimestamp64Milli(window_start), category, total_sales"
        " FROM analytics.sales_aggregates_1min FINAL ORDER BY 1, 2",
    )
    assert {(int(r[0]), r[1]): int(r[2]) for r in rows} == {
        key: want["total_sales"] for key, want in expected.items()
    }
