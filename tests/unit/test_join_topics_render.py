"""A topic read as the source and joined as the other stream is subscribed to once."""

from __future__ import annotations

import re

import pytest

import generator.render.bundle as bundle
from generator.parse.rules import parse_request
from generator.render.model import build_context
from generator.spec import spec_to_dict
from tests.support.bundles import no_gate

REQUEST = (
    "Read topic rides and topic payments; join rides to payments on ride_id within 30 minutes; "
    "write joined rows to ClickHouse finance.ride_payments."
)


def test_the_joined_topic_named_as_read_is_no_second_source() -> None:
    spec = parse_request(REQUEST)
    assert spec.source.topics == ["rides"]
    assert spec_to_dict(spec)["operators"][0]["right_topic"] == "payments"


def test_a_topic_both_read_and_joined_is_listed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = parse_request(REQUEST)
    both = spec.model_copy(
        update={"source": spec.source.model_copy(update={"topics": ["rides", "payments"]})}
    )
    context = build_context(both)
    assert context["topics"] == ["rides", "payments"]
    assert context["copartitioned"] == ["rides", "payments"]
    monkeypatch.setattr(bundle, "finish_python_files", no_gate)
    processor = bundle.render_bundle(both).files[f"{both.name}.py"]
    listed = re.search(r"^JOINED_TOPICS = (.*)$", processor, re.M)
    assert listed is not None
    assert listed.group(1).count("'payments'") + listed.group(1).count('"payments"') == 1
