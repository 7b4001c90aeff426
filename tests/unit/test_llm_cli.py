"""`etl-gen spec ... --llm` against the scripted OpenAI server."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.spec import Pipeline, spec_to_dict
from tests.support.openai_server import ScriptedOpenAIServer, answer, use_server

SEED = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "generated/clickstream_sessions/spec.yaml").read_text()
)
REQUEST = SEED["description"]
GAP_ASSUMPTION = (
    "chosen by the LLM, not stated in the request: session gap 30 minutes (operators[1].gap_ms)"
)
EXPECTED: dict[str, Any] = spec_to_dict(Pipeline.model_validate(SEED)) | {
    "assumptions": [GAP_ASSUMPTION]
}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with ScriptedOpenAIServer() as scripted:
        use_server(monkeypatch, scripted, tmp_path / "cache")
        yield scripted


def etl_gen() -> list[str]:
    script = Path(sys.executable).parent / "etl-gen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]


def test_spec_llm_json_in_a_subprocess(server: ScriptedOpenAIServer) -> None:
    server.add(answer(SEED))
    result = subprocess.run(
        [*etl_gen(), "spec", REQUEST, "--llm", "--json"],
        env=dict(os.environ),  # monkeypatch put OPENAI_BASE_URL etc. there
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED
    assert len(server.requests) == 1


def test_cache_then_no_cache(server: ScriptedOpenAIServer, capsys) -> None:
    server.add(answer(SEED), answer(SEED))
    assert main(["spec", REQUEST, "--llm", "--json"]) == 0
    assert main(["spec", REQUEST, "--llm", "--json"]) == 0
    assert len(server.requests) == 1
    assert main(["spec", REQUEST, "--llm", "--json", "--no-cache"]) == 0
    assert len(server.requests) == 2
    outputs = capsys.readouterr().out.split("\n}\n")
    assert [json.loads(o + "}") for o in outputs if o.strip()] == [EXPECTED] * 3


def test_invented_name_exits_2_unless_allowed(server: ScriptedOpenAIServer, capsys) -> None:
    invented = json.loads(json.dumps(SEED))
    invented["sinks"][0]["table"] = "sessions_rollup"
    server.add(answer(invented))
    assert main(["spec", REQUEST, "--llm"]) == 2
    err = capsys.readouterr().err
    assert "etl-gen: error: the LLM's answer uses names the request does not give" in err
    assert "ClickHouse table 'sessions_rollup' (sinks[0].table)" in err
    assert main(["spec", REQUEST, "--llm", "--allow-inferred"]) == 0
    spec = yaml.safe_load(capsys.readouterr().out)
    assert spec["assumptions"] == [
        "chosen by the LLM, not named in the request: "
        "ClickHouse table 'sessions_rollup' (sinks[0].table)",
        GAP_ASSUMPTION,
    ]


def test_refusal_exits_2(server: ScriptedOpenAIServer, capsys) -> None:
    server.add(answer({"refusal": "a PDF report is not a streaming pipeline"}))
    assert main(["spec", "Email me a PDF report of last year's sales.", "--llm"]) == 2
    assert (
        "etl-gen: error: the model declined the request: a PDF report is not a streaming pipeline"
        in capsys.readouterr().err
    )


def test_no_cache_writes_no_cache(server: ScriptedOpenAIServer, tmp_path: Path, capsys) -> None:
    server.add(answer(SEED), answer(SEED))
    assert main(["spec", REQUEST, "--llm", "--json", "--no-cache"]) == 0
    assert not (tmp_path / "cache").exists()
    assert main(["spec", REQUEST, "--llm", "--json"]) == 0
    assert len(server.requests) == 2  # nothing was kept for the second call to reuse
