"""The view model: everything the templates need, precomputed from the typed spec.

Templates only place values; names, converters, DDL and the order of steps are decided here.
"""

import textwrap
from typing import Any

from .. import __version__, components
from ..components.base import (
    FieldTable,
    OpView,
    Place,
    SinkView,
    converter_function,
    duration_text,
    event_time_expr,
)
from ..components.interval_join import IntervalJoinView
from ..components.sessionize import SessionizeView
from ..components.window import WindowView
from ..errors import SpecError
from ..spec import (
    ClickHouseSink,
    DebeziumFormat,
    Enrich,
    KafkaSink,
    Pipeline,
    RedisSink,
    Sessionize,
    Window,
    spec_hash,
)
from ..spec.topic_pattern import subscribed
from .escape import Code, pydoc, pyrepr
from .sql import Table, clickhouse_tables, ddl_statements, distinct_stems, embedded_statements

__all__ = ["FieldTable", "OpView", "SinkView", "converter_function", "duration_text"]

CONVERTER_ORDER = (
    "string", "int", "float", "bool", "timestamp", "timestamp_ms", "timestamp_ticks", "epoch_s",
    "epoch_ms", "epoch_us", "date",
    "json", "text_int", "text_float", "text_bool",
)  # fmt: skip
_QUOTING_CONVERTERS = {"date", "text_bool", "text_float", "text_int", "timestamp", "timestamp_ms"}
_TIME_CONVERTERS = {
    "timestamp", "timestamp_ms", "timestamp_ticks", "epoch_s", "epoch_ms", "epoch_us",
}  # fmt: skip
# Event-time plausibility defaults (run-time flags): earliest date, and how far ahead of the
# processor's wall clock an event may be.
MIN_EVENT_TIME = "2000-01-01"
MAX_CLOCK_SKEW_MS = 300_000
# Seconds a failing Redis or ClickHouse call is retried before the processor stops: longer than
# a service restart, well below Kafka's max.poll.interval.ms (300 s) while no poll happens.
RETRY_BUDGET_S = 60
# A fetch response older than this no longer tells whether a partition has anything left.
FRESH_FETCH_MS = 5_000


# Converters whose check msgspec's type makes exactly (the others run after its native pass).
# Nested JSON stays raw text there and is parsed by orjson, as on the field-by-field path:
# msgspec would keep integers beyond 64 bits that no sink can write back (orjson reads floats).
MSGSPEC_TYPES = {
    "string": "str",
    "int": "Int64",
    "float": "float",
    "bool": "bool",
    "json": "msgspec.Raw",
}


def _iso_event_time(spec: Pipeline) -> str | None:
    """The source's event-time field when it is an ISO 8601 timestamp field of a record that
    operators read (not a Debezium change)."""
    name = spec.source.event_time
    if name is None or spec.source.event_time_format != "iso8601" or not spec.operators:
        return None
    if isinstance(spec.source.format, DebeziumFormat):
        return None
    kind = next((f.type for f in spec.schema_.fields if f.name == name), None)
    return name if kind == "timestamp" else None


def event_time_held_as_ms(spec: Pipeline) -> bool:
    """Whether the source's ISO 8601 event-time field can stay epoch ms in the rows (issue #15:
    no datetime made per record): the first step is a window that reads it as event time only
    (not a group or aggregated field), so no later step or sink ever sees it; or the rows reach
    only ClickHouse inserts (`timestamps_as_ticks`)."""
    name = _iso_event_time(spec)
    if name is None:
        return False
    first = spec.operators[0]
    return timestamps_as_ticks(spec) or (
        isinstance(first, Window)
        and name not in first.group_by
        and all(a.field != name for a in first.aggregates)
    )


def timestamps_as_ticks(spec: Pipeline) -> bool:
    """Whether the event time and the session starts stay epoch ms up to the insert (a
    DateTime64(3) column takes epoch ms as its ticks): the steps are lookups and sessionize,
    none reading or setting the event-time field, and every sink is a ClickHouse rows table.
    Dead letters of late or unmatched records turn the event time back into a timestamp."""
    name = _iso_event_time(spec)
    steps = [op for op in spec.operators if isinstance(op, Enrich | Sessionize)]
    return (
        name is not None
        and not spec.schema_.passthrough
        and len(steps) == len(spec.operators)
        and all(name not in op.reads() and all(f.name != name for f in op.adds()) for op in steps)
        and bool(spec.sinks)
        and all(isinstance(sink, ClickHouseSink) for sink in spec.sinks)
    )


