"""Rule parser: deduplication by key over an event-time horizon."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict

MIN = 60_000
HOUR = 3_600_000


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def dedup_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    ops = [op for op in spec["operators"] if op["kind"] == "dedup"]
    assert len(ops) == 1, spec["operators"]
    return ops[0]


CASES = [
    ("from topic 'events' deduplicate by event_id over 1 hour and print", ["event_id"], HOUR),
    ("from topic 'sales' dedupe on transaction_id within 10 minutes, print",
     ["transaction_id"], 10 * MIN),
    ("from topic 'clicks' drop duplicate events by event_id in the last 24 hours, print",
     ["event_id"], 24 * HOUR),
    ("from topic 'events' remove duplicates using message_id over a 30 minute window, print",
     ["message_id"], 30 * MIN),
    ("from topic 'clicks' de-duplicate by user_id and event_type over 5 minutes, print",
     ["user_id", "event_type"], 5 * MIN),
    ("from topic 'clicks' deduplicate events over 2 hours, print", ["event_id"], 2 * HOUR),
    ("from topic 'payments' dedup by payment_id for 1 day and print", ["payment_id"], 24 * HOUR),
    ("from topic 'orders' skip duplicates keyed by order_id within an hour, print",
     ["order_id"], HOUR),
    ("from topic 'clicks' deduplicate by event id over 1 hour, print", ["event_id"], HOUR),
    ("from topic 'clicks' ignore duplicate records by event_id over 90 seconds, print",
     ["event_id"], 90_000),
    ("from topic 'sales' filter out duplicates on transaction_id over 15 min, print",
     ["transaction_id"], 15 * MIN),
    ("from topic 'readings' dedup by device_id and timestamp within 1 minute, print",
     ["device_id", "timestamp"], MIN),
    ("From Kafka topic 'payments', deduplicating on payment_id over the past 6 hours, print",
     ["payment_id"], 6 * HOUR),
    ("from topic 'clicks' discard duplicates by event_id within half an hour, print",
     ["event_id"], 30 * MIN),
    ("from topic 'clicks' deduplicated by event_id over one hour, print", ["event_id"], HOUR),
    ("from topic 'orders' drop duplicate orders by order_id within 2 days, print",
     ["order_id"], 48 * HOUR),
    ("from topic 'clicks' deduplicate by `event_id` over 1h, print", ["event_id"], HOUR),
    ("from topic 'sales' dedupe based on customer_id and product_id over 10m, print",
     ["customer_id", "product_id"], 10 * MIN),
    ("from topic 'logs' deduplicate by message over 1 minute, print", ["message"], MIN),
    ("from topic 'payments' remove duplicate payments on payment_id over 12 hours, print",
     ["payment_id"], 12 * HOUR),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "key", "horizon"), CASES)
def test_dedup(request_text: str, key: list[str], horizon: int) -> None:
    op = dedup_of(request_text)
    assert (op["key"], op["horizon_ms"]) == (key, horizon)


def test_default_horizon_is_an_assumption() -> None:
    spec = parse("from topic 'events' deduplicate by event_id and print")
    assert spec["operators"][0]["horizon_ms"] == HOUR
    assert "no deduplication horizon given; using 1 hour" in spec["assumptions"]


def test_dedup_defaults_name_and_key() -> None:
    spec = parse("from topic 'events' deduplicate by event_id over 1 hour and print")
    assert spec["name"] == "events_dedup"
    assert spec["source"]["key"] == "event_id"


def test_steps_run_in_the_order_said() -> None:
    """A filter said after the dedup runs after it (issue #11: the order asked must hold), and
    one said before it runs before it."""
    spec = parse(
        "from topic 'clicks' deduplicate by event_id over 1 hour, keep only purchase events, print"
    )
    assert [op["kind"] for op in spec["operators"]] == ["dedup", "filter"]
    spec = parse(
        "from topic 'clicks' keep only purchase events, deduplicate by event_id over 1 hour, print"
    )
    assert [op["kind"] for op in spec["operators"]] == ["filter", "dedup"]


def test_missing_key_field_is_added() -> None:
    spec = parse("from topic 'clicks' deduplicate by request_id over 1 hour, print")
    field = next(f for f in spec["schema"]["fields"] if f["name"] == "request_id")
    assert field["type"] == "int"
    assert any("request_id" in note for note in spec["assumptions"])


def test_dedup_without_a_known_key_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="name the key"):
        parse("from topic 'readings' deduplicate over 1 hour, print")


def test_dunder_key_is_refused() -> None:
    with pytest.raises(SpecError, match="__import__"):
        parse("from topic 'events' deduplicate by __import__ over 1 hour, print")


def test_default_key_is_listed() -> None:
    """ "remove duplicate orders": the preset's id is the key, and the spec says so."""
    spec = parse("from topic orders remove duplicate orders within a day, print")
    assert dedup_of("from topic orders remove duplicate orders within a day, print")["key"] == [
        "transaction_id"
    ]
    assert any("no deduplication key given" in note for note in spec["assumptions"])


def test_keys_joined_by_or_are_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="'or' between keys"):
        parse("from topic orders dedup on order_id or customer_id, print")


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic readings keep readings where temp > 30 after deduplicating by reading_id "
        "over 1 hour, print",
        "from topic readings keep readings where temp > 30, but dedup by reading_id over 1 hour "
        "first, print",
    ],
)
def test_dedup_said_first_runs_before_the_filter(request_text: str) -> None:
    kinds = [op["kind"] for op in parse(request_text)["operators"]]
    assert kinds == ["dedup", "filter"]


