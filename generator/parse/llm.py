"""LLM request parsing against any OpenAI-compatible chat completions endpoint.

One `parse_with_llm` call:
1. builds the messages: prompts/system.md with the spec's JSON schema and the domain presets
   filled in at run time, then prompts/examples/*.yaml as user/assistant turns;
2. asks for JSON (`response_format` json_schema, not strict; see `_Endpoint`);
3. validates the answer: JSON, the pydantic spec with its semantic checks, and that every name
   the request quotes is used verbatim; the errors go back to the model, at most twice;
4. caches the valid answer, then runs the hallucination guard (`invented_names`): a name that
   neither the request, the sample, a preset nor a default naming rule gives is refused, or kept
   and listed in `assumptions` with `allow_inferred`.

Environment: OPENAI_BASE_URL, OPENAI_API_KEY (any placeholder for a local server), ETL_GEN_MODEL,
ETL_GEN_LLM_TIMEOUT (seconds per HTTP request), ETL_GEN_LLM_RETRIES, ETL_GEN_CACHE_DIR.
"""

import functools
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
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
            timeout=_env_number("ETL_GEN_LLM_TIMEOUT", 60.0),
            retries=int(_env_number("ETL_GEN_LLM_RETRIES", 2)),
        )


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        raise UserError(f"{name}={raw!r} is not a non-negative number")
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


