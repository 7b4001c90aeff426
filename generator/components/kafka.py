"""Kafka sink: acks=all, idempotent producer, optional key field and headers
(templates/sinks/kafka.py.j2)."""

from dataclasses import dataclass
from typing import Any

from ..render.escape import Code, pyrepr
from ..render.samples import code
from ..render.sql import Table
from ..spec import KafkaSink, Pipeline
from .base import SinkComponent, SinkView
from .redis import PLAIN_KEY_TYPES, expected_text, sample_outputs


def headers_args(sink: KafkaSink) -> str:
    """The header arguments of its KafkaSink: constants, then header name -> output field."""
    if not sink.headers:
        return ""
    # A constant is free text: written with ASCII escapes (`!a`: a str literal), so no
    # character, ambiguous or invisible, reaches the source as itself.
    constants = ", ".join(
        f"{pyrepr(h.name)}: {h.value!a}" for h in sink.headers if h.value is not None
    )
    fields = {h.name: h.field for h in sink.headers if h.field is not None}
    return f", constant_headers={{{constants}}}, field_headers={pyrepr(fields)}"


def plain_key(spec: Pipeline, sink: KafkaSink) -> bool:
    """Whether the message key is the key field's value as `str()` writes it: a required
    string or int. Any other (a bool, a timestamp, a field that may be null) goes through
    `message_key`: its JSON text, and no key at all when it is null."""
    if sink.key is None:
        return True
    field = next(f for f in spec.output_fields() if f.name == sink.key)
    return field.required and field.type in PLAIN_KEY_TYPES


def expected_key(value: Any) -> bytes | None:
    """What the generated sink must send as the key of a decoded key value (the README's rule)."""
    return None if value is None else expected_text(value).encode()


@dataclass
class KafkaSinkView(SinkView):
    plain_key: bool = True


class KafkaSinkComponent(SinkComponent[KafkaSink]):
    spec_type = KafkaSink
    template = "sinks/kafka.py.j2"
    durable = "Kafka sends acknowledged with `acks=all`"

    def views(
        self, spec: Pipeline, sink: KafkaSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        attr = "kafka" if count == 1 else f"kafka_{sink.topic.replace('-', '_').replace('.', '_')}"
        topic, key, headers = pyrepr(sink.topic), pyrepr(sink.key), headers_args(sink)
        if spec.delivery == "exactly_once":  # sends go through the task's transactional producer
            ctor = Code(f"KafkaSink({topic}, {key}{headers})")
        else:
            ctor = Code(f"KafkaSink(self.producer, {topic}, {key}{headers})")
        plain = plain_key(spec, sink)
        # the shared KafkaSink class formats field headers whenever a sink has headers
        needs_text = not plain or bool(sink.headers)
        return [
            KafkaSinkView(
                attr, ctor, self.template, spec=sink, needs_text=needs_text, plain_key=plain
            )
        ]

    def test_case(self, spec: Pipeline, sink: KafkaSink, view: SinkView) -> dict[str, Any] | None:
        """Headers and keys that are not plain text (the rest of the sink is covered by the
        processor's tests)."""
        if not sink.headers and plain_key(spec, sink):
            return None
        tested = [s for s in spec.sinks if isinstance(s, KafkaSink)]
        tested = [s for s in tested if s.headers or not plain_key(spec, s)]
        values = sample_outputs(spec.output_fields(), [])  # a key that may be null is, first
        sent = []
        for value in values:
            headers = [(h.name, h.value.encode()) for h in sink.headers if h.value is not None]
            headers += [
                (h.name, expected_text(value[h.field]).encode())
                for h in sink.headers
                if h.field is not None and value[h.field] is not None
            ]
            key = None if sink.key is None else expected_key(value[sink.key])
            sent.append((sink.topic, key, headers))
        nulls = [h.name for h in sink.headers if h.field is not None and values[0][h.field] is None]
        return {
            "template": "tests/kafka_sink.py.j2",
            "attr": view.attr,
            "fakes": sink is tested[0],  # the first tested sink's test defines the fakes
            "topic": pyrepr(sink.topic),
            "args": Code(headers_args(sink).removeprefix(", ")),
            "key": pyrepr(sink.key),
            "values": [code(v) for v in values],
            "sent": code(sent),
            "nulls": nulls,
            "null_key": sink.key is not None and values[0][sink.key] is None,
        }

    def label(self, spec: Pipeline, sink: KafkaSink) -> str:
        return f"Kafka {sink.topic}"

    def topic_plan(self, sink: KafkaSink) -> list[dict[str, Any]]:
        return [{"name": sink.topic, "role": "output", "config": {}}]


COMPONENT = KafkaSinkComponent()
