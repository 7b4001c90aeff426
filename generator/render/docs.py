"""What the bundle's README shows: the steps, the Mermaid data flow, topics, tables, settings."""

from typing import Any

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
)
from ..spec.expressions import describe
from .escape import Code
from .escape import mermaid as label
from .model import dead_letter_topic, duration_text
from .sql import clickhouse_tables

_OPS = {
    "eq": "=",
    "ne": "≠",
    "gt": ">",
    "ge": "≥",
    "lt": "<",
    "le": "≤",
    "in": "in",
    "not_in": "not in",
}


def step_text(op: Any, fields: list[Field]) -> str:
    """One step in words; `fields` are those the step receives (expressions are checked
    against them and shown in canonical form)."""
    if isinstance(op, Filter) and op.where is not None:
        return f"filter: keep records where {describe(op.condition(fields))}"
    if isinstance(op, Map):
        computed = "; ".join(
            f"{item.name} = {describe(expr)}" for item, expr, _ in op.computed(fields)
        )
        return f"compute {computed}"
    if isinstance(op, Select):
        pairs = [(before, after.name) for before, after in op.pairs(fields)]
        kept = ", ".join(n if n == b else f"{b} as {n}" for b, n in pairs)
        dropped = [f.name for f in fields if f.name not in {b for b, _ in pairs}]
        return f"keep {kept}" + (f"; drop {', '.join(dropped)}" if dropped else "")
    if isinstance(op, Filter):
        return f"filter: keep {op.field} {'present' if op.op == 'not_null' else f'{_OPS[op.op]} {op.value!r}'}"
    if isinstance(op, Enrich):
        return (
            f"enrich from Redis {op.key_prefix}{{{op.key_field}}} ({op.value_format}): "
            + ", ".join(m.target for m in op.fields)
        )
    if isinstance(op, Dedup):
        return f"deduplicate by {', '.join(op.key)} within {duration_text(op.horizon_ms)}"
    if isinstance(op, Sessionize):
        return f"sessionize by {op.key}, inactivity gap {duration_text(op.gap_ms)}"
    if isinstance(op, Window):
        size = duration_text(op.size_ms or op.gap_ms or 0)
        slide = f" every {duration_text(op.slide_ms)}" if op.slide_ms else ""
        group = f" by {', '.join(op.group_by)}" if op.group_by else ""
        aggs = ", ".join(f"{a.name}={a.fn}({a.field or ''})" for a in op.aggregates)
        having = (
            f"; keep {op.having.aggregate} {_OPS[op.having.op]} {op.having.value}"
            if op.having
            else ""
        )
        return f"{op.type} window {size}{slide}{group}: {aggs}{having}"
    if isinstance(op, IntervalJoin):
        return (
            f"join {op.right_topic} on {op.left_key} = {op.right_key}, right event time within "
            f"[-{duration_text(op.before_ms)}, +{duration_text(op.after_ms)}]"
        )
    if isinstance(op, TableJoin):
        return f"join latest {op.table_topic} value on {op.left_key} = {op.right_key}"
    raise TypeError(op)


def _sink_label(spec: Pipeline, sink: Any) -> str:
    if isinstance(sink, ClickHouseSink):
        tables = ", ".join(f"{t.database}.{t.name}" for t in clickhouse_tables(spec))
        fmt = spec.source.format
        if isinstance(fmt, DebeziumFormat):
            kept = "change history" if fmt.mode == "history" else "current rows"
            return f"ClickHouse {tables} ({kept})"
        return f"ClickHouse {tables}"
    if isinstance(sink, KafkaSink):
        return f"Kafka {sink.topic}"
    if isinstance(sink, RedisSink):
        return f"Redis {sink.key_prefix}{{{sink.key_field}}}"
    assert isinstance(sink, StdoutSink)
    return "stdout"


