"""The benchmark's Markdown table and its targets, from the results dict."""

from __future__ import annotations

import importlib.metadata
import statistics

import spy

TARGET_RATIO = {
    "clickstream_sessions": 0.50,
    "sales_aggregates": 0.70,
    "sales_kafka": 0.70,
    "clickstream_profile_join": 0.50,
    "orders_cdc": 0.50,
}
# CPU µs per record of the processor process (issue #15)
TARGET_CPU_US = {
    "sales_kafka": 4.0,
    "sales_aggregates": 6.0,
    "clickstream_profile_join": 10.0,
    "orders_cdc": 10.0,
    "clickstream_sessions": 20.0,
}
PEER_SPEEDUP_MIN = 5.0
CHURN_PIPELINES = ("clickstream_sessions", "clickstream_profile_join")
RSS_GROWTH_MAX = 0.10
GEN_RATIO_MAX = 1.2  # issue #15: generation <= 1.2x the import of its libraries
LATENCY_SLACK_MS = 500


def _fmt(value: float | None, spec: str = ",.0f") -> str:
    return "n/a" if value is None else format(value, spec)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _mark(ok: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "n/a"}[ok]


def median_run(runs: list[dict]) -> dict:
    """Of repeated runs of one processor, the one with the median CPU per record, carrying
    every run's figures."""
    if len(runs) == 1:
        return runs[0]
    ok = [r for r in runs if r.get("cpu_us_per_record") is not None] or runs
    ok.sort(key=lambda r: r.get("cpu_us_per_record") or 0)
    chosen = dict(ok[len(ok) // 2])
    chosen["repeats"] = [
        {"cpu_us_per_record": r.get("cpu_us_per_record"), "rate_flushed": r.get("rate_flushed"),
         "rate_committed": r.get("rate_committed")}
        for r in runs
    ]  # fmt: skip
    return chosen


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def peer_summary(run: dict, runs: list[dict], quix_runs: list[dict], floor: dict) -> dict:
    """The generated Kafka-only sales processor against Quix Streams, same topic, same run."""
    try:
        quix_version = importlib.metadata.version("quixstreams")
    except importlib.metadata.PackageNotFoundError:
        quix_version = "?"
    gen_rate = _median([r.get("rate_flushed") for r in runs])
    gen_cpu = _median([r.get("cpu_us_per_record") for r in runs])
    good = [q for q in quix_runs if q.get("rate")]  # a run cut short reports its figures so far
    quix_rate = _median([q.get("rate") for q in good])
    quix_cpu = _median([q.get("cpu_us_per_record") for q in good])
    return {
        "pipeline": "sales -> Kafka (group by category, 1-min tumbling, count/sum/count-distinct)",
        "quixstreams": quix_version,
        "runs": len(runs),
        "floor": {"rate": floor.get("rate"), "cpu_us_per_record": floor.get("cpu_us_per_record")},
        "generated": {"rate": gen_rate, "cpu_us_per_record": gen_cpu,
                      "rates": [r.get("rate_flushed") for r in runs],
                      "cpu": [r.get("cpu_us_per_record") for r in runs]},
        "quix": {"rate": quix_rate, "cpu_us_per_record": quix_cpu,
                 "rates": [q.get("rate") for q in quix_runs],
                 "cpu": [q.get("cpu_us_per_record") for q in quix_runs],
                 "errors": [q["error"][-500:] for q in quix_runs if q.get("error")]},
        "speedup_rate": round(gen_rate / quix_rate, 2) if gen_rate and quix_rate else None,
        "speedup_cpu": round(quix_cpu / gen_cpu, 2) if gen_cpu and quix_cpu else None,
    }  # fmt: skip


def targets(results: dict) -> list[dict]:
    out = []
    for name, limit in TARGET_CPU_US.items():
        run = results["pipelines"].get(name)
        if not run or run.get("cpu_us_per_record") is None:
            continue
        out.append({
            "target": f"{name} <= {limit:g} µs CPU per record",
            "value": f"{run['cpu_us_per_record']:.1f} µs",
            "met": run["cpu_us_per_record"] <= limit,
        })  # fmt: skip
    peer = results.get("peers") or {}
    if peer.get("speedup_rate") is not None:
        out.append({
            "target": f"sales_kafka >= {PEER_SPEEDUP_MIN:g}x Quix Streams (same run, same topic)",
            "value": f"{peer['speedup_rate']:.1f}x events/s, {peer.get('speedup_cpu') or 0:.1f}x "
                     "less CPU per event",
            "met": peer["speedup_rate"] >= PEER_SPEEDUP_MIN,
        })  # fmt: skip
    for name, target in TARGET_RATIO.items():
        run = results["pipelines"].get(name)
        if not run:
            continue
        strict, flushed = run.get("ratio_committed"), run.get("ratio_flushed")
        out.append({
            "target": f"{name} >= {target:.0%} of the raw consume rate",
            "value": f"{_pct(strict)} through last commit, {_pct(flushed)} consumed+flushed",
            "met": None if strict is None else strict >= target,
            "met_flushed": None if flushed is None else flushed >= target,
        })  # fmt: skip
    for lat in results["latency"].values():
        if "p95_ms" not in lat:
            continue
        limit = lat["flush_interval_ms"] + LATENCY_SLACK_MS
        out.append({
            "target": f"{lat['pipeline']} -> {lat['sink'].split()[0]}: p95 at half peak <= "
                      f"flush interval + 500 ms = {limit} ms",
            "value": f"p95 {lat['p95_ms']:.0f} ms at {lat['rate']:,.0f} ev/s",
            "met": lat["p95_ms"] <= limit,
        })  # fmt: skip
    for name in CHURN_PIPELINES:
        run = results["pipelines"].get(name)
        if not run:
            continue
        growth = run.get("rss_growth")
        out.append({
            "target": f"{name}: RSS growth from {results['params']['events'] // 2:,} to "
                      f"{results['params']['events']:,} events <= 10%",
            "value": _pct(growth),
            "met": None if growth is None else growth <= RSS_GROWTH_MAX,
        })  # fmt: skip
    gen = results.get("generation") or {}
    if gen.get("worst_ratio") is not None:
        out.append({
            "target": f"cold generation <= {GEN_RATIO_MAX}x the import floor (CPU)",
            "value": f"worst {gen['worst_ratio']:.2f}x (median {gen['median_s']:.2f} s CPU vs "
                     f"floor {gen['import_floor_s']:.2f} s)",
            "met": gen["worst_ratio"] <= GEN_RATIO_MAX,
        })  # fmt: skip
    return out


def markdown(results: dict) -> str:
    m = results["machine"]
    p = results["params"]
    lines = [
        "# etl-gen benchmark",
        "",
        f"Machine: {m['cores']} cores ({m['cpu_model']}), {m['ram_gib']} GiB RAM, "
        f"Python {m['python']}, Kafka {m['kafka']} (KRaft, single node, 127.0.0.1), "
        f"aiokafka {m['aiokafka']}, orjson {m['orjson']}, chDB {m['chdb']}; {m['kernel']}.",
        f"Run: {p['events']:,} events per pipeline, {p['partitions']} partitions, "
        f"{p['started']} ({results['total_seconds']:.0f} s in all){' — QUICK' if p['quick'] else ''}.",
        "",
        "## Throughput (same pre-loaded topics, fresh consumer group per measurement)",
        "",
        "| pipeline | records | floor: getmany+orjson (rec/s) | processor, consumed+flushed "
        "(rec/s) | ratio | processor, through last commit (rec/s) | ratio | target | "
        "CPU µs/record floor / processor | machine busy floor / processor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in results["pipelines"].items():
        floor = results["floor"].get(name, {})
        lines.append(
            f"| {name} | {run.get('expected_records', 0):,} | {_fmt(floor.get('rate'))} | "
            f"{_fmt(run.get('rate_flushed'))} | {_pct(run.get('ratio_flushed'))} | "
            f"{_fmt(run.get('rate_committed'))} | {_pct(run.get('ratio_committed'))} | "
            f">= {TARGET_RATIO.get(name, 0):.0%} | {_fmt(floor.get('cpu_us_per_record'), '.1f')} / "
            f"{_fmt(run.get('cpu_us_per_record'), '.1f')} | "
            f"{_fmt(floor.get('machine_busy_percent'), '.0f')}% / "
            f"{_fmt(run.get('machine_busy_percent'), '.0f')}% |"
        )
        if run.get("error"):
            lines.append(f"|  ↳ error: {run['error'][:200]} |||||||||")
    peer = results.get("peers") or {}
    if peer:
        fl, ge, qx = peer["floor"], peer["generated"], peer["quix"]
        lines += [
            "",
            f"## Peers: {peer['pipeline']}",
            "",
            f"Same run, same preloaded sales-events topic, fresh consumer group each; "
            f"{peer['runs']} run(s) of each, alternating (medians; every run in results.json). "
            f"Quix Streams {peer['quixstreams']}.",
            "",
            "| system | events/s | CPU µs/event | vs Quix: events/s | vs Quix: CPU |",
            "|---|---:|---:|---:|---:|",
            f"| raw floor: aiokafka getmany + orjson | {_fmt(fl.get('rate'))} | "
            f"{_fmt(fl.get('cpu_us_per_record'), '.1f')} | | |",
            f"| generated processor (Kafka only) | {_fmt(ge.get('rate'))} | "
            f"{_fmt(ge.get('cpu_us_per_record'), '.1f')} | "
            f"{_fmt(peer.get('speedup_rate'), '.1f')}x | {_fmt(peer.get('speedup_cpu'), '.1f')}x less |",
            f"| Quix Streams application | {_fmt(qx.get('rate'))} | "
            f"{_fmt(qx.get('cpu_us_per_record'), '.1f')} | 1.0x | 1.0x |",
        ]
        for error in qx.get("errors", []):
            lines.append(f"|  ↳ Quix error: {error.splitlines()[-1][:200] if error else ''} |||||")
    lines += _profiles(results["pipelines"])
    lines += [
        "",
        "## Memory under key churn (RSS of the processor process, chDB included)",
        "",
        "| pipeline | RSS at half the events | RSS at all events | growth | peak RSS (VmHWM) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, run in results["pipelines"].items():
        lines.append(
            f"| {name} | {_fmt(run.get('rss_mb_at_half'))} MB | {_fmt(run.get('rss_mb_at_end'))} MB"
            f" | {_pct(run.get('rss_growth'))} | {_fmt(run.get('peak_rss_mb'))} MB |"
        )
    lines += [
        "",
        "## End-to-end latency at half the measured peak (event produced -> visible in the sink)",
        "",
        "| pipeline -> sink | rate (ev/s) | records | p50 | p95 | p99 | max | flush interval |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lat in results["latency"].values():
        if "p50_ms" not in lat:
            lines.append(f"| {lat.get('pipeline')} -> {lat.get('sink')} | error: "
                         f"{str(lat.get('error'))[:120]} |||||||")  # fmt: skip
            continue
        lines.append(
            f"| {lat['pipeline']} -> {lat['sink']} | {lat['rate']:,.0f} | {lat['n']:,} | "
            f"{lat['p50_ms']:.0f} ms | {lat['p95_ms']:.0f} ms | {lat['p99_ms']:.0f} ms | "
            f"{lat['max_ms']:.0f} ms | {lat['flush_interval_ms']} ms |"
        )
    gen = results.get("generation") or {}
    if gen:
        lines += [
            "",
            "## Generation (cold process, CPU)",
            "",
            f'Import floor `python -c "import {", ".join(gen.get("import_floor_libs", []))}"`: '
            f"{gen.get('import_floor_s', 0):.2f} s CPU. What a generation actually leaves loaded "
            f"(`import {', '.join(gen.get('libraries', []))}`): {gen.get('import_loaded_s', 0):.2f} s.",
            "",
            "| request | `etl-gen --offline REQUEST --out DIR`, CPU (runs) | wall | ratio to import "
            "floor | ratio to what it loads |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, run in gen.get("requests", {}).items():
            each = ", ".join(f"{x:.2f}" for x in run.get("cpu_runs_s", []))
            lines.append(
                f"| {name} | {run['cpu_s']:.2f} s ({each}) | {run['wall_s']:.2f} s | "
                f"{run['ratio']:.2f}x | {run.get('ratio_loaded', 0):.2f}x |"
            )
        for name, error in gen.get("errors", {}).items():
            lines.append(f"| {name} | failed: {error.splitlines()[-1][:120] if error else ''} | |")
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    for t in results["targets"]:
        extra = ""
        if t.get("met") is False and t.get("met_flushed"):
            extra = " (met on consumed+flushed)"
        lines.append(f"| {t['target']} | {t['value']} | {_mark(t['met'])}{extra} |")
    lines += ["", "## Method", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def _profiles(pipelines: dict) -> list[str]:
    """Per pipeline, py-spy's top functions over the throughput run (bench/spy.py)."""
    lines = [
        "",
        f"## Profiles (py-spy, {spy.RATE_HZ} Hz from assignment to exit; % of samples)",
        "",
        "Self: the innermost Python frame (native code counts for the function calling it). "
        "Total: anywhere on the stack (the entry frames and the event loop's, under most "
        "samples, left out).",
        "",
        "| pipeline | samples | top self | top total |",
        "|---|---:|---|---|",
    ]
    for name, run in pipelines.items():
        profile = run.get("profile") or {"error": "not profiled"}
        if "error" in profile:
            lines.append(f"| {name} | | {profile['error'][:200]} | |")
            continue
        top_self, top_total = (
            "; ".join(f"{function} {share:g}%" for function, share in profile[kind])
            for kind in ("self", "total")
        )
        lines.append(f"| {name} | {profile['samples']:,} | {top_self} | {top_total} |")
    lines += [
        "",
        "CPU by thread (/proc/<pid>/task/*/stat from assignment to the end, µs per record and "
        "share of the process; py-spy sees only the Python threads):",
        "",
        "| pipeline | process µs/record | threads (group: µs/record, share, count) |",
        "|---|---:|---|",
    ]
    for name, run in pipelines.items():
        split = run.get("cpu_by_thread")
        if not split:
            continue
        parts = "; ".join(
            f"{group}: {us:g} ({share:g}%, {n})" for group, _, us, share, n in split["threads"]
        )
        lines.append(f"| {name} | {_fmt(run.get('cpu_us_per_record'), '.1f')} | {parts} |")
    return lines
