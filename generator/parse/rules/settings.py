"""Recogniser: connection and runtime settings (brokers, Kafka security, consumer group,
offsets, delivery guarantee, event-time field, pipeline name, batching, partitions)."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .context import _INTERJECTION_WORDS
from .fields import SchemaResolver
from .lexicon import (
    COLUMN_TYPES,
    FIELD,
    NAME,
    NAME_STOP,
    QUOTED,
    STOP,
    TAKE_FIELDS_VERB,
    names_distinct_values,
    names_function,
    singular,
    unquote,
    used_as_metric,
    word_set,
)
from .quantities import DUR, DUR1, ICASE, NUM, dur_ms, number

BROKERS = re.compile(
    r"\b(?:kafka\s+)?(?:brokers?|bootstrap(?:[\s_.-]*servers?)?|kafka\s+(?:cluster\s+)?(?:at|on)"
    r"|cluster)\b"  # never inside a host name ("broker1:9092")
    # "our Kafka cluster is at x:9092", "brokers live on x:9092"
    r"\s*(?:(?:is|are|lives?|runs?|sits?)\s+(?=at\b|on\b))?(?:at\s+|on\s+|=\s*|:\s*|are\s+|is\s+)?\(?"
    r"(?P<list>[^\s,;'\"`\x00()]+:[^\s,;'\"`\x00()]+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"[^\s,;'\"`\x00()]+:[^\s,;'\"`\x00()]+)*)\)?",
    ICASE,
)


# Which side a broker list is said of: the last verb or preposition before it in its sentence
SIDE_CUE = re.compile(
    r"\b(?:(?P<sink>write|writes|writing|written|send|sends|sending|sent|publish\w*|produc\w*"
    r"|push\w*|sink|sinks|output|emit\w*|forward\w*|deliver\w*|to|into|onto)"
    r"|(?P<source>read|reads|reading|consum\w*|subscrib\w*|listen\w*|ingest\w*|from|source"
    r"|input|tail\w*|pull\w*))\b",
    ICASE,
)
# "the ClickHouse cluster at ch-1:9000", "Redis at cache:6379": another store's host
STORE_CUE = re.compile(r"\b(?:click\s*-?\s*house|redis)\b(?![^,;]*\bkafka\b)[^,;]{0,20}$", ICASE)


GROUP = re.compile(
    # ("sessionise by group_id with a 45 min gap": a field named group_id, the key of a step)
    # ("keep only rows where group_id is 7": a condition on it)
    r"(?<!\bby\s)(?<!\bper\s)(?<!\bon\s)(?<!\beach\s)(?<!\bevery\s)(?<![{:])(?<!\bwhere\s)"
    r"(?<!\bif\s)(?<!\bwhen\s)(?<!\bwhose\s)(?<!\band\s)(?<!\bor\s)(?<!\bof\s)(?<!\bkeep\s)"
    r"(?<!\bdrop\s)"
    rf"\b(?:(?P<cg>consumer)[\s-]+group(?:[\s_-]+id)?|group[\s.-]+id"
    # ("where the group_id is 7": the field, named as one)
    rf"|(?<!\bthe\s)group_id|group(?=\s+(?:{QUOTED}))"
    # "group player-actions into session windows": the verb, with the stream it groups
    # ("group x.dust readings per station_id into ...": the records' noun after the stream)
    r"|group(?=\s+[A-Za-z][\w.]*[-_.])(?!\s+\S+\s+(?:[a-z]+s\s+)?(?:into|by|per)\b))"
    # ("consumer group should be forge-lookup", "group id must be x": a modal then "be", before
    # a name only an id has: quoted, or with '-', '_', '.' or a digit; "should be unique" is none)
    r"\s*(?:(?:(?:should|must|will|shall|would|can|has\s+to|needs?\s+to|ought\s+to)\s+be"
    r"|(?:is\s+)?set\s+to)\s+(?=['\"`]|[A-Za-z0-9]+[-_.\d])"
    rf"|(?:of|named|called|is|as)\s+|=\s*|:\s*)?"
    # (never a word: "group_id with a 45 min gap" names no group)
    # (after "consumer group" any word, as before: refused later when it is none)
    rf"(?(cg)|(?!(?:with|and|or|in|into|to|for|from|as|the|an?|is|are|was|be|not|per|by|on|at)\b))"
    rf"(?P<name>{NAME})",
    ICASE,
)


# "latest offsets, not the beginning", "from the end (not from the start)": the other end denied
_NOT_EARLIEST = (
    r"(?:\s*,?\s*\(?\s*(?:and\s+|but\s+)?not\s+(?:from\s+|at\s+)?the\s+(?:very\s+)?"
    r"(?:beginning|start|earliest(?:\s+offsets?)?)\s*\)?)?"
)
_NOT_LATEST = (
    r"(?:\s*,?\s*\(?\s*(?:and\s+|but\s+)?not\s+(?:from\s+|at\s+)?the\s+(?:very\s+)?"
    r"(?:end|latest(?:\s+offsets?)?)\s*\)?)?"
)
EARLIEST = re.compile(
    r"(?:\bfrom\s+the\s+(?:very\s+)?(?:beginning|start)\b|\bfrom\s+(?:the\s+)?earliest"
    r"(?:\s+offsets?)?\b|\b(?:auto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*)?earliest"
    # "keep the earliest (event) per order_id": the first record of a key (a dedup), no offset
    r"(?:\s+offsets?)?\b(?!\s+(?:[a-z]+\s+)?(?:per|for\s+(?:each|every)|of\s+each)\b)|\breplay\w*\s+(?:all\s+|the\s+(?:whole\s+|full\s+|entire\s+)?)?"
    # ("replay topic orders from the start": the word before a name, left to the topic readers)
    r"(?:history|backlog|topic(?![^\S\n]+(?!(?:from|since|and|then|again|once|first)\b)[`'\"\w]))\b"
    r"|\ball\s+(?:the\s+)?(?:existing\s+)?history\b"
    r"|\bfrom\s+offset\s+0\b"
    # "(start at the beginning)", "starting with the earliest offset" ("at the beginning of
    # each hour" is a time, never the offset)
    r"|\b(?:start|begin|read|consum)\w*\s+(?:at|with)\s+the\s+(?:very\s+)?(?:beginning|start"
    r"|earliest(?:\s+offsets?)?)\b(?!\s+of\b)"
    # "replay topic orders", "reprocess the pos.sales topic": reading a topic again (the verb
    # alone; the topic is the source readers', who read the verb before a bare name with it)
    r"|\b(?:re-?play|re-?process|re-?read|re-?consume)(?:s|es|ing)?(?=\s+(?:the\s+|our\s+)?"
    r"(?:kafka\s+)?(?:topic\s+[`'\"\w]|[`'\"]?[\w-]+(?:\.[\w-]+)*[`'\"]?\s+topic\b)"
    # ("reprocess every order in shop.orders": the records of a topic, named after them)
    r"|\s+(?:every|each|all(?:\s+the)?)\s+[a-z]+\s+(?:in|on|from)\s+(?:the\s+)?(?:kafka\s+)?"
    r"(?:topic\s+[`'\"\w]|[`'\"]?[\w-]+\.[\w-]+))"
    # "reprocess everything from the start", "re-read the whole topic from the beginning"
    r"|\b(?:re-?process|re-?read|re-?consume|re-?ingest)\w*\s+(?:everything|all(?:\s+of\s+it)?"
    r"|the\s+(?:whole|entire|full)\s+(?:topic|history|stream))(?:\s+from\s+the\s+(?:very\s+)?"
    r"(?:beginning|start))?)" + _NOT_LATEST,
    ICASE,
)


LATEST = re.compile(
    r"(?:\bfrom\s+(?:the\s+)?(?:end|latest(?:\s+offsets?)?|now(?:\s+on)?|here\s+on)\b"
    # "from the latest record in compacted topic customers": a table's record, no offset
    r"(?!\s+(?:[a-z_]+\s+){0,2}?(?:record|row|value|entry|entries|version|state|snapshot|copy"
    r"|one|profile|price|rate|reading)s?\b)"
    r"|\bauto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*latest\b|\blatest\s+offsets?\b"
    r"|\boffset\s+reset\s+(?:to\s+)?latest\b"
    # ("we only care about new traffic": the records from now on, said by who wants them)
    r"|\b(?:(?:we|i)\s+(?:only\s+(?:care\s+about|want|need)|(?:care\s+about|want|need)\s+only)\s+"
    r"(?:the\s+)?|only\s+)new\s+(?:events|messages|records|data|traffic)\b"
    r"|\bnew\s+(?:events|messages|records|traffic)\s+only\b"
    # "no backfill", "don't backfill", "without backfilling", "skip the backfill" ("no backfill
    # needed": the words saying why)
    r"|\b(?:no|without(?:\s+a)?|don't|do\s+not|never)\s+(?:need\s+(?:a\s+|to\s+)?)?backfill(?:ing)?"
    r"(?:\s+(?:is\s+)?(?:needed|required|wanted|necessary))?\b"
    # "don't replay history", "no need to replay the backlog": the old records left unread
    r"|\b(?:don't|do\s+not|(?:there's\s+)?no\s+need\s+to|never|without|not)\s+"
    r"replay\w*\s+(?:all\s+|the\s+(?:whole\s+|full\s+|entire\s+)?)?(?:history|backlog|topic)\b"
    r"|\bskip\w*\s+(?:the\s+)?(?:backfill|backlog|history"
    r"|existing\s+(?:data|messages|events))\b|\bstart\w*\s+at\s+the\s+(?:end|latest\s+offset)\b"
    # "start at the end of the topic"
    r"(?:\s+of\s+the\s+(?:topic|stream|log))?)" + _NOT_EARLIEST,
    ICASE,
)


# "at-least-once is fine", "exactly-once semantics": the guarantee and its usual words
_GUARANTEE_TAIL = (
    r"(?:\s+(?:delivery|semantics|guarantees?|processing))?(?:\s+(?:is|would\s+be|will\s+be)\s+"
    # ("at-least-once is totally fine": an adverb that only insists)
    r"(?:(?:totally|perfectly|completely|absolutely|quite|really|just|also|more\s+than)\s+)?"
    r"(?:fine|okay|ok|enough|sufficient|acceptable|good\s+enough|required|needed|a\s+must)"
    # ("with exactly-once delivery guaranteed", "at-least-once semantics ensured": the participle
    # that only insists on it)
    r"|\s+(?:guaranteed|ensured|enforced|assured))?"
)
# "publish to x.alerts with at-least-once delivery": the guarantee said with the sink's words
# ("with" read with it, so that the sink's name ends there)
_WITH_GUARANTEE = r"(?:\b(?:with|using)\s+(?:an?\s+)?)?"
EXACTLY_ONCE = re.compile(
    # ("... port.alarms (exactly-once)": the guarantee as an aside, its parentheses with it)
    rf"\(\s*exactly[\s-]+once\b{_GUARANTEE_TAIL}\s*\)|{_WITH_GUARANTEE}\bexactly[\s-]+once\b{_GUARANTEE_TAIL}"
    r"|\beos\b|\btransactional(?:ly)?\b"
    # "each event exactly one time" ("one" is a digit by then)
    r"|\bexactly\s+(?:one|1)\s+time\b"
    # "use Kafka transactions", "enable transactions"
    r"|\b(?:use|using|enable|enabling)\s+(?:the\s+)?(?:kafka(?:'s)?\s+)?"
    r"transactions(?:\s+enabled|\s+on)?\b|\bkafka\s+transactions\b",
    ICASE,
)


# ("alert at most once every 10 minutes per machine", "at most once a day": a rate, no delivery)
AT_MOST_ONCE = re.compile(
    r"\bat[\s-]+most[\s-]+once\b(?!\s+(?:every|each|per|an?|in|within|during)\b)", ICASE
)


_AT_LEAST = rf"{_WITH_GUARANTEE}\bat[\s-]+least[\s-]+once\b{_GUARANTEE_TAIL}"
AT_LEAST_ONCE = re.compile(rf"\(\s*{_AT_LEAST}\s*\)|{_AT_LEAST}", ICASE)


_DUPES_WHERE = (
    r"(?:\s+(?:in\s+the\s+output|downstream|in\s+the\s+(?:sink|target|table|topic)"
    # ("duplicates on replay are acceptable", "dupes after a restart are fine")
    r"|(?:on|after|during)\s+(?:an?\s+|the\s+)?(?:replays?|restarts?|crash(?:es)?|failures?"
    r"|redeploys?|rebalances?)))?"
)
# "we don't need exactly once", "exactly-once isn't required": at least once, said by denial
_EXACTLY = r"exactly[\s-]+once(?:\s+(?:delivery|semantics|guarantees?|processing))?"
# "Delivery must be fast", "the pipeline needs to be quick and reliable", "latency should be
# low": a quality asked of the whole pipeline, said of it (never of records: "orders must be
# fast" is no sentence of this kind)
_WISH_SUBJECT = (
    r"(?:(?:the|this|our)\s+)?(?:delivery|deliveries|processing|pipeline|job|processor|stream"
    r"|streaming|output|outputs|updates?|results?|writes?|ingestion|it|this|everything|latency)"
)
_WISH_QUALITY = (
    r"(?:fast|quick|speedy|snappy|reliable|robust|efficient|scalable|responsive|low[-\s]latency"
    r"|instant(?:aneous)?|immediate)"
)
SPEED_WISH = re.compile(
    rf"\b{_WISH_SUBJECT}\s+(?:must|should|needs?\s+to|has\s+to|have\s+to|is\s+to|ought\s+to)\s+"
    r"be\s+(?:(?:very|really|super|reasonably|pretty|quite|as)\s+)?"
    rf"{_WISH_QUALITY}(?:\s+as\s+possible)?(?:\s*(?:,|and|&)\s+{_WISH_QUALITY})*\b",
    ICASE,
)
NOT_EXACTLY_ONCE = re.compile(
    rf"(?:\b(?:we|i|you)\s+)?\b(?:don't|do\s+not|doesn't|does\s+not|won't|will\s+not)\s+"
    rf"(?:really\s+)?(?:need|require|want|care\s+about)\s+{_EXACTLY}\b"
    rf"|\bno\s+need\s+for\s+{_EXACTLY}\b|\b(?:not|without)\s+{_EXACTLY}\b"
    rf"|\b{_EXACTLY}\s+(?:is\s+not|isn't|is\s+not\s+really|isn't\s+really)\s+"
    r"(?:needed|required|necessary|a\s+requirement)\b"
    # "Exactly-once would be nice but at-least-once is fine": a wish, then what is asked
    rf"|\b{_EXACTLY}\s+(?:would\s+be|is)\s+(?:nice|great|ideal|a\s+bonus|a\s+nice[\s-]to[\s-]have)"
    r"(?:\s+to\s+have)?\s*,?\s*but\s+(?=at[\s-]+least[\s-]+once(?:\s+(?:delivery|semantics))?\s+"
    r"(?:is|would\s+be|will\s+be)\s+(?:totally\s+|perfectly\s+|also\s+)?(?:fine|ok|okay|enough"
    r"|sufficient|acceptable|good\s+enough)\b)"
    # "duplicates in the output are acceptable", "we can live with the odd dupe": what at least
    # once allows, said instead of its name
    r"|\b(?:(?:the\s+)?(?:occasional|odd|some|a\s+few)\s+)?(?:duplicates?|dupes?)"
    rf"{_DUPES_WHERE}\s+(?:are|is)\s+(?:totally\s+|perfectly\s+)?(?:fine|ok|okay|acceptable"
    r"|tolerable|not\s+a\s+problem)\b"
    r"|\b(?:we\s+)?(?:can|could)\s+(?:tolerate|live\s+with|accept)\s+(?:the\s+odd\s+|occasional\s+"
    rf"|some\s+|a\s+few\s+)?(?:duplicates?|dupes?){_DUPES_WHERE}\b",
    ICASE,
)


# "Exactly-once into topic x please, clinicians act on these so no duplicates": after exactly
# once is asked, a bare "so no duplicates" ending its clause says why (read only then)
EXACTLY_ONCE_AGAIN = re.compile(
    r"\bso\s+(?:there\s+(?:must|should)\s+be\s+|we\s+(?:need|want)\s+)?(?:no|zero)\s+"
    # ("payroll reads from there, so no double rows": a repeated output, by its noun)
    r"(?:duplicates|dupes|double\s+(?:rows|records|entries|messages|events|writes|inserts))"
    r"(?:\s*,?\s*please)?(?=\s*(?:[.!;]|$))",
    ICASE,
)


# "we need it exactly-once, no duplicates please", "exactly once - no dupes downstream": a bare
# "no duplicates" said right after the exactly-once delivery, joined by a comma or a dash and
# ending its clause, says it again (read only there: "no duplicates" alone may ask for a dedup)
EXACTLY_ONCE_NO_DUPES = re.compile(
    r"\s*(?:,|-+|\u2013|\u2014|:)\s*(?:so\s+|i\.e\.\s+|meaning\s+|and\s+)?(?:no|zero)\s+"
    r"(?:duplicates|dupes)(?:\s+(?:downstream|in\s+the\s+output|in\s+the\s+(?:sink|topic|table)))?"
    r"(?:\s*,?\s*please)?(?=\s*(?:[.!;)]|$))",
    ICASE,
)


# "We cannot afford duplicates in the alert topic, so exactly-once", "exactly-once: a duplicated
# command is a real risk for the spacecraft", "users complained about double alerts before": why
# exactly once is asked (read only once it is)
_DUPLICATE_THING = (
    r"(?:any\s+|the\s+odd\s+|even\s+one\s+)?(?:duplicates|dupes|duplicated\s+[a-z_]+s)"
    r"(?:\s+(?:in|on|into)\s+(?:the\s+)?(?:[a-z_-]+\s+)?(?:output|table|topic|sink|stream)s?)?"
)
_A_DUPLICATE = r"(?:an?|one|every|each)\s+(?:duplicated?\s+[a-z_]+|duplicate|dupe)"
_HARM = (
    r"(?:a\s+)?(?:real\s+|serious\s+|big\s+|huge\s+)?(?:risk|danger|problem|disaster|hazard"
    r"|safety\s+issue)|(?:dangerous|unacceptable|costly|harmful|not\s+acceptable)"
)
EXACTLY_ONCE_REASON = re.compile(
    # ("Dispatch can't handle duplicates", "the billing job cannot deal with dupes": who reads
    # the output, and what a repeat would do to it)
    r"\b(?:(?:we|i|they|downstream|(?:the\s+|our\s+)?(?:[a-z]+\s+)?[a-z]+)\s+)?"
    r"(?:cannot|can't|can\s+not)\s+(?:afford|accept|tolerate|risk|handle|deal\s+with"
    r"|cope\s+with)\s+"
    rf"{_DUPLICATE_THING}"
    rf"|\b(?:{_A_DUPLICATE}\s+(?:is|would\s+be|could\s+be)|{_DUPLICATE_THING}\s+(?:are|would\s+be"
    rf"|could\s+be))\s+(?:{_HARM})(?:\s+(?:for|to)\s+(?:the\s+|our\s+)?[a-z_-]+)?"
    r"(?=\s*(?:[.!;,]|$))"
    # "Editors complained about double alerts before, so exactly once"
    r"|\b(?:(?:the|our)\s+)?[a-z]+\s+(?:have\s+|had\s+)?complained\s+about\s+(?:double|duplicated?"
    r"|repeated)\s+[a-z_]+(?:\s+(?:before|in\s+the\s+past))?"
    # "we can't double-ban people", "we must never double-charge a customer": the harm a
    # repeated output does
    r"|\b(?:we\s+|i\s+)?(?:cannot|can't|can\s+not|must\s+not|mustn't|should\s+not|shouldn't"
    r"|never)\s+(?:ever\s+)?double[\s-]+[a-z]+(?:\s+(?:an?\s+|the\s+|our\s+|any\s+)?[a-z]+)?"
    r"(?=\s*(?:[.!;,]|$))"
    # "(we bill off this, no double charges)": money taken from the output, and the harm a
    # repeat of it does
    r"|\b(?:we|they|finance|billing|accounts)\s+(?:bill|invoice|charge|pay)(?:\s+(?:customers|clients"
    r"|people|members|owners))?\s+(?:off|from|based\s+on)\s+(?:of\s+)?(?:this|it|that|these|them)\b"
    r"(?=\s*(?:[.!;,)]|$))"
    r"|\bno\s+double[\s-]+(?:charges|charging|billing|bills|payments|bookings|invoices|invoicing"
    r"|counting|alerts|refunds|payouts)\b(?:\s*,?\s*please)?(?=\s*(?:[.!;,)]|$))",
    ICASE,
)


# "no duplicates in the table even if it restarts", "without duplicates after a crash": what
# the outputs must hold across a restart (Kafka outputs need exactly once; ClickHouse inserts
# are deduplicated on replay and Redis writes overwrite their key in either mode)
_RESTART = (
    r"(?:(?:it|the\s+(?:job|processor|pipeline|consumer|service|app))\s+)?(?:restarts?|crash(?:es)?"
    r"|fails?|dies|is\s+restarted|gets\s+restarted|redeploys?|is\s+redeployed|replays?)"
    r"|(?:an?\s+|the\s+)?(?:restarts?|crash(?:es)?|failures?|failovers?|redeploys?|replays?"
    r"|rebalances?)"
)
NO_DUPLICATES = re.compile(
    r"(?:\b(?:mak(?:e|ing)\s+sure|ensur(?:e|ing)|guarantee(?:ing)?)\s+(?:that\s+)?)?"
    r"(?:\b(?:(?:there\s+(?:must|should)\s+be\s+|we\s+(?:want|need)\s+|with\s+)?no|without|never"
    r"(?:\s+any)?)\s+(?:duplicat(?:es?|ed)(?:\s+(?:rows|records|messages|events|outputs?|data"
    r"|writes|inserts))?|double[\s-]+(?:writes|counting|inserts))"
    # "nothing is written twice even if the consumer crashes"
    r"|\b(?:nothing|no\s+(?:record|message|event|row))\s+(?:is\s+|gets\s+|should\s+be\s+"
    r"|must\s+be\s+|will\s+be\s+)?(?:written|processed|sent|delivered|stored|inserted|emitted"
    r"|published)\s+twice)(?:\s+ever)?"  # "no duplicates ever, even after a crash"
    r"(?:\s+(?:in|on|into)\s+(?:the\s+)?(?:output|table|topic|sink|clickhouse|kafka)s?)?,?"
    rf"\s+(?:even\s+)?(?:if|when|after|on|across|through|during)\s+(?:{_RESTART})\b",
    ICASE,
)
IDEMPOTENT = re.compile(
    r"\b(?:with\s+|using\s+|use\s+)?idempotent(?:ly)?(?:\s+(?:writes?|inserts?|producers?|outputs?"
    r"|sinks?|delivery))?\b"
    # "enable idempotence", "acks=all": what every Kafka producer of the processor does
    r"|\b(?:(?:with|enable|enabling|use|using)\s+)?(?:producer\s+)?idempotence(?:\s+(?:on|enabled))?\b"
    r"|\b(?:with\s+)?acks\s*(?:=|:|\s)\s*(?:all|-1)\b",
    ICASE,
)
OTHER_ACKS = re.compile(r"\backs\s*(?:=|:|\s)\s*(?:0|1|none|one|leader)\b", ICASE)


MAX_POLL = re.compile(
    rf"\b(?:max(?:imum)?[\s_.-]*poll[\s_.-]*records|poll(?:ing)?\s+(?:up\s+to|at\s+most)"
    rf"|fetch(?:ing)?\s+(?:up\s+to|at\s+most))\s*(?:=|:|of)?\s*(?P<n>{NUM})"
    r"(?:\s+(?:records|messages|events))?(?:\s+(?:per|a|at\s+a)\s+(?:poll|time|fetch))?"
    # "read up to 500 records per poll": only with "per poll" (else a limit on the whole read)
    rf"|\b(?:read|reading|consume|consuming|take|taking)\s+(?:up\s+to|at\s+most)\s+(?P<n2>{NUM})\s+"
    r"(?:records|messages|events)\s+(?:per|a|each|at\s+a)\s+(?:poll|fetch)\b",
    ICASE,
)


# How the event-time field is written: "as epoch milliseconds", "(unix seconds)", "in ms since
# the epoch", "ISO 8601 strings". A unit-less "unix timestamp" is refused (seconds or ms?).
_EPOCH = r"(?:unix|epoch|posix)(?:\s+(?:epoch|time(?:stamps?)?))?"


def _unit(group: str) -> str:
    return rf"(?P<{group}>seconds?|secs?|s|milli(?:second)?s?|ms|micro(?:second)?s?|us|µs)"


TIME_FORMAT = (
    rf"(?:{_EPOCH}\s*(?:in\s+)?{_unit('unit')}|{_EPOCH}[\s_-]*(?P<unit2>ms|s|us)|{_unit('unit3')}"
    rf"\s+since\s+(?:the\s+)?(?:unix\s+)?epoch|(?P<iso>iso[\s-]?8601)(?:\s+(?:strings?|text|format))?"
    rf"|epoch_(?P<unit4>s|ms|us))(?![\w])"
)
_FORMAT_TAIL = (
    rf"(?:\s*,\s*(?:(?:as|in|given\s+in|stored\s+as)\s+)?|\s*\(\s*|\s+(?:as|in|is|are|being|which\s+(?:is|are)|stored\s+as|given\s+(?:as|in)"
    rf"|written\s+as|holding)\s+)"
    # "(it's epoch milliseconds)", ", its epoch seconds btw": the field's unit said of "it"
    r"(?:(?:it's|it\s+is|its|which's|they're|they\s+are|that's)\s+(?:in\s+)?)?"
    r"(?:(?:with\s+)?(?:the\s+)?(?:format|unit)\s*(?:[:=]\s*|is\s+|of\s+)?)?"
    rf"(?:an?\s+|the\s+)?(?:number\s+of\s+)?{TIME_FORMAT}(?:\s+btw\b)?(?:\s*\))?"
)
_EVENT_TIME_LEAD = r"(?:(?:has|have|with|keeps?|carries|carry)\s+(?:its\s+|their\s+|the\s+)?)?"
EVENT_TIME = [
    re.compile(
        rf"\b{_EVENT_TIME_LEAD}event[\s-]*time(?:stamp)?\s+(?:field|column)\s*(?:is\s+|=\s*|:\s*)?"
        rf"(?P<f>{FIELD})",
        ICASE,
    ),
    re.compile(
        rf"\b(?:using|use|with)\s+(?P<f>{FIELD})(?:{_FORMAT_TAIL})?\s+as\s+(?:the\s+)?"
        r"event[\s-]*time\b"
        # "turn device_ts into the event time", "treat ts as the event time"
        rf"|\b(?:turn|make|treat|set|take)\s+(?P<f3>{FIELD})\s+(?:into|as)\s+(?:the\s+)?"
        r"(?:record's\s+|records'\s+)?event[\s-]*time\b",
        ICASE,
    ),
    re.compile(
        rf"\b{_EVENT_TIME_LEAD}event[\s-]*time(?:stamp)?(?:\s+(?:is\s+)?(?:from|in|given\s+by|taken\s+from|stored\s+in|held\s+in"
        r"|read\s+from|comes\s+from)\s+|\s+is\s+|\s*[:=]\s*)(?:the\s+)?"
        rf"(?:(?:field|column)\s+)?(?!(?:in|an?|the|epoch|unix|posix|iso)\b)(?P<f>{FIELD})"
        # "event time is the ts field in unix milliseconds"
        r"(?:\s+(?:field|column)\b)?",
        ICASE,
    ),
    # "with event time ping_time in unix ms": a snake_case name right after the words
    re.compile(rf"\b{_EVENT_TIME_LEAD}event[\s-]*time\s+(?P<f>[A-Za-z]\w*_\w+)\b", ICASE),
]
# "ping_time is in epoch milliseconds": a field said to hold epoch numbers is the event time.
FIELD_FORMAT = re.compile(
    r"\b(?:the\s+|its\s+|their\s+)?(?:(?P<generic>(?:event[\s-]*)?(?:time(?:stamp)?s?|dates?))\b"
    r"|(?:(?:field|column)\s+)?(?P<f>[A-Za-z_]\w*))\s+(?:(?:field|column)\s+)?(?:is|are"
    r"|holds|contains|carries)\s+(?:in\s+|given\s+in\s+|stored\s+as\s+|written\s+as\s+)?"
    rf"(?:an?\s+)?(?:number\s+of\s+)?{TIME_FORMAT}"
    # "timestamps are ISO 8601 in field recorded_at": the field named too
    rf"(?:\s+(?:in|from)\s+(?:the\s+)?(?:field|column)\s+(?P<f2>{FIELD}))?",
    ICASE,
)
EVENT_TIME_FORMAT = re.compile(_FORMAT_TAIL, ICASE)
EPOCH_NANOS = re.compile(
    rf"\b{_EPOCH}\s+(?:in\s+)?nano(?:second)?s?\b|\bnano(?:second)?s?\s+since\s+(?:the\s+)?(?:unix\s+)?"
    r"epoch\b|\bepoch_ns\b",
    ICASE,
)
# "unix timestamp", "epoch time": numbers, but in which unit?
EPOCH_NO_UNIT = re.compile(
    rf"\b{_EPOCH}\b(?!\s*(?:in\s+)?{_unit('u')}\b|[\s_-]*(?:ms|s|us)\b)", ICASE
)


def time_format(m: re.Match[str]) -> str:
    """The spec's event_time_format for a TIME_FORMAT match."""
    if m.group("iso"):
        return "iso8601"
    unit = next(m.group(g) for g in ("unit", "unit2", "unit3", "unit4") if m.group(g)).lower()
    if unit.startswith("micro") or unit in ("us", "µs"):
        return "epoch_us"
    if unit.startswith("milli") or unit == "ms":
        return "epoch_ms"
    return "epoch_s"


