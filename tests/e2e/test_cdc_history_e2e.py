"""CDC history mode end to end: PostgreSQL -> Debezium -> Kafka -> processor -> chDB (MergeTree).

The bundle is the committed golden `tests/golden/postgres_cdc_history/expected` (mode: history):
every change must be one row of `audit.accounts` with its operation (`_op`) and its LSN
(`_version`). The table's `pin` column is in the spec's `excluded_columns`: no change event on
the topic may carry it (the connector's `column.exclude.list`). The processor is SIGKILLed
mid-stream and restarted (same group), then a third run with a fresh group replays the whole
topic: the table must still hold every change exactly once.
The expected rows come from what the test did to PostgreSQL (its own model of each change), the
LSNs from the change events Debezium wrote; nothing expected is read from the processor.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import signal
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import harness
import psycopg
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from harness import ProcessorRun, chdb_query, fresh_topics, read_topic, wait_until
from test_cdc_e2e import RUN_PREFIX, cleanup_leftovers, drop_slot, pg, rest, wait_streaming

NAME = "accounts_history"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "postgres_cdc_history" / "expected"
TOPIC = "bank.public.accounts"
DLQ = "accounts-history-dlq"
DDL = """
create table public.accounts (
    account_id bigint primary key,
    owner text,
    balance double precision,
    updated_at timestamp,
    pin text default '4711'
)"""  # pin: in the spec's excluded_columns, so the connector must keep it out of Kafka
T0 = datetime(2024, 3, 1, 8, 0, 0)

Change = tuple[str, str | None, float | None, int | None]  # (op, owner, balance, updated_at ms)


def ms(value: datetime | None) -> int | None:
    return None if value is None else int(value.replace(tzinfo=UTC).timestamp() * 1000)


def connector_config(stack: dict, slot: str) -> dict[str, str]:
    """The bundle's connector config; only the connection and the slot/publication change."""
    config = json.loads((GOLDEN / "debezium-connector.json").read_text())["config"]
    dsn = psycopg.conninfo.conninfo_to_dict(stack["postgres_dsn"])
    config.update(
        {
            "database.hostname": stack["postgres_host"],
            "database.port": str(stack["postgres_port"]),
            "database.user": dsn.get("user", "postgres"),
            "database.password": dsn.get("password") or "postgres",  # trust auth: unused
            "database.dbname": dsn["dbname"],
            "slot.name": slot,
            "publication.name": slot,
        }
    )
    return config


class Model:
    """What the test did, change by change: the independent expectation."""

    def __init__(self) -> None:
        self.live: dict[int, tuple[str | None, float | None, datetime | None]] = {}
        self.changes: dict[int, list[Change]] = defaultdict(list)
        self.count = 0

    def record(self, key: int, op: str) -> None:
        self.count += 1
        if op == "d":  # REPLICA IDENTITY DEFAULT: a delete carries only the key
            self.live.pop(key)
            self.changes[key].append(("d", None, None, None))
            return
        owner, balance, updated = self.live[key]
        self.changes[key].append((op, owner, balance, ms(updated)))


def run_changes(conn: psycopg.Connection, model: Model, rng: random.Random) -> None:
    insert = "insert into public.accounts values (%s, %s, %s, %s)"
    deleted: list[int] = []

    def new(key: int) -> None:
        row = (f"owner-{key}", round(rng.uniform(0, 1000), 2), T0 + timedelta(seconds=key))
        conn.execute(insert, (key, *row))
        model.live[key] = row
        model.record(key, "c")

    for start in range(6, 46, 10):  # 40 new accounts in four transactions
        with conn.transaction():
            for key in range(start, start + 10):
                new(key)
    for step in range(30):  # 150 updates, five per transaction (some keys twice in one)
        with conn.transaction():
            for i in range(5):
                key = rng.choice(sorted(model.live))
                owner, balance, _ = model.live[key]
                if rng.random() < 0.3:
                    owner = None if rng.random() < 0.3 else f"owner-{key}-{step}-{i}"
                balance = None if rng.random() < 0.1 else round(rng.uniform(0, 1000), 2)
                updated = T0 + timedelta(minutes=step, milliseconds=i)
                conn.execute(
                    "update public.accounts set owner = %s, balance = %s, updated_at = %s"
                    " where account_id = %s",
                    (owner, balance, updated, key),
                )
                model.live[key] = (owner, balance, updated)
                model.record(key, "u")
    with conn.transaction():  # ten deletes
        for key in rng.sample(sorted(model.live), 10):
            conn.execute("delete from public.accounts where account_id = %s", (key,))
            model.record(key, "d")
            deleted.append(key)
    for key in deleted[:3]:  # three deleted keys inserted again, autocommit
        new(key)


async def _committed(bootstrap: str, group: str) -> dict[int, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
        return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == TOPIC}
    finally:
        await admin.close()


def stored_beyond_commit(bootstrap: str, group: str, dsn: str) -> int:
    """Rows the killed run stored above its last commit: what the restart must not rewrite."""
    committed = asyncio.run(_committed(bootstrap, group))
    rows = chdb_query(dsn, "SELECT _kafka_partition, _kafka_offset FROM audit.accounts")
    return sum(1 for p, o in rows if int(o) >= committed.get(int(p), 0))


