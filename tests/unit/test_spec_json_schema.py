"""spec.schema.json: in step with the models, described, and valid for every spec.yaml we ship."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.spec.json_schema import SCHEMA_FILE, render, spec_json_schema

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILES = sorted(
    p
    for folder in ("generated", "tests/golden", "prompts")
    for p in (ROOT / folder).rglob("spec.yaml")
) + sorted((ROOT / "tests/unit/data/every_field").glob("*.yaml"))


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / SCHEMA_FILE).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_matches_the_models() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text()
    assert committed == render(), "spec.schema.json is stale: run `make schema`"


def test_every_property_has_a_description() -> None:
    schema = spec_json_schema()
    missing = [
        f"{name}.{prop}"
        for name, definition in [("Pipeline", schema), *schema["$defs"].items()]
        for prop, body in definition.get("properties", {}).items()
        if not body.get("description")
    ]
    assert missing == []


def test_the_repo_has_specs_to_check() -> None:
    folders = {p.relative_to(ROOT).parts[0] for p in SPEC_FILES}
    assert {"generated", "tests"} <= folders and len(SPEC_FILES) >= 20


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spec_yaml_validates(path: Path) -> None:
    errors = list(_validator().iter_errors(yaml.safe_load(path.read_text())))
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.update(sinks=[]), "should be non-empty"),
        (lambda s: s.update(surprise=1), "Additional properties"),
        (lambda s: s["sinks"].append({"kind": "snowflake"}), "snowflake"),
        (lambda s: s.update(delivery="twice"), "twice"),
    ],
)
def test_schema_refuses_what_the_models_refuse(change, expected) -> None:
    spec = yaml.safe_load((ROOT / "generated/sales_aggregates/spec.yaml").read_text())
    change(spec)
    messages = " ".join(e.message for e in _validator().iter_errors(spec))
    assert expected in messages
