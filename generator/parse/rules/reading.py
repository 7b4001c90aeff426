"""How the request was read: per recogniser, the words it consumed and the values it produced,
then every default applied. Stored in `Pipeline.reading` and printed by `etl-gen explain`."""

from __future__ import annotations

from typing import Any

from ...spec.operators import Enrich as EnrichSpec
from ...spec.sinks import CDC_BATCH_ROWS
from . import lazy_re as re
from .quantities import duration_label
from .state import ParserState

# Recogniser (as recorded on the spans it masked) -> the component name shown to the reader.
COMPONENTS = {
    "settings": "settings",
    "schema": "input schema",
    "dead_letter": "dead-letter topic",
    "sinks": "sink",
    "joins": "join",
    "enrich": "enrichment",
    "cdc": "cdc",
    "sources": "source",
    "dedup": "dedup",
    "sessions": "sessions",
    "windows": "window",
    "computed": "computed fields",
    "projection": "projection",
    "filters": "filter",
    "aggregates": "aggregates",
    "top_n": "top-N",
    "group_by": "group-by",
    "description": "description",
    "context": "context",
}


def clause_readings(
    parser: ParserState, data: dict[str, Any], ignored: list[str]
) -> list[dict[str, Any]]:
    """One row per recogniser that consumed words, then the defaults, then ignored words."""
    words: dict[str, list[str]] = {}
    for start, end, reader in sorted(parser.spans):
        text = parser.text[start:end].strip(" ,;.")
        if text:
            words.setdefault(reader, []).append(text)
    rows = []
    for reader, parts in words.items():
        rows.append(
            {
                "words": " … ".join(parts),
                "component": COMPONENTS.get(reader, reader),
                "values": _values(parser, reader, data),
            }
        )
    defaults = _defaults(parser, data)
    if defaults:
        rows.append({"words": "", "component": "defaults", "values": defaults})
    for run in ignored:
        rows.append({"words": run, "component": "ignored (--lenient)", "values": []})
    return rows


