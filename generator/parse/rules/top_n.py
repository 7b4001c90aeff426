"""Recogniser: top-N per window ("top 5 pages by views every 10 minutes", "the 3 product_id
values with the highest revenue (sum of amount)", "bottom 3 stores by total sales").

The ranked entity joins the window's group-by, the ranking metric becomes one of the window's
aggregates (named as the request names it: "by views" -> a count named `views`), and a
`top_n` step follows the window. The window's size comes from the window recogniser ("every
10 minutes", "hourly"); a top-N without one is refused at assembly. A ranking within each group
of another field ("top 3 products by revenue in each category") ranks `per` that field, which
the window groups by too.
"""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from . import lazy_re as re
from .aggregate_phrases import FN_WORDS, agg_from_phrase
from .counted_records import COUNTED_ENTITIES
from .fields import SchemaResolver
from .lexicon import (
    COUNT_NOUNS,
    DONE_VERB_RECORDS,
    ENTITY_FIELDS,
    FIELD_RE,
    ID_ENDING,
    MASK,
    RANK_WITH,
    _snake,
    name_words,
    noun_names_field,
    read_list,
    singular,
    stem,
    unquote,
    word_set,
)
from .lexicon import RANK_HIGH as HIGH
from .lexicon import RANK_LOW as LOW
from .quantities import DUR1, ICASE
from .sinks import ORDER_BY, SORT_WAY
from .state import Agg

# ("top 5 item_sku rows by revenue": after a field's name, the window's rows, one per group,
# name no field; after a plain word they may be its compound, "journal entries")
_GROUP_ROWS = r"(?:rows|records|entries)"
# ("the 5 station_id that had the fewest rentals": 'that' starts the clause, never the name)
_STOPS = (
    r"(?:by|with|per|in|every|each|over|from|into|to|and|or|so|then|but|for|on|at|that|which|who|values|ids|keys|ranked"
    r"|ordered|sorted|measured)"
)
GROUP = (
    # "customers (customer_id)": the field in parentheses is the group
    # ("lifeguard towers (tower_id)": a noun of up to three words)
    r"(?:(?:[A-Za-z]+\s+){0,2}[A-Za-z]+\s*\(\s*(?P<gp>[A-Za-z_]\w*)\s*\)|"
    rf"(?P<g>`[^`\n\x00]+`|[A-Za-z]\w*_\w*(?=\s+{_GROUP_ROWS}\b)"
    # ("the top 3 rows by goals": the window's rows, no group named; read below)
    rf"|(?!{_GROUP_ROWS}\b)[A-Za-z_]\w*(?:\s+(?!{_STOPS}\b)[A-Za-z_]\w*)?)"
    rf"(?:\s+(?:values|ids|keys|{_GROUP_ROWS}))?)"
)
# "by how many pours they had", "... it got": what the ranked groups had, counted
_HAD = r"(?:had|has|have|got|gets|get|received|receives|made|makes|logged|logs|saw|sees|did)\b"
# "count picks", "the number of picks": the request counts the noun
COUNTED = r"(?:count(?:s|ed|ing)?|tally|number\s+of|how\s+many)"
METRIC = (
    # "total ticket revenue (sum of price)": a name of a few words, defined in parentheses
    r"(?:(?P<named>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*){0,3})\s*\((?P<def>[^()\x00]*)\)"
    # "by total ticket revenue, i.e. the sum of price": the definition after an explanation word
    r"|(?P<named2>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*){0,3}?)\s*(?:,\s*|\s+[-\u2013\u2014]+\s*|\s+)"
    r"(?:i\.\s?e\.?|ie|that\s+is|meaning|namely|defined\s+as)\s*,?\s*"
    r"(?P<def2>(?:the\s+)?(?:sum|total|average|avg|mean|number|count|max|maximum|min|minimum"
    r"|median)\s+(?:of\s+)?(?:the\s+)?[A-Za-z_]\w*)(?=\s*(?:[,;.)\u2013\u2014]|\s-|$)|\s+(?:from|every|each|per"
    r"|in|into|to|and|then|over|for|on)\b)"
    # ("by how many pours they had": the count, said as a question, read as "number of")
    r"|(?P<m>(?:(?P<many>how\s+many\s+)|(?:total|gross|net|number\s+of|avg|average|mean|max"
    # ("ranked by summed headcount": the aggregate said as a participle)
    r"|maximum|min|minimum|sum\s+of|sum|median|summed|averaged|p\d{1,2})\s+)?[A-Za-z_]\w*"
    rf"(?:\s+counts?)?)(?(many)(?:\s+(?:they|it|each|each\s+one)\s+{_HAD})?|))"
)
# "total sales", "gross takings": money taken, summed (a count of "sales" is another metric)
MONEY_TOTAL = re.compile(
    r"(?:total|gross|net)\s+(?P<noun>sales|takings|turnover|income|earnings)", ICASE
)
# Words that may follow the ranking metric; any other word continues the metric's name ("by
# total ticket revenue"), which would be cut short.
AFTER_METRIC = re.compile(
    r"\s+(?!(?:from|every|each|per|in|into|to|and|or|over|for|on|within|during|across|then"
    r"|where|with|of|at|as|named|called|hourly|daily|weekly|nightly|values|ids|keys)\b)[A-Za-z_]\w*",
    ICASE,
)
# "top 5 beers by pours and by revenue", "..., then by price": a second ranking metric (a top-N
# ranks by one; a tie-breaker is not read)
SECOND_METRIC = re.compile(
    r"\s*,?\s+(?:and|or|then|plus)\s+(?:also\s+|then\s+)?by\s+(?:the\s+)?[A-Za-z_]\w*", ICASE
)
# "the 5 lots with the most bids (by bid_count)": the measure's name, restated in parentheses
RESTATED_BY = re.compile(
    r"\s*\(\s*(?:ranked\s+|ordered\s+|sorted\s+)?by\s+(?P<name>[A-Za-z_]\w*)\s*\)", ICASE
)
# "... with most voters must stay", "... are kept": the ranked groups kept, said after the metric
# Words after "named" that name no column ("named after the route")
_NOT_A_NAME = word_set("after for by in the a an as so because")
# "the 5 routes with the most kg_spread in total, named total_kg": the ranking aggregate's
# name said right after it ("in total" the sum said again; see `_name_ranked`)
RANKED_NAMED = re.compile(
    r"(?P<total>\s+in\s+total)?(?:\s*,\s*(?:named|called)|\s+(?:named|called))\s+"
    r"['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?(?=\s*(?:[.;,)!?]|$))",
    ICASE,
)
KEPT_AFTER = re.compile(
    r"\s+(?:(?:must|should|shall|will|may|can|get(?:s)?\s+to|are\s+to)\s+)?"
    r"(?:stay|stays|remain|remains|survive|survives|be\s+kept|are\s+kept|get\s+kept|is\s+kept)\b",
    ICASE,
)
# Ranking adjectives: the most of the metric, or the least.
# "highest-grossing", "top-earning", "best-performing", "worst-performing": ranking compounds
_RANK_PARTICIPLE = r"(?:grossing|earning|performing|scoring|rated|paying|spending|revenue)"
HIGH_ADJ = (
    rf"(?:highest|top|best)[\s-]+{_RANK_PARTICIPLE}"
    r"|best[\s-]+selling|top[\s-]+selling|most[\s-]+\w+|busiest|slowest|biggest|largest"
    r"|highest|heaviest|longest|costliest|noisiest|most"
    # ("only keep the 5 best bowlers in each league by total_pins": see LOWER_IS_BETTER;
    # "the five worst estates by average score" is still refused, h22_g29agg_b3_worst_direction_refused)
    r"|best"
)
LOW_ADJ = (
    rf"(?:lowest|worst|bottom)[\s-]+{_RANK_PARTICIPLE}|"
    r"worst[\s-]+selling|least[\s-]+\w+|fastest|quietest|smallest|lowest|lightest|shortest"
    r"|cheapest"
)
VERB = (
    # ("which 5 stations had the most rentals each hour?": the ranking asked as a question)
    # ("a feed that counts rides ... and then keeps only the three busiest": the verb's third
    # person, after the subject said before)
    r"(?:(?:(?:find|get|show|keep|list|pick|select|emit|compute|rank|report)(?:s|ing)?"
    r"|give\s+me|which"
    # "a leaderboard of the top 5 by kills": the ranking named by what it is for
    r"|(?:an?\s+)?leaderboard\s+(?:of|with))\s+(?:only\s+|just\s+)?)?(?:the\s+)?"
)

# "the 3 highest-grossing store_id per hour by amount": how often, said between the ranked
# groups and the metric (left for the window recogniser: not masked with the top-N)
WHEN = rf"(?P<when>\s+(?:per|each|every)\s+(?:{DUR1}))?"
# "the top 3 docks per window by pallets": each window's ranking, which every top-N is (read)
PER_WINDOW = r"(?:\s+(?:per|each|every|in\s+each|in\s+every|for\s+each|within\s+each)\s+window)?"
# "in each category", "for every site", "per region": the groups a ranking is within (a field
# of one word or quoted; never a time span or the window itself)
# ("the two barriers with the most alerts on each river": "on each" as well; "the 3 machines with
# the lowest yield at each site": "at each" too)
_WITHIN = r"(?:per|for\s+(?:each|every)|(?:in|on|at)\s+(?:each|every)|within\s+(?:each|every))"
_NOT_PART = (
    rf"(?!(?:{DUR1})\b)(?!(?:\d+|an?|one|the|of|window|time|month|year|quarter|night|morning"
    r"|evening|afternoon|weekend|fortnight|period|interval)s?\b)"
)
_PART = rf"{_NOT_PART}(?P<per>`[^`\n\x00]+`|[A-Za-z_]\w*)(?![\w-])"
# "the top 3 products in each category by revenue": said with the ranked noun
PARTITION = rf"(?:\s+{_WITHIN}\s+{_PART})?"
# "top 3 products by revenue (every hour) in each category": said after the ranking
PARTITION_AFTER = re.compile(
    rf"(?:\s+(?:every|each|per)\s+{DUR1})?(?P<lead>\s*,?\s*(?P<word>{_WITHIN})\s+{_PART})", ICASE
)
# "for each region, the 2 stores with the lowest sales": said before it
PARTITION_BEFORE = re.compile(
    # (at a clause's start: "sum amount per region and per store, keep ..." is no partition)
    rf"(?:^|[,;:.]\s*|\bthen\s+)(?P<lead>(?:per|(?:for|in|at|within)\s+(?:each|every))\s+"
    rf"{_PART}\s*,?\s*)$",
    ICASE,
)


