"""A rows table's datetime columns sent as DateTime64(3) ticks by the sink, checked in chDB.

clickhouse-connect turns each datetime of a DateTime64 column into ticks with a Python call of
its own; a ClickHouse sink whose timestamp columns hold datetimes (paid_orders' `created_at`, a
golden bundle) converts the column itself first (`_datetime64_ticks`), and the driver writes the
ints as they are. Checked here: the ticks are the driver's own for every kind of datetime the
converters make (milliseconds, sub-millisecond, before 1970, other offsets, DateTime64's range
ends), both columns store the same values, and a column the fast path cannot take (naive
datetimes) is handed to the driver unchanged.

Where the rows reach only ClickHouse (the clickstream sessions: lookups and sessionize), the
event time and the session start are epoch ms from the decode to the insert, no datetime at all:
those store what the datetimes stored, to the millisecond (sub-millisecond text is rounded, as
the event time always was, where the datetime was truncated).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

import yaml  # noqa: E402
from clickhouse_connect.datatypes.registry import get_from_name  # noqa: E402

from generator.render.model import build_context  # noqa: E402
from generator.render.sql import clickhouse_tables  # noqa: E402
from generator.spec import spec_from_dict  # noqa: E402
from tests.support.bundles import load_processor  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "tests" / "golden" / "expression_orders_clickhouse" / "expected"
SESSIONS = REPO / "generated" / "clickstream_sessions"

TEXTS = [
    "2024-05-01T12:34:56.789+02:00",
    "2024-05-01T10:34:56.7899Z",
    "1969-12-31T23:59:59.999500",
    "1970-01-01T00:00:00.0005+00:00",
    "2024-02-29T23:59:59.9995-00:30",
    "1900-01-01T00:00:00Z",
    "2299-12-31T23:59:59.999999Z",
    "2024-05-01 10:34:56",
]
EPOCH_MS = [0, 1, -1, 1_714_559_696_789, -86_400_001, -2_208_988_800_000, 10_413_791_999_999]


@pytest.fixture(scope="module")
def processor() -> ModuleType:
    return load_processor(BUNDLE / "paid_orders.py", "paid_orders_ticks")


@pytest.fixture(scope="module")
def sessions() -> ModuleType:
    return load_processor(SESSIONS / "clickstream_sessions.py", "clickstream_sessions_ticks")


@pytest.fixture(scope="module")
def stamps(processor: ModuleType) -> list[datetime]:
    """Datetimes as the processors' converters make them, and one at another offset."""
    made = [processor._as_timestamp("created_at", v) for v in [*TEXTS, *EPOCH_MS]]
    return [*made, made[0].astimezone(timezone(timedelta(hours=-7, minutes=-30)))]


@pytest.fixture
def table() -> Any:
    client = clickhouse_connect.get_client(dsn="chdb://memory")
    database = f"ticks_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{database}`")
    client.command(
        f"CREATE TABLE `{database}`.`t` (i UInt32, "
        "old Nullable(DateTime64(3, 'UTC')), new Nullable(DateTime64(3, 'UTC'))) "
        "ENGINE = MergeTree ORDER BY i"
    )
    yield client, f"`{database}`.`t`"
    client.command(f"DROP DATABASE `{database}`")


def test_only_datetime_columns_are_converted() -> None:
    orders = yaml.safe_load((BUNDLE.parent / "spec.yaml").read_text())
    [table] = build_context(spec_from_dict(orders))["tables"]
    assert table.time_columns == ("created_at",)
    # the sessions' rows reach only ClickHouse: their timestamps are ticks from the decode on
    sessions = spec_from_dict(yaml.safe_load((SESSIONS / "spec.yaml").read_text()))
    [table] = clickhouse_tables(sessions)
    assert table.time_columns == ("timestamp", "session_start")
    [table] = build_context(sessions)["tables"]
    assert table.time_columns == ()
    cdc = yaml.safe_load((REPO / "generated" / "orders_cdc" / "spec.yaml").read_text())
    # CDC rows hold their timestamps as ticks already (`_as_timestamp_ticks`)
    assert all(t.time_columns == () for t in clickhouse_tables(spec_from_dict(cdc)))


