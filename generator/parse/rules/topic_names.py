"""Recogniser (sources, part 2 of 5): source topics said by name or as a list or pattern.

"from topic X", "the X and Y topics", "topics X, Y and Z", counted lists ("reads come in on two
topics, a.b and c.d"), topic patterns and wildcards ("every topic matching orders.*",
"orders.eu, orders.us and any others"), and the output topics that are not sources ("before they
hit the invoicing topic", "into topic Y").
The entry point is sources.SourceRecogniser."""

from __future__ import annotations

from itertools import pairwise

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from . import lazy_re as re
from .accounting import CONTEXT_PREFIX, FILLER
from .bare_source import topic_shaped
from .context import may_select
from .lexicon import (
    MASK,
    NAME,
    NAME_RE,
    NAME_STOP,
    NAMED_TOPIC,
    QUOTED,
    RANK_HIGH,
    RANK_LOW,
    SEP_WORDS,
    STOP,
    read_list,
    unquote,
    word_set,
)
from .quantities import DUR_RE, ICASE, WN, number
from .scope import clause_around
from .source_descriptions import (
    _ARRIVE,
    _REQUIREMENT_WORDS,
    _SELECTING_MODE,
    SourceDescriptionReader,
    description_word,
)

THE_TOPICS = re.compile(r"\bthe\s+(?P<list>)(?=\S)", ICASE)
# "save them in the", "the output belongs in the", "then into the": a destination's words
# before "the x topic" in one clause (never "read the data in the x topic")
_OUTPUT_INTO = re.compile(
    r"\b(?:stor(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|persist\w*|writ(?:e|es|ing|ten)|wrote"
    r"|send\w*|sent|outputs?|results?|put\w*|publish\w*|push\w*|emit\w*|belong\w*|then)\b"
    r"[^,;.:\x00]*\b(?:in|into|onto|to)\s+$"
    # "..., and on to the x topic": where the records go next
    r"|\band\s+(?:then\s+)?on\s*to\s+$",
    ICASE,
)
# "enriched before they hit the invoicing topic": where the records go after this pipeline (a
# later stage's topic), never a source; left unread, so the words are refused unless another
# recogniser (purpose) reads them with a sink named elsewhere
_DOWNSTREAM_OF = re.compile(
    r"\b(?:before|until|till|on\s+(?:their|its)\s+way\s+(?:to|into))\s+(?:they|it|the\s+\w+)"
    r"\s+(?:hits?|reach(?:es)?|gets?\s+to|go(?:es)?\s+(?:in)?to|lands?\s+(?:in|on)|enters?"
    r"|arrives?\s+(?:in|at|on))\s+$",
    ICASE,
)
# "the two topics a and b", "both Kafka topics a and b": how many topics a list names, said
# right before "topics"
_TOPIC_COUNT = re.compile(
    rf"\b(?:(?:the|these|those|all)\s+)?(?P<n>[2-9]|{WN}|both)\s+(?:kafka\s+)?$", ICASE
)


# "gantry reads come in on two topics, a.b and c.d", "Watch both trough sensor topics, a and
# b": a count of topics (with up to two words describing them) after a verb that reads or
# where records arrive, then a comma or colon and the names (`_counted_list`)
COUNTED_TOPICS = re.compile(
    r"\b(?:(?:come|comes|coming|arrive|arrives|arriving|land|lands|landing|live|lives|sit|sits"
    r"|are|is|get\s+published|published|spread|split)\s+(?:in\s+)?(?:on|in|into|across|over|to"
    # ("AIS positions come from two feeds, a and b": where they come from)
    r"|from)"
    r"|watch\w*|read\w*|consum\w*|ingest\w*|tail\w*|subscrib\w*\s+to|listen\w*\s+to)\s+"
    rf"(?:the\s+|these\s+)?(?P<n>[2-9]|{WN}|both)\s+(?:(?!topics\b)[a-z]+\s+){{0,2}}"
    r"(?:kafka\s+)?(?:topics|feeds|streams)\s*[,:]\s*(?P<list>)"
    # "We've got two concession stands each publishing sales: a and b", "three ovens, each
    # sending readings to its own topic: a, b and c": producers counted, what each publishes
    # (plain words, checked), then their topics
    r"|\b(?:(?:we've\s+got|we\s+have\s+got|we\s+have|we\s+run|we\s+operate|i've\s+got|i\s+have"
    r"|there\s+are|our)\s+)?"
    rf"(?P<n2>[2-9]|{WN}|both)\s+(?P<who>(?:[a-z]+\s+){{0,2}}[a-z]+s),?\s+(?:each\s+|both\s+|all\s+)?"
    r"(?:publishing|sending|writing|streaming|emitting|posting|pushing|producing|logging"
    r"|reporting)\s+(?P<what>(?:(?!(?:to|into|on)\b)[a-z]+\s*){0,3})"
    r"(?:(?:to|into|on)\s+(?:their|its)\s+own\s+(?:kafka\s+)?topics?\s*)?[,:]\s*(?P<list2>)",
    ICASE,
)


TOPIC_LIST = re.compile(
    # ("Topic will be kelp.ops.longlines.": the name said ahead of time)
    r"\b(?:kafka\s+)?topics?\s+(?:(?:is|are|will\s+be)\s+(?:called\s+|named\s+)?|named\s+"
    r"|called\s+)?(?P<list>)",
    ICASE,
)


SOURCE_VERB = (
    # ("reading off x": before "read" does)
    r"(?:(?:read|reads|reading|run|runs|running|feed|feeds|feeding|work|works|working)\s+off"
    r"|from|consume|consumes|consuming|read|reads|reading|subscribe\s+to|subscribing\s+to"
    # ("replay topic orders from the start": a reading again, its offset read by the settings)
    r"|re-?play|re-?plays|re-?playing|re-?process|re-?processes|re-?processing|re-?read|re-?reads"
    r"|re-?reading|re-?consume|re-?consumes|re-?consuming"
    # "strip a and b out of climb-logs"
    r"|out\s+of"
    r"|stream|streams|load|loads|copy|copies|mirror|mirrors|ship|ships|pipe|pipes"
    r"|process|processes|aggregate|aggregates|parse|parses|parsing"
    # ("roll up topic door-events into sessions per visitor_id": aggregate it)
    r"|roll\s+up|rolls\s+up|rolling\s+up"
    # ("group the "x.events" stream into sessions per y", "split topic x into hourly windows":
    # the stream the sessions or windows are cut from, only with "into" them right after)
    r"|(?:group|groups|grouping|split|splits|splitting|chop|chops|chopping|cut|cuts|cutting)"
    # (a name only a topic has, or called a topic or stream: "group check-ins into sessions"
    # groups the records)
    r"(?=\s+(?:the\s+)?(?:topic\s+\S+|[\"'`]\S+|\S*[._]\S*|\S+\s+(?:stream|topic|feed))\s+into\s+"
    r"(?:[A-Za-z-]+\s+){0,2}(?:sessions|windows|buckets)\b)"
    r"|listen\s+to|listening\s+to|ingest|ingests|ingesting|tail|tails|tailing|take|takes|taking"
    # "tap into the x stream", "hook into topic x", "watch topic x"
    r"|tap\s+into|tapping\s+into|hook\s+into|hooking\s+into|plug\s+into|watch|watches|watching"
    # "a pipeline off `salon-bookings`", "read off topic x", "a job running off x"
    r"|(?<=pipeline\s)off|(?<=pipelines\s)off|(?<=job\s)off|(?<=consumer\s)off"
    r"|(?<=processor\s)off|(?<=flow\s)off|(?<=app\s)off|(?<=service\s)off"
    # "an hourly fuel report off `hover.fuel_burn`": the output built off the topic
    r"|(?<=report\s)off|(?<=dashboard\s)off"
    # "I need pipeline for equipment-faults topic": the topic the pipeline is for, said so
    r"|(?<=pipeline\s)for(?=\s+(?:the\s+)?[\w.-]+\s+topic\b)"
    # "reads the raw images off obs.ccd_frames": records read "off" a name (the words between
    # are the records' description, see `OFF_AFTER_RECORDS`)
    r"|(?<=s\s)off(?=\s+(?:[`'\"]|[\w-]*[-_.\d]))"
    r")"
)
# "reads the raw images off obs.ccd_frames", "pull the scans off x": a reading verb, then what
# is read, before "off" (never "turn the alarms off line-3")
OFF_AFTER_RECORDS = re.compile(
    r"\b(?:read|reads|reading|pull|pulls|pulling|take|takes|taking|grab|grabs|grabbing"
    r"|consume|consumes|consuming|ingest|ingests|ingesting)\s+(?:[A-Za-z][\w-]*\s+){1,3}$",
    ICASE,
)
# "a pipeline off `salon-bookings`", "a report off `x`": "off" after the pipeline's noun or
# its output's (see SOURCE_VERB)
_OFF_AFTER_PIPELINE = re.compile(
    r"\b(?:pipelines?|job|consumer|processor|flow|app|service|report|dashboard)\s+$", ICASE
)


