"""stdout sink: one JSON line per record (templates/sinks/stdout.py.j2)."""

from ..render.escape import Code
from ..render.sql import Table
from ..spec import Pipeline, StdoutSink
from .base import SinkComponent, SinkView


class StdoutComponent(SinkComponent[StdoutSink]):
    spec_type = StdoutSink
    template = "sinks/stdout.py.j2"
    durable = "stdout flushed"

    def views(
        self, spec: Pipeline, sink: StdoutSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        return [SinkView("stdout", Code("StdoutSink()"), self.template, spec=sink)]

    def label(self, spec: Pipeline, sink: StdoutSink) -> str:
        return "stdout"


COMPONENT = StdoutComponent()
