"""A generated processor against the broker's SASL_PLAINTEXT listener with SCRAM users.

The spec sets `security_protocol: SASL_PLAINTEXT` and `sasl_mechanism: SCRAM-SHA-256`; the
bundle's setup_topics.py and the processor take the user and password from the environment
(KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD) and nothing else: the records are consumed, filtered
and produced through the SASL listener, and read back here over PLAINTEXT. A wrong password is
one error line and exit status 1; a missing one is refused before connecting (exit status 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness import ProcessorRun, generate_bundle, produce, read_topic

NAME = "sasl_orders"
BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def sasl_spec(suffix: str, mechanism: str) -> dict:
    return {
        "spec_version": 1,
        "name": NAME,
        "description": "Keep orders over 10 from a Kafka cluster behind SASL/SCRAM.",
        "source": {
            "kind": "kafka",
            "topics": [f"sasl-orders-{suffix}"],
            "group_id": f"sasl-orders-{suffix}",
            "format": {"kind": "json"},
            "event_time": "created_at",
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": mechanism,
        },
        "schema": {
            "fields": [
                {"name": "order_id", "type": "string"},
                {"name": "amount", "type": "float"},
                {"name": "created_at", "type": "timestamp"},
            ]
        },
        "operators": [{"kind": "filter", "where": "amount > 10"}],
        "sinks": [{"kind": "kafka", "topic": f"sasl-big-orders-{suffix}", "key": "order_id"}],
    }


def orders(count: int) -> list[dict]:
    return [
        {
            "order_id": f"o-{n:04d}",
            "amount": float(n % 25),
            "created_at": datetime.fromtimestamp((BASE_MS + n * 1000) / 1000, tz=UTC).isoformat(),
        }
        for n in range(count)
    ]


@pytest.fixture
def bundle(tmp_path: Path, kafka_sasl: dict) -> tuple[Path, str]:
    suffix = uuid.uuid4().hex[:8]
    return generate_bundle(sasl_spec(suffix, "SCRAM-SHA-256"), tmp_path / "bundle"), suffix


def sasl_env(kafka_sasl: dict, password: str | None = None) -> dict[str, str]:
    return {
        "KAFKA_SASL_USERNAME": kafka_sasl["username"],
        "KAFKA_SASL_PASSWORD": kafka_sasl["password"] if password is None else password,
    }


def test_processor_consumes_and_produces_through_scram(
    bundle: tuple[Path, str], kafka_sasl: dict, stack: dict, tmp_path: Path
) -> None:
    path, suffix = bundle
    spec_text = (path / "spec.yaml").read_text()
    files = [p for p in path.rglob("*") if p.is_file()]
    assert files and all(kafka_sasl["password"] not in p.read_text() for p in files)
    assert "SASL_PLAINTEXT" in spec_text and "SCRAM-SHA-256" in spec_text

    env = {**sasl_env(kafka_sasl), "PATH": "/usr/bin:/bin"}
    setup = subprocess.run(
        [sys.executable, str(path / "setup_topics.py"), "--bootstrap-servers", kafka_sasl["bootstrap"],
         "--partitions", "3"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    assert f"created sasl-orders-{suffix}" in setup.stdout

    sent = orders(200)
    produce(
        stack["kafka_bootstrap"],
        f"sasl-orders-{suffix}",
        [(o["order_id"].encode(), json.dumps(o).encode()) for o in sent],
    )
    run = ProcessorRun(
        NAME,
        tmp_path,
        ["--bootstrap-servers", kafka_sasl["bootstrap"], "--flush-interval-ms", "200"],
        env=sasl_env(kafka_sasl),
        bundle=path,
    )
    run.wait_consumed(len(sent))
    assert run.stop() == 0, run.output()[-3000:]
    assert kafka_sasl["password"] not in run.output()

    out = read_topic(stack["kafka_bootstrap"], f"sasl-big-orders-{suffix}")
    expected = sorted(o["order_id"] for o in sent if o["amount"] > 10)
    got = sorted(json.loads(m.value)["order_id"] for m in out)
    print(f"sent={len(sent)} written={len(got)} expected={len(expected)}")
    assert got == expected
    assert all(m.key == json.loads(m.value)["order_id"].encode() for m in out)


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_wrong_password_is_one_error_line_and_exit_1(
    bundle: tuple[Path, str], kafka_sasl: dict, tmp_path: Path, mechanism: str
) -> None:
    path, _ = bundle
    wrong = "not-" + kafka_sasl["password"]
    run = ProcessorRun(
        NAME,
        tmp_path,
        ["--bootstrap-servers", kafka_sasl["bootstrap"], "--sasl-mechanism", mechanism],
        env=sasl_env(kafka_sasl, wrong),
        bundle=path,
    )
    code = run.process.wait(120)
    run.log.close()
    output = run.output()
    errors = [line for line in output.splitlines() if "ERROR" in line]
    print(errors)
    assert code == 1, output
    assert "Traceback" not in output and wrong not in output
    assert len(errors) == 1
    assert f"cannot connect to Kafka at {kafka_sasl['bootstrap']}" in errors[0]
    assert f"SASL_PLAINTEXT {mechanism} as {kafka_sasl['username']}" in errors[0]
    assert "SaslAuthenticationFailed" in errors[0]
    assert "KAFKA_SASL_PASSWORD" in errors[0]


def test_missing_password_is_refused_before_connecting(
    bundle: tuple[Path, str], kafka_sasl: dict
) -> None:
    path, _ = bundle
    env = {"KAFKA_SASL_USERNAME": kafka_sasl["username"], "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, str(path / f"{NAME}.py"), "--bootstrap-servers", kafka_sasl["bootstrap"]],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert "SASL_PLAINTEXT needs the SASL username" in last
    assert last.endswith("KAFKA_SASL_PASSWORD is not set")
