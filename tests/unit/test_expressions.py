"""The expression language: what it accepts and computes, what it refuses, and that the Python
it renders computes exactly what the reference evaluator says, whatever the constants hold."""

import ast
import contextlib
import functools
import importlib
import math
import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from types import CodeType
from typing import Any

import black
import jinja2
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.render.quality import _ruff, finish_python
from generator.spec.expressions import (
    And,
    Arith,
    Between,
    Call,
    Coalesce,
    Compare,
    Const,
    Expr,
    ExpressionError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    ExpressionTypeError,
    FieldRef,
    InList,
    IsNull,
    Matches,
    Neg,
    Not,
    Or,
    PythonRendering,
    SqlUnsupportedError,
    UnknownFieldError,
    UnsupportedSyntaxError,
    describe,
    evaluate,
    fields_read,
    may_be_null,
    parse,
    py_str,
    result_type,
    sql_string,
    to_python,
    to_sql,
)

FIELDS: dict[str, Any] = {
    "amount": "float",
    "qty": "int",
    "price": "float",
    "name": "string",
    "country": "string",
    "vip": "bool",
    "ts": "timestamp",
    "day": "date",
    "payload": "json",
}
NON_NULL = {"name", "qty"}
ROW: dict[str, Any] = {
    "amount": 250.5,
    "qty": 3,
    "price": 12.5,
    "name": "Alice O'Hara",
    "country": "US",
    "vip": True,
    # 23:30 at UTC-02:00 is 01:30 UTC on the next day, a Tuesday
    "ts": datetime(2024, 6, 3, 23, 30, tzinfo=timezone(timedelta(hours=-2))),
    "day": date(2024, 6, 2),
    "payload": {"k": 1},
}
NULLS = {**ROW, "amount": None, "price": None, "country": None, "vip": None, "ts": None}


def namespace(rendering: PythonRendering) -> dict[str, Any]:
    """Exactly what the rendering says the module needs: its imports and constants."""
    names: dict[str, Any] = {}
    for module, name in rendering.imports:
        imported = importlib.import_module(module)
        names[name or module] = getattr(imported, name) if name else imported
    for name, source in rendering.constants.items():
        names[name] = eval(source, names)
    return names