PROCESSING_TIME = re.compile(
    r"\bprocessing[\s-]+time\b|\b(?:kafka|broker)\s+(?:record\s+)?timestamps?\b"
    r"|\bingestion[\s-]+time\b",
    ICASE,
)


# "every 15 minutes using event time": what the windows use anyway, said with no field (the
# event-time field is then the default one, which the assumptions name)
EVENT_TIME_SAID = re.compile(
    r"\b(?:using|use|in|by|on|based\s+on)\s+(?:the\s+)?(?:records'\s+|their\s+|its\s+)?"
    r"event[\s-]*time(?:\s+semantics|\s+of\s+(?:the|each|every|a)\s+[a-z]+)?"
    r"\b(?!\s*(?:field|column|[:=(]|is\b|from\b|of\b)|\s+[A-Za-z]\w*_)",
    ICASE,
)


PIPELINE_NAME = re.compile(
    # ("..., calling it avg_wait": the participle says the same)
    rf"\b(?:call(?:ed|ing)?\s+(?:it|the\s+pipeline|this(?:\s+pipeline)?)"
    rf"|nam(?:e|ing)\s+(?:it|the\s+pipeline)"
    rf"|pipeline\s+(?:name(?:d)?|called)"
    # ("Name: dry_pile_watch" opening a ticket's line: the pipeline's name as a label, written
    # as an identifier, never "Name: Alice" in a signature)
    r"|(?:^|(?<=;\s)|(?<=\n))\s*(?:job\s+)?name(?=\s*[:=]\s*['\"`]?(?-i:[a-z])[\w-]*['\"`]?\s*(?:[;,.\n]|$)))"
    rf"\s*(?:as\s+|=\s*|:\s*)?(?P<n>{NAME})",
    ICASE,
)


