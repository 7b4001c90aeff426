"""Recogniser: the Kafka source topics ("from topic X", "the X stream", "consume X")."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import PRESETS
from . import lazy_re as re
from .accounting import CONTEXT_PREFIX, FILLER
from .context import FREQ_SAID, STEP_WORDS, may_select
from .fields import SchemaResolver
from .lexicon import (
    COUNT_NOUNS,
    DOMAINS,
    MASK,
    NAME,
    NAME_RE,
    NAME_STOP,
    NAMED_TOPIC,
    PLACE_QUALIFIERS,
    QUALIFYING,
    QUOTED,
    SEP_WORDS,
    STOP,
    SYSTEM_ACRONYMS,
    read_list,
    singular,
    unquote,
    word_set,
)
from .quantities import DUR_RE, ICASE, WN, number
from .scope import clause_around
from .text import _distance_one, is_slip

# "read topic orders and write topic a-b into clickhouse": a topic after an output verb, with no
# "to" (read as a second source, it may be where the records go)
OUTPUT_VERB_TOPIC = re.compile(
    r"\b(?:write|send|publish|produce|emit|push|forward)(?:s|ing)?\s+(?:the\s+)?(?:kafka\s+)?"
    r"topic\s+['\"`]?$",
    ICASE,
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
    # "strip a and b out of climb-logs"
    r"|out\s+of"
    r"|stream|streams|load|loads|copy|copies|mirror|mirrors|ship|ships|pipe|pipes"
    r"|process|processes|aggregate|aggregates|parse|parses|parsing"
    # ("roll up topic door-events into sessions per visitor_id": aggregate it)
    r"|roll\s+up|rolls\s+up|rolling\s+up"
    r"|listen\s+to|listening\s+to|ingest|ingests|ingesting|tail|tails|tailing|take|takes|taking"
    # "tap into the x stream", "hook into topic x", "watch topic x"
    r"|tap\s+into|tapping\s+into|hook\s+into|hooking\s+into|plug\s+into|watch|watches|watching"
    # "a pipeline off `salon-bookings`", "read off topic x", "a job running off x"
    r"|(?<=pipeline\s)off|(?<=pipelines\s)off|(?<=job\s)off|(?<=consumer\s)off"
    r"|(?<=processor\s)off|(?<=flow\s)off|(?<=app\s)off|(?<=service\s)off"
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
# "a pipeline off `salon-bookings`": "off" after the pipeline's noun (see SOURCE_VERB)
_OFF_AFTER_PIPELINE = re.compile(
    r"\b(?:pipelines?|job|consumer|processor|flow|app|service)\s+$", ICASE
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


# "Using the cinema-bookings topic as input", "take topic x as the source": a label after the
# topic read already.
AS_INPUT = re.compile(
    r"(?<=\x00)(?:\s+(?:kafka\s+)?topic)?\s+(?P<w>as)\s+(?:the\s+|our\s+|my\s+)?"
    r"(?:input|source)(?:\s+(?:topic|stream))?\b(?=\s*(?:[.,;:!]|$|\s+(?:and|then)\b))",
    ICASE,
)


# "read `plant3.sensor-readings` off Kafka": "off" after a topic read already, then Kafka
OFF_AFTER = re.compile(
    r"(?<=\x00)\s+(?P<off>off)\s+(?:of\s+)?(?:the\s+)?(?:apache\s+)?kafka\b", ICASE
)
# "Drop a and b out of the kiln-logs stream", "Out of topic gate-scans, keep ...": "out of"
# before a topic read already (after a verb that takes something out, or opening a clause).
OUT_OF_BEFORE = re.compile(r"\b(?P<off>out\s+of)\s+(?:the\s+)?(?=\x00)", ICASE)
OUT_OF_LEAD = re.compile(
    r"(?:\b(?:strip|drop|remov|tak|leav|delet|omit|cut|get\s+rid|pull|grab|fetch)\w*\b[^.;:\n]*"
    r"|(?:^|[.;:\n])\s*)$",
    ICASE,
)
# "Pipeline off topic x", "a job reading off topic x": the word before a topic read already.
OFF_BEFORE = re.compile(
    r"(?:\b(?:pipelines?|jobs?|consumers?|processors?|flows?|apps?|services?"
    r"|(?:read|run|feed|work)(?:s|ing)?)\s+"
    # "Off the escape.checkins topic, per room_id ...": opening a sentence, as "Out of" does
    r"|(?:^|(?<=[.;:!?\n]))\s*)(?P<off>off)\s+(?=\x00)",
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


# "events landing in checkout-events", "records arriving on orders-v2", "the orders stream"
LANDING = re.compile(
    r"\b(?:(?:the\s+)?(?:events|messages|records|data|rows|orders|clicks|payments|everything"
    rf"|anything|whatever|logs|readings|updates|pings|telemetry|stream|feed|{COUNT_NOUNS})\s+)"
    r"(?:(?:that\s+)?(?:lands?|arrives?|comes?\s+in)\s+(?:in|on)|landing\s+(?:in|on)|arriving\s+(?:in|on)"
    # "the stream coming off topic cab-gps"
    r"|coming\s+(?:in\s+)?(?:on|from|through|off)|(?:that\s+)?comes?\s+off|flowing\s+(?:through|into)|published\s+(?:to|on)"
    # "a stream off topic seismic-events": "off" alone only before the word "topic"
    r"|off(?=\s+(?:the\s+)?(?:kafka\s+)?topic\s))"
    # ("lands on two different Kafka topics: 'a' and 'b'": a count, never a name)
    r"(?!\s+(?:two|2|three|3|both|several|separate|different)\s+(?:\w+\s+){0,2}topics\b)"
    rf"\s+(?:the\s+)?(?:kafka\s+)?(?:(?P<t>topic)\s+)?(?P<n>{NAME})"
    # ("The data arrives on the tufting-telemetry topic; ...": the word "topic" after the name,
    # ending the clause)
    r"(?(t)|(?:\s+(?:kafka\s+)?topic(?=\s*(?:[.,;:!?)\n]|$)))?)",
    ICASE,
)
# "Data is in the page-views topic.", "The events live on topic clicks", "Everything comes from
# 'pos'": a name that can only be a topic, a quoted one, or any name said to be a topic.
DATA_IS_IN = re.compile(
    r"\b(?:(?:the\s+)?(?:data|events|messages|records|rows|everything|it|they)\s+"
    r"(?:is|are|lives?|sits?|comes?|arrives?|lands?)\s+(?:in|on|from)|it'?s\s+all\s+(?:in|on))\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:(?P<t1>topic)\s+)?"
    rf"(?P<n>{QUOTED}|{NAMED_TOPIC}|[A-Za-z]\w*(?=\s+(?:kafka\s+)?topic\b))"
    r"(?:\s+(?:kafka\s+)?topic\b)?",
    ICASE,
)
# "14 greenhouses with climate sensors, all reporting into the topic greenhouse-sensors": the
# producers just named, each writing to a topic said as one (the word "topic" is required)
ALL_REPORTING_TO = re.compile(
    r",\s+(?:all|each|both|every\s+one)\s+(?:of\s+them\s+)?(?:reporting|sending|publishing"
    r"|streaming|emitting|pushing|posting|producing)\s+(?:(?:their|its)\s+[a-z]+\s+)?"
    r"(?:in)?to\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
    rf"(?P<n>{QUOTED}|{NAME})",
    ICASE,
)
STREAM_NAMED = re.compile(
    # "measurements stream in on topic x": the verb, not a stream named "measurements"
    rf"\b(?:the\s+)?(?P<n>{NAME})\s+(?:kafka\s+)?(?:stream|feed|firehose)\b"
    # "the LIMS feed (topic sample-registrations)": the topic is named in the parentheses
    r"(?!\s+(?:of|from|through)\b|\s*\(\s*(?:kafka\s+)?topic\b"
    # ("probe readings stream on compost.windrow-temps": the verb, the topic after it)
    rf"|(?<=stream)\s+(?:on|onto|over|via)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?:{QUOTED}|{NAMED_TOPIC})"
    # ("the harvest-yields feed in clickhouse farm.yields": into a sink, still the stream)
    r"|\s+(?:in|into)\b(?!\s+(?:the\s+)?(?:\x00|clickhouse\b|redis\b|stdout\b|console\b))"
    # "the scanners feed topic parcel-scans": the verb, the topic named after it
    rf"|(?<=feed)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\b|{NAMED_TOPIC})"
    # ("since these figures feed the VAT return", "the counts feed our dashboard": the verb,
    # what they go into after it)
    r"|(?<=feed)\s+(?:the|our|their|into)\s+(?=[A-Za-z]))",
    ICASE,
)


# "the night ops team wants a dashboard feed", "wait times feed for the store managers:": a
# feed asked for (after "wants a") or titled for whom it serves (before a colon) is the
# output, never a topic read; its words are left to the purpose check.
_FEED_WANTED_BEFORE = re.compile(
    r"\b(?:want|wants|need|needs|'d\s+like|would\s+like|asked\s+for|asks\s+for)\s+(?:a|an)\s+$",
    ICASE,
)
_FEED_TITLED_FOR = re.compile(
    r"\s+for\s+(?:the|our|their)\s+(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*\s*:", ICASE
)


def _wanted_feed(s: str, m: re.Match[str]) -> bool:
    """The stream named by `m` (a plain word before "feed"/"stream") is the output asked for."""
    if re.search(r"\bthe\s+$", s[: m.start("n")], ICASE):
        return False  # ("wants the orders feed": an existing stream)
    return bool(
        _FEED_WANTED_BEFORE.search(s, 0, m.start("n"))
        # (a title: the request's first words, lower-case words only before the feed)
        or (
            _FEED_TITLED_FOR.match(s, m.end()) is not None
            and re.fullmatch(r"\s*(?:(?-i:[a-z][a-z-]*)\s+){0,2}", s[: m.start()]) is not None
        )
    )


# "the checkout stream `library.checkouts`": the stream's topic, named right after it (the word
# before only says which stream it is: see `_drop_stream_words`)
STREAM_THEN_NAME = re.compile(
    rf"\s+(?:\(\s*)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s*\))?", ICASE
)


# "kiosk-orders gets duplicates from the tills": the plain word after "from" says where the
# duplicates come from, never a topic.
DUPLICATES_FROM = re.compile(
    r"\b(?:duplicates|dupes|duplicate\s+(?:events|records|messages)|twice|again|more\s+than\s+once)"
    r"\s*$",
    ICASE,
)


# "We get duplicates on raw-events": where the duplicates are, a name with '-' or '.' (a topic;
# "duplicates on transaction_id" names the dedup key).
DUPLICATES_ON = re.compile(
    r"\b(?:duplicates|dupes|duplicate\s+(?:events|records|messages))\s+(?:on|in)\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n>(?P<q>['\"`]?)[A-Za-z]\w*[-.][\w.-]*\w(?P=q))"
    r"(?![\w-]|\.\w)",
    ICASE,
)


# "store the session-state records in Redis": a name that can only be a topic, before "records".
NAMED_RECORDS = re.compile(
    # never a hyphenated verb ("the scanners double-send events")
    r"(?<!\bto\s)(?<!\binto\s)\b(?:the\s+|all\s+(?:the\s+)?)?"
    # (nor "ad-hoc queries": an adjective)
    r"(?!(?:double|triple|re|pre|co|self|auto|non|multi|cross|over|under|out|ad)-)"
    rf"(?P<n>{NAMED_TOPIC})\s+"
    rf"(?:{COUNT_NOUNS}|updates|data|telemetry|metrics|measurements)\b"
    # ("x.events session windows per y": 'session windows' is the window, never the records)
    r"(?!\s+(?:from|of|in|on|windows?)\b)",
    ICASE,
)


# "ticket-scans has dupes from the turnstiles": a sentence opening with a name that can only be
# a topic, then what it holds.
NAMED_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*"
    # "ANTICHEAT-87: cheat-reports floods ...": after a ticket's id (the id itself is not read)
    r"(?P<tk>(?-i:[A-Z][A-Z0-9]{1,9}-\d+)\s*:\s+)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    # ("The furnace-temps topic has the readings")
    rf"(?P<n>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+(?=(?:has|have|had|gets|got|contains|carries|holds|receives"
    # "freight-scale-weights needs deduping on weigh_id ..."
    r"|sees|is\s+full\s+of|floods|is\s+flooding|spams|is\s+spamming|(?:needs?|requires?)\s+(?=de-?dup\w*|filtering|cleaning|enriching"
    r"|counting|aggregating|sessioni[sz]ing)"
    r"|(?:needs?|has|have|must|should|will|can)\s+(?:to\s+)?be\s+(?:copied"
    r"|moved|written|sent|loaded|stored|saved|published|pushed|forwarded|streamed|mirrored"
    r"|replicated|landed))\b|(?:(?:should|must|will|can|needs?\s+to|has\s+to|have\s+to)\s+be\s+)?"
    # ("ski.rentals (package in day, weekend) left join ...": an aside on the records between,
    # left to the other recognisers)
    r"(?:\([^()\n]{1,80}\)\s+)?\x00)",
    ICASE,
)


# "sum x per y every hour, gallery-counters to topic z": the last clause after a comma, a
# name that can only be a topic, then the sink (read already) ending the request
NAMED_TO_LAST_SINK = re.compile(
    rf"(?<=,\s)(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?"
    r"\s+(?=\x00+\s*[.!]?\s*$)",
    ICASE,
)


# "badge-swipes lives on our Confluent cluster", "clicks-raw sits in the prod Kafka": a
# sentence opening with a name that can only be a topic, said to be on a cluster.
NAMED_LIVES_ON = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:(?:so|well|ok|okay|now|also|fyi)\s*,\s*)?(?:the\s+)?"
    rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+(?:lives?|sits?|is|resides?"
    r"|runs?|is\s+hosted|is\s+kept|is\s+stored)\s+(?:on|in)\s+(?:our|the|a|an|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:kafka(?:\s+cluster)?|cluster|brokers?)\b",
    ICASE,
)


# "Topic dock-events is fed by the bike docks", "parcel-scans is populated by the depot
# scanners", "pos-sales gets its data from the tills": a sentence opening with the topic, then
# who produces its records (plain words, checked in `_fed_by`).
FED_BY = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+(?:is|are|gets|get|gets\s+its\s+data"
    r"|gets\s+its\s+records|is\s+being)\s+(?:(?:fed|populated|filled|written(?:\s+to)?|produced(?:\s+to)?"
    r"|published(?:\s+to)?|sent(?:\s+to)?|pushed(?:\s+to)?)\s+by|from)\s+"
    r"(?:the\s+|our\s+|their\s+|all\s+(?:the\s+)?)?(?P<w>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,4}?)"
    r"(?=\s*[.;!?]|\s*$|\s*,\s*(?:and\s+)?(?:then\s+)?[a-z])",
    ICASE,
)

# "locker-events is where every locker bank reports", "The room-status topic is where the
# tablets publish": a sentence opening with the topic, then who produces into it (plain words,
# checked in `_fed_by` as FED_BY's are).
WHERE_PRODUCERS = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+is\s+where\s+"
    r"(?:the\s+|our\s+|their\s+|every\s+|each\s+|all\s+(?:the\s+|our\s+)?)?"
    r"(?P<w>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,4}?)\s+(?:reports?|publish(?:es)?|sends?"
    r"|posts?|writes?|logs?|pushes|push|emits?|lands?|arrives?|goes|go)"
    # ("... where the timetable app reports bookings": what they send, one plain word)
    r"(?:\s+(?:their\s+|its\s+|all\s+(?:the\s+)?|every\s+|each\s+|the\s+)?(?P<what>[A-Za-z][\w'-]*))?"
    r"(?=\s*[.;!?]|\s*$|\s*,\s*(?:and\s+)?(?:then\s+)?[a-z])",
    ICASE,
)

# "We have sensors of the press line which are sending to topic press-line-telemetry.": who
# produces the records, in plain words (see `_producers_send`), then the topic they write to.
PRODUCERS_SEND = re.compile(
    # ("..., and they publish a reading every few seconds to the Kafka topic x": 'they' are
    # producers named before in the sentence, see `extract_producers`)
    # ("we have the learning platform and it produce clickstream into topic x": no comma)
    # ("Plant room request: the chillers send ...": after a colon, a clause of its own)
    r"(?:^|(?<=[.!?;:]\s)|(?<=\s[-\u2013\u2014]\s)|(?:(?<=,\s)|(?<=[a-z]\s))(?P<and>and\s+))\s*"
    # ("ok so the imaging machines double-post to x": a chat opener, no producer)
    r"(?:(?:ok(?:ay)?|so|well|fyi|btw|basically|anyway)\s*,?\s+){0,3}"
    r"(?:(?:we|i)\s+(?:have|are\s+having|am\s+having)\s+"
    # "Our beekeeping co-op has scales under each hive publishing to hive-scales": who has them
    r"|there\s+are\s+|(?:our|the)\s+(?P<org>(?:[A-Za-z][\w'-]*\s+){1,3}?)(?:has|have)\s+)?"
    # ("Our 40 trawlers send ...": a count among the words, checked by the caller)
    r"(?P<w>[A-Za-z][\w'-]*(?:\s+(?!and\s+(?:they|it)\b)[A-Za-z0-9][\w'-]*){0,6}?)\s+(?:(?:which|that"
    r"|who)\s+)?"
    r"(?:(?:are|is)\s+)?(?:all\s+)?"
    # ("the app double-sends GPS pings to x": the repeats are a dedup's to read, see extract_producers)
    r"(?P<dup>double[\s-]?(?=send|post))?(?:send(?:s|ing)?|publish(?:es|ing)?|push(?:es|ing)?"
    r"|writ(?:e|es|ing)|emit(?:s|ting)?|produc(?:e|es|ing)|stream(?:s|ing)?|post(?:s|ing)?"
    # ("dive computers upload every log to x": a device's own verb of sending)
    r"|upload(?:s|ing)?"
    # ("Signal controllers report their status on topic x", "units ping their GPS to x")
    # ("aligner cases report on/off events to x": what they report, then where)
    r"|(?:report|ping)(?:s|ing)?(?=\s+(?:their|its)\s|\s+(?:[A-Za-z][\w/-]*\s+){0,2}?"
    r"(?:events?|readings?|data|status(?:es)?)\s+(?:to|into|on|onto)\s)"
    # ("Our inspectors log every grow bag check to the x topic": who logs what into it)
    r"|log(?:s|ging)?(?=\s+(?:every|each|all|their|its)\s)"
    # ("The kiln controller logs to x", "the gate reports into x": no object, every record
    # the producers make goes to the topic; never "on", which may say what a report is about)
    r"|(?:report(?:s|ing)?|log(?:s|ging)?)(?=\s+(?:to|into|onto)\s))\s+"
    # ("on/off events": both ways of one switch, see `_BOTH_WAYS`)
    r"(?:(?:(?:their|its|the|an?|one|1|every|each)\s+)?(?P<what>(?:[A-Za-z][\w-]*(?:/[A-Za-z]+)?\s+){0,2}?)(?:readings?|events?"
    r"|data|messages?|records?|measurements?|telemetry|updates?|pings?|clickstream|clicks"
    r"|status(?:es)?|levels?|positions?|locations?|gps"
    # ("The gate scanners publish check-ins to topic x", "send a catch report to topic x")
    r"|reports?|scans?|check-?ins?|bookings?|logs?|alarms?|alerts?|entries|swipes?|taps?"
    # ("The scales publish each weigh-in to x", "the ballot boxes send votes to x")
    r"|weigh-?ins?|ballots?|votes?|orders?|transactions?|sales?|trips?|rides?|cycles?"
    r"|checks?|inspections?|visits?"
    # (never "results", "counts", "metrics": what a pipeline outputs, asked about apart)
    r"|passages?|samples?|heartbeats?|deliveries|delivery|shipments?|tickets?)\s+"
    # ("The app sends one event per answered question to the topic x": one record per happening)
    r"(?:per\s+(?:[a-z][\w-]*\s+){1,2}(?=(?:to|into|on|onto)\s))?"
    # ("The CDN logs every episode download to x": every happening in plain words, when no
    # record noun of the list ends them; checked in extract_producers)
    r"|(?:every|each)\s+(?P<each_what>(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*)\s+"
    r"(?=(?:to|into|on|onto)\s))?"
    rf"(?:(?P<rate>{FREQ_SAID})\s+)?"
    r"(?:to|into|on|onto)\s+(?:the\s+)?(?:kafka\s+)?"
    # ("Rain gauges publish to the topics a and b": a list after the plural, at least two names)
    rf"(?:topic(?P<many>s)?\s+(?P<n>{NAME})(?(many)(?P<more>(?:{SEP_WORDS}(?:{NAMED_TOPIC}|{QUOTED}))+))"
    rf"|(?P<n2>{NAMED_TOPIC}|{QUOTED})"
    # ("Meters publish to studio.gas.north and studio.gas.south.": a list of names that ends
    # the clause, no "topics" before it)
    rf"(?P<more2>(?:{SEP_WORDS}(?:{NAMED_TOPIC}|{QUOTED}))+(?=\s*(?:[.;,!?\n)]|$)))?)"
    # "... publish to the soil-moisture topic every minute": the name's noun, then how often
    r"(?:(?<=[\w'\"`])\s+(?:kafka\s+)?(?:topic|stream|feed)\b)?"
    rf"(?:\s+(?P<rate2>{FREQ_SAID})(?=\s*(?:[.;!?\n]|$))"
    # ("... to topic x every few seconds, sometimes ...": no number, never a window's size)
    r"|\s+(?P<rate3>every\s+(?:few|couple\s+of)\s+(?:seconds|minutes|hours))(?=\s*,|\s+(?:when|while|once)\s))?"
    # "... sending to topic housekeeping-scans every time an attendant scan a room door": when
    # they send (context; never a comparison)
    # ("... whenever they haul a net": 'they', the producers)
    r"(?P<when>\s+(?:(?:every\s+time|each\s+time|whenever)\s+(?:an?|the|one|some|they|it|someone|somebody|anyone|anybody)\s+"
    # ("... while they run", "... when they get back on the boat", "... after each dive": when
    # the producers send, in plain words only, see `_when_plain`)
    r"|(?P<while>(?:when|while|once)\s+(?:they|it)(?:'s|'re)?\s+|after\s+(?:each|every)\s+))"
    r"[A-Za-z][\w\s'-]{0,60}?(?=\s*(?:[.;,!?\n]|$)))?",
    ICASE,
)
# "on/off events", "in/out events": both ways of one switch, every record of the kind (never a
# selection, as "off events" alone would be)
_BOTH_WAYS = word_set(
    "on/off off/on in/out out/in open/close start/stop enter/exit entry/exit up/down"
)
# "Every time a post is published we emit one event per hashtag on the topic x": what the
# producers (we) write to the source, one record per happening
WE_EMIT = re.compile(
    r"(?:^|(?<=[.!?;]\s))(?:every\s+time|each\s+time|whenever)\s+[^,;.\x00]{1,60}?\s*,?\s+we\s+"
    r"(?:emit|send|publish|write|produce|push|post)\s+(?:1|one|an?)\s+(?:event|message|record)"
    r"(?:\s+per\s+[a-z]+)?\s+(?:to|into|on|onto)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
    rf"(?P<n>{NAME})",
    ICASE,
)
# "Every time a harvest robot drops a crate it posts an event to vineyard.robot_picks": what
# happens in the world (a producer doing something to a thing), then the producer ('it',
# 'they') writing one record to the source; the words are checked by the caller (plain
# description words; the happening's verb is a third-person verb of the producer)
IT_POSTS_EVERY_TIME = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:every\s+time|each\s+time|whenever)\s+(?:an?|the|one)\s+"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+(?P<verb>[a-z]+s)\s+"
    r"(?:(?:an?|the|its|their|one)\s+)?(?P<what>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s*,?\s+"
    r"(?:it|they)\s+(?:posts?|sends?|publish(?:es)?|writes?|emits?|push(?:es)?|produces?|logs?)\s+"
    r"(?:(?:an?|one|1)\s+(?:event|message|record|reading)\s+)?(?:to|into|on|onto)\s+(?:the\s+)?"
    rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?"
    r"(?=\s*[.;!?]|\s*$)",
    ICASE,
)
# Verbs of records arriving on a topic, and the topic after them ("... and it all lands on x")
_ARRIVES = (
    r"(?:goes|go|lands?|ends?\s+up|arrives?|comes?\s+in|(?:is|are|gets?)\s+(?:sent|posted"
    r"|logged|published|pushed|written))"
)
_SENDS = r"(?:publish(?:es)?|sends?|posts?|push(?:es)?|writes?|streams?|emits?)"
_ARRIVES_ON = (
    r"\s+(?:to|into|onto|on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?"
)
_CLAUSE_ENDS = r"(?=\s*[.;!?]|\s*$)"
# "ushers scan tickets at the doors and the scans go to organ.seat_scans", "Guards check in
# from the towers on their radios and it all lands on x": what the producers do, then what
# they make (a pronoun or a plain noun) arriving on the topic; the words are checked by
# `_act_plain` (plain words, a place after a preposition, never a value, field or qualifier)
ACT_THEN_LANDS = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:the\s+|our\s+)?"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+(?P<verb>[a-z]+)\s+"
    r"(?P<act>(?:[A-Za-z][\w'-]*\s+){0,8}?[A-Za-z][\w'-]*)"
    r"(?:\s*,\s*which|\s*,?\s+and\s+(?:(?P<it>it|that|they|this|these|those|everything)"
    r"|the\s+(?P<noun>[A-Za-z][\w-]*)))\s+(?:all\s+)?"
    # ("..., and the tablets publish to topic x": the devices they use sending)
    rf"(?:{_ARRIVES}|{_SENDS}){_ARRIVES_ON}{_CLAUSE_ENDS}",
    ICASE,
)
# "Each time a team enters a room, the door controller posts to x", "Every time a keeper logs
# a feed on the handheld it goes to x": what happens in the world, then who sends (a pronoun
# or the producer in plain words) to the topic (IT_POSTS_EVERY_TIME's shape, with a place
# after the act, the producer named, and the record itself arriving)
EVERY_TIME_LANDS = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:every\s+time|each\s+time|whenever|when)\s+(?:an?|the|one)\s+"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+(?P<verb>[a-z]+s)\s+"
    r"(?P<act>(?:[A-Za-z][\w'-]*\s+){0,7}?[A-Za-z][\w'-]*)\s*,?\s+"
    r"(?:(?P<it>it|they)|(?:the|its|their|our)\s+(?P<by>(?:(?!(?:it|they)\s)[A-Za-z][\w'-]*\s+)"
    r"{0,2}?(?!(?:it|they)\s)[A-Za-z][\w'-]*))\s+(?:posts?|sends?|publish(?:es)?|writes?|emits?|push(?:es)?|logs?"
    rf"|{_ARRIVES})(?:\s+(?:an?|one|1)\s+(?:new\s+)?(?:event|message|record|reading|entry|row))?"
    rf"{_ARRIVES_ON}{_CLAUSE_ENDS}",
    ICASE,
)
# "The SOS gateway sometimes sends the same call twice to x", "The magnetic locks sometimes
# report the same opening several times on x": the producers' sentence naming the source, said
# as why the request dedups; the repeat ("twice") is left for the dedup to claim (dedup.py
# `REPEATED_TO_SOURCE`), so without a dedup the request is refused
SAME_SENT_AGAIN = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:the\s+|our\s+)?"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)\s+"
    r"(?:(?:sometimes|occasionally|often|now\s+and\s+then)\s+)?"
    r"(?:sends?|reports?|posts?|publish(?:es)?|push(?:es)?|emits?|writes?|logs?|delivers?"
    r"|produces?)\s+the\s+same\s+(?P<act>(?:[A-Za-z][\w'-]*\s+)?[A-Za-z][\w'-]*)\s+"
    r"(?P<again>twice|more\s+than\s+once|several\s+times|multiple\s+times|again)"
    # ("... to x (the satellite link retries)": an aside on why, the dedup's reader reads it)
    rf"{_ARRIVES_ON}(?=\s*[.;!?(]|\s*$)",
    ICASE,
)
# "pickers scan each crate as they fill it (topic farm.crate_scans)", "The carts scan every
# dose they hand out and publish to the topic x": producers making one record of every thing
# they handle (a verb of recording), then the topic, bracketed or published to; the words are
# checked by `_records_each_plain` (plain description words, the act a plain verb)
PRODUCERS_RECORD_EACH = re.compile(
    r"(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+|our\s+)?(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+"
    r"(?:scan|scans|weigh|weighs|log|logs|record|records|time|times|register|registers|tag|tags)\s+"
    r"(?:every|each)\s+(?P<what>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)"
    # ("... as they fill it", "... they hand out": what they do to it, one verb and a particle)
    r"(?:\s+(?:as\s+|when\s+|once\s+)?(?:they|it)\s+(?P<act>[a-z]+)(?:\s+(?:out|up|in|off|over))?"
    r"(?:\s+(?:it|them))?)?"
    rf"(?:\s*\(\s*(?:the\s+)?(?:kafka\s+)?topic\s+(?P<n>{NAMED_TOPIC}|{QUOTED})\s*\)"
    r"|\s*,?\s+and\s+(?:publish|send|post|push|write|stream)\s+(?:them\s+|it\s+)?(?:to|into|on|onto)\s+"
    rf"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n2>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?)"
    r"(?=\s*[.;!?]|\s*$)",
    ICASE,
)
# Where a producer sentence's topic ends it: the sentence's end, or a second clause with its
# own subject ("Each lift ... goes to depot.crane_moves, and the crane master data is on ...")
SENTENCE_GOES_ON = re.compile(
    r"\s*[.;!?]|\s*$|\s*,\s*(?:and|while|whereas)\s+(?:the|our|its|their|a|an|all|each|every)\s",
    ICASE,
)
# "Every ticket scanned at the dome doors goes to planetarium.ticket_scans", "Each step of an
# adoption goes to x": every record, in plain words, going to a topic (read as the source only
# when no other is named and no sink writes to it, see `_every_goes_to`)
EVERY_GOES_TO = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:every|each)\s+(?P<w>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,9}?)\s+"
    r"(?:goes|is\s+sent|gets\s+sent|ends\s+up|lands|arrives"
    # ("Every parcel ... is published to x", "Every booking is posted to x": the passive of
    # a producer's verb of sending)
    r"|(?:is|gets)\s+(?:published|posted|pushed|written|streamed|logged|recorded)"
    # ("Every loom break is an event on x", "Every truck passing the gate produces an event on
    # x": one record per happening, said as what it becomes)
    r"|(?:is|becomes|produces|creates|generates|makes)\s+(?:an?|one|1)\s+(?:new\s+)?"
    r"(?:event|message|record|row|entry))\s+(?:to|into|onto|on|in)\s+(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+)?(?P<n>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?(?=\s*[.;!?,]|\s*$)",
    ICASE,
)
# "Ticket sales from all tills go to pos.sales", "Readings from the hive scales end up in x":
# the records (a plural noun) and who makes them, after "from" or "at", then where they go:
# a producer sentence said without "every" (the words are checked in `_from_producers_go_to`;
# "Orders go to x" alone, with no producers, may be where the output goes and stays unread)
FROM_PRODUCERS_GO_TO = re.compile(
    r"(?:^|(?<=[.!?;:]\s))\s*(?:the\s+|our\s+|all\s+(?:the\s+|our\s+)?)?"
    r"(?P<w>(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*s)\s+(?:from|at)\s+"
    r"(?P<det>(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?|the\s+|our\s+)?"
    r"(?P<by>(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)\s+(?:all\s+)?(?:go|end\s+up)\s+"
    r"(?:to|into|onto|on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?(?=\s*[.;!?,]|\s*$)",
    ICASE,
)
# Words joining a record's description ("every step of an adoption", "scanned at the doors")
# ("every warp or weft break": two plain nouns of one kind)
_EVERY_JOINS = word_set("of an a the at in on from by our their or and for")
# A relative clause saying how each record is made, never which ("every order that goes into
# an oven", "every parcel that passes over the scanner", "every seat we sell", "every rescue
# the guards log"): a verb of passing a place, or who makes the record and a verb of making
# it (one plain word each; "every order that fails ..." is no such clause and stays unread)
_MADE_CLAUSE = re.compile(
    r"\b(?:(?:that|which)\s+(?:goes|passes|comes|runs|rolls|moves|travels)\s+"
    r"(?:into|over|through|past|under|across|onto|off|along)\s+(?:an?|the|our)\s+[A-Za-z][\w-]*"
    r"|(?:we|they|(?:the|our)\s+[A-Za-z][\w-]*s)\s+(?:sell|log|scan|record|take|make|handle"
    r"|ship|serve|book|weigh|register|issue|print|pack|load)(?=\s|$))",
    ICASE,
)
# What a pipeline writes, never the source's records ("Every alert goes to x": an output)
_EVERY_OUTPUTS = word_set(
    "alert notification window summary total aggregate count average result output match"
    " duplicate dupe reject rejection rest other remainder error failure"
)
# Participles saying a record is made, never which ("every ticket scanned at the doors"; never
# "every order cancelled by ...")
_MADE_PARTICIPLES = word_set(
    "scanned logged recorded made placed taken sent received weighed sold booked created"
    " measured captured read registered"
)
# "two networks of air sensors, one publishing to the Kafka topic aq-north and one to
# aq-south": two producers said as "one ... and one ...", each writing to a source topic
_ONE_SENDS = (
    r"(?:publish(?:es|ing)?|send(?:s|ing)?|writ(?:es|ing)|push(?:es|ing)?|produc(?:es|ing)"
    r"|stream(?:s|ing)?|post(?:s|ing)?)"
)
_ONE_TO = r"(?:to|into|on|onto)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
ONE_AND_ONE = re.compile(
    # (numbers may be digits by then: "2 assembly lines, 1 publishing to ...")
    rf"(?:(?<=\btwo\s)|(?<=\b2\s))[^.;\x00]{{0,80}}?,\s*(?P<lead>(?:one|1)\s+{_ONE_SENDS}\s+"
    rf"{_ONE_TO})(?P<a>{NAME})"
    rf"\s*,?\s+and\s+(?:one|1|the\s+other(?:\s+one)?|another)\s+(?:{_ONE_SENDS}\s+)?{_ONE_TO}"
    rf"(?P<b>{NAME})",
    ICASE,
)
# A compound adjective ("temperature-sensitive", "cloud-based"), never a topic before its noun
_ADJECTIVE_NAME = re.compile(
    r"[a-z]+-(?:sensitive|based|free|driven|related|critical|controlled|specific|friendly|grade"
    r"|proof|ready|intensive|heavy|dependent|bound|facing|owned|made)",
    ICASE,
)
# Words that join a producer's description ("sensors of the press line").
_PRODUCER_JOINS = word_set("of the on in at our each every all both from and")
# "scales under each hive": where each producer is placed (only before each/every/the/our:
# "sensors under load" may say which records)
_PLACED = re.compile(r"(?:under|inside|beside|behind|above|near)", ICASE)


def _where_placed(said: list[str]) -> list[str]:
    """`said` without a word of place that opens a phrase naming each producer's spot."""
    return [
        w
        for i, w in enumerate(said)
        if not (
            _PLACED.fullmatch(w)
            and i + 1 < len(said)
            and said[i + 1].lower() in ("each", "every", "the", "our", "both", "all")
        )
    ]


