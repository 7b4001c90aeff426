"""Rule parser: windows (tumbling, hopping, session), aggregates, group-by and thresholds."""

import re
from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.parse.rules.settings import call_it_names_aggregate
from generator.spec import spec_to_dict

MIN = 60_000
HOUR = 3_600_000


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def window_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    ops = [op for op in spec["operators"] if op["kind"] == "window"]
    assert len(ops) == 1, spec["operators"]
    return ops[0]


SIZES = [
    # (request, type, size_ms, slide_ms, gap_ms)
    ("from topic 'sales' aggregate into 1-minute tumbling windows: count, print",
     "tumbling", MIN, None, None),
    ("from topic 'sales' count events in 5 minute windows and print", "tumbling", 5 * MIN, None,
     None),
    ("from topic 'sales' count events in 30-second windows and print", "tumbling", 30_000, None,
     None),
    ("from topic 'sales' count events in 30s windows and print", "tumbling", 30_000, None, None),
    ("from topic 'sales' count events hourly and print", "tumbling", HOUR, None, None),
    ("from topic 'sales' count events daily and print", "tumbling", 24 * HOUR, None, None),
    ("from topic 'sales' count events every 5 minutes and print", "tumbling", 5 * MIN, None,
     None),
    ("from topic 'sales' count events per minute and print", "tumbling", MIN, None, None),
    ("from topic 'sales' count events per hour and print", "tumbling", HOUR, None, None),
    ("from topic 'sales' count events every minute and print", "tumbling", MIN, None, None),
    ("from topic 'sales' count events in windows of 10 minutes and print", "tumbling", 10 * MIN,
     None, None),
    ("from topic 'sales' count events over a tumbling window of 15 minutes, print", "tumbling",
     15 * MIN, None, None),
    ("from topic 'sales' count events in 1h buckets and print", "tumbling", HOUR, None, None),
    ("from topic 'sales' count events in two-hour windows and print", "tumbling", 2 * HOUR, None,
     None),
    ("from topic 'sales' count events every half an hour and print", "tumbling", 30 * MIN, None,
     None),
    ("from topic 'sales' count events per 10 seconds and print", "tumbling", 10_000, None, None),
    ("from topic 'sales' count events by hour and print", "tumbling", HOUR, None, None),
    ("from topic 'views' compute sliding 1 hour every 5 minutes unique visitors, print",
     "hopping", HOUR, 5 * MIN, None),
    ("from topic 'views' count views in 1-hour windows sliding every 5 minutes, print",
     "hopping", HOUR, 5 * MIN, None),
    ("from topic 'views' count views in hopping windows of 10 minutes advancing by 1 minute, "
     "print", "hopping", 10 * MIN, MIN, None),
    ("from topic 'views' count views over the last hour, updated every 5 minutes, print",
     "hopping", HOUR, 5 * MIN, None),
    ("from topic 'views' count views in a 1 hour window that slides every 10 minutes, print",
     "hopping", HOUR, 10 * MIN, None),
    ("from topic 'views' count views in a sliding window of 1h with a 5m slide, print",
     "hopping", HOUR, 5 * MIN, None),
    ("from topic 'clicks' session window with 15 min gap counting clicks per user into "
     "ClickHouse", "session", None, None, 15 * MIN),
    ("from topic 'clicks' count clicks per user in session windows with a 10 minute gap, print",
     "session", None, None, 10 * MIN),
    ("from topic 'clicks' sum amount per user over session windows of 30 minutes of inactivity, "
     "print", "session", None, None, 30 * MIN),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "kind", "size", "slide", "gap"), SIZES)
def test_window_shape(
    request_text: str, kind: str, size: int | None, slide: int | None, gap: int | None
) -> None:
    window = window_of(request_text)
    assert (window["type"], window["size_ms"], window["slide_ms"], window["gap_ms"]) == (
        kind, size, slide, gap
    )  # fmt: skip


GRACE = [
    ("from topic 'sales' count events per minute and print", 5_000),
    ("from topic 'sales' count events per minute allowing 30 seconds of lateness, print", 30_000),
    ("from topic 'sales' count events per minute with a grace period of 1 minute, print", MIN),
    ("from topic 'sales' count events per minute with no grace and print", 0),
    ("from topic 'sales' count events per minute, accept events up to 2 minutes late, print",
     2 * MIN),
    ("from topic 'sales' count events per minute with 10s of allowed lateness, print", 10_000),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "grace"), GRACE)
def test_grace(request_text: str, grace: int) -> None:
    assert window_of(request_text)["grace_ms"] == grace


