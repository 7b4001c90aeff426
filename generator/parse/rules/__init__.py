"""Offline rule parser: one request sentence -> a validated `Pipeline`. No network, deterministic.

How it reads a request:

1. Clause extractors run in a fixed order (settings, dead-letter, sinks, computed fields,
   projections, joins, enrichment, CDC, sources, dedup, sessions, windows, conditions,
   aggregates, group-by). Each one masks the
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

import functools
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ...errors import RequestNotUnderstood, SpecError, UserError
from ...spec import Filter, Pipeline, Schema, spec_from_dict
from ...spec.filter_bounds import contradiction
from ...spec.names import is_topic_name
from ...spec.presets import PRESETS
from . import lazy_re as re
from .accounting import (
    COMPONENT_WORDS,
    CONTEXT_PREFIX,
    FILLER,
    IGNORED_PREFIX,
    PURPOSE_PREFIX,
    component_words_only,
    filler_and_domain_words_only,
    name_taken,
    not_understood,
    refuse_amendment,
    refuse_ignored_number,
    refuse_output_again,
    refuse_unmade_result,
    unaccounted_runs,
)
from .asides import NAMING_ASIDE, context_asides, read_context, withheld_asides
from .assemble import RequestParser
from .bare_source import bare_source_candidates, masked_names
from .cdc import cdc_mode_spans, is_cdc_request
from .comparisons import symbol_logic_as_words
from .context import (
    duplicates_why,
    may_select_records,
    refuse_repeats_without_dedup,
    refuse_unmet_pairing,
    replaced_spans,
)
from .enrich import each_subset_unsaid
from .filter_asides import filter_facts
from .filters import refuse_keyword_field, refuse_restating_aside
from .lexicon import (
    AGG_WORDS,
    COUNT_NOUNS,
    DOMAINS,
    EXAMPLE,
    ID_FIELDS,
    IT,
    MASK,
    MAX_REQUEST_CHARS,
    NAME_STOP,
    SESSION_NOUNS,
    STOP,
    name_words,
    singular,
    word_set,
)
from .preset_fields import unasked_preset_fields
from .purpose import PURPOSE_AHEAD, PURPOSE_LABEL, PURPOSE_WHO, place_in_aside, read_purpose
from .quantities import (
    SCALE_WORD,
    UNIT_AFTER,
    exact_factor,
    field_units,
    same_unit,
    scale_words,
    time_factor,
    unit_of,
)
from .scope import (
    LATER_STEP,
    refuse_odd_key_templates,
    refuse_other_language,
    refuse_out_of_scope,
    refuse_question,
    refuse_rest_after_keep,
)
from .source_descriptions import unsure_description
from .text import (
    as_written,
    correct_outside_quotes,
    is_step_list,
    layout,
    plain,
    plus_as_and,
)

__all__ = ["parse_request"]

# What stands for a purpose clause's characters while the recognisers run.
HIDDEN = "\x01"

# Words never read as misspellings: everything some lexicon already knows.
KNOWN_WORDS = FILLER | STOP | NAME_STOP
# The words a slip no recogniser read may be read as ("sesions" -> "sessions", "tabel" ->
# "table"): the lexicons' words, the steps' verbs and nouns, units and stores.
VOCABULARY = (
    KNOWN_WORDS
    | AGG_WORDS
    | SESSION_NOUNS
    | frozenset(word + "s" for word in SESSION_NOUNS)
    | frozenset().union(*COMPONENT_WORDS.values())
    | word_set("""ignore skip exclude remove discard dedupe deduplicate sessionize sessionise enrich
        join lookup print forward publish aggregate filter average averages number numbers
        millisecond milliseconds second seconds minute minutes hour hours day days week weeks
        month months hourly daily weekly clickhouse kafka redis postgres postgresql mysql
        debezium stdout console topic topics table tables field fields column columns value
        values record records event events message messages session sessions window windows
        tumbling hopping sliding gap inactivity grace late lateness duplicates degrees celsius
        fahrenheit""")
)


def _quoting_as_written(parse: Callable[..., Pipeline]) -> Callable[..., Pipeline]:
    """A refusal quotes the request's words as written ('keep users with at least five'),
    never as the parser read them ('least 5')."""

    @functools.wraps(parse)
    def wrapper(request: str, **options: Any) -> Pipeline:
        try:
            return parse(request, **options)
        except RequestNotUnderstood as error:
            message = as_written(str(error), plain(request))
            # (words a reader had taken show as masks in a quoted span, as written by repr():
            # never print those)
            mask = r"(?:[\x00-\x08]|\\x0[0-8])"
            message = re.sub(rf"{mask}+(?:\s*{mask}+)*", "…", message)
            if message == str(error):
                raise
            raise RequestNotUnderstood(message) from error

    return wrapper


def _refuse_invalid_topics(parser: RequestParser) -> None:
    """A topic name written in quotes that Kafka cannot hold is said first (a name guessed from
    other words, "from noreply@x.org", is left to the readers' own refusals)."""
    for _pos, topic in parser.topics:
        quoted = any(f"{q}{topic}{q}" in parser.text for q in "'\"`")
        if topic and quoted and not is_topic_name(topic):
            raise RequestNotUnderstood(
                f"{topic!r} is not a valid Kafka topic name: use 1-249 of [a-zA-Z0-9._-]"
            )


@_quoting_as_written
def parse_request(
    request: str,
    *,
    sample_schema: Schema | None = None,
    lenient: bool = False,
    database_url: str | None = None,
) -> Pipeline:
    """Parse one request sentence into a validated pipeline spec, or refuse saying why.

    Words no recogniser consumed and that are not filler refuse the request; with `lenient`
    they are listed in the spec's assumptions instead. With `database_url`, CDC tables whose
    columns the request does not list are read from that database's catalog.
    """
    written = plain(request)
    # (before layout, which may add English words to a request it cannot read)
    refuse_other_language(written)
    text = layout(symbol_logic_as_words(written))
    if not text:
        raise RequestNotUnderstood(f'empty request: describe the pipeline, e.g. "{EXAMPLE}"')
    if len(text) > MAX_REQUEST_CHARS:
        raise RequestNotUnderstood(
            f"request too long ({len(text)} characters; at most {MAX_REQUEST_CHARS}): describe "
            "one pipeline in a sentence or two, or write a spec file"
        )
    _refuse_out_of_scope_unless_sourceless(text, sample_schema, database_url)
    # as written: layout ends a clause at a '?' after a name ("... over exactly-once?" -> '.')
    refuse_question(written)
    refuse_odd_key_templates(text)
    refuse_keyword_field(text, cdc=is_cdc_request(text))
    stepwise = is_step_list(written)
    parser = _read(plus_as_and(text), sample_schema, database_url, stepwise=stepwise)
    corrections: list[str] = []
    if _unread(parser)[2]:
        # Words nothing read may be misspelt keywords ("dedupliate", "tabel"): read them as the
        # keyword and parse again. Words a recogniser consumed (names, fields) are never touched.
        fixed, corrections = _correct_unread(parser)
        if corrections:
            refuse_out_of_scope(fixed)
            # laid out again: the corrected words may fit a phrasing layout rewrites
            parser = _read(
                plus_as_and(layout(fixed)), sample_schema, database_url, stepwise=stepwise
            )
    asides = context_asides(parser.text, parser.s) if _unread(parser)[2] else []
    withheld = (
        withheld_asides(
            parser.text,
            [name for _pos, name in parser.keep],
            [name for _pos, name in parser.drop],
        )
        if _unread(parser)[2]
        else []
    )
    if asides or withheld:
        # "drop the blob fields (too big)": read again with the asides no recogniser read and
        # that hold no requirement word out of the way; their words stay unread (context)
        parser = _read(
            parser.text, sample_schema, database_url, blank=asides + withheld, stepwise=stepwise
        )
        parser.withheld = withheld
    purposes, contexts, ignored = _unread(parser)
    _refuse_steps_said_of_others(parser)
    refuse_restating_aside(parser.text, parser.conds)
    taken = name_taken(parser.s, parser.text, parser.spans)
    if taken:
        raise RequestNotUnderstood(
            f"cannot read {taken!r}: nothing here takes that name (it was read as something "
            'else); to name an aggregate, write it right after it (e.g. "sum amount as revenue"), '
            "or leave it out"
        )
    if not parser.spans:
        parser.build()  # nothing read at all: refuses as "not a pipeline"
    _refuse_invalid_topics(parser)  # (before unread words: a name cut short leaves words over)
    if ignored and not lenient:
        for words, clause, topic in parser.unsure:
            if any(words in run for run in ignored):
                raise RequestNotUnderstood(unsure_description(words, clause, topic))
        if filler_and_domain_words_only(ignored):
            # ("keep the first order per customer"): the step's own refusal names the step
            parser.build()
        if not (parser.topics or parser.topic_pattern or parser.cdc):
            # ("build something that tracks ... and puts it on a dashboard?": no source named at
            # all is said first, with the words left unread)
            try:
                parser.build()
            except RequestNotUnderstood as no_source:
                raise RequestNotUnderstood(
                    f"{no_source}; {not_understood(ignored, parser.text)}"
                ) from None
        raise RequestNotUnderstood(not_understood(ignored, parser.text))
    data = parser.build()
    # "... double-send punches when the wifi is bad": a condition read inside why the request
    # dedups, then dropped, is that reason (DUPLICATES_WHY holds no value or name)
    why = duplicates_why(parser.text, _facts(parser))
    for words in list(parser.dropped):
        at = parser.text.find(words)
        if at >= 0 and any(a <= at and at + len(words) <= b for a, b in why):
            parser.dropped.remove(words)
            purposes.append(words)
    if parser.dropped:  # read as conditions, then found not to be: as good as unread
        if not lenient:
            raise RequestNotUnderstood(not_understood(parser.dropped))
        ignored += parser.dropped
    refuse_ignored_number(ignored)
    _refuse_each_subset(parser)  # (after the lookup's own refusals: no key, no source)
    if len(data.get("sinks", [])) == 1 and parser.conds:
        refuse_rest_after_keep(
            parser.text, parser.conds
        )  # (two sinks: routing, refused by the scope)
    _refuse_group_field_filter(parser.text, data.get("operators", []))
    refuse_unmade_result(
        parser.text, data.get("operators", []), data.get("source", {}).get("topics") or []
    )
    if data.get("sinks") == [{"kind": "stdout"}] and not _STDOUT_SAID.search(parser.text):
        _refuse_destination_filter(data.get("operators", []))  # (the sink it would have been)
    filters = [_as_filter(op) for op in data.get("operators", [])]
    never = contradiction(filters)
    if never:
        raise RequestNotUnderstood(f"contradictory request: {never}")
    refuse_amendment(written, parser.text, parser.spans)
    refuse_output_again(written, parser.text, parser.spans, len(data.get("sinks", [])))
    data["description"] = " ".join(written.split())
    data["assumptions"] += corrections
    refuse_repeats_without_dedup(purposes, _facts(parser))
    refuse_unmet_pairing(purposes, data.get("operators", []))
    for words in purposes:
        data["assumptions"].append(f"{PURPOSE_PREFIX}{words!r}")
    for words in contexts:
        data["assumptions"].append(f"{CONTEXT_PREFIX}{words!r}")
    for words in ignored:
        data["assumptions"].append(f"{IGNORED_PREFIX}{words!r}")
    data["reading"] = parser.reading(data, ignored)
    data["reading"] += [
        {"words": words, "component": "purpose", "values": ["not a requirement"]}
        for words in purposes
    ]
    data["reading"] += [
        {"words": words, "component": "context", "values": ["not a pipeline step"]}
        for words in contexts
    ]
    spec = _parsed_spec(data)
    named = set(parser.resolved.values()) | set(parser.declared)
    unasked = unasked_preset_fields(spec, named)
    if not unasked:
        return spec
    for field in data["schema"]["fields"]:
        if field["name"] in unasked:
            field["required"] = False
    data["assumptions"].append(
        f"the {spec.schema_.preset} preset's fields {', '.join(unasked)} are optional: the "
        "request neither names nor reads them, so a record without them is still processed"
    )
    return _parsed_spec(data)


# A window length of zero as the spec's validation words it ("tumbling windows of 0 seconds")
_ZERO_WINDOW = re.compile(r"window\.(?P<k>size_ms|slide_ms|gap_ms): Input should be greater than 0")
_ZERO_WINDOW_SAY = {
    "size_ms": 'a window needs a size above zero: say one, e.g. "in tumbling windows of 30 seconds"',
    "slide_ms": 'a hopping window needs an advance above zero: say one, e.g. "over the last 10 '
    'minutes, every minute"',
    "gap_ms": 'a session window needs a gap above zero: say one, e.g. "session windows with a 15 '
    'minute gap"',
}


def _parsed_spec(data: dict[str, Any]) -> Pipeline:
    """The spec the parse built, validated; a window length of zero refused with what to
    write instead (after the validation's own words)."""
    try:
        return spec_from_dict(data, what="spec parsed from the request")
    except SpecError as error:
        said = [_ZERO_WINDOW_SAY[m["k"]] for m in _ZERO_WINDOW.finditer(str(error))]
        if not said:
            raise
        raise SpecError("\n".join([str(error), *dict.fromkeys(said)])) from None


# "..., so the app can show the top 5 stations": what someone else can do with the output
# (also "to let the app ...", "allowing the app to ...", "for the app to ...", "and the app
# will ...": the one who does it named with an article or a possessive)
_SO_CAN = re.compile(
    r"\bso\s+(?:that\s+)?(?P<who>(?:[\w'-]+\s+){0,3}?[\w'-]+)\s+"
    r"(?:can|could|may|might|will|would)\s+(?:then\s+|later\s+|easily\s+)?"
    r"|\b(?:to\s+)?let(?:ting)?\s+(?P<who2>(?:the|our|their|its|my|your)\s+(?:[\w'-]+\s+){0,2}?"
    r"[\w'-]+)\s+(?!(?:to|topic|kafka|clickhouse|redis|stdout|the|a)\b)(?=[a-z]+\s)"
    r"|\b(?:allowing|enabling|for)\s+(?P<who3>(?:the|our|their|its|my|your)\s+"
    r"(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+to\s+(?!(?:topic|kafka|clickhouse|redis|stdout|the|a)\b)"
    r"(?=[a-z]+\s)"
    r"|\band\s+(?P<who4>(?:the|our|their|its|my|your)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
    r"(?:can|could|may|might|will|would)\s+",
    re.I,
)
# What a recogniser reads that is no pipeline step of its own
_NOT_STEPS = frozenset({"description", "context", "background", "settings", "dead_letter"})


def _refuse_each_subset(parser: RequestParser) -> None:
    """ "look up each refund on customer_id in Redis" over topic orders: which records the
    lookup is for is said only there; enriching every record would drop it."""
    if parser.enrich is None:
        return
    filtered = bool(parser.conds)
    enrich = parser.enrich
    # the looked-up thing, by its entity, key prefix or key field ("each book ... book:{isbn}")
    looked = {enrich.entity or "", (enrich.prefix or "").rstrip(":"), enrich.key_field or ""}
    words = each_subset_unsaid(parser.text, parser.spans, parser.topic_words(), looked, filtered)
    if words:
        raise RequestNotUnderstood(
            f"cannot read {words!r}: the lookup would enrich every record, and '{words}' may "
            'mean only some of them; keep those records with a condition first (e.g. "keep '
            'only type = \'refund\'"), or say "each record"'
        )


# A window's cadence in one word or two: "hourly", "every hour", "each day"
_CADENCE = re.compile(
    r"(?:every|each|per|an?|once\s+an?)\s+(?P<u>minute|hour|day|week)|(?P<ly>minute|hour|dai|week)ly",
    re.IGNORECASE,
)


def _cadence_of(words: str) -> str | None:
    m = _CADENCE.fullmatch(words.strip())
    if m is None:
        return None
    unit = (m["u"] or m["ly"]).lower()
    return "day" if unit == "dai" else unit


def _cadence_restated(
    parser: RequestParser, a: int, b: int, role: str, clause: tuple[int, int]
) -> bool:
    """ "So that finance can reconcile the tills every hour: ... hourly tumbling window ...":
    the clause's cadence is the window's, said again outside it in the same words' unit (the
    clause asks no step of its own); any other cadence stays unclear."""
    said = _cadence_of(parser.text[a:b])
    if role != "windows" or said is None:
        return False
    return any(
        r == "windows" and not clause[0] <= x < clause[1] and _cadence_of(parser.text[x:y]) == said
        for x, y, r in parser.spans
    )


def _refuse_steps_said_of_others(parser: RequestParser) -> None:
    """ "write to topic station-load so the app can show the top 5 stations": a step read
    inside a 'so <someone> can ...' clause may be one the request asks for, or what the
    reader of the output does; never built silently (a top-N, a threshold, another sink)."""
    for m in _SO_CAN.finditer(parser.text):
        stop = re.compile(r"[.;:,!?\n]").search(parser.text, m.end())
        end = stop.start() if stop else len(parser.text)
        read = [
            (a, b)
            for a, b, r in parser.spans
            # ("background (situation)": a kind of background, no step either)
            if m.end() <= a < end
            and r.split(" (")[0] not in _NOT_STEPS
            and not _cadence_restated(parser, a, b, r, (m.start(), end))
        ]
        if read:
            said = " ".join(parser.text[m.start() : end].split())
            raise RequestNotUnderstood(
                f"cannot tell whether {said!r} asks this pipeline for a step or says what "
                f"{next(w for w in m.group('who', 'who2', 'who3', 'who4') if w)} will do with its output; say it as a step of the pipeline "
                "(without 'so ... can'), or leave the clause out"
            )


# "..., sink = big.orders", "output_topic: alerts": where the records go, said as a setting;
# read as a filter on a field of that name it would drop the sink (stdout used). A field that
# may be the records' own ("destination = JFK") is taken as one unless its value is a dotted name.
_SINK_FIELDS = frozenset(
    [
        "sink",
        "sinks",
        "sink_topic",
        "output_topic",
        "out_topic",
        "target_topic",
        "output_table",
        "sink_table",
        "target_table",
    ]
)
_STDOUT_SAID = re.compile(r"\b(?:stdout|console|screen|terminal|print\w*)\b", re.IGNORECASE)
_DESTINATION_FIELDS = frozenset(["destination", "dest", "target", "output"])


def _refuse_destination_filter(operators: list[dict[str, Any]]) -> None:
    """A filter whose field names the pipeline's destination: refused, quoting it."""
    for op in operators:
        field, value = str(op.get("field")), op.get("value")
        if op.get("kind") != "filter" or op.get("op") != "eq":
            continue
        dotted = isinstance(value, str) and re.fullmatch(r"\w[\w-]*(?:\.[\w-]+)+", value)
        if field in _SINK_FIELDS or (field in _DESTINATION_FIELDS and dotted):
            raise RequestNotUnderstood(
                f"did not understand: '{field} = {value}': a destination said as a setting is "
                "not read; say where to write the records (a Kafka topic, a ClickHouse table)"
            )


def _refuse_group_field_filter(text: str, operators: list[dict[str, Any]]) -> None:
    """ "sum stake per user per day, keep users whose stake exceeds 500": the window's groups
    said with the field it sums, read as a filter on each record's stake (run before the sum);
    the request may mean the groups' total. Never built silently: refused, quoting the words."""
    windows = [op for op in operators if op.get("kind") == "window"]
    filtered = {str(op.get("field")) for op in operators if op.get("kind") == "filter"}
    for field in filtered if windows else ():
        # "sum qty per wallet, drop wallets whose total qty is under 100": the aggregate's
        # words read as a field 'total_qty', filtered before the window (and summed)
        agg = re.match(r"(?:total|sum|average|avg|mean|max|maximum|min|minimum)_(\w+)$", field)
        if not agg:
            continue
        # (the last place it is said: the first is the aggregate, "average amount per ...")
        places = list(
            re.finditer(
                # (said as words, "total qty": a field named total_qty is one of the records)
                r"\b[^,;.()]*?\b" + r"\s+".join(field.split("_")) + r"\b[^,;.()]*",
                text,
                re.IGNORECASE,
            )
        )
        if places:
            raise RequestNotUnderstood(
                f"cannot read {places[-1].group(0).strip()!r} as a step: "
                f"'{field.replace('_', ' ')}' is an aggregate of the window, not a field of "
                f'each record; say which groups to keep ("keep ... whose '
                f"{field.replace('_', ' ')} is over N\")"
            )
    for window in windows:
        said = {"sum": "total", "avg": "average", "min": "minimum", "max": "maximum"}
        summed = {
            agg["field"]: said[agg["fn"]]
            for agg in window.get("aggregates", [])
            if agg.get("fn") in said and agg.get("field") in filtered
        }
        for key in window.get("group_by", []):
            stem = re.sub(r"_(?:id|key|name|code)$", "", key.lower())
            # (said before the grouping, "keep users with stake > 5, sum stake per user": the
            # records kept before the sum)
            per = re.search(rf"\b(?:per|by|each)\s+{re.escape(stem)}", text, re.IGNORECASE)
            for field, word in summed.items():
                m = re.search(
                    rf"\b(?:(?:keep|drop|remove|exclude|show|emit|list|report)\s+(?:only\s+)?"
                    rf"|only\s+)(?:the\s+)?{re.escape(stem)}(?:s|es)?\s+(?:whose|with|where"
                    rf"|having|that\s+have|who\s+have)\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
                    rf"{re.escape(field)}\b(?![_-])[^.;,)]*",
                    text[per.end() :] if per else "",
                    re.IGNORECASE,
                )
                if m:
                    raise RequestNotUnderstood(
                        f"cannot tell whether {m.group(0).strip()!r} compares each record's "
                        f"{field} or the {stem}s' {word} {field}; say '{word} {field}' for the "
                        f"{word}, or keep the records by {field} before the aggregation"
                    )


def _as_filter(op: dict[str, Any]) -> object:
    """A filter the parse built, as a spec filter; an invalid one is refused by the spec later."""
    if op.get("kind") != "filter":
        return op
    try:
        return Filter.model_validate(op)
    except ValidationError:
        return op


# "(as usual)", "(as discussed)": no name given, an aside of context
_NOT_A_NAME = word_set(
    "usual always before discussed agreed needed requested planned expected well is above below such"
)


def _unread(parser: RequestParser) -> tuple[list[str], list[str], list[str]]:
    """Words no recogniser read: those of purpose clauses and context sentences (accepted),
    and the rest."""
    runs = unaccounted_runs(parser.s, parser.text, parser.found())
    # "(the docket text must not leave the court network)" beside a keep list leaving it out
    withheld = [
        parser.text[a:b].strip("()")
        for a, b in parser.withheld
        if any(a <= start and end <= b for start, end, _words in runs)
    ]
    runs = [r for r in runs if not any(a <= r[0] and r[1] <= b for a, b in parser.withheld)]
    purposes, unread = read_purpose(parser.text, runs, _facts(parser), parser.s)
    # "we don't care about walk-ins", "Anything under 50 grams is just trimmings, so ...",
    # "Write the fatal crashes to ...": sentences the filters' values and bounds say again
    filters = filter_facts(parser.conds, len(parser.sinks))
    contexts, unread = read_context(
        parser.text, parser.s, unread, _field_names(parser), _facts(parser), filters
    )
    # ("origin_country (as origin)": a name given to something, never context; a rename no
    # recogniser read stays unread, so refused, never dropped)
    named = [
        c
        for c in contexts
        if NAMING_ASIDE.match(c.strip("() "))
        and c.strip("() ").split()[-1].lower() not in _NOT_A_NAME
        and re.search(r"\(\s*" + re.escape(c.strip("() ")) + r"\s*\)", parser.text)
    ]
    contexts = withheld + [c for c in contexts if c not in named]
    # (only a run the context or purpose reading cut short: a whole run was judged already)
    whole, found = {(start, end) for start, end, _words in runs}, parser.found()
    words = [
        words
        for start, end, words in unread
        if (start, end) in whole or not component_words_only(words, found)
    ]
    # ("so the Berlin team can see it": a place set aside with the purpose, maybe a filter)
    placed = [p for p in purposes + contexts if place_in_aside(p, parser.text)]
    purposes = [p for p in purposes if p not in placed]
    contexts = [c for c in contexts if c not in placed]
    words += placed + named
    said = set(" ".join(words).lower().split())
    left = [w for w in _list_field_left(parser) if not set(w.lower().split()) & said]
    return purposes, contexts, words + left


# A field name left unread right after a list a recogniser read ("count distinct device_id and
# sensor", "average value and sensor"): a filler or domain word that is also a field, dropped.
_AFTER_READ_LIST = re.compile(
    r"\x00\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)(?P<w>[A-Za-z_]\w*)\b"
)


# "keep only ERROR logs from the payments service": a value of a field (service = payments),
# made of a domain or filler word and a field name, left unread.
_FROM_THE_VALUE_FIELD = re.compile(
    r"\b(?:from|of|for|in|on)\s+the\s+(?P<w>[A-Za-z][\w-]*\s+(?P<f>[A-Za-z_]\w*))\b", re.I
)


def _list_field_left(parser: RequestParser) -> list[str]:
    names = _field_names(parser)
    left = [
        m.group("w")
        for m in _AFTER_READ_LIST.finditer(parser.s)
        if m.group("w").lower() in names and m.group("w").lower() not in ("and", "or")
    ]
    left += [
        m.group("w")
        for m in _FROM_THE_VALUE_FIELD.finditer(parser.s)
        if m.group("f").lower() in names and m.group("w").split()[0].lower() not in names
    ]
    left += [m.group(0) for m in _CHANGE_KINDS.finditer(parser.s)]
    left += [m.group(0) for m in _ELSE_SINK.finditer(parser.text)]
    # (read on the request as written: a sink takes "write small orders to ..." whole)
    left += [
        m.group(0)
        for m in _SIZED_RECORDS.finditer(parser.text)
        # ("Small request from the agronomy folks:": an opener, read as background)
        if not any(
            a <= m.start() < b and (r == "filters" or r.startswith("background"))
            for a, b, r in parser.spans
        )
        and not re.match(r"\s*\(", parser.text[m.end() :])  # "small orders (amount < 10)"
        # (", the smaller ones are just test traffic": what a filter leaves out, the subject of
        # a statement; the purpose reader reads it only beside a bound it points past)
        and not (
            _SIZED_SUBJECT.search(parser.text, 0, m.start())
            and re.match(r"\s+(?:are|is)\b", parser.text[m.end() :])
        )
    ]
    return left + _selected_kinds_left(parser)


# "write small ones to topic small": a size that selects records, said with a filler word
# ("a small pipeline"); left unread, every record went to that sink
_SIZED_RECORDS = re.compile(rf"\b(?:small|smaller|tiny)\s+(?:ones|{COUNT_NOUNS})\b", re.I)
# what opens a clause before such a subject: a comma or a parenthesis, maybe "the"
_SIZED_SUBJECT = re.compile(r"[,(]\s*(?:the\s+)?$")


# "keep orders if status is paid else route to topic other": the records a condition leaves
# out sent to a sink ('else' is filler for "everything else"): the kept ones went there
_ELSE_SINK = re.compile(
    r"(?<!everything\s)(?<!anything\s)(?<!nothing\s)(?<!something\s)(?<!\bor\s)"
    r"\b(?:else|otherwise)\b,?"
    r"\s+(?:[\w-]+\s+){0,2}?(?:route|send|write|forward|put|push|emit|publish|print|store|load"
    r"|move|dump)\w*",
    re.I,
)


# "replicate ... with Debezium, only inserts": a kind of change selected, said in filler words
# ("inserts", "updates"); a replication applies every change, so it was dropped
_CHANGE_KINDS = re.compile(
    r"\b(?:only|just|solely|exclusively)\s+(?:the\s+)?(?:inserts?|updates?|deletes?|upserts?)\b"
    r"|\b(?:inserts?|updates?|deletes?|upserts?)\s+only\b",
    re.I,
)


# "keep only clicks", "count only clicks" on topic events: the records of one kind, said by a
# domain word (counted as read: it picks the preset), not a condition any recogniser read
_KIND_AFTER_SELECT = re.compile(
    r"\b(?P<sel>(?:(?:keep(?:s|ing)?|only|just|solely|exclusively)\s+)+(?:the\s+|all\s+)?)"
    r"(?P<w>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)",
    re.I,
)
# "count clicks and page views per minute": a second kind after the records an aggregate counts
_KIND_AFTER_READ = re.compile(
    r"\x00\s*(?:,\s*(?:and\s+)?|(?:and|or|&)\s+)(?:the\s+|all\s+)?"
    r"(?P<w>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)"
)


def _selected_kinds_left(parser: RequestParser) -> list[str]:
    """Domain words naming a kind of record that the source's topics are not named after, left
    unread where they select ("keep only clicks" on topic events) or add to a count ("count
    clicks and page views"): dropped, every record passed or was counted."""
    if not parser.topics:
        return []
    parts = parser.topic_words()
    left = []
    found = [(m, "select") for m in _KIND_AFTER_SELECT.finditer(parser.s)]
    found += [(m, "read") for m in _KIND_AFTER_READ.finditer(parser.s)]
    for m, how in found:
        words = m.group("w").split()
        kind = next(
            (
                " ".join(words[:n])
                for n in (2, 1)
                if len(words) >= n and any(p.fullmatch(" ".join(words[:n])) for p, _, _ in DOMAINS)
            ),
            None,
        )
        if kind is None:
            continue
        said = {w.lower().replace("-", "") for w in kind.split()}
        if said & parts or {singular(w) for w in said} & parts or {f"{w}s" for w in said} & parts:
            continue  # "keep only orders" on topic orders: the records themselves
        if how == "read":
            before = [r for a, b, r in parser.spans if a <= m.start() < b]
            if "aggregates" not in before:
                continue
        left.append(parser.text[m.start("w") if how == "read" else m.start() : m.end("w")])
    return left


# Every field name a preset knows: a context sentence naming one may state a requirement.
_PRESET_FIELDS = frozenset(f.name.lower() for fields in PRESETS.values() for f in fields)


def _field_names(parser: RequestParser) -> frozenset[str]:
    return _PRESET_FIELDS | {name.lower() for name in parser.names()}


def _mask_group_nouns(parser: RequestParser) -> None:
    """ "send users with more than 5 logins" after a count per user_id: "users" names the
    window's groups before a threshold, not a field."""
    if "window" not in parser.found():
        return
    for text, _quoted in parser.group_by:
        stem = re.sub(r"_(?:id|key|name)$", "", text.lower())
        if not re.fullmatch(r"[a-z]+", stem):
            continue
        noun = re.compile(
            rf"\b{stem}(?:s|es)\b(?=\s+(?:with|having|whose|that\s+have|who\s+have)\s+"
            r"(?:more|fewer|less|at\s+least|at\s+most|over|above|under|below|[<>]))",
            re.IGNORECASE,
        )
        for m in list(noun.finditer(parser.text)):
            if MASK in parser.s[m.start() : m.end()]:
                continue
            parser.reader = "group_by"
            parser.mask(m.start(), m.end())
    parser.reader = ""


# "group points by rider_id into session windows": one plural noun between the verb and the key
_GROUPED_RECORDS = re.compile(
    r"\bgroup(?:s|ed|ing)?\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<noun>[A-Za-z]{3,}s)\s+"
    r"(?:by|per|on)\s+(?:the\s+|each\s+)?(?P<key>[A-Za-z_]\w*)",
    re.IGNORECASE,
)


def _mask_grouped_records(parser: RequestParser) -> None:
    """ "group points by rider_id into session windows": with a window grouped by that key, the
    noun the verb groups is the stream's records, whatever the request calls them (a key said
    instead, "group users into sessions", has no "by" and stays the key)."""
    if "window" not in parser.found() or not parser.group_by:
        return
    keys = {text.lower() for text, _quoted in parser.group_by}
    for m in list(_GROUPED_RECORDS.finditer(parser.text)):
        noun = parser.s[m.start("noun") : m.end("noun")]
        if MASK in noun or m.group("key").lower() not in keys or noun.lower() in STOP:
            continue
        parser.reader = "windows"
        parser.mask(m.start("noun"), m.end("noun"))
    parser.reader = ""


# "for each ticket on topic x ..., then load the tickets into ClickHouse y": the records, named
# by the noun said of each record, between a sink's verb and its destination.
_EACH_NOUN_SAID = re.compile(r"\b(?:for\s+)?(?:each|every)\s+(?P<noun>[a-z]{3,})\b", re.IGNORECASE)
_RECORDS_BEFORE_SINK = re.compile(
    r"\b(?:the|all\s+(?:the\s+)?|these|those)\s*(?P<noun>[a-z]{3,})\b(?=\s+(?:to|into|onto|in)?\s*\x00)",
    re.IGNORECASE,
)


def _mask_each_record_noun(parser: RequestParser) -> None:
    """ "For each ticket on topic passport-queue compute ..., then load the tickets into
    ClickHouse ...": the plural of the noun said of each record (and read there) names the
    records a sink writes, never some of them."""
    said = {
        m.group("noun").lower()
        for m in _EACH_NOUN_SAID.finditer(parser.text)
        if MASK in parser.s[m.start() : m.end()]
    }
    for m in list(_RECORDS_BEFORE_SINK.finditer(parser.s)):
        noun = m.group("noun").lower()
        if noun.endswith("s") and singular(noun) in said and singular(noun) != noun:
            parser.reader = "sinks"
            parser.mask(m.start("noun"), m.end("noun"))
    parser.reader = ""


# "dedupe the parcel_scans topic ...; clean scans go to kafka topic x": the records, named by the
# last word of the source topic's name, right before where a sink's words were read
_NOUN_BEFORE_SINK = re.compile(
    r"\b(?P<noun>[a-z]{3,})\b(?=\s+(?:to|into|onto|in)?\s*\x00)", re.IGNORECASE
)


def _mask_topic_record_noun(parser: RequestParser) -> None:
    """ "read parcel_scans ..., clean scans go to topic x": the plural noun ending the source
    topic's name names the stream's records a sink writes, never a subset of them (a word that
    selects, "late scans", is not filler and stays unread)."""
    if not parser.sinks:
        return
    nouns = {
        words[-1]
        for _, topic in parser.topics
        if (words := name_words(topic or "")) and len(words) > 1 and words[-1].endswith("s")
    }
    sink_spans = [(a, b) for a, b, reader in parser.spans if reader == "sinks"]
    for m in list(_NOUN_BEFORE_SINK.finditer(parser.s)):
        at = parser.s.index(MASK, m.end())
        # (a word before it that selects, "the error logs", is left to the readers of a value
        # said again: only filler or words read already may come before the noun)
        before = re.search(r"([^\s\x00]+)\s*$", parser.s[: m.start()])
        if before and before.group(1).lower().strip(",;:.") not in FILLER | {""}:
            continue
        if m.group("noun").lower() in nouns and any(a <= at < b for a, b in sink_spans):
            parser.reader = "sinks"
            parser.mask(m.start("noun"), m.end("noun"))
    parser.reader = ""


_PERIOD_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}
# "write the hourly numbers to ...", "publish the per-hour figures": the window's results, named
# by its period, between a sink's verb and its destination.
_WINDOW_RESULTS = re.compile(
    r"\b(?:the\s+)?(?:(?P<ly>minutely|hourly|daily|weekly)|(?:per[\s-]+)?(?P<u>minute|hour|day"
    r"|week)(?:ly)?)?\s*(?P<noun>numbers|figures|counts|totals|results|aggregates|stats|statistics"
    r"|sums|averages|metrics|rollups)\b(?=\s+(?:to|into|onto|in)?\s*\x00)",
    re.IGNORECASE,
)


