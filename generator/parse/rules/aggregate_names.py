"""Recogniser (aggregates, part 2 of 5): the names given to aggregates, and the
thresholds said after them.

A name right after its aggregate ("sum amount as revenue", "count orders (name the count x)",
`_alias_at`) or defined before it ("gmv = sum of order_total", `_name_before`), read with the
aggregates; and, once the group and the window are read (`extract_late_aliases`), a name said
after them ("count per src_ip as failures"), lists of names ("call them lo and hi", "(min_kg,
max_kg)"), "call the count x", "(call it revenue)", and the thresholds on the window's one
aggregate or group said later ("only the windows with more than 20 failed_attempts", "keep
horses with at least 10 laps", "alert when > 10000"). The entry point is
aggregates.AggregateRecogniser."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .aggregate_phrases import FN_WORDS
from .context import _ACTION, _NEGATION, _QUALIFIER, _SELECTION, _STEP_WORDS
from .fields import SchemaResolver
from .lexicon import (
    COUNT_NOUNS,
    DROP_VERB,
    MASK,
    NEGATE,
    STOP,
    STRUCT_STOP,
    names_distinct_values,
    names_function,
    singular,
    stem,
    unquote,
    used_as_metric,
    word_set,
)
from .quantities import ICASE, NUM, UNIT_MS, number, same_unit, unit_of
from .scope import clause_around
from .settings import call_it_names_aggregate
from .state import Agg, Cond

# The end of a sentence: a full stop, "!", "?" or ";" before a space, or a line break; a reason
# clause after a comma (", since bookings per city are computed elsewhere") stands apart too
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n|,(?=\s+(?:since|because)\s)", ICASE)


# A name given to one aggregate right after it: "sum amount as revenue", "avg(latency) named
# avg_latency", "count orders (name the count order_count)", "sum amount into revenue_total";
# a type word, a format or "as well" is never a name.
_ALIAS_NAME = (
    r"(?!(?:well|int|integer|float|double|string|text|numbers?|json|csv|avro|parquet|protobuf"
    r"|bytes|soon|long|usual|before|above|below|follows?|following|such|needed|required|per"
    r"|described|mentioned|shown|explained|discussed|specified|requested|agreed|planned|expected"
    r"|possible|ever|always|noted|stated|listed|far|much|many"
    # "count clicks as they arrive": a clause about the records, never a name
    r"|they|them|we|you|he|she|it|its|one|ones|this|that|these|those|i|if|though|is|are|was"
    r"|were|new|normal|usual|planned|intended|agreed)\b)"
    # (the name's own end before its closing quote: "as `downloads`.")
    r"(?P<q>['\"`]?)(?P<name>[a-z_][a-z0-9_]*)\b(?P=q)(?![-(]|\.\w)"
)
# What follows a name given at the end of its clause: "... as events and ...", "... as total."
NAME_ENDS_CLAUSE = re.compile(r"\s*(?:[.;,)!?:]|\s(?:and|then)\b|$)", ICASE)
_ALIAS_WORD = r"(?:as|named|called|aliased(?:\s+as)?|label(?:l)?ed(?:\s+as)?|renamed\s+to)"
ALIAS_AFTER = re.compile(
    rf"(?:\s+{_ALIAS_WORD}"
    # "the lowest temp_c, named coolest", "... into a column called coolest" / "into one called
    # warmest": the name after a comma, or the column said first
    r"|\s*,\s*(?:named|called)"
    r"|\s+into\s+(?:a|one|1|the)\s+(?:(?:new\s+)?(?:column|field)\s+)?(?:named|called)"
    # "(name the count complaints)", "(label it gmv)", "(alias: gmv)", "(aggregate name: gmv)"
    rf"|(?P<paren>\s*\(\s*)(?:{_ALIAS_WORD}|alias\s*:?"
    r"|(?:(?:aggregate|column|output|metric|result)\s+)?name\s*:|(?:name|label|call)\s+(?:it|this|that"
    r"|the\s+(?:count|sum|total|average|avg|min|max|minimum|maximum|median|result|metric|value"
    r"|column|field))(?:\s+as)?)"
    # "..., label it gmv": outside parentheses only 'label' ('call it' names the pipeline)
    r"|\s*,?\s+(?:and\s+)?label\s+(?:it|that|this)(?:\s+as)?"
    # "count scans per lift_id every 15 minutes and call that riders", "... \u2014 call that
    # render_count \u2014": 'that' points back at what was just computed (a pipeline is
    # named "call it", asked when unclear)
    r"|(?:\s*,|\s+[\u2014\u2013-]+)?\s+(?:and\s+)?(?:call|name)\s+(?:that|this)(?:\s+as)?"
    r"(?=\s+['\"`]?[a-z_][a-z0-9_]*['\"`]?(?:[?.;,!)]|\s+[\u2014\u2013-]|\s+(?:and|then)\b|\s*$))"
    # "sum amount into revenue_total": 'into' a name with '_' (never a sink's word)
    r"|\s+into(?:\s+(?:a|the))?(?:\s+(?:column|field))?(?=\s+['\"`]?[a-z]+_))"
    rf"\s+{_ALIAS_NAME}(?(paren)\s*\))"
    # ("into store_totals table": where the rows go)
    r"(?!\s+(?:table|topic|stream|collection|index|bucket|queue|hash|key)s?\b)",
    ICASE,
)

# "... and write the counts as dives to ClickHouse", "publish the averages as avg_temp": the
# figures a sink verb takes, by their function's noun, right before a name (`_named_after_figures`)
_FIGURES_SENT = re.compile(
    r"\b(?:print|write|send|publish|output|emit|push|store|save|show|log|dump|display|export"
    r"|stream|land|put)\s+(?:out\s+)?(?:the|these|those|all\s+the|all)\s+"
    r"(?:(?:hourly|daily|weekly|monthly|per[\s-]window|window(?:ed)?|resulting)\s+)?"
    r"(?P<noun>counts?|totals?|sums?|averages?|means?|medians?|maxima|minima|maximums?|minimums?)"
    r"\s*$",
    ICASE,
)
_FIGURE_FNS = {"count": "count", "total": "sum", "sum": "sum", "average": "avg", "mean": "avg",
               "median": "quantile", "maxima": "max", "maximum": "max", "minima": "min",
               "minimum": "min"}  # fmt: skip

# "sum guests per hut_id into a daily total called overnight_stays": the result named as "a
# total called x" after the group (the window's word before it read already, masked); read
# before the aggregates so "total called x" is never a sum of a field 'called x'
INTO_TOTAL_NAMED = re.compile(
    r"\binto\s+(?:a|one|the)\s+(?:\x00+\s+)?(?:total|sum|count|tally|figure)\s+"
    rf"(?:named|called)\s+{_ALIAS_NAME}",
    ICASE,
)
# "count the events in each as actuations": the window or session the aggregate is computed
# in, said between it and its name (the name read after it)
IN_EACH_BEFORE_NAME = re.compile(
    r"\s+(?:in|per|for)\s+each(?:\s+(?:one|session|window|bucket|group|burst))?(?=\s+as\s)", ICASE
)
# "count the activations (activations)": a bare name in parentheses right after a count (see
# `_paren_alias`)
PAREN_ALIAS = re.compile(rf"\s*\(\s*{_ALIAS_NAME}\s*\)", ICASE)
# Words in parentheses after an aggregate that say how it is computed or shown, never its name
_NOT_PAREN_NAME = word_set(
    """approx approximate approximately rounded estimated exact roughly tumbling sliding hopping
    rolling overlapping utc local gmt cents euros dollars eur usd gbp sum count avg average mean
    min max minimum maximum median distinct"""
)


# "avg_temp as the average of surface_temp_c": a metric's word then "of", after "as the", is
# the aggregate a name given first is defined as (see ALIAS_BEFORE), never that name
_OF_FIELD_NEXT = re.compile(r"[A-Za-z]+\s+of\s+(?:the\s+)?[a-z_][a-z0-9_]*\b", ICASE)
# "compute avg_ph as ..., and min_ec as the lowest ec_ms": the metric's word right before a
# field written as a name, after a name defined first (ALIAS_BEFORE; never "sum x as the total y")
_FIELD_NAME_NEXT = re.compile(r"[A-Za-z]+\s+[a-z][a-z0-9]*_[a-z0-9_]+\b", ICASE)


# "sum amount_eur as the count", "avg price as the total": a metric's word after "as the",
# meant as the column's name
_AS_THE_METRIC = re.compile(
    r"\s+as\s+the\s+(?P<name>count|total|sum|average|avg|mean|min|max|minimum|maximum|median"
    r"|result|metric|value|number)\b",
    ICASE,
)


def _field_unit(noun: str, phrase: str | None) -> bool:
    """ "500 kg" of net_kg: the unit the field's name ends with."""
    parts = re.split(r"[\s_]+", (phrase or "").lower())
    return bool(noun) and len(parts) > 1 and noun in (parts[-1], parts[-1] + "s")


def _unit_named_after_field(name: str, phrase: str | None) -> bool:
    """ "the sum of hours_logged as hours": a time unit the field's own name carries is a name
    given (the field is in that unit already); "sum duration_s as hours" asks for a conversion,
    never read as a name."""
    unit = name.lower().rstrip("s")
    if unit not in {"second", "minute", "hour", "day", "week"} or not phrase:
        return False
    return unit in {w.rstrip("s") for w in re.split(r"[\s_]+", phrase.lower())}


