"""Sample values for the generated tests, and their Python source.

Plain Python computed from the typed spec, independently of the processor's templates: the
component modules build each operator's test case from these (see render/testdata.py). Values
reach the templates as Python source built here with `repr()` (plus `datetime(...)`/`date(...)`
constructors), never as unescaped spec text.
"""

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..errors import GenerationError
from ..spec import Field
from ..spec.expressions import Expr, evaluate
from .escape import Code, pyrepr

BASE_MS = 1_714_564_800_000  # 2024-05-01T12:00:00Z, aligned down to the window size if any


FIRST_OFFSET = 10


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


EPOCH_DATE = date(1970, 1, 1)


# Realistic sample text for common field names (exact name or `_<name>` suffix).
_STRINGS: dict[str, list[str]] = {
    "email": ["ada@example.com", "grace@example.com", "alan@example.com", "edsger@example.com"],
    "country": ["DE", "FR", "NL", "PL"],
    "city": ["Berlin", "Paris", "Amsterdam", "Warsaw"],
    "currency": ["EUR", "USD", "GBP", "CHF"],
    "status": ["completed", "pending", "refunded", "failed"],
    "event_type": ["page_view", "click", "purchase", "signup"],
    "page_url": ["/pricing", "/docs", "/blog", "/signup"],
    "referrer": ["https://example.com/", "https://search.example/", "https://news.example/"],
    "user_agent": ["Mozilla/5.0", "curl/8.5.0", "Safari/17.4", "Edge/124.0"],
    "ip_address": ["203.0.113.7", "198.51.100.23", "192.0.2.44", "203.0.113.99"],
    "category": ["electronics", "books", "garden", "toys"],
    "segment": ["premium", "standard", "trial", "churned"],
    "tier": ["gold", "silver", "bronze", "none"],
    "name": ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"],
    "sensor": ["temperature", "humidity", "pressure", "co2"],
    "device_id": ["sensor-7", "sensor-8", "sensor-9", "sensor-10"],
}


_INTS = {"user_id": 42, "customer_id": 7, "product_id": 1001, "order_id": 5001, "item_id": 9001}


_FLOATS = [49.5, 12.25, 30.0, 7.75, 18.5, 3.25]  # exact in binary, so sums compare exactly


COMPARE = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=="}


def code(value: Any) -> Code:
    """Python source for a sample or expected value."""
    if isinstance(value, datetime):
        parts = [value.year, value.month, value.day, value.hour, value.minute]
        if value.second or value.microsecond:
            parts.append(value.second)
        if value.microsecond:
            parts.append(value.microsecond)
        return Code(f"datetime({', '.join(map(str, parts))}, tzinfo=UTC)")
    if isinstance(value, date):
        return Code(f"date({value.year}, {value.month}, {value.day})")
    if isinstance(value, dict):
        return Code("{" + ", ".join(f"{code(k)}: {code(v)}" for k, v in value.items()) + "}")
    if isinstance(value, list):
        return Code("[" + ", ".join(code(v) for v in value) + "]")
    if isinstance(value, tuple):
        items = [code(v) for v in value]
        return Code("(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")
    if isinstance(value, bytes):
        return Code(repr(value))
    if value is None or isinstance(value, bool | int | float | str):
        return pyrepr(value)
    raise GenerationError(f"generated tests: cannot write {type(value).__name__} as Python")


def ms_code(ms: int) -> Code:
    """Milliseconds as Python source, with digit groups when long."""
    return Code(f"{ms:_}" if abs(ms) >= 1_000 else str(ms))


def at_code(offset: int, base: str = "T0") -> Code:
    """`T0`, `T0 + 5_000` or `T0 - 5_000`."""
    if offset == 0:
        return Code(base)
    return Code(f"{base} {'+' if offset > 0 else '-'} {ms_code(abs(offset))}")