class _Endpoint:
    """One chat completions endpoint; retries are openai's own (see README: LLM setup).

    openai retries timeouts, connection errors, 408/409/429 and 5xx with exponential backoff
    (0.5 s doubling to 8 s) and honours Retry-After / retry-after-ms up to 120 s, so we only
    set `max_retries` and map the final error to a message.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key,
            timeout=settings.timeout,
            max_retries=settings.retries,
        )
        # Non-strict json_schema first: OpenAI strict mode rejects pydantic's schema (oneOf
        # discriminated unions, optional properties with defaults), and we validate with pydantic
        # anyway. A server that rejects the request with 400 gets plain JSON mode instead.
        schema = {"name": "pipeline_spec", "schema": load_prompt().schema, "strict": False}
        self.variants: list[dict[str, Any]] = [
            {"response_format": {"type": "json_schema", "json_schema": schema}, "temperature": 0},
            {"response_format": {"type": "json_object"}},
        ]

    def ask(self, messages: list[Message]) -> str:
        while True:
            try:
                completion = self.client.chat.completions.create(
                    model=self.settings.model, messages=cast(Any, messages), **self.variants[0]
                )
            except openai.BadRequestError as error:
                if len(self.variants) > 1:
                    log.info("%s rejected json_schema; using JSON mode", self.settings.base_url)
                    self.variants.pop(0)
                    continue
                raise self._unavailable(error) from None
            except openai.APIError as error:
                raise self._unavailable(error) from None
            return self._content(completion)

    def _content(self, completion: Any) -> str:
        if not getattr(completion, "choices", None):
            raise LLMUnavailable(f"{self.settings.base_url} returned no answer (empty 'choices')")
        choice = completion.choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal:
            raise RequestNotUnderstood(f"the model declined the request: {refusal}")
        if choice.finish_reason == "content_filter":
            raise RequestNotUnderstood("the model's content filter stopped the answer")
        return choice.message.content or ""

    def _unavailable(self, error: openai.APIError) -> LLMUnavailable:
        where, attempts = self.settings.base_url, self.settings.retries + 1
        tries = f"{attempts} {'try' if attempts == 1 else 'tries'}"
        if isinstance(error, openai.APITimeoutError):
            return LLMUnavailable(
                f"{where} did not answer within {self.settings.timeout:g} s ({tries}; "
                "ETL_GEN_LLM_TIMEOUT sets the limit)"
            )
        if isinstance(error, openai.APIConnectionError):
            return LLMUnavailable(f"cannot reach {where}: {error.__cause__ or error}")
        if not isinstance(error, openai.APIStatusError):
            return LLMUnavailable(f"{where}: {error}")
        body = error.body if isinstance(error.body, dict) else {}
        detail = f"HTTP {error.status_code}: {body.get('message') or error.message}"
        if isinstance(error, openai.RateLimitError):
            wait = error.response.headers.get("retry-after")
            hint = f"; the server asks to wait {wait} s" if wait else ""
            return LLMUnavailable(f"{where} is rate-limiting ({tries}, {detail}){hint}")
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMUnavailable(f"{where} refused the API key ({detail}); check OPENAI_API_KEY")
        if isinstance(error, openai.NotFoundError):
            return LLMUnavailable(
                f"{where} has no model {self.settings.model!r} ({detail}); set ETL_GEN_MODEL"
            )
        return LLMUnavailable(f"{where} failed ({detail})")


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
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if _REFUSAL.match(text.replace("\u2019", "'")):
            raise RequestNotUnderstood(f"the model declined the request: {text[:300]}") from None
        raise _AnswerError(
            [f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"]
        ) from None
    if not isinstance(data, dict):
        raise _AnswerError(["expected one JSON object at the top level"])
    if list(data) == ["refusal"]:
        raise RequestNotUnderstood(f"the model declined the request: {data['refusal']}")
    return data


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


def repair_message(problems: list[str]) -> str:
    bullets = "\n".join(f"- {p}" for p in problems)
    return (
        f"Your answer is not a valid pipeline spec:\n{bullets}\n"
        "Fix these problems and reply with the complete corrected spec as one JSON object only. "
        "Copy names from the request exactly."
    )


# --- literals the request gives -------------------------------------------------------------

_QUOTED = re.compile(
    r"(?<!\w)['\"`\u2018\u201c]([\w.:-]*[A-Za-z][\w.:-]*)['\"`\u2019\u201d](?!\w)"
)
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
    if isinstance(value, str):  # with the parts of "host:port,host:port" and "user:profile:"
        return {value, *re.split(r"[,:]", value)}
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
        elif isinstance(sink, RedisSink):
            check("Redis key prefix", sink.key_prefix, f"{at}.key_prefix")
    dead_letters = {f"{t}-dlq" for t in spec.source.topics} | {f"{dashed}-dlq", f"{spec.name}-dlq"}
    check("dead-letter topic", spec.dead_letter_topic, "dead_letter_topic", dead_letters)
    return found


def _guard(
    spec: Pipeline, request: str, sample_schema: Schema | None, allow_inferred: bool
) -> Pipeline:
    invented = invented_names(spec, request, sample_schema)
    if not invented:
        return spec
    if not allow_inferred:
        listing = "\n".join(f"  - {name}" for name in invented)
        raise SpecError(
            f"the LLM's answer uses names the request does not give:\n{listing}\n"
            "name them in the request (or a --sample file), or pass --allow-inferred to keep "
            "them as assumptions"
        )
    notes = [f"chosen by the LLM, not named in the request: {name}" for name in invented]
    return spec.model_copy(update={"assumptions": [*spec.assumptions, *notes]})


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
            {"role": "assistant", "content": answer},
            {"role": "user", "content": repair_message(problems)},
        ]
    listing = "\n".join(f"  - {p}" for p in problems)
    raise SpecError(
        f"the LLM's answer was still invalid after {MAX_REPAIRS} repair rounds:\n{listing}\n"
        "rephrase the request, use --offline, or write a spec file for `etl-gen generate`"
    )


def parse_with_llm(
    request: str, *, sample_schema: Schema | None, use_cache: bool, allow_inferred: bool
) -> Pipeline:
    """Ask the configured model for a spec; `use_cache=False` skips reading (never writing)."""
    settings = Settings.from_env()
    prompt = load_prompt()
    key = cache_key(request, settings.model, prompt.version, sample_schema)
    spec = _cache_read(key, request) if use_cache else None
    if spec is None:
        messages = prompt.messages(request, sample_schema)
        spec = _ask_until_valid(_Endpoint(settings), messages, request)
        entry = {
            "request": request,
            "model": settings.model,
            "prompt_version": prompt.version,
            "spec": spec_to_dict(spec),
        }
        _cache_write(key, entry)
    # the guard runs on cached answers too, so --allow-inferred decides per call
    return _guard(spec, request, sample_schema, allow_inferred)
