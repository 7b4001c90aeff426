"""Offline rule parser: one request sentence -> a validated `Pipeline`. No network, deterministic.

How it reads a request:

1. Clause extractors run in a fixed order (settings, dead-letter, sinks, joins, enrichment,
   CDC, sources, dedup, sessions, windows, conditions, aggregates, group-by). Each one masks the
   text it consumed, so a later, looser extractor (group-by "by X", source "from X") never
   re-reads "ordered by user_id" or "deduplicate by event_id".
2. Extraction yields raw phrases. The input schema is then chosen: the `--sample` schema, or a
   domain preset picked from the earliest domain word outside the enrichment, join, sink and
   filter clauses (so "enrich with user profiles" does not make the input a profile stream).
3. Phrases resolve to field names against that schema ("unique customers" -> customer_id,
   "total revenue" -> sum(amount)); a field the schema lacks is added with a guessed type and
   the guess is listed in `Pipeline.assumptions`.
4. The result is a plain dict that goes through `spec_from_dict`, so every name taken from the
   request (topics, tables, fields, keys) is validated there and refused with a `SpecError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import RequestNotUnderstood
from ..spec import Pipeline, Schema, spec_from_dict, to_identifier
from ..spec.presets import (
    CDC_TABLES,
    DISCRIMINATORS,
    JOIN_FIELDS,
    LOOKUPS,
    PRESETS,
)

MAX_REQUEST_CHARS = 2000
EXAMPLE = (
    "Process clickstream events from Kafka topic 'user-events', enrich with user profiles from "
    "Redis cache, calculate session metrics, and store in ClickHouse"
)
NO_SOURCE = (
    "no source: name a Kafka topic (e.g. \"from Kafka topic 'events'\") or a database for CDC "
    '(e.g. "replicate the PostgreSQL tables orders and order_items with Debezium")'
)

DEFAULT_SESSION_GAP_MS = 30 * 60_000
DEFAULT_WINDOW_GRACE_MS = 5_000
DEFAULT_WINDOW_MS = 60_000
DEFAULT_DEDUP_MS = 3_600_000
DEFAULT_JOIN_PRESET_KEY = "user_id"

_I = re.IGNORECASE
MASK = "\x00"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------------
# Lexical building blocks
# ---------------------------------------------------------------------------------------------

_QUOTED = r"""'[^'\n\x00]*'|"[^"\n\x00]*"|`[^`\n\x00]*`"""
# A name as written: quoted (taken whole, validated later) or a bare run of name-ish characters.
_NAME = rf"""(?:{_QUOTED}|[^\s,;'"`\x00()]+)"""
# A field as written: quoted/backticked, or starting like an identifier (kept whole up to a
# separator or comparison sign, so "__import__('os')" reaches validation intact).
_FIELD = r"""(?:`[^`\n\x00]+`|'[^'\n\x00]+'|"[^"\n\x00]+"|[A-Za-z_][^\s,;:<>=!\x00]*)"""

_NAME_RE = re.compile(_NAME)
_FIELD_RE = re.compile(_FIELD)
_SEP_WORDS = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s+or\s+)", _I)

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty-five": 45, "forty five": 45, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100, "zero": 0,
}  # fmt: skip
_WN = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_WORD_NUMBERS, key=len, reverse=True)
)
_LONG_UNIT = (
    r"(?:milliseconds?|millis|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)"
)
_SHORT_UNIT = r"(?:ms|s|m|h|d|w)"
_DUR = (
    rf"(?:half\s+an?\s+(?:hour|minute|day)|(?:a\s+)?quarter(?:\s+of\s+an)?\s+hour"
    rf"|\d+(?:\.\d+)?\s*-?\s*(?:{_LONG_UNIT}|{_SHORT_UNIT})"
    rf"|(?:{_WN})[\s-]+{_LONG_UNIT})(?![\w])"
)
# A duration, or a bare unit meaning one of it ("every minute", "per hour").
_DUR1 = rf"(?:{_DUR}|(?:second|minute|hour|day|week)(?![\w]))"
_DUR_RE = re.compile(rf"(?<![\w.]){_DUR}", _I)
_UNIT_MS = {
    "ms": 1, "msec": 1, "msecs": 1, "millis": 1, "millisecond": 1, "milliseconds": 1,
    "s": 1000, "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000,
    "m": 60_000, "min": 60_000, "mins": 60_000, "minute": 60_000, "minutes": 60_000,
    "h": 3_600_000, "hr": 3_600_000, "hrs": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
    "d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
    "w": 604_800_000, "wk": 604_800_000, "wks": 604_800_000, "week": 604_800_000,
    "weeks": 604_800_000,
}  # fmt: skip
_NUM = (
    rf"(?:-?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s*[kK](?![\w]))?" rf"|(?:{_WN})(?![\w-]))"
)

_STOP = _words("""a an the and or to from into in on of for by with within over every each per then
    where when whose if as at using via than is are be it its them their this that these those
    store storing stored write writing written publish publishing send sending emit emitting
    save saving compute computing calculate calculating count counting sum total average avg
    mean min max minimum maximum unique distinct number keep keeping only filter filtering drop
    dropping join joining enrich enriching dedup deduplicate window windows tumbling
    hopping sliding kafka redis clickhouse topic topics table tables events records messages
    rows data results output alert alerts produce producing all also plus both real
    real-time minute minutes hour hours second seconds day days week weeks ms s m h d
    partitioned ordered sorted grouped batches batch flushing flush into onto
    consumer group exactly once least debezium cdc replicate not no totals sums counts averages
    metrics stats statistics""")
# Structure words; and the words that end a list of names (topics, tables): structure words
# and verbs, not nouns like "alerts".
_STRUCT_STOP = _words(
    """a an the and or to from into in on of for by with within over every each per then where
    when whose if as at using via is are it them their this that these those"""
)
_NAME_STOP = _STRUCT_STOP | _words(
    """kafka redis clickhouse topic topics table tables named called write writes store stores
    save publish
    send emit print compute calculate count aggregate keep filter drop join enrich dedup
    deduplicate produce push stream forward output insert load replicate track sum look"""
)
_COUNT_NOUNS = (
    r"(?:events?|records?|messages?|rows?|orders?|sales?|transactions?|purchases?|clicks?"
    r"|page\s*views?|views?|requests?|logins?|errors?|payments?|visits?|signups?|readings?"
    r"|entries|entry|hits?|impressions?|calls?|items?|logs?|log\s+lines|alerts?|sessions?)"
)
_AGG_WORDS = _words(
    """count total number sum average avg mean min max minimum maximum unique distinct median"""
)
_MEASURE_WORDS = _words(
    """amount revenue value spend spending gmv turnover money sales_amount order_value
    transaction_value cart_value sales_value order_amount transaction_amount"""
)
_MEASURE_FIELDS = ("amount", "revenue", "total_amount", "price", "value", "total")
_ENTITY_FIELDS = {
    "visitor": "user_id", "user": "user_id", "customer": "customer_id", "buyer": "customer_id",
    "shopper": "customer_id", "client": "customer_id", "page": "page_url", "url": "page_url",
    "ip": "ip_address", "product": "product_id", "item": "product_id", "device": "device_id",
    "session": "session_id", "order": "order_id", "transaction": "transaction_id",
    "payment": "payment_id", "sku": "product_id",
}  # fmt: skip
_ID_FIELDS = ("event_id", "transaction_id", "payment_id", "message_id", "order_id", "id")
_TIME_FIELDS = ("timestamp", "event_time", "ts", "time", "created_at", "occurred_at")

# Domain words -> (preset, subject used in names). Earliest match outside excluded clauses wins.
_DOMAINS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, _I), preset, subject)
    for p, preset, subject in [
        (r"\bclick\s*-?\s*streams?\b", "clickstream", "clickstream"),
        (r"\bpage[\s-]*views?\b", "clickstream", "page_views"),
        (r"\bclicks?\b", "clickstream", "clicks"),
        (r"\bsales?\b", "sales", "sales"),
        (r"\brevenue\b", "sales", "sales"),
        (r"\borders?\b", "sales", "orders"),
        (r"\bpurchases?\b", "sales", "purchases"),
        (r"\btransactions?\b", "sales", "transactions"),
        (r"\bprofiles?\b", "profile_updates", "profile"),
        (r"\biot\b", "iot", "iot"),
        (r"\bsensors?\b", "iot", "sensor"),
        (r"\breadings?\b", "iot", "readings"),
        (r"\bdevices?\b", "iot", "device"),
        (r"\btelemetry\b", "iot", "telemetry"),
        (r"\blogs?\b", "logs", "logs"),
        (r"\blog\s+lines\b", "logs", "logs"),
        (r"\bpayments?\b", "payments", "payments"),
    ]
]

_UNSUPPORTED = re.compile(
    r"\b(elasticsearch|opensearch|s3|snowflake|bigquery|redshift|mongo(?:db)?|cassandra|"
    r"dynamodb|bigtable|hdfs|parquet|influxdb|timescale(?:db)?|druid|pinot|kinesis|pulsar|"
    r"rabbitmq|webhooks?|slack|sms)\b",
    _I,
)
_PIPELINE_WORDS = re.compile(
    r"\b(kafka|topics?|streams?|streaming|events|clickhouse|redis|windows?|aggregat\w*|join\w*|"
    r"enrich\w*|dedup\w*|filter\w*|pipelines?|consum\w*|ingest\w*|replicat\w*|cdc|debezium|"
    r"sessions?|records|messages)\b",
    _I,
)

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _unquote(token: str) -> tuple[str, bool]:
    """The name inside quotes (kept verbatim), or a bare token without trailing punctuation."""
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"`":
        return token[1:-1], True
    text = token.rstrip(".:!?")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".:!?")
    return text, False


def _dur_ms(text: str) -> int:
    t = " ".join(text.lower().replace("-", " ").split())
    if t.startswith("half"):
        return _UNIT_MS[t.split()[-1]] // 2
    if "quarter" in t:
        return 15 * 60_000
    if t in ("second", "minute", "hour", "day", "week"):
        return _UNIT_MS[t]
    m = re.match(r"^(\d+(?:\.\d+)?)\s*([a-z]+)$", t)
    if m:
        return round(float(m.group(1)) * _UNIT_MS[m.group(2)])
    words, unit = t.rsplit(" ", 1)
    return _WORD_NUMBERS[words] * _UNIT_MS[unit]


def _number(text: str) -> int | float:
    t = text.strip().lower().replace(",", "")
    if t in _WORD_NUMBERS or " ".join(t.split()) in _WORD_NUMBERS:
        return _WORD_NUMBERS[" ".join(t.split())]
    scale = 1
    if t.endswith("k"):
        scale, t = 1000, t[:-1].strip()
    value = float(t) * scale
    return int(value) if value.is_integer() and "." not in t else value


def _label(ms: int) -> str:
    for size, suffix in ((604_800_000, "w"), (86_400_000, "d"), (3_600_000, "h"),
                         (60_000, "min"), (1000, "s")):  # fmt: skip
        if ms % size == 0:
            return f"{ms // size}{suffix}"
    return f"{ms}ms"


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "uses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


def _snake(phrase: str) -> str:
    return re.sub(r"[\s-]+", "_", phrase.strip().lower())


def _guess_type(name: str, role: str = "", value: Any = None) -> str:
    n = name.lower()
    if role == "measure":  # summed, averaged, compared: a number ("response_time" too)
        int_like = n.endswith(("_count", "_qty", "_bytes", "_num")) or n in {"quantity", "qty"}
        return "int" if int_like else "float"
    if n.startswith(("is_", "has_")) or isinstance(value, bool):
        return "bool"
    if n in {"timestamp", "time", "ts", "event_time", "datetime"} or n.endswith(
        ("_at", "_time", "_ts", "_timestamp")
    ):
        return "timestamp"
    if n == "date" or n.endswith("_date"):
        return "date"
    if n.endswith("_id") or n in {"id", "count", "quantity", "qty", "age", "bytes", "retries"}:
        return "int"
    if n.endswith(("_count", "_qty", "_ms", "_bytes", "_seconds", "_num")) or n.startswith("num_"):
        return "int"
    floats = {"amount", "price", "revenue", "value", "cost", "total", "spend", "score", "latency",
              "duration", "temperature", "balance", "rate", "humidity", "pressure"}  # fmt: skip
    if n in floats or n.endswith(tuple(f"_{f}" for f in floats)):
        return "float"
    if isinstance(value, float):
        return "float"
    if isinstance(value, int):
        return "int"
    if role == "measure":
        return "float"
    return "string"


def _read_list(
    s: str, pos: int, item: re.Pattern[str], *, max_words: int = 1, stop: frozenset[str] = _STOP,
    strict_commas: bool = False,
) -> tuple[list[tuple[str, bool, int]], int]:  # fmt: skip
    """Read `item (, item)* (and item)?` at `pos`: [(text, quoted, start)], end position.

    Bare items may span up to `max_words` words; stop words end an item and the list.
    """
    items: list[tuple[str, bool, int]] = []
    end = pos
    at = pos
    comma_only = False
    while True:
        m = item.match(s, at)
        if not m:
            break
        text, quoted = _unquote(m.group(0))
        if not quoted and (not text or text.lower() in stop):
            break
        if items and quoted != items[0][1]:
            break  # a list keeps one quoting style: "'a', 'b'" or "a, b and c"
        plain = strict_commas and comma_only and not quoted and not re.search(r"[-_.]", text)
        if plain and not _LIST_SEP.match(s, m.end()):
            break  # "topic orders, deduplicating ...": a plain word after a lone comma
        item_end = m.end()
        if not quoted and max_words > 1 and not text.endswith((".", ":")):
            for _ in range(max_words - 1):
                extra = re.match(r"\s+([A-Za-z_][\w-]*)", s[item_end:])
                if not extra or extra.group(1).lower() in stop:
                    break
                text += " " + extra.group(1)
                item_end += extra.end()
        items.append((text, quoted, m.start()))
        end = item_end if not quoted else m.end()
        if not quoted and m.group(0)[-1:] in ".:":
            break
        sep = _LIST_SEP.match(s, end)
        if not sep:
            break
        comma_only = sep.group(0).strip() == ","
        at = sep.end()
    return items, end


# ---------------------------------------------------------------------------------------------
# Raw extraction results
# ---------------------------------------------------------------------------------------------


@dataclass
class _Cond:
    """A comparison as written: subject phrase, op, value; `negate` for drop/exclude clauses."""

    pos: int
    subject: str
    quoted: bool
    op: str
    value: Any
    negate: bool = False
    weak: bool = False  # leader like "when/with": keep only if the subject is clearly a field


@dataclass
class _Agg:
    pos: int
    fn: str
    phrase: str | None
    name: str
    quantile: float | None = None
    explicit: bool = False


@dataclass
class _Enrich:
    pos: int
    entity: str | None
    key_field: str | None
    key_explicit: bool
    prefix: str | None
    value_format: str
    fields: list[str]
    ttl_ms: int | None
    max_entries: int | None
    on_miss: str | None


@dataclass
class _Join:
    pos: int
    kind: str  # interval | table
    right_topic: str | None
    right_phrase: str
    left_key: str | None
    right_key: str | None
    before_ms: int | None = None
    after_ms: int | None = None
    grace_ms: int | None = None
    fields: list[str] = field(default_factory=list)
    entity: str | None = None


@dataclass
class _Sink:
    pos: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


# Comparison operators, longest phrasing first.
_OPS: list[tuple[str, str]] = [
    ("not_in", r"is\s+not\s+one\s+of|not\s+one\s+of|is\s+not\s+in|not\s+in|is\s+none\s+of"
               r"|none\s+of"),
    ("in", r"is\s+one\s+of|one\s+of|is\s+any\s+of|any\s+of|is\s+in|in"),
    ("ge", r"is\s+greater\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|is\s+at\s+least"
           r"|at\s+least|>=|is\s+no\s+less\s+than|no\s+less\s+than"),
    ("le", r"is\s+less\s+than\s+or\s+equal\s+to|less\s+than\s+or\s+equal\s+to|is\s+at\s+most"
           r"|at\s+most|<=|is\s+no\s+more\s+than|no\s+more\s+than|does\s+not\s+exceed"
           r"|doesn't\s+exceed"),
    ("ne", r"is\s+not\s+equal\s+to|not\s+equal\s+to|does\s+not\s+equal|doesn't\s+equal"
           r"|is\s+not|isn't|!=|<>|is\s+other\s+than|other\s+than|differs\s+from"),
    ("gt", r"is\s+greater\s+than|greater\s+than|is\s+more\s+than|more\s+than|is\s+above|above"
           r"|is\s+over|over|exceeds|exceed|>|is\s+larger\s+than|larger\s+than"
           r"|is\s+bigger\s+than|bigger\s+than|is\s+higher\s+than|higher\s+than|goes\s+above"
           r"|tops"),
    ("lt", r"is\s+less\s+than|less\s+than|is\s+below|below|is\s+under|under|<|is\s+smaller\s+than"
           r"|smaller\s+than|is\s+lower\s+than|lower\s+than|fewer\s+than|drops\s+below"),
    ("eq", r"is\s+equal\s+to|equal\s+to|equals|equal|==|=|is|matches"),
]  # fmt: skip
_NULL_OPS: list[tuple[str, str]] = [
    ("not_null", r"is\s+not\s+null|is\s+not\s+empty|is\s+not\s+missing|is\s+present|is\s+set"
                 r"|is\s+defined|exists"),
    ("null", r"is\s+null|is\s+missing|is\s+empty|is\s+absent|is\s+not\s+set"),
]  # fmt: skip


