"""Rule parser: expression filters (or, text matching, null tests), computed fields (map) and
projections (select)."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def ops(request: str) -> list[dict[str, Any]]:
    return list(parse(request)["operators"])


WHERE = [
    ("from topic payments keep records where status = 'failed' or amount > 10000, print",
     'status == "failed" or amount > 10000'),
    ("from topic readings keep readings where temperature is above forty or humidity is below "
     "ten, print", "temperature > 40 or humidity < 10"),
    ("from topic orders keep orders where status in ('paid', 'shipped') or amount > 1000, print",
     'status in ["paid", "shipped"] or amount > 1000'),
    ("from topic logs keep lines where message contains 'timeout', print",
     'contains(message, "timeout")'),
    ("from topic logs keep lines where message does not contain 'debug', print",
     'not contains(message, "debug")'),
    ("from topic clicks where page_url begins with '/checkout', print",
     'startswith(page_url, "/checkout")'),
    ("from topic signups drop signups whose email ends with '@test.com', print",
     'not endswith(email, "@test.com")'),
    ("from topic tx exclude records where country = 'US' and amount < 5, print",
     'not (country == "US" and amount < 5)'),
    ("from topic orders keep records where coupon_code is null, print", "coupon_code is None"),
    ("from topic users where name does not start with 'test', print",
     'not startswith(name, "test")'),
    ("from topic sites drop sites whose domain doesn't end with '.com', print",
     'endswith(domain, ".com")'),
    ("from topic orders where note contains 'urgent' or priority > 3, print",
     'contains(note, "urgent") or priority > 3'),
    ("from topic users keep records where email is missing or phone is missing, print",
     "email is None or phone is None"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "where"), WHERE)
def test_expression_filters(request_text: str, where: str) -> None:
    assert ops(request_text) == [{"kind": "filter", "where": where}]


def test_keep_where_and_stays_two_simple_filters() -> None:
    assert ops(
        "from topic payments keep records where status = 'paid' and amount > 500, print"
    ) == [
        {"kind": "filter", "field": "status", "op": "eq", "value": "paid"},
        {"kind": "filter", "field": "amount", "op": "gt", "value": 500.0},
    ]


@pytest.mark.parametrize(
    ("request_text", "op", "values"),
    [
        ("from topic logs keep only entries whose level is ERROR or FATAL, print", "in",
         ["ERROR", "FATAL"]),
        ("from topic logs where level is WARN, ERROR or FATAL, print", "in",
         ["WARN", "ERROR", "FATAL"]),
        ("from topic orders where status is not cancelled or refunded, print", "not_in",
         ["cancelled", "refunded"]),
    ],
)  # fmt: skip
def test_or_between_values_of_one_field_is_a_list(
    request_text: str, op: str, values: list[str]
) -> None:
    [f] = ops(request_text)
    assert (f["op"], f["value"]) == (op, values)


def test_or_before_another_comparison_is_not_a_list() -> None:
    [f] = ops("from topic orders where status is paid or amount > 5, print")
    assert f["where"] == 'status == "paid" or amount > 5'


def test_that_have_a_comparison_is_not_a_presence_test() -> None:
    # once read as "amoun is not null" and "t > 100"
    assert ops(
        "from topic orders keep orders that have amount > 100 or priority = 'high', print"
    ) == [{"kind": "filter", "where": 'amount > 100 or priority == "high"'}]


def test_a_null_test_makes_the_field_optional() -> None:
    spec = parse("from topic orders keep records where coupon_code is null, print")
    [field] = [f for f in spec["schema"]["fields"] if f["name"] == "coupon_code"]
    assert field["required"] is False


def test_or_between_window_thresholds_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="window threshold"):
        parse(
            "from topic logins count logins per user_id every minute, emit when the count is "
            "more than 5 or the count is less than 1, print"
        )


def test_a_text_match_needs_a_field() -> None:
    with pytest.raises(RequestNotUnderstood, match="did not understand"):
        parse("from topic app-logs keep messages that contain 'timeout' and print")


@pytest.mark.parametrize(
    ("words", "where"),
    [
        ("message is like '%ERR%'", 'contains(message, "ERR")'),
        ("message like 'ERR%'", 'startswith(message, "ERR")'),
        ("message LIKE '%ERR'", 'endswith(message, "ERR")'),
        ("message not like '%ERR%'", 'not contains(message, "ERR")'),
    ],
)
def test_like_with_percent_is_a_text_match(words: str, where: str) -> None:
    spec = parse(f"from topic logs keep lines where {words} and print them")
    assert spec["operators"] == [{"kind": "filter", "where": where}]


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("message like 'E_R%'", "does not read the LIKE pattern"),
        ("message like '%E%R%'", "does not read the LIKE pattern"),
        ("message like 'ERR'", "LIKE, regex"),
        ("message ilike '%err%'", "LIKE, regex"),
    ],
)
def test_other_like_patterns_stay_refused(words: str, message: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=message):
        parse(f"from topic logs keep lines where {words} and print them")


MAPS = [
    ("from topic orders, price * quantity as total, print", "total", "price * quantity"),
    ("from topic orders, compute total = price * quantity, print", "total", "price * quantity"),
    ("from topic orders, add a field total as price * quantity, print", "total",
     "price * quantity"),
    ("from topic orders, calculate total as price times quantity, print", "total",
     "price * quantity"),
    ("from topic orders, compute net = price - discount, print", "net", "price - discount"),
    ("from topic orders, price + tax as gross, print", "gross", "price + tax"),
    ("from topic orders, compute half = price divided by two, print", "half", "price / 2"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "name", "expr"), MAPS)
def test_computed_fields(request_text: str, name: str, expr: str) -> None:
    assert ops(request_text) == [{"kind": "map", "fields": [{"name": name, "expr": expr}]}]


def test_computed_field_operands_join_the_schema_as_numbers() -> None:
    spec = parse("from topic lines, compute line_total = price * qty, print")
    types = {f["name"]: f["type"] for f in spec["schema"]["fields"]}
    assert (types["price"], types["qty"]) == ("float", "int")
    assert "line_total" not in types  # computed, not read from the input


def test_filter_on_a_computed_field_follows_the_map() -> None:
    kinds = [op["kind"] for op in ops(
        "from topic lines, compute line_total = price * qty, keep lines where line_total > 100, "
        "print"
    )]  # fmt: skip
    assert kinds == ["map", "filter"]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic orders, (price - discount) * qty as total, print",
        "from topic orders keep records where amount = price * 2, print",
    ],
)
def test_arithmetic_it_cannot_read_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="computed field"):
        parse(request_text)


def test_computed_field_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="cannot compute 'x'"):
        parse("from topic payments, compute x = status * 2, print")


SELECTS = [
    ("from topic orders keep only order_id, customer and total, print",
     {"keep": ["order_id", "customer", "total"]}),
    ("from topic orders keep the fields order_id and total, print",
     {"keep": ["order_id", "total"]}),
    ("from topic events drop the payload field, print", {"drop": ["payload"]}),
    ("from topic events remove fields payload and debug_info, print",
     {"drop": ["payload", "debug_info"]}),
    ("from topic users rename usr to user_id, print", {"rename": {"usr": "user_id"}}),
    ("from topic users rename usr to user_id and nm to name, print",
     {"rename": {"usr": "user_id", "nm": "name"}}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "select"), SELECTS)
def test_projections(request_text: str, select: dict[str, Any]) -> None:
    assert ops(request_text) == [
        {"kind": "select", "keep": None, "drop": None, "rename": {}, **select}
    ]


def test_or_before_a_parenthesis_is_one_expression_not_split() -> None:
    # read as two filters, "A or (B)" would become "A and B"
    assert ops("from topic orders keep orders where total > 100 or (status = 'vip'), print") == [
        {"kind": "filter", "where": 'total > 100 or status == "vip"'}
    ]


def test_and_before_a_parenthesised_or_is_one_expression() -> None:
    assert ops(
        "read topic donations, keep a donation if volume_ml >= 450 and (blood_type = 'O-' or "
        "rh_factor = 'negative'), print"
    ) == [
        {
            "kind": "filter",
            "where": 'volume_ml >= 450 and (blood_type == "O-" or rh_factor == "negative")',
        }
    ]


def test_mixed_connectives_inside_parentheses_are_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="cannot combine"):
        parse("from topic orders keep where total > 100 and (a = 1 or b = 2 and c = 3), print")


def test_keep_and_drop_name_fields_before_the_rename() -> None:
    assert ops(
        "from topic orders, rename amount to amount_usd and keep only order_id and amount_usd, "
        "print"
    ) == [{"kind": "select", "keep": ["order_id", "amount"], "drop": None,
           "rename": {"amount": "amount_usd"}}]  # fmt: skip


def test_keep_list_without_field_names_is_not_a_projection() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse("from topic orders keep only paid and shipped, print")


def test_projection_without_the_event_time_drops_it_and_says_so() -> None:
    spec = parse("from topic orders keep only order_id and total, print")
    assert spec["source"]["event_time"] is None
    assert any("does not keep 'timestamp'" in a for a in spec["assumptions"])


def test_projection_after_a_window_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="after a window"):
        parse("from topic orders count orders per minute, keep only the fields total, print")


def test_keep_and_drop_together_are_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="both keep and drop"):
        parse("from topic orders keep fields order_id and total, drop the payload field, print")


def test_map_filter_and_select_in_one_request() -> None:
    spec = parse(
        "from topic orders keep orders where status = 'paid' or amount > 1000, compute total = "
        "price * quantity, keep only order_id and total, store in ClickHouse table shop.totals"
    )
    assert [op["kind"] for op in spec["operators"]] == ["filter", "map", "select"]
    [sink] = spec["sinks"]
    assert set(sink["order_by"]) <= {"order_id", "total"}


@pytest.mark.parametrize(
    ("request_text", "name", "expr"),
    [
        # "less" as an accountant's minus ("less than" stays a comparison)
        ("from topic weighs compute net_kg = gross_kg less tare_kg, print", "net_kg",
         "gross_kg - tare_kg"),
        # "work out", "figure out": compute verbs
        ("from topic orders work out meters times price_per_meter as order_value, print",
         "order_value", "meters * price_per_meter"),
        ("from topic trips figure out total_min = ride_min + wait_min, print", "total_min",
         "ride_min + wait_min"),
        # "add x, which is ...": the name, then what it is
        ("from topic rentals add deposit_left, which is deposit minus damage_fee, print",
         "deposit_left", "deposit - damage_fee"),
        # a ticket's "Derived field:" label
        ("Source: topic weighs\nDerived field: net_kg = gross_kg - tare_kg\nSink: stdout",
         "net_kg", "gross_kg - tare_kg"),
    ],
)  # fmt: skip
def test_computed_field_phrasings_h24(request_text: str, name: str, expr: str) -> None:
    maps = [op for op in ops(request_text) if op["kind"] == "map"]
    assert maps == [{"kind": "map", "fields": [{"name": name, "expr": expr}]}]


def test_less_than_stays_a_comparison() -> None:
    assert ops("from topic weighs keep records where gross_kg is less than 2000, print") == [
        {"kind": "filter", "field": "gross_kg", "op": "lt", "value": 2000.0}
    ]


@pytest.mark.parametrize(
    ("said", "name", "expr"),
    [
        ("computed field fired_kg = grams / 1000", "fired_kg", "grams / 1000"),
        ("derived column net_kg = gross_kg - tare_kg", "net_kg", "gross_kg - tare_kg"),
    ],
)
def test_computed_field_label_without_colon(said: str, name: str, expr: str) -> None:
    [op] = ops(f"read topic kiln-loads, {said}, print")
    assert op["kind"] == "map"
    assert [(f["name"], f["expr"]) for f in op["fields"]] == [(name, expr)]


# --lenient may leave words unread (listed as assumptions), never build a step from them; "X as
# name plus the <aggregate>" lists a second aggregate (h34/agg12: it was refused as a sum)
@pytest.mark.parametrize(
    "request_text",
    [
        "count tickets per production_id as tickets_sold plus the 90th percentile of price_eur "
        "every 10 minutes from topic ticket-sales to topic sales-stats",
        "sum kwh per meter_id as kwh_total plus the peak of load_kw every hour from topic "
        "meter-reads to topic meter-hourly",
    ],
)
def test_lenient_plus_the_aggregate_is_listed_not_summed(request_text: str) -> None:
    # h34/agg12: "plus the ..." before an aggregate lists it (computed.ARITH_OP), never a sum
    spec = spec_to_dict(parse_request(request_text, lenient=True))
    [op] = spec["operators"]
    assert op["kind"] == "window"
    assert [a["fn"] for a in op["aggregates"]][1] in ("quantile", "max")
    assert not any("is no field" in a for a in spec["assumptions"])


# h32/t51: "add two computed fields: a = ..., b = ...": the label is read when its count is
# the number of fields named after it, and refused (quoting it) otherwise
@pytest.mark.parametrize(
    ("said", "names"),
    [
        (
            "add two computed fields: a_ratio = x_g / y_g and b_sum = x_g + y_g",
            ["a_ratio", "b_sum"],
        ),
        ("compute 2 new columns: a_ratio = x_g / y_g, b_sum = x_g + y_g", ["a_ratio", "b_sum"]),
        ("add computed fields: a_ratio = x_g / y_g", ["a_ratio"]),
    ],
)
def test_counted_computed_fields_label(said: str, names: list[str]) -> None:
    [op] = ops(f"read topic lab-assays, {said}. print")
    assert [f["name"] for f in op["fields"]] == names


def test_counted_computed_fields_label_wrong_count_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="3 computed fields"):
        parse_request("read topic lab-assays, add 3 computed fields: a_ratio = x_g / y_g. print")


# h33/cond11: a definition said with "is" as a whole clause (`computed.NAME_IS`), never under a
# label saying conditions (`computed._under_conditions_label`)
@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("fare_eur is fare_cents divided by 100", True),
        ("- total_minutes is ride_minutes plus wait_minutes", True),
        ("Margin is price minus cost", False),  # a capitalised plain word: a sentence's
        ("keep rows where total is price * 2", False),  # not a clause's start
    ],
)
def test_name_is_definition(text: str, read: bool) -> None:
    from generator.parse.rules.computed import NAME_IS

    assert bool(NAME_IS.search(text)) is read


def test_under_conditions_label() -> None:
    from generator.parse.rules.computed import _under_conditions_label

    text = "Read x; keep only trips where:; total_eur is a_eur * 2"
    assert _under_conditions_label(text, text.index("total_eur"))
    text = "Read x; computed:; total_eur is a_eur * 2"
    assert not _under_conditions_label(text, text.index("total_eur"))
