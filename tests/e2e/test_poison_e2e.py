"""Poison records end to end, one pipeline per sink kind (ClickHouse, Kafka, Redis).

Each poison record production topics do carry is sent between good ones: an integer of 2^63 for
an Int64 column, epoch-ms times of +1e16 and -1e16, an invalid record of 1,048,480 bytes (its
dead-letter copy with headers would be over the producer's 1 MiB), a lone UTF-16 surrogate, a
record dated 2100, an epoch in seconds where milliseconds are read, and 0001-01-01T00:00:00+01:00.
Before issue 13, the first three crash-looped the processor for good. Now the processor stays up,
every good record is written exactly once, each poison record is in the dead-letter topic with its
reason, and the committed offsets reach the end of every partition.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import redis
from harness import (
    ProcessorRun,
    chdb_query,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_until,
)

PARTITIONS = 3
BASE = 1_714_564_800_000  # 2024-05-01T12:00:00Z
BIG = 1_048_480

FIELDS = [
    {"name": "event_id", "type": "string"},
    {"name": "user_id", "type": "int"},
    {"name": "amount", "type": "float"},
    {"name": "note", "type": "string", "required": False},
    {"name": "timestamp", "type": "timestamp"},
]


def spec(kind: str, run: str) -> dict[str, Any]:
    sinks = {
        "clickhouse": {"kind": "clickhouse", "database": "poison", "table": "events",
                       "batch_rows": 200, "flush_interval_ms": 500},
        "kafka": {"kind": "kafka", "topic": f"poison-{kind}-out", "key": "event_id"},
        "redis": {"kind": "redis", "key_prefix": f"poison:{run}:", "key_field": "event_id"},
    }  # fmt: skip
    return {
        "spec_version": 1,
        "name": f"poison_{kind}",
        "description": f"Poison-record test pipeline writing to {kind}.",
        "source": {
            "kind": "kafka",
            "topics": [f"poison-{kind}-in"],
            "group_id": f"poison-{kind}-{run}",
            "event_time": "timestamp",
            "key": "event_id",
        },
        "schema": {"fields": FIELDS},
        "operators": [],
        "sinks": [sinks[kind]],
        "dead_letter_topic": f"poison-{kind}-dlq",
    }


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def good(n: int) -> dict[str, Any]:
    return {
        "event_id": f"good-{n:04d}",
        "user_id": n % 97,
        "amount": round(n * 1.25, 2),
        "note": f"note {n}",
        "timestamp": iso(BASE + n * 1000),
    }


def poison() -> list[tuple[str, bytes, str]]:
    """(name, record value, the reason it must get, as a regular expression)."""
    ok = good(0)

    def record(event_id: str, **changes: Any) -> bytes:
        return json.dumps({**ok, "event_id": event_id, **changes}).encode()

    head = b'{"event_id": "p-big", "note": "'
    return [
        ("int-2^63", record("p-int", user_id=2**63),
         r"invalid: user_id: 9223372036854775808 is outside the Int64 range"),
        ("epoch-ms+1e16", record("p-plus", timestamp=10**16),
         r"implausible time: timestamp: 10000000000000000 is outside "),
        ("epoch-ms-1e16", record("p-minus", timestamp=-(10**16)),
         r"implausible time: timestamp: -10000000000000000 is outside "),
        ("1048480-byte invalid", head + b"x" * (BIG - len(head)), r"invalid: not valid JSON"),
        ("lone surrogate", record("p-surrogate").replace(b'"note 0"', b'"\\ud800"'),
         r"invalid: not valid JSON: .*surrogate"),
        ("dated 2100", record("p-2100", timestamp="2100-01-01T00:00:00Z"),
         r"implausible time: event time 2100-01-01T00:00:00.000\+00:00 is more than 300 s ahead"),
        ("epoch seconds", record("p-seconds", timestamp=BASE // 1000),
         r"implausible time: event time 1970-01-20T.* is before 2000-01-01"),
        ("year 1 +01:00", record("p-year1", timestamp="0001-01-01T00:00:00+01:00"),
         r"implausible time: timestamp: '0001-01-01T00:00:00\+01:00' is outside "),
    ]  # fmt: skip


def key_of(value: bytes) -> bytes:
    match = re.match(rb'\{"event_id": "([^"]+)"', value)
    assert match, value[:80]
    return match.group(1)


@pytest.mark.parametrize("kind", ["clickhouse", "kafka", "redis"])
def test_poison_records_are_dead_letters_and_the_partition_moves_on(
    stack: dict, tmp_path: Path, kind: str
) -> None:
    bootstrap = stack["kafka_bootstrap"]
    run = uuid.uuid4().hex[:8]
    the_spec = spec(kind, run)
    name, topic = the_spec["name"], the_spec["source"]["topics"][0]
    dlq = the_spec["dead_letter_topic"]
    bundle = generate_bundle(the_spec, tmp_path / name)
    fresh_topics(bundle, bootstrap, PARTITIONS)

    goods = [good(n) for n in range(240)]
    bad = poison()
    records: list[tuple[bytes, bytes]] = []
    for n, event in enumerate(goods):  # the poison spread between good records
        records.append((event["event_id"].encode(), json.dumps(event).encode()))
        if n % 30 == 15:
            value = bad[n // 30][1]
            records.append((key_of(value), value))
    assert len(records) == len(goods) + len(bad)
    produce(bootstrap, topic, records)

    args = ["--bootstrap-servers", bootstrap]
    if kind == "clickhouse":
        args += ["--clickhouse-dsn", f"chdb://{tmp_path}/ch"]
    if kind == "redis":
        args += ["--redis-url", stack["redis_url"]]
    proc = ProcessorRun(name, tmp_path, args, bundle=bundle)
    proc.wait_consumed(len(records))
    ends = end_offsets(bootstrap, topic, PARTITIONS)
    wait_until(
        lambda: committed_offsets(bootstrap, the_spec["source"]["group_id"]) == ends,
        60,
        f"committed offsets to reach the end of every partition {ends}",
    )
    assert proc.process.poll() is None, "the processor stays up"
    log = proc.output()
    assert proc.stop() == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    # Every good record written once, nothing else.
    expected = {e["event_id"]: e for e in goods}
    if kind == "clickhouse":
        rows = chdb_query(
            f"chdb://{tmp_path}/ch",
            "SELECT event_id, user_id, amount, note, toUnixTimestamp64Milli(timestamp) "
            "FROM poison.events ORDER BY event_id",
        )
        assert [r[0] for r in rows] == sorted(expected)
        for event_id, user_id, amount, note, at_ms in rows:
            e = expected[event_id]
            assert (user_id, amount, note) == (e["user_id"], e["amount"], e["note"])
            assert at_ms == BASE + int(event_id.split("-")[1]) * 1000
    elif kind == "kafka":
        out = read_topic(bootstrap, f"poison-{kind}-out")
        values = [json.loads(m.value) for m in out]
        assert sorted(v["event_id"] for v in values) == sorted(expected)
        assert all(v["user_id"] == expected[v["event_id"]]["user_id"] for v in values)
    else:
        client = redis.Redis.from_url(stack["redis_url"])
        try:
            keys = sorted(k.decode() for k in client.scan_iter(match=f"poison:{run}:*"))
            assert keys == [f"poison:{run}:{i}" for i in sorted(expected)]
            stored = json.loads(client.get(f"poison:{run}:good-0007"))
            assert stored["amount"] == expected["good-0007"]["amount"]
        finally:
            client.close()

    # Each poison record in the dead-letter topic once, with its reason.
    dead = read_topic(bootstrap, dlq)
    assert len(dead) == len(bad), [m.headers.get("etl_gen_reason") for m in dead]
    by_value = {m.value: m for m in dead}
    for label, value, reason in bad:
        if len(value) == BIG:
            [letter] = [m for m in dead if m.headers.get("etl_gen_truncated") == "true"]
            assert value.startswith(letter.value or b"x"), label
            assert letter.headers["etl_gen_original_value_size"] == str(BIG)
            assert (
                letter.headers["etl_gen_original_value_sha256"] == hashlib.sha256(value).hexdigest()
            )
        else:
            assert value in by_value, f"{label} is not in {dlq}"
            letter = by_value[value]
        assert re.match(reason, letter.headers["etl_gen_reason"]), (label, letter.headers)
        assert letter.headers["etl_gen_source"].startswith(f"{topic}/")
    assert re.search(r"dead_letters sent=\d+ truncated=1 ", log), "the truncation is counted"
