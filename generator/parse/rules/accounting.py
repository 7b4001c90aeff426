"""Every word accounted for: what no recogniser consumed must be filler, or the request is refused.

Each recogniser masks the text it consumed (see `ParserState.mask`). After they have all run,
the text left unmasked is split into runs; a run whose words are all on the filler list below
(articles, connectives, generic verbs such as "build" or "process", generic nouns such as
"pipeline") is harmless. Any other run is something the request asked for that no recogniser
understood, and the parser says so instead of silently dropping it.
"""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .lexicon import DOMAINS, MASK, METRIC_WORD, RATIO_WORD, word_set
from .sentences import sentence_spans

# Words that carry no pipeline meaning on their own. Keep this list to structure words, generic
# verbs and nouns: a word that selects or changes behaviour (a field, a value, a comparison, a
# function) must never be here, or a clause made of it would be dropped silently.
FILLER = (
    word_set(
        """a an the and or & to from into onto in on of for by with within over then also plus both
    as at via using is are be been being it its them they their this that these those there
    which what who all any each every some just simply then finally first next afterwards after
    please pls can could would should will shall must may might need needs needing want wants i we you
    me us our my your let lets let's hi hello hey thanks thank ok okay so well
    here like i'd i'm we'd we're we'll it's that's what's i've we've you've they've they'd y'all yall
    they're
    build building create creating make making set setup set-up up generate generating write see sees know knows
    writing implement implementing develop design spin get have give
    process processing processes processed handle handling take taking run running
    pipeline pipelines job jobs processor processors service app application consumer
    streaming stream streams flow dataflow etl
    real real-time realtime near near-real-time live continuously continuous continually
    incoming raw all the
    data events event records record messages message rows row entries entry items stuff things
    kafka apache
    them it everything results result output outputs answer answers
    ingest ingesting ingestion consume consuming read reading listen listening listens subscribe
    subscribing pull pulls pulling tap tapping hook hooking watch watching insert inserting inserts
    store storing stored save saving land landing put putting persist persisting load loading
    saves lands puts persists loads
    sink sinking push pushing send sending deliver delivering forward forwarding emit emitting
    ship shipping
    publish publishing produce producing
    cluster broker server database db dbs somewhere downstream analytics analysis
    quick quickly simple small basic robust reliable scalable fast efficient
    end finally eventually ultimately then afterward afterwards
    table tables changes metrics metric window windows semantics source sources updates
    starting start begin split ends advancing slide allowing alert alerts when where whenever keep keeps only
    closed json values value target else check debugging two both own ones under
    enriched joined aggregated filtered deduplicated clean cleaned final resulting processed
    combined matched remaining rest remainder others delivery semantics guarantee guarantees terminal
    screen line lines takes require requires come comes coming arrive arrives arriving arrived
    move moves moving copy copies copying gets reads writes stores keys engine stdout but unchanged as-is
    fed feed feeds feeding
    something anything basically essentially actually ideally hopefully honestly
    lot lots bunch plenty really
    u ur ya gives giving brokers clusters servers eyeball eyeballing cheers kindly
    arigato arigatou merci danke gracias grazie obrigado obrigada mahalo kiitos spasibo
    confluent aiven msk redpanda strimzi instaclustr upstash warpstream cloud hosted managed
    """
    )
    | frozenset(
        form
        for verb in [
            "compute",
            "calculate",
            "aggregate",
            "track",
            "show",
            "display",
            "tail",
            "use",
            "count",
            "read",
            "write",
            "consume",
            "store",
            "process",
            "ingest",
            "build",
            "create",
            "stream",
            "sync",
            "mirror",
            "capture",
            "collect",
            "summarise",
            "summarize",
            "parse",
            "print",
            "log",
            "emit",
            # British/formal: "organise a pipeline", "catalogues the rest in ClickHouse x.y"
            "organise",
            "organize",
            "arrange",
            "catalogue",
            "catalog",
            "deposit",
        ]
        for form in (verb, verb + "s", verb.rstrip("e") + "ed", verb.rstrip("e") + "ing")
    )
)

# A word: letters, digits and the characters names carry; punctuation on its own is no word.
_WORD = re.compile(r"[^\s,;:.!?()\[\]\"'`\x00]+(?:'[A-Za-z]+)?")

# Words that only name a component: accounted for when the parse has that component.
COMPONENT_WORDS: dict[str, frozenset[str]] = {
    "dedup": word_set(
        "duplicates duplicate duplicated dupes deduplicated deduplication unique seen already "
        "again repeated twice"
    ),
    # ("write the tagged events": each event, tagged with its session by the step)
    "sessionize": word_set(
        "session sessions user users close closes closed closing activity sessionized "
        "group grouped grouping inactivity tagged"
    ),
    "window": word_set(
        "windowed aggregates aggregated aggregation rollup rollups bucket buckets totals counts "
        "totalled totaled figures stats statistics group grouped "
        "grouping"
    ),
    "session_window": word_set("session sessions group grouped grouping"),
    "enrich": word_set("enriched enrichment profile profiles lookup lookups cache cached"),
    "interval_join": word_set(
        "joined join joins matching matched match matches updates pairs correlated paired"
    ),
    "table_join": word_set("joined join joins matching matched match matches latest correlated"),
    "filter": word_set("filter filters filtering filtered matching"),
    # ("write the valid ones to x" beside a dead-letter topic: the records it does not take)
    "dead_letter": word_set(
        "bad invalid malformed broken corrupt unparseable unparsable poison valid well-formed"
    ),
    # ("print them, the console is fine"): "console" left over with no stdout sink was a
    # sink dropped ("... and also the console")
    "stdout": word_set("console"),
    # ("Weekly leaderboard: ... the top two artists by revenue", "send the list to ..."): what
    # a ranking's output is called, no records of its own
    "top_n": word_set("leaderboard leaderboards ranking rankings standings"),
}
# The same, but never a word a slip is read as ("main lifts" is no "main lists"): kept out of
# the package's VOCABULARY, which reads misspellings
COMMON_COMPONENT_WORDS: dict[str, frozenset[str]] = {"top_n": word_set("list lists shortlist")}


def _component_words(components: frozenset[str]) -> frozenset[str]:
    """The words naming the components the parse has (see COMPONENT_WORDS)."""
    return frozenset().union(
        *(COMPONENT_WORDS.get(c, frozenset()) for c in components),
        *(COMMON_COMPONENT_WORDS.get(c, frozenset()) for c in components),
    )


