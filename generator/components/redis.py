"""Redis sink: write-back by key, as a JSON string or a hash (templates/sinks/redis.py.j2)."""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import GenerationError
from ..render.escape import Code, pyrepr
from ..render.samples import code, to_python, variants
from ..render.sql import Table
from ..spec import Field, Pipeline, RedisSink
from .base import SinkComponent, SinkView, duration_text

# The literal text of a key, validated by the spec; nothing here can end or escape an f-string.
_KEY_TEXT = re.compile(r"[A-Za-z0-9:_.\-]*")
# Field types whose Python value formats in a key as it reads in the record; the others are
# written as their JSON text (`true`, a timestamp's ISO 8601 text) by `field_text`.
PLAIN_KEY_TYPES = frozenset({"string", "int"})


@dataclass
class RedisSinkView(SinkView):
    # the record's key: an f-string over `value`
    key: Code = field(default_factory=lambda: Code(""))
    hash: bool = False  # HSET of the fields rather than SET of the JSON
    # the key template as Markdown inline code, and the expiry in words, for the README
    key_text: Code = field(default_factory=lambda: Code(""))
    ttl_text: str = ""


def key_expr(spec: Pipeline, sink: RedisSink) -> tuple[Code, bool]:
    """The key of a record as a Python f-string over its fields, `f"user:{value['id']}"`, and
    whether a part goes through field_text()."""
    types = {f.name: f.type for f in spec.output_fields()}
    out, text_parts = [], False
    for text, name in sink.key_parts():
        if not _KEY_TEXT.fullmatch(text):
            raise GenerationError(f"Redis key text {text!r} is not validated text")
        out.append(text)
        if name is None:
            continue
        if types[name] in PLAIN_KEY_TYPES:
            out.append(f"{{value[{pyrepr(name)}]}}")
        else:
            out.append(f"{{field_text(value[{pyrepr(name)}])}}")
            text_parts = True
    return Code('f"' + "".join(out) + '"'), text_parts


def expected_text(value: Any) -> str:
    """What the generated `field_text` must give for a decoded value, worked out here from the
    rule in the README (not from the generated code): used by the generated tests."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):  # a datetime too: ISO 8601, offset included
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def sample_outputs(fields: list[Field], keys: list[str]) -> list[dict[str, Any]]:
    """Two decoded output records with different keys; in the first, every field that may be
    null (and is not a key part) is null."""
    first, second = ({f.name: to_python(f.type, variants(f, 2)[i]) for f in fields} for i in (0, 1))
    for f in fields:
        if not f.required and f.name not in keys:
            first[f.name] = None
    return [first, second]


class RedisSinkComponent(SinkComponent[RedisSink]):
    spec_type = RedisSink
    template = "sinks/redis.py.j2"
    durable = "Redis writes executed"
    stored = True
    needs = frozenset({"redis"})

    def views(
        self, spec: Pipeline, sink: RedisSink, tables: list[Table], count: int
    ) -> list[SinkView]:
        key, text_parts = key_expr(spec, sink)
        hash_format = sink.format == "hash"
        return [
            RedisSinkView(
                "redis_sink",
                Code("RedisSink(self.redis_calls, self.redis)"),
                self.template,
                spec=sink,
                key=key,
                hash=hash_format,
                needs_text=hash_format or text_parts,
                # validated text and identifiers: no backtick can end the code span
                key_text=Code(f"`{sink.key_text()}`"),
                ttl_text=duration_text(sink.ttl_ms) if sink.ttl_ms else "",
            )
        ]

    def test_case(self, spec: Pipeline, sink: RedisSink, view: SinkView) -> dict[str, Any]:
        values = sample_outputs(spec.output_fields(), sink.key_fields())
        commands: list[tuple[Any, ...]] = []
        for value in values:
            key = "".join(
                text + (expected_text(value[name]) if name else "")
                for text, name in sink.key_parts()
            )
            if sink.format == "hash":
                fields = {k: expected_text(v) for k, v in value.items() if v is not None}
                commands += [("DEL", key), ("HSET", key, fields)]
                if sink.ttl_ms:
                    commands.append(("PEXPIRE", key, sink.ttl_ms))
            else:
                written = {k: v.isoformat() if isinstance(v, date) else v for k, v in value.items()}
                commands.append(("SET", key, written, sink.ttl_ms))
        nulls = [k for k, v in values[0].items() if v is None]
        return {
            "template": "tests/redis_sink.py.j2",
            "hash": sink.format == "hash",
            "values": [code(v) for v in values],
            "commands": code(commands),
            "nulls": nulls,
        }

    def label(self, spec: Pipeline, sink: RedisSink) -> str:
        return f"Redis {sink.key_text()}" + (" (hash)" if sink.format == "hash" else "")


COMPONENT = RedisSinkComponent()
