"""orders_cdc end to end: PostgreSQL -> Debezium (Kafka Connect) -> Kafka -> processor -> chDB.

The bundle's own `debezium-connector.json` is registered as-is except for the connection settings
and a per-run slot/publication, so the test proves that the generated connector config and the
generated consumer agree (ExtractNewRecordState, __op/__lsn/__deleted, connect time precision).
After snapshot rows, inserts, updates (one row updated twice in two transactions, one twice in
one transaction), deletes, a delete + re-insert and NULLs, the live rows of
`replica.<table> FINAL` (`_is_deleted = 0`) must equal the PostgreSQL table row for row, every
row's `_version` must be its latest change's LSN, and (the spec keeps soft deletes) each deleted
key must still be in FINAL, flagged, with only its key (REPLICA IDENTITY DEFAULT).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from harness import GENERATED, ProcessorRun, chdb_query, fresh_topics, read_topic

NAME = "orders_cdc"
BUNDLE = GENERATED / NAME
TOPICS = {"orders": "orders.public.orders", "order_items": "orders.public.order_items"}
PKS = {"orders": "order_id", "order_items": "item_id"}
DLQ = "orders-cdc-dlq"
RUN_PREFIX = "etlgen_e2e_cdc_"  # slots, publications (and, dashed, connector names) of this test

ORDERS_DDL = """
create table public.orders (
    order_id bigint primary key,
    customer_id bigint,
    order_date date,
    status text,
    total_amount double precision,
    created_at timestamp,
    updated_at timestamp
)"""
ITEMS_DDL = """
create table public.order_items (
    item_id bigint primary key,
    order_id bigint,
    product_id bigint,
    quantity bigint,
    price double precision,
    created_at timestamp,
    updated_at timestamp
)"""
COLUMNS = {
    "orders": (
        "order_id", "customer_id", "order_date", "status", "total_amount", "created_at",
        "updated_at",
    ),
    "order_items": (
        "item_id", "order_id", "product_id", "quantity", "price", "created_at", "updated_at",
    ),
}  # fmt: skip


# --------------------------------------------------------------------------- helpers
def rest(method: str, url: str, body: dict | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read().decode()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read().decode()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw


def pg(stack: dict) -> psycopg.Connection:
    return psycopg.connect(stack["postgres_dsn"], autocommit=True, connect_timeout=10)


def connector_config(stack: dict, slot: str) -> dict[str, str]:
    """The bundle's connector config; only the connection and the slot/publication change."""
    config = json.loads((BUNDLE / "debezium-connector.json").read_text())["config"]
    dsn = psycopg.conninfo.conninfo_to_dict(stack["postgres_dsn"])
    config.update(
        {
            "database.hostname": stack["postgres_host"],
            "database.port": str(stack["postgres_port"]),
            "database.user": dsn.get("user", "postgres"),
            "database.password": dsn.get("password") or "postgres",  # trust auth: unused
            "database.dbname": dsn["dbname"],
            "slot.name": slot,
            "publication.name": slot,
        }
    )
    return config


def cleanup_leftovers(stack: dict) -> None:
    """Connectors, slots and publications an interrupted earlier run of this test left behind."""
    base = stack["connect_url"]
    code, names = rest("GET", f"{base}/connectors")
    assert code == 200, names
    for name in names:
        if name.startswith(RUN_PREFIX.replace("_", "-")):
            rest("DELETE", f"{base}/connectors/{name}")
    with pg(stack) as conn:
        deadline = time.monotonic() + 30
        while True:
            slots = conn.execute(
                "select slot_name, active from pg_replication_slots where slot_name like %s",
                (RUN_PREFIX.replace("_", "\\_") + "%",),
            ).fetchall()
            for slot, active in slots:
                if not active:
                    conn.execute("select pg_drop_replication_slot(%s)", (slot,))
            if all(not active for _, active in slots) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        for (pub,) in conn.execute(
            "select pubname from pg_publication where pubname like %s",
            (RUN_PREFIX.replace("_", "\\_") + "%",),
        ).fetchall():
            conn.execute(f'drop publication "{pub}"')


