"""The seed platform's `/api/v1/streaming/create` JSON payload -> a validated `Pipeline`.

The payload shape (from the seed document's example 1):

    {"pipeline_name": "clickstream_processing", "type": "kafka_consumer",
     "config": {"bootstrap_servers", "topics", "group_id", "auto_offset_reset",
                "enable_auto_commit", "max_poll_records"},
     "processing": {"enrichment": {"type": "redis_lookup", "key_field", "cache_prefix"},
                    "aggregation": {"window_size_seconds", "metrics": [...]}},
     "output": {"type": "clickhouse", "table", "batch_size", "flush_interval_ms"}}

Every key is checked: an unknown or unsupported key or value is a `SpecError` naming it, never
silently dropped. Metric names map to aggregates by their shape (`event_count` -> count,
`unique_users` -> count_distinct(user_id), `total_amount` -> sum(amount), `avg_x`, `min_x`,
`max_x`, `p95_x`); session metrics (`session_duration`, `session_count`) add a Sessionize step
before the window. How each metric was read is listed in `Pipeline.assumptions`.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import SpecError
from ..spec import Pipeline, spec_from_dict
from ..spec.presets import LOOKUPS, PRESETS, PROFILE_FIELDS
from .rules import _DOMAINS, _ID_FIELDS, _Parser

WHAT = "seed payload"

_KEYS: dict[str, dict[str, bool]] = {
    # section -> {key: required}
    "": {"pipeline_name": True, "type": False, "config": True, "processing": False,
         "output": True},
    "config": {"bootstrap_servers": False, "topics": True, "group_id": False,
               "auto_offset_reset": False, "enable_auto_commit": False,
               "max_poll_records": False},
    "processing": {"enrichment": False, "aggregation": False},
    "processing.enrichment": {"type": True, "key_field": True, "cache_prefix": False},
    "processing.aggregation": {"window_size_seconds": True, "metrics": True},
    "output": {"type": True, "table": True, "batch_size": False, "flush_interval_ms": False},
}  # fmt: skip

DEFAULT_SESSION_GAP_MS = 30 * 60_000


def _fail(message: str) -> SpecError:
    return SpecError(f"invalid {WHAT}: {message}")


def _section(data: Any, where: str) -> dict[str, Any]:
    label = where or "payload"
    if not isinstance(data, dict):
        raise _fail(f"{label} must be a JSON object")
    allowed = _KEYS[where]
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise _fail(
            f"unknown or unsupported key(s) in {label}: {', '.join(map(str, unknown))} "
            f"(supported: {', '.join(allowed)})"
        )
    missing = [k for k, required in allowed.items() if required and k not in data]
    if missing:
        raise _fail(f"{label} is missing {', '.join(missing)}")
    return data


def _int(value: Any, where: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(f"{where} must be an integer >= {minimum}, not {value!r}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(f"{where} must be a non-empty string, not {value!r}")
    return value


def spec_from_payload(data: dict[str, Any]) -> Pipeline:
    """Convert the seed's streaming-create payload into a pipeline spec, or refuse naming why."""
    top = _section(data, "")
    kind = top.get("type", "kafka_consumer")
    if kind != "kafka_consumer":
        raise _fail(f"type {kind!r} is not supported (only 'kafka_consumer')")
    name = _str(top["pipeline_name"], "pipeline_name")
    config = _section(top["config"], "config")
    processing = _section(top.get("processing", {}), "processing")
    output = _section(top["output"], "output")
    assumptions: list[str] = []

    topics = config["topics"]
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        raise _fail("config.topics must be a non-empty list of topic names")
    source: dict[str, Any] = {
        "topics": topics,
        "group_id": config.get("group_id", name.replace("_", "-")),
    }
    if "bootstrap_servers" in config:
        servers = config["bootstrap_servers"]
        source["bootstrap_servers"] = ",".join(servers) if isinstance(servers, list) else servers
    if "auto_offset_reset" in config:
        reset = config["auto_offset_reset"]
        if reset not in ("earliest", "latest"):
            raise _fail(f"config.auto_offset_reset must be 'earliest' or 'latest', not {reset!r}")
        source["auto_offset_reset"] = reset
    if "max_poll_records" in config:
        source["max_batch_records"] = _int(config["max_poll_records"], "config.max_poll_records")
    if config.get("enable_auto_commit") is True:
        assumptions.append(
            "config.enable_auto_commit=true ignored: offsets are committed only after every "
            "output of a record is durably written"
        )
    elif "enable_auto_commit" in config and config["enable_auto_commit"] is not False:
        raise _fail("config.enable_auto_commit must be true or false")

    # The input schema: a domain preset picked from the pipeline and topic names.
    words = " ".join([name, *topics]).replace("_", " ").replace("-", " ")
    preset = "events"
    best = None
    for pattern, candidate, _subject in _DOMAINS:
        m = pattern.search(words)
        if m and (best is None or m.start() < best):
            best, preset = m.start(), candidate
    helper = _Parser("", None)
    helper.fields = [f.model_dump() for f in PRESETS[preset]]
    helper.schema_label = f"{preset} preset"
    helper.preset = preset
    names = helper.names()
    event_time = "timestamp" if "timestamp" in names else None

    operators: list[dict[str, Any]] = []
    enrich_key = None
    if "enrichment" in processing:
        operators.append(_enrichment(processing["enrichment"], helper))
        enrich_key = operators[-1]["key_field"]
    window = None
    if "aggregation" in processing:
        session, window = _aggregation(processing["aggregation"], helper, assumptions)
        if session:
            operators.append(session)
        operators.append(window)

    key = enrich_key if enrich_key in helper.names() else None
    source["event_time"] = event_time
    source["key"] = key
    sink: dict[str, Any] = {"kind": "clickhouse"}
    if output["type"] != "clickhouse":
        raise _fail(f"output.type {output['type']!r} is not supported (only 'clickhouse')")
    sink["table"] = _str(output["table"], "output.table")
    if "batch_size" in output:
        sink["batch_rows"] = _int(output["batch_size"], "output.batch_size")
    if "flush_interval_ms" in output:
        sink["flush_interval_ms"] = _int(output["flush_interval_ms"], "output.flush_interval_ms")
    if window:
        sink["engine"] = "ReplacingMergeTree"
        sink["order_by"] = ["window_start"]
        sink["partition_by"] = {"func": "toYYYYMM", "column": "window_start"}
    else:
        outputs = helper.names() + list(helper.added_by_ops)
        order = [c for c in (event_time, key) if c]
        order += [n for n in _ID_FIELDS if n in outputs][:1]
        sink["order_by"] = list(dict.fromkeys(order))
        if event_time:
            sink["partition_by"] = {"func": "toYYYYMM", "column": event_time}

    spec = {
        "name": name,
        "description": f"Converted from the seed's /api/v1/streaming/create payload {name!r}.",
        "source": source,
        "schema": {"fields": helper.fields, "preset": preset},
        "operators": operators,
        "sinks": [sink],
        "dead_letter_topic": f"{topics[0]}-dlq" if isinstance(topics[0], str) else None,
        "assumptions": helper.assumptions + assumptions,
    }
    return spec_from_dict(spec, what=WHAT)


