"""Rule parser: filters ("only purchase events", "where amount > 100", "dropping ... zero")."""

import re
from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def filters_of(request: str) -> list[tuple[str, str, Any]]:
    spec = parse(request)
    return [(op["field"], op["op"], op["value"]) for op in spec["operators"]
            if op["kind"] == "filter"]  # fmt: skip


CASES = [
    ("Read events from user_events, keep only purchase events and print",
     [("event_type", "eq", "purchase")]),
    ("from topic 'clicks' where event_type is 'click', print", [("event_type", "eq", "click")]),
    ("from topic 'clicks' where event_type = 'click' print them", [("event_type", "eq", "click")]),
    ("from topic 'orders' dropping entries whose amount is zero, print",
     [("amount", "ne", 0.0)]),
    ("from topic 'orders' with amount greater than 100, print", [("amount", "gt", 100.0)]),
    ("from topic 'orders' where amount > 100 print", [("amount", "gt", 100.0)]),
    ("from topic 'orders' where amount>=100 print", [("amount", "ge", 100.0)]),
    ("from topic 'orders' where the amount is at least 50, print", [("amount", "ge", 50.0)]),
    ("from topic 'orders' where quantity is less than 5, print", [("quantity", "lt", 5)]),
    ("from topic 'orders' where quantity is at most 3, print", [("quantity", "le", 3)]),
    ("from topic 'payments' where status is not 'failed', print", [("status", "ne", "failed")]),
    ("from topic 'payments' where status != 'failed' print", [("status", "ne", "failed")]),
    ("from topic 'clicks' where country in ('US', 'CA'), print",
     [("country", "in", ["US", "CA"])]),
    ("from topic 'clicks' where country is one of US, CA or MX, print",
     [("country", "in", ["US", "CA", "MX"])]),
    ("from topic 'clicks' where country not in ('US'), print", [("country", "not_in", ["US"])]),
    ("from topic 'clicks' where user_id is not null, print", [("user_id", "not_null", None)]),
    ("from topic 'clicks' drop records without a user_id and print",
     [("user_id", "not_null", None)]),
    ("from topic 'clicks' exclude test events and print", [("event_type", "ne", "test")]),
    ("from topic 'clicks' drop heartbeat events, print", [("event_type", "ne", "heartbeat")]),
    ("from topic 'app-logs' keep only ERROR logs and print", [("level", "eq", "ERROR")]),
    ("from topic 'payments' only successful payments, print",
     [("status", "eq", "successful")]),
    ("from topic 'clicks' ignore events where event_type is 'bot', print",
     [("event_type", "ne", "bot")]),
    ("from topic 'orders' filter out records where amount is negative, print",
     [("amount", "ge", 0.0)]),
    ("from topic 'orders' where amount is positive, print", [("amount", "gt", 0.0)]),
    ("from topic 'orders' keep orders whose amount exceeds 1,000 and print",
     [("amount", "gt", 1000.0)]),
    ("from topic 'clicks' where is_test is false, print", [("is_test", "eq", False)]),
    ("from topic 'payments' where status is 'paid' and amount > 100, print",
     [("status", "eq", "paid"), ("amount", "gt", 100.0)]),
    ("from topic 'orders' drop records where amount is 0 or quantity is 0, print",
     [("amount", "ne", 0.0), ("quantity", "ne", 0)]),
    ("from topic 'clicks' only events where event type is 'click', print",
     [("event_type", "eq", "click")]),
    ("from topic 'clicks' purchase events only, print", [("event_type", "eq", "purchase")]),
    ("from topic 'clicks' keep only 'add-to-cart' events, print",
     [("event_type", "eq", "add-to-cart")]),
    ("from topic 'clicks' filter events where country equals 'DE', print",
     [("country", "eq", "DE")]),
    ("from topic 'orders' skip records where quantity < 1, print", [("quantity", "ge", 1)]),
    ("from topic 'orders' keep only records with quantity above 10, print",
     [("quantity", "gt", 10)]),
    ("from topic 'sensor-data' where value is below -40, print", [("value", "lt", -40.0)]),
    ("from topic 'payments' if the status is 'paid' print", [("status", "eq", "paid")]),
    ("from topic 'clicks' only page view events, print", [("event_type", "eq", "page_view")]),
    ("Read logs from topic app-logs, keep only ERROR and WARN logs, and store them in ClickHouse",
     [("level", "in", ["ERROR", "WARN"])]),
    ("from topic 'clicks' keep only click, view or purchase events and print",
     [("event_type", "in", ["click", "view", "purchase"])]),
    ("from topic 'events' deduplicate by event_id over 1 hour, filter to purchases, print",
     [("event_type", "eq", "purchase")]),
    ("from topic 'app-logs' filter for errors and print", [("level", "eq", "error")]),
    ("from topic 'orders' filter orders where amount > 5 and print", [("amount", "gt", 5.0)]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected"), CASES)
def test_filters(request_text: str, expected: list[tuple[str, str, Any]]) -> None:
    assert filters_of(request_text) == expected


def test_unknown_field_is_added_with_its_guessed_type() -> None:
    spec = parse("from topic 'clicks' where region is 'eu', print")
    field = next(f for f in spec["schema"]["fields"] if f["name"] == "region")
    # a field the request names is required: records without it go to the dead-letter topic
    assert (field["type"], field["required"]) == ("string", True)
    assert spec["assumptions"] == [
        "input schema: the clickstream preset, because the request says 'clicks'",
        "field 'region' (filter) is not in the clickstream preset; added it as string",
        "each record is written whole: the fields named here are checked, the others passed on "
        "as they came",
        "the clickstream preset's fields event_id, event_type, user_id, session_id, timestamp are "
        "optional: nothing here reads them and each record is passed on whole, so a record "
        "without them is still written",
    ]


@pytest.mark.parametrize(
    ("request_text", "name", "kind"),
    [
        ("from topic 'clicks' where score > 2.5, print", "score", "float"),
        ("from topic 'clicks' where retries > 3, print", "retries", "int"),
        ("from topic 'clicks' where order_id = 7, print", "order_id", "int"),
        ("from topic 'clicks' where paid_at is not null, print", "paid_at", "timestamp"),
        ("from topic 'clicks' where is_bot is false, print", "is_bot", "bool"),
        ("from topic 'clicks' where total_price > 9, print", "total_price", "float"),
        # ordered against a whole number: a measure, so 90.5 is no type error
        ("from topic 'clicks' where cpu_pct > 90, print", "cpu_pct", "float"),
        ("from topic 'clicks' where floor = 3, print", "floor", "int"),
    ],
)
def test_added_field_type_guess(request_text: str, name: str, kind: str) -> None:
    spec = parse(request_text)
    assert next(f for f in spec["schema"]["fields"] if f["name"] == name)["type"] == kind


def test_value_follows_the_field_type() -> None:
    # country is a string: the number is kept as text; amount is a float
    assert filters_of("from topic 'orders' where category is 42, print") == [
        ("category", "eq", "42")
    ]
    assert filters_of("from topic 'orders' where amount = 42, print") == [("amount", "eq", 42.0)]


def test_domain_word_of_the_input_itself_is_not_a_filter() -> None:
    assert filters_of("from topic 'orders' keep only sales events and store in ClickHouse") == []


def test_filters_run_before_enrichment_and_name() -> None:
    spec = parse(
        "from topic 'clicks' enrich with user profiles from Redis, keep only purchase events, "
        "print"
    )
    assert [op["kind"] for op in spec["operators"]] == ["filter", "enrich"]
    assert spec["name"] == "clicks_enriched"


def test_drop_where_both_hold_is_one_expression() -> None:
    spec = parse("from topic 'orders' drop records where amount is 0 and quantity is 0, print")
    [op] = spec["operators"]
    assert op == {"kind": "filter", "where": "not (amount == 0 and quantity == 0)"}


def test_and_binds_tighter_than_or_and_the_grouping_is_an_assumption() -> None:
    spec = parse(
        "from topic 'orders' keep records where vip = true or amount > 5 and status = 'paid'"
    )
    [op] = spec["operators"]
    assert op == {"kind": "filter", "where": 'vip == True or (amount > 5 and status == "paid")'}
    assert any("'and' binds tighter than 'or'" in a for a in spec["assumptions"])


def test_dropping_a_mixed_and_or_clause_negates_the_whole_expression() -> None:
    spec = parse(
        "from topic 'orders' drop records where status = 'test' or amount < 1 and vip = false"
    )
    [op] = spec["operators"]
    assert op["where"] == 'not (status == "test" or (amount < 1 and vip == False))'


def test_keeping_only_missing_values_is_an_expression() -> None:
    spec = parse("from topic 'orders' keep only records where amount is null, print")
    [op] = spec["operators"]
    assert op["where"] == "amount is None"
    [amount] = [f for f in spec["schema"]["fields"] if f["name"] == "amount"]
    assert amount["required"] is False  # a required field is never null


def test_injected_field_is_refused() -> None:
    with pytest.raises(SpecError, match=r"__import__\('os'\)"):
        parse("from topic 'events' keep only records where `__import__('os')` equals 1, print")


def test_dunder_field_is_refused() -> None:
    with pytest.raises(SpecError, match="__import__"):
        parse("from topic 'events' where __import__ = 1, print")


def test_weak_leader_needs_a_field_like_subject() -> None:
    # "when the window is closed" is not a filter on a field named "window"
    spec = parse("from topic 'orders' count orders per minute, emit when the window is closed")
    assert [op["kind"] for op in spec["operators"]] == ["window"]


def _field_type(spec: dict[str, Any], name: str) -> str:
    return next(f["type"] for f in spec["schema"]["fields"] if f["name"] == name)


def test_a_number_comparison_after_a_null_test_types_the_field_as_a_number() -> None:
    # the null test named the field first (guessed string); "< 5" on a string would compare text
    spec = parse(
        "from topic iot-telemetry, drop readings where battery_pct is null or battery_pct < 5, "
        "sink stdout"
    )
    assert _field_type(spec, "battery_pct") == "float"
    assert {"kind": "filter", "field": "battery_pct", "op": "ge", "value": 5.0} in [
        {k: v for k, v in op.items() if k in ("kind", "field", "op", "value")}
        for op in spec["operators"]
    ]


def test_an_identifier_tested_for_a_prefix_is_text() -> None:
    spec = parse("read topic readings and drop rows whose sensor_id starts with 'TEST', print")
    assert _field_type(spec, "sensor_id") == "string"
    assert spec["operators"][0]["where"] == 'not startswith(sensor_id, "TEST")'


@pytest.mark.parametrize(
    ("request_text", "words"),
    [
        # an exception to a drop keeps records; read as one more drop it dropped them too
        ("from topic orders drop orders where amount < 5 unless status = 'vip', print",
         "an exception ('unless'"),
        ("from topic orders drop orders where amount < 5 except when status = 'vip', print",
         "an exception ('except when'"),
        # 'if A, B': B holds only when A does
        ("from topic orders keep orders where status = 'paid' and, if amount > 100, "
         "country = 'US', print", "a condition that holds only when another does"),
        # after a drop, or before a final 'or', commas do not say how conditions combine
        ("from topic readings drop readings where temp > 30, humidity > 80, print",
         "conditions listed with commas"),
        ("from topic readings keep readings where temp > 30, humidity > 80, or pressure < 1000, "
         "print", "conditions listed with commas"),
        ("from topic orders keep orders where email matches '^.+@.+$', print",
         "does not read a filter on text by pattern"),
        ("from topic orders keep orders where length of name > 5, print",
         "does not read 'length' of a field"),
    ],
)  # fmt: skip
def test_silently_wrong_readings_are_refused(request_text: str, words: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=re.escape(words)):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("from topic orders keep orders where amount > 100 and not status = 'cancelled', print",
         [("amount", "gt", 100.0), ("status", "ne", "cancelled")]),
        ("from topic orders keep orders where amount > 100 but not when status is 'test', print",
         [("amount", "gt", 100.0), ("status", "ne", "test")]),
        ("from topic orders, filter: not status = 'test', print", [("status", "ne", "test")]),
        ("from topic orders keep orders where amount > 100 unless country = 'US', print",
         [("amount", "gt", 100.0), ("country", "ne", "US")]),
        ("from topic orders keep orders where status in ('paid, shipped', 'void'), print",
         [("status", "in", ["paid, shipped", "void"])]),
    ],
)  # fmt: skip
def test_negations_and_exceptions_in_keep_clauses(
    request_text: str, expected: list[tuple[str, str, Any]]
) -> None:
    assert filters_of(request_text) == expected