# "per window: min and max of x", "take, per window, the sum of y": before the words read
_PER_WINDOW = re.compile(r"\bper\s+window\b(?=\s*[:,]?\s*(?:\w+\s+)?\x00)", re.IGNORECASE)

# Result nouns that name one aggregate: the window's results only when it computes that one.
_RESULT_FN = {"sums": "sum", "averages": "avg"}


def _mask_records_noun_before(parser: RequestParser, m: re.Match[str]) -> None:
    """ "Daily catch totals per station_id from station.catches: count the birds ...": the
    records' own noun (a word of the topic's name) before the window's counted results, in a
    title read already around it, restates what is counted (never a word that selects)."""
    noun = (m.groupdict().get("noun") or "").lower()
    if noun not in ("totals", "counts", "numbers", "figures", "tallies"):
        return
    if not any(a.fn == "count" for a in parser.aggs):
        return
    before = re.search(r"(?:^|\x00|[.:;!?\n])\s*(?P<w>[A-Za-z]+)\s*$", parser.s[: m.start()])
    if before is None:
        return
    records = {singular(w) for w in parser.topic_words()}
    if singular(before["w"].lower()) in records:
        parser.mask(before.start("w"), before.end("w"))


def _mask_window_results(parser: RequestParser) -> None:
    """ "write the hourly numbers to ClickHouse ...": with a window of that period, what the
    sink writes; another period ("the minute numbers" of an hourly window) stays unread."""
    size = parser.window.get("size_ms")
    if "window" not in parser.found() or not size:
        return
    # "the hourly counts should be written ...": the period before words read already
    before_read = re.finditer(
        r"\b(?P<ly>minutely|hourly|daily|weekly)(?=\s+\x00)|\bper[\s-]+(?P<u>minute|hour|day|week)"
        r"(?=\s+\x00)",
        parser.s,
        re.IGNORECASE,
    )
    for m in [*_WINDOW_RESULTS.finditer(parser.s), *before_read]:
        if "\x00" in m.group(0):
            continue
        unit = (m.group("ly") or "").removesuffix("ly").replace("dai", "day") or m.group("u")
        if unit and _PERIOD_MS.get(unit) != size:
            continue
        fn = _RESULT_FN.get((m.groupdict().get("noun") or "").lower())
        if fn and all(agg.fn != fn for agg in parser.aggs):
            continue  # "hourly counts and averages": averages of what? Never a count's results
        parser.reader = "windows"
        parser.mask(m.start(), m.end())
        _mask_records_noun_before(parser, m)
    # "per window: min, max and avg of reading": the window asked for, as "for each window"
    for m in list(_PER_WINDOW.finditer(parser.s)):
        parser.reader = "windows"
        parser.mask(m.start(), m.end())
    # "daily kWh per operator: ..., sum energy_kwh": the unit of a summed field, between words
    # read already (the title restating the window's result)
    units = set().union(*(_unit_words(a.phrase) for a in parser.aggs if a.phrase and a.fn == "sum"))
    for m in list(re.finditer(r"(?<=\x00\s)[A-Za-z]+(?=\s+\x00)", parser.s)):
        if m.group(0).lower() in units:
            parser.reader = "aggregates"
            parser.mask(m.start(), m.end())
    parser.reader = ""


