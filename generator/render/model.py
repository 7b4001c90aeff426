"""The view model: everything the templates need, precomputed from the typed spec.

Templates only place values; names, converters, DDL and the order of steps are decided here.
"""

import textwrap
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..spec import (
    ClickHouseSink,
    DebeziumFormat,
    Dedup,
    Enrich,
    Field,
    Filter,
    IntervalJoin,
    KafkaSink,
    Map,
    Pipeline,
    RedisSink,
    Select,
    Sessionize,
    StdoutSink,
    TableJoin,
    Window,
    spec_hash,
)
from ..spec.expressions import PythonRendering, describe, to_python
from .escape import Code, pydoc, pyrepr
from .sql import Table, clickhouse_tables, ddl_statements

CONVERTER_ORDER = (
    "string", "int", "float", "bool", "timestamp", "epoch_s", "epoch_ms", "epoch_us", "date",
    "json", "text_int", "text_float", "text_bool",
)  # fmt: skip
_TIME_CONVERTERS = {"timestamp", "epoch_s", "epoch_ms", "epoch_us"}
# Event-time plausibility defaults (run-time flags): earliest date, and how far ahead of the
# processor's wall clock an event may be.
MIN_EVENT_TIME = "2000-01-01"
MAX_CLOCK_SKEW_MS = 300_000
# A fetch response older than this no longer tells whether a partition has anything left.
FRESH_FETCH_MS = 5_000
_HASH_CONVERTERS = {"int": "text_int", "float": "text_float", "bool": "text_bool", "json": "string"}
_OPS = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def duration_text(ms: int) -> str:
    for unit, size in (("hour", 3_600_000), ("minute", 60_000), ("second", 1000)):
        if ms >= size and ms % size == 0:
            count = ms // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{ms} ms"


@dataclass
class FieldTable:
    const: str
    doc: str
    fields: list[Field]
    topics: list[str] = field(default_factory=list)
    event_time_expr: Code = field(default_factory=lambda: Code("self.plausible(message.timestamp)"))
    event_time: str | None = None
    event_time_format: str = "iso8601"

    def converter_kind(self, f: Field) -> str:
        """A timestamp event-time field declared as epoch numbers has its own converter."""
        epoch = self.event_time_format != "iso8601"
        if epoch and f.name == self.event_time and f.type == "timestamp":
            return self.event_time_format
        return f.type

    @property
    def entries(self) -> list[tuple[str, str, bool]]:
        """(field name, converter function, required) for the generated FieldTable."""
        return [(f.name, f"_as_{self.converter_kind(f)}", f.required) for f in self.fields]


@dataclass
class OpView:
    spec: Any
    template: str
    cls: str = ""
    var: str = ""
    attr: str = ""
    ctor_args: str = ""
    holds: bool = False
    startable: bool = False
    transform: list[str] = field(default_factory=list)
    reset: str = ""
    state_size: str = ""  # how many keys the operator's state holds (the state-size metric)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ctor_args = Code(self.ctor_args)  # fixed argument lists of the view's own names
        self.state_size = Code(self.state_size)  # fixed expressions over the view's own names

    def __getattr__(self, name: str) -> Any:  # template access to per-kind values
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class SinkView:
    attr: str
    ctor: str
    template: str
    needs_client: bool = False
    per_table: bool = False
    spec: Any = None


def _event_time_expr(name: str | None, fields: list[Field], fmt: str = "iso8601") -> Code:
    """The record's event time in epoch ms, checked against the plausibility window."""
    if name is None:
        return Code("self.plausible(message.timestamp)")
    kind = next(f.type for f in fields if f.name == name)
    if kind == "timestamp":
        at = f"epoch_ms(row[{pyrepr(name)}])"
    elif fmt == "epoch_s":
        at = f"row[{pyrepr(name)}] * 1000"
    elif fmt == "epoch_us":
        at = f"row[{pyrepr(name)}] // 1000"
    else:  # an integer read as epoch milliseconds
        at = f"row[{pyrepr(name)}]"
    return Code(f"self.plausible({at})")