def test_null_tests_with_contractions() -> None:
    spec = parse("from topic orders keep orders where coupon isn't null, print")
    assert spec["operators"] == [
        {"kind": "filter", "field": "coupon", "op": "not_null", "value": None}
    ]
    spec = parse("from topic orders keep orders where is_test isn't set, print")
    assert spec["operators"] == [{"kind": "filter", "where": "is_test is None"}]


def test_leading_not_negates_a_parenthesised_group() -> None:
    spec = parse("from topic readings keep readings where not (temp > 30 and humidity > 80), print")
    assert spec["operators"] == [{"kind": "filter", "where": "not (temp > 30 and humidity > 80)"}]


def test_is_filled_on_a_status_field_is_refused_elsewhere_a_presence_test() -> None:
    # "status is filled": the status's value, or "filled in"? never read as a presence test
    with pytest.raises(RequestNotUnderstood):
        parse("from topic rx keep records where status is filled, print")
    assert filters_of("from topic rx keep records where prescriber_email is filled, print") == [
        ("prescriber_email", "not_null", None)
    ]


def test_one_of_with_no_values_is_refused() -> None:
    # "line is one of" and nothing after: never the number 1
    with pytest.raises(RequestNotUnderstood, match="of what"):
        parse("from topic taps keep taps where line is one of, print")


