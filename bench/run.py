"""etl-gen benchmark: throughput, latency, memory and generation time on the local stack.

    .venv/bin/python bench/run.py                      # 1M events per pipeline (make bench)
    .venv/bin/python bench/run.py --quick              # a small smoke run (2,000 events)
    .venv/bin/python bench/run.py --only orders_cdc,generation
    .venv/bin/python bench/run.py --only sales_kafka --events 200000 --peer-repeats 3

One run loads every topic once (events generated here, produced in whole batches), then measures
on that same data, each with a fresh consumer group: the raw consume floor, each seed pipeline's
generated processor run exactly as a user runs it, the Kafka-only sales processor next to a Quix
Streams application doing the same (bench/peers.py), latency at half the measured peak, memory,
and generation time. Writes bench/results/results.md and results.json; prints the Markdown.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "scripts" / "stack"))

import data  # noqa: E402
import gen  # noqa: E402
import kafka_tools  # noqa: E402
import latency  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402
from measure import GENERATED, processor_args, run_throughput, script_path  # noqa: E402
from private_kafka import PrivateKafka  # noqa: E402

# pipeline -> (topic family, the topics it reads)
PIPELINES: dict[str, tuple[str, list[str]]] = {
    "clickstream_sessions": ("clickstream", ["user-events"]),
    "clickstream_profile_join": ("clickstream", ["clickstream-events", "user-profile-updates"]),
    "sales_aggregates": ("sales", ["sales-events"]),
    # rendered for the run (bench/peers.py) and measured next to Quix Streams on the same topic
    peers.NAME: ("sales", ["sales-events"]),
    "orders_cdc": ("cdc", ["orders.public.orders", "orders.public.order_items"]),
}
EXTRA = ("generation",)


def machine(stack_info: dict) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, flags=re.M)
    mem_kb = int(re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M)[1])

    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    return {
        "cores": os.cpu_count(),
        "cpu_model": model[1].strip() if model else platform.processor() or "?",
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": f"{platform.system()} {platform.release()}",
        "kafka": (stack_info.get("versions") or {}).get("kafka", "?"),
        "aiokafka": version("aiokafka"),
        "orjson": version("orjson"),
        "chdb": version("chdb"),
        "clickhouse_connect": version("clickhouse-connect"),
        "redis_server": (stack_info.get("versions") or {}).get("redis", "?"),
    }


def start_stack(kafka: str) -> dict:
    import stack  # scripts/stack/stack.py: idempotent, leaves running services alone

    return stack.up(["kafka", "redis"] if kafka == "stack" else ["redis"])


def flush_interval_ms(name: str, generated: Path = GENERATED) -> int:
    source = script_path(name, generated).read_text()
    match = re.search(r'"--flush-interval-ms", type=int, default=(\d+)', source)
    return int(match[1]) if match else 5000


def seed_redis(redis_url: str, sessions: int) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    pipe = client.pipeline(transaction=False)
    seeded = 0
    for session in range(sessions):
        if session % 5 == 4:
            continue  # a fifth of the users have no profile (the lookup leaves the fields empty)
        pipe.set(f"user:profile:{data.user_id(session)}", data.redis_profile(session))
        seeded += 1
        if seeded % 5000 == 0:
            pipe.execute()
    pipe.execute()
    client.close()
    return seeded


def clear_redis(redis_url: str, sessions: int) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [f"user:profile:{data.user_id(s)}" for s in range(sessions)]
    for chunk in kafka_tools.chunks(keys, 10_000):
        client.delete(*chunk)
    client.close()


def run_floor(bootstrap: str, topics: list[str], expect: int, timeout: float) -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "floor.py"), "--bootstrap-servers", bootstrap,
         "--topics", ",".join(topics), "--group-id", f"bench-floor-{uuid.uuid4().hex[:8]}",
         "--expect", str(expect), "--timeout", str(timeout)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        return {"error": result.stderr[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=None, help="events per pipeline (1,000,000)")
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--out", default=str(HERE / "results"))
    parser.add_argument(
        "--only", default="", help=f"comma list of {', '.join([*PIPELINES, *EXTRA])} (default all)"
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run (2,000 events)")
    parser.add_argument("--latency-seconds", type=float, default=None)
    parser.add_argument("--keep", action="store_true", help="keep topics, Redis keys, work dir")
    parser.add_argument(
        "--peer-repeats", type=int, default=1,
        help="run the Kafka-only sales processor and the Quix Streams peer this many times "
        "each, alternating, on the same topic (medians reported)",
    )  # fmt: skip
    parser.add_argument(
        "--kafka", default="private",
        help="private (default): a broker of the run's own, from the stack's Kafka jars, so that "
        "e2e tests running at the same time on the stack's broker (same topic names) and the "
        "benchmark stay apart; stack: the stack's broker; or HOST:PORT of another broker",
    )  # fmt: skip
    parser.add_argument(
        "--generated", default=str(GENERATED),
        help="where the processors are: generated/ (default), or a folder of patched copies "
        "<dir>/<name>.py to compare an optimisation on the same run's data",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.events is None:
        args.events = 2000 if args.quick else 1_000_000
    if args.latency_seconds is None:
        args.latency_seconds = 3.0 if args.quick else 20.0
    only = [n for n in args.only.split(",") if n]
    unknown = set(only) - set(PIPELINES) - set(EXTRA)
    if unknown:
        parser.error(f"unknown --only {sorted(unknown)}")
    args.selected = [n for n in PIPELINES if not only or n in only]
    args.generation = not only or "generation" in only
    args.generated = Path(args.generated).resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="etl-gen-bench-"))
    events, partitions = args.events, args.partitions
    closers = 500 if events >= 100_000 else 5
    info = start_stack(args.kafka)
    redis_url = info["redis_url"]
    broker = PrivateKafka(REPO / ".stack", work / "kafka") if args.kafka == "private" else None
    bootstrap = info.get("kafka_bootstrap") if args.kafka == "stack" else args.kafka
    results: dict = {
        "machine": machine(info),
        "params": {
            "events": events,
            "partitions": partitions,
            "quick": args.quick,
            "closers_per_partition": closers,
            "latency_seconds": args.latency_seconds,
            "selected": args.selected,
            "generated": str(args.generated),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "load": {},
        "floor": {},
        "pipelines": {},
        "latency": {},
        "peers": {},
        "generation": {},
        "targets": [],
        "notes": NOTES,
        "total_seconds": 0.0,
    }
    sessions = max(1, events // data.EVENTS_PER_SESSION)

    def log(msg: str) -> None:
        print(f"[bench {time.monotonic() - started:6.1f}s] {msg}", flush=True)

    all_topics: list[str] = []
    bundles = {name: GENERATED / name for name in args.selected}
    where = dict.fromkeys(args.selected, args.generated)  # the processor to run
    try:
        if peers.NAME in args.selected:
            bundles[peers.NAME] = peers.render_sales_kafka(work / "rendered")
            if not script_path(peers.NAME, args.generated).exists():
                where[peers.NAME] = work / "rendered"
            log(f"rendered {bundles[peers.NAME]} (Kafka-only sales, the peer's equivalent)")
        if broker is not None:
            bootstrap = broker.start()
            log(f"private Kafka broker on {bootstrap}")
        kafka_tools.wait_ready(bootstrap)
        results["params"]["bootstrap"] = bootstrap
        # 1. fresh topics, Redis profiles, the data (generated and produced in two processes)
        families: dict[str, list[str]] = {}
        for name in args.selected:
            all_topics += kafka_tools.fresh_topics(
                bundles[name], bootstrap, partitions, made=all_topics
            )
            family, topics = PIPELINES[name]
            families.setdefault(family, []).extend(topics)
        if "clickstream_sessions" in args.selected:
            seeded = seed_redis(redis_url, sessions)
            log(f"redis: {seeded:,} profiles")
        log(f"loading {events:,} events per family into {sorted(families)}")
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            jobs = {
                family: pool.submit(
                    kafka_tools.load_family, bootstrap, family, events, partitions, topics, closers
                )
                for family, topics in sorted(
                    families.items(), key=lambda kv: kv[0] != "clickstream"
                )
            }
            loads = {family: job.result() for family, job in jobs.items()}
        for family, load in loads.items():
            log(f"loaded {family}: {load['records']:,} records, {load['bytes'] / 1e6:,.0f} MB "
                f"in {load['seconds']:.1f}s ({load['rate']:,.0f} rec/s)")  # fmt: skip
            results["load"][family] = {k: v for k, v in load.items() if k != "counts"}
            results["load"][family]["per_topic"] = {t: sum(c) for t, c in load["counts"].items()}
        # commit targets: the first closer of every partition (or the end, without closers)
        ends = kafka_tools.end_offsets(bootstrap, [t for ts in families.values() for t in ts])
        per_topic_closers = {"user-events": closers, "clickstream-events": closers,
                             "user-profile-updates": 1, "sales-events": 1}  # fmt: skip
        for tp, end in ends.items():
            expected = sum(loads[f]["counts"].get(tp.topic, [0] * partitions)[tp.partition]
                           for f in loads)  # fmt: skip
            if end != expected:
                raise RuntimeError(f"{tp} holds {end} records, {expected} were loaded: is "
                                   "another run using these topics?")  # fmt: skip

        # 2. floor + processor, per pipeline, on the same data
        for name in args.selected:
            _, topics = PIPELINES[name]
            tps = {tp: end for tp, end in ends.items() if tp.topic in topics}
            expected = sum(tps.values())
            targets = {tp: end - per_topic_closers.get(tp.topic, 0) for tp, end in tps.items()}
            timeout = max(180.0, expected / 250)  # a busy shared machine runs at ~1k rec/s
            log(f"{name}: floor over {expected:,} records of {topics}")
            floor = run_floor(bootstrap, topics, expected, timeout)
            results["floor"][name] = floor
            log(f"{name}: floor {floor.get('rate', 0):,.0f} rec/s; running the processor")
            repeats = args.peer_repeats if name == peers.NAME else 1
            runs, quix_runs = [], []
            for attempt in range(repeats):
                group = f"bench-{name}-{uuid.uuid4().hex[:8]}"
                chdb = work / name / "ch"
                run = run_throughput(
                    name, processor_args(name, bootstrap, group, redis_url, chdb, where[name]),
                    work / name, targets, expected, half_mark=events // 2, timeout=timeout,
                    generated=where[name],
                )  # fmt: skip
                run["group"] = group
                runs.append(run)
                if name != peers.NAME:
                    break
                log(f"{name} #{attempt + 1}: {run.get('rate_flushed') or 0:,.0f} rec/s, "
                    f"{run.get('cpu_us_per_record')} µs CPU/record; running Quix Streams")  # fmt: skip
                quix = peers.run_quix(
                    bootstrap, f"bench-quix-{uuid.uuid4().hex[:8]}", work / f"quix-{attempt}",
                    expected, max(timeout, 300.0, expected / 400),
                )  # fmt: skip
                quix_runs.append(quix)
                log(f"quix_sales #{attempt + 1}: {quix.get('rate', 0):,.0f} rec/s, "
                    f"{quix.get('cpu_us_per_record')} µs CPU/record"
                    f"{'; ERROR ' + quix['error'][-300:] if quix.get('error') else ''}")  # fmt: skip
            run = report.median_run(runs)
            if quix_runs:
                results["peers"] = report.peer_summary(run, runs, quix_runs, floor)
            if run.get("rate_committed"):
                on_broker = kafka_tools.committed(bootstrap, group)
                run["broker_committed_ok"] = all(
                    on_broker.get(tp, -1) >= o for tp, o in targets.items()
                )
            for kind in ("committed", "flushed"):
                rate = run.get(f"rate_{kind}")
                run[f"ratio_{kind}"] = (
                    round(rate / floor["rate"], 3) if rate and floor.get("rate") else None
                )
            if run.get("rss_mb_at_half") and run.get("rss_mb_at_end"):
                run["rss_growth"] = round(run["rss_mb_at_end"] / run["rss_mb_at_half"] - 1, 3)
            results["pipelines"][name] = run
            log(f"{name}: {run.get('rate_flushed') or 0:,.0f} rec/s flushed, "
                f"{run.get('rate_committed') or 0:,.0f} rec/s to last commit, peak RSS "
                f"{run.get('peak_rss_mb')} MB{'; ERROR ' + run['error'] if run.get('error') else ''}")  # fmt: skip
            shutil.rmtree(chdb, ignore_errors=True)

        # 3. latency at half the measured peak
        for name in ("clickstream_profile_join", "clickstream_sessions", "orders_cdc"):
            run = results["pipelines"].get(name)
            if not run or not run.get("rate_flushed"):
                continue
            rate = run["rate_flushed"] / 2
            log(f"{name}: latency at {rate:,.0f} ev/s for {args.latency_seconds:.0f}s")
            try:
                if name == "clickstream_profile_join":
                    lat = latency.join_latency(bootstrap, rate, args.latency_seconds, partitions,
                                               work / "latency-join", generated=args.generated)  # fmt: skip
                else:
                    lat = latency.clickhouse_latency(
                        bootstrap, redis_url, rate, args.latency_seconds, partitions,
                        work / f"latency-{name}", sessions=int(sessions * 0.8),
                        generated=args.generated, name=name,
                    )  # fmt: skip
            except Exception as error:
                lat = {"pipeline": name, "sink": "?", "error": repr(error)}
            lat["flush_interval_ms"] = flush_interval_ms(name, args.generated)
            results["latency"][name] = lat
            log(f"{name}: latency p50 {lat.get('p50_ms')} ms p95 {lat.get('p95_ms')} ms")

        # 4. generation
        if args.generation:
            log("generation: cold etl-gen runs vs import floor")
            results["generation"] = gen.measure(
                repeats=1 if args.quick else 3,
                floor_repeats=1 if args.quick else 5,
                only=["clickstream_sessions"] if args.quick else None,
            )
    finally:
        if not args.keep and broker is None and all_topics:
            try:
                kafka_tools.delete_topics(bootstrap, sorted(set(all_topics)))
            except Exception as error:
                log(f"could not delete topics: {error}")
        if not args.keep and "clickstream_sessions" in args.selected:
            clear_redis(redis_url, sessions)
        if broker is not None:
            broker.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = report.targets(results)
    results["total_seconds"] = round(time.monotonic() - started, 1)
    text = report.markdown(results)
    (out / "results.md").write_text(text)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(text)
    failed = [
        n for n, r in results["pipelines"].items() if r.get("error") or not r.get("rate_committed")
    ]
    return 1 if failed else 0


NOTES = [
    "Kafka: by default a private single-node KRaft broker started for the run from the stack's "
    "own Kafka jars and settings (scripts/stack/stack.py), so that e2e tests running on the "
    "stack's broker at the same time, which recreate the same topic names, and the benchmark "
    "cannot disturb each other (`--kafka stack` uses the stack's broker). Redis is the stack's; "
    "ClickHouse is chDB inside each processor.",
    "Data: per pipeline its own topics, loaded once per run with aiokafka `create_batch`/"
    "`send_batch` (512 KiB batches, murmur2 partitioning as the Java client), JSON of 300-500 "
    "bytes: clickstream events (the same bytes in user-events and clickstream-events), profile "
    "updates for every other session (user-profile-updates), sales events (sales-events), and "
    "Debezium change rows as ExtractNewRecordState(add.fields=op,lsn, delete rewrite) emits them "
    "(flat row + __op, __lsn, __deleted; 40% orders, 60% order_items; 60/35/5% c/u/d) produced "
    "directly into orders.public.* (no PostgreSQL).",
    "Key churn: one session and one user (the join key) per ~5 events, started at a steady pace "
    "over 21.6 ms of event time per event (6 h for 1M), each lasting up to 20 min: 200k distinct "
    "session and join keys pass through the operators' state over 1M events.",
    "Closers: after the data, every partition of the event-time topics gets records one day "
    "later (500 per partition on the clickstream topics, 1 on the others), so that every "
    "window, session and join buffer closes and the processors can commit all the data. They "
    "count as records for the floor and the processors alike.",
    "Floor: bench/floor.py in its own process: aiokafka getmany(timeout_ms=200, max_records=1000) "
    "with the processors' consumer settings (fresh group, read_committed) + orjson.loads of every "
    "value, timed from partition assignment to the last record.",
    "Processor: `python generated/<name>/<name>.py --bootstrap-servers .. --group-id <fresh> "
    "[--clickhouse-dsn chdb://<tmp>] [--redis-url ..]` with the spec's defaults otherwise "
    "(batch rows, flush interval). Timed from its `assigned partitions=` log line. "
    "'through last commit' ends at the `flushed .. committed=` line after which every partition "
    "is committed up to its first closer (checked against the broker with "
    "list_consumer_group_offsets); it includes up to one flush interval of waiting at the end "
    "(5 s for the ClickHouse pipelines, whose last flush waits for the interval when fewer than "
    "batch-rows are pending). 'consumed+flushed' is the slope up to the last flush before the "
    "end: records consumed and durably written (or held as window/session state) by then.",
    "CPU µs/record: CPU time (all threads, chDB's included) of the floor or processor process "
    "from assignment to the end, per record. Machine busy: share of both cores busy over the "
    "same window (/proc/stat), i.e. the measured process + Kafka + anything else on the machine; "
    "a shared machine (other test runs) shows here, and lowers the rates, not the CPU per record "
    "much.",
    "Peers (sales -> Kafka): the Kafka-only sales processor is rendered for the run from "
    "generated/sales_aggregates/spec.yaml without its ClickHouse sink and with count, "
    "sum(amount) and count-distinct(customer_id) (bench/peers.py); bench/quix_sales.py does the "
    "same in Quix Streams (per-key tumbling windows, the topic being keyed by category; event "
    "time from the record's ISO timestamp; .agg(...).final(); to_topic), at its defaults "
    "(RocksDB state with changelog, at-least-once). Quix's events/s and CPU are taken inside its "
    "process from the first record to the last (all threads); the generated processor's as "
    "above (consumed+flushed rate). With --peer-repeats N they alternate N times.",
    "Memory: VmRSS of the processor sampled every 0.2 s (/proc/<pid>/status), at the first sample "
    "after half the events were consumed and when all were; peak = VmHWM. It includes the "
    "embedded chDB engine.",
    "Latency: a fresh group positioned at the end of the input topics, events produced at half "
    "the measured consumed+flushed rate for a fixed time in 5 ms ticks; the first 10% are "
    "warm-up and dropped. Join -> Kafka: the bench consumes enriched-clickstream (one profile "
    "update per user sent first, so each event joins exactly once) and takes receive time - the "
    "event's timestamp field (set to the wall clock when sent). Sessions and CDC -> ClickHouse "
    "(CDC: changes of the orders table only, order_items idle): the processor runs with only its own logger at DEBUG, which logs every insert with "
    "topic/partition/offset range right after it returns; latency = that log time - the send "
    "time of the record's batch, matched by partition and offset.",
    "Generation: CPU (user+sys, with the ruff runs it waits for) of a fresh `etl-gen --offline "
    "REQUEST --out DIR` process for each seed request (median of the repeats; wall time beside "
    'it) against the median CPU of `python -c "import jinja2, pydantic, black, yaml"` (the '
    "target's floor), and beside it of importing the third-party packages a generation leaves in "
    "sys.modules; generator/ byte-compiled first, the Jinja bytecode cache warm.",
]


if __name__ == "__main__":
    sys.exit(main())
