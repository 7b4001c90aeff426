"""A measure word ("revenue") with the records' fields listed names the one money field among
them, listed as a guess, never a preset's field the records were not said to carry."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request


def test_revenue_reads_the_listed_money_field() -> None:
    spec = parse_request(
        "Read topic laundry.cycles with fields machine_id, store_id, price and duration_min; "
        "revenue per store_id every hour to ClickHouse laundry.hourly_revenue"
    )
    window = spec.operators[0]
    assert [a.field for a in window.aggregates] == ["price"]  # type: ignore[union-attr]
    assert "read 'revenue' as the listed field 'price'; name the field if another holds it" in (
        spec.assumptions
    )


def test_revenue_with_no_listed_money_field_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="hold no revenue"):
        parse_request(
            "Read topic laundry.cycles with fields machine_id, store_id and duration_min; "
            "revenue per store_id every hour to stdout"
        )


def test_group_word_reads_the_listed_id_field() -> None:
    """ "(store_id, ...) count per store": the listed id, never a new field 'store' (listed)."""
    spec = parse_request(
        "Read topic visits (store_id, amount, timestamp), count per store per hour, write to stdout"
    )
    assert spec.operators[0].group_by == ["store_id"]  # type: ignore[union-attr]
    assert [f.name for f in spec.schema_.fields] == ["store_id", "amount", "timestamp"]
    assert (
        "read 'store' as the listed field 'store_id'; name the field if the records carry store"
        in spec.assumptions
    )


# (h49/agg27) words before a listed field: the records' own word is read as it (listed), a
# value word ("buy", a side) is refused; a plural of a listed field names it
def test_records_word_before_listed_field_reads_it() -> None:
    spec = parse_request(
        "Read topic trades with fields trade_id, side, qty, price, ts; average trade price per "
        "minute; write to ClickHouse desk.prices"
    )
    window = spec.operators[0]
    assert [a.field for a in window.aggregates] == ["price"]  # type: ignore[union-attr]
    assert (
        "read 'trade price' as the listed field 'price' ('trade' names the records); name the "
        "field if the records carry another"
    ) in spec.assumptions


def test_value_word_before_listed_field_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="hold qty but no buy_qty"):
        parse_request(
            "Read topic trades (fields trade_id, side, qty int, price, ts timestamp); sum of buy "
            "qty per minute; write to ClickHouse desk.buy_volume"
        )


def test_plural_of_listed_field_names_it() -> None:
    spec = parse_request(
        "Read topic orders (fields order_id string, user_id, amount, ts timestamp); count unique "
        "order_ids per user_id per minute; write to ClickHouse analytics.orders_per_user"
    )
    window = spec.operators[0]
    assert [a.field for a in window.aggregates] == ["order_id"]  # type: ignore[union-attr]
    assert [f.name for f in spec.schema_.fields] == ["order_id", "user_id", "amount", "ts"]
    assert not [a for a in spec.assumptions if "order_ids" in a]
