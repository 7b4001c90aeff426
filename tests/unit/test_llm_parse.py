"""The LLM parser end to end against a real scripted HTTP server (tests/support/)."""

import copy
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse import understand
from generator.parse.llm import LLMUnavailable, parse_with_llm
from generator.spec import Pipeline, spec_to_dict
from tests.support.openai_server import (
    Reply,
    ScriptedOpenAIServer,
    answer,
    completion,
    error,
    use_server,
)

GENERATED = Path(__file__).resolve().parents[2] / "generated"


def seed_spec(name: str) -> dict[str, Any]:
    return yaml.safe_load((GENERATED / name / "spec.yaml").read_text(encoding="utf-8"))


CLICKSTREAM = seed_spec("clickstream_sessions")
CLICKSTREAM_REQUEST = CLICKSTREAM["description"]
SALES = seed_spec("sales_aggregates")


def normalized(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the current model writes it (defaults the seed files may predate filled in)."""
    return spec_to_dict(Pipeline.model_validate(spec))


# the seed request does not say how long a session's inactivity gap is
GAP_ASSUMPTION = (
    "chosen by the LLM, not stated in the request: session gap 30 minutes (operators[1].gap_ms)"
)
CLICKSTREAM_PARSED = normalized(CLICKSTREAM) | {"assumptions": [GAP_ASSUMPTION]}


def parse(request: str = CLICKSTREAM_REQUEST, **options: Any) -> Pipeline:
    settings = {"sample_schema": None, "use_cache": True, "allow_inferred": False} | options
    return parse_with_llm(request, **settings)


def last_user_message(server: ScriptedOpenAIServer, index: int = -1) -> str:
    return server.requests[index].messages[-1]["content"]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with ScriptedOpenAIServer() as scripted:
        use_server(monkeypatch, scripted, tmp_path / "cache")
        yield scripted


def test_correct_answer(server: ScriptedOpenAIServer) -> None:
    server.add(answer(CLICKSTREAM))
    spec = parse()
    assert spec_to_dict(spec) == CLICKSTREAM_PARSED
    (sent,) = server.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer test"
    assert sent.body["model"] == "test-model"
    schema = Pipeline.model_json_schema(by_alias=True)
    assert sent.body["response_format"]["type"] == "json_schema"
    assert sent.body["response_format"]["json_schema"]["schema"] == schema
    assert json.dumps(schema, sort_keys=True, separators=(",", ":")) in sent.messages[0]["content"]
    assert sent.messages[-1] == {"role": "user", "content": f"Request: {CLICKSTREAM_REQUEST}"}


def test_description_is_the_request_and_fences_are_tolerated(server: ScriptedOpenAIServer) -> None:
    spec = copy.deepcopy(CLICKSTREAM)
    spec["description"] = "something the model made up"
    server.add(answer(f"```json\n{json.dumps(spec)}\n```"))
    assert parse().description == CLICKSTREAM_REQUEST
    assert len(server.requests) == 1


def test_invalid_json_then_valid_repair(server: ScriptedOpenAIServer) -> None:
    server.add(answer('{"name": "clickstream_sessions", '), answer(CLICKSTREAM))
    assert spec_to_dict(parse()) == CLICKSTREAM_PARSED
    first, second = server.requests
    assert second.messages[: len(first.messages)] == first.messages
    assistant, repair = second.messages[-2:]
    assert assistant == {"role": "assistant", "content": '{"name": "clickstream_sessions", '}
    assert repair["role"] == "user"
    assert "not valid JSON" in repair["content"]


def test_schema_violation_repaired(server: ScriptedOpenAIServer) -> None:
    broken = copy.deepcopy(SALES)
    del broken["operators"][0]["size_ms"]
    server.add(answer(broken), answer(SALES))
    spec = parse(SALES["description"])
    assert spec.window is not None and spec.window.size_ms == 60_000
    repair = last_user_message(server)
    assert "operators.0.window: a tumbling window needs a size (size_ms)" in repair


def test_renamed_topic_is_sent_back(server: ScriptedOpenAIServer) -> None:
    renamed = copy.deepcopy(CLICKSTREAM)
    renamed["source"]["topics"] = ["user_events"]
    server.add(answer(renamed), answer(CLICKSTREAM))
    assert parse().source.topics == ["user-events"]
    assert "the request names 'user-events' but the answer never uses it verbatim" in (
        last_user_message(server)
    )


def test_still_invalid_after_two_repairs(server: ScriptedOpenAIServer, tmp_path: Path) -> None:
    broken = copy.deepcopy(SALES)
    del broken["operators"][0]["size_ms"]
    server.add(answer("not json at all"), answer(broken), answer(broken))
    with pytest.raises(SpecError) as caught:
        parse(SALES["description"])
    assert "still invalid after 2 repair rounds" in str(caught.value)
    assert "needs a size (size_ms)" in str(caught.value)
    assert len(server.requests) == 3
    assert len(server.requests[-1].messages) == len(server.requests[0].messages) + 4
    assert not list((tmp_path / "cache").glob("*.json")), "invalid answers are never cached"


def with_invented_topic() -> dict[str, Any]:
    spec = copy.deepcopy(CLICKSTREAM)
    spec["sinks"].append({"kind": "kafka", "topic": "session-metrics-out", "key": "user_id"})
    return spec


def test_hallucinated_topic_refused(server: ScriptedOpenAIServer) -> None:
    server.add(answer(with_invented_topic()))
    with pytest.raises(SpecError) as caught:
        parse()
    message = str(caught.value)
    assert "sink topic 'session-metrics-out' (sinks[1].topic)" in message
    assert "--allow-inferred" in message
    assert len(server.requests) == 1, "invented names are refused, not sent back for repair"


def test_hallucinated_topic_kept_as_assumption(server: ScriptedOpenAIServer) -> None:
    server.add(answer(with_invented_topic()))
    spec = parse(allow_inferred=True)
    assert spec.sinks[1].topic == "session-metrics-out"  # type: ignore[union-attr]
    assert spec.assumptions == [
        "chosen by the LLM, not named in the request: "
        "sink topic 'session-metrics-out' (sinks[1].topic)",
        GAP_ASSUMPTION,
    ]


def test_guard_reruns_on_cached_answer(server: ScriptedOpenAIServer) -> None:
    server.add(answer(with_invented_topic()))
    with pytest.raises(SpecError):
        parse()
    assert parse(allow_inferred=True).assumptions  # the same answer, from the cache
    with pytest.raises(SpecError):
        parse()
    assert len(server.requests) == 1


def test_rate_limit_honours_retry_after(server: ScriptedOpenAIServer) -> None:
    server.add(error(429, "slow down", {"Retry-After": "1"}), answer(CLICKSTREAM))
    started = time.monotonic()
    parse()
    assert time.monotonic() - started >= 1.0
    first, second = server.requests
    assert second.body == first.body


def test_rate_limit_exhausted(server: ScriptedOpenAIServer, monkeypatch) -> None:
    monkeypatch.setenv("ETL_GEN_LLM_RETRIES", "1")
    server.add(*[error(429, "slow down", {"Retry-After": "1"})] * 2)
    with pytest.raises(LLMUnavailable, match=r"rate-limiting \(2 tries, HTTP 429.*wait 1 s"):
        parse()
    assert len(server.requests) == 2


def timing_out(server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ETL_GEN_LLM_TIMEOUT", "0.3")
    monkeypatch.setenv("ETL_GEN_LLM_RETRIES", "0")
    server.add(Reply(completion(json.dumps(CLICKSTREAM)), delay=5))


def test_timeout(server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    timing_out(server, monkeypatch)
    with pytest.raises(LLMUnavailable, match=r"did not answer within 0.3 s .*ETL_GEN_LLM_TIMEOUT"):
        parse()


def test_timeout_falls_back_to_offline_parser_in_auto_mode(
    server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    timing_out(server, monkeypatch)
    understood = understand(CLICKSTREAM_REQUEST, mode="auto")
    assert len(server.requests) == 1  # the LLM was asked first, then the rules parser ran
    assert understood.parser == "rules"
    assert understood.spec.source.topics == ["user-events"]
    (note,) = understood.notes
    assert note.startswith("LLM unavailable (")
    assert "did not answer within 0.3 s" in note
    assert note.endswith("used the offline parser")


def test_timeout_in_llm_mode_does_not_fall_back(
    server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    timing_out(server, monkeypatch)
    with pytest.raises(LLMUnavailable):
        understand(CLICKSTREAM_REQUEST, mode="llm")


def test_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("ETL_GEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ETL_GEN_LLM_RETRIES", "0")
    with pytest.raises(LLMUnavailable, match=rf"cannot reach http://127.0.0.1:{port}/v1"):
        parse()


def test_rejected_key(server: ScriptedOpenAIServer) -> None:
    server.add(error(401, "invalid api key"))
    with pytest.raises(LLMUnavailable, match=r"refused the API key .*check OPENAI_API_KEY"):
        parse()


def test_endpoint_without_json_schema_gets_json_mode(server: ScriptedOpenAIServer) -> None:
    server.add(error(400, "response_format json_schema is not supported"), answer(CLICKSTREAM))
    parse()
    first, second = server.requests
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.body["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize(
    "reply",
    [
        Reply(completion(None, refusal="I can't help with that request.")),
        answer("I'm sorry, but I can't help with that."),
        answer({"refusal": "this is a batch report, not a streaming pipeline"}),
    ],
    ids=["refusal-field", "refusal-text", "refusal-json"],
)
def test_refusal_is_a_clear_error(server: ScriptedOpenAIServer, reply: Reply) -> None:
    server.add(reply)
    with pytest.raises(RequestNotUnderstood, match="the model declined the request: ") as caught:
        parse("Email me a PDF report of last year's sales.")
    assert not isinstance(caught.value, LLMUnavailable)
    assert len(server.requests) == 1


def test_cache_hit_makes_no_request(server: ScriptedOpenAIServer, tmp_path: Path) -> None:
    server.add(answer(CLICKSTREAM))
    first = parse()
    (entry,) = (tmp_path / "cache").glob("*.json")
    cached = json.loads(entry.read_text())
    assert cached["model"] == "test-model" and cached["spec"] == normalized(CLICKSTREAM)
    assert parse() == first
    assert len(server.requests) == 1


def test_cache_key_covers_model(server: ScriptedOpenAIServer, monkeypatch) -> None:
    server.add(answer(CLICKSTREAM), answer(CLICKSTREAM))
    parse()
    monkeypatch.setenv("ETL_GEN_MODEL", "another-model")
    parse()
    assert [r.body["model"] for r in server.requests] == ["test-model", "another-model"]


def test_no_cache_neither_reads_nor_writes(server: ScriptedOpenAIServer, tmp_path: Path) -> None:
    server.add(answer(CLICKSTREAM), answer(CLICKSTREAM), answer(CLICKSTREAM))
    parse(use_cache=False)
    assert not (tmp_path / "cache").exists(), "--no-cache wrote the cache"
    parse()  # a miss: the answer above was not kept
    assert len(server.requests) == 2
    (entry,) = (tmp_path / "cache").glob("*.json")
    written = entry.read_bytes()
    parse(use_cache=False)  # the entry exists but is not read ...
    assert len(server.requests) == 3
    assert entry.read_bytes() == written  # ... nor rewritten
    assert list((tmp_path / "cache").iterdir()) == [entry]


def test_corrupt_cache_entry_is_a_miss(server: ScriptedOpenAIServer, tmp_path: Path) -> None:
    server.add(answer(CLICKSTREAM), answer(CLICKSTREAM))
    parse()
    (entry,) = (tmp_path / "cache").glob("*.json")
    entry.write_text("{broken")
    parse()
    assert len(server.requests) == 2
