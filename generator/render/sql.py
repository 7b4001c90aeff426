"""ClickHouse DDL for a pipeline's sink tables, computed from the typed spec."""

from dataclasses import dataclass, replace

from ..spec import (
    CLICKHOUSE_TYPES,
    CdcTable,
    ClickHouseSink,
    ClickHouseTtl,
    DebeziumFormat,
    Field,
    Pipeline,
)
from .escape import Code, sqlident

DEDUP_WINDOW = 10_000  # inserts remembered for deduplication: far more than a replay spans
# The embedded engine's merge selector base (ClickHouse's default 5): wider, rarer merges of the
# many parts a processor's inserts make; it halved chDB's merge CPU in the sessions benchmark.
EMBEDDED_MERGE_SELECTOR_BASE = 8

LINEAGE_COLUMNS = (
    ("_kafka_topic", "LowCardinality(String)"),
    ("_kafka_partition", "UInt32"),
    ("_kafka_offset", "UInt64"),
)
# The Arrow type a row table's insert sends for each column type (Nullable: the same type; an
# Arrow column may hold nulls): pyarrow converts a column's values in C, and ClickHouse casts an
# Arrow column to the table's own type (a string to LowCardinality(String)).
ARROW_TYPES = {
    "String": "pyarrow.string()",
    "LowCardinality(String)": "pyarrow.string()",
    "Int64": "pyarrow.int64()",
    "UInt8": "pyarrow.uint8()",
    "UInt32": "pyarrow.uint32()",
    "UInt64": "pyarrow.uint64()",
    "Float64": "pyarrow.float64()",
    "Bool": "pyarrow.bool_()",
    "DateTime64(3, 'UTC')": 'pyarrow.timestamp("ms", tz="UTC")',
    "Date": "pyarrow.date32()",
}


@dataclass(frozen=True)
class Table:
    """One sink table: its value columns (what the processor writes) and its DDL."""

    database: str
    name: str
    columns: tuple[str, ...]
    ddl: str
    kind: str  # "rows" (lineage, per-record) or "results" (window results)
    json_columns: tuple[str, ...] = ()
    engine: str = ""  # MergeTree or ReplacingMergeTree (CDC: without its version arguments)
    ttl: ClickHouseTtl | None = None
    # Its columns' module constant's stem when the name meets another table's (distinct_stems).
    const_prefix: str = ""
    # PARTITION BY (date function, column) of a "rows" table: its inserts' restart check reads it
    partition_by: tuple[str, str] | None = None
    # A "rows" table's inserted columns (its columns, then the lineage) and their Arrow types
    arrow_columns: tuple[tuple[str, Code], ...] = ()

    @property
    def columns_const(self) -> str:
        return f"{(self.const_prefix or self.name).upper()}_COLUMNS"

    @property
    def arrow_const(self) -> str:
        return f"{(self.const_prefix or self.name).upper()}_ARROW_SCHEMA"


def arrow_columns(columns: list[tuple[str, str]]) -> tuple[tuple[str, Code], ...]:
    """(name, Arrow type) of each inserted column, from its ClickHouse type, lineage included."""
    return tuple(
        (name, Code(ARROW_TYPES[sql_type])) for name, sql_type in [*columns, *LINEAGE_COLUMNS]
    )


def _column(field: Field, nullable: bool) -> str:
    sql_type = CLICKHOUSE_TYPES[field.type]
    return f"{sqlident(field.name)} {f'Nullable({sql_type})' if nullable else sql_type}"


def _create(
    sink: ClickHouseSink,
    table: str,
    columns: list[str],
    engine: str,
    order_by: list[str],
    nullable_key: bool,
) -> str:
    lines = [f"CREATE TABLE IF NOT EXISTS {sqlident(sink.database)}.{sqlident(table)}", "("]
    lines += [f"    {c}," for c in columns[:-1]] + [f"    {columns[-1]}", ")"]
    lines.append(f"ENGINE = {engine}")
    if sink.partition_by:
        partition = sink.partition_by
        lines.append(f"PARTITION BY {partition.func}({sqlident(partition.column)})")
    lines.append(
        f"ORDER BY ({', '.join(sqlident(c) for c in order_by)})" if order_by else "ORDER BY tuple()"
    )
    if sink.ttl:
        # Validated by the spec: a required timestamp or date output field, a whole day count.
        lines.append(f"TTL {sqlident(sink.ttl.column)} + INTERVAL {int(sink.ttl.days)} DAY")
    settings = [f"non_replicated_deduplication_window = {DEDUP_WINDOW}"]
    if nullable_key:
        settings.append("allow_nullable_key = 1")
    lines.append(f"SETTINGS {', '.join(settings)}")
    return Code("\n".join(lines))


def _partition(sink: ClickHouseSink) -> tuple[str, str] | None:
    return (sink.partition_by.func, sink.partition_by.column) if sink.partition_by else None


def _rows_table(spec: Pipeline, sink: ClickHouseSink) -> Table:
    assert sink.table is not None
    fields = spec.output_fields()
    names = {f.name for f in fields}
    default = [n for n in (spec.source.event_time, spec.source.key) if n and n in names]
    order_by = list(sink.order_by) or default
    optional = {f.name for f in fields if not f.required}
    columns = [_column(f, not f.required) for f in fields]
    columns += [f"{sqlident(name)} {kind}" for name, kind in LINEAGE_COLUMNS]
    ddl = _create(sink, sink.table, columns, sink.engine, order_by, bool(optional & set(order_by)))
    json_columns = tuple(f.name for f in fields if f.type == "json")
    written = tuple(f.name for f in fields)
    return Table(
        sink.database,
        sink.table,
        written,
        ddl,
        "rows",
        json_columns,
        sink.engine,
        ttl=sink.ttl,
        partition_by=_partition(sink),
        arrow_columns=arrow_columns([(f.name, CLICKHOUSE_TYPES[f.type]) for f in fields]),
    )


