"""Reading and writing specs: YAML on disk, JSON for tools; validation errors become SpecError."""

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import SpecError
from .pipeline import Pipeline


def format_validation_error(error: ValidationError, what: str = "spec") -> str:
    lines = [f"invalid {what}:"]
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"  - {where}: {message}")
    return "\n".join(lines)


def spec_from_dict(data: Any, what: str = "spec") -> Pipeline:
    if not isinstance(data, dict):
        raise SpecError(f"invalid {what}: expected a mapping at the top level")
    try:
        return Pipeline.model_validate(data)
    except ValidationError as error:
        raise SpecError(format_validation_error(error, what)) from None


def spec_to_dict(spec: Pipeline) -> dict[str, Any]:
    return spec.model_dump(mode="json", by_alias=True, exclude_defaults=False)


class _SpecDumper(yaml.SafeDumper):
    """Writes any string holding an unprintable character double-quoted, with escapes: PyYAML's
    plain and single-quoted styles would write some (U+0085) raw, and read them back changed."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if not text.isprintable() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_SpecDumper.add_representer(str, _represent_str)


def dump_yaml(spec: Pipeline) -> str:
    return yaml.dump(
        spec_to_dict(spec), Dumper=_SpecDumper, sort_keys=False, allow_unicode=True, width=100
    )


def dump_json(spec: Pipeline) -> str:
    return json.dumps(spec_to_dict(spec), indent=2, ensure_ascii=False) + "\n"


def spec_hash(spec: Pipeline) -> str:
    canonical = json.dumps(spec_to_dict(spec), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def load_spec(path: Path) -> Pipeline:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"cannot read spec {path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        raise SpecError(f"{path} is not valid {path.suffix.lstrip('.').upper()}: {error}") from None
    return spec_from_dict(data, what=f"spec {path}")