def unaccounted(masked: str, original: str, components: frozenset[str] = frozenset()) -> list[str]:
    """The runs of `original` whose positions are unmasked in `masked` and hold a content word.

    Domain words ("clickstream", "orders", "sensor readings") count as read: they choose the
    input schema's preset.
    """
    return [words for _start, _end, words in unaccounted_runs(masked, original, components)]


def unaccounted_runs(
    masked: str, original: str, components: frozenset[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """`unaccounted`, with where each run is in the request."""
    chars = list(masked)
    for pattern, _preset, _subject in DOMAINS:
        for m in pattern.finditer(original):
            if _inside_name(original, m.start(), m.end()):
                continue  # "read from orders-eu and orders-us": a name, not the domain word
            if _STORE_NAME_BEFORE.search(original, 0, m.start()) or _STORE_NAME_AFTER.match(
                original, m.end()
            ):
                continue  # "on cluster payments", "in the sales database": a name nothing read
            said = _NAMED_AS_BEFORE.search(original, 0, m.start())
            if said and MASK in masked[max(0, said.start() - 2) : said.start() + 1]:
                continue  # "sum amount as revenue": the name was dropped
            if MASK not in masked[m.start() : m.end()]:
                chars[m.start() : m.end()] = MASK * (m.end() - m.start())
    for m in LIST_MARKER.finditer(original):  # "Requirements: (1) discard ..., (2) remove ..."
        g = "m" if m.group("m") else "p"
        chars[m.start(g) : m.end(g)] = MASK * (m.end(g) - m.start(g))
    text = "".join(chars)
    named = _component_words(components)
    runs = []
    for run in re.finditer(r"[^\x00]+", text):
        words = [
            w for w in _WORD.findall(run.group(0)) if not _is_filler(w) and w.lower() not in named
        ]
        # "contains '@' and '.'": a quoted value is never filler, even when it is punctuation;
        # "where output = 'console'": nor is a quoted word
        words += re.findall(
            r"'[^'\s]*[^\w\s'][^']*'|(?<!\w)'[^'\s]+'(?!\w)", original[run.start() : run.end()]
        )
        # "where output = console": a comparison with both its sides unread is a condition
        words += [m.group(0) for m in _COMPARISON.finditer(original[run.start() : run.end()])]
        # "count clicks per minute as events.": a name given that nothing used
        words += [m.group(0) for m in _NAME_GIVEN.finditer(original[run.start() : run.end()])]
        # "write to alerts", "emit to logs.alerts": a destination nothing read, never filler
        # ("write to events": the domain word after the verb is masked as read, so look past
        # the run, at what the recognisers left unread)
        dest = [
            m
            for m in _DESTINATION_GIVEN.finditer(original, run.start())
            if m.start() < run.end() and MASK not in masked[m.start("n") : m.end("n")]
        ]
        # "publish to topic big-orders and alerts": a second destination joined to a read one,
        # all filler; unread, that output was dropped and only the first one written
        dest += [
            m
            for m in _DESTINATION_JOINED.finditer(original, run.start())
            if m.start() < run.end()
            and MASK not in masked[m.start("n") : m.end("n")]
            and masked[: m.start()].rstrip().endswith(MASK)
            and _OUTPUT_TO.search(original[clause_start(original, m.start()) : m.start()])
        ]
        words += [m.group("n") for m in dest]
        # "... and its device": a domain word owned by what was read, nothing read it
        its = [
            m
            for pattern, verb_unread in _OWNED_NOUNS
            for m in pattern.finditer(original, max(0, run.start() - 200))
            if run.start() <= m.start("n") <= run.end()
            and MASK not in masked[m.start("n") : m.end("n")]
            and not (verb_unread and MASK in masked[m.start() : m.start("n")])
            and MASK in text[m.start("n") : m.end("n")]
            and not words  # (other words unread: the run is quoted as it is)
            and not _unread_word_after(original, text, m.end("n"))
        ]
        its_said = [(m.start("j") if "j" in m.re.groupindex else m.start(), m.end()) for m in its]
        words += [original[a:b] for a, b in its_said if original[a:b] not in words]
        # "keep everything but line": an exception to "all" that nothing read
        words += [m.group(0) for m in _ALL_BUT.finditer(original[run.start() : run.end()])]
        kept_ones = _KEPT_ONES.search(original, run.start(), run.end())
        kept_ones = kept_ones or _kept_filler_fields(masked, original, run.start(), run.end())
        kept_ones = kept_ones or _kept_having_value(masked, original, run.start(), run.end())
        words += [kept_ones.group(0)] if kept_ones else []
        # "write the fast parcels to x", "print the quick ones": a filler adjective that picks
        # records (the noun may be masked as the domain's or the topic's)
        sized = [
            q
            for q in _QUALIFIED_RECORDS.finditer(original, run.start())
            if run.start() <= q.start("q" if q["q"] else "s") < run.end()
        ]
        sized = [] if words else sized  # (other words unread: the run is quoted as it is)
        words += [q.group(0) for q in sized]
        # "within two days, give or take", "within 10 minutes or so": a bound said loosely
        loose = _LOOSELY.search(original, run.start(), run.end())
        trimmed = _trim(original[run.start() : run.end()]) if words else ""
        if loose and not trimmed:  # (filler words only: quoted as said)
            trimmed = loose.group(0)
        said_kept = " ".join(kept_ones.group(0).split()) if kept_ones else ""
        if said_kept and said_kept not in trimmed:  # (its last word is filler: quoted as said)
            trimmed = said_kept
        sized_said = [" ".join(q.group(0).split()) for q in sized]
        if sized and (not trimmed or any(trimmed in said for said in sized_said)):
            # (filler words only, the noun read: quoted as said)
            runs += [(q.start(), q.end(), said) for q, said in zip(sized, sized_said, strict=True)]
        elif dest and not trimmed:  # (the name alone was unread: quoted as said)
            runs += [(m.start("n"), m.end("n"), m.group("n")) for m in dest]
        elif its and not trimmed:  # (filler words and the domain word: quoted as said)
            runs += [(a, b, " ".join(original[a:b].split())) for a, b in its_said]
        elif trimmed:
            first, last = trimmed.split()[0], trimmed.split()[-1]
            start = original.find(first, run.start(), run.end())
            end = original.rfind(last, run.start(), run.end()) + len(last)
            runs.append((start, end, trimmed))
    return sorted(runs + _restricting_runs(masked, original, text, runs))


# A list's marker said inline, where a clause starts ("Requirements: (1) discard ..., (2) remove
# ...", "... to x. Step 3: write ...", "a) ... b) ..."): the numbering of the request's own
# steps, no value. Only before a word (a step's verb), never a number or a unit ("step 2
# minutes" is a window's slide, read or refused by windows.py).
LIST_MARKER = re.compile(
    # (never glued to a list of values: "in (1,2) and ...")
    r"(?:^|(?<=\n)|(?<=[:;,.!?]\s)|(?<=\band\s)|(?<=\bthen\s))\s*"
    r"(?P<m>\((?:\d{1,2}|[a-h]|i{1,3}|iv|v|vi{1,3})\)|(?:\d{1,2}|[a-h])\)"
    r"|(?i:step|stage|phase)\s+\d{1,2}(?:\s+of\s+\d{1,2})?\s*(?:[:.)]|[\u2013\u2014-](?=\s)))"
    r"(?=\s+[A-Za-z])"
    # "maglock telemetry (step 3 of 5)": a step's number in parentheses, anywhere
    r"|(?P<p>\((?i:step|stage|phase|part)\s+\d{1,2}(?:\s+(?:of|/)\s+\d{1,2})?\))"
)


# Filler words harmless alone ("keep only", "just print it", "first read topic x then ...") but
# that restrict, order or select when said of records: "(payment after the order only)", "but
# only after the first click". The domain words such a clause names are masked as read (they
# choose the preset), so without this check the clause would vanish.
_RESTRICTORS = word_set("only just after first under over")
# Restricting words that select nothing without an ordering word beside them ("but only emit
# vents whose total is over 500", "keep only orders")
_EMPHASIS = word_set("only just")
# Restricting words that order the pipeline's steps or the request, not the records: "After
# that keep only top 5", "only after removing duplicates" (the steps' order), "first of all"
_SEQUENCING = re.compile(
    r"\b(?:after\s+(?:that|this|which|it|them|those|these|everything|all\s+that|\w+ing\b)"
    r"|first(?:\s+(?:of\s+all|off|up|thing|step))?\s*[,:]|first\s+(?:of\s+all|off)"
    r"|(?:over|under)\s+(?:to|the\s+hood)|over\s+kafka)\b",
    re.I,
)


def _restricting_runs(
    masked: str, original: str, domain_masked: str, found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The runs no recogniser read that hold a restricting word together with a record
    (domain) word or another restricting word: a condition said in filler words, never filler."""
    runs = []
    for run in re.finditer(r"[^\x00]+", masked):
        a, b = run.span()
        if any(s < b and a < e for s, e, _w in found):
            continue  # refused already, with its other words
        said, records, kept = set(), 0, []
        # (read past the run: "only after removing duplicates", the gerund read by the dedup)
        steps = [x.span() for x in _SEQUENCING.finditer(original, a) if x.start() < b]
        for m in _WORD.finditer(original, a, b):
            if any(s <= m.start() < e for s, e in steps):
                continue
            if m.group(0).lower().strip("-'") in _RESTRICTORS:
                said.add(m.group(0).lower().strip("-'"))
                kept.append(m.span())
            elif "\x00" in domain_masked[m.start() : m.end()]:
                records += 1
                kept.append(m.span())
        # ("keep only orders", "for sales only (type = 'sale')": only the records a filter
        # keeps or the stream itself; a word that orders or selects must be there)
        if said - _EMPHASIS and (records or len(said) > 1):
            # quoted from its first restricting or record word to its last
            start, end = kept[0][0], kept[-1][1]
            runs.append((start, end, " ".join(original[start:end].split())))
    return runs


def filler_and_domain_words_only(runs: list[str]) -> bool:
    """Every run quoted holds only filler and domain words: refused for a restricting word
    (`_restricting_runs`), where a step's own refusal of the same words says more."""
    return all(
        {w.lower() for w in _WORD.findall(run)} & (_RESTRICTORS - _EMPHASIS)
        and all(
            _is_filler(w) or any(p.fullmatch(w) for p, _preset, _subject in DOMAINS)
            for w in _WORD.findall(run)
        )
        for run in runs
    )


def component_words_only(words: str, components: frozenset[str]) -> bool:
    """`words` (what a context or purpose reading left of a run) hold only filler and words
    naming a component the parse has: read, as they are in any other run ("Pizza ops here.
    Filter x where ...": 'Filter' is left once the opener is set aside)."""
    named = _component_words(components)
    # (never a name given, a comparison, an exception or a quoted value: "... as events")
    if any(p.search(words) for p in (_NAME_GIVEN, _COMPARISON, _ALL_BUT, _LOOSELY)) or re.search(
        r"['\"`]", words
    ):
        return False
    return all(_is_filler(w) or w.lower() in named for w in _WORD.findall(words))


# "give or take", "or so", "more or less": filler words alone, but they make the number before
# them approximate (the spec holds exact bounds: "roughly", "approximately" are refused too)
_LOOSELY = re.compile(r"\b(?:give\s+or\s+take|or\s+so|more\s+or\s+less|or\s+thereabouts)\b", re.I)


# "and write to alerts", "publish them onto results", "emit to logs.alerts": an output verb and
# a destination whose words are all filler ("alerts", "output", "analytics", a domain word and a
# filler word joined by a dot); unread, the sink was dropped and stdout used, so never filler.
# (The screen and the console are stdout: the stdout sink reads them.)
_DESTINATION_GIVEN = re.compile(
    r"\b(?:write|writes|writing|send|sends|sending|publish|publishes|publishing|emit|emits"
    r"|emitting|push|pushes|pushing|produce|produces|producing|forward|forwards|forwarding"
    r"|deliver|delivers|delivering|ship|ships|shipping|sink|put|puts|save|saves|store|stores"
    r"|stream|streams|load|loads|land|lands|output|outputs|dump|dumps|route|routes)"
    r"(?:\s+(?:it|them|everything|all|the\s+(?:results?|output|rest|records|events|rows)))?"
    r"\s+(?:to|into|onto)\s+(?:the\s+)?"
    r"(?P<n>(?!(?:screen|console|terminal|stdout|stderr|standard|both|either|all|each|kafka"
    r"|clickhouse|ch|redis|topics?|tables?|a|an|our|my|your|their|its|two|three|several"
    r"|multiple|another|same|new|the)\b)[A-Za-z_][\w.-]*\w)",
    re.I,
)


# "publish to topic big-orders and alerts", "send them to x and to output", "... plus metrics":
# a destination whose words are all filler, joined to a destination read before it (checked:
# what comes before the joining word was read, and the clause has an output verb and 'to')
_DESTINATION_JOINED = re.compile(
    r"\s(?:and|plus|or|&)\s+(?:also\s+)?(?:(?:to|into|onto)\s+)?(?:the\s+)?"
    r"(?P<n>(?!(?:then|so|on|more|that|this|it|them|all|everything|done|else|nothing|screen"
    r"|console|terminal|stdout|stderr|the|kafka|clickhouse|ch|redis|topics?|tables?)\b)"
    r"[A-Za-z_][\w.-]*\w)"
    r"(?=\s*(?:[,;.!?)]|$|\s(?:and|with|keyed|too|as\s+well)\b))",
    re.I,
)
_OUTPUT_TO = re.compile(
    r"\b(?:write|writes|writing|send|sends|sending|publish|publishes|publishing|emit|emits"
    r"|emitting|push|pushes|pushing|produce|produces|producing|forward|forwards|forwarding"
    r"|deliver|delivers|delivering|ship|ships|shipping|sink|put|puts|save|saves|store|stores"
    r"|stream|streams|load|loads|land|lands|output|outputs|dump|dumps|route|routes)\b"
    r".*\b(?:to|into|onto)\s",
    re.I,
)


def clause_start(text: str, at: int) -> int:
    """Where the clause holding position `at` starts: after the last . ; : ! ? followed by a
    space (never the dot in "sales.t"), or the last line break."""
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    return ends[-1] if ends else 0


_CLAUSE_END = re.compile(r"[.;:!?](?=\s)|\n")


# "keep everything but line", "all except zone": each word is filler alone, but the exception
# names something the request wants left out (read by projection.py or filters.py when it can)
# "the highest temperature and its device", "max fare together with their driver": a value said
# of something read (the record behind a maximum, an aggregate's companion) named by a domain
# word, masked as the records' domain; unread, it was dropped, so never filler
_ITS_NOUN = re.compile(
    r"\b(?:and|plus|with|along\s+with|together\s+with|including)\s+(?:its|their)\s+"
    r"(?P<n>[A-Za-z_][\w-]*)",
    re.I,
)
# "count refunds and orders per region" on topic orders: a second count whose noun is the
# records' domain word, masked as read; unread, that count was dropped
_COUNT_AND_NOUN = re.compile(
    r"(?<![\w-])(?:count(?:s|ing)?|number\s+of|how\s+many)\s+(?:the\s+)?[A-Za-z][\w-]*\s+"
    r"(?P<j>and|&|plus)\s+(?:the\s+)?(?P<n>[A-Za-z][\w-]*)",
    re.I,
)

# "per paddock count readings and ...": a count of records whose noun is the domain word,
# masked as read, and nothing read the count; unread, that aggregate was dropped
_COUNT_NOUN = re.compile(
    r"(?<![\w-])count\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<n>[A-Za-z][\w-]*)", re.I
)

# "keep orders over 100 with payments", "... that have payments": the records kept, chosen by
# having something named by a domain word, masked as read; unread, the condition was dropped
_KEPT_WITH_NOUN = re.compile(
    r"\b(?:keep|keeps|keeping|retain|retaining|pass|passing)\s+[^,;.!?\n]*?\s"
    r"(?P<j>with|having|(?:that|which|who)\s+(?:have|has|had))\s+"
    r"(?:an?\s+|the\s+|any\s+|some\s+|their\s+|its\s+)?(?P<n>[A-Za-z][\w-]*)",
    re.I,
)

# The patterns of a domain word owned by a step's words, and whether the step's own verb must be
# unread too ("count readings": a count read names its records elsewhere)
_OWNED_NOUNS = (
    (_ITS_NOUN, False),
    (_COUNT_AND_NOUN, False),
    (_KEPT_WITH_NOUN, False),
    (_COUNT_NOUN, True),
)


_ALL_BUT = re.compile(
    r"\b(?P<n>(?:everything|anything|all)\s+(?:but|except|other\s+than|apart\s+from|besides"
    r"|save)\s+[\w-]+)",
    re.I,
)


# "the fast parcels", "only the quick ones", "those small orders": a FILLER adjective between a
# determiner and a plural noun (never a pipeline's own: "the quick pipelines", "fast updates");
# after "keep", any filler word before the records ("keep closed orders", "keep the target
# ones"), never one that takes them all ("keep all orders", "keep the incoming events")
_QUALIFIED_RECORDS = re.compile(
    r"(?:\b(?:the|only|just|those|these)\s+(?:the\s+)?(?P<q>fast|faster|quick|quicker|small"
    r"|smaller|slow|slower|simple|efficient|robust|reliable|basic)"
    r"|\b(?:keep|keeps|keeping|retain|retains|retaining)\s+(?:only\s+|just\s+)?"
    r"(?:the\s+|those\s+|these\s+)?(?P<s>(?!(?:all|both|each|every|any|some|such|incoming|raw"
    r"|the|a|an|those|these|only|just|them|it|their|its|our|my|your|his|her"
    r"|json|live|real-time|realtime|streaming|continuous|same|other|others|rest|remaining)\b)"
    r"[a-z][\w-]*))\s+"
    r"(?!(?:pipelines|jobs|processors|services|apps|consumers|clusters|servers|brokers|updates"
    r"|results|outputs|answers|insights|wins|checks|fixes|tests|steps)\b)"
    r"(?:ones|data|stuff|[a-z]+s)\b",
    re.I,
)
# "keep only service and message", "print only the message", "we only need the value": the
# fields to keep, every name a filler word (a preset's fields may be); unread, the projection
# vanished. Never the records or the stream itself ("keep only the rest", "just those"), nor a
# verb ("just print.").
_NOT_KEPT_NAME = (
    r"(?:ones|those|these|them|it|everything|all|records|rows|events|entries|messages|rest"
    r"|others|remainder|same|data|stuff|things|results?|output|then|once|now|that|this|here"
    r"|there|one|two|fine|ok|okay|keep|keeping|retain|need|needs|want|wants|print|printing"
    r"|send|sending|write|writing|take|taking|publish|emit|store|save|load|stream"
    r"|forward|push|read|process|consume|kafka|clickhouse|redis|stdout|screen|console|json"
    # ("write only the changes" of a CDC replica, "they're just noise", "just debugging")
    r"|changes|updates|noise|\w+ing)\b"
)
_KEPT_FILLER_FIELDS = re.compile(
    r"\b(?:(?:keep|keeping|retain|retaining)\s+)?(?:only|just)\s+(?:(?:keep|keeping|retain|need"
    r"|want|print|send|write|output|take)\s+)?(?:the\s+)?"
    rf"(?P<names>(?!{_NOT_KEPT_NAME})[A-Za-z_]\w*(?:\s*(?:,|\band\b)\s*(?:the\s+)?"
    rf"(?!{_NOT_KEPT_NAME})[A-Za-z_]\w*)*)(?=\s*(?:[,;.!?]|$)|\s+(?:to|into|onto)\b)",
    re.I,
)


# "keep readings with a value", "... that have a machine_id and a value": the records kept,
# chosen by having a value ("value" alone is filler); unread, the condition was dropped
_HAS_A_VALUE = re.compile(
    r"\b(?:with|having|(?:that|which|who)\s+(?:have|has|had)|and)\s+"
    r"(?:an?\s+|the\s+|any\s+|some\s+|their\s+|its\s+)?values?\b",
    re.I,
)
# The verb that keeps records, in the same comma-separated part before `_HAS_A_VALUE`
_KEEP_VERB_BEFORE = re.compile(
    r"\b(?:keep|keeps|keeping|retain|retaining|only)\b[^,;.!?\n]*$", re.I
)


def _kept_having_value(masked: str, original: str, start: int, end: int) -> re.Match[str] | None:
    """A `_HAS_A_VALUE` in the unread run [start, end) after a verb that keeps records."""
    for m in _HAS_A_VALUE.finditer(original, start, end):
        if MASK not in masked[m.start() : m.end()] and _KEEP_VERB_BEFORE.search(
            original, 0, m.start()
        ):
            return m
    return None


# "write the matched orders to x", "store the final orders", "publish the clean ones": the
# records a step makes, named by what it did to them (filler words), in a request with no such
# step; read as every record, the selection they may mean was dropped
_RESULT_WORD = re.compile(
    r"\b(?:(?:the|those|these)\s+|(?:write|writes|send|sends|publish|publishes|print|prints"
    r"|store|stores|save|saves|load|loads|push|pushes|emit|emits|forward|forwards|output"
    r"|outputs)\s+(?:only\s+|just\s+)?)"
    r"(?P<said>(?P<a>matched|joined|enriched|deduplicated|de-?duped|filtered|remaining"
    r"|aggregated|clean|cleaned|cleansed|final|processed|real|closed|target)\s+"
    r"(?:ones|records|rows|events|messages|entries|data|[a-z]+s))\b",
    re.I,
)
# The operators that make the records each word names (any operator for the others)
_MADE_BY = {
    "matched": {"interval_join", "table_join", "enrich"},
    "joined": {"interval_join", "table_join", "enrich"},
    # ("sessionize ... and write the enriched events": each record given its session's fields)
    "enriched": {"interval_join", "table_join", "enrich", "sessionize", "map"},
    "deduplicated": {"dedup"},
    "deduped": {"dedup"},
    "de-duped": {"dedup"},
    "filtered": {"filter"},
    "remaining": {"filter", "dedup"},
    "aggregated": {"window"},
    # (a state no step makes: said only with a filter that selects it, or of a window's output:
    # "emit only closed windows")
    "closed": {"filter", "window"},
    "target": {"filter"},
}


def refuse_unmade_result(text: str, operators: list[dict[str, Any]], topics: list[str]) -> None:
    """Refuse records named by a step's doing ("the matched orders") when no step does it."""
    kinds = {op.get("kind") for op in operators}
    for m in _RESULT_WORD.finditer(text):
        word = m["a"].lower()
        if any(word in t.lower() for t in topics):
            continue  # "from orders.clean write the clean orders": the source's own name
        made = _MADE_BY.get(word)
        if (kinds & made) if made else kinds:
            continue
        raise RequestNotUnderstood(
            f"cannot read {m['said']!r}: no step here makes {word} records, so every record "
            'would be written; say which records to keep ("keep orders where status = '
            f"'{word}'\") or the step that makes them"
        )


def _kept_filler_fields(masked: str, original: str, start: int, end: int) -> re.Match[str] | None:
    """A `_KEPT_FILLER_FIELDS` list starting in the unread run [start, end), read by no
    recogniser, its names not all domain words ("keep only orders": the records themselves)."""
    # (the list ends its clause in the request, not only in the run: a domain word in it,
    # "print only value and sensor", is masked in the run but was read by no recogniser)
    m = _KEPT_FILLER_FIELDS.search(original, start)
    if not m or m.start() >= end or MASK in masked[m.start() : m.end()]:
        return None
    names = [w for w in _WORD.findall(m["names"]) if w.lower() not in ("and", "the")]
    if all(any(p.fullmatch(w) for p, _preset, _subject in DOMAINS) for w in names):
        return None
    return m


# "keep only the ones stored", "retain just those processed": the records kept, chosen by the
# participle after them, however plain it is (a condition in filler words; unread, refused)
_KEPT_ONES = re.compile(
    r"\b(?:keep|keeping|retain|retaining|pass|passing)\s+(?:only|just)\s+(?:the\s+)?"
    r"(?:ones|those|records|rows|events|entries|messages)\s+"
    # (a participle: "those windows where ..." names records, read by others)
    r"(?:[a-z]+(?:ed|en)|sent|kept|done|paid|sold|lost|made|held|read|won|left)\b",
    re.I,
)


# A comparison written out: a word, a comparison symbol, a word (never an arrow "->", "=>").
_COMPARISON = re.compile(
    r"\w\s*(?:==|!=|<>|<=|>=|=|<|>)(?![=>])\s*['\"\w]"
    # "keep logs where output is console": a condition made of filler words
    r"|\b(?:where|whose)\s+\w+\s+(?:is|isn't|equals|was|are)\s+(?:not\s+)?\w",
    re.I,
)


# "... as events.", "... as total, then ...": a name given at the end of a clause; unread, it
# was dropped (and a default name used), never filler. ("as it arrives", "as well", "as usual"
# name nothing.)
_NAME_GIVEN = re.compile(
    r"(?<![\w-])(?<!\bsuch\s)as\s+(?!(?:it|they|them|we|you|is|are|well|usual|before|needed|required|json"
    r"|such|follows|planned|expected|possible|always|above|below|shown|described|mentioned"
    r"|specified|listed|noted|necessary|appropriate|normal|requested|agreed|a|an|the)\b)"
    r"(?P<n>['\"`]?[A-Za-z_]\w*['\"`]?)"
    # ("... write to stdout as totals from now on": a name before a source or offset too)
    r"(?=\s*(?:[.;,)!?:]|\s(?:and|then|from|into|to|per|every)\b|$))",
    re.I,
)


def name_taken(masked: str, original: str, spans: list[tuple[int, int, str]]) -> str | None:
    """A name given ("... in daily windows as revenue from topic x", "write to stdout as totals
    from now on") whose word another reader took as something else (the window's results, what
    the records are) while "as" stayed unread: the name was dropped, so the request is refused.
    Returns the words ("as revenue"), or None. ("as shelf:{shelf_id}": a Redis key, read.)"""
    for m in _NAME_GIVEN.finditer(original):
        start, end = m.start("n"), m.end("n")
        if MASK in masked[m.start() : m.start() + 2] or MASK not in masked[start:end]:
            continue  # "as" read with its phrase ("sum amount as revenue"), or the name unread
        if original[end : end + 1] == ":":
            continue  # "write them to redis as overdue:{member_id}": a key template
        # (a span from the name on: one that began before it read "as" too)
        if any(start - 1 <= a < end and b > start for a, b, _reader in spans):
            return " ".join(m.group(0).split())
    return None


# A domain word naming a cluster, server or database ("on cluster payments", "in database
# sales", "the sales db"): unread, it is a name the parser dropped, not the records' domain.
# ("only from service payments", "for app checkout": a service or an app named, the domain
# word its name, which nothing read: a condition dropped, never the records' domain)
_STORE_NAME_BEFORE = re.compile(
    r"\b(?:cluster|server|broker|database|db|schema|host|namespace|instance|service|app"
    r"|application)\s+"
    r"(?:named\s+|called\s+)?$",
    re.I,
)
# "sum amount as revenue", "sum amount (call it revenue)": a name given to what was read before
_NAMED_AS_BEFORE = re.compile(r"\(?\s*\b(?:as|call\s+it|name\s+it|named|called)\s+$", re.I)
_STORE_NAME_AFTER = re.compile(r"\s+(?:cluster|server|broker|database|db|instance)\b", re.I)


def _unread_word_after(original: str, text: str, at: int) -> bool:
    """The word after `at` is unread and no filler ("count clicks and page views": 'views' is
    quoted with the word before it, in a run of its own)."""
    nw = re.compile(r"\s+([A-Za-z][\w-]*)").match(original, at)
    if nw and MASK in text[nw.start(1) : nw.end(1)] and MASK in text[at : nw.start(1)]:
        return True  # (a domain word of two: read or refused with both words elsewhere)
    return bool(nw and MASK not in text[nw.start(1) : nw.end(1)] and not _is_filler(nw.group(1)))


def _inside_name(text: str, start: int, end: int) -> bool:
    """text[start:end] is part of a longer name joined with '-', '_' or '.' ("orders-us")."""
    return bool(
        re.match(r"[-_.][A-Za-z0-9]", text[end : end + 2])
        or re.search(r"[A-Za-z0-9][-_.]$", text[max(0, start - 2) : start])
    )


def _is_filler(word: str) -> bool:
    bare = word.strip("-'")
    if re.fullmatch(r"[A-Z]{2,}", bare) and bare not in _CAPS_FILLER:
        return False  # "keep US orders": a value written in capitals, not the pronoun "us"
    if bare.upper() in _CAPS_CHAT:
        return True  # "PS: the topic is called trade-fills": a note's label, never a value
    w = bare.lower()
    # "%" carries a requirement ("amount > 10%": a fraction or a percent field?), never filler
    return not w or w in FILLER or w in _FILLER_NO_SLIP or not re.search(r"[a-z0-9%]", w)


# Generic verbs that are filler too ("a job that does 5 minute windows"), kept out of FILLER (and
# so of the words a slip is read as: "dies" is no slip of "does")
_FILLER_NO_SLIP = frozenset({"does"})


# Words people write in capitals that say nothing about the pipeline.
_CAPS_FILLER = frozenset({"OK", "PS", "FYI", "ASAP", "TIA", "IMO", "JSON", "API", "ETL", "MSK"})
# (those of them that are chat, filler in any case; "API" may name a channel's value)
_CAPS_CHAT = frozenset({"OK", "PS", "FYI", "ASAP", "TIA", "IMO"})


# Number words a misspelt one is near ("fourty-five", "twnety", "fiveteen"), and units a number
# says the size of: an ignored run holding them held a number (see `refuse_ignored_number`)
_NUMBER_WORD_LIST = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
]
_UNIT_WORDS = word_set(
    "second seconds secs minute minutes mins hour hours hrs day days week weeks ms millis"
    " milliseconds percent"
)


def _near_number_word(word: str) -> bool:
    """Whether `word` is a number word or one misspelt ("fourty", "twnety", "fiveteen")."""
    import difflib

    word = word.lower()
    if len(word) < 4 or not word.isalpha():
        return word in _NUMBER_WORD_LIST
    near = difflib.get_close_matches(word, _NUMBER_WORD_LIST, n=1, cutoff=0.75)
    return bool(near) and near[0][0] == word[0]  # (a slip keeps the first letter: never "done")


def refuse_ignored_number(ignored: list[str]) -> None:
    """Under --lenient: an ignored run that holds a number said in words the parser could not
    read ("every fourty-five minutes", "top twnety-five products") is refused all the same:
    ignoring it would leave its step with another number (a default) in its place, never
    listed as such (h33/wrong17)."""
    for run in ignored:
        words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", run)
        for i, word in enumerate(words):
            parts = word.split("-")
            numeric = all(_near_number_word(p) for p in parts)
            unit_next = i + 1 < len(words) and words[i + 1].lower() in _UNIT_WORDS
            if numeric and (len(parts) > 1 or unit_next):
                raise RequestNotUnderstood(
                    f"did not understand {word!r} in {run!r}: a number? --lenient does not "
                    "ignore a number (its step would take another); write it in digits"
                )


# How an ignored run is listed in the spec's assumptions under --lenient.
IGNORED_PREFIX = "ignored words the parser did not understand: "
# How a purpose clause's words are listed in the spec's assumptions (see purpose.py).
PURPOSE_PREFIX = "read as the request's purpose, not as a requirement: "
# How a context sentence or aside is listed (see asides.py, `read_context`).
CONTEXT_PREFIX = "read as context, not a pipeline step: "
# How chat words and asides read as background are listed (see leadins.py, `BACKGROUND`).
BACKGROUND_PREFIX = "read as background ({kind}), not a pipeline step: "

# Filler words kept at the edges of a quoted run: they say what the run was meant to do.
_CONTEXT = word_set(
    "keep only where when whenever drop filter count compute calculate aggregate first"
)


def _trim(run: str) -> str:
    """The run without filler words and punctuation at its edges, for quoting."""
    words = run.split()

    def edge(word: str) -> bool:
        if re.match(r"'[^'\s]*[^\w\s'][^']*'|'[^'\s]+'(?!\w)", word):
            return False  # a quoted value ("'.'", "'console'") is never trimmed
        bare = word.strip(",;:.!?()")
        return not bare or (_is_filler(bare) and bare.lower() not in _CONTEXT)

    # "where output = console", "as events": the words of a comparison or a name given are
    # never trimmed
    kept = [(m.start(), m.end()) for m in _COMPARISON.finditer(run)]
    kept += [m.span("n") for m in _NAME_GIVEN.finditer(run)]
    kept += [m.span("n") for m in _ALL_BUT.finditer(run)]
    kept += [m.span("n") for m in _DESTINATION_GIVEN.finditer(run)]
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", run)]

    def inside(i: int) -> bool:
        return any(a < spans[i][1] and spans[i][0] < b for a, b in kept)

    first, last = 0, len(words)
    while first < last and edge(words[first]) and not inside(first):
        first += 1
    while last > first and edge(words[last - 1]) and not inside(last - 1):
        last -= 1
    return " ".join(words[first:last]).strip(",;:. ")


# A self-correction: "sorry, I mean topic x", "no wait, ...", "I meant ...".
_CORRECTION = re.compile(
    r"(?i)\b(?:sorry|(?:i|we)\s+mean[t]?|no\s+wait|oops|(?:on\s+)?second\s+thoughts?"
    r"|scratch\s+that|change\s+of\s+plans?|correction|rather(?!\s+than\b)"
    # "Use the median instead.": a bare 'instead' (not "instead of x") replaces what was said
    r"|instead(?!\s+of\b))\b"
)


def not_understood(runs: list[str], text: str = "") -> str:
    """The refusal for words no recogniser consumed (each said once); `text`, the request, tells
    whether an unread dotted name was said with its store."""
    quoted = ", ".join(_quote(r) for r in dict.fromkeys(runs))
    negation = next((r for r in runs if _NEGATION.search(r)), None)
    metric = next((m for r in runs for m in [METRIC_WORD.search(r)] if m), None)
    ratio = next((m for r in runs for m in [RATIO_WORD.search(r)] if m), None)
    corrected = next((r for r in runs if _CORRECTION.search(r)), None)
    beyond = next((m for r in runs for m in [BEYOND_PIPELINE.search(r)] if m), None)
    if beyond:  # "train a model ...", "email the list to ...": no rephrasing reads it
        said = f"{beyond.group('ml')!r}: " if beyond.group("ml") else ""
        return (
            f"did not understand: {quoted}. Nothing was written: {said}"
            f"{BEYOND_WHY['ml' if said else 'msg']}; remove it (run 'etl-gen explain' on the "
            "request to see how the rest was read)"
        )
    if corrected:  # "sorry, I mean topic x", "no wait": a self-correction, no metric, no 'not'
        negation = metric = ratio = None
    named = next(
        (
            r
            for r in runs
            if _STORE_NAME.fullmatch(r)
            and not re.search(rf"{_STORE_WORD}\W+(?:\w+\W+)?{re.escape(r)}", text)
        ),
        None,
    )
    if named and not (corrected or negation or metric):
        # ("write them to alerts.battery": a dotted name is a Kafka topic or a ClickHouse table,
        # and nothing here says which)
        return (
            f"did not understand: {quoted}. Nothing was written: {_quote(named)} reads as the "
            "name of a Kafka topic or a ClickHouse table, and the request does not say which: "
            f'if the records go there, say it, e.g. "write to Kafka topic {named}" or "write to '
            f"ClickHouse table {named}\" (run 'etl-gen explain' on the request to see how the "
            "rest was read)"
        )
    hint = (
        f" ({_quote(corrected)} corrects what was said before: the parser does not read which "
        "words a correction replaces; write the request once, as meant)"
        if corrected
        else (
            f" ({_quote(negation)} negates something: removing it would keep the records it meant "
            'to leave out; write the negated comparison instead, e.g. "where status != '
            "'cancelled'\")"
            if negation
            else (
                (
                    f" ({_quote(metric.group(0))} names a metric without its field: say which field, "
                    'e.g. "sum order_total per store_id every hour")'
                )
                if metric
                else (
                    (
                        f" ({_quote(ratio.group(0))} asks for a ratio over the records, which no "
                        "aggregate computes (count, sum, avg, min, max, percentiles): average a 0/1 "
                        'field the records carry for it, e.g. "average is_card per store_id every '
                        'hour")'
                    )
                    if ratio
                    else ""
                )
            )
        )
    )
    return (
        f"did not understand: {quoted}. Nothing was written: rephrase that part (run "
        "'etl-gen explain' on the request to see how the rest was read), remove it, or pass "
        f"--lenient to generate anyway with these words listed under Assumptions{hint}"
    )


# "alerts.battery", "ops.door-alerts": a dotted name alone, a topic's or a table's
_STORE_NAME = re.compile(r"[A-Za-z][\w-]*\.[A-Za-z][\w-]*")
# "back into maze.feedback", "back to the topic orders.raw": where the records go, a name the
# request said before (its source, see `not_understood`)
# ("into ClickHouse rent.long_daily": the store said, the name unread for another reason)
_STORE_WORD = r"(?i:\b(?:clickhouse|kafka|topic|table|redis|database|db))"


# Work no generated pipeline does, whatever the wording: a model, or a message to a person
BEYOND_PIPELINE = re.compile(
    r"(?i)\b(?P<ml>(?:train|fit|retrain)\w*\s+(?:a|an|the|our)?\s*(?:\w+\s+)?(?:model|network"
    r"|net|classifier|regressor)s?\b|(?:machine|deep)[\s-]learning|neural\s+net\w*|ml\s+model"
    r"|predict(?:s|ing|ion)?\b|forecast(?:s|ing)?\b)"
    r"|(?P<msg>\b(?:e-?mail|sms|text|page|slack|notify)(?:s|ed|ing)?\s+(?:the|it|them|a|an|to"
    r"|our|me|us|on-?call)\b|\bsend\s+(?:an?\s+)?(?:e-?mails?|sms|texts?|alerts?\s+e-?mails?)\b"
    # ("send the customer an email telling them ...": the person first)
    r"|\bsend\s+(?:the|each|every|our|their|its|that)\s+(?:[a-z]+\s+){1,2}?an?\s+(?:e-?mail|sms"
    r"|text(?:\s+message)?|push\s+notification)\b"
    r"|\bwebhooks?\b|\bhttp\s+(?:call|request|post)s?\b)"
)
BEYOND_WHY = {
    "ml": "a generated pipeline does not train or run models (it filters, enriches, joins and "
    "aggregates records): run the model elsewhere, on the pipeline's output topic or table",
    "msg": "a generated pipeline does not send messages or call services (no e-mail, SMS, "
    "chat or webhook: it writes to "
    "ClickHouse, Kafka, Redis or stdout): write the records to a Kafka topic and let a "
    "notifier read it",
}


# A word that reverses what follows: an unread run holding one is never safe to delete
_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|without|except|unless)\b|n't\b", re.I)


def _quote(run: str) -> str:
    return f'"{run}"' if "'" in run else f"'{run}'"


# A sentence that amends what an earlier one said: "... write to topic a. Actually, write them
# to topic b.", "Instead, send them to topic b.", "On second thought, keep amount over 50."
_AMENDS = re.compile(
    r"(?i)(?:^|(?<=[.!?;]\s)|(?<=[.!?;]\s\s)|(?<=,\s))(?P<m>actually|instead|in\s+fact|rather"
    r"|on\s+second\s+thoughts?|scratch\s+that|correction|change\s+of\s+plans?|come\s+to\s+think"
    r"\s+of\s+it|well)\s*[,:]\s*(?=[a-z])"
    # "keep amount over 100, or rather over 200": a correction inside the sentence (never
    # "rather than", which says what is not wanted)
    r"|\bor\s+rather\b(?!\s+than\b)\s*,?\s*(?=[a-z0-9'\"])"
)
# ... unless the amending sentence says it adds ("Actually, also write them to topic b")
_ADDS = re.compile(
    r"(?i)\b(?:also|as\s+well|too|additionally|in\s+addition|another|second|besides|on\s+top)\b"
)


# A later sentence naming the pipeline's output: "... write to topic big. Results go to topic
# huge.", "Output: topic huge.", "The target topic is huge." (it was read as a second sink)
_OUTPUT_AGAIN = re.compile(
    r"(?i)(?:the\s+|our\s+|my\s+)?(?:final\s+)?"
    r"(?:output|outputs|results?|destination|target|sink)(?:\s+(?:topic|table))?"
    r"(?=\s*:|\s+(?:goes|go|should|is|are|will|lands?|must|needs?\s+to)\b)"
    # "... write to topic big. Send the output to topic huge.": a sink's verb on the whole
    # output, said again in a later sentence
    r"|(?:(?:please|then|and|so)\s+)?(?:send|write|publish|push|put|stream|route|deliver"
    r"|forward|emit|store|load|dump|save|sink)\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?"
    r"(?:final\s+)?(?:output|outputs|results?|everything)\s+(?:to|into|in|on|onto)\b"
)
_NAMED = re.compile(r"(?i)\b(?:topic|table)(?:\s+(?:is|=)|\s*:)?\s+[`'\"]?(?!is\b)(?P<n>[\w.-]*\w)")


def refuse_output_again(
    written: str, text: str, spans: list[tuple[int, int, str]], sinks: int
) -> None:
    """Refuse a sentence that names the output again ("Results go to topic huge.") after an
    earlier sentence wrote to another: replaced or added, the parser cannot tell (the same
    output said again is written once, see sinks._one_per_target)."""
    said_w, said_t = sentence_spans(written), sentence_spans(text)
    if sinks < 2 or len(said_w) != len(said_t):
        # (one sink: "scans go to topic x ... Output: ClickHouse t" named who writes the source)
        return  # (the reading rewrote the sentences: no sure way to match them)
    for (ws, we), (at, end) in zip(said_w[1:], said_t[1:], strict=True):
        said = written[ws:we]
        if not _OUTPUT_AGAIN.match(written, ws) or _ADDS.search(said):
            continue
        before = [text[b:e] for b, e, reader in spans if reader == "sinks" and e <= at]
        if not before or not any(r == "sinks" and b < end and e > at for b, e, r in spans):
            continue
        names = {n["n"].lower() for n in _NAMED.finditer(text, at, end)}
        if names and names <= {n["n"].lower() for b in before for n in _NAMED.finditer(b)}:
            continue  # the same output said again: written once
        words = " ".join(said.split())
        raise RequestNotUnderstood(
            f"cannot read {words!r}: it names the output again, after an earlier sentence "
            "wrote to another; the parser cannot tell whether it replaces that output or adds "
            "one: write the request once, as meant (or say 'also' if it adds an output)"
        )


_KIND_SAID = {
    "sinks": "an output",
    "sources": "a source",
    "filters": "a condition",
    "aggregates": "an aggregate",
    "windows": "a window",
    "group_by": "a grouping",
}


def refuse_amendment(written: str, text: str, spans: list[tuple[int, int, str]]) -> None:
    """Refuse a sentence opened by "Actually," / "Instead," / "On second thought," ... that
    says again a kind of step (a sink, a filter, a window ...) an earlier sentence read: the
    parser cannot tell which words it replaces, and reading both keeps what was taken back."""
    for m in _AMENDS.finditer(written):
        rest = written[m.end() :]
        said = re.split(r"[.!?;\n]", rest, maxsplit=1)[0]  # the amending sentence
        if _ADDS.search(said):
            continue
        start = " ".join(said.split()[:4])
        at = text.find(start) if start else -1
        if at < 0:
            continue
        stop = re.compile(r"[.!?;\n](?:\s|$)").search(text, at)
        end = stop.start() if stop else len(text)
        before = {reader for _b, e, reader in spans if e <= at}
        # (a span may start before the words: "topic big, well, topic huge" read as one list)
        after = {reader for b, e, reader in spans if b < end and e > at}
        # ("or rather" inside a clause: the words it corrects are in the same reading)
        again = sorted(after if m.group(0).lower().startswith("or") else before & after)
        # (a source or sink read before: the pipeline itself was said, not only how the work
        # is done today, "the crew counts passengers with clickers. Instead, count ...")
        if again and before & {"sources", "sinks"}:
            words = " ".join(f"{m.group(0).strip()} {said}".split())
            kinds = " and ".join(_KIND_SAID.get(k, k) for k in again)
            raise RequestNotUnderstood(
                f"cannot read {words!r}: it amends what was said before (it says "
                f"{kinds} again), and the parser does not read which words a "
                "correction replaces; write the request once, as meant (or say 'also' if it "
                "adds to what was said)"
            )
