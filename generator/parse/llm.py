"""LLM request parsing against any OpenAI-compatible chat completions endpoint.

One `parse_with_llm` call:
1. builds the messages: prompts/system.md with the spec's JSON schema and the domain presets
   filled in at run time, then prompts/examples/*.yaml as user/assistant turns;
2. asks for JSON (`response_format` json_schema, not strict; see `_Endpoint`);
3. validates the answer: JSON (finite numbers only), the pydantic spec with its semantic checks,
   and that every name the request quotes is used verbatim; the errors go back to the model, at
   most twice;
4. caches the valid answer (not with `use_cache=False`), then runs the hallucination guard
   (`invented_names`): a name that neither the request, the sample, a preset nor a default naming
   rule gives is refused, or kept and listed in `assumptions` with `allow_inferred`; and lists in
   `assumptions` every filter, window, aggregate and sink value the request does not state
   (`llm_stated.unstated_values`).

Environment: OPENAI_BASE_URL, OPENAI_API_KEY (any placeholder for a local server), ETL_GEN_MODEL,
ETL_GEN_LLM_TIMEOUT (seconds for the whole call: requests, retries, waits and repair rounds),
ETL_GEN_LLM_RETRIES, ETL_GEN_CACHE_DIR. An answer over 256 KB is refused; a repair round echoes
at most 16,000 characters of the answer and 20 problems of at most 300 characters.
"""

import email.utils
import functools
import hashlib
import json
import logging
import math
import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from random import random
from typing import Any, cast

import openai
import yaml
from pydantic import ValidationError

from ..errors import RequestNotUnderstood, SpecError, UserError
from ..resources import resource_dir
from ..spec import (
    ClickHouseSink,
    Enrich,
    IntervalJoin,
    KafkaSink,
    Pipeline,
    RedisSink,
    Schema,
    TableJoin,
    spec_to_dict,
)
from ..spec.presets import CDC_TABLES, PRESETS, PROFILE_FIELDS, declared_names
from ..spec.source import DebeziumFormat
from .llm_stated import unstated_values

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
MAX_REPAIRS = 2

Message = dict[str, str]


class LLMUnavailable(UserError):
    """The endpoint could not be reached or kept failing; the offline parser may stand in."""


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    base_url: str
    api_key: str
    model: str
    timeout: float
    retries: int

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            base_url=env.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL,
            # the client insists on a key; local servers accept any
            api_key=env.get("OPENAI_API_KEY") or "not-needed",
            model=env.get("ETL_GEN_MODEL") or DEFAULT_MODEL,
            timeout=_env_number("ETL_GEN_LLM_TIMEOUT", 60.0, positive=True),
            retries=int(_env_number("ETL_GEN_LLM_RETRIES", 2)),
        )


def _env_number(name: str, default: float, *, positive: bool = False) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0 if positive else value >= 0) or not math.isfinite(value):
        kind = "positive" if positive else "non-negative"
        raise UserError(f"{name}={raw!r} is not a {kind} number")
    return value


# --- prompt ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    request: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class Prompt:
    version: str  # VERSION plus a digest of the texts: any prompt or spec change misses the cache
    system: str
    examples: tuple[Example, ...]
    schema: dict[str, Any]

    def messages(self, request: str, sample_schema: Schema | None) -> list[Message]:
        out = [{"role": "system", "content": self.system}]
        for example in self.examples:
            out.append({"role": "user", "content": user_message(example.request, None)})
            out.append({"role": "assistant", "content": json.dumps(example.spec)})
        out.append({"role": "user", "content": user_message(request, sample_schema)})
        return out


def user_message(request: str, sample_schema: Schema | None) -> str:
    text = f"Request: {request}"
    if sample_schema is not None:
        fields = [f.model_dump(mode="json", exclude_defaults=True) for f in sample_schema.fields]
        text += (
            "\n\nInput fields inferred from a sample file (use exactly these as schema.fields): "
            + json.dumps(fields)
        )
    return text


