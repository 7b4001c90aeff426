"""Step scope: a step the request ties to one sink or one aggregate, which the spec cannot hold.

A spec's filters, windows and other steps apply to every record before every sink, and a
filter runs before a window, so it applies to all of the window's aggregates. A request that
scopes a step more narrowly is refused, quoting the words, never answered with the step applied
to everything:

- per sink: "all events to clickhouse x and only the errors (level = 'error') to topic y" (a
  step written between two sinks' names, or one sink said to get every record, or the raw
  ones, while a step selects or reshapes them);
- per aggregate: "count of firings, and count of firings where status is 'failed'" (the same
  aggregate twice, one with a condition), "number of failed firings (status = 'failed') and
  average duration_min" (a condition inside the list of aggregates).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .aggregate_phrases import count_name
from .lexicon import DROP_VERB, MASK, MEASURE_WORDS, word_set
from .quantities import ICASE
from .scope import _ROUTING, clause_around

if TYPE_CHECKING:
    from .state import Agg, Cond, ParserState, Sink

# After a first sink: "print the rest", "write everything else to ...", "the others go to".
_THE_REST = (
    r"(?:all\s+)?the\s+(?:rest|others|remainder|leftovers)|(?:everything|anything)\s+else"
    r"|all\s+(?:the\s+)?others|the\s+remaining\s+[a-z]+|(?:what|whatever)(?:'s|\s+is)\s+left"
)
# "send the rest to x", "the rest go to x", "everything else should be written to x", "the
# remaining readings are sent to x": the records a condition leaves out, sent to a sink
REST_TO_SINK = re.compile(
    r"\b(?:print|write|send|forward|route|publish|store|put|push|dump|output|log|emit|pipe"
    rf"|load|save|stream|land)\w*\s+(?:out\s+)?(?:{_THE_REST})\b(?!\s+of\b)"
    rf"|\b(?:{_THE_REST})\s+(?:(?:should|can|will|must|may|then)\s+)?(?:go|goes|get|gets|are"
    r"|is|be|land|lands|flow|flows)\b(?:\s+(?:\w+ed|sent|written))?\s+(?:to|in|into|on)\b",
    ICASE,
)

# "print them and also count ...": a further output besides the records already sent
_BESIDES = re.compile(r"\b(?:also|as\s+well|besides|in\s+addition|additionally)\b", ICASE)

ROUTING_HELP = (
    "the spec applies every filter and window to every sink; write two pipelines (one per "
    'sink, e.g. "from topic orders keep amount > 100 and write to topic big-orders"), or '
    "apply the step to every sink"
)

# A sink said to get the records as they came: "the raw events", "unfiltered", "as-is".
RAW_CLAIM = re.compile(
    r"(?<![\w-])(?:raw|unprocessed|unfiltered|untouched|unchanged|unmodified|original|incoming|verbatim"
    r"|as[\s-]is|(?:full|whole|entire|complete)\s+(?:stream|feed|firehose))(?![\w-])",
    ICASE,
)
# A sink said to get every record: "all events", "everything", "all of them", "every reading".
_STEP_OUTPUT = (
    r"(?:all|every|each)\s+(?:of\s+)?(?:the\s+|those\s+|these\s+)?(?:emitted|kept|selected"
    r"|filtered|remaining|flagged|matching|qualifying|surviving|resulting|alerted)\b"
)
# "every emitted window should also be stored in x": the records the steps let through, the
# same for every sink (read with the sink; never a claim of all records)
STEP_OUTPUT_CLAIM = re.compile(rf"(?<![\w-]){_STEP_OUTPUT}(?:\s+[a-z]+s?\b)?", ICASE)
ALL_CLAIM = re.compile(
    # ("every emitted window should also be stored in x": the records kept, said again)
    rf"(?<![\w-])(?!{_STEP_OUTPUT})(?!(?:all|every|each)\s+(?:of\s+the\s+|the\s+)?(?:such|these|those)\b)"
    r"(?:all(?!\s+(?:the\s+|its\s+|their\s+)?(?:time|day|week|month|year|hours?"
    r"|minutes?|fields?|columns?|attributes?|properties)\b)"
    r"(?:\s+of\s+(?:them|it))?|everything"
    r"|every(?!\s+(?:\d+\s+)?(?:second|minute|hour|day|week|month|year|morning|night|time)s?\b)"
    r"(?=\s+[a-z])|each(?!\s+(?:second|minute|hour|day|week|month|year|time)s?\b)(?=\s+[a-z]))\b",
    ICASE,
)
# Between a claim and the sink it is said of: a few words and the preposition.
_TO_SINK = re.compile(
    r"^[\w\s'-]{0,60}?\b(?:to|into|onto|in|on)\s+(?:the\s+|our\s+|a\s+)?(?:kafka\s+"
    r"|clickhouse\s+|redis\s+)?(?:topic\s+|table\s+|stream\s+)?$|^\s*$",
    ICASE,
)
# Right after a sink's name: "(all of them)", "(everything)", ", unchanged", " as-is".
_AFTER_SINK = re.compile(
    r"^\s*[(,]?\s*(?:(?:and|but)\s+)?(?:(?:gets|receives|takes|should\s+get|must\s+get)\s+)?$",
    ICASE,
)
# Only a list separator between two aggregates (or between a condition and the next one).
_LIST_SEP = re.compile(
    r"^[\s)\x00]*(?:,\s*(?:and\s+|plus\s+)?|\band\s+|\bplus\s+|\bas\s+well\s+as\s+)"
    r"(?:(?:also|the|a|an|its|their)\s+)*$",
    ICASE,
)
# The end of one item of a list: "count of firings, and ".
_LIST_END = re.compile(
    r"(?:[,;]\s*(?:and\s+|plus\s+)?|\band\s+|\bplus\s+|\bas\s+well\s+as\s+)"
    r"(?:(?:also|the|a|an)\s+)*$",
    ICASE,
)


_STDOUT = re.compile(r"\b(?:stdout|console|terminal|screen|standard\s+out(?:put)?)\b", ICASE)


# A sink's own aside: "topic y (level = 'error' only)".
_ASIDE = re.compile(r"\s*\((?:[^()]*)$")


# A verb that sends records on: "keep amount > 5 and send to topic x" ties the step to its sink.
_OUTPUT_VERB = re.compile(
    r"\b(?:write|send|store|put|push|publish|print|forward|output|emit|save|load|land|stream"
    r"|pipe|dump|deliver|insert|route|produce"
    # the irregular participles: "readings above 95 are to be sent to x and also printed"
    r"|sent|written|wrote)\w*\b",
    re.I,
)


# A step said of one sink by the sink's kind: "dedupe ... for the ClickHouse copy only", "keep
# amount > 100 only for the topic sink".
_SINK_NOUN = r"(?:copy|sink|table|topic|output|one|side|destination|target|version|feed|stream)"
ONE_SINK_ONLY = re.compile(
    rf"\b(?:only|just|solely)\s+(?:for|in|to|into|on)\s+the\s+(?:[\w.-]+\s+){{0,2}}?{_SINK_NOUN}\b"
    rf"|\b(?:for|in|to|into|on)\s+the\s+(?:[\w.-]+\s+){{0,2}}?{_SINK_NOUN}\s+(?:only|alone)\b"
    r"|\b(?:for|in|to|into)\s+(?:the\s+)?(?:clickhouse|kafka|redis|console|stdout)\s+(?:only|alone)\b",
    ICASE,
)


def _destinations(parser: ParserState) -> list[tuple[int, int, Sink]]:
    """Where each sink's name is written: (start, end, sink), in the order of the text."""
    out = []
    for sink in parser.sinks:
        d = sink.data
        name = d.get("topic") or (
            f"{d['database']}.{d['table']}" if d.get("database") and d.get("table") else None
        )
        name = name or d.get("table") or d.get("database")
        start = parser.text.lower().find(str(name).lower(), sink.pos) if name else -1
        word = _STDOUT.search(parser.text, sink.pos) if sink.kind == "stdout" else None
        if word is not None:
            start, end = word.span()
        elif start < 0:
            start, end = sink.pos, sink.pos
        else:
            end = start + len(str(name))
        out.append((start, end, sink))
    return sorted(out, key=lambda x: x[0])


