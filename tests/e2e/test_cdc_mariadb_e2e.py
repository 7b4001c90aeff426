"""MariaDB CDC end to end: MariaDB -> Debezium MariaDbConnector -> Kafka -> processor -> chDB.

The bundle is the committed golden `tests/golden/mariadb_cdc_customers/expected` (database:
mariadb, unwrapped, hard deletes); `mariadb_cdc_history_envelope` (the envelope, history mode)
is checked against the same changes: every change one row, with its operation and position. Its own `debezium-connector.json` is registered as-is except
for the connection settings, a replica id and a schema-history topic of this run. After snapshot
rows, inserts, updates (a row updated in two transactions, one twice in one transaction, a
multi-row update), deletes, a delete + re-insert and NULLs, `replica.customers FINAL` must equal
the MariaDB table row for row, and each row's `_version` must be its latest change's binlog
position (file number << 32 | offset), read from the change events Debezium wrote.
"""

from __future__ import annotations

import json
import random
import shutil
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import harness
import pymysql
import pytest
import yaml
from harness import ProcessorRun, chdb_query, fresh_topics, read_topic
from test_cdc_e2e import rest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
TOPIC = "shopdb.etl.customers"
HISTORY_TOPIC = "shopaudit.etl.customers"
# What run_changes() does to each key, in order (r: the snapshot read before it).
EXPECTED_OPS = {1: "ru", 2: "ru", 3: "cuu", 4: "cd", 5: "cuu", 6: "cu", 7: "cu", 8: "cdc", 9: "cd"}
# The last values of the deleted keys (T1 and T4): binlog_row_image=FULL keeps them in the delete.
DELETED = {
    4: ["dave", None, 0.1 + 0.2, "2024-03-02", None],
    9: ["heidi", None, 9.0, "2024-03-05", None],
}
RUN_PREFIX = "etlgen-e2e-mariadb-"  # connector names of this test
COLUMNS = ("customer_id", "name", "email", "balance", "signup_date", "updated_at")
DDL = """
create table customers (
    customer_id bigint primary key,
    name varchar(100),
    email varchar(200),
    balance double,
    signup_date date,
    updated_at datetime(3)
)"""
INSERT = "insert into customers values (%s, %s, %s, %s, %s, %s)"


def connect(mariadb: dict, autocommit: bool = True) -> pymysql.connections.Connection:
    return pymysql.connect(
        host=mariadb["host"],
        port=mariadb["port"],
        user=mariadb["user"],
        password=mariadb["password"],
        database=mariadb["database"],
        autocommit=autocommit,
        connect_timeout=10,
    )


def connector_config(stack: dict, mariadb: dict, bundle: Path, run_id: str) -> dict[str, str]:
    """The bundle's connector config; only the connection and per-run ids change."""
    config = json.loads((bundle / "debezium-connector.json").read_text())["config"]
    config.update(
        {
            "database.hostname": mariadb["host"],
            "database.port": str(mariadb["port"]),
            "database.user": mariadb["user"],
            "database.password": mariadb["password"],
            "database.server.id": str(random.randint(10_000, 2**31)),
            "schema.history.internal.kafka.bootstrap.servers": stack["kafka_bootstrap"],
            "schema.history.internal.kafka.topic": f"etlgen-e2e-mariadb-history-{run_id}",
        }
    )
    return config


def wait_streaming(stack: dict, mariadb: dict, name: str, timeout: float = 120) -> None:
    """Running, and reading the binlog (a Binlog Dump client on the server)."""
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
                with connect(mariadb) as conn, conn.cursor() as cur:
                    cur.execute(
                        "select count(*) from information_schema.processlist"
                        " where command like 'Binlog Dump%%'"
                    )
                    if cur.fetchone()[0] >= 1:
                        return
        time.sleep(0.5)
    pytest.fail(f"connector {name} not streaming after {timeout}s: {status}")


def ms(value: datetime | None) -> int | None:
    """A MariaDB DATETIME (naive = UTC for Debezium) at connect precision (milliseconds)."""
    if value is None:
        return None
    return int(value.replace(tzinfo=UTC).timestamp()) * 1000 + value.microsecond // 1000


def normalise_db(row: tuple) -> list[Any]:
    return [
        ms(v) if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
        for v in row
    ]


def binlog_version(event: dict) -> int:
    """The version the golden README documents: binlog file number << 32 | offset."""
    return int(event["__file"].rsplit(".", 1)[-1]) << 32 | event["__pos"]


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


# fmt: off
T1 = [
    (3, "carol", "carol@example.com", 19.99, date(2024, 3, 2), ts("2024-03-02 08:00:00.123")),
    (4, "dave", None, 0.1 + 0.2, date(2024, 3, 2), None),
    (5, None, None, None, None, None),
    (6, "erin", "erin@example.com", 1234.5, date(1999, 12, 31), ts("1999-12-31 23:59:59.999")),
    (7, "frank", "frank@example.com", 1e-7, date(2024, 2, 29), ts("2024-02-29 12:00:00")),
    (8, "grace", "grace@example.com", 42.0, date(2024, 3, 4), ts("2024-03-04 10:00:00.5")),
]
# fmt: on


