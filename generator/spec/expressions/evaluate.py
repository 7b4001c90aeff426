"""The reference semantics, in plain Python: what a rendered expression must compute.

Null (None) follows SQL: a strict operation (arithmetic, comparison, function) with a None
operand gives None; and / or / not are three-valued (False and None is False, True or None is
True, not None is None); `x is None` and coalesce() look at None themselves. Division, `//` and
`%` by zero give None. A filter keeps a record only when its expression is True.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from .tree import (
    And,
    Arith,
    Between,
    Call,
    Coalesce,
    Compare,
    Const,
    Expr,
    FieldRef,
    InList,
    IsNull,
    Matches,
    Neg,
    Not,
    Or,
)

ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _date_part(fn: str, value: Any) -> int:
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    if fn == "day_of_week":
        return int(value.isoweekday())  # Monday 1 .. Sunday 7
    return int(getattr(value, fn))


def _call(fn: str, args: list[Any]) -> Any:
    match fn:
        case "contains":
            return args[1] in args[0]
        case "startswith":
            return args[0].startswith(args[1])
        case "endswith":
            return args[0].endswith(args[1])
        case "lower":
            return args[0].lower()
        case "upper":
            return args[0].upper()
        case "length":
            return len(args[0])
        case "concat":
            return "".join(str(a) for a in args)
        case "abs":
            return abs(args[0])
        case "round":
            return round(args[0], args[1])
    return _date_part(fn, args[0])


def evaluate(expr: Expr, row: Mapping[str, Any]) -> Any:
    """The value of `expr` for the record `row` (None for null)."""
    match expr:
        case FieldRef(name=name):
            return row[name]
        case Const(value=value):
            return value
        case Neg(operand=x):
            value = evaluate(x, row)
            return None if value is None else -value
        case Arith(op=op, left=a, right=b):
            left, right = evaluate(a, row), evaluate(b, row)
            if left is None or right is None or (op in ("/", "//", "%") and right == 0):
                return None
            return ARITH[op](left, right)
        case Compare(op=op, left=a, right=b):
            left, right = evaluate(a, row), evaluate(b, row)
            return None if left is None or right is None else COMPARE[op](left, right)
        case InList(operand=x, values=values, negated=negated):
            value = evaluate(x, row)
            if value is None:
                return None
            return (value in [c.value for c in values]) != negated
        case Between(operand=x, low=lo, high=hi):
            # x >= low and x <= high, three-valued: a null bound does not hide a failed one
            value, low, high = evaluate(x, row), evaluate(lo, row), evaluate(hi, row)
            above = None if value is None or low is None else bool(value >= low)
            below = None if value is None or high is None else bool(value <= high)
            if above is False or below is False:
                return False
            return None if above is None or below is None else True
        case IsNull(operand=x, negated=negated):
            return (evaluate(x, row) is None) != negated
        case And(operands=xs):
            results = [evaluate(x, row) for x in xs]
            if False in results:
                return False
            return None if None in results else True
        case Or(operands=xs):
            results = [evaluate(x, row) for x in xs]
            if True in results:
                return True
            return None if None in results else False
        case Not(operand=x):
            value = evaluate(x, row)
            return None if value is None else not value
        case Call(fn=fn, args=args):
            arguments = [evaluate(a, row) for a in args]
            return None if any(v is None for v in arguments) else _call(fn, arguments)
        case Matches(operand=x, pattern=pattern):
            value = evaluate(x, row)
            return None if value is None else _regex(pattern).search(value) is not None
        case Coalesce(args=args):
            for arg in args:
                value = evaluate(arg, row)
                if value is not None:
                    return value
            return None
