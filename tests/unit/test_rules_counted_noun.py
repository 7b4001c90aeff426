"""A count named after a kind of record ("how many refunds") on a topic whose records are
another noun (orders): counting every record the filters keep is listed unless a filter names
the kind; a ranking said without a field's unit suffix ranks by that field."""

from generator.parse.rules import parse_request

LISTED = "no filter says which records are refunds"


def test_refunds_counted_on_orders_listed() -> None:
    spec = parse_request(
        "Read topic orders, how many refunds per shop_id per hour, print to stdout"
    )
    window = spec.operators[0]
    assert [(a.name, a.fn) for a in window.aggregates] == [("refund_count", "count")]
    assert any(LISTED in note for note in spec.assumptions)


def test_refunds_counted_after_another_filter_listed() -> None:
    spec = parse_request(
        "Read topic orders, how many refunds per shop_id per hour where amount > 0, print to stdout"
    )
    assert any(f"the filters keep: {LISTED}" in note for note in spec.assumptions)


def test_refunds_selected_by_a_filter_not_listed() -> None:
    spec = parse_request(
        "Read topic orders, keep type = refund, how many refunds per shop_id per hour, print to "
        "stdout"
    )
    assert not any(LISTED in note for note in spec.assumptions)


def test_ranking_without_unit_suffix_listed() -> None:
    spec = parse_request(
        "Read topic pageviews, sum dwell_ms per url per hour, top 5 urls by average dwell, "
        "write to ClickHouse analytics.top_urls"
    )
    assert any(
        "ranked by avg_dwell (avg of dwell_ms): 'average dwell' names the field 'dwell_ms'" in note
        for note in spec.assumptions
    )
    assert "dwell" not in [f.name for f in spec.schema_.fields]


def test_times_the_topics_thing_was_done_listed() -> None:
    """ "how many times the app was launched" on app-launches: every record, listed twice."""
    spec = parse_request(
        "Read topic app-launches, count how many times the app was launched per hour, "
        "write to stdout"
    )
    window = spec.operators[0]
    assert [(a.name, a.fn) for a in window.aggregates] == [("times_launched", "count")]
    said = " | ".join(spec.assumptions)
    assert "read 'the app' as what the topic's name says every record is about" in said
    assert "read 'launched' as what every record of app-launches is" in said
