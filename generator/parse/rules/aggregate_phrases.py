"""Recogniser (aggregates, part 1 of 5): what an aggregate phrase computes.

The module-level readers of one phrase, no class: `AGGS` (one pattern per function: "the number
of orders", "p95 latency", "total revenue", "how many distinct users", "hourly totals of kwh"),
`agg_from_match` and `agg_from_phrase` (the Agg a phrase names; thresholds, top_n and windows
read a subject with it), the names an aggregate gets (`agg_name`, `count_name`, refusing a count
whose words select the records), lists of functions over one field (`MULTI_AGG`,
`FIELD_QUANTILES`) and `fn_said` (the function one word names). The entry point is
aggregates.AggregateRecogniser."""

from __future__ import annotations

from typing import NoReturn

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .lexicon import (
    CODE_DISTINCT,
    COUNT_NOUNS,
    NOT_A_NAME_TAIL,
    NOT_FIELD_ADVERBS,
    NOUN_MODIFIER,
    STOP,
    _snake,
    singular,
    unquote,
    word_set,
)
from .quantities import ICASE
from .state import Agg

# "failed_logins > 5 in a row", "count orders per store_id in a row": a run of consecutive
# records, which neither a filter (one record) nor a window's aggregate (every record) reads
IN_A_ROW = r"(?:times\s+)?in\s+a\s+row"


def agg_name(prefix: str, phrase: str) -> str:
    modified = NOUN_MODIFIER.fullmatch(phrase.strip())  # "the bell weight_kg": weight_kg
    phrase = modified.group(2) if modified else phrase
    return f"{prefix}_{_snake(phrase)}" if prefix else _snake(phrase)


def agg_from_match(fn: str, m: re.Match[str], kept: frozenset[str] = frozenset()) -> Agg | None:
    """The Agg `m` of AGGS names; `kept`: the values a filter keeps (lower case), words a count
    of "failed payments (status = failed)" may select with."""
    groups = m.groupdict()
    raw = groups.get("p")
    phrase, explicit = unquote(raw) if raw else (None, False)
    if phrase is not None and not explicit:
        phrase = re.sub(r"^(?:the|all|of)\s+", "", phrase, flags=ICASE).strip()
        # "the sum of the kwh field": the field is kwh (never one named kwh_field)
        phrase = re.sub(r"(?<=\w)\s+(?:field|column)$", "", phrase, flags=ICASE)
        if not phrase or (phrase.split()[0].lower() in STOP and not groups.get("unitf")):
            if fn not in ("count",):
                return None
            phrase = None
    if fn in ("quantile", "median"):
        level = 0.5 if fn == "median" else float(groups["lvl"]) / 100
        label = "median" if fn == "median" else "p" + groups["lvl"].replace(".", "_")
        assert phrase is not None
        return Agg(m.start(), "quantile", phrase, agg_name(label, name_part(phrase, explicit)),
                    round(level, 6), explicit)  # fmt: skip
    if fn == "count_distinct":
        assert phrase is not None
        return Agg(m.start(), fn, phrase, agg_name("unique", name_part(phrase, explicit)),
                    None, explicit)  # fmt: skip
    if fn in ("count", "count_total"):
        if fn == "count_total":
            assert phrase is not None
            return Agg(m.start(), "count", None, agg_name("total", phrase))
        return Agg(m.start(), "count", None, count_name(phrase, kept))
    if fn in ("avg", "min", "max"):
        assert phrase is not None
        name = agg_name(fn, name_part(phrase, explicit))
        return Agg(m.start(), fn, phrase, name, None, explicit)
    if fn in ("sum", "sum_total"):
        assert phrase is not None
        prefix = "total" if fn == "sum_total" else "sum"
        return Agg(m.start(), "sum", phrase, agg_name(prefix, name_part(phrase, explicit)),
                    None, explicit)  # fmt: skip
    return None


