"""Rule parser: stream-stream interval joins and stream-table (compacted topic) joins."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict

MIN = 60_000
PROFILE_TARGETS = ["user_email", "user_name", "user_segment", "user_country", "profile_updated_at"]


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def join_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    ops = [op for op in spec["operators"] if op["kind"] in ("interval_join", "table_join")]
    assert len(ops) == 1, spec["operators"]
    return ops[0]


INTERVAL = [
    # (request, right_topic, left_key, right_key, before_ms, after_ms)
    ("Join clickstream events from Kafka topic 'clickstream-events' with user profile updates "
     "from topic 'user-profile-updates' on user_id within 5 minutes, and write the enriched "
     "events to Kafka topic 'enriched-clickstream'.",
     "user-profile-updates", "user_id", "user_id", 5 * MIN, 5 * MIN),
    ("join topic 'clicks' with topic 'profiles' on user_id within 5 minutes before and 1 minute "
     "after and write to topic 'joined'", "profiles", "user_id", "user_id", 5 * MIN, MIN),
    ("join topic 'clicks' with topic 'profiles' on user_id within 10 minutes, print",
     "profiles", "user_id", "user_id", 10 * MIN, 10 * MIN),
    ("join topic 'clicks' with topic 'profiles' on user_id within 2 minutes after, print",
     "profiles", "user_id", "user_id", 0, 2 * MIN),
    ("join topic 'clicks' with topic 'profiles' on user_id up to 30 seconds earlier, print",
     "profiles", "user_id", "user_id", 30_000, 0),
    ("from topic 'clicks' enrich with profile updates from topic 'profile-updates' within 10 "
     "minutes and publish to topic 'out'",
     "profile-updates", "user_id", "user_id", 10 * MIN, 10 * MIN),
    ("joining the 'clicks' topic with the 'profile-changes' topic on user_id within one "
     "minute, print", "profile-changes", "user_id", "user_id", MIN, MIN),
    ("join clicks from topic 'clicks' with user profiles from topic 'profiles' within 5 "
     "minutes, print", "profiles", "user_id", "user_id", 5 * MIN, 5 * MIN),
    ("join topic 'clicks' with topic 'profiles' using user_id within 90 seconds, print",
     "profiles", "user_id", "user_id", 90_000, 90_000),
    ("join topic 'clicks' with topic 'profiles' on user_id = uid within 5 minutes, print",
     "profiles", "user_id", "uid", 5 * MIN, 5 * MIN),
    ("Join the orders from topic 'orders' with payments from topic 'payments' on user_id "
     "within 1 hour and store in ClickHouse", "payments", "user_id", "user_id", 60 * MIN,
     60 * MIN),
    ("join topic 'clicks' with topic 'profiles' on user_id within ±3 minutes, print",
     "profiles", "user_id", "user_id", 3 * MIN, 3 * MIN),
    ("join the clicks topic with the profile-updates topic on user_id within 5 minutes, print",
     "profile-updates", "user_id", "user_id", 5 * MIN, 5 * MIN),
    ("join 'orders' with 'payments' on order_id within 30 minutes and store in ClickHouse",
     "payments", "order_id", "order_id", 30 * MIN, 30 * MIN),
    ("Join page views from topic 'views' with profile updates from topic 'profiles' on user_id "
     "within 15 seconds, print", "profiles", "user_id", "user_id", 15_000, 15_000),
    ("from topic 'clicks', join with topic 'profiles' within 5 minutes and print",
     "profiles", "user_id", "user_id", 5 * MIN, 5 * MIN),
    ("join topic 'clicks' with topic 'profiles' matching on user_id within 2 hours, print",
     "profiles", "user_id", "user_id", 2 * 60 * MIN, 2 * 60 * MIN),
    ("join topic 'clicks' with topic 'profiles' by user_id within 1 minute after and 30 "
     "seconds before, print", "profiles", "user_id", "user_id", 30_000, MIN),
]  # fmt: skip


@pytest.mark.parametrize(
    ("request_text", "right_topic", "left_key", "right_key", "before", "after"), INTERVAL
)
def test_interval_join(
    request_text: str, right_topic: str, left_key: str, right_key: str, before: int, after: int
) -> None:
    op = join_of(request_text)
    assert op["kind"] == "interval_join"
    assert (op["right_topic"], op["left_key"], op["right_key"]) == (
        right_topic,
        left_key,
        right_key,
    )
    assert (op["before_ms"], op["after_ms"]) == (before, after)
    names = {f["name"] for f in op["right_fields"]}
    assert op["right_key"] in names and op["right_event_time"] in names


def test_profile_join_mapping() -> None:
    op = join_of("join topic 'clicks' with topic 'profiles' on user_id within 5 minutes, print")
    assert [m["target"] for m in op["fields"]] == PROFILE_TARGETS
    assert op["grace_ms"] == 0


def test_join_grace() -> None:
    op = join_of(
        "join topic 'clicks' with topic 'profiles' on user_id within 5 minutes with 30 seconds "
        "grace, print"
    )
    assert op["grace_ms"] == 30_000


def test_generic_right_stream_prefixes_clashing_names() -> None:
    op = join_of(
        "join orders from topic 'orders' with payments from topic 'payments' on user_id within "
        "1 hour, print"
    )
    mapping = {m["source"]: m["target"] for m in op["fields"]}
    # amount and timestamp exist on the left (sales preset): prefixed; the rest keep their names
    assert mapping["amount"] == "payment_amount"
    assert mapping["timestamp"] == "payment_timestamp"
    assert mapping["status"] == "status"
    assert "user_id" not in mapping


def test_unknown_right_stream_takes_the_named_fields() -> None:
    op = join_of(
        "join topic 'clicks' with topic 'ratings' on user_id within 5 minutes taking score and "
        "comment, print"
    )
    assert [f["name"] for f in op["right_fields"]] == ["user_id", "timestamp", "score", "comment"]
    assert [(m["source"], m["target"]) for m in op["fields"]] == [
        ("score", "score"), ("comment", "comment")
    ]  # fmt: skip


def test_derived_topics_are_assumptions() -> None:
    spec = parse("join clickstream with payments on user_id within 5 minutes taking status")
    assert spec["source"]["topics"] == ["clickstream"]
    assert "the source topic was not named; assumed 'clickstream'" in spec["assumptions"]
    assert any("'payments'" in note for note in spec["assumptions"])


def test_right_topic_glued_from_words_is_refused() -> None:
    # "profile updates" names no topic: 'profile-updates' would be made up
    with pytest.raises(RequestNotUnderstood, match="which Kafka topic holds its records"):
        parse("join clickstream with profile updates on user_id within 5 minutes")


def test_quoted_left_topic_is_taken_as_named() -> None:
    spec = parse("join 'orders' with 'payments' on order_id within 30 minutes, print")
    assert spec["source"]["topics"] == ["orders"]
    assert not any("source topic" in note for note in spec["assumptions"])
    # order_id is on neither preset: added to the left schema and to the right stream's fields
    assert any("'order_id'" in note for note in spec["assumptions"])
    assert spec["operators"][0]["right_fields"][0] == {
        "name": "order_id", "type": "int", "required": True, "description": ""
    }  # fmt: skip


def test_left_topic_with_a_topic_name_is_taken_as_named() -> None:
    # fresh17_receipt_scan_join: "Join pos-receipts with ...": only a topic has such a name
    spec = parse(
        "Join pos-receipts with loyalty-scans on receipt_id when the scan comes at most 10 "
        "minutes after the receipt; carry over member_id and card_tier from the scan, write the "
        "result to kafka topic receipts-with-member"
    )
    assert spec["source"]["topics"] == ["pos-receipts"]
    assert not any("source topic" in note for note in spec["assumptions"])


def test_join_pipeline_defaults() -> None:
    spec = parse(
        "join topic 'clicks' with topic 'profiles' on user_id within 5 minutes and publish to "
        "topic 'joined'"
    )
    assert spec["name"] == "clicks_profile_join"
    assert spec["source"]["key"] == "user_id"
    assert spec["sinks"] == [
        {"kind": "kafka", "topic": "joined", "key": "user_id", "headers": [], "partitions": 3}
    ]


TABLE = [
    # (request, table_topic, left_key, right_key, targets)
    ("Read orders from topic 'orders', join with the latest customer record from compacted "
     "topic 'customers' on customer_id, and store in ClickHouse",
     "customers", "customer_id", "customer_id",
     ["customer_name", "customer_segment", "customer_country"]),
    ("from topic 'orders' join with compacted topic 'products' on product_id, print",
     "products", "product_id", "product_id",
     ["product_name", "product_category", "product_price"]),
    ("from topic 'orders' enrich with the customer data from topic 'customers' and print",
     "customers", "customer_id", "customer_id",
     ["customer_name", "customer_segment", "customer_country"]),
    ("from topic 'orders' join with the 'customers' compacted topic and print",
     "customers", "customer_id", "customer_id",
     ["customer_name", "customer_segment", "customer_country"]),
    ("from topic 'orders' join with the latest customer record from compacted topic "
     "'customers' taking name and tier, print",
     "customers", "customer_id", "customer_id", ["customer_name", "tier"]),
    ("from topic 'payments' join the latest merchant state in topic 'merchants' on "
     "merchant_id, print", "merchants", "merchant_id", "merchant_id",
     ["merchant_name", "merchant_category", "merchant_country"]),
    ("from topic 'clicks' join with changelog topic 'user-profiles' on user_id, print",
     "user-profiles", "user_id", "user_id", ["user_email", "user_segment", "user_signup_date"]),
    ("from topic 'readings' join with the latest device record from compacted topic 'devices' "
     "on device_id, print", "devices", "device_id", "device_id",
     ["device_model", "device_location", "device_owner"]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "topic", "left_key", "right_key", "targets"), TABLE)
def test_table_join(
    request_text: str, topic: str, left_key: str, right_key: str, targets: list[str]
) -> None:
    op = join_of(request_text)
    assert op["kind"] == "table_join"
    assert (op["table_topic"], op["left_key"], op["right_key"]) == (topic, left_key, right_key)
    assert [m["target"] for m in op["fields"]] == targets


def test_table_join_name() -> None:
    spec = parse("from topic 'orders' join with compacted topic 'customers' on customer_id, print")
    assert spec["name"] == "orders_customer_join"


def test_join_without_time_bound_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="give a time bound"):
        parse("join topic 'a' with topic 'b' on user_id and print")


def test_join_without_other_side_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="name the other stream"):
        parse("from topic 'a' join on user_id within 5 minutes and print")


def test_table_join_unknown_entity_needs_fields() -> None:
    with pytest.raises(RequestNotUnderstood, match="no known fields"):
        parse("from topic 'a' join with compacted topic 'warehouses' on warehouse_id, print")


def test_injected_right_topic_is_refused() -> None:
    with pytest.raises(SpecError, match="not a valid Kafka topic name"):
        parse(
            "join topic 'clicks' with profile updates from topic 'x;DROP' on user_id within 5 "
            "minutes, print"
        )


LEFT_JOINS = [
    "left join topic 'orders' with topic 'payments' on order_id within 15 minutes, print",
    "join topic 'orders' with topic 'payments' on order_id within 15 minutes, keep orders "
    "without a payment, print",
    "join topic 'orders' with topic 'payments' on order_id within 15 minutes, including orders "
    "that have no payment, print",
    "join topic 'orders' with topic 'payments' on order_id within 15 minutes, even if there is "
    "no match, print",
]


@pytest.mark.parametrize("request_text", LEFT_JOINS)
def test_left_join_is_read_as_a_left_join(request_text: str) -> None:
    """Keeping unmatched records is `how: left`, never silently an inner join."""
    spec = parse(request_text)
    assert [(op["kind"], op["how"]) for op in spec["operators"]] == [("interval_join", "left")]


def test_dropping_records_without_a_value_is_still_a_filter() -> None:
    spec = parse("read topic 'orders', drop records without an email, print")
    assert [op["kind"] for op in spec["operators"]] == ["filter"]


@pytest.mark.parametrize(
    ("request_text", "how"),
    [
        ("left outer join topic 'orders' with topic 'payments' on order_id within 15 minutes, "
         "print", "left"),
        ("join topic 'orders' with topic 'payments' on order_id within 15 minutes, orders with "
         "or without a payment, print", "left"),
        ("join topic 'orders' with topic 'payments' on order_id within 15 minutes, keeping "
         "unmatched orders, print", "left"),
        ("join topic 'orders' with topic 'payments' on order_id within 15 minutes, keeping only "
         "matched orders, print", "inner"),
        ("from topic 'orders' join with compacted topic 'customers' on customer_id, only orders "
         "whose customer is known, print", "inner"),
        ("from topic 'orders' join with compacted topic 'customers' on customer_id, drop orders "
         "without a customer row, print", "inner"),
        ("left join topic 'orders' with compacted topic 'customers' on customer_id, print",
         "left"),
    ],
)  # fmt: skip
def test_the_stated_join_kind_wins(request_text: str, how: str) -> None:
    spec = parse(request_text)
    joins = [op for op in spec["operators"] if op["kind"].endswith("_join")]
    assert [op["how"] for op in joins] == [how]
    assert [op["kind"] for op in spec["operators"]] == [joins[0]["kind"]]


def test_dropping_records_without_a_field_next_to_a_join_is_a_filter() -> None:
    spec = parse(
        "join topic 'orders' with topic 'payments' on order_id within 15 minutes, drop orders "
        "without an email, print"
    )
    kinds = [(op["kind"], op.get("how")) for op in spec["operators"]]
    assert kinds == [("filter", None), ("interval_join", "inner")]
    assert spec["operators"][0]["field"] == "email"


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("right join topic 'orders' with topic 'payments' on order_id within 15 minutes, print",
         "right or full outer join"),
        ("full outer join topic 'orders' with topic 'payments' on order_id within 15 minutes, "
         "print", "right or full outer join"),
        ("join topic 'orders' with topic 'payments' on order_id within 15 minutes, keep orders "
         "even if there is no email, print", "'email' is not the stream or table joined"),
        ("left join topic 'orders' with topic 'payments' on order_id within 15 minutes, drop "
         "orders without a payment, print", "not both"),
    ],
)  # fmt: skip
def test_unreadable_join_kinds_are_refused(request_text: str, message: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=message):
        parse_request(request_text)


def test_table_join_fields_keep_their_names_unless_the_record_has_them() -> None:
    spec = parse(
        "join the sales topic with the compacted topic stores on store_id adding category and "
        "region; print"
    )
    targets = [f["target"] for f in spec["operators"][0]["fields"]]
    assert targets == ["store_category", "region"]  # the sales record has a category already
    assert (
        "'category' from 'stores' is added as 'store_category': the record has a field "
        "'category' already" in spec["assumptions"]
    )


@pytest.mark.parametrize(
    ("request_text", "right", "before", "after"),
    [
        # the other stream as the verb's object, a name only a topic has (dash or dot)
        ("Read silo-loads and join truck-weighings on ticket_id within 5 minutes, taking gross_kg, print",
         "truck-weighings", 5 * MIN, 5 * MIN),
        ("Read silo-loads; join truck.weighings on ticket_id up to 1 hour after, taking gross_kg, print",
         "truck.weighings", 0, 60 * MIN),
        ("silo-loads join truck-weighings on ticket_id within 2 minutes, taking gross_kg, print",
         "truck-weighings", 2 * MIN, 2 * MIN),
        ("Join silo-loads and truck-weighings on ticket_id when they are within 3 minutes of "
         "each other, taking gross_kg, print", "truck-weighings", 3 * MIN, 3 * MIN),
        # a bound both ways with no "within"
        ("Join silo-loads with truck-weighings on ticket_id, 4 minutes either way, taking gross_kg, print",
         "truck-weighings", 4 * MIN, 4 * MIN),
        ("Join silo-loads with truck-weighings on ticket_id, 4 minutes on either side, taking gross_kg, print",
         "truck-weighings", 4 * MIN, 4 * MIN),
        ("Join silo-loads with truck-weighings on ticket_id (+/- 4 min), taking gross_kg, print",
         "truck-weighings", 4 * MIN, 4 * MIN),
        ("Join silo-loads with truck-weighings on ticket_id (±4 min), taking gross_kg, print",
         "truck-weighings", 4 * MIN, 4 * MIN),
    ],
)  # fmt: skip
def test_join_object_named_like_a_topic_and_bare_two_way_bounds(
    request_text: str, right: str, before: int, after: int
) -> None:
    join = join_of(request_text)
    assert (join["right_topic"], join["before_ms"], join["after_ms"]) == (right, before, after)


@pytest.mark.parametrize(
    "request_text",
    [
        # a plain word as the object stays unread (which stream is "weighings"?)
        "Read topic silo-loads and join weighings on ticket_id within 5 minutes, print",
        # a bound both ways only after the fields is not read as this join's
        "Join silo-loads with truck-weighings on ticket_id, copying gross_kg, 4 minutes either "
        "side, print",
    ],
)
def test_join_object_or_bound_not_named_plainly_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


@pytest.mark.parametrize(
    "request_text",
    [
        "kiln.firings -> join compacted topic kiln.kilns on kiln_id (kiln_name, site) -> stdout",
        "read kiln.firings, inner join compacted topic kiln.kilns on kiln_id (kiln_name and "
        "site), write to topic kiln.out",
    ],
)
def test_table_join_fields_in_parentheses_after_the_key(request_text: str) -> None:
    join = join_of(request_text)
    assert (join["left_key"], [f["source"] for f in join["fields"]]) == (
        "kiln_id",
        ["kiln_name", "site"],
    )


@pytest.mark.parametrize(
    "request_text",
    [
        # a dotted topic's dot never ends the sentence before the bound
        "Match each delivery on hub.deliveries with its scan on hub.scans by parcel_id, where "
        "the scan comes at most 3 hours after the delivery, taking scanner_id. Print it.",
        # the bound in a clause of its own after a ';', with a modal and a participle
        "match each hub.deliveries event with hub.scans on parcel_id; the scan has to be "
        "recorded at most 3 hours after the delivery. take scanner_id from the scan. print it",
    ],
)
def test_match_verb_with_dotted_topics_and_a_later_bound(request_text: str) -> None:
    join = join_of(request_text)
    assert (join["right_topic"], join["left_key"], join["after_ms"]) == (
        "hub.scans",
        "parcel_id",
        3 * 3600 * 1000,
    )
    assert [f["source"] for f in join["fields"]] == ["scanner_id"]


def test_left_join_said_with_an_un_participle_before_the_fields() -> None:
    join = join_of(
        "Match each invoice on ar.invoices with its payment on ar.payments by invoice_id, "
        "where the payment comes within 30 days after the invoice; left join so unpaid "
        "invoices still flow, copying paid_at and amount_eur. Print it."
    )
    assert join["how"] == "left"
    assert [f["source"] for f in join["fields"]] == ["paid_at", "amount_eur"]


def test_inner_join_said_as_no_match_no_row() -> None:
    join = join_of(
        "match each hub.deliveries event with hub.scans on parcel_id; the scan has to be "
        "recorded at most 3 hours after the delivery (inner join, no match = no row). take "
        "scanner_id from the scan. print it"
    )
    assert join["how"] == "inner"


def test_un_participle_not_naming_the_joined_stream_is_refused() -> None:
    # "unshipped" says nothing of payments: never read as the join's how
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Match each order on shop.orders with its payment on shop.payments by order_id, "
            "where the payment comes within 1 day after the order; left join so unshipped "
            "orders still flow, copying paid_at. Print it."
        )


def test_key_said_as_for_the_same_field() -> None:
    join = join_of(
        "Join every firing on pottery.kiln_firings with the glaze test on pottery.glaze_tests "
        "for the same batch_code, where the test happens within 12 hours after the firing. "
        "Take gloss_units from the test. Print it."
    )
    assert (join["right_topic"], join["left_key"], join["right_key"]) == (
        "pottery.glaze_tests",
        "batch_code",
        "batch_code",
    )


def test_dotted_topic_then_its_records_noun_is_the_topic() -> None:
    # never the slug "track-pit_stops" of a description
    join = join_of(
        "Join every lap on track.laps with the track.pit_stops events on car_no, where the "
        "stop is within 30 seconds after the lap. Take stop_ms from the stop. Print it."
    )
    assert join["right_topic"] == "track.pit_stops"


def test_for_the_same_plain_word_is_no_key() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Join every lap on track.laps with the pit stops for the same reason, where the "
            "pit stop is within 30 seconds after the lap. Take stop_ms. Print it."
        )


def test_table_join_key_in_parentheses_and_left_join_so_nothing_dropped() -> None:
    join = join_of(
        "Enrich each inspection on apiary.inspections with the hive from the compacted topic "
        "apiary.hives_table (join on hive_id), taking site_name. Left join so nothing gets "
        "dropped. Print it."
    )
    assert (join["table_topic"], join["left_key"], join["how"]) == (
        "apiary.hives_table",
        "hive_id",
        "left",
    )


def test_inner_join_so_nothing_dropped_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Enrich each inspection on apiary.inspections with the hive from the compacted "
            "topic apiary.hives_table (join on hive_id), taking site_name. Inner join so "
            "nothing gets dropped. Print it."
        )


def test_join_label_line_reads_how_said_of_its_right_side() -> None:
    # "Join: x on k, ...; keep A that have no B": the right side named after the label's
    # colon, so the how said of it is read (left), and "(left join)" after it too
    join = join_of(
        "Source: ward.admissions\nJoin: ward.discharges on stay_id, discharge up to 30 days "
        "after the admission; keep admissions that have no discharge (left join). Take "
        "discharged_at from the discharge.\nSink: ClickHouse ward.stays"
    )
    assert (join["right_topic"], join["how"]) == ("ward.discharges", "left")
    join = join_of(
        "Source: lab.samples\nJoin: lab.assays on sample_id, assay up to 2 days after the "
        "sample; drop samples with no assay. Take result_mg from the assay.\n"
        "Sink: topic lab.samples-assayed"
    )
    assert (join["right_topic"], join["how"]) == ("lab.assays", "inner")


def test_join_label_bare_how_and_fields_label() -> None:
    # "..., <bound>, left" then "Fields from arrival: a, b": the how as a bare word at the end
    # of the join's line, the fields on a label line naming the joined side
    join = join_of(
        "Source: rail.departures\nJoin: rail.arrivals on train_id, arrival 0-12 hours after "
        "departure, left\nFields from arrival: arrived_at, platform\nSink: topic rail.journeys"
    )
    assert (join["how"], [f["source"] for f in join["fields"]]) == (
        "left",
        ["arrived_at", "platform"],
    )
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Source: rail.departures\nJoin: rail.arrivals on train_id, arrival 0-12 hours "
            "after departure, left\nFields from delays: delay_min\nSink: topic rail.journeys"
        )


@pytest.mark.parametrize("kind", ["interval", "windowed", "time-bounded"])
def test_interval_join_kind_word_read_with_an_interval_join(kind: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"Read topic gym.checkins_x. {kind.capitalize()} join with topic gym.waivers_x on "
            "member_id within 1 hour before, taking waiver_version. Print them."
        )
    )
    assert spec["operators"][0]["kind"] == "interval_join"


def test_interval_join_kind_word_over_a_table_join_stays_unread() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Read topic a.b, interval join with the compacted topic c.d on k_id taking x. "
            "Print them."
        )


def test_table_join_key_ending_a_runbook_step() -> None:
    spec = spec_to_dict(
        parse_request(
            "1. Read topic a.b.\n2. Join with the compacted topic c.d on k_id.\n"
            "3. Add x and y.\n4. Print them."
        )
    )
    [join] = spec["operators"]
    assert (join["left_key"], join["right_key"]) == ("k_id", "k_id")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


@pytest.mark.parametrize(
    ("kind", "how"), [("left", "left"), ("LEFT OUTER", "left"), ("inner", "inner")]
)
def test_terse_join_with_its_kind_after_the_source_name(kind: str, how: str) -> None:
    # "a.b left join c.d on k, ...": the kind between the source's name and the verb
    join = join_of(f"a.b {kind} join c.d on k_id, d at most 2 hours after, take x -> topic e.f")
    assert (join["how"], join["right_topic"], join["left_key"]) == (how, "c.d", "k_id")
    assert (join["before_ms"], join["after_ms"]) == (0, 7_200_000)
    assert [f["source"] for f in join["fields"]] == ["x"]


def test_terse_join_kind_with_an_unread_clause_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request("a.b left join c.d on k_id within 1 hour, take x, only for the night crew")


@pytest.mark.parametrize(
    ("request_text", "before_ms", "after_ms"),
    [
        # a past participle between the bound's noun and the bound ("the order" names a side:
        # a reference naming neither stream is refused, h35/joins13)
        (
            "Join a.orders with c.d on k_id, row printed at most 2 hours before the order, take x. "
            "Print them.",
            7_200_000,
            0,
        ),
        (
            "Join a.orders with c.d on k_id, row stamped up to 1 hour after the order, take x. "
            "Print them.",
            0,
            3_600_000,
        ),
        # "within the N hours before"
        (
            "Join a.orders with c.d on k_id, row made within the 6 hours before the order, take x. "
            "Print them.",
            21_600_000,
            0,
        ),
        # a sentence of its own, a range from none, the reference in the passive
        (
            "Join a.orders with c.d on k_id. A row happens between 0 and 3 hours after the order is "
            "placed. Take x. Print them.",
            0,
            10_800_000,
        ),
        # in parentheses after the key
        ("a.b LEFT JOIN c.d ON k_id (0 to 2h after), take x -> topic e.f", 0, 7_200_000),
        # a runbook's label
        (
            "- source: a.b\n- join c.d on k_id\n- window: 5 minutes either side\n- fields: x, y\n"
            "- output: topic e.f",
            5 * MIN,
            5 * MIN,
        ),
    ],
)
def test_join_bound_phrasings(request_text: str, before_ms: int, after_ms: int) -> None:
    join = join_of(request_text)
    assert (join["right_topic"], join["left_key"]) == ("c.d", "k_id")
    assert (join["before_ms"], join["after_ms"]) == (before_ms, after_ms)
    assert "x" in [f["source"] for f in join["fields"]]


def test_join_fields_brought_across_with_the_kind_in_parentheses() -> None:
    join = join_of(
        "Join a.orders with c.d on k_id, row sent at most 1 hour before the order (left), and bring "
        "x and y across. Print them."
    )
    assert join["how"] == "left"
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


@pytest.mark.parametrize(
    "request_text",
    [
        # a range from more than zero is a gap the spec cannot say
        "Join a.orders with c.d on k_id. A row happens between 1 and 3 hours after the order. Take x. "
        "Print them.",
        "a.b LEFT JOIN c.d ON k_id (1 to 2h after), take x -> topic e.f",
    ],
)
def test_join_bound_range_from_more_than_zero_is_refused(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(request_text)


def test_printed_with_a_time_bound_is_no_stdout_sink() -> None:
    spec = parse(
        "Join a.orders with c.d on k_id, row printed at most 2 hours before the order, take x. "
        "Write to topic e.f."
    )
    assert [s["kind"] for s in spec["sinks"]] == ["kafka"]


@pytest.mark.parametrize(
    "declared",
    [
        # the full stop after the table's name ends its sentence
        "Rows live in the compacted topic c.rows.",
        # "is on the compacted topic": where the table is, never the join's key
        "The row master data is on the compacted topic c.rows.",
    ],
)
def test_table_declared_then_joined_by_its_name(declared: str) -> None:
    join = join_of(
        f"Events arrive on a.events. {declared} Join each event with c.rows on k_id, adding x "
        "and y. Print them."
    )
    assert (join["kind"], join["table_topic"]) == ("table_join", "c.rows")
    assert (join["left_key"], join["right_key"]) == ("k_id", "k_id")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


def test_key_never_read_inside_the_word_topic() -> None:
    # "on the compacted topic": "to" of "topic" is no "k = r" key pair
    join = join_of(
        "Events arrive on a.events. The row data is on the compacted topic c.rows, keyed by "
        "k_id. Join each event with its row on k_id, adding x. Print them."
    )
    assert (join["left_key"], join["right_key"]) == ("k_id", "k_id")


def test_un_participle_of_a_short_side_name_keeps_unmatched() -> None:
    # "unacknowledged" said of the records joined with x-acks: the side's name is the short form
    join = join_of(
        "Join a-events with a-acks on k_id, acks up to 5 minutes after the event, taking x; "
        "unacknowledged events must still come out. Print them."
    )
    assert join["how"] == "left"


def test_un_participle_of_another_stream_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Join a-events with a-notes on k_id, notes up to 5 minutes after the event, taking "
            "x; unacknowledged events must still come out. Print them."
        )


def test_terse_join_table_with_a_topic_name() -> None:
    join = join_of("a.events join table c.rows on k_id (x, y) -> topic e.f")
    assert (join["kind"], join["table_topic"], join["left_key"]) == ("table_join", "c.rows", "k_id")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


# h29/joins6: join and enrichment phrasings still refused


def test_runbook_read_step_ending_with_a_full_stop_names_the_source() -> None:
    # "Read a.events." then "Join b.rows on k_id ...": the step's full stop is no part of the name
    join = join_of(
        "Steps:\n1. Read a.events.\n2. Join b.rows on k_id within 10 minutes before.\n"
        "3. Take x and y.\n4. Print them."
    )
    assert (join["right_topic"], join["left_key"], join["before_ms"]) == ("b.rows", "k_id", 600000)


def test_join_label_before_the_join_verb_is_no_second_join() -> None:
    join = join_of(
        "Source: a.events\nJoin: left join the compacted row topic c.rows on k_id, take x and y\n"
        "Sink: stdout"
    )
    assert (join["kind"], join["table_topic"], join["how"]) == ("table_join", "c.rows", "left")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


def test_terse_source_with_an_aside_before_the_join_kind() -> None:
    spec = parse(
        "a.events (kind in p, q) left join b.rows on k_id, row up to 2 days after the event; "
        "take x -> kafka a.out"
    )
    assert spec["source"]["topics"] == ["a.events"]
    assert [op["kind"] for op in spec["operators"]] == ["filter", "interval_join"]


@pytest.mark.parametrize(
    "said_again",
    [
        "Left join on k_id, add x and y.",
        "Join on k_id (left join), add x and y.",
    ],
)
def test_table_join_said_again_by_a_bare_join(said_again: str) -> None:
    join = join_of(
        f"Enrich events from a.events with row data from the compacted topic c.rows. {said_again} "
        "Print them."
    )
    assert (join["table_topic"], join["left_key"], join.get("how", "left")) == (
        "c.rows",
        "k_id",
        "left",
    )
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


def test_declared_table_joined_by_its_topic_or_them() -> None:
    join = join_of(
        "Every event is published to a.events, and the rows are kept in the compacted topic "
        "c.rows. Keep only "
        "events where size is at most 9, join the compacted topic c.rows on k_id to add x and y, "
        "and print them."
    )
    assert (join["table_topic"], join["left_key"]) == ("c.rows", "k_id")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]
    join = join_of(
        "Events are on a.events; rows live in a compacted topic c.rows keyed by k_id. Join them "
        "(left) on k_id to pull x and y. Print them."
    )
    assert (join["table_topic"], join["left_key"], join["how"]) == ("c.rows", "k_id", "left")
    assert [f["source"] for f in join["fields"]] == ["x", "y"]


def test_bare_join_after_a_table_join_naming_another_stream_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Enrich events from a.events with row data from the compacted topic c.rows. Left "
            "join the notes on k_id, add x. Print them."
        )


def test_same_name_on_both_sides_and_a_list_broken_by_commas() -> None:
    join = join_of(
        "Enrich events from topic a-events with the rows kept in the compacted topic c-rows: "
        "join on k_id (the same field name on both sides) and copy x, y and z onto each event. "
        "Print them."
    )
    assert (join["left_key"], join["right_key"]) == ("k_id", "k_id")
    assert [f["source"] for f in join["fields"]] == ["x", "y", "z"]


def test_records_for_keys_not_in_the_table_dropped_is_an_inner_join() -> None:
    join = join_of(
        "Enrich events from topic a-events with the compacted topic rows-table on row_id, "
        "taking x. Drop events for rows that are not in the table. Print them."
    )
    assert join["how"] == "inner"
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Enrich events from topic a-events with the compacted topic rows-table on row_id, "
            "taking x. Drop events for rows that are not in the EU. Print them."
        )


def test_same_key_said_after_the_side_with_or_in_parentheses() -> None:
    join = join_of(
        "Join every return on a.returns with the loan on b.loans with the same item_id, where "
        "the loan happened at most 3 days before the return, copy x. Print them."
    )
    assert (join["right_topic"], join["left_key"], join["before_ms"]) == (
        "b.loans",
        "item_id",
        259200000,
    )
    join = join_of(
        "Match each part on a.parts with its check from b.checks (same part_no, checked up to 2 "
        "hours after the part). Carry x. Print them."
    )
    assert (join["right_topic"], join["left_key"], join["after_ms"]) == (
        "b.checks",
        "part_no",
        7200000,
    )


def test_left_join_then_the_unmatched_records_seen() -> None:
    request = (
        "Match each part on a.parts with its check from b.checks (same part_no, checked up to 2 "
        "hours after the part). Left join, so we also see parts that never got {v}. Carry x. "
        "Print them."
    )
    assert join_of(request.format(v="checked"))["how"] == "left"
    with pytest.raises(RequestNotUnderstood):
        parse_request(request.format(v="shipped"))  # another stream's event


def test_paren_key_then_fields_and_the_latest_row_is_no_field() -> None:
    join = join_of(
        "For every sale on topic a-sales, add the latest rate for its code from compacted topic "
        "b-rates (keyed by code, fields rate_pct), then print them."
    )
    assert (join["left_key"], [f["source"] for f in join["fields"]]) == ("code", ["rate_pct"])


def test_topic_named_before_a_singular_record_noun() -> None:
    join = join_of(
        "Faults land on a.faults. Join each with the b.vibration reading for the same pump_id "
        "taken within 10 minutes before the fault, and grab rms_mm_s. Print them."
    )
    assert (join["right_topic"], join["left_key"], join["before_ms"]) == (
        "b.vibration",
        "pump_id",
        600000,
    )


def test_number_of_joins_is_a_counted_noun() -> None:
    spec = parse(
        "from topic club-joins, number of joins per club_id every day, to topic club-counts"
    )
    assert [op["kind"] for op in spec["operators"]] == ["window"]


def test_names_records_matches_the_last_part_of_a_topic_name() -> None:
    from generator.parse.rules.joins import _names_records

    assert _names_records("couriers.dropoffs", "dropoffs")
    assert _names_records("cab.pickups", "pickup")
    assert not _names_records("cab.pickups_late", "pickups")
    assert not _names_records("couriers.dropoffs", "pickups")


def test_topic_named_in_brackets_after_the_records() -> None:
    from generator.parse.rules.interval_joins import topic_named_in

    assert topic_named_in(" tanker loadings (sugar.tanker_loadings) ") == "sugar.tanker_loadings"
    assert topic_named_in(" passenger scans (topic port.boardings) ") == "port.boardings"
    assert topic_named_in(" flue readings (plant.a or plant.b) ") is None


def test_terse_compacted_table_after_the_source_name() -> None:
    spec = parse(
        "fleet.pings + compacted table fleet.vehicles on vehicle_id (inner join), take model "
        "-> stdout"
    )
    assert spec["source"]["topics"] == ["fleet.pings"]
    join = spec["operators"][0]
    assert (join["kind"], join["table_topic"], join["how"]) == (
        "table_join",
        "fleet.vehicles",
        "inner",
    )


def test_compacted_before_a_sink_name_is_no_table() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse("read shop.orders, keep amount > 100 and write to compacted shop.big-orders")


def test_compacted_words_before_topic_name_the_table_h30() -> None:
    """ "the compacted product catalogue topic x": plain words (a field's or a filler noun)
    between "compacted" and "topic" say what the table holds; "late" may select: refused."""
    data = spec_to_dict(
        parse_request(
            "Read shop.orders and join each order with the compacted product catalogue topic "
            "shop.products on product_id, adding product_name, then print."
        )
    )
    assert data["operators"][0]["table_topic"] == "shop.products"
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Read shop.orders and join it with the compacted late customer topic crm.customers "
            "on customer_id adding tier, print."
        )


def test_names_side_reads_a_word_of_the_joined_name() -> None:
    """h30/wrong11: the kept records of a left join must not be the joined side's."""
    from generator.parse.rules.join_verbs import _names_side

    assert _names_side("pickup", {"lab", "courier", "pickups"})
    assert not _names_side("draw", {"lab", "courier", "pickups"})


def test_range_ref_takes_the_reference_said_inside_the_range_h31() -> None:
    """h31/joins8: "from up to 1 hour before the incident to 10 minutes after it": the
    bound's records are the ones named inside the range; two different ones are refused."""
    from generator.parse.rules.join_bounds import FROM_TO, _range_ref

    bm = FROM_TO.search("from up to 1 hour before the incident to 10 minutes after it")
    assert bm is not None and bm["a"] == "1 hour" and bm["b"] == "10 minutes"
    assert _range_ref(bm, "it") == "incident"
    assert _range_ref(bm, None) == "incident"
    assert _range_ref(bm, "incidents") == "incident"
    with pytest.raises(RequestNotUnderstood):
        _range_ref(bm, "shipment")
    plain = FROM_TO.search("from 2 minutes before to 5 minutes after the assignment")
    assert plain is not None and _range_ref(plain, "assignment") == "assignment"


def test_second_key_skips_a_topic_short_name_before_a_bound_h31() -> None:
    """h31/joins8: ", brine_out arriving up to 6 hours after brine_in" over smoke.brine_out is
    the bound's subject; any other name there is a second key, refused."""
    from generator.parse.rules.join_keys import _refuse_second_key

    clause = "on tank_id, brine_out arriving up to 6 hours after brine_in"
    end = len("on tank_id")
    _refuse_second_key(clause, end, "tank_id", sides=("smoke.brine_out",))
    with pytest.raises(RequestNotUnderstood):
        _refuse_second_key(clause, end, "tank_id")
    with pytest.raises(RequestNotUnderstood):
        _refuse_second_key("on order_id, region_id within 10 minutes", 11, "order_id",
                           sides=("shop.payments",))  # fmt: skip


def test_find_verb_needs_the_same_key_and_a_bound_h31() -> None:
    """h31/joins8: "find the X on t with the same k ... within ..." is a join verb; "find" alone
    is not."""
    from generator.parse.rules.join_verbs import FIND_FOR_EACH, FIND_JOIN

    said = "find the payment on shop.payments for the same order_id within 15 minutes"
    assert FIND_JOIN.match(said)
    assert not FIND_JOIN.match("find the payment on shop.payments within 15 minutes")
    assert not FIND_JOIN.match("find the same order_id in shop.payments")
    assert FIND_FOR_EACH.search("For every GO on lx.cue-go, ")
    assert FIND_FOR_EACH.search("for each firing on pottery.firings, please ")
    assert not FIND_FOR_EACH.search("Read shop.orders and ")


def test_find_without_a_topic_is_no_join_h31() -> None:
    """h31/joins8: "if we find a record with the same order_id within ..." names no other
    topic: no "find" join."""
    from generator.parse.rules.join_verbs import FIND_JOIN

    assert not FIND_JOIN.match("find a record with the same order_id within 10 minutes")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("join topic a with in euros the latest customer record from compacted topic c", True),
        ("join topic a with for the EU only the b-updates topic on k", True),
        ("join topic a against except on weekends the compacted topic c on k", True),
        ("join topic a with the latest customer record from compacted topic c", False),
        ("join topic a with only the latest customer record from compacted topic c", False),
        ("join topic a with topic b on k within 5 minutes", False),
    ],
)
def test_opener_after_with(text: str, refused: bool) -> None:
    from generator.parse.rules.join_verbs import JOINED_WITH, _refuse_opener_after_with

    wm = JOINED_WITH.search(text)
    assert wm is not None
    if refused:
        with pytest.raises(RequestNotUnderstood):
            _refuse_opener_after_with(text, text, wm.start(), wm.end(), len(text))
    else:
        _refuse_opener_after_with(text, text, wm.start(), wm.end(), len(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("is a compacted topic, escape.franchise-locations, keyed by location_id", None),
        ("the registry is a compacted topic — ward.beds — keyed by bed_no", "ward.beds"),
        ("a compacted topic, then write it out", None),
    ],
)
def test_table_name_set_off_h32(text: str, name: str | None) -> None:
    """h32/joins9: a compacted topic's name set off by a comma or a dash after "topic" (one
    only a topic has); never a plain word after the comma."""
    from generator.parse.rules.join_verbs import TABLE_TOPIC

    found = [m.group("t") for p in TABLE_TOPIC for m in p.finditer(text)]
    if name is None and "escape." in text:
        assert "escape.franchise-locations" in found
    elif name is None:
        assert "then" not in found
    else:
        assert found[0] == name


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        (" the motor current reading from lh.motor_current for the same station_id", True),
        (" the vibration reading on plant.vibration with the same pump_id", True),
        (" the payments with topic shop.payments on order_id", False),
        (" the reading from lh.motor_current within 5 minutes", False),
    ],
)
def test_join_records_object_h32(text: str, matched: bool) -> None:
    """h32/joins9: "join the X from <topic> for the same k": the other records as the verb's
    object, and then no "with" starts the other side (`_joined_with`)."""
    from generator.parse.rules.join_verbs import JOIN_RECORDS_OBJECT, _joined_with

    assert bool(JOIN_RECORDS_OBJECT.match(text)) is matched
    if matched:
        assert _joined_with(text, 0, len(text)) is None


