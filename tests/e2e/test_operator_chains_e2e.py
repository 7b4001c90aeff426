"""Operator chains end to end over the real Kafka, each against an expected result computed here in
plain Python.

Two enrichments: the golden case `two_enrichments_orders_kafka` (the buyer's profile from Redis
JSON strings under one prefix, then the product's catalog entry from Redis hashes under another,
into a Kafka topic). Some buyers have no profile (their fields stay null), some products are not
in the catalog (the order is a dead letter), and a catalog price that is not a number leaves
that one field null.

Dedup then window: the golden case `dedup_then_window_clicks` (drop a click_id seen in the last
10 minutes, then count and sum clicks per page per minute into embedded ClickHouse). Producers
"retry": some clicks are sent two or three times, a few seconds apart, some of the repeats in the
next minute's window; one click is sent again after the 10-minute horizon and counts again. Every
window must count each click once, in the window of its first sending.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import redis
import yaml
from harness import (
    REPO,
    ProcessorRun,
    chdb_query,
    fresh_topics,
    generate_bundle,
    key_partition,
    produce,
    read_topic,
    wait_until,
)

PARTITIONS = 3
BASE = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)  # a window start
MINUTE = timedelta(minutes=1)
HORIZON = timedelta(minutes=10)


def test_two_enrichments_from_two_caches_into_kafka(stack, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run_id = uuid.uuid4().hex[:8]
    topic, out_topic, dlq = (f"chain-orders-{run_id}{s}" for s in ("", "-enriched", "-dlq"))
    user_prefix, product_prefix = f"e2e:{run_id}:user:", f"e2e:{run_id}:product:"
    spec = yaml.safe_load(
        (REPO / "tests/golden/two_enrichments_orders_kafka/spec.yaml").read_text()
    )
    spec["source"]["topics"] = [topic]
    spec["operators"][0]["key_prefix"] = user_prefix
    spec["operators"][1]["key_prefix"] = product_prefix
    spec["sinks"][0]["topic"] = out_topic
    spec["dead_letter_topic"] = dlq
    bundle = generate_bundle(spec, tmp_path / "enriched_orders")
    fresh_topics(bundle, bootstrap, PARTITIONS)

    rng = random.Random(5)
    users = {u: {"name": f"user {u}", "country": rng.choice(["FR", "DE", "JP"]), "tier": "x"}
             for u in range(1, 30) if u % 7}  # fmt: skip
    products = {
        f"sku-{n}": {"title": f"Product {n}", "price": f"{n * 1.25:.2f}"} for n in range(12)
    }
    products["sku-7"]["price"] = "n/a"  # not a number: unit_price is null, the order still passes
    client = redis.Redis.from_url(stack["redis_url"])
    try:
        for u, profile in users.items():
            client.set(f"{user_prefix}{u}", json.dumps(profile))
        for sku, entry in products.items():
            client.hset(f"{product_prefix}{sku}", mapping=entry)
    finally:
        client.close()
    orders = [
        {"order_id": f"o-{n:04d}", "user_id": rng.randrange(1, 32), "qty": rng.randint(1, 5),
         "sku": f"sku-{rng.randrange(0, 14)}",  # sku-12 and sku-13 are not in the catalog
         "created_at": _iso(BASE + timedelta(seconds=11 * n))}
        for n in range(200)
    ]  # fmt: skip
    produce(bootstrap, topic, [(o["order_id"].encode(), json.dumps(o).encode()) for o in orders])

    want: dict[str, dict[str, Any]] = {}
    for o in orders:
        if o["sku"] not in products:
            continue
        user, product = users.get(o["user_id"]), products[o["sku"]]
        price = product["price"]
        want[o["order_id"]] = o | {
            "user_name": user["name"] if user else None,
            "user_country": user["country"] if user else None,
            "product_title": product["title"],
            "unit_price": None if price == "n/a" else float(price),
        }
    missing_sku = sorted(o["order_id"] for o in orders if o["sku"] not in products)
    assert missing_sku and any(w["user_name"] is None for w in want.values())
    assert any(w["unit_price"] is None for w in want.values())

    group = f"e2e-chain-{run_id}"
    run = ProcessorRun(bundle.name, tmp_path, [
        "--bootstrap-servers", bootstrap, "--group-id", group, "--redis-url", stack["redis_url"],
        "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(len(orders), timeout=120)
        wait_until(lambda: len(read_topic(bootstrap, out_topic)) >= len(want), 60, "outputs")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    got = {}
    for message in read_topic(bootstrap, out_topic):
        value = json.loads(message.value or b"{}")
        assert message.key == value["order_id"].encode()
        at = datetime.fromisoformat(value["created_at"].replace("Z", "+00:00"))
        got[value["order_id"]] = value | {"created_at": _iso(at.astimezone(UTC))}
    assert got == want
    letters = read_topic(bootstrap, dlq)
    assert sorted(json.loads(m.value or b"{}")["order_id"] for m in letters) == missing_sku
    assert all("enrich: no Redis value" in m.headers["etl_gen_reason"] for m in letters)


def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def clicks(seed: int) -> tuple[list[dict[str, Any]], int]:
    """Clicks over six minutes with retries, in event-time order; and how many were repeats."""
    rng = random.Random(seed)
    sent: list[dict[str, Any]] = []
    repeats = 0
    for n in range(150):
        at = BASE + timedelta(seconds=rng.randrange(0, 360))
        click = {"click_id": f"c-{n:04d}", "page": rng.choice(["/", "/pricing", "/docs"]),
                 "value": rng.randint(1, 9), "ts": at}  # fmt: skip
        sent.append(click)
        for _ in range(rng.choice([0, 0, 1, 2])):  # a retry carries the same click, a bit later
            repeats += 1
            sent.append(click | {"ts": at + timedelta(seconds=rng.randrange(1, 50))})
    # sent again 11 minutes on: past the horizon, a new click for the pipeline
    again = sent[0] | {"ts": sent[0]["ts"] + HORIZON + MINUTE}
    sent.sort(key=lambda c: c["ts"])
    return [*sent, again], repeats


def closers(start: datetime) -> list[dict[str, Any]]:
    """One click per partition well after the rest: the stream time passes every window."""
    out: dict[int, dict[str, Any]] = {}
    n = 0
    while len(out) < PARTITIONS:
        click_id = f"closer-{n}"
        out.setdefault(key_partition(click_id.encode(), PARTITIONS),
                       {"click_id": click_id, "page": "/later", "value": 1, "ts": start})  # fmt: skip
        n += 1
    return list(out.values())


def expected_windows(sent: list[dict[str, Any]]) -> dict[tuple[datetime, str], tuple[int, int]]:
    """Per (minute, page): clicks counted once (a repeat within 10 minutes of the first sending
    is dropped, a later one counts again) and the sum of their values."""
    first_seen: dict[str, datetime] = {}
    counts: Counter[tuple[datetime, str]] = Counter()
    sums: Counter[tuple[datetime, str]] = Counter()
    for c in sent:
        seen = first_seen.get(c["click_id"])
        if seen is not None and c["ts"] - seen < HORIZON:
            continue
        first_seen[c["click_id"]] = c["ts"]
        start = BASE + ((c["ts"] - BASE) // MINUTE) * MINUTE
        counts[start, c["page"]] += 1
        sums[start, c["page"]] += c["value"]
    return {k: (counts[k], sums[k]) for k in counts}


def test_dedup_then_window_counts_each_click_once(stack, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run_id = uuid.uuid4().hex[:8]
    topic, dlq = f"chain-clicks-{run_id}", f"chain-clicks-{run_id}-dlq"
    spec = yaml.safe_load((REPO / "tests/golden/dedup_then_window_clicks/spec.yaml").read_text())
    spec["source"]["topics"] = [topic]
    spec["dead_letter_topic"] = dlq
    bundle = generate_bundle(spec, tmp_path / "unique_clicks_per_minute")
    fresh_topics(bundle, bootstrap, PARTITIONS)

    sent, repeats = clicks(seed=21)
    last = closers(sent[-1]["ts"] + HORIZON + 5 * MINUTE)
    records = [
        (c["click_id"].encode(), json.dumps(c | {"ts": _iso(c["ts"])}).encode())
        for c in sent + last
    ]
    produce(bootstrap, topic, records)
    want = expected_windows(sent)
    assert repeats > 50, "the producers retried"
    assert sum(n for n, _ in want.values()) == len(sent) - repeats

    group = f"e2e-chain-{run_id}"
    dsn = f"chdb://{tmp_path}/ch"
    run = ProcessorRun(bundle.name, tmp_path, [
        "--bootstrap-servers", bootstrap, "--group-id", group, "--clickhouse-dsn", dsn,
        "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(len(records), timeout=120)
        wait_until(lambda: "flushed rows=" in run.output(), 30, "a flush")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert read_topic(bootstrap, dlq) == [], "nothing late or invalid"

    rows = chdb_query(
        dsn,
        "SELECT toString(window_start), page, clicks, total_value "
        "FROM analytics.unique_clicks_per_minute FINAL ORDER BY window_start, page",
    )
    got = {
        (datetime.fromisoformat(r[0]).replace(tzinfo=UTC), r[1]): (int(r[2]), int(r[3]))
        for r in rows
    }
    assert len(got) == len(rows), "one row per window and page"
    assert got == want
