"""A private single-node KRaft broker for one benchmark run, from the stack's own Kafka jars.

The processors read fixed topic names (user-events, sales-events, ...). On the shared stack
broker, an end-to-end test running at the same time recreates those topics under the benchmark
(and the benchmark's cleanup would delete them under the test). A broker of its own, with the
same jars and settings as scripts/stack/stack.py's, keeps both apart; it lives in a temporary
folder and is stopped at the end of the run.
"""

from __future__ import annotations

import base64
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


class PrivateKafka:
    def __init__(self, stack_dir: Path, workdir: Path) -> None:
        self.lib = stack_dir / "lib" / "kafka"
        self.log4j = stack_dir / "kafka" / "log4j2.properties"
        self.dir = workdir
        self.process: subprocess.Popen | None = None
        self.port = 0

    def _java(self, main: str, *args: str) -> list[str]:
        java = shutil.which("java")
        if java is None or not self.lib.is_dir():
            raise RuntimeError(
                "no java or no Kafka jars: run `python scripts/stack/stack.py install`"
            )
        command = [java, "-server", "-Xmx512m", "-Xms256m", "-XX:+UseG1GC",
                   "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                   f"-Dkafka.logs.dir={self.dir}"]  # fmt: skip
        if self.log4j.exists():
            command.append(f"-Dlog4j2.configurationFile={self.log4j}")
        return [*command, "-cp", f"{self.lib}/*", main, *args]

    def start(self, timeout: float = 120) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port, cport = _free_port(), _free_port()
        props = self.dir / "server.properties"
        props.write_text(
            "process.roles=broker,controller\n"
            "node.id=1\n"
            f"controller.quorum.voters=1@{HOST}:{cport}\n"
            f"listeners=PLAINTEXT://{HOST}:{self.port},CONTROLLER://{HOST}:{cport}\n"
            f"advertised.listeners=PLAINTEXT://{HOST}:{self.port}\n"
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
            "controller.listener.names=CONTROLLER\n"
            "inter.broker.listener.name=PLAINTEXT\n"
            f"log.dirs={self.dir / 'data'}\n"
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
        )
        cluster = "-"
        while cluster.startswith("-"):  # the rule of org.apache.kafka.common.Uuid.randomUuid
            cluster = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "-t", cluster, "-c", str(props)),
            check=True, capture_output=True, timeout=180, cwd=self.dir,
        )  # fmt: skip
        log = (self.dir / "kafka.out").open("w")
        self.process = subprocess.Popen(
            self._java("kafka.Kafka", str(props)), cwd=self.dir, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not _port_open(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"private Kafka exited: {self.tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"private Kafka did not listen in {timeout:.0f}s: {self.tail()}")
            time.sleep(0.3)
        return f"{HOST}:{self.port}"

    def tail(self) -> str:
        path = self.dir / "kafka.out"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
