"""The sales pipeline side by side with a peer: the generated Kafka-only processor and Quix Streams.

Both read the run's preloaded `sales-events` topic with a fresh consumer group and do the same
work: per category, 1-minute tumbling windows in event time (5 s grace) of count, sum(amount)
and count-distinct(customer_id), each window emitted once when it closes, to a Kafka topic.

The generated side is rendered for the run from generated/sales_aggregates/spec.yaml with the
ClickHouse sink removed and those three aggregates (`etl-gen generate`), so it is what the
generator makes today; the Quix side is bench/quix_sales.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NAME = "sales_kafka"
QUIX = "quix_sales"
AGGREGATES = [
    {"name": "total_sales", "fn": "count", "field": None, "quantile": None},
    {"name": "total_revenue", "fn": "sum", "field": "amount", "quantile": None},
    {"name": "unique_customers", "fn": "count_distinct", "field": "customer_id", "quantile": None},
]


def render_sales_kafka(out: Path) -> Path:
    """Render the Kafka-only sales bundle into out/sales_kafka/; returns that folder."""
    spec = yaml.safe_load((REPO / "generated" / "sales_aggregates" / "spec.yaml").read_text())
    spec["name"] = NAME
    spec["description"] = (
        "Aggregate sales events from Kafka topic 'sales-events' into 1-minute tumbling windows "
        "per category: total sales, total revenue and unique customers; publish to Kafka topic "
        "'sales-aggregates-kafka'."
    )
    spec["source"]["group_id"] = "sales-kafka"
    (window,) = [op for op in spec["operators"] if op["kind"] == "window"]
    window["aggregates"] = AGGREGATES
    spec["sinks"] = [
        {"kind": "kafka", "topic": "sales-aggregates-kafka", "key": "category", "partitions": 3}
    ]
    spec["dead_letter_topic"] = "sales-kafka-dlq"
    folder = out / NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    etl_gen = Path(sys.executable).with_name("etl-gen")
    subprocess.run(
        [str(etl_gen), "generate", str(folder / "spec.yaml"), "--out", str(folder), "--force"],
        check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    return folder


def run_quix(bootstrap: str, group: str, state_dir: Path, expect: int, timeout: float) -> dict:
    """bench/quix_sales.py in its own process until it has taken `expect` records."""
    command = [
        sys.executable, str(HERE / "quix_sales.py"), "--bootstrap-servers", bootstrap,
        "--group-id", group, "--state-dir", str(state_dir), "--expect", str(expect),
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=timeout
        )
        stdout, failed = result.stdout, result.returncode != 0
        error = result.stderr[-2000:] if failed else None
    except subprocess.TimeoutExpired as expired:
        # its progress lines (every 10,000 records) still give its rate and CPU so far
        raw = expired.stdout or b""
        stdout = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        error = f"timed out after {timeout:.0f}s (figures are up to its last progress line)"
    try:
        out = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": error or f"no result line: {stdout[-1000:]}", "command": " ".join(command)}
    return {**out, "error": error, "command": " ".join(command)}
