"""Recogniser: the join lead, read before any kind of join: the pairing verbs lexicon ("join",
"match each X with", "pair up", "find the X ... with the same k"), where the other side is named
("join x with y", "join them", two producers and their topics), which records a join keeps (left
or inner: "keep orders even if there is no payment") and a join read already pointed back at
("after the join", "please do a left join")."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .fields import SchemaResolver
from .join_bounds import IN_THE_SPAN, RANGE_OPENS
from .lexicon import (
    CONNECTOR_VERBS,
    HYPHENATED,
    MASK,
    NAME,
    NAMED_TOPIC,
    QUOTED,
    STOP,
    singular,
    stem,
    unquote,
)
from .quantities import DUR, ICASE

_NOT_IN_NAME = (
    "(?<!\\w)(?:(?<![A-Za-z0-9]-)|"
    + "|".join(
        f"(?<={kind}-)" for kind in ("left", "right", "inner", "outer", "full", "cross", "self")
    )
    + ")"
)


JOIN_VERB = re.compile(
    # (never a part of a name: the topic "match-joins"; "left-join" is the verb)
    rf"{_NOT_IN_NAME}(?:join(?:s|ing)?|enrich(?:es|ing)?|look(?:s|ing)?\s+up|lookup)(?![\w-])",
    ICASE,
)


# A character inside one sentence and clause: a dot only inside a name ("lib.returns")
_IN_SENTENCE = r"(?:[^;.]|\.(?=\w))"


# A bound in a clause of its own after the match: "...; the certificate has to be issued at most
# forty-eight hours before the shipment" (a direction after the duration, so never a dedup window)
_LATER_BOUND = (
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than)\s+[\w\s-]{1,30}?"
    r"\b(?:hours?|minutes?|mins?|seconds?|secs?|days?|weeks?)\s+(?:before|after|of)\b"
)


# The words before "the same <key>": "for the same order_id", "that has the same booking_id"
SAME_KEY_WORD = (
    r"(?:for|with|of|(?:that|which)\s+(?:has|have|had|carries|carry|shares?)|sharing|having"
    r"|carrying)"
)


# "find the X on t with the same k ... within ...": a join said as finding the other record
# The other records' topic, the key both share and a bound, after the finding verb's object (the
# topic named: "if we find a record with the same order_id within 10 minutes, drop it" is a
# dedup, no join)
_FOUND_BOUND = (
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    # ("... from 20 min before to 20 min after the check", "..., 20 minutes either side of it")
    rf"|from\s+{DUR}\s+(?:before|after|earlier|prior)|{DUR}\s+(?:on\s+)?either\s+(?:side|way)"
    # ("... taken in the 14 days before the real test", "... between 5 minutes before and ...")
    rf"|{IN_THE_SPAN}|{RANGE_OPENS})\b"
)


_FOUND_ON_TOPIC = (
    r"\b(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    r"[A-Za-z]\w*[.-]\w[\w.-]*\s+"
    rf"(?:{SAME_KEY_WORD}\s+the\s+same\s+[a-z]\w*_\w+\b{_IN_SENTENCE}*?{_FOUND_BOUND}"
    # ("find the attempts from x taken in the 14 days before the test, joining on learner_id":
    # the bound first, then the key in a clause of its own)
    rf"|{_IN_SENTENCE}*?{_FOUND_BOUND}{_IN_SENTENCE}*?,\s*(?:joining|joined|matching|matched)\s+on"
    r"\s+[a-z]\w*_\w+\b)"
)


FIND_VERB = (
    # ("find badge scans on x with the same k ...": a plural, no article)
    r"(?<![\w-])(?:(?:find|finds|look\s+for|looks\s+for)(?=\s+(?:(?:the|its|their|an?|any|all)\s)?"
    rf"{_IN_SENTENCE}*?{_FOUND_ON_TOPIC})"
    # "For each fault, match readings from x with the same lift_id taken up to ...": a verb
    # of pairing, its object the other records on their topic (never "match it with ...",
    # "pair each return on x with ..."), read so only after "for each ..." (`FIND_FOR_EACH`)
    r"|(?P<pairing>match|pair|attach|fetch|grab|pull)(?=\s+"
    r"(?:(?!(?:it|them|each|every|all|both|with|to|and|on|from|in)\b)[a-z][\w-]*\s+){1,4}?"
    rf"{_FOUND_ON_TOPIC}))"
)


FIND_JOIN = re.compile(FIND_VERB, ICASE)


# "For every GO on lx.cue-go, find ...": the records the finding is done for, said before it
FIND_FOR_EACH = re.compile(
    # ("For every failed test on x (passed = false), find ...": a condition in brackets, left to
    # the filters)
    r"(?:\bfor\s+(?:each|every)\s+(?:[^,;.\x00]|\.(?=\w)){1,60}?(?:\s*\([^()]{1,60}\))?,?"
    # "when a failure event lands on hydro.pump_failures, can we attach ...": each record said
    # as its arrival on its topic
    r"|\b(?P<when>when(?:ever)?|each\s+time|every\s+time|as\s+soon\s+as)\s+(?:an?|each|every)\s+"
    r"(?:[^,;.\x00]|\.(?=\w)){1,60}?\s(?:lands?|arrives?|comes\s+in|shows\s+up"
    r"|is\s+(?:published|posted|logged|written))\s+(?:on|in|to|into)\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[A-Za-z][\w-]*(?:[.-]\w+)+\s*,)"
    r"\s*(?P<ask>(?:can|could|would|will)\s+(?:we|you)\s+)?(?:(?:we|you|it)\s+)?"
    r"(?:(?:please|pls|just)\s+)?$",
    ICASE,
)


# The verbs of pairing each record with a record of another stream, a join verb when the other
# stream and a time bound follow in the sentence: (base, third person, participle). Any may
# take "up" ("match up", "pair up"); "line up" is said with it only.
PAIRING_VERBS: tuple[tuple[str, str, str], ...] = (
    ("match", "matches", "matched"),
    ("pair", "pairs", "paired"),
    ("correlate", "correlates", "correlated"),
    ("combine", "combines", "combined"),
    ("link", "links", "linked"),
    ("tie", "ties", "tied"),
    ("associate", "associates", "associated"),
    ("line up", "lines up", "lined up"),
)


def _verb_alternation(words: list[str]) -> str:
    """A regex alternation of verb forms, the longest first, a space matching any space."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


PAIRING_ACTIVE = _verb_alternation([f for base, third, _p in PAIRING_VERBS for f in (base, third)])


PAIRING_PARTICIPLE = _verb_alternation([p for *_forms, p in PAIRING_VERBS])


_UP = r"(?:\s+up)?"


# "the clicks topic joined with the profile-updates topic": "joined" before "with" is the verb
JOIN_VERB_STRICT = re.compile(
    # (never what a user does, in a list of examples: "(opening the shop, joining a party, etc.)")
    # (nor the noun counted: "number of joins per team_id")
    rf"{_NOT_IN_NAME}(?<!\bnumber\sof\s)(?<!\bcount\sof\s)"
    r"join(?:s|ing)?(?![\w-])(?!\s+an?\s+[a-z]+\s*(?:,|\)|\s(?:or|and|etc)\b))"
    r"|\bjoined(?=\s+(?:with|to|against)\b)"
    # "match each login (topic logins) with a later logout ... no more than 8 hours after": a
    # join verb when a time bound follows in the sentence
    # (a dotted topic's dot never ends the sentence: "match each return on lib.returns with ...";
    # the bound may be said in the next clause: "...; the checkout happened at most 60 days before")
    # (never a part of a name: "dating.match-created")
    # ("every launch on x to be matched with the inspection from y ... in the 2 hours before
    # the launch": the participle after "be", the span said with "in the")
    # ("I want each pass (gs.passes) matched to ...": a participle is a join verb only after
    # "be"/"get" or the records it is said of, see `strict_join_verbs`)
    # ("match each penalty against hockey.shots ...": "against" as "with")
    rf"|(?<![.-])\b(?:{PAIRING_ACTIVE}|(?P<participle>{PAIRING_PARTICIPLE})){_UP}\b(?![.-]\w)"
    rf"(?={_IN_SENTENCE}*"
    rf"\b(?:with|to|against)\b{_IN_SENTENCE}*(?:;{_IN_SENTENCE}*?(?={_LATER_BOUND}))?"
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    # ("... for the same zone_id taken between 5 minutes before and 5 minutes after ...";
    # "..., where the return comes between 0 and 8 hours after the checkout": a range)
    rf"|between(?=\s+\d[^.;!?\n]{{0,30}}?\b(?:after|before)\b)|{IN_THE_SPAN}|{RANGE_OPENS})\b)"
    # "Both have notification_id. We want to match them if the open is within 1 hour of the
    # send": the two streams said before (see `_streams_said_before`)
    rf"|\b(?:{PAIRING_ACTIVE}){_UP}\b(?=\s+(?:them|the\s+(?:two|2)\s+streams|both"
    r"(?:\s+streams)?)\b)"
    # "For every GO on lx.cue-go, find the dimmer acknowledgement on lx.dimmer-ack with the
    # same cue_id arriving no later than 2 seconds after the GO": the other side as the object
    # of "find", the key said as what both share and a bound in the sentence (the left side
    # is said before it, "for each/every ...", see `FIND_FOR_EACH`)
    rf"|{FIND_VERB}",
    ICASE,
)


# "Match each coin drop to the game it paid for: first ..., then join with x ...": the words of a
# pairing verb opening a heading, up to its colon (no name, field, number or masked word in it;
# the other side said by "to"/"with"/"against")
PAIRING_HEADING = re.compile(
    r"(?=\s+(?:each|every|all|the|our|an?)\b[^:;.!?\n\d_\x00()]{0,80}?\b(?:to|with|against)\b)"
    r"[^:;.!?\n\d_\x00()]{1,100}:",
    ICASE,
)


# Where a sentence or line opens (a heading's verb right after it, "please" allowed)
SENTENCE_START = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?:(?:please|pls|we\s+(?:want|need)\s+to|let's)\s+)?$", ICASE
)


# "to be matched with", "should get paired with": a participle of pairing as a passive verb
PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|get|gets|got)\s+$", ICASE)


# "I want each pass (gs.passes) matched to ...", "We'd like each of these paired with ...": the
# records a participle of pairing is said of, right before it (the object of a wish)
PARTICIPLE_SUBJECT = re.compile(
    r"\b(?:each|every|all)\s+(?:(?P<pron>one|of\s+(?:these|those|them))"
    r"|(?P<d>(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*))"
    rf"(?:\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAME})"
    rf"|\s*\(\s*(?:(?:kafka\s+)?topic\s+)?(?P<t2>{NAME})\s*\))?\s+$",
    ICASE,
)


def strict_join_verbs(s: str, text: str, start: int = 0) -> list[re.Match[str]]:
    """JOIN_VERB_STRICT's verbs in `s` from `start`, but a participle of pairing ("matched")
    only where it is a verb: after "be"/"get" or right after the records it is said of
    ("each throw on x matched with ..."); "the orders matched before" says no join."""
    return [
        m
        for m in JOIN_VERB_STRICT.finditer(s, start)
        if not m.groupdict().get("participle")
        or PASSIVE_BEFORE.search(text, 0, m.start())
        or PARTICIPLE_SUBJECT.search(text, max(0, m.start() - 120), m.start())
    ]


# Where a join's right side is named: "X left joined with ad-clicks" too.
RIGHT_SIDE_VERB = re.compile(rf"{JOIN_VERB.pattern}|\bjoined(?=\s+(?:with|to|against)\b)", ICASE)


# A clause saying only the join's how, read by `extract_join_how` (masked but for the word
# "join"): "; left join so unpaid claims still flow" before ", copying ..."
# (or ", left join, take diagnosis": the bare how, nothing said after it)
HOW_CLAUSE_READ = re.compile(r"\s*[,;]\s*\x00+[\s-]*join(?:ed)?\b[\s\x00]*(?=[,;])", ICASE)


# "After the join keep only ...", "once joined, compute ...", "before the join, drop ...": the
# join read already, pointed back at to order a step (no second join: nothing is named after
# it but the step itself)
_BACK_REF_END = (
    r"(?=\s*(?:[,;:.)!]|[-\u2013\u2014]\s|$)|\s+(?:we|i|you|please|pls|just|only|keep|drop|filter"
    r"|remove|discard|skip|exclude|add|compute|calculate|work\s+out|derive|take|select|rename"
    r"|write|send|output|emit|publish|then|apply|do)\b)"
)