FROM_NAME = re.compile(
    rf"\b{SOURCE_VERB}\s+"
    r"(?:(?:the\s+|all\s+)?(?:[A-Za-z][\w-]*\s+)?(?:events|messages|records|data|stream|clicks|orders)"
    r"\s+(?:from|of|in|on)\s+)?"
    # ("consume our depot's truck-pings": whose records, a possessive, read with the name)
    # ("Read both `a` and `b`": the list's count, checked by the list's reader)
    rf"(?P<both>both\s+(?=[`'\"]|[\w.-]*[-_.\d]))?"
    rf"(?:the\s+|our\s+|my\s+)?(?:[A-Za-z]+'s\s+(?=[\w.-]*[-_.\d]))?(?:kafka\s+)?(?P<n>{NAME})",
    ICASE,
)


# "keep orders from 'Berlin'", "only logs coming from 'checkout'": records selected by where
# they come from (the clause before "from")
SELECTED_FROM = re.compile(
    r"\b(?:keep\w*|only|retain\w*|drop\w*|exclud\w*|skip\w*|ignor\w*|remov\w*|filter\w*"
    r"|coming|came|originating|sent|received)\b[^,;.:\n\x00]*$",
    ICASE,
)


# "consume orders topic", "read the clicks and views topics"
NAME_TOPIC = re.compile(
    rf"\b{SOURCE_VERB}\s+(?:the\s+|our\s+|my\s+)?"
    # ("read the exchange's deposits topic": whose topic it is)
    r"(?:[A-Za-z]+'s\s+)?(?:kafka\s+)?(?P<list>)"
    rf"(?=(?:{NAME})(?:{SEP_WORDS}(?:{NAME}))*\s+(?:kafka\s+)?topics?\b)",
    ICASE,
)


# "kiosk-orders gets duplicates from the tills": the plain word after "from" says where the
# duplicates come from, never a topic.
DUPLICATES_FROM = re.compile(
    r"\b(?:duplicates|dupes|duplicate\s+(?:events|records|messages)|twice|again|more\s+than\s+once)"
    r"\s*$",
    ICASE,
)
# A compound adjective ("temperature-sensitive", "cloud-based"), never a topic before its noun
# "Reports from the first-aid tablets land on safety.reports": a hyphenated word, the
# producers' noun, then the arrival verb and the topic (named after it)
_PRODUCER_THEN_ARRIVE = re.compile(
    r"(?:\s+(?!(?:and|then|or|but|to|so|we|they|it|them)\b)[a-z]+){1,2}"
    rf"\s+{_ARRIVE}\s+(?:on|in|into|via|through|over|to)\s+\S",
    ICASE,
)
_ADJECTIVE_NAME = re.compile(
    r"[a-z]+-(?:sensitive|based|free|driven|related|critical|controlled|specific|friendly|grade"
    r"|proof|ready|intensive|heavy|dependent|bound|facing|owned|made)",
    ICASE,
)


# "the x topic has ...": verbs after the word topic, never a name.
_TOPIC_VERBS = word_set(
    "has have had gets got contains carries holds receives sees lives live sits sit resides runs"
)
# "The topic is busy.": words saying what a topic is like, never its name after "is".
_TOPIC_STATES = word_set(
    """busy quiet noisy huge large big small tiny empty full hot cold slow fast new old legacy
    deprecated compacted partitioned replicated shared internal external public private critical
    important sensitive encrypted secured live active inactive stale healthy lagging down up ready
    available high-volume low-volume bursty spiky messy dirty clean json"""
)
# "the input topic is x": a word saying what a topic is for, never its name.
_ROLE_WORDS = frozenset({"input", "source", "output", "target", "destination", "sink", "result",
                         "results", "kafka"})  # fmt: skip
# After a bare name: more words, then the topic named ("ride-hailing trips from topic rides").
DESCRIBES_NAMED_TOPIC = re.compile(
    r"(?:\s+[A-Za-z][\w-]*){1,4}\s*(?:\s(?:from|on|in)\s+(?:the\s+)?(?:kafka\s+)?topic\s"
    # "ingest the refuse-truck bin lift events (topic bin-lifts)"
    r"|\(\s*(?:kafka\s+)?topic\s"
    # "Spillway gate readings — topic spillway-gate-readings — should be ..."
    r"|\s[\u2013\u2014]\s*(?:kafka\s+)?topic\s|\s--?\s+(?:kafka\s+)?topic\s)",
    ICASE,
)
# "ingest tap-ons from the fare-taps topic": the records' name right before "from <a topic>"
NAMED_TOPIC_AFTER = re.compile(
    r"\s+(?:from|on|in|off)\s+(?:the\s+|our\s+)?(?:kafka\s+)?"
    r"(?:topic\s+\S|['\"`]?[A-Za-z0-9][\w.-]*['\"`]?\s+(?:kafka\s+)?(?:topic|stream|feed)\b)",
    ICASE,
)