# "the 5 most viewed page_url values": ranked by how many records each has, when the verb is
# what the topic's records are (page-views: each record is a view); checked in extract_top_n
MOST_DONE = re.compile(
    rf"\b{VERB}(?:(?P<dir>top|bottom)\s+)?(?P<n>\d+)\s+(?P<how>most|least)[\s-]+(?P<verb>[a-z]+ed)\s+"
    rf"{GROUP}(?!\s+(?:ranked\s+|ordered\s+|sorted\s+)?by\b)",
    ICASE,
)

# "the 5 busiest station_id every hour" with no "by ...": the groups with the most records
BUSIEST = re.compile(
    rf"\b{VERB}(?:top\s+)?(?P<n>\d+)\s+(?P<dir>busiest|quietest|most\s+active|least\s+active)\s+"
    # ("keep the 3 busiest and send them to ...": a joining word, never the ranked groups)
    rf"(?!(?:and|or|then|to|into|in|on|at|for|from|with|but|so|each|every|per)\b){GROUP}(?![\w`])(?!\s+(?:(?:ranked|ordered|sorted|measured)\s+)?by\b)(?!{WHEN}\s+by\b)"
    # (never the start of a longer noun: "busiest car park entrances (gate_id) by ...")
    r"(?!(?:\s+[A-Za-z]+){0,2}\s*\(\s*[A-Za-z_]\w*\s*\)\s+by\b)",
    ICASE,
)


# "the 5 toll plazas with the highest revenue"
N_WITH_THE = (
    rf"\b{VERB}(?P<n>\d+)\s+{GROUP}{PARTITION}\s+{RANK_WITH}\s+(?:the\s+)?(?P<dir>{HIGH}|{LOW})\s+"
    rf"{METRIC}"
)
# "Every hour, find the 5 toll plazas with the highest revenue: sum ..., keep the top 5 plazas
# by revenue": the ranking as a headline, then said in full after the colon
HEADLINE = re.compile(rf"{N_WITH_THE}(?=\s*:)", ICASE)

# "Every day, rank fire stations by call volume: ... keep the top three stations by
# incident_count": a ranking's headline with no count, then the top-N said in full after the
# colon (checked against it in build_top_n)
RANK_HEADLINE = re.compile(
    r"\brank(?:s|ed)?\s+(?:the\s+|all\s+|our\s+)?(?P<noun>[A-Za-z]+(?:\s+[A-Za-z]+)?)\s+by\s+"
    r"(?:the\s+|their\s+|its\s+)?(?P<metric>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)?)(?=\s*:)",
    ICASE,
)
# "Every thirty minutes, rank the stalls on the footfall.counts topic by the number of distinct
# visitor_device_id values (call it unique_visitors), ..., and send the top five stalls": the
# ranking's verb, its measure the aggregate said right after 'by' (checked in build_top_n)
RANK_VERB = re.compile(
    r"\brank(?:s|ed)?\s+(?:the\s+|all\s+|our\s+)?(?P<noun>[A-Za-z]+s)"
    r"(?:\s+(?:on|in|from)\s+(?:[^,.;:\x00]|\.(?=\w)){1,60}?)?\s+(?P<by>by)\s+(?=[A-Za-z])",
    ICASE,
)
# The last word of a headline's measure that says a count of records ("call volume")
_COUNT_MEASURE = re.compile(r"(?:.*\s)?(?:volume|count|counts|number|activity)", ICASE)

# "total harvested", "average delivered": a function's word and a participle, before a field
ACT_BEFORE_FIELD = re.compile(
    r"(?P<fn>total|sum|average|avg|mean|max|maximum|min|minimum)\s+(?P<act>[a-z]{3,}ed)", ICASE
)
# "..., rank within each site_id", "ranked per store_id": the partition of a top-N read already,
# said again with the ranking's verb (checked in `_restated`)
RANK_WITHIN_AGAIN = re.compile(
    r"\b(?:rank|ranked|ranking)\s+(?:them\s+|it\s+)?(?:within|in|per|for)\s+(?:each\s+|every\s+)?"
    r"(?P<per>[A-Za-z_]\w*)\b(?!\s+by\b)",
    ICASE,
)
# "by beans roasted:": a ranking measure of a few loose words, ended by a colon
HEADLINE_MEASURE = re.compile(r"((?:\s+[A-Za-z]+){1,2})\s*:", ICASE)
# ", highest first", ", lowest first": the ranking's order said again after its measure
ORDER_FIRST = re.compile(rf"[,;]?\s*\b(?P<dir>{HIGH}|{LOW})\s+first\b", ICASE)

# "the best three zones per site_id (highest avg_climb)", "the top 5 stores (by revenue)", "(ranked
# by x, highest first)": the ranking measure said in parentheses after the ranked groups (with
# 'by' or a direction word; "top 5 stores (approx)" is no measure). The close matches the open.
PAREN_ORDER_OPEN = (
    r"|\s*(?P<paren>\()\s*(?:(?:ranked|ordered|sorted)\s+)?"
    rf"(?:by\s+|(?=(?:the\s+)?(?:{HIGH}|{LOW})\s))"
)
PAREN_BY_OPEN = (
    r"\s*(?P<paren>\()\s*(?:(?:(?:ranked|ordered|sorted|measured)\s+)?by\s+"
    # "the 5 fastest runners (lowest best_time_s)": the direction and the measure in brackets
    # (read by `dir2`, which says the order the adjective leaves open)
    rf"|(?=(?:the\s+)?(?:{HIGH}|{LOW})\s+[A-Za-z]\w*_\w*\s*\)))"
)
PAREN_ORDER_CLOSE = rf"(?(paren)(?:\s*,?\s*(?:(?:{HIGH}|{LOW})\s+)?first)?\s*\)|{PER_WINDOW})"

TOP_N = [
    re.compile(
        # ("the top merchant by revenue", "the single top merchant": one, checked when read)
        rf"\b{VERB}(?P<one>single\s+)?(?P<dir>top|bottom|biggest|largest|highest|greatest|best"
        # ("the single best plucker_id by total leaf_kg": 'single' says one, 'by' the measure)
        rf"|smallest|lowest|worst)(?:[\s-]*(?P<n>\d+)|(?<=\btop)(?=\s)|(?<=\bbottom)(?=\s)"
        r"|(?(one)(?=\s)|(?!)))"
        rf"\s+{GROUP}{PARTITION}{WHEN}{PER_WINDOW}(?:\s+(?:(?:ranked|ordered|sorted)"
        rf"\s+)?(?:by|with\s+the)\s+{PAREN_ORDER_OPEN})"
        rf"(?:the\s+)?(?:(?P<dir2>{HIGH}|{LOW})\s+)?{METRIC}{PAREN_ORDER_CLOSE}",
        ICASE,
    ),
    re.compile(N_WITH_THE, ICASE),
    # "rank merchants (merchant_id) by the sum of amount and keep the top 5"
    re.compile(
        rf"\brank(?:s|ed|ing)?\s+(?:the\s+|all\s+)?{GROUP}\s+by\s+(?:the\s+|their\s+)?{METRIC}"
        r"\s*,?\s+(?:and\s+)?(?:then\s+)?(?:keep|take|emit|output|send|return|show|list|pick)\s+"
        r"(?:only\s+)?(?:the\s+)?(?P<dir>top|bottom|best|highest|biggest|lowest|worst|smallest)"
        r"[\s-]*(?P<n>\d+)",
        ICASE,
    ),
    # "the 5 best-selling products by quantity", "the 3 slowest endpoints by average latency"
    re.compile(
        rf"\b{VERB}(?P<n>\d+)\s+(?P<dir>{HIGH_ADJ}|{LOW_ADJ})\s+{GROUP}{PARTITION}{WHEN}{PER_WINDOW}"
        r"(?:\s+(?:(?:ranked|ordered"
        rf"|sorted|measured)\s+)?by\s+|{PAREN_BY_OPEN})(?:the\s+|their\s+|its\s+)?"
        rf"(?:(?(paren)(?P<dir2>{HIGH}|{LOW})\s+|(?!)))?{METRIC}"
        rf"{PAREN_ORDER_CLOSE}",
        ICASE,
    ),
    # "count kills per region and player_id as kills, top 5 by kills": no ranked noun, so the
    # window's groups are ranked (checked in build_top_n)
    re.compile(
        rf"\b{VERB}(?P<dir>top|bottom)[\s-]*(?P<n>\d+)\s+(?:{_GROUP_ROWS}\s+)?"
        r"(?:(?:ranked|ordered|sorted)\s+)?by"
        rf"\s+(?:the\s+)?(?:(?P<dir2>{HIGH}|{LOW})\s+)?{METRIC}{PER_WINDOW}",
        ICASE,
    ),
    # "keep the 5 with the most kills"
    re.compile(
        rf"\b{VERB}(?P<n>\d+)\s+with\s+(?:the\s+)?(?P<dir>{HIGH}|{LOW})\s+{METRIC}",
        ICASE,
    ),
    # "keep the 10 highest by plays"
    re.compile(
        rf"\b{VERB}(?P<n>\d+)\s+(?P<dir>{HIGH}|{LOW})\s+(?:(?:ranked|ordered|sorted)\s+)?by"
        rf"\s+(?:the\s+)?{METRIC}",
        ICASE,
    ),
    # "keep the two lowest avg_eff turbines per site": the metric (a field's name, with '_')
    # said as an adjective of the ranked noun, with no "by"
    re.compile(
        rf"\b{VERB}(?P<n>\d+)\s+(?P<dir>top|bottom|highest|lowest|best|worst)\s+"
        # (never a preposition: "the three highest order_count in each school_id", below)
        rf"(?=[A-Za-z]\w*_\w*\s+[A-Za-z])(?P<m>[A-Za-z]\w*_\w*)\s+(?!{_STOPS}\b){GROUP}{PARTITION}"
        r"(?!\s+(?:ranked\s+|ordered\s+|sorted\s+)?by\b)(?![\w`])"
        # (the metric's other groups, never set here)
        r"(?:(?P<named>)(?!)|(?P<named2>)(?!)|(?P<def>)(?!)|(?P<def2>)(?!))?",
        ICASE,
    ),
    # "keep the three highest order_count in each school_id": the measure (a field's name, with
    # '_') and where the ranking is within, no ranked noun: the window's other groups ranked
    re.compile(
        rf"\b{VERB}(?P<n>\d+)\s+(?P<dir>top|bottom|highest|lowest)\s+"
        rf"(?P<m>[A-Za-z]\w*_\w*)(?=\s+{_WITHIN}\s){PARTITION}(?![\w`])"
        r"(?:(?P<named>)(?!)|(?P<named2>)(?!)|(?P<def>)(?!)|(?P<def2>)(?!))?",
        ICASE,
    ),
]
# "the 5 best runners by finish_time": 'best' of a time, a cost or a count of faults is the
# lowest; 'best' and 'worst' are read only with a measure that is none of those
LOWER_IS_BETTER = re.compile(
    r"(?:^|_|\b)(?:time|times|duration|durations|latency|latencies|delay|delays|wait|waits|lag"
    r"|secs?|seconds|ms|mins?|minutes|hours|cost|costs|price|prices|rank|ranks|position|place"
    r"|errors?|faults?|defects?|misses|penalt\w*|lap|laps|handicap|strokes|s)(?:$|_|\b)",
    ICASE,
)