def mermaid(spec: Pipeline) -> Code:
    """A left-to-right flowchart; every label goes through the Mermaid escaper."""
    lines = ["flowchart LR"]
    sources = " + ".join(spec.source.topics)
    lines.append(f'    source[["{label(f"Kafka {sources}")}"]] --> decode["decode + validate"]')
    lines.append(f'    decode -. invalid .-> dlq[["{label(f"Kafka {dead_letter_topic(spec)}")}"]]')
    previous = "decode"
    flow = spec.field_flow()
    for index, op in enumerate(spec.operators, start=1):
        node = f"op{index}"
        lines.append(f'    {previous} --> {node}["{label(step_text(op, flow[index - 1]))}"]')
        if isinstance(op, Enrich):
            lines.append(f'    redis[("Redis")] -.-> {node}')
        if isinstance(op, IntervalJoin | TableJoin):
            topic = op.right_topic if isinstance(op, IntervalJoin) else op.table_topic
            lines.append(f'    right[["{label(f"Kafka {topic}")}"]] --> {node}')
        if isinstance(op, Sessionize | Window | IntervalJoin | Dedup):
            lines.append(f"    {node} -. late .-> dlq")
        previous = node
    for index, sink in enumerate(spec.sinks, start=1):
        shape = ('[("', '")]') if isinstance(sink, ClickHouseSink | RedisSink) else ('[["', '"]]')
        sink_label = label(_sink_label(spec, sink))
        lines.append(f"    {previous} --> sink{index}{shape[0]}{sink_label}{shape[1]}")
    return Code("\n".join(lines))


def topic_plan(spec: Pipeline) -> list[dict[str, Any]]:
    plan: list[dict[str, Any]] = []
    role = (
        "change events (Debezium)" if isinstance(spec.source.format, DebeziumFormat) else "source"
    )
    plan += [{"name": t, "role": role, "config": {}} for t in spec.source.topics]
    for op in spec.operators:
        if isinstance(op, IntervalJoin):
            plan.append({"name": op.right_topic, "role": "join input", "config": {}})
        if isinstance(op, TableJoin):
            plan.append(
                {
                    "name": op.table_topic,
                    "role": "table (compacted)",
                    "config": {"cleanup.policy": "compact"},
                }
            )
    plan += [
        {"name": s.topic, "role": "output", "config": {}}
        for s in spec.sinks
        if isinstance(s, KafkaSink)
    ]
    plan.append({"name": dead_letter_topic(spec), "role": "dead letters", "config": {}})
    return plan


def durable_outputs(spec: Pipeline) -> str:
    """How each output of this pipeline is known to be durable before offsets are committed."""
    parts = []
    if any(isinstance(s, ClickHouseSink) for s in spec.sinks):
        parts.append("ClickHouse inserts returned with `async_insert=0`")
    if any(isinstance(s, KafkaSink) for s in spec.sinks):
        parts.append("Kafka sends acknowledged with `acks=all`")
    if any(isinstance(s, RedisSink) for s in spec.sinks):
        parts.append("Redis writes executed")
    if any(isinstance(s, StdoutSink) for s in spec.sinks):
        parts.append("stdout flushed")
    return ", ".join([*parts, "dead letters acknowledged"])


def settings_table(context: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(flag, environment variable, default) rows for the README."""
    spec: Pipeline = context["spec"]
    rows = [
        ("--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS", spec.source.bootstrap_servers),
        ("--group-id", "KAFKA_GROUP_ID", spec.source.group_id),
        ("--security-protocol", "KAFKA_SECURITY_PROTOCOL", spec.source.security_protocol),
        ("--sasl-mechanism", "KAFKA_SASL_MECHANISM", spec.source.sasl_mechanism or "none"),
        ("--sasl-username", "KAFKA_SASL_USERNAME", "none"),
        ("", "KAFKA_SASL_PASSWORD", "none (environment only)"),
        ("--ssl-cafile", "KAFKA_SSL_CAFILE", spec.source.ssl_cafile or "system CAs"),
    ]
    if context["redis"]:
        rows.append(("--redis-url", "REDIS_URL", "redis://localhost:6379/0"))
    if context["clickhouse"]:
        rows.append(
            ("--clickhouse-dsn", "CLICKHOUSE_DSN", f"embedded chDB in ./chdb-data/{spec.name}")
        )
    if context["event_time_format"]:
        rows += [
            ("--min-event-time", "MIN_EVENT_TIME", context["min_event_time"]),
            ("--max-clock-skew-ms", "MAX_CLOCK_SKEW_MS", str(context["max_clock_skew_ms"])),
        ]
    rows += [
        ("--batch-rows", "", str(context["batch_rows"])),
        ("--flush-interval-ms", "", str(context["flush_interval_ms"])),
        ("--metrics-port", "METRICS_PORT", "0 (off)"),
    ]
    if context["redis"] or context["clickhouse"]:
        rows.append(("--retry-budget-s", "RETRY_BUDGET_S", str(context["retry_budget_s"])))
    rows += [
        ("--log-level", "LOG_LEVEL", "INFO"),
    ]
    return rows
