"""Recogniser: windows (tumbling, hopping/sliding, session windows; grace)."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec.presets import PRESETS
from . import lazy_re as re
from .aggregate_phrases import agg_from_phrase
from .fields import SchemaResolver
from .lexicon import (
    ADJECTIVE_ENDING,
    AGG_WORDS,
    COUNT_NOUNS,
    DEFAULT_WINDOW_GRACE_MS,
    DEFAULT_WINDOW_MS,
    ENTITY_FIELDS,
    EXCEPTION_WORDS,
    ID_ENDINGS,
    IT,
    MASK,
    MEASURE_WORDS,
    MEASURED_NOUNS,
    METRIC_WORD,
    SELECTING_MODIFIERS,
    SESSION_NOUNS,
    TALLY_PLURALS,
    WORD_RUN,
    abbreviated_field,
    singular,
    word_set,
)
from .quantities import (
    ADVERB_MS,
    DUR,
    DUR1,
    ICASE,
    SPAN_BEFORE_AGG,
    WN,
    dur_ms,
    ms_text,
    number,
    time_factor,
)
from .scope import clause_around
from .state import Agg, Cond
from .thresholds import MONEY_HEAD, THRESHOLD_OPS

# The name of a count of any record ("count events", "the record count"): no kind of record
_ANY_RECORD_KIND = frozenset({"event", "record", "row", "message", "entry", "line", "item"})

# A money measure no aggregate read ("hourly sales per store_id", "daily transaction value per
# merchant_id"): what the window sums, never the count it would fall back to. ("shop.revenue"
# and "order_value" are names.)
_MONEY_WORDS = "|".join(sorted(MEASURE_WORDS | word_set("sales takings income earnings")))
UNREAD_MEASURE = re.compile(rf"(?<![\w.-])(?:{_MONEY_WORDS})(?![\w.-])", ICASE)

# "over / looking at / look back over the last (past, previous, preceding, prior, trailing) 10
# minutes"
_OVER = (
    r"(?:(?:look(?:s|ing)?\s+back\s+)?(?:over|across)|in|during|for|within|looking\s+at|covering"
    r"|look(?:s|ing)?\s+back\s+(?:at|on))"
)
_LAST = r"(?:last|past|previous|preceding|prior|trailing)"
_LAST_SAID = r"(?:last|past|previous|preceding|prior)"

OVER_LAST_EVERY = re.compile(
    # ("trending: x, last 24h every hour per isbn: ...": a terse list's item, no "over", at
    # the start of its clause)
    rf"(?:\b{_OVER}\s+(?:the\s+)?{_LAST}|(?:^|(?<=[,;:\n])|(?<=[,;:\n]\s))(?:last|past))\s+"
    rf"(?P<size>{DUR1})\s*,?\s*"
    r"(?:(?:and\s+)?(?:updated|refreshed|emitted|computed|recomputed|recalculated|re-calculated|reported|evaluated"
    # ("recalculated each hour")
    rf"|advancing|sliding)\s+)?(?:every|each)\s+(?P<slide>{DUR1})",
    ICASE,
)


# "Every five minutes, compute the total ... over the last hour": the slide first, the size in
# the same sentence after it (only the two phrases are read; the words between stay for others)
EVERY_THEN_OVER_LAST = re.compile(
    rf"\bevery\s+(?P<slide>{DUR1})[^.;!?\n]{{0,160}}?\b(?P<over>{_OVER}"
    rf"\s+(?:the\s+)?{_LAST}\s+(?P<size>{DUR1}))",
    ICASE,
)


# "refreshed every ...": the verb right before a slide read with "every"
SLIDE_VERB_BEFORE = re.compile(
    r"\b(?:updated|refreshed|emitted|computed|recomputed|reported|evaluated|re-?calculated)\s+$",
    ICASE,
)


# A duration said as the slide by a word of its own ("sliding every 5 minutes", "hop of 1m").
# "write unique orders to topic x", "send the distinct customer_id values to x": the records
# themselves, said with a verb that sends them on (a dedup), or their number (a count)?
_SENT_DISTINCT = re.compile(
    r"\b(?:write|send|publish|forward|output|emit|store|save|push|print|pass|stream|dump|load"
    r"|produce|deliver)\w*\s+(?:only\s+|just\s+)?(?:the\s+)?(?:unique|distinct)\s+$",
    ICASE,
)


_SLIDE_WORD_BEFORE = re.compile(
    # ("Rolling 1h window, sliding by 5 min")
    r"\b(?:slide\s+of|hop\s+of|advance\s+of|step\s+of|advancing(?:\s+every|\s+by)?"
    r"|slides?(?:\s+every|\s+by)?|sliding\s+(?:every|by)|hop(?:ping)?\s+(?:every|by)"
    r"|hops?(?:\s+every|\s+by)?|steps?)\s*[-:=]?\s*$"
)


# A duration said as the slide by the word after it ("a 1-minute hop"); not in "window 10m hop
# 2m", where the hop labels the duration after it.
_SLIDE_WORD_AFTER = re.compile(
    r"^\s*-?\s*(?:hops?|slides?|steps?|advances?)\b(?!\s*(?:of|=|:|by|every)?\s*\d)"
)


# Right after a duration's unit ("1-minute ", "5 min ", "30s "): fixed-width look-behinds, one
# per unit spelling
_AFTER_UNIT = (
    "(?:"
    + "|".join(
        rf"(?<=\d{u}[\s-])|(?<=\d\s{u}[\s-])|(?<=\d-{u}[\s-])|(?<=[a-z][\s-]{u}[\s-])"
        for u in ("second", "minute", "hour", "sec", "min", "hr")
    )
    + r"|(?<=\d[smh][\s-])|(?<=\d[smh]))"
)


# After a bare "slide" or "hop": the slide's duration ("slide 2 minutes", "hops every 5 min",
# "slide of one minute", "hop: 30s"); a duration said before it is read below ("a 2-minute
# slide"). Never the noun of a thing: "the three slides with the most rides", "the hops".
_HOP_NOUN_SAID = (
    r"(?=\s*(?:of|=|:|by|every|each)?\s*(?:\d|an?\s|half\s|quarter\s"
    # ("2-hour windows that slide hourly": the slide said by its adverb)
    rf"|(?:{WN})\b|(?:minute|hour|second|day|hourly|daily|minutely|weekly)\b))"
)


# "2-hour windows that slide (forward)": the window said before its hop verb (the bare verb
# is a window's word only there; "a slide" alone may be a water slide)
_WINDOWS_THAT = (
    "(?:"
    + "|".join(rf"(?<=\b{w}\s{r}\s)" for w in ("window", "windows") for r in ("that", "which"))
    + ")"
)


HOP_WORD = re.compile(
    # "advancing every minute", never "thanks in advance"
    # (never denied: "fixed hourly buckets, not sliding")
    r"(?<!\bnot\s)(?<!\bno\s)(?<!\bnon-)(?<!\bnon\s)"
    # (never a word of a dotted or hyphenated name: the Redis key or topic "hops.valve_states")
    # ("the three slides with the most rides", "the hops we dry": a plain noun, a water slide
    # or a brewer's hop; the bare word is a window's only before its slide, see _HOP_NOUN_SAID)
    # ("sliding ahead by 30 minutes": the adverb read with the hop word, before its slide)
    rf"(?<![.-])\b(?:{_WINDOWS_THAT}(?:slide|move|hop|advance)s?(?:\s+(?:forward|ahead|along))?"
    r"(?![\w-])|sliding(?:\s+(?:forward|ahead|along)(?=\s+(?:every|each|by)\b))?|hopping"
    rf"|(?:slides?|hops?)(?![.-]\w){_HOP_NOUN_SAID}|advanc(?:ing|es)"
    r"|advance\s+(?:by|of|every)"
    # (a step only before its duration: "Step 2: count clicks ...", "Runbook step 4 — ...",
    # "(step 3 of 5)", "RUNBOOK step 4 (stock watcher)" are a ticket's numbered steps, never a
    # window's)
    r"|(?<!non-)(?<!non\s)overlapping"
    rf"|steps?(?=\s*(?:of|=|:|every)?\s*{DUR}(?![\w-]))(?!\s+\d+\s*[:.)](?:\s|$))"
    # "15-minute windows that move forward every 5 minutes" ("... that slide forward every")
    r"|(?:mov|slid)(?:e|es|ing)\s+(?:forward|ahead|on|along)(?=\s+(?:every|each|by)\b)"
    # "a 15 minute window that moves every minute" (never "moves to a new broker", "the price
    # moves by 5%")
    rf"|(?:mov(?:e|es)|steps|stepping)(?=\s+(?:every|each)\b|\s+by\s+{DUR1})"
    # "with a 1-minute step", "a 30s hop": a step said by its duration before it (the singular
    # only: "in 15 minute steps" is fixed windows of that size)
    # ("a 2-minute slide", "with 5 minute hops": the plural of a slide, never of a step)
    rf"|{_AFTER_UNIT}(?:step|hop|slide|hops|slides)(?![\w-])"
    # (never the verbs: "we're rolling out a new CDN", "moving to a new broker")
    # ("moving heads report ...", "the moving trucks": a thing that moves; "moving" is a
    # window's word only before a duration, a metric or the window)
    # ('Rita "Rolling Thunder" Alvarez', "the Rolling Stones": a proper name, never a window)
    r"|(?!(?-i:Rolling\s+(?!(?:Averages?|Avg|Means?|Medians?|Sums?|Totals?|Counts?|Windows?"
    r"|Max|Min|Rates?)\b)[A-Z][a-z]))rolling(?!\s+(?:out|back)\b)|trailing"
    r"|moving(?=[\s-]+(?:\d|an?\b|one|two|three|four|five|six|ten|fifteen|twenty|thirty|sixty"
    r"|half|quarter|averages?|avg|means?|medians?|sums?|totals?|counts?|max|min|windows?"
    r"|percentiles?|p\d|rates?|way|every|each|by)))\b",
    ICASE,
)


# "hopping windows: size 10 minutes, slide 2 minutes", "a hopping window (size 10 minutes, slide 2
# minutes)": the size and slide labelled right after the window's word ("hopping window 1 hour,
# slide 15 minutes": the size unlabelled, the slide labelled)
LABELLED_HOP = re.compile(
    r"\s*(?:windows?\s*)?(?:of\s+)?[:(,]?\s*(?:(?:window\s+)?(?:size|length)\s*(?:of|=|:)?\s*)?"
    rf"(?P<size>{DUR})\s*(?:,|;|and)?\s*(?:with\s+(?:an?\s+)?)?(?:slide|hop|step|advance)\s*"
    r"(?:of|=|:|by|every)?\s*"
    rf"(?P<slide>{DUR})\s*\)?",
    ICASE,
)


# "hopping 30m/5m", "sliding 1h / 10min": the size and the slide joined by a slash, in that
# order (a slide longer than the size is refused with the window)
SLASHED_HOP = re.compile(
    rf"\s*(?:windows?\s*)?[:(,]?\s*(?P<size>{DUR})\s*/\s*(?P<slide>{DUR})(?:\s+windows?\b)?"
    r"\s*\)?",
    ICASE,
)


# The kind of a hopping window read already, said again with no duration of its own: "(hopping
# window)", "(sliding)", "sliding windows:" (a label before the durations)
HOPPING_AGAIN = re.compile(
    r"(?<!\bnot\s)(?<!\bno\s)(?:\(\s*(?:an?\s+)?(?:hopping|sliding|overlapping)(?:\s+windows?)?\s*\)"
    # (the label's words may be read already: "sliding [windows:] 10 minutes long")
    r"|\b(?:hopping|sliding|overlapping)(?:\s+windows?)?(?=[\s\x00]*[:)]|\s*\x00))",
    ICASE,
)


# A slide in a clause of its own after the window ("..., updated every minute").
SLIDE_CLAUSE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:(?:(?:updated|refreshed|emitted|computed|recomputed|recalculated|re-calculated|reported|evaluated"
    # ("..., moving forward every 10 minutes")
    r"|advancing|sliding|moving(?:\s+(?:forward|ahead|along|on))?|hopping|hops?|slides?|steps?"
    r"|advances?)\s+)?(?=every\b)"
    # "Rolling 1h window, sliding by 5 min"
    r"|(?:advancing|sliding|moving|hopping|slides|steps|advances)\s+(?=by\s+\d))",
    ICASE,
)


# The size in a clause of its own between the hop word and the slide ("Window: hopping, 1 hour
# long, advancing every 15 minutes").
_SIZE_WORDS = r"(?:long|wide|in\s+(?:size|length)|length|duration)"
SIZE_CLAUSE = re.compile(rf"\s*,\s*(?:each\s+)?{DUR}\s+{_SIZE_WORDS}\b(?=\s*,)", ICASE)


# "hopping windows one hour long sliding every 15 minutes": the size's own word after it
SIZE_WORD_AFTER = re.compile(rf"\s*{_SIZE_WORDS}\b", ICASE)
# (for a tumbling window said "window: 1 minute long", "tumbling windows of one hour in length")
_SIZE_WORD = rf"(?:\s+{_SIZE_WORDS}\b)?"


# The size said just before the hop word, in its own clause or as the window's adverb ("1 hour
# windows, sliding every 15 minutes", "Window: 1 hour, hopping every 5 minutes", "Hourly
# windows advancing every 15 minutes")
SIZE_BEFORE_HOP = re.compile(
    # ("per 15 minute window, sliding every 5 minutes": the preposition read with the size)
    r"(?:(?:\b(?:per|in|into|over|across|using|with|each|every)\s+(?:an?\s+|one\s+)?)?"
    rf"(?<![\w.])(?P<d>{DUR})\s*-?\s*(?:long\s+)?windows?"
    rf"|\bwindows?(?:\s+(?:size|length|duration))?\s*(?:[:=]\s*|of\s+|is\s+)?(?P<d2>{DUR1})"
    rf"(?:\s+{_SIZE_WORDS}\b)?"
    r"|\b(?P<w>hourly|daily|minutely|weekly)\s+windows?"
    # "count clicks per page per 5 minutes, sliding every minute": the size said by its
    # preposition alone, right before the hop word's clause
    rf"|\b(?:per|over|for)\s+(?:the\s+(?:last|past)\s+)?(?P<d3>{DUR1}))\s*,?\s*(?:(?:that|which)\s+)?$",
    ICASE,
)


# "1h window every 10 min", "30-minute windows each 5 minutes": a window's size, then how
# often it is computed, with no hop word (a slide longer than the size is refused later)
WINDOW_EVERY = re.compile(
    rf"(?<![\w.])(?P<size>{DUR})\s*-?\s*(?:long\s+)?windows?\s+(?:every|each)\s+(?P<slide>{DUR1})"
    r"(?![\w-])",
    ICASE,
)


HOP_GLUE = re.compile(
    # ("avg x per airline per 1 hour window (hopping every 10 min)": 'per' before the size)
    r"\b(?:(?:windows?|buckets?)(?:\s+(?:of|every|each))?|of|by|per(?:\s+(?:an?|one))?)"
    r"(?=\s*\x00)",
    ICASE,
)


SLIDE_VERB = re.compile(
    r"\b(?:updated|refreshed|emitted|computed|recomputed|reported|evaluated|advancing"
    r"|re-?calculated|recalculated)\s+(?=every\b|each\b)",
    ICASE,
)


# "6-hour windows, advancing hourly", "30-minute windows that slide every ... ": the slide said by a
# cadence adverb right after the hop verb (or its own clause: ", advancing hourly"). Only at a
# clause's end: "sliding hourly windows" is the window's size said by the adverb.
_ADVERB_END = (
    r"(?=\s*(?:[,;.:)!?\n]|$|(?:and|per|by|for|with|over|across|grouped|keyed|on|in|from)\b))"
)
SLIDE_ADVERB = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:(?:that|which)\s+)?"
    r"\b(?P<verb>advanc(?:ing|es?)|slid(?:ing|es?)|hop(?:ping|s)?|step(?:ping|s)?"
    r"|mov(?:ing|es?)(?:\s+(?:forward|ahead|on|along))?"
    # ("a rolling 24-hour sum per store_id, refreshed hourly")
    r"|updated|refreshed|recomputed|recalculated|re-calculated|emitted|evaluated)"
    r"\s+(?P<w>hourly|daily|minutely|weekly)\b" + _ADVERB_END,
    ICASE,
)

# "6-hour windows, updated hourly": a window's size, then how often it is computed by an adverb,
# with no hop word (as WINDOW_EVERY; the same adverb as the size is a tumbling window)
WINDOW_ADVERB = re.compile(
    rf"(?<![\w.])(?P<size>{DUR})\s*-?\s*(?:long\s+)?windows?\s*,?\s*(?:(?:that|which)\s+"
    r"(?:are\s+|is\s+|get\s+|gets\s+)?)?(?:and\s+)?"
    r"(?:updated|refreshed|recomputed|recalculated|re-calculated|computed|emitted|evaluated"
    r"|advancing|sliding|moving(?:\s+(?:forward|ahead|on|along))?)\s+(?P<w>hourly|daily|minutely|weekly)\b"
    + _ADVERB_END,
    ICASE,
)


# A duration in a hopping clause; a bare unit after every/each is one of it ("every minute").
HOP_DUR = re.compile(
    rf"(?<![\w.]){DUR}|(?:(?<=every\s)|(?<=each\s)|(?<=trailing\s)|(?<=rolling\s)|(?<=sliding\s)"
    r"|(?<=moving\s))(?:second|minute|hour|day|week)(?![\w])",
    ICASE,
)


# "see the delay per route in moving way": that the window moves, said before it is given
MOVING_WAY = re.compile(
    r"\b(?:in|on)\s+(?:an?\s+)?(?:moving|rolling|sliding)\s+(?:way|fashion|manner|basis)\b", ICASE
)


READ_IN_MANNER = re.compile(
    r"\b(?:in|on)\s+(?:an?\s+)?(?=\x00)[\x00\s-]*\x00\s+(?:way|fashion|manner|basis)\b", ICASE
)


# "Ops wants a rolling picture of production": what someone wants to see, no window's words
# (read so only beside a tumbling window said in words)
ROLLING_PICTURE = re.compile(
    r"\b(?:an?\s+|the\s+)?(?P<w>rolling|moving)\s+(?:picture|view|overview|snapshot|look|sense"
    r"|understanding)\b",
    ICASE,
)


# The words of a window that moves, said without how often: a default step is listed for them.
ROLLING_WORD = re.compile(r"rolling|moving|sliding|trailing", ICASE)


# "windows overlapping by 5 minutes", "that overlap each other by 5 min", "with a 5 minute
# overlap": the part two windows share, never their step (read as the slide it was not)
_OVERLAP_BY = re.compile(
    rf"\boverlap(?:s|ping)?\s+(?:each\s+other\s+|one\s+another\s+)?by\s+(?:an?\s+)?{DUR}"
    rf"|(?<![\w.-]){DUR}\s*(?:-\s*)?overlaps?\b",
    ICASE,
)


def default_slide(size: int) -> int | None:
    """How often a rolling window of `size` ms moves when the request does not say: every
    second up to 2 minutes, every minute up to an hour, every 5 minutes up to 6 hours, else
    hourly (at most 120 windows hold each record); None when that step does not divide it."""
    steps = ((120_000, 1000), (3_600_000, 60_000), (21_600_000, 300_000))
    step = next((step for upto, step in steps if size <= upto), 3_600_000)
    return step if step < size and size % step == 0 else None


# The units of measure a slash may divide ("80 km / hour", "5 kg / day"): a rate, no window
_NOT_AFTER_UNIT = "".join(
    rf"(?<!\b{u})"
    for u in (
        "km", "m", "mi", "miles", "kg", "g", "t", "l", "litres", "liters", "metres", "meters",
        "ft", "feet", "kwh", "kw", "mb", "gb", "kb", "bytes", "units", "mm", "cm",
    )
)  # fmt: skip


TUMBLE = [
    # "windowed hourly", "bucketed by 5 minutes", "binned into 10-minute intervals"
    re.compile(
        r"\b(?:windowed|bucketed|binned)\s+(?:(?:by|into|in|every|per|on|over)\s+)?(?:an?\s+)?"
        rf"(?:(?P<d>{DUR1})|(?P<w>hourly|daily|minutely|weekly))"
        r"(?:\s*-?\s*(?:tumbling\s+)?(?:windows?|buckets?|intervals?|bins?))?",
        ICASE,
    ),
    # "per 1-minute tumbling window", "in 5 minute tumbling windows"
    re.compile(
        r"(?:\b(?:per|each|every|in|into|by|using|with|over|on)\s+(?:a\s+|an\s+|one\s+)?)?"
        rf"(?<![\w.])(?P<d>{DUR})\s*(?:-\s*)?(?:tumbling|fixed|non-overlapping)\b"
        r"(?:\s+(?:time\s+)?(?:windows?|buckets?)\b)?",
        ICASE,
    ),
    re.compile(
        # "over fixed 10-minute intervals", "in 5 minute bins", "across 5 minute windows"
        r"(?:\b(?:per|each|every|over|in|into|across|during|within)\s+(?:a\s+)?(?:fixed\s+|tumbling\s+|non-overlapping\s+)?)?"
        rf"(?<![\w.])(?P<d>{DUR})\s*(?:-\s*)?(?:long\s+)?"
        r"(?:tumbling\s+|fixed\s+"
        # ("for every 2 hour block", "in 15-minute slots")
        r"|non-overlapping\s+)?(?:time\s+)?(?:windows?|buckets?|intervals?|periods?|rollups?|bins"
        # ("in 8-hour shifts": a shift of the length said)
        r"|blocks?|slots?|(?P<shift>shifts?))\b",
        ICASE,
    ),
    # "per period of 8 hours", "in blocks of 15 minutes", "per shift of 8 hours"
    re.compile(
        r"\b(?:per|each|every|in|into|over|by|for\s+each|for\s+every)\s+(?:an?\s+)?"
        r"(?:intervals?|periods?|blocks?|slots?|bins|(?P<shift>shifts?))\s+of\s+(?:an?\s+)?"
        rf"(?P<d>{DUR1})\b",
        ICASE,
    ),
    re.compile(
        # ("window: 1 minute", "window 5 minutes, grace 10 seconds": a ticket's label; "window
        # length 5 minutes", "windows that are 10 minutes long")
        rf"\b(?:tumbling\s+|fixed\s+)?(?:windows?|buckets?)(?:\s+(?:of|every|sized|size)\s+"
        r"|\s+(?:size|length|duration)\s*(?:of\s+|is\s+|[=:]\s*)?"
        rf"|\s+(?:that|which)\s+(?:are|is)\s+(?={DUR1}\s+{_SIZE_WORDS}\b)"
        rf"|\s*[=:]\s*|\s+)(?:a\s+)?(?P<d>{DUR1}){_SIZE_WORD}",
        ICASE,
    ),
    # "avg weight_kg by hive_id / 15 min", "count scans per gate_id / hour": a slash before a
    # duration, said as "per" (never after a unit of measure: "80 km / hour" is a speed)
    re.compile(rf"(?<=[\w\x00]){_NOT_AFTER_UNIT}\s+/\s*(?P<d>{DUR1})(?![\w/])", ICASE),
    # "tumbling 1 hour", "Window: tumbling, 1 hour, per game_id", "a tumbling window, 1 hour long"
    re.compile(
        rf"\btumbling\s*(?:,\s*|\s+windows?\s*,?\s+)?(?:of\s+)?(?P<d>{DUR}){_SIZE_WORD}", ICASE
    ),
    # ("once an hour", "once a day": every hour)
    # ("count deliveries during each hour", "within each hour"; never 'in', which may end a
    # verb: "badge_id that checked in each day")
    re.compile(
        rf"\b(?:(?:during|within)\s+(?=each|every))?(?:every|each|per|once\s+(?:an?|per|every))"
        rf"\s+(?P<d>{DUR1})",
        ICASE,
    ),
    re.compile(
        r"\bper\s+(?P<d>(?:\d+(?:\.\d+)?\s*)?(?:seconds?|minutes?|hours?|days?|weeks?|hr|min"
        r"|sec))(?![\w])",
        ICASE,
    ),
    # "per calendar day", "each calendar hour": windows start at whole multiples of their size
    # since 1970-01-01 UTC, so days and hours are the calendar's, in UTC (a calendar week or
    # month is not one: left unread)
    re.compile(r"\b(?:per|each|every|by)\s+(?P<cal>calendar)\s+(?P<d>day|hour)\b", ICASE),
    # "on a 5-minute basis", "on an hourly basis", "at hourly granularity", "with 1-minute
    # resolution" (before the bare adverb, which would leave "on a basis" unread)
    re.compile(
        r"\b(?:on\s+an?|(?:at|with|in)(?:\s+an?)?)\s+(?:(?P<d>"
        rf"{DUR})|(?P<w>hourly|daily|minutely|weekly|per-minute|per-hour))"
        r"\s+(?:basis|granularity|resolution|grain)\b",
        ICASE,
    ),
    # "2-hourly", "3-daily": that many of the adverb's unit (the hyphen said: "top 5 hourly
    # spenders" counts spenders)
    re.compile(r"(?<![\w.-])(?P<k>\d{1,3})-(?P<w>hourly|daily|minutely|weekly)\b", ICASE),
    re.compile(r"\b(?P<w>hourly|daily|minutely|weekly|per-minute|per-hour|per-second)\b", ICASE),
    re.compile(rf"\bover\s+(?:each\s+|every\s+|a\s+)?(?P<d>{DUR1})", ICASE),
    re.compile(rf"\b(?:in|into|for)\s+(?P<d>{DUR})\s+(?:chunks|slices|steps)", ICASE),
    # "5 min avg temp per room", "15-minute sum of amount": the size right before the aggregate
    re.compile(
        rf"(?<![\w.])(?P<d>{DUR})(?=\s*-?\s*(?:avg|averages?|mean|sums?|totals?|counts?|max|maximum|min"
        r"|minimum|median|p\d{1,2})\b)",
        ICASE,
    ),
]


# "count per route 5min" (a terse step of an arrow chain): a bare size closing the clause right
# after a grouping by one word (`_size_after_group`)
_SIZE_AFTER_GROUP = re.compile(rf"\bper\s+[A-Za-z_]\w*\s+(?P<d>{DUR})(?=\s*(?:[;\n]|$))", ICASE)


# "count tickets per desk_id twice a day", "three times an hour": the window's cadence said as
# how many times per unit (a tumbling window of the unit divided by it; see `_times_a_unit`)
TIMES_A_UNIT = re.compile(
    rf"\b(?P<times>twice|(?P<k>{WN}|\d{{1,2}})\s+times)\s+(?:an?|per|every|each)\s+"
    r"(?P<unit>minute|hour|day|week)\b",
    ICASE,
)
# What makes such a frequency no window: a bound on how often something happens ("used more
# than 5 times an hour", "at most twice a day") or how often producers send ("collars report
# twice a day", "a scale that publishes three times an hour")
_TIMES_NOT_WINDOW = re.compile(
    r"(?:\b(?:than|over|above|under|below|least|most|to|exceeds?|exceeding|max|maximum|only"
    r"|roughly|about|around|approximately|approx\.?|usually|typically|normally)"
    r"|\b(?:reports?|sends?|pings?|emits?|transmits?|publish(?:es)?|uploads?|logs?|fires?"
    r"|posts?|beacons?|checks?\s+in|phones?\s+home|syncs?"
    # ("cards used 5 times an hour": how often a thing happens; "refreshed twice a day" is
    # the output's cadence)
    r"|(?!(?:refresh|updat|comput|recomput|calculat|emitt|output|rebuil|roll|aggregat|bucket"
    r"|window|group|sum|count|total|averag)\w*\s)[a-z]+(?:ed|ing)))\s+$",
    ICASE,
)


# "Sum impressions", "sum up the clicks", "summing the downloads": the verb 'sum' right before
# the plural it sums (see `_tally_summed`)
SUM_VERB_SAID = re.compile(
    r"sum(?:s|med|ming)?(?:\s+up|\s+of)?\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<noun>[a-z]+)\b",
    ICASE,
)


# "... each 10 minute interval and each dryer_id": a field's name after the window's "each"
AND_EACH_FIELD = re.compile(
    r"\s+and\s+(?:for\s+)?(?:each|every|per)\s+(?P<f>[A-Za-z][A-Za-z0-9]*_\w+)(?![\w.-])", ICASE
)


# "write the 5-minute counts to ...": the window's size before its results, said again.
SIZE_ADJECTIVE = re.compile(
    rf"(?<![\w.])(?P<d>{DUR})(?=\s+(?:counts|totals|sums|averages|numbers|figures|results"
    r"|stats|statistics|aggregates|rollups|metrics|values|buckets)\b)"
    # "Weekly (7-day) tumbling windows": the size said again in parentheses
    rf"|(?<=\()\s*(?P<d2>{DUR})\s*(?=\))",
    ICASE,
)


# "where the hourly count ...", "only when the daily total ...": a threshold's subject opening
# with the window's size (read by the filters, which check it is that size)
THRESHOLD_ON_SPAN = re.compile(
    r"\b(?:(?:where|when|whenever|if|once|whose|while)\s+(?:the|its|their)|whose)\s+$", ICASE
)


# "count clicks per user_id over the last 10 minutes" with no step said: fixed windows of that
# size, but it may mean a window that moves, so the reading is listed ("for last week" is a
# calendar week: not read)
LAST_SPAN = re.compile(
    rf"\b{_OVER}\s+(?:the\s+{_LAST_SAID}\s+" rf"(?P<d>{DUR1})|{_LAST_SAID}\s+(?P<d2>{DUR}))",
    ICASE,
)


# "only in the last 7 days", "just over the past hour": which records count (their age), a
# restriction, never the window's size (`_refuse_only_recent`)
ONLY_BEFORE = re.compile(
    r"\b(?:only|just|solely|exclusively|strictly)\s+(?:(?:count(?:ing)?|includ(?:e|ing)"
    r"|consider(?:ing)?|look(?:ing)?\s+at|those|ones|records|events)\s+)?$",
    ICASE,
)


TUMBLING_WORD = re.compile(r"\btumbling(?:\s+windows?)?\b", ICASE)
# "tumbling", "non-overlapping": windows that never overlap, said in words (never "not tumbling")
FIXED_SAID = re.compile(r"(?<!\bnot\s)(?<!\bno\s)\b(?:tumbling|non-overlapping)\b", ICASE)
# "..., do hourly buckets per hut_id", "and then make 10-minute windows": a verb opening its
# clause before the window's words (see `_do_windows`)
DO_WINDOWS = re.compile(
    r"(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bwe\s)|(?<=\byou\s)|(?<=\bplease\s))"
    # ("open session windows per customer_id", "create hourly windows": a window's own verbs)
    r"(?P<verb>do|doing|make|making|(?P<opens>open|opening|create|creating|start|starting))\s+"
    r"(?:the\s+|an?\s+)?(?:new\s+)?(?=\x00)",
    ICASE,
)
# The steps "do" may be the verb of, read before `_do_windows` runs
_DONE_STEPS = frozenset({"windows", "sessions", "dedup"})
_WINDOW_STEPS = frozenset({"windows", "sessions"})  # (what "open"/"create"/"start" may do)
# "fixed hourly buckets, not sliding": a tumbling window said by what it is not, or "fixed"
# around its size (read already)
TUMBLING_AGAIN = re.compile(
    r"\b(?:not|no|non-?)\s*(?:sliding|hopping|overlapping|rolling)(?:\s+(?:windows?|buckets?))?\b"
    r"|\bfixed\s+(?:\x00+\s*)?(?:windows?|buckets?|intervals?)\b",
    ICASE,
)

# "(non-overlapping weeks)": the tumbling window as the units it is cut into
FIXED_UNITS = re.compile(r"\bnon-?\s*overlapping\s+(?P<unit>minute|hour|day|week)s\b", ICASE)


# "every hour on the hour", "15-minute buckets aligned to the hour": whole-hour starts
ON_THE_HOUR = re.compile(
    r"\b(?:on|at)\s+the\s+(?:hour|top\s+of\s+(?:the|each|every)\s+hour)\b"
    r"|\baligned\s+(?:to|with)\s+(?:the\s+)?(?:whole\s+|full\s+|clock\s+)?hours?\b",
    ICASE,
)


WINDOW_WORD = re.compile(r"\bwindow(?:s|ed)?\b|\brollups?\b|\broll\s+up\b", ICASE)


ROLL_UP = re.compile(r"\broll(?:s|ed|ing)?\s+up\b", ICASE)


# Words saying that something is computed per window, when no aggregate is named.
# "the first / last / latest order per ...": a record picked from each group, which no
# window aggregate is
PICK_ONE = re.compile(
    r"\b(?P<w>(?:first|last|latest|earliest|newest|oldest|most\s+recent)\s+(?:[a-z_]+\s+){0,2}?)"
    r"(?:per|for\s+each|by|of\s+each)\b",
    re.I,
)
COMPUTED_WORDS = re.compile(
    r"\b(?:windows?|windowed|tumbling|hopping|sliding|buckets?|bucketed|rollups?|roll(?:s|ed)?\s+up"
    r"|aggregat\w*|summar\w*|counts?|counted|counting|totals?|tall(?:y|ies)|how\s+many"
    r"|number\s+of)\b",
    ICASE,
)


AGGREGATE_VERB = re.compile(r"\baggregat\w*\b|\bsummari[sz]\w*\b", ICASE)


# Records later than the grace are left out of their window ("ignore events arriving more than
# 10 minutes late", "readings over 5 minutes late are discarded"): that lateness is the grace.
_LATE_RECORDS = (
    r"(?:any\s+|all\s+|the\s+)?(?:events|records|data|messages|[A-Za-z]+s)\s+"
    r"(?:(?:that|which)\s+(?:arrive|are|come\s+in|show\s+up)\s+|arriving\s+|coming\s+in\s+)?"
    rf"(?:(?:more\s+than|over)\s+(?P<d>{DUR})\s+late\b"
    # ("dropping records late by more than 2 minutes")
    rf"|late\s+by\s+(?:more\s+than|over)\s+(?P<d2>{DUR})\b)"
)
_LEFT_OUT = r"(?:dropped|ignored|discarded|rejected|skipped|excluded|thrown\s+away)"
LATE_LEFT_OUT = (
    re.compile(
        rf"\b(?:ignor\w*|drop\w*|discard\w*|reject\w*|skip\w*|exclud\w*)\s+{_LATE_RECORDS}", ICASE
    ),
    re.compile(
        rf"\b{_LATE_RECORDS}\s+(?:are|is|will\s+be|should\s+be|must\s+be|can\s+be|get|gets)\s+"
        rf"(?:simply\s+)?{_LEFT_OUT}",
        ICASE,
    ),
)


# "up to 2 minutes late", "up to 2 minutes out of order": how far behind a record may come
_LATE_WORD = r"(?:late|out[\s-]+of[\s-]+order)\b"

# "(the kitchen wifi drops when the steamers are on)": why records come late, a link that
# drops; what happens in the world, never which records to keep (no value, field or number
# in it).
LINK_DROPS = (
    r"(?:(?:the|our|their|its|some)\s+)?(?:[a-z]+\s+){0,2}?(?:wi-?fi|network|connection|uplink"
    r"|link|signal|coverage|connectivity|internet)\s+(?:(?:sometimes|often|occasionally"
    r"|regularly|keeps?)\s+)?(?:drops?(?:\s+out)?|dropping(?:\s+out)?|goes\s+down|cuts?\s+out"
    r"|is\s+(?:flaky|spotty|patchy|unreliable|unstable|down))(?:\s+(?:sometimes|often|a\s+lot))?"
    r"(?:\s+(?:when|while|whenever|during)\s+[a-z]+(?:\s+[a-z]+(?:'[a-z]+)?){0,7})?"
)

# "events can be up to 2 minutes late", "readings may arrive 30 seconds late"
LATE_SAID = re.compile(
    r"\b(?:events|records|data|messages|[A-Za-z]+s)\s+(?:can|may|might|could|will)\s+"
    # ("fills can show up to 5 minutes late": "show up" and "up to" said as one)
    r"(?:be|arrive|come\s+in|show\s+up\s+to|show\s+up)\s+(?:up\s+to\s+|as\s+much\s+as\s+)?"
    rf"(?P<d>{DUR})\s+{_LATE_WORD}"
    # "... late (the wifi drops when ...) and must still be counted": why, in an aside
    rf"(?:\s*\({LINK_DROPS}\))?"
    # "..., still count them", "..., include them": the grace, said kept ("count them" only
    # after "still": else it may be a count asked of them)
    r"(?:\s*[,;]?\s*(?:(?:and|but|so)\s+)?(?:please\s+)?(?:still\s+(?:count|include|accept"
    r"|keep)|include|accept|keep)\s+(?:them|those|these)\b"
    # "... up to ten minutes late and must still join": the grace, said kept by the verb
    # the records take (a window's count, a join's match)
    r"|\s*,?\s+(?:and|but)\s+(?:should|must|will|need\s+to)\s+still\s+(?:be\s+)?"
    r"(?:counted|count|included|include|joined|join|matched|match|accepted)\b)?",
    ICASE,
)


# The longer phrasings first: "tolerate 45 seconds of lateness" holds "45 seconds of lateness".
GRACE = [
    # "Late events up to 2 hours should still count", "late data within 10 minutes should be
    # accepted", "late readings of up to 5 minutes are still included"
    # ("late-arriving events within 3 minutes should be included")
    re.compile(
        r"\blate(?:[\s-]+arriving)?\s+(?:arrivals?|events|records|data|messages|[A-Za-z]+s)\s+"
        r"(?:(?:of\s+)?up\s+to"
        rf"|within|(?:of\s+)?no\s+more\s+than|by\s+up\s+to)\s+(?P<d>{DUR})(?:\s+late)?"
        # ("Late events up to 2 minutes still count": no modal)
        r"\s*,?\s*(?:(?:should|must|will|can|may|are|is|need\s+to|have\s+to)\s+)?(?:still\s+)?"
        r"(?:be\s+)?(?:still\s+)?(?:count|counted|accepted|included|kept|allowed|fine|ok|okay"
        r"|go\s+into\s+(?:the|their)\s+windows?)\b",
        ICASE,
    ),
    # "allow late data up to 10 minutes", "accept late readings up to 30 seconds", "allow late
    # position reports up to 1 minute" (the records' own noun, plural)
    re.compile(
        r"\b(?:allow\w*|accept\w*|tolerat\w*)\s+(?:late|delayed)\s+(?:data|(?:[A-Za-z]+\s+)?"
        rf"[A-Za-z]+s)\s+(?:(?:of\s+)?up\s+to|for(?:\s+up\s+to)?|by\s+up\s+to)\s+(?P<d>{DUR})",
        ICASE,
    ),
    # ("allow 10 seconds for out-of-order events": records behind others, as late ones)
    re.compile(
        rf"\b(?:allow\w*|tolerat\w*|accept\w*)\s+(?:up\s+to\s+)?(?P<d>{DUR})\s+(?:for|of)\s+"
        r"(?:late(?:ness)?|delayed|out[\s-]+of[\s-]+order)"
        r"(?:\s+(?:data|events|records|arrivals?|messages))?",
        ICASE,
    ),
    re.compile(
        rf"\blate\s+(?:arrivals?|events|records|data)\s+(?:of\s+)?up\s+to\s+(?P<d>{DUR})"
        r"(?:\s+(?:are|is)\s+(?:still\s+)?(?:counted|included|accepted|fine|ok))?",
        ICASE,
    ),
    # "wait 30 seconds for stragglers", "waiting up to a minute for late events", "wait 2
    # minutes for late data before closing the window"
    re.compile(
        rf"\bwait\w*\s+(?:up\s+to\s+)?(?P<d>{DUR})\s+for\s+(?:straggl\w*|(?:late|delayed)\s+"
        r"(?:data|events|records|arrivals?|messages))"
        r"(?:\s+before\s+(?:closing|emitting|finali[sz]ing)\s+(?:the|each|a)\s+windows?)?",
        ICASE,
    ),
    # "keep each window open 2 extra minutes for late events", "hold windows open for 1 minute"
    re.compile(
        r"\b(?:keep|hold|leave)\w*\s+(?:the\s+|each\s+|every\s+)?windows?\s+open\s+(?:for\s+)?"
        rf"(?:an?\s+)?(?:extra\s+|additional\s+|another\s+)?(?P<d>{DUR})"
        r"(?:\s+(?:longer|more|extra))?(?:\s+(?:for|to\s+catch)\s+(?:the\s+)?"
        r"(?:straggl\w*|(?:late|delayed)(?:\s+(?:data|events|records|arrivals?|messages))?))?",
        ICASE,
    ),
    # "late arrivals allowed up to 30 seconds", "late events accepted for 1 minute", "late ticks
    # allowed up to 30 seconds" (the records' own noun)
    re.compile(
        r"\blate\s+(?:arrivals?|events|records|data|messages|[A-Za-z]+s)\s+(?:are\s+|is\s+)?(?:allowed|accepted"
        # "late orders are fine up to 2 minutes"
        rf"|tolerated|fine|ok|okay|acceptable)\s+(?:for\s+)?(?:up\s+to\s+)?(?P<d>{DUR})",
        ICASE,
    ),
    # "allowing 2 minutes of grace for late events", "a 1 minute grace period for late records",
    # "give late data 2 minutes of grace"
    re.compile(
        r"\b(?:(?:allow\w*|giv\w*|permit\w*)\s+(?:(?:late|delayed)\s+(?:data|events|records"
        r"|arrivals?|messages)\s+)?)?(?:(?:with\s+)?(?:an?\s+)?)"
        rf"(?P<d>{DUR})\s+(?:of\s+)?grace(?:\s+period)?\s+for\s+(?:the\s+)?(?:late|delayed)"
        r"(?:\s+(?:data|events|records|arrivals?|messages))?",
        ICASE,
    ),
    re.compile(
        r"\b(?:allow\w*|giv\w*|permit\w*)\s+(?:late|delayed)\s+(?:data|events|records"
        rf"|arrivals?|messages)\s+(?:an?\s+)?(?P<d>{DUR})\s+(?:of\s+)?grace(?:\s+period)?",
        ICASE,
    ),
    re.compile(
        r"\b(?:no|zero|without(?:\s+(?:any|a))?)\s+(?:grace(?:\s+period)?|lateness"
        r"|late\s+events\s+allowed)(?P<d>)",
        ICASE,
    ),
    re.compile(
        rf"\b(?:with\s+(?:a\s+)?)?(?P<d>{DUR})\s+(?:of\s+)?(?:grace(?:\s+period)?|allowed\s+"
        r"lateness|lateness)",
        ICASE,
    ),
    # "late readings: allow 10000 ms", "late data: up to 2 minutes": a label line naming the
    # late records, then how late they may be (nothing else after it)
    re.compile(
        r"\blate(?:[\s-]+arriving)?\s+(?:arrivals?|events|records|data|messages|[A-Za-z]+s)\s*:\s*"
        rf"(?:(?:allow|accept|tolerate)\s+)?(?:up\s+to\s+)?(?P<d>{DUR})(?=\s*(?:[,;)\n]|\.(?!\d)|$))",
        ICASE,
    ),
    re.compile(
        rf"\b(?:grace(?:\s+period)?|allowed\s+lateness|lateness|late\s+arrivals?\s+up\s+to)\s*"
        rf"(?:of|=|:)?\s*(?P<d>{DUR})"
        # "a grace period of 30 seconds for late events"
        r"(?:\s+for\s+(?:the\s+)?(?:late|delayed)(?:\s+(?:data|events|records|arrivals?"
        r"|messages))?)?",
        ICASE,
    ),
    re.compile(
        rf"\ballow\w*\s+(?:up\s+to\s+)?(?P<d>{DUR})\s+(?:of\s+)?(?:late(?:ness)?|delay)", ICASE
    ),
    # "..., late by up to 2 minutes", "events arriving late by at most 30 seconds": how late a
    # record may come (never "late by more than": those are left out, LATE_LEFT_OUT)
    re.compile(
        r"\b(?:(?:events|records|data|messages|[A-Za-z]+s)\s+(?:arriving\s+|that\s+arrive\s+)?)?"
        r"late\s+by\s+(?:up\s+to|as\s+much\s+as|at\s+most|no\s+more\s+than)\s+"
        rf"(?P<d>{DUR})"
        # ("... still count": the grace, said kept)
        r"(?:\s+(?:should\s+|must\s+|will\s+)?still\s+(?:count|be\s+counted|be\s+included)\b)?",
        ICASE,
    ),
    LATE_SAID,
    # "accept events up to 30 s late", "allow readings that arrive up to 2 minutes late",
    # "windows that still accept readings arriving up to 5 minutes late"
    re.compile(
        r"\b(?:(?:still\s+)?(?:accept|allow|tolerat)\w*\s+(?:events\s+|records\s+|data\s+|messages\s+"
        r"|[A-Za-z]+s\s+)?(?:(?:that|which)\s+(?:are|arrive|come\s+in)\s+|arriving\s+)?"
        # "Scans arriving up to 30 seconds late must still be counted" ("Press records that
        # arrive ...": a sentence's subject, its noun after a word naming which records; "goals
        # reported up to 30 seconds late must still count": the records' own verb)
        r"|(?:(?:^|(?<=[.;:!?]\s))(?!(?:drop|ignore|discard|skip|exclude|remove|no|not|never)\b)"
        r"[A-Za-z]+\s+(?=[A-Za-z]+s\s+(?:that|which|arriving)\b))?"
        r"\b[A-Za-z]+s\s+(?:(?:that|which)\s+arrive\s+|arriving\s+|(?:reported|received|logged"
        r"|recorded|delivered|sent)\s+))?"
        rf"up\s+to\s+(?P<d>{DUR})\s+{_LATE_WORD}"
        # "... up to 2 minutes late should still be counted": the grace, said kept ("... should
        # still count": the bare verb after the modal, never a count to compute)
        r"(?:\s+(?:should|must|will|can|are|is)\s+(?:still\s+)?(?:be\s+)?(?:still\s+)?"
        r"(?:counted|included|accepted|kept)\b"
        r"|\s+(?:should|must|will|can)\s+(?:still\s+)?count\b)?",
        ICASE,
    ),
    *LATE_LEFT_OUT,
]


# "so allow 2 minutes of grace", "give it 30 seconds of lateness": the verb before a grace
GRACE_VERB = re.compile(
    r"\b(?:allow\w*|giv\w*|permit\w*|add\w*|us(?:e|es|ing))\s+(?:it\s+|them\s+)?(?:an?\s+)?"
    r"(?:up\s+to\s+)?$",
    ICASE,
)


# "(readings) sometimes report late over the LoRa link, so ": why a grace is asked, said first
LATE_BECAUSE = re.compile(
    r"\b(?:(?:the|our|some|these|its|their)\s+)?(?:[A-Za-z]+\s+)?"  # "(the) meters", "data"
    r"(?:(?:sometimes|often|occasionally|can|may|might|tend\s+to|do|are|is)\s+)?"
    r"(?:report\w*|arriv\w*|com(?:e|es|ing)(?:\s+in)?|show\s+up|are|is|run\w*|send\w*"
    r"|straggl\w*)"
    r"\s+(?:in\s+)?late\b[^.;!?,\d\x00]{0,50}?\s*,?\s*(?:and\s+)?(?:so|hence|therefore|thus)"
    r"\s+(?:please\s+)?$",
    ICASE,
)


# Words of a lateness reason that may say which records are late, or when ("meters report
# late over LoRa only during business hours, so ...", "... late on weekends, so ..."): the
# reason is then left unread (refused), never masked with the grace.
_LATE_SELECTS = word_set(
    "only just except excluding unless but not never during when whenever while if at in for with "
    "night nights weekend weekends weekday weekdays business hours morning mornings evening "
    "evenings noon midnight monday tuesday wednesday thursday friday saturday sunday some certain "
    "north south east west northern southern eastern western region zone test"
)


def _late_reason_plain(s: str, why: re.Match[str]) -> bool:
    """The lateness reason starts its sentence or clause (no words before its noun: "Meters in
    the north region often arrive late" says which meters) and holds no word of _LATE_SELECTS,
    digit or code after "late"."""
    before = s[: why.start()].rstrip()
    if before and not re.search(r"(?:[.;:!?,(\n\x00]|^\s*[-*\u2022]|\b(?:and|but))$", before):
        return False
    reason = re.split(r"\blate\b", why.group(0), maxsplit=1, flags=re.IGNORECASE)[-1]
    words = re.findall(r"[\w-]+", reason)
    return not any(
        w.lower() in _LATE_SELECTS
        or re.search(r"\d|_", w)
        or re.fullmatch(r"[a-z]{3,}ed", w.lower())  # "rounded", "delayed": more than why
        or re.fullmatch(r"[A-Z]{3}", w)  # a code: "in EUR"
        for w in words
    )


# "weighbridge uploads can be up to 3 hours late": a word naming whose records, starting
# their clause (the grace holds for every record, so it selects nothing)
LATE_SUBJECT_WORD = re.compile(
    r"(?:^|(?<=[.;:!?\n(\x00]))\s*(?:[-*\u2022]\s*)?(?P<w>[A-Za-z][a-z]+)\s+$"
)
_LATE_SUBJECT_NOT = word_set("no none drop ignore discard skip exclude remove reject")


def _late_subject_word(s: str, at: int) -> re.Match[str] | None:
    """The plain word before the late records' noun at `at` that starts its clause, holding
    no word of _LATE_SELECTS (None when there is none, or it may say which records)."""
    said = LATE_SUBJECT_WORD.search(s, max(0, at - 40), at)
    if said and said.group("w").lower() not in _LATE_SELECTS | _LATE_SUBJECT_NOT:
        return said
    return None


def _agg_key(agg: dict[str, Any]) -> tuple[Any, ...]:
    """What an aggregate computes, whatever it is named."""
    return (agg["fn"], agg.get("field"), agg.get("quantile"))


# "roughly one per second", "about 50 events per minute while the doors are open"
RATE_ASIDE = re.compile(
    r"\b(?:roughly|about|around|approximately|approx\.?|typically|usually|normally)\s+"
    r"(?:one|\d[\d,.]*\s*k?)\s+(?:(?:messages?|events?|records?|readings?|rows?|pings?|updates?"
    r"|samples?)\s+)?(?:per|a|an|every|each)\s+(?:second|minute|hour|day)\b"
    r"(?:\s+(?:while|when|whenever|during)\s+[^,.;:()\x00]{1,60}(?=[,.;:)]|$))?",
    ICASE,
)


# "group the readings into storm sessions ..., and for each storm give me ...": the noun said
# right before "sessions" names what one session is (the request's own word for it), never a
# field to group by ("per-skater sessions" groups them: a skater is no session)
_SESSION_KIND_NOUN = re.compile(r"\b(?<!\bper-)([A-Za-z]+)[\s-]+sessions\b", ICASE)


def _session_kind_nouns(text: str) -> set[str]:
    """The nouns a request calls its sessions by ("storm sessions": storm)."""
    return {singular(m.group(1).lower()) for m in _SESSION_KIND_NOUN.finditer(text)}


def _supported_having(having: dict[str, Any], aggs: list[dict[str, Any]]) -> dict[str, Any]:
    """A window threshold the spec can hold: "only if count isn't 0" on a count is "count > 0"
    (a count is never negative); any other "not equal" threshold is refused in the user's words,
    never passed on to fail the spec's validation."""
    if having["op"] in THRESHOLD_OPS:
        return having
    fn = next((a["fn"] for a in aggs if a["name"] == having["aggregate"]), None)
    if having["op"] == "ne" and having["value"] == 0 and fn in ("count", "count_distinct"):
        return {**having, "op": "gt"}
    raise RequestNotUnderstood(
        f"threshold on {having['aggregate']!r}: a window's threshold cannot be 'not equal'; "
        "use above/below/at least/at most"
    )


class WindowRecogniser(SchemaResolver):
    def extract_window(self) -> None:
        self._grace()
        for ra in list(RATE_ASIDE.finditer(self.s)):
            # "pings, roughly one per second while a workout is active": how often records
            # arrive, never a window (a threshold says no "roughly")
            self.mask(ra.start(), ra.end())
            self.assumptions.append(
                f"read as context, not a pipeline step: {self.text[ra.start() : ra.end()]!r} (how "
                "often the records arrive; no step of the pipeline)"
            )
        if self.window.get("type") == "session":
            self._do_windows()
            return
        m = OVER_LAST_EVERY.search(self.s)
        later = None if m else EVERY_THEN_OVER_LAST.search(self.s)
        self._refuse_only_recent(m.start() if m else later.start("over") if later else None)
        if m:
            self.mask(m.start(), m.end())
        if m:
            self.window.update(
                type="hopping", size_ms=dur_ms(m.group("size")), slide_ms=dur_ms(m.group("slide"))
            )
            self.window_words = True
        elif later:
            self.window.update(
                type="hopping",
                size_ms=dur_ms(later.group("size")),
                slide_ms=dur_ms(later.group("slide")),
            )
            self.window_words = True
            self.mask(later.start(), later.end("slide"))
            self.mask(later.start("over"), later.end())
            # "refreshed every 5 minutes over the last hour": the verb of the slide
            verb = SLIDE_VERB_BEFORE.search(self.s, max(0, later.start() - 30), later.start())
            if verb:
                self.mask(verb.start(), verb.end())
        else:
            self._hopping()
        size, slide = self.window.get("size_ms"), self.window.get("slide_ms")
        said_fixed = FIXED_SAID.search(self.text)
        if self.window.get("type") == "hopping" and slide and slide != size and said_fixed:
            # "in tumbling 10 minute windows sliding every minute": fixed windows, or moving?
            raise RequestNotUnderstood(
                f"{said_fixed.group(0)!r} windows, and a slide of {ms_text(slide)}: a tumbling "
                'window never overlaps the next; say one (e.g. "sliding 1 hour every 5 '
                'minutes", or "1-hour tumbling windows")'
            )
        if self.window.get("type") == "hopping" and size and slide and slide > size:
            # "every 1 minute with a 10-minute hop": said here, before the spec's own check
            # (whose message gives the two in ms, the wrong way round for what was written)
            raise RequestNotUnderstood(
                f"cannot read a hopping window of {ms_text(size)} that moves every "
                f"{ms_text(slide)}: a hopping window's size must be a multiple of its slide, "
                'which is the shorter one (e.g. "sliding 1 hour every 5 minutes")'
            )
        if "size_ms" not in self.window:
            self._times_a_unit()
        if "size_ms" not in self.window:
            for pattern in TUMBLE:
                m = next(
                    (t for t in pattern.finditer(self.s) if not _field_compared_before(self.s, t)),
                    None,
                )
                if m:
                    self.mask(m.start(), m.end())
                    if m.groupdict().get("w"):
                        size = ADVERB_MS[m.group("w").lower()] * int(m.groupdict().get("k") or 1)
                    else:
                        size = dur_ms(m.group("d"))
                    rate = re.search(r"[\d.]*\d\s*$", self.s[: m.start()])
                    if (
                        rate
                        and m.group(0)[:3].lower() == "per"
                        and not (WINDOW_WORD.search(self.s) or AGGREGATE_VERB.search(self.s))
                    ):
                        raise RequestNotUnderstood(  # "where value > 5 per second": a rate
                            f"cannot read {self.text[rate.start() : m.end()]!r}:"
                            " a rate per time unit is not a field; compare a field that holds "
                            'the rate, or count records in a window ("count readings per '
                            'minute, only counts above 5")'
                        )
                    if m.groupdict().get("cal"):
                        self.assumptions.append(
                            f"read {self.text[m.start() : m.end()]!r} as tumbling windows of "
                            f"{ms_text(size)} starting at a whole {m.group('d').lower()} in UTC"
                        )
                    if m.groupdict().get("shift"):
                        # a plant's shifts may start at 06:00; windows start at multiples of
                        # their size since midnight UTC
                        self.assumptions.append(
                            f"read {self.text[m.start() : m.end()]!r} as tumbling windows of "
                            f"{ms_text(size)} starting at "
                            f"{'midnight UTC' if 86_400_000 % size == 0 else '1970-01-01 UTC'} "
                            "and every multiple of that size since; shifts that start at other "
                            "hours need a field that holds the shift (e.g. shift_id)"
                        )
                    self.window.update(type="tumbling", size_ms=size)
                    self.window_words = True
                    self._each_window_and_group(m.end())
                    break
            if "size_ms" not in self.window:
                self._size_after_group()
            if "size_ms" not in self.window:
                self._last_span()
            self._size_restated()
        if self.window.get("type") == "tumbling":
            # "(fixed hourly buckets, not sliding)": the tumbling window, said again
            self._fixed_units_again(self.window.get("size_ms") or 0)
            self.take_all(TUMBLING_AGAIN)
            self._on_the_hour(self.window.get("size_ms") or 0)
        if self.window.get("type") == "hopping":
            # "... over the last five minutes (hopping window)", "sliding windows: 10 minutes
            # long, advancing every minute": the window's kind, said beside its durations
            self.take_all(HOPPING_AGAIN)
        if self.take(TUMBLING_WORD):
            self.window_words = True
            if "size_ms" not in self.window:
                raise RequestNotUnderstood(
                    'tumbling window: give its size (e.g. "1-minute tumbling windows")'
                )
        if WINDOW_WORD.search(self.s) or AGGREGATE_VERB.search(self.s):
            self.window_words = True
        if "size_ms" in self.window:  # "roll up topic page-views into 10-minute counts"
            for m in list(ROLL_UP.finditer(self.s)):
                self.mask(m.start(), m.end())
        self._do_windows()

    def _fixed_units_again(self, size: int) -> None:
        """ "Every seven days (non-overlapping weeks)": the tumbling window said again as the
        unit it spans, read only when one unit is the window's size."""
        for m in FIXED_UNITS.finditer(self.s):
            if dur_ms(f"1 {m['unit']}") == size:
                self.mask(m.start(), m.end())

    def _on_the_hour(self, size: int) -> None:
        """ "every hour on the hour": windows start at multiples of their size since midnight
        UTC, so each starts at a whole hour when the size divides an hour or is whole hours
        that divide the day; a 90-minute window that starts at 01:30 is refused."""
        m = ON_THE_HOUR.search(self.s)
        if not (m and size):
            return
        if 3_600_000 % size and (size % 3_600_000 or 86_400_000 % size):
            raise RequestNotUnderstood(
                f"cannot read {self.text[m.start() : m.end()]!r}: windows of {ms_text(size)} start "
                "at multiples of their size since midnight UTC, so not every one starts at a "
                "whole hour; choose a size that divides an hour or the day, e.g. "
                '"every 30 minutes on the hour"'
            )
        self.mask(m.start(), m.end())

    def _times_a_unit(self) -> None:
        """ "count visits per kiosk_id twice a day": tumbling windows of the unit divided by how
        many times (12 hours), when that is a whole number of seconds; never a bound on how
        often ("more than 5 times an hour") or the producers' rate ("meters report twice a
        day"), which are left to their readers."""
        for m in TIMES_A_UNIT.finditer(self.s):
            if _TIMES_NOT_WINDOW.search(self.s, max(0, m.start() - 40), m.start()):
                continue
            said = " ".join(self.text[m.start() : m.end()].split())
            k = 2 if m["times"].lower() == "twice" else int(number(m["k"]))
            unit = dur_ms(m["unit"])
            if k < 2 or unit % k or (unit // k) % 1000:
                raise RequestNotUnderstood(
                    f"cannot read {said!r} as a window's size: {ms_text(unit)} does not divide "
                    f'into {k} whole windows; say the size (e.g. "every 20 minutes")'
                )
            self.mask(m.start(), m.end())
            self.window.update(type="tumbling", size_ms=unit // k)
            self.window_words = True
            self.assumptions.append(
                f"read {said!r} as tumbling windows of {ms_text(unit // k)} (each "
                f"{m['unit'].lower()} cut into {k} windows, starting at "
                f"{'midnight UTC' if 86_400_000 % (unit // k) == 0 else '1970-01-01 UTC'})"
            )
            self._each_window_and_group(m.end())
            return

    def _do_windows(self) -> None:
        """ "can we read x, do hourly buckets per hut_id, ...": 'do' (or 'make', 'use') as the
        verb of the window read right after it, never of anything else; so too before session
        windows or a dedup ("can you do session windows per proofer_id", "do a dedup on id")."""
        for m in list(DO_WINDOWS.finditer(self.s)):
            at = m.end()
            steps = _WINDOW_STEPS if m.group("opens") else _DONE_STEPS
            if any(start == at and reader in steps for start, _e, reader in self.spans):
                # ("open a new session window": "new" only says the window opens)
                self.mask(m.start("verb"), m.end() if m.group("opens") else m.end("verb"))

    def _each_window_and_group(self, end: int) -> None:
        """ "for each 10 minute interval and each dryer_id": a group joined to the window in
        one "each ... and each ..." list (a field's name only: "and each dryer" is left)."""
        gm = AND_EACH_FIELD.match(self.s, end)
        if gm:
            self.group_by.append((gm.group("f"), False))
            self.mask(gm.start(), gm.end())

    def _refuse_only_recent(self, at: int | None) -> None:
        """ "count per region every hour, only in the last 7 days": "only" says which records
        count (the recent ones), a filter on their age the spec cannot hold; read as the
        window's size it would change the request, so it is refused, quoting the words."""
        if at is None:
            return
        only = ONLY_BEFORE.search(self.s, max(0, at - 40), at)
        if only is None:
            return
        said = LAST_SPAN.match(self.s, at) or OVER_LAST_EVERY.match(self.s, at)
        words = self.text[only.start() : said.end() if said else at].strip()
        raise RequestNotUnderstood(
            f"cannot read {words!r}: it keeps only recent records (a filter on their age), "
            'which this pipeline cannot do; for a window, say "over the last 7 days" (or '
            '"over the last 7 days, updated every hour" for one that moves)'
        )

    def _last_span(self) -> None:
        """ "over the last 10 minutes": tumbling windows of that size, the reading listed."""
        m = LAST_SPAN.search(self.s)
        if not m:
            return
        self._refuse_only_recent(m.start())
        self.mask(m.start(), m.end())
        size = dur_ms(m.group("d") or m.group("d2"))
        self.window.update(type="tumbling", size_ms=size)
        self.window_words = True
        self.assumptions.append(
            f"read {self.text[m.start() : m.end()]!r} as fixed windows of {ms_text(size)} "
            "(tumbling: one result per group per window, not a window that moves); for a "
            f'moving one, say "{self.text[m.start() : m.end()]}, updated every minute"'
        )

    def _size_after_group(self) -> None:
        """ "orders -> count per route 5min -> x": a bare size closing a terse clause right
        after its grouping by one word; read only in a clause that says an aggregate (the
        grouping's words are left to the group-by reader)."""
        for m in _SIZE_AFTER_GROUP.finditer(self.s):
            clause = clause_around(self.s, m.start(), m.end())
            if not AGG_WORDS & {w.lower() for w in re.findall(r"[A-Za-z]+", clause)}:
                continue
            self.mask(m.start("d"), m.end("d"))
            self.window.update(type="tumbling", size_ms=dur_ms(m.group("d")))
            self.window_words = True
            return

    def _size_restated(self) -> None:
        """ "... per hour? ... write the hourly numbers to ...": the size said again."""
        size = self.window.get("size_ms")
        if size is None:
            return
        for pattern in TUMBLE:
            for m in list(pattern.finditer(self.s)):
                if THRESHOLD_ON_SPAN.search(self.s, 0, m.start()) and SPAN_BEFORE_AGG.match(
                    self.s, m.start()
                ):
                    continue  # "where the hourly count exceeds 20": the filters read it
                if m.groupdict().get("w"):
                    again = ADVERB_MS[m.group("w").lower()] * int(m.groupdict().get("k") or 1)
                else:
                    again = dur_ms(m.group("d"))
                if again == size:
                    self.mask(m.start(), m.end())
        for m in list(SIZE_ADJECTIVE.finditer(self.s)):  # "the 5-minute counts"
            if dur_ms(m.group("d") or m.group("d2")) == size:
                start, end = m.start(), m.end()
                if m.group("d2"):  # (with its parentheses)
                    start, end = self.s.rindex("(", 0, start), self.s.index(")", end) + 1
                self.mask(start, end)

    def _hopping(self) -> None:
        over = _OVERLAP_BY.search(self.s)
        if over:  # "15 minute windows overlapping by 5 minutes": the overlap, not the step
            raise RequestNotUnderstood(
                f"cannot read {over.group(0)!r}: how much two windows overlap, not how far "
                'each window starts after the one before; say that step, e.g. "count orders '
                'per region in 15 minute windows sliding every 5 minutes" (a 10 minute overlap)'
            )
        if TUMBLING_WORD.search(self.s):
            for pm in list(ROLLING_PICTURE.finditer(self.s)):
                self.mask(pm.start(), pm.end())
                self.assumptions.append(
                    f"read {self.text[pm.start() : pm.end()]!r} as what the results are for, "
                    "not a sliding window: the request asks for tumbling windows"
                )
        m = HOP_WORD.search(self.s)
        if not m:
            self._window_adverb()
            em = WINDOW_EVERY.search(self.s)
            if em:  # "1h window every 10 min": hopping (tumbling when the two are one)
                size_ms, slide_ms = dur_ms(em["size"]), dur_ms(em["slide"])
                kind = "tumbling" if size_ms == slide_ms else "hopping"
                self.window.update(
                    type=kind, size_ms=size_ms, slide_ms=None if size_ms == slide_ms else slide_ms
                )
                self.window_words = True
                self.mask(em.start(), em.end())
            return
        # "see the delay in moving way, so make hopping window of 10 minutes which advance every
        # 1 minute": the window is the hop word whose clause holds the durations
        for later in HOP_WORD.finditer(self.s):
            start = max(self.s.rfind(",", 0, later.start()), self.s.rfind(";", 0, later.start()))
            if (
                LABELLED_HOP.match(self.s, later.end())
                or SLASHED_HOP.match(self.s, later.end())
                or HOP_DUR.search(self.s, start + 1, self.clause_end(later.end()))
                or SIZE_CLAUSE.match(self.s, self.clause_end(later.end()))
                or SLIDE_ADVERB.match(self.s, later.start())
            ):
                m = later
                break
        lm = LABELLED_HOP.match(self.s, m.end()) or SLASHED_HOP.match(self.s, m.end())
        if lm:
            self.window.update(
                type="hopping", size_ms=dur_ms(lm.group("size")), slide_ms=dur_ms(lm.group("slide"))
            )
            self.window_words = True
            self.mask(m.start(), lm.end())
            return
        begin = max(self.s.rfind(",", 0, m.start()), self.s.rfind(";", 0, m.start())) + 1
        end = self.clause_end(m.end())
        sized = SIZE_CLAUSE.match(self.s, end)
        if sized and SLIDE_CLAUSE.match(self.s, sized.end()):  # "hopping, 1 hour long, advancing"
            end = sized.end()
        else:
            sized = None
        more = SLIDE_CLAUSE.match(self.s, end)
        if more:  # "a rolling 1 hour average per device, refreshed every 5 minutes"
            end = self.clause_end(more.end())
        durations = list(HOP_DUR.finditer(self.s, begin, end))
        # (found before the durations are masked: "a 10-minute step" needs its duration)
        hop_words = list(HOP_WORD.finditer(self.s, begin, end))
        size = slide = None
        # "every 15 minutes sliding every 5 minutes": with a slide said by its own word, a
        # plain "every" before another duration says the size
        hop_said = [
            dm
            for dm in durations
            if _SLIDE_WORD_BEFORE.search(self.s[max(begin, dm.start() - 30) : dm.start()].lower())
            # "every 10 minutes with a 1-minute hop": the hop word after its duration
            or _SLIDE_WORD_AFTER.match(self.s[dm.end() : dm.end() + 12].lower())
        ]
        for dm in durations:
            before = self.s[max(begin, dm.start() - 30) : dm.start()].lower()
            after = self.s[dm.end() : dm.end() + 12].lower()
            is_slide = re.search(
                r"\b(?:every|by|slide\s+of|hop\s+of|advance\s+of|step\s+of|advancing|slides?"
                r"|sliding\s+every|hop(?:ping)?\s+every|hops?|steps?)\s*[-:=]?\s*$",
                before,
            ) and not re.search(r"(?:sliding|hopping|windows?\s+of)\s*$", before)
            if is_slide and hop_said and dm not in hop_said:
                is_slide = False
            # "a 1 minute slide", never "1 hour hopping every ..." (the window's own word)
            if _SLIDE_WORD_AFTER.match(after):
                # "window 10m hop 2m": the hop labels the duration after it
                is_slide = True
            if is_slide and slide is None:
                slide = dur_ms(dm.group(0))
            elif size is None:
                size = dur_ms(dm.group(0))
                said = SIZE_WORD_AFTER.match(self.s, dm.end())
                if said:
                    self.mask(said.start(), said.end())
            else:
                continue
            self.mask(dm.start(), dm.end())
        if slide is None:
            slide = self._slide_adverb(begin, m.start(), end)
        if size is None and slide is not None:
            size = self._size_before_hop(begin, m.start())
        if size is not None and slide is None and ROLLING_WORD.fullmatch(m.group(0)):
            slide = default_slide(size)
            if slide is not None:  # "a rolling 15 minute count": how often it moves is assumed
                self.assumptions.append(
                    f"{m.group(0).lower()} {ms_text(size)} window with no update step "
                    f"given: a result every {ms_text(slide)} per group (hopping); say "
                    '"updated every 5 minutes" for another'
                )
        if size is None or slide is None:
            raise RequestNotUnderstood(
                'sliding/hopping window: give a size and a slide (e.g. "sliding 1 hour every '
                '5 minutes")'
            )
        self.window.update(type="hopping", size_ms=size, slide_ms=slide)
        self.window_words = True
        pictures = list(ROLLING_PICTURE.finditer(self.s, begin, end))
        self.mask(m.start(), m.end())
        if sized:  # (its "long" with the size read)
            self.mask(sized.start(), sized.end())
        # "hopping window of 10 minutes sliding every 2 minutes": both words say the same
        for hm in hop_words:
            self.mask(hm.start(), hm.end())
        for vm in list(SLIDE_VERB.finditer(self.s, begin, end)):  # "updated every", not a field
            self.mask(vm.start(), vm.end())
        # "hopping windows of 30 minutes, sliding by 5 minutes": the words joining the durations
        # read, so that a name after them ("..., as avg_temp") is seen to follow the window
        for gm in list(HOP_GLUE.finditer(self.s, min(begin, m.start()), end)):
            self.mask(gm.start(), gm.end())
        for pm in pictures:
            # "a rolling view: a 15 minute window that moves every minute": the view is the
            # window just read (its "rolling" read with it)
            if self.s[pm.start("w")] == MASK:
                self.mask(pm.start(), pm.end())
        for wm in list(MOVING_WAY.finditer(self.s)):  # "in moving way": the hopping, said again
            self.mask(wm.start(), wm.end())
        # "on a 10 minute rolling basis": the size and the hop word just read, in a manner phrase
        for wm in list(READ_IN_MANNER.finditer(self.s)):
            self.mask(wm.start(), wm.end())

    def _slide_adverb(self, begin: int, hop: int, end: int) -> int | None:
        """The slide said by an adverb after the hop verb ("advancing hourly"), in its clause
        or the clause right after it ("6-hour hopping windows, advancing hourly"), masked."""
        said = SLIDE_ADVERB.search(self.s, hop, end) or SLIDE_ADVERB.match(self.s, end)
        if not said:
            return None
        self.mask(said.start("verb"), said.end())
        return ADVERB_MS[said.group("w").lower()]

    def _window_adverb(self) -> None:
        """ "6-hour windows, updated hourly": hopping (tumbling when the two are one)."""
        am = WINDOW_ADVERB.search(self.s)
        if not am:
            return
        size_ms, slide_ms = dur_ms(am["size"]), ADVERB_MS[am["w"].lower()]
        kind = "tumbling" if size_ms == slide_ms else "hopping"
        self.window.update(
            type=kind, size_ms=size_ms, slide_ms=None if size_ms == slide_ms else slide_ms
        )
        self.window_words = True
        self.mask(am.start(), am.end())

    def _size_before_hop(self, begin: int, hop: int) -> int | None:
        """The size said before the hop word's clause or in it ("1 hour windows, sliding every
        15 minutes"), masked; None when no size is said right there."""
        start = max(self.s.rfind(c, 0, max(begin - 1, 0)) for c in ",;.\n") + 1
        said = SIZE_BEFORE_HOP.search(self.s, start, hop)
        if not said:
            return None
        self.mask(said.start(), said.end())
        if said.group("w"):
            return ADVERB_MS[said.group("w").lower()]
        return dur_ms(said.group("d") or said.group("d2") or said.group("d3"))

    def _grace(self) -> None:
        for pattern in GRACE:
            m = self.take(pattern)
            if m:
                said = m.group("d") or m.groupdict().get("d2")
                self.window["grace_ms"] = dur_ms(said) if said else 0
                if pattern in LATE_LEFT_OUT:  # the pipeline keeps them, where they can be seen
                    self.assumptions.append(
                        f"records more than {ms_text(self.window['grace_ms'])} late are left out "
                        "of their window and go to the dead-letter topic, not discarded"
                    )
                # "sensors sometimes report late over the LoRa link, so allow 2 minutes of
                # grace": the verb asking for it, and the reason said before it
                at = m.start()
                subject = _late_subject_word(self.s, at) if pattern is LATE_SAID else None
                if subject:
                    self.mask(subject.start("w"), at)
                    at = subject.start("w")
                verb = GRACE_VERB.search(self.s, max(0, at - 30), at)
                if verb:
                    self.mask(verb.start(), at)
                    at = verb.start()
                why = LATE_BECAUSE.search(self.s, max(0, at - 120), at)
                if why and _late_reason_plain(self.s, why):
                    self.mask(why.start(), at)
                return

    def build_window(self, thresholds: list[Cond]) -> dict[str, Any] | None:
        if thresholds and not (self.aggs or self.window_words or self.window or self.group_by):
            # "keep orders with more than 5 items": nothing is counted per window, so the count
            # is a field of each record, which the request does not name
            words = self.text[thresholds[0].pos : thresholds[0].end or thresholds[0].pos + 40]
            if self.session is not None:
                # "sessionize per user_id ... Emit sessions with more than 100 actions": a
                # threshold on each session, which the sessions step (one row per event) lacks
                raise RequestNotUnderstood(
                    f"cannot read {words.strip()!r} with the sessions step: it emits each event "
                    "with its session's metrics, and keeping whole sessions by a count is not "
                    "supported there; for one row per session with a threshold use a session "
                    'window, e.g. "count events per user_id in session windows with a 30 minute '
                    'gap, keep only windows with more than 100 events"'
                )
            raise RequestNotUnderstood(
                f"cannot read {words.strip()!r}: no window or count is asked for, so this is a "
                'condition on a field of each record; name the field (e.g. "keep orders where '
                'item_count > 5")'
            )
        if not (
            self.aggs
            or thresholds
            or (self.window_words and ("size_ms" in self.window or self.window.get("type")))
        ):
            if self.window.get("grace_ms"):  # never dropped: "..., allowing 1 minute of grace"
                raise RequestNotUnderstood(
                    f"a grace of {ms_text(self.window['grace_ms'])} for late records, but no "
                    "window or join here waits for them; say which step it is for, e.g. "
                    '"count orders per minute with 30 seconds of grace"'
                )
            return None
        aggs: list[dict[str, Any]] = []
        said_at: dict[str, int] = {}  # where each aggregate was first said
        given: set[str] = set()  # the names the request gave ("sum amount as revenue")
        for a in self.aggs:
            built = self._agg(a)
            if a.pos in self.aliased:
                given.add(built["name"])
            generic = built == {"name": "event_count", "fn": "count"}
            if generic and any(x["fn"] == "count" for x in aggs):
                continue  # "count orders ... the count": the count already asked for
            if not generic:  # "the count ... count orders": the named count replaces it
                aggs = [x for x in aggs if x != {"name": "event_count", "fn": "count"}
                        or built["fn"] != "count"]  # fmt: skip
            same = next((x for x in aggs if x != built and _agg_key(x) == _agg_key(built)), None)
            if same is not None:  # "track revenue per store: sum amount ...": one sum said twice
                self._refuse_counts_of_two_kinds(built, same)
                if built["name"] in given and same["name"] not in given:
                    # "hourly revenue per store: ..., sum amount as revenue": the name given wins
                    built, same = same, same | {"name": built["name"]}
                    aggs[aggs.index(built)] = same
                    if self.top_n is not None and self.top_n["order_by"] == built["name"]:
                        self.top_n["order_by"] = same["name"]
                elif same["name"] not in given and self._ranked_by_word(built, same):
                    # "count catches, keep the top 3 by catches": the ranking names the
                    # count it ranks by ("the fewest picks" names none: pick_count)
                    aggs[aggs.index(same)] = same = same | {"name": built["name"]}
                self.assumptions.append(
                    f"read {built['name']!r} as {same['name']!r}: both are {built['fn']}"
                    f"({built.get('field') or ''}), computed once"
                )
                if self.top_n is not None and self.top_n["order_by"] == built["name"]:
                    self.top_n["order_by"] = same["name"]  # "count picks ..., fewest picks"
                continue
            if built in aggs:
                self._refuse_same_agg_of_two_topics(built, said_at[built["name"]], a.pos)
            if built not in aggs:  # said twice ("how many orders ...: count orders")
                aggs.append(built)
                said_at[built["name"]] = a.pos
        _refuse_repeated_names(aggs)
        having = None
        havings: list[dict[str, Any]] = []
        for c in thresholds:
            if c.subject == IT:
                if not aggs:
                    raise RequestNotUnderstood(
                        "threshold on 'it': name the metric (e.g. \"when the count exceeds 20\")"
                    )
                target = aggs[-1]
                named_by = (
                    self.it_names.get(c.pos),
                    self.it_fns.get(c.pos),
                )
                # "sum and max amount ..., keep merchants where it is above 100": which one?
                if (c.pos in self.it_single and len(aggs) != 1) or (
                    named_by == (None, None) and len(aggs) > 1
                ):
                    words = self.text[c.pos : c.end or c.pos + 40].strip()
                    raise RequestNotUnderstood(
                        f"cannot read {words!r}: the window computes "
                        f"{', '.join(a['name'] for a in aggs)}; name the aggregate the "
                        'threshold is on (e.g. "where avg_temperature > 30")'
                    )
                by_name = self.it_names.get(c.pos)
                if by_name is not None:  # "where total_litres > 5000": the aggregate named
                    target = next((a for a in aggs if a["name"].lower() == by_name), target)
                fn = self.it_fns.get(c.pos)
                if fn is not None:  # "whose average is above 30": the window's average
                    named = [a for a in aggs if a["fn"] == fn]
                    if len(named) != 1:
                        words = self.text[c.pos : c.end or c.pos + 40].strip()
                        raise RequestNotUnderstood(
                            f"cannot read {words!r}: the window computes "
                            f"{', '.join(a['name'] for a in aggs)}; name the aggregate the "
                            'threshold is on (e.g. "where avg_temperature > 30")'
                        )
                    target = named[0]
                havings.append({"aggregate": target["name"], "op": c.op, "value": float(c.value)})
                continue
            agg = agg_from_phrase(c.subject)
            assert agg is not None
            unitless = (agg.phrase or "").lower()
            # "total tips" of a window summing tip_amount: the field's stem said in the plural
            stems = {unitless, singular(unitless)}
            suffixed = [
                a
                for a in aggs
                if a["fn"] == agg.fn
                and any(
                    re.fullmatch(rf"{re.escape(w)}_[a-z0-9]+", a.get("field") or "") for w in stems
                )
            ]
            stem_only = re.fullmatch(r"[a-z][a-z0-9]*", unitless) and not any(
                self.has(w) for w in stems
            )
            if stem_only and len(suffixed) > 1:
                # "sum tip_amount and sum tip_count ..., couriers whose total tips exceed 100"
                raise RequestNotUnderstood(
                    f"cannot read {c.subject!r}: the window computes "
                    f"{', '.join(a['name'] for a in suffixed)}; name the one the threshold is on "
                    '(e.g. "where avg_temperature > 30")'
                )
            if stem_only and len(suffixed) == 1 and c.op in THRESHOLD_OPS:
                # "sum energy_kwh ..., stations with a total energy of at least 500": the sum
                # the window computes (its field said without the unit), never a second sum of
                # a field 'energy' the records may lack
                self.assumptions.append(
                    f"read {c.subject!r} as {suffixed[0]['name']!r}: the "
                    f"{suffixed[0]['field']!r} the request aggregates"
                )
                havings.append(
                    {"aggregate": suffixed[0]["name"], "op": c.op, "value": float(c.value)}
                )
                continue
            if agg.fn == "sum" and MONEY_HEAD.fullmatch(unitless):
                # "sum amount_usd per arena_id ..., arenas with revenue above 5000": the money
                # the window sums, never a second sum of a money field the records may lack
                sums = [a for a in aggs if a["fn"] == "sum"]
                own = [a for a in sums if unitless in a["name"].lower()]
                if len(own) != 1 and len(sums) > 1:
                    raise RequestNotUnderstood(
                        f"cannot read {c.subject!r}: the window computes "
                        f"{', '.join(a['name'] for a in sums)}; name the sum the threshold is "
                        'on (e.g. "where avg_temperature > 30")'
                    )
                if own or sums:
                    target = (own or sums)[0]
                    if not own:
                        self.assumptions.append(
                            f"read {c.subject!r} as {target['name']!r}: the one sum the "
                            "window computes"
                        )
                    havings.append(
                        {"aggregate": target["name"], "op": c.op, "value": float(c.value)}
                    )
                    continue
            built = self._agg(agg)
            match = next((a for a in aggs if a["name"] == built["name"]), None) or next(
                (a for a in aggs if (a["fn"], a.get("field"), a.get("quantile"))
                 == (built["fn"], built.get("field"), built.get("quantile"))), None)  # fmt: skip
            if match is None and built["fn"] == "count":
                match = next((a for a in aggs if a["fn"] == "count"), None)
                if match is not None:
                    self._refuse_other_counted(c, match)
            if match is None:
                self._refuse_verb_in_field(c, built, aggs)
                if aggs:  # "sum amount ..., drop adjusters whose average amount is below 100"
                    self.assumptions.append(
                        f"added {built['name']!r} to the window's output for the threshold on "
                        f"{c.subject!r}: a threshold is on a computed aggregate"
                    )
                aggs.append(built)
                match = built
            havings.append({"aggregate": match["name"], "op": c.op, "value": float(c.value)})
        # "Flag cards with more than 5 transactions ...: ... only emit windows where the count is
        # above 5": one threshold said twice
        havings = [_supported_having(h, aggs) for h in havings]
        distinct = [h for i, h in enumerate(havings) if h not in havings[:i]]
        if len(distinct) > 1:
            raise RequestNotUnderstood(
                "more than one threshold on a window; only one having-condition is supported"
            )
        having = distinct[0] if distinct else None
        if not aggs and not self.group_by:
            batch = BATCH_THEN_EVERY.search(self.text)
            if batch:  # "with batches of 1k rows every 500 ms": the flush, not a window
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(batch.group(0).split())!r}: a flush interval or a "
                    'window? For the sink say "flushing every 500 ms"; for a window say what '
                    'it computes, e.g. "count orders every minute"'
                )
        if (
            not aggs
            and not thresholds
            and not self.group_by
            and not COMPUTED_WORDS.search(self.text)
        ):
            # "write ferry positions to clickhouse x every five minutes": nothing is computed, so
            # "every" says how often to write, never a window replacing records by a count
            said = next((m for p in TUMBLE for m in [p.search(self.text)] if m), None)
            words = " ".join(said.group(0).split()) if said else "every ..."
            raise RequestNotUnderstood(
                f"cannot read {words!r}: nothing is computed per window, and a window would "
                'replace the records by a count. Name what to compute ("count the records every '
                '5 minutes"), or say "flush every 5 minutes" for how often ClickHouse writes '
                "(records are passed on as they come)"
            )
        picked = next(  # (not one a dedup or a sink keeping the latest row read: masked)
            (
                p
                for p in PICK_ONE.finditer(self.text)
                if MASK not in self.s[p.start("w") : p.end("w")]
            ),
            None,
        )
        if picked:  # "the first order per customer_id every day": one record, not a count
            raise RequestNotUnderstood(
                f"cannot read {' '.join(picked.group('w').split())!r} per window: a window "
                "computes counts, sums, averages, minimums, maximums, distinct counts and "
                "percentiles, not one chosen record; for the first record per key in a time "
                'span deduplicate, e.g. "deduplicate by event_id over 1 hour"'
            )
        unread_metric = METRIC_WORD.search(self.text)
        if not aggs and unread_metric:  # "order_total summed per store_id": never a count
            raise RequestNotUnderstood(
                f"cannot read {unread_metric.group(0)!r}: no field was read for it, and the "
                "window would count records instead; name the field next to it, e.g. "
                '"sum order_total per store_id every hour"'
            )
        topic_words = self.topic_words()
        unread_measure = next(  # (not the records' own name: "aggregate sales" on topic sales)
            (m for m in UNREAD_MEASURE.finditer(self.s) if m.group(0).lower() not in topic_words),
            None,
        )
        if not aggs and unread_measure:  # "hourly order value per store_id": never a count
            raise RequestNotUnderstood(
                f"cannot read {unread_measure.group(0)!r}: no aggregate was read for it, and the "
                "window would count records instead; say how it is computed and from which "
                'field, e.g. "sum order_total per store_id every hour"'
            )
        if not aggs:
            aggs.append({"name": "event_count", "fn": "count"})
            self.assumptions.append("no metric named for the window; counting events (event_count)")
        group_by = []
        names = self.group_names  # (read by build_top_n)
        aliases: dict[tuple[str, bool], str] = {}
        for text, quoted in self.group_by:
            again = None if quoted else self._named_again(text)
            if again is not None:
                # "the 3 stores ..., grouped by store_id": the stores are store_id
                aliases[text, quoted] = again
                continue
            session = self.window.get("type") == "session"
            if session and not quoted and text.lower() in ("session", "sessions", "each session"):
                continue  # "count the events per session" in a session window: the window
            one = singular(text.lower())
            a_field = self.has(text) or self.has(
                f"{one}_id"
            )  # ("for each run" with run_id: a field)
            if (
                session
                and not quoted
                and not a_field
                and (one in SESSION_NOUNS or one in _session_kind_nouns(self.text))
            ):
                # "for each trip count the pings" in a session window: a trip is a session
                self.assumptions.append(
                    f"'per {text}' read as per session: the session window's sessions, as no "
                    f"field is named {text!r}; name the field if the records carry one"
                )
                continue
            if not quoted and not a_field and CALENDAR_DATE.fullmatch(text):
                self._date_as_day_window(text)
                continue
            if not quoted:
                _refuse_time_group(text)
            explicit = quoted or not WORD_RUN.fullmatch(text)
            name = self.resolve(text, role="group", explicit=explicit, why="group-by")
            names[text, quoted] = name
            if name not in group_by:
                group_by.append(name)
        for key, other in aliases.items():
            names[key] = names.get((other, False))
        if not group_by:
            group_by = self._unnamed_groups()
        described = self.window.get("described")
        if described and not group_by:
            # "a visit is over when nothing arrives for 15 min" with no key: whose visits?
            raise RequestNotUnderstood(
                f"cannot read {' '.join(described.split())!r} without a group: whose sessions? "
                "one session of all records is never meant; name the field that tells them "
                'apart, e.g. "count events per user_id in session windows with a 15 minute gap"'
            )
        _refuse_distinct_of_group(aggs, group_by)
        data: dict[str, Any] = {"kind": "window", "group_by": group_by, "aggregates": aggs}
        wtype = self.window.get("type", "tumbling")
        data["type"] = wtype
        if wtype == "session":
            data["gap_ms"] = self.window.get("gap_ms")
        else:
            size = self.window.get("size_ms")
            if size is None and self.session is not None:
                # "count clicks per user session": the sessionize step emits each event with its
                # session's metrics; a default 1-minute window would count across sessions
                raise RequestNotUnderstood(
                    "an aggregate beside sessions without a window size: the sessions step "
                    "emits each event with its session's metrics (session_event_count, "
                    "session_duration_ms); for one figure per session use a session window, "
                    'e.g. "count events per user_id in session windows with a 15 minute gap", '
                    'or say the window ("count clicks per minute")'
                )
            if size is None:
                self._refuse_sent_distinct(aggs)
                size = DEFAULT_WINDOW_MS
                self.assumptions.append("no window size given; using 1-minute tumbling windows")
            data["size_ms"] = size
            if wtype == "hopping":
                data["slide_ms"] = self.window["slide_ms"]
        data["grace_ms"] = self.window.get("grace_ms", DEFAULT_WINDOW_GRACE_MS)
        if having:
            data["having"] = having
        return data

    def _date_as_day_window(self, text: str) -> None:
        """ "count orders by date" with no field named date: a calendar date is a daily window
        (one figure per day, the days in UTC), never a made-up field grouped per minute. A
        window of another size or kind said too is asked, never guessed."""
        size = self.window.get("size_ms")
        wtype = self.window.get("type", "tumbling")
        if wtype != "tumbling" or size not in (None, DAY_MS):
            said = "a session window" if wtype == "session" else f"{ms_text(size or 0)} windows"
            raise RequestNotUnderstood(
                f"cannot group by {text!r} with {said}: the records have no field named so, and "
                'a calendar date is a daily window; say "every day" for one figure per date, '
                "or name the field that holds the date (e.g. order_date)"
            )
        self.window.update(type="tumbling", size_ms=DAY_MS)
        self.assumptions.append(
            f"read the group {text!r} as tumbling windows of 1 day starting at midnight UTC (no field "
            "is named so); name the field if the records carry the date"
        )

    def _refuse_sent_distinct(self, aggs: list[dict[str, Any]]) -> None:
        """ "write unique orders to topic x" with no window nor group said: the distinct records
        (a dedup) were read as their number per minute; asked, never guessed."""
        if len(self.aggs) != 1 or self.aggs[0].fn != "count_distinct":
            return
        a = self.aggs[0]
        before = self.text[max(0, a.pos - 60) : a.pos]
        words = re.match(r"(?:the\s+)?(?:unique|distinct)\s+", self.text[a.pos :], ICASE)
        if words:
            before += words.group(0)
        if not _SENT_DISTINCT.search(before):
            return
        field = aggs[0].get("field") if aggs else None
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, a.pos, a.pos + 1)!r}: the distinct records "
            f"themselves, or the number of distinct {field or 'values'} per window? For the "
            f'records say "deduplicate by {field or "<field>"} within 1 hour"; for the number, '
            f'"count distinct {field or "<field>"} every minute"'
        )

    def _unnamed_groups(self) -> list[str]:
        """ "devices with more than 30 readings per minute" with no group-by: the devices are
        groups the request never names a field for; counting all records together is wrong.
        A field of the input schema that names them ("pages": the clickstream preset's
        page_url) is the group-by (listed); otherwise refused."""
        # the records' own noun is the topic's last word ("views" on page-views); the words
        # before it say what they are about ("pages with more than 1000 views": page groups)
        topic_stems = {w[:4] for _, t in self.topics
                       for w in re.split(r"[^a-z0-9]+", t.lower())[-1:] if len(w) >= 4}  # fmt: skip
        for m in GROUP_NOUN_WITH.finditer(self.text):
            noun = m.group("noun").lower()
            if noun in NOT_GROUP_NOUNS or noun[:4] in topic_stems:
                continue
            one = singular(noun)
            known = {n.lower(): n for n in self.names()}
            field = next((known[c] for c in (f"{one}_id", one, ENTITY_FIELDS.get(one))
                          if c and c in known), None)  # fmt: skip
            if field is not None:
                self.assumptions.append(
                    f"read '{noun} with ...' as the window's groups, one per {field} (the "
                    f"field of the {self.schema_label} that names them); name the field if it "
                    "is another"
                )
                return [field]
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), m.end())!r}: the window has "
                f"no group-by, so '{noun}' names no field; say which field tells them apart "
                '(e.g. "count readings per device_id every minute, only devices with more than 30 '
                'readings")'
            )
        return []

    def _named_again(self, text: str) -> str | None:
        """The group-by field ("store_id") that names a plain noun group ("stores") again."""
        words = text.lower().split()
        if "_" in text or len(words) > 2:
            return None
        # "vending machines" named by machine_id (its head noun) or vending_machine_id
        stems = {singular(words[-1]), "_".join([*words[:-1], singular(words[-1])])}
        if words[-1].endswith("us"):  # "the five skus ... per sku_code" (singular keeps "skus")
            stems.add(words[-1][:-1])
        again = next(
            (
                other
                for other, q in self.group_by
                if not q
                and other != text
                and (
                    other.lower()
                    # "the top 3 floors ..., per floor_number": the floors are floor_number
                    in {f"{stem}_{end}" for stem in stems for end in ID_ENDINGS}
                    # "the 10 terms with the lowest clicks, grouped by query_term"
                    or any(other.lower().endswith(f"_{stem}") for stem in stems)
                    # "the top 3 locomotives ..., per loco_id": the field's word cut short
                    or (len(words) == 1 and abbreviated_field(words[0], other))
                )
            ),
            None,
        )
        if again is not None and len(words) == 2:
            self._refuse_selecting_modifier(text, again)
        if again is not None and len(words) == 1 and abbreviated_field(words[0], again):
            self.assumptions.append(
                f"read {text!r} as the groups of {again} (its name a short form of the noun)"
            )
        return again

    @staticmethod
    def _refuse_verb_in_field(c: Cond, built: dict[str, Any], aggs: list[dict[str, Any]]) -> None:
        """ "average price per symbol ..., symbols whose average price ended below 10": the
        window averages price already, so the words after it ('ended') are a verb of the
        sentence, never part of a second field 'price_ended' the records do not have."""
        field = built.get("field") or ""
        for a in aggs:
            head = a.get("field") or ""
            if a["fn"] == built["fn"] and head and field.startswith(head + "_"):
                raise RequestNotUnderstood(
                    f"cannot read {c.subject!r}: the window computes {a['name']!r}; is "
                    f"{field[len(head) + 1 :].replace('_', ' ')!r} part of a field's name? name "
                    'the aggregate the threshold is on (e.g. "where avg_temperature > 30")'
                )

    def _refuse_other_counted(self, c: Cond, count: dict[str, Any]) -> None:
        """ "count faults per ride_id ..., only when there are more than 3 rides": the threshold
        counts another noun than the window does (rides, one per group, or another record),
        so it is no threshold on fault_count; refused quoting the words."""
        said = c.subject.lower().removeprefix("count ").strip()
        if not c.subject.lower().startswith("count ") or said in ("records", "events", ""):
            return
        noun = singular(said)
        grouped = any(g.lower() in (noun, f"{noun}_id") for g, _q in self.group_by)
        counted = re.fullmatch(r"(?P<what>[a-z][a-z0-9_]*)_count", count["name"].lower())
        other = counted is not None and singular(counted["what"]) != noun
        if grouped or other:
            words = " ".join(self.text[c.pos : c.end or c.pos + 40].split())
            why = (
                f"the window groups by {noun}, so each group is one {noun}"
                if grouped
                else f"the window counts {counted['what'] if counted else ''}s"
            )
            raise RequestNotUnderstood(
                f"cannot read {words!r} as a threshold on {count['name']}: {why}; say the "
                f'count the threshold is on, as in "only when {count["name"]} is above 3"'
            )

    def _refuse_selecting_modifier(self, text: str, field: str) -> None:
        """ "the 3 busiest electric stations" per station_id: the word before the groups' noun
        may pick some of them (electric ones only), which the field does not say. Read when the
        field's name or the topic's says it ("vending machines" by vending_machine_id, on topic
        vending.sales) or when it is a plain noun of a compound ("coffee shops"); an adjective
        or a word that selects ("flagship", "downtown") is refused quoting the words."""
        modifier = text.lower().split()[0]
        said = set(field.lower().split("_")) | self.topic_words()
        if modifier in said or singular(modifier) in said:
            return
        if modifier not in SELECTING_MODIFIERS and not ADJECTIVE_ENDING.search(modifier):
            return  # a noun making a compound with the groups' ("coffee shops", "bus stops")
        raise RequestNotUnderstood(
            f"cannot read {text!r} as the {field} groups: {modifier!r} may pick only some of "
            f'them, and no field says which; rank them all ("the top 3 by ...") or filter '
            f"first, as in \"keep records where kind = '{modifier}'\""
        )

    def _tally_summed(self, a: Agg) -> bool:
        """ "Sum impressions per screen_id": the verb 'sum' said of a plural a record may carry
        as a tally (lexicon.TALLY_PLURALS) reads it as the field of that name, listed ("total
        impressions" counts the records; "sum orders" is refused, an order being no number)."""
        noun = a.phrase.strip().lower() if a.fn == "sum" and a.phrase else ""
        if noun not in TALLY_PLURALS:
            return False
        said = SUM_VERB_SAID.match(self.text, a.pos)
        if not said or said["noun"].lower() != noun:
            return False
        self.assumptions.append(
            f"read {' '.join(said.group(0).split())!r} as the sum of a number field {noun!r} "
            f'(each record holding a tally of {noun}); say "count {noun}" for the number of '
            "records"
        )
        return True

    def _refuse_counts_of_two_kinds(self, a: dict[str, Any], b: dict[str, Any]) -> None:
        """ "count orders per store and count refunds per store", "read topic orders ... and
        also read topic refunds and count refunds ...": two counts naming two kinds of records.
        Nothing tells the kinds apart (the topics read are one stream; a filter would apply to
        both counts), so one count would tally both: never read as the same count."""
        if a["fn"] != "count" or b["fn"] != "count" or a.get("field") or b.get("field"):
            return
        kinds = {x["name"].removesuffix("_count") for x in (a, b) if x["name"].endswith("_count")}
        if len(kinds) < 2 or kinds & _ANY_RECORD_KIND:
            return
        if not all(re.search(rf"\b{re.escape(k)}(?:s|es)\b", self.text, ICASE) for k in kinds):
            return  # ("keep the 3 most borrowed books" after "count loans": a ranking's verb)
        one, two = sorted(kinds)
        topics = {singular(re.split(r"[^a-z0-9]+", t.lower())[-1]) for _, t in self.topics}
        why = (
            "the topics read are one stream, so each count would tally the records of both; "
            "write one pipeline per topic (a request each)"
            if kinds <= topics
            else "both would count every record read, and a filter selecting one kind applies "
            "to every aggregate; write one pipeline per kind (each with its filter)"
        )
        raise RequestNotUnderstood(
            f"cannot count {one}s and {two}s apart: {why}, or count the records once"
        )

    def _refuse_same_agg_of_two_topics(self, agg: dict[str, Any], first: int, again: int) -> None:
        """ "read topics orders and refunds, sum amount of orders and sum amount of refunds": the
        same aggregate said of the records of two topics read as one stream; read once, it
        would total both together."""
        of = r"\S+\s+(?:\S+\s+)?of\s+(?:the\s+|all\s+)?(?P<n>[a-z]+)"
        nouns = [re.match(of, self.text[pos:], ICASE) for pos in (first, again)]
        topics = {singular(re.split(r"[^a-z0-9]+", t.lower())[-1]) for _, t in self.topics}
        kinds = {singular(m["n"].lower()) for m in nouns if m}
        if len(kinds) == 2 and kinds <= topics:
            one, two = sorted(kinds)
            raise RequestNotUnderstood(
                f"cannot compute {agg['name']} of {one}s and of {two}s apart: the topics read "
                "are one stream, so it would total the records of both; write one pipeline per "
                "topic (a request each), or compute it once over both"
            )

    def _ranked_by_word(self, built: dict[str, Any], same: dict[str, Any]) -> bool:
        """The top-N ranks "by <noun>" (its own count, `built`) the count the request said
        before with no name (`same`, named <noun>_count): the noun names the column."""
        undefined = self.top_n_undefined
        if self.top_n is None or undefined is None or built["fn"] != "count":
            return False
        agg, end, said = undefined
        if agg.name != built["name"] or self.top_n["order_by"] != built["name"]:
            return False
        if same["name"] != f"{singular(said.lower())}_count":
            return False
        return (
            re.search(rf"\bby\s+(?:the\s+)?{re.escape(said)}\s*$", self.text[:end], ICASE)
            is not None
        )

    def _basket_field(self, a: Agg, basket: re.Match[str]) -> str:
        """ "the average basket", "the biggest cart": a basket is what one customer buys at once,
        and the words say neither its size nor its value; the records' one field named for it
        ("basket_total") is read (listed), else which field is asked, never a field 'basket'
        made up."""
        assert a.phrase is not None
        said = " ".join(a.phrase.split())
        snake = "_".join(said.lower().split())
        names = self.known_names()
        if snake in names:
            return snake
        word = singular(basket.group(0).split()[-1].lower())
        found = [n for n in names if word in n.lower().split("_")]
        if len(found) == 1:
            self.assumptions.append(
                f"read {said!r} as the field {found[0]!r}, the records' one {word} field"
            )
            return found[0]
        held = f" (the records hold {', '.join(found)})" if found else ""
        raise RequestNotUnderstood(
            f"cannot read {said!r}: a {word} is what one customer buys at once, and its size "
            f"(items) or its value (money) is a field of the records: which one?{held} Name it, "
            'e.g. "average item_count per store_id every hour" or "average order_total ..."'
        )

    def _single_record_measure(self, a: Agg, single: re.Match[str]) -> str:
        """ "the highest single sale per store_id": one record's value, the money of a money
        record (a sale, an order, a payment), read as the records' one amount-like field the
        input schema holds (listed); with none or several, or a record that is no money, which
        field is meant is asked, never a field 'single_sale' made up."""
        assert a.phrase is not None
        said = f"{'highest' if a.fn == 'max' else 'lowest'} {' '.join(a.phrase.split())}"
        fn = "maximum" if a.fn == "max" else "minimum"
        noun = single["n"].lower()
        paid = re.fullmatch(MONEY_RECORDS, noun, ICASE) is not None
        # ("amount", "amount_eur", "order_total": never "tip_amount", a part of the amount)
        own = {singular(noun), noun} | _AMOUNT_WORDS | _CURRENCY_WORDS
        names = self.known_names()
        money = [n for n in names if set(n.lower().split("_")) & _AMOUNT_WORDS]
        # ("sum amount_eur ... the largest single transaction" with the sales preset: the
        # fields the request names, not the preset's amount)
        guessed = {f.name for f in PRESETS[self.preset]} if self.preset else set()
        money = [n for n in money if n not in guessed] or money
        found = [n for n in money if set(n.lower().split("_")) <= own]
        if not paid or len(found) != 1:
            held = f" (the records hold {', '.join(money)})" if money else ""
            raise RequestNotUnderstood(
                f"cannot read {a.phrase!r}: the {fn} of which field of each "
                f'{singular(noun)}?{held} Name it, e.g. "max amount per store_id every hour"'
            )
        self.assumptions.append(
            f"read {said!r} as the {fn} of {found[0]!r}, each {singular(noun)}'s "
            "amount (the one amount field of the records)"
        )
        self.retyped_as_number(found[0], "the request aggregates it as a number")
        return found[0]

    def _agg(self, a: Agg) -> dict[str, Any]:
        data: dict[str, Any] = {"name": a.name, "fn": a.fn}
        if a.fn != "count":
            assert a.phrase is not None
            single = SINGLE_RECORD.fullmatch(a.phrase.strip())
            if single and not a.explicit and a.fn in ("max", "min"):
                data["field"] = self._single_record_measure(a, single)
                return data
            basket = BASKET_WORD.fullmatch(a.phrase.strip()) if not a.explicit else None
            if basket:
                data["field"] = self._basket_field(a, basket)
                self.retyped_as_number(data["field"], "the request aggregates it as a number")
                return data
            if (
                not a.explicit
                and a.fn in ("max", "min", "sum", "avg")
                and re.fullmatch(COUNT_NOUNS, a.phrase.strip(), ICASE)
                and a.phrase.strip().lower() not in MEASURED_NOUNS
                and not self._tally_summed(a)
            ):  # "the largest order per customer": the records are not a number
                raise RequestNotUnderstood(
                    f"cannot read {a.fn} of {a.phrase!r}: it names the records, not a number "
                    'field; name the field (e.g. "max amount per customer_id every day")'
                )
            glued = [w for w in re.split(r"[\s_]+", a.phrase.lower()) if w in NEVER_IN_MEASURE]
            # ("max minus min of temp_c": 'minus' alone is never a field either)
            if not a.explicit and glued and (" " in a.phrase.strip() or a.phrase.strip() in glued):
                raise RequestNotUnderstood(  # "sum amount minus discount": not one field's name
                    f"cannot read {a.phrase!r} as the field of {a.fn}: {glued[0]!r} is never part "
                    "of a field's name; compute the value first (e.g. \"compute total = price * "
                    'quantity") or filter the records first'
                )
            role = "entity" if a.fn == "count_distinct" else "measure"
            data["field"] = self.resolve(a.phrase, role=role, explicit=a.explicit, why=f"{a.name}")
            if role == "measure":
                self.retyped_as_number(data["field"], "the request aggregates it as a number")
        if a.quantile is not None:
            data["quantile"] = a.quantile
        return data


