"""Rule parser: sinks (ClickHouse, Kafka, Redis, stdout), batching, dead-letter topic, brokers,
consumer group, offset reset and delivery guarantee."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def pick(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


CLICKHOUSE = [
    ("Read clickstream from Kafka topic 'clicks' and write to ClickHouse table "
     "analytics.page_views partitioned by day ordered by user_id",
     {"database": "analytics", "table": "page_views", "order_by": ["user_id"],
      "partition_by": {"func": "toYYYYMMDD", "column": "timestamp"}, "engine": "MergeTree"}),
    ("from topic 'clicks' store into table events_raw in ClickHouse",
     {"database": "analytics", "table": "events_raw"}),
    ("from topic 'clicks' write to the ClickHouse table 'raw_events'", {"table": "raw_events"}),
    ("from topic 'clicks' store in ClickHouse as db1.events", {"database": "db1",
                                                                "table": "events"}),
    ("from topic 'clicks' store in ClickHouse database web table hits",
     {"database": "web", "table": "hits"}),
    ("from topic 'clicks' store in ClickHouse partitioned by month",
     {"partition_by": {"func": "toYYYYMM", "column": "timestamp"}}),
    ("from topic 'clicks' store in ClickHouse partitioned by hour",
     {"partition_by": {"func": "toStartOfHour", "column": "timestamp"}}),
    ("from topic 'clicks' store in ClickHouse partitioned by toDate(timestamp)",
     {"partition_by": {"func": "toDate", "column": "timestamp"}}),
    ("from topic 'clicks' store in ClickHouse, partitioned daily",
     {"partition_by": {"func": "toYYYYMMDD", "column": "timestamp"}}),
    ("from topic 'clicks' store in ClickHouse with no partitioning", {"partition_by": None}),
    ("from topic 'clicks' store in ClickHouse ORDER BY (timestamp, user_id)",
     {"order_by": ["timestamp", "user_id"]}),
    ("from topic 'clicks' store in ClickHouse sorted by event_type and timestamp",
     {"order_by": ["event_type", "timestamp"]}),
    ("from topic 'clicks' store in a ClickHouse ReplacingMergeTree table",
     {"engine": "ReplacingMergeTree"}),
    ("from topic 'clicks' store in ClickHouse",
     {"database": "analytics", "table": "clicks", "engine": "MergeTree",
      "order_by": ["timestamp", "event_id"],
      "partition_by": {"func": "toYYYYMM", "column": "timestamp"},
      "batch_rows": 5000, "flush_interval_ms": 5000}),
    ("from topic 'clicks' store in ClickHouse in batches of 5000 rows, flushing every 2 seconds",
     {"batch_rows": 5000, "flush_interval_ms": 2000}),
    ("from topic 'clicks' store in ClickHouse with batch size 10k and a flush interval of 500ms",
     {"batch_rows": 10_000, "flush_interval_ms": 500}),
    ("from topic 'clicks' store in ClickHouse in batches of 5,000 rows",
     {"batch_rows": 5000}),
    ("from topic 'clicks' store in ClickHouse, 2000 rows per batch, flush every second",
     {"batch_rows": 2000, "flush_interval_ms": 1000}),
    ("from topic 'clicks' store in ClickHouse partitioned by day of timestamp",
     {"partition_by": {"func": "toYYYYMMDD", "column": "timestamp"}}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected"), CLICKHOUSE)
def test_clickhouse(request_text: str, expected: dict[str, Any]) -> None:
    sink = parse(request_text)["sinks"][0]
    assert sink["kind"] == "clickhouse"
    for key, value in expected.items():
        assert sink[key] == value, key


KAFKA = [
    ("from topic 'events' publish to topic 'alerts'", [("alerts", None)]),
    ("from topic 'events' write to Kafka topic enriched", [("enriched", None)]),
    ("from topic 'events' send the results to the 'out' topic", [("out", None)]),
    ("from topic 'events' emit to topic alerts keyed by user_id", [("alerts", "user_id")]),
    ("from topic 'events' produce to topics 'a' and 'b'", [("a", None), ("b", None)]),
    ("from topic 'events', output topic 'events-clean'", [("events-clean", None)]),
    ("from topic 'events' publish to 'alerts'", [("alerts", None)]),
    ("from topic 'events' forward everything to the Kafka topic 'archive'", [("archive", None)]),
    ("from topic 'events' stream them into topic 'copy' partitioned by event_id",
     [("copy", "event_id")]),
    ("from topic 'events' alert to 'pager'", [("pager", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "topics"), KAFKA)
def test_kafka_sinks(request_text: str, topics: list[tuple[str, str | None]]) -> None:
    spec = parse(request_text)
    assert spec["source"]["topics"] == ["events"]
    assert [(s["topic"], s["key"]) for s in spec["sinks"]] == topics


def test_kafka_sink_partitions() -> None:
    spec = parse("from topic 'events' publish to topic 'out' with 6 partitions")
    assert spec["sinks"][0]["partitions"] == 6


REDIS = [
    ("from topic 'events' count events per user every minute and write the results back to "
     "Redis keyed by user_id with prefix 'stats:' expiring after 1 hour",
     {"key_field": "user_id", "key_prefix": "stats:", "ttl_ms": 3_600_000}),
    ("from topic 'events' deduplicate by event_id over 1 hour and store in Redis by event_id",
     {"key_field": "event_id", "key_prefix": "events_dedup:", "ttl_ms": None}),
    ("from topic 'events' count events per user every minute and cache them in Redis",
     {"key_field": "user_id"}),
    ("from topic 'events' store in Redis as a hash keyed by user_id with a 1 hour TTL",
     {"key_field": "user_id", "format": "hash", "ttl_ms": 3_600_000}),
    ("from topic 'events' store them in Redis as JSON by event_id with a 30 minute ttl",
     {"key_field": "event_id", "format": "json", "ttl_ms": 1_800_000}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("from topic 'events' store hashes in Redis keyed by user_id", '"as a hash" or "as JSON"'),
        ("from topic 'events' store them in Redis by user_id with a short TTL",
         "give the expiry as a duration"),
    ],
)  # fmt: skip
def test_redis_sink_format_or_expiry_not_read_is_refused(request_text: str, message: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=message):
        parse(request_text)


@pytest.mark.parametrize(("request_text", "expected"), REDIS)
def test_redis_sink(request_text: str, expected: dict[str, Any]) -> None:
    sink = next(s for s in parse(request_text)["sinks"] if s["kind"] == "redis")
    for key, value in expected.items():
        assert sink[key] == value, key


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic 'events' print them",
        "from topic 'events' write them to stdout",
        "from topic 'events' log the results",
        "from topic 'events' show everything on the console",
    ],
)
def test_stdout(request_text: str) -> None:
    assert parse(request_text)["sinks"] == [{"kind": "stdout"}]


def test_no_sink_prints_with_an_assumption() -> None:
    spec = parse("from topic 'events' deduplicate by event_id over 1 hour")
    assert spec["sinks"] == [{"kind": "stdout"}]
    assert "no sink named; printing results to stdout" in spec["assumptions"]


def test_sinks_keep_request_order() -> None:
    spec = parse(
        "from topic 'events' count events per minute, publish to topic 'counts' and store in "
        "ClickHouse"
    )
    assert [s["kind"] for s in spec["sinks"]] == ["kafka", "clickhouse"]


SETTINGS = [
    ("from topic 'events' print them", {"dead_letter_topic": "events-dlq"}),
    ("from topic 'events' print them and send bad records to 'events-dlq2'",
     {"dead_letter_topic": "events-dlq2"}),
    ("from topic 'events' print them, dead-letter topic 'dlq.events'",
     {"dead_letter_topic": "dlq.events"}),
    ("from topic 'events' print them with DLQ events_errors", {"dead_letter_topic": "events_errors"}),
    ("from topic 'events' print them; invalid messages go to topic 'errors'",
     {"dead_letter_topic": "errors"}),
    ("from topic 'events' print them and route malformed events to the dead-letter topic",
     {"dead_letter_topic": "events-dlq"}),
    ("from topic 'events' print them without a dead-letter topic", {"dead_letter_topic": None}),
    ("from topic 'events' write them to Kafka events.out, with events.bad-dlq as the dead "
     "letter topic", {"dead_letter_topic": "events.bad-dlq"}),
    ("from topic 'events' with brokers kafka1:9092,kafka2:9092 print them",
     {"source.bootstrap_servers": "kafka1:9092,kafka2:9092"}),
    ("from topic 'events' on bootstrap servers broker:29092 print them",
     {"source.bootstrap_servers": "broker:29092"}),
    ("from Kafka at kafka.internal:9092 topic 'events' print them",
     {"source.bootstrap_servers": "kafka.internal:9092"}),
    ("from topic 'events', brokers a:9092 and b:9092, print them",
     {"source.bootstrap_servers": "a:9092,b:9092"}),
    ("from topic 'events' with consumer group 'etl-1' print them", {"source.group_id": "etl-1"}),
    ("from topic 'events' with group id etl-2 print them", {"source.group_id": "etl-2"}),
    ("from topic 'events' from the beginning print them", {"source.auto_offset_reset": "earliest"}),
    ("from topic 'events' print only new events", {"source.auto_offset_reset": "latest"}),
    ("from topic 'events' starting from the latest offset print them",
     {"source.auto_offset_reset": "latest"}),
    ("from topic 'events' with auto_offset_reset=latest print them",
     {"source.auto_offset_reset": "latest"}),
    ("from topic 'events' replay all history and print", {"source.auto_offset_reset": "earliest"}),
    ("from topic 'events' print them", {"source.auto_offset_reset": "earliest",
                                        "delivery": "at_least_once"}),
    ("from topic 'events' publish to topic 'out' exactly-once", {"delivery": "exactly_once"}),
    ("from topic 'events' publish to topic 'out' with exactly once semantics",
     {"delivery": "exactly_once"}),
    ("from topic 'events' publish to topic 'out' transactionally", {"delivery": "exactly_once"}),
    ("from topic 'events' publish to topic 'out' at least once",
     {"delivery": "at_least_once"}),
    ("from topic 'events' poll up to 1000 records and print them",
     {"source.max_batch_records": 1000}),
    ("from topic 'events' with max poll records 200 print them",
     {"source.max_batch_records": 200}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected"), SETTINGS)
def test_settings(request_text: str, expected: dict[str, Any]) -> None:
    spec = parse(request_text)
    for path, value in expected.items():
        assert pick(spec, path) == value, path


def test_batch_settings_without_clickhouse_are_noted() -> None:
    spec = parse("from topic 'events' print them in batches of 100 rows")
    assert "batch size / flush interval apply to ClickHouse only; ignored" in spec["assumptions"]


def test_injected_clickhouse_table_is_refused() -> None:
    with pytest.raises(SpecError, match="DROP TABLE"):
        parse("from topic 'events' store into ClickHouse table \"x`); DROP TABLE\"")


def test_bad_broker_is_refused() -> None:
    with pytest.raises(SpecError, match="host:port"):
        parse("from topic 'events' with brokers kafka1:9092,evil:port print them")


def test_output_topic_equal_to_source_is_refused() -> None:
    with pytest.raises(SpecError, match="also a source topic"):
        parse("from topic 'events' publish to topic 'events'")


def test_unsupported_partitioning_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="only date partitions"):
        parse("from topic 'events' store in ClickHouse partitioned by country")


def test_unsupported_service_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="'Elasticsearch' is not supported"):
        parse("from topic 'events' store everything in Elasticsearch")


# Retention: a ClickHouse TTL in days, counted from the event time, the window end or the
# column the request names.
RETENTION = [
    ("from topic 'clicks' store in ClickHouse table web.clicks and retain 30 days",
     {"column": "timestamp", "days": 30}),
    ("from topic 'clicks' store in ClickHouse table web.clicks, keep the rows for 90 days",
     {"column": "timestamp", "days": 90}),
    ("from topic 'logs' store in ClickHouse table ops.logs with TTL 30 days",
     {"column": "timestamp", "days": 30}),
    ("from topic 'logs' store in ClickHouse table ops.logs and expire data after 2 weeks",
     {"column": "timestamp", "days": 14}),
    ("from topic 'logs' store in ClickHouse table ops.logs with a 10-day retention",
     {"column": "timestamp", "days": 10}),
    ("from topic 'logs' store in ClickHouse table ops.logs, retention of seven days",
     {"column": "timestamp", "days": 7}),
    ("from topic 'signups' store in ClickHouse table web.signups and retain 30 days based on "
     "created_at", {"column": "created_at", "days": 30}),
    ("count events per page every minute from topic 'views' into ClickHouse table web.counts "
     "and retain 60 days", {"column": "window_end", "days": 60}),
]  # fmt: skip


@pytest.mark.parametrize("request_text,ttl", RETENTION)
def test_retention_is_a_clickhouse_ttl(request_text: str, ttl: dict[str, Any]) -> None:
    spec = parse(request_text)
    (sink,) = [s for s in spec["sinks"] if s["kind"] == "clickhouse"]
    assert sink["ttl"] == ttl


def test_retention_named_column_is_added_as_a_required_timestamp() -> None:
    spec = parse(
        "from topic 'signups' store in ClickHouse table web.signups and retain 30 days "
        "based on created_at"
    )
    (field,) = [f for f in spec["schema"]["fields"] if f["name"] == "created_at"]
    assert (field["type"], field["required"]) == ("timestamp", True)


@pytest.mark.parametrize("span,days", [("1 year", 365), ("2 years", 730), ("3 months", 90)])
def test_retention_in_months_or_years_is_converted_and_listed(span: str, days: int) -> None:
    spec = parse(f"from topic 'logs' store in ClickHouse table ops.logs and retain {span}")
    assert spec["sinks"][0]["ttl"]["days"] == days
    assert any(f"read as {days} days" in a for a in spec["assumptions"])


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic 'prices' write to Redis keyed by symbol with a 7 day TTL and store in "
        "ClickHouse table market.prices",
        "from topic 'prices' store in ClickHouse table market.prices, cache in Redis keyed by "
        "symbol expiring after 2 days",
        "from topic 'orders' deduplicate by order_id within 1 day and store in ClickHouse table "
        "shop.orders",
        "from topic 'orders' store in ClickHouse table shop.orders",
    ],
)
def test_redis_expiry_and_dedup_horizon_are_not_retention(request_text: str) -> None:
    spec = parse(request_text)
    assert [s["ttl"] for s in spec["sinks"] if s["kind"] == "clickhouse"] == [None]


def test_redis_ttl_stays_on_the_redis_sink_next_to_clickhouse() -> None:
    spec = parse(
        "from topic 'prices' write to Redis keyed by symbol with a 7 day TTL and store in "
        "ClickHouse table market.prices"
    )
    (redis,) = [s for s in spec["sinks"] if s["kind"] == "redis"]
    assert redis["ttl_ms"] == 7 * 86_400_000


@pytest.mark.parametrize(
    "request_text,message",
    [
        ("from topic 'clicks' print them and delete rows older than 30 days",
         "writes to no ClickHouse table"),
        ("from topic 'clicks' store in Redis keyed by user_id and retain 30 days",
         r"data retention \(a ClickHouse TTL\)"),
        ("from topic 'events' store in ClickHouse table a.events, retention of 30 days, TTL 7 days",
         "retention is given twice"),
    ],
)  # fmt: skip
def test_unreadable_retention_is_refused(request_text: str, message: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=message):
        parse(request_text)


@pytest.mark.parametrize(
    "request_text,message",
    [
        ("from topic 'clicks' store in ClickHouse table web.clicks and retain 30 days based on "
         "amount", "a TTL counts from a timestamp or date field"),
        ("from topic 'clicks' store in ClickHouse table web.clicks and retain 0 days",
         "greater than or equal to 1"),
    ],
)  # fmt: skip
def test_retention_the_spec_cannot_hold_is_refused(request_text: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        parse(request_text)


@pytest.mark.parametrize(
    ("request_text", "headers"),
    [
        ("read topic 'orders' and write to topic 'out' with header source=checkout",
         [{"name": "source", "value": "checkout"}]),
        ("read topic 'orders', add headers region from region and 'producer: etl-gen', write to "
         "topic 'out'", [{"name": "region", "field": "region"},
                         {"name": "producer", "value": "etl-gen"}]),
        ("read topic 'orders', set the Kafka header tenant to the tenant_id field, write to topic "
         "'out'", [{"name": "tenant", "field": "tenant_id"}]),
        ("forward topic 'orders' to topic 'out' and add a Kafka header app='web' to every message",
         [{"name": "app", "value": "web"}]),
    ],
)  # fmt: skip
def test_kafka_sink_headers(request_text: str, headers: list[dict[str, str]]) -> None:
    spec = parse(request_text)
    (sink,) = spec["sinks"]
    got = [{k: v for k, v in h.items() if v is not None} for h in sink["headers"]]
    assert got == headers


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("read topic 'orders', set the Kafka header env to prod, write to topic 'out'",
         "a field or a constant"),
        ("read topic 'orders', with header tenant, write to topic 'out'", "has no value"),
        ("read topic 'orders' and print them with header source=checkout",
         "Kafka messages only"),
        ("read topic 'orders', filter where the header type is 'x', write to topic 'out'",
         "reading Kafka message headers"),
        ("read topic 'orders' and route by the Kafka header tenant to topic 'out'",
         "reading Kafka message headers"),
    ],
)  # fmt: skip
def test_unreadable_kafka_headers_are_refused(request_text: str, message: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=message):
        parse_request(request_text)


def test_invalid_kafka_header_name_is_refused_by_the_spec() -> None:
    with pytest.raises(SpecError, match="not a valid Kafka header name"):
        parse_request("read topic 'orders', add header 'bad name: x', write to topic 'out'")


def test_explain_accounts_for_kafka_headers_and_the_join_kind() -> None:
    spec = parse_request(
        "left join topic 'orders' with topic 'payments' on order_id within 15 minutes, keeping "
        "unmatched orders, write to topic 'out' with header source=checkout"
    )
    rows = {r.component: r for r in spec.reading}
    assert "keeping unmatched orders" in rows["join"].words
    assert rows["join"].values[0].startswith("left interval join payments")
    assert "with header source=checkout" in rows["sink"].words
    assert rows["sink"].values == ["kafka topic out, headers source='checkout'"]


def test_explain_shows_a_redis_expiry_said_as_a_clause_of_its_own() -> None:
    spec = parse_request(
        "Keep the latest GPS position of each courier in Redis: read courier-gps, key "
        "courier:{courier_id}, keys expire after ten minutes."
    )
    rows = {r.component: r for r in spec.reading}
    assert rows["sink"].values == ["redis courier:{courier_id}, TTL 10min"]
    assert "keys expire after 10 minutes" in rows["sink"].words
    # what the key keeps is read with the sink, not passed off as the request's purpose
    assert "purpose" not in rows


@pytest.mark.parametrize(
    ("request_text", "source", "sink"),
    [
        ("sum headcount per gallery_id every hour. gallery-counters to topic gallery-rolling",
         "gallery-counters", "gallery-rolling"),
        ("count events per bay_id every hour; lot-sensors to topic bay-counts",
         "lot-sensors", "bay-counts"),
        ("Parking bay sensors push to bay-events. count events per bay_id every hour to topic "
         "bay-counts", "bay-events", "bay-counts"),
    ],
)  # fmt: skip
def test_a_topic_named_like_producers_then_to_topic_is_the_source(
    request_text: str, source: str, sink: str
) -> None:
    """'gallery-counters to topic x': one hyphenated name is a topic, never producers writing
    to x (x was read as the source, the output printed; h24/gagg)."""
    spec = spec_to_dict(parse_request(request_text))
    assert spec["source"]["topics"] == [source]
    assert [s.get("topic") for s in spec["sinks"]] == [sink]


@pytest.mark.parametrize(
    ("request_text", "topic"),
    [
        ("Read silo-loads and write them to farm.silo-loads.clean", "farm.silo-loads.clean"),
        ("Read silo-loads and publish them to farm.loads-v2.", "farm.loads-v2"),
    ],
)
def test_a_dotted_name_with_a_dash_is_a_topic(request_text: str, topic: str) -> None:
    (sink,) = parse(request_text)["sinks"]
    assert (sink["kind"], sink["topic"]) == ("kafka", topic)


def test_a_dotted_name_without_a_dash_may_be_a_table_and_is_not_read_as_a_topic() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("Read silo-loads and write them to farm.loads")


@pytest.mark.parametrize(
    "request_text",
    [
        "From farm.silo-loads into farm.silo-loads.clean, only grain = 'oats'.",
        "From silo-loads into silo-loads-clean, only grain = 'oats'.",
    ],
)
def test_from_a_topic_into_a_topic(request_text: str) -> None:
    spec = parse(request_text)
    (sink,) = spec["sinks"]
    assert sink["kind"] == "kafka" and sink["topic"].endswith("clean")
    assert spec["source"]["topics"][0].endswith("silo-loads")


@pytest.mark.parametrize(
    "request_text",
    [
        "kiln.temps -> kafka kiln.temps-clean + stdout",
        "read topic kiln.temps and write to kafka topic kiln.temps-clean + stdout",
    ],
)
def test_plus_after_a_hyphenated_topic_adds_a_sink(request_text: str) -> None:
    spec = spec_to_dict(parse_request(request_text))
    assert [(s["kind"], s.get("topic")) for s in spec["sinks"]] == [
        ("kafka", "kiln.temps-clean"),
        ("stdout", None),
    ]


def test_plus_after_a_hyphen_in_arithmetic_stays_arithmetic() -> None:
    from generator.parse.rules.text import plus_as_and

    assert plus_as_and("compute net = gross - tax + fee") == "compute net = gross - tax + fee"
    assert plus_as_and("total = price-tax + 1") == "total = price-tax + 1"


def test_a_bare_plus_between_names_lists_them_only_beside_a_field_name() -> None:
    from generator.parse.rules.text import plus_as_and

    assert plus_as_and("dedupe on lighthouse_id+status for 1h") == (
        "dedupe on lighthouse_id and status for 1h"
    )
    assert plus_as_and("total = unit_price+tax_amount") == "total = unit_price + tax_amount"
    assert plus_as_and("price+tax as total") == "price+tax as total"
    assert plus_as_and("tag = 'size_xl+extra'") == "tag = 'size_xl+extra'"


@pytest.mark.parametrize(
    "verb", ["dump it into", "dump everything into", "throw them into", "dump the results into"]
)
def test_a_move_verb_before_a_kafka_sink_is_its_verb(verb: str) -> None:
    spec = spec_to_dict(parse_request(f"read topic gate-events and {verb} topic gate-copy"))
    assert [s["topic"] for s in spec["sinks"]] == ["gate-copy"]


def test_a_move_verb_before_something_else_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("read topic gate-events, dump where x_id > 3, into topic gate-copy")


@pytest.mark.parametrize("noun", ["printing plate", "printing press", "print room"])
def test_print_before_a_trade_noun_is_no_stdout_sink(noun: str) -> None:
    """'The plate room tracks every printing plate in MySQL': a compound noun of the trade,
    never the verb of a stdout sink beside the CDC replica."""
    spec = parse(
        f"The plate room tracks every {noun} in MySQL. Set up CDC on print_ops.plates (plate_id "
        "bigint primary key, job_code varchar) into the ClickHouse database print_copy."
    )
    assert [s["kind"] for s in spec["sinks"]] == ["clickhouse"]


# h30/miscA: the bad records by their own noun, held by the dead-letter topic's name; and
# "anything broken to x-dlq" with the send verb said once
@pytest.mark.parametrize(
    ("request_text", "dlq"),
    [
        ("read topic kiln.temps, print them. Malformed temps should go to the dead-letter topic"
         " kiln.temps-dlq.", "kiln.temps-dlq"),
        ("read topic kiln.temps, print them, anything broken to kiln.temps-dlq",
         "kiln.temps-dlq"),
    ],
)  # fmt: skip
def test_dead_letter_own_noun_and_anything_bad_h30(request_text: str, dlq: str) -> None:
    assert parse(request_text)["dead_letter_topic"] == dlq


@pytest.mark.parametrize(
    "request_text",
    [
        # (a noun the topic's name does not hold: maybe a kind of record)
        "read topic kiln.temps, print them. Malformed gear should go to the dead-letter topic"
        " kiln.temps-dlq.",
        # (a name that does not say it is a dead-letter topic)
        "read topic kiln.temps, print them, anything broken to kiln.repairs",
    ],
)
def test_dead_letter_own_noun_refused_h30(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse(request_text)


def test_redis_key_as_a_quoted_prefix_plus_one_field() -> None:
    # (h30/redis10) "key 'hive_temp:' + hive_id" (the layout says "+" as "and"); never two fields
    from generator.parse.rules.sinks import REDIS_PREFIX_PLUS

    m = REDIS_PREFIX_PLUS.search(" key 'hive_temp:' and hive_id ttl 6h")
    assert m is not None and (m["pre"], m["f"]) == ("hive_temp:", "hive_id")
    assert REDIS_PREFIX_PLUS.search(" key 'freezer:' + site_id + freezer_id") is None


@pytest.mark.parametrize(
    "text, duration",
    [
        ("\x00 and keep the keys eight days.", "eight days"),
        ("\x00, keep the redis keys for 3 days please", "3 days"),
        ("\x00; retain the entries 30 mins", "30 mins"),
    ],
)
def test_redis_keep_the_keys_for_a_duration_is_the_expiry_h32(text: str, duration: str) -> None:
    # (h32/cond10) "keep the keys <duration>" after a Redis clause: how long a key lives
    from generator.parse.rules.sinks import REDIS_TTL_ALONE

    m = REDIS_TTL_ALONE.search(text)
    assert m is not None and m["d5"] == duration


def test_redis_keep_the_keys_needs_a_clause_of_its_own_h32() -> None:
    # "keep the keys" inside a longer clause (no clause start before it) is not an expiry
    from generator.parse.rules.sinks import REDIS_TTL_ALONE

    assert REDIS_TTL_ALONE.search("we keep the keys 2 days") is None


def test_screen_reader_after_stdout_is_read_only_with_a_pronoun_or_the_output() -> None:
    from generator.parse.rules.sinks import SCREEN_READER

    assert SCREEN_READER.search("\x00, I'm just going to tail it.")
    assert SCREEN_READER.search("\x00 - we'll grep the output")
    assert not SCREEN_READER.search("\x00, I'm going to watch for slow printers.")
    assert not SCREEN_READER.search("\x00, I'll tail the orders.")


def test_place_verbs_need_the_records_as_object_before_redis() -> None:
    from generator.parse.rules.sinks import REDIS_SINK

    assert REDIS_SINK.search("chuck them into redis at queue:{ride_id}")
    assert not REDIS_SINK.search("drop them into redis at queue:{ride_id}")
    assert REDIS_SINK.search("toss the results in redis under k:{id}")
    assert not REDIS_SINK.search("drop scans in redis at queue:{ride_id}")


@pytest.mark.parametrize(
    ("between", "after", "same"),
    [
        (" and also print it to ", "", True),
        (", and please also store those in ClickHouse ", "", True),
        (" and also gets written to clickhouse ", "", True),
        (", print them to ", " too", True),
        (" and also print everything to ", "", False),
        (" and also print all of them to ", "", False),
        (" and print the raw ones to ", "", False),
        (" and print to ", "", False),
    ],
)
def test_a_second_sink_said_to_take_the_same_records(between: str, after: str, same: bool) -> None:
    from generator.parse.rules.step_scope import _said_again

    text = between + "stdout" + after
    assert _said_again(between, text, len(between) + len("stdout")) is same


def test_prefix_words_splits_a_redis_prefix() -> None:
    from generator.parse.rules.sinks import _prefix_words

    assert _prefix_words({"key_prefix": "rider_shift:"}) == {"rider", "shift", "ridershift"}
    assert _prefix_words({"key_prefix": "guests:"}) == {"guest"}
    assert _prefix_words({}) == set()


@pytest.mark.parametrize(
    "request_text",
    [
        "read topic a.b, count per line_id every minute as n. alerts published to kafka c.d",
        "read topic a.b, count per line_id every minute as n. the results get sent to topic c.d",
    ],
)
def test_output_noun_participle_reads_as_the_sink_verb(request_text: str) -> None:
    sinks = spec_to_dict(parse_request(request_text))["sinks"]
    assert [(s["kind"], s["topic"]) for s in sinks] == [("kafka", "c.d")]


def test_input_noun_participle_stays_unread() -> None:
    with pytest.raises(RequestNotUnderstood, match="published"):
        parse_request("read topic a.b and keep temp > 5. readings published to kafka c.d")
