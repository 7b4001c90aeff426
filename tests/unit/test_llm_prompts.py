"""The prompt files: every few-shot example must stay a valid, guard-clean spec."""

import json
from pathlib import Path

import pytest

from generator.parse.llm import (
    invented_names,
    load_prompt,
    unused_literals,
    user_message,
    validate_answer,
)
from generator.resources import resource_dir
from generator.spec import Field, Pipeline, Schema, load_spec, spec_to_dict

PROMPT = load_prompt()
GENERATED = Path(__file__).resolve().parents[2] / "generated"


def test_there_are_examples() -> None:
    assert len(PROMPT.examples) >= 4
    requests = [e.request for e in PROMPT.examples]
    assert len(set(requests)) == len(requests)


@pytest.mark.parametrize("example", PROMPT.examples, ids=lambda e: e.spec.get("name", "?"))
def test_example_validates_against_the_spec(example) -> None:
    spec = validate_answer(json.dumps(example.spec), example.request)
    assert unused_literals(example.request, spec) == []
    assert invented_names(spec, example.request, None) == [], "examples must pass the guard"
    assert "description" not in example.spec, "the request is the description"


def test_seed_examples_match_the_generated_specs() -> None:
    by_request = {e.request: e for e in PROMPT.examples}
    matched = 0
    for path in sorted(GENERATED.glob("*/spec.yaml")):
        generated = load_spec(path)
        example = by_request.get(generated.description)
        if example is None:
            continue
        matched += 1
        from_prompt = spec_to_dict(validate_answer(json.dumps(example.spec), example.request))
        committed = spec_to_dict(generated)
        # The committed seeds carry the offline parser's assumptions; an example is the answer
        # the model writes, whose assumptions the LLM path adds afterwards.
        from_prompt.pop("assumptions")
        committed.pop("assumptions")
        assert from_prompt == committed, f"{path} drifted"
    assert matched >= 4, "the four seed pipelines are few-shot examples"


def test_system_prompt_embeds_the_live_schema_and_presets() -> None:
    raw = (resource_dir("prompts") / "system.md").read_text(encoding="utf-8")
    assert "{{SCHEMA}}" in raw and "{{PRESETS}}" in raw
    assert "$defs" not in raw, "the schema is embedded at run time, never hand-copied"
    schema = Pipeline.model_json_schema(by_alias=True)
    assert PROMPT.schema == schema
    assert json.dumps(schema, sort_keys=True, separators=(",", ":")) in PROMPT.system
    assert "- `clickstream`: event_id string," in PROMPT.system
    assert "signup_date -> user_signup_date date" in PROMPT.system
    assert "{{" not in PROMPT.system


def test_prompt_version_carries_the_version_file() -> None:
    version = (resource_dir("prompts") / "VERSION").read_text(encoding="utf-8").strip()
    assert PROMPT.version.startswith(f"{version}+")


def test_messages_are_system_then_example_turns_then_the_request() -> None:
    messages = PROMPT.messages("Read topic 'a-b'", None)
    roles = [m["role"] for m in messages]
    assert roles == ["system"] + ["user", "assistant"] * len(PROMPT.examples) + ["user"]
    assert messages[-1]["content"] == "Request: Read topic 'a-b'"
    assert json.loads(messages[2]["content"]) == PROMPT.examples[0].spec


def test_user_message_lists_the_sample_fields() -> None:
    sample = Schema(fields=[Field(name="reading", type="float"), Field(name="timestamp")])
    text = user_message("Average readings", sample)
    assert text.startswith("Request: Average readings\n\n")
    assert '[{"name": "reading", "type": "float"}, {"name": "timestamp"}]' in text
