"""Where records come from: a Kafka source carrying JSON or Debezium change events."""

from typing import Annotated, Literal

from pydantic import Field as PydField
from pydantic import model_validator

from .base import SpecModel
from .names import BootstrapServers, GroupId, Identifier, TopicName
from .schema import Field


class JsonFormat(SpecModel):
    kind: Literal["json"] = PydField(
        default="json", description="Source format: one JSON object per message."
    )


class CdcTable(SpecModel):
    """One replicated table: its columns, primary key and the ClickHouse table it lands in."""

    name: Identifier = PydField(description="Source table name in the database.")
    db_schema: Identifier = PydField(
        default="public", description="Source schema (PostgreSQL) or database (MySQL/MariaDB)."
    )
    primary_key: list[Identifier] = PydField(
        min_length=1, description="Primary-key columns of the source table."
    )
    columns: list[Field] = PydField(
        min_length=1, description="Columns captured from the source table, typed."
    )
    target_table: Identifier | None = PydField(
        default=None, description="ClickHouse table written (default: the source table's name)."
    )

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
    the source position (`__lsn`, or `__file`/`__pos`) and `__deleted` fields. The connector
    config we generate matches this choice.

    `mode` and `soft_delete` live here rather than on the ClickHouse sink because they decide
    what the consumer decodes from each change (the operation kept as a column or folded into
    a delete flag) as well as the table it lands in, and they only mean something for change
    events: a ClickHouse sink fed by JSON records has neither.
    """

    kind: Literal["debezium"] = PydField(
        default="debezium", description="Source format: Debezium change events."
    )
    database: Literal["postgres", "mysql", "mariadb"] = PydField(
        default="postgres",
        description=(
            "The source database: postgres (Debezium's PostgreSQL connector, versions are WAL "
            "LSNs), mysql (MySqlConnector) or mariadb (MariaDbConnector; Debezium 3's MySQL "
            "connector refuses MariaDB). mysql and mariadb version rows by binlog position."
        ),
    )
    server_name: TopicName = PydField(description="Debezium topic.prefix")
    tables: list[CdcTable] = PydField(
        default_factory=list, description="The tables whose change events are consumed."
    )
    envelope: Literal["envelope", "unwrapped"] = PydField(
        default="unwrapped",
        description="Whether records carry Debezium's full envelope or the unwrapped row (ExtractNewRecordState).",
    )
    mode: Literal["replace", "history"] = PydField(
        default="replace",
        description=(
            "replace: one current row per primary key (ReplacingMergeTree versioned by the "
            "source position; query with FINAL). history: append-only audit log, every change "
            "is its own row with its operation (_op: c, u, d or r) and source position "
            "(_version) in a MergeTree table."
        ),
    )
    soft_delete: bool = PydField(
        default=True,
        description=(
            "Replace mode only. True (soft): a deleted row stays in the table, visible in FINAL "
            "with _is_deleted = 1 and the delete's position as _version. False (hard): FINAL "
            "hides deleted rows (ReplacingMergeTree's is_deleted column)."
        ),
    )

    @model_validator(mode="after")
    def _deletes_need_replace_mode(self) -> "DebeziumFormat":
        if self.mode == "history" and not self.soft_delete:
            raise ValueError(
                "hard deletes (soft_delete: false) need mode replace: history mode keeps "
                "every change, deletes included, as an audit row"
            )
        return self

    @property
    def binlog(self) -> bool:
        """Positions are binlog file + offset (MySQL family), not a PostgreSQL LSN."""
        return self.database in ("mysql", "mariadb")

    def topic_for(self, table: CdcTable) -> str:
        return f"{self.server_name}.{table.db_schema}.{table.name}"


SourceFormat = Annotated[JsonFormat | DebeziumFormat, PydField(discriminator="kind")]

EventTimeFormat = Literal["iso8601", "epoch_s", "epoch_ms", "epoch_us"]


class KafkaSource(SpecModel):
    kind: Literal["kafka"] = PydField(default="kafka", description="Source kind.")
    topics: list[TopicName] = PydField(default_factory=list, description="Topics consumed.")
    group_id: GroupId = PydField(description="Kafka consumer group of the processor.")
    auto_offset_reset: Literal["earliest", "latest"] = PydField(
        default="earliest",
        description="Where a group with no committed offset starts: earliest or latest.",
    )
    bootstrap_servers: BootstrapServers = PydField(
        default="localhost:9092",
        description="Default Kafka bootstrap servers (overridable at run time).",
    )
    format: SourceFormat = PydField(
        default_factory=JsonFormat, description="Record format: JSON or Debezium change events."
    )
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
    max_batch_records: int = PydField(
        default=500, ge=1, le=100_000, description="Most records fetched per poll."
    )

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
