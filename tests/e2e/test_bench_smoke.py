"""The benchmark harness (bench/run.py) runs end to end on a small load and writes its results.

Only the shape of the results is checked, never a timing: this box is shared and small.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PIPELINES = (
    "clickstream_sessions",
    "clickstream_profile_join",
    "sales_aggregates",
    "orders_cdc",
    "sales_kafka",
)


@pytest.mark.timeout(900)
def test_quick_run_writes_every_measurement(stack: dict, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--events", "2000",
         "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=840, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]

    results = json.loads((tmp_path / "results.json").read_text())
    for key in ("machine", "params", "load", "floor", "pipelines", "latency", "generation",
                "targets", "notes", "total_seconds"):  # fmt: skip
        assert key in results, key
    for key in ("cores", "cpu_model", "ram_gib", "python", "kafka"):
        assert results["machine"][key], key
    assert results["params"]["events"] == 2000

    for name in PIPELINES:
        floor = results["floor"][name]
        assert floor["complete"], floor
        for key in ("rate", "seconds", "consumed", "cpu_us_per_record"):
            assert key in floor, (name, key)
        run = results["pipelines"][name]
        assert run["error"] is None, (name, run["error"])
        assert run["consumed"] >= run["expected_records"] > 0
        assert run["broker_committed_ok"], name
        for key in ("rate_committed", "rate_flushed", "ratio_committed", "ratio_flushed",
                    "rss_mb_at_half", "rss_mb_at_end", "rss_growth", "peak_rss_mb",
                    "cpu_us_per_record", "machine_busy_percent"):  # fmt: skip
            assert run.get(key) is not None, (name, key)
        # py-spy's top entries, or why there are none (not installed, no samples)
        assert run["profile"] and ("self" in run["profile"] or run["profile"]["error"]), name
        # the process's CPU split by thread: the main thread is always among them
        split = run["cpu_by_thread"]
        assert split["process_seconds"] >= 0 and split["threads"], (name, split)
        assert "main (event loop)" in [group for group, *_ in split["threads"]], (name, split)

    for name in ("clickstream_profile_join", "clickstream_sessions"):
        lat = results["latency"][name]
        assert "error" not in lat, lat
        assert lat["n"] > 0
        for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "flush_interval_ms", "rate"):
            assert key in lat, (name, key)

    peer = results["peers"]  # the Kafka-only sales processor and Quix Streams, same topic
    assert not peer["quix"]["errors"], peer["quix"]["errors"]
    for side in ("generated", "quix"):
        assert peer[side]["rate"] > 0 and peer[side]["cpu_us_per_record"] >= 0, (side, peer)
    assert peer["quix"]["cpu_us_per_record"] > 0, peer
    # CPU is read in clock ticks (10 ms): the generated processor's share of 2,000 events can
    # be under one tick, and then no CPU ratio is given rather than a division by zero
    assert peer["speedup_rate"] is not None
    assert (peer["speedup_cpu"] is None) == (peer["generated"]["cpu_us_per_record"] == 0), peer
    assert peer["quixstreams"] != "?"

    gen = results["generation"]
    assert gen["import_floor_s"] > 0 and gen["libraries"]
    assert gen["requests"] or gen["errors"]

    assert {t["target"].split()[0] for t in results["targets"]} >= set(PIPELINES)
    text = (tmp_path / "results.md").read_text()
    for heading in ("## Throughput", "## Peers", "## Profiles", "## Memory", "## End-to-end latency", "## Generation",
                    "## Targets", "## Method"):  # fmt: skip
        assert heading in text
    assert "CPU by thread" in text
