"""Recogniser: the dead-letter topic ("send bad records to X", "no dead-letter topic")."""

from __future__ import annotations

from . import lazy_re as re
from .fields import SchemaResolver
from .lexicon import NAME, STOP, unquote
from .quantities import ICASE

DLQ_NONE = re.compile(
    r"\b(?:no|without(?:\s+an?)?)\s+(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b", ICASE
)


BAD = (
    r"(?:bad|invalid|malformed|failed|failing|broken|unparseable|unparsable|rejected|poison"
    r"|erroneous|corrupt|bogus|faulty|late|undecodable|unreadable)"
)


# "malformed JSON goes to x", "invalid JSON messages to x": the format said as the records
_JSON = r"json(?:\s+(?:records|events|messages|rows|data|payloads))?|"


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
    r"(?:(?:we|you|it|the\s+(?:processor|pipeline|job))\s+)?"
    r"(?:can't|cannot|can\s+not|couldn't|could\s+not|fails?\s+to|failed\s+to|won't|will\s+not)\s+"
    r"(?:be\s+)?(?:processed|parsed|decoded|read|validated|handled|process|parse|decode|read"
    r"|deseriali[sz]ed?"
    # "... are to be sent to x", "... should be routed to x", "... are sent to x"
    r"|validate|handle)\s+(?:(?:should|must|will|shall|are\s+to|is\s+to|needs?\s+to|ha(?:ve|s)\s+to)"
    r"\s+)?(?:(?:be|get|gets|are|is)\s+)?(?:go|goes|sent|routed|written|moved|forwarded|diverted"
    r"|published|pushed|land|lands|end\s+up|ends\s+up)\s+"
)


