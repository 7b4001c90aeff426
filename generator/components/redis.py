"""Redis sink: write-back by key (templates/sinks/redis.py.j2)."""

from ..render.escape import Code
from ..render.sql import Table
from ..spec import Pipeline, RedisSink
from .base import SinkComponent, SinkView


class RedisSinkComponent(SinkComponent[RedisSink]):
    spec_type = RedisSink
    template = "sinks/redis.py.j2"
    durable = "Redis writes executed"
    stored = True
    needs = frozenset({"redis"})

    def views(
        self, spec: Pipeline, sink: RedisSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        return [SinkView("redis_sink", Code("RedisSink(self.redis_calls, self.redis)"), self.template, spec=sink)]

    def label(self, spec: Pipeline, sink: RedisSink) -> str:
        return f"Redis {sink.key_prefix}{{{sink.key_field}}}"


COMPONENT = RedisSinkComponent()