@pytest.mark.parametrize(
    ("text", "a"),
    [
        ("taken in the 2 hours before the launch", "2 hours"),
        ("taken during the last 3 days before the weigh-in", "3 days"),
        ("within the 5 minutes after the start", "5 minutes"),
    ],
)
def test_in_the_span_bound_h32(text: str, a: str) -> None:
    """h32/joins9: "in the N hours before" is "within the N hours before"."""
    from generator.parse.rules.join_bounds import WITHIN

    m = WITHIN.search(text)
    assert m is not None and m.group("a") == a and m.group("adir") in ("before", "after")


def test_latest_key_with_holding_verb_h32() -> None:
    """h32/joins9: "the compacted topic x holds the current tariff for each agent_code": the
    table's verb read with the key."""
    from generator.parse.rules.join_keys import LATEST_KEY

    m = LATEST_KEY.search("billing.agent_tariffs holds the current tariff for each agent_code")
    assert m is not None and m.group("k2") == "agent_code"
    assert m.group(0).startswith("holds")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (" The meter registry is a compacted topic, water.meters", "meter registry"),
        (" and the crane master data is on the compacted topic depot.cranes", "crane master data"),
        (" join the compacted topic depot.cranes", None),
    ],
)
def test_table_called_h32(text: str, words: str | None) -> None:
    from generator.parse.rules.table_joins import TABLE_CALLED

    m = TABLE_CALLED.match(text)
    assert (m["w"] if m else None) == words


