"""Text to typed tree: Python's own parser, then a whitelist walk that checks names and types."""

from __future__ import annotations

import ast
import difflib
import math
import re
import warnings
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import cast

from ...pyparse import parse_python
from ..schema import FieldType
from .errors import (
    ExpressionError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    ExpressionTypeError,
    UnknownFieldError,
    UnsupportedSyntaxError,
    source_lines,
)
from .python import to_python
from .tree import (
    DATE_PARTS,
    And,
    Arith,
    ArithOp,
    Between,
    Call,
    Coalesce,
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
    StrictFunction,
    fields_read,
    may_be_null,
)

MAX_LENGTH = 2000
MAX_DEPTH = 64
INT64 = 2**63

NUMERIC: tuple[FieldType, ...] = ("int", "float")
ORDERED = ("number", "string", "timestamp", "date")


# Constructs Python parses but the language refuses, with what to write instead.
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (x.y) is not allowed",
    ast.Subscript: "subscripts (x[i]) are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.JoinedStr: "f-strings are not allowed; use concat()",
    ast.FormattedValue: "f-strings are not allowed; use concat()",
    ast.NamedExpr: "assignment expressions (:=) are not allowed",
    ast.Starred: "starred arguments (*x) are not allowed",
    ast.IfExp: "conditional expressions (a if c else b) are not allowed; use coalesce() for defaults",
    ast.Dict: "dict literals are not allowed",
    ast.Set: "a list of constants is only allowed after `in` / `not in`",
    ast.List: "a list of constants is only allowed after `in` / `not in`",
    ast.Tuple: "a list of constants is only allowed after `in` / `not in`",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
}
_REFUSED_OPS: dict[type[ast.AST], str] = {
    ast.BitAnd: "`&` is not allowed; use `and`",
    ast.BitOr: "`|` is not allowed; use `or`",
    ast.BitXor: "`^` is not allowed",
    ast.Pow: "`**` is not allowed",
    ast.MatMult: "`@` is not allowed",
    ast.LShift: "bit shifts are not allowed",
    ast.RShift: "bit shifts are not allowed",
    ast.Invert: "`~` is not allowed; use `not`",
    ast.UAdd: "unary `+` is not allowed",
}
_ARITH: dict[type[ast.operator], ArithOp] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
_COMPARE: dict[type[ast.cmpop], CompareOp] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
# name: (minimum, maximum) argument count
_FUNCTIONS: dict[str, tuple[int, int]] = {
    "contains": (2, 2),
    "startswith": (2, 2),
    "endswith": (2, 2),
    "matches": (2, 2),
    "lower": (1, 1),
    "upper": (1, 1),
    "length": (1, 1),
    "concat": (2, 32),
    "coalesce": (2, 32),
    "round": (1, 2),
    "abs": (1, 1),
    "between": (3, 3),
    "is_null": (1, 1),
    "is_not_null": (1, 1),
    "timestamp": (1, 1),
    "date": (1, 1),
    **dict.fromkeys(DATE_PARTS, (1, 1)),
}
FUNCTION_NAMES = tuple(sorted(_FUNCTIONS))
_NAME_HINTS = {
    "null": "write None",
    "NULL": "write None",
    "true": "write True",
    "false": "write False",
    "TRUE": "write True",
    "FALSE": "write False",
}


def family(t: FieldType) -> str:
    return "number" if t in NUMERIC else t


def _number_type(*types: FieldType) -> FieldType:
    return "float" if "float" in types else "int"


def _is_predicate(expr: Expr) -> bool:
    return isinstance(expr, Compare | InList | Between | IsNull | Matches) or (
        isinstance(expr, Call) and expr.fn in ("contains", "startswith", "endswith")
    )