_BACK_REF_JOIN = (
    r"(?:(?:it|they)\s+(?:is|are|has\s+been|have\s+been)\s+|it's\s+|they're\s+|(?:the|this|that)\s+"
    r"(?:(?:table|stream|interval|left|inner)[\s-]+)?)?(?:join(?:ed|ing)?|look[\s-]?up)"
)


ONCE_JOINED = re.compile(
    rf"\b(?:after|once|following|post)[\s-]+{_BACK_REF_JOIN}\b{_BACK_REF_END}", ICASE
)


JOIN_BACK_REF = re.compile(
    rf"\b(?:after|once|following|post|before|prior\s+to)[\s-]+{_BACK_REF_JOIN}\b{_BACK_REF_END}",
    ICASE,
)


# "please do a left join on ...", "perform an inner join": the verb doing a join read already
# (its words after, JOIN_DONE_WORDS, all masked)
JOIN_DONE = re.compile(
    r"\b(?:do|does|doing|perform|performs|performing|run|runs|use|uses|using)\s+(?:an?\s+)"
    r"(?=\S)",
    ICASE,
)


JOIN_DONE_WORDS = re.compile(
    r"(?:(?:left|inner)(?:\s+outer)?[\s-]+)?(?:(?:table|stream-table|lookup|interval)[\s-]+)?"
    r"join\b",
    ICASE,
)


# "We have cow collars sending to "animal-collar-pings" and the water troughs sending to
# "trough-visits". Join them: ...": two producers and their topics, then a join of "them" (the
# first named is the source, the other the joined stream)
_PRODUCER = r"(?:(?:the|our)\s+)?(?P<d{n}>[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}}?)"


_SENDS = (
    r"\s+(?:(?:that|which)\s+)?(?:sending|send|sends|publishing|publish|publishes|writing|write"
    r"|writes|posting|post|posts|pushing|push|pushes|producing|produce|produces)\s+(?:to|into|on)"
    r"\s+(?:(?:the\s+)?(?:kafka\s+)?topic\s+)?"
)


TWO_PRODUCERS = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:we\s+have\s+|there\s+are\s+)?"
    + _PRODUCER.format(n=1)
    + _SENDS
    + rf"(?P<a>{QUOTED}|{NAMED_TOPIC})\s*,?\s+and\s+"
    + _PRODUCER.format(n=2)
    + _SENDS
    + rf"(?P<b>{QUOTED}|{NAMED_TOPIC})\s*[.;]\s*(?=join\s)",
    ICASE,
)


JOIN_THEM = re.compile(
    r"\s+(?:them|both(?:\s+(?:streams|topics))?|the\s+(?:two|2)(?:\s+(?:streams|topics))?"
    r"|these\s+(?:two|2)(?:\s+(?:streams|topics))?)\b",
    ICASE,
)


# The start of a list of topics a reading verb names: "read topics bike-rentals and ", "consume
# payroll-runs, " (what `_said_topics` counts as named before a join of "them")
READ_LIST_BEFORE = re.compile(
    r"\b(?:read|reads|consume|consumes|ingest|ingests|subscribe\s+to|listen\s+to|take|takes)\s+"
    # ("consume the 'gate-in' and 'gate-out' topics": "the" before the names)
    r"(?:from\s+)?(?:(?P<w>(?:the\s+|both\s+)?(?:kafka\s+)?topics?\s+)|the\s+|both\s+)?"
    # ("read shop.orders and ": a dotted name too)
    rf"(?:(?:{QUOTED}|{HYPHENATED}|{NAMED_TOPIC})\s*(?:,\s*(?:and\s+)?|and\s+))*$",
    ICASE,
)


# "Read shop.orders and shop.payments; join on order_id within 10 minutes": the two streams a
# reading verb lists, then a join with no object, its key right after (a join of both)
READ_PAIR_THEN_JOIN = re.compile(
    r"\b(?:read|consume|ingest|subscribe\s+to|listen\s+to|take)\s+(?:from\s+)?"
    r"(?:(?:the\s+|both\s+)?(?:kafka\s+)?topics?\s+)?"
    rf"(?:{QUOTED}|{NAMED_TOPIC})\s*(?:,\s*)?and\s+(?:(?:kafka\s+)?topic\s+)?"
    rf"(?:{QUOTED}|{NAMED_TOPIC})\s*(?:[,;.]\s*|\s+)(?:and\s+|then\s+)*$",
    ICASE,
)


# The key right after the join verb, no object: "join on order_id", "join by sku"
JOIN_BARE_ON = re.compile(r"(?=\s+(?:on|by|using)\s+[A-Za-z_]\w*)", ICASE)


# A topic named in the sentences before a join of "them" (see `_streams_said_before`), with the
# producer's verb: "the payment system writes to payments-issued", "the events are in topic
# notifications-sent", "app sends event to topic notifications-opened"
SAID_TOPIC = re.compile(
    r"(?P<v>\b(?:(?:are|is|get|gets|being)\s+)?(?:post|posts|posting|posted|write|writes|writing|written|send|sends|sending|sent"
    r"|publish|publishes|publishing|published|push|pushes|pushed|produce|produces|produced"
    r"|emit|emits|emitted|land|lands|go|goes|arrive|arrives|come|comes|are|is|live|lives)"
    # ("posts callbacks to x", "sends an event to x")
    r"(?:\s+(?:in|out|up|an?\s+[a-z]+|[a-z]+s|event|record|message|them|it))?\s+)?"
    # ("orders from topic spot-orders and fills from topic spot-fills")
    r"(?:(?:to|into|on|in|onto|from)\s+)?(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+(?P<t>{QUOTED}|{NAMED_TOPIC})|(?<=\s)(?P<t2>{QUOTED}|[A-Za-z]\w*(?:-\w+)+)"
    # ("read 'clicks' and 'impressions' topics": the last of a list, the noun plural)
    r"(?![\w-])(?!\.\w)(?:\s+(?:kafka\s+)?topics?\b)?"
    # ("clicks from ads.clicks and impressions on ads.impressions": a dotted name right after
    # "from" or "on", where a stream is read or arrives; see `_said_topics`)
    rf"|(?:(?<=\bfrom\s)|(?<=\bon\s))(?P<t3>{NAMED_TOPIC})(?=\s*(?:[,;]|\.(?!\w)|\s+and\b|$))"
    # ("Read shop.orders and shop.payments, join them": a dotted name a reading verb lists,
    # checked with READ_LIST_BEFORE)
    rf"|(?<=\s)(?P<t4>{NAMED_TOPIC})(?=\s*(?:[,;]|\.(?!\w)|\s+and\b|$)))",
    ICASE,
)


# "the pharmacies topic, keyed by pharmacy_id": a participle after "topic" says how its rows are
# keyed, it never names the topic.
PARTICIPLE_NOT_NAME = r"(?![A-Za-z]+ed\s+(?:by|on)\b)"


# What may follow a topic named before the word "topic": no second name.
_NO_NAME_AFTER = (
    rf"(?!\s+(?!(?:on|and|by|with|for|to|then|taking|adding|using|matching)\b){PARTICIPLE_NOT_NAME}"
    r"[\w'\"`])"
)


# "join it to the compacted costume.customers table on customer_id": "compacted", a name only a
# topic has, then the word "table" (the word "topic" left out; read only in a join's clause:
# "write them to the compacted x.y table" is no join, see table_joins)
NAME_THEN_TABLE = re.compile(
    r"\b(?:compacted|changelog)\s+(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)\s+k?table\b", ICASE
)


# "which Debezium publishes on ": a table's change stream, said right before its topic (one
# fixed-width look-behind per wording)
_CONNECTOR_PUBLISHES = (
    "(?:"
    + "|".join(
        rf"(?<=\b{who}\s{verb}\s{it}{prep}\s)"
        for who in ("debezium", "connector")
        for verb in CONNECTOR_VERBS
        for it in ("", "it\\s")
        for prep in ("on", "to", "into")
    )
    # ("the suppliers table replicated by Debezium to the topic x": the participle, its agent)
    + "".join(
        rf"|(?<=\b{verb}\sby\s{who}\s{prep}\s)"
        for who in ("debezium", "connector")
        for verb in ("replicated", "published", "streamed", "mirrored", "captured")
        for prep in ("on", "to", "into")
    )
    + ")"
)


# "Debezium already replicates our MySQL berths table to the topic portdb.harbour.berths": the
# connector as the subject, the table it fills, then its topic (its latest row per key; a table
# joined only when a join is said after it, see sinks._connector_table_described)
CONNECTOR_TABLE_TOPIC = re.compile(
    r"\b(?:debezium|(?:the\s+|our\s+)?(?:cdc\s+)?connector)\s+(?:already\s+|also\s+)?"
    rf"(?:{'|'.join(CONNECTOR_VERBS)})\s+"
    r"(?:(?:our|the|their|its)\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?k?table\s+(?:to|into|onto|on)\s+"
    r"(?:the\s+)?"
    rf"(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAMED_TOPIC})",
    ICASE,
)


# "inner-join the firmware table from the CDC topic fleetdb.public.firmware_releases", "the
# tariff table on Debezium topic x": a table's change stream, said as its CDC topic right after
# the table's noun (its latest row per key; read only in a join's clause, see table_joins)
CDC_TOPIC_TABLE = re.compile(
    r"\bk?table\s+(?:from|on|in|at|via)\s+(?:the\s+|its\s+)?(?:cdc|debezium)\s+(?:kafka\s+)?"
    rf"topic\s+(?P<t>{NAME})",
    ICASE,
)


