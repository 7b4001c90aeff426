"""A topic-pattern source end to end, over the real Kafka: the golden case `topic_pattern_audit_kafka`
(filter, select, Kafka sink) with its pattern and topics made unique to this run.

- two matching topics exist when the processor starts; a third is created while it runs and is
  picked up within the pattern refresh (every topic starts from the beginning, so its records
  written before the refresh are not missed);
- a topic the pattern does not match is ignored, including one the pattern matches only as a
  prefix (`<p>-audit-login-archive`: aiokafka matches from the start of a name, the processor
  subscribes to whole names);
- a record that does not validate on the new topic is a dead letter naming that topic, and the
  consumer-lag metric reports the new topic's partitions;
- after a clean stop, more records on the new topic and a restart: each event is published
  exactly once (progress of a topic found at run time is committed and resumed).

It runs at least once and exactly once: the transactional path (one transactional producer per
input partition) takes the partitions of a topic found at run time like the others.

The expected output is computed here in plain Python from the records produced.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from harness import (
    REPO,
    ProcessorRun,
    committed_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_until,
)
from prometheus_client.parser import text_string_to_metric_families

GOLDEN = REPO / "tests" / "golden" / "topic_pattern_audit_kafka" / "spec.yaml"
PARTITIONS = 2
BASE = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
KEEP = ["event_id", "service", "actor", "action", "severity", "at"]


async def _create(bootstrap: str, names: list[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics()) & set(names)
        if existing:
            await admin.delete_topics(sorted(existing))
            while set(await admin.list_topics()) & set(names):
                await asyncio.sleep(0.2)
        await admin.create_topics(
            [NewTopic(n, num_partitions=PARTITIONS, replication_factor=1) for n in names]
        )
    finally:
        await admin.close()


def create_topics(bootstrap: str, names: list[str]) -> None:
    asyncio.run(_create(bootstrap, names))


def events(topic: str, service: str, count: int, start: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "event_id": f"{service}-{n:04d}",
            "service": service,
            "actor": rng.choice(["ada", "grace", "alan", "edsger"]),
            "action": rng.choice(["login", "export", "delete", "grant"]),
            "outcome": rng.choice(["success", "success", "failure"]),
            "severity": rng.randint(1, 10),
            "at": (BASE + timedelta(seconds=17 * n)).isoformat().replace("+00:00", "Z"),
            "_topic": topic,
        }
        for n in range(start, start + count)
    ]


def send(bootstrap: str, batch: list[dict[str, Any]]) -> None:
    by_topic: dict[str, list[tuple[bytes | None, bytes | None]]] = {}
    for e in batch:
        value = {k: v for k, v in e.items() if k != "_topic"}
        by_topic.setdefault(e["_topic"], []).append(
            (e["actor"].encode(), json.dumps(value).encode())
        )
    for topic, records in by_topic.items():
        produce(bootstrap, topic, records)


def expected(batch: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The pipeline in plain Python: failures or severity 7 and above, six fields kept."""
    return {
        e["event_id"]: {k: e[k] for k in KEEP}
        for e in batch
        if e["outcome"] == "failure" or e["severity"] >= 7
    }


def published(bootstrap: str, topic: str) -> list[dict[str, Any]]:
    out = []
    for message in read_topic(bootstrap, topic):
        assert message.value is not None
        value = json.loads(message.value)
        assert list(value) == KEEP, value
        assert message.key == value["actor"].encode()
        at = datetime.fromisoformat(value["at"].replace("Z", "+00:00"))
        value["at"] = at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        out.append(value)
    return out