def _unit_words(field: str) -> set[str]:
    """The words a number compared with `field` may carry as its unit: the field's own name
    ("litres") or a word of it ("weight_kg": kg; "litres_dispensed": litres), either number."""
    name = re.sub(r"[\s_]+", "_", field.strip().lower())
    words = {name, *name.split("_")}
    return (
        words | {w + "s" for w in words} | {w.removesuffix("s") for w in words} | scale_words(field)
    )


def _mask_value_units(parser: RequestParser) -> None:
    """ "where the total exceeds 5000 litres" after a sum of litres, "weight_kg over 40000 kg":
    a unit after a compared number, read only when it is the compared field's own (its name or
    unit suffix); any other unit ("5 megabytes" of bytes) stays unread and refuses."""
    conds = parser.leaf_conds()
    for c in conds:
        if isinstance(c.value, list) and c.op in ("in", "not_in") and not c.quoted:
            # "a rating of 1 or 2 stars": a scale word after the list of numbers
            m = re.compile(rf"\)?\s+(?P<u>{SCALE_WORD})\b", re.I).match(parser.s, c.end)
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in c.value)
            if m and numbers and m["u"].lower() in scale_words(c.subject):
                parser.reader = "filters"
                parser.mask(m.start("u"), m.end("u"))
            continue
        if c.quoted or isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
            continue
        fields = [c.subject]
        if c.subject.lower() in AGG_WORDS:  # "the total": the window's aggregated fields
            fields = [a.phrase for a in parser.aggs if a.phrase and a.fn != "count"]
        elif c.subject == IT:  # "customers over 5 GB" after "sum bytes": the last aggregate's
            last = max(parser.aggs, key=lambda a: a.pos, default=None)
            fields = [last.phrase] if last and last.phrase and last.fn != "count" else []
        m = re.compile(r"\s+(?P<u>[A-Za-z]+)\b").match(parser.s, c.end)
        if m and fields and all(m.group("u").lower() in _unit_words(f) for f in fields):
            parser.reader = "filters"
            parser.mask(m.start("u"), m.end("u"))
        elif fields:
            _other_unit(parser, c, fields)
    parser.reader = ""


