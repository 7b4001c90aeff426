"""Every validation rule in generator/spec/*.py has a case here that triggers it.

`test_every_rule_is_covered` reads each `raise ValueError(...)` in the spec modules and checks
that one of the cases below produced its message, so a new rule without a test fails here.
"""

import ast
import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.spec import spec_from_dict

SPEC_DIR = Path(__file__).resolve().parents[2] / "generator" / "spec"

Data = dict[str, Any]


def base() -> Data:
    return {
        "name": "p",
        "source": {"topics": ["events"], "group_id": "g"},
        "schema": {"fields": [
            {"name": "event_id"},
            {"name": "user_id", "type": "int"},
            {"name": "amount", "type": "float"},
            {"name": "timestamp", "type": "timestamp"},
        ]},
        "operators": [],
        "sinks": [{"kind": "stdout"}],
    }  # fmt: skip


def cdc_base() -> Data:
    return {
        "name": "c",
        "source": {
            "group_id": "g",
            "event_time": None,
            "format": {"kind": "debezium", "server_name": "db", "tables": [
                {"name": "t", "primary_key": ["id"], "columns": [{"name": "id", "type": "int"}]},
            ]},
        },
        "sinks": [{"kind": "clickhouse", "engine": "ReplacingMergeTree"}],
    }  # fmt: skip


def window(**kw: Any) -> Data:
    return {"kind": "window", "size_ms": 60_000, "aggregates": [{"name": "n", "fn": "count"}]} | kw


def set_path(data: Data, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(parts[-1])] = value
    else:
        data[parts[-1]] = value


def with_(changes: dict[str, Any], start: Callable[[], Data] = base) -> Data:
    data = start()
    for path, value in changes.items():
        set_path(data, path, copy.deepcopy(value))
    return data


def table_join(**kw: Any) -> Data:
    return {
        "kind": "table_join", "table_topic": "customers", "left_key": "user_id",
        "right_key": "user_id",
        "right_fields": [{"name": "user_id", "type": "int"}, {"name": "tier"}],
        "fields": [{"source": "tier", "target": "tier"}],
    } | kw  # fmt: skip


INTERVAL = {
    "kind": "interval_join", "right_topic": "profiles", "left_key": "user_id",
    "right_key": "user_id", "before_ms": 1000, "after_ms": 1000,
    "right_fields": [{"name": "user_id", "type": "int"}, {"name": "email"},
                     {"name": "timestamp", "type": "timestamp"}],
    "fields": [{"source": "email", "target": "user_email"}],
}  # fmt: skip


def pattern(regex: str, **top: Any) -> Data:
    """The base pipeline reading every topic matching `regex`."""
    data = base() | {"dead_letter_topic": "audit.dead-letters"} | top
    data["source"] = {"topic_pattern": regex, "group_id": "g"}
    return data


