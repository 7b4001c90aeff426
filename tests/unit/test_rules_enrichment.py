"""Rule parser: Redis lookups (key prefix or template, JSON or hash, field mapping, cache, misses)."""

from typing import Any

import pytest

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.rules import parse_request
from generator.parse.rules.enrich import ENRICH_VERB
from generator.spec import spec_to_dict
from generator.spec.presets import PROFILE_FIELDS


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def enrich_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    ops = [op for op in spec["operators"] if op["kind"] == "enrich"]
    assert len(ops) == 1, spec["operators"]
    return ops[0]


PROFILE_TARGETS = [target for _, target, _ in PROFILE_FIELDS]
CUSTOMER = ["customer_name", "customer_segment", "customer_country"]
PRODUCT = ["product_name", "product_category", "product_price"]

CASES = [
    # (request, key_field, key_prefix, value_format, targets)
    ("from topic 'user-events' enrich with user profiles from Redis cache and store in ClickHouse",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
    ("read clicks from 'clicks', enrich them with user profiles from redis, print",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
    ("from topic 'clicks' enrich each click with the user's profile from Redis and print",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
    ("from topic 'clicks' enrich with user data from Redis and print",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
    ("from topic 'orders' look up `customer:{customer_id}` in Redis and print",
     "customer_id", "customer:", "json", CUSTOMER),
    ("from topic 'orders' look up 'cust:{customer_id}' in a Redis hash and print",
     "customer_id", "cust:", "hash", CUSTOMER),
    ("from topic 'orders', Redis lookup of customer:{customer_id}, then print",
     "customer_id", "customer:", "json", CUSTOMER),
    ("from topic 'orders' enrich with product details from a Redis hash keyed by product_id "
     "and publish to topic 'orders-enriched'",
     "product_id", "product:", "hash", PRODUCT),
    ("from topic 'clicks' enrich events with user profiles from Redis keyed by user_id with "
     "prefix 'profile:' and print",
     "user_id", "profile:", "json", PROFILE_TARGETS),
    ("from topic 'orders' enrich orders with customer data from Redis adding name and tier, "
     "print", "customer_id", "customer:", "json", ["customer_name", "tier"]),
    ("from topic 'readings' enrich with device metadata from Redis and print",
     "device_id", "device:", "json", ["device_model", "device_location", "device_owner"]),
    ("from topic 'payments' look up merchant info in Redis on merchant_id and print",
     "merchant_id", "merchant:", "json",
     ["merchant_name", "merchant_category", "merchant_country"]),
    ("from topic 'orders' enrich with product info stored as Redis hashes and print",
     "product_id", "product:", "hash", PRODUCT),
    ("from topic 'orders' enrich with warehouse data from Redis keyed by warehouse_id adding "
     "name and region, print",
     "warehouse_id", "warehouse:", "json", ["name", "region"]),
    ("from topic 'orders' look up `sku:{product_id}` in Redis adding price and brand, print",
     "product_id", "sku:", "json", ["product_price", "brand"]),
    ("From Kafka topic 'user-events' enrich using Redis user profiles and store in ClickHouse",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
    ("from topic 'orders' enriching with customer details from Redis, print everything",
     "customer_id", "customer:", "json", CUSTOMER),
    ("from topic 'clicks' enrich with profiles from a redis hash with key prefix 'u:' and print",
     "user_id", "u:", "hash", PROFILE_TARGETS),
    ("from topic 'orders' look up the customer record in Redis by customer_id and print",
     "customer_id", "customer:", "json", CUSTOMER),
    ("from topic 'clicks' enrich with user profiles (Redis, JSON values) and print",
     "user_id", "user:profile:", "json", PROFILE_TARGETS),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "key", "prefix", "fmt", "targets"), CASES)
def test_enrichment(request_text: str, key: str, prefix: str, fmt: str, targets: list[str]) -> None:
    op = enrich_of(request_text)
    assert op["key_field"] == key
    assert op["key_prefix"] == prefix
    assert op["value_format"] == fmt
    assert [m["target"] for m in op["fields"]] == targets
    assert op["store"] == "redis"


OPTIONS = [
    ("from topic 'clicks' enrich with user profiles from Redis, caching them for 5 minutes, "
     "and print", {"cache_ttl_ms": 300_000}),
    ("from topic 'clicks' enrich with user profiles from Redis with a cache TTL of 30 seconds "
     "and print", {"cache_ttl_ms": 30_000}),
    ("from topic 'clicks' enrich with user profiles from Redis without a local cache and print",
     {"cache_ttl_ms": 0}),
    ("from topic 'clicks' enrich with user profiles from Redis, cache up to 5000 entries, print",
     {"cache_max_entries": 5000}),
    ("from topic 'clicks' enrich with user profiles from Redis and send events with unknown "
     "users to the dead-letter topic, print", {"on_miss": "dead_letter"}),
    ("from topic 'clicks' enrich with user profiles from Redis, drop events without a matching "
     "profile and print", {"on_miss": "dead_letter"}),
    ("from topic 'clicks' enrich with user profiles from Redis and print",
     {"on_miss": "null", "cache_ttl_ms": 60_000, "cache_max_entries": 100_000}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected"), OPTIONS)
def test_enrichment_options(request_text: str, expected: dict[str, Any]) -> None:
    op = enrich_of(request_text)
    for key, value in expected.items():
        assert op[key] == value, key


def test_seed_profile_mapping_types() -> None:
    op = enrich_of("from topic 'x' enrich with user profiles from Redis and print")
    assert [(m["source"], m["target"], m["type"]) for m in op["fields"]] == PROFILE_FIELDS


def test_missing_key_field_is_added_with_an_assumption() -> None:
    spec = parse("from topic 'events' enrich with customer data from Redis and print")
    assert spec["operators"][0]["key_field"] == "customer_id"
    field = next(f for f in spec["schema"]["fields"] if f["name"] == "customer_id")
    assert field["type"] == "int"
    assert any("customer_id" in note for note in spec["assumptions"])


def test_filter_on_an_enriched_field_runs_after_the_lookup() -> None:
    spec = parse(
        "from topic 'clicks' enrich with user profiles from Redis, keep only records where "
        "user_segment is 'vip' and print"
    )
    assert [op["kind"] for op in spec["operators"]] == ["enrich", "filter"]
    assert spec["operators"][1] == {
        "kind": "filter", "field": "user_segment", "op": "eq", "value": "vip"
    }  # fmt: skip


def test_enrich_only_pipeline_name_and_key() -> None:
    spec = parse("from topic 'orders' look up `customer:{customer_id}` in Redis and print")
    assert spec["name"] == "orders_enriched"
    assert spec["source"]["key"] == "customer_id"


def test_key_template_must_end_with_the_field() -> None:
    with pytest.raises(RequestNotUnderstood, match="must end with the"):
        parse("from topic 'x' look up 'user:{user_id}:profile' in Redis and print")


def test_unknown_entity_without_fields_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="no known fields for 'warehouse'"):
        parse("from topic 'x' enrich with warehouse data from Redis keyed by warehouse_id, print")


def test_bad_key_prefix_is_refused_by_validation() -> None:
    with pytest.raises(SpecError, match="not a valid Redis key prefix"):
        parse("from topic 'x' enrich with user profiles from Redis with prefix 'a b;' and print")


def test_injected_key_field_is_refused_by_validation() -> None:
    with pytest.raises(SpecError, match="__import__"):
        parse("from topic 'x' look up `user:{__import__}` in Redis and print")


def test_looked_up_fields_keep_their_names_unless_the_record_has_them() -> None:
    spec = spec_to_dict(
        parse_request(
            "from topic 'orders' look up each store in Redis under store:{store_id} adding "
            "category and region, print"
        )
    )
    targets = [f["target"] for f in spec["operators"][0]["fields"]]
    assert targets == ["store_category", "region"]  # the orders have a category already
    assert (
        "'category' from Redis is added as 'store_category': the record has a field "
        "'category' already" in spec["assumptions"]
    )


def _defaults(request: str) -> list[str]:
    rows = [r for r in parse_request(request).reading if r.component == "defaults"]
    return rows[0].values if rows else []


def test_explain_lists_how_an_unstated_lookup_reads_redis() -> None:
    said = _defaults(
        "from topic orders look up the customer in Redis at customer:{customer_id} adding tier, "
        "print"
    )
    assert "redis value format = json (one JSON string per key; not a Redis hash)" in said
    assert "redis miss = the added fields are null (the record is kept)" in said
    assert "redis lookup cache = 1min per key" in said


def test_explain_lists_no_lookup_default_the_request_states() -> None:
    said = _defaults(
        "from topic orders look up the customer in the Redis hash customer:{customer_id} adding "
        "tier, cache for 5 minutes, send misses to the dead-letter topic, print"
    )
    assert not [line for line in said if line.startswith("redis ")], said


def test_looked_up_field_compared_with_a_number_is_typed_as_one() -> None:
    # "sla_hours > 30" on a field from Redis: a number comparison ('4' > '30' as text), listed
    spec = parse(
        "Read shipment-events from Kafka, look up the carrier in Redis under "
        "carrier:{carrier_code} and add carrier_name and sla_hours; then keep only events where "
        "sla_hours > 30; write to stdout"
    )
    enrich, kept = spec["operators"]
    assert [(f["target"], f["type"]) for f in enrich["fields"]] == [
        ("carrier_name", "string"), ("sla_hours", "float")
    ]  # fmt: skip
    assert (kept["field"], kept["op"], kept["value"]) == ("sla_hours", "gt", 30)
    assert any("'sla_hours' is typed float" in note for note in spec["assumptions"])


def test_text_field_compared_with_a_number_is_refused() -> None:
    # a field typed text in the request is never compared with a number as text
    with pytest.raises(RequestNotUnderstood, match="'code' is a text field"):
        parse("read topic orders (fields order_id, code string), keep code > 3, to stdout")


@pytest.mark.parametrize(
    ("request_text", "on_miss"),
    [
        ("Read bale-scans, add each farm's crop from Redis (key farm:{farm_id}), misses to "
         "dead-letter topic bale-scans-dlq, print", "dead_letter"),
        ("Input: bale-scans\nEnrich: Redis key farm:{farm_id}, fields crop\nOn miss: dead-letter "
         "topic bale-scans-dlq\nOutput: stdout", "dead_letter"),
        ("Read bale-scans, add each farm's crop from Redis (key farm:{farm_id}); scans for "
         "farms that aren't in Redis should go to the dead-letter topic bale-scans-dlq; print",
         "dead_letter"),
        ("Read bale-scans, add each farm's crop from Redis (key farm:{farm_id}). Scans whose "
         "farm is missing pass through with empty values. Print.", "null"),
    ],
)  # fmt: skip
def test_lookup_misses_said_bare_or_of_the_records(request_text: str, on_miss: str) -> None:
    assert enrich_of(request_text)["on_miss"] == on_miss


def test_records_whose_other_noun_is_missing_are_no_lookup_miss() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse_request(
            "Read bale-scans, add each farm's crop from Redis (key farm:{farm_id}). Scans "
            "whose bale is missing pass through with empty values. Print."
        )


@pytest.mark.parametrize("said", ["alarms with no Redis entry", "alarms without a Redis entry"])
def test_records_without_a_store_entry_go_to_the_dead_letter_topic(said: str) -> None:
    spec = spec_to_dict(
        parse_request(
            "read kiln.alarms, enrich from redis key kiln:{kiln_id} (kiln_name, site); "
            f"{said} go to the dead-letter topic kiln-unknown; write to topic kiln-out"
        )
    )
    enrich = next(op for op in spec["operators"] if op["kind"] == "enrich")
    assert (enrich["on_miss"], spec["dead_letter_topic"]) == ("dead_letter", "kiln-unknown")


def test_enrich_a_topic_named_with_underscores_from_redis_reads_it_as_the_source() -> None:
    spec = spec_to_dict(
        parse_request(
            "enrich kiln.firing_alarms from redis key kiln:{kiln_id} (kiln_name, site), write to "
            "topic kiln-out"
        )
    )
    assert spec["source"]["topics"] == ["kiln.firing_alarms"]
    assert spec["operators"][0]["key_field"] == "kiln_id"


@pytest.mark.parametrize(
    "said",
    [
        "A kiln missing from Redis should go to the topic kiln-unknown",
        "Kilns not found in Redis go to the dead-letter topic kiln-unknown",
        "On a miss, send the alarm to kiln-unknown",
    ],
)
def test_records_missing_from_the_store_go_to_the_dead_letter_topic(said: str) -> None:
    spec = spec_to_dict(
        parse_request(
            "read kiln.alarms, look up each kiln in Redis at kiln:{kiln_id} and copy kiln_name. "
            f"{said}. Everything else goes to the ClickHouse table kiln.alarm_log."
        )
    )
    enrich = next(op for op in spec["operators"] if op["kind"] == "enrich")
    assert (enrich["on_miss"], spec["dead_letter_topic"]) == ("dead_letter", "kiln-unknown")
    assert [s["kind"] for s in spec["sinks"]] == ["clickhouse"]


def test_for_each_one_before_the_lookup_is_each_record() -> None:
    """'for each one, look up ...': the records one by one; 'for every one minute' stays a
    window and 'for each one over 5 kg' stays unread (it selects records)."""
    e = enrich_of(
        "read topic city.bays. For every one, look up the bay in Redis at 'bay:' + bay_id and "
        "add zone. print"
    )
    assert (e["key_field"], e["key_prefix"]) == ("bay_id", "bay:")
    with pytest.raises(RequestNotUnderstood):
        parse(
            "read topic depot.scans. For each one over 5 kg look up the parcel in Redis at "
            "'parcel:' + parcel_id and add sender. print"
        )


@pytest.mark.parametrize(
    "routed",
    [
        "Send meters missing from Redis to the topic a.misses and write the rest to the "
        "ClickHouse table a.out.",
        "Meters missing from Redis go to the topic a.misses and the rest to the ClickHouse table "
        "a.out.",
    ],
)
def test_lookup_misses_to_a_topic_then_the_rest_to_the_sink(routed: str) -> None:
    spec = parse(
        f"Read topic a.meters, look up each meter in Redis at meter:{{meter_id}} and copy "
        f"site_name. {routed}"
    )
    assert spec["operators"][0]["on_miss"] == "dead_letter"
    assert spec["dead_letter_topic"] == "a.misses"
    assert [s["kind"] for s in spec["sinks"]] == ["clickhouse"]


def test_selected_records_missing_from_redis_then_the_rest_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse(
            "Read topic a.meters, look up each meter in Redis at meter:{meter_id} and copy "
            "site_name. Send big meters missing from Redis to the topic a.misses and write the "
            "rest to the ClickHouse table a.out."
        )


def test_terse_chain_misses_arrow_names_the_miss_topic() -> None:
    spec = parse(
        "a.meters enrich from redis meter:{meter_id} (site_name) -> clickhouse a.out, "
        "misses -> a.unknown-meters"
    )
    assert spec["operators"][0]["on_miss"] == "dead_letter"
    assert spec["dead_letter_topic"] == "a.unknown-meters"
    assert [s["kind"] for s in spec["sinks"]] == ["clickhouse"]


def test_misses_arrow_without_a_lookup_stays_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse("a.meters where x > 1, misses -> a.unknown-meters, -> clickhouse a.out")


# h28/gchat4: the routing verb said before the misses ("Send misses to x") routes them to the
# miss topic; the topic is no second Kafka sink
def test_send_misses_to_topic_is_the_miss_topic_not_a_sink() -> None:
    for verb in ("Send misses", "Route any lookup misses"):
        spec = parse(
            "1. Read a.meters. 2. Look up Redis key meter:{meter_id} and add site_name. "
            f"3. {verb} to a.unknown-meters. 4. Write to ClickHouse a.out."
        )
        assert spec["operators"][0]["on_miss"] == "dead_letter"
        assert spec["dead_letter_topic"] == "a.unknown-meters"
        assert [s["kind"] for s in spec["sinks"]] == ["clickhouse"]


# h29/enr9: the enriched topic named inside the lookup phrase is the source: before a key in
# brackets after "from Redis", or as "each record of x" before "in Redis"; a field list said
# with "and" ends before a routing verb ("..., route the misses to x")
def test_topic_inside_the_lookup_phrase_is_the_source() -> None:
    for lookup in (
        "Enrich a.scans from Redis (key p:{p_id}) with tier and city",
        "Look up each record of a.scans in Redis under the key p:{p_id}, add tier and city",
        "Look up every event on a.scans in Redis under the key p:{p_id}, add tier and city",
    ):
        spec = parse(
            f"{lookup}, route the misses to a.unknown and write everything to ClickHouse a.out."
        )
        assert spec["source"]["topics"] == ["a.scans"]
        assert [f["source"] for f in spec["operators"][0]["fields"]] == ["tier", "city"]
        assert spec["dead_letter_topic"] == "a.unknown"


def test_misses_routed_to_an_unnamed_place_stay_refused() -> None:
    with pytest.raises(RequestNotUnderstood):
        parse(
            "Look up each record of a.scans in Redis under the key p:{p_id}, add tier and city, "
            "route the misses to whoever owns them and write everything to ClickHouse a.out."
        )


def test_lookup_noun_may_be_the_key_fields_stem() -> None:
    # (h30/redis10) "bibs not found" for the key bib_number: the key field's own noun
    from generator.parse.rules.enrich import _names_lookup

    assert _names_lookup("bibs", None, "bib_number")
    assert _names_lookup("locker", None, "locker_code")
    assert not _names_lookup("emails", None, "bib_number")


def test_miss_routes_said_as_not_found_or_not_there() -> None:
    # (h30/redis10) the records a lookup misses, routed by the noun alone or "isn't there"
    from generator.parse.rules.enrich import IF_MISSING, MISSING_TO_DLQ

    m = MISSING_TO_DLQ.search("bibs not found go to timing.unknown-bibs")
    assert m is not None and m.group("x5") == "bibs" and m.group("topic") == "timing.unknown-bibs"
    m = IF_MISSING.search("if the patron isn't there, send the hold to holds-unmatched instead")
    assert m is not None and m.group("x") == "patron" and m.group("store") is None


def test_each_subset_of_the_records_is_unsaid() -> None:
    from generator.parse.rules.enrich import each_subset_unsaid

    text = "read topic orders, look up each refund on customer_id in Redis"
    spans = [(19, len(text), "enrich")]
    assert each_subset_unsaid(text, spans, {"orders"}, {"customer"}, False) == "each refund"
    assert each_subset_unsaid(text, spans, {"refunds"}, {"customer"}, False) is None
    assert (
        each_subset_unsaid(text.replace("refund", "record"), spans, {"orders"}, set(), False)
        is None
    )
    big = "read topic orders, look up each large order on customer_id in Redis"
    assert each_subset_unsaid(big, [(19, len(big), "enrich")], {"orders"}, set(), False) == (
        "each large order"
    )


@pytest.mark.parametrize(
    "clause",
    [
        # h32/t53: the record's noun before the key field, then a third-person field verb
        "look each visit's patient_id up in Redis (keys look like patient:{patient_id}) and pulls "
        "ward and consultant",
        "looks every trip's driver_id up in redis (key driver:{driver_id}) and fetches depot",
    ],
)
def test_possessive_lookup_verb_reads_as_an_enrichment(clause: str) -> None:
    assert ENRICH_VERB.search(clause)
    spec = parse_request(f"read t.in, {clause}. write to stdout")
    (op,) = spec_to_dict(spec)["operators"]
    assert op["kind"] == "enrich"


@pytest.mark.parametrize(
    "said, names",
    [
        ("account_tier and rep_email -> keep", ["account_tier", "rep_email"]),
        ("location and model, and then write it", ["location", "model"]),
        (
            "tle_line1, tle_line2 and tle_epoch, then publish",
            ["tle_line1", "tle_line2", "tle_epoch"],
        ),
        ("shift and certification_level.", ["shift", "certification_level"]),
        ("tier and publish to x", ["tier"]),
        ("bay and crop from it)", ["bay", "crop"]),
    ],
)
def test_taken_fields_are_a_list_of_names_ending_the_clause(said: str, names: list[str]) -> None:
    from generator.parse.rules.lexicon import read_taken_fields

    taken = read_taken_fields(said, 0)
    assert taken is not None and taken[0] == names


@pytest.mark.parametrize(
    "said", ["gold customers", "the latest data from it", "usual stuff)", "data and details"]
)
def test_taken_fields_never_read_words_that_say_something_else(said: str) -> None:
    from generator.parse.rules.lexicon import read_taken_fields

    assert read_taken_fields(said, 0) is None


@pytest.mark.parametrize(
    "verb", ["pulling", "attach", "bring across", "copy over", "grab", "fetch", "to get", "pick up"]
)
def test_one_lexicon_of_taking_verbs(verb: str) -> None:
    from generator.parse.rules import lazy_re as re
    from generator.parse.rules.lexicon import TAKE_FIELDS_VERB

    assert re.fullmatch(rf"{TAKE_FIELDS_VERB}\s+tier", f"{verb} tier", re.IGNORECASE)
