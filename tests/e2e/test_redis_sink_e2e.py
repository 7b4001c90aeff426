"""Redis hash sink with a key template and a TTL, and Kafka sink headers, end to end.

The pipeline is the golden case `redis_hash_user_profiles` (profile updates, `score >= 0`, into
Redis as a hash under `user:{user_id}:{region}` with a one-hour TTL) with a key prefix unique
to the run and a second sink: a Kafka topic keyed by `user_id` whose messages carry the region,
the e-mail (a nullable field), the score and the update time as headers, plus a constant one.

Profile updates cover every field type, nulls, nested JSON with non-ASCII text, times written
with an offset, users updated several times (a later update with a null e-mail must not leave
the earlier e-mail in the hash), negative scores (filtered out) and an invalid record (dead
letter). The test works out here, in plain Python, the text of every hash value and header:
it reads back every hash with HGETALL and its PTTL, scans for keys it did not expect, and
reads the output topic with a consumer. A second run with a new consumer group replays every
record: the hashes must come out identical (same key, same value) with a fresh expiry.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis
import stack as stack_mod  # scripts/stack/stack.py, put on sys.path by conftest.py
import yaml
from harness import (
    REPO,
    ProcessorRun,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_until,
)

GOLDEN = REPO / "tests" / "golden" / "redis_hash_user_profiles" / "spec.yaml"
TOPIC = "e2e-profile-updates"
OUT_TOPIC = "e2e-profiles-out"
DLQ = "e2e-profile-updates-dlq"
PARTITIONS = 3
TTL_MS = 3_600_000
CONSTANT = ("producer", "etl-gen e2e \u2013 profiles")  # a non-ASCII constant


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    """Kafka and Redis only: this pipeline needs no database or Connect."""
    try:
        return stack_mod.up(["kafka", "redis"])
    except Exception as e:  # StackError carries the reason and the log tail
        pytest.fail(f"Kafka and Redis could not start: {e}", pytrace=False)


def spec(prefix: str) -> dict[str, Any]:
    data = yaml.safe_load(GOLDEN.read_text())
    data["source"]["topics"] = [TOPIC]
    data["source"]["auto_offset_reset"] = "earliest"
    data["dead_letter_topic"] = DLQ
    data["sinks"][0]["key_template"] = f"{prefix}:user:{{user_id}}:{{region}}"
    assert data["sinks"][0]["ttl_ms"] == TTL_MS
    data["sinks"].append(
        {
            "kind": "kafka",
            "topic": OUT_TOPIC,
            "key": "user_id",
            "headers": [
                {"name": "region", "field": "region"},
                {"name": "email", "field": "email"},
                {"name": "score", "field": "score"},
                {"name": "updated-at", "field": "updated_at"},
                {"name": CONSTANT[0], "value": CONSTANT[1]},
            ],
        }
    )
    return data


def updates() -> list[dict[str, Any]]:
    """Profile updates in the order they are produced (per user, in one partition)."""
    out: list[dict[str, Any]] = []
    regions = ["eu-west", "us-east", "ap-south"]
    for n in range(45):
        user = 1000 + n % 15  # each user three times
        update: dict[str, Any] = {
            "user_id": user,
            "region": regions[(n // 15 + user) % 2],  # two updates of a user share a key
            "score": [12.5, 0.0, 99.75, 3.0, 1e-3][n % 5],
            "active": n % 3 != 0,
            "updated_at": f"2024-06-01T08:{n:02d}:00Z",
        }
        if n % 4 != 1:
            update["email"] = f"user{user}.{n}@example.com"
        if n % 6 == 0:
            update["tags"] = {"plan": "pro", "seats": n, "note": "café ☕", "list": [1, 2.5, None]}
        elif n % 6 == 1:
            update["tags"] = None
        out.append(update)
    out += [
        # written with an offset: the text keeps the offset written
        {"user_id": 2001, "region": "eu-west", "score": 5.5, "active": True,
         "updated_at": "2024-06-01T10:15:30.125+02:00", "email": "offset@example.com",
         "tags": ["a", "b"]},
        # then the same key with no e-mail: the e-mail must be gone from the hash
        {"user_id": 2001, "region": "eu-west", "score": 6.0, "active": False,
         "updated_at": "2024-06-01T09:00:00Z", "email": None},
        # filtered out (score below 0): never written
        {"user_id": 2002, "region": "eu-west", "score": -1.0, "active": True,
         "updated_at": "2024-06-01T09:00:00Z"},
        # a string with characters a key or header could choke on, in a value
        {"user_id": 2003, "region": "us-east", "score": 1.0, "active": True,
         "updated_at": "2024-06-01T09:00:00Z", "email": "a\"b'c\\d\nnew line@example.com"},
    ]  # fmt: skip
    return out


INVALID = {"user_id": 2004, "score": 1.0, "active": True, "updated_at": "2024-06-01T09:00:00Z"}


def text(value: Any) -> str:
    """A field value as the README says it is written: strings as they are, others as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def decoded(update: dict[str, Any]) -> dict[str, Any]:
    """The output record: every schema field (absent ones null), timestamps as ISO text."""
    fields = ("user_id", "region", "email", "score", "active", "tags", "updated_at")
    out = {name: update.get(name) for name in fields}
    at = datetime.fromisoformat(out["updated_at"].replace("Z", "+00:00"))
    out["updated_at"] = at.isoformat()
    return out