def run_changes(mariadb: dict) -> int:
    """Transactions of inserts, updates and deletes; returns the number of row changes."""
    changes = 0
    with connect(mariadb, autocommit=False) as conn, conn.cursor() as cur:

        def run(sql: str, params: tuple = ()) -> None:
            nonlocal changes
            cur.execute(sql, params)
            assert cur.rowcount >= 1, sql
            changes += cur.rowcount

        for row in T1:  # T1: six new customers
            run(INSERT, row)
        conn.commit()
        # T2: customer 3 updated (first time), customer 2 (a snapshot row) too
        run(
            "update customers set email = 'carol@new.example', updated_at = %s"
            " where customer_id = 3",
            (ts("2024-03-02 09:00:00.250"),),
        )
        run("update customers set balance = balance * 2 where customer_id = 2")
        conn.commit()
        # T3: customer 3 updated again; a delete
        run("update customers set name = 'carol b.' where customer_id = 3")
        run("delete from customers where customer_id = 4")
        conn.commit()
        # T4: a row updated twice in one transaction; insert + delete of one key
        run("update customers set name = 'ezra' where customer_id = 5")
        run("update customers set name = 'ezra k.', balance = 5.5 where customer_id = 5")
        run(INSERT, (9, "heidi", None, 9.0, date(2024, 3, 5), None))
        run("delete from customers where customer_id = 9")
        conn.commit()
        # T5: a multi-row update (one binlog event, two rows); values set to NULL
        run("update customers set email = NULL where customer_id in (6, 7)")
        run("update customers set signup_date = NULL, balance = NULL where customer_id = 1")
        conn.commit()
        # T6: delete and re-insert the same key with other values
        run("delete from customers where customer_id = 8")
        run(INSERT, (8, "grace h.", None, 84.0, date(2024, 3, 6), ts("2024-03-06 11:11:11.111")))
        conn.commit()
    return changes


