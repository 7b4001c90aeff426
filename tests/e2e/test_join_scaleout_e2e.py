"""clickstream_profile_join scaled out: two processors in one consumer group.

Both topics are preloaded with the join scenario of test_join_e2e (3 partitions, keyed by
user_id); two instances of the generated processor start together in one group and read small
batches, so the group rebalances while they work. The co-partitioned assignor must give each
instance the same partition numbers of both topics: the union of their outputs holds every
expected pair (a pair written twice after a rebalance is at-least-once, and is reported). A join
whose topics have different partition counts must refuse to start with one clear line.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from harness import (
    GENERATED,
    ProcessorRun,
    _recreate,
    fresh_topics,
    produce_many,
    read_topic,
    wait_until,
)
from test_join_e2e import (
    LEFT,
    NAME,
    OUT_TOPIC,
    PARTITIONS,
    RIGHT,
    by_time,
    expected_pairs,
    parse_ms,
)
from test_join_e2e import scenario as join_scenario


def assignments(run: ProcessorRun) -> list[dict[str, set[int]]]:
    """Every `assigned partitions=` line of the run's log, as topic -> partition numbers."""
    out = []
    for line in re.findall(r"assigned partitions=(\S*)", run.output()):
        topics: dict[str, set[int]] = {LEFT: set(), RIGHT: set()}
        for item in filter(None, line.split(",")):
            topic, partition = item.rsplit("/", 1)
            topics[topic].add(int(partition))
        out.append(topics)
    return out


def joined_pairs(bootstrap: str) -> Counter[tuple[str, int]]:
    pairs: Counter[tuple[str, int]] = Counter()
    for message in read_topic(bootstrap, OUT_TOPIC):
        value = json.loads(message.value)
        pairs[(value["event_id"], parse_ms(value["profile_updated_at"]))] += 1
    return pairs


def test_two_instances_in_one_group_miss_no_pair(stack: dict, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    sc = join_scenario()
    records = by_time(sc.data.left, sc.data.right)
    produce_many(bootstrap, records)
    expected = expected_pairs(sc.data.left, sc.data.right)

    group = f"e2e-join-scaleout-{uuid.uuid4().hex[:10]}"
    args = ["--bootstrap-servers", bootstrap, "--group-id", group, "--flush-interval-ms", "500",
            "--batch-rows", "8"]  # fmt: skip
    for i in range(2):
        (tmp_path / str(i)).mkdir()
    runs = [ProcessorRun(NAME, tmp_path / str(i), args) for i in range(2)]
    try:
        for run in runs:
            run.wait_for(r"assigned partitions=\S", timeout=90)

        def settled() -> bool:
            last = [assignments(run)[-1] for run in runs]
            owned = [a[LEFT] | a[RIGHT] for a in last]
            split = all(owned) and not (owned[0] & owned[1])
            return split and set(joined_pairs(bootstrap)) >= expected

        wait_until(settled, 120, "both instances assigned and every expected pair written")
    finally:
        codes = [run.stop() for run in runs]
    logs = [run.output() for run in runs]
    for code, log in zip(codes, logs, strict=True):
        assert code == 0, log[-3000:]
        assert "Traceback" not in log, log[-3000:]

    # every assignment either instance ever held: the same numbers of both topics
    for run in runs:
        for held in assignments(run):
            assert held[LEFT] == held[RIGHT], f"not co-partitioned: {held}"
    final = [assignments(run)[-1][LEFT] for run in runs]
    assert final[0] | final[1] == set(range(PARTITIONS)) and not final[0] & final[1], final
    assert sum(int(re.findall(r"consumed=(\d+)", log)[-1]) for log in logs) >= len(records)

    pairs = joined_pairs(bootstrap)
    assert set(pairs) - expected == set(), "pairs that must not join"
    assert expected - set(pairs) == set(), "pairs missing"
    duplicates = {pair: n for pair, n in pairs.items() if n > 1}
    print(f"scale-out: {len(expected)} expected pairs, {sum(pairs.values())} written, "
          f"{len(duplicates)} written more than once (at-least-once), assignments {final}")  # fmt: skip


async def _create(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=1)]
        )
    finally:
        await admin.close()


def test_join_with_different_partition_counts_refuses_to_start(stack: dict) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=3)
    asyncio.run(_recreate(bootstrap, [RIGHT]))
    asyncio.run(_create(bootstrap, RIGHT, 2))
    result = subprocess.run(
        [sys.executable, str(GENERATED / NAME / f"{NAME}.py"), "--bootstrap-servers", bootstrap,
         "--group-id", f"e2e-join-refuse-{uuid.uuid4().hex[:10]}"],
        check=False, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        "refusing to start: the joined topics need the same number of partitions: "
        f"{LEFT} has 3, {RIGHT} has 2"
    ) in result.stderr.splitlines()
