"""Recogniser (aggregates, part 5 of 5): the aggregates asked for ("count of events",
"p95 latency", "total revenue").

`extract_aggregates` finds every aggregate phrase (aggregate_phrases.AGGS, lists of functions,
"compute clicks per minute"), tells it from words that only mention figures (a reason, a
purpose, a sink's "the counts"), reads the name or field said in parentheses after it
(`settle_paren_words` once the schema is known), "its maximum", "and the maximum (pm25_peak)",
glosses ("peak (max) load_kw") and a heading said again, and refuses statistics the spec cannot
compute. `AggregateRecogniser` is the end of the chain AggregateNameReader (names, late
thresholds) -> GroupByReader (group_by) -> CountedRecordReader (counted records) ->
AggregateRecogniser, composed in assemble.RequestParser."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .aggregate_phrases import (
    _LIST_SEP_ITEMS,
    AGGS,
    ED_NOUNS,
    FIELD_QUANTILES,
    FN_ALT,
    FN_WORDS,
    IN_A_ROW,
    MULTI_AGG,
    WEIGHT_EXTREMES,
    WEIGHT_FIELD,
    agg_from_match,
    agg_name,
    count_name,
    fn_label,
    fn_said,
    name_fns,
    name_part,
    refuse_name_says_other_fn,
)
from .counted_records import DONE_WORD, CountedRecordReader
from .lexicon import (
    COUNT_NOUNS,
    ID_NAME_ENDS,
    MASK,
    RECORD_OBJECTS,
    ROLE_NOUNS,
    STOP,
    _snake,
    singular,
    unquote,
    word_set,
)
from .quantities import ICASE
from .scope import clause_around
from .state import Agg, Cond

# "produce peak pressure: the max of pressure_bar", "average flow: avg of flow_lpm", "peak
# pressure = max of x", "peak pressure as the max of x": a name of two or three plain words
# before a colon, "=" or "as", then an aggregate of a field (see `_refuse_spaced_label`)
SPACED_LABEL = re.compile(
    r"(?:\b(?:compute|calculate|produce|output|emit|report|computing|producing|with)\s+|[,;(]\s*)"
    # (", with revenue = sum of x": 'with' opens the list, so the label is 'revenue' alone)
    r"(?P<label>(?!(?:per|by|each|every|for|in|over|with|compute|calculate|produce|output|emit"
    r"|report)\b)[a-z][a-z-]*(?:\s+[a-z][a-z-]*){1,2})"
    r"\s*(?P<sep>:|=|\bas\b)\s*(?:the\s+)?"
    rf"(?:{'|'.join(sorted([*FN_WORDS, 'count'], key=len, reverse=True))})\s+(?:of\s+)?"
    # (a field, never a grouping's word: "sum amount as count per store" names the sum 'count')
    r"(?!(?:per|by|each|every|for|in|over|from|to|and)\b)[a-z_][\w.]*",
    ICASE,
)


# "compute clicks per minute": counting the stream's own records
COMPUTE_NOUN = re.compile(
    rf"\b(?:comput\w*|calculat\w*|track\w*|measur\w*|report\w*)\s+(?:the\s+)?"
    rf"(?P<p>{COUNT_NOUNS})\b(?=\s+(?:per|every|by|each|in|over)\b|\s*\x00)",
    ICASE,
)


# "count the distinct team_id values as teams": the field's values, before the count's name
DISTINCT_VALUES = re.compile(r"\s+(?:values|ids|keys)\b", ICASE)
# The end of a distinct count's phrase ("how many distinct station_id values ").
AFTER_DISTINCT = re.compile(
    r"\b(?:distinct|unique|different)\s+\S+(?:\s+(?:values|ids|keys))?\s+$", ICASE
)


# "... ignored before aggregating", "dropped prior to the aggregation": when a filter runs
BEFORE_AGGREGATING = re.compile(
    r"\b(?:before|prior\s+to|ahead\s+of)\s+(?:the\s+)?(?:aggregat(?:ing|ion|es?)|windowing"
    r"|(?:the\s+)?windows?\s+(?:is|are)\s+computed|computing\s+the\s+(?:aggregates|windows?))\b",
    ICASE,
)


# What may stand between such a verb and its aggregate: "the", read words, or the group said
# first ("work out per block_id the median x")
_VERB_TO_AGG = re.compile(
    r"[\s\x00]*(?:(?:per|for\s+each|for\s+every|by)\s+[A-Za-z_]\w*\s*,?\s*)?(?:the\s+)?[\s\x00]*",
    ICASE,
)
# Phrasal verbs that ask for the aggregate right after them ("work out the min and max ...").
AGG_VERB = re.compile(
    r"\b(?:(?:work(?:s|ing)?|figur(?:e|es|ing)|find(?:s|ing)?)\s+out|report(?:s|ing)?|show(?:s|ing)?"
    r"|find(?:s|ing)?"
    # "tally up how many rides ..."
    r"|tall(?:y|ies|ied|ying)(?:\s+up)?" r"|tell\s+(?:me|us)|list(?:s|ing)?"
    # "..., returning the sum of litres", "giving the average of x", "taking the max speed_kmh"
    r"|return(?:s|ing)?|giv(?:e|es|ing)|provid(?:e|es|ing)|yield(?:s|ing)?|tak(?:e|es|ing)"
    # "count them per film_id as votes, add the average score as avg_score": one more
    r"|add(?:s|ing)?|includ(?:e|es|ing))" r"\s+(?=(?:the\s+)?\S)",
    ICASE,
)


# "and the max speed too": "too" ending a clause right after an aggregate (checked in
# extract_aggregates)
AGG_TOO = re.compile(r"(?<=\x00)\s+too\b(?=\s*(?:[.,;!?)]|$))", ICASE)


# "total them", "add them up", "roll these up": a verb over the records said before, read only
# when the sums it asks for are listed after it
TOTAL_THEM = re.compile(
    r"\b(?:total(?:s|led|ed|ling|ing)?\s+(?:them|these|those)(?:\s+up)?"
    r"|(?:add|roll|tot)(?:s|ed|ing|led|ling)?\s+(?:them|these|those)\s+up)\b",
    ICASE,
)


COUNT_OF = re.compile(
    r"\s+(?:the\s+)?(?:number\s+of|how\s+many|unique|distinct|of\b|total\s+number)", ICASE
)


# Records that carry a priority code ("P1 incidents"), never a measure a percentile is of
PRIORITY_NOUNS = word_set(
    "ticket incident issue bug alert case task defect outage page escalation problem " "request"
)


# "for every user count logins per hour": a group named before the verb "count"
GROUP_WORD_BEFORE = re.compile(r"\b(?:for\s+(?:each|every)|per|each|every)\s+$", ICASE)


# "count the songs sung in each session" on karaoke-plays: what each record is, done
PLAYED_AFTER = re.compile(r"\s+(?:played|sung|streamed|spun|performed|listened\s+to)\b", ICASE)


# "count the claims they get per day as claims_today" on claims-filed: whose records they are
# (the group's, said as a pronoun), nothing they select
GOT_AFTER = re.compile(
    r"\s+(?:that\s+|which\s+)?(?:they|he|she|it|each\s+one)\s+(?:get|gets|got|receive|receives"
    r"|received|handle|handles|handled|take|takes|took|file|files|filed)\b"
    r"(?=\s*(?:\x00|[,;.]|$)|\s+(?:per|every|each|in|during|as|named|called)\b)",
    ICASE,
)


# "how many boxes were rejected", "how many calls got dropped": the counted noun, then a
# passive (its participle may say which records count; read by `_refuse_done_in_counted`)
HOW_MANY_PASSIVE = re.compile(
    r"(?P<n>[A-Za-z]+)\s+(?:were|was|are|is|got|get|gets|(?:have|has|had)\s+been)\s+"
    r"(?P<v>[A-Za-z]+)",
    ICASE,
)


# "count them as deposit_count": the records said before, named
COUNT_THEM = re.compile(r"\s+(?:them|these|those)(?=\s+as\s)", ICASE)


# Statistics the spec's window aggregates cannot compute (refused, naming what they can).
UNSUPPORTED_STATS = re.compile(
    r"\b(?:standard[\s-]+deviations?|std\.?[\s-]*dev(?:iation)?s?|stddev|stdev|std(?=\s+of\b)"
    r"|variances?|coefficient\s+of\s+variation|interquartile\s+range|iqr|skew(?:ness)?|kurtosis"
    r"|z[\s-]?scores?|moving\s+range)\b(?:\s+(?:(?:of|in|for)\s+)?(?:the\s+)?[A-Za-z_]\w*)?",
    ICASE,
)


# "count the actions": a count of a plural noun, read when the noun names the stream's records.
COUNT_STREAM_NOUN = re.compile(
    r"\b(?:count(?:s|ing)?|tall(?:y|ies|ying))\s+(?:up\s+)?(?:the\s+|all\s+(?:the\s+)?)?"
    r"(?P<p>[A-Za-z]+)\b"
    # "daily filing counts by court_id" on topic court-filings: the noun before 'counts'
    # (never a word before the verb: "please count kills")
    r"|\b(?!(?:please|pls|plz|then|and|also|just|simply|to|we|i|you|they|should|must|can"
    r"|could|will|would|first|now|so)\b)(?P<p2>[A-Za-z]+)\s+counts?\b(?!\s+(?:of|as|to|for)\b)",
    ICASE,
)


# "Into clickhouse x, from topic y, the min and max of power_kw ... should be written.": the
# aggregates' passive verb at the end of the sentence, its destination named already
WRITTEN_AT_END = re.compile(
    r"\b(?:should|must|will|shall|needs?\s+to|has\s+to|have\s+to|is\s+to|are\s+to)\s+be\s+"
    r"(?:written|stored|saved|sent|inserted|loaded|published|persisted|output|put|landed"
    # "Only models with more than 5 games in the window should be reported."
    r"|reported|emitted|shown|listed)" r"(?=\s*(?:[.!;]|$))",
    ICASE,
)


# "double scans would inflate the counts", "which skews our rider counts": a verb that spoils
# figures, right before the count word (a reason, never an aggregate asked for)
_SPOILED_BEFORE = re.compile(
    r"\b(?:(?:inflat|skew|distort|corrupt|mess(?:es|ed|ing)?\s+up|throw(?:s|ing)?\s+off"
    # ('pad' as a verb only: "per paddock count ..." asks a count)
    r"|threw\s+off|doubl)\w*|pad(?:s|ded|ding)?)\s+(?:(?:the|our|their|all|any)\s+)?"
    r"(?:[a-z]+\s+)?$",
    ICASE,
)

# "... so that my counts are right", "so our counts match the tills": whose figures a purpose
# clause speaks of (a reason, never a count asked for)
_PURPOSE_FIGURES_BEFORE = re.compile(
    r"\bso(?:\s+that)?\s+(?:my|our|their|your|the)\s+(?:[a-z]+\s+){0,2}$", ICASE
)

# "exactly-once, since the survey team counts rings off that table": people who count in a
# reason clause (the work done with the output), never a count asked for
THEY_COUNT_BEFORE = re.compile(
    r"\b(?:since|because|as|so\s+that)\s+(?:the|our)\s+(?:[a-z]+\s+){0,2}?(?:"
    + ROLE_NOUNS
    + r"s?|team|crew|staff|desk|office|department|people|folks)\s+$",
    ICASE,
)

# "count unique visitor_id per listing ... and publish the counts to topic x": 'the counts' with
# where they go names the counts asked for already (like "them"), never a count of its own.
COUNTS_SENT = re.compile(r"\s+(?:to|into|in|on|onto)\b", ICASE)
# "count distinct skus per warehouse_id ... and print the counts": the counts a sink verb takes
# are the ones asked for already, never a count of every record besides
COUNTS_OBJECT = re.compile(
    r"\b(?:print|write|send|publish|output|emit|push|store|save|show|log|dump|display)\s+"
    r"(?:out\s+)?(?:the|these|those|all\s+the|all)\s+$",
    ICASE,
)
# "the median soil_moisture_pct plus its 90th percentile", "the average amount and its maximum":
# an aggregate of the field the aggregate said right before it is of ("its": that field's)
# ("the 95th percentile of latency_ms as p95_latency and the max of it as max_latency": "the
# <function> of it" says the same, the `ofit` words required after "the")
ITS_FN = re.compile(
    r"(?:\s*,\s*(?:and\s+|plus\s+)?|\s+(?:and|plus|as\s+well\s+as|along\s+with|with)\s+)"
    r"(?P<its>its|the)\s+"
    r"(?:(?P<lvl>\d{1,2})(?:st|nd|rd|th)[\s-]+percentile|p(?P<lvl2>\d{1,2})"
    r"|(?P<fn>average|avg|mean|minimum|min|maximum|max|median|peak|lowest|highest|total|sum))"
    r"(?P<ofit>\s+of\s+it)?"
    # (never "its max temp_c": another field named after it)
    # ("and its average (avg_minutes)": its name in parentheses, read by _paren_single_alias)
    r"(?=\s*(?:[.;,)!?:\x00]|$)|\s*\(\s*[a-z_][a-z0-9_]*\s*\)"
    r"|\s+(?:per|by|every|each|and|to|from|for|in|over|as|then|into|on"
    r"|hourly|daily|weekly|source|sink)\b)",
    ICASE,
)
# "the fastest lap (min of lap_time_s, as best_lap)", "the average (avg of x, as avg_x)": an
# aggregate defined in parentheses with its name after a comma, plain words before them saying
# what it is (see `_paren_defined_named`)
PAREN_DEF_NAMED = re.compile(
    r"(?:(?<![\w-])(?P<gloss>(?:the\s+)?[a-z]+(?:\s+[a-z]+)?)\s*)?\(\s*(?P<def>[^()\n]+?)\s*(?:,\s*"
    r"(?:as|named|called)\s+['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?\s*\)"
    # ("the longest rally (max rally_shots) as longest_rally": the name after the brackets)
    r"|\)\s*(?:as|named|called)\s+['\"`]?(?P<after>[a-z_][a-z0-9_]*)['\"`]?(?![\w-]))",
    ICASE,
)
_ITS_FN = {"average": "avg", "avg": "avg", "mean": "avg", "minimum": "min", "min": "min",
           "lowest": "min", "maximum": "max", "max": "max", "peak": "max", "highest": "max",
           "total": "sum", "sum": "sum"}  # fmt: skip


# Before a bare "count", a word that makes it a verb of its own, never the aggregate asked
# for: "orders that count as late", "records count as duplicates" (no name given)
_COUNT_VERB_BEFORE = re.compile(
    r"\b(?:that|which|who|what|to|should|must|will|does|do|did|would|may|might|can|could"
    r"|[a-z]*[^\Wsu]s)\s+$",
    ICASE,
)


# "sum amount grouped by count", "by 'count'": a group field named like the count aggregate
GROUPED_BY_COUNT = re.compile(
    r"\b(?:(?:grouped|group|grouping|broken\s+down|split|bucketed)\s+by\s+(?:the\s+)?"
    r"[`'\"]?count[`'\"]?|(?:by|per)\s+[`'\"]count[`'\"])(?![\w-])",
    ICASE,
)


# "The totals end up on invoices.", "These averages feed the billing run", "the total is
# checked by finance": the figures asked for, the subject of a sentence about them (where they
# go, who uses them: a purpose), never an aggregate of their own (was total_end_up = sum(end_up))
FIGURES_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:\n])\s*|(?<=\s[-\u2013\u2014])\s*|(?<=\u2014)\s*"
    r"|(?<=,)\s*(?:and|so|as|since|because)\s+)"
    r"(?P<det>(?:the|these|those|our|their|all\s+(?:the|these|those))\s+"
    r"(?:(?:hourly|daily|weekly|monthly|nightly|final|resulting|computed)\s+)?)"
    r"(?P<noun>(?:totals|counts|sums|averages|means|medians|maxima|minima|maximums|minimums)"
    # a plain word next, no field and no word of what they are of or per ("the counts per
    # store_id", "the totals of kwh", "the totals to kafka x": read elsewhere)
    r"(?=\s+(?!(?:of|for|per|by|over|across|in|into|on|onto|from|to|as|and|or|with)\b)(?![A-Za-z]\w*_)[a-z]+\b)"
    r"|(?:total|count|sum|average|mean|median)(?=\s+(?:ends|lands|feeds|goes|gets|appears"
    r"|shows|becomes|drives|decides|is\s+(?:used|checked|billed|printed|shown|read|audited))\b))",
    ICASE,
)


# What the aggregates are called once computed ("put the hourly numbers into ...").
RESULT_NOUNS = re.compile(
    r"\b(?:numbers|figures|stats|statistics|aggregates|aggregations|rollups)\b"
    r"(?!\s+(?:of|for|on|about|per|by)\b)",
    ICASE,
)

# "weekly report per room_id from x:", "a daily summary per store_id": the output named by the
# window's cadence (the adverb read by the window; a report "of"/"on" something says more).
# "an hourly fuel report off hover.fuel_burn": a word of the source topic's name may say what
# it is of (checked by the caller; any other word there is left unread)
CADENCE_REPORT = re.compile(
    r"\b(?P<w>hourly|daily|weekly|minutely)\s+(?:(?P<of>[a-z]+)\s+)?(?P<noun>reports?|summar(?:y|ies)|digests?"
    r"|roll-?ups?|breakdowns?|overviews?)\b(?!\s+(?:of|on|about|for|that|which|to|is|was)\b)",
    ICASE,
)


FIELD_IN_PARENS = re.compile(
    r"\s*\(\s*(?:(?:the\s+)?field\s+|(?:distinct|unique)\s+|(?:count\s+)?distinct\s+)?"
    # "total amount (cents)": a unit says what the values are, it names no field
    r"(?!(?:cents?|pence|euros?|eur|dollars?|usd|pounds?|gbp|bucks|ms|millis\w*|secs?|seconds?"
    r"|mins?|minutes?|hours?|kg|kilos?|grams?|g|litres?|liters?|l|ml|km|miles?|m|meters?|metres?"
    r"|bytes|kb|mb|gb|percent|pct|celsius|fahrenheit|kwh|kw|watts?)\s*\))"
    r"(?P<f>[A-Za-z_]\w*)\s*\)",
    ICASE,
)


# The words of aggregates a name may be built from ("pm25_avg", "max_temp", "pm25_peak").
_AGG_NAME_PARTS = word_set(
    """avg average mean max maximum min minimum peak total sum count median high low hi lo top"""
)


def _names_aggregate(name: str, phrase: str) -> bool:
    """Whether `name` is the field's name with an aggregate's word ("pm25_avg" for pm25)."""
    parts, field = name.lower().split("_"), _snake(phrase).lower().split("_")
    if parts[: len(field)] == field:
        rest = parts[len(field) :]
    elif parts[-len(field) :] == field:
        rest = parts[: -len(field)]
    else:
        return False
    return bool(rest) and all(p in _AGG_NAME_PARTS for p in rest)


# An aggregate's word in a name, by the function it says ("min_burn", "burn_peak")
_NAME_PART_FN = {"avg": "avg", "average": "avg", "mean": "avg", "max": "max", "maximum": "max",
                 "peak": "max", "high": "max", "hi": "max", "top": "max", "min": "min",
                 "minimum": "min", "low": "min", "lo": "min", "total": "sum", "sum": "sum"}  # fmt: skip


def _named_alike(name: str, fn: str, prev_name: str) -> bool:
    """Whether `name` is built like the name of the aggregate before it, its aggregate's word
    swapped for this one's ("avg_burn (of litres_per_km), the lowest (min_burn)": the same
    "burn" the writer gave that field): never a name with another function's word."""
    parts, before = name.lower().split("_"), prev_name.lower().split("_")
    said = [_NAME_PART_FN[p] for p in parts if p in _NAME_PART_FN]
    rest = [p for p in parts if p not in _NAME_PART_FN]
    rest_before = [p for p in before if p not in _NAME_PART_FN]
    return said == [fn] and bool(rest) and rest == rest_before and len(rest_before) < len(before)


