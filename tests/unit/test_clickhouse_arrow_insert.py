"""A generated ClickHouse rows table inserts as Arrow, in the embedded chDB engine.

`ClickHouseTable.add` converts its rows to Arrow arrays of the rendered schema (each column's Arrow
type from its ClickHouse type, `generator.render.sql.ARROW_TYPES`) and `send` calls `insert_arrow`
on the pyarrow Table they make, the same call on a server. Checked: a table with a column of every field type, Nullable or not, stores
exactly what clickhouse-connect's column-oriented Native insert (the path before) stores for the
same values, nulls, aware datetimes and DateTime64 ticks included; each insert carries its own
deduplication token, and the retry of an insert that landed is still dropped by it.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.render.sql import LINEAGE_COLUMNS
from generator.spec import CLICKHOUSE_TYPES
from tests.support.bundles import arrow_schema, load_processor

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 12, 3, 0, 0, 0, tzinfo=UTC)
# a required and an optional (Nullable) column of every field type's ClickHouse type
TYPED = [(f"{kind}_{n}", t) for kind, t in CLICKHOUSE_TYPES.items() for n in ("req", "opt")]


def ddl_type(name: str, sql_type: str) -> str:
    return f"Nullable({sql_type})" if name.endswith("_opt") else sql_type


# a bundle whose timestamps are ticks from the decode on (the sessions') and one whose
# timestamp columns hold datetimes: both sinks send either as they are
BUNDLES = {
    "sessions": REPO / "generated" / "clickstream_sessions" / "clickstream_sessions.py",
    "paid_orders": REPO / "tests" / "golden" / "expression_orders_clickhouse" / "expected" / "paid_orders.py",
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(BUNDLES))
def processor(request: pytest.FixtureRequest) -> ModuleType:
    return load_processor(BUNDLES[request.param], f"arrow_insert_{request.param}")


@pytest.fixture(scope="module")
def client() -> Any:
    return clickhouse_connect.get_client(dsn="chdb://memory")


@pytest.fixture
def database(client: Any) -> Any:
    name = f"arrow_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{name}`")
    typed = [(n, ddl_type(n, t)) for n, t in TYPED]
    columns = ", ".join(f"`{n}` {t}" for n, t in [*typed, *LINEAGE_COLUMNS])
    for table in ("arrow", "native"):
        client.command(
            f"CREATE TABLE `{name}`.`{table}` ({columns}) ENGINE = MergeTree "
            "ORDER BY _kafka_offset SETTINGS non_replicated_deduplication_window = 10000"
        )
    yield name
    client.command(f"DROP DATABASE `{name}`")


def value(kind: str, n: int) -> Any:
    """A value of a field type as a processor holds it."""
    at = START + timedelta(microseconds=1_001_001 * n + 7)  # sub-millisecond: rounded down
    return {
        "string": f"ü{n}",
        "int": -(2**62) + n,
        "float": n / 3 if n % 2 else n,  # an int in a Float64 column too
        "bool": n % 2 == 0,
        "timestamp": at if n % 2 else at.astimezone(timezone(-timedelta(hours=5))),
        "date": date(2026, 1, 1) + timedelta(days=n),
        "json": {"k": [n, "ü"]},
    }[kind]


def records(processor: ModuleType, offsets: range) -> list[Any]:
    tp = processor.TopicPartition("events", 0)
    out = []
    for offset in offsets:
        row = {}
        for name, _ in TYPED:
            kind, n = name.rsplit("_", 1)
            row[name] = None if n == "opt" and offset % 4 == 1 else value(kind, offset)
        out.append(processor.Record(row, tp, offset, 0))
    return out


def sink(processor: ModuleType, client: Any, database: str, table: str) -> Any:
    calls = processor.Retrying("ClickHouse", (ConnectionError,), budget_s=1)
    return processor.ClickHouseTable(
        calls,
        client,
        database,
        table,
        tuple(name for name, _ in TYPED),
        schema=arrow_schema(TYPED),
        json_columns=frozenset(f"json_{n}" for n in ("req", "opt")),
    )


def native(processor: ModuleType, table: Any, client: Any) -> None:
    """The sink's insert before: the rows' values as columns (JSON and lineage made alike; the
    driver turns datetimes into ticks itself) sent by clickhouse-connect's column-oriented
    Native insert. The sink converts its rows to Arrow as they are added, so the values are
    taken there, before that conversion."""
    pending: list[dict[str, Any]] = []
    add = table.add

    def keep(records: list[Any]) -> None:
        pending.extend(r.value for r in records)  # nothing is replayed here: all are kept
        add(records)

    def send(tps: list[Any], offsets: list[int], _rows: Any, _json: Any, token: str) -> None:
        rows = pending[: len(offsets)]
        del pending[: len(offsets)]
        columns = [[row[name] for row in rows] for name in table.columns]
        for index in table.json_indexes:
            columns[index] = [
                None if v is None else processor.json_dumps(v) for v in columns[index]
            ]
        columns += [[tp.topic for tp in tps], [tp.partition for tp in tps], offsets]
        client.insert(
            table.table, columns, column_names=table.schema.names, database=table.database,
            column_oriented=True, settings={"insert_deduplication_token": token},
        )  # fmt: skip

    table.add, table.send = keep, send


def stored(client: Any, database: str, table: str) -> list[tuple[Any, ...]]:
    query = f"SELECT * FROM `{database}`.`{table}` ORDER BY _kafka_offset"
    return [tuple(row) for row in client.query(query).result_rows]


def test_every_field_type_is_stored_as_the_native_insert_stores_it(
    processor: ModuleType, client: Any, database: str
) -> None:
    for name in ("arrow", "native"):
        table = sink(processor, client, database, name)
        if name == "native":
            native(processor, table, client)
        table.add(records(processor, range(0, 12)))
        asyncio.run(table.flush())
    arrow = stored(client, database, "arrow")
    assert len(arrow) == 12 and arrow == stored(client, database, "native")
    assert any(v is None for v in arrow[1]) and None not in arrow[0]  # nulls, and values


class Recording:
    """The real client, keeping each insert's token; it can lose one insert's reply."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: list[str] = []
        self.lose_reply = False

    def insert_arrow(self, table: str, data: Any, **kwargs: Any) -> None:
        self.tokens.append(kwargs["settings"]["insert_deduplication_token"])
        self.client.insert_arrow(table, data, **kwargs)
        if self.lose_reply:  # the insert landed but its reply was lost: the sink retries
            self.lose_reply = False
            raise ConnectionError("reply lost")


def test_each_insert_has_its_token_and_a_landed_retry_stores_nothing(
    processor: ModuleType, client: Any, database: str
) -> None:
    recording = Recording(client)
    table = sink(processor, recording, database, "arrow")
    table.add(records(processor, range(0, 3)))
    asyncio.run(table.flush())
    table.add(records(processor, range(3, 5)))
    asyncio.run(table.flush())
    assert [r[-1] for r in stored(client, database, "arrow")] == list(range(5))
    assert recording.tokens == [f"{database}.arrow:events:0:0-2", f"{database}.arrow:events:0:3-4"]

    # A third insert lands but its reply is lost: the retry, under the same token, stores nothing.
    recording.lose_reply = True
    table.add(records(processor, range(5, 7)))
    asyncio.run(table.flush())
    assert [r[-1] for r in stored(client, database, "arrow")] == list(range(7))
    assert recording.tokens[2:] == [f"{database}.arrow:events:0:5-6"] * 2