def strict_compile(code: str) -> CodeType:
    """Compile, failing on any SyntaxWarning (`x is 1`, invalid escapes, ...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return compile(code, "<expr>", "eval")


def run(expr: Expr, row: dict[str, Any], mode: str = "value") -> Any:
    rendering = to_python(expr, mode=mode)  # type: ignore[arg-type]
    return eval(strict_compile(rendering.code), namespace(rendering), {"row": row})


# text, expected on ROW, expected on NULLS (amount, price, country, vip, ts are None)
ACCEPTED: list[tuple[str, Any, Any]] = [
    ("amount > 100", True, None),
    ("amount >= 250.5 and country == 'US'", True, None),
    ("qty > 1000 and country == 'US'", False, False),  # False and null is False
    ("amount > 1000 or qty == 3", True, True),  # null or True is True
    ("not amount > 100", False, None),
    ("not (amount > 100 or qty > 5)", False, None),
    ("0 < qty <= 3", True, True),
    ("qty == 1 or qty == 3", True, True),
    ("qty != 1 and qty != 3", False, False),
    ("country in ('US', 'CA')", True, None),
    ("country not in ['US', 'CA']", False, None),
    ("qty in {1, 2, 3.0}", True, True),
    ("between(qty, 1, 3)", True, True),
    ("between(amount, 300, 400)", False, None),
    ("between(amount, price, 300)", True, None),
    ("between(qty, price, 2)", False, False),  # null low bound, failed high bound: false
    ("not between(qty, price, 2)", True, True),
    ("amount is None", False, True),
    ("amount is not None", True, False),
    ("is_null(price * qty)", False, True),
    ("is_not_null(payload)", True, True),
    ("qty is None", False, False),  # a required field may be tested all the same
    ("price * qty", 37.5, None),
    ("price * qty + amount / 2", 162.75, None),
    ("qty // 2", 1, 1),
    ("qty % 2", 1, 1),
    ("-qty * 2", -6, -6),
    ("- -qty", 3, 3),
    ("qty / 2", 1.5, 1.5),
    ("amount / (qty - 3)", None, None),  # division by zero is null
    ("qty % (qty - 3)", None, None),
    ("coalesce(amount, price, 0)", 250.5, 0),
    ("coalesce(amount, 0) * 2", 501.0, 0),
    ("coalesce(country, 'unknown')", "US", "unknown"),
    ("round(amount / 7, 2)", 35.79, None),
    ("round(qty * 1234, -2)", 3700, 3700),
    ("round(amount)", 250.0, None),
    ("abs(qty - 10)", 7, 7),
    ("lower(name)", "alice o'hara", "alice o'hara"),
    ("upper(country)", "US", None),
    ("length(name)", 12, 12),
    ("concat(name, ' x', qty)", "Alice O'Hara x3", "Alice O'Hara x3"),
    ("concat(country, '-', name)", "US-Alice O'Hara", None),
    ("contains(lower(name), 'hara')", True, True),
    ("startswith(name, 'Al') and endswith(name, 'ra')", True, True),
    ("matches(name, '^A[a-z]+ O')", True, True),
    (r"matches(name, '\d')", False, False),
    ("year(ts) == 2024 and month(ts) == 6 and day(ts) == 4", True, None),
    ("hour(ts) * 60 + minute(ts)", 90, None),
    ("day_of_week(ts)", 2, None),
    ("day_of_week(day)", 7, 7),
    ("year(day)", 2024, 2024),
    ("ts >= timestamp('2024-06-04T01:00:00Z')", True, None),
    ("ts < timestamp('2024-06-04T03:00:00+02:00')", False, None),  # 01:00 UTC
    ("day == date('2024-06-02')", True, True),
    ("ts in [timestamp('2024-06-04T01:30:00')]", True, None),
    ("vip", True, None),
    ("not vip", False, None),
    ("vip == False", False, None),
    ("vip != True or qty > 2", True, True),
    ("vip and amount > 100", True, None),
    ("coalesce(vip, False)", True, False),
    ("coalesce(vip, False) and qty > 1", True, False),
    ("'US'", "US", "US"),  # a constant is a fine computed value
    ("name == 'it''s'", False, False),  # adjacent literals concatenate, as in Python
    ('name == "Alice O\'Hara"', True, True),
    ("name > 'A' and name < 'B'", True, True),
    ("(amount > 100) == (qty > 2)", True, None),
    ("100 < amount", True, None),
    ("not qty < 3", True, True),
    ("not amount <= 250.5", False, None),
    ("coalesce(amount, price) > 1", True, None),
    ("is_null(coalesce(amount, price))", False, True),
    ("coalesce(amount / (qty - 3), price, -1.5)", 12.5, -1.5),
]

# text, error class, fragment the message must contain
REFUSED: list[tuple[str, type[ExpressionError], str]] = [
    ("", ExpressionSyntaxError, "empty"),
    ("amount >", ExpressionSyntaxError, "not a valid expression"),
    ("amount = 5", ExpressionSyntaxError, "compare with `==`"),
    ("amount between 1 and 5", ExpressionSyntaxError, "between(x, low, high)"),
    ("amount > 1 && qty > 1", ExpressionSyntaxError, "use `and` / `or`"),
    ("amount > 1 AND qty > 1", ExpressionSyntaxError, "lower case"),
    ("x" * 2001, ExpressionSyntaxError, "at most 2000"),
    ("-" * 1500 + "qty", UnsupportedSyntaxError, "nested too deeply"),
    ("(" * 300 + "qty" + ")" * 300, ExpressionSyntaxError, "not a valid expression"),
    ("+".join(["qty"] * 70), UnsupportedSyntaxError, "nested too deeply"),
    ("amout > 5", UnknownFieldError, "unknown field 'amout' (did you mean 'amount'?)"),
    ("total > 5", UnknownFieldError, "available fields: amount, qty, price"),
    ("amount is null", UnsupportedSyntaxError, "write `x is None`"),
    ("vip == true", UnknownFieldError, "write True"),
    ("lower > 5", UnknownFieldError, "lower is a function"),
    ("__class__", UnsupportedSyntaxError, "dunder"),
    ("name.upper()", UnsupportedSyntaxError, "attribute access"),
    ("amount.real > 1", UnsupportedSyntaxError, "attribute access"),
    ("name[0] == 'A'", UnsupportedSyntaxError, "subscripts"),
    ("name[1:]", UnsupportedSyntaxError, "subscripts"),
    ("(lambda: 1)()", UnsupportedSyntaxError, "only the language's functions"),
    ("lambda: 1", UnsupportedSyntaxError, "lambda"),
    ("[q for q in qty]", UnsupportedSyntaxError, "comprehensions"),
    ("any(q for q in qty)", UnsupportedSyntaxError, "unknown function 'any'"),
    ("f'{name}'", UnsupportedSyntaxError, "f-strings"),
    ("(x := 5)", UnsupportedSyntaxError, "assignment expressions"),
    ("concat(*name)", UnsupportedSyntaxError, "starred"),
    ("round(amount, ndigits=2)", UnsupportedSyntaxError, "keyword arguments"),
    ("qty if vip else 0", UnsupportedSyntaxError, "conditional expressions"),
    ("{'a': 1}", UnsupportedSyntaxError, "dict literals"),
    ("[1, 2]", UnsupportedSyntaxError, "only allowed after `in`"),
    ("qty & 1", UnsupportedSyntaxError, "use `and`"),
    ("vip | vip", UnsupportedSyntaxError, "use `or`"),
    ("~qty", UnsupportedSyntaxError, "use `not`"),
    ("qty ** 2", UnsupportedSyntaxError, "`**`"),
    ("qty << 2", UnsupportedSyntaxError, "shifts"),
    ("+qty", UnsupportedSyntaxError, "unary `+`"),
    ("eval('1')", UnsupportedSyntaxError, "unknown function 'eval'"),
    ("__import__('os')", UnsupportedSyntaxError, "unknown function '__import__'"),
    ("amount == None", UnsupportedSyntaxError, "`x is None`"),
    ("coalesce(amount, None)", UnsupportedSyntaxError, "None is only allowed"),
    ("vip is True", UnsupportedSyntaxError, "only test None"),
    ("None is amount", UnsupportedSyntaxError, "only test None"),
    ("amount in [1, None]", UnsupportedSyntaxError, "test it with `x is None`"),
    ("qty in [1, qty]", UnsupportedSyntaxError, "only constants"),
    ("qty in qty", UnsupportedSyntaxError, "list of constants"),
    ("'Al' in name", UnsupportedSyntaxError, "contains(text, part)"),
    ("qty in []", ExpressionTypeError, "empty"),
    ("0 < qty in [1]", UnsupportedSyntaxError, "cannot be chained"),
    ("b'x' == name", UnsupportedSyntaxError, "bytes constants"),
    ("qty == 1j", UnsupportedSyntaxError, "complex constants"),
    ("qty > 9223372036854775808", ExpressionTypeError, "64-bit"),
    ("amount > 1e999", ExpressionTypeError, "not finite"),
    ("amount > 'x'", ExpressionTypeError, "cannot compare amount (float) with 'x' (string)"),
    ("lower(amount)", ExpressionTypeError, "lower() takes a string; amount (float) is not"),
    ("name + 'x'", ExpressionTypeError, "concat(a, b)"),
    ("amount * vip", ExpressionTypeError, "vip (true/false) is not a number"),
    ("vip < True", ExpressionTypeError, "cannot be ordered"),
    ("ts > 5", ExpressionTypeError, "cannot compare ts (timestamp) with 5 (integer)"),
    ("ts == day", ExpressionTypeError, "cannot compare ts (timestamp) with day (date)"),
    ("hour(day)", ExpressionTypeError, "hour() takes a timestamp"),
    ("year(name)", ExpressionTypeError, "year() takes a timestamp or a date"),
    ("payload == 'x'", ExpressionTypeError, "json field payload can only be tested with `is None`"),
    ("amount and vip", ExpressionTypeError, "amount (float) is not"),
    ("not qty", ExpressionTypeError, "need true/false operands"),
    ("qty / 0", ExpressionTypeError, "division by zero"),
    ("qty % 0.0", ExpressionTypeError, "division by zero"),
    ("1 < 2", ExpressionTypeError, "constants only"),
    ("contains('abc', 'b')", ExpressionTypeError, "constants only"),
    ("qty == qty", ExpressionTypeError, "with itself"),
    ("between(qty, qty, 5)", ExpressionTypeError, "with itself"),
    ("coalesce(amount, 'x')", ExpressionTypeError, "cannot combine"),
    ("coalesce(qty, 0)", ExpressionTypeError, "qty is never None here"),
    ("coalesce(0, amount)", ExpressionTypeError, "arguments after it are never used"),
    ("is_null(qty + 1)", ExpressionTypeError, "is always false"),
    ("lower(name) is not None", ExpressionTypeError, "is always true"),
    ("round(amount, 2.5)", ExpressionTypeError, "integer constant from -15 to 15"),
    ("round(amount, qty)", UnsupportedSyntaxError, "only constants"),
    ("concat(name)", UnsupportedSyntaxError, "concat() takes 2 to 32 arguments, got 1"),
    ("concat(name, vip)", ExpressionTypeError, "concat() takes a string or an integer"),
    ("matches(name, '(')", ExpressionTypeError, "invalid regular expression"),
    ("matches(name, country)", UnsupportedSyntaxError, "quoted constant"),
    ("timestamp('yesterday') < ts", ExpressionTypeError, "not an ISO 8601 timestamp"),
    ("date(name)", UnsupportedSyntaxError, "quoted ISO 8601"),
    ("upper(name, 1)", UnsupportedSyntaxError, "upper() takes 1 arguments, got 2"),
    ("\x00", ExpressionSyntaxError, "not a valid expression"),
]


@pytest.mark.parametrize(("text", "on_row", "on_nulls"), ACCEPTED)
def test_accepted_expressions(text: str, on_row: Any, on_nulls: Any) -> None:
    expr = parse(text, FIELDS, non_null=NON_NULL)
    for row, expected in ((ROW, on_row), (NULLS, on_nulls)):
        got = evaluate(expr, row)
        assert got == expected and type(got) is type(expected), (text, row is ROW, got)
        assert run(expr, row) == got and type(run(expr, row)) is type(got)
        if result_type(expr) == "bool":
            assert run(expr, row, "condition") is (got is True)
    assert parse(describe(expr), FIELDS, non_null=NON_NULL) == expr
    assert fields_read(expr) <= set(FIELDS)


@pytest.mark.parametrize(("text", "error", "fragment"), REFUSED)
def test_refused_expressions(text: str, error: type[ExpressionError], fragment: str) -> None:
    with pytest.raises(error) as caught:
        parse(text, FIELDS, non_null=NON_NULL)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_error_points_at_the_offending_part() -> None:
    with pytest.raises(ExpressionTypeError) as caught:
        parse("qty > 1 and lower(amount) == 'x'", FIELDS)
    lines = str(caught.value).splitlines()
    assert lines[1:] == ["  qty > 1 and lower(amount) == 'x'", "  " + " " * 18 + "^" * 6]
    with pytest.raises(UnknownFieldError) as unknown:
        parse("café == 'x' or prix > 1", {"café": "string"})  # columns count characters
    assert str(unknown.value).splitlines()[2] == "  " + " " * 15 + "^" * 4
    with pytest.raises(ExpressionTypeError) as multi:
        parse("(qty > 1\n and name > 2)", FIELDS)
    assert str(multi.value).splitlines()[1:] == ["  line 2:  and name > 2)", " " * 15 + "^" * 8]


def test_what_would_render_unreadably_large_is_refused_when_parsed() -> None:
    nested = "vip"
    for level in range(1, 4):  # comparisons between nullable conditions, nested
        nested = f"({nested} and amount > {level}) == (price > {level})"
        parse(nested, FIELDS)
    nested = f"({nested} and amount > 9) == (price > 9)"
    with pytest.raises(ExpressionTooComplexError, match="more than 20,000 characters"):
        parse(nested, FIELDS)
    chained = "amount"
    for _ in range(30):  # coalesce inside arithmetic grows the rendering only quadratically
        chained = f"coalesce({chained} + 1, price)"
    assert len(to_python(parse(chained, FIELDS)).code) < 20_000


def test_result_types_and_fields_read() -> None:
    cases = {
        "qty * 2": "int",
        "qty / 2": "float",
        "qty + price": "float",
        "coalesce(qty, 1.5)": "float",
        "round(qty)": "int",
        "concat(name, qty)": "string",
        "hour(ts)": "int",
        "ts": "timestamp",
        "is_null(payload)": "bool",
    }
    for text, expected in cases.items():
        assert result_type(parse(text, FIELDS)) == expected, text
    assert fields_read(parse("coalesce(amount, price) > qty or vip", FIELDS)) == {
        "amount",
        "price",
        "qty",
        "vip",
    }


def test_expect_checks_the_result_type() -> None:
    assert parse("qty * 2", FIELDS, expect="float").type == "int"  # an int is a fine float
    with pytest.raises(ExpressionTypeError, match="must give a true/false value"):
        parse("qty * 2", FIELDS, expect="bool")


def test_rendering_reads_like_hand_written_code() -> None:
    def code(text: str, mode: str = "condition") -> str:
        return to_python(parse(text, FIELDS, non_null=NON_NULL), "r.value", mode=mode).code  # type: ignore[arg-type]

    assert code("qty > 5") == 'r.value["qty"] > 5'
    assert code("amount > 100") == 'r.value["amount"] is not None and r.value["amount"] > 100'
    assert code("0 < amount < 9") == (
        'r.value["amount"] is not None and r.value["amount"] > 0 and r.value["amount"] < 9'
    )
    assert code("qty == 1 or qty == 2") == 'r.value["qty"] in {1, 2}'
    assert code("vip") == 'r.value["vip"] is True'
    assert code("not vip") == 'r.value["vip"] is False'
    assert code("price * qty", "value") == (
        'None if r.value["price"] is None else r.value["price"] * r.value["qty"]'
    )
    assert code("coalesce(amount, 0)", "value") == (
        'r.value["amount"] if r.value["amount"] is not None else 0'
    )
    assert code("qty / (qty - 1)", "value") == (
        'None if r.value["qty"] - 1 == 0 else r.value["qty"] / (r.value["qty"] - 1)'
    )
    assert code("hour(ts) < 6") == (
        'r.value["ts"] is not None and r.value["ts"].astimezone(UTC).hour < 6'
    )
    assert code("coalesce(amount, price) * 2", "value") == (
        'None if r.value["amount"] is None and r.value["price"] is None'
        ' else (r.value["amount"] if r.value["amount"] is not None else r.value["price"]) * 2'
    )
    with pytest.raises(ValueError, match="row must be"):
        to_python(parse("qty", FIELDS), "row]; import os")
    with pytest.raises(ValueError, match="true/false"):
        to_python(parse("qty", FIELDS), mode="condition")


def test_regex_is_a_deterministic_module_constant() -> None:
    first = to_python(parse(r"matches(name, '^\d+$')", FIELDS))
    again = to_python(parse(r"matches(name, '^\d+$') or qty > 1", FIELDS))
    (name,) = first.constants
    assert re.fullmatch(r"PATTERN_[0-9A-F]{8}", name)
    assert again.constants == first.constants == {name: 're.compile("^\\\\d+$")'}
    assert ("re", None) in first.imports
    assert name in first.code


def test_rendered_module_passes_the_generated_code_quality_gate() -> None:
    """Every accepted expression, as value and as condition, inside one module: isort, black,
    ruff with the rule set generated bundles are held to."""
    constants: dict[str, str] = {}
    imports: set[tuple[str, str | None]] = set()
    functions: list[str] = []
    for i, (text, _, _) in enumerate(ACCEPTED):
        expr = parse(text, FIELDS, non_null=NON_NULL)
        modes = ["value", "condition"] if expr.type == "bool" else ["value"]
        for mode in modes:
            rendering = to_python(expr, mode=mode)  # type: ignore[arg-type]
            constants.update(rendering.constants)
            imports |= rendering.imports
            functions.append(
                f"def {mode}_{i}(row: dict[str, Any]) -> Any:\n"
                f"    # {text}\n"
                f"    return {rendering.code}\n"
            )
    plain = sorted(m for m, n in imports if n is None)
    names: dict[str, list[str]] = {"typing": ["Any"]}
    for module, name in imports:
        if name is not None:
            names.setdefault(module, []).append(name)
    head = [f"import {m}" for m in plain] + [
        f"from {m} import {', '.join(sorted(ns, key=lambda n: (not n.isupper(), n)))}"
        for m, ns in sorted(names.items())
    ]
    body = "\n".join(head) + "\n\n" + "".join(f"{k} = {v}\n" for k, v in constants.items())
    source = body + "\n\n" + "\n\n".join(functions)
    formatted = finish_python(source, "expressions.py", "test")  # raises on black/ruff failure
    # finish_python lets ruff fix what it can first; the rendering should need no fixing at all
    unfixed = black.format_str(source, mode=black.Mode())
    lint = _ruff(["check", "--output-format=concise", "--no-fix"], unfixed, "expressions.py", None)
    assert lint.returncode == 0, lint.stdout
    assert formatted == unfixed


# ---- property tests -------------------------------------------------------------------------

SCHEMA: dict[str, Any] = {
    "i": "int",
    "j": "int",
    "f": "float",
    "g": "float",
    "s": "string",
    "t": "string",
    "b": "bool",
    "c": "bool",
    "ts": "timestamp",
    "d": "date",
    "js": "json",
}
NEVER_NULL = {"j", "t", "c"}
HOSTILE = [
    "'",
    '"',
    "'''",
    '"""',
    "\\",
    "\\'",
    '\\"',
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "#",
    "{0}",
    "%s",
    "\\N{BULLET}",
    "\\x41",
    "é",
    "🙂",
    ") or True or (",
    '"] + __import__("os").system("x") + ["',
    "\\\n",
]
hostile_text = st.one_of(
    st.lists(st.sampled_from(HOSTILE), max_size=6).map("".join),
    st.text(max_size=12),
)
# small pools, shared by constants and rows, so that equal values (the edge of every
# comparison) are common
SMALL_INTS = st.one_of(st.integers(-3, 3), st.integers(-50, 50))
FEW_STRINGS = st.sampled_from(["", "a", "ab", "A B", "x1"])
FEW_TIMES = st.one_of(  # naive, as UTC
    st.sampled_from([datetime(2024, 2, 29, 23, 30), datetime(2024, 3, 1, 0, 30)]),
    st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2039, 12, 30)),
)
FEW_DATES = st.one_of(
    st.sampled_from([date(2024, 2, 29), date(2024, 3, 1)]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
)
PATTERNS = ["^a", "b$", r"\d+", "[xy]{2}", "(?i)A.B", r"\n", "é|🙂"]


def field(name: str) -> FieldRef:
    return FieldRef(name, SCHEMA[name], name not in NEVER_NULL)


def consts(t: str) -> st.SearchStrategy[Const]:
    values: dict[str, st.SearchStrategy[Any]] = {
        "int": SMALL_INTS,
        "float": st.one_of(SMALL_INTS.map(float), st.floats(-100, 100, allow_nan=False, width=32)),
        "string": st.one_of(hostile_text, FEW_STRINGS),
        "bool": st.booleans(),
        "timestamp": FEW_TIMES.map(lambda dt: dt.replace(tzinfo=UTC)),
        "date": FEW_DATES,
    }
    return values[t].map(lambda v: Const(v, t))  # type: ignore[arg-type]


def leaves(t: str) -> st.SearchStrategy[Expr]:
    names = [n for n, ft in SCHEMA.items() if ft == t]
    return st.one_of(st.sampled_from([field(n) for n in names]), consts(t))


def neg(x: Expr) -> Expr:
    if isinstance(x, Const):
        return Const(-x.value, x.type)  # type: ignore[operator]
    return Neg(x, x.type)


def has_field(e: Expr) -> bool:
    return bool(fields_read(e))


def numbers(depth: int) -> st.SearchStrategy[Expr]:
    return st.one_of(exprs("int", depth), exprs("float", depth))


def arith(depth: int, want: str) -> st.SearchStrategy[Expr]:
    def build(op: str, a: Expr, b: Expr) -> Expr:
        result = "float" if op == "/" else ("float" if "float" in (a.type, b.type) else "int")
        return Arith(op, a, b, result)  # type: ignore[arg-type]

    ops = ["/"] if want == "float" else ["+", "-", "*", "//", "%"]
    side = numbers if want == "float" else (lambda d: exprs("int", d))
    built = st.builds(build, st.sampled_from(ops), side(depth), side(depth))
    if want == "float":
        built = st.one_of(
            built,
            st.builds(
                build, st.sampled_from(["+", "-", "*", "%"]), exprs("float", depth), numbers(depth)
            ),
        )
    return built.filter(
        lambda e: not (
            e.op in ("/", "//", "%") and isinstance(e.right, Const) and e.right.value == 0
        )
    )


def coalesces(args: st.SearchStrategy[Expr], t: str, depth: int) -> st.SearchStrategy[Expr]:
    """coalesce() of 2 or more arguments, cut after the first that is never None (the parser
    refuses arguments that are never reached)."""

    def build(xs: list[Expr]) -> Expr:
        reached = next((i for i, x in enumerate(xs) if not may_be_null(x)), len(xs) - 1)
        kept = xs[: reached + 1]
        return Coalesce(tuple(kept), t) if len(kept) > 1 else kept[0]  # type: ignore[arg-type]

    return st.lists(args, min_size=2, max_size=2 + (depth > 2)).map(build)


@functools.cache
def exprs(t: str, depth: int) -> st.SearchStrategy[Expr]:
    if depth <= 0 or t == "json":
        return leaves(t) if t != "json" else st.just(field("js"))
    d = depth - 1
    options: list[st.SearchStrategy[Expr]] = [leaves(t)]
    strings = exprs("string", d)
    if t in ("int", "float"):
        options += [
            arith(d, t),
            exprs(t, d).map(neg),
            exprs(t, d).map(lambda x: Call("abs", (x,), x.type)),
            st.builds(
                lambda x, n: Call("round", (x, Const(n, "int")), x.type),
                exprs(t, d),
                st.integers(-3, 3),
            ),
            coalesces(exprs(t, d), t, depth),
        ]
    if t == "int":
        options += [
            strings.map(lambda s: Call("length", (s,), "int")),
            st.builds(
                lambda fn, x: Call(fn, (x,), "int"),
                st.sampled_from(["year", "month", "day", "day_of_week", "hour", "minute"]),
                exprs("timestamp", d),
            ),
            st.builds(
                lambda fn, x: Call(fn, (x,), "int"),
                st.sampled_from(["year", "day_of_week"]),
                exprs("date", d),
            ),
        ]
    if t == "string":
        options += [
            st.builds(
                lambda fn, x: Call(fn, (x,), "string"), st.sampled_from(["lower", "upper"]), strings
            ),
            st.lists(st.one_of(strings, exprs("int", d)), min_size=2, max_size=2 + (depth > 2)).map(
                lambda xs: Call("concat", tuple(xs), "string")
            ),
            coalesces(strings, "string", depth),
        ]
    if t in ("timestamp", "date", "bool"):
        options.append(coalesces(exprs(t, d), t, depth))
    if t == "bool":
        comparable = st.sampled_from(["number", "string", "timestamp", "date", "bool"])
        options += [
            comparable.flatmap(lambda fam: compare(fam, d)),
            st.sampled_from(["number", "string", "timestamp", "date"]).flatmap(
                lambda fam: membership(fam, d)
            ),
            st.sampled_from(["number", "string", "timestamp", "date"]).flatmap(
                lambda fam: between(fam, d)
            ),
            st.sampled_from(["number", "string", "bool", "timestamp", "date", "json"]).flatmap(
                lambda fam: st.builds(IsNull, fielded(fam, d), st.booleans())
            ),
            st.lists(exprs("bool", d), min_size=2, max_size=2 + (depth > 2)).map(
                lambda xs: And(tuple(xs))
            ),
            st.lists(exprs("bool", d), min_size=2, max_size=2 + (depth > 2)).map(
                lambda xs: Or(tuple(xs))
            ),
            st.builds(
                lambda fn, a, b: Call(fn, (a, b), "bool"),
                st.sampled_from(["contains", "startswith", "endswith"]),
                fielded("string", d),
                strings,
            ),
            st.builds(Matches, fielded("string", d), st.sampled_from(PATTERNS)),
        ]
    built = st.one_of(options).filter(valid)
    if t == "bool":  # a `not` over any of them (a separate option crowds the others out)
        return st.builds(lambda x, negate: Not(x) if negate else x, built, st.booleans())
    return built


def family_exprs(fam: str, depth: int) -> st.SearchStrategy[Expr]:
    return numbers(depth) if fam == "number" else exprs(fam, depth)


@functools.cache
def fielded(fam: str, depth: int) -> st.SearchStrategy[Expr]:
    """An operand that reads a field (the parser refuses tests of constants only)."""
    types = ["int", "float"] if fam == "number" else [fam]
    names = [field(n) for n, ft in SCHEMA.items() if ft in types]
    return st.one_of(st.sampled_from(names), family_exprs(fam, depth).filter(has_field))


def compare(fam: str, depth: int) -> st.SearchStrategy[Expr]:
    ops = ["==", "!="] if fam == "bool" else ["==", "!=", "<", "<=", ">", ">="]
    operands = st.tuples(fielded(fam, depth), family_exprs(fam, depth)).flatmap(
        lambda pair: st.sampled_from([pair, pair[::-1]])
    )
    return st.builds(lambda op, pair: Compare(op, *pair), st.sampled_from(ops), operands)


def membership(fam: str, depth: int) -> st.SearchStrategy[Expr]:
    items = st.one_of(consts("int"), consts("float")) if fam == "number" else consts(fam)

    def build(x: Expr, values: list[Const], negated: bool) -> Expr:
        unique = [v for i, v in enumerate(values) if v.value not in [u.value for u in values[:i]]]
        return InList(x, tuple(unique), negated)

    return st.builds(
        build, fielded(fam, depth), st.lists(items, min_size=1, max_size=4), st.booleans()
    )


def between(fam: str, depth: int) -> st.SearchStrategy[Expr]:
    return st.builds(
        Between, fielded(fam, depth), family_exprs(fam, depth), family_exprs(fam, depth)
    )


def valid(e: Expr) -> bool:
    """What the parser refuses: predicates over constants only, a value compared with itself."""
    predicate = isinstance(e, Compare | InList | Between | IsNull | Matches) or (
        isinstance(e, Call) and e.type == "bool"
    )
    if predicate and not has_field(e):
        return False
    if isinstance(e, Compare) and e.left == e.right:
        return False
    if isinstance(e, IsNull) and not isinstance(e.operand, FieldRef) and not may_be_null(e.operand):
        return False  # always true or always false
    if isinstance(e, Coalesce) and not all(may_be_null(a) for a in e.args[:-1]):
        return False  # arguments that are never reached
    return not (isinstance(e, Between) and e.operand in (e.low, e.high))


def values_for(name: str) -> st.SearchStrategy[Any]:
    t = SCHEMA[name]
    value: st.SearchStrategy[Any] = {
        "int": SMALL_INTS,
        "float": st.one_of(SMALL_INTS.map(float), st.floats(-100, 100, allow_nan=False)),
        "string": st.one_of(hostile_text, FEW_STRINGS),
        "bool": st.booleans(),
        "timestamp": st.builds(
            lambda dt, minutes: dt.replace(tzinfo=UTC).astimezone(
                timezone(timedelta(minutes=minutes))
            ),
            FEW_TIMES,
            st.integers(-14 * 60, 14 * 60),
        ),
        "date": FEW_DATES,
        "json": st.dictionaries(st.text(max_size=3), st.integers(-1000, 1000), max_size=2),
    }[t]
    return value if name in NEVER_NULL else st.one_of(st.none(), value)


rows = st.fixed_dictionaries({name: values_for(name) for name in SCHEMA})
KINDS = ["bool", "int", "float", "string", "timestamp", "date", "nulls"]


def null_heavy() -> st.SearchStrategy[Expr]:
    """`is None` over compound operands and coalesce() inside strict operations: where the
    renderer derives null tests from the operands' instead of computing the value twice."""
    numeric = st.sampled_from([field(n) for n in ("i", "j", "f", "g")])
    texts = st.sampled_from([field(n) for n in ("s", "t")])

    def arith(op: str, a: Expr, b: Expr) -> Expr:
        typed = "float" if "float" in (a.type, b.type) or op == "/" else "int"
        return Arith(op, a, b, typed)  # type: ignore[arg-type]

    sums = st.builds(arith, st.sampled_from(["+", "*", "/", "%"]), numeric, numeric)
    nullable = st.sampled_from([field(n) for n in ("i", "f", "g")])
    floats = (
        st.lists(st.one_of(nullable, sums), min_size=2, max_size=3)
        .map(
            lambda xs: Coalesce(tuple(xs), "float" if any(x.type == "float" for x in xs) else "int")
        )
        .filter(valid)
    )
    compound = st.one_of(
        sums,
        floats,
        st.builds(arith, st.sampled_from(["+", "-"]), sums, floats),
        st.builds(lambda a, b: Call("concat", (a, b), "string"), texts, texts),
        st.builds(lambda a, b: Call("contains", (a, b), "bool"), texts, texts),
        st.builds(lambda a, b: Compare("<", a, b), numeric, sums),
    )
    return st.one_of(
        st.builds(IsNull, compound, st.booleans()).filter(valid),
        st.builds(lambda c, x: Compare(">", c, x), floats, numeric),
        st.builds(arith, st.just("*"), floats, numeric),
    )


def trees(kind: str) -> st.SearchStrategy[Expr]:
    if kind == "nulls":
        return null_heavy()
    return exprs(kind, 3) if kind == "bool" else exprs(kind, 2)


def same(a: Any, b: Any) -> bool:
    return a == b and type(a) is type(b)


SLOW_OK = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]


