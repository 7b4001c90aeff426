"""A refusal never shows the parser's masks (the words a reader had taken) in what it quotes."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request


def test_refusal_quotes_no_mask() -> None:
    # a CDC table's bracket read as its columns, some of its words taken by another reader
    # first: the type quoted held them as masks, written out by repr() as '\x01'
    with pytest.raises(RequestNotUnderstood) as caught:
        parse_request(
            "Replicate MySQL table depot.parcels (captured nightly by the ops team) with "
            "Debezium into ClickHouse database depot_copy."
        )
    said = str(caught.value)
    assert not any(ord(ch) < 9 for ch in said) and "\\x0" not in said, said
    assert "unknown type 'nightly by the …team'" in said