def settle(run: ProcessorRun) -> None:
    """Wait until nothing new is consumed for a few polls after a flush."""
    run.wait_for(r"assigned partitions=")
    previous = [-1]

    def settled() -> bool:
        now = run.consumed()
        done = now > 0 and now == previous[0]
        previous[0] = now
        return done

    wait_until(settled, 120, f"{run.name} to catch up", interval=2.0)


def test_history_keeps_every_change_once_across_a_kill(
    stack: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bootstrap, base = stack["kafka_bootstrap"], stack["connect_url"]
    run_id = uuid.uuid4().hex[:8]
    slot = f"{RUN_PREFIX}hist_{run_id}"
    connector = slot.replace("_", "-")
    cleanup_leftovers(stack)
    bundles = tmp_path / "bundles"
    shutil.copytree(GOLDEN, bundles / NAME)
    monkeypatch.setattr(harness, "GENERATED", bundles)

    model = Model()
    with pg(stack) as conn:
        conn.execute("drop table if exists public.accounts")
        conn.execute(DDL)
        for key in range(1, 6):  # before the connector: snapshot reads (__op = r)
            row = (f"owner-{key}", float(key * 100), T0)
            conn.execute("insert into public.accounts values (%s, %s, %s, %s)", (key, *row))
            model.live[key] = row
            model.record(key, "r")
    fresh_topics(bundles / NAME, bootstrap, partitions=3)

    try:
        code, body = rest(
            "PUT", f"{base}/connectors/{connector}/config", connector_config(stack, slot)
        )
        assert code in (200, 201), f"PUT connector: {code} {body}"
        wait_streaming(stack, connector, slot)
        with pg(stack) as conn:
            run_changes(conn, model, random.Random(20240301))
        total = model.count
        wait_until(lambda: len(read_topic(bootstrap, TOPIC)) >= total, 90, f"{total} change events")
    finally:
        rest("DELETE", f"{base}/connectors/{connector}")
        drop_slot(stack, slot)
    messages = read_topic(bootstrap, TOPIC)
    assert len(messages) == total
    carrying_pin = [m.value for m in messages if "pin" in json.loads(m.value)]
    assert not carrying_pin, carrying_pin[:3]

    dsn = f"chdb://{tmp_path}/ch"
    args = [
        "--bootstrap-servers", bootstrap,
        "--group-id", f"e2e-history-{run_id}",
        "--clickhouse-dsn", dsn,
        "--batch-rows", "2",
        "--flush-interval-ms", "200",
    ]  # fmt: skip
    first = ProcessorRun(NAME, tmp_path, args)
    first.wait_for(r"flushed rows=[1-9]")
    wait_until(lambda: first.consumed() >= total // 3, 60, f"{total // 3} changes consumed")
    first.stop(signal.SIGKILL)
    written_before = chdb_query(dsn, "SELECT count() FROM audit.accounts")[0][0]
    assert 0 < int(written_before) < total, "the kill must land mid-stream"
    uncommitted = stored_beyond_commit(bootstrap, args[args.index("--group-id") + 1], dsn)

    second = ProcessorRun(NAME, tmp_path, args)
    settle(second)
    assert second.stop() == 0, second.output()[-3000:]
    after_restart = int(chdb_query(dsn, "SELECT count() FROM audit.accounts")[0][0])

    # A fresh group starts from offset 0: every change is replayed, none may land twice.
    args[args.index("--group-id") + 1] = f"e2e-history-{run_id}-replay"
    third = ProcessorRun(NAME, tmp_path, args)
    settle(third)
    assert third.stop() == 0, third.output()[-3000:]
    assert third.consumed() == total
    for run in (second, third):
        assert "Traceback" not in run.output(), run.output()[-3000:]
    assert not read_topic(bootstrap, DLQ)

    # ---- every change exactly once, in the order the test made them, with its LSN
    lsns: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for message in messages:
        event = json.loads(message.value)
        lsns[event["account_id"]].append((event["__op"], event["__lsn"]))
    rows = chdb_query(
        dsn,
        "SELECT account_id, _op, owner, balance, toUnixTimestamp64Milli(updated_at), _version"
        " FROM audit.accounts ORDER BY account_id, _version",
    )
    assert after_restart == len(rows) == total, (written_before, after_restart, len(rows), total)
    got: dict[int, list[Change]] = defaultdict(list)
    versions: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for key, op, owner, balance, updated, version in rows:
        got[int(key)].append((op, owner, balance, None if updated is None else int(updated)))
        versions[int(key)].append((op, int(version)))
    assert dict(got) == dict(model.changes)
    assert dict(versions) == dict(lsns)
    for key, history in versions.items():
        changes = [v for op, v in history if op != "r"]
        assert changes == sorted(set(changes)), f"{key}: LSNs not increasing"
    ops = [op for history in model.changes.values() for op, *_ in history]
    counts: dict[str, Any] = {op: ops.count(op) for op in "rcud"}
    assert counts == {"r": 5, "c": 43, "u": 150, "d": 10}, counts
    print(
        f"history: {total} changes {counts}; {written_before} rows stored before the SIGKILL,"
        f" {uncommitted} of them above the group's last commit (replayed, skipped)"
    )
