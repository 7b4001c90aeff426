"""A small expression language for filters and computed fields, safe by construction.

The text is parsed by Python's own parser (`ast`, mode="eval"), then walked against a whitelist:
every name must be a field of the schema at that point of the pipeline, every operand must have a
type its operator accepts, and the result is a typed, immutable tree (`tree.py`). Code is
rendered from that tree only, never from the text; constants reach Python source through repr().

Grammar (Python syntax, loosest binding first)::

    expr       := expr "or" expr | expr "and" expr | "not" expr | test
    test       := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)+   # chains: 0 < x <= 9
                | sum ["not"] "in" "[" constant ("," constant)* "]"       # also (...) or {...}
                | sum "is" ["not"] "None"
                | sum
    sum        := sum ("+" | "-") term | term
    term       := term ("*" | "/" | "//" | "%") factor | factor
    factor     := "-" factor | atom
    atom       := field | number | string | "True" | "False" | call | "(" expr ")"
    constant   := number | "-" number | string | "True" | "False"
                | "timestamp(" string ")" | "date(" string ")"
    call       := name "(" expr ("," expr)* ")"                         # positional only

Functions (null in gives null out unless said otherwise):

    contains(s, part)  startswith(s, prefix)  endswith(s, suffix)      string, string -> bool
    matches(s, "regex")   re.search; the pattern is a constant, checked when parsed -> bool
    lower(s)  upper(s) -> string      length(s) -> int       concat(a, b, ...) strings/ints -> string
    coalesce(a, b, ...)   first non-null argument (all of one type)
    round(x[, n])  (n an integer constant, default 0)    abs(x)            number -> number
    between(x, low, high)   x >= low and x <= high (both included; SQL's BETWEEN) -> bool
    is_null(x)  is_not_null(x)     same as `x is None` / `x is not None`; never null
    year(t) month(t) day(t) day_of_week(t) (ISO: Monday 1 .. Sunday 7)   timestamp or date -> int
    hour(t) minute(t)                                                     timestamp -> int (UTC)
    timestamp("2024-06-01T12:00:00Z")  date("2024-06-01")    constants (naive timestamps are UTC)

Types: int, float (together "number"), string, bool, timestamp, date; a json field can only be
tested with `is None`. Comparisons need both sides of one type (int and float mix); ordering
(< <= > >= between) works on numbers, strings, timestamps and dates, not on bools. Arithmetic is
on numbers only (int op int is int, `/` always gives float; `//` and `%` floor like Python).
Chained comparisons are accepted and mean `and` (`0 < x < 9` is `0 < x and x < 9`).

Null semantics (SQL's): arithmetic, comparisons and functions with a null operand give null;
`/`, `//`, `%` by zero give null (a constant zero divisor is refused); `and` / `or` / `not` are
three-valued; coalesce returns its first non-null argument; `x is None` is never null. A filter
keeps a record when its expression is true (null and false drop it).

Refused, with a message that points at the offending part: any other name than a schema field;
attribute access, subscripts, slices, lambdas, comprehensions, f-strings, walrus (:=),
conditional expressions, starred or keyword arguments, dict/set/list/tuple literals other than
the constant list after `in`, bit operators (& | ^ ~ << >>), `**`, `@`, unary `+`, calls to
anything but the functions above, dunder names, `== None` (write `is None`), `is` with anything
but None, bytes/complex constants, integers outside 64 bits, non-finite floats, comparisons of
constants only (always true or false), comparing a value with itself, `x is None` on an
expression that can never be None here, coalesce() arguments after one that is never None, an
empty `in` list or None in it, a division by a constant zero, mixed types (`amount > 'x'`,
`lower(amount)`, `flag < True`), wrong argument counts (concat/coalesce take 2 to 32), round()
digits other than an integer constant in -15..15, a regex re.compile rejects, ISO text
timestamp()/date() cannot read, text over 2,000 characters, nesting deeper than 64 levels, and
anything whose Python rendering would exceed 20,000 characters.

Renderers (all from the tree): `to_python` (a Python expression over a record dict, plus the
module constants and imports it needs), `to_sql` (ClickHouse; refuses `//`, `%`, round() and
matches(), which ClickHouse computes differently), `describe` (canonical text in this language).
`evaluate` is the reference semantics both are tested against (the SQL against embedded chDB).

Runtime representation assumed (what the processor's converters produce): int -> int, float ->
float (an int is accepted), string -> str, bool -> bool, timestamp -> timezone-aware datetime
(`_as_timestamp`; date parts are taken in UTC), date -> datetime.date.
"""

from .errors import (
    ExpressionError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    ExpressionTypeError,
    UnknownFieldError,
    UnsupportedSyntaxError,
)
from .evaluate import evaluate
from .parser import FUNCTION_NAMES, MAX_DEPTH, MAX_LENGTH, parse
from .python import PythonRendering, to_python
from .sql import SqlUnsupportedError, sql_string, to_sql
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
    constants,
    describe,
    fields_read,
    may_be_null,
    py_str,
    result_type,
)

__all__ = [
    "FUNCTION_NAMES",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "And",
    "Arith",
    "Between",
    "Call",
    "Coalesce",
    "Compare",
    "Const",
    "Expr",
    "ExpressionError",
    "ExpressionSyntaxError",
    "ExpressionTooComplexError",
    "ExpressionTypeError",
    "FieldRef",
    "InList",
    "IsNull",
    "Matches",
    "Neg",
    "Not",
    "Or",
    "PythonRendering",
    "SqlUnsupportedError",
    "UnknownFieldError",
    "UnsupportedSyntaxError",
    "constants",
    "describe",
    "evaluate",
    "fields_read",
    "may_be_null",
    "parse",
    "py_str",
    "result_type",
    "sql_string",
    "to_python",
    "to_sql",
]