TABLE_TOPIC = [
    re.compile(
        # ("the compacted roster topic players.roster": what its rows are, between; "the
        # compacted product catalogue topic x": up to three plain words after "compacted")
        r"\b(?:(?:compacted|changelog)\s+(?:(?!kafka\s)(?!(?:and|or|with|from|on|of|in|to|for|by"
        r"|then|the|a|an)\s)[a-z]+\s+){0,3}|(?:table|ktable)\s+(?:(?!kafka\s)[a-z]+\s+)?)"
        # (never a dash: "compacted topic — ward.beds —", see the next)
        rf"(?:kafka\s+)?topic\s+{PARTICIPLE_NOT_NAME}(?![-\u2013\u2014]+\s)(?P<t>{NAME})",
        ICASE,
    ),
    # "The franchise list is a compacted topic, escape.franchise-locations, keyed by ...": the
    # name set off by a comma or a dash after "topic" (one only a topic has)
    re.compile(
        r"\b(?:compacted|changelog)\s+(?:kafka\s+)?topic\s*(?:,|\s[-\u2013\u2014])\s*"
        rf"(?P<t>{NAMED_TOPIC})",
        ICASE,
    ),
    # "from our compacted pharmacies topic indexed by pharmacy_id": the name before "topic"
    re.compile(
        rf"\b(?:compacted|changelog)\s+(?P<t>{NAME})\s+(?:kafka\s+)?topic\b{_NO_NAME_AFTER}",
        ICASE,
    ),
    # "topic fx-rates-compacted (compacted)"
    re.compile(
        rf"\b(?:kafka\s+)?topic\s+(?P<t>{NAME})\s*\(\s*(?:a\s+|log[\s-]+)?(?:compacted|changelog)"
        r"(?:\s+topic)?\s*\)",
        ICASE,
    ),
    # "topic glass.customers (compacted, keyed by customer_id)": the key read after it (see
    # PAREN_KEY)
    re.compile(
        rf"\b(?:kafka\s+)?topic\s+(?P<t>{NAME})(?=\s*\(\s*(?:log[\s-]+)?(?:compacted|changelog)"
        r"(?:\s*[,;]\s*|\s+)(?:keyed|indexed|key)\b)",
        ICASE,
    ),
    # "the customers KTable (topic customers-compacted)"
    re.compile(
        r"\b(?:k?table|changelog)\s*\(\s*(?:the\s+)?(?:compacted\s+|changelog\s+)?(?:kafka\s+)?topic\s+"
        rf"(?P<t>{NAME})\s*\)",
        ICASE,
    ),
    re.compile(
        rf"\b(?:the\s+)?(?P<t>{NAME})\s+(?:compacted|changelog)\s+(?:kafka\s+)?topic\b", ICASE
    ),
    # "join it to the compacted costume.customers table on customer_id": a name only a topic has
    # between "compacted" and the table's noun (a plain word there, "the compacted customers
    # table", stays a description, see the next)
    re.compile(
        rf"\b(?:compacted|changelog)\s+(?P<t>{NAMED_TOPIC})\s+(?:kafka\s+)?k?table\b", ICASE
    ),
    # "the compacted player table on tennis.players-compacted", "a compacted rates table
    # (crew.rates)": the table's noun after "compacted", then a name only a topic has
    re.compile(
        r"\b(?:compacted|changelog)\s+(?:(?!kafka\s)(?!(?:and|or|with|from|on|of|in|to|for|by"
        r"|then|the|a|an)\s)[a-z]+\s+){0,3}?k?table\s+(?:(?:on|in|at|from)\s+(?:the\s+)?"
        r"(?:kafka\s+)?(?:topic\s+)?|\(\s*(?:(?:kafka\s+)?topic\s+)?)?"
        r"(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)(?![\w-]|\.\w)",
        ICASE,
    ),
    NAME_THEN_TABLE,
    # "the instructors table, which Debezium publishes on the topic tunnel.public.instructors":
    # a table's change stream, said as what its connector publishes (its latest row per key)
    # (the match starts at "the topic": the connector's words open the table's apposition,
    # see table_joins.APPOSITION_OPEN)
    # ("the foragers table that Debezium publishes to forage.public.foragers": the word "topic"
    # left out before a name of three dotted parts, the connector's server.schema.table)
    re.compile(
        rf"{_CONNECTOR_PUBLISHES}(?:the\s+)?(?:kafka\s+)?"
        rf"(?:topic\s+|(?=[A-Za-z]\w*(?:\.\w+){{2}}(?![\w-]|\.\w)))(?P<t>{NAME})",
        ICASE,
    ),
    # "x join table depot.cranes on crane_id (a, b)": the terse "join table", then a name only a
    # topic has
    re.compile(r"\bjoin\s+(?:the\s+)?k?table\s+(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)", ICASE),
    # "x join compacted glass.suppliers on supplier_id", "x + compacted table ski.skipasses":
    # "compacted" right before a name only a topic has, the word "topic" left out (after a
    # join's word only: "write to compacted x.y" is no join)
    re.compile(
        r"(?:(?<=\bjoin\s)|(?<=\band\s)|(?<=\bwith\s)|(?<=\bjoin\sthe\s)|(?<=\bwith\sthe\s))"
        r"(?:compacted|changelog)\s+(?:k?table\s+)?(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)"
        r"(?![\w-]|\.\w)",
        ICASE,
    ),
    # "inner-join the firmware table from the CDC topic fleetdb.public.firmware_releases", "the
    # tariff table on Debezium topic x": a table's change stream, said as its CDC topic right
    # after the table's noun (its latest row per key)
    CDC_TOPIC_TABLE,
    CONNECTOR_TABLE_TOPIC,
    re.compile(
        rf"\blatest\b[^,;\x00]{{0,80}}?\b(?:from|in|of)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
        # "write the latest balance of each account from topic balances to Redis ...": the
        # source of a sink clause, no join
        rf"(?P<t>{NAME})(?![^\s,;])(?!\s+(?:to|into|in)\s+(?:a\s+|the\s+)?(?:redis|clickhouse)\b)",
        ICASE,
    ),
]


# "... for the same crown_id": the join's key, said as what both records share (a snake_case
# field, so "for the same reason" is never a key; never before the side's topic: "the profile
# update for the same user_id from topic profile-updates" is read whole)
# ("the checkout on x with the same item_barcode": "with" too, after the side is named)
# ("with the same passenger_id at most 30 minutes before ...": a bound after it)
SAME_KEY = (
    # ("the booking on x that has the same booking_id", "... sharing the same lot_id")
    rf"{SAME_KEY_WORD}(?=\s+the\s+same\s+[a-z]\w*_\w+\b"
    # (but "for the same furnace_id from 2 minutes before the quench ...": the bound's range)
    r"(?!\s+(?:from(?!\s+(?:up\s+to\s+)?(?:\d|an?\s|one\s))|on|in)\b|\s+at\b(?!\s+most\b)))"
)


# "its packing scan from x (same unit_serial, packed up to 4 hours after ...)": the key said in
# parentheses after the side, "same" first
PAREN_SAME_KEY = r"(?<=\()\s*same(?=\s+[a-z]\w*_\w+\s*[,)])"


RIGHT_PHRASE_END = re.compile(
    # (never "the batch weighing on glass.batch_weighings": where its records are, a name that
    # can only be a topic, never a key like orders.customer_id)
    r"\s+on\b(?!\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[A-Za-z0-9]\w*(?:[.-]\w+)+"
    r"(?!\s*(?:=|==))(?<!_id)\b)"
    r"|\s+(?:using|by|within|where|keyed|when|if|up\s+to|at\s+most|no\s+more\s+than"
    r"|no\s+later\s+than)\b|[,;]|\.(?=\s|$)"
    # ("with its order via order_id": the key, a field's snake_case name)
    r"|\s+via(?=\s+(?:the\s+)?[a-z]\w*_\w+\b)"
    # ("with the QC scan on lab.qc_scans for the same crown_id": the key)
    rf"|\s+(?={SAME_KEY})|\s*\((?={PAREN_SAME_KEY})"
    # ("with the driver's location pings from 30 seconds before to ...": the bound's range)
    rf"|\s+(?=(?:from|between)\s+{DUR}\s+(?:before|after|earlier|later)\b)"
    # ("the attempts from x taken in the 14 days before the test": the bound's span, and the
    # participle saying the other records' event)
    rf"|\s+(?=(?:(?!the\b)[a-z]{{2,}}ed\s+|taken\s+|made\s+|given\s+|done\s+|sent\s+)?{IN_THE_SPAN}\b)"
    # ("with the matching driver acceptance from x": an adjective of the right side)
    r"|(?<!\bthe)(?<!\bits)(?<!\btheir)(?<!\ba)\s+matching\b",
    ICASE,
)


# Which records a join keeps. (how, pattern); a group "x" is the right side's noun, which must
# name the joined stream or table ("keep orders even if there is no payment" joined with
# payments) or a match, so "drop records without an email" stays a filter.
_NO = (
    r"(?:without|with\s+no|(?:that|which)\s+(?:have|has|had)\s+no|having\s+no|lacking"
    # "Keep goals that got no review too", "... that never received a review"
    r"|(?:that|which)\s+(?:got|get|gets|received|receive|receives|found|find|finds)\s+no"
    r"|(?:that|which)\s+(?:never|did\s+not|didn't|do\s+not|don't|does\s+not|doesn't)\s+"
    # (an article after: "orders that never got paid" is a participle, see below)
    r"(?:got|get|have|had|receive|received|find|found)(?=\s+(?:an?|any)\s))\s+(?:an?\s+|any\s+)?"
)


_X = (
    # ("with no drop-off": a dashed noun, its first word checked against the join)
    r"(?:matching\s+|known\s+|corresponding\s+)?(?P<x>[a-z]+(?:-[a-z]+)?)"
    # ("frames without a lamp reading": the joined stream's word, then its records' noun)
    r"(?:\s+(?:rows?|records?|entry|match|readings?|events?|messages?|scans?))?"
)


_TOO = r"(?:\s+(?:too|as\s+well))?"


# "... must still come through (left join) with empty hit fields": the joined side's fields a
# left join leaves empty, said after the kept records (the join's how in brackets between)
EMPTY_FIELDS_AFTER = re.compile(
    r"(?:\s*\((?:\s|\x00|left|outer|join)*\))?(?P<e>\s+with\s+(?:empty|null|blank|missing)\s+"
    r"(?P<w>[a-z]+)\s+(?:fields|columns|values)\b"
    # ("..., with respawn_zone null": a field the join copies, named, left empty)
    r"|\s*,?\s+with\s+(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+(?:set\s+to\s+)?"
    r"(?:empty|null|blank|missing)\b"
    # ("... must still go through with those fields empty": the fields the join copies)
    r"|\s*,?\s+with\s+(?P<those>those|these)\s+(?:(?:[2-9]|two|three|both)\s+)?(?:fields"
    r"|columns|values)\s+(?:left\s+)?(?:empty|null|blank|missing)\b)",
    ICASE,
)


# Where a sentence or clause ends ("... come through. Just print ..."; never a dot in a name)
SENTENCE_STOP = re.compile(r"[;!?\n]|\.(?!\w)")


# "is not in the registry", "aren't in that table", "isn't in it": absent from the table (y: the
# table's noun, or a word pointing back at the table joined, both checked against the join)
# ("isn't in the table yet", "caches whose owner isn't there yet": not yet, the same absence;
# "there" points back at the table)
_NOT_IN_TABLE = (
    r"(?:(?:are|is|were|was)\s+not|aren't|isn't|weren't|wasn't)\s+(?:(?:in|on)\s+"
    r"(?:(?:the|that|this)\s+)?(?P<y>[a-z]+)(?:\s+(?:table|topic)\b)?|(?P<there>there))"
    r"(?:\s+yet)?"
)


# The words that say the joined table without its name: "not in the table", "isn't in it",
# "isn't there"
_TABLE_BACK = frozenset(["table", "it", "there"])


# "... that nobody responded to", "... no one wrote to": no record of the other stream answered
_NOBODY = (
    r"(?:that\s+|which\s+)?(?:nobody|no\s+one|no-one)\s+(?:ever\s+)?(?:[a-z]+ed|wrote|sent|saw"
    r"|took|gave|came)(?:\s+(?:to|on|for|at|back|up))?"
)


# "go out", "pass through": a record reaching the output
# "records whose customer is unknown", "positions whose player is not on the roster": a record
# without its joined row (x: the row's noun, y: the table's, both checked against the join)
# ("sales whose menu item isn't in the table": two words, the key's, see `_key_noun_said`)
_WHOSE_UNMATCHED = (
    r"[a-z]+\s+(?:whose|where\s+the)\s+(?P<x>[a-z]+(?:_[a-z0-9]+)*(?:\s+[a-z]+(?=\s+(?:is|are|was|were)n't\s"
    r"|\s+(?:is|are|was|were)\s+not\s))?)\s+(?:(?:is|are|was|were)\s+(?:unknown|missing"
    r"|not\s+(?:known|found))|(?:isn't|aren't|wasn't|weren't)\s+(?:known|found)"
    rf"|{_NOT_IN_TABLE}"
    # ("reports whose score has no licence row": the table's noun, y3, checked as y)
    r"|(?:has|have)\s+no\s+(?P<y3>[a-z]+)(?:\s+(?:rows?|records?|entry|entries))?)"
)


# "sales for unknown stands", "rides with a missing scooter": records whose joined key is unknown
_FOR_UNKNOWN = (
    # ("movements to berths that aren't in the table": the records' way to their key's noun)
    r"[a-z]+\s+(?:for|with|from|of|at|on|to)\s+(?:an?\s+|the\s+)?(?:(?:unknown|missing|unmatched"
    r"|unlisted)\s+(?P<x3>[a-z]+)"
    # "orders from non-members are dropped": the joined side's noun, negated
    r"|non-?(?P<x6>[a-z]+)"
    # "appointments for artists we do not know about": the same, said as a clause
    r"|(?P<x4>[a-z]+)\s+(?:that\s+|which\s+)?(?:we|you)\s+(?:do\s+not|don't|did\s+not|didn't)"
    r"\s+know(?:\s+about|\s+of)?"
    # "pings for vehicles that are not in the registry": the key's records, absent from the
    # table (y: the table's noun, checked against the join; "players who aren't in that
    # table": people, said with "who")
    rf"|(?P<x5>[a-z]+)\s+(?:that|which|who)\s+{_NOT_IN_TABLE})"
)


# "... should be dropped", "... are to be discarded": a record dropped, said in the passive
_BE_DROPPED = (
    r"(?:(?:should|must|will|shall|can|are\s+to|is\s+to|need\s+to|have\s+to)\s+)?"
    r"(?:(?:just|simply)\s+)?(?:be|get|are|is)"
    r"\s+(?:dropped|discarded|skipped|ignored|excluded|filtered\s+out|thrown\s+away|removed)\b"
)