def load_example(path: Path) -> Example:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not (isinstance(data, dict) and isinstance(data.get("request"), str)):
        raise ValueError(f"{path}: a prompt example needs a 'request' string and a 'spec' mapping")
    if not isinstance(data.get("spec"), dict):
        raise ValueError(f"{path}: a prompt example needs a 'spec' mapping")
    return Example(request=" ".join(data["request"].split()), spec=data["spec"])


def presets_text() -> str:
    def describe(fields: list[Any]) -> str:
        return ", ".join(f"{f.name} {f.type}{'' if f.required else ' optional'}" for f in fields)

    lines = [f"- `{name}`: {describe(fields)}" for name, fields in PRESETS.items()]
    profile = ", ".join(f"{src} -> {target} {kind}" for src, target, kind in PROFILE_FIELDS)
    lines.append(f"- Redis user profiles (Redis field -> event field): {profile}")
    for table in CDC_TABLES.values():
        keys = ", ".join(table.primary_key)
        lines.append(f"- CDC table `{table.name}` (primary key {keys}): {describe(table.columns)}")
    return "\n".join(lines)


@functools.cache
def load_prompt() -> Prompt:
    folder = resource_dir("prompts")
    schema = Pipeline.model_json_schema(by_alias=True)
    system = (
        (folder / "system.md")
        .read_text(encoding="utf-8")
        .replace("{{PRESETS}}", presets_text())
        .replace("{{SCHEMA}}", json.dumps(schema, sort_keys=True, separators=(",", ":")))
    )
    examples = tuple(load_example(p) for p in sorted((folder / "examples").glob("*.yaml")))
    texts = [system] + [json.dumps([e.request, e.spec], sort_keys=True) for e in examples]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    version = (folder / "VERSION").read_text(encoding="utf-8").strip()
    return Prompt(f"{version}+{digest}", system, examples, schema)


# --- the endpoint ---------------------------------------------------------------------------

MAX_ANSWER_BYTES = 256 * 1024  # a spec is a few KB; anything near this is a runaway answer
# the HTTP body around the answer: JSON escaping may grow the text up to 6x (\uXXXX)
MAX_BODY_BYTES = 6 * MAX_ANSWER_BYTES + 64 * 1024
RETRYABLE_STATUSES = frozenset({408, 409, 429})
INITIAL_BACKOFF = 0.5  # seconds, doubling per retry up to MAX_BACKOFF (openai's own schedule)
MAX_BACKOFF = 8.0