# Records, never their producers: "Duplicates send to topic dupes-x" routes records (a sink)
_NOT_PRODUCERS = re.compile(
    rf"{COUNT_NOUNS}|duplicates?|dupes?|rejects?|rejections?|results?|rest|others|remainder"
    r"|outputs?|matches|ones|data|stuff|everything|anything",
    ICASE,
)


# "The furnace-temps topic has the readings.": a sentence naming the topic that holds the
# records (generic record nouns only: "has the EU orders" is no description).
NAMED_HOLDS = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+(?:has|holds|contains|carries)\s+"
    r"(?:the\s+|all\s+(?:the\s+)?|our\s+)?(?:readings|events|records|messages|data|rows|updates"
    r"|pings|measurements|telemetry)(?=\s*[;,.]|\s*$)",
    ICASE,
)


# "read the slab sensor topic rink.surface_temps": words describing the topic before its
# name (see `_described_before_topic`)
DESCRIBED_TOPIC = re.compile(
    r"\b(?:read|reads|reading|consume|consumes|consuming|subscribe\s+to|listen\s+to)\s+"
    r"(?:from\s+)?the\s+(?P<w>(?:[A-Za-z][\w-]*\s+){1,3}?)(?=\x00|(?:kafka\s+)?topic\s+\x00)",
    ICASE,
)


# "topic checkins has every check-in": after the topic's name (read), that it holds all its
# records (see `_holds_every`)
HOLDS_EVERY = re.compile(
    r"\x00+(?:\s+(?:kafka\s+)?topic)?\s+(?P<v>(?:has|holds|contains|carries|gets|receives)\s+"
    r"(?:every|each|all(?:\s+the|\s+our)?)\s+(?P<noun>[a-z][a-z-]*))(?=\s*[;,.!]|\s*$)",
    ICASE,
)
# Words that say which of several topics, or which records ("the legacy topic orders-v1")
_WHICH_TOPIC = word_set(
    """legacy archived archive current previous prod production staging live main primary
    backup replica mirror shadow canary beta alpha"""
)
_GENERIC_RECORDS = word_set(
    "reading readings event events record records message messages row rows update updates"
)


# "enrich grade-submissions with the students table ...": the records a join or enrichment
# reads, a name that can only be a topic between its verb and "with" (the verb and "with" are
# read, and masked, by the join and enrichment recognisers).
JOINED_NAMED = re.compile(
    r"(?:\b(?:enrich|enriches|enriching|augment|augments|decorate|decorates|join|joins"
    r"|joining)|\x00)\s+(?:the\s+|each\s+record\s+(?:of|in|on)\s+)?(?:kafka\s+)?(?:topic\s+)?"
    # "Enrich the conveyor-jams events with ...": the records' noun after the name
    # ("join 'pool-lap-times' with ...": a quoted name too)
    rf"(?P<n>{QUOTED}|{NAMED_TOPIC})(?P<noun>\s+(?:events|records|messages|rows|entries|readings))?"
    r"(?=\s+\x00)",
    ICASE,
)
JOIN_VERB = re.compile(
    r"\b(?:enrich|enriches|enriching|augment|augments|decorate|decorates|join|joins|joining)\s+"
    r"(?:the\s+|each\s+record\s+(?:of|in|on)\s+)?(?:kafka\s+)?(?:topic\s+)?$",
    ICASE,
)


# "filter the topic cinema-sales for tickets where ...": after a topic read already, "for" and
# what its records are, before a condition (read by the filters recogniser later).
FOR_RECORDS = re.compile(
    r"\b(?:filter|filters|filtering|search|searches|searching|scan|scans|scanning|check"
    r"|checks|checking|grep|comb)\s+(?:the\s+|through\s+(?:the\s+)?)?\x00+\s+for\s+(?:the\s+"
    r"|all\s+(?:the\s+)?)?(?P<w>(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)"
    r"(?=\s+(?:where|whose|with|that|which|having)\b)",
    ICASE,
)


# "Input is the auth-failures topic", "The source is lab-results": a label, then the name.
SOURCE_IS = re.compile(
    # at the start of a sentence or clause only ("where source = 'web'" is a filter)
    # ("Our input is the kafka topic bike-trips")
    r"(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+|our\s+|my\s+)?(?:input|source)(?:\s+(?:kafka\s+)?(?:topic|stream))?"
    r"\s+(?:is|will\s+be)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    r"|(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+|our\s+|my\s+)?(?:input|source)\s+(?=\x00)"
    # "... to topic weak-estates. Input topic quality-checks.": the sentence end read with the
    # sink before it (checked against the text in `_source_is`)
    r"|(?<=\x00\s)(?P<lb>(?:input|source)\s+(?=\x00))"
    # "Source rx-events.": a ticket's line naming the source, then the sentence ends ("Quick
    # look at temps: source dh.temps, ...": after a lead's colon too)
    rf"|(?:^|(?<=[.!?;:\n]\s))\s*(?:input|source)(?:\s+(?:kafka\s+)?topic)?\s+(?=(?:{QUOTED}"
    rf"|{NAMED_TOPIC})\s*(?:[.,;\n]|$))",
    ICASE,
)


