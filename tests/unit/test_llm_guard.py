"""The hallucination guard, the request-literal cross-check and the cache key."""

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.parse.llm import (
    KnownNames,
    cache_key,
    extract_literals,
    invented_names,
    unused_literals,
)
from generator.spec import Field, Pipeline, Schema

GENERATED = Path(__file__).resolve().parents[2] / "generated"


def seed(name: str) -> dict[str, Any]:
    return yaml.safe_load((GENERATED / name / "spec.yaml").read_text(encoding="utf-8"))


def invented(data: dict[str, Any], request: str | None = None, sample=None) -> list[str]:
    spec = Pipeline.model_validate(data)
    return invented_names(spec, data["description"] if request is None else request, sample)


@pytest.mark.parametrize(
    "name", ["clickstream_sessions", "sales_aggregates", "orders_cdc", "clickstream_profile_join"]
)
def test_seed_specs_pass_the_guard(name: str) -> None:
    assert invented(seed(name)) == []


@pytest.mark.parametrize(
    ("name", "request_text"),
    [
        ("user_events", "from Kafka topic 'user-events'"),
        ("user-events", "user events"),
        ("clickstream_events", "Process clickstream events"),
        ("user:profile:", "enrich with user profiles"),
        ("orders", "the order table"),
        ("categories", "per category"),
        ("sales_aggregates_1min", "topic 'sales-aggregates-1min'"),
    ],
)
def test_known_name_variants(name: str, request_text: str) -> None:
    assert name in KnownNames(request_text, None)


@pytest.mark.parametrize("name", ["user-events-enriched", "warehouse", "events_user"])
def test_unknown_names(name: str) -> None:
    assert name not in KnownNames("enrich user events from 'user-events'", None)


def test_preset_and_sample_names_are_known() -> None:
    sample = Schema(fields=[Field(name="reading_celsius", type="float")])
    known = KnownNames("anything", sample)
    assert "reading_celsius" in known
    assert "signup_date" in known  # a profile field
    assert "clickstream" in known  # a preset
    assert "reading_kelvin" not in known


def test_every_kind_of_invented_name_is_reported() -> None:
    data = seed("clickstream_sessions")
    data["source"]["topics"] = ["user-events", "mobile-events"]
    data["schema"]["fields"].append({"name": "battery_level", "type": "float", "required": False})
    data["operators"][0]["key_prefix"] = "crm:customer:"
    data["sinks"][0].update(database="warehouse", table="sessions_v2")
    data["sinks"].append({"kind": "redis", "key_prefix": "visits:", "key_field": "session_key"})
    data["dead_letter_topic"] = "errors"
    assert invented(data) == [
        "source topic 'mobile-events' (source.topics[1])",
        "field 'battery_level' (schema.fields[12].name)",
        "Redis key prefix 'crm:customer:' (operators[0].key_prefix)",
        "ClickHouse database 'warehouse' (sinks[0].database)",
        "ClickHouse table 'sessions_v2' (sinks[0].table)",
        "Redis key prefix 'visits:' (sinks[1].key_prefix)",
        "dead-letter topic 'errors' (dead_letter_topic)",
    ]


def test_redis_key_template_text_and_kafka_headers_are_checked() -> None:
    data = seed("clickstream_sessions")
    data["sinks"].append({"kind": "redis", "format": "hash", "key_template": "crm:{user_id}"})
    data["sinks"].append(
        {
            "kind": "kafka",
            "topic": "sessions-out",
            "headers": [
                {"name": "trace-source", "value": "web tier"},
                {"name": "user", "field": "user_id"},
            ],
        }
    )
    request = f"{data['description']} Also write sessions to sessions-out with a user header."
    assert invented(data, request) == [
        "Redis key template text 'crm:' (sinks[1].key_template)",
        "Kafka header 'trace-source' (sinks[2].headers[0].name)",
        "Kafka header value 'web tier' (sinks[2].headers[0].value)",
    ]