_COME_OUT = (
    r"(?:(?:go|come|get|pass|flow)\s+(?:out|through)|(?:goes|comes|gets|passes|flows)\s+(?:out"
    r"|through)|appears?|show\s+up|(?:are|is)\s+(?:kept|emitted|written|output))"
)


# "... must still come out", "... are kept too": the unmatched records reaching the output
_STILL_OUT = (
    r"(?:(?:(?:must|should|need\s+to|have\s+to|will|can)\s+)?"
    r"still\s+(?:come\s+out|be\s+(?:kept|emitted|written|output|included)|appear|show\s+up"
    r"|go\s+through|flow\s+through|pass\s+through|come\s+through|get\s+through|go\s+out)"
    # ("parcels with no delivery still have to come out": the modal after "still")
    r"|still\s+(?:ha(?:ve|s)\s+to|needs?\s+to|must|should)\s+(?:come\s+out|be\s+(?:kept|emitted"
    r"|written|output|included)|appear|show\s+up|go\s+through|flow\s+through|pass\s+through"
    r"|come\s+through|get\s+through|go\s+out)"
    # "orders without a payment still comes out", "... are kept too": the present tense
    # "... so unbooked vehicles are not lost": kept, said as never lost
    r"|(?:(?:are|is)\s+(?:not|never)|aren't|isn't|(?:do|does)\s+not\s+get|don't\s+get|doesn't"
    r"\s+get|never\s+get)\s+lost"
    r"|still\s+(?:comes\s+out|goes\s+out|appears|shows\s+up|goes\s+through|flows\s+through|passes"
    r"\s+through|comes\s+through|gets\s+through|flows?)|(?:(?:must|should|will|can|need\s+to"
    r"|have\s+to)\s+be|are|is|get|gets)\s+(?:still\s+)?(?:kept|emitted|written|output"
    r"|included)(?:\s+too|\s+as\s+well)?)"
)


# "that were never paid", "that never got shipped": the joined stream's event, as a participle
# (checked by `_participle_names`)
_NEVER_DONE = (
    r"(?:that|which)\s+(?:never\s+(?:got|get|were|was)|(?:were|was|are|is)\s+never|(?:weren't"
    r"|wasn't|aren't|isn't|didn't\s+get|did\s+not\s+get|don't\s+get|do\s+not\s+get))\s+"
    r"(?P<v>[a-z]+ed|paid|sold|sent|seen|bought|done)\b"
)


# "left join, so we also see units that never got packed": the unmatched records a left join
# keeps, said after it (the participle checked against the joined stream)
UNMATCHED_SEEN = re.compile(
    rf",?\s+so\s+(?:that\s+)?(?:we|i|you)\s+(?:also\s+|still\s+)?(?:see|get|keep)\s+"
    rf"(?:the\s+|all\s+)?[a-z]+\s+{_NEVER_DONE}{_TOO}"
    # "Left join (we want to see usages without a cycle too)": the records it keeps, in
    # parentheses, said without their match (w: the match's noun, checked against the join)
    r"|\s*\(\s*(?:we|i)\s+(?:want|need|would\s+like)\s+to\s+(?:also\s+)?(?:see|get|keep)\s+"
    rf"(?:the\s+|all\s+)?(?P<k>[a-z]+)\s+(?:without|with\s+no)\s+(?:an?\s+|any\s+)?(?P<w>[a-z]+)"
    rf"{_TOO}"
    r"\s*\)"
    # "a left join, so scans without a pass stay": the records it keeps said without their
    # match, then that they stay (w: the match's noun, checked as above)
    r"|,?\s+so\s+(?:the\s+|all\s+|any\s+)?(?P<k2>[a-z]+)\s+(?:without|with\s+no)\s+"
    r"(?:an?\s+|any\s+)?(?P<w2>[a-z]+)\s+(?:(?:still|also)\s+)?(?:stay|remain|survive"
    r"|are\s+(?:still\s+)?(?:kept|there|in)|come\s+out|go\s+through|(?:don't|do\s+not)\s+get"
    r"\s+(?:lost|dropped))(?:\s+too|\s+as\s+well|\s+in)?(?=\s*[).;,]|$)",
    ICASE,
)


# "(shift/station just empty then)", "(with empty crew fields)": the joined fields a left join
# leaves empty, said in an aside after the records it keeps (see `_mask_empty_fields_aside`)
EMPTY_FIELDS_ASIDE = re.compile(
    # "(those fields just stay null)": the fields the join copies, named before it
    r"\s*\(\s*(?:(?:with\s+)?(?P<those>those|these)\s+(?:(?:[2-9]|both)\s+)?(?:fields|columns"
    r"|values)\s+(?:(?:just|left|stay|are|will\s+be|would\s+be|then)\s+)*(?:empty|null|blank"
    r"|missing)"
    r"|(?:with\s+)?(?:the\s+|their\s+|its\s+)?(?P<f>[a-z_]\w*(?:\s*(?:/|,|and|or)\s*"
    r"[a-z_]\w*)*)\s+(?:(?:fields?|columns?|values?)\s+)?(?:(?:just|left|stay|are|is|will\s+be"
    r"|would\s+be|then)\s+)*(?:empty|null|blank|missing)(?:\s+then)?"
    r"|with\s+(?:empty|null|blank)\s+(?P<w>[a-z_]\w*)\s+(?:fields|columns|values))\s*\)",
    ICASE,
)


# "do an interval join with ...", "a windowed join", "stream-table join with the compacted topic":
# the kind of join named before its verb; read only where a join of that kind was read (an
# "interval join" with a compacted topic stays unread)
JOIN_KIND_WORDS: dict[str, re.Pattern[str]] = {
    "interval": re.compile(
        r"\b(?:interval|windowed|time-bounded|time-windowed|stream-stream)[\s-]+(?=join|\x00)",
        ICASE,
    ),
    "table": re.compile(r"\b(?:stream-table|table|lookup)[\s-]+(?=join|\x00)", ICASE),
}


# "..., take py_number, boat_name, left": the bare word after a list item (one name alone between
# commas) may be the list's last item as much as the join's kind (see `extract_join_how`)
_LIST_ITEM_BEFORE = re.compile(r",\s*(?P<item>[^\s,;:]+)\s*,\s*$")


# A clause taking the join's fields next: ", add a and b", ", taking a"
_FIELDS_NEXT = r",\s*(?:add|adding|take|taking|copy|copying|grab|grabbing|pull|pulling)\s+[a-z_]"


