#!/usr/bin/env python3
"""Local, real (no Docker, no mocks) service stack for etl-gen end-to-end tests.

Services, all bound to 127.0.0.1 on free ports, data under <repo>/.stack/:
  kafka     single-node KRaft broker+controller (jars from Maven Central): a PLAINTEXT listener
            and a SASL_PLAINTEXT listener with a SCRAM-SHA-256/512 user created by the stack
  redis     Debian redis-server
  postgres  Debian PostgreSQL, wal_level=logical, database "etl"
  mariadb   Debian MariaDB, row-based binlog, database "etl" and a user with Debezium's grants
  connect   Kafka Connect standalone with the Debezium PostgreSQL, MySQL and MariaDB plugins

CLI:   python scripts/stack/stack.py {install|up [--only a,b]|down|status|versions|env}
API:   from stack import install, up, down, status, versions   (up() -> dict)

Standard library only. Every step is idempotent and cached: install skips
what exists, up leaves running healthy services alone. A service process running on this
stack dir that no pid file names (found by its command line) is adopted by up, not started
a second time, and stopped by down.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import glob
import hashlib
import importlib.metadata
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path

SCRIPT_DIR = Path(__file__).resolve().parent
REPO = SCRIPT_DIR.parent.parent
STACK_DIR = REPO / ".stack"
POM = SCRIPT_DIR / "pom.xml"
HOST = "127.0.0.1"

SERVICES = ("redis", "postgres", "mariadb", "kafka", "connect")  # start order
DEPENDS = {"connect": ("kafka",)}
READY_TIMEOUT = {
    "redis": 30.0,
    "postgres": 60.0,
    "mariadb": 90.0,
    "kafka": 120.0,
    "connect": 120.0,
}
# Readiness timeouts grow with the load (1-minute load average per core) up to this factor: a JVM
# on a 2-core host shared by many builds starts several times slower; a hung one still gives up.
READY_LOAD_FACTOR_MAX = 3.0
STOP_TIMEOUT = 60.0
# postgres: SIGINT is its "fast shutdown"
_STOP_SIGNAL = {"postgres": signal.SIGINT}
JAVA_HEAP = "-Xmx512m"
DEBEZIUM_CONNECTOR_CLASSES = (
    "io.debezium.connector.postgresql.PostgresConnector",
    "io.debezium.connector.mysql.MySqlConnector",
    # Debezium 3.x captures MariaDB with its own connector: the MySQL one refuses MariaDB 10.11+
    "io.debezium.connector.mariadb.MariaDbConnector",
)
# The SCRAM user of Kafka's SASL_PLAINTEXT listener and the MariaDB user Debezium connects as.
# Their passwords are generated once per stack and kept in state.json (`stack.py env` shows them).
KAFKA_SASL_USER = "etl"
KAFKA_SCRAM_MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")
MARIADB_USER = "etl"
MARIADB_DATABASE = "etl"

# maven profile -> destination (relative to STACK_DIR)
MAVEN_TARGETS = {
    "kafka": "lib/kafka",
    "connect": "lib/connect",
    "debezium": "plugins/debezium",
    "debezium-mariadb": "plugins/debezium-mariadb",
}


class StackError(RuntimeError):
    """A step of the stack failed; the message says why (and shows log tails)."""


def _log(msg: str) -> None:
    print(f"[stack] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- utils
def _run(
    cmd: list[str],
    *,
    check: bool = True,
    timeout: float | None = None,
    env: dict | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    try:
        cp = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            env=env,
            cwd=cwd,
            check=False,
        )
    except FileNotFoundError as e:
        raise StackError(f"command not found: {cmd[0]} ({e})") from None
    except subprocess.TimeoutExpired as e:
        raise StackError(
            f"command timed out after {timeout}s: {' '.join(cmd)}\n{e.output or ''}"
        ) from None
    if check and cp.returncode != 0:
        raise StackError(
            f"command failed (exit {cp.returncode}): {' '.join(cmd)}\n"
            f"{_tail_text(cp.stdout or '', 60)}"
        )
    return cp


def _tail_text(text: str, n: int = 40) -> str:
    return "\n".join(text.splitlines()[-n:])


def _tail(path: Path, n: int = 40) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            data = f.read().decode("utf-8", "replace")
        return _tail_text(data, n)
    except OSError as e:
        return f"(no log at {path}: {e})"


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return default


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


@contextlib.contextmanager
def _lock():
    STACK_DIR.mkdir(parents=True, exist_ok=True)
    with open(STACK_DIR / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _port_open(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False


# How each child we reaped ended, for the "exited during startup" message.
_EXIT_STATUS: dict[int, int] = {}


def _exit_description(pid: int) -> str:
    status = _EXIT_STATUS.get(pid)
    if status is None:
        return "not our child: exit status unknown"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        hint = (
            " (SIGKILL from outside: often the kernel's OOM killer)"
            if sig == signal.SIGKILL
            else ""
        )
        return f"killed by signal {signal.Signals(sig).name}{hint}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _reap(pid: int) -> bool:
    """Reap our own dead child (otherwise a zombie looks alive), keeping how it ended."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except OSError:  # not our child
        return False
    if done == pid:
        _EXIT_STATUS[pid] = status
        return True
    return False


def _pid_alive(pid: int | None, marker: str | None = None) -> bool:
    if not pid or pid <= 0:
        return False
    if _reap(pid):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            _reap(pid)  # it died since the first look
            return False
        cmdline = (
            Path(f"/proc/{pid}/cmdline")
            .read_bytes()
            .replace(b"\0", b" ")
            .decode("utf-8", "replace")
        )
    except OSError:
        return False
    return marker is None or marker in cmdline


# --------------------------------------------------------------------------- paths
def _svc_dir(svc: str) -> Path:
    return STACK_DIR / svc


def _state_path() -> Path:
    return STACK_DIR / "state.json"


def _load_state() -> dict:
    return _read_json(_state_path(), {"ports": {}})


def _save_state(state: dict) -> None:
    _write_json(_state_path(), state)


def _java() -> str:
    jh = os.environ.get("JAVA_HOME")
    if jh and (Path(jh) / "bin" / "java").exists():
        return str(Path(jh) / "bin" / "java")
    j = shutil.which("java")
    if not j:
        raise StackError(
            "java not found on PATH (need Java 17+): apt-get install -y openjdk-17-jre-headless"
        )
    return j


