"""The floor: raw aiokafka getmany + orjson decode of every record, no processing.

Run as its own process (a fresh interpreter, like a processor), with the processors' consumer
settings (a fresh group, read_committed, getmany(timeout_ms=200, max_records=batch)). Timed from
partition assignment until `--expect` records are decoded; prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener


def _busy() -> tuple[float, float]:
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return float(sum(fields) - fields[3] - fields[4]), float(sum(fields))


class _Assigned(ConsumerRebalanceListener):
    def __init__(self) -> None:
        self.at: float | None = None
        self.cpu = 0.0
        self.busy = (0.0, 0.0)

    async def on_partitions_revoked(self, revoked) -> None:
        pass

    async def on_partitions_assigned(self, assigned) -> None:
        if self.at is None:
            self.at = time.time()
            self.cpu = time.process_time()
            self.busy = _busy()


async def consume(bootstrap: str, topics: list[str], group: str, expect: int, batch: int,
                  limit_s: float) -> dict:  # fmt: skip
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
        auto_offset_reset="earliest", isolation_level="read_committed",
    )  # fmt: skip
    listener = _Assigned()
    consumer.subscribe(topics, listener=listener)
    await consumer.start()
    loads = orjson.loads
    count = decoded = 0
    started = time.monotonic()
    try:
        while count < expect and time.monotonic() - started < limit_s:
            batches = await consumer.getmany(timeout_ms=200, max_records=batch)
            for messages in batches.values():
                for message in messages:
                    if message.value is not None:
                        loads(message.value)
                        decoded += 1
                count += len(messages)
        done = time.time()
        cpu = time.process_time() - listener.cpu
        busy = _busy()
        await consumer.commit()
        committed = time.time()
    finally:
        await consumer.stop()
    seconds = done - (listener.at or done)
    return {"consumed": count, "decoded": decoded, "seconds": seconds,
            "rate": count / seconds if seconds > 0 else 0.0, "commit_s": committed - done,
            "complete": count >= expect, "cpu_us_per_record": round(cpu / max(count, 1) * 1e6, 1),
            "machine_busy_percent": round(100 * (busy[0] - listener.busy[0])
                                          / max(busy[1] - listener.busy[1], 1), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topics", required=True, help="comma-separated")
    parser.add_argument("--group-id", required=True)
    parser.add_argument("--expect", type=int, required=True)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    result = asyncio.run(
        consume(
            args.bootstrap_servers,
            args.topics.split(","),
            args.group_id,
            args.expect,
            args.batch,
            args.timeout,
        )
    )
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