AGGREGATES = [
    # (request, [(name, fn, field, quantile)])
    ("from topic 'sales' compute total revenue per minute, print",
     [("total_revenue", "sum", "amount", None)]),
    ("from topic 'sales' count unique customers per minute, print",
     [("unique_customers", "count_distinct", "customer_id", None)]),
    ("from topic 'orders' compute the number of orders per minute, print",
     [("order_count", "count", None, None)]),
    ("from topic 'sales' count per minute and print", [("event_count", "count", None, None)]),
    ("from topic 'sales' compute the average order value per minute, print",
     [("avg_order_value", "avg", "amount", None)]),
    ("from topic 'api' compute the 95th percentile latency per minute, print",
     [("p95_latency", "quantile", "latency", 0.95)]),
    ("from topic 'api' compute p99 latency every minute, print",
     [("p99_latency", "quantile", "latency", 0.99)]),
    ("from topic 'api' compute the median latency every minute, print",
     [("median_latency", "quantile", "latency", 0.5)]),
    ("from topic 'sales' compute min price and max price per minute, print",
     [("min_price", "min", "price", None), ("max_price", "max", "price", None)]),
    ("from topic 'readings' compute the average value and peak value per minute, print",
     [("avg_value", "avg", "value", None), ("max_value", "max", "value", None)]),
    ("from topic 'readings' compute the maximum temperature every 5 minutes, print",
     [("max_temperature", "max", "temperature", None)]),
    ("from topic 'sales' compute the sum of quantity per minute, print",
     [("sum_quantity", "sum", "quantity", None)]),
    ("from topic 'views' count unique visitors per minute, print",
     [("unique_visitors", "count_distinct", "user_id", None)]),
    ("from topic 'sales' count distinct products per minute, print",
     [("unique_products", "count_distinct", "product_id", None)]),
    ("from topic 'clicks' count how many clicks per minute, print",
     [("click_count", "count", None, None)]),
    ("from topic 'sales' compute the event count per minute, print",
     [("event_count", "count", None, None)]),
    ("from topic 'sales' compute total sales per minute, print",
     [("total_sales", "count", None, None)]),
    ("from topic 'sales' compute total sales amount per minute, print",
     [("total_sales_amount", "sum", "amount", None)]),
    ("from topic 'sales' compute the number of unique customers per minute, print",
     [("unique_customers", "count_distinct", "customer_id", None)]),
    ("from topic 'sales' compute the mean amount per minute, print",
     [("avg_amount", "avg", "amount", None)]),
    ("from topic 'sales' compute the lowest amount per minute, print",
     [("min_amount", "min", "amount", None)]),
    ("Aggregate sales events from topic 'sales-events' into 1-minute tumbling windows per "
     "category: total sales, total revenue, unique customers, unique products and average "
     "transaction value; print", [
         ("total_sales", "count", None, None),
         ("total_revenue", "sum", "amount", None),
         ("unique_customers", "count_distinct", "customer_id", None),
         ("unique_products", "count_distinct", "product_id", None),
         ("avg_transaction_value", "avg", "amount", None)]),
    ("from topic 'api' compute p50 and the p95 latency per minute, print",
     [("p50_latency", "quantile", "latency", 0.5), ("p95_latency", "quantile", "latency", 0.95)]),
    ("from topic 'sales' count orders and sum `amount` per minute, print",
     [("order_count", "count", None, None), ("sum_amount", "sum", "amount", None)]),
    ("from topic 'sales' aggregate revenue per minute, print",
     [("total_revenue", "sum", "amount", None)]),
    ("From Kafka topic \"transactions\" compute hourly revenue per merchant into ClickHouse",
     [("total_revenue", "sum", "amount", None)]),
    ("from 'api-logs' calculate the average response time per endpoint every minute, print",
     [("avg_response_time", "avg", "response_time", None)]),
    ("From 'telemetry' compute min, max and average value per device every 30 seconds, print",
     [("min_value", "min", "value", None), ("max_value", "max", "value", None),
      ("avg_value", "avg", "value", None)]),
    ("From topic 'clicks' compute clicks per minute and print", [("click_count", "count", None,
                                                                 None)]),
    ("from topic 'views' track page views every 5 minutes and print",
     [("page_view_count", "count", None, None)]),
    # the one aggregate of the function a noun says, named after it
    ("from topic 'faults' count faults per ride_id every minute and call the count fault_count,"
     " print", [("fault_count", "count", None, None)]),
    ("from topic 'sales' sum amount and count sales per store_id every minute, call the count n "
     "and call the total revenue, print", [("revenue", "sum", "amount", None),
                                          ("n", "count", None, None)]),
    ("from topic 'q' median wait_s per stand_id every minute; label the median mid_wait, print",
     [("mid_wait", "quantile", "wait_s", 0.5)]),
    # a distinct count named after "the" or the field's "values"
    ("from topic 'entries' count the distinct team_id as teams per room_id every hour, print",
     [("teams", "count_distinct", "team_id", None)]),
    ("from topic 'entries' count distinct team_id values as teams per room_id every hour, print",
     [("teams", "count_distinct", "team_id", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "aggregates"), AGGREGATES)
def test_aggregates(request_text: str, aggregates: list[tuple[Any, ...]]) -> None:
    window = window_of(request_text)
    got = [(a["name"], a["fn"], a["field"], a["quantile"]) for a in window["aggregates"]]
    assert got == aggregates


GROUP_BY = [
    ("from topic 'sales' total revenue per country every minute, print", ["country"]),
    ("from topic 'sales' total revenue by category every minute, print", ["category"]),
    ("from topic 'sales' total revenue every minute grouped by region and device, print",
     ["region", "device_id"]),
    ("from topic 'sales' total revenue for each customer every minute, print", ["customer_id"]),
    ("from topic 'clicks' count clicks per page every minute, print", ["page_url"]),
    ("from topic 'clicks' count clicks every minute broken down by event type, print",
     ["event_type"]),
    ("from topic 'clicks' count clicks per country and city every minute, print",
     ["country", "city"]),
    ("from topic 'sales' total revenue per `store_id` every minute, print", ["store_id"]),
    ("from topic 'sales' compute total revenue every minute, print", []),
    ("from topic 'clicks' count clicks per user every 10 minutes, print", ["user_id"]),
    ("from topic 'sales' per category per minute count sales, print", ["category"]),
    ("from topic 'clicks' count clicks per minute by country, print", ["country"]),
    ("from topic 'sales' count orders grouped by store and region every minute, print",
     ["store", "region"]),
    ("Take sales from 'sales-events', group by store and compute total revenue every 15 minutes, "
     "print", ["store"]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "group_by"), GROUP_BY)
def test_group_by(request_text: str, group_by: list[str]) -> None:
    assert window_of(request_text)["group_by"] == group_by


THRESHOLDS = [
    # (request, having, aggregate names)
    ("from topic 'events' count events per country every 5 minutes when the count exceeds 20 "
     "and publish to topic 'alerts'", ("event_count", "gt", 20.0), ["event_count"]),
    ("from topic 'sales' compute total revenue per category every minute where total revenue "
     "is above 1000, print", ("total_revenue", "gt", 1000.0), ["total_revenue"]),
    ("from topic 'sales' count per minute and only keep windows with more than 5 events, print",
     ("event_count", "gt", 5.0), ["event_count"]),
    ("from topic 'sales' compute the average amount per minute if the average amount is below "
     "10, print", ("avg_amount", "lt", 10.0), ["avg_amount"]),
    ("from topic 'sales' count orders every minute having count >= 100, print",
     ("order_count", "ge", 100.0), ["order_count"]),
    ("from topic 'logins' alert when more than 5 logins per user per minute, print",
     ("login_count", "gt", 5.0), ["login_count"]),
    ("from topic 'sales' compute total revenue every minute when the number of events is at "
     "least 3, print", ("event_count", "ge", 3.0), ["total_revenue", "event_count"]),
    ("from topic 'sales' sum amount per minute when the sum of amount exceeds 1,000, print",
     ("sum_amount", "gt", 1000.0), ["sum_amount"]),
    ("from topic 'api' compute p95 latency per minute when p95 latency is over 250, print",
     ("p95_latency", "gt", 250.0), ["p95_latency"]),
    ("from topic 'sales' count orders per minute with fewer than 2 orders, print",
     ("order_count", "lt", 2.0), ["order_count"]),
    ("Calculate the average response time per endpoint every minute from 'api-logs' and alert "
     "to 'slow-endpoints' when it exceeds 500", ("avg_response_time", "gt", 500.0),
     ["avg_response_time"]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "having", "names"), THRESHOLDS)
def test_thresholds(request_text: str, having: tuple[str, str, float], names: list[str]) -> None:
    window = window_of(request_text)
    assert window["having"] == dict(zip(("aggregate", "op", "value"), having, strict=True))
    assert [a["name"] for a in window["aggregates"]] == names


def test_window_sink_defaults() -> None:
    spec = parse(
        "from topic 'sales-events' compute total revenue per category every 5 minutes into "
        "ClickHouse and publish to topic 'sales-5min'"
    )
    clickhouse, kafka = spec["sinks"]
    assert clickhouse["table"] == "sales_aggregates_5min"
    assert clickhouse["engine"] == "ReplacingMergeTree"
    assert clickhouse["order_by"] == ["window_start", "category"]
    assert clickhouse["partition_by"] == {"func": "toYYYYMM", "column": "window_start"}
    assert kafka == {
        "kind": "kafka",
        "topic": "sales-5min",
        "key": "category",
        "headers": [],
        "partitions": 3,
    }
    assert spec["source"]["key"] == "category"
    assert spec["name"] == "sales_aggregates"


def test_window_without_size_defaults_to_one_minute() -> None:
    spec = parse("from topic 'sales' compute total revenue per country and print")
    assert spec["operators"][0]["size_ms"] == MIN
    assert any("1-minute" in note for note in spec["assumptions"])


def test_window_without_metric_counts_events() -> None:
    spec = parse("from topic 'sales' aggregate sales in 5 minute windows and print")
    assert spec["operators"][0]["aggregates"] == [
        {"name": "event_count", "fn": "count", "field": None, "quantile": None}
    ]
    assert any("counting events" in note for note in spec["assumptions"])


def test_hopping_size_must_be_a_multiple_of_the_slide() -> None:
    with pytest.raises(SpecError, match="must be a multiple of its slide"):
        parse("from topic 'views' count views sliding 1 hour every 7 minutes and print")


def test_sliding_window_needs_two_durations() -> None:
    with pytest.raises(RequestNotUnderstood, match="give a size and a slide"):
        parse("from topic 'views' count views in a sliding window and print")


def test_tumbling_window_needs_a_size() -> None:
    with pytest.raises(RequestNotUnderstood, match="give its size"):
        parse("from topic 'views' count views in tumbling windows and print")


def test_two_thresholds_are_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="more than one threshold"):
        parse(
            "from topic 'sales' count per minute when the count exceeds 5 and when the total "
            "revenue is above 10, print"
        )


def test_aggregate_name_clash_with_group_by_is_refused() -> None:
    with pytest.raises(SpecError, match="clash with output columns"):
        parse("from topic 'sales' compute sum of amount per sum_amount every minute, print")


@pytest.mark.parametrize(
    ("request_text", "words"),
    [
        # the number follows the records (or a measure) counted: each record's value or the
        # count per group?
        ("from topic orders count orders above 100 per store_id every hour, print",
         "a threshold on a value of each record or on the count per group"),
        ("from topic orders, max amount above 100 per store_id each hour, print",
         "a threshold on a value of each record or on the count per group"),
        # calendar words, time zones and time fields are not group-by fields
        ("from topic orders count orders per store_id per month, print",
         "it is a span of time, not a field"),
        ("from topic orders count orders per store_id per day (UTC), print",
         "a time zone is not a field"),
        ("from topic orders count orders per store_id every 5 minutes by created_at, print",
         "each record would be a group of its own"),
        # groups named with no group-by and no field of the schema naming them ("devices" on
        # the iot preset is device_id: h17_f22agg_groups_with_count_*)
        ("from topic readings, rooms with more than 30 readings per minute, print",
         "the window has no group-by"),
        # arithmetic or naming words glued into a measured field's name
        ("from topic orders sum amount minus discount per store_id every hour, print",
         "is never part of a field's name"),
        ("from topic orders keep a running total of amount per store_id, print",
         "a running (cumulative) aggregate"),
    ],
)  # fmt: skip
def test_silently_wrong_windows_are_refused(request_text: str, words: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=re.escape(words)):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("request_text", "group_by"),
    [
        ("from topic readings, for each device and each sensor, count readings every minute, "
         "print", ["device_id", "sensor"]),
        ("from topic orders, revenue by store by hour, print", ["store"]),
        ("from topic orders, per-store hourly sum of amount, print", ["store"]),
    ],
)  # fmt: skip
def test_group_by_lists_keep_every_group(request_text: str, group_by: list[str]) -> None:
    assert window_of(request_text)["group_by"] == group_by