JOIN_HOW: list[tuple[str, re.Pattern[str]]] = [
    ("left", re.compile(r"\bleft(?:[\s-]+outer)?(?=[\s-]+join(?:ed|s)?\b)", ICASE)),
    ("inner", re.compile(r"\binner(?=[\s-]+join(?:ed|s)?\b)", ICASE)),
    # "Join: x by k, landing 0-90 minutes after takeoff, inner": the bare word, a clause of
    # its own at the end of the join's clauses (read only where a join's right side is named)
    # ("... on supplier_id, left, add supplier_name": or before the clause of its fields)
    ("inner", re.compile(rf"(?<=,)\s*\binner\b(?=\s*(?:[;.](?!\w)|$|{_FIELDS_NEXT}))", ICASE)),
    ("left", re.compile(rf"(?<=,)\s*\bleft\b(?=\s*(?:[;.](?!\w)|$|{_FIELDS_NEXT}))", ICASE)),
    # "..., label printed at most 30 days before the sale (inner), ...": the bare word in
    # parentheses after the join's clauses
    ("inner", re.compile(r"(?<=\()\s*\binner\b(?=\s*\))", ICASE)),
    ("left", re.compile(r"(?<=\()\s*\bleft\b(?=\s*\))", ICASE)),
    (
        "left",
        re.compile(
            r"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+)?(?:the\s+|all\s+)?(?:unmatched\s+"
            r"[a-z]+|[a-z]+\s+(?:that\s+(?:are|were)\s+)?unmatched)\b"
            # ("keep unmatched samples too", "... as well")
            r"(?:\s+(?:too|as\s+well|also)\b)?",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+(?:"
            r"(?:if|when)\s+(?:there\s+(?:is|are|was)\s+|there's\s+|they\s+(?:have|find)\s+"
            r"|it\s+has\s+)?"
            # "keep clicks even without a profile"
            rf"no\s+|without\s+(?:an?\s+|any\s+)?){_X}\b"
            # "Keep returns even when no checkout is found": the match looked for, said passive
            # ("... even if no deposit turns up": its arrival, said with a verb of its own)
            rf"(?:\s+(?:is|are|was|were|gets?|got)\s+(?:found|matched|seen|received)"
            rf"|\s+(?:turns?|shows?)\s+up|\s+(?:arrives?|comes?\s+in)"
            # ("... even if no check-in matched")
            rf"|\s+match(?:es|ed)?)?{_TOO}"
            # "keep orders even if the customer is unknown"
            r"|(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+(?:\s+[a-z]+)?\s+)?"
            r"\beven\s+(?:if|when)\s+(?:the|its|their)\s+(?P<x2>[a-z]+)\s+(?:(?:(?:is|are|was|were)\s+(?:unknown|missing"
            r"|not\s+(?:known|found))|(?:isn't|aren't|wasn't|weren't)\s+(?:known|found))"
            # ("... even if the clinic isn't found in that topic": the lookup pointed back at)
            r"(?:\s+in\s+(?:that|the|this)\s+(?:table|topic|list|lookup)(?![\w-]|\.\w))?"
            # "keep the bag even if the batch isn't there yet": the joined row not there (yet)
            # ("... even when the member isn't in that table yet": the table pointed back at)
            r"|(?:(?:is|are)\s+not|isn't|aren't)\s+(?:there|in\s+(?:that|the|this)\s+(?:table"
            r"|topic|list|lookup)|in\s+it"
            # ("... even when the product isn't in the catalogue": the table named by its noun,
            # checked against the joined side's words)
            r"|in\s+(?:the|our|that|this)\s+(?P<y>[a-z]+))(?:\s+yet)?"
            r"|(?:has|have)(?:\s+not|n't)\s+(?:arrived|come\s+in|shown\s+up)(?:\s+yet)?"
            # ("keep order lines even when the catalogue has no entry": the table holds no row)
            r"|(?:has|have)\s+no\s+(?:entry|entries|match|matches|record|records|row|rows|data)"
            r"(?:\s+for\s+(?:it|them))?)\b"
            # "keep the boarding even if nothing matches": no match at all, the joined side unnamed
            r"|(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+(?:if|when)\s+"
            r"(?:nothing|none)\s+(?:matches|match|is\s+found|was\s+found|turns\s+up)\b",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            # ("Keep also the pings without any visit", "... the door events without ...";
            # "keep only orders without a payment": the anti-join, refused when read)
            rf"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+|only\s+|just\s+)?(?:the\s+|all\s+)?[a-z]+(?:-[a-z]+)?"
            rf"(?:\s+(?:events|records|rows|messages|readings))?\s+{_NO}{_X}\b{_TOO}",
            ICASE,
        ),
    ),
    (
        # "..., but only orders that have no payment": the anti-join, said with no verb (read
        # only when x names the joined side, see `extract_join_how`; refused there)
        "left",
        re.compile(
            r"\bonly\s+(?:the\s+)?[a-z]+(?:-[a-z]+)?(?:\s+(?:events|records|rows|messages"
            rf"|readings))?\s+{_NO}{_X}\b{_TOO}",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"\b(?:(?:keep\w*|includ\w*|emit\w*)\s+)?(?:the\s+|all\s+)?[a-z]+\s+with\s+or\s+"
            rf"without\s+(?:an?\s+|any\s+)?{_X}\b{_TOO}",
            ICASE,
        ),
    ),
    (
        # "Impressions that never got a click must still come out": the unmatched kept
        "left",
        re.compile(
            r"\b[a-z]+\s+(?:(?:that|which|who)\s+(?:never|don't|do\s+not|didn't|did\s+not)\s+"
            r"(?:get|got|have|had|receive|received|see|saw|find|found)\s+(?:an?\s+|any\s+)?"
            # "admissions that get no discharge in that time must still come out"
            r"|(?:that|which|who)\s+(?:get|gets|got|have|has|had|receive|receives|received|find"
            r"|finds|found)\s+no\s+"
            # "impressions without a click must still come out"
            rf"|{_NO})"
            # ("check-ins with no booking found should still come through")
            rf"{_X}(?:\s+at\s+all)?(?:\s+(?:found|matched|on\s+file))?"
            r"(?:\s+(?:in|within)\s+(?:that|the|this)\s+(?:time|window"
            rf"|period|interval|bound))?\s+{_STILL_OUT}\b"
            # "... should still come through with empty handling fields": the joined side's
            # fields left empty, which is what a left join does
            r"(?:\s+with\s+(?:empty|null|blank|missing)\s+(?P=x)\s+(?:fields|columns|values)"
            # "..., with the discharge fields empty"
            r"|,?\s+with\s+(?:the\s+|their\s+|its\s+)?(?P=x)\s+(?:fields|columns|values)\s+"
            r"(?:left\s+)?(?:empty|null|blank|missing)"
            # "..., with those (two) fields null": the fields the join copies, named before
            r"|,?\s+with\s+(?:those|these|the\s+copied|the\s+joined)\s+(?:(?:[2-9]|both)\s+)?"
            r"(?:fields|columns|values)\s+(?:left\s+)?(?:empty|null|blank|missing))?"
            # "..., because those are exactly the long stays we care about": why the unmatched
            # records are kept, which the left join does
            r"(?:,?\s+because\s+(?:those|these|they)\s+are\s+(?:exactly\s+|precisely\s+)?(?:the\s+)?"
            r"[a-z][a-z\s-]{0,40}?\s+(?:we|i)\s+(?:care\s+about|want|need|are\s+after)\b)?",
            ICASE,
        ),
    ),
    (
        # "Shots that never hit anything must still come through": the joined stream's event
        # said as the active verb of the kept records, with no object (checked as `v`)
        "left",
        re.compile(
            r"\b[a-z]+\s+(?:that|which|who)\s+never\s+(?P<v>[a-z]+)\s+(?:anything|anyone"
            rf"|any\s+[a-z]+)\s+{_STILL_OUT}\b",
            ICASE,
        ),
    ),
    (
        # "keeping orders that never got paid", "keep clicks that were never matched": the
        # participle must say the joined stream's event (see `_participle_names`)
        "left",
        re.compile(
            rf"\b(?:keep\w*|includ\w*|emit\w*"
            # "Left join - we want to see bags that never got tested too"
            r"|(?:(?:we|i)\s+)?(?:want|need)\s+to\s+see)"
            rf"\s+(?:also\s+)?(?:the\s+|all\s+)?[a-z]+\s+{_NEVER_DONE}{_TOO}",
            ICASE,
        ),
    ),
    (
        # "(a left join) so bookings that were never paid still come out": the same, passive
        "left",
        re.compile(rf"\b[a-z]+\s+{_NEVER_DONE}\s+{_STILL_OUT}\b", ICASE),
    ),
    (
        # "left join so unpaid claims still flow": the joined stream's event, an un- participle
        # (checked by `_participle_names`: "unshipped orders" joined with payments is refused)
        "left",
        re.compile(
            rf"\b(?:so\s+(?:that\s+)?)?un(?P<v>[a-z]+ed|paid|sold|sent|seen)\s+[a-z]+\s+{_STILL_OUT}\b",
            ICASE,
        ),
    ),
    (
        # "Make it a left join so matches nobody wrote to are kept too", "keep the alerts that
        # nobody responded to as well": the records no one answered (no record of the other
        # stream), kept besides the matched ones ("too"/"as well", or the reason of a left join)
        "left",
        re.compile(
            rf"(?:\bso\s+(?:that\s+)?(?:the\s+)?[a-z]+\s+{_NOBODY}\s+(?:(?:are|is|get|gets)\s+kept"
            rf"|{_STILL_OUT})(?:\s+(?:too|as\s+well))?"
            rf"|\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+)?(?:the\s+|all\s+)?[a-z]+\s+{_NOBODY}"
            r"\s+(?:too|as\s+well))\b",
            ICASE,
        ),
    ),
    (
        # "if the client isn't in the table yet, still pass the commission through": the missing
        # joined row said first, then the record kept all the same
        "left",
        re.compile(
            r"\b(?:if|when)\s+(?:the|its|their)\s+(?P<x2>[a-z]+)\s+(?:(?:is|are)\s+not|isn't"
            r"|aren't)\s+(?:there|in\s+it|in\s+(?:that|the|this)\s+(?:table|topic|list|lookup))"
            r"(?:\s+yet)?\s*,\s*(?:(?:just|then)\s+)?still\s+(?:pass|let|keep|emit|send|include)\s+"
            r"(?:the\s+[a-z]+|it|them)(?:\s+(?:through|out|on))?\b",
            ICASE,
        ),
    ),
    (
        # "(inner join, no match = no row)": the unmatched records dropped, said as an equation
        "inner",
        re.compile(
            r"\bno\s+match(?:es)?\s*(?:=|->|\u2192|means)\s*no\s+(?:rows?|records?|output|results?)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            # ("only keep check-ins whose member is known": a hyphenated noun too)
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+(?:-[a-z]+)?\s+"
            r"(?:whose|where\s+the)\s+"
            r"(?P<x>[a-z]+)\s+(?:(?:is|are)\s+(?:known|found|present)"
            # ("only commissions whose customer we actually know": the same, said of us)
            r"|(?:we|you|i)\s+(?:(?:actually|already|really|do)\s+)?know(?:\s+about|\s+of)?)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            # ("Only keep records that actually have a broodstock row")
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+|emit\w*\s+)?(?:the\s+)?"
            r"(?:matched\s+[a-z]+|[a-z]+\s+(?:with|that\s+(?:(?:actually|really|do)\s+)?(?:have|has)"
            r"|having)\s+(?:an?\s+)?(?:(?:matching|known|corresponding)"
            # "only sessions that have a registry entry": the joined table's noun, then a row noun
            r"\s+(?P<x>[a-z]+)(?:\s+(?:rows?|records?|entry))?|(?P<x3>[a-z]+)\s+(?:rows?|records?"
            # "Only records with a match": the join's match, no noun
            r"|entry|entries|match|matches)|match(?:es)?))\b"
            # "Only matched pairs are useful to us"
            r"(?:\s+(?:are|is)\s+(?:useful|needed|wanted|relevant)(?:\s+(?:to|for)\s+(?:us|me))?\b)?",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            r"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"(?:unmatched\s+[a-z]+|[a-z]+\s+{_NO}{_X})\b",
            ICASE,
        ),
    ),
    (
        # "Only deliveries from known suppliers should come out": the records of a known joined
        # side only (x, checked against the join)
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+(?:-[a-z]+)*\s+"
            r"(?:from|of|for|by)\s+(?:a\s+)?known\s+(?P<x>[a-z]+)"
            rf"(?:\s+(?:(?:should|must|will|can)\s+)?{_COME_OUT})?(?=\s*[(.;,)]|\s*$)",
            ICASE,
        ),
    ),
    (
        # "Only keep views where the user exists", "keep only orders whose customer exists"
        "inner",
        re.compile(
            r"\b(?:only\s+keep\w*|keep\w*\s+only|only)\s+(?:the\s+)?[a-z]+\s+(?:whose|where\s+the"
            r"|for\s+which\s+the)\s+(?P<x>[a-z]+)\s+(?:exists?|is\s+(?:known|found|present|matched)"
            r"|has\s+a\s+match|can\s+be\s+found)\b",
            ICASE,
        ),
    ),
    (
        # "Claims with no matching patient should be dropped", "orders without a customer row
        # are to be discarded": the unmatched dropped, said in the passive
        "inner",
        re.compile(
            rf"\b(?:the\s+|any\s+|all\s+)?(?:unmatched\s+[a-z]+|[a-z]+\s+{_NO}{_X})\s+{_BE_DROPPED}",
            ICASE,
        ),
    ),
    (
        # "Inner join: only departures that found their arrival go out", "only orders that got
        # a payment are kept": the matched records only
        "inner",
        re.compile(
            # ("only events that actually have a batch (inner)": an adverb before the verb)
            # ("Only keep shipments that have a payment": the verb after "only")
            # ("Only puck-outs that led to a possession should come out": what the match is
            # said by the verb that leads to it, and the modal before the output's verb)
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+|emit\w*\s+)?(?:the\s+)?"
            r"[a-z]+(?:-[a-z]+)*\s+(?:that|which)\s+"
            r"(?:(?:actually|really|do|does|did)\s+)?(?:found|find|get|got|have|had"
            r"|led\s+to|lead\s+to|resulted\s+in)\s+(?:their|its|an?|the)\s+(?:matching\s+)?"
            rf"(?P<x>[a-z]+)(?:\s+(?:(?:should|must|will|can)\s+)?{_COME_OUT})?\b",
            ICASE,
        ),
    ),
    (
        # "only batches that actually got cupped (inner join)", "keep only orders that were
        # paid": the matched records only, their match's event a participle of the joined
        # stream (checked by `_participle_names`: "only orders that got shipped" joined with
        # payments is left unread)
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+\s+(?:that|which)"
            r"\s+(?:(?:actually|really|did)\s+)?(?:got|get|were|was|have\s+been|has\s+been)\s+"
            r"(?:(?:actually|really)\s+)?(?P<v>[a-z]+ed|paid|sold|sent|seen|bought)"
            rf"(?:\s+{_COME_OUT})?\b",
            ICASE,
        ),
    ),
    (
        # "Only ride-offs with a fix (inner join).", "keep only orders with a matching payment":
        # the matched records only, said by the joined side's noun (x, checked against the join)
        # ending the clause ("only orders with a total above 100" is a filter's)
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+(?:-[a-z]+)*\s+"
            r"with\s+(?:an?|their|its)\s+(?:matching\s+)?(?P<x>[a-z]+(?:-[a-z]+)*)"
            r"(?=\s*[(.;,)]|\s*$)",
            ICASE,
        ),
    ),
    (
        # "(inner join, we only care about known customers)", "keep only known members": the
        # matched records only, said by the joined side's noun (x, checked against the join:
        # "we only care about known issues" joined with customers is left unread)
        "inner",
        re.compile(
            r"\b(?:(?:we|i)\s+)?(?:(?:only\s+(?:care\s+about|want|need|keep)|keep\w*\s+only"
            r"|(?:care|cares)\s+only\s+about)\s+|only\s+)(?:the\s+)?(?:known|existing|matched)\s+"
            r"(?P<x>[a-z]+)\b",
            ICASE,
        ),
    ),
    (
        # "Only rentals of known members should come out", "only deliveries from known
        # suppliers": the matched records only, said by the joined side's noun after the
        # records' (x, checked against the join)
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+(?:-[a-z]+)?\s+"
            r"(?:of|for|from|by|with)\s+(?:known|existing|matched)\s+(?P<x>[a-z]+)"
            rf"(?:\s+(?:(?:should|must|will|can|may)\s+)?{_COME_OUT})?\b",
            ICASE,
        ),
    ),
    (
        # "Only tasks for rooms that exist in that table", "only scans of cards that exist"
        "inner",
        re.compile(
            # ("only keep inspections for devices that are actually in the registry": the joined
            # table's noun, y, checked against the join)
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+\s+"
            r"(?:for|of|on|with)\s+(?:the\s+)?(?P<x>[a-z]+)\s+(?:that|which)\s+(?:exists?"
            r"|are\s+known)(?:\s+in\s+(?:that|the|this)\s+(?:table|topic))?\b"
            r"|\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+\s+"
            r"(?:for|of|on|with)\s+(?:the\s+)?(?P<x2>[a-z]+)\s+(?:that|which)\s+(?:are|is)\s+"
            r"(?:(?:actually|really|already)\s+)?(?:in|on)\s+(?:that|the|this|our)\s+(?P<y>[a-z]+)\b",
            ICASE,
        ),
    ),
    (
        # "Only passengers that exist in the table (inner join)", "only members which are in
        # the registry": the joined side's own noun (x, checked against the join), in the table
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?(?P<x>[a-z]+)\s+"
            r"(?:that|which)\s+(?:exists?|(?:are|is)\s+(?:(?:actually|really|already)\s+)?)"
            r"\s*(?:in|on)\s+(?:that|the|this|our)\s+(?P<y>[a-z]+)\b",
            ICASE,
        ),
    ),
    (
        # "listings whose agent is unknown must still pass through": the unmatched kept
        "left",
        re.compile(
            r"\b[a-z]+\s+(?:whose|where\s+the)\s+(?P<x>[a-z]+)\s+(?:(?:is|are|was|were)\s+(?:unknown"
            r"|missing|not\s+(?:known|found))"
            # "bookings whose tutor has no profile yet should still pass through"
            r"|(?:has|have|had)\s+no\s+[a-z]+(?:\s+yet)?)"
            r"\s+(?:(?:must|should|need\s+to|have\s+to|will|can)\s+)?"
            rf"still\s+(?:{_COME_OUT}|be\s+(?:kept|emitted|written|output|included))\b"
            # "... with those fields empty": the joined side's fields, as a left join leaves them
            r"(?:\s+with\s+(?:those|these|the|its|their)\s+fields\s+(?:left\s+)?"
            r"(?:empty|null|blank)\b)?",
            ICASE,
        ),
    ),
    (
        # "drop views whose user is unknown" (the user joined from a table)
        "inner",
        re.compile(
            r"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"{_WHOSE_UNMATCHED}\b",
            ICASE,
        ),
    ),
    (
        # "Purchases whose item is not in the catalog should be dropped": the same, passive
        "inner",
        re.compile(rf"\b{_WHOSE_UNMATCHED}\s+{_BE_DROPPED}", ICASE),
    ),
    (
        # "Orders whose item isn't on the menu should still be kept": the unmatched kept
        "left",
        re.compile(rf"\b{_WHOSE_UNMATCHED}\s+{_STILL_OUT}\b", ICASE),
    ),
    (
        # "Drop pings for vehicles that are not in the registry", "skip sales for unknown
        # stands": the records of an unknown key, dropped
        "inner",
        re.compile(
            rf"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"{_FOR_UNKNOWN}\b",
            ICASE,
        ),
    ),
    (
        # "..., so sales for unknown stands are dropped": the records of an unknown key
        "inner",
        re.compile(rf"\b(?:so\s+(?:that\s+)?)?{_FOR_UNKNOWN}\s+{_BE_DROPPED}", ICASE),
    ),
    (
        # "rides for unknown scooters must still come out": the same, kept
        "left",
        re.compile(rf"\b(?:so\s+(?:that\s+)?)?{_FOR_UNKNOWN}\s+{_STILL_OUT}", ICASE),
    ),
]


