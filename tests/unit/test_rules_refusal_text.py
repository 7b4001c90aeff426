"""A refusal never shows the parser's masks (the words a reader had taken) in what it quotes."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request


@pytest.mark.parametrize(
    "request_text",
    [
        # a join whose other side is named after "from" with its fields in brackets: the
        # brackets are read as the topic's fields before the join looks for its topic
        "Read topic shop.orders and join with the payments from pay.events (order_id, paid_at) "
        "on order_id within 10 minutes; write to kafka shop.paid.",
        "Read topic app.events and only forward events called 'purchase' to kafka app.purchases.",
    ],
)
def test_refusal_quotes_no_mask(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood) as caught:
        parse_request(request_text)
    assert not any(ord(ch) < 9 for ch in str(caught.value)), str(caught.value)