CASES: list[tuple[str, Data, str]] = [
    # source.py: Kafka security
    ("kafka secret", with_({"source.sasl_password": "x"}),
     "credentials never go in the spec"),
    ("sasl without mechanism", with_({"source.security_protocol": "SASL_SSL"}),
     "security_protocol SASL_SSL needs sasl_mechanism"),
    ("mechanism without sasl", with_({"source.sasl_mechanism": "PLAIN"}),
     "sasl_mechanism PLAIN needs security_protocol SASL_PLAINTEXT or SASL_SSL"),
    ("cafile without tls", with_({"source.ssl_cafile": "/ca.pem"}),
     "ssl_cafile is for security_protocol SSL or SASL_SSL, not PLAINTEXT"),
    ("cafile path", with_({"source.security_protocol": "SSL", "source.ssl_cafile": "a\nb"}),
     "expected a file path"),
    # source.py and topic_pattern.py: topic patterns
    ("pattern and topics", with_({"source.topic_pattern": "audit-.*"}),
     "topics and topic_pattern exclude each other"),
    ("pattern on cdc", with_({"source.topic_pattern": "db\\..*"}, cdc_base),
     "a CDC source reads the topics of its tables"),
    ("refresh without pattern", with_({"source.pattern_refresh_ms": 5000}),
     "pattern_refresh_ms is for a topic_pattern source"),
    ("pattern length", pattern("a" * 201), "a topic pattern is 1 to 200 printable ASCII"),
    ("pattern control char", pattern("audit-\x00"), "a topic pattern is 1 to 200 printable"),
    ("pattern space", pattern("audit .*"), "a topic pattern has no spaces"),
    ("pattern syntax", pattern("audit-(.*"), "is not a regular expression: missing ), unterminated subpattern"),
    ("pattern lookahead", pattern("(?!internal)audit-.*"),
     "uses assert_not, which topic patterns do not support"),
    ("pattern no topic", pattern("audit-x{300}"), "matches no legal Kafka topic name"),
    ("pattern no topic chars", pattern("audit/.*"), "matches no legal Kafka topic name"),
    # pipeline.py: what a pattern cannot do
    ("pattern interval join", pattern("audit-.*", operators=[INTERVAL]),
     "with an interval join: the join meets partition p"),
    ("pattern without dlq", pattern("audit-.*", dead_letter_topic=None),
     "needs dead_letter_topic: there is no single source topic"),
    ("pattern reads its dlq", pattern("audit.*"),
     "dead-letter topic 'audit.dead-letters' matches topic_pattern 'audit.*'"),
    ("pattern reads its output", pattern("audit-.*", sinks=[{"kind": "kafka", "topic": "audit-out"}]),
     "Kafka sink topic 'audit-out' matches topic_pattern 'audit-.*'"),
    ("pattern reads its table", pattern("[a-z]+", operators=[table_join()]),
     "join table topic 'customers' matches topic_pattern '[a-z]+'"),
    # names.py
    ("identifier", with_({"schema.fields.0.name": "bad-name"}), "is not a valid identifier"),
    ("reserved", with_({"schema.fields.0.name": "class"}), "is a reserved word"),
    ("dunder", with_({"schema.fields.0.name": "__import__"}), "Python special (dunder) name"),
    ("mangled", with_({"schema.fields.0.name": "__lsn"}), "name mangling): rename it, e.g. 'lsn'"),
    ("passthrough_window", with_({"schema.passthrough": True, "operators": [window()]}),
     "operator 1 (window) writes rows of its own; set passthrough to false"),
    ("passthrough_cdc", with_({"schema": {"passthrough": True}}, cdc_base),
     "only JSON records are passed on whole"),
    ("passthrough_select_nothing", with_({"source.event_time": None, "operators": [
        {"kind": "select", "drop": ["event_id", "user_id", "amount", "timestamp"]}]}),
     "a select that keeps no field leaves nothing to write"),
    ("topic", with_({"source.topics": ["a b"]}), "is not a valid Kafka topic name"),
    ("topic newline", with_({"source.topics": ["events\n"]}), "is not a valid Kafka topic name"),
    ("filter nan", with_({"operators": [{"kind": "filter", "field": "user_id", "op": "gt",
                                          "value": float("nan")}]}),
     "nan is not a finite number: NaN and Infinity never match"),
    ("topic dot", with_({"source.topics": [".."]}), "is not a valid Kafka topic name"),
    ("group", with_({"source.group_id": "g g"}), "is not a valid consumer group id"),
    ("key prefix", with_({"operators": [{
        "kind": "enrich", "key_field": "user_id", "key_prefix": "a b",
        "fields": [{"source": "x", "target": "y"}]}]}), "is not a valid Redis key prefix"),
    ("enrich copies a field twice", with_({"operators": [{
        "kind": "enrich", "key_field": "user_id",
        "fields": [{"source": "x", "target": "y"}, {"source": "x", "target": "z"}]}]}),
     "the Redis enrichment copies 'x' twice (into y and z); copy it once, then add the second "
     "field with a map operator"),
    ("join copies a field twice", with_({"operators": [table_join(fields=[
        {"source": "tier", "target": "a"}, {"source": "tier", "target": "b"}])]}),
     "the join with table 'customers' copies 'tier' twice (into a and b)"),
    ("bootstrap", with_({"source.bootstrap_servers": "kafka:9092,nohost"}),
     "'nohost' is not a host:port bootstrap server"),
    # schema.py
    ("duplicate field", with_({"schema.fields.1.name": "event_id"}),
     "field 'event_id' is declared twice in the schema"),
    # operators.py: Filter
    ("filter in", with_({"operators": [{"kind": "filter", "field": "user_id", "op": "in",
                                        "value": 1}]}), "op 'in' needs a list value"),
    ("filter not_null", with_({"operators": [{"kind": "filter", "field": "user_id",
                                              "op": "not_null", "value": 1}]}),
     "op 'not_null' takes no value"),
    ("filter single", with_({"operators": [{"kind": "filter", "field": "user_id", "op": "gt"}]}),
     "op 'gt' needs a single value"),
    ("filter list", with_({"operators": [{"kind": "filter", "field": "user_id", "op": "eq",
                                          "value": [1]}]}), "op 'eq' needs a single value"),
    # Filter on an expression, Map, Select
    ("filter both", with_({"operators": [{"kind": "filter", "field": "user_id",
                                          "where": "user_id > 1"}]}),
     "a filter takes either an expression (where) or field/op/value, not both"),
    ("filter neither", with_({"operators": [{"kind": "filter"}]}),
     "a filter needs an expression (where) or a field to compare"),
    ("where type", with_({"operators": [{"kind": "filter", "where": "amount + 1"}]}),
     "operator 1 (filter) where: "),
    ("where field", with_({"operators": [{"kind": "filter", "where": "country == 'DE'"}]}),
     "operator 1 (filter) where: "),
    ("map twice", with_({"operators": [{"kind": "map", "fields": [
        {"name": "x", "expr": "amount"}, {"name": "x", "expr": "amount * 2"}]}]}),
     "map computes 'x' more than once"),
    ("map expression", with_({"operators": [{"kind": "map", "fields": [
        {"name": "x", "expr": "amount > 'a'"}]}]}), "operator 1 (map) field 'x': "),
    ("map event time", with_({"operators": [{"kind": "map", "fields": [
        {"name": "timestamp", "expr": "timestamp"}]}]}),
     "operator 1 (map) replaces the event-time field 'timestamp'"),
    ("select keep drop", with_({"operators": [{"kind": "select", "keep": ["user_id"],
                                               "drop": ["amount"]}]}),
     "a select takes keep or drop, not both"),
    ("select nothing", with_({"operators": [{"kind": "select"}]}),
     "a select needs keep, drop or rename"),
    ("select empty keep", with_({"operators": [{"kind": "select", "keep": []}]}),
     "a select that keeps no field leaves nothing to write"),
    ("select all dropped", with_({"source.event_time": None, "operators": [
        {"kind": "select", "drop": ["event_id", "user_id", "amount", "timestamp"]}]}),
     "operator 1 (select) a select that keeps no field leaves nothing to write"),
    ("select keep twice", with_({"operators": [{"kind": "select",
                                                "keep": ["user_id", "user_id"]}]}),
     "select: keep names a field twice"),
    ("select rename twice", with_({"operators": [{"kind": "select",
                                                  "rename": {"user_id": "a", "amount": "a"}}]}),
     "select: two fields are renamed to one name"),
    ("select rename dropped", with_({"operators": [{"kind": "select", "drop": ["amount"],
                                                    "rename": {"amount": "total"}}]}),
     "operator 1 (select) select renames 'amount', which it does not keep"),
    ("select rename clash", with_({"operators": [{"kind": "select",
                                                  "rename": {"user_id": "amount"}}]}),
     "select: after renaming, 'amount' repeats"),
    ("select event time", with_({"operators": [
        {"kind": "select", "keep": ["user_id"]},
        {"kind": "dedup", "key": ["user_id"], "horizon_ms": 1000}]}),
     "operator 1 (select) drops or renames the event-time field 'timestamp'"),
    ("select reads", with_({"operators": [{"kind": "select", "keep": ["country"]}]}),
     "operator 1 (select) reads 'country', which is not a field at that point"),
    ("select output", with_({"operators": [{"kind": "select", "drop": ["user_id"]}],
                             "sinks": [{"kind": "kafka", "topic": "out", "key": "user_id"}]}),
     "Kafka sink key 'user_id' is not an output field"),
    # Aggregate
    ("agg field", with_({"operators": [window(aggregates=[{"name": "s", "fn": "sum"}])]}),
     "aggregate 's': sum needs a field"),
    ("agg level", with_({"operators": [window(aggregates=[
        {"name": "q", "fn": "quantile", "field": "amount"}])]}), "quantile needs a level"),
    ("agg only quantile", with_({"operators": [window(aggregates=[
        {"name": "a", "fn": "avg", "field": "amount", "quantile": 0.5}])]}),
     "only quantile takes a level"),
    # Window
    ("tumbling size", with_({"operators": [window(size_ms=None)]}),
     "a tumbling window needs a size"),
    ("hopping slide", with_({"operators": [window(type="hopping")]}),
     "a hopping window needs a slide"),
    ("hopping multiple", with_({"operators": [window(type="hopping", slide_ms=7000)]}),
     "must be a multiple of its slide"),
    ("slide not hopping", with_({"operators": [window(slide_ms=1000)]}),
     "only a hopping window takes a slide, not a tumbling window"),
    ("session gap", with_({"operators": [window(type="session", size_ms=None)]}),
     "a session window needs an inactivity gap"),
    ("gap not session", with_({"operators": [window(gap_ms=1000)]}),
     "only a session window takes a gap, not a tumbling window"),
    ("names repeat", with_({"operators": [window(aggregates=[
        {"name": "n", "fn": "count"}, {"name": "n", "fn": "count"}])]}),
     "aggregate names repeat"),
    ("names clash", with_({"operators": [window(group_by=["user_id"], aggregates=[
        {"name": "user_id", "fn": "count"}, {"name": "window_start", "fn": "count"}])]}),
     "['user_id', 'window_start'] clash with output columns"),
    ("having", with_({"operators": [window(having={"aggregate": "x", "value": 1})]}),
     "threshold refers to 'x', which is not an aggregate of this window (n)"),
    # top_n: right after a tumbling or hopping window with a group key, by one of its aggregates
    ("top_n first", with_({"operators": [{"kind": "top_n", "n": 3, "order_by": "amount"}]}),
     "operator 1 (top_n) ranks a window's rows: put it right after a window"),
    ("top_n session", with_({"operators": [
        window(type="session", size_ms=None, gap_ms=1000, group_by=["user_id"]),
        {"kind": "top_n", "n": 3, "order_by": "n"}]}),
     "operator 2 (top_n) follows a session window"),
    ("top_n no group", with_({"operators": [window(), {"kind": "top_n", "n": 3, "order_by": "n"}]}),
     "operator 2 (top_n) ranks a window's groups, but the window has no group_by"),
    ("top_n order_by", with_({"operators": [
        window(group_by=["user_id"]), {"kind": "top_n", "n": 3, "order_by": "user_id"}]}),
     "operator 2 (top_n) orders by 'user_id', which is not an aggregate of the window before it (n)"),
    ("top_n zero", with_({"operators": [
        window(group_by=["user_id"]), {"kind": "top_n", "n": 0, "order_by": "n"}]}),
     "greater than or equal to 1"),
    # top_n per: within some of the window's group-by fields, never all of them
    ("top_n per outside", with_({"operators": [
        window(group_by=["user_id"]), {"kind": "top_n", "n": 3, "order_by": "n",
                                       "per": ["amount"]}]}),
     "operator 2 (top_n) ranks per amount, which the window before it does not group by (user_id)"),
    ("top_n per all", with_({"operators": [
        window(group_by=["user_id"]), {"kind": "top_n", "n": 3, "order_by": "n",
                                       "per": ["user_id"]}]}),
     "operator 2 (top_n) ranks per user_id, all of the window's group-by fields"),
    ("top_n per twice", with_({"operators": [
        window(group_by=["user_id", "amount"]), {"kind": "top_n", "n": 3, "order_by": "n",
                                                 "per": ["user_id", "user_id"]}]}),
     "top_n per repeats a field"),
    # joins
    ("interval right", with_({"operators": [INTERVAL | {"right_key": "uid"}]}),
     "join with 'profiles': 'uid' is not a field of the right stream"),
    ("interval mapping", with_({"operators": [INTERVAL | {
        "fields": [{"source": "nope", "target": "x"}]}]}),
     "'nope' is not a field of the right stream"),
    ("table right", with_({"operators": [table_join(right_key="cid")]}),
     "join with table 'customers': 'cid' is not a field of it"),
    # source.py
    ("cdc pk", with_({"source.format.tables.0.primary_key": ["nope"]}, cdc_base),
     "CDC table 't': primary key column 'nope' is not among its columns"),
    ("cdc excluded captured", with_({"source.format.tables.0.excluded_columns": ["id"]}, cdc_base),
     "CDC table 't': id is both captured (columns) and excluded (excluded_columns)"),
    ("cdc tables", with_({"source.format.tables": []}, cdc_base),
     "a Debezium CDC source needs at least one table"),
    ("cdc topics", with_({"source.topics": ["db.public.other"]}, cdc_base),
     "do not match the tables' topics ['db.public.t']"),
    ("no topic", with_({"source.topics": []}), "a Kafka source needs at least one topic"),
    ("topic twice", with_({"source.topics": ["a", "a"]}), "topic listed twice in ['a', 'a']"),
    # pipeline.py: CDC
    ("cdc operators", with_({"operators": [{"kind": "filter", "field": "id", "op": "not_null"}]},
                            cdc_base), "a CDC replication pipeline takes no operators"),
    ("cdc schema", with_({"schema": {"fields": [{"name": "id"}]}}, cdc_base),
     "a CDC pipeline declares columns per table"),
    ("cdc sinks", with_({"sinks": [{"kind": "clickhouse", "engine": "ReplacingMergeTree"},
                                   {"kind": "stdout"}]}, cdc_base),
     "a CDC pipeline replicates into exactly one ClickHouse sink"),
    ("cdc engine", with_({"sinks.0.engine": "MergeTree"}, cdc_base),
     "CDC replicas need engine ReplacingMergeTree"),
    ("cdc history engine", with_({"source.format.mode": "history"}, cdc_base),
     "CDC history mode appends every change: it needs engine MergeTree"),
    ("cdc dbname on mysql", with_({"source.format.database": "mysql", "source.format.dbname": "db"},
                                  cdc_base),
     "dbname is for PostgreSQL sources; a mysql table names its database in tables[].db_schema"),
    ("cdc tables one target",
     with_({"source.format.tables": [
         {"name": "t", "primary_key": ["id"], "columns": [{"name": "id", "type": "int"}]},
         {"name": "t", "db_schema": "shop", "primary_key": ["id"],
          "columns": [{"name": "id", "type": "int"}]},
     ]}, cdc_base),
     "CDC tables public.t and shop.t would both land in ClickHouse table t: one replica cannot "
     "hold two tables' rows; give one its own target_table, e.g. shop_t"),
    ("cdc history hard deletes",
     with_({"source.format.mode": "history", "source.format.soft_delete": False,
            "sinks.0.engine": "MergeTree"}, cdc_base),
     "hard deletes (soft_delete: false) need mode replace"),
    # pipeline.py: stream
    ("no fields", with_({"schema.fields": []}), "the input schema has no fields"),
    ("no fields, whole records into columns",
     with_({"schema": {"fields": [], "passthrough": True}, "source.event_time": None,
            "sinks": [{"kind": "clickhouse"}]}),
     "the input schema has no fields"),
    ("never true", with_({"operators": [{"kind": "filter", "field": "ts", "op": "eq", "value": 1},
                                        {"kind": "filter", "field": "ts", "op": "eq", "value": 2}]}),
     "the filters ts = 1 and ts = 2 can never all hold"),
    ("event time missing", with_({"source.event_time": "ts"}),
     "event-time field 'ts' is not in the input schema"),
    ("event time type", with_({"source.event_time": "event_id"}),
     "event-time field 'event_id' must be a timestamp or epoch ms"),
    ("event time required", with_({"schema.fields.3.required": False}),
     "event-time field 'timestamp' must be required"),
    ("source key", with_({"source.key": "country"}),
     "source key field 'country' is not in the input schema"),
    ("reads", with_({"operators": [{"kind": "dedup", "key": ["country"], "horizon_ms": 1}]}),
     "operator 1 (dedup) reads 'country', which is not a field at that point"),
    ("adds", with_({"operators": [table_join(fields=[{"source": "tier", "target": "amount"}])]}),
     "operator 1 (table_join) adds 'amount', which already exists"),
    ("event time needed", with_({"source.event_time": None, "operators": [
        {"kind": "sessionize", "key": "user_id", "gap_ms": 1000}]}),
     "operator 1 (sessionize) needs an event-time field"),
    ("two windows", with_({"operators": [window(), window()]}),
     "at most one window per pipeline"),
    ("two joins", with_({"operators": [
        table_join(), table_join(fields=[{"source": "tier", "target": "tier2"}])]}),
     "at most one join per pipeline"),
    # pipeline.py: sinks
    ("same clickhouse table", with_({"sinks": [{"kind": "clickhouse", "table": "a"},
                                               {"kind": "clickhouse", "table": "b"},
                                               {"kind": "clickhouse", "table": "a"}]}),
     "two ClickHouse sinks write analytics.a; give each sink its own table"),
    ("clickhouse batches", with_({"sinks": [{"kind": "clickhouse", "table": "a"},
                                            {"kind": "clickhouse", "table": "b",
                                             "batch_rows": 10}]}),
     "the ClickHouse sinks are flushed together, so they share one batch"),
    ("ttl column", with_({"sinks": [{"kind": "clickhouse", "table": "t",
                                     "ttl": {"column": "x", "days": 3}}]}),
     "ClickHouse TTL of analytics.t: column 'x' is not an output field"),
    ("ttl type", with_({"sinks": [{"kind": "clickhouse", "table": "t",
                                   "ttl": {"column": "amount", "days": 3}}]}),
     "column 'amount' is a float field; a TTL counts from a timestamp or date field"),
    ("ttl optional", with_({"schema.fields.3.required": False, "source.event_time": None, "sinks": [
        {"kind": "clickhouse", "table": "t", "ttl": {"column": "timestamp", "days": 3}}]}),
     "column 'timestamp' is optional; a TTL counts from a required timestamp or date field"),
    ("ttl cdc", with_({"sinks.0.ttl": {"column": "id", "days": 3}}, cdc_base),
     "a CDC replica mirrors its source tables, so a TTL would drop rows the source still has"),
    ("two stdout", with_({"sinks": [{"kind": "stdout"}, {"kind": "stdout"}]}),
     "more than one stdout sink"),
    ("table name", with_({"sinks": [{"kind": "clickhouse"}]}),
     "the ClickHouse sink needs a table name"),
    ("order by", with_({"sinks": [{"kind": "clickhouse", "table": "t", "order_by": ["x"]}]}),
     "ClickHouse ORDER BY column 'x' is not an output field"),
    ("window order by", with_({"operators": [window(group_by=["user_id"])],
                               "sinks": [{"kind": "clickhouse", "table": "t", "order_by": ["n"]}]}),
     "window results are keyed by (window_start, user_id), the ReplacingMergeTree's dedup key, "
     "so they cannot be ordered by 'n'"),
    ("partition by", with_({"sinks": [{"kind": "clickhouse", "table": "t",
                                       "partition_by": {"column": "x"}}]}),
     "ClickHouse PARTITION BY column 'x' is not an output field"),
    ("replacing partition", with_({"sinks": [{"kind": "clickhouse", "table": "t",
                                              "engine": "ReplacingMergeTree",
                                              "order_by": ["event_id"],
                                              "partition_by": {"column": "timestamp"}}]}),
     "ReplacingMergeTree partitioned by 'timestamp', which is not in its ORDER BY key"),
    ("kafka key", with_({"sinks": [{"kind": "kafka", "topic": "out", "key": "x"}]}),
     "Kafka sink key 'x' is not an output field"),
    ("kafka topic", with_({"sinks": [{"kind": "kafka", "topic": "events"}]}),
     "Kafka sink topic 'events' is also a source topic"),
    ("redis key", with_({"sinks": [{"kind": "redis", "key_field": "x"}]}),
     "Redis sink key '{x}': 'x' is not an output field"),
    # sinks.py, pipeline.py: Redis key templates
    ("redis template field", with_({"sinks": [{"kind": "redis", "key_template": "u:{x}"}]}),
     "Redis sink key 'u:{x}': 'x' is not an output field"),
    ("redis template text", with_({"sinks": [{"kind": "redis", "key_template": "u {user_id}"}]}),
     "the text 'u ' may only use letters, digits and ':_.-'"),
    ("redis template quote", with_({"sinks": [{"kind": "redis",
                                               "key_template": "u'\"{user_id}"}]}),
     "may only use letters, digits and ':_.-'"),
    ("redis template spec", with_({"sinks": [{"kind": "redis", "key_template": "{user_id:>5}"}]}),
     "placeholder {user_id:>5} has a conversion or format spec"),
    ("redis template conversion", with_({"sinks": [{"kind": "redis",
                                                    "key_template": "{user_id!r}"}]}),
     "placeholder {user_id!r} has a conversion or format spec"),
    ("redis template attribute", with_({"sinks": [{"kind": "redis",
                                                   "key_template": "{user_id.__class__}"}]}),
     "placeholder {user_id.__class__} must name an output field"),
    ("redis template index", with_({"sinks": [{"kind": "redis", "key_template": "{user_id[0]}"}]}),
     "placeholder {user_id[0]} must name an output field"),
    ("redis template positional", with_({"sinks": [{"kind": "redis", "key_template": "u:{}"}]}),
     "placeholder {} must name an output field"),
    ("redis template unclosed", with_({"sinks": [{"kind": "redis",
                                                  "key_template": "u:{user_id"}]}),
     "Redis key template 'u:{user_id': expected '}' before end of string"),
    ("redis template constant", with_({"sinks": [{"kind": "redis", "key_template": "users"}]}),
     "Redis key template 'users' has no {field} placeholder"),
    ("redis template and field", with_({"sinks": [{"kind": "redis", "key_template": "u:{user_id}",
                                                   "key_field": "user_id"}]}),
     "the Redis sink takes key_template or key_field, not both"),
    ("redis template and prefix", with_({"sinks": [{"kind": "redis", "key_template": "{user_id}",
                                                    "key_prefix": "u:"}]}),
     "the Redis sink takes key_template or key_prefix, not both"),
    ("redis no key", with_({"sinks": [{"kind": "redis", "key_prefix": "u:"}]}),
     "the Redis sink needs a key: key_field or key_template"),
    ("redis json key", with_({"schema.fields.0.type": "json",
                              "sinks": [{"kind": "redis", "key_template": "e:{event_id}"}]}),
     "'event_id' is a json field; a key part must be a plain value"),
    ("redis nullable key", with_({"schema.fields.0.required": False,
                                  "sinks": [{"kind": "redis", "key_field": "event_id"}]}),
     "'event_id' may be null (required: false), and a key needs a value"),
    # sinks.py, pipeline.py: Kafka headers
    ("kafka header field", with_({"sinks": [{"kind": "kafka", "topic": "out",
                                             "headers": [{"name": "h", "field": "x"}]}]}),
     "Kafka sink header 'h' reads 'x', which is not an output field"),
    ("kafka header name", with_({"sinks": [{"kind": "kafka", "topic": "out",
                                            "headers": [{"name": "a\nb", "value": "v"}]}]}),
     "is not a valid Kafka header name"),
    ("kafka header source", with_({"sinks": [{"kind": "kafka", "topic": "out", "headers": [
        {"name": "h", "field": "user_id", "value": "v"}]}]}),
     "Kafka header 'h' needs exactly one of field (an output field) or value (a constant)"),
    ("kafka header twice", with_({"sinks": [{"kind": "kafka", "topic": "out", "headers": [
        {"name": "h", "value": "a"}, {"name": "h", "field": "user_id"}]}]}),
     "Kafka sink header 'h' is given twice"),
    ("dlq", with_({"dead_letter_topic": "events"}),
     "the dead-letter topic cannot be a source topic"),
    ("dlq is a sink", with_({"dead_letter_topic": "out", "sinks": [
        {"kind": "kafka", "topic": "out"}]}),
     "the dead-letter topic 'out' is also a Kafka sink's topic"),
    # output fields after a window: the raw fields are gone
    ("window output", with_({"operators": [window()], "sinks": [
        {"kind": "kafka", "topic": "out", "key": "user_id"}]}),
     "Kafka sink key 'user_id' is not an output field"),
    # exactly once: what a per-partition Kafka transaction cannot cover is refused
    ("exactly once stdout", with_({"delivery": "exactly_once"}),
     "the stdout sink cannot take part in a Kafka transaction"),
    ("exactly once window to kafka", with_({"delivery": "exactly_once", "operators": [window()],
                                            "sinks": [{"kind": "kafka", "topic": "out"}]}),
     "a window's result combines records of several input partitions"),
    ("exactly once left join", with_({"delivery": "exactly_once",
                                      "operators": [INTERVAL | {"how": "left"}],
                                      "sinks": [{"kind": "kafka", "topic": "out"}]}),
     "delivery exactly_once: a left interval join emits an unmatched record"),
    # a window after an interval join
    ("window after join grace", with_({"operators": [INTERVAL, window(grace_ms=999)]}),
     "operator 2 (window) after an interval join: the join emits records up to after_ms + "
     "grace_ms = 1000 ms behind the stream time, so the window needs grace_ms >= 1000 (it has "
     "999)"),
    ("session window after join", with_({"operators": [
        INTERVAL | {"grace_ms": 1000}, {"kind": "filter", "field": "amount", "op": "gt", "value": 0},
        window(type="session", size_ms=None, gap_ms=60_000, grace_ms=10_000)]}),
     "operator 3 (session window) after an interval join: a session has no end known"),
    # found by tests/unit/test_spec_renders_property.py: valid specs the bundle could not honour
    ("sub-second session gap", with_({"operators": [
        {"kind": "sessionize", "key": "user_id", "gap_ms": 999}]}),
     "a session gap of 999 ms is under 1000 ms: sub-second sessions are not supported"),
    ("session prefix underscore", with_({"source.event_time": "timestamp", "operators": [
        {"kind": "sessionize", "key": "user_id", "gap_ms": 60_000, "prefix": "_"}]}),
     "sessionize prefix '_' names the session columns __start, __duration_ms, ...: Python "
     "renames names starting with '__' inside a class (name mangling)"),
    ("sub-second window", with_({"operators": [window(size_ms=500)]}),
     "a window size of 500 ms is under 1000 ms: sub-second windows are not supported"),
    ("sum of text", with_({"operators": [window(aggregates=[
        {"name": "total", "fn": "sum", "field": "event_id"}])]}),
     "operator 1 (window) aggregate 'total': sum needs a number field, and 'event_id' is a "
     "string field"),
    ("max of json", with_({"schema.fields.0.type": "json", "operators": [window(aggregates=[
        {"name": "top", "fn": "max", "field": "event_id"}])]}),
     "operator 1 (window) aggregate 'top': 'event_id' is a json field, whose values have no "
     "order to take the max of"),
    ("count_distinct of json", with_({"schema.fields.0.type": "json", "operators": [
        window(aggregates=[{"name": "kinds", "fn": "count_distinct", "field": "event_id"}])]}),
     "operator 1 (window) aggregate 'kinds': 'event_id' is a json field; count_distinct counts "
     "plain values"),
    ("group by json", with_({"schema.fields.0.type": "json", "operators": [
        window(group_by=["event_id"])]}),
     "operator 1 (window) groups by 'event_id', a json field: group by plain values"),
    ("join key types", with_({"operators": [table_join(left_key="event_id")]}),
     "operator 1 (table_join) joins 'event_id' (string) with 'user_id' (int): the join key's "
     "two sides need one type"),
    ("join on json", with_({"schema.fields.1.type": "json", "operators": [INTERVAL]}),
     "operator 1 (interval_join) joins on a json field: a join key must be a plain value"),
    ("join on a computed key", with_({"operators": [
        {"kind": "map", "fields": [{"name": "user_id", "expr": "user_id + 1"}]}, table_join()]}),
     "operator 2 (table_join) joins on 'user_id', which an operator before the join computes, "
     "renames or aggregates"),
    ("join on event time", with_({"operators": [INTERVAL | {"left_key": "timestamp",
                                                         "right_key": "timestamp"}]}),
     "operator 1 (interval_join) joins on the event-time field 'timestamp': join on a key field"),
    ("two redis sinks", with_({"sinks": [{"kind": "redis", "key_field": "event_id"},
                                         {"kind": "redis", "key_template": "u:{user_id}"}]}),
     "more than one Redis sink"),
    ("two dedups", with_({"operators": [
        {"kind": "dedup", "key": ["event_id"], "horizon_ms": 1000},
        {"kind": "dedup", "key": ["user_id"], "horizon_ms": 1000}]}),
     "at most one dedup per pipeline: the processor has one dedup step; dedup on all the key"),
    ("two sessionizes", with_({"operators": [
        {"kind": "sessionize", "key": "user_id", "gap_ms": 60_000},
        {"kind": "sessionize", "key": "user_id", "gap_ms": 60_000, "prefix": "visit",
         "session_id_field": "visit_key"}]}),
     "at most one sessionize per pipeline: the processor has one sessionize step; sessionize "
     "once"),
    ("sessionize and session window", with_({"operators": [
        {"kind": "sessionize", "key": "user_id", "gap_ms": 60_000},
        window(type="session", size_ms=None, gap_ms=60_000)]}),
     "sessionize and a session window in one pipeline are not supported"),
    ("interval join after a session window", with_({"operators": [
        window(type="session", size_ms=None, gap_ms=60_000, group_by=["user_id"]), INTERVAL]}),
     "operator 2 (interval_join) after a session window is not supported"),
    ("cdc topic too long", with_({"source.format.server_name": "d" * 249}, cdc_base),
     "is over Kafka's 249 characters: shorten server_name"),
    ("capitalised name", with_({"name": "Orders"}),
     "pipeline name 'Orders' names the processor module, which is lowercase: use 'orders'"),
    ("name shadows a module", with_({"name": "json"}),
     "pipeline name 'json' is the name of a module the processor imports"),
    ("name of a bundle file", with_({"name": "setup_topics"}),
     "pipeline name 'setup_topics': setup_topics.py is another file of the bundle"),
]  # fmt: skip