def _same_noun(name: str, phrase: str) -> bool:
    """Whether `name` in parentheses is the plain noun of the aggregate said again
    ("distinct users (users)"): no field's name then, nor plainly the aggregate's."""
    name, phrase = name.lower(), phrase.lower()
    return "_" not in name and singular(name) == singular(phrase)


def _field_restates(agg: Agg, name: str) -> bool:
    """Whether `name`, in parentheses after an aggregate said in plain words, is the field those
    words stand for ("unique visitors (visitor_id)", "distinct customers (customer_key)"): the
    words' noun is a part of its name, or it names an id counted distinct. Any other word there
    may as well name the aggregate ("sum amount (revenue)"), so it is not read as the field."""
    parts = name.lower().split("_")
    words = re.findall(r"[a-z0-9]+", (agg.phrase or "").lower())
    if any(w in parts or singular(w) in parts for w in words if len(w) > 2):
        return True
    # "average temperature (temp)": the words' noun shortened
    if any(w.startswith(p) for w in words for p in parts if len(p) > 2):
        return True
    return agg.fn == "count_distinct" and len(parts) > 1 and parts[-1] in ID_NAME_ENDS


def _second_name(agg: Agg, name: str) -> bool:
    """Whether `name`, in parentheses after an aggregate whose field is said already (a
    snake_case name, or none for a count), is the aggregate's own name: one built with an
    aggregate's word ("avg_price", "pour_count", "total_ml")."""
    parts = name.lower().split("_")
    said = agg.fn == "count" or "_" in (agg.phrase or "") or agg.explicit
    # ("p95 of edit_minutes (p95_edit_minutes)": the percentile's own word, its number the same)
    own = {f"p{agg.quantile * 100:g}"} if agg.fn == "quantile" and agg.quantile else set()
    return said and len(parts) > 1 and any(p in _AGG_NAME_PARTS or p in own for p in parts)


