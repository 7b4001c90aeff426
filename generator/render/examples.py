"""README examples: the input record a processor expects, the Redis values an enrichment
reads, and a query that shows what landed in ClickHouse."""

import json
import shlex
from typing import Any

from ..spec import Field, Pipeline
from ..spec.operators import Enrich
from .escape import Code, sqlident
from .samples import sample

TYPE_NOTES = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "true/false",
    "timestamp": "ISO 8601 text or epoch milliseconds",
    "date": "ISO date text or days since the epoch",
    "json": "any JSON value",
}


def _record_example(spec: Pipeline) -> Code:
    """JSON for a fenced block: ASCII, with backticks escaped, so no value can end the fence."""
    record = {field.name: sample(field) for field in spec.schema_.fields}
    return Code(json.dumps(record, indent=2).replace("`", "\\u0060"))


def _enrichment(op: Enrich, spec: Pipeline) -> dict[str, Any]:
    key_field = next((f for f in spec.schema_.fields if f.name == op.key_field), None)
    key_value = sample(key_field) if key_field else "KEY"
    key = f"{op.key_prefix}{key_value}"
    values = {m.source: sample_value(m.source, m.type) for m in op.fields}
    if op.value_format == "json":
        value_text = json.dumps(values, separators=(", ", ": "))
        command = f"redis-cli SET {shlex.quote(key)} {shlex.quote(value_text)}"
    else:
        pairs = " ".join(
            f"{shlex.quote(name)} {shlex.quote(_hash_text(value))}"
            for name, value in values.items()
        )
        command = f"redis-cli HSET {shlex.quote(key)} {pairs}"
    return {
        "key_pattern": f"{op.key_prefix}<{op.key_field}>",
        "format": Code("a JSON object (SET)" if op.value_format == "json" else "a hash (HSET)"),
        "mappings": [(m.source, m.target, m.type) for m in op.fields],
        "command": Code(command),  # every value in it went through shlex.quote
    }


def sample_value(name: str, kind: str) -> Any:
    return sample(Field(name=name, type=kind))


def _hash_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _queries(context: dict[str, Any]) -> list[Code]:
    queries = []
    for table in context["tables"]:
        final = " FINAL" if table.kind == "results" or context["cdc"] else ""
        name = f"{sqlident(table.database)}.{sqlident(table.name)}"
        queries.append(Code(f"SELECT * FROM {name}{final} LIMIT 10"))  # noqa: S608 - quoted names
    return queries


def examples_context(spec: Pipeline, context: dict[str, Any]) -> dict[str, Any]:
    return {
        "input_fields": [
            (f.name, Code(TYPE_NOTES[f.type]), "yes" if f.required else "no")
            for f in spec.schema_.fields
        ],
        "input_example": _record_example(spec) if spec.schema_.fields else "",
        "enrichments": [_enrichment(op, spec) for op in spec.operators if isinstance(op, Enrich)],
        "result_queries": _queries(context) if context["clickhouse"] else [],
    }