def _other_unit(parser: RequestParser, c: Any, fields: list[str]) -> None:
    """ "volume over 5000 litres", "temp_c above 8 °C": a unit of measure after the number
    (quantities.py). The field's own unit is read; a field naming no unit compares with the
    number as given, listed as an assumption (never rescaled); a field naming another unit
    ("weight_kg over 2 tonnes") is refused."""
    m = UNIT_AFTER.match(parser.s, c.end)
    said = m and (m.group("deg") or m.group("u"))
    unit = unit_of(said) if said else None
    timed = time_factor(said, fields[0]) if said and len(fields) == 1 else None
    if m is not None and said and unit is None and timed and isinstance(c.value, (int, float)):
        # "duration_s under 10 minutes": another time unit than the field's, a whole factor
        factor, theirs = timed
        given = c.value
        c.value = given * factor
        if factor != 1:
            parser.assumptions.append(
                f"{given:g} {said} converted to {c.value:g} {theirs}: {fields[0]} holds {theirs}"
            )
        parser.reader = "filters"
        parser.mask(m.start("u"), m.end())
        return
    if m is None or said is None or unit is None:
        return
    start = m.start("deg") if m.group("deg") else m.start("u")
    own = [field_units(f) for f in fields]
    factors = {exact_factor(unit, f) for f in fields}
    if len(fields) == 1 and None not in factors and isinstance(c.value, (int, float)):
        factor, theirs = factors.pop()  # type: ignore[misc]
        given = c.value
        if factor != 1:
            c.value = given * factor
            parser.assumptions.append(
                f"{given:g} {said} converted to {c.value:g} {theirs}: {fields[0]} holds {theirs}"
            )
    elif all(
        any(same_unit(unit, u) for u in units) or (unit == "degrees" and units & {"c", "f"})
        for units in own
    ):
        pass  # "temp_c above 8 °C", "temp_c above 8 degrees": the field's own scale
    elif any(own):
        theirs = ", ".join(sorted(u for units in own for u in units))
        raise RequestNotUnderstood(
            f"filter on {', '.join(fields)!r}: {c.value:g} {said} is not in the field's own unit "
            f"({theirs}); the offline parser does not convert units: write the number in {theirs}"
        )
    elif any(re.fullmatch(r"[a-z]{1,3}", re.split(r"[\s_]+", f.lower())[-1]) for f in fields):
        raise RequestNotUnderstood(  # "duration_m over 3 km": a suffix that may be a unit
            f"filter on {', '.join(fields)!r}: is {c.value:g} {said} in the unit the field's "
            f"name ends with? The offline parser does not convert this unit: write the number "
            "in the field's own unit"
        )
    else:
        parser.assumptions.append(
            f"unit {said!r} not converted: {', '.join(fields)} compared with the number as "
            f"given ({c.value:g})"
        )
    parser.reader = "filters"
    parser.mask(start, m.end())