def _pg_bin_dir() -> Path | None:
    cands = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(cands[-1]).parent if cands else None


def _pg(tool: str) -> str:
    d = _pg_bin_dir()
    if d is None:
        raise StackError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
            "run `stack.py install`"
        )
    return str(d / tool)


def _mariadbd() -> str | None:
    """The MariaDB server binary: Debian puts it in /usr/sbin, often not on a user's PATH."""
    return shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin:/usr/local/sbin")


def _pom_info() -> dict:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(POM).getroot()
    props = {el.tag.split("}")[1]: (el.text or "").strip() for el in root.find("m:properties", ns)}
    return {
        "kafka": props["kafka.version"],
        "debezium": props["debezium.version"],
        "debezium_mariadb": props["debezium.mariadb.version"],
        "log4j2": props.get("log4j2.version", ""),
    }


# --------------------------------------------------------------------------- install
def _apt_install(packages: list[str]) -> None:
    if not shutil.which("apt-get"):
        raise StackError(f"apt-get not found: install {' '.join(packages)} by hand")
    if os.geteuid() != 0:
        raise StackError(f"need root to apt-get install {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _log(f"apt-get install {' '.join(packages)} ...")
    _run(["apt-get", "update", "-q"], env=env, timeout=900)
    _run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
        env=env,
        timeout=1800,
    )


def _maven_copy(profile: str, dest: Path, pom_hash: str) -> None:
    marker = dest / ".complete"
    if marker.exists() and marker.read_text().strip() == pom_hash:
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise StackError("mvn (Maven 3.6+) not found on PATH: apt-get install -y maven")
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _log(f"maven: fetching profile {profile} -> {dest.relative_to(STACK_DIR)} ...")
    t0 = time.monotonic()
    try:
        _run(
            [
                mvn,
                "-q",
                "-B",
                "-f",
                str(POM),
                f"-P{profile}",
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={tmp}",
            ],
            timeout=1800,
        )
    except StackError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StackError(f"Maven download for profile '{profile}' failed:\n{e}") from None
    if not any(tmp.glob("*.jar")):
        raise StackError(f"Maven profile '{profile}' produced no jars in {tmp}")
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    marker.write_text(pom_hash + "\n")
    _log(
        f"maven: {profile} done in {time.monotonic() - t0:.1f}s "
        f"({len(list(dest.glob('*.jar')))} jars)"
    )


def install() -> dict:
    """Install whatever is missing (apt packages, Maven jars). Cached; returns versions."""
    STACK_DIR.mkdir(parents=True, exist_ok=True)
    with _lock():
        _java()
        missing = []
        if not shutil.which("redis-server") or not shutil.which("redis-cli"):
            missing.append("redis-server")
        if _pg_bin_dir() is None or not shutil.which("psql"):
            missing.append("postgresql")
        if _mariadbd() is None or not all(map(shutil.which, ("mariadb-install-db", "mariadb"))):
            missing += ["mariadb-server", "mariadb-client"]
        if missing:
            _apt_install(missing)
            if _pg_bin_dir() is None and "postgresql" in missing:
                raise StackError(
                    "postgresql installed but no /usr/lib/postgresql/*/bin/postgres found"
                )
            if "mariadb-server" in missing and _mariadbd() is None:
                raise StackError("mariadb-server installed but no mariadbd on PATH")
        pom_hash = hashlib.sha256(POM.read_bytes()).hexdigest()[:16]
        for profile, rel in MAVEN_TARGETS.items():
            _maven_copy(profile, STACK_DIR / rel, pom_hash)
        v = versions()
        _write_json(STACK_DIR / "versions.json", v)
        return v


# --------------------------------------------------------------------------- versions
def _chdb_version() -> str | None:
    with contextlib.suppress(Exception):
        return importlib.metadata.version("chdb")
    for py in (REPO / ".venv" / "bin" / "python",):
        if py.exists():
            cp = subprocess.run(
                [str(py), "-c", "import importlib.metadata as m; print(m.version('chdb'))"],
                capture_output=True,
                text=True,
                check=False,
            )
            if cp.returncode == 0:
                return cp.stdout.strip()
    return None


def versions() -> dict:
    pom = _pom_info()
    out: dict = {
        "kafka": pom["kafka"],
        "connect": pom["kafka"],
        "debezium": pom["debezium"],
        "debezium_mariadb": pom["debezium_mariadb"],
        "postgresql": None,
        "mariadb": None,
        "redis": None,
        "chdb": _chdb_version(),
    }
    if _pg_bin_dir() is not None:
        cp = subprocess.run(
            [_pg("postgres"), "--version"], capture_output=True, text=True, check=False
        )
        m = re.search(r"\(PostgreSQL\)\s+(\S+)", cp.stdout)
        out["postgresql"] = m.group(1) if m else (cp.stdout.strip() or None)
    if mariadbd := _mariadbd():
        cp = subprocess.run([mariadbd, "--version"], capture_output=True, text=True, check=False)
        m = re.search(r"Ver\s+(\S+)", cp.stdout)
        out["mariadb"] = m.group(1) if m else (cp.stdout.strip() or None)
    if shutil.which("redis-server"):
        cp = subprocess.run(
            ["redis-server", "--version"], capture_output=True, text=True, check=False
        )
        for tok in cp.stdout.split():
            if tok.startswith("v="):
                out["redis"] = tok[2:]
    try:
        jv = subprocess.run(
            [_java(), "-version"], capture_output=True, text=True, check=False
        ).stderr.splitlines()[0]
        out["java"] = jv.split('"')[1] if '"' in jv else jv
    except Exception:
        pass
    return out


# --------------------------------------------------------------------------- ports
def _port(state: dict, key: str, running: bool) -> int:
    """Persisted port for key; a fresh free one when unset or taken by a stranger."""
    ports = state.setdefault("ports", {})
    p = ports.get(key)
    if p and (running or not _port_open(p)):
        return p
    p = _free_port()
    ports[key] = p
    _save_state(state)
    return p


def _secret(state: dict, key: str) -> str:
    """Persisted generated password for key (hex: safe in URLs, JAAS and SCRAM syntax)."""
    secrets_ = state.setdefault("secrets", {})
    if not secrets_.get(key):
        secrets_[key] = secrets.token_hex(16)
        _save_state(state)
    return secrets_[key]


# --------------------------------------------------------------------------- process helpers
def _pidfile(svc: str) -> Path:
    return _svc_dir(svc) / f"{svc}.pid"


