"""Infer an input schema from a sample file of JSON lines (`--sample FILE.jsonl`)."""

import json
import re
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..spec.names import is_identifier
from ..spec.schema import Field, FieldType, Schema
from ..spec.source import EventTimeFormat

_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_LINES = 10_000


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (NaN and Infinity are not valid sample values)")


def _type_of(value: Any) -> FieldType:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict | list):
        return "json"
    if isinstance(value, str) and _ISO_TIME.match(value):
        return "timestamp"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return "date"
    return "string"


def _merge(a: FieldType, b: FieldType) -> FieldType:
    if a == b:
        return a
    if {a, b} == {"int", "float"}:
        return "float"
    return "string"


def infer_schema(path: Path) -> Schema:
    """Read up to 10,000 records; a field missing or null in any record is optional."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UserError(f"cannot read sample {path}: {error.strerror}") from None
    types: dict[str, FieldType] = {}
    seen: dict[str, int] = {}
    records = 0
    for number, line in enumerate(lines[:_MAX_LINES], start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as error:
            raise UserError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        except ValueError as error:
            raise UserError(f"{path}:{number}: {error}") from None
        if not isinstance(record, dict):
            raise UserError(f"{path}:{number}: expected a JSON object per line")
        records += 1
        for name, value in record.items():
            if not is_identifier(name):
                raise UserError(f"{path}:{number}: field name {name!r} is not a valid identifier")
            if value is None:
                types.setdefault(name, "string")
                continue
            seen[name] = seen.get(name, 0) + 1
            kind = _type_of(value)
            types[name] = _merge(types[name], kind) if name in types and name in seen else kind
    if not records:
        raise UserError(f"sample {path} holds no records")
    fields = [
        Field(name=name, type=kind, required=seen.get(name, 0) == records)
        for name, kind in types.items()
    ]
    return Schema(fields=fields, preset=None)


# Epoch magnitudes of 2000-01-01 .. 2100-01-01 in each unit: a value in one of these windows
# is a plausible time in that unit and in no other.
_EPOCH_WINDOWS: dict[EventTimeFormat, tuple[int, int]] = {
    "epoch_s": (946_684_800, 4_102_444_800),
    "epoch_ms": (946_684_800_000, 4_102_444_800_000),
    "epoch_us": (946_684_800_000_000, 4_102_444_800_000_000),
}


def _time_format_of(value: Any) -> EventTimeFormat | None:
    if isinstance(value, str) and _ISO_TIME.match(value):
        return "iso8601"
    if isinstance(value, int | float) and not isinstance(value, bool):
        for unit, (low, high) in _EPOCH_WINDOWS.items():
            if low <= value <= high:
                return unit
    return None


def infer_time_format(path: Path, field: str) -> EventTimeFormat | None:
    """The event-time format of `field` in the sample: ISO 8601 text, or epoch numbers whose
    magnitudes all fall in one unit's 2000..2100 window; None when values disagree or none is
    a plausible time."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UserError(f"cannot read sample {path}: {error.strerror}") from None
    formats: set[EventTimeFormat | None] = set()
    for line in lines[:_MAX_LINES]:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # infer_schema reports it
        if isinstance(record, dict) and record.get(field) is not None:
            formats.add(_time_format_of(record[field]))
    return formats.pop() if len(formats) == 1 else None
