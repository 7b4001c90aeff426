"""Columns and primary keys of CDC tables, read from a live PostgreSQL or MySQL/MariaDB catalog.

`read_tables(database_url, ["orders", "shop.customers"])` returns one `CdcTable` per name, in the
order given: its columns (catalog order), their field types and nullability, and its primary key.
Field types are the ones the generated processor reads from Debezium's JSON for that column with
the connector settings etl-gen renders (decimal.handling.mode=double, time.precision.mode=connect):

  PostgreSQL  smallint/integer/bigint -> int; real/double/numeric/money -> float; boolean -> bool;
              text/varchar/char/uuid/citext/inet/cidr/macaddr/enum -> string; timestamp[tz] ->
              timestamp; date -> date; json/jsonb -> json (domains map as their base type)
  MySQL and   tinyint..bigint (signed or not), year -> int, including BOOLEAN (tinyint(1)): Debezium
  MariaDB     sends 0/1, not true/false; bit(1) -> bool; float/double/decimal -> float;
              char/varchar/*text/enum/set -> string; datetime/timestamp -> timestamp; date -> date;
              json -> json

Anything else (binary data, time of day, intervals, arrays, spatial types...) is refused with the
column and its type named: no column is ever read as a type Debezium does not send.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import SplitResult, unquote, urlsplit

from pydantic import ValidationError

from ..errors import UserError
from ..spec.names import is_identifier
from ..spec.schema import Field, FieldType
from ..spec.source import CdcTable

CONNECT_TIMEOUT_SECONDS = 10
_INSTALL_HINT = "pip install 'etl-gen[introspect]'"

_POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "postgresql+psycopg"})
_MYSQL_SCHEMES = frozenset({"mysql", "mariadb", "mysql+pymysql", "mariadb+pymysql"})

_POSTGRES_TYPES: dict[str, FieldType] = {
    "int2": "int",
    "int4": "int",
    "int8": "int",
    "float4": "float",
    "float8": "float",
    "numeric": "float",
    "money": "float",
    "bool": "bool",
    "text": "string",
    "varchar": "string",
    "bpchar": "string",
    "char": "string",
    "name": "string",
    "uuid": "string",
    "citext": "string",
    "inet": "string",
    "cidr": "string",
    "macaddr": "string",
    "timestamp": "timestamp",
    "timestamptz": "timestamp",
    "date": "date",
    "json": "json",
    "jsonb": "json",
}

_MYSQL_TYPES: dict[str, FieldType] = {
    "tinyint": "int",
    "smallint": "int",
    "mediumint": "int",
    "int": "int",
    "integer": "int",
    "bigint": "int",
    "year": "int",
    "float": "float",
    "double": "float",
    "real": "float",
    "decimal": "float",
    "numeric": "float",
    "char": "string",
    "varchar": "string",
    "tinytext": "string",
    "text": "string",
    "mediumtext": "string",
    "longtext": "string",
    "enum": "string",
    "set": "string",
    "datetime": "timestamp",
    "timestamp": "timestamp",
    "date": "date",
    "json": "json",
}


@dataclass(frozen=True)
class _Column:
    name: str
    sql_type: str  # as the catalog spells it, for messages and descriptions
    field_type: FieldType | None  # None: a type we refuse
    nullable: bool


@dataclass(frozen=True)
class _Table:
    schema: str
    name: str
    columns: list[_Column]
    primary_key: list[str]


def read_tables(database_url: str, tables: list[str]) -> list[CdcTable]:
    """The named tables of a live database as CDC tables (columns, field types, primary key).

    `database_url` is postgresql://user:password@host:port/db or mysql://... (mariadb:// too);
    a table is `name` or `schema.name` (PostgreSQL, default schema public) or `database.name`
    (MySQL/MariaDB, default the URL's database). Raises UserError for an unusable URL, a database
    that cannot be reached, an unknown table, a table without a primary key and a column whose
    type or name the generated pipeline cannot carry.
    """
    if not tables:
        raise UserError("name at least one table to read from the database")
    url = urlsplit(database_url)
    scheme = url.scheme.lower()
    try:
        url.port  # noqa: B018  (parses the port)
    except ValueError:
        raise UserError(f"database URL {_where(url, port=False)!r} has a bad port") from None
    if scheme in _POSTGRES_SCHEMES:
        default_schema = "public"
        reader: Callable[[SplitResult, list[tuple[str, str]]], list[_Table]] = _read_postgres
    elif scheme in _MYSQL_SCHEMES:
        default_schema = unquote(url.path.lstrip("/"))
        reader = _read_mysql
    else:
        raise UserError(
            f"database URL scheme {url.scheme or '(none)'!r} is not supported: use "
            "postgresql://user:password@host:port/db or mysql://user:password@host:port/db"
        )
    names = [_qualified(table, default_schema, scheme) for table in tables]
    seen: set[tuple[str, str]] = set()
    for schema, name in names:
        if (schema, name) in seen:
            raise UserError(f"table {schema}.{name} is listed twice")
        seen.add((schema, name))
    found = reader(url, names)
    return [_cdc_table(table) for table in found]


def postgres_dbname(database_url: str) -> str | None:
    """The database a postgresql:// URL names, or None (another scheme, or no /database)."""
    url = urlsplit(database_url)
    if url.scheme.lower() not in _POSTGRES_SCHEMES:
        return None
    return unquote(url.path.lstrip("/")) or None


def _qualified(table: str, default_schema: str, scheme: str) -> tuple[str, str]:
    parts = table.strip().split(".")
    if len(parts) == 1 and parts[0]:
        if not default_schema:
            raise UserError(
                f"table {table!r} names no database and the URL has none: "
                "write database.table or add /database to the URL"
            )
        return default_schema, parts[0]
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    kind = "schema" if scheme in _POSTGRES_SCHEMES else "database"
    raise UserError(f"{table!r} is not a table name: write table or {kind}.table")


def _where(url: SplitResult, port: bool = True) -> str:
    """host:port/database of a URL, never its password."""
    host = url.hostname or "localhost"
    shown = f":{url.port}" if port and url.port else ""
    return f"{host}{shown}{url.path or ''}"


def _cdc_table(table: _Table) -> CdcTable:
    where = f"{table.schema}.{table.name}"
    for label, value in (("schema/database", table.schema), ("table", table.name)):
        if not is_identifier(value):
            raise UserError(
                f"{label} name {value!r} of {where} cannot be used in a pipeline: use a table "
                "whose names are letters, digits and '_' (not a Python keyword)"
            )
    unsupported = [c for c in table.columns if c.field_type is None]
    if unsupported:
        listed = ", ".join(f"{c.name} ({c.sql_type})" for c in unsupported)
        raise UserError(
            f"table {where}: unsupported column type for {listed}; supported are integers, "
            "floating point and decimal numbers, booleans, text, timestamps, dates and JSON"
        )
    bad_names = [c.name for c in table.columns if not is_identifier(c.name)]
    if bad_names:
        raise UserError(
            f"table {where}: column name(s) {', '.join(map(repr, bad_names))} cannot be field "
            "names: use letters, digits and '_', not a Python keyword"
        )
    if not table.primary_key:
        raise UserError(
            f"table {where} has no primary key: a CDC table needs one to keep the latest row "
            "per key (add a primary key to the table)"
        )
    try:
        return CdcTable(
            name=table.name,
            db_schema=table.schema,
            primary_key=table.primary_key,
            columns=[
                Field(
                    name=c.name,
                    type=c.field_type,  # checked above
                    required=not c.nullable,
                    description=f"{c.sql_type} column of {where}",
                )
                for c in table.columns
                if c.field_type is not None
            ],
        )
    except ValidationError as error:  # a catalog pydantic refuses: say which table
        raise UserError(f"table {where} cannot be used as a CDC table: {error}") from None


def _missing_table(
    where: str, kind: str, schema: str, name: str, existing: Sequence[str]
) -> NoReturn:
    shown = ", ".join(sorted(existing)[:20]) or "none"
    raise UserError(
        f"table {schema}.{name} not found in {kind} {where} (tables in {schema}: {shown})"
    )


# --------------------------------------------------------------------------- PostgreSQL
_PG_TABLE = """
select c.oid, c.relkind
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = %s and c.relname = %s
"""
_PG_TABLES_IN = """
select c.relname
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = %s and c.relkind in ('r', 'p')
"""
# a domain maps as its base type; arrays (typcategory A) and everything unlisted are refused
_PG_COLUMNS = """
select a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       coalesce(base.typname, t.typname),
       coalesce(base.typtype, t.typtype),
       coalesce(base.typcategory, t.typcategory),
       not a.attnotnull
from pg_catalog.pg_attribute a
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_type base on t.typtype = 'd' and base.oid = t.typbasetype
where a.attrelid = %s and a.attnum > 0 and not a.attisdropped
order by a.attnum
"""
_PG_PRIMARY_KEY = """
select a.attname
from pg_catalog.pg_index i
join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
where i.indrelid = %s and i.indisprimary
order by array_position(i.indkey, a.attnum)
"""
_PG_KINDS = {"v": "a view", "m": "a materialized view", "f": "a foreign table", "S": "a sequence"}


def _read_postgres(url: SplitResult, names: list[tuple[str, str]]) -> list[_Table]:
    try:
        import psycopg
    except ImportError:
        raise UserError(f"reading a PostgreSQL catalog needs psycopg: {_INSTALL_HINT}") from None
    where = _where(url)
    try:
        conninfo = url._replace(scheme="postgresql").geturl()  # libpq knows no +driver
        conn = psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise UserError(f"cannot connect to PostgreSQL at {where}: {error}".strip()) from None
    try:
        with conn:
            return [_pg_table(conn, where, schema, name) for schema, name in names]
    except psycopg.Error as error:
        raise UserError(f"cannot read the catalog of PostgreSQL at {where}: {error}") from None
    finally:
        conn.close()


def _pg_table(conn: Any, where: str, schema: str, name: str) -> _Table:
    row = conn.execute(_PG_TABLE, (schema, name)).fetchone()
    if row is None:
        existing = [r[0] for r in conn.execute(_PG_TABLES_IN, (schema,)).fetchall()]
        _missing_table(where, "PostgreSQL", schema, name, existing)
    oid, relkind = row
    if relkind not in ("r", "p"):
        raise UserError(
            f"{schema}.{name} in PostgreSQL {where} is {_PG_KINDS.get(relkind, 'not a table')}: "
            "Debezium captures changes of tables only"
        )
    columns = [
        _Column(
            name=col_name,
            sql_type=sql_type,
            field_type=None if category == "A" else _pg_field_type(type_name, type_kind),
            nullable=nullable,
        )
        for col_name, sql_type, type_name, type_kind, category, nullable in conn.execute(
            _PG_COLUMNS, (oid,)
        ).fetchall()
    ]
    primary_key = [r[0] for r in conn.execute(_PG_PRIMARY_KEY, (oid,)).fetchall()]
    return _Table(schema=schema, name=name, columns=columns, primary_key=primary_key)


def _pg_field_type(type_name: str, type_kind: str) -> FieldType | None:
    if type_kind == "e":  # an enum: Debezium sends its label
        return "string"
    return _POSTGRES_TYPES.get(type_name)


# --------------------------------------------------------------------------- MySQL / MariaDB
_MY_TABLE = """
select table_type from information_schema.tables where table_schema = %s and table_name = %s
"""
_MY_TABLES_IN = """
select table_name from information_schema.tables
where table_schema = %s and table_type = 'BASE TABLE'
"""
_MY_COLUMNS = """
select column_name, column_type, data_type, is_nullable
from information_schema.columns
where table_schema = %s and table_name = %s
order by ordinal_position
"""
_MY_PRIMARY_KEY = """
select column_name from information_schema.key_column_usage
where table_schema = %s and table_name = %s and constraint_name = 'PRIMARY'
order by ordinal_position
"""


def _read_mysql(url: SplitResult, names: list[tuple[str, str]]) -> list[_Table]:
    try:
        import pymysql
    except ImportError:
        raise UserError(f"reading a MySQL/MariaDB catalog needs PyMySQL: {_INSTALL_HINT}") from None
    where = _where(url)
    try:
        conn = pymysql.connect(
            host=url.hostname or "localhost",
            port=url.port or 3306,
            user=unquote(url.username or ""),
            password=unquote(url.password or ""),
            database=unquote(url.path.lstrip("/")) or None,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        )
    except pymysql.err.MySQLError as error:
        raise UserError(f"cannot connect to MySQL/MariaDB at {where}: {error}") from None
    try:
        with conn.cursor() as cursor:
            return [_my_table(cursor, where, schema, name) for schema, name in names]
    except pymysql.err.MySQLError as error:
        raise UserError(f"cannot read the catalog of MySQL/MariaDB at {where}: {error}") from None
    finally:
        conn.close()


def _my_table(cursor: Any, where: str, schema: str, name: str) -> _Table:
    cursor.execute(_MY_TABLE, (schema, name))
    row = cursor.fetchone()
    if row is None:
        cursor.execute(_MY_TABLES_IN, (schema,))
        _missing_table(where, "MySQL/MariaDB", schema, name, [r[0] for r in cursor.fetchall()])
    if row[0] not in ("BASE TABLE", "SYSTEM VERSIONED"):
        raise UserError(
            f"{schema}.{name} in MySQL/MariaDB {where} is a {row[0].lower()}: "
            "Debezium captures changes of tables only"
        )
    cursor.execute(_MY_COLUMNS, (schema, name))
    columns = [
        _Column(
            name=col_name,
            sql_type=column_type,
            field_type=_my_field_type(data_type.lower(), column_type.lower()),
            nullable=is_nullable == "YES",
        )
        for col_name, column_type, data_type, is_nullable in cursor.fetchall()
    ]
    cursor.execute(_MY_PRIMARY_KEY, (schema, name))
    primary_key = [r[0] for r in cursor.fetchall()]
    return _Table(schema=schema, name=name, columns=columns, primary_key=primary_key)


def _my_field_type(data_type: str, column_type: str) -> FieldType | None:
    if data_type == "bit":  # bit(1) is Debezium's BOOLEAN; wider bit strings are bytes
        return "bool" if column_type in ("bit(1)", "bit") else None
    return _MYSQL_TYPES.get(data_type)