def test_a_field_with_a_choice_of_values_is_never_background() -> None:
    # a bullet "line is red or blue" left unread is refused, never dropped as context
    with pytest.raises(RequestNotUnderstood):
        parse(
            "- read topic taps\n- keep taps with fare_cents over 100\n- line is red or blue\n- print"
        )


def test_a_bullet_opening_with_and_goes_on_with_the_filter_before() -> None:
    request = "- read topic taps\n- keep taps with fare_cents at least 250\n- and line is red or blue\n- print"
    assert filters_of(request) == [("fare_cents", "ge", 250), ("line", "in", ["red", "blue"])]


def test_a_verb_label_reads_as_the_verb() -> None:
    assert filters_of("Source: topic dye-orders\nExclude: shade = black\nSink: stdout") == [
        ("shade", "ne", "black")
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic rentals keep only the premium items, print",
        "from topic scans keep only gold entries, print",
    ],
)
def test_a_bare_tier_makes_up_no_field(request_text: str) -> None:
    # a tier or rank names no kind of record: never a made-up event_type value
    with pytest.raises(RequestNotUnderstood, match="which field holds"):
        parse(request_text)


@pytest.mark.parametrize("verb", ["is", "ranges", "varies"])
def test_a_range_from_to_after_a_verb_is_both_bounds(verb: str) -> None:
    spec = spec_to_dict(
        parse_request(f"read topic a-b, keep where depth_m {verb} from 2 to 40, write to topic c-d")
    )
    assert [(f["op"], f["value"]) for f in spec["operators"]] == [("ge", 2.0), ("le", 40.0)]


def test_a_range_from_to_with_a_unit_after_it_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("read topic a-b, keep where speed_kmh is from 5 to 60 minutes, print")


def test_empty_slash_null_is_the_emptiness_test() -> None:
    """'lot is empty/null': the slash as 'or', never a division."""
    from generator.parse.rules import parse_request as _parse
    from generator.spec import spec_to_dict as _dict

    ops = _dict(_parse("read topic aa, skipping events where lot is empty/null, print"))[
        "operators"
    ]
    assert (
        ops
        == _dict(_parse("read topic aa, skipping events where lot is empty or null, print"))[
            "operators"
        ]
    )
    assert len(ops) == 1 and ops[0]["kind"] == "filter"


def _filters(request: str) -> list[tuple[str, str, object]]:
    spec = spec_to_dict(parse_request(request))
    return [(f["field"], f["op"], f["value"]) for f in spec["operators"] if f["kind"] == "filter"]


@pytest.mark.parametrize(
    "item, want",
    [
        ("cargo_t greater than 20", ("cargo_t", "gt", 20.0)),
        ("crew fewer than 9", ("crew", "lt", 9.0)),
        ("grade equal to premium", ("grade", "eq", "premium")),
        ("length_m of 12 or more", ("length_m", "ge", 12.0)),
    ],
)
def test_a_list_item_holding_a_condition_alone_is_a_filter(item: str, want: tuple) -> None:
    """ "- vehicles greater than 20" between the source and the sink bullets: a condition with
    its comparison in words, read as "where ..." (a symbol was read so already)."""
    assert _filters(f"- topic harbor-boats\n- {item}\n- print") == [want]


