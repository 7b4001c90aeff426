"""The command line: `etl-gen spec` (YAML/JSON) and refusals that exit 2 and write nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.parse.rules import parse_request
from generator.spec import spec_from_dict, spec_to_dict

ROOT = Path(__file__).resolve().parents[2]
ETL_GEN = ROOT / ".venv" / "bin" / "etl-gen"
DATA = Path(__file__).parent / "data"
REQUEST = "from topic 'events' count events per country every 5 minutes into ClickHouse"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)


def test_spec_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["spec", "--offline", "--json", REQUEST]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == spec_to_dict(parse_request(REQUEST))
    assert list(tmp_path.iterdir()) == []


def test_spec_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--offline", REQUEST]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert spec_from_dict(data) == parse_request(REQUEST)


def test_spec_auto_mode_without_llm_uses_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "--json", REQUEST]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "events_aggregates"


def test_spec_with_sample(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(DATA / "clicks_sample.jsonl")
    assert main(["spec", "--offline", "--json", "--sample", sample, REQUEST]) == 0
    spec = json.loads(capsys.readouterr().out)
    assert spec["schema"]["preset"] is None
    assert spec["source"]["event_time"] == "ts"


REFUSALS = [
    ("make me a sandwich", "not understood as a streaming pipeline: no source"),
    ("aggregate revenue per minute into ClickHouse", "no source: name a Kafka topic"),
    ("", "empty request"),
    ("   ", "empty request"),
    ("from topic 'a;rm -rf /' store in ClickHouse", "'a;rm -rf /' is not a valid Kafka topic"),
    ("from topic 'events' store into ClickHouse table \"x`); DROP TABLE\"",
     "'x`); DROP TABLE' is not a valid identifier"),
    ("from topic 'events' keep only records where `__import__('os')` equals 1, print",
     "\"__import__('os')\" is not a valid identifier"),
    ("from topic 'events' deduplicate by __import__ over 1 hour, print",
     "'__import__' is a Python special (dunder) name"),
    ("from topic 'events' publish to topic 'x y'", "'x y' is not a valid Kafka topic name"),
    ("from topic 'events' with consumer group 'a b' print", "not a valid consumer group id"),
    ("replicate the customers table from PostgreSQL with Debezium",
     "CDC table 'customers': its columns are not known"),
    ("from topic 'events' store in Snowflake", "'Snowflake' is not supported"),
    ("from topic 'events'", "nothing to do with topic 'events'"),
    ("join topic 'a' with topic 'b' on user_id, print", "give a time bound"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "message"), REFUSALS)
def test_refusals_exit_2_and_write_nothing(
    request_text: str, message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--offline", request_text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("etl-gen: error: ")
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_refusal_with_out_folder_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    assert main(["--offline", "--out", str(out), "make me a sandwich"]) == 2
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["spec", "--offline", "from topic 'a;b' print"], "'a;b' is not a valid Kafka topic"),
        (["spec", "--offline", "--json", "aggregate revenue"], "no source"),
    ],
)
def test_spec_refusals(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_bad_payload_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    payload = json.loads((DATA / "seed_payload.json").read_text())
    payload["output"]["compression"] = "lz4"
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload))
    before = sorted(tmp_path.iterdir())
    assert main(["generate", str(path)]) == 2
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.skipif(not ETL_GEN.exists(), reason="console script not installed")
@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("make me a sandwich", "no source"),
        ("from Kafka topic 'a;rm -rf /' store in ClickHouse", "not a valid Kafka topic name"),
    ],
)
def test_console_script_refuses(request_text: str, message: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    result = subprocess.run(
        [str(ETL_GEN), "--offline", request_text],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_console_script_spec_json(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "spec", "--json", "--offline", REQUEST],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(result.stdout)["operators"][0]["group_by"] == ["country"]
    assert list(tmp_path.iterdir()) == []