# Words for the joined row whatever the table holds: "keep clicks even without a profile".
_MATCH_WORDS = frozenset(
    ["match", "matches", "counterpart", "counterparts", "profile", "lookup", "row", "record"]
)


# The word before a join's other side: "join x with y", "match x to y", "join x against y"
# (never a bound's "to": "from 30 minutes before up to 2 hours after", "(0 to 6h after)")
JOINED_WITH = re.compile(
    rf"\b(?:with|(?<!\bup\s)(?<!\bbefore\s)(?<!\bafter\s)to(?!\s+{DUR})"
    # (nor the purpose's "to": "join ... on lock_id to add lock_name")
    r"(?!\s+(?:add|get|pull|fetch|attach|bring|pick|copy|take|grab|include|enrich)\b)|against)\s+",
    ICASE,
)


# "Join X from topic a with timestamps in UTC with Y from topic b": a second "with" naming a
# stream (a topic, the latest value), no key or bound between them (`_refuse_with_before_with`)
SECOND_WITH = re.compile(r"\bwith\s+(?![^,;\x00]{0,12}?\d)", ICASE)


_STREAM_SAID = re.compile(r"\btopic\b|\b(?:latest|current|newest)\b|\w[-.]\w", ICASE)


_KEY_OR_BOUND = re.compile(r"\b(?:on|within|by|using|where)\b|[,;(\x00]", ICASE)


def _joined_with(s: str, at: int, end: int) -> re.Match[str] | None:
    """The "with" starting a join's other side after its verb (at `at`), or None when the
    verb's object names the other records and their "with" says the key ("join the vibration
    reading on plant.vibration with the same pump_id", see `JOIN_RECORDS_OBJECT`)."""
    if JOIN_RECORDS_OBJECT.match(s, at):
        return None
    return JOINED_WITH.search(s, at, end)


def _refuse_words_before_with(s: str, text: str, at: int, after: int, end: int) -> None:
    """The words between a first "with" (`at`..`after` in the masked `s`) and a second one
    that names the other side (a topic, the latest value) before `end`: "join topic trades
    with amounts in EUR with the latest rate ...", "(topic web-orders with the email masked)
    with the compacted topic customers". They would be masked with the join and dropped;
    refused, quoting them, unless they say a key, a bound or a stream themselves."""
    second = SECOND_WITH.search(s, after, end)
    if second is None:
        return
    between = s[after : second.start()]
    if _STREAM_SAID.search(between) or _KEY_OR_BOUND.search(between):
        return
    if not _STREAM_SAID.search(s, second.end(), end):
        return
    said = " ".join(text[at : second.start()].split()).rstrip(" )")
    word = _with_word(text, at)
    raise RequestNotUnderstood(
        f"join: cannot read {said!r} before the other stream: it would be read as the "
        f'stream joined with; say the other stream right after "{word}" (e.g. "join orders '
        'from topic orders with topic payments on order_id within 10 minutes")'
    )


# "join each incident with the nearest reading from x", "with the closest depot from the
# compacted topic y": a join pairs a record with every match in its bound (a table join with
# the one row of its key), never the nearest of them
NEAREST = re.compile(r"(?<![\w-])(?:nearest|closest|nearby)(?![\w-])", ICASE)


# "join each order with the first payment from x within 1 hour": an interval join emits every
# match in its bound, never only the first or the last one (a table join's "latest" is its row)
ONE_OF_MATCHES = re.compile(
    r"(?<![\w-])(?:nearest|closest|nearby|first|last|earliest|latest|most\s+recent)(?![\w-])",
    ICASE,
)


def refuse_nearest(
    s: str, text: str, start: int, end: int, pattern: re.Pattern[str] = NEAREST
) -> None:
    """ "the nearest/closest X" in a join's words (`start`..`end`, which the join masks): a
    choice of one match the spec cannot make, refused rather than masked and dropped."""
    nm = pattern.search(s, start, end)
    if nm is None:
        return
    said = " ".join(text[start:end].split())
    raise RequestNotUnderstood(
        f"join: did not understand {nm.group(0)!r} in {said!r}: a join pairs each record with every "
        "matching record within its time bound (a table join with the one row of its key), "
        "never only the nearest, first or last one; leave the word out to take every match, or "
        "write the pipeline as a spec file"
    )


def _with_word(text: str, at: int) -> str:
    """The word the request joined with at `at` ("with", "against", "to"), as written."""
    m = re.match(r"\s*([A-Za-z]+)", text[at:])
    return m.group(1) if m else "with"


# "join with in euros the latest patient record from ...", "with for the EU only the
# profile-updates topic": a word opening a requirement right after the join's "with", where the
# other stream should be named (`_refuse_opener_after_with`)
OPENER_AFTER_WITH = re.compile(
    r"\s*(?:(?:in|for)\s+(?!the\s+(?:latest|newest|current)\b)(?=[a-z])(?!each\b|every\b)"
    r"|(?:except|unless|excluding|exclude|without|but|not|never|rounded|sorted|converted"
    r"|grouped|ignoring|ignore|skipping|during|between|while|when|where|if|as\s+an?)\b"
    r"|only\s+(?!(?:the\s+)?(?:latest|newest|current|most\s+recent)\b))",
    ICASE,
)


_STREAM_START = re.compile(
    r"\b(?:the\s+)?(?:latest|newest|current|compacted|topic)\b|\b\w+[-.]\w", ICASE
)


def _refuse_opener_after_with(s: str, text: str, at: int, after: int, end: int) -> None:
    """A requirement opened right after the join's "with" (`at`..`after`), before the other
    stream is named: "join with in euros the latest patient record from ...", "combine the
    clicks topic with for the EU only the profile-updates topic". The words would be masked
    with the join's and dropped; refused, quoting them."""
    if not OPENER_AFTER_WITH.match(s, after):
        return
    stream = _STREAM_START.search(s, after, end)
    stop = stream.start() if stream else end
    said = " ".join(text[at:stop].split()).rstrip(" ,;(")
    said = re.sub(r"\s+(?:the|a|an)$", "", said, flags=ICASE)
    word = _with_word(text, at)
    raise RequestNotUnderstood(
        f"join: cannot read {said!r} before the other stream: say the other stream right "
        f'after "{word}" and the rest as its own clause (e.g. "join orders from topic orders '
        'with topic payments on order_id within 10 minutes")'
    )


# A Kafka-style name with a dash or a dot inside (gate-exits, sat.passes): never an English word
DASHED_NAME = r"[A-Za-z]\w*(?:[.-]\w+)+"


# "join topic a and topic b": the second stream after "and", only when it is called a topic.
JOIN_AND_TOPIC = re.compile(
    r"\band\s+(?=(?:the\s+)?(?:kafka\s+)?topic\s|['\"`]|the\s+[A-Za-z][\w-]*\s+(?:kafka\s+)?topic\b"
    # "join clicks and impressions on ad_id within 10 minutes": one word each side
    r"|[A-Za-z][\w-]*\s+(?:on|by|using)\s+[A-Za-z_]\w*\s+(?:within|up\s+to|at\s+most)\b"
    # "join orders and shipments topics on order_id": the plural says both are topics
    r"|[A-Za-z][\w-]*\s+(?:kafka\s+)?(?:topics|streams)\s+(?:on|by|using)\s"
    # "join downlink-frames and pass-schedule on pass_id ...": a name only a topic has
    rf"|{DASHED_NAME}\s+(?:on|by|using)\s)",
    ICASE,
)


# "Read topic consignments and join the appraisals topic on item_id ...": the other stream as
# the verb's object, said as a topic (the source read already), then its key.
JOIN_TOPIC_OBJECT = re.compile(
    # ("Join: flights.landings by flight_id": a label, the other stream after its colon)
    r"(?:\s*:)?\s+(?=(?:the\s+)?(?:kafka\s+)?topic\s+(?:['\"`]|[A-Za-z])"
    r"|(?:the\s+)?(?:['\"`][^'\"`]+['\"`]|[A-Za-z][\w.-]*)\s+(?:kafka\s+)?topic\s+(?:on|by|using)\s"
    # "... and join gate-exits on container_id", "join escape.payments on booking_id": a dashed
    # or dotted name is a topic's, never a word of English
    rf"|{DASHED_NAME}\s+(?:on|by|using)\s)",
    ICASE,
)


# "For each of those, join the motor current reading from lh.motor_current for the same
# station_id ...": the other records as the verb's object, then their topic and the key both
# share (the source named before the verb, see `_topic_object`)
JOIN_RECORDS_OBJECT = re.compile(
    # ("match scans from crew.badge_scans with the same crew_id": a plural, no article)
    r"\s+(?=(?:(?:the|its|their|an?|any|all)\s+(?:[a-z]+\s+){0,3}?|(?:[a-z]+\s+){0,2}?[a-z]+s\s+)"
    r"(?:from|on|in)\s+(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+)?{DASHED_NAME}\s+(?:for|with)\s+the\s+same\s+[a-z]\w*_\w+\b)",
    ICASE,
)


# (the source said before it: "Read topic consignments", "consume the bids topic")
SOURCE_READ_BEFORE = re.compile(
    r"\b(?:read|reads|reading|consume|consumes|consuming|ingest|ingests|subscribe\s+to)\s+"
    rf"(?:from\s+)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+(?:{QUOTED}|[A-Za-z])|[A-Za-z][\w.-]*\s+topic\b"
    rf"|{DASHED_NAME}(?![\w-]|\.\w))"
    # "Source: buoys.alarms" on a line before "Join: ...": the label, read as "from topic x"
    rf"|(?:^|[\n;]\s*)from\s+topic\s+(?:{QUOTED}|[A-Za-z])"
    # "Source is marina.gate_swipes; ... join x on ...", "- left stream: tolls.exit_events"
    r"|\b(?:source|input|left\s+stream|left\s+side)(?:\s+topic)?\s*(?::|\bis\b|=)\s*(?:the\s+)?"
    rf"(?:kafka\s+)?(?:topic\s+)?(?:{QUOTED}|{DASHED_NAME}(?![\w-]|\.\w))"
    # "cupping scores (roastery.cupping_scores) -> keep ... -> join x on k": the records opening
    # the request, their topic in brackets
    r"|^\s*(?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z][\w-]*\s*\(\s*(?:(?:kafka\s+)?topic\s+)?"
    rf"{DASHED_NAME}\s*\)\s*(?:->|\u2192|[,:;]|$)",
    ICASE,
)


