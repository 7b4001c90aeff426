"""Regression: code in a free value never runs (found when a filter value closed a docstring).

A filter value and a description of PAYLOAD (below: a triple quote, a statement that creates a
file, a triple quote) reached a docstring raw: the bundle's own tests created the file. Through the spec-file path,
the offline parser and the LLM parser, each case must be refused, or write a bundle whose
module, run with --help and tested, creates no file, and whose filter keeps exactly the records
whose value equals that string.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.openai_server import ScriptedOpenAIServer, answer, use_server

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = 'x"""; __import__("pathlib").Path("m").touch(); """'
SEED = yaml.safe_load((ROOT / "generated/clickstream_sessions/spec.yaml").read_text())


def hostile_spec() -> dict[str, Any]:
    spec = dict(SEED, description=PAYLOAD)
    keep = {"kind": "filter", "field": "event_type", "op": "eq", "value": PAYLOAD}
    return spec | {"operators": [keep, *SEED["operators"]]}


def etl_gen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "etl-gen"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]
    return subprocess.run(
        [*command, *args], cwd=cwd, env=dict(os.environ), capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


FILTER_CHECK = textwrap.dedent("""
    import sys
    from aiokafka import TopicPartition
    import {module} as processor

    payload = sys.argv[1]
    tp = TopicPartition("t", 0)
    records = [processor.Record({{"event_type": value}}, tp, n, 0)
               for n, value in enumerate([payload, "other", payload + " ", payload[:-1]])]
    kept = processor.{function}(records)
    assert [r.value["event_type"] for r in kept] == [payload], kept
    print("filter ok")
    """)


def assert_harmless(workdir: Path, bundle: Path, filter_value: str | None) -> None:
    """Import, --help, the bundle's own tests, and the filter: none creates the file."""
    module = next(p.stem for p in bundle.glob("*.py") if not p.stem.startswith(("test_", "setup")))
    marker = workdir / "m"
    help_run = run(f"{bundle.name}/{module}.py", "--help", cwd=workdir)
    assert help_run.returncode == 0, help_run.stderr
    tests = run("-m", "pytest", "-q", "-p", "no:cacheprovider", bundle.name, cwd=workdir)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert not marker.exists(), "the payload ran"
    if filter_value is not None:
        source = (bundle / f"{module}.py").read_text()
        function = next(
            line.split("(")[0].removeprefix("def ")
            for line in source.splitlines()
            if line.startswith("def keep_where_event_type")
        )
        check = FILTER_CHECK.format(module=module, function=function)
        result = run("-c", check, filter_value, cwd=bundle)
        assert result.returncode == 0, result.stderr
    assert not marker.exists() and not (bundle / "m").exists(), "the payload ran"


def test_docstring_payload_through_a_spec_file(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(hostile_spec(), sort_keys=False))
    result = etl_gen("generate", "spec.yaml", "--out", "bundle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_harmless(tmp_path, tmp_path / "bundle", PAYLOAD)


def test_code_as_a_filter_value_in_the_request_offline(tmp_path: Path) -> None:
    request = (
        "Process clickstream events from Kafka topic 'user-events', keep only event_type = "
        f"'{PAYLOAD}', and store them in ClickHouse table analytics.events."
    )
    result = etl_gen(request, "--offline", "--out", "bundle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load((tmp_path / "bundle/spec.yaml").read_text())
    values = [op.get("value") for op in spec["operators"] if op["kind"] == "filter"]
    assert values == [PAYLOAD]
    assert_harmless(tmp_path, tmp_path / "bundle", PAYLOAD)


def test_code_loose_in_the_request_sentence_offline(tmp_path: Path) -> None:
    request = (
        "Process clickstream events from Kafka topic 'user-events' and store them in "
        f"ClickHouse table analytics.events. {PAYLOAD}"
    )
    result = etl_gen(request, "--offline", "--out", "bundle", cwd=tmp_path)
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        assert "error:" in result.stderr
        assert not (tmp_path / "bundle").exists()
        return
    assert_harmless(tmp_path, tmp_path / "bundle", None)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with ScriptedOpenAIServer() as scripted:
        use_server(monkeypatch, scripted, tmp_path / "cache")
        yield scripted


def test_docstring_payload_through_the_llm(server: ScriptedOpenAIServer, tmp_path: Path) -> None:
    server.add(answer(hostile_spec()))
    request = SEED["description"] + f" Keep only event_type = '{PAYLOAD}'."
    result = etl_gen(request, "--llm", "--allow-inferred", "--out", "bundle", cwd=tmp_path)
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        assert not (tmp_path / "bundle").exists()
        return
    assert_harmless(tmp_path, tmp_path / "bundle", PAYLOAD)