@pytest.mark.parametrize(
    ("request_text", "size", "slide"),
    [
        ("from topic page-views count views per page_id over a rolling 15 minute window, print",
         15 * MIN, MIN),
        ("from topic page-views sum dwell_ms per page_id over the trailing hour, print", HOUR, MIN),
        ("from topic payments rolling 24h sum of amount per merchant_id, print", 24 * HOUR, HOUR),
        ("from topic ticks a moving 90 second average of price per symbol, print", 90_000, 1000),
        ("from topic ticks a sliding 3 hour max of price per symbol, print", 3 * HOUR, 5 * MIN),
    ],
)  # fmt: skip
def test_rolling_without_step_takes_a_listed_default(request_text: str, size: int, slide: int):
    """A rolling window with no update step moves by a default step, and the spec says so."""
    spec = parse(request_text)
    window = next(op for op in spec["operators"] if op["kind"] == "window")
    assert (window["type"], window["size_ms"], window["slide_ms"]) == ("hopping", size, slide)
    assert any("no update step given" in a for a in spec["assumptions"]), spec["assumptions"]


def test_rolling_with_a_step_lists_no_default():
    spec = parse("from topic ticks a rolling 10 minute average of price per symbol, updated "
                 "every 2 minutes, print")  # fmt: skip
    window = next(op for op in spec["operators"] if op["kind"] == "window")
    assert (window["size_ms"], window["slide_ms"]) == (10 * MIN, 2 * MIN)
    assert not any("no update step given" in a for a in spec["assumptions"])


def test_rolling_without_a_size_is_refused():
    with pytest.raises(RequestNotUnderstood, match="give a size and a slide"):
        parse("from topic page-views count views per page_id over a sliding window, print")


@pytest.mark.parametrize(
    ("request_text", "names", "fields"),
    [
        ("from topic tap-pours per tap_id every hour: number of pours (pour_count), average "
         "price_eur (avg_price), to topic x", ["pour_count", "avg_price"], [None, "price_eur"]),
        ("from topic kiln-logs per kiln_id daily: max temp_c (temp_c_peak), to topic x",
         ["temp_c_peak"], ["temp_c"]),
        ("from topic bins per bin_id hourly: count of lifts (lift_total), sum weight_kg "
         "(total_kg), to topic x", ["lift_total", "total_kg"], [None, "weight_kg"]),
    ],
)  # fmt: skip
def test_a_name_in_parentheses_after_a_named_field_names_the_aggregate(
    request_text: str, names: list[str], fields: list[str | None]
) -> None:
    """The field is said already (or a count needs none): a name built with an aggregate's
    word in parentheses is the aggregate's name, never the field it reads (h24/gagg)."""
    aggs = window_of(request_text)["aggregates"]
    assert [a["name"] for a in aggs] == names
    assert [a["field"] for a in aggs] == fields


