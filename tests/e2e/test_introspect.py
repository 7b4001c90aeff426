"""generator.parse.introspect against the stack's real PostgreSQL and MariaDB catalogs.

Each test creates its tables with plain DDL, reads them back through `read_tables` and compares
with what that DDL declares (names, field types, nullability, primary key order), and checks the
refusals: unknown table, no primary key, unsupported column types, views, unreachable servers.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pymysql
import pytest

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
    finally:
        pg.execute("drop table public.intro_plain")
    assert (table.db_schema, table.name, table.primary_key) == ("public", "intro_plain", ["k"])
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


def test_unknown_scheme():
    with pytest.raises(UserError, match=r"scheme 'sqlite' is not supported"):
        read_tables("sqlite:///tmp/x.db", ["orders"])


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
