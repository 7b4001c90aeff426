"""Recogniser: the dead-letter topic ("send bad records to X", "no dead-letter topic")."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .fields import SchemaResolver
from .lexicon import NAME, STOP, name_words, singular, unquote
from .quantities import ICASE

DLQ_NONE = re.compile(
    r"\b(?:no|without(?:\s+an?)?)\s+(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b", ICASE
)


BAD = (
    r"(?:bad|invalid|malformed|failed|failing|broken|unparseable|unparsable|rejected|poison(?:ed)?"
    r"|erroneous|corrupt(?:ed)?|bogus|faulty|late|undecodable|unreadable|unprocessable|garbled"
    r"|non[\s-]?json|junk|garbage|dodgy|errored)"
)


# (each modal list below takes "can", "could" and "may" too: "anything malformed can go to x"
# asks the same as "should go to x")
# The verbs that send records somewhere ("park poison messages in x", "dump bad rows to x").
_SEND = (
    r"(?:send|sending|route|routing|write|writing|put|putting|publish|publishing|forward"
    r"|forwarding|move|moving|divert\w*|redirect\w*|push\w*|park|parking|dump|dumping|stash"
    r"|stashing|quarantine|quarantining|shunt|shunting|ship|shipping|pipe|piping|toss|tossing"
    r"|throw|throwing|chuck|chucking|emit|emitting)"
)


# Where they go: a preposition, or an arrow step ("Bad messages -> x" is laid out as "Bad
# messages; publish to topic x", see text.py)
_TO = r"(?:to|into|on|onto|in|(?<=\w);\s*publish\s+to)"


# "malformed JSON goes to x", "invalid JSON messages to x": the format said as the records
_JSON = r"json(?:\s+(?:records|events|messages|rows|data|payloads))?|"


# What the bad records are called ("poison messages", "garbage payloads", "poison pills")
_NOUNS = (
    r"records|events|messages|rows|data|ones|input|entries|payloads|pills|items|lines|docs"
    r"|documents|stuff|msgs"
)


# "Records that can't be processed should go to the dead-letter topic x": the records first
# "records that fail validation": what makes a record bad, said after it
FAILING = (
    r"(?:that|which)\s+(?:fail(?:s|ed)?|don't\s+pass|do\s+not\s+pass|did\s+not\s+pass)\s+"
    r"(?:the\s+)?(?:validation|parsing|deserialization|schema\s+validation|(?:schema|type)\s+checks?)"
)


UNPROCESSABLE = (
    r"\b(?:the\s+|any\s+|all\s+)?(?:(?:records?|events?|messages?|rows?|ones|anything|everything"
    r"|whatever)\s+(?:that\s+|which\s+)?|[A-Za-z][\w-]*\s+(?:that|which)\s+)"
    # "anything we can't parse", "records the processor cannot decode"
    r"(?:(?:(?:we|you|it|the\s+(?:processor|pipeline|job))\s+)?"
    r"(?:can't|cannot|can\s+not|couldn't|could\s+not|fails?\s+to|failed\s+to|won't|will\s+not)\s+"
    r"(?:be\s+)?(?:processed|parsed|decoded|read|validated|handled|process|parse|decode|read"
    r"|deseriali[sz]ed?"
    r"|validate|handle)"
    # "anything that doesn't match the schema goes to x"
    r"|(?:doesn't|don't|does\s+not|do\s+not|fails?\s+to|won't)\s+match\s+(?:the\s+|our\s+)?"
    r"(?:schema|expected\s+(?:schema|format|shape)|format)"
    # "whatever breaks should go in x", "anything that blows up goes to x"
    r"|(?:breaks?|blows?\s+up|crash(?:es)?|errors?\s+out)"
    # "anything that isn't valid JSON should go to x": the format the records fail (never
    # "valid" alone, which may be a field's name)
    r"|(?:isn't|is\s+not|aren't|are\s+not)\s+(?:(?:valid|proper|parseable|parsable)\s+json"
    r"|well[\s-]formed(?:\s+json)?))"
    # "... are to be sent to x", "... should be routed to x", "... are sent to x"
    r"(?:\s+(?:(?:should|must|will|can|could|may|shall|are\s+to|is\s+to|needs?\s+to|ha(?:ve|s)\s+to)"
    r"\s+)?(?:(?:be|get|gets|are|is)\s+)?(?:go|goes|sent|routed|written|moved|forwarded|diverted"
    r"|published|pushed|parked|dumped|quarantined|stashed|land|lands|end\s+up|ends\s+up)\s+"
    # "Records that can't be processed -> x-dlq" (an arrow step, laid out as "; publish to")
    r"|\s*;\s*publish\s+)"
)


DLQ = [
    re.compile(
        rf"{UNPROCESSABLE}(?:to|into|in|on)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        r"(?<![-\w.'\"])(?:dead[\s-]*letters?(?:\s+(?:queue|topic))?|dlq"
        # "quarantine topic x", "an error topic called x", "poison-pill queue x"
        r"|quarantine(?:\s+(?:queue|topic))?|(?:error|reject(?:ion)?s?|poison(?:[\s-]+pills?)?)"
        r"\s+(?:queue|topic))\b(?:\s+topic)?\s*"
        # "dead letters go to greenhouse_dlq", "the DLQ is errors-topic"
        r"(?:(?:(?:go|goes|going|should\s+go|are\s+sent|are\s+routed|are\s+written|get\s+sent"
        # "with dead letters going to x", "dead letters being sent to x"
        r"|(?:being|getting)\s+(?:sent|routed|written)|land|landing)\s+)?"
        # "dead letters -> x" (an arrow step, laid out as "; publish to topic x")
        r"(?:is|to|into|in|called|named|of|(?:should|will|must|shall|would)\s+be)\s+"
        r"|;\s*publish\s+to\s+|[=:]\s*)?(?:the\s+)?"
        r"(?:kafka\s+)?(?:topic\s+)?"
        rf"(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        # "dead-letter bad records to x": the verb
        rf"\b(?:{_SEND}|dead[\s-]*letter(?:s|ed|ing)?)\s+(?:all\s+|any\s+|the\s+)?"
        rf"{BAD}\s+(?:{_NOUNS})?\s*"
        rf"(?:(?:and|or)\s+\w+\s+(?:{_NOUNS})?\s*)?"
        # ("put unparsable records in x")
        rf"{_TO}\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send anything invalid to x", "rejects go to x"
        # ("..., dead-lettering anything invalid to pump-telemetry-errors")
        rf"\b(?:(?:{_SEND}|dead[\s-]*letter(?:s|ed|ing)?)\s+(?:anything|everything|whatever\s+is)\s+"
        rf"{BAD}\s+|(?:the\s+)?rejects\s+(?:(?:should|must|will|can|could|may)\s+go|go|are\s+sent|get\s+sent)\s+)"
        r"(?:to|into|onto)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send records that can't be parsed to x", "route anything we cannot decode to x"
        rf"\b{_SEND}\s+(?:all\s+|any\s+|the\s+)?"
        rf"(?:(?:records?|events?|messages?|rows?|ones|entries|payloads)\s+(?:that\s+|which\s+)?"
        r"|(?:anything|everything)\s+(?:that\s+|which\s+)?|whatever\s+)"
        r"(?:(?:we|you|it|the\s+(?:processor|pipeline|job))\s+)?"
        r"(?:can't|cannot|can\s+not|couldn't|could\s+not|fails?\s+to|failed\s+to|won't|will\s+not)\s+"
        r"(?:be\s+)?(?:processed|parsed|decoded|read|validated|handled|process|parse|decode|read"
        r"|deseriali[sz]ed?"
        r"|validate|handle)\s+"
        r"(?:to|into|on|onto|in)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send records that fail validation to audit-dlq"
        rf"\b{_SEND}\s+(?:all\s+|any\s+|the\s+)?"
        rf"(?:records|events|messages|rows|ones|entries|payloads)\s+{FAILING}\s+"
        r"(?:to|into|on|onto|in)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})"
        # "records that fail validation go to audit-dlq"
        rf"|\b(?:the\s+|any\s+|all\s+)?(?:records|events|messages|rows|ones|anything)\s+{FAILING}"
        r"\s+(?:(?:should|must|will|can|could|may)\s+(?:go|be\s+sent|be\s+routed|land)|go|goes|are\s+sent"
        r"|get\s+sent|land)\s+(?:to|into|in)\s+(?:the\s+|a\s+)?(?:(?:dead[\s-]*letter|dlq)\s+(?:queue\s+"
        rf"|topic\s+)?)?(?:kafka\s+)?(?:topic\s+)?(?P<n2>{NAME})"
        # "records that fail go to the dead letter topic x": failing said alone, so only with
        # the dead-letter words (after a filter, "records that fail go to x" may mean its misses)
        r"|\b(?:the\s+|any\s+|all\s+)?(?:records|events|messages|rows|ones|anything)\s+(?:that"
        r"|which)\s+fail(?:s|ed)?\s+(?:(?:should|must|will|can|could|may)\s+(?:go|be\s+sent|be\s+routed|land)|go"
        r"|goes|are\s+sent|get\s+sent|land)\s+(?:to|into|in)\s+(?:the\s+|a\s+)?(?:(?:dead[\s-]*letter"
        rf"|dlq)\s+(?:(?:queue|topic)\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n3>{NAME})"
        # (or a name that says so: "... go to sales-dlq")
        r"|(?:kafka\s+)?(?:topic\s+)?(?P<n4>[A-Za-z][\w.-]*?(?:dlq|dead[-_]?letters?)(?:[-_.]\w+)*)"
        r"(?![\w-]))"
        # "send anything that fails to x-dlq": failing said alone, after the verb, so again only
        # with the dead-letter words or a name that says so
        rf"|\b{_SEND}\s+(?:all\s+|any\s+|the\s+)?(?:records|events|messages|rows|ones|entries"
        r"|payloads|anything|everything|whatever)\s+(?:(?:that|which)\s+)?fail(?:s|ed)?\s+"
        r"(?:to|into|on|onto|in)\s+(?:the\s+|a\s+)?(?:(?:dead[\s-]*letter|dlq)\s+(?:(?:queue|topic)"
        rf"\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n5>{NAME})|(?:kafka\s+)?(?:topic\s+)?"
        r"(?P<n6>[A-Za-z][\w.-]*?(?:dlq|dead[-_]?letters?)(?:[-_.]\w+)*)(?![\w-]))",
        ICASE,
    ),
    re.compile(  # "anything unparseable goes to the dead-letter topic x", "whatever is invalid: x"
        r"\b(?:anything|everything|whatever(?:\s+is|'s)?|all\s+(?:that\s+is|the)|any(?:thing)?\s+that"
        rf"\s+is)\s+{BAD}\s+(?:(?:should|must|will|can|could|may|need\s+to|has\s+to|is\s+to)\s+)?"
        r"(?:(?:be|get|gets|is)\s+)?(?:go|goes|sent|routed|written|parked|dumped|moved|diverted"
        r"|quarantined|published|pushed|stashed|land|lands|end\s+up|ends\s+up)\s+"
        r"(?:to|into|in|on|onto)\s+(?:the\s+|a\s+)?"
        rf"(?:(?:dead[\s-]*letter|dlq)\s+(?:queue\s+|topic\s+)?)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "bad records to invoices-bad", "invalid rows -> topic errors"
        rf"\b{BAD}\s+(?:{_JSON}{_NOUNS})"
        rf"(?:\s+(?:to|into|on|onto|->)|\s*;\s*publish\s+to)\s+(?:the\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        rf"\b{BAD}\s+(?:{_JSON}{_NOUNS})\s+(?:(?:should|must|will|can|could|may|need\s+to|have\s+to|are\s+to"
        r"|is\s+to)\s+)?(?:(?:be|get|are|is)\s+)?(?:go|goes|sent|routed|written|parked|dumped"
        r"|moved|diverted|quarantined|published|pushed|stashed|land|lands|end\s+up|ends\s+up)\s+"
        r"(?:to|into|in|on|onto)\s+(?:the\s+)?"
        rf"(?:(?:dead[\s-]*letter|dlq)\s+(?:queue\s+|topic\s+)?)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        # "Malformed bills should go to bills-dead-letter": the records by their own noun, to a
        # name that says it is a dead-letter topic
        rf"\b{BAD}\s+[A-Za-z]+s\s+(?:(?:should|must|will|can|could|may|need\s+to|have\s+to|are\s+to)\s+)?"
        r"(?:(?:be|get|are)\s+)?(?:go|sent|routed|written|parked|moved|diverted|land|end\s+up)\s+"
        r"(?:to|into|in|on|onto)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        r"(?P<n>[A-Za-z][\w.-]*?(?:dlq|dead[-_]?letters?)(?:[-_.]\w+)*)(?![\w-])",
        ICASE,
    ),
    # "Some messages have broken JSON; those should go to x-dlq": the bad records said before
    # (checked in `extract_dlq`), then a name that says it is a dead-letter topic
    re.compile(
        r"\b(?:those|these|they)\s+(?:(?:should|must|will|can|could|may|need\s+to|have\s+to)\s+)?(?:go|be\s+sent"
        r"|be\s+routed|land|get\s+sent)\s+(?:to|into|in|on)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        r"(?P<n>[A-Za-z][\w.-]*?(?:dlq|dead[-_]?letters?)(?:[-_.]\w+)*)(?![\w-])",
        ICASE,
    ),
]
_THOSE = DLQ[-1]
BAD_BEFORE = re.compile(rf"\b{BAD}\b", ICASE)


# "use x as the dead-letter topic", "orders-dlq is the dead letter topic", "If a message can't be
# parsed, put it on x": the topic named first, or after a condition
_DLQ_NOUN = r"(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)(?:\s+topic)?\b"
_TOPIC_LIKE = r"""(?:'[^'\s\x00]+'|"[^"\s\x00]+"|`[^`\s\x00]+`|[A-Za-z][\w.-]*[-_.][\w.-]*\w)"""
# "Bad messages should go to a dead letter topic called x": the records said before the
# generic "dead letter topic x" (read with it)
BAD_GO_LEAD = re.compile(
    rf"\b(?:the\s+|any\s+|all\s+)?{BAD}\s+(?:{_JSON}{_NOUNS})\s+(?:(?:should|must|will|can|could|may|need\s+to"
    r"|have\s+to|are\s+to|is\s+to)\s+)?(?:(?:be|get|are|is)\s+)?(?:go|goes|sent|routed|written"
    r"|parked|dumped|moved|diverted|quarantined|published|pushed|stashed|land|lands|end\s+up"
    r"|ends\s+up)\s+(?:to|into|in|on|onto)\s+(?:the\s+|a\s+|an\s+|our\s+)?$",
    ICASE,
)
# "Malformed telemetry should go to the dead-letter topic reefer.telemetry-dlq": the records by
# their own noun, one the dead-letter topic's name holds, after a word that can only mean the
# record could not be read (never "failed payments": a kind of record)
UNREADABLE = (
    r"(?:malformed|unpars[e]?able|corrupt(?:ed)?|garbled|undecodable|unreadable|non[\s-]?json)"
)
OWN_NOUN_GO_LEAD = re.compile(
    rf"\b(?:the\s+|any\s+|all\s+)?{UNREADABLE}\s+(?P<own>[A-Za-z]+)\s+(?:(?:should|must|will|can|could|may"
    r"|need\s+to|have\s+to|are\s+to|is\s+to)\s+)?(?:(?:be|get|are|is)\s+)?(?:go|goes|sent"
    r"|routed|written|parked|dumped|moved|diverted|quarantined|published|pushed|stashed|land"
    r"|lands|end\s+up|ends\s+up)\s+(?:to|into|in|on|onto)\s+(?:the\s+|a\s+|an\s+|our\s+)?$",
    ICASE,
)
# "clean stream to kafka x, anything broken to x-dlq": the verb said once, for both; only to a
# name that says it is a dead-letter topic
# ("alerts go to topic x and unparseable readings to x-dlq": the bad records by their own plural
# noun, after a word that says they cannot be used, never "late" or "failed payments")
ANYTHING_BAD_TO = re.compile(
    rf"(?:(?<=[,;])|\band\s)\s*(?:(?:anything|everything|whatever(?:'s|\s+is)?)\s+(?!late\b){BAD}"
    rf"|(?:all\s+|any\s+|the\s+)?{UNREADABLE}\s+[A-Za-z]+s)"
    # (an arrow is laid out as "; publish to", see text.py)
    r"(?:\s+(?:to|into|->)|\s*;\s*publish\s+to)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    r"(?P<n>[A-Za-z][\w.-]*?(?:dlq|dead[-_]?letters?)(?:[-_.]\w+)*)(?![\w-])",
    ICASE,
)
# "anything unparseable -> x", "- whatever is corrupt -> x", "anything malformed: x": the bad
# records said as "anything <bad>", then an arrow (laid out as "; publish to", see text.py) or a
# colon, to any name. Only words that say a record could not be read or is no good: "anything
# failed", "anything rejected" or "anything faulty" may be a kind of record (failed payments,
# fault reports), so those go on only to a name that says it is a dead-letter topic
# (ANYTHING_BAD_TO).
_CANNOT_USE = (
    rf"(?:{UNREADABLE}|bad|invalid|broken|bogus|junk|garbage|poison(?:ed)?|unprocessable"
    r"|erroneous|dodgy)"
)
ANYTHING_BAD_ARROW = re.compile(
    r"(?:(?<=[,;:])|^|(?<=[.!?]\s)|\band\s|\bplus\s)\s*(?:and\s+)?"
    r"(?:anything|everything|whatever(?:'s|\s+is)?"
    r"|any\s+(?:records?|events?|messages?|rows?)\s+that\s+(?:is|are))\s+"
    rf"{_CANNOT_USE}(?:\s+(?:{_JSON}{_NOUNS}))?"
    r"(?:\s*;\s*publish\s+to|\s*:)\s+(?:the\s+)?(?:(?:dead[\s-]*letter|dlq)\s+(?:queue\s+)?)?"
    r"(?:kafka\s+)?(?:topic\s+)?"
    rf"(?!dead[\s-]*letter)(?P<n>{_TOPIC_LIKE})(?![\w-])",
    ICASE,
)
# (after a colon: a name only a topic has, with '-' or '.', ending the clause)
_LABELLED_TOPIC = re.compile(
    r"""(?:'[^'\s]+'|"[^"\s]+"|`[^`\s]+`|[A-Za-z][\w]*[-.][\w.-]*\w)(?=\s*(?:[,;]|[.!?](?:\s|$)|$))"""
)