# "every topic matching 'audit-.*'", "topics that match audit-.*", "all topics starting with
# audit-" (the source verb before it is part of the clause).
ANY_TOPICS = rf"(?:{SOURCE_VERB}\s+(?:from\s+)?)?(?:(?:all|every|any)\s+(?:of\s+)?(?:the\s+)?)?"
_READ_ALL = (
    r"(?:subscribe\s+to|subscribing\s+to|consume|consuming|read|reading|ingest|ingesting"
    r"|listen\s+to|listening\s+to)\s+(?:from\s+)?(?:everything|anything)"
)
TOPIC_PATTERN = re.compile(
    # ("Subscribe to everything matching the regex x": "everything" for the topics, after a
    # verb that only reads a source)
    rf"\b(?:{ANY_TOPICS}(?:kafka\s+)?topics?|{_READ_ALL})\s+(?:(?:that|which)\s+)?"
    r"(?:(?P<match>match(?:ing|es)?"
    r"(?:\s+the)?(?:\s+(?:pattern|regex|regular\s+expression))?)|(?P<prefix>(?:whose\s+names?\s+)?"
    r"(?:start|begin)(?:s|ing)?\s+with|prefixed\s+(?:with|by)|with\s+(?:the\s+)?prefix))\s+"
    rf"(?P<re>{QUOTED}|[^\s,;'\"`\x00]+)"
    # "read all the wx-station-.* topics": the pattern before "topics", only when it holds a
    # regular expression's '.*' (else "all the orders topics" is a name)
    rf"|\b(?:{SOURCE_VERB}\s+(?:from\s+)?)?(?:all|every|any)\s+(?:(?:single\s+)?one\s+)?(?:of\s+)?"
    r"(?:the\s+)?"
    r"(?P<re2>[A-Za-z0-9_-]*[A-Za-z0-9_.-]*\.\*[A-Za-z0-9_.*-]*)\s+(?:kafka\s+)?topics\b"
    # "Subscribe to the pattern gs\.telemetry\..*", "subscribe by pattern x", "consume the
    # regex x": a reading verb and the pattern's own noun, no "topics matching"
    rf"|\b(?:{SOURCE_VERB}|subscribe|subscribing)\s+(?:(?:to|by|on|with|using|via)\s+)?"
    r"(?:the\s+|a\s+)?(?:kafka\s+)?(?:topic\s+|topics\s+)?(?:name\s+)?"
    r"(?:pattern|regex|regular\s+expression)\s+(?:(?:of|is)\s+|[=:]\s*)?"
    rf"(?P<re3>{QUOTED}|[^\s,;'\"`\x00]+)",
    ICASE,
)
TOPIC_CHARS = re.compile(r"[A-Za-z0-9._-]+")
# "every topic matching probe-.* (probe-north, probe-south and whatever new regions get added)":
# example topics the pattern matches, in parentheses after it (each checked against it); a
# name may be a template ("site-<name>-telemetry", laid out as "site-{name}-telemetry")
_TOPIC_NAME = r"(?!(?:etc|and|or|plus|so|more)\b)[A-Za-z0-9{][\w.{}-]*[\w}]"
_NAMES = rf"(?P<names>{_TOPIC_NAME}(?:\s*,\s*{_TOPIC_NAME})*)"
# How a list of example topics says more exist: "etc.", "...", "and so on", "and new ones get
# added", "more coming", "... up to room-40 and growing" (`_OPEN` holds what the list says)
_OPEN_WORDS = r"(?:whatever|any|all|other|others|every|future|more|new|up\s+to|growing)\b"
_OPEN_END = (
    r"(?P<open>(?:,?\s*(?:\.\.\.|\u2026|etc\b\.?))?"
    r"(?:,?\s*(?:(?:and|or|plus)\s+)?(?:so\s+on\b|" + _OPEN_WORDS + r"{tail}))?)"
)
_OPEN_IN_BRACKETS = _OPEN_END.format(tail=r"[^()\x00]{0,60}?")
_OPEN_IN_SENTENCE = _OPEN_END.format(tail=r"[^()\x00.;,]{0,60}?")
PATTERN_EXAMPLES = re.compile(
    r"\s*\(\s*(?:e\.g\.,?\s*|like\s+|such\s+as\s+|for\s+example,?\s+|say\s+)?"
    # "(one per region: cell-kpi-north, ...)": what each topic holds, before the names
    r"(?:(?:one|1|a\s+topic)\s+(?:per|for\s+each|for\s+every)\s+[a-z]+\s*[:,;\u2014\u2013-]\s*)?"
    rf"{_NAMES}(?:,?\s+(?:and|or|plus)\s+(?P<last>{_TOPIC_NAME})(?=\s*\)))?"
    # ("..., and new sites get added every season)", "(a, b, ... and new ones get added)")
    rf"{_OPEN_IN_BRACKETS}\s*\)",
    ICASE,
)
# The producers' topics said as one each: "(to) its own (fault) topic", "their own topics",
# "one topic per pool", "a separate topic for each store", "per-region topics"
_OWN_TOPIC = (
    r"(?:(?:their|its)\s+own\s+(?:[A-Za-z][\w-]*\s+)?topics?"
    r"|(?:one|1|a|a\s+separate|separate)\s+(?:[A-Za-z][\w-]*\s+)?topics?\s+"
    r"(?:per|for\s+(?:each|every))\s+[a-z]+"
    r"|(?:per|one)-[a-z]+\s+(?:[A-Za-z][\w-]*\s+)?topics"
    # "stream telemetry to topics named like site-<name>-telemetry": only with the names
    r"|topics(?=\s+(?:(?:named|called)\s+)?(?:like|such\s+as)\b))"
)
# "We have one crash topic per platform (crash-reports-pc, ...). Consume every topic matching
# crash-reports-.*": the producers' topics said before the pattern, as examples of it
PRIOR_EXAMPLES_LEAD = re.compile(
    # (a sentence or a list item: "Title: x.; Each plant publishes ...", a ticket's body)
    r"(?:^|(?<=[.!?;:]\s))\s*(?P<lead>(?:(?:we(?:'ve|\s+have)?\s+got|we\s+(?:have|use|run|keep)"
    r"|there\s+(?:is|are))\s+(?:one|1|a)\s+"
    r"(?:[a-z]+\s+)?topic\s+(?:per|for\s+(?:each|every))\s+[a-z]+"
    # "Ticket gates on every line publish to their own topic", "Field teams publish seed
    # intake to per-region topics", "Telemetry from every ground station lands on its own
    # topic" ("Each plant publishes order events to its own topic": what they publish, plain
    # words checked by `_examples_said_before`)
    r"|[A-Za-z][A-Za-z\s-]{0,60}?\s+(?:(?:publish|publishes|write|writes|send|sends|stream"
    r"|streams|emit|emits|push|pushes|post|posts|log|logs|report|reports|produce|produces)\s+"
    r"(?:(?P<what>(?:[a-z]+\s+){1,3}?))?(?:to|into|on|onto)"
    r"|(?:lands?|arrives?|goes|go|ends?\s+up|(?:is|are|gets?)\s+(?:published|written|sent))"
    rf"\s+(?:on|in|into|to|onto))\s+(?:the\s+)?{_OWN_TOPIC}"
    # "Each venue has its own DMX topic", "Each of our sites gets its own sensor topic", "Each
    # studio publishes its own booking topic"
    # ("every depot runs its own topic", "each kiosk keeps its own topic")
    r"|[A-Za-z][A-Za-z\s-]{0,60}?\s+(?:has|have|gets|get|publishes|publish|writes|write|owns"
    rf"|own|uses|use|run|runs|produce|produces|keep|keeps)\s+{_OWN_TOPIC}))"
    r"(?=\s*[(:,]|\s+(?:named|called|like|such\s+as)\b|\s+[\u2014\u2013-]\s|\s*[.;](?:\s|$))",
    ICASE,
)
# "We have one incidents topic per site. Read every topic matching ...": the lead alone, its
# sentence ending there (no names; only a pattern read after it takes it as context)
PRIOR_LEAD_ALONE = re.compile(r"(?=\s*[.;](?:\s|$))")
# "Each venue has its own DMX topic: lx.venue-lyceum.dmx, lx.venue-apollo.dmx and so on.": the
# examples after the lead's colon, or a comma, or "named like", to the clause's end
_SENTENCE_END = r"(?=\s*(?:[.;](?:\s|$)|$|,\s*so\b))"
PRIOR_EXAMPLES_COLON = re.compile(
    rf"(?:\s*:|,?\s*(?:(?:named|called)\s+)?(?:like|such\s+as|e\.g\.,?)|\s*,|\s+[\u2014\u2013-])\s*"
    rf"{_NAMES}"
    rf"(?:,?\s+(?:and|or)\s+(?P<last>{_TOPIC_NAME}))?{_OPEN_IN_SENTENCE}" + _SENTENCE_END,
    ICASE,
)
# "Each finishing line writes stoppages to its own topic, and new lines get added now and then,
# so read every topic matching ...": no names, only why a pattern
PRIOR_OPEN_ONLY = re.compile(
    rf",?\s*(?:and|as)\s+(?P<open>{_OPEN_WORDS}[^()\x00.;,]{{0,60}}?)" + _SENTENCE_END, ICASE
)