DLQ = [
    re.compile(
        rf"{UNPROCESSABLE}(?:to|into|in|on)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        r"(?<![-\w.'\"])(?:dead[\s-]*letters?(?:\s+(?:queue|topic))?|dlq)\b(?:\s+topic)?\s*"
        # "dead letters go to greenhouse_dlq", "the DLQ is errors-topic"
        r"(?:(?:(?:go|goes|going|should\s+go|are\s+sent|are\s+routed|are\s+written|get\s+sent"
        # "with dead letters going to x", "dead letters being sent to x"
        r"|(?:being|getting)\s+(?:sent|routed|written)|land|landing)\s+)?"
        r"(?:is|to|into|in|called|named|of)\s+|[=:]\s*)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        rf"(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        r"\b(?:send|sending|route|routing|write|writing|put|putting|publish|publishing|forward"
        # "dead-letter bad records to x": the verb
        r"|dead[\s-]*letter(?:s|ed|ing)?"
        r"|forwarding|move|moving|divert\w*|redirect\w*|push\w*)\s+(?:all\s+|any\s+|the\s+)?"
        rf"{BAD}\s+(?:records|events|messages|rows|data|ones|input|entries|payloads)?\s*"
        r"(?:(?:and|or)\s+\w+\s+(?:records|events|messages|ones)?\s*)?"
        # ("put unparsable records in x")
        r"(?:to|into|on|onto|in)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send anything invalid to x", "rejects go to x"
        r"\b(?:(?:send|sending|route|routing|write|writing|put|putting|forward|forwarding|move"
        r"|moving|divert\w*|redirect\w*|push\w*)\s+(?:anything|everything|whatever\s+is)\s+"
        rf"{BAD}\s+|(?:the\s+)?rejects\s+(?:(?:should|must|will)\s+go|go|are\s+sent|get\s+sent)\s+)"
        r"(?:to|into|onto)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send records that can't be parsed to x", "route anything we cannot decode to x"
        r"\b(?:send|sending|route|routing|write|writing|put|putting|publish|publishing|forward"
        r"|forwarding|move|moving|divert\w*|redirect\w*|push\w*)\s+(?:all\s+|any\s+|the\s+)?"
        r"(?:(?:records?|events?|messages?|rows?|ones|entries|payloads)\s+(?:that\s+|which\s+)?"
        r"|anything\s+|everything\s+|whatever\s+)"
        r"(?:(?:we|you|it|the\s+(?:processor|pipeline|job))\s+)?"
        r"(?:can't|cannot|can\s+not|couldn't|could\s+not|fails?\s+to|failed\s+to|won't|will\s+not)\s+"
        r"(?:be\s+)?(?:processed|parsed|decoded|read|validated|handled|process|parse|decode|read"
        r"|deseriali[sz]ed?"
        r"|validate|handle)\s+"
        r"(?:to|into|on|onto)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(  # "send records that fail validation to audit-dlq"
        r"\b(?:send|sending|route|routing|write|writing|put|putting|publish|publishing|forward"
        r"|forwarding|move|moving|divert\w*|redirect\w*|push\w*)\s+(?:all\s+|any\s+|the\s+)?"
        rf"(?:records|events|messages|rows|ones|entries|payloads)\s+{FAILING}\s+"
        r"(?:to|into|on|onto)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})"
        # "records that fail validation go to audit-dlq"
        rf"|\b(?:the\s+|any\s+|all\s+)?(?:records|events|messages|rows|ones|anything)\s+{FAILING}"
        r"\s+(?:(?:should|must|will)\s+(?:go|be\s+sent|be\s+routed|land)|go|goes|are\s+sent"
        r"|get\s+sent|land)\s+(?:to|into|in)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter\s+(?:queue\s+"
        rf"|topic\s+)?)?(?:kafka\s+)?(?:topic\s+)?(?P<n2>{NAME})",
        ICASE,
    ),
    re.compile(  # "bad records to invoices-bad", "invalid rows -> topic errors"
        rf"\b{BAD}\s+(?:{_JSON}records|events|messages|rows|data|ones|input|entries|payloads)\s+"
        r"(?:to|into|on|onto)\s+(?:the\s+)?(?:dead[\s-]*letter\s+(?:queue\s+|topic\s+)?)?"
        rf"(?:kafka\s+)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
    re.compile(
        rf"\b{BAD}\s+(?:{_JSON}records|events|messages|rows|data|ones|input)\s+(?:(?:should|must|will)\s+"
        r"(?:go|be\s+sent|be\s+routed|be\s+written|land)|go|goes|are\s+sent|are\s+routed|get\s+sent"
        r"|land|end\s+up)\s+(?:to|into|in)\s+(?:the\s+)?"
        rf"(?:(?:dead[\s-]*letter|dlq)\s+(?:queue\s+|topic\s+)?)?(?:topic\s+)?(?P<n>{NAME})",
        ICASE,
    ),
]


UNPROCESSABLE_BARE = re.compile(
    rf"{UNPROCESSABLE}(?:to|into)\s+(?:the\s+|a\s+)?(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b",
    ICASE,
)


# Words of "dead-letter queue/topic" itself, never its name.
DLQ_WORDS = frozenset({"queue", "topic", "dlq", "letter", "letters", "dead"})
# "... to somewhere safe": a place, not a topic name
NOT_A_NAME = frozenset({"somewhere", "elsewhere", "anywhere", "there"})


DLQ_BARE = re.compile(
    rf"\b(?:send\w*|rout\w*|writ\w*|put\w*)\s+(?:all\s+|any\s+|the\s+)?{BAD}\s+\w+\s+"
    r"(?:to\s+(?:the\s+|a\s+)?)?(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)",
    ICASE,
)


# "invalid rows must be sent to the DLQ", "bad records go to the dead letter queue": the
# default dead-letter topic, said again without a name.
BAD_GO_BARE = re.compile(
    rf"\b(?:the\s+|any\s+|all\s+)?{BAD}\s+(?:records?|events?|messages?|rows?|ones|data|input)\s+"
    r"(?:(?:should|must|will|need\s+to|have\s+to|are\s+to)\s+)?(?:(?:be|get|are|is)\s+)?"
    r"(?:go|goes|sent|routed|written|put|moved|land|end\s+up)\s+(?:to|into|in)\s+(?:the\s+|a\s+)?"
    r"(?:dead[\s-]*letter(?:\s+(?:queue|topic))?|dlq)\b"
    r"(?!\s+(?:topic\s+)?(?:[`'\"]|[A-Za-z][\w.-]*[-_.]\w))",  # a name follows: read by DLQ
    ICASE,
)


class DeadLetterRecogniser(SchemaResolver):
    def extract_dlq(self) -> None:
        if self.take(DLQ_NONE, domain=True):
            self.dlq, self.dlq_set = None, True
            return
        # the generic "dead letter topic X" last: "bad records go to the dead letter topic X" is
        # read whole by the patterns that name the records first
        for pattern in [*DLQ[:1], *DLQ[2:], DLQ[1]]:
            for m in pattern.finditer(self.s):
                name, quoted = unquote(m.group("n") or m.groupdict().get("n2") or "")
                if not quoted and (not name or name.lower() in STOP | DLQ_WORDS | NOT_A_NAME):
                    continue  # "... to the dead letter queue": no name given
                self.mask(m.start(), m.end(), domain=True)
                self.dlq, self.dlq_set = name, True
                return
        # "send bad records to the dead-letter topic" with no name: the default name
        if (
            self.take(DLQ_BARE, domain=True)
            or self.take(UNPROCESSABLE_BARE, domain=True)
            or self.take(BAD_GO_BARE, domain=True)
        ):
            self.dlq_set = False
