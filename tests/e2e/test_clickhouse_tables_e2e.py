"""Two ClickHouse tables from one pipeline, end to end: the golden case
`orders_two_clickhouse_tables` (paid orders into `shop.orders`, and into
`shop_recent.orders_recent`, partitioned by day with a 30-day TTL on `created_at`) over real
Kafka (3 partitions) into embedded ClickHouse (chDB).

Orders are made here: some paid, some not, some created within the last few days and some 40 to
60 days ago. The expected rows are chosen in plain Python from the produced orders: every paid
order in `shop.orders`; in `shop_recent.orders_recent` the same rows, and once ClickHouse has
merged the table (`OPTIMIZE ... FINAL`) only the paid orders younger than 30 days. A second run
with more orders checks that each table resumes from its own progress without writing a row twice.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
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
    wait_until,
)

GOLDEN = REPO / "tests" / "golden" / "orders_two_clickhouse_tables" / "spec.yaml"
TOPIC = "chtables-orders"
DLQ = "chtables-orders-dlq"
PARTITIONS = 3
TTL_DAYS = 30


def spec() -> dict[str, Any]:
    data = yaml.safe_load(GOLDEN.read_text())
    data["source"]["topics"] = [TOPIC]
    data["dead_letter_topic"] = DLQ
    assert data["sinks"][1]["ttl"] == {"column": "created_at", "days": TTL_DAYS}
    return data


def orders(rng: random.Random, first: int, count: int, now: datetime) -> list[dict[str, Any]]:
    """Orders with ids first..first+count-1: paid or not, recent or past the TTL, at random."""
    out = []
    for n in range(first, first + count):
        old = rng.random() < 0.4
        age = timedelta(days=rng.uniform(40, 60)) if old else timedelta(hours=rng.uniform(1, 96))
        out.append({
            "order_id": f"o-{n:04d}",
            "customer": rng.choice([None, "ann", "bob", "cyd"]),
            "status": rng.choice(["paid", "paid", "pending", "refunded"]),
            "amount": round(rng.uniform(1, 500), 2),
            "created_at": (now - age).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        })  # fmt: skip
    return out


def paid(records: list[dict[str, Any]], younger_than: datetime | None = None) -> set[tuple]:
    """(order_id, amount) of the paid orders, only those created after `younger_than` if given."""
    return {
        (r["order_id"], r["amount"])
        for r in records
        if r["status"] == "paid"
        and (younger_than is None or datetime.fromisoformat(r["created_at"]) > younger_than)
    }


def stored(dsn: str, table: str) -> list[tuple[str, float]]:
    rows = chdb_query(dsn, f"SELECT order_id, amount FROM {table} ORDER BY order_id")
    return [(r[0], float(r[1])) for r in rows]


_COMMAND = """
import sys
import clickhouse_connect
clickhouse_connect.get_client(dsn=sys.argv[1]).command(sys.argv[2])
"""


def chdb_command(dsn: str, sql: str) -> None:
    """Run one statement on the embedded chDB database, in its own process (as chdb_query)."""
    subprocess.run([sys.executable, "-c", _COMMAND, dsn, sql], check=True, capture_output=True)


def run_until_committed(bundle: Path, kafka: str, group: str, dsn: str, tmp: Path) -> str:
    run = ProcessorRun("orders_two_tables", tmp, [
        "--bootstrap-servers", kafka, "--group-id", group, "--clickhouse-dsn", dsn,
        "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_for(r"assigned partitions=", 90)
        ends = end_offsets(kafka, TOPIC, PARTITIONS)
        wait_until(lambda: committed_offsets(kafka, group) == ends, 90, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    return log


def test_paid_orders_land_in_both_tables_and_the_ttl_drops_the_old_ones(
    kafka: str, tmp_path: Path
) -> None:
    bundle = generate_bundle(spec(), tmp_path / "orders_two_tables")
    fresh_topics(bundle, kafka, PARTITIONS)
    rng = random.Random(11)
    now = datetime.now(UTC)
    first = orders(rng, 0, 90, now)
    produce(kafka, TOPIC, [(o["order_id"].encode(), json.dumps(o).encode()) for o in first])
    cutoff = now - timedelta(days=TTL_DAYS)
    # The random orders cover every case the test tells apart.
    assert paid(first, cutoff) and paid(first) - paid(first, cutoff)
    assert any(o["status"] != "paid" for o in first)

    group = f"e2e-chtables-{uuid.uuid4().hex[:10]}"
    dsn = f"chdb://{tmp_path}/ch"
    run_until_committed(bundle, kafka, group, dsn, tmp_path)

    full = stored(dsn, "shop.orders")
    assert len(full) == len(set(full))  # nothing written twice
    assert set(full) == paid(first)
    # Expired rows are written like any other; a background merge may already have dropped them.
    recent = stored(dsn, "shop_recent.orders_recent")
    assert len(recent) == len(set(recent))
    assert paid(first, cutoff) <= set(recent) <= paid(first)

    create = chdb_query(dsn, "SHOW CREATE TABLE shop_recent.orders_recent")[0][0]
    assert f"TTL created_at + toIntervalDay({TTL_DAYS})" in create, create
    assert "PARTITION BY toYYYYMMDD(created_at)" in create, create
    assert "TTL" not in chdb_query(dsn, "SHOW CREATE TABLE shop.orders")[0][0]
    chdb_command(dsn, "OPTIMIZE TABLE shop_recent.orders_recent FINAL")
    assert set(stored(dsn, "shop_recent.orders_recent")) == paid(first, cutoff)
    assert set(stored(dsn, "shop.orders")) == paid(first)  # the table without a TTL keeps all

    # A second run: each table starts from what it holds, and writes the new orders once.
    second = orders(rng, 90, 30, now)
    produce(kafka, TOPIC, [(o["order_id"].encode(), json.dumps(o).encode()) for o in second])
    run_until_committed(bundle, kafka, group, dsn, tmp_path)
    full = stored(dsn, "shop.orders")
    assert len(full) == len(set(full))
    assert set(full) == paid(first + second)
    chdb_command(dsn, "OPTIMIZE TABLE shop_recent.orders_recent FINAL")
    recent = stored(dsn, "shop_recent.orders_recent")
    assert len(recent) == len(set(recent))
    assert set(recent) == paid(first + second, cutoff)