# Words before a counted noun that pick which records to count ("failed payments", "large
# orders"): a count counts every record of its group, so they would be dropped.
_QUALIFIERS = word_set(
    """large small big huge tiny late early high low new old suspicious fraudulent successful
    unsuccessful invalid valid expensive cheap long short slow fast duplicate active inactive
    open pending paid unpaid incoming outgoing missing failing remaining matching premium free
    mobile desktop international domestic negative positive empty null abandoned overdue"""
)
# Words ending in "-ed" that are nouns, never a participle picking records ("speed readings").
ED_NOUNS = word_set("speed feed seed need breed embed shed bed red steed")


def refuse_selecting_count(words: list[str], selecting: list[str]) -> NoReturn:
    """ "the number of failed payments", "count speed readings": words before the counted
    records that pick some of them are a condition, which a count (of every record of its
    group) would drop. One message for every path that finds them."""
    raise RequestNotUnderstood(
        f"cannot count {' '.join(words)!r}: {' '.join(selecting)!r} selects which {words[-1]} to "
        "count, and a count counts every record of its group; keep those records first with a "
        "condition on a field, e.g. \"keep payments where status = 'failed', then count "
        'payments per merchant_id every hour"'
    )


def _refuse_qualified_count(words: list[str], kept: frozenset[str] = frozenset()) -> None:
    """'the number of failed payments': the qualifier is a condition, never dropped; one a
    filter keeps ("failed payments (status = failed)", `kept`) is said by it."""
    for word in words[:-1]:
        if word.lower() in kept:
            continue
        participle = len(word) >= 5 and word.endswith("ed") and word not in ED_NOUNS
        if word in _QUALIFIERS or participle:
            refuse_selecting_count(words, [word])


# The last part of a field's name that says it identifies a record ("order_id")
_ID_PARTS = word_set("id ids uuid guid key ref")


def count_name(phrase: str | None, kept: frozenset[str] = frozenset()) -> str:
    """'orders' -> order_count, 'page views' -> page_view_count, nothing -> event_count."""
    if not phrase:
        return "event_count"
    if _snake(phrase).replace("_", " ") in ("page view", "page views", "pageview", "pageviews"):
        return "page_view_count"
    # "how many filings does each court get": the counted noun ends before an auxiliary
    # ("the number of alarms broken down by unit_id": the noun ends before its grouping)
    phrase = re.split(
        r"\s+(?:do|does|did|is|are|was|were|has|have|had|get|gets|got|broken|split|grouped"
        r"|segmented)\b",
        phrase,
    )[0]
    words = _snake(phrase).split("_")
    if "_" in phrase and len(words) > 1 and words[-1].lower() in _ID_PARTS:
        # "the number of orders (order_id)", read as the number of order_id: the records the id
        # names are counted (order_count), never a count named after the id's ending (id_count)
        words = words[:-1]
    if len(words) > 1 and words[-1].endswith(("ed", "ing")):
        return f"{singular(words[0])}_count"  # "how many cars entered": car_count
    if "_" not in phrase:  # "failed_payments" is a name; "failed payments" a qualified noun
        _refuse_qualified_count(words, kept)
    return f"{singular(words[-1])}_count"


def name_part(phrase: str, explicit: bool) -> str:
    return phrase if not explicit else re.sub(r"\W+", "_", phrase).strip("_") or "field"


def agg_from_phrase(text: str) -> Agg | None:
    """The aggregate a threshold subject names ("the count", "total revenue"), if any."""
    t = re.sub(r"^(?:the|its|their)\s+", "", text.strip(), flags=ICASE)
    if re.fullmatch(r"(?:event\s+)?counts?|number\s+of\s+events", t, ICASE):
        return Agg(0, "count", None, "event_count")
    for fn, pattern in AGGS:
        m = pattern.fullmatch(t)
        if m:
            return agg_from_match(fn, m)
    return None


PHRASE_WORD = r"[A-Za-z_][\w]*"


# Longest first; words of one length alphabetically, not in the set's per-process order, so
# the pattern's text is the same in every run (lazy_re keeps compiled patterns by their text).
STOP_RE = "|".join(sorted((re.escape(w) for w in STOP), key=lambda w: (-len(w), w)))