def test_take_particle_before_list_h32() -> None:
    """h32/joins9: "Please carry over inspector and check_result." copies the two fields."""
    from generator.parse.rules.join_keys import TAKE_INTO_OUTPUT

    m = TAKE_INTO_OUTPUT.search("x. Please carry over inspector and check_result.")
    assert m is not None and m.group("ids") == "inspector and check_result"


@pytest.mark.parametrize(
    "text",
    [
        "keep the bag even if the batch isn't there yet",
        "keep the sample even if the patient hasn't arrived yet",
        "keep the boarding even if nothing matches",
        "keep scans even when nothing is found",
    ],
)
def test_even_if_not_there_or_nothing_matches_is_a_left_join_h32(text: str) -> None:
    # (h32/cond10) the unmatched records kept, said as the joined row not (yet) there
    from generator.parse.rules.join_verbs import JOIN_HOW

    assert any(how == "left" and p.search(text) for how, p in JOIN_HOW)


def test_how_clause_masked_between_table_join_and_fields_h32() -> None:
    # (h32/cond10) a clause read whole (masked) as the join's how, then the fields clause
    from generator.parse.rules.table_joins import HOW_CLAUSE_MASKED

    assert HOW_CLAUSE_MASKED.match(", \x00\x00\x00 (\x00\x00), take a", 0)
    assert HOW_CLAUSE_MASKED.match(", keep it, take a", 0) is None