def _refuse_distinct_of_group(aggs: list[dict[str, Any]], group_by: list[str]) -> None:
    """ "count distinct visitor_id per page per hour by visitor_id": a distinct count of a field
    the window also groups by is 1 in every group, never what was asked; refused."""
    for agg in aggs:
        if agg["fn"] == "count_distinct" and agg.get("field") in group_by:
            field = agg["field"]
            others = [g for g in group_by if g != field]
            per = f" per {' and '.join(others)}" if others else ""
            raise RequestNotUnderstood(
                f"a distinct count of {field!r} in windows grouped by {field!r} is 1 in every "
                f"group; to count the different {field} values{per}, leave {field!r} out of "
                f'the grouping ("count distinct {field}{per}", with the window)'
            )


def _refuse_repeated_names(aggs: list[dict[str, Any]]) -> None:
    """ "Slowest 2 lifts by average wait: ... average wait_s as avg_wait": two different
    aggregates under one name (the headline's 'average wait' is avg(wait), a field no one
    named) are never output columns of their own; which one is meant is asked."""
    for i, agg in enumerate(aggs):
        other = next((x for x in aggs[i + 1 :] if x["name"] == agg["name"]), None)
        if other is None:
            continue
        said = [f"{x['fn']}({x.get('field') or ''})" for x in (agg, other)]
        raise RequestNotUnderstood(
            f"two different aggregates are named {agg['name']!r}: {said[0]} and {said[1]}; "
            "say each aggregate once with the field it reads, and give each its own name "
            '("avg wait_s as avg_wait, max wait_s as max_wait")'
        )


