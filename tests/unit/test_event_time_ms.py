"""An event time held as epoch ms (`_as_timestamp_ms`, issue #15) accepts exactly the values
`_as_timestamp` accepts and gives the same dead-letter reasons.

Both converters come from the same templates, rendered into two seed bundles: sales_aggregates
(a window first: its event time stays epoch ms) and clickstream_profile_join (its join copies
the timestamp into Kafka JSON: a datetime). For every value, accepted or refused, the outcome must be the same: the
epoch ms the processor would take as event time from the datetime, or the error's class and text.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.bundles import load_processor

REPO = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    """The bundle's processor, shared with other tests that loaded it under the same name."""
    return sys.modules.get(name) or load_processor(REPO / "generated" / name / f"{name}.py", name)


HELD_AS_MS = _load("sales_aggregates")
AS_DATETIME = _load("clickstream_profile_join")

MIN_MS = -2_208_988_800_000  # 1900-01-01
MAX_MS = 10_413_791_999_999  # 2299-12-31 23:59:59.999
VALUES: list[Any] = [
    "2026-12-01T10:11:12.345Z",
    "2026-12-01T10:11:12.345",
    "2026-12-01T10:11:12.345678",
    "2026-12-01T10:11:12.3455Z",
    "2026-12-01T10:11:12.345678+02:00",
    "2026-12-01T10:11:12-05:30",
    "2026-12-01",
    "2026-12-01 10:11",
    "2026-12-01T10",
    "20261201T101112",
    "2026-W48-2T10:00",
    "2026-12-01T10:11:12,5",
    "2026-12-01T10:11:12.1234567Z",
    "2026-12-01t10:11:12z",
    "2026-12-01T24:00:00",
    "2026-02-29T00:00:00",
    "2026-13-01T00:00:00",
    "not a time",
    "",
    " 2026-12-01T10:11:12Z",
    "x" * 200,
    # the range's edges, to the microsecond and across offsets
    "1900-01-01T00:00:00Z",
    "1900-01-01T00:00:00",
    "1899-12-31T23:59:59.999999Z",
    "1899-12-31T23:59:59.9996Z",
    "1900-01-01T00:00:00.0004Z",
    "1900-01-01T00:30:00+01:00",
    "1900-01-01T00:30:00-01:00",
    "2299-12-31T23:59:59.999Z",
    "2299-12-31T23:59:59.9994Z",
    "2299-12-31T23:59:59.9995Z",
    "2299-12-31T23:59:59.999999Z",
    "2300-01-01T00:00:00Z",
    "2300-01-01T00:30:00+01:00",
    "2299-12-31T23:30:00-01:00",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-01:00",
    # the shape read through the minute cache, and near misses of it
    "2026-12-01T10:11:60.000Z",
    "2026-12-01T10:11:1a.000Z",
    "2026-12-01T10:11:12.34aZ",
    "2026-12-01T10:11:12.-34Z",
    "2026-12-01T10:11:+1.345Z",
    "2026-12-01T10:11:12 345Z",
    "2026-12-01T10:11:12.345z",
    "2026-12-01T10:61:12.345Z",
    "2026-12-01T25:11:12.345Z",
    "2026-02-30T10:11:12.345Z",
    "2026-W48-2T10:11:12.345Z",
    "2026-12-01 10:11:12.345Z",
    "2026-12-01T10:11:12.\u0663\u0664\u0665Z",
    # a learnt minute's prefix with one character more or less after it (the shape is pinned
    # by the look-up keys' lengths, not by a length check)
    "2026-12-01T10:11:12.34Z",
    "2026-12-01T10:11:12.345ZZ",
    "2026-12-01T10:11:12.345Z ",
    "2026-12-01T10:11:12.0345Z",
    "2026-12-01T10:11:12.Z",
    "2026-12-01T10:11:12",
    "2026-12-01T10:11",
    "1899-12-31T23:59:59.999Z",
    "1900-01-01T00:00:59.999Z",
    "2299-12-31T23:59:00.000Z",
    "2300-01-01T00:00:00.000Z",
    # epoch ms
    0,
    1_764_583_872_345,
    MIN_MS,
    MIN_MS - 1,
    MAX_MS,
    MAX_MS + 1,
    10**16,
    -(10**16),
    2**63,
    True,
    False,
    1.5,
    1_764_583_872_345.0,
    [],
    {},
]


def _outcome(module: ModuleType, convert: Any, value: Any) -> tuple[str, Any]:
    try:
        converted = convert("timestamp", value)
    except module.RecordError as error:
        return type(error).__name__, str(error)
    if isinstance(converted, int):
        return "ms", converted
    return "ms", round(converted.timestamp() * 1000)  # the event time the processor takes


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_held_as_ms_accepts_and_refuses_like_the_datetime_converter(value: Any) -> None:
    expected = _outcome(AS_DATETIME, AS_DATETIME._as_timestamp, value)
    _cold()  # the full parse
    assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, value) == expected
    # warm: the minute learnt from this value or from a valid one of the same minute
    assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, value) == expected
    if isinstance(value, str) and len(value) >= 16:
        with contextlib.suppress(HELD_AS_MS.RecordError):  # a minute that is refused whole
            HELD_AS_MS._as_timestamp_ms("timestamp", f"{value[:16]}:00.000Z")
        assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, value) == expected