# h33/joins11b: the pure helpers of the table join's new phrasings


@pytest.mark.parametrize(
    "after_key, said",
    [
        (", same field name on both sides)", True),
        (", same as on the reading)", True),
        (" (the output records use material_code too)", True),
        ("; our records carry material_code as well", True),
        (" (the output records use mat_code too)", False),  # another name: no gloss
        (", same day", False),
    ],
)
def test_same_key_said(after_key: str, said: bool) -> None:
    from generator.parse.rules.join_keys import _same_key_said

    clause = "keyed by material_code" + after_key
    assert (
        _same_key_said(clause, len("keyed by material_code"), "material_code") is not None
    ) == said


@pytest.mark.parametrize(
    "listed, fields",
    [
        ("grade_name and reserve_price_usd", True),
        ("grade_name and region", True),
        ("exactly once", False),  # no field's name
        ("a 5", False),
        ("region and tier", False),  # no name with '_': may be words
    ],
)
def test_field_like_list(listed: str, fields: bool) -> None:
    from generator.parse.rules.table_joins import _field_like_list

    assert _field_like_list(listed) == fields


@pytest.mark.parametrize(
    "word, plain",
    [("customers", True), ("list", True), ("price", True), ("active", False), ("EU", False)],
)
def test_plain_table_word(word: str, plain: bool) -> None:
    from generator.parse.rules.table_joins import _plain_table_word

    assert _plain_table_word(word) == plain


