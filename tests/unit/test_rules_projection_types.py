"""Fields only kept or renamed are typed by their name, else any JSON value: a projection
never dead-letters a record for a type the request did not state."""

import pytest

from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def types(request: str) -> dict[str, str]:
    return {f.name: f.type for f in parse_request(request).schema_.fields}


def test_kept_fields_without_a_telling_name_take_any_value() -> None:
    got = types(
        "read topic room-sensors, keep only room_id, room, temp_c and reading_time, "
        "and write them to topic rooms-slim"
    )
    assert got["room"] == "json" and got["temp_c"] == "json"
    # names that say their type keep it
    assert got["room_id"] == "int" and got["reading_time"] == "timestamp"


def test_a_field_a_filter_compares_keeps_the_filters_type() -> None:
    got = types("read topic room-sensors, keep temp_c > 30, keep only room and temp_c, print")
    assert got["temp_c"] == "float" and got["room"] == "json"


def _select(request: str) -> dict[str, object]:
    ops = [op for op in spec_to_dict(parse_request(request))["operators"] if op["kind"] == "select"]
    assert len(ops) == 1, ops
    return ops[0]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic kilns keep only the important fields, print",
        "from topic kilns drop the sensitive fields, print",
        "from topic kilns remove the internal columns, print",
    ],
)
def test_one_plain_word_before_plural_fields_is_a_kind_never_a_field(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood, match="which fields are"):
        parse_request(request_text)


def test_two_plain_names_before_fields_are_fields() -> None:
    assert _select("from topic kilns drop the kiln and shelf fields, print")["drop"] == [
        "kiln",
        "shelf",
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic rentals we only need rental_id, size_cm and days; the rest can go. print",
        "from topic rentals keep rental_id, size_cm and days, drop the rest, print",
    ],
)
def test_the_rest_said_to_go_after_a_keep_list(request_text: str) -> None:
    assert _select(request_text)["keep"] == ["rental_id", "size_cm", "days"]


def test_a_drop_label_with_a_colon() -> None:
    request = "Source: topic kiln-log\n2. drop: operator_name\nSink: stdout"
    assert _select(request)["drop"] == ["operator_name"]


@pytest.mark.parametrize("ask", ["please", "kindly", "pls"])
def test_a_courtesy_after_a_keep_list_is_no_field(ask: str) -> None:
    """'keep only a and b, please write them to x': never a third field 'please'."""
    spec = spec_to_dict(
        parse_request(
            f"From volcano.readings keep only station_id and amplitude_um, {ask} write them to "
            "kafka topic volcano.peaks"
        )
    )
    assert [op.get("keep") for op in spec["operators"]] == [["station_id", "amplitude_um"]]


@pytest.mark.parametrize(
    "text, retention",
    [
        ("read ortho.retainer_orders and print them", False),
        ("retain just station_id, observed_at and surge_m", False),
        ("retain only booking_id and nights", False),
        ("rows retained for 30 days", True),
        ("retain the data for 90 days", True),
        ("retain just a few fields", True),
    ],
)
def test_retention_scope_word(text: str, retention: bool) -> None:
    """h30/t46: a name holding "retainer" and a keep list after "retain just/only" are no data
    retention; a lifetime (or a vague "retain just ...") still is, for the scope check."""
    from generator.parse.rules import scope

    pattern = next(p for name, p in scope._OUT_OF_SCOPE if name == scope._RETENTION)
    assert bool(pattern.search(text)) is retention