def _read_pid_file(svc: str) -> int | None:
    try:
        return int(_pidfile(svc).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _read_pid(svc: str) -> int | None:
    files = [_pidfile(svc)]
    if svc == "postgres":  # also a postmaster started by hand (pg_ctl) on our data dir
        files.append(_svc_dir("postgres") / "data" / "postmaster.pid")
    for f in files:
        try:
            pid = int(f.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        if _pid_alive(pid, _MARKERS[svc]):
            return pid
    return None


_MARKERS = {
    "redis": "redis-server",
    "postgres": "postgres",
    "mariadb": "mariadbd",
    "kafka": "-Detlgen.stack.service=kafka",
    "connect": "-Detlgen.stack.service=connect",
}


def _running_pid(svc: str) -> int | None:
    return _read_pid(svc)


# --------------------------------------------------------------------------- our processes
# A process of a service on OUR stack dir, found by its command line even when no pid file names
# it (a second JVM started while the first was still starting ran on outside the pid file and
# survived `down`). Two exact argv items per service: the program or main class, and a path under
# this stack dir; exact items, so /x/.stack never matches /x/.stack2 of another worktree. Redis
# rewrites its process title to "redis-server host:port" (no path in it): it is told by its working
# directory instead, the data dir `--dir` made it change to.
def _signature(svc: str, stack_dir: Path) -> tuple[str, str] | None:
    d = stack_dir / svc
    return {
        "kafka": ("kafka.Kafka", str(d / "server.properties")),
        "connect": (
            "org.apache.kafka.connect.cli.ConnectStandalone",
            str(d / "connect-standalone.properties"),
        ),
        "postgres": ("postgres", str(d / "data")),
        "mariadb": ("mariadbd", f"--defaults-file={d / 'my.cnf'}"),
        "redis": ("redis-server", str(d)),
    }.get(svc)


def _is_ours(svc: str, argv: list[str], cwd: str, stack_dir: Path) -> bool:
    sig = _signature(svc, stack_dir)
    if sig is None or not argv:
        return False
    program, path = sig
    if svc == "redis":  # the title "redis-server host:port", running in our data dir
        return Path(argv[0].split(" ", 1)[0]).name == program and cwd == path
    if svc in ("postgres", "mariadb"):  # the server binary itself, not pg_ctl or install-db
        return Path(argv[0]).name == program and path in argv[1:]
    return program in argv and path in argv


def _our_processes(
    svc: str, procs: Iterable[tuple[int, float, list[str], str]], stack_dir: Path
) -> list[int]:
    """Pids of svc's processes on stack_dir in a process table of (pid, start time, argv,
    working directory), oldest first (the one that has had the longest to bind its ports)."""
    ours = [(start, pid) for pid, start, argv, cwd in procs if _is_ours(svc, argv, cwd, stack_dir)]
    return [pid for _, pid in sorted(ours)]


def _proc_stat_fields(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name: [state, ppid, ...]; None when gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _process_table() -> list[tuple[int, float, list[str], str]]:
    """(pid, start time in clock ticks, argv, working directory or "") of every live process
    whose command line we can read. A process in the middle of exec or exit shows a blank one:
    it is left out."""
    table = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        fields = _proc_stat_fields(pid)
        if fields is None or fields[0] in ("Z", "X"):
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # NUL-separated and -ended; a process that rewrote its title may drop the last NUL
        argv = [a.decode("utf-8", "replace") for a in raw.rstrip(b"\0").split(b"\0")]
        if raw.strip(b"\0"):
            cwd = ""
            with contextlib.suppress(OSError):  # another user's process: not ours anyway
                cwd = os.readlink(entry / "cwd")
            table.append((pid, float(fields[19]), argv, cwd))  # field 22 of stat: starttime
    return table


def _strays(svc: str, known: int | None) -> list[int]:
    """svc's processes on our stack dir other than `known` (the pid file's)."""
    return [p for p in _our_processes(svc, _process_table(), STACK_DIR) if p != known]


def _running_or_adopted(svc: str) -> int | None:
    """The pid file's live process; else a live process of svc on our stack dir, adopted (its pid
    file written) instead of starting another next to it. Any others are stopped."""
    pid = _running_pid(svc)
    if pid is None and _child_running(_read_pid_file(svc)):
        pid = _read_pid_file(svc)  # our child, its command line still blank: not gone
    strays = _strays(svc, pid)
    if pid is None and strays:
        pid = strays.pop(0)
        _log(f"{svc}: adopting pid {pid} (runs on {STACK_DIR}, no pid file named it)")
        _pidfile(svc).write_text(f"{pid}\n")
    for stray in strays:
        _log(f"{svc}: stopping stray pid {stray} (a second {svc} on {STACK_DIR})")
        _stop_pid(svc, stray, _STOP_SIGNAL.get(svc, signal.SIGTERM))
    return pid


# The state.json port keys each service listens on.
_PORT_KEYS = {
    "redis": ("redis",),
    "postgres": ("postgres",),
    "mariadb": ("mariadb",),
    "kafka": ("kafka", "kafka_sasl", "kafka_controller"),
    "connect": ("connect",),
}


def _listen_inodes(proc_net_tcp: str, port: int) -> set[str]:
    """Socket inodes LISTENing on port in the text of /proc/net/tcp or /proc/net/tcp6."""
    inodes = set()
    for line in proc_net_tcp.splitlines()[1:]:
        f = line.split()
        # sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if len(f) > 9 and f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(f[9])
    return inodes


def _port_holders(port: int) -> list[tuple[int | None, str]]:
    """(pid, command line) of the processes listening on port; pid None when the socket is
    there but no process we may look into holds it (another user's)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            inodes |= _listen_inodes(Path(table).read_text(), port)
    if not inodes:
        return []
    links = {f"socket:[{i}]" for i in inodes}
    holders: list[tuple[int | None, str]] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in links for fd in (entry / "fd").iterdir()):
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                holders.append((int(entry.name), cmd.decode("utf-8", "replace").strip()))
    return holders or [(None, "")]


def _check_ports_before_retry(svc: str, state: dict) -> None:
    """After "exited during startup": the port of svc may be held by our own svc (the next
    attempt adopts it) or by a stranger (starting again could only fail the same way)."""
    ours = _our_processes(svc, _process_table(), STACK_DIR)
    for key in _PORT_KEYS[svc]:
        port = state.get("ports", {}).get(key)
        if not port:
            continue
        for pid, cmd in _port_holders(port):
            if pid is not None and pid in ours:
                _log(f"{svc}: port {port} is held by our own {svc} (pid {pid}): adopting it")
                continue
            who = (
                f"pid {pid}: {cmd[:300] or '(command line unreadable)'}"
                if pid
                else "a process we cannot look into (another user's?)"
            )
            raise StackError(
                f"{svc} exited during startup and its port {HOST}:{port} ({key}) is held by "
                f"another process, {who}. Stop it, or remove ports.{key} from "
                f"{_state_path()} to take a fresh port; read {_log_path(svc)}"
            )


def _log_path(svc: str) -> Path:
    return _svc_dir(svc) / f"{svc}.log"


def _rotate_log(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        os.replace(path, path.with_suffix(path.suffix + ".1"))


def _spawn(svc: str, cmd: list[str], cwd: Path, user: str | None = None) -> int:
    log = _log_path(svc)
    _rotate_log(log)
    extra = {"user": user, "group": user, "extra_groups": []} if user and os.geteuid() == 0 else {}
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            **extra,
        )
    _pidfile(svc).write_text(f"{proc.pid}\n")
    return proc.pid


def _child_running(pid: int | None) -> bool:
    """pid is our own child and has not exited (whatever /proc shows of it right now)."""
    if not pid:
        return False
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child, or already reaped
        return False
    if done == pid:
        _EXIT_STATUS[pid] = status
        return False
    return True


def _load_factor() -> float:
    """1-minute load average per core, between 1 and READY_LOAD_FACTOR_MAX."""
    try:
        per_core = os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:
        return 1.0
    return min(max(per_core, 1.0), READY_LOAD_FACTOR_MAX)


def _wait_ready(svc: str, probe: Callable[[], bool], timeout: float) -> None:
    """Probe until ready. Fails at once when the process exits; else after `timeout` seconds
    times the load factor (looked at again at each check: the load may rise while we wait)."""
    t0 = time.monotonic()
    last_err = ""
    spawned = _read_pid_file(svc)
    while True:
        try:
            if probe():
                return
        except StackError:
            raise
        except Exception as e:  # probe failures are expected while starting
            last_err = f"{type(e).__name__}: {e}"
        # Our child just spawned can show a blank /proc cmdline (exec still under way, seen 3
        # times in 40 JVM starts): not "exited", or the retry starts a second one next to it.
        if _running_pid(svc) is None and not _child_running(spawned):
            how = _exit_description(spawned) if spawned else "no pid file"
            raise StackError(
                f"{svc} exited during startup, {how} (last probe error: {last_err or '-'}); "
                f"read {_log_path(svc)}\n"
                f"--- tail of {_log_path(svc)} ---\n{_tail(_log_path(svc))}"
            )
        waited, allowed = time.monotonic() - t0, timeout * _load_factor()
        if waited > allowed:
            raise StackError(
                f"{svc} not ready after {waited:.0f}s ({timeout:.0f}s scaled by the load "
                f"average, at most x{READY_LOAD_FACTOR_MAX:g}; last probe error: "
                f"{last_err or '-'}); read {_log_path(svc)}\n"
                f"--- tail of {_log_path(svc)} ---\n{_tail(_log_path(svc))}"
            )
        time.sleep(0.25)  # poll interval between real probes


def _stop_pid(svc: str, pid: int, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> None:
    marker = _MARKERS[svc]
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid, marker):
            return
        time.sleep(0.2)
    _log(f"{svc} (pid {pid}) did not stop in {timeout:.0f}s: SIGKILL")
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not _pid_alive(pid, marker):
            return
        time.sleep(0.1)


def _log4j2_config(path: Path) -> Path:
    path.write_text(
        "status = warn\n"
        "appender.out.type = Console\n"
        "appender.out.name = OUT\n"
        "appender.out.layout.type = PatternLayout\n"
        "appender.out.layout.pattern = [%d] %p %m (%c)%n\n"
        "rootLogger.level = INFO\n"
        "rootLogger.appenderRef.out.ref = OUT\n"
        "logger.clients.name = org.apache.kafka.clients\n"
        "logger.clients.level = WARN\n"
        "logger.reflections.name = org.reflections\n"
        "logger.reflections.level = ERROR\n"
    )
    return path


def _java_cmd(svc: str, classpath_dir: Path, main: str, *args: str) -> list[str]:
    d = _svc_dir(svc)
    return [
        _java(),
        "-server",
        JAVA_HEAP,
        "-Xms256m",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true",
        f"-Detlgen.stack.service={svc}",
        f"-Dlog4j2.configurationFile={_log4j2_config(d / 'log4j2.properties')}",
        f"-Dkafka.logs.dir={d}",
        "-cp",
        f"{classpath_dir}/*",
        main,
        *args,
    ]


# --------------------------------------------------------------------------- redis
def _redis_probe(port: int) -> bool:
    cp = subprocess.run(
        ["redis-cli", "-h", HOST, "-p", str(port), "ping"],
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    )
    if cp.stdout.strip() != "PONG":
        raise RuntimeError(f"redis-cli ping: {cp.stdout.strip() or cp.stderr.strip()}")
    return True


def _up_redis(state: dict) -> None:
    d = _svc_dir("redis")
    d.mkdir(parents=True, exist_ok=True)
    running = _running_pid("redis") is not None
    port = _port(state, "redis", running)
    if not running:
        log = _log_path("redis")
        _rotate_log(log)
        _log(f"starting redis on {HOST}:{port}")
        _run(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(port),
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(d),
                "--pidfile",
                str(_pidfile("redis")),
                "--logfile",
                str(log),
            ]
        )
        # the daemonized server writes its pidfile a moment later (later under load)
        deadline = time.monotonic() + 10 * _load_factor()
        while _running_pid("redis") is None and time.monotonic() < deadline:
            time.sleep(0.05)
    _wait_ready("redis", lambda: _redis_probe(port), READY_TIMEOUT["redis"])


# --------------------------------------------------------------------------- postgres
def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _psql(port: int, sql: str, db: str = "postgres") -> str:
    cp = _run(
        [
            "psql",
            "-h",
            HOST,
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-tAq",
            "-c",
            sql,
        ],
        timeout=30,
    )
    return cp.stdout.strip()


def _pg_probe(port: int) -> bool:
    cp = subprocess.run(
        [_pg("pg_isready"), "-h", HOST, "-p", str(port), "-U", "postgres", "-t", "3"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if cp.returncode != 0:
        raise RuntimeError(f"pg_isready: {cp.stdout.strip()}")
    if _psql(port, "select 1") != "1":
        raise RuntimeError("psql select 1 failed")
    return True


def _up_postgres(state: dict) -> None:
    d = _svc_dir("postgres")
    data, run = d / "data", d / "run"
    for p in (d, run):
        p.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(STACK_DIR, 0o755)  # the postgres OS user must be able to reach its data dir
        shutil.chown(d, "postgres", "postgres")
        shutil.chown(run, "postgres", "postgres")
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)
        _log("initdb (PostgreSQL data dir)")
        _run(
            _as_postgres(
                [
                    _pg("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-instructions",
                ]
            ),
            timeout=300,
        )
        with open(data / "postgresql.conf", "a") as f:
            f.write(
                "\n# etl-gen stack settings (rewritten by stack.py up)\n"
                "include_if_exists = 'etl_stack.conf'\n"
            )
    running = _running_or_adopted("postgres") is not None
    port = _port(state, "postgres", running)
    if not running:
        conf = data / "etl_stack.conf"
        conf.write_text(
            f"listen_addresses = '{HOST}'\n"
            f"port = {port}\n"
            f"unix_socket_directories = '{run}'\n"
            "wal_level = logical\n"
            "max_wal_senders = 4\n"
            "max_replication_slots = 4\n"
            "max_connections = 100\n"
            "shared_buffers = 128MB\n"
        )
        if os.geteuid() == 0:
            shutil.chown(conf, "postgres", "postgres")
        _log(f"starting postgres on {HOST}:{port}")
        _spawn("postgres", [_pg("postgres"), "-D", str(data)], d, user="postgres")
    _wait_ready("postgres", lambda: _pg_probe(port), READY_TIMEOUT["postgres"])
    if _psql(port, "select 1 from pg_database where datname = 'etl'") != "1":
        _psql(port, "create database etl")
    _psql(port, "alter role postgres with replication")
    for k, want in (("wal_level", "logical"),):
        got = _psql(port, f"show {k}")
        if got != want:
            raise StackError(
                f"postgres {k} is {got!r}, expected {want!r} (restart with `down` then `up`)"
            )


# --------------------------------------------------------------------------- mariadb
def _mariadb_socket() -> Path:
    return _svc_dir("mariadb") / "mariadb.sock"


def _mariadb_cmd(sql: str) -> list[str]:
    """The client as the server's root user over the unix socket (root has no password there)."""
    socket_ = f"--socket={_mariadb_socket()}"
    return ["mariadb", "--no-defaults", socket_, "-u", "root", "-NB", "-e", sql]


def _mariadb_sql(sql: str) -> str:
    return _run(_mariadb_cmd(sql), timeout=30).stdout.strip()


def _mariadb_probe(port: int) -> bool:
    cp = subprocess.run(
        _mariadb_cmd("select 1"),
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if cp.stdout.strip() != "1":
        raise RuntimeError(f"mariadb select 1: {cp.stdout.strip() or cp.stderr.strip()}")
    if not _port_open(port):
        raise RuntimeError(f"mariadb does not accept TCP connections on {HOST}:{port}")
    return True


def _sql_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _up_mariadb(state: dict) -> None:
    d = _svc_dir("mariadb")
    data = d / "data"
    d.mkdir(parents=True, exist_ok=True)
    as_root = os.geteuid() == 0
    if as_root:  # mariadbd refuses to run as root: the mysql OS user owns its files
        os.chmod(STACK_DIR, 0o755)
        shutil.chown(d, "mysql", "mysql")
    running = _running_or_adopted("mariadb") is not None
    port = _port(state, "mariadb", running)
    password = _secret(state, "mariadb")
    if not running:
        cnf = d / "my.cnf"
        cnf.write_text(
            "# etl-gen stack settings (rewritten by stack.py up)\n"
            "[mariadbd]\n"
            f"datadir = {data}\n"
            f"port = {port}\n"
            f"bind-address = {HOST}\n"
            f"socket = {_mariadb_socket()}\n"
            # its own pid file: stack.py writes mariadb.pid (owned by whoever runs stack.py)
            f"pid-file = {d / 'mariadbd.pid'}\n"
            "skip-name-resolve\n"
            # what Debezium's MariaDB/MySQL connectors need: a row-based binlog, full row images
            "server_id = 1\n"
            "log_bin = mariadb-bin\n"
            "binlog_format = ROW\n"
            "binlog_row_image = FULL\n"
            "expire_logs_days = 1\n"
            "character-set-server = utf8mb4\n"
            "collation-server = utf8mb4_general_ci\n"
            "innodb_buffer_pool_size = 64M\n"
            "innodb_log_file_size = 16M\n"
            "performance_schema = OFF\n"
            "max_connections = 100\n"
        )
        if not (data / "mysql").is_dir():
            # into a side directory first: an interrupted run leaves no half-made data dir
            partial = d / "data.partial"
            for stale in (data, partial):
                shutil.rmtree(stale, ignore_errors=True)
            _log("mariadb-install-db (MariaDB data dir)")
            _run(
                [
                    "mariadb-install-db",
                    f"--defaults-file={cnf}",
                    f"--datadir={partial}",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    *(["--user=mysql"] if as_root else []),
                ],
                timeout=300,
            )
            os.replace(partial, data)
        _log(f"starting mariadb on {HOST}:{port}")
        mariadbd = _mariadbd()
        if mariadbd is None:
            raise StackError("mariadbd not found (PATH, /usr/sbin): run `stack.py install`")
        _spawn("mariadb", [mariadbd, f"--defaults-file={cnf}"], d, user="mysql")
    _wait_ready("mariadb", lambda: _mariadb_probe(port), READY_TIMEOUT["mariadb"])
    user = f"{_sql_quote(MARIADB_USER)}@'%'"
    _mariadb_sql(
        f"create database if not exists `{MARIADB_DATABASE}`; "
        f"create user if not exists {user} identified by {_sql_quote(password)}; "
        f"alter user {user} identified by {_sql_quote(password)}; "
        # the grants Debezium's MariaDB/MySQL connectors document (snapshot, binlog) ...
        "grant select, reload, show databases, replication slave, replication client, "
        f"lock tables on *.* to {user}; "
        # ... and a database the tests may create and drop tables in
        f"grant all privileges on `{MARIADB_DATABASE}`.* to {user}"
    )
    got = _mariadb_sql(
        "select concat_ws(' ', @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id)"
    )
    if got != "ON ROW FULL 1":
        raise StackError(
            "mariadb runs without the binlog settings Debezium needs "
            f"(log_bin binlog_format binlog_row_image server_id = {got!r}, "
            "expected 'ON ROW FULL 1'): restart it with `down --only mariadb` then `up`"
        )


# --------------------------------------------------------------------------- kafka
def _kafka_metadata(port: int, timeout: float = 3.0) -> dict:
    """Kafka Metadata request v4 (no topics) over a raw socket.

    Returns brokers, cluster id and controller id. v4 is non-flexible and still served by Kafka 4.x
    (KIP-896 removed only v0-v3).
    """
    client_id = b"etl-gen-stack"
    corr = 4242
    req = (
        struct.pack(">hhih", 3, 4, corr, len(client_id))
        + client_id
        + struct.pack(">i", 0)
        + b"\x00"
    )
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">i", len(req)) + req)

        def recv(n: int) -> bytes:
            buf = b""
            while len(buf) < n:
                chunk = s.recv(n - len(buf))
                if not chunk:
                    raise ConnectionError("kafka closed the connection")
                buf += chunk
            return buf

        (size,) = struct.unpack(">i", recv(4))
        data = recv(size)
    pos = 0

    def take(fmt: str):
        nonlocal pos
        vals = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return vals[0] if len(vals) == 1 else vals

    def string():
        nonlocal pos
        n = take(">h")
        if n < 0:
            return None
        s_ = data[pos : pos + n].decode()
        pos += n
        return s_

    if take(">i") != corr:
        raise RuntimeError("kafka metadata: correlation id mismatch")
    take(">i")  # throttle_time_ms
    brokers = []
    for _ in range(take(">i")):
        node_id = take(">i")
        host = string()
        bport = take(">i")
        string()  # rack
        brokers.append({"node_id": node_id, "host": host, "port": bport})
    cluster_id = string()
    controller_id = take(">i")
    return {"brokers": brokers, "cluster_id": cluster_id, "controller_id": controller_id}


def _kafka_probe(port: int) -> bool:
    md = _kafka_metadata(port)
    if not any(b["port"] == port for b in md["brokers"]):
        raise RuntimeError(f"kafka metadata lists no broker on port {port}: {md}")
    return True


def _kafka_cluster_id() -> str:
    while True:  # same rule as org.apache.kafka.common.Uuid.randomUuid
        s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not s.startswith("-"):
            return s


def _scram_fingerprint(password: str) -> str:
    """What .stack/kafka/scram-users records: which user, mechanisms and password are set."""
    text = f"{KAFKA_SASL_USER}:{','.join(KAFKA_SCRAM_MECHANISMS)}:{password}"
    return hashlib.sha256(text.encode()).hexdigest()


def _kafka_upsert_scram(lib: Path, port: int, password: str) -> None:
    """Create or update the SCRAM credentials of a running broker (admin API, via kafka-configs).

    One call per mechanism: the broker refuses two credentials of one user in one request.
    """
    for mechanism in KAFKA_SCRAM_MECHANISMS:
        _log(f"kafka: setting {mechanism} credentials of {KAFKA_SASL_USER!r} (admin API)")
        _run(
            _java_cmd(
                "kafka",
                lib,
                "kafka.admin.ConfigCommand",
                "--bootstrap-server",
                f"{HOST}:{port}",
                "--alter",
                "--add-config",
                f"{mechanism}=[iterations=8192,password={password}]",
                "--entity-type",
                "users",
                "--entity-name",
                KAFKA_SASL_USER,
            ),
            timeout=180,
            cwd=_svc_dir("kafka"),
        )


def _up_kafka(state: dict) -> None:
    d = _svc_dir("kafka")
    data = d / "data"
    d.mkdir(parents=True, exist_ok=True)
    props = d / "server.properties"
    pid = _running_or_adopted("kafka")
    if pid is not None and "SASL_PLAINTEXT://" not in (props.read_text() if props.exists() else ""):
        _log("kafka runs a config from before the SASL listener: restarting it")
        _stop_pid("kafka", pid)
        _pidfile("kafka").unlink(missing_ok=True)
        pid = None
    running = pid is not None
    port = _port(state, "kafka", running)
    cport = _port(state, "kafka_controller", running)
    sport = _port(state, "kafka_sasl", running)
    password = _secret(state, "kafka_sasl")
    lib = STACK_DIR / MAVEN_TARGETS["kafka"]
    scram_marker = d / "scram-users"
    if not running:
        jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        sasl_props = "".join(
            f"listener.name.sasl_plaintext.{m.lower()}.sasl.jaas.config={jaas}\n"
            for m in KAFKA_SCRAM_MECHANISMS
        )
        props.write_text(
            "process.roles=broker,controller\n"
            "node.id=1\n"
            f"controller.quorum.voters=1@{HOST}:{cport}\n"
            f"listeners=PLAINTEXT://{HOST}:{port},SASL_PLAINTEXT://{HOST}:{sport},"
            f"CONTROLLER://{HOST}:{cport}\n"
            f"advertised.listeners=PLAINTEXT://{HOST}:{port},SASL_PLAINTEXT://{HOST}:{sport}\n"
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
            "CONTROLLER:PLAINTEXT\n"
            "controller.listener.names=CONTROLLER\n"
            "inter.broker.listener.name=PLAINTEXT\n"
            # SASL/SCRAM on its own listener; no authorizer: an authenticated user may do anything
            f"sasl.enabled.mechanisms={','.join(KAFKA_SCRAM_MECHANISMS)}\n"
            f"{sasl_props}"
            f"log.dirs={data}\n"
            "num.partitions=1\n"
            "default.replication.factor=1\n"
            "min.insync.replicas=1\n"
            "auto.create.topics.enable=false\n"
            "offsets.topic.replication.factor=1\n"
            "offsets.topic.num.partitions=10\n"
            "transaction.state.log.replication.factor=1\n"
            "transaction.state.log.min.isr=1\n"
            "transaction.state.log.num.partitions=10\n"
            "share.coordinator.state.topic.replication.factor=1\n"
            "share.coordinator.state.topic.min.isr=1\n"
            "group.initial.rebalance.delay.ms=0\n"
            "num.network.threads=2\n"
            "num.io.threads=4\n"
            "log.retention.hours=24\n"
        )
        if not (data / "meta.properties").exists():
            shutil.rmtree(data, ignore_errors=True)
            scram_marker.unlink(missing_ok=True)
            cid = _kafka_cluster_id()
            _log(f"formatting KRaft storage (cluster id {cid}, SCRAM user {KAFKA_SASL_USER!r})")
            scram = [
                arg
                for m in KAFKA_SCRAM_MECHANISMS
                for arg in ("--add-scram", f"{m}=[name={KAFKA_SASL_USER},password={password}]")
            ]
            _run(
                _java_cmd(
                    "kafka",
                    lib,
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    cid,
                    "-c",
                    str(props),
                    *scram,
                ),
                timeout=180,
                cwd=d,
            )
            scram_marker.write_text(_scram_fingerprint(password) + "\n")
        _log(f"starting kafka on {HOST}:{port} (SASL {sport}, controller {cport})")
        _spawn("kafka", _java_cmd("kafka", lib, "kafka.Kafka", str(props)), d)
    _wait_ready("kafka", lambda: _kafka_probe(port), READY_TIMEOUT["kafka"])
    # A log dir formatted before the SASL listener existed (or a changed password) has no or
    # other SCRAM credentials: set them through the admin API, once.
    want = _scram_fingerprint(password)
    if (scram_marker.read_text().strip() if scram_marker.exists() else "") != want:
        _kafka_upsert_scram(lib, port, password)
        scram_marker.write_text(want + "\n")


# --------------------------------------------------------------------------- connect
def _http_json(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read().decode())


def _connect_probe(port: int) -> bool:
    root = _http_json(f"http://{HOST}:{port}/")
    if "version" not in root:
        raise RuntimeError(f"unexpected Connect REST answer: {root}")
    missing = _connect_missing_plugins(port)
    if missing:
        raise StackError(
            f"Connect is up but {', '.join(missing)} not among its plugins\n"
            f"--- tail of {_log_path('connect')} ---\n{_tail(_log_path('connect'))}"
        )
    return True


def _connect_missing_plugins(port: int) -> list[str]:
    plugins = {p.get("class") for p in _http_json(f"http://{HOST}:{port}/connector-plugins")}
    return [c for c in DEBEZIUM_CONNECTOR_CLASSES if c not in plugins]


def _up_connect(state: dict) -> None:
    d = _svc_dir("connect")
    d.mkdir(parents=True, exist_ok=True)
    props = d / "connect-standalone.properties"
    kport = state["ports"]["kafka"]
    pid = _running_or_adopted("connect")
    if pid is not None and f"bootstrap.servers={HOST}:{kport}\n" not in (
        props.read_text() if props.exists() else ""
    ):
        _log("connect points at an old kafka address: restarting it")
        _stop_pid("connect", pid)
        pid = None
    if pid is not None:
        # a worker started before a plugin joined the pom (its plugin dir has been replaced)
        cport = state.get("ports", {}).get("connect")
        with contextlib.suppress(Exception):
            missing = _connect_missing_plugins(cport) if cport else []
            if missing:
                _log(f"connect runs without {', '.join(missing)}: restarting it")
                _stop_pid("connect", pid)
                pid = None
    running = pid is not None
    port = _port(state, "connect", running)
    if not running:
        props.write_text(
            f"bootstrap.servers={HOST}:{kport}\n"
            "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
            "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
            "key.converter.schemas.enable=false\n"
            "value.converter.schemas.enable=false\n"
            f"offset.storage.file.filename={d / 'connect.offsets'}\n"
            "offset.flush.interval.ms=1000\n"
            f"listeners=http://{HOST}:{port}\n"
            f"rest.advertised.host.name={HOST}\n"
            f"rest.advertised.port={port}\n"
            f"plugin.path={STACK_DIR / 'plugins'}\n"
            "topic.creation.enable=true\n"
            # every plugin here ships ServiceLoader manifests: halves the startup time
            "plugin.discovery=service_load\n"
        )
        _log(f"starting kafka connect (standalone) on {HOST}:{port}")
        _spawn(
            "connect",
            _java_cmd(
                "connect",
                STACK_DIR / MAVEN_TARGETS["connect"],
                "org.apache.kafka.connect.cli.ConnectStandalone",
                str(props),
            ),
            d,
        )
    _wait_ready("connect", lambda: _connect_probe(port), READY_TIMEOUT["connect"])


_UP = {
    "redis": _up_redis,
    "postgres": _up_postgres,
    "mariadb": _up_mariadb,
    "kafka": _up_kafka,
    "connect": _up_connect,
}


# --------------------------------------------------------------------------- public API
def _info(state: dict, vers: dict | None = None) -> dict:
    p = state.get("ports", {})
    info: dict = {"stack_dir": str(STACK_DIR), "services": {}}
    for svc in SERVICES:
        info["services"][svc] = "up" if _running_pid(svc) else "down"
    if p.get("kafka"):
        info["kafka_bootstrap"] = f"{HOST}:{p['kafka']}"
    if p.get("redis"):
        info["redis_url"] = f"redis://{HOST}:{p['redis']}/0"
    if p.get("postgres"):
        info.update(
            postgres_dsn=f"postgresql://postgres@{HOST}:{p['postgres']}/etl",
            postgres_host=HOST,
            postgres_port=p["postgres"],
        )
    secrets_ = state.get("secrets", {})
    if p.get("kafka_sasl") and secrets_.get("kafka_sasl"):
        info.update(
            kafka_sasl_bootstrap=f"{HOST}:{p['kafka_sasl']}",
            kafka_sasl_username=KAFKA_SASL_USER,
            kafka_sasl_password=secrets_["kafka_sasl"],
            kafka_sasl_mechanisms=list(KAFKA_SCRAM_MECHANISMS),
        )
    if p.get("mariadb") and secrets_.get("mariadb"):
        info.update(
            mariadb_url=(
                f"mysql://{MARIADB_USER}:{secrets_['mariadb']}@{HOST}:{p['mariadb']}"
                f"/{MARIADB_DATABASE}"
            ),
            mariadb_host=HOST,
            mariadb_port=p["mariadb"],
            mariadb_user=MARIADB_USER,
            mariadb_password=secrets_["mariadb"],
            mariadb_database=MARIADB_DATABASE,
        )
    if p.get("connect"):
        info["connect_url"] = f"http://{HOST}:{p['connect']}"
    info["versions"] = vers if vers is not None else _read_json(STACK_DIR / "versions.json", {})
    return info


def _expand(services: Iterable[str] | None) -> list[str]:
    if services is None:
        return list(SERVICES)
    want = set()
    for raw in services:
        s = raw.strip()
        if not s:
            continue
        if s not in SERVICES:
            raise StackError(f"unknown service {s!r} (choose from {', '.join(SERVICES)})")
        want.add(s)
        want.update(DEPENDS.get(s, ()))
    return [s for s in SERVICES if s in want]


def up(services: Iterable[str] | None = None) -> dict:
    """Start (or leave running) the given services; returns the stack.json dict."""
    svcs = _expand(services)
    vers = install()
    with _lock():
        state = _load_state()
        for svc in svcs:
            t0 = time.monotonic()
            for attempt in (1, 2):
                try:
                    _UP[svc](state)
                    break
                except StackError as error:
                    # Seen once on a loaded 2-core machine: a JVM gone before writing a line.
                    if attempt == 2 or "exited during startup" not in str(error):
                        raise
                    _log(f"{svc} exited during startup; starting it once more\n{error}")
                    _check_ports_before_retry(svc, state)
            _log(f"{svc} ready ({time.monotonic() - t0:.1f}s)")
        _save_state(state)
        info = _info(state, vers)
        _write_json(STACK_DIR / "stack.json", info)
        return info


def down(services: Iterable[str] | None = None) -> None:
    """Stop services (default all): SIGTERM (postgres: fast shutdown), wait, then SIGKILL."""
    if services is None:
        svcs = set(SERVICES)
    else:
        svcs = {s.strip() for s in services if s.strip()}
        bad = svcs - set(SERVICES)
        if bad:
            raise StackError(
                f"unknown service(s) {sorted(bad)} (choose from {', '.join(SERVICES)})"
            )
        for dependent, deps in DEPENDS.items():  # stopping kafka stops connect too
            if svcs & set(deps):
                svcs.add(dependent)
    with _lock():
        for svc in reversed([s for s in SERVICES if s in svcs]):
            pid = _running_pid(svc)
            sig = _STOP_SIGNAL.get(svc, signal.SIGTERM)
            if pid is not None:
                _log(f"stopping {svc} (pid {pid})")
                _stop_pid(svc, pid, sig)
                _pidfile(svc).unlink(missing_ok=True)
            # and any other of ours no pid file names (a second JVM of a retried start)
            for stray in _strays(svc, pid):
                _log(f"stopping stray {svc} (pid {stray}, on {STACK_DIR}, in no pid file)")
                _stop_pid(svc, stray, sig)
        state = _load_state()
        _write_json(STACK_DIR / "stack.json", _info(state))


def status() -> dict:
    state = _load_state()
    info = _info(state)
    probes = {
        "redis": _redis_probe,
        "postgres": _pg_probe,
        "mariadb": _mariadb_probe,
        "kafka": _kafka_probe,
        "connect": _connect_probe,
    }
    health = {}
    for svc in SERVICES:
        port = state.get("ports", {}).get(svc)
        pid = _running_pid(svc)
        ok = False
        if pid and port:
            try:
                ok = bool(probes[svc](port))
            except Exception:
                ok = False
        health[svc] = {"pid": pid, "port": port, "healthy": ok}
    info["health"] = health
    return info


def env_exports(info: dict | None = None) -> str:
    info = info or _info(_load_state())
    pairs = [
        ("KAFKA_BOOTSTRAP_SERVERS", info.get("kafka_bootstrap")),
        ("REDIS_URL", info.get("redis_url")),
        ("POSTGRES_DSN", info.get("postgres_dsn")),
        ("MARIADB_URL", info.get("mariadb_url")),
        ("CONNECT_URL", info.get("connect_url")),
        ("KAFKA_SASL_BOOTSTRAP", info.get("kafka_sasl_bootstrap")),
        ("KAFKA_SASL_USERNAME", info.get("kafka_sasl_username")),
        ("KAFKA_SASL_PASSWORD", info.get("kafka_sasl_password")),
    ]
    return "export " + " ".join(f"{k}={v}" for k, v in pairs if v)


def _print_versions(v: dict) -> None:
    print(
        "versions: "
        + ", ".join(
            f"{k}={v.get(k) or 'n/a'}"
            for k in (
                "kafka",
                "connect",
                "debezium",
                "debezium_mariadb",
                "postgresql",
                "mariadb",
                "redis",
                "chdb",
                "java",
            )
        )
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="stack.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install", help="install missing apt packages and Maven jars")
    p_up = sub.add_parser("up", help="start services (idempotent)")
    p_up.add_argument("--only", help=f"comma list of {','.join(SERVICES)}")
    p_down = sub.add_parser("down", help="stop services")
    p_down.add_argument("--only", help="comma list")
    sub.add_parser("status", help="show pids, ports, health")
    sub.add_parser("versions", help="print component versions")
    sub.add_parser("env", help="print shell exports")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "install":
            t0 = time.monotonic()
            v = install()
            _print_versions(v)
            _log(f"install done in {time.monotonic() - t0:.1f}s")
        elif a.cmd == "up":
            t0 = time.monotonic()
            info = up(a.only.split(",") if a.only else None)
            _print_versions(info["versions"])
            print(json.dumps(info, indent=2, sort_keys=True))
            _log(f"up done in {time.monotonic() - t0:.1f}s")
        elif a.cmd == "down":
            down(a.only.split(",") if a.only else None)
        elif a.cmd == "status":
            info = status()
            print(json.dumps(info, indent=2, sort_keys=True))
            return 0 if all(h["healthy"] for h in info["health"].values()) else 3
        elif a.cmd == "versions":
            v = versions()
            _print_versions(v)
            print(json.dumps(v, indent=2, sort_keys=True))
        elif a.cmd == "env":
            info = _info(_load_state())
            if not any(
                k in info
                for k in (
                    "kafka_bootstrap",
                    "redis_url",
                    "postgres_dsn",
                    "mariadb_url",
                    "connect_url",
                )
            ):
                raise StackError("no stack state: run `stack.py up` first")
            print(env_exports(info))
    except StackError as e:
        print(f"stack: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