@pytest.mark.parametrize(
    ("text", "a", "b", "ref"),
    [
        ("up to 2 hours before the check-in or at most 15 min after", "2 hours", "15 min",
         "check-in"),
        ("at most 30 min before the outage or within 4 hours after", "30 min", "4 hours",
         "outage"),
        ("up to 10 minutes before or 2 minutes after", "10 minutes", "2 minutes", None),
    ],
)  # fmt: skip
def test_up_to_second_end_with_its_own_limit_h33(
    text: str, a: str, b: str, ref: str | None
) -> None:
    from generator.parse.rules.join_bounds import UP_TO

    m = UP_TO.search(text)
    assert m and (m["a"], m["b"], m["mref"]) == (a, b, ref)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (" (nothing after)", "after"),
        (", none after.", "after"),
        (" (none before it is matched)", "before"),
        (" — none before it — taking x", "before"),
        (" (nothing after it counts)", "after"),
    ],
)
def test_one_sided_said_as_nothing_or_none_h33(text: str, said: str) -> None:
    from generator.parse.rules.join_bounds import ONE_SIDED

    m = ONE_SIDED.match(text)
    assert m and m["d"] == said


@pytest.mark.parametrize("text", [" none after the deadline we drop", " nothing after that day"])
def test_none_with_more_words_is_no_one_sided_bound_h33(text: str) -> None:
    from generator.parse.rules.join_bounds import ONE_SIDED

    assert not ONE_SIDED.match(text)


