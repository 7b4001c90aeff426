"""The typed pipeline spec (pydantic v2): one module per component family."""

from .io import dump_json, dump_yaml, load_spec, spec_from_dict, spec_hash, spec_to_dict
from .names import is_identifier, to_identifier
from .operators import (
    Aggregate,
    Computed,
    Dedup,
    Enrich,
    FieldMapping,
    Filter,
    IntervalJoin,
    Map,
    Select,
    Sessionize,
    TableJoin,
    Threshold,
    TopN,
    Window,
)
from .pipeline import Pipeline
from .schema import CLICKHOUSE_TYPES, Field, Schema
from .sinks import ClickHouseSink, ClickHouseTtl, KafkaSink, PartitionBy, RedisSink, StdoutSink
from .source import CdcTable, DebeziumFormat, JsonFormat, KafkaSource

__all__ = [
    "CLICKHOUSE_TYPES",
    "Aggregate",
    "CdcTable",
    "ClickHouseSink",
    "ClickHouseTtl",
    "Computed",
    "DebeziumFormat",
    "Dedup",
    "Enrich",
    "Field",
    "FieldMapping",
    "Filter",
    "IntervalJoin",
    "JsonFormat",
    "KafkaSink",
    "KafkaSource",
    "Map",
    "PartitionBy",
    "Pipeline",
    "RedisSink",
    "Schema",
    "Select",
    "Sessionize",
    "StdoutSink",
    "TableJoin",
    "Threshold",
    "TopN",
    "Window",
    "dump_json",
    "dump_yaml",
    "is_identifier",
    "load_spec",
    "spec_from_dict",
    "spec_hash",
    "spec_to_dict",
    "to_identifier",
]