def test_a_field_name_in_parentheses_after_a_field_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="the aggregate's name or the field"):
        parse("from topic tap-pours per tap_id every hour: average price_eur (net_price), print")


@pytest.mark.parametrize(
    ("request_text", "group_by", "having"),
    [
        ("Source: tank-sensors\nGroup: tank_id\nWindow: 10 minutes\nCompute: avg(ph)\nSink: "
         "topic x", ["tank_id"], None),
        # (a first line "Group by: x" was read as a title over a source topic x)
        ("Group by: tank_id\nSource: tank-sensors\nWindow: 10 minutes\nCompute: avg(ph)\nSink: "
         "topic x", ["tank_id"], None),
        ("Source: tank-sensors\nCompute: avg(ph) per tank_id, 10 minute windows\nHaving: avg ph "
         "< 7.8\nSink: topic x", ["tank_id"], {"aggregate": "avg_ph", "op": "lt", "value": 7.8}),
    ],
)  # fmt: skip
def test_group_and_having_labels(
    request_text: str, group_by: list[str], having: dict[str, Any] | None
) -> None:
    spec = parse(request_text)
    assert spec["source"]["topics"] == ["tank-sensors"]
    window = next(op for op in spec["operators"] if op["kind"] == "window")
    assert window["group_by"] == group_by
    assert window["having"] == having


@pytest.mark.parametrize(
    "request_text",
    [
        "avg ph per tank_id every 10 minutes from topic tank-sensors, only groups where ph < 7.8,"
        " print",
        "Source: tank-sensors\nCompute: avg(ph) per tank_id, 10 minute windows\nHaving: ph < "
        "7.8\nSink: topic x",
    ],
)
def test_a_group_condition_on_a_field_no_aggregate_reads_is_refused(request_text: str) -> None:
    """Said of the groups, read as a record filter before the window (exit 0) until h24/gagg."""
    with pytest.raises(RequestNotUnderstood, match="no aggregate of the window"):
        parse(request_text)


@pytest.mark.parametrize(
    ("request_text", "size", "slide"),
    [
        ("from topic gates sum headcount per gallery_id over the preceding hour, updated every "
         "15 minutes, print", HOUR, 15 * MIN),
        ("from topic laps max speed_kmh per track_id, looking at the last 10 minutes and "
         "refreshed every minute, print", 10 * MIN, MIN),
        ("from topic laps every 5 minutes compute max speed_kmh per track_id over the prior "
         "hour, print", HOUR, 5 * MIN),
    ],
)  # fmt: skip
def test_preceding_and_prior_spans_with_a_step(request_text: str, size: int, slide: int) -> None:
    window = window_of(request_text)
    assert (window["type"], window["size_ms"], window["slide_ms"]) == ("hopping", size, slide)


@pytest.mark.parametrize(
    "request_text",
    [
        "For each tank_id every hour take the lowest water_temp_c, named coolest, and the highest"
        " water_temp_c, named warmest; read topic tank-sensors and print",
        "from topic tank-sensors, per tank_id and per hour, the minimum water_temp_c into a "
        "column called coolest and the maximum water_temp_c into one called warmest, print",
    ],
)
def test_names_after_a_comma_or_into_a_column(request_text: str) -> None:
    aggs = window_of(request_text)["aggregates"]
    assert [(a["name"], a["fn"]) for a in aggs] == [("coolest", "min"), ("warmest", "max")]


@pytest.mark.parametrize(
    ("request_text", "group_by", "agg"),
    [
        ("from topic tap-pours add up volume_ml per bar_id daily, print", ["bar_id"],
         ("sum", "volume_ml")),
        # ("total up" summed a field 'up')
        ("from topic tap-pours total up the volume_ml per bar_id every hour, print", ["bar_id"],
         ("sum", "volume_ml")),
        ("from topic tap-pours count the pours of each beer_id every day, print", ["beer_id"],
         ("count", None)),
        ("the max grade_pts of each climber_id every hour, from topic wall-ascents, print",
         ["climber_id"], ("max", "grade_pts")),
    ],
)  # fmt: skip
def test_add_up_and_of_each(
    request_text: str, group_by: list[str], agg: tuple[str, str | None]
) -> None:
    window = window_of(request_text)
    assert window["group_by"] == group_by
    assert [(a["fn"], a["field"]) for a in window["aggregates"]] == [agg]


def test_tumbling_said_with_a_slide_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="never overlaps"):
        parse("avg ph per tank_id in tumbling 10 minute windows sliding every minute, from topic "
              "tank-sensors, print")  # fmt: skip


def test_hopping_size_unlabelled_then_slide_labelled() -> None:
    spec = spec_to_dict(
        parse_request(
            "read topic kiln-temps, hopping window 1 hour, slide 15 minutes, per kiln_id, "
            "max temp_c as peak, print"
        )
    )
    window = spec["operators"][0]
    assert (window["size_ms"], window["slide_ms"]) == (3_600_000, 900_000)


@pytest.mark.parametrize(
    ("said", "quantile"),
    [("p95_t = p95 of temp_c", 0.95), ("mid_t = median(temp_c)", 0.5)],
)
def test_percentile_named_before_with_equals_is_an_aggregate(said: str, quantile: float) -> None:
    spec = parse(f"read topic kiln-temps, 5 minute tumbling windows per kiln_id: {said}, print")
    assert [op["kind"] for op in spec["operators"]] == ["window"]
    agg = spec["operators"][0]["aggregates"][0]
    assert (agg["name"], agg["fn"], agg["field"], agg["quantile"]) == (
        said.split(maxsplit=1)[0],
        "quantile",
        "temp_c",
        quantile,
    )


def test_terse_key_label_after_the_window_groups() -> None:
    window = window_of(
        "read topic kiln-temps, window: tumbling 15 minutes, key kiln_id, avg of temp_c as "
        "avg_t, print"
    )
    assert window["group_by"] == ["kiln_id"]


def test_key_label_after_a_sink_is_its_message_key_not_a_group() -> None:
    spec = parse(
        "read topic kiln-temps, hourly tumbling window per site, count as n, output kafka topic "
        "kiln-counts, key site"
    )
    assert spec["operators"][0]["group_by"] == ["site"]
    assert spec["sinks"][0]["key"] == "site"


@pytest.mark.parametrize(
    "said",
    [
        "a 15 minute window that moves every minute per kiln_id",
        "per kiln_id over 15 minute windows with a 1-minute step",
        "per kiln_id in hopping 15m/1m windows",
        "a rolling view: a 15 minute window that moves every minute, per kiln_id",
        "per kiln_id over a 15 minute window stepping every minute",
        "per kiln_id refreshed every minute over the last 15 minutes",
        "a rolling 15 minute window per kiln_id with a 1-minute step",
    ],
)
def test_hopping_window_described_in_words(said: str) -> None:
    """A window that moves, said by its motion ("moves every"), its step after a duration, or
    size/slide joined by a slash; "a rolling view" is that window, read with it."""
    window = window_of(f"read topic kiln-temps, {said}, avg of temp_c as avg_t, print")
    assert (window["type"], window["size_ms"], window["slide_ms"]) == ("hopping", 15 * MIN, MIN)
    assert window["group_by"] == ["kiln_id"]