# (the source named right before the verb, terse: "crane-lifts join gate-exits on ...", or with
# the join's kind between: "library.returns left join library.checkouts on ...", masked once read)
SOURCE_NAME_BEFORE = re.compile(
    rf"(?:^|[\n;:>]\s*){DASHED_NAME}\s+"
    # ("ski.rentals (package in day, weekend) left join ...": an aside on the source between,
    # left to the other recognisers)
    r"(?:\([^()\n]*\)\s+)?(?:(?:left|inner)(?:\s+outer)?\s+|\x00+\s+)?$",
    ICASE,
)


def _names_side(noun: str, side: set[str]) -> bool:
    """Whether a noun ("pickup") is a word of a join side's topic name (courier_pickups)."""
    return any(singular(w.lower()) == noun for w in side)


def _participle_names(verb: str, side: set[str]) -> bool:
    """Whether a participle says the joined stream's event: "paid" for payments, "clicked" for
    clicks, "shipped" for shipments, "matched" for any."""
    if verb in ("matched", "joined", "paired"):
        return True
    stem = {"paid": "pay", "sold": "sale", "sent": "send", "seen": "see", "bought": "buy",
            "done": "do"}.get(verb) or re.sub(r"(?:ied|ed)$", "", verb)  # fmt: skip
    stem = re.sub(r"(.)\1$", r"\1", stem)  # "shipp" -> "ship"
    # ("unacknowledged" joined with excursion-acks: the side's name is the participle's short form)
    short = any(len(w) >= 3 and stem.startswith(w) for w in side)
    return len(stem) >= 3 and (short or any(w.startswith(stem) for w in side))


# A name only a topic has: dashed, dotted or snake_case ("ride-accepts", "fair.safety_checks",
# "order_updates"), never a word of English; a dotted one has two characters or more each side
# of its dot (never "e.g.")
TOPIC_LIKE = r"[A-Za-z][\w-]*(?:\.[A-Za-z_][\w-]+)+|[A-Za-z][A-Za-z\d]*(?:[-_][A-Za-z\d]+)+"