def _enrichment(data: Any, helper: _Parser) -> dict[str, Any]:
    section = _section(data, "processing.enrichment")
    if section["type"] != "redis_lookup":
        raise _fail(
            f"processing.enrichment.type {section['type']!r} is not supported (only "
            "'redis_lookup')"
        )
    key_field = _str(section["key_field"], "processing.enrichment.key_field")
    prefix = section.get("cache_prefix", "")
    if not isinstance(prefix, str):
        raise _fail("processing.enrichment.cache_prefix must be a string")
    entity = key_field[:-3] if key_field.endswith("_id") else key_field
    if entity == "user":
        mapping = PROFILE_FIELDS
    elif entity in LOOKUPS:
        mapping = LOOKUPS[entity][1]
    else:
        raise _fail(
            f"processing.enrichment: no known fields for {entity!r} lookups (known: "
            f"{', '.join(sorted(LOOKUPS))}); write a spec file to map other fields"
        )
    key = helper.resolve(key_field, explicit=True, why="enrichment key")
    for _src, target, kind in mapping:
        helper.added_by_ops[target] = kind
    return {
        "kind": "enrich",
        "key_field": key,
        "key_prefix": prefix,
        "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
    }


_METRIC = re.compile(
    r"^(?:(?P<count>[a-z]+_count|count|total_(?:events|records|messages|sales|orders|clicks))"
    r"|(?P<distinct>(?:unique|distinct)_(?P<dfield>\w+))"
    r"|(?P<fn>total|sum|avg|average|mean|min|max|p\d{1,2})_(?P<field>\w+))$"
)


