"""Render a checked tree as a Python expression over a record dict.

Null handling is explicit and only where a value can be None: each strict node has *guards*,
the conditions under which none of its inputs is None (and no divisor is zero). Under its
guards a node renders as plain Python (`row["price"] * row["qty"]`); as a value it becomes
`None if <a guard fails> else <plain>`; as a condition `<guards hold> and <plain test>`.
A boolean is rendered two ways, "is true" and "is false", so that `not`, `and` and `or`
keep SQL's three-valued logic without helper functions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from .tree import (
    ARITH_PREC,
    And,
    Arith,
    Between,
    Call,
    Coalesce,
    Code,
    Compare,
    CompareOp,
    Const,
    Expr,
    FieldRef,
    InList,
    IsNull,
    Matches,
    Neg,
    Not,
    Or,
    Prec,
    may_be_null,
    py_number,
    py_str,
)

Import = tuple[str, str | None]  # ("re", None) is `import re`; ("datetime", "UTC") a from-import
_ROW = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_MIRROR: dict[CompareOp, CompareOp] = {
    "==": "==",
    "!=": "!=",
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
}
_FLIP: dict[CompareOp, CompareOp] = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
}


@dataclass(frozen=True)
class PythonRendering:
    """A Python expression and what the module around it must define.

    `constants` maps a module-level name to its defining source (`PATTERN_1A2B3C4D =
    re.compile(...)`); names derive from the content, so two renderings that use one name define
    it identically and can be merged with dict.update. `imports` are (module, name) pairs,
    name None for a plain `import module`.
    """

    code: str
    constants: dict[str, str] = field(default_factory=dict)
    imports: frozenset[Import] = frozenset()


@dataclass(frozen=True, slots=True)
class _Guard:
    holds: Code
    fails: Code


def _null_guard(code: str) -> _Guard:
    return _Guard(Code(f"{code} is not None", Prec.CMP), Code(f"{code} is None", Prec.CMP))


def to_python(
    expr: Expr, row: str = "row", *, mode: Literal["value", "condition"] = "value"
) -> PythonRendering:
    """`expr` as Python source over the record dict named `row` (a name or dotted path).

    mode="value" gives the value, None for null; mode="condition" (booleans only) gives a plain
    bool that is True exactly when the value is True, which is what a filter keeps.
    """
    if not _ROW.match(row):
        raise ValueError(f"row must be a Python name or dotted path, got {row!r}")
    renderer = _Renderer(row)
    normal = _normalize(expr)
    if mode == "condition":
        if expr.type != "bool":
            raise ValueError(f"a condition needs a true/false expression, this one is {expr.type}")
        code = renderer.true(normal)
    else:
        code = renderer.value(normal)
    return PythonRendering(
        code.text, dict(sorted(renderer.constants.items())), frozenset(renderer.imports)
    )


def _normalize(expr: Expr) -> Expr:
    """Rewrites with the same three-valued result, to code that reads (and lints) better:
    `flag == True` is `flag`, `flag == False` is `not flag`, `-(-x)` is `x`, `5 < x` is
    `x > 5`, `x == 1 or x == 2` is `x in {1, 2}`, and a between() with a bound that can be
    None is `x >= low and x <= high`."""
    match expr:
        case Compare(op="==" | "!=" as op, left=a, right=b) if a.type == "bool":
            for x, other in ((a, b), (b, a)):
                if isinstance(other, Const) and isinstance(other.value, bool):
                    inner = _normalize(x)
                    return inner if other.value == (op == "==") else Not(inner)
            return Compare(op, _normalize(a), _normalize(b))
        case FieldRef() | Const():
            return expr
        case Neg(operand=Neg(operand=x)):
            return _normalize(x)  # `-(-x)` is x, and ruff reads it as a typo (B002)
        case Neg(operand=x, type=t):
            return Neg(_normalize(x), t)
        case Arith(op=op, left=a, right=b, type=t):
            return Arith(op, _normalize(a), _normalize(b), t)
        case Compare(op=op, left=Const() as a, right=b) if not isinstance(b, Const):
            return Compare(_MIRROR[op], _normalize(b), a)  # no Yoda conditions (ruff SIM300)
        case Compare(op=op, left=a, right=b):
            return Compare(op, _normalize(a), _normalize(b))
        case InList(operand=x, values=values, negated=negated):
            return InList(_normalize(x), values, negated)
        case Between(operand=x, low=lo, high=hi) if may_be_null(lo) or may_be_null(hi):
            # `x >= lo and x <= hi`: false when one bound fails even if the other is null
            x = _normalize(x)
            return And((Compare(">=", x, _normalize(lo)), Compare("<=", x, _normalize(hi))))
        case Between(operand=x, low=lo, high=hi):
            return Between(_normalize(x), _normalize(lo), _normalize(hi))
        case IsNull(operand=x, negated=negated):
            return IsNull(_normalize(x), negated)
        case And(operands=xs):
            return _merge_equalities([_normalize(x) for x in xs], "!=", And)
        case Or(operands=xs):
            return _merge_equalities([_normalize(x) for x in xs], "==", Or)
        case Not(operand=x):
            return Not(_normalize(x))
        case Call(fn=fn, args=args, type=t):
            return Call(fn, tuple(_normalize(a) for a in args), t)
        case Matches(operand=x, pattern=pattern):
            return Matches(_normalize(x), pattern)
        case Coalesce(args=args, type=t):
            return Coalesce(tuple(_normalize(a) for a in args), t)


def _merge_equalities(operands: list[Expr], op: str, node: type[And | Or]) -> Expr:
    """`x == 1 or x == 2` is `x in {1, 2}`, `x != 1 and x != 2` is `x not in {1, 2}`: the same
    three-valued result, and the form ruff asks for (PLR1714)."""
    groups: dict[Expr, list[Const]] = {}
    for x in operands:
        if isinstance(x, Compare) and x.op == op and isinstance(x.right, Const):
            groups.setdefault(x.left, []).append(x.right)
    merged: list[Expr] = []
    done: set[Expr] = set()
    for x in operands:
        key = (
            x.left if isinstance(x, Compare) and x.op == op and isinstance(x.right, Const) else None
        )
        if key is None or len(groups[key]) == 1:
            merged.append(x)
        elif key not in done:
            done.add(key)
            values = groups[key]
            unique = [
                v for i, v in enumerate(values) if v.value not in [u.value for u in values[:i]]
            ]
            merged.append(InList(key, tuple(unique), negated=op == "!="))
    return merged[0] if len(merged) == 1 else node(tuple(merged))


def _strict(expr: Expr) -> bool:
    return isinstance(
        expr, FieldRef | Const | Neg | Arith | Compare | InList | Between | Call | Matches
    )


class _Renderer:
    def __init__(self, row: str) -> None:
        self.row = row
        self.constants: dict[str, str] = {}
        self.imports: set[Import] = set()
        # each subtree renders once (rendering is context-free)
        self.memo: dict[tuple[str, Expr], Code] = {}
        self.memo_guards: dict[Expr, list[_Guard]] = {}

    # ---- null analysis ----

    def nullable(self, expr: Expr) -> bool:
        return may_be_null(expr)

    def guards(self, expr: Expr) -> list[_Guard]:
        """Conditions, in evaluation order, that all hold exactly when `expr` is not None."""
        if expr not in self.memo_guards:
            self.memo_guards[expr] = self._guards(expr)
        return self.memo_guards[expr]

    def _guards(self, expr: Expr) -> list[_Guard]:
        if isinstance(expr, FieldRef):
            return [_null_guard(self.field(expr.name).text)] if expr.nullable else []
        if not self.nullable(expr):
            return []
        if isinstance(expr, Coalesce):
            # not None when one of the arguments is not None (all of them may be, here)
            each = [self.guards(a) for a in expr.args]
            holds = _any(_all(g.holds for g in guards) for guards in each)
            fails = _all(_any(g.fails for g in guards) for guards in each)
            return [_Guard(holds, fails)]
        if not _strict(expr):
            return [_null_guard(self.value(expr).at(Prec.ADD))]
        found: list[_Guard] = []
        for child in _operands(expr):
            for guard in self.guards(child):
                if guard.holds.text not in [g.holds.text for g in found]:
                    found.append(guard)
        if (
            isinstance(expr, Arith)
            and expr.op in ("/", "//", "%")
            and not isinstance(expr.right, Const)
        ):
            divisor = self.plain(expr.right).at(Prec.ADD)
            found.append(
                _Guard(Code(f"{divisor} != 0", Prec.CMP), Code(f"{divisor} == 0", Prec.CMP))
            )
        return found

    # ---- values ----

    def value(self, expr: Expr) -> Code:
        """The expression's value, None for null."""
        key = ("value", expr)
        if key not in self.memo:
            self.memo[key] = self._value(expr)
        return self.memo[key]

    def _value(self, expr: Expr) -> Code:
        if isinstance(expr, FieldRef):
            return self.field(expr.name)
        if _strict(expr):
            guards = self.guards(expr)
            if not guards:
                return self.plain(expr)
            fails = _any(g.fails for g in guards).at(Prec.OR)
            return Code(f"None if {fails} else {self.plain(expr).at(Prec.TERNARY)}", Prec.TERNARY)
        match expr:
            case IsNull():
                return self.true(expr)
            case Coalesce(args=args):
                return self.coalesce(args)
        # and / or / not
        if not self.nullable(expr):
            return self.true(expr)
        if isinstance(expr, Not) and _strict(expr.operand):
            guards = self.guards(expr.operand)
            fails = _any(g.fails for g in guards).at(Prec.OR)
            return Code(
                f"None if {fails} else {self.plain_false(expr.operand).at(Prec.TERNARY)}",
                Prec.TERNARY,
            )
        is_true = self.true(expr).at(Prec.OR)
        is_false = self.false(expr).at(Prec.OR)
        return Code(f"True if {is_true} else False if {is_false} else None", Prec.TERNARY)

    def coalesce(self, args: tuple[Expr, ...]) -> Code:
        # first argument that cannot be None ends the chain: later ones are never reached
        chain: list[Expr] = []
        for arg in args:
            chain.append(arg)
            if not self.nullable(arg):
                break
        code = self.value(chain[-1])
        for arg in reversed(chain[:-1]):
            holds = _all(g.holds for g in self.guards(arg)).at(Prec.OR)
            code = Code(
                f"{self.plain(arg).at(Prec.OR)} if {holds} else {code.at(Prec.TERNARY)}",
                Prec.TERNARY,
            )
        return code

    def field(self, name: str) -> Code:
        return Code(f"{self.row}[{py_str(name)}]", Prec.PRIMARY)

    def const(self, const: Const) -> Code:
        value = const.value
        if isinstance(value, bool):
            return Code(repr(value), Prec.ATOM)
        if isinstance(value, int | float):
            return py_number(value)
        if isinstance(value, str):
            return Code(py_str(value), Prec.ATOM)
        if isinstance(value, datetime):
            self.imports |= {("datetime", "datetime"), ("datetime", "UTC")}
            parts = [value.year, value.month, value.day]
            clock = [value.hour, value.minute, value.second, value.microsecond]
            while clock and clock[-1] == 0:
                clock.pop()
            args = ", ".join(str(p) for p in parts + clock)
            return Code(f"datetime({args}, tzinfo=UTC)", Prec.PRIMARY)
        assert isinstance(value, date)
        self.imports.add(("datetime", "date"))
        return Code(f"date({value.year}, {value.month}, {value.day})", Prec.PRIMARY)

    def plain(self, expr: Expr) -> Code:
        """The value when all of the node's guards hold (no None operand); for non-strict
        nodes, their value."""
        key = ("plain", expr)
        if key not in self.memo:
            self.memo[key] = self._plain(expr)
        return self.memo[key]

    def _plain(self, expr: Expr) -> Code:
        match expr:
            case FieldRef(name=name):
                return self.field(name)
            case Const():
                return self.const(expr)
            case Neg(operand=x):
                return Code(f"-{self.plain(x).at(Prec.PRIMARY)}", Prec.UNARY)
            case Arith(op=op, left=a, right=b):
                prec = ARITH_PREC[op]
                left = self.plain(a).at(prec)
                return Code(f"{left} {op} {self.plain(b).at(Prec(prec + 1))}", prec)
            case Call(fn=fn, args=args):
                return self.call(fn, args)
            case Compare() | InList() | Between() | Matches():
                return self.plain_true(expr)
        return self.value(expr)

    def call(self, fn: str, args: tuple[Expr, ...]) -> Code:
        parts = [self.plain(a) for a in args]
        match fn:
            case "contains":
                return Code(f"{parts[1].at(Prec.ADD)} in {parts[0].at(Prec.ADD)}", Prec.CMP)
            case "startswith" | "endswith":
                return Code(f"{parts[0].at(Prec.PRIMARY)}.{fn}({parts[1].text})", Prec.PRIMARY)
            case "lower" | "upper":
                return Code(f"{parts[0].at(Prec.PRIMARY)}.{fn}()", Prec.PRIMARY)
            case "length":
                return Code(f"len({parts[0].text})", Prec.PRIMARY)
            case "abs":
                return Code(f"abs({parts[0].text})", Prec.PRIMARY)
            case "round":
                return Code(f"round({parts[0].text}, {parts[1].text})", Prec.PRIMARY)
            case "concat":
                texts = [
                    f"str({part.text})" if arg.type == "int" else part.at(Prec.MUL)
                    for arg, part in zip(args, parts, strict=True)
                ]
                return Code(" + ".join(texts), Prec.ADD)
        value = parts[0].at(Prec.PRIMARY)
        if args[0].type == "timestamp":
            self.imports.add(("datetime", "UTC"))
            value = f"{value}.astimezone(UTC)"
        if fn == "day_of_week":
            return Code(f"{value}.isoweekday()", Prec.PRIMARY)
        return Code(f"{value}.{fn}", Prec.PRIMARY)

    # ---- tests: the plain form of a strict boolean node, and its negation ----

    def pattern(self, pattern: str) -> str:
        digest = hashlib.sha256(pattern.encode()).hexdigest()[:8].upper()
        name = f"PATTERN_{digest}"
        self.constants[name] = f"re.compile({py_str(pattern)})"
        self.imports.add(("re", None))
        return name

    def plain_true(self, expr: Expr) -> Code:
        match expr:
            case Compare(op=op, left=a, right=b):
                return Code(
                    f"{self.plain(a).at(Prec.ADD)} {op} {self.plain(b).at(Prec.ADD)}", Prec.CMP
                )
            case InList(operand=x, values=values, negated=negated):
                items = ", ".join(self.const(v).text for v in values)
                word = "not in" if negated else "in"
                return Code(f"{self.plain(x).at(Prec.ADD)} {word} {{{items}}}", Prec.CMP)
            case Between(operand=x, low=lo, high=hi):
                parts = [self.plain(e).at(Prec.ADD) for e in (lo, x, hi)]
                return Code(" <= ".join(parts), Prec.CMP)
            case Matches(operand=x, pattern=pattern):
                text = self.plain(x).text
                return Code(f"{self.pattern(pattern)}.search({text}) is not None", Prec.CMP)
        code = self.plain(expr)  # a bool field, constant or function
        return code

    def plain_false(self, expr: Expr) -> Code:
        match expr:
            case Compare(op=op, left=a, right=b) if op in ("==", "!=") or "float" not in (
                a.type,
                b.type,
            ):
                # flipping an ordering is exact except for NaN, which only floats hold
                flipped = _FLIP[op]
                return Code(
                    f"{self.plain(a).at(Prec.ADD)} {flipped} {self.plain(b).at(Prec.ADD)}", Prec.CMP
                )
            case InList(operand=x, values=values, negated=negated):
                return self.plain_true(InList(x, values, not negated))
            case Matches(operand=x, pattern=pattern):
                text = self.plain(x).text
                return Code(f"{self.pattern(pattern)}.search({text}) is None", Prec.CMP)
            case Call(fn="contains", args=(text, part)):
                return Code(
                    f"{self.plain(part).at(Prec.ADD)} not in {self.plain(text).at(Prec.ADD)}",
                    Prec.CMP,
                )
        return Code(f"not {self.plain_true(expr).at(Prec.NOT)}", Prec.NOT)

    # ---- conditions: plain bools saying "the value is True" / "the value is False" ----

    def true(self, expr: Expr) -> Code:
        key = ("true", expr)
        if key not in self.memo:
            self.memo[key] = self._true(expr)
        return self.memo[key]

    def false(self, expr: Expr) -> Code:
        key = ("false", expr)
        if key not in self.memo:
            self.memo[key] = self._false(expr)
        return self.memo[key]

    def _true(self, expr: Expr) -> Code:
        match expr:
            case And(operands=xs):
                return _all(self.true(x) for x in xs)
            case Or(operands=xs):
                return _any(self.true(x) for x in xs)
            case Not(operand=x):
                return self.false(x)
            case IsNull(operand=x, negated=negated):
                return self.null_test(x, not negated)
        return self.test(expr, self.plain_true(expr) if _strict(expr) else None, True)

    def _false(self, expr: Expr) -> Code:
        match expr:
            case And(operands=xs):
                return _any(self.false(x) for x in xs)
            case Or(operands=xs):
                return _all(self.false(x) for x in xs)
            case Not(operand=x):
                return self.true(x)
            case IsNull(operand=x, negated=negated):
                return self.null_test(x, negated)
        return self.test(expr, self.plain_false(expr) if _strict(expr) else None, False)

    def test(self, expr: Expr, plain: Code | None, wanted: bool) -> Code:
        """Guards, then the plain test; for a non-strict boolean (coalesce), `is True/False`."""
        if plain is None:
            value = self.value(expr)
            if not self.nullable(expr):
                return value if wanted else Code(f"not {value.at(Prec.NOT)}", Prec.NOT)
            return Code(f"{value.at(Prec.ADD)} is {wanted}", Prec.CMP)
        if isinstance(expr, FieldRef) and expr.nullable:
            return Code(f"{self.field(expr.name).text} is {wanted}", Prec.CMP)
        guards = self.guards(expr)
        if not guards:
            return plain
        return _all([*(g.holds for g in guards), plain])

    def null_test(self, expr: Expr, is_null: bool) -> Code:
        """`expr is None` (or not), as exactly the failure of its guards where it has some."""
        guards = self.guards(expr)
        if (
            not guards
            or isinstance(expr, FieldRef)
            or not (_strict(expr) or isinstance(expr, Coalesce))
        ):
            word = "is None" if is_null else "is not None"
            return Code(f"{self.value(expr).at(Prec.ADD)} {word}", Prec.CMP)
        return _any(g.fails for g in guards) if is_null else _all(g.holds for g in guards)


