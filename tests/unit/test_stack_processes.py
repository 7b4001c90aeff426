"""The stack finds its own service processes by command line (to adopt them on `up` and stop
strays on `down`), never another stack's, and tells a just-spawned child from a dead one."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "stack"))
import stack  # scripts/stack/stack.py

OURS = Path("/work/wt/a/.stack")
OTHER = Path("/work/wt/a/.stack2")  # a path that starts with ours: must not count
JAVA = ["/usr/bin/java", "-Xmx512m", "-Detlgen.stack.service=connect", "-cp", "lib/*"]


def connect(stack_dir: Path) -> list[str]:
    props = stack_dir / "connect" / "connect-standalone.properties"
    return [*JAVA, "org.apache.kafka.connect.cli.ConnectStandalone", str(props)]


def kafka(stack_dir: Path, main: str = "kafka.Kafka") -> list[str]:
    return [*JAVA[:2], "-cp", "lib/*", main, str(stack_dir / "kafka" / "server.properties")]


TABLE = [
    (10, 500.0, connect(OURS), ""),  # started later than 11
    (11, 400.0, connect(OURS), ""),
    (12, 100.0, connect(OTHER), ""),  # another agent's stack
    (13, 100.0, ["vi", str(OURS / "connect" / "connect-standalone.properties")], ""),
    (20, 100.0, kafka(OURS), ""),
    (21, 100.0, kafka(OURS, main="kafka.admin.ConfigCommand"), ""),  # a short admin run
    (22, 100.0, kafka(OTHER), ""),
    (30, 100.0, ["/usr/lib/postgresql/16/bin/postgres", "-D", str(OURS / "postgres" / "data")], ""),
    (31, 100.0, ["/usr/lib/postgresql/16/bin/pg_ctl", "-D", str(OURS / "postgres" / "data")], ""),
    (32, 100.0, ["postgres: checkpointer"], ""),
    (40, 100.0, ["/usr/sbin/mariadbd", f"--defaults-file={OURS / 'mariadb' / 'my.cnf'}"], ""),
    (41, 100.0, ["mariadb-install-db", f"--defaults-file={OURS / 'mariadb' / 'my.cnf'}"], ""),
    (50, 100.0, ["redis-server 127.0.0.1:6379"], str(OURS / "redis")),
    (51, 100.0, ["redis-server 127.0.0.1:6380"], str(OTHER / "redis")),
    (52, 100.0, ["redis-cli -p 6379"], str(OURS / "redis")),  # a client in our dir
]


def test_our_processes_of_each_service_oldest_first() -> None:
    found = {svc: stack._our_processes(svc, TABLE, OURS) for svc in stack.SERVICES}
    assert found == {
        "connect": [11, 10],
        "kafka": [20],
        "postgres": [30],
        "mariadb": [40],
        "redis": [50],  # by its working directory: its title carries no path
    }


def test_another_stacks_processes_are_never_ours() -> None:
    assert stack._our_processes("connect", TABLE, OTHER) == [12]
    assert stack._our_processes("kafka", TABLE, OTHER) == [22]
    assert stack._our_processes("redis", TABLE, OTHER) == [51]
    assert stack._our_processes("connect", TABLE, Path("/work/wt/a")) == []


def test_the_real_process_table_holds_a_child_with_its_argv() -> None:
    child = subprocess.Popen(["sleep", "30.5"])
    try:
        deadline = time.monotonic() + 10
        while True:
            argv = {pid: argv for pid, _, argv, _ in stack._process_table()}.get(child.pid)
            if argv == ["sleep", "30.5"] or time.monotonic() > deadline:
                break
            time.sleep(0.05)  # its command line is blank until its exec is done
        assert argv == ["sleep", "30.5"]
    finally:
        child.kill()
        child.wait()


def test_a_redis_in_our_data_dir_is_found_by_its_working_directory(tmp_path: Path) -> None:
    # the title a daemonized redis-server sets, in the data dir `--dir` made it change to
    (tmp_path / "redis").mkdir()
    title = "exec -a 'redis-server 127.0.0.1:1' sleep 30.5"
    child = subprocess.Popen(["bash", "-c", title], cwd=tmp_path / "redis")
    try:
        deadline = time.monotonic() + 10
        while True:
            found = stack._our_processes("redis", stack._process_table(), tmp_path)
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert found == [child.pid]
        assert stack._our_processes("redis", stack._process_table(), tmp_path / "x") == []
    finally:
        child.kill()
        child.wait()


PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1
   1: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 222 1
   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1
"""


def test_listening_sockets_of_a_port_from_proc_net_tcp() -> None:
    assert stack._listen_inodes(PROC_NET_TCP, 0x1F90) == {"111"}  # not the connected 222
    assert stack._listen_inodes(PROC_NET_TCP, 0x1F91) == {"333"}
    assert stack._listen_inodes(PROC_NET_TCP, 1234) == set()


