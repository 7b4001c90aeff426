"""Left joins end to end over real Kafka (3 partitions per topic).

1. The golden case `left_interval_join_payments`: orders left-joined with payments whose time
   lies in [order - 1 min, order + 15 min] (asymmetric bounds, inclusive), 10 s of grace. The
   processor is stopped and started again half-way, with unmatched orders evicted before the
   stop and others still buffered then. The test computes itself which (order, payment) pairs
   and which unmatched orders (null payment fields) the output topic must hold, each once.
2. The same join on two processors in one group (co-partitioned): nothing missed or doubled.
3. The golden case `left_table_join_orders` with a Kafka sink, as a left join (orders of an
   unknown customer kept with null customer fields) and as an inner join (dropped).
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import (
    REPO,
    ProcessorRun,
    fresh_topics,
    generate_bundle,
    key_partition,
    produce_many,
    read_topic,
    wait_until,
)

PARTITIONS = 3
MINUTE = 60_000
BEFORE, AFTER, GRACE = 1 * MINUTE, 15 * MINUTE, 10_000
BASE = 1_714_564_800_000  # 2024-05-01T12:00:00Z
GOLDEN = REPO / "tests" / "golden"


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def ms(text: str) -> int:
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def golden(case: str, run_id: str) -> dict[str, Any]:
    """A golden spec with topics of its own, so runs never see each other's records."""
    data = yaml.safe_load((GOLDEN / case / "spec.yaml").read_text())
    data["source"]["topics"] = [f"orders-{run_id}"]
    data["dead_letter_topic"] = f"orders-dlq-{run_id}"
    return data


def stop(run: ProcessorRun) -> None:
    code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def order_ids(first: int) -> dict[int, list[str]]:
    """Order ids by the partition their key lands in: 12 per partition."""
    out: dict[int, list[str]] = {p: [] for p in range(PARTITIONS)}
    n = first
    while any(len(ids) < 12 for ids in out.values()):
        oid = f"o-{n:05d}"
        p = key_partition(oid.encode(), PARTITIONS)
        if len(out[p]) < 12:
            out[p].append(oid)
        n += 1
    return out


class Orders:
    def __init__(self) -> None:
        self.orders: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []

    def order(self, oid: str, at: int) -> None:
        self.orders.append({"order_id": oid, "customer_id": len(self.orders) + 1,
                            "amount": 10.0 + len(self.orders), "created_at": iso(at)})  # fmt: skip

    def payment(self, oid: str, at: int, method: str | None = "card") -> None:
        n = len(self.payments) + 1
        self.payments.append({"payment_id": f"pay-{oid}-{n}", "order_id": oid,
                              "paid_amount": 5.0 + n, "method": method, "paid_at": iso(at)})  # fmt: skip


def cases(d: Orders, ids: list[str], t0: int) -> None:
    """One partition's cases around t0 (ids of that partition)."""
    inside, bounds, outside, none, two = ids[:5]
    d.order(inside, t0)
    d.payment(inside, t0 + 5 * MINUTE)  # within: a pair
    d.order(bounds, t0 + 1)
    d.payment(bounds, t0 + 1 - BEFORE, None)  # exactly on the lower bound
    d.payment(bounds, t0 + 1 + AFTER)  # exactly on the upper bound: two pairs
    d.order(outside, t0 + 2)
    d.payment(outside, t0 + 2 - BEFORE - 1)  # 1 ms outside each bound: no pair, a null row
    d.payment(outside, t0 + 2 + AFTER + 1)
    d.order(none, t0 + 3)  # no payment at all: a null row
    d.order(two, t0 + 4)
    d.payment(two, t0 + 4 + MINUTE)
    d.payment(two, t0 + 4 + 2 * MINUTE)


def expected(d: Orders, stream_ms: int) -> Counter[tuple[str, str | None]]:
    """Each pair once; each order without a pair once, if the stream time passed its bound."""
    out: Counter[tuple[str, str | None]] = Counter()
    for o in d.orders:
        at = ms(o["created_at"])
        pairs = [p for p in d.payments if p["order_id"] == o["order_id"]
                 and at - BEFORE <= ms(p["paid_at"]) <= at + AFTER]  # fmt: skip
        for p in pairs:
            out[(o["order_id"], p["payment_id"])] += 1
        if not pairs and stream_ms - GRACE > at + AFTER:
            out[(o["order_id"], None)] += 1
    return out


def records(d: Orders, orders_topic: str, payments_topic: str) -> list[tuple[str, bytes, bytes]]:
    tagged = [(ms(o["created_at"]), orders_topic, o) for o in d.orders]
    tagged += [(ms(p["paid_at"]), payments_topic, p) for p in d.payments]
    tagged.sort(key=lambda t: (t[0], t[1]))
    return [(topic, v["order_id"].encode(), json.dumps(v).encode()) for _, topic, v in tagged]