def _message(data: Data) -> str:
    with pytest.raises(SpecError) as error:
        spec_from_dict(data)
    return str(error.value)


def test_base_specs_are_valid() -> None:
    spec_from_dict(base())
    spec_from_dict(cdc_base())
    spec_from_dict(with_({"operators": [INTERVAL, window(grace_ms=1000)]}))
    spec_from_dict(with_({"operators": [INTERVAL | {"how": "left"}]}))
    spec_from_dict(with_({"operators": [table_join(how="inner"), window()]}))
    # records copied whole to a topic need no field: each is only checked to be a JSON object
    spec_from_dict(
        with_({"schema": {"fields": [], "passthrough": True}, "source.event_time": None,
               "sinks": [{"kind": "kafka", "topic": "copy"}]})
    )  # fmt: skip


def test_a_select_after_the_timed_steps_may_drop_the_event_time() -> None:
    """Each record carries the event time read at decode: a dedup before the select reads it,
    the rows written keep only what the select keeps (and no default ORDER BY on the time)."""
    spec = spec_from_dict(with_({"operators": [
        {"kind": "dedup", "key": ["event_id"], "horizon_ms": 1000},
        {"kind": "select", "keep": ["event_id", "amount"]}]}))  # fmt: skip
    assert [f.name for f in spec.output_fields()] == ["event_id", "amount"]