def _refuse_unit_as_name(alias: re.Match[str], phrase: str | None) -> None:
    """ "sum distance_m per courier_id per day as kilometres": a unit of measure after "as"
    asks for a conversion (the column would be named kilometres and hold metres); refused
    unless the field's own name holds that unit ("sum distance_km as kilometres")."""
    name = alias["name"]
    unit = unit_of(name)
    if unit is None:
        return
    # ("sum kg_spread as kg": a part of the field's name, the field in that unit already)
    parts = re.split(r"[\s_]+", (phrase or "").strip().lower())
    if any(same_unit(unit, unit_of(part) or part) for part in parts if part):
        return
    raise RequestNotUnderstood(
        f"cannot read {' '.join(alias.group(0).split())!r} after the aggregate: {name!r} is a "
        "unit, and the offline parser does not convert an aggregate's unit; compute the "
        'converted field first (e.g. "add distance_km = distance_m / 1000"), then aggregate it'
    )


# A name defined right before its aggregate: "top 20 campaigns by spend, where spend is the sum
# of win_price", "gmv = sum of order_total", "with revenue being the total of amount"; read
# only when the name is used elsewhere in the request (the definition of a name it ranks or
# thresholds on), never "where price is the max price" (a condition on each record).
ALIAS_BEFORE = re.compile(
    # ("compute total_kwh = sum(energy_kwh)": the verb before the definition too)
    r"(?:\b(?:where|with|and|plus|also|give|giving|include|including|return|returning|whereby|compute|calculate|computing|calculating|produce|producing"
    r"|output|outputting|emit|emitting|report|reporting)\s+|[,;:(]\s*|^\s*)"
    r"(?P<name>[a-z_][a-z0-9_]*)(?:\s+(?:is|=|being"
    r"|means|meaning|is\s+defined\s+as|stands\s+for"
    # "Compute avg_temp as the average of surface_temp_c and max_temp as the max of ...": a
    # name given first, then what it is (a definition as "=" is; "as" never compares)
    r"|(?<=[a-z0-9_]\s)(?P<as>as)(?=\s+the\s))"
    # "produce leaf_p95: the 95th percentile of x": a column's name (with '_' or a digit, see
    # _name_before), a colon, then its definition
    r"|\s*(?P<colon>:))\s+(?:the\s+)?$",
    ICASE,
)
# After the aggregates, the group and the window, a name given to the aggregate before them
# ("count per src_ip as failures", "min on_hand from topic x as min_on_hand"): what may lie
# between, read by these readers, and said last.
# ("count holds per title_id every 15 minutes as hold_count": what the counted records are too)
_LATE_ALIAS_BETWEEN = frozenset(
    {"aggregates", "group_by", "sources", "windows", "sessions", "description"}
)
# "(call it revenue)", "(name it revenue)": the pipeline's name, unless an aggregate is before
CALL_IT_PAREN = re.compile(
    # ("(sum of liters, call it liters_30m)": after a comma inside the aggregate's parentheses,
    # see `_opened_before`)
    r"(?P<lead>\(|,)\s*(?:call|name)\s+it\s+(?:as\s+)?['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?"
    r"\s*\)",
    ICASE,
)


def opened_before(text: str, at: int) -> bool:
    """Whether a parenthesis opened before `at` is still open there (on the same line)."""
    opened, closed = text.rfind("(", 0, at), text.rfind(")", 0, at)
    return opened > closed and "\n" not in text[opened:at]


# "count the check-ins per property_id, call it arrivals, and keep the top 5 by arrivals",
# "... per tank_id? Call it avg_temp and only emit tanks whose avg_temp is above 21.5": a name
# after ", call it" (or opening the next sentence) that the request ranks or thresholds on is
# the aggregate's, never the pipeline's ("label it" names the aggregate always)
CALL_IT_COMMA = re.compile(
    # ("..., calling it avg_wait": the participle says the same)
    r"(?:[,;]|[.!?](?=\s))\s*(?:and\s+)?(?P<verb>call(?:ing)?|nam(?:e|ing)|label(?:l?ing)?)\s+it"
    r"\s+(?:as\s+)?['\"`]?"
    r"(?P<name>[a-z_][a-z0-9_]*)['\"`]?",
    ICASE,
)
# "only the windows with more than 20 failed_attempts", "keep groups having at least 5 orders"
WINDOWS_WITH = re.compile(
    # ("drop windows with fewer than 10 fails": the others are kept)
    rf"(?:\b(?P<drop>{DROP_VERB})\s+(?:all\s+|any\s+)?)?"
    r"\b(?:only\s+)?(?:the\s+)?(?:windows?|groups?|buckets?|results?|rows|ones|those)\s+"
    r"(?:with|having|that\s+have|where\s+there\s+are)\s+(?P<cmp>more|fewer|less|at\s+least"
    rf"|at\s+most|over|above|under|below)\s+(?:than\s+)?(?P<n>{NUM})\s+"
    r"(?P<name>[a-z_][a-z0-9_]*)\b",
    ICASE,
)
# "the highest reading_value as peak and the lowest as trough", "the 95th percentile of speed,
# call it p95, plus the max as top": the field left out, the one of the named aggregate before
BARE_FN_AS = re.compile(
    r"(?:\b(?:and|plus)\s+|,\s*(?:and\s+|plus\s+)?)(?:the\s+)?"
    r"(?P<fn>max|maximum|min|minimum|average|avg|mean|total|sum|peak|highest|lowest)\s+as\s+"
    r"['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?"
    # ("the minimum queue_length as min_queue, the maximum as max_queue and the average as
    # avg_queue": each said right after the one before)
    r"(?=\s*(?:[.;,)!?]|$)|\s+and\s)",
    ICASE,
)
# "min and max temperature per city, as tmin and tmax", "..., call them low, high and avg_price",
# "Name them median_grade and p90_grade.": one name to each aggregate said before, in order
_LIST_NAME = r"['\"`]?[a-z_][a-z0-9_]*['\"`]?"
LIST_ALIASES = re.compile(
    r"(?<![\w-])(?:(?P<verb>(?:and\s+)?(?:name|call|label)\s+(?:them|these|those)|naming\s+them"
    r"|calling\s+them)(?:\s+as)?|as|named|called)\s+"
    rf"(?P<names>{_LIST_NAME}(?:\s*,\s*{_LIST_NAME})*\s*,?\s+and\s+{_LIST_NAME})"
    r"(?P<resp>\s*,?\s*respectively)?(?=\s*(?:[.;,)!?]|$))",
    ICASE,
)
# "daily min / max / p90 of weight_kg per hive_id (min_kg, max_kg, p90_kg)": a bare list of
# names in parentheses after the aggregates, one to each (see `_paren_list_aliases`)
PAREN_NAMES = re.compile(
    rf"\(\s*(?P<names>{_LIST_NAME}(?:\s*(?:,|/|;)\s*(?:and\s+)?{_LIST_NAME}|\s+and\s+{_LIST_NAME})+)"
    r"\s*\)",
    ICASE,
)
# "compute max, min and avg ...; call them hi, lo": names asked for the aggregates said before,
# left unread by LIST_ALIASES (another count, no 'and'): refused, never dropped as context
NAMES_ASKED = re.compile(
    r"(?<![\w-])(?:(?:name|call|label)\s+(?:them|these|those)|naming\s+them|calling\s+them)"
    rf"(?:\s+as)?\s+{_LIST_NAME}(?:\s*,\s*(?:and\s+)?{_LIST_NAME})+(?=\s*(?:[.;,)!?]|$))",
    ICASE,
)
# "..., name the result avg_speed", "... and call the result avg_temp", "Call the column
# unique_visitors.": the name of the one aggregate (with several, which one is unclear: left
# unread)
NAME_THE_RESULT = re.compile(
    r"(?:[,;]\s*(?:and\s+)?|\s+and\s+|(?<![\w,;]\s)(?<![\w,;])\b)(?:please\s+)?(?:name|call"
    # ("..., naming the result kg_10m", "calling the total load_kg")
    r"|label|naming|calling|labell?ing)\s+(?:the\s+)?"
    r"(?:result(?:ing)?(?:\s+column)?|column|metric|value|output\s+column|aggregate|number|figure)"
    r"\s+(?:as\s+)?['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?(?=\s*(?:[.;,)!?]|$)"
    # ("name the result open_valves and send it to x": the next step after 'and', a verb and its
    # words, never a second name)
    r"|\s+(?:and|then)\s+(?:[a-z]+\s+[a-z]|\x00))",
    ICASE,
)
# "..., and call the count fault_count", "name the total revenue", "call the average avg_wait":
# the name of the one aggregate of the function the noun says (none or several: left unread)
NAME_THE_FN = re.compile(
    r"(?:[,;]\s*(?:and\s+)?|\s+and\s+|(?<![\w,;]\s)(?<![\w,;])\b)(?:please\s+)?(?:name|call"
    r"|label|naming|calling|labell?ing)\s+the\s+(?P<fn>count|total|sum|average|avg|mean|minimum"
    r"|min|maximum|max|median)\s+(?:as\s+)?['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?"
    r"(?=\s*(?:[.;,)!?]|$)|\s+(?:and|then)\s)",
    ICASE,
)
# "call the count n_orders and the total revenue": a second name listed without its verb, whose
# words the aggregates read as a sum of their own (the first name is left unread too: refused)
_FN_NAME_LISTED = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:count|total|sum|average|avg|mean|minimum"
    r"|min|maximum|max|median)\b",
    ICASE,
)
# ", and the sum fees_eur": one more function noun and its name listed after "call the count x"
_FN_NAME_ITEM = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)the\s+(?P<fn>count|total|sum|average|avg|mean|minimum|min"
    r"|maximum|max|median)\s+(?:as\s+)?['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?(?=\s*(?:[.;,!?]|$)"
    r"|\s+and\s)",
    ICASE,
)
# The function an aggregate's noun says ("the total": a sum; "the median": the 0.5 quantile)
_FN_NOUNS = {"count": "count", "total": "sum", "sum": "sum", "average": "avg", "avg": "avg",
             "mean": "avg", "minimum": "min", "min": "min", "maximum": "max", "max": "max",
             "median": "quantile"}  # fmt: skip
