"""Render a checked tree as a ClickHouse SQL expression over columns named like the fields.

ClickHouse has SQL's null semantics, so most nodes map one to one. What ClickHouse computes
differently is refused rather than approximated: `//` and `%` (ClickHouse truncates, Python
floors), round() (ClickHouse rounds the binary value, Python the exact decimal one: 2.675 ->
2.68 against 2.67) and matches() (RE2 and Python regular expressions differ). Division by zero
is null in both (the divisor goes through nullIf). Assumed: int columns are Int64 and stay in
its range (Python ints do not overflow, Int64 wraps); timestamps are DateTime64 in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from .errors import ExpressionError
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
    describe,
)

_FUNCTIONS = {
    "startswith": "startsWith",
    "endswith": "endsWith",
    "lower": "lowerUTF8",
    "upper": "upperUTF8",
    "length": "lengthUTF8",
    "abs": "abs",
    "year": "toYear",
    "month": "toMonth",
    "day": "toDayOfMonth",
    "hour": "toHour",
    "minute": "toMinute",
    "day_of_week": "toDayOfWeek",  # ISO: Monday 1 .. Sunday 7, as in the language
}


class SqlUnsupportedError(ExpressionError):
    """The expression uses something ClickHouse would compute differently."""


def sql_string(text: str) -> str:
    """A ClickHouse string literal: quote and backslash escaped, control characters as \\xHH."""
    out = []
    for char in text:
        if char in "\\'":
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02X}")
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def _const(const: Const) -> str:
    value = const.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return f"({text})" if text.startswith("-") else text
    if isinstance(value, str):
        return sql_string(value)
    if isinstance(value, datetime):
        text = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return f"toDateTime64('{text}', 6, 'UTC')"
    assert isinstance(value, date)
    return f"toDate32('{value.isoformat()}')"


def to_sql(expr: Expr) -> str:
    """ClickHouse SQL computing the same value as evaluate() (NULL for None)."""
    match expr:
        case FieldRef(name=name):
            return f"`{name}`"
        case Const():
            return _const(expr)
        case Neg(operand=x):
            return f"(-{to_sql(x)})"
        case Arith(op="//" | "%" as op):
            raise SqlUnsupportedError(
                f"`{op}` is not rendered to SQL: ClickHouse truncates where Python floors "
                f"({describe(expr)})"
            )
        case Arith(op="/", left=a, right=b) if not isinstance(b, Const):
            return f"({to_sql(a)} / nullIf({to_sql(b)}, 0))"
        case Arith(op=op, left=a, right=b):
            return f"({to_sql(a)} {op} {to_sql(b)})"
        case Compare(op=op, left=a, right=b):
            return f"({to_sql(a)} {'=' if op == '==' else op} {to_sql(b)})"
        case InList(operand=x, values=values, negated=negated):
            items = ", ".join(_const(v) for v in values)
            return f"({to_sql(x)} {'NOT IN' if negated else 'IN'} ({items}))"
        case Between(operand=x, low=lo, high=hi):
            return f"({to_sql(x)} BETWEEN {to_sql(lo)} AND {to_sql(hi)})"
        case IsNull(operand=x, negated=negated):
            return f"{'isNotNull' if negated else 'isNull'}({to_sql(x)})"
        case And(operands=xs):
            return "(" + " AND ".join(to_sql(x) for x in xs) + ")"
        case Or(operands=xs):
            return "(" + " OR ".join(to_sql(x) for x in xs) + ")"
        case Not(operand=x):
            return f"(NOT {to_sql(x)})"
        case Call(fn="round"):
            raise SqlUnsupportedError(
                "round() is not rendered to SQL: ClickHouse rounds the binary value "
                f"(round(2.675, 2) is 2.68 there, 2.67 in Python) ({describe(expr)})"
            )
        case Call(fn="contains", args=(text, part)):
            return f"(position({to_sql(text)}, {to_sql(part)}) > 0)"
        case Call(fn="concat", args=args):
            parts = [to_sql(a) if a.type == "string" else f"toString({to_sql(a)})" for a in args]
            return f"concat({', '.join(parts)})"
        case Call(fn=fn, args=args):
            return f"{_FUNCTIONS[fn]}({', '.join(to_sql(a) for a in args)})"
        case Matches():
            raise SqlUnsupportedError(
                "matches() is not rendered to SQL: ClickHouse's RE2 and Python's re differ "
                f"({describe(expr)})"
            )
        case Coalesce(args=args):
            return f"coalesce({', '.join(to_sql(a) for a in args)})"
