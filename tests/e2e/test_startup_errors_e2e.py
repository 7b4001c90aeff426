"""A service the processor cannot reach at start-up: one error line, exit status 1, no traceback.

clickstream_sessions (Kafka, Redis lookups, ClickHouse) is started with one service pointing
at a closed port each time, the others real; the error line names the service and its address
with the password hidden. A Redis with `requirepass` (started here) checks that the password in
--redis-url is used: the right one starts the processor, a wrong one is the error line.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from harness import GENERATED, ProcessorRun, fresh_topics

NAME = "clickstream_sessions"
SECRET = "s3cret-pw"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def start_and_wait(tmp_path: Path, args: list[str]) -> tuple[int, str]:
    run = ProcessorRun(NAME, tmp_path, args)
    try:
        code = run.process.wait(120)
    finally:
        if run.process.poll() is None:
            run.process.kill()
        run.log.close()
    return code, run.output()


def assert_one_error_line(code: int, output: str, *parts: str) -> str:
    errors = [line for line in output.splitlines() if " ERROR " in line]
    print(errors)
    assert code == 1, output[-3000:]
    assert "Traceback" not in output
    assert SECRET not in output
    assert len(errors) == 1, output[-3000:]
    for part in parts:
        assert part in errors[0]
    return errors[0]


@pytest.mark.parametrize("service", ["kafka", "redis", "clickhouse"])
def test_unreachable_service_is_one_line_and_exit_1(
    stack: dict, tmp_path: Path, service: str
) -> None:
    port = closed_port()
    kafka = f"127.0.0.1:{port}" if service == "kafka" else stack["kafka_bootstrap"]
    redis_url = (
        f"redis://:{SECRET}@127.0.0.1:{port}/0" if service == "redis" else stack["redis_url"]
    )
    dsn = (
        f"http://etl:{SECRET}@127.0.0.1:{port}/analytics"
        if service == "clickhouse"
        else f"chdb://{tmp_path}/ch"
    )
    code, output = start_and_wait(
        tmp_path,
        ["--bootstrap-servers", kafka, "--redis-url", redis_url, "--clickhouse-dsn", dsn],
    )
    expected = {
        "kafka": (f"stopped: cannot connect to Kafka at 127.0.0.1:{port} (PLAINTEXT)",
                  "check --bootstrap-servers"),
        "redis": (f"stopped: cannot reach Redis at redis://:***@127.0.0.1:{port}/0",
                  "check --redis-url"),
        "clickhouse": (f"stopped: cannot connect to ClickHouse at http://etl:***@127.0.0.1:{port}/analytics",
                       "check --clickhouse-dsn"),
    }[service]  # fmt: skip
    line = assert_one_error_line(code, output, *expected)
    assert "refused" in line.lower() or "111" in line


@pytest.fixture
def redis_with_password(tmp_path: Path) -> str:
    server = shutil.which("redis-server")
    assert server, "redis-server is installed by scripts/stack/stack.py"
    port = closed_port()
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--requirepass", SECRET,
         "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def test_redis_password_from_the_url(stack: dict, tmp_path: Path, redis_with_password: str) -> None:
    fresh_topics(GENERATED / NAME, stack["kafka_bootstrap"], partitions=2)
    base = ["--bootstrap-servers", stack["kafka_bootstrap"], "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--group-id", f"e2e-redis-auth-{time.time_ns()}"]  # fmt: skip

    code, output = start_and_wait(
        tmp_path, [*base, "--redis-url", f"redis://:wrong-{SECRET}@{redis_with_password}/0"]
    )
    line = assert_one_error_line(
        code, output, f"cannot reach Redis at redis://:***@{redis_with_password}/0"
    )
    assert "invalid" in line.lower() or "WRONGPASS" in line

    run = ProcessorRun(
        NAME, tmp_path, [*base, "--redis-url", f"redis://:{SECRET}@{redis_with_password}/0"]
    )
    run.wait_for(r"started topics=")
    assert run.stop() == 0, run.output()[-3000:]
    assert f"redis=redis://:***@{redis_with_password}/0" in run.output()
    assert SECRET not in run.output()
