"""Sample records and expected values for each bundle's generated tests (`test_<name>.py`).

Everything here is derived from the typed spec, independently of the processor's templates: the
expected values are plain Python computed from the sample data, so a generated test compares the
processor against an answer it did not produce itself. Values reach the templates as Python
source built here with `repr()` (plus `datetime(...)`/`date(...)` constructors), never as
unescaped spec text.

`bundle.py` adds this to the view model with `context |= test_context(spec, context)`; the
templates (`test_processor.py.j2`, `tests/*.py.j2`) read it as `tests.*`.
"""

import re
from datetime import date, datetime
from typing import Any

from .. import components
from ..components.base import TestInputs
from ..components.enrich import EnrichView
from ..spec import ClickHouseSink, DebeziumFormat, Field, Pipeline
from ..spec.expressions import constants
from .escape import Code
from .samples import (
    BASE_MS,
    EPOCH,
    EPOCH_DATE,
    FIRST_OFFSET,
    MAX_TRIES,
    candidates,
    code,
    iso,
    moment,
    ms_code,
    mutations,
    sample,
    to_python,
    variants,
    wrong_type,
)

# --- Python source --------------------------------------------------------------------------


def _uses(body: str, token: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(token)}", body) is not None


def imports(body: str) -> list[str]:
    """The test module's imports: exactly the names its rendered body uses (ruff sorts them)."""
    modules = (
        "asyncio",
        "dataclasses",
        "hashlib",
        "json",
        "msgspec",
        "re",
        "statistics",
        "urllib.error",
        "urllib.request",
    )
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


# --- The shared sample, shaped by the pipeline's leading stateless steps ---------------------
#
# Each operator's own test case comes from its component (generator/components/<kind>.py);
# expected results come from reference semantics (`evaluate` for expressions), never from the
# rendered code.


def _simulate(spec: Pipeline, decoded: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """The record before each step of the pipeline's leading filters, maps, selects and
    dedups (then after the last of them), and whether it passes their expression filters."""
    rows, passes = [decoded], True
    for op, fields in zip(spec.operators, spec.field_flow(), strict=False):
        component = components.operator(op)
        if not component.simulated:
            break
        try:
            row, kept = component.reference(op, fields, rows[-1])
        except (ArithmeticError, ValueError, TypeError):
            break
        passes = passes and kept
        rows.append(row)
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
        expr
        for op, fields in zip(spec.operators, spec.field_flow(), strict=False)
        for expr in components.operator(op).sample_conditions(op, fields)
    ]
    rows, passes = _simulate(spec, decode(raw))
    if where and not passes:
        found = [c for expr in where for c in constants(expr)]
        decoded = decode(raw)
        choices = {
            f.name: [_as_raw(v) for v in candidates(f, found, [decoded[f.name]])]
            for f in spec.schema_.fields
            if f.name not in locked and f.type != "json"
        }
        for tries, changed in enumerate(mutations(raw, choices)):
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


def _expected(f: Field, raw: Any, event_time: str | None, t0: int, as_ms: bool = False) -> Any:
    """A decoded value; an event-time timestamp is T0 whatever unit it is written in (epoch
    ms when the rows hold it so, a datetime otherwise)."""
    if f.name == event_time and f.type == "timestamp":
        return t0 if as_ms else moment(t0)
    return to_python(f.type, raw)


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


