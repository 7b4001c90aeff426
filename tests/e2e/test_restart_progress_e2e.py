"""Restarts keep their progress, against the real broker (issue 12, points 3 and 4).

(a) sales_aggregates (1-minute windows into ClickHouse, then Kafka): late records for windows
    already written, sent before a clean restart, after it, around a SIGKILL and after the
    SIGKILL, are every one in the dead-letter topic with a `late` reason; none of those sent
    before is dead-lettered twice by the replays; the windows are exact in both sinks.
(b) the second sink fails after the first has written: the output topic refuses every batch
    (its `max.message.bytes` set below one record: a real broker error, MESSAGE_TOO_LARGE) while
    ClickHouse takes the windows; the processor stops; the topic is fixed and the processor
    restarted: every window is in both sinks, none twice in ClickHouse or in Kafka.
(c) a dedup pipeline (generated from a spec here): a repeat sent after a SIGKILL, whose first copy
    was committed before it, is dropped; the first copies are not written again.
(d) as (a) under `delivery: exactly_once` (the sales windows into ClickHouse only, the dead
    letters in the transactions, read with read_committed): every late sale is dead-lettered
    exactly once, around the SIGKILL too, and every window is once in ClickHouse.

Expected results are computed here from the records sent, never read from the processor.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import signal
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from harness import (
    GENERATED,
    Message,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_committed,
    wait_until,
)
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
    iso,
    parse_ms,
    record,
)

RESULTS = "analytics.sales_aggregates_1min"


def sales_run(bootstrap: str, tmp_path: Path, group: str) -> ProcessorRun:
    return ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", group,
            "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--flush-interval-ms", "300",
        ],
    )  # fmt: skip


def on_time_sales(sales: Sales, rng: random.Random) -> list[dict[str, Any]]:
    """A sale per partition at the start, minutes 0..5 in time order, then one sale per partition
    at 6:03: the watermark (slowest partition's latest time minus 5 s of grace) reaches 5:58."""
    cats = categories_by_partition()
    all_cats = [c for p in sorted(cats) for c in cats[p]]
    warmup = [sales.sale(cats[p][0], BASE) for p in sorted(cats)]
    bulk = sorted(
        (
            sales.sale(c, BASE + m * MINUTE + rng.randrange(MINUTE))
            for m in range(6)
            for c in all_cats
            for _ in range(rng.randint(3, 8))
        ),
        key=lambda e: e["timestamp"],
    )
    advance = [sales.sale(cats[p][-1], BASE + 6 * MINUTE + 3_000) for p in sorted(cats)]
    return warmup + bulk + advance


def late_sales(sales: Sales, rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Sales in minutes 0..4, whose windows all ended at or before the watermark 5:58."""
    cats = [c for p, names in sorted(categories_by_partition().items()) for c in names]
    return [sales.sale(rng.choice(cats), BASE + rng.randrange(5 * MINUTE)) for _ in range(count)]


def closing_sales(sales: Sales) -> list[dict[str, Any]]:
    """A day later in every partition: every real window closes; theirs stay open."""
    cats = categories_by_partition()
    return [sales.sale(cats[p][0], CLOSING + p) for p in sorted(cats)]


def window_key(value: dict[str, Any]) -> tuple[int, str]:
    return parse_ms(value["window_start"]), value["category"]


def published(bootstrap: str) -> list[dict[str, Any]]:
    return [json.loads(m.value) for m in read_topic(bootstrap, OUT_TOPIC)]


def late_letters(bootstrap: str, isolation_level: str = "read_uncommitted") -> list[Message]:
    letters = read_topic(bootstrap, DLQ, isolation_level)
    return [m for m in letters if m.value and b"transaction_id" in m.value]


def letter_ids(letters: list[Message]) -> Counter[str]:
    return Counter(json.loads(m.value)["transaction_id"] for m in letters)


def wait_dead_lettered(
    bootstrap: str,
    events: list[dict[str, Any]],
    timeout: float = 90,
    isolation_level: str = "read_uncommitted",
) -> None:
    wanted = {e["transaction_id"] for e in events}
    wait_until(
        lambda: wanted <= set(letter_ids(late_letters(bootstrap, isolation_level))),
        timeout,
        f"{len(wanted)} late sales in {DLQ}",
    )


def stored_windows(tmp_path: Path, final: bool) -> list[tuple[tuple[int, str], dict[str, Any]]]:
    rows = chdb_query(
        f"chdb://{tmp_path}/ch",
        "SELECT toUnixTimestamp64Milli(window_start), toUnixTimestamp64Milli(window_end), category,"
        " total_sales, total_revenue, unique_customers, unique_products, avg_transaction_value"
        f" FROM {RESULTS}{' FINAL' if final else ''} ORDER BY 1, 3",
    )
    names = (
        "window_end", "total_sales", "total_revenue", "unique_customers", "unique_products",
        "avg_transaction_value",
    )  # fmt: skip
    return [((int(r[0]), r[2]), dict(zip(names, [int(r[1]), *r[3:]], strict=True))) for r in rows]


def assert_clickhouse_exact(
    tmp_path: Path, expected: dict[tuple[int, str], dict[str, Any]]
) -> None:
    """Every expected window once in ClickHouse, even without FINAL."""
    rows = stored_windows(tmp_path, final=False)
    twice = [key for key, n in Counter(key for key, _ in rows).items() if n > 1]
    assert twice == [], f"windows stored twice in ClickHouse: {twice}"
    stored = dict(rows)
    assert sorted(stored) == sorted(expected)
    for key, want in expected.items():
        assert_window(stored[key], want, f"clickhouse {key}")


def assert_both_sinks_exact(
    bootstrap: str, tmp_path: Path, expected: dict[tuple[int, str], dict[str, Any]]
) -> None:
    """Every expected window once in ClickHouse (even without FINAL) and once in the topic."""
    assert_clickhouse_exact(tmp_path, expected)
    out = published(bootstrap)
    counts = Counter(window_key(v) for v in out)
    assert sorted(counts) == sorted(expected), "every window reaches Kafka"
    assert [k for k, n in counts.items() if n > 1] == [], "a window published twice"
    for value in out:
        assert_window(
            {**value, "window_end": parse_ms(value["window_end"])},
            expected[window_key(value)],
            f"kafka {window_key(value)}",
        )


def test_late_records_after_a_clean_restart_and_a_sigkill_are_dead_lettered(
    kafka: str, tmp_path: Path
) -> None:
    bootstrap = kafka
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    sales, rng = Sales(seed=1212), random.Random(12)
    on_time = on_time_sales(sales, rng)
    expected = expected_windows(on_time)
    written_before = {k for k, w in expected.items() if w["window_end"] <= BASE + 5 * MINUTE}
    group = f"e2e-progress-{uuid.uuid4().hex[:10]}"
    batches = {name: late_sales(sales, rng, 150) for name in ("before", "after", "around", "next")}

    run = sales_run(bootstrap, tmp_path, group)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, [record(e) for e in on_time])
        wait_until(
            lambda: written_before <= {window_key(v) for v in published(bootstrap)},
            90,
            "minutes 0..4 written",
        )
        produce(bootstrap, TOPIC, [record(e) for e in batches["before"]])
        wait_dead_lettered(bootstrap, batches["before"])
    finally:
        assert run.stop() == 0, run.output()[-3000:]

    # a clean restart (SIGTERM flushed and committed), then late sales
    run = sales_run(bootstrap, tmp_path, group)
    run.wait_for(r"assigned partitions=", timeout=60)
    produce(bootstrap, TOPIC, [record(e) for e in batches["after"]])
    wait_dead_lettered(bootstrap, batches["after"])

    # late sales around a SIGKILL, then more after the restart
    produce(bootstrap, TOPIC, [record(e) for e in batches["around"]])
    time.sleep(0.5)  # some read, perhaps dead-lettered, perhaps committed
    run.stop(signal.SIGKILL)
    run = sales_run(bootstrap, tmp_path, group)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, [record(e) for e in batches["next"]])
        wait_dead_lettered(bootstrap, batches["around"] + batches["next"])
        produce(bootstrap, TOPIC, [record(e) for e in closing_sales(sales)])
        wait_until(
            lambda: set(expected) <= {window_key(v) for v in published(bootstrap)},
            90,
            "every on-time window written",
        )
    finally:
        assert run.stop() == 0, run.output()[-3000:]
    log = run.output()
    assert "Traceback" not in log, log[-3000:]

    letters = late_letters(bootstrap)
    ids = letter_ids(letters)
    for name, events in batches.items():
        sent = [e["transaction_id"] for e in events]
        found = sum(1 for t in sent if ids[t])
        print(f"[progress] late sales {name} restart: sent={len(sent)} dead-lettered={found}")
        assert found == len(sent), name
    assert all(m.headers["etl_gen_reason"].startswith("late:") for m in letters)
    # Replays do not send a letter again; only the SIGKILL may repeat letters sent after the
    # last commit before it (at-least-once).
    for name in ("before", "after", "next"):
        repeated = [e["transaction_id"] for e in batches[name] if ids[e["transaction_id"]] > 1]
        assert repeated == [], f"{name}: dead-lettered more than once: {repeated[:5]}"
    again = sum(ids[e["transaction_id"]] - 1 for e in batches["around"])
    print(f"[progress] letters repeated after the SIGKILL: {again}")
    assert_both_sinks_exact(bootstrap, tmp_path, expected)


async def _set_max_message_bytes(bootstrap: str, topic: str, size: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, {"max.message.bytes": str(size)})]
        )
    finally:
        await admin.close()


def set_max_message_bytes(bootstrap: str, topic: str, size: int) -> None:
    asyncio.run(_set_max_message_bytes(bootstrap, topic, size))


def test_second_sink_failing_after_the_first_wrote_gets_every_window_after_recovery(
    kafka: str, tmp_path: Path
) -> None:
    bootstrap = kafka
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    sales, rng = Sales(seed=3200), random.Random(32)
    on_time = on_time_sales(sales, rng)
    expected = expected_windows(on_time)
    group = f"e2e-progress-{uuid.uuid4().hex[:10]}"
    set_max_message_bytes(bootstrap, OUT_TOPIC, 64)  # below one window's record batch
    produce(bootstrap, TOPIC, [record(e) for e in on_time + closing_sales(sales)])

    run = sales_run(bootstrap, tmp_path, group)
    try:
        wait_until(lambda: run.process.poll() is not None, 120, "the Kafka write to fail")
    finally:
        if run.process.poll() is None:
            run.stop()
    code = run.stop()
    assert code != 0
    assert "MessageSizeTooLarge" in run.output(), run.output()[-3000:]
    in_clickhouse = len(stored_windows(tmp_path, final=False))
    in_kafka = len(published(bootstrap))
    print(f"[progress] at the failure: clickhouse={in_clickhouse} kafka={in_kafka} windows")
    assert in_clickhouse > 0 and in_kafka == 0, "ClickHouse wrote, then the Kafka write failed"

    set_max_message_bytes(bootstrap, OUT_TOPIC, 1_048_588)  # the broker's default
    run = sales_run(bootstrap, tmp_path, group)
    try:
        wait_until(
            lambda: set(expected) <= {window_key(v) for v in published(bootstrap)},
            120,
            "every window in Kafka",
        )
    finally:
        assert run.stop() == 0, run.output()[-3000:]
    print(
        f"[progress] after recovery: expected={len(expected)} "
        f"clickhouse={len(stored_windows(tmp_path, final=False))} kafka={len(published(bootstrap))}"
    )
    assert_both_sinks_exact(bootstrap, tmp_path, expected)


DEDUP_SPEC: dict[str, Any] = {
    "spec_version": 1,
    "name": "unique_payments",
    "description": "Deduplicate payments by payment_id over 1 hour and publish them.",
    "source": {
        "kind": "kafka",
        "topics": ["payments-restart"],
        "group_id": "unique-payments",
        "auto_offset_reset": "earliest",
        "bootstrap_servers": "localhost:9092",
        "format": {"kind": "json"},
        "event_time": "timestamp",
        "key": "payment_id",
    },
    "schema": {
        "fields": [
            {"name": "payment_id", "type": "string", "required": True},
            {"name": "amount", "type": "float", "required": True},
            {"name": "timestamp", "type": "timestamp", "required": True},
        ]
    },
    "operators": [{"kind": "dedup", "key": ["payment_id"], "horizon_ms": 3_600_000}],
    "sinks": [{"kind": "kafka", "topic": "payments-unique", "key": "payment_id"}],
    "delivery": "at_least_once",
}


REPEAT_AMOUNT = 10_000.0  # added to a repeat's amount: a repeat that passes is recognisable


def payment(n: int, at_ms: int, repeat: bool = False) -> tuple[bytes, bytes]:
    amount = round(10 + n * 0.5, 2) + (REPEAT_AMOUNT if repeat else 0)
    event = {"payment_id": f"pay-{n:05d}", "amount": amount, "timestamp": iso(at_ms)}
    return event["payment_id"].encode(), json.dumps(event).encode()


async def _processed(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {
        (tp.topic, tp.partition): json.loads(meta.metadata)["processed"]
        for tp, meta in offsets.items()
        if meta.metadata
    }


def committed_processed(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    """Per partition, the position the group's last commit says was processed (its metadata)."""
    return asyncio.run(_processed(bootstrap, group))


def test_a_duplicate_across_a_sigkill_is_dropped(kafka: str, tmp_path: Path) -> None:
    bootstrap = kafka
    bundle = generate_bundle(DEDUP_SPEC, tmp_path / "bundle")
    fresh_topics(bundle, bootstrap, partitions=3, extra=["payments-unique"])
    group = f"e2e-dedup-{uuid.uuid4().hex[:10]}"
    args = ["--bootstrap-servers", bootstrap, "--group-id", group, "--flush-interval-ms", "300"]
    first = [payment(n, BASE + n * 1000) for n in range(300)]
    repeats = [payment(n, BASE + n * 1000 + 30_000, repeat=True) for n in range(0, 300, 2)]
    fresh = [payment(n, BASE + n * 1000) for n in range(300, 360)]

    def outputs() -> Counter[str]:
        return Counter(
            json.loads(m.value)["payment_id"] for m in read_topic(bootstrap, "payments-unique")
        )

    run = ProcessorRun("unique_payments", tmp_path, args, bundle=bundle)
    run.wait_for(r"assigned partitions=", timeout=60)
    produce(bootstrap, "payments-restart", first)
    wait_until(lambda: len(outputs()) == len(first), 90, "the first copies published")
    ends = end_offsets(bootstrap, "payments-restart", 3)
    wait_until(
        lambda: committed_processed(bootstrap, group) == ends, 30, "the first copies committed"
    )
    held = committed_offsets(bootstrap, group)
    print(
        f"[progress] dedup: committed offsets {held} (held at the copies remembered), ends {ends}"
    )
    run.stop(signal.SIGKILL)

    run = ProcessorRun("unique_payments", tmp_path, args, bundle=bundle)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, "payments-restart", repeats + fresh)
        wait_until(lambda: len(outputs()) == len(first) + len(fresh), 90, "the new payments")
        wait_until(lambda: run.consumed() >= len(repeats) + len(fresh), 60, "the repeats read")
    finally:
        assert run.stop() == 0, run.output()[-3000:]
    out = outputs()
    passed = [
        m.key for m in read_topic(bootstrap, "payments-unique")
        if json.loads(m.value)["amount"] >= REPEAT_AMOUNT
    ]  # fmt: skip
    print(
        f"[progress] dedup: first={len(first)} repeats={len(repeats)} fresh={len(fresh)} "
        f"published={sum(out.values())} distinct={len(out)} repeats passed={len(passed)}"
    )
    assert set(out) == {json.loads(v)["payment_id"] for _, v in first + fresh}
    assert passed == [], "a repeat whose first copy was committed before the SIGKILL passed"
    assert [k for k, n in out.items() if n > 1] == [], "a first copy published again"


EOS_NAME = "sales_exactly_once"


def exactly_once_sales_spec() -> dict[str, Any]:
    """The seed's sales windows under exactly_once: ClickHouse only (a window's result cannot go
    to Kafka in a per-partition transaction), dead letters in the transactions."""
    spec = yaml.safe_load((GENERATED / NAME / "spec.yaml").read_text())
    spec["name"] = EOS_NAME
    spec["delivery"] = "exactly_once"
    spec["source"]["group_id"] = "sales-exactly-once"
    spec["sinks"] = [sink for sink in spec["sinks"] if sink["kind"] == "clickhouse"]
    return spec


def windows_written(run: ProcessorRun) -> int:
    """Windows the run has inserted into ClickHouse, from its log."""
    return sum(int(n) for n in re.findall(r"clickhouse table=\S+ windows=(\d+)", run.output()))


def test_exactly_once_late_records_after_a_clean_restart_and_a_sigkill_are_dead_lettered(
    kafka: str, tmp_path: Path
) -> None:
    bootstrap = kafka
    bundle = generate_bundle(exactly_once_sales_spec(), tmp_path / "bundle")
    fresh_topics(bundle, bootstrap, partitions=PARTITIONS)
    sales, rng = Sales(seed=1313), random.Random(13)
    on_time = on_time_sales(sales, rng)
    expected = expected_windows(on_time)
    written_before = {k for k, w in expected.items() if w["window_end"] <= BASE + 5 * MINUTE}
    group = f"e2e-eos-progress-{uuid.uuid4().hex[:10]}"
    batches = {name: late_sales(sales, rng, 150) for name in ("before", "after", "around", "next")}
    args = [
        "--bootstrap-servers", bootstrap,
        "--group-id", group,
        "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
        "--flush-interval-ms", "300",
    ]  # fmt: skip

    def start() -> ProcessorRun:
        return ProcessorRun(EOS_NAME, tmp_path, args, bundle=bundle)

    def dead_lettered(events: list[dict[str, Any]]) -> None:
        wait_dead_lettered(bootstrap, events, isolation_level="read_committed")

    run = start()
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, [record(e) for e in on_time])
        wait_until(lambda: windows_written(run) >= len(written_before), 90, "minutes 0..4 written")
        produce(bootstrap, TOPIC, [record(e) for e in batches["before"]])
        dead_lettered(batches["before"])
    finally:
        assert run.stop() == 0, run.output()[-3000:]

    # a clean restart (SIGTERM committed a last transaction), then late sales
    run = start()
    run.wait_for(r"assigned partitions=", timeout=60)
    produce(bootstrap, TOPIC, [record(e) for e in batches["after"]])
    dead_lettered(batches["after"])

    # late sales around a SIGKILL (some in a transaction it never committed), then more
    produce(bootstrap, TOPIC, [record(e) for e in batches["around"]])
    time.sleep(0.5)
    run.stop(signal.SIGKILL)
    run = start()
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce(bootstrap, TOPIC, [record(e) for e in batches["next"]])
        dead_lettered(batches["around"] + batches["next"])
        produce(bootstrap, TOPIC, [record(e) for e in closing_sales(sales)])
        # the closing sales stay in open windows: the commits stop at them, the last offset
        targets = {tp: end - 1 for tp, end in end_offsets(bootstrap, TOPIC, PARTITIONS).items()}
        wait_committed(bootstrap, group, targets, 90)
    finally:
        assert run.stop() == 0, run.output()[-3000:]
    assert "Traceback" not in run.output(), run.output()[-3000:]

    letters = late_letters(bootstrap, "read_committed")
    ids = letter_ids(letters)
    for name, events in batches.items():
        sent = [e["transaction_id"] for e in events]
        found = sum(1 for t in sent if ids[t])
        repeated = [t for t in sent if ids[t] > 1]
        print(
            f"[progress] exactly once, late sales {name} restart: sent={len(sent)} "
            f"dead-lettered={found} repeated={len(repeated)}"
        )
        assert found == len(sent), name
        assert repeated == [], f"{name}: dead-lettered more than once: {repeated[:5]}"
    assert all(m.headers["etl_gen_reason"].startswith("late:") for m in letters)
    assert_clickhouse_exact(tmp_path, expected)
