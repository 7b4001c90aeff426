"""The typed fields of a stream's records: drive validation, DDL and generated tests."""

from typing import Any, Literal

from pydantic import Field as PydField
from pydantic import SerializerFunctionWrapHandler, model_serializer, model_validator

from .base import SpecModel
from .names import Identifier, Note

FieldType = Literal["string", "int", "float", "bool", "timestamp", "date", "json"]

# ClickHouse column type for each field type; the processor converts values to match.
CLICKHOUSE_TYPES: dict[str, str] = {
    "string": "String",
    "int": "Int64",
    "float": "Float64",
    "bool": "Bool",
    "timestamp": "DateTime64(3, 'UTC')",
    "date": "Date",
    "json": "String",
}


class Field(SpecModel):
    name: Identifier = PydField(description="Field name as it appears in the record.")
    type: FieldType = PydField(
        default="string", description="Field type; values are converted and checked."
    )
    required: bool = PydField(
        default=True,
        description="Whether a record missing this field (or with null) is a dead letter.",
    )
    description: Note = PydField(default="", description="What the field holds.")


class Schema(SpecModel):
    fields: list[Field] = PydField(default_factory=list, description="The fields, in order.")
    preset: Note | None = PydField(
        default=None, description="Domain preset the fields came from, when the request named none."
    )
    passthrough: bool = PydField(
        default=False,
        description=(
            "Pass on each record's fields the schema does not list, as they came: the listed "
            "fields are decoded and checked, and the record is written whole. For pipelines "
            "whose sinks receive the records themselves (no window, sessions, join or top-N)."
        ),
    )

    @model_serializer(mode="wrap")
    def _omit_default_passthrough(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A spec that does not pass records on whole (every spec from before the field) dumps
        # unchanged.
        data: dict[str, Any] = handler(self)
        if not data.get("passthrough"):
            data.pop("passthrough", None)
        return data

    @model_validator(mode="after")
    def _unique_names(self) -> "Schema":
        seen: set[str] = set()
        for field in self.fields:
            if field.name in seen:
                raise ValueError(f"field {field.name!r} is declared twice in the schema")
            seen.add(field.name)
        return self

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)