@pytest.mark.parametrize("kind", KINDS)
def test_rendered_python_computes_what_evaluate_says(kind: str) -> None:
    examples = 400 if kind in ("bool", "nulls") else 120

    @settings(max_examples=examples, deadline=None, suppress_health_check=SLOW_OK)
    @given(tree=trees(kind), data=st.lists(rows, min_size=1, max_size=4))
    def agree(tree: Expr, data: list[dict[str, Any]]) -> None:
        rendered_agrees_with_evaluate(tree, data)

    agree()


def rendered_agrees_with_evaluate(tree: Expr, data: list[dict[str, Any]]) -> None:
    value = to_python(tree)
    names = namespace(value)
    compiled = strict_compile(value.code)
    condition = to_python(tree, mode="condition") if tree.type == "bool" else None
    for row in data:
        expected = evaluate(tree, row)
        got = eval(compiled, names, {"row": row})
        assert same(got, expected), (describe(tree), value.code, row, got, expected)
        if condition is not None:
            kept = eval(condition.code, namespace(condition), {"row": row})
            assert kept is (expected is True), (describe(tree), condition.code, row)


@pytest.mark.parametrize("kind", KINDS)
def test_describe_is_canonical_text_that_parses_back(kind: str) -> None:
    @settings(
        max_examples=150 if kind == "bool" else 60, deadline=None, suppress_health_check=SLOW_OK
    )
    @given(tree=trees(kind))
    def round_trip(tree: Expr) -> None:
        text = describe(tree)
        assert parse(text, SCHEMA, non_null=NEVER_NULL) == tree, text
        assert kind == "nulls" or result_type(tree) == kind

    round_trip()


