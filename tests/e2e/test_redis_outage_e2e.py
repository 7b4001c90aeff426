"""Redis stops mid-run: the clickstream processor (Redis lookups) waits it out, or stops cleanly.

Phase A events are processed with Redis up; then Redis is stopped (`stack.py down --only redis`)
and phase B events arrive for users never looked up before, so the lookup cache cannot hide the
outage. Profiles are saved to Redis's dump file first, so the restarted server has them again
(as a Redis with persistence would).

1. Redis back after 10 s: the processor retries with backoff (each failure logged) and carries
   on; every record is in ClickHouse exactly once, enriched with its user's profile.
2. Redis still down after --retry-budget-s: the processor stops with one error line and exit
   status 1, having committed no offset beyond what it wrote; a restart after Redis is back
   writes the rest, each record once and enriched.

The expectation is computed here from the events and profiles the test wrote.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import redis
import stack as stack_mod
from harness import (
    GENERATED,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    fresh_topics,
    produce,
)

NAME = "clickstream_sessions"
TOPIC = "user-events"
PARTITIONS = 6
BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
OUTAGE_S = 10.0


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat().replace("+00:00", "Z")


def events_for(users: range, per_user: int, start_ms: int) -> list[dict]:
    """Per user, events a minute apart (one session), in event-time order overall."""
    out = []
    for n in range(per_user):
        for user in users:
            out.append(
                {
                    "event_id": f"u{user}-e{n}",
                    "event_type": "page_view",
                    "user_id": user,
                    "session_id": f"sess-{user}",
                    "timestamp": _iso(start_ms + n * 60_000 + user),
                    "page_url": f"/p/{(user + n) % 5}",
                }
            )
    return out


def keyed(events: list[dict]) -> list[tuple[bytes, bytes]]:
    return [(str(e["user_id"]).encode(), json.dumps(e).encode()) for e in events]


def seed_profiles(client: redis.Redis, users: range) -> dict[int, dict]:
    """A profile for three users in four; saved to disk so a restarted Redis still has them."""
    profiles = {}
    for user in users:
        client.delete(f"user:profile:{user}")
        if user % 4 == 0:
            continue
        profiles[user] = {"email": f"user{user}@example.com", "segment": ["gold", "free"][user % 2]}
        client.set(f"user:profile:{user}", json.dumps(profiles[user]))
    client.save()
    return profiles


def run_args(stack: dict, tmp_path: Path, group: str, *extra: str) -> list[str]:
    return [
        "--bootstrap-servers", stack["kafka_bootstrap"],
        "--group-id", group,
        "--redis-url", stack["redis_url"],
        "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
        "--flush-interval-ms", "300",
        "--batch-rows", "100",
        *extra,
    ]  # fmt: skip


def stored_rows(tmp_path: Path) -> list[list]:
    return chdb_query(
        f"chdb://{tmp_path}/ch",
        "SELECT event_id, user_id, user_email, user_segment, _kafka_partition, _kafka_offset "
        "FROM analytics.clickstream_events",
    )


def assert_each_once_and_enriched(rows: list[list], events: list[dict], profiles: dict) -> None:
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "a record was written twice"
    assert sorted(ids) == sorted(e["event_id"] for e in events), "records missing"
    wrong = [
        (event_id, email, segment)
        for event_id, user, email, segment, _, _ in rows
        if (email, segment)
        != (
            (profiles[user]["email"], profiles[user]["segment"])
            if user in profiles
            else (None, None)
        )
    ]
    assert not wrong, f"{len(wrong)} rows enriched wrongly, e.g. {wrong[:5]}"


def redis_dump(client: redis.Redis) -> Path:
    config = client.config_get("dir") | client.config_get("dbfilename")
    return Path(config["dir"]) / config["dbfilename"]


def restart_redis_after(stopped_at: float) -> float:
    """Start Redis again OUTAGE_S after it stopped; returns the outage length in seconds."""
    time.sleep(max(0.0, stopped_at + OUTAGE_S - time.monotonic()))
    stack_mod.up(["redis"])
    return time.monotonic() - stopped_at


def test_redis_back_after_10s_every_record_written_once_and_enriched(
    stack: dict, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(stack["redis_url"])
    phase_a = events_for(range(1, 31), per_user=10, start_ms=BASE_MS)
    phase_b = events_for(range(31, 61), per_user=10, start_ms=BASE_MS + 3_600_000)
    profiles = seed_profiles(client, range(1, 61))
    dump = redis_dump(client)
    fresh_topics(GENERATED / NAME, stack["kafka_bootstrap"], partitions=PARTITIONS)
    produce(stack["kafka_bootstrap"], TOPIC, keyed(phase_a))

    run = ProcessorRun(
        NAME, tmp_path, run_args(stack, tmp_path, f"e2e-outage-{uuid.uuid4().hex[:8]}")
    )
    try:
        run.wait_consumed(len(phase_a))
        run.wait_for(r"flushed rows=[1-9]")
        stack_mod.down(["redis"])
        stopped_at = time.monotonic()
        produce(stack["kafka_bootstrap"], TOPIC, keyed(phase_b))
        run.wait_for(r"Redis lookup failed \(attempt 2\)", timeout=30)
        outage_s = restart_redis_after(stopped_at)
        run.wait_for(r"Redis lookup succeeded after \d+ attempts", timeout=60)
        run.wait_consumed(len(phase_a) + len(phase_b))
    finally:
        code = run.stop()
        dump.unlink(missing_ok=True)
    output = run.output()
    assert code == 0, output[-3000:]
    failures = output.count("Redis lookup failed")
    print(
        f"outage={outage_s:.1f}s failed_attempts={failures} records={len(phase_a) + len(phase_b)}"
    )
    assert outage_s >= OUTAGE_S
    assert failures >= 2 and "Traceback" not in output

    rows = stored_rows(tmp_path)
    assert_each_once_and_enriched(rows, phase_a + phase_b, profiles)
    enriched_b = sum(1 for r in rows if r[1] >= 31 and r[2] is not None)
    assert enriched_b == sum(1 for e in phase_b if e["user_id"] in profiles)


def test_redis_down_past_the_retry_budget_stops_cleanly_and_a_restart_loses_nothing(
    stack: dict, tmp_path: Path
) -> None:
    client = redis.Redis.from_url(stack["redis_url"])
    phase_a = events_for(range(101, 131), per_user=8, start_ms=BASE_MS)
    phase_b = events_for(range(131, 161), per_user=8, start_ms=BASE_MS + 3_600_000)
    profiles = seed_profiles(client, range(101, 161))
    dump = redis_dump(client)
    fresh_topics(GENERATED / NAME, stack["kafka_bootstrap"], partitions=PARTITIONS)
    produce(stack["kafka_bootstrap"], TOPIC, keyed(phase_a))
    group = f"e2e-budget-{uuid.uuid4().hex[:8]}"
    args = run_args(stack, tmp_path, group, "--retry-budget-s", "3")

    first = ProcessorRun(NAME, tmp_path, args)
    try:
        first.wait_consumed(len(phase_a))
        first.wait_for(r"flushed rows=[1-9]")
        stack_mod.down(["redis"])
        stopped_at = time.monotonic()
        produce(stack["kafka_bootstrap"], TOPIC, keyed(phase_b))
        code = first.process.wait(60)
        gave_up_after = time.monotonic() - stopped_at
    finally:
        if first.process.poll() is None:
            first.stop()
        first.log.close()
        restart_redis_after(stopped_at)
    output = first.output()
    errors = [line for line in output.splitlines() if " ERROR " in line]
    print(f"gave up after {gave_up_after:.1f}s: {errors}")
    assert code == 1, output[-3000:]
    assert "Traceback" not in output
    assert len(errors) == 1 and "stopped: Redis lookup failed" in errors[0]
    assert "--retry-budget-s 3" in errors[0]

    # Nothing committed beyond what was written: each partition's commit is at most one past
    # the highest offset stored for it.
    rows = stored_rows(tmp_path)
    stored_next = {}
    for *_, partition, offset in rows:
        stored_next[partition] = max(stored_next.get(partition, 0), offset + 1)
    committed = committed_offsets(stack["kafka_bootstrap"], group)
    over = {
        p: (o, stored_next.get(p, 0))
        for (_, p), o in committed.items()
        if o > stored_next.get(p, 0)
    }
    assert not over, f"committed past what was written: {over}"
    assert len(rows) < len(phase_a) + len(phase_b), "phase B must not have been written"

    # The restart replays from the commits: everything after them, phase B included.
    replay = len(phase_a) + len(phase_b) - sum(committed.values())
    second = ProcessorRun(NAME, tmp_path, args)
    try:
        second.wait_consumed(replay)
    finally:
        code = second.stop()
        dump.unlink(missing_ok=True)
    assert code == 0, second.output()[-3000:]
    assert_each_once_and_enriched(stored_rows(tmp_path), phase_a + phase_b, profiles)