# Up to four words; a field name with `_` ends the phrase ("distinct restaurant_id receive
# orders": the field is restaurant_id, and "receive orders" is left for others to read).
# ("sum amount daily over a sliding window ...": a time adverb the window did not read is never
# part of the field's name, which was amount_daily)
# ("Sum of amounts - read topic orders": a spaced dash ends the phrase; "unit-price" joins)
# ("Moving averages please:": a request word, never the field averaged)
# ("how many different tracks does each machine play": an auxiliary ends the noun)
# ("Use the median instead.", "then the max again": an adverb of the amendment, never the field
# the aggregate is over, which was 'instead'; the amendment is then refused as not understood)
# ("daily sales totals so that finance can reconcile ...", "counts because ops asked": a
# conjunction starts a clause of its own, never the field added up, which was sum(so))
_NOT_NAME = (
    rf"(?:{STOP_RE}|hourly|daily|weekly|nightly|minutely|monthly|yearly|annually|please"
    rf"|do|does|did|so|because|since|unless|{'|'.join(sorted(NOT_FIELD_ADVERBS))})"
)
_NOT_TAIL = "|".join(sorted(NOT_A_NAME_TAIL))
PHRASE = (
    rf"(?P<p>`[^`\n\x00]+`|(?:(?!{_NOT_NAME}\b)[A-Za-z][A-Za-z0-9]*(?:-|\s+)){{1,3}}"
    # ("sum amount overall": an adverb after the field's noun, never its name's last word)
    rf"(?!{_NOT_NAME}\b)(?!{_NOT_TAIL}\b){PHRASE_WORD}|(?!{_NOT_NAME}\b){PHRASE_WORD})"
)


# A field named like a time unit ("minutes >= 2", "sum the minutes as total_minutes")
_UNIT_FIELD = r"seconds|minutes|hours|days"
_UNIT_FIELD_FNS = [
    ("sum", r"sum|summ(?:ed|ing)|total|add\s+up"),
    ("avg", r"average|avg|mean"),
    ("max", r"max|maximum|longest|most"),
    ("min", r"min|minimum|shortest|fewest"),
]


# A field's name as written with `_` ("talk_seconds"), or in backticks
FIELD_NAME = r"`|[A-Za-z]\w*_\w"
# "p95 for step_ms": 'for' before a field name (with `_`) says what the percentile is of
FOR_FIELD = r"for\s+(?=[A-Za-z]\w*_\w)"


