"""`enrich`: Redis lookups by key, one round trip per batch behind a TTL cache
(templates/operators/enrich.py.j2, tests/enrich.py.j2)."""

import json
from dataclasses import dataclass
from typing import Any

from ..render.escape import Code, pyrepr
from ..render.samples import code, sample, to_python
from ..spec import Enrich, Field
from .base import _HASH_CONVERTERS, OperatorComponent, OpView, Place, TestInputs, converter_function


@dataclass(frozen=True)
class LookupField:
    source: str
    target: str
    kind: str
    converter: str


@dataclass(kw_only=True)
class EnrichView(OpView):
    fields: list[LookupField]
    targets: str
    key_doc: str
    fields_const: str  # its module-level Redis field -> record field table
    empty_const: str  # its module-level fields of a record without a profile (on_miss null)
    first: bool  # the first enrichment defines the helpers every enrichment shares
    formats: frozenset[str]  # the value formats of every enrichment of the pipeline
    suffix: str  # "" for a lone enrichment, "_1", "_2", ... when there are several
    by_value: bool  # the cache is keyed by the key field's value (a string or int field)

    @property
    def cache_key(self) -> Code:
        """A record `r`'s cache key: its key field's value, or that value's text."""
        value = f"r.value[{pyrepr(self.spec.key_field)}]"
        return Code(value if self.by_value else f'f"{{{value}}}"')


class EnrichComponent(OperatorComponent[Enrich]):
    spec_type = Enrich
    step_doc = "enrich from Redis"

    def view(self, op: Enrich, place: Place) -> EnrichView:
        def kind(field_type: str) -> str:
            return (
                _HASH_CONVERTERS.get(field_type, field_type)
                if op.value_format == "hash"
                else field_type
            )

        fields = [
            LookupField(m.source, m.target, kind(m.type), converter_function(kind(m.type)))
            for m in op.fields
        ]
        return EnrichView(
            spec=op,
            template="operators/enrich.py.j2",
            cls=f"RedisLookup{place.number if place.count > 1 else ''}",
            attr=f"lookup{place.suffix}",
            calls="operators/enrich.calls.j2",
            needs=frozenset({"islice", "redis"}),
            converters=frozenset(f.kind for f in fields),
            fields=fields,
            targets=", ".join(m.target for m in op.fields),
            key_doc=f"{op.key_prefix}<{op.key_field}>",
            fields_const=f"LOOKUP_FIELDS{place.suffix}",
            empty_const=f"NO_PROFILE{place.suffix}",
            first=place.number == 1,
            formats=frozenset(o.value_format for o in place.same_kind or (op,)),
            suffix=place.suffix,
            # Distinct strings, or distinct ints, make distinct Redis keys, so the value
            # itself keys the cache; other types (a float 1.0 next to an int 1, a nested
            # JSON value) keep the key text.
            by_value=any(
                f.name == op.key_field and f.type in ("string", "int") for f in place.fields
            ),
        )

    def describe(self, op: Enrich, fields: list[Field]) -> str:
        return (
            f"enrich from Redis {op.key_prefix}{{{op.key_field}}} ({op.value_format}): "
            + ", ".join(m.target for m in op.fields)
        )

    def mermaid_lines(self, op: Enrich, node: str) -> list[str]:
        return [f'    redis[("Redis")] -.-> {node}']

    def test_case(self, op: Enrich, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        assert isinstance(view, EnrichView)
        fields, raw = inputs.fields, inputs.raw
        key_field = fields.get(op.key_field)
        value = raw.get(op.key_field)
        if op.key_field == inputs.spec.source.event_time:
            value = inputs.t0  # the sample's event time, whatever unit the source writes it in
        key = f"{op.key_prefix}{to_python(key_field.type, value) if key_field else None}"
        profile: dict[str, Any] = {}
        expected: dict[str, Any] = {}
        for mapping in op.fields:
            value = sample(Field(name=mapping.source, type=mapping.type))
            if op.value_format == "json":
                profile[mapping.source] = value
                expected[mapping.target] = to_python(mapping.type, value)
                continue
            # A hash stores text: numbers as digits, booleans as "true"/"false", JSON as its text.
            if mapping.type == "bool":
                text = "true" if value else "false"
            elif mapping.type == "json":
                text = json.dumps(value, separators=(",", ":"))
            else:
                text = str(value)
            profile[mapping.source] = text.encode()
            if mapping.type in ("int", "float", "bool"):
                expected[mapping.target] = value if mapping.type != "float" else float(value)
            else:
                expected[mapping.target] = (
                    text if mapping.type == "json" else to_python(mapping.type, text)
                )
        if op.value_format == "json":
            stored = Code(f"{{{code(key)}: json.dumps({code(profile)}).encode()}}")
        else:
            stored = code({key: profile})
        return {
            "template": "tests/enrich.py.j2",
            "cls": view.cls,
            "s": view.suffix,
            "first": view.first,
            "formats": view.formats,
            "key": code(key),
            "stored": stored,
            "expected": code(expected),
            "empty": code(dict.fromkeys(expected)),
            "on_miss": op.on_miss,
            "held_ms": view.event_time_ms_field,
            "round_trip": "mget" if op.value_format == "json" else "pipeline",
            "cached": op.cache_ttl_ms > 0 and op.cache_max_entries > 0,
        }


COMPONENT = EnrichComponent()