@pytest.mark.parametrize(
    ("request_text", "key", "horizon"),
    [
        # a "key:" label, and the span said as "remember for"
        ("from topic scans, dedup key: ticket_id and gate_id, horizon: 20 minutes, print",
         ["ticket_id", "gate_id"], 20 * MIN),
        ("from topic scans deduplicate by ticket_id, remember for 2 hours, print",
         ["ticket_id"], 2 * HOUR),
        # the drop said first, then the repeat of the key
        ("from topic scans drop any scan when its ticket_id has been seen before within "
         "10 minutes, print", ["ticket_id"], 10 * MIN),
        ("from topic taps reject a tap if the same card_id was already seen in the last "
         "2 minutes, print", ["card_id"], 2 * MIN),
        # the key field said in the plural
        ("from topic rx ignore duplicate rx_ids over 10 minutes, print", ["rx_id"], 10 * MIN),
        ("from topic rx drop repeat rx_ids within an hour, print", ["rx_id"], HOUR),
    ],
)  # fmt: skip
def test_dedup_phrasings_h24(request_text: str, key: list[str], horizon: int) -> None:
    op = dedup_of(request_text)
    assert (op["key"], op["horizon_ms"]) == (key, horizon)


@pytest.mark.parametrize(
    "request_text",
    [
        # after a snake_case key and a lone comma, a plain word is the next clause, never a key
        "from topic kilns, deduplicate by kiln_id, operator, print",
        "from topic kilns, deduplicate by kiln_id, cache 15 minutes, print",
    ],
)
def test_a_plain_word_after_a_lone_comma_is_no_dedup_key(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse(request_text)


def test_a_plain_key_joined_by_and_stays_a_key() -> None:
    assert dedup_of("from topic kilns, deduplicate by kiln_id and operator, print")["key"] == [
        "kiln_id",
        "operator",
    ]


FIRST_PER_FORMS = [
    # a first-per key of several fields, "combination" closing it
    (
        "read topic kiln-log, keep one record per kiln_id and firing_no combination over six "
        "hours, print",
        ["kiln_id", "firing_no"],
        6 * HOUR,
    ),
    (
        "read topic kiln-log, keep the first record per kiln_id, firing_no and shift_no, print",
        ["kiln_id", "firing_no", "shift_no"],
        HOUR,
    ),
    # a bullet holding only "one <record> per <key> <span>"
    (
        "- topic rink-scans\n- one scan per ticket_id every 15 minutes\n- print",
        ["ticket_id"],
        15 * MIN,
    ),
    # terse steps: the key in parentheses, a slash before the span
    ("kiln-log -> dedup (kiln_id, firing_no) 6h -> print", ["kiln_id", "firing_no"], 6 * HOUR),
    ("rink-scans -> dedupe ticket_id / 15 min -> print", ["ticket_id"], 15 * MIN),
    # the input said to repeat its records, restated by the dedup
    (
        "topic kiln-log repeats firings. keep one record per kiln_id over six hours, print",
        ["kiln_id"],
        6 * HOUR,
    ),
]


@pytest.mark.parametrize(("request_text", "key", "horizon"), FIRST_PER_FORMS)
def test_first_per_and_terse_dedup_forms(request_text: str, key: list[str], horizon: int) -> None:
    op = dedup_of(request_text)
    assert op["key"] == key
    assert op["horizon_ms"] == horizon


@pytest.mark.parametrize(
    "request_text",
    [
        # a plain word in the key list: which field?
        "read topic kiln-log, keep one record per kiln_id and firing within six hours, print",
        # the repeats said of some records only
        "topic kiln-log repeats failed firings. keep one record per kiln_id over six hours, print",
    ],
)
def test_first_per_pair_forms_that_are_unclear_are_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


def test_runbook_heading_naming_the_dedup_is_its_title() -> None:
    spec = spec_to_dict(
        parse_request(
            "Plate read dedup:\n1. Read topic a.b.\n2. Drop duplicates by plate_number within "
            "2 minutes.\n3. Print them."
        )
    )
    [dedup] = spec["operators"]
    assert (dedup["key"], dedup["horizon_ms"]) == (["plate_number"], 120000)


@pytest.mark.parametrize("ask", ["please", "kindly", "could you", "pls"])
def test_an_asking_word_ends_the_key_list(ask: str) -> None:
    """'dedup on station_id and vent_id, please write ...': the courtesy before the next step
    ends the key list, never a third key 'please' (exit 0, wrong, before)."""
    spec = parse(
        f"From volcano.readings dedup on station_id and vent_id, {ask} write them to kafka "
        "topic volcano.peaks"
    )
    dedup = [op for op in spec["operators"] if op["kind"] == "dedup"]
    assert [op["key"] for op in dedup] == [["station_id", "vent_id"]]


@pytest.mark.parametrize(
    "text, read",
    [
        ("ignore a repeated meter_reading_id within ten minutes", True),
        ("drop a repeat transfer_ref within 30 seconds", True),
        ("ignore a repeated scan_id, and write", False),
        ("ignore a repeated sensor reading within an hour", False),
    ],
)
def test_dedup_one_repeated_key_with_span(text: str, read: bool) -> None:
    """h30/t46: "a repeated <x_id> within <span>" is a dedup on x_id; without the span, or
    without an identifier, it is not read so."""
    from generator.parse.rules.dedup import DEDUP

    assert bool(DEDUP.search(text)) is read


@pytest.mark.parametrize(
    ("clause", "pair"),
    [
        # (h32/t50) the repeat said with "again", the keys said together as a pair
        (" again within 30 minutes", None),
        (" pair within 24 hours", " pair"),
        (" combination again for 2 hours", " combination"),
    ],
)
def test_span_after_the_same_keys(clause: str, pair: str | None) -> None:
    from generator.parse.rules.dedup import _FOR_SPAN

    m = _FOR_SPAN.match(clause)
    assert m is not None and m["pair"] == pair and m.end() == len(clause)


@pytest.mark.parametrize(
    ("said", "rewritten"),
    [
        (
            "duplicate line_item_id records within 10 minutes are dropped before the aggregation",
            "drop duplicate line_item_id records within 10 minutes",
        ),
        ("Repeated scan_id events should be discarded", "drop duplicate scan_id events"),
        ("duplicated order_id messages get thrown away", "drop duplicate order_id messages"),
        # (after the aggregation: no rewrite, the words stay for the readers to refuse)
        (
            "duplicate ticket_id entries are removed after the aggregation",
            "drop duplicate ticket_id entries after the aggregation",
        ),
    ],
)
def test_passive_dedup_rewrite_h35(said: str, rewritten: str) -> None:
    from generator.parse.rules.text import _PASSIVE_DEDUP

    out = _PASSIVE_DEDUP.sub(lambda m: f"drop duplicate {m['k']} {m['n']}{m['w'] or ''}", said)
    assert out == rewritten


@pytest.mark.parametrize(
    ("before", "key"),
    [
        ("the sensor sometimes repeats a strike_id, so ", "strike_id"),
        ("the till resends the same receipt_id now and then - please ", "receipt_id"),
        ("the app double-sends the same tap_id twice; ", "tap_id"),
    ],
)
def test_key_said_before_the_dedup(before: str, key: str) -> None:
    from generator.parse.rules.dedup import KEY_SAID_BEFORE

    m = KEY_SAID_BEFORE.search(before)
    assert m is not None and m["f"] == key


@pytest.mark.parametrize(
    "before",
    ["the till resends orders, so ", "the app sends a tap_id, so ", "repeats a strike_id. Count "],
)
def test_no_key_said_before_the_dedup(before: str) -> None:
    from generator.parse.rules.dedup import KEY_SAID_BEFORE

    assert KEY_SAID_BEFORE.search(before) is None


def test_projection_after_the_dedup_drops_the_event_time_listed() -> None:
    """The dedup reads the default event time; the projection after it drops it: listed, and
    no ClickHouse partition on a time the rows written no longer carry."""
    spec = parse_request(
        "Read topic ink.mixes, dedupe by mix_id over one hour, keep just mix_id and grams, "
        "write to ClickHouse ink.mixes_clean"
    )
    assert spec.source.event_time == "timestamp"
    assert spec.sinks[0].partition_by is None  # type: ignore[union-attr]
    said = " | ".join(spec.assumptions)
    assert "the dedup reads the event time from 'timestamp'; the projection after it" in said
    assert "not partitioned (the rows written keep no 'timestamp')" in said


def test_projection_keeping_two_times_after_the_dedup_refused() -> None:
    """Which kept time field times the records is not guessed."""
    with pytest.raises(RequestNotUnderstood, match="which the dedup needs"):
        parse_request(
            "Read topic meter-pings, drop duplicates with the same ping_id within 5 minutes, "
            "keep only meter_id, started_at and ended_at, and write to Kafka topic meter-clean."
        )