def test_slashed_hop_with_the_slide_longer_than_the_size_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="multiple of its slide"):
        parse("read topic kiln-temps, hopping 5m/30m by kiln_id, avg of temp_c as avg_t, print")


def test_fifteen_minute_steps_stay_fixed_windows() -> None:
    """Only the singular 'step' after a duration is a slide: "in 15 minute steps" is the
    fixed windows it always was."""
    window = window_of("read topic kiln-temps, avg temp_c per kiln_id in 15 minute steps, print")
    assert (window["type"], window["size_ms"]) == ("tumbling", 15 * MIN)


def test_each_window_and_each_field_groups_by_the_field() -> None:
    """ "for each 10 minute interval and each kiln_id": the window and a group in one list."""
    window = window_of(
        "For each 10 minute interval and each kiln_id, report the average temp_c; read "
        "kiln-temps, write topic kiln-10m"
    )
    assert (window["type"], window["size_ms"], window["group_by"]) == (
        "tumbling",
        10 * MIN,
        ["kiln_id"],
    )


def test_a_name_given_first_as_the_aggregate_of_a_field() -> None:
    spec = spec_to_dict(
        parse_request(
            "read kiln.temps, every 5 minutes per kiln_id compute avg_temp as the average of "
            "temp_c and max_temp as the max of temp_c, print to stdout"
        )
    )
    aggs = spec["operators"][0]["aggregates"]
    assert [(a["name"], a["fn"], a.get("field")) for a in aggs] == [
        ("avg_temp", "avg", "temp_c"),
        ("max_temp", "max", "temp_c"),
    ]


def test_a_metric_word_as_the_name_after_an_aggregate_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="as the count"):
        parse_request("read kiln.temps, every 5 minutes sum heat_kwh as the count, print to stdout")


def test_naming_the_result_after_a_comma_names_the_one_aggregate() -> None:
    spec = spec_to_dict(
        parse_request(
            "read kiln.loads and per kiln_id sum load_kg every 10 minutes, naming the result "
            "kg_10m. Print to stdout."
        )
    )
    assert spec["operators"][0]["aggregates"][0]["name"] == "kg_10m"


@pytest.mark.parametrize(
    "asked, group",
    [
        ("How many distinct readers (reader_id) borrow at each branch_id per day?", "branch_id"),
        ("How many unique drivers (driver_id) stop each depot_id per hour?", "depot_id"),
        ("How many different pilots (pilot_id) land each airfield per hour?", "airfield"),
    ],
)
def test_a_verb_after_a_distinct_count_goes_with_each_group(asked: str, group: str) -> None:
    """ "how many unique X (x_id) <verb> [at] each <group>": the verb says what the counted
    things do in the group; read with the group, any verb."""
    spec = parse(f"{asked} Read topic gate-log, write to topic gate-stats")
    win = spec["operators"][0]
    assert win["group_by"] == [group]
    assert win["aggregates"][0]["fn"] == "count_distinct"


def test_a_noun_after_a_top_n_is_no_verb_before_each() -> None:
    """Only an aggregate's phrase takes the verb: 'keep the top 3 items in each shop' stays the
    top-N's (since h28/agg5 'items' names item_id of the grouping's list: ranked in each shop)."""
    ops = parse(
        "From topic sales, count sales per shop and item_id every hour, keep the top 3 "
        "items in each shop, to topic out"
    )["operators"]
    assert [op["kind"] for op in ops] == ["window", "top_n"]
    assert (ops[0]["aggregates"][0]["fn"], ops[1]["per"]) == ("count", ["shop"])


# h27/xh3: "<name> as the <superlative> <field_name>" after a name defined first is that
# aggregate's definition; after an aggregate it stays a name said with 'the' (refused)
def test_name_as_the_superlative_field_defines_the_aggregate() -> None:
    spec = parse(
        "from topic hydro, per tower_id every 15 minutes compute avg_ph as the average of ph "
        "and min_ec as the lowest ec_ms, print"
    )
    aggs = spec["operators"][0]["aggregates"]
    assert [(a["name"], a["fn"], a["field"]) for a in aggs] == [
        ("avg_ph", "avg", "ph"),
        ("min_ec", "min", "ec_ms"),
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic t, per tower_id every 15 minutes sum amount_eur as the average price_eur, print",
        "from topic t, per tower_id every 15 minutes count records as the total amount_eur, print",
    ],
)
def test_aggregate_as_the_metric_field_stays_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


# h27/xh3: "keep only <groups> above N" after a window per <group>_id is a threshold on the
# groups, never a record filter on a field named after them (it was 'lots lt 90', exit 0)
@pytest.mark.parametrize(
    "request_text, having",
    [
        ("From topic brew-temps, avg temp_c per batch_id every 10 minutes, keep only batches "
         "above 24, to topic warm-batches", ("avg_temp_c", "gt", 24.0)),
        ("From topic line-yields, avg yield_pct per line_id every hour, only lines under 95 "
         "percent, to topic weak-lines", ("avg_yield_pct", "lt", 95.0)),
    ],
)  # fmt: skip
def test_groups_threshold_after_keep_only(
    request_text: str, having: tuple[str, str, float]
) -> None:
    window = window_of(request_text)
    assert (
        window["having"]["aggregate"],
        window["having"]["op"],
        window["having"]["value"],
    ) == having


@pytest.mark.parametrize(
    "request_text",
    [
        # 'lots' is no field; which aggregate's groups? (refused, was a filter on 'lots')
        "From topic die-tests, avg yield_pct per lot_id every hour, keep only lots under 90, "
        "to topic low-yield-lots",
        # percent of a field in another unit
        "From topic line-temps, avg temp_c per line_id every hour, only lines under 95 percent, "
        "to topic cool-lines",
    ],
)
def test_groups_threshold_unreadable_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


@pytest.mark.parametrize(("slash", "size_ms"), [("/ hour", 3_600_000), ("/ 15 min", 900_000)])
def test_a_slash_before_a_duration_is_per_window(slash: str, size_ms: int) -> None:
    """'avg x by k / 15 min': the slash said as 'per'; after a unit of measure ("80 km / hour")
    it is a rate, never a window."""
    spec = parse(f"bins.fill -> avg fill_pct by bin_id {slash} -> topic bins.fill-avg")
    window = spec["operators"][0]
    assert (window["size_ms"], window["group_by"]) == (size_ms, ["bin_id"])
    kept = parse("from topic trucks keep pings where speed_kmh is above 80 km / hour, print")
    assert [op["kind"] for op in kept["operators"]] == ["filter"]


