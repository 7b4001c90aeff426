"""generator.parse.introspect against the stack's real PostgreSQL and MariaDB catalogs.

Each test creates its tables with plain DDL, reads them back through `read_tables` and compares
with what that DDL declares (names, field types, nullability, primary key order), and checks the
refusals: unknown table, no primary key, unsupported column types, views, unreachable servers.
Then, for both databases, one row of every mapped type goes through Debezium into Kafka and each
value is checked against the field type read_tables gave its column.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import random
import socket
import time
import uuid
from datetime import date, datetime
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pymysql
import pytest
import yaml
from test_stack_smoke import _consume, _rest

from generator.cli import main
from generator.errors import UserError
from generator.parse.introspect import read_tables


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _columns(table) -> list[tuple[str, str, bool]]:
    return [(c.name, c.type, c.required) for c in table.columns]


# --------------------------------------------------------------------------- PostgreSQL
@pytest.fixture
def pg(stack):
    conn = psycopg.connect(stack["postgres_dsn"], autocommit=True, connect_timeout=10)
    conn.execute("drop schema if exists intro cascade")
    conn.execute("create schema intro")
    conn.execute("create type intro.status as enum ('new', 'paid')")
    conn.execute("create domain intro.positive as integer check (value > 0)")
    yield conn
    conn.execute("drop schema if exists intro cascade")
    conn.close()


def test_postgres_columns_types_and_key(stack, pg):
    pg.execute("""
        create table intro.orders (
            id bigint primary key,
            customer text not null,
            amount numeric(10, 2),
            qty integer not null,
            small smallint,
            price real,
            ratio double precision,
            paid boolean not null default false,
            placed_at timestamptz not null,
            local_at timestamp,
            day date,
            meta jsonb,
            raw json,
            ref uuid,
            code char(3),
            name varchar(40),
            status intro.status,
            units intro.positive,
            tip money
        )
        """)
    pg.execute(
        "create table intro.lines (order_id int not null, line_no int not null, sku text, "
        "primary key (line_no, order_id))"
    )
    orders, lines = read_tables(stack["postgres_dsn"], ["intro.orders", "intro.lines"])
    assert (orders.name, orders.db_schema, orders.primary_key) == ("orders", "intro", ["id"])
    assert _columns(orders) == [
        ("id", "int", True),
        ("customer", "string", True),
        ("amount", "float", False),
        ("qty", "int", True),
        ("small", "int", False),
        ("price", "float", False),
        ("ratio", "float", False),
        ("paid", "bool", True),
        ("placed_at", "timestamp", True),
        ("local_at", "timestamp", False),
        ("day", "date", False),
        ("meta", "json", False),
        ("raw", "json", False),
        ("ref", "string", False),
        ("code", "string", False),
        ("name", "string", False),
        ("status", "string", False),
        ("units", "int", False),
        ("tip", "float", False),
    ]
    assert orders.columns[2].description == "numeric(10,2) column of intro.orders"
    # key order is the constraint's, not the columns'
    assert lines.primary_key == ["line_no", "order_id"]
    assert _columns(lines) == [
        ("order_id", "int", True),
        ("line_no", "int", True),
        ("sku", "string", False),
    ]


def test_postgres_default_schema_is_public(stack, pg):
    pg.execute("drop table if exists public.intro_plain")
    pg.execute("create table public.intro_plain (k text primary key, v int)")
    try:
        (table,) = read_tables(stack["postgres_dsn"], ["intro_plain"])
        # SQLAlchemy-style driver suffixes are accepted too
        (same,) = read_tables(
            stack["postgres_dsn"].replace("postgresql://", "postgresql+psycopg://"), ["intro_plain"]
        )
    finally:
        pg.execute("drop table public.intro_plain")
    assert (table.db_schema, table.name, table.primary_key) == ("public", "intro_plain", ["k"])
    assert same == table
    assert _columns(table) == [("k", "string", True), ("v", "int", False)]


def test_postgres_refusals(stack, pg):
    dsn = stack["postgres_dsn"]
    pg.execute("create table intro.keyless (a int, b text)")
    pg.execute("create table intro.blobs (id int primary key, body bytea, tags text[], at time)")
    pg.execute('create table intro.odd (id int primary key, "order-id" int)')
    pg.execute("create table intro.kw (id int primary key, class text)")
    pg.execute("create view intro.recent as select 1 as id")

    with pytest.raises(UserError, match=r"intro\.nope not found .*tables in intro: .*blobs"):
        read_tables(dsn, ["intro.nope"])
    with pytest.raises(UserError, match=r"intro\.keyless has no primary key"):
        read_tables(dsn, ["intro.keyless"])
    with pytest.raises(UserError) as info:
        read_tables(dsn, ["intro.blobs"])
    message = str(info.value)
    assert "unsupported column type" in message
    assert "body (bytea)" in message and "tags (text[])" in message
    assert "at (time without time zone)" in message
    with pytest.raises(UserError, match=r"'order-id'"):
        read_tables(dsn, ["intro.odd"])
    with pytest.raises(UserError, match=r"'class'"):
        read_tables(dsn, ["intro.kw"])
    with pytest.raises(UserError, match=r"intro\.recent .* is a view"):
        read_tables(dsn, ["intro.recent"])
    with pytest.raises(UserError, match=r"listed twice"):
        read_tables(dsn, ["intro.blobs", "intro.blobs"])
    with pytest.raises(UserError, match=r"at least one table"):
        read_tables(dsn, [])
    with pytest.raises(UserError, match=r"not a table name"):
        read_tables(dsn, ["a.b.c"])


def test_postgres_unreachable(stack):
    port = _closed_port()
    with pytest.raises(
        UserError, match=rf"cannot connect to PostgreSQL at 127\.0\.0\.1:{port}/etl"
    ) as info:
        read_tables(f"postgresql://postgres:s3cr3t@127.0.0.1:{port}/etl", ["orders"])
    assert "s3cr3t" not in str(info.value)


def test_unusable_urls():
    with pytest.raises(UserError, match=r"scheme 'sqlite' is not supported"):
        read_tables("sqlite:///tmp/x.db", ["orders"])
    with pytest.raises(UserError, match=r"'db\.example/etl' has a bad port"):
        read_tables("postgresql://u:p@db.example:54x2/etl", ["orders"])


# --------------------------------------------------------------------------- MariaDB
@pytest.fixture
def my(mariadb):
    conn = pymysql.connect(
        host=mariadb["host"],
        port=mariadb["port"],
        user=mariadb["user"],
        password=mariadb["password"],
        database=mariadb["database"],
        autocommit=True,
    )
    tables = ("intro_orders", "intro_lines", "intro_keyless", "intro_blobs")
    with conn.cursor() as cur:
        cur.execute("drop view if exists intro_recent")
        for t in tables:
            cur.execute(f"drop table if exists {t}")
    yield conn
    with conn.cursor() as cur:
        cur.execute("drop view if exists intro_recent")
        for t in tables:
            cur.execute(f"drop table if exists {t}")
    conn.close()


def test_mariadb_columns_types_and_key(mariadb, my):
    with my.cursor() as cur:
        cur.execute("""
            create table intro_orders (
                id bigint unsigned not null auto_increment primary key,
                customer varchar(40) not null,
                amount decimal(10, 2),
                qty int not null,
                tiny tinyint,
                medium mediumint,
                price double,
                ratio float,
                active boolean not null,
                flag bit(1),
                placed_at timestamp not null default current_timestamp,
                local_at datetime(3),
                day date,
                yr year,
                status enum('new', 'paid'),
                tags set('a', 'b'),
                note text,
                body longtext,
                meta json
            )
            """)
        cur.execute(
            "create table intro_lines (order_id int not null, line_no int not null, "
            "sku varchar(20), primary key (line_no, order_id))"
        )
    orders, lines = read_tables(
        mariadb["url"], ["intro_orders", f"{mariadb['database']}.intro_lines"]
    )
    assert (orders.name, orders.db_schema, orders.primary_key) == (
        "intro_orders",
        mariadb["database"],
        ["id"],
    )
    assert _columns(orders) == [
        ("id", "int", True),
        ("customer", "string", True),
        ("amount", "float", False),
        ("qty", "int", True),
        ("tiny", "int", False),
        ("medium", "int", False),
        ("price", "float", False),
        ("ratio", "float", False),
        ("active", "int", True),  # BOOLEAN is tinyint(1): Debezium sends 0/1
        ("flag", "bool", False),
        ("placed_at", "timestamp", True),
        ("local_at", "timestamp", False),
        ("day", "date", False),
        ("yr", "int", False),
        ("status", "string", False),
        ("tags", "string", False),
        ("note", "string", False),
        ("body", "string", False),
        ("meta", "string", False),  # MariaDB's JSON is longtext: Debezium sends the text
    ]
    assert (
        orders.columns[0].description
        == f"bigint(20) unsigned column of {mariadb['database']}.intro_orders"
    )
    assert lines.primary_key == ["line_no", "order_id"]
    assert _columns(lines) == [
        ("order_id", "int", True),
        ("line_no", "int", True),
        ("sku", "string", False),
    ]


def test_mariadb_refusals(mariadb, my):
    url, db = mariadb["url"], mariadb["database"]
    with my.cursor() as cur:
        cur.execute("create table intro_keyless (a int, b text)")
        cur.execute(
            "create table intro_blobs (id int primary key, body blob, at time, bits bit(8))"
        )
        cur.execute("create view intro_recent as select 1 as id")

    with pytest.raises(UserError, match=rf"{db}\.intro_nope not found .*intro_blobs"):
        read_tables(url, ["intro_nope"])
    with pytest.raises(UserError, match=rf"{db}\.intro_keyless has no primary key"):
        read_tables(url, ["intro_keyless"])
    with pytest.raises(UserError) as info:
        read_tables(url, ["intro_blobs"])
    message = str(info.value)
    assert "unsupported column type" in message
    assert "body (blob)" in message and "at (time)" in message and "bits (bit(8))" in message
    with pytest.raises(UserError, match=r"intro_recent .* is a view"):
        read_tables(url, ["intro_recent"])
    parts = urlsplit(url)
    no_db = urlunsplit(parts._replace(path=""))
    with pytest.raises(UserError, match=r"names no database"):
        read_tables(no_db, ["intro_blobs"])
    # a qualified name needs no database in the URL
    with pytest.raises(UserError, match=rf"{db}\.intro_keyless has no primary key"):
        read_tables(no_db, [f"{db}.intro_keyless"])


def test_mariadb_wrong_password_and_unreachable(mariadb):
    parts = urlsplit(mariadb["url"])
    wrong = urlunsplit(
        parts._replace(netloc=f"{mariadb['user']}:s3cr3t@{mariadb['host']}:{mariadb['port']}")
    )
    with pytest.raises(
        UserError, match=r"cannot connect to MySQL/MariaDB at .*Access denied"
    ) as info:
        read_tables(wrong, ["intro_orders"])
    assert "s3cr3t" not in str(info.value)
    port = _closed_port()
    with pytest.raises(UserError, match=rf"cannot connect to MySQL/MariaDB at 127\.0\.0\.1:{port}"):
        read_tables(f"mysql://etl:x@127.0.0.1:{port}/etl", ["orders"])


# --------------------------------------------------------------------------- on the wire
# The field types read_tables gives must be what Debezium really sends with the settings etl-gen
# renders (decimal.handling.mode=double, time.precision.mode=connect, ExtractNewRecordState).
# These tests stream one row of every mapped type and check each value against what the
# generated processor's converter for that field type accepts.
WIRE_SETTINGS = {
    "decimal.handling.mode": "double",
    "time.precision.mode": "connect",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
    "topic.creation.default.replication.factor": "1",
    "topic.creation.default.partitions": "1",
    "transforms": "unwrap",
    "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
    "transforms.unwrap.delete.tombstone.handling.mode": "rewrite",
}


def _accepts(field_type: str, value) -> bool:
    """What the generated processor's converter for field_type takes (templates/.../converters)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    integer = isinstance(value, int) and not isinstance(value, bool)
    if field_type == "int":
        return integer
    if field_type == "float":
        return number
    if field_type == "bool":
        return isinstance(value, bool)
    if field_type == "string":
        return isinstance(value, str)
    if field_type == "timestamp":  # ISO 8601 text or epoch milliseconds
        if isinstance(value, str):
            datetime.fromisoformat(value)
            return True
        return integer
    if field_type == "date":  # ISO date text or days since the epoch
        if isinstance(value, str):
            date.fromisoformat(value[:10])
            return True
        return integer
    return field_type == "json" and value is not None