# "call it", "name it", "calling it": a name said for "it" (the pipeline or what was just said)
CALL_IT = r"(?i)(?:call(?:ed|ing)?|nam(?:e|ing))\s+it\b"


# "sum amount per category every 5 minutes and call it gmv": the aggregate's name or the
# pipeline's, never silently the pipeline's ("(call it gmv)" right after it is the aggregate's:
# the aggregates reader takes it back)
# ("... from marina.tide_gauge? name it p95_level": a sentence it follows too; a dot inside a
# topic's name ends no sentence)
_AFTER_AGGREGATE = re.compile(
    r"(?P<agg>\b(?:sum|total|count|number|average|avg|mean|min|minimum|max|maximum|median"
    r"|p\d{1,2}|\d{1,2}(?:st|nd|rd|th)\s+percentile|percentile|distinct|unique)\b"
    # ("p95 of x per y every 5 mins (tumbling windows) from topic t, call it p95_x": an
    # aside in brackets between)
    r"(?:[^,;:.!?()=]|\.(?=\w)|\([^()]*\))*?)"
    r"(?P<sep>\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s*[.!?]\s+)$",
    ICASE,
)


# "compute cents = amount * 100, call it amount_cents": "call it" right after arithmetic names
# the computed field or the pipeline? (never silently the pipeline's)
_AFTER_COMPUTED = re.compile(
    r"(?P<expr>\b[A-Za-z_]\w*\s*=\s*[^,;:.!?()=]*?[\w)]\s*[-+*/]\s*[\w(][^,;:!?()=]*?"
    r"|\b[A-Za-z_]\w*\s*[-+*/]\s*[\w(][^,;:!?()=]*?\s+as\s+[A-Za-z_]\w*)"
    r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s*\(\s*)$",
    ICASE,
)


