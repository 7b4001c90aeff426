"""ClickHouse sink: one insert per table per flush with a deduplication token; one table per sink
(several sinks write several tables) or per CDC source table (templates/sinks/clickhouse.py.j2;
DDL in render/sql.py)."""

from ..render.escape import Code, pyrepr
from ..render.sql import Table, clickhouse_tables
from ..spec import ClickHouseSink, DebeziumFormat, Pipeline
from .base import SinkComponent, SinkView


def _table_ctor(cls: str, table: Table) -> str:
    names = f"{pyrepr(table.database)}, {pyrepr(table.name)}, {table.columns_const}"
    args = f"self.clickhouse_calls, self.clickhouse, {names}"
    if table.arrow_columns:
        args += f", schema={table.arrow_const}"
    if table.json_columns:
        columns = ", ".join(pyrepr(c) for c in sorted(table.json_columns))
        args += f", json_columns=frozenset({{{columns}}})"
    if table.partition_by:
        args += f", partition_by={pyrepr(table.partition_by)}"
    return Code(f"{cls}({args})")


def table_attrs(tables: list[Table]) -> list[str]:
    """The processor's attribute for each table: `table` (`results` for window results) when
    there is one, else the table's name and that word, with its database when two tables share
    a name, numbered when even those meet."""
    word = "results" if tables[0].kind == "results" else "table"
    if len(tables) == 1:
        return [word]
    for attrs in (
        [f"{t.name}_{word}" for t in tables],
        [f"{t.database}_{t.name}_{word}" for t in tables],
    ):
        if len(set(attrs)) == len(attrs):
            return attrs
    return [f"{word}_{number}" for number in range(1, len(tables) + 1)]


class ClickHouseComponent(SinkComponent[ClickHouseSink]):
    spec_type = ClickHouseSink
    template = "sinks/clickhouse.py.j2"
    durable = "ClickHouse inserts returned with `async_insert=0`"
    stored = True
    needs = frozenset({"clickhouse"})

    def views(
        self, spec: Pipeline, sink: ClickHouseSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        if isinstance(spec.source.format, DebeziumFormat):
            fmt = spec.source.format
            entries = ", ".join(
                f"{pyrepr(fmt.topic_for(t))}: {_table_ctor('ClickHouseTable', tab)}"
                for t, tab in zip(fmt.tables, tables, strict=True)
            )
            return [
                SinkView(
                    "tables",
                    Code("{" + entries + "}"),
                    self.template,
                    True,
                    True,
                    loads_written=True,
                )
            ]
        table = next(t for t in tables if (t.database, t.name) == (sink.database, sink.table))
        cls = "ClickHouseResults" if table.kind == "results" else "ClickHouseTable"
        attr = table_attrs(tables)[tables.index(table)]
        return [
            SinkView(
                attr, _table_ctor(cls, table), self.template, True, spec=sink, loads_written=True
            )
        ]

    def label(self, spec: Pipeline, sink: ClickHouseSink) -> str:
        fmt = spec.source.format
        if isinstance(fmt, DebeziumFormat):
            tables = ", ".join(f"{t.database}.{t.name}" for t in clickhouse_tables(spec))
            kept = "change history" if fmt.mode == "history" else "current rows"
            return f"ClickHouse {tables} ({kept})"
        return f"ClickHouse {sink.database}.{sink.table}"


COMPONENT = ClickHouseComponent()