# "all the wx-station-.* topics (new stations get added all the time)": why a pattern, no names
_MORE_COME = (
    r"(?:because\s+|since\s+|as\s+)?(?:new|more|other|future)\s+[a-z]+\s+"
    r"(?:get|gets|are|is|will\s+be|keep\s+(?:getting|being)|may\s+be|can\s+be|come|appear)\b"
    r"[^()\x00]{0,60}"
)
PATTERN_ASIDE = re.compile(rf"\s*\(\s*{_MORE_COME}\)", ICASE)
# "... matching x so new rooms are picked up automatically", "... rather than listing them",
# "instead of a fixed list": why a pattern and not names, right after it; says nothing about
# which records are read (the sentence or clause ends there)
_TAKEN_IN = r"(?:picked\s+up|included|covered|caught|read|consumed|subscribed(?:\s+to)?|handled)"
_NEW_ONES = r"(?:new|future|more)\s+(?:ones|[a-z]+s)"
PATTERN_WHY = re.compile(
    r"\s*,?\s*(?:(?:so|so\s+that|that\s+way|and\s+then)\s+"
    rf"(?:{_NEW_ONES}|any\s+(?:new|added)\s+(?:one|[a-z]+))\s+(?:are|get|gets|is|will\s+be|will\s+get)"
    rf"\s+{_TAKEN_IN}(?:\s+(?:automatically|too|as\s+well|straight\s+away|without\s+"
    r"(?:any\s+|a\s+)?(?:redeploy|restart|config\s+change|code\s+change)s?))?"
    r"|(?:rather\s+than|instead\s+of)\s+(?:listing|naming|hard-?coding)\s+(?:them|the\s+(?:topics|names)"
    r"|each\s+(?:one|topic)|every\s+(?:one|topic))(?:\s+(?:one\s+by\s+one|by\s+hand|individually))?"
    # ("rather than a list": the list of names not given)
    r"|(?:rather\s+than|instead\s+of)\s+an?\s+(?:(?:fixed|hard-?coded|static|manual)\s+)?list"
    r"(?:\s+of\s+(?:topics|names))?)"
    r"(?=\s*(?:[.;,!]|$))",
    ICASE,
)


# "(there is one per spacecraft)", "(one topic for each store)", "(one topic per arena, new
# arenas get added)": how the topics a pattern matches are split, after it
TOPICS_SPLIT_ASIDE = re.compile(
    r"\s*\(\s*(?:there\s+(?:is|are)\s+|there's\s+)?(?:one|1|a)(?:\s+topic)?\s+"
    # ("(one per launch site)": a two-word unit)
    rf"(?:per|for\s+(?:each|every))\s+(?:[a-z]+\s+)?[a-z]+(?:\s*[,;]\s*(?:and\s+)?{_MORE_COME})?\s*\)",
    ICASE,
)


def topic_pattern_matches(text: str) -> list[re.Match[str]]:
    return list(TOPIC_PATTERN.finditer(text))


def read_topic_pattern(m: re.Match[str]) -> str:
    """The regular expression a topic-pattern clause names; a prefix becomes `<prefix>.*`."""
    if m.group("re2"):
        return m.group("re2")
    said = m.group("re") or m.group("re3")
    text, quoted = unquote(said)
    if not quoted:
        text = said  # unquote drops a trailing '.', which may be the pattern's
    sentence_end = bool(re.match(r"\s*$|\s+[A-Z]", m.string[m.end() :]))
    # ("consume the pattern site-[a-z]+-telemetry. we only care ...": a full stop right after
    # a letter or digit ends the sentence, whatever opens the next one, read already or not; a
    # regular expression's "." for any one character follows no word; a prefix's may end in
    # its separator: "topics starting with marina.sensors. and ...")
    sentence_end = sentence_end or (
        not m.group("prefix")
        and bool(re.search(r"[A-Za-z0-9]\.$", text))
        and bool(re.match(r"\s", m.string[m.end() :]))
    )
    if not quoted and text.endswith(".") and sentence_end:
        text = text[:-1]  # the sentence's full stop, not part of the pattern
    if m.group("prefix"):
        if not TOPIC_CHARS.fullmatch(text):
            raise RequestNotUnderstood(
                f"topic prefix {text!r}: a topic name is letters, digits and '._-'; for a "
                "pattern say \"every topic matching 'audit-.*'\""
            )
        # The prefix taken literally: '.' escaped ('-' needs no escape outside a class).
        return re.escape(text).replace("\\-", "-") + ".*"
    if re.search(r"(?:^|[^.)\]\\])[*?]", text):
        raise RequestNotUnderstood(
            f"topic pattern {text!r} reads like a wildcard (glob): a topic pattern is a regular "
            f"expression matching the whole name; write {text.replace('*', '.*')!r} for any "
            "characters"
        )
    return _unbracketed(text)


def _unbracketed(pattern: str) -> str:
    """ "subscribe by pattern (farm\\.room-[0-9]+\\.temps)": brackets around the whole
    pattern set it off from the sentence; the whole name matches either way."""
    if not (pattern.startswith("(") and pattern.endswith(")")):
        return pattern
    depth = 0
    for i, ch in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(pattern) - 1:
            return pattern  # "(a)|(b)": the first bracket closes early
    return pattern[1:-1]


# Words that make a lead the request's own act, not the producers' ("We publish alerts to one
# topic per site", "Then write them to their own topics"): no pattern is made from its names
_NOT_PRODUCERS_SAID = word_set(
    "we i you us then please also so now later results alerts output outputs totals"
)
# Where an example topic's shared start or end may stop: after or before a separator
_SEPARATORS = "._-"


def _plain_what(word: str) -> bool:
    """A word of what producers publish that names no subset: "order events", "seed intake"
    (never "failed orders", "high-priority alerts")."""
    if _selecting_part(word):
        return False
    # (a participle as `description_word` tells one: "seed" is none)
    participle = len(word) > 4 and re.search(r"[^e]ed$", word)
    plain = word.removesuffix("ed") if word.endswith("eed") else word
    return description_word(word) or (
        word.isalpha()
        and word.islower()
        and not participle
        and not may_select(plain, records_noun=True)
    )


# An output verb earlier in the clause ("then publish two streams, each ...")
_OUTPUT_IN_CLAUSE = re.compile(
    r"\b(?:write|writes|send|sends|publish|publishes|emit|emits|forward|forwards|output|outputs"
    r"|produce|produces|store|stores|push|pushes|sink|load|loads)\b[^.;:!?\n]*$",
    ICASE,
)


def _counted_producers(m: re.Match[str]) -> bool:
    """ "two concession stands each publishing sales": who publishes and what, in plain words
    (never "two EU shops publishing refunds": which shops, which records?); never an output
    ("two alerts", "two results")."""
    who, what = m["who"].split(), m["what"].split()
    if who[-1].lower() in _NOT_PRODUCERS_SAID:
        return False
    return all(_plain_what(w) for w in who + what)