def _filter_view(op: Filter, index: int, count: int, fields: list[Field]) -> OpView:
    suffix = f"_{index}" if count > 1 else ""
    if op.where is not None:
        expr = op.condition(fields)
        rendering = to_python(expr, row="r.value", mode="condition")
        var = f"keep_matching{suffix}"
        return OpView(op, "operators/filter.py.j2", var=var, transform=[f"records = {var}(records)"],
                      extra={"describe": describe(expr), "condition": Code(rendering.code),
                             "renderings": [rendering]})  # fmt: skip
    if op.op in ("in", "not_in"):
        describe_value = f"{'is' if op.op == 'in' else 'is not'} one of {pyrepr(op.value)}"
    elif op.op == "not_null":
        describe_value = "is present"
    else:
        describe_value = f"{_OPS[op.op]} {pyrepr(op.value)}"
    var = f"keep_where_{op.field}{suffix}"
    return OpView(op, "operators/filter.py.j2", var=var, transform=[f"records = {var}(records)"],
                  extra={"describe": describe_value})  # fmt: skip


def _map_view(op: Map, index: int, count: int, fields: list[Field]) -> OpView:
    var = f"compute_fields{f'_{index}' if count > 1 else ''}"
    computed = []
    renderings = []
    for item, expr, _ in op.computed(fields):
        rendering = to_python(expr, row="row")
        renderings.append(rendering)
        computed.append(
            {"name": item.name, "code": Code(rendering.code), "describe": describe(expr)}
        )
    return OpView(op, "operators/map.py.j2", var=var, transform=[f"records = {var}(records)"],
                  extra={"computed": computed, "renderings": renderings})  # fmt: skip


def _select_view(op: Select, index: int, count: int, fields: list[Field]) -> OpView:
    var = f"select_fields{f'_{index}' if count > 1 else ''}"
    pairs = [(before, after.name) for before, after in op.pairs(fields)]
    described = [name if name == before else f"{before} (as {name})" for before, name in pairs]
    dropped = [f.name for f in fields if f.name not in {before for before, _ in pairs}]
    return OpView(op, "operators/select.py.j2", var=var, transform=[f"records = {var}(records)"],
                  extra={"pairs": pairs, "describe": ", ".join(described),
                         "dropped": ", ".join(dropped)})  # fmt: skip


def expression_parts(
    ops: list[OpView],
) -> tuple[list[tuple[Code, Code]], set[tuple[str, str | None]]]:
    """The module constants (compiled patterns) and imports the operators' expressions need."""
    constants: dict[str, str] = {}
    imports: set[tuple[str, str | None]] = set()
    for view in ops:
        rendering: PythonRendering
        for rendering in view.extra.get("renderings", []):
            constants |= rendering.constants
            imports |= rendering.imports
    return [(Code(name), Code(source)) for name, source in sorted(constants.items())], imports


def converter_function(kind: str) -> str:
    """The generated converter for a field kind ('int', or 'text_int' for Redis hash text)."""
    return f"_text_as_{kind.removeprefix('text_')}" if kind.startswith("text_") else f"_as_{kind}"


def _enrich_view(op: Enrich) -> OpView:
    def kind(field_type: str) -> str:
        return (
            _HASH_CONVERTERS.get(field_type, field_type)
            if op.value_format == "hash"
            else field_type
        )

    fields = [
        {
            "source": m.source,
            "target": m.target,
            "kind": kind(m.type),
            "converter": converter_function(kind(m.type)),
        }
        for m in op.fields
    ]
    return OpView(
        op,
        "operators/enrich.py.j2",
        cls="RedisLookup",
        attr="lookup",
        ctor_args="self.redis, self.dead_letters",
        transform=["records = await self.lookup.process(records)"],
        extra={
            "fields": fields,
            "targets": ", ".join(m.target for m in op.fields),
            "key_doc": f"{op.key_prefix}<{op.key_field}>",
        },
    )


def _sessionize_view(op: Sessionize) -> OpView:
    prefix = op.prefix
    return OpView(
        op,
        "operators/sessionize.py.j2",
        cls="Sessionizer",
        attr="sessions",
        ctor_args="self.dead_letters, self.progress",
        holds=True,
        transform=[
            "records = self.sessions.process(records)",
            "self.sessions.advance(stream_time_ms)",
        ],
        reset="self.sessions.reset()",
        state_size="len(self.sessions.sessions)",
        extra={
            "gap_text": duration_text(op.gap_ms),
            "grace_text": duration_text(op.grace_ms),
            "field_start": f"{prefix}_start",
            "field_duration": f"{prefix}_duration_ms",
            "field_count": f"{prefix}_event_count",
            "field_distinct": f"{prefix}_distinct_{op.distinct_field}",
        },
    )