def _stream(
    spec: Pipeline, context: dict[str, Any], t0: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The source stream's test values, and the sample as it reaches each simulated step."""
    fields = {f.name: f for f in spec.schema_.fields}
    raw = {name: sample(f) for name, f in fields.items()}
    event_time = spec.source.event_time
    fmt = spec.source.event_time_format
    # How an event time `at_ms` is written in a record of the declared format, as Python.
    at_raw = Code("at_ms")
    if event_time:
        is_timestamp = fields[event_time].type == "timestamp"
        if fmt == "iso8601":
            raw[event_time] = iso(t0) if is_timestamp else t0
        elif fmt == "epoch_s":
            raw[event_time] = t0 // 1000
            at_raw = Code("at_ms / 1000" if is_timestamp else "at_ms // 1000")
        elif fmt == "epoch_us":
            raw[event_time] = t0 * 1000
            at_raw = Code("at_ms * 1000")
        else:
            raw[event_time] = t0
    # Steps that choose a sample value (comparison filters) and test it on the way.
    prepared: dict[str, dict[str, Any]] = {}
    for op, view in zip(spec.operators, context["operators"], strict=True):
        test = components.operator(op).shape_sample(op, view, fields, raw)
        if test is not None:
            prepared[view.var] = test

    as_ms = context["field_tables"][0].event_time_held_as_ms

    def decode(values: dict[str, Any]) -> dict[str, Any]:
        return {
            name: _expected(f, values[name], event_time, t0, as_ms) for name, f in fields.items()
        }

    locked = {name for op in spec.operators for name in components.operator(op).locked_fields(op)}
    passes = _pass_expressions(spec, raw, decode, locked | ({event_time} if event_time else set()))
    rows = _simulate(spec, decode(raw))[0]
    required = [n for n, f in fields.items() if f.required]
    optional = [n for n, f in fields.items() if not f.required]
    unknown = "unexpected_field"
    while unknown in fields:
        unknown += "_"
    return {
        "const": context["field_tables"][0].const,
        "topic": code(spec.source.example_topic),
        "raw": raw,
        "sample": code(raw),
        "expected": code(
            {name: _expected(f, raw[name], event_time, t0, as_ms) for name, f in fields.items()}
        ),
        "event_time": event_time,
        "event_time_format": fmt,
        "at_raw": at_raw,
        "hostile": _hostile(fields, event_time, fmt, t0),
        "event_time_type": fields[event_time].type if event_time else None,
        "truncated": code(f'{{"{next(iter(fields), "id")}": '.encode()),
        "source_text": code(f"{spec.source.example_topic}/0/{FIRST_OFFSET}"),
        "wrong": wrong_type(list(fields.values())),
        "missing": next(
            (n for n in required if n != event_time), required[0] if required else None
        ),
        "optional": optional[0] if optional else None,
        "unknown": unknown,
        "fast_decode": context["fast_decode"],
        "struct_rows": context["struct_rows"],
        "passthrough": context["passthrough"],
        "nested": next((n for n, f in fields.items() if f.type == "json"), None),
        "prepared": prepared,
        "passes_expressions": passes,
    }, rows


def _cdc_time(t0: int, index: int) -> int:
    """The epoch ms of every timestamp column of the CDC sample row of table `index`."""
    return t0 - 89_750 + 60_000 * index


def _cdc_typed(kind: str, raw: Any) -> Any:
    """A column of a CDC sample change as its row holds it: a timestamp stays the epoch ms the
    change carries (DateTime64(3) ticks, what the ClickHouse insert writes)."""
    return raw if kind == "timestamp" else to_python(kind, raw)


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
                row[column.name] = _cdc_time(t0, index)
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
                "stem": view["stem"],  # of its constants: the name in capitals, if no other's
                "const": view["const"],
                "topic": code(view["topic"]),
                "row": code(row),
                "expected": code({n: _cdc_typed(types[n], v) for n, v in row.items()}),
                "deleted": code(deleted),
                "deleted_expected": code({n: _cdc_typed(types[n], v) for n, v in deleted.items()}),
                "updated": code(updated),
                "table_text": f"{table.db_schema}.{table.name}",
                "key": table.primary_key[0],
                "stamp": next((c.name for c in table.columns if c.type == "timestamp"), None),
                "wrong": wrong_type(required),
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
        f"{t['stem']}_TP: FIRST_OFFSET + {2 if i == 0 else 1}" for i, t in enumerate(tables)
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
    spec: Pipeline, context: dict[str, Any], stream: dict[str, Any] | None, t0: int
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
        # A timestamp column read back as epoch ms: the change's value stored to the millisecond.
        stamp = next((c.name for c in first.columns if c.type == "timestamp"), None)
        stamps = [f"toUnixTimestamp64Milli({stamp})"] if stamp else []
        at = [_cdc_time(t0, 0)] if stamp else []
        # Names validated by the spec (identifiers), as in the generated DDL.
        target = f"{table.database}.{table.name}"
        if fmt.mode == "history":
            columns = [pk, *([changed.name] if changed else []), *stamps, "_op", "_version"]
            values = [sample(changed), variants(changed, 2)[1]] if changed else []
            stored = {
                "query": f"SELECT {', '.join(columns)} FROM {target} ORDER BY _version",  # noqa: S608
                "rows": code(
                    [
                        (key, *values[i : i + 1], *at, op, versions[i])
                        for i, op in enumerate(("c", "u"))
                    ]
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
            columns = [pk, *([changed.name] if changed else []), *stamps, "_version"]
            value = (key, *([variants(changed, 2)[1]] if changed else []), *at, versions[1])
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
        count = 1 if any(components.operator(op).one_per_key for op in spec.operators) else 3
        doc = "every row of the batch" if count == 3 else "the batch's one unique row"
        if stream and stream["passes_expressions"] is False:
            count, doc = 0, "no row: the sample fails an expression filter"
        # Names validated by the spec (identifiers), as in the generated DDL.
        counts = [f"SELECT count() FROM {t.database}.{t.name}" for t in tables]  # noqa: S608
        if len(tables) > 1:
            doc = f"{doc}, in each of the {len(tables)} tables"
        stored = {
            "query": counts[0] if len(counts) == 1 else f"SELECT ({'), ('.join(counts)})",
            "rows": code([(count,) * len(tables)]),
            "doc": doc,
        }
    return {
        "stored": stored,
        "deleted": deleted,
        "sinks": [s.attr for s in sinks if not s.per_table],
        "clickhouse_sinks": [s.attr for s in sinks if isinstance(s.spec, ClickHouseSink)],
        # Tables whose TTL merges the stored-rows test stops (the sample may be past the TTL).
        "ttl_tables": [f"{t.database}.{t.name}" for t in tables if t.ttl],
        "per_table": any(s.per_table for s in sinks),
        "calls": code(
            [*flushes, "commit"]
            if context["exactly_once"]
            else [*flushes, "flush dead_letters", "commit"]
        ),
        "clickhouse": context["clickhouse"],
        "holds": any(op.holds for op in context["operators"]),
        # each enrichment's Redis, faked with the values its own test stores
        "lookups": [
            (op.attr, f"STORED{op.suffix}")
            for op in context["operators"]
            if isinstance(op, EnrichView)
        ],
    }


def test_context(spec: Pipeline, context: dict[str, Any]) -> dict[str, Any]:
    """Everything `test_processor.py.j2` and `templates/tests/*` read, under the key `tests`."""
    window = spec.window
    t0 = BASE_MS - BASE_MS % window.size_ms if window and window.size_ms else BASE_MS
    stream, rows = (None, []) if context["cdc"] else _stream(spec, context, t0)
    ops: list[dict[str, Any]] = []
    if stream:
        flow = spec.field_flow()
        for index, (op, view) in enumerate(zip(spec.operators, context["operators"], strict=True)):
            inputs = TestInputs(
                spec=spec,
                context=context,
                fields={f.name: f for f in spec.schema_.fields},
                raw=stream["raw"],
                t0=t0,
                at=flow[index],
                row=_row_at(index, rows, flow[index]),
                prepared=stream["prepared"],
            )
            test = components.operator(op).test_case(op, view, inputs)
            if test is not None:
                ops.append(test)
    sinks = [
        test
        for view in context["sinks"]
        if view.spec is not None
        and (test := components.sink(view.spec).test_case(spec, view.spec, view)) is not None
    ]
    return {
        "tests": {
            "sinks": sinks,
            "t0": ms_code(t0),
            "t0_text": iso(t0),
            "first_offset": FIRST_OFFSET,
            "stream": stream,
            "cdc": _cdc(spec, context, t0) if context["cdc"] else None,
            "ops": ops,
            "processor": _processor(spec, context, stream, t0),
            "imports": imports,
        }
    }
