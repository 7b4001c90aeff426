"""The stack says how a service it started ended, so a startup failure can be diagnosed."""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "stack"))
import stack  # scripts/stack/stack.py


def _reaped(cmd: list[str]) -> int:
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 10
    while stack._pid_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc.pid


def test_a_child_killed_by_a_signal_is_described_with_the_signal() -> None:
    pid = _reaped(["sh", "-c", "kill -9 $$"])
    assert stack._exit_description(pid) == (
        "killed by signal SIGKILL (SIGKILL from outside: often the kernel's OOM killer)"
    )


def test_a_child_that_exits_is_described_with_its_exit_code() -> None:
    pid = _reaped(["sh", "-c", "exit 3"])
    assert stack._exit_description(pid) == "exit code 3"


def test_a_process_we_did_not_reap_has_an_unknown_status() -> None:
    assert stack._exit_description(1) == "not our child: exit status unknown"
