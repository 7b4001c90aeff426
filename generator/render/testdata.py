"""Sample records and expected values for each bundle's generated tests (`test_<name>.py`).

Everything here is derived from the typed spec, independently of the processor's templates: the
expected values are plain Python computed from the sample data, so a generated test compares the
processor against an answer it did not produce itself. Values reach the templates as Python
source built here with `repr()` (plus `datetime(...)`/`date(...)` constructors), never as
unescaped spec text.

`bundle.py` adds this to the view model with `context |= test_context(spec, context)`; the
templates (`test_processor.py.j2`, `tests/*.py.j2`) read it as `tests.*`.
"""

import dataclasses
import itertools
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from math import ceil, floor
from typing import Any

from ..errors import GenerationError
from ..spec import (
    DebeziumFormat,
    Dedup,
    Enrich,
    Field,
    Filter,
    IntervalJoin,
    Map,
    Pipeline,
    Select,
    Sessionize,
    TableJoin,
    Window,
)
from ..spec.expressions import Const, Expr, describe, evaluate, fields_read
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
_COMPARE = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=="}


# --- Python source --------------------------------------------------------------------------


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


def _uses(body: str, token: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(token)}", body) is not None


def imports(body: str) -> list[str]:
    """The test module's imports: exactly the names its rendered body uses (ruff sorts them)."""
    modules = ("asyncio", "hashlib", "json", "re", "statistics", "urllib.error", "urllib.request")
    lines = [f"import {m}" for m in modules if _uses(body, f"{m}.")]
    names = [
        n
        for n, token in (("UTC", "tzinfo=UTC"), ("date", "date("), ("datetime", "datetime("))
        if _uses(body, token)
    ]
    if names:
        lines.append(f"from datetime import {', '.join(names)}")
    abc = [n for n in ("Awaitable", "Callable", "Iterable") if _uses(body, f"{n}[")]
    if abc:
        lines.append(f"from collections.abc import {', '.join(abc)}")
    if _uses(body, "@dataclass"):
        lines.append("from dataclasses import dataclass")
    if _uses(body, "Any"):
        lines.append("from typing import Any")
    if _uses(body, "pytest."):
        lines.append("import pytest")
    if _uses(body, "TopicPartition("):
        lines.append("from aiokafka import TopicPartition")
    if _uses(body, "ConsumerRecord"):
        lines.append("from aiokafka.structs import ConsumerRecord")
    errors = [n for n in ("KafkaConnectionError", "ProducerFenced") if _uses(body, f"{n}(")]
    if errors:
        lines.append(f"from aiokafka.errors import {', '.join(errors)}")
    return lines


# --- Sample values ----------------------------------------------------------------------------


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


def _as_json_text(value: Any) -> Any:
    """How json_dumps writes a decoded value (only dates and timestamps change)."""
    return value.isoformat() if isinstance(value, date) else value


def _wrong_type(fields: list[Field]) -> dict[str, str] | None:
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


# --- Components -------------------------------------------------------------------------------


def _filter_values(op: Filter, field: Field) -> tuple[Any, Any] | None:
    """(a raw value that passes, one that fails), or None when the filter cannot be tested."""
    value, kind = op.value, field.type
    fits = {
        "string": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
    }.get(kind)
    values = value if isinstance(value, list) else [] if value is None else [value]
    if fits is None or not all(fits(v) for v in values):
        return None  # a comparison the field's values can never make: nothing to test
    if (
        kind == "int"
        and op.op in ("eq", "ne", "in", "not_in")
        and any(isinstance(v, float) for v in values)
    ):
        return None

    def outside(avoid: list[Any]) -> Any:
        if kind == "string":
            return "not-" + "-".join(map(str, avoid))
        if kind == "bool":
            return not avoid[0]
        return max(avoid) + 1

    if op.op == "not_null":
        return None if field.required else (sample(field), None)
    if op.op in ("in", "not_in"):
        assert isinstance(value, list)
        listed: tuple[Any, Any] = (value[0], outside(value))
        return listed if op.op == "in" else listed[::-1]
    if op.op in ("eq", "ne"):
        equal: tuple[Any, Any] = (value, outside([value]))
        return equal if op.op == "eq" else equal[::-1]
    if kind == "string":
        if not isinstance(value, str) or not value:
            return None
        more, less = value + "z", ""
        ordered = {
            "gt": (more, value),
            "ge": (value, less),
            "lt": (less, value),
            "le": (value, more),
        }
        return ordered[op.op]
    if kind == "bool" or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if kind == "int":
        low, high = floor(value), ceil(value)
        return {
            "gt": (low + 1, low),
            "ge": (high, high - 1),
            "lt": (high - 1, high),
            "le": (low, low + 1),
        }[op.op]
    number = float(value)
    return {
        "gt": (number + 1, number),
        "ge": (number, number - 1),
        "lt": (number - 1, number),
        "le": (number, number + 1),
    }[op.op]