# "our biggest warehouse", "their smallest site": a superlative after a possessive says which of
# the sender's things, never an aggregate
_NOT_OURS = r"(?<!\bour\s)(?<!\bmy\s)(?<!\btheir\s)(?<!\byour\s)"
# A field named as a weight ("weight_g", "gross_weight", "load_kg", "mass_t"): what "the
# heaviest" and "the lightest" may be the max and min of
WEIGHT_FIELD = (
    r"(?:[a-z0-9]+_)*(?:weight|mass)(?:_[a-z0-9]+)*(?![\w-])"
    r"|[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:kg|kgs|g|grams?|lbs?|tonnes?|oz)(?![\w-])"
)
WEIGHT_EXTREMES = {"heaviest": "max", "lightest": "min"}
# "sorted with the highest first", "lowest ones on top": the order rows come in, no aggregate
_NOT_ORDER = r"(?!(?:ones?\s+)?(?:first|last|on\s+top|at\s+the\s+top)\b)"
AGGS: list[tuple[str, re.Pattern[str]]] = [
    ("quantile", re.compile(
        rf"\b(?:the\s+)?(?P<lvl>\d{{1,2}}(?:\.\d+)?)(?:st|nd|rd|th)?[\s-]+(?:percentile|pct|%ile)\s+(?:of\s+|{FOR_FIELD})?"
        rf"(?:the\s+)?{PHRASE}", ICASE)),
    ("quantile", re.compile(
        rf"\bp(?P<lvl>\d{{1,2}}(?:\.\d+)?)\s+(?:of\s+|{FOR_FIELD})?(?:the\s+)?{PHRASE}", ICASE)),
    ("median", re.compile(rf"\bmedian\s+(?:of\s+)?(?:the\s+)?{PHRASE}", ICASE)),
    ("count_distinct", re.compile(
        r"\b(?:how\s+many\s+(?:distinct|unique|different)"
        # ("the number of different guest_id": distinct, never a count of the records)
        r"|(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of\s+(?:unique|distinct|different)"
        # ("count the distinct team_id as teams")
        r"|count\s+(?:of\s+)?(?:the\s+)?"
        r"(?:unique|distinct|different)|(?:unique|distinct)(?:\s+count\s+of)?|cardinality\s+of"
        # "count_distinct of track_id as tracks", "nunique visitor_id": the function as code spells
        # it (never a name given: "... as distinct_count")
        rf"|(?<!\bas\s)(?<!\bnamed\s)(?<!\bcalled\s){CODE_DISTINCT}(?:\s+of)?)\s+"
        # "unique listener_id count": the count said after the field
        rf"(?:the\s+)?{PHRASE}(?:\s+count\b"
        # "how many distinct gps_unit values report each day": the values seen in the records
        r"|(?:\s+(?:values|ids))?(?:\s+(?:that|which|who))?\s+(?:report(?:s|ed)?|show(?:ed)?\s+up|appear(?:s|ed)?"
        r"|(?:(?:are|were)\s+)?seen|(?:(?:are|were)\s+)?check(?:s|ed|ing)?\s+in)"
        # (a time said next, read already or not: "... report each day"; "at each hotel_id")
        r"(?=\s+(?:\x00|each\b|every\b|per\b|in\b|during\b|within\b|over\b|daily\b|hourly\b"
        r"|at\s+(?:each|every)\b)))?",
        ICASE)),
    # ("the count of badge events" on topic badge-events: a word before the records, refused
    # unless the topic's name says it, see `_refuse_selecting_words`)
    ("count", re.compile(
        rf"\b(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of\s+(?:the\s+|all\s+)?"
        rf"(?P<p>(?:(?!(?:{STOP_RE}|{COUNT_NOUNS})\b)[A-Za-z]+\s+)?{COUNT_NOUNS})\b", ICASE)),
    ("count", re.compile(
        rf"\b(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of\s+(?:the\s+|all\s+)?{PHRASE}", ICASE)),
    # "how many orders came in", "how many bookings were made": the records, then a verb
    # saying they happened (read with them, never a field 'orders came'); "how many readings
    # went into it": the records the other aggregate was computed from
    ("count", re.compile(
        r"\bhow\s+many\s+(?:of\s+the\s+)?(?P<p>[A-Za-z]+s)\s+(?:(?:came|come)(?:\s+in)?"
        r"|(?:went|go|goes|were\s+fed|fed)\s+into\s+(?:it|that|them|each\s+one|(?:the|each|that)"
        r"\s+(?:total|sum|average|figure|number|bucket|window))(?![\w-])"
        r"|(?:were|are|got|get)\s+(?:placed|made|received|created|logged|recorded|booked|filed"
        r"|submitted)|arrived|arrive|happened|happen|occurred|occur|took\s+place)\b", ICASE)),
    ("count", re.compile(rf"\bhow\s+many\s+{PHRASE}", ICASE)),
    # "number of declined payments": the records were read as a filter (masked)
    ("count", re.compile(
        r"\b(?:the\s+)?(?:total\s+)?(?:(?:number|count|#)\s+of|how\s+many)(?P<p>)(?=\s+\x00)", ICASE)),
    ("count", re.compile(
        rf"\btall(?:y|ies|ying)\s+(?:up\s+)?(?:the\s+|all\s+)?(?P<p>{COUNT_NOUNS})\b", ICASE)),
    ("count", re.compile(rf"\b(?P<p>{COUNT_NOUNS})\s+counts?\b", ICASE)),
    ("count_total", re.compile(
        rf"\btotal\s+(?P<p>{COUNT_NOUNS})\b(?![\s-]+(?:amount|value|revenue|price|spend"
        r"|volume|cost|quantity|size|bytes|duration))", ICASE)),
    ("count", re.compile(
        # "the count" left unread here is an aggregate asked for ("the count and the average
        # amount"): a threshold on it ("when the count exceeds 5") was read as a condition
        rf"(?<!\bthese\s)(?<!\bthose\s)(?<!\btheir\s)"
        # "tally (up) votes": the verb only, never the noun ("the tallies")
        rf"\b(?:count(?:s|ing)?|tall(?:y|ying)(?:\s+up)?(?=\s+[A-Za-z]))\b"
        r"(?!\s+(?:of|distinct|unique|how\s+many|the\s+number|the\s+total"
        r"|all\s+(?:unique|distinct)))"
        # "count login attempts": a noun before 'attempts' says what was attempted
        rf"(?:\s+(?:the\s+|all\s+)?(?P<p>(?:(?!(?:{STOP_RE})\b)[A-Za-z]+\s+(?=(?:attempts|tries)\b))?"
        # "count the parts as parts": any plural noun the count is named after
        # ("count check-ins as checkins": a hyphened noun too)
        # ("count visitor orders": never 'visit', a word's start)
        # ("count the doses (as doses_given)": the name in parentheses)
        rf"(?:{COUNT_NOUNS}\b|(?!(?:{STOP_RE})\b)[a-z]+(?:-[a-z]+)*s"
        r"(?=\s+(?:as|named|called)\s|\s*\(\s*(?:as|named|called)\s)"
        # "count catches per trap_id in 1 hour tumbling windows (aggregate name: catches)": the
        # count named after its noun in parentheses closing its clause
        rf"|(?!(?:{STOP_RE})\b)(?P<pn>[a-z]{{3,}}s)(?=\s+(?:per|by|in|every|each|for\s+each)\s"
        r"[^.;:()\n]{0,80}?\(\s*(?:(?:(?:aggregate|column|output|metric|result)\s+)?name\s*:"
        r"|alias\s*:?|as|named|called|(?:name|label|call)\s+(?:it|the\s+count)(?:\s+as)?)"
        r"\s*['\"`]?(?P=pn)['\"`]?\s*\)))))?",
        ICASE)),
    # "1-minute averages of temp_c"
    # "summing litres and averaging price_per_litre": the participle too
    ("avg", re.compile(
        # ("farm buildings... I mean greenhouses": a correction, no mean)
        rf"\b(?:averages?|averag(?:ing|ed)|avg|(?<!\bi\s)(?<!\bwe\s)(?<!\byou\s)mean)\s+(?:of\s+)?"
        # ("airlines averaging more than 15": a threshold, see GROUP_FN_VERB)
        r"(?!(?:more|less|fewer|over|above|under|below|at\s+(?:least|most))\b)"
        rf"(?:the\s+)?{PHRASE}", ICASE)),
    # ("a 45 min idle gap": a duration, never the min of 'idle')
    ("min", re.compile(
        rf"(?<![\d-])\b(?:(?<!\d\s)min|minimum|{_NOT_OURS}(?:lowest|smallest))\s+(?:of\s+)?(?:the\s+)?{_NOT_ORDER}{PHRASE}", ICASE)),
    ("max", re.compile(
        # ("our biggest warehouse": which of the sender's things, no max)
        rf"\b(?:max|maximum|peak|{_NOT_OURS}(?:highest|largest|biggest))\s+(?:of\s+)?(?:the\s+)?{_NOT_ORDER}{PHRASE}", ICASE)),
    # "the longest talk_seconds", "the shortest wait_ms": of a field named with `_` only (the
    # longest session, call or gap is a thing, never a field)
    ("max", re.compile(rf"\b{_NOT_OURS}longest\s+(?:of\s+)?(?:the\s+)?(?={FIELD_NAME}){PHRASE}", ICASE)),
    ("min", re.compile(rf"\b{_NOT_OURS}shortest\s+(?:of\s+)?(?:the\s+)?(?={FIELD_NAME}){PHRASE}", ICASE)),
    # "the lightest weight_g", "the heaviest load_kg": of a field whose name says a weight only
    ("max", re.compile(rf"\b{_NOT_OURS}heaviest\s+(?:of\s+)?(?:the\s+)?(?={WEIGHT_FIELD}){PHRASE}", ICASE)),
    ("min", re.compile(rf"\b{_NOT_OURS}lightest\s+(?:of\s+)?(?:the\s+)?(?={WEIGHT_FIELD}){PHRASE}", ICASE)),
    # "hourly totals of kwh"
    # ("total up the litres": the verb, read with "sum")
    ("sum_total", re.compile(rf"\btotals?\s+(?!up\b)(?:of\s+)?(?:the\s+)?{PHRASE}", ICASE)),
    # "how much revenue did each store_id make": the sum
    ("sum_total", re.compile(
        r"\bhow\s+much\s+(?:the\s+)?(?P<p>`[^`\n\x00]+`|(?!(?:is|was|did|does|do)\b)[A-Za-z_]\w*)\b"
        # ("how much patients engage with the app": a plural that acts, how much they do, no sum)
        r"(?!(?<=[a-rt-z]s)\s+(?!(?:did|does|do|was|were|is|are|has|have|had|per|by|for|in|of|on|at"
        r"|each|every|we|our|the|an?|and|or|over|across|from|to)\b)[a-z]+\b)",
        ICASE)),
    # "sum the minutes as total_minutes", "the longest hours as max_hours": a field named like
    # a time unit, read only with a name given right after it (a unit alone names no field)
    *[(fn, re.compile(
        rf"\b(?:{words})\s+(?:of\s+)?(?:the\s+)?(?P<p>(?P<unitf>{_UNIT_FIELD}))(?=\s+(?:as|named|called)\s+"
        r"['\"`]?[a-z_])", ICASE)) for fn, words in _UNIT_FIELD_FNS],
    ("sum", re.compile(
        # ("add up volume_ml", "total up the litres"; never "adds up to 100")
        rf"\b(?:sum\s+of|sum|summed|sums|summing|totall?ing|adding\s+up"
        r"|(?:add(?:s|ed)?|totall?(?:s|ed)?)\s+up(?!\s+to\b))\s+(?:up\s+)?(?:the\s+)?"
        rf"{PHRASE}", ICASE)),
    ("sum_total", re.compile(
        r"\b(?:aggregat\w*|comput\w*|calculat\w*|track\w*|report\w*|measur\w*)\s+(?:the\s+)?"
        r"(?P<p>revenue|gmv|spend|turnover)\b", ICASE)),
    # a bare money concept left over ("hourly revenue per merchant") is its sum
    ("sum_total", re.compile(
        # (never a name given after "as": "sum amount as revenue" asked for no second sum)
        r"(?<![\w-])(?<!\bas\s)(?<!\bit\s)(?<!\bnamed\s)(?<!\bcalled\s)"
        # ("call the total revenue": the name the sum is given, after the noun of its function)
        r"(?<!\btotal\s)(?<!\bsum\s)"
        r"(?P<p>revenue|gmv|turnover)\b(?!\s+(?:events?|records?|stream|topic|data"
        # "Revenue management asked for ...": a team, not a sum
        r"|management|managers?|team|ops|operations|department|dept|analysts?|leads?)\b)",
        ICASE)),
]  # fmt: skip


