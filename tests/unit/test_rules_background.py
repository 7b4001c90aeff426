"""Rule parser: background words (chat openers and closers, ticket titles and requirement
labels, context sentences, asides naming what a condition keeps) are listed with their kind,
never silently dropped, and background-looking words that carry an ask stay refused."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.parse.rules.asides import (
    _HAVE_OPENER,
    _withheld,
    label_aside,
    layout_aside,
    nulls_why,
)
from generator.parse.rules.context import _OLD_PROCESS
from generator.parse.rules.leadins import BACKGROUND, FIELDS_ASIDE
from generator.parse.rules.purpose import _bound_said, read_purpose
from generator.parse.rules.sources import _FEED_TITLED_FOR, _FEED_WANTED_BEFORE
from generator.parse.rules.text import layout
from generator.spec import spec_to_dict

BASE = "Read topic gate-events and write them to stdout"


def _kinds(text: str) -> list[tuple[str, str]]:
    return [
        (kind, m.group(0).strip(" ,:"))
        for kind, pattern in BACKGROUND
        for m in pattern.finditer(text)
        if m.group(0).strip(" ,")
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I'm tired of it, lol. Read x.", [("chat", "lol")]),
        ("write to stdout, if that's possible.", [("hedge", "if that's possible")]),
        ("print it while we're testing.", [("situation", "while we're testing")]),
        ("print it too while we are testing it.", [("situation", "too while we are testing it")]),
        ("What I'd love: every minute ...", [("opener", "What I'd love")]),
        ("So what we would like is: read x", [("opener", "So what we would like is")]),
        # (h32/other9a) the ask's question ends the opener when the emoji after it is gone
        (
            "quick one for the special-meal desk can you read x",
            [("opener", "quick one for the special-meal desk")],
        ),
        ("quick one could we read x", [("opener", "quick one")]),
    ],
)
def test_background_words_are_found_with_their_kind(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert _kinds(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "keep only loud ones",  # no chat word
        "write it if the amount is possible",  # "if" with a condition, no hedge
        "while the sensor is testing, drop it",  # not the sender's testing
        "the lolly-events topic",  # "lol" inside a name
        "quick one for the EU orders can you read x",  # no team: the words may select
        "quick one read x",  # no colon and no question asking for it
    ],
)
def test_other_words_are_no_background(text: str) -> None:
    assert _kinds(text) == []


def test_a_fields_aside_lists_names_only() -> None:
    assert FIELDS_ASIDE.search("router-probes (each one has router_id, rtt_ms and a timestamp).")
    assert FIELDS_ASIDE.search("(every reading has meter_id and kwh_used)")
    # a condition, a plain word or a value in it: not a list of what the records carry
    assert not FIELDS_ASIDE.search("(each one has rtt_ms > 5)")
    assert not FIELDS_ASIDE.search("(each one has router_id and a region)")


def test_who_has_the_records_is_an_opener() -> None:
    assert _HAVE_OPENER.fullmatch("We've got probe")["w"] == "probe"
    assert _HAVE_OPENER.fullmatch("The core runs")["w"] == "core"
    assert not _HAVE_OPENER.fullmatch("We drop probe")


def test_what_the_pipeline_replaces() -> None:
    assert _OLD_PROCESS.search(
        "reporting instead of the nightly batch export from the core system."
    )
    # a requirement after "instead of" is not an old process
    assert not _OLD_PROCESS.search("in euros instead of the cents.")


def test_a_label_aside_needs_a_comparison_read_before_it() -> None:
    text = "keep freq_hz < 49.8 (under-frequency events) please"
    at = text.index("(") + 1
    read = "\x00" * text.index(" (") + text[text.index(" (") :]
    assert label_aside(text, read, at, at + 5) == "(under-frequency events)"
    assert label_aside(text, text, at, at + 5) is None  # the comparison was not read
    negated = "keep freq_hz < 49.8 (not under-frequency events) please"
    read = "\x00" * negated.index(" (") + negated[negated.index(" (") :]
    assert label_aside(negated, read, at, at + 5) is None


def test_why_nulls_needs_a_not_null_condition_read() -> None:
    text = "keep station_id is not null, some of the old PMUs send nulls. write"
    comma = text.index(",")
    read = "\x00" * comma + text[comma:]
    start = text.index("old")
    assert nulls_why(text, read, start, start + 3) == "some of the old PMUs send nulls"
    assert nulls_why(text, text, start, start + 3) is None


def test_topic_examples_in_a_layout_aside_share_the_pattern_prefix() -> None:
    text = "consume every topic matching cell-kpi-.* (1 per region: cell-kpi-north, cell-kpi-south, ...); x"
    read = text[:29] + "\x00" * 11 + text[40:]
    at = text.index("(") + 1
    assert layout_aside(text, read, at, at + 3).startswith("(1 per region")
    other = text.replace("cell-kpi-south", "billing-prod")
    assert layout_aside(other, read, at, at + 3) is None


@pytest.mark.parametrize(
    ("request_text", "laid_out"),
    [
        (
            "Outage report intake\nSource: Kafka topic a-b\nSink: stdout",
            "Title: Outage report intake.",
        ),
        ("Requirements: cell drop alerting\n- R1: consume topic a-b", "Title: cell drop alerting."),
        ("Merchant daily spend: requirements\n* source: a-b", "Title: Merchant daily spend."),
    ],
)
def test_a_bare_title_line_is_read_as_a_title(request_text: str, laid_out: str) -> None:
    assert layout(request_text).startswith(laid_out)


def test_requirement_labels_are_dropped_before_the_clause() -> None:
    text = layout("- R1: read topic a-b\n- AC2. keep only x > 1\nR3 - write to stdout\n- [ ] go")
    assert "R1" not in text and "AC2" not in text and "R3" not in text and "[ ]" not in text
    assert "read topic a-b" in text and "keep only x > 1" in text


def test_background_is_listed_and_shown_by_explain() -> None:
    spec = spec_to_dict(parse_request("So, lol. " + BASE + ", if that's possible."))
    assert "read as background (chat), not a pipeline step: 'lol'" in spec["assumptions"]
    assert (
        'read as background (hedge), not a pipeline step: "if that\'s possible"'
        in spec["assumptions"]
    )
    rows = {r["component"]: r for r in spec["reading"] if r["component"].startswith("background")}
    assert rows["background (chat)"]["words"] == "lol"
    assert rows["background (hedge)"]["words"] == "if that's possible"
    assert rows["background (chat)"]["values"] == ["background: not a pipeline step"]


@pytest.mark.parametrize(
    ("request_text", "quoted"),
    [
        (BASE + ", lol, only the errors pls.", "only the errors"),
        ("EU orders only\n- source: orders-raw\n- write to stdout", "Title: EU"),
        (
            "Read topic pmu-samples, some older units send nulls. Write them to stdout.",
            "older units send nulls",
        ),
    ],
)
def test_background_that_carries_an_ask_is_refused(request_text: str, quoted: str) -> None:
    with pytest.raises(RequestNotUnderstood) as err:
        parse_request(request_text)
    assert quoted in str(err.value)


def test_who_acts_on_the_output_is_a_purpose_only_around_a_read_ask() -> None:
    text = "Exactly-once into topic x please, clinicians act on these so no duplicates."
    clause = text.index("clinicians")
    end = text.index(" no duplicates")
    # the dedup ask read by its recogniser: the reason is the purpose
    purposes, unread = read_purpose(text, [(clause, end, text[clause:end])], "duplicates")
    assert purposes == ["clinicians act on these so"] and unread == []
    # the ask left unread: the run reaches past the clause, refused
    run = (clause, len(text) - 1, text[clause:-1])
    purposes, unread = read_purpose(text, [run], "")
    assert purposes == [] and unread == [run]


def _reads(request_text: str) -> dict[str, object]:
    spec = spec_to_dict(parse_request(request_text))
    return {"topics": spec["source"]["topics"], "ops": spec["operators"], "sinks": spec["sinks"]}


@pytest.mark.parametrize(
    "framing",
    [
        # a ticket's workflow state and an empty assignee
        "GATE-1 Gate feed\nStatus: To Do\nAssignee: unassigned\n\n{}",
        # a ticket id and its title split by a pipe
        "GATE-7 | Gate feed\n\n{}",
        # a user story's role
        "As an ops lead, I want to {}",
        # who is asked, in chat
        "could one of you {}",
        # sign-offs: an offer of help, a title and a signature line, a team in lower case, an
        # emoticon
        "{}\n\nThanks so much, happy to answer questions!",
        "{}\n\nMany thanks,\nDr. Patel\nRegistry Office",
        "{}\n\nthanks, port ops",
        "{} ty :)",
        # what the ask replaces, then "Instead,"
        "We count them by hand today. Instead, {}",
    ],
)
def test_framing_around_the_ask_is_dropped(framing: str) -> None:
    ask = "read topic gate-events, keep only status = 'open' and write them to topic gate-open."
    assert _reads(framing.format(ask)) == _reads(ask)


@pytest.mark.parametrize(
    "request_text",
    [
        # a code in the role is a selection, not who asks
        "As the EU ops lead I want to read topic gate-events and write them to topic gate-open.",
        # a selecting word after the thanks is no team's name
        "Read topic gate-events and write them to topic gate-open. Thanks, only ops team",
        # "Status: open" may be a condition on a field: never dropped as a ticket's state
        "GATE-1 Gate feed\nStatus: open\n\nread topic gate-events and write them to topic gate-open.",
    ],
)
def test_framing_with_a_selection_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


def test_a_section_heading_over_one_bullet_is_its_label() -> None:
    listed = (
        "Feed\n\nInput:\n- topic room-status\nFilter:\n- status = 'dirty'\nOutput:\n- topic rooms-x"
    )
    said = "Read topic room-status, keep only status = 'dirty' and write them to topic rooms-x."
    assert _reads(listed) == _reads(said)


@pytest.mark.parametrize(
    "background",
    [
        "We count them by hand today.",
        "We used to do this on paper every morning.",
    ],
)
def test_the_old_way_by_hand_is_background(background: str) -> None:
    ask = "read topic gate-events, keep only status = 'open' and write them to topic gate-open."
    assert _reads(f"{background} {ask[0].upper()}{ask[1:]}") == _reads(ask)


@pytest.mark.parametrize(
    "background",
    [
        "We count the failed ones by hand.",  # was a count window, exit 0
        "We filter out the test gates by hand today.",
        "We used to do the failed ones on paper.",
    ],
)
def test_the_old_way_by_hand_with_a_selection_is_refused(background: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{background} Read topic gate-events and write them to topic gate-open.")


def test_a_markdown_heading_is_a_title() -> None:
    ask = "Read topic gate-events, keep only status = 'open' and write them to topic gate-open."
    assert _reads(f"## Gate feed\n{ask}") == _reads(ask)


@pytest.mark.parametrize(
    "request_text",
    [
        "Read topic kiln-temps, keep temp_c > 900. Console for now, we'll hook up a real sink "
        "later.",
        "Read topic kiln-temps, keep temp_c > 900, output: stdout for now (real sink later)",
        "Read topic kiln-temps, keep temp_c > 900. Just print it to stdout for now; we will pick "
        "a proper sink once the numbers look right.",
    ],
)
def test_sink_deferred_for_later_is_background(request_text: str) -> None:
    spec = spec_to_dict(parse_request(request_text))
    assert [s["kind"] for s in spec["sinks"]] == ["stdout"]
    assert len(spec["operators"]) == 1


def test_step_deferred_with_a_value_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Read topic kiln-temps, print to stdout, we'll add a filter on temp_c > 900 later."
        )


@pytest.mark.parametrize(
    "title", ["Kiln sessions - setup notes", "Runbook note - kiln temperature feed"]
)
def test_title_line_with_a_spaced_dash_over_a_numbered_list(title: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"{title}\n1. Read kiln.temps\n2. Keep temp_c > 900\n3. Write to ClickHouse "
            "kiln.hot_readings"
        )
    )
    assert spec["source"]["topics"] == ["kiln.temps"]
    assert [op["kind"] for op in spec["operators"]] == ["filter"]


def test_title_line_with_a_dash_and_a_selecting_word_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Kiln feed - failed firings only\n1. Read kiln.temps\n2. Write to ClickHouse "
            "kiln.hot_readings"
        )


ASK = "the count of scans per depot_id every hour from topic parcel-scans to topic depot-counts."


@pytest.mark.parametrize(
    "who",
    [
        "Logistics wants",  # a department named bare, capitalised
        "Energy trading wants",
        "TICKET OPS-12: Dispatch wants",
        "The planners want",  # people by their role
        "Our agronomists would like",
        "Hi! Shift supervisor here, we'd like",  # who the sender is, by role
        "Hey! Bar manager here :beers: we'd like",
    ],
)
def test_who_asks_by_department_or_role_is_framing(who: str) -> None:
    assert _reads(f"{who} {ASK}") == _reads(f"Count {ASK[len('the count of '):]}")


@pytest.mark.parametrize(
    "who",
    [
        "Premium wants",  # a word that may select records, said nowhere else
        "Nobody wants",
        "Test rigs want",
    ],
)
def test_who_asks_that_may_select_or_negate_is_refused(who: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{who} {ASK}")


@pytest.mark.parametrize(
    "opener",
    [
        "Plant room request:",
        "Hey! Harvest desk request:",
        "Front-of-house request -",
        "Hi team! Ropeway ops ask:",
        "Gate request:",  # the word said again by the asks (topic gate-events)
        "Audience award desk:",
        "Hi! For the front desk:",
        "Quick one from the curation side:",
        "Quick one from the robot barn.",  # a sentence of its own after "quick one from"
        "Small ask from the milking parlour!",
        "Match-day dashboard:",  # the screen the output is for
    ],
)
def test_workplace_unit_request_opener_is_background(opener: str) -> None:
    spec = spec_to_dict(
        parse_request(f"{opener} the turnstiles send scans to gate-events. Print them to stdout.")
    )
    assert spec["source"]["topics"] == ["gate-events"]


@pytest.mark.parametrize(
    "opener",
    [
        "Refund request:",  # a word that may name records, said nowhere else
        "Late scans request:",  # a qualifier
        "Dedup request:",  # a step word
        "VIP desk request:",  # a code
        "Quick one from the VIP barn.",
        "Quick one from the robot arm.",  # no work unit, no "request"
        "Premium desk:",
    ],
)
def test_workplace_request_opener_that_may_select_is_refused(opener: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{opener} the turnstiles send scans to gate-events. Print them to stdout.")


@pytest.mark.parametrize(
    "used",
    [
        "The billing people read this topic.",
        "(the growers' pager bot subscribes to it)",
        "Our audit office consumes that topic.",
    ],
)
def test_who_reads_the_output_is_purpose(used: str) -> None:
    assert _reads(f"{BASE}. {used}") == _reads(BASE)


@pytest.mark.parametrize(
    "who",
    ["the harbour master wants a live feed", "the night shift manager needs a real-time dashboard"],
)
def test_who_wants_a_live_feed_after_what_the_sender_runs_is_background(who: str) -> None:
    assert _reads(f"Our marina runs 400 berths and {who}. {BASE}.") == _reads(BASE)


@pytest.mark.parametrize(
    "who", ["the EU team wants a live feed", "the cancelled trips team wants a live map"]
)
def test_who_wants_a_live_feed_that_may_select_is_refused(who: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"Our marina runs 400 berths and {who}. {BASE}.")


@pytest.mark.parametrize(
    "used",
    [
        "The ice techs watch that topic on their phones.",
        "The rebalancing crew works from that list.",
        "The head baker keeps an eye on that topic.",
    ],
)
def test_people_working_from_the_output_is_purpose(used: str) -> None:
    assert _reads(f"{BASE}. {used}") == _reads(BASE)


@pytest.mark.parametrize(
    "used",
    [
        "The ice techs watch that topic for the late ones.",  # a qualifier: which records?
        "The test crew works from that list.",
        "The ops team works from that list for the north gates.",  # a tail that may select
    ],
)
def test_people_working_from_the_output_that_may_select_is_refused(used: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{BASE}. {used}")


@pytest.mark.parametrize(
    "complaint",
    [
        "The figure skating club has complained about soft ice twice this month.",
        "We've had two soft-ice complaints from the skating club this month, so we'd like an "
        "early warning.",
        "The allotment society has complained about dry beds three times this week.",
    ],
)
def test_who_complained_how_often_is_context(complaint: str) -> None:
    assert _reads(f"{complaint} {BASE}.") == _reads(BASE)


@pytest.mark.parametrize(
    "complaint",
    [
        "The tenants have complained about late repairs twice this month.",  # 'late' selects
        "The club has complained about rink_2 twice this month.",  # a name
        "We've had two complaints from the EU club this month.",  # a code
        "The club has complained about 20 gates.",  # a number not of the complaints
    ],
)
def test_a_complaint_that_may_select_records_is_refused(complaint: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{complaint} {BASE}.")


_DEDUP = "Read topic gate-events, drop duplicates of scan_id within 5 minutes and print to stdout"


@pytest.mark.parametrize(
    "why",
    [
        "Our ticket gates send repeated scan events.",
        "The gates resend the same scan several times when the network hiccups, which pages our "
        "technician over and over.",
        "The gates post the same scan a few times when the wifi is flaky.",
    ],
)
def test_why_records_repeat_is_read_beside_a_dedup(why: str) -> None:
    assert _reads(f"{why} {_DEDUP}.") == _reads(f"{_DEDUP}.")


@pytest.mark.parametrize(
    "request_text",
    [
        f"Our ticket gates send repeated scan events. {BASE}.",  # no dedup asked: a requirement
        f"Our ticket gates send repeated test events. {_DEDUP}.",  # 'test' may select
        f"Our ticket gates send repeated failed events. {_DEDUP}.",
    ],
)
def test_why_records_repeat_without_a_dedup_or_with_a_qualifier_is_refused(
    request_text: str,
) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


_COUNTS = "Count them per press_id every hour and write the counts to the topic plant.hourly"


@pytest.mark.parametrize(
    "producer",
    [
        "Every time a press stamps a panel, it posts an event to plant.strokes.",
        "Whenever a harvest robot drops a crate it sends a reading to the topic plant.strokes.",
    ],
)
def test_every_time_a_producer_does_something_it_posts_to_the_source(producer: str) -> None:
    spec = spec_to_dict(parse_request(f"{producer} {_COUNTS}."))
    assert spec["source"]["topics"] == ["plant.strokes"]


@pytest.mark.parametrize(
    "producer",
    [
        "Every time a press stamps a broken panel, it posts an event to plant.strokes.",
        "Every time a test press stamps a panel, it posts an event to plant.strokes.",
        "Every time a press filters a panel, it posts an event to plant.strokes.",  # a step verb
    ],
)
def test_every_time_a_producer_clause_that_may_select_is_refused(producer: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{producer} {_COUNTS}.")


_PEAK = (
    "Buoys send readings to marina.strain. {who}: every 5 minutes, take the max of strain_kn "
    "per buoy_id and publish it to the topic marina.buoy-peak."
)


def test_who_wants_a_live_output_named_again_is_context() -> None:
    spec = spec_to_dict(
        parse_request(_PEAK.format(who="The harbour master wants a live buoy peak"))
    )
    assert spec["sinks"][0]["topic"] == "marina.buoy-peak"


@pytest.mark.parametrize(
    "who",
    [
        "The harbour master wants a live storm score",  # words said nowhere else
        "The harbour master wants a live late peak",  # a qualifier
    ],
)
def test_who_wants_a_live_output_that_may_ask_more_is_refused(who: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_PEAK.format(who=who))


@pytest.mark.parametrize(
    "why",
    [
        ", since double scans would inflate the counts",
        ". Turnstiles double-fire and skew our rider counts",
    ],
)
def test_counts_that_repeats_spoil_are_no_count_window(why: str) -> None:
    # before: 'the counts' was read as a count window of 1 minute (exit 0, a wrong spec)
    with pytest.raises(RequestNotUnderstood):
        parse_request(f"{_DEDUP}{why}.")


def test_every_time_a_producer_posts_beside_another_topic_read_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="which topic holds the records"):
        parse_request(
            "Every time a press stamps a panel, it posts an event to plant.strokes. Read topic "
            "plant.other and print it to stdout."
        )


# h28/bg6: who works from the output, why records repeat, deferrals, why a lookup, titles

_ALERTS = (
    "Read the topic dome.weather, keep readings where wind_ms is above 15, and write them to "
    "the Kafka topic dome.alerts. {who}"
)


@pytest.mark.parametrize(
    "who",
    [
        "Billing reads from that topic.",
        "Telescope control reads from that topic.",
        "The night crew pulls from that topic.",
    ],
)
def test_who_reads_from_the_output_is_purpose(who: str) -> None:
    spec = spec_to_dict(parse_request(_ALERTS.format(who=who)))
    assert spec["operators"][0]["field"] == "wind_ms"
    assert any(
        "pulls from that topic" in a or "reads from that topic" in a for a in spec["assumptions"]
    )


@pytest.mark.parametrize(
    "who",
    [
        "Telescope control reads from that topic for the late nights.",  # a qualifier
        "Telescope control reads from that topic for the EU domes.",  # a name
    ],
)
def test_who_reads_from_the_output_for_some_records_is_refused(who: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_ALERTS.format(who=who))


_TOLLS = (
    "The toll gantries read the same truck two or three times while it waits, which "
    "double-charges drivers. Read topic tolls.reads{dedup} and write the rest to topic tolls.out."
)


def test_a_device_repeating_n_or_m_times_is_why_the_dedup_is_asked() -> None:
    spec = spec_to_dict(
        parse_request(_TOLLS.format(dedup=", drop duplicates with the same plate within 5 minutes"))
    )
    assert [op["kind"] for op in spec["operators"]] == ["dedup"]


def test_a_device_repeating_n_or_m_times_with_no_dedup_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_TOLLS.format(dedup=""))


@pytest.mark.parametrize(
    "later",
    ["we'll wire it into payroll later.", "we will feed it into the pricing model later."],
)
def test_where_the_output_goes_later_is_background(later: str) -> None:
    spec = spec_to_dict(
        parse_request(f"Read topic spa.treatments and print it to the console for now, {later}")
    )
    assert spec["sinks"][0]["kind"] == "stdout"
    assert any("(later)" in a for a in spec["assumptions"])


_LOOKUP = (
    "Read topic library.returns. The shelving volunteers need to know {what}, so please look up "
    "each book in Redis at book:{{isbn}} and copy shelf_code. Write them to topic library.out."
)


def test_why_a_lookup_is_asked_is_purpose() -> None:
    spec = spec_to_dict(parse_request(_LOOKUP.format(what="where the book goes")))
    assert spec["operators"][0]["kind"] == "enrich"


@pytest.mark.parametrize("what", ["which overdue books came back", "where the 3 damaged books go"])
def test_why_a_lookup_is_asked_that_may_select_is_refused(what: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_LOOKUP.format(what=what))


_RUNS = (
    "Title: Runs with distance in miles\nSource: topic club.runs\nSteps:\n- {step}\n- sink: stdout"
)


def test_a_title_unit_said_again_by_a_field_name_is_purpose() -> None:
    spec = spec_to_dict(parse_request(_RUNS.format(step="add distance_mi = distance_km * 0.621")))
    assert spec["operators"][0]["fields"][0]["name"] == "distance_mi"


def test_a_title_unit_no_field_says_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_RUNS.format(step="keep only run_id and distance_km"))


_SCANS = "Title: {title}\nSource: topic campus.scans\nSteps:\n- {step}\n- sink: topic campus.out"


@pytest.mark.parametrize("title", ["Badge scan clean-up", "Clean badge scans for the KPI board"])
def test_a_title_saying_clean_over_a_dedup_is_purpose(title: str) -> None:
    spec = spec_to_dict(
        parse_request(_SCANS.format(title=title, step="drop duplicates by scan_id within 1 minute"))
    )
    assert spec["operators"][0]["kind"] == "dedup"


def test_a_title_saying_clean_over_no_dedup_or_filter_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            _SCANS.format(title="Clean badge scans", step="keep only scan_id and door_id")
        )


def test_a_title_saying_cdc_over_a_capture_is_purpose() -> None:
    spec = spec_to_dict(
        parse_request(
            "Title: CDC for kennel bookings\nSource: MySQL table kennel.bookings via Debezium\n"
            "Primary key: booking_id\nColumns: booking_id bigint, nights int\n"
            "Target: ClickHouse database kennel_copy"
        )
    )
    assert spec["source"]["format"]["kind"] == "debezium"


# h28/bg7: a device's repeats beside a dedup, the sender's size spread over a place

_DEDUP_STEP = "Dedupe topic depot.scans on scan_id within 5 minutes and write to topic depot.out."


@pytest.mark.parametrize(
    "why",
    [
        "Scans on topic depot.scans get retried by the gateway, so first",
        "The readers on bad wifi retry and we end up with the same scan twice, which makes the"
        " report look wrong.",
        "The retry logic on flaky mobile connections means we get the same scan_id more than"
        " once.",
        "The reader on GATE-2 resends door scan events whenever the network hiccups, so we see"
        " the same scan 2 or 3 times.",
        "Door SMS events come in twice sometimes.",
    ],
)
def test_a_device_repeating_beside_a_dedup_is_its_reason(why: str) -> None:
    step = (
        _DEDUP_STEP
        if not why.endswith("first")
        else _DEDUP_STEP.replace("Dedupe topic depot.scans", "drop duplicates")
    )
    spec = spec_to_dict(parse_request(f"{why} {step}"))
    assert [op["kind"] for op in spec["operators"]] == ["dedup"]
    assert any("purpose" in a for a in spec["assumptions"])


@pytest.mark.parametrize(
    "text",
    [
        # a qualifier after who retries may select records
        "Scans on topic depot.scans get retried by the gateway for premium doors, so first drop"
        " duplicates on scan_id within 5 minutes and write to topic depot.out.",
        # no dedup asked: 'SMS' is a store again
        "Door SMS events come in twice sometimes. Read topic depot.scans and write to topic"
        " depot.out.",
        # people counting in a reason clause: no count window
        "Read topic depot.scans and write to topic depot.out. Needs to be exactly-once since the"
        " night crew counts scans off that topic.",
    ],
)
def test_a_device_repeating_that_may_select_stays_refused(text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(text)


def test_a_device_code_said_again_as_the_kept_value() -> None:
    """The machine's code said again as a condition: since h34/cond12 "keep only gate GATE-2"
    is read (the noun names the field of the code), so the sentence before it is the reason for
    the dedup and the filter keeps that device's records (it was refused only because the
    condition was unread)."""
    spec = spec_to_dict(
        parse_request(
            "The reader on GATE-2 resends door scan events whenever the network hiccups. Read"
            " topic depot.scans, keep only gate GATE-2, dedupe on scan_id within 5 minutes and"
            " write to topic depot.out."
        )
    )
    ops = spec["operators"]
    assert [op["kind"] for op in ops] == ["filter", "dedup"]
    assert (ops[0]["field"], ops[0]["op"], ops[0]["value"]) == ("gate", "eq", "GATE-2")


def test_the_senders_size_across_a_place_said_nowhere_else_is_background() -> None:
    spec = spec_to_dict(parse_request(f"We run 14 hostels across Portugal. {BASE}."))
    assert spec["operators"] == []
    spec = spec_to_dict(
        parse_request(f"We run a small sawmill in Oregon with three lines. {BASE}.")
    )
    assert spec["operators"] == []


@pytest.mark.parametrize(
    "text",
    [
        "We run 14 hostels across Portugal. Read topic gate-events, keep only Portugal and write"
        " them to stdout.",
        f"We run 14 hostels in Portugal. {BASE}.",  # some of them, maybe
    ],
)
def test_the_senders_size_with_a_place_that_may_select_is_refused(text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(text)


# h29/bg8: who wants the output in the store, who contacts people from it

_ROTA = (
    "Our rota system runs on MySQL (database rota) and {who}. Could you capture changes (CDC) "
    "from the table rota.shifts with the columns shift_id bigint primary key, nurse_name "
    "varchar, and write them to the ClickHouse database rota_copy?"
)


@pytest.mark.parametrize(
    "who",
    [
        "the planners want the shift list in ClickHouse",
        "the planners want them in ClickHouse for the staffing sheet",
    ],
)
def test_who_wants_the_output_in_the_store_is_purpose(who: str) -> None:
    spec = spec_to_dict(parse_request(_ROTA.format(who=who)))
    columns = spec["source"]["format"]["tables"][0]["columns"]
    assert [c["name"] for c in columns] == ["shift_id", "nurse_name"]
    assert any("planners" in a for a in spec["assumptions"])


@pytest.mark.parametrize(
    "who",
    [
        "the planners want the night list in ClickHouse",  # 'night' names no records
        "the planners want the paid list in ClickHouse",
        "the planners want them in ClickHouse for the EU planning sheet",  # a name
    ],
)
def test_who_wants_some_of_the_output_in_the_store_is_refused(who: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_ROTA.format(who=who))


def test_who_calls_people_from_the_output_is_purpose() -> None:
    spec = spec_to_dict(
        parse_request(_ALERTS.format(who="The desk calls visitors from that list."))
    )
    assert spec["operators"][0]["field"] == "wind_ms"
    assert any("calls visitors from that list" in a for a in spec["assumptions"])
    with pytest.raises(RequestNotUnderstood):  # which people: may select records
        parse_request(_ALERTS.format(who="The desk calls the late visitors from that list."))


_BATCHES = (
    "BAK-14 Dough batches with {title}\nLabels: bakery\nSource: bakery.dough_batches\n"
    "Acceptance criteria:\n- table join with the compacted topic bakery.recipes on recipe_id\n"
    "- add recipe_name\n- sink: ClickHouse bakery.batches_enriched"
)


def test_a_title_naming_what_a_join_adds_is_context() -> None:
    spec = spec_to_dict(parse_request(_BATCHES.format(title="recipe details")))
    assert spec["operators"][0]["kind"] == "table_join"
    with pytest.raises(RequestNotUnderstood):  # 'premium' may say which records
        parse_request(_BATCHES.format(title="premium recipe details"))


_PUMPS = (
    "OPS-31 {title} to ClickHouse\nLabels: water\nAcceptance criteria:\n"
    "- {db} CDC on utility.pump_inspections\n"
    "- columns: inspection_id bigint pk, pump_code varchar\n"
    "- sink: ClickHouse database utility_copy"
)


@pytest.mark.parametrize("db", ["Postgres", "MySQL"])
def test_a_title_over_a_capture_named_after_its_database_is_context(db: str) -> None:
    spec = spec_to_dict(parse_request(_PUMPS.format(title="Pump inspections", db=db)))
    assert spec["source"]["format"]["tables"][0]["name"] == "pump_inspections"
    with pytest.raises(RequestNotUnderstood):  # 'Failed' is said nowhere else
        parse_request(_PUMPS.format(title="Failed pump inspections", db=db))


@pytest.mark.parametrize(
    ("word", "following", "said", "expected"),
    [
        ("Low", ["ink"], "keep records where ink_pct < 15", True),
        ("High", ["temperature"], "temperature_c is above 30", True),
        ("low", ["batteries"], "battery_pct <= 20", True),
        ("Low", ["ink"], "keep records where ink_pct > 15", False),  # the other side
        ("Low", ["ink"], "keep records where toner_pct < 15", False),  # another field
        ("Low", [], "ink_pct < 15", False),
        ("Slow", ["requests"], "requests_ms > 500", False),  # only low and high
    ],
)
def test_a_title_bound_is_said_by_a_filter_on_its_noun(
    word: str, following: list[str], said: str, expected: bool
) -> None:
    assert _bound_said(word, following, said) is expected


def test_a_feed_asked_for_or_titled_for_someone_is_no_topic() -> None:
    assert _FEED_WANTED_BEFORE.search("the night ops team wants a ")
    assert _FEED_WANTED_BEFORE.search("we'd like a ")
    assert not _FEED_WANTED_BEFORE.search("read the ")
    assert _FEED_TITLED_FOR.match(" for the store managers:")
    assert not _FEED_TITLED_FOR.match(" for the store managers, and")


_SURF = (
    "Read topic surf.buoy_readings, every 15 minutes per beach_id take the average "
    "wave_height_m as avg_wave, written to the Kafka topic surf.conditions. {reader}"
)


@pytest.mark.parametrize(
    "reader",
    [
        "The tower crews decide the flag colour from it.",
        "The lifeguards set the patrol rota based on that topic.",
        "The coaches plan the surf lessons from it.",
    ],
)
def test_who_decides_something_from_the_output_is_purpose(reader: str) -> None:
    spec = spec_to_dict(parse_request(_SURF.format(reader=reader)))
    assert spec["operators"][0]["kind"] == "window"


@pytest.mark.parametrize(
    "reader",
    [
        "The lifeguards decide the closed beaches from it.",  # 'closed' may select
        "The crews pick the top beaches from it.",  # 'top': never said by "topic"
        "The crews decide the EU flag from it.",  # a code
    ],
)
def test_who_decides_from_some_of_the_output_is_refused(reader: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(_SURF.format(reader=reader))


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        (
            "Read topic app.events, drop the pings (event_type != ping), they're just noise, "
            "and print to the console.",
            "filter",
        ),
        (
            "Read topic app.events, drop events where event_type = ping, we don't need them. "
            "Print to the console.",
            "filter",
        ),
        (
            "Read topic kiln.log and strip out operator_name and badge_no before writing to "
            "clickhouse studio.kiln, we shouldn't store them",
            "select",
        ),
        (
            "Read topic kiln.log, drop the fields operator_name and badge_no before they leave "
            "Kafka (privacy), and write to clickhouse studio.kiln",
            "select",
        ),
    ],
)
def test_what_a_drop_removed_said_again_as_unwanted_is_read(request_text: str, kind: str) -> None:
    spec = spec_to_dict(parse_request(request_text))
    assert [op["kind"] for op in spec["operators"]] == [kind]


@pytest.mark.parametrize(
    "request_text",
    [
        # after a keep, "they" may be the records kept or the others
        "Read topic app.events, keep only the pings (event_type = ping), they're just noise, "
        "and print to the console.",
        "Read topic kiln.log, keep only the fields operator_name and badge_no, we shouldn't "
        "store them, and write to clickhouse studio.kiln",
        # a noun may name other records
        "Read topic kiln.log, drop operator_name and badge_no, we don't store the night shifts, "
        "and write to clickhouse studio.kiln",
    ],
)
def test_unwanted_said_of_other_records_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("aside", "subject"),
    [
        ("the comment field is free text and we don't store it", "comment"),
        ("the raw payload is huge so we don't keep it", "raw payload"),
        ("the notes column is free text, and we dont store it", "notes"),
        ("the docket text must not leave the court network", "docket text"),
        ("the comment field is test data and we don't store it", None),  # may select
        ("the comment field is only noise and we don't store it", None),
    ],
)
def test_an_aside_keeping_a_field_out(aside: str, subject: str | None) -> None:
    said = _withheld(aside)
    assert (said["subj"] if said else None) == subject


@pytest.mark.parametrize(
    ("request_text", "topic"),
    [
        ("Please read the slab sensor topic rink.temps and write to topic rink.copy", "rink.temps"),
        ("read the till topic shop.tills, write to topic shop.copy", "shop.tills"),
        ("topic checkins has every check-in; write them to topic checkins-copy", "checkins"),
        (
            "The topic boiler.readings holds all the readings. Write to topic x.copy",
            "boiler.readings",
        ),
    ],
)
def test_words_describing_the_topic_read_are_read(request_text: str, topic: str) -> None:
    assert spec_to_dict(parse_request(request_text))["source"]["topics"] == [topic]


@pytest.mark.parametrize(
    "request_text",
    [
        "read the late deliveries topic courier.deliveries and write to topic courier.copy",
        "read the EU orders topic shop.orders and write to topic shop.copy",
        "read the legacy orders topic shop.orders and write to topic shop.copy",
        "read the slab topic rink.temps and write to topic rink.copy",  # names no records
        "topic payments has every late payment; write them to topic payments-copy",
        "topic payments has every refund; write them to topic payments-copy",
    ],
)
def test_words_describing_some_of_the_topic_are_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


def test_deadline_sentence_is_background_h31_misc8() -> None:
    base = "Read topic ski.scans and send them to Kafka topic ski.out."
    spec = spec_to_dict(parse_request(base + " No rush, before the weekend would be great."))
    assert spec["operators"] == []
    with pytest.raises(RequestNotUnderstood):
        parse_request("Read topic ski.scans, keep scans before the weekend would be great.")


def test_tracking_devices_describe_the_producers_h32_other9a() -> None:
    from generator.parse.rules.source_descriptions import description_word

    assert description_word("tracking")
    assert not description_word("failed")
    spec = spec_to_dict(
        parse_request("The tracking boxes on every boat publish to regatta.fixes. Write to stdout.")
    )
    assert spec["source"]["topics"] == ["regatta.fixes"]


def test_audit_audiences_are_who_a_purpose_is_for_h32_other9a() -> None:
    from generator.parse.rules.purpose import _AUDIENCE

    assert {"regulator", "regulators", "auditors", "compliance", "legal"} <= _AUDIENCE
    assert "premium" not in _AUDIENCE


# h32/other9b: the sender's size as a compound, who reads the output in a relative clause
@pytest.mark.parametrize(
    ("words", "out"),
    [
        ("We're a 120-room hotel", "We're a  hotel"),
        ("we run a 40-bed clinic", "we run a  clinic"),
        ("We're a 24-hour store", "We're a 24-hour store"),
    ],
)
def test_sized_sender_out(words: str, out: str) -> None:
    from generator.parse.rules.context import _sender_counts_out

    assert _sender_counts_out(words) == out


@pytest.mark.parametrize(
    ("clause", "read"),
    [
        ("which the control room dashboard already reads", True),
        ("which the pager bot subscribes to", True),
        ("which our billing app polls", True),
        ("which the planners want", False),
    ],
)
def test_used_which(clause: str, read: bool) -> None:
    from generator.parse.rules.purpose import _USED_CLAUSE

    assert bool(_USED_CLAUSE.fullmatch(clause)) is read


@pytest.mark.parametrize(
    ("label", "rest", "heading"),
    [
        ("Runbook", "firing summaries.", True),
        ("Playbook", "depot parcel counts", True),
        ("Orders", "dedupe them by order_id", False),  # a step: the label is the topic
        ("Status", "paid only", False),  # a label's value, a restriction
        ("Goal", "hourly revenue per region.", False),  # read on its own path
        ("Runbook", "orders.v2", False),  # a name: no plain words
    ],
)
def test_plain_heading_h34_t58(label: str, rest: str, heading: bool) -> None:
    from generator.parse.rules.text import _plain_heading

    assert _plain_heading(label, rest) is heading


def test_heading_label_is_no_source_topic_h34_t58() -> None:
    laid = layout("Runbook: firing summaries.\nSource studio.firing_logs. Print to stdout.")
    assert "from topic Runbook" not in laid and laid.startswith("Title: Runbook")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # how long the ask has waited (h35/bg14)
        (
            "tool, it's been on the backlog forevr)",
            [("situation", "it's been on the backlog forevr")],
        ),
        (
            "x. This has been sitting on our wishlist for months.",
            [("situation", "This has been sitting on our wishlist for months")],
        ),
        (
            "x. We've wanted this for ages, long overdue!",
            [("situation", "We've wanted this for ages"), ("situation", "long overdue")],
        ),
        ("x. The EU orders have been on the backlog for months.", []),
        # how long the pipeline lives
        (
            "x. Temporary, remove after the season.",
            [("situation", "Temporary, remove after the season.")],
        ),
        (
            "x. one-off thing — turn it off after the festival!",
            [("situation", "one-off thing — turn it off after the festival!")],
        ),
        ("x. Temporary, remove rows after the season.", []),
        ("x. Temporary readings should be dropped.", []),
        # how big the ask is
        ("Need a small job for the kiln sensors:", [("opener", "Need a small job")]),
        ("Need small jobs for the print queue:", []),
    ],
)
def test_waited_lifetime_and_ask_size_h35_bg14(text: str, found: list[tuple[str, str]]) -> None:
    assert [(k, w) for k, w in _kinds(text) if k in ("situation", "opener")] == found


@pytest.mark.parametrize(
    ("words", "out"),
    [
        ("so the fixers know where to go first", "so the fixers know where"),
        ("so the nurses know who to call first", "so the nurses know who"),
        (
            "so the fixers know which looms to fix first",
            "so the fixers know which looms to fix first",
        ),
        ("so they see the first breaks", "so they see the first breaks"),
    ],
)
def test_act_first_h35_bg14(words: str, out: str) -> None:
    from generator.parse.rules.purpose import _ACT_FIRST

    assert _ACT_FIRST.sub(r"\g<q>", words) == out


@pytest.mark.parametrize(
    ("clause", "stripped"),
    [
        ("the vet asked for it after last weekend", "the vet asked for it "),
        ("our manager asked for this yesterday", "our manager asked for this "),
        ("the vet wants it for last weekend", "the vet wants it for last weekend"),
        ("the vet needs them over last weekend", "the vet needs them over last weekend"),
    ],
)
def test_used_when_h35_bg14(clause: str, stripped: str) -> None:
    from generator.parse.rules.purpose import _USED_WHEN_RE

    assert _USED_WHEN_RE.sub(" ", clause) == stripped


@pytest.mark.parametrize(
    ("words", "unsaid"),
    [
        ("so the night assistant's dashboard can read it", False),
        ("so the morning porters can plan", False),
        ("to see how long machines run at night", True),
    ],
)
def test_time_of_day_before_a_role_h35_bg14(words: str, unsaid: bool) -> None:
    from generator.parse.rules.context import _time_of_day_unsaid

    assert _time_of_day_unsaid(words, "read topic x") is unsaid


# h35/t61: where the request stands in its document ("step 4", "Part 2") is no value
@pytest.mark.parametrize(
    ("words", "out"),
    [
        ("RUNBOOK step 4 (stock watcher)", "RUNBOOK   (stock watcher)"),
        ("Part 2 - quiet hours", "  - quiet hours"),
        ("step 3 of 5", "  of 5"),
        # before a plural it may select: kept ("stage 2 batches", "step 2 orders")
        ("step 2 orders", "step 2 orders"),
    ],
)
def test_doc_position_out(words: str, out: str) -> None:
    from generator.parse.rules.context import _sender_counts_out

    assert _sender_counts_out(words) == out


def test_a_request_with_hardly_any_known_words_is_not_english() -> None:
    from generator.parse.rules.scope import refuse_other_language

    welsh = "Darllenwch yr archebion cwrt o'r pwnc t.a, cyfrifwch faint sydd ym mhob clwb bob awr"
    with pytest.raises(RequestNotUnderstood, match="reads English only"):
        refuse_other_language(welsh)
    english = "Hiya, hope the weekend went well and the kids loved the beach; read topic x"
    refuse_other_language(english)  # known words: English
    terse = "- source: tickets\n- keep: priority in P1, P2, P3\n- sink: clickhouse a.b"
    refuse_other_language(terse)