def _filters(
    context: dict[str, Any], fields: dict[str, Field], raw: dict[str, Any]
) -> list[dict[str, Any]]:
    """One test per filter; the shared sample is changed to pass every filter."""
    tests = []
    for view in context["operators"]:
        op = view.spec
        if not isinstance(op, Filter) or op.field is None or op.field not in fields:
            continue
        values = _filter_values(op, fields[op.field])
        if values is None:
            continue
        raw[op.field] = values[0]
        tests.append(
            {
                "template": "tests/filter.py.j2",
                "var": view.var,
                "field": op.field,
                "pass": code(values[0]),
                "fail": code(values[1]),
            }
        )
    return tests


def _enrich(op: Enrich, view: Any, fields: dict[str, Field], raw: dict[str, Any]) -> dict[str, Any]:
    key_field = fields.get(op.key_field)
    key = f"{op.key_prefix}{to_python(key_field.type, raw[op.key_field]) if key_field else None}"
    profile: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    for mapping in op.fields:
        value = sample(Field(name=mapping.source, type=mapping.type))
        if op.value_format == "json":
            profile[mapping.source] = value
            expected[mapping.target] = to_python(mapping.type, value)
            continue
        # A hash stores text: numbers as digits, booleans as "true"/"false", JSON as its text.
        if mapping.type == "bool":
            text = "true" if value else "false"
        elif mapping.type == "json":
            text = json.dumps(value, separators=(",", ":"))
        else:
            text = str(value)
        profile[mapping.source] = text.encode()
        if mapping.type in ("int", "float", "bool"):
            expected[mapping.target] = value if mapping.type != "float" else float(value)
        else:
            expected[mapping.target] = (
                text if mapping.type == "json" else to_python(mapping.type, text)
            )
    if op.value_format == "json":
        stored = Code(f"{{{code(key)}: json.dumps({code(profile)}).encode()}}")
    else:
        stored = code({key: profile})
    return {
        "template": "tests/enrich.py.j2",
        "cls": view.cls,
        "key": code(key),
        "stored": stored,
        "expected": code(expected),
        "empty": code(dict.fromkeys(expected)),
        "on_miss": op.on_miss,
        "round_trip": "mget" if op.value_format == "json" else "pipeline",
        "cached": op.cache_ttl_ms > 0 and op.cache_max_entries > 0,
    }


def _sessionize(op: Sessionize, view: Any, fields: dict[str, Field], t0: int) -> dict[str, Any]:
    gap = op.gap_ms
    k = gap // 5  # the example is in units of gap / 5
    if 8 * k <= gap or 4 * k >= gap:
        raise GenerationError(f"generated tests: a session gap of {gap} ms is too small to test")
    key_field = fields.get(op.key) or Field(name=op.key)
    keys = variants(key_field, 2)
    start = t0 + 10 * k
    added = [f.name for f in op.adds()]
    distinct = None
    if op.distinct_field:
        pages = variants(fields.get(op.distinct_field) or Field(name=op.distinct_field), 3)
        distinct = {
            "field": op.distinct_field,
            "values": [code(pages[0]), code(pages[1]), code(pages[0]), code(pages[2])],
            "count": len({json.dumps(p) for p in pages}),
            "output": added[4],
        }
    return {
        "template": "tests/sessionize.py.j2",
        "cls": view.cls,
        "key_field": op.key,
        "raw_key": code(keys[0]),
        "key": code(to_python(key_field.type, keys[0])),
        "other_raw_key": code(keys[1]),
        "gap": ms_code(gap),
        "grace": ms_code(op.grace_ms),
        "k": ms_code(k),
        "session_id_field": added[0],
        "start_field": added[1],
        "duration_field": added[2],
        "count_field": added[3],
        "merged_session_id": code(f"{to_python(key_field.type, keys[0])}:{start}"),
        "merged_start": code(moment(start)),
        "merged_start_text": iso(start),
        "distinct": distinct,
    }


def _dedup(op: Dedup, view: Any, fields: dict[str, Field]) -> dict[str, Any]:
    first = fields.get(op.key[0]) or Field(name=op.key[0])
    return {
        "template": "tests/dedup.py.j2",
        "cls": view.cls,
        "horizon": ms_code(op.horizon_ms),
        "key_field": op.key[0],
        "other_key": code(variants(first, 2)[1]),
    }


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