FN_WORDS = {
    "min": "min", "minimum": "min", "max": "max", "maximum": "max", "avg": "avg",
    "average": "avg", "mean": "avg", "sum": "sum", "total": "sum",
    "highest": "max", "lowest": "min", "largest": "max", "smallest": "min", "peak": "max",
    "biggest": "max", "longest": "max", "shortest": "min",
}  # fmt: skip
# "the count and sum of amount": the count of records, in a list of aggregates
FN_ALT = "|".join(sorted([*FN_WORDS, "count"], key=len, reverse=True))
# A percentile as one item of a list ("p50, p95 and p99 latency", "median and 90th percentile").
QUANTILE_ITEM = (
    r"p\d{1,2}(?:\.\d+)?|median|\d{1,2}(?:\.\d+)?(?:st|nd|rd|th)?[\s-]+(?:percentile|pct|%ile)"
)
_LIST_ITEM = rf"(?:the\s+)?(?:{FN_ALT}|{QUANTILE_ITEM})"
_LIST_SEP_ITEMS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*", ICASE)


MULTI_AGG = re.compile(
    # "min, max and average amount", "minimum/maximum amount", "p50/p95/p99 of latency_ms"
    rf"\b(?P<fns>{_LIST_ITEM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*){_LIST_ITEM})+)\s+"
    rf"(?:of\s+|{FOR_FIELD})?(?:the\s+)?{PHRASE}",
    ICASE,
)


