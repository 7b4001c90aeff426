"""The whole pipeline: the single source of truth every parser writes and every template reads."""

import re
import sys
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field as PydField
from pydantic import (
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from .base import SpecModel
from .expressions import ExpressionError
from .filter_bounds import contradiction
from .names import Description, Identifier, Note, TopicName
from .operators import (
    Dedup,
    Enrich,
    Filter,
    IntervalJoin,
    Map,
    Operator,
    Select,
    Sessionize,
    TableJoin,
    TopN,
    Window,
)
from .schema import Field, Schema
from .sinks import CDC_BATCH_ROWS, ClickHouseSink, KafkaSink, RedisSink, Sink, StdoutSink
from .source import CdcTable, DebeziumFormat, JsonFormat, KafkaSource
from .topic_pattern import matches

SPEC_VERSION: Literal[1] = 1

# Modules a bundle imports beside the standard library: its runtime and test packages and what
# they import. The processor is `<name>.py` and runs from its folder, which comes first on
# sys.path, so a module of the same name would be shadowed by the processor itself.
BUNDLE_IMPORTS = frozenset({
    "aiokafka", "async_timeout", "orjson", "msgspec", "prometheus_client", "redis",
    "clickhouse_connect", "chdb", "pyarrow", "certifi", "urllib3", "lz4", "zstandard", "pytz",
    "cryptography", "packaging", "typing_extensions", "pytest", "_pytest", "pluggy",
    "iniconfig", "pygments", "py",
})  # fmt: skip
# Files of the bundle or its tooling a `<name>.py` would replace or be mistaken for.
BUNDLE_FILE_NAMES = frozenset({"setup_topics", "setup", "conftest"})


class ClauseReading(SpecModel):
    """How the offline parser read one part of the request (shown by `etl-gen explain`)."""

    words: Description = PydField(
        description="The request's words this row accounts for; empty for defaults."
    )
    component: Note = PydField(
        description="What the words were read as: source, filter, window, sink, defaults, ..."
    )
    values: list[Note] = PydField(
        default_factory=list,
        max_length=100,
        description="The spec values taken from the words, as short text.",
    )


class Pipeline(SpecModel):
    spec_version: Literal[1] = PydField(
        default=SPEC_VERSION,
        description="Spec format version; this generator writes and reads version 1.",
    )
    name: Identifier = PydField(
        description="Pipeline name: the bundle folder, processor module and default consumer group derive from it."
    )
    description: Description = PydField(
        default="",
        description="One-line summary of the pipeline; the request text when parsed from one.",
    )
    source: KafkaSource = PydField(description="The Kafka topic(s) the processor consumes.")
    schema_: Schema = PydField(
        default_factory=Schema,
        alias="schema",
        description="Typed fields of the input records; records that do not match go to the dead-letter topic.",
    )
    operators: list[Operator] = PydField(
        default_factory=list, description="Processing steps, applied in order to every record."
    )
    sinks: list[Sink] = PydField(
        min_length=1,
        description="Where results are written; every sink receives every output record.",
    )
    dead_letter_topic: TopicName | None = PydField(
        default=None,
        description="Kafka topic for records that cannot be processed (default: the first source topic + '-dlq'; the offline parser names one).",
    )
    delivery: Literal["at_least_once", "exactly_once"] = PydField(
        default="at_least_once",
        description="Delivery guarantee of the outputs: at_least_once (replays may repeat Kafka outputs) or exactly_once.",
    )
    assumptions: list[Note] = PydField(
        default_factory=list,
        max_length=100,
        description="What the parser inferred rather than read.",
    )
    reading: list[ClauseReading] = PydField(
        default_factory=list,
        description="How the request was read, clause by clause, then the defaults applied "
        "(filled by the offline parser; empty for specs written by hand).",
    )

    model_config = SpecModel.model_config | {"populate_by_name": True}

    @field_validator("name")
    @classmethod
    def _module_name(cls, name: str) -> str:
        """The name is the processor's module (`<name>.py`): a lowercase name (PEP 8; the
        generated tests import it under another name, which linters refuse for a capitalised
        module), that no module the processor imports, and no other file of the bundle, has."""
        if name != name.lower():
            raise ValueError(
                f"pipeline name {name!r} names the processor module, which is lowercase: "
                f"use {name.lower()!r}"
            )
        if name in sys.stdlib_module_names or name in BUNDLE_IMPORTS:
            raise ValueError(
                f"pipeline name {name!r} is the name of a module the processor imports, which "
                f"its {name}.py would shadow: choose another name, e.g. {name + '_pipeline'!r}"
            )
        if name in BUNDLE_FILE_NAMES:
            raise ValueError(
                f"pipeline name {name!r}: {name}.py is another file of the bundle or its "
                f"tooling; choose another name, e.g. {name + '_pipeline'!r}"
            )
        return name

    @model_serializer(mode="wrap")
    def _omit_empty_reading(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Specs written by hand (and every spec from before the field existed) dump unchanged.
        data: dict[str, Any] = handler(self)
        if not data.get("reading"):
            data.pop("reading", None)
        return data

    @property
    def is_cdc(self) -> bool:
        return isinstance(self.source.format, DebeziumFormat)

    @property
    def window(self) -> Window | None:
        return next((op for op in self.operators if isinstance(op, Window)), None)

    def output_fields(self) -> list[Field]:
        """The fields of the rows that reach the sinks, after every operator."""
        return self.field_flow()[-1]

    def field_flow(self) -> list[list[Field]]:
        """The fields of the records before each operator, then those reaching the sinks."""
        flow = [list(self.schema_.fields)]
        for op in self.operators:
            flow.append(fields_after(op, flow[-1]))
        return flow

    @model_validator(mode="after")
    def _consistent(self) -> "Pipeline":
        if self.schema_.passthrough:
            self._check_passthrough()
        if self.is_cdc:
            self._check_cdc()
        else:
            self._check_stream()
        self._check_sinks()
        if self.source.topic_pattern is not None:
            self._check_topic_pattern(self.source.topic_pattern)
        if self.delivery == "exactly_once":
            self._check_exactly_once()
        return self

    def _check_cdc(self) -> None:
        if self.operators:
            raise ValueError("a CDC replication pipeline takes no operators; replicate, then query")
        if self.schema_.fields:
            raise ValueError("a CDC pipeline declares columns per table, not a top-level schema")
        clickhouse = [s for s in self.sinks if isinstance(s, ClickHouseSink)]
        if len(clickhouse) != 1 or len(self.sinks) != 1:
            raise ValueError("a CDC pipeline replicates into exactly one ClickHouse sink")
        fmt = self.source.format
        assert isinstance(fmt, DebeziumFormat)
        # (a table listed twice is refused with its topic, listed twice too)
        targets: dict[str, CdcTable] = {}
        for table in fmt.tables:
            other = targets.setdefault(table.target, table)
            if other is not table:
                raise ValueError(
                    f"CDC tables {other.db_schema}.{other.name} and {table.db_schema}.{table.name} "
                    f"would both land in ClickHouse table {table.target}: one replica cannot hold "
                    "two tables' rows; give one its own target_table, e.g. "
                    f"{table.db_schema}_{table.name}"
                )
        if fmt.mode == "history" and clickhouse[0].engine != "MergeTree":
            raise ValueError("CDC history mode appends every change: it needs engine MergeTree")
        if fmt.mode == "replace" and clickhouse[0].engine != "ReplacingMergeTree":
            raise ValueError(
                "CDC replicas need engine ReplacingMergeTree (versioned by the source position)"
            )
        if "batch_rows" not in clickhouse[0].model_fields_set:
            # CDC's own default, written out from here on (spec.yaml shows it)
            clickhouse[0].batch_rows = CDC_BATCH_ROWS

    def _check_stream(self) -> None:
        if not self.schema_.fields and not self._forwards_whole():
            raise ValueError("the input schema has no fields; name them or pick a preset")
        never = contradiction(self.operators)
        if never:
            raise ValueError(f"{never}; fix the bounds or drop one of them")
        available = {f.name: f for f in self.schema_.fields}
        event_time = self.source.event_time
        if event_time and event_time not in available:
            raise ValueError(f"event-time field {event_time!r} is not in the input schema")
        if event_time and available[event_time].type not in ("timestamp", "int"):
            raise ValueError(f"event-time field {event_time!r} must be a timestamp or epoch ms")
        if event_time and not available[event_time].required:
            raise ValueError(f"event-time field {event_time!r} must be required")
        if self.source.key and self.source.key not in available:
            raise ValueError(f"source key field {self.source.key!r} is not in the input schema")
        windows = 0
        derived: set[str] = set()  # fields some operator made, not the source's as read
        for index, op in enumerate(self.operators, start=1):
            if isinstance(op, TopN):
                _check_top_n(index, op, self.operators[index - 2] if index > 1 else None)
            for name in op.reads():
                if name not in available:
                    raise ValueError(
                        f"operator {index} ({op.kind}) reads {name!r}, which is not a field "
                        f"at that point (available: {', '.join(sorted(available))})"
                    )
            fields = list(available.values())
            if isinstance(op, Filter) and op.where is not None:
                try:
                    op.condition(fields)
                except ExpressionError as error:
                    raise ValueError(f"operator {index} (filter) where: {error}") from None
            if isinstance(op, Map | Select):
                self._check_reshape(index, op, fields)
            if isinstance(op, IntervalJoin | TableJoin):
                _check_join_key(index, op, available[op.left_key])
                if op.left_key == event_time:
                    raise ValueError(
                        f"operator {index} ({op.kind}) joins on the event-time field "
                        f"{event_time!r}: join on a key field (an interval join's before_ms and "
                        "after_ms bound the event times)"
                    )
                if op.left_key in derived:
                    raise ValueError(
                        f"operator {index} ({op.kind}) joins on {op.left_key!r}, which an "
                        "operator before the join computes, renames or aggregates: join on a "
                        "field as the source reads it, and reshape after the join"
                    )
            derived |= _derived_names(op, fields)
            if isinstance(op, Window):
                windows += 1
                _check_aggregates(index, op, available)
            elif not isinstance(op, Filter | Dedup | Map | Select):
                for added in op.adds():
                    if added.name in available:
                        raise ValueError(
                            f"operator {index} ({op.kind}) adds {added.name!r}, which already exists"
                        )
            available = {f.name: f for f in fields_after(op, fields)}
            if isinstance(op, Sessionize | Window | IntervalJoin | Dedup) and not event_time:
                raise ValueError(f"operator {index} ({op.kind}) needs an event-time field")
        if windows > 1:
            raise ValueError("at most one window per pipeline")
        joins = [op for op in self.operators if isinstance(op, IntervalJoin | TableJoin)]
        if len(joins) > 1:
            raise ValueError("at most one join per pipeline")
        _check_stateful_steps(self.operators)
        _check_window_after_join(self.operators)

    def _forwards_whole(self) -> bool:
        """Records passed on whole to sinks that need no columns: a schema with no fields
        checks only that each record is a JSON object (e.g. a topic copied to another)."""
        return self.schema_.passthrough and not any(
            isinstance(s, ClickHouseSink) for s in self.sinks
        )

    def _check_passthrough(self) -> None:
        """Records passed on whole: only where the sinks receive the records themselves."""
        if not isinstance(self.source.format, JsonFormat):
            raise ValueError("schema.passthrough: only JSON records are passed on whole")
        for index, op in enumerate(self.operators, start=1):
            if isinstance(op, Window | Sessionize | IntervalJoin | TableJoin | TopN):
                raise ValueError(
                    f"schema.passthrough passes records on whole, but operator {index} "
                    f"({op.kind}) writes rows of its own; set passthrough to false"
                )

    def _check_reshape(self, index: int, op: Map | Select, fields: list[Field]) -> None:
        """A map's expressions check against the fields at its step; a map may not change the
        event-time field, nor a select before a step bound by event time (each record carries
        its event time read at decode, so a select after the last such step may drop it)."""
        event_time = self.source.event_time
        if isinstance(op, Map):
            try:
                op.computed(fields)
            except ExpressionError as error:
                raise ValueError(f"operator {index} (map) {error}") from None
            if event_time and event_time in [c.name for c in op.fields]:
                raise ValueError(
                    f"operator {index} (map) replaces the event-time field {event_time!r}; "
                    "compute a field of another name"
                )
            return
        try:
            pairs = op.pairs(fields)
        except ValueError as error:
            raise ValueError(f"operator {index} (select) {error}") from None
        if not pairs and not self.schema_.passthrough:  # passed on whole, unlisted fields remain
            raise ValueError(
                f"operator {index} (select) a select that keeps no field leaves nothing to write"
            )
        timed_later = any(
            isinstance(later, Sessionize | Window | IntervalJoin | Dedup)
            for later in self.operators[index:]
        )
        kept = (event_time, event_time) in [(a, f.name) for a, f in pairs]
        if event_time and timed_later and not kept:
            raise ValueError(
                f"operator {index} (select) drops or renames the event-time field "
                f"{event_time!r}; keep it as it is"
            )

    def _check_sinks(self) -> None:
        output = {f.name for f in self.output_fields()}
        if [s.kind for s in self.sinks].count("stdout") > 1:
            raise ValueError("more than one stdout sink")
        if [s.kind for s in self.sinks].count("redis") > 1:
            raise ValueError(
                "more than one Redis sink: the processor writes one Redis key per record; "
                "keep one Redis sink"
            )
        self._check_clickhouse_sinks()
        for sink in self.sinks:
            if isinstance(sink, ClickHouseSink):
                for column in sink.order_by:
                    if column not in output:
                        raise ValueError(
                            f"ClickHouse ORDER BY column {column!r} is not an output field"
                        )
                if sink.partition_by and sink.partition_by.column not in output:
                    raise ValueError(
                        f"ClickHouse PARTITION BY column {sink.partition_by.column!r} is not an output field"
                    )
                if (
                    self.window is None  # (window results are keyed by their window)
                    and sink.engine == "ReplacingMergeTree"
                    and sink.partition_by
                    and sink.partition_by.column not in sink.order_by
                ):
                    raise ValueError(
                        f"ClickHouse table {sink.table!r}: ReplacingMergeTree partitioned by "
                        f"{sink.partition_by.column!r}, which is not in its ORDER BY key: versions "
                        "of one key in different partitions are never replaced; add the column to "
                        "order_by or drop partition_by"
                    )
            if isinstance(sink, KafkaSink):
                if sink.key and sink.key not in output:
                    raise ValueError(f"Kafka sink key {sink.key!r} is not an output field")
                if sink.topic in self.source.topics:
                    raise ValueError(
                        f"Kafka sink topic {sink.topic!r} is also a source topic: the processor "
                        "would read its own output again, forever; write to another topic"
                    )
                for header in sink.headers:
                    if header.field is not None and header.field not in output:
                        raise ValueError(
                            f"Kafka sink header {header.name!r} reads {header.field!r}, which is "
                            "not an output field"
                        )
            if isinstance(sink, RedisSink):
                self._check_redis_key(sink)
        if self.dead_letter_topic and self.dead_letter_topic in self.source.topics:
            raise ValueError("the dead-letter topic cannot be a source topic")
        if any(isinstance(s, KafkaSink) and s.topic == self.dead_letter_topic for s in self.sinks):
            raise ValueError(
                f"the dead-letter topic {self.dead_letter_topic!r} is also a Kafka sink's topic: "
                "bad records and results would mix there; name them apart"
            )

    def _check_redis_key(self, sink: RedisSink) -> None:
        """Every part of a Redis key is an output field that always has a value, written as
        plain text: a null or a nested value would make a key like 'user:None'."""
        output = {f.name: f for f in self.output_fields()}
        for name in sink.key_fields():
            if name not in output:
                raise ValueError(
                    f"Redis sink key {sink.key_text()!r}: {name!r} is not an output field"
                )
            if output[name].type == "json":
                raise ValueError(
                    f"Redis sink key {sink.key_text()!r}: {name!r} is a json field; a key part "
                    "must be a plain value"
                )
            if not output[name].required:
                raise ValueError(
                    f"Redis sink key {sink.key_text()!r}: {name!r} may be null (required: "
                    "false), and a key needs a value; make it required, so that records "
                    "without it go to the dead-letter topic"
                )

    def _check_topic_pattern(self, pattern: str) -> None:
        """A pattern subscribes to topics that exist only at run time: what needs them known
        in advance is refused, and so is any topic of ours the pattern would read back."""
        if any(isinstance(op, IntervalJoin) for op in self.operators):
            raise ValueError(
                f"topic_pattern {pattern!r} with an interval join: the join meets partition p "
                "of every joined topic on one member, which needs the topics known when the "
                "processor starts; list the source topics"
            )
        if self.dead_letter_topic is None:
            raise ValueError(
                f"topic_pattern {pattern!r} needs dead_letter_topic: there is no single source "
                "topic to name the dead-letter topic after"
            )
        ours = [("dead-letter topic", self.dead_letter_topic)]
        ours += [("Kafka sink topic", s.topic) for s in self.sinks if isinstance(s, KafkaSink)]
        ours += [
            ("join table topic", op.table_topic)
            for op in self.operators
            if isinstance(op, TableJoin)
        ]
        for role, topic in ours:
            if matches(pattern, topic):
                instead = (
                    _unmatched_dead_letter(pattern, topic) if role == "dead-letter topic" else None
                )
                example = f" (e.g. {instead!r})" if instead else ""
                raise ValueError(
                    f"{role} {topic!r} matches topic_pattern {pattern!r}: the processor would "
                    f"consume it as a source; name it so the pattern does not match it{example}"
                )

    def _check_clickhouse_sinks(self) -> None:
        """Several ClickHouse sinks write distinct tables, flushed together; a TTL counts from a
        timestamp or date output field."""
        sinks = [s for s in self.sinks if isinstance(s, ClickHouseSink)]
        written: set[tuple[str, str | None]] = set()
        for sink in sinks:
            if not self.is_cdc and sink.table is None:
                raise ValueError("the ClickHouse sink needs a table name")
            if (sink.database, sink.table) in written:
                raise ValueError(
                    f"two ClickHouse sinks write {sink.database}.{sink.table}; give each sink "
                    "its own table (or database)"
                )
            written.add((sink.database, sink.table))
            if sink.ttl:
                self._check_ttl(sink)
            self._check_results_order(sink)
        if len({(s.batch_rows, s.flush_interval_ms) for s in sinks}) > 1:
            raise ValueError(
                "the ClickHouse sinks are flushed together, so they share one batch: give them "
                "the same batch_rows and flush_interval_ms"
            )

    def _check_results_order(self, sink: ClickHouseSink) -> None:
        """Window results go to a ReplacingMergeTree keyed by the window and its group, so a
        window re-emitted after a crash replaces its row; another ORDER BY column would be part
        of that key and keep both rows."""
        window = self.window
        if window is None:
            return
        key = ["window_start", *window.group_by]
        extra = [c for c in sink.order_by if c not in key]
        if extra:
            raise ValueError(
                f"ClickHouse ORDER BY of {sink.database}.{sink.table}: window results are keyed "
                f"by ({', '.join(key)}), the ReplacingMergeTree's dedup key, so they cannot be "
                f"ordered by {', '.join(map(repr, extra))}; order by those key columns or "
                "sort when querying"
            )

    def _check_ttl(self, sink: ClickHouseSink) -> None:
        assert sink.ttl is not None
        where = f"ClickHouse TTL of {sink.database}.{sink.table or '<CDC tables>'}"
        if self.is_cdc:
            raise ValueError(
                f"{where}: a CDC replica mirrors its source tables, so a TTL would drop rows the "
                "source still has; expire them at the source (no TTL on CDC tables)"
            )
        fields = {f.name: f for f in self.output_fields()}
        column = sink.ttl.column
        if column not in fields:
            raise ValueError(
                f"{where}: column {column!r} is not an output field "
                f"(output: {', '.join(sorted(fields))})"
            )
        field = fields[column]
        if field.type not in ("timestamp", "date"):
            raise ValueError(
                f"{where}: column {column!r} is a {field.type} field; a TTL counts from a "
                "timestamp or date field"
            )
        if not field.required:
            raise ValueError(
                f"{where}: column {column!r} is optional; a TTL counts from a required "
                "timestamp or date field (a row without one would never expire)"
            )

    def _check_exactly_once(self) -> None:
        """What a Kafka transaction (outputs, dead letters and offsets of one input partition)
        cannot cover is refused rather than delivered at least once under an exactly-once name."""
        for sink in self.sinks:
            if isinstance(sink, RedisSink | StdoutSink):
                raise ValueError(
                    f"delivery exactly_once: the {sink.kind} sink cannot take part in a Kafka "
                    "transaction, so a replay after a crash writes to it again; use delivery "
                    f"at_least_once, or drop the {sink.kind} sink (Kafka and ClickHouse outputs "
                    "can be exactly once)"
                )
        left = next(
            (op for op in self.operators if isinstance(op, IntervalJoin) and op.how == "left"),
            None,
        )
        if left is not None:
            raise ValueError(
                "delivery exactly_once: a left interval join emits an unmatched record when the "
                "watermark passes its bound, which a transaction's replay position cannot tell "
                "from one emitted before a restart; use delivery at_least_once"
            )
        window = next((op for op in self.operators if isinstance(op, Window)), None)
        if window and any(isinstance(sink, KafkaSink) for sink in self.sinks):
            raise ValueError(
                "delivery exactly_once: a window's result combines records of several input "
                "partitions, and a transaction is fenced per input partition (aiokafka commits "
                "offsets in a transaction by group id only, without the group generation), so "
                "no transaction can hold a window's result with all the offsets it consumed; "
                "write the windows to ClickHouse only (its inserts are idempotent), or use "
                "delivery at_least_once"
            )


def _check_window_after_join(operators: Sequence[Operator]) -> None:
    """An interval join emits a pair when its second side arrives and an unmatched left record
    of a left join when the watermark passes its upper bound: up to after_ms + grace_ms behind
    the stream time, with the left record's event time. A window after it must wait that long."""
    joined = None
    for number, op in enumerate(operators, start=1):
        if isinstance(op, IntervalJoin):
            joined = op
        if joined is None or not isinstance(op, Window):
            continue
        if op.type == "session":
            raise ValueError(
                f"operator {number} (session window) after an interval join: a session has no "
                "end known in advance, so the join cannot keep its inputs for a replay until "
                "the session closes; use a tumbling or hopping window"
            )
        delay = joined.after_ms + joined.grace_ms
        if op.grace_ms < delay:
            raise ValueError(
                f"operator {number} (window) after an interval join: the join emits records up "
                f"to after_ms + grace_ms = {delay} ms behind the stream time, so the window "
                f"needs grace_ms >= {delay} (it has {op.grace_ms}), else they would be late"
            )


def _derived_names(op: Operator, fields: list[Field]) -> set[str]:
    """The fields an operator writes: computed, renamed to, added or aggregated."""
    if isinstance(op, Map):
        return {c.name for c in op.fields}
    if isinstance(op, Select):
        return set(op.rename.values())
    if isinstance(op, Window):
        return {f.name for f in fields_after(op, fields)} - set(op.group_by)
    if isinstance(op, Filter | Dedup | TopN):
        return set()
    return {f.name for f in op.adds()}


def _check_stateful_steps(operators: Sequence[Operator]) -> None:
    """One dedup and one sessionize at most, and not sessionize with a session window: the
    processor holds each one's state in a class of its own name, tested by name."""
    for kind in ("dedup", "sessionize"):
        if [op.kind for op in operators].count(kind) > 1:
            raise ValueError(
                f"at most one {kind} per pipeline: the processor has one {kind} step; "
                + (
                    "dedup on all the key fields at once"
                    if kind == "dedup"
                    else "sessionize once, by one key"
                )
            )
    session_window = None
    for number, op in enumerate(operators, start=1):
        if isinstance(op, Window) and op.type == "session":
            session_window = op
        if session_window is not None and isinstance(op, IntervalJoin):
            raise ValueError(
                f"operator {number} (interval_join) after a session window is not supported: "
                "join the records first, then window them"
            )
    sessions = any(isinstance(op, Sessionize) for op in operators)
    if sessions and any(isinstance(op, Window) and op.type == "session" for op in operators):
        raise ValueError(
            "sessionize and a session window in one pipeline are not supported: use the "
            "session window for per-session results, or sessionize for per-event session metrics"
        )


def _check_aggregates(index: int, op: Window, available: dict[str, Field]) -> None:
    """An aggregate's function fits its field's type: sums, averages and quantiles are of
    numbers, and a json value has no order to take a minimum or maximum by."""
    for agg in op.aggregates:
        field = available.get(agg.field) if agg.field else None
        if field is None:
            continue
        if agg.fn in ("sum", "avg", "quantile") and field.type not in ("int", "float"):
            raise ValueError(
                f"operator {index} (window) aggregate {agg.name!r}: {agg.fn} needs a number "
                f"field, and {field.name!r} is a {field.type} field"
            )
        if agg.fn in ("min", "max") and field.type == "json":
            raise ValueError(
                f"operator {index} (window) aggregate {agg.name!r}: {field.name!r} is a json "
                f"field, whose values have no order to take the {agg.fn} of"
            )
        if agg.fn == "count_distinct" and field.type == "json":
            raise ValueError(
                f"operator {index} (window) aggregate {agg.name!r}: {field.name!r} is a json "
                "field; count_distinct counts plain values (a string, number, bool, timestamp "
                "or date)"
            )
    for name in op.group_by:
        if available[name].type == "json":
            raise ValueError(
                f"operator {index} (window) groups by {name!r}, a json field: group by plain "
                "values (a string, number, bool, timestamp or date)"
            )


def _check_join_key(index: int, op: IntervalJoin | TableJoin, left: Field) -> None:
    """Both sides of a join key hold one kind of value: a timestamp never equals a number, so
    an inner join would drop every record and a left join match none."""
    right = next(f for f in op.right_fields if f.name == op.right_key)
    numbers = ("int", "float")
    if left.type == "json" or right.type == "json":
        raise ValueError(
            f"operator {index} ({op.kind}) joins on a json field: a join key must be a plain "
            "value (string, number, bool, timestamp or date)"
        )
    if left.type != right.type and not (left.type in numbers and right.type in numbers):
        raise ValueError(
            f"operator {index} ({op.kind}) joins {left.name!r} ({left.type}) with "
            f"{right.name!r} ({right.type}): the join key's two sides need one type"
        )


def _check_top_n(index: int, op: TopN, before: Operator | None) -> None:
    """A top-N ranks the groups of each window of the window right before it."""
    where = f"operator {index} (top_n)"
    if not isinstance(before, Window):
        raise ValueError(f"{where} ranks a window's rows: put it right after a window")
    if before.type == "session":
        raise ValueError(
            f"{where} follows a session window, whose groups close at different times; "
            "rank tumbling or hopping windows"
        )
    if not before.group_by:
        raise ValueError(f"{where} ranks a window's groups, but the window has no group_by")
    outside = [name for name in op.per if name not in before.group_by]
    if outside:
        raise ValueError(
            f"{where} ranks per {', '.join(outside)}, which the window before it does not group "
            f"by ({', '.join(before.group_by)})"
        )
    if op.per and set(op.per) == set(before.group_by):
        raise ValueError(
            f"{where} ranks per {', '.join(op.per)}, all of the window's group-by fields: each "
            "ranking would hold one row; the window must also group by the ranked field"
        )
    names = [a.name for a in before.aggregates]
    if op.order_by not in names:
        raise ValueError(
            f"{where} orders by {op.order_by!r}, which is not an aggregate of the window "
            f"before it ({', '.join(names)})"
        )


def fields_after(op: Operator, fields: list[Field]) -> list[Field]:
    """The fields of the records an operator emits, given those it receives."""
    if isinstance(op, Window):
        return _window_fields(op, fields)
    if isinstance(op, Map | Select):
        return op.apply(fields)
    return fields + op.adds()


def _window_fields(window: Window, fields: list[Field]) -> list[Field]:
    by_name = {f.name: f for f in fields}
    out = [Field(name="window_start", type="timestamp"), Field(name="window_end", type="timestamp")]
    out += [by_name[g] if g in by_name else Field(name=g, required=False) for g in window.group_by]
    for agg in window.aggregates:
        source = by_name.get(agg.field) if agg.field else None
        # count, count_distinct and sum have a value for every window; the others need one input.
        always = agg.fn in ("count", "count_distinct", "sum") or (
            source is not None and source.required
        )
        out.append(
            Field(
                name=agg.name,
                type=agg.output_type(source.type if source else None),
                required=always,
            )
        )
    return out


__all__ = [
    "ClauseReading",
    "ClickHouseSink",
    "Dedup",
    "Enrich",
    "Filter",
    "IntervalJoin",
    "KafkaSink",
    "Map",
    "Pipeline",
    "RedisSink",
    "Select",
    "Sessionize",
    "TableJoin",
    "Window",
]


def _unmatched_dead_letter(pattern: str, topic: str) -> str | None:
    """A dead-letter topic name a pattern does not match, for the refusal of one it does
    ("cancellations-dlq" under "cancellations-.*": "dlq-cancellations"): the name's own words,
    its dead-letter words put first."""
    words = [w for w in re.split(r"[-_.]", topic) if w and w.lower() not in _DEAD_LETTER_WORDS]
    base = "-".join(words) or "source"
    for name in (f"dlq-{base}", f"dlq.{base}", f"dead-letters.{base}"):
        if not matches(pattern, name):
            return name
    return None


_DEAD_LETTER_WORDS = frozenset({"dlq", "dead", "letter", "letters", "deadletter", "bad", "errors"})
