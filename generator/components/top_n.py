"""`top_n`: per window (and value of its `per` fields), the N rows with the highest (or
lowest) value of one of the window's aggregates; equal values are ranked by group key
(templates/operators/top_n.py.j2, top_n.calls.j2, tests/top_n.py.j2)."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..render.escape import Code
from ..render.samples import code, moment, to_python, variants
from ..spec import Field, TopN, Window
from .base import OperatorComponent, OpView, Place, TestInputs


@dataclass(kw_only=True)
class TopNView(OpView):
    group_by: list[str]  # the window's group key, which breaks ties
    highest: bool


class TopNComponent(OperatorComponent[TopN]):
    spec_type = TopN
    step_doc = "keep the top rows of each window"

    def view(self, op: TopN, place: Place) -> TopNView:
        word = "top" if op.order == "highest" else "bottom"
        var = f"{word}_{op.n}_by_{op.order_by.lower()}{place.suffix}"  # a function name
        window = place.before
        assert isinstance(window, Window)  # validated: a top_n follows a window
        return TopNView(
            spec=op,
            template="operators/top_n.py.j2",
            calls="operators/top_n.calls.j2",
            var=var,
            group_by=list(window.group_by),
            highest=op.order == "highest",
        )

    def describe(self, op: TopN, fields: list[Field]) -> str:
        word = "top" if op.order == "highest" else "bottom"
        each = f" and each {', '.join(op.per)}" if op.per else ""
        return (
            f"keep the {word} {op.n} rows of each window{each} by {op.order_by} "
            "(ties: lower group key first)"
        )

    def test_case(self, op: TopN, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        assert isinstance(view, TopNView)
        return _top_n_test(op, view, {f.name: f for f in inputs.at}, inputs.t0)


def _ranked(rows: list[dict[str, Any]], op: TopN, group_by: list[str]) -> list[dict[str, Any]]:
    """The rows one window keeps, best first: a row's rank is the number of rows that beat it
    (plain Python, written apart from the template's sorting)."""

    def group(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple((row[g] is None, row[g]) for g in group_by)

    def beats(a: dict[str, Any], b: dict[str, Any]) -> bool:
        va, vb = a[op.order_by], b[op.order_by]
        if va is None and vb is None:
            return group(a) < group(b)
        if va is None or vb is None:
            return vb is None  # a missing value ranks last
        if va != vb:
            return bool(va > vb) if op.order == "highest" else bool(va < vb)
        return group(a) < group(b)

    ranks = {id(row): sum(beats(other, row) for other in rows) for row in rows}
    kept = [row for row in rows if ranks[id(row)] < op.n]
    return sorted(kept, key=lambda row: ranks[id(row)])


def _top_n_test(op: TopN, view: TopNView, fields: dict[str, Field], t0: int) -> dict[str, Any]:
    """Two windows: the first with N + 2 groups, listed out of rank order, two of them tied
    on the best value (the group key decides) and one without a value where the aggregate may
    be null; the second with fewer groups than N, all kept. With `per`, the first window holds
    those groups in each of two partitions (ranked apart, their rows interleaved)."""
    groups = [fields[g] for g in view.group_by]
    ranked_field = fields[op.order_by]
    count = op.n + 2
    keys = [tuple(to_python(g.type, variants(g, count)[i]) for g in groups) for i in range(count)]

    def within(key: tuple[Any, ...], part: int) -> tuple[Any, ...]:
        """The key with its `per` fields set to the part-th partition's values."""
        return tuple(
            to_python(g.type, variants(g, 2)[part]) if g.name in op.per else value
            for g, value in zip(groups, key, strict=True)
        )

    keys = [within(key, 0) for key in keys]  # (the ranked fields alone order them)
    pool = sorted(to_python(ranked_field.type, v) for v in variants(ranked_field, count))
    # Not in rank order: the middle values first, then the extremes.
    values: list[Any] = [*pool[1:-1], pool[0], pool[-1]]
    best = pool[-1] if op.order == "highest" else pool[0]
    # A tie on the best value, the higher group key listed first: only the key can order them.
    values[0] = best
    other = len(values) - 1 - values[::-1].index(best)
    if keys[0] < keys[other]:
        keys[0], keys[other] = keys[other], keys[0]
    if not ranked_field.required:
        values[1] = None
    size = 60_000
    first, second = moment(t0), moment(t0 + size)
    end = timedelta(milliseconds=size)

    def row(start: Any, key: tuple[Any, ...], value: Any) -> dict[str, Any]:
        return {
            "window_start": start,
            "window_end": start + end,
            **dict(zip(view.group_by, key, strict=True)),
            op.order_by: value,
        }

    parts = [0, 1] if op.per else [0]
    rows = [row(first, within(keys[i], p), values[i]) for i in range(count) for p in parts]
    later = [row(second, within(keys[i], 0), values[i]) for i in range(max(op.n - 1, 1))]
    expected: list[dict[str, Any]] = []
    for window in (rows, later):
        partitions: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for r in window:  # (kept in the order each partition first appears)
            partitions.setdefault(tuple(r[name] for name in op.per), []).append(r)
        for partition in partitions.values():
            expected += _ranked(partition, op, view.group_by)
    return {
        "template": "tests/top_n.py.j2",
        "var": view.var,
        "n": op.n,
        "records": [Code(f"processor.Record({code(r)}, None, -1, T0)") for r in rows + later],
        "group": (
            Code(f"r.value[{code(view.group_by[0])}]")
            if len(view.group_by) == 1
            else Code(f"tuple(r.value[name] for name in {code(tuple(view.group_by))})")
        ),
        "order_by": code(op.order_by),
        "expected": code(
            [
                (
                    r["window_start"],
                    (
                        r[view.group_by[0]]
                        if len(view.group_by) == 1
                        else tuple(r[g] for g in view.group_by)
                    ),
                    r[op.order_by],
                )
                for r in expected
            ]
        ),
    }


COMPONENT = TopNComponent()