def _step_positions(parser: ParserState, filters: list[Cond]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the steps that select or reshape records."""
    steps = [(c.pos, c.end or c.pos, "filter") for c in filters]
    steps += [(a.pos, a.pos, "aggregate") for a in parser.aggs]
    if parser.dedup is not None and parser.dedup_pos >= 0:
        steps.append((parser.dedup_pos, parser.dedup_pos, "dedup"))
    steps += [(pos, pos, "computed field") for pos, _n, _e in parser.computed]
    steps += [(pos, pos, "projection") for pos, _n in parser.keep + parser.drop]
    return steps


_SELECTING = re.compile(rf"(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|retain\w*|only|just)\b", ICASE)


def _after_a_drop(parser: ParserState, rest: re.Match[str]) -> bool:
    """Whether the last verb selecting records before "the rest" left some out ("ignore test
    swaps, store the rest") rather than kept some ("keep errors, send everything else")."""
    said = list(_SELECTING.finditer(parser.text, 0, rest.start()))
    return bool(said) and said[-1].group("drop") is not None


# "... goes to topic x and also print it to stdout", "..., and print them too": the next sink
# takes the records said before again (a pronoun for them, with "also" or "too")
_AGAIN_BEFORE = re.compile(
    r"^[\w\s',.-]{0,40}?\b(?:and\s+)?(?:also|too|as\s+well)\b[\w\s'-]{0,30}?"
    r"\b(?:it|them|those|these|they|the\s+same(?:\s+ones)?)\b[\w\s'-]{0,25}$",
    ICASE,
)
# "... goes to topic x and also gets written to clickhouse y": the same subject's second verb
_SAME_SUBJECT = re.compile(
    r"^\s*,?\s*and\s+(?:also\s+)?(?:gets?|is|are|should\s+(?:also\s+)?be|will\s+(?:also\s+)?be)"
    r"\s+(?:also\s+)?(?:written|sent|stored|saved|printed|published|copied|logged|pushed|put)"
    r"(?:\s+out)?\s+(?:to|into|in|onto)\s+(?:the\s+)?(?:kafka\s+|clickhouse\s+|redis\s+)?"
    r"(?:topic\s+|table\s+)?$",
    ICASE,
)
# ("..., print them to stdout too": the pronoun before the sink, "too" after it)
_PRONOUN_BEFORE = re.compile(r"^[\w\s',.-]{0,40}?\b(?:it|them|those|these)\b[\w\s'-]{0,25}$", ICASE)
_TOO_AFTER = re.compile(r"\s*(?:too|as\s+well)\b", ICASE)


def _same_records_again(parser: ParserState, mine: list[Sink]) -> bool:
    """Whether each sink outside the condition's clause-sinks `mine` is said, right after the
    last of them, to take the same records again ("... to topic x and also print it to
    stdout"): one condition for every sink, nothing routed."""
    said = [(start, end, sink in mine) for start, end, sink in _destinations(parser)]
    later = [(start, end) for start, end, is_mine in said if not is_mine]
    last = max(end for _start, end, is_mine in said if is_mine)
    if not later or later[0][0] < last:
        return False
    if any(last <= c.pos < later[-1][0] for c in parser.conds):
        return False  # ("..., and for paid ones also print them": a condition between)
    return all(
        _said_again(parser.text[a:start], parser.text, end)
        for a, (start, end) in zip([last, *(e for _s, e in later[:-1])], later, strict=True)
    )


def _said_again(between: str, text: str, end: int) -> bool:
    """Whether the words `between` a sink and the next (whose name ends at `end`) say the next
    takes the same records ("and also print it to", "print them to stdout too")."""
    if ALL_CLAIM.search(between) or RAW_CLAIM.search(between):
        return False  # ("and also print all of them": every record, maybe; routing)
    if _AGAIN_BEFORE.search(between) or _SAME_SUBJECT.match(between):
        return True
    return _PRONOUN_BEFORE.search(between) is not None and _TOO_AFTER.match(text, end) is not None


def refuse_condition_of_one_sink(parser: ParserState) -> None:
    """'write to stdout, and amount > 10 orders to topic big-orders': a condition said in
    the clause of one sink, another sink elsewhere: one pipeline filters for all its sinks."""
    if len(parser.sinks) < 2:
        return
    rest = REST_TO_SINK.search(parser.text)
    if rest and rest.start() <= min(s.pos for s in parser.sinks) and _after_a_drop(parser, rest):
        # "ignore swaps made through 'app', store the rest in x and publish them to y": what a
        # drop leaves are the records kept, sent to every sink
        rest = None
    if rest and parser.conds:
        # "when amount is null, route to topic bad, print the rest": the records a condition
        # sends to one sink, the others to another
        raise RequestNotUnderstood(
            f"the spec cannot express {_ROUTING} yet: "
            f"{clause_around(parser.text, rest.start(), rest.end())!r} sends the records the "
            "condition leaves out to another sink. Say the condition for every sink ("
            '"keep ..., write to A and B"), or write one pipeline per sink'
        )
    # (a question ends a clause too: "... where x is under 10? The alerts go to topic y and
    # are printed to stdout")
    ends = re.finditer(r"[,;.?!](?=\s)|\n", parser.text)
    bounds = [0, *(m.end() for m in ends), len(parser.text)]
    for c in parser.conds:
        start = max(b for b in bounds if b <= c.pos)
        end = min(b for b in bounds if b > c.pos)
        mine = [s for s in parser.sinks if start <= s.pos < end]
        # "keep amount > 5 and send to topic x; also print them": a step, then its sink
        mine = [s for s in mine if s.pos <= c.pos or not (
            _OUTPUT_VERB.search(parser.text, c.end or c.pos, s.pos)
            or _OUTPUT_VERB.match(parser.text, s.pos))]  # fmt: skip
        if mine and len(mine) < len(parser.sinks) and not _same_records_again(parser, mine):
            words = " ".join(parser.text[start:end].strip(" ,;.").split())
            raise RequestNotUnderstood(
                f"the spec cannot express {_ROUTING} yet: {words!r} says a condition for "
                'one of its sinks. Say the condition for every sink ("keep ..., write to '
                'A and B"), or write one pipeline per sink'
            )


def refuse_per_sink_steps(parser: ParserState, filters: list[Cond]) -> None:
    """Refuse a step the request ties to one of several sinks (see the module's doc)."""
    dests = _destinations(parser)
    if not dests:
        return
    text = parser.text
    sources_after = [pos for pos, _t in parser.topics[1:]]
    for pos in sources_after:
        # "write the deduped events to clickhouse x and the original stream to topic y": y was
        # read as a second source ("our sensors publish to topic y"), but the records as they
        # came are said to go there
        lo = max((e for _s, e, _x in dests if e <= pos), default=-1)
        if lo < 0:
            continue
        for m in RAW_CLAIM.finditer(text, lo, pos):
            if _TO_SINK.match(text[m.end() : pos]):
                name = next(t for p, t in parser.topics if p == pos)
                raise RequestNotUnderstood(
                    f"cannot tell what topic {name!r} is: {clause_around(text, m.start(), pos)!r} "
                    f'reads as records sent to it, after a sink; say "write ... to topic '
                    f'{name}" for a sink (every sink gets the same records) or "read topic '
                    f'{name}" for a source'
                )
    steps = _step_positions(parser, filters)
    if parser.top_n is not None or parser.session is not None:
        steps.append((len(text), len(text), "top-n"))
    if not steps and not (parser.enrich or parser.joins):
        return
    if len(dests) > 1:
        bounds = [0, *(m.end() for m in re.finditer(r"[,;.](?=\s)|\n", text)), len(text)]
        for m in ONE_SINK_ONLY.finditer(text):
            lo = max(b for b in bounds if b <= m.start())
            hi = min(b for b in bounds if b >= m.end())
            if any(lo <= start < hi for start, _end, _kind in steps):
                # ("dedupe on order_id within 10 minutes for the ClickHouse copy only")
                _refuse(text, m.start(), f"{m.group(0)!r}: a step said of one sink")
    # a step written after one sink's name and before the next one's
    for (_s1, e1, _k1), (s2, _e2, _k2) in pairwise(dests):
        for start, _end, kind in steps:
            # ("send to x, then keep ... and send them to y": "them" are the records kept,
            # which x never saw)
            if e1 <= start < s2:
                article = "an" if kind[0] in "aeiou" else "a"
                _refuse(text, start, f"{article} {kind} written between two sinks")
    if len(dests) > 1:
        # "write to clickhouse x, and to topic y without the ssn field": a projection said right
        # after the last sink's name (no clause break between) is that sink's own
        last_end = dests[-1][1]
        for start, _end, kind in steps:
            gap = text[last_end:start]
            if (
                kind == "projection"
                and start >= last_end
                and len(gap) < 40
                and not re.search(r"[,;.\n]", gap)
            ):
                _refuse(text, last_end, "a projection said of the last sink")
    aggs_before = [s for s in steps if s[2] == "aggregate" and s[0] < dests[0][0]]
    if len(dests) == 1 and not aggs_before:
        # "print them and also count orders per store_id every minute": the records go to the
        # one sink, and the aggregate asked for besides them has none of its own
        for start, _end, kind in steps:
            gap = text[dests[0][1] : start]
            if kind == "aggregate" and start >= dests[0][1] and _BESIDES.search(gap):
                _refuse(text, start, "an aggregate asked for besides the records of the one sink")
    selecting = [s for s in steps if s[2] in ("filter", "aggregate", "top-n")]
    for claim, start, _end in sink_claims(text, dests):
        # "send all payments above 100 to topic x": the step says which records the claim is of
        own = [s for s in steps if claim.start() < s[0] < start]
        if claim.re.pattern == RAW_CLAIM.pattern and len(dests) > 1 and not own:
            # "forward the raw events to topic x" while a step changes them: not what x gets
            _refuse(text, claim.start(), f"{claim.group(0)!r} said of a sink")
        if claim.re.pattern == RAW_CLAIM.pattern and any(k == "aggregate" for *_, k in steps):
            # "average value per sensor every minute, and also write the raw readings to x":
            # the window's results replace the records, so x never gets them raw
            _refuse(text, claim.start(), f"{claim.group(0)!r} said of a sink beside an aggregate")
        if claim.re.pattern == RAW_CLAIM.pattern or own:
            continue
        # "keep errors and write all of them to x and y": the records kept; a step after the
        # claim, or one with another sink (or, with one sink, a second topic) between, is for
        # another sink ("clickhouse x (all of them) and topic y (level = 'error' only)")
        # A step after every sink, in a clause of its own ("write all of it to x and y, only
        # level = 'error'"), is for all of them: "all" is then no sink's own.
        last_end = dests[-1][1]
        for s_start, _s_end, _kind in selecting:
            later = s_start > claim.start()
            between = [d for d, _e, _x in dests] + sources_after
            if len(dests) < 2:
                # "clickhouse x gets all of them; topic y gets only ...": y read as a source
                if any(claim.start() < p < s_start for p in sources_after):
                    _refuse(text, claim.start(), f"{claim.group(0)!r} said of one sink")
                continue
            trailing = (
                s_start >= last_end
                and re.search(r"[,;.\n]", text[last_end:s_start]) is not None
                and not _ASIDE.match(text, last_end, s_start)
            )
            if (later and not trailing) or any(s_start < p < claim.start() for p in between):
                _refuse(text, claim.start(), f"{claim.group(0)!r} said of one sink")


def sink_claims(
    text: str, dests: list[tuple[int, int, Sink]]
) -> list[tuple[re.Match[str], int, int]]:
    """The words that say a sink gets every record, or the records as they came: (the words,
    the sink name's start and end)."""
    out = []
    for i, (start, end, _sink) in enumerate(dests):
        lo = dests[i - 1][1] if i else 0
        hi = dests[i + 1][0] if i + 1 < len(dests) else len(text)
        for claim in (RAW_CLAIM, ALL_CLAIM):
            for m in claim.finditer(text, lo, hi):
                before = m.end() <= start and _TO_SINK.match(text[m.end() : start])
                after = m.start() >= end and _AFTER_SINK.match(text[end : m.start()])
                if before or after:
                    out.append((m, start, end))
    return out


def _refuse(text: str, pos: int, why: str) -> None:
    raise RequestNotUnderstood(
        "the spec cannot express routing different records to different sinks (a filter "
        f"applies to every sink) yet: {clause_around(text, pos, pos + 1)!r} ({why}); "
        + ROUTING_HELP
    )


def refuse_per_aggregate_conditions(parser: ParserState, filters: list[Cond]) -> None:
    """Refuse a condition the request ties to one of a window's aggregates."""
    aggs = sorted(parser.aggs, key=lambda a: a.pos)
    if len(aggs) < 2 or not filters:
        return
    text = parser.text
    for a, b in pairwise(aggs):
        gap = text[a.pos : b.pos]
        listed = not re.search(r"[.:\n]", gap) and _LIST_END.search(gap)
        for c in filters:
            end = c.end or c.pos
            # "number of failed firings (status = 'failed') and average duration_min"
            if a.pos < c.pos < b.pos and _LIST_SEP.match(text[end : b.pos]):
                _refuse_agg(text, c.pos)
            # "count of firings, and count of firings where status is 'failed'", "count
            # payments; count refunds where type = 'refund'": one aggregate said twice, the
            # second with a condition (two counts differ only by the records they count)
            same = a.fn == b.fn and (
                a.fn == "count" or (a.phrase or "").lower() == (b.phrase or "").lower()
            )
            if same and listed and b.pos < c.pos and not re.search(r"[;.\n]", text[b.pos : c.pos]):
                _refuse_agg(text, c.pos)
    # "the total amount and the number of refunds (type = 'refund')": a condition in
    # parentheses right after the last aggregate's own words
    # "filter priority = 'high', count per team_id ... and also the count of all tickets": a
    # second count of every record, the ones the filter drops too
    if sum(a.fn == "count" for a in aggs) > 1:
        for a in aggs:
            if a.fn == "count" and (every := _EVERY_RECORD_COUNT.match(text, a.pos)):
                raise RequestNotUnderstood(
                    f"cannot read {every.group(0)!r} beside another count: a filter runs before "
                    "the window, so no aggregate counts the records it drops; write two "
                    "pipelines (one with the filter, one without)"
                )
    last = aggs[-1]
    # "the average speed_kmh ..., and the count of trips with speed_kmh over 120": the last
    # aggregate a count of records the condition right after its noun selects
    counted = last.fn == "count" and _LIST_END.search(text[aggs[-2].pos : last.pos])
    for c in filters:
        if c.pos > last.pos and _PAREN_AFTER_AGG.match(text[last.pos : c.pos]):
            _refuse_agg(text, c.pos)
        if counted and c.pos > last.pos and _CONDITIONED_COUNT.match(text[last.pos : c.pos]):
            _refuse_agg(text, c.pos)


_EVERY_RECORD_COUNT = re.compile(
    r"(?:the\s+)?(?:(?:total\s+)?(?:count|number)\s+of\s+|count\s+)(?:all|every)\s+(?:the\s+)?"
    r"[a-z][\w-]*",
    ICASE,
)
_PAREN_AFTER_AGG = re.compile(r"^(?:[\w'-]+\s+){0,3}[\w'-]+\s*\(\s*$")
# ("that were escalated = true" reaches here as "that where ...": text.py reads "were" before a
# field and a comparison sign as a slip for "where")
_CONDITIONED_COUNT = re.compile(
    r"^(?:the\s+)?(?:(?:total\s+)?number|count|tally)\s+of\s+(?:the\s+|all\s+)?[a-z][\w-]*\s+"
    r"(?:with|where|whose|(?:that|which)\s+(?:have|had|are|were|has|is|was|where))\s+$",
    ICASE,
)


def _refuse_agg(text: str, pos: int) -> None:
    raise RequestNotUnderstood(
        "the spec cannot express a condition on one aggregate only (a filter runs before the "
        "window, so every aggregate would count only the records it keeps): "
        f"{clause_around(text, pos, pos + 1)!r}; write two pipelines (one with the filter), or "
        "filter every aggregate (e.g. \"from topic orders keep status = 'paid', then count "
        'orders per store_id every hour")'
    )


# Between a top-N phrase and the aggregate that defines its metric: "Top 3 machine_id by
# revenue every hour: sum price ...", "by revenue, i.e. the sum of price".
_DEFINES = re.compile(
    r"^[^.;\n]*?(?::|\u2013|\u2014|\s-\s|\bi\.\s?e\.?|\bthat\s+is\b|\bmeaning\b|\bnamely\b"
    r"|\bdefined\s+as\b|\bcomputed\s+as\b|=)[^.;\n]*$",
    ICASE,
)


# A ranking word that names a money concept, not a field: a preset maps it to its measure.
MEASURE_CONCEPTS = (MEASURE_WORDS - {"amount", "value"}) | word_set("sales takings income earnings")


def prefer_stated_measure(parser: ParserState) -> None:
    """ "Top 3 machine_id by revenue every hour: sum price per machine_id": the ranking word
    ("revenue") is the request's own aggregate, never a preset's measure (sum of amount) added
    beside it. Said right after the top-N (a colon, "i.e."), the stated aggregate ranks the
    groups (listed); said elsewhere, which one ranks them is asked, not guessed."""
    undefined = parser.top_n_undefined
    if undefined is None or parser.top_n is None:
        return
    ranking, end, metric = undefined
    stated = [
        a
        for a in parser.aggs
        if a is not ranking and a.phrase and (a.phrase or "").lower() != (ranking.phrase or "")
    ]
    text = parser.text
    # (a count has no phrase: "count of kills as kills, top 5 by kills" is named so too)
    # ("which five huts had the most overnight stays: ... as overnight_stays": the ranking's
    # words, spaced, are the name the request gives)
    ranked_words = " ".join(text[ranking.pos : end + 40].lower().split())
    for a in [b for b in parser.aggs if b is not ranking]:
        spaced = a.name.lower().replace("_", " ")
        if a.pos in parser.aliased and (
            a.name.lower() == re.sub(r"\W+", "_", metric.lower())
            or (
                "_" in a.name
                and spaced.startswith(f"{metric.lower()} ")
                and re.search(rf"\b{re.escape(spaced)}\b", ranked_words)
            )
        ):
            # "sum order_total as gmv, keep the 5 sellers with the smallest gmv": named so
            _rank_by(parser, ranking, a, metric, "named so by the request")
            return
    for a in [b for b in parser.aggs if b is not ranking and b.pos < ranking.pos]:
        if "_" in metric and a.name.lower() == metric.lower() and a.pos not in parser.aliased:
            # "count complaints per shop_id and region ..., then keep the three shops with the
            # highest complaint_count": the name the count read before carries, never a sum of
            # a field of that name beside it
            _rank_by(parser, ranking, a, metric, "the name it carries")
            return
        _refuse_renamed_count(parser, a, metric)
    for a in stated:
        # "top 10 product_id by sales per day, sales being the sum of qty": defined by name
        said = re.search(
            rf"\b{re.escape(metric)}\s*(?:being|is|are|=|:|means|meaning|defined\s+as"
            r"|computed\s+as)\s*(?:the\s+)?$",
            text[: a.pos],
            ICASE,
        )
        if said:
            _rank_by(parser, ranking, a, metric, "defined by name")
            return
    if _rank_by_same_measure(parser, ranking, metric):
        return
    concept = (ranking.phrase or "").lower()
    if ranking.fn == "count":
        # "bottom 3 shops by total sales, sum amount per shop_id": the number of sales, or the
        # summed amount? Never ranked by a count the request may not mean
        if not set(metric.lower().split()) & MEASURE_CONCEPTS:
            return
        same_fn = [a for a in stated if a.fn == "sum"]
    elif concept not in MEASURE_CONCEPTS and not set(metric.lower().split()) & MEASURE_CONCEPTS:
        return  # "by total amount": a field the request names ("by total sales" is a concept)
    else:
        same_fn = [a for a in stated if a.fn == ranking.fn]
    if not same_fn:
        return  # "top 5 stores by revenue, and the average basket_size": another measure
    if len(same_fn) == 1 and _DEFINES.match(text[end : same_fn[0].pos]):
        _rank_by(parser, ranking, same_fn[0], metric, "said right after the top-N")
        return
    names = ", ".join(f"{a.fn} of {a.phrase}" for a in stated)
    raise RequestNotUnderstood(
        f"top {parser.top_n['n']} by {metric!r}: the request also asks for {names}; cannot tell "
        f"whether {metric!r} is one of those or another measure. Define it where it ranks, "
        'e.g. "top 3 venues by revenue (sum of price) every 30 minutes"'
    )


def _refuse_renamed_count(parser: ParserState, a: Agg, metric: str) -> None:
    """ "count tickets as handled ..., keep the 3 agents with the highest ticket_count": the
    name a count of tickets would carry, given to the count under another name; the ranking
    is asked, never a sum of a field of that name guessed beside it."""
    if a.fn != "count" or a.pos not in parser.aliased or not metric.lower().endswith("_count"):
        return
    counted = re.match(
        r"count(?:s|ing)?\s+(?:the\s+|all\s+)?(?P<n>[A-Za-z]+)", parser.text[a.pos :], ICASE
    )
    if counted and count_name(counted["n"].lower()) == metric.lower():
        raise RequestNotUnderstood(
            f"the count of {counted['n']} is named {a.name!r}, and the ranking says "
            f"{metric!r}: rank by {a.name!r}, or name the count {metric!r}"
        )


def _rank_by_same_measure(parser: ParserState, ranking: Agg, metric: str) -> bool:
    """ "sum duration_s per msisdn, top 10 by total duration", "max score per player_id, top 20
    by highest score": the field the ranking names is the one the request aggregates (said
    without its unit suffix, or with no function), never a second aggregate of a field the
    records may lack ('duration') beside it. Ranked by the request's own aggregate, listed."""
    field = (ranking.phrase or "").lower()
    if not re.fullmatch(r"[a-z][a-z0-9]*", field) or field in {
        f["name"].lower() for f in parser.fields
    }:
        return False  # a field the schema has: its own aggregate is asked for
    guessed = any(
        a.startswith(f"ranked by the total (sum) of {metric!r} per window")
        for a in parser.assumptions
    )
    same = [
        a
        for a in parser.aggs
        if a is not ranking
        and (a.fn == ranking.fn or guessed)
        and re.fullmatch(rf"{field}(?:_[a-z0-9]+)?", (a.phrase or "").lower())
    ]
    if len(same) != 1 or (not guessed and (same[0].phrase or "").lower() == field):
        return _rank_by_unit_field(parser, ranking, field, metric)
    _rank_by(parser, ranking, same[0], metric, f"the field {same[0].phrase!r} it names")
    return True


# The unit a measure field's name ends in ("dwell_ms", "weight_kg"): the measure without it
# names the same field
_UNIT_SUFFIX = (
    r"_(?:ms|millis|s|secs?|seconds|mins?|minutes|h|hrs?|hours|days|c|f|kph|mph|kmh|mps|kg|g|lbs?"
    r"|km|m|mm|cm|kw|kwh|mw|mwh|wh|w|v|hz|pct|percent|usd|eur|gbp|l|ml|litres|liters|hpa|psi"
    r"|deg|bytes|kb|mb|gb)"
)


def _rank_by_unit_field(parser: ParserState, ranking: Agg, field: str, metric: str) -> bool:
    """ "sum dwell_ms per url per hour, top 5 urls by average dwell": the ranking's field is the
    measure the request aggregates, said without its unit suffix ("dwell" of dwell_ms), under
    another function; ranked by that function of the named field (listed), never of a field
    'dwell' the records may lack."""
    named = {
        (a.phrase or "")
        for a in parser.aggs
        if a is not ranking and re.fullmatch(rf"{field}{_UNIT_SUFFIX}", a.phrase or "", ICASE)
    }
    if len(named) > 1:
        raise RequestNotUnderstood(
            f"top {parser.top_n['n'] if parser.top_n else ''} by {metric!r}: {field!r} may name "
            f"{' or '.join(sorted(named))}; name the field it ranks by"
        )
    if not named:
        return False
    (measure,) = named
    parser.assumptions.append(
        f"ranked by {ranking.name} ({ranking.fn} of {measure}): {metric!r} names the field "
        f"{measure!r} the request aggregates, without its unit"
    )
    ranking.phrase = measure
    return True


def _rank_by(parser: ParserState, ranking: Agg, chosen: Agg, metric: str, how: str) -> None:
    """The top-N ranks by the request's own aggregate `chosen`; its own guess goes."""
    assert parser.top_n is not None
    parser.aggs = [a for a in parser.aggs if a is not ranking]
    parser.top_n["order_by"] = chosen.name
    # (the guess's own assumption goes with it: "ranked by the total (sum) of 'avg_score'")
    guessed = f"ranked by the total (sum) of {metric!r} per window"
    parser.assumptions[:] = [a for a in parser.assumptions if not a.startswith(guessed)]
    # (a count of the records names no field: "count", never "count of None")
    what = f"{chosen.fn} of {chosen.phrase}" if chosen.phrase else chosen.fn
    parser.assumptions.append(
        f"ranked by {chosen.name} ({what}): the request's own measure for {metric!r}, {how}"
    )


_CLAIMED_NOUN = re.compile(
    r"(?P<n>\s+[a-z]+s)(?=(?:\s+(?:as[\s-]is|unchanged|untouched|verbatim))?\s+(?:to|into|onto"
    r"|on|in)\b)",
    ICASE,
)


def read_sink_claims(parser: ParserState) -> None:
    """ "forward the raw events to topic x and the hourly counts to clickhouse y": with two or
    more sinks, the words saying one gets the records as they came are read here (the
    assembly refuses them when a step changes the records; with none, they say what every
    sink gets anyway)."""
    dests = _destinations(parser)
    if len(dests) < 2:
        return
    for i, (start, end, _sink) in enumerate(dests):
        lo = dests[i - 1][1] if i else 0
        hi = dests[i + 1][0] if i + 1 < len(dests) else len(parser.text)
        for m in STEP_OUTPUT_CLAIM.finditer(parser.text, lo, hi):
            before = m.end() <= start and _TO_SINK.match(parser.text[m.end() : start])
            after = m.start() >= end and _AFTER_SINK.match(parser.text[end : m.start()])
            if (before or after) and MASK not in parser.s[m.start() : m.end()]:
                parser.mask(m.start(), m.end())
    for claim, _start, _end in sink_claims(parser.text, dests):
        if claim.re.pattern != RAW_CLAIM.pattern:
            continue
        # the records it is said of, one plural noun right before the sink ("the raw events
        # to topic x"); anything longer ("raw payments above 100") is left to the others
        noun = _CLAIMED_NOUN.match(parser.text, claim.end())
        end = noun.end("n") if noun else claim.end()
        if MASK not in parser.s[claim.start() : end]:
            parser.mask(claim.start(), end)