def _all(codes: Iterable[Code]) -> Code:
    """Conjunction; a part already tested earlier (a repeated null check) is left out."""
    parts: list[Code] = []
    for code in codes:
        for part in [Code(c, Prec.CMP) for c in code.conjuncts] or [code]:
            if part.text not in [p.text for p in parts]:
                parts.append(part)
    if len(parts) == 1:
        return parts[0]
    texts = tuple(p.at(Prec.AND) for p in parts)
    return Code(" and ".join(texts), Prec.AND, texts)


def _any(codes: Iterable[Code]) -> Code:
    # `a and b` inside `or` is parenthesised for the reader (and ruff's RUF021)
    codes = list(codes)
    if len(codes) == 1:
        return codes[0]
    parts = [
        c.text if c.prec in (Prec.OR, *range(Prec.NOT, Prec.ATOM + 1)) else f"({c.text})"
        for c in codes
    ]
    return Code(" or ".join(parts), Prec.OR)


def _operands(expr: Expr) -> tuple[Expr, ...]:
    match expr:
        case Neg(operand=x) | Matches(operand=x) | InList(operand=x):
            return (x,)
        case Arith(left=a, right=b) | Compare(left=a, right=b):
            return (a, b)
        case Between(operand=x, low=lo, high=hi):
            return (x, lo, hi)
        case Call(args=args):
            return args
    return ()
