"""Where records come from: a Kafka source carrying JSON or Debezium change events."""

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic import Field as PydField

from .base import SpecModel
from .names import BootstrapServers, GroupId, Identifier, TopicName
from .schema import Field
from .topic_pattern import TopicPattern, example_topic


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
    excluded_columns: list[Identifier] = PydField(
        default_factory=list,
        description="Source columns kept out of the capture (the connector's "
        "column.exclude.list): their values never reach Kafka or the replica.",
    )

    @model_validator(mode="after")
    def _key_in_columns(self) -> "CdcTable":
        names = {c.name for c in self.columns}
        for key in self.primary_key:
            if key not in names:
                raise ValueError(
                    f"CDC table {self.name!r}: primary key column {key!r} is not among its columns"
                )
        captured = sorted(names & set(self.excluded_columns))
        if captured:
            raise ValueError(
                f"CDC table {self.name!r}: {', '.join(captured)} is both captured (columns) and "
                "excluded (excluded_columns); list each column in one of them"
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
    dbname: Identifier | None = PydField(
        default=None,
        description=(
            "PostgreSQL only: the database the connector connects to (its database.dbname); "
            "unset means the server's default database, postgres. MySQL and MariaDB tables name "
            "their database in tables[].db_schema instead."
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
    def _dbname_is_postgres_only(self) -> "DebeziumFormat":
        if self.dbname is not None and self.database != "postgres":
            raise ValueError(
                f"dbname is for PostgreSQL sources; a {self.database} table names its database "
                "in tables[].db_schema"
            )
        return self

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
SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

# Where the processor reads the SASL credentials at run time; they never enter the spec.
SASL_USERNAME_ENV = "KAFKA_SASL_USERNAME"
SASL_PASSWORD_ENV = "KAFKA_SASL_PASSWORD"  # noqa: S105 (a variable name, not a password)
_SECRET_KEYS = (
    "sasl_username", "sasl_password", "sasl_plain_username", "sasl_plain_password",
    "username", "password", "ssl_password",
)  # fmt: skip
_SECURITY_DEFAULTS: dict[str, Any] = {
    "security_protocol": "PLAINTEXT",
    "sasl_mechanism": None,
    "ssl_cafile": None,
}
DEFAULT_PATTERN_REFRESH_MS = 30_000
# Omitted from a dump when they hold their default, so specs without them dump unchanged.
_OMITTED_DEFAULTS: dict[str, Any] = {
    **_SECURITY_DEFAULTS,
    "topic_pattern": None,
    "pattern_refresh_ms": DEFAULT_PATTERN_REFRESH_MS,
}


def _file_path(value: str) -> str:
    if not value or len(value) > 1024 or not value.isprintable() or value != value.strip():
        raise ValueError(
            "expected a file path: printable text without leading or trailing spaces, "
            "1 to 1024 characters"
        )
    return value


FilePath = Annotated[str, AfterValidator(_file_path)]


class KafkaSource(SpecModel):
    kind: Literal["kafka"] = PydField(default="kafka", description="Source kind.")
    topics: list[TopicName] = PydField(
        default_factory=list,
        description="Topics consumed (or topic_pattern instead, never both).",
    )
    topic_pattern: TopicPattern | None = PydField(
        default=None,
        description=(
            "A regular expression instead of topics: the processor consumes every topic whose "
            "whole name matches, including topics created while it runs (e.g. audit-.* for "
            "audit-billing and audit-login). Literals, '.', character classes, '|', groups, "
            "repetition and ^/$ only. Not with joins, CDC, or a Kafka sink or dead-letter "
            "topic the pattern matches; needs an explicit dead_letter_topic."
        ),
    )
    pattern_refresh_ms: int = PydField(
        default=DEFAULT_PATTERN_REFRESH_MS,
        ge=1_000,
        le=3_600_000,
        description=(
            "With topic_pattern: how often the processor refreshes the cluster's topic list "
            "(aiokafka metadata_max_age_ms), so a new matching topic is consumed within about "
            "this long of its creation. Overridable at run time (--pattern-refresh-ms)."
        ),
    )
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
    security_protocol: SecurityProtocol = PydField(
        default="PLAINTEXT",
        description=(
            "How the processor connects to Kafka: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT (SASL "
            "authentication without TLS) or SASL_SSL (SASL over TLS). The default of the "
            "processor's --security-protocol flag (env KAFKA_SECURITY_PROTOCOL)."
        ),
    )
    sasl_mechanism: SaslMechanism | None = PydField(
        default=None,
        description=(
            "SASL mechanism for the SASL_* protocols: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. "
            f"The username and password are never part of the spec: the processor reads them "
            f"from {SASL_USERNAME_ENV} and {SASL_PASSWORD_ENV} at run time."
        ),
    )
    ssl_cafile: FilePath | None = PydField(
        default=None,
        description=(
            "PEM file of the certificate authorities that signed the brokers' certificates, "
            "for SSL and SASL_SSL; none means the system's trusted CAs."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _no_secrets(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in _SECRET_KEYS:
                if key in data:
                    raise ValueError(
                        f"{key}: credentials never go in the spec (it is committed with the "
                        f"bundle); the processor reads {SASL_USERNAME_ENV} and "
                        f"{SASL_PASSWORD_ENV} from the environment at run time"
                    )
        return data

    @model_serializer(mode="wrap")
    def _omit_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A spec without Kafka security or a topic pattern (every spec from before these
        # fields) dumps unchanged.
        data: dict[str, Any] = handler(self)
        for key, default in _OMITTED_DEFAULTS.items():
            if data.get(key, default) == default:
                data.pop(key, None)
        return data

    @model_validator(mode="after")
    def _security_is_consistent(self) -> "KafkaSource":
        sasl = self.security_protocol.startswith("SASL_")
        if sasl and self.sasl_mechanism is None:
            raise ValueError(
                f"security_protocol {self.security_protocol} needs sasl_mechanism "
                "(PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)"
            )
        if not sasl and self.sasl_mechanism is not None:
            raise ValueError(
                f"sasl_mechanism {self.sasl_mechanism} needs security_protocol SASL_PLAINTEXT "
                "or SASL_SSL"
            )
        if self.ssl_cafile is not None and not self.security_protocol.endswith("SSL"):
            raise ValueError(
                f"ssl_cafile is for security_protocol SSL or SASL_SSL, not {self.security_protocol}"
            )
        return self

    @model_validator(mode="after")
    def _topics_match_format(self) -> "KafkaSource":
        if self.topic_pattern is not None:
            if self.topics:
                raise ValueError(
                    "topics and topic_pattern exclude each other: list the topics, or give "
                    "the pattern they match"
                )
            if isinstance(self.format, DebeziumFormat):
                raise ValueError(
                    "a CDC source reads the topics of its tables, named by Debezium: "
                    "topic_pattern is for JSON sources"
                )
            return self
        if "pattern_refresh_ms" in self.model_fields_set:
            raise ValueError("pattern_refresh_ms is for a topic_pattern source")
        if isinstance(self.format, DebeziumFormat):
            if not self.format.tables:
                raise ValueError("a Debezium CDC source needs at least one table")
            expected = [self.format.topic_for(t) for t in self.format.tables]
            for topic in expected:
                if len(topic) > 249:
                    raise ValueError(
                        f"CDC topic {topic[:60]}... is over Kafka's 249 characters: shorten "
                        "server_name, the table's db_schema or its name"
                    )
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

    @property
    def example_topic(self) -> str:
        """A topic this source reads: the first listed, or a name the pattern matches."""
        if self.topic_pattern is not None:
            return example_topic(self.topic_pattern)
        return self.topics[0]

    @property
    def subscription_text(self) -> str:
        """What the source reads, in words: its topics or its pattern."""
        if self.topic_pattern is not None:
            return f"topics matching {self.topic_pattern}"
        return ", ".join(self.topics)