def _dedup_view(op: Dedup) -> OpView:
    return OpView(
        op,
        "operators/dedup.py.j2",
        cls="Deduplicator",
        attr="dedup",
        ctor_args="self.dead_letters, self.progress",
        holds=True,
        transform=["records = self.dedup.process(records)", "self.dedup.advance(stream_time_ms)"],
        reset="self.dedup.reset()",
        state_size="len(self.dedup.seen)",
        extra={"key_doc": ", ".join(op.key), "horizon_text": duration_text(op.horizon_ms)},
    )


def _accumulator(window: Window, types: dict[str, Field]) -> dict[str, Any]:
    slots: list[str] = []
    init: list[str] = []
    add: list[str] = []
    merge: list[str] = []
    result: list[tuple[str, str]] = []
    for agg in window.aggregates:
        name, source = agg.name, f"row[{pyrepr(agg.field)}]"
        if agg.fn == "count":
            slots.append(name)
            init.append(f"self.{name} = 0")
            add.append(f"self.{name} += 1")
            merge.append(f"self.{name} += other.{name}")
            result.append((name, f"self.{name}"))
            continue
        if agg.fn in ("min", "max"):
            better = "<" if agg.fn == "min" else ">"
            slots.append(name)
            init.append(f"self.{name}: Any = None")
            add += [
                f"if (value := {source}) is not None and (",
                f"    self.{name} is None or value {better} self.{name}",
                "):",
                f"    self.{name} = value",
            ]
            merge += [
                f"if other.{name} is not None and (",
                f"    self.{name} is None or other.{name} {better} self.{name}",
                "):",
                f"    self.{name} = other.{name}",
            ]
            result.append((name, f"self.{name}"))
            continue
        add.append(f"if (value := {source}) is not None:")
        if agg.fn == "sum":
            zero = "0" if agg.field and types[agg.field].type == "int" else "0.0"
            slots.append(name)
            init.append(f"self.{name} = {zero}")
            add.append(f"    self.{name} += value")
            merge.append(f"self.{name} += other.{name}")
            result.append((name, f"self.{name}"))
        elif agg.fn == "avg":
            slots += [f"{name}_sum", f"{name}_count"]
            init += [f"self.{name}_sum = 0.0", f"self.{name}_count = 0"]
            add += [f"    self.{name}_sum += value", f"    self.{name}_count += 1"]
            merge += [
                f"self.{name}_sum += other.{name}_sum",
                f"self.{name}_count += other.{name}_count",
            ]
            result.append(
                (name, f"self.{name}_sum / self.{name}_count if self.{name}_count else None")
            )
        elif agg.fn == "count_distinct":
            slots.append(name)
            init.append(f"self.{name}: set[Any] = set()")
            add.append(f"    self.{name}.add(value)")
            merge.append(f"self.{name} |= other.{name}")
            result.append((name, f"len(self.{name})"))
        else:  # quantile: exact, over the window's values (bounded by the window's size)
            slots.append(name)
            init.append(f"self.{name}: list[float] = []")
            add.append(f"    self.{name}.append(value)")
            merge.append(f"self.{name} += other.{name}")
            result.append((name, f"quantile(self.{name}, {pyrepr(agg.quantile)})"))
    return {
        "slots": slots,
        "init_lines": [Code(line) for line in init],
        "add_lines": [Code(line) for line in add],
        "merge_lines": [Code(line) for line in merge],
        "result_items": [(name, Code(expr)) for name, expr in result],
    }