def left_join_bundle(bootstrap: str, tmp_path: Path, run_id: str) -> tuple[Path, str, str, str]:
    """The golden left interval join with topics of its own: bundle, orders, payments, output."""
    spec = golden("left_interval_join_payments", run_id)
    payments_topic = f"payments-{run_id}"
    out_topic = f"orders-with-payments-{run_id}"
    spec["operators"][0]["right_topic"] = payments_topic
    spec["sinks"][0]["topic"] = out_topic
    bundle = generate_bundle(spec, tmp_path / "bundle")
    fresh_topics(bundle, bootstrap, partitions=PARTITIONS)
    return bundle, spec["source"]["topics"][0], payments_topic, out_topic


def scenario() -> tuple[Orders, Orders, Counter[tuple[str, str | None]]]:
    """Two phases of orders and payments, and the outputs expected from both."""
    ids = order_ids(1)
    # phase 1: the cases at BASE, then orders 20 min on in every partition, which move the
    # stream time past BASE's upper bounds + grace (those null rows leave before the stop),
    # and cases at BASE + 30 min, still buffered at the stop
    first = Orders()
    for p in range(PARTITIONS):
        cases(first, ids[p], BASE + p * 1000)
    for p in range(PARTITIONS):
        first.order(ids[p][5], BASE + AFTER + 5 * MINUTE)
    for p in range(PARTITIONS):
        cases(first, ids[p][6:11], BASE + 30 * MINUTE + p * 1000)
    # phase 2, after the restart: an order and its payment a day later in every partition of
    # both topics, which move the stream time past the buffered cases' bounds
    second = Orders()
    for p in range(PARTITIONS):
        second.order(ids[p][11], BASE + 24 * 60 * MINUTE + p)
        second.payment(ids[p][11], BASE + 24 * 60 * MINUTE + p)
    wanted = expected(both(first, second), BASE + 24 * 60 * MINUTE)
    assert sum(1 for _, pay in wanted if pay is None) >= 4 * PARTITIONS  # the cases are real
    assert all(n == 1 for n in wanted.values())
    return first, second, wanted


def output(bootstrap: str, out_topic: str, d: Orders) -> Counter[tuple[str, str | None]]:
    """(order, payment or None) of each output record; each record's values checked."""
    got: Counter[tuple[str, str | None]] = Counter()
    payments = {p["payment_id"]: p for p in d.payments}
    orders = {o["order_id"]: o for o in d.orders}
    for message in read_topic(bootstrap, out_topic):
        value = json.loads(message.value)
        got[(value["order_id"], value["payment_id"])] += 1
        order = orders[value["order_id"]]
        assert {k: value[k] for k in ("customer_id", "amount")} == {
            k: order[k] for k in ("customer_id", "amount")
        }
        assert ms(value["created_at"]) == ms(order["created_at"])
        if value["payment_id"] is None:
            assert (value["paid_amount"], value["payment_method"], value["paid_at"]) == (None,) * 3
        else:
            payment = payments[value["payment_id"]]
            assert value["paid_amount"] == payment["paid_amount"]
            assert value["payment_method"] == payment["method"]
            assert ms(value["paid_at"]) == ms(payment["paid_at"])
    return got


def both(first: Orders, second: Orders) -> Orders:
    d = Orders()
    d.orders, d.payments = first.orders + second.orders, first.payments + second.payments
    return d