# "latency_ms percentiles (p50, p95, p99)", "latency_ms p50/p95/p99": the field first
_QUANTILES = rf"(?:{QUANTILE_ITEM})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*)(?:{QUANTILE_ITEM}))*"
FIELD_QUANTILES = re.compile(
    r"(?P<p>`[^`\n\x00]+`|\b[A-Za-z]\w*_\w+)\s+(?P<word>(?:percentiles?|quantiles?)\s*(?:\(\s*|:\s*)?)?"
    rf"(?P<fns>{_QUANTILES})(?P<close>\s*\))?(?![\w])",
    ICASE,
)


def fn_said(word: str) -> tuple[str, float | None]:
    """The aggregate one function word names, with its level for a percentile:
    "median" -> ("quantile", 0.5), "p95" / "95th percentile" -> ("quantile", 0.95), "mean" -> avg.
    """
    w = " ".join(word.lower().replace("-", " ").split())
    if w == "median":
        return "quantile", 0.5
    level = re.match(r"p?(\d{1,2}(?:\.\d+)?)", w)
    if level:
        return "quantile", float(level.group(1)) / 100
    return FN_WORDS.get(w, w), None


# The parts of a column's name that say which aggregate it holds ("avg_latency", "p95_wait",
# "peak_kw"); 'total', 'high' and the like are left out (a sum or a count, a max or a top-N)
_NAME_FN_PARTS = {
    "avg": "avg", "average": "avg", "mean": "avg", "max": "max", "maximum": "max",
    "min": "min", "minimum": "min", "median": "p50", "sum": "sum",
}  # fmt: skip


