"""End-to-end fixtures: a REAL local stack.

Kafka (KRaft, plus a SASL/SCRAM listener), Redis, PostgreSQL, MariaDB, Kafka Connect + Debezium,
started by scripts/stack/stack.py.

The session fixture ``stack`` runs ``scripts/stack/stack.py`` install + up (both cached and
idempotent), exports KAFKA_BOOTSTRAP_SERVERS / REDIS_URL / POSTGRES_DSN / CONNECT_URL and
yields the stack.json dict. Services are left running for the next session unless
ETL_GEN_STACK_KEEP=0. A service that cannot start FAILS the tests (never skips).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

REPO = Path(__file__).resolve().parents[2]
STACK_DIR_SCRIPTS = REPO / "scripts" / "stack"
if str(STACK_DIR_SCRIPTS) not in sys.path:
    sys.path.insert(0, str(STACK_DIR_SCRIPTS))

import stack as stack_mod  # noqa: E402  (scripts/stack/stack.py)


def pytest_collection_modifyitems(items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack() -> dict:
    """install + up the real stack; yields the stack.json dict."""
    t0 = time.monotonic()
    try:
        stack_mod.install()
        info = stack_mod.up()
    except Exception as e:  # StackError carries the reason and the service log tail
        pytest.fail(f"e2e stack could not start: {e}", pytrace=False)
    missing = [
        k
        for k in ("kafka_bootstrap", "redis_url", "postgres_dsn", "connect_url")
        if not info.get(k)
    ]
    if missing:
        pytest.fail(f"e2e stack is missing {missing}: {info}", pytrace=False)
    os.environ.update(
        KAFKA_BOOTSTRAP_SERVERS=info["kafka_bootstrap"],
        REDIS_URL=info["redis_url"],
        POSTGRES_DSN=info["postgres_dsn"],
        CONNECT_URL=info["connect_url"],
    )
    print(f"\n[e2e] stack ready in {time.monotonic() - t0:.1f}s: {stack_mod.env_exports(info)}")
    yield info
    if os.environ.get("ETL_GEN_STACK_KEEP", "1") == "0":
        stack_mod.down()


@pytest.fixture(scope="module")
def kafka() -> str:
    """Only the broker, for pipelines that need no other service (ClickHouse is embedded chDB):
    its bootstrap address. Per module, so a module that stopped the broker finds it up again."""
    try:
        stack_mod.install()
        info = stack_mod.up(["kafka"])
    except Exception as e:  # StackError carries the reason and the service log tail
        pytest.fail(f"Kafka could not start: {e}", pytrace=False)
    return str(info["kafka_bootstrap"])


@pytest.fixture(scope="session")
def mariadb(stack) -> dict:
    """The stack's MariaDB: host, port, user, password, database, url (mysql://...)."""
    keys = ("mariadb_url", "mariadb_host", "mariadb_port", "mariadb_user", "mariadb_password")
    missing = [k for k in keys if not stack.get(k)]
    if missing:
        pytest.fail(f"e2e stack is missing {missing}: {stack}", pytrace=False)
    os.environ["MARIADB_URL"] = stack["mariadb_url"]
    return {
        "url": stack["mariadb_url"],
        "host": stack["mariadb_host"],
        "port": int(stack["mariadb_port"]),
        "user": stack["mariadb_user"],
        "password": stack["mariadb_password"],
        "database": stack["mariadb_database"],
    }


@pytest.fixture(scope="session")
def kafka_sasl(stack) -> dict:
    """The broker's SASL_PLAINTEXT listener and its SCRAM user (SHA-256 and SHA-512)."""
    keys = ("kafka_sasl_bootstrap", "kafka_sasl_username", "kafka_sasl_password")
    missing = [k for k in keys if not stack.get(k)]
    if missing:
        pytest.fail(f"e2e stack is missing {missing}: {stack}", pytrace=False)
    os.environ.update(
        KAFKA_SASL_BOOTSTRAP=stack["kafka_sasl_bootstrap"],
        KAFKA_SASL_USERNAME=stack["kafka_sasl_username"],
        KAFKA_SASL_PASSWORD=stack["kafka_sasl_password"],
    )
    return {
        "bootstrap": stack["kafka_sasl_bootstrap"],
        "username": stack["kafka_sasl_username"],
        "password": stack["kafka_sasl_password"],
        "mechanisms": list(stack["kafka_sasl_mechanisms"]),
    }


async def create_topics(
    bootstrap: str,
    names: Iterable[str],
    partitions: int = 1,
    replication_factor: int = 1,
    timeout: float = 30.0,
) -> None:
    """Create topics (auto-creation is disabled on the broker) and wait until they are visible."""
    names = list(names)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
    await admin.start()
    try:
        try:
            resp = await admin.create_topics(
                [
                    NewTopic(n, num_partitions=partitions, replication_factor=replication_factor)
                    for n in names
                ]
            )
        except TopicAlreadyExistsError:
            resp = None
        for topic, code, *rest in getattr(resp, "topic_errors", []) or []:
            if code not in (0, 36):  # 36 = TOPIC_ALREADY_EXISTS
                raise RuntimeError(f"create topic {topic} failed: error {code} {rest}")
        deadline = time.monotonic() + timeout
        while True:
            present = set(await admin.list_topics())
            if set(names) <= present:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"topics {sorted(set(names) - present)} not visible after {timeout}s"
                )
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


async def delete_topics(bootstrap: str, names: Iterable[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.delete_topics(list(names))
    finally:
        await admin.close()


@pytest.fixture
def kafka_topics(stack) -> Callable[..., list[str]]:
    """Sync helper: kafka_topics(["a", "b"], partitions=3) creates them; deleted after the test."""
    created: list[str] = []

    def make(names: Iterable[str], partitions: int = 1) -> list[str]:
        names = list(names)
        asyncio.run(create_topics(stack["kafka_bootstrap"], names, partitions))
        created.extend(names)
        return names

    yield make
    if created:
        try:
            asyncio.run(delete_topics(stack["kafka_bootstrap"], created))
        except Exception as e:  # cleanup only
            print(f"[e2e] could not delete topics {created}: {e}")