def _example_names(examples: re.Match[str]) -> list[str]:
    groups = examples.groupdict()
    names = [*re.split(r"\s*,\s*", groups.get("names") or ""), groups.get("last") or ""]
    return [n for n in names if n]


def _matches_example(pattern: str, name: str) -> bool:
    """`name` matches `pattern`; a template ("apiary.yard-{name}.scale") when one plain value
    put in for its placeholders does (the placeholder's word, a letter, a number)."""
    if "{" not in name:
        return bool(re.fullmatch(pattern, name))
    said = re.sub(r"\{(\w+)\}", r"\1", name)  # (the placeholder's own word)
    filled = [said] + [re.sub(r"\{\w+\}", value, name) for value in ("x", "1", "a1")]
    return any(re.fullmatch(pattern, f) for f in filled)


def _shared_start(names: list[str]) -> str:
    """The characters every name starts with."""
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _literal(text: str) -> str:
    return re.escape(text).replace("\\-", "-")


def pattern_of_examples(names: list[str], words: str) -> str:
    """The topic pattern a list of example topics stands for: a template's placeholders read
    as any characters ("site-{name}-telemetry" -> site-.*-telemetry); two or more names give
    their shared start and end, each cut at a separator ("wavepool.north.sensors,
    wavepool.kids.sensors" -> wavepool\\..*\\.sensors). Refused without a shared start (one
    name alone, or "north-pings, south-pings": which topics?)."""
    templates = [n for n in names if "{" in n]
    if templates:
        patterns = {
            ".*".join(_literal(part) for part in re.split(r"\{\w+\}", t)) for t in templates
        }
        plain = [n for n in names if "{" not in n]
        if len(patterns) == 1:
            pattern = patterns.pop()
            if all(re.fullmatch(pattern, n) for n in plain):
                return pattern
        raise RequestNotUnderstood(
            f"cannot tell which topics {', '.join(map(repr, names))} stand for in {words!r}: "
            "say the pattern (e.g. \"every topic matching 'site-.*-telemetry'\")"
        )
    start = _shared_start(names)
    cut = max(start.rfind(c) for c in _SEPARATORS)
    start = start[: cut + 1]
    rests = [n[len(start) :] for n in names]
    end = _shared_start([r[::-1] for r in rests])[::-1]
    cuts = [end.find(c) for c in _SEPARATORS if c in end]
    end = end[min(cuts) :] if cuts else ""
    if len(set(names)) < 2:
        raise RequestNotUnderstood(
            f"cannot tell which topics {names[0]!r} stands for in {words!r}: one example "
            "shows no pattern; say the pattern (e.g. \"every topic matching 'sensors-.*'\") "
            "or list every topic"
        )
    if not re.search(r"[A-Za-z0-9]", start) or any(len(r) <= len(end) for r in rests):
        raise RequestNotUnderstood(
            f"cannot tell which topics {', '.join(map(repr, names))} stand for in {words!r}: "
            'they share no start to make a pattern of; say the pattern (e.g. "every topic '
            "matching 'sensors-.*'\") or list every topic"
        )
    return _literal(start) + ".*" + _literal(end)