def _window_view(op: Window, fields: list[Field]) -> OpView:
    if op.type == "session":
        assert op.gap_ms is not None
        describe = f"session windows closed by {duration_text(op.gap_ms)} of inactivity"
    else:
        assert op.size_ms is not None
        describe = f"{duration_text(op.size_ms)} {op.type} windows"
    if op.type == "hopping" and op.slide_ms:
        describe += f" every {duration_text(op.slide_ms)}"
    return OpView(
        op,
        "operators/session_window.py.j2" if op.type == "session" else "operators/window.py.j2",
        cls=f"{op.type.capitalize()}Windows",
        attr="windows",
        ctor_args="self.dead_letters, self.progress",
        holds=True,
        transform=[
            "self.windows.process(records)",
            "records = self.windows.advance(stream_time_ms)",
        ],
        reset="self.windows.reset()",
        state_size=(
            "len(self.windows.open)"
            if op.type == "session"
            else "sum(len(groups) for groups in self.windows.open.values())"
        ),
        extra={
            "accumulator": "WindowAggregates",
            "describe": describe[0].upper() + describe[1:],
            "group_doc": ", ".join(op.group_by) or "nothing (one global group)",
            "grace_text": duration_text(op.grace_ms),
            "has_quantile": any(a.fn == "quantile" for a in op.aggregates),
            **_accumulator(op, {f.name: f for f in fields}),
        },
    )


def _join_view(op: IntervalJoin) -> OpView:
    return OpView(
        op,
        "operators/interval_join.py.j2",
        cls="IntervalJoin",
        attr="join",
        ctor_args="self.dead_letters, self.progress",
        holds=True,
        transform=["records = self.join.process(records)", "self.join.advance(stream_time_ms)"],
        reset="self.join.reset()",
        state_size="len(self.join.left) + len(self.join.right)",
        extra={
            "field_map": {m.source: m.target for m in op.fields},
            "before_text": duration_text(op.before_ms),
            "after_text": duration_text(op.after_ms),
        },
    )


def _table_join_view(op: TableJoin) -> OpView:
    return OpView(
        op,
        "operators/table_join.py.j2",
        cls="TableLookup",
        attr="table_lookup",
        ctor_args="config.bootstrap_servers",
        startable=True,
        state_size="len(self.table_lookup.latest)",
        transform=["records = self.table_lookup.process(records)"],
        extra={
            "field_map": {m.source: m.target for m in op.fields},
            "fields_const": "TABLE_FIELDS",
        },
    )


def _table_ctor(cls: str, table: Table) -> str:
    args = f"self.clickhouse, {pyrepr(table.database)}, {pyrepr(table.name)}, {table.columns_const}"
    if table.json_columns:
        args += ", frozenset({" + ", ".join(pyrepr(c) for c in sorted(table.json_columns)) + "})"
    return Code(f"{cls}({args})")


def _sink_views(spec: Pipeline, tables: list[Table]) -> list[SinkView]:
    views: list[SinkView] = []
    kafka_count = sum(isinstance(s, KafkaSink) for s in spec.sinks)
    for sink in spec.sinks:
        if isinstance(sink, ClickHouseSink):
            if isinstance(spec.source.format, DebeziumFormat):
                fmt = spec.source.format
                entries = ", ".join(
                    f"{pyrepr(fmt.topic_for(t))}: {_table_ctor('ClickHouseTable', tab)}"
                    for t, tab in zip(fmt.tables, tables, strict=True)
                )
                views.append(
                    SinkView(
                        "tables", Code("{" + entries + "}"), "sinks/clickhouse.py.j2", True, True
                    )
                )
            else:
                table = tables[0]
                cls, attr = (
                    ("ClickHouseResults", "results")
                    if table.kind == "results"
                    else ("ClickHouseTable", "table")
                )
                ctor = _table_ctor(cls, table)
                views.append(SinkView(attr, ctor, "sinks/clickhouse.py.j2", True))
        elif isinstance(sink, KafkaSink):
            attr = (
                "kafka"
                if kafka_count == 1
                else f"kafka_{sink.topic.replace('-', '_').replace('.', '_')}"
            )
            ctor = Code(f"KafkaSink(self.producer, {pyrepr(sink.topic)}, {pyrepr(sink.key)})")
            views.append(SinkView(attr, ctor, "sinks/kafka.py.j2", spec=sink))
        elif isinstance(sink, RedisSink):
            views.append(
                SinkView(
                    "redis_sink", Code("RedisSink(self.redis)"), "sinks/redis.py.j2", spec=sink
                )
            )
        elif isinstance(sink, StdoutSink):
            views.append(SinkView("stdout", Code("StdoutSink()"), "sinks/stdout.py.j2", spec=sink))
    return views


