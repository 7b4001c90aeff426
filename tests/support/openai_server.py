"""A real HTTP server speaking OpenAI chat completions, replaying scripted replies.

The openai client runs unmodified against it: tests point OPENAI_BASE_URL at `server.base_url`.
Each POST /v1/chat/completions takes the next `Reply` (a JSON body or raw text, a status code,
headers such as Retry-After, a delay to provoke client timeouts, a trickle: the body sent a few
bytes at a time with a pause between) and is recorded in `requests` so tests can assert what the
client sent, e.g. the repair messages. Once the script is used up, the `default` reply (if any)
answers every request.

Run standalone to try the CLI by hand against a fixed answer:
    python -m tests.support.openai_server SPEC.json   # prints the base URL, serves until Ctrl-C
    OPENAI_BASE_URL=<that URL> etl-gen spec "..." --llm --no-cache
"""

import argparse
import contextlib
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass
class Reply:
    body: Any = None  # dict/list -> JSON, str -> sent as is
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    trickle: float = 0.0  # seconds between chunks of the body (0: send it at once)
    chunk: int = 1  # bytes per chunk when trickling


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]  # names in lower case
    body: Any

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))


def completion(
    content: str | None = None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str = "test-model",
) -> dict[str, Any]:
    """A chat.completion body with one choice."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def answer(spec_or_text: dict[str, Any] | str) -> Reply:
    """A 200 reply whose message content is the given spec (as JSON) or raw text."""
    text = spec_or_text if isinstance(spec_or_text, str) else json.dumps(spec_or_text)
    return Reply(completion(text))


def huge_answer(size: int) -> Reply:
    """A 200 reply whose message content is `size` bytes: a JSON object padded with spaces."""
    head = '{"name": "huge"'
    return answer(head + " " * max(size - len(head) - 1, 0) + "}")


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"message": message, "type": "test_error", "code": None, "param": None}}
    return Reply(body, status=status, headers=headers or {})


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode(errors="replace")
        script = self.server.script
        headers = {name.lower(): value for name, value in self.headers.items()}
        script.record(Recorded(self.path, headers, body))
        if self.path != COMPLETIONS_PATH:
            reply = error(404, f"no route {self.path}")
        else:
            reply = script.next_reply()
        if reply.delay and script.stopping.wait(reply.delay):
            return
        payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        data = payload.encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if not reply.trickle:
                self.wfile.write(data)
                return
            for start in range(0, len(data), reply.chunk):
                self.wfile.write(data[start : start + reply.chunk])
                self.wfile.flush()
                if script.stopping.wait(reply.trickle):
                    return
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Script:
    def __init__(self, default: Reply | None) -> None:
        self.default = default
        self.replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    def next_reply(self) -> Reply:
        with self._lock:
            if self.replies:
                return self.replies.popleft()
        if self.default is not None:
            return self.default
        # 418 is not retried by the client, so a test that asks too often fails fast
        return error(418, "the scripted server has no reply left")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler sleeping out a timeout must not block shutdown
    script: _Script


class ScriptedOpenAIServer:
    """`with ScriptedOpenAIServer([answer(spec)]) as server: ... server.requests`"""

    def __init__(self, replies: Iterable[Reply] = (), *, default: Reply | None = None) -> None:
        self._script = _Script(default)
        self.add(*replies)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.script = self._script
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def requests(self) -> list[Recorded]:
        return list(self._script.requests)

    @property
    def remaining(self) -> int:
        return len(self._script.replies)

    def add(self, *replies: Reply) -> None:
        self._script.replies.extend(replies)

    def start(self) -> "ScriptedOpenAIServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._script.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "ScriptedOpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def use_server(monkeypatch: pytest.MonkeyPatch, server: ScriptedOpenAIServer, cache: Any) -> None:
    """Point etl-gen's LLM parser at `server`, with a private cache and short timeouts."""
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("ETL_GEN_MODEL", "test-model")
    monkeypatch.setenv("ETL_GEN_CACHE_DIR", str(cache))
    monkeypatch.setenv("ETL_GEN_LLM_TIMEOUT", "5")
    monkeypatch.setenv("ETL_GEN_LLM_RETRIES", "2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve one spec as every chat completion.")
    parser.add_argument("answer", help="a file whose text is the answer (a spec as JSON, say)")
    args = parser.parse_args(argv)
    with open(args.answer, encoding="utf-8") as file:
        text = file.read()
    with ScriptedOpenAIServer(default=answer(text)) as server:
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