# The words that name an aggregate the parse computes.
_AGG_WORDS = {
    "sum": "sum sums total totals", "count": "count counts number numbers",
    "avg": "average averages avg mean", "max": "max maximum maxima peak peaks",
    "min": "min minimum minima", "count_distinct": "unique distinct",
    "quantile": "percentile percentiles median",
}  # fmt: skip


def _facts(parser: RequestParser) -> str:
    """What the parse restates in words a purpose clause may use: "the team only needs three
    fields" is restated by a projection that keeps three, "we get duplicates" by a dedup."""
    kept = len(parser.keep)
    facts = [f"{kept} fields {kept} columns"] if kept else []
    # "Context: the scanners publish to topic pallet-scans": the name read as the source there
    facts += getattr(parser, "told_source", [])
    # "only care about the three main lifts" with "lift_id is one of A, B or C"
    facts += [
        f"{len(c.value)} {c.subject}"
        for c in parser.conds
        if c.op == "in" and not c.negate and isinstance(c.value, list | tuple)
    ]
    found = parser.found()
    # "ReplacingMergeTree ordered by serial (the filler sometimes resends a bottle)": the
    # table keeps one row per key, so it undoes repeats as a dedup does
    replacing = any(
        isinstance(sink.data, dict) and sink.data.get("engine") == "ReplacingMergeTree"
        for sink in parser.sinks
    )
    if "dedup" in found or replacing:
        # "... because the gateways retry": retries are what a dedup undoes
        facts.append("duplicates duplicate duplicated dupes retry retries retried retrying")
    if "filter" in found:  # "only cares about the premium stays": what a filter keeps
        # "Our fraud team is drowning in noise": what a filter drops
        facts.append("filtered noise noisy junk spam garbage bogus fake unwanted")
    if any((c.op == "not_null") != c.negate and c.op in ("null", "not_null") for c in parser.conds):
        # "Some sensors send empty readings when their fan fails, so first drop ... null"
        facts.append("null nulls empty missing blank blanks")
    if "dead_letter" in found:
        facts.append("invalid malformed broken corrupt corrupted")
    if {"interval_join", "table_join"} & set(found):  # "(left join), those are the ones ..."
        facts.append("join joins joined")
    if {"table_join", "enrich"} & set(found):
        # "Title: Batches with pigment details": what a lookup adds to each record
        facts.append("details detail info")
        # "Batch enrichment:", "Order lookup" over a lookup's steps: the work the title names
        facts.append("enrichment enriched enriching enrich lookup lookups")
    if "map" in found:  # "Chamber pressure converter:" over a computed field: the conversion
        facts.append("converter conversion converted converting")
        # ("Late fee calculation" over "late_fee = days_late * 4.5")
        facts.append("calculation calculations computation computations")
    if parser.window.get("size_ms"):  # "4 or more claims in a day" with a 24-hour window
        facts.append(f"window_ms_{parser.window['size_ms']}")
    if parser.cdc:  # "... without querying production": a replica reads the log, not the tables
        facts.append("replicated")
    if parser.topics or parser.cdc:  # "FAB-2291: read ... from topic x": the id is no source
        facts.append("source_named")
    if "top_n" in found:  # "we want a trending hashtags feed" with a top 10
        facts.append("ranked")
    if parser.window.get("grace_ms") is not None:
        facts.append("late lateness")
    if "interval_join" in found:  # "(before or after, the phones' clocks are not reliable)"
        facts.append("time_bound")
    for agg in parser.aggs:  # "finance needs totals" with a sum in the request
        facts.append(_AGG_WORDS.get(agg.fn, agg.fn))
    return " ".join(facts)