def test_a_list_item_with_more_than_a_condition_stays_unread() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("- topic harbor-boats\n- crew fewer than 9 sailors today\n- print")


@pytest.mark.parametrize(
    "request_text",
    [
        "pass through canal barges whose cargo is coal, from topic canal-barges to stdout",
        "only chemical orders with lot_code in ('X-1', 'Y-2') from topic chem-orders, print",
        "From topic farm-deliveries, sum net_kg per farm_id every day for deliveries where "
        "grade = 'A', to topic grade-a",
    ],
)
def test_the_topics_words_before_its_record_noun_select_nothing(request_text: str) -> None:
    """A word of the topic's name (or a longer form of a shortened one) before the records'
    noun, and 'for <records> where', only name the stream's records."""
    assert len(_filters(request_text)) == 1


def test_another_word_before_the_record_noun_is_not_read() -> None:
    """ "late barges": 'late' may select records; unread, so refused."""
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "pass through late barges whose cargo is coal, from topic canal-barges, print"
        )


@pytest.mark.parametrize(
    "field, words, op",
    [
        ("depth_m", "deeper than", "gt"),
        ("load_kg", "heavier than", "gt"),
        ("depth_m", "shallower than", "lt"),
        ("load_kg", "lighter than", "lt"),
    ],
)
def test_a_comparative_of_the_fields_measure_compares(field: str, words: str, op: str) -> None:
    """ "depth_m deeper than 40": a comparative adjective of what the field measures ("depth_m
    heavier than 40" is refused since h33/wrong17: a weight of a depth)."""
    assert _filters(f"read topic a-b, keep rows where {field} is {words} 40, print") == [
        (field, op, 40.0)
    ]


def test_words_with_a_unit_restated_by_a_bracketed_condition_are_read_once() -> None:
    """ "pits deeper than twelve metres (depth_m > 12)": the words on the records' noun, with
    the unit the field's name carries, say the bracketed condition again."""
    got = _filters(
        "read topic mine-pits, keep pits deeper than twelve metres (depth_m > 12), print"
    )
    assert got == [("depth_m", "gt", 12.0)]


@pytest.mark.parametrize(
    "bracket",
    [
        "depth_m > 10",  # another number
        "depth_m < 12",  # another direction
    ],
)
def test_a_bracketed_condition_saying_something_else_is_refused(bracket: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            f"read topic mine-pits, keep pits deeper than twelve metres ({bracket}), print"
        )


def test_a_unit_the_field_does_not_carry_is_not_restated() -> None:
    """ "forty feet (depth_m > 40)": feet against metres; never read as the same condition."""
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "read topic mine-pits, keep pits deeper than forty feet (depth_m > 40), print"
        )


def test_keep_field_not_null_without_is() -> None:
    """'keep x_id not null': SQL's NOT NULL right after the keep verb, no 'where' or 'is'."""
    spec = spec_to_dict(parse_request("read topic a-b, keep owner_id not null, write to topic c-d"))
    assert [(f["field"], f["op"]) for f in spec["operators"]] == [("owner_id", "not_null")]


@pytest.mark.parametrize(
    "step, op, value",
    [
        ("Drop status cancelled, withdrawn.", "not_in", ["cancelled", "withdrawn"]),
        ("keep only state open or pending,", "in", ["open", "pending"]),
        ("skip event_type heartbeat,", "ne", "heartbeat"),
    ],
)
def test_kind_field_then_plain_values(step: str, op: str, value: object) -> None:
    """A kind field (status, state, *_type) then plain words as its values, the step ending there."""
    spec = spec_to_dict(parse_request(f"read topic a-b. {step} write to topic c-d"))
    assert [(f["op"], f["value"]) for f in spec["operators"]] == [(op, value)]


@pytest.mark.parametrize(
    "step",
    [
        "drop status cancelled bookings,",
        "keep only state open tickets,",
        "keep only status changes,",  # a plural names records
        "drop event noise,",  # a bare 'event' is no field
    ],
)
def test_kind_field_plain_values_then_more_words_is_refused(step: str) -> None:
    """A noun after the value may select records: never read as the value alone."""
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"read topic a-b, {step} write to topic c-d")


@pytest.mark.parametrize(
    "step, op, value",
    [
        ("no test devices (device_type test)", "ne", "test"),
        ("skip canary hosts (host_type canary)", "ne", "canary"),
        ("keep only live games (game_state live)", "eq", "live"),
    ],
)
def test_value_before_noun_restated_with_its_field(step: str, op: str, value: str) -> None:
    """A value before the records' noun, then the field and the same value in brackets."""
    spec = spec_to_dict(parse_request(f"read topic a-b, {step}, write to topic c-d"))
    assert [(f["op"], f["value"]) for f in spec["operators"]] == [(op, value)]


def test_value_before_noun_with_another_value_in_brackets_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("read topic a-b, drop old hosts (host_type canary), write to topic c-d")


@pytest.mark.parametrize(
    ("request_text", "cond"),
    [
        (
            "Wash:\n1. Read topic a.b.\n2. Keep cycle_state finished.\n3. Print them.",
            {"field": "cycle_state", "op": "eq", "value": "finished"},
        ),
        (
            "Read topic a.b. Keep screen_format imax. Print them.",
            {"field": "screen_format", "op": "eq", "value": "imax"},
        ),
        (
            "1. Read topic a.b.\n2. Drop payment_method voucher.\n3. Print them.",
            {"field": "payment_method", "op": "ne", "value": "voucher"},
        ),
    ],
)
def test_step_keep_or_drop_of_a_kind_field_and_a_plain_value(
    request_text: str, cond: dict[str, str]
) -> None:
    [op] = spec_to_dict(parse_request(request_text))["operators"]
    assert {k: op[k] for k in cond} == cond