def test_left_interval_join_emits_unmatched_orders_once_across_a_restart(
    stack: dict, tmp_path: Path
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run_id = uuid.uuid4().hex[:8]
    bundle, orders_topic, payments_topic, out_topic = left_join_bundle(bootstrap, tmp_path, run_id)
    first, second, wanted = scenario()
    ids = order_ids(1)
    phase1 = records(first, orders_topic, payments_topic)
    phase2 = records(second, orders_topic, payments_topic)
    args = ["--bootstrap-servers", bootstrap, "--group-id", f"e2e-left-{run_id}",
            "--flush-interval-ms", "300"]  # fmt: skip
    run = ProcessorRun("orders_with_payments", tmp_path, args, bundle=bundle)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(bootstrap, phase1)
        run.wait_consumed(len(phase1), timeout=90)
    finally:
        stop(run)
    before_stop = [json.loads(m.value) for m in read_topic(bootstrap, out_topic)]
    # the null rows of the cases at BASE left before the stop, those of the cases at BASE + 30
    # min did not (the orders 20 min on may have: the stream time is the slowest partition's)
    null_before = {v["order_id"] for v in before_stop if v["payment_id"] is None}
    assert {ids[p][i] for p in range(PARTITIONS) for i in (2, 3)} <= null_before
    assert null_before <= {ids[p][i] for p in range(PARTITIONS) for i in (2, 3, 5)}
    run = ProcessorRun("orders_with_payments", tmp_path, args, bundle=bundle)
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(bootstrap, phase2)
        # the replay counts as consumed too: wait for the outputs (then for any extra one)
        wait_until(
            lambda: len(read_topic(bootstrap, out_topic)) >= sum(wanted.values()),
            90,
            "every expected output",
        )
        time.sleep(2)
    finally:
        stop(run)

    got = output(bootstrap, out_topic, both(first, second))
    assert {k: n for k, n in got.items() if n > 1} == {}, "emitted more than once"
    assert set(got) - set(wanted) == set(), "not expected"
    assert set(wanted) - set(got) == set(), "missing"


def test_left_interval_join_on_two_instances_misses_nothing(stack: dict, tmp_path: Path) -> None:
    """Two processors in one group, each with its partition numbers of both topics: each emits
    the pairs and unmatched orders of its own partitions, as one processor would."""
    bootstrap = stack["kafka_bootstrap"]
    run_id = uuid.uuid4().hex[:8]
    bundle, orders_topic, payments_topic, out_topic = left_join_bundle(bootstrap, tmp_path, run_id)
    first, second, wanted = scenario()
    d = both(first, second)
    args = ["--bootstrap-servers", bootstrap, "--group-id", f"e2e-left2-{run_id}",
            "--flush-interval-ms", "300"]  # fmt: skip
    runs = []
    for i in range(2):
        (tmp_path / str(i)).mkdir()
        runs.append(ProcessorRun("orders_with_payments", tmp_path / str(i), args, bundle=bundle))
    try:
        for run in runs:
            run.wait_for(r"assigned partitions=\S", timeout=90)
        time.sleep(3)  # the second member's join settles the assignment
        produce_many(bootstrap, records(first, orders_topic, payments_topic))
        produce_many(bootstrap, records(second, orders_topic, payments_topic))
        wait_until(
            lambda: set(output(bootstrap, out_topic, d)) >= set(wanted),
            120,
            "every expected output",
        )
        time.sleep(2)
    finally:
        for run in runs:
            stop(run)
    got = output(bootstrap, out_topic, d)
    assert set(got) == set(wanted)
    assert {k: n for k, n in got.items() if n > 1} == {}, "emitted more than once"


@pytest.mark.parametrize("how", ["left", "inner"])
def test_table_join_left_keeps_and_inner_drops_orders_of_unknown_customers(
    stack: dict, tmp_path: Path, how: str
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run_id = uuid.uuid4().hex[:8]
    spec = golden("left_table_join_orders", run_id)
    table_topic, out_topic = f"customers-{run_id}", f"orders-out-{run_id}"
    spec["operators"][0].update(how=how, table_topic=table_topic)
    spec["sinks"] = [{"kind": "kafka", "topic": out_topic, "key": "customer_id", "partitions": 3}]
    bundle = generate_bundle(spec, tmp_path / "bundle")
    fresh_topics(bundle, bootstrap, partitions=PARTITIONS)
    customers = {c: {"customer_id": c, "name": f"Customer {c}", "tier": ("gold", "basic")[c % 2],
                     "credit_limit": 100.0 * c} for c in (1, 2, 3, 4)}  # fmt: skip
    orders = [{"order_id": f"o-{n}", "customer_id": n % 7, "amount": 1.5 * n,
               "created_at": iso(BASE + n * 1000)} for n in range(1, 29)]  # fmt: skip
    table = [(table_topic, str(c).encode(), json.dumps(v).encode()) for c, v in customers.items()]
    produce_many(bootstrap, table)
    orders_topic = spec["source"]["topics"][0]
    produced = [
        (orders_topic, str(o["customer_id"]).encode(), json.dumps(o).encode()) for o in orders
    ]
    run = ProcessorRun("orders_with_customers", tmp_path,
                       ["--bootstrap-servers", bootstrap, "--group-id", f"e2e-tj-{run_id}",
                        "--flush-interval-ms", "300"], bundle=bundle)  # fmt: skip
    try:
        run.wait_for(r"assigned partitions=", timeout=60)
        produce_many(bootstrap, produced)
        run.wait_consumed(len(produced), timeout=90)
    finally:
        stop(run)

    got = {}
    for message in read_topic(bootstrap, out_topic):
        value = json.loads(message.value)
        assert value["order_id"] not in got, "emitted twice"
        got[value["order_id"]] = (
            value["customer_name"],
            value["customer_tier"],
            value["credit_limit"],
        )
    want = {}
    for o in orders:
        c = customers.get(o["customer_id"])
        if c is not None:
            want[o["order_id"]] = (c["name"], c["tier"], c["credit_limit"])
        elif how == "left":
            want[o["order_id"]] = (None, None, None)
    assert any(v == (None, None, None) for v in want.values()) == (how == "left")
    assert got == want
