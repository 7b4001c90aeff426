"""A sampling profile of a running processor (py-spy), reduced to its top entries for the report.

py-spy attaches to the processor's pid once it has its partitions, samples it without pausing it
(`--nonblocking`, so the processor's own CPU figures are not inflated) until it exits, and writes
collapsed stacks. The report shows, per function, its share of the samples as the innermost
Python frame ("self") and anywhere on the stack ("total").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

RATE_HZ = 100
# a processor's outer frames, on the stack of every sample its loop takes
ENTRY_FRAMES = frozenset({"<module>", "main", "serve", "Processor.run", "run", "Runner.run"})
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy() -> str | None:
    """The py-spy executable next to this Python, or on PATH (pip install py-spy)."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


class Sampler:
    """`py-spy record` on one process until it exits; `top()` reads what it wrote."""

    def __init__(self, pid: int, out: Path) -> None:
        self.out = out
        self.error: str | None = None
        self.process: subprocess.Popen | None = None
        executable = py_spy()
        if executable is None:
            self.error = "py-spy not installed (pip install py-spy)"
            return
        self.log = out.with_suffix(".log").open("w")
        self.process = subprocess.Popen(
            [executable, "record", "--pid", str(pid), "--rate", str(RATE_HZ), "--nonblocking",
             "--format", "raw", "--output", str(out)],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def top(self, entries: int = 8, timeout: float = 30) -> dict:
        """After the process has exited: {"samples", "self": [...], "total": [...]} or error."""
        if self.process is None:
            return {"error": self.error}
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()
        if not self.out.exists():
            log = self.out.with_suffix(".log").read_text(errors="replace").strip()
            return {"error": f"py-spy wrote no profile: {log[-300:]}"}
        return top_entries(self.out.read_text(errors="replace"), entries)


def _name(frame: str) -> str:
    """'process (/x/generated/sales/sales.py:1063)' -> 'process (sales.py)'."""
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    return f"{match['function']} ({Path(match['file']).name})"


def _outer(name: str) -> bool:
    function, _, where = name.partition(" ")
    return function in ENTRY_FRAMES or where in ("(base_events.py)", "(events.py)", "(runners.py)")


def top_entries(collapsed: str, entries: int) -> dict:
    """Top functions of py-spy's collapsed stacks ("frame;frame;... count" per line)."""
    own: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = [_name(f) for f in stack.split(";") if f]
        if not frames:
            continue
        own[frames[-1]] += n
        for name in set(frames):
            anywhere[name] += n
    if not samples:
        return {"error": "no samples"}

    def share(counted: list[tuple[str, int]]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / samples, 1)) for name, n in counted[:entries]]

    # frames under (nearly) every busy sample say nothing: the module, main, the event loop
    telling = [(name, n) for name, n in anywhere.most_common() if not _outer(name)]
    return {"samples": samples, "self": share(own.most_common()), "total": share(telling)}