@pytest.mark.parametrize(
    ("clause", "records"),
    [
        (" the arrival from within the hour before the inspection", True),
        (" arrival up to 1 hour before", True),
        (" amount within 10 minutes", False),  # a field, never the records
        (" the arrival and route_code", False),  # no bound after it
    ],
)
def test_takes_records_before_a_bound_h33(clause: str, records: bool) -> None:
    from generator.parse.rules.join_keys import _takes_records
    from generator.parse.rules.state import Join

    join = Join(0, "interval", "recycling.truck_arrivals", "recycling.truck_arrivals", None, None)
    pos = 1 if clause.startswith(" the ") is False else len(" the ")
    assert _takes_records(join, clause, pos) is records


def test_within_the_hour_needs_a_direction_h33() -> None:
    with pytest.raises(RequestNotUnderstood, match="give a time bound"):
        parse(
            "Read recycling.load_inspections and join recycling.truck_arrivals on truck_id "
            "within the hour, taking haulier_name. Write to ClickHouse compliance.loads."
        )
    j = join_of(
        "Read recycling.load_inspections and join recycling.truck_arrivals on truck_id, "
        "arrivals within the hour before the inspection, taking haulier_name. Write to "
        "ClickHouse compliance.loads."
    )
    assert (j["before_ms"], j["after_ms"]) == (60 * MIN, 0)


