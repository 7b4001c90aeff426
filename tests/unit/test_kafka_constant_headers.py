"""A Kafka sink with constant headers only renders a processor that passes the quality gate.

The shared KafkaSink class formats field headers with `field_text` whenever a sink has headers;
with constant headers only and a plain key, `field_text` was left out and the gate refused the
processor (F821, found by tests/unit/test_spec_renders_property.py).
"""

from pathlib import Path

from generator.render.bundle import render_bundle
from generator.spec import spec_from_dict
from tests.support.bundles import load_processor

SPEC = {
    "spec_version": 1,
    "name": "orders_tagged",
    "description": "Orders passed on to Kafka with a constant header.",
    "source": {
        "kind": "kafka",
        "topics": ["orders"],
        "group_id": "orders-tagged",
        "event_time": "created_at",
    },
    "schema": {
        "fields": [
            {"name": "order_id", "type": "string", "required": True},
            {"name": "created_at", "type": "timestamp", "required": True},
        ]
    },
    "operators": [],
    "sinks": [
        {"kind": "kafka", "topic": "orders-tagged", "headers": [{"name": "origin", "value": "etl"}]}
    ],
    "dead_letter_topic": "orders-tagged-dlq",
}


def test_constant_headers_only(tmp_path: Path) -> None:
    files = render_bundle(spec_from_dict(SPEC)).files  # the quality gate runs here
    path = tmp_path / "orders_tagged.py"
    path.write_text(files["orders_tagged.py"])
    module = load_processor(path, "orders_tagged_constant_headers")
    sink = module.KafkaSink(None, "orders-tagged", None, constant_headers={"origin": "etl"})
    assert sink.headers({"order_id": "o-1"}) == [("origin", b"etl")]
