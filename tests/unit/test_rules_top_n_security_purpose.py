"""Rule parser: top-N per window, Kafka security, CDC history and deletes, purpose clauses."""

from typing import Any

import pytest

from generator.errors import UserError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def refusal(request: str) -> str:
    with pytest.raises(UserError) as info:
        parse_request(request)
    return str(info.value)


TOP_N = [
    ("top 5 pages by views every 10 minutes from topic page-views, print",
     5, "highest", "views", {"fn": "count", "field": None}),
    ("from topic sales, every hour the 3 product_id values with the highest revenue "
     "(sum of amount), print", 3, "highest", "revenue", {"fn": "sum", "field": "amount"}),
    ("latency-events: bottom 3 region by avg latency_ms, 15 min windows -> stdout",
     3, "lowest", "avg_latency_ms", {"fn": "avg", "field": "latency_ms"}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "n", "order", "name", "agg"), TOP_N)
def test_top_n_follows_a_window_and_ranks_by_its_aggregate(
    request_text: str, n: int, order: str, name: str, agg: dict[str, Any]
) -> None:
    ops = parse(request_text)["operators"]
    assert [op["kind"] for op in ops] == ["window", "top_n"]
    window, top = ops
    assert top == {"kind": "top_n", "n": n, "order": order, "order_by": name}
    ranked = next(a for a in window["aggregates"] if a["name"] == name)
    assert {k: ranked[k] for k in agg} == agg
    assert len(window["group_by"]) == 1


def test_top_n_without_a_period_says_which_window_it_assumed() -> None:
    spec = parse("top 5 pages by views from topic page-views, print")
    assert spec["operators"][0]["size_ms"] == 60_000
    assert "no window size given; using 1-minute tumbling windows" in spec["assumptions"]


def test_top_n_with_an_unreadable_metric_is_refused_quoting_it() -> None:
    message = refusal("from topic sales top 3 stores by vibes (the general feel) every hour, print")
    assert "cannot tell which aggregate ranks the rows" in message
    assert "top 3 stores by vibes" in message


BUSIEST = [
    # a ranking word before the count is read in the usual order
    ("from topic rides, count rides per station_id every hour and keep the busiest three, print",
     3, "highest", "ride_count"),
    ("from topic rides, count rides per station_id every hour, only the 2 quietest, print",
     2, "lowest", "ride_count"),
    # busy says how many records: the window's one count ranks, beside another aggregate
    ("from topic rides, count rides and sum fare per station_id every hour, keep the 4 busiest, "
     "print", 4, "highest", "ride_count"),
    ("from topic orders, sum amount per customer_id per day and keep the biggest five, print",
     5, "highest", "sum_amount"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "n", "order", "order_by"), BUSIEST)
def test_a_bare_busiest_ranks_by_the_windows_count(
    request_text: str, n: int, order: str, order_by: str
) -> None:
    top = parse(request_text)["operators"][-1]
    assert top == {"kind": "top_n", "n": n, "order": order, "order_by": order_by}


def test_a_bare_busiest_without_a_count_of_records_is_refused() -> None:
    message = refusal(
        "from topic rides, sum fare per station_id every hour, keep the 3 busiest, print"
    )
    assert "ranked by how many records each group has" in message
    assert "no count of records (sum_fare)" in message


def test_a_ranking_word_before_a_unit_is_not_a_top_n() -> None:
    message = refusal("from topic kilns, the slowest 5 minute average of fire_s per kiln_id, print")
    assert "did not understand: 'slowest'" in message


