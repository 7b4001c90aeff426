"""Where results go. ClickHouse writes are idempotent on replay; Kafka writes use acks=all."""

from typing import Annotated, Literal

from pydantic import Field as PydField

from .base import SpecModel
from .names import Identifier, KeyPrefix, TopicName


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
        default=1000, ge=1, le=1_000_000, description="Rows buffered before an insert."
    )
    flush_interval_ms: int = PydField(
        default=5000, ge=10, description="Longest time rows wait before an insert, in ms."
    )


class KafkaSink(SpecModel):
    kind: Literal["kafka"] = PydField(default="kafka", description="Sink kind.")
    topic: TopicName = PydField(description="Output topic.")
    key: Identifier | None = PydField(
        default=None, description="Output field used as the message key (none: no key)."
    )
    partitions: int = PydField(
        default=3,
        ge=1,
        le=10_000,
        description="Partition count used when setup_topics.py creates the topic.",
    )


class RedisSink(SpecModel):
    kind: Literal["redis"] = PydField(default="redis", description="Sink kind.")
    key_prefix: KeyPrefix = PydField(default="", description="Prefix of the Redis key.")
    key_field: Identifier = PydField(
        description="Output field whose value (after key_prefix) is the Redis key."
    )
    ttl_ms: int | None = PydField(
        default=None, gt=0, description="Expiry of each written key, in ms (none: no expiry)."
    )


class StdoutSink(SpecModel):
    kind: Literal["stdout"] = PydField(default="stdout", description="Sink kind.")


Sink = Annotated[
    ClickHouseSink | KafkaSink | RedisSink | StdoutSink, PydField(discriminator="kind")
]
