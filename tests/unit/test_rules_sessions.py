"""Rule parser: session metrics (Sessionize): key, inactivity gap, pages viewed."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict

THIRTY_MIN = 30 * 60_000


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def session_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    ops = [op for op in spec["operators"] if op["kind"] == "sessionize"]
    assert len(ops) == 1, spec["operators"]
    assert not [op for op in spec["operators"] if op["kind"] == "window"]
    return ops[0]


CASES = [
    # (request, key, gap_ms, distinct_field): pages viewed only when asked for, or with the
    # preset's unnamed "session metrics"
    ("Process clickstream events from Kafka topic 'user-events', calculate session metrics, and "
     "store in ClickHouse", "session_id", THIRTY_MIN, "page_url"),
    ("sessions with a 10 minute inactivity gap from topic 'clicks' into ClickHouse",
     "session_id", 600_000, None),
    ("from topic 'clicks' sessionize by user_id with a 15-minute timeout and print",
     "user_id", 900_000, None),
    ("from topic 'clicks' track user sessions that end after 20 minutes of inactivity, print",
     "user_id", 1_200_000, None),
    ("from topic 'clicks' compute per-user sessions, 45 minute idle timeout, print",
     "user_id", 2_700_000, None),
    ("from topic 'readings' compute session metrics per device, print",
     "device_id", THIRTY_MIN, None),
    ("from topic 'clicks' sessions with an inactivity gap of half an hour, print",
     "session_id", THIRTY_MIN, None),
    ("from topic 'clicks' session timeout of 90 seconds; print sessions",
     "session_id", 90_000, None),
    ("from topic 'clicks' sessions split after 2 hours of inactivity, print",
     "session_id", 7_200_000, None),
    ("from topic 'clicks' sessionise visitors with a 5 min gap and print",
     "user_id", 300_000, None),
    ("from topic 'clicks' sessions counting distinct pages viewed, print",
     "session_id", THIRTY_MIN, "page_url"),
    ("from topic 'readings' sessionize sensor readings and print",
     "device_id", THIRTY_MIN, None),
    ("from topic 'orders' sessions keyed by customer_id, 1h gap, print",
     "customer_id", 3_600_000, None),
    ("from topic 'clicks' sessions (30s gap), print", "session_id", 30_000, None),
    ("from topic 'clicks' track sessions with a gap of 1h and print",
     "session_id", 3_600_000, None),
    ("from topic 'clicks' build user sessions with 10 minutes of inactivity and print",
     "user_id", 600_000, None),
    ("From 'clicks' sessionize on session_id with a session timeout of 25 minutes, print",
     "session_id", 1_500_000, None),
    ("from topic 'clicks' session tracking per customer, print", "customer_id", THIRTY_MIN,
     None),
    ("from topic 'clicks' calculate session metrics for each user and print",
     "user_id", THIRTY_MIN, "page_url"),
    ("from topic 'clicks' compute sessions; a session ends after 5 minutes idle; print",
     "session_id", 300_000, None),
    ("from topic 'logs' sessions per host with a 2 minute gap, print", "host", 120_000, None),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "key", "gap", "distinct"), CASES)
def test_sessions(request_text: str, key: str, gap: int, distinct: str | None) -> None:
    op = session_of(request_text)
    assert op["key"] == key
    assert op["gap_ms"] == gap
    assert op["distinct_field"] == distinct
    assert op["session_id_field"] == "session_key"
    assert op["prefix"] == "session"


def test_session_pipeline_name_and_sink_columns() -> None:
    spec = parse("from topic 'clicks' calculate session metrics and store in ClickHouse")
    assert spec["name"] == "clicks_sessions"
    assert spec["sinks"][0]["order_by"] == ["timestamp", "session_id", "event_id"]
    assert spec["sinks"][0]["engine"] == "MergeTree"


def test_enrichment_runs_before_sessions() -> None:
    spec = parse(
        "from topic 'clicks' calculate session metrics and enrich with user profiles from Redis, "
        "print"
    )
    assert [op["kind"] for op in spec["operators"]] == ["enrich", "sessionize"]
    assert spec["source"]["key"] == "user_id"


def test_session_key_missing_from_schema_is_added() -> None:
    spec = parse("from topic 'events' sessions per account_id and print")
    assert spec["operators"][0]["key"] == "account_id"
    assert any("account_id" in note for note in spec["assumptions"])


def test_sessions_need_event_time() -> None:
    with pytest.raises(
        RequestNotUnderstood, match=r"'processing time' names none.*event time <field>"
    ):
        parse("from topic 'clicks' calculate session metrics using processing time and print")


def test_per_session_is_a_group_by_not_sessions() -> None:
    spec = parse("from topic 'clicks' count clicks per session every minute and print")
    kinds = [op["kind"] for op in spec["operators"]]
    assert kinds == ["window"]
    assert spec["operators"][0]["group_by"] == ["session_id"]


def _window(request: str) -> dict[str, Any]:
    ops = parse(request)["operators"]
    return next(op for op in ops if op["kind"] == "window")


def test_aggregates_beside_sessions_are_a_session_window() -> None:
    """Aggregates said beside sessions with no window of their own: one row per session."""
    w = _window(
        "read topic bikes.docks grouped into sessions per dock_id; a session ends after "
        "15 minutes with no rentals. count the rentals as rides and take the max load_kg. print"
    )
    assert (w["type"], w["gap_ms"], w["group_by"]) == ("session", 900_000, ["dock_id"])
    assert [a["fn"] for a in w["aggregates"]] == ["count", "max"]


def test_group_per_key_into_sessions_and_each_trip() -> None:
    """'group them per X into sessions', and 'for each trip' (a session's own word)."""
    w = _window(
        "Take events from topic fleet.vans and group them per van_id into sessions that close "
        "after 20 minutes without a ping; for each trip sum litres as fuel. print"
    )
    assert (w["type"], w["gap_ms"], w["group_by"]) == ("session", 1_200_000, ["van_id"])


def test_sessions_without_gap_beside_aggregates_stay_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse("read topic clicks, sessionize per user_id, count clicks per user session. print")


@pytest.mark.parametrize(
    ("said", "gap"),
    [
        ("treat a gap of twenty minutes as the end of a shift and per van_id", 1_200_000),
        ("per van_id treat a trip as continuous until the van is idle for 10 min;", 600_000),
        ("per van_id, a trip is over when nothing arrives for 15 min;", 900_000),
        ("per van_id, a burst of activity ends after 30 quiet minutes;", 1_800_000),
    ],
)
def test_session_window_described_without_the_word_session(said: str, gap: int) -> None:
    """A session said by its gap and the request's own noun for it (a shift, a trip, a burst):
    a session window, the reading listed."""
    spec = parse(f"read topic fleet.vans, {said} sum litres as fuel. print")
    w = next(op for op in spec["operators"] if op["kind"] == "window")
    assert (w["type"], w["gap_ms"], w["group_by"]) == ("session", gap, ["van_id"])
    assert any("as a session window" in a for a in spec_assumptions(said))


def spec_assumptions(said: str) -> list[str]:
    return list(
        parse_request(f"read topic fleet.vans, {said} sum litres as fuel. print").assumptions
    )


def test_two_different_gaps_are_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="two inactivity gaps"):
        parse(
            "read topic fleet.vans, per van_id a trip ends after 10 idle minutes; treat a gap of "
            "20 minutes as the end of a trip; sum litres as fuel. print"
        )