# "..., taking model and depot_code (call it depot)": a name in brackets right after a field a
# lookup's list takes is that field's new name, never the pipeline's (read by the enrichment)
_LOOKUP_FIELD_NAMED = re.compile(
    rf"\b(?:{TAKE_FIELDS_VERB}|fields?|columns?)\b[^.;:!?]*?\b[A-Za-z]\w*\s*\(\s*\Z",
    ICASE,
)


def _in_aggregate_parens(text: str, agg_start: int, end: int) -> bool:
    """Whether the aggregate at `agg_start` and the "call it <name>" ending at `end` stand
    alone in one pair of parentheses ("(sum of liters, call it liters_30m)")."""
    opened, closed = text.rfind("(", 0, agg_start), text.rfind(")", 0, agg_start)
    inside = opened > closed and "(" not in text[agg_start:end] and ")" not in text[agg_start:end]
    return inside and re.match(r"\s*\)", text[end:]) is not None


_AGGREGATE_WORDS = word_set(
    "count counts sum total avg average mean min max median distinct unique n num number"
)


def _names_the_aggregate(name: str, said: re.Match[str]) -> bool:
    """Whether a name after ", call it" is built from the aggregate's words ("count orders per
    customer_id, name it order_count" or "n_orders"): then it may be the aggregate's name."""
    words = set(name.lower().split("_"))
    agg = said.group("agg").lower()
    # "the 95th percentile of response_ms ..., name it p95_ms": p95 is that percentile's word
    nth = {f"p{n}" for n in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)\s+percentile", agg)}
    # "distinct voter_id, call it voters": a plural of a field's part names what is counted
    plurals = {singular(w) for w in words} - words
    if plurals & set(re.findall(r"[a-z0-9]+", agg)):
        return True
    return bool(words & (_AGGREGATE_WORDS | nth | set(re.findall(r"\w+", agg))))