def string_constants(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@settings(max_examples=300, deadline=None)
@given(hostile=hostile_text, other=hostile_text, row_s=st.one_of(st.none(), hostile_text))
def test_hostile_string_constants_stay_constants(
    hostile: str, other: str, row_s: str | None
) -> None:
    assume(hostile != other and hostile not in ("s", "t"))
    literal = py_str(hostile)
    assert ast.literal_eval(literal) == hostile
    assert [type(n) for n in ast.walk(ast.parse(literal, mode="eval"))] == [
        ast.Expression,
        ast.Constant,
    ]
    assert black.format_str(f"x = {literal}\n", mode=black.Mode()) == f"x = {literal}\n"
    row = {"s": row_s, "t": "t"}
    shapes = {
        f"s == {literal}": ({ast.Compare, ast.BoolOp}, 1),
        f"s in [{literal}, {py_str(other)}]": ({ast.Compare, ast.BoolOp, ast.Set}, 1),
        f"contains(s, {literal})": ({ast.Compare, ast.BoolOp}, 1),
        f"startswith(t, {literal})": ({ast.Call, ast.Attribute}, 1),
        f"concat(s, {literal}, t)": ({ast.IfExp, ast.Compare, ast.BinOp}, 1),
        f"coalesce(s, {literal})": ({ast.IfExp, ast.Compare}, 1),
    }
    base = {ast.Expression, ast.Name, ast.Subscript, ast.Constant, ast.Load}
    for text, (allowed, count) in shapes.items():
        expr = parse(text, SCHEMA, non_null=NEVER_NULL)
        mode = "condition" if expr.type == "bool" else "value"
        rendering = to_python(expr, mode=mode)  # type: ignore[arg-type]
        tree = ast.parse(rendering.code, mode="eval")
        kinds = {
            type(n)
            for n in ast.walk(tree)
            if not isinstance(n, ast.operator | ast.cmpop | ast.boolop)
        }
        assert kinds <= base | allowed, (text, rendering.code)
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert names == {"row"}, rendering.code
        constants = string_constants(tree)
        assert constants.count(hostile) == count, (text, rendering.code)
        assert set(constants) <= {"s", "t", hostile, other}, rendering.code
        assert jinja2.Template("{{ code }}").render(code=rendering.code) == rendering.code
        got = eval(rendering.code, {}, {"row": row})
        expected = evaluate(expr, row)
        assert got == (expected is True if mode == "condition" else expected)
    matches = to_python(parse(f"matches(t, {py_str(re.escape(hostile))})", SCHEMA, non_null={"t"}))
    ((name, source),) = matches.constants.items()
    assert matches.code == f'{name}.search(row["t"]) is not None'
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "re.compile"
    assert [a.value for a in call.args if isinstance(a, ast.Constant)] == [re.escape(hostile)]


TOKENS = """i f s b ts d js x ( ) [ ] , == < >= + - * / // % and or not in is None True 1 0 2.5
'a' "b" lower concat coalesce between round year hour matches timestamp '2024-01-01' date '('
. lambda : = ** if else __class__ { } 1e999 -9223372036854775809"""
tokens = st.sampled_from(TOKENS.split())


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.lists(tokens, max_size=14).map(" ".join)))
def test_any_text_is_parsed_or_refused_with_an_expression_error(text: str) -> None:
    try:
        expr = parse(text, SCHEMA, non_null=NEVER_NULL)
    except ExpressionError as error:
        assert str(error)
        return
    strict_compile(to_python(expr).code)
    if expr.type == "bool":
        strict_compile(to_python(expr, mode="condition").code)