def test_gap_without_a_noun_for_the_session_is_not_a_session_window() -> None:
    """ "when nothing arrives for 15 min" with no session noun said: no session is read."""
    with pytest.raises(RequestNotUnderstood):
        parse(
            "read topic fleet.vans, per van_id sum litres as fuel when nothing arrives for "
            "15 min. print"
        )


def test_described_session_without_a_group_is_refused() -> None:
    """One session of all records is never what "a visit is over when ..." means."""
    with pytest.raises(RequestNotUnderstood, match="whose sessions"):
        parse(
            "read topic fleet.vans, sum litres as fuel; a trip is over when nothing arrives for "
            "15 min. print"
        )


def test_session_fields_stored_in_a_table_are_the_session_metrics() -> None:
    spec = spec_to_dict(
        parse_request(
            "Please group the pings on kiln.gps into sessions per cart_id, closing a session after "
            "10 minutes without a ping, and store the events with their session fields in the "
            "ClickHouse table kiln.cart_runs."
        )
    )
    assert spec["operators"][0]["kind"] == "sessionize"
    assert spec["sinks"][0]["table"] == "cart_runs"


def test_session_duration_in_another_unit_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="duration in minutes"):
        parse_request(
            "read topic pings, sessionize per user_id with a 30 minute gap and output the "
            "session duration in minutes to stdout"
        )


def test_key_said_before_the_sessions_keys_the_session_window() -> None:
    """'per X, group ... into sessions that end after ...' with aggregates: the key said
    first (read as the group) keys the session window."""
    w = _window(
        "Per pump_id, group the readings from topic water.pumps into sessions that end after "
        "10 minutes without a reading and take the max bar as peak_bar. print"
    )
    assert (w["type"], w["gap_ms"], w["group_by"]) == ("session", 600_000, ["pump_id"])


