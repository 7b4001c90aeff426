"""The peer: a Quix Streams application doing the sales pipeline, for `bench/run.py`.

Per category (the topic's message key, as the loader writes it, so Quix's per-key windows are
the generated processor's group-by), 1-minute tumbling windows in event time (the record's
`timestamp` field, ISO 8601, 5 s grace) with count, sum(amount) and count-distinct(customer_id),
emitted once when a window closes (`.final()`) to a Kafka topic. Quix Streams' defaults
otherwise (at-least-once, RocksDB state with its changelog topic, confluent-kafka).

Run as its own process; counts the input records as they enter the dataframe and stops after
`--expect` of them. CPU time (all threads: librdkafka's and RocksDB's too) and wall time are
taken from the first record to the last; prints one JSON line like floor.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from typing import Any

from quixstreams import Application
from quixstreams.dataframe.windows import Count, Sum
from quixstreams.dataframe.windows.aggregations import Aggregator
from quixstreams.models import TimestampType


class CountDistinct(Aggregator):
    """Distinct values of a column; the state is a dict (Quix stores window state as JSON)."""

    def initialize(self) -> dict[str, int]:
        return {}

    def agg(self, old: dict[str, int], new: Any, timestamp: int) -> dict[str, int]:
        value = new.get(self.column) if self.column else new
        if value is not None:
            old[str(value)] = 1
        return old

    def result(self, value: dict[str, int]) -> int:
        return len(value)


def event_time_ms(value: Any, headers: Any, timestamp: float, kind: TimestampType) -> int:
    """The event's own time, as the generated processor reads it (ISO 8601 text)."""
    return int(datetime.fromisoformat(value["timestamp"]).timestamp() * 1000)


class Progress:
    def __init__(self, expect: int, app: Application) -> None:
        self.expect = expect
        self.app = app
        self.count = 0
        self.first_at: float | None = None
        self.first_cpu = 0.0
        self.done_at: float | None = None
        self.done_cpu = 0.0

    def __call__(self, value: Any) -> None:
        if self.count == 0:
            self.first_at, self.first_cpu = time.time(), time.process_time()
        self.count += 1
        if self.count % 10_000 == 0:  # what a run cut short by its time limit still reports
            print(json.dumps(self.figures(partial=True)), flush=True)
        if self.count == self.expect:
            self.done_at, self.done_cpu = time.time(), time.process_time()
            self.app.stop()

    def figures(self, partial: bool = False) -> dict[str, Any]:
        seconds = (self.done_at or time.time()) - (self.first_at or time.time())
        cpu = (self.done_cpu or time.process_time()) - self.first_cpu
        return {
            "consumed": self.count,
            "complete": self.count >= self.expect,
            "partial": partial,
            "seconds": round(seconds, 3),
            "rate": self.count / seconds if seconds > 0 else 0.0,
            "cpu_us_per_record": round(cpu / max(self.count, 1) * 1e6, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", default="sales-events")
    parser.add_argument("--output", default="sales-aggregates-quix")
    parser.add_argument("--group-id", required=True)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--expect", type=int, required=True)
    args = parser.parse_args()

    app = Application(
        broker_address=args.bootstrap_servers,
        consumer_group=args.group_id,
        auto_offset_reset="earliest",
        state_dir=args.state_dir,
        loglevel="WARNING",
    )
    source = app.topic(args.topic, value_deserializer="json", timestamp_extractor=event_time_ms)
    output = app.topic(args.output, value_serializer="json")
    progress = Progress(args.expect, app)
    sdf = app.dataframe(source)
    sdf = sdf.update(progress)
    sdf = (
        sdf.tumbling_window(duration_ms=60_000, grace_ms=5_000)
        .agg(
            total_sales=Count(),
            total_revenue=Sum("amount"),
            unique_customers=CountDistinct("customer_id"),
        )
        .final()
    )
    sdf.to_topic(output)
    started = time.time()
    app.run()
    result = progress.figures()
    result["startup_s"] = round((progress.first_at or started) - started, 2)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