def _op_alternatives(ops: list[tuple[str, str]]) -> str:
    """One named group per op; alternatives ending in a letter must end at a word boundary."""
    groups = []
    for name, pattern in ops:
        alts = [a + (r"(?![\w])" if a[-1].isalpha() else "") for a in pattern.split("|")]
        groups.append(f"(?P<op_{name}>{'|'.join(alts)})")
    return "|".join(groups)


_OP_RE = _op_alternatives(_OPS)
_VALUE = (
    rf"(?P<list>\([^)\x00]*\)|\[[^\]\x00]*\])|(?P<q>{_QUOTED})|(?P<num>{_NUM})(?![\w.])"
    r"|(?P<word>[\w.@/:+-]+)"
)
_SUBJ = rf"(?:the\s+|its\s+|their\s+|an?\s+)?(?P<subj>{_FIELD}(?:\s+[A-Za-z_]\w*){{0,3}}?)"
_COND = re.compile(rf"{_SUBJ}\s*(?:{_OP_RE})\s*(?:{_VALUE})", _I)
_COND_NULL = re.compile(rf"{_SUBJ}\s+(?:{_op_alternatives(_NULL_OPS)})", _I)
_NEGATE = {"eq": "ne", "ne": "eq", "gt": "le", "ge": "lt", "lt": "ge", "le": "gt",
           "in": "not_in", "not_in": "in", "null": "not_null", "not_null": "null"}  # fmt: skip
_FILLER_NOUNS = (
    r"(?:entries|records|events|rows|messages|ones|items|those|orders|clicks|logs|transactions"
    r"|payments|readings|lines|data|sales|purchases|requests)"
)
_DROP_VERB = (
    r"(?:drop\w*|exclud\w*|skip\w*|ignor\w*|discard\w*|filter\w*\s+out|remov\w*|reject\w*"
    r"|throw\w*\s+away|omit\w*)"
)
_DROP_LEAD = re.compile(
    rf"\b{_DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?:{_FILLER_NOUNS}\s+)?"
    r"(?:where|whose|with|that\s+have|which\s+have|that\s+has|having|if|when|for\s+which)\s+",
    _I,
)
_KEEP_LEAD = re.compile(
    r"\b(?:where|whose|that\s+have|which\s+have|that\s+has|for\s+which|provided"
    r"|only\s+(?:if|where)"
    rf"|(?:keep(?:ing)?|retain\w*|pass\w*|allow\w*)\s+(?:only\s+)?(?:{_FILLER_NOUNS}\s+)?"
    r"(?:where|whose|with|that\s+have|having)"
    rf"|only\s+(?:{_FILLER_NOUNS}\s+)?(?:where|whose|with|having)"
    rf"|filter\w*\s+(?:(?:{_FILLER_NOUNS})\s+)?(?:to|for|on|by|where|whose|with)?)\s+",
    _I,
)
_WEAK_LEAD = re.compile(r"\b(?:when|whenever|if|once|having|with)\s+", _I)
_THRESHOLD_OPS = ("gt", "ge", "lt", "le", "eq")


