"""The seed's clickstream pipeline end to end: Kafka -> Redis lookup -> sessions -> ClickHouse.

The processor runs as its own process exactly as a user runs it; the expectation is computed
here from the records the test sent.
"""

from __future__ import annotations

import json
import random
import signal
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import redis

from tests.e2e.harness import (
    GENERATED,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    fresh_topics,
    produce,
    read_topic,
    wait_until,
)

NAME = "clickstream_sessions"
BUNDLE = GENERATED / NAME
TOPIC = "user-events"
DLQ = "user-events-dlq"
GAP_MS = 30 * 60_000
BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat().replace("+00:00", "Z")


def make_events(users: int, per_user: int, seed: int) -> list[dict]:
    """Per user, events in event-time order with a session break (a gap > 30 min) in the middle."""
    rng = random.Random(seed)
    events = []
    for user in range(1, users + 1):
        at = BASE_MS + rng.randrange(60_000)
        for n in range(per_user):
            at += rng.randrange(5_000, 120_000)
            if n == per_user // 2:
                at += GAP_MS + 60_000
            events.append(
                {
                    "event_id": f"u{user}-e{n}",
                    "event_type": rng.choice(["page_view", "click", "purchase"]),
                    "user_id": user,
                    "session_id": f"sess-{user}",
                    "timestamp": _iso(at),
                    "page_url": f"/p/{rng.randrange(8)}",
                    "country": rng.choice(["DE", "FR", None]),
                    "properties": {"n": n, "tags": ["a", "b"]},
                }
            )
    return events


def expected_sessions(events: list[dict]) -> dict[str, tuple[int, int, int, int]]:
    """event_id -> (session start ms, duration ms, event count, distinct pages), as of that event.

    Events of one user are in order, so sessions only grow: a new one starts after a gap.
    """
    out = {}
    state: dict[str, list] = {}
    for e in events:
        at = int(datetime.fromisoformat(e["timestamp"]).timestamp() * 1000)
        s = state.get(e["session_id"])
        if s is None or at - s[1] >= GAP_MS:
            s = state[e["session_id"]] = [at, at, 0, set()]
        s[1] = at
        s[2] += 1
        s[3].add(e["page_url"])
        out[e["event_id"]] = (s[0], s[1] - s[0], s[2], len(s[3]))
    return out


def malformed_records() -> list[tuple[bytes, bytes]]:
    ok = {"event_id": "x", "event_type": "click", "session_id": "s", "timestamp": _iso(BASE_MS)}
    return [
        (b"1", b"{this is not json"),
        (b"2", json.dumps({**ok, "user_id": "not-a-number"}).encode()),
        (b"3", json.dumps({**ok, "user_id": 3, "timestamp": "yesterday"}).encode()),
        (b"4", json.dumps({"event_type": "click", "user_id": 4}).encode()),
        (b"5", b"[1, 2, 3]"),
    ]


def seed_profiles(redis_url: str, users: int) -> dict[int, dict]:
    """Profiles for most users; some users have none (the lookup leaves the fields empty)."""
    client = redis.Redis.from_url(redis_url)
    profiles = {}
    for user in range(1, users + 1):
        client.delete(f"user:profile:{user}")
        if user % 4 == 0:
            continue
        profile = {"email": f"user{user}@example.com", "segment": ["gold", "free"][user % 2],
                   "signup_date": f"2025-0{1 + user % 9}-1{user % 10}"}  # fmt: skip
        client.set(f"user:profile:{user}", json.dumps(profile))
        profiles[user] = profile
    return profiles


def _run_args(stack: dict, tmp_path: Path, group: str) -> list[str]:
    return [
        "--bootstrap-servers", stack["kafka_bootstrap"],
        "--group-id", group,
        "--redis-url", stack["redis_url"],
        "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
        "--flush-interval-ms", "300",
        "--batch-rows", "200",
    ]  # fmt: skip


def _keyed(events: list[dict]) -> list[tuple[bytes, bytes]]:
    """Keyed by user (one user's events share a partition), sent in event-time order as a live
    site would produce them."""
    ordered = sorted(events, key=lambda e: e["timestamp"])
    return [(str(e["user_id"]).encode(), json.dumps(e).encode()) for e in ordered]


