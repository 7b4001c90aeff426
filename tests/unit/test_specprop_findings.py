"""Specs the property test found failing (tests/unit/test_spec_renders_property.py, the gated
draw over many seeds), each cut down to the shape that failed: it renders through the quality
gate (black, ruff, compile: `render_bundle` runs it) and the processor does what it says."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.errors import UserError
from generator.render.bundle import render_bundle
from generator.spec import spec_from_dict
from tests.support.bundles import load_processor

Data = dict[str, Any]
# The specs as drawn (hypothesis seed and finding in the file name); each renders through the
# gate now, or is refused with the message given here.
FOUND = Path(__file__).parent / "data" / "specprop_found"
REFUSED = {
    "seed1_cdc_tables_named_alike": "would both land in ClickHouse table user_id",
}


@pytest.mark.parametrize("path", sorted(FOUND.glob("*.json")), ids=lambda p: p.stem)
def test_found_spec_renders_or_is_refused(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.stem in REFUSED:
        with pytest.raises(UserError, match=REFUSED[path.stem]):
            spec_from_dict(data)
        return
    spec = spec_from_dict(data)
    assert f"{spec.name}.py" in render_bundle(spec).files  # the quality gate runs here


def _spec(name: str, fields: list[tuple[str, str]], operators: list[Data], **extra: Any) -> Data:
    return {
        "spec_version": 1,
        "name": name,
        "source": {"kind": "kafka", "topics": ["events"], "group_id": name, "event_time": "ts"},
        "schema": {"fields": [{"name": n, "type": t, "required": n == "ts"} for n, t in fields]},
        "operators": operators,
        "sinks": [{"kind": "stdout"}],
    } | extra


def _processor(data: Data, tmp_path: Path, module: str) -> Any:
    files = render_bundle(spec_from_dict(data)).files  # the quality gate runs here
    path = tmp_path / f"{data['name']}.py"
    path.write_text(files[path.name], encoding="utf-8")
    return load_processor(path, module)


def test_a_lone_min_or_max_on_a_field_is_one_if(tmp_path: Path) -> None:
    """The accumulate macro nested a lone min's or max's comparison in the field's None check:
    ruff SIM102 (found with a session window's `min(B1)`). Both windows' paths: a session
    window's add(), a tumbling window's inline lines."""
    aggregates = [
        {"name": "low", "fn": "min", "field": "amount"},
        {"name": "last", "fn": "max", "field": "ts"},
        {"name": "total", "fn": "sum", "field": "qty"},
        {"name": "most", "fn": "max", "field": "qty"},
    ]
    fields = [("amount", "float"), ("qty", "int"), ("ts", "timestamp")]
    session = {"kind": "window", "type": "session", "gap_ms": 60_000, "aggregates": aggregates}
    tumbling = {"kind": "window", "type": "tumbling", "size_ms": 60_000, "aggregates": aggregates}
    module = _processor(_spec("lone_min_session", fields, [session]), tmp_path, "lone_min_s")
    _processor(_spec("lone_min_tumbling", fields, [tumbling]), tmp_path, "lone_min_t")
    window = module.WindowAggregates()
    for row in (
        {"amount": 3.5, "qty": 2, "ts": 20},
        {"amount": None, "qty": None, "ts": 30},
        {"amount": 1.5, "qty": 7, "ts": 10},
    ):
        window.add(row)
    assert window.result() == {"low": 1.5, "last": 30, "total": 9, "most": 7}


def _cdc_table(name: str, schema: str, target: str | None = None) -> Data:
    table: Data = {
        "name": name,
        "db_schema": schema,
        "primary_key": ["id"],
        "columns": [{"name": "id", "type": "int"}, {"name": "note", "type": "string"}],
    }
    return table | ({"target_table": target} if target else {})


def test_cdc_tables_named_alike_render(tmp_path: Path) -> None:
    """Two CDC tables of one name in two schemas (public.orders, shop.orders) defined the
    tests' ORDERS_TP twice: F602 (found as `user_id` in two schemas); so did orders and ORDERS
    in the processor's constants. Their constants are schema-qualified, or numbered."""
    tables = [
        _cdc_table("orders", "public"),
        _cdc_table("orders", "shop", "shop_orders"),
        _cdc_table("ORDERS", "public", "orders_upper"),
    ]
    data = {
        "spec_version": 1,
        "name": "orders_replica",
        "source": {
            "kind": "kafka",
            "group_id": "orders-replica",
            "format": {"kind": "debezium", "server_name": "db", "tables": tables},
        },
        "sinks": [{"kind": "clickhouse", "database": "replica", "engine": "ReplacingMergeTree"}],
    }
    module = _processor(data, tmp_path, "orders_replica_named_alike")
    decoders = module.CHANGE_DECODERS
    assert sorted(decoders) == ["db.public.ORDERS", "db.public.orders", "db.shop.orders"]
    fields = {name for name in vars(module) if name.endswith("_FIELDS")}
    assert {"PUBLIC_ORDERS_1_FIELDS", "SHOP_ORDERS_FIELDS", "PUBLIC_ORDERS_3_FIELDS"} <= fields


def test_a_table_join_adding_a_bool_renders_its_test(tmp_path: Path) -> None:
    """The generated test of a table join compared the newer row's label with `== False` when
    the label was a bool: E712 in the bundle's tests (seeds 4 and 7)."""
    join = {
        "kind": "table_join",
        "table_topic": "customers",
        "right_fields": [
            {"name": "customer_id", "type": "int"},
            {"name": "vip", "type": "bool"},
        ],
        "left_key": "customer_id",
        "right_key": "customer_id",
        "fields": [{"source": "vip", "target": "customer_vip", "type": "bool"}],
    }
    data = _spec("vip_orders", [("customer_id", "int"), ("ts", "timestamp")], [join])
    files = render_bundle(spec_from_dict(data)).files  # the gate runs on the tests too
    assert '    assert fields["customer_vip"] is ' in files["test_vip_orders.py"]


def test_text_values_and_descriptions_write_look_alikes_visibly(tmp_path: Path) -> None:
    """A filter value or a description holding a look-alike of another character (a Cyrillic
    a in `paid`, a multiplication sign, a fraction slash) stopped the gate with RUF001 in a
    string or RUF002 in a docstring (seed 4: a fraction slash in the description). Strings are
    written in ASCII with escapes, the value unchanged; docstrings name such characters."""
    value = "p\u0430id \u00d7 2"
    data = _spec(
        "lookalike_orders",
        [("status", "string"), ("ts", "timestamp")],
        [{"kind": "filter", "field": "status", "op": "eq", "value": value}],
        description="Orders p\u0430id 1\u20442 caf\u00e9",
    )
    module = _processor(data, tmp_path, "lookalike_orders")
    source = (tmp_path / "lookalike_orders.py").read_text(encoding="utf-8")
    assert "Orders p<U+0430>id 1<U+2044>2 caf\u00e9" in source
    assert '"p\\u0430id \\xd7 2"' in source
    kept = module.keep_where_status(
        [SimpleNamespace(value={"status": v}) for v in (value, "paid x 2")]
    )
    assert [r.value["status"] for r in kept] == [value]