class _Parser:
    """One request's parse: `extract_*` read and mask clauses (in the order `parse_request`
    calls them), then `build` resolves phrases against the input schema into a spec dict."""

    def __init__(self, request: str, sample_schema: Schema | None) -> None:
        self.text = request
        self.s = request  # the masked copy extractors read
        self.sample = sample_schema
        self.domain_excluded: list[tuple[int, int]] = []
        self.assumptions: list[str] = []
        # settings
        self.brokers: str | None = None
        self.group_id: str | None = None
        self.offset: str | None = None
        self.delivery: str | None = None
        self.max_poll: int | None = None
        self.event_time: str | None = None
        self.event_time_set = False
        self.name: str | None = None
        self.enrich_as_join: re.Match[str] | None = None
        self.join_left_phrase = ""
        self.right_subject = "right"
        self.schema_label = "preset"
        self._cond_end = 0
        self.batch_rows: int | None = None
        self.flush_ms: int | None = None
        self.partitions: int | None = None
        self.dlq: str | None = None
        self.dlq_set = False
        # components
        self.sinks: list[_Sink] = []
        self.joins: list[_Join] = []
        self.enrich: _Enrich | None = None
        self.topics: list[tuple[int, str]] = []
        self.dedup: tuple[list[tuple[str, bool]], int | None] | None = None
        self.session: dict[str, Any] | None = None
        self.window: dict[str, Any] = {}
        self.window_words = False
        self.conds: list[_Cond] = []
        self.aggs: list[_Agg] = []
        self.group_by: list[tuple[str, bool]] = []
        # CDC
        self.cdc = False
        self.cdc_tables: list[tuple[str, bool, str | None]] = []
        self.cdc_info: dict[str, Any] = {}
        # resolution state
        self.fields: list[dict[str, Any]] = []
        self.preset: str | None = None
        self.subject = ""
        self.added_by_ops: dict[str, str] = {}
        self.built: dict[str, Any] = {}
        self.pipeline = ""

    # --- text access ---------------------------------------------------------------------------

    def mask(self, start: int, end: int, *, domain: bool = False) -> None:
        self.s = self.s[:start] + MASK * (end - start) + self.s[end:]
        if domain:
            self.domain_excluded.append((start, end))

    def take(self, pattern: re.Pattern[str], *, domain: bool = False) -> re.Match[str] | None:
        m = pattern.search(self.s)
        if m:
            self.mask(m.start(), m.end(), domain=domain)
        return m

    def take_all(self, pattern: re.Pattern[str], *, domain: bool = False) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.s))
        for m in found:
            self.mask(m.start(), m.end(), domain=domain)
        return found

    def clause_end(self, pos: int) -> int:
        """Where the clause around `pos` ends: at , ; : . or "and <verb>", never inside quotes."""
        m = self.search_unquoted(_CLAUSE_END, pos, len(self.s))
        return m.start() if m else len(self.s)

    def search_unquoted(
        self, pattern: re.Pattern[str], start: int, end: int
    ) -> re.Match[str] | None:
        quoted = [(q.start(), q.end()) for q in re.finditer(_QUOTED, self.s)]
        for m in pattern.finditer(self.s, start, end):
            if not any(a < m.start() < b for a, b in quoted):
                return m
        return None

    # --- 1. settings ---------------------------------------------------------------------------

    def extract_settings(self) -> None:
        m = self.take(_BROKERS)
        if m:
            parts = re.split(r"\s*(?:,|\band\b)\s*", m.group("list"))
            self.brokers = ",".join(p.rstrip(".") for p in parts if p)
        m = self.take(_GROUP)
        if m:
            self.group_id = _unquote(m.group("name"))[0]
        if self.take(_LATEST):
            self.offset = "latest"
        if self.take(_EARLIEST):
            self.offset = "earliest" if self.offset is None else self.offset
        if self.take(_EXACTLY_ONCE):
            self.delivery = "exactly_once"
        elif self.take(_AT_LEAST_ONCE):
            self.delivery = "at_least_once"
        m = self.take(_MAX_POLL)
        if m:
            self.max_poll = int(_number(m.group("n")))
        for pattern in _EVENT_TIME:
            m = self.take(pattern)
            if m:
                self.event_time, self.event_time_set = _unquote(m.group("f"))[0], True
                break
        else:
            if self.take(_PROCESSING_TIME):
                self.event_time, self.event_time_set = None, True
        m = self.take(_PIPELINE_NAME)
        if m:
            self.name = _unquote(m.group("n"))[0]
        for pattern in _BATCH:
            m = self.take(pattern)
            if m:
                self.batch_rows = int(_number(m.group("n")))
                break
        for pattern in _FLUSH:
            m = self.take(pattern)
            if m:
                self.flush_ms = _dur_ms(m.group("d"))
                break
        m = self.take(_PARTITIONS)
        if m:
            self.partitions = int(_number(m.group("n")))

    # --- 2. dead-letter topic ------------------------------------------------------------------

    def extract_dlq(self) -> None:
        if self.take(_DLQ_NONE, domain=True):
            self.dlq, self.dlq_set = None, True
            return
        for pattern in _DLQ:
            for m in pattern.finditer(self.s):
                name, quoted = _unquote(m.group("n"))
                if not quoted and (not name or name.lower() in _STOP):
                    continue
                self.mask(m.start(), m.end(), domain=True)
                self.dlq, self.dlq_set = name, True
                return
        # "send bad records to the dead-letter topic" with no name: the default name
        if self.take(_DLQ_BARE, domain=True):
            self.dlq_set = False

    # --- 3. sinks ------------------------------------------------------------------------------

    def extract_sinks(self) -> None:
        self._kafka_sinks()
        self._clickhouse()
        self._stdout()

    def _clickhouse(self) -> None:
        where = _CH_WORD.search(self.s)
        if not where:
            return
        data: dict[str, Any] = {}
        for pattern in _CH_DB:
            m = self.take(pattern, domain=True)
            if m:
                data["database"] = _unquote(m.group("d"))[0]
                if m.groupdict().get("t"):
                    data["table"] = _unquote(m.group("t"))[0]
                break
        for pattern in _CH_TABLE if "table" not in data else []:
            m = self.take(pattern, domain=True)
            if m:
                name, quoted = _unquote(m.group("t"))
                if not quoted and name.count(".") == 1:
                    data["database"], name = name.split(".")
                data["table"] = name
                break
        m = self.take(_PARTITION_NONE)
        if m:
            data["partition"] = None
        else:
            for pattern in _PARTITION:
                m = self.take(pattern)
                if m:
                    data["partition"] = self._partition(m)
                    break
        m = self.take(_ORDER_BY)
        if m:
            items, _ = _read_list(m.group("list"), 0, _FIELD_RE)
            data["order_by"] = [(t, q) for t, q, _ in items]
        m = self.take(_ENGINE)
        if m:
            data["engine"] = (
                "ReplacingMergeTree" if "replacing" in m.group(0).lower() else "MergeTree"
            )
        pos = where.start()
        for m in _CH_WORD.finditer(self.s):
            self.mask(m.start(), m.end(), domain=True)
        self.sinks.append(_Sink(pos, "clickhouse", data))

    def _partition(self, m: re.Match[str]) -> tuple[str, str | None, bool]:
        func = m.group("func")
        if func:
            column, quoted = _unquote(m.group("col"))
            return func, column, quoted
        unit = _unquote(m.groupdict().get("unit2") or m.group("unit"))[0].lower()
        if unit in ("week", "weekly", "year", "yearly"):
            raise RequestNotUnderstood(
                f"ClickHouse partitioning by {unit} is not supported: use hour, day or month"
            )
        if unit not in _PARTITION_FUNCS:
            raise RequestNotUnderstood(
                f"ClickHouse partition by {unit!r} is not supported: only date partitions "
                "(by hour, day or month of the event time) are"
            )
        column = m.group("on")
        return _PARTITION_FUNCS[unit], _unquote(column)[0] if column else None, False

    def _kafka_sinks(self) -> None:
        for pattern in _KAFKA_OUT:
            for m in list(pattern.finditer(self.s)):
                if MASK in self.s[m.start() : m.end()]:
                    continue
                before = self.s[max(0, m.start() - 20) : m.start()].lower()
                if re.search(r"(subscrib\w*|listen\w*|consum\w*|read\w*)\s*$", before):
                    continue
                items, end = _read_list(
                    self.s, m.end(), _NAME_RE, stop=_NAME_STOP, strict_commas=True
                )
                names = [(t, q) for t, q, _ in items if q or not _DEAD_LETTER.fullmatch(t)]
                if not names:
                    continue
                tail = re.match(r"\s+(?:kafka\s+)?topics?\b", self.s[end:], _I)
                if tail and pattern is _KAFKA_OUT[-1]:
                    end += tail.end()
                key = None
                km = _KEYED_BY.match(self.s, end)
                if km:
                    key = _unquote(km.group("f"))
                    end = km.end()
                self.mask(m.start(), end, domain=True)
                for name, _quoted in names:
                    self.sinks.append(_Sink(m.start(), "kafka", {"topic": name, "key": key}))

    def _stdout(self) -> None:
        m = self.take(_STDOUT, domain=True)
        if m:
            self.sinks.append(_Sink(m.start(), "stdout"))

    def extract_redis_sink(self) -> None:
        m = _REDIS_SINK.search(self.s)
        if not m:
            return
        end = self.clause_end(m.end())
        rest = self.s[m.end() : end]
        data: dict[str, Any] = {}
        km = re.search(rf"\b(?:keyed\s+by|by|under|on|per)\s+(?:the\s+)?(?P<f>{_FIELD})", rest, _I)
        if km:
            data["key_field"] = _unquote(km.group("f"))
        pm = re.search(
            rf"\b(?:key\s+)?prefix(?:ed)?\s*(?:(?:with|of)\s+|[=:]\s*)?(?P<p>{_NAME})", rest, _I
        )
        if pm:
            data["key_prefix"] = _unquote(pm.group("p"))[0]
        tm = re.search(
            rf"\b(?:expir\w*|ttl|evict\w*)\s*(?:after|in|of|=|:)?\s*(?P<d>{_DUR})", rest, _I
        )
        if tm:
            data["ttl_ms"] = _dur_ms(tm.group("d"))
        self.mask(m.start(), end, domain=True)
        self.sinks.append(_Sink(m.start(), "redis", data))

    # --- 4. joins ------------------------------------------------------------------------------

    def extract_table_join(self) -> None:
        m = None
        for pattern in _TABLE_TOPIC:
            for cand in pattern.finditer(self.s):
                name, quoted = _unquote(cand.group("t"))
                if quoted or (name and name.lower() not in _STOP):
                    m = cand
                    break
            if m:
                break
        if not m:
            return
        start = self._clause_start(m.start(), _JOIN_VERB)
        end = self.clause_end(m.end())
        clause = self.s[start:end]
        entity = None
        em = re.search(
            r"\blatest\s+(?:known\s+)?(?P<e>[a-z]+)\s+(?:record|row|value|version|state|snapshot"
            r"|data|details|profile|info\w*)s?\b",
            clause,
            _I,
        )
        if em and em.group("e").lower() not in _STOP:
            entity = em.group("e").lower()
        if entity is None:
            entity = _singular(re.split(r"[-_.]", name.lower())[-1]) if name else None
        join = _Join(start, "table", name, clause, None, None, entity=entity)
        self._join_key_and_fields(join, clause)
        self.mask(start, end, domain=True)
        self.joins.append(join)

    def _clause_start(self, pos: int, verb: re.Pattern[str]) -> int:
        begin = max(
            self.s.rfind(",", 0, pos), self.s.rfind(";", 0, pos), self.s.rfind(". ", 0, pos)
        )
        found = None
        for vm in verb.finditer(self.s, begin + 1, pos):
            found = vm.start()
        return found if found is not None else begin + 1

    def _join_key_and_fields(self, join: _Join, clause: str) -> None:
        km = re.search(
            rf"\b(?:on|using|by|matching(?:\s+on)?|keyed\s+by)\s+(?:the\s+)?(?:same\s+)?"
            rf"(?P<l>{_FIELD})(?:\s*(?:=|==|equals|matches|to)\s*(?P<r>{_FIELD}))?",
            clause,
            _I,
        )
        if km:
            left, _ = _unquote(km.group("l"))
            if left.lower() not in _STOP:
                join.left_key = re.sub(r"^\w+\.(?=\w)", "", left)
                right = _unquote(km.group("r"))[0] if km.group("r") else join.left_key
                join.right_key = re.sub(r"^\w+\.(?=\w)", "", right)
        fm = re.search(
            r"\b(?:taking|adding|add|to\s+(?:get|add|fetch|attach|pull)|fetching|getting"
            r"|pulling|with\s+(?:the\s+)?fields?|fields?)\s+(?:the\s+)?(?:fields?\s+)?",
            clause,
            _I,
        )
        if fm:
            items, _ = _read_list(clause, fm.end(), _FIELD_RE)
            join.fields = [t for t, _, _ in items]

    def extract_interval_join(self) -> None:
        m = _JOIN_VERB_STRICT.search(self.s) or self.enrich_as_join
        if not m:
            return
        end = self.clause_end(m.end())
        wm = re.compile(r"\b(?:with|to|against)\s+", _I).search(self.s, m.end(), end)
        if not wm:
            raise RequestNotUnderstood(
                "join: name the other stream, e.g. \"join ... with topic 'profiles' on user_id "
                'within 5 minutes" (or "... with the latest customer record from compacted '
                "topic 'customers'\" for a stream-table join)"
            )
        stop = self.search_unquoted(_RIGHT_PHRASE_END, wm.end(), end)
        right_end = stop.start() if stop else end
        right_phrase = self.s[wm.end() : right_end]
        topic = None
        tm = re.search(rf"\btopic\s+(?P<t>{_NAME})", right_phrase, _I) or re.search(
            rf"\bthe\s+(?P<t>{_NAME})\s+(?:kafka\s+)?topic\b", right_phrase, _I
        )
        if tm:
            topic = _unquote(tm.group("t"))[0]
        else:
            qm = re.search(_QUOTED, right_phrase)
            if qm:
                topic = _unquote(qm.group(0))[0]
        clause = self.s[right_end:end]
        join = _Join(m.start(), "interval", topic, right_phrase, None, None)
        self.join_left_phrase = self.s[m.end() : wm.start()]
        self._join_key_and_fields(join, clause)
        bm = _WITHIN.search(clause)
        if not bm:
            bm2 = _UP_TO.search(clause)
            if not bm2:
                raise RequestNotUnderstood(
                    'stream-stream join: give a time bound (e.g. "within 5 minutes"), or ask '
                    "for the latest value from a compacted topic for a stream-table join"
                )
            span = _dur_ms(bm2.group("a"))
            direction = bm2.group("adir").lower()
            join.before_ms = span if direction in ("before", "earlier") else 0
            join.after_ms = span if direction in ("after", "later") else 0
        else:
            a = _dur_ms(bm.group("a"))
            adir = (bm.group("adir") or "").lower()
            b = _dur_ms(bm.group("b")) if bm.group("b") else None
            bdir = (bm.group("bdir") or "").lower()
            before = after = a
            if adir in ("before", "earlier"):
                before, after = a, (b if b is not None and bdir in ("after", "later") else 0)
            elif adir in ("after", "later"):
                after, before = a, (b if b is not None and bdir in ("before", "earlier") else 0)
            join.before_ms, join.after_ms = before, after
        gm = re.search(
            rf"\b(?:grace(?:\s+period)?\s*(?:of)?\s*(?P<a>{_DUR})|(?P<b>{_DUR})\s+(?:of\s+)?grace)",
            clause,
            _I,
        )
        if gm:
            join.grace_ms = _dur_ms(gm.group("a") or gm.group("b"))
        self.mask(wm.start(), end, domain=True)
        self.mask(m.start(), m.end())
        self.joins.append(join)

    # --- 5. enrichment -------------------------------------------------------------------------

    def extract_enrich(self) -> None:
        m = _ENRICH_VERB.search(self.s)
        if not m:
            return
        end = self.clause_end(m.end())
        wm = re.compile(r"\b(?:with|using|via|against)\b", _I).search(self.s, m.end(), end)
        if wm and re.search(r"\bfrom\b|\btopic\b", self.s[m.end() : wm.start()], _I):
            # "enrich payment events from 'payments' with ...": keep the source for later
            self.mask(m.start(), m.end())
            m = wm
        clause = self.s[m.start() : end]
        has_redis = re.search(r"\bredis\b", clause, _I)
        if not has_redis and re.search(r"\btopic\b", clause, _I):
            # "enrich ... with X from topic 'y'": a join; time-bounded or latest-value.
            if _WITHIN.search(clause):
                self.enrich_as_join = m
                return
            tm = re.search(rf"\btopic\s+(?P<t>{_NAME})", clause, _I)
            assert tm is not None
            name = _unquote(tm.group("t"))[0]
            em = re.search(
                r"\bwith\s+(?:the\s+)?(?:latest\s+)?(?P<e>[a-z]+)\s+"
                r"(?:records?|data|details|profiles?|info\w*|attributes)\b",
                clause,
                _I,
            )
            entity = em.group("e").lower() if em else _singular(re.split(r"[-_.]", name)[-1])
            join = _Join(m.start(), "table", name, clause, None, None, entity=entity)
            self._join_key_and_fields(join, clause)
            self.mask(m.start(), end, domain=True)
            self.joins.append(join)
            return
        if (
            not has_redis
            and not re.search(r"\b(?:profiles?|lookup|look\s+up|hash|cache)\b", clause, _I)
            and not _ENTITY_DATA.search(clause)
        ):
            return
        entity = None
        key_field = None
        key_explicit = False
        prefix = None
        tpl = re.search(
            r"""[`'"]?(?P<pre>[A-Za-z0-9_:.\-]*)\{(?P<f>[^}\s]*)\}(?P<suf>[A-Za-z0-9_:.\-]*)[`'"]?""",
            clause,
        )
        if tpl:
            if tpl.group("suf"):
                raise RequestNotUnderstood(
                    f"Redis key template {tpl.group(0).strip('`')!r}: the key must end with the "
                    "{field} (a prefix followed by one field)"
                )
            prefix, key_field, key_explicit = tpl.group("pre"), tpl.group("f"), True
        em = _ENTITY_DATA.search(clause)
        if em and em.group("e").lower() not in _STOP:
            entity = _ENTITY_ALIASES.get(em.group("e").lower(), _singular(em.group("e").lower()))
        elif re.search(r"\bprofiles?\b", clause, _I):
            entity = "user"
        if key_field is None:
            km = re.search(
                rf"\b(?:on|by|using|keyed\s+by|via|with\s+key(?!\s+prefix)|for\s+each)\s+"
                rf"(?:the\s+)?(?P<f>{_FIELD})",
                clause,
                _I,
            )
            if km:
                cand, _q = _unquote(km.group("f"))
                if cand.lower() not in _STOP and cand.lower() != "redis":
                    key_field, key_explicit = cand, True
        if entity is None and key_field and key_field.endswith("_id"):
            entity = key_field[:-3]
        if prefix is None:
            pm = re.search(
                rf"\b(?:key\s+)?prefix(?:ed)?\s*(?:(?:with|of)\s+|[=:]\s*)?(?P<p>{_NAME})",
                clause,
                _I,
            )
            if pm:
                prefix = _unquote(pm.group("p"))[0]
        is_hash = re.search(r"\bhash(?:es)?\b|\bhgetall\b|\bhmget\b", clause, _I)
        value_format = "hash" if is_hash else "json"
        fields: list[str] = []
        fm = re.search(
            r"\b(?:adding|add|to\s+(?:get|add|fetch|attach|pull)|taking|fetching|getting|pulling"
            r"|(?:with\s+)?(?:the\s+)?fields?|attributes?)\s+(?:the\s+)?(?:fields?\s+)?",
            clause,
            _I,
        )
        if fm:
            items, _ = _read_list(clause, fm.end(), _FIELD_RE)
            fields = [t for t, _, _ in items if t.lower() not in ("redis", "cache")]
        # Cache and miss options may sit in their own clause ("..., caching lookups for 5 min").
        ttl = None
        tm = self.take(_CACHE_TTL)
        if tm:
            ttl = _dur_ms(tm.group("d") or tm.group("d2"))
        elif self.take(_NO_CACHE):
            ttl = 0
        max_entries = None
        cm = self.take(_CACHE_SIZE)
        if cm:
            max_entries = int(_number(cm.group("n")))
        on_miss = "dead_letter" if self.take(_ON_MISS, domain=True) else None
        self.mask(m.start(), end, domain=True)
        self.enrich = _Enrich(
            m.start(), entity, key_field, key_explicit, prefix, value_format, fields, ttl,
            max_entries, on_miss,
        )  # fmt: skip

    # --- 6. CDC --------------------------------------------------------------------------------

    def detect_cdc(self) -> bool:
        s = self.s
        db = _DB_WORD.search(s)
        self.cdc = bool(
            _CDC_TRIGGER.search(s)
            or (db and re.search(r"\b(?:replicat\w*|mirror\w*|sync\w*)\b", s, _I))
            or _CDC_FROM_DB.search(s)
            or re.search(r"\b(?:postgres(?:ql)?|mysql|mariadb)\s+tables?\b", s, _I)
        )
        if not self.cdc and db:
            raise RequestNotUnderstood(
                f'{db.group(0)} is only supported as a CDC source (e.g. "replicate the '
                f'{db.group(0)} tables orders and order_items to ClickHouse with Debezium")'
            )
        return self.cdc

    def extract_cdc(self) -> None:
        info = self.cdc_info
        db = _DB_WORD.search(self.s)
        info["database"] = (
            "mysql" if db and db.group(0).lower() in ("mysql", "mariadb") else "postgres"
        )
        m = self.take(_SERVER_NAME)
        if m:
            info["server_name"] = _unquote(m.group("n"))[0]
        for pattern in _SOURCE_DB:
            m = self.take(pattern)
            if m:
                info["db_name"] = _unquote(m.group("d"))[0]
                break
        m = self.take(_DB_SCHEMA)
        if m:
            info["db_schema"] = _unquote(m.group("s"))[0]
        m = self.take(_PRIMARY_KEY)
        if m:
            info["primary_key"] = _unquote(m.group("f"))[0]
        if self.take(_HARD_DELETE):
            info["soft_delete"] = False
        self.take(_SOFT_DELETE)
        if self.take(_ENVELOPE):
            info["envelope"] = "envelope"
        for pattern in _TABLES:
            for m in list(pattern.finditer(self.s)):
                items, end = _read_list(
                    self.s, m.start("list"), _TABLE_ITEM_RE, stop=_CDC_STOP, strict_commas=True
                )
                tables = []
                for _text, _q, start in items:
                    raw = _TABLE_ITEM_RE.match(self.s, start)
                    assert raw is not None
                    name, quoted = _unquote(raw.group("t"))
                    cols = raw.group("c")
                    if not quoted:
                        name = name.rstrip(".:")
                        if name.lower() in _CDC_STOP or not name:
                            continue
                    tables.append((name, quoted, cols))
                if tables:
                    self.cdc_tables.extend(tables)
                    self.mask(m.start(), end)
            if self.cdc_tables:
                break
        for pattern in (_CDC_TRIGGER, _DB_WORD, _CDC_WORDS):
            self.take_all(pattern)

    # --- 7. sources ----------------------------------------------------------------------------

    def extract_sources(self) -> None:
        for pattern, max_words in ((_THE_TOPICS, 1), (_NAME_TOPIC, 1), (_TOPIC_LIST, 1)):
            for m in list(pattern.finditer(self.s)):
                items, end = _read_list(
                    self.s, m.start("list"), _NAME_RE, max_words=max_words, stop=_NAME_STOP,
                    strict_commas=True,
                )  # fmt: skip
                if not items:
                    continue
                if pattern is not _TOPIC_LIST:
                    tail = re.match(r"\s+(?:kafka\s+)?topics?\b", self.s[end:], _I)
                    if not tail:
                        continue
                    end += tail.end()
                for text, _quoted, start in items:
                    self.topics.append((start, text))
                self.mask(m.start(), end)
        pos = 0
        while (fm := _FROM_NAME.search(self.s, pos)) is not None:
            pos = fm.start() + 1
            name, quoted = _unquote(fm.group("n"))
            if not quoted and (
                name.lower() in _STOP or not re.search(r"[-_.\d]", name) or name[0].isdigit()
            ):
                continue
            if not quoted and name.lower() in ("real-time", "e.g", "i.e"):
                continue
            self.topics.append((fm.start("n"), name))
            self.mask(fm.start(), fm.end())
        self.topics.sort()
        if not self.topics and self.joins and self.joins[0].kind == "interval":
            qm = re.search(_QUOTED, self.join_left_phrase)
            if qm:  # "join 'orders' with 'payments' ..."
                self.topics.append((0, _unquote(qm.group(0))[0]))
                return
            words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", self.join_left_phrase)
                     if w.lower() not in _STOP or w.lower() == "events"]  # fmt: skip
            if words:
                topic = "-".join(words)
                self.topics.append((0, topic))
                self.assumptions.append(f"the source topic was not named; assumed {topic!r}")

    # --- 8. dedup, sessions, windows -----------------------------------------------------------

    def extract_dedup(self) -> None:
        m = _DEDUP.search(self.s)
        if not m:
            return
        end = self.clause_end(m.end())
        keys: list[tuple[str, bool]] = []
        horizon = None
        km = re.compile(
            r"\b(?:by|on|using|based\s+on|keyed\s+by|per)\s+(?:the\s+|their\s+|its\s+)?", _I
        ).search(self.s, m.end(), end)
        key_end = None
        if km:
            items, key_end = _read_list(self.s, km.end(), _FIELD_RE, max_words=2)
            keys = [(t, q) for t, q, _ in items]
        hm = re.compile(
            rf"\b(?:over|within|in|for|across|during|with\s+a\s+(?:horizon|window)\s+of|keeping)"
            rf"\s+(?:a\s+|the\s+)?(?:last\s+|past\s+)?(?:(?:window|horizon)\s+of\s+)?"
            rf"(?P<d>{_DUR1})|(?P<d2>{_DUR})\s+(?:window|horizon)",
            _I,
        ).search(self.s, m.end(), end)
        if hm:
            horizon = _dur_ms(hm.group("d") or hm.group("d2"))
        self.mask(m.start(), m.end())
        if km:
            self.mask(km.start(), key_end or km.end())
        if hm:
            self.mask(hm.start(), hm.end())
        self.dedup = (keys, horizon)

    def extract_sessions(self) -> None:
        m = self.take(_SESSION_WINDOW)
        if m:
            end = self.clause_end(m.end())
            gap = self._gap(m.end(), end) or self._gap(0, len(self.s))
            if gap is None:
                dm = _DUR_RE.search(self.s, m.end(), end)
                if dm is None:
                    raise RequestNotUnderstood(
                        'session window: give the inactivity gap (e.g. "session windows with a '
                        '15 minute gap")'
                    )
                gap = _dur_ms(dm.group(0))
                self.mask(dm.start(), dm.end())
            self.window.update(type="session", gap_ms=gap)
            self.window_words = True
            return
        m = _SESSIONIZE.search(self.s)
        if not m:
            return
        key = None
        for pattern in _SESSION_KEY:
            km = self.take(pattern)
            if km:
                key = _unquote(km.group("f"))
                break
        gap = self._gap(0, len(self.s))
        distinct = None
        dm = self.take(_PAGES_VIEWED)
        if dm:
            distinct = "page_url"
        self.session = {"key": key, "gap_ms": gap, "distinct": distinct}
        self.take_all(_SESSIONIZE)

    def _gap(self, start: int, end: int) -> int | None:
        for pattern in _GAP:
            gm = pattern.search(self.s, start, end)
            if gm:
                self.mask(gm.start(), gm.end())
                return _dur_ms(gm.group("d"))
        return None

    def extract_window(self) -> None:
        self._grace()
        if self.window.get("type") == "session":
            return
        m = self.take(_OVER_LAST_EVERY)
        if m:
            self.window.update(
                type="hopping", size_ms=_dur_ms(m.group("size")), slide_ms=_dur_ms(m.group("slide"))
            )
            self.window_words = True
        else:
            self._hopping()
        if "size_ms" not in self.window:
            for pattern in _TUMBLE:
                m = self.take(pattern)
                if m:
                    if "w" in m.groupdict() and m.group("w"):
                        size = _ADVERB_MS[m.group("w").lower()]
                    else:
                        size = _dur_ms(m.group("d"))
                    self.window.update(type="tumbling", size_ms=size)
                    self.window_words = True
                    break
        if self.take(_TUMBLING_WORD):
            self.window_words = True
            if "size_ms" not in self.window:
                raise RequestNotUnderstood(
                    'tumbling window: give its size (e.g. "1-minute tumbling windows")'
                )
        if _WINDOW_WORD.search(self.s) or _AGGREGATE_VERB.search(self.s):
            self.window_words = True

    def _hopping(self) -> None:
        m = _HOP_WORD.search(self.s)
        if not m:
            return
        begin = max(self.s.rfind(",", 0, m.start()), self.s.rfind(";", 0, m.start())) + 1
        end = self.clause_end(m.end())
        durations = list(_DUR_RE.finditer(self.s, begin, end))
        size = slide = None
        for dm in durations:
            before = self.s[max(begin, dm.start() - 30) : dm.start()].lower()
            after = self.s[dm.end() : dm.end() + 12].lower()
            is_slide = re.search(
                r"\b(?:every|by|slide\s+of|hop\s+of|advance\s+of|step\s+of|advancing|slides?"
                r"|sliding\s+every|hop(?:ping)?\s+every)\s*-?\s*$",
                before,
            ) and not re.search(r"(?:sliding|hopping|windows?\s+of)\s*$", before)
            if re.match(r"^\s*-?\s*(?:hop|slide|step|advance)", after):
                is_slide = True
            if is_slide and slide is None:
                slide = _dur_ms(dm.group(0))
            elif size is None:
                size = _dur_ms(dm.group(0))
            else:
                continue
            self.mask(dm.start(), dm.end())
        if size is None or slide is None:
            raise RequestNotUnderstood(
                'sliding/hopping window: give a size and a slide (e.g. "sliding 1 hour every '
                '5 minutes")'
            )
        self.window.update(type="hopping", size_ms=size, slide_ms=slide)
        self.window_words = True
        self.mask(m.start(), m.end())

    def _grace(self) -> None:
        for pattern in _GRACE:
            m = self.take(pattern)
            if m:
                self.window["grace_ms"] = _dur_ms(m.group("d")) if m.group("d") else 0
                return

    # --- 9. conditions: filters and thresholds -------------------------------------------------

    def extract_conditions(self) -> None:
        for m in list(_DROP_WITHOUT.finditer(self.s)):
            subject, quoted = _unquote(m.group("f"))
            self.conds.append(_Cond(m.start(), subject, quoted, "not_null", None))
            self.mask(m.start(), m.end(), domain=True)
        for lead, negate, weak in ((_DROP_LEAD, True, False), (_KEEP_LEAD, False, False),
                                   (_WEAK_LEAD, False, True)):  # fmt: skip
            for m in list(lead.finditer(self.s)):
                if MASK in self.s[m.start() : m.end()]:
                    continue
                self._conditions_at(m.start(), m.end(), negate=negate, weak=weak)
        for m in list(_MORE_THAN.finditer(self.s)):
            op = {"more": "gt", "over": "gt", "fewer": "lt", "less": "lt"}.get(
                m.group("cmp").split()[-1].lower(), "gt"
            )
            if m.group("cmp").lower().startswith("at least"):
                op = "ge"
            elif m.group("cmp").lower().startswith("at most"):
                op = "le"
            self.conds.append(
                _Cond(m.start(), f"count {m.group('noun')}", False, op, _number(m.group("n")))
            )
            self.mask(m.start(), m.end())
        for pattern, negate in ((_ONLY_VALUE, False), (_VALUE_ONLY, False), (_DROP_VALUE, True),
                                (_FILTER_TO, False)):  # fmt: skip
            for m in list(pattern.finditer(self.s)):
                parts = [
                    _unquote(v) for v in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+",
                                                  m.group("v"))
                ]  # fmt: skip
                if any(not q and (v.lower() in _NOT_VALUES or v.lower() in _STOP)
                       for v, q in parts):  # fmt: skip
                    continue
                values = [_snake(v) if not q and " " in v else v for v, q in parts]
                if pattern is _FILTER_TO and not parts[0][1]:
                    values = [_singular(values[0].lower())]  # "filter to purchases"
                value: Any = values[0] if len(values) == 1 else values
                quoted = all(q for _, q in parts)
                op = "eq" if len(values) == 1 else "in"
                self.conds.append(_Cond(m.start(), "", False, op, value, negate=negate))
                self.conds[-1].subject = "\x01discriminator"
                self.conds[-1].weak = bool(not quoted and _domain_of(values[0]))
                self.mask(m.start(), m.end(), domain=True)

    def _conditions_at(self, start: int, pos: int, *, negate: bool, weak: bool) -> None:
        found: list[_Cond] = []
        first = self._match_cond(pos, negate, weak)
        if first is None:
            return
        cond, end = first
        found.append(cond)
        while True:
            cm = _COND_CONT.match(self.s, end)
            if not cm:
                break
            nxt = self._match_cond(cm.end(), negate, weak)
            if nxt is None:
                break
            conj = cm.group("conj").lower()
            if (conj == "and") == negate:
                raise RequestNotUnderstood(
                    f"cannot express {self.text[start : nxt[1]]!r} as filters: "
                    + ("drop records where A or B" if negate else "keep records where A and B")
                    + " can be combined, this combination cannot"
                )
            found.append(nxt[0])
            end = nxt[1]
        self.conds.extend(found)
        self.mask(start, end, domain=True)

    def _match_cond(self, pos: int, negate: bool, weak: bool) -> tuple[_Cond, int] | None:
        m = _COND_NULL.match(self.s, pos)
        if m and (
            not re.match(r"\s*\w", self.s[m.end() :])
            or re.match(r"\s+(?:and|or|then)\b", self.s[m.end() :], _I)
        ):
            subject, quoted = _unquote(m.group("subj"))
            op = "not_null" if m.group("op_not_null") else "null"
            return _Cond(m.start(), _strip_article(subject, quoted), quoted, op, None,
                         negate=negate, weak=weak), m.end()  # fmt: skip
        m = _COND.match(self.s, pos)
        if not m:
            return None
        try:
            return self._cond(m, negate, weak), self._cond_end
        except _NotAConditionError:
            return None

    def _cond(self, m: re.Match[str], negate: bool, weak: bool) -> _Cond:
        subject, quoted = _unquote(m.group("subj"))
        subject = _strip_article(subject, quoted)
        if not quoted and subject.lower() in ("it", "that", "this", "they"):
            subject = _IT
        elif not quoted and subject.split()[0].lower() in _STOP - _AGG_WORDS:
            raise _NotAConditionError
        op = next(name for name, _ in _OPS if m.group(f"op_{name}"))
        self._cond_end = m.end()
        value: Any
        if m.group("list"):
            inner = m.group("list")[1:-1]
            value = [_literal(v.strip()) for v in re.split(r"\s*,\s*|\s+or\s+", inner) if v.strip()]
        elif m.group("q"):
            value = _unquote(m.group("q"))[0]
        elif m.group("num"):
            value = _number(m.group("num"))
        else:
            value = _literal(m.group("word"))
        if op in ("in", "not_in") and not isinstance(value, list):
            bare_in = m.group("op_in") and m.group("op_in").split()[-1].lower() == "in"
            if not (m.group("q") or m.group("list")) and bare_in:
                raise _NotAConditionError
            rest = _LIST_TAIL.match(self.s, m.end())
            value = [value]
            if rest:
                parts = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", rest.group(1))
                value += [_literal(v) for v in parts if v]
                self._cond_end = rest.end()
        if op == "eq" and isinstance(value, str) and value.lower() in ("positive", "negative"):
            op, value = ("gt" if value.lower() == "positive" else "lt"), 0
        if isinstance(value, str) and not m.group("q") and value.lower() in _STOP:
            raise _NotAConditionError
        return _Cond(m.start(), subject, quoted, op, value, negate=negate, weak=weak)

    # --- 10. aggregates and group-by -----------------------------------------------------------

    def extract_aggregates(self) -> None:
        for m in list(_MULTI_AGG.finditer(self.s)):
            phrase, explicit = _unquote(m.group("p"))
            for word in re.findall(r"[A-Za-z]+", m.group("fns")):
                fn = _FN_WORDS.get(word.lower())
                if fn:
                    prefix = "total" if word.lower() == "total" else fn
                    name = _agg_name(prefix, _name_part(phrase, explicit))
                    self.aggs.append(_Agg(m.start() + m.group(0).find(word), fn, phrase, name,
                                          None, explicit))  # fmt: skip
            self.mask(m.start(), m.end())
        for m in list(_COMPUTE_NOUN.finditer(self.s)):
            self.aggs.append(_Agg(m.start(), "count", None, _count_name(m.group("p"))))
            self.mask(m.start(), m.end())
        for fn, pattern in _AGGS:
            for m in list(pattern.finditer(self.s)):
                if MASK in self.s[m.start() : m.end()]:
                    continue
                agg = _agg_from_match(fn, m)
                if agg is None:
                    continue
                if fn == "count" and not m.group("p") and _COUNT_OF.match(self.text, m.end()):
                    continue  # "count the number of X", "count how many X": the longer phrase
                self.aggs.append(agg)
                self.mask(m.start(), m.end())
        self.aggs.sort(key=lambda a: a.pos)

    def extract_group_by(self) -> None:
        for m in list(_GROUP_BY.finditer(self.s)):
            um = re.match(r"(?:the\s+)?(second|minute|hour|day|week)s?\b", self.s[m.end() :], _I)
            if um:
                first = um.group(1).lower()
                end = m.end() + um.end()
                if "size_ms" not in self.window and self.window.get("type") != "session":
                    self.window.update(type="tumbling", size_ms=_UNIT_MS[first])
                    self.window_words = True
                self.mask(m.start(), end)
                continue
            items, end = _read_list(self.s, m.end(), _FIELD_RE, max_words=2)
            explicit = not re.match(r"(?:per|by|for|across)\b", m.group(0), _I)
            first = _FIELD_RE.match(self.s, m.end())
            if explicit and first and not items:
                # "group by store": after an explicit group-by any word is a field
                text, quoted = _unquote(first.group(0))
                if quoted or text.lower() not in _STRUCT_STOP:
                    items, end = [(text, quoted, first.start())], first.end()
                    sep = _LIST_SEP.match(self.s, end)
                    if sep:
                        more, more_end = _read_list(self.s, sep.end(), _FIELD_RE, max_words=2)
                        if more:
                            items, end = items + more, more_end
            if not items:
                continue
            self.group_by.extend((t, q) for t, q, _ in items)
            self.mask(m.start(), end)

    # =========================================================================================
    # Resolution and assembly
    # =========================================================================================

    def choose_schema(self) -> None:
        chars = list(self.text)
        for start, end in self.domain_excluded:
            for i in range(start, end):
                chars[i] = " "
        visible = "".join(chars).replace("_", " ")
        best: tuple[int, str, str] | None = None
        for pattern, preset, subject in _DOMAINS:
            m = pattern.search(visible)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), preset, subject)
        if best:
            self.preset, self.subject = best[1], best[2]
        if self.sample is not None:
            self.fields = [f.model_dump() for f in self.sample.fields]
            self.schema_label = "sample"
        else:
            preset = self.preset or "events"
            self.preset = preset
            self.fields = [f.model_dump() for f in PRESETS[preset]]
            self.schema_label = f"{preset} preset"
        if not self.subject:
            first = self.topics[0][1] if self.topics else "events"
            self.subject = to_identifier(first) if first else "events"

    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def has(self, name: str) -> bool:
        return name in self.names() or name in self.added_by_ops

    def add_field(self, name: str, kind: str, why: str, *, required: bool = False) -> None:
        if name in self.names():
            return
        self.fields.append({"name": name, "type": kind, "required": required, "description": ""})
        self.assumptions.append(
            f"field {name!r} ({why}) is not in the {self.schema_label}; added it as {kind}"
        )

    def resolve(
        self, phrase: str, *, role: str = "field", explicit: bool = False, value: Any = None,
        why: str = "",
    ) -> str:  # fmt: skip
        """The field a phrase names; added to the input schema when missing."""
        known = list(self.names()) + list(self.added_by_ops)
        lower = {n.lower(): n for n in known}
        text = phrase.strip()
        if text in known:
            return text
        if explicit or not re.fullmatch(r"[A-Za-z_][\w]*(?:[\s-]+[A-Za-z_][\w]*)*", text):
            if text.lower() in lower and re.fullmatch(r"\w+", text):
                return lower[text.lower()]
            self.add_field(text, _guess_type(text, role, value), why or "named in the request")
            return text
        snake = _snake(text)
        if snake in lower:
            return lower[snake]
        words = snake.split("_")
        last = words[-1]
        sing = _singular(snake)
        if role == "measure":
            if last in lower:
                return lower[last]
            if snake in _MEASURE_WORDS or last in _MEASURE_WORDS or sing in _MEASURE_WORDS:
                for cand in _MEASURE_FIELDS:
                    if cand in lower:
                        return lower[cand]
                self.add_field("amount", "float", why or f"for {phrase!r}")
                return "amount"
        if role in ("entity", "group", "key"):
            for maybe in (f"{sing}_id", sing, _ENTITY_FIELDS.get(sing), _ENTITY_FIELDS.get(last)):
                if maybe and maybe in lower:
                    return lower[maybe]
        if sing in lower:
            return lower[sing]
        if f"{sing}_id" in lower and role != "measure":
            return lower[f"{sing}_id"]
        suffix = [n for n in known if n.lower().endswith("_" + snake)]
        if len(suffix) == 1:
            return suffix[0]
        if role == "measure" and last in lower:
            return lower[last]
        if role == "entity":
            name = _ENTITY_FIELDS.get(sing) or f"{sing}_id"
        elif role in ("group", "key"):
            name = _ENTITY_FIELDS.get(sing, sing)
        else:
            name = snake
        self.add_field(name, _guess_type(name, role, value), why or f"for {phrase!r}")
        return name

    def event_time_field(self) -> str | None:
        if self.event_time_set:
            if self.event_time is None:
                return None
            if self.event_time not in self.names() and re.fullmatch(r"\w+", self.event_time):
                self.add_field(self.event_time, "timestamp", "event time", required=True)
            return self.resolve(self.event_time, explicit=True, why="event time")
        required = [f for f in self.fields if f["required"] and f["type"] in ("timestamp", "int")]
        by_name = {str(f["name"]): f for f in required}
        for cand in _TIME_FIELDS:
            if cand in by_name:
                return cand
        for f in required:
            if f["type"] == "timestamp":
                return str(f["name"])
        return None

    # --- operators -----------------------------------------------------------------------------

    def build_enrich(self) -> dict[str, Any] | None:
        e = self.enrich
        if e is None:
            return None
        entity = e.entity
        if entity is None and e.key_field and e.key_field.endswith("_id"):
            entity = e.key_field[:-3]
        entity = entity or "user"
        preset_prefix, preset_fields = LOOKUPS.get(entity, (f"{entity}:", []))
        if e.key_field is not None:
            key = self.resolve(e.key_field, explicit=e.key_explicit, role="key", why="lookup key")
        else:
            key = self.resolve(f"{entity}_id", role="key", why=f"{entity} lookup key")
        if e.fields:
            by_source = {s: (t, ty) for s, t, ty in preset_fields}
            mapping = []
            for raw in e.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                default = src if src.startswith(entity + "_") else f"{entity}_{src}"
                target, kind = by_source.get(src, (default, _guess_type(src)))
                mapping.append((src, target, kind))
        elif preset_fields:
            mapping = list(preset_fields)
        else:
            raise RequestNotUnderstood(
                f"Redis enrichment: no known fields for {entity!r} lookups; name them "
                f'(e.g. "look up {entity} data in Redis adding name and tier")'
            )
        prefix = e.prefix if e.prefix is not None else preset_prefix
        for _src, target, kind in mapping:
            self.added_by_ops[target] = kind
        data: dict[str, Any] = {
            "kind": "enrich",
            "key_field": key,
            "key_prefix": prefix,
            "value_format": e.value_format,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        if e.ttl_ms is not None:
            data["cache_ttl_ms"] = e.ttl_ms
        if e.max_entries is not None:
            data["cache_max_entries"] = e.max_entries
        if e.on_miss:
            data["on_miss"] = e.on_miss
        return data

    def build_join(self) -> dict[str, Any] | None:
        if not self.joins:
            return None
        if len(self.joins) > 1:
            raise RequestNotUnderstood("at most one join per pipeline")
        j = self.joins[0]
        if j.kind == "table":
            return self._table_join(j)
        return self._interval_join(j)

    def _table_join(self, j: _Join) -> dict[str, Any]:
        entity = _ENTITY_ALIASES.get(j.entity or "", j.entity) or "record"
        _prefix, preset_fields = LOOKUPS.get(entity, ("", []))
        right_key = j.right_key or f"{entity}_id"
        left_key = self.resolve(j.left_key or right_key, role="key", explicit=bool(j.left_key),
                                why="join key")  # fmt: skip
        types = {s: ty for s, _t, ty in preset_fields}
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                target = next((t for s, t, _ in preset_fields if s == src), f"{entity}_{src}")
                mapping.append((src, target, types.get(src, _guess_type(src))))
        elif preset_fields:
            mapping = list(preset_fields)
        else:
            raise RequestNotUnderstood(
                f"join with table {j.right_topic!r}: no known fields for {entity!r} records; name "
                "them (e.g. \"... from compacted topic 'x' taking name and tier\")"
            )
        right_fields = [{"name": right_key, "type": _guess_type(right_key), "required": True}]
        right_fields += [
            {"name": s, "type": k, "required": False} for s, _t, k in mapping if s != right_key
        ]
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        self.right_subject = entity
        return {
            "kind": "table_join",
            "table_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }

    def _interval_join(self, j: _Join) -> dict[str, Any]:
        phrase = j.right_phrase
        visible = (phrase or "") + " " + (j.right_topic or "")
        best = None
        for pattern, preset, subject in _DOMAINS:
            m = pattern.search(visible)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), preset, subject)
        words = re.sub(
            rf"\btopic\s+{_NAME}|{_QUOTED}|\b(?:from|the|kafka|stream|topic)\b",
            " ",
            phrase,
            flags=_I,
        )
        words_list = [w for w in re.findall(r"[A-Za-z][\w-]*", words) if w.lower() not in _STOP]
        if j.right_topic is None:
            if not words_list:
                raise RequestNotUnderstood("join: name the other stream's Kafka topic")
            j.right_topic = "-".join(w.lower() for w in words_list)
            self.assumptions.append(
                f"the join's right stream topic was not named; assumed {j.right_topic!r}"
            )
        if best:
            right_preset, self.right_subject = best[1], best[2]
            right_fields = [f.model_dump() for f in PRESETS[right_preset]]
        else:
            right_preset = None
            last = words_list[-1].lower() if words_list else "right"
            self.right_subject = to_identifier(_singular(last))
            right_fields = []
        right_names = [f["name"] for f in right_fields]
        left_key = j.left_key
        right_key = j.right_key
        if left_key is None:
            common = [n for n in right_names if n.endswith("_id") and self.has(n)]
            if DEFAULT_JOIN_PRESET_KEY in common:
                left_key = DEFAULT_JOIN_PRESET_KEY
            elif common:
                left_key = common[0]
            else:
                raise RequestNotUnderstood(
                    f'join with {j.right_topic!r}: name the join key (e.g. "on user_id")'
                )
            right_key = left_key
        left_key = self.resolve(
            left_key, role="key", explicit=j.left_key is not None, why="join key"
        )
        right_key = right_key or left_key
        if not right_fields:
            if not j.fields:
                raise RequestNotUnderstood(
                    f"join with {j.right_topic!r}: unknown stream; name the fields to take "
                    '(e.g. "... taking status and amount")'
                )
            right_fields = [
                {"name": right_key, "type": _guess_type(right_key), "required": True},
                {"name": "timestamp", "type": "timestamp", "required": True},
            ]
            right_names = [right_key, "timestamp"]
        if right_key not in right_names:
            key_field = {"name": right_key, "type": _guess_type(right_key), "required": True}
            right_fields.insert(0, key_field)
            right_names.insert(0, right_key)
        types = {f["name"]: f["type"] for f in right_fields}
        prefix = self.right_subject.rstrip("s") if self.right_subject else "right"
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                if src not in types:
                    right_fields.append({"name": src, "type": _guess_type(src), "required": False})
                    types[src] = _guess_type(src)
                target = src if not self.has(src) else f"{prefix}_{src}"
                mapping.append((src, target, types[src]))
        elif right_preset in JOIN_FIELDS:
            mapping = list(JOIN_FIELDS[right_preset])
        else:
            mapping = []
            for f in right_fields:
                if f["name"] == right_key:
                    continue
                src = f["name"]
                target = src if not self.has(src) else f"{prefix}_{src}"
                mapping.append((src, target, f["type"]))
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        data: dict[str, Any] = {
            "kind": "interval_join",
            "right_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "before_ms": j.before_ms,
            "after_ms": j.after_ms,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        if "timestamp" not in types:
            ts = next((n for n, t in types.items() if t == "timestamp"), None)
            if ts:
                data["right_event_time"] = ts
        if j.grace_ms is not None:
            data["grace_ms"] = j.grace_ms
        return data

    def build_dedup(self) -> dict[str, Any] | None:
        if self.dedup is None:
            return None
        keys, horizon = self.dedup
        if keys:
            resolved = [
                self.resolve(t, role="key", explicit=_is_explicit(t, q), why="dedup key")
                for t, q in keys
            ]
        else:
            cand = next((n for n in _ID_FIELDS if n in self.names()), None)
            if cand is None:
                raise RequestNotUnderstood(
                    'deduplicate: name the key (e.g. "deduplicate by event_id over 1 hour")'
                )
            resolved = [cand]
        if horizon is None:
            horizon = DEFAULT_DEDUP_MS
            self.assumptions.append("no deduplication horizon given; using 1 hour")
        return {"kind": "dedup", "key": resolved, "horizon_ms": horizon}

    def build_session(self) -> dict[str, Any] | None:
        if self.session is None:
            return None
        key_raw = self.session["key"]
        key: str | None
        if key_raw:
            text, quoted = key_raw
            key = self.resolve(text, role="key", explicit=quoted or "_" in text, why="session key")
        else:
            names = self.names()
            key = next((n for n in ("session_id", "user_id") if n in names), None)
            if key is None:
                key = next((n for n in names if n.endswith("_id")), None) or self.resolve(
                    "user_id", role="key", why="session key"
                )
        data: dict[str, Any] = {
            "kind": "sessionize",
            "key": key,
            "gap_ms": self.session["gap_ms"] or DEFAULT_SESSION_GAP_MS,
        }
        distinct = self.session["distinct"] or ("page_url" if self.has("page_url") else None)
        if distinct and distinct != key:
            data["distinct_field"] = self.resolve(distinct, why="pages viewed")
        for name in ("session_key", "session_start", "session_duration_ms", "session_event_count"):
            self.added_by_ops[name] = "int"
        if "distinct_field" in data:
            self.added_by_ops[f"session_distinct_{data['distinct_field']}"] = "int"
        return data

    def split_conditions(self) -> tuple[list[_Cond], list[_Cond]]:
        """(filters, thresholds): a condition on an aggregate phrase is a threshold."""
        filters, thresholds = [], []
        for c in sorted(self.conds, key=lambda c: c.pos):
            if c.subject == "\x01discriminator":
                if c.weak and _domain_of(str(c.value)) == self.preset:
                    continue
                filters.append(c)
                continue
            if c.subject == _IT:
                if isinstance(c.value, int | float) and not c.negate:
                    thresholds.append(c)
                continue
            agg = None if c.quoted else _agg_from_phrase(c.subject)
            if agg is not None and isinstance(c.value, int | float) and not c.negate:
                thresholds.append(c)
                continue
            if c.weak:
                known = c.quoted or self.has(c.subject) or self.has(_snake(c.subject))
                strong_op = c.op not in ("eq", "ne", "in", "not_in")
                if not (known or strong_op or "_" in c.subject):
                    continue
            filters.append(c)
        return filters, thresholds

    def build_filter(self, c: _Cond) -> dict[str, Any]:
        if c.subject == "\x01discriminator":
            names = self.names()
            if self.sample is None:
                fieldname = DISCRIMINATORS.get(self.preset or "", "event_type")
            else:
                candidates = ("event_type", "type", "status", "level", "kind")
                fieldname = next((n for n in candidates if n in names), "event_type")
            if fieldname not in names:
                self.add_field(fieldname, "string", f"for 'only {c.value}'")
        else:
            explicit = c.quoted or not _WORDS.fullmatch(c.subject)
            sample_value = c.value[0] if isinstance(c.value, list) and c.value else c.value
            fieldname = self.resolve(c.subject, explicit=explicit, value=sample_value, why="filter")
        op = c.op
        if c.negate:
            op = _NEGATE[op]
        if op == "null":
            raise RequestNotUnderstood(
                f"filter on {fieldname!r}: keeping only records where it is missing is not "
                "supported (drop records without it instead)"
            )
        value = _coerce(c.value, self.type_of(fieldname))
        data: dict[str, Any] = {"kind": "filter", "field": fieldname, "op": op}
        if op != "not_null":
            data["value"] = value
        return data

    def type_of(self, name: str) -> str | None:
        for f in self.fields:
            if f["name"] == name:
                return str(f["type"])
        return self.added_by_ops.get(name)

    def build_window(self, thresholds: list[_Cond]) -> dict[str, Any] | None:
        if not (
            self.aggs
            or thresholds
            or (self.window_words and ("size_ms" in self.window or self.window.get("type")))
        ):
            return None
        aggs: list[dict[str, Any]] = []
        for a in self.aggs:
            aggs.append(self._agg(a))
        having = None
        if len(thresholds) > 1:
            raise RequestNotUnderstood(
                "more than one threshold on a window; only one having-condition is supported"
            )
        for c in thresholds:
            if c.subject == _IT:
                if not aggs:
                    raise RequestNotUnderstood(
                        "threshold on 'it': name the metric (e.g. \"when the count exceeds 20\")"
                    )
                having = {"aggregate": aggs[-1]["name"], "op": c.op, "value": float(c.value)}
                continue
            agg = _agg_from_phrase(c.subject)
            assert agg is not None
            built = self._agg(agg)
            match = next((a for a in aggs if a["name"] == built["name"]), None) or next(
                (a for a in aggs if (a["fn"], a.get("field"), a.get("quantile"))
                 == (built["fn"], built.get("field"), built.get("quantile"))), None)  # fmt: skip
            if match is None and built["fn"] == "count":
                match = next((a for a in aggs if a["fn"] == "count"), None)
            if match is None:
                aggs.append(built)
                match = built
            if c.op not in _THRESHOLD_OPS:
                raise RequestNotUnderstood(
                    f"threshold on {match['name']!r}: use above/below/at least/at most"
                )
            having = {"aggregate": match["name"], "op": c.op, "value": float(c.value)}
        if not aggs:
            aggs.append({"name": "event_count", "fn": "count"})
            self.assumptions.append("no metric named for the window; counting events (event_count)")
        group_by = []
        for text, quoted in self.group_by:
            explicit = quoted or not _WORDS.fullmatch(text)
            name = self.resolve(text, role="group", explicit=explicit, why="group-by")
            if name not in group_by:
                group_by.append(name)
        data: dict[str, Any] = {"kind": "window", "group_by": group_by, "aggregates": aggs}
        wtype = self.window.get("type", "tumbling")
        data["type"] = wtype
        if wtype == "session":
            data["gap_ms"] = self.window["gap_ms"]
        else:
            size = self.window.get("size_ms")
            if size is None:
                size = DEFAULT_WINDOW_MS
                self.assumptions.append("no window size given; using 1-minute tumbling windows")
            data["size_ms"] = size
            if wtype == "hopping":
                data["slide_ms"] = self.window["slide_ms"]
        data["grace_ms"] = self.window.get("grace_ms", DEFAULT_WINDOW_GRACE_MS)
        if having:
            data["having"] = having
        return data

    def _agg(self, a: _Agg) -> dict[str, Any]:
        data: dict[str, Any] = {"name": a.name, "fn": a.fn}
        if a.fn != "count":
            assert a.phrase is not None
            role = "entity" if a.fn == "count_distinct" else "measure"
            data["field"] = self.resolve(a.phrase, role=role, explicit=a.explicit, why=f"{a.name}")
        if a.quantile is not None:
            data["quantile"] = a.quantile
        return data

    # --- assembly ------------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        if self.cdc:
            return self.build_cdc()
        if not self.topics:
            anything = self.sinks or self.joins or self.enrich or self.aggs or self.conds
            if not anything and not _PIPELINE_WORDS.search(self.text):
                raise RequestNotUnderstood(
                    "request not understood as a streaming pipeline: "
                    + NO_SOURCE
                    + "; then say what to compute (filter, enrich, window, join, dedup, sessions) "
                    "and where to store it (ClickHouse, a Kafka topic, Redis, stdout)"
                )
            raise RequestNotUnderstood(NO_SOURCE)
        self.choose_schema()
        topics = list(dict.fromkeys(t for _, t in self.topics))
        event_time = self.event_time_field()
        operators: list[dict[str, Any]] = []
        pre_filters: list[dict[str, Any]] = []
        post_filters: list[dict[str, Any]] = []
        enrich = self.build_enrich()
        join = self.build_join()
        filters, thresholds = self.split_conditions()
        for c in filters:
            built = self.build_filter(c)
            (post_filters if built["field"] in self.added_by_ops else pre_filters).append(built)
        dedup = self.build_dedup()
        session = self.build_session()
        window = self.build_window(thresholds)
        operators += pre_filters
        operators += [op for op in (dedup, enrich, join) if op]
        operators += post_filters
        operators += [op for op in (session, window) if op]
        if not operators and not self.sinks:
            raise RequestNotUnderstood(
                f"nothing to do with topic {topics[0]!r}: say what to compute (filter, enrich, "
                "window, join, dedup, sessions) or where to store the records (ClickHouse, a "
                "Kafka topic, Redis, stdout)"
            )
        self.built = {"window": window, "join": join, "enrich": enrich, "session": session,
                      "dedup": dedup, "filters": pre_filters + post_filters}  # fmt: skip
        key = self.source_key()
        name = self.pipeline = self.pipeline_name()
        sinks = self.build_sinks(window, event_time, key)
        source: dict[str, Any] = {
            "topics": topics,
            "group_id": self.group_id or name.replace("_", "-"),
            "event_time": event_time,
            "key": key,
        }
        self.source_settings(source)
        data: dict[str, Any] = {
            "name": name,
            "description": self.text,
            "source": source,
            "schema": {"fields": self.fields, "preset": None if self.sample else self.preset},
            "operators": operators,
            "sinks": sinks,
            "dead_letter_topic": self.dlq if self.dlq_set else f"{topics[0]}-dlq",
            "assumptions": self.assumptions,
        }
        if self.delivery:
            data["delivery"] = self.delivery
        return data

    def source_settings(self, source: dict[str, Any]) -> None:
        if self.offset:
            source["auto_offset_reset"] = self.offset
        if self.brokers:
            source["bootstrap_servers"] = self.brokers
        if self.max_poll:
            source["max_batch_records"] = self.max_poll

    def source_key(self) -> str | None:
        window, join, enrich, session, dedup = (
            self.built[k] for k in ("window", "join", "enrich", "session", "dedup")
        )
        names = self.names()
        candidates = []
        if window and window["group_by"]:
            candidates.append(window["group_by"][0])
        if join:
            candidates.append(join["left_key"])
        if enrich:
            candidates.append(enrich["key_field"])
        if session:
            candidates.append(session["key"])
        if dedup:
            candidates.append(dedup["key"][0])
        return next((c for c in candidates if c in names), None)

    def pipeline_name(self) -> str:
        if self.name:
            return self.name
        b = self.built
        subject = self.subject
        if b["join"]:
            name = f"{subject}_{self.right_subject}_join"
        elif b["window"]:
            name = f"{subject}_aggregates"
        elif b["session"]:
            name = f"{subject}_sessions"
        elif b["dedup"]:
            name = f"{subject}_dedup"
        elif b["enrich"]:
            name = f"{subject}_enriched"
        elif b["filters"]:
            name = f"{subject}_filtered"
        else:
            name = f"{subject}_ingest"
        return to_identifier(name)

    def output_names(self, window: dict[str, Any] | None) -> list[str]:
        if window:
            return ["window_start", "window_end", *window["group_by"],
                    *[a["name"] for a in window["aggregates"]]]  # fmt: skip
        return self.names() + list(self.added_by_ops)

    def build_sinks(
        self, window: dict[str, Any] | None, event_time: str | None, key: str | None
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        outputs = self.output_names(window)
        if not self.sinks:
            self.sinks.append(_Sink(len(self.text), "stdout"))
            self.assumptions.append("no sink named; printing results to stdout")
        has_ch = any(s.kind == "clickhouse" for s in self.sinks)
        if (self.batch_rows or self.flush_ms) and not has_ch:
            self.assumptions.append("batch size / flush interval apply to ClickHouse only; ignored")
        for sink in sorted(self.sinks, key=lambda s: s.pos):
            d = sink.data
            if sink.kind == "clickhouse":
                out.append(self._clickhouse_sink(d, window, event_time, key, outputs))
            elif sink.kind == "kafka":
                data: dict[str, Any] = {"kind": "kafka", "topic": d["topic"]}
                if d["key"]:
                    text = d["key"][0]
                    if not window:
                        text = self.resolve(text, explicit=True, why="Kafka key")
                    data["key"] = text
                elif window:
                    data["key"] = window["group_by"][0] if window["group_by"] else None
                else:
                    data["key"] = key
                if self.partitions:
                    data["partitions"] = self.partitions
                out.append(data)
            elif sink.kind == "redis":
                data = {"kind": "redis"}
                if "key_field" in d:
                    data["key_field"] = d["key_field"][0]
                else:
                    data["key_field"] = (window["group_by"][0] if window and window["group_by"]
                                         else key)  # fmt: skip
                    if data["key_field"] is None:
                        raise RequestNotUnderstood(
                            'Redis sink: name the key field (e.g. "write to Redis keyed by '
                            'user_id")'
                        )
                data["key_prefix"] = d.get("key_prefix", f"{self.pipeline}:")
                if "ttl_ms" in d:
                    data["ttl_ms"] = d["ttl_ms"]
                out.append(data)
            else:
                out.append({"kind": "stdout"})
        return out

    def _clickhouse_sink(
        self, d: dict[str, Any], window: dict[str, Any] | None, event_time: str | None,
        key: str | None, outputs: list[str],
    ) -> dict[str, Any]:  # fmt: skip
        data: dict[str, Any] = {"kind": "clickhouse"}
        if "database" in d:
            data["database"] = d["database"]
        if "table" in d:
            data["table"] = d["table"]
        elif window:
            label = _label(window["size_ms"]) if window.get("size_ms") else "session"
            data["table"] = to_identifier(f"{self.subject}_aggregates_{label}")
        else:
            subject = self.subject
            data["table"] = subject if subject.endswith("s") else f"{subject}_events"
        data["engine"] = d.get("engine", "ReplacingMergeTree" if window else "MergeTree")
        time_col = "window_start" if window else event_time
        if "order_by" in d:
            order = []
            for text, quoted in d["order_by"]:
                order.append(text if (window or quoted or text in outputs) else
                             self.resolve(text, explicit=True, why="ORDER BY"))  # fmt: skip
            data["order_by"] = order
        elif window:
            data["order_by"] = ["window_start", *window["group_by"]]
        else:
            order = [c for c in (event_time, key) if c]
            id_field = next((n for n in _ID_FIELDS if n in outputs), None)
            if id_field:
                order.append(id_field)
            data["order_by"] = list(dict.fromkeys(order)) or outputs[:1]
        if "partition" in d:
            part = d["partition"]
            if part is None:
                data["partition_by"] = None
            else:
                func, column, _quoted = part
                column = column or time_col
                if column is None:
                    raise RequestNotUnderstood(
                        "ClickHouse partitioning needs an event-time column; name it (e.g. "
                        '"partitioned by day of created_at")'
                    )
                data["partition_by"] = {"func": func, "column": column}
        elif time_col and (window or self.type_of(time_col) in ("timestamp", "date")):
            data["partition_by"] = {"func": "toYYYYMM", "column": time_col}
        if self.batch_rows:
            data["batch_rows"] = self.batch_rows
        if self.flush_ms:
            data["flush_interval_ms"] = self.flush_ms
        return data

    # --- CDC -----------------------------------------------------------------------------------

    def build_cdc(self) -> dict[str, Any]:
        info = self.cdc_info
        if not self.cdc_tables:
            raise RequestNotUnderstood(
                'CDC: name the tables to replicate (e.g. "replicate the PostgreSQL tables orders '
                'and order_items to ClickHouse with Debezium")'
            )
        database = info["database"]
        tables = []
        unknown = [
            t for t, _q, c in self.cdc_tables if c is None and _table_base(t) not in CDC_TABLES
        ]
        for text, _quoted, cols in self.cdc_tables:
            schema_name = info.get("db_schema")
            base = text
            if "." in text and not _quoted:
                schema_name, base = text.rsplit(".", 1)
            if cols is not None:
                columns = _parse_columns(cols)
            elif base in CDC_TABLES:
                columns = [c.model_dump() for c in CDC_TABLES[base].columns]
            elif self.sample is not None and len(unknown) == 1:
                columns = [f.model_dump() for f in self.sample.fields]
            else:
                raise RequestNotUnderstood(
                    f'CDC table {base!r}: its columns are not known; list them (e.g. "table '
                    f'{base}(id int, name, updated_at timestamp)"), give --sample, or write a '
                    "spec file"
                )
            names = [c["name"] for c in columns]
            if base in CDC_TABLES and cols is None and "primary_key" not in info:
                pk = list(CDC_TABLES[base].primary_key)
            elif info.get("primary_key") in names:
                pk = [info["primary_key"]]
            else:
                pk = [next((n for n in ("id", f"{_singular(base)}_id") if n in names), names[0])]
            for c in columns:
                if c["name"] in pk:
                    c["required"] = True
            table: dict[str, Any] = {"name": base, "primary_key": pk, "columns": columns}
            if database == "mysql":
                db_schema = schema_name or info.get("db_name")
                if db_schema is None:
                    db_schema = info.get("server_name") or base
                    self.assumptions.append(
                        f"MySQL database not named; assumed {db_schema!r} for table {base!r}"
                    )
                table["db_schema"] = db_schema
            elif schema_name:
                table["db_schema"] = schema_name
            tables.append(table)
        first = tables[0]["name"]
        server = (
            info.get("server_name")
            or (re.sub(r"_?db$", "", info["db_name"]) if info.get("db_name") else first)
            or first
        )
        name = self.name or to_identifier(f"{first}_cdc")
        fmt: dict[str, Any] = {"kind": "debezium", "database": database, "server_name": server,
                               "tables": tables}  # fmt: skip
        if "soft_delete" in info:
            fmt["soft_delete"] = info["soft_delete"]
        if "envelope" in info:
            fmt["envelope"] = info["envelope"]
        source: dict[str, Any] = {
            "group_id": self.group_id or name.replace("_", "-"),
            "format": fmt,
            "event_time": None,
            "key": None,
        }
        self.source_settings(source)
        sinks = []
        for sink in sorted(self.sinks, key=lambda s: s.pos):
            if sink.kind == "clickhouse":
                d = sink.data
                ch: dict[str, Any] = {
                    "kind": "clickhouse",
                    "database": d.get("database", "replica"),
                    "engine": d.get("engine", "ReplacingMergeTree"),
                }
                if "table" in d:
                    if len(tables) != 1:
                        raise RequestNotUnderstood(
                            "CDC into one named ClickHouse table needs exactly one source table"
                        )
                    tables[0]["target_table"] = d["table"]
                if self.batch_rows:
                    ch["batch_rows"] = self.batch_rows
                if self.flush_ms:
                    ch["flush_interval_ms"] = self.flush_ms
                sinks.append(ch)
            else:
                extra = {k: v for k, v in sink.data.items() if k == "topic"}
                sinks.append({"kind": sink.kind, **extra})
        if not sinks:
            ch = {"kind": "clickhouse", "database": "replica", "engine": "ReplacingMergeTree"}
            if self.batch_rows:
                ch["batch_rows"] = self.batch_rows
            if self.flush_ms:
                ch["flush_interval_ms"] = self.flush_ms
            sinks = [ch]
        if self.conds or self.aggs or self.enrich or self.joins or self.dedup or self.session:
            raise RequestNotUnderstood(
                "a CDC replication pipeline takes no operators (filters, enrichment, windows, "
                "joins, dedup, sessions): replicate the tables, then query them in ClickHouse"
            )
        data: dict[str, Any] = {
            "name": name,
            "description": self.text,
            "source": source,
            "sinks": sinks,
            "dead_letter_topic": self.dlq if self.dlq_set else f"{name.replace('_', '-')}-dlq",
            "assumptions": self.assumptions,
        }
        if self.delivery:
            data["delivery"] = self.delivery
        return data


_IT = "\x02it"  # "when it exceeds 500": the window's (last) aggregate


class _NotAConditionError(Exception):
    pass


def _strip_article(subject: str, quoted: bool) -> str:
    if quoted:
        return subject
    return re.sub(r"^(?:the|its|their|an?)\s+", "", subject, flags=_I)


_WORDS = re.compile(r"[A-Za-z_][\w-]*(?:\s+[A-Za-z_][\w-]*)*")


def _is_explicit(text: str, quoted: bool) -> bool:
    """A name written as a name (quoted, snake_case, or not plain words) is used as written."""
    return quoted or "_" in text or not re.fullmatch(r"[\w\s-]+", text)


def _table_base(text: str) -> str:
    return text.rsplit(".", 1)[-1]


def _literal(text: str) -> Any:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"`":
        return t[1:-1]
    low = t.lower()
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(_NUM, t, _I):
        return _number(t)
    return t.rstrip(".")


def _coerce(value: Any, kind: str | None) -> Any:
    if isinstance(value, list):
        return [_coerce(v, kind) for v in value]
    if value is None:
        return None
    if kind == "string" and not isinstance(value, str):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind in ("int", "float") and isinstance(value, str):
        try:
            return _number(value) if kind == "int" else float(value)
        except ValueError:
            return value
    return value


_COLUMN_TYPES = {
    "int": "int", "integer": "int", "bigint": "int", "smallint": "int", "serial": "int",
    "bigserial": "int", "long": "int", "float": "float", "double": "float", "decimal": "float",
    "numeric": "float", "real": "float", "money": "float", "text": "string",
    "varchar": "string", "string": "string", "char": "string", "uuid": "string",
    "bool": "bool", "boolean": "bool", "timestamp": "timestamp", "timestamptz": "timestamp",
    "datetime": "timestamp", "date": "date", "json": "json", "jsonb": "json",
}  # fmt: skip


def _parse_columns(text: str) -> list[dict[str, Any]]:
    columns = []
    for part in re.split(r"\s*,\s*", text.strip()):
        if not part:
            continue
        bits = part.split()
        name = _unquote(bits[0])[0]
        kind = _COLUMN_TYPES.get(bits[1].lower().split("(")[0]) if len(bits) > 1 else None
        if len(bits) > 1 and kind is None:
            raise RequestNotUnderstood(
                f"column {name!r}: unknown type {bits[1]!r} (use int, float, text, bool, "
                "timestamp, date or json)"
            )
        columns.append({"name": name, "type": kind or _guess_type(name), "required": False})
    if not columns:
        raise RequestNotUnderstood("a CDC table's column list is empty")
    return columns


def _domain_of(word: str) -> str | None:
    """The preset a domain word points to ("sales" -> sales), or None."""
    return next((preset for p, preset, _ in _DOMAINS if p.fullmatch(word)), None)


def _agg_name(prefix: str, phrase: str) -> str:
    return f"{prefix}_{_snake(phrase)}" if prefix else _snake(phrase)


def _agg_from_match(fn: str, m: re.Match[str]) -> _Agg | None:
    groups = m.groupdict()
    raw = groups.get("p")
    phrase, explicit = _unquote(raw) if raw else (None, False)
    if phrase is not None and not explicit:
        phrase = re.sub(r"^(?:the|all|of)\s+", "", phrase, flags=_I).strip()
        if not phrase or phrase.split()[0].lower() in _STOP:
            if fn not in ("count",):
                return None
            phrase = None
    if fn in ("quantile", "median"):
        level = 0.5 if fn == "median" else float(groups["lvl"]) / 100
        label = "median" if fn == "median" else "p" + groups["lvl"].replace(".", "_")
        assert phrase is not None
        return _Agg(m.start(), "quantile", phrase, _agg_name(label, _name_part(phrase, explicit)),
                    round(level, 6), explicit)  # fmt: skip
    if fn == "count_distinct":
        assert phrase is not None
        return _Agg(m.start(), fn, phrase, _agg_name("unique", _name_part(phrase, explicit)),
                    None, explicit)  # fmt: skip
    if fn in ("count", "count_total"):
        if fn == "count_total":
            assert phrase is not None
            return _Agg(m.start(), "count", None, _agg_name("total", phrase))
        return _Agg(m.start(), "count", None, _count_name(phrase))
    if fn in ("avg", "min", "max"):
        assert phrase is not None
        name = _agg_name(fn, _name_part(phrase, explicit))
        return _Agg(m.start(), fn, phrase, name, None, explicit)
    if fn in ("sum", "sum_total"):
        assert phrase is not None
        prefix = "total" if fn == "sum_total" else "sum"
        return _Agg(m.start(), "sum", phrase, _agg_name(prefix, _name_part(phrase, explicit)),
                    None, explicit)  # fmt: skip
    return None


def _count_name(phrase: str | None) -> str:
    """'orders' -> order_count, 'page views' -> page_view_count, nothing -> event_count."""
    if not phrase:
        return "event_count"
    if _snake(phrase).replace("_", " ") in ("page view", "page views", "pageview", "pageviews"):
        return "page_view_count"
    return f"{_singular(_snake(phrase).split('_')[-1])}_count"


def _name_part(phrase: str, explicit: bool) -> str:
    return phrase if not explicit else re.sub(r"\W+", "_", phrase).strip("_") or "field"


def _agg_from_phrase(text: str) -> _Agg | None:
    """The aggregate a threshold subject names ("the count", "total revenue"), if any."""
    t = re.sub(r"^(?:the|its|their)\s+", "", text.strip(), flags=_I)
    if re.fullmatch(r"(?:event\s+)?counts?|number\s+of\s+events", t, _I):
        return _Agg(0, "count", None, "event_count")
    for fn, pattern in _AGGS:
        m = pattern.fullmatch(t)
        if m:
            return _agg_from_match(fn, m)
    return None


# ---------------------------------------------------------------------------------------------
# Patterns (compiled once; order of use is the order of the extract_* calls)
# ---------------------------------------------------------------------------------------------

_VERBS_AFTER_AND = (
    r"write|writes|store|stores|publish|publishes|send|sends|emit|emits|save|saves|output|produce"
    r"|push|forward|calculate|compute|count|aggregate|group|sum|dedup\w*|deduplicate|filter|keep"
    r"|drop|join|enrich|look|sessioni\w*|track|replicate|insert|load|sink|stream|land|then|print"
    r"|log|alert|average|flush|partition\w*|order\w*"
)
_CLAUSE_END = re.compile(
    rf"[;]|[,:](?=\s)|\.(?=\s|$)|\s+(?:and\s+then|then|and)\s+(?=(?:{_VERBS_AFTER_AND})\b)", _I
)
_BROKERS = re.compile(
    r"\b(?:kafka\s+)?(?:brokers?|bootstrap(?:[\s_.-]*servers?)?|kafka\s+(?:cluster\s+)?(?:at|on))"
    r"\s*(?:at\s+|on\s+|=\s*|:\s*|are\s+|is\s+)?"
    r"(?P<list>[^\s,;'\"`\x00]+:[^\s,;'\"`\x00]+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"[^\s,;'\"`\x00]+:[^\s,;'\"`\x00]+)*)",
    _I,
)
_GROUP = re.compile(
    rf"\b(?:consumer[\s-]+group(?:[\s_-]+id)?|group[\s_.-]+id|group(?=\s+(?:{_QUOTED})))"
    rf"\s*(?:(?:of|named|called|is|as)\s+|=\s*|:\s*)?(?P<name>{_NAME})",
    _I,
)
_EARLIEST = re.compile(
    r"\bfrom\s+the\s+(?:very\s+)?(?:beginning|start)\b|\bfrom\s+(?:the\s+)?earliest"
    r"(?:\s+offsets?)?\b|\b(?:auto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*)?earliest"
    r"(?:\s+offsets?)?\b|\breplay\w*\s+(?:all\s+|the\s+(?:whole\s+|full\s+|entire\s+)?)?"
    r"(?:history|backlog|topic)\b|\ball\s+(?:the\s+)?(?:existing\s+)?history\b"
    r"|\bfrom\s+offset\s+0\b",
    _I,
)
_LATEST = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:end|latest(?:\s+offsets?)?|now(?:\s+on)?|here\s+on)\b"
    r"|\bauto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*latest\b|\blatest\s+offsets?\b"
    r"|\boffset\s+reset\s+(?:to\s+)?latest\b|\bonly\s+new\s+(?:events|messages|records|data)\b"
    r"|\bnew\s+(?:events|messages|records)\s+only\b|\bskip\w*\s+(?:the\s+)?(?:backlog|history"
    r"|existing\s+(?:data|messages|events))\b|\bstart\w*\s+at\s+the\s+(?:end|latest\s+offset)\b",
    _I,
)
_EXACTLY_ONCE = re.compile(r"\bexactly[\s-]+once\b|\beos\b|\btransactional(?:ly)?\b", _I)
_AT_LEAST_ONCE = re.compile(r"\bat[\s-]+least[\s-]+once\b", _I)
_MAX_POLL = re.compile(
    rf"\b(?:max(?:imum)?[\s_.-]*poll[\s_.-]*records|poll(?:ing)?\s+(?:up\s+to|at\s+most)"
    rf"|fetch(?:ing)?\s+(?:up\s+to|at\s+most))\s*(?:=|:|of)?\s*(?P<n>{_NUM})"
    r"(?:\s+(?:records|messages|events))?(?:\s+(?:per|a|at\s+a)\s+(?:poll|time|fetch))?",
    _I,
)
_EVENT_TIME = [
    re.compile(
        rf"\bevent[\s-]*time(?:stamp)?\s+(?:field|column)\s*(?:is\s+|=\s*|:\s*)?(?P<f>{_FIELD})", _I
    ),
    re.compile(rf"\b(?:using|use|with)\s+(?P<f>{_FIELD})\s+as\s+(?:the\s+)?event[\s-]*time\b", _I),
    re.compile(rf"\bevent[\s-]*time\s+(?:from|in|=|is)\s+(?P<f>{_FIELD})", _I),
]
_PROCESSING_TIME = re.compile(
    r"\bprocessing[\s-]+time\b|\b(?:kafka|broker)\s+(?:record\s+)?timestamps?\b"
    r"|\bingestion[\s-]+time\b",
    _I,
)
_PIPELINE_NAME = re.compile(
    rf"\b(?:call(?:ed)?\s+(?:it|the\s+pipeline|this(?:\s+pipeline)?)|name\s+(?:it|the\s+pipeline)"
    rf"|pipeline\s+(?:name(?:d)?|called))\s*(?:as\s+|=\s*|:\s*)?(?P<n>{_NAME})",
    _I,
)
_BATCH = [
    re.compile(
        rf"\b(?:in\s+)?batch(?:es)?\s+of\s+(?:up\s+to\s+|at\s+most\s+)?(?P<n>{_NUM})"
        r"(?:\s+(?:rows|records|events|messages|inserts|lines))?",
        _I,
    ),
    re.compile(
        rf"\bbatch[\s_-]*(?:size|rows)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<n>{_NUM})"
        r"(?:\s+(?:rows|records|events))?",
        _I,
    ),
    re.compile(
        rf"\b(?P<n>{_NUM})\s*(?:rows|records|events|messages)\s+(?:per|a|each)\s+(?:batch|insert)",
        _I,
    ),
]
_FLUSH = [
    re.compile(
        rf"\bflush(?:ing|es|ed)?\s+(?:at\s+least\s+)?(?:every|each|after|once\s+every)\s+"
        rf"(?P<d>{_DUR1})",
        _I,
    ),
    re.compile(
        rf"\bflush[\s_-]*(?:interval|period|timeout)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<d>{_DUR})", _I
    ),
    re.compile(rf"\bevery\s+(?P<d>{_DUR1})\s+(?:flush|flushing)", _I),
]
_PARTITIONS = re.compile(rf"\b(?:with\s+)?(?P<n>{_NUM})\s+(?:output\s+)?partitions\b", _I)
_DLQ_NONE = re.compile(
    r"\b(?:no|without(?:\s+an?)?)\s+(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b", _I
)
_BAD = (
    r"(?:bad|invalid|malformed|failed|failing|broken|unparseable|unparsable|rejected|poison"
    r"|erroneous|corrupt|bogus|faulty|late|undecodable|unreadable)"
)
_DLQ = [
    re.compile(
        r"(?<![-\w.'\"])(?:dead[\s-]*letters?(?:\s+(?:queue|topic))?|dlq)\b(?:\s+topic)?\s*"
        r"(?:(?:is|to|into|called|named|of)\s+|[=:]\s*)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        rf"(?P<n>{_NAME})",
        _I,
    ),
    re.compile(
        r"\b(?:send|sending|route|routing|write|writing|put|putting|publish|publishing|forward"
        r"|forwarding|move|moving|divert\w*|redirect\w*|push\w*)\s+(?:all\s+|any\s+|the\s+)?"
        rf"{_BAD}\s+(?:records|events|messages|rows|data|ones|input|entries|payloads)?\s*"
        r"(?:(?:and|or)\s+\w+\s+(?:records|events|messages|ones)?\s*)?"
        r"(?:to|into|on|onto)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{_NAME})",
        _I,
    ),
    re.compile(
        rf"\b{_BAD}\s+(?:records|events|messages|rows|data|ones|input)\s+(?:go|goes|are\s+sent"
        r"|are\s+routed|should\s+go|get\s+sent|land)\s+(?:to|into|in)\s+(?:the\s+)?"
        rf"(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?(?:topic\s+)?(?P<n>{_NAME})",
        _I,
    ),
]
_DLQ_BARE = re.compile(
    rf"\b(?:send\w*|rout\w*|writ\w*|put\w*)\s+(?:all\s+|any\s+|the\s+)?{_BAD}\s+\w+\s+"
    r"(?:to\s+(?:the\s+|a\s+)?)?(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)",
    _I,
)
_CH = r"click\s*-?\s*house"
_CH_WORD = re.compile(rf"\b{_CH}\b", _I)
_DOTTED = r"(?:[A-Za-z_]\w*\.[A-Za-z_]\w*)"
_CH_TABLE = [
    re.compile(rf"\b{_CH}\s+table\s+(?:named\s+|called\s+)?(?P<t>{_NAME})", _I),
    re.compile(
        rf"\b(?:into|to|in)\s+(?:the\s+|a\s+)?table\s+(?P<t>{_NAME})(?:\s+(?:in|on|of)\s+{_CH})?",
        _I,
    ),
    re.compile(rf"\btable\s+(?P<t>{_NAME})\s+(?:in|on|of)\s+{_CH}", _I),
    re.compile(
        rf"\b(?:into|to|in)\s+(?:the\s+)?(?P<t>{_QUOTED}|[A-Za-z_]\w*[._]\w[\w.]*)\s+(?:table\s+)?"
        rf"(?:in|on)\s+{_CH}",
        _I,
    ),
    re.compile(rf"\b{_CH}\s+(?:as\s+)?(?P<t>{_QUOTED}|{_DOTTED})(?![\w.])", _I),
    re.compile(rf"\b(?:the\s+)?(?P<t>{_QUOTED}|[A-Za-z_]\w*[._]\w[\w.]*)\s+{_CH}\s+table", _I),
]
_CH_DB = [
    re.compile(
        rf"\b{_CH}\s+(?:database|db|schema)\s+(?P<d>{_NAME})"
        rf"(?:\s*,?\s+(?:and\s+|in\s+)?(?:the\s+)?table\s+(?P<t>{_NAME}))?",
        _I,
    ),
    re.compile(rf"\b(?:database|db)\s+(?P<d>{_NAME})\s+(?:in|on)\s+{_CH}", _I),
    re.compile(
        rf"\b(?:into|to|in)\s+(?:the\s+)?(?P<d>{_NAME})\s+(?:database|db)\s+(?:in|on|of)\s+{_CH}",
        _I,
    ),
]
_PARTITION_FUNCS = {
    "day": "toYYYYMMDD", "daily": "toYYYYMMDD", "days": "toYYYYMMDD", "date": "toDate",
    "month": "toYYYYMM", "monthly": "toYYYYMM", "months": "toYYYYMM", "hour": "toStartOfHour",
    "hourly": "toStartOfHour", "hours": "toStartOfHour",
}  # fmt: skip
_PARTITION = [
    re.compile(
        r"\bpartition(?:ed|ing|s)?\s+(?:by|on|per)\s+(?:the\s+)?"
        r"(?P<func>to[A-Za-z]+)\s*\(\s*(?P<col>[^)\s\x00]*)\s*\)(?P<unit>)(?P<on>)",
        _I,
    ),
    re.compile(
        r"\bpartition(?:ed|ing|s)?\s+(?:by|on|per)\s+(?:the\s+)?(?:event\s+)?(?P<func>)(?P<col>)"
        rf"(?P<unit>{_FIELD})(?:\s+(?:of|on|using)\s+(?:the\s+)?(?P<on>{_FIELD}))?",
        _I,
    ),
    re.compile(
        r"\b(?:partition(?:ed|ing)?\s+(?P<unit>daily|monthly|hourly)"
        r"|(?P<unit2>daily|monthly|hourly)\s+partitions?)\b(?P<func>)(?P<col>)(?P<on>)",
        _I,
    ),
]
_PARTITION_NONE = re.compile(
    r"\b(?:no\s+partition\w*|unpartitioned|without\s+(?:any\s+)?partition\w*)\b", _I
)
_ORDER_BY = re.compile(
    r"\b(?:order(?:ed)?|sort(?:ed)?|sorting|ordering)\s+(?:key\s+)?(?:by|on)\s+"
    rf"\(?\s*(?P<list>{_FIELD}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*{_FIELD})*)\s*\)?",
    _I,
)
_ENGINE = re.compile(r"\breplacing\s*-?\s*merge\s*-?\s*tree\b|\bmerge\s*-?\s*tree\b", _I)
_OUT_VERB = (
    r"(?:publish(?:es|ed|ing)?|write|writes|writing|written|wrote|send|sends|sending|sent"
    r"|alert|alerts|alerting"
    r"|emit|emits|emitted|emitting|produce|produces|producing|forward(?:s|ed|ing)?"
    r"|output(?:s|ting)?|stream(?:s|ed|ing)?|push(?:es|ed|ing)?|sink|put|puts|putting"
    r"|deliver(?:s|ed|ing)?|route|routes|routing|fan(?:ning)?\s+out)"
)
_MID = (
    r"(?:(?!\b(?:from|redis|clickhouse|and\s+(?:then\s+)?(?:store|save|keep))\b)[^,;.\x00])"
    r"{0,80}?"
)
_KAFKA_OUT = [
    re.compile(
        rf"\b{_OUT_VERB}\b{_MID}\b(?:to|into|onto)\s+(?:the\s+|a\s+)?"
        r"(?:kafka\s+|output\s+|result\s+|results\s+|another\s+|new\s+)*topics?\s+(?:named\s+"
        r"|called\s+)?",
        _I,
    ),
    re.compile(
        r"\b(?:output|destination|target|sink|downstream)\s+(?:kafka\s+)?topics?\s+"
        r"(?:is\s+|of\s+|named\s+|called\s+|=\s*|:\s*)?",
        _I,
    ),
    re.compile(rf"\b{_OUT_VERB}\b{_MID}\b(?:to|into)\s+(?:kafka\s+)?(?=(?:{_QUOTED}))", _I),
    re.compile(r"\b(?:to|into)\s+(?:the\s+)?(?:kafka\s+)?topics?\s+", _I),
    re.compile(
        rf"\b{_OUT_VERB}\b{_MID}\b(?:to|into|onto)\s+(?:the\s+)?(?=(?:{_NAME})\s+(?:kafka\s+)?topic\b)",
        _I,
    ),
]
_DEAD_LETTER = re.compile(r"dead[\s-]*letters?|dlq", _I)
_KEYED_BY = re.compile(rf"\s*,?\s*(?:keyed|partitioned)\s+by\s+(?:the\s+)?(?P<f>{_FIELD})", _I)
_STDOUT = re.compile(
    r"\b(?:print\w*(?:\s+(?:them|it|results?|the\s+results?|records|events))?(?:\s+to\s+"
    r"(?:the\s+)?(?:stdout|console|terminal|screen))?|(?:to|on)\s+(?:the\s+)?(?:stdout"
    r"|standard\s+output|console|terminal|screen)|log\s+(?:the\s+)?(?:results?|output|them"
    r"|records|events)|stdout)\b",
    _I,
)
_REDIS_SINK = re.compile(
    r"\b(?:write|writing|written|store|storing|stored|save|saving|saved|cache|caching|push"
    r"|pushing|put|putting|set|setting|upsert\w*|mirror\w*|keep|keeping)\s+"
    r"(?:[^,;.\x00]{0,60}?\s)?(?:back\s+)?(?:to|in|into)\s+(?:a\s+|the\s+)?redis\b",
    _I,
)
_JOIN_VERB = re.compile(r"\b(?:join(?:s|ing)?|enrich(?:es|ing)?|look(?:s|ing)?\s+up|lookup)\b", _I)
_JOIN_VERB_STRICT = re.compile(r"\bjoin(?:s|ing)?\b", _I)
_TABLE_TOPIC = [
    re.compile(
        rf"\b(?:compacted|changelog|table|ktable)\s+(?:kafka\s+)?topic\s+(?P<t>{_NAME})", _I
    ),
    re.compile(
        rf"\b(?:the\s+)?(?P<t>{_NAME})\s+(?:compacted|changelog)\s+(?:kafka\s+)?topic\b", _I
    ),
    re.compile(
        rf"\blatest\b[^,;\x00]{{0,80}}?\b(?:from|in|of)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
        rf"(?P<t>{_NAME})",
        _I,
    ),
]
_RIGHT_PHRASE_END = re.compile(
    r"\s+(?:on|using|by|within|matching|where|keyed|when|if|up\s+to)\b|[,;]|\.(?=\s|$)", _I
)
_WITHIN = re.compile(
    rf"\bwithin\s+(?:a\s+|an\s+)?(?:window\s+of\s+)?(?:±\s*|\+/-\s*|plus\s+or\s+minus\s+)?"
    rf"(?P<a>{_DUR})(?:\s+(?:window|of\s+each\s+other|either\s+way|apart))?"
    r"(?:\s+(?P<adir>before|after|earlier|later))?"
    rf"(?:\s+(?:and|or)\s+(?P<b>{_DUR})\s+(?P<bdir>before|after|earlier|later))?",
    _I,
)
_UP_TO = re.compile(rf"\bup\s+to\s+(?P<a>{_DUR})\s+(?P<adir>before|after|earlier|later)", _I)
_ENRICH_VERB = re.compile(
    r"\benrich(?:es|ing)?\b|\blook(?:s|ing)?\s+up\b|\blookups?\b|\bredis\s+(?:lookups?|hash)",
    _I,
)
_CACHE_TTL = re.compile(
    rf"\bcach\w*\s+(?:(?:them|results|lookups|entries|profiles|locally|values|it)\s+)?"
    rf"(?:for|ttl(?:\s+of)?)\s+(?P<d>{_DUR})|\b(?:cache\s+)?ttl\s*(?:of|=|:)?\s*(?P<d2>{_DUR})",
    _I,
)
_NO_CACHE = re.compile(r"\b(?:no|without(?:\s+a)?)\s+(?:local\s+)?cach\w*", _I)
_CACHE_SIZE = re.compile(
    rf"\b(?:cach\w*\s+(?:of\s+|up\s+to\s+|at\s+most\s+)?|up\s+to\s+)(?P<n>{_NUM})\s+"
    r"(?:entries|keys|profiles|items|lookups)",
    _I,
)
_ON_MISS = re.compile(
    r"\b(?:miss(?:es|ing)?|unknown|not\s+found|without\s+an?\s+(?:match|profile))\b"
    r"[^,;\x00]{0,50}?\b(?:dead[\s-]*letter(?:\s+(?:topic|queue))?|dlq)\b"
    r"|\b(?:drop|reject)\w*\s+(?:events?\s+|records?\s+)?(?:with(?:out)?|on)\s+"
    r"(?:no\s+|an?\s+)?(?:missing\s+|unknown\s+|matching\s+)?(?:match|profile|lookup|miss)\w*",
    _I,
)
_ENTITY_ALIASES = {
    "users": "user", "profile": "user", "profiles": "user", "customers": "customer",
    "client": "customer", "clients": "customer", "products": "product", "items": "product",
    "item": "product", "devices": "device", "sensor": "device", "sensors": "device",
    "merchants": "merchant", "sellers": "merchant", "seller": "merchant",
}  # fmt: skip
_ENTITY_DATA = re.compile(
    r"\b(?P<e>[a-z]+)\s+(?:profiles?|data|details|info(?:rmation)?|attributes|records?|metadata"
    r"|lookups?)\b",
    _I,
)
_CDC_TRIGGER = re.compile(
    r"\b(?:debezium|cdc|change[\s-]+data[\s-]+capture|binlog|logical\s+replication)\b", _I
)
_CDC_WORDS = re.compile(r"\b(?:replicat\w*|mirror\w*|sync\w*|soft[\s-]+deletes?)\b", _I)
_DB_WORD = re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb)\b", _I)
_CDC_FROM_DB = re.compile(
    r"\b(?:from|of|in)\s+(?:the\s+|a\s+|our\s+)?(?:postgres(?:ql)?|mysql|mariadb)\b", _I
)
_SERVER_NAME = re.compile(
    rf"\b(?:topic\s+prefix|server[\s_-]*name|database\.server\.name|logical\s+name)\s*"
    rf"(?:(?:of|is)\s+|[=:]\s*)?(?P<n>{_NAME})",
    _I,
)
_SOURCE_DB = [
    re.compile(rf"\b(?:postgres(?:ql)?|mysql|mariadb)\s+(?:database|db)\s+(?P<d>{_NAME})", _I),
    re.compile(
        rf"\b(?:database|db)\s+(?P<d>{_NAME})\s+(?:on|in|from)\s+(?:postgres(?:ql)?|mysql|mariadb)",
        _I,
    ),
    re.compile(
        rf"\bfrom\s+(?:the\s+)?(?P<d>{_NAME})\s+(?:postgres(?:ql)?|mysql|mariadb)\s+(?:database|db)",
        _I,
    ),
    re.compile(rf"\b(?:from|in|of)\s+(?:the\s+)?(?:database|db)\s+(?P<d>{_NAME})", _I),
]
_DB_SCHEMA = re.compile(rf"\b(?:in\s+)?(?:the\s+)?schema\s+(?P<s>{_NAME})", _I)
_PRIMARY_KEY = re.compile(
    rf"\b(?:primary\s+key|pk)\s*(?:is\s+|=\s*|:\s*|of\s+)?(?P<f>{_FIELD})", _I
)
_HARD_DELETE = re.compile(
    r"\bhard[\s-]+delet\w+|\bphysically\s+delet\w+|\b(?:without|no)\s+soft[\s-]+deletes?"
    r"|\bdelete\s+(?:the\s+)?rows\b",
    _I,
)
_SOFT_DELETE = re.compile(
    r"\b(?:keeping|keep|with|as|using)?\s*(?:deletes?\s+as\s+)?soft[\s-]+deletes?\b", _I
)
_ENVELOPE = re.compile(
    r"\b(?:keep\w*|full|raw|with)\s+(?:the\s+)?(?:full\s+)?(?:debezium\s+)?envelope\b"
    r"|\b(?:not|without|no)\s+unwrap\w*",
    _I,
)
_TABLE_ITEM_RE = re.compile(
    r"""(?P<t>'[^'\n\x00]*'|"[^"\n\x00]*"|`[^`\n\x00]*`|[A-Za-z_][^\s,;()'"`\x00]*)"""
    r"(?:\s*\((?P<c>[^)\x00]*)\))?"
)
_CDC_STOP = _STOP | {"postgres", "postgresql", "mysql", "mariadb", "pg", "database", "changes",
                     "everything", "whole", "following", "our", "my", "these"}  # fmt: skip