def _cold() -> None:
    HELD_AS_MS.TIMESTAMP_MINUTES.clear()


@pytest.mark.parametrize(
    "minute", ["2026-12-01T10:11", "1900-01-01T00:00", "2299-12-31T23:59", "2024-02-29T23:59"]
)
def test_every_second_of_a_learnt_minute_reads_like_the_full_parse(minute: str) -> None:
    _cold()
    HELD_AS_MS._as_timestamp_ms("timestamp", f"{minute}:30.500Z")
    assert minute in HELD_AS_MS.TIMESTAMP_MINUTES
    for second in range(60):
        for millis in (0, 1, 499, 999):
            value = f"{minute}:{second:02d}.{millis:03d}Z"
            expected = _outcome(AS_DATETIME, AS_DATETIME._as_timestamp, value)
            assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, value) == expected


# The common shape with every field drawn over its range and a little past it; text near it:
# each separator and the zone from a few that are (or nearly are) what ISO 8601 allows,
# fractions of 0 to 7 digits; or an integer around the range's edges. The caches stay warm
# across examples, as in a processor, and are also dropped at random.
_YEARS = st.one_of(
    st.integers(1899, 1901), st.integers(2024, 2027), st.integers(2298, 2300), st.integers(0, 9999)
)
_COMMON = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z".format,
    _YEARS,
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 999),
)
_SHAPED = st.builds(
    "{:04d}{}{:02d}{}{:02d}{}{:02d}{}{:02d}{}{:02d}{}{}".format,
    _YEARS,
    st.sampled_from(["-", "-", "", "/"]),
    st.integers(1, 12),
    st.sampled_from(["-", "-", ""]),
    st.integers(1, 28),
    st.sampled_from(["T", "T", " ", "t", "_"]),
    st.integers(0, 23),
    st.sampled_from([":", ":", "", "."]),
    st.integers(0, 59),
    st.sampled_from([":", ":", ""]),
    st.integers(0, 59),
    st.one_of(
        st.just(""),
        st.builds(
            "{}{}".format,
            st.sampled_from([".", ".", ".", ","]),
            st.text("0123456789", min_size=0, max_size=7),
        ),
    ),
    st.sampled_from(["Z", "Z", "Z", "", "z", "+00:00", "+01:00", "-05:30", "+14:00", "ZZ"]),
)
_EDGES = st.one_of(
    st.integers(MIN_MS - 2_000, MIN_MS + 2_000),
    st.integers(MAX_MS - 2_000, MAX_MS + 2_000),
    st.integers(-(2**64), 2**64),
)


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(_COMMON, _SHAPED, _EDGES), cold=st.integers(0, 19))
def test_held_as_ms_equals_the_datetime_converter_on_generated_values(
    value: Any, cold: int
) -> None:
    if not cold:
        _cold()
    expected = _outcome(AS_DATETIME, AS_DATETIME._as_timestamp, value)
    assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, value) == expected
    if isinstance(value, str) and len(value) >= 16:
        # other seconds and milliseconds of its minute, read through what this value taught
        for second_millis in ("00.000", "00.001", "30.499", "59.500", "59.999", "60.000"):
            other = f"{value[:17]}{second_millis}{value[23:]}"
            expected = _outcome(AS_DATETIME, AS_DATETIME._as_timestamp, other)
            assert _outcome(HELD_AS_MS, HELD_AS_MS._as_timestamp_ms, other) == expected


def test_the_edges_are_exercised() -> None:
    """The corpus has accepted and refused values on both sides of both edges."""
    kinds = [_outcome(AS_DATETIME, AS_DATETIME._as_timestamp, v)[0] for v in VALUES]
    assert {"ms", "RecordError", "ImplausibleTimeError"} <= set(kinds)
    accepted = [
        _outcome(AS_DATETIME, AS_DATETIME._as_timestamp, v)[1]
        for v, kind in zip(VALUES, kinds, strict=True)
        if kind == "ms"
    ]
    assert MIN_MS in accepted and MAX_MS in accepted
    assert MAX_MS + 1 in accepted  # 23:59:59.9995 and later round up past the last ms


def test_decoded_rows_hold_the_event_time_as_epoch_ms() -> None:
    raw = (
        b'{"transaction_id": "t", "customer_id": 1, "product_id": 2, "category": "c", '
        b'"amount": 1.5, "timestamp": "2026-12-01T10:11:12.345Z"}'
    )
    row = HELD_AS_MS.FIELDS_DECODER.decode(raw)
    at = datetime(2026, 12, 1, 10, 11, 12, 345_000, tzinfo=UTC)
    assert row["timestamp"] == round(at.timestamp() * 1000)
    assert row == HELD_AS_MS.validate(HELD_AS_MS.decode_json(raw), HELD_AS_MS.FIELDS)