def _stream_one_row(stack, kafka_topics, name: str, config: dict, topic: str, ready, write):
    kafka_topics([topic])
    base = stack["connect_url"]
    code, body = _rest("PUT", f"{base}/connectors/{name}/config", config)
    assert code in (200, 201), f"PUT connector {name}: {code} {body}"
    try:
        ready()
        write()
        (message,) = asyncio.run(_consume(stack["kafka_bootstrap"], topic, 1))
    finally:
        _rest("DELETE", f"{base}/connectors/{name}")
    return message.value


def _assert_wire_types(table, row: dict) -> None:
    mismatched = {
        c.name: (c.type, row.get(c.name))
        for c in table.columns
        if not _accepts(c.type, row.get(c.name))
    }
    assert not mismatched, f"field type vs Debezium value: {mismatched}"
    assert set(row) >= {c.name for c in table.columns}


def test_postgres_field_types_match_debezium_values(stack, pg, kafka_topics):
    run = uuid.uuid4().hex[:8]
    slot = f"intro_{run}"
    pg.execute("""
        create table intro.typed (
            id bigint primary key, qty integer, small smallint, amount numeric(10, 2),
            price real, ratio double precision, tip money, paid boolean, placed_at timestamptz,
            local_at timestamp, day date, meta jsonb, raw json, ref uuid, code char(3),
            name varchar(40), note text, status intro.status, addr inet, mac macaddr,
            units intro.positive
        )
        """)
    (table,) = read_tables(stack["postgres_dsn"], ["intro.typed"])
    config = {
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
        "plugin.name": "pgoutput",
        "database.hostname": stack["postgres_host"],
        "database.port": str(stack["postgres_port"]),
        "database.user": "postgres",
        "database.password": "postgres",  # trust auth: ignored
        "database.dbname": "etl",
        "topic.prefix": f"intro{run}",
        "table.include.list": "intro.typed",
        "slot.name": slot,
        "slot.drop.on.stop": "true",
        "publication.name": slot,
        "publication.autocreate.mode": "filtered",
        "transforms.unwrap.add.fields": "op,lsn",
        **WIRE_SETTINGS,
    }

    def ready() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            row = pg.execute(
                "select active from pg_replication_slots where slot_name = %s", (slot,)
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.5)
        pytest.fail(f"replication slot {slot} not active after 120s")

    def write() -> None:
        pg.execute(
            "insert into intro.typed values (1, 2, 3, 12.50, 1.5, 2.25, 9.99, true, "
            "'2026-01-02 03:04:05.678+00', '2026-01-02 03:04:05.678', '2026-01-02', "
            """'{"a": 1}', '[1, 2]', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'abc', 'n', 't', """
            "'paid', '10.0.0.1', '08:00:2b:01:02:03', 7)"
        )

    try:
        row = _stream_one_row(
            stack, kafka_topics, f"intro-{run}", config, f"intro{run}.intro.typed", ready, write
        )
    finally:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = pg.execute(
                "select active from pg_replication_slots where slot_name = %s", (slot,)
            ).fetchone()
            if found is None:
                break
            if not found[0]:
                pg.execute("select pg_drop_replication_slot(%s)", (slot,))
                break
            time.sleep(0.3)
        pg.execute(f'drop publication if exists "{slot}"')
    _assert_wire_types(table, row)
    assert row["amount"] == 12.5 and row["paid"] is True and row["status"] == "paid"
    assert row["units"] == 7 and row["tip"] == 9.99