def _refuse_out_of_scope_unless_sourceless(
    text: str, sample_schema: Schema | None, database_url: str | None
) -> None:
    """Refuse a clause the spec cannot express (`refuse_out_of_scope`), unless it is a step put
    off and the request names no source at all ("can you set something up for the school data?
    we'd like dashboards at some point"): then the request is too vague, and that is what is said
    (a store or a feature the spec lacks is still refused for itself: it is what to change)."""
    try:
        refuse_out_of_scope(text)
    except RequestNotUnderstood as refusal:
        if LATER_STEP not in str(refusal):
            raise
        try:
            parser = _read(plus_as_and(text), sample_schema, database_url)
        except UserError:
            raise refusal from None
        if not (parser.topics or parser.topic_pattern or parser.cdc):
            parser.build()  # refuses as "no source"
        raise


def _read(
    text: str,
    sample_schema: Schema | None,
    database_url: str | None,
    blank: list[tuple[int, int]] | None = None,
    stepwise: bool = False,
    shown: tuple[int, ...] = (),
    bare: tuple[int, str] | None = None,
) -> RequestParser:
    """Run every recogniser over the text, in order; each masks what it consumed. The `blank`
    spans (context asides) are out of the recognisers' way and left unread; `stepwise` says the
    request was written as ordered steps (its clauses are in the order asked). The labelled
    sentences starting at `shown` are read, all but their label (see `_source_in_context`);
    `bare` is the last-resort source a first reading found (see `_bare_source`)."""
    parser = RequestParser(text, sample_schema)
    parser.database_url = database_url
    parser.bare_source = bare
    parser.stepwise = stepwise
    for start, end in blank or []:
        parser.s = parser.s[:start] + " " * (end - start) + parser.s[end:]
    labels = [(m.start(), m.end()) for m in PURPOSE_LABEL.finditer(text)]
    hidden = [(a, text.index(":", a) + 1) if a in shown else (a, b) for a, b in labels]
    hidden += [(m.start("w"), m.end("w")) for m in PURPOSE_WHO.finditer(text)]
    hidden += [(m.start("w"), m.end("w")) for m in PURPOSE_AHEAD.finditer(text)]
    hidden += replaced_spans(text)
    hidden = _without(hidden, cdc_mode_spans(text))
    for start, end in hidden:  # "Goal: ...": no recogniser reads it (see purpose.py)
        parser.s = parser.s[:start] + HIDDEN * (end - start) + parser.s[end:]
    for reader, step in parser.steps():
        parser.reader = reader
        step()
    parser.reader = ""
    _mask_group_nouns(parser)
    _mask_grouped_records(parser)
    _mask_window_results(parser)
    _mask_each_record_noun(parser)
    _mask_topic_record_noun(parser)
    _mask_value_units(parser)
    for start, end in hidden:  # its words stay unread: a purpose, or refused
        restored = zip(parser.s[start:end], text[start:end], strict=True)
        parser.s = (
            parser.s[:start]
            + "".join(o if c == HIDDEN else c for c, o in restored)
            + parser.s[end:]
        )
    for start, end in blank or []:
        restored = zip(parser.s[start:end], text[start:end], strict=True)
        parser.s = (
            parser.s[:start] + "".join(o if c == " " else c for c, o in restored) + parser.s[end:]
        )
    if not shown and not parser.topics:
        parser = _source_in_context(parser, labels, sample_schema, database_url, blank, stepwise)
    if not shown and bare is None:
        parser = _bare_source(parser, sample_schema, database_url, blank, stepwise)
    return parser