class TopicNameReader(SourceDescriptionReader):
    """Reads source topics said by name, as a list, or as a pattern."""

    def extract_topic_pattern(self) -> None:
        found = topic_pattern_matches(self.s)
        if len(found) > 1:
            raise RequestNotUnderstood(
                "more than one topic pattern ("
                + "; ".join(repr(m.group(0)) for m in found)
                + "): give one regular expression, with '|' between alternatives"
            )
        if not found:
            self._pattern_of_examples()
            return
        pattern = self.topic_pattern = read_topic_pattern(found[0])
        self.mask(found[0].start(), found[0].end())
        examples = PATTERN_EXAMPLES.match(self.s, found[0].end())
        if examples:
            self._check_examples(pattern, examples, "given as an example of the topics it reads")
            self.mask(examples.start(), examples.end())
        self._examples_said_before(pattern, found[0].start())
        self._pattern_asides(found[0].end())
        self._pattern_why(examples.end() if examples else found[0].end())
        self._subject_of_pattern()

    def _subject_of_pattern(self) -> None:
        assert self.topic_pattern is not None
        literal = re.match(r"[A-Za-z0-9_-]*[A-Za-z0-9]", self.topic_pattern.lstrip("^"))
        if not self.subject and literal:
            self.subject = to_identifier(literal.group(0))

    def _pattern_asides(self, end: int) -> None:
        """ "(new stations get added all the time)", "(one topic per arena, new arenas get
        added)" right after the pattern: how its topics are laid out, context."""
        aside = PATTERN_ASIDE.match(self.s, end)
        if aside:
            self.mask(aside.start(), aside.end())
        split = TOPICS_SPLIT_ASIDE.match(self.s, end)
        if split:  # listed, as the context readers list it after other patterns
            self.mask(split.start(), split.end())
            self.assumptions.append(f"{CONTEXT_PREFIX}{split.group(0).strip()!r}")

    def _pattern_why(self, end: int) -> None:
        """ "subscribe by pattern x so new rooms are picked up automatically", "... rather
        than listing them": why a pattern is read, right after it (or its examples); context,
        listed."""
        why = PATTERN_WHY.match(self.s, end)
        if why:
            self.mask(why.start(), why.end())
            self.assumptions.append(f"{CONTEXT_PREFIX}{why.group(0).strip(' ,')!r}")

    @staticmethod
    def _check_examples(pattern: str, examples: re.Match[str], said: str) -> None:
        """Each topic named as an example of the pattern must match it (a template's
        placeholder, "site-{name}-telemetry", by some plain value)."""
        wrong = [n for n in _example_names(examples) if not _matches_example(pattern, n)]
        if wrong:
            raise RequestNotUnderstood(
                f"topic pattern {pattern!r} does not match "
                f"{', '.join(map(repr, wrong))}, {said}; say the pattern that matches them"
            )

    def _prior_examples(self, end: int) -> tuple[re.Match[str], re.Match[str]] | None:
        """The producers' own topics, said before `end`: "Each depot has its own fault topic
        (a, b, ...)", "Sensors publish to one topic per pool, named like a, b etc.", "Each
        line writes stoppages to its own topic, and new lines get added" (the lead, then the
        examples or only why there are more)."""
        lead = PRIOR_EXAMPLES_LEAD.search(self.s, 0, end)
        if not lead:
            return None
        examples = (
            PATTERN_EXAMPLES.match(self.s, lead.end())
            or PRIOR_EXAMPLES_COLON.match(self.s, lead.end())
            or PRIOR_OPEN_ONLY.match(self.s, lead.end())
            or PRIOR_LEAD_ALONE.match(self.s, lead.end())
        )
        if not examples or examples.end() > end:
            return None
        what = (lead["what"] or "").split()
        if not all(_plain_what(w) for w in what):
            return None  # "Each plant publishes failed orders to its own topic": which records
        return lead, examples

    def _examples_said_before(self, pattern: str, end: int) -> None:
        """ "Ticket gates on every line publish to their own topic (a, b, and more lines are
        coming)." before the pattern: the producers' words are context, their topics examples
        of the pattern (each checked against it)."""
        found = self._prior_examples(end)
        if not found:
            return
        lead, examples = found
        self._check_examples(pattern, examples, "said before it as the topics")
        # ("(a, b, ...) and new stores get new topics, so ...": why there are more, after the
        # examples in brackets)
        more = PATTERN_EXAMPLES.match(self.s, lead.end()) and PRIOR_OPEN_ONLY.match(
            self.s, examples.end()
        )
        self.mask(lead.start("lead"), more.end() if more and more.end() <= end else examples.end())
        self.assumptions.append(f"{CONTEXT_PREFIX}{lead['lead'].strip()!r}")

    def _pattern_of_examples(self) -> None:
        """No pattern said, but the producers' topics described by examples and more: "Each
        ground station lands on its own topic: gs.telemetry.svalbard, gs.telemetry.awarua, and
        so on" reads every topic matching gs\\.telemetry\\..* (the names' shared start and end),
        listed. A closed list ("(a, b)") is left to the list readers; examples sharing no start
        are refused."""
        found = self._prior_examples(len(self.s))
        if not found:
            return
        lead, examples = found
        names = _example_names(examples)
        if not names or not (examples["open"] or "").strip():
            return
        if set(re.findall(r"[a-z]+", lead["lead"].lower())) & _NOT_PRODUCERS_SAID:
            return  # "We publish alerts to one topic per site (...)": an output, maybe
        pattern = pattern_of_examples(names, self.text[lead.start("lead") : examples.end()])
        self.topic_pattern = pattern
        self.mask(lead.start("lead"), examples.end())
        self.assumptions.append(
            f"read every topic matching {pattern!r} (built from the example topics "
            f"{', '.join(names)}: {lead['lead'].strip()!r} and more); say the pattern if it "
            "should be narrower"
        )
        self._subject_of_pattern()

    def _refuse_glossed_second_topic(self, start: int, end: int) -> None:
        """ "From topic iot-metrics ..., alert (topic device-alerts) when ...": with the source
        named before, a topic in parentheses glosses the words before it, most often where
        the results go; read as a second source, the output would be lost."""
        if not any(p < start for p, _ in self.topics):
            return
        if not re.search(r"\(\s*$", self.s[:start]):
            return
        close = re.match(r"\s*\)", self.text[end:])
        words = clause_around(self.text, start, end + (close.end() if close else 0))
        raise RequestNotUnderstood(
            f"cannot read {words!r}: a second topic to read, or where the results go? Say "
            '"read topics a and b" for two sources, or "write to topic x" for an output'
        )

    def _counted_list(self) -> None:
        """ "come in on two topics, a.b and c.d": the counted names, each shaped like a topic
        (or quoted), are the sources; a count that is not the list's is refused."""
        for m in list(COUNTED_TOPICS.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or _OUTPUT_INTO.search(self.s, 0, m.start()):
                continue  # ("send them to ... two topics, a and b": where they go)
            count = "n" if m["n"] else "n2"
            if count == "n2" and not _counted_producers(m):
                continue  # ("two kilns publishing failed firings: ...": which records?)
            if count == "n2" and _OUTPUT_IN_CLAUSE.search(self.s, 0, m.start()):
                continue  # ("then publish two streams, each sending ...: a and b": outputs)
            items, end = read_list(self.s, m.start(m.lastgroup or "list"), NAME_RE, stop=NAME_STOP)
            if not items or not all(
                q or re.fullmatch(NAMED_TOPIC, t.rstrip(".")) for t, q, _ in items
            ):
                continue
            said = m[count].lower()
            if (2 if said == "both" else number(said)) != len(items):
                raise RequestNotUnderstood(
                    f"{' '.join(self.s[m.start(count) : end].split())!r}: {m[count]} topics "
                    f"said, {len(items)} named; name each topic"
                )
            for text, _quoted, start in items:
                self.topics.append((start, text.rstrip(".")))
            self.mask(m.start(count) if count == "n" else m.start(), end)

    def _read_sources(self) -> None:
        for pattern, max_words in ((THE_TOPICS, 1), (NAME_TOPIC, 1), (TOPIC_LIST, 1)):
            for m in list(pattern.finditer(self.s)):
                items, end = read_list(
                    self.s, m.start("list"), NAME_RE, max_words=max_words, stop=NAME_STOP,
                    strict_commas=True,
                )  # fmt: skip
                if not items:
                    continue
                if pattern is not TOPIC_LIST and items[0][0].lower() in _ROLE_WORDS:
                    continue  # "the input topic is x": the topic's role, not its name
                if not items[0][1] and items[0][0].lower() in _TOPIC_VERBS:
                    continue  # "The furnace-temps topic has the readings": a verb, not a name
                if (
                    pattern is THE_TOPICS
                    and len(items) == 1
                    and re.search(r"\b(?:in|on|into|onto)\s+$", self.s[: m.start()], ICASE)
                    and _names_a_sink(self, items[0])
                ):
                    continue  # "duplicates in the alert topic": the output 'cold-chain-alerts'
                if pattern is THE_TOPICS and _OUTPUT_INTO.search(self.s, 0, m.start()):
                    continue  # "store the results in the x topic": where records go (unread)
                if pattern is THE_TOPICS and _DOWNSTREAM_OF.search(self.s, 0, m.start()):
                    continue  # "before they hit the x topic": a later stage's topic (unread)
                described = re.search(r"\b(?:is|are)\s+$", m.group(0), ICASE)
                if described and not items[0][1] and items[0][0].lower() in _TOPIC_STATES:
                    continue  # "the topic is busy at month end": what it is like, not a name
                if (
                    described
                    and not items[0][1]
                    and re.fullmatch(r"[a-z]+ed", items[0][0], ICASE)
                    and re.match(r"\s+(?:by|on|per|with|using)\b", self.s[end:], ICASE)
                ):
                    continue  # "the topic is keyed by order_id": how it is made, not a name
                singular_topic = pattern is TOPIC_LIST and not re.search(
                    r"topics", m.group(0), ICASE
                )
                if singular_topic and _named_before_topic(self.s, m.start(), items, end):
                    # "our song-plays topic double counts", "Our orders topic often lags": the
                    # name is before "topic" and what follows says what the topic does; never
                    # read the adverb as a topic (left unread: the words are refused)
                    continue
                # ("read topic orders and make 5-minute windows", "... and do hourly buckets":
                # a verb before the window's size)
                verb_like = re.match(
                    r"\s+(?:them|it|everything|all|the|\d+(?:\s*|-)(?:min|minute|hour|day|sec|s\b|h\b)"
                    r"|hourly|daily|weekly|nightly|minutely)\b",
                    self.s[end:],
                    ICASE,
                )
                # "topic orders and overwrite ClickHouse table x": a plain word right before
                # the sink read already is a verb said of it, never a second topic
                before_sink = bool(
                    re.match(r"\s+\x00", self.s[end:])
                    and not re.search(r"[-_.\d]", items[-1][0])
                    and not re.search(r"\b(?:in|into|to|onto)\s*$", self.s[:end], ICASE)
                )
                if (
                    singular_topic
                    and len(items) == 2
                    and (verb_like or before_sink)
                    and not items[1][1]
                ):
                    # "topic orders and wrtie them ...": one topic, then an unknown word
                    first = NAME_RE.match(self.s, items[0][2])
                    items, end = items[:1], first.end() if first else end
                timed = next(
                    (
                        i
                        for i, (t, q, _) in enumerate(items)
                        if i and not q
                        # ("topic orders, 2-hourly sum of amount": the window's size)
                        and (
                            DUR_RE.fullmatch(t)
                            or re.fullmatch(r"\d+-(?:hourly|daily|minutely|weekly)", t, ICASE)
                            or _other_style(items[0][0], t)
                            or _names_aggregate(t)
                        )
                    ),
                    None,
                )
                # "topic sensor-readings, 5-minute median", "topic api-calls, latency_ms p95":
                # a duration, or a field name beside hyphenated topic names, is no topic
                if timed is not None:
                    kept = NAME_RE.match(self.s, items[timed - 1][2])
                    items, end = items[:timed], kept.end() if kept else end
                if pattern is not TOPIC_LIST:
                    tail = re.match(r"\s+(?:kafka\s+)?topics?\b", self.s[end:], ICASE)
                    if not tail:
                        continue
                    end += tail.end()
                    named = re.match(
                        # "the LIMS feed (topic sample-registrations)": the name in parentheses
                        r"\s*(?:\(\s*(?:(?:kafka\s+)?topic\s*[:=]?\s*)?)?"
                        # (a full stop ending the sentence names nothing: "Consume the x topic.")
                        rf"(?:{QUOTED}|named\b|called\b|\w[\w.-]*[-_.\d])",
                        self.s[end:],
                    )
                    if named:  # "the iot topic 'telemetry'": the word before is a description
                        continue
                    word = re.match(r"\s+([A-Za-z]\w*)", self.s[end:])
                    if word and word.group(1).lower() not in NAME_STOP | STOP | FILLER:
                        continue  # "consume kafak topic orders": the name follows "topic"
                left = _LIST_LEFT.match(self.s, end)
                if (
                    pattern is TOPIC_LIST
                    and left
                    and re.fullmatch(r"[a-z]+[^s\W]s", left.group("w").lower())
                    and left.group("w").lower() not in STOP | NAME_STOP | _NOT_A_TOPIC
                    and not items[-1][1]
                    and (re.search(r"[-_.\d]", items[-1][0]) or left.group("more"))
                ):
                    # "read topic orders-in and payments": a list of one name style ends
                    # before a plain word, which (a record noun) nothing else reads; "topic
                    # orders and also payments": one more, whatever the names look like
                    words = " ".join(self.s[m.start() : left.end("w")].split())
                    raise RequestNotUnderstood(
                        f"{words!r}: is {left.group('w')!r} another topic to read? Quote the "
                        f"names to read both (\"topics '{items[-1][0]}' and "
                        f"'{left.group('w')}'\"), or leave it out"
                    )
                if any(not q and not re.search(r"[A-Za-z0-9]", t) for t, q, _ in items):
                    continue  # "drone-telemetry topic - keep ...": a dash names no topic
                counted = _TOPIC_COUNT.search(self.s, 0, m.start()) if "s" in m.group(0) else None
                said = counted["n"].lower() if counted else ""
                if counted and (2 if said == "both" else number(said)) != len(items):
                    raise RequestNotUnderstood(
                        f"{' '.join(self.s[counted.start() : end].split())!r}: "
                        f"{counted['n']} topics said, {len(items)} named; name each topic"
                    )
                if pattern is TOPIC_LIST:
                    self._refuse_glossed_second_topic(m.start(), end)
                for text, _quoted, start in items:
                    self.topics.append((start, text))
                # "the two topics crane-load and crane-wind": the count read with the list
                self.mask(counted.start() if counted else m.start(), end)
        pos = 0
        while (fm := FROM_NAME.search(self.s, pos)) is not None:
            pos = fm.start() + 1
            if (
                fm.group(0).lower().startswith("off")
                and not OFF_AFTER_RECORDS.search(self.s, 0, fm.start())
                and not _OFF_AFTER_PIPELINE.search(self.s, 0, fm.start())
            ):
                continue  # "off" names the source only after a reading verb and its records
            name, quoted = unquote(fm.group("n"))
            if not name and not quoted:
                continue  # "read Kafka ... topic x": an ellipsis names nothing
            if re.search(
                r"\b(?:different|differs?|differing|apart|aside)\s+$", self.s[: fm.start()], ICASE
            ):
                continue  # "country is different from 'US'": a value compared, never a topic
            if self.topics and SELECTED_FROM.search(self.s, 0, fm.start("n")):
                # "from topic orders keep orders from 'Berlin'": with the source named, where
                # the kept records come from is a condition (left unread), never a second topic
                continue
            # a plain word after "from" is a topic when the clause ends or a condition follows:
            # "from orders where amount > 10", "from orders, print"
            plain_ok = re.match(
                r"\s*(?:[,;]|$|(?:where|whose|with|and|then|keep|only|filter|drop|count|sum|print)\b"
                # "from purchases into clickhouse ...": the sink (read already) follows
                r"|(?:into|to|onto)\s+(?:the\s+)?\x00)",
                self.s[fm.end() :],
                ICASE,
            ) and fm.group(0).lower().startswith("from")
            if re.match(r"(?:tak|out)", fm.group(0), ICASE) and re.match(
                r"[^.;\n]*?\b(?:from|out\s+of)\s", self.s[fm.end() :], ICASE
            ):
                continue  # "Take passport_no and notes out of hotel-checkins": what is taken
            if fm.group(0).lower().startswith("out") and not re.search(
                r"\b(?:strip|drop|remov|tak|leav|delet|omit|cut|get\s+rid|pull|grab|fetch)\w*\b[^.;\n]*$",
                self.text[: fm.start()],
                ICASE,
            ):
                continue  # "out of" names the source only after a drop
            if plain_ok and DUPLICATES_FROM.search(self.text, 0, fm.start()):
                plain_ok = None  # "x gets duplicates from the tills;": where they come from
            if not quoted and (
                name.lower() in STOP or name.lower() in NAME_STOP or name[0].isdigit()
                # ("take one-hour windows ...": a duration, never a topic)
                or DUR_RE.fullmatch(name) is not None
                or (not re.search(r"[-_.\d]", name) and not plain_ok)
            ):  # fmt: skip
                continue
            if not quoted and not re.search(r"[-_.\d]", name) and self.topics:
                continue  # "Data comes from upstream.": a plain word, with the topic named already
            if (
                not quoted
                and self.topics
                and re.match(r"(?:tak|cop)", fm.group(0), ICASE)
                and re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", name)
            ):
                continue  # "join a-b with c-d ...; take click_ts": a field, the topic named already
            if (
                not quoted
                and re.match(r"aggregat", fm.group(0), ICASE)
                and re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", name)
                and re.match(
                    r"\s+(?:per|by|for\s+(?:each|every)|grouped|over|across)\b",
                    self.s[fm.end() :],
                    ICASE,
                )
            ):
                continue  # "aggregate order_total per store_id ... from orders-v2": a field
            if not quoted and name.lower() in ("real-time", "e.g", "i.e"):
                continue
            if (
                not quoted
                and _ADJECTIVE_NAME.fullmatch(name)
                and re.match(r"\s+[a-z]+\b(?<!\btopic)", self.s[fm.end() :])
            ):
                continue  # "We ship temperature-sensitive vaccines": an adjective, then its noun
            if (
                not quoted
                and fm.group(0).lower().startswith("from")
                and re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)+", name)
                and _PRODUCER_THEN_ARRIVE.match(self.s, fm.end())
            ):
                continue  # "reports from the first-aid tablets land on x": who sends, not a topic
            if not quoted and DESCRIBES_NAMED_TOPIC.match(self.text, fm.end()):
                continue  # "read ride-hailing trips from topic rides": what the records are
            if (
                not quoted
                and not fm.group(0).lower().startswith("from")
                and NAMED_TOPIC_AFTER.match(self.text, fm.end())
            ):
                continue  # "ingest tap-ons from the fare-taps topic": what is ingested, not a topic
            listed, listed_end = self._more_quoted(fm.start("n")) if quoted else ([], fm.end())
            if fm["both"] and not quoted:
                listed, listed_end = self._both_bare(fm.start("n"), fm.end())
            elif not quoted:
                listed, listed_end = self._comma_listed(fm.start("n"), fm.end())
            if fm["both"] and len(listed) != 1:
                continue  # "read both `a`" (or three names): the count is not the list's
            self.topics += [(fm.start("n"), name), *listed]
            self.mask(fm.start(), max(fm.end(), listed_end))

    def _both_bare(self, start: int, end: int) -> tuple[list[tuple[int, str]], int]:
        """ "Read both kiln.a.readings and kiln.b.readings": "both" counts two bare names, each
        one only a topic can be (a dot, hyphen, underscore or digit in it); the second is read
        with the first. (Without "both", a bare second name is refused, see `_more_quoted`.)"""
        items, list_end = read_list(self.s, start, NAME_RE, strict_commas=True)
        if len(items) != 2 or any(q or not re.search(r"[-_.\d]", t) for t, q, _at in items):
            return [], end
        return [(items[1][2], items[1][0])], list_end

    def _comma_listed(self, start: int, end: int) -> tuple[list[tuple[int, str]], int]:
        """ "Read geo.logs_eu, geo.logs_na and geo.logs_apac": bare names listed with a comma
        after the first, each one only a topic can be (a dotted name, or a dashed one of the
        first name's family: "order_id, amount_eur" are fields, "5-minute windows" no topic);
        the comma says a list, as "both" does (see `_both_bare`)."""
        items, list_end = read_list(self.s, start, NAME_RE, strict_commas=True)
        # (a dashed name only beside its own kind, "orders-eu, orders-us": never "from
        # cargo.bike_gps, 5-minute windows ...")
        family = items[0][0].split("-")[0] if items else ""
        if len(items) < 2 or any(
            q or not re.match(r"[A-Za-z]", t) or ("." not in t and t.split("-")[0] != family)
            for t, q, _at in items
        ):
            return [], end
        joins = [self.s[a + len(t) : b] for (t, _q, a), (_t, _q2, b) in pairwise(items)]
        if any(not re.fullmatch(r"\s*,?\s*(?:and\s+)?", j) for j in joins):
            return [], end  # "a-b, c-d or e-f": refused
        if "," not in joins[0] and not _two_dotted_topics(items, self.s, list_end):
            return [], end  # "read from orders-eu and orders-us": refused (see the hunt2 cases)
        if _LIST_LEFT.match(self.s, list_end):
            return [], end  # "a-b, c-d, and payments": a plain word joined (refused, unread)
        return [(at, t) for t, _q, at in items[1:]], list_end

    def _more_quoted(self, start: int) -> tuple[list[tuple[int, str]], int]:
        """ "Consume `results.county-a`, `results.county-b` and `results.county-c`": the quoted
        names listed after the first one read, and where the list ends. (Bare names are not
        read so: "read from orders-eu and orders-us" is refused, see the hunt2 cases.)"""
        items, end = read_list(self.s, start, NAME_RE, strict_commas=True)
        if len(items) < 2 or not all(q for _t, q, _at in items):
            return [], start
        return [(at, t) for t, _q, at in items[1:]], end


