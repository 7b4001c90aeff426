"""A rows table's datetime columns sent to DateTime64(3) by the sink's Arrow insert, in chDB.

A ClickHouse sink whose timestamp columns hold datetimes (paid_orders' `created_at`, a golden
bundle) hands them to pyarrow as they are, in the column's Arrow type (`timestamp("ms")`).
Checked here: pyarrow's ticks are clickhouse-connect's own (what the Native insert stored) for
every kind of datetime the converters make (milliseconds, sub-millisecond, before 1970, other
offsets, DateTime64's range ends), and the datetimes and those ticks store the same values.

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

import pyarrow  # noqa: E402
from clickhouse_connect.datatypes.registry import get_from_name  # noqa: E402

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


def test_arrow_ticks_are_the_drivers_own(processor: ModuleType, stamps: list[datetime]) -> None:
    driver = get_from_name("DateTime64(3, 'UTC')")
    expected = [None, *(driver._datetime64_ticks(s) for s in stamps), None]
    column = processor.PAID_ORDERS_ARROW_SCHEMA.field("created_at").type
    assert pyarrow.array([None, *stamps, None], type=column).cast(pyarrow.int64()).to_pylist() == (
        expected
    )


def test_datetimes_store_what_the_drivers_ticks_stored(
    processor: ModuleType, stamps: list[datetime], table: tuple[Any, str]
) -> None:
    client, name = table
    driver = get_from_name("DateTime64(3, 'UTC')")
    values = [None, *stamps, None]
    ticks = [None if s is None else driver._datetime64_ticks(s) for s in values]
    column = processor.PAID_ORDERS_ARROW_SCHEMA.field("created_at").type
    data = pyarrow.table(
        {
            "i": pyarrow.array(range(len(values)), type=pyarrow.uint32()),
            "old": pyarrow.array(ticks, type=column),
            "new": pyarrow.array(values, type=column),
        }
    )
    client.insert_arrow(name, data)
    rows = client.query(
        f"SELECT toUnixTimestamp64Milli(old), toUnixTimestamp64Milli(new) FROM {name} ORDER BY i"
    ).result_rows
    assert rows[0] == rows[-1] == (None, None)
    for stamp, (old, new) in zip(stamps, rows[1:-1], strict=True):
        assert old == new, stamp
        assert new == (stamp - processor.EPOCH) // timedelta(milliseconds=1), stamp


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