# h27/xh3: a comparison whose field is named in brackets by a plain word the comparison says
# (its unit, or the verb's stem), on the records' noun or a kept noun read as every record
@pytest.mark.parametrize(
    "request_text, expected, noun_assumed",
    [
        ("read topic depot-fuel, keep readings above 200 litres (litres), print",
         [("litres", "gt", 200)], False),
        ("from topic depot-fuel keep refuels of more than 200 litres (litres), print",
         [("litres", "gt", 200)], True),
        ("from topic karaoke-scores keep performances scoring 90 or higher (score), print",
         [("score", "ge", 90)], True),
        ("from topic barn-scales keep animals weighing over 300 (weight_kg), print",
         [("weight_kg", "gt", 300)], True),
        ("from topic vat-readings keep temp_c of at least 40 and at most 95, print",
         [("temp_c", "ge", 40), ("temp_c", "le", 95)], False),
    ],
)  # fmt: skip
def test_field_named_in_brackets_by_a_word_said(
    request_text: str, expected: list[tuple[str, str, Any]], noun_assumed: bool
) -> None:
    spec = parse_request(request_text)
    got = [(op.field, op.op, op.value) for op in spec.operators if op.kind == "filter"]
    assert got == expected
    assert any("as every record of" in a for a in spec.assumptions) == noun_assumed


