"""Which values of an LLM's spec the request states: the rest are assumptions.

The hallucination guard in `llm.py` refuses external *names* the request does not give. This
module accounts for the *values* that decide what the pipeline does — filters, windows (and the
other durations: session gaps, deduplication horizons, join bounds), aggregates and sinks — and
lists each one the request text does not give, so `parse_with_llm` can add it to
`spec.assumptions` (the CLI prints them as notes). They are not refused: a window size or an
aggregate's field is often a fair reading of the request ("total revenue" as `sum(amount)`), but a
reviewer must see that it was read into the request, not out of it.

Matching rules (case-insensitive; "stated" means the request text gives the value):
- a field name: its words (split on `_ . - :` and camelCase, plural `s` ignored) appear in that
  order in the request; `x_id`, `x_key`, `x_name`, `x_code` are also stated by "x", and a boolean
  `is_x` / `has_x` by "x" (`customer_id` by "unique customers");
- a string: verbatim, or its words in that order; the empty string only as `''` or `""`;
- a number: a number written in the request, in digits ("1,000", "2.5", "10k", "5%" as 5 and
  0.05, "p95" as 95) or in words ("zero" ... "ninety-nine", "a hundred", "two thousand", "a
  dozen"), or a duration of the request in seconds or milliseconds;
- a boolean: the word true/false (yes/no), or true when the filter's field is stated;
- a duration: a number and a unit, normalised to milliseconds: "1 minute" = "1-minute" = "60 s"
  = "60000 ms" = 60000; units ms, s, min, h, d, week in short and long forms; "every/per/each
  minute", "a minute", "minutely", "hourly", "daily", "weekly", "half an hour", "a quarter of an
  hour", "a couple of minutes", compounds "1h30m" and "1 hour 30 minutes";
- an aggregate function: a word for it (count: count, number, many, total, tally; sum: sum,
  total; avg: average, avg, mean; min: min, minimum, lowest, smallest, least; max: max, maximum,
  highest, largest, biggest, peak; count_distinct: unique, distinct, different; quantile:
  percentile, quantile, median, pNN) and, for a quantile, its level (0.95 by "95th", "p95", "95%");
- a sink: its kind is named (ClickHouse, Redis, stdout/print/console); a ClickHouse table that is
  the pipeline's name (the default) must be stated like a field. Kafka sink topics and Redis key
  prefixes are names: the guard refuses them unless the request gives them. The ClickHouse
  database `analytics` and the `<topic>-dlq` dead-letter topic are documented defaults, not
  listed.
"""

import re
from collections.abc import Iterable

from ..spec import (
    ClickHouseSink,
    DebeziumFormat,
    Dedup,
    Filter,
    IntervalJoin,
    Pipeline,
    RedisSink,
    Sessionize,
    StdoutSink,
    Window,
)
from ..spec.expressions import Expr, constants, fields_read

SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR

UNITS: dict[str, int] = {
    **dict.fromkeys(["ms", "msec", "msecs", "millisecond", "milliseconds"], 1),
    **dict.fromkeys(["s", "sec", "secs", "second", "seconds"], SECOND),
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes"], MINUTE),
    **dict.fromkeys(["h", "hr", "hrs", "hour", "hours"], HOUR),
    **dict.fromkeys(["d", "day", "days"], DAY),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks"], 7 * DAY),
}
SHORT_UNITS = frozenset({"ms", "s", "m", "h", "d", "w"})  # only right after a digit: "5m"
ADVERBS = {
    "secondly": SECOND,
    "minutely": MINUTE,
    "hourly": HOUR,
    "daily": DAY,
    "nightly": DAY,
    "weekly": 7 * DAY,
}
ONE = frozenset({"a", "an", "one", "every", "per", "each"})