def expression_parts(
    ops: list[OpView],
) -> tuple[list[tuple[Code, Code]], set[tuple[str, str | None]]]:
    """The module constants (compiled patterns) and imports the operators' expressions need."""
    constants: dict[str, str] = {}
    imports: set[tuple[str, str | None]] = set()
    for view in ops:
        for rendering in view.renderings:
            constants |= rendering.constants
            imports |= rendering.imports
    return [(Code(name), Code(source)) for name, source in sorted(constants.items())], imports


def _sink_views(spec: Pipeline, tables: list[Table]) -> list[SinkView]:
    views: list[SinkView] = []
    for sink in spec.sinks:
        count = sum(type(other) is type(sink) for other in spec.sinks)
        views += components.sink(sink).views(spec, sink, tables, count)
    attrs = [view.attr for view in views]
    clash = next((attr for attr in attrs if attrs.count(attr) > 1), None)
    if clash:  # names made from tables and topics can meet (a table `kafka_x`, a topic `x_table`)
        raise SpecError(f"two sinks would both be the processor's {clash!r}: rename one of them")
    return views


def _wrap(text: str) -> Code:
    """Free text as docstring lines: escaped first, so wrapping cannot split an escape."""
    lines = textwrap.wrap(pydoc(text), width=88, break_on_hyphens=False, break_long_words=False)
    return Code("\n".join(lines))