def _window(
    op: Window, view: Any, fields: dict[str, Field], event_time: str, t0: int
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
            "compare": _COMPARE[having.op],
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


def _join(
    op: IntervalJoin,
    view: Any,
    fields: dict[str, Field],
    raw: dict[str, Any],
    context: dict[str, Any],
    t0: int,
) -> dict[str, Any]:
    right_fields = {f.name: f for f in op.right_fields}
    right = {f.name: sample(f) for f in op.right_fields}
    right[op.right_key] = raw.get(op.left_key, right[op.right_key])
    right[op.right_event_time] = t0
    # The pairs are told apart by a copied right-hand field: a label, or the right's event time.
    label = next(
        (m for m in op.fields if m.source not in (op.right_key, op.right_event_time)),
        next((m for m in op.fields if m.source == op.right_event_time), op.fields[0]),
    )
    lower, upper = t0 - op.before_ms, t0 + op.after_ms
    if label.source == op.right_event_time:
        label_raw = None
        kind = right_fields[label.source].type
        matched = [to_python(kind, lower), to_python(kind, upper)]
    else:
        source = right_fields[label.source]
        if source.type == "string":
            label_raw = ["too-early", "at-lower-bound", "at-upper-bound", "too-late"]
        else:
            label_raw = variants(source, 4)
        matched = [to_python(source.type, label_raw[1]), to_python(source.type, label_raw[2])]
    # The pair at the lower bound, after json_dumps: its dates and timestamps as ISO 8601 text.
    left_row = {name: to_python(f.type, raw[name]) for name, f in fields.items()}
    event_time = context["spec"].source.event_time
    if event_time:
        left_row[event_time] = to_python(fields[event_time].type, t0)
    right_row = {name: to_python(f.type, right[name]) for name, f in right_fields.items()}
    right_row[op.right_event_time] = to_python(right_fields[op.right_event_time].type, lower)
    if label_raw is not None:
        right_row[label.source] = to_python(right_fields[label.source].type, label_raw[1])
    joined = {**left_row, **{m.target: right_row[m.source] for m in op.fields}}
    as_json = {k: _as_json_text(v) for k, v in joined.items() if isinstance(v, date)}
    return {
        "template": "tests/interval_join.py.j2",
        "cls": view.cls,
        "right_topic": code(op.right_topic),
        "right_topic_text": op.right_topic,
        "right_const": next(t.const for t in context["field_tables"] if op.right_topic in t.topics),
        "right_event_time": op.right_event_time,
        "right_sample": code(right),
        "left_key": op.left_key,
        "before": ms_code(op.before_ms),
        "after": ms_code(op.after_ms),
        "grace": ms_code(op.grace_ms),
        "label_source": label.source if label_raw is not None else None,
        "label_raw": [code(v) for v in label_raw] if label_raw is not None else None,
        "label_target": label.target,
        "matched": code(matched),
        "as_json": code(as_json) if as_json else None,
    }


def _table_join(
    op: TableJoin, view: Any, raw: dict[str, Any], context: dict[str, Any]
) -> dict[str, Any]:
    right_fields = {f.name: f for f in op.right_fields}
    row = {f.name: sample(f) for f in op.right_fields}
    row[op.right_key] = raw.get(op.left_key, row[op.right_key])
    label = next((m for m in op.fields if m.source != op.right_key), op.fields[0])
    newer = {**row, label.source: variants(right_fields[label.source], 2)[1]}
    expected = {m.target: to_python(right_fields[m.source].type, row[m.source]) for m in op.fields}
    return {
        "template": "tests/table_join.py.j2",
        "cls": view.cls,
        "const": next(t.const for t in context["field_tables"] if t.const == view.fields_const),
        "topic": code(op.table_topic),
        "row": code(row),
        "newer": code(newer),
        "label": label.target,
        "newer_label": code(to_python(right_fields[label.source].type, newer[label.source])),
        "expected": code(expected),
        "empty": code(dict.fromkeys(expected)),
        "key_bytes": code(json.dumps(row[op.right_key]).encode()),
    }


# --- Expression operators: filter on an expression, map, select ----------------------------
#
# Test records are found by trying values (the expression's own constants and the neighbours
# of its numbers, sample values, zero and empty text, None where a field may be missing) until
# the expression is true, false and null. Expected results come from `evaluate`, the language's
# reference semantics, never from the rendered code.

MAX_TRIES = 20_000  # evaluations spent looking for records, per search
_PLAIN_VALUES: dict[str, list[Any]] = {
    "int": [0, -1],
    "float": [0.0, -1.5],
    "string": [""],
    "bool": [True, False],
}


def _constants(expr: Any) -> list[Any]:
    """Every constant in an expression tree, in order."""
    if isinstance(expr, Const):
        return [expr.value]
    found: list[Any] = []
    for item in dataclasses.fields(expr):
        value = getattr(expr, item.name)
        for child in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(child):
                found.extend(_constants(child))
    return found


def _fits(kind: str, value: Any) -> bool:
    checks = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, float),
        "string": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "timestamp": lambda v: isinstance(v, datetime),
        "date": lambda v: isinstance(v, date) and not isinstance(v, datetime),
    }
    return kind in checks and checks[kind](value)