SECURITY = [
    ("read topic payments over SASL_SSL with SCRAM-SHA-512, CA file /etc/kafka/ca.pem, and print",
     {"security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
      "ssl_cafile": "/etc/kafka/ca.pem"}),
    ("topic metrics (SASL_PLAINTEXT, SCRAM-SHA-256) -> stdout",
     {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-256"}),
    ("Our cluster needs SASL PLAIN authentication over SSL. Read topic invoices and print them.",
     {"security_protocol": "SASL_SSL", "sasl_mechanism": "PLAIN"}),
    ("Connect over TLS (the CA certificate is /etc/ssl/ca.crt) to topic audit and print it",
     {"security_protocol": "SSL", "ssl_cafile": "/etc/ssl/ca.crt"}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected"), SECURITY)
def test_kafka_security(request_text: str, expected: dict[str, str]) -> None:
    source = parse(request_text)["source"]
    assert {k: source.get(k) for k in expected} == expected


def test_sasl_without_tls_or_plaintext_named_is_an_assumption() -> None:
    spec = parse("read topic orders with SASL SCRAM-SHA-256 and print them")
    assert spec["source"]["security_protocol"] == "SASL_SSL"
    assert any("SASL_SSL (SASL over TLS) assumed" in a for a in spec["assumptions"])


def test_sasl_without_a_mechanism_is_refused() -> None:
    assert "name the mechanism" in refusal("read topic orders using SASL authentication, print")


def test_a_country_list_is_not_a_ca_file() -> None:
    spec = parse("from topic clicks keep country in ('US', 'CA', 'MX') and print")
    assert "ssl_cafile" not in spec["source"]


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        (
            "read topic payments with SASL PLAIN user admin password hunter2 and print",
            "credentials never go in the request",
        ),
        ("read topic payments using Kerberos (GSSAPI) and print", "Kerberos, OAuth"),
    ],
)
def test_credentials_and_other_security_are_refused(request_text: str, said: str) -> None:
    assert said in refusal(request_text)


CDC = "replicate the Postgres table accounts(id int, balance float) with Debezium into ClickHouse"


@pytest.mark.parametrize(
    ("tail", "mode", "soft", "engine"),
    [
        ("", "replace", True, "ReplacingMergeTree"),
        (" and keep the full change history", "history", True, "MergeTree"),
        (", deleted rows should stay in the table, flagged as deleted", "replace", True,
         "ReplacingMergeTree"),
        (", and when a row is deleted in Postgres remove it from ClickHouse too", "replace", False,
         "ReplacingMergeTree"),
    ],
)  # fmt: skip
def test_cdc_history_and_deletes(tail: str, mode: str, soft: bool, engine: str) -> None:
    spec = parse(CDC + tail)
    fmt = spec["source"]["format"]
    assert (fmt["mode"], fmt["soft_delete"], spec["sinks"][0]["engine"]) == (mode, soft, engine)


def test_soft_and_hard_deletes_together_are_refused() -> None:
    message = refusal(CDC + " with soft deletes, and remove deleted rows from ClickHouse")
    assert "say one" in message


def test_a_purpose_lead_is_listed_not_dropped() -> None:
    spec = parse(
        "We need alerts from the greenhouse: read topic readings, keep only readings where "
        "humidity > 85 and send them to topic humidity-alerts."
    )
    assert spec["operators"][0]["field"] == "humidity"
    purposes = [a for a in spec["assumptions"] if a.startswith("read as the request's purpose")]
    assert purposes == ["read as the request's purpose, not as a requirement: 'greenhouse'"]
    assert any(r["component"] == "purpose" for r in spec["reading"])


@pytest.mark.parametrize(
    ("request_text", "unread"),
    [
        # the value 500 is only in the purpose: it may be a requirement, so it is not skipped
        ("We only want orders above 500: read topic orders and print them", "500"),
        # a purpose that selects records ("only", "care about") must restate all its words
        ("We care about mobile users: read topic clicks and print them", "mobile users"),
        # a negation only in the purpose
        ("We do not want test traffic: read topic clicks and print them", "test traffic"),
        # a time unit only in the purpose (here read as the window, so its neighbours are unread)
        ("Goal: an hourly report for finance: read topic sales and print them", "report"),
    ],
)
def test_a_purpose_holding_an_unrestated_requirement_is_refused(
    request_text: str, unread: str
) -> None:
    message = refusal(request_text)
    assert "did not understand" in message and unread in message


@pytest.mark.parametrize(
    "request_text",
    [
        "top 5 beer_id by pours and by revenue every day from topic tap-pours, print",
        "top 3 rider_id by avg_speed, then by lap_count, every hour from topic laps, print",
        "the 10 stalls with the most sales or by total_eur per day from topic market, print",
    ],
)
def test_a_top_n_by_two_metrics_is_refused(request_text: str) -> None:
    """A top-N ranks by one metric; a second 'and by' was dropped with exit 0 (h24/gagg)."""
    with pytest.raises(UserError, match="ranks by two metrics"):
        parse_request(request_text)


def test_a_goal_line_holding_the_steps_is_read_as_the_ask() -> None:
    """A ticket's 'Goal:' line that opens with a step (an article, a plural aggregate, a
    group-by on a field, a replica) is the ask itself, not a purpose to restate (h26/goal3)."""
    hourly = parse(
        "Source: shop.orders\nGoal: hourly totals per store_id -> sum of amount as revenue\n"
        "Sink: topic shop.hourly"
    )
    window = hourly["operators"][-1]
    assert window["size_ms"] == 3_600_000 and window["group_by"] == ["store_id"]
    aggregate = window["aggregates"][0]
    assert (aggregate["name"], aggregate["fn"], aggregate["field"]) == ("revenue", "sum", "amount")
    per = parse(
        "Source: gym.checkins\nGoal: per club_id, 10-minute windows: count of visits as visits\n"
        "Sink: topic gym.visits-10m"
    )
    assert per["operators"][-1]["group_by"] == ["club_id"]
    # a group-by with no aggregate or window after it is still refused, never dropped
    assert "per club_id" in refusal(
        "Source: gym.checkins\nGoal: per club_id, a dashboard for the owners\nSink: topic gym.out"
    )


TIMED_TOP = (
    "Read topic pump-readings, sum litres as total_litres per station_id every hour; keep the 3 "
    "stations with the highest total_litres each hour {aside}, and write to topic busy-pumps."
)


def test_how_often_between_the_ranked_metric_and_an_aside_is_the_window() -> None:
    """'the highest total_litres each hour (the duty managers ...)': the metric the request
    named, then how often; the aside is no definition of the metric."""
    spec = spec_to_dict(
        parse_request(TIMED_TOP.format(aside="(the duty managers check in with them)"))
    )
    window, top = spec["operators"]
    assert window["size_ms"] == 3600000
    assert top == {"kind": "top_n", "n": 3, "order_by": "total_litres", "order": "highest"}


def test_an_aside_after_a_timed_ranked_metric_that_selects_is_refused() -> None:
    with pytest.raises(UserError, match="north region"):
        parse_request(TIMED_TOP.format(aside="(only stations in the north region)"))


@pytest.mark.parametrize("ranked", ["seed_id", "seed_ids", "seeds"])
def test_a_bare_top_naming_a_listed_group_is_ranked_within_the_other(ranked: str) -> None:
    """'count ... per plot_id and seed_id, keep the top 2 seed_id within each plot_id': the
    ranked groups said as the field (or its noun) of the grouping's list, then the partition;
    a noun naming no grouped field stays unread (refused)."""
    said = "from topic farm.harvests, every day count harvests per plot_id and seed_id, keep the "
    top = parse(f"{said}top 2 {ranked} within each plot_id. print")["operators"][1]
    assert top == {"kind": "top_n", "n": 2, "order": "highest", "order_by": "harvest_count",
                   "per": ["plot_id"]}  # fmt: skip
    assert "crop_id" in refusal(f"{said}top 2 crop_id within each plot_id. print")


@pytest.mark.parametrize(("said", "fn"), [("summed", "sum"), ("averaged", "avg")])
def test_a_ranking_metric_said_as_a_participle(said: str, fn: str) -> None:
    """'ranked by summed headcount': the aggregate said as a participle before the field; a
    name of more words after it stays refused (where it ends is unclear)."""
    spec = parse(
        f"from topic door-counts every hour the 5 door_id with the highest {said} head_count, print"
    )
    window, top = spec["operators"]
    assert (window["aggregates"][0]["fn"], window["aggregates"][0]["field"]) == (fn, "head_count")
    assert top["order_by"] == window["aggregates"][0]["name"]
    assert "name ends" in refusal(
        f"from topic door-counts every hour the top 5 door_id ranked by {said} head_count seen, print"
    )


def test_the_ranking_measure_restated_in_parentheses() -> None:
    """'the 3 rigs with the most lifts (by lift_count)': the measure's name restated after the
    ranking is read when it is the one ranked by, refused when it names another."""
    said = (
        "from topic crane.lifts every hour count lifts per rig_id as lift_count and take "
        "max(load_t) as peak_load, keep the 3 rigs with the most lifts "
    )
    top = parse(said + "(by lift_count). print")["operators"][1]
    assert (top["n"], top["order_by"]) == (3, "lift_count")
    assert "which measure ranks the groups" in refusal(said + "(by peak_load). print")


def test_per_the_ranked_field_after_the_metric_restates_the_grouping() -> None:
    """'the 2 kilns with the highest average temp_c per kiln_id': the measure per ranked group
    (the grouping restated), never a ranking within each kiln_id; 'in each kiln_id' stays
    refused, and 'per site_id' (another field) is still a ranking within it."""
    said = "from topic kiln_temps every hour keep the 2 kilns with the highest average temp_c "
    window, top = parse(said + "per kiln_id. print")["operators"]
    assert (window["group_by"], "per" in top) == (["kiln_id"], False)
    assert "groups themselves" in refusal(said + "in each kiln_id. print")
    assert parse(said + "per site_id. print")["operators"][1]["per"] == ["site_id"]


def _ops(request: str) -> dict[str, dict[str, Any]]:
    return {op["kind"]: op for op in parse(request)["operators"]}


@pytest.mark.parametrize(
    ("request_text", "order"),
    [
        ("from topic t each day the single best rep_id by total calls_made, print", "highest"),
        ("from topic t each week the single worst shop_code by average score, print", "lowest"),
    ],
)
def test_single_best_or_worst_is_a_top_one(request_text: str, order: str) -> None:
    """h29/agg6: 'the single best X by M' ranks one group; bare 'best' with no count stays
    unread (refused), and so does 'the single best Xs' (a plural)."""
    top = _ops(request_text)["top_n"]
    assert (top["n"], top["order"]) == (1, order)


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic t each day the best rep_id by total calls_made, print",
        "from topic t each day the single best rep_ids by total calls_made, print",
    ],
)
def test_best_without_a_count_stays_refused(request_text: str) -> None:
    assert "did not understand" in refusal(request_text)