def wait_streaming(stack: dict, name: str, slot: str, timeout: float = 90) -> None:
    base = stack["connect_url"]
    deadline = time.monotonic() + timeout
    status: Any = None
    while time.monotonic() < deadline:
        code, status = rest("GET", f"{base}/connectors/{name}/status")
        if code == 200:
            tasks = status.get("tasks") or []
            states = [status["connector"]["state"], *(t["state"] for t in tasks)]
            if "FAILED" in states:
                pytest.fail(f"connector {name} failed: {json.dumps(status)[:4000]}")
            if tasks and set(states) == {"RUNNING"}:
                with pg(stack) as conn:
                    row = conn.execute(
                        "select active from pg_replication_slots where slot_name = %s", (slot,)
                    ).fetchone()
                if row and row[0]:
                    return
        time.sleep(0.5)
    pytest.fail(f"connector {name} not streaming after {timeout}s: {status}")


def drop_slot(stack: dict, slot: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with pg(stack) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select active from pg_replication_slots where slot_name = %s", (slot,)
            ).fetchone()
            if row is None:
                break
            if not row[0]:
                conn.execute("select pg_drop_replication_slot(%s)", (slot,))
                break
            time.sleep(0.3)
        conn.execute(f'drop publication if exists "{slot}"')


def ms(value: datetime | None) -> int | None:
    """A PostgreSQL timestamp (naive = UTC) at Debezium's connect precision (milliseconds)."""
    if value is None:
        return None
    return int(value.replace(tzinfo=UTC).timestamp()) * 1000 + value.microsecond // 1000


def normalise_pg(table: str, row: tuple) -> list[Any]:
    assert len(row) == len(COLUMNS[table])
    return [
        ms(v) if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
        for v in row
    ]


def clickhouse_select(table: str) -> str:
    exprs = []
    for name in COLUMNS[table]:
        if name in ("created_at", "updated_at"):
            exprs.append(f"toUnixTimestamp64Milli({name})")
        elif name == "order_date":
            exprs.append(f"toString({name})")
        else:
            exprs.append(name)
    return ", ".join(exprs)


def normalise_ch(row: list[Any]) -> list[Any]:
    return [int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v for v in row]


# --------------------------------------------------------------------------- the changes
def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


# fmt: off
T1_ORDERS = [  # some NULLs, microseconds (Debezium's connect precision keeps milliseconds)
    (3, 103, date(2024, 3, 2), "new", 19.99, ts("2024-03-02 08:00:00.123456"), ts("2024-03-02 08:00:00.123456")),
    (4, 104, date(2024, 3, 2), "new", 0.1 + 0.2, ts("2024-03-02 08:01:00"), None),
    (5, None, date(2024, 3, 3), None, None, ts("2024-03-03 09:30:15.999"), None),
    (6, 106, None, "new", 1234.5, ts("1999-12-31 23:59:59.999999"), ts("2000-01-01 00:00:00.001")),
    (7, 107, date(2024, 2, 29), "new", 1e-7, ts("2024-02-29 12:00:00"), ts("2024-02-29 12:00:00")),
    (8, 108, date(2024, 3, 4), "new", 42.0, ts("2024-03-04 10:00:00.5"), None),
]
T1_ITEMS = [
    (item, 3 + item % 5, 5000 + item, item, round(item * 1.25, 2), ts(f"2024-03-02 08:{item:02d}:00.{item:03d}"), None)
    for item in range(2, 11)
]
# fmt: on
INSERT_ORDER = "insert into public.orders values (%s, %s, %s, %s, %s, %s, %s)"
INSERT_ITEM = "insert into public.order_items values (%s, %s, %s, %s, %s, %s, %s)"