# The function an aggregate's first word says ("95th percentile of x": the quantile 0.95)
_FIRST_FN = {
    "sum": "sum", "total": "sum", "count": "count", "number": "count", "average": "avg",
    "avg": "avg", "mean": "avg", "min": "min", "minimum": "min", "max": "max", "maximum": "max",
}  # fmt: skip


def call_it_names_aggregate(before: str, name: str) -> bool:
    """Whether ", call it <name>" after `before` names the one aggregate said right before it
    by that aggregate's function ("the 95th percentile of core_temp_c per tunnel_id, call it
    p95_core", "average wait_s per ride_id, call it avg_wait"): the column's name then, never
    the pipeline's (the aggregates reader takes it back and lists the reading)."""
    said = _AFTER_AGGREGATE.search(before)
    if said is None or "and" in said.group("sep"):
        return False
    agg = said.group("agg").lower()
    if names_distinct_values(name, agg):
        return True  # "distinct candidate_id ..., name it candidates": what the count counts
    level = re.match(r"p(\d{1,2})\b|(\d{1,2})(?:st|nd|rd|th)\s+percentile|median", agg)
    if level:
        pct = level.group(1) or level.group(2)
        return names_function(name, "quantile", int(pct) / 100 if pct else 0.5)
    fn = _FIRST_FN.get(agg.split()[0])
    return fn is not None and names_function(name, fn)


BATCH = [
    re.compile(
        rf"\b(?:in\s+)?batch(?:es)?\s+of\s+(?:up\s+to\s+|at\s+most\s+)?(?P<n>{NUM})"
        r"(?:\s+(?:rows|records|events|messages|inserts|lines))?",
        ICASE,
    ),
    re.compile(
        rf"\bbatch[\s_-]*(?:size|rows)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<n>{NUM})"
        r"(?:\s+(?:rows|records|events))?",
        ICASE,
    ),
    re.compile(
        rf"\b(?P<n>{NUM})\s*(?:rows|records|events|messages)\s+(?:per|a|each)\s+(?:batch|insert)",
        ICASE,
    ),
]


# "flush ... every 30 seconds or 10000 rows, whichever comes first": both bounds of a batch
_ROWS = r"(?:rows|records|events|messages)"
FLUSH_OR_ROWS = re.compile(
    rf"\b(?:flush(?:ing|es|ed)?\s+)?(?:every|each|after)\s+(?:(?P<d>{DUR1})\s+or\s+(?:every\s+|after\s+)?"
    rf"(?P<n>{NUM})\s+{_ROWS}|(?P<n2>{NUM})\s+{_ROWS}\s+or\s+(?:every\s+|after\s+)?(?P<d2>{DUR1}))"
    r"(?:\s*,?\s*whichever\s+(?:comes|happens|is\s+reached)\s+first)?",
    ICASE,
)


FLUSH = [
    re.compile(
        rf"\bflush(?:ing|es|ed)?\s+(?:at\s+least\s+)?(?:every|each|after|once\s+every)\s+"
        rf"(?P<d>{DUR1})",
        ICASE,
    ),
    re.compile(
        rf"\bflush[\s_-]*(?:interval|period|timeout)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<d>{DUR})",
        ICASE,
    ),
    re.compile(rf"\bevery\s+(?P<d>{DUR1})\s+(?:flush|flushing)", ICASE),
]


PARTITIONS = re.compile(rf"\b(?:with\s+)?(?P<n>{NUM})\s+(?:output\s+)?partitions\b", ICASE)


# Kafka security: a protocol named as Kafka spells it, a SASL mechanism, TLS, a CA file.
_LEAD = (
    r"(?:(?:(?:connect\w*|talk\w*|authenticat\w*|secured?)\s+)?(?:over|via|using|with|through)"
    r"\s+|security[\s_.-]*protocol\s*(?:=|:|is|of)?\s*"
    # "auth is SCRAM-SHA-512 over SASL_SSL", "authentication: SCRAM-SHA-256"
    r"|(?:the\s+)?(?:auth|authentication|login)(?:\s+mechanism)?\s*(?:=|:|is|via|with|using)\s*)?"
)
SECURITY_PROTOCOL = re.compile(
    rf"\b{_LEAD}(?P<p>SASL_SSL|SASL_PLAINTEXT)\b(?:\s+(?:authentication|auth|protocol))?",
    ICASE,
)
SASL_MECHANISM = re.compile(
    rf"\b{_LEAD}(?:sasl(?:[\s/_-]*(?:mechanism\s*(?:=|:|is)?\s*)?)?)?"
    # ("SCRAM 512": only SHA-512 has that number)
    r"(?P<m>SCRAM[\s_-]*(?:SHA[\s_-]*)?(?:256|512)|(?<=sasl )PLAIN|(?<=sasl/)PLAIN|(?<=sasl_)PLAIN"
    r"|(?-i:PLAIN))(?![\w-])(?:\s+(?:authentication|auth|mechanism|login))?",
    ICASE,
)
SASL_ALONE = re.compile(
    rf"\b{_LEAD}sasl(?:[\s/_-]*scram)?(?:\s+(?:authentication|auth))?\b"
    r"|\bscram(?:\s+(?:authentication|auth))?\b",
    ICASE,
)
SECURED_CLUSTER = re.compile(
    r"\b(?:secure|secured|authenticated|encrypted)(?=\s+(?:kafka\s+)?(?:cluster|brokers?)\b)", ICASE
)
TLS = re.compile(rf"\b{_LEAD}(?:TLS|SSL)(?:[\s/]+encryption|\s+encrypted)?\b", ICASE)
_PATH = r"/[^\s,;'\"()\x00]+|[\w.-]+\.(?:pem|crt|cer)\b"
_IS = r"\s*(?:is\s+|at\s+|in\s+|=\s*|:\s*|from\s+)?"
CA_FILE = re.compile(
    r"(?:\(\s*)?\b(?:(?:the|a|with|using|and)\s+)?(?<!['\"`])(?:(?-i:CA)|certificate\s+authority)"
    rf"(?:\s+(?:file|cert(?:ificate)?|bundle|pem){_IS}(?P<f>{QUOTED}|{_PATH})|{_IS}(?P<f2>{_PATH}))"
    r"(?:\s*\))?",
    ICASE,
)