def test_by_how_many_they_had_is_the_count() -> None:
    request = (
        "Every day, for each shop_id, rank sku by how many scans they had and keep the top 2. "
        "Read topic scans, print."
    )
    ops = _ops(request)
    assert ops["window"]["group_by"] == ["shop_id", "sku"]  # in the order said
    assert ops == _ops(request.replace("how many scans they had", "the number of scans"))
    assert ops["window"]["aggregates"][0]["fn"] == "count"
    assert ops["top_n"]["per"] == ["shop_id"]


def test_rank_headline_before_the_top_n_said_in_full() -> None:
    request = (
        "Every hour, rank the lanes by pick volume: from topic picks count the picks per lane_id "
        "as pick_count in hourly windows and keep the top 4 lanes by pick_count. Print."
    )
    top = _ops(request)["top_n"]
    assert (top["n"], top["order_by"]) == (4, "pick_count")
    other = request.replace("pick volume", "revenue")
    assert "does not match the top-N said after it" in refusal(other)


def test_loose_measure_before_a_colon_is_the_window_aggregate() -> None:
    """h29/agg6: 'the top 3 Xs by <two loose words>: <the aggregate>' ranks by the window's one
    aggregate (listed); with two aggregates after the colon, which one is asked."""
    request = (
        "every hour give me the top 4 pickers by crates filled: from topic orchard.picks, sum of "
        "crates as total_crates per picker_id, highest first. print"
    )
    top = _ops(request)["top_n"]
    assert (top["n"], top["order"], top["order_by"]) == (4, "highest", "total_crates")
    two = request.replace(" per picker_id", " and the max crates as most_crates per picker_id")
    assert "ranked by which of" in refusal(two)