# What a metric's parenthesis starts with when it defines the metric ("revenue (sum of
# price)", "(i.e. the number of orders)", "(avg(wait_s))"); anything else is an aside.
_DEFINES = re.compile(
    r"\s*(?:i\.?\s?e\.?|ie\b|that\s+is|meaning|namely|=|defined\s+as|the\s+)?\s*,?\s*(?:sum|total"
    r"|average|avg|mean|number|count|max|maximum|min|minimum|median|p\d|\d+(?:st|nd|rd|th)"
    r"|how\s+many|distinct|unique|[A-Za-z_]\w*\s*$)",
    ICASE,
)


# "each winning stall", "the top-ranked players": the rows a top-N kept (checked by the caller)
RANKED_CALLED = re.compile(
    r"\b(?:each|every|the|all\s+the)\s+(?P<w>winning|top-ranked|highest-ranked|ranked)\s+"
    r"(?P<noun>[a-z]+)\b",
    ICASE,
)


def _said_elsewhere(text: str, word: str, start: int, end: int) -> bool:
    """`word` is said in `text` outside [start, end)."""
    return any(
        not start <= w.start() < end for w in re.finditer(rf"\b{re.escape(word)}\b", text, ICASE)
    )


# A name given to an aggregate: "... as bottles_filled", "named x", "called x", "(call it x)"
_GIVEN_NAME = (
    r"(?:\bas|\bnamed|\bcalled|\b(?:call|name|label)\s+(?:it|that|this)|name\s*:)\s+['\"`]?"
)


def _spelt_name(text: str, metric: str, cut: re.Match[str]) -> str | None:
    """ "by bottles filled" when the request names an aggregate bottles_filled: the metric's
    words and the word after them, joined by '_', are that name (else None: where the metric's
    name ends stays unclear)."""
    if not re.fullmatch(r"[A-Za-z]+(?:\s+[A-Za-z]+)?", metric):
        return None
    joined = "_".join([*metric.lower().split(), cut.group(0).strip().lower()])
    named = re.search(rf"{_GIVEN_NAME}{joined}\b(?!['\"`]?[\w-])", text, ICASE)
    return joined if named else None


# "total_leaf_kg each day": a metric's name, then how often (never part of the name)
NAMED_WHEN = re.compile(rf"(?P<head>[A-Za-z_]\w*)\s+(?:per|each|every)\s+(?:{DUR1})", ICASE)


# "(count per route_id)": a ranking metric defined as the count per group field
COUNT_PER = re.compile(
    r"\s*(?:the\s+)?(?:count|number)(?:\s+of\s+(?:the\s+)?(?P<noun>[A-Za-z]+))?\s+(?:per|by|for\s+each)\s+"
    r"(?P<f>[A-Za-z_]\w*_\w+)\s*",
    ICASE,
)


# "(group by site)", "(grouped by site_id)": the field of the ranked groups, after the metric
GROUP_PAREN = re.compile(
    r"\s*(?:group(?:ed)?\s+by|per|by|for\s+each|keyed\s+by)\s+(?P<f>[A-Za-z_]\w*)\s*", ICASE
)


# "(count as jobs_done)", "(as total_yield)": a metric's parenthesis naming its aggregate
NAMED_AS = re.compile(
    # ("by total kg_used (sum, named total_kg)": "named" or "called", after a comma too)
    r"\s*(?:(?P<d>[^()\x00]*?)\s*(?:,\s*|\s))?(?:as|named|called)\s+(?P<n>[A-Za-z_]\w*)\s*",
    ICASE,
)


# Words after "as" that name no aggregate ("(as above)", "(count as usual)")
_NOT_NAMES = word_set(
    "above below before usual always well such needed shown said agreed discussed one ones it"
    " them planned"
)


def _names_an_aggregate(named: re.Match[str]) -> bool:
    """The name after "as" is one: a snake_case name, or a word after a definition ("count as
    jobs") that is no adverb of comparison ("as above")."""
    name = named["n"].lower()
    return "_" in name or (bool(named["d"]) and name not in _NOT_NAMES)


def metric_agg(pos: int, metric: str, definition: str | None) -> Agg | None:
    """The aggregate a ranking metric names: "views" (a count), "event count", "total amount",
    or a name with its definition in parentheses: "revenue (sum of amount)"."""
    name = to_identifier(_snake(metric))
    named = NAMED_AS.fullmatch(definition or "")
    if named and not _names_an_aggregate(named):
        return None  # "(as above)", "(count as usual)": no name given, refused
    if named:
        # "by jobs finished (count as jobs_done)", "the highest total yield_kg (as total_yield)":
        # the aggregate named in the parenthesis, defined there or by the metric itself
        said = (named["d"] or "").strip(" ,")
        agg = metric_agg(pos, metric, said or None)
        if agg is None and said.lower() in FN_WORDS:
            # "by total kg_used (sum, named total_kg)": the function said again, bare
            agg = metric_agg(pos, metric, None)
            if agg is not None and agg.fn != FN_WORDS[said.lower()]:
                return None  # ("by total kg_used (max, named x)": which one?)
        if agg is not None:
            agg.name = to_identifier(named["n"])
        return agg
    if definition is not None:
        # "revenue (i.e. sum of price)": the definition after a lead-in
        definition = re.sub(
            r"^\s*(?:i\.?e\.?|that\s+is|meaning)\s*,?\s*", "", definition, flags=re.I
        )
        agg = agg_from_phrase(definition)
        if agg is None:
            return None
        agg.pos, agg.name = pos, name
        return agg
    if re.fullmatch(
        rf"(?:\w+\s+)?counts?|number\s+of\s+{COUNT_NOUNS}|{COUNT_NOUNS}", metric, ICASE
    ):
        return Agg(pos, "count", None, name)
    agg = agg_from_phrase(metric)
    if agg is not None:
        agg.pos = pos
    return agg


# "..., keep the 3 highest", "and keep only the top 3": a top-N said again, after it was read
TOP_N_AGAIN = re.compile(
    r"\b(?:keep|keeping|keeps|take|taking|emit|emitting|output|return|show|list|pick|retain"
    r"|retaining|select)\s+(?:only\s+|just\s+)?(?:the\s+)?(?:(?P<dir>top|bottom)[\s-]*(?P<n>\d+)"
    rf"|(?P<n2>\d+)\s+(?P<dir2>top|bottom|{HIGH}|{LOW})|(?:those|these)\s+(?P<n3>\d+))"
    r"(?:\s+(?:ones|of\s+them|groups|values|rows|results|entries))?(?![\w-])"
    # ("Top five SKUs by bottles sold: ..., keep the 5 highest by bottles_sold": the ranking's
    # measure said again, checked in _restated; another measure is never read so)
    r"(?:\s+by\s+(?P<by>[A-Za-z]\w*)(?![\w.-]))?(?!\s+by\b)"
    # ("keep the 3 highest litres_poured in each garden_id": the ranking's measure said again,
    # a field's name, before its partition)
    r"(?:\s+(?P<m>[A-Za-z]\w*_\w*)(?=\s+(?:per|in\s+each|for\s+each)\s))?"
    # ("..., keep the top 2 per studio_id": the ranking's own partition, said again)
    r"(?:\s+(?:per|in\s+each|for\s+each)\s+(?P<per>[A-Za-z_]\w*))?(?!\s+per\b)",
    ICASE,
)


# "... per school", "... in each school": where a ranking said again is within
_WITHIN_AFTER = re.compile(
    r"\s+(?:per|(?:in|for|within|at)\s+(?:each|every))\s+(?P<w>[A-Za-z_]\w*)", ICASE
)
SELL_RANK = r"best[\s-]?selling|top[\s-]selling|worst[\s-]selling"
# "the top 10 titles": a top-N said again by the noun it ranks (checked in _restated)
TOP_NOUN_AGAIN = re.compile(
    # ("find the top 3 dishes per school": its verb too)
    r"(?:\b(?:find|get|show|list|compute|work\s+out|figure\s+out)\s+(?:the\s+)?)?"
    r"\b(?:(?P<dir>top|bottom)[\s-]*(?P<n>\d+)"
    # ("find the three best-selling rolls at each bar: ...": a selling word after the count)
    rf"|(?P<n2>\d+)\s+(?P<sell>{SELL_RANK}))"
    r"\s+(?P<noun>[A-Za-z]+s)\b(?![\w-])(?!\s+(?:by|with|ranked|ordered|sorted)\b)",
    ICASE,
)


# The verbs of a sink, which may lead a top-N ("send the top 5 to topic X")
_SINK_VERBS = r"send|sending|publish|publishing|forward|forwarding|write|writing|push|pushing"
# A size word ranking a window's groups by its one aggregate ("the 5 largest"); never a
# word of how busy a group is (busiest, most active: a count, read by BUSIEST)
SIZE_RANK = r"largest|biggest|highest|greatest|smallest|lowest"
# A word of how busy a group is: a bare top-N with it ranks by the window's one count
BUSY_RANK = r"busiest|quietest|most\s+active|least\s+active"
# A word of speed: a bare top-N with it ranks by the window's one aggregate of a time
SPEED_RANK = r"fastest|slowest|quickest"
# A word of how well a group sells: a bare top-N with it ranks by the window's one sum or count
_QUIET = re.compile(r"quietest|least\s+active", ICASE)
# "keep the top 3", "take the bottom 5 arms", "send only the 5 largest": a top-N with no metric
BARE_TOP = re.compile(
    # ("... and then picks only the two biggest": the verb's third person too)
    r"(?:\b(?:keep|keeps|keeping|take|takes|taking|emit|emits|emitting|output|outputs|return"
    r"|returns|show|shows|list|lists|pick|picks|retain|retains|select|selects"
    # "send only the top 5 to topic X": the sink's verb, read with the sink already (checked
    # in _bare_top)
    rf"|{_SINK_VERBS}"
    # "I need the top 10 titles each hour", "give me the top 10"
    r"|need|want|(?:give|show|get)\s+(?:me|us)"
    # ("count rides per station_id hourly, only the 3 busiest": 'only' opening the clause)
    r"|(?:(?<=[,;]\s)|(?<=\band\s)|(?<=\bthen\s))only)|(?P<masked>\x00+))"
    # ("sum amount per customer_id daily, keep the biggest 5": a size word before the count)
    rf"\s+(?:only\s+|just\s+)?(?:the\s+)?(?:(?P<dir>top|bottom|{SIZE_RANK})[\s-]*(?P<n>\d+)"
    # ("count rides per station_id hourly, keep the 3 busiest": by the window's count)
    rf"|(?P<n2>\d+)\s+(?P<dir2>{SIZE_RANK}|{BUSY_RANK}|{SELL_RANK}|{SPEED_RANK}))"
    # ("count events per feature daily, top 10 features per day": after a comma, no verb)
    # ("keep the top 3 beer_id within each bar_id": the ranked groups' field itself)
    rf"(?:\s+(?P<noun>[A-Za-z]+s|[A-Za-z]\w*_(?:{ID_ENDING})s?))?(?![\w-])"
    # ("keep the top 10 players on each machine": "on each" says its groups, read after it)
    r"(?!\s+(?:by|with|of|from|on(?!\s+(?:each|every)\s))\b)"
    # ("keep the top 3 in each category": the groups it is within, read after it)
    rf"(?!\s+(?:per|in)\b(?!\s+(?:(?:each|every)\s+)?{_NOT_PART}[A-Za-z_`]))"
    r"|(?<=[,;]\s)(?P<dir3>top|bottom)[\s-]*(?P<n3>\d+)\s+(?P<noun3>[A-Za-z]+s)(?![\w-])"
    r"(?=\s*(?:[.;,!?\x00]|$)|\s+(?:per|each|every)\s+(?:second|minute|hour|day|week|window)\b)",
    ICASE,
)


