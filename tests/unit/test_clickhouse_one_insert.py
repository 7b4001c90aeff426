"""A generated ClickHouse sink's one insert per flush, in the embedded chDB engine.

A flush sends the rows of every source partition in one insert; ClickHouse stores it as one
part per table partition (PARTITION BY), each atomic, so a crash can leave some of its parts
stored and not others. The restart's skip (rows at or below the highest offset stored) is then
decided per table partition: checked here by landing only one part of an insert, restarting
the sink and replaying, and by comparing the sink's partition numbers with ClickHouse's own.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.bundles import arrow_schema, load_processor

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "generated" / "clickstream_sessions"
COLUMNS = ("event_id", "timestamp")
SCHEMA = arrow_schema([("event_id", "String"), ("timestamp", "DateTime64(3, 'UTC')")])
NAMES = [*COLUMNS, "_kafka_topic", "_kafka_partition", "_kafka_offset"]


@pytest.fixture(scope="module")
def processor() -> ModuleType:
    return load_processor(BUNDLE / "clickstream_sessions.py", "clickstream_sessions_one_insert")


@pytest.fixture(scope="module")
def client() -> Any:
    return clickhouse_connect.get_client(dsn="chdb://memory")


@pytest.fixture
def database(client: Any) -> str:
    name = f"one_insert_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{name}`")
    client.command(
        f"CREATE TABLE `{name}`.`events` (event_id String, timestamp DateTime64(3, 'UTC'), "
        "_kafka_topic LowCardinality(String), _kafka_partition UInt32, _kafka_offset UInt64) "
        "ENGINE = MergeTree PARTITION BY toYYYYMM(timestamp) ORDER BY timestamp "
        "SETTINGS non_replicated_deduplication_window = 10000"
    )
    yield name
    client.command(f"DROP DATABASE `{name}`")


class Killed(Exception):
    """The process died in the middle of an insert."""


class LandsOnlyDecember:
    """Stores only the December part of an insert, then dies: a crash between its parts."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def insert_arrow(self, table: str, data: Any, **kwargs: Any) -> None:
        december = [at.month == 12 for at in data.column("timestamp").to_pylist()]
        self.client.insert_arrow(table, data.filter(december), **kwargs)
        raise Killed


def sink(processor: ModuleType, client: Any, database: str) -> Any:
    calls = processor.Retrying("ClickHouse", (ConnectionError,), budget_s=1)
    return processor.ClickHouseTable(
        calls,
        client,
        database,
        "events",
        COLUMNS,
        schema=SCHEMA,
        partition_by=("toYYYYMM", "timestamp"),
    )


def records(processor: ModuleType) -> list[Any]:
    """Two source partitions, each crossing from November into December in offset order."""
    start = datetime(2026, 11, 30, 23, 59, 58, tzinfo=UTC)
    out = []
    for partition in (0, 1):
        tp = processor.TopicPartition("user-events", partition)
        for offset in range(10, 14):
            at = start + timedelta(seconds=offset - 10)  # offsets 10-11 November, 12-13 December
            value = {"event_id": f"{partition}-{offset}", "timestamp": at}
            out.append(processor.Record(value, tp, offset, int(at.timestamp() * 1000)))
    return out


def stored(client: Any, database: str) -> list[tuple[int, int]]:
    return sorted(
        client.query(
            f"SELECT _kafka_partition, _kafka_offset FROM `{database}`.`events`"
        ).result_rows
    )


def test_a_flush_is_one_insert_whose_token_names_every_partitions_range(
    processor: ModuleType, client: Any, database: str
) -> None:
    tokens: list[str] = []

    class Recording:
        def insert_arrow(self, table: str, data: Any, **kwargs: Any) -> None:
            tokens.append(kwargs["settings"]["insert_deduplication_token"])
            client.insert_arrow(table, data, **kwargs)

    table = sink(processor, Recording(), database)
    table.add(records(processor))
    asyncio.run(table.flush())
    assert tokens == [f"{database}.events:user-events:0:10-13,user-events:1:10-13"]
    assert len(stored(client, database)) == 8
    # the same insert again (a retry of one that landed) stores nothing
    table.add(records(processor))
    asyncio.run(table.flush())
    assert len(stored(client, database)) == 8 and tokens[1] == tokens[0]


def test_a_crash_between_an_inserts_parts_loses_and_repeats_nothing(
    processor: ModuleType, client: Any, database: str
) -> None:
    first = sink(processor, LandsOnlyDecember(client), database)
    first.add(records(processor))
    with pytest.raises(Killed):
        asyncio.run(first.flush())
    assert stored(client, database) == [(0, 12), (0, 13), (1, 12), (1, 13)]  # December only

    restarted = sink(processor, client, database)
    assigned = {processor.TopicPartition("user-events", p) for p in (0, 1)}
    asyncio.run(restarted.load_written(assigned))
    # the highest offset stored per partition is above the November rows that did not land:
    # a skip by it alone would lose them
    assert set(restarted.written.values()) == {13}
    restarted.add(records(processor))  # the replay from the last commit
    assert restarted.replayed == 4 and restarted.pending() == 4
    asyncio.run(restarted.flush())
    assert stored(client, database) == [(p, o) for p in (0, 1) for o in range(10, 14)]


@pytest.mark.parametrize("func", ["toYYYYMM", "toYYYYMMDD", "toDate", "toStartOfHour"])
def test_the_partition_number_is_clickhouses(processor: ModuleType, client: Any, func: str) -> None:
    """Python's number of a value's table partition equals the SQL's, across boundaries."""
    plus_two = timezone(timedelta(hours=2))
    values = [
        datetime(2026, 11, 30, 23, 59, 59, 999000, tzinfo=UTC),
        datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 1, 30, tzinfo=plus_two),  # 2026-11-30 23:30 UTC
        datetime(1999, 12, 31, 23, 0, 0, 1000, tzinfo=UTC),
    ]
    if func != "toStartOfHour":  # toStartOfHour of a Date is refused by ClickHouse
        values += [date(2026, 11, 30), date(2024, 2, 29)]
    sql = processor.PARTITION_SQL[func]
    for value in values:
        if isinstance(value, datetime):
            text = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            literal = f"toDateTime64('{text}', 3, 'UTC')"
        else:
            literal = f"toDate('{value.isoformat()}')"
        expected = client.query(f"SELECT {sql.format(literal)}").result_rows[0][0]
        assert processor.ClickHouseTable.partition_number(func, value) == expected, value
    assert processor.ClickHouseTable.partition_number(func, None) is None
