"""The insert paths bench/ch_insert.py compares keep the generated sinks' retry guarantee.

A generated ClickHouse sink retries an insert that may have landed with the same
`insert_deduplication_token` (async_insert=0), relying on the table's
`non_replicated_deduplication_window` to drop the repeat. Checked here in the embedded chDB engine
for the column-oriented `insert` (today's path) and `insert_arrow` (the cheaper candidate); a plain MergeTree, so no merge folds rows meanwhile.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pa = pytest.importorskip("pyarrow")
pytest.importorskip("chdb")

COLUMNS = [
    "id",
    "status",
    "amount",
    "updated_at",
    "_kafka_topic",
    "_kafka_partition",
    "_kafka_offset",
]
ROWS = [
    [1, 2, 3],
    ["paid", None, "shipped"],
    [10.5, 0.0, 7.25],
    [datetime(2026, 1, 1, 0, 0, i, tzinfo=UTC) for i in range(3)],
    ["orders.public.orders"] * 3,
    [0] * 3,
    [40, 41, 42],
]


@pytest.fixture(scope="module")
def table() -> tuple[object, str]:
    client = clickhouse_connect.get_client(dsn="chdb://memory")
    database = f"dedup_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{database}`")
    client.command(
        f"CREATE TABLE `{database}`.`orders` (id Int64, status Nullable(String), amount Float64, "
        "updated_at DateTime64(3, 'UTC'), _kafka_topic String, _kafka_partition Int32, "
        "_kafka_offset Int64) ENGINE = MergeTree ORDER BY id "
        "SETTINGS non_replicated_deduplication_window = 10000"
    )
    yield client, database
    client.command(f"DROP DATABASE `{database}`")


def count(client: object, database: str) -> int:
    return client.query(f"SELECT count() FROM `{database}`.`orders`").result_rows[0][0]


def arrow_batch(client: object, database: str) -> object:
    names = ", ".join(f"`{name}`" for name in COLUMNS)
    schema = client.query_arrow(f"SELECT {names} FROM `{database}`.`orders` LIMIT 0").schema
    arrays = [
        pa.array(values, type=schema.field(n).type) for n, values in zip(COLUMNS, ROWS, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def settings(token: str) -> dict[str, object]:
    return {"insert_deduplication_token": token, "async_insert": 0}


@pytest.mark.parametrize("path", ["insert", "insert_arrow"])
def test_a_retried_batch_with_its_token_inserts_nothing(table, path) -> None:
    client, database = table
    client.command(f"TRUNCATE TABLE `{database}`.`orders`")

    def insert(token: str) -> None:
        if path == "insert":
            client.insert(
                "orders",
                ROWS,
                column_names=COLUMNS,
                database=database,
                column_oriented=True,
                settings=settings(token),
            )
        else:
            client.insert_arrow(
                "orders", arrow_batch(client, database), database=database, settings=settings(token)
            )

    token = f"{database}.orders:orders.public.orders:0:40-42:{path}"
    insert(token)
    assert count(client, database) == 3
    insert(token)  # the retry of a batch that did land
    assert count(client, database) == 3
    insert(f"{token}:other")  # the same rows under another token are a new batch
    assert count(client, database) == 6
    stored = client.query(
        f"SELECT status, updated_at FROM `{database}`.`orders` WHERE id = 1 LIMIT 1"
    ).result_rows[0]
    assert stored[0] == "paid"
    assert stored[1].replace(tzinfo=UTC) == ROWS[3][0]
