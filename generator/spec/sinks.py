"""Where results go. ClickHouse writes are idempotent on replay; Kafka writes use acks=all."""

from typing import Annotated, Literal

from pydantic import Field as PydField

from .base import SpecModel
from .names import Identifier, KeyPrefix, TopicName


class PartitionBy(SpecModel):
    """A ClickHouse PARTITION BY limited to a date function of one column (no free SQL)."""

    func: Literal["toYYYYMM", "toYYYYMMDD", "toDate", "toStartOfHour"] = "toYYYYMM"
    column: Identifier


class ClickHouseSink(SpecModel):
    kind: Literal["clickhouse"] = "clickhouse"
    database: Identifier = "analytics"
    table: Identifier | None = PydField(
        default=None, description="Target table; CDC pipelines write one table per source table."
    )
    engine: Literal["MergeTree", "ReplacingMergeTree"] = "MergeTree"
    order_by: list[Identifier] = PydField(default_factory=list)
    partition_by: PartitionBy | None = None
    batch_rows: int = PydField(default=1000, ge=1, le=1_000_000)
    flush_interval_ms: int = PydField(default=5000, ge=10)


class KafkaSink(SpecModel):
    kind: Literal["kafka"] = "kafka"
    topic: TopicName
    key: Identifier | None = None
    partitions: int = PydField(default=3, ge=1, le=10_000)


class RedisSink(SpecModel):
    kind: Literal["redis"] = "redis"
    key_prefix: KeyPrefix = ""
    key_field: Identifier
    ttl_ms: int | None = PydField(default=None, gt=0)


class StdoutSink(SpecModel):
    kind: Literal["stdout"] = "stdout"


Sink = Annotated[
    ClickHouseSink | KafkaSink | RedisSink | StdoutSink, PydField(discriminator="kind")
]
