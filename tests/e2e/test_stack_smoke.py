"""Smoke tests proving the real e2e stack works (no mocks).

(a) Kafka produce/consume  (b) Redis  (c) PostgreSQL -> Debezium -> Kafka, raw envelope and the
ExtractNewRecordState SMT  (d) chDB through clickhouse-connect.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid

import clickhouse_connect
import psycopg
import pytest
import redis.asyncio as aioredis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

DEBEZIUM_PG = "io.debezium.connector.postgresql.PostgresConnector"


# --------------------------------------------------------------------------- helpers
def _rest(method: str, url: str, body: dict | None = None, timeout: float = 30.0):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read().decode()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read().decode()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw


def _json_or_text(b: bytes | None):
    if b is None:
        return None
    try:
        return json.loads(b)
    except ValueError:
        return b.decode()


async def _consume(
    bootstrap: str, topic: str, want: int, timeout: float = 90.0, group_id: str | None = None
) -> list:
    """Read `want` records (tombstones included) from the start of every partition of topic."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        key_deserializer=_json_or_text,
        value_deserializer=_json_or_text,
    )
    await consumer.start()
    try:
        if group_id:
            consumer.subscribe([topic])
        else:
            parts = consumer.partitions_for_topic(topic) or set()
            if not parts:
                await consumer._client.force_metadata_update()
                parts = consumer.partitions_for_topic(topic) or {0}
            tps = [TopicPartition(topic, p) for p in sorted(parts)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
        out: list = []
        deadline = time.monotonic() + timeout
        while len(out) < want and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=1000, max_records=500)
            for _tp, msgs in batch.items():
                out.extend(msgs)
        return out
    finally:
        await consumer.stop()


def _pg(stack) -> psycopg.Connection:
    return psycopg.connect(stack["postgres_dsn"], autocommit=True, connect_timeout=10)


# --------------------------------------------------------------------------- (a) kafka
def test_kafka_produce_consume_100_json(stack, kafka_topics):
    topic = f"smoke.kafka.{uuid.uuid4().hex[:8]}"
    kafka_topics([topic], partitions=3)

    async def main():
        producer = AIOKafkaProducer(
            bootstrap_servers=stack["kafka_bootstrap"],
            acks="all",
            enable_idempotence=True,
            key_serializer=lambda k: k.encode(),
            value_serializer=lambda v: json.dumps(v).encode(),
        )
        await producer.start()
        try:
            futs = [
                await producer.send(topic, key=f"k{i % 7}", value={"i": i, "payload": f"msg-{i}"})
                for i in range(100)
            ]
            metas = await asyncio.gather(*futs)
        finally:
            await producer.stop()
        assert all(m.topic == topic for m in metas)
        return await _consume(
            stack["kafka_bootstrap"],
            topic,
            100,
            timeout=60,
            group_id=f"smoke-{uuid.uuid4().hex[:8]}",
        )

    msgs = asyncio.run(main())
    assert len(msgs) == 100
    assert sorted(m.value["i"] for m in msgs) == list(range(100))
    assert all(m.value["payload"] == f"msg-{m.value['i']}" for m in msgs)
    # per-key order is preserved (same key -> same partition, idempotent producer)
    by_key: dict[str, list[int]] = {}
    for m in sorted(msgs, key=lambda m: (m.partition, m.offset)):
        by_key.setdefault(m.key, []).append(m.value["i"])
    assert all(v == sorted(v) for v in by_key.values())
    assert len({m.partition for m in msgs}) > 1


# --------------------------------------------------------------------------- (b) redis
def test_redis_set_get(stack):
    async def main():
        r = aioredis.from_url(stack["redis_url"], decode_responses=True)
        try:
            key = f"smoke:{uuid.uuid4().hex}"
            assert await r.ping()
            assert await r.set(key, "hello", ex=60)
            assert await r.get(key) == "hello"
            assert await r.incrby(key + ":n", 5) == 5
            assert await r.delete(key, key + ":n") == 2
            assert await r.get(key) is None
        finally:
            await r.aclose()

    asyncio.run(main())