@pytest.mark.parametrize(
    "metric, definition, fn, name",
    [
        ("jobs finished", "count as jobs_done", "count", "jobs_done"),
        ("total yield_kg", "as total_yield", "sum", "total_yield"),
        ("average level_pct", "as avg_level", "avg", "avg_level"),
    ],
)
def test_metric_named_in_its_parenthesis(metric: str, definition: str, fn: str, name: str) -> None:
    """h30/gchat6: "by jobs finished (count as jobs_done)", "(as total_yield)": the aggregate
    named in the parenthesis, defined there or by the metric itself."""
    from generator.parse.rules.top_n import metric_agg

    agg = metric_agg(0, metric, definition)
    assert agg is not None and (agg.fn, agg.name) == (fn, name)


def test_metric_named_without_a_definition_is_none() -> None:
    """h30/gchat6: "by jobs finished (as jobs_done)": a name, but nothing says what it counts."""
    from generator.parse.rules.top_n import metric_agg

    assert metric_agg(0, "jobs finished", "as jobs_done") is None


@pytest.mark.parametrize(
    "text, per",
    [(" on each river", "river"), (" on every floor", "floor"), (" in each category", "category")],
)
def test_top_n_partition_said_with_on(text: str, per: str) -> None:
    """h30/t46: "on each <group>" after a ranking names its groups, as "in each" does."""
    from generator.parse.rules.top_n import PARTITION_AFTER

    m = PARTITION_AFTER.match(text)
    assert m is not None and m["per"] == per