class _Deadline:
    """The time left of ETL_GEN_LLM_TIMEOUT, which bounds the whole `parse_with_llm` call."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()


class _DeadlinePassed(Exception):
    pass


class _TooLarge(Exception):
    pass


class _Endpoint:
    """One chat completions endpoint, asked under one deadline.

    Retries are ours (the client's are off) so that they share the deadline: connection errors,
    408/409/429 and 5xx are retried with exponential backoff (0.5 s doubling to 8 s) or after the
    server's Retry-After, unless that wait does not fit in the time left. Each attempt runs in a
    worker thread that the caller waits for at most the time left, and the worker reads the body
    in chunks, stopping at the deadline or at MAX_BODY_BYTES: a server that trickles its answer
    or sends megabytes is cut off, not waited for.
    """

    def __init__(self, settings: Settings, deadline: _Deadline) -> None:
        self.settings = settings
        self.deadline = deadline
        self.client = openai.OpenAI(
            base_url=settings.base_url, api_key=settings.api_key, max_retries=0
        )
        # Non-strict json_schema first: OpenAI strict mode rejects pydantic's schema (oneOf
        # discriminated unions, optional properties with defaults), and we validate with pydantic
        # anyway. A server that rejects the request with 400 gets plain JSON mode instead.
        schema = {"name": "pipeline_spec", "schema": load_prompt().schema, "strict": False}
        self.variants: list[dict[str, Any]] = [
            {"response_format": {"type": "json_schema", "json_schema": schema}, "temperature": 0},
            {"response_format": {"type": "json_object"}},
        ]
        self.tries = 0

    def ask(self, messages: list[Message]) -> str:
        failures = 0
        while True:
            self.tries += 1
            try:
                return self._content(self._attempt(messages))
            except openai.BadRequestError as error:
                if len(self.variants) > 1:
                    log.info("%s rejected json_schema; using JSON mode", self.settings.base_url)
                    self.variants.pop(0)
                    continue
                raise self._unavailable(error) from None
            except (openai.APITimeoutError, _DeadlinePassed):
                raise self._late() from None
            except _TooLarge:
                raise LLMUnavailable(
                    f"{self.settings.base_url} sent more than {MAX_BODY_BYTES // 1024} KB; "
                    f"etl-gen reads at most that and accepts an answer of at most "
                    f"{MAX_ANSWER_BYTES // 1024} KB (a spec is a few KB)"
                ) from None
            except openai.APIError as error:
                failures += 1
                wait = self._retry_wait(error, failures)
                if wait is None or failures > self.settings.retries:
                    raise self._unavailable(error) from None
                if wait >= self.deadline.remaining():
                    raise self._unavailable(error, waited_out=wait) from None
                log.info("%s: %s; retrying in %.1f s", self.settings.base_url, error, wait)
                time.sleep(wait)

    def _attempt(self, messages: list[Message]) -> bytes:
        """The response body of one request, within the time left."""
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise _DeadlinePassed
        result: list[bytes] = []
        failure: list[BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                result.append(self._request(messages, remaining))
            except BaseException as error:  # handed to the waiting caller
                failure.append(error)
            finally:
                done.set()

        threading.Thread(target=run, name="etl-gen-llm", daemon=True).start()
        if not done.wait(remaining):
            self.client.close()  # aborts the worker's connection at its next read
            raise _DeadlinePassed
        if failure:
            raise failure[0]
        return result[0]

    def _request(self, messages: list[Message], timeout: float) -> bytes:
        create = self.client.chat.completions.with_streaming_response.create
        with create(
            model=self.settings.model,
            messages=cast(Any, messages),
            timeout=timeout,
            **self.variants[0],
        ) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise _TooLarge
                if self.deadline.remaining() <= 0:
                    raise _DeadlinePassed
            return bytes(body)

    def _retry_wait(self, error: openai.APIError, failures: int) -> float | None:
        """Seconds to wait before retrying after `error`, or None when it is not retryable."""
        backoff = min(INITIAL_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF) * (1 - 0.25 * random())
        if isinstance(error, openai.APIConnectionError):
            return backoff
        if not isinstance(error, openai.APIStatusError):
            return None
        headers = error.response.headers
        should_retry = headers.get("x-should-retry")
        if should_retry == "false" or (
            should_retry != "true"
            and error.status_code not in RETRYABLE_STATUSES
            and error.status_code < 500
        ):
            return None
        asked = _retry_after(headers)
        return backoff if asked is None else asked

    def _content(self, body: bytes) -> str:
        where = self.settings.base_url
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            raise LLMUnavailable(f"{where} answered with a body that is not JSON") from None
        choices = data.get("choices") if isinstance(data, dict) else None
        if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
            raise LLMUnavailable(f"{where} returned no answer (empty 'choices')")
        choice = choices[0]
        message = choice.get("message")
        if not isinstance(message, dict):
            message = {}
        refusal = message.get("refusal")
        if refusal:
            raise RequestNotUnderstood(f"the model declined the request: {_clip(str(refusal))}")
        if choice.get("finish_reason") == "content_filter":
            raise RequestNotUnderstood("the model's content filter stopped the answer")
        content = message.get("content") or ""
        if not isinstance(content, str):
            raise LLMUnavailable(f"{where} returned an answer that is not text")
        size = len(content.encode("utf-8", errors="replace"))
        if size > MAX_ANSWER_BYTES:
            raise LLMUnavailable(
                f"{where} sent an answer of {size // 1024} KB; etl-gen accepts at most "
                f"{MAX_ANSWER_BYTES // 1024} KB (a spec is a few KB)"
            )
        return content

    def _tries(self) -> str:
        return f"{self.tries} {'try' if self.tries == 1 else 'tries'}"

    def _late(self) -> LLMUnavailable:
        return LLMUnavailable(
            f"{self.settings.base_url} did not answer within {self.deadline.seconds:g} s "
            f"({self._tries()}; ETL_GEN_LLM_TIMEOUT bounds the whole call, retries and "
            "repair rounds included)"
        )

    def _unavailable(
        self, error: openai.APIError, waited_out: float | None = None
    ) -> LLMUnavailable:
        where, tries = self.settings.base_url, self._tries()
        if isinstance(error, openai.APIConnectionError):
            return LLMUnavailable(f"cannot reach {where} ({tries}): {error.__cause__ or error}")
        if not isinstance(error, openai.APIStatusError):
            return LLMUnavailable(f"{where}: {error}")
        body = error.body if isinstance(error.body, dict) else {}
        detail = f"HTTP {error.status_code}: {_clip(str(body.get('message') or error.message))}"
        if waited_out is not None:
            left = max(self.deadline.remaining(), 0.0)
            return LLMUnavailable(
                f"{where} failed ({tries}, {detail}) and asks to wait {waited_out:g} s, more than "
                f"the {left:.1f} s left of ETL_GEN_LLM_TIMEOUT={self.deadline.seconds:g}"
            )
        if isinstance(error, openai.RateLimitError):
            wait = _retry_after(error.response.headers)
            hint = f"; the server asks to wait {wait:g} s" if wait is not None else ""
            return LLMUnavailable(f"{where} is rate-limiting ({tries}, {detail}){hint}")
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMUnavailable(f"{where} refused the API key ({detail}); check OPENAI_API_KEY")
        if isinstance(error, openai.NotFoundError):
            return LLMUnavailable(
                f"{where} has no model {self.settings.model!r} ({detail}); set ETL_GEN_MODEL"
            )
        return LLMUnavailable(f"{where} failed ({tries}, {detail})")


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait a server asks for in retry-after-ms or Retry-After (seconds or an HTTP date)."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            seconds = float(raw) * scale
        except ValueError:
            when = email.utils.parsedate_tz(raw) if name == "retry-after" else None
            if when is None:
                continue
            seconds = email.utils.mktime_tz(when) - time.time()
        if not math.isnan(seconds):
            return max(seconds, 0.0)  # inf: a wait no deadline fits
    return None


def _clip(text: str, limit: int = 300) -> str:
    """`text` cut to `limit` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"


# --- validation -----------------------------------------------------------------------------


class _AnswerError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


_FENCE = re.compile(r"^```(?:json)?\s*\n(.*)\n```$", re.DOTALL)
_REFUSAL = re.compile(
    r"^(i'?m sorry|sorry\b|i (cannot|can't|can ?not|am unable|won't|will not)|as an ai\b)",
    re.IGNORECASE,
)


def _load_json(answer: str) -> dict[str, Any]:
    text = answer.strip()
    fenced = _FENCE.match(text)  # some models wrap JSON in a Markdown fence despite the prompt
    text = fenced.group(1).strip() if fenced else text
    if not text:
        raise _AnswerError(["the answer was empty; reply with the spec as one JSON object"])
    try:
        data = json.loads(text, parse_constant=_non_finite, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        if _REFUSAL.match(text.replace("\u2019", "'")):
            raise RequestNotUnderstood(f"the model declined the request: {_clip(text)}") from None
        raise _AnswerError(
            [f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"]
        ) from None
    except ValueError as error:  # an integer with more digits than Python converts
        raise _AnswerError([f"not valid JSON: {error}"]) from None
    except RecursionError:
        raise _AnswerError(["not valid JSON: nested too deeply"]) from None
    if not isinstance(data, dict):
        raise _AnswerError(["expected one JSON object at the top level"])
    if list(data) == ["refusal"]:
        raise RequestNotUnderstood(f"the model declined the request: {data['refusal']}")
    return data


def _non_finite(word: str) -> float:
    """json's hook for NaN/Infinity, which Python's decoder accepts and JSON does not."""
    raise _AnswerError([f"{word} is not a JSON number; every number must be finite"])


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise _AnswerError([f"the number {_clip(text, 40)} is out of range"])
    return value


def validate_answer(answer: str, request: str) -> Pipeline:
    """The model's answer as a spec, or `_AnswerError` listing what to repair."""
    data = _load_json(answer)
    data["description"] = request  # the request is the description, whatever the model wrote
    try:
        spec = Pipeline.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"]) or "(top level)"
            problems.append(f"{where}: {item['msg'].removeprefix('Value error, ')}")
        raise _AnswerError(problems) from None
    missing = unused_literals(request, spec)
    if missing:
        raise _AnswerError(
            [f"the request names {n!r} but the answer never uses it verbatim" for n in missing]
        )
    return spec


MAX_PROBLEMS = 20  # validation errors sent back per repair round, each cut to PROBLEM_CHARS
PROBLEM_CHARS = 300
ECHO_CHARS = 16_000  # of the invalid answer, echoed as the assistant turn of a repair round


def bounded_problems(problems: list[str]) -> list[str]:
    """At most MAX_PROBLEMS problems of at most PROBLEM_CHARS each: a repair round (and the final
    error) stays small however much the answer got wrong."""
    kept = [_clip(p, PROBLEM_CHARS) for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        kept.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
    return kept


def repair_message(problems: list[str]) -> str:
    bullets = "\n".join(f"- {p}" for p in bounded_problems(problems))
    return (
        f"Your answer is not a valid pipeline spec:\n{bullets}\n"
        "Fix these problems and reply with the complete corrected spec as one JSON object only. "
        "Copy names from the request exactly."
    )


# --- literals the request gives -------------------------------------------------------------

_QUOTED = re.compile(r"(?<!\w)['\"`\u2018\u201c]([\w.:-]*[A-Za-z][\w.:-]*)['\"`\u2019\u201d](?!\w)")
_SNAKE_OR_DOTTED = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+(?![\w-])")
_TOPIC_WORD = re.compile(r"\btopics?\s+([A-Za-z0-9][\w.-]*[.-][\w.-]*[A-Za-z0-9])", re.IGNORECASE)


def extract_literals(request: str) -> list[str]:
    """Names the request spells out: quoted words, snake_case or dotted words, and kebab-case
    words right after "topic". Plain English words (even "real-time") are not literals."""
    found = [m.group(1) for m in _QUOTED.finditer(request)]
    rest = _QUOTED.sub(" ", request)
    found += [m.group(1) for m in _TOPIC_WORD.finditer(rest)]
    for match in _SNAKE_OR_DOTTED.finditer(rest):
        if all(len(part) > 1 for part in re.split(r"[_.]", match.group())):  # not "e.g"
            found.append(match.group())
    return list(dict.fromkeys(found))


def _answer_strings(value: Any) -> set[str]:
    if isinstance(value, str):  # with the parts of "host:port,host:port", "user:profile:"
        return {value, *re.split(r"[,:/]", value)}  # and "/etc/kafka/ca.pem"
    if isinstance(value, dict):
        return set().union(*(_answer_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_answer_strings(v) for v in value))
    return set()


def unused_literals(request: str, spec: Pipeline) -> list[str]:
    """Request literals the spec never uses verbatim (a dotted one may be split into its parts:
    'analytics.page_views' as database and table)."""
    data = spec_to_dict(spec)
    data.pop("description", None)  # it quotes the request: everything would match
    data.pop("assumptions", None)
    used = _answer_strings(data)
    return [
        name
        for name in extract_literals(request)
        if name not in used and not ("." in name and set(name.split(".")) <= used)
    ]


# --- hallucination guard --------------------------------------------------------------------

DEFAULT_DATABASES = frozenset({"analytics", "default"})  # the spec's default; ClickHouse's own
CDC_DATABASES = frozenset({"replica"})
DEFAULT_DB_SCHEMAS = frozenset({"public"})  # PostgreSQL's default schema


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> tuple[str, ...]:
    return tuple(_singular(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


class KnownNames:
    """A name is known when its words (split on any separator, singular) appear in that order in
    the request, or it is a sample field or a preset name: 'user_events' matches 'user-events'
    and "user events"; 'user:profile:' matches "user profiles"."""

    def __init__(self, request: str, sample_schema: Schema | None) -> None:
        self.request = _words(request)
        names = declared_names() | set(PRESETS) | set(CDC_TABLES)
        if sample_schema is not None:
            names |= set(sample_schema.names())
        self.declared = {_words(n) for n in names}

    def __contains__(self, name: str) -> bool:
        words = _words(name)
        if not words or words in self.declared:
            return True
        n = len(words)
        return any(self.request[i : i + n] == words for i in range(len(self.request) - n + 1))


def invented_names(spec: Pipeline, request: str, sample_schema: Schema | None) -> list[str]:
    """Every external name in `spec` that nothing vouches for, as "what 'name' (path)".

    Checked: topics, ClickHouse database and table, Redis key prefixes, input field names
    (schema, Redis lookup fields, join fields, CDC tables and columns), the preset. Allowed
    defaults: dead-letter "<source topic>-dlq" or "<pipeline-name>-dlq"; ClickHouse database
    analytics/default (replica for CDC), a table named after the pipeline; Debezium server name
    from the pipeline name; db schema public. Not checked: the pipeline name, the consumer group
    id, and names the pipeline itself creates (aggregates, enrich/join targets, session fields);
    the spec's own validation already ties every field reference to a declared field.
    """
    known = KnownNames(request, sample_schema)
    found: list[str] = []
    dashed = spec.name.replace("_", "-")

    def check(what: str, value: str | None, path: str, defaults: set[str] | None = None) -> None:
        if value and value not in (defaults or set()) and value not in known:
            found.append(f"{what} {value!r} ({path})")

    fmt = spec.source.format
    if isinstance(fmt, DebeziumFormat):  # its topics derive from server name and tables
        server = {spec.name, dashed}
        check("Debezium server name", fmt.server_name, "source.format.server_name", server)
        check("PostgreSQL database", fmt.dbname, "source.format.dbname")
        for i, table in enumerate(fmt.tables):
            at = f"source.format.tables[{i}]"
            check("CDC table", table.name, f"{at}.name")
            check("database schema", table.db_schema, f"{at}.db_schema", set(DEFAULT_DB_SCHEMAS))
            check("ClickHouse table", table.target_table, f"{at}.target_table", {table.name})
            for j, column in enumerate(table.columns):
                check("column", column.name, f"{at}.columns[{j}].name")
    else:
        for i, topic in enumerate(spec.source.topics):
            check("source topic", topic, f"source.topics[{i}]")
    preset = spec.schema_.preset
    if preset and preset not in PRESETS:
        found.append(f"preset {preset!r} (schema.preset; known: {', '.join(PRESETS)})")
    for i, field in enumerate(spec.schema_.fields):
        check("field", field.name, f"schema.fields[{i}].name")
    for i, op in enumerate(spec.operators):
        at = f"operators[{i}]"
        if isinstance(op, Enrich):
            check("Redis key prefix", op.key_prefix, f"{at}.key_prefix")
            for j, mapping in enumerate(op.fields):
                check("Redis field", mapping.source, f"{at}.fields[{j}].source")
        elif isinstance(op, IntervalJoin | TableJoin):
            topic, key = (
                (op.right_topic, "right_topic")
                if isinstance(op, IntervalJoin)
                else (op.table_topic, "table_topic")
            )
            check("join topic", topic, f"{at}.{key}")
            for j, field in enumerate(op.right_fields):
                check("join field", field.name, f"{at}.right_fields[{j}].name")
    databases = set(DEFAULT_DATABASES | (CDC_DATABASES if spec.is_cdc else frozenset()))
    for i, sink in enumerate(spec.sinks):
        at = f"sinks[{i}]"
        if isinstance(sink, ClickHouseSink):
            check("ClickHouse database", sink.database, f"{at}.database", databases)
            check("ClickHouse table", sink.table, f"{at}.table", {spec.name})
        elif isinstance(sink, KafkaSink):
            check("sink topic", sink.topic, f"{at}.topic")
            for j, header in enumerate(sink.headers):
                check("Kafka header", header.name, f"{at}.headers[{j}].name")
                check("Kafka header value", header.value, f"{at}.headers[{j}].value")
        elif isinstance(sink, RedisSink):
            check("Redis key prefix", sink.key_prefix, f"{at}.key_prefix")
            for text, _ in sink.key_parts() if sink.key_template else []:
                check("Redis key template text", text, f"{at}.key_template")
    dead_letters = {f"{t}-dlq" for t in spec.source.topics} | {f"{dashed}-dlq", f"{spec.name}-dlq"}
    check("dead-letter topic", spec.dead_letter_topic, "dead_letter_topic", dead_letters)
    return found


def _guard(
    spec: Pipeline, request: str, sample_schema: Schema | None, allow_inferred: bool
) -> Pipeline:
    invented = invented_names(spec, request, sample_schema)
    if invented and not allow_inferred:
        listing = "\n".join(f"  - {name}" for name in invented)
        raise SpecError(
            f"the LLM's answer uses names the request does not give:\n{listing}\n"
            "name them in the request (or a --sample file), or pass --allow-inferred to keep "
            "them as assumptions"
        )
    notes = [f"chosen by the LLM, not named in the request: {name}" for name in invented]
    notes += [
        f"chosen by the LLM, not stated in the request: {value}"
        for value in unstated_values(spec, request)
    ]
    assumptions = list(dict.fromkeys([*spec.assumptions, *notes]))
    if assumptions == spec.assumptions:
        return spec
    return spec.model_copy(update={"assumptions": assumptions})


# --- cache ----------------------------------------------------------------------------------


def cache_dir() -> Path:
    configured = os.environ.get("ETL_GEN_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "etl-gen" / "llm"


def cache_key(request: str, model: str, prompt_version: str, sample_schema: Schema | None) -> str:
    material = {
        "request": request,
        "model": model,
        "prompt_version": prompt_version,
        "sample_schema": sample_schema.model_dump(mode="json") if sample_schema else None,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _cache_read(key: str, request: str) -> Pipeline | None:
    try:
        entry = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
        return validate_answer(json.dumps(entry["spec"]), request)
    except (OSError, ValueError, KeyError, TypeError, _AnswerError, UserError):
        return None  # missing, unreadable or no longer valid: ask again


def _cache_write(key: str, entry: dict[str, Any]) -> None:
    folder = cache_dir()
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(entry, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, folder / f"{key}.json")  # atomic: readers never see half a file
    except OSError as error:
        log.warning("cannot write the LLM cache in %s: %s", folder, error)


# --- entry point ----------------------------------------------------------------------------


def _ask_until_valid(endpoint: _Endpoint, messages: list[Message], request: str) -> Pipeline:
    problems: list[str] = []
    for _ in range(1 + MAX_REPAIRS):
        answer = endpoint.ask(messages)
        try:
            return validate_answer(answer, request)
        except _AnswerError as invalid:
            problems = invalid.problems
        messages = [
            *messages,
            {"role": "assistant", "content": _clip(answer, ECHO_CHARS)},
            {"role": "user", "content": repair_message(problems)},
        ]
    listing = "\n".join(f"  - {p}" for p in bounded_problems(problems))
    raise SpecError(
        f"the LLM's answer was still invalid after {MAX_REPAIRS} repair rounds:\n{listing}\n"
        "rephrase the request, use --offline, or write a spec file for `etl-gen generate`"
    )


def parse_with_llm(
    request: str, *, sample_schema: Schema | None, use_cache: bool, allow_inferred: bool
) -> Pipeline:
    """Ask the configured model for a spec; `use_cache=False` neither reads nor writes the cache.

    ETL_GEN_LLM_TIMEOUT bounds the whole call: every request, retry, wait and repair round.
    """
    settings = Settings.from_env()
    prompt = load_prompt()
    key = cache_key(request, settings.model, prompt.version, sample_schema)
    spec = _cache_read(key, request) if use_cache else None
    if spec is None:
        messages = prompt.messages(request, sample_schema)
        endpoint = _Endpoint(settings, _Deadline(settings.timeout))
        try:
            spec = _ask_until_valid(endpoint, messages, request)
        finally:
            endpoint.client.close()
        if use_cache:
            entry = {
                "request": request,
                "model": settings.model,
                "prompt_version": prompt.version,
                "spec": spec_to_dict(spec),
            }
            _cache_write(key, entry)
    # the guard runs on cached answers too, so --allow-inferred decides per call
    return _guard(spec, request, sample_schema, allow_inferred)