def test_the_holder_of_a_real_listening_port_is_found() -> None:
    with stack.socket.socket() as s:
        s.bind((stack.HOST, 0))
        s.listen()
        holders = stack._port_holders(s.getsockname()[1])
    assert [pid for pid, _ in holders] == [stack.os.getpid()]


@pytest.fixture()
def stack_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(stack, "STACK_DIR", tmp_path)
    for svc in stack.SERVICES:
        (tmp_path / svc).mkdir()
    return tmp_path


def test_up_adopts_our_live_process_and_stops_the_others(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = [(7, 300.0, connect(stack_dir), ""), (8, 200.0, connect(stack_dir), "")]
    stopped: list[int] = []
    monkeypatch.setattr(stack, "_process_table", lambda: table)
    monkeypatch.setattr(stack, "_running_pid", lambda svc: None)
    monkeypatch.setattr(stack, "_stop_pid", lambda svc, pid, sig=None: stopped.append(pid))
    assert stack._running_or_adopted("connect") == 8  # the older one
    assert stack._pidfile("connect").read_text() == "8\n"
    assert stopped == [7]


def test_up_keeps_its_own_child_whose_command_line_is_still_blank(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        stack._pidfile("connect").write_text(f"{child.pid}\n")
        monkeypatch.setattr(stack, "_running_pid", lambda svc: None)  # blank: exec under way
        monkeypatch.setattr(stack, "_process_table", lambda: [])
        assert stack._running_or_adopted("connect") == child.pid  # no second one started
    finally:
        child.kill()
        child.wait()


def test_down_stops_strays_no_pid_file_names(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = [(7, 300.0, connect(stack_dir), ""), (9, 100.0, kafka(stack_dir), ""), *TABLE]
    stopped: list[tuple[str, int]] = []
    monkeypatch.setattr(stack, "_process_table", lambda: table)
    monkeypatch.setattr(stack, "_running_pid", lambda svc: 9 if svc == "kafka" else None)
    monkeypatch.setattr(stack, "_stop_pid", lambda svc, pid, sig=None: stopped.append((svc, pid)))
    stack.down(["kafka"])  # stops connect too
    assert stopped == [("connect", 7), ("kafka", 9)]


def test_a_spawned_child_with_a_blank_cmdline_is_still_starting(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        stack._pidfile("connect").write_text(f"{child.pid}\n")
        # what /proc shows while exec is under way: no marker in the command line
        monkeypatch.setattr(stack, "_running_pid", lambda svc: None)
        probes = iter([False, False, True])
        stack._wait_ready("connect", lambda: next(probes), timeout=60)
        assert child.poll() is None
    finally:
        child.kill()
        child.wait()


def test_a_spawned_child_that_exited_fails_at_once_naming_its_log(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = subprocess.Popen(["sh", "-c", "exit 7"])
    stack._pidfile("connect").write_text(f"{child.pid}\n")
    monkeypatch.setattr(stack, "_running_pid", lambda svc: None)
    with pytest.raises(stack.StackError) as e:
        stack._wait_ready("connect", lambda: False, timeout=600)
    assert "connect exited during startup, exit code 7" in str(e.value)
    assert f"read {stack_dir / 'connect' / 'connect.log'}" in str(e.value)


@pytest.mark.parametrize(
    ("load", "cores", "factor"), [(0.5, 2, 1.0), (4.0, 2, 2.0), (40.0, 2, 3.0)]
)
def test_the_readiness_timeout_grows_with_the_load_up_to_a_cap(
    monkeypatch: pytest.MonkeyPatch, load: float, cores: int, factor: float
) -> None:
    monkeypatch.setattr(stack.os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(stack.os, "cpu_count", lambda: cores)
    assert stack._load_factor() == factor


def test_a_retry_adopts_a_port_held_by_our_own_service(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack, "_process_table", lambda: [(7, 1.0, connect(stack_dir), "")])
    monkeypatch.setattr(stack, "_port_holders", lambda port: [(7, "java ...")])
    # no error: the next attempt finds pid 7 by its command line and adopts it
    stack._check_ports_before_retry("connect", {"ports": {"connect": 8083}})


def test_a_retry_refuses_a_port_held_by_a_stranger_naming_it(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack, "_process_table", lambda: [(7, 1.0, connect(OTHER), "")])
    monkeypatch.setattr(stack, "_port_holders", lambda port: [(7, "java other-stack")])
    with pytest.raises(stack.StackError) as e:
        stack._check_ports_before_retry("connect", {"ports": {"connect": 8083}})
    assert "port 127.0.0.1:8083 (connect) is held by another process, pid 7: java other-stack" in (
        str(e.value)
    )
    assert f"read {stack_dir / 'connect' / 'connect.log'}" in str(e.value)


def test_a_retry_names_a_holder_it_cannot_look_into(
    stack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stack, "_process_table", lambda: [])
    monkeypatch.setattr(stack, "_port_holders", lambda port: [(None, "")])
    with pytest.raises(stack.StackError, match="held by another process, a process we cannot"):
        stack._check_ports_before_retry("kafka", {"ports": {"kafka_sasl": 9094}})
