"""Event time that cannot be fooled, end to end.

- sales_aggregates (1-minute windows): schema-valid records dated 2100 (one per partition) and
  epoch-second timestamps read as milliseconds go to the dead-letter topic as `implausible time`
  and never move the watermark: every on-time window is exact and nothing on time is late.
- A real broker outage (the stack stops and restarts Kafka, 15-30 s) under a window pipeline and
  under an interval join, with in-order input: no partition goes idle because the client cannot
  fetch, so after the outage no record is late because another partition's came first, and
  nothing is dead-lettered.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import stack as stack_mod  # scripts/stack/stack.py, put on sys.path by conftest
from harness import (
    GENERATED,
    ProcessorRun,
    chdb_query,
    fresh_topics,
    produce,
    produce_many,
    read_topic,
    wait_until,
)
from test_join_e2e import NAME as JOIN
from test_join_e2e import OUT_TOPIC as JOIN_OUT
from test_join_e2e import Data, by_time, expected_pairs, users_by_partition
from test_join_e2e import parse_ms as join_parse_ms
from test_sales_e2e import (
    BASE,
    CLOSING,
    DLQ,
    MINUTE,
    NAME,
    OUT_TOPIC,
    PARTITIONS,
    TOPIC,
    Sales,
    assert_window,
    categories_by_partition,
    expected_windows,
    parse_ms,
    record,
)

JOIN_DLQ = "clickstream-events-dlq"


def sales_run(bootstrap: str, tmp_path: Path, *extra: str) -> ProcessorRun:
    return ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-time-{uuid.uuid4().hex[:10]}",
            "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--flush-interval-ms", "500",
            *extra,
        ],
    )  # fmt: skip


def stopped_cleanly(run: ProcessorRun) -> str:
    code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    return log


def stored_windows(tmp_path: Path) -> dict[tuple[int, str], dict]:
    rows = chdb_query(
        f"chdb://{tmp_path}/ch",
        "SELECT toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end), category,"
        " total_sales, total_revenue, unique_customers, unique_products, avg_transaction_value"
        " FROM analytics.sales_aggregates_1min FINAL ORDER BY 1, 3",
    )
    names = ("window_end", "total_sales", "total_revenue", "unique_customers", "unique_products",
             "avg_transaction_value")  # fmt: skip
    return {(int(r[0]), r[2]): dict(zip(names, [int(r[1]), *r[3:]], strict=True)) for r in rows}


def in_order_sales(sales: Sales, rng: random.Random, minutes: range) -> list[dict]:
    cats = [c for p, cs in sorted(categories_by_partition().items()) for c in cs]
    return sorted(
        (
            sales.sale(c, BASE + m * MINUTE + rng.randrange(MINUTE))
            for m in minutes
            for c in cats
            for _ in range(rng.randint(6, 12))
        ),
        key=lambda e: e["timestamp"],
    )


def test_future_dated_and_epoch_seconds_records_leave_every_window_exact(
    stack: dict, tmp_path: Path
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    cats = categories_by_partition()
    sales, rng = Sales(seed=13), random.Random(13)
    warmup = [sales.sale(cats[p][0], BASE) for p in sorted(cats)]
    # Schema-valid records dated 2100, one per partition, before the bulk: before issue 13
    # they moved the watermark to 2100 and every following record was "late".
    future = [sales.sale(cats[p][0], 4_102_444_800_000 + p) for p in sorted(cats)]
    bulk = in_order_sales(sales, rng, range(5))
    # Epoch seconds where the format is ISO 8601 or epoch milliseconds: read as ms, 1970.
    seconds = [
        sales.sale(cats[p][-1], BASE, timestamp=(BASE + 90_000 + p) // 1000) for p in sorted(cats)
    ]
    closing = [sales.sale(cats[p][0], CLOSING + p) for p in sorted(cats)]
    expected = expected_windows(warmup + bulk)

    stream = [record(e) for e in warmup + future]
    middle = [record(e) for e in bulk]
    for n, e in enumerate(seconds):  # spread through the bulk
        middle.insert((n + 1) * len(middle) // (len(seconds) + 1), record(e))
    stream += middle + [record(e) for e in closing]

    run = sales_run(bootstrap, tmp_path)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, stream)
        run.wait_consumed(len(stream), timeout=90)
        wait_until(lambda: "windows=" in run.output(), 30, "windows to be written")
    finally:
        stopped_cleanly(run)

    dead = read_topic(bootstrap, DLQ)
    reasons = Counter(m.headers["etl_gen_reason"].split(":", 1)[0] for m in dead)
    assert reasons == Counter({"implausible time": len(future) + len(seconds)}), reasons
    assert sorted(json.loads(m.value)["transaction_id"] for m in dead) == sorted(
        e["transaction_id"] for e in future + seconds
    )
    stored = stored_windows(tmp_path)
    assert sorted(stored) == sorted(expected), "every on-time window, and only those"
    for key, want in expected.items():
        assert_window(stored[key], want, f"clickhouse {key}")
    published = [json.loads(m.value) for m in read_topic(bootstrap, OUT_TOPIC)]
    assert sorted((parse_ms(v["window_start"]), v["category"]) for v in published) == sorted(
        expected
    )


@pytest.fixture
def broker_outage(stack: dict) -> Iterator:
    """outage(seconds): stop Kafka, wait, start it again; the whole stack is restored after."""

    def outage(stopped_s: float) -> float:
        """Kafka down for `stopped_s` (from the stop request to the start request), then up;
        returns how long the broker was unreachable in all."""
        began = time.monotonic()
        stack_mod.down(["kafka"])
        time.sleep(max(0.0, stopped_s - (time.monotonic() - began)))
        stack_mod.up(["kafka"])
        return time.monotonic() - began

    yield outage
    stack_mod.up()  # stopping Kafka stopped Kafka Connect as well


def test_broker_outage_under_a_window_pipeline_dead_letters_nothing(
    stack: dict, tmp_path: Path, broker_outage
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    cats = categories_by_partition()
    sales, rng = Sales(seed=21), random.Random(21)
    before = [sales.sale(cats[p][0], BASE) for p in sorted(cats)]
    before += in_order_sales(sales, rng, range(3))
    after = in_order_sales(sales, rng, range(3, 8))
    closing = [sales.sale(cats[p][0], CLOSING + p) for p in sorted(cats)]
    expected = expected_windows(before + after)

    # Small batches: after the outage, partitions come back one batch at a time.
    run = sales_run(bootstrap, tmp_path, "--batch-rows", "40")
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, [record(e) for e in before])
        run.wait_consumed(len(before), timeout=60)
        time.sleep(1.5)  # flushed and committed
        took = broker_outage(16)  # down 16 s, then however long the broker takes to start
        print(f"[e2e] broker outage of {took:.1f}s")
        assert 15 <= took <= 45
        produce(bootstrap, TOPIC, [record(e) for e in after + closing])
        run.wait_consumed(len(before) + len(after) + len(closing), timeout=120)
        wait_until(lambda: "windows=" in run.output(), 30, "windows to be written")
        time.sleep(1.5)
    finally:
        stopped_cleanly(run)

    dead = read_topic(bootstrap, DLQ)
    assert not dead, f"{len(dead)} in-order records dead-lettered, e.g. " + str(
        [m.headers.get("etl_gen_reason") for m in dead[:3]]
    )
    stored = stored_windows(tmp_path)
    assert sorted(stored) == sorted(expected)
    for key, want in expected.items():
        assert_window(stored[key], want, f"clickhouse {key}")


def test_broker_outage_under_a_join_dead_letters_nothing(
    stack: dict, tmp_path: Path, broker_outage
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / JOIN, bootstrap, partitions=PARTITIONS)
    users = [u for us in users_by_partition(2001, 4).values() for u in us]
    d = Data()
    start = 1_709_294_400_000  # 2024-03-01T12:00:00Z
    for i in range(400):  # one event every 3 s, an update of the same user with every third
        user = users[i % len(users)]
        d.event(user, start + i * 3_000)
        if i % 3 == 0:
            d.update(user, start + i * 3_000 + 1_000)
    split_left = 100  # 5 minutes before the outage, 15 after: longer than the 5-minute bound
    split_ms = start + split_left * 3_000
    before = by_time(
        d.left[:split_left], [u for u in d.right if join_parse_ms(u["timestamp"]) < split_ms]
    )
    after = by_time(
        d.left[split_left:], [u for u in d.right if join_parse_ms(u["timestamp"]) >= split_ms]
    )
    expected = expected_pairs(d.left, d.right)

    run = ProcessorRun(
        JOIN,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-join-outage-{uuid.uuid4().hex[:10]}",
            "--flush-interval-ms", "500",
            "--batch-rows", "20",
        ],
    )  # fmt: skip
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(bootstrap, before)
        run.wait_consumed(len(before), timeout=60)
        time.sleep(1.5)
        took = broker_outage(16)  # down 16 s, then however long the broker takes to start
        print(f"[e2e] broker outage of {took:.1f}s")
        assert 15 <= took <= 45
        produce_many(bootstrap, after)
        run.wait_consumed(len(before) + len(after), timeout=120)
        time.sleep(1.5)
    finally:
        stopped_cleanly(run)

    dead = read_topic(bootstrap, JOIN_DLQ)
    assert not dead, f"{len(dead)} in-order records dead-lettered, e.g. " + str(
        [m.headers.get("etl_gen_reason") for m in dead[:3]]
    )
    pairs = Counter()
    for message in read_topic(bootstrap, JOIN_OUT):
        value = json.loads(message.value)
        pairs[(value["event_id"], join_parse_ms(value["profile_updated_at"]))] += 1
    assert expected - set(pairs) == set(), f"{len(expected - set(pairs))} join pairs lost"
    assert set(pairs) - expected == set(), "pairs that must not join"
