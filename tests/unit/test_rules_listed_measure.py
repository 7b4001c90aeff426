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