# "per month", "per day (UTC)", "by created_at": calendar words, time zones and time fields are
# never group-by fields (a group per instant puts each record in a window of its own)
CALENDAR_UNITS = re.compile(
    r"calendar|(?:calendar\s+)?(?:month|year|quarter|week|day|hour|minute|second|hr|min|sec|wk)s?",
    ICASE,
)
# "per night", "per shift", "per season": a stretch of time with no fixed length in the request
# (a window is one fixed size), or a field holding its label; either way not read as a field
DAY_PARTS = re.compile(
    r"(?:(?:each|every|the)\s+)?(?:night|evening|morning|afternoon|weekend|weekday|shift|slot|season"
    r"|fortnight|semester|decade)s?",
    ICASE,
)
# "by date", "per calendar date": the day a record happened, which no field is named for
CALENDAR_DATE = re.compile(r"(?:the\s+|each\s+|every\s+)?(?:calendar\s+)?dates?", ICASE)
DAY_MS = 86_400_000
TIME_ZONES = re.compile(r"utc|gmt|cet|cest|est|edt|pst|pdt|z|[a-z]+/[a-z_]+", ICASE)
TIME_FIELD = re.compile(r"timestamp|ts|time|event_time|\w+_(?:at|ts|time|timestamp)", ICASE)


