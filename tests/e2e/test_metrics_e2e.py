"""Metrics and health of a running processor: /metrics, /healthz and /readyz on --metrics-port.

sales_aggregates is started with --metrics-port on a free port against a topic preloaded with a
backlog (valid sales and a few malformed records). While it works through the backlog the test
scrapes /metrics: records consumed rise to the number produced, consumer lag per partition falls
to 0, dead letters by reason match the malformed records, and /healthz and /readyz answer 200.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

from harness import GENERATED, ProcessorRun, fresh_topics, produce, wait_until
from prometheus_client.parser import text_string_to_metric_families

NAME = "sales_aggregates"
TOPIC = "sales-events"
PARTITIONS = 3
BASE = 1_709_287_200_000  # 2024-03-01T10:00:00Z
CATEGORIES = ("electronics", "clothing", "books", "home", "sports", "toys")
VALID = 12_000
MALFORMED = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sale(n: int) -> tuple[bytes, bytes]:
    category = CATEGORIES[n % len(CATEGORIES)]
    at = datetime.fromtimestamp((BASE + n * 200) / 1000, tz=UTC).isoformat()
    event = {
        "transaction_id": f"tx-{n:05d}",
        "customer_id": n % 50,
        "product_id": 1000 + n % 30,
        "category": category,
        "amount": 10.0 + n % 7,
        "quantity": 1,
        "timestamp": at,
    }
    return category.encode(), json.dumps(event).encode()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # not listening yet


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_show_consumption_and_lag_falling_to_zero(stack: dict, tmp_path: Path) -> None:
    bootstrap = stack["kafka_bootstrap"]
    fresh_topics(GENERATED / NAME, bootstrap, partitions=PARTITIONS)
    records = [sale(n) for n in range(VALID)]
    records += [
        (b"books", b'{"transaction_id": "bad-%d", "amount": ' % n) for n in range(MALFORMED)
    ]
    produce(bootstrap, TOPIC, records)
    total = VALID + MALFORMED

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    run = ProcessorRun(
        NAME,
        tmp_path,
        [
            "--bootstrap-servers", bootstrap,
            "--group-id", f"e2e-metrics-{uuid.uuid4().hex[:10]}",
            "--clickhouse-dsn", f"chdb://{tmp_path}/ch",
            "--flush-interval-ms", "300",
            "--batch-rows", "20",
            "--metrics-port", str(port),
        ],
    )  # fmt: skip
    try:
        wait_until(lambda: status(base + "/healthz") == 200, 60, "/healthz to answer 200")

        consumed_seen: list[float] = []
        lag_seen: list[float] = []

        def caught_up() -> bool:
            metrics = scrape(base + "/metrics")
            consumed = metrics.get(("etl_records_consumed_total", ()), 0.0)
            lags = [v for (name, _), v in metrics.items() if name == "etl_consumer_lag"]
            consumed_seen.append(consumed)
            lag_seen.append(sum(lags))
            dead = metrics.get(("etl_dead_letters_total", (("reason", "invalid"),)), 0.0)
            done = len(lags) == PARTITIONS and sum(lags) == 0 and dead == MALFORMED
            return consumed == total and done

        wait_until(caught_up, 120, "consumed to reach the backlog and lag to reach 0", 0.1)
        metrics = scrape(base + "/metrics")
        print(
            f"scrapes={len(consumed_seen)} consumed={consumed_seen[0]:.0f}->{consumed_seen[-1]:.0f} "
            f"lag={max(lag_seen):.0f}->{lag_seen[-1]:.0f}"
        )
        assert consumed_seen == sorted(consumed_seen)  # a counter never goes back
        assert consumed_seen[0] < total and max(lag_seen) > 0  # seen working, not only done
        assert metrics[("etl_flush_seconds_count", ())] >= 1
        assert metrics[("etl_commit_seconds_count", ())] >= 1
        assert ("etl_state_size", (("operator", "windows"),)) in metrics
        assert status(base + "/readyz") == 200  # assigned, and polling
    finally:
        code = run.stop()
    assert code == 0, run.output()[-3000:]