def test_a_cdc_sink_batches_20000_rows_unless_its_spec_says() -> None:
    """CDC's default batch (sinks.CDC_BATCH_ROWS); a given batch and other pipelines keep theirs."""
    assert spec_from_dict(cdc_base()).sinks[0].batch_rows == 20_000
    given = with_({"sinks": [{"kind": "clickhouse", "engine": "ReplacingMergeTree",
                              "batch_rows": 5000}]}, cdc_base)  # fmt: skip
    assert spec_from_dict(given).sinks[0].batch_rows == 5000
    stream = with_({"sinks": [{"kind": "clickhouse", "table": "events"}]})
    assert spec_from_dict(stream).sinks[0].batch_rows == 5000


@pytest.mark.parametrize(("data", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(data: Data, message: str) -> None:
    assert message in _message(data)


def _rule_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One regex per `raise ValueError(<message>)` in the spec modules."""
    found = []
    for path in sorted(SPEC_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and isinstance(node.exc.func, ast.Name)
                and node.exc.func.id == "ValueError"
            ):
                continue
            arg = node.exc.args[0]
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            regex = ""
            for part in parts:
                if isinstance(part, ast.Constant):
                    regex += re.escape(str(part.value))
                else:
                    regex += ".*?"
            found.append((f"{path.name}:{node.lineno}", re.compile(regex, re.S)))
    return found


def test_every_rule_is_covered() -> None:
    messages = [_message(data) for _, data, _ in CASES]
    patterns = _rule_patterns()
    assert len(patterns) >= 50
    missing = [where for where, regex in patterns if not any(regex.search(m) for m in messages)]
    assert not missing, f"validation rules without a test case: {missing}"


def test_error_names_the_location() -> None:
    message = _message(with_({"source.topics": ["a;rm -rf /"]}))
    assert message.startswith("invalid spec:\n  - source.topics.0: 'a;rm -rf /'")
