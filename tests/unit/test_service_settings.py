"""Connection settings of a generated processor, pure logic: no service is contacted.

The seed bundle clickstream_sessions (Kafka, Redis, ClickHouse) is imported as a module: its
Kafka security options from flags and environment, the ClickHouse DSN and Redis URL handling,
password redaction, and the retry loop with backoff. The spec side: the Kafka security fields,
and credentials refused in a spec.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from clickhouse_connect.driver import _parse_connection_params

from generator.errors import SpecError
from generator.spec import load_spec
from generator.spec.io import dump_yaml, spec_from_dict, spec_to_dict
from tests.support.bundles import arrow_schema, load_processor

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "generated" / "clickstream_sessions"
# Every variable the processor reads: the test runner exports the stack's addresses, and the
# defaults under test are the spec's.
PROCESSOR_ENV = ("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_GROUP_ID", "KAFKA_SECURITY_PROTOCOL",
                 "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD",
                 "KAFKA_SSL_CAFILE", "REDIS_URL", "CLICKHOUSE_DSN", "MIN_EVENT_TIME",
                 "MAX_CLOCK_SKEW_MS", "METRICS_PORT", "RETRY_BUDGET_S", "LOG_LEVEL")  # fmt: skip


@pytest.fixture(scope="module")
def processor() -> ModuleType:
    return load_processor(BUNDLE / "clickstream_sessions.py", "clickstream_sessions")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROCESSOR_ENV:
        monkeypatch.delenv(name, raising=False)


def test_plaintext_by_default(processor: ModuleType) -> None:
    config = processor.parse_args([])
    assert config.kafka_options() == {
        "bootstrap_servers": "localhost:9092",
        "security_protocol": "PLAINTEXT",
    }
    assert config.retry_budget_s == 60  # covers a Redis or ClickHouse restart


def test_sasl_settings_from_flags_and_environment(
    processor: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "etl")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "pw-from-env")
    config = processor.parse_args(["--sasl-mechanism", "SCRAM-SHA-512"])
    assert config.kafka_options() == {
        "bootstrap_servers": "localhost:9092",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "etl",
        "sasl_plain_password": "pw-from-env",
    }
    assert "pw-from-env" not in repr(config)


def test_tls_uses_the_ca_file(
    processor: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cafile = tmp_path / "ca.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=etl-gen test CA", "-keyout", str(tmp_path / "ca.key"), "-out", str(cafile)],
        check=True, capture_output=True,
    )  # fmt: skip
    config = processor.parse_args(["--security-protocol", "SSL", "--ssl-cafile", str(cafile)])
    options = config.kafka_options()
    assert options["security_protocol"] == "SSL"
    context = options["ssl_context"]
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert [c["subject"] for c in context.get_ca_certs()] == [
        ((("commonName", "etl-gen test CA"),),)
    ]


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--security-protocol", "SASL_SSL"], {}, "SASL_SSL needs --sasl-mechanism"),
        (["--security-protocol", "SASL_PLAINTEXT", "--sasl-mechanism", "PLAIN"],
         {"KAFKA_SASL_PASSWORD": "x"}, "KAFKA_SASL_USERNAME is not set"),
        (["--security-protocol", "SASL_PLAINTEXT", "--sasl-mechanism", "PLAIN", "--sasl-username", "u"],
         {}, "KAFKA_SASL_PASSWORD is not set"),
        (["--ssl-cafile", "/etc/hostname"], {}, "--ssl-cafile is used with SSL or SASL_SSL"),
        (["--security-protocol", "SSL", "--ssl-cafile", "/nonexistent/ca.pem"], {}, "no such file"),
        (["--clickhouse-dsn", "clickhouse://h/db"], {}, "scheme 'clickhouse'"),
        (["--clickhouse-dsn", "https://h/db?secure_ish=1"], {}, "options secure_ish not understood"),
        (["--retry-budget-s", "-1"], {}, "--retry-budget-s must be 0 or more"),
    ],
)  # fmt: skip
def test_settings_refused_with_a_clear_message(
    processor: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    env: dict[str, str],
    message: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_info:
        processor.parse_args(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    ("dsn", "interface", "port", "user", "password", "database"),
    [
        ("https://etl:p%40ss@ch.example.com/analytics", "https", 8443, "etl", "p@ss", "analytics"),
        ("https://etl:pw@ch.example.com:9440/analytics", "https", 9440, "etl", "pw", "analytics"),
        ("http://etl:pw@ch.example.com:8123/analytics", "http", 8123, "etl", "pw", "analytics"),
        ("http://ch.example.com", "http", 8123, None, "", None),
    ],
)
def test_clickhouse_dsn_scheme_user_and_password(
    processor: ModuleType, dsn: str, interface: str, port: int, user: str | None,
    password: str, database: str | None,
) -> None:  # fmt: skip
    options = processor.clickhouse_options(dsn)
    parsed = _parse_connection_params(
        None, None, "", None, None, options.get("interface"), False, options["dsn"], {}
    )
    assert parsed == ("ch.example.com", user, password, port, database, interface)


def test_clickhouse_connect_alone_reads_an_https_dsn_as_plain_http(processor: ModuleType) -> None:
    """Why the scheme is passed on: the README says so, this shows it for the pinned version."""
    dsn = "https://etl:pw@ch.example.com/analytics"
    assert _parse_connection_params(None, None, "", None, None, None, False, dsn, {})[-1] == "http"
    assert processor.clickhouse_options(dsn)["interface"] == "https"


def test_clickhouse_dsn_options_pass_through(processor: ModuleType) -> None:
    dsn = "https://etl:pw@ch/analytics?ca_cert=/etc/ca.pem&verify=true"
    assert processor.clickhouse_options(dsn) == {"dsn": dsn, "interface": "https"}
    assert processor.clickhouse_options("chdb:///data/x") == {"dsn": "chdb:///data/x"}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:secret@h:6379/0", "redis://:***@h:6379/0"),
        ("rediss://app:secret@h:6380/1?ssl_ca_certs=/ca.pem", "rediss://app:***@h:6380/1?ssl_ca_certs=/ca.pem"),
        ("https://etl:p%40ss@ch:8443/db", "https://etl:***@ch:8443/db"),
        ("redis://h:6379/0", "redis://h:6379/0"),
    ],
)  # fmt: skip
def test_passwords_are_hidden_in_logged_addresses(
    processor: ModuleType, url: str, shown: str
) -> None:
    assert processor.redacted(url) == shown


def test_redis_url_carries_password_and_tls(processor: ModuleType) -> None:
    client = processor.connect_redis(
        "rediss://app:secret@cache.example.com:6380/2?ssl_ca_certs=/ca.pem"
    )
    kwargs = client.connection_pool.connection_kwargs
    assert (kwargs["username"], kwargs["password"], kwargs["db"]) == ("app", "secret", 2)
    assert kwargs["ssl_ca_certs"] == "/ca.pem"
    assert client.connection_pool.connection_class.__name__ == "SSLConnection"


class Flaky:
    """Fails `failures` times with `error`, then returns 'ok'."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    async def __call__(self, *args: Any) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "ok"


