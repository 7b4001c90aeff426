"""The request corpus's comparison (tests/requests/test_requests.py): what counts as the same spec."""

from tests.requests.test_requests import mismatches

PARSED = {"kind": "redis", "key_template": None, "key_prefix": "player:", "key_field": "player_id"}


def test_a_one_field_key_template_is_the_prefix_and_field_the_parser_writes() -> None:
    assert (
        mismatches({"sinks": [{"key_template": "player:{player_id}"}]}, {"sinks": [PARSED]}) == []
    )


def test_a_key_template_naming_another_key_still_differs() -> None:
    for template in ("user:{player_id}", "player:{user_id}", "player:{player_id}:{region}"):
        problems = mismatches({"key_template": template}, PARSED)
        assert problems == [f".key_template: expected {template!r}, got None"]


def test_a_partial_mapping_compares_only_its_keys() -> None:
    assert mismatches({"key_prefix": "player:"}, PARSED) == []
    assert mismatches({"ttl_s": 60}, PARSED) == [".ttl_s: missing"]