def ends(bootstrap: str, topics: list[str]) -> dict[tuple[str, int], int]:
    """End offsets of the partitions holding records (an empty one has nothing to commit)."""

    async def run() -> dict[tuple[str, int], int]:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
        await consumer.start()
        try:
            tps = [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]
            offsets = await consumer.end_offsets(tps)
            return {(tp.topic, tp.partition): o for tp, o in offsets.items() if o > 0}
        finally:
            await consumer.stop()

    return asyncio.run(run())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lag_topics(port: int) -> set[str]:
    """The topics the consumer-lag metric reports, from /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {
        sample.labels["topic"]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "etl_consumer_lag"
    }


def start(bundle: Path, workdir: Path, bootstrap: str, group: str, port: int) -> ProcessorRun:
    return ProcessorRun(
        bundle.name,
        workdir,
        ["--bootstrap-servers", bootstrap, "--group-id", group, "--flush-interval-ms", "300",
         "--metrics-port", str(port)],
        bundle=bundle,
    )  # fmt: skip


@pytest.mark.parametrize("delivery", ["at_least_once", "exactly_once"])
def test_pattern_picks_up_new_topics_and_ignores_others(
    stack, tmp_path: Path, delivery: str
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run_id = f"pat{uuid.uuid4().hex[:8]}"
    billing, login, payroll = (f"{run_id}-audit-{s}" for s in ("billing", "login", "payroll"))
    ignored = [f"{run_id}-audit-login-archive", f"{run_id}-auditlog", f"{run_id}-audit-eu1"]
    out_topic, dlq = f"{run_id}.alerts", f"{run_id}.dead-letters"

    spec = yaml.safe_load(GOLDEN.read_text())
    spec["source"]["topic_pattern"] = f"{run_id}-audit-[a-z]+"
    spec["source"]["pattern_refresh_ms"] = 2000
    spec["sinks"][0]["topic"] = out_topic
    spec["dead_letter_topic"] = dlq
    spec["delivery"] = delivery
    bundle = generate_bundle(spec, tmp_path / "audit_alerts")

    create_topics(bootstrap, [billing, login, *ignored])
    fresh_topics(bundle, bootstrap, PARTITIONS)
    setup = subprocess.run(
        [sys.executable, str(bundle / "setup_topics.py"), "--bootstrap-servers", bootstrap],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert re.findall(r"^matches (\S+) \(source\)$", setup.stdout, flags=re.M) == [billing, login]

    first = events(billing, "billing", 60, 0, seed=1) + events(login, "login", 60, 0, seed=2)
    noise = [e | {"_topic": t} for t in ignored for e in events(t, "noise", 10, 0, seed=3)]
    send(bootstrap, first + noise)

    group = f"e2e-pattern-{uuid.uuid4().hex[:8]}"
    port = free_port()
    run = start(bundle, tmp_path, bootstrap, group, port)
    try:
        run.wait_for(rf"assigned partitions=.*{login}/1", timeout=90)
        assert payroll not in run.output()
        # The third topic appears while the processor runs; its first records come before the
        # refresh that finds it, the rest after.
        create_topics(bootstrap, [payroll])
        third = events(payroll, "payroll", 40, 0, seed=4)
        send(bootstrap, third[:20])
        produce(bootstrap, payroll, [(b"bad", b'{"event_id": "payroll-bad", "severity": "high"}')])
        run.wait_for(rf"assigned partitions=.*{payroll}/1", timeout=60)
        send(bootstrap, third[20:])
        source_topics = [billing, login, payroll]
        done = ends(bootstrap, source_topics)
        wait_until(
            lambda: committed_offsets(bootstrap, group) == done,
            90,
            "every matching topic committed",
        )
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert not any(t in log for t in ignored), "a non-matching topic was assigned"
    assert set(committed_offsets(bootstrap, group)) == set(done), "only matching topics committed"

    want = expected(first + third)
    assert 30 < len(want) < len(first + third) - 30, "the filter keeps some and drops some"
    got = published(bootstrap, out_topic)
    assert {v["event_id"]: v for v in got} == want
    assert len(got) == len(want), "each event published once"

    letters = read_topic(bootstrap, dlq)
    assert [json.loads(m.value or b"{}")["event_id"] for m in letters] == ["payroll-bad"]
    assert letters[0].headers["etl_gen_source"].startswith(f"{payroll}/")

    # Restart: the new topic's progress was committed, so only its later records are processed.
    more = events(payroll, "payroll", 30, 40, seed=5)
    send(bootstrap, more)
    run = start(bundle, tmp_path, bootstrap, group, free_port())
    try:
        done = ends(bootstrap, source_topics)
        wait_until(lambda: committed_offsets(bootstrap, group) == done, 90, "restart committed")
        time.sleep(1)
    finally:
        code = run.stop()
    assert code == 0, run.output()[-3000:]
    assert run.consumed() == len(more), "the restart resumed every topic where it stopped"
    want = expected(first + third + more)
    got = published(bootstrap, out_topic)
    assert {v["event_id"]: v for v in got} == want
    assert len(got) == len(want), "nothing published twice across the restart"