def test_mariadb_field_types_match_debezium_values(stack, mariadb, my, kafka_topics):
    run = uuid.uuid4().hex[:8]
    with my.cursor() as cur:
        cur.execute("""
            create table intro_orders (
                id bigint unsigned primary key, qty int, tiny tinyint, medium mediumint,
                amount decimal(10, 2), price double, ratio float, active boolean, flag bit(1),
                placed_at timestamp(3) null, local_at datetime(3), day date, yr year,
                status enum('new', 'paid'), tags set('a', 'b'), code char(3), note text,
                meta json
            )
            """)
    (table,) = read_tables(mariadb["url"], ["intro_orders"])
    config = {
        "connector.class": "io.debezium.connector.mariadb.MariaDbConnector",
        "database.hostname": mariadb["host"],
        "database.port": str(mariadb["port"]),
        "database.user": mariadb["user"],
        "database.password": mariadb["password"],
        "database.server.id": str(random.randint(10_000, 2**31)),
        "topic.prefix": f"intro{run}",
        "database.include.list": mariadb["database"],
        "table.include.list": f"{mariadb['database']}.intro_orders",
        "schema.history.internal.kafka.bootstrap.servers": stack["kafka_bootstrap"],
        "schema.history.internal.kafka.topic": f"intro{run}.schema-history",
        "include.schema.changes": "false",
        "transforms.unwrap.add.fields": "op,file,pos",
        **WIRE_SETTINGS,
    }

    def ready() -> None:  # streaming once the connector's binlog dump thread shows up
        deadline = time.monotonic() + 120
        with my.cursor() as cur:
            while time.monotonic() < deadline:
                cur.execute(
                    "select count(*) from information_schema.processlist "
                    "where command like 'Binlog Dump%%'"
                )
                if cur.fetchone()[0]:
                    return
                time.sleep(0.5)
        pytest.fail("no binlog reader after 120s")

    def write() -> None:
        with my.cursor() as cur:
            cur.execute(
                "insert into intro_orders values (1, 2, 3, 4, 12.50, 1.5, 2.25, true, b'1', "
                "'2026-01-02 03:04:05.678', '2026-01-02 03:04:05.678', '2026-01-02', 2026, "
                """'paid', 'a,b', 'abc', 'n', '{"a": 1}')"""
            )

    row = _stream_one_row(
        stack,
        kafka_topics,
        f"intro-{run}",
        config,
        f"intro{run}.{mariadb['database']}.intro_orders",
        ready,
        write,
    )
    _assert_wire_types(table, row)
    assert row["amount"] == 12.5 and row["active"] == 1 and row["flag"] is True
    assert row["tags"] == "a,b" and row["yr"] == 2026