def _candidates(field: Field, constants: list[Any], seen: list[Any]) -> list[Any]:
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
        typed = float(value) if field.type == "float" and _fits("int", value) else value
        fresh = not any(type(typed) is type(o) and typed == o for o in out)
        if typed is not None and _fits(field.type, typed) and fresh:
            out.append(typed)
    return out + ([None] if not field.required else [])


def _outcome(expr: Expr, row: dict[str, Any]) -> Any:
    try:
        return evaluate(expr, row)
    except (ArithmeticError, ValueError, TypeError):  # an overflow and the like: no test case
        return "error"


def _mutations(row: dict[str, Any], choices: dict[str, list[Any]]) -> Iterator[dict[str, Any]]:
    """The row itself, then rows with one field changed, then with two."""
    yield row
    for size in (1, 2):
        for names in itertools.combinations(list(choices), size):
            for values in itertools.product(*(choices[n] for n in names)):
                yield {**row, **dict(zip(names, values, strict=True))}


def _after(op: Any, fields: list[Field], row: dict[str, Any]) -> dict[str, Any]:
    """The record after a map or a select (reference semantics); filters leave it as it is."""
    if isinstance(op, Map):
        out = dict(row)
        for item, expr, _ in op.computed(fields):
            out[item.name] = evaluate(expr, out)
        return out
    if isinstance(op, Select):
        return {after.name: row[before] for before, after in op.pairs(fields)}
    return row