def parse(
    text: str,
    fields: Mapping[str, FieldType],
    *,
    non_null: Collection[str] = (),
    expect: FieldType | None = None,
) -> Expr:
    """Parse and check `text` against the fields available at this point of the pipeline.

    `non_null` names fields that can never be None here (required input fields): the rendered
    code skips their null checks. `expect` is the type the caller needs (`bool` for a filter);
    an int expression is accepted where a float is expected.
    """
    if not isinstance(text, str):
        raise ExpressionSyntaxError(f"an expression must be text, got {type(text).__name__}")
    source = text.strip()
    if not source:
        raise ExpressionSyntaxError("the expression is empty")
    if len(source) > MAX_LENGTH:
        raise ExpressionSyntaxError(
            f"the expression is {len(source)} characters long; at most {MAX_LENGTH} are accepted"
        )
    tree = _python_ast(source)
    parser = _Parser(source, fields, frozenset(non_null))
    expr = parser.expr(tree.body, 0)
    if (
        expect is not None
        and expr.type != expect
        and not (expect == "float" and expr.type == "int")
    ):
        raise parser.type_error(
            f"the expression must give a {_type_word(expect)} value, this one gives "
            f"{_type_word(expr.type)}",
            tree.body,
        )
    try:  # every accepted expression renders: refuse here what would not
        to_python(expr)
        if expr.type == "bool":
            to_python(expr, mode="condition")
    except ExpressionTooComplexError as exc:
        raise ExpressionTooComplexError(
            exc.reason, source, 1, 0, len(source_lines(source)[0])
        ) from None
    return expr


def _type_word(t: FieldType) -> str:
    return {"bool": "true/false", "int": "integer"}.get(t, t)


def _python_ast(source: str) -> ast.Expression:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes such as '\d' stay as written
            tree = parse_python(source, mode="eval")
            assert isinstance(tree, ast.Expression)
            return tree
    except SyntaxError as exc:
        col = (exc.offset or 1) - 1
        end = (exc.end_offset or 0) - 1 if exc.end_lineno == exc.lineno else None
        reason = f"not a valid expression ({exc.msg}){_syntax_hint(source)}"
        raise ExpressionSyntaxError(reason, source, exc.lineno or 1, col, end) from None
    except (RecursionError, MemoryError):
        raise ExpressionSyntaxError(
            f"the expression is nested too deeply (at most {MAX_DEPTH} levels)"
        ) from None
    except ValueError as exc:  # null bytes in the source
        raise ExpressionSyntaxError(f"not a valid expression ({exc})") from None


def _syntax_hint(source: str) -> str:
    if re.search(r"(?<![=!<>])=(?!=)", source):
        return "; compare with `==`, not `=`"
    if re.search(r"\bbetween\b", source, re.IGNORECASE):
        return "; write between(x, low, high)"
    if "&&" in source or "||" in source:
        return "; use `and` / `or`"
    if re.search(r"!(?!=)", source):
        return "; use `not`"
    if re.search(r"\b(AND|OR|NOT|IS|NULL)\b", source):
        return "; write and / or / not / `x is None` in lower case"
    return ""


