"""A Debezium change (unwrapped form) is decoded with its row in one msgspec pass (issue #15):
the rows and dead-letter reasons must be exactly those of the field-by-field `decode_change`.

The generated orders_cdc processor is loaded as it ships; its ChangeDecoders take the one-pass
path, and a table whose column shares a name with a change's own keys falls back to the two
decodes (ChangeMeta, then the row) with the same results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

from tests.support.bundles import load_processor

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import data  # noqa: E402


def _load(name: str) -> ModuleType:
    """The bundle's processor, shared with other tests that loaded it under the same name."""
    return sys.modules.get(name) or load_processor(REPO / "generated" / name / f"{name}.py", name)


CDC = _load("orders_cdc")
TOPIC = "orders.public.orders"


def outcome(decode: Any, payload: bytes) -> Any:
    """The row, or the refusal's class and text."""
    try:
        row = decode(payload)
    except CDC.RecordError as error:
        return type(error), str(error)
    return row, list(row)


def expected(payload: bytes, fields: Any) -> Any:
    return outcome(lambda p: CDC.decode_change(p, fields), payload)


def test_shipped_decoders_take_the_one_pass_path() -> None:
    assert all(d.change is not None for d in CDC.CHANGE_DECODERS.values())


def test_benchmark_changes_decode_as_the_field_by_field_path() -> None:
    events = list(data.cdc(3000))
    assert {orjson.loads(v)["__op"] for _, _, _, v in events} == {"c", "u", "d"}
    for table, _, _, value in events:
        topic = f"orders.public.{table}"
        fields = CDC.CHANGE_DECODERS[topic].rows.fields
        assert outcome(CDC.CHANGE_DECODERS[topic].decode, value) == expected(value, fields)


ROW = {
    "order_id": 7,
    "customer_id": 3,
    "order_date": 20454,
    "status": "paid",
    "total_amount": 12.5,
    "created_at": 1767225600043,
    "updated_at": 1767225600043,
}


def change(**fields: Any) -> bytes:
    event = {**ROW, "__op": "u", "__lsn": 40_000_390, "__deleted": "false", **fields}
    return json.dumps(event).encode()


@pytest.mark.parametrize(
    "payload",
    [
        change(),
        change(__deleted="true"),
        change(__deleted=True),
        change(__deleted=1),  # not a str or bool: left to decode_change
        change(__lsn="12"),
        change(__lsn=None),
        change(__lsn=2**63),
        change(order_id=None),
        change(order_id="7"),
        change(order_id=True),
        change(order_date="2026-01-01"),
        change(order_date=10**9),
        change(created_at="2026-01-01T00:00:00Z"),
        change(created_at=-(10**15)),
        change(created_at=False),
        change(total_amount=2**70),
        change(schema={"type": "struct"}, payload={**ROW, "__lsn": 5}),
        change(schema=None, payload={**ROW, "__lsn": 5}),
        orjson.dumps({"schema": {}, "payload": {**ROW, "__lsn": 9, "__deleted": "true"}}),
        b'{"order_id": 7,',
        b"[1, 2]",
    ],
)
def test_changes_decode_or_are_refused_as_the_field_by_field_path(payload: bytes) -> None:
    decoder = CDC.CHANGE_DECODERS[TOPIC]
    assert outcome(decoder.decode, payload) == expected(payload, decoder.rows.fields)


@pytest.mark.parametrize("column", ["deleted", "lsn", "schema", "payload"])
def test_a_column_named_like_a_change_key_falls_back_to_two_decodes(column: str) -> None:
    fields = (*CDC.ORDERS_FIELDS, (column, CDC._as_string, False))
    decoder = CDC.ChangeDecoder(CDC.RecordDecoder(fields))
    assert decoder.change is None
    for payload in (change(), change(**{column: "x"}), change(order_id="7")):
        assert outcome(decoder.decode, payload) == expected(payload, fields)