def replicate(
    stack: dict, mariadb: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> tuple[str, int]:
    """Run the golden `case` bundle over the snapshot and the changes; (chDB DSN, changes)."""
    bootstrap, base = stack["kafka_bootstrap"], stack["connect_url"]
    golden = GOLDEN / case / "expected"
    name = yaml.safe_load((golden / "spec.yaml").read_text())["name"]
    run_id = uuid.uuid4().hex[:8]
    connector = f"{RUN_PREFIX}{run_id}"
    _, names = rest("GET", f"{base}/connectors")
    for leftover in names:  # left behind by an interrupted earlier run
        if leftover.startswith(RUN_PREFIX):
            rest("DELETE", f"{base}/connectors/{leftover}")

    # The committed golden bundle, run as a user would run it.
    bundles = tmp_path / "bundles"
    shutil.copytree(golden, bundles / name)
    monkeypatch.setattr(harness, "GENERATED", bundles)

    with connect(mariadb) as conn, conn.cursor() as cur:
        cur.execute("drop table if exists customers")
        cur.execute(DDL)
        cur.execute(  # rows that exist before the connector: snapshot reads (__op = r)
            "insert into customers values"
            " (1, 'alice', 'alice@example.com', 10.5, '2024-03-01', '2024-03-01 07:00:00.001'),"
            " (2, 'bob', NULL, 99.99, '2024-03-01', NULL)"
        )
    snapshot_rows = 2
    fresh_topics(bundles / name, bootstrap, partitions=3)

    processor: ProcessorRun | None = None
    exit_code: int | None = None
    dsn = f"chdb://{tmp_path}/ch"
    try:
        config = connector_config(stack, mariadb, golden, run_id)
        code, body = rest("PUT", f"{base}/connectors/{connector}/config", config)
        assert code in (200, 201), f"PUT connector: {code} {body}"
        wait_streaming(stack, mariadb, connector)
        changes = run_changes(mariadb)
        total = snapshot_rows + changes

        processor = ProcessorRun(
            name,
            tmp_path,
            [
                "--bootstrap-servers", bootstrap,
                "--group-id", f"e2e-mariadb-{run_id}",
                "--clickhouse-dsn", dsn,
                "--flush-interval-ms", "500",
            ],
        )  # fmt: skip
        processor.wait_consumed(total, timeout=120)
        time.sleep(1.0)  # anything beyond `total` (there must be nothing) would show up now
    finally:
        if processor is not None:
            exit_code = processor.stop()
        rest("DELETE", f"{base}/connectors/{connector}")
    output = processor.output()
    assert exit_code == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert processor.consumed() == total, output[-3000:]
    dead = read_topic(
        bootstrap, yaml.safe_load((golden / "spec.yaml").read_text())["dead_letter_topic"]
    )
    assert not dead, [(m.headers, m.value) for m in dead[:5]]
    return dsn, total


def test_mariadb_cdc_replicates_into_final(
    stack: dict, mariadb: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dsn, total = replicate(stack, mariadb, tmp_path, monkeypatch, "mariadb_cdc_customers")
    bootstrap = stack["kafka_bootstrap"]

    # ---- the change events Debezium wrote, per key in partition (= binlog) order
    events: dict[int, list[dict]] = defaultdict(list)
    for message in read_topic(bootstrap, TOPIC):
        assert message.value is not None, "tombstones.on.delete=false: no tombstones"
        value = json.loads(message.value)
        events[value["customer_id"]].append(value)
    assert sum(len(v) for v in events.values()) == total
    assert {e["__op"] for h in events.values() for e in h} == {"r", "c", "u", "d"}
    for key, history in events.items():
        # snapshot reads carry the snapshot's start position; changes their own
        versions = [binlog_version(e) for e in history if e["__op"] != "r"]
        assert versions == sorted(set(versions)), f"{key}: positions not increasing {versions}"

    # ---- FINAL equals the MariaDB table, row for row (hard deletes: deleted rows gone)
    with connect(mariadb) as conn, conn.cursor() as cur:
        cur.execute(f"select {', '.join(COLUMNS)} from customers order by customer_id")
        want = [normalise_db(r) for r in cur.fetchall()]
    got = chdb_query(
        dsn,
        "SELECT customer_id, name, email, balance, toString(signup_date),"
        " toUnixTimestamp64Milli(updated_at), _version, _is_deleted"
        " FROM replica.customers FINAL ORDER BY customer_id",
    )
    assert [[int(r[0]), *r[1:4], r[4], None if r[5] is None else int(r[5])] for r in got] == want
    assert len(want) == 7  # 2 snapshot + 6 inserted - 4 and 9 deleted, 8 re-inserted
    assert all(int(r[-1]) == 0 for r in got), "deleted rows in FINAL"

    # ---- _version is the latest change's binlog position
    for row in got:
        history = events[int(row[0])]
        assert int(row[-2]) == binlog_version(history[-1]), row
        assert history[-1]["__op"] != "d"
    # without FINAL: every stored version is one of the key's positions, the newest its latest
    stored: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key, version, deleted in chdb_query(
        dsn, "SELECT customer_id, _version, _is_deleted FROM replica.customers ORDER BY 1, 2"
    ):
        stored[int(key)].append((int(version), int(deleted)))
    for key, history in events.items():
        versions = {binlog_version(e): int(e["__op"] == "d") for e in history}
        assert stored[key] and all(versions.get(v) == d for v, d in stored[key]), (key, stored)
        assert stored[key][-1] == (binlog_version(history[-1]), int(history[-1]["__op"] == "d"))
    assert {k for k, h in events.items() if h[-1]["__op"] == "d"} == {4, 9}


def test_mariadb_cdc_history_keeps_every_change(
    stack: dict, mariadb: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dsn, total = replicate(stack, mariadb, tmp_path, monkeypatch, "mariadb_cdc_history_envelope")
    assert total == sum(len(ops) for ops in EXPECTED_OPS.values())

    # ---- the envelopes Debezium wrote: each key's source positions in binlog order
    positions: dict[int, list[int]] = defaultdict(list)
    for message in read_topic(stack["kafka_bootstrap"], HISTORY_TOPIC):
        event = json.loads(message.value)
        image = event["before"] if event["op"] == "d" else event["after"]
        source = event["source"]
        assert source["connector"] == "mariadb"
        file_number = int(source["file"].rsplit(".", 1)[-1])
        positions[image["customer_id"]].append(file_number << 32 | source["pos"])

    rows = chdb_query(
        dsn,
        "SELECT customer_id, _op, _version, name, email, balance, toString(signup_date),"
        " toUnixTimestamp64Milli(updated_at) FROM audit.customers ORDER BY customer_id, _version",
    )
    assert len(rows) == total, "every change exactly once"
    history: dict[int, list[list[Any]]] = defaultdict(list)
    for row in rows:
        history[int(row[0])].append(row)
    assert {k: "".join(r[1] for r in h) for k, h in history.items()} == EXPECTED_OPS
    assert {k: [int(r[2]) for r in h] for k, h in history.items()} == dict(positions)

    def values(row: list[Any]) -> list[Any]:
        return [*row[3:7], None if row[7] is None else int(row[7])]

    # ---- each live key's latest row is the MariaDB row; a deleted key's is its last values
    with connect(mariadb) as conn, conn.cursor() as cur:
        cur.execute(f"select {', '.join(COLUMNS)} from customers order by customer_id")
        live = {r[0]: normalise_db(r)[1:] for r in cur.fetchall()}
    assert {k: values(h[-1]) for k, h in history.items() if h[-1][1] != "d"} == live
    assert {k: values(h[-1]) for k, h in history.items() if h[-1][1] == "d"} == DELETED