SMALL = {
    word: value
    for value, word in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen"),
        ]
    )
}
TENS = {
    word: 10 * (i + 2)
    for i, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
SUFFIXES = {"k": 1000, "thousand": 1000, "mn": 1_000_000, "million": 1_000_000}
SUFFIXES |= {"bn": 1_000_000_000, "billion": 1_000_000_000}

AGGREGATE_WORDS: dict[str, frozenset[str]] = {
    "count": frozenset({"count", "number", "many", "total", "tally"}),
    "sum": frozenset({"sum", "total", "summed"}),
    "avg": frozenset({"average", "avg", "mean"}),
    "min": frozenset({"min", "minimum", "lowest", "smallest", "least"}),
    "max": frozenset({"max", "maximum", "highest", "largest", "biggest", "peak"}),
    "count_distinct": frozenset({"unique", "distinct", "different"}),
    "quantile": frozenset({"percentile", "quantile", "median"}),
}
SINK_WORDS = {
    ClickHouseSink: ("ClickHouse", frozenset({"clickhouse"})),
    RedisSink: ("Redis", frozenset({"redis"})),
    StdoutSink: ("stdout", frozenset({"stdout", "print", "console", "terminal", "screen"})),
}
SUFFIX_WORDS = frozenset({"id", "key", "name", "code"})
PREFIX_WORDS = frozenset({"is", "has"})


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_words(text: str) -> tuple[str, ...]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    return tuple(_singular(w) for w in re.findall(r"[^\W_]+", spaced.casefold()))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


class Request:
    """The request text with its words, numbers and durations extracted once."""

    def __init__(self, text: str) -> None:
        self.text = text.casefold()
        self.words = name_words(text)
        # "ClickHouse" is both "click house" (camelCase, for names) and "clickhouse"
        plain = re.findall(r"[^\W_]+", self.text)
        self.word_set = frozenset(self.words) | {_singular(w) for w in plain}
        tokens = re.findall(
            r"(?:(?<![\w-])-)?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|[^\W\d_]+|%",
            self.text,
        )
        self.durations = frozenset(_durations(tokens))
        self.numbers = frozenset(_numbers(tokens)) | {
            value for ms in self.durations for value in (ms, ms / SECOND)
        }
        if "median" in self.word_set:
            self.numbers |= {0.5}

    def states_name(self, name: str) -> bool:
        words = name_words(name)
        if _contains(self.words, words):
            return True
        if len(words) > 1 and words[-1] in SUFFIX_WORDS and _contains(self.words, words[:-1]):
            return True
        return len(words) > 1 and words[0] in PREFIX_WORDS and _contains(self.words, words[1:])

    def states_string(self, value: str) -> bool:
        if not value:
            return "''" in self.text or '""' in self.text
        folded = value.casefold()
        if re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", self.text):
            return True
        return _contains(self.words, name_words(value))

    def states_number(self, value: float) -> bool:
        return any(abs(value - n) <= 1e-9 * max(1.0, abs(n)) for n in self.numbers)

    def says(self, words: Iterable[str]) -> bool:
        return not self.word_set.isdisjoint(_singular(w) for w in words)


def _number(token: str) -> float | None:
    if not re.fullmatch(r"-?\d[\d,]*(?:\.\d+)?", token):
        return None
    return float(token.replace(",", ""))


def _word_number(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The number spelled in words from tokens[i] ("two hundred fifty", "a dozen") and the index
    after it, or None."""
    total, current, j, seen = 0.0, 0.0, i, False
    if tokens[j] in ("a", "an") and j + 1 < len(tokens) and tokens[j + 1] in {*SCALES, "dozen"}:
        current, j, seen = 1.0, j + 1, True
    while j < len(tokens):
        word = tokens[j]
        if word in SMALL:
            current += SMALL[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in SCALES and seen:
            current = (current or 1) * SCALES[word]
            if SCALES[word] > 100:
                total, current = total + current, 0.0
        else:
            break
        seen, j = True, j + 1
    return (total + current, j) if seen else None


def _numbers(tokens: list[str]) -> Iterable[float]:
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is not None:
            yield value
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if following in SUFFIXES:
                yield value * SUFFIXES[following]
            elif following in ("%", "percent"):
                yield value / 100
        elif re.fullmatch(r"p\d{1,2}", token):  # p95
            yield float(token[1:])
        else:
            spelled = _word_number(tokens, i)
            if spelled is not None:
                yield spelled[0]


def _quantity_before(tokens: list[str], i: int) -> float | None:
    """The quantity that tokens[:i] end with, for the unit at tokens[i]."""
    before = tokens[max(0, i - 4) : i]  # the few words a quantity can span
    if not before:
        return None
    number = _number(before[-1])
    if number is not None:
        return number
    if tokens[i] in SHORT_UNITS:
        return None
    if before[-2:] in (["half", "an"], ["half", "a"]):
        return 0.5
    if before[-3:] == ["quarter", "of", "an"] or before[-1] == "quarter":
        return 0.25
    if before[-2:] == ["couple", "of"]:
        return 2.0
    for start in range(max(0, i - 4), i):  # "twenty five minutes", "a hundred ms"
        spelled = _word_number(tokens, start)
        if spelled is not None and spelled[1] == i:
            return spelled[0]
    return 1.0 if before[-1] in ONE else None


def _durations(tokens: list[str]) -> Iterable[int]:
    run, last_unit, last_size = 0, -2, 0  # a compound "1h30m" / "1 hour 30 minutes" so far
    for i, token in enumerate(tokens):
        if token in ADVERBS:
            yield ADVERBS[token]
        if token not in UNITS:
            continue
        quantity = _quantity_before(tokens, i)
        if quantity is None:
            continue
        ms = round(quantity * UNITS[token])
        if ms <= 0:
            continue
        yield ms
        if _number(tokens[i - 1]) is None:
            last_unit = -2
            continue
        # digits, unit, digits, smaller unit: "1h30m"
        compound = last_unit == i - 2 and UNITS[token] < last_size
        run = run + ms if compound else ms
        if compound:
            yield run
        last_unit, last_size = i, UNITS[token]


def describe_ms(ms: int) -> str:
    for unit, size in (("day", DAY), ("hour", HOUR), ("minute", MINUTE), ("second", SECOND)):
        if ms % size == 0:
            count = ms // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{ms} ms"


def unstated_values(spec: Pipeline, request_text: str) -> list[str]:
    """Each filter, window, duration, aggregate and sink value of `spec` the request does not
    state, as "what (path)"."""
    request = Request(request_text)
    found: list[str] = []

    def duration(what: str, ms: int | None, path: str) -> None:
        if ms is not None and ms not in request.durations:
            found.append(f"{what} {describe_ms(ms)} ({path})")

    flow = spec.field_flow()
    for i, op in enumerate(spec.operators):
        at = f"operators[{i}]"
        if isinstance(op, Filter) and op.where is not None:
            found += _where(op.condition(flow[i]), request, f"{at}.where")
        elif isinstance(op, Filter):
            found += _filter(op, request, at)
        elif isinstance(op, Window):
            duration(f"{op.type} window size", op.size_ms, f"{at}.size_ms")
            duration("hopping window slide", op.slide_ms, f"{at}.slide_ms")
            duration("session window gap", op.gap_ms, f"{at}.gap_ms")
            found += _window(op, request, at)
        elif isinstance(op, Sessionize):
            duration("session gap", op.gap_ms, f"{at}.gap_ms")
        elif isinstance(op, Dedup):
            duration("deduplication horizon", op.horizon_ms, f"{at}.horizon_ms")
        elif isinstance(op, IntervalJoin):
            duration("join bound before", op.before_ms, f"{at}.before_ms")
            duration("join bound after", op.after_ms, f"{at}.after_ms")
    fmt = spec.source.format
    if isinstance(fmt, DebeziumFormat) and fmt.database == "postgres" and fmt.dbname is None:
        found.append(
            "PostgreSQL database 'postgres', the connector's default (source.format.dbname)"
        )
    for i, sink in enumerate(spec.sinks):
        at = f"sinks[{i}]"
        if type(sink) in SINK_WORDS:
            label, words = SINK_WORDS[type(sink)]
            if not request.says(words):
                found.append(f"a {label} sink ({at}): the request names no {label}")
        defaulted = isinstance(sink, ClickHouseSink) and sink.table == spec.name
        if defaulted and not request.states_name(spec.name):
            found.append(f"ClickHouse table {spec.name!r}, the pipeline's name ({at}.table)")
    return found


def _where(expr: Expr, request: Request, at: str) -> list[str]:
    """The fields and constants of a filter expression the request does not state."""
    found = [
        f"filter field {name!r} ({at})"
        for name in sorted(fields_read(expr))
        if not request.states_name(name)
    ]
    for value in constants(expr):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            stated = request.states_number(value)
        elif isinstance(value, str):
            stated = request.states_string(value)
        else:
            stated = True  # a date or timestamp: no rule reads those from text yet
        if not stated:
            found.append(f"filter value {value!r} ({at})")
    return found


def _filter(op: Filter, request: Request, at: str) -> list[str]:
    found = []
    assert op.field is not None
    if not request.states_name(op.field):
        found.append(f"filter field {op.field!r} ({at}.field)")
    values = op.value if isinstance(op.value, list) else [op.value]
    for j, value in enumerate(values):
        path = f"{at}.value[{j}]" if isinstance(op.value, list) else f"{at}.value"
        if value is None:
            continue
        if isinstance(value, bool):
            stated = request.says({"true", "yes"} if value else {"false", "no"}) or (
                value and request.states_name(op.field)
            )
        elif isinstance(value, int | float):
            stated = request.states_number(value)
        else:
            stated = request.states_string(value)
        if not stated:
            found.append(f"filter value {value!r} ({path})")
    return found


def _window(op: Window, request: Request, at: str) -> list[str]:
    found = []
    for j, key in enumerate(op.group_by):
        if not request.states_name(key):
            found.append(f"group-by field {key!r} ({at}.group_by[{j}])")
    for j, agg in enumerate(op.aggregates):
        path = f"{at}.aggregates[{j}]"
        if not request.says(AGGREGATE_WORDS[agg.fn]) and not (
            agg.fn == "quantile" and re.search(r"\bp\d{1,2}\b", request.text)
        ):
            found.append(f"aggregate {agg.name!r} as {agg.fn} ({path}.fn)")
        if agg.field is not None and not request.states_name(agg.field):
            found.append(f"aggregate {agg.name!r} over field {agg.field!r} ({path}.field)")
        if agg.quantile is not None and not (
            request.states_number(agg.quantile) or request.states_number(agg.quantile * 100)
        ):
            found.append(f"aggregate {agg.name!r} at level {agg.quantile:g} ({path}.quantile)")
    if op.having is not None and not request.states_number(op.having.value):
        found.append(f"threshold {op.having.value:g} on {op.having.aggregate!r} ({at}.having)")
    return found