class _Parser:
    def __init__(self, text: str, fields: Mapping[str, FieldType], non_null: frozenset[str]):
        self.text = text
        self.fields = fields
        self.non_null = non_null

    # ---- errors ----

    def _error(self, cls: type[ExpressionError], reason: str, node: ast.AST) -> ExpressionError:
        line = getattr(node, "lineno", 1)
        line_text = source_lines(self.text)[line - 1]
        encoded = line_text.encode()

        def column(offset: int | None) -> int | None:
            if offset is None:
                return None
            return len(encoded[:offset].decode(errors="ignore"))  # ast offsets are UTF-8 bytes

        col = column(getattr(node, "col_offset", None))
        same_line = getattr(node, "end_lineno", line) == line
        end = column(getattr(node, "end_col_offset", None)) if same_line else len(line_text)
        return cls(reason, self.text, line, col, end)

    def unsupported(self, reason: str, node: ast.AST) -> ExpressionError:
        return self._error(UnsupportedSyntaxError, reason, node)

    def type_error(self, reason: str, node: ast.AST) -> ExpressionError:
        return self._error(ExpressionTypeError, reason, node)

    def quote(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ast.unparse(node)

    def typed(self, node: ast.AST, expr: Expr) -> str:
        return f"{self.quote(node)} ({_type_word(expr.type)})"

    # ---- the walk ----

    def expr(self, node: ast.AST, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            raise self.unsupported(
                f"the expression is nested too deeply (at most {MAX_DEPTH} levels)", node
            )
        result = self._expr(node, depth + 1)
        if _is_predicate(result) and not fields_read(result):
            raise self.type_error(
                f"{self.quote(node)} involves constants only, so it is always true or always "
                "false; name a field",
                node,
            )
        return result

    def _expr(self, node: ast.AST, depth: int) -> Expr:
        match node:
            case ast.Name(id=name):
                return self.field(node, name)
            case ast.Constant():
                return self.constant(node)
            case ast.BoolOp(op=op, values=values):
                operands = tuple(self.boolean(v, depth) for v in values)
                return And(operands) if isinstance(op, ast.And) else Or(operands)
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return Not(self.boolean(operand, depth))
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                inner = self.number(operand, depth, "unary -")
                if isinstance(inner, Const):
                    value = inner.value
                    assert isinstance(value, int | float)
                    return self.checked_number(-value, node)
                return Neg(inner, inner.type)
            case ast.UnaryOp(op=op) | ast.BinOp(op=op) if type(op) in _REFUSED_OPS:
                raise self.unsupported(_REFUSED_OPS[type(op)], node)
            case ast.BinOp(op=op, left=left, right=right):
                return self.arith(node, _ARITH[type(op)], left, right, depth)
            case ast.Compare():
                return self.compare(node, depth)
            case ast.Call():
                return self.call(node, depth)
        raise self.unsupported(
            _REFUSED_NODES.get(type(node), f"{type(node).__name__} is not part of the language"),
            node,
        )

    def field(self, node: ast.AST, name: str) -> FieldRef:
        if name.startswith("__"):
            raise self.unsupported(f"dunder names such as {name!r} are not allowed", node)
        if name not in self.fields:
            available = ", ".join(self.fields) or "(none)"
            hint = _NAME_HINTS.get(name)
            if hint is None:
                close = difflib.get_close_matches(name, list(self.fields), n=1)
                hint = f"did you mean {close[0]!r}?" if close else ""
            if name in _FUNCTIONS:
                hint = f"{name} is a function: call it as {name}(...)"
            reason = f"unknown field {name!r}" + (f" ({hint})" if hint else "")
            raise self._error(UnknownFieldError, f"{reason}; available fields: {available}", node)
        return FieldRef(name, self.fields[name], nullable=name not in self.non_null)

    def checked_number(self, value: int | float, node: ast.AST) -> Const:
        if isinstance(value, int) and not -INT64 <= value < INT64:
            raise self.type_error("integer constant outside the 64-bit range", node)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.type_error("number constant is not finite", node)
        return Const(value, "int" if isinstance(value, int) else "float")

    def constant(self, node: ast.Constant) -> Const:
        value = node.value
        if value is None:
            raise self.unsupported(
                "None is only allowed in `x is None` / `x is not None` (or is_null(x)); "
                "use coalesce(x, default) for a default",
                node,
            )
        if isinstance(value, bool):
            return Const(value, "bool")
        if isinstance(value, int | float):
            return self.checked_number(value, node)
        if isinstance(value, str):
            return Const(value, "string")
        raise self.unsupported(f"{type(value).__name__} constants are not allowed", node)

    # ---- typed sub-expressions ----

    def boolean(self, node: ast.AST, depth: int) -> Expr:
        expr = self.expr(node, depth)
        if expr.type != "bool":
            raise self.type_error(
                f"and / or / not need true/false operands; {self.typed(node, expr)} is not", node
            )
        return expr

    def number(self, node: ast.AST, depth: int, what: str) -> Expr:
        expr = self.expr(node, depth)
        if expr.type not in NUMERIC:
            hint = (
                "; join strings with concat(a, b)" if expr.type == "string" and what == "+" else ""
            )
            raise self.type_error(
                f"{what} needs numbers; {self.typed(node, expr)} is not a number{hint}", node
            )
        return expr

    def of_type(self, node: ast.AST, depth: int, fn: str, allowed: tuple[FieldType, ...]) -> Expr:
        expr = self.expr(node, depth)
        if expr.type not in allowed:
            articles = {"int": "an integer", "bool": "a true/false value"}
            words = (
                "a number"
                if allowed == NUMERIC
                else " or ".join(articles.get(t, f"a {t}") for t in allowed)
            )
            raise self.type_error(f"{fn}() takes {words}; {self.typed(node, expr)} is not", node)
        return expr

    def arith(self, node: ast.AST, op: ArithOp, left: ast.AST, right: ast.AST, depth: int) -> Expr:
        a = self.number(left, depth, op)
        b = self.number(right, depth, op)
        if op in ("/", "//", "%") and isinstance(b, Const) and b.value == 0:
            raise self.type_error("division by zero", right)
        result: FieldType = "float" if op == "/" else _number_type(a.type, b.type)
        return Arith(op, a, b, result)

    def same_family(self, node: ast.AST, what: str, parts: Sequence[tuple[ast.AST, Expr]]) -> None:
        first_node, first = parts[0]
        if first.type == "json":
            raise self.type_error(
                f"json field {self.quote(first_node)} can only be tested with `is None`", first_node
            )
        for other_node, other in parts[1:]:
            if family(other.type) != family(first.type):
                raise self.type_error(
                    f"cannot {what} {self.typed(first_node, first)} with "
                    f"{self.typed(other_node, other)}",
                    node,
                )

    def compare(self, node: ast.Compare, depth: int) -> Expr:
        nodes = [node.left, *node.comparators]
        for operand in nodes:
            if (
                isinstance(operand, ast.Constant)
                and operand.value is None
                and not all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops)
            ):
                raise self.unsupported("compare with None using `x is None`", operand)
        if len(node.ops) == 1:
            op = node.ops[0]
            if isinstance(op, ast.In | ast.NotIn):
                return self.membership(node, isinstance(op, ast.NotIn), depth)
            if isinstance(op, ast.Is | ast.IsNot):
                return self.null_test(node, isinstance(op, ast.IsNot), depth)
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.unsupported(
                    "`in` / `is` cannot be chained with other comparisons; split with `and`", node
                )
        operands = [self.expr(n, depth) for n in nodes]
        tests: list[Expr] = []
        for i, op in enumerate(node.ops):
            words = _COMPARE[type(op)]
            pair = [(nodes[i], operands[i]), (nodes[i + 1], operands[i + 1])]
            self.same_family(node, "compare", pair)
            if words not in ("==", "!=") and family(operands[i].type) not in ORDERED:
                raise self.type_error(
                    f"{words} needs numbers, strings, timestamps or dates; "
                    f"{self.typed(nodes[i], operands[i])} cannot be ordered",
                    node,
                )
            test = Compare(words, operands[i], operands[i + 1])
            if operands[i] == operands[i + 1]:
                raise self.type_error(f"{self.quote(node)} compares a value with itself", node)
            if not fields_read(test):
                raise self.type_error(
                    f"{self.quote(node)} compares constants only, so it is always true or "
                    "always false; name a field",
                    node,
                )
            tests.append(test)
        return tests[0] if len(tests) == 1 else And(tuple(tests))

    def membership(self, node: ast.Compare, negated: bool, depth: int) -> Expr:
        operand = self.expr(node.left, depth)
        container = node.comparators[0]
        if not isinstance(container, ast.List | ast.Tuple | ast.Set):
            raise self.unsupported(
                "`in` needs a list of constants such as ['a', 'b']; "
                "for a substring test use contains(text, part)",
                container,
            )
        if not container.elts:
            raise self.type_error("the list after `in` is empty", container)
        values: list[Const] = []
        for element in container.elts:
            const = self.literal(element)
            self.same_family(node, "compare", [(node.left, operand), (element, const)])
            if const.value not in [v.value for v in values]:
                values.append(const)
        return InList(operand, tuple(values), negated)

    def literal(self, node: ast.AST) -> Const:
        """A constant: literal, negative number, timestamp('...') or date('...')."""
        if isinstance(node, ast.Constant):
            if node.value is None:
                raise self.unsupported("None cannot be in the list; test it with `x is None`", node)
            return self.constant(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.Constant) and type(inner.value) in (int, float):
                assert isinstance(inner.value, int | float)
                return self.checked_number(-inner.value, node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("timestamp", "date")
        ):
            expr = self.call(node, 0)
            assert isinstance(expr, Const)
            return expr
        raise self.unsupported("only constants are allowed in the list after `in`", node)

    def null_test(self, node: ast.Compare, negated: bool, depth: int) -> Expr:
        right = node.comparators[0]
        if not (isinstance(right, ast.Constant) and right.value is None):
            raise self.unsupported(
                "`is` / `is not` only test None: write `x is None`; compare values with ==", node
            )
        if isinstance(node.left, ast.Constant) and node.left.value is None:
            raise self.unsupported("write `x is None` with a field or expression as x", node)
        return self.checked_null_test(node, self.expr(node.left, depth), negated)

    def checked_null_test(self, node: ast.AST, operand: Expr, negated: bool) -> Expr:
        if not isinstance(operand, FieldRef) and not may_be_null(operand):
            raise self.type_error(
                f"{self.quote(node)} is always {'true' if negated else 'false'}: "
                "the tested expression can never be None here",
                node,
            )
        return IsNull(operand, negated)

    # ---- function calls ----

    def call(self, node: ast.Call, depth: int) -> Expr:
        func = node.func
        if isinstance(func, ast.Attribute):
            raise self.unsupported(
                "attribute access (x.y) is not allowed; call a function such as upper(x)", func
            )
        if not isinstance(func, ast.Name):
            raise self.unsupported("only the language's functions can be called", func)
        name = func.id
        if name not in _FUNCTIONS:
            raise self.unsupported(
                f"unknown function {name!r}; the functions are: {', '.join(FUNCTION_NAMES)}",
                func,
            )
        if node.keywords:
            raise self.unsupported("keyword arguments are not allowed", node.keywords[0])
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.unsupported(_REFUSED_NODES[ast.Starred], arg)
        low, high = _FUNCTIONS[name]
        count = len(node.args)
        if not low <= count <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise self.unsupported(f"{name}() takes {wanted} arguments, got {count}", node)
        args = node.args
        if name in ("timestamp", "date"):
            return self.date_constant(node, name)
        if name == "matches":
            return self.matches(node, depth)
        if name in ("is_null", "is_not_null"):
            return self.checked_null_test(node, self.expr(args[0], depth), name == "is_not_null")
        if name == "between":
            parts = [(a, self.expr(a, depth)) for a in args]
            self.same_family(node, "compare", parts)
            if family(parts[0][1].type) not in ORDERED:
                raise self.type_error(f"between() cannot order {self.typed(*parts[0])}", node)
            if parts[0][1] in (parts[1][1], parts[2][1]):
                raise self.type_error(f"{self.quote(node)} compares a value with itself", node)
            return Between(parts[0][1], parts[1][1], parts[2][1])
        if name == "coalesce":
            parts = [(a, self.expr(a, depth)) for a in args]
            self.same_family(node, "combine", parts)
            for arg_node, value in parts[:-1]:
                if not may_be_null(value):
                    raise self.type_error(
                        f"{self.quote(arg_node)} is never None here, so the coalesce() "
                        "arguments after it are never used",
                        arg_node,
                    )
            types = [e.type for _, e in parts]
            result = _number_type(*types) if types[0] in NUMERIC else types[0]
            return Coalesce(tuple(e for _, e in parts), result)
        return self.strict_call(node, name, depth)

    def strict_call(self, node: ast.Call, name: str, depth: int) -> Expr:
        args = node.args
        fn = cast(StrictFunction, name)
        if name in ("contains", "startswith", "endswith"):
            parts = tuple(self.of_type(a, depth, name, ("string",)) for a in args)
            return Call(fn, parts, "bool")
        if name in ("lower", "upper", "length"):
            text = self.of_type(args[0], depth, name, ("string",))
            return Call(fn, (text,), "int" if name == "length" else "string")
        if name == "concat":
            parts = tuple(self.of_type(a, depth, name, ("string", "int")) for a in args)
            return Call("concat", parts, "string")
        if name == "abs":
            x = self.of_type(args[0], depth, name, NUMERIC)
            return Call("abs", (x,), x.type)
        if name == "round":
            x = self.of_type(args[0], depth, name, NUMERIC)
            digits = self.literal(args[1]) if len(args) == 2 else Const(0, "int")
            if not (
                isinstance(digits.value, int) and digits.type == "int" and -15 <= digits.value <= 15
            ):
                raise self.type_error(
                    "round()'s second argument must be an integer constant from -15 to 15",
                    args[1],
                )
            return Call("round", (x, digits), x.type)
        allowed: tuple[FieldType, ...] = (
            ("timestamp",) if name in ("hour", "minute") else ("timestamp", "date")
        )
        value = self.of_type(args[0], depth, name, allowed)
        return Call(fn, (value,), "int")

    def date_constant(self, node: ast.Call, name: str) -> Const:
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise self.unsupported(f"{name}() takes a quoted ISO 8601 text constant", arg)
        try:
            if name == "date":
                return Const(date.fromisoformat(arg.value), "date")
            parsed = datetime.fromisoformat(arg.value)
        except ValueError:
            raise self.type_error(
                f"{arg.value!r} is not an ISO 8601 {'date' if name == 'date' else 'timestamp'}",
                arg,
            ) from None
        aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return Const(aware.astimezone(UTC), "timestamp")

    def matches(self, node: ast.Call, depth: int) -> Expr:
        text = self.of_type(node.args[0], depth, "matches", ("string",))
        pattern = node.args[1]
        if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
            raise self.unsupported(
                "matches() takes the regular expression as a quoted constant", pattern
            )
        try:
            re.compile(pattern.value)
        except re.error as exc:
            raise self.type_error(f"invalid regular expression: {exc}", pattern) from None
        return Matches(text, pattern.value)