def moment(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def iso(ms: int) -> str:
    at = moment(ms)
    millis = f".{at.microsecond // 1000:03d}" if at.microsecond else ""
    return f"{at:%Y-%m-%dT%H:%M:%S}{millis}Z"


def variants(field: Field, count: int, salt: int = 0) -> list[Any]:
    """`count` distinct raw JSON values for a field (booleans repeat after two)."""
    name = field.name
    if field.type == "string":
        pool = next((v for k, v in _STRINGS.items() if name == k or name.endswith(f"_{k}")), [])
        if salt + count <= len(pool):
            return pool[salt : salt + count]
        if name.endswith("_id"):
            return [f"{name.removesuffix('_id')}-{i + 1 + salt:04d}" for i in range(count)]
        return [f"{name}-{i + 1 + salt}" for i in range(count)]
    if field.type == "int":
        base = _INTS.get(name, 3 if name == "quantity" else 100)
        return [base + i + salt for i in range(count)]
    if field.type == "float":
        return [
            _FLOATS[(i + salt) % len(_FLOATS)] + 100 * ((i + salt) // len(_FLOATS))
            for i in range(count)
        ]
    if field.type == "bool":
        return [(i + salt) % 2 == 0 for i in range(count)]
    if field.type == "timestamp":
        return [iso(BASE_MS - 89_750 + 60_000 * (i + salt)) for i in range(count)]
    if field.type == "date":
        return [(date(2024, 4, 30) + timedelta(days=i + salt)).isoformat() for i in range(count)]
    return [{"plan": "pro", "items": i + 1 + salt} for i in range(count)]  # json


def sample(field: Field) -> Any:
    return variants(field, 1)[0]


def to_python(kind: str, raw: Any) -> Any:
    """What the processor should make of a raw JSON value of a field type."""
    if raw is None:
        return None
    if kind == "float":
        return float(raw)
    if kind == "timestamp":
        if isinstance(raw, int):
            return moment(raw)
        parsed = datetime.fromisoformat(raw)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if kind == "date":
        return EPOCH_DATE + timedelta(days=raw) if isinstance(raw, int) else date.fromisoformat(raw)
    return raw  # json passes through as parsed


def as_json_text(value: Any) -> Any:
    """How json_dumps writes a decoded value (only dates and timestamps change)."""
    return value.isoformat() if isinstance(value, date) else value


def wrong_type(fields: list[Field]) -> dict[str, str] | None:
    """A required field and a value of the wrong type for it (a number sent as text, ...)."""
    bad = {
        "int": "42",
        "float": "49.5",
        "bool": "true",
        "timestamp": "yesterday",
        "date": "soon",
        "string": 42,
    }
    for kind in ("int", "float", "bool", "timestamp", "date", "string"):
        for f in fields:
            if f.type == kind and f.required:
                return {"field": f.name, "value": code(bad[kind])}
    return None


MAX_TRIES = 20_000  # evaluations spent looking for records, per search


_PLAIN_VALUES: dict[str, list[Any]] = {
    "int": [0, -1],
    "float": [0.0, -1.5],
    "string": [""],
    "bool": [True, False],
}


def fits(kind: str, value: Any) -> bool:
    checks = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, float),
        "string": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "timestamp": lambda v: isinstance(v, datetime),
        "date": lambda v: isinstance(v, date) and not isinstance(v, datetime),
    }
    return kind in checks and checks[kind](value)


def candidates(field: Field, constants: list[Any], seen: list[Any]) -> list[Any]:
    """Decoded values worth trying for a field, without repeats; None last when it may be
    missing."""
    values: list[Any] = []
    for value in constants:
        if isinstance(value, int | float) and not isinstance(value, bool):
            values += [value, value + 1, value - 1]
        else:
            values.append(value)
    values += seen
    if field.type != "json":
        values += [to_python(field.type, v) for v in variants(field, 2)]
    values += _PLAIN_VALUES.get(field.type, [])
    out: list[Any] = []
    for value in values:
        typed = float(value) if field.type == "float" and fits("int", value) else value
        fresh = not any(type(typed) is type(o) and typed == o for o in out)
        if typed is not None and fits(field.type, typed) and fresh:
            out.append(typed)
    return out + ([None] if not field.required else [])


def outcome(expr: Expr, row: dict[str, Any]) -> Any:
    try:
        return evaluate(expr, row)
    except (ArithmeticError, ValueError, TypeError):  # an overflow and the like: no test case
        return "error"


def mutations(row: dict[str, Any], choices: dict[str, list[Any]]) -> Iterator[dict[str, Any]]:
    """The row itself, then rows with one field changed, then with two."""
    yield row
    for size in (1, 2):
        for names in itertools.combinations(list(choices), size):
            for values in itertools.product(*(choices[n] for n in names)):
                yield {**row, **dict(zip(names, values, strict=True))}


def record_code(row: dict[str, Any], offset: int) -> Code:
    at = "FIRST_OFFSET" if offset == 0 else f"FIRST_OFFSET + {offset}"
    return Code(f"processor.Record({code(row)}, TP, {at}, T0)")


def edge(row: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """The row with its numbers zero and its text empty: divisions by zero, empty matches."""
    zero = {int: 0, float: 0.0, str: ""}
    return {n: zero.get(type(v), v) if n in names else v for n, v in row.items()}
