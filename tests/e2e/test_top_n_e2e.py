"""Top-N per window end to end: the golden case `top_pages_per_window` (top 3 pages by views
in 10-minute tumbling windows, ties by page) over real Kafka (3 partitions) into embedded
ClickHouse (chDB).

Page views spread over the partitions fill two windows, with a tie on the third place of the
first window; one later view per partition moves the stream time past both windows. The
expected rows are counted and ranked here in plain Python (sorted by views descending, then
page ascending), not by the generator's reference semantics.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from harness import (
    REPO,
    ProcessorRun,
    chdb_query,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    key_partition,
    produce,
    wait_until,
)

GOLDEN = REPO / "tests" / "golden" / "top_pages_per_window" / "spec.yaml"
TOPIC = "topn-page-views"
DLQ = "topn-page-views-dlq"
PARTITIONS = 3
BASE = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)  # a window start
WINDOW = timedelta(minutes=10)


def spec() -> dict[str, Any]:
    data = yaml.safe_load(GOLDEN.read_text())
    data["source"]["topics"] = [TOPIC]
    data["dead_letter_topic"] = DLQ
    return data


def views(seed: int) -> list[dict[str, Any]]:
    """Views per (window, page) chosen by hand, users and order at random."""
    counts = [
        # first window: /c and /d tie on the third place (4 views); /a leads
        {"/a": 9, "/b": 6, "/c": 4, "/d": 4, "/e": 2, "/f": 1},
        # second window: two pages only, both kept
        {"/f": 5, "/a": 3},
    ]
    rng = random.Random(seed)
    out = []
    for index, pages in enumerate(counts):
        start = BASE + index * WINDOW
        for page, count in pages.items():
            for _ in range(count):
                at = start + timedelta(seconds=rng.randrange(0, 600))
                out.append({"page_url": page, "user_id": f"user-{rng.randrange(4)}",
                            "viewed_at": at.isoformat().replace("+00:00", "Z")})  # fmt: skip
    rng.shuffle(out)  # arrival order is random: every window stays open until the closers
    return out


def closers() -> list[dict[str, Any]]:
    """One view per partition, 40 minutes on: the stream time passes both windows' end."""
    at = (BASE + 4 * WINDOW + timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    out: dict[int, dict[str, Any]] = {}
    n = 0
    while len(out) < PARTITIONS:
        page = f"/later-{n}"
        out.setdefault(key_partition(page.encode(), PARTITIONS),
                       {"page_url": page, "user_id": "user-0", "viewed_at": at})  # fmt: skip
        n += 1
    return list(out.values())


def expected_rows(records: list[dict[str, Any]]) -> list[tuple[datetime, str, int, int]]:
    """Per closed window, the three pages with most views (ties: page ascending), plain Python."""
    count: Counter[tuple[datetime, str]] = Counter()
    users: dict[tuple[datetime, str], set[str]] = defaultdict(set)
    for r in records:
        at = datetime.fromisoformat(r["viewed_at"].replace("Z", "+00:00"))
        start = BASE + ((at - BASE) // WINDOW) * WINDOW
        count[start, r["page_url"]] += 1
        users[start, r["page_url"]].add(r["user_id"])
    out = []
    for start in sorted({s for s, _ in count}):
        pages = sorted((p for s, p in count if s == start), key=lambda p: (-count[start, p], p))
        out += [(start, p, count[start, p], len(users[start, p])) for p in pages[:3]]
    return out


def test_top_3_pages_per_window_over_kafka_into_clickhouse(kafka: str, tmp_path: Path) -> None:
    bundle = generate_bundle(spec(), tmp_path / "top_pages")
    fresh_topics(bundle, kafka, PARTITIONS)
    records = views(seed=7)
    last = closers()
    payloads = [(r["page_url"].encode(), json.dumps(r).encode()) for r in records + last]
    produce(kafka, TOPIC, payloads)
    expected = expected_rows(records)
    # The tie is real, and the hand-made counts rank as the docstring says.
    assert [(p, v) for _, p, v, _ in expected] == [
        ("/a", 9), ("/b", 6), ("/c", 4), ("/f", 5), ("/a", 3),
    ]  # fmt: skip

    group = f"e2e-topn-{uuid.uuid4().hex[:10]}"
    dsn = f"chdb://{tmp_path}/ch"
    run = ProcessorRun("top_pages", tmp_path, [
        "--bootstrap-servers", kafka, "--group-id", group, "--clickhouse-dsn", dsn,
        "--flush-interval-ms", "300",
    ], bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(len(payloads), timeout=120)
        # Each partition's closer stays in an open window: commits stop right before it, once
        # the two closed windows' rows are written.
        held = {tp: end - 1 for tp, end in end_offsets(kafka, TOPIC, PARTITIONS).items()}
        wait_until(lambda: committed_offsets(kafka, group) == held, 60, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    rows = chdb_query(
        dsn,
        "SELECT toString(window_start), page_url, views, visitors FROM web.top_pages FINAL "
        "ORDER BY window_start, views DESC, page_url",
    )
    stored = [
        (datetime.fromisoformat(r[0]).replace(tzinfo=UTC), r[1], int(r[2]), int(r[3])) for r in rows
    ]
    assert stored == expected
