"""MariaDB -> Debezium -> Kafka, on the stack's own MariaDB (no mocks).

The stack's MariaDB runs a row-based binlog with full row images; its `etl` user holds the grants
Debezium documents. One Connect worker offers Debezium's PostgreSQL, MySQL and MariaDB connectors.
Debezium 3.x's MySQL connector refuses MariaDB 10.11 (checked below, so that a Debezium release
that lifts this shows up here); MariaDB is captured by Debezium's MariaDB connector, which reads
the same binlog and emits the same events (source.file/pos) as the MySQL one.
Checked: the raw envelope (op, before/after, source binlog file/pos) and the unwrapped form the
generated processors read (ExtractNewRecordState with __op, __file, __pos and __deleted).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid

import pymysql
import pytest
from test_stack_smoke import _consume, _rest

DEBEZIUM_MYSQL = "io.debezium.connector.mysql.MySqlConnector"
DEBEZIUM_MARIADB = "io.debezium.connector.mariadb.MariaDbConnector"
DEBEZIUM_PG = "io.debezium.connector.postgresql.PostgresConnector"


def _db(mariadb: dict) -> pymysql.connections.Connection:
    return pymysql.connect(
        host=mariadb["host"],
        port=mariadb["port"],
        user=mariadb["user"],
        password=mariadb["password"],
        database=mariadb["database"],
        autocommit=True,
        connect_timeout=10,
    )


def _connector_config(
    stack, mariadb, prefix: str, unwrap: bool, connector_class: str = DEBEZIUM_MARIADB
) -> dict:
    cfg = {
        "connector.class": connector_class,
        "tasks.max": "1",
        "database.hostname": mariadb["host"],
        "database.port": str(mariadb["port"]),
        "database.user": mariadb["user"],
        "database.password": mariadb["password"],
        # a replica id of its own: two connectors on one server must not share one
        "database.server.id": str(random.randint(10_000, 2**31)),
        "topic.prefix": prefix,
        "database.include.list": mariadb["database"],
        "table.include.list": f"{mariadb['database']}.smoke_orders",
        "schema.history.internal.kafka.bootstrap.servers": stack["kafka_bootstrap"],
        "schema.history.internal.kafka.topic": f"{prefix}.schema-history",
        "include.schema.changes": "false",
        "decimal.handling.mode": "string",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "false",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "topic.creation.default.replication.factor": "1",
        "topic.creation.default.partitions": "1",
    }
    if unwrap:
        cfg.update(
            {
                "transforms": "unwrap",
                "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
                "transforms.unwrap.delete.tombstone.handling.mode": "rewrite",
                "transforms.unwrap.add.fields": "op,file,pos",
            }
        )
    return cfg


def _wait_running(stack, name: str, timeout: float = 120.0) -> None:
    base = stack["connect_url"]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        code, st = _rest("GET", f"{base}/connectors/{name}/status")
        last = st
        if code == 200:
            tasks = st.get("tasks") or []
            if st["connector"].get("state") == "FAILED" or any(
                t.get("state") == "FAILED" for t in tasks
            ):
                pytest.fail(f"connector {name} failed: {json.dumps(st, indent=1)[:4000]}")
            if (
                st["connector"].get("state") == "RUNNING"
                and tasks
                and all(t["state"] == "RUNNING" for t in tasks)
            ):
                return
        time.sleep(0.5)
    pytest.fail(f"connector {name} not running after {timeout}s: {last}")


def _wait_binlog_reader(mariadb: dict, server_ids: set[int], timeout: float = 120.0) -> None:
    """Streaming has begun once each connector shows up as a binlog dump client."""
    deadline = time.monotonic() + timeout
    with _db(mariadb) as conn, conn.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute(
                "select count(*) from information_schema.processlist where command like %s",
                ("Binlog Dump%",),
            )
            (readers,) = cur.fetchone()
            if readers >= len(server_ids):
                return
            time.sleep(0.5)
    pytest.fail(f"no binlog reader for server ids {sorted(server_ids)} after {timeout}s")


def test_connect_worker_offers_postgres_mysql_and_mariadb(stack):
    code, plugins = _rest("GET", f"{stack['connect_url']}/connector-plugins")
    assert code == 200
    classes = {p["class"]: p for p in plugins}
    assert {DEBEZIUM_PG, DEBEZIUM_MYSQL, DEBEZIUM_MARIADB} <= set(classes)
    assert classes[DEBEZIUM_PG]["version"] == stack["versions"]["debezium"]
    assert classes[DEBEZIUM_MYSQL]["version"] == stack["versions"]["debezium"]
    assert classes[DEBEZIUM_MARIADB]["version"] == stack["versions"]["debezium_mariadb"]


def test_debezium_mysql_connector_refuses_mariadb(stack, mariadb):
    """Why MariaDB goes through the MariaDB connector: the MySQL one fails its connection check."""
    cfg = _connector_config(stack, mariadb, "refused", unwrap=False, connector_class=DEBEZIUM_MYSQL)
    code, body = _rest(
        "PUT", f"{stack['connect_url']}/connector-plugins/MySqlConnector/config/validate", cfg
    )
    assert code == 200, body
    errors = {
        c["value"]["name"]: c["value"]["errors"]
        for c in body["configs"]
        if c.get("value") and c["value"]["errors"] and c["value"]["name"] != "name"
    }
    assert list(errors) == ["database.hostname"], errors
    assert "SHOW BINARY LOG STATUS" in errors["database.hostname"][0]
    assert "MariaDB" in errors["database.hostname"][0]
    cfg["connector.class"] = DEBEZIUM_MARIADB
    code, body = _rest(
        "PUT", f"{stack['connect_url']}/connector-plugins/MariaDbConnector/config/validate", cfg
    )
    assert code == 200, body
    errors = {
        c["value"]["name"]: c["value"]["errors"]
        for c in body["configs"]
        if c.get("value") and c["value"]["errors"] and c["value"]["name"] != "name"
    }
    assert errors == {}


def test_mariadb_binlog_settings(mariadb):
    with _db(mariadb) as conn, conn.cursor() as cur:
        cur.execute("select @@log_bin, @@binlog_format, @@binlog_row_image, @@version")
        log_bin, fmt, image, version = cur.fetchone()
        cur.execute("show grants")
        grants = " ".join(row[0] for row in cur.fetchall()).upper()
    assert (log_bin, fmt, image) == (1, "ROW", "FULL")
    assert "MARIADB" in version.upper()
    for grant in ("SELECT", "RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "LOCK TABLES"):
        assert grant in grants, grants
    assert "BINLOG MONITOR" in grants or "REPLICATION CLIENT" in grants, grants


def test_debezium_mariadb_cdc(stack, mariadb, kafka_topics):
    run = uuid.uuid4().hex[:8]
    base = stack["connect_url"]
    db = mariadb["database"]
    raw_prefix, flat_prefix = f"mysmoke{run}", f"mysmoke{run}flat"
    raw_topic, flat_topic = f"{raw_prefix}.{db}.smoke_orders", f"{flat_prefix}.{db}.smoke_orders"
    raw_name, flat_name = f"mysmoke-{run}-raw", f"mysmoke-{run}-flat"

    with _db(mariadb) as conn, conn.cursor() as cur:
        cur.execute("drop table if exists smoke_orders")
        cur.execute(
            "create table smoke_orders (id int primary key, customer varchar(40) not null, "
            "amount decimal(10,2) not null, status varchar(10) not null, "
            "active boolean not null)"
        )

    kafka_topics([raw_topic, flat_topic], partitions=1)
    configs = {
        raw_name: _connector_config(stack, mariadb, raw_prefix, unwrap=False),
        flat_name: _connector_config(stack, mariadb, flat_prefix, unwrap=True),
    }
    try:
        for name, cfg in configs.items():
            code, body = _rest("PUT", f"{base}/connectors/{name}/config", cfg)
            assert code in (200, 201), f"PUT connector {name}: {code} {body}"
        for name in configs:
            _wait_running(stack, name)
        _wait_binlog_reader(mariadb, {int(c["database.server.id"]) for c in configs.values()})

        with _db(mariadb) as conn, conn.cursor() as cur:
            cur.execute("insert into smoke_orders values (1, 'alice', 12.50, 'new', true)")
            cur.execute("update smoke_orders set status = 'paid', amount = 15.00 where id = 1")
            cur.execute("delete from smoke_orders where id = 1")
            cur.execute("show binary logs")
            binlogs = [row[0] for row in cur.fetchall()]

        raw = asyncio.run(_consume(stack["kafka_bootstrap"], raw_topic, 4))  # c, u, d, tombstone
        flat = asyncio.run(_consume(stack["kafka_bootstrap"], flat_topic, 3))
    finally:
        for name in configs:
            _rest("DELETE", f"{base}/connectors/{name}")

    # BOOLEAN is tinyint(1) in MariaDB: Debezium sends it as a number
    row_new = {"id": 1, "customer": "alice", "amount": "12.50", "status": "new", "active": 1}
    row_paid = {**row_new, "amount": "15.00", "status": "paid"}

    events = [m.value for m in raw if m.value is not None]
    tombstones = [m for m in raw if m.value is None]
    assert [e["op"] for e in events] == ["c", "u", "d"], [m.value for m in raw]
    c, u, d = events
    assert c["before"] is None and c["after"] == row_new
    assert u["before"] == row_paid | {"amount": "12.50", "status": "new"} and u["after"] == row_paid
    assert d["before"] == row_paid and d["after"] is None
    for e in events:
        src = e["source"]
        assert src["connector"] == "mariadb" and src["db"] == db and src["table"] == "smoke_orders"
        assert src["file"] in binlogs, (src["file"], binlogs)
        assert isinstance(src["pos"], int) and src["pos"] > 0
        assert src["server_id"] == 1  # the stack's MariaDB server_id
    positions = [(e["source"]["file"], e["source"]["pos"]) for e in events]
    assert positions == sorted(positions) and len(set(positions)) == 3, positions
    assert all(m.key == {"id": 1} for m in raw)
    assert len(tombstones) == 1

    rows = [m.value for m in flat]
    assert len(rows) == 3 and None not in rows, rows
    fc, fu, fd = rows
    assert {k: fc[k] for k in row_new} == row_new and fc["__op"] == "c"
    assert {k: fu[k] for k in row_paid} == row_paid and fu["__op"] == "u"
    assert {k: fd[k] for k in row_paid} == row_paid and fd["__op"] == "d"
    assert [str(r["__deleted"]).lower() for r in rows] == ["false", "false", "true"]
    assert [(r["__file"], r["__pos"]) for r in rows] == positions