def test_a_column_name_then_a_colon_names_the_aggregate_after_it() -> None:
    """'produce peak_bar: the max of x, low_bar: the min of x': a name with '_' (or a digit), a
    colon, then its definition; a plain word before a colon is a label, never the name."""
    said = "From topic press.readings, per press_id every 5 minutes "
    aggs = parse(
        said + "produce peak_bar: the max of bar, p10_bar: the 10th percentile of bar. print"
    )["operators"][0]["aggregates"]
    assert [(a["name"], a["fn"]) for a in aggs] == [("peak_bar", "max"), ("p10_bar", "quantile")]
    aggs = parse(said + "output: the max of bar. print")["operators"][0]["aggregates"]
    assert [a["name"] for a in aggs] == ["max_bar"]


@pytest.mark.parametrize("ask", ["could you", "can you", "would you", "can we", "will you"])
def test_a_modal_asking_ends_the_group_list(ask: str) -> None:
    """'per station_id, could you take the max ...': the question that asks for the aggregate
    ends the list, never a second group field 'could_you'."""
    window = window_of(
        f"The sensors stream to volcano.readings. Every 10 minutes per station_id, {ask} take "
        "the max amplitude_um as peak, to kafka topic volcano.peaks"
    )
    assert window["group_by"] == ["station_id"]


@pytest.mark.parametrize(
    ("request_text", "name", "fn"),
    [
        (
            "from topic t every 10 minutes take the average temp_c per kiln_id, call it avg_temp, "
            "print",
            "avg_temp",
            "avg",
        ),
        (
            "read topic t; per rig_id every minute compute the max rpm; name it peak_rpm; print",
            "peak_rpm",
            "max",
        ),
        (
            "from topic t hourly give me the 90th percentile of wait_s per gate, call it p90_wait. "
            "print",
            "p90_wait",
            "quantile",
        ),
    ],
)
def test_call_it_named_by_its_function_names_the_aggregate(
    request_text: str, name: str, fn: str
) -> None:
    """h29/agg6: ", call it <name>" right after an aggregate, the name carrying that
    aggregate's function word, names the aggregate (listed), never the pipeline."""
    spec = parse_request(request_text)
    (agg,) = window_of(request_text)["aggregates"]
    assert (agg["name"], agg["fn"]) == (name, fn)
    assert spec.name != name
    assert any("read as the name of the aggregate" in a for a in spec.assumptions)


@pytest.mark.parametrize(
    "request_text",
    [
        # another function's word, a bare "n", or "and call it": still asked
        "from topic t every 10 minutes take the average temp_c per kiln_id, call it max_temp, print",
        "from topic t every 10 minutes count orders per customer_id, name it n_orders, print",
        "from topic t every 10 minutes sum amount per store_id and call it total_amount, print",
    ],
)
def test_call_it_not_named_by_its_function_stays_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="aggregate or of the pipeline"):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("before", "name", "names_it"),
    [
        # h32/t53: a sentence of its own after the aggregate's ("...tide_gauge? name it p95_x")
        (
            "p95 of level_cm per sensor_id over 10-minute windows from yard.gauge? ",
            "p95_level",
            True,
        ),
        ("max cpu_pct per host_id every minute.  ", "max_cpu", True),
        ("max cpu_pct per host_id every minute. ", "cpu_monitor", False),
        # (a dot inside a topic's name ends no sentence; a comma right after still counts)
        ("average wait_s per ride_id from park.rides, ", "avg_wait", True),
    ],
)
def test_call_it_names_aggregate_after_a_sentence(before: str, name: str, names_it: bool) -> None:
    assert call_it_names_aggregate(before, name) is names_it


def test_look_back_over_the_last_reads_the_window_size() -> None:
    window = window_of(
        "Every 5 minutes, look back over the last 30 minutes of topic t and sum amount per "
        "shop_id. Print it."
    )
    assert (window["type"], window["size_ms"], window["slide_ms"]) == ("hopping", 30 * MIN, 5 * MIN)


def test_groups_threshold_without_a_noun_before_a_count_ranking() -> None:
    """h29/agg6: "keep Xs with at least 5, then the top 3 by count": the threshold is on the
    window's one count (the ranking's "count" is that count, not one more aggregate)."""
    request = (
        "From topic t every hour count pings per rig_id, keep rigs with at least 5, then the top "
        "3 by count, print"
    )
    window = window_of(request)
    assert window["having"] == {"aggregate": "ping_count", "op": "ge", "value": 5.0}
    with pytest.raises(RequestNotUnderstood, match="least 5"):
        parse_request(request.replace("by count", "by total load"))


@pytest.mark.parametrize("verb", ["add", "adding", "include"])
def test_add_before_an_aggregate_lists_one_more(verb: str) -> None:
    """h29/agg6: "count them per x as n, add the average y as avg_y": 'add' (like 'take',
    'give') is read only when an aggregate follows it; 'add the coach names' stays unread."""
    window = window_of(
        f"Read topic t; count them per club_id every hour as visits, {verb} the average "
        "stay_min as avg_stay, print"
    )
    assert [(a["name"], a["fn"]) for a in window["aggregates"]] == [
        ("visits", "count"),
        ("avg_stay", "avg"),
    ]
    with pytest.raises(RequestNotUnderstood, match="coach names"):
        parse_request(
            "Read topic t; count them per club_id every hour as visits, add the coach names, print"
        )


# --- h30/t45: pure helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "ms"), [("hour-long", HOUR), ("day-long", 24 * HOUR), ("minute-long", MIN)]
)
def test_h30_t45_unit_long_is_one_unit(said: str, ms: int) -> None:
    from generator.parse.rules.quantities import DUR_RE, dur_ms

    assert DUR_RE.fullmatch(said)
    assert dur_ms(said) == ms


@pytest.mark.parametrize(
    ("text", "hop"),
    [
        ("Our moving heads report temp_c", False),
        ("the moving trucks", False),
        ("a moving 5 min average", True),
        ("moving average of temp_c", True),
        ("windows moving every 5 minutes", True),
    ],
)
def test_h30_t45_moving_is_a_window_word_only_before_a_window(text: str, hop: bool) -> None:
    from generator.parse.rules.windows import HOP_WORD

    assert bool(HOP_WORD.search(text)) is hop


@pytest.mark.parametrize(
    "word, selects",
    [("expensive", True), ("automated", True), ("northern", True), ("coffee", False),
     ("bus", False), ("speed", False), ("hospital", False)],
)  # fmt: skip
def test_adjective_ending_before_a_group_noun(word: str, selects: bool) -> None:
    """h30/wrong11: an adjective before the ranked groups' noun may select some of them."""
    from generator.parse.rules.lexicon import ADJECTIVE_ENDING

    assert (ADJECTIVE_ENDING.search(word) is not None) == selects