def build_context(spec: Pipeline) -> dict[str, Any]:
    """Everything processor.py.j2 and the bundle's other templates read."""
    tables = clickhouse_tables(spec)
    source_topics = list(spec.source.topics)
    pattern = spec.source.topic_pattern
    field_tables: list[FieldTable] = []
    cdc: dict[str, Any] | None = None
    fmt = spec.source.format
    if isinstance(fmt, DebeziumFormat):
        prefix = "" if fmt.envelope == "envelope" else "__"
        # the tables' constants (the tests' too): public.orders and shop.orders meet
        names = [t.name for t in fmt.tables]
        stems = [
            s.upper()
            for s in distinct_stems(names, [f"{t.db_schema}_{t.name}" for t in fmt.tables])
        ]
        cdc = {
            "database": fmt.database,
            "binlog": fmt.binlog,
            "envelope": fmt.envelope,
            "history": fmt.mode == "history",
            "soft_delete": fmt.soft_delete,
            "lsn_field": f"{prefix}lsn",
            "file_field": f"{prefix}file",
            "pos_field": f"{prefix}pos",
            "tables": [
                {"topic": fmt.topic_for(t), "stem": stem, "const": f"{stem}_FIELDS", "table": t}
                for t, stem in zip(fmt.tables, stems, strict=True)
            ],
        }
        for t, stem in zip(fmt.tables, stems, strict=True):
            keys = set(t.primary_key)
            columns = [c.model_copy(update={"required": c.name in keys}) for c in t.columns]
            # A CDC row goes to its ClickHouse table and nowhere else (no operators, one sink):
            # its timestamps stay DateTime64 ticks from the decode to the insert.
            field_tables.append(
                FieldTable(f"{stem}_FIELDS", f"{t.db_schema}.{t.name} columns (primary key required)",
                           columns, [fmt.topic_for(t)], timestamps_as_ticks=True)
            )  # fmt: skip
    else:
        main_fields = list(spec.schema_.fields)
        time_format = spec.source.event_time_format
        held_as_ms = event_time_held_as_ms(spec)
        field_tables.append(
            FieldTable("FIELDS", f"Fields of {spec.source.subscription_text} records", main_fields,
                       source_topics or [spec.source.example_topic],
                       event_time_expr(spec.source.event_time, main_fields, time_format, held_as_ms),
                       spec.source.event_time, time_format, held_as_ms)
        )  # fmt: skip

    ops: list[OpView] = []
    results_sink = bool(tables) and tables[0].kind == "results"
    flow = spec.field_flow()
    for index, (op, available) in enumerate(zip(spec.operators, flow, strict=False)):
        same_kind = [other for other in spec.operators if type(other) is type(op)]
        number = next(i for i, other in enumerate(same_kind, start=1) if other is op)
        before = spec.operators[index - 1] if index else None
        after = tuple(spec.operators[index + 1 :])
        place = Place(
            number,
            len(same_kind),
            available,
            results_sink,
            before,
            tuple(same_kind),
            after,
            passthrough=spec.schema_.passthrough,
        )
        component = components.operator(op)
        ops.append(component.view(op, place))
        field_tables += component.field_tables(op)
    ticks = cdc is None and timestamps_as_ticks(spec)
    if ticks:
        # Every step may dead-letter a row whose event time is epoch ms; the session starts
        # are epoch ms too, and the insert sends both as they are (Arrow takes ticks).
        for view in ops:
            view.event_time_ms_field = spec.source.event_time
            if isinstance(view, SessionizeView):
                view.start_as_ticks = True
    elif cdc is None and event_time_held_as_ms(spec):
        ops[0].event_time_ms_field = spec.source.event_time

    # An interval join first keeps the decoded rows it is given for minutes: as the decoder's
    # Structs, not dicts, they cost no asdict() each and fewer objects to keep and to free
    # (issue #15). A tumbling or hopping window first reads a few fields of each row once:
    # the Struct's attributes, with no dict built per record. Their outputs are dicts again,
    # for any step or sink after them.
    first = ops[0] if ops else None
    struct_rows = False
    reads_structs = isinstance(first, IntervalJoinView) or (
        isinstance(first, WindowView) and first.spec.type in ("tumbling", "hopping")
    )
    if reads_structs and cdc is None and not spec.schema_.passthrough:
        assert isinstance(first, IntervalJoinView | WindowView)
        first.structs = struct_rows = True
        for table in field_tables:
            if table.topics:
                table.event_time_expr = event_time_expr(
                    table.event_time,
                    table.fields,
                    table.event_time_format,
                    table.event_time_held_as_ms,
                    struct_rows=True,
                )
    sinks = _sink_views(spec, tables)
    streams = [t for t in field_tables if t.topics]
    # One stream whose native pass checks every field but the event time, held as epoch ms,
    # and at most one optional nested JSON field: the decode loop parses and converts those
    # itself, with `decode_row` as the fallback (issue #15: no calls, getattr and setattr per
    # record; a dict row is the Struct's asdict() then)
    inline_event_time = inline_nested = None
    one_stream = len(streams) == 1 and cdc is None and not spec.schema_.passthrough
    if one_stream and streams[0].event_time_held_as_ms:
        stream = streams[0]
        kinds = {f.name: stream.converter_kind(f) for f in stream.fields}
        unchecked = [name for name, kind in kinds.items() if kind not in MSGSPEC_TYPES]
        nested = [f for f in stream.fields if kinds[f.name] == "json"]
        one_optional = not nested or (len(nested) == 1 and not nested[0].required)
        if unchecked == [stream.event_time] and one_optional:
            inline_event_time = stream.event_time
            inline_nested = nested[0].name if nested else None
    converters = {t.converter_kind(f) for t in field_tables for f in t.fields}
    for view in ops:
        converters |= view.converters
    if "timestamp_ticks" in converters:
        converters.add("timestamp")  # its rare cases (text, out of range) are _as_timestamp's
    clickhouse = next((s for s in spec.sinks if isinstance(s, ClickHouseSink)), None)
    redis_purposes = []
    if any("redis" in view.needs for view in ops):
        redis_purposes.append("lookups")
    if any("redis" in components.sink(s).needs for s in spec.sinks):
        redis_purposes.append("writes")
    steps = ["decode and validate"] + [components.operator(op).step_doc for op in spec.operators]
    needs_time_range = bool(converters & _TIME_CONVERTERS) or cdc is None
    time_from_epoch_ms = any(c == "timestamp" or c.startswith("epoch_") for c in converters)
    expression_constants, expression_imports = expression_parts(ops)
    datetime_names = ["UTC", "datetime"] + (["date"] if "date" in converters else [])
    if "date" in converters or needs_time_range:
        datetime_names.append("timedelta")
    for module, name in sorted(expression_imports, key=str):
        if module == "datetime" and name and name not in datetime_names:
            datetime_names.append(name)
    summary = (
        spec.description.split(". ")[0].rstrip(".") if spec.description else "streaming processor"
    )
    title = textwrap.shorten(f"{spec.name}: {summary}", width=85, placeholder="...")
    joined = [topic for op in spec.operators for topic in components.operator(op).joined_topics(op)]
    # a topic both read and joined (a hand-written spec) is subscribed to and checked once
    subscribed_topics = list(dict.fromkeys(source_topics + joined))
    lead_ms = min((op.lead_ms for op in ops if op.lead_ms is not None), default=None)
    return {
        "spec": spec,
        "name": spec.name,
        "module": spec.name,
        "title": title,
        "description_lines": _wrap(spec.description),
        "version": __version__,
        "spec_hash": spec_hash(spec),
        "converters": [c for c in CONVERTER_ORDER if c in converters],
        # JSON sources decode and validate in one msgspec pass (records.py.j2 RecordDecoder),
        # Debezium changes too (cdc.py.j2 ChangeDecoder); records passed on whole are parsed
        # once and their few listed fields checked one by one (PassthroughDecoder)
        "fast_decode": bool(streams) and not spec.schema_.passthrough,
        "passthrough": spec.schema_.passthrough,
        "native_types": [(t, Code(n)) for t, n in MSGSPEC_TYPES.items() if t in converters],
        "raw_json": "json" in converters,
        "struct_rows": struct_rows,
        "inline_event_time": inline_event_time,
        "inline_nested": inline_nested,
        "streams": streams,
        "field_tables": field_tables,
        "needs_time_range": needs_time_range,
        # the converters that turn epoch ms into a datetime: text timestamps and epoch numbers
        "needs_time_from_epoch_ms": time_from_epoch_ms,
        # the converters whose refusals quote the value (_brief)
        "needs_brief": time_from_epoch_ms or bool(converters & _QUOTING_CONVERTERS),
        "needs_heapq": any(view.holds or "heapq" in view.needs for view in ops),
        "needs_quantile": any("quantile" in view.needs for view in ops),
        "datetime_imports": ", ".join(datetime_names),
        "needs_re": ("re", None) in expression_imports,
        "expression_constants": expression_constants,
        "clickhouse": clickhouse is not None,
        "redis": bool(redis_purposes),
        "redis_purpose": " and ".join(redis_purposes),
        # how long a failing Redis or ClickHouse call is retried (the --retry-budget-s default)
        "retry_budget_s": RETRY_BUDGET_S,
        "retried_services": " or ".join(
            name for name, used in (("Redis", redis_purposes), ("ClickHouse", clickhouse)) if used
        ),
        "cdc": cdc,
        "dead_letter_topic": dead_letter_topic(spec),
        # the event-time field the steps hold as epoch ms, turned back into a time in a dead letter
        "held_time_field": next(
            (v.event_time_ms_field for v in ops if v.event_time_ms_field), None
        ),
        "operators": ops,
        "sinks": sinks,
        # label values of the written-rows and state-size metrics, for the README
        "sink_labels": [
            label
            for s in sinks
            for label in ([t.name for t in tables] if s.per_table else [s.attr])
        ],
        "state_labels": [op.attr for op in ops if op.sized],
        "sink_templates": list(dict.fromkeys(s.template for s in sinks)),
        "redis_sink": next((s for s in spec.sinks if isinstance(s, RedisSink)), None),
        "window_results": results_sink,
        "topics": subscribed_topics,
        "topic_pattern": pattern,
        "subscribed_pattern": subscribed(pattern) if pattern else None,
        # partition p of every joined topic must meet on one member: the same keys live there
        "copartitioned": subscribed_topics if joined else [],
        "stateful": any(op.resets for op in ops),
        # each operator's watermark, recorded with every commit for the replay after a restart
        "watermarks_expr": Code(
            "{"
            + ", ".join(
                f"{pyrepr(op.attr)}: self.{op.attr}.watermark_ms" for op in ops if op.resets
            )
            + "}"
        ),
        "needs_islice": any("islice" in view.needs for view in ops),
        "needs_deque": any("deque" in view.needs for view in ops),
        "needs_bisect": any("bisect" in view.needs for view in ops),
        "exactly_once": spec.delivery == "exactly_once",
        "kafka_sinks": [s.attr for s in sinks if isinstance(s.spec, KafkaSink)],
        "needs_lowest_offsets": any(view.holds and view.shared_holds for view in ops),
        "uses_clock": any(op.clocked for op in ops),
        # partitions running further ahead of stream time than this are paused (the least of
        # the operators' leads; None: none is)
        "lead_ms": lead_ms,
        "lead_text": duration_text(lead_ms) if lead_ms is not None else None,
        "tables": tables,
        # the event time and session starts reach the insert as DateTime64(3) ticks
        "event_time_ticks": ticks,
        "ddl": ddl_statements(spec),
        "embedded_ddl": embedded_statements(spec),
        "idle_s": 10.0,
        "idle_text": "10 seconds",
        "fresh_fetch_ms": FRESH_FETCH_MS,
        "fresh_fetch_text": duration_text(FRESH_FETCH_MS),
        "min_event_time": MIN_EVENT_TIME,
        "max_clock_skew_ms": MAX_CLOCK_SKEW_MS,
        "max_clock_skew_text": duration_text(MAX_CLOCK_SKEW_MS),
        "event_time_format": None if cdc else spec.source.event_time_format,
        "batch_rows": clickhouse.batch_rows if clickhouse else 500,
        "max_poll_records": spec.source.max_batch_records,
        "flush_interval_ms": clickhouse.flush_interval_ms if clickhouse else 1000,
        "processor_doc": Code(
            textwrap.fill(
                f"Consume in batches, {', '.join(steps)}; write, and commit offsets only once every "
                "output of the records below them is durably written.",
                width=92,
                subsequent_indent="    ",
            )
        ),
    }


def dead_letter_topic(spec: Pipeline) -> str:
    return spec.dead_letter_topic or f"{spec.source.topics[0]}-dlq"