@pytest.mark.parametrize(
    "request_text",
    [
        "1. Read topic a.b.\n2. Keep status unchanged.\n3. Print them.",
        "Read topic a.b, keep status open and print them.",  # no step start: keep what?
        "1. Read topic a.b.\n2. Drop format json.\n3. Print them.",  # 'format' alone: a setting
    ],
)
def test_bare_keep_mid_clause_or_keep_as_is_stays_unread(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


@pytest.mark.parametrize(
    "request_text",
    [
        # a word in brackets the comparison never said: unit, hedge or another field?
        "from topic depot-fuel keep readings above 200 litres (approx), print",
        "from topic depot-fuel keep readings above 200 litres (volume), print",
        # a verb the field's name does not hold: what it measures is unclear
        "from topic karaoke-scores keep performances lasting over 90 (score), print",
        # a kept noun with a drop verb is not read as every record
        "from topic depot-fuel drop refuels of more than 200 litres (litres), print",
    ],
)
def test_field_in_brackets_not_said_stays_unread(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


# h27/xh3: a sign word, then words of a field's name with the field in brackets
def test_sign_of_a_field_named_in_brackets() -> None:
    got = filters_of(
        "from topic drone-battery drop readings with negative voltage (voltage_v), print"
    )
    assert got == [("voltage_v", "ge", 0.0)]
    got = filters_of("from topic hives keep records with positive weight (hive_weight_kg), print")
    assert got == [("hive_weight_kg", "gt", 0.0)]
    with pytest.raises(RequestNotUnderstood):  # 'battery' is no word of voltage_v
        parse_request(
            "from topic drone-battery keep readings with positive battery voltage (voltage_v), print"
        )


# h27/xh3: a duration in words with the field in brackets, after a hyphenated records' noun
def test_duration_in_words_after_a_hyphenated_noun() -> None:
    got = filters_of(
        "keep bike-rides lasting at least 2 minutes (ride_s) from topic bike-rides, print"
    )
    assert got == [("ride_s", "ge", 120)]


# h27/cond4: a bound said before the name of the field it bounds
def test_value_before_its_field() -> None:
    got = filters_of(
        "read topic ferry-boardings, keep boardings with more than twenty car_count and less "
        "than five hundred passenger_count, print them"
    )
    assert got == [("car_count", "gt", 20), ("passenger_count", "lt", 500)]
    got = filters_of("from topic logins keep accounts with at least 3 failed_attempts, print them")
    assert got == [("failed_attempts", "ge", 3)]
    # a plain plural after the number may be a count of items, not a field
    with pytest.raises(RequestNotUnderstood):
        parse_request("from topic forklifts keep pings with more than 3 pallets, print them")
    with pytest.raises(RequestNotUnderstood):
        parse_request("read topic app-logins, keep users with more than 5 logins per hour, print")


# h27/cond4: a field's name and a presence word alone in a terse list item
def test_bare_presence_item() -> None:
    got = filters_of("vat-readings: batch_id set, temp_c > 40 -> print")
    assert got == [("batch_id", "not_null", None), ("temp_c", "gt", 40)]
    got = filters_of("parcel-scans: depot_code not null, weight_kg > 1 -> print")
    assert got[0] == ("depot_code", "not_null", None)
    with pytest.raises(RequestNotUnderstood):  # a plain word may be no field
        parse_request("parcel-scans: depot set, weight_kg > 1 -> print")


# h28/cond5: the dropped records named by their value, then the condition in parentheses
def test_dropped_value_restated_in_parentheses() -> None:
    got = filters_of("read topic kiln.firings, drop the rejects first (outcome != reject), print")
    assert got == [("outcome", "ne", "reject")]
    got = filters_of(
        "from topic ferry.bookings skip bookings that were cancelled (state != cancelled), print"
    )
    assert got == [("state", "ne", "cancelled")]
    got = filters_of(
        "read topic orchard.weighings, drop weighings with no crate_kg (not null), print"
    )
    assert got == [("crate_kg", "not_null", None)]
    got = filters_of(
        "from topic courier-jobs I want the express jobs (service is express) but only if "
        "distance_km is at least 5, print"
    )
    assert got == [("service", "eq", "express"), ("distance_km", "ge", 5)]
    # the words and the parentheses name different records: the words stay unread
    for said in ("drop refunds (channel != web)", "skip sales that were refunded (status != void)",
                 "excluding refunds (where type != 'refund')"):  # fmt: skip
        with pytest.raises(RequestNotUnderstood):
            parse_request(f"read topic market.sales, {said}, print")


# h28/cond5: a ';' joins the conditions of a label line ("Filter: A; B") as "and" does
def test_semicolon_in_a_filter_label_line() -> None:
    got = filters_of(
        "Source: topic tap-ins\nFilter: fare_cents >= 250; line one of red, blue\nprint"
    )
    assert got == [("fare_cents", "ge", 250), ("line", "in", ["red", "blue"])]
    with pytest.raises(RequestNotUnderstood):  # outside a label line the ';' ends the clause
        parse_request(
            "read topic tap-ins, keep rows where fare_cents >= 250; line one of red, blue, print"
        )


# h28/gchat4: a bare "A" (or "an") as a value is a letter, never the number one
def test_letter_a_in_a_value_list_stays_a_letter() -> None:
    for values in ("(A, B, C)", "(B, A, C)"):
        got = filters_of(f"x.zones where arena_zone in {values} -> kafka x.out")
        assert got == [("arena_zone", "in", [v.strip() for v in values[1:-1].split(",")])]
    with pytest.raises(RequestNotUnderstood):  # never read as "grade eq 1"
        parse_request("x.grades where grade = A -> kafka x.out")


@pytest.mark.parametrize(
    "request_text",
    [
        "From topic readings drop test devices where battery is below 5, print",
        "From topic orders do not send the test records where amount is over 150, print",
        "From topic payments discard staff accounts with amount over 1000, print",
    ],
)
def test_drop_of_a_modified_noun_before_a_condition_is_refused(request_text: str) -> None:
    # (h29/wrong9) the word before the noun may select records the condition does not
    with pytest.raises(RequestNotUnderstood, match="may select records of its own"):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("request_text", "field"),
    [
        ("From topic lib.searches skip anonymous rows where patron_id is null, print", "patron_id"),
        (
            "From topic iot.pings drop unknown devices where device_id is missing, print",
            "device_id",
        ),
        (
            "From topic desk.tickets skip unassigned tickets where agent_id is not set, print",
            "agent_id",
        ),
    ],
)
def test_drop_of_a_no_value_noun_before_its_missing_test_is_read(
    request_text: str, field: str
) -> None:
    # the adjective only says what the null test says ("anonymous": no patron_id)
    assert filters_of(request_text)[0][0] == field
    with pytest.raises(RequestNotUnderstood, match="may select records of its own"):
        for missing in ("is null", "is missing", "is not set"):
            request_text = request_text.replace(missing, "is over 5")
        parse_request(request_text)


@pytest.mark.parametrize(
    "words, values",
    [
        ("ignore fault_type values flat_tyre and chain_slip,", "flat_tyre and chain_slip"),
        ("drop ticket_type values password_reset and printer_jam (agents fix those)", None),
        ("only leave_type value sick_leave or parental_leave,", "sick_leave or parental_leave"),
    ],
)
def test_kind_field_values_after_the_word_values(words: str, values: str | None) -> None:
    """h30/t46: the word "values" between a kind field and its identifiers, and an aside in
    brackets after them, still leave the value list read."""
    from generator.parse.rules.filters import KIND_FIELD_VALUES

    m = KIND_FIELD_VALUES.search(words)
    assert m is not None
    if values:
        assert m["v"] == values


@pytest.mark.parametrize(
    "text, value",
    [("5K", 5000), ("10", 10), ("2.5", 2.5), ("HALF", None), ("A1", None)],
)
def test_number_or_none_reads_listed_numbers_as_the_filter_does(text: str, value: Any) -> None:
    """h31/cond8: "5K" is the number 5000 in a list, a code like "HALF" or "A1" is none."""
    from generator.parse.rules.value_lists import _number_or_none

    assert _number_or_none(text) == value


@pytest.mark.parametrize(
    "words, ok",
    [
        ("throw away pings whose accuracy_m is worse than 50 (i.e. ", True),
        ("keep only fixes where snr_db is better than 3 (", True),
        ("drop rows where error_pct is worse than 5 % (", True),
        ("drop pings whose accuracy_m is worse than 50, ", False),
    ],
)
def test_judged_bound_needs_brackets_after_it(words: str, ok: bool) -> None:
    """h31/cond8: a bound said with 'worse'/'better' is only read with brackets after it."""
    from generator.parse.rules.filters import JUDGED_BOUND

    assert bool(JUDGED_BOUND.search(words)) is ok


@pytest.mark.parametrize(
    "request_text, expected",
    [
        (
            "read topic t, ignore rows whose status is test, and rows with no hours_run value, "
            "print",
            [("status", "ne", "test"), ("hours_run", "not_null", None)],
        ),
        (
            "read topic t, drop bot traffic (user_agent_class = 'bot'), print",
            [("user_agent_class", "ne", "bot")],
        ),
        (
            "read topic t, drop anything heavier than 150 kg (weight_kg), print",
            [("weight_kg", "le", 150)],
        ),
    ],
)
def test_h31_cond8_readings(request_text: str, expected: list[tuple[str, str, Any]]) -> None:
    ops = spec_to_dict(parse_request(request_text))["operators"]
    got = [(o["field"], o["op"], o.get("value")) for o in ops if o["kind"] == "filter"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keep rows where region = eu-west, write", True),
        ("take only network = lib-public logins", True),
        ("compute net = gross-tax", False),  # no condition before it
        ("where net = price - tax", False),  # spaced: arithmetic
        ("compute gross = a + b, keep where net = gross-tax", False),  # 'gross' said elsewhere
    ],
)
def test_hyphenated_value_compared(text: str, expected: bool) -> None:
    from generator.parse.rules.computed import _hyphenated_value_compared

    start = text.rfind(" ", 0, text.rfind("=") - 1) + 1  # the field compared last
    assert _hyphenated_value_compared(text, text, start) is expected