# "count the claims per adjuster_id per day as claims_today and flag any adjuster above 40": the
# group above a number, a threshold on the one aggregate
GROUP_ABOVE = re.compile(
    r"(?:\b(?:flag|alert\s+on|report|emit|keep|show|list|send|output)\s+(?:only\s+(?:(?:the|all)\s+)?"
    r"|(?:any|every|each|the|all(?:\s+the)?)\s+)"
    # (", only lots under 90 percent": 'only' opening the clause)
    r"|(?:(?<=[,;:]\s)|^)only\s+(?:the\s+)?)(?P<who>[a-z]+)\s+(?P<cmp>above|over|exceeding"
    r"|below|under)\s+"
    # ("lots under 90 percent" of avg yield_pct: the field's own unit)
    rf"(?P<n>{NUM})(?:\s*(?P<unit>%|percent|pct))?"
    r"(?=\s*(?:[.;,)!?]|$|\s+(?:and|then|to|into|in|per|every|each)\b))",
    ICASE,
)
# "sum amount_usd per account_id in 1 hour windows, alert when > 10000", "..., only when above
# 50": a threshold with no subject after the one aggregate, on that aggregate
BARE_THRESHOLD = re.compile(
    r"\b(?:(?:alert|flag|emit|report|notify|warn|page)(?:\s+(?:me|us|them))?\s+(?:only\s+)?"
    # ("only when there are more than 3": how many records, on the window's one count)
    r"|only\s+"
    # ("write to kafka x when there are fewer than 2": right after the sink, checked so in
    # extract_late_aliases)
    r"|(?P<sunk>))(?:when|if|whenever|once)\s+(?P<there>there\s+(?:is|are|were|was)\s+|there's\s+)?"
    r"(?P<cmp>>=|<=|>|<|above|over|exceeding|below|under"
    r"|(?:more|greater|higher|less|lower|fewer)\s+than|at\s+least|at\s+most)\s+"
    rf"(?P<n>{NUM})(?=\s*(?:[.;,)!?\x00]|$|\s+(?:and|then|to|into|in|per|every|each|send|write|emit"
    r"|output|publish|push)\b))",
    ICASE,
)
# "count connections per src_ip per minute, keep only src_ip with more than 500": the group
# with more than a number (a field name, read only when it is a group of the window); "blocks
# that delivered at least 500 kg": a verb, read only with the unit of a summed field (net_kg)
# "... aren't interesting", "... can be ignored", "... don't matter": the groups just said are
# dropped (said after them, as a reason may be)
DULL = (
    r"(?:(?:are|is)(?:n't|\s+not)\s+(?:interesting|needed|useful|relevant|important|wanted)"
    r"|(?:do|does)(?:n't|\s+not)\s+matter|(?:can|could|should|may)\s+be\s+(?:ignored|skipped"
    r"|dropped|discarded|left\s+out)|(?:are|is)\s+(?:just\s+)?(?:noise|irrelevant|useless))"
)
# "keep horses with at least 10 laps", "skip horses with fewer than 10 laps", "horses with
# fewer than 10 laps aren't interesting": a threshold on the window's group (one of its lead
# verbs or the DULL words after it is required; see extract_late_aliases)
_GROUP_LEAD = (
    # ("only for versions that crashed more than 20 times": 'for' the groups kept)
    r"(?:\b(?:(?:keep|emit|show|flag|report|send|list|output)\s+(?:only\s+)?|only\s+"
    rf"(?:for\s+)?{{keep}})|\b(?P<drop>{DROP_VERB})\s+(?:all\s+|any\s+)?|(?:^|(?<=[.;:,!?\n]\s)|(?<=\n)))"
)
_GROUP_TAIL = (
    rf"(?:\s+(?P<dull>{DULL}))?(?=\s*(?:[.;,)!?\x00]|$|\s+(?:and|then|to|into|in|per|every"
    r"|each)\b))"
)
GROUP_WITH = re.compile(
    _GROUP_LEAD.format(keep="")
    # (the group's noun may be read already: "per horse_id ..., horses with ...")
    + r"(?:the\s+)?(?P<who>[A-Za-z][\w-]*|\x00+)\s+(?:with|having|that\s+have|which\s+have"
    r"|(?:that|which|who)\s+(?P<did>[a-z]+ed))\s+(?P<cmp>more|fewer"
    r"|less|at\s+least|at\s+most|over|above|under|below)\s+(?:than\s+)?(?P<n>"
    rf"{NUM})(?:\s+(?P<noun>[a-z][\w-]*))?" + _GROUP_TAIL,
    ICASE,
)
# "count the events in each as actuations, only keep sessions with more than twelve
# actuations": the same, the sessions' words read already by the sessions step (masked; see
# `_sessions_with`), the number's noun the aggregate's name
SESSIONS_WITH = re.compile(
    _GROUP_LEAD.format(keep=r"(?:keep\s+)?")
    + r"(?:the\s+)?(?P<who>\x00+|sessions?)\s+(?:with|having|that\s+have|which\s+have)\s+"
    r"(?P<cmp>more|fewer|less|at\s+least|at\s+most|over|above|under"
    rf"|below)\s+(?:than\s+)?(?P<n>{NUM})\s+(?P<noun>[a-z_][a-z0-9_]*)" + _GROUP_TAIL,
    ICASE,
)
# "count gifts and sum amount_gbp as raised per campaign_id daily; only keep campaigns that
# raised more than 10000 pounds that day": the group whose named aggregate (said as a verb) is
# above a number, in the window (or "that day" of a daily window)
GROUP_DID = re.compile(
    r"\b(?:(?:only\s+)?(?:keep|emit|show|flag|report|send|list|output)\s+(?:only\s+)?|only\s+)"
    r"(?:the\s+)?(?P<who>[A-Za-z][\w-]*)\s+(?:that|which|who)\s+(?P<name>[a-z_][a-z0-9_]*)\s+"
    r"(?P<cmp>more|fewer|less|at\s+least|at\s+most|over|above|under|below)\s+(?:than\s+)?"
    rf"(?P<n>{NUM})(?:\s+(?P<unit>pounds?|gbp|dollars?|usd|euros?|eur))?(?:\s+(?:in\s+)?"
    r"(?:that|the|each|per|a)\s+(?P<period>day|hour|minute|week|window))?"
    r"(?=\s*(?:[.;,)!?\x00]|$|\s+(?:and|then|to|into)\b))",
    ICASE,
)
# "only airlines averaging more than 15", "keep stores that total over 5000": the group whose
# average (or sum), said as a verb of its function, is above a number
_GROUP_FN_SAID = (
    r"(?:the\s+)?(?P<who>[A-Za-z][\w-]*)\s+(?:(?:that|which|who)\s+)?"
    r"(?P<verb>averag(?:ing|e)|total(?:l?ing)?|summing\s+to|sum\s+to)\s+"
    r"(?P<cmp>more|fewer|less|at\s+least|at\s+most|over|above|under|below)\s+(?:than\s+)?"
    rf"(?P<n>{NUM})"
)
GROUP_FN_VERB = re.compile(
    r"\b(?:(?:only\s+)?(?:keep|emit|show|flag|report|send|list|output)\s+(?:only\s+)?|only\s+)"
    rf"{_GROUP_FN_SAID}(?=\s*(?:[.;,)!?\x00]|$|\s+(?:and|then|to|into)\b))",
    ICASE,
)
# "...; airlines averaging over 30 go to topic x": a clause of its own, the groups sent to a sink
# (read already, or its verb said)
GROUP_FN_SENT = re.compile(
    rf"(?:(?<=[;:,.]\s)|(?<=\n)|^){_GROUP_FN_SAID}"
    r"(?=\s*\x00|\s+(?:go|goes|get|gets|should\s+go|are\s+(?:sent|written|routed|published)"
    r"|is\s+(?:sent|written))\b)",
    ICASE,
)
_CURRENCY = {
    "pound": "gbp",
    "gbp": "gbp",
    "dollar": "usd",
    "usd": "usd",
    "euro": "eur",
    "eur": "eur",
}
_PERIOD_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}
_LATE_ALIAS_JOINT = re.compile(
    r"(?<![\w-])(?:from|on|in|of|over|the|for|every|each|per|them|it|these|those|all"
    # ("count them per room_id in hourly windows as hints"; "avg x per team_id over 15 minute windows that slide every 5 minutes, as avg_speed": the
    # window's own noun and its relative word, left unread inside the window's words)
    # ("... over a sliding 24-hour window that advances every hour (call it x)": the article)
    r"|windows?|buckets?|that|which|an?)$",
    ICASE,
)


