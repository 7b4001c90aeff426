"""The typed, immutable expression tree, and what can be read off it without running it.

Every node knows its result type. Nodes are built only by the parser (or, in tests, by hand);
renderers and the evaluator work from these nodes, never from the text a user wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import IntEnum
from functools import lru_cache
from typing import Literal

from ..schema import FieldType
from .errors import ExpressionTooComplexError

ConstValue = str | int | float | bool | datetime | date
ArithOp = Literal["+", "-", "*", "/", "//", "%"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">="]
# Functions that return null when any argument is null (strict), besides the special forms.
StrictFunction = Literal[
    "contains",
    "startswith",
    "endswith",
    "lower",
    "upper",
    "concat",
    "round",
    "abs",
    "length",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "day_of_week",
]
MAX_RENDERED = 20_000  # characters of generated Python for one expression
DATE_PARTS = ("year", "month", "day", "hour", "minute", "day_of_week")


@dataclass(frozen=True, slots=True)
class FieldRef:
    name: str
    type: FieldType
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Const:
    """A literal; never None (null is only tested, never written)."""

    value: ConstValue
    type: FieldType


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr
    type: FieldType


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOp
    left: Expr
    right: Expr
    type: FieldType


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class InList:
    operand: Expr
    values: tuple[Const, ...]
    negated: bool = False
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class Between:
    """low <= operand <= high, both bounds included."""

    operand: Expr
    low: Expr
    high: Expr
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class IsNull:
    operand: Expr
    negated: bool = False
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Expr, ...]
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Expr, ...]
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class Call:
    """A strict function: null if any argument is null."""

    fn: StrictFunction
    args: tuple[Expr, ...]
    type: FieldType


@dataclass(frozen=True, slots=True)
class Matches:
    """The regular expression `pattern` matches somewhere in the string (re.search)."""

    operand: Expr
    pattern: str
    type: FieldType = "bool"


@dataclass(frozen=True, slots=True)
class Coalesce:
    args: tuple[Expr, ...]
    type: FieldType


Expr = (
    FieldRef
    | Const
    | Neg
    | Arith
    | Compare
    | InList
    | Between
    | IsNull
    | And
    | Or
    | Not
    | Call
    | Matches
    | Coalesce
)

# Nodes whose value is null exactly when one of their operands is null (or, for / // %, the
# divisor is zero). The others (and, or, not, is None, coalesce) look at nulls themselves.
STRICT_NODES = (FieldRef, Const, Neg, Arith, Compare, InList, Between, Call, Matches)


def result_type(expr: Expr) -> FieldType:
    return expr.type


def children(expr: Expr) -> tuple[Expr, ...]:
    match expr:
        case FieldRef() | Const():
            return ()
        case Neg(operand=x) | Not(operand=x) | IsNull(operand=x) | Matches(operand=x):
            return (x,)
        case InList():
            return (expr.operand, *expr.values)
        case Arith(left=a, right=b) | Compare(left=a, right=b):
            return (a, b)
        case Between():
            return (expr.operand, expr.low, expr.high)
        case And(operands=xs) | Or(operands=xs):
            return xs
        case Call(args=xs) | Coalesce(args=xs):
            return xs


@lru_cache(maxsize=4096)
def may_be_null(expr: Expr) -> bool:
    """Whether the value can be None for some record (fields not known to be set, a divisor
    that can be zero)."""
    match expr:
        case FieldRef(nullable=nullable):
            return nullable
        case Const() | IsNull():
            return False
        case Coalesce(args=args):
            return all(may_be_null(a) for a in args)
        case Arith(op="/" | "//" | "%", right=divisor) if not isinstance(divisor, Const):
            return True
    return any(may_be_null(x) for x in children(expr))


def fields_read(expr: Expr) -> set[str]:
    """Names of the record fields the expression reads."""
    if isinstance(expr, FieldRef):
        return {expr.name}
    found: set[str] = set()
    for child in children(expr):
        found |= fields_read(child)
    return found


def constants(expr: Expr) -> list[object]:
    """Every constant in the expression, in reading order."""
    if isinstance(expr, Const):
        return [expr.value]
    return [value for child in children(expr) for value in constants(child)]


# ---- text rendering shared by describe() and the Python renderer ----------------------------


class Prec(IntEnum):
    """Python operator precedence, loosest first."""

    TERNARY = 1
    OR = 2
    AND = 3
    NOT = 4
    CMP = 5
    ADD = 6
    MUL = 7
    UNARY = 8
    PRIMARY = 9
    ATOM = 10


@dataclass(frozen=True, slots=True)
class Code:
    text: str
    prec: Prec
    conjuncts: tuple[str, ...] = ()  # the parts of an `a and b` the renderer built

    def __post_init__(self) -> None:
        if len(self.text) > MAX_RENDERED:
            raise ExpressionTooComplexError(
                f"the expression renders to more than {MAX_RENDERED:,} characters of Python; "
                "nest fewer coalesce() calls or comparisons between conditions"
            )

    def at(self, at_least: Prec) -> str:
        """The text, parenthesised if it binds looser than `at_least`."""
        return self.text if self.prec >= at_least else f"({self.text})"


def py_str(text: str) -> str:
    """A Python string literal for `text`, quoted the way black leaves it.

    Built from ascii(), which escapes backslashes, the delimiting quote, every non-printable
    character (newlines, NUL, U+2028/2029, ...) and every other non-ASCII one (ruff's RUF001
    refuses look-alikes such as a Cyrillic a; render/escape.py's pyrepr does the same): the
    literal is one token that evaluates to `text`. Black prefers double quotes unless that
    needs more escapes, so we pick the same.
    """
    literal = ascii(text)
    if literal[0] == '"' or text.count('"') > text.count("'"):
        return literal  # repr chose double quotes, or single quotes need fewer escapes
    body = literal[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            pair = body[i : i + 2]
            out.append("'" if pair == "\\'" else pair)
            i += 2
        else:
            out.append('\\"' if char == '"' else char)
            i += 1
    return '"' + "".join(out) + '"'


def py_number(value: int | float) -> Code:
    text = repr(value).replace("e+", "e")  # black writes 1e16, not 1e+16
    return Code(text, Prec.UNARY if text.startswith("-") else Prec.ATOM)


def timestamp_text(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


ARITH_PREC: dict[str, Prec] = {
    "+": Prec.ADD,
    "-": Prec.ADD,
    "*": Prec.MUL,
    "/": Prec.MUL,
    "//": Prec.MUL,
    "%": Prec.MUL,
}


def describe(expr: Expr) -> str:
    """Canonical text of the expression, in the language itself: parse(describe(e)) == e."""
    return _describe(expr).text


def _const_text(const: Const) -> Code:
    value = const.value
    if isinstance(value, bool):
        return Code(repr(value), Prec.ATOM)
    if isinstance(value, int | float):
        return py_number(value)
    if isinstance(value, str):
        return Code(py_str(value), Prec.ATOM)
    if isinstance(value, datetime):
        return Code(f"timestamp({py_str(timestamp_text(value))})", Prec.PRIMARY)
    return Code(f"date({py_str(value.isoformat())})", Prec.PRIMARY)


def _call(fn: str, args: tuple[Expr, ...]) -> Code:
    return Code(f"{fn}({', '.join(_describe(a).at(Prec.TERNARY) for a in args)})", Prec.PRIMARY)


def _describe(expr: Expr) -> Code:
    match expr:
        case FieldRef(name=name):
            return Code(name, Prec.ATOM)
        case Const():
            return _const_text(expr)
        case Neg(operand=x):
            return Code(f"-{_describe(x).at(Prec.PRIMARY)}", Prec.UNARY)
        case Arith(op=op, left=a, right=b):
            prec = ARITH_PREC[op]
            return Code(f"{_describe(a).at(prec)} {op} {_describe(b).at(Prec(prec + 1))}", prec)
        case Compare(op=op, left=a, right=b):
            return Code(f"{_describe(a).at(Prec.ADD)} {op} {_describe(b).at(Prec.ADD)}", Prec.CMP)
        case InList(operand=x, values=values, negated=negated):
            items = ", ".join(_const_text(v).text for v in values)
            word = "not in" if negated else "in"
            return Code(f"{_describe(x).at(Prec.ADD)} {word} [{items}]", Prec.CMP)
        case Between():
            return _call("between", (expr.operand, expr.low, expr.high))
        case IsNull(operand=x, negated=negated):
            word = "is not None" if negated else "is None"
            return Code(f"{_describe(x).at(Prec.ADD)} {word}", Prec.CMP)
        case And(operands=xs):
            return Code(" and ".join(_describe(x).at(Prec.NOT) for x in xs), Prec.AND)
        case Or(operands=xs):
            # `a and b` inside `or` is parenthesised for the reader (and ruff's RUF021)
            return Code(" or ".join(_describe(x).at(Prec.NOT) for x in xs), Prec.OR)
        case Not(operand=x):
            return Code(f"not {_describe(x).at(Prec.NOT)}", Prec.NOT)
        case Call(fn=fn, args=args):
            return _call(fn, args)
        case Matches(operand=x, pattern=pattern):
            return Code(
                f"matches({_describe(x).at(Prec.TERNARY)}, {py_str(pattern)})", Prec.PRIMARY
            )
        case Coalesce(args=args):
            return _call("coalesce", args)