# --------------------------------------------------------------------------- (c) debezium
def _connector_config(stack, prefix: str, slot: str, unwrap: bool) -> dict:
    cfg = {
        "connector.class": DEBEZIUM_PG,
        "tasks.max": "1",
        "plugin.name": "pgoutput",
        "database.hostname": stack["postgres_host"],
        "database.port": str(stack["postgres_port"]),
        "database.user": "postgres",
        "database.password": "postgres",  # trust auth: ignored
        "database.dbname": "etl",
        "topic.prefix": prefix,
        "table.include.list": "public.smoke_orders",
        "slot.name": slot,
        "slot.drop.on.stop": "true",
        "publication.name": slot,
        "publication.autocreate.mode": "filtered",
        "decimal.handling.mode": "string",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "false",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "topic.creation.default.replication.factor": "1",
        "topic.creation.default.partitions": "1",
    }
    if unwrap:
        cfg.update(
            {
                "transforms": "unwrap",
                "transforms.unwrap.type": "io.debezium.transforms.ExtractNewRecordState",
                "transforms.unwrap.delete.tombstone.handling.mode": "rewrite",
                "transforms.unwrap.add.fields": "op,lsn",
            }
        )
    return cfg


def _wait_connector_streaming(stack, name: str, slot: str, timeout: float = 90.0) -> None:
    base = stack["connect_url"]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        code, st = _rest("GET", f"{base}/connectors/{name}/status")
        last = st
        if code == 200:
            tasks = st.get("tasks") or []
            if (
                any(t.get("state") == "FAILED" for t in tasks)
                or st["connector"].get("state") == "FAILED"
            ):
                pytest.fail(f"connector {name} failed: {json.dumps(st, indent=1)[:4000]}")
            if (
                st["connector"].get("state") == "RUNNING"
                and tasks
                and all(t["state"] == "RUNNING" for t in tasks)
            ):
                with _pg(stack) as conn:
                    row = conn.execute(
                        "select active from pg_replication_slots where slot_name = %s", (slot,)
                    ).fetchone()
                if row and row[0]:
                    return
        time.sleep(0.5)
    pytest.fail(f"connector {name} not streaming after {timeout}s: {last}")


def _drop_slot(stack, slot: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    with _pg(stack) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select active from pg_replication_slots where slot_name = %s", (slot,)
            ).fetchone()
            if row is None:
                break
            if not row[0]:
                conn.execute("select pg_drop_replication_slot(%s)", (slot,))
                break
            time.sleep(0.3)
        conn.execute(f'drop publication if exists "{slot}"')