# A field's type as written after its name: "amount float", "amount: float", "amount (float)".
_TYPE = "|".join(sorted(COLUMN_TYPES, key=len, reverse=True))
_TYPED = rf"(?:\s*:\s*|\s+)(?:{_TYPE})\b|\s*\(\s*(?:{_TYPE})\s*\)"
_ITEM = rf"[A-Za-z_]\w*(?:{_TYPED})?"
_TYPED_ITEM = rf"[A-Za-z_]\w*(?:{_TYPED})"
# between typed items: a comma, or "and" ("germinated (int) and sown_at (timestamp)")
_TYPED_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
# "paid_at (timestamp, the event time)": a field of the typed list said to be the event time
_ET_MARK = r"\s*[,;]\s*(?:the\s+|our\s+|its\s+)?event[\s-]*time(?:stamp)?(?:\s+field)?"
_TYPED_ITEM_ET = rf"[A-Za-z_]\w*(?:{_TYPED}|\s*\(\s*(?:{_TYPE}){_ET_MARK}\s*\))"
ET_ITEM = re.compile(rf"(?P<n>[A-Za-z_]\w*)\s*\(\s*(?P<t>{_TYPE}){_ET_MARK}\s*\)", ICASE)
# "topic 'page-views' (page_url, user_id, viewed_at)", "(visit_id string, fee float)": the
# fields of the records, listed, typed or not.
# ("publishes telemetry to forklift.telemetry (forklift_id, ...)", "lands in x.y (a, b)": a
# dotted or hyphenated name a producer writes to is a topic too; never after "from", where a
# join's other side may be named)
DECLARED_FIELDS = re.compile(
    rf"(?:(?<=\btopic\s)\s*(?P<t>{NAME})|(?:(?<=\bto\s)|(?<=\bin\s)|(?<=\bon\s)"
    r"|(?<=\binto\s)|(?<=\bonto\s))(?P<t2>[A-Za-z][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)+))"
    # (never a chat's aside: "double-posting orders onto x (ugh, retries)")
    rf"(?!\s*\(\s*{_INTERJECTION_WORDS}\s*[!.?]*\s*,)"
    rf"\s*(?P<list>\(\s*{_ITEM}(?:\s*,\s*(?:and\s+)?{_ITEM}){{1,40}}\s*\))",
    ICASE,
)
# "with fields visit_id (string), fee (float)", "schema: a int, b text": every field typed.
TYPED_FIELDS = re.compile(
    r"(?:(?:\bwith\s+|,\s*)?\b(?:the\s+)?(?:records?\s+)?(?:fields?|columns?|schema)\s*(?::|=|are\b)?"
    # "Topic lab-results has result_id: string, ...", "each record has refund_id (text), ..."
    r"|\b(?:has|have|carries|contains)(?:\s+the)?(?:\s+fields?)?"
    # "Read topic harbour-moves: vessel_id (string), tonnage (int), ..."
    r"|(?<=[A-Za-z0-9`'\"]):)\s*"
    rf"(?P<list>{_TYPED_ITEM_ET}(?:{_TYPED_SEP}{_TYPED_ITEM_ET}){{1,40}})",
    ICASE,
)
# "(topic deliveries: parcel_id string, delivered_at timestamp)": a topic and its typed fields
TOPIC_COLON_FIELDS = re.compile(
    rf"(?<=\()\s*(?:kafka\s+)?topic\s+(?P<t>{NAME}?)\s*:\s*"
    rf"(?P<list>{_TYPED_ITEM}(?:\s*,\s*(?:and\s+)?{_TYPED_ITEM}){{0,40}})\s*(?=\))",
    ICASE,
)
# "join x with rider-pings (fields rider_id, lat, lon, ts)": a named stream's fields, typed or
# not, in parentheses after its name
# ("(about 1 message a second, fields a, b and c, where c is epoch milliseconds)": after a rate
# read as context, and before a clause of its own about one of them)
TOPIC_PAREN_FIELDS = re.compile(
    r"(?<![\w.-])(?P<t>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)[\"'`]?\s*\(\s*(?:\x00[\x00\s]*[,;]\s*)?"
    r"(?:with\s+)?(?:the\s+)?(?:fields?|columns?)\s*:?\s*"
    rf"(?P<list>{_ITEM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_ITEM}){{1,40}})"
    r"\s*(?:\)|(?=,\s*(?:where|with|and\s+where)\s))",
    ICASE,
)
# "driver-accepts records have request_id (string), driver_id (string)": a stream's fields
RECORDS_HAVE = re.compile(
    r"""(?:\b(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?)(?P<t>'[^'\s\x00]+'|"[^"\s\x00]+"|`[^`\s\x00]+`"""
    # a plain word too: "conversions records have ..." (a join claims it, else the source's)
    r"|[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+"
    r"|(?!(?:the|these|those|all|our|its|their|input|source|incoming|kafka|topic|its)\b)[A-Za-z]\w{2,})"
    r"\s+(?:records|events|messages)\s+(?:have|has"
    r"|carry|contain)\s+(?:the\s+)?(?:fields?\s+)?"
    rf"(?P<list>{_TYPED_ITEM}(?:{_TYPED_SEP}{_TYPED_ITEM}){{0,40}})",
    ICASE,
)
# "Topic nursery-trays carries tray_id (string), germinated (int) and sown_at (timestamp)": a
# topic said to carry typed fields (two or more, every one typed)
TOPIC_CARRIES = re.compile(
    rf"\b(?:kafka\s+)?topic\s+(?P<t>{NAME})\s+(?P<v>(?:carries|contains|holds|has)\s+(?:the\s+)?"
    rf"(?:fields?\s+)?)(?P<list>{_TYPED_ITEM}(?:{_TYPED_SEP}{_TYPED_ITEM}){{1,40}})",
    ICASE,
)
_DATABASE_WORDS = re.compile(r"\b(?:debezium|cdc|postgres\w*|mysql|mariadb)\b", ICASE)
_ITEM_PARTS = re.compile(rf"(?P<n>[A-Za-z_]\w*)(?:\s*:\s*|\s+|\s*\(\s*)?(?P<t>{_TYPE})?\b", ICASE)


# "connect over TLS ... to topic X": X is where records come from, not an output topic.
CONNECT_TO = re.compile(
    r"\bconnect(?:s|ing|ed)?\b(?P<mid>(?:[^,;.\x00]|\.(?=\S)){0,80}?)\bto\s+"
    r"(?=(?:the\s+)?(?:kafka\s+)?topics?\b)",
    ICASE,
)


# A Redis lookup said before in the same sentence: "enrich from Redis key sku:{sku} with fields
# storage_temp (string) and hazard_class (string)" lists the lookup's fields, not the input's.
_LOOKUP_BEFORE = re.compile(
    r"\b(?:enrich\w*|look(?:s|ing)?\s+up|lookup)\b[^.;]*\bredis\b[^.;]*$"
    r"|\bredis\b[^.;]*\b(?:enrich\w*|look(?:s|ing)?\s+up|lookup)\b[^.;]*$",
    ICASE,
)


def _in_lookup(s: str, pos: int) -> bool:
    return _LOOKUP_BEFORE.search(s, max(0, pos - 300), pos) is not None


def _declared(text: str) -> list[tuple[str, str | None]]:
    """The (name, type or None) of a listed field spec: "a int, b (string), c"."""
    out = []
    text = re.sub(rf"{_ET_MARK}(?=\s*\))", "", text, flags=ICASE)  # (read by `ET_ITEM`)
    for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text.strip("() ")):
        part = _ITEM_PARTS.match(item)
        if part is None or part.group("n").lower() == "and":
            continue
        kind = part.group("t")
        out.append((part.group("n"), COLUMN_TYPES[kind.lower()] if kind else None))
    return out