# "Inputs are flood.rain_north and flood.rain_south", "The sources are the topics a, b and c":
# the plural label, then two or more names that can only be topics, ending the sentence (a
# condition or a field list after them is left unread, never dropped)
SOURCES_ARE = re.compile(
    r"(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+|our\s+|my\s+)?(?:inputs|sources|(?:input|source)\s+topics)"
    r"\s+(?:are|will\s+be)\s+(?:the\s+)?(?:kafka\s+)?(?:topics\s+)?"
    rf"(?P<list>(?:{QUOTED}|{NAMED_TOPIC})(?:{SEP_WORDS}(?:{QUOTED}|{NAMED_TOPIC}))+)"
    r"(?=\s*(?:[.;\n]|$))",
    ICASE,
)


# "dryer-temps topic; 95th percentile ...", "puck-tracking topic. 30 second windows ...": a name
# that can only be a topic, then "topic", alone opening the request (what the rest is about;
# said later, "... . dryer-temps topic." could be the output and is left unread)
NAME_TOPIC_OPENS = re.compile(
    rf"^\s*(?:the\s+)?(?P<n>{NAMED_TOPIC})\s+(?:kafka\s+)?topic\s*(?=[.;:]\s|$)",
    ICASE,
)


# "bowling.throws session windows per lane_id ...", "pos-sales 5 minute tumbling windows ...": a
# name that can only be a topic opening a terse request, then the window it is cut into (the
# window's words are left to the window recognisers)
NAME_WINDOWED_OPENS = re.compile(
    rf"^\s*(?:the\s+)?(?P<n>{NAMED_TOPIC})(?=\s+(?:(?:session|tumbling|hopping|sliding|fixed)\s+"
    r"|\d+[\s-]*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\s+"
    r"(?:tumbling\s+|hopping\s+|sliding\s+)?)windows?\b)",
    ICASE,
)


# "raw-scans is the input", "Topic lab-results is our source.": the name, then the label.
NAME_IS_SOURCE = re.compile(
    rf"(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?(?P<n>{QUOTED}|{NAMED_TOPIC})"
    r"(?:\s+(?:kafka\s+)?topic)?\s+(?:is|will\s+be|=)\s+(?:the|our|my)\s+(?:input|source)"
    # ("the x topic is our input and clickhouse y our output")
    r"(?:\s+(?:kafka\s+)?(?:topic|stream))?(?=\s*(?:[.,;:\n]|$)|\s+and\s)",
    ICASE,
)


# "enrich each booking on airline-bookings with ...": the records, one at a time, on a name that
# can only be a topic.
# "session windows on swipe-events per user_id ...": the records a window is computed on, a
# name that can only be a topic (only "on <name>" is read; the window words stay)
WINDOWS_ON = re.compile(
    r"(?:(?<=windows\s)|(?<=window\s))(?:on|over)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})",
    ICASE,
)


EACH_ON = re.compile(
    # never a period ("every hour on pos-sales" is a window)
    r"\b(?:each|every|all(?:\s+the)?)\s+(?!(?:[A-Za-z]+\s+)?(?:[A-Za-z]+\s+)?(?:\d|half|quarter|other|second|minute"
    r"|hour|day|week|month|year|night|morning|evening|time|tick|interval|window|batch|run"
    r"|cycle)\w*\b)"
    # (a word before the noun only when the topic's name holds it: "every EU order" may select)
    # ("each check-in on gym.checkins": a dashed noun too)
    r"(?:(?P<pre>[A-Za-z]+)\s+)?[A-Za-z]+(?:-[A-Za-z]+)?\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?"
    # ("Every record on `tracking.player-positions`": quoted too)
    rf"(?:topic\s+)?(?P<q>[`'\"]?)(?P<n>{NAMED_TOPIC})(?P=q)",
    ICASE,
)


# "compute x as a * b for each record in telematics-raw": "for each record" read with the computed
# field, then where those records are (checked in `_each_read_in`: the masked words before it
# must end with "each <noun>")
EACH_READ_IN = re.compile(
    rf"(?<=\x00)\s*(?:in|on|from|of)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAMED_TOPIC})",
    ICASE,
)
EACH_BEFORE_IN = re.compile(r"\b(?:each|every)\s+(?:single\s+)?[A-Za-z]+\s*$", ICASE)


# "Group player-actions into session windows per player_id": the name the records are grouped
# from (only the name is read; the verb is the window's)
GROUPED_NAMED = re.compile(
    # ("Group the marina's fuel-dock-sales into ...": whose records, a possessive, read with it)
    rf"(?<=\bgroup\s)(?:(?:the|our)\s+)?(?:[A-Za-z]+'s\s+)?(?P<n>{NAMED_TOPIC})(?=\s+(?:into|by|per)\b"
    # "Group the print-farm-events of each printer_id into sessions"
    r"|\s+(?:of|for)\s+(?:each|every)\s+(?:[A-Za-z_]\w*|\x00+)\s+into\b)",
    ICASE,
)


# "write iot-heartbeats to clickhouse ...": a topic-like name moved somewhere is the source.
MOVE_NAMED = re.compile(
    r"\b(?:write|writes|send|sends|push|pushes|forward|forwards|move|moves|copy|copies|ship"
    r"|ships|dump|dumps|land|lands|sink|sinks|pipe|pipes|get|gets|print|prints|show|shows|display"
    r"|displays|tail|tails|echo|echoes|fan\s+out|fans\s+out|tee|tees"
    # "can someone wire crac-status -> clickhouse x", "hook up x to y", "connect x to y": a
    # verb of joining two systems, the name between them the source
    r"|(?P<wire>(?:wire|wires|wiring|hook|hooks|hooking)\s+up|wire|wires|connect|connects|plumb"
    r"|plumbs|hook|hooks))\s+(?:the\s+|all\s+(?:the\s+)?)?"
    # ("hook x up to clickhouse y": the particle after the name)
    rf"(?P<n>{NAMED_TOPIC})(?:\s+up(?=\s+(?:to|into)\b))?(?=\s+(?:to|into|onto)\b|\s*\x00"
    # ("wire x -> clickhouse y": the arrow laid out as "x; store in y", a step of its own)
    r"|(?(wire)\s*;|(?!)))",
    ICASE,
)
# "Can you send gate-events to topic x?": the sink recogniser read the verb and the
# destination; the name between them is the source.
MOVED_BETWEEN = re.compile(
    r"(?<=\x00)\s+(?:the\s+|all\s+(?:the\s+)?)?"
    rf"(?P<n>{NAMED_TOPIC})(?=\s+(?:\x00|(?:to|into|onto|in)\s+(?:the\s+)?\x00"
    # "print newsroom-edits to stdout": the verb read as the stdout sink, "to stdout" left
    r"|(?:to|on)\s+(?:the\s+)?(?:stdout|console|terminal|screen)\b"
    # "Forward chess-games where rated is true to topic x": a condition between name and sink
    r"|(?:where|whose|when|if)\s[^\x00;\n]{1,80}?\s(?:(?:to|into|onto)\s+(?:the\s+)?)?\x00))",
    ICASE,
)
MOVE_VERB = re.compile(
    r"\b(?:write|send|push|forward|move|copy|ship|dump|land|sink|pipe|get|stream|publish|emit"
    r"|deliver|route|put|load|save|store|mirror|replicate|print|show|display|tail|echo"
    r"|fan(?:s|ning)?\s+out|split|splits|duplicate|duplicates|tee|tees)\w*\s+"
    r"(?:the\s+|all\s+(?:the\s+)?)?$",
    ICASE,
)
# "We'd like gate-events in ClickHouse table x": a name that can only be a topic, right before
# the sink ("taxidermy-orders straight into clickhouse x": an adverb saying nothing is changed).
NAMED_INTO_SINK = re.compile(
    rf"(?<![\w-])(?P<n>{NAMED_TOPIC})(?:\s+(?:straight|directly|direct))?"
    r"(?=\s+(?:in|into|to|onto)\s+(?:the\s+)?\x00)",
    ICASE,
)
# "All records on payments-raw are to be loaded ...": the records on a name that can only be a
# topic.
RECORDS_ON = re.compile(
    # ("on every record of telematics-raw", "Anything in print-queue with ...")
    r"\b(?:all\s+|every\s+)?(?:the\s+)?(?:events?|messages?|records?|data|rows?|entries|entry"
    r"|anything|everything)\s+(?:on|in|of)\s+"
    rf"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAMED_TOPIC})",
    ICASE,
)
# "ph probes on hatch.ph_readings double-send sometimes", "the scanners on gate.scans resend
# now and then": the producers' sentence, its subject a plural noun, the topic after "on",
# then how they send (the subject left to the description reader)
PRODUCERS_ON = re.compile(
    r"(?<=[a-z]s\s)on\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})(?=\s+(?:sometimes\s+|often\s+|occasionally\s+|also\s+)?"
    r"(?:double-send|double-post|re-?send|re-?send|send|arrive|come|repeat|duplicate|publish|emit"
    r"|retr(?:y|ies))\w*\b)",
    ICASE,
)
# "The destination for payments-raw is ClickHouse table x", "Could we have payments-raw loaded
# into ...": the source named with its destination.
DESTINATION_FOR = re.compile(
    r"\b(?:the\s+)?(?:destination|target|output)\s+(?:for|of)\s+(?:the\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})\s+(?:is|should\s+be|will\s+be|=)(?=\s+(?:the\s+)?\x00)",
    ICASE,
)
# "the parcel-scans topic is our input": the label after a topic read already.
IS_THE_SOURCE = re.compile(
    r"(?<=\x00)\s+(?:is|will\s+be)\s+(?:the|our|my)\s+(?:input|source)(?:\s+(?:topic|stream))?"
    r"(?=\s*(?:[.,;:\n]|$)|\s+and\s)",
    ICASE,
)
# "... is pushed to lift-telemetry by the lift controllers": who produces, after the topic.
BY_PRODUCERS_AFTER = re.compile(
    r"(?<=\x00)\s+by\s+(?:the|our|their|all\s+the)\s+(?P<w>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)"
    r"(?=\s*[.;,!?]|\s*$)"
    # "Sales topic is pos-sales (fed by the tills)": an aside after the topic
    r"|(?<=\x00)\s*\(\s*(?:(?P<v>fed|produced|written|published|populated|filled|sent|pushed)\s+"
    r"(?:to\s+)?by|(?P<from>from))\s+(?:the|our|their|all\s+the)\s+(?P<w2>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)"
    r"\s*\)",
    ICASE,
)
_PASSIVE_PRODUCED = re.compile(
    r"\b(?:is|are|gets?|get)\s+(?:published|produced|written|streamed|sent|pushed|posted|logged)\b",
    ICASE,
)
# "Can parcel-scans be loaded into clickhouse x?": the name, asked to be moved.
CAN_BE_MOVED = re.compile(
    rf"\b(?:can|could|should|would|will)\s+(?:the\s+)?(?P<n>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?"
    r"(?=\s+(?:(?:please|also)\s+)?(?:be|get)\s+(?:loaded|copied|written|sent|moved|streamed"
    r"|mirrored|replicated|landed|stored|saved|pushed|forwarded|archived|dumped|inserted)\b"
    r"|\s*\x00)",
    ICASE,
)
HAVE_MOVED = re.compile(
    rf"\b(?:have|for|want|wants|need|needs|like)\s+(?:the\s+)?(?P<n>{NAMED_TOPIC})"
    r"(?:\s+(?:to\s+be\s+)?(?:loaded|copied|written|sent|moved|streamed|mirrored|replicated"
    r"|landed|stored|saved|pushed|forwarded)(?=\s+(?:to|into|in|onto)\b)|(?=\s+\x00))",
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
# "door-events in, ClickHouse sec.doors out": the source, then "in" and a comma.
NAME_IN = re.compile(
    # ("... ten minutes - topic escape-puzzles in, topic escape-puzzles-clean out")
    r"(?:^|(?<=[:;.!?]\s)|(?<=\s[-\u2013\u2014]\s))\s*(?:(?:kafka\s+)?topic\s+)?"
    # ("call-logs topic in, ...": the word topic after the name)
    rf"(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+in(?=\s*,)",
    ICASE,
)
# "dedupe timesheet-entries by entry_id", "count page-views per country": an operator's verb,
# then a name that can only be a topic (the verb is left to the operator's recogniser).
OPERATED_NAMED = re.compile(
    r"\b(?:dedupe|dedup|de-?duplicate|deduplicate|count|filter|sum|total|average|sessioni[sz]e)\s+"
    r"(?:the\s+|all\s+)?(?:kafka\s+)?(?:topic\s+)?"
    # ("dedupe 'ed-triage' on ...": the name quoted, as only a topic's is)
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`]){NAMED_TOPIC}(?P=q))"
    r"(?=\s+(?:by|on|per|for|where|whose|with|into|to|every|each|and)\b|\s*[,;])",
    ICASE,
)
# "Keep lasertag.vest-status where battery_pct < 20": the filter's verb, then a name that can
# only be a topic right before its condition (the verb and condition are left to the filters)
KEPT_NAMED = re.compile(
    r"\bkeep\s+(?:(?:the|all)\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`]){NAMED_TOPIC}(?P=q))(?=\s+(?:where|whose)\b)",
    ICASE,
)
# "X sometimes arrive twice", "X get duplicated", "X are sometimes resent", "X get sent twice":
# the records' repeats, said of them
REPEATS_AFTER_NAME = (
    r"(?:(?:sometimes|occasionally|often|may|might|can|do|tend\s+to)\s+)?(?:arrive|come\s+in"
    r"|show\s+up|get|are)\s+(?:(?:sometimes|occasionally|often)\s+)?(?:twice|duplicated|doubled"
    r"|repeated|more\s+than\s+once|re-?sent|re-?delivered|re-?published|replayed|retried"
    r"|(?:sent|delivered|published|posted)\s+(?:twice|more\s+than\s+once|multiple\s+times))\b"
)
# "over cleanroom-particles: ...", "the alarms on cnc-alarms and ...": a name that can only be a
# topic after a preposition, then the end of the clause or a word that starts another
_ON_NAMED_FOLLOWS = (
    # ("... (drive.app_events) by learner_id": the key of a step on them follows)
    r"(?=\s*(?:[:,;\n]|\.(?:\s|$)|$|\x00|->)|\s+(?:and|then|per|by|every|each|to|into|with|where)\b"
    # "readings on wt.strain_gauges sometimes arrive twice": the records' repeats said after it
    # (dedup.DUPLICATES_SAID reads them, or they stay unread)
    rf"|\s+{REPEATS_AFTER_NAME})"
)
ON_NAMED = re.compile(
    rf"\b(?:on|over|in|of)\s+(?:the\s+)?(?P<n>{NAMED_TOPIC}){_ON_NAMED_FOLLOWS}"
    # "packet scans (seedbank.scans) get duplicated", "For the helpdesk queue (lib.queue):": the
    # name in parentheses right after the plain words saying what its records are
    rf"|(?<=[A-Za-z])\s*\(\s*(?:kafka\s+)?(?:topic\s+)?(?P<p>{NAMED_TOPIC})\s*\){_ON_NAMED_FOLLOWS}",
    ICASE,
)
# "every hour on pos-sales": a period right before "on" (a time, never read as the source here;
# tests/requests/refuse_every_period_on_named_topic)
PERIOD_BEFORE = re.compile(
    r"\b(?:(?:every|each|per)\s+(?:\d+\s+)?[A-Za-z]+|hourly|daily|weekly|nightly|monthly)\s+$",
    ICASE,
)
# "the input topic is x": a word saying what a topic is for, never its name.
_ROLE_WORDS = frozenset({"input", "source", "output", "target", "destination", "sink", "result",
                         "results", "kafka"})  # fmt: skip
# Nouns for what a pipeline makes, never the records it reads ("write the totals (ops.totals)")
_RESULT_NOUNS = word_set("totals total counts summaries summary aggregates alerts rollups")
# Words opening a clause before the records' noun: "For the helpdesk queue (lib.queue): ..."
_GLOSS_LEAD = word_set("for the our all every each")


DESCRIBED = re.compile(
    r"\b(?:the\s+|all\s+)?(?P<w>[A-Za-z][\w-]*)\s+(?:events|records|messages|data|stream)\s+"
    r"(?=(?:from|of|in|on)\s+\x00)",
    ICASE,
)


_WORD = re.compile(r"[A-Za-z][\w-]*")
# "keep only failed payments from topic failed-payments": words that select, not describe
SELECTING = re.compile(
    r"\b(?:only|just|keep|keeping|except|not|no|without|drop|dropping|remove|removing|skip"
    r"|skipping|exclude|excluding|but|filter|filtering|where|whose|first|last|latest|newest"
    r"|oldest|earliest|top|bottom|unique|distinct)\b(?:\s+(?:the|all|any))?\s*$",
    ICASE,
)
# "Stream call detail records from cdr-raw", "Read ride-hailing trips from topic rides": what
# the source's records are, said after a reading verb; "Library checkouts arrive on topic X".
DESCRIBED_AFTER_VERB = re.compile(
    rf"\b(?:{SOURCE_VERB}|forward|forwards|send|sends|move|moves|collect|collects|capture"
    r"|captures|get|gets)\s+(?:the\s+|all\s+|our\s+|each\s+|every\s+|incoming\s+)?"
    r"(?P<w>(?:(?!(?:from|on|in|of|off|over)\s)[A-Za-z][\w-]*\s+){0,2}(?!(?:from|on|in|of|off|over)\s)"
    r"[A-Za-z][\w-]*)\s+(?:(?:from|on|in|of|off|over)\s+)?(?=\x00)",
    ICASE,
)
DESCRIBED_ARRIVING = re.compile(
    r"(?:^|[.!?;]\s+)(?:the\s+|our\s+|all\s+)?(?P<w>(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s+"
    r"(?:arrive|arrives|come\s+in|comes\s+in|land|lands|flow|flows|are\s+published|get\s+published)"
    r"\s+(?:on|in|into|to|over|via|through)\s+(?=\x00)",
    ICASE,
)
# After a bare name: more words, then the topic named ("ride-hailing trips from topic rides").
DESCRIBES_NAMED_TOPIC = re.compile(
    r"(?:\s+[A-Za-z][\w-]*){1,4}\s*(?:\s(?:from|on|in)\s+(?:the\s+)?(?:kafka\s+)?topic\s"
    # "ingest the refuse-truck bin lift events (topic bin-lifts)"
    r"|\(\s*(?:kafka\s+)?topic\s"
    # "Spillway gate readings — topic spillway-gate-readings — should be ..."
    r"|\s[\u2013\u2014]\s*(?:kafka\s+)?topic\s|\s--?\s+(?:kafka\s+)?topic\s)",
    ICASE,
)
# "dump the contents of topic x": the topic's records (`_after_sources`)
CONTENTS_OF = re.compile(
    r"\b(?:the\s+)?(?:whole\s+|entire\s+|full\s+)?contents?\s+of\s+(?=(?:the\s+)?\x00)",
    ICASE,
)
# "ingest tap-ons from the fare-taps topic": the records' name right before "from <a topic>"
NAMED_TOPIC_AFTER = re.compile(
    r"\s+(?:from|on|in|off)\s+(?:the\s+|our\s+)?(?:kafka\s+)?"
    r"(?:topic\s+\S|['\"`]?[A-Za-z0-9][\w.-]*['\"`]?\s+(?:kafka\s+)?(?:topic|stream|feed)\b)",
    ICASE,
)
TOPIC_WORDS = re.compile(
    # "each parcel scan (topic parcel-scans)": the topic named in parentheses after the words
    r"\b(?P<w>(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)(?:\s+(?:from|of|in|on)\s+|\s*\(\s*)(?=\x00)",
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
    r"(?=\s*[(:,]|\s+(?:named|called|like|such\s+as)\b|\s+[\u2014\u2013-]\s)",
    ICASE,
)
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


