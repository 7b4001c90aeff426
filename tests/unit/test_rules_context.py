"""Rule parser: context sentences and asides ("Compliance will audit it.", "(too big)") are
listed, never silently dropped, and a sentence holding a requirement word stays refused."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.parse.rules.accounting import CONTEXT_PREFIX
from generator.parse.rules.context import is_context
from generator.spec import spec_to_dict

BASE = "Read topic gate-events and write them to ClickHouse table ops.gates"


@pytest.mark.parametrize(
    ("tail", "context"),
    [
        (". Compliance will audit it.", "Compliance will audit it"),
        (", it's for a demo on Friday.", "it's for a demo on Friday"),
        (" (proof of concept).", "proof of concept"),
        (". This is just a proof of concept.", "This is just a proof of concept"),
        (". This replaces the old Spark job.", "This replaces the old Spark job"),
        (". I'll review the PR tomorrow.", "I'll review the PR tomorrow"),
        (". Note: compliance will audit it.", "compliance will audit it"),  # a label dropped
    ],
)
def test_a_context_sentence_is_listed_and_shown(tail: str, context: str) -> None:
    spec = spec_to_dict(parse_request(BASE + tail))
    assert spec["source"]["topics"] == ["gate-events"]
    assert spec["operators"] == []
    assert f"{CONTEXT_PREFIX}{context!r}" in spec["assumptions"]
    rows = [r for r in spec["reading"] if r["component"] == "context"]
    assert [r["words"] for r in rows] == [context]


@pytest.mark.parametrize(
    ("tail", "quoted"),
    [
        (". Security will review this weekly.", "Security will review"),  # a time unit
        (". Compliance only wants the large ones.", "Compliance only wants the large"),  # selects
        (" (skip the debug ones).", "skip the debug"),  # an action
        (" (the staging cluster).", "staging"),  # a setting
        (". We need amounts in cents.", "amounts in cents"),  # a field and a unit
        (". Results go to the data warehouse.", "go to the data warehouse"),  # a destination
        (". Only the EU ones matter.", "Only the EU ones matter"),  # a value in capitals
        (". The old pipeline dropped refunds.", "old pipeline dropped refunds"),
        (". Refunds are handled elsewhere.", "Refunds are handled elsewhere"),
        (". Older records aren't useful.", "Older records aren't useful"),
        (". Times are local.", "Times are local"),
    ],
)
def test_a_sentence_holding_a_requirement_word_stays_refused(tail: str, quoted: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="did not understand") as refused:
        parse_request(BASE + tail)
    assert quoted in str(refused.value)


def test_a_list_in_parentheses_is_never_context() -> None:
    with pytest.raises(RequestNotUnderstood, match="gold, silver"):
        parse_request(BASE + " (gold, silver).")


def test_a_context_aside_is_read_around() -> None:
    """The projection around "(proof of concept)" is read as if the aside were not there; the
    aside is listed."""
    spec = spec_to_dict(
        parse_request(
            "drop the payload field (proof of concept) from topic app-logs and print them"
        )
    )
    assert spec["source"]["topics"] == ["app-logs"]
    assert [(op["kind"], op["drop"]) for op in spec["operators"]] == [("select", ["payload"])]
    assert f"{CONTEXT_PREFIX}'proof of concept'" in spec["assumptions"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("compliance will audit it", True),
        ("way too large", True),
        ("the large ones", False),
        ("status matters", False),  # a preset field name
        ("amount_usd matters", False),  # a name with '_'
        ("twice a day", False),
        ("not needed", False),
        ("it", False),  # one word is never a context sentence
        ("optional", False),
        ("as strings", False),  # a type
        ("best effort", False),  # a delivery guarantee
        ("On a miss", False),  # what becomes of a lookup that finds nothing
        ("unmatched ones stay", False),
    ],
)
def test_is_context(words: str, expected: bool) -> None:
    assert is_context(words, frozenset({"status"})) is expected


@pytest.mark.parametrize(
    "closing",
    [
        "Warmly,\nDr. Sara Lindgren\nShelter Veterinarian",
        "Regards,\nPavel Dvorak\nAV Technician",
        "Thanks and regards,\nKofi Mensah\nReefer Supervisor",
        "Best wishes,\nClaire Dubois",
    ],
)
def test_letter_closings_and_signatures_are_no_requirement(closing: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"Hello,\n\nPlease read topic kiln.alarms and print them to stdout.\n\n{closing}"
        )
    )
    assert spec["source"]["topics"] == ["kiln.alarms"]


@pytest.mark.parametrize("title", ["Deduplicate kiln alarms", "Kiln alarm early warning"])
def test_ticket_title_restating_a_dedup_or_an_early_warning_is_no_requirement(title: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"KILN-12 {title}\nLabels: kiln\nSource: kiln.alarms\nAcceptance criteria:\n"
            "- dedup on alarm_id within 10 minutes\n- sink: Kafka topic kiln.alarms-clean"
        )
    )
    assert spec["operators"][0]["kind"] == "dedup"


@pytest.mark.parametrize(
    "request_text",
    [
        "Every day sum kg per picker_id from topic farm.weighings as total_kg, leaving out "
        "pickers still on probation.",
        "Read topic farm.weighings, taking out the ones from the north field, and print them.",
        "Read topic farm.weighings and print them, left out the trainee pickers.",
    ],
)
def test_leaving_out_in_any_inflection_is_no_context(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        (
            "Dear data engineering,",
            "Thank you,\nGareth Hughes\nSite Supervisor, North Recycling Centre",
        ),
        ("Hi data engineers,", "Regards,\nOlu Adeyemi\nCar Park Systems Manager"),
    ],
)
def test_greeting_to_data_engineering_and_role_with_a_place_are_no_requirement(
    opening: str, closing: str
) -> None:
    spec = spec_to_dict(
        parse_request(f"{opening}\n\nPlease read topic kiln.alarms and print them.\n\n{closing}")
    )
    assert spec["source"]["topics"] == ["kiln.alarms"]


# h28/gchat4: a "<team> here." opener, then the imperative: the step's verb ('Filter') left
# once the opener is set aside is read like any other component word
def test_opener_then_filter_verb_is_read() -> None:
    spec = spec_to_dict(
        parse_request(
            "Pizza ops here. Filter pizza.orders where total > 20 and write to Kafka pizza.big."
        )
    )
    assert spec["source"]["topics"] == ["pizza.orders"]
    assert [(op["field"], op["op"]) for op in spec["operators"]] == [("total", "gt")]


@pytest.mark.parametrize(
    ("word", "value", "names"),
    [
        ("dogs", "dog", True),
        ("walk-ins", "walk_in", True),
        ("cancellations", "cancelled", True),
        ("refunds", "refunded", True),
        ("rejections", "rejected", True),
        ("fatal", "fatal", True),
        ("no-shows", "no_show", True),
        ("cats", "dog", False),
        ("doghouses", "dog", False),
        ("complaints", "completed", False),
        ("failures", "failed", False),
    ],
)
def test_a_word_names_a_filter_value(word: str, value: str, names: bool) -> None:
    from generator.parse.rules.filter_asides import _names_value

    assert _names_value(word, value) is names


@pytest.mark.parametrize(
    ("op", "value", "negate", "bound"),
    [
        ("ge", 50, False, ("lo", 50.0)),  # keep grams >= 50: those under 50 are left out
        ("lt", 120.0, False, ("hi", 120.0)),
        ("lt", 50, True, ("lo", 50.0)),  # drop grams < 50
        ("eq", 5, False, None),
        ("gt", "x", False, None),
    ],
)
def test_left_out_bound_says_the_side_left_out(
    op: str, value: object, negate: bool, bound: tuple[str, float] | None
) -> None:
    from generator.parse.rules.filter_asides import left_out_bound
    from generator.parse.rules.state import Cond

    assert left_out_bound(Cond(0, "grams", False, op, value, negate=negate)) == bound


@pytest.mark.parametrize(
    ("clause", "rest", "unsaid"),
    [
        ("To see how long the machines run at night", "sessionize per machine_id", True),
        ("So that the morning crew sees it", "count orders", False),
        ("In order to track lunchtime traffic", "count visits", True),
        ("In order to watch business hours", "count orders", True),
        ("while it's happening, not the next morning", "count orders", False),
        ("To see how long the machines run at night", "keep shift is 'night'", False),
        ("So that the ops team can plan", "count orders", False),
    ],
)
def test_time_of_day_or_picking_word_in_a_purpose(clause: str, rest: str, unsaid: bool) -> None:
    """h31/wrong14: a time of day ("at night") or a word picking groups ("busy stores") in a
    purpose clause may say which records are meant: unread unless the rest says it again."""
    from generator.parse.rules.context import _time_of_day_unsaid

    assert _time_of_day_unsaid(clause, rest.lower()) is unsaid
    if unsaid:
        assert not is_context(clause)


@pytest.mark.parametrize(
    ("clause", "selects"),
    [
        ("To track premium orders", True),
        ("In order to find quiet stores", True),
        ("So that support can see which orders were paid", False),
        ("So that dispatchers can move cars to busy zones", False),
        ("To see how long the machines run", False),
    ],
)
def test_purpose_ahead_selects(clause: str, selects: bool) -> None:
    """h31/wrong14: a qualifier before its noun in a purpose said ahead may select records."""
    from generator.parse.rules.purpose import _ahead_selects

    assert _ahead_selects(clause, "count orders per store_id", False) is selects


def test_place_in_aside() -> None:
    from generator.parse.rules.purpose import place_in_aside

    text = "count orders per store_id to stdout so the Berlin team can see it"
    assert place_in_aside("so the Berlin team can see it", text) == "Berlin"
    assert (
        place_in_aside(
            "so the Grafana board can show it", text + " so the Grafana board can show it"
        )
        is None
    )
    said = "keep orders where city = 'Berlin', print so the Berlin team can see it"
    assert place_in_aside("so the Berlin team can see it", said) is None


# h34/bg13: pure helpers of the background readers
@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        ("the tablet double-submits (ugh), so drop", "(ugh)"),
        ("scanners double-fire (don't ask), so", "(don't ask)"),
        ("the app resubmits (sigh!) so", "(sigh!)"),
    ],
)
def test_interjections_are_blanked_in_place(text: str, blanked: str) -> None:
    from generator.parse.rules.context import INTERJECTION, _without_interjections

    assert INTERJECTION.search(text)[0] == blanked
    out = _without_interjections(text)
    assert len(out) == len(text) and blanked not in out


@pytest.mark.parametrize(
    "aside", ["(ugh, mostly the premium ones)", "(only the premium ones)", "(again)"]
)
def test_an_aside_saying_more_is_no_interjection(aside: str) -> None:
    from generator.parse.rules.context import INTERJECTION

    assert INTERJECTION.fullmatch(aside) is None


@pytest.mark.parametrize(
    ("clause", "point"),
    [
        ("so finance can invoice print jobs the same day", True),
        ("so support can do same-day refunds", True),
        ("so finance can invoice print jobs within the same day", False),
        ("count the jobs of the same day", False),
    ],
)
def test_the_same_day_is_a_calendar_point(clause: str, point: bool) -> None:
    from generator.parse.rules.context import _CALENDAR_POINT, _UNIT

    assert (_UNIT.search(_CALENDAR_POINT.sub(" ", clause)) is None) is point


@pytest.mark.parametrize(
    ("words", "unit"),
    [
        ("send a second truck", None),
        ("the second shift", None),
        ("our second reviewer", None),
        ("within a second", "second"),
        ("a second window", "second"),
        ("every second", "second"),
        ("per minute", "minute"),
    ],
)
def test_ordinal_second_is_no_unit_h35(words: str, unit: str | None) -> None:
    from generator.parse.rules.context import _UNIT

    m = _UNIT.search(words)
    assert (m.group("u") if m else None) == unit


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        # the tail of a list a step read: never a context clause of its own
        ("read x. Per region every day, average tonnes, qty and price. write to kafka y", None),
        ("read x. Per room_id, max of temp, the humidity or pressure. print it", None),
    ],
)
def test_a_bare_list_after_a_comma_is_no_context_segment(text: str, segment: None) -> None:
    from generator.parse.rules.context import context_segment

    start = text.index("qty" if "qty" in text else "the humidity")
    end = text.index(". ", start)
    masked = "\x00" * start + text[start:end] + "\x00" * (len(text) - end)
    assert context_segment(text, masked, start, end) is segment