class SettingsRecogniser(SchemaResolver):
    def _topic_fields(self) -> None:
        """Typed fields said of one named stream, which may be a join's other side: "(topic
        deliveries: parcel_id string, ...)", "driver-accepts records have request_id (string),
        ...", "topic authors-table (author_id string, ...)" (a join claims them: see
        `claim_declared_fields`)."""
        patterns = (TOPIC_COLON_FIELDS, RECORDS_HAVE, DECLARED_FIELDS, TOPIC_PAREN_FIELDS)
        for pattern in (*patterns, TOPIC_CARRIES):
            for m in list(pattern.finditer(self.s)):
                topic = unquote(m.group("t") or m.groupdict().get("t2") or "")[0]
                if pattern is DECLARED_FIELDS and not re.search(_TYPED, m.group("list"), ICASE):
                    continue  # untyped: the source's fields (read below)
                if topic in self.topic_fields:
                    raise RequestNotUnderstood(f"the fields of {topic!r} are listed twice")
                declared = _declared(m.group("list"))
                self._inexact_types(m.group("list"))
                self.topic_fields[topic] = (
                    [n for n, _k in declared],
                    {n: k for n, k in declared if k},
                )
                if pattern is TOPIC_PAREN_FIELDS:  # the name stays for the join or source
                    # (a closing quote too: '"bike-power" (fields ...)')
                    self.mask(self.s.index("(", m.end("t")), m.end())
                    continue
                if pattern is TOPIC_CARRIES:  # (the same)
                    self.mask(m.start("v"), m.end("list"))
                    continue
                self.mask(m.start("list") if pattern is DECLARED_FIELDS else m.start(),
                          m.end("list") + (pattern is TOPIC_COLON_FIELDS))  # fmt: skip

    def _inexact_types(self, listed: str) -> None:
        """'amount (decimal)': the spec has no exact decimal type; the float it becomes is said."""
        for m in re.finditer(r"\b(?:decimal|numeric|money)\b(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?",
                             listed, ICASE):  # fmt: skip
            note = (
                f"type {m.group(0)!r} read as float: the spec has no exact decimal type, so the "
                "values are binary floating point and may round in their last decimal places"
            )
            if note not in self.assumptions:
                self.assumptions.append(note)

    def extract_settings(self) -> None:
        m = self.take(BROKERS)
        if m:
            self._brokers_side(m)
            parts = re.split(r"\s*(?:,|\band\b)\s*", m.group("list"))
            self.brokers = ",".join(p.rstrip(".") for p in parts if p)
            again = BROKERS.search(self.s)
            if again:  # "read from cluster a:9092 ... write to cluster b:9092"
                raise RequestNotUnderstood(
                    f"two Kafka clusters ({m.group(0).strip()!r} and {again.group(0).strip()!r}): "
                    "the processor reads and writes one cluster; name its brokers once"
                )
        self.extract_security()
        self._topic_fields()
        m = DECLARED_FIELDS.search(self.s)
        if m is None and not self.topic_fields and not _DATABASE_WORDS.search(self.s):
            # (a CDC table's columns are its own; a Redis lookup's typed fields are its own)
            m = next(
                (t for t in TYPED_FIELDS.finditer(self.s) if not _in_lookup(self.s, t.start())),
                None,
            )
        if m:
            # a match's pattern is the compiled one, never the lazy one: compare texts
            declared = m.re.pattern == DECLARED_FIELDS.pattern
            self.declared_topic = unquote(m.group("t") or m.group("t2"))[0] if declared else None
            self._inexact_types(m.group("list"))
            marked = list(ET_ITEM.finditer(m.group("list")))
            if len(marked) > 1 or any(
                COLUMN_TYPES.get(" ".join(e.group("t").lower().split())) != "timestamp"
                for e in marked
            ):
                raise RequestNotUnderstood(
                    f"{', '.join(e.group(0) for e in marked)}: the event time is one field "
                    'holding a time, e.g. "paid_at (timestamp, the event time)"'
                )
            if marked:  # "paid_at (timestamp, the event time)"
                self.event_time, self.event_time_set = marked[0].group("n"), True
            for name, kind in _declared(m.group("list")):
                self.declared.append(name)
                if kind:
                    self.declared_types[name] = kind
            start = m.start("list") if declared else m.start()
            self.mask(start, m.end("list"))
        elif self.topic_fields:  # the first topic's fields are the records', until a join
            self.declared_topic, (names, types) = next(iter(self.topic_fields.items()))
            self.declared, self.declared_types = list(names), dict(types)
        m = self.take(GROUP)
        if m:
            self.group_id = unquote(m.group("name"))[0]
        self._read_offset()
        most = AT_MOST_ONCE.search(self.s)
        if most:  # "at-most-once": never read as a topic name or skipped
            raise RequestNotUnderstood(
                f"{most.group(0)!r} delivery is not supported: the processor commits offsets "
                "after writing (at least once), or writes exactly once with Kafka transactions; "
                "say 'at least once' or 'exactly once'"
            )
        denied = self.take(NOT_EXACTLY_ONCE)
        if denied:
            self.delivery = "at_least_once"
            self.take(AT_LEAST_ONCE)
            said = EXACTLY_ONCE.search(self.s)
            if said:
                raise RequestNotUnderstood(
                    f"contradictory request: {denied.group(0)!r} and {said.group(0)!r}; say "
                    "'exactly once' or 'at least once'"
                )
        elif once := self.take(EXACTLY_ONCE):
            self.delivery = "exactly_once"
            least = AT_LEAST_ONCE.search(self.s)
            if least:
                raise RequestNotUnderstood(
                    f"contradictory request: exactly once and {least.group(0)!r}; say one"
                )
            again = self.take(EXACTLY_ONCE_AGAIN) or self._no_duplicates_after(once.end())
            if again:
                self.assumptions.append(
                    f"read {' '.join(again.group(0).strip(' ,:-').split())!r} as the exactly-once "
                    "delivery said "
                    "again (no output written twice), not as a dedup of the input records"
                )
            reason = self.take(EXACTLY_ONCE_REASON)
            # ("we bill off this, no double charges": two reasons said together)
            while reason and self.take(EXACTLY_ONCE_REASON):
                pass
            if reason:
                self.assumptions.append(
                    f"read {' '.join(reason.group(0).split())!r} as the reason exactly-once "
                    "delivery is asked (no output written twice), not as a dedup of the input "
                    "records"
                )
        elif self.take(AT_LEAST_ONCE):
            self.delivery = "at_least_once"
        m = self.take(NO_DUPLICATES)
        if m:
            self.no_duplicates = m.group(0)
        for m in list(SPEED_WISH.finditer(self.s)):
            # "Delivery must be fast": a wish no setting holds; its words are all filler, so
            # it is listed rather than dropped unsaid
            if "\x00" in m.group(0):
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{' '.join(m.group(0).split())!r} is a wish no setting of the spec holds: "
                "the processor handles each record as it arrives (no latency or throughput "
                f"target is set; delivery is {(self.delivery or 'at_least_once').replace('_', ' ')}"
                "); tune batch_rows and flush_interval_ms in the spec file if needed"
            )
        acks = OTHER_ACKS.search(self.s)
        if acks:
            raise RequestNotUnderstood(
                f"{acks.group(0)!r}: the processor's Kafka producers always wait for every "
                "in-sync replica (acks=all), so that no acknowledged output is lost"
            )
        m = self.take(IDEMPOTENT)
        if m:
            self.assumptions.append(
                f"{m.group(0).strip()!r}: every write is idempotent in either delivery mode "
                "(Kafka producers with idempotence, ClickHouse inserts deduplicated on replay, "
                "Redis writes overwriting their key); a replay after a crash may still repeat "
                "Kafka outputs unless delivery is exactly once"
            )
        m = self.take(MAX_POLL)
        if m:
            self.max_poll = int(number(m.group("n") or m.group("n2")))
        nano = EPOCH_NANOS.search(self.s)
        if nano:
            raise RequestNotUnderstood(
                f"{nano.group(0)!r}: the event time can be epoch seconds, milliseconds or "
                "microseconds, or ISO 8601 text; nanoseconds are not read"
            )
        for pattern in EVENT_TIME:
            m = self.take(pattern)
            if m:
                field = m.group("f") or m.group("f3") if "f3" in m.re.groupindex else m["f"]
                self.event_time, self.event_time_set = unquote(field)[0], True
                fm = EVENT_TIME_FORMAT.match(self.s, m.end())
                if any(m.groupdict().get(g) for g in ("unit", "unit2", "unit3", "unit4", "iso")):
                    self.event_time_format = time_format(m)  # "use ts (epoch ms) as event time"
                elif fm:  # "event time in field ping_time as epoch milliseconds"
                    self.event_time_format = time_format(fm)
                    self.mask(fm.start(), fm.end())
                else:
                    self.refuse_unitless_epoch(m.end())
                break
        else:
            m = FIELD_FORMAT.search(self.s)
            if m and m.group("generic") and m.group("f2"):  # "... are ISO 8601 in field x"
                self.event_time, self.event_time_set = unquote(m.group("f2"))[0], True
                self.event_time_format = time_format(m)
                self.mask(m.start(), m.end())
            elif m and m.group("generic"):  # "timestamps are epoch seconds": the event time's unit
                self.event_time_format = time_format(m)
                self.mask(m.start(), m.end())
                self.assumptions.append(
                    f"{m.group(0)!r} read as the unit of the event-time field "
                    f"({self.event_time_format})"
                )
            elif m and m.group("f").lower() not in STOP:
                self.event_time, self.event_time_set = m.group("f"), True
                self.event_time_format = time_format(m)
                self.mask(m.start(), m.end())
                self.assumptions.append(
                    f"{m.group('f')!r} read as the event-time field: the request says it holds "
                    f"{self.event_time_format} time"
                )
            elif self.take(PROCESSING_TIME):
                self.event_time, self.event_time_set = None, True
            else:
                self.take(EVENT_TIME_SAID)
        m = PIPELINE_NAME.search(self.s)
        if m and _LOOKUP_FIELD_NAMED.search(self.text[: m.start()]):
            m = None  # "taking model and depot_code (call it depot)": the field's new name
        if m:
            self.mask(m.start(), m.end())
            self.name = unquote(m.group("n"))[0]
            more = re.match(r"\s+([A-Za-z]\w*)\s*(?:[,;.!)]|$)", self.s[m.end() :])
            if more and more.group(1).lower() not in STOP | NAME_STOP | {"thanks", "pls"}:
                # "call it big orders": a name of two words, never its first word alone
                words = " ".join(self.text[m.start() : m.end() + more.end(1)].split())
                raise RequestNotUnderstood(
                    f"{words!r}: a pipeline's name is one word of letters, digits and '_'; "
                    f'write it as one ("call it {self.name}_{more.group(1)}")'
                )
            said = _AFTER_AGGREGATE.search(self.text[: m.start()])
            if (
                said
                and "and" not in said.group("sep")
                and not _names_the_aggregate(self.name, said)
            ):
                said = None  # "count views per page_id, call it view_counter": the pipeline's
            if said and used_as_metric(self.text, self.name, m.end()):
                said = None  # "..., call it arrivals, top 5 by arrivals": the aggregate's name
            if said and call_it_names_aggregate(self.text[: m.start()], self.name):
                said = None  # "p95 of x per y, call it p95_x": the aggregate's name (its function)
            if said and _in_aggregate_parens(self.text, said.start("agg"), m.end()):
                said = None  # "(sum of liters, call it liters_30m)": the aggregate's (aggregates)
            computed = _AFTER_COMPUTED.search(self.text[: m.start()])
            if computed and re.match(CALL_IT, m.group(0)):
                raise RequestNotUnderstood(
                    f"{m.group(0).strip()!r} right after {computed.group('expr').strip()!r}: "
                    "the name of that computed field or of the pipeline? Name the field where it "
                    'is computed (e.g. "compute total = price * quantity"), or write "name the '
                    f'pipeline {self.name}"'
                )
            if re.match(CALL_IT, m.group(0)):
                self.name_by_it = " ".join(m.group(0).split()).rstrip(".,;:!?")
            if said and re.match(CALL_IT, m.group(0)):
                raise RequestNotUnderstood(
                    f"{m.group(0).strip()!r} right after "
                    f"{said.group('agg').strip()!r}: the name of that aggregate or of the "
                    f"pipeline? Put 'as {self.name}' right after the aggregate to name it (e.g. "
                    '"sum of amount as gmv per category every 5 minutes"), or write "name the '
                    f'pipeline {self.name}"'
                )
        m = self.take(FLUSH_OR_ROWS)
        if m:  # "every 30 seconds or 10000 rows (whichever comes first)"
            self.flush_ms = dur_ms(m.group("d") or m.group("d2"))
            self.batch_rows = int(number(m.group("n") or m.group("n2")))
        for pattern in BATCH if m is None else []:
            m = self.take(pattern)
            if m:
                self.batch_rows = int(number(m.group("n")))
                break
        for pattern in FLUSH:
            m = self.take(pattern)
            if m:
                self.flush_ms = dur_ms(m.group("d"))
                break
        m = self.take(PARTITIONS)
        if m:
            self.partitions = int(number(m.group("n")))
            self.partitions_said = (m.start(), m.group(0).strip())
            if self.partitions < 1:  # "with 0 partitions" fell back to the default 3
                raise RequestNotUnderstood(
                    f"{m.group(0).strip()!r}: a Kafka topic has at least 1 partition"
                )

    def _no_duplicates_after(self, pos: int) -> re.Match[str] | None:
        """'no duplicates' said right after the exactly-once delivery ending at `pos`
        (EXACTLY_ONCE_NO_DUPES), masked; None when it is not there."""
        m = EXACTLY_ONCE_NO_DUPES.match(self.s, pos)
        if m:
            self.mask(m.start(), m.end())
        return m

    def _read_offset(self) -> None:
        # ("only new messages, no backfill", "Replay the whole history of x from the earliest
        # offset": several words for one end, all read)
        latest, earliest = self.take_all(LATEST), self.take_all(EARLIEST)
        if latest and earliest:  # "replay the whole history from the latest offset"
            raise RequestNotUnderstood(
                f"{earliest[0].group(0)!r} and {latest[0].group(0)!r} name both ends of the "
                "topic: say where reading starts, from the earliest offset (the whole history) "
                "or from the latest offset (only new records)"
            )
        if latest or earliest:
            self.offset = "latest" if latest else "earliest"

    def _brokers_side(self, m: re.Match[str]) -> None:
        """ "read topic x from brokers a:9092" and a sentence of its own ("bootstrap a:9092")
        name the cluster of the whole pipeline; said of an output ("write to topic y on brokers
        b:9092") or of a ClickHouse or Redis store, they are refused: the processor reads and
        writes one Kafka cluster, and the spec holds no other store's host."""
        before = self.text[max(0, m.start() - 160) : m.start()]
        before = re.split(r"[.;!?](?:\s|$)|\n", before)[-1]
        store = STORE_CUE.search(before)
        words = m.group(0).strip()
        if store and not re.match(r"(?i)kafka|brokers?|bootstrap", words):
            raise RequestNotUnderstood(
                f"{' '.join(store.group(0).split())} {words!r}: the spec holds no ClickHouse or Redis host; the "
                "processor takes it at run time (--clickhouse-dsn, --redis-url)"
            )
        cues = list(SIDE_CUE.finditer(before))
        both = re.search(
            r"\b(?:both|all|everything)\s+(?:(?:on|at|in|via|using)\s+)?(?:the\s+)?$", before, ICASE
        )
        if cues and cues[-1].group("sink") and not both:  # ("..., both on the cluster at x")
            raise RequestNotUnderstood(
                f"{words!r} is said of the output ({before[cues[-1].start():].strip()!r}): the "
                "processor reads and writes one Kafka cluster, so its brokers are the source's; "
                'say them of the source ("read topic x from brokers host:9092") or on their '
                'own ("Kafka brokers: host:9092")'
            )

    def refuse_unitless_epoch(self, pos: int) -> None:
        """ "event time ts as a unix timestamp": epoch numbers, but seconds or milliseconds?"""
        m = re.compile(
            r"(?:\s*,\s*(?:(?:as|in)\s+)?|\s*\(\s*|\s+(?:as|in|is|are|which\s+(?:is|are))\s+)(?:an?\s+|the\s+)?"
            rf"{_EPOCH}\b",
            ICASE,
        ).match(self.s, pos)
        if m and EPOCH_NO_UNIT.search(self.s, m.start(), m.end() + 12):
            raise RequestNotUnderstood(
                f"event time {self.event_time!r}{self.text[pos:m.end()]!s}: say the unit, e.g. "
                '"as epoch milliseconds" (or seconds, microseconds)'
            )

    def extract_security(self) -> None:
        """SASL_SSL / SASL_PLAINTEXT, a SASL mechanism (PLAIN, SCRAM-SHA-256/512), TLS, a CA
        file. A SASL login without a mechanism, or SASL without saying TLS or not, is refused
        or assumed out loud; credentials never reach here (scope refuses them)."""
        protocol = mechanism = None
        m = CONNECT_TO.search(self.s)
        if m:
            self.mask(m.start(), m.start("mid"))
            self.mask(m.end("mid"), m.end())
        m = self.take(SECURITY_PROTOCOL)
        if m:
            protocol = m.group("p").upper()
        m = self.take(SASL_MECHANISM)
        if m:
            word = re.sub(r"[\s_-]+", "-", m.group("m").upper())
            word = re.sub(r"^SCRAM-(?=\d)", "SCRAM-SHA-", word)  # "SCRAM 512"
            mechanism = "PLAIN" if word == "PLAIN" else word.replace("SCRAM-SHA-", "SCRAM-SHA-")
        sasl_words = self.take(SASL_ALONE)
        m = self.take(CA_FILE)
        if m:
            self.ssl_cafile = unquote(m.group("f") or m.group("f2"))[0]
        tls = bool(self.take(TLS)) or self.ssl_cafile is not None
        sasl = (
            mechanism is not None or sasl_words is not None or (protocol or "").startswith("SASL")
        )
        if sasl and mechanism is None:
            raise RequestNotUnderstood(
                'Kafka SASL: name the mechanism, e.g. "SASL_SSL with SCRAM-SHA-512" (PLAIN, '
                "SCRAM-SHA-256 or SCRAM-SHA-512); the processor reads the username and password "
                "from KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"
            )
        if protocol is None and sasl:
            protocol = "SASL_SSL"
            if not tls:
                self.assumptions.append(
                    "Kafka SASL without TLS or plaintext named: SASL_SSL (SASL over TLS) "
                    "assumed; say SASL_PLAINTEXT for SASL without TLS"
                )
        elif protocol is None and tls:
            protocol = "SSL"
        if protocol == "SASL_PLAINTEXT" and self.ssl_cafile is not None:
            raise RequestNotUnderstood(
                "Kafka security: a CA file is for TLS, but SASL_PLAINTEXT is without TLS; say "
                "SASL_SSL"
            )
        if protocol is not None:
            # "from our secured cluster (SASL_SSL with SCRAM-SHA-512)": the cluster's security,
            # said here; without a protocol named the word stays unread (refused)
            for m in list(SECURED_CLUSTER.finditer(self.s)):
                self.mask(m.start(), m.end())
        self.security_protocol = protocol
        self.sasl_mechanism = mechanism
