"""Expression operators end to end: a filter on an expression, a map and a select, over real Kafka,
into embedded ClickHouse (chDB) and a Kafka topic.

The pipeline is the golden case `expression_orders_clickhouse` with both sinks:

    filter  status in ['paid', 'shipped'] and amount > 0
    map     total = price * qty; day = day_of_week(created_at); big = total >= 100.0
    select  order_id, customer (as customer_name), total, day, big, created_at

The test produces orders with missing (null) quantities and customers, zero and negative amounts,
other statuses, times written with offsets that fall on another UTC day, and records that do not
validate; it computes the expected rows itself, in plain Python (not with the generator's
reference evaluator), and compares ClickHouse, the output topic and the dead-letter topic.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from harness import (
    REPO,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_until,
)

GOLDEN = REPO / "tests" / "golden" / "expression_orders_clickhouse" / "spec.yaml"
TOPIC = "expr-orders"
OUT_TOPIC = "expr-paid-orders"
DLQ = "expr-orders-dlq"
PARTITIONS = 3
STATUSES = ("paid", "shipped", "pending", "refunded", "PAID", "")
BASE = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)  # a Saturday


class BundleRun(ProcessorRun):
    """A processor of a bundle rendered into a temporary folder, started as a user would."""

    def __init__(self, bundle: Path, workdir: Path, args: list[str]) -> None:
        self.name = bundle.name
        self.log_path = workdir / f"{self.name}.{int(time.time() * 1000)}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(bundle / f"{self.name}.py"), *args],
            cwd=workdir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LOG_LEVEL": "INFO"},
        )


def spec() -> dict[str, Any]:
    data = yaml.safe_load(GOLDEN.read_text())
    data["source"]["topics"] = [TOPIC]
    data["dead_letter_topic"] = DLQ
    data["sinks"] = [
        {"kind": "clickhouse", "database": "shop", "table": "paid_orders"},
        {"kind": "kafka", "topic": OUT_TOPIC, "key": "order_id"},
    ]
    return data


def orders(seed: int) -> list[dict[str, Any]]:
    """Random orders, then the edges written out by hand."""
    rng = random.Random(seed)
    out = []
    for n in range(120):
        at = BASE + timedelta(minutes=37 * n)
        offset = rng.choice([0, 0, 5, -7])  # a written offset can put the time on another day
        written = at.astimezone(timezone(timedelta(hours=offset)))
        order: dict[str, Any] = {
            "order_id": f"order-{n:04d}",
            "status": rng.choice(STATUSES),
            "amount": rng.choice([0.0, -1.5, 12.25, 49.5, 100.0, 0.01]),
            "price": rng.choice([0.5, 7.75, 19.99, 25.0, 33.3]),
            "created_at": written.isoformat().replace("+00:00", "Z"),
        }
        if rng.random() < 0.8:
            order["qty"] = rng.choice([0, 1, 2, 3, 4, 5, 7])
        elif rng.random() < 0.5:
            order["qty"] = None
        if rng.random() < 0.75:
            order["customer"] = rng.choice(["Ada", "Grace", "Alan", "Edsger", ""])
        out.append(order)
    out += [
        # total exactly 100.0: big is true (>=)
        {"order_id": "edge-100", "status": "paid", "amount": 1.0, "price": 25.0, "qty": 4,
         "created_at": "2024-06-03T00:00:00Z", "customer": "Ada"},
        # 23:30 at -02:00 is Monday 01:30 UTC: the weekday is taken in UTC
        {"order_id": "edge-offset", "status": "shipped", "amount": 3.5, "price": 2.0, "qty": 1,
         "created_at": "2024-06-02T23:30:00-02:00"},
        # no quantity: total and big are null, the order still passes
        {"order_id": "edge-null-qty", "status": "paid", "amount": 8.0, "price": 2.0, "qty": None,
         "created_at": "2024-06-04T10:00:00Z", "customer": None},
        # amount 0 is not above 0
        {"order_id": "edge-zero", "status": "paid", "amount": 0, "price": 2.0, "qty": 1,
         "created_at": "2024-06-04T10:00:00Z"},
        # case matters in `in`
        {"order_id": "edge-case", "status": "Paid", "amount": 5.0, "price": 2.0, "qty": 1,
         "created_at": "2024-06-04T10:00:00Z"},
    ]  # fmt: skip
    return out


INVALID = [
    {"order_id": "bad-status-type", "status": 1, "amount": 1.0, "price": 1.0,
     "created_at": "2024-06-04T10:00:00Z"},
    {"order_id": "bad-no-amount", "status": "paid", "price": 1.0,
     "created_at": "2024-06-04T10:00:00Z"},
    {"order_id": "bad-qty-text", "status": "paid", "amount": 1.0, "price": 1.0, "qty": "3",
     "created_at": "2024-06-04T10:00:00Z"},
]  # fmt: skip


def expected_rows(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The pipeline, written out in plain Python: what must reach both sinks, by order id."""
    out = {}
    for r in records:
        if r["status"] not in ("paid", "shipped") or not r["amount"] > 0:
            continue
        qty = r.get("qty")
        total = None if qty is None else float(r["price"]) * qty
        created = datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).astimezone(UTC)
        out[r["order_id"]] = {
            "customer_name": r.get("customer"),
            "total": total,
            "day": created.isoweekday(),
            "big": None if total is None else total >= 100.0,
            "created_at": created,
        }
    return out


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_filter_map_select_over_kafka_into_clickhouse_and_kafka(stack, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    bundle = generate_bundle(spec(), tmp_path / "paid_orders")
    fresh_topics(bundle, bootstrap, PARTITIONS)
    records = orders(seed=10)
    payloads = [json.dumps(r).encode() for r in records + INVALID]
    produce(bootstrap, TOPIC, [(r["order_id"].encode(), p)
                               for r, p in zip(records + INVALID, payloads, strict=True)])  # fmt: skip
    expected = expected_rows(records)
    # The hand-written edges do what the docstring says (the expected side is plain Python).
    assert expected["edge-100"]["big"] is True
    assert expected["edge-offset"]["day"] == 1
    assert expected["edge-null-qty"]["total"] is None
    assert "edge-zero" not in expected and "edge-case" not in expected
    assert 20 < len(expected) < len(records) - 20, "the filter keeps some and drops some"

    group = f"e2e-expr-{uuid.uuid4().hex[:10]}"
    dsn = f"chdb://{tmp_path}/ch"
    run = BundleRun(bundle, tmp_path, [
        "--bootstrap-servers", bootstrap, "--group-id", group, "--clickhouse-dsn", dsn,
        "--flush-interval-ms", "500",
    ])  # fmt: skip
    try:
        run.wait_consumed(len(payloads), timeout=120)
        ends = end_offsets(bootstrap, TOPIC, PARTITIONS)
        wait_until(lambda: committed_offsets(bootstrap, group) == ends, 60, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    rows = chdb_query(
        dsn,
        "SELECT order_id, customer_name, total, day, big, toString(created_at) "
        "FROM shop.paid_orders ORDER BY order_id",
    )
    stored = {
        r[0]: {"customer_name": r[1], "total": r[2], "day": r[3], "big": r[4],
               "created_at": _time(r[5])}
        for r in rows
    }  # fmt: skip
    assert len(rows) == len(stored), "one row per order"
    assert stored == expected

    published = {}
    for message in read_topic(bootstrap, OUT_TOPIC):
        assert message.value is not None
        value = json.loads(message.value)
        assert message.key == value["order_id"].encode()
        assert list(value) == ["order_id", "customer_name", "total", "day", "big", "created_at"]
        order_id = value.pop("order_id")
        published[order_id] = {**value, "created_at": _time(value["created_at"])}
    assert published == expected

    letters = read_topic(bootstrap, DLQ)
    assert sorted(json.loads(m.value or b"{}").get("order_id") for m in letters) == sorted(
        r["order_id"] for r in INVALID
    )
