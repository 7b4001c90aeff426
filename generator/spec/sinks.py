"""Where results go. ClickHouse and Redis writes are idempotent on replay; Kafka writes use acks=all."""

import re
import string
from typing import Annotated, Literal

from pydantic import AfterValidator, StringConstraints, model_validator
from pydantic import Field as PydField

from .base import SpecModel
from .names import Identifier, KeyPrefix, TextValue, TopicName, is_identifier


class PartitionBy(SpecModel):
    """A ClickHouse PARTITION BY limited to a date function of one column (no free SQL)."""

    func: Literal["toYYYYMM", "toYYYYMMDD", "toDate", "toStartOfHour"] = PydField(
        default="toYYYYMM", description="Date function applied to the column."
    )
    column: Identifier = PydField(description="Timestamp or date column partitioned on.")


class ClickHouseTtl(SpecModel):
    """A ClickHouse table TTL: rows expire a number of days after a timestamp or date column.

    ClickHouse drops expired rows in background merges (or on `OPTIMIZE ... FINAL`), not at
    insert: a row already past its TTL is written and stays readable until the next merge."""

    column: Identifier = PydField(
        description="Output field (type timestamp or date, required) the row's age is counted from."
    )
    days: int = PydField(
        ge=1, le=36_500, description="Days a row is kept after its column's time (1..36500)."
    )


class ClickHouseSink(SpecModel):
    kind: Literal["clickhouse"] = PydField(default="clickhouse", description="Sink kind.")
    database: Identifier = PydField(
        default="analytics", description="ClickHouse database the table lives in."
    )
    table: Identifier | None = PydField(
        default=None,
        description=(
            "Target table; CDC pipelines write one table per source table. Several ClickHouse "
            "sinks each write their own (database, table)."
        ),
    )
    engine: Literal["MergeTree", "ReplacingMergeTree"] = PydField(
        default="MergeTree",
        description="Table engine; ReplacingMergeTree keeps the latest row per ORDER BY key.",
    )
    order_by: list[Identifier] = PydField(
        default_factory=list,
        description="ORDER BY columns of the table (its sorting and, for ReplacingMergeTree, dedup key).",
    )
    partition_by: PartitionBy | None = PydField(
        default=None, description="Optional PARTITION BY as a date function of one column."
    )
    ttl: ClickHouseTtl | None = PydField(
        default=None,
        description="Optional TTL: rows are dropped in merges once older than `days` after `column`.",
    )
    batch_rows: int = PydField(
        default=5000,
        ge=1,
        le=1_000_000,
        description=(
            "Rows buffered before a flush (one insert per table), also the most records read per "
            "poll; --flush-interval-ms still bounds the wait. Default 5000; 20000 for a CDC "
            "pipeline's sink (Debezium source) when the spec does not give it."
        ),
    )
    flush_interval_ms: int = PydField(
        default=5000, ge=10, description="Longest time rows wait before an insert, in ms."
    )


# A CDC pipeline's ClickHouse batch when its spec gives none (other sinks: 5,000). CDC rows go to
# ClickHouse only, and 4x fewer inserts cut its CPU per change (docs/performance-history.md).
CDC_BATCH_ROWS = 20_000

_HEADER_NAME = re.compile(r"[A-Za-z0-9._\-]{1,128}")


def _header_name(value: str) -> str:
    if not _HEADER_NAME.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid Kafka header name: use 1-128 of letters, digits and '._-'"
        )
    return value


HeaderName = Annotated[str, AfterValidator(_header_name)]


class KafkaHeader(SpecModel):
    """One header of every output message: an output field's value as text, or a constant."""

    name: HeaderName = PydField(description="Header name (letters, digits and '._-').")
    field: Identifier | None = PydField(
        default=None,
        description="Output field whose value is sent as UTF-8 text (a null value: no header).",
    )
    value: TextValue | None = PydField(
        default=None, description="Constant text sent as the header value (instead of a field)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> "KafkaHeader":
        if (self.field is None) == (self.value is None):
            raise ValueError(
                f"Kafka header {self.name!r} needs exactly one of field (an output field) "
                "or value (a constant)"
            )
        return self


class KafkaSink(SpecModel):
    kind: Literal["kafka"] = PydField(default="kafka", description="Sink kind.")
    topic: TopicName = PydField(description="Output topic.")
    key: Identifier | None = PydField(
        default=None, description="Output field used as the message key (none: no key)."
    )
    headers: list[KafkaHeader] = PydField(
        default_factory=list,
        max_length=64,
        description="Headers of every message, each from an output field or a constant.",
    )
    partitions: int = PydField(
        default=3,
        ge=1,
        le=10_000,
        description="Partition count used when setup_topics.py creates the topic.",
    )

    @model_validator(mode="after")
    def _unique_headers(self) -> "KafkaSink":
        names = [h.name for h in self.headers]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"Kafka sink header {repeated[0]!r} is given twice")
        return self