def test_every_valid_event_lands_once_enriched_with_session_metrics(
    stack: dict, tmp_path: Path
) -> None:
    users = 12
    events = make_events(users, per_user=40, seed=1)
    profiles = seed_profiles(stack["redis_url"], users)
    fresh_topics(BUNDLE, stack["kafka_bootstrap"], partitions=6)
    bad = malformed_records()
    produce(stack["kafka_bootstrap"], TOPIC, _keyed(events) + bad)

    run = ProcessorRun(NAME, tmp_path, _run_args(stack, tmp_path, f"e2e-{uuid.uuid4().hex[:8]}"))
    run.wait_consumed(len(events) + len(bad))
    run.wait_for(r"dead_letters sent=")
    assert run.stop() == 0, run.output()[-3000:]
    assert "embedded chDB" in run.output().splitlines()[0]

    dsn = f"chdb://{tmp_path}/ch"
    rows = chdb_query(
        dsn,
        "SELECT event_id, user_id, user_email, user_segment, toString(user_signup_date), "
        "toUnixTimestamp64Milli(session_start), session_duration_ms, session_event_count, "
        "session_distinct_page_url, properties, country FROM analytics.clickstream_events",
    )
    assert len(rows) == len(events)
    assert len({r[0] for r in rows}) == len(events)
    sessions = expected_sessions(events)
    sent = {e["event_id"]: e for e in events}
    for (
        event_id,
        user,
        email,
        segment,
        signup,
        start,
        duration,
        count,
        pages,
        props,
        country,
    ) in rows:
        profile = profiles.get(user)
        assert email == (profile["email"] if profile else None), event_id
        assert segment == (profile["segment"] if profile else None), event_id
        assert signup == (str(date.fromisoformat(profile["signup_date"])) if profile else None)
        assert (start, duration, count, pages) == sessions[event_id], event_id
        assert json.loads(props) == sent[event_id]["properties"]
        assert country == sent[event_id]["country"]

    dead = read_topic(stack["kafka_bootstrap"], DLQ)
    assert sorted(m.value for m in dead) == sorted(v for _, v in bad)
    assert all(m.headers["etl_gen_reason"].startswith("invalid: ") for m in dead)
    reasons = " ".join(m.headers["etl_gen_reason"] for m in dead)
    for field in ("user_id", "timestamp", "event_id", "not valid JSON", "JSON object"):
        assert field in reasons


@pytest.mark.parametrize("kill_after", [600])
def test_sigkill_mid_run_then_restart_loses_and_duplicates_nothing(
    stack: dict, tmp_path: Path, kill_after: int
) -> None:
    users = 30
    events = make_events(users, per_user=60, seed=2)
    seed_profiles(stack["redis_url"], users)
    fresh_topics(BUNDLE, stack["kafka_bootstrap"], partitions=6)
    # The last third is produced only after the kill, so the kill lands mid-run however fast
    # the first processor is.
    records = _keyed(events)
    cut = len(records) * 2 // 3
    produce(stack["kafka_bootstrap"], TOPIC, records[:cut])
    group = f"e2e-restart-{uuid.uuid4().hex[:8]}"
    args = _run_args(stack, tmp_path, group)
    dsn = f"chdb://{tmp_path}/ch"

    first = ProcessorRun(NAME, tmp_path, args)
    first.wait_for(r"flushed rows=[1-9]")
    wait_until(lambda: first.consumed() >= kill_after, 60, f"{kill_after} records consumed")
    first.stop(signal.SIGKILL)
    # the restart resumes at the commit, so it consumes at least what the first left uncommitted
    uncommitted = len(records) - sum(committed_offsets(stack["kafka_bootstrap"], group).values())
    written_before = chdb_query(dsn, "SELECT count() FROM analytics.clickstream_events")[0][0]
    assert 0 < written_before < len(events), "the kill must land mid-run"
    produce(stack["kafka_bootstrap"], TOPIC, records[cut:])

    second = ProcessorRun(NAME, tmp_path, args)
    second.wait_for(r"assigned partitions=")
    previous = [-1]

    def settled() -> bool:  # all of it consumed, then nothing new for a poll (a replay's end)
        now = second.consumed()
        done = now >= uncommitted and now == previous[0]
        previous[0] = now
        return done

    wait_until(settled, 90, "the restarted processor to catch up", interval=2.0)
    assert second.stop() == 0, second.output()[-3000:]

    total, distinct = chdb_query(
        dsn, "SELECT count(), uniqExact(event_id) FROM analytics.clickstream_events"
    )[0]
    assert distinct == len(events), "nothing lost"
    assert total == len(events), "nothing duplicated (count() without FINAL)"
    sessions = expected_sessions(events)
    rows = chdb_query(
        dsn,
        "SELECT event_id, session_event_count, session_duration_ms FROM analytics.clickstream_events",
    )
    wrong = [
        (eid, (count, duration), sessions[eid][2:0:-1])
        for eid, count, duration in rows
        if (count, duration) != sessions[eid][2:0:-1]
    ]
    assert not wrong, f"{len(wrong)} rows with wrong session metrics, e.g. {sorted(wrong)[:5]}"
