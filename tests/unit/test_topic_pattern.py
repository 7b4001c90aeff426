"""Topic patterns: whole-name matching, the example topic the generated tests use, the
subscription handed to aiokafka, and the rendered bundle's use of them."""

import ast
import re

import pytest

from generator.render import render_bundle
from generator.spec import spec_from_dict
from generator.spec.topic_pattern import example_topic, matches, subscribed

PATTERNS = [
    "audit-.*",
    "audit-[a-z0-9-]+",
    "^(billing|login)-audit$",
    "orders-v[0-9]{2}",
    "[^a-z_]+\\.events",
    "(?i)AUDIT-x?",
    "logs\\.(eu|us)\\.[a-z]+",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_example_topic_is_a_legal_name_the_pattern_matches(pattern: str) -> None:
    topic = example_topic(pattern)
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,249}", topic), topic
    assert re.fullmatch(pattern, topic), topic


@pytest.mark.parametrize(
    ("pattern", "topic", "expected"),
    [
        ("audit-.*", "audit-billing", True),
        ("audit-.*", "audit.alerts", False),
        ("audit", "audit-billing", False),  # whole names, not prefixes
        ("audit-[a-z]+", "audit-billing2", False),
        ("(a|b)-x", "b-x", True),
    ],
)
def test_matching_is_on_the_whole_name(pattern: str, topic: str, expected: bool) -> None:
    assert matches(pattern, topic) is expected
    # what aiokafka does with the subscribed form: re.compile(...).match(topic)
    assert (re.compile(subscribed(pattern)).match(topic) is not None) is expected


def _spec(pattern: str) -> dict[str, object]:
    return {
        "name": "audit_alerts",
        "source": {"topic_pattern": pattern, "group_id": "g", "pattern_refresh_ms": 2000},
        "schema": {"fields": [{"name": "event_id"}, {"name": "timestamp", "type": "timestamp"}]},
        "sinks": [{"kind": "kafka", "topic": "alerts"}],
        "dead_letter_topic": "alerts-dlq",
    }


def test_bundle_subscribes_to_the_pattern_and_refreshes_at_the_spec_rate() -> None:
    # quotes and backslashes in a branch no topic takes reach the code only as a literal
    hostile = r"""audit-(\w+|'"\\|\x27)"""
    bundle = render_bundle(spec_from_dict(_spec(hostile)))
    code = bundle.files["audit_alerts.py"]
    assert "self.consumer.subscribe(pattern=SOURCE_PATTERN, listener=Rebalance(self))" in code
    assert "metadata_max_age_ms=config.pattern_refresh_ms" in code
    line = next(x for x in code.splitlines() if x.startswith("SOURCE_PATTERN = "))
    assert ast.literal_eval(line.removeprefix("SOURCE_PATTERN = ")) == f"(?:{hostile})\\Z"
    assert 'os.environ.get("PATTERN_REFRESH_MS", "2000")' in code
    setup = bundle.files["setup_topics.py"]
    assert "alerts-dlq" in setup
    assert "re.fullmatch(SOURCE_PATTERN, name)" in setup


def test_spec_round_trips_and_listed_topic_specs_dump_unchanged() -> None:
    spec = spec_from_dict(_spec("audit-.*"))
    dumped = spec.model_dump(by_alias=True)
    assert dumped["source"]["topic_pattern"] == "audit-.*"
    assert spec_from_dict(dumped) == spec
    listed = spec_from_dict(_spec("audit-.*") | {"source": {"topics": ["a"], "group_id": "g"}})
    source = listed.model_dump(by_alias=True)["source"]
    assert "topic_pattern" not in source and "pattern_refresh_ms" not in source
