"""`table_join`: stream-table join on the latest value per key of a compacted topic
(templates/operators/table_join.py.j2, tests/table_join.py.j2)."""

import json
from dataclasses import dataclass
from typing import Any

from ..render.escape import mermaid as label
from ..render.samples import code, sample, to_python, variants
from ..spec import Field, TableJoin
from .base import FieldTable, OperatorComponent, OpView, Place, TestInputs


@dataclass(kw_only=True)
class TableJoinView(OpView):
    field_map: dict[str, str]
    fields_const: str


class TableJoinComponent(OperatorComponent[TableJoin]):
    spec_type = TableJoin
    step_doc = "join with the table"

    def view(self, op: TableJoin, place: Place) -> TableJoinView:
        return TableJoinView(
            spec=op,
            template="operators/table_join.py.j2",
            cls="TableLookup",
            attr="table_lookup",
            calls="operators/table_join.calls.j2",
            startable=True,
            sized=True,
            field_map={m.source: m.target for m in op.fields},
            fields_const="TABLE_FIELDS",
        )

    def describe(self, op: TableJoin, fields: list[Field]) -> str:
        kept = (
            "null table fields without a row"
            if op.how == "left"
            else "records without a row dropped"
        )
        return f"join latest {op.table_topic} value on {op.left_key} = {op.right_key} ({kept})"

    def mermaid_lines(self, op: TableJoin, node: str) -> list[str]:
        return [f'    right[["{label(f"Kafka {op.table_topic}")}"]] --> {node}']

    def field_tables(self, op: TableJoin) -> list[FieldTable]:
        return [
            FieldTable(
                "TABLE_FIELDS", f"Fields of the {op.table_topic} table", list(op.right_fields)
            )
        ]

    def topic_plan(self, op: TableJoin) -> list[dict[str, Any]]:
        return [
            {
                "name": op.table_topic,
                "role": "table (compacted)",
                "config": {"cleanup.policy": "compact"},
            }
        ]

    def test_case(self, op: TableJoin, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        assert isinstance(view, TableJoinView)
        return _table_join_test(op, view, inputs.raw, inputs.fields, inputs.context)


def _table_join_test(
    op: TableJoin,
    view: "TableJoinView",
    raw: dict[str, Any],
    fields: dict[str, Field],
    context: dict[str, Any],
) -> dict[str, Any]:
    right_fields = {f.name: f for f in op.right_fields}
    row = {f.name: sample(f) for f in op.right_fields}
    row[op.right_key] = raw.get(op.left_key, row[op.right_key])
    label = next((m for m in op.fields if m.source != op.right_key), op.fields[0])
    newer = {**row, label.source: variants(right_fields[label.source], 2)[1]}
    newer_label = to_python(right_fields[label.source].type, newer[label.source])
    expected = {m.target: to_python(right_fields[m.source].type, row[m.source]) for m in op.fields}
    return {
        "template": "tests/table_join.py.j2",
        "cls": view.cls,
        "const": next(t.const for t in context["field_tables"] if t.const == view.fields_const),
        "topic": code(op.table_topic),
        "row": code(row),
        "newer": code(newer),
        "label": label.target,
        "newer_label": code(newer_label),
        # a bool compared with `==` is ruff's E712 (and None E711): `is`, as the lint asks
        "label_compare": "is" if newer_label is None or isinstance(newer_label, bool) else "==",
        "expected": code(expected),
        "empty": code(dict.fromkeys(expected)),
        "left": op.how == "left",
        "left_key": op.left_key,
        # a key the table has no row for (None when the key is not a field of the source)
        "other_key": _other_key(fields.get(op.left_key), raw.get(op.left_key)),
        "key_bytes": code(json.dumps(row[op.right_key]).encode()),
    }


def _other_key(field: Field | None, key: Any) -> str | None:
    if field is None:
        return None
    return code(next(v for v in variants(field, 3) if v != key))


COMPONENT = TableJoinComponent()
