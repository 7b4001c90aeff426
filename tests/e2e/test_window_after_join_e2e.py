"""A window after a join, end to end: the golden case `window_after_join_orders` over real Kafka
(3 partitions per topic) into embedded ClickHouse (chDB).

Orders are left-joined with payments made up to 10 minutes after them (10 s of grace), then
counted per hour and country: rows (a pair or an unmatched order), distinct payments, amount
paid. The processor is stopped while the first hour's window is still open, with pairs and
unmatched orders of that hour already through the join, and started again: the replay must
rebuild that window whole. The test computes the rows of each closed window itself, in plain
Python, from the records it produced.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import (
    REPO,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    key_partition,
    produce_many,
    wait_until,
)

PARTITIONS = 3
MINUTE = 60_000
HOUR = 60 * MINUTE
AFTER, GRACE = 10 * MINUTE, 5_000
BASE = 1_714_564_800_000  # 2024-05-01T12:00:00Z, an hour's start
CLOSING = BASE + 24 * HOUR
GOLDEN = REPO / "tests" / "golden" / "window_after_join_orders" / "spec.yaml"


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def ms(text: str) -> int:
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


class Data:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.orders: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []

    def order(self, at: int, payments: list[int]) -> None:
        """An order at `at` with payments that many ms after it."""
        oid = f"o-{len(self.orders) + 1:04d}"
        country = self.rng.choice(["DE", "FR", "NL"])
        self.orders.append({"order_id": oid, "country": country, "amount": 20.0,
                            "created_at": iso(at)})  # fmt: skip
        for delay in payments:
            n = len(self.payments) + 1
            self.payments.append({"payment_id": f"p-{n:04d}", "order_id": oid,
                                  "paid_amount": float(n % 17 + 1), "paid_at": iso(at + delay)})  # fmt: skip

    def hour(self, start: int, count: int) -> None:
        """Orders spread over an hour: paid within the bound, on it, past it, twice, never."""
        for i in range(count):
            at = start + self.rng.randrange(0, HOUR - MINUTE)
            kind = i % 5
            delays = [
                [self.rng.randrange(0, AFTER)],
                [AFTER],
                [AFTER + 1],
                [MINUTE, 2 * MINUTE],
                [],
            ][kind]
            self.order(at, delays)


def rows(d: Data, until_ms: int) -> dict[tuple[int, str], tuple[int, int, float]]:
    """Per (hour, country) window closed by `until_ms`: rows, distinct payments, amount paid."""
    joined: list[tuple[int, str, dict[str, Any] | None]] = []
    for o in d.orders:
        at = ms(o["created_at"])
        pairs = [p for p in d.payments
                 if p["order_id"] == o["order_id"] and at <= ms(p["paid_at"]) <= at + AFTER]  # fmt: skip
        joined += [(at, o["country"], p) for p in pairs] or [(at, o["country"], None)]
    windows: dict[tuple[int, str], list[dict[str, Any] | None]] = defaultdict(list)
    for at, country, payment in joined:
        start = at - (at - BASE) % HOUR
        if start + HOUR + AFTER + GRACE <= until_ms:
            windows[(start, country)].append(payment)
    return {
        key: (
            len(members),
            len({p["payment_id"] for p in members if p}),
            sum(p["paid_amount"] for p in members if p),
        )
        for key, members in windows.items()
    }


def by_time(d: Data, orders_topic: str, payments_topic: str, since: int, until: int) -> list:
    tagged = [(ms(o["created_at"]), orders_topic, o) for o in d.orders]
    tagged += [(ms(p["paid_at"]), payments_topic, p) for p in d.payments]
    tagged = sorted((t for t in tagged if since <= t[0] < until), key=lambda t: (t[0], t[1]))
    return [(topic, v["order_id"].encode(), json.dumps(v).encode()) for _, topic, v in tagged]


def test_hourly_counts_after_a_left_join_survive_a_restart(kafka: str, tmp_path: Path) -> None:
    run_id = uuid.uuid4().hex[:8]
    spec = yaml.safe_load(GOLDEN.read_text())
    orders_topic, payments_topic = f"orders-{run_id}", f"payments-{run_id}"
    spec["source"]["topics"] = [orders_topic]
    spec["dead_letter_topic"] = f"orders-dlq-{run_id}"
    spec["operators"][0]["right_topic"] = payments_topic
    bundle = generate_bundle(spec, tmp_path / "bundle")
    fresh_topics(bundle, kafka, PARTITIONS)

    d = Data(seed=11)
    d.hour(BASE, 60)
    d.hour(BASE + HOUR, 45)
    # a day later an order and its payment in every partition: every window above closes
    keys: dict[int, str] = {}
    n = 0
    while len(keys) < PARTITIONS:
        oid = f"o-{len(d.orders) + 1 + n:04d}"
        keys.setdefault(key_partition(oid.encode(), PARTITIONS), oid)
        n += 1
    for p in range(PARTITIONS):
        d.orders.append({"order_id": keys[p], "country": "DE", "amount": 1.0,
                         "created_at": iso(CLOSING + p)})  # fmt: skip
        d.payments.append({"payment_id": f"p-closing-{p}", "order_id": keys[p],
                           "paid_amount": 1.0, "paid_at": iso(CLOSING + p)})  # fmt: skip
    expected = rows(d, CLOSING)
    assert {start for start, _ in expected} == {BASE, BASE + HOUR}

    # the stop comes at BASE + 65 min: the first hour's window is open (it closes at
    # BASE + 70 min + 5 s), some of its orders were paired and some emitted unmatched
    split = BASE + HOUR + 5 * MINUTE
    phase1 = by_time(d, orders_topic, payments_topic, 0, split)
    phase2 = by_time(d, orders_topic, payments_topic, split, CLOSING + HOUR)
    group = f"e2e-wjoin-{run_id}"
    dsn = f"chdb://{tmp_path}/ch"
    args = ["--bootstrap-servers", kafka, "--group-id", group, "--clickhouse-dsn", dsn,
            "--flush-interval-ms", "300"]  # fmt: skip

    run = ProcessorRun("hourly_payment_rate", tmp_path, args, bundle=bundle)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(kafka, phase1)
        run.wait_consumed(len(phase1), timeout=90)
    finally:
        code = run.stop()
    assert code == 0 and "Traceback" not in run.output(), run.output()[-3000:]
    # no window had closed: the first hour's rows are rebuilt from the replay alone
    assert chdb_query(dsn, "SELECT count() FROM shop.hourly_payment_rate") == [[0]]

    run = ProcessorRun("hourly_payment_rate", tmp_path, args, bundle=bundle)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(kafka, phase2)
        # the closing records stay held (their window is open): commits stop right before them
        held = {
            **{tp: end - 1 for tp, end in end_offsets(kafka, orders_topic, PARTITIONS).items()},
            **{tp: end - 1 for tp, end in end_offsets(kafka, payments_topic, PARTITIONS).items()},
        }
        wait_until(lambda: committed_offsets(kafka, group) == held, 90, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    stored = chdb_query(
        dsn,
        "SELECT toUnixTimestamp64Milli(window_start), country, orders, paid_orders, paid_total "
        "FROM shop.hourly_payment_rate FINAL ORDER BY window_start, country",
    )
    got = {(int(r[0]), r[1]): (int(r[2]), int(r[3]), float(r[4])) for r in stored}
    assert got.keys() == expected.keys()
    for key, (count, paid, total) in expected.items():
        assert got[key][:2] == (count, paid), key
        assert got[key][2] == pytest.approx(total), key