def _results_table(spec: Pipeline, sink: ClickHouseSink) -> Table:
    assert sink.table is not None and spec.window is not None
    fields = spec.output_fields()
    # Keyed by window and group, so a window re-emitted after a crash replaces itself; the
    # sink's own order of those columns (validated to be among them) comes first.
    key = ["window_start", *spec.window.group_by]
    order_by = [*sink.order_by, *(c for c in key if c not in sink.order_by)]
    optional = {f.name for f in fields if not f.required}
    columns = [_column(f, not f.required) for f in fields]
    ddl = _create(
        sink, sink.table, columns, "ReplacingMergeTree", order_by, bool(optional & set(order_by))
    )
    names = tuple(f.name for f in fields)
    return Table(
        sink.database, sink.table, names, ddl, "results", (), "ReplacingMergeTree", sink.ttl
    )


def _cdc_table(sink: ClickHouseSink, fmt: DebeziumFormat, table: CdcTable) -> Table:
    keys = set(table.primary_key)
    columns = [_column(c, c.name not in keys) for c in table.columns]
    order_by = list(table.primary_key)
    if fmt.mode == "history":
        # Append-only audit log: every change is a row with its operation and source position.
        meta = (("_op", "LowCardinality(String)"), ("_version", "UInt64"))
        engine = "MergeTree"
        order_by.append("_version")
    else:
        meta = (("_version", "UInt64"), ("_is_deleted", "UInt8"))
        # Versioned by the source position; with hard deletes FINAL also drops rows whose
        # latest version is a delete, with soft deletes it shows them flagged.
        engine = (
            "ReplacingMergeTree(`_version`)"
            if fmt.soft_delete
            else "ReplacingMergeTree(`_version`, `_is_deleted`)"
        )
    columns += [f"{sqlident(name)} {kind}" for name, kind in (*meta, *LINEAGE_COLUMNS)]
    ddl = _create(sink, table.target, columns, engine, order_by, False)
    names = (*(c.name for c in table.columns), *(name for name, _ in meta))
    typed = [(c.name, CLICKHOUSE_TYPES[c.type]) for c in table.columns] + list(meta)
    json_columns = tuple(c.name for c in table.columns if c.type == "json")
    return Table(
        sink.database,
        table.target,
        names,
        ddl,
        "rows",
        json_columns,
        engine.split("(")[0],
        partition_by=_partition(sink),
        arrow_columns=arrow_columns(typed),
    )


def distinct_stems(names: list[str], fuller: list[str]) -> list[str]:
    """Stems of module constants, one per name (the constants are in capitals): the name where
    no other name meets it in capitals, else its `fuller` form (say, schema-qualified),
    numbered if that still meets another. Two tables named alike (public.orders and
    shop.orders, or orders and ORDERS) would otherwise define one constant twice."""
    stems = [
        full if [n.upper() for n in names].count(name.upper()) > 1 else name
        for name, full in zip(names, fuller, strict=True)
    ]
    upper = [stem.upper() for stem in stems]
    return [
        f"{stem}_{number}" if upper.count(stem.upper()) > 1 else stem
        for number, stem in enumerate(stems, start=1)
    ]


def clickhouse_tables(spec: Pipeline) -> list[Table]:
    """Every ClickHouse sink table, in the order of the sinks (CDC: one per source table)."""
    sinks = [s for s in spec.sinks if isinstance(s, ClickHouseSink)]
    if not sinks:
        return []
    if isinstance(spec.source.format, DebeziumFormat):
        fmt = spec.source.format
        tables = [_cdc_table(sinks[0], fmt, t) for t in fmt.tables]
        fuller = [f"{t.db_schema}_{t.name}" for t in fmt.tables]
    else:
        build = _results_table if spec.window is not None else _rows_table
        tables = [build(spec, sink) for sink in sinks]
        fuller = [f"{t.database}_{t.name}" for t in tables]
    stems = distinct_stems([t.name for t in tables], fuller)
    return [
        t if stem == t.name else replace(t, const_prefix=stem)
        for t, stem in zip(tables, stems, strict=True)
    ]


def ddl_statements(spec: Pipeline) -> list[str]:
    tables = clickhouse_tables(spec)
    if not tables:
        return []
    databases = sorted({t.database for t in tables})
    create = [Code(f"CREATE DATABASE IF NOT EXISTS {sqlident(db)}") for db in databases]
    return create + [t.ddl for t in tables]


def embedded_statements(spec: Pipeline) -> list[str]:
    """Table settings the processor applies on the embedded engine (chdb://) only, after the DDL.

    `merge_selector_base` is an expert MergeTree setting a server may not know (or its operator
    may set otherwise), so it is not in the DDL: the processor runs these for chDB, never for a
    server DSN. Only plain MergeTree tables of rows: a ReplacingMergeTree (CDC's current rows,
    window results) collapses its versions in merges, which rarer merges would delay.
    """
    return [
        Code(
            f"ALTER TABLE {sqlident(t.database)}.{sqlident(t.name)}\n"
            f"MODIFY SETTING merge_selector_base = {EMBEDDED_MERGE_SELECTOR_BASE}"
        )
        for t in clickhouse_tables(spec)
        if t.kind == "rows" and t.engine == "MergeTree"
    ]
