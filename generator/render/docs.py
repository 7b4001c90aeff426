"""What the bundle's README shows: the steps, the Mermaid data flow, topics, tables, settings."""

from typing import Any

from .. import components
from ..spec import DebeziumFormat, Field, Pipeline
from .escape import Code
from .escape import mermaid as label
from .model import dead_letter_topic


def step_text(op: Any, fields: list[Field]) -> str:
    """One step in words; `fields` are those the step receives (expressions are checked
    against them and shown in canonical form)."""
    return components.operator(op).describe(op, fields)


def mermaid(spec: Pipeline) -> Code:
    """A left-to-right flowchart; every label goes through the Mermaid escaper."""
    lines = ["flowchart LR"]
    sources = (
        spec.source.subscription_text
        if spec.source.topic_pattern
        else " + ".join(spec.source.topics)
    )
    lines.append(f'    source[["{label(f"Kafka {sources}")}"]] --> decode["decode + validate"]')
    lines.append(f'    decode -. invalid .-> dlq[["{label(f"Kafka {dead_letter_topic(spec)}")}"]]')
    previous = "decode"
    flow = spec.field_flow()
    for index, op in enumerate(spec.operators, start=1):
        node = f"op{index}"
        lines.append(f'    {previous} --> {node}["{label(step_text(op, flow[index - 1]))}"]')
        lines += components.operator(op).mermaid_lines(op, node)
        previous = node
    for index, sink in enumerate(spec.sinks, start=1):
        component = components.sink(sink)
        shape = ('[("', '")]') if component.stored else ('[["', '"]]')
        sink_label = label(component.label(spec, sink))
        lines.append(f"    {previous} --> sink{index}{shape[0]}{sink_label}{shape[1]}")
    return Code("\n".join(lines))


def topic_plan(spec: Pipeline) -> list[dict[str, Any]]:
    plan: list[dict[str, Any]] = []
    role = (
        "change events (Debezium)" if isinstance(spec.source.format, DebeziumFormat) else "source"
    )
    plan += [{"name": t, "role": role, "config": {}} for t in spec.source.topics]
    for op in spec.operators:
        plan += components.operator(op).topic_plan(op)
    for sink in spec.sinks:
        plan += components.sink(sink).topic_plan(sink)
    plan.append({"name": dead_letter_topic(spec), "role": "dead letters", "config": {}})
    if spec.delivery == "exactly_once":
        # Transactional topics: their readers must skip what aborted transactions wrote.
        for entry in plan:
            if entry["role"] in ("output", "dead letters"):
                entry["role"] += " (read with isolation_level=read_committed)"
    return plan


def durable_outputs(spec: Pipeline) -> str:
    """How each output of this pipeline is known to be durable before offsets are committed."""
    used = {type(s) for s in spec.sinks}
    parts = [c.durable for c in components.SINKS if c.spec_type in used]
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
        ("--max-poll-records", "", str(context["max_poll_records"])),
        ("--flush-interval-ms", "", str(context["flush_interval_ms"])),
        ("--no-crc-check", "", "off (every fetched batch's CRC32C is checked)"),
        ("--metrics-port", "METRICS_PORT", "0 (off)"),
    ]
    if spec.source.topic_pattern:
        rows.append(
            ("--pattern-refresh-ms", "PATTERN_REFRESH_MS", str(spec.source.pattern_refresh_ms))
        )
    if context["redis"] or context["clickhouse"]:
        rows.append(("--retry-budget-s", "RETRY_BUDGET_S", str(context["retry_budget_s"])))
    rows += [
        ("--log-level", "LOG_LEVEL", "INFO"),
    ]
    return rows