@pytest.mark.parametrize(
    ("text", "field", "values"),
    [
        # (h32/t50) a field named as a kind, then plain-word values
        ("exclude waste_class general and garden, and", "waste_class", "general and garden"),
        ("keep only ticket_priority high or urgent.", "ticket_priority", "high or urgent"),
        (
            "drop order_status cancelled, refunded and void;",
            "order_status",
            "cancelled, refunded and void",
        ),
    ],
)
def test_kind_identifier_with_plain_values(text: str, field: str, values: str) -> None:
    from generator.parse.rules.filters import KIND_IDENT_PLAIN_VALUES

    m = KIND_IDENT_PLAIN_VALUES.search(text)
    assert m is not None and m["f"] == field and m["v"] == values


@pytest.mark.parametrize(
    "text",
    [
        "drop order_status cancelled orders and write",  # a noun after the value: which records?
        "exclude status cancelled and refunded,",  # no identifier: 'status' alone may be a word
    ],
)
def test_kind_identifier_plain_values_not_read(text: str) -> None:
    from generator.parse.rules.filters import KIND_IDENT_PLAIN_VALUES

    assert KIND_IDENT_PLAIN_VALUES.search(text) is None


@pytest.mark.parametrize(
    ("op", "field", "fits"),
    [
        ("heavier than", "weight_kg", True),
        ("heavier than", "price_eur", False),
        ("longer than", "duration_s", True),
        ("longer than", "distance_km", True),
        ("shorter than", "price", False),
        ("bigger than", "size_bytes", True),
        ("larger than", "eta_hours", False),
        ("over", "price_eur", True),
    ],
)
def test_adjective_fits_the_field(op: str, field: str, fits: bool) -> None:
    from generator.parse.rules.comparisons import _adjective_fits

    assert _adjective_fits(op, field) is fits


def test_restating_aside_with_another_condition_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="says 'total > 5' again"):
        parse(
            "read topic orders, keep orders where total > 5 (that's when the amount is over 100), print"
        )
    assert filters_of(
        "read topic orders, keep orders where amount > 100 (that's when the amount is over 100), print"
    ) == [("amount", "gt", 100)]


# (h33/wrong17) a measure's comparative on a field of another kind is refused, never read as gt
@pytest.mark.parametrize(
    ("adj", "field", "other"),
    [
        ("heavier", "price_eur", True),
        ("longer", "fare_usd", True),
        ("lighter", "duration_s", True),
        ("heavier", "weight_kg", False),
        ("longer", "duration_s", False),
        ("longer", "score", False),
    ],
)
def test_measures_other(adj: str, field: str, other: bool) -> None:
    from generator.parse.rules.comparisons import _measures_other

    assert _measures_other(adj, field) is other


# h33/cond11: pure patterns of the condition readers
def test_field_after_and_guard() -> None:
    from generator.parse.rules.value_lists import _FIELD_AFTER_AND

    assert _FIELD_AFTER_AND.search("cancelled and customer_email")
    assert not _FIELD_AFTER_AND.search("scan or audio_play")
    assert not _FIELD_AFTER_AND.search("no_show and cancelled")


def test_and_code_after_code() -> None:
    from generator.parse.rules.comparisons import _AND_CODE

    assert _AND_CODE.match(" and MV_SOUND_QUEEN, then").group("v") == "MV_SOUND_QUEEN"
    assert _AND_CODE.match(" and MV_SOUND_QUEEN. Write").group("v") == "MV_SOUND_QUEEN"
    assert not _AND_CODE.match(" and speed_kmh, then")
    assert not _AND_CODE.match(" and MV_A plus more")


def test_step_word_values_keep_function_words_out() -> None:
    from generator.parse.rules.comparisons import _STEP_WORD_VALUES

    assert {"send", "save", "alert", "drop"} <= _STEP_WORD_VALUES
    assert not {"count", "sum", "total", "avg", "max"} & _STEP_WORD_VALUES  # aggregate names
    assert not {"the", "and", "then", "to", "of"} & _STEP_WORD_VALUES


def test_field_may_hold_plain_values_only() -> None:
    """h35/cond13: a field named in brackets after plain words takes them as its values, never
    words of emptiness, age, size or order ("only the empty trades (notes_text)")."""
    from generator.parse.rules.value_lists import field_may_hold

    assert field_may_hold(["card", "mobile"])
    assert field_may_hold(["vip"])
    assert not field_may_hold(["empty"])
    assert not field_may_hold(["big"])
    assert not field_may_hold(["late"])
    assert not field_may_hold(["latest", "v2"])


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "keep calls where duration_s is over 90 seconds",
            "keep calls where duration_s is over 90",
        ),
        ("wait_min is 10 minutes or more", "wait_min is 10 or more"),
        ("latency_ms > 500ms,", "latency_ms > 500,"),
        ("runtime_sec between 60 and 600 seconds", "runtime_sec between 60 and 600"),
        ("minutes_late over 10 minutes", "minutes_late over 10"),
        # another unit, a lone "m", a window's duration: left as written
        ("duration_s > 2 minutes", "duration_s > 2 minutes"),
        ("depth_m over 5 m", "depth_m over 5 m"),
        ("sum wait_min over 10 minutes", "sum wait_min over 10 minutes"),
        ("sum x as total_min over 10 minutes", "sum x as total_min over 10 minutes"),
        ("keep latency_ms > 500 ms windows", "keep latency_ms > 500 ms windows"),
    ],
)
def test_own_time_units_dropped(text: str, want: str) -> None:
    from generator.parse.rules.quantities import own_time_units_dropped

    assert own_time_units_dropped(text) == want