def test_retrying_backs_off_exponentially_and_logs_each_failure(
    processor: ModuleType, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    monkeypatch.setattr(processor.asyncio, "sleep", fake_sleep)
    retrying = processor.Retrying("Redis", (ConnectionError,), budget_s=60)
    flaky = Flaky(6, ConnectionError("Connection refused"))
    with caplog.at_level("INFO"):
        assert asyncio.run(retrying.call("lookup", flaky)) == "ok"
    assert sleeps == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 6
    assert warnings[0] == "Redis lookup failed (attempt 1), retrying in 0.25 s: Connection refused"
    assert any("Redis lookup succeeded after 7 attempts" in r.getMessage() for r in caplog.records)


def test_retrying_gives_up_after_the_budget_and_other_errors_are_not_retried(
    processor: ModuleType,
) -> None:
    retrying = processor.Retrying("ClickHouse", (ConnectionError,), budget_s=0.3)
    flaky = Flaky(100, ConnectionError("Network Error"))
    with pytest.raises(processor.ServiceError) as error:
        asyncio.run(retrying.call("insert into t", flaky))
    assert flaky.calls == 2  # 0.25 s waited; another 0.5 s would pass the 0.3 s budget
    assert str(error.value).startswith("ClickHouse insert into t failed 2 times in ")
    assert "(--retry-budget-s 0.3): Network Error; stopped without committing" in str(error.value)

    other = Flaky(1, ValueError("bad data"))
    with pytest.raises(ValueError, match="bad data"):
        asyncio.run(retrying.call("insert into t", other))
    assert other.calls == 1


def test_clickhouse_insert_is_retried_with_its_deduplication_token(processor: ModuleType) -> None:
    """A transient insert error: the same insert (same token) again, then the batch is done."""
    from aiokafka import TopicPartition
    from clickhouse_connect.driver.exceptions import OperationalError

    inserts: list[str] = []

    class Client:
        def insert_arrow(self, table: str, data: Any, **kwargs: Any) -> None:
            inserts.append(kwargs["settings"]["insert_deduplication_token"])
            if len(inserts) == 1:
                raise OperationalError("Network Error")

    calls = processor.Retrying("ClickHouse", (OperationalError,), budget_s=10)
    schema = arrow_schema([("event_id", "String")])
    table = processor.ClickHouseTable(
        calls, Client(), "analytics", "events", ("event_id",), schema=schema
    )
    tp = TopicPartition("user-events", 0)
    table.add(
        [
            processor.Record({"event_id": "a"}, tp, 5, 0),
            processor.Record({"event_id": "b"}, tp, 6, 0),
        ]
    )
    asyncio.run(table.flush())
    assert inserts == ["analytics.events:user-events:0:5-6"] * 2  # the token names its table
    assert table.pending() == 0 and table.written[tp] == 6


def test_spec_security_fields_round_trip_and_default_specs_dump_unchanged() -> None:
    spec = load_spec(BUNDLE / "spec.yaml")
    assert dump_yaml(spec) == (BUNDLE / "spec.yaml").read_text()  # no security keys added
    data = spec_to_dict(spec)
    data["source"] |= {"security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
                       "ssl_cafile": "/etc/kafka/ca.pem"}  # fmt: skip
    again = spec_from_dict(spec_to_dict(spec_from_dict(data)))
    assert (again.source.security_protocol, again.source.sasl_mechanism, again.source.ssl_cafile) == (
        "SASL_SSL", "SCRAM-SHA-512", "/etc/kafka/ca.pem"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"sasl_password": "x"}, "sasl_password: credentials never go in the spec"),
        ({"password": "x"}, "password: credentials never go in the spec"),
        ({"security_protocol": "SASL_PLAINTEXT"}, "needs sasl_mechanism"),
        ({"sasl_mechanism": "PLAIN"}, "needs security_protocol SASL_PLAINTEXT or SASL_SSL"),
        ({"ssl_cafile": "/ca.pem"}, "ssl_cafile is for security_protocol SSL or SASL_SSL"),
        ({"security_protocol": "SSL", "ssl_cafile": "/ca.pem\nimport os"}, "expected a file path"),
        ({"security_protocol": "TLS"}, "security_protocol"),
    ],
)
def test_spec_refuses_secrets_and_inconsistent_security(source: dict, message: str) -> None:
    data = spec_to_dict(load_spec(BUNDLE / "spec.yaml"))
    data["source"] |= source
    with pytest.raises(SpecError, match=message.replace("(", r"\(")):
        spec_from_dict(data)