def test_debezium_postgres_cdc(stack, kafka_topics):
    run = uuid.uuid4().hex[:8]
    base = stack["connect_url"]
    raw_prefix, flat_prefix = f"smoke{run}", f"smoke{run}flat"
    raw_topic, flat_topic = (
        f"{raw_prefix}.public.smoke_orders",
        f"{flat_prefix}.public.smoke_orders",
    )
    raw_slot, flat_slot = f"smoke_{run}_raw", f"smoke_{run}_flat"
    raw_name, flat_name = f"smoke-{run}-raw", f"smoke-{run}-flat"

    with _pg(stack) as conn:
        # leftovers of an interrupted earlier run would eat max_replication_slots
        for (slot,) in conn.execute(
            "select slot_name from pg_replication_slots "
            "where slot_name like 'smoke\\_%' and not active"
        ).fetchall():
            conn.execute("select pg_drop_replication_slot(%s)", (slot,))
        for (pub,) in conn.execute(
            "select pubname from pg_publication where pubname like 'smoke\\_%'"
        ).fetchall():
            conn.execute(f'drop publication "{pub}"')
        conn.execute("drop table if exists public.smoke_orders")
        conn.execute(
            "create table public.smoke_orders (id int primary key, customer text not null, "
            "amount numeric(10,2) not null, status text not null)"
        )
        conn.execute(
            "alter table public.smoke_orders replica identity full"
        )  # full `before` images

    kafka_topics([raw_topic, flat_topic], partitions=1)
    try:
        for name, prefix, slot, unwrap in (
            (raw_name, raw_prefix, raw_slot, False),
            (flat_name, flat_prefix, flat_slot, True),
        ):
            code, body = _rest(
                "PUT",
                f"{base}/connectors/{name}/config",
                _connector_config(stack, prefix, slot, unwrap),
            )
            assert code in (200, 201), f"PUT connector {name}: {code} {body}"
        _wait_connector_streaming(stack, raw_name, raw_slot)
        _wait_connector_streaming(stack, flat_name, flat_slot)

        with _pg(stack) as conn:
            conn.execute("insert into public.smoke_orders values (1, 'alice', 12.50, 'new')")
            conn.execute(
                "update public.smoke_orders set status = 'paid', amount = 15.00 where id = 1"
            )
            conn.execute("delete from public.smoke_orders where id = 1")

        raw = asyncio.run(_consume(stack["kafka_bootstrap"], raw_topic, 4))  # c, u, d + tombstone
        flat = asyncio.run(_consume(stack["kafka_bootstrap"], flat_topic, 3))
    finally:
        for name in (raw_name, flat_name):
            _rest("DELETE", f"{base}/connectors/{name}")
        for slot in (raw_slot, flat_slot):
            _drop_slot(stack, slot)

    row_new = {"id": 1, "customer": "alice", "amount": "12.50", "status": "new"}
    row_paid = {"id": 1, "customer": "alice", "amount": "15.00", "status": "paid"}

    # raw Debezium envelope: op c/u/d with before/after and source.lsn
    events = [m.value for m in raw if m.value is not None]
    tombstones = [m for m in raw if m.value is None]
    assert [e["op"] for e in events] == ["c", "u", "d"], [m.value for m in raw]
    c, u, d = events
    assert c["before"] is None and c["after"] == row_new
    assert u["before"] == row_new and u["after"] == row_paid
    assert d["before"] == row_paid and d["after"] is None
    for e in events:
        assert e["source"]["table"] == "smoke_orders" and e["source"]["schema"] == "public"
        assert e["source"]["db"] == "etl" and e["source"]["connector"] == "postgresql"
        assert isinstance(e["source"]["lsn"], int) and e["source"]["lsn"] > 0
    assert c["source"]["lsn"] < u["source"]["lsn"] < d["source"]["lsn"]
    assert all(m.key == {"id": 1} for m in raw)
    assert len(tombstones) == 1  # tombstones.on.delete=true (default)

    # ExtractNewRecordState: flat rows + __op/__lsn (add.fields) + __deleted (rewrite)
    rows = [m.value for m in flat]
    assert len(rows) == 3 and None not in rows, rows
    fc, fu, fd = rows
    assert {k: fc[k] for k in row_new} == row_new and fc["__op"] == "c"
    assert {k: fu[k] for k in row_paid} == row_paid and fu["__op"] == "u"
    assert {k: fd[k] for k in row_paid} == row_paid and fd["__op"] == "d"
    assert [str(r["__deleted"]).lower() for r in rows] == ["false", "false", "true"]
    assert [r["__lsn"] for r in rows] == [e["source"]["lsn"] for e in events]


# --------------------------------------------------------------------------- (d) chdb
def test_chdb_via_clickhouse_connect(tmp_path):
    client = clickhouse_connect.get_client(dsn=f"chdb://{tmp_path}")  # = chdb:///abs/tmp/path
    try:
        client.command("create database if not exists smoke")
        client.command(
            "create table smoke.events (id UInt32, name String, amount Float64) "
            "engine = MergeTree order by id"
        )
        client.insert(
            "smoke.events",
            [[1, "a", 1.5], [2, "b", 2.5], [3, "c", 3.0]],
            column_names=["id", "name", "amount"],
        )
        res = client.query(
            "select count(), sum(amount), groupArray(name) from "
            "(select * from smoke.events order by id)"
        )
        count, total, names = res.result_rows[0]
        assert (count, total, list(names)) == (3, 7.0, ["a", "b", "c"])
    finally:
        client.close()