@pytest.mark.parametrize(
    ("adjective", "field", "fits"),
    [
        ("warmer than", "air_temp_c", True),
        ("colder than", "temperature", True),
        ("weaker than", "signal_strength", True),
        ("stronger than", "rssi_dbm", True),
        ("faster than", "speed_kmh", True),
        ("cheaper than", "price_eur", True),
        ("warmer than", "price_eur", False),
        ("faster than", "latency_ms", False),
        ("louder than", "level", False),
    ],
)
def test_measure_comparatives_fit_their_field(adjective: str, field: str, fits: bool) -> None:
    from generator.parse.rules.comparisons import _adjective_fits

    assert _adjective_fits(adjective, field) is fits


def test_kept_edge_of_a_drop_and_a_keep() -> None:
    from generator.parse.rules.filter_asides import kept_edge
    from generator.parse.rules.state import Cond

    assert kept_edge(Cond(0, "s", False, "lt", -80.0, negate=True)) == ("hi", -80.0)
    assert kept_edge(Cond(0, "q", False, "le", 15.0)) == ("lo", 15.0)
    assert kept_edge(Cond(0, "q", False, "lt", 15.0)) is None  # the bound itself left out


@pytest.mark.parametrize(
    ("request_text", "listed"),
    [
        # a number field tested with "no": missing, never zero, said as an assumption
        ("Read topic calls, keep calls with no retries, write to topic first-try.", True),
        ("Read topic builds, drop builds without any retries, print them.", True),
        # said as a null test in so many words: nothing to list
        ("Read topic calls, keep calls where retries is null, write to topic first-try.", False),
    ],
)
def test_no_on_a_number_field_is_listed_as_missing(request_text: str, listed: bool) -> None:
    assumptions = parse_request(request_text).assumptions
    assert any("retries missing (null)" in a for a in assumptions) is listed


def test_money_records_in_a_range_read_the_one_money_field_and_say_so() -> None:
    """ "keep orders between $100 and $500": the orders' one money field (h45/cond23)."""
    spec = parse_request("Read topic orders, keep orders between $100 and $500, write to topic b")
    fields = {op["field"] for op in spec_to_dict(spec)["operators"]}
    assert fields == {"amount"}
    said = [a for a in spec.assumptions if "the one money field" in a]
    assert said == ["read 'orders' compared with a number as their amount, the one money field"]


def test_money_records_over_a_number_read_the_one_listed_money_field_and_say_so() -> None:
    """ "with fields order_id, total, shop; keep orders over 100": total, the one money field
    the listed fields leave (h46/cond24); the preset's amount is no candidate then."""
    spec = parse_request(
        "Read topic orders with fields order_id, total, shop; keep orders over 100"
    )
    assert [op["field"] for op in spec_to_dict(spec)["operators"]] == ["total"]
    assert "read 'keep orders over 100' as a condition on total, the one money field of those " \
        "the request lists" in spec.assumptions  # fmt: skip


@pytest.mark.parametrize(
    ("request_text", "listed"),
    [
        # a number holds no "": the emptiness test is the null test, and says why
        ("Read topic run.laps, keep records where elapsed_s is not empty, write to topic b",
         "read 'elapsed_s is not empty' as a test for a missing (null) elapsed_s: it holds "
         'float values, never text, so a record carrying an empty text ("") in it is '
         "dead-lettered before the filter"),
        # text tested for presence in other words than null: "" passes, listed
        ("Read topic sms.out, keep messages where phone_number is set, write to topic b",
         "read 'phone_number is set' as a test for a missing (null) phone_number only: an "
         'empty text ("") counts as a value (say "empty" to test for it too)'),
    ],
)  # fmt: skip
def test_a_presence_test_leaving_empty_text_out_says_so(request_text: str, listed: str) -> None:
    """ "is not empty" on a number, "is set" on text: whether "" is tested is listed (h45)."""
    assert listed in parse_request(request_text).assumptions


def test_the_null_test_said_as_null_lists_nothing_about_empty_text() -> None:
    spec = parse_request("Read topic sms.out, keep rows where phone_number is not null, print")
    assert not [a for a in spec.assumptions if "empty text" in a]


def test_word_read_as_presets_id_field_is_listed() -> None:
    """ "keep event = 'click'" with the clickstream preset compares its event_id: a guess from
    the word, listed (h45/hunt)."""
    spec = parse_request("Read topic clicks, keep event = 'click', write to stdout")
    assert spec.operators[0].field == "event_id"  # type: ignore[union-attr]
    assert any(
        "'event' as the clickstream preset's field 'event_id'" in a for a in spec.assumptions
    )


def test_flag_after_a_field_compared_with_a_boolean_is_listed() -> None:
    """ "whose needs_maintenance flag is true": the field needs_maintenance, 'flag' its kind."""
    spec = parse("From topic geo.logs keep logs whose needs_maintenance flag is true, print them")
    assert spec["operators"][0]["field"] == "needs_maintenance"
    assert any("'flag' says it holds true or false" in a for a in spec["assumptions"])