# --------------------------------------------------------------------------- --database-url
def _etl_gen_spec(request: str, database_url: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["spec", request, "--offline", "--database-url", database_url])
    assert code == 0
    return yaml.safe_load(out.getvalue())


def test_database_url_fills_a_postgres_table_the_request_names(stack, pg):
    pg.execute(
        "create table intro.invoices (invoice_no bigint primary key, customer text not null, "
        "amount double precision, issued_at timestamptz)"
    )
    spec = _etl_gen_spec(
        "Replicate the PostgreSQL table intro.invoices to ClickHouse with Debezium.",
        stack["postgres_dsn"],
    )
    fmt = spec["source"]["format"]
    assert fmt["database"] == "postgres"
    (table,) = fmt["tables"]
    assert (table["name"], table["db_schema"], table["primary_key"]) == (
        "invoices",
        "intro",
        ["invoice_no"],
    )
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("invoice_no", "int"),
        ("customer", "string"),
        ("amount", "float"),
        ("issued_at", "timestamp"),
    ]
    assert any("read from the database catalog" in a for a in spec["assumptions"])


def test_database_url_fills_a_mariadb_table_the_request_names(mariadb, my):
    with my.cursor() as cur:
        cur.execute(
            "create table intro_orders (order_ref varchar(20) primary key, qty int not null, "
            "price double)"
        )
    spec = _etl_gen_spec(
        f"Replicate the MariaDB table {mariadb['database']}.intro_orders to ClickHouse "
        "with Debezium.",
        mariadb["url"],
    )
    fmt = spec["source"]["format"]
    assert fmt["database"] == "mariadb"
    (table,) = fmt["tables"]
    assert (table["name"], table["db_schema"], table["primary_key"]) == (
        "intro_orders",
        mariadb["database"],
        ["order_ref"],
    )
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("order_ref", "string"),
        ("qty", "int"),
        ("price", "float"),
    ]