# The verb of a sink, read with it, before a bare top-N ("send \x00 the 5 largest to topic X")
SINK_VERB_BEFORE = re.compile(rf"\b(?:{_SINK_VERBS}|emit|emitting|output|outputting)\s*$", ICASE)


# "all but the top 10", "everything except the top 3": the groups a top-N step drops.
# "the top 10% of users by spend": a share, not a count (never read as a top 10)
TOP_SHARE = re.compile(
    r"\b(?:top|bottom|highest|lowest|best|worst|biggest|largest|smallest)\s+"
    r"\d+(?:\.\d+)?\s*(?:%|percent\b|per\s*cent\b|pct\b)",
    ICASE,
)
TOP_N_NEGATED = re.compile(
    r"\b(?:(?:all|everything|anything)\s+(?:but|except|other\s+than|apart\s+from)|except(?:\s+for)?"
    r"|excluding|not|without|drop\w*|remov\w*|ignor\w*|skip\w*)\s+(?:for\s+)?(?:the\s+)?$",
    re.I,
)

# "sorted by loan count": the measure a top-N ranks by, in up to three words before its way
SORTED = re.compile(
    r"\b(?:order(?:ed)?|sort(?:ed)?|sorting|ordering)\s+(?:by|on)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?P<list>[A-Za-z_]\w*(?:\s+(?!(?:and|then|with|in|asc|desc|ascending|descending|highest"
    r"|lowest|largest|smallest|biggest|most|fewest|from|to|into|per|every|each)\b)[A-Za-z_]\w*){0,2})",
    ICASE,
)


