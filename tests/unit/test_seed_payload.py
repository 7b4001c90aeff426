"""The seed's /api/v1/streaming/create payload -> spec, and clear refusals of what it can't map."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import _read_spec_or_payload
from generator.errors import SpecError
from generator.parse.seed_config import spec_from_payload
from generator.spec import spec_to_dict
from generator.spec.presets import PROFILE_FIELDS

DATA = Path(__file__).parent / "data"


def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "seed_payload.json").read_text())
    return data


def minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pipeline_name": "orders_ingest",
        "config": {"topics": ["orders"]},
        "output": {"type": "clickhouse", "table": "orders"},
    }
    data.update(changes)
    return data


def test_seed_payload() -> None:
    spec = spec_to_dict(spec_from_payload(seed()))
    assert spec["name"] == "clickstream_processing"
    assert spec["source"] | {"format": None} == {
        "kind": "kafka", "topics": ["user-events"], "group_id": "clickstream-processor",
        "auto_offset_reset": "latest", "bootstrap_servers": "localhost:9092", "format": None,
        "event_time": "timestamp", "event_time_format": "iso8601", "key": "user_id",
        "max_batch_records": 500,
    }  # fmt: skip
    assert spec["schema"]["preset"] == "clickstream"
    enrich, session, window = spec["operators"]
    assert (enrich["kind"], enrich["key_field"], enrich["key_prefix"]) == (
        "enrich", "user_id", "user:profile:"
    )  # fmt: skip
    assert [(m["source"], m["target"], m["type"]) for m in enrich["fields"]] == PROFILE_FIELDS
    assert (session["kind"], session["key"], session["gap_ms"]) == ("sessionize", "session_id",
                                                                    1_800_000)  # fmt: skip
    assert (window["type"], window["size_ms"]) == ("tumbling", 60_000)
    assert [(a["name"], a["fn"], a["field"]) for a in window["aggregates"]] == [
        ("event_count", "count", None),
        ("unique_users", "count_distinct", "user_id"),
        ("session_duration_ms", "max", "session_duration_ms"),
    ]
    assert spec["sinks"] == [{
        "kind": "clickhouse", "database": "analytics", "table": "clickstream_events",
        "engine": "ReplacingMergeTree", "order_by": ["window_start"],
        "partition_by": {"func": "toYYYYMM", "column": "window_start"}, "ttl": None,
        "batch_rows": 1000, "flush_interval_ms": 5000,
    }]  # fmt: skip
    assert spec["dead_letter_topic"] == "user-events-dlq"
    assert any("session_duration" in note for note in spec["assumptions"])


def test_minimal_payload() -> None:
    spec = spec_to_dict(spec_from_payload(minimal()))
    assert spec["schema"]["preset"] == "sales"
    assert spec["source"]["group_id"] == "orders-ingest"
    assert spec["operators"] == []
    sink = spec["sinks"][0]
    assert (sink["engine"], sink["order_by"]) == ("MergeTree", ["timestamp", "transaction_id"])
    assert sink["partition_by"] == {"func": "toYYYYMM", "column": "timestamp"}


@pytest.mark.parametrize(
    ("metric", "aggregate"),
    [
        ("event_count", {"fn": "count", "field": None}),
        ("order_count", {"fn": "count", "field": None}),
        ("total_sales", {"fn": "count", "field": None}),
        ("unique_customers", {"fn": "count_distinct", "field": "customer_id"}),
        ("distinct_products", {"fn": "count_distinct", "field": "product_id"}),
        ("total_amount", {"fn": "sum", "field": "amount"}),
        ("sum_quantity", {"fn": "sum", "field": "quantity"}),
        ("avg_amount", {"fn": "avg", "field": "amount"}),
        ("average_amount", {"fn": "avg", "field": "amount"}),
        ("min_amount", {"fn": "min", "field": "amount"}),
        ("max_amount", {"fn": "max", "field": "amount"}),
        ("p95_amount", {"fn": "quantile", "field": "amount", "quantile": 0.95}),
        ("total_revenue", {"fn": "sum", "field": "amount"}),
    ],
)
def test_metrics(metric: str, aggregate: dict[str, Any]) -> None:
    payload = minimal(processing={"aggregation": {"window_size_seconds": 30, "metrics": [metric]}})
    spec = spec_to_dict(spec_from_payload(payload))
    window = spec["operators"][0]
    assert window["size_ms"] == 30_000
    agg = window["aggregates"][0]
    assert agg["name"] == metric
    for key, value in aggregate.items():
        assert agg[key] == value, key


def test_session_count_metric() -> None:
    payload = seed()
    payload["processing"]["aggregation"]["metrics"] = ["session_count"]
    spec = spec_to_dict(spec_from_payload(payload))
    assert [op["kind"] for op in spec["operators"]] == ["enrich", "sessionize", "window"]
    assert spec["operators"][2]["aggregates"][0]["field"] == "session_key"


def test_enable_auto_commit_true_is_noted_not_obeyed() -> None:
    payload = seed()
    payload["config"]["enable_auto_commit"] = True
    spec = spec_from_payload(payload)
    assert any("enable_auto_commit" in note for note in spec.assumptions)


def _set(payload: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(payload)
    target = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value
    return data


def _drop(payload: dict[str, Any], path: str) -> dict[str, Any]:
    data = copy.deepcopy(payload)
    target = data
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[part]
    del target[parts[-1]]
    return data


REFUSALS = [
    (_set(seed(), "webhook", "x"), "unknown or unsupported key(s) in payload: webhook"),
    (_set(seed(), "config.compression_type", "lz4"),
     "unknown or unsupported key(s) in config: compression_type"),
    (_set(seed(), "processing.filtering", {}),
     "unknown or unsupported key(s) in processing: filtering"),
    (_set(seed(), "processing.enrichment.ttl", 5),
     "unknown or unsupported key(s) in processing.enrichment: ttl"),
    (_set(seed(), "processing.aggregation.group_by", ["country"]),
     "unknown or unsupported key(s) in processing.aggregation: group_by"),
    (_set(seed(), "output.database", "x"), "unknown or unsupported key(s) in output: database"),
    (_drop(seed(), "pipeline_name"), "payload is missing pipeline_name"),
    (_drop(seed(), "config.topics"), "config is missing topics"),
    (_drop(seed(), "output.table"), "output is missing table"),
    (_drop(seed(), "processing.aggregation.metrics"),
     "processing.aggregation is missing metrics"),
    (_set(seed(), "type", "spark_job"), "type 'spark_job' is not supported"),
    (_set(seed(), "output.type", "s3"), "output.type 's3' is not supported"),
    (_set(seed(), "processing.enrichment.type", "http_lookup"),
     "processing.enrichment.type 'http_lookup' is not supported"),
    (_set(seed(), "config.auto_offset_reset", "none"), "must be 'earliest' or 'latest'"),
    (_set(seed(), "config.max_poll_records", 0), "config.max_poll_records must be an integer"),
    (_set(seed(), "config.topics", []), "config.topics must be a non-empty list"),
    (_set(seed(), "config.enable_auto_commit", "yes"), "enable_auto_commit must be true or false"),
    (_set(seed(), "output.batch_size", "many"), "output.batch_size must be an integer"),
    (_set(seed(), "processing.aggregation.window_size_seconds", -5),
     "window_size_seconds must be an integer >= 1"),
    (_set(seed(), "processing.aggregation.metrics", ["event_count", "vibes"]),
     "'vibes' is not a known metric"),
    (_set(seed(), "processing.enrichment.key_field", "warehouse_id"),
     "no known fields for 'warehouse' lookups"),
    (_set(seed(), "config", []), "config must be a JSON object"),
    # names are validated by the spec
    (_set(seed(), "pipeline_name", "x; rm -rf /"), "'x; rm -rf /' is not a valid identifier"),
    (_set(seed(), "config.topics", ["a;b"]), "'a;b' is not a valid Kafka topic name"),
    (_set(seed(), "output.table", "x`); DROP TABLE"), "is not a valid identifier"),
    (_set(seed(), "processing.enrichment.cache_prefix", "a b"), "not a valid Redis key prefix"),
    (_set(seed(), "config.bootstrap_servers", "nohost"), "is not a host:port bootstrap server"),
]  # fmt: skip


@pytest.mark.parametrize(("payload", "message"), REFUSALS)
def test_refusals(payload: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match="invalid seed payload") as error:
        spec_from_payload(payload)
    assert message in str(error.value)


def test_cli_reads_a_payload_file(tmp_path: Path) -> None:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(seed()))
    assert _read_spec_or_payload(path) == spec_from_payload(seed())


def test_bootstrap_servers_list_is_joined() -> None:
    payload = _set(seed(), "config.bootstrap_servers", ["k1:9092", "k2:9092"])
    assert spec_from_payload(payload).source.bootstrap_servers == "k1:9092,k2:9092"