# "(there is one per spacecraft)", "(one topic for each store)", "(one topic per arena, new
# arenas get added)": how the topics a pattern matches are split, after it
TOPICS_SPLIT_ASIDE = re.compile(
    r"\s*\(\s*(?:there\s+(?:is|are)\s+|there's\s+)?(?:one|1|a)(?:\s+topic)?\s+"
    rf"(?:per|for\s+(?:each|every))\s+[a-z]+(?:\s*[,;]\s*(?:and\s+)?{_MORE_COME})?\s*\)",
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
    sentence_end = re.match(r"\s*$|\s+[A-Z]", m.string[m.end() :])
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
    return text


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


# "Merge both", "combine the two feeds into one stream": several sources read as one
MERGE_SOURCES = re.compile(
    r"\b(?:merge|combine|union|interleave)\s+(?:both|them(?:\s+both|\s+all)?|the\s+two"
    r"|(?:both|all)\s+(?:the\s+)?(?:feeds|topics|streams)|the\s+(?:two\s+)?(?:feeds|topics|streams))"
    r"(?:\s+(?:feeds|topics|streams))?(?:\s+(?:together|into\s+one(?:\s+stream)?))?"
    r"(?=\s*[,.;]|\s*$|\s+(?:and|then)\b)",
    ICASE,
)
# "merge the sales from a.x and b.x", "combine topics-free a-x and b-x": two bare names
# merged into one stream (checked in _merged_bare)
MERGED_BARE = re.compile(
    r"\b(?P<v>merge|merging|combine|combining|union|interleave)\s+(?:(?:the|all|our)\s+)?"
    r"(?:(?:[A-Za-z]+\s+){0,2}?(?=(?:from|of|on|in)\s))?(?P<from>(?:(?:from|of|on|in)\s+)?"
    r"(?:the\s+)?(?:kafka\s+)?(?:topics\s+)?)(?P<n>[A-Za-z][\w-]*[-_.][\w.-]*\w)",
    ICASE,
)
_JOIN_KEY_AFTER = re.compile(r"\s+(?:on|by|using|with|where\s+\w+\s*=)\b", ICASE)
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


# "write to", "publish them onto", "send the results into": the words after are a destination
# (a sink's name, read or refused by the sinks and accounting), never the records' description
_DESTINATION_LEAD = re.compile(
    r"\b(?:write|send|publish|emit|push|produce|forward|deliver|ship|sink|put|save|store"
    r"|stream|load|land|output|dump|route)(?:s|es|ing)?(?:\s+(?:it|them|everything|all"
    r"|the\s+(?:results?|output|rest|records|events|rows)))?\s+(?:to|into|onto)(?:\s+the)?$",
    ICASE,
)


class SourceRecogniser(SchemaResolver):
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
        self.mask(lead.start("lead"), examples.end())
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

    def _named(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        for pattern in patterns:
            for m in list(pattern.finditer(self.s)):
                name, quoted = unquote(m.group("n"))
                if not quoted and (name.lower() in STOP or name.lower() in NAME_STOP):
                    continue
                if not quoted and name.lower() in FILLER:
                    continue  # "publish the clean stream to ...": a description, not a name
                if not quoted and re.fullmatch(r"[a-z]+(?:-[a-z]+)+", name) and mode_part(name):
                    continue  # "every test-mode scan to topic x": a kind of record, no name
                if pattern is STREAM_NAMED and not quoted and _wanted_feed(self.s, m):
                    continue  # "the ops team wants a dashboard feed": the output asked for
                if pattern is STREAM_NAMED and not quoted and re.fullmatch(r"[a-z]+ed", name):
                    # "send the merged stream to ...": what the pipeline makes, never a topic;
                    # read when a join makes it, else left unread
                    if self.joins and name.lower() in ("merged", "joined", "matched", "combined"):
                        self.mask(m.start(), m.end(), domain=True)
                    continue
                pre = m.groupdict().get("pre")
                named = {w for x in re.split(r"[-_.]", name.lower()) if x for w in (x, singular(x))}
                said = (
                    {pre.lower(), singular(pre.lower()), pre.lower().removesuffix("ed")}
                    if pre
                    else set()
                )
                # ("each downlinked frame on downlink.frames": the participle repeats the name)
                if pre and not said & named:
                    continue  # "for every EU order on orders-v2": a word that may select
                if (
                    pattern is LANDING
                    and SELECTED_FROM.search(self.s, 0, m.start("n"))
                    and not re.search(r"\btopic\s+$", self.s[: m.start("n")], ICASE)
                ):
                    continue  # "keep only logs coming from 'checkout'": a condition, unread
                self.topics.append((m.start("n"), name))
                if pattern is NAMED_RECORDS and re.fullmatch(r"[a-z]+(?:-[a-z]+)+", name):
                    # "heart-rate alerts": a compound before a noun, maybe an adjective
                    self.compound_sources.append(name)
                # (a ticket's id before the topic stays unread: see text._TICKET_ID)
                if m.groupdict().get("tk"):
                    self.mask(m.end("tk"), m.end())
                    continue
                if pattern is STREAM_NAMED and not quoted and not re.search(r"[-_.\d]", name):
                    self._stream_words.append((m.start("n"), name, m.end()))
                    after = STREAM_THEN_NAME.match(self.s, m.end())
                    if after:  # "the checkout stream `library.checkouts`": that topic, named
                        self.topics.append((after.start("n"), unquote(after.group("n"))[0]))
                        self.mask(m.start(), after.end())
                        continue
                self.mask(m.start(), m.end())

    def _drop_stream_words(self) -> None:
        """ "the kennel stream: read topic kennel-checkins", "Our lottery feed lives in topic
        draws": a plain word before "stream"/"feed" only says which stream another named topic
        is, not a second topic, when it is a part of that topic's name or is said to be it."""
        words = [(p, w) for p, w, _ in self._stream_words]
        for pos, word, end in self._stream_words:
            others = [(p, t) for p, t in self.topics if (p, t) not in words]
            if not others:
                continue
            # ("the checkout stream `library.checkouts`": a part said in the singular)
            parts = {
                w
                for _, t in others
                for x in re.split(r"[-_.]", t.lower())
                if x
                for w in (x, singular(x))
            }
            said_is = re.match(
                r"\s*(?::|=|\(|(?:is|lives?|sits?|comes?\s+in)\b)", self.text[end:], ICASE
            )
            if word.lower() in parts or singular(word.lower()) in parts or said_is:
                self.topics.remove((pos, word))
                continue
            listed = any(
                re.search(
                    r"\b(?:and|plus|both|together|merge|union|join|with|&)\b|&",
                    self.text[min(pos, p) : max(pos, p)],
                    ICASE,
                )
                for p, _ in others
            )
            if not listed:
                raise RequestNotUnderstood(
                    f"{self.text[pos:end].strip()!r} and topic {others[0][1]!r}: say whether they are one "
                    f"topic (name it once) or two ('read topics {word.lower()} and "
                    f"{others[0][1]}')"
                )

    def extract_sources(self) -> None:
        self._stream_words: list[tuple[int, str, int]] = []
        self._fed_by()
        # (before the readers of "on topic x": "every loom break is an event on topic x" is
        # the producers' sentence; another topic read beside it is refused, see
        # _producers_beside_read)
        self._every_goes_to()
        self._from_producers_go_to()
        self._counted_list()  # (before "read 2": the count is no topic)
        self._merged_bare()
        self._named((LANDING, STREAM_NAMED, DATA_IS_IN))
        self._read_sources()
        self._source_is()
        if not self.topics and self.bare_source:  # (the last resort, see bare_source.py)
            self._read_bare_source()
        if not self.topics:  # no topic named any other way: a name that can only be a topic
            self._named(
                (DUPLICATES_ON, NAMED_RECORDS, RECORDS_ARRIVE, BRACKETED_ARRIVES, PRODUCERS_ON, MOVE_NAMED, EACH_ON, NAMED_HOLDS, NAMED_SUBJECT, NAMED_LIVES_ON, RECORDS_ON,
                 DESTINATION_FOR, HAVE_MOVED, CAN_BE_MOVED, NAME_IN, WINDOWS_ON, GROUPED_NAMED,
                 NAMED_TO_LAST_SINK, NAME_TOPIC_OPENS, NAME_WINDOWED_OPENS)
            )  # fmt: skip
        if not self.topics:
            self._each_read_in()
        if not self.topics:
            for m in [*OPERATED_NAMED.finditer(self.s), *KEPT_NAMED.finditer(self.s)]:
                self.topics.append((m.start("n"), unquote(m.group("n"))[0]))
                self.mask(m.start("n"), m.end("n"))
        if not self.topics:
            self._joined_named()
        if not self.topics:
            self._moved_named()
        if not self.topics:
            self._on_named()
        self._by_producers()
        self._one_and_one()
        self._drop_stream_words()
        self._holds_every()
        self._described_before_topic()
        self.topics.sort()
        self._after_sources()
        self._producers_beside_join()
        self._arrivals_beside_read()
        self._producers_beside_read()
        self._merge_restated()

    def _merged_bare(self) -> None:
        """ "Merge the sales from shop.eu-sales and shop.us-sales", "combine a.x and b.x": a
        merging verb says both bare names are topics read as one stream (each one only a topic
        can be, as for "read both a.x and b.x"; see `_both_bare`). The words between the verb
        and the names are left to the readers of descriptions."""
        for m in list(MERGED_BARE.finditer(self.s)):
            listed, end = self._both_bare(m.start("n"), m.end("n"))
            if not listed or _JOIN_KEY_AFTER.match(self.s, end):
                continue  # ("merge a.x and b.x on order_id": a join's key, left to the joins)
            self.topics += [(m.start("n"), m.group("n")), *listed]
            self.mask(m.start("v"), m.end("v"))
            self.mask(m.start("from"), end)

    def _merge_restated(self) -> None:
        """ "AIS positions come from two feeds, a and b. Merge both, dedupe ...": with two or
        more source topics, "merge both" / "combine them" only says they are read as one
        stream (never "merge both on order_id", a join's key, left unread)."""
        if len({name for _, name in self.topics}) < 2:
            return
        for m in list(MERGE_SOURCES.finditer(self.s)):
            self.mask(m.start(), m.end())

    def _read_bare_source(self) -> None:
        """The one topic-shaped name a first reading left unread (bare_source.py): the source,
        said as an assumption."""
        at, name = self.bare_source or (0, "")
        if self.s[at : at + len(name)] != name:
            return  # read as something else this time
        self.topics.append((at, name))
        self.mask(at, at + len(name))
        self.assumptions.append(f"read {name!r} as the source topic: the request names no other")

    def _described_before_topic(self) -> None:
        """ "Please read the slab sensor topic rink.surface_temps": plain words between the
        read verb's "the" and "topic <name>" (read) only say which topic it is, when they end
        in a noun naming the records: a domain word ("sensor") or a part of the topic's name
        ("the till topic shop.tills"). A word that could select ("the late deliveries topic",
        "the EU orders topic") or only qualifies the topic ("the legacy topic orders-v1": which
        one?) stays unread."""
        if len(self.topics) != 1:
            return
        pos, topic = self.topics[0]
        parts = {w for p in _name_words(topic) for w in (p, singular(p))}
        for m in list(DESCRIBED_TOPIC.finditer(self.s)):
            # (only the topic's own words, read, between: "the slab sensor topic x")
            if not re.fullmatch(rf"(?:[{MASK}\s]|kafka|topic)*", self.s[m.end() : pos], ICASE):
                continue
            said = [
                w
                for w in self.text[m.start("w") : pos].split()
                if w.lower() not in ("kafka", "topic")
            ]
            if any(w.lower() in _WHICH_TOPIC for w in said):
                continue  # "the legacy orders topic x": which of several, or which records?
            last = re.sub(r"\W", "", said[-1].lower()) if said else ""
            if (
                last in parts
                or singular(last) in parts
                or any(p.fullmatch(last) for p, _, _ in DOMAINS)
            ):
                self._describe(m.start("w"), m["w"].strip(), topic, continued=True)

    def _holds_every(self) -> None:
        """ "topic checkins has every check-in; we want ...": right after a topic read, that it
        holds every record of its kind, the noun a part of its name (or a generic record noun):
        all the records, selecting none ("has every late check-in" is left unread)."""
        for pos, topic in self.topics:
            m = HOLDS_EVERY.match(self.s, pos)
            if not m:
                continue
            noun = m["noun"].lower().replace("-", "")
            parts = {w for x in re.split(r"[-_.]", topic.lower()) if x for w in (x, singular(x))}
            if singular(noun) in parts or noun in parts or noun in _GENERIC_RECORDS:
                self.mask(m.start("v"), m.end())

    def _producers_beside_join(self) -> None:
        """ "Our exchange publishes order book updates to orderbook-updates. ... correlate each
        fill from the fills topic with ...": a join reads one stream, so a topic only said to be
        produced to, beside another one the request reads, is refused, never read as a second
        source."""
        if not self.producer_topics or not (self.joins or self.enrich_as_join):
            return
        for topic, words, other in self._produced_beside():
            raise RequestNotUnderstood(
                f"{words!r} names topic {topic!r}, and the join reads {other!r}: a join "
                f"reads one stream; say which topic to read, or leave out the words about "
                f"{topic!r} if they are only background"
            )

    def _producers_beside_read(self) -> None:
        """ "The app publishes events to topic tests. Read topic speaking-tests": two names for
        where the records are, refused unless the request merges them or names the produced
        one again ("read topics tests and speaking-tests")."""
        if _MERGING.search(self.text):
            return
        for topic, words, other in self._produced_beside():
            said = re.findall(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", self.text, ICASE)
            if len(said) == 1:
                raise RequestNotUnderstood(
                    f"{words!r} names topic {topic!r}, and the request reads {other!r}: which "
                    f"topic holds the records? Say 'read topics {topic} and {other}' to read "
                    f"both, or leave out the words about {topic!r} if they are only background"
                )

    def _produced_beside(self) -> list[tuple[str, str, str]]:
        """(topic, the producers' words, another topic read) for each source only said to be
        produced to, beside a topic read that no producer sentence names."""
        produced = {t for t, _ in self.producer_topics}
        right = {j.right_topic for j in self.joins if j.right_topic}
        others = [t for _, t in self.topics if t not in produced | right]
        return [
            (topic, words, others[0])
            for topic, words in self.producer_topics
            if others and topic not in right and any(t == topic for _, t in self.topics)
        ]

    def _arrivals_beside_read(self) -> None:
        """ "Read orders from topic shop-orders. Refunds arrive on topic shop-refunds.": a
        sentence saying where other records arrive, whose records nothing else in the request
        names, beside a topic the request reads, is background or a stream left unsaid: refused
        quoting it, never merged into the source (the refunds would be read as orders)."""
        if len(self.topics) < 2 or _MERGING.search(self.text):
            return
        right = {j.right_topic for j in self.joins if j.right_topic}
        for pos, topic in self.topics:
            m = _ARRIVAL_BEFORE.search(self.text[:pos])
            if not m or topic in right:
                continue
            if re.match(r"['\"`]?\s*[^\s.,!?;'\"`]", self.text[pos + len(topic) :]):
                continue  # "... arrive on topic x and are joined on ...": more is said of them
            others = [t for p, t in self.topics if t != topic and t not in right and p < m.start()]
            others += [t for p, t in self.topics if t != topic and t not in right and p > pos]
            if not others:
                continue
            noun = m["w"].split()[-1].lower()
            rest = self.text[: m.start("w")] + " " + self.text[pos + len(topic) :]
            if re.search(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", rest, ICASE):
                continue  # the topic is named again: read for what is said there
            if {noun, singular(noun)} & {
                x for w in _WORD.findall(rest) for x in (w.lower(), singular(w.lower()))
            }:
                continue  # "... Join clicks with impressions": the records are used
            clause = self.text[m.start("w") : pos].strip() + " " + topic
            raise RequestNotUnderstood(
                f"{clause!r} names topic {topic!r} beside topic {others[0]!r}, and nothing else "
                f"in the request says what to do with the {m['w'].strip()}: say 'read topics "
                f"{others[0]} and {topic}' to read both, or leave the words about {topic!r} "
                "out if they are only background"
            )

    def _fed_by(self) -> None:
        """ "Topic dock-events is fed by the bike docks": the topic, and who produces its
        records in plain words only (never "is fed by the failing sensors")."""
        found = [*FED_BY.finditer(self.s), *WHERE_PRODUCERS.finditer(self.s)]
        for m in found:
            if MASK in self.s[m.start() : m.end()]:
                continue
            said = m.group("w").split() + [w for w in [m.groupdict().get("what")] if w]
            if not all(description_word(w) for w in said):
                continue
            topic = unquote(m.group("n"))[0]
            self.topics.append((m.start("n"), topic))
            self.mask(m.start(), m.end())
            self._producers_listed(m["w"], [topic])

    def _every_goes_to(self) -> None:
        """ "Every ticket scanned at the dome doors goes to x": the source, when every word says
        what the records are (a participle of making only, right after the noun: "every
        cancelled order" may select), no other source is named and no sink writes to x."""
        sink_topics = {s.data.get("topic") for s in self.sinks}
        for m in list(EVERY_GOES_TO.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            if not SENTENCE_GOES_ON.match(self.text, m.end()):
                continue  # ("Every order goes to x, deduplicated": more said of it)
            said = _MADE_CLAUSE.sub(" ", m["w"]).split()
            words = [w for i, w in enumerate(said) if w.lower() not in _EVERY_JOINS or i == 0]
            if not all(
                description_word(w) or (i == 1 and w.lower() in _MADE_PARTICIPLES)
                for i, w in enumerate(words)
            ) or any(singular(w.lower()) in _EVERY_OUTPUTS for w in words):
                continue
            topic = unquote(m["n"])[0]
            if topic in sink_topics:
                continue  # "Every alert goes to x" and x written: the pipeline's output
            self._produced_source(m, topic)

    def _from_producers_go_to(self) -> None:
        """ "Ticket sales from all tills go to pos.sales": the source, when the records and
        their producers are plain words (a name after "from" with no article may be a topic:
        "Orders from shop-orders go to x" stays unread), read as `_every_goes_to` reads."""
        sink_topics = {s.data.get("topic") for s in self.sinks}
        for m in list(FROM_PRODUCERS_GO_TO.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()] or not SENTENCE_GOES_ON.match(
                self.text, m.end()
            ):
                continue
            records, by = m["w"].split(), m["by"].split()
            if not all(description_word(w) for w in records + by):
                continue
            if not m["det"] and any(re.search(r"[-_.\d]", w) for w in by):
                continue  # "Orders from shop-orders go to x": a topic's name, no producers
            if {singular(records[-1].lower()), singular(by[-1].lower())} & _EVERY_OUTPUTS:
                continue  # "Alerts from the pipeline go to x": an output
            topic = unquote(m["n"])[0]
            if topic in sink_topics:
                continue
            self._produced_source(m, topic)

    def _produced_source(
        self, m: re.Match[str], topic: str, keep: tuple[int, int] | None = None
    ) -> None:
        """The topic a producer sentence `m` names (its "n" group) read as the source, the
        sentence listed as context (refused beside another topic read: `producer_topics`);
        the span `keep` is left for another reader."""
        self.topics.append((m.start("n"), topic))
        self.producer_topics.append((topic, " ".join(m.group(0).split())))
        said_words = " ".join(m.group(0)[: m.start("n") - m.start()].split())
        self.assumptions.append(
            f"{CONTEXT_PREFIX}{said_words!r} (the records written to {topic}, read as the "
            "source; no step of the pipeline)"
        )
        start, end = keep or (m.end(), m.end())
        self.mask(m.start(), start)
        self.mask(end, m.end())

    def _all_reporting_to(self, m: re.Match[str]) -> None:
        """ "14 greenhouses with climate sensors, all reporting into the topic x": the topic is
        the source; the producers before the comma are read with it when they are plain words
        ("We have 40 trucks with temperature loggers"), else left to the other readers."""
        name, quoted = unquote(m.group("n"))
        if not quoted and (name.lower() in STOP or name.lower() in NAME_STOP):
            return
        self.topics.append((m.start("n"), name))
        start = m.start()
        lead = re.search(
            r"(?:^|(?<=[.!?;]\s))\s*(?:(?:we|i)\s+have\s+|there\s+are\s+|our\s+)?"
            r"(?P<w>[A-Za-z0-9][\w'-]*(?:\s+[A-Za-z0-9][\w'-]*){0,7})\s*$",
            self.s[:start],
            ICASE,
        )
        if lead:
            words = [w for w in lead["w"].split() if w.lower() not in ("with", "and", "of")]
            if words and all(description_word(w) or w.isdigit() for w in words):
                start = lead.start()
        self.mask(start, m.end())

    def extract_producers(self) -> None:
        """ "We have sensors of the press line which are sending to topic press-line-telemetry":
        the topic the producers (plain words, never "we" or a verb) write to is the source."""
        # ("Our cycling team streams ...": a team's words are hidden as who asks, and still
        # describe the producers)
        # (before the sinks: "all reporting into the topic x" is never a destination)
        for m in list(ALL_REPORTING_TO.finditer(self.s)):
            self._all_reporting_to(m)
        seen = self.s.replace("\x01", "x")
        for m in list(WE_EMIT.finditer(seen)):
            if MASK not in self.s[m.start() : m.end()] and _we_emit_plain(m):
                self._refuse_selecting_happening(m)
                self.topics.append((m.start("n"), unquote(m.group("n"))[0]))
                self.mask(m.start(), m.end())
        for m in list(IT_POSTS_EVERY_TIME.finditer(self.s.replace("\x01", "x"))):
            if MASK in self.s[m.start() : m.end()] or not _happening_plain(m):
                continue
            self._refuse_selecting_happening(m)
            topic = unquote(m.group("n"))[0]
            self.topics.append((m.start("n"), topic))
            # (only said to be produced to: refused beside another topic read, see
            # _producers_beside_read)
            self.producer_topics.append((topic, " ".join(m.group(0).split())))
            self.mask(m.start(), m.end())
        for m in list(PRODUCERS_RECORD_EACH.finditer(self.s.replace("\x01", "x"))):
            if MASK in self.s[m.start() : m.end()] or not _records_each_plain(m):
                continue
            name = "n" if m["n"] else "n2"
            topic = unquote(m[name])[0]
            self.topics.append((m.start(name), topic))
            # (only said to be produced to: refused beside another topic read)
            self.producer_topics.append((topic, " ".join(m.group(0).split())))
            said_end = m.end("act") if m["act"] else m.end("what")
            self._producers_listed(self.text[m.start() : said_end], [topic])
            self.mask(m.start(), m.end())
        self._act_then_lands()
        seen = self._read_ends_kept()
        for m in list(PRODUCERS_SEND.finditer(seen)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            said = m.group("w").split()
            first = said[0].lower()
            # ("..., and every till sends to x": each producer, a clause of its own, its words
            # checked as a sentence's are)
            they = m["and"] and first not in ("each", "every")
            if they and not (
                first in ("they", "it")
                and len(said) == 1
                and re.search(
                    r"\b(?:we\s+have|there\s+are)\s",
                    self.text[: m.start()].rsplit(".", 1)[-1],
                    ICASE,
                )
            ):
                continue  # after ", and" only 'they', the producers the sentence named
            if they:
                said = []
            if first in _PRODUCER_JOINS - {"the", "our", "all", "each", "every", "both"} or (
                len(said) == 1 and first.endswith("ly")
            ):
                continue  # "in addition publish to topic x", "additionally publish ...": orders
            if m["org"] and not all(description_word(w) for w in m["org"].split()):
                continue  # "Our EU shops have ...": who has the producers may select records
            said = _where_placed(said)
            words = [w for w in said if w.lower() not in _PRODUCER_JOINS]
            each = first in ("every", "each")
            named = _name_words(unquote(m.group("n") or m.group("n2"))[0])
            if not they and (
                not words
                # ("Every stamped part produces one JSON message on topic x": one per item)
                # ("Our 40 trawlers send ...": how many, a count of them)
                or not all(
                    description_word(w)
                    or compound_topic_word(words, i, named)
                    or (each and _participle(w))
                    or w.isdigit()
                    or _measured_by(w, words[i + 1 :])
                    for i, w in enumerate(words)
                )
            ):
                continue
            if words and _NOT_PRODUCERS.fullmatch(words[-1]):
                continue  # "Duplicates send to topic x": records routed, no producer
            what = (m["what"] or "").split()
            if not all(
                (description_word(w) and not _selecting_part(w))
                or w.lower() in ("json", "avro", "protobuf")
                or w.lower() in _BOTH_WAYS
                # ("send status updates to spa.hottub-status": the name's own word, or two
                # words it joins in one, pick none of its records)
                or _topic_word(w, named) or compound_topic_word(what, i, named)
                for i, w in enumerate(what)
            ):
                continue  # "publish failed events to topic x": which records, a selection
            # ("log every arrival and departure to x": two plain nouns of one kind)
            each_what = _joined_pair_out((m["each_what"] or "").split())
            if each_what and (
                not all(description_word(w) and not _selecting_part(w) for w in each_what)
                or singular(each_what[-1].lower()) in _EVERY_OUTPUTS
            ):
                continue  # "log every failed download", "post every alert to x": a selection
            name = "n" if m.group("n") else "n2"
            said_topics = [(m.start(name), unquote(m.group(name))[0])]
            for group in ("more", "more2"):
                if m[group]:
                    more = re.finditer(rf"(?:{NAMED_TOPIC}|{QUOTED})", m[group])
                    said_topics += [(m.start(group) + t.start(), unquote(t[0])[0]) for t in more]
            self.topics += said_topics
            self.producer_topics += [
                (topic, " ".join(m.group(0).split())) for _, topic in said_topics
            ]
            if not they:
                # who sends is no step, but its words are the user's: listed, never dropped
                self._producers_listed(
                    self.text[m.start() : m.end("w")], [t for _, t in said_topics]
                )
            # ("double-sends": the repeats left unread, for a dedup to say, see DOUBLE_SENT)
            # ("... when they are late": a tail that may select stays unread, and is refused)
            said_when = m["when"] and (
                _when_plain(m.string[m.end("while") : m.end("when")])
                if m["while"]
                else _happening_words_plain(m["when"])
            )
            end = m.end() if said_when or not m["when"] else m.start("when")
            cut = m.span("dup") if m["dup"] else (end, end)
            self.mask(m.start(), cut[0])
            self.mask(cut[1], end)
            have = re.search(
                r"(?:\b(?:we|i)\s+have|\bthere\s+are|^x+)\s+(?P<d>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*)"
                r"{0,5})\s+$",
                seen[: m.start()],
                ICASE,
            )
            if (
                m["and"]
                and have
                and all(
                    description_word(w) or w.lower() in _PRODUCER_JOINS | {"at"}
                    for w in have["d"].split()
                )
            ):
                # "We have ticket kiosks in every station and they produce events into topic
                # x" (no comma): the producers, described
                self.mask(have.start(), m.start(), domain=True)
                self._producers_listed(seen[have.start() : m.start()], [t for _, t in said_topics])
            if m["rate"] or m["rate2"] or m["rate3"]:
                self.assumptions.append(
                    f"{CONTEXT_PREFIX}{m['rate'] or m['rate2'] or m['rate3']!r} (how often the records arrive; no step of "
                    "the pipeline)"
                )
            if said_when:
                self.assumptions.append(
                    f"{CONTEXT_PREFIX}{m['when'].strip()!r} (when the records are sent; no step "
                    "of the pipeline)"
                )

    def _act_then_lands(self) -> None:
        """ "ushers scan tickets at the doors and the scans go to x", "Each time a team enters a
        room, the door controller posts to x": the topic the producers' records arrive on is
        the source, the sentence listed as context, when every word is plain (`_act_plain`);
        refused beside another topic read, as every producer sentence is."""
        seen = self._read_ends_kept()
        for pattern in (ACT_THEN_LANDS, EVERY_TIME_LANDS):
            for m in list(pattern.finditer(seen)):
                if MASK in self.s[m.start() : m.end()] or not _act_plain(m):
                    continue
                self._refuse_selecting_happening(m)
                self._produced_source(m, unquote(m["n"])[0])
        for m in list(SAME_SENT_AGAIN.finditer(seen)):
            if MASK in self.s[m.start() : m.end()] or not _same_again_plain(m):
                continue
            # (the repeat is the dedup's to read: unread, and refused, without one)
            self._produced_source(m, unquote(m["n"])[0], keep=m.span("again"))

    def _refuse_selecting_happening(self, m: re.Match[str]) -> None:
        """ "When a customer cancels an order, it goes to x": a producers' sentence whose
        happening names a kind of record (cancel, refund, fail, reject ...) may say the topic
        holds only those, or that the request wants only those from it: refused quoting it."""
        said = " ".join(m.group(0)[: m.start("n") - m.start()].split())
        word = selecting_happening(said)
        if word:
            topic = unquote(m["n"])[0]
            raise RequestNotUnderstood(
                f"{said!r} says {word!r}: does topic {topic!r} hold only those records, or "
                "should the pipeline keep only them? Say plainly what the topic holds, and "
                "any condition as a step of its own, with the field it tests"
            )

    def _read_ends_kept(self) -> str:
        """The text with hidden spans (labels, asides) read as words, and a span read already
        keeping the full stop or colon it ends with ("Mailroom again. The sorting machines emit
        ...": the producers' sentence still opens after the opener read as background)."""

        def kept_end(m: re.Match[str]) -> str:
            last = self.text[m.end() - 1]
            return m.group(0)[:-1] + (last if last in ".!?:" else MASK)

        return re.sub("\x00+", kept_end, self.s).replace("\x01", "x")

    def _producers_listed(self, words: str, topics: list[str]) -> None:
        self.assumptions.append(
            f"{CONTEXT_PREFIX}{' '.join(words.split())!r} (who sends the records to "
            f"{' and '.join(topics)}; "
            "no step of the pipeline)"
        )

    def _one_and_one(self) -> None:
        """ "two networks of sensors, one publishing to topic a and one to b": both topics are
        sources (the words before the comma describe the producers, read elsewhere)."""
        for m in list(ONE_AND_ONE.finditer(self.text)):
            names = [unquote(m.group(g))[0] for g in ("a", "b")]
            start = m.start("lead")
            # (the sinks recogniser read "publishing to the Kafka topic a" as an output)
            self.sinks = [
                sink
                for sink in self.sinks
                if not (start <= sink.pos < m.end() and sink.data.get("topic") in names)
            ]
            self.spans = [sp for sp in self.spans if not (start <= sp[0] and sp[1] <= m.end())]
            for g, name in zip(("a", "b"), names, strict=True):
                self.topics.append((m.start(g), name))
            # "We have two assembly lines, ...": the producers in plain words, with the opener
            said = self.text[m.start() : m.start("lead")].strip(" ,").split()
            if said and all(description_word(w) for w in said):
                opener = re.search(
                    r"(?:^|(?<=[.!?;]\s))\s*(?:(?:we|i)\s+have|there\s+are)\s+(?:two|2)\s$",
                    self.text[: m.start()],
                    ICASE,
                )
                start = opener.start() if opener else start
            self.mask(start, m.end())

    def _by_producers(self) -> None:
        """ "Lift telemetry is pushed to lift-telemetry by the lift controllers": who produces the
        source's records, in plain words, after the topic a passive verb named."""
        for m in list(BY_PRODUCERS_AFTER.finditer(self.s)):
            if not self._topic_run(m.start() - 1) or not self._read_as_source(
                m.start() - 1, m.start()
            ):
                continue
            sentence = self.text[: m.start()].rsplit(".", 1)[-1]
            if not (m["v"] or m["from"]) and not _PASSIVE_PRODUCED.search(sentence):
                continue
            if all(description_word(w) for w in (m["w"] or m["w2"]).split()):
                self.mask(m.start(), m.end())
                run = self._topic_run(m.start() - 1)
                assert run is not None
                self._producers_listed(m["w"] or m["w2"], [run])

    def _each_read_in(self) -> None:
        for m in list(EACH_READ_IN.finditer(self.s)):
            if EACH_BEFORE_IN.search(self.text, 0, m.start()):
                self.topics.append((m.start("n"), unquote(m.group("n"))[0]))
                self.mask(m.start(), m.end())
                return

    def _source_is(self) -> None:
        """ "Input is the auth-failures topic" (the name read already: only the label is left),
        "The source is lab-results": a quoted name or one that can only be a topic."""
        for m in list(SOURCE_IS.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            if m["lb"] and not re.search(r"[.!?;:,]\s*$", self.text[: m.start()]):
                continue  # a label after a read name, not opening its own sentence
            if self.s.startswith(MASK, m.end()):
                if any(m.end() <= start <= m.end() + 40 and set(self.s[m.end() : start]) <= {MASK}
                       for start, _ in self.topics):  # fmt: skip
                    self.mask(m.start(), m.end())
                continue
            named = re.compile(rf"(?P<n>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic\b)?")
            nm = named.match(self.s, m.end())
            if nm:
                self.topics.append((nm.start("n"), unquote(nm.group("n"))[0]))
                self.mask(m.start(), nm.end())
        for m in list(SOURCES_ARE.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            for name in re.finditer(rf"{QUOTED}|{NAMED_TOPIC}", m["list"]):
                self.topics.append((m.start("list") + name.start(), unquote(name.group(0))[0]))
            self.mask(m.start(), m.end())
        for m in list(NAME_IS_SOURCE.finditer(self.s)):
            if MASK not in self.s[m.start() : m.end()]:
                self.topics.append((m.start("n"), unquote(m.group("n"))[0]))
                self.mask(m.start(), m.end())
        for m in list(IS_THE_SOURCE.finditer(self.s)):
            # "the parcel-scans topic is our input": the name read already as the source
            if self._topic_run(m.start() - 1) and self._read_as_source(m.start() - 1, m.start()):
                self.mask(m.start(), m.end())

    def _moved_named(self) -> None:
        """ "send gate-events to topic x" (verb and destination read by the sinks), "we'd like
        gate-events in ClickHouse table x": the name moved to a sink is the source."""
        for m in list(MOVED_BETWEEN.finditer(self.s)):
            if MOVE_VERB.search(self.text, 0, m.start("n")):
                self.topics.append((m.start("n"), m.group("n")))
                self.mask(m.start("n"), m.end("n"))
                return
        for m in list(NAMED_INTO_SINK.finditer(self.s)):
            sink_at = self.s.find("\x00", m.end())
            if any(0 <= sink.pos - sink_at <= 20 for sink in self.sinks):
                self.topics.append((m.start("n"), m.group("n")))
                self.mask(m.start("n"), m.end())
                return

    def _joined_named(self) -> None:
        """ "enrich grade-submissions with ...": the name between a join verb and "with"."""
        for m in list(JOINED_NAMED.finditer(self.s)):
            if MASK in self.s[m.start("n") : m.end("n")]:
                continue
            if not JOIN_VERB.search(self.text, 0, m.start("n")):
                continue
            self.topics.append((m.start("n"), unquote(m.group("n"))[0]))
            self.mask(m.start("n"), m.end())

    def _on_named(self) -> None:
        """ "Hopping window ..., over cleanroom-particles: max of ...", "count the alarms on
        cnc-alarms": with no topic named any other way, the one name that can only be a topic
        after "on"/"over"/"in"/"of"."""
        found = [
            m
            for m in ON_NAMED.finditer(self.s)
            if MASK not in (m.group("n") or m.group("p"))
            and (m.group("n") or self._glossed_records(m.start(), m.group("p")))
            and not (
                m.group(0).lower().startswith("on")
                and PERIOD_BEFORE.search(self.text, 0, m.start())
            )
        ]
        if len({m.group("n") or m.group("p") for m in found}) == 1:
            m = found[0]
            g = "n" if m.group("n") else "p"
            self.topics.append((m.start(g), m.group(g)))
            # (the aside from its parenthesis: the words before it may describe the records)
            self.mask(m.start() if g == "n" else self.s.index("(", m.start()), m.end())

    def _glossed_records(self, at: int, name: str) -> bool:
        """ "packet scans (seedbank.scans)": the words of the clause before the parenthesis
        only say what the records are (plain words, see `plain_description`), never where
        results go ("publish the totals (ops.totals)")."""
        start = max(self.s.rfind(c, 0, at) for c in ".;:,!?\n\x00") + 1
        words = self.text[start:at].split()
        while words and words[0].lower() in _GLOSS_LEAD:
            words = words[1:]
        if any(w.lower() in _ROLE_WORDS | _RESULT_NOUNS for w in words):
            return False
        return plain_description(words, topic_words=_name_words(name))

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
                if singular_topic and len(items) == 2 and verb_like and not items[1][1]:
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
            if fm["both"] and len(listed) != 1:
                continue  # "read both `a`" (or three names): the count is not the list's
            self.topics += [(fm.start("n"), name), *listed]
            self.mask(fm.start(), max(fm.end(), listed_end))

    def _refuse_topic_after_output_verb(self) -> None:
        """ "read topic orders and write topic a-b into clickhouse": a second topic said after
        "write" may be read or written to; read as a source, it was merged into the first."""
        for pos, name in sorted(self.topics)[1:]:
            verb = OUTPUT_VERB_TOPIC.search(self.text, max(0, pos - 40), pos)
            if verb:
                raise RequestNotUnderstood(
                    f"cannot read {self.text[verb.start() : pos + len(name)]!r}: is {name} "
                    f'another topic to read, or where the records go? Say "read topic {name}" '
                    f'or "write to topic {name}"'
                )

    def _both_bare(self, start: int, end: int) -> tuple[list[tuple[int, str]], int]:
        """ "Read both kiln.a.readings and kiln.b.readings": "both" counts two bare names, each
        one only a topic can be (a dot, hyphen, underscore or digit in it); the second is read
        with the first. (Without "both", a bare second name is refused, see `_more_quoted`.)"""
        items, list_end = read_list(self.s, start, NAME_RE, strict_commas=True)
        if len(items) != 2 or any(q or not re.search(r"[-_.\d]", t) for t, q, _at in items):
            return [], end
        return [(items[1][2], items[1][0])], list_end

    def _more_quoted(self, start: int) -> tuple[list[tuple[int, str]], int]:
        """ "Consume `results.county-a`, `results.county-b` and `results.county-c`": the quoted
        names listed after the first one read, and where the list ends. (Bare names are not
        read so: "read from orders-eu and orders-us" is refused, see the hunt2 cases.)"""
        items, end = read_list(self.s, start, NAME_RE, strict_commas=True)
        if len(items) < 2 or not all(q for _t, q, _at in items):
            return [], start
        return [(at, t) for t, _q, at in items[1:]], end

    def _after_sources(self) -> None:
        self._refuse_topic_after_output_verb()
        # "print the contents of the topic grades": the records of the topic read, said so
        for cm in list(CONTENTS_OF.finditer(self.s)):
            if self.topics:
                self.mask(cm.start(), cm.end())
        # "Using the cinema-bookings topic as input": the label after the topic read
        for am in list(AS_INPUT.finditer(self.s)):
            if self._read_as_source(am.start() - 1, am.start()):
                self.reader = "sources"
                self.mask(am.start("w"), am.end())
        for om in list(OUT_OF_BEFORE.finditer(self.s)):
            if self._read_as_source(om.end(), om.end() + 1) and OUT_OF_LEAD.search(
                self.text, 0, om.start()
            ):
                self.reader = "sources"
                self.mask(om.start("off"), om.end("off"))
        # "a pipeline off topic x": "off" before the topic read ("from topic x" is filler)
        for om in list(OFF_BEFORE.finditer(self.s)):
            if self._read_as_source(om.end(), om.end() + 1):
                self.reader = "sources"
                self.mask(om.start("off"), om.end("off"))
        for om in list(OFF_AFTER.finditer(self.s)):
            if self._read_as_source(om.start() - 1, om.start()):
                self.reader = "sources"
                self.mask(om.start("off"), om.end("off"))
        # "from the call-centre topic `call-events`": the name after "topic" is the topic; the
        # one before it only describes it
        described = [
            first
            for first, second in zip(self.topics, self.topics[1:], strict=False)
            if re.fullmatch(
                r"['\"`]?\s+(?:kafka\s+)?topic\s+['\"`]?",
                self.text[first[0] + len(first[1]) : second[0]],
                ICASE,
            )
        ]
        self.topics = [t for t in self.topics if t not in described]
        # "the checkout events from topic checkouts": a descriptor that only repeats the topic
        for dm in list(DESCRIBED.finditer(self.s)):
            word = dm.group("w").lower()
            if any(word in t.lower() for _, t in self.topics):
                self.mask(dm.start(), dm.end())
        # "card payments from topic card-payments", "host metrics on topic host-metrics": words
        # that are all parts of the topic's name only repeat it
        parts = self.topic_words()
        for dm in list(TOPIC_WORDS.finditer(self.s)):
            said = list(_WORD.finditer(self.s, dm.start("w"), dm.end("w")))
            repeats = [w.group(0).lower() in parts or singular(w.group(0).lower()) in parts
                       or f"{w.group(0).lower()}s" in parts for w in said]  # fmt: skip
            while said and not repeats[0] and said[0].group(0).lower() in FILLER:
                said, repeats = said[1:], repeats[1:]  # "collect host metrics": from "host"
            before = self.text[max(0, dm.start("w") - 40) : said[0].start()] if said else ""
            if said and all(repeats) and not SELECTING.search(before):
                self.mask(said[0].start(), dm.end("w"))
        for dm in list(FOR_RECORDS.finditer(self.s)):
            self._describe_records(dm, after_topic=True)
        for pattern in (DESCRIBED_AFTER_VERB, DESCRIBED_ARRIVING):
            for dm in list(pattern.finditer(self.s)):
                if pattern is DESCRIBED_AFTER_VERB and self._origin_of_described(dm):
                    continue  # read whole with the records' noun (`_describe_segment`)
                self._describe_records(dm)
        if not self.topics and self.joins and self.joins[0].kind == "interval":
            qm = re.search(QUOTED, self.join_left_phrase)
            if qm:  # "join 'orders' with 'payments' ..."
                self.topics.append((0, unquote(qm.group(0))[0]))
                return
            names = re.findall(rf"(?<![\w-]){NAMED_TOPIC}", self.join_left_phrase)
            at = (
                re.search(rf"(?<![\w-]){re.escape(names[0])}(?![\w-])", self.s)
                if len(names) == 1
                else None
            )
            if at:
                # "Join greenhouse irrigation-events with ...": the one name that can only be a
                # topic is the left side; plain words before it describe its records (read with
                # an assumption, or left unread)
                self.topics.append((at.start(), names[0]))
                self.mask(at.start(), at.end())
                before = self.join_left_phrase.split(names[0])[0].strip()
                if before:
                    self._describe(self.s.rfind(before, 0, at.start()), before, names[0])
                return
            words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]*", self.join_left_phrase)
                     if w.lower() not in STOP or w.lower() == "events"]  # fmt: skip
            if words:
                topic = "-".join(words)
                self.topics.append((0, topic))
                named = re.search(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", self.text, ICASE)
                if not (named and "-" in topic):  # "Join unit-access events with ...": named
                    self.assumptions.append(f"the source topic was not named; assumed {topic!r}")

    def _origin_of_described(self, dm: re.Match[str]) -> bool:
        """ "Pressure readings from the district regulators land in x": "from" is where the
        records described before it are made, no reading verb; the words before it, from the
        clause's start, are plain description words left unread."""
        if not re.match(r"from\b", self.s[dm.start() :], ICASE):
            return False
        lead = re.search(r"(?:^|[.!?;:]\s+)(?P<w>[^.!?;:\x00\x01]*?)\s*$", self.s[: dm.start()])
        said = lead["w"].split() if lead else []
        return bool(said) and plain_description(said)

    def _describe_records(self, dm: re.Match[str], after_topic: bool = False) -> None:
        """Mask a phrase that says what the source's records are ("call detail records",
        "ride-hailing trips") and list it, unless a word in it could select records. With
        `after_topic` the phrase follows the topic ("filter the topic X for tickets where")."""
        if not self.topics or "\x00" in dm.group("w"):
            return
        words = dm.group("w").split()
        # ("DMX error frames arrive on lx.dmx-errors": a word the topic's name says is every
        # record's, selecting none; checked once the topic is known)
        qualifying = [w for w in words if _qualifying_word(w)]
        if any(w.lower() in _REQUIREMENT_WORDS or re.search(r"\d|ed$|_", w) for w in qualifying):
            return
        before = self.text[max(0, dm.start("w") - 40) : dm.start("w")]
        if SELECTING.search(before):
            return
        after = self.text[dm.end("w") :]
        if after_topic:  # the topic is the one read just before the phrase
            before_topics = [(p, t) for p, t in self.topics if p < dm.start("w")]
            after = f" of topic {before_topics[-1][1]}" if before_topics else ""
        topic = next(
            (
                t
                for _, t in self.topics
                if re.match(
                    r"\s+(?:\w+\s+){0,3}?(?:from|on|in|into|of|off|to)\s+(?:the\s+)?(?:kafka\s+)?"
                    rf"(?:topic\s+)?['\"`]?{re.escape(t)}\b",
                    after,
                    ICASE,
                )
            ),
            None,
        )
        if topic is None:  # the words are not about the source's records
            return
        parts = {w for x in re.split(r"[-_.]", topic.lower()) if x for w in (x, singular(x))}
        if any(w.lower() not in parts and singular(w.lower()) not in parts for w in qualifying):
            return
        phrase = " ".join(words)
        if any(p.search(phrase) for p, _, _ in DOMAINS) or all(
            w.lower() in FILLER or w.lower() in ("events", "records", "messages") for w in words
        ):
            return  # a domain word picks the preset and says so; generic words need no note
        self.reader = "description"
        self.mask(dm.start("w"), dm.end("w"))
        self.reader = "sources"
        self.assumptions.append(
            f"read as a description of the records of topic {topic!r}, not as a condition: "
            f"{phrase!r}"
        )

    def extract_descriptions(self) -> None:
        """Plain words saying what the source's records are (see `plain_description`): run
        after every other recogniser, on the words none of them read."""
        self._unsure_kept()
        if not self.topics:
            return
        # (\x01 hides who asks: "Our warehouse team wants ...", see purpose.py)
        # (a possessive goes on: "from the bakery chain's tills")
        self._tracked_on()
        self._fields_after_topic()
        # (a dot inside a name is no sentence's end: "publish to orders.clean" describes nothing)
        segments = (
            r"(?:[^\x00\x01.!?;:,()\n\u2013\u2014\"'`]|(?<=\w)\.(?=\w)|(?<=[A-Za-z])'s\b(?!'))+"
        )
        for seg in list(re.finditer(segments, self.s)):
            self._describe_segment(seg.start(), seg.end())
        self.reader = "sources"

    def _tracked_on(self) -> None:
        """ "We track every container move at the port on the Kafka topic `yard-moves`": what
        the sender records on the topic, in plain words (a place after "at the" too), all of
        them ("every"); listed as a description, never read as a condition."""
        for m in list(TRACKED_ON.finditer(self.s)):
            topic = self._topic_run(m.end())
            if topic is None or not self._read_as_source(m.end(), m.end() + 1):
                continue
            parts = re.split(r"\s+(?:at|in|from|on)\s+(?:the|our)\s+", m.group("w"), flags=ICASE)
            if len(parts) > 2 or not all(_compound(p.split()) for p in parts):
                continue
            self.mask(m.start(), m.end())
            if not self._repeats_topic(m.group("w").split()):
                self.assumptions.append(
                    f"read as a description of the records of topic {topic!r}, not as a "
                    f"condition: {m.group('w')!r}"
                )

    def _fields_after_topic(self) -> None:
        """ "published to utility-bills with account_no, current_m3 and previous_m3", "on
        'sso-auth-logs', each with source_ip, username, outcome and a timestamp": the fields
        the source's records carry, said right after the topic; a description (the fields
        are typed where the request uses them), never a condition or a projection."""
        only = [m for m in ONLY_FIELDS_AFTER_TOPIC.finditer(self.s) if self._records_said(m)]
        for m in [*FIELDS_AFTER_TOPIC.finditer(self.s), *only]:
            topic = self._topic_run(m.start())
            if topic is None or not any(t == topic for _, t in self.topics):
                continue
            self.mask(m.start("w"), m.end())
            self.assumptions.append(
                f"read as the fields the records of topic {topic!r} carry (a description): "
                f"{m.group('list')!r}"
            )

    def _records_said(self, m: re.Match[str]) -> bool:
        """ "Our listing events (topic x) only carry agent_id": the sentence's subject is the
        records, never a step's verb ("Read topic x only carry badge_id" keeps one field)."""
        start = m.start()
        while start > 0 and self.s[start - 1] == MASK:
            start -= 1
        sentence = re.split(r"[.;!?\n]\s", self.text[:start])[-1]
        return not re.search(
            r"\b(?:read|reads|consume|consumes|take|takes|ingest|ingests|subscribe|use|process"
            r"|stream|pull|get|listen|from|keep|select|project|write|send)\b",
            sentence,
            ICASE,
        )

    def _topic_run(self, pos: int) -> str | None:
        """The topic whose masked mention covers `pos`, if one does."""
        start, end = pos, pos
        while start > 0 and self.s[start - 1] == MASK:
            start -= 1
        while end < len(self.s) and self.s[end] == MASK:
            end += 1
        return next((t for p, t in self.topics if start <= p <= end), None)

    def _repeats_topic(self, words: list[str]) -> bool:
        parts = self.topic_words()
        low = [w.lower().replace("-", "") for w in words]  # "check-ins" on kiosk-checkins
        return all(
            w in _GENERIC_NOUNS or w in parts or singular(w) in parts or f"{w}s" in parts
            or any(p.fullmatch(w) for p, _, _ in DOMAINS)
            for w in low
        )  # fmt: skip

    def _describe_segment(self, a: int, b: int) -> None:
        seg, after, before = self.s[a:b], self.s[b:], self.s[:a]
        if self._aside_after_topic(a, b):
            return
        topic, object_of, core_end, continued = None, False, b, False
        if before.endswith(MASK) and self._topic_run(a - 1):
            origin = _ORIGIN_AFTER.match(seg)
            if origin:  # "reads `pos-sales` from the brewery taprooms"
                self._describe(a + origin.start("w"), origin.group("w"), self._topic_run(a - 1))
                return
        # ("readings (topic x)", "readings — topic x —": the topic in an aside)
        mention = re.match(r"(?:\(|\s*[\u2013\u2014]|\s+--?(?=\s))?\s*\x00", after)
        if mention:
            topic = self._topic_run(b + mention.end() - 1)
            # "Taxi meter | fare events from kafka topic taxi-fares": the topic a little later
            later = [(p, t) for p, t in sorted(self.topics) if b < p <= b + 80]
            if (
                topic is None
                and later
                and _MENTION_GAP.fullmatch(self.text[b : later[0][0]])
                and self._read_as_source(b, later[0][0])
            ):
                topic = later[0][1]
        if topic and before.endswith(MASK) and re.fullmatch(rf"\s*{_ARRIVE}\s+\S.*", seg, ICASE):
            link = _LINK_BEFORE.search(seg)
            if link and link.start() == 0:  # "[readings] are published on [topic x]"
                self.mask(a + len(seg) - len(seg.lstrip()), b)
                return
        if topic:
            link = _LINK_BEFORE.search(seg)
            if not (link and link.group(0).strip()) and not (
                after.startswith("(")
                or re.match(r"\s*(?:[\u2013\u2014]|--?\s)", after)
                or _TOPIC_MENTION.match(self.text, b)
            ):
                return
            core_end = a + (link.start() if link else len(seg))
        else:  # "dedupe swipe events on swiper_id ...": the object of a verb
            link = _LINK_OBJECT.search(seg)
            core_end = a + (link.start() if link else len(seg))
            object_of = True
        # the description: the plain words right before the link, read from the right; the
        # word before them must be filler or a verb ("Our warehouse team wants the | forklift
        # telematics pings (topic x)"), never a word that may select ("late", "EU", "only")
        tokens = list(re.finditer(r"\S+", self.text[a:core_end]))
        first = len(tokens)
        said_all = [t.group(0) for t in tokens]
        terms = _term_words(said_all) | _place_words(said_all)
        named = _name_words(topic)
        while first > 0 and (
            first - 1 in terms
            or description_word(said_all[first - 1])
            or _field_noun(said_all, first - 1)
            or head_noun(said_all, first - 1)
            or _topic_word(said_all[first - 1], named)
            or _code_of_topic(said_all[first - 1 :], named)
            or (first == len(tokens) and _topic_word(said_all[first - 1].lower(), named))
            # ("Wholesale orders come in on ...": capitalised, opening its sentence)
            or (
                _topic_word(said_all[first - 1].lower(), named)
                and _capitalised_to_open(said_all, first - 1)
            )
        ):
            first -= 1
        lead = [t.group(0).lower() for t in tokens[:first]]
        words = tokens[first:]
        # ("print every toll": the verb read by the sink, checked below as the word before)
        each = bool(object_of and lead and lead[-1] in ("every", "each"))
        if each:
            lead = lead[:-1]  # "write every donation to ..." on topic donations: all of them
        if lead and lead[-1] in _KEEP_VERBS and self._kept_records(a, b, tokens[first:]):
            return  # "keep kiln | readings with temp_c > 1200" on topic kiln-temps
        if lead and (lead[-1] not in FILLER | _OBJECT_VERBS or lead[-1] in _SELECTING_LEAD):
            return
        if not words or any(w in _SELECTING_LEAD for w in lead[-3:]):
            return
        if _DESTINATION_LEAD.search(" ".join(lead[-4:])):
            return  # "and write to events": where the records go, never what they are
        if re.search(r"\b(?:only|just|first|last|latest|top|unique|distinct)\W*$", before, ICASE):
            return
        said = [w.group(0) for w in words]
        if object_of:
            # the object of a verb (read already, or before the words), its noun a generic
            # record noun or the topic's own word ("count logins" on auth-events may select
            # login records: refused)
            prev = re.search(r"([\w-]+)(?:\s+(?:every|each))?\W*$", self.text[:a], ICASE)
            verb = any(w in _OBJECT_VERBS for w in lead) or bool(
                before.endswith(MASK) and prev and prev.group(1).lower() in _OBJECT_VERBS
            )
            # "sum the fuel litres of | tanker deliveries | per ...": the records after an
            # aggregate's "of", in words that only repeat the topic's name
            verb = verb or bool(
                before.endswith(MASK) and lead == ["of"] and self._repeats_topic(said)
            )
            if not verb:
                return
            join_verb = prev and prev.group(1).lower() in _JOIN_VERBS
            if join_verb and any(t.lower() == said[-1].lower() for _, t in self.topics):
                return  # "Join every boarding with ...": the topic read from these very words
            if not self._repeats_topic(said[-1:]):
                # "Group passenger wifi | events by ...", "Group GPS | pings from topic x": the
                # records' noun right after, read already as the stream's own words
                noun = re.match(r"\x00+", self.s[b:])
                said_after = self.text[b : b + noun.end()].split() if noun else []
                if (
                    self.text[core_end:b].strip()
                    or not noun
                    or not 1 <= len(said_after) <= 2
                    or not self._repeats_topic(said_after)
                    or not any(
                        a <= b < e and r in ("sessions", "sources", "description")
                        for a, e, r in self.spans
                    )
                ):
                    return
                continued = True
            topic = self.topics[0][1]
        phrase = self.text[a + words[0].start() : a + words[-1].end()]
        # "Boarding | scans arrive on topic x": the phrase goes on with words read already
        continued = (object_of and continued) or (
            not self.text[core_end:b].strip()
            and bool(
                re.match(r"[A-Za-z][\w-]*\s", self.text[b:])
                and not re.match(r"(?:from|on|in|of|via|through|over)\s", self.text[b:], ICASE)
            )
        )
        # ("every donation to ClickHouse ...": one singular noun, the topic's own word, after
        # "every" is all the records, as a plural is)
        continued = continued or (each and len(said) == 1)
        if self._describe(a + words[0].start(), phrase, topic, continued) and not object_of:
            # "... readings are published on [topic x]": the verb tying them, read with them
            link = _LINK_BEFORE.search(seg)
            if link and link.group(0).strip():
                self.mask(a + link.start() + len(link.group(0)) - len(link.group(0).lstrip()), b)

    def _aside_after_topic(self, a: int, b: int) -> bool:
        """ "read ski.snow-depth (sensor readings from the slopes)": an aside right after the
        topic, all of it plain words that say what its records are (`plain_description`, a
        place after "from the" too). Masks it; whether it did."""
        opened = re.search(r"\x00\s*\(\s*$", self.s[:a])
        if not opened or not re.match(r"\s*\)", self.s[b:]):
            return False
        phrase = self.text[a:b].strip()
        if not phrase or "\x00" in self.s[a:b]:
            return False
        topic = self._topic_run(opened.start())
        # the records' words, before any place: a word before their noun must be the topic's
        # own or a domain's ("sensor readings"); "(fault events ...)" on press_events may select
        said = re.split(r"\s+(?:from|at|in|on|inside|near)\s", phrase, maxsplit=1)[0].split()
        named = _name_words(topic)
        for i, word in enumerate(said[:-1]):
            if not (
                _topic_word(word.lower(), named)
                or compound_topic_word(said, i, named)
                or word in _RECORD_ACRONYMS
                or any(p.fullmatch(word) for p, _, _ in DOMAINS)
            ):
                return False
        start = a + self.text[a:b].find(phrase)
        return self._describe(start, phrase, topic)

    def _kept_records(self, a: int, b: int, words: list[re.Match[str]]) -> bool:
        """ "keep kiln | readings with temp_c > 1200" on topic kiln-temps: a keep verb, words
        that only repeat the topic's name, then the records' noun the filter read (keeping
        them). Masks the verb and the words; whether it did. A word the topic's name does not
        hold ("keep elevator events" on lift-events) may select records: never read."""
        said = [w.group(0) for w in words]
        if not said or not self._repeats_topic(said) or not self.s.startswith(MASK, b):
            return False
        noun = re.match(r"\x00+", self.s[b:])
        if not noun or not any(
            start < b + noun.end() and end > b and r == "filters" for start, end, r in self.spans
        ):
            return False  # the noun must be read with the filter
        if any(c.negate for c in self.conds if b <= c.pos <= b + 80):
            return False
        verb = re.search(r"(\S+)\s+$", self.text[a : a + words[0].start()])
        if verb is None:
            return False
        self.reader = "filters"
        self.mask(a + verb.start(1), a + verb.end(1))
        self.reader = "description"
        self.mask(a + words[0].start(), a + words[-1].end())
        return True

    def _unsure_kept(self) -> None:
        """ "Flag elevator events where door_cycles > 50000" on topic lift-events: a keep verb,
        plain words the topic's name does not hold, the records' noun, then a condition the
        filters read. The words may say what the records are or pick some of them: noted for
        the refusal (`unsure_description`), never read."""
        for m in list(UNSURE_KEPT.finditer(self.s)):
            said = [*m.group("w").split(), *([m.group("noun")] if m.group("noun") else [])]
            last = said[-1].lower()
            if len(said) > 1 and (last in _GENERIC_NOUNS or re.fullmatch(COUNT_NOUNS, last, ICASE)):
                said = said[:-1]  # the records' own noun
            # ("elevator" before "events": the phrase goes on with the records' noun)
            if not plain_description(said, continued=True) or self._repeats_topic(said):
                continue
            after = m.end() + len(self.s[m.end() :]) - len(self.s[m.end() :].lstrip(MASK))
            if not any(a < after and b > m.end() and r == "filters" for a, b, r in self.spans):
                continue
            topic = self.topics[0][1] if self.topics else self.topic_pattern
            if not topic:
                continue
            clause = self.text[m.start() : self.clause_end(m.end())].strip(" ,;.")
            self.unsure.append((" ".join(said), clause, topic))

    def _read_as_source(self, start: int, end: int) -> bool:
        """Every word read in [start, end) was read as the source (or as repeating its name)."""
        return all(
            any(a <= i < b and reader == "sources" for a, b, reader in self.spans)
            for i in range(start, end)
            if self.s[i] == MASK
        )

    def _describe(
        self, start: int, phrase: str, topic: str | None, continued: bool = False
    ) -> bool:
        said = phrase.split()
        if topic is None or not plain_description(said, continued, _name_words(topic)):
            return False
        if _capitalised(said[-1]) and re.match(r"[.:]\w", self.text[start + len(phrase) :]):
            return False  # ("Output: Ramp.clean": the first part of a name, never a description)
        self.reader = "description"
        self.mask(start, start + len(phrase))
        if not self._repeats_topic(said):
            self.assumptions.append(
                f"read as a description of the records of topic {topic!r}, not as a condition: "
                f"{phrase!r}"
            )
        return True

    def source_key(self) -> str | None:
        window, join, enrich, session, dedup = (
            self.built[k] for k in ("window", "join", "enrich", "session", "dedup")
        )
        names = self.names()
        candidates = []
        if window and window["group_by"]:
            candidates.append(window["group_by"][0])
        if join:
            candidates.append(join["left_key"])
        if enrich:
            candidates.append(enrich["key_field"])
        if session:
            candidates.append(session["key"])
        if dedup:
            candidates.append(dedup["key"][0])
        return next((c for c in candidates if c in names), None)


# --- Descriptions of the records ------------------------------------------------------------
#
# What a description's mention of the topic may open with: "from topic T", "(topic T)", "events
# arrive on T" (read with the topic); never "topic" ("the legacy topic X" describes the topic).
_TOPIC_MENTION = re.compile(
    # "Taxi meter | fare events from kafka topic x": words read already as repeating the topic
    r"\(|(?:[A-Za-z][\w-]*\s+){0,4}?(?:from|on|in|of|via|through|over)\b|(?:events|records|messages"
    r"|data|rows)\b"
    # "Lift telemetry | is pushed to x": the passive of a producer's verb
    r"|(?:is|are|gets?)\s+(?:published|produced|written|streamed|sent|pushed|posted|logged"
    r"|recorded|emitted|reported)\s+(?:to|into|onto)\b",
    ICASE,
)
# Between a description and its topic, words read already (they repeat the topic's name), then
# how they are tied: "Taxi meter [fare events from kafka topic] taxi-fares".
_MENTION_GAP = re.compile(
    r"(?:[A-Za-z][\w-]*\s+){0,4}?(?:from|on|in|of|via|through|over)\s+(?:(?:the|our|kafka|topic)\s+)*"
    r"['\"`]?|\(\s*(?:(?:kafka|topic)\s+)*['\"`]?",
    ICASE,
)
# "reads `pos-sales` from the brewery taprooms": where the records come from, after the topic.
_ORIGIN_AFTER = re.compile(
    r"\s+(?:from|at)\s+(?:the|our)\s+(?P<w>[^\x00]*?)(?=\s+(?:and|then)\b|\s*$)", ICASE
)


# "Ingest airport baggage scans (topic bag-scans) into ...", "museum ticket scans from topic
# gate-scans; ...", "Solar inverter readings come in on topic ...", "dedupe swipe events on
# ...", "reads `pos-sales` from the brewery taprooms": plain words attached to the source that
# only say what its records are. Read last, after every other recogniser, so they only take
# words nothing else read. A word that could carry a requirement (a value, a field name, a
# qualifier such as "late" or "unique", an operator word, a participle such as "failed", a
# capitalised code such as "EU") leaves the whole phrase unread, and the request is refused.

# Verbs arriving records come with: "X arrive on topic T", "X come in on T".
_ARRIVE = (
    r"(?:arrive|arrives|arriving|come\s+in|comes\s+in|coming\s+in|land|lands|landing"
    # "Prescriptions flow in on topic rx-fills", "scans pour in via x"
    r"|(?:flow|flows|flowing|pour|pours|pouring|roll|rolls|rolling|trickle|trickles)\s+in|flow|flows"
    r"|flowing|show\s+up|shows\s+up|turn\s+up|turns\s+up|stream\s+in|streams\s+in|live|lives"
    # "Probe readings stream on compost.windrow-temps", "status changes stream into the topic
    # x" (never "stream to": a sink's verb too)
    r"|(?:stream|streams)(?=\s+(?:on|into|onto|over|through|via)\s)"
    r"|sit|sits|(?:are|get|gets|is)\s+(?:published|produced|written|streamed|sent|pushed|logged"
    # ("Substrate batches are reported on x")
    r"|recorded|emitted|posted|reported)"
    # "Lamp status events are read from x": the passive of the source's verb
    r"|(?:are|get|gets|is|will\s+be|should\s+be)\s+(?:read|consumed|ingested|pulled|taken)"
    # "Rides come from scooter-rides"
    r"|(?:come|comes|coming)(?=\s+(?:from|on|through|via|over)\s|\s*$)"
    # "Ride requests are on the Kafka topic ride-requests": where they are
    r"|(?:are|is)(?=\s+(?:on|in)\s))"
)
# "Refunds arrive on topic shop-refunds", at a sentence's start, ending at the topic named
_ARRIVAL_BEFORE = re.compile(
    r"(?:^|[.!?;]\s+)(?:the\s+|our\s+|all\s+|and\s+)?(?P<w>(?:[A-Za-z][\w-]*\s+){0,2}"
    rf"[A-Za-z][\w-]*)\s+{_ARRIVE}\s+(?:on|in|into|via|through|over|to)\s+(?:the\s+)?(?:kafka\s+)?"
    r"(?:topic\s+)?['\"`]?$",
    ICASE,
)
# Words that ask for several topics read as one stream ("read both", "merge them")
_MERGING = re.compile(
    r"\b(?:both|merge[sd]?|merging|union|combine[sd]?|combining|together|topics|all\s+three)\b",
    ICASE,
)
# "Rides come in via scooter-rides", "Rides are streamed into scooter-rides": where the records
# arrive, a name that can only be a topic (the words before are read as a description).
RECORDS_ARRIVE = re.compile(
    rf"\b{_ARRIVE}\s+(?:on|in|into|via|through|over|to)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    # ("kiln firings come in on `studio.kiln-telemetry`": the name quoted as code)
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`]){NAMED_TOPIC}(?P=q))",
    ICASE,
)
# "Downlink frames (gs.downlink_frames) come in bursts", "Door scans (gate.scans) arrive all
# day": the records' words, their topic in brackets, then how they arrive (the words before
# are read as a description, which refuses a word that may select)
_HOW_ARRIVING = (
    r"(?:in\s+(?:bursts|batches|waves|spurts|real[\s-]?time)|all\s+day(?:\s+long)?"
    r"|all\s+the\s+time|(?:a)?round\s+the\s+clock|24/7|constantly|continuously|non-?stop"
    r"|steadily|sporadically|irregularly|throughout\s+the\s+day|day\s+and\s+night)"
)
BRACKETED_ARRIVES = re.compile(
    rf"(?<=[A-Za-z]\s\()(?P<n>{NAMED_TOPIC})\s*\)\s+"
    r"(?:(?:come|comes|flow|flows|pour|pours|stream|streams|trickle|trickles|roll|rolls)"
    r"(?:\s+in)?|arrive|arrives|land|lands|show\s+up|shows\s+up|turn\s+up|turns\s+up)\s+"
    rf"{_HOW_ARRIVING}(?=\s*[,.;!?)]|\s*$|\s+(?:and|but|so|while|when|during|from)\b)",
    ICASE,
)
# What ties a description to the topic after it: "from", "on", "arrive on", "(".
_LINK_BEFORE = re.compile(
    # ("the tailoring orders stream (topic x)": the stream is the topic)
    rf"(?:\s+(?:stream|firehose))?(?:\s+{_ARRIVE})?(?:\s+(?:from|on|in|of|via|through|over|into)(?:\s+(?:the|our|kafka"
    r"|topic))*)?\s*$",
    ICASE,
)
# After a description that is a verb's object: the preposition before what comes next.
_LINK_OBJECT = re.compile(
    r"(?:\s+(?:by|per|on|into|in|within|with|to|onto|from|across|for)(?:\s+(?:the|each|every))?)?"
    r"\s*$",
    ICASE,
)
# Verbs whose object may be the records described ("dedupe swipe events", "group passenger
# wifi events by ...", "count lesson completions per ...").
_OBJECT_VERBS = word_set(
    """dedupe dedup deduplicate de-duplicate dedupes dedups deduplicates count counts tally
    tallies group groups enrich enriches augment augments read reads ingest ingests consume
    consumes process
    processes collect collects load loads take takes stream streams tail tails sessionize
    sessionise forward forwards send sends write writes store stores push pushes publish
    publishes move moves copy copies print prints land lands ship ships dump dumps mirror
    mirrors route routes deliver delivers join joins match matches correlate correlates pair
    pairs"""
)
# Join verbs among them: "Match each trade with topic quotes ..." on topic trades
_JOIN_VERBS = word_set("join joins match matches correlate correlates pair pairs")
# Verbs that keep the records a filter reads ("keep kiln readings with ...").
_KEEP_VERBS = word_set("keep keeping retain retaining pass")
# "keep elevator events where ...", "Flag ticket sales whose ...": plain words between a verb
# that keeps records and the condition (read by the filters), maybe with the records' noun
UNSURE_KEPT = re.compile(
    r"\b(?:keep(?:ing)?|retain(?:ing)?|pass|flag(?:s|ging)?|mark|tag)\s+(?:only\s+)?"
    r"(?:the\s+|all\s+|any\s+)?(?P<w>[A-Za-z]+(?:\s+[A-Za-z]+)?)(?:\s+(?P<noun>[A-Za-z]+))?"
    r"\s+(?=\x00)",
    ICASE,
)
# Words before a description that select records ("only", "the first"): never a description.
_SELECTING_LEAD = word_set(
    """only just keep keeping except not no without drop dropping remove removing skip skipping
    exclude excluding but filter filtering where whose first last latest newest oldest earliest
    top bottom unique distinct"""
)
# Words a description never holds: they may select, order, count or place records.
_REQUIREMENT_WORDS = (
    QUALIFYING
    | _SELECTING_LEAD
    | word_set(
        # "excluding refunds", "bar refunds": an exclusion naming records is a requirement
        """excludes excluded except excepting barring sans minus ignoring ignore omit omitting
    aside apart besides"""
    )
    | word_set(
        """first last latest newest oldest earliest top bottom unique distinct only not no nor
    every per each all any most least more less fewer over under above below between without
    with except where whose which that when if and or but than mobile desktop web ios android
    online offline retail wholesale guest anonymous registered trial free live sandbox staging
    prod production dev debug info beginning start end history backlog offset offsets replay
    count sum total average avg mean min max minimum maximum median percentile number numbers
    rate rates ratio share window windows session sessions hourly daily weekly monthly nightly
    minute minutes hour hours second seconds day days week weeks month months year years today
    yesterday tonight current previous recent again twice duplicate duplicates dupes null empty
    missing blank error errors warning warnings failure failures rejected rejects side sides
    left right either neither lookup cache stream streams
    heavy light long short tall huge tiny major minor severe extreme abnormal unusual odd weird
    risky hot cold warm peak busy idle full broken faulty damaged defective lost stolen overdue
    delayed expired stale fresh young senior junior adult child kids returning repeat frequent
    rare big small slow quick high low valid invalid successful unsuccessful declined approved
    rejected refunded partial complete completed incomplete abandoned new old recent final
    draft demo sample dummy fake synthetic bot bots spam internal external public private
    verified unverified confirmed unconfirmed suspicious failing malfunctioning misbehaving
    crashing erroring flapping faulting offending active inactive disabled enabled dead"""
    )
    # "the sales we care about", "the ones that matter", "relevant orders": a wish that picks
    # records, said of no field
    | word_set("care cares interested interesting relevant important matter matters useful")
)
# Generic record nouns: a description holding only these (and the topic's own words) needs no
# note.
_GENERIC_NOUNS = word_set(
    """events event records record messages message data rows row entries entry items item
    updates update payloads payload stuff traffic feed pings ping readings reading measurements
    measurement samples sample"""
)
# Filler nouns a description may hold ("lab centrifuge run logs", "print job events").
_FILLER_NOUNS = word_set(
    # ("the tracking boxes on every boat": what the devices do, no step)
    "run runs job jobs app application service server line lines tracking"
)
# Capitalised words that name a kind of record, never a value ("GPS pings", "POS sales").
_RECORD_ACRONYMS = frozenset(
    {"GPS", "IOT", "IoT", "POS", "CDR", "CDRs", "RFID", "NFC", "SMS", "HTTP", "API", "DNS", "ATM",
     "EV", "QR", "CCTV", "ANPR", "ECG", "HVAC", "PLC", "SCADA", "OBD", "AIS", "ADS-B", "BMS",
     # what sensors measure ("the greenhouse CO2 sensors")
     "CO2", "NO2", "NOx", "VOC", "UV", "GNSS", "BLE", "LoRa",
     # the dispatch system ("the CAD system publishes ..."), only as who sends the records
     # (a currency code too: never in the background words of context.py)
     "CAD", "CDN",
     # a distress signal, a kind of device or call ("the SOS gateway")
     "SOS",
     # grid devices, as "PLC", "SCADA" ("The PMUs at each substation publish ...")
     "PMU", "RTU"}
) | SYSTEM_ACRONYMS  # fmt: skip
# A word a description may hold: letters, inner hyphens or an apostrophe ("tap-on").
# ("the bakery chain's tills": a possessive too)
# ("patients' aligner cases": a plural's possessive too)
_PLAIN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:'s|(?<=s)')?")
_PRESET_FIELD_NAMES = frozenset(f.name.lower() for fields in PRESETS.values() for f in fields)


# Keywords a misspelt word next to a topic may stand for ("rdea from topik x", "raed x"): such
# a word is left unread, for the typo reader (text.py).
_SLIP_TARGETS = word_set(
    """read reads write send keep drop print store load consume ingest filter count dedupe
    dedup topic topics table stream forward publish session sessions window windows every
    where unique distinct latest sessionize sessionise deduplicate aggregate"""
)


# Words one letter from a keyword that people mean as written ("Loan applications", "road
# sensors", a classroom "tablet"): never slips.
_NEAR_KEYWORDS = word_set("loan loans road roads lead leads tablet tablets shore")


def _slip(word: str) -> bool:
    """A misspelt keyword ("sesions", "topik") or a scrambled one ("rdea")."""
    if len(word) < 4 or word in _SLIP_TARGETS or word in _NEAR_KEYWORDS:
        return False
    return is_slip(word) or any(
        _distance_one(word, k) or (len(word) == len(k) and sorted(word) == sorted(k))
        for k in _SLIP_TARGETS
    )


def plain_description(
    words: list[str], continued: bool = False, topic_words: frozenset[str] = frozenset()
) -> bool:
    """`words` only say what records are: plain words, none that could carry a requirement.
    `continued`: the phrase goes on with words read already ("Boarding | scans arrive on").
    `topic_words`: the words of the topic's name ("Every completed order lands on
    delivery-completed": what every record of that topic is, selecting none)."""
    if not 1 <= len(words) <= 8:
        return False
    if (
        len(words) == 1
        and not continued
        and not (
            words[0].lower().endswith("s")
            or any(p.fullmatch(words[0]) for p, _, _ in DOMAINS)
            # ("Wholesale orders come in on cocoa.wholesale_orders": a word of the topic's name,
            # capitalised opening its sentence; never a bare lower-case word, which may be the
            # first part of a name: "Output: ramp.clean")
            or (_capitalised(words[0]) and words[0].lower() in topic_words)
        )
    ):
        return False  # one word: a plural noun ("pings from topic x"), never "rdea from topik x"
    terms = _term_words(words) | _place_words(words)
    if len(words) - len(_place_words(words)) > 5:
        return False
    if _code_of_topic(words, topic_words):
        words = words[1:]  # (the code is the topic's own: see `_code_of_topic`)
    return all(
        i in terms
        or description_word(w)
        or _field_noun(words, i)
        or head_noun(words, i)
        or _topic_word(w, topic_words)
        # ("The cold rooms report on vault.coldroom-temps": two words the name joins in one)
        or compound_topic_word(words, i, topic_words)
        # ("count the cue GOs on lx.cue-go": the records' noun, the topic's, in capitals)
        or (i == len(words) - 1 and _topic_word(w.lower(), topic_words))
        # ("Wholesale orders ...": capitalised, opening the description)
        or (i == 0 and _capitalised(w) and _topic_word(w.lower(), topic_words))
        for i, w in enumerate(words)
    )


def _topic_word(word: str, named: frozenset[str]) -> bool:
    """`word` is a word of the topic's name, said plainly in lower case ("error" of
    lx.dmx-errors, singular or plural)."""
    low = word.lower()
    return word.islower() and (low in named or singular(low) in {singular(n) for n in named})


def compound_topic_word(words: list[str], i: int, named: frozenset[str]) -> bool:
    """words[i] and the word next to it, joined, are one word of the topic's name ("cold rooms"
    on vault.coldroom-temps): the name holds every record of theirs, so a word that could
    pick some ("cold") picks none. Plain lower-case words, the first of a sentence capitalised."""
    named_singular = {singular(n) for n in named}
    low = words[i].lower()
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", low) and low.replace("-", "") in named:
        return True  # ("the walk-in freezers" on kitchen.walkin-temps: one word, hyphenated)
    for j in (i - 1, i):
        if j < 0 or j + 1 >= len(words):
            continue
        pair = words[j : j + 2]
        if not all(w.isalpha() and (w.islower() or _capitalised(w)) for w in pair):
            continue
        if _capitalised(pair[1]):
            continue  # ("the cold Rooms": a name's capital, never a compound)
        joined = "".join(pair).lower()
        if joined in named or singular(joined) in named_singular:
            return True
    return False


def topic_name_words(topic: str | None) -> frozenset[str]:
    """The plain words of `topic`'s name (see `_name_words`)."""
    return _name_words(topic)


def _code_of_topic(words: list[str], named: frozenset[str]) -> bool:
    """ "DMX error frames arrive on lx.dmx-errors": a code opening the description is the
    topic's own when the topic's name holds it, every word after it but the last is one of
    the name's words too, and the last, the records' noun, is not (a description all of the
    topic's words is read as the topic's name said again, by the context reader; "ACARS fault
    report" on acars.engine-reports may select fault reports: refused)."""
    if len(words) < 2 or not re.fullmatch(r"[A-Z][A-Z0-9]+", words[0]):
        return False
    if words[0].lower() not in named:
        return False
    return all(_topic_word(w, named) for w in words[1:-1]) and not _topic_word(words[-1], named)


def _capitalised(word: str) -> bool:
    """ "Wholesale": an initial capital, the rest lower case (never an acronym)."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and word.isalpha()


def _capitalised_to_open(words: list[str], i: int) -> bool:
    """words[i] is capitalised only because it opens the request or a sentence (never a proper
    name or an acronym mid-sentence)."""
    word = words[i]
    return word[:1].isupper() and word[1:].islower() and (i == 0 or words[i - 1][-1:] in ".!?:")


def _name_words(topic: str | None) -> frozenset[str]:
    """The plain words of `topic`'s name ("delivery-completed": delivery, completed)."""
    if topic is None:
        return frozenset()
    return frozenset(p for p in re.split(r"[-_.]", topic.lower()) if p.isalpha())


# Nouns other readers take as filler ("results", "reads") that name the records when a plain
# word comes before them: "Quiz results arrive on ...", "Page reads come in on ...".
_RECORD_HEADS = word_set("results reads views submissions responses answers outcomes")


def head_noun(words: list[str], i: int) -> bool:
    """ "Quiz results": a record noun of `_RECORD_HEADS` ending a description, after a plain
    word; alone ("The results stream into x") it names no records."""
    return (
        0 < i == len(words) - 1
        and words[i].lower() in _RECORD_HEADS
        and description_word(words[i - 1])
    )


# A place said inside a description: "Member scans at the wash gate come in on ...".
_PLACE_PREPOSITIONS = word_set("at in from on inside near")
_PLACE_DETERMINERS = word_set("the our")
# ("Ticket sales from all tills", "readings from every scale": all the producers, no selection)
_ALL_PRODUCERS = word_set("all every each")


def _place_words(words: list[str]) -> set[int]:
    """The positions of "at the" between plain words of a description ("scans at the wash
    gate"), or of "from all (the)" ("sales from all tills", "readings from every scale"):
    where the records are made, never a condition (which needs a field or a value)."""
    low = [w.lower() for w in words]
    found: set[int] = set()
    for i in range(1, len(low) - 2):
        if low[i] not in _PLACE_PREPOSITIONS or not description_word(words[i - 1]):
            continue
        det = i + 1
        if low[det] in _ALL_PRODUCERS and low[i] in ("from", "at"):
            det += low[det] == "all" and det + 2 < len(low) and low[det + 1] in _PLACE_DETERMINERS
        elif low[det] not in _PLACE_DETERMINERS:
            continue
        if det + 1 < len(low) and description_word(words[det + 1]):
            found |= set(range(i, det + 1))
    return found


# "... on 'sso-auth-logs', each with source_ip, username, outcome and a timestamp": the fields
# the records carry, listed right after the (masked) source topic (see `_fields_after_topic`)
_FIELD_WORD = r"[A-Za-z_]\w*"
# "Our listing events (topic listings.updates) only carry agent_id": what the records hold, said
# with "only" right after the (masked) topic, a name only a field has; never a step (a
# statement about the records, the sentence ends after the names)
ONLY_FIELDS_AFTER_TOPIC = re.compile(
    r"\x00(?P<w>\)?\s+(?:only|just)\s+(?:carry|carries|have|has|contain|contains|include|includes)"
    r"\s+(?:an?\s+)?)(?P<list>[A-Za-z]\w*_\w+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[A-Za-z]\w*_\w+)*)"
    # ("..., which is useless for the quay staff": why that is not enough, a judgement of those
    # fields by plain words, no value or name)
    r"(?P<why>\s*,\s*(?:which|that)\s+(?:is|are|isn't|aren't)\s+(?:(?:not|of)\s+)?(?:really\s+|very\s+)?"
    r"(?:useless|unhelpful|meaningless|cryptic|opaque|unreadable|no\s+use|useful|helpful"
    r"|readable|meaningful|enough)(?:\s+(?:for|to)\s+(?:the\s+|our\s+)?(?:[a-z]+\s+){0,2}[a-z]+)?)?"
    r"(?=\s*(?:[.;\n]|$))",
    ICASE,
)
FIELDS_AFTER_TOPIC = re.compile(
    r"\x00(?P<w>\s*[,;]?\s*(?:(?:each|every\s+(?:one|record|event|message))\s+)?(?:with|carrying"
    # "Each frame on `downlink.frames` carries a pass_id."
    r"|having|(?<=\x00)\s+(?:carries|carry|has|have|includes|include|contains|contain)"
    # "...-cycles; each has home_id, mode and runtime_s"
    r"|(?<=each\s)(?:carries|has|includes|contains))\s+"
    # ("with epoch-second fields dispatched_s and enroute_s": what the fields hold, before)
    r"(?:the\s+)?(?:(?:[A-Za-z][\w-]*\s+)?fields?\s+)?)"
    # ("with a player_id and a map_id": an article before a name only a field has)
    r"(?P<list>(?:an?\s+(?=[A-Za-z]\w*_\w))?"
    rf"(?!(?:a|an|the|no|every|each|some|only)\b){_FIELD_WORD}(?:\s*,\s*{_FIELD_WORD})*"
    rf"\s*,?\s+and\s+(?:an?\s+)?{_FIELD_WORD}"
    # (one field: a name only a field has, "a pass_id")
    r"|an?\s+[A-Za-z]\w*_\w+)(?=\s*(?:[.;)\n]|$))",
    ICASE,
)


# "We track every container move at the port on the Kafka topic yard-moves": who records what,
# all of it, on the topic right after (see `_tracked_on`).
TRACKED_ON = re.compile(
    r"\b(?:we|they|i)\s+(?:track|log|record|capture|collect|publish|receive|get|stream|send|emit"
    r"|push)\s+(?:every|each|all(?:\s+(?:the|our))?)\s+"
    r"(?P<w>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,6}?)\s+(?:on|in|into|to|through|via|over)\s+"
    r"(?:the\s+|our\s+)?(?=\x00)",
    ICASE,
)


def _compound(words: list[str]) -> bool:
    """ "container move", "port": plain description words, the last one may be a noun the
    filler list holds as a verb ("move", "copy") when a description word comes before it."""
    if not 1 <= len(words) <= 3:
        return False
    head = words[-1].lower()
    noun_head = (
        len(words) > 1
        and head in FILLER
        and head not in _REQUIREMENT_WORDS | STOP
        and _PLAIN_WORD.fullmatch(words[-1]) is not None
    )
    return all(description_word(w) for w in (words[:-1] if noun_head else words))


def _field_noun(words: list[str], i: int) -> bool:
    """ "Lamp status events", "location updates": a preset field's name right before a generic
    record noun names the kind of records (a compound noun), never a condition on the field."""
    low = words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    return (
        nxt in _GENERIC_NOUNS
        and (low in _PRESET_FIELD_NAMES or singular(low) in _PRESET_FIELD_NAMES)
        and _PLAIN_WORD.fullmatch(words[i]) is not None
        and low not in _REQUIREMENT_WORDS | STOP | FILLER
        and not _slip(low)
    )


# Fixed terms whose second word elsewhere asks for something ("rate"): "heart rate readings
# from topic x" only says what the records are.
_TERMS = frozenset(
    {("heart", "rate"), ("pulse", "rate"), ("respiratory", "rate"), ("breathing", "rate"),
     ("resting", "rate"), ("exchange", "rate"), ("exchange", "rates"), ("frame", "rate"),
     ("bit", "rate")}
)  # fmt: skip


def _term_words(words: list[str]) -> set[int]:
    """The positions of the words of a fixed term (`_TERMS`) in `words`."""
    low = [w.lower().strip(",;:.") for w in words]
    at = {i for i in range(len(low) - 1) if (low[i], low[i + 1]) in _TERMS}
    return at | {i + 1 for i in at}


def _participle(word: str) -> bool:
    """ "stamped", "scanned": a participle describing each producer ("every stamped part")."""
    return bool(re.fullmatch(r"[a-z]{3,}ed", word.lower()))


def _names_a_sink(sources: SourceRecogniser, item: tuple[str, bool, int]) -> bool:
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


# Participles every record of its kind has, which select none: "Every bid placed lands in x"
_EVERY_RECORD_PARTICIPLES = frozenset(
    {"placed", "made", "recorded", "logged", "generated", "produced"}
)


# Words a "when they ..." tail may hold besides plain description words ("when they get back
# on the boat", "while it's driving")
_WHEN_WORDS = word_set("get gets got back on off in at to into onto from the a an their its our")


def _when_plain(said: str) -> bool:
    """The words after "when they / while it / after each" only say when the producers send
    (never "when they are late": a word that may select)."""
    return all(w.lower() in _WHEN_WORDS or description_word(w) for w in said.split())


# What happens, said plainly: "a post is published", "a parcel is scanned", "a door opens", "a
# gun starts up" (the noun's words are checked by `_we_emit_plain`)
_PLAIN_HAPPENING = re.compile(
    r"(?:every\s+time|each\s+time|whenever)\s+(?:an?|the|one)\s+"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+"
    r"(?:(?:is|are|gets?|was)\s+)?[a-z]+(?:\s+(?:up|out|in|off|down|on))?\s*,?\s+we\b",
    ICASE,
)


def _we_emit_plain(m: re.Match[str]) -> bool:
    """A WE_EMIT match says what happens in plain words only: "every time a parcel is scanned
    during business hours, we publish ..." may say which records (left unread, refused)."""
    said = _PLAIN_HAPPENING.match(m.group(0))
    return said is not None and all(description_word(w) for w in said["who"].split())


# Words of a happening that say which records or when ("every time a door opens after
# midnight", "... published in French", "... a room door on the third floor")
_HAPPENING_SELECTS = word_set(
    "during after before between except unless only just outside inside in at on from when if "
    "while not never but weekend weekends night nights business hours morning mornings evening "
    "evenings midnight noon monday tuesday wednesday thursday friday saturday sunday test"
)


def _happening_words_plain(said: str) -> bool:
    """ "every time a door opens" says only when the producers send; "every time a door opens
    after midnight", "... in the cold room" may say which records (left unread, refused)."""
    if selecting_happening(said):
        return False  # ("... when a customer cancels": which records?)
    for w in re.findall(r"[\w'-]+", said):
        low = w.lower()
        if low in _HAPPENING_SELECTS or low in PLACE_QUALIFIERS or re.search(r"\d", w):
            return False
        if re.fullmatch(r"[A-Z]{2,}s?", w) and w not in _RECORD_ACRONYMS:
            return False  # a code: "every time an EU order ..."
    return True


def _happening_plain(m: re.Match[str]) -> bool:
    """An IT_POSTS_EVERY_TIME match names who produces and what happens in plain words only
    (no code, qualifier, participle or step word: "every time a test robot drops ..." and
    "every time a robot drops a failed crate" may say which records)."""
    if STEP_WORDS.search(m["verb"][:-1]) and m["verb"].lower() not in _HAPPENING_VERBS:
        return False
    return all(description_word(w) for w in (m["who"] + " " + m["what"]).split())


# Words joining an act's words ("scan tickets at the doors", "check in from the towers on
# their radios": a place after a preposition says where every record is made)
_ACT_JOINS = word_set("the a an their its our at on in from to into onto of with and each every")
# Words after the producers that are no act of theirs ("orders are ...", "we should ...")
_NOT_ACTS = word_set(
    """is are was were be been has have had do does did get gets got should must will would
    can could may might need needs want wants please"""
)
# Records a pipeline routes, never what producers make ("... and the rest goes to x")
# (nor the pipeline writing: "..., and the pipeline writes to x" names the output)
_NOT_ARRIVING = word_set(
    """rest others remainder results outputs matches ones duplicates dupes rejects rejections
    pipeline pipelines processor processors job jobs consumer consumers script etl sink output"""
)
# Time words in an act say when, maybe which records ("... every minute", "... on Sundays")
_ACT_TIMES = re.compile(
    r"(?:sec|second|min|minute|hour|hr|day|night|week|month|year|morning|evening|afternoon"
    r"|weekend|today|tonight|yesterday|tomorrow)s?|[a-z]+days?",
    ICASE,
)
# Words of an act that compare or say which ("scan tickets over 20 euros at the doors")
# (or a bound: "When a reading crosses the limit, it goes to x" may say which readings)
_ACT_COMPARES = word_set(
    """over under above below more less fewer than between least most limit limits threshold
    thresholds maximum minimum cap ceiling target targets range"""
)


def _act_word_plain(word: str) -> bool:
    """A word of what the producers do that says no value, field, place or kind of record:
    "tickets", "at the doors", "on their radios" (never "at the north gate", "in the cold
    room", "over", a digit, a code or a name with '_')."""
    low = word.lower()
    if low in _ACT_JOINS:
        return True
    return (
        description_word(word)
        and low not in _HAPPENING_SELECTS
        and low not in PLACE_QUALIFIERS
        and low not in _WHICH_TOPIC
        and low not in _ACT_COMPARES
        and not _ACT_TIMES.fullmatch(low)
    )


def _producer_word(word: str) -> bool:
    """A word naming who sends: plain, never a step's word ("Read", "Filter": an order)."""
    low = word.lower()
    # (a step's word is an order: "Read", "Count"; "keepers", "counters" are who does it)
    agent = re.search(r"(?:er|or)s?$", low)
    return (
        _act_word_plain(word)
        and low not in _SLIP_TARGETS
        and (agent is not None or not STEP_WORDS.search(low))
    )


# Happenings that name a kind of record ("When a customer cancels an order, it goes to x"):
# the topic may hold every order, and the request may want only the cancelled ones, so a
# producers' sentence saying one is never read as the whole topic's meaning (left unread,
# refused quoting it)
_SELECTING_HAPPENING = re.compile(
    r"(?:cancel|refund|return|fail|reject|declin|abandon|disput|void|bounc|crash|expir|delet"
    r"|remov|complain|churn|unsubscrib|flag|revok|breach|violat|withdr[ae]w|suspend|timeout"
    r"|overdraw|overheat|exceed|chargeback)"
    r"(?:s|es|e|ed|d|ing|l|led|ling|ion|ions|al|als|ure|ures|n|ment|ments)?"
    r"|den(?:y|ies|ied)|miss(?:es|ed)?|lose[sd]?|lost|skip(?:s|ped)?|errors?|errored|time[sd]?\s?out",
    ICASE,
)


def selecting_happening(words: str) -> str | None:
    """The first word of `words` that says a happening naming a kind of record ("cancels",
    "refunds", "fails", "rejected"), or None."""
    for w in re.findall(r"[A-Za-z][\w'-]*", words):
        if _SELECTING_HAPPENING.fullmatch(w):
            return w
    return None


def _act_plain(m: re.Match[str]) -> bool:
    """An ACT_THEN_LANDS or EVERY_TIME_LANDS match says who makes the records, what they do
    and what arrives in plain words only: a verb of theirs (no step word, auxiliary or
    participle), no qualifier, value, number or field, and never an output arriving ("the
    results go to x")."""
    verb = m["verb"].lower()
    if verb in _NOT_ACTS or _participle(verb):
        return False
    if STEP_WORDS.search(verb) and verb not in _HAPPENING_VERBS | {"log"}:
        return False
    who = m["who"].split() + (m.groupdict().get("by") or "").split()
    if not all(_producer_word(w) for w in who):
        return False
    noun = (m.groupdict().get("noun") or "").lower()
    if noun and (
        not description_word(noun) or singular(noun) in _EVERY_OUTPUTS or noun in _NOT_ARRIVING
    ):
        return False
    return all(_act_word_plain(w) for w in m["act"].split())


# "logs every device it sees", "every card they scan": what the producers notice, said after
# the noun; it selects none of them
_NOTICED = word_set("""see sees detect detects spot spots handle handles hear hears register
    registers notice notices catch catches serve serves meet meets""")


def _joined_pair_out(words: list[str]) -> list[str]:
    """ "arrival and departure", "sale or refund": the joining word of two nouns left out,
    each noun still checked ("every late and early arrival" keeps its qualifiers); "device it
    sees": the producers' noticing verb left out (`_NOTICED`)."""
    if len(words) == 3 and words[1].lower() in ("it", "they") and words[2].lower() in _NOTICED:
        return words[:1]
    if len(words) == 3 and words[1].lower() in ("and", "or"):
        return [words[0], words[2]]
    return words


def _same_again_plain(m: re.Match[str]) -> bool:
    """A SAME_SENT_AGAIN match names who sends and what in plain words only ("the same late
    call", "the EU gateway" may say which records)."""
    return all(_producer_word(w) for w in m["who"].split()) and all(
        _act_word_plain(w) for w in m["act"].split()
    )


def _records_each_plain(m: re.Match[str]) -> bool:
    """A PRODUCERS_RECORD_EACH match names who records and what in plain words only, and
    what they do to it is a plain verb, no step word ("scan each failed crate", "scan each
    crate as they filter it" may say which records)."""
    if m["act"] and (STEP_WORDS.search(m["act"]) or not description_word(m["act"])):
        return False
    words = (m["who"] + " " + m["what"]).split()
    return (
        all(description_word(w) for w in words)
        and singular(words[-1].lower()) not in _EVERY_OUTPUTS
    )


# Verbs of something happening in the world that a step's word list would otherwise take
# ("a robot drops a crate", "a scale logs a weight")
_HAPPENING_VERBS = word_set("drops logs finishes lands")


def _measured_by(word: str, after: list[str]) -> bool:
    """ "tank level sensors", "line pressure gauges": a field's name modifying the device said
    after it names what the device measures, never a selection of its records."""
    return (
        bool(after)
        and word.lower() in _PRESET_FIELD_NAMES
        and singular(after[-1].lower()) in _MEASURING_DEVICES
    )


# Devices named by what they measure ("level sensors", "pressure gauges")
_MEASURING_DEVICES = frozenset(
    {"sensor", "gauge", "meter", "probe", "transmitter", "monitor", "logger", "detector"}
)


def _selecting_part(word: str) -> bool:
    """A compound's first parts hold a word that selects ("high-priority alerts", "test-mode
    scans"): what the producers send, then, names some of the records."""
    return any(
        part in _REQUIREMENT_WORDS or part in _SELECTING_MODE
        for part in word.lower().split("-")[:-1]
    )


def mode_part(word: str) -> bool:
    """A compound's first parts hold a qualifying word or a mode ("test-mode", "high-pressure",
    "beta-build"), never a step's noun ("session-state records")."""
    return any(
        part in QUALIFYING or part in _SELECTING_MODE for part in word.lower().split("-")[:-1]
    )


# A mode a record is made in, as a compound's first part ("test-mode scans", "beta-build
# crashes"): a kind of records some are, never all (a plain "test results" may name them all)
_SELECTING_MODE = word_set("test testing trial beta canary preview qa training practice")


def description_word(word: str) -> bool:
    """A word a description of the records may hold (see `plain_description`)."""
    low = word.lower()
    if word in _RECORD_ACRONYMS or (word.endswith("s") and word[:-1] in _RECORD_ACRONYMS):
        return True  # ("factory line PLCs": the acronym's plural too)
    if _slip(low):
        return False
    if not _PLAIN_WORD.fullmatch(word) or re.fullmatch(r"[A-Z]{2,}s?", word):
        return False  # a digit, a name with '_' or '.', a code like "EU"
    if low in _REQUIREMENT_WORDS or (low in FILLER and low not in _GENERIC_NOUNS | _FILLER_NOUNS):
        return False
    if low in STOP and low not in _GENERIC_NOUNS:
        return False
    if len(low) > 4 and re.search(r"[^e]ed$", low) and low not in _EVERY_RECORD_PARTICIPLES:
        return False  # a participle: "failed", "cancelled", "flagged"
    domain = any(p.fullmatch(word) for p, _, _ in DOMAINS)  # "sensor": picks the preset
    return domain or (low not in _PRESET_FIELD_NAMES and singular(low) not in _PRESET_FIELD_NAMES)


# A plain word joined to a topic list and ending its clause ("topic orders-in and payments,"),
# never one that names records of every kind ("and others")
_NOT_A_TOPIC = frozenset({"others", "rest", "results", "updates", "records", "events", "messages"})
# ("topics orders-eu and also payments", "sensor-a plus sensors", "x as well as devices")
_LIST_LEFT = re.compile(
    r"\s*(?:,\s*)?(?:and|&|(?P<more>and\s+also|plus|as\s+well\s+as|along\s+with))\s+"
    r"(?P<w>[A-Za-z]\w*)\s*(?:[,;.]|$)",
    ICASE,
)


def _other_style(first: str, name: str) -> bool:
    """A name joined by underscores after a topic named with hyphens ("api-calls, latency_ms"):
    a field, not a second topic of the list."""
    return "-" in first and "_" not in first and "_" in name and "-" not in name


def unsure_description(words: str, clause: str, topic: str) -> str:
    """The refusal for words that may describe a topic's records or select some of them."""
    return (
        f"cannot tell what {words!r} says in {clause!r}: what every record of topic {topic!r} "
        f"is (then leave it out), or which records to keep (then name the field holding it, "
        f"e.g. \"keep events where kind = 'elevator' and door_cycles > 50000\")"
    )


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


def _qualifying_word(word: str) -> bool:
    """A word of a phrase describing the records that could select some of them: a qualifier,
    a requirement's word, a stop word, a number, a participle or a field's name."""
    low = word.lower()
    return (
        low in QUALIFYING
        or low in _REQUIREMENT_WORDS
        or (low in STOP and low not in ("records", "events", "messages"))
        or re.search(r"\d|ed$", low) is not None
        or "_" in low  # a field name
    )