class TopNRecogniser(SchemaResolver):
    def extract_top_n(self) -> None:
        share = TOP_SHARE.search(self.s)
        if share:
            raise RequestNotUnderstood(
                f"cannot read {' '.join(share.group(0).split())!r}: a share of the records is "
                'not supported; a top-N keeps a fixed number per window (e.g. "the top 10 users '
                'by spend every hour"), and a threshold compares a value (e.g. "keep events '
                'where score > 90")'
            )
        head = self._headline()
        self._read_top_n()
        if self.top_n is not None:
            self._restated()
            self._rank_verb()
            # (checked once the window's aggregates are known, see build_top_n)
            self.top_n_headline = head
        self._sorted()

    def extract_ranked_called(self) -> None:
        """ "keep only the five stalls with the highest takings. Store each winning stall in
        Redis": the rows the top-N kept, called by the noun it ranked (said and read before);
        read once the sinks have read the verb and destination around it."""
        for m in [] if self.top_n is None else RANKED_CALLED.finditer(self.text):
            if self.s[m.start("w") : m.end()] != self.text[m.start("w") : m.end()]:
                continue
            noun = singular(m["noun"].lower())
            said = [
                r for r in re.finditer(rf"\b{re.escape(noun)}s?\b", self.text[: m.start()], ICASE)
                if set(self.s[r.start() : r.end()]) == {MASK}
            ]  # fmt: skip
            if said:
                self.mask(m.start("w"), m.end())

    def _sorted(self) -> None:
        """ "sorted by count descending" left by the sinks (a ClickHouse ORDER BY names
        columns, as in "ordered by store_id"): the order a top-N ranks in, said again and
        checked once its measure is known; with no top-N a table keeps no order, so refused."""
        m = ORDER_BY.search(self.s)
        if m is None:
            return
        said = " ".join(m.group(0).split())
        if self.top_n is None:
            directed = SORT_WAY.match(self.s, m.end())
            if (read_list(m["list"], 0, FIELD_RE)[0] and not directed) or not any(
                sink.kind == "clickhouse" for sink in self.sinks
            ):
                return  # ("ordered by store_id" to a Kafka topic: left unread)
            raise RequestNotUnderstood(
                f"cannot read {said!r}: a ClickHouse ORDER BY names columns of the table, with no "
                "direction (as in 'ordered by store_id'); the rows come out in any order when "
                "queried, so sort them there (ORDER BY in the query), or leave the words out"
            )
        m = SORTED.match(self.s, m.start()) or m
        self.mask(m.start(), m.end())
        way = SORT_WAY.match(self.s, m.end())
        order = None
        if way:
            self.mask(way.start(), way.end())
            order = "lowest" if way["low"] or way["low2"] or way["low3"] else "highest"
        self.top_n_sorted = (said, re.split(r"[\s_]+", m["list"].lower()), order)

    def _check_sorted(self) -> None:
        """The sort said after a top-N must rank by its measure, in its direction."""
        assert self.top_n is not None and self.top_n_sorted is not None
        said, words, order = self.top_n_sorted
        ranked = str(self.top_n["order_by"] or "").lower().split("_")
        if not set(words) <= set(ranked):
            raise RequestNotUnderstood(
                f"cannot read {said!r}: the request ranks by {self.top_n['order_by']}; say one "
                "measure to sort and rank by"
            )
        if order not in (None, self.top_n["order"]):
            raise RequestNotUnderstood(
                f"cannot read {said!r}: it sorts the {order} first, and the request keeps the "
                f"{self.top_n['order']} {self.top_n['n']}; say one order"
            )

    def _headline(self) -> re.Match[str] | None:
        """The ranking's headline before a colon, hidden while the ranking said in full after
        it is read (then checked against it); read itself when nothing ranks after it."""
        head = HEADLINE.search(self.s)
        if head is None:
            self._rank_headline()
            return None
        after = self.s[head.end() :]
        if not any(p.search(after) for p in TOP_N) and not BARE_TOP.search(after):
            return None
        self.mask(head.start(), head.end())
        return head

    def _rank_headline(self) -> None:
        """ "rank fire stations by call volume: ..., keep the top 3 stations by incident_count":
        a headline with no count before the top-N said in full, hidden (checked at build)."""
        head = RANK_HEADLINE.search(self.s)
        if head is None or not any(p.search(self.s, head.end()) for p in TOP_N):
            return
        self.mask(head.start(), head.end())
        self.top_n_rank_head = head

    def _rank_verb(self) -> None:
        """ "rank the stalls on topic x by the number of distinct visitor_device_id values
        (call it unique_visitors) ..., send the top five stalls": the ranking's verb before
        the top-N read (checked in build_top_n), when nothing else read it."""
        # (in the words as written: "the stalls on topic x" may be read as the records)
        verb = RANK_VERB.search(self.text)
        said = lambda a, b: self.s[a:b] == self.text[a:b]  # noqa: E731
        if (
            verb is not None
            and said(verb.start(), verb.start() + 4)
            and said(verb.start("by"), verb.end())
            and (
                any(p.search(self.text, verb.end()) for p in TOP_N)
                or BARE_TOP.search(self.text, verb.end())
            )
        ):
            for a, b in ((verb.start(), verb.start("noun")), verb.span("by")):
                if said(a, b):
                    self.mask(a, b)
            if said(*verb.span("noun")):
                self.mask(verb.start("noun"), verb.end("noun"), domain=True)
            self.top_n_rank_verb = verb

    def _check_rank_headline(self, head: re.Match[str], aggs: list[dict[str, Any]]) -> None:
        """The headline must rank the same groups by the same measure: its name, or a count
        word ("call volume") for a count of records, which is listed."""
        assert self.top_n is not None
        metric = " ".join(head["metric"].lower().split())
        order_by = str(self.top_n["order_by"] or "").lower()
        same = _snake(metric) == order_by
        counted = _COUNT_MEASURE.fullmatch(metric) is not None and _counts(aggs, order_by)
        if not self._names_groups(head["noun"].split()[-1]) or not (same or counted):
            raise RequestNotUnderstood(
                f"{' '.join(head.group(0).split())!r} does not match the top-N said after it "
                f"(the {self.top_n['n']} {self.top_n['order']} by {order_by or 'the aggregate'}"
                '): say the ranking once, e.g. "top 5 pages by views every 10 minutes"'
            )
        if not same:
            self.assumptions.append(
                f"{' '.join(head.group(0).split())!r} read as the headline of the top-N after it "
                f"({order_by}, the count of records per group)"
            )

    def _check_rank_verb(self, verb: re.Match[str]) -> None:
        """ "rank the stalls ... by <aggregate>": the groups the top-N ranks (the grouped
        field's noun), by the aggregate said right after 'by' that it ranks by."""
        assert self.top_n is not None
        order_by = str(self.top_n["order_by"] or "").lower()
        stop = re.compile(r"[,.;:!?]").search(self.text, verb.end())
        end = stop.start() if stop else len(self.text)
        said = [a for a in self.aggs if verb.end() <= a.pos < end]
        # ("rank routes by revenue ...": the aggregate's name itself)
        named = re.match(
            rf"(?:the\s+|their\s+)?{re.escape(order_by)}\b", self.text[verb.end() :], ICASE
        )
        same = [a.name.lower() for a in said] == [order_by] or (named and not said)
        if not self._names_groups(verb["noun"]) or not same:
            raise RequestNotUnderstood(
                f"{' '.join(verb.group(0).split())!r} ...: the ranking does not match the top-N "
                f"(the {self.top_n['n']} {self.top_n['order']} by {order_by or 'the aggregate'}); "
                'say the ranking once, e.g. "top 5 pages by views every 10 minutes"'
            )

    def _check_headline(self, head: re.Match[str], aggs: list[dict[str, Any]]) -> None:
        """The headline must say the ranking read after it: the same count and direction, by
        the same measure (its name, or the noun it counts), of the groups' noun."""
        assert self.top_n is not None
        low = re.fullmatch(rf"{LOW}|{LOW_ADJ}", head["dir"], ICASE) is not None
        metric = (head["m"] or head["named"] or head["named2"] or "").lower()
        order_by = str(self.top_n["order_by"] or "").lower()
        counted = re.search(
            rf"\b{COUNTED}\s+(?:the\s+|all\s+)?{re.escape(metric)}\b", self.text, ICASE
        )
        noun = str(_group(head)[0]).split()[-1]
        # "the 3 products in each category with ...": the same groups the ranking is within
        within = self.top_n_per
        if (
            (head.group("per") or "").lower() != (within[0].lower() if within else "")
            or int(head["n"]) != self.top_n["n"]
            or low != (self.top_n["order"] == "lowest")
            or not (metric == order_by or (counted and _counts(aggs, order_by)))
            or not self._names_groups(noun)
        ):
            raise RequestNotUnderstood(
                f"{head.group(0).strip()!r} does not match the top-N said after it (the "
                f"{self.top_n['n']} {self.top_n['order']} by {order_by or 'the aggregate'}): say "
                'the ranking once, e.g. "top 5 pages by views every 10 minutes"'
            )

    def _ranked_measure_names(self) -> set[str]:
        """The names the top-N's measure goes by: its aggregate's, or the words it was said
        with ("by litres poured": litres_poured) while a later step is to define it."""
        assert self.top_n is not None
        names = {str(self.top_n.get("order_by") or "").lower()}
        if self.top_n_undefined:
            agg, _end, said = self.top_n_undefined
            names |= {agg.name.lower(), "_".join(said.lower().split())}
        if self.top_n_loose:
            names.add("_".join(self.top_n_loose.lower().split()))
        return names - {""}

    def _act_of_records(self, act: str, field: str) -> bool:
        """Whether the participle `act` before the field name `field` says what every record of
        the source is: its stem is a word of a topic named in the request ("harvested" on
        farm.harvest_scans)."""
        if "_" not in field:
            return False
        named = re.findall(r"(?<![\w.-])[a-z][\w-]*\.[\w.-]*[a-z0-9]", self.text, ICASE)
        words = {stem(w) for t in named for w in re.split(r"[._-]+", t.lower()) if len(w) > 3}
        return stem(act) in words

    def _restated(self) -> None:
        """ "Top 3 machines by revenue every hour: ..., keep the 3 highest": the same top-N said
        again is read with it; a different count or direction is refused, never picked."""
        assert self.top_n is not None
        for m in list(RANK_WITHIN_AGAIN.finditer(self.s)):
            # "top 3 crops by total_kg per site ..., rank within each site_id": the ranking's
            # partition said again (another field is left unread)
            ranked_in = self.top_n_per
            if ranked_in is not None and re.fullmatch(
                rf"{re.escape(str(ranked_in[0]).lower())}(?:_id)?", m["per"].lower()
            ):
                self.mask(m.start(), m.end())
        for m in list(TOP_N_AGAIN.finditer(self.s)):
            # ("the top 3 beers per garden ..., keep the 3 highest in each garden_id": the
            # noun's field, said again)
            if m["per"] and (
                self.top_n_per is None
                or not re.fullmatch(
                    rf"{re.escape(str(self.top_n_per[0]).lower())}(?:_id)?", m["per"].lower()
                )
            ):
                continue  # "keep the top 2 per region" over a ranking within stores: unread
            if m["m"] and m["m"].lower() not in self._ranked_measure_names():
                continue  # "keep the 3 highest other_measure per x": another ranking, unread
            if m["by"] and m["by"].lower() not in self._ranked_measure_names():
                continue  # "keep the 3 highest by other_measure": another ranking, unread
            n = int(m.group("n") or m.group("n2") or m.group("n3"))
            word = (m.group("dir") or m.group("dir2") or "").lower()
            low = re.fullmatch(rf"bottom|{LOW}", word, ICASE) is not None
            if not word:  # "keep only those 3": the direction read already
                low = self.top_n["order"] == "lowest"
            if n != self.top_n["n"] or low != (self.top_n["order"] == "lowest"):
                order = self.top_n["order"]
                raise RequestNotUnderstood(
                    f"{m.group(0).strip()!r} does not match the top-N read already (the "
                    f"{self.top_n['n']} {order}): say the ranking once, e.g. \"top 5 pages by "
                    'views every 10 minutes"'
                )
            self.mask(m.start(), m.end())
        for m in list(TOP_NOUN_AGAIN.finditer(self.s)):
            # "I need the top 10 titles each hour. count plays per title_id ..., keep the 10
            # highest by plays": the ranked noun names a group the request says
            noun = singular(m.group("noun").lower())
            per = str(self.top_n_per[0]).lower() if self.top_n_per else ""
            if not re.search(
                rf"\b(?:per|by|for\s+each|each)\s+{re.escape(noun)}(?:_id)?\b", self.text, ICASE
            ) and not (
                # ("the top 3 dishes per school" over "grouped by school_id and dish_id, keep
                # the 3 highest order_count in each school_id": a grouped field's noun, never
                # the one the ranking is within)
                self._names_groups(noun)
                and not re.fullmatch(rf"{re.escape(noun)}(?:_\w+)?", per)
            ):
                continue
            within = _WITHIN_AFTER.match(self.text, m.end())
            if within and not re.fullmatch(
                rf"{re.escape(singular(within['w'].lower()))}(?:_\w+)?", per
            ):  # "the top 3 dishes per region" over a ranking within each school_id
                raise RequestNotUnderstood(
                    f"{' '.join(self.text[m.start() : within.end()].split())!r} does not match "
                    f"the top-N read already (within each {per or 'window'}): say the ranking "
                    'once, e.g. "top 3 dishes by order_count in each school_id"'
                )
            if m.group("sell"):  # (ranked by how much each group sold: checked when built)
                self.top_n_selling = True
            low = re.match(r"bottom|worst", m.group("dir") or m.group("sell"), ICASE) is not None
            if int(m.group("n") or m.group("n2")) != self.top_n["n"] or low != (
                self.top_n["order"] == "lowest"
            ):
                raise RequestNotUnderstood(
                    f"{m.group(0).strip()!r} does not match the top-N read already (the "
                    f"{self.top_n['n']} {self.top_n['order']}): say the ranking once, e.g. "
                    '"top 5 pages by views every 10 minutes"'
                )
            self.mask(m.start(), m.end())

    def _read_top_n(self) -> None:
        if self._most_done() or self._busiest():
            return
        if not any(pattern.search(self.s) for pattern in TOP_N):
            self._bare_top()
            return
        for pattern in TOP_N:
            m = pattern.search(self.s)
            if not m:
                continue
            if (
                "one" in pattern.groupindex
                and not m["n"]
                and (m["gp"] or not m["g"] or re.search(r"[^s]s$", m["g"]))
            ):
                continue  # "the top merchants by revenue": how many is not said (left unread)
            metric = m.group("m") or m.group("named") or m.group("named2")
            metric = re.sub(r"^how\s+many\s+", "number of ", metric, flags=re.I)
            definition = m.group("def") if m.group("def") is not None else m.group("def2")
            end = m.end()
            timed = NAMED_WHEN.fullmatch(metric) if m.group("def") is not None else None
            if (
                timed
                and not _DEFINES.match(m.group("def"))
                and _said_elsewhere(self.text, timed["head"], m.start(), m.end())
            ):
                # "the lowest total_leaf_kg each day (the officers follow up ...)": how often,
                # between the metric and an aside (left for the window recogniser)
                metric, definition, end = timed["head"], None, m.start("named") + timed.end("head")
            elif (
                m.group("def") is not None
                and not _DEFINES.match(m.group("def"))
                and _said_elsewhere(self.text, metric, m.start(), m.end())
            ):
                # "count clicks as clicks ... the 10 terms with the lowest clicks (we want to
                # find ...)": an aside after a metric the request computes, no definition of
                # it (left for the readers of asides)
                definition, end = None, m.end("named")
            # "the 3 routes with the most bookings (count per route_id)": the count, and the
            # field naming the ranked groups (read only when the groups' noun starts it)
            per_field = None
            counted = COUNT_PER.fullmatch(definition or "")
            if counted and "g" in pattern.groupindex and not m.group("gp"):
                noun = singular(str(_group(m)[0]).lower())
                said = (counted["noun"] or metric).lower()  # "(number of bookings per ...)"
                if (
                    counted["f"].lower().startswith(noun)
                    and re.fullmatch(r"[A-Za-z]+s", metric)
                    and said == metric.lower()
                ):
                    definition, per_field = "count", counted["f"]
            grouped = GROUP_PAREN.fullmatch(definition or "")
            if grouped and "g" in pattern.groupindex and not m.group("gp"):
                # "the 2 sites with the lowest median x (group by site)": the ranked groups'
                # field, no definition of the metric
                noun = singular(str(_group(m)[0]).lower())
                if grouped["f"].lower().startswith(noun):
                    definition, per_field = None, grouped["f"]
            negated = TOP_N_NEGATED.search(self.text, max(0, m.start() - 30), m.start())
            if negated:  # "all but the top 10 pages": the rest, which top_n cannot keep
                raise RequestNotUnderstood(
                    f"{(negated.group(0) + self.text[m.start() : m.end()]).strip()!r}: a top-N "
                    "step keeps the ranked groups, never the others; rank the other way "
                    '("bottom 3 ...") or write a spec file'
                )
            kept = KEPT_AFTER.match(self.s, end)
            if kept:  # "only the 10 precincts with most voters must stay": the keep, said last
                end = kept.end()
            restated = RESTATED_BY.match(self.s, end)
            if restated:  # "the 5 lots with the most bids (by bid_count)": checked when built
                self.top_n_restated, end = restated["name"], restated.end()
            second = SECOND_METRIC.match(self.s, end)
            if second:
                raise RequestNotUnderstood(
                    f"top-N {self.s[m.start() : second.end()].strip()!r} ranks by two metrics; a "
                    'top-N ranks by one: say which (e.g. "top 5 products by revenue"), or write a '
                    "spec file"
                )
            cut = AFTER_METRIC.match(self.s, end)
            acted = ACT_BEFORE_FIELD.fullmatch(metric) if cut and m.group("m") else None
            if acted and cut and self._act_of_records(acted["act"], cut.group(0).strip()):
                # "top 3 crops by total harvested weight_kg" on farm.harvest_scans: what every
                # record is (the topic's word), no selection
                field = cut.group(0).strip()
                self.assumptions.append(
                    f"read {' '.join(self.s[m.start('m') : cut.end()].split())!r} as the "
                    f"{acted['fn'].lower()} of {field} over every record: "
                    f"{acted['act'].lower()!r} says what the topic's records are (its word), "
                    "it selects none"
                )
                metric, end, cut = f"{acted['fn']} {field}", cut.end(), None
            loose = HEADLINE_MEASURE.match(self.s, end) if cut and m.group("m") else None
            if loose and "g" in pattern.groupindex and not m.group("gp") and not per_field:
                # "give me the top three roasters by beans roasted: ..., sum of beans_kg as
                # total_kg per roaster_id, highest first": the measure said loosely before the
                # colon, defined after it (ranked by the window's one aggregate, see
                # build_top_n)
                self._loose_measure(m, f"{metric}{loose.group(1)}", loose.end(1))
                return
            spelt = _spelt_name(self.text, metric, cut) if cut and m.group("m") else None
            if cut and spelt:
                # "the top five flavours by bottles filled ... sum bottles ... as
                # bottles_filled": the metric's words are the name given to an aggregate,
                # written with spaces for its '_'
                metric, end, cut = spelt, cut.end(), None
            if cut:
                raise RequestNotUnderstood(
                    f"top-N {self.s[m.start() : cut.end()].strip()!r}: cannot tell where the "
                    "ranking metric's name ends; name it in one or two words with its definition, "
                    'e.g. "top 3 venues by revenue (sum of price) every 30 minutes"'
                )
            agg = metric_agg(m.start(), metric, definition)
            money = MONEY_TOTAL.fullmatch(metric)
            if money and definition is None and (agg is None or agg.fn == "count"):
                # "by total sales": the money taken, never the number of sale records
                noun = money.group("noun").lower()
                # (the money field: "amount" in a sales preset, else a measure field it names)
                agg = Agg(m.start(), "sum", f"{noun} amount", to_identifier(_snake(metric)))
                self.assumptions.append(
                    f"ranked by {metric!r} as the sum of the {noun} measure per window, not the "
                    f'number of records; say "by the number of {noun}" to rank by a count'
                )
            if (
                agg is None
                and definition is None
                and re.fullmatch(r"[A-Za-z]+s", metric)
                and re.search(rf"\b{COUNTED}\s+(?:the\s+|all\s+)?{metric}\b", self.text, ICASE)
            ):
                # "count picks per arm_id ..., keep the 2 arms with the fewest picks": ranked by
                # the count the request computes, never a sum of a field named like the noun
                agg = Agg(m.start(), "count", None, to_identifier(f"{singular(metric)}_count"))
                if re.search(rf"\bby\s+(?:the\s+)?{metric}\s*$", self.text[m.start() : end], ICASE):
                    # "count catches, keep the top 3 by catches": the ranked column's name is
                    # the word the ranking says (see windows.build_window; "the 2 arms with
                    # the fewest picks" names none: pick_count)
                    agg.name = to_identifier(metric)
                named = re.search(
                    rf"\(\s*(?:call|name|label)\s+(?:it|the\s+count)\s+(?:as\s+)?{metric}\s*\)",
                    self.s,
                    ICASE,
                )
                if named:  # "count the mentions ... (call the count mentions)": named so
                    agg.name = to_identifier(metric)
                    self.mask(named.start(), named.end())
                    counted = re.search(
                        rf"\b{COUNTED}\s+(?:the\s+|all\s+)?({metric})\b", self.s, ICASE
                    )
                    if counted:  # (the noun counted, read with the count)
                        self.mask(counted.start(1), counted.end(1))
            if (
                agg is not None and agg.fn == "count" and definition is None
                and re.fullmatch(r"(?:sales|takings|turnover)", metric, ICASE)
            ):  # fmt: skip
                # "bottom 5 stores by sales": the number of sales, or the money? listed
                self.assumptions.append(
                    f"ranked by {metric!r} as the number of records per window, not the money "
                    f'taken; say "by total {metric}" to rank by the sum of the amount'
                )
            if agg is None and definition is None and re.fullmatch(r"[A-Za-z_]\w*", metric):
                # "the 5 best-selling products by quantity": ranked by the total of a measure
                agg = Agg(m.start(), "sum", metric, to_identifier(f"total_{_snake(metric)}"))
                said = f"ranked by the total (sum) of {metric!r} per window: {m.group(0).strip()!r}"
                self.assumptions.append(said)
                # (a count when the noun names the stream's records, known once the source is
                # read: see count_ranked_records)
                self.top_n_summed = (agg, said)
            if agg is None:
                raise RequestNotUnderstood(
                    f"top-N {m.group(0)!r}: cannot tell which aggregate ranks the rows; say it, "
                    'e.g. "top 5 pages by views every 10 minutes" or "top 3 stores by total '
                    'amount every hour"'
                )
            end = self._name_ranked(agg, end)
            words = " ".join(w for w in (m.group("dir"), m.groupdict().get("dir2")) if w)
            bracketed = m.groupdict().get("dir2") if m.groupdict().get("paren") else None
            if (
                not bracketed
                and re.fullmatch(r"fastest|slowest", m.group("dir"), ICASE)
                and not LOWER_IS_BETTER.search(metric)
            ):
                # "the 3 fastest boats by avg_knots": fastest is the lowest time but the
                # highest speed; with a measure that is no time, which is asked
                raise RequestNotUnderstood(
                    f"top-N {m.group(0).strip()!r}: is the {m.group('dir').lower()} the highest "
                    f'or the lowest {metric!r}? say "highest" or "lowest" (e.g. "the 3 boats '
                    'with the highest avg_knots")'
                )
            # ("top 10 airlines with the worst delay": 'worst' after the groups says it too)
            judged = next(
                (
                    w
                    for w in (m.groupdict().get("dir2"), None if bracketed else m.group("dir"))
                    if w and re.fullmatch(r"best|worst", w, ICASE)
                ),
                None,
            )
            if judged and LOWER_IS_BETTER.search(metric):
                raise RequestNotUnderstood(
                    f"top-N {m.group(0).strip()!r}: is the {judged.lower()} {metric!r} "
                    'the highest or the lowest? say "highest" or "lowest" (e.g. "the 5 runners '
                    'with the lowest finish_time")'
                )
            low = re.search(rf"\b(?:bottom|{LOW})\b", words, ICASE) is not None
            low = low or re.fullmatch(LOW_ADJ, m.group("dir"), ICASE) is not None
            if bracketed:  # "the 3 fastest boats (highest avg_knots)": the brackets say it
                low = re.fullmatch(LOW, bracketed, ICASE) is not None
            # "the top merchant", "the single top merchant": one group
            self.top_n = {"n": int(m.group("n") or 1), "order": "lowest" if low else "highest",
                          "order_by": agg.name}  # fmt: skip
            self.aggs.append(agg)
            if definition is None:  # "by revenue": a measure the request may define later
                self.top_n_undefined = (agg, m.end(), metric)
            if per_field:  # "(count per route_id)"
                self.group_by.append((per_field, True))
            elif "g" in pattern.groupindex:
                self.group_by.append(self._field_plural(self._identified(_group(m))))
            else:  # the window's groups, said elsewhere ("per region and player_id")
                self.top_n_groupless = m
            self._ranking_partition(m, end, metric if definition is None else None)
            if m.groupdict().get("when"):  # "... per hour by amount": the window's, unmasked
                self.mask(m.start(), m.start("when"))
                self.mask(m.end("when"), end)
            else:
                self.mask(m.start(), end)
            return

    def _name_ranked(self, agg: Agg, end: int) -> int:
        """ "the 5 routes with the most kg_spread in total, named total_kg": the name given to
        the ranking aggregate right after it (with "in total" only for a sum); where the
        top-N's words end now."""
        named = RANKED_NAMED.match(self.s, end)
        if not named or (named["total"] and agg.fn != "sum"):
            return end
        name = named["name"]
        if name.lower() in _NOT_A_NAME or name.lower() == (agg.phrase or "").lower():
            return end
        self.assumptions.append(
            f"read {' '.join(self.text[end : named.end()].strip(' ,').split())!r} as the name of "
            f"the ranking {agg.fn} ({name})"
        )
        agg.name = to_identifier(name)
        return named.end()

    def _loose_measure(self, m: re.Match[str], measure: str, end: int) -> None:
        """A ranking whose measure is a few loose words before a colon: ranked by the window's
        one aggregate, said after it (listed; refused at build when the window has more)."""
        words = " ".join(w for w in (m.group("dir"), m.groupdict().get("dir2")) if w)
        low = re.search(rf"\b(?:bottom|{LOW})\b", words, ICASE) is not None
        low = low or re.fullmatch(LOW_ADJ, m.group("dir"), ICASE) is not None
        self.top_n = {"n": int(m.group("n") or 1), "order": "lowest" if low else "highest",
                      "order_by": None}  # fmt: skip
        self.group_by.append(self._field_plural(self._identified(_group(m))))
        self._ranking_partition(m, end, None)
        self.mask(m.start(), end)
        said = " ".join(measure.split())
        self.top_n_loose = said
        self.assumptions.append(
            f"'by {said}' read as the measure the request defines after the colon"
        )
        first = ORDER_FIRST.search(self.s, end)
        if first and (re.match(LOW, first["dir"], ICASE) is not None) == low:
            self.mask(first.start(), first.end())  # ", highest first": the order, said again

    def _bare_top(self) -> None:
        """ "count picks per arm_id in hourly windows, keep the top 3 (arms)": a top-N with no
        metric, ranked at assembly by the window's one aggregate (refused when it has more)."""
        m = BARE_TOP.search(self.s)
        if not m or TOP_N_NEGATED.search(self.text, max(0, m.start() - 30), m.start()):
            return
        start = m.start()
        if m.group("masked"):  # words read already: only a sink's verb leads the top-N
            if not SINK_VERB_BEFORE.search(self.text, m.start(), m.end("masked")):
                return
            start = m.end("masked")
        noun = m.group("noun") or m.group("noun3")
        end = m.end()
        if m.group("noun3") and not self._names_groups(noun):
            return  # "..., top 10 readings": with no verb, only the groups' noun is read
        if noun and not self._names_groups(noun):
            end = m.start("noun") - 1  # "the top 3 readings": not the groups, left unread
        word = m.group("dir") or m.group("dir2") or m.group("dir3")
        self.top_n_busy = re.fullmatch(BUSY_RANK, word, ICASE) is not None
        self.top_n_selling = re.fullmatch(SELL_RANK, word, ICASE) is not None
        if re.fullmatch(SPEED_RANK, word, ICASE):
            self.top_n_speed = word.lower()
        low = re.fullmatch(rf"bottom|{LOW}|worst[\s-]selling", word, ICASE) is not None
        low = low or _QUIET.fullmatch(word) is not None
        n = m.group("n") or m.group("n2") or m.group("n3")
        self.top_n = {"n": int(n), "order": "lowest" if low else "highest",
                      "order_by": None}  # fmt: skip
        self._ranking_partition(m, end, None)
        self.mask(start, end)

    def _names_groups(self, noun: str) -> bool:
        """ "the top 3 airports" after "per airport_code": the plural of the grouped field's
        noun (the field itself, or it with an id-like ending) names the ranked groups."""
        if "_" in noun:  # "the top 3 beer_id": the field itself, or its plural
            one = re.escape(noun[:-1] if FIELD_PLURAL.fullmatch(noun) else noun)
            ending = ""
        else:
            one = re.escape(singular(noun.lower()))
            ending = rf"(?:_(?:{ID_ENDING}))?"
        # ("per bar_id and beer_id": a field later in the grouping's list names them too)
        listed = r"(?:[A-Za-z_]\w*\s*(?:,\s*(?:and\s+)?|\s+and\s+)){0,3}"
        # ("the 3 items" over "by city and menu_item_id": the field's last noun names them)
        owner = r"(?:[A-Za-z][A-Za-z0-9]*_)?" if ending else ""
        return bool(
            re.search(
                rf"\b(?:per|by|for\s+each|each)\s+{listed}{owner}{one}{ending}\b", self.text, ICASE
            )
        )

    def _field_plural(self, group: tuple[str, bool]) -> tuple[str, bool]:
        """ "the top 10 store_ids by order count": the plural of the field store_id names the
        ranked groups, never a field store_ids (listed unless store_id is said elsewhere)."""
        name, quoted = group
        if not quoted and _NOT_GROUPS.fullmatch(name):
            # "keep the top 5 per hour by amount": the window said where the groups go, which
            # were read as a field 'per_hour' (in 1-minute windows); "top 5 per genre": 'per_genre'
            raise RequestNotUnderstood(
                f'top-N: the top of what {name!r}? Name the groups ranked, e.g. "the top 5 '
                'stores per hour by amount"'
            )
        self._refuse_ranked_records(group)
        plural = FIELD_PLURAL.fullmatch(name)
        if quoted or not plural:
            return group
        field = name[:-1]
        if not re.search(rf"\b{re.escape(field)}\b", self.text, ICASE):
            self.assumptions.append(
                f"read {name!r} as the field {field!r}: the ranked groups, one per {field}"
            )
        return field, False

    def _refuse_ranked_records(self, group: tuple[str, bool]) -> None:
        """ "from fin.trades ..., keep the largest 5 trades per symbol every minute": the ranked
        noun is the topic's own records, which a window does not group by (a group field
        'trade' would be made up); ranking single records is not a window's top-N."""
        name, quoted = group
        if quoted or "_" in name or " " in name or self.has(name):
            return
        if self._names_groups(name):
            # "the top 3 rolls per bar_id" over "grouped by bar_id and roll_name" on
            # kitchen.rolls_served: a grouped field names the rolls, so the groups are ranked
            return
        # (the topic read: the sink's topic often names the ranked groups, "top-batters")
        named = re.findall(r"\b(?:from|read|reads|consume|consumes|ingest|take)\s+(?:the\s+)?"
                           r"(?:kafka\s+)?(?:topic\s+)?['\"`]?([a-z][\w.-]*[.-][\w.-]*\w)",
                           self.text, ICASE)  # fmt: skip
        # ("Read topic bets, top 10 bets by stake": a plain name, said as the topic read; an
        # entity with a known id field, "top 10 orders" or "top 5 pages", ranks by that id)
        if singular(name.lower()) not in ENTITY_FIELDS:
            named += _PLAIN_TOPIC_READ.findall(self.text)
        nouns = {singular(_records_noun(t)) for t in named}
        if singular(name.lower()) in nouns:
            raise RequestNotUnderstood(
                f"cannot rank {name!r}: they are the records of the topic themselves, and a "
                "top-N ranks the groups of a window (one row per group); rank groups instead, "
                'e.g. "top 5 pages by views every 10 minutes", or name the field that '
                "identifies each record"
            )

    def _identified(self, group: tuple[str, bool]) -> tuple[str, bool]:
        """The ranked noun ("tracks") named by a field elsewhere: "(track_id identifies the
        track)". The parenthesis must name the same noun; it is read (masked) with the group."""
        name, quoted = group
        if quoted or "_" in name or " " in name:
            return group
        for m in IDENTIFIED_BY.finditer(self.s):
            noun = (m.group("noun") or m.group("noun2")).lower()
            if singular(noun) == singular(name.lower()):
                self.mask(m.start(), m.end())
                return m.group("f") or m.group("f2"), True
        return group

    def _busiest(self) -> bool:
        """ "the 5 busiest station_id every hour": with no metric, ranked by how many records
        each group has (listed); "busiest ... by x" is read by the patterns with a metric."""
        m = BUSIEST.search(self.s)
        if not m:
            return False
        low = m.group("dir").lower() in ("quietest", "least active")
        self.top_n = {"n": int(m.group("n")), "order": "lowest" if low else "highest",
                      "order_by": "record_count"}  # fmt: skip
        self.aggs.append(Agg(m.start(), "count", None, "record_count"))
        self.group_by.append(self._field_plural(_group(m)))
        self.assumptions.append(
            f"{' '.join(m.group(0).split())!r}: ranked by the number of records per group in "
            'each window (record_count); say "by <measure>" to rank by another'
        )
        self._ranking_partition(m, m.end(), None)
        self.mask(m.start(), m.end())
        return True

    def _most_done(self) -> bool:
        """ "the 5 most viewed page_url values each hour" on topic page-views: the count of
        records per page_url ranks them; another verb ("most purchased" on orders: by orders
        or by quantity?) is left unread."""
        m = MOST_DONE.search(self.s)
        if not m:
            return False
        if re.search(rf"\btop\s+{m['n']}\s+by\s+[a-z_]", self.s[m.end() :], ICASE):
            return False  # "the five most booked tours ... keep the top 5 by bookings": a wish
        stem = m.group("verb").lower()[:-2].rstrip("e")[:4]  # viewed -> view, used -> us
        # the source is read after this recogniser: the names said with the word "topic"
        named = re.findall(r"\btopics?\s+['\"`]?([\w.-]+)", self.text, ICASE)
        named += re.findall(r"([\w.-]+)['\"`]?\s+topic\b", self.text, ICASE)
        # "from hotel-bookings", "arrive on hotel-bookings", "from shop.page_views": a hyphened
        # or dotted name read from
        named += re.findall(
            r"\b(?:from|on|read|reads|reading|consume|consumes|consuming)\s+['\"`]?"
            r"([a-z]\w*[.-][\w.-]*\w)",
            self.text,
            ICASE,
        )
        topic_words = {w for t in named for w in re.split(r"[^a-z0-9]+", t.lower())}
        verb = m.group("verb").lower()
        base = next((b for b in DONE_VERB_RECORDS if verb in (f"{b}ed", f"{b}d")), None)
        # "most borrowed" on library-checkouts: each checkout is one borrowing
        nouns = DONE_VERB_RECORDS.get(base or "", ())
        same = len(stem) >= 3 and any(w.startswith(stem) for w in topic_words)
        if not (same or any(w.startswith(n[:5]) for w in topic_words for n in nouns)):
            return False
        name = to_identifier(f"{m.group('verb').lower()}_count")
        low = m.group("how").lower() == "least" or (m.group("dir") or "").lower() == "bottom"
        self.top_n = {"n": int(m.group("n")), "order": "lowest" if low else "highest",
                      "order_by": name}  # fmt: skip
        self.aggs.append(Agg(m.start(), "count", None, name))
        self.group_by.append(self._field_plural(_group(m)))
        self._ranking_partition(m, m.end(), None)
        self.mask(m.start(), m.end())
        return True

    def _ranking_partition(self, m: re.Match[str], end: int, metric: str | None) -> None:
        """ "top 3 products by revenue in each category", "for each region, the 2 stores with
        the lowest sales": the field the ranking is within, which the window groups by too
        (see build_top_n). Said with the ranked noun, it is read with the top-N's match."""
        # (the ranked groups' entry, appended last, when the match names them)
        self.top_n_group = self.group_by[-1] if "g" in m.re.groupindex else None
        if m.groupdict().get("per"):
            self._ranked_within(m.group("per"), None)
            return
        after = PARTITION_AFTER.match(self.s, end)
        if after and self._restates_ranked(after, end):
            # "the 3 rinks with the lowest average resurface_min per rink_id": the measure per
            # ranked group, the grouping restated (never a ranking within each rink_id)
            self.mask(after.start("lead"), after.end())
            self.group_by.append(unquote(after.group("per")))
            return
        if after:
            # "by revenue per customer" may be a measure per customer: the reading is listed
            per = after.group("word").lower() == "per" and after.start("lead") == end
            per_metric = metric if per and metric else None
            self.mask(after.start("lead"), after.end())
            self._ranked_within(after.group("per"), per_metric)
            return
        before = PARTITION_BEFORE.search(self.s[: m.start()])
        if before:
            self.mask(before.start("lead"), before.end())
            self._ranked_within(before.group("per"), None)
            ranked, per = self.top_n_group, self.top_n_per
            if ranked is not None and per is not None and self.group_by[-2:] == [ranked, per]:
                # "for each bar_id, rank beer_id ...": the groups in the order said
                self.group_by[-2:] = [per, ranked]

    def _restates_ranked(self, after: re.Match[str], end: int) -> bool:
        """ "per rink_id" right after the metric of "the 3 rinks with ...": the field of the
        ranked groups' noun (the noun's singular, or it with an id-like ending)."""
        group = self.top_n_group
        if group is None or after.group("word").lower() != "per" or after.start("lead") != end:
            return False
        if self.s[end : after.start("per")].strip().lower() != "per":
            return False  # ("per hour in each ...": a period said first)
        return noun_names_field(group[0], after.group("per"))

    def _ranked_within(self, said: str, per_metric: str | None) -> None:
        entry = unquote(said)
        self.group_by.append(entry)
        self.top_n_per = entry
        if per_metric is not None and singular(entry[0].lower()) in COUNTED_ENTITIES:
            # "top 5 pages by views per visitor": views per visitor reads as a measure (a
            # ratio) as well as a ranking within each visitor; asked, never picked
            metric = " ".join(per_metric.split())
            raise RequestNotUnderstood(
                f"cannot read 'by {metric} per {entry[0]}': {metric} divided per {entry[0]}, or "
                f'a ranking within each {entry[0]}? For the ranking say "for each '
                f'{entry[0]}, the top N by {metric}"; a measure per {entry[0]} is not a '
                "window aggregate"
            )
        if per_metric is not None:
            self.assumptions.append(
                f"read 'by {' '.join(per_metric.split())} per {entry[0]}' as a ranking within "
                f"each {entry[0]}, not a measure divided per {entry[0]}"
            )

    def build_top_n(self, window: dict[str, Any] | None) -> dict[str, Any] | None:
        if self.top_n is None:
            return None
        if window is None or window.get("type") == "session":
            raise RequestNotUnderstood(
                f"top {self.top_n['n']} ranks the groups of each window: say how often, e.g. "
                '"top 5 pages by views every 10 minutes"'
            )
        groupless = self.top_n_groupless
        if self.top_n_per is not None:
            self._per(window)
        elif groupless is not None:
            if len(window.get("group_by") or []) > 1:
                self.assumptions.append(
                    f"top {self.top_n['n']} ranks all ({', '.join(window['group_by'])}) groups "
                    "of each window together, not within each of one field's values"
                )
        elif len(window.get("group_by") or []) > 1:
            # "count orders per category and product_id ..., keep the top 3": within each
            # category, or all the pairs together? Refused, never picked
            raise RequestNotUnderstood(
                f"top {self.top_n['n']} of which groups? The window groups by "
                f"{', '.join(window['group_by'])}: say the field the ranking is within (e.g. "
                '"top 3 products by revenue in each category"), or drop a group to rank them all'
            )
        if self.top_n["order_by"] is None and self.top_n_busy:
            self._busy_count(window)
        if self.top_n["order_by"] is None:  # "keep the top 3": by the window's one aggregate
            aggs = [a["name"] for a in window.get("aggregates") or []]
            if len(aggs) != 1:
                raise RequestNotUnderstood(
                    f"top {self.top_n['n']}: ranked by which of {', '.join(aggs) or 'nothing'}? "
                    'Say it, e.g. "top 5 pages by views every 10 minutes"'
                )
            fn = (window.get("aggregates") or [{}])[0].get("fn")
            if self.top_n_selling and fn not in ("sum", "count"):
                # "the 3 best-selling items" over an average price: sold how? Asked
                raise RequestNotUnderstood(
                    f"the {self.top_n['n']} best- or worst-selling: ranked by how much each "
                    f"group sold, but the window's one aggregate is {aggs[0]} = {fn}(); say the "
                    'measure, e.g. "keep the 3 items with the highest units_sold"'
                )
            self.top_n["order_by"] = aggs[0]
            if self.top_n_speed is not None:
                self._speed_order((window.get("aggregates") or [{}])[0])
            end = "top" if self.top_n["order"] == "highest" else "bottom"
            self.assumptions.append(
                f"{end} {self.top_n['n']} ranked by {aggs[0]}, the window's only aggregate"
            )
        restated = self.top_n_restated
        if restated is not None and restated.lower() != str(self.top_n["order_by"]).lower():
            raise RequestNotUnderstood(
                f"top {self.top_n['n']} ranked by {self.top_n['order_by']}, and then 'by "
                f"{restated}': which measure ranks the groups? Say it once, e.g. \"top 5 pages "
                'by views every 10 minutes"'
            )
        if self.top_n_selling:
            self._check_selling(window)
        if self.top_n_sorted is not None:
            self._check_sorted()
        head = self.top_n_headline
        if head is not None:
            self._check_headline(head, window.get("aggregates") or [])
        if self.top_n_rank_head is not None:
            self._check_rank_headline(self.top_n_rank_head, window.get("aggregates") or [])
        if self.top_n_rank_verb is not None:
            self._check_rank_verb(self.top_n_rank_verb)
        return {"kind": "top_n", **self.top_n}

    def _speed_order(self, agg: dict[str, Any]) -> None:
        """ "min sectional_s per horse_id ..., keep the 3 fastest horses": the fastest are the
        lowest times; over a measure that is no time (a speed), which end is asked."""
        assert self.top_n is not None
        said = f"{agg.get('field') or ''} {agg['name']}"
        if not LOWER_IS_BETTER.search(said):
            raise RequestNotUnderstood(
                f"the {self.top_n['n']} {self.top_n_speed}: is that the highest or the lowest "
                f"{agg['name']}? say which, with {agg['name']} after it"
            )
        fast = self.top_n_speed in ("fastest", "quickest")
        self.top_n["order"] = "lowest" if fast else "highest"

    def _check_selling(self, window: dict[str, Any]) -> None:
        """ "the three best-selling rolls" said, then "the top 3 rolls by avg_rating": a
        selling word ranks by how much each group sold (a sum or a count), never another
        measure; refused rather than dropped."""
        assert self.top_n is not None
        by = str(self.top_n["order_by"] or "")
        fns = [a.get("fn") for a in window.get("aggregates") or [] if a.get("name") == by]
        if fns and fns[0] not in ("sum", "count"):
            raise RequestNotUnderstood(
                f"the {self.top_n['n']} best- or worst-selling: ranked by how much each group "
                f"sold, but the ranking measure is {by} = {fns[0]}(); say the ranking once, "
                'e.g. "keep the 3 items with the highest units_sold"'
            )

    def _busy_count(self, window: dict[str, Any]) -> None:
        """ "count rides per station_id ..., keep the 3 busiest": busy says how many records a
        group has, so the window's one count ranks (listed); with no count, or several, which
        measure ranks is unclear (refused)."""
        assert self.top_n is not None
        aggs = window.get("aggregates") or []
        counts = [a["name"] for a in aggs if a["fn"] == "count"]
        word = "busiest" if self.top_n["order"] == "highest" else "quietest"
        if len(counts) != 1:
            said = "several counts" if counts else "no count of records"
            raise RequestNotUnderstood(
                f"the {self.top_n['n']} {word}: ranked by how many records each group has, "
                f"but the window has {said} ({', '.join(a['name'] for a in aggs)}); say the "
                'measure, e.g. "count rides per station_id every hour, keep the top 3 by ride '
                'count"'
            )
        self.top_n["order_by"] = counts[0]
        self.assumptions.append(
            f"the {self.top_n['n']} {word} ranked by {counts[0]}, the window's count of records"
        )

    def _per(self, window: dict[str, Any]) -> None:
        """ "top 3 products by revenue in each category": the window groups by the category and
        the ranked groups, nothing else; a group only the top-N's words add is listed."""
        assert self.top_n is not None
        names = self.group_names
        per, group = self.top_n_per, self.top_n_group
        assert per is not None  # (called when the ranking is within a field)
        part = names.get(per)
        ranked = [g for g in window.get("group_by") or [] if g != part]
        name = names.get(group) if group is not None else None
        top = f"{'top' if self.top_n['order'] == 'highest' else 'bottom'} {self.top_n['n']}"
        if part is not None and not ranked:
            raise RequestNotUnderstood(
                f"{top} within each {per[0]}: the ranked groups are the {part} groups "
                f"themselves, one per ranking; rank another field within each {part}, e.g. "
                '"top 3 products by revenue in each category"'
            )
        if part is None or len(ranked) != 1 or (name is not None and ranked != [name]):
            raise RequestNotUnderstood(
                f"{top} within each {per[0]}: the window groups by "
                f"{', '.join(window.get('group_by') or [])}, so which groups are ranked within "
                f"each {part or per[0]} is unclear; group by the {part or per[0]} and the ranked "
                'field alone, e.g. "top 3 products by revenue in each category"'
            )
        self.top_n["per"] = [part]
        others = list(self.group_by)
        for entry in (per, group):
            if entry in others:
                others.remove(entry)
        grouped = {names.get(e) for e in others}
        added = [name for name in (*ranked, part) if name not in grouped]
        if added:
            self.assumptions.append(
                f"grouped the window by {' and '.join(added)} for the ranking: the {ranked[0]} "
                f"groups are ranked within each {part} ({top} of each window and {part})"
            )