# "into poured_ml (sum volume_ml), pour_count (count) and avg_price (avg price_eur)": a column's
# name said first, its aggregate alone in the parentheses after it (see `_names_before_parens`)
# ("compute p90_minutes (the 90th percentile of x) and avg_minutes (the average of x)", "with
# taps (a count) and ...": a verb or 'with' before the first, an article inside the parentheses)
NAME_BEFORE_PAREN = re.compile(
    # ("compute avg_temp (avg of temp_c) and max_temp (max of temp_c)", "give me birds (count)
    # and avg_wing (average wing_mm)": a verb asking for the columns before the first name)
    r"(?:\binto\s+|\bas\s+|[,;:]\s*(?:and\s+)?|\band\s+|^\s*"
    r"|\b(?P<verb>compute|calculate|computing|calculating|produce|producing|output|emit|report"
    r"|return|want|need|give\s+(?:me|us)|with)\s+)"
    r"['\"`]?(?P<name>[a-z_][a-z0-9_]*)['\"`]?\s*(?P<paren>\()\s*(?:(?:the|an?)\s+)?$",
    ICASE,
)
# "min_speed, max_speed and avg_speed, the min, max and average of speed_kmh", "min_temp and
# max_temp (the min and max of water_temp_c)": the columns' names listed first (each with '_'),
# then as many aggregates (see `_names_listed_before`)
_LISTED_ID = r"[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]"
NAMES_LISTED_BEFORE = re.compile(
    rf"(?<![\w.])(?P<names>{_LISTED_ID}(?:\s*,\s*{_LISTED_ID})*\s*,?\s+(?:and|&)\s+{_LISTED_ID})"
    r"\s*(?:(?P<paren>\()|[,:]|\u2014)?[\s\x00]*$",
    ICASE,
)
# Words that may lie unread between the aggregates and names listed after them in parentheses
_READ_BETWEEN = word_set("from on in of over the for every each per")
# "count holds": a bare count, then the plural noun of what it counts (ending the text searched;
# "count check-ins", "count sign-ups": a hyphenated noun too; "count turnstile entries": the
# topic's word before it, read with the count)
_COUNTED_NOUN = re.compile(
    r"\b(?P<count>count(?:s|ing)?)(?P<modifier>\s+(?:the\s+|all\s+)?[a-z]+)??\s+(?:the\s+|all\s+)?"
    r"(?:[a-z]+-)?[a-z]+s$",
    ICASE,
)


# "where pm25_avg is above 35, that's the local alert level": the number named, said after it
THRESHOLD_ASIDE = re.compile(
    # (its lead-in may have been read already as an aside: masked)
    r"\s*[,(\u2013\u2014-]\s*(?:(?:that's|that\s+is|which\s+is|i\.e\.|being)\s+(?:the|our|their|its)"
    r"|\x00+)\s*(?:[a-z]+\s+){0,3}(?:level|limit|threshold|line|mark|cut-?off|target|bar)\b\)?"
    # "exceeds 48 (EU working time directive)": the rule the number comes from
    r"|\s*\(\s*(?:the\s+)?(?:[A-Za-z]+\s+){0,4}(?:directive|regulation|law|rule|policy|standard"
    r"|act|requirement|limit|threshold|cap)\s*\)",
    ICASE,
)


# "only emit windows where scans is at least 200 (that means crowding)", "(which signals a jam)":
# what crossing the threshold just read means, one to three plain words in brackets (checked
# in `_threshold_means`: no step, selection or value among them)
THRESHOLD_MEANS = re.compile(
    r"\s*\(\s*(?:that|which|this|it)\s+(?:means|signals|indicates|counts\s+as|is\s+when)\s+"
    r"(?:(?:a|an|the|some|real|serious)\s+)?(?P<w>[a-z]+(?:[\s-][a-z]+){0,2})\s*[.!]?\s*\)",
    ICASE,
)


def _threshold_means(m: re.Match[str]) -> bool:
    """Whether a THRESHOLD_MEANS match only names what the threshold means."""
    words = m["w"]
    return not any(
        p.search(words) for p in (_ACTION, _STEP_WORDS, _NEGATION, _SELECTION, _QUALIFIER)
    )


# "only windows where claim_count is greater than 3, people filing 4 or more claims in a day is
# what they want to look at": the threshold said again in words, as the reason for it (read
# only when its number, its bound and its span agree with the threshold and the window)
THRESHOLD_RESTATED = re.compile(
    r"\s*[,(\u2013\u2014-]\s*(?P<lead>(?:[a-z]+\s+){0,3}?)"
    r"(?:(?P<n>\d+)\s*(?:\+|or\s+more)|(?:more\s+than|over)\s+(?P<gt>\d+))\s+(?P<noun>[a-z]+)\s+"
    r"(?:in|per|within|a|an)\s+(?:(?:a|an|one|1|the\s+same)\s+)?(?P<unit>day|hour|minute|week)\b"
    # (the rest of the clause: plain words saying why, never a step; at most 8 of them)
    r"(?P<tail>(?:\s+[a-z']+){0,8})\s*(?:\)|(?=[.;\n]|$))",
    ICASE,
)


# The same, when the threshold said again was read (masked) already: its plain-word tail
RESTATED_READ = re.compile(
    r"\s*[,(\u2013\u2014-]\s*(?P<run>\x00[\x00\s]*)"
    r"(?P<tail>(?:is|means|are|that's|which\s+is)(?:\s+[a-z']+){1,8})\s*(?:\)|(?=[.;\n]|$))",
    ICASE,
)


# The comparison words of a threshold said in words; any other ("more", "over", "above", ">") is gt.
_THRESHOLD_OPS = {">=": "ge", "at least": "ge", "<=": "le", "at most": "le", "<": "lt",
                  "below": "lt", "under": "lt", "fewer": "lt", "less": "lt", "less than": "lt",
                  "lower than": "lt", "fewer than": "lt"}  # fmt: skip