def test_the_sink_converts_those_columns(processor: ModuleType) -> None:
    table = processor.ClickHouseTable(
        None,
        None,
        "shop",
        "paid_orders",
        processor.PAID_ORDERS_COLUMNS,
        schema=processor.PAID_ORDERS_ARROW_SCHEMA,
        time_columns=frozenset({"created_at"}),
    )
    names = [processor.PAID_ORDERS_COLUMNS[i] for i in table.time_indexes]
    assert names == ["created_at"]


def test_the_ticks_are_the_drivers_own(processor: ModuleType, stamps: list[datetime]) -> None:
    driver = get_from_name("DateTime64(3, 'UTC')")
    expected = [None, *(driver._datetime64_ticks(s) for s in stamps), None]
    assert processor._datetime64_ticks([None, *stamps, None]) == expected


def test_ticks_store_what_the_datetimes_stored(
    processor: ModuleType, stamps: list[datetime], table: tuple[Any, str]
) -> None:
    client, name = table
    values = [None, *stamps, None]
    client.insert(
        name,
        [list(range(len(values))), values, processor._datetime64_ticks(values)],
        column_names=["i", "old", "new"],
        column_oriented=True,
    )
    rows = client.query(
        f"SELECT toUnixTimestamp64Milli(old), toUnixTimestamp64Milli(new) FROM {name} ORDER BY i"
    ).result_rows
    assert rows[0] == rows[-1] == (None, None)
    for stamp, (old, new) in zip(stamps, rows[1:-1], strict=True):
        assert old == new, stamp
        assert new == (stamp - processor.EPOCH) // timedelta(milliseconds=1), stamp


def test_a_column_the_fast_path_cannot_take_goes_to_the_driver_unchanged(
    processor: ModuleType,
) -> None:
    naive = [datetime(2024, 5, 1, 10, 34, 56), None]
    assert processor._datetime64_ticks(naive) is naive


def test_sessions_epoch_ms_store_what_the_datetimes_stored(
    processor: ModuleType, sessions: ModuleType, table: tuple[Any, str]
) -> None:
    client, name = table
    values = [*TEXTS, *EPOCH_MS]
    stamps = [processor._as_timestamp("created_at", v) for v in values]
    held = [sessions._as_timestamp_ms("timestamp", v) for v in values]
    client.insert(
        name,
        [list(range(len(values))), stamps, held],
        column_names=["i", "old", "new"],
        column_oriented=True,
    )
    rows = client.query(
        f"SELECT toUnixTimestamp64Milli(old), toUnixTimestamp64Milli(new) FROM {name} ORDER BY i"
    ).result_rows
    for value, stamp, at_ms, (old, new) in zip(values, stamps, held, rows, strict=True):
        assert new == at_ms, value
        # the same millisecond, or the next one for text with sub-millisecond digits (rounded)
        rounded = round((stamp - processor.EPOCH) / timedelta(milliseconds=1))
        assert new == rounded, value
        assert new - old == (0 if rounded == old else 1), value
    assert any(new != old for old, new in rows)  # the sub-millisecond texts differ by 1 ms


def test_sessions_partition_of_epoch_ms_is_the_datetimes(
    processor: ModuleType, sessions: ModuleType
) -> None:
    number = sessions.ClickHouseTable.partition_number
    for value in [*TEXTS, *EPOCH_MS]:
        at_ms = sessions._as_timestamp_ms("timestamp", value)
        stamp = processor.EPOCH + at_ms * timedelta(milliseconds=1)
        for func in ("toYYYYMM", "toYYYYMMDD", "toStartOfHour"):
            assert number(func, at_ms) == number(func, stamp), (value, func)