def _refuse_time_group(text: str) -> None:
    if CALENDAR_UNITS.fullmatch(text):
        raise RequestNotUnderstood(
            f"cannot group by {text!r}: it is a span of time, not a field; a window has a fixed "
            'size (calendar months, quarters and years are not one), e.g. "every 30 days"'
        )
    if DAY_PARTS.fullmatch(text):
        raise RequestNotUnderstood(
            f"cannot group by {text!r}: it names a stretch of time, and a window has one fixed "
            'size: say it, e.g. "every 8 hours" or "every 24 hours"; if the records carry it '
            "as a field, give the field's name (e.g. shift_id)"
        )
    if TIME_ZONES.fullmatch(text):
        raise RequestNotUnderstood(
            f"cannot group by {text!r}: a time zone is not a field, and windows are not aligned "
            "to one (they start at whole multiples of their size since 1970-01-01 UTC); remove it"
        )
    if TIME_FIELD.fullmatch(text):
        raise RequestNotUnderstood(
            f"cannot group by {text!r}: it is a time, so each record would be a group of its own; "
            'to window by that time, name it the event time, e.g. "count orders per store_id '
            'every 5 minutes with event time created_at"'
        )


# "the average basket", "the biggest cart": what one customer buys at once, its size or its
# value unsaid ("basket size", "basket value" name a field)
BASKET_WORD = re.compile(r"(?:shopping\s+)?(?:baskets?|carts?|trolleys?)", ICASE)
# "single sale", "individual order": one record, its value the aggregate's field
SINGLE_RECORD = re.compile(r"(?:single|individual)\s+(?P<n>[a-z]+)", ICASE)
# money records, each one an amount ("the highest single sale")
MONEY_RECORDS = (
    r"(?:orders?|payments?|transactions?|txns?|purchases?|sales?|invoices?|refunds?|transfers?"
    r"|deposits?|withdrawals?|bookings?|trades?|charges?)"
)
# the words of a field's name that make it the amount of a money record
_AMOUNT_WORDS = word_set("amount total price value revenue spend fare cost")
_CURRENCY_WORDS = word_set("eur usd gbp chf jpy aud cad nzd sek nok dkk cents")


