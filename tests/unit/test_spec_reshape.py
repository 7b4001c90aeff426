"""Filter on an expression, map and select in the spec: the fields each step sees, what reaches
the sinks (columns, DDL), round trips, and the rendered functions run on records."""

from typing import Any

import pytest
import yaml

from generator.errors import SpecError
from generator.render.bundle import render_bundle
from generator.render.sql import clickhouse_tables
from generator.spec import dump_yaml, spec_from_dict, spec_to_dict


def spec(operators: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "name": "orders",
        "source": {"topics": ["orders"], "group_id": "g", "event_time": "created_at",
                   "key": "customer"},
        "schema": {"fields": [
            {"name": "order_id"},
            {"name": "customer", "required": False},
            {"name": "price", "type": "float"},
            {"name": "qty", "type": "int", "required": False},
            {"name": "created_at", "type": "timestamp"},
        ]},
        "operators": operators,
        "sinks": [{"kind": "clickhouse", "table": "t"}],
    } | extra  # fmt: skip


def names(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(f.name, f.type, f.required) for f in spec_from_dict(data).output_fields()]


def test_map_adds_typed_fields_and_a_replaced_field_keeps_its_place() -> None:
    data = spec([{"kind": "map", "fields": [
        {"name": "total", "expr": "price * qty"},
        {"name": "price", "expr": "round(price * 1.2, 2)"},
        {"name": "label", "expr": "concat(order_id, '-', coalesce(customer, 'anon'))"},
    ]}])  # fmt: skip
    assert names(data) == [
        ("order_id", "string", True),
        ("customer", "string", False),
        ("price", "float", True),
        ("qty", "int", False),
        ("created_at", "timestamp", True),
        ("total", "float", False),  # qty may be missing
        ("label", "string", True),  # coalesce with a constant is never null
    ]


def test_a_later_step_sees_what_an_earlier_one_computed_renamed_or_dropped() -> None:
    ok = spec([
        {"kind": "map", "fields": [{"name": "total", "expr": "price * qty"}]},
        {"kind": "select", "keep": ["order_id", "total", "created_at"],
         "rename": {"total": "amount"}},
        {"kind": "filter", "where": "amount > 10"},
    ])  # fmt: skip
    assert [n for n, _, _ in names(ok)] == ["order_id", "amount", "created_at"]
    gone = spec([
        {"kind": "select", "drop": ["qty"]},
        {"kind": "filter", "where": "qty > 1"},
    ])  # fmt: skip
    with pytest.raises(SpecError, match=r"operator 2 \(filter\) where: .*qty"):
        spec_from_dict(gone)


def test_sink_columns_and_default_order_follow_the_select() -> None:
    data = spec([{"kind": "select", "drop": ["customer"], "rename": {"qty": "quantity"}}])
    (table,) = clickhouse_tables(spec_from_dict(data))
    assert table.columns == ("order_id", "price", "quantity", "created_at")
    assert "ORDER BY (`created_at`)" in table.ddl  # the dropped source key is not ordered by
    assert "`quantity` Nullable(Int64)" in table.ddl


def test_an_expression_filter_dumps_without_the_comparison_fields_and_round_trips() -> None:
    data = spec([{"kind": "filter", "where": "price > 1 and customer is not None"}])
    parsed = spec_from_dict(data)
    dumped = spec_to_dict(parsed)
    assert dumped["operators"] == [
        {"kind": "filter", "where": "price > 1 and customer is not None"}
    ]
    assert spec_from_dict(yaml.safe_load(dump_yaml(parsed))) == parsed
    plain = spec_from_dict(spec([{"kind": "filter", "field": "price", "op": "gt", "value": 1}]))
    assert "where" not in spec_to_dict(plain)["operators"][0]


def _module(data: dict[str, Any]) -> dict[str, Any]:
    bundle = render_bundle(spec_from_dict(data))
    namespace: dict[str, Any] = {"__name__": "orders_under_test"}
    exec(compile(bundle.files["orders.py"], "orders.py", "exec"), namespace)
    return namespace


def test_rendered_functions_filter_compute_and_select_records() -> None:
    data = spec([
        {"kind": "filter", "where": "matches(order_id, '^o-[0-9]+$') and price > 0"},
        {"kind": "map", "fields": [
            {"name": "total", "expr": "price * qty"},
            {"name": "big", "expr": "total >= 10.0"},
        ]},
        {"kind": "select", "keep": ["order_id", "total", "big", "created_at"],
         "rename": {"order_id": "id"}},
    ])  # fmt: skip
    module = _module(data)
    assert "PATTERN_" in "".join(module)  # the compiled regex is a module constant
    record = module["Record"]
    at = module["datetime"](2024, 6, 1, tzinfo=module["UTC"])

    def make(order_id: str, price: float, qty: int | None) -> Any:
        value = {"order_id": order_id, "customer": None, "price": price, "qty": qty,
                 "created_at": at}  # fmt: skip
        return record(value, None, 0, 0)

    kept = module["keep_matching"]([make("o-1", 2.5, 4), make("x-1", 2.5, 4), make("o-2", 0.0, 1),
                                    make("o-3", 1.0, None)])  # fmt: skip
    assert [r.value["order_id"] for r in kept] == ["o-1", "o-3"]
    out = module["select_fields"](module["compute_fields"](kept))
    assert [r.value for r in out] == [
        {"id": "o-1", "total": 10.0, "big": True, "created_at": at},
        {"id": "o-3", "total": None, "big": None, "created_at": at},
    ]
