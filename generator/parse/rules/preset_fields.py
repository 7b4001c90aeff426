"""A domain preset's fields that nothing asks for are optional.

A preset ("sensor readings" -> iot) lists the fields typical of its domain, not fields the
request asked for. When the request names a field the preset lacks, the records are not shaped
like the preset, and were its fields all required, a record without one would go to the
dead-letter topic although nothing in the pipeline reads it ("forward readings with temp_c above
30" would dead-letter every reading that has no `sensor`). Then only the fields the request names
or the pipeline reads stay required; the others are optional (Nullable columns in ClickHouse). A
request that names only preset fields, or none, keeps the preset as its schema.
"""

from __future__ import annotations

from ...spec import ClickHouseSink, KafkaSink, Pipeline, RedisSink
from ...spec.presets import PRESETS
from ...spec.sinks import key_template_parts


def fields_read(spec: Pipeline) -> set[str]:
    """Input fields the pipeline reads: operators, event time, source key and sink keys."""
    read = {name for op in spec.operators for name in op.reads()}
    read |= {name for name in (spec.source.event_time, spec.source.key) if name}
    for sink in spec.sinks:
        if isinstance(sink, ClickHouseSink):
            read |= set(sink.order_by)
            read |= {part.column for part in (sink.partition_by, sink.ttl) if part}
        elif isinstance(sink, KafkaSink):
            read |= {sink.key} if sink.key else set()
            read |= {header.field for header in sink.headers if header.field}
        elif isinstance(sink, RedisSink):
            read |= {sink.key_field} if sink.key_field else set()
            if sink.key_template:
                read |= {name for _, name in key_template_parts(sink.key_template) if name}
    return read


def unasked_preset_fields(spec: Pipeline, named: set[str]) -> list[str]:
    """The preset's required fields that the request does not name and the pipeline never reads,
    when the request names fields the preset lacks."""
    preset = spec.schema_.preset
    if not preset or {f.name for f in spec.schema_.fields} <= {f.name for f in PRESETS[preset]}:
        return []
    used = fields_read(spec) | named
    return [
        field.name for field in spec.schema_.fields if field.required and field.name not in used
    ]