def _wrap(text: str) -> Code:
    """Free text as docstring lines: escaped first, so wrapping cannot split an escape."""
    lines = textwrap.wrap(pydoc(text), width=88, break_on_hyphens=False, break_long_words=False)
    return Code("\n".join(lines))


def build_context(spec: Pipeline) -> dict[str, Any]:
    """Everything processor.py.j2 and the bundle's other templates read."""
    tables = clickhouse_tables(spec)
    source_topics = list(spec.source.topics)
    field_tables: list[FieldTable] = []
    cdc: dict[str, Any] | None = None
    fmt = spec.source.format
    if isinstance(fmt, DebeziumFormat):
        prefix = "" if fmt.envelope == "envelope" else "__"
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
                {"topic": fmt.topic_for(t), "const": f"{t.name.upper()}_FIELDS", "table": t}
                for t in fmt.tables
            ],
        }
        for t in fmt.tables:
            keys = set(t.primary_key)
            columns = [c.model_copy(update={"required": c.name in keys}) for c in t.columns]
            field_tables.append(
                FieldTable(f"{t.name.upper()}_FIELDS", f"{t.db_schema}.{t.name} columns (primary key required)",
                           columns, [fmt.topic_for(t)])
            )  # fmt: skip
    else:
        main_fields = list(spec.schema_.fields)
        time_format = spec.source.event_time_format
        field_tables.append(
            FieldTable("FIELDS", f"Fields of {', '.join(source_topics)} records", main_fields, source_topics,
                       _event_time_expr(spec.source.event_time, main_fields, time_format),
                       spec.source.event_time, time_format)
        )  # fmt: skip

    ops: list[OpView] = []
    results_sink = bool(tables) and tables[0].kind == "results"
    flow = spec.field_flow()
    for op, available in zip(spec.operators, flow, strict=False):
        same_kind = [other for other in spec.operators if type(other) is type(op)]
        number = next(i for i, other in enumerate(same_kind, start=1) if other is op)
        if isinstance(op, Filter):
            ops.append(_filter_view(op, number, len(same_kind), available))
        elif isinstance(op, Map):
            ops.append(_map_view(op, number, len(same_kind), available))
        elif isinstance(op, Select):
            ops.append(_select_view(op, number, len(same_kind), available))
        elif isinstance(op, Enrich):
            ops.append(_enrich_view(op))
        elif isinstance(op, Sessionize):
            ops.append(_sessionize_view(op))
        elif isinstance(op, Dedup):
            ops.append(_dedup_view(op))
        elif isinstance(op, Window):
            ops.append(_window_view(op, available))
        elif isinstance(op, IntervalJoin):
            ops.append(_join_view(op))
            field_tables.append(
                FieldTable("RIGHT_FIELDS", f"Fields of {op.right_topic} records", list(op.right_fields),
                           [op.right_topic], _event_time_expr(op.right_event_time, list(op.right_fields)))
            )  # fmt: skip
        elif isinstance(op, TableJoin):
            ops.append(_table_join_view(op))
            field_tables.append(
                FieldTable(
                    "TABLE_FIELDS", f"Fields of the {op.table_topic} table", list(op.right_fields)
                )
            )

    sinks = _sink_views(spec, tables)
    transform = [line for op in ops for line in op.transform]
    # ClickHouse skips what its lineage shows it holds; every other sink is in the commit.
    transform += [
        f"self.{s.attr}.add(records)"
        if s.needs_client
        else f"self.{s.attr}.add(self.progress.unwritten(records))"
        for s in sinks
        if not s.per_table
    ]
    streams = [t for t in field_tables if t.topics]
    converters = {t.converter_kind(f) for t in field_tables for f in t.fields}
    for view in ops:
        if isinstance(view.spec, Enrich):
            converters |= {m["kind"] for m in view.fields}
    stateful = [op for op in ops if op.reset]
    assign_lines: list[str] = []
    for sink in sinks:
        if sink.per_table:
            assign_lines += [
                "for table in self.tables.values():",
                "    await table.load_written(assigned)",
            ]
        elif sink.needs_client:
            assign_lines.append(f"await self.{sink.attr}.load_written(assigned)")
    if sinks and sinks[0].per_table:
        pending = "sum(t.pending() for t in self.tables.values())"
    else:
        pending = " + ".join(f"self.{s.attr}.pending()" for s in sinks)
    clickhouse = next((s for s in spec.sinks if isinstance(s, ClickHouseSink)), None)
    redis_purposes = []
    if any(isinstance(op, Enrich) for op in spec.operators):
        redis_purposes.append("lookups")
    if any(isinstance(s, RedisSink) for s in spec.sinks):
        redis_purposes.append("writes")
    steps = ["decode and validate"] + [_STEP_DOC[type(op.spec).__name__] for op in ops]
    needs_time_range = bool(converters & _TIME_CONVERTERS) or cdc is None
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
    joined = [op.spec.right_topic for op in ops if isinstance(op.spec, IntervalJoin)]
    return {
        "spec": spec,
        "name": spec.name,
        "module": spec.name,
        "title": title,
        "description_lines": _wrap(spec.description),
        "version": __version__,
        "spec_hash": spec_hash(spec),
        "converters": [c for c in CONVERTER_ORDER if c in converters],
        "streams": streams,
        "field_tables": field_tables,
        "needs_epoch_ms": any("epoch_ms(" in t.event_time_expr for t in streams),
        "needs_time_range": needs_time_range,
        "needs_heapq": any(view.holds for view in ops)
        or any(
            isinstance(op.spec, Sessionize | Dedup | IntervalJoin)
            or (isinstance(op.spec, Window) and op.spec.type == "session")
            for op in ops
        ),
        "needs_quantile": any(op.extra.get("has_quantile") for op in ops),
        "datetime_imports": ", ".join(datetime_names),
        "needs_re": ("re", None) in expression_imports,
        "expression_constants": expression_constants,
        "clickhouse": clickhouse is not None,
        "redis": bool(redis_purposes),
        "redis_purpose": " and ".join(redis_purposes),
        "cdc": cdc,
        "dead_letter_topic": dead_letter_topic(spec),
        "operators": ops,
        "sinks": sinks,
        # label values of the written-rows and state-size metrics, for the README
        "sink_labels": [
            label
            for s in sinks
            for label in ([t.name for t in tables] if s.per_table else [s.attr])
        ],
        "state_labels": [op.attr for op in ops if op.state_size],
        "sink_templates": list(dict.fromkeys(s.template for s in sinks)),
        "redis_sink": next((s for s in spec.sinks if isinstance(s, RedisSink)), None),
        "window_results": results_sink,
        "topics": source_topics + joined,
        # partition p of every joined topic must meet on one member: the same keys live there
        "copartitioned": source_topics + joined if joined else [],
        "transform_lines": [Code(line) for line in transform],
        "pending_expr": Code(pending),
        "stateful": bool(stateful),
        "needs_islice": any(isinstance(view.spec, Enrich) for view in ops),
        "needs_lowest_offsets": any(view.holds for view in ops),
        "uses_clock": any("stream_time_ms" in line for line in transform),
        "reset_lines": [Code(op.reset) for op in stateful],
        # each operator's watermark, recorded with every commit for the replay after a restart
        "watermarks_expr": Code(
            "{" + ", ".join(f"{pyrepr(op.attr)}: self.{op.attr}.watermark_ms" for op in stateful) + "}"
        ),
        "assign_lines": [Code(line) for line in assign_lines],
        "tables": tables,
        "ddl": ddl_statements(spec),
        "idle_s": 10.0,
        "idle_text": "10 seconds",
        "fresh_fetch_ms": FRESH_FETCH_MS,
        "fresh_fetch_text": duration_text(FRESH_FETCH_MS),
        "min_event_time": MIN_EVENT_TIME,
        "max_clock_skew_ms": MAX_CLOCK_SKEW_MS,
        "max_clock_skew_text": duration_text(MAX_CLOCK_SKEW_MS),
        "event_time_format": None if cdc else spec.source.event_time_format,
        "batch_rows": clickhouse.batch_rows if clickhouse else 500,
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


_STEP_DOC = {
    "Filter": "filter",
    "Map": "compute fields",
    "Select": "select fields",
    "Enrich": "enrich from Redis",
    "Sessionize": "sessionize",
    "Dedup": "deduplicate",
    "Window": "aggregate in windows",
    "IntervalJoin": "join",
    "TableJoin": "join with the table",
}


def dead_letter_topic(spec: Pipeline) -> str:
    return spec.dead_letter_topic or f"{spec.source.topics[0]}-dlq"
