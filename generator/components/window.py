"""`window`: event-time windowed aggregation (tumbling, hopping, session); a window closes when
the watermark passes its end plus grace (templates/operators/window.py.j2,
session_window.py.j2, accumulator.py.j2; tests/window.py.j2, tests/session_window.py.j2)."""

from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

from ..errors import GenerationError
from ..render.escape import Code
from ..render.samples import COMPARE, at_code, code, moment, ms_code, to_python, variants
from ..spec import Field, Window
from .base import OperatorComponent, OpView, Place, TestInputs, duration_text

_DOC_OPS = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


@dataclass(kw_only=True)
class WindowView(OpView):
    accumulator: str
    describe: str
    group_doc: str
    grace_text: str
    has_quantile: bool
    slots: list[str]
    int_sums: list[str]  # sums of int fields: they start at 0, not 0.0
    # A tumbling/hopping window first reads its rows straight from the decode as the decoder's
    # Structs, not dicts (render/model.py struct_rows)
    structs: bool = False


class WindowComponent(OperatorComponent[Window]):
    spec_type = Window
    step_doc = "aggregate in windows"
    late = True

    def view(self, op: Window, place: Place) -> WindowView:
        return _window_view(op, place.fields)

    def describe(self, op: Window, fields: list[Field]) -> str:
        size = duration_text(op.size_ms or op.gap_ms or 0)
        slide = f" every {duration_text(op.slide_ms)}" if op.slide_ms else ""
        group = f" by {', '.join(op.group_by)}" if op.group_by else ""
        aggs = ", ".join(f"{a.name}={a.fn}({a.field or ''})" for a in op.aggregates)
        having = (
            f"; keep {op.having.aggregate} {_DOC_OPS[op.having.op]} {op.having.value}"
            if op.having
            else ""
        )
        return f"{op.type} window {size}{slide}{group}: {aggs}{having}"

    def test_case(self, op: Window, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        event_time = inputs.spec.source.event_time
        assert event_time is not None
        # Fields earlier steps (a join) add to the records: typed as they reach the window, and
        # their sample values set on each test record after it is decoded.
        added = {f.name: f for f in inputs.at if f.name not in inputs.fields}
        test = _window_test(op, view, {**added, **inputs.fields}, event_time, inputs.t0)
        test["added"] = code({name: inputs.row.get(name) for name in added}) if added else None
        test["held_ms"] = view.event_time_ms_field
        # its inputs are the decoder's Structs (render/model.py struct_rows)
        test["structs"] = isinstance(view, WindowView) and view.structs
        return test


def _slots(window: Window) -> list[str]:
    """The accumulator's attributes: one per aggregate, two for an average."""
    slots: list[str] = []
    for agg in window.aggregates:
        slots += [f"{agg.name}_sum", f"{agg.name}_count"] if agg.fn == "avg" else [agg.name]
    return slots


def _window_view(op: Window, fields: list[Field]) -> "WindowView":
    if op.type == "session":
        assert op.gap_ms is not None
        describe = f"session windows closed by {duration_text(op.gap_ms)} of inactivity"
    else:
        assert op.size_ms is not None
        describe = f"{duration_text(op.size_ms)} {op.type} windows"
    if op.type == "hopping" and op.slide_ms:
        describe += f" every {duration_text(op.slide_ms)}"
    types = {f.name: f.type for f in fields}
    return WindowView(
        spec=op,
        template=(
            "operators/session_window.py.j2" if op.type == "session" else "operators/window.py.j2"
        ),
        cls=f"{op.type.capitalize()}Windows",
        attr="windows",
        calls="operators/window.calls.j2",
        holds=True,
        resets=True,
        sized=True,
        clocked=True,
        needs=frozenset(
            ({"heapq"} if op.type == "session" else set())
            | ({"quantile"} if any(a.fn == "quantile" for a in op.aggregates) else set())
        ),
        accumulator="WindowAggregates",
        describe=describe[0].upper() + describe[1:],
        group_doc=", ".join(op.group_by) or "nothing (one global group)",
        grace_text=duration_text(op.grace_ms),
        has_quantile=any(a.fn == "quantile" for a in op.aggregates),
        slots=_slots(op),
        int_sums=[
            a.name for a in op.aggregates if a.fn == "sum" and a.field and types[a.field] == "int"
        ],
    )


def _starts(size: int, slide: int) -> dict[str, str]:
    """The expected starts of the windows holding a record at T0 and at T0 - 1, as Python."""
    if not slide:
        return {"at_t0": Code("[]"), "before_t0": Code("[]")}
    count = size // slide
    if count <= 3:
        at_t0 = [at_code(slide * n) for n in range(1 - count, 1)]
        before = [at_code(slide * n) for n in range(-count, 0)]
        return {"at_t0": Code(f"[{', '.join(at_t0)}]"), "before_t0": Code(f"[{', '.join(before)}]")}
    return {
        "at_t0": Code(f"[T0 + n * WINDOW_SLIDE_MS for n in range({1 - count}, 1)]"),
        "before_t0": Code(f"[T0 + n * WINDOW_SLIDE_MS for n in range({-count}, 0)]"),
    }


def _passes(fn: str, level: float | None, values: list[Any], op: str, threshold: float) -> bool:
    """Whether a group with these values passes a window's threshold (plain Python)."""
    present = [v for v in values if v is not None]
    if fn == "count":
        result: Any = len(values)
    elif fn == "count_distinct":
        result = len(set(present))
    elif not present:
        return False
    elif fn == "sum":
        result = sum(present)
    elif fn == "avg":
        result = sum(present) / len(present)
    elif fn in ("min", "max"):
        result = min(present) if fn == "min" else max(present)
    else:
        ordered = sorted(present)
        rank = (level or 0.5) * (len(ordered) - 1)
        low = floor(rank)
        high = min(low + 1, len(ordered) - 1)
        result = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    try:
        return bool(
            {
                "gt": result > threshold,
                "ge": result >= threshold,
                "lt": result < threshold,
                "le": result <= threshold,
                "eq": result == threshold,
            }[op]
        )
    except TypeError:  # a threshold on a non-numeric aggregate (min of a timestamp ...)
        return False


def _window_test(
    op: Window, view: OpView, fields: dict[str, Field], event_time: str, t0: int
) -> dict[str, Any]:
    session = op.type == "session"
    size = op.size_ms or 0
    slide = op.slide_ms or size
    gap = op.gap_ms or 0
    groups = [fields.get(g) or Field(name=g) for g in op.group_by]
    having = op.having
    having_agg = next((a for a in op.aggregates if having and a.name == having.aggregate), None)
    # Group A gets enough records to pass a count threshold, group B two; without a group-by,
    # there is only A.
    count_a = 3
    if having and having_agg and having_agg.fn == "count" and having.op in ("gt", "ge", "eq"):
        wanted = int(having.value) + (1 if having.op == "gt" else 0)
        count_a = wanted if 3 <= wanted <= 200 else 3
    total = count_a + (2 if groups else 0)
    # Fixed windows: every record in the first slide after T0. Session windows: each group's
    # records half a gap apart from T0 on, so each group makes one session.
    step = gap // 2 if session else slide // (total + 1)
    if step < 1 or (session and 4 * (gap // 5) >= gap):
        raise GenerationError(f"generated tests: window {op.type} times are too small to test")
    value_fields: list[str] = []
    for agg in op.aggregates:
        if agg.field and agg.field not in (*op.group_by, event_time, *value_fields):
            value_fields.append(agg.field)
    # A numeric threshold: A's values lie well on its passing side, B's on the failing side.
    tuned = (
        having_agg.field
        if having
        and having_agg
        and having.op != "eq"
        and having_agg.fn not in ("count", "count_distinct")
        else None
    )
    rows: list[dict[str, Any]] = []
    raw_rows: list[dict[str, Any]] = []
    for i in range(total):
        in_a = i < count_a
        at = step * (i if in_a else i - count_a) if session else step * (i + 1)
        values: dict[str, Any] = {g.name: variants(g, 2)[0 if in_a else 1] for g in groups}
        for n, name in enumerate(value_fields):
            field = fields.get(name) or Field(name=name, type="float")
            pool = variants(field, total, salt=n)
            # Every other field repeats a value in group A: a distinct count is below the count.
            values[name] = pool[i % 2] if in_a and n % 2 == 0 else pool[i]
            if name == tuned and field.type in ("int", "float"):
                assert having is not None
                sign = 1 if (having.op in ("gt", "ge")) == in_a else -1
                number = having.value + sign * (abs(having.value) + 10 + i)
                values[name] = int(number) if field.type == "int" else float(number)
        rows.append({"at": at_code(at), "values": code(values)})
        raw_rows.append({**values, event_time: t0 + at})

    aggregates = []
    for agg in op.aggregates:
        column = f"r[{agg.field!r}] for r in members"
        if agg.fn == "count":
            expr = "len(members)"
        elif agg.fn == "sum":
            expr = f"sum({column})"
        elif agg.fn == "avg":
            expr = f"sum({column}) / len(members)"
        elif agg.fn in ("min", "max"):
            expr = f"{agg.fn}({column})"
        elif agg.fn == "count_distinct":
            expr = f"len({{{column}}})"
        else:
            assert agg.quantile is not None
            level = Fraction(agg.quantile).limit_denominator(1000)
            cuts = f"statistics.quantiles([{column}], n={level.denominator}, method='inclusive')"
            expr = f"pytest.approx({cuts}[{level.numerator - 1}])"
        aggregates.append({"name": agg.name, "expr": Code(expr)})

    group_a = {g.name: to_python(g.type, variants(g, 2)[0]) for g in groups}
    group_b = {g.name: to_python(g.type, variants(g, 2)[1]) for g in groups}
    first_start = t0 + slide - size  # the earliest fixed window holding a record at T0
    passing = None
    if having and having_agg:
        source = fields.get(having_agg.field or "")
        kind = source.type if source else "float"
        inputs = [to_python(kind, r.get(having_agg.field or "")) for r in raw_rows]
        outcome = [
            _passes(having_agg.fn, having_agg.quantile, inputs[:count_a], having.op, having.value),
            _passes(having_agg.fn, having_agg.quantile, inputs[count_a:], having.op, having.value),
        ]
        passing = {
            "aggregate": having.aggregate,
            "compare": COMPARE[having.op],
            "value": code(having.value),
            "a_only": bool(groups) and outcome == [True, False],
        }
    if session:
        last_a, last_b = step * (count_a - 1), step
        bounds = {
            "a": (code(moment(t0)), code(moment(t0 + last_a + gap))),
            "b": (code(moment(t0)), code(moment(t0 + last_b + gap))),
        }
    else:
        last_a = 0
        bounds = {"a": (code(moment(first_start)), code(moment(first_start + size)))}
        bounds["b"] = bounds["a"]
    return {
        "template": "tests/session_window.py.j2" if session else "tests/window.py.j2",
        "cls": view.cls,
        "type": op.type,
        "gap": ms_code(gap),
        "k": ms_code(gap // 5),
        "last_a": at_code(last_a),
        "bounds": bounds,
        "size": ms_code(size),
        "slide": ms_code(slide),
        "grace": ms_code(op.grace_ms),
        "rows": rows,
        "group_names": [g.name for g in groups],
        "group_a": Code(", ".join(f"{k}={code(v)}" for k, v in group_a.items())),
        "group_b": (
            Code(", ".join(f"{k}={code(v)}" for k, v in group_b.items())) if groups else None
        ),
        "group_a_key": code(tuple(group_a.values())),
        "group_of": (
            Code(f"r.value[{code(op.group_by[0])}]")
            if len(op.group_by) == 1
            else Code(f"tuple(r.value[name] for name in {code(tuple(op.group_by))})")
        ),
        "group_a_value": (
            code(next(iter(group_a.values())))
            if len(group_a) == 1
            else code(tuple(group_a.values()))
        ),
        "aggregates": aggregates,
        "window_start": code(moment(first_start)),
        "window_end": code(moment(first_start + size)),
        "starts": _starts(size, slide),
        "having": passing,
    }


COMPONENT = WindowComponent()
