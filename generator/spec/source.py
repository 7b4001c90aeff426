"""Where records come from: a Kafka source carrying JSON or Debezium change events."""

from typing import Annotated, Literal

from pydantic import Field as PydField
from pydantic import model_validator

from .base import SpecModel
from .names import BootstrapServers, GroupId, Identifier, TopicName
from .schema import Field


class JsonFormat(SpecModel):
    kind: Literal["json"] = "json"


class CdcTable(SpecModel):
    """One replicated table: its columns, primary key and the ClickHouse table it lands in."""

    name: Identifier
    db_schema: Identifier = "public"
    primary_key: list[Identifier] = PydField(min_length=1)
    columns: list[Field] = PydField(min_length=1)
    target_table: Identifier | None = None

    @model_validator(mode="after")
    def _key_in_columns(self) -> "CdcTable":
        names = {c.name for c in self.columns}
        for key in self.primary_key:
            if key not in names:
                raise ValueError(
                    f"CDC table {self.name!r}: primary key column {key!r} is not among its columns"
                )
        return self

    @property
    def target(self) -> str:
        return self.target_table or self.name


class DebeziumFormat(SpecModel):
    """Debezium change events.

    `envelope` keeps Debezium's {before, after, op, source} payload; `unwrapped` means the
    connector applies ExtractNewRecordState and the processor reads flat rows with `__op`,
    `__lsn` and `__deleted` fields. The connector config we generate matches this choice.
    """

    kind: Literal["debezium"] = "debezium"
    database: Literal["postgres", "mysql"] = "postgres"
    server_name: TopicName = PydField(description="Debezium topic.prefix")
    tables: list[CdcTable] = PydField(default_factory=list)
    envelope: Literal["envelope", "unwrapped"] = "unwrapped"
    soft_delete: bool = True

    def topic_for(self, table: CdcTable) -> str:
        if self.database == "mysql":
            return f"{self.server_name}.{table.db_schema}.{table.name}"
        return f"{self.server_name}.{table.db_schema}.{table.name}"


SourceFormat = Annotated[JsonFormat | DebeziumFormat, PydField(discriminator="kind")]

EventTimeFormat = Literal["iso8601", "epoch_s", "epoch_ms", "epoch_us"]


class KafkaSource(SpecModel):
    kind: Literal["kafka"] = "kafka"
    topics: list[TopicName] = PydField(default_factory=list)
    group_id: GroupId
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    bootstrap_servers: BootstrapServers = "localhost:9092"
    format: SourceFormat = PydField(default_factory=JsonFormat)
    event_time: Identifier | None = PydField(
        default="timestamp", description="Field holding the event time; None means Kafka timestamp."
    )
    event_time_format: EventTimeFormat = PydField(
        default="iso8601",
        description=(
            "How the event-time field is written: iso8601 (ISO 8601 text; an integer is read as "
            "epoch milliseconds), epoch_s, epoch_ms or epoch_us (numbers only). A value outside "
            "the processor's plausibility window is dead-lettered as implausible time, so a "
            "misdeclared unit is refused, never silently misread."
        ),
    )
    key: Identifier | None = PydField(default=None, description="Field used as the partition key.")
    max_batch_records: int = PydField(default=500, ge=1, le=100_000)

    @model_validator(mode="after")
    def _topics_match_format(self) -> "KafkaSource":
        if isinstance(self.format, DebeziumFormat):
            if not self.format.tables:
                raise ValueError("a Debezium CDC source needs at least one table")
            expected = [self.format.topic_for(t) for t in self.format.tables]
            if not self.topics:
                self.topics = expected
            elif sorted(self.topics) != sorted(expected):
                raise ValueError(
                    f"CDC topics {self.topics} do not match the tables' topics {expected}"
                )
        elif not self.topics:
            raise ValueError("a Kafka source needs at least one topic")
        if len(set(self.topics)) != len(self.topics):
            raise ValueError(f"topic listed twice in {self.topics}")
        return self
