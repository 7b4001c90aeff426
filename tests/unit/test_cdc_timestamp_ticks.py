"""A CDC row's timestamps as DateTime64(3) ticks (epoch ms ints), checked in chDB (issue #15).

A CDC processor's rows go to their ClickHouse table and nowhere else, so its timestamp columns
are decoded to epoch ms (`_as_timestamp_ticks`) instead of datetimes, and clickhouse-connect
writes an int DateTime64 column as it is (ticks) instead of converting each datetime. Checked
here: the same values are accepted and refused, with the same reasons, as `_as_timestamp`; the
ticks store exactly what the datetimes stored (milliseconds, UTC, before 1970, DateTime64's range
ends, sub-millisecond text); the restart skip's partition numbers agree with ClickHouse's.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.bundles import load_processor

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "generated" / "orders_cdc"

ACCEPTED = [
    0,
    1,
    -1,
    1_714_559_696_789,
    -86_400_001,
    -2_208_988_800_000,  # 1900-01-01T00:00:00.000, DateTime64's first ms
    10_413_791_999_999,  # 2299-12-31T23:59:59.999, its last
    "2024-05-01T12:34:56.789+02:00",
    "2024-05-01T10:34:56.7899Z",
    "1969-12-31T23:59:59.999500",
    "1970-01-01T00:00:00.0005+00:00",
    "2024-02-29T23:59:59.9995-00:30",
    "1900-01-01T00:00:00Z",
    "2299-12-31T23:59:59.999999Z",
    "2024-05-01 10:34:56",
]
REFUSED = [
    True,
    1.5,
    "yesterday",
    -2_208_988_800_001,
    10_413_791_999_999 + 1,
    "1899-12-31T23:59:59.999Z",
    "2300-01-01T00:00:00Z",
    ["2024-05-01"],
]


@pytest.fixture(scope="module")
def processor() -> ModuleType:
    return load_processor(BUNDLE / "orders_cdc.py", "orders_cdc_ticks")


@pytest.fixture(scope="module")
def client() -> Any:
    return clickhouse_connect.get_client(dsn="chdb://memory")


@pytest.fixture
def table(client: Any) -> str:
    database = f"ticks_{uuid.uuid4().hex[:8]}"
    client.command(f"CREATE DATABASE `{database}`")
    client.command(
        f"CREATE TABLE `{database}`.`t` (i UInt32, "
        "old Nullable(DateTime64(3, 'UTC')), new Nullable(DateTime64(3, 'UTC'))) "
        "ENGINE = MergeTree ORDER BY i"
    )
    yield f"`{database}`.`t`"
    client.command(f"DROP DATABASE `{database}`")


def test_the_orders_cdc_rows_hold_their_timestamps_as_ticks(processor: ModuleType) -> None:
    kinds = {name: convert for name, convert, _ in processor.ORDERS_FIELDS}
    assert kinds["created_at"] is processor._as_timestamp_ticks
    assert kinds["order_date"] is processor._as_date  # a Date column stays a date


@pytest.mark.parametrize("value", REFUSED, ids=repr)
def test_a_refused_timestamp_has_the_reason_it_had(processor: ModuleType, value: Any) -> None:
    with pytest.raises(processor.RecordError) as before:
        processor._as_timestamp("created_at", value)
    with pytest.raises(processor.RecordError) as after:
        processor._as_timestamp_ticks("created_at", value)
    assert type(after.value) is type(before.value)
    assert str(after.value) == str(before.value)


def test_ticks_store_exactly_what_the_datetimes_stored(
    processor: ModuleType, client: Any, table: str
) -> None:
    stamps = [processor._as_timestamp("created_at", v) for v in ACCEPTED]
    ticks = [processor._as_timestamp_ticks("created_at", v) for v in ACCEPTED]
    assert all(type(t) is int for t in ticks)
    # The old column is the insert of the datetimes `_as_timestamp` made (clickhouse-connect
    # converting each), the new one the ints as they are; a null first and in between.
    index = list(range(len(ACCEPTED) + 2))
    client.insert(
        table,
        [index, [None, *stamps, None], [None, *ticks, None]],
        column_names=["i", "old", "new"],
        column_oriented=True,
    )
    rows = client.query(
        f"SELECT toUnixTimestamp64Milli(old), toUnixTimestamp64Milli(new), toString(new) "
        f"FROM {table} ORDER BY i"
    ).result_rows
    assert rows[0] == rows[-1] == (None, None, None)
    for value, stamp, at_ms, (old, new, text) in zip(
        ACCEPTED, stamps, ticks, rows[1:-1], strict=True
    ):
        assert old == new == at_ms, value
        # the stored time is the datetime's own UTC wall clock, to the millisecond
        assert text == stamp.astimezone(processor.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], value


def test_a_column_of_nulls_only_is_stored_as_nulls(client: Any, table: str) -> None:
    client.insert(
        table,
        [[1, 2], [None, None], [None, None]],
        column_names=["i", "old", "new"],
        column_oriented=True,
    )
    assert client.query(f"SELECT count() FROM {table} WHERE new IS NULL").result_rows == [(2,)]


def test_the_restart_skip_numbers_ticks_as_clickhouse_does(
    processor: ModuleType, client: Any, table: str
) -> None:
    ticks = [processor._as_timestamp_ticks("created_at", v) for v in ACCEPTED]
    client.insert(
        table,
        [list(range(len(ticks))), ticks, ticks],
        column_names=["i", "old", "new"],
        column_oriented=True,
    )
    functions = list(processor.PARTITION_SQL)
    selected = ", ".join(processor.PARTITION_SQL[f].format("new") for f in functions)
    rows = client.query(f"SELECT {selected} FROM {table} ORDER BY i").result_rows
    number = processor.ClickHouseTable.partition_number
    for value, at_ms, numbers in zip(ACCEPTED, ticks, rows, strict=True):
        stamp = processor._as_timestamp("created_at", value)
        for func, expected in zip(functions, numbers, strict=True):
            assert number(func, at_ms) == number(func, stamp) == expected, (func, value)