def expected_hashes(prefix: str, records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        latest[f"{prefix}:user:{record['user_id']}:{record['region']}"] = record
    return {
        key: {name: text(value) for name, value in record.items() if value is not None}
        for key, record in latest.items()
    }


def expected_messages(records: list[dict[str, Any]]) -> list[tuple[bytes, Any, dict[str, str]]]:
    out = []
    for record in records:
        headers = {CONSTANT[0]: CONSTANT[1]}
        for header, name in (("region", "region"), ("email", "email"), ("score", "score"),
                             ("updated-at", "updated_at")):  # fmt: skip
            if record[name] is not None:
                headers[header] = text(record[name])
        out.append((str(record["user_id"]).encode(), record, headers))
    return out


def run_once(bundle: Path, tmp_path: Path, services: dict[str, Any], count: int) -> None:
    """Run the processor with a new group until it has consumed and committed everything."""
    kafka = services["kafka_bootstrap"]
    group = f"e2e-redis-sink-{uuid.uuid4().hex[:10]}"
    run = ProcessorRun(bundle.name, tmp_path, [
        "--bootstrap-servers", kafka, "--group-id", group, "--redis-url", services["redis_url"],
        "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(count, timeout=120)
        ends = end_offsets(kafka, TOPIC, PARTITIONS)
        wait_until(lambda: committed_offsets(kafka, group) == ends, 60, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def stored(client: redis.Redis, prefix: str) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """Every hash under the run's prefix, and its PTTL."""
    keys = sorted(k.decode() for k in client.scan_iter(match=f"{prefix}:*", count=1000))
    hashes = {key: {f.decode(): v.decode() for f, v in client.hgetall(key).items()} for key in keys}
    return hashes, {key: client.pttl(key) for key in keys}


def test_redis_hashes_with_ttl_and_kafka_headers(services: dict[str, Any], tmp_path: Path) -> None:
    kafka = services["kafka_bootstrap"]
    client = redis.Redis.from_url(services["redis_url"])
    prefix = f"e2e{uuid.uuid4().hex[:8]}"
    bundle = generate_bundle(spec(prefix), tmp_path / "user_profiles_cache")
    fresh_topics(bundle, kafka, PARTITIONS)
    produced = updates()
    payloads = [(str(u["user_id"]).encode(), json.dumps(u).encode()) for u in produced]
    payloads.append((b"2004", json.dumps(INVALID).encode()))
    produce(kafka, TOPIC, payloads)
    passed = [decoded(u) for u in produced if u["score"] >= 0]
    want = expected_hashes(prefix, passed)
    # the edges are in the expectation as the docstring says
    assert "email" not in want[f"{prefix}:user:2001:eu-west"]
    assert not any(":2002:" in key or ":2004:" in key for key in want)

    started = time.monotonic()
    run_once(bundle, tmp_path, services, len(payloads))
    hashes, ttls = stored(client, prefix)
    assert sorted(hashes) == sorted(want), "keys written differ from the keys expected"
    assert hashes == want
    elapsed_ms = (time.monotonic() - started) * 1000
    assert all(TTL_MS - elapsed_ms - 1000 <= t <= TTL_MS for t in ttls.values()), ttls

    messages = read_topic(kafka, OUT_TOPIC)
    got = sorted(
        ((m.key, json.loads(m.value), m.headers) for m in messages), key=lambda m: json.dumps(m[1])
    )
    assert got == sorted(expected_messages(passed), key=lambda m: json.dumps(m[1]))
    dead = read_topic(kafka, DLQ)
    assert [json.loads(m.value)["user_id"] for m in dead] == [2004]

    # A replay (a new group reads everything again) writes the same values, with fresh expiries.
    read_at = time.monotonic()
    time.sleep(1.5)
    run_once(bundle, tmp_path, services, len(payloads))
    again, ttls_again = stored(client, prefix)
    waited_ms = (time.monotonic() - read_at) * 1000
    assert again == want
    # without a fresh expiry each PTTL would be its first reading less the time waited
    stale = {
        key: ttls_again[key] for key in want if ttls_again[key] <= ttls[key] - waited_ms + 1000
    }
    assert not stale, f"the replay did not refresh the expiry of {stale}"
    for key in want:
        client.delete(key)


ONCE_GOLDEN = REPO / "tests" / "golden" / "exactly_once_kafka_headers" / "spec.yaml"
ORDERS_IN = "e2e-once-orders-in"
ORDERS_OUT = "e2e-once-orders-out"


def test_kafka_headers_exactly_once(services: dict[str, Any], tmp_path: Path) -> None:
    """The golden case `exactly_once_kafka_headers`: the headers travel in the transactions."""
    kafka = services["kafka_bootstrap"]
    data = yaml.safe_load(ONCE_GOLDEN.read_text())
    data["source"]["topics"] = [ORDERS_IN]
    data["source"]["auto_offset_reset"] = "earliest"
    data["dead_letter_topic"] = f"{ORDERS_IN}-dlq"
    data["sinks"][0]["topic"] = ORDERS_OUT
    bundle = generate_bundle(data, tmp_path / "orders_with_headers_once")
    fresh_topics(bundle, kafka, PARTITIONS)
    orders = [
        {
            "order_id": f"o-{n}",
            "customer_id": f"c-{n % 7}",
            "amount": [10.0, 0.5, 1234.125][n % 3],
            "created_at": f"2024-06-01T09:{n:02d}:00{'Z' if n % 2 else '-05:00'}",
            **({"region": ["emea", "apac"][n % 2]} if n % 3 else {}),
        }
        for n in range(40)
    ]
    produce(kafka, ORDERS_IN, [(o["customer_id"].encode(), json.dumps(o).encode()) for o in orders])

    group = f"e2e-once-headers-{uuid.uuid4().hex[:10]}"
    run = ProcessorRun(bundle.name, tmp_path, [
        "--bootstrap-servers", kafka, "--group-id", group, "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(len(orders), timeout=120)
        ends = end_offsets(kafka, ORDERS_IN, PARTITIONS)
        wait_until(lambda: committed_offsets(kafka, group) == ends, 60, "offsets committed")
    finally:
        code = run.stop()
    assert code == 0, run.output()[-3000:]

    def expected(order: dict[str, Any]) -> tuple[bytes, str, dict[str, str]]:
        at = datetime.fromisoformat(order["created_at"].replace("Z", "+00:00")).isoformat()
        headers = {"producer": "etl-gen orders", "created-at": at}
        if "region" in order:
            headers["region"] = order["region"]
        return order["customer_id"].encode(), order["order_id"], headers

    got = [
        (m.key, json.loads(m.value)["order_id"], m.headers) for m in read_topic(kafka, ORDERS_OUT)
    ]
    assert sorted(got, key=lambda m: m[1]) == sorted(map(expected, orders), key=lambda m: m[1])