def test_defaults_are_allowed() -> None:
    data = seed("clickstream_sessions")
    data["sinks"][0].update(database="default", table="clickstream_sessions")
    data["dead_letter_topic"] = "clickstream-sessions-dlq"
    data["source"]["group_id"] = "any-group-name"  # group ids are never checked
    assert invented(data) == []


def test_join_topic_and_fields_are_checked() -> None:
    data = seed("clickstream_profile_join")
    join = data["operators"][0]
    join["right_topic"] = "crm-profiles"
    join["right_fields"].append({"name": "loyalty_tier", "required": False})
    assert invented(data) == [
        "join topic 'crm-profiles' (operators[0].right_topic)",
        "join field 'loyalty_tier' (operators[0].right_fields[6].name)",
    ]


def test_cdc_names_are_checked() -> None:
    data = seed("orders_cdc")
    request = "Replicate the PostgreSQL table orders to ClickHouse with Debezium CDC."
    data["source"].pop("topics")  # derived from the tables
    data["source"]["format"]["tables"] = data["source"]["format"]["tables"][:1]
    assert invented(data, request) == []
    data["source"]["format"]["server_name"] = "dbserver1"
    data["source"]["format"]["tables"][0]["columns"].append({"name": "coupon_code"})
    assert invented(data, request) == [
        "Debezium server name 'dbserver1' (source.format.server_name)",
        "column 'coupon_code' (source.format.tables[0].columns[7].name)",
    ]


def test_unknown_preset_is_reported() -> None:
    data = seed("sales_aggregates")
    data["schema"]["preset"] = "retail"
    (problem,) = invented(data)
    assert problem.startswith("preset 'retail' (schema.preset; known: clickstream, sales")


@pytest.mark.parametrize(
    ("request_text", "literals"),
    [
        (seed("clickstream_sessions")["description"], ["user-events"]),
        ("Read Kafka topic user-events in real-time, e.g. for 'US' users", ["US", "user-events"]),
        (
            "Join on user_id into ClickHouse table analytics.page_views.",
            ["user_id", "analytics.page_views"],
        ),
        (
            'Use \u2018smart-quotes\u2019 and "double" and `back-ticks`',
            ["smart-quotes", "double", "back-ticks"],
        ),
        ("the user's events, don't drop them", []),
    ],
)
def test_extract_literals(request_text: str, literals: list[str]) -> None:
    assert extract_literals(request_text) == literals


def test_dotted_literal_may_be_split_into_database_and_table() -> None:
    data = seed("clickstream_sessions")
    request = "Store clickstream from topic 'user-events' in ClickHouse table analytics.sessions."
    data["sinks"][0]["table"] = "sessions"
    assert unused_literals(request, Pipeline.model_validate(data)) == []
    data["sinks"][0]["table"] = "session_rows"
    assert unused_literals(request, Pipeline.model_validate(data)) == ["analytics.sessions"]


def test_host_literal_is_used_inside_bootstrap_servers() -> None:
    data = seed("clickstream_sessions")
    request = data["description"] + " Kafka runs at broker1.internal:9092."
    assert extract_literals(request) == ["user-events", "broker1.internal"]
    assert unused_literals(request, Pipeline.model_validate(data)) == ["broker1.internal"]
    data["source"]["bootstrap_servers"] = "broker1.internal:9092"
    assert unused_literals(request, Pipeline.model_validate(data)) == []


def test_description_does_not_count_as_use() -> None:
    data = copy.deepcopy(seed("clickstream_sessions"))
    data["source"]["topics"] = ["user_events"]
    data["dead_letter_topic"] = "user_events-dlq"
    spec = Pipeline.model_validate(data)
    assert unused_literals(data["description"], spec) == ["user-events"]


def test_cache_key_covers_request_model_prompt_and_sample() -> None:
    sample = Schema(fields=[Field(name="x")])
    base = cache_key("r", "m", "1+abc", None)
    assert base == cache_key("r", "m", "1+abc", None)
    others = {
        cache_key("r2", "m", "1+abc", None),
        cache_key("r", "m2", "1+abc", None),
        cache_key("r", "m", "2+abc", None),
        cache_key("r", "m", "1+abc", sample),
    }
    assert base not in others and len(others) == 4