# "... to x rather than stopping the pipeline": why they go there, said after it
INSTEAD_OF_STOPPING = re.compile(
    r"\s*,?\s*(?:rather\s+than|instead\s+of)\s+(?:stopping|crashing|killing|blocking|halting"
    r"|failing|breaking)(?:\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:pipeline|job|consumer"
    r"|processor|stream|app|thing))?(?![\w-])",
    ICASE,
)
DLQ_NAMED_FIRST = [
    # "Invalid messages: shop.orders-errors": a labelled line naming the topic (a topic-like name
    # only, never late records: lateness is no failure)
    re.compile(
        rf"(?<![\w.-])(?!late\b){BAD}\s+(?:{_JSON}{_NOUNS})\s*:\s*(?:the\s+)?"
        r"(?:(?:dead[\s-]*letter(?:\s+queue)?|dlq)\s+)?(?:(?:kafka\s+)?topic\s+)?"
        rf"(?!dead[\s-]*letter)(?P<n>{_TOPIC_LIKE})(?![\w-])",
        ICASE,
    ),
    # "use crane-dlq for anything malformed", "use topic x for bad records"
    re.compile(
        rf"\buse\s+(?:(?:kafka\s+)?topic\s+)?(?P<n>{NAME})\s+for\s+(?:all\s+|any\s+|the\s+)?"
        rf"(?:(?:anything|everything|whatever\s+is)\s+(?!late\b){BAD}|(?!late\b){BAD}\s+"
        rf"(?:{_JSON}{_NOUNS}))(?!\w)",
        ICASE,
    ),
    re.compile(
        rf"\buse\s+(?:(?:kafka\s+)?topic\s+)?(?P<n>{NAME})\s+(?:as|for)\s+(?:the\s+|our\s+|a\s+)?"
        rf"{_DLQ_NOUN}",
        ICASE,
    ),
    # "..., with x as the dead letter topic": the same, said as the sink's companion
    re.compile(
        rf"\bwith\s+(?:(?:kafka\s+)?topic\s+)?(?<![\w.-])(?P<n>{_TOPIC_LIKE})\s+as\s+"
        rf"(?:the\s+|our\s+|a\s+)?{_DLQ_NOUN}",
        ICASE,
    ),
    re.compile(
        rf"(?:(?:kafka\s+)?topic\s+)?(?<![\w.-])(?P<n>{_TOPIC_LIKE})\s+(?:is|will\s+be|should\s+be"
        rf"|shall\s+be|serves\s+as|acts\s+as)\s+(?:the\s+|our\s+|a\s+)?{_DLQ_NOUN}",
        ICASE,
    ),
    re.compile(
        r"\b(?:if|when|whenever)\s+(?:(?:a|an|the|any)\s+)?(?:(?:message|record|event|row|payload)s?"
        r"\s+(?:can't|cannot|can\s+not|couldn't|could\s+not|fails?\s+to|won't|doesn't|does\s+not)"
        r"\s+(?:be\s+)?(?:parsed|processed|decoded|read|validated|deseriali[sz]ed|parse|process"
        r"|decode|deseriali[sz]e|validate|match\s+the\s+schema)|(?:parsing|deseriali[sz]ation"
        r"|decoding|validation)\s+fails"
        # "If a record fails deserialisation, put it on x"
        r"|(?:message|record|event|row|payload)s?\s+fail(?:s|ed)?\s+(?:the\s+)?(?:parsing"
        r"|deseriali[sz]ation|decoding|validation|schema\s+validation|schema\s+checks?)"
        # "if message is broken, send to x" (never late records: lateness is no failure)
        rf"|(?:message|record|event|row|payload)s?\s+(?:is|are)\s+(?!late\b){BAD})"
        r"\s*,?\s*(?:then\s+)?"
        rf"{_SEND}\s+(?:(?:it|them|the\s+(?:message|record|event|row|payload)s?)\s+)?"
        r"(?:to|on|onto|in|into)"
        rf"\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
]


# "errors to clicks-errors", "parse failures go to x", "rejections -> x": errors as a noun. Read
# only with a dead-letter-like name, and never on log records (where "errors" are records of
# level ERROR, see `extract_dlq`).
ERRORS_TO = re.compile(
    r"(?:(?<=[,;:(])|(?<=[.!?]\s)|^|\b(?:and|with|plus|also)\s)\s*(?:the\s+|any\s+|all\s+)?"
    # ("failures" only with what failed: "the failures" of a payments stream may be payments)
    r"(?P<noun>(?:(?:parse|parsing|processing|deserialization|deserialisation|validation|schema"
    r"|decode|decoding|type)\s+(?:errors|failures|violations|mismatches)|errors|rejections|rejects"
    r"|failures"
    r"|poison\s+pills))\s*"
    r"(?:(?:should|must|will|can|could|may)\s+(?:go|be\s+sent|be\s+routed)\s+|go\s+|goes\s+|going\s+|are\s+sent\s+"
    r"|get\s+sent\s+)?(?:to\s+|into\s+|->\s*|(?<=\w);\s*publish\s+to\s+)(?:the\s+)?(?:kafka\s+)?"
    r"(?:topic\s+)?"
    rf"(?P<n>{NAME})",
    ICASE,
)
DLQ_LIKE_NAME = re.compile(
    r"dlq|dead|err|bad|reject|fail|invalid|poison|quarantin|malformed|broken|unpars|corrupt"
    r"|garbage|junk",
    ICASE,
)
# "Failures go to claims-dlq": bare "failures" only to a name that is a dead-letter topic's
# ("failures to topic failed-payments" may be the failed payments, a selection)
DEAD_LETTER_NAME = re.compile(r"dlq|dead|quarantin|poison", ICASE)
LOG_RECORDS = re.compile(r"\blogs?\b|\blog[-_]|[-_]logs?\b|\blevel\b|\bseverity\b", ICASE)


UNPROCESSABLE_BARE = re.compile(
    rf"{UNPROCESSABLE}(?:to|into)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b",
    ICASE,
)


# Words of "dead-letter queue/topic" itself, never its name.
DLQ_WORDS = frozenset({"queue", "topic", "dlq", "letter", "letters", "dead"})
# "... to somewhere safe": a place, not a topic name
# ("send it to the dead-letter topic instead": an adverb after it, never its name)
NOT_A_NAME = frozenset({"somewhere", "elsewhere", "anywhere", "there", "instead", "anyway"})


DLQ_BARE = re.compile(
    rf"\b(?:send\w*|rout\w*|writ\w*|put\w*)\s+(?:all\s+|any\s+|the\s+)?{BAD}\s+\w+\s+"
    r"(?:to\s+(?:the\s+|a\s+)?)?(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)",
    ICASE,
)


# "invalid rows must be sent to the DLQ", "bad records go to the dead letter queue": the
# default dead-letter topic, said again without a name.
BAD_GO_BARE = re.compile(
    rf"\b(?:(?:the\s+|any\s+|all\s+)?{BAD}\s+(?:records?|events?|messages?|rows?|ones|data|input)"
    # "anything invalid goes to the DLQ"
    rf"|(?:anything|everything|whatever(?:\s+is|'s)?)\s+{BAD})\s+"
    r"(?:(?:should|must|will|can|could|may|need\s+to|has\s+to|have\s+to|are\s+to|is\s+to)\s+)?"
    r"(?:(?:be|get|gets|are|is)\s+)?"
    r"(?:go|goes|sent|routed|written|put|moved|land|lands|end\s+up|ends\s+up)\s+(?:to|into|in)"
    r"\s+(?:the\s+|a\s+)?"
    r"(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b"
    r"(?!\s+(?:topic\s+)?(?:[`'\"]|[A-Za-z][\w.-]*[-_.]\w))",  # a name follows: read by DLQ
    ICASE,
)


# Outputs that are no Kafka topic: "everything malformed should go to stdout" names no
# dead-letter topic.
_NOT_TOPICS = frozenset({"stdout", "console", "terminal", "screen", "clickhouse", "redis", "logs"})


# "keep orders over 100 ...; send the rejected ones to topic small_orders": beside a filter, the
# records it leaves out may be meant, which are dropped, never sent (see `_refuse_filtered_out`)
_FILTERED_OUT = (
    r"\b(?:rejected|rejects|rejections|filtered(?:[\s-]+out)?|dropped|discarded|excluded"
    r"|removed|skipped)(?:\s+[a-z]+){0,2}?\s+(?:(?:should|must|will|can)\s+)?(?:go(?:es)?\s+)?"
    r"(?:to|into|->)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[`'\"]?"
)


class DeadLetterRecogniser(SchemaResolver):
    def refuse_filtered_out(self, operators: list[dict[str, Any]]) -> None:
        """ "keep orders over 100, write them to x; send the rejected ones to topic y": with a
        filter in the pipeline, the dead-letter topic said as the "rejected" records' may mean
        the records the filter leaves out; refused, saying both readings."""
        if not (self.dlq_set and self.dlq) or not any(op["kind"] == "filter" for op in operators):
            return
        said = re.search(
            rf"{_FILTERED_OUT}{re.escape(self.dlq)}(?![\w-])(?!\.\w)", self.text, ICASE
        )
        if said:
            raise RequestNotUnderstood(
                f"{' '.join(said.group(0).split())!r}: beside a filter, these may be the records "
                "it leaves out, which are dropped and never sent anywhere (sending them to a "
                f"second place is not supported yet); {self.dlq!r} would get only the records "
                'that cannot be read or processed. For that, say "records that cannot be parsed '
                f'go to the dead-letter topic {self.dlq}"; else leave the clause out'
            )

    def _own_noun_lead(self, at: int, name: str) -> re.Match[str] | None:
        """ "Malformed telemetry should go to the dead-letter topic reefer.telemetry-dlq": the
        bad records said before the topic by a noun its name holds (see OWN_NOUN_GO_LEAD)."""
        lead = OWN_NOUN_GO_LEAD.search(self.s, 0, at)
        if lead is None:
            return None
        own = lead["own"].lower()
        words = {w.lower() for w in name_words(name)}
        return lead if {own, singular(own), own + "s"} & words else None

    def extract_dlq(self) -> None:
        if self.take(DLQ_NONE, domain=True):
            self.dlq, self.dlq_set = None, True
            return
        if m := self.take(ANYTHING_BAD_TO, domain=True):
            self.dlq, self.dlq_set = m["n"], True
            return
        for m in ANYTHING_BAD_ARROW.finditer(self.s):
            if "publish" not in m.group(0).lower() and not _LABELLED_TOPIC.match(
                self.s, m.start("n")
            ):
                continue  # "anything invalid: status_code missing": no topic named
            self.mask(m.start(), m.end(), domain=True)
            self.dlq, self.dlq_set = unquote(m["n"])[0], True
            return
        # the generic "dead letter topic X" last: "bad records go to the dead letter topic X" is
        # read whole by the patterns that name the records first
        for pattern in [*DLQ[:1], *DLQ[2:], *DLQ_NAMED_FIRST, DLQ[1]]:
            for m in pattern.finditer(self.s):
                name, quoted = unquote(
                    m.group("n")
                    or m.groupdict().get("n2")
                    or m.groupdict().get("n3")
                    or m.groupdict().get("n4")
                    or m.groupdict().get("n5")
                    or m.groupdict().get("n6")
                    or ""
                )
                if not quoted and (not name or name.lower() in STOP | DLQ_WORDS | NOT_A_NAME):
                    continue  # "... to the dead letter queue": no name given
                if pattern is _THOSE and not BAD_BEFORE.search(
                    self.text, max(0, m.start() - 150), m.start()
                ):
                    continue  # "those" are bad records only when said so just before
                if not quoted and name.lower() in _NOT_TOPICS:
                    raise RequestNotUnderstood(
                        f"dead-letter records to {name!r}: they go to a Kafka topic; name one "
                        '(e.g. "send bad records to topic orders-dlq")'
                    )
                end = m.end()
                tail = re.match(r"\s+(?:kafka\s+)?topic\b", self.s[end:])
                if tail and not re.search(r"\btopic\s+\S+$", m.group(0), ICASE):
                    end += tail.end()  # "... to the clicks-invalid topic"
                # "... to crane-alarms-bad (dead letter topic)": what the name is, in parentheses
                aside = re.match(
                    rf"\s*\(\s*(?:the\s+|a\s+|our\s+)?{_DLQ_NOUN}\s*\)", self.s[end:], ICASE
                )
                if aside and not tail:
                    end += aside.end()
                if instead := INSTEAD_OF_STOPPING.match(self.s, end):
                    end = instead.end()
                lead = BAD_GO_LEAD.search(self.s, 0, m.start()) or self._own_noun_lead(
                    m.start(), name
                )
                self.mask(lead.start() if lead else m.start(), end, domain=True)
                self.dlq, self.dlq_set = name, True
                return
        for m in ERRORS_TO.finditer(self.s):
            # "errors to clicks-errors": only with a dead-letter-like name, and not on log
            # records ("send errors to topic log-errors" on app-logs filters level ERROR)
            name, quoted = unquote(m.group("n"))
            if not DLQ_LIKE_NAME.search(name) or LOG_RECORDS.search(self.text):
                continue
            if m.group("noun").lower() == "failures" and not DEAD_LETTER_NAME.search(name):
                continue
            self.mask(m.start("noun") - len(m.group(0)[: m.start("noun") - m.start()].lstrip()),
                      m.end(), domain=True)  # fmt: skip
            self.dlq, self.dlq_set = name, True
            return
        # "send bad records to the dead-letter topic" with no name: the default name
        if (
            self.take(DLQ_BARE, domain=True)
            or self.take(UNPROCESSABLE_BARE, domain=True)
            or self.take(BAD_GO_BARE, domain=True)
        ):
            self.dlq_set = False