def _extreme_fn(word: str, phrase: str | None) -> str | None:
    """The aggregate an extreme's word says of the field `phrase` ("heaviest" is the max of a
    weight only; None of another field)."""
    w = word.lower()
    if w in WEIGHT_EXTREMES:
        return WEIGHT_EXTREMES[w] if re.fullmatch(WEIGHT_FIELD, phrase or "", ICASE) else None
    return FN_WORDS[w]


# "and the maximum (pm25_peak)": an aggregate's word with a name in parentheses, no field
BARE_FN_NAMED = re.compile(
    r"(?:\band\s+|,\s*)(?:the\s+)?(?P<fn>max|maximum|min|minimum|average|avg|mean|total|sum|peak"
    # ("the lightest weight_g (min_weight), the heaviest (max_weight)": of a weight only)
    r"|highest|lowest|heaviest|lightest)\s*\(\s*(?P<name>[a-z_][a-z0-9_]*)\s*\)",
    ICASE,
)


# "revenue_eur as the sum of amount_eur and orders as the count": a name, then "as the count"
# (the records counted, no field), listed right after an aggregate named the same way
NAME_AS_THE_COUNT = re.compile(
    r"(?:\band\s+|,\s*(?:and\s+)?)(?P<name>[a-z_][a-z0-9_]*)\s+as\s+(?:the\s+)?"
    r"(?P<fn>count|number\s+of\s+(?:records|rows|events|messages))\b"
    r"(?=\s*(?:[.;,)!?]|$)|\s+and\s)",
    ICASE,
)


# "total the tonnes as tonnes_sold and the amount as revenue": a second field and its name, the
# function left out: the one of the named aggregate right before (never a count)
# a field that names or codes something ("the driver_id as who") or a person ("the cashier as
# who"), never summed
_NOT_SUMMED = re.compile(
    rf"(?:^|_)(?:id|name|code|type|status|key)$|^(?:{ROLE_NOUNS}|[a-z]+(?:er|or|ist|ian))$"
)
FIELD_AS = re.compile(
    r"(?:\band\s+|,\s*(?:and\s+)?)(?:the\s+)?(?P<field>[a-z][a-z0-9_]*)\s+as\s+['\"`]?"
    r"(?P<name>[a-z_][a-z0-9_]*)['\"`]?(?=\s*(?:[.;,)!?]|$)|\s+and\s)",
    ICASE,
)


# "the total tonnage (sum of weight_tonnes)", "average wait (avg(wait_s))": the aggregate said
# again in parentheses, naming the field it reads
# "total items_picked (sum)": only the aggregate's word in parentheses ("the total of amount
# (sum, as total_amount)": with the name after a comma)
_FN_IN_PARENS = re.compile(
    r"\s*\(\s*(?P<fn>sum|total|count|avg|average|mean|min|minimum|max|maximum)\s*"
    r"(?:,\s*(?:as|named|called)\s+['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?\s*)?\)",
    ICASE,
)
# "fastest (min) escape_time_s", "peak (max) load_kw", "typical (avg) basket_eur": a word
# glossing the aggregate said in parentheses before the field
GLOSSED_FN = re.compile(
    r"\b(?P<gloss>[a-z]+est|peak|typical)\s*\(\s*(?P<fn>min|minimum|max|maximum|avg|average"
    r"|mean|sum|total)\s*\)(?=\s+[A-Za-z_]\w*)",
    ICASE,
)
# "median (p50) of x", "the average (mean) of x", "p95 (95th percentile) of x": an aggregate's
# word, then the same aggregate said again in parentheses (another word for it)
_SAME_FN = (
    rf"(?:{FN_ALT}|median|p\d{{1,2}}(?:\.\d+)?|\d{{1,2}}(?:\.\d+)?(?:st|nd|rd|th)?[\s-]+"
    r"(?:percentile|pct|%ile))"
)
SYNONYM_GLOSS = re.compile(
    rf"\b(?P<fn>{_SAME_FN})\s*\(\s*(?:i\.?e\.?,?\s*|aka\s+|a\.k\.a\.?\s*|or\s+)?"
    rf"(?P<gloss>{_SAME_FN})\s*\)(?=\s+(?:of\s+)?(?:the\s+)?[A-Za-z_`])",
    ICASE,
)


# The glosses that say one aggregate only ("fastest" is the min of a time, the max of a speed)
_GLOSS_FN = {"highest": "max", "largest": "max", "biggest": "max", "greatest": "max",
             "peak": "max", "longest": "max", "lowest": "min", "smallest": "min", "least": "min",
             "shortest": "min",
             "typical": "avg"}  # fmt: skip
# A field holding a duration ("lap_time_s", "wait_minutes"), and the extremes said of one
# ("the fastest lap" is the lowest lap time; of a speed it would be the highest)
_DURATION_FIELD = re.compile(
    r"(?:^|_)(?:time|duration|s|sec|secs|seconds|ms|millis|min|mins|minutes|hours|hrs)$", ICASE
)
_TIME_EXTREMES = {"fastest": "min", "quickest": "min", "shortest": "min", "slowest": "max",
                  "longest": "max"}  # fmt: skip
# "revenue per plant_id per day (sum of sale_eur": a money word, its group and window words,
# then the sum that defines it in parentheses (searched up to the sum's own position)
MONEY_DEFINED = re.compile(
    r"(?<![\w-])(?P<w>revenue|gmv|turnover|spend)\b[^().;:!?\n]{0,60}"
    r"(?P<open>\(\s*(?:i\.e\.,?\s*|=\s*)?)\Z",
    ICASE,
)
AGG_IN_PARENS = re.compile(
    r"\s*\(\s*(?:i\.e\.\s+|=\s*|the\s+)?(?P<fn>[A-Za-z]+)\s*(?:\(\s*(?P<f1>[A-Za-z_]\w*)\s*\)"
    r"|\s+of\s+(?:the\s+)?(?P<f2>[A-Za-z_]\w*))\s*\)",
    ICASE,
)


# "Realtors keep asking how many people look at their listings": what people keep asking is
# the request's background (purpose.py reads it, or refuses it), never an aggregate of its own
KEEP_ASKING_BEFORE = re.compile(
    # ("Marketing asked how many flights lead to ...": the question asked, past, the same)
    r"\b(?:(?:keep|keeps|kept|(?:have|has)\s+been)\s+asking|(?:(?:have|has)\s+)?asked)\s+"
    r"(?:me\s+|us\s+)?"
    r"(?:(?:what|which|whether|if|about)\s+(?:the\s+)?)?$",
    ICASE,
)


# "Finance wants unique ...", "The ops team needs the average ...": an opening sentence
# wishing for a measure (who asks, a verb of wanting), the aggregate right after it
HEADLINE_WISH = re.compile(
    r"\s*(?:[A-Za-z][\w'-]*\s+){1,4}?(?:wants?|needs?|would\s+like|'d\s+like|asked\s+for"
    r"|asks\s+for|is\s+asking\s+for|is\s+after|are\s+after|requested)\s+"
    r"(?:to\s+(?:see|know|track|get|have)\s+)?(?:the\s+|a\s+)?(?P<w>)$",
    ICASE,
)


def _restates(phrase: str, stated: Agg, conds: list[Cond]) -> bool:
    """Each word of `phrase` ("northbound vehicles") is said by the aggregate `stated`
    (unique_vehicles over plate_number) or is a condition's value (direction == northbound)."""
    said = set(stated.name.lower().split("_")) | set((stated.phrase or "").lower().split("_"))
    # (a value kept, never one dropped: "drop direction == south" says no "south vehicles")
    said |= {
        c.value.lower() for c in conds if isinstance(c.value, str) and c.op == "eq" and not c.negate
    }
    said |= {singular(w) for w in said}
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", phrase)]
    return bool(words) and all(w in said or singular(w) in said for w in words)


# The request's opening: a question ("How many different students attend each workshop?") or
# a short title before a colon ("Minimum manning check: from ..."), at the very start
OPENING = re.compile(
    r"\s*(?:(?P<q>[^.!?:;\n]{1,160}?\?)"
    r"|(?P<title>[A-Za-z][\w'-]*(?:[ \t]+[A-Za-z][\w'-]*){0,4})\s*:)(?=\s)",
    ICASE,
)
# The last word of a title naming the job itself ("Minimum manning check", "Peak load report"),
# not a measure: the words before it say what the job is about
_JOB_NOUNS = word_set(
    "check checks report reports alert alerts alarm alarms dashboard dashboards summary monitor"
    " monitoring overview audit audits watch tracker feed board"
)
# Words of an opening that say no measure of their own
_QUESTION_WORDS = word_set("how many much what which different unique distinct number")


def _shown(a: Agg) -> str:
    """An aggregate as a message shows it: "max(speed)", or "a count" of the records."""
    return f"{a.fn}({a.phrase})" if a.phrase else "a count"


def _kinds_meet(a: Agg, b: Agg) -> bool:
    """Whether `a` and `b` are aggregates of the same kind (a count and a distinct count are both
    what "how many" asks)."""
    counts = ("count", "count_distinct")
    return a.fn == b.fn or (a.fn in counts and b.fn in counts)