def fn_label(agg: Agg) -> str:
    """The word a name would say for `agg`: "p95" (the median: "p50"), "avg", "max", ..."""
    if agg.fn == "quantile" and agg.quantile is not None:
        return f"p{agg.quantile * 100:g}".replace(".", "_")
    return agg.fn


def name_fns(name: str, phrase: str | None) -> set[str]:
    """The aggregates a column's name says besides its field's own words: {"p95"} for
    "p95_latency", {"avg"} for "avg_max_temp" over max_temp, none for "revenue"."""
    field = set(re.split(r"[\s_]+", (phrase or "").lower()))
    said = set()
    parts = name.lower().split("_")
    for i, part in enumerate(parts):
        if part in field or any(w.startswith(part) for w in field):
            continue  # ("sum of spindle_minutes as spindle_min": the field's word, shortened)
        if part == "min" and i == len(parts) - 1 and i:
            continue  # ("sum of duration_s as total_min": minutes, a unit)
        level = re.fullmatch(r"p(\d{1,2})", part)
        if level:
            said.add(f"p{int(level.group(1))}")
        elif part in _NAME_FN_PARTS:
            said.add(_NAME_FN_PARTS[part])
    return said


def refuse_name_says_other_fn(agg: Agg, name: str, said: str | None = None) -> None:
    """ "p99 of latency_ms (p95_latency)", "the max of x as avg_x": a name that says another
    aggregate than the one computed is refused, naming both (either may be the slip)."""
    says = name_fns(name, agg.phrase)
    own = fn_label(agg)
    if not says or own in says:
        return
    field = agg.phrase or "the records"
    other = sorted(says)[0]
    what = repr(said) if said else f"the name {name!r} of the {own} of {field}"
    raise RequestNotUnderstood(
        f"cannot read {what}: the name {name!r} says {other}, and the aggregate is {own} of "
        f'{field}; say which: "{own} of {field} as {own}_{_snake(field)}" or "{other} of '
        f'{field} as {name}"'
    )