# Words that never sit inside a measured field's name: arithmetic, naming, a qualifier, and
# the words that leave something out ("sum amount excluding tax": was sum(amount_excluding_tax))
NEVER_IN_MEASURE = (
    word_set("""minus plus times divided multiplied named called aliased labelled labeled positive
        negative nonzero non-zero weighted rounded truncated converted less""") | EXCEPTION_WORDS
)


# "devices with more than 30 readings", "stores whose max amount is above 100": groups named by
# a plural noun
GROUP_NOUN_WITH = re.compile(
    r"\b(?P<noun>[A-Za-z]{3,}s)\s+(?:with|whose|that\s+(?:have|had|has)|having|which\s+have)\b",
    ICASE,
)
NOT_GROUP_NOUNS = word_set(
    """records events rows messages entries items ones those lines windows counts totals sums
    results values fields columns details others keys these us is was has does always"""
)


# "in batches of 1k rows every 500 ms": a sink's batching said before "every ..."
BATCH_THEN_EVERY = re.compile(
    r"\b(?:batch\w*|rows|records|flush\w*|commit\w*)\b[^,;.\n]{0,30}?\bevery\s+\S+(?:\s+\S+)?",
    ICASE,
)


# "hold_s is over 5 minutes": a field whose name says a time unit, compared with a duration
_COMPARED_FIELD_BEFORE = re.compile(
    r"(?<![\w.])(?P<f>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)\s+(?:is|are|was|were)\s+"
    r"(?:not\s+)?$",
    ICASE,
)


def _field_compared_before(s: str, m: re.Match[str]) -> bool:
    """Whether the words `m` ("over 5 minutes") compare a field named right before them with a
    duration in another time unit than its own (read by the filters, converted when whole)."""
    before = _COMPARED_FIELD_BEFORE.search(s, max(0, m.start() - 60), m.start())
    if before is None or not re.match(r"over\b", m.group(0), ICASE):
        return False
    unit = re.search(r"([A-Za-z]+)\s*$", m.group(0))
    return unit is not None and time_factor(unit.group(1), before["f"]) is not None
