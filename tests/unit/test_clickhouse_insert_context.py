"""A generated ClickHouse rows table reuses one insert context, in the embedded chDB engine.

clickhouse-connect reads a table's column types (DESCRIBE TABLE) for every insert made without a
context; `ClickHouseTable.send` makes one context at its first insert and sets only its data and
settings (the insert's deduplication token) afterwards. Checked: every insert's rows stored and
read back, one context for all, each insert under its own token, and the retry of an insert that
landed still dropped by its token through the reused context.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.bundles import load_processor

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

REPO = Path(__file__).resolve().parents[2]
COLUMNS = ("event_id", "timestamp")
START = datetime(2026, 12, 3, 0, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def processor() -> ModuleType:
    bundle = REPO / "generated" / "clickstream_sessions"
    return load_processor(bundle / "clickstream_sessions.py", "clickstream_sessions_context")


@pytest.fixture(scope="module")
def client() -> Any:
    return clickhouse_connect.get_client(dsn="chdb://memory")


@pytest.fixture
def database(client: Any) -> Any:
    name = f"context_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{name}`")
    client.command(
        f"CREATE TABLE `{name}`.`events` (event_id String, timestamp DateTime64(3, 'UTC'), "
        "_kafka_topic LowCardinality(String), _kafka_partition UInt32, _kafka_offset UInt64) "
        "ENGINE = MergeTree ORDER BY timestamp "
        "SETTINGS non_replicated_deduplication_window = 10000"
    )
    yield name
    client.command(f"DROP DATABASE `{name}`")


class Counting:
    """The real client, keeping the contexts it made (each read the table's types)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.contexts: list[Any] = []
        self.used: list[tuple[int, str]] = []  # (context id, token) of each insert
        self.lose_reply = False

    def create_insert_context(self, *args: Any, **kwargs: Any) -> Any:
        context = self.client.create_insert_context(*args, **kwargs)
        self.contexts.append(context)
        return context

    def insert(self, data: list[list[Any]], context: Any) -> None:
        self.used.append((id(context), context.settings["insert_deduplication_token"]))
        self.client.insert(data=data, context=context)
        if self.lose_reply:  # the insert landed but its reply was lost: the sink retries
            self.lose_reply = False
            raise ConnectionError("reply lost")


def records(processor: ModuleType, offsets: range) -> list[Any]:
    tp = processor.TopicPartition("user-events", 0)
    out = []
    for offset in offsets:
        at = START + timedelta(seconds=offset)
        value = {"event_id": f"e{offset}", "timestamp": at}
        out.append(processor.Record(value, tp, offset, int(at.timestamp() * 1000)))
    return out


def row(n: int) -> tuple[str, str, int]:
    """What records(..., range(n, n + 1)) stores: its id, its timestamp as text, its offset."""
    return (f"e{n}", (START + timedelta(seconds=n)).strftime("%Y-%m-%d %H:%M:%S.000"), n)


def stored(client: Any, database: str) -> list[tuple[str, str, int]]:
    query = (
        "SELECT event_id, toString(timestamp), _kafka_offset "
        f"FROM `{database}`.`events` ORDER BY _kafka_offset"
    )
    return [tuple(row) for row in client.query(query).result_rows]


def test_inserts_reuse_one_context_and_keep_their_rows_and_tokens(
    processor: ModuleType, client: Any, database: str
) -> None:
    counting = Counting(client)
    calls = processor.Retrying("ClickHouse", (ConnectionError,), budget_s=1)
    table = processor.ClickHouseTable(calls, counting, database, "events", COLUMNS)
    table.add(records(processor, range(0, 3)))
    asyncio.run(table.flush())
    table.add(records(processor, range(3, 5)))
    asyncio.run(table.flush())
    expected = [row(n) for n in range(5)]
    assert stored(client, database) == expected
    assert len(counting.contexts) == 1 and table.context is counting.contexts[0]
    assert counting.used == [
        (id(table.context), f"{database}.events:user-events:0:0-2"),
        (id(table.context), f"{database}.events:user-events:0:3-4"),
    ]
    assert table.context.empty  # no batch is kept after its insert

    # A third insert lands but its reply is lost: the retry, through the same context and
    # under the same token, stores nothing more.
    counting.lose_reply = True
    table.add(records(processor, range(5, 7)))
    asyncio.run(table.flush())
    expected += [row(n) for n in range(5, 7)]
    assert stored(client, database) == expected
    assert len(counting.contexts) == 1
    assert counting.used[2:] == [(id(table.context), f"{database}.events:user-events:0:5-6")] * 2