# "Read topic bets", "from kafka topic `trades`": a source topic's plain name (no '.' or '-')
_PLAIN_TOPIC_READ = re.compile(
    r"\b(?:from|read|reads|consume|consumes|ingest)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
    r"['\"`]?([a-z]\w*)\b(?![.-]\w)",
    ICASE,
)


def _records_noun(topic: str) -> str:
    """The noun of a topic's records: its last word ("fin.trades"), or the one before a
    word saying what happened to them or how they come ("claims.filed", "orders.raw"); never
    before "events" ("dock-events": events at docks, which may be ranked)."""
    words = name_words(topic)
    while len(words) > 1 and (words[-1] in _TOPIC_SUFFIXES or words[-1].endswith("ed")):
        words.pop()
    return words[-1] if words else ""


_TOPIC_SUFFIXES = word_set("raw clean cdc json v1 v2 v3 stream")


# "(track_id identifies the track)", "(tracks are identified by track_id)": the field that names
# the ranked noun's groups
IDENTIFIED_BY = re.compile(
    r"\(\s*(?:(?P<f>[A-Za-z_]\w*)\s+(?:identifies|names|is\s+the\s+id\s+of)\s+(?:the\s+|a\s+"
    r"|each\s+|an\s+)?(?P<noun>[a-z]+)|(?:the\s+|a\s+|each\s+|an\s+)?(?P<noun2>[a-z]+)\s+"
    r"(?:is|are)\s+identified\s+by\s+(?:the\s+)?(?P<f2>[A-Za-z_]\w*))\s*\)",
    ICASE,
)


# "store_ids", "sku_codes": the plural of a field's name (an id, code, key, name or number)
FIELD_PLURAL = re.compile(rf"[A-Za-z]\w*_(?:{ID_ENDING})s", ICASE)


def _counts(aggs: list[dict[str, Any]], name: str) -> bool:
    """The window's aggregate `name` is a count of records."""
    return any(a["name"].lower() == name and a["fn"] == "count" for a in aggs)


# "per hour", "every 10 minutes", "each day": a window's span; "per genre": what the ranking
# is within; never the ranked groups
_NOT_GROUPS = re.compile(
    r"(?:per|every|each)\s+\S.*|(?:an?|one)\s+(?:\d+\s*)?(?:second|sec|minute|min|hour|hr|day"
    r"|week|month)s?",
    ICASE,
)


def _group(m: re.Match[str]) -> tuple[str, bool]:
    """The ranked group: the field in parentheses when one is given."""
    if m.group("gp"):
        return m.group("gp"), True
    return unquote(m.group("g"))