# What a key template may hold besides its placeholders (the key prefix's characters).
_KEY_LITERAL = re.compile(r"[A-Za-z0-9:_.\-]*")


def key_template_parts(template: str) -> list[tuple[str, str | None]]:
    """A Redis key template as (literal text, field name or None) pairs, in order.

    `"user:{user_id}:{region}"` gives `[("user:", "user_id"), (":", "region")]`. Only plain
    `{field}` placeholders are allowed: no format spec, conversion, attribute or index access,
    or positional field; the literal text is restricted to letters, digits and ':_.-'.
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"Redis key template {template!r}: {error}") from None
    parts: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if not _KEY_LITERAL.fullmatch(literal):
            raise ValueError(
                f"Redis key template {template!r}: the text {literal!r} may only use letters, "
                "digits and ':_.-' outside the {field} placeholders"
            )
        if name is None:
            parts.append((literal, None))
            continue
        if conversion is not None or spec:
            shown = f"!{conversion}" if conversion is not None else f":{spec}"
            raise ValueError(
                f"Redis key template {template!r}: placeholder {{{name}{shown}}} has a "
                "conversion or format spec; use a plain {field}"
            )
        if not is_identifier(name):
            raise ValueError(
                f"Redis key template {template!r}: placeholder {{{name}}} must name an output "
                "field (no positional fields, attributes or indexes)"
            )
        parts.append((literal, name))
    if not any(name for _, name in parts):
        raise ValueError(
            f"Redis key template {template!r} has no {{field}} placeholder: every record "
            "would overwrite one key"
        )
    return parts


def _key_template(value: str) -> str:
    key_template_parts(value)
    return value


KeyTemplate = Annotated[str, StringConstraints(max_length=200), AfterValidator(_key_template)]


class RedisSink(SpecModel):
    kind: Literal["redis"] = PydField(default="redis", description="Sink kind.")
    format: Literal["json", "hash"] = PydField(
        default="json",
        description=(
            "json: the record as one JSON string (SET); hash: one hash field per output field, "
            "each value as text, null fields left out (DEL + HSET, replacing the whole hash)."
        ),
    )
    key_template: KeyTemplate | None = PydField(
        default=None,
        description=(
            "The Redis key built from output fields, such as 'user:{user_id}:{region}' "
            "(instead of key_prefix + key_field)."
        ),
    )
    key_prefix: KeyPrefix = PydField(default="", description="Prefix of the Redis key.")
    key_field: Identifier | None = PydField(
        default=None,
        description="Output field whose value (after key_prefix) is the Redis key.",
    )
    ttl_ms: int | None = PydField(
        default=None, gt=0, description="Expiry of each written key, in ms (none: no expiry)."
    )

    @model_validator(mode="after")
    def _one_key(self) -> "RedisSink":
        if self.key_template is not None and self.key_field is not None:
            raise ValueError(
                "the Redis sink takes key_template or key_field, not both "
                "(name the key's fields in the template)"
            )
        if self.key_template is not None and self.key_prefix:
            raise ValueError(
                "the Redis sink takes key_template or key_prefix, not both "
                "(put the prefix in the template)"
            )
        if self.key_template is None and self.key_field is None:
            raise ValueError("the Redis sink needs a key: key_field or key_template")
        return self

    def key_parts(self) -> list[tuple[str, str | None]]:
        """The key as (literal text, field name or None) pairs, whichever way it was given."""
        if self.key_template is not None:
            return key_template_parts(self.key_template)
        return [(self.key_prefix, self.key_field)]

    def key_fields(self) -> list[str]:
        return [name for _, name in self.key_parts() if name is not None]

    def key_text(self) -> str:
        """The key as a template, for messages and the README ('user:{user_id}')."""
        return "".join(f"{text}{{{name}}}" if name else text for text, name in self.key_parts())


class StdoutSink(SpecModel):
    kind: Literal["stdout"] = PydField(default="stdout", description="Sink kind.")


Sink = Annotated[
    ClickHouseSink | KafkaSink | RedisSink | StdoutSink, PydField(discriminator="kind")
]
