"""The LLM path's bounds: answer size, repair-round size, the whole-call deadline, Retry-After,
non-finite numbers and --no-cache, each against the scripted HTTP server (tests/support/).

Timing tests assert generous bounds (the deadline plus 3 s), never tight timings.
"""

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.errors import SpecError, UserError
from generator.parse.llm import (
    ECHO_CHARS,
    MAX_ANSWER_BYTES,
    MAX_PROBLEMS,
    PROBLEM_CHARS,
    LLMUnavailable,
    parse_with_llm,
)
from generator.spec import Pipeline
from tests.support.openai_server import (
    Reply,
    ScriptedOpenAIServer,
    answer,
    completion,
    error,
    huge_answer,
    use_server,
)

GENERATED = Path(__file__).resolve().parents[2] / "generated"
SALES: dict[str, Any] = yaml.safe_load(
    (GENERATED / "sales_aggregates" / "spec.yaml").read_text(encoding="utf-8")
)
REQUEST = SALES["description"]
SLACK = 3.0  # seconds a deadline may be overrun by scheduling on a loaded machine


def parse(request: str = REQUEST) -> Pipeline:
    return parse_with_llm(request, sample_schema=None, use_cache=True, allow_inferred=True)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with ScriptedOpenAIServer() as scripted:
        use_server(monkeypatch, scripted, tmp_path / "cache")
        yield scripted


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*.json"))


# --- answer size ----------------------------------------------------------------------------


def test_answer_over_256_kb_is_refused_without_repair(server, tmp_path) -> None:
    reply = huge_answer(MAX_ANSWER_BYTES + 1)
    assert len(reply.body["choices"][0]["message"]["content"].encode()) == MAX_ANSWER_BYTES + 1
    server.add(reply)
    with pytest.raises(
        LLMUnavailable, match=r"an answer of 256 KB; etl-gen accepts at most 256 KB"
    ):
        parse()
    assert len(server.requests) == 1, "a runaway answer is not sent back for repair"
    assert cache_files(tmp_path) == []


def test_body_of_megabytes_is_not_read_to_the_end(server, tmp_path) -> None:
    server.add(huge_answer(20 * 1024 * 1024))
    with pytest.raises(LLMUnavailable, match=r"sent more than \d+ KB; etl-gen reads at most"):
        parse()
    assert cache_files(tmp_path) == []


def test_answer_just_under_the_cap_is_accepted(server) -> None:
    text = json.dumps(SALES)
    padded = text[:-1] + " " * (MAX_ANSWER_BYTES - len(text)) + "}"
    assert len(padded.encode()) == MAX_ANSWER_BYTES
    server.add(answer(padded))
    assert parse().name == SALES["name"]


def test_huge_answer_writes_nothing_from_the_cli(server, tmp_path, capsys) -> None:
    server.add(huge_answer(2 * MAX_ANSWER_BYTES))
    out = tmp_path / "bundle"
    assert main([REQUEST, "--llm", "--out", str(out)]) == 2
    assert "etl-gen: error: " in capsys.readouterr().err
    assert not out.exists()


def test_repair_round_echoes_a_bounded_answer_and_bounded_problems(server) -> None:
    broken = copy.deepcopy(SALES)
    # 60 fields with invalid names and types: well over MAX_PROBLEMS validation errors
    broken["schema"]["fields"] = [
        {"name": f"bad name {'x' * 2000} {i}", "type": "no-such-type"} for i in range(60)
    ]
    text = json.dumps(broken)
    assert len(text) > 4 * ECHO_CHARS
    server.add(answer(text), answer(SALES))
    parse()
    first, second = server.requests
    echoed, repair = second.messages[-2:]
    assert echoed["role"] == "assistant"
    assert echoed["content"].startswith(text[:ECHO_CHARS])
    assert len(echoed["content"]) < ECHO_CHARS + 100
    bullets = [line for line in repair["content"].splitlines() if line.startswith("- ")]
    assert len(bullets) == MAX_PROBLEMS + 1
    assert bullets[-1].startswith("- ... and ")
    assert all(len(b) < PROBLEM_CHARS + 50 for b in bullets)
    assert len(json.dumps(second.body)) - len(json.dumps(first.body)) < ECHO_CHARS + 12_000


def test_final_error_lists_bounded_problems(server) -> None:
    broken = copy.deepcopy(SALES)
    broken["schema"]["fields"] = [{"name": f"bad {'y' * 5000}", "type": "?"} for _ in range(40)]
    server.add(*[answer(broken)] * 3)
    with pytest.raises(SpecError, match="still invalid after 2 repair rounds") as caught:
        parse()
    assert len(str(caught.value)) < (MAX_PROBLEMS + 2) * (PROBLEM_CHARS + 60) + 300


# --- the deadline ---------------------------------------------------------------------------


def deadline(monkeypatch: pytest.MonkeyPatch, seconds: float, retries: int = 2) -> None:
    monkeypatch.setenv("ETL_GEN_LLM_TIMEOUT", str(seconds))
    monkeypatch.setenv("ETL_GEN_LLM_RETRIES", str(retries))


def test_trickled_answer_is_cut_off_at_the_deadline(server, monkeypatch) -> None:
    deadline(monkeypatch, 2)
    server.add(Reply(completion(json.dumps(SALES)), trickle=1.0))  # one byte a second
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"did not answer within 2 s \(1 try; .*whole call"):
        parse()
    assert time.monotonic() - started < 2 + SLACK
    assert len(server.requests) == 1