# h34/joins12: the pairing verbs as a lexicon, a participle read only after "be"/"get" or the
# records it is said of
@pytest.mark.parametrize(
    "text, verb",
    [
        ("I want each pass (gs.passes) matched to gs.stats within 10 minutes", "matched"),
        ("every throw on bowl.throws paired up with y.z within 4 hours", "paired up"),
        ("We'd like each of these tied to the booking on y.z up to 2 hours before", "tied"),
        ("each launch should be linked to y.z within 1 hour", "linked"),
        ("line up each swab with lab.results up to six hours after the swab", "line up"),
        ("match each one against hockey.shots up to 2 minutes after", "match"),
        ("associate each checkout with lib.holds at most 7 days before", "associate"),
    ],
)
def test_strict_join_verbs_pairing_lexicon_h34(text: str, verb: str) -> None:
    from generator.parse.rules.join_verbs import strict_join_verbs

    found = strict_join_verbs(text, text)
    assert [" ".join(m.group(0).split()) for m in found] == [verb]


@pytest.mark.parametrize(
    "text",
    [
        "keep only events matched to a session within 30 minutes",
        "the totals paired with y.z within 5 minutes",
        "count ties per team_id every day",
        "dating.match-created with x.y within 5 minutes",
    ],
)
def test_strict_join_verbs_no_participle_without_its_records_h34(text: str) -> None:
    from generator.parse.rules.join_verbs import strict_join_verbs

    assert strict_join_verbs(text, text) == []