def run_changes(conn: psycopg.Connection) -> int:
    """Several transactions of inserts, updates and deletes; returns the number of row changes."""
    changes = 0

    def run(sql: str, params: tuple = ()) -> None:
        nonlocal changes
        cursor = conn.execute(sql, params)
        assert cursor.rowcount >= 1, sql
        changes += cursor.rowcount

    with conn.transaction():  # T1: new orders and their items
        for row in T1_ORDERS:
            run(INSERT_ORDER, row)
        for row in T1_ITEMS:
            run(INSERT_ITEM, row)
    with conn.transaction():  # T2: order 3 updated (first time), order 2 (a snapshot row) too
        run(
            "update public.orders set status = 'paid', updated_at = %s where order_id = 3",
            (ts("2024-03-02 09:00:00.250"),),
        )
        run("update public.orders set total_amount = total_amount * 2 where order_id = 2")
    with conn.transaction():  # T3: order 3 updated again, a delete of each table
        run(
            "update public.orders set status = 'shipped', updated_at = %s where order_id = 3",
            (ts("2024-03-02 10:00:00.750"),),
        )
        run("delete from public.orders where order_id = 4")
        run("delete from public.order_items where item_id = 3")
    with conn.transaction():  # T4: a row updated twice in one transaction; insert + delete
        run("update public.orders set status = 'paid' where order_id = 5")
        run("update public.orders set status = 'cancelled', customer_id = 105 where order_id = 5")
        run(INSERT_ORDER, (9, 109, date(2024, 3, 5), "new", 9.0, ts("2024-03-05 00:00:00"), None))
        run("delete from public.orders where order_id = 9")
        run(
            "update public.order_items set quantity = quantity + 10, price = NULL where item_id = 2"
        )
    with conn.transaction():  # T5: a multi-row update; values set to NULL
        run("update public.orders set status = 'archived' where order_id in (6, 7)")
        run("update public.orders set customer_id = NULL, order_date = NULL where order_id = 1")
    with conn.transaction():  # T6: delete and re-insert the same key with other values
        run("delete from public.orders where order_id = 8")
        run(
            INSERT_ORDER,
            (8, 208, date(2024, 3, 6), "reopened", 84.0, ts("2024-03-06 11:11:11.111"), None),
        )
    run("delete from public.order_items where item_id in (9, 10)")  # T7: autocommit, two rows
    run("update public.order_items set order_id = 7 where item_id = 4")  # T8
    return changes


