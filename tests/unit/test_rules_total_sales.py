"""'total sales' counts the sales records; the reading is listed unless the request names the
money beside it ("total sales, total revenue")."""

from generator.parse.rules import parse_request

LISTED = "as the number of sales records per window, not the money taken"


def test_total_sales_alone_is_a_count_listed() -> None:
    spec = parse_request(
        "From topic pos.sales compute total sales per store_id per day and write to clickhouse "
        "retail.daily_sales."
    )
    window = spec.operators[0]
    assert [(a.name, a.fn) for a in window.aggregates] == [("total_sales", "count")]
    assert any(LISTED in note for note in spec.assumptions)


def test_total_sales_beside_revenue_is_not_listed() -> None:
    spec = parse_request(
        "From topic pos.sales compute total sales and total revenue per store_id per day and "
        "write to clickhouse retail.daily_sales."
    )
    assert not any(LISTED in note for note in spec.assumptions)