# h31/agg8: the patterns behind names said in new places and "do hourly buckets"
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("(min_kg, max_kg, p90_kg)", "min_kg, max_kg, p90_kg"),
        ("(min_c and max_c)", "min_c and max_c"),
        ("(lo / hi)", "lo / hi"),
        ("(hut_id)", None),  # one name: a field in parentheses, never a list of names
    ],
)
def test_paren_names(text: str, names: str | None) -> None:
    from generator.parse.rules.aggregate_names import PAREN_NAMES

    m = PAREN_NAMES.fullmatch(text)
    assert (m["names"] if m else None) == names


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("count check-ins", True),
        ("count the sign-ups", True),
        ("count turnstile entries", True),
        ("count amount", False),
    ],
)
def test_counted_noun(text: str, counted: bool) -> None:
    from generator.parse.rules.aggregate_names import _COUNTED_NOUN

    assert bool(_COUNTED_NOUN.search(text)) is counted


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("x, do \x00\x00\x00 buckets", "do"),
        ("and make \x00\x00\x00", "make"),
        ("do a refund check", None),
    ],
)
def test_do_windows(text: str, verb: str | None) -> None:
    from generator.parse.rules.windows import DO_WINDOWS

    m = DO_WINDOWS.search(text)
    assert (m["verb"] if m else None) == verb


@pytest.mark.parametrize(
    ("text", "name", "total"),
    [
        (" in total, named total_kg,", "total_kg", True),
        (", called avg_basket from", None, None),
        (", called avg_basket, from", "avg_basket", False),
        (" named total_km", "total_km", False),
    ],
)
def test_ranked_named(text: str, name: str | None, total: bool | None) -> None:
    from generator.parse.rules.top_n import RANKED_NAMED

    m = RANKED_NAMED.match(text)
    assert (m["name"] if m else None) == name
    if m:
        assert bool(m["total"]) is total


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("median", ("quantile", 0.5)),
        ("p50", ("quantile", 0.5)),
        ("95th percentile", ("quantile", 0.95)),
        ("99th-percentile", ("quantile", 0.99)),
        ("mean", ("avg", None)),
        ("average", ("avg", None)),
        ("peak", ("max", None)),
        ("total", ("sum", None)),
    ],
)
def test_fn_said_h32(word: str, said: tuple[str, float | None]) -> None:
    from generator.parse.rules.aggregate_phrases import fn_said

    assert fn_said(word) == said


@pytest.mark.parametrize(
    ("text", "slide"),
    [
        (", advancing hourly, per k", "hourly"),
        (" that slide daily.", "daily"),
        (", refreshed hourly", "hourly"),
        (" moving forward daily and", "daily"),
        # the adverb before a noun is the window's size, never its slide
        (" sliding hourly windows", None),
        (" sliding hourly totals", None),
    ],
)
def test_slide_adverb_h32(text: str, slide: str | None) -> None:
    from generator.parse.rules.windows import SLIDE_ADVERB

    m = SLIDE_ADVERB.match(text)
    assert (m["w"] if m else None) == slide


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("weekly report per room_id", "report"),
        ("a daily summary per store_id", "summary"),
        ("the hourly rollups", "rollups"),
        ("a daily report of refunds", None),
        ("the daily summary for finance", None),
    ],
)
def test_cadence_report_h32(text: str, noun: str | None) -> None:
    from generator.parse.rules.aggregates import CADENCE_REPORT

    m = CADENCE_REPORT.search(text)
    assert (m["noun"] if m else None) == noun


@pytest.mark.parametrize(
    ("request_text", "fn", "quantile"),
    [
        (
            "from topic t, per k every minute, median (p50) of x as m, print to stdout",
            "quantile",
            0.5,
        ),
        ("from topic t, per k every minute, the average (mean) of x as m, print", "avg", None),
        (
            "from topic t, per k every minute, p95 (95th percentile) of x as m, print",
            "quantile",
            0.95,
        ),
    ],
)
def test_synonym_gloss_read_h32(request_text: str, fn: str, quantile: float | None) -> None:
    (agg,) = window_of(request_text)["aggregates"]
    assert (agg["fn"], agg.get("quantile")) == (fn, quantile)


def test_synonym_gloss_other_fn_refused_h32() -> None:
    with pytest.raises(RequestNotUnderstood, match="name different aggregates"):
        parse("from topic t, per k every minute, median (p90) of x, print to stdout")


@pytest.mark.parametrize(
    ("request_text", "read"),
    [
        (
            "From topic door.scans, per site_id, count the distinct badge_id values scanned as b "
            "every day. Print to stdout.",
            True,
        ),
        (
            "From topic door.events, per site_id, count the distinct badge_id values scanned as b "
            "every day. Print to stdout.",
            False,
        ),
    ],
)
def test_distinct_values_done_h32(request_text: str, read: bool) -> None:
    if read:
        (agg,) = window_of(request_text)["aggregates"]
        assert (agg["name"], agg["fn"]) == ("b", "count_distinct")
    else:
        with pytest.raises(RequestNotUnderstood, match="scanned"):
            parse(request_text)


@pytest.mark.parametrize(
    ("phrase", "name", "field", "values", "restates"),
    [
        ("northbound vehicles", "unique_vehicles", "plate_number", ["northbound"], True),
        ("paid amounts", "total_amount", "amount", ["paid"], True),
        ("pickers", "pickers", "picker_id", [], True),
        ("southbound vehicles", "unique_vehicles", "plate_number", ["northbound"], False),
        ("heavy trucks", "unique_vehicles", "plate_number", [], False),
    ],
)
def test_headline_restates_t54(
    phrase: str, name: str, field: str, values: list[str], restates: bool
) -> None:
    from generator.parse.rules.aggregates import _restates
    from generator.parse.rules.state import Agg, Cond

    stated = Agg(100, "count_distinct", field, name)
    conds = [Cond(0, "x", False, "eq", v) for v in values]
    assert _restates(phrase, stated, conds) is restates


@pytest.mark.parametrize(
    ("before", "wish"),
    [
        ("Finance wants ", True),
        ("The ops team needs the ", True),
        ("Billing would like ", True),
        ("Read topic x and count ", False),
    ],
)
def test_headline_wish_t54(before: str, wish: bool) -> None:
    from generator.parse.rules.aggregates import HEADLINE_WISH

    assert bool(HEADLINE_WISH.match(before)) is wish