class AggregateNameReader(SchemaResolver):
    """Reads the names given to aggregates, and the thresholds said after them."""

    def _alias_at(
        self, end: int, phrase: str | None = None, noun: str | None = None
    ) -> re.Match[str] | None:
        """The name given to the aggregate whose words end at `end` (over the field `phrase`,
        if any), if any."""
        each = IN_EACH_BEFORE_NAME.match(self.s, end)
        alias = ALIAS_AFTER.match(self.s, each.end() if each else end)
        if not alias:
            return None if each else _paren_alias(self.s, end, noun)
        if (
            alias["name"].lower() in STOP
            and not _unit_named_after_field(alias["name"], phrase)
            # "the number of events as events.": a name ending its clause is given, whatever
            # the word ("count clicks as the total ..." names none)
            and (
                alias["name"].lower() in STRUCT_STOP
                or not NAME_ENDS_CLAUSE.match(self.s, alias.end())
            )
        ):
            return None
        if alias.group(0).split()[0].lower() == "into" and not self.sinks:
            return None  # "count orders into order_counts" and no sink named: a table?
        _refuse_unit_as_name(alias, phrase)
        return alias

    def _bare_fns_as(self) -> None:
        """ "the highest reading_value as peak and the lowest as trough": an aggregate's word
        and a name, read of the field of the named aggregate right after that aggregate's name
        ("..., call it p95, plus the max as top"; never after a group or window said after the
        name); read again once the late names are read."""
        for m in list(BARE_FN_AS.finditer(self.s)):
            before = [a for a in self.aggs if a.pos < m.start()]
            if not before or m["name"].lower() in STOP or MASK in m.group(0):
                continue
            prev = max(before, key=lambda a: a.pos)
            if prev.phrase is None or prev.pos not in self.aliased:
                continue
            if self.s[prev.pos : m.start()].strip(MASK + " ,") or not re.search(
                rf"\b{re.escape(prev.name)}['\"`)]*\s*$", self.text[: m.start()], ICASE
            ):
                continue  # only when said right after the named aggregate's name
            fn = FN_WORDS[m["fn"].lower()]
            self.aggs.append(Agg(m.start("fn"), fn, prev.phrase, m["name"], None, prev.explicit))
            self.aliased.add(m.start("fn"))
            self.mask(m.start(), m.end())

    def _refuse_names_with_the(self) -> None:
        """ "sum amount_eur as the count": a name said with 'the' is not read as one, and the
        words were dropped as filler (the sum kept its default name)."""
        for said in _AS_THE_METRIC.finditer(self.s):
            if MASK in said.group(0) or self._aggregate_before(said.start(), adjacent=True) is None:
                continue
            raise RequestNotUnderstood(
                f"cannot read {' '.join(said.group(0).split())!r} after the aggregate: to name "
                f"its column, write \"as {said['name'].lower()}\" (without 'the')"
            )

    def _defined_as(self, start: int) -> bool:
        """ "avg_temp as the average of x", "min_ec as the lowest ec_ms": after 'as the', the
        aggregate a name given first is defined as (not a name given to the one before)."""
        if _OF_FIELD_NEXT.match(self.s, start):
            return True
        before = ALIAS_BEFORE.search(self.s, max(0, start - 60), start)
        return bool(before and before["as"] and _FIELD_NAME_NEXT.match(self.s, start))

    def _name_before(self, agg: Agg, start: int) -> int | None:
        """ "where spend is the sum of win_price": the name defined before the aggregate, given
        to it; where the definition starts, or None."""
        before = ALIAS_BEFORE.search(self.s, max(0, start - 60), start)
        if not before:
            return None
        name = before["name"]
        low = name.lower()
        if low in STOP or low == (agg.phrase or "").lower() or self.has(name):
            return None
        if before["colon"] and not re.search(r"[_0-9]", name):
            return None  # "Output: the max of x": a label, never a column's name
        used = [w for w in re.finditer(rf"\b{re.escape(name)}\b", self.text, ICASE)
                if not before.start() <= w.start() < start]  # fmt: skip
        defined = before.group(0).rstrip().endswith("=") or before["as"] or before["colon"]
        if not used and not defined:
            return None  # "bookings = count" defines a name; "x is the max" may compare
        agg.name = name
        self.aliased.add(agg.pos)
        return before.start("name") if before.group(0)[:1] in ",;:(" else before.start()

    def _take_into_total_named(self) -> None:
        """ "... into a daily total called overnight_stays": the words taken now (never a
        'total' of a field), the name given to the aggregate before them once the group is
        read (`_name_into_totals`)."""
        self._into_totals: list[tuple[int, int, str]] = []
        for m in list(INTO_TOTAL_NAMED.finditer(self.s)):
            if m["name"].lower() in STOP:
                continue
            self._into_totals.append((m.start(), m.end(), m["name"]))
            reader, self.reader = self.reader, "aggregates (name)"
            self.mask(m.start(), m.end())
            self.reader = reader

    def _name_into_totals(self) -> None:
        """The aggregate before "into a total called x" takes its name; with no single
        aggregate there, the request is refused (the name would be lost)."""
        for start, end, name in getattr(self, "_into_totals", []):
            agg = self._aggregate_before(start, adjacent=True)
            if agg is None or agg.fn not in ("sum", "count"):
                said = " ".join(self.text[start:end].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: no one sum or count before it to name; write "
                    f'"sum x as {name}"'
                )
            agg.name = name
            self.aliased.add(agg.pos)

    def extract_late_aliases(self) -> None:
        """ "count per src_ip as failures": the name said after the group (or the source, or
        the window) read between it and its aggregate."""
        self._name_into_totals()
        for c in self.conds:  # "above 35, that's the local alert level": what the number is
            if c.end and isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                aside = THRESHOLD_ASIDE.match(self.s, c.end)
                means = THRESHOLD_MEANS.match(self.s, c.end)
                if means and _threshold_means(means):
                    aside = means
                if aside:
                    self.mask(aside.start(), aside.end())
                self._threshold_restated(c)
        self._list_aliases()
        self._paren_list_aliases()
        self._paren_single_alias()
        self._names_listed_before()  # (before: a list's parentheses are not one name's)
        self._names_before_parens()
        for m in list(NAME_THE_RESULT.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or len(self.aggs) != 1:
                continue
            if self.aggs[0].pos in self.aliased or m["name"].lower() in STOP:
                continue
            self.aggs[0].name = m["name"]
            self.aliased.add(self.aggs[0].pos)
            self.mask(m.start(), m.end())
        self._name_the_function()
        self._refuse_names_with_the()
        for m in list(ALIAS_AFTER.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or m["name"].lower() in STOP:
                continue
            if m.group(0).split()[0].lower() == "into" and not self.sinks:
                continue  # "... per store_id every hour into hourly_counts": a table, maybe
            agg = self._aggregate_before(m.start(), adjacent=False)
            if agg is None:
                agg = self._named_after_sink(m.start(), m["name"])
            if agg is None:
                agg = self._named_after_figures(m.start())
            if agg is not None:
                _refuse_unit_as_name(m, agg.phrase)  # "... per day as kilometres"
                agg.name = m["name"]
                self.aliased.add(agg.pos)
                self.mask(m.start(), m.end())
        for m in CALL_IT_PAREN.finditer(self.text):
            # "sum amount per store_id (call it revenue)": read as the pipeline's name first,
            # but a name in parentheses right after an aggregate is the aggregate's
            if self.name != m["name"] or self.s[m.start("name")] != MASK:
                continue
            if m["lead"] == "," and not opened_before(self.text, m.start()):
                continue  # "..., call it x)": only inside the parentheses the aggregate opens
            agg = self._aggregate_before(m.start(), adjacent=True)
            if agg is None:
                agg = self._ranked_before(m.start(), m["name"])
            if agg is not None:
                agg.name, self.name = m["name"], None
                self.aliased.add(agg.pos)
        named = {a.name.lower(): a for a in self.aggs if a.pos in self.aliased}
        for m in list(WINDOWS_WITH.finditer(self.s)):
            # "emit only the windows with more than 20 failed_attempts": a threshold on the
            # aggregate the request named so (read after the names are known)
            if m["name"].lower() not in named or MASK in m.group(0):
                continue
            self._threshold(m, m["name"], negate=bool(m["drop"]))
        for m in list(GROUP_ABOVE.finditer(self.s)):
            if MASK in m.group(0) or len(self.aggs) != 1:
                continue
            who = singular(m["who"].lower())
            if not any(g.lower() in (who, f"{who}_id") for g, _q in self.group_by):
                continue  # "flag any reading above 40": a condition on the records, not read here
            if m["unit"] and not re.search(
                r"(?:pct|percent|percentage)$", self.aggs[0].phrase or ""
            ):
                continue  # "90 percent" of a field in another unit
            op = "lt" if m["cmp"].lower() in ("below", "under") else "gt"
            agg = self.aggs[0]
            self.conds.append(Cond(m.start(), agg.name, False, op, number(m["n"]), end=m.end()))
            self.mask(m.start(), m.end())
        # ("keep cameras with at least 5, then the top 3 by count": the ranking's own measure,
        # not defined yet, is not one more aggregate the threshold could be on)
        ranking = self.top_n_undefined[0] if self.top_n_undefined else None
        computed = [a for a in self.aggs if a is not ranking or a.fn != "count"]
        for m in list(GROUP_WITH.finditer(self.s)):
            if MASK in m.group(0)[m.end("who") - m.start() :] or len(computed) != 1:
                continue
            if computed[0].pos > m.start() or MASK in m.group(0)[: m.start("who") - m.start()]:
                continue
            if not self._is_group(self.text[m.start("who") : m.end("who")]):
                continue  # "only users with more than 5": not the window's group, left unread
            if not _group_lead_said(m):
                continue  # "horses with more than 10 laps" alone: keep them, or drop them?
            agg, noun = computed[0], (m["noun"] or "").lower()
            in_unit = _field_unit(noun, agg.phrase)
            if m["did"] and not (in_unit and agg.fn == "sum") and not _did_counted(m, agg):
                continue  # "users that ordered more than 5": what they did is not what is summed
            if noun and not (
                in_unit
                or _did_counted(m, agg)
                or noun == agg.name.lower()
                or (agg.fn == "count" and re.fullmatch(COUNT_NOUNS, noun, ICASE))
                or (agg.phrase or "").lower() == noun
            ):
                continue  # "with more than 500 bytes" of a count: not what the window computes
            self._threshold(m, agg.name, negate=_drops(m))
        self._sessions_with(named)
        self._dull_groups()
        for m in list(GROUP_DID.finditer(self.s)):
            agg = named.get(m["name"].lower())
            if MASK in m.group(0) or agg is None or agg.pos > m.start():
                continue
            if not self._is_group(m["who"]):
                continue  # "only keep donors that gave more than 5": not the window's group
            unit = _CURRENCY.get((m["unit"] or "").lower().rstrip("s"))
            theirs = set(re.split(r"[\s_]+", (agg.phrase or "").lower())) & set(_CURRENCY.values())
            if unit and (agg.fn == "count" or (theirs and unit not in theirs)):
                continue  # "raised more than 10000 dollars" of amount_gbp: another currency
            period = (m["period"] or "window").lower()
            if period != "window" and self.window.get("size_ms") != _PERIOD_MS[period]:
                continue  # "that hour" of a daily window: a figure the window does not compute
            self._threshold(m, agg.name)
        for m in [*GROUP_FN_VERB.finditer(self.s), *GROUP_FN_SENT.finditer(self.s)]:
            fn = "avg" if m["verb"].lower().startswith("averag") else "sum"
            said = [a for a in self.aggs if a.fn == fn and a.pos < m.start()]
            if MASK in m.group(0) or len(said) != 1 or not self._is_group(m["who"]):
                continue  # no such aggregate, or several: which one is unclear (left unread)
            self._threshold(m, said[0].name)
        for m in list(BARE_THRESHOLD.finditer(self.s)):
            if MASK in m.group(0) or len(self.aggs) != 1 or self.aggs[0].pos > m.start():
                continue  # with several aggregates (or none said before) which one is unclear
            if m["there"] and self.aggs[0].fn != "count":
                continue  # "sum x ..., only when there are more than 3": 3 of what? unread
            if m["sunk"] is not None and not self._right_after_sink(m.start()):
                continue  # "when there are more than 3" after words no sink read: unread
            self._threshold(m, self.aggs[0].name)
        for m in CALL_IT_COMMA.finditer(self.text):
            labelled = m["verb"].lower().startswith("label")  # never a pipeline's name
            if labelled and MASK in self.s[m.start("verb") : m.end()]:
                continue  # read already, as the name of the aggregate before it
            # "p95 of x per y, call it p95_x": named by its function (settings left it)
            by_fn = call_it_names_aggregate(self.text[: m.start("verb")], m["name"])
            if not labelled and (
                self.name != m["name"]
                or self.s[m.start("name")] != MASK
                or not (by_fn or used_as_metric(self.text, m["name"], m.end()))
            ):
                continue
            ranking = self.top_n_undefined[0] if self.top_n_undefined else None
            opens = max(
                (e.end() for e in SENTENCE_END.finditer(self.text, 0, m.start())), default=0
            )
            said = [  # the aggregates of the sentence it ends or follows, but the ranking's own
                a for a in self.aggs
                if opens <= a.pos < m.start() and a is not ranking and a.pos not in self.aliased
            ]  # fmt: skip
            if len(said) > 1:  # "the average and the max temp_c ... Call it x": which one?
                words = " ".join(self.text[m.start("verb") : m.end()].split())
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: the words before it compute "
                    f"{', '.join(a.name for a in said)}; put 'as {m['name']}' right after the "
                    "one it names"
                )
            if by_fn and not labelled and not used_as_metric(self.text, m["name"], m.end()):
                self._name_by_function(m, said)
                continue
            if len(said) == 1:
                said[0].name = m["name"]
                self.aliased.add(said[0].pos)
                if labelled:
                    self.mask(m.start("verb"), m.end())
                else:
                    self.name = None
        self._bare_fns_as()  # (the aggregate before named now: "..., call it p95, plus the max as top")

    def _name_the_function(self) -> None:
        """ "count faults per ride_id ... and call the count fault_count": the one aggregate
        of the function the noun says is named so; with none or several (or one named already)
        the words stay unread."""
        for m in list(NAME_THE_FN.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or m["name"].lower() in STOP:
                continue
            if _FN_NAME_LISTED.match(self.text, m.end()):
                # "call the count n and the total r": read as an aggregate of its own, unless
                # every function listed says one other aggregate (see `_name_listed_functions`)
                self._name_listed_functions(m)
                continue
            fn = _FN_NOUNS[m["fn"].lower()]
            said = [
                a for a in self.aggs
                if a.fn == fn and (fn != "quantile" or a.quantile == 0.5)
            ]  # fmt: skip
            if len(said) > 1 and fn == "count" and self._one_record_count(said):
                # "the top 5 brands by number of repairs ... count them per brand ..., call
                # the count repairs": the ranking's count and the window's are one count of
                # records, named so (the ranking's order too)
                for agg in said:
                    if self.top_n is not None and self.top_n.get("order_by") == agg.name:
                        self.top_n["order_by"] = m["name"]
                    agg.name = m["name"]
                    self.aliased.add(agg.pos)
                self.mask(m.start(), m.end())
                continue
            if len(said) != 1 or said[0].pos in self.aliased:
                continue
            said[0].name = m["name"]
            self.aliased.add(said[0].pos)
            self.mask(m.start(), m.end())

    def _one_record_count(self, said: list[Agg]) -> bool:
        """Several counts of records, none named by the request itself but for the ranking's
        measure (a count the top-N ranks by): one count, said twice."""
        if any(a.phrase for a in said):
            return False
        order_by = (self.top_n or {}).get("order_by")
        named = [a for a in said if a.pos in self.aliased or a.explicit]
        return len(said) == 2 and order_by in {a.name for a in said} and not named

    def _name_listed_functions(self, m: re.Match[str]) -> None:
        """ "Please call the count rentals and the sum fees_eur": each function noun listed names
        the one aggregate of that function said before it; a name the aggregates read as a sum
        of its own ("the sum fees_eur") is that name, dropped. With none or several aggregates
        of a function, or a name a field or a group, nothing is read (refused as unread)."""
        items: list[tuple[str, str, Agg | None]] = [(m["fn"], m["name"], None)]
        end = m.end()
        while item := _FN_NAME_ITEM.match(self.text, end):
            own = [a for a in self.aggs if item.start("fn") <= a.pos < item.end()]
            if len(own) > 1 or (own and (own[0].phrase or "").lower() != item["name"].lower()):
                return
            items.append((item["fn"], item["name"], own[0] if own else None))
            end = item.end()
        if not re.match(r"\s*(?:[.;!?]|$)", self.text[end:]):
            return
        groups = {g.lower() for g, _q in self.group_by}
        dropped = [own for _fn, _name, own in items if own is not None]
        named: list[Agg] = []
        for fn_word, name, _own in items:
            fn = _FN_NOUNS[fn_word.lower()]
            said = [
                a for a in self.aggs
                if a not in dropped and a.pos < m.start() and a.fn == fn
                and (fn != "quantile" or a.quantile == 0.5)
            ]  # fmt: skip
            if (
                len(said) != 1
                or said[0].pos in self.aliased
                or said[0] in named
                or name.lower() in STOP
                or name.lower() in groups
            ):
                return
            named.append(said[0])
        for agg, (_fn, name, _own) in zip(named, items, strict=True):
            agg.name = name
            self.aliased.add(agg.pos)
        for extra in dropped:
            self.aggs.remove(extra)
        self.mask(m.start(), end)

    def _name_by_function(self, m: re.Match[str], said: list[Agg]) -> None:
        """ ", call it p95_core" right after the 95th percentile it names by its function: that
        aggregate's name (listed), or refused when the aggregate before says another function."""
        words = " ".join(self.text[m.start("verb") : m.end()].split())
        agg = said[0] if len(said) == 1 else None
        counted = (
            agg is not None
            and agg.fn == "count_distinct"
            and names_distinct_values(m["name"], self.text[agg.pos : m.start()])
        )  # "distinct voter_id ..., call it voters": the values it counts
        if agg is None or not (counted or names_function(m["name"], agg.fn, agg.quantile)):
            raise RequestNotUnderstood(
                f"{words!r}: the name of the aggregate before it or of the pipeline? Put "
                f"'as {m['name']}' right after the aggregate to name it (e.g. \"sum of amount as "
                f'gmv per category every 5 minutes"), or write "name the pipeline {m["name"]}"'
            )
        agg.name, self.name = m["name"], None
        self.aliased.add(agg.pos)
        says = "the values it counts say" if counted else "the name's function word says"
        self.assumptions.append(
            f"{words!r} read as the name of the aggregate before it ({agg.name}), which "
            f'{says}; write "name the pipeline ..." to name the pipeline'
        )

    def _list_aliases(self) -> None:
        """ "the min and max temperature per city, as tmin and tmax": as many names as the
        aggregates not named yet of that sentence ("Name them a and b." also of the sentence
        before), given in order; any other count stays unread."""
        for m in list(LIST_ALIASES.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or re.search(
                r"\b(?:well|such|same|much|soon|long|far)\s+$",
                self.s[max(0, m.start() - 8) : m.start()],
                ICASE,
            ):
                continue  # "by store as well as region and country": no names
            names = [unquote(n.strip())[0] for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+",
                                                              m["names"].strip())]  # fmt: skip
            if any(not re.fullmatch(_ALIAS_NAME, n, ICASE) for n in names):
                continue
            stops = [e.end() for e in re.finditer(r"[.!?](?:\s|$)", self.text[: m.start()])]
            starts = [0, *stops]
            said: list[Agg] = []
            for start in reversed(starts if m["verb"] else starts[-1:]):
                said = [a for a in self.aggs if start <= a.pos < m.start()]
                if said:
                    break
            if len(said) != len(names) or any(a.pos in self.aliased for a in said):
                continue
            for a, n in zip(said, names, strict=True):
                a.name = n
                self.aliased.add(a.pos)
            self.mask(m.start(), m.end())
        unread = next((m for m in NAMES_ASKED.finditer(self.s) if MASK not in m.group(0)), None)
        if unread and self.aggs:
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, unread.start(), unread.end())!r}: "
                "give one name to each aggregate said before it, in order, e.g. "
                '"per city every hour compute the min, max and average of price, call them low, '
                'high and avg_price"'
            )

    def _names_before_parens(self) -> None:
        """ "summarise x by tap_id into poured_ml (sum volume_ml), pour_count (count) and
        avg_price (avg price_eur)": each aggregate alone in parentheses takes the name said
        right before them; read only when every aggregate of the list is said so (two or more),
        and no name is a field of the request."""
        found: list[tuple[Agg, re.Match[str], int]] = []
        for a in self.aggs:
            span = next((sp for sp in self.spans if sp[0] == a.pos and sp[2] == "aggregates"), None)
            if span is None or a.pos in self.aliased:
                continue
            close = re.match(r"\s*\)", self.s[span[1] :])
            before = NAME_BEFORE_PAREN.search(self.s, max(0, a.pos - 60), a.pos)
            if close and before and MASK not in before.group(0):
                found.append((a, before, span[1] + close.end()))
        if not found or len(found) != len([a for a in self.aggs if a.pos not in self.aliased]):
            return
        if len(found) + len(self.aliased) < 2 and not (
            found[0][1]["verb"] and re.search(r"[_0-9]", found[0][1]["name"])
        ):
            # one aggregate: "revenue (sum amount)" is read as a definition elsewhere (a
            # column's name after its verb is not: "compute total_eur (sum of ticket_eur)")
            return
        groups = {g.lower() for g, _q in self.group_by}
        names = [b["name"] for _a, b, _e in found]
        if len({n.lower() for n in names}) != len(names) or any(
            n.lower() in groups or self.has(n) for n in names
        ):
            return
        stop = next((n for n in names if n.lower() in STOP), None)
        if stop is not None:
            # "revenue (sum amount), orders (count)": a name the domain words would hide
            raise RequestNotUnderstood(
                f"cannot read {stop!r} before its aggregate in parentheses as the column's "
                f"name; write \"count as {stop.lower()}_count\" (a name with '_'), or leave it out"
            )
        for a, before, end in found:
            a.name = before["name"]
            self.aliased.add(a.pos)
            self.mask(before.start("name"), before.end("name"))
            self.mask(before.start("paren"), before.end())  # the parentheses, read with it
            self.mask(end - 1, end)

    def _names_listed_before(self) -> None:
        """ "per loco_id: min_speed, max_speed and avg_speed, the min, max and average of
        speed_kmh": names listed right before as many aggregates said together take them in
        order; read only when no name is a field, a group or the name of another of their
        functions ("max_x and min_x, the min and max of x": which is which? left unread)."""
        pending = sorted((a for a in self.aggs if a.pos not in self.aliased), key=lambda a: a.pos)
        for i, first in enumerate(pending):
            m = NAMES_LISTED_BEFORE.search(self.s, max(0, first.pos - 200), first.pos)
            if m is None:
                continue
            names = re.split(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", m["names"].strip())
            run = [first]
            for nxt in pending[i + 1 :]:
                between = self.s[run[-1].pos : nxt.pos].replace(MASK, " ")
                if not re.fullmatch(r"[\s,]*(?:(?:and|&)\s+)?(?:the\s+)?", between, ICASE):
                    break
                run.append(nxt)
            if len(run) != len(names) or len({n.lower() for n in names}) != len(names):
                continue
            groups = {g.lower() for g, _q in self.group_by}
            fns = {a.fn for a in run}
            if any(
                n.lower() in STOP
                or n.lower() in groups
                or self.has(n)
                or (
                    not names_function(n, a.fn, a.quantile)
                    and any(names_function(n, f) for f in fns - {a.fn})
                )
                for a, n in zip(run, names, strict=True)
            ):
                continue
            for a, n in zip(run, names, strict=True):
                a.name = n
                self.aliased.add(a.pos)
            self.mask(m.start("names"), m.end())
            if m["paren"]:
                span_end = max(
                    (e for b, e, r in self.spans if r == "aggregates" and b <= run[-1].pos < e),
                    default=run[-1].pos,
                )
                close = re.match(r"[\s\x00]*\)", self.s[span_end:])
                if close:
                    self.mask(span_end, span_end + close.end())
            return

    def _paren_list_aliases(self) -> None:
        """ "daily min / max / p90 of weight_kg per hive_id (min_kg, max_kg, p90_kg)": names in
        parentheses right after the aggregates (only their group, window or source read
        between), one to each in order, when each name carries its aggregate's function word
        ("(orders, revenue)" names no function: which is which is a guess, left unread)."""
        for m in list(PAREN_NAMES.finditer(self.text)):
            # ("(orders, revenue)": 'revenue' was read as one more sum; refused below, never
            # two names dropped)
            inside = [a for a in self.aggs if m.start() <= a.pos < m.end()]
            if MASK in self.s[m.start() : m.end()] and not inside:
                continue
            names = [unquote(n.strip())[0] for n in re.split(r"\s*[,/;]\s*(?:and\s+)?|\s+and\s+",
                                                              m["names"].strip())]  # fmt: skip
            sentence = max((e.end() for e in re.finditer(r"[.!?;](?:\s|$)", self.text[: m.start()])),
                           default=0)  # fmt: skip
            said = [a for a in self.aggs if sentence <= a.pos < m.start()]
            if not said or len(said) != len(names) or any(a.pos in self.aliased for a in said):
                continue
            between = self.s[said[-1].pos : m.start()]
            if any(w.lower() not in _READ_BETWEEN for w in re.findall(r"[^\s\x00,]+", between)):
                continue  # words unread between: the parentheses may be about them
            groups = {g.lower() for g, _q in self.group_by}
            if (
                inside
                or len({n.lower() for n in names}) != len(names)
                or not all(
                    re.fullmatch(_ALIAS_NAME, n, ICASE)
                    and n.lower() not in groups
                    and (names_function(n, a.fn, a.quantile) or ("_" in n and not self.has(n)))
                    for a, n in zip(said, names, strict=True)
                )
            ):
                # "count orders and sum amount per store_id (orders, revenue)": names, maybe,
                # but the domain words would be taken as read and the names dropped: refused
                said_words = " ".join(m.group(0).split())
                raise RequestNotUnderstood(
                    f"cannot read {said_words!r} after the aggregates: to name them, write "
                    f"\"as {', '.join(names[:-1])} and {names[-1]}\" (one name to each, in order)"
                )
            for a, n in zip(said, names, strict=True):
                a.name = n
                self.aliased.add(a.pos)
            self.mask(m.start(), m.end())

    def _paren_single_alias(self) -> None:
        """ "sum amount per store_id every hour (revenue)": one bare name in parentheses after
        the one aggregate of its sentence (only its group, window or source read between) is
        that aggregate's name; left unread it would be taken as a domain word and dropped. A
        name the request reads as a field, a group or one more aggregate is refused."""
        for m in list(PAREN_ALIAS.finditer(self.text)):
            inside = [a for a in self.aggs if m.start() <= a.pos < m.end()]
            if MASK in self.s[m.start() : m.end()] and not inside:
                continue  # (read already: a window's word, a unit, a name given)
            name = m["name"]
            if name.lower() in _NOT_PAREN_NAME or name.lower() in FN_WORDS or name != name.lower():
                continue  # ("(UTC)", "(approx)", "fastest (min) x": no column's name)
            if name.lower().endswith("_id"):
                continue  # ("count the loans (loan_id)": a key field, maybe; left unread)
            sentence = max((e.end() for e in re.finditer(r"[.!?;](?:\s|$)", self.text[: m.start()])),
                           default=0)  # fmt: skip
            said = [a for a in self.aggs if sentence <= a.pos < m.start()]
            if not said or max(said, key=lambda a: a.pos).pos in self.aliased:
                continue  # (the last one named already; one named before it is no matter:
                # "sum x as revenue and count the orders (n_orders)")
            between = self.s[said[-1].pos : m.start()]
            if name.lower() in STOP and any(
                w.lower() not in _READ_BETWEEN for w in re.findall(r"[^\s\x00,]+", between)
            ):
                continue  # ("(each)", "(all)" after unread words: about them, maybe)
            agg = None if inside else self._aggregate_before(m.start(), adjacent=True)
            # "the total of price_eur (call it ticket_revenue) and the number of tickets sold
            # (tickets_sold)": right after the last aggregate's own words (nothing read between),
            # the name is its own when each aggregate before it is named too, by a "(call it x)"
            # right after it (read later); "... per farm_id (x)" stays unread: which one?
            touching = None if inside or agg else self._aggregate_touching(m.start())
            groups = {g.lower() for g, _q in self.group_by}
            if (
                (agg or touching) is None
                or name.lower() in STOP
                or name.lower() in groups
                or self.has(name)
                or any(
                    a is not (agg or touching)
                    and a.pos not in self.aliased
                    and not self._called_it_after(a)
                    for a in said
                )
            ):
                said_words = " ".join(m.group(0).split())
                raise RequestNotUnderstood(
                    f"cannot read {said_words!r} after the aggregate: to name the column, write "
                    f'"as {name}" right after it; or leave the parentheses out'
                )
            agg = agg or touching
            assert agg is not None
            agg.name = name
            self.aliased.add(agg.pos)
            self.mask(m.start(), m.end())

    def _called_it_after(self, agg: Agg) -> bool:
        """Whether "(call it x)" comes right after the aggregate's own read words (it names
        it, see CALL_IT_PAREN's reading below)."""
        spans = [sp for sp in self.spans if sp[2] == "aggregates" and sp[0] <= agg.pos < sp[1]]
        return bool(spans) and bool(
            re.match(r"\s*\(\s*(?:call|name)\s+it\b", self.text[spans[0][1] :], ICASE)
        )

    def _aggregate_touching(self, pos: int) -> Agg | None:
        """The one aggregate not named yet whose own read words end right before `pos` (only
        spaces between), if any."""
        at = len(self.s[:pos].rstrip(" "))
        last = [sp for sp in self.spans if sp[1] == at and sp[2] == "aggregates"]
        named = [a for a in self.aggs for sp in last if sp[0] <= a.pos < sp[1]]
        if len(named) != 1 or named[0].pos in self.aliased:
            return None
        # (a column's name: written with '_', or a word of the aggregate's own words, "the
        # number of crates (crates)"; a plain word of its own, "(gross)", may be about both)
        name = self.text[pos:].strip(" (").split(")")[0].strip()
        said = {stem(w) for w in re.findall(r"[A-Za-z]+", self.text[last[0][0] : last[0][1]])}
        if "_" not in name and stem(name) not in said:
            return None
        return named[0]

    def _threshold_restated(self, c: Cond) -> None:
        """ "claim_count is greater than 3, people filing 4 or more claims in a day is what they
        want to look at": the count threshold said again with the window's span; read (listed)
        when it agrees, else left unread (refused)."""
        again = RESTATED_READ.match(self.s, c.end)
        if again and any(
            o is not c and again.start("run") <= o.pos < again.end("run")
            and (o.op, o.value) == (c.op, c.value) for o in self.conds
        ):  # fmt: skip
            # "bookings is above 200, more than 200 bookings in a day is when ...": the filter
            # read the same threshold again; the words after it say why
            tail = " ".join(again["tail"].split())
            self.assumptions.append(f"read {tail!r} as the reason for the threshold, not a step")
            self.mask(again.start("tail"), again.end())
            return
        m = THRESHOLD_RESTATED.match(self.s, c.end)
        if not m or c.op not in ("gt", "ge") or self.window.get("type", "tumbling") != "tumbling":
            return
        said = float(m["n"]) - 1 if m["n"] else float(m["gt"])  # "4 or more": above 3
        bound = float(c.value) - (1 if c.op == "ge" else 0)
        if said != bound or self.window.get("size_ms") != UNIT_MS[m["unit"].lower()]:
            return
        counted = [a for a in self.aggs if a.fn == "count"]
        names = {a.name.lower() for a in counted if a.name} | {"count", "number of events"}
        subject = c.subject.lower()
        if not counted or not (subject in names or subject.startswith("count ")):
            return  # a threshold on a sum or an average: "4 or more claims" is not it
        words = " ".join(m.group(0).strip(" ,()-\u2013\u2014").split())
        self.assumptions.append(
            f"read {words!r} as the threshold said again (the count above "
            f"{said:g} per {m['unit'].lower()}), not a step of its own"
        )
        self.mask(m.start(), m.end())

    def _sessions_with(self, named: dict[str, Agg]) -> None:
        """ "only keep sessions with more than 12 actuations" over a session window: a
        threshold on the aggregate the noun names (SESSIONS_WITH)."""
        if self.window.get("type") != "session" and self.session is None:
            return
        for m in list(SESSIONS_WITH.finditer(self.s)):
            agg = named.get(m["noun"].lower())
            said = self.text[m.start("who") : m.end("who")]
            if agg is None or agg.pos > m.start():
                continue
            if not re.fullmatch(r"sessions?", said.strip(), ICASE) or not _group_lead_said(m):
                continue
            self._threshold(m, agg.name, negate=_drops(m))

    def _dull_groups(self) -> None:
        """ "stores with fewer than 5 orders are not interesting": a threshold on the window's
        groups read where it stands (no verb before it in its clause), then words that drop
        them (DULL): the others are kept, the threshold negated."""
        for c in self.conds:
            if not c.end or c.op not in ("gt", "ge", "lt", "le"):
                continue
            dull = re.compile(rf"\s*{DULL}(?=\s*(?:[.;,)!?\x00]|$|\s+(?:and|then)\b))", ICASE)
            m = dull.match(self.s, c.end)
            who = GROUP_NOUN_WITH.match(self.text, c.pos)
            if not m or not who or not self._is_group(who["who"]):
                continue
            clause = max(self.text.rfind(ch, 0, c.pos) for ch in ".;:,!?\n") + 1
            if self.text[clause : c.pos].strip():
                continue  # ("keep stores with ... are not interesting": garbled, left unread)
            c.op = NEGATE[c.op]
            self.mask(m.start(), m.end())

    def _is_group(self, who: str) -> bool:
        """ "users" or "user" after "per user_id", "blocks" after "per field_block": one of the
        window's groups."""
        who = who.lower()
        if singular(who) == "session" and (
            self.window.get("type") == "session" or self.session is not None
        ):
            return True  # "only keep sessions with more than 12 actuations": each group's
        names = {who, singular(who), f"{singular(who)}_id"}
        return any(
            g.lower() in names or g.lower().rsplit("_", 1)[-1] in names for g, _q in self.group_by
        )

    def _threshold(self, m: re.Match[str], aggregate: str, *, negate: bool = False) -> None:
        """A threshold said in words on `aggregate` (a HAVING), its words masked; `negate`
        when the request drops the groups it selects."""
        op = _THRESHOLD_OPS.get(" ".join(m["cmp"].lower().split()), "gt")
        op = NEGATE[op] if negate else op
        self.conds.append(Cond(m.start(), aggregate, False, op, number(m["n"]), end=m.end()))
        self.mask(m.start(), m.end())

    def _aggregate_before(self, pos: int, *, adjacent: bool) -> Agg | None:
        """The one aggregate not named yet that the words before `pos` end with, past the
        group, source or window read after it (right after it too, when `adjacent`)."""
        spans = sorted(sp for sp in self.spans if sp[1] <= pos)
        at = pos
        while True:  # read words, and the small words joining them ("from topic x")
            while at > 0 and (self.s[at - 1] == MASK or self.s[at - 1] in " ,()"):
                at -= 1
            joint = _LATE_ALIAS_JOINT.search(self.s, max(0, at - 10), at)
            if not joint:
                # "count holds per title_id ... as hold_count": the counted records' noun,
                # read after the names (as what the records are)
                joint = _COUNTED_NOUN.search(self.text, max(0, at - 40), at)
                if not joint or self.s[joint.start()] != MASK:
                    break
                if joint["modifier"] and MASK not in self.s[joint.end("count") : joint.end()]:
                    break  # "count late orders": a modifier nothing read may select
                at = joint.end("count")
                continue
            at = joint.start()
        inside = [sp for sp in spans if at <= sp[0]]
        after: list[tuple[int, int, str]] = []
        while inside and inside[-1][2] != "aggregates":
            after.append(inside.pop())
        if not inside or not (after or adjacent):
            return None  # right after the aggregate: not taken there, so not a name
        if any(reader not in _LATE_ALIAS_BETWEEN for _s, _e, reader in after):
            return None
        last = inside[-1]
        named = [a for a in self.aggs if last[0] <= a.pos < last[1]]
        if len(named) != 1 or named[0].pos in self.aliased:
            return None
        ranked = [sp for sp in self.spans if sp[2] == "top_n"]  # "top 3 floors by complaints"
        if any(
            a.pos not in self.aliased and not any(b <= a.pos < e for b, e, _r in ranked)
            for a in self.aggs
            if a is not named[0] and a.pos < pos and not _said_again(a, named[0])
        ):
            return None  # "sum amount and count orders per store as x": which one? unread
        return named[0]

    def _right_after_sink(self, pos: int) -> bool:
        """Whether the words a sink read end right before `pos` (a comma between them)."""
        at = pos
        while at > 0 and self.s[at - 1] in " ,":
            at -= 1
        return any(end == at and reader == "sinks" for _s, end, reader in self.spans)

    def _named_after_sink(self, pos: int, name: str) -> Agg | None:
        """ "Count turnstile entries per pool_id ... and write to ClickHouse table x as
        entries": a name said right after the sink, given to the one aggregate when it says
        what that aggregate is (the noun it counts, or its function's word: "as max_temp");
        "write to topic x as events" after a sum names no column (unread)."""
        at = pos
        while at > 0 and self.s[at - 1] in " ,":
            at -= 1
        if not any(end == at and reader == "sinks" for _s, end, reader in self.spans):
            return None
        if len(self.aggs) != 1 or self.aggs[0].pos in self.aliased:
            return None
        agg = self.aggs[0]
        counted = re.compile(
            rf"\bcount\s+(?:the\s+|all\s+)?(?:[a-z]+\s+)?{re.escape(name)}\b", ICASE
        ).match(self.text, agg.pos)
        if names_function(name, agg.fn, agg.quantile) or (agg.fn == "count" and counted):
            return agg
        return None

    def _named_after_figures(self, pos: int) -> Agg | None:
        """ "count dives per site_id ... and write the counts as dives to ClickHouse": the
        figures a sink verb takes, named after their function's noun, name the one aggregate of
        that function (with none or several of it, or that one named already, left unread)."""
        m = _FIGURES_SENT.search(self.text, max(0, pos - 40), pos)
        if not m:
            return None
        fn = _FIGURE_FNS[singular(m["noun"].lower())]
        said = [
            a for a in self.aggs
            if (a.fn in ("count", "count_distinct") if fn == "count" else a.fn == fn)
            and (fn != "quantile" or a.quantile == 0.5)
        ]  # fmt: skip
        if len(said) != 1 or said[0].pos in self.aliased or said[0].pos > m.start():
            return None
        self.mask(m.start("noun"), m.end("noun"))  # (the figures: that aggregate, said again)
        return said[0]

    def _ranked_before(self, pos: int, name: str) -> Agg | None:
        """The metric a top-N ranks by, right before `pos` ("bottom 3 cdn_pop by avg
        throughput_kbps (call it avg_throughput)"); the top-N follows the name given it."""
        top = self.top_n
        at = pos
        while at > 0 and self.s[at - 1] == " ":
            at -= 1
        span = [sp for sp in self.spans if sp[2] == "top_n" and sp[1] == at]
        if not top or not span:
            return None
        ranked = [a for a in self.aggs if span[0][0] <= a.pos < at and a.name == top["order_by"]]
        if len(ranked) != 1 or ranked[0].pos in self.aliased:
            return None
        top["order_by"] = name
        return ranked[0]


def _paren_alias(s: str, end: int, noun: str | None) -> re.Match[str] | None:
    """ "count the activations (activations)": a bare name in parentheses after a count of
    records names it when it is the noun just counted, said again (a field's name after a
    field's name is read, or refused as ambiguous, where the aggregate's field is read)."""
    m = PAREN_ALIAS.match(s, end)
    if not m:
        return None
    name = m["name"].lower()
    if name in STOP:
        return None
    if noun and name == noun.lower():
        return m
    return None


# "stores with", "the horses having": the groups a threshold is on, said first
GROUP_NOUN_WITH = re.compile(
    r"(?:the\s+)?(?P<who>[A-Za-z][\w-]*)\s+(?:with|having|that\s+have|which\s+have)\b", ICASE
)


def _did_counted(m: re.Match[str], agg: Agg) -> bool:
    """ "count crashes per app_version, only for versions that crashed more than 20 times": the
    verb said with "N times" is the act of the records counted (its stem begins the counted
    noun: crashed/crash_count, failed/failure_count, scanned/scan_count); "users that ordered
    more than 5 times" of a count of logins is another act, unread."""
    if agg.fn != "count" or not m["did"] or (m["noun"] or "").lower() != "times":
        return False
    did = m["did"].lower()
    stems = {did[:-2], did[:-1]}
    if len(did) > 4 and did[-3] == did[-4]:
        stems.add(did[:-3])  # "scanned": scan
    if did.endswith("ied"):
        stems.add(did[:-3] + "y")  # "replied": reply
    counted = [w for w in agg.name.lower().split("_") if w not in ("count", "total", "n", "num")]
    return any(
        len(stem) >= 3 and any(w.startswith(stem) or singular(w) == stem for w in counted)
        for stem in stems
    )


def _group_lead_said(m: re.Match[str]) -> bool:
    """A GROUP_WITH or SESSIONS_WITH threshold says what becomes of the groups: a keep or drop
    verb before them, "only", or the DULL words after them."""
    lead = m.group(0)[: m.start("who") - m.start()].strip()
    return bool(lead) or bool(m["dull"])


def _drops(m: re.Match[str]) -> bool:
    """The groups a GROUP_WITH or SESSIONS_WITH threshold selects are dropped; said both ways
    ("skip horses with fewer than 10 laps, they aren't interesting") they are dropped once."""
    return bool(m["drop"]) or bool(m["dull"])


def _said_again(a: Agg, b: Agg) -> bool:
    """ "how many different tracks ...? ... count distinct track_id per machine_id as x": the
    same aggregate said twice (of the same field, or of the noun whose `_id` it is), so a name
    after the second is never unsure which of them it names."""
    if a.fn != b.fn or a.phrase is None or b.phrase is None:
        return False
    pa, pb = a.phrase.lower(), b.phrase.lower()
    if pa == pb:
        return True
    ids = (f"{singular(pa)}_id", f"{pa}_id", f"{singular(pb)}_id", f"{pb}_id")
    return a.fn == "count_distinct" and (pb in ids[:2] or pa in ids[2:])