# h31/misc8: "X wants to see how (long) ...", "uses it to <work verb> ...", who checks the output


@pytest.mark.parametrize(
    "clause, plain",
    [
        ("Clinicians want to see how long people actually wear them in one go", True),
        ("Marketing wants to understand how a skier's day looks", True),
        ("wanna eyeball how the delivery rounds look", True),
        ("Facilities want to see how long each machine runs per shift", False),
        ("The foremen want to see how long the machines run at night", False),
        ("Facilities want to see how long the jammed machines sit idle", False),
        ("Premium wants to see how long each machine runs", False),
        ("We want to see how long machine_id 4 runs", False),
    ],
)
def test_see_how_plain(clause: str, plain: bool) -> None:
    from generator.parse.rules.purpose import _SEE_HOW_CLAUSE, _see_how_plain

    see = _SEE_HOW_CLAUSE.fullmatch(clause)
    assert see is not None
    assert _see_how_plain(see, "read topic x.scans") is plain


def test_see_how_which_is_no_see_how_clause() -> None:
    from generator.parse.rules.purpose import _SEE_HOW_CLAUSE

    assert (
        _SEE_HOW_CLAUSE.fullmatch("The front desk uses this to see which stations are busy") is None
    )


def test_qualifies_records() -> None:
    from generator.parse.rules.purpose import _qualifies_records

    assert _qualifies_records(["chase", "overdue", "invoices"], "read topic acct.invoices")
    assert not _qualifies_records(
        ["trace", "colour", "complaints", "back", "to", "a", "supplier"], "supplier"
    )
    assert not _qualifies_records(["send", "the", "welcome", "pack"], "topic gym.signups")


def test_audience_checks_output_read_as_purpose() -> None:
    spec = parse(
        "Read topic bakery.oven_temps, keep readings where temp_c > 250 and write them to "
        "ClickHouse bakery.hot_ovens. Exactly once please, QA audits these numbers."
    )
    assert spec["operators"][0]["field"] == "temp_c"
    assert "QA audits the EU numbers" in refusal(
        "Read topic bakery.oven_temps, keep readings where temp_c > 250 and write them to "
        "ClickHouse bakery.hot_ovens. QA audits the EU numbers."
    )


@pytest.mark.parametrize(
    ("noun", "field", "names"),
    [
        ("items", "item_sku", True),  # h33/agg11: a SKU names the item
        ("products", "product_sku", True),
        ("stores", "store_id", True),
        ("items", "item_category", False),  # a category of items is not the item
        ("stores", "store_region", False),
    ],
)
def test_noun_names_field_endings(noun: str, field: str, names: bool) -> None:
    from generator.parse.rules.lexicon import noun_names_field

    assert noun_names_field(noun, field) is names


# h34/bg13: who uses the output for their own work, any verb of their trade but a step's or a
# picking one ("to price next summer's cabanas"), and "how long ... before they <verb>"
@pytest.mark.parametrize(
    ("clause", "plain"),
    [
        ("The revenue team uses this to price next summer's cabanas", True),
        ("The pricing folks use it to forecast demand", True),
        ("Finance uses this to price the premium cabanas", False),
        ("Ops uses it to find late orders", False),
        ("The revenue team uses this to price last summer's cabanas", False),
        ("Ops uses this to drop stale cabanas", False),
    ],
)
def test_used_for_their_own_work_h34(clause: str, plain: bool) -> None:
    from generator.parse.rules.purpose import _USED_CLAUSE, _used_plain

    rest = "read topic wp.cabanas and write to clickhouse revenue.spend"
    read = bool(_USED_CLAUSE.fullmatch(clause)) and _used_plain(clause, rest)
    assert read is plain


@pytest.mark.parametrize(
    ("tail", "read"),
    [
        ("Marketing want to know how long folks browse before they buy.", True),
        ("We want to understand how long riders wait until they board.", True),
        ("Marketing want to know how long folks browse before 9am.", False),
        ("Marketing want to know how long folks browse before they buy premium plans.", False),
        ("Marketing want to know how long folks browse before the weekend.", False),
    ],
)
def test_how_long_before_they_do_something_h34(tail: str, read: bool) -> None:
    request = f"read web.clicks, sessionise by visitor_id with a 30 minute gap, print. {tail}"
    if read:
        assert parse_request(request)
    else:
        assert "did not understand" in refusal(request)