# --------------------------------------------------------------------------- the test
def test_orders_cdc_replicates_postgres(stack: dict, tmp_path: Path) -> None:
    bootstrap, base = stack["kafka_bootstrap"], stack["connect_url"]
    run_id = uuid.uuid4().hex[:8]
    slot = f"{RUN_PREFIX}{run_id}"
    connector = slot.replace("_", "-")
    cleanup_leftovers(stack)

    with pg(stack) as conn:
        conn.execute("drop table if exists public.order_items")
        conn.execute("drop table if exists public.orders")
        conn.execute(ORDERS_DDL)
        conn.execute(ITEMS_DDL)
        # rows that exist before the connector: they arrive as snapshot reads (__op = r)
        conn.execute(
            "insert into public.orders values "
            "(1, 101, '2024-03-01', 'new', 10.5, '2024-03-01 07:00:00.001', NULL),"
            "(2, 102, '2024-03-01', 'paid', 99.99, '2024-03-01 07:30:00', '2024-03-01 07:45:00')"
        )
        conn.execute(
            "insert into public.order_items values "
            "(1, 1, 5001, 2, 5.25, '2024-03-01 07:00:00.002', NULL)"
        )
    snapshot_rows = 3
    fresh_topics(BUNDLE, bootstrap, partitions=3)

    processor: ProcessorRun | None = None
    exit_code: int | None = None
    try:
        code, body = rest(
            "PUT", f"{base}/connectors/{connector}/config", connector_config(stack, slot)
        )
        assert code in (200, 201), f"PUT connector: {code} {body}"
        wait_streaming(stack, connector, slot)
        with pg(stack) as conn:
            changes = run_changes(conn)
        total = snapshot_rows + changes

        processor = ProcessorRun(
            NAME,
            tmp_path,
            [
                "--bootstrap-servers", bootstrap,
                "--group-id", f"e2e-cdc-{run_id}",
                "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
                "--flush-interval-ms", "500",
            ],
        )  # fmt: skip
        processor.wait_consumed(total, timeout=90)
        time.sleep(1.0)  # anything beyond `total` (there must be nothing) would show up now
    finally:
        if processor is not None:
            exit_code = processor.stop()
        rest("DELETE", f"{base}/connectors/{connector}")
        drop_slot(stack, slot)
    output = processor.output()
    assert exit_code == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert processor.consumed() == total, output[-3000:]

    # ---- the change events Debezium wrote, per key in partition (= commit) order
    events: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for table, topic in TOPICS.items():
        for message in read_topic(bootstrap, topic):
            assert message.value is not None, "tombstones.on.delete=false: no tombstones"
            value = json.loads(message.value)
            events[(table, value[PKS[table]])].append(value)
    assert sum(len(v) for v in events.values()) == total
    for key, history in events.items():
        lsns = [e["__lsn"] for e in history]
        assert lsns == sorted(set(lsns)), f"{key}: LSNs not strictly increasing {lsns}"
    assert {e["__op"] for h in events.values() for e in h} == {"r", "c", "u", "d"}

    # ---- dead letters: none (every change event decoded)
    dead = read_topic(bootstrap, DLQ)
    assert not dead, [(m.headers, m.value) for m in dead[:5]]

    dsn = f"chdb://{tmp_path}/ch"
    with pg(stack) as conn:
        for table, pk in PKS.items():
            # ---- FINAL equals the PostgreSQL table, row for row (deleted rows gone)
            want = [
                normalise_pg(table, r)
                for r in conn.execute(
                    f"select {', '.join(COLUMNS[table])} from public.{table} order by {pk}"
                ).fetchall()
            ]
            got = chdb_query(
                dsn,
                f"SELECT {clickhouse_select(table)}, _version, _is_deleted"
                f" FROM replica.{table} FINAL ORDER BY {pk}",
            )
            live = [r for r in got if int(r[-1]) == 0]
            assert [normalise_ch(r[:-2]) for r in live] == want, table
            # soft deletes: a deleted row stays in FINAL, flagged, with only its key
            for row in got:
                if int(row[-1]) == 1:
                    assert all(v is None for v in row[1:-2]), (table, row)

            # ---- _version is the source LSN: the stored row is each key's latest change
            for row in got:
                history = events[(table, int(row[0]))]
                assert int(row[-2]) == max(e["__lsn"] for e in history), (table, row[0])
                assert int(history[-1]["__op"] == "d") == int(row[-1]), (table, row)
            # without FINAL (background merges may already have collapsed some versions): every
            # stored version is one of the key's LSNs, none twice, and the newest is the latest
            # change, soft-deleted exactly when that change is a delete
            all_rows = chdb_query(
                dsn,
                f"SELECT {pk}, _version, _is_deleted FROM replica.{table} ORDER BY {pk}, _version",
            )
            stored: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for key, version, deleted in all_rows:
                stored[int(key)].append((int(version), int(deleted)))
            for (t, key), history in events.items():
                if t != table:
                    continue
                versions = {e["__lsn"]: int(e["__op"] == "d") for e in history}
                assert stored[key], (table, key)
                assert len({v for v, _ in stored[key]}) == len(stored[key]), (table, key)
                assert all(versions.get(v) == d for v, d in stored[key]), (table, key, stored[key])
                assert stored[key][-1] == (history[-1]["__lsn"], int(history[-1]["__op"] == "d"))
            deleted_keys = {
                k for (t, k), h in events.items() if t == table and h[-1]["__op"] == "d"
            }
            assert deleted_keys == {int(r[0]) for r in got if int(r[-1]) == 1}, table
    assert {key for key, h in events.items() if h[-1]["__op"] == "d"} == {
        ("orders", 4),
        ("orders", 9),
        ("order_items", 3),
        ("order_items", 9),
        ("order_items", 10),
    }