def test_session_gloss_is_read_only_with_the_requests_own_words() -> None:
    """'so each session is one pumping run' names what a session is when the request's names
    hold its words (topic water.pump_runs); 'one failed run' may select records: refused."""
    said = (
        "read topic water.pings, sessionize per pump_id with a 10 minute gap, so each session is "
    )
    s = session_of(said + "one pumping run. write to topic water.pump_runs")
    assert (s["key"], s["gap_ms"]) == ("pump_id", 600_000)
    with pytest.raises(RequestNotUnderstood):
        parse(said + "one failed run. write to topic water.pump_runs")


def test_terse_request_opening_with_the_topic_then_its_window() -> None:
    """'x.y session windows per k gap 10 min: ...': a name that can only be a topic opening the
    request, then the window it is cut into, is the source ('session' is the window's word,
    never the records' noun); a session window with no gap stays refused."""
    w = _window("plant.valve_events session windows per valve_id gap 10 min: count as moves. print")
    assert (w["type"], w["gap_ms"], w["group_by"]) == ("session", 600_000, ["valve_id"])
    spec = parse("plant.valve_events 5 minute tumbling windows per valve_id: count as moves. print")
    assert spec["source"]["topics"] == ["plant.valve_events"]
    assert spec["operators"][0]["size_ms"] == 300_000
    with pytest.raises(RequestNotUnderstood, match="inactivity gap"):
        parse("plant.valve_events session windows per valve_id: count as moves. print")


# h30/miscA: "= voyages" after the gap (a plural the request's names hold), "with session info"
def test_session_gloss_after_equals_and_session_info_h30() -> None:
    spec = spec_to_dict(
        parse_request(
            "read topic fleet.truck_pings, sessionize by truck_id with a 45 min gap = trips, "
            "write the pings with session info to clickhouse fleet.trips"
        )
    )
    [op] = spec["operators"]
    assert (op["kind"], op["key"], op["gap_ms"]) == ("sessionize", "truck_id", 2_700_000)


def test_session_gloss_after_equals_not_in_names_refused_h30() -> None:
    with pytest.raises(RequestNotUnderstood, match="trips"):
        parse_request(
            "read topic fleet.truck_pings, sessionize by truck_id with a 45 min gap = trips, "
            "write to clickhouse fleet.truck_sessions"
        )


# --- h30/t45: pure helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "10 min of silence = session over",
        "20 minutes of inactivity means the session ends",
        "a new session once they've gone quiet for 45 mins",
    ],
)
def test_h30_t45_gap_phrasings(text: str) -> None:
    from generator.parse.rules.sessions import GAP

    assert any(p.search(text) for p in GAP)


# h30/miscB: a session window keyed by two fields; "one row per satellite pass" as its rows
def test_session_window_two_keys_and_one_row_per_pass_h30() -> None:
    spec = spec_to_dict(
        parse_request(
            "We'd like one row per satellite pass. Read the gs.packets stream and use a session "
            "window per satellite_id and station_id with a 5 minute gap; count the packets as n. "
            "Store it in ClickHouse groundops.pass_summaries."
        )
    )
    [op] = spec["operators"]
    assert (op["type"], op["group_by"], op["gap_ms"]) == (
        "session",
        ["satellite_id", "station_id"],
        300_000,
    )


def test_one_row_per_key_beside_a_session_window_refused_h30() -> None:
    with pytest.raises(RequestNotUnderstood, match="flyover"):
        parse_request(
            "We'd like one row per satellite flyover. Read the gs.packets stream and use a "
            "session window per satellite_id with a 5 minute gap; count the packets as n. "
            "Store it in ClickHouse groundops.pass_summaries."
        )


@pytest.mark.parametrize(
    ("before", "noun"),
    [
        ("Group the stoppages into episodes per machine_id using ", "episodes"),
        ("group taps into bursts by device_id via ", "bursts"),
        ("group the pings into trips with ", "trips"),
    ],
)
def test_into_nouns_using_reads_the_session_noun(before: str, noun: str) -> None:
    from generator.parse.rules.sessions import INTO_NOUNS_USING

    m = INTO_NOUNS_USING.search(before)
    assert m is not None and m["n"] == noun


def test_into_nouns_using_needs_a_session_noun() -> None:
    from generator.parse.rules.sessions import INTO_NOUNS_USING

    assert INTO_NOUNS_USING.search("Group the stoppages into buckets per machine_id using ") is None


@pytest.mark.parametrize(
    "gap",
    [
        "closing a visit after 10 minutes without activity",
        "ending a trip after 30 min without a ping",
        "a session ends after 20 min with no try-ons",
        "closes after twenty minutes without a log-in",
    ],
)
def test_a_gap_with_a_session_noun_or_a_hyphened_noun_is_read(gap: str) -> None:
    from generator.parse.rules.sessions import GAP

    assert any(p.search(gap) and p.search(gap).end() == len(gap) for p in GAP)