# Where a clause ends: a sentence's or a line's end, a colon, a semicolon, a dash set apart
_CLAUSE_STOP = re.compile(r"[;:!?\n]|\.(?=\s|$)|\s[\u2014\u2013-]\s")
# A title line before a list of steps ("Humidity cleanup:\nglasshouse.humidity-raw\n -> ...")
_TITLE = re.compile(r"^[^;]*:\s*;")
# "every hour on pos-sales": a period right before the name's preposition
PERIOD_ON = re.compile(
    r"\b(?:(?:every|each|per)\s+(?:\d+\s+)?[A-Za-z]+|hourly|daily|weekly|nightly|monthly)\s+"
    r"(?:on|in|at|over|for)\s+$",
    re.I,
)


def _bare_source(
    parser: RequestParser,
    sample_schema: Schema | None,
    database_url: str | None,
    blank: list[tuple[int, int]] | None,
    stepwise: bool,
) -> RequestParser:
    """No source read ("we've got app clickstream on cinema.app_clicks — sessionise it ..."),
    or only a compound before a records noun that may be an adjective ("heart-rate alerts"):
    the one topic-shaped name nothing read is the source, read again with it handed to the
    source recogniser; two or more such names are refused, naming them."""
    if parser.topic_pattern or parser.cdc or parser.cdc_tables:
        return parser
    if parser.topics and not {n for _, n in parser.topics} <= set(parser.compound_sources):
        return parser
    read = masked_names(parser.s, parser.text)
    found = bare_source_candidates(parser.text, parser.s, [sink.pos for sink in parser.sinks], read)
    if parser.topics:  # only a dotted or snake name outweighs the compound read
        found = [(at, name) for at, name in found if re.search(r"[._]", name)]
    if parser.stepwise:  # "order events -> shop.orders_clean": a later step is an output
        found = [(at, n) for at, n in found if ";" not in _TITLE.sub("", parser.text[:at])]
    if any(re.search(r"[.-]", name) for _, name in found):  # ("(drum_temp_c, roast_minutes)")
        found = [(at, name) for at, name in found if re.search(r"[.-]", name)]
    if len(found) != 1:
        parser.bare_names = [name for _, name in found]  # (asked instead of "no source")
        return parser
    at = found[0][0]
    if PERIOD_ON.search(parser.text, 0, at):
        return parser  # "sum amount per store_id every hour on pos-sales": a time, maybe
    again = _read(parser.text, sample_schema, database_url, blank, stepwise, bare=found[0])
    # the words said with the name ("The EU gateway sends the same call twice to x"): read with
    # it by the source's readers, never left to be read as a purpose once the name is taken
    stops = [m.end() for m in _CLAUSE_STOP.finditer(parser.text)]
    start = max([e for e in stops if e <= at], default=0)
    end = min([e for e in stops if e > at], default=len(parser.text))
    left = unaccounted_runs(again.s, again.text, again.found())
    if any(la < end and start < lb for la, lb, _ in left):
        return parser  # (words of the name's clause left unread: refused as they were)
    first = set(parser.spans)
    for a, b, reader in again.spans:
        if (
            reader.split(" (")[0] not in _SOURCE_READERS | {"purpose"}
            and (a, b, reader) not in first
        ):
            # "The EU gateway sends the same call twice to x", "For every EU order on x": a
            # step read otherwise once the name is taken; the first reading's refusal stands
            return parser
    return again if again.topics else parser


