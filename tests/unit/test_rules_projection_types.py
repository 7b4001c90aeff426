"""Fields only kept or renamed are typed by their name, else any JSON value: a projection
never dead-letters a record for a type the request did not state."""

from generator.parse.rules import parse_request


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