def _aggregation(
    data: Any, helper: _Parser, assumptions: list[str]
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    section = _section(data, "processing.aggregation")
    seconds = _int(section["window_size_seconds"], "processing.aggregation.window_size_seconds")
    metrics = section["metrics"]
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) for m in metrics):
        raise _fail("processing.aggregation.metrics must be a non-empty list of metric names")
    session: dict[str, Any] | None = None
    aggregates: list[dict[str, Any]] = []

    def sessionize() -> None:
        nonlocal session
        if session is None:
            names = helper.names()
            key = next((n for n in ("session_id", "user_id") if n in names), None)
            if key is None:
                raise _fail("session metrics need a session_id or user_id field")
            session = {"kind": "sessionize", "key": key, "gap_ms": DEFAULT_SESSION_GAP_MS}
            if "page_url" in names and key != "page_url":
                session["distinct_field"] = "page_url"
            for added in ("session_key", "session_start", "session_duration_ms",
                          "session_event_count"):  # fmt: skip
                helper.added_by_ops[added] = "int"
            assumptions.append(
                f"session metrics: sessions per {key} split after 30 minutes of inactivity"
            )

    for metric in metrics:
        m = _METRIC.match(metric)
        if metric in ("session_duration", "avg_session_duration", "session_count"):
            sessionize()
            if metric == "session_count":
                aggregates.append({"name": metric, "fn": "count_distinct", "field": "session_key"})
                assumptions.append("metric 'session_count' -> count_distinct(session_key)")
            else:
                fn = "avg" if metric.startswith("avg") else "max"
                aggregates.append(
                    {"name": f"{metric}_ms", "fn": fn, "field": "session_duration_ms"}
                )
                assumptions.append(
                    f"metric {metric!r} -> {fn}(session_duration_ms) per window, named "
                    f"{metric}_ms"
                )
        elif m is None:
            raise _fail(
                f"processing.aggregation.metrics: {metric!r} is not a known metric (use "
                "event_count, unique_<field>, total_<field>, avg_<field>, min_<field>, "
                "max_<field>, p95_<field>, session_duration or session_count)"
            )
        elif m.group("count"):
            aggregates.append({"name": metric, "fn": "count"})
        elif m.group("distinct"):
            field = helper.resolve(m.group("dfield"), role="entity", why=metric)
            aggregates.append({"name": metric, "fn": "count_distinct", "field": field})
        else:
            fn = m.group("fn")
            field = helper.resolve(m.group("field"), role="measure", why=metric)
            agg: dict[str, Any] = {"name": metric, "fn": fn, "field": field}
            if fn in ("total", "sum"):
                agg["fn"] = "sum"
            elif fn in ("average", "mean"):
                agg["fn"] = "avg"
            elif fn.startswith("p"):
                agg["fn"], agg["quantile"] = "quantile", int(fn[1:]) / 100
            aggregates.append(agg)
    window = {
        "kind": "window",
        "type": "tumbling",
        "size_ms": seconds * 1000,
        "grace_ms": 5000,
        "aggregates": aggregates,
    }
    return session, window