def _ops(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [op for op in data.get("operators", []) if op["kind"] == kind]


def _value(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


_SETTING_ATTR = {
    "batch_rows": "batch_rows",
    "flush_interval_ms": "flush_ms",
    "partitions": "partitions",
}


def _values(parser: ParserState, reader: str, data: dict[str, Any]) -> list[str]:
    source = data.get("source", {})
    if reader == "sources":
        out = [f"topic {t}" for t in source.get("topics", [])]
        if source.get("topic_pattern"):
            out.append(f"topics matching {source['topic_pattern']}")
        return out
    if reader == "description":
        return [f"what the records of topic {t} are" for t in source.get("topics", [])]
    if reader.startswith("background"):  # "lol", "if that's possible" (leadins.BACKGROUND)
        return ["background: not a pipeline step"]
    if reader == "context":  # "The lamps report every few seconds." (see context.DATA_RATE)
        return ["not a pipeline step"]
    if reader == "settings":
        read = {
            "bootstrap_servers": parser.brokers,
            "group_id": parser.group_id,
            "auto_offset_reset": parser.offset,
            "event_time": parser.event_time_set or None,
            "event_time_format": parser.event_time_format,
            "max_batch_records": parser.max_poll,
        }
        out = [f"{k} = {source.get(k)}" for k, given in read.items() if given is not None]
        out += [f"name = {data['name']}"] if parser.name else []
        out += [f"delivery = {data['delivery']}"] if "delivery" in data else []
        for sink in data.get("sinks", []):
            for key in ("batch_rows", "flush_interval_ms", "partitions"):
                if key in sink and getattr(parser, _SETTING_ATTR[key]) is not None:
                    out.append(f"{sink['kind']} {key} = {sink[key]}")
        return out
    if reader == "schema":  # "messages carry co2_ppm, room_id and school_id"
        fields = {f["name"]: f["type"] for f in data.get("schema", {}).get("fields", [])}
        return [f"{n}: {fields[n]}" for n in parser.carried if n in fields]
    if reader == "dead_letter":
        return [f"dead_letter_topic = {data.get('dead_letter_topic')}"]
    if reader == "sinks":
        return [_sink(s) for s in data.get("sinks", [])]
    if reader == "filters":
        out = [
            (
                f"where {f['where']}"
                if f.get("where")
                else f"{f['field']} {f['op']} " + _value(f.get("value"))
            )
            for f in _ops(data, "filter")
        ]
        for w in _ops(data, "window"):
            if w.get("having"):
                h = w["having"]
                out.append(f"having {h['aggregate']} {h['op']} {h['value']}")
        return out
    if reader == "computed":
        return [f"{c['name']} = {c['expr']}" for m in _ops(data, "map") for c in m["fields"]]
    if reader == "projection":
        out = []
        for sel in _ops(data, "select"):
            out += [f"keep {', '.join(sel['keep'])}"] if sel.get("keep") else []
            out += [f"drop {', '.join(sel['drop'])}"] if sel.get("drop") else []
            out += [f"rename {old} -> {new}" for old, new in sel.get("rename", {}).items()]
        # CDC: the columns left out are not replicated ("but leave out the email column")
        for t in source.get("format", {}).get("tables", []):
            out.append(f"replicate {t['name']}: {', '.join(c['name'] for c in t['columns'])}")
        return out
    if reader == "dedup":
        return [
            f"key {', '.join(d['key'])} within {duration_label(d['horizon_ms'])}"
            for d in _ops(data, "dedup")
        ]
    if reader == "sessions":
        return [
            f"key {s['key']}, gap {duration_label(s['gap_ms'])}" for s in _ops(data, "sessionize")
        ]
    if reader in ("windows", "group_by"):
        out = []
        for w in _ops(data, "window"):
            size = (
                duration_label(w["size_ms"])
                if w.get("size_ms")
                else f"gap {duration_label(w.get('gap_ms') or 0)}"
            )
            slide = f" sliding {duration_label(w['slide_ms'])}" if w.get("slide_ms") else ""
            group = f" by {', '.join(w['group_by'])}" if w["group_by"] else ""
            out.append(f"{w['type']} {size}{slide}{group}")
        return out
    if reader == "aggregates":
        return [
            f"{a['name']} = {a['fn']}({a.get('field') or ''})"
            + (f" q={a['quantile']}" if a.get("quantile") else "")
            for w in _ops(data, "window")
            for a in w["aggregates"]
        ]
    if reader == "top_n":
        return [
            f"{'top' if t.get('order', 'highest') == 'highest' else 'bottom'} {t['n']} by "
            f"{t['order_by']}" + (f" in each {', '.join(t['per'])}" if t.get("per") else "")
            for t in _ops(data, "top_n")
        ]
    if reader == "enrich":
        return [
            f"redis {e['key_prefix']}{{{e['key_field']}}} -> "
            + ", ".join(m["target"] for m in e["fields"])
            for e in _ops(data, "enrich")
        ] + _joins(data)
    if reader == "joins":
        return _joins(data)
    if reader == "cdc":
        fmt = source.get("format", {})
        return [
            f"{fmt.get('database')} table {t.get('db_schema', 'public')}.{t['name']}"
            for t in fmt.get("tables", [])
        ]
    return []


def _joins(data: dict[str, Any]) -> list[str]:
    out = [
        f"{j.get('how', 'inner')} interval join {j['right_topic']} on {j['left_key']} = {j['right_key']}, "
        f"-{duration_label(j['before_ms']) if j['before_ms'] else '0s'}/+"
        f"{duration_label(j['after_ms']) if j['after_ms'] else '0s'}"
        for j in _ops(data, "interval_join")
    ]
    out += [
        f"{j.get('how', 'left')} table join {j['table_topic']} on {j['left_key']} = {j['right_key']}"
        for j in _ops(data, "table_join")
    ]
    return out


def _sink(sink: dict[str, Any]) -> str:
    if sink["kind"] == "clickhouse":
        ttl = sink.get("ttl")
        return (
            f"clickhouse {sink.get('database', 'analytics')}.{sink.get('table') or '<per table>'}"
            + (f", TTL {ttl['days']} days after {ttl['column']}" if ttl else "")
        )
    if sink["kind"] == "kafka":
        headers = [
            f"{h['name']}={h['field'] if h.get('field') else repr(h['value'])}"
            for h in sink.get("headers") or []
        ]
        return f"kafka topic {sink['topic']}" + (
            f", headers {', '.join(headers)}" if headers else ""
        )
    if sink["kind"] == "redis":
        ttl = f", TTL {duration_label(sink['ttl_ms'])}" if sink.get("ttl_ms") else ""
        if sink.get("key_template"):
            return f"redis {sink['key_template']}{ttl}"
        return f"redis {sink.get('key_prefix', '')}{{{sink['key_field']}}}{ttl}"
    return sink["kind"]


def _defaults(parser: ParserState, data: dict[str, Any]) -> list[str]:
    source = data.get("source", {})
    out = []
    if not parser.name:
        out.append(f"name = {data.get('name')} (from the request's subject)")
    if not parser.brokers:
        out.append("bootstrap_servers = localhost:9092")
    if not parser.group_id:
        out.append(f"group_id = {source.get('group_id')}")
    if not parser.offset:
        out.append("auto_offset_reset = earliest")
    if not parser.event_time_set and not data.get("source", {}).get("format"):
        at = source.get("event_time")
        out.append(f"event_time = {at}" if at else "event_time = none (the Kafka record's time)")
    if not parser.dlq_set:
        out.append(f"dead_letter_topic = {data.get('dead_letter_topic')}")
    if not parser.delivery:
        out.append("delivery = at_least_once")
    if not parser.batch_rows and (source.get("format") or {}).get("kind") == "debezium":
        out += [
            f"clickhouse batch_rows = {s.get('batch_rows', CDC_BATCH_ROWS):,} (a CDC replica's default: fewer, larger"
            " inserts; the flush interval still bounds the wait)"
            for s in data.get("sinks", [])
            if s["kind"] == "clickhouse"
        ]
    if any(w.get("type") != "session" for w in _ops(data, "window")) and (
        "grace_ms" not in parser.window
    ):
        grace = _ops(data, "window")[0]["grace_ms"]
        out.append(f"window grace = {duration_label(grace) if grace else '0s'}")
    if parser.session is not None and not parser.session.get("gap_ms"):
        gaps = [s["gap_ms"] for s in _ops(data, "sessionize")]
        out += [f"session gap = {duration_label(g)}" for g in gaps]
    for raw in parser.sinks:
        if raw.kind == "redis" and "key_prefix" not in raw.data:
            out += [
                f"redis key prefix = {s['key_prefix']!r} (from the pipeline name)"
                for s in data.get("sinks", [])
                if s["kind"] == "redis" and s.get("key_prefix")
            ]
        if raw.kind == "clickhouse" and "ttl" in raw.data and raw.data["ttl"][1] is None:
            out += [
                f"clickhouse TTL column = {s['ttl']['column']} (the "
                + ("window end)" if _ops(data, "window") else "event time)")
                for s in data.get("sinks", [])
                if s["kind"] == "clickhouse" and s.get("ttl")
            ]
        if raw.kind == "clickhouse" and "table" not in raw.data:
            out += [
                f"clickhouse table = {s.get('database', 'analytics')}.{s['table']}"
                for s in data.get("sinks", [])
                if s["kind"] == "clickhouse" and s.get("table")
            ]
    out += _enrich_defaults(parser, data)
    schema = data.get("schema", {})
    if schema.get("preset"):
        out.append(f"input schema = preset {schema['preset']}")
    return out


def _enrich_defaults(parser: ParserState, data: dict[str, Any]) -> list[str]:
    """How a Redis lookup reads its values when the request does not say."""
    e = parser.enrich
    if e is None:
        return []
    out = []
    for op in _ops(data, "enrich"):
        if op["value_format"] == "json" and not re.search(r"\bjson\b", parser.text, re.I):
            out.append("redis value format = json (one JSON string per key; not a Redis hash)")
        if e.on_miss is None:
            out.append("redis miss = the added fields are null (the record is kept)")
        if e.ttl_ms is None:
            ttl = op.get("cache_ttl_ms", EnrichSpec.model_fields["cache_ttl_ms"].default)
            out.append(f"redis lookup cache = {duration_label(ttl)} per key")
    return out


def format_reading(
    rows: list[tuple[str, str, list[str]]], assumptions: list[str], width: int = 44
) -> str:
    """The reading as a plain-text table (words | component | values), then the assumptions."""
    # the component column fits its longest name ("background (situation)")
    cw = max([18, *(len(component) for _, component, _ in rows)])
    lines = [f"{'words':<{width}}  {'component':<{cw}}  values", "-" * (width + cw + 22)]
    for words, component, values in rows:
        shown = words if len(words) <= width else words[: width - 1] + "…"
        first, *rest = values or [""]
        lines.append(f"{shown or '(not in the request)':<{width}}  {component:<{cw}}  {first}")
        lines += [f"{'':<{width}}  {'':<{cw}}  {v}" for v in rest]
    lines.append("")
    lines.append("assumptions:" if assumptions else "assumptions: none")
    lines += [f"  - {a}" for a in assumptions]
    return "\n".join(lines) + "\n"