def _simulate(spec: Pipeline, decoded: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """The record before each step of the pipeline's leading filters, maps, selects and
    dedups (then after the last of them), and whether it passes their expression filters."""
    rows, passes = [decoded], True
    for op, fields in zip(spec.operators, spec.field_flow(), strict=False):
        if not isinstance(op, Filter | Map | Select | Dedup):
            break
        if isinstance(op, Filter) and op.where is not None:
            passes = passes and _outcome(op.condition(fields), rows[-1]) is True
        try:
            rows.append(_after(op, fields, rows[-1]))
        except (ArithmeticError, ValueError, TypeError):
            break
    return rows, passes


def _as_raw(value: Any) -> Any:
    """A decoded value as the source topic's JSON carries it."""
    if isinstance(value, datetime):
        return iso(round((value - EPOCH).total_seconds() * 1000))
    if isinstance(value, date):
        return value.isoformat()
    return value


def _pass_expressions(
    spec: Pipeline, raw: dict[str, Any], decode: Any, locked: set[str]
) -> bool | None:
    """Change the shared sample so that it passes every expression filter, where a change of
    one or two of its values does. Whether it passes (None: other steps come first)."""
    where = [
        op.condition(fields)
        for op, fields in zip(spec.operators, spec.field_flow(), strict=False)
        if isinstance(op, Filter) and op.where is not None
    ]
    rows, passes = _simulate(spec, decode(raw))
    if where and not passes:
        constants = [c for expr in where for c in _constants(expr)]
        decoded = decode(raw)
        choices = {
            f.name: [_as_raw(v) for v in _candidates(f, constants, [decoded[f.name]])]
            for f in spec.schema_.fields
            if f.name not in locked and f.type != "json"
        }
        for tries, changed in enumerate(_mutations(raw, choices)):
            if tries > MAX_TRIES:
                break
            rows, passes = _simulate(spec, decode(changed))
            if passes:
                raw.update(changed)
                break
    return passes if len(rows) == len(spec.operators) + 1 else None


def _row_at(index: int, rows: list[dict[str, Any]], fields: list[Field]) -> dict[str, Any]:
    """The sample as it reaches step `index`, or sample values where steps came first that the
    tests do not simulate."""
    if index < len(rows):
        return rows[index]
    return {
        f.name: to_python(f.type, sample(f)) if f.name not in rows[-1] else rows[-1][f.name]
        for f in fields
    }


def _record_code(row: dict[str, Any], offset: int) -> Code:
    at = "FIRST_OFFSET" if offset == 0 else f"FIRST_OFFSET + {offset}"
    return Code(f"processor.Record({code(row)}, TP, {at}, T0)")


def _expression_filter(
    view: Any, expr: Expr, fields: list[Field], row: dict[str, Any]
) -> dict[str, Any] | None:
    by_name = {f.name: f for f in fields}
    constants = _constants(expr)
    choices = {
        name: _candidates(by_name[name], constants, [row[name]])
        for name in sorted(fields_read(expr))
    }
    found: dict[Any, dict[str, Any]] = {}
    for tries, candidate in enumerate(_mutations(row, choices)):
        if tries > MAX_TRIES or len(found) == 3:
            break
        outcome = _outcome(expr, candidate)
        if outcome in (True, False, None) and outcome not in found:
            found[outcome] = candidate
    if True not in found or False not in found:
        return None  # an expression no tried record makes both true and false
    cases = [(name, found[v]) for name, v in (("true", True), ("false", False), ("null", None))
             if v in found]  # fmt: skip
    return {
        "template": "tests/expression_filter.py.j2",
        "var": view.var,
        "doc": f"`{describe(expr)}`: the records below make it {', '.join(n for n, _ in cases)}.",
        "records": [(f"when_{name}", _record_code(r, i)) for i, (name, r) in enumerate(cases)],
        "kept": [f"when_{name}" for name, r in cases if evaluate(expr, r) is True],
    }


def _edge(row: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """The row with its numbers zero and its text empty: divisions by zero, empty matches."""
    zero = {int: 0, float: 0.0, str: ""}
    return {n: zero.get(type(v), v) if n in names else v for n, v in row.items()}


def _map(view: Any, op: Map, fields: list[Field], row: dict[str, Any]) -> dict[str, Any]:
    computed = op.computed(fields)
    read = {n for _, expr, _ in computed for n in fields_read(expr)} & {f.name for f in fields}
    nullable = {f.name for f in fields if not f.required and f.name in read}
    inputs = [row, _edge(row, read)]
    if nullable:
        inputs.append({n: None if n in nullable else v for n, v in row.items()})
    cases = []
    for values in inputs:
        try:
            cases.append((values, _after(op, fields, values)))
        except (ArithmeticError, ValueError, TypeError):
            continue
    return {
        "template": "tests/map.py.j2",
        "var": view.var,
        "doc": "; ".join(f"{item.name} = {describe(expr)}" for item, expr, _ in computed)
        + f" (on a sample, with numbers zero and text empty{', with missing inputs' if nullable else ''}).",
        "records": [_record_code(before, i) for i, (before, _) in enumerate(cases)],
        "expected": [code(after) for _, after in cases],
        "names": ", ".join(item.name for item, _, _ in computed),
    }


def _select(view: Any, op: Select, fields: list[Field], row: dict[str, Any]) -> dict[str, Any]:
    pairs = op.pairs(fields)
    return {
        "template": "tests/select.py.j2",
        "var": view.var,
        "record": _record_code(row, 0),
        # plain Python, not the processor's: each kept field under its new name, in order
        "expected": code([(after.name, row[before]) for before, after in pairs]),
    }


def _expression_ops(
    spec: Pipeline, context: dict[str, Any], rows: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """One test per expression filter, map and select, by the view's function name."""
    tests: dict[str, dict[str, Any]] = {}
    flow = spec.field_flow()
    for index, (op, view) in enumerate(zip(spec.operators, context["operators"], strict=True)):
        fields = flow[index]
        row = _row_at(index, rows, fields)
        test: dict[str, Any] | None = None
        if isinstance(op, Filter) and op.where is not None:
            test = _expression_filter(view, op.condition(fields), fields, row)
        elif isinstance(op, Map):
            test = _map(view, op, fields, row)
        elif isinstance(op, Select):
            test = _select(view, op, fields, row)
        if test is not None:
            tests[view.var] = test
    return tests


def _expected(f: Field, raw: Any, event_time: str | None, t0: int) -> Any:
    """A decoded value; an event-time timestamp is T0 whatever unit it is written in."""
    return moment(t0) if f.name == event_time and f.type == "timestamp" else to_python(f.type, raw)


def _hostile(
    fields: dict[str, Field], event_time: str | None, fmt: str, t0: int
) -> list[dict[str, str]]:
    """Records a production topic does carry, each one a dead letter: (id, field, raw value as
    Python, the reason it must get)."""
    out = []
    wide = next((n for n, f in fields.items() if f.type == "int" and n != event_time), None)
    if wide:
        out.append({"id": "int-beyond-int64", "field": wide, "value": Code("2**63"),
                    "reason": f"invalid: {wide}: 9223372036854775808 is outside the Int64 range"})  # fmt: skip
    if not event_time:
        return out
    is_timestamp = fields[event_time].type == "timestamp"

    def written(ms: int) -> str:
        if fmt == "iso8601":
            return code(iso(ms)) if is_timestamp else code(ms)
        return code({"epoch_s": ms // 1000, "epoch_us": ms * 1000}.get(fmt, ms))

    cases = [("epoch-plus-1e16", Code("10**16")), ("epoch-minus-1e16", Code("-(10**16)")),
             ("dated-2100", written(4_102_444_800_000))]  # fmt: skip
    if fmt in ("iso8601", "epoch_ms"):
        cases.append(("epoch-seconds-as-ms", code(t0 // 1000)))
    if is_timestamp and fmt == "iso8601":
        cases.append(("year-1-with-offset", code("0001-01-01T00:00:00+01:00")))
    out += [
        {"id": id_, "field": event_time, "value": value, "reason": "implausible time: "}
        for id_, value in cases
    ]
    return out


def _stream(spec: Pipeline, context: dict[str, Any], t0: int) -> dict[str, Any]:
    fields = {f.name: f for f in spec.schema_.fields}
    raw = {name: sample(f) for name, f in fields.items()}
    event_time = spec.source.event_time
    fmt = spec.source.event_time_format
    # How an event time `at_ms` is written in a record of the declared format, as Python.
    at_raw = "at_ms"
    if event_time:
        is_timestamp = fields[event_time].type == "timestamp"
        if fmt == "iso8601":
            raw[event_time] = iso(t0) if is_timestamp else t0
        elif fmt == "epoch_s":
            raw[event_time] = t0 // 1000
            at_raw = "at_ms / 1000" if is_timestamp else "at_ms // 1000"
        elif fmt == "epoch_us":
            raw[event_time] = t0 * 1000
            at_raw = "at_ms * 1000"
        else:
            raw[event_time] = t0
    filters = _filters(context, fields, raw)

    def decode(values: dict[str, Any]) -> dict[str, Any]:
        return {name: _expected(f, values[name], event_time, t0) for name, f in fields.items()}

    locked = {op.field for op in spec.operators if isinstance(op, Filter) and op.field}
    passes = _pass_expressions(spec, raw, decode, locked | ({event_time} if event_time else set()))
    expression_ops = _expression_ops(spec, context, _simulate(spec, decode(raw))[0])
    required = [n for n, f in fields.items() if f.required]
    optional = [n for n, f in fields.items() if not f.required]
    unknown = "unexpected_field"
    while unknown in fields:
        unknown += "_"
    return {
        "const": context["field_tables"][0].const,
        "topic": code(spec.source.topics[0]),
        "raw": raw,
        "sample": code(raw),
        "expected": code(
            {name: _expected(f, raw[name], event_time, t0) for name, f in fields.items()}
        ),
        "event_time": event_time,
        "event_time_format": fmt,
        "at_raw": at_raw,
        "hostile": _hostile(fields, event_time, fmt, t0),
        "event_time_type": fields[event_time].type if event_time else None,
        "truncated": code(f'{{"{next(iter(fields))}": '.encode()),
        "source_text": code(f"{spec.source.topics[0]}/0/{FIRST_OFFSET}"),
        "wrong": _wrong_type(list(fields.values())),
        "missing": next(
            (n for n in required if n != event_time), required[0] if required else None
        ),
        "optional": optional[0] if optional else None,
        "unknown": unknown,
        "filters": filters,
        "expression_ops": expression_ops,
        "passes_expressions": passes,
    }


def _cdc(spec: Pipeline, context: dict[str, Any], t0: int) -> dict[str, Any]:
    fmt = spec.source.format
    assert isinstance(fmt, DebeziumFormat)
    prefix = "" if fmt.envelope == "envelope" else "__"
    tables = []
    for index, (table, view) in enumerate(zip(fmt.tables, context["cdc"]["tables"], strict=True)):
        keys = set(table.primary_key)
        types = {c.name: c.type for c in table.columns}
        row: dict[str, Any] = {}
        for column in table.columns:
            if column.type == "timestamp":  # time.precision.mode=connect: epoch milliseconds
                row[column.name] = t0 - 89_750 + 60_000 * index
            elif column.type == "date":  # ... and days since the epoch
                row[column.name] = (date(2024, 4, 30) - EPOCH_DATE).days
            else:
                row[column.name] = sample(column)
        deleted = {name: (value if name in keys else None) for name, value in row.items()}
        changed = next(
            (c for c in table.columns if c.name not in keys and c.type == "string"), None
        )
        updated = {**row, changed.name: variants(changed, 2)[1]} if changed else dict(row)
        required = [c.model_copy(update={"required": c.name in keys}) for c in table.columns]
        tables.append(
            {
                "name": table.name,
                "const": view["const"],
                "topic": code(view["topic"]),
                "row": code(row),
                "expected": code({n: to_python(types[n], v) for n, v in row.items()}),
                "deleted": code(deleted),
                "deleted_expected": code({n: to_python(types[n], v) for n, v in deleted.items()}),
                "updated": code(updated),
                "table_text": f"{table.db_schema}.{table.name}",
                "key": table.primary_key[0],
                "wrong": _wrong_type(required),
                "source_text": code(f"{view['topic']}/0/{FIRST_OFFSET}"),
            }
        )
    positions: list[tuple[dict[str, Any], Code, str]]
    if not fmt.binlog:
        positions = [
            ({f"{prefix}lsn": lsn}, ms_code(lsn), f"WAL position (LSN) {lsn}")
            for lsn in (24_023_128, 24_023_456, 24_023_792)
        ]
        position_error = "lsn"
        position_reason = rf"invalid: {prefix}lsn: "
    else:
        positions = [
            (
                {f"{prefix}file": "mysql-bin.000003", f"{prefix}pos": pos},
                Code(f"(3 << 32) + {pos}"),
                f"binlog file 3, position {pos}",
            )
            for pos in (154, 412, 873)
        ]
        position_error = "binlog position"
        position_reason = "invalid: source: bad binlog position"
    connector = {"postgres": "postgresql"}.get(fmt.database, fmt.database)
    # changes(): two changes on the first table's partition, one on each other table's.
    committed = [
        f"{t.name.upper()}_TP: FIRST_OFFSET + {2 if i == 0 else 1}"
        for i, t in enumerate(fmt.tables)
    ]
    pending = [f"{t['topic']}: {2 if i == 0 else 1}" for i, t in enumerate(tables)]
    return {
        "committed": Code("{" + ", ".join(committed) + "}"),
        "pending": Code("{" + ", ".join(pending) + "}"),
        "envelope": fmt.envelope == "envelope",
        "history": fmt.mode == "history",
        "binlog": fmt.binlog,
        "file_field": f"{prefix}file",
        "source": code({"connector": connector, "name": fmt.server_name}),
        "positions": [{"fields": code(p), "version": v, "text": t} for p, v, t in positions],
        "position_error": position_error,
        "position_reason": code(position_reason),
        "tables": tables,
    }


def _processor(
    spec: Pipeline, context: dict[str, Any], stream: dict[str, Any] | None
) -> dict[str, Any]:
    flushes = []
    # Exactly once: Kafka outputs and dead letters leave in the commit's transaction.
    transactional = set(context["kafka_sinks"]) if context["exactly_once"] else set()
    sinks = [s for s in context["sinks"] if s.attr not in transactional]
    for sink in sinks:
        if sink.per_table:
            flushes += [f"flush {t['topic']}" for t in context["cdc"]["tables"]]
        else:
            flushes.append(f"flush {sink.attr}")
    # The one real write, into embedded ClickHouse: what a batch of SAMPLE (or changes()) stores.
    stored = deleted = None
    tables = context["tables"]
    if context["cdc"] and tables:
        fmt = spec.source.format
        assert isinstance(fmt, DebeziumFormat)
        first, table = fmt.tables[0], tables[0]
        changed = next(
            (c for c in first.columns if c.name not in first.primary_key and c.type == "string"),
            None,
        )
        pk = first.primary_key[0]
        key = sample(next(c for c in first.columns if c.name == pk))
        versions = (
            [(3 << 32) | pos for pos in (154, 412, 873)]
            if fmt.binlog
            else [24_023_128, 24_023_456, 24_023_792]
        )  # the POSITIONS of the generated tests
        # Names validated by the spec (identifiers), as in the generated DDL.
        target = f"{table.database}.{table.name}"
        if fmt.mode == "history":
            columns = [pk, *([changed.name] if changed else []), "_op", "_version"]
            values = [sample(changed), variants(changed, 2)[1]] if changed else []
            stored = {
                "query": f"SELECT {', '.join(columns)} FROM {target} ORDER BY _version",  # noqa: S608
                "rows": code(
                    [(key, *values[i : i + 1], op, versions[i]) for i, op in enumerate(("c", "u"))]
                ),
                "doc": "both changes are kept, each with its operation and source position",
            }
            deleted = {
                "truncate": f"TRUNCATE TABLE {target}",
                "name": "as_one_more_audit_row",
                "query": f"SELECT {pk}, _op, _version FROM {target} ORDER BY _version",  # noqa: S608
                "rows": code([(key, op, versions[i]) for i, op in enumerate(("c", "u", "d"))]),
                "doc": "history mode: the delete is one more row, the insert and update stay",
            }
        else:
            columns = [pk, *([changed.name] if changed else []), "_version"]
            value = (key, *([variants(changed, 2)[1]] if changed else []), versions[1])
            stored = {
                "query": f"SELECT {', '.join(columns)} FROM {target} FINAL",  # noqa: S608
                "rows": code([value]),
                "doc": "the update replaced the insert: the later source position wins",
            }
            deleted = {
                "truncate": f"TRUNCATE TABLE {target}",
                "name": "as_a_soft_delete" if fmt.soft_delete else "as_a_hard_delete",
                "query": f"SELECT {pk}, _version, _is_deleted FROM {target} FINAL",  # noqa: S608
                "rows": code([(key, versions[2], 1)] if fmt.soft_delete else []),
                "doc": (
                    "soft delete: FINAL still shows the row, flagged, at the position of the delete"
                    if fmt.soft_delete
                    else "hard delete: FINAL no longer shows the row"
                ),
            }
    elif tables and tables[0].kind == "rows":
        table = tables[0]
        count = 1 if any(isinstance(op.spec, Dedup) for op in context["operators"]) else 3
        doc = "every row of the batch" if count == 3 else "the batch's one unique row"
        if stream and stream["passes_expressions"] is False:
            count, doc = 0, "no row: the sample fails an expression filter"
        stored = {
            "query": f"SELECT count() FROM {table.database}.{table.name}",  # noqa: S608
            "rows": code([(count,)]),
            "doc": doc,
        }
    return {
        "stored": stored,
        "deleted": deleted,
        "sinks": [s.attr for s in sinks if not s.per_table],
        "per_table": any(s.per_table for s in sinks),
        "calls": code(
            [*flushes, "commit"]
            if context["exactly_once"]
            else [*flushes, "flush dead_letters", "commit"]
        ),
        "clickhouse": context["clickhouse"],
        "holds": any(op.holds for op in context["operators"]),
        "lookup": next(
            (op.attr for op in context["operators"] if isinstance(op.spec, Enrich)), None
        ),
    }


def test_context(spec: Pipeline, context: dict[str, Any]) -> dict[str, Any]:
    """Everything `test_processor.py.j2` and `templates/tests/*` read, under the key `tests`."""
    window = spec.window
    t0 = BASE_MS - BASE_MS % window.size_ms if window and window.size_ms else BASE_MS
    stream = None if context["cdc"] else _stream(spec, context, t0)
    ops: list[dict[str, Any]] = []
    if stream:
        fields = {f.name: f for f in spec.schema_.fields}
        raw = stream["raw"]
        filters = {t["var"]: t for t in stream["filters"]}
        for view in context["operators"]:
            op = view.spec
            if view.var in stream["expression_ops"]:
                ops.append(stream["expression_ops"][view.var])
            elif isinstance(op, Filter) and view.var in filters:
                ops.append(filters[view.var])
            elif isinstance(op, Enrich):
                ops.append(_enrich(op, view, fields, raw))
            elif isinstance(op, Dedup):
                ops.append(_dedup(op, view, fields))
            elif isinstance(op, Sessionize):
                ops.append(_sessionize(op, view, fields, t0))
            elif isinstance(op, Window):
                assert spec.source.event_time is not None
                ops.append(_window(op, view, fields, spec.source.event_time, t0))
            elif isinstance(op, IntervalJoin):
                ops.append(_join(op, view, fields, raw, context, t0))
            elif isinstance(op, TableJoin):
                ops.append(_table_join(op, view, raw, context))
    return {
        "tests": {
            "t0": ms_code(t0),
            "t0_text": iso(t0),
            "first_offset": FIRST_OFFSET,
            "stream": stream,
            "cdc": _cdc(spec, context, t0) if context["cdc"] else None,
            "ops": ops,
            "processor": _processor(spec, context, stream),
            "imports": imports,
        }
    }
