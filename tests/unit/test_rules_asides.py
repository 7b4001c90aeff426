"""Rule parser: asides that only say what a keep filter leaves out ("(bigger values are gauge
glitches)") or what stage the work is at ("its a prototype" after a stdout sink) are listed as
context or background; one that could select records, name a store or contradict the bound
stays refused."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.parse.rules.accounting import BACKGROUND_PREFIX, CONTEXT_PREFIX
from generator.parse.rules.asides import _modifier_unsaid, _people
from generator.parse.rules.leadins import _joined_in_name
from generator.parse.rules.purpose import _names_part
from generator.spec import spec_to_dict

KEEP = "Read topic plant.gauges, keep only readings with level_cm {cond} {aside} and print them"


@pytest.mark.parametrize(
    ("cond", "aside", "said"),
    [
        ("below 200", "(higher values are gauge glitches)", "higher values are gauge glitches"),
        ("< 40", "(anything heavier is a scale error)", "anything heavier is a scale error"),
        ("above 5", "(smaller ones are just test runs)", "smaller ones are just test runs"),
        ("between 0 and 50", "(bigger values are glitches)", "bigger values are glitches"),
    ],
)
def test_a_comparative_past_the_bound_is_context(cond: str, aside: str, said: str) -> None:
    spec = spec_to_dict(parse_request(KEEP.format(cond=cond, aside=aside)))
    assert [op["field"] for op in spec["operators"]] in (["level_cm"], ["level_cm", "level_cm"])
    assert f"{CONTEXT_PREFIX}{said!r}" in spec["assumptions"]


def test_the_rest_after_a_comma_in_the_filters_aside_is_context() -> None:
    spec = spec_to_dict(
        parse_request(
            "From topic plant.gauges (only readings with level_cm between 0 and 120, the rest are"
            " probe glitches), print them"
        )
    )
    assert len(spec["operators"]) == 2
    assert f"{CONTEXT_PREFIX}'the rest are probe glitches'" in spec["assumptions"]


@pytest.mark.parametrize(
    ("cond", "aside", "quoted"),
    [
        # the comparative points at the records kept: which of them are glitches?
        ("below 50", "(smaller values are gauge glitches)", "smaller values"),
        # a step and a selecting word in the aside
        ("below 200", "(higher values are from the old rigs, drop those too)", "drop those"),
        ("below 200", "(ignore the test rigs)", "ignore the test rigs"),
        # a number in it
        ("below 200", "(the rest, over 140, are glitches)", "140"),
        # a judgement ("noise") may be a filter of its own
        ("below 200", "(higher values are noise)", "noise"),
        # whom they are for: maybe a route of their own
        ("below 200", "(bigger ones are for the fraud team)", "fraud team"),
    ],
)
def test_an_aside_that_may_select_stays_refused(cond: str, aside: str, quoted: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(KEEP.format(cond=cond, aside=aside))


def test_after_a_drop_the_comparative_is_no_reason() -> None:
    """After a drop the records named are those kept: refused, never read as a reason."""
    with pytest.raises(RequestNotUnderstood, match="bigger values"):
        parse_request(
            "Read topic plant.gauges, drop readings with level_cm above 200 (bigger values are"
            " gauge glitches) and print them"
        )


STDOUT = "Read topic kiosk.orders, keep orders with amount > 10 and print them to stdout"


@pytest.mark.parametrize(
    "tail",
    [
        ", its a prototype.",
        ", it's just a pilot.",
        ", we're just testing the waters before we give it a real table.",
        ". I only want to eyeball it before we build anything proper.",
        "; we're just trying it out before we pick a proper sink.",
        ". I just want to look at the output first.",
        # h29/misc8: the work being tested, one plain word at most
        ", we're testing.",
        ", we're still testing the scales.",
        " so I can eyeball it before we wire up a real table",
    ],
)
def test_a_trial_remark_after_a_debug_sink_is_background(tail: str) -> None:
    spec = spec_to_dict(parse_request(STDOUT + tail))
    assert [s["kind"] for s in spec["sinks"]] == ["stdout"]
    assert any(
        a.startswith(BACKGROUND_PREFIX.format(kind="situation")) for a in spec["assumptions"]
    )


@pytest.mark.parametrize(
    ("tail", "quoted"),
    [
        # a store named in the deferral
        (", we're just testing the waters before we give it the table shop.big.", "shop.big"),
        # records selected in the remark
        (". I only want to eyeball the failed ones first.", "failed ones"),
        # more than the one thing tested
        (", we're still testing the late orders.", "still testing the late"),
    ],
)
def test_a_trial_remark_with_an_ask_stays_refused(tail: str, quoted: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(STDOUT + tail)


def test_a_trial_remark_needs_a_debug_sink_said_before() -> None:
    with pytest.raises(RequestNotUnderstood, match="testing the waters"):
        parse_request(
            "Read topic kiosk.orders, we're just testing the waters before we give it a real"
            " table, and write them to ClickHouse table shop.orders"
        )


HAVING = (
    "Read topic depot.scans, count scans as late_scans per driver_id every day and only emit rows"
    " where late_scans > 5{tail} Write to ClickHouse depot.late_drivers."
)


@pytest.mark.parametrize(
    ("tail", "said"),
    [
        (", those need coaching.", "those need coaching"),
        (
            " (the shift supervisors follow up with them).",
            "the shift supervisors follow up with them",
        ),
        (" (the dispatch team calls them).", "the dispatch team calls them"),
        # ("field" here is where the people work, never a record's field)
        (" (the field officers follow up with them).", "the field officers follow up with them"),
    ],
)
def test_what_people_do_with_the_kept_records_is_context(tail: str, said: str) -> None:
    spec = spec_to_dict(parse_request(HAVING.format(tail=tail)))
    assert spec["operators"][0]["having"] is not None
    assert f"{CONTEXT_PREFIX}{said!r}" in spec["assumptions"]


@pytest.mark.parametrize(
    ("tail", "quoted"),
    [
        (", those need discarding.", "discarding"),  # a step
        (" (the test team calls them).", "test team"),  # a qualifier may select
        (", those need coaching by 5 pm.", "5 pm"),  # more than a follow-up
        (" (the field team calls them twice).", "twice"),  # more than a follow-up
    ],
)
def test_a_follow_up_with_an_ask_stays_refused(tail: str, quoted: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(HAVING.format(tail=tail))


def test_who_sends_every_record_after_the_source_is_background() -> None:
    spec = spec_to_dict(
        parse_request(
            "Read topic plant.press_faults (PLC fault events from every press controller) and"
            " print them"
        )
    )
    assert spec["source"]["topics"] == ["plant.press_faults"]
    assert spec["operators"] == []
    assert any(a.startswith(BACKGROUND_PREFIX.format(kind="aside")) for a in spec["assumptions"])


@pytest.mark.parametrize(
    ("aside", "quoted"),
    [
        ("(fault events from every press controller)", "fault events"),  # 'fault': not the topic's
        ("(faults from the old press controllers)", "old press"),  # some producers only
        ("(faults from every press controller except line 2)", "except"),
    ],
)
def test_a_producer_aside_that_may_select_stays_refused(aside: str, quoted: str) -> None:
    topic = "plant.press_events" if "fault events" in aside else "plant.press_faults"
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(f"Read topic {topic} {aside} and print them")


# h29/misc8: "Console output is fine for now, we're testing": the sink said enough, "for now,"
# taken out as filler, then the trial remark
@pytest.mark.parametrize(
    "remark", ["we're testing", "we're just exploring", "we only want to eyeball it"]
)
def test_console_enough_then_a_trial_remark(remark: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"Read topic lab.temps, keep temp_c > 38. Console output is fine for now, {remark}."
        )
    )
    assert [s["kind"] for s in spec["sinks"]] == ["stdout"]


# h30/miscA: a failed-readings noun past the bound, said with a direction and "that"
@pytest.mark.parametrize(
    ("cond", "aside"),
    [
        ("below 200", "(gauge junk above that)"),
        ("above 5", "(sensor glitches below that)"),
        ("< 60", "(gps errors over that)"),
    ],
)
def test_failed_readings_past_the_bound_are_context_h30(cond: str, aside: str) -> None:
    spec = spec_to_dict(parse_request(KEEP.format(cond=cond, aside=aside)))
    assert [op["field"] for op in spec["operators"]] == ["level_cm"]
    assert f"{CONTEXT_PREFIX}{aside.strip('()')!r}" in spec["assumptions"]


@pytest.mark.parametrize(
    ("cond", "aside", "quoted"),
    [
        # the direction points at the records kept
        ("below 200", "(gauge junk below that)", "junk below"),
        # a judgement may be a filter of its own
        ("below 200", "(sensor noise above that)", "noise above"),
        # a word that may select before the noun
        ("below 200", "(late junk above that)", "late junk"),
    ],
)
def test_failed_readings_aside_that_may_select_refused_h30(
    cond: str, aside: str, quoted: str
) -> None:
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(KEEP.format(cond=cond, aside=aside))


# h30/miscB: reasons for the records a filter leaves out, said by the quoted value, "those"
# after a condition naming the values left out, a comparative with "go through ... manually",
# or a device failing past the bound ("(above that the probe is fouled)")
@pytest.mark.parametrize(
    ("request_", "said"),
    [
        (
            "read topic door.events, keep only direction = 'out' (the 'in' ones are noisy), print",
            "the 'in' ones are noisy",
        ),
        (
            "from topic t.x keep reason not in ('label', 'cap') -- those are handled on the line."
            " Print to stdout",
            "those are handled on the line",
        ),
        (
            "read topic shop.orders, keep qty < 50 (bigger ones go through sales manually), print",
            "bigger ones go through sales manually",
        ),
        (
            "read topic river.gauges, keep level_cm < 400 (above that the probe is fouled), print",
            "above that the probe is fouled",
        ),
    ],
)
def test_what_a_filter_leaves_out_is_context_h30(request_: str, said: str) -> None:
    spec = spec_to_dict(parse_request(request_))
    assert len(spec["operators"]) == 1
    assert f"{CONTEXT_PREFIX}{said!r}" in spec["assumptions"]


@pytest.mark.parametrize(
    "request_",
    [
        "read topic door.events, keep only direction = 'out' (the 'out' ones are noisy), print",
        "from topic t.x keep only queue = 'billing' (those are handled by the finance team), print",
        "read topic shop.orders, keep qty < 50 (smaller ones go through sales manually), print",
        "read topic river.gauges, keep level_cm < 400 (below that the probe is fouled), print",
    ],
)
def test_what_a_filter_keeps_is_no_reason_h30(request_: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="did not understand"):
        parse_request(request_)


def test_kept_judged_reads_what_the_kept_records_are_one_judgement_only() -> None:
    from generator.parse.rules.filter_asides import _KEPT_JUDGED

    assert _KEPT_JUDGED.search(" -- those are the teams that are really stuck.")
    assert _KEPT_JUDGED.search(" (these are the agents who are totally swamped)")
    assert not _KEPT_JUDGED.search(" -- those are the teams that are in the north wing.")


@pytest.mark.parametrize(
    ("said", "rest", "selects"),
    [
        ("for the homepage carousel", "read topic shop.orders", False),
        ("for the passenger-information displays", "read topic tram.delays", False),
        ("for the monthly report", "read topic shop.orders", False),
        ("for the premium carousel", "read topic shop.orders", True),
        ("for the late-order displays", "read topic shop.orders", True),
        ("for the premium dashboard", "keep tier = premium", False),
    ],
)
def test_display_place_words_that_may_select_h33(said: str, rest: str, selects: bool) -> None:
    from generator.parse.rules.asides import _audience_selects

    assert _audience_selects(said, rest) is selects


# h34/bg13: a judgement on the values past the bound ("(below that the horizon noise is
# awful)"), read only on the side the keep filter leaves out
@pytest.mark.parametrize(
    ("request_", "said"),
    [
        (
            "read topic gs.samples, keep only elevation_deg >= 10 (below that the horizon noise"
            " is awful), print",
            "below that the horizon noise is awful",
        ),
        (
            "read topic lidar.returns, keep intensity above 40 (below that it's all noise), print",
            "below that it's all noise",
        ),
    ],
)
def test_a_judgement_past_the_bound_is_context_h34(request_: str, said: str) -> None:
    spec = spec_to_dict(parse_request(request_))
    assert len(spec["operators"]) == 1
    assert f"{CONTEXT_PREFIX}{said!r}" in spec["assumptions"]


@pytest.mark.parametrize(
    "request_",
    [
        "read topic gs.samples, keep only elevation_deg >= 10 (above that the noise is awful), print",
        "read topic tank.t, keep temp_c >= 4 (below that the cheap probes are useless), print",
    ],
)
def test_a_judgement_on_the_kept_side_or_selecting_stays_refused_h34(request_: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="did not understand"):
        parse_request(request_)


# h34/bg13: "mixed in with everything else" after the source, with a filter only
def test_mixed_in_with_everything_else_needs_a_filter_h34() -> None:
    from generator.parse.rules.asides import _MIXED_IN

    assert _MIXED_IN.fullmatch("mixed in with everything else")
    assert _MIXED_IN.fullmatch("(alongside lots of other stuff)")
    assert _MIXED_IN.fullmatch("mixed in with test events we don't want") is None
    with pytest.raises(RequestNotUnderstood, match="did not understand"):
        parse_request(
            "Press jams come in on printshop.press_events mixed in with everything else. "
            "Publish them to printshop.jam-bursts on Kafka."
        )


@pytest.mark.parametrize(
    ("before", "aside", "read"),
    [
        ("keep orders where total > 500 ", "(anything over 500 is worth a second look)", True),
        ("keep samples where ph < 5.5 ", "(samples under 5.5 are a sign of acid rain)", True),
        ("keep orders where total > 500 ", "(anything over 800 is a reseller)", False),
        ("keep orders where total > 500 ", "(anything under 500 is a normal basket)", False),
        ("keep orders where total > 500 ", "(anything over 500 is sent to the fraud desk)", False),
        ("keep orders where total > 500 ", "(anything over 500 is not a refund)", False),
    ],
)
def test_kept_side_judged_needs_the_same_number_and_side_h34(
    before: str, aside: str, read: bool
) -> None:
    from generator.parse.rules.filter_asides import kept_side_judged

    text = before + aside + " and print them"
    # the comparison read (masked), the aside not
    masked = "\x00" * len(before.rstrip()) + text[len(before.rstrip()) :]
    start = len(before) + 1
    said = kept_side_judged(text, masked, start, start + 5)
    assert (said is not None) == read


# --- h36/bg15: people acting on the output, a name part, a desk by its trade ----------------


@pytest.mark.parametrize(
    ("who", "people"),
    [
        ("the duty coordinator", True),
        ("the lobby TV", True),
        ("our marshals", True),
        ("we", True),
        ("the scanners", False),
        ("the tills", False),
    ],
)
def test_people_who_act_on_the_output(who: str, people: bool) -> None:
    assert _people(who) is people


def test_a_modifier_said_nowhere_else_may_select() -> None:
    rest = "keep readings where battery_pct < 20"
    assert not _modifier_unsaid(["batteries"], rest)
    assert not _modifier_unsaid(["the", "batteries"], rest)
    assert _modifier_unsaid(["the", "spare", "batteries"], rest)
    assert not _modifier_unsaid(["the", "battery", "packs"], rest)


def test_a_word_naming_the_records_by_a_name_part() -> None:
    lowered = "source: topic tunnel.balance_samples; compute x_ratio = a / b"
    assert _names_part("sample", lowered)
    assert _names_part("samples", lowered)
    assert not _names_part("sampled", lowered)
    assert not _names_part("batch", lowered)


def test_a_compound_said_again_joined_in_a_name() -> None:
    assert _joined_in_name("laser-tag", " read lasertag.vest_status")
    assert not _joined_in_name("laser-tag", " read arena.vest_status")
    assert not _joined_in_name("elevators", " read elevators.events")


@pytest.mark.parametrize(
    "tail",
    [
        "so we can spot them.",
        "The duty coordinator uses it after a callout.",
        "The marshals swap batteries between rounds.",
        "The drivers' route sheets are built from it.",
    ],
)
def test_people_acting_on_the_output_is_context(tail: str) -> None:
    spec = spec_to_dict(
        parse_request(
            "Read gs.commands_sent, keep commands where battery_pct < 20 and push them to kafka "
            f"gs.low. {tail}"
        )
    )
    assert [op["field"] for op in spec["operators"]] == ["battery_pct"]


@pytest.mark.parametrize(
    "tail",
    [
        "so we can drop them.",
        "so we can spot the late ones.",
        "The EU desk uses it after a callout.",
        "The marshals skip the test vests.",
        "so we can watch it during the night.",
    ],
)
def test_people_acting_on_records_stays_refused(tail: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Read gs.commands_sent, keep commands where battery_pct < 20 and push them to kafka "
            f"gs.low. {tail}"
        )


def test_a_fields_range_said_aside_is_context_never_a_filter() -> None:
    """ "(it is a value between 0 and 1)": what the field holds, listed (h45/cond23)."""
    spec = parse_request(
        "Read topic model.scores, keep records where confidence > 0.8 (it is a value between 0 "
        "and 1), write to topic b"
    )
    assert [op["field"] for op in spec_to_dict(spec)["operators"]] == ["confidence"]
    assert f"{CONTEXT_PREFIX}'it is a value between 0 and 1'" in spec.assumptions