# ---- ClickHouse SQL, checked against an embedded ClickHouse (chDB) ----------------------------

CH_STRUCTURE = (
    "n UInt32, i Nullable(Int64), j Int64, f Nullable(Float64), g Nullable(Float64), "
    "s Nullable(String), t String, b Nullable(Bool), c Bool, "
    "ts Nullable(DateTime64(6, 'UTC')), d Nullable(Date32), js Nullable(String)"
)


ACCEPTED_STRUCTURE = (
    "n UInt32, amount Nullable(Float64), qty Int64, price Nullable(Float64), name String, "
    "country Nullable(String), vip Nullable(Bool), ts Nullable(DateTime64(6, 'UTC')), "
    "day Date32, payload Nullable(String)"
)


def clickhouse(
    sql: str, data: list[dict[str, Any]], structure: str = CH_STRUCTURE
) -> list[dict[str, Any]]:
    """One row of results per record: the columns `sql` selects."""
    import chdb
    import orjson

    def cell(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return orjson.dumps(value).decode()
        return value

    lines = "\n".join(
        orjson.dumps({"n": n, **{k: cell(v) for k, v in row.items()}}).decode()
        for n, row in enumerate(data)
    )
    query = (
        f"SELECT {sql} FROM format(JSONEachRow, {sql_string(structure)}, "
        f"{sql_string(lines)}) ORDER BY n SETTINGS output_format_json_quote_64bit_integers=0, "
        "output_format_json_quote_denormals=1"
    )
    result = chdb.query(query, "JSONEachRow")
    return [orjson.loads(line) for line in result.bytes().split(b"\n") if line.strip()]


def same_in_sql(got: Any, expected: Any) -> bool:
    if expected is None or got is None:
        return got is None and expected is None
    if isinstance(expected, bool):
        return got in (expected, int(expected))
    if isinstance(expected, int | float):
        if got in ("nan", "-nan", "inf", "-inf"):
            got = float(got)  # ClickHouse's JSON output spells non-finite floats as text
        if isinstance(expected, float) and math.isnan(expected):
            return isinstance(got, float) and math.isnan(got)  # the sign of a NaN means nothing
        return isinstance(got, int | float) and math.isclose(got, expected, rel_tol=1e-12)
    if isinstance(expected, datetime):
        return got == expected.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(expected, date):
        return got == expected.isoformat()
    return bool(got == expected)


@pytest.mark.parametrize("kind", KINDS)
def test_clickhouse_sql_computes_what_evaluate_says(kind: str) -> None:
    @settings(
        max_examples=120 if kind == "bool" else 40, deadline=None, suppress_health_check=SLOW_OK
    )
    @given(tree=trees(kind), data=st.lists(rows, min_size=1, max_size=4))
    def agree(tree: Expr, data: list[dict[str, Any]]) -> None:
        try:
            sql = to_sql(tree)
        except SqlUnsupportedError:
            assume(False)
            return
        expected = [evaluate(tree, row) for row in data]
        got = [result["v"] for result in clickhouse(f"{sql} AS v", data)]
        assert len(got) == len(expected)
        for g, e, row in zip(got, expected, data, strict=True):
            assert same_in_sql(g, e), (describe(tree), sql, row, g, e)

    agree()


def test_accepted_expressions_in_clickhouse() -> None:
    columns: dict[str, Expr] = {}
    for i, (text, _, _) in enumerate(ACCEPTED):
        expr = parse(text, FIELDS, non_null=NON_NULL)
        with contextlib.suppress(SqlUnsupportedError):
            to_sql(expr)
            columns[f"v{i}"] = expr
    assert len(columns) > 60
    select = ", ".join(f"{to_sql(e)} AS {name}" for name, e in columns.items())
    for row, result in zip(
        [ROW, NULLS], clickhouse(select, [ROW, NULLS], ACCEPTED_STRUCTURE), strict=True
    ):
        for name, expr in columns.items():
            expected = evaluate(expr, row)
            assert same_in_sql(result[name], expected), (describe(expr), to_sql(expr), result[name])


def test_sql_refuses_what_clickhouse_computes_differently() -> None:
    for text, fragment in [
        ("qty // 2", "truncates"),
        ("qty % 2", "truncates"),
        ("round(amount, 2)", "2.675"),
        ("matches(name, 'a')", "RE2"),
    ]:
        with pytest.raises(SqlUnsupportedError, match=fragment):
            to_sql(parse(text, FIELDS))
    assert to_sql(parse("amount / qty > 2 and name in ['a', \"it's\"]", FIELDS)) == (
        "(((`amount` / nullIf(`qty`, 0)) > 2) AND (`name` IN ('a', 'it\\'s')))"
    )
