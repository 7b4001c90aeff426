"""Several ClickHouse tables per pipeline: their processor attributes, constants, DDL and TTL."""

import copy
from typing import Any

import pytest

from generator.components.clickhouse import table_attrs
from generator.errors import SpecError
from generator.render import render_bundle
from generator.render.sql import clickhouse_tables, ddl_statements
from generator.spec import spec_from_dict


def spec(*sinks: dict[str, Any], operators: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "name": "orders_tables",
        "source": {"topics": ["orders"], "group_id": "g", "event_time": "created_at"},
        "schema": {"fields": [
            {"name": "order_id"},
            {"name": "amount", "type": "float"},
            {"name": "created_at", "type": "timestamp"},
            {"name": "day", "type": "date"},
        ]},
        "operators": operators or [],
        "sinks": list(sinks),
    }  # fmt: skip


def ch(database: str, table: str, **kw: Any) -> dict[str, Any]:
    return {"kind": "clickhouse", "database": database, "table": table} | kw


def test_each_sink_gets_its_table_attribute_and_constant() -> None:
    pipeline = spec_from_dict(spec(ch("shop", "orders"), ch("archive", "orders_old")))
    tables = clickhouse_tables(pipeline)
    assert [(t.database, t.name) for t in tables] == [("shop", "orders"), ("archive", "orders_old")]
    assert table_attrs(tables) == ["orders_table", "orders_old_table"]
    assert [t.columns_const for t in tables] == ["ORDERS_COLUMNS", "ORDERS_OLD_COLUMNS"]


def test_tables_sharing_a_name_are_told_apart_by_their_database() -> None:
    pipeline = spec_from_dict(spec(ch("shop", "orders"), ch("archive", "orders")))
    tables = clickhouse_tables(pipeline)
    assert table_attrs(tables) == ["shop_orders_table", "archive_orders_table"]
    assert [t.columns_const for t in tables] == ["SHOP_ORDERS_COLUMNS", "ARCHIVE_ORDERS_COLUMNS"]


def test_names_that_meet_even_with_their_database_are_numbered() -> None:
    # a_b.c and a.b_c both read a_b_c; z.c shares the name c with the first
    pipeline = spec_from_dict(spec(ch("a_b", "c"), ch("a", "b_c"), ch("z", "c")))
    assert table_attrs(clickhouse_tables(pipeline)) == ["table_1", "table_2", "table_3"]


def test_one_table_keeps_its_plain_attribute() -> None:
    pipeline = spec_from_dict(spec(ch("shop", "orders")))
    assert table_attrs(clickhouse_tables(pipeline)) == ["table"]
    window = {"kind": "window", "size_ms": 60_000, "aggregates": [{"name": "n", "fn": "count"}]}
    windowed = spec_from_dict(spec(ch("a", "m"), ch("b", "m"), operators=[window]))
    assert table_attrs(clickhouse_tables(windowed)) == ["a_m_results", "b_m_results"]


def test_each_table_has_its_own_ddl_and_the_ttl_only_where_asked() -> None:
    ttl = {"column": "created_at", "days": 30}
    pipeline = spec_from_dict(spec(ch("shop", "orders"), ch("recent", "orders", ttl=ttl)))
    databases, tables = ddl_statements(pipeline)[:2], ddl_statements(pipeline)[2:]
    assert databases == [
        "CREATE DATABASE IF NOT EXISTS `recent`",
        "CREATE DATABASE IF NOT EXISTS `shop`",
    ]
    assert [t.splitlines()[0] for t in tables] == [
        "CREATE TABLE IF NOT EXISTS `shop`.`orders`",
        "CREATE TABLE IF NOT EXISTS `recent`.`orders`",
    ]
    assert "TTL" not in tables[0]
    ttl_lines = [line for line in tables[1].splitlines() if line.startswith("TTL")]
    assert ttl_lines == ["TTL `created_at` + INTERVAL 30 DAY"]


def test_a_date_field_can_carry_the_ttl() -> None:
    pipeline = spec_from_dict(spec(ch("shop", "orders", ttl={"column": "day", "days": 1})))
    assert "TTL `day` + INTERVAL 1 DAY" in ddl_statements(pipeline)[-1]


@pytest.mark.parametrize("days", [0, -1, 36_501])
def test_ttl_days_out_of_range_are_refused(days: int) -> None:
    data = spec(ch("shop", "orders", ttl={"column": "created_at", "days": days}))
    with pytest.raises(SpecError, match="days"):
        spec_from_dict(data)


def test_ttl_column_cannot_smuggle_sql() -> None:
    data = spec(ch("shop", "orders", ttl={"column": "created_at + 1; DROP TABLE x", "days": 1}))
    with pytest.raises(SpecError, match="not a valid identifier"):
        spec_from_dict(data)


def test_a_sink_attribute_two_sinks_would_share_is_refused() -> None:
    data = spec(
        ch("shop", "kafka_x"),
        ch("shop", "other"),
        {"kind": "kafka", "topic": "x_table"},
        {"kind": "kafka", "topic": "y"},
    )
    with pytest.raises(SpecError, match="two sinks would both be the processor's 'kafka_x_table'"):
        render_bundle(spec_from_dict(copy.deepcopy(data)))


def test_every_table_is_written_by_the_generated_processor() -> None:
    pipeline = spec_from_dict(spec(ch("shop", "orders"), ch("recent", "orders"), ch("b", "c")))
    module = render_bundle(pipeline).files["orders_tables.py"]
    for attr, const in (
        ("shop_orders_table", "SHOP_ORDERS_COLUMNS"),
        ("recent_orders_table", "RECENT_ORDERS_COLUMNS"),
        ("b_c_table", "C_COLUMNS"),  # the database for all once two share a name
    ):
        assert f"self.{attr} = ClickHouseTable(" in module
        assert f"await self.{attr}.flush()" in module
        assert f"await self.{attr}.load_written(assigned)" in module
        # the columns are the Arrow schema's, less the lineage: one list of names
        schema = const.replace("_COLUMNS", "_ARROW_SCHEMA")
        assert f"{const} = tuple({schema}.names[:-3])" in module
        assert f"{schema} = pyarrow.schema(" in module


WINDOW_BY_ORDER = {
    "kind": "window",
    "size_ms": 60_000,
    "group_by": ["order_id"],
    "aggregates": [{"name": "total", "fn": "sum", "field": "amount"}],
}


def test_window_results_keep_the_sinks_order_of_their_key_columns() -> None:
    # "ordered by order_id": that column first, then the rest of the dedup key
    sink = ch("shop", "totals", order_by=["order_id"])
    pipeline = spec_from_dict(spec(sink, operators=[WINDOW_BY_ORDER]))
    (table,) = ddl_statements(pipeline)[1:]
    assert "ORDER BY (`order_id`, `window_start`)" in table


def test_window_results_cannot_be_ordered_by_an_aggregate() -> None:
    # an aggregate in the ReplacingMergeTree key would keep a re-emitted window twice
    sink = ch("shop", "totals", order_by=["total"])
    with pytest.raises(SpecError, match="keyed by \\(window_start, order_id\\)"):
        spec_from_dict(spec(sink, operators=[WINDOW_BY_ORDER]))
