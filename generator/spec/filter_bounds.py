"""Filters in a row that no record can pass ("voltage > 400 and voltage < 300").

Such a pipeline runs, reads everything and writes nothing, which no request means: the spec is
refused instead. Only field/op/value filters are checked, run by run: an operator between two
filters may change the field they compare.
"""

from collections.abc import Sequence

from .operators import Filter

_SYMBOLS = {"eq": "=", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<=",
            "in": "in", "not_in": "not in", "not_null": "is not null"}  # fmt: skip


def contradiction(operators: Sequence[object]) -> str | None:
    """The first field that consecutive filters make impossible, said as its comparisons
    (anything not a filter ends a run)."""
    run: list[Filter] = []
    for op in [*operators, None]:
        if isinstance(op, Filter) and op.where is None:
            run.append(op)
            continue
        for field in dict.fromkeys(f.field for f in run if f.field):
            tests = [f for f in run if f.field == field]
            if _impossible(tests):
                said = " and ".join(_said(f) for f in tests)
                return f"the filters {said} can never all hold: no record would pass"
        run = []
    return None


def _impossible(tests: list[Filter]) -> bool:
    allowed: set[object] | None = None  # from eq / in
    excluded: set[object] = set()  # from ne / not_in
    low: tuple[float, bool] | None = None  # (bound, inclusive)
    high: tuple[float, bool] | None = None
    for f in tests:
        values = f.value if isinstance(f.value, list) else [f.value]
        if f.op in ("eq", "in"):
            allowed = set(values) if allowed is None else allowed & set(values)
        elif f.op in ("ne", "not_in"):
            excluded |= set(values)
        elif f.op in ("gt", "ge", "lt", "le") and _number(f.value):
            bound = (float(f.value), f.op in ("ge", "le"))  # type: ignore[arg-type]
            if f.op in ("gt", "ge"):
                low = bound if low is None or _tighter_low(bound, low) else low
            else:
                high = bound if high is None or _tighter_high(bound, high) else high
    if allowed is not None:
        return not any(value not in excluded and _within(value, low, high) for value in allowed)
    if low is None or high is None:
        return False
    if low[0] != high[0]:
        return low[0] > high[0]
    return not (low[1] and high[1]) or low[0] in excluded


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _tighter_low(new: tuple[float, bool], old: tuple[float, bool]) -> bool:
    return new[0] > old[0] or (new[0] == old[0] and not new[1])


def _tighter_high(new: tuple[float, bool], old: tuple[float, bool]) -> bool:
    return new[0] < old[0] or (new[0] == old[0] and not new[1])


def _within(value: object, low: tuple[float, bool] | None, high: tuple[float, bool] | None) -> bool:
    if not _number(value):
        return True  # a text value against number bounds: not this check's to judge
    number = float(value)  # type: ignore[arg-type]
    if low is not None and (number < low[0] or (number == low[0] and not low[1])):
        return False
    return high is None or number < high[0] or (number == high[0] and high[1])


def _said(test: Filter) -> str:
    """One comparison as the refusal writes it: `v > 400`, `v is not null` (no value)."""
    said = f"{test.field} {_SYMBOLS[test.op]}"
    return said if test.op == "not_null" else f"{said} {_shown(test.value)}"


def _shown(value: object) -> str:
    """400.0 as the request wrote it, 400; text quoted."""
    if isinstance(value, list):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)
