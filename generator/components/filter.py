"""`filter`: keep records whose field compares true against a value, or whose `where`
expression is true (templates/operators/filter.py.j2, tests/filter.py.j2 and
tests/expression_filter.py.j2)."""

from dataclasses import dataclass
from math import ceil, floor
from typing import Any

from ..render.escape import Code, pyrepr
from ..render.samples import (
    MAX_TRIES,
    candidates,
    code,
    mutations,
    outcome,
    record_code,
    sample,
)
from ..spec import Field, Filter
from ..spec.expressions import Expr, constants, describe, evaluate, fields_read, to_python
from .base import OperatorComponent, OpView, Place, TestInputs

_OPS = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_DOC_OPS = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "in": "in",
            "not_in": "not in"}  # fmt: skip


@dataclass(kw_only=True)
class FilterView(OpView):
    describe: str
    condition: Code | None = None  # the `where` expression, rendered from its checked tree


class FilterComponent(OperatorComponent[Filter]):
    spec_type = Filter
    step_doc = "filter"
    simulated = True

    def view(self, op: Filter, place: Place) -> FilterView:
        if op.where is not None:
            expr = op.condition(place.fields)
            rendering = to_python(expr, row="r.value", mode="condition")
            var = f"keep_matching{place.suffix}"
            return FilterView(spec=op, template="operators/filter.py.j2",
                              calls="operators/filter.calls.j2", var=var, describe=describe(expr),
                              condition=Code(rendering.code), renderings=[rendering])  # fmt: skip
        if op.op in ("in", "not_in"):
            describe_value = f"{'is' if op.op == 'in' else 'is not'} one of {pyrepr(op.value)}"
        elif op.op == "not_null":
            describe_value = "is present"
        else:
            describe_value = f"{_OPS[op.op]} {pyrepr(op.value)}"
        var = f"keep_where_{(op.field or '').lower()}{place.suffix}"  # a function name: lowercase
        return FilterView(spec=op, template="operators/filter.py.j2",
                          calls="operators/filter.calls.j2", var=var, describe=describe_value)  # fmt: skip

    def describe(self, op: Filter, fields: list[Field]) -> str:
        if op.where is not None:
            return f"filter: keep records where {describe(op.condition(fields))}"
        return f"filter: keep {op.field} {'present' if op.op == 'not_null' else f'{_DOC_OPS[op.op]} {pyrepr(op.value)}'}"

    def reference(
        self, op: Filter, fields: list[Field], row: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        if op.where is None:
            return row, True
        return row, outcome(op.condition(fields), row) is True

    def sample_conditions(self, op: Filter, fields: list[Field]) -> list[Any]:
        return [op.condition(fields)] if op.where is not None else []

    def locked_fields(self, op: Filter) -> list[str]:
        return [op.field] if op.field else []

    def shape_sample(
        self, op: Filter, view: OpView, fields: dict[str, Field], raw: dict[str, Any]
    ) -> dict[str, Any] | None:
        """A comparison filter: the sample gets a passing value; the test one of each."""
        if op.field is None or op.field not in fields:
            return None
        values = _filter_values(op, fields[op.field])
        if values is None:
            return None
        raw[op.field] = values[0]
        return {
            "template": "tests/filter.py.j2",
            "var": view.var,
            "field": op.field,
            "pass": code(values[0]),
            "fail": code(values[1]),
        }

    def test_case(self, op: Filter, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        if op.where is not None:
            return _expression_filter(view, op.condition(inputs.at), inputs.at, inputs.row)
        return inputs.prepared.get(view.var)


def _filter_values(op: Filter, field: Field) -> tuple[Any, Any] | None:
    """(a raw value that passes, one that fails), or None when the filter cannot be tested."""
    value, kind = op.value, field.type
    fits = {
        "string": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
    }.get(kind)
    values = value if isinstance(value, list) else [] if value is None else [value]
    if fits is None or not all(fits(v) for v in values):
        return None  # a comparison the field's values can never make: nothing to test
    if (
        kind == "int"
        and op.op in ("eq", "ne", "in", "not_in")
        and any(isinstance(v, float) for v in values)
    ):
        return None

    def outside(avoid: list[Any]) -> Any:
        if kind == "string":
            return "not-" + "-".join(map(str, avoid))
        if kind == "bool":
            return not avoid[0]
        return max(avoid) + 1

    if op.op == "not_null":
        return None if field.required else (sample(field), None)
    if op.op in ("in", "not_in"):
        assert isinstance(value, list)
        listed: tuple[Any, Any] = (value[0], outside(value))
        return listed if op.op == "in" else listed[::-1]
    if op.op in ("eq", "ne"):
        equal: tuple[Any, Any] = (value, outside([value]))
        return equal if op.op == "eq" else equal[::-1]
    if kind == "string":
        if not isinstance(value, str) or not value:
            return None
        more, less = value + "z", ""
        ordered = {
            "gt": (more, value),
            "ge": (value, less),
            "lt": (less, value),
            "le": (value, more),
        }
        return ordered[op.op]
    if kind == "bool" or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if kind == "int":
        low, high = floor(value), ceil(value)
        return {
            "gt": (low + 1, low),
            "ge": (high, high - 1),
            "lt": (high - 1, high),
            "le": (low, low + 1),
        }[op.op]
    number = float(value)
    return {
        "gt": (number + 1, number),
        "ge": (number, number - 1),
        "lt": (number - 1, number),
        "le": (number, number + 1),
    }[op.op]


def _expression_filter(
    view: OpView, expr: Expr, fields: list[Field], row: dict[str, Any]
) -> dict[str, Any] | None:
    """Records found by trying values until the expression is true, false and null; what is
    kept comes from `evaluate`, the language's reference semantics, never the rendered code."""
    by_name = {f.name: f for f in fields}
    found_constants = constants(expr)
    choices = {
        name: candidates(by_name[name], found_constants, [row[name]])
        for name in sorted(fields_read(expr))
    }
    found: dict[Any, dict[str, Any]] = {}
    for tries, candidate in enumerate(mutations(row, choices)):
        if tries > MAX_TRIES or len(found) == 3:
            break
        result = outcome(expr, candidate)
        if result in (True, False, None) and result not in found:
            found[result] = candidate
    if True not in found or False not in found:
        return None  # an expression no tried record makes both true and false
    cases = [(name, found[v]) for name, v in (("true", True), ("false", False), ("null", None))
             if v in found]  # fmt: skip
    return {
        "template": "tests/expression_filter.py.j2",
        "var": view.var,
        "doc": f"`{describe(expr)}`: the records below make it {', '.join(n for n, _ in cases)}.",
        "records": [(f"when_{name}", record_code(r, i)) for i, (name, r) in enumerate(cases)],
        "kept": [f"when_{name}" for name, r in cases if evaluate(expr, r) is True],
    }


COMPONENT = FilterComponent()