def test_stalled_server_is_cut_off_at_the_deadline(server, monkeypatch) -> None:
    deadline(monkeypatch, 1.5)
    server.add(Reply(completion(json.dumps(SALES)), delay=30))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"did not answer within 1.5 s"):
        parse()
    assert time.monotonic() - started < 1.5 + SLACK


def test_slow_answer_within_the_deadline_is_read(server, monkeypatch) -> None:
    deadline(monkeypatch, 20)
    body = json.dumps(completion(json.dumps(SALES)))
    server.add(Reply(body, trickle=0.1, chunk=len(body) // 8 + 1))  # about 0.9 s
    assert parse().name == SALES["name"]


def test_repair_rounds_share_the_deadline(server, monkeypatch) -> None:
    deadline(monkeypatch, 2.5)
    # each reply alone fits in the deadline; the two together do not
    server.add(Reply(completion("not json"), delay=1.5), Reply(completion("{}"), delay=1.5))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"did not answer within 2.5 s \(2 tries"):
        parse()
    assert time.monotonic() - started < 2.5 + SLACK
    assert len(server.requests) == 2


def test_retries_share_the_deadline(server, monkeypatch) -> None:
    deadline(monkeypatch, 2, retries=50)
    server.add(*[error(503, "busy", {"Retry-After": "0.4"})] * 50)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match=r"HTTP 503.*left of ETL_GEN_LLM_TIMEOUT=2"):
        parse()
    assert time.monotonic() - started < 2 + SLACK
    assert 2 <= len(server.requests) <= 6


def test_retry_after_beyond_the_deadline_fails_at_once(server, monkeypatch) -> None:
    deadline(monkeypatch, 5)
    server.add(error(429, "slow down", {"Retry-After": "120"}), answer(SALES))
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as caught:
        parse()
    assert time.monotonic() - started < SLACK, "waited for a Retry-After that cannot fit"
    assert "HTTP 429" in str(caught.value)
    assert "asks to wait 120 s, more than the" in str(caught.value)
    assert len(server.requests) == 1


def test_retry_after_ms_within_the_deadline_is_honoured(server, monkeypatch) -> None:
    deadline(monkeypatch, 10)
    server.add(error(503, "busy", {"retry-after-ms": "700"}), answer(SALES))
    started = time.monotonic()
    parse()
    assert time.monotonic() - started >= 0.7
    assert len(server.requests) == 2


def test_client_errors_are_not_retried(server, monkeypatch) -> None:
    deadline(monkeypatch, 10, retries=5)
    server.add(error(404, "no such model"))
    with pytest.raises(LLMUnavailable, match="has no model 'test-model'"):
        parse()
    assert len(server.requests) == 1


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_timeout_must_be_a_positive_number(server, monkeypatch, value: str) -> None:
    monkeypatch.setenv("ETL_GEN_LLM_TIMEOUT", value)
    with pytest.raises(UserError, match=r"ETL_GEN_LLM_TIMEOUT=.* is not a positive number"):
        parse()
    assert server.requests == []


# --- numbers JSON does not have -------------------------------------------------------------


def with_filter_value(token: str) -> str:
    spec = copy.deepcopy(SALES)
    filter_op = {"kind": "filter", "field": "amount", "op": "gt", "value": "__VALUE__"}
    spec["operators"].insert(0, filter_op)
    return json.dumps(spec).replace('"__VALUE__"', token)


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("NaN", "NaN is not a JSON number"),
        ("Infinity", "Infinity is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e999", "the number 1e999 is out of range"),
        ("1" * 5000, "not valid JSON: "),
    ],
    ids=["nan", "inf", "-inf", "overflow", "5000-digits"],
)
def test_non_finite_numbers_are_refused(server, tmp_path, token: str, problem: str) -> None:
    server.add(*[answer(with_filter_value(token))] * 3)
    with pytest.raises(SpecError, match="still invalid after 2 repair rounds") as caught:
        parse()
    assert problem in str(caught.value)
    assert problem in server.requests[1].messages[-1]["content"]  # sent back for repair
    assert cache_files(tmp_path) == []


def test_non_finite_number_repaired(server) -> None:
    server.add(answer(with_filter_value("NaN")), answer(with_filter_value("100")))
    spec = parse()
    assert spec.operators[0].value == 100  # type: ignore[union-attr]


def test_deeply_nested_answer_is_an_error_not_a_crash(server) -> None:
    server.add(*[answer("[" * 100_000 + "]" * 100_000)] * 3)
    with pytest.raises(SpecError, match="nested too deeply"):
        parse()


def test_cli_process_exits_at_the_deadline(server, monkeypatch, tmp_path) -> None:
    """The reader thread left behind by a cut-off request must not keep the process alive."""
    deadline(monkeypatch, 2)
    server.add(Reply(completion(json.dumps(SALES)), trickle=1.0))
    script = Path(sys.executable).parent / "etl-gen"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]
    out = tmp_path / "bundle"
    started = time.monotonic()
    result = subprocess.run(
        [*command, REQUEST, "--llm", "--out", str(out)],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # the trickle would take over an hour; allow generously for the CLI's start-up
    assert time.monotonic() - started < 2 + SLACK + 12
    assert result.returncode == 2
    assert "did not answer within 2 s" in result.stderr
    assert not out.exists()