# (h33/wrong17) a name in parentheses after plain words is the field only when it restates them
@pytest.mark.parametrize(
    ("fn", "phrase", "name", "restates"),
    [
        ("count_distinct", "visitors", "visitor_id", True),
        ("avg", "temperature", "temp", True),
        ("count_distinct", "customers", "cust_key", True),
        ("sum", "amount", "revenue", False),
        ("count_distinct", "customers", "buyers", False),
    ],
)
def test_field_restates(fn: str, phrase: str, name: str, restates: bool) -> None:
    from generator.parse.rules.aggregates import _field_restates
    from generator.parse.rules.state import Agg

    assert _field_restates(Agg(pos=0, fn=fn, phrase=phrase, name="x"), name) is restates


@pytest.mark.parametrize(
    ("said", "dull"),
    [
        ("aren't interesting", True),
        ("are not interesting", True),
        ("can be ignored", True),
        ("don't matter", True),
        ("are just noise", True),
        ("are interesting", False),
        ("matter", False),
        ("should be kept", False),
    ],
)
def test_dull_words_drop_the_groups(said: str, dull: bool) -> None:
    """h33/agg11: the words after a threshold on the groups that drop them."""
    from generator.parse.rules.aggregate_names import DULL

    assert bool(re.fullmatch(DULL, said, re.I)) is dull


@pytest.mark.parametrize(
    ("text", "hop"),
    [
        ("keep the three slides with the most rides", False),
        ("print the hops totals", False),
        ("10 minute windows, slide 2 minutes", True),
        ("windows that slide every 2 minutes", True),
        ("with a 2 minute slide", True),
        ("hop of five minutes", True),
    ],
)
def test_bare_slide_or_hop_is_a_window_word_only_before_its_slide(text: str, hop: bool) -> None:
    from generator.parse.rules.windows import HOP_WORD

    assert bool(HOP_WORD.search(text)) is hop


@pytest.mark.parametrize(
    ("text", "hop"),
    [
        ("10 minute windows with a step of 2 minutes", True),
        ("10 minute windows, step 2m", True),
        # a numbered step of a ticket or runbook, never a window's step
        ("Runbook step 4 — onboard sales", False),
        ("maglock telemetry (step 3 of 5)", False),
        ("Step 2: count clicks", False),
    ],
)
def test_a_step_is_a_windows_only_before_its_duration(text: str, hop: bool) -> None:
    from generator.parse.rules.windows import HOP_WORD

    assert (HOP_WORD.search(text) is not None) is hop


def test_a_title_ending_names_the_ranked_thing() -> None:
    from generator.parse.rules.lexicon import noun_names_field

    assert noun_names_field("shows", "show_title")
    assert noun_names_field("devices", "device_serial")
    assert not noun_names_field("shows", "show_genre")
    assert not noun_names_field("devices", "device_type")


@pytest.mark.parametrize(
    "said",
    [
        "count_distinct(user_id)",
        "countDistinct(user_id)",
        "uniq(user_id)",
        "n_distinct(user_id)",
        "count_distinct of user_id",
        "COUNT_DISTINCT user_id",
        "nunique user_id",
    ],
)
def test_a_distinct_count_spelt_as_code(said: str) -> None:
    spec = parse_request(
        f"Read topic logins; every 15 minutes per region_code compute {said} as users; "
        "write to kafka active-users"
    )
    (agg,) = spec.operators[0].aggregates
    assert (agg.name, agg.fn, agg.field) == ("users", "count_distinct", "user_id")


def test_an_approximate_distinct_count_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="approx_count_distinct"):
        parse_request(
            "Read topic logins; every 15 minutes per region_code compute "
            "approx_count_distinct(user_id) as users; write to kafka active-users"
        )


def test_a_group_by_date_no_field_holds_is_a_daily_window() -> None:
    spec = parse("Read topic orders, count orders by date, write to ClickHouse analytics.daily")
    (window,) = spec["operators"]
    assert (window["size_ms"], window["group_by"]) == (24 * HOUR, [])
    assert any(
        a.startswith("read the group 'date' as tumbling windows of 1 day")
        for a in spec["assumptions"]
    )


def test_distinct_count_of_a_kind_reads_the_word_as_the_field() -> None:
    # "count distinct species": the kinds a field holds, never a species_id nobody named
    spec = parse("read topic fish.sightings, count distinct species per boat_id every 10 minutes")
    (agg,) = window_of_spec(spec)["aggregates"]
    assert agg["field"] == "species"
    assert not any("an id for each" in note for note in spec["assumptions"])


def test_distinct_count_of_a_plain_noun_lists_the_guessed_id() -> None:
    # "count distinct patrons": the records' patron_id is a guess, so it is listed
    spec = parse("read topic loans, count distinct patrons per branch_id every day, print")
    (agg,) = window_of_spec(spec)["aggregates"]
    assert agg["field"] == "patron_id"
    assert any("'patrons' as the field 'patron_id'" in note for note in spec["assumptions"]), spec[
        "assumptions"
    ]


def window_of_spec(spec: dict[str, Any]) -> dict[str, Any]:
    (op,) = [op for op in spec["operators"] if op["kind"] == "window"]
    return op


def test_top_rows_by_metric_ranks_all_groups_listed() -> None:
    # "keep the top 5 rows by revenue": the window's rows, all its groups ranked together (as
    # "the top 5 by revenue"), which the reading lists
    spec = parse(
        "read cinema.sales, hourly sum amount as revenue per site_id and item_sku, keep the top "
        "5 rows by revenue, write to stdout"
    )
    assert spec["operators"][-1]["kind"] == "top_n"
    assert "per" not in spec["operators"][-1] or not spec["operators"][-1]["per"]
    assert any("ranks all (site_id, item_sku)" in a for a in spec["assumptions"])


def test_late_should_still_count_is_grace_not_count() -> None:
    spec = parse(
        "From shop.orders: per store_id in hourly tumbling windows, the sum of amount as "
        "revenue. Orders up to 5 minutes late should still count. Print to stdout."
    )
    window = spec["operators"][0]
    assert window["grace_ms"] == 5 * MIN
    assert [a["fn"] for a in window["aggregates"]] == ["sum"]


# (h48/t100) an opening question or title restating the request's aggregates adds none of its own
@pytest.mark.parametrize(
    ("request_text", "names", "assumed"),
    [
        (
            "How many students attend each class? From dojo.checkins, per class_id per day, "
            "count distinct student_id as students. ClickHouse dojo.class_attendance.",
            ["students"],
            "read the opening 'How many students attend each class?' as what the request asks "
            "in plain words (students)",
        ),
        (
            "Minimum manning check: from tug.scans, per tug_id per hour, count distinct crew_id "
            "as crew. ClickHouse harbour.crews.",
            ["crew"],
            "read the opening 'Minimum manning check' as the job's title (its aggregates: crew)",
        ),
    ],
)
def test_opening_said_again_t100(request_text: str, names: list[str], assumed: str) -> None:
    spec = parse_request(request_text)
    assert [a["name"] for a in window_of(request_text)["aggregates"]] == names
    assert any(assumed in a for a in spec.assumptions), spec.assumptions