def _groups_said_again(opening: str, rest: str) -> bool:
    """Whether each group the opening says ("per region", "each workshop") is said again after
    it ("per workshop_id"): "Scan counts per region: ... per terminal_id" groups otherwise."""
    said = {singular(w) for w in re.findall(r"[a-z0-9]+", rest.lower())}
    return all(
        singular(m[1].lower()) in said
        for m in re.finditer(r"\b(?:per|by|each|every)\s+([A-Za-z]+)", opening, ICASE)
    )


def _both_count_records(a: Agg, b: Agg) -> bool:
    """Whether `a` and `b` both count the records ("how many orders ...? ... count them")."""
    return a.fn == b.fn == "count" and a.phrase is None and b.phrase is None


def _says_word_of(words: set[str], b: Agg) -> bool:
    """Whether a word of `words` is said by the name or the field of the aggregate `b`."""
    said = set(re.split(r"[\s_]+", f"{b.name} {b.phrase or ''}".lower()))
    said |= {singular(w) for w in said}
    return any(w in said or singular(w) in said for w in words)


# A money measure said in the request ("total revenue", "sum of amount")
_MONEY_SAID = re.compile(r"\b(?:revenue|amount|takings|turnover|gmv|money|sum|spend)\b", ICASE)


_OVER_FIELDS_FNS = frozenset({"avg", "sum", "min", "max", "quantile"})
_FIELD_WORD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# ", pressure and humidity" after "average temperature", before a grouping or the clause's end
_MORE_FIELDS = re.compile(
    r"(?:\s*,\s*(?:the\s+)?[a-z][a-z0-9_]*)*\s*,?\s+and\s+(?:the\s+)?[a-z][a-z0-9_]*"
    r"(?=\s+(?:per|by|for\s+(?:each|every)|each|every|in|over|across|within|grouped|into|to)\b"
    r"|\s*[,;:.)]|\s*$)"
)
# A sentence's end ("... per hour. Publish to x."; a dot inside a topic's name ends none)
_SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)")
# "total the bag weigh-ins ...: sum ...": a total verb heading a list after a colon or a dash
_TOTAL_VERB = re.compile(r"total(?:s|led|ed|ling|ing)?(?:\s+up)?\b", ICASE)
_HEADING_COLON = re.compile(r":(?=\s)|\s(?:-|--|\u2014)\s|\u2014", ICASE)
# A count's words, read (masked), then a name alone in parentheses: "count the claims
# (claims_in_burst)"
_MASKED_THEN_NAME = re.compile(r"\x00+\s*\(\s*(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\)", ICASE)


# "only ranked matches" right before "count: ...": the records counted, named (see
# `_counted_verb`)
_ONLY_RECORDS_BEFORE = re.compile(
    r"(?:^|[\s\x00])only\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\s+$", ICASE
)