def _without(spans: list[tuple[int, int]], read: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` less the parts a recogniser reads wherever they stand (a CDC mode on a "Goal:"
    line): those parts are left to it, the rest of each span stays hidden."""
    out = []
    for start, end in spans:
        at = start
        for a, b in sorted(read):
            if b <= at or a >= end:
                continue
            if a > at:
                out.append((at, a))
            at = max(at, b)
        if at < end:
            out.append((at, end))
    return out


# "Context: our scanners publish every pallet scan to the topic pallet-scans.": a context
# sentence saying where the data is ("Background: the crew logs every visit in the MySQL
# database ops (Debezium server name maint)": a database's tables, for CDC)
_CONTEXT_TOPIC = re.compile(
    r"\s*(?:(?:some|a\s+(?:bit|little)\s+of|quick|brief|short)\s+)?(?:context|background)"
    r"(?:\s+first)?\s*:[^\n]*(?:\b(?:topics?|debezium|postgres(?:ql)?|mysql|mariadb)\b"
    # ("Context: devices report events to ortho.wear_events": a dotted name sent to)
    r"|\b(?:to|into|on|onto)\s+[A-Za-z][\w-]*\.[A-Za-z][\w.-]*[\w])",
    re.I,
)
# Readers whose reading of a context sentence is no step of the pipeline
_SOURCE_READERS = frozenset({"sources", "description", "context", "background", "cdc"})


def _source_in_context(
    parser: RequestParser,
    labels: list[tuple[int, int]],
    sample_schema: Schema | None,
    database_url: str | None,
    blank: list[tuple[int, int]] | None,
    stepwise: bool,
) -> RequestParser:
    """No source read, and a context-labelled sentence names a topic: read that sentence too,
    keeping the reading only when the recognisers take nothing from it but the source (a
    filter or a sink said there may be the old process, never built silently)."""
    text = parser.text
    told = [(a, b) for a, b in labels if _CONTEXT_TOPIC.match(text[a:b])]
    if not told:
        return parser
    try:
        again = _read(
            text, sample_schema, database_url, blank, stepwise, tuple(a for a, _b in told)
        )
    except RequestNotUnderstood:
        return parser  # read as a step there: the sentence stays unread, and refused
    inside = [r for a, b, r in again.spans if any(ta <= a < tb for ta, tb in told)]
    found = again.topics or again.cdc_tables  # a CDC source's topics are named later
    if any(_selects_unread(again, a, b) for a, b in told):
        return parser  # "the desk keeps every cancelled booking in ...": refused, never dropped
    if found and all(r.split(" (")[0] in _SOURCE_READERS for r in inside):
        again.told_source = [  # type: ignore[attr-defined]
            name for pos, name in again.topics if any(a <= pos < b for a, b in told)
        ]
        return again
    return parser


def _selects_unread(parser: RequestParser, start: int, end: int) -> bool:
    """Whether the words of a context sentence no recogniser read (its label left out) may
    select records ("every cancelled booking"): a source said there is then not taken."""
    said = parser.s[parser.text.index(":", start) + 1 : end]
    words = " ".join(re.sub(r"[^\w'-]+", " ", said.replace(MASK, " ")).split())
    return bool(words) and may_select_records(words[:1].lower() + words[1:])


def _correct_unread(parser: RequestParser) -> tuple[str, list[str]]:
    """The text with misspelt keywords corrected in the parts no recogniser consumed."""
    parts: list[str] = []
    corrections: list[str] = []
    said = frozenset(name.lower() for _pos, name in [*parser.keep, *parser.drop])
    for run in re.finditer(r"\x00+|[^\x00]+", parser.s):
        original = parser.text[run.start() : run.end()]
        if run.group(0)[0] == MASK:
            parts.append(original)
            continue
        # a field the request names elsewhere ("court" kept) is that field said again
        follows = re.match(r"\s*(\w+)", parser.text[run.end() :])
        after = follows.group(1).lower() if follows else ""
        fixed, found = correct_outside_quotes(original, KNOWN_WORDS | said, VOCABULARY, after)
        parts.append(fixed)
        corrections += found
    return "".join(parts), corrections


# The seed-payload reader (parse/seed_config.py) reuses the domain words, id fields and the
# schema resolver under their former names.
_DOMAINS = DOMAINS
_ID_FIELDS = ID_FIELDS
_Parser = RequestParser