def _names_a_sink(sources: TopicNameReader, item: tuple[str, bool, int]) -> bool:
    """ "the alert topic" after the output topic 'cold-chain-alerts' was named: a plain word of
    the output's name (or its singular) refers to that output, never a topic to read."""
    word, quoted, _ = item
    if quoted or re.search(r"[-_.\d]", word):
        return False
    parts = {
        part
        for sink in sources.sinks
        for part in re.split(r"[-_.]", str(sink.data.get("topic") or "").lower())
        if part
    }
    return word.lower() in parts or word.lower() + "s" in parts


def _selecting_part(word: str) -> bool:
    """A compound's first parts hold a word that selects ("high-priority alerts", "test-mode
    scans"): what the producers send, then, names some of the records."""
    return any(
        part in _REQUIREMENT_WORDS or part in _SELECTING_MODE
        for part in word.lower().split("-")[:-1]
    )


# A plain word joined to a topic list and ending its clause ("topic orders-in and payments,"),
# never one that names records of every kind ("and others")
_NOT_A_TOPIC = frozenset({"others", "rest", "results", "updates", "records", "events", "messages"})
# ("topics orders-eu and also payments", "sensor-a plus sensors", "x as well as devices")
# "from shop.orders and shop.payments on order_id": two topics joined on a key, left to the joins
_JOIN_KEY_NEXT = re.compile(r"\s+(?:on|by|using|with|where\s+\w+\s*=)\b", ICASE)