class AggregateRecogniser(CountedRecordReader):
    """Reads the aggregates asked for, with their names and fields said in parentheses."""

    def _siblings_named_in_parens(self, agg: Agg, start: int) -> bool:
        """ "count the claims (claims_in_burst) and sum claim_amount (burst_amount)": another
        aggregate of the sentence is a count of records (it reads no field) followed by a name
        in parentheses, so the request names its aggregates so; a field's name in parentheses
        after a field's name is then the aggregate's name too."""
        opens = max((e.end() for e in _SENTENCE_STOP.finditer(self.s, 0, start)), default=0)
        stop = _SENTENCE_STOP.search(self.s, start)
        closes = stop.start() if stop else len(self.s)
        return any(
            a is not agg
            and a.fn == "count"
            and a.phrase is None
            and opens <= a.pos < closes
            and (named := _MASKED_THEN_NAME.match(self.s, a.pos)) is not None
            and named["name"].lower() not in STOP
            for a in self.aggs
        )

    def _paren_is_field(self, agg: Agg, named: re.Match[str]) -> bool:
        """Whether the name in parentheses after an aggregate said in plain words is the field
        it reads: said as one ("(field x)", "(distinct mmsi)"), a snake_case name with no
        aggregate's word, or one restating the words ("visitors (visitor_id)"). A plain word
        is settled once the schema is chosen (`settle_paren_words`)."""
        name = named["f"]
        if not re.fullmatch(r"\s*\(\s*[A-Za-z_]\w*\s*\)", named.group(0)):
            return True
        if "_" in name and not set(name.lower().split("_")) & _AGG_NAME_PARTS:
            return True
        return _field_restates(agg, name)

    def settle_paren_words(self) -> None:
        """Once the input schema is chosen: a plain word in parentheses after an aggregate said
        in plain words is the field it reads when the schema has it and not the words ("total
        spend (amount)"), the aggregate's name when the schema has the words and not it ("sum
        amount (revenue)"); else nothing says which, refused (h33/wrong17)."""
        for agg, words, said in self.paren_unsettled:
            if agg not in self.aggs:
                continue  # (read again as another step's words)
            name, field = agg.phrase or "", _snake(words)
            if self.has(name) and not self.has(field):
                continue
            if agg.pos in self.aliased and agg.name.lower() != name.lower():
                continue  # "average the readings (ntu) ... as avg_ntu": named, so ntu is read
            if self.has(field) and not self.has(name):
                agg.phrase, agg.explicit, agg.name = words, False, name
                self.aliased.add(agg.pos)
                continue
            raise RequestNotUnderstood(
                f"cannot read {said!r}: is {name!r} the aggregate's name or the field it "
                f'reads? Write "... as {name}" for a name, or "{agg.fn} of {name}" for the field'
            )
        for agg in self.aggs:  # "p99 latency_ms as p95_latency": a name saying another one
            if agg.pos in self.aliased:
                refuse_name_says_other_fn(agg, agg.name)

    def _refuse_spaced_label(self) -> None:
        """ "produce peak pressure: the max of pressure_bar": words before a colon that opens an
        aggregate's definition are the column's name; said with spaces ("peak pressure") they
        read as a second aggregate (max of pressure), so refused ("peak_pressure: ..." names)."""
        for m in SPACED_LABEL.finditer(self.s):
            if MASK in self.s[m.start() : m.end()]:
                continue
            raise RequestNotUnderstood(
                f"cannot read {' '.join(m.group(0).split())!r}: the words before "
                f"{'the colon' if m['sep'] == ':' else repr(m['sep'])} would be read as one more aggregate; to name the column, join its "
                f"words with '_' ({'_'.join(m['label'].lower().split())} {m['sep']} ...), or "
                "leave the name out"
            )

    def _read_glossed_fns(self) -> None:
        """ "fastest (min) escape_time_s": the word in parentheses is the aggregate; the word
        before glosses it (read, unless it says the other extreme: "highest (min) x")."""
        for m in list(GLOSSED_FN.finditer(self.s)):
            fn = FN_WORDS.get(m["fn"].lower(), m["fn"].lower())
            if _GLOSS_FN.get(m["gloss"].lower(), fn) != fn:
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: the word and the "
                    "parentheses name different aggregates; say one"
                )
            self.mask(m.start(), m.start("fn"))
            # the closing parenthesis, read: the aggregate then reads "min escape_time_s"
            self.s = self.s[: m.end("fn")] + " " * (m.end() - m.end("fn")) + self.s[m.end() :]

    def _read_synonym_glosses(self) -> None:
        """ "median (p50) of x": the parentheses say the aggregate before them again, read with
        it (blanked, so the aggregate reads "median of x"); a gloss naming another aggregate
        ("median (p90) of x", "max (min) x") is refused."""
        for m in list(SYNONYM_GLOSS.finditer(self.s)):
            if fn_said(m["fn"]) != fn_said(m["gloss"]):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: the word and the "
                    "parentheses name different aggregates; say one"
                )
            self.spans.append((m.end("fn"), m.end(), self.reader))
            self.s = self.s[: m.end("fn")] + " " * (m.end() - m.end("fn")) + self.s[m.end() :]

    def _counted_verb(self, m: re.Match[str]) -> bool:
        """ "only ranked matches count: match_type = ranked": "count" as the verb of the records
        said before it (which of them are counted, said by the condition after the colon), no
        count of its own."""
        return (
            not m.groupdict().get("p")
            and _ONLY_RECORDS_BEFORE.search(self.s, max(0, m.start() - 60), m.start()) is not None
            and re.match(r"count\s*:", self.s[m.start() :], ICASE) is not None
        )

    def _refuse_priority_code(self, phrase: str, said: str) -> None:
        """ "count P1 incidents", "p2 tickets": a priority code of the records, never the 1st
        percentile of a field 'incidents' (a percentile is of a measure: "p95 latency_ms")."""
        noun = phrase.lower().split()[0] if phrase.strip() else ""
        if singular(noun) not in PRIORITY_NOUNS:
            return
        codes = re.findall(r"\bp\d[\d.]*", said, ICASE)
        raise RequestNotUnderstood(
            f"cannot read {' '.join(said.split())!r}: {' and '.join(codes)} names a priority of the "
            f'{noun}, not a percentile of a measure; to select them say "keep {noun} where '
            f"priority = '{codes[0]}'\" (and count them), for a percentile name the measured "
            "field (p95 latency_ms)"
        )

    def extract_aggregates(self) -> None:
        grouped_count = GROUPED_BY_COUNT.search(self.s)
        if grouped_count:
            raise RequestNotUnderstood(
                f"cannot read {' '.join(grouped_count.group(0).split())!r}: a grouping by a "
                "field named 'count' would be read as a count of the records, and the grouping "
                "lost; the offline parser does not group by it: write the pipeline as a spec "
                "file with group_by: [count]"
            )
        unsupported = UNSUPPORTED_STATS.search(self.s)
        if unsupported:
            said = " ".join(unsupported.group(0).split())
            raise RequestNotUnderstood(
                f"cannot compute {said!r}: a window's aggregates are count, sum, average, "
                "minimum, maximum, distinct count and percentiles (median, p95, ...); the spec "
                "has no standard deviation, variance or other spread measure. Ask for those it "
                'has, e.g. "min, max and average latency_ms per endpoint every minute"'
            )
        self._refuse_spaced_label()
        self._read_glossed_fns()
        self._read_synonym_glosses()
        self._take_into_total_named()
        # "The totals end up on invoices.": the figures as a sentence's subject, never read as
        # an aggregate; said of aggregates read, they are those (masked at the end)
        subjects = [m.span("noun") for m in FIGURES_SUBJECT.finditer(self.text)]

        def subject_at(pos: int) -> bool:
            return any(start <= pos < end for start, end in subjects)

        multi = [*MULTI_AGG.finditer(self.s), *FIELD_QUANTILES.finditer(self.s)]
        for m in multi:
            if MASK in self.s[m.start() : m.end()] or subject_at(m.start()):
                continue  # read by the other pattern already
            phrase, explicit = unquote(m.group("p"))
            items = _LIST_SEP_ITEMS.split(m.group("fns"))
            if (
                not explicit
                and phrase.lower() in self._record_nouns()
                and all(re.fullmatch(r"\s*(?:the\s+)?p\d[\d.]*\s*", i, ICASE) for i in items)
            ):
                # "P1 and P2 incidents" on topic incidents: codes of the records, no
                # percentile of a field (left unread unless a filter reads it)
                continue
            if not explicit:
                self._refuse_priority_code(phrase, m.group(0))
            for item in _LIST_SEP_ITEMS.split(m.group("fns")):
                word = re.sub(r"^the\s+", "", item.strip(), flags=ICASE).lower()
                pos = m.start() + m.group(0).find(item)
                level = re.match(r"p?(\d{1,2}(?:\.\d+)?)", word)
                if word == "median" or level:
                    lvl = level.group(1) if level else "50"
                    label = "median" if word == "median" else "p" + lvl.replace(".", "_")
                    self.aggs.append(Agg(pos, "quantile", phrase, agg_name(label, name_part(
                        phrase, explicit)), round(float(lvl) / 100, 6), explicit))  # fmt: skip
                    continue
                if word == "count":
                    self.aggs.append(Agg(pos, "count", None, count_name(None)))
                    continue
                fn = FN_WORDS[word]
                prefix = "total" if word == "total" else fn
                name = agg_name(prefix, name_part(phrase, explicit))
                self.aggs.append(Agg(pos, fn, phrase, name, None, explicit))
            self.mask(m.start(), m.end())
        for m in list(COMPUTE_NOUN.finditer(self.s)):
            if subject_at(m.start()):
                continue
            if self._condition_follows(m.end()):
                continue  # "report devices whose average is above 30": the groups, not a count
            if AFTER_DISTINCT.search(self.s, max(0, m.start() - 80), m.start()):
                # "distinct station_id values report errors": which records the distinct count
                # takes (see `_of_the_stream`), not a count of its own
                continue
            self.aggs.append(Agg(m.start(), "count", None, count_name(m.group("p"))))
            self.mask(m.start(), m.end())
        for m in list(COUNT_STREAM_NOUN.finditer(self.s)):
            # "count the actions" on topic player-actions: the stream's own records
            noun = (m.group("p") or m.group("p2")).lower()
            if subject_at(m.start()) or subject_at(m.start("p" if m.group("p") else "p2")):
                continue
            if THEY_COUNT_BEFORE.search(self.text, max(0, m.start() - 60), m.start()):
                continue  # "since the survey team counts rings off ...": left unread
            self._refuse_counted_topic(m.start("p" if m.group("p") else "p2"))
            end = m.end()
            more = re.match(r"[\s-]+([A-Za-z]+)\b", self.s[end:])
            if (
                more
                and m.group("p")
                and more.group(1).lower() in self._record_nouns()
                and (
                    noun in self.topic_words()
                    or singular(noun) in RECORD_OBJECTS.get(singular(more.group(1).lower()), ())
                )
            ):
                # "count lesson completions" on topic lesson-completions, "count song plays"
                # on jukebox.plays (each play one song): both words the records' nouns
                noun, end = more.group(1).lower(), end + more.end()
            own = noun in self._record_nouns()
            if (
                more
                and m.group("p")
                and not own
                and DONE_WORD.fullmatch(noun)
                and noun not in ED_NOUNS
                and re.fullmatch(r"[a-z]{3,}s", more.group(1).lower())
                and MASK not in self.s[m.start() : end + more.end()]
                and self._records_done(m.group("p"))
            ):
                # "count rejected sheets" on glass.rejects: each record one rejected sheet (the
                # participle is the topic's records' own verb), so nothing is selected
                noun, end, own = more.group(1).lower(), end + more.end(), True
            if MASK not in self.s[m.start() : end] and own:
                done = PLAYED_AFTER.match(self.s, end)
                if done and noun not in self.topic_words():  # "the songs sung" on plays
                    end = done.end()
                got = GOT_AFTER.match(self.s, end)
                if got:  # "the claims they get": the group's records
                    end = got.end()
                if {noun, singular(noun)} & self.topic_words():
                    # "count sensors" on ice-sensors: each record a sensor's, said so
                    self._refuse_entity_count(noun, self.text[m.start() : end])
                counted = Agg(m.start(), "count", None, count_name(noun))
                alias = self._alias_at(end, noun=noun)
                if alias:  # "count clicks as clicks"
                    counted.name, end = alias["name"], alias.end()
                    self.aliased.add(counted.pos)
                self.aggs.append(counted)
                self.mask(m.start(), end)
        for fn, pattern in AGGS:
            for m in list(pattern.finditer(self.s)):
                if MASK in self.s[m.start() : m.end()]:
                    continue
                if any(m.start() <= start < m.end() for start, _ in subjects):
                    continue  # "The totals end up on invoices": no sum of 'end up'
                agg = agg_from_match(fn, m, self._kept_values())
                if agg is None:
                    continue
                if (
                    fn == "count_total"
                    and re.fullmatch(r"sales?", m["p"], ICASE)
                    and not _MONEY_SAID.search(self.text)
                ):
                    # "total sales per store": the number of sales, or the money? listed (with
                    # "total sales, total revenue" the money is the revenue: a count, unlisted)
                    self.assumptions.append(
                        f"read {' '.join(m.group(0).split())!r} as the number of sales records "
                        'per window, not the money taken; say "the sum of amount" to add it up'
                    )
                if agg.fn == "count" and m.groupdict().get("p"):
                    self._refuse_counted_topic(m.start("p"))
                    self.unselected.append((m.group("p"), m.group(0)))
                if (
                    agg.fn == "quantile"
                    and not agg.explicit
                    and m.group(0)[:1] in "pP"
                    and not re.search(r"\s(?:of|for)\s", m.group(0), ICASE)
                    and (agg.phrase or "").lower() in self._record_nouns()
                ):
                    # "P2 incidents" on topic incidents: a code, no percentile ("the median of
                    # rpm" on topic chainsaw_rpm, "p95 of rpm": the measure the topic carries)
                    continue
                if agg.fn == "quantile" and not agg.explicit and m.group(0)[:1] in "pP":
                    self._refuse_priority_code(agg.phrase or "", m.group(0))
                if (
                    agg.fn == "quantile"
                    and not agg.explicit
                    and "_" not in (agg.phrase or "")
                    and re.match(r"[ \t]*:", self.s[m.end() :])
                    and not re.search(r"[.!?;\n]", self.s[: m.start()])
                ):
                    continue  # "Latency p95 board: ...": a heading's words, no percentile of 'board'
                if re.search(
                    r"\b(?:name|call|label)\s+(?:the\s+)?$",
                    self.s[max(0, m.start() - 12) : m.start()],
                    ICASE,
                ):
                    continue  # "(name the count complaints)": a name given, no aggregate
                if re.search(  # ("as well as count": a second aggregate)
                    r"(?<!well\s)\bas\s+(?:the\s+)?$",
                    self.s[max(0, m.start() - 16) : m.start()],
                    ICASE,
                ) and not self._defined_as(m.start()):
                    continue  # "sum amount as count": a name (refused unread), no second aggregate
                if fn == "count" and THEY_COUNT_BEFORE.search(
                    self.text, max(0, m.start() - 60), m.start()
                ):
                    continue  # "since the survey team counts rings off ...": left unread
                if fn == "count" and self._counted_verb(m):
                    continue  # "only ranked matches count: ...": which records count, a verb
                if KEEP_ASKING_BEFORE.search(self.s, max(0, m.start() - 60), m.start()):
                    continue  # "Realtors keep asking how many people look ...": background
                if fn == "count_distinct" and self._names_deduped_records(m, agg):
                    self.mask(m.start(), m.end())  # "dedupe ..., write the unique ones to ..."
                    continue
                if fn == "count" and re.search(
                    r"\b(?:double|triple)[\s-]*$", self.s[max(0, m.start() - 8) : m.start()], ICASE
                ):
                    continue  # "the topic double counts a lot": duplicates, no count asked for
                if fn == "count" and (
                    _SPOILED_BEFORE.search(self.s, max(0, m.start() - 40), m.start())
                    or _PURPOSE_FIGURES_BEFORE.search(self.s, max(0, m.start() - 40), m.start())
                ):
                    # "since double scans would inflate the counts": the figures repeats spoil,
                    # no count asked for (left unread: refused unless a reader takes the reason)
                    continue
                if (
                    fn == "count"
                    and not m.groupdict().get("p")
                    and (
                        COUNTS_SENT.match(self.text, m.end())
                        or COUNTS_OBJECT.search(self.text, max(0, m.start() - 30), m.start())
                    )
                    and any(a.fn in ("count", "count_distinct") for a in self.aggs)
                ):
                    self.mask(m.start(), m.end())  # the counts read already, where they go
                    continue
                if (
                    fn == "count"
                    and m.groupdict().get("p")
                    and GROUP_WORD_BEFORE.search(self.s, max(0, m.start() - 20), m.start())
                ):
                    continue  # "for every user count logins": the group, then the verb
                if fn == "count" and m.groupdict().get("p"):
                    self._refuse_entity_count(m["p"], m.group(0))
                elif fn == "count":
                    # "count sensors per rink_id": the noun the pattern left, no record noun
                    # (a plural: "count sensor readings" counts the readings)
                    after = re.match(
                        r"\s+(?:the\s+|all\s+(?:the\s+)?)?([A-Za-z]+)\b", self.s[m.end() :]
                    )
                    if after and singular(after.group(1).lower()) != after.group(1).lower():
                        said = self.text[m.start() : m.end() + after.end()]
                        self._refuse_entity_count(after.group(1), said)
                if fn == "count":
                    self._refuse_selecting_words(m)
                if fn == "count" and not m.group("p") and COUNT_OF.match(self.text, m.end()):
                    continue  # "count the number of X", "count how many X": the longer phrase
                end = m.end()
                named = FIELD_IN_PARENS.match(self.s, end)
                said_fn = _FN_IN_PARENS.match(self.s, end)
                if said_fn and agg.phrase is not None:
                    # "total items_picked (sum)", "number of picks (count)": the aggregate said
                    # again, no field and no name
                    fn_word = said_fn["fn"].lower()
                    if FN_WORDS.get(fn_word, fn_word) != agg.fn:
                        raise RequestNotUnderstood(
                            f"cannot read {self.text[m.start() : said_fn.end()].strip()!r}: the "
                            "words and the parentheses name different aggregates; say one"
                        )
                    end, named = said_fn.end(), None
                    if said_fn["name"] and said_fn["name"].lower() not in STOP:
                        agg.name = said_fn["name"]
                        self.aliased.add(agg.pos)
                if named and agg.phrase is not None:
                    # "p99 of latency_ms (p95_latency)": a name saying another aggregate
                    said = self.text[m.start() : named.end()].strip()
                    refuse_name_says_other_fn(agg, named["f"], said)
                if (
                    named
                    and agg.phrase is not None
                    and ("_" in agg.phrase or agg.explicit)
                    and "_" not in named.group("f")
                    and named.group("f").lower() not in STOP
                    and re.fullmatch(r"\s*\(\s*[A-Za-z_]\w*\s*\)", named.group(0))
                ):
                    # "sum of order_total (gmv)": the field is named already; the word in
                    # parentheses names the sum
                    agg.name, end = named.group("f"), named.end()
                    self.aliased.add(agg.pos)
                elif (
                    named
                    and agg.phrase is not None
                    and (
                        _names_aggregate(named["f"], agg.phrase)
                        or fn_label(agg) in name_fns(named["f"], agg.phrase)
                    )
                ):
                    # "averages of pm25 (pm25_avg)": the field and an aggregate's word, a name
                    # ("p99 of latency (p99_latency)": the aggregate's own word, a name too)
                    agg.name, end = named.group("f"), named.end()
                    self.aliased.add(agg.pos)
                elif named and (agg.phrase or agg.fn == "count") and _second_name(agg, named["f"]):
                    # "average price_eur (avg_price)", "number of pours (pour_count)": the field
                    # is said already (a count needs none); the name in parentheses, built
                    # with an aggregate's word, names the aggregate
                    agg.name, end = named.group("f"), named.end()
                    self.aliased.add(agg.pos)
                elif (
                    named
                    and agg.phrase is not None
                    and "_" in agg.phrase
                    and re.fullmatch(r"\s*\(\s*[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s*\)", named.group(0))
                    and named["f"].lower() != agg.phrase.lower()
                    and self._siblings_named_in_parens(agg, m.start())
                ):
                    # "count the claims (claims_in_burst) and sum claim_amount (burst_amount)":
                    # named as the count beside it is
                    agg.name, end = named.group("f"), named.end()
                    self.aliased.add(agg.pos)
                    self.assumptions.append(
                        f"{named.group(0).strip()!r} after {agg.phrase!r} read as the name of "
                        f"the {agg.fn}, as the count beside it is named in parentheses; write "
                        f'"{agg.fn} of {named["f"]}" to read that field instead'
                    )
                elif named and agg.phrase is not None and ("_" in agg.phrase or agg.explicit):
                    # "average price_eur (net_price)": a field's name after a field's name
                    raise RequestNotUnderstood(
                        f"cannot read {self.text[m.start() : named.end()].strip()!r}: is "
                        f"{named['f']!r} the aggregate's name or the field it reads? Write "
                        f'"{fn_label(agg)} {agg.phrase} as {named["f"]}" for a name, or name one field'
                    )
                elif named and agg.phrase is not None and _same_noun(named["f"], agg.phrase):
                    # "count distinct users (users)": the noun said again, a name or the field?
                    raise RequestNotUnderstood(
                        f"cannot read {self.text[m.start() : named.end()].strip()!r}: is "
                        f"{named['f']!r} the aggregate's name or the field it reads? Write "
                        f'"... as {named["f"]}" for a name, or name the field (such as user_id)'
                    )
                elif named and agg.phrase is not None and self._paren_is_field(agg, named):
                    # "unique visitors (visitor_id)": the field in parentheses is what is read
                    agg.phrase, agg.explicit = named.group("f"), True
                    end = named.end()
                elif named and agg.phrase is not None:
                    # "total spend (amount)" or "sum amount (revenue)": a plain word after plain
                    # words, the field or the aggregate's name; read as the field for now, the
                    # input schema settles it (`settle_paren_words`, h33/wrong17)
                    said = self.text[m.start() : named.end()].strip()
                    self.paren_unsettled.append((agg, agg.phrase, said))
                    agg.phrase, agg.explicit = named.group("f"), True
                    end = named.end()
                # read on the request as written: the words in parentheses may have been read
                # already as an aggregate of their own, which they only restate
                again = AGG_IN_PARENS.match(self.text, end)
                if again and agg.phrase is not None and again["fn"].lower() in FN_WORDS:
                    inner = [a for a in self.aggs if again.start() <= a.pos < again.end()]
                    if FN_WORDS[again["fn"].lower()] != agg.fn or any(
                        a.fn != agg.fn for a in inner
                    ):
                        raise RequestNotUnderstood(
                            f"cannot read {self.text[m.start() : again.end()].strip()!r}: the "
                            "words and the parentheses name different aggregates; say one"
                        )
                    self.aggs = [a for a in self.aggs if a not in inner]
                    agg.phrase, agg.explicit = again["f1"] or again["f2"], True
                    end = again.end()
                if agg.fn == "count_distinct":
                    if end == m.end():
                        end = self._phrase_before_verb(agg, m)
                    end = self._of_the_stream(end)
                    self._refuse_counted_qualifier(end, agg)
                    values = DISTINCT_VALUES.match(self.s, end)
                    if values:  # "distinct team_id values as teams": read with the count
                        end = values.end()
                        end = self._done_to_values(end)
                elif agg.phrase is not None:
                    end = self._of_own_records(end)
                elif agg.fn == "count" and m.groupdict().get("p") and end == m.end():
                    # "the number of tickets sold" on patch_ticket_sales: each record one sale
                    if not re.match(r"how\s+many\b", m.group(0), ICASE):
                        # ("how many cars entered": a past verb, what the records are, read)
                        self._refuse_done_in_counted(" ".join(m["p"].split()))
                    else:
                        # "how many boxes were rejected": the passive says which boxes count
                        passive = HOW_MANY_PASSIVE.fullmatch(m["p"])
                        if passive:
                            self._refuse_done_in_counted(f"{passive['n']} {passive['v']}")
                        elif m["p"].lower() == "times":
                            end = self._times_done(m.start(), end, agg)
                    end = self._done_to_values(end)
                got = GOT_AFTER.match(self.s, end) if agg.fn == "count" else None
                if agg.fn == "count" and agg.phrase is None and not got:
                    # "Take only deposits with ... count them as deposit_count": the records
                    got = COUNT_THEM.match(self.s, end)
                if got:  # "count the claims they get per day": the group's records
                    end = got.end()
                counted_noun = m.groupdict().get("p") if agg.fn == "count" else None
                alias = self._alias_at(end, agg.phrase, counted_noun)
                if alias and (
                    agg.phrase is not None
                    # "count orders as order_count", "count as bookings"
                    or not re.match(r"count(?!\s+of\b)", m.group(0), ICASE)
                    # "windows that count the parts as parts": a noun counted, then its name
                    or (m.groupdict().get("p") and agg.fn == "count")
                    or not _COUNT_VERB_BEFORE.search(self.s, max(0, m.start() - 30), m.start())
                ):
                    agg.name, end = alias["name"], alias.end()  # "sum amount as revenue"
                    self.aliased.add(agg.pos)
                else:
                    start = self._name_before(agg, m.start())
                    if start is not None:
                        self.mask(start, m.start())
                self.aggs.append(agg)
                self.mask(m.start(), end)
        self._one_fn_over_fields()
        self._its_aggregates()
        self._bare_fn_named()
        self._paren_defined_named()
        run = re.search(rf"\b{IN_A_ROW}\b", self.s, ICASE) if self.aggs else None
        if run:  # "count orders per store_id in a row": never dropped as filler
            said = " ".join(run.group(0).split())
            raise RequestNotUnderstood(
                f"cannot read {said!r} in {clause_around(self.text, run.start(), run.end())!r}: "
                f"{said!r} asks about a run of consecutive records, and an aggregate takes every "
                "record of its window (consecutive-event logic is not supported); drop it to "
                "aggregate each window"
            )
        if self.aggs:  # "write the hourly numbers to ...": the aggregates computed
            # ("rolling pressure stats" over feed_pressure_bar: what they measure, a word of an
            # aggregated field's name)
            measured = {
                w for a in self.aggs for w in re.split(r"[\s_]+", (a.phrase or "").lower()) if w
            }
            for m in list(RESULT_NOUNS.finditer(self.s)):
                prior = re.search(r"(?<![\w.-])([a-z]+)\s+$", self.s[: m.start()], ICASE)
                start = prior.start(1) if prior and prior[1].lower() in measured else m.start()
                self.mask(self._source_title_start(start), m.end())
            for start, end in subjects:  # "The totals end up on invoices": the ones read
                self.mask(start, end)
            self._cadence_report()
            if self.sinks:  # "Into clickhouse x, ... the min and max of y ... should be written."
                for m in list(WRITTEN_AT_END.finditer(self.s)):
                    self.mask(m.start(), m.end())
        if self.aggs and self.conds:
            # "readings where watts is zero should be ignored before aggregating": the order a
            # filter on the records always has (it runs before the window)
            for m in list(BEFORE_AGGREGATING.finditer(self.s)):
                self.mask(m.start(), m.end())
        for m in list(AGG_VERB.finditer(self.s)):
            # "work out the minimum and maximum ...": read only when an aggregate was read next
            # ("work out per block_id the median x": the group said first)
            if any(
                m.end() <= a.pos and _VERB_TO_AGG.fullmatch(self.s, m.end(), a.pos)
                for a in self.aggs
            ):
                self.mask(m.start(), m.end())
        for m in list(AGG_TOO.finditer(self.s)):
            # "..., and the lowest signal_dbm too.": "too" right after an aggregate read adds it
            if any(not self.s[a.pos : m.start()].strip(MASK + " ") for a in self.aggs):
                self.mask(m.start(), m.end())
        for m in list(TOTAL_THEM.finditer(self.s)):
            # "total them in daily windows per campaign_id: sum of amount_gbp and a count": the
            # verb over the records, its sums listed next in that sentence (never a sum alone)
            stop = re.compile(r"[.!?](?:\s|$)").search(self.s, m.end())
            end = stop.start() if stop else len(self.s)
            if any(a.fn == "sum" and m.end() < a.pos < end for a in self.aggs):
                self.mask(m.start(), m.end())
        self.aggs.sort(key=lambda a: a.pos)
        self._total_heading()
        self._opening_said_again()
        self._how_many_said_again()
        self._headline_said_again()
        self._money_heading()

    def _one_fn_over_fields(self) -> None:
        """ "the average temperature and humidity per device_id": one function said before a
        list of fields takes each of them (listed). Read only for a field-like word no preset
        holds as text, right before a grouping, window or clause end; "average value and
        sensor" stays unread."""
        for agg in list(self.aggs):
            if agg.fn not in _OVER_FIELDS_FNS or agg.phrase is None or agg.pos in self.aliased:
                continue
            end = next(
                (e for b, e, r in self.spans if r == "aggregates" and b <= agg.pos < e), None
            )
            more = _MORE_FIELDS.match(self.s, end) if end is not None else None
            if more is None:
                continue
            fields = [
                (f.start(), f.group(0))
                for f in _FIELD_WORD.finditer(more.group(0))
                if f.group(0) not in ("and", "the")
            ]
            if not all(self._measured(word) for _, word in fields):
                continue
            part = _snake(name_part(agg.phrase, agg.explicit))
            if not agg.name.endswith(part):
                continue  # ("total spend" read as sum_amount: its name says no field)
            prefix = agg.name.removesuffix(part).rstrip("_")
            added = [
                Agg(more.start() + at, agg.fn, word, agg_name(prefix, word), agg.quantile)
                for at, word in fields
            ]
            self.aggs += added
            said = " ".join(self.text[agg.pos : more.end()].split())
            names = ", ".join(a.name for a in [agg, *added])
            self.assumptions.append(f"read {said!r} as that aggregate of each field: {names}")
            self.mask(more.start(), more.end())

    def _measured(self, word: str) -> bool:
        """Whether a plain word after an aggregate can be another field it takes: no filler or
        aggregate word, no plural noun, no name of the records, and no field that names, codes
        or says who."""
        return not (
            word in STOP
            or word in FN_WORDS
            or word in ("count", "number")
            # ("average delay and cancellations": a count of them, or a field? left unread)
            or ("_" not in word and singular(word) != word)
            or word in self._record_nouns() | self.topic_words()
            or self.type_of(word) == "string"
            or _NOT_SUMMED.search(word)
        )

    def _source_title_start(self, at: int) -> int:
        """ "Speed trap stats from soapbox.speed_trap: ...": where the words before the results'
        noun start when they open their sentence and each is a word of a source topic's name
        (the results titled by their stream); `at` when any other word is there."""
        title = re.search(
            r"(?:^|[\x00.;:!?\n])\s*(?P<w>[A-Za-z]+(?:[\s-]+[A-Za-z]+){0,2})\s+$", self.s[:at]
        )
        if title is None:
            return at
        words = {singular(w) for w in self.topic_words()}
        if all(singular(w.lower()) in words for w in re.split(r"[\s-]+", title["w"])):
            return title.start("w")
        return at

    def _cadence_report(self) -> None:
        """ "weekly report per room_id from x: 7-day tumbling windows, ...": the report is the
        window's results, named by its cadence; read only when the window read the adverb."""
        for m in CADENCE_REPORT.finditer(self.text):
            adverb_read = set(self.s[m.start("w") : m.end("w")]) == {MASK}
            start = m.start("of") if m["of"] else m.start("noun")
            if m["of"] and not {m["of"].lower(), singular(m["of"].lower())} & self.topic_words():
                continue  # ("a daily revenue report": what it reports, not a topic's word)
            if adverb_read and self.s[start : m.end("noun")] == self.text[start : m.end("noun")]:
                self.mask(start, m.end("noun"))

    def _money_heading(self) -> None:
        """ "Finance wants GMV per subject. ... sum(price_cents) as gmv_cents": the bare money
        word heads the sum the request names after it, never a second sum of a field of its own."""
        for b in list(self.aggs):
            # "revenue per plant_id per day (sum of sale_eur)": the sum in parentheses defines
            # the money word said before its group and window words
            head = MONEY_DEFINED.search(self.text, max(0, b.pos - 90), b.pos)
            if b.fn != "sum" or b.phrase is None or b.pos in self.aliased or not head:
                continue
            word = head["w"].lower()
            # ("Compute revenue ...": the bare sum of the word may start at its verb)
            bare = [
                a for a in self.aggs
                if a is not b and a.fn == "sum" and (a.phrase or "").lower() == word
                and not a.explicit and a.pos not in self.aliased and a.pos <= head.start()
            ]  # fmt: skip
            if any(head.start() < a.pos < b.pos for a in self.aggs):
                continue
            for a in bare:
                self.aggs.remove(a)
            b.name = word
            self.aliased.add(b.pos)
            self.mask(head.start(), head.end("w"))
            self.mask(head.start("open"), head.end())  # "(i.e. " before the sum
            self.assumptions.append(
                f"read {head['w']!r} as the sum in parentheses after it: "
                f"{b.name} = sum({b.phrase})"
            )
        for a in list(self.aggs):
            # ("total up rental revenue ...: the sum of amount_eur as revenue": one plain word
            # before the money word only says whose it is)
            said = (a.phrase or "").lower().split()
            word = said[-1] if said else ""
            if a.fn != "sum" or a.explicit or a.pos in self.aliased:
                continue
            if word not in ("revenue", "gmv", "turnover", "spend") or len(said) > 2:
                continue
            if len(said) == 2 and (not said[0].isalpha() or said[0] in STOP):
                continue
            named = [
                b for b in self.aggs
                if b is not a and b.fn == "sum" and b.pos in self.aliased
                and re.fullmatch(rf"(?:total_)?{word}(?:_[a-z0-9]+)?", b.name, ICASE)
            ]  # fmt: skip
            if len(named) == 1:
                self.aggs.remove(a)
                self.assumptions.append(
                    f"{' '.join(said)!r} read as the heading of "
                    f"{named[0].name} = sum({named[0].phrase}), not as a sum of its own"
                )

    def _total_heading(self) -> None:
        """ "total the bag weigh-ins per beach_id per day: sum weight_kg as total_kg and count
        bags as bag_count": a total of plain words (no field) heads the named sums listed after
        a colon in its sentence, never a sum of a field of its own (listed)."""
        for a in list(self.aggs):
            if a.fn != "sum" or a.explicit or a.pos in self.aliased or not a.phrase:
                continue
            if "_" in a.phrase or not _TOTAL_VERB.match(self.text, a.pos):
                continue
            stop = _SENTENCE_STOP.search(self.s, a.pos)
            end = stop.start() if stop else len(self.s)
            colon = _HEADING_COLON.search(self.s, a.pos, end)
            if colon is None or any(a.pos < b.pos < colon.start() for b in self.aggs):
                continue
            named = [
                b for b in self.aggs
                if b.fn == "sum" and b.pos in self.aliased and colon.end() <= b.pos < end
            ]  # fmt: skip
            if not named:
                continue
            self._drop_said_again(
                a,
                f"'total the {a.phrase}'",
                "the heading of the aggregates listed after it "
                f"({', '.join(b.name for b in named)})",
                "a sum of its own",
            )

    def _headline_said_again(self) -> None:
        """ "Finance wants unique northbound vehicles per plaza per day. ... count distinct
        plate_number as unique_vehicles": the opening wish restates, in plain words, the measure
        the request then spells out (named), never a second aggregate beside it. Dropped when
        each of its words is said by that aggregate or a condition; refused otherwise."""
        for a in list(self.aggs):
            if a.pos in self.aliased or a.explicit or not a.phrase:
                continue
            if "_" in a.phrase and a.phrase.lower() in self.text.lower():
                continue  # a field named as written ("unique plate_number"), no plain words
            wish = HEADLINE_WISH.match(self.text[: a.pos])
            if not wish:
                continue
            stop = re.compile(r"[.!?][.!?;]*(?:\s|$)").search(self.text, a.pos)
            if stop is None:
                continue
            stated = [
                b for b in self.aggs if b.pos > stop.end() and b.fn == a.fn and b is not a
            ]  # fmt: skip
            if not stated:
                continue
            said = " ".join(self.text[wish.start("w") : stop.start()].split())
            match = [b for b in stated if _restates(a.phrase, b, self.conds)]
            if len(match) != 1:
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: it asks for {a.fn}({a.phrase}) beside the "
                    f"aggregate{'s' if len(stated) > 1 else ''} the request names "
                    f"({', '.join(b.name for b in stated)}); say which one it is, or leave the "
                    "opening sentence out"
                )
            self._drop_said_again(
                a, repr(said), f"the request's measure said in plain words ({match[0].name})"
            )

    def _opening_said_again(self) -> None:
        """ "How many different students attend each workshop? From x, ... count distinct
        student_id as students": an opening question or title says in plain words what the
        request then spells out (its aggregates), never an aggregate of its own. Dropped when
        it restates one of them (same kind, a word of the opening said by it) or when a title
        names the job ("Minimum manning check: ..."); a question asking something else is
        refused, and so is a job's title when the rest computes no aggregate ("Max speed alert:
        ... keep speed_kmh > 130"). Any other opening that is the only place an aggregate is
        said is read as before."""
        opening = OPENING.match(self.text)
        if opening is None or not _groups_said_again(opening.group(0), self.text[opening.end() :]):
            return
        stated = [b for b in self.aggs if b.pos >= opening.end()]
        said = opening["q"] or opening["title"]
        words = {
            w for w in re.findall(r"[a-z]+", said.lower())
            if w not in STOP and w not in FN_WORDS and w not in _QUESTION_WORDS
        }  # fmt: skip
        job = opening["title"] and said.split()[-1].lower() in _JOB_NOUNS
        for a in list(self.aggs):
            if a.pos >= opening.end() or a.pos in self.aliased or a.explicit:
                continue
            if job and not stated:
                # "Max speed alert: from topic x keep speed_kmh > 130 ...": the title names the
                # job; the rest computes nothing, so its words are no aggregate asked
                raise RequestNotUnderstood(
                    f"cannot read the title {said!r}: it reads as "
                    f"{_shown(a)}, but the rest of the "
                    "request computes no aggregate; leave the title out, or say the aggregate "
                    "in the request, with its field, its groups and its window"
                )
            kin = [b for b in stated if _kinds_meet(a, b)]
            match = [b for b in kin if _says_word_of(words, b) or _both_count_records(a, b)]
            if len(match) != 1 and not (job and stated):
                if opening["q"] and kin:
                    raise RequestNotUnderstood(
                        f"cannot read the question {said!r}: it asks for "
                        f"{_shown(a)} beside what the "
                        f"request names ({', '.join(b.name for b in kin)}); say which one it is, "
                        "or leave the question out"
                    )
                continue
            if len(match) == 1:
                read = f"what the request asks in plain words ({match[0].name})"
            else:
                read = f"the job's title (its aggregates: {', '.join(b.name for b in stated)})"
            self._drop_said_again(a, f"the opening {said!r}", read)

    def _how_many_said_again(self) -> None:
        """ "how many students submitted each hour? ... count distinct student_id as submitters":
        the question asks the distinct count the request then spells out, never a count of the
        records besides it."""
        for a in list(self.aggs):
            if a.fn != "count" or a.pos in self.aliased or not a.name.endswith("_count"):
                continue
            asked = re.match(r"how\s+many\s+[\w-]+", self.text[a.pos :], ICASE)
            if not asked:
                continue
            noun = a.name[: -len("_count")]
            same = [
                b for b in self.aggs
                if b.fn == "count_distinct" and (b.phrase or "").lower() in (noun, f"{noun}_id")
            ]  # fmt: skip
            if len(same) == 1:
                self._drop_said_again(
                    a,
                    repr(" ".join(asked.group(0).split())),
                    f"the distinct count of {same[0].phrase} said again ({same[0].name})",
                    "a count of the records",
                )

    def _drop_said_again(
        self, a: Agg, said: str, reading: str, instead: str = "an aggregate of its own"
    ) -> None:
        """Drop the aggregate `a`, read from words (`said`, as shown) that restate what the
        request names elsewhere (a heading, an opening, a question), and list that reading."""
        self.aggs.remove(a)
        self.assumptions.append(f"read {said} as {reading}, not {instead}")

    def _its_aggregates(self) -> None:
        """ "the median soil_moisture_pct plus its 90th percentile": one more aggregate of the
        field of the aggregate right before it (only read aggregates between them); after a
        count, or with other words between, "its" names no field (left unread)."""
        for m in list(ITS_FN.finditer(self.s)):
            if MASK in m.group(0) or (m["its"].lower() == "the") != bool(m["ofit"]):
                continue  # ("its max of it": no such phrase; "the max" alone: read elsewhere)
            before = [a for a in self.aggs if a.pos < m.start()]
            prev = max(before, key=lambda a: a.pos) if before else None
            if prev is None or prev.phrase is None or prev.fn == "count_distinct":
                continue
            if self.s[prev.pos : m.start()].strip(MASK + " ,"):
                continue  # words no reader took between them: what "its" means is unclear
            phrase, explicit = prev.phrase, prev.explicit
            part = name_part(phrase, explicit)
            lvl = m["lvl"] or m["lvl2"]
            fn = _ITS_FN.get((m["fn"] or "").lower(), "quantile")
            if lvl or fn == "quantile":
                level = int(lvl) / 100 if lvl else 0.5
                label = f"p{lvl}" if lvl else "median"
                agg = Agg(m.start(), "quantile", phrase, agg_name(label, part), level, explicit)
            else:
                prefix = "total" if fn == "sum" else fn
                agg = Agg(m.start(), fn, phrase, agg_name(prefix, part), None, explicit)
            if any((a.fn, a.quantile) == (agg.fn, agg.quantile) and a.phrase == phrase
                   for a in self.aggs):  # fmt: skip
                continue  # "the max x and its max": the same aggregate again (left unread)
            end = m.end()
            alias = self._alias_at(end, phrase)
            if alias:  # "plus its 90th percentile as p90_moisture"
                agg.name, end = alias["name"], alias.end()
                self.aliased.add(agg.pos)
            self.aggs.append(agg)
            self.mask(m.start(), end)
            self.assumptions.append(
                f"read {' '.join(m.group(0).strip(' ,').split())!r} as the {agg.name} of {phrase},"
                " the field of the aggregate before it"
            )

    def _paren_defined_named(self) -> None:
        """ "compute the fastest lap (min of lap_time_s, as best_lap) and the average (avg of
        lap_time_s, as avg_lap)": the one aggregate read inside the parentheses takes the name
        after the comma; the words before them say what it is, read when each is the
        aggregate's word ("average"), an extreme's for a min or max ("fastest") or a word of its
        field ("lap"): any other word may select ("failed laps"), left unread."""
        for m in list(PAREN_DEF_NAMED.finditer(self.s)):
            inside = [a for a in self.aggs if m.start("def") <= a.pos < m.end("def")]
            if len(inside) != 1 or m["def"].strip(MASK + " "):
                continue  # (the parentheses hold more than the one aggregate read)
            agg, name = inside[0], m["name"] or m["after"]
            if name.lower() in STOP or agg.pos in self.aliased:
                continue
            agg.name = name
            self.aliased.add(agg.pos)
            self.mask(m.end("def"), m.end())
            gloss, paren = m["gloss"], self.s.rfind("(", 0, m.start("def"))
            said = [
                a for a in self.aggs
                if a.pos < paren and not self.s[a.pos : paren].strip(MASK + " ")
            ]  # fmt: skip
            if len(said) == 1 and said[0].fn == agg.fn and said[0].pos not in self.aliased:
                # "the lowest level (min of level_cm, as low_water)": the words read as an
                # aggregate of their own say the one defined in the parentheses
                # (kept where the words are: a verb before them reads it)
                first = said[0]
                first.phrase, first.explicit, first.name = agg.phrase, agg.explicit, name
                first.quantile = agg.quantile
                self.aggs.remove(agg)
                self.aliased.add(first.pos)
                self.assumptions.append(
                    f"read {' '.join(self.text[said[0].pos : paren].split())!r} as {name} = "
                    f"{agg.fn}({agg.phrase}), the aggregate defined in the parentheses after it"
                )
            elif said:
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(self.text[said[0].pos : m.end()].split())!r}: the "
                    "words and the parentheses name different aggregates; say one"
                )
            elif gloss and MASK not in gloss and self._glosses(gloss, agg):
                self.mask(m.start("gloss"), m.end("gloss"))

    @staticmethod
    def _glosses(gloss: str, agg: Agg) -> bool:
        """Whether the plain words `gloss` only say what `agg` is (see `_paren_defined_named`):
        its function's word, an extreme's ("fastest" is a min of a time) or a field's word."""
        field = {singular(w) for w in re.split(r"[\s_]+", (agg.phrase or "").lower()) if w}
        timed = _DURATION_FIELD.search(agg.phrase or "") is not None
        words = gloss.lower().split()
        words = words[1:] if words[0] == "the" else words
        for w in words:
            fn = FN_WORDS.get(w) or _GLOSS_FN.get(w) or (_TIME_EXTREMES.get(w) if timed else None)
            if fn is not None:
                if fn != agg.fn and not (w == "total" and agg.fn == "count"):
                    return False
            elif singular(w) not in field:
                return False  # ("the failed laps (count of laps, ...)": 'failed' may select)
        return bool(words)

    def _bare_fn_named(self) -> None:
        """ "averages of pm25 (pm25_avg) and the maximum (pm25_peak)": an aggregate's word with
        only a name, read of the field the aggregate before it reads when the name says it."""
        for m in list(BARE_FN_NAMED.finditer(self.s)):
            before = [a for a in self.aggs if a.pos < m.start() and a.phrase is not None]
            if not before:
                continue
            prev = max(before, key=lambda a: a.pos)
            between = self.s[prev.pos : m.start()]
            fn = _extreme_fn(m["fn"], prev.phrase)
            if fn is None:
                continue  # ("the heaviest (top_speed)": no weight, which extreme is it?)
            if (
                "." in between
                or ";" in between
                or not (
                    _names_aggregate(m["name"], prev.phrase or "")
                    or (prev.pos in self.aliased and _named_alike(m["name"], fn, prev.name))
                )
            ):
                continue  # (another sentence, or a name that says another field)
            self.aggs.append(Agg(m.start("fn"), fn, prev.phrase, m["name"], None, prev.explicit))
            self.aliased.add(m.start("fn"))
            self.mask(m.start(), m.end())
        self._field_as_listed()
        self._bare_fns_as()
        for m in list(NAME_AS_THE_COUNT.finditer(self.s)):
            before = [a for a in self.aggs if a.pos < m.start()]
            if not before or m["name"].lower() in STOP or self.has(m["name"]):
                continue
            prev = max(before, key=lambda a: a.pos)
            if prev.pos not in self.aliased or self.s[prev.pos : m.start()].strip(MASK + " "):
                continue  # only when listed right after a named aggregate
            self.aggs.append(Agg(m.start("fn"), "count", None, m["name"]))
            self.aliased.add(m.start("fn"))
            self.mask(m.start(), m.end())

    def _field_as_listed(self) -> None:
        """ "sum the tonnes as tonnes_sold and the amount as revenue": each field named after a
        named sum or average, said right after it, takes that function (never a group's field
        nor one that names or codes something)."""
        for m in list(FIELD_AS.finditer(self.s)):
            before = [a for a in self.aggs if a.pos < m.start()]
            field = m["field"].lower()
            if not before or field in STOP or field in FN_WORDS or m["name"].lower() in STOP:
                continue
            prev = max(before, key=lambda a: a.pos)
            if prev.fn not in ("sum", "avg") or prev.pos not in self.aliased:
                continue  # ("the max speed as top and the driver as who": a field carried)
            if self.type_of(field) == "string" or _NOT_SUMMED.search(field):
                continue  # ("... and the cashier as who": carried along, never a measure)
            if re.search(
                rf"\b(?:per|by|each|every)\s+(?:the\s+)?{re.escape(field)}\b", self.text, ICASE
            ):
                continue  # ("... and the region as area" per region: the group, renamed)
            if self.s[prev.pos : m.start()].strip(MASK + " "):
                continue  # only when said right after the named aggregate
            self.aggs.append(Agg(m.start("field"), prev.fn, m["field"], m["name"], None, False))
            self.aliased.add(m.start("field"))
            self.mask(m.start(), m.end())

    def _condition_follows(self, end: int) -> bool:
        """The text right after `end` was read as a condition."""
        after = re.match(r"\s*", self.s[end:])
        at = end + (after.end() if after else 0)
        return any(start == at and reader == "filters" for start, _e, reader in self.spans)