_TABLES = [
    re.compile(r"\btables?\s+(?!from\b|to\b|into\b|with\b|in\b|and\b)(?P<list>)", _I),
    re.compile(
        r"\bthe\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?P<list>)"
        rf"(?=\S+(?:{_SEP_WORDS}\S+)*\s+tables?\b)",
        _I,
    ),
    re.compile(
        r"\breplicat\w*\s+(?:the\s+)?(?P<list>)"
        rf"(?=\S+(?:{_SEP_WORDS}\S+)*\s+(?:from|to|into|in|with|using|via)\b)",
        _I,
    ),
]
_THE_TOPICS = re.compile(r"\bthe\s+(?P<list>)(?=\S)", _I)
_TOPIC_LIST = re.compile(r"\b(?:kafka\s+)?topics?\s+(?:named\s+|called\s+)?(?P<list>)", _I)
_SOURCE_VERB = (
    r"(?:from|consume|consumes|consuming|read|reads|reading|subscribe\s+to|subscribing\s+to"
    r"|listen\s+to|listening\s+to|ingest|ingests|ingesting|tail|tails|tailing|take|taking)"
)
_FROM_NAME = re.compile(
    rf"\b{_SOURCE_VERB}\s+"
    r"(?:(?:the\s+)?(?:events|messages|records|data|stream|clicks|orders)\s+(?:from|of|in|on)\s+)?"
    rf"(?:the\s+)?(?:kafka\s+)?(?P<n>{_NAME})",
    _I,
)
# "consume orders topic", "read the clicks and views topics"
_NAME_TOPIC = re.compile(
    rf"\b{_SOURCE_VERB}\s+(?:the\s+)?(?:kafka\s+)?(?P<list>)"
    rf"(?=(?:{_NAME})(?:{_SEP_WORDS}(?:{_NAME}))*\s+(?:kafka\s+)?topics?\b)",
    _I,
)
_DEDUP = re.compile(
    r"\b(?:de-?dup(?:e|licate)?[sd]?|de-?duplicat\w+|dedup\w*|drop\w*\s+(?:the\s+|any\s+)?"
    r"duplicates?(?:\s+(?:events|records|messages|rows))?|remov\w*\s+(?:the\s+|any\s+)?"
    r"duplicates?(?:\s+(?:events|records|messages|rows))?|filter\w*\s+out\s+duplicates?"
    r"|skip\w*\s+duplicates?|ignor\w*\s+duplicates?|discard\w*\s+duplicates?)"
    r"(?:\s+(?:the\s+)?(?:events|records|messages|rows|stream|them|orders|clicks|payments))?\b",
    _I,
)
_SESSION_WINDOW = re.compile(r"\bsession(?:ized)?[\s-]+windows?\b", _I)
_SESSIONIZE = re.compile(
    r"(?<!\bper\s)(?<!\bby\s)(?<!\beach\s)\b(?:sessioni[sz]\w*|sessions?)\b(?![\s-]+windows?)", _I
)
_SESSION_KEY = [
    re.compile(
        r"\bsessions?\s+(?:(?:metrics|tracking|analysis|stats|statistics)\s+)?"
        rf"(?:per|by|for\s+each|keyed\s+by|of\s+each)\s+(?:the\s+)?"
        rf"(?P<f>{_FIELD})",
        _I,
    ),
    re.compile(r"\b(?:per|each)[\s-](?P<f>[A-Za-z_]\w*)\s+sessions?\b", _I),
    re.compile(r"\b(?P<f>user|customer|visitor|device|client|account|player)\s+sessions?\b", _I),
    re.compile(rf"\bsessioni[sz]\w*\s+(?:\w+\s+)?(?:by|per|on)\s+(?:the\s+)?(?P<f>{_FIELD})", _I),
    re.compile(
        r"\bsessioni[sz]\w*\s+(?:the\s+)?(?P<f>visitors|users|customers|devices|players"
        r"|clients|accounts)\b",
        _I,
    ),
]
_GAP = [
    re.compile(
        rf"\b(?:inactivity|idle(?:ness)?|session)\s+(?:gap|timeout|time-?out)\s*(?:of|=|:|is)?\s*"
        rf"(?P<d>{_DUR})",
        _I,
    ),
    re.compile(
        rf"(?<![\w.])(?P<d>{_DUR})\s+(?:of\s+)?(?:inactivity|idle(?:ness)?|idle\s+time)"
        r"(?:\s+(?:gap|timeout))?",
        _I,
    ),
    re.compile(rf"(?<![\w.])(?P<d>{_DUR})\s+(?:session\s+)?(?:gap|timeout)", _I),
    re.compile(rf"\b(?:gap|timeout)\s+(?:of\s+)?(?P<d>{_DUR})", _I),
    re.compile(
        rf"\b(?:end|close|expire|split|time\s+out)s?\s+(?:a\s+session\s+|sessions\s+|them\s+)?"
        rf"after\s+(?P<d>{_DUR})(?:\s+(?:of\s+)?(?:inactivity|idle\w*|silence))?",
        _I,
    ),
    re.compile(
        rf"\b(?:after|following)\s+(?P<d>{_DUR})\s+(?:of\s+)?(?:inactivity|idle\w*|silence)", _I
    ),
]
_PAGES_VIEWED = re.compile(
    r"\b(?:count\w*\s+)?(?:the\s+)?(?:(?:distinct|unique)\s+(?:pages?|urls?)(?:\s+viewed)?"
    r"|pages?\s+viewed)\b",
    _I,
)
_OVER_LAST_EVERY = re.compile(
    rf"\bover\s+(?:the\s+)?(?:last|past|previous|trailing)\s+(?P<size>{_DUR1})\s*,?\s*"
    r"(?:(?:and\s+)?(?:updated|refreshed|emitted|computed|recomputed|reported|evaluated"
    rf"|advancing|sliding)\s+)?every\s+(?P<slide>{_DUR1})",
    _I,
)
_HOP_WORD = re.compile(r"\b(?:sliding|hopping|slides?|hops?|advanc\w+|overlapping)\b", _I)
_ADVERB_MS = {
    "hourly": 3_600_000, "daily": 86_400_000, "minutely": 60_000, "per-minute": 60_000,
    "per-hour": 3_600_000, "weekly": 604_800_000, "per-second": 1000,
}  # fmt: skip
_TUMBLE = [
    re.compile(
        rf"(?<![\w.])(?P<d>{_DUR})\s*(?:-\s*)?(?:long\s+)?(?:tumbling\s+|fixed\s+"
        r"|non-overlapping\s+)?(?:time\s+)?(?:windows?|buckets?|intervals?|periods?|rollups?)\b",
        _I,
    ),
    re.compile(
        rf"\b(?:tumbling\s+|fixed\s+)?(?:windows?|buckets?)\s+(?:of|every|=|:|sized|size)\s+"
        rf"(?:a\s+)?(?P<d>{_DUR1})",
        _I,
    ),
    re.compile(rf"\btumbling\s+(?:windows?\s+)?(?:of\s+)?(?P<d>{_DUR})", _I),
    re.compile(rf"\b(?:every|each)\s+(?P<d>{_DUR1})", _I),
    re.compile(
        r"\bper\s+(?P<d>(?:\d+(?:\.\d+)?\s*)?(?:seconds?|minutes?|hours?|days?|weeks?))(?![\w])",
        _I,
    ),
    re.compile(r"\b(?P<w>hourly|daily|minutely|weekly|per-minute|per-hour|per-second)\b", _I),
    re.compile(rf"\bover\s+(?:each\s+|every\s+|the\s+last\s+|a\s+)?(?P<d>{_DUR1})", _I),
    re.compile(rf"\b(?:in|into|for)\s+(?P<d>{_DUR})\s+(?:chunks|slices|steps)", _I),
]
_TUMBLING_WORD = re.compile(r"\btumbling(?:\s+windows?)?\b", _I)
_WINDOW_WORD = re.compile(r"\bwindow(?:s|ed)?\b|\brollups?\b|\broll\s+up\b", _I)
_AGGREGATE_VERB = re.compile(r"\baggregat\w*\b|\bsummari[sz]\w*\b", _I)
_GRACE = [
    re.compile(
        r"\b(?:no|zero|without(?:\s+any)?)\s+(?:grace|lateness|late\s+events\s+allowed)(?P<d>)",
        _I,
    ),
    re.compile(
        rf"\b(?:with\s+(?:a\s+)?)?(?P<d>{_DUR})\s+(?:of\s+)?(?:grace(?:\s+period)?|allowed\s+"
        r"lateness|lateness)",
        _I,
    ),
    re.compile(
        rf"\b(?:grace(?:\s+period)?|allowed\s+lateness|lateness|late\s+arrivals?\s+up\s+to)\s*"
        rf"(?:of|=|:)?\s*(?P<d>{_DUR})",
        _I,
    ),
    re.compile(
        rf"\ballow\w*\s+(?:up\s+to\s+)?(?P<d>{_DUR})\s+(?:of\s+)?(?:late(?:ness)?|delay)", _I
    ),
    re.compile(
        rf"\b(?:accept\w*\s+(?:events\s+|records\s+)?)?up\s+to\s+(?P<d>{_DUR})\s+late\b", _I
    ),
]
_COND_CONT = re.compile(
    r"\s*,?\s*(?P<conj>and|or)\s+(?:(?:where|whose|with|if|when|whenever|once)\s+)?", _I
)
_LIST_TAIL = re.compile(
    r"((?:\s*,\s*(?:or\s+)?|\s+or\s+)(?:'[^']*'|\"[^\"]*\"|[\w.-]+)"
    r"(?:(?:\s*,\s*(?:or\s+)?|\s+or\s+)(?:'[^']*'|\"[^\"]*\"|[\w.-]+))*)",
    _I,
)
_DROP_WITHOUT = re.compile(
    rf"\b{_DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?{_FILLER_NOUNS}\s+(?:without|missing|lacking"
    rf"|with\s+no)\s+(?:an?\s+|the\s+)?(?P<f>{_FIELD})",
    _I,
)
_MORE_THAN = re.compile(
    r"\b(?:with|having|when\s+there\s+are|if\s+there\s+are|once\s+there\s+are|exceeding"
    r"|reaching)?\s*(?P<cmp>more|fewer|less|at\s+least|at\s+most)\s+(?:than\s+)?"
    rf"(?P<n>{_NUM})\s+(?P<noun>{_COUNT_NOUNS})\b",
    _I,
)
_NOT_VALUES = _words(
    """new valid the unique recent latest enriched matching relevant complete incoming raw these
    those such distinct good joined aggregated filtered deduplicated all kafka clickhouse redis
    duplicate duplicated bad invalid malformed late broken corrupt failed-to-parse"""
)
_ONLY_NOUNS = (
    r"(?:events|records|messages|logs|log\s+lines|entries|rows|clicks|orders|transactions"
    r"|payments|readings|lines|sales|purchases|requests)"
)
_ONLY_ITEM = rf"(?:{_QUOTED}|[\w-]+)"
_ONLY_VALUE = re.compile(
    rf"\b(?:(?:keep(?:ing)?|process(?:ing)?|consider(?:ing)?|use|using|pass(?:ing)?)\s+)?only\s+"
    rf"(?:the\s+)?(?P<v>{_ONLY_ITEM}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_ONLY_ITEM})+"
    rf"|{_QUOTED}|[\w-]+(?:\s+[\w-]+)?)\s+{_ONLY_NOUNS}\b",
    _I,
)
_FILTER_TO = re.compile(
    rf"\bfilter(?:ing|ed)?\s+(?:down\s+)?(?:to|for)\s+(?:only\s+)?(?:the\s+)?"
    rf"(?P<v>{_QUOTED}|[A-Za-z][\w-]*)(?:\s+(?:events|records|messages|rows))?\b"
    rf"(?!\s*(?:{_OP_RE}))",
    _I,
)
_VALUE_ONLY = re.compile(rf"\b(?:the\s+)?(?P<v>{_QUOTED}|[\w-]+)\s+{_ONLY_NOUNS}\s+only\b", _I)
_DROP_VALUE = re.compile(
    rf"\b{_DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<v>{_QUOTED}|[\w-]+)\s+"
    r"(?:events|records|messages|logs|entries|rows|clicks|traffic|hits|lines|requests)\b",
    _I,
)
_PHRASE_WORD = r"[A-Za-z_][\w]*"
_STOP_RE = "|".join(sorted((re.escape(w) for w in _STOP), key=len, reverse=True))
_PHRASE = (
    rf"(?P<p>`[^`\n\x00]+`|(?!(?:{_STOP_RE})\b){_PHRASE_WORD}"
    rf"(?:[\s-]+(?!(?:{_STOP_RE})\b){_PHRASE_WORD}){{0,3}})"
)
_AGGS: list[tuple[str, re.Pattern[str]]] = [
    ("quantile", re.compile(
        rf"\b(?:the\s+)?(?P<lvl>\d{{1,2}}(?:\.\d+)?)(?:st|nd|rd|th)?[\s-]+percentile\s+(?:of\s+)?"
        rf"(?:the\s+)?{_PHRASE}", _I)),
    ("quantile", re.compile(
        rf"\bp(?P<lvl>\d{{1,2}}(?:\.\d+)?)\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("median", re.compile(rf"\bmedian\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("count_distinct", re.compile(
        r"\b(?:(?:the\s+)?(?:number|count|#)\s+of\s+(?:unique|distinct)|count\s+(?:of\s+)?"
        r"(?:unique|distinct)|(?:unique|distinct)(?:\s+count\s+of)?|cardinality\s+of)\s+"
        rf"(?:the\s+)?{_PHRASE}", _I)),
    ("count", re.compile(
        rf"\b(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of\s+(?:the\s+|all\s+)?{_PHRASE}", _I)),
    ("count", re.compile(rf"\bhow\s+many\s+{_PHRASE}", _I)),
    ("count", re.compile(rf"\b(?P<p>{_COUNT_NOUNS})\s+counts?\b", _I)),
    ("count_total", re.compile(
        rf"\btotal\s+(?P<p>{_COUNT_NOUNS})\b(?![\s-]+(?:amount|value|revenue|price|spend"
        r"|volume|cost|quantity|size|bytes|duration))", _I)),
    ("count", re.compile(
        rf"\bcount(?:s|ing)?\b(?!\s+(?:of|distinct|unique|how\s+many|the\s+number|the\s+total"
        r"|all\s+(?:unique|distinct)))"
        rf"(?:\s+(?:the\s+|all\s+)?(?P<p>{_COUNT_NOUNS}))?",
        _I)),
    ("avg", re.compile(rf"\b(?:average|avg|mean)\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("min", re.compile(
        rf"(?<![\d-])\b(?:min|minimum|lowest|smallest)\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("max", re.compile(
        rf"\b(?:max|maximum|highest|largest|peak|biggest)\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("sum_total", re.compile(rf"\btotal\s+(?:of\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("sum", re.compile(rf"\b(?:sum\s+of|sum|summed)\s+(?:up\s+)?(?:the\s+)?{_PHRASE}", _I)),
    ("sum_total", re.compile(
        r"\b(?:aggregat\w*|comput\w*|calculat\w*|track\w*|report\w*|measur\w*)\s+(?:the\s+)?"
        r"(?P<p>revenue|gmv|spend|turnover)\b", _I)),
    # a bare money concept left over ("hourly revenue per merchant") is its sum
    ("sum_total", re.compile(
        r"(?<![\w-])(?P<p>revenue|gmv|turnover)\b(?!\s+(?:events?|records?|stream|topic|data))",
        _I)),
]  # fmt: skip
_FN_WORDS = {
    "min": "min", "minimum": "min", "max": "max", "maximum": "max", "avg": "avg",
    "average": "avg", "mean": "avg", "sum": "sum", "total": "sum",
}  # fmt: skip
_FN_ALT = "|".join(sorted(_FN_WORDS, key=len, reverse=True))
_MULTI_AGG = re.compile(
    rf"\b(?P<fns>(?:{_FN_ALT})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{_FN_ALT}))+)\s+"
    rf"(?:of\s+)?(?:the\s+)?{_PHRASE}",
    _I,
)
# "compute clicks per minute": counting the stream's own records
_COMPUTE_NOUN = re.compile(
    rf"\b(?:comput\w*|calculat\w*|track\w*|measur\w*|report\w*)\s+(?:the\s+)?"
    rf"(?P<p>{_COUNT_NOUNS})\b(?=\s+(?:per|every|by|each|in|over)\b|\s*\x00)",
    _I,
)
_COUNT_OF = re.compile(
    r"\s+(?:the\s+)?(?:number\s+of|how\s+many|unique|distinct|of\b|total\s+number)", _I
)
_GROUP_BY = re.compile(
    r"\b(?:grouped\s+by|group\s+by|grouping\s+by|broken\s+down\s+by|break\s+down\s+by|split\s+by"
    r"|bucketed\s+by|per|by|for\s+each|for\s+every|across\s+(?:each\s+)?)\s+(?:the\s+|each\s+)?",
    _I,
)


def parse_request(request: str, *, sample_schema: Schema | None = None) -> Pipeline:
    """Parse one request sentence into a validated pipeline spec, or refuse saying why."""
    text = " ".join(
        request.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
        .replace("\u201d", '"').replace("\x00", " ").split()
    )  # fmt: skip
    if not text:
        raise RequestNotUnderstood(f'empty request: describe the pipeline, e.g. "{EXAMPLE}"')
    if len(text) > MAX_REQUEST_CHARS:
        raise RequestNotUnderstood(
            f"request too long ({len(text)} characters; at most {MAX_REQUEST_CHARS}): describe "
            "one pipeline in a sentence or two, or write a spec file"
        )
    unsupported = _UNSUPPORTED.search(re.sub(_QUOTED, " ", text))
    if unsupported:
        raise RequestNotUnderstood(
            f"{unsupported.group(0)!r} is not supported: etl-gen reads Kafka (or Debezium CDC) and "
            "writes to ClickHouse, Kafka, Redis or stdout"
        )
    parser = _Parser(text, sample_schema)
    parser.extract_settings()
    parser.extract_dlq()
    parser.extract_sinks()
    parser.extract_table_join()
    parser.extract_enrich()
    parser.extract_interval_join()
    parser.extract_redis_sink()
    if parser.detect_cdc():
        parser.extract_cdc()
    parser.extract_sources()
    parser.extract_dedup()
    parser.extract_sessions()
    parser.extract_window()
    parser.extract_conditions()
    parser.extract_aggregates()
    parser.extract_group_by()
    data = parser.build()
    return spec_from_dict(data, what="spec parsed from the request")