def _two_dotted_topics(items: list[tuple[str, bool, int]], text: str, end: int) -> bool:
    """ "From stock.north and stock.south": two bare names joined by "and" alone, each a
    topic's name with a dot in it (never a field's, "orders.amount_eur", see `topic_shaped`),
    are both read, as a comma or "both" lists them; a dashed pair ("orders-eu and orders-us")
    stays refused, and a pair joined on a key is the joins'."""
    return (
        len(items) == 2
        and all("." in t and topic_shaped(t) for t, _q, _at in items)
        and not _JOIN_KEY_NEXT.match(text, end)
    )


_LIST_LEFT = re.compile(
    r"\s*(?:,\s*)?(?:and|&|(?P<more>and\s+also|plus|as\s+well\s+as|along\s+with))\s+"
    r"(?P<w>[A-Za-z]\w*)\s*(?:[,;.]|$)",
    ICASE,
)


# "topic orders, smallest and largest amount per store": a word naming an aggregate's function
# after the topic starts the aggregate, never a second topic
_AGGREGATE_WORD = re.compile(
    rf"(?:{RANK_HIGH}|{RANK_LOW}|min|max|minimum|maximum|mean|average|avg|median|sum|total"
    r"|peak|earliest|latest|first|last|newest|oldest|count|number)",
    ICASE,
)


def _names_aggregate(name: str) -> bool:
    """Whether an unquoted list item after the topic is a word for an aggregate's function."""
    return _AGGREGATE_WORD.fullmatch(name) is not None


def _other_style(first: str, name: str) -> bool:
    """A name joined by underscores after a topic named with hyphens ("api-calls, latency_ms"):
    a field, not a second topic of the list."""
    return "-" in first and "_" not in first and "_" in name and "-" not in name


# "So our song-plays topic double counts a lot": a determiner (or a sentence's start), a name,
# then "topic" -- the name is said before the word topic.
_NAME_BEFORE_TOPIC = re.compile(
    r"(?:^|(?<=[.!?;:]\s)|\b(?:our|the|my|their|your|this|that)\s+)\s*(?P<n>[A-Za-z][\w.-]*)"
    r"\s+(?:kafka\s+)?$",
    ICASE,
)


def _named_before_topic(s: str, start: int, items: list[tuple[str, bool, int]], end: int) -> bool:
    """ "<name> topic <word> <word>": one plain word after "topic", then another plain word
    (a verb: "often lags", "double counts"), with a name before "topic" -- the word after
    "topic" says what the named topic does, never a second name."""
    if len(items) != 1 or items[0][1] or re.search(r"[-_.\d]", items[0][0]):
        return False
    before = _NAME_BEFORE_TOPIC.search(s, 0, start)
    if not before or before["n"].lower() in STOP | NAME_STOP | _ROLE_WORDS | FILLER:
        return False
    then = re.match(r"\s+([A-Za-z][\w-]*)\b(?!\s*\()", s[end:])
    # (a word of STOP or FILLER may be the verb: "double counts")
    return bool(then and then.group(1).lower() not in NAME_STOP)