class JoinVerbReader(SchemaResolver):
    """Reads the verbs that say a join, where its other side is named and which records it keeps."""

    # ("left" | "inner", the words saying so), when the request says which records a join keeps
    join_how: tuple[str, str] | None = None
    # the right side's names, whole (see `_right_side_words`)
    right_side_names: frozenset[str] | set[str] = frozenset()

    def _strict_verbs(self, start: int = 0) -> list[re.Match[str]]:
        return strict_join_verbs(self.s, self.text, start)

    def _strict_verb(self, start: int = 0) -> re.Match[str] | None:
        found = self._strict_verbs(start)
        return found[0] if found else None

    def _side_verbs(self) -> list[re.Match[str]]:
        """The join verbs whose "with" names a right side: "join", "enrich", "look up", and
        "correlate"/"match"/"pair" where a bound makes them a join (JOIN_VERB_STRICT)."""
        verbs = list(RIGHT_SIDE_VERB.finditer(self.s))
        starts = {m.start() for m in verbs}
        verbs += [m for m in self._strict_verbs() if m.start() not in starts]
        return sorted(verbs, key=lambda m: m.start())

    def _refuse_with_before_with(self, wm: re.Match[str], end: int) -> None:
        """ "join X from topic a with timestamps in UTC with Y from topic b": the first "with"
        would start the other side, "timestamps in UTC" read as its name and the rest dropped;
        refused, quoting the words between the two."""
        if wm.group(0).lower().startswith(("with", "against")):
            _refuse_opener_after_with(self.s, self.text, wm.start(), wm.end(), end)
        if wm.group(0).lower().startswith("with"):
            _refuse_words_before_with(self.s, self.text, wm.start(), wm.end(), end)

    def _topic_object(self, verb: re.Match[str]) -> re.Match[str] | None:
        """ "Read topic consignments and join the appraisals topic on item_id ...": the other
        stream as the join verb's object, when the source was named before the verb."""
        if (
            self.topics
            or self._said_topics(verb.start())
            or SOURCE_READ_BEFORE.search(self.text, 0, verb.start())
            or SOURCE_NAME_BEFORE.search(self.s, 0, verb.start())
        ):
            return JOIN_TOPIC_OBJECT.match(self.s, verb.end()) or JOIN_RECORDS_OBJECT.match(
                self.s, verb.end()
            )
        if re.search(rf"\b(?:on|in|to|from)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?{NAMED_TOPIC}",
                     self.text[: verb.start()], ICASE):  # fmt: skip
            # ("Readings are on lh.lens_rotation. ... join the motor current reading from ...")
            return JOIN_RECORDS_OBJECT.match(self.s, verb.end())
        return None

    def _right_side_words(self) -> set[str]:
        """Singular words naming a join's right side, read before the join itself is taken."""
        names: list[str] = []
        for pattern in TABLE_TOPIC:
            names += [unquote(m.group("t"))[0] for m in pattern.finditer(self.s)]
        names += re.findall(r"\blatest\s+(?:known\s+)?([a-z]+)", self.s, ICASE)
        # ("The vehicle registry is a compacted topic, x": the noun the table is called by)
        names += re.findall(
            # ("our product catalogue, which lives in the compacted topic x")
            r"\b(?:the|our)\s+(?:[a-z]+\s+){0,2}?([a-z]+)(?:,?\s+(?:which|that))?"
            r"\s+(?:is|lives\s+in|sits\s+in)\s+(?:a|an|the|our)"
            r"\s+(?:compacted|changelog)\b",
            self.s,
            ICASE,
        )
        # ("We keep the current driver roster in the compacted topic x": the same, the table
        # said as what we keep there)
        names += re.findall(
            r"\b(?:keep|have|hold|store|maintain)\s+(?:the|our|a)\s+(?:[a-z]+\s+){0,2}?([a-z]+)"
            r"\s+(?:in|on|as)\s+(?:a|an|the|our)\s+(?:compacted|changelog)\b",
            self.s,
            ICASE,
        )
        for m in self._side_verbs():
            # ("Join: buoys.gps_fixes on buoy_id": a label, its clause after the colon)
            label = re.compile(r"\s*:\s*").match(self.s, m.end())
            end = self.clause_end(label.end() if label else m.end())
            if re.search(r"\bredis\b", self.s[m.start() : end], ICASE):
                continue  # a Redis lookup: its misses are `on_miss`, not a join's `how`
            wm = _joined_with(self.s, m.end(), end) or JOIN_AND_TOPIC.search(self.s, m.end(), end)
            wm = wm or self._topic_object(m)
            if wm:
                stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
                names.append(self.s[wm.end() : stop.start() if stop else end])
            elif JOIN_THEM.match(self.s, m.end()):  # "... sending to "b". Join them"
                names += [
                    unquote(pm.group("b"))[0]
                    for pm in TWO_PRODUCERS.finditer(self.text, 0, m.start() + 5)
                    if pm.end() == m.start()
                ]
        for m in self._strict_verbs():
            said = (
                self._said_topics(m.start(), dotted=True)
                if JOIN_THEM.match(self.s, m.end())
                else []
            )
            if len(said) == 2:  # "... the app sends to topic b. ... match them"
                names.append(said[1][0])
        words = {singular(w) for n in names for w in re.split(r"[\W_]+", n.lower()) if w}
        # the whole names too: "from device-registry" names the right side even when the left
        # shares a word of it (device-heartbeats)
        self.right_side_names = {t for n in names for t in re.findall(r"[\w.-]+", n.lower())}
        return words - STOP

    def extract_join_how(self) -> None:
        """ "left join", "keeping unmatched orders", "only orders whose customer is known"."""
        right = self._right_side_words()
        if not right:
            return
        for how, pattern in JOIN_HOW:
            for m in list(pattern.finditer(self.s)):
                if MASK in m.group(0):
                    continue
                bare = m.group(0).strip()
                item = _LIST_ITEM_BEFORE.search(self.text, 0, m.start())
                if bare.lower() in ("left", "inner") and item:
                    raise RequestNotUnderstood(
                        f"'{item['item']}, {bare}': is {bare!r} the last of the fields listed, "
                        f"or the join's kind? Say \"{bare.lower()} join\" for the join's kind"
                    )
                groups = m.groupdict()
                x = next(
                    (groups[g] for g in ("x", "x2", "x3", "x4", "x5", "x6") if groups.get(g)), ""
                )
                x = x.lower()
                # ("with no drop-off" joined with drop-offs: the dashed noun names the side)
                dashed = {singular(n) for n in self.right_side_names}
                if "-" in x and {singular(x), singular(x.replace("-", ""))} & dashed:
                    x = ""
                v = (m.groupdict().get("v") or "").lower()
                if v and not _participle_names(v, right):
                    continue  # "keep orders that were never shipped" joined with payments
                if how == "left":
                    self._refuse_joined_side_kept(m.group(0))
                y = (groups.get("y") or groups.get("y3") or groups.get("there") or "").lower()
                # ("... not in the table", "... aren't in it": the table read as joined, named by
                # the word "table" or pointed back at)
                table_said = y in _TABLE_BACK and any(p.search(self.s) for p in TABLE_TOPIC)
                if y and singular(y) not in right and not table_said:
                    continue  # "drop orders whose customer is not in the EU": a filter
                if (
                    x
                    and x not in _MATCH_WORDS
                    and singular(x) not in right
                    # ("parcels with no delivery" joined with ship.delivered: another form)
                    and stem(x) not in {stem(w) for w in right}
                    # ("installs that never got commissioned" joined with meter-commissioning)
                    and not (
                        x.endswith(("ed", "paid", "sold", "sent")) and _participle_names(x, right)
                    )
                    and not self._match_field_said(x)
                    and not self._right_name_part(x)
                    # ("sales whose sku isn't in the catalogue": the join's key, not in the
                    # table named; never without the table: "whose sku is unknown")
                    and not ((table_said or singular(y) in right) and self._key_noun_said(x))
                ):
                    if how == "inner" or bare.lower().startswith("only"):
                        continue  # "drop records without an email": a filter
                    raise RequestNotUnderstood(
                        f"{m.group(0)!r}: {x!r} is not the stream or table joined; say which "
                        'records the join keeps, e.g. "left join orders with payments on '
                        'order_id within 15 minutes"'
                    )
                lo = max(0, m.start() - 12)
                # ("mark_number < 3 only; left join ...": never the word of the clause before)
                lo = max(lo, *(self.text.rfind(c, 0, m.start()) + 1 for c in ";\n"))
                # (never past the sentence: "... should still come through. Just print ...")
                hi = m.end() + 8
                hi = next((e.start() for e in SENTENCE_STOP.finditer(self.text, m.end(), hi)), hi)
                only = re.compile(r"\b(?:only|just|solely|exclusively)\b", ICASE).search(
                    self.text, lo, hi
                )
                if how == "left" and only:
                    # "keep only unmatched orders": the unmatched alone (an anti-join), not all
                    said = self.text[min(m.start(), only.start()) : max(m.end(), only.end())]
                    raise RequestNotUnderstood(
                        f"{' '.join(said.split())!r}: a join keeps the matched records (an "
                        "inner join) or every record, matched or not (a left join); keeping "
                        "only the records without a match is not supported"
                    )
                if self.join_how and self.join_how[0] != how:
                    raise RequestNotUnderstood(
                        f"{self.join_how[1]!r} and {m.group(0)!r}: say either that the join keeps "
                        "records without a match (a left join) or that it drops them (an inner "
                        "join), not both"
                    )
                words = m.group(0) + (
                    " join" if m.group(0).lower().startswith(("left", "inner")) else ""
                )
                self.join_how = (how, words)
                self.join_how_spans.append(m.span())
                # "(inner join)" after the join was said: the word "join" says how, no second join
                # ("(inner join: orders from non-members are dropped)": the word "join" in a
                # bracket, a gloss after a colon or comma before the bracket closes)
                # ("(...; a left join, so scans without a pass stay)": the records it keeps
                # said after, read first)
                said_join = self._left_join_kept_said(m, how, right) or re.compile(
                    r"[\s-]+join(?:ed|s)?\b(?=\s*\)|\s*[:,;]\s[^()\n]*\))", ICASE
                ).match(self.s, m.end())
                self.mask(m.start(), said_join.end() if said_join else m.end())
                if how == "left":
                    self._mask_empty_fields_aside(said_join.end() if said_join else m.end())
                    empty = EMPTY_FIELDS_AFTER.match(self.s, m.end())
                    if empty and self._joined_fields_said(empty, right):
                        # "... must still come through (left join) with empty hit fields": the
                        # joined side's fields left empty, which is what a left join does
                        self.mask(empty.start("e") if empty["w"] else empty.start(), empty.end())

    def _joined_fields_said(self, empty: re.Match[str], right: set[str]) -> bool:
        """Whether the fields an EMPTY_FIELDS_AFTER match says are left empty are the joined
        side's: its noun ("empty hit fields"), or a field the request copies from it, named
        ("Copy respawn_zone from the respawn ... with respawn_zone null")."""
        if empty["w"]:
            return singular(empty["w"].lower()) in right
        name = re.escape(empty["f"]) if empty["f"] else r"[A-Za-z_]\w*"
        copied = (
            rf"\b(?:copy|copying|take|taking|add|adding|bring|bringing|pull|pulling)\s+{name}\b"
        )
        if empty["those"]:  # ("adding a and b; ... with those fields empty": said before)
            return re.search(copied, self.text[: empty.start()], ICASE) is not None
        return re.search(copied, self.text, ICASE) is not None

    def _mask_empty_fields_aside(self, at: int) -> None:
        """ "Keep the order even if no check-in matched (shift/station just empty then)", "keep
        the alerts nobody responded to as well (with empty crew fields)": an aside after a left
        join's kept records saying the joined fields stay empty, which is what a left join does;
        masked when each name is a field (or a word of one) the request says elsewhere."""
        # ("... even if the sponsor is missing from the table (those fields just stay null)")
        table = re.compile(r"\s+(?:from|in)\s+(?:the|that)\s+(?:table|lookup)", ICASE).match(
            self.s, at
        )
        am = EMPTY_FIELDS_ASIDE.match(self.s, table.end() if table else at)
        if am is None:
            return
        if am["those"]:  # the joined fields pointed back at: nothing to check
            self.mask(am.start(), am.end())
            return
        names = [n for n in re.split(r"\s*(?:/|,|\band\b|\bor\b)\s*", am["f"] or am["w"]) if n]
        rest = self.text[:at] + " " + self.text[am.end() :]
        for name in names:
            if not re.search(
                rf"(?<![\w.-])(?:\w+_)?{re.escape(name)}(?:_\w+)?(?![\w-])", rest, ICASE
            ):
                return  # "(price just empty then)" with no price said: left unread
        self.mask(am.start(), am.end())

    def _left_join_kept_said(
        self, m: re.Match[str], how: str, right: set[str]
    ) -> re.Match[str] | None:
        """ "Left join, so we also see units that never got packed": the join's how, then the
        records it keeps said after it (their match's event a participle of the joined
        stream); the words up to their end, or None."""
        verb = re.compile(r"[\s-]+join\b", ICASE).match(self.s, m.end())
        seen = UNMATCHED_SEEN.match(self.s, verb.end()) if verb and how == "left" else None
        if seen and seen["v"] and _participle_names(seen["v"].lower(), right):
            return seen
        said_w, said_k = seen and (seen["w"] or seen["w2"]), seen and (seen["k"] or seen["k2"])
        if seen and said_w and said_k and self._names_a_topic_part(said_w):
            # "(we want to see pickups without a draw too)" where pickups are the joined
            # stream's: the unmatched records of the other side (a right join), never read
            kept, match = singular(said_k.lower()), singular(said_w.lower())
            side = self._joined_name_words()
            if _names_side(kept, side) or (
                match not in _MATCH_WORDS and side and not _names_side(match, side)
            ):
                return None
            return seen
        return None

    def _joined_name_words(self) -> set[str]:
        """The words of the joined topic's name ("lab.courier_pickups": lab, courier, pickups)."""
        return {
            p
            for name in self.right_side_names
            if re.search(r"\w[._-]\w", name)
            for p in re.split(r"[._-]", name)
        }

    def _refuse_joined_side_kept(self, said: str) -> None:
        """ "left join ..., keep visits with no milking as well" where the visits are the joined
        stream's: the unmatched records of the other side (a right join), never a left join."""
        m = re.search(
            r"\b(?P<k>[a-z]+)\s+(?:(?:events|records|rows|messages|readings)\s+)?(?:without|with"
            r"\s+no|that\s+(?:have|has)\s+no|having\s+no|lacking|even)\b",
            said,
            ICASE,
        )
        if not m:
            return
        kept = singular(m["k"].lower())
        others = {  # (a word both topics' names share, "farm", says neither side)
            p
            for name in re.findall(TOPIC_LIKE, self.text)
            if name.lower() not in self.right_side_names
            for p in re.split(r"[._-]", name.lower())
        }
        if _names_side(kept, self._joined_name_words()) and not _names_side(kept, others):
            raise RequestNotUnderstood(
                f"{' '.join(said.split())!r}: the {m['k']} are the joined stream's records; a "
                "left join keeps the source's records without a match, not the joined ones' "
                '(a right join is not supported); say it of the source, as in "keep orders '
                'without a payment too"'
            )

    def _match_field_said(self, noun: str) -> bool:
        """ "Calls that never got a unit must still come out" where the join copies unit_id:
        the noun is what the match brings, its id among the fields the join takes."""
        return bool(
            re.search(
                rf"\b(?:copy|copying|take|taking|add|adding|bring|bringing|pull|pulling)\s+"
                rf"(?:[a-z_]\w*\s*(?:,\s*(?:and\s+)?|\s+and\s+))*{re.escape(noun)}_id\b",
                self.text,
                ICASE,
            )
        )

    def _key_noun_said(self, noun: str) -> bool:
        """ "Sales whose sku isn't in the catalogue" after "keyed by sku", "whose menu item
        isn't in the table" after "by menu_item_id": the noun is the join's key, said as one
        (its name, or the name with "_id")."""
        name = re.escape("_".join(noun.lower().split()))
        return bool(
            re.search(
                rf"\b(?:on|by|keyed\s+(?:by|on)|key|matching|using)\s+(?:the\s+)?{name}(?:_id)?\b",
                self.text,
                ICASE,
            )
        )

    def _right_name_part(self, noun: str) -> bool:
        """Whether `noun` ("batch") is a word of the joined side's dotted name
        ("farm.substrate_batches"), even a word the right side's words leave out as common."""
        parts = {
            singular(p)
            for name in self.right_side_names
            if re.search(r"\w[._-]\w", name)
            for p in re.split(r"[._-]", name)
        }
        # ("no follow-up" joined with optic.followup_visits: the dashed noun written as one word)
        return bool({singular(noun.lower()), singular(noun.lower().replace("-", ""))} & parts)

    def _names_a_topic_part(self, noun: str) -> bool:
        """Whether `noun` ("pickup") is a word of a topic the request names by a name only a
        topic has ("lab.courier_pickups"), or a word for the match itself."""
        if noun.lower() in _MATCH_WORDS:
            return True
        parts = {
            singular(p)
            for name in re.findall(TOPIC_LIKE, self.text)
            for p in re.split(r"[._-]", name.lower())
        }
        return singular(noun.lower()) in parts

    def extract_join_kind_words(self) -> None:
        """ "interval join", "table join": the kind said of a join read as that kind."""
        self._mask_join_back_refs()
        self._mask_join_done()
        for kind in {j.kind for j in self.joins}:
            for m in list(JOIN_KIND_WORDS[kind].finditer(self.s)):
                self.mask(m.start(), m.end(), domain=True)

    def _said_topics(self, pos: int, *, dotted: bool = False) -> list[tuple[str, int, int]]:
        """The Kafka topics named before `pos`, in the order said, once each: (name, start and
        end of the words naming it with the producer's verb). A bare name counts only after
        "to"/"on"/"in" or before "topic" ("writes to payments-issued"), never "low-cost"; a
        dotted one ("from ads.clicks") only with `dotted` (a join of "them")."""
        found: dict[str, tuple[str, int, int]] = {}
        # (never a compacted topic's: "Boardings are on x; pilots live in a compacted topic y
        # keyed by pilot_id. Join them" joins the table, no second stream)
        tables = {unquote(m.group("t"))[0] for p in TABLE_TOPIC for m in p.finditer(self.text)}
        for tm in SAID_TOPIC.finditer(self.text, 0, pos):
            if tm.group("t"):
                name = unquote(tm.group("t"))[0]
            elif tm.group("t3"):
                if not dotted:
                    continue
                name = tm.group("t3")
            elif tm.group("t4"):
                if not dotted or not READ_LIST_BEFORE.search(self.text[: tm.start("t4")]):
                    continue
                name = tm.group("t4")
            else:
                bare = re.search(r"(?:\b(?:to|into|on|in|onto)\s+(?:the\s+)?(?:kafka\s+)?$)",
                                 self.text[tm.start() : tm.start("t2")], ICASE)  # fmt: skip
                # "on two different Kafka topics: 'a' and 'b'": quoted names listed after "topics"
                listed = re.search(
                    rf"\btopics\s*:?\s*(?:(?:{QUOTED})\s*(?:,\s*(?:and\s+)?|and\s+))*$",
                    self.text[: tm.start("t2")],
                    ICASE,
                )
                if listed and not unquote(tm.group("t2"))[1]:
                    listed = None
                # "we have two topic: handover-requests and handover-results": names counted
                listed = listed or re.search(
                    r"\b(?:two|2)\s+(?:different\s+|separate\s+)?(?:kafka\s+)?topics?\s*[:,]?\s*"
                    rf"(?:(?:{QUOTED}|[A-Za-z]\w*(?:-\w+)+)\s*(?:,\s*(?:and\s+)?|and\s+))?$",
                    self.text[: tm.start("t2")],
                    ICASE,
                )
                # "Consume payroll-runs and payroll-adjustments, join them ...": names listed
                # after a reading verb
                listed = listed or READ_LIST_BEFORE.search(self.text[: tm.start("t2")])
                if not bare and not listed and not re.search(r"\btopic$", tm.group(0), ICASE):
                    continue
                name = unquote(tm.group("t2"))[0]
            if name in tables:
                continue
            found.setdefault(name.lower(), (name, tm.start(), tm.end()))
        return sorted(found.values(), key=lambda t: t[1])

    def _clause_start(self, pos: int, verb: re.Pattern[str]) -> int:
        begin = max(
            self.s.rfind(",", 0, pos), self.s.rfind(";", 0, pos), self.s.rfind(". ", 0, pos)
        )
        found = None
        for vm in verb.finditer(self.s, begin + 1, pos):
            found = vm.start()
        return found if found is not None else begin + 1

    def _clause_end_outside_parens(self, pos: int, since: int | None = None) -> int:
        """Where the clause at `pos` ends, never inside parentheses opened from `since` (or
        `pos`) on: "with deliveries (topic deliveries: parcel_id string, ...) on parcel_id, ..."
        goes on after them."""
        end = self.clause_end(pos)
        since = pos if since is None else since
        while self.s.count("(", since, end) > self.s.count(")", since, end):
            close = self.s.find(")", end)
            if close < 0:
                break
            end = self.clause_end(close + 1)
        return end

    def _mask_join_done(self) -> None:
        """ "please do a left join on booking_ref", "perform an inner join with ...": the verb
        doing the join (read already, its words masked) says nothing more."""
        if not self.joins:
            return
        for m in list(JOIN_DONE.finditer(self.s)):
            said = JOIN_DONE_WORDS.match(self.text, m.end())
            if said and set(self.s[m.end() : said.end()]) <= {MASK, " ", "-"}:
                self.mask(m.start(), m.end(), domain=True)

    def _mask_join_back_refs(self) -> None:
        """ "After the join keep only ...": once a join is read, the words pointing back at it
        to order a step say no second join (the step's order is read by the assembler)."""
        if not self.joins:
            return
        for m in list(JOIN_BACK_REF.finditer(self.s)):
            if MASK not in m.group(0) and m.start() > self.joins[0].pos:
                self.mask(m.start(), m.end(), domain=True)

    @staticmethod
    def _side_words(phrase: str) -> set[str]:
        return {singular(w) for w in re.split(r"[\W_]+", phrase.lower()) if w} - STOP
