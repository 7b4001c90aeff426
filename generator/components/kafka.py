"""Kafka sink: acks=all, idempotent producer, optional key field (templates/sinks/kafka.py.j2)."""

from typing import Any

from ..render.escape import Code, pyrepr
from ..render.sql import Table
from ..spec import KafkaSink, Pipeline
from .base import SinkComponent, SinkView


class KafkaSinkComponent(SinkComponent[KafkaSink]):
    spec_type = KafkaSink
    template = "sinks/kafka.py.j2"
    durable = "Kafka sends acknowledged with `acks=all`"

    def views(
        self, spec: Pipeline, sink: KafkaSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        attr = "kafka" if count == 1 else f"kafka_{sink.topic.replace('-', '_').replace('.', '_')}"
        topic, key = pyrepr(sink.topic), pyrepr(sink.key)
        if spec.delivery == "exactly_once":  # sends go through the task's transactional producer
            ctor = Code(f"KafkaSink({topic}, {key})")
        else:
            ctor = Code(f"KafkaSink(self.producer, {topic}, {key})")
        return [SinkView(attr, ctor, self.template, spec=sink)]

    def label(self, spec: Pipeline, sink: KafkaSink) -> str:
        return f"Kafka {sink.topic}"

    def topic_plan(self, sink: KafkaSink) -> list[dict[str, Any]]:
        return [{"name": sink.topic, "role": "output", "config": {}}]


COMPONENT = KafkaSinkComponent()