def test_verb_alternation_longest_first_h34() -> None:
    from generator.parse.rules.join_verbs import PAIRING_ACTIVE, _verb_alternation

    assert _verb_alternation(["pair", "line up"]) == r"line\s+up|pair"
    assert PAIRING_ACTIVE.index("matches") < PAIRING_ACTIVE.index("match|")


@pytest.mark.parametrize(
    "sentence, read",
    [
        ("when a failure event lands on hydro.pump_failures, can we ", True),
        ("every time a parcel scan arrives on depot.scans, could you ", True),
        ("For each fault, ", True),
        ("When a gate opens, ", False),
        ("Then ", False),
    ],
)
def test_find_for_each_when_a_record_lands_h34(sentence: str, read: bool) -> None:
    from generator.parse.rules.join_verbs import FIND_FOR_EACH

    assert (FIND_FOR_EACH.search(sentence) is not None) is read


@pytest.mark.parametrize(
    ("span", "direction"),
    [
        ("within the previous 14 days", "before"),
        ("in the preceding 2 hours", "before"),
        ("during the last 10 minutes", "before"),
        ("within the next thirty minutes", "after"),
        ("over the following 3 hours", "after"),
    ],
)
def test_span_direction_word_h35(span: str, direction: str) -> None:
    """ "within the previous 14 days": the span's word says the direction (h35/joins13)."""
    from generator.parse.rules.join_bounds import WITHIN, a_direction

    bm = WITHIN.search(span)
    assert bm is not None and a_direction(bm) == direction


def test_span_direction_word_leaves_said_direction_h35() -> None:
    """ "within the last 2 hours before the scan": the direction said after it stands."""
    from generator.parse.rules.join_bounds import WITHIN, a_direction

    bm = WITHIN.search("within the last 2 hours after the scan")
    assert bm is not None and a_direction(bm) == "after"


def test_second_key_then_bound_verb_h35() -> None:
    """ "the same beacon_id and arrive up to 10 min after": 'arrive' is the bound's verb."""
    from generator.parse.rules.join_keys import _refuse_second_key

    _refuse_second_key(" and arrive up to 10 min after", 0, "beacon_id")
    with pytest.raises(RequestNotUnderstood):
        _refuse_second_key(" and batch_no within 3 hours", 0, "sample_id")


# h36/joins14: the patterns of the key said in a clause of its own, the key said between the
# other records and their topic, the records a join is done for, and a fact on which record
# comes first
@pytest.mark.parametrize(
    "text, matches",
    [
        (", same rental_id, the return up to 8 hours after", True),
        (", joined on rental_id, within 8 hours", True),
        (", on rental_id within 8 hours", True),
        (", same day, the return up to 8 hours after", False),
        (", on weekdays, within 8 hours", False),
    ],
)
def test_key_alone(text: str, matches: bool) -> None:
    from generator.parse.rules.interval_joins import KEY_ALONE

    assert bool(KEY_ALONE.match(text)) is matches


def test_key_inside_side() -> None:
    from generator.parse.rules.interval_joins import KEY_INSIDE_SIDE

    m = KEY_INSIDE_SIDE.fullmatch(" the invoice for the same job_id from garage.repair_invoices")
    assert m and m["k"] == "job_id" and "garage.repair_invoices" in m["post"]
    assert KEY_INSIDE_SIDE.fullmatch(" the invoice for the same reason from garage.x") is None


@pytest.mark.parametrize(
    "sentence, noun",
    [
        ("For each rig check, ", "rig check"),
        ("For each capsize we'd like to ", "capsize"),
        ("Please, for every shipment ", "shipment"),
    ],
)
def test_for_each_record(sentence: str, noun: str) -> None:
    from generator.parse.rules.interval_joins import FOR_EACH_RECORD

    m = FOR_EACH_RECORD.search(sentence)
    assert m and m["n"] == noun


@pytest.mark.parametrize(
    "text, subject, direction",
    [
        (
            " — the service always finishes before the customer pays, at most an hour",
            "service",
            "before",
        ),
        (
            ", the collection is always before the lab test, up to 6 hours before",
            "collection",
            "before",
        ),
        (", the payment always comes after the completion, within 1 hour", "payment", "after"),
    ],
)
def test_order_fact(text: str, subject: str, direction: str) -> None:
    from generator.parse.rules.interval_joins import ORDER_FACT

    m = ORDER_FACT.match(text)
    assert m and m["n"] == subject and m["dir"] == direction


def test_order_fact_needs_a_bound_after() -> None:
    from generator.parse.rules.interval_joins import ORDER_FACT

    assert ORDER_FACT.match(", the service always finishes before the customer pays.") is None


def test_said_field_type_is_no_guess() -> None:
    """A type said after a taken field ("credit_limit (string)") is used, and the assumption
    listing fields typed by a guess leaves that field out."""
    spec = parse(
        "Read topic shop.orders and join it with the latest customer from the compacted topic "
        "shop.customers on customer_id. Take credit_limit (string) and tier from the customer. "
        "Print to stdout."
    )
    (join,) = spec["operators"]
    assert {f["source"]: f["type"] for f in join["fields"]} == {
        "credit_limit": "string",
        "tier": "string",
    }
    guessed = [a for a in spec["assumptions"] if "no type given" in a]
    assert guessed and all(a.startswith("tier from") for a in guessed)


def test_left_topic_named_and_joined_topic_domain_not_the_sources() -> None:
    """ "Read topic rides and topic payments; join rides to payments": both topics are named,
    so neither is listed as assumed, and the joined topic's name ('payments') does not give
    the source (rides) the payments preset."""
    spec = parse(
        "Read topic rides and topic payments; join rides to payments on ride_id within 30 "
        "minutes; write joined rows to ClickHouse finance.ride_payments."
    )
    said = " | ".join(spec["assumptions"])
    assert "was not named" not in said
    assert "input schema: the payments preset" not in said
    assert "input schema of the joined topic 'payments'" in said
    assert spec["source"]["topics"] == ["rides"]  # payments is the join's input, read once


def test_joined_stream_named_by_a_word_lists_the_topic_assumed() -> None:
    """ "join to customers ... within 5 minutes": a stream-stream join whose topic is the word
    said, listed as assumed; called a table with no topic of its rows, it is refused."""
    spec = parse(
        "Read topic orders, join to customers on customer_id within 5 minutes taking tier, print."
    )
    assert "the join's right stream topic was not named; assumed 'customers'" in spec["assumptions"]
    with pytest.raises(RequestNotUnderstood, match="a table is joined from the Kafka topic"):
        parse(
            "Read topic orders, join to the customers table on customer_id within 5 minutes "
            "taking tier, print."
        )
