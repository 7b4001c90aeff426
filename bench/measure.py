"""Running a generated processor as a user runs it, and reading what it did from its own log.

The processors log `flushed rows=.. consumed=.. committed=topic/partition:offset,..` after every
flush (INFO) and `clickhouse table=.. rows=.. token=<table>:<topic>:<partition>:<first>-<last>`
after every ClickHouse insert (DEBUG). Their log timestamps have millisecond resolution.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aiokafka import TopicPartition
from spy import Sampler

REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "generated"
CLK_TCK = os.sysconf("SC_CLK_TCK")

_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\w+) (\S+) (.*)$")
_FLUSHED = re.compile(r"flushed rows=(\d+) consumed=(\d+) committed=(\S*)")
_INSERT = re.compile(r"clickhouse table=(\S+) rows=(\d+) token=(\S+)$")

# Loggers a latency run keeps at INFO when the processor's own logger is at DEBUG.
QUIET_LOGGERS = ("aiokafka", "asyncio", "redis", "clickhouse_connect", "chdb", "urllib3")
_WRAPPER = (
    "import logging, runpy, sys\n"
    "for name in {quiet!r}: logging.getLogger(name).setLevel(logging.INFO)\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def log_time(stamp: str) -> float:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()


@dataclass
class Snapshot:
    at: float
    rows: int
    consumed: int
    committed: dict[TopicPartition, int]


@dataclass
class LogWatch:
    """Incremental reader of a processor log."""

    path: Path
    offset: int = 0
    partial: str = ""
    started_at: float | None = None
    assigned_at: float | None = None
    snapshots: list[Snapshot] = field(default_factory=list)
    committed: dict[TopicPartition, int] = field(default_factory=dict)
    inserts: list[tuple[float, str, TopicPartition, int, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    first_line: str = ""

    def update(self) -> None:
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
        self.offset += len(chunk)
        text = self.partial + chunk.decode(errors="replace")
        lines = text.split("\n")
        self.partial = lines.pop()
        for line in lines:
            self._line(line)

    def _line(self, line: str) -> None:
        if not self.first_line:
            self.first_line = line
        match = _LINE.match(line)
        if not match:
            if line.startswith(("Traceback", "RuntimeError", "Exception")) or "Error" in line[:40]:
                self.errors.append(line)
            return
        stamp, level, _name, message = match.groups()
        at = log_time(stamp)
        if self.started_at is None and message.startswith("started "):
            self.started_at = at
        if message.startswith("assigned partitions=") and self.assigned_at is None:
            self.assigned_at = at
        elif (flushed := _FLUSHED.search(message)) is not None:
            rows, consumed, positions = flushed.groups()
            for item in filter(None, positions.split(",")):
                where, offset = item.rsplit(":", 1)
                topic, partition = where.rsplit("/", 1)
                self.committed[TopicPartition(topic, int(partition))] = int(offset)
            self.snapshots.append(Snapshot(at, int(rows), int(consumed), dict(self.committed)))
        elif (insert := _INSERT.search(message)) is not None:
            # token = <table>:<topic>:<partition>:<first>-<last>[,<topic>:<partition>:<first>-<last>]
            table, _rows, token = insert.groups()
            for item in token.split(":", 1)[1].split(","):
                topic, partition, span = item.rsplit(":", 2)
                first, last = span.split("-")
                self.inserts.append(
                    (at, table, TopicPartition(topic, int(partition)), int(first), int(last))
                )
        elif level in ("ERROR", "CRITICAL"):
            self.errors.append(line)

    @property
    def consumed(self) -> int:
        return self.snapshots[-1].consumed if self.snapshots else 0


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in kB; (0, 0) once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, flags=re.M))
    return int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return float(sum(fields) - idle), float(sum(fields))


def busy_percent(start: tuple[float, float], end: tuple[float, float]) -> float | None:
    """Share of the machine (all cores) that was busy between two machine_busy() readings."""
    total = end[1] - start[1]
    return round(100 * (end[0] - start[0]) / total, 1) if total > 0 else None


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime of all threads


def thread_ticks(pid: int) -> dict[int, tuple[str, int]]:
    """{tid: (name, utime+stime ticks)} of every thread of `pid` now ({} once it is gone)."""
    threads: dict[int, tuple[str, int]] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return threads
    for tid in tids:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue  # exited in between
        head, _, rest = text.rpartition(")")
        fields = rest.split()
        threads[int(tid)] = (head.split("(", 1)[1], int(fields[11]) + int(fields[12]))
    return threads


class ThreadCpu:
    """The processor's CPU split by thread, from /proc/<pid>/task/*/stat (utime+stime).

    `sample(started)` every second or so: before the start (assignment) it keeps moving the
    baseline, after it a thread first seen is counted from zero (it was born after the start,
    or between two samples). Python threads do not name themselves, so the main thread (tid ==
    pid: the event loop, aiokafka, Redis, decode, operators, the column building) is told
    apart from the other Python threads (asyncio.to_thread: the ClickHouse insert calls,
    chDB's work in the calling thread included; the metrics server) by its id; chDB's own
    threads carry ClickHouse's names (merges, the query pipeline, schedule pools). A thread
    that exits between two samples loses its last second: what the process's total has
    beyond the threads' sum is shown as "exited threads, unsampled".
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.base: dict[int, int] = {}
        self.last: dict[int, tuple[str, int]] = {}
        self.started = False

    def sample(self, started: bool) -> None:
        now = thread_ticks(self.pid)
        if not now:
            return
        if not started:
            self.base = {tid: ticks for tid, (_, ticks) in now.items()}
            return
        self.started = True
        for tid, (name, ticks) in now.items():
            self.base.setdefault(tid, 0)
            self.last[tid] = (name, ticks)

    def split(self, process_seconds: float, records: int) -> dict:
        """{"threads": [(group, seconds, µs per record, share %)], ...}, largest first."""
        main_name = self.last.get(self.pid, ("?", 0))[0]
        groups: dict[str, float] = {}
        counts: dict[str, int] = {}
        for tid, (name, ticks) in self.last.items():
            seconds = (ticks - self.base.get(tid, 0)) / CLK_TCK
            if tid == self.pid:
                group = "main (event loop)"
            elif name == main_name:
                group = "python threads (to_thread: inserts)"
            else:
                group = re.sub(r"\d+$", "", name) or name
            groups[group] = groups.get(group, 0.0) + seconds
            counts[group] = counts.get(group, 0) + 1
        rest = process_seconds - sum(groups.values())
        if rest > 0.005:
            groups["exited threads, unsampled"] = rest
        records = max(records, 1)
        total = max(process_seconds, 1e-9)
        return {
            "process_seconds": round(process_seconds, 2),
            "threads": [
                (
                    group,
                    round(sec, 2),
                    round(sec / records * 1e6, 2),
                    round(100 * sec / total, 1),
                    counts.get(group, 0),
                )
                for group, sec in sorted(groups.items(), key=lambda kv: -kv[1])
            ],
        }


class Processor:
    """`python generated/<name>/<name>.py ARGS`, its output in a log file in `workdir`."""

    def __init__(self, name: str, args: list[str], workdir: Path, debug_own_logger: bool = False,
                 generated: Path = GENERATED):  # fmt: skip
        self.name = name
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"{name}.log"
        self.log = self.log_path.open("w")
        script = str(script_path(name, generated))
        env = {**os.environ, "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
        if debug_own_logger:
            # Only for latency runs: the processor's own DEBUG lines (one per ClickHouse insert),
            # the libraries' loggers kept at INFO. The processor code is unchanged.
            command = [sys.executable, "-c", _WRAPPER.format(quiet=QUIET_LOGGERS), script, *args,
                       "--log-level", "DEBUG"]  # fmt: skip
        else:
            command = [sys.executable, script, *args]
        self.command = command
        self.started = time.time()
        self.process = subprocess.Popen(
            command, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT, env=env
        )
        self.watch = LogWatch(self.log_path)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def wait_assigned(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.watch.assigned_at is None:
            self.watch.update()
            if not self.alive():
                raise RuntimeError(f"{self.name} exited early:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} was not assigned partitions:\n{self.tail()}")
            time.sleep(0.1)

    def stop(self, timeout: float = 60) -> int:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(10)
        self.log.close()
        self.watch.update()
        return code


def script_path(name: str, generated: Path = GENERATED) -> Path:
    """generated/<name>/<name>.py, or <dir>/<name>.py for a folder of patched copies."""
    nested = generated / name / f"{name}.py"
    return nested if nested.exists() else generated / f"{name}.py"


def processor_args(name: str, bootstrap: str, group: str, redis_url: str, chdb_dir: Path,
                   generated: Path = GENERATED) -> list[str]:  # fmt: skip
    """The processor's flags, as far as it takes them (the join has no ClickHouse, no Redis)."""
    source = script_path(name, generated).read_text()
    args = ["--bootstrap-servers", bootstrap, "--group-id", group]
    if '"--clickhouse-dsn"' in source:
        args += ["--clickhouse-dsn", f"chdb://{chdb_dir}"]
    if '"--redis-url"' in source:
        args += ["--redis-url", redis_url]
    return args


def run_throughput(
    name: str,
    args: list[str],
    workdir: Path,
    targets: dict[TopicPartition, int],
    expected: int,
    half_mark: int,
    timeout: float,
    generated: Path = GENERATED,
    profile: bool = True,
) -> dict:
    """Run until the processor has committed `targets` (the offset of the first closer of every
    partition, or the end for CDC); sample RSS on the way, and its stacks (py-spy) from its
    assignment on."""
    proc = Processor(name, args, workdir, generated=generated)
    sampler: Sampler | None = None
    threads = ThreadCpu(proc.pid)
    tick = 0
    samples: list[tuple[float, int, int, float, tuple]] = []  # time, rss kB, consumed, cpu, busy
    rss_half = None
    done_at = None
    error = None
    deadline = time.monotonic() + timeout
    # a sample at the start, and every 20 ms until the assignment: a fast processor can be
    # assigned, and even done, within 0.2 s, and its window from the sample before its
    # assignment to the end must be neither empty nor hold its start-up
    samples.append((time.time(), rss_kb(proc.pid)[0], 0, cpu_seconds(proc.pid), machine_busy()))
    try:
        while True:
            time.sleep(0.2 if proc.watch.assigned_at is not None else 0.02)
            proc.watch.update()
            rss, _ = rss_kb(proc.pid)
            samples.append(
                (time.time(), rss, proc.watch.consumed, cpu_seconds(proc.pid), machine_busy())
            )
            tick += 1
            if tick % 5 == 0 or proc.watch.assigned_at is None or not threads.started:
                threads.sample(started=proc.watch.assigned_at is not None)
            if profile and sampler is None and proc.watch.assigned_at is not None:
                sampler = Sampler(proc.pid, workdir / f"{name}.pyspy.txt")
            if rss_half is None and proc.watch.consumed >= half_mark:
                rss_half = rss
            if not proc.alive():
                error = f"exited early with {proc.process.returncode}"
                break
            committed = proc.watch.committed
            if all(committed.get(tp, -1) >= offset for tp, offset in targets.items()):
                done_at = next(
                    s.at for s in proc.watch.snapshots
                    if all(s.committed.get(tp, -1) >= o for tp, o in targets.items())
                )  # fmt: skip
                break
            if time.monotonic() > deadline:
                error = f"timed out after {timeout:.0f}s at consumed={proc.watch.consumed}"
                break
        threads.sample(started=True)
        rss_end, hwm = rss_kb(proc.pid)
        cpu = cpu_seconds(proc.pid)
        wall = time.time() - proc.started
        # the end as a sample too: a short run may consume everything between two samples, and
        # its CPU per record must not read as zero
        samples.append((time.time(), rss_end, proc.watch.consumed, cpu, machine_busy()))
    finally:
        code = proc.stop()
    watch = proc.watch
    profiled = sampler.top() if sampler is not None else None
    t0 = watch.assigned_at
    result: dict = {
        "command": " ".join(proc.command),
        "log": str(proc.log_path),
        "exit_code": code,
        "error": error or (watch.errors[0] if watch.errors else None),
        "expected_records": expected,
        "consumed": watch.consumed,
        "flushes": len(watch.snapshots),
        "rss_mb_at_half": round(rss_half / 1024, 1) if rss_half else None,
        "rss_mb_at_end": round(rss_end / 1024, 1) if rss_end else None,
        "peak_rss_mb": round(hwm / 1024, 1) if hwm else None,
        "cpu_seconds": round(cpu, 2),
        "cpu_percent": round(100 * cpu / wall, 1) if wall else None,
        "startup_s": round(t0 - proc.started, 2) if t0 else None,
        "profile": profiled,
        "rss_samples": [
            (round(t - proc.started, 2), round(r / 1024, 1), c) for t, r, c, _, _ in samples[::5]
        ],
    }
    if t0 is not None and samples:
        # CPU of the processor and of the whole machine from assignment to the end: what the
        # processor cost per record, and how busy the machine was (Kafka, the bench, others)
        before = [s for s in samples if s[0] <= t0]
        first = before[-1] if before else samples[0]
        last = samples[-1]
        consumed = max(last[2] - first[2], 1)
        result["cpu_us_per_record"] = round((last[3] - first[3]) / consumed * 1e6, 1)
        result["machine_busy_percent"] = busy_percent(first[4], last[4])
        result["processor_cpu_percent_running"] = round(
            100 * (last[3] - first[3]) / max(last[0] - first[0], 1e-9), 1
        )
        result["cpu_by_thread"] = threads.split(last[3] - first[3], consumed)
    if t0 is not None and done_at is not None:
        result["seconds_to_commit"] = round(done_at - t0, 3)
        result["rate_committed"] = round(expected / (done_at - t0), 1)
        in_progress = [s for s in watch.snapshots if s.consumed < expected and s.at > t0]
        if in_progress:
            last = in_progress[-1]
            result["rate_flushed"] = round(last.consumed / (last.at - t0), 1)
            result["flushed_snapshot"] = {
                "consumed": last.consumed,
                "seconds": round(last.at - t0, 3),
            }
        else:
            result["rate_flushed"] = result["rate_committed"]
    return result
