"""Recogniser: sinks (ClickHouse tables with engine, ORDER BY and partitioning; Kafka topics;
Redis; stdout)."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from . import lazy_re as re
from .enrich import miss_route_spans
from .fields import SchemaResolver
from .join_verbs import CONNECTOR_TABLE_TOPIC
from .lexicon import (
    COLUMN_TYPES,
    CONNECTOR_VERBS,
    FIELD,
    FIELD_RE,
    ID_FIELDS,
    MASK,
    NAME,
    NAME_RE,
    NAME_STOP,
    NAMED_TOPIC,
    PLACE_QUALIFIERS,
    PREFIX_JOIN,
    QUOTED,
    read_list,
    refuse_nameless_prefix,
    singular,
    unquote,
    word_set,
)
from .projection import KEEP_WRITTEN
from .quantities import DUR, ICASE, WN, dur_ms, duration_label, number
from .scope import clause_around
from .sessions import ONE_ROW_PER_SESSION, SESSIONS_SAID, one_row_per_session
from .source_descriptions import (
    compound_topic_word,
    description_word,
    mode_part,
    topic_name_words,
)
from .state import Sink

CH = r"click\s*-?\s*house"


CH_WORD = re.compile(rf"\b{CH}\b", ICASE)


DOTTED = r"(?:[A-Za-z_]\w*\.[A-Za-z_]\w*)"


# Words that follow "the table" in prose, never its name ("deleted rows stay in the table as
# soft deletes": the words go on about the rows, not where they land; "... isn't in the table
# yet")
_NOT_A_TABLE = (
    r"(?!(?:as|at|with|and|or|but|for|to|in|on|of|is|are|was|were|be|so|when|where|if|by|from"
    r"|should|must|will|would|can|too|until|unless|after|before|forever|instead|because|that"
    r"|which|then|while|itself|again|anyway|yet|still|already|anymore|either|though)\b)"
)


CH_TABLE = [
    re.compile(
        # ("stored in ClickHouse (table billing.invoice_events)": in parentheses)
        rf"\b{CH}\s*(?:[,:]?\s+|(?P<po>\()\s*)(?:(?:data\s+)?warehouse\s+|analytics\s+|dwh\s+)?"
        rf"table\s+(?:named\s+|called\s+)?(?P<t>{NAME})(?(po)\s*\))",
        ICASE,
    ),
    re.compile(
        # (never a plain word after it: "deleted rows stay in the table as soft deletes")
        rf"\b(?:into|to|in)\s+(?:the\s+|a\s+)?table\s+{_NOT_A_TABLE}(?P<t>{NAME})"
        rf"(?:\s+(?:in|on|of)\s+{CH})?",
        ICASE,
    ),
    re.compile(rf"\btable\s+(?P<t>{NAME})\s+(?:in|on|of)\s+{CH}", ICASE),
    re.compile(
        rf"\b(?:into|to|in)\s+(?:the\s+)?(?P<t>{QUOTED}|[A-Za-z_]\w*[._]\w[\w.]*)\s+(?:table\s+)?"
        rf"(?:in|on)\s+{CH}",
        ICASE,
    ),
    # "to ClickHouse retail.order_lines.", "ClickHouse: ads.clicks", "(ClickHouse at web.hits)",
    # "saved to ClickHouse in bi.hourly" (a db.table after "in")
    re.compile(
        rf"\b{CH}\s*(?:[:(]\s*|\s+(?:as|at|in)\s+)?(?P<t>{QUOTED}|{DOTTED})(?!\w|\.\w)\)?",
        ICASE,
    ),
    # "Store the sessions in ClickHouse, coast.battery_sessions, so ...": the name set off by
    # commas (one name alone: "clickhouse, ops.alerts and stdout" may list another sink)
    re.compile(rf"\b{CH},\s*(?P<t>{QUOTED}|{DOTTED})(?=\s*(?:[,;]|\.(?!\w)|$))", ICASE),
    re.compile(rf"\b(?:the\s+)?(?P<t>{QUOTED}|[A-Za-z_]\w*[._]\w[\w.]*)\s+{CH}\s+table", ICASE),
    # "write hr.swaps in ClickHouse": a db.table, then the store
    re.compile(rf"\b(?P<t>{DOTTED})\s+(?:in|on)\s+{CH}\b", ICASE),
    # "Target table: ops.doors (ClickHouse)": the store in parentheses after the name
    re.compile(rf"\b(?P<t>{DOTTED})\s*\(\s*{CH}\s*\)", ICASE),
]


# "into the warehouse table fin.payments" with no store named: a ClickHouse table (listed).
WAREHOUSE_TABLE = re.compile(
    r"\b(?:into|to|in)\s+(?:the\s+|our\s+)?(?P<w>(?:data\s+)?(?:warehouse|dwh)\s+table)\s+"
    rf"(?P<t>{DOTTED})(?![\w.-])",
    ICASE,
)


CH_DB = [
    re.compile(
        # ("ClickHouse in the database learning, table study_sessions", "clickhouse; database
        # apiary, table weights", "Target ClickHouse database: stage_copy": a colon after the word)
        rf"\b{CH}(?:\s*[,;:\u2013\u2014-]\s*|\s+)(?:(?:in|into)\s+the\s+)?(?:database|db|schema)"
        rf"(?:\s*[:=]\s*|\s+)(?P<d>{NAME})"
        # ("..., as table crew_duties": the table the rows land in)
        # (never past the sentence's end: "... database coop_audit. Table columns: a int, ...")
        rf"(?:(?<!\.)\s*,?\s+(?:and\s+|in\s+|as\s+)?(?:the\s+)?table\s+(?!colu?mns?\b)(?P<t>{NAME}))?",
        ICASE,
    ),
    # "ClickHouse (database ops, table doors)", "ClickHouse (db: ops, table: doors)", "into
    # ClickHouse (database ops_raw) via ...": the database alone
    re.compile(
        rf"\b{CH}\s*\(\s*(?:database|db|schema)\s*[:=]?\s*(?P<d>{NAME})(?:\s*[,;]\s*(?:and\s+)?"
        rf"table\s*[:=]?\s*(?P<t>{NAME}))?\s*\)",
        ICASE,
    ),
    # (never the source's: "the MySQL table x (...) from database saleroom in ClickHouse")
    re.compile(rf"(?<!\bfrom\s)\b(?:database|db)\s+(?P<d>{NAME})\s+(?:in|on)\s+{CH}", ICASE),
    re.compile(
        rf"\b(?:into|to|in)\s+(?:the\s+)?(?P<d>{NAME})\s+(?:database|db)\s+(?:in|on|of)\s+{CH}",
        ICASE,
    ),
    # "land it in ClickHouse in the rink_bookings database": the database after the store
    # (a name with '_' or a digit: "in the same database" names none)
    re.compile(
        rf"\b{CH}\s+(?:in|into|under)\s+(?:the\s+|our\s+)?(?P<d>[A-Za-z]\w*[_\d]\w*)\s+"
        r"(?:database|db|schema)\b",
        ICASE,
    ),
]


# "table big in database sales", "table big in the sales database", "table big (database
# sales)": the database said after the table (unread, "in database" was filler and a domain word
# such as "sales" counted as read: the table went to the default database)
CH_DB_AFTER = re.compile(
    rf"\A(?:\s+(?:in|on|of|inside|within)\s+(?:the\s+)?(?:(?:database|db)\s+(?P<d>{NAME})"
    rf"|(?P<d2>{NAME})\s+(?:database|db)\b)|\s*\(\s*(?:in\s+)?(?:the\s+)?(?:database|db)\s*"
    rf"[:=]?\s*(?P<d3>{NAME})\s*\))",
    ICASE,
)

PARTITION_FUNCS = {
    "day": "toYYYYMMDD", "daily": "toYYYYMMDD", "days": "toYYYYMMDD", "date": "toDate",
    "month": "toYYYYMM", "monthly": "toYYYYMM", "months": "toYYYYMM", "hour": "toStartOfHour",
    "hourly": "toStartOfHour", "hours": "toStartOfHour",
}  # fmt: skip


PARTITION = [
    re.compile(
        r"\bpartition(?:ed|ing|s)?\s+(?:by|on|per)\s+(?:the\s+)?"
        r"(?P<func>to[A-Za-z]+)\s*\(\s*(?P<col>[^)\s\x00]*)\s*\)(?P<unit>)(?P<on>)",
        ICASE,
    ),
    re.compile(
        r"\bpartition(?:ed|ing|s)?\s+(?:by|on|per)\s+(?:the\s+)?(?:event\s+)?(?P<func>)(?P<col>)"
        rf"(?P<unit>{FIELD})(?:\s+(?:of|on|using)\s+(?:the\s+)?(?P<on>{FIELD}))?",
        ICASE,
    ),
    re.compile(
        r"\b(?:partition(?:ed|ing)?\s+(?P<unit>daily|monthly|hourly)"
        r"|(?P<unit2>daily|monthly|hourly)\s+partitions?)\b(?P<func>)(?P<col>)(?P<on>)",
        ICASE,
    ),
]


# "partitioned by day (toYYYYMMDD of window_start)", "... by month (toYYYYMM(created_at))":
# the unit's ClickHouse function said again in parentheses after it
PARTITION_RESTATED = re.compile(
    rf"\s*\(\s*(?:i\.?e\.?,?\s+|that\s+is,?\s+)?(?P<func>to[A-Z][A-Za-z]+)\s*(?:\(\s*(?P<col>{FIELD})"
    rf"\s*\)|\s+(?:of|on)\s+(?:the\s+)?(?P<col2>{FIELD}))\s*\)",
)


PARTITION_NONE = re.compile(
    r"\b(?:no\s+partition\w*|unpartitioned|without\s+(?:any\s+)?partition\w*)\b", ICASE
)


# A column in an ORDER BY list: never a parenthesis ("(ReplacingMergeTree ordered by id)"); a
# further column only when a separator or the end follows ("ordered by id, fed from ..." is one).
_ORDER_COL = r"""(?:`[^`\n\x00]+`|'[^'\n\x00]+'|"[^"\n\x00]+"|[A-Za-z_][^\s,;:<>=!\x00()]*)"""
# The way a sort goes, after "sorted by count" ("descending", "in ascending order", "highest
# first"): `low` when the smallest come first
SORT_WAY = re.compile(
    r"\s*,?\s*(?:(?P<low>asc|ascending)\b|desc\b|descending\b|in\s+(?:(?P<low2>ascending)|descending)"
    r"\s+order\b|(?:with\s+)?(?:the\s+)?(?:(?:highest|largest|biggest|most)|(?P<low3>lowest|smallest"
    r"|fewest))\s+(?:ones\s+)?first\b)",
    ICASE,
)
ORDER_BY = re.compile(
    # (never the noun: "for each order on topic shop-orders", "match each payment to its order
    # by order_id within 1 hour")
    r"(?<!\beach\s)(?<!\bevery\s)(?<!\bthe\s)(?<!\ban\s)(?<!\ba\s)(?<!\bits\s)(?<!\btheir\s)"
    r"(?<!\bour\s)(?<!\bthat\s)(?<!\bthis\s)(?<!\bsame\s)"
    r"\b(?:order(?:ed)?|sort(?:ed)?|sorting|ordering)\s+(?:key\s+)?(?:by|on)\s+"
    rf"\(?\s*(?:the\s+|their\s+)?(?P<list>{_ORDER_COL}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*{_ORDER_COL}"
    # ("ordered by employee_id and punch_time please": a polite word ends the list too)
    r"(?=\s*(?:[,;)]|\.(?!\w)|$|\s+and\b|\s+(?:please|pls|plz|thanks|thx)\b)))*)\s*\)?",
    ICASE,
)


# "keep the latest row per account_id" in ClickHouse: a ReplacingMergeTree ordered by the key.
# A plain word after a latest-row key that is not a field ("per finished repair"): the key
# word qualifies a noun, so it names no field
_KEY_QUALIFIES = re.compile(
    r"(?<![_\d])\s+(?!(?:in|into|to|on|onto|and|or|so|with|for|from|the|at|of|by|per|as|then|when"
    r"|where|while|which|that|we|it|only|is|are|table|clickhouse|redis|kafka|please|too|also)\b)"
    r"[a-z]+\b",
    ICASE,
)
LATEST_PER = re.compile(
    r"\b(?:(?:keep|keeping|store|storing|hold|holding|maintain\w*|upsert\w*|want|with"
    # ("so we always have the current state of each order": what the table gives, at any time)
    r"|(?:always\s+)?(?:have|has))\s+)?"
    r"(?:only\s+)?(?:just\s+)?(?:(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s+"
    r"(?!(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|time|window|\d)\b)"
    r"(?:[a-z]+\s+)?(?:row|record|version|state|value|event|entry|[a-z]+)s?"
    # "one current row per appointment"
    r"|(?:one|1|a\s+single)\s+(?:(?:latest|newest|most\s+recent|last|current)\s+)?(?:row|record"
    r"|entry))\s+(?:per|for\s+(?:each|every)"
    r"|of\s+(?:each|every)"
    # ("one row per matched pair": a join's output rows, no key)
    r"|by)\s+(?!(?:matched|joined|paired)\s+(?:pairs?|match(?:es)?)\b)" rf"(?P<k>{_ORDER_COL})"
    # ("the latest version of each shipment row": a CDC table's rows, no key named)
    r"(?![\w-])(?!\s+rows?\b)",
    ICASE,
)


# "upsert each tram's latest status into ClickHouse x.y keyed by tram_id", "Upsert into
# ClickHouse x.y by order_id": a ReplacingMergeTree ordered by the key (the object one noun, at
# most its owner's and "latest" before it: anything more may select records)
UPSERT_CH = re.compile(
    r"\bupsert(?:s|ed|ing)?(?:\s+(?:it|them|everything|(?:all\s+|the\s+|each\s+|every\s+)?"
    r"(?:[a-z]+'s\s+)?(?:(?:latest|current|newest|last)\s+)?[a-z]+))?\s+(?:in|into|to)\s+"
    r"(?:the\s+)?(?=clickhouse\b|\x00)",
    ICASE,
)
# The upsert's key, right after the table: "... x.y keyed by tram_id", "... x.y by order_id"
UPSERT_KEY = (
    r"\s*,?\s+(?:keyed\s+(?:by|on)|by|on|using)\s+(?:the\s+)?(?:key\s+)?(?P<k>[A-Za-z_]\w*)\b"
)


# "..., not only the latest version of each lot": a CDC history, said by what it is not
NOT_LATEST_BEFORE = re.compile(
    r"\b(?:(?:not|rather\s+than|instead\s+of)\s+(?:(?:just|only|merely|simply)\s+)?(?:the\s+)?"
    # ("first and last timestamp per session": two aggregates, the earliest and the latest, never
    # a table keeping one row per key)
    r"|(?:first|earliest|oldest|min(?:imum)?)\s+(?:and|&|\+)\s+(?:the\s+)?)$",
    ICASE,
)


# "with order_id as the sort key", "using (region, day) as the ORDER BY key", "sort key order_id"
_TYPE_WORD = "(?:" + "|".join(sorted(COLUMN_TYPES, key=len, reverse=True)) + ")"
SORT_KEY = re.compile(
    # (never a column's type: "booking_id bigint as primary key" is a CDC table's column)
    rf"\b(?:with\s+|using\s+)?\(?\s*(?!{_TYPE_WORD}\s+as\b)"
    rf"(?P<list>{FIELD}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*{FIELD})*)\s*\)?\s+as\s+(?:the\s+|its\s+)?"
    r"(?:sort(?:ing)?|order(?:ing)?|order\s+by|primary)\s+key\b"
    r"|\b(?:sort(?:ing)?|order(?:ing)?|primary)\s+key\s+(?:is\s+|=\s*|:\s*|of\s+)?\(?\s*"
    rf"(?P<list2>{FIELD}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*{FIELD})*)\s*\)?",
    ICASE,
)


ENGINE = re.compile(r"\breplacing\s*-?\s*merge\s*-?\s*tree\b|\bmerge\s*-?\s*tree\b", ICASE)
# "dedup in ClickHouse with ReplacingMergeTree ...": the engine's purpose, said before it (the
# dedup recogniser must not read it as a dedup step)
CH_DEDUP_LEAD = re.compile(
    r"\b(?:dedup\w*|de-?duplicat\w*)\s+(?:(?:them|it|rows|records)\s+)?(?:in|inside|within)\s+"
    rf"(?:the\s+)?{CH}\s+(?:table\s+)?(?:with|using|via|through)\s+(?:an?\s+)?"
    r"(?=replacing\s*-?\s*merge\s*-?\s*tree\b)",
    ICASE,
)


# "ReplacingMergeTree keyed by user_id": the key it keeps one row per is its ORDER BY.
ENGINE_KEY = re.compile(
    r"\breplacing\s*-?\s*merge\s*-?\s*tree\s+(?:engine\s+)?(?P<by>(?:keyed|deduplicat\w*|dedup\w*)"
    rf"\s+(?:by|on)\s+(?P<list>{_ORDER_COL}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*{_ORDER_COL}"
    r"(?=\s*(?:[,;)]|\.(?!\w)|$|\s+and\b)))*))",
    ICASE,
)


# Casual verbs that put the pipeline's records somewhere ("toss them into redis", "chuck the
# results in clickhouse x", "pop them onto topic y"): read only with the records as their object
# and the destination right after.
MOVED_OBJECT = (
    # ("stick it all in clickhouse x", "chuck all of them into topic y")
    r"(?:(?:it|them|those|these)\s+all|all\s+of\s+(?:it|them)|it|them|everything|all|those|these"
    r"|the\s+(?:records|rows|results|output|totals"
    r"|counts|aggregates|alerts|matches|windows|survivors|rest)"
    # "stash each sale in redis at sale:{receipt_id}": each record, by its noun (one word)
    r"|(?:each|every)\s+(?!(?:of|one|time|minute|hour|day|week|second)\b)[a-z]+)"
)
PLACE_VERB = (
    # (never "drop": "drop them into topic x" may delete them, pctx_sink_near_drop_into)
    r"(?:toss|tosses|tossing|chuck|chucks|chucking|shove|shoves|shoving|pop"
    r"|pops|popping|plonk|plonks|bung|bungs|stash|stashes|stashing|slap|slaps|stick|sticks"
    r"|sticking|throw|throws|throwing)"
)
# Never inside a name: "alerts" in "ops.alerts" or "alerts-archive" is not the verb.
OUT_VERB = (
    # ("the coaches table, which Debezium publishes to the topic x": the connector's output, a
    # table the pipeline reads, never where it writes)
    r"(?<![\w.:/-])(?<!\bdebezium\s)(?<!\bconnector\s)(?:publish(?:es|ed|ing)?|write|writes|writing|written|wrote|send|sends|sending|sent"
    # (never the noun: "for each alert on topic ipmi-alerts")
    r"|(?<!\beach\s)(?<!\bevery\s)(?<!\bthe\s)(?<!\ban\s)(?:alert|alerts|alerting)"
    # ("Alerts are produced to topic x": the noun, its passive verb after it)
    r"(?!\s+(?:are|is|get|gets|should|must|will|shall|can|go|goes)\b)"
    r"|emit|emits|emitted|emitting|produce|produces|produced|producing|forward(?:s|ed|ing)?"
    # "the order-lines stream and write ...": a noun, not the verb
    r"|output(?:s|ting)?|stream(?:s|ed|ing)?(?!\s*(?:,|and\b|then\b))|push(?:es|ed|ing)?|sink|put"
    r"|puts|putting"
    r"|deliver(?:s|ed|ing)?|route|routes|routing|fan(?:ning)?\s+out|ship|ships|shipping"
    r"|report(?:s|ed|ing)?"
    # "post them to the Kafka topic x" (never the noun: "count posts per user_id")
    r"|post(?:ed|ing)?(?=\s+(?:(?:them|it|those|these|everything|all|the\s+results?|results?)\s+)?"
    r"(?:to|into|onto)\s)"
    # "Calls are logged to topic call-logs": who produces them, or "... are then logged to x":
    # the output (the participle only, never the noun "logs")
    r"|logged"
    # "mirror card-auths into auths-copy", "republish it as auths-copy"
    r"|mirror(?:s|ed|ing)?|copy|copies|copied|copying|republish(?:es|ed|ing)?|relay(?:s|ed|ing)?"
    r"|expose(?:s|d)?|exposing|move|moves|moving|archive|archives|archiving"
    # "pipe pump-alarms into topic x"
    r"|pipe|pipes|piped|piping"
    # "pop them onto topic x", "toss the results into topic x" (see PLACE_VERB)
    rf"|{PLACE_VERB}(?=\s+{MOVED_OBJECT}\s+(?:to|into|onto|in)\s)"
    # "hand the result to topic x", "hand them over to x" (never the noun: "hand scanners")
    r"|hand(?:s|ed|ing)?(?:\s+(?:over|off))?(?=\s+(?:(?:them|it|those|these|everything|all"
    r"|the\s+(?:results?|output|rest)|results?)\s+)?(?:(?:over|off)\s+)?(?:to|into|onto)\s)"
    # "pass them on to the topic x" (never "rows that pass the check", "pass to the next step")
    r"|pass(?:es|ed|ing)?(?:\s+on)?(?=\s+(?:(?:them|it|those|these|everything|all"
    r"|the\s+(?:results?|output|rest)|results?)\s+)?(?:on\s+(?:to|into)|onto)\s)"
    # "..., out to kafka topic x": a terse ticket's output step (never "filter out to ...")
    r"|(?<!filter\s)(?<!filtered\s)(?<!drop\s)(?<!leave\s)(?<!left\s)(?<!cut\s)(?<!opt\s)"
    r"(?<!opted\s)(?<!fan\s)(?<!log\s)(?<!logs\s)out(?=\s+(?:to|into)\s))"
    r"(?![-.]\w)"  # "topic alerts-raw": part of a name
    # ("the patients table mirrored by Debezium to the topic x": the connector's output)
    r"(?!\s+by\s+(?:debezium|(?:the\s+)?(?:cdc\s+)?connector)\b)"
)


MID = (
    # (never across another output verb: "copy lat onto the assignment and write the matches
    # to topic x" writes with "write")
    r"(?:(?!\b(?:from|redis|clickhouse|and\s+(?:then\s+)?(?:store|save|keep|write|send|publish"
    # (nor across a question's or an exclamation's end: "... within 24 hours? Results should go")
    r"|produce|push|emit|forward|output))\b)[^,;.?!\x00])"
    r"{0,80}?"
)


# a name joined by '-' (each part a word), dots allowed: "gs.pass-events.v2" ("us-east-1" is none)
_DASHED_DOTTED = r"[A-Za-z]\w*(?:\.\w+)*-[A-Za-z]\w*(?:-[A-Za-z]\w*|\.\w+)*"
# "parcels-scanned to parcels-routed on Kafka", "from topic a-b to topic c-d, ...": names joined
# by '-' ("us-east-1" is no topic here)
TOPIC_TO_TOPIC = re.compile(
    # ("from the hive-weights topic to the light-hives topic")
    # ("From gs.pass-events into gs.pass-events.sv": dotted, and "into")
    rf"(?:^|(?<=[.;\n])|\bfrom)\s*(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?{_DASHED_DOTTED}\s+"
    r"(?:(?:kafka\s+)?topic\s+)?"
    rf"(?P<to>(?:to|into)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<dst>{_DASHED_DOTTED})"
    r"(?:\s+topic)?(?:\s+(?:on|in|via|using)\s+(?:kafka|the\s+same\s+cluster))?)"
    r"(?=\s*[,;?!]|\.(?!\w)|\s*$)",
    ICASE,
)


# "to kafka kiln-dry-boards": the name a topic's, never a cluster's ("to kafka prod-cluster,
# topic x": the topic is named after it)
_KAFKA_NAME_NO_TOPIC = (
    r"(?![A-Za-z][\w.-]*(?:cluster|broker|server)s?\b)"
    r"(?![A-Za-z][\w.-]*\s*,?\s*(?:the\s+)?(?:kafka\s+)?topics?\b)"
)


# A message key said right after a name: "x keyed by id", "x with message key id", "x with id
# as the key" (what KEYED_BY reads)
_KEY_AFTER_NAME = (
    r"\s+(?:(?:keyed|partitioned)\s+(?:by|on)\s|(?:with\s+)?(?:the\s+)?(?:message\s+)?key\s*[:=]?\s"
    rf"|(?:with|using)\s+{FIELD}\s+as\s+(?:the\s+|its\s+)?(?:message\s+|kafka\s+|record\s+)?key\b)"
)


# A name only a Kafka topic has: words joined by '-', dots allowed once there is a dash
# ("gs.pass-events.v2"; "analytics.events" may be a ClickHouse table, so it needs the word topic)
TOPIC_ONLY_NAME = r"[A-Za-z]\w*(?:\.\w+)*(?:-\w+)(?:[-.]\w+)*"


# "write them to kafka.", "... and to kafka as well": a Kafka output with no topic named
KAFKA_UNNAMED = re.compile(
    r"\b(?:to|into|onto)\s+(?:the\s+)?kafka(?:\s+(?:as\s+well|too|also))?(?=\s*(?:[.;!?]|$))",
    ICASE,
)
# "publish them to the compacted hotel.confirmed table", "write to a compacted topic, x": a
# compacted topic named as where the records go is a Kafka sink, never a table join's side
# (the spec holds no compaction: `_compacted_sink`)
COMPACTED_OUT = re.compile(
    rf"\b{OUT_VERB}\b{MID}\b(?:to|into|onto)\s+(?:the\s+|a\s+|an\s+|our\s+|new\s+)*"
    r"(?:log[\s-]+)?compacted\s+(?:kafka\s+)?(?:(?:topic|table)\s*(?:,\s*|\s+(?:named\s+|called\s+)?))?",
    ICASE,
)
# "the policies table that Debezium publishes to the compacted topic x", "the rate card which
# our billing service writes to ...": another system's output, said in a relative clause on the
# noun it fills (a table to join, read by table_joins), never where this pipeline writes
COMPACTED_BY_OTHERS = re.compile(
    r"\b[a-z][\w-]*\s+(?:that|which)\s+(?:(?:the|our|their)\s+)?(?!(?:we|you|i|it)\b)"
    r"(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*\s+$",
    ICASE,
)
# "The lots are published to the compacted topic x": a passive whose subject is other records
# than the pipeline's (checked against _OUTPUT_NOUNS), right before the verb
COMPACTED_PASSIVE_SUBJECT = re.compile(
    r"(?:^|[.!?;]\s+)(?:(?:the|our|their|all(?:\s+the)?)\s+)?"
    r"(?P<subj>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)\s+(?:are|is|get|gets)\s+(?:already\s+)?$",
    ICASE,
)
# "... to the compacted hotel.confirmed table": the word said after the compacted topic's name
COMPACTED_NAME_TAIL = re.compile(r"\s*,?\s+(?:kafka\s+)?(?:topic|table)\b", ICASE)
# ("which Debezium publishes to the topic x": the connector's output, a table the pipeline
# reads; one fixed-width look-behind per wording)
_NOT_CONNECTORS = "".join(
    rf"(?<!\b{who}\s{verb}\s)" for who in ("debezium", "connector") for verb in CONNECTOR_VERBS
) + "".join(
    # ("the suppliers table replicated by Debezium to the topic x")
    rf"(?<!\b{verb}\sby\s{who}\s)"
    for who in ("debezium", "connector")
    for verb in ("replicated", "published", "streamed", "mirrored", "captured")
)
# "to topic x": no verb (never the joined stream: "join topic orders to topic payments")
TO_TOPIC = re.compile(
    rf"{_NOT_CONNECTORS}\b(?:to|into)\s+(?:the\s+)?(?:kafka\s+)?topics?\s+", ICASE
)
# a quantifier is no topic's name ("to both kafka topic x and ..."), nor "same" ("into the same
# topic x": the topic said again, its name after the word, see `extract_write_back`)
_NO_NAME = r"(?!(?:both|either|all|each|every|two|three|several|multiple|same)\s)"
KAFKA_OUT = [
    COMPACTED_OUT,
    # "raise an alert on Kafka topic pool.low_chlorine_alerts whenever ...": the alert made, on
    # the topic it goes to (never a source: nothing is read from what is alerted)
    re.compile(
        r"\b(?:raise|raises|raising|fire|fires|firing|trigger|triggers|triggering|emit|emits"
        r"|emitting)\s+(?:(?:an?|the)\s+)?alerts?\s+(?:on|to|into|onto|via)\s+(?:the\s+)?"
        r"(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    re.compile(
        # "alert via topic x": "via" too
        # "send them to both kafka topic x and ClickHouse y"
        rf"\b{OUT_VERB}\b{MID}\b(?:to|into|onto|via)\s+(?:both\s+)?(?:the\s+|a\s+)?"
        r"(?:kafka\s+|output\s+|result\s+|results\s+|another\s+|new\s+)*topics?\s+(?:named\s+"
        r"|called\s+)?",
        ICASE,
    ),
    re.compile(
        r"\b(?:output|destination|target|sink|downstream)\s+(?:kafka\s+)?topics?\s+"
        r"(?:is\s+|of\s+|named\s+|called\s+|=\s*|:\s*)?",
        ICASE,
    ),
    re.compile(
        # (never a compared value: "only reports with cause not equal to 'transport'")
        rf"\b{OUT_VERB}\b{MID}(?<!\bequal\s)(?<!\bequals\s)\b(?:to|into)\s+(?:kafka\s+)?"
        rf"(?=(?:{QUOTED}))",
        ICASE,
    ),
    TO_TOPIC,
    # "..., write topic inverters-online": a terse ticket's output, no preposition (the name
    # ends the clause: "write topic a-b into ClickHouse" reads that topic); never a source
    re.compile(
        r"\b(?:write|writes|publish|publishes|produce|produces|emit|emits|output|outputs|sink)"
        r"\s+(?:(?:them|it|results?|the\s+results?|the\s+rest|everything)\s+)?(?:kafka\s+)?"
        r"topic\s+(?=[A-Za-z][\w.-]*(?:\s*[,;?!]|\.(?!\w)|\s*$))",
        ICASE,
    ),
    # "when the total is above 10000 alert topic big-regions": where alerts go, no preposition
    # (never a source: nothing is read from what is alerted)
    re.compile(
        r"(?<!\beach\s)(?<!\bevery\s)(?<!\bthe\s)(?<!\ban\s)"
        r"\balert(?:s|ing)?\s+(?:on\s+)?(?:the\s+)?(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    # "..., and publish to parcel-scans-enriched": a bare name that can only be a topic (words
    # joined by '-'), ending the clause
    re.compile(
        # ("output to kafka kiln-dry-boards": the store's name, then the topic's)
        rf"\b{OUT_VERB}\b{MID}\b(?:to|into|onto)\s+(?:the\s+)?(?:kafka\s+{_KAFKA_NAME_NO_TOPIC})?"
        rf"(?={TOPIC_ONLY_NAME}(?:\s*[,;?!]|\.(?!\w)|\s*$|\s*\x00"
        # ("send to x-alerts — the manager audits them", "... to x-alerts (the audit feed)": an
        # aside after the name, read on its own)
        r"|\s+(?:[\u2013\u2014]|--?)\s|\s+\("
        # ("publish to x-alerts so the QA team can ...": a purpose clause after it)
        r"|\s+so\s+(?:that\s+)?(?:the|our|their|my|(?-i:[A-Z]{2,4}))\s"
        # "publish to arcade-plays on our SASL_SSL cluster": where the topic lives (the
        # security words were read already)
        r"|\s+(?:on|in)\s+(?:our|the)\s+(?:\x00+\s+)?(?:kafka\s+)?cluster\b"
        # "publish to ferry-live-positions with mmsi as the message key"
        rf"|\s+(?:with|using)\s+{FIELD}\s+as\s+(?:the\s+|its\s+)?(?:message\s+|kafka\s+)?key\b"
        # "publish to daily-visitors on Kafka": the store said after the name
        # ("... on Kafka so the drivers' app picks it up": a purpose clause after the store)
        r"|\s+(?:on|in|via)\s+kafka(?=\s*[,;?!]|\.(?!\w)|\s*$|\s+so\s+(?:that\s+)?(?:the|our|their|my)\s)"
        # "produce to visits-enriched with exactly-once semantics": a setting read already
        r"|\s+(?:with|using|under)\s+\x00))",
        ICASE,
    ),
    # "... and publish the clean stream to pumpkin.scale_readings.clean": a name of three dotted
    # parts, which no ClickHouse table has, after the request's own "publish" (an order: first
    # in its clause, or after "and", "then", "please"), ending the clause, is a topic ("publish
    # to orders.clean" may be a table; "the boxes publish to a.b.c" is a producer's doing)
    re.compile(
        r"(?:^|(?<=[,;:.!?\n(\x00])|(?<=\band)|(?<=\bthen)|(?<=\bplease)|(?<=\bpls)|(?<=\balso)"
        r"|(?<=\bjust))\s*(?:re)?publish\b"
        rf"{MID}\b(?:to|into|onto)\s+(?:the\s+)?(?=[A-Za-z]\w*(?:\.\w+){{2,}}(?:\s*[,;?!]"
        r"|\.(?!\w)|\s*$|\s+so\s+(?:that\s+)?(?:the|our|their|my)\s))",
        ICASE,
    ),
    # "... and publish to nightmarket.sale_lines keyed by stall_id": a dotted name after the
    # request's own "publish" with a message key said right after it, which only a topic has
    re.compile(
        r"(?:^|(?<=[,;:.!?\n(\x00])|(?<=\band)|(?<=\bthen)|(?<=\bplease)|(?<=\bpls)|(?<=\balso)"
        r"|(?<=\bjust))\s*(?:re)?publish\b"
        rf"{MID}\b(?:to|into|onto)\s+(?:the\s+)?(?=[A-Za-z]\w*\.\w+\s+(?:keyed\s+(?:by|on)\s"
        # ("publish to repair.intake_quoted, key panel_id.": the key word alone, ending it)
        r"|key\s+[A-Za-z_]\w*\s*(?:[.;!?]|$)"
        rf"|with\s+{FIELD}\s+as\s+(?:the\s+|its\s+)?(?:message\s+|kafka\s+)?key\b))",
        ICASE,
    ),
    # "..., to kafka slow-pops", "sink = kafka card-decline-velocity", "push it to kafka
    # store-kpis-15m pls": "kafka" then a name only a topic has, whatever follows it
    re.compile(
        # ("write to both Kafka ink.priced and ClickHouse a.b": the quantifier, then the store)
        r"(?:\b(?:to|into|onto|(?<=\bstore\s)in|(?<=\bland\s)in)\s+(?:both\s+)?(?:the\s+)?"
        r"|\b(?:sink|output|destination|target)\s*(?:=|:|is)?\s*)"
        rf"kafka\s+{_KAFKA_NAME_NO_TOPIC}(?=[A-Za-z]\w*(?:-\w+)+(?![\w-])"
        # ("send them to kafka alerts.", "sink kafka hr_alerts": one word ending the sentence)
        r"|(?!(?:too|also|as|please|pls|then|and|instead|now|later|again|cluster)\b)[A-Za-z]\w*"
        r"(?=\s*(?:[.;!?]|$))"
        # ("to Kafka long_stays, use at-least-once": a name joined by '_', then a comma)
        r"|[A-Za-z][A-Za-z0-9]*_\w+(?=\s*,)"
        # ("to Kafka long_stays, keyed by booking_id": a message key, which only a topic has;
        # the comma before the key is dropped when the text is normalised)
        r"|(?!(?:too|also|as|please|pls|then|and|instead|now|later|again|cluster)\b)[A-Za-z]\w*"
        rf"(?={_KEY_AFTER_NAME}))",
        ICASE,
    ),
    # "...; sum amount per customer_id hourly; kafka a.spend.": a terse list's last item, the
    # store and a topic with no verb, ending the request (the source was named before it)
    re.compile(
        r"(?:(?<=[,;])|(?<=\n))\s*(?:[-*\u2022]\s*)?(?:(?:and|then)\s+)?kafka\s+(?:topic\s+)?"
        rf"{_KAFKA_NAME_NO_TOPIC}(?=[A-Za-z][\w.-]*\w\s*[.!]?\s*$)",
        ICASE,
    ),
    # "anything where ... to go into a topic called x", "... should land in the topic x", "the
    # results go to the goal-counts topic": where the records go, the verb right before the topic
    re.compile(
        # ("then results go on topic delayed-flights"; "claims land on topic x" is the source)
        r"\b(?:(?:go|goes|going|land|lands)\s+(?:to|into|onto|in)|(?:go|goes|going)\s+on"
        r"|(?:end|ends|ending|wind|winds)\s+up\s+(?:in|on|into|onto))\s+(?:the\s+|a\s+|an\s+)?"
        r"(?:(?:kafka\s+|output\s+|new\s+|separate\s+)*topic\s+(?:named\s+|called\s+)?"
        rf"|(?={_NO_NAME}(?:{NAME})\s+"
        r"(?:kafka\s+)?topic\b))",
        ICASE,
    ),
    # "put the rest on topic gym-clean", "place them on the topic x", "store the output in the
    # light-hives topic": where the records go
    re.compile(
        r"\b(?:put|puts|putting|place|places|placing|store|stores|storing|save|saves|saving"
        r"|persist|persists|persisting)\s+(?:them|it|the\s+rest|the\s+remainder"
        r"|everything(?:\s+else)?|those|these|the\s+results?|the\s+outputs?|the\s+others)\s+"
        r"(?:on|onto|in|into)\s+(?:the\s+|a\s+)?"
        r"(?:(?:kafka\s+|output\s+|new\s+|separate\s+)*topic\s+(?:named\s+|called\s+)?"
        rf"|(?={_NO_NAME}(?:{NAME})\s+"
        r"(?:kafka\s+)?topic\b))",
        ICASE,
    ),
    # "Results: kafka topic lift-counts", "Output: topic x": a label naming the destination
    re.compile(
        r"(?:^|(?<=[.;!?\n])\s*)(?:the\s+)?(?:results?|outputs?|sinks?|destinations?|targets?)\s*:\s*"
        r"(?:the\s+)?(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    # "the output is the light-hives topic", "the filtered stream should be the x topic": what
    # the pipeline makes, said to be a topic ("our sink is the kafka topic x": its label too)
    re.compile(
        r"\b(?:the\s+|our\s+|my\s+)?(?:outputs?|results?|destination|target|sink|(?:filtered|cleaned|clean|enriched"
        r"|joined|matched|deduped|deduplicated|resulting|final|output)\s+(?:stream|feed|records"
        r"|events|data|output))\s*(?::|is|are|should\s+be|will\s+be|must\s+be)\s+(?:the\s+)?"
        r"(?:(?:kafka\s+)?topic\s+(?:named\s+|called\s+)?"
        rf"|(?={_NO_NAME}(?:{NAME})\s+"
        r"(?:kafka\s+)?topic\b))",
        ICASE,
    ),
    # "...; alerts on topic boiler-alerts", "Results in topic x": a clause naming what goes out
    # ("... per minute. AC: alerts land on kafka topic x": with the verb of landing, never
    # opening the request, where "Results land on topic x" names the records read)
    re.compile(
        r"(?:^|(?<=[;.:,]\s))\s*(?:the\s+)?(?:alerts|results|output|outputs|matches|hits"
        r"|notifications)\s+(?:on|in|to|into|onto)\s+(?:the\s+)?(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    re.compile(
        r"(?<=[;.:,]\s)\s*(?:the\s+)?(?:alerts|results|output|outputs|matches|notifications)\s+"
        r"(?:should\s+|will\s+)?(?:land|lands)\s+(?:on|in|into|onto)\s+(?:the\s+)?"
        r"(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    # "emit them on doors-open", "publish results on the doors-open topic": a bare name that
    # can only be a topic, after "on"
    re.compile(
        r"\b(?:emit|emits|emitting|publish|publishes|publishing|produce|produces|producing)\s+"
        r"(?:(?:them|it|everything|the\s+results?|results|records|events|matches)\s+)?on\s+"
        r"(?:the\s+)?(?=[A-Za-z]\w*(?:-\w+)+(?:\s+topic\b|\s*[,;]|\.(?!\w)|\s*$))"
        # ("..., and publish them on the Kafka topic ops.alerts": the request's own order, said
        # to be a topic; never a producer's doing: "the ATMs publish events on topic x", "which
        # Debezium publishes on the topic x")
        r"|(?:^|(?<=[,;.:!]\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bplease\s)|(?<=\bjust\s))"
        r"(?:emit|publish|produce)\s+(?:(?:them|it|everything|the\s+results?|results|matches)\s+)?"
        r"on\s+(?:the\s+|a\s+)?(?:kafka\s+)?topic\s+",
        ICASE,
    ),
    # "write them back to Kafka as doors-open", "send it to kafka under topic x"
    # (the name quoted, said to be a topic, or one only a topic has: never "as JSON")
    re.compile(
        rf"\b{OUT_VERB}\b{MID}\b(?:back\s+)?(?:to|into|onto)\s+kafka\s+(?:as|under)\s+"
        r"(?:(?:a|the)\s+)?(?:(?:new\s+)?topic\s+(?:named\s+|called\s+)?"
        rf"|(?={QUOTED}|[A-Za-z]\w*(?:[-_.]\w+)+(?![\w-])))",
        ICASE,
    ),
    # "republish it as auths-copy", "expose it as topic auths-copy"
    re.compile(
        rf"\b{OUT_VERB}\b\s+(?:it|them|everything|the\s+records|all)\s+as\s+(?:a\s+|the\s+)?"
        r"(?:(?:new\s+)?(?:kafka\s+)?topic\s+|(?=[A-Za-z]\w*(?:-\w+)+(?:\s*[,;]|\.(?!\w)|\s*$)))",
        ICASE,
    ),
    # "topic escape-puzzles in, topic escape-puzzles-clean out": the sink after the source's
    # "in,", then "out" (read after the sink)
    re.compile(
        r"(?<=\sin,\s)\s*(?:(?:kafka\s+)?topic\s+)?"
        # ("..., call-summaries topic out")
        rf"(?=(?:{NAME})(?:\s+(?:kafka\s+)?topic)?\s+out(?=\s*(?:[.;,!:]|$)))",
        ICASE,
    ),
    re.compile(
        rf"\b{OUT_VERB}\b{MID}\b(?:to|into|onto)\s+(?:the\s+)?"
        rf"(?={_NO_NAME}(?:{NAME})\s+"
        r"(?:kafka\s+)?topic\b)",
        ICASE,
    ),
]


# "Vending machines log sales to vending-sales", "the scanners feed topic parcel-scans", "Ski
# lift gates post scans to lift-scans": verbs only producers of the source use; read only after
# a sentence opening with the producers' plain words (see `_kafka_sinks`), never as a sink.
PRODUCER_OUT = [
    re.compile(
        r"\b(?:log|logs|post|posts|transmit|transmits|upload|uploads|beam|beams|fire|fires|feed"
        r"|feeds|dump|dumps|spit|spits|stream|streams|report|reports|chuck|chucks|throw|throws"
        r"|put|puts"
        # "Every pick is recorded on topic robot-picks": the passive, after the records' noun
        r"|(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bget\s)|(?<=\bgets\s))recorded)\b"
        # ("Every rescue the guards log goes to x": the verb of a relative clause, the
        # sentence's own verb after it; read by source_producers.py's EVERY_GOES_TO)
        r"(?!\s+(?:goes|go|gets|ends\s+up|lands|arrives)\b)"
        # ("They upload each ticket sale to x", "We post all our kiln readings to x")
        r"(?:\s+(?:(?:their|its|the|all|our|every|each)\s+)?[a-z][\w-]*){0,3}?\s+(?:to|into|onto|on|in)\s+"
        # ("to Kafka topic `vet.vaccinations`": quoted too)
        rf"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?=(?P<q>['\"`]?)(?:{NAMED_TOPIC})(?P=q)(?![.\w-]\w))",
        ICASE,
    ),
    re.compile(
        r"\b(?:feed|feeds|populate|populates|fill|fills)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        rf"(?=(?:{NAMED_TOPIC})(?!\.\w))",
        ICASE,
    ),
]


# "Lift telemetry is pushed to x by the lift controllers": who produces, after the topic.
BY_PRODUCERS = re.compile(
    r"\s+by\s+(?:the|our|their|all\s+the)\s+(?P<w>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)"
    r"(?=\s*[.;,!?]|\s*$)",
    ICASE,
)
# Systems that produce the source ("the orders service", "our checkout backend").
# What the pipeline writes, never who produces its source ("The results stream into x").
_OUTPUT_NOUNS = word_set(
    "results result outputs output counts totals sums averages aggregates summaries alerts"
    " matches rest others remainder windows"
    # ("..., and the processor reports to x": the pipeline asked for, writing its output)
    " processor pipeline consumer"
)
# ("It is published to the compacted topic x": what "it" points at may be the output)
_POINTING_WORDS = word_set("it they this that these those them everything all each every")
_SYSTEM_NOUNS = word_set("service microservice system backend gateway platform website api engine")
# "misting system logs to x" opening its sentence: a system named by plain words, no article
_BARE_SYSTEM = re.compile(
    r"(?:^|[.!?]\s+)(?P<w>(?:[a-z][\w-]*\s+){1,2})(?:service|microservice|system|backend"
    r"|gateway|platform)\s*$",
    ICASE,
)
# Words between a producer's verb and the topic that say nothing about which records.
_PRODUCER_FILLER = word_set(
    """to into onto on in the a an their its all them it everything kafka topic topics out up
    data events records messages every each our"""
)


# "...; out to clickhouse x": a terse ticket's output step, before a sink read already; "write
# them out to clickhouse x", "ship the totals out to topic y": the particle of a sink's verb.
OUT_TO = re.compile(
    r"(?:^|(?<=[,;:.]\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\x00\s)|(?<=\bthem\s)|(?<=\bit\s)"
    r"|(?<=\beverything\s)|(?<=\bresults\s)|(?<=\btotals\s)|(?<=\bcounts\s)"
    r"|(?<=\bwrite\s)|(?<=\bsend\s)|(?<=\bpush\s)|(?<=\bship\s)|(?<=\bdump\s))\s*out\s+(?:(?:to|into|onto)\s+(?:the\s+)?)?(?=\x00)",
    ICASE,
)


# "write to ClickHouse x.y and (also) Kafka topic z", "Sink: ClickHouse x.y, plus topic z": one
# more destination right after a sink read already, in the same list.
TOPIC_AFTER_SINK = re.compile(
    # "clickhouse x (all of them) + kafka topic y": an aside after the sink, left for others
    r"(?<=\x00)(?P<aside>\s*\([^()\x00]{0,40}\))?(?:\s*,\s*(?:(?:and|as\s+well\s+as|plus)\s+)?(?:also\s+)?"
    r"|\s+(?:and|as\s+well\s+as|plus)\s+(?:also\s+)?|\s+also\s+)"
    # "... into clickhouse (a.b) plus a copy on kafka topic c"
    r"(?:(?:with\s+)?(?:a\s+)?cop(?:y|ies)(?:\s+of\s+(?:it|them|everything|each\s+record))?\s+"
    r"(?:on|in|to|into|onto)\s+|(?:to|into|onto|in|on)\s+)?"
    r"(?:(?:the\s+|a\s+)?(?:kafka\s+topics?|topics?)\s+(?:named\s+|called\s+)?"
    # "... as well as onto hotel-bookings-copy": a name only a topic has, ending the clause
    r"|(?<=to\s)(?=[A-Za-z]\w*(?:-\w+)+(?:\s*[,;?!]|\.(?!\w)|\s*$))"
    # "Output: ClickHouse a.b and Kafka catalogue-edits-audit": Kafka, then a name only a topic has
    r"|kafka\s+(?=[A-Za-z]\w*(?:[-.]\w+)+(?:\s*[,;?!]|\.(?!\w)|\s*$)))",
    ICASE,
)


# "... to daily-visitors on Kafka": the store named after a topic's name, ending the clause
_ON_KAFKA = re.compile(
    r"\s+(?:on|in|via)\s+kafka\b"
    r"(?=\s*[,;?!]|\.(?!\w)|\s*$|\s+so\s+(?:that\s+)?(?:the|our|their|my)\s)",
    ICASE,
)


def _producers_log_all(pattern: re.Pattern[str], sent: list[str]) -> bool:
    """ "We log every vaccination to topic x", "They post all their readings to x": a verb only
    producers use, said of every record ("every", "each", "all"), with "we" or "they" as the
    producers: where the source's records are written, never the pipeline's output."""
    return pattern in PRODUCER_OUT and bool(sent) and sent[0].lower() in ("every", "each", "all")


# "We log every vaccination to ": the producers ("we", "they") at a sentence's start
_WE_BEFORE = re.compile(r"(?:^|[.!?;]\s+)(?:we|they)\s+$", ICASE)


def we_log_all_spans(s: str) -> list[tuple[int, int]]:
    """Where "we" or "they" say a producers' verb of every record ("We log every vaccination
    to "): the source's producers, never a sink (nor one of several sinks, see scope.py)."""
    spans = []
    for m in PRODUCER_OUT[0].finditer(s):
        sent = re.findall(r"[\w'-]+", m.group(0))[1:]
        we = _WE_BEFORE.search(s, 0, m.start())
        if we and _producers_log_all(PRODUCER_OUT[0], sent):
            spans.append((we.end() - len(we.group(0).lstrip(" .!?;")), m.end()))
    return spans


def _we_log_all(s: str, end: int) -> bool:
    """A producers' verb said of every record by "we" or "they", ending at `end`."""
    return any(e == end for _, e in we_log_all_spans(s[: end + 200]))


def _prefix_words(data: dict[str, Any]) -> set[str]:
    """The words a Redis key's prefix names, singular: "rider_shift:" gives riders' "rider",
    "shift" and the whole "ridershift" (empty without a prefix)."""
    prefix = str(data.get("key_prefix") or "").lower()
    words = re.findall(r"[a-z]+", prefix)
    return {singular(w) for w in words} | ({singular("".join(words))} if words else set())


def _topic_word_after(m: re.Match[str], end: int) -> int:
    """The end of a name read after `m`, past a "topic" said after the name ("... to the
    goal-counts topic") when `m` did not say it before the name."""
    tail = re.compile(r"\s+(?:kafka\s+)?topics?\b", ICASE).match(m.string, end)
    if tail and not re.search(r"\btopics?\b", m.group(), ICASE):
        return tail.end()
    return end


# A producer's verb said of one producer ("each vest reports to x", "every till sends to x")
_SINGULAR_SENDS = re.compile(
    r"(?:reports|sends|publishes|posts|pushes|streams|emits|writes|logs|uploads|transmits)\b",
    ICASE,
)


# A join verb earlier in the clause: "join topic orders to topic payments ..." names a stream.
JOIN_BEFORE = re.compile(r"\bjoin(?:s|ed|ing)?\b[^,;.\x00]*$", ICASE)
# "Results go to ClickHouse x.y", "the output ends up in topic z": the verb of a sink read right
# after it (the sink recognisers mask the destination first; this reads only the verb; "go
# straight into": an adverb saying nothing is changed on the way).
GO_TO = re.compile(
    r"\b(?:(?:should|must|will|can|need\s+to|has\s+to|have\s+to)\s+)?(?:go|goes|going|end\s+up"
    r"|ends\s+up|ending\s+up)(?:\s+(?:straight|directly))?(?=\s*\x00|\s+(?:both\s+)?(?:to|in|into|on|onto)\s*(?:both\s+|the\s+)?\x00)",
    ICASE,
)


# "the remainder should be sent to ClickHouse, table x", "To the ClickHouse table x should be
# written all ...": a passive verb right before or after a sink read already (only the verb).
_PASSIVE_VERB = (
    r"(?:(?:should|must|will|can|shall|need\s+to|needs\s+to|has\s+to|have\s+to|(?:is|are)"
    r"(?:\s+going)?\s+to|to)\s+)?(?:also\s+)?(?:be|get|gets)\s+(?:written|sent|stored|saved"
    r"|loaded|published|pushed|forwarded|delivered|emitted|put|inserted|landed|dumped|copied"
    r"|persisted|replicated|mirrored|streamed|moved|ingested|archived)"
)
PASSIVE_BEFORE = re.compile(
    # "should be written both to ClickHouse x and to topic y", "... to both ..."
    rf"\b{_PASSIVE_VERB}(?=\s*\x00|\s+(?:both\s+)?(?:to|in|into|onto)\s*(?:both\s+)?\x00)"
    # "..., written to ClickHouse x": the participle alone, right before the sink
    # ("... landed in the ClickHouse database x")
    r"|\b(?:written|saved|loaded|inserted|persisted|dumped|landed|archived)"
    r"(?=\s+(?:to|in|into|onto)\s*(?:the\s+)?\x00)"
    # "should be mirrored to topic x": the participle read as the sink's verb already
    r"|\b(?:should|must|will|can|shall|needs?\s+to|has\s+to|have\s+to|(?:is|are)\s+to)\s+"
    r"(?:also\s+)?be(?=\s+\x00)",
    ICASE,
)
# "alerts published to kafka x", "results pushed to topic y": a participle after the output's
# noun, right before a sink read already (only the verb is read; "Scans published to topic x"
# names the producers' records, never an output noun, and stays with the source readers)
OUTPUT_PARTICIPLE = re.compile(
    r"\b(?:published|sent|pushed|emitted|delivered|streamed|forwarded|posted|produced|written"
    r"|stored|saved)(?=\s+(?:(?:to|into|onto|on|in)\s*(?:the\s+)?)?\x00)",
    ICASE,
)
OUTPUT_SUBJECT = re.compile(
    r"(?:^|[\s:(\x00-])(?:(?:the|all(?:\s+the)?|any|our)\s+)?(?:(?:latest|new|resulting|final)\s+)?"
    r"(?:alerts?|results?|outputs?|counts|totals|sums|averages|aggregates|summaries|matches"
    r"|windows|flags|rollups?)\s+(?:(?:are|get)\s+)?(?:also\s+)?$",
    ICASE,
)
# "every emitted window should also be stored in ClickHouse x": the records the pipeline keeps
# (every sink gets them), as the subject of a sink's passive verb read already
KEPT_SUBJECT = re.compile(
    r"\b(?:every|each|all(?:\s+the)?)\s+(?:emitted|kept|matching|selected|resulting|remaining"
    r"|flagged)\s+(?:windows?|results?|records?|rows?|alerts?|events?|readings?)"
    r"(?=\s+(?:should|must|will|shall|(?:is|are)\s+to)?\s*(?:also\s+)?\x00)",
    ICASE,
)
# "should be written to the ClickHouse table x": the verb, when the sink recogniser read what
# follows "the" (a dead-letter topic there is another recogniser's)
PASSIVE_BEFORE_THE = re.compile(
    rf"\b(?P<v>{_PASSIVE_VERB})\s+(?:to|in|into|onto)\s+the\s+(?=\x00)", ICASE
)
# "stick it in ClickHouse ...", "throw everything into ...", "make it available in ...": a
# verb that moves records, right before a sink read already (only the verb is read).
MOVE_BEFORE = re.compile(
    rf"\b{PLACE_VERB}(?=\s+{MOVED_OBJECT}\s+(?:in|into|to|onto)\s*\x00)"
    r"|\b(?:stick|sticks|throw|throws|dump|dumps|put|puts|flush|flushes|flushing|pipe|pipes"
    r"|(?<![\w-])dual-?(?:write|writes|writing)"
    r"|make\s+(?:it|them)\s+available)\b"
    # ("dump the totals into ...": the object left for the accounting, which reads "totals"
    # only when a window makes them)
    # ("dump results in ...": the noun without its article too)
    # ("then dump the rest into ...": what a filter before leaves)
    # ("dump it all in ...": the records said whole, as MOVED_OBJECT says them)
    r"(?=(?:\s+(?:(?:it|them)\s+all|all\s+of\s+(?:it|them)|it|them|everything(?:\s+else)?|all"
    r"|the\s+rest|the\s+remainder|the\s+others"
    r"|(?:the\s+)?(?:records|rows|results|output|totals|counts"
    r"|aggregates|alerts|matches)))?\s+(?:in|into|to|onto)\s*\x00)"
    # "Put the replicas in the ClickHouse database x": a CDC source's copies, read with the verb
    r"|\b(?:put|puts|store|stores|keep|keeps|land|lands)\s+the\s+(?:replicas|replicated\s+tables)"
    r"(?=\s+(?:in|into|to|onto)\s+(?:the\s+)?\x00)",
    ICASE,
)
# "dump it into topic x" where the sink read "into topic x" itself: the verb, checked to stand
# right before a sink's words (see `_verbs_before_sinks`)
MOVE_BEFORE_SINK = re.compile(
    rf"\b{PLACE_VERB}\s+{MOVED_OBJECT}\s+(?=\x00)"
    r"|\b(?:stick|sticks|throw|throws|dump|dumps|dumping|put|puts|pipe|pipes)\s+"
    r"(?:(?:(?:it|them)\s+all|all\s+of\s+(?:it|them)|it|them|everything(?:\s+else)?|all"
    r"|the\s+rest|the\s+remainder|the\s+others|(?:the\s+)?(?:records|rows|results|output"
    r"|totals|counts|aggregates|alerts|matches))\s+)?(?=\x00)",
    ICASE,
)
SINK_TOO = re.compile(
    r"(?<=\x00)\s+(?:too|as\s+well|at\s+the\s+same\s+time|simultaneously|in\s+parallel)"
    r"(?=\s*(?:[.;,!]|$))",
    ICASE,
)
# "stdout is fine for now", "ClickHouse x is fine": a sink read, said to be enough
# ("ClickHouse x would be perfect", "... would be ideal": the sink wished for)
_ENOUGH = (
    r"(?:is|'s|would\s+be|will\s+be|should\s+be)\s+(?:totally\s+|perfectly\s+|just\s+)?"
    r"(?:fine|ok|okay|good\s+enough|enough|perfect|ideal|great|best)"
    # ("Console output is fine for the ops room": who watches it, plain lower-case words)
    r"(?:\s+for\s+(?:the|our)\s+(?:(?-i:[a-z][a-z-]*)\s+){0,2}?(?:room|team|crew|desk|folks"
    r"|people|staff|shift)(?=\s*(?:[.;,!]|$)))?"
    r"(?=\s*(?:[.;,!]|$|\s+for\s+now\b)"
    # ("Console output is fine for now, we're still testing": "for now," is taken out as
    # filler with its comma, and the next clause opens with its subject)
    # (the remark read already: "we're testing", see leadins.TRIAL_REMARK)
    r"|\s+(?:we|i)(?:'re|'m|\s+are|\s+am|\s+just|\s+only)\s|\s+\x00)"
)
SINK_FINE = re.compile(rf"(?<=\x00)\s*{_ENOUGH}", ICASE)
# "stdout is fine, I'm just going to tail it", "print them, I'll eyeball the output": who reads
# the screen, said right after a stdout sink (read only when every sink is the screen); its
# object a pronoun or the output's noun, never a value or a field.
SCREEN_READER = re.compile(
    r"(?<=\x00)\s*[,;:\u2013\u2014-]?\s*(?:(?:so|and|as|since|because|cause|cuz|coz)\s+)?"
    r"(?:i|we)(?:(?:'m|'re|\s+am|\s+are)?\s+(?:just\s+|only\s+|probably\s+)?(?:going\s+to|gonna)"
    r"|'ll|'d|\s+(?:will|would|can|want\s+to|plan\s+to|mean\s+to))\s+(?:just\s+|only\s+)?"
    r"(?:tail|watch|eyeball|grep|read|scan|follow|skim|check|monitor|look\s+at|keep\s+an\s+eye\s+on"
    r"|pipe)\s+(?:it|them|this|that|the\s+(?:output|logs?|lines|results|numbers|stream|screen))"
    r"(?:\s+(?:myself|ourselves|manually|by\s+hand|live|for\s+now|for\s+a\s+(?:bit|while)"
    r"|from\s+there))?(?=\s*(?:[.;,!?)]|$))"
    # ("just print to stdout for now, want to see what they look like": the records' shape,
    # what someone looks at on the screen, the subject left out in a chat)
    r"|(?<=\x00)\s*[,;:\u2013\u2014-]?\s*(?:(?:so|as|since|because|cause|cuz|coz)\s+)?"
    r"(?:(?:i|we)\s+(?:just\s+)?|(?:i|we)'d\s+)?(?:want\s+to|wanna|need\s+to|like\s+to)\s+see"
    r"\s+what\s+(?:it|they|these|those|the\s+(?:output|records|events|messages|rows|lines"
    r"|results|data))\s+(?:look|looks)\s+like(?=\s*(?:[.;,!?)]|$))",
    ICASE,
)
# "print to stdout, no real sink yet": the screen standing in for a sink still to come
NO_SINK_YET = re.compile(
    r"(?<=\x00)\s*[,;(\u2013\u2014-]?\s*(?:(?:there'?s|there\s+is|we\s+have|as\s+we\s+have)\s+)?"
    r"(?:no\s+(?:real|proper|actual|production)\s+(?:sink|destination|output|target)\s+"
    r"(?:yet|for\s+now)"
    # "stdout for now (real sink later)": the sink still to come, said in passing
    # ("(a real sink comes later)", "the proper destination will follow later": with a verb)
    r"|(?:(?:a|the)\s+)?(?:real|proper|actual|production)\s+(?:sink|destination|output|target)"
    r"(?:\s+(?:comes|will\s+come|is\s+coming|follows|will\s+follow|gets\s+added"
    r"|will\s+be\s+added))?\s+(?:later(?:\s+on)?|to\s+come))\b\s*\)?(?=\s*(?:[.;,!]|$))",
    ICASE,
)
# "...; in addition publish to topic y", "and additionally to topic y": one more sink.
SINK_ALSO = re.compile(
    r"\b(?:in\s+addition|additionally|on\s+top\s+of\s+that|besides\s+that"
    # "...; same records also to topic y": the records of the first sink
    r"|(?:the\s+)?same\s+(?:records|events|rows|data|messages|ones)(?:\s+(?:also|too))?)\b,?"
    r"(?=\s*\x00)",
    ICASE,
)
# "Send tow-gps to two places: clickhouse x and topic y": how many sinks follow (checked
# against the sinks read).
SINK_COUNT = re.compile(
    r"\b(?:to\s+)?(?P<n>\d{1,2})\s+(?:different\s+|separate\s+)?(?:places|destinations|sinks|targets"
    r"|outputs|spots|locations|stores)(?=\s*:?\s*\x00)",
    ICASE,
)
PASSIVE_AFTER = re.compile(
    rf"(?<=\x00)\s*,?\s*(?:{_PASSIVE_VERB}|(?:should\s+|must\s+|will\s+)?go(?:es)?)\b"
    # "door-events in, ClickHouse sec.doors out": the sink, then "out"
    r"|(?<=\x00)\s+out\b(?=\s*(?:[.;,:]|$))",
    ICASE,
)
# "Into ClickHouse table x, from topic y, the events with ... should go.": a sentence that opens
# with the sink read already and ends with its verb (only the verb is read).
SINK_FIRST_VERB = re.compile(
    r"(?:^|(?<=[.;!?]\s))\s*(?:(?:into|to|in)\s+(?:the\s+)?)?(?=\x00)[^.;!?]*?\s(?P<v>(?:"
    rf"{_PASSIVE_VERB}|(?:(?:should|must|will|shall|need\s+to|needs\s+to|(?:is|are)\s+to)\s+)?"
    r"(?:go|end\s+up|land)))\s*(?=[.;!?]|$)",
    ICASE,
)
# "destination is the ClickHouse table x", "the output goes to": a label before a sink read
# already.
SINK_IS = re.compile(
    r"\b(?:the\s+|our\s+|my\s+)?(?:destination|output|target|sink)(?:\s+(?:table|topic))?\s*(?:\s(?:is|=|will\s+be"
    r"|should\s+be)|:)\s+(?:the\s+)?(?=\x00)",
    ICASE,
)


# "send to ballet.late_arrivals", "Pipe the mowers.events topic to mowers.errors": an output
# verb, then a bare dotted name ending the clause (see `_namespaced_topic`)
NAMESPACED_OUT = re.compile(
    r"\b(?P<v>send|sends|publish|publishes|forward|forwards|pipe|pipes|write|writes|push|pushes"
    r"|stream|streams|emit|emits|route|routes|produce|produces)\b"
    rf"{MID}(?P<to>\b(?:to|into|onto)\s+(?:the\s+)?(?P<t>(?P<ns>[A-Za-z]\w+)\.[A-Za-z]\w*))"
    r"(?=\s*(?:[,;!?]|\.(?!\w)|$))",
    ICASE,
)
# "write them back into orders", "send the result back to the same topic x": an output verb,
# "back" and a name (a source's, said again: see `_write_back`)
WRITE_BACK = re.compile(
    rf"\b{OUT_VERB}\b{MID}(?P<back>\bback\s+(?:in|on)?to\s+(?:the\s+)?(?:same\s+)?"
    # (a store is no topic: "write the latest back to redis as ...")
    r"(?:kafka\s+)?(?:topic\s+)?)(?!(?:redis|clickhouse|kafka|stdout|postgres\w*|mysql|database|db"
    r"|cache|warehouse)\b)(?P<n>[A-Za-z][\w.-]*\w)(?:\s+topic)?(?![\w-]|\.\w)",
    ICASE,
)
DOTTED_NAME = re.compile(r"(?<![\w.])(?P<ns>[A-Za-z]\w+)\.[A-Za-z]\w*(?![\w.])")


THE_REST = re.compile(
    r"\s*(?:what(?:'s|\s+is)\s+left(?:\s+over)?|what\s+remains|whatever\s+(?:is\s+left|remains)"
    r"|the\s+rest|the\s+remaining\s+(?:ones|records|events|messages|rows)|everything\s+else"
    r"|the\s+survivors|what\s+(?:passes|passed|survives|got\s+through))\s*",
    ICASE,
)


DEAD_LETTER = re.compile(r"dead[\s-]*letters?|dlq", ICASE)


KEYED_BY = re.compile(
    # "(key: service_name)", a key after words read already (", dead letter queue x, key id")
    rf"\s*\(\s*(?:message\s+)?key(?:ed\s+by)?\s*[:=]?\s*(?P<f3>{FIELD})\s*\)"
    # ("(6 partitions, keyed by payment_id)": after the partitions read already)
    rf"|(?:\s*[,(]?\s*\x00+)?\s*,?\s*(?:(?:and\s+)?(?:keyed|partitioned|key)\s+(?:by|on)\s+(?:the\s+)?"
    rf"(?P<f>{FIELD})"
    # "topic x, key claim_id", "topic x with message key patient_id", "key is the user_id"
    r"|(?:and\s+)?(?:with\s+|using\s+)?(?:the\s+|a\s+)?(?:message\s+|kafka\s+|record\s+)?key\s*"
    r"(?:[:=]\s*|(?:is|of)\s+(?:the\s+)?)?(?!(?:by|on|is|of|the|and|to|in)\b)"
    rf"(?P<f2>{FIELD})(?![:{{])"
    # "topic x with mmsi as the message key", "using order_id as the key"
    rf"|(?:and\s+)?(?:with|using)\s+(?P<f4>{FIELD})\s+as\s+(?:the\s+|its\s+)?(?:message\s+"
    r"|kafka\s+|record\s+)?key\b)",
    ICASE,
)


def keyed_by_field(km: re.Match[str]) -> tuple[str, bool]:
    """The field a KEYED_BY match names, and whether it was quoted."""
    return unquote(next(km.group(g) for g in ("f", "f2", "f3", "f4") if km.group(g)))


# "ClickHouse port.alarms or to stdout", "topic crane-out or crane-out-2": what "or" joins
SINK_OR = re.compile(
    r"(?P<a>[\w.'\"`-]+)\s*,?\s+or\s+(?:(?:else|maybe|perhaps|just|instead|alternatively)\s+)*"
    # "..., or else just print them to stdout": a verb, then the other sink
    r"(?:(?:print|write|send|dump|output|show|push|publish|stream|forward|land)\w*\s+"
    r"(?:(?:them|it|everything|the\s+results?|results?)\s+)?(?=(?:to|into|onto|on|in)\s))?"
    r"(?:(?:to|into|onto|in|on)\s+)?(?:the\s+)?(?:(?:kafka|clickhouse)\s+)?(?:(?:topic|table)\s+)?"
    r"(?P<b>[\w.'\"`-]+)",
    ICASE,
)
# "to stdout as JSON, one per line", "..., one JSON object per line", "as newline-delimited
# JSON": how the screen shows each record, which is what the stdout sink writes
STDOUT_LINES = re.compile(
    r"(?:,\s*|\bas\s+|\bin\s+)(?:(?:one|1|a)\s+(?:json\s+)?(?:(?:record|event|row|message|object"
    r"|document|doc|line)s?\s+)?(?:per|a|each)\s+line|(?:one|1)\s+per\s+line"
    r"|newline[\s-]+delimited(?:\s+json)?|(?:json|jsonl|ndjson)(?:\s+lines)?)\b",
    ICASE,
)
# Where the stdout sink's sentence ends (what it says of the screen is said before)
_SINK_SENTENCE_END = re.compile(r"[.;!?\n]|$")
_TO_SCREEN = re.compile(
    r"\b(?:to|on|onto)\s+(?:the\s+)?(?:stdout|standard\s+output|console|terminal|screen)\b", ICASE
)
# ("print the enriched repairs to stdout": the records named after what a step did to them,
# a word refuse_unmade_result checks against the steps)
_EVERY_NOUN = re.compile(
    r"\s+(?:every|each|all(?:\s+the)?|the)\s+(?:(?:enriched|joined|matched|filtered|deduplicated"
    r"|de-?duped|cleaned|clean|processed|resulting|final)\s+)?[a-z]+\s+",
    ICASE,
)
_SCREENS = frozenset({"stdout", "console", "terminal", "screen"})
STDOUT = re.compile(
    # "dump to stdout", "show them on the console": a verb, then the screen named
    r"\b(?:dump|dumps|dumping|echo|echoes|show|shows|display|displays|output|outputs|send|sends"
    r"|write|writes|stream|streams|pipe|pipes|spit\s+out|spits\s+out"
    # "... and also echoed to stdout": the passive and -ing forms too
    r"|echoed|echoing|dumped|shown|showing|displayed|displaying|piped|piping|written|sent"
    r"|streamed|mirrored|copied|spat\s+out"
    # ("alerts are also logged to stdout": the verb, the screen named right after it; never
    # the end of a name, "kiln-logs to stdout")
    r"|(?<![-.])logged|(?<![-.])logging)(?:\s+(?:them|em|'em|it|results?"
    # ("have them written out to the console")
    r"|the\s+results?|records|events|everything))?(?:\s+out)?\s+(?:to|on|onto)\s+(?:the\s+)?(?:stdout"
    r"|standard\s+output|console|terminal|screen)\b|"
    # (never inside a name: "print-jobs topic", "from print-queue" are topics)
    # ("printer_id", "printers": a field and a noun, never the verb; "print shop MES:", "the
    # print servers": a compound noun, never the verb)
    r"(?<![-.])\b(?:print(?:s|ed|ing|out)?\b(?![-.]\w)"
    # ("the label printed at most 30 days before the sale": a participle with a time bound
    # says when a record was made, never the verb of a sink)
    r"(?!(?<=ed)\s+(?:within|up\s+to|at\s+most|no\s+(?:more|later)\s+than|between|before"
    r"|after|\d)\b)"
    # ("every printing plate", "the printing press", "the print room": the trade's nouns)
    r"(?!\s+(?:shops?|house|houses|servers?|farms?|heads?|media|studios?|plants?|press|presses"
    r"|plates?|rooms?|floors?|works)\b)(?:\s+(?:them|it|results?|the\s+results?|records|events))?(?:\s+to\s+"
    r"(?:the\s+)?(?:stdout|console|terminal|screen))?|(?:to|on)\s+(?:the\s+)?(?:stdout"
    # ("scans on terminal.boarding-scans": never the first part of a name)
    r"|standard\s+output|console|terminal|screen)(?![-.]\w)"
    # "log them" is the verb; "Feeding log events are read ..." a noun
    r"|(?:(?<![A-Za-z]\s)|(?<=\band\s)|(?<=\bthen\s)|(?<=\bjust\s)|(?<=\bplease\s)"
    r"|(?<=\balso\s)|(?<=\bsimply\s)|(?<=\bto\s))(?<![-.])log\s+(?:the\s+)?(?:results?|output|them"
    r"|it|records|events"
    # "Log every message from topic x": "every" makes "log" the verb ("log messages" a noun)
    r"|(?:every|each|all(?:\s+the)?)\s+(?:single\s+)?(?:records?|events?|messages?|rows?))|stdout"
    # "write to topic big and the console": the screen as the last of the sinks listed
    # ("... and also / as well as / plus the console")
    r"|(?:(?<=\band\s)|(?<=\band\salso\s)|(?<=\bas\swell\sas\s)|(?<=\bplus\s)"
    r"|(?<=\band\sadditionally\s))(?:the\s+)?(?:console|terminal|screen)(?![-.]\w)"
    # "Console output is enough": the screen named as the output asked for
    rf"|(?:the\s+)?(?:console|terminal|screen|stdout)\s+output(?=\s+{_ENOUGH}))\b",
    ICASE,
)


# "write to topic x and output it", "...; also display them": a sink's verb and a pronoun left
# after the sinks were read, with no destination of its own (the accounting skips both words)
DANGLING_SINK_VERB = re.compile(
    r"(?:\b(?:and|then|also)\s+|[,;]\s*|^\s*)(?P<w>(?:(?:also|then|please)\s+)?(?:display|show"
    r"|output|save|store|dump|emit|publish|push|send|write)\s+(?:them|it|those|these"
    r"|the\s+results?)(?:\s+(?:too|as\s+well))?)\s*(?=[.,;!?]|$)",
    ICASE,
)


# "keep amount > 10, write to Kafka.", "send them to Kafka": the pipeline's records asked for
# on Kafka, and no topic read as a sink
KAFKA_NO_TOPIC = re.compile(
    r"\b(?:write|writing|send|sending|publish|publishing|push|pushing|produce|producing|output"
    r"|outputting|forward|forwarding|emit|emitting|stream|streaming|put|putting)\s+"
    r"(?:(?:them|it|those|these|everything|all|the\s+results?|the\s+records|the\s+rest)\s+)?"
    # ("write to both Kafka and ClickHouse a.b": the quantifier before the store)
    r"(?:back\s+)?(?:to|into|onto|on)\s+(?:both\s+)?(?:a\s+|the\s+)?(?P<k>kafka)\b(?!\s*(?:topics?\b|:))",
    ICASE,
)

# "write to kafka as well as stdout", "to stdout and kafka": Kafka named as one of the sinks,
# with no topic, beside sinks that were read (never "from kafka", "kafka topic x", "kafka-1")
KAFKA_LISTED_NO_TOPIC = re.compile(
    r"\b(?:(?:back\s+)?(?:to|into|onto)|and(?:\s+also)?(?:\s+to)?|as\s+well\s+as(?:\s+to)?"
    r"|plus(?:\s+to)?)\s+(?:both\s+)?(?:a\s+|the\s+)?(?P<k>kafka)(?![-\w:]|\.\w)"
    r"(?=\s*(?:[,;.!?]|$|(?:and|as\s+well|plus|too|also|then)\b))",
    ICASE,
)


def _no_kafka_topic(words: str) -> RequestNotUnderstood:
    return RequestNotUnderstood(
        f"cannot read {' '.join(words.split())!r}: it names no Kafka topic; name it (\"write "
        'them to the Kafka topic alerts"), or leave it out'
    )


# "send them downstream", "ship it on", "...; publish.": records sent somewhere the request
# does not name (never printed to stdout in its place)
OUTPUT_NOWHERE = re.compile(
    r"\b(?:send|ship|publish|forward|push|deliver|pass)(?:es|s|ed|ing)?\s+"
    r"(?:(?:it|them|those|these|everything|all|the\s+(?:results?|rest|output|records|events))\s+)?"
    r"(?:downstream|onwards?|along|elsewhere|on|out|off)\b(?!\s+(?:to|into|onto|at|in)\b)"
    r"|\b(?:publish|ship)(?:\s+(?:it|them|the\s+results?))?(?=\s*(?:[.;!]|$))",
    ICASE,
)


def _output_nowhere(words: str) -> RequestNotUnderstood:
    return RequestNotUnderstood(
        f"{' '.join(words.split())!r} sends the records somewhere the request does not name; say "
        'where ("write them to the Kafka topic orders-clean", "store in ClickHouse shop.orders") '
        'or "print them to stdout"'
    )


# "keep grades where ... and write the latest per embryo to Redis": the verb joined by "and"
# right before "to Redis" is the sink's, never the first clause's "keep"
_REDIS_LATER_VERB = (
    r"(?!\band\s+(?:then\s+)?(?:also\s+)?(?:write|store|save|cache|push|put|set|upsert|keep"
    r"|send|publish|load|sync|dump|mirror|stream)\b)"
)
REDIS_SINK = re.compile(
    r"\b(?:write|writing|written|store|storing|stored|save|saving|saved|cache|caching"
    # "(it) writes them to ... Redis": the pipeline's records; never "the profile service
    # stores users in Redis" (where a lookup's data lives)
    r"|(?:writes|stores|saves)(?=\s+(?:them|it|those|everything|the\s+results?)\b)|push"
    r"|pushing|put|putting|set|setting|upsert\w*|mirror\w*|keep|keeping|stream|streaming"
    r"|send|sending|publish|publishing|load|loading|sync|syncing|dump|dumping|forward|forwarding"
    r"|sink|sinking|land|landing|copy|copying|export|exporting"
    # ("toss them into redis at queue:{ride_id}": a casual verb, the records its object)
    rf"|{PLACE_VERB}(?=\s+{MOVED_OBJECT}\s+(?:back\s+)?(?:to|in|into)\s+(?:a\s+|the\s+)?redis\b))\s+"
    # (a dot inside a name is no sentence's end: "write the latest state from hops.valves to";
    # a question's mark is: "only keep the hours where x is over 40? push those into redis")
    rf"(?:(?:{_REDIS_LATER_VERB}[^,;.?!\x00]|\.(?=\w)){{0,100}}?\s)?(?:back\s+)?(?:to|in|into)\s+"
    # ("writes them to 2 places: Redis with the key ..., and the Kafka topic x")
    r"(?:\d{1,2}\s+(?:different\s+|separate\s+)?(?:places|destinations|sinks|targets|outputs)\s*:\s*)?"
    # ("write them to both Redis key x:{id} and ClickHouse a.b")
    r"(?:both\s+)?(?:a\s+|the\s+)?redis\b",
    ICASE,
)


# "write order_id, total, shop to Redis, key order:{order_id}": "to Redis" right after the verb
# and the fields written, which the projection's reader took (see `_after_written_fields`)
REDIS_AFTER_READ = re.compile(
    r"(?P<read>\x00+)\s+(?:back\s+)?(?:to|in|into)\s+(?:a\s+|the\s+)?redis\b", ICASE
)


# "write each record as a Redis hash under the key van:{van_id}": the store named only as the
# format's (a hash is Redis's own), after an imperative verb ("the profile stored as a Redis
# hash" says where a lookup's data lives: never a sink)
REDIS_AS_HASH_SINK = re.compile(
    r"\b(?:write|store|save|cache|put|keep|upsert|push)\s+"
    r"(?:[^,;.?!\x00]{0,60}?\s)?as\s+(?:an?\s+)?redis\s+hash(?:es)?\b",
    ICASE,
)


# "Keep the latest status of every machine in Redis: ... write a hash per machine under
# machine:{machine_id}": a hash per keyed thing (a hash is Redis's own), its noun the key's;
# read only when the request names Redis
REDIS_HASH_PER = re.compile(
    r"\b(?:write|store|save|keep|put|upsert|maintain)\s+(?:an?|one)\s+(?:redis\s+)?hash"
    r"(?=\s+(?:per|for\s+(?:each|every))\s+[A-Za-z])",
    ICASE,
)
# the thing a hash is kept for ("a hash per machine"): read when it names the key
_HASH_FOR = re.compile(r"\bhash\s+(?:per|for\s+(?:each|every))\s+(?P<n>[A-Za-z]\w*)\b", ICASE)
# "write to Redis a hash per machine": the format said by the same words
REDIS_FORMAT_PER = r"\b(?:an?|one)\s+(?:redis\s+)?(?P<per>hash)\s+(?:per|for\s+(?:each|every))\s"


# "... and also set redis key alert:{room_id} with a 30 minute expiry": the key set, the store
# named before it with no preposition (only "set": "keep redis key ..." may be a lookup's);
# "also set redis excursion:{fridge_id} with a 24 hour expiry": the key's template right after
REDIS_SET_KEY = re.compile(
    r"\b(?:set|sets|setting)\s+(?:a\s+|the\s+)?redis(?=\s+keys?\s|\s+[A-Za-z][\w.-]*:\{)", ICASE
)


# "We'd like the latest ... in Redis": a wish said in place of the sink's verb
REDIS_WISH = r"\s*(?:(?:we|i)(?:'d|\s+would)\s+like|(?:we|i)\s+(?:want|need))?\s*"
# "..., latest record per truck_id to redis key truck:{truck_id}": no verb, the latest value
REDIS_LATEST_SINK = re.compile(
    # ("... to ClickHouse x.y and the latest reading per room_id to Redis ...": after a sink)
    # ("... in clickhouse x.y plus the latest alarm per regulator_id in redis ...")
    # ("We'd like the latest state per unit in Redis (key ...)": a wish, its verb the sink's)
    r"(?:(?<=[,;:\x00])|(?<=\x00 and )|(?<=\x00 plus )|^|(?=\b(?:we|i)(?:'d|\s+would)\s+like\s"
    r"|\b(?:we|i)\s+(?:want|need)\s))"
    rf"{REDIS_WISH}"
    r"(?=(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s)"
    r"[^,;.\x00]{0,100}?\s(?:to|in|into)\s+(?:a\s+|the\s+)?redis\b",
    ICASE,
)


AND_REDIS = re.compile(
    # ("* write to clickhouse x.y * and to redis, key ...": the next list item, after ';' or '.';
    # "... roadside.requests as well as Redis under tow:{request_id}"; "Output: ClickHouse
    # trams.arrivals, Redis key stop:{stop_id}": a list of destinations)
    r"(?:(?<=\x00\s)|(?<=\x00,\s)|(?<=\x00;\s)|(?<=\x00\.\s))(?:(?:and|plus|as\s+well\s+as)\s+(?:also\s+)?"
    r"|(?<=,\s))(?:(?:to|in|into)\s+)?(?:a\s+|the\s+)?redis\b",
    ICASE,
)


# "with no expiry", "no TTL", "keys never expire", "without a TTL": no expiry (the default)
REDIS_NO_EXPIRY = re.compile(
    r"\b(?:with\s+)?(?:no|without\s+(?:an?\s+)?)\s*(?:ttl|expiry|expiration|expiration\s+time)\b"
    # ("no expiry needed")
    r"(?:\s+(?:needed|required|necessary))?"
    r"|\b(?:(?:the\s+)?(?:keys|entries|values)\s+)?(?:never|don't|do\s+not|should\s+not|shouldn't)"
    r"\s+expire\b",
    ICASE,
)


# A key template said before "in Redis": "the last value of each truck under truck:{truck_id}"
REDIS_KEY_BEFORE = re.compile(
    r"\s+(?:under|at|as|with|keyed)\s+(?:the\s+)?(?:key\s+)?"
    r"""(?P<tpl>[`'"]?(?P<pre>[A-Za-z0-9_:.\-]*)\{(?P<f>[A-Za-z_]\w*)\}[`'"]?)(?=\s|$)""",
    ICASE,
)


# What expires in Redis: "keys expire after ...", "expire them after ...".
# ("let the key expire after 6 hours", "each key should expire after ...": one key said)
REDIS_EXPIRING = (
    r"(?:(?:let|have|make)\s+(?:the\s+|each\s+)?(?:redis\s+)?(?:keys?|entries|entry|them|it)\s+"
    r"expire"
    r"|(?:the\s+|each\s+)?(?:redis\s+)?(?:keys?|entries|entry|values?)\s+(?:(?:should|must|will"
    r"|shall|needs?\s+to|ha(?:ve|s)\s+to|to)\s+)?(?:expir\w*|(?:live|last|stay)(?:\s+for)?)"
    r"|expir\w*(?:\s+(?:them|it|the\s+(?:redis\s+)?keys|keys|the\s+entries|entries))?"
    # "under machine:{machine_id} that expires after 10 minutes": said of the key just named
    r"|(?<=\}\s)(?:that|which)\s+(?:(?:should|will|must)\s+)?expires?)"
)
# "write to redis, key storm:{station_id}, keep for 7 days": how long a key is kept, said in
# the Redis sink's own clause (a ClickHouse table's retention is read elsewhere)
REDIS_KEEP_FOR = (
    r"(?:keep|hold|retain)\s+(?:them\s+|it\s+|(?:the\s+)?(?:keys|entries|values)\s+|each\s+key\s+)?"
    r"for\s+"
)
REDIS_EXPIRY_CLAUSE = re.compile(
    rf"\s*,\s*(?:and\s+)?(?:(?:with\s+)?(?:an?\s+)?(?:ttl|expiry)\s*(?:of\s+|[=:]\s*)?{DUR}"
    rf"|(?:with\s+)?(?:an?\s+)?{DUR}\s+(?:ttl|expiry)|{REDIS_EXPIRING}\s+(?:after|in)\s+{DUR}"
    rf"|{REDIS_KEEP_FOR}{DUR})",
    ICASE,
)


REDIS_MORE = re.compile(
    # ("with key prefix revenue: and key field show_id": after a prefix's colon, "and")
    r"(?:\s*,\s*(?:and\s+)?|:?(?<=:)\s+and\s+)(?:with\s+)?(?:the\s+|a\s+)?(?:(?:redis\s+)?keys?\b|keyed\b|under\b"
    r"|prefix\w*|as\s+(?:an?\s+)?(?:redis\s+)?(?:hash(?:es)?|json)\b"
    # "..., key cart:{cart_id}, hash, ttl 30 min": the format said bare
    r"|(?:hash(?:es)?|json)(?=\s*(?:[,;.]|$)|\s+(?:ttl|expir\w*|keys?|keyed|with)\b))",
    ICASE,
)


# Retention of a ClickHouse table: "retain 30 days", "keep the rows for 90 days", "TTL 30 days",
# "delete rows older than 1 year", "expire data after 2 weeks", "a 30-day retention".
RETAIN_SPAN = rf"(?P<n>\d+|{WN})[\s-]*(?P<unit>days?|weeks?|months?|years?)"
RETAIN_DATA = r"(?:(?:the\s+|all\s+|old\s+)?(?:data|rows|records|events|results|them|it)\s+)"
# After a short word ("on", "from", "after"), only a name that looks like a column: "on
# reading_time", "after their timestamp", never "on the orders table" or "after the event".
_COLUMN_LIKE = (
    r"(?=(?:the\s+|their\s+|its\s+)?(?:[A-Za-z]\w*_\w+|ts|timestamp|time|date|datetime|[`'\"])"
    r"(?![\w-])(?!\s+(?:table|database|db)\b))"
)
RETAIN_FROM = (
    rf"(?:\s*,?\s+(?:(?:based\s+on|counted\s+from|measured\s+from|according\s+to|by)\s+"
    # "keep rows for 90 days after scanned_at": counted from the column
    rf"|(?:on|from|after)\s+{_COLUMN_LIKE})(?:the\s+|their\s+|its\s+)?(?P<col>{FIELD})"
    # "kept for 30 days (TTL on scanned_at)": the column in parentheses
    rf"|\s*\(\s*(?:(?:ttl|retention|expiry)\s+)?(?:on|from|based\s+on|counted\s+from|by)\s+"
    rf"(?:the\s+)?(?P<pcol>{FIELD})\s*\))?"
)
RETENTION = [
    re.compile(rf"\b{p}\b{RETAIN_FROM}", ICASE)
    for p in (
        # "keeping 60 days of rows by window_start": the rows said after the span
        rf"(?:retain|keep)(?:s|ing)?\s+(?:(?:only\s+)?{RETAIN_DATA})?(?:for\s+)?{RETAIN_SPAN}"
        r"(?:\s+of\s+(?:the\s+)?(?:data|rows|records|events|results|history))?",
        # "..., kept for 14 days", "retained for 90 days"
        rf"(?:kept|retained|stored|held)\s+(?:for\s+)?{RETAIN_SPAN}",
        rf"(?:with\s+)?(?:an?\s+)?(?:ttl|retention)(?:\s+(?:period\s+)?(?:of|is|=|:))?\s*{RETAIN_SPAN}",
        rf"(?:delet|drop|remov|expir|purg)\w*\s+{RETAIN_DATA}?(?:(?:when\s+)?older\s+than|after"
        rf"|once\s+they\s+are)\s+{RETAIN_SPAN}(?:\s+old)?",
        rf"(?:with\s+)?(?:an?\s+)?{RETAIN_SPAN}\s+(?:ttl|retention(?:\s+period)?)",
    )
]
# Retention counted from a named column: "delete rows 30 days after their timestamp", "rows
# expire 90 days after created_at", "TTL created_at + INTERVAL 30 DAY". Never "after they
# arrive": a ClickHouse TTL counts from a column, not from the insert.
_AFTER_COL = (
    rf"\s+(?:after|past|from)\s+{_COLUMN_LIKE}(?:their\s+|its\s+|the\s+)?(?P<col>{FIELD})"
    r"(?:\s+(?:field|column|value))?"
)
RETENTION += [
    re.compile(p, ICASE)
    for p in (
        rf"\b(?:delet|drop|remov|expir|purg)\w*\s+(?:each\s+row\s+|{RETAIN_DATA})?{RETAIN_SPAN}"
        rf"{_AFTER_COL}",
        rf"\b{RETAIN_DATA}(?:should\s+|must\s+|will\s+|are\s+to\s+)?(?:expire|be\s+(?:deleted|dropped"
        rf"|removed|purged)|get\s+(?:deleted|dropped|removed))\s+{RETAIN_SPAN}{_AFTER_COL}",
        # "+" reaches here as "and" (text.plus_as_and)
        rf"\bttl\s+(?:of\s+|=\s*|:\s*)?(?P<col>{FIELD})\s*(?:\+|\s(?:and|plus)\s)\s*(?:interval\s+)?"
        rf"{RETAIN_SPAN}\b",
    )
]
RETAIN_FROM_ARRIVAL = re.compile(
    rf"\b{RETAIN_SPAN}\s+after\s+(?:they|it|each\s+row|the\s+rows?)\s+(?:(?:is|are|was|were|get|gets)"
    r"\s+)?(?:arriv\w*|insert\w*|ingest\w*|load\w*|land\w*|written|stored)\b",
    ICASE,
)
REDIS_WORD = re.compile(r"\bredis\b", ICASE)
# A clause about something else that has a lifetime: a Redis value, a cache, a dedup horizon.
NOT_RETENTION = re.compile(r"\b(?:redis|cach\w*|dedup\w*|duplicates?|idempot\w*)\b", ICASE)
RETAIN_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


# "key 'hive_temp:' + hive_id": a quoted prefix joined to one field, the Redis sink's key (two
# fields joined, "'x:' + a + b", are left unread: refused)
REDIS_PREFIX_PLUS = re.compile(
    # (the layout says "+" as "and")
    rf"""['"`](?P<pre>[A-Za-z0-9_.\-]+:)['"`]\s*{PREFIX_JOIN}\s*(?P<f>{FIELD})\b"""
    rf"""(?!\s*{PREFIX_JOIN}\s*(?:['"`:]|[A-Za-z]\w*_))"""
)


# "under key prefix flyer: plus flyer_id": after an unquoted prefix's colon (where the clause
# stopped), the one field joined to it (never "and": "prefix x: and key field y" names the field)
REDIS_AFTER_PREFIX_PLUS = re.compile(
    rf"\s*(?:\+|\bplus\b|\bfollowed\s+by\b)\s*(?:the\s+)?(?P<f>{FIELD})\b"
    rf"""(?!\s*{PREFIX_JOIN}\s*(?:['"`:]|[A-Za-z]\w*_))""",
    ICASE,
)


# "write hops.valve_states to Redis", "to Redis at vs.states": a topic's or table's dotted name
# said as where the Redis records go (it has no {field}: one key for every record)
DOTTED_REDIS_NAME = re.compile(
    r"\b(?:write|writes|writing|store|stores|storing|save|saves|saving|put|puts|push|pushes"
    r"|dump|dumps|persist|persists)\s+(?:(?:them|it|the\s+records?)\s+)?(?:as\s+|under\s+)?"
    r"(?P<n>[A-Za-z]\w*(?:\.[A-Za-z]\w*)+)(?![\w.{:-])"
    r"(?=\s+(?:to|in|into)\s+(?:the\s+)?redis\b)"
    r"|\b(?:to|in|into)\s+(?:the\s+)?redis\s+(?:(?:at|as|named|called|table|key)\s+)?['\"`]?"
    r"(?P<n2>[A-Za-z]\w*(?:\.[A-Za-z]\w*)+)(?![\w.{:-])",
    ICASE,
)


def _refuse_dotted_redis_name(s: str) -> None:
    """A dotted name where a Redis sink's key goes is refused with what a Redis key needs
    (before, "hops" in "hops.valve_states" was read as a hopping window's word)."""
    m = DOTTED_REDIS_NAME.search(s)
    name = m and (m.group("n") or m.group("n2"))
    if m and name and s.count(name) == 1:  # (the source topic's name said again: left)
        raise RequestNotUnderstood(
            f"Redis sink: {name!r} is not a Redis key: a Redis sink writes one key per record, "
            'a prefix and a field of the record (e.g. "write to Redis key valve:{valve_id}"); '
            "a dotted name is a Kafka topic or a ClickHouse table"
        )


# "drop events older than 7 days (event_age_days > 7)": a comparison in parentheses right after
# the retention's words, the records it means said as a condition on a field of each record
_GLOSSED_BY_CONDITION = re.compile(r"\s*\((?P<c>[^()]*?(?:[<>=]|\bbetween\b)[^()]*)\)")


def _refuse_retention_glossed(s: str, m: re.Match[str]) -> None:
    """A retention's words glossed by a condition on a field: a filter dropping those records
    before the steps, or a TTL deleting the table's rows later? Read as a TTL, the condition was
    read alone as a filter keeping the very records the words drop."""
    gloss = _GLOSSED_BY_CONDITION.match(s, m.end())
    if gloss:
        raise RequestNotUnderstood(
            f"cannot read {m.group(0).strip()!r} ({gloss['c'].strip()}): a filter dropping "
            "those records, or a retention (TTL) deleting the table's rows after that time? For "
            f"the filter write \"drop records where {gloss['c'].strip()}\"; for the retention "
            f'"delete rows older than {m.group("n")} {m.group("unit")}", without the condition'
        )


def _sink_target(sink: dict[str, Any]) -> str | None:
    """The place a sink writes to, as the request names it (None: Redis, checked elsewhere)."""
    if sink["kind"] == "kafka":
        return f"topic {sink['topic']!r}"
    if sink["kind"] == "clickhouse":
        return f"ClickHouse table {sink['table']!r}"
    return "stdout" if sink["kind"] == "stdout" else None


def _one_per_target(sinks: list[dict[str, Any]], assumptions: list[str]) -> list[dict[str, Any]]:
    """ "write to topic big. The output goes to topic big.": one output said twice is written
    once (it was two sinks, each record written twice to the topic); said twice with different
    settings, it is refused."""
    out: list[dict[str, Any]] = []
    for sink in sinks:
        target = _sink_target(sink)
        same = next((o for o in out if target and _sink_target(o) == target), None)
        if same is None:
            out.append(sink)
        elif same == sink:
            assumptions.append(f"{target} is named as an output twice; it is written once")
        else:
            raise RequestNotUnderstood(
                f"{target} is named as an output twice, with different settings; say it once, "
                "with all its settings"
            )
    return out


def _redis_key_said(data: dict[str, Any]) -> str:
    """A Redis clause's key as the request said it ("order:{order_id}"), or "" when unsaid."""
    field = data.get("key_field")
    return f"{data.get('key_prefix') or ''}{{{field[0]}}}" if field else ""


def _two_redis_sinks(*clauses: dict[str, Any]) -> RequestNotUnderstood:
    """Two Redis sinks asked: the spec has one (the processor writes one key per record)."""
    keys = [k for k in map(_redis_key_said, clauses) if k]
    said = f" (keys {' and '.join(keys)})" if len(keys) > 1 else ""
    return RequestNotUnderstood(
        f"two Redis sinks{said}: a pipeline writes one Redis key per record, so it has one "
        "Redis sink; keep one Redis key, and send the other output to ClickHouse or a Kafka "
        "topic (or run a second pipeline for it)"
    )


def _same_redis_sink(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two Redis clauses that do not contradict each other describe one sink."""
    for name in ("key_prefix", "format", "ttl_ms"):
        if name in a and name in b and a[name] != b[name]:
            return False
    # two clauses naming different key fields explicitly ("... {user_id}", "... {session_id}")
    key_a, key_b = a.get("key_field"), b.get("key_field")
    return not (key_a and key_b and key_a != key_b and key_a[1] and key_b[1])


def retention_matches(text: str) -> list[re.Match[str]]:
    """The retention clauses of a request, leaving out those about Redis, caches and dedup."""
    found: list[re.Match[str]] = []
    for pattern in RETENTION:
        for m in pattern.finditer(text):
            # ("... to Redis under x:{id}. Keys should expire after 3 days.": Redis's)
            if NOT_RETENTION.search(clause_around(text, m.start(), m.end(), sentence_start=False)):
                continue
            if REDIS_WORD.search(text) and not CH_WORD.search(text):
                # "write them to Redis, keyed by user_id, expiring after 1 day", "..., stored as
                # a hash. Keys should expire after 3 days.": no ClickHouse table to expire
                continue
            if not any(f.start() < m.end() and m.start() < f.end() for f in found):
                found.append(m)
    return sorted(found, key=lambda m: m.start())


# "cache each price from topic prices in Redis", "stream topic payments into Redis"
SOURCE_IN_CLAUSE = re.compile(
    rf"\bfrom\s+(?:the\s+)?(?:(?:kafka\s+)?topics?\s+{NAME}|{NAMED_TOPIC})(?=\s)"
    # "store the session-state records in Redis": a topic-like name before "records"
    rf"|\b(?:the\s+)?{NAMED_TOPIC}\s+(?:records|events|messages)\b"
    # "stream topic payments into Redis"
    rf"|\b(?:the\s+)?(?:kafka\s+)?topics?\s+{NAME}(?=\s)",
    ICASE,
)


# Kafka sink headers: "with header source=checkout", "add headers region from region and
# 'producer: etl-gen'", "set the Kafka header tenant to the tenant_id field".
HEADER_LEAD = re.compile(
    r"\b(?:(?:and\s+)?(?:with|add|adding|set|setting|attach|attaching|include|including|put"
    # "..., key patient_id, and a header source=x": a list of the sink's options
    r"|putting)\s+|\band\s+(?=(?:a|the)\s))(?:a\s+|the\s+)?"
    # "with a constant header origin = x": the adjective says a value, as '=' does
    r"(?:(?:constant|static|fixed)\s+)?(?:kafka\s+|message\s+|record\s+)?headers?\s+",
    ICASE,
)
_QUOTE = r"(?:'[^']*'|\"[^\"]*\")"
HEADER_ITEM = re.compile(
    rf"(?P<q>{_QUOTE})|(?P<n>[A-Za-z0-9._-]+)(?:\s*=\s*(?P<v>{_QUOTE}|[A-Za-z0-9._:/-]+)"
    r"|\s+from\s+(?:the\s+)?(?:field\s+)?(?P<f>[A-Za-z_]\w*)(?:\s+field)?"
    r"|\s+(?:to|as)\s+(?:the\s+)?(?P<f2>[A-Za-z_]\w*)\s+field"
    rf"|\s+(?:to|as)\s+(?:the\s+)?(?:value\s+|constant\s+)?(?P<tv>{_QUOTE})"
    r"|\s+(?:to|as)\s+(?P<amb>[A-Za-z0-9._:/-]+))?",
    ICASE,
)
HEADER_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", ICASE)
HEADER_TRAIL = re.compile(
    r"\s+(?:to|on|in)\s+(?:every|each|all)\s+(?:(?:output|outgoing|kafka)\s+)?"
    r"(?:messages?|records?|events?)\b",
    ICASE,
)


# "join the latest record per customer_id from compacted topic customers": a table join's words.
LATEST_IN_JOIN = re.compile(
    r"\b(?:compacted|changelog|join\w*|look\w*\s+up|lookup|enrich\w*)\b", ICASE
)


# "... to Redis": where the destination words of a Redis sink clause start.
REDIS_DEST = re.compile(r"\s(?:back\s+)?(?:to|in|into)\s+(?:a\s+|the\s+)?redis\b", ICASE)
# What is written to Redis, said between the verb and "to Redis": "each price", "them", "the
# records"; never a qualifier ("only premium users" is a filter: left to be read or refused).
REDIS_WHAT = re.compile(
    r"\s*(?:(?:(?:each|every|all(?:\s+the)?|the|its|their|our)\s+[a-z][\w-]*)|them|it|everything"
    r"|(?:the\s+)?(?:records|events|messages|results|rows|data)"
    # "store the latest one in Redis under member:{member_id}": what a Redis key keeps anyway
    # ("keep only the latest event in Redis": only the latest is what a key holds, no filter)
    r"|(?:(?:only|just)\s+)?(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s+"
    r"(?:ones?|records?|events?"
    # ("write the latest reading to redis under silo:{silo_id}": the record, one per key)
    r"|messages?|rows?|values?|versions?|state|entry|snapshot|readings?|updates?|results?"
    r"|alerts?|summary|locations?|positions?|status"
    # ("keep the latest numbers in Redis under belt:{bar_id}": a window's figures, per key)
    r"|numbers|figures|totals|counts|stats|statistics|metrics|aggregates))?\s*",
    ICASE,
)
# "write the status to Redis": one thing named as the value (refused unless it is the records).
REDIS_ONE_VALUE = re.compile(r"\s*(?:the|its|their|our)\s+(?P<noun>[a-z][\w-]*)\s*", ICASE)
REDIS_RECORD_WORDS = word_set(
    "result output data record event message row stream aggregate summary window rollup snapshot"
    " count total sum average tally metric figure rest remainder"
)
# "as a JSON string", "as JSON documents": the json format said with its noun
_JSON_TAIL = r"(?:\s+(?:strings?|text|blobs?|documents?|objects?|values?))?"
# "keep the latest status per driver_id in Redis": what a Redis key holds anyway.
REDIS_LATEST = re.compile(
    # "the latest status per driver_id", "the latest GPS position of each courier" (an acronym
    # only: "the latest failed login per user_id" selects records, left to the filters)
    # ("keep only the latest event per device_id in Redis": the same, "only" saying so)
    r"\s*(?:(?:(?:only|just)\s+)?(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s+"
    r"(?:(?-i:[A-Z]{2,})\s+)?"
    # "the latest battery level per scooter": a plain word before the noun (checked in
    # `_redis_middle`: never one that selects, "the latest failed login")
    # ("the latest fridge-state per fridge_id": the topic's name as the records' noun)
    r"(?:(?P<w1>[a-z]+)\s+(?=[a-z]+(?:-[a-z]+)*\s+(?:per|for|of|by)\s))?(?:[a-z]+(?:-[a-z]+)*\s+)?"
    # ("of every cable car" under key cablecar:{cabin_id}: two plain words, see `_redis_middle`)
    r"(?:per|for\s+(?:each|every)|of\s+(?:each|every)|by)\s+"
    # ("the latest price per origin and grade" under quote:{origin}:{grade}: the template's
    # fields, every one named; checked in `_redis_middle`)
    r"(?:(?P<ks>[a-z]\w*(?:\s*,\s*[a-z]\w*)*\s*,?\s+and\s+[a-z]\w*)(?=\s*$)"
    rf"|(?P<k3>[a-z]+\s+[a-z]+)(?=\s*$)|(?P<k>{FIELD}))"
    # "each driver's latest location", "each sku's current price"
    r"|(?:each|every)\s+(?P<k2>[A-Za-z_]\w*)['\u2019]s\s+(?:latest|newest|most\s+recent|last|current)"
    # ("each vehicle's latest fuel level": a plain word first, checked as w1 is)
    r"(?:\s+(?P<w2>[a-z]+)(?=\s+[a-z]+\s*$))?\s+[a-z]+)\s*",
    ICASE,
)
# "the latest irrigation valve state", "the current cabin position": the latest value of a
# thing, no per-key words (the key's prefix must name the thing: see `_latest_of_prefix`)
REDIS_LATEST_OF_PREFIX = re.compile(
    r"\s*(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s+(?P<w>(?:[A-Za-z]+\s+){1,2})"
    r"(?:state|status|position|location|value|reading|level|fix|summary|snapshot|record)\s*",
    ICASE,
)
# "the latest price" under key price:{species}: the noun the key's prefix names, alone
REDIS_LATEST_NAMED = re.compile(
    r"\s*(?:the\s+)?(?:latest|newest|most\s+recent|last|current)\s+(?P<n>[A-Za-z]+)\s*", ICASE
)
# "latest alert also stored in redis ...": the latest value, said as the subject of the Redis
# sink's participle (see `_latest_subject`)
REDIS_PARTICIPLE = re.compile(r"(?:stored|written|saved|kept|cached|put|pushed|mirrored)\b", ICASE)
REDIS_LATEST_SUBJECT = re.compile(
    r"(?:^|(?<=[\s:(\x00-]))(?P<latest>(?:the\s+)?(?:latest|newest|most\s+recent|last|current))"
    r"\s+(?P<w>(?!also\b)[A-Za-z]+(?:\s+(?!also\b)[A-Za-z]+)?)\s+(?:(?:is|are|gets?)\s+)?"
    r"(?:also\s+)?$",
    ICASE,
)
# Words of a Redis clause read by `_redis_format_and_expiry` or naming the key.
REDIS_CLAUSE_WORDS = re.compile(
    rf"\bas\s+(?:an?\s+)?(?:redis\s+)?(?:hash(?:es)?|json{_JSON_TAIL})\b|\b(?:an?\s+|the\s+)?redis\s+hash(?:es)?\b"
    r"|\b(?:with|using)\s+(?:the\s+)?(?:key|keys)\b|\b(?:key|keys|value|values|hash|hashes)\b"
    # "with key pattern views:{page}", "key format user:{id}"
    r"|\b(?<=key\s)(?:pattern|template|format)(?=\s+[`'\"]?[A-Za-z0-9_:.\-]*\{)"
    r"|(?<=,\s)json(?=\s*(?:[,;.]|$)|\s+(?:ttl|expir\w*|keys?|keyed|with)\b)"
    # "keyed cart:{cart_id}", "under key device:{device_id}": the words before a key template
    r"|\b(?:keyed(?:\s+(?:as|by|on))?|under|at)(?=\s+(?:(?:the\s+)?key\s+)?[`'\"]?[A-Za-z0-9_:.\-]*\{)",
    ICASE,
)


# A Redis sink's key or expiry said as a clause of its own, away from the sink's clause ("Keep
# the latest position of each courier in Redis: read courier-gps, key courier:{courier_id},
# keys expire after ten minutes", "... Keys should expire after 3 days.").
_CLAUSE_START = r"(?:(?<=[,;:.(\x00?!])|^)\s*(?:and\s+)?"
# ("..., expire after 5 min pls": a courtesy word may end it)
_UNTIL_END = r"(?=(?:\s+(?:please|pls|plz|thanks|thx)\b)?\s*(?:[,;.)!?]|$))"
# "keep the rows for 90 days, we don't need more history than that": the same retention
RETENTION_ENOUGH = re.compile(
    r"\s*(?:\([^()\x00]{0,60}\)\s*)?[,;:\u2013\u2014-]?\s*(?:(?:as|since|because)\s+)?"
    r"(?:(?:we|I)\s+(?:don'?t|do\s+not|won'?t|will\s+not)\s+need|(?:there'?s\s+|there\s+is\s+)?no"
    r"\s+need\s+(?:for|to\s+keep))\s+(?:any\s+)?(?:more|longer|older)(?:\s+(?:history|data|rows"
    r"|records))?(?:\s+(?:than\s+that|beyond\s+that|than\s+this))?\b",
    re.I,
)
REDIS_TTL_COLON = re.compile(rf"(?i)(?:(?<=ttl)|(?<=expiry))\s*[:=]\s*{DUR}")
REDIS_KEY_ALONE = re.compile(
    r"(?:(?<=[\s,;:.(\x00])|^)(?:and\s+)?(?:with\s+|using\s+)?(?:the\s+)?(?:redis\s+)?key"
    r"(?:\s+(?:template|pattern|format))?\s*(?:(?:is|should\s+be|must\s+be|will\s+be)\s+|[=:]\s*)?"
    # ("key driver:{driver_id}:pos": a suffix after the field makes it a template)
    r"""(?P<tpl>[`'"]?(?P<pre>[A-Za-z0-9_:.\-]*)\{(?P<f>[A-Za-z_]\w*)\}"""
    r"""(?P<suf>[:\-]+[A-Za-z0-9_]+(?:[:.\-]+[A-Za-z0-9_]+)*)?[`'"]?)(?![\w{])""",
    ICASE,
)
# "..., store it as a hash, ...", "; values as JSON": the format in a clause of its own
REDIS_FORMAT_ALONE = re.compile(
    rf"{_CLAUSE_START}(?:(?:store|keep|save|write|put)\s+(?:(?:it|them|each\s+one|the\s+(?:values?"
    r"|state|records?))\s+)?|(?:the\s+)?values?\s+(?:are\s+)?|(?:stored|kept|saved|written)\s+)?"
    r"as\s+(?:an?\s+)?(?:redis\s+)?"
    rf"(?P<fmt>hash(?:es)?|json){_JSON_TAIL}\b(?=\s*(?:[,;.)]|$)|\s+(?:and\s+)?expir\w*\b"
    r"|\s+(?:the\s+)?(?:keys|entries|ttl)\b)",
    ICASE,
)
REDIS_TTL_ALONE = re.compile(
    rf"(?:(?<![\w-])(?:the\s+)?(?:redis\s+)?(?:keys|entries|values"
    # ("key driver:{driver_id}:pos and it can expire after 15 minutes": the key just said)
    rf"|(?<=\band\s)(?:it|they))\s+(?:(?:should|must|will|can|may"
    rf"|shall|need\s+to|have\s+to|to)\s+)?(?:expire\s+(?:after|in)|live\s+(?:for\s+)?|last\s+"
    rf"(?:for\s+)?|stay\s+(?:for\s+)?)\s*(?P<d>{DUR})"
    # "..., expire them after 3 days", "keys prefixed with sensor:, expiring after 1 hour"
    rf"|{_CLAUSE_START}(?:please\s+)?(?:expir\w*(?:\s+(?:them|the\s+(?:redis\s+)?keys|keys"
    rf"|the\s+entries|entries))?"
    # "..., drop it after 5 mins", "delete the keys after a day"
    rf"|(?:drop|delete|remove|evict|purge|clear)\s+(?:it|them|the\s+(?:redis\s+)?keys?|keys"
    rf"|the\s+entries|entries))\s+(?:after|in)\s+(?P<d4>{DUR})"
    # "..., and keep the keys eight days": how long Redis keeps a key is its expiry
    rf"|{_CLAUSE_START}(?:please\s+)?(?:keep|retain|hold)\s+(?:the\s+)?(?:redis\s+)?"
    rf"(?:keys|entries)\s+(?:(?:around\s+)?for\s+)?(?P<d5>{DUR})"
    rf"|\b(?:with\s+|set\s+)?(?:an?\s+)?(?:ttl|expiry|time[\s-]+to[\s-]+live)\s*(?:of\s+|[=:]\s*)?"
    rf"(?P<d2>{DUR})"
    rf"|\b(?:with\s+)?(?:an?\s+)?(?P<d3>{DUR})\s+(?:ttl|expiry|time[\s-]+to[\s-]+live))"
    rf"{_UNTIL_END}",
    ICASE,
)

# "cache them in Redis by user_id for 7 days": right after the Redis clause read already, in a
# clause that caches
REDIS_CACHE_FOR = re.compile(
    r"(?<=\x00)(?:\s+(?:by|keyed\s+by|under)\s+[A-Za-z_]\w*)?\s+"
    rf"(?P<for>for\s+(?:the\s+next\s+)?(?P<d>{DUR})){_UNTIL_END}",
    ICASE,
)


# "fan out to ...", "fan them out to ...", "fan everything out to ...": several sinks' verb
FAN_OUT = re.compile(
    r"\bfan(?:s|ned|ning)?\s+(?:(?:it|them|everything|the\s+(?:records|events|results))\s+)?"
    r"out(?=\s+(?:to|into)\s)",
    ICASE,
)


# A record's arrival, never where output goes: "Inverter telemetry lands in topic x"
ARRIVES_VERB = re.compile(r"(?:lands|arrives|shows\s+up|turns\s+up)\s+(?:in|on|into)\s", ICASE)


# a producer's own verb ("The app publishes the scores to topic x")
_PRODUCES = re.compile(r"\b(?:publish|write|writing|send|produc|emit|push|stream|post)\w*\s", ICASE)


# "The app publishes results to Kafka topic x": a sentence of its own, another system's output
_PRODUCER_SAYS = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*(?:the|our|an?|each|every)\s+"
    r"(?P<who>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+"
    r"(?:publishes|writes|sends|produces|emits|pushes|streams|posts)\b[^.;!?]{0,80}?"
    r"\b(?:to|into|onto|on)\s+(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$",
    ICASE,
)
# what a sentence may call the pipeline the request asks for
_OUR_PIPELINE = word_set("pipeline job processor consumer flow etl it")


# One word joined by a hyphen, dot or underscore ("gallery-counters") names a topic, never the
# plain words of producers ("gallery counters")
_TOPIC_LIKE = re.compile(r"[a-z][a-z0-9]*(?:[-._][a-z0-9]+)+", ICASE)


def _producers_described(said: str, name: re.Match[str] | None) -> bool:
    """The producers' words before "send ... to <topic>" are plain: description words, or two
    words the topic's name joins in one ("The cold rooms report on vault.coldroom-temps")."""
    words = said.split()
    named = topic_name_words(unquote(name.group(0).rstrip(".,;"))[0]) if name else frozenset()
    low = [w.lower() for w in words]
    if set(low) & _PLACE_JOINS and any(w in PLACE_QUALIFIERS for w in low):
        return False  # ("Every scan at the north door": which door's records?)
    return all(
        description_word(w) or compound_topic_word(words, i, named)
        # ("Every ticket scan at the door": where each record is made, plain words after)
        or (0 < i < len(words) - 1 and w.lower() in _PLACE_JOINS)
        for i, w in enumerate(words)
    )


_PLACE_JOINS = word_set("at the on in of from")


# "the compacted topic x": a table's topic, its latest row per key (never a stream to read)
_COMPACTED = re.compile(r"\s*\b(?:compacted|changelog)\b", ICASE)


class SinkRecogniser(SchemaResolver):
    # (header name, "field" | "value", field or constant text), and the words that asked for them
    kafka_headers: list[tuple[str, str, str]]
    header_words: str

    def extract_sinks(self) -> None:
        self._kafka_headers()
        self._kafka_sinks()
        self._write_back()
        self._refuse_producer_sink()
        self._topic_to_topic()
        self._namespaced_topic()
        self._clickhouse()
        self._stdout()
        self._topic_after_sink()
        for m in list(FAN_OUT.finditer(self.s)):
            # "fan out to clickhouse x, topic y and stdout": the verb of the sinks read (before
            # OUT_TO, which would read "it out to" alone)
            if any(m.end() <= sink.pos <= m.end() + 12 for sink in self.sinks):
                self.mask(m.start(), m.end())
        for m in list(GO_TO.finditer(self.s)):
            # "Results go to ClickHouse ...": the sink read next (never "go to dead letter topic
            # x", which the dead-letter recogniser read: the miss clause before it is unread)
            if any(m.end() <= sink.pos <= m.end() + 12 for sink in self.sinks):
                self.mask(m.start(), m.end())
        for m in list(OUT_TO.finditer(self.s)):
            # "...; out to clickhouse x": the output step ("write them out to topic x": the
            # destination the sink recogniser read)
            if any(m.end() <= sink.pos <= m.end() + 30 for sink in self.sinks) or any(
                start == m.end() and reader == "sinks" for start, _end, reader in self.spans
            ):
                self.mask(m.start(), m.end())
        for pattern in (PASSIVE_BEFORE, PASSIVE_AFTER, SINK_IS, MOVE_BEFORE):
            for m in list(pattern.finditer(self.s)):
                self.mask(m.start(), m.end())
        for m in list(MOVE_BEFORE_SINK.finditer(self.s)):
            if any(start == m.end() and reader == "sinks" for start, _end, reader in self.spans):
                self.mask(m.start(), m.end())
        for m in list(KEPT_SUBJECT.finditer(self.s)):
            self.mask(m.start(), m.end())  # "every emitted window should also be stored in x"
        for m in list(OUTPUT_PARTICIPLE.finditer(self.s)):
            if OUTPUT_SUBJECT.search(self.text[max(0, m.start() - 60) : m.start()]):
                self.mask(m.start(), m.end())  # "alerts published to kafka x"
        for m in list(SINK_FINE.finditer(self.s)):
            if any(end == m.start() and reader == "sinks" for _start, end, reader in self.spans):
                self.mask(m.start(), m.end())
        if self.sinks and all(sink.kind == "stdout" for sink in self.sinks):
            for m in list(SCREEN_READER.finditer(self.s)):  # "..., I'm going to tail it"
                if any(end == m.start() and r == "sinks" for _start, end, r in self.spans):
                    self.mask(m.start(), m.end())
        if all(sink.kind == "stdout" for sink in self.sinks):  # never beside a real sink
            for m in list(NO_SINK_YET.finditer(self.s)):
                if any(end == m.start() and r == "sinks" for _start, end, r in self.spans):
                    self.mask(m.start(), m.end())
        if len(self.sinks) > 1:  # "to ClickHouse x and to stdout too": one more sink
            for m in list(SINK_TOO.finditer(self.s)):
                self.mask(m.start(), m.end())
        if len(self.sinks) > 1:  # "...; in addition publish to topic y": one more sink
            for m in list(SINK_ALSO.finditer(self.s)):
                self.mask(m.start(), m.end())
        for m in list(SINK_COUNT.finditer(self.s)):
            if int(m["n"]) != len(self.sinks):
                raise RequestNotUnderstood(
                    f"{self.text[m.start() : m.end()].strip()!r} but {len(self.sinks)} sink(s) "
                    "named: name each destination (a ClickHouse table, a Kafka topic, Redis or "
                    "stdout)"
                )
            self.mask(m.start(), m.end())
        for m in list(SINK_FIRST_VERB.finditer(self.s)):
            first = self.s.index(MASK, m.start())  # the sentence opens with a sink, not a source
            if any(start == first and reader == "sinks" for start, _end, reader in self.spans):
                self.mask(m.start("v"), m.end("v"))
        for m in list(PASSIVE_BEFORE_THE.finditer(self.s)):
            if any(start == m.end() and reader == "sinks" for start, _end, reader in self.spans):
                self.mask(m.start(), m.end("v"))
        dangling = self.search_unquoted(DANGLING_SINK_VERB, 0, len(self.s)) if self.sinks else None
        if dangling:  # "send to topic big_orders; also display them": where to, unsaid
            raise RequestNotUnderstood(
                f"cannot read {' '.join(dangling['w'].split())!r}: it names no destination, and "
                'the sinks are read elsewhere; say where ("print them", "write them to topic '
                'alerts"), or leave it out'
            )
        unnamed = KAFKA_UNNAMED.search(self.s)
        if unnamed:  # "write them to kafka.", "and to kafka as well": which topic, unsaid
            raise _no_kafka_topic(unnamed.group(0))
        arrival = RETAIN_FROM_ARRIVAL.search(self.s)
        if arrival:
            raise RequestNotUnderstood(
                f"retention {arrival.group(0)!r}: a ClickHouse TTL counts from a timestamp or "
                "date column of the row, not from when it was inserted; name the column (e.g. "
                '"delete rows 30 days after their created_at")'
            )
        stray = retention_matches(self.s)
        if stray:
            raise RequestNotUnderstood(
                f"retention {stray[0].group(0)!r} is a ClickHouse TTL and the request writes to no "
                'ClickHouse table; store the records in ClickHouse ("store in ClickHouse table '
                'web.clicks and retain 30 days"), or, for Redis, give the expiry in the Redis '
                'clause ("write to Redis keyed by user_id expiring after 7 days")'
            )

    def _clickhouse(self) -> None:
        # "keep events where target is 'clickhouse'": a quoted value names no sink
        where = self.search_unquoted(CH_WORD, 0, len(self.s))
        warehouse = WAREHOUSE_TABLE.search(self.s)
        if not where and warehouse:
            # "land them in the warehouse table fin.payments": ClickHouse is the one table store
            self.assumptions.append(
                f"{warehouse.group(0).strip()!r} read as a ClickHouse table (the only table "
                "store the generated pipelines write to)"
            )
            self.mask(warehouse.start("w"), warehouse.end("w"), domain=True)
            database, table = warehouse.group("t").split(".")
            found: dict[str, Any] = {"database": database, "table": table}
            self.mask(warehouse.start("t"), warehouse.end("t"), domain=True)
            self._retention(found)
            self.sinks.append(Sink(warehouse.start(), "clickhouse", found))
            return
        if not where:
            return
        data: dict[str, Any] = {}
        for pattern in CH_DB:
            m = self.take(pattern, domain=True)
            if m:
                data["database"] = unquote(m.group("d"))[0]
                if m.groupdict().get("t"):
                    data["table"] = unquote(m.group("t"))[0]
                break
        for pattern in CH_TABLE if "table" not in data else []:
            m = self.take(pattern, domain=True)
            if m:
                name, quoted = unquote(m.group("t"))
                # 'web.top_pages', quoted or not: a table name holds no dot, so it is db.table
                if name.count(".") == 1 and (
                    not quoted
                    or all(re.fullmatch(r"[A-Za-z_]\w*", part) for part in name.split("."))
                ):
                    data["database"], name = name.split(".")
                data["table"] = name
                after = CH_DB_AFTER.match(self.s[m.end() :])
                if after and "database" not in data:
                    said = after.group("d") or after.group("d2") or after.group("d3")
                    data["database"] = unquote(said)[0]
                    self.mask(m.end(), m.end() + after.end(), domain=True)
                break
        m = self.take(PARTITION_NONE)
        if m:
            data["partition"] = None
        else:
            for pattern in PARTITION:
                m = self.take(pattern)
                if m:
                    data["partition"] = self._partition(m)
                    self._partition_restated(m, data)
                    break
        m = ORDER_BY.search(self.s) or SORT_KEY.search(self.s)
        listed = m and (m.group("list") or m.groupdict().get("list2") or "")
        items = read_list(listed, 0, FIELD_RE)[0] if m and listed else []
        # ("sorted by count" names no column, "sorted by revenue descending" a direction a
        # table key has not: the order of a top-N, read in top_n.py)
        if m and items and not SORT_WAY.match(self.s, m.end()):
            self.mask(m.start(), m.end())
            data["order_by"] = [(t, q) for t, q, _ in items]
        m = ENGINE_KEY.search(self.s)
        if m and "order_by" not in data:
            items, _ = read_list(m.group("list"), 0, FIELD_RE)
            data["order_by"] = [(t, q) for t, q, _ in items]
            self.mask(m.start("by"), m.end("by"))
        m = LATEST_PER.search(self.s)
        # "join the latest record per customer_id from compacted topic customers": a table join
        if (
            m
            and not LATEST_IN_JOIN.search(clause_around(self.s, m.start(), m.end()))
            and not NOT_LATEST_BEFORE.search(self.s[: m.start()])
            # "Keep the latest position of each vessel in Redis ...": what the Redis key keeps
            and not re.search(r"\bredis\b", clause_around(self.text, m.start(), m.end()), ICASE)
            # "one row per satellite pass" beside a session window: its rows (sessions.py)
            and not self._session_rows(m.start())
            # ("one record per finished repair": what one record is; the word is no key. "one
            # row per satellite flyover" says the table's rows: left to the checks above)
            and not (
                re.search(r"\brecords?\b", m.group(0), ICASE)
                and _KEY_QUALIFIES.match(self.s, m.end())
            )
        ):
            self.mask(m.start(), m.end())
            data["latest_per"] = (unquote(m.group("k")), m.group(0))
        up = UPSERT_CH.search(self.s)
        if up:
            self._upsert(up, data)
        lead = CH_DEDUP_LEAD.search(self.s)
        if lead:  # "dedup in ClickHouse with ReplacingMergeTree": why the engine, no dedup step
            self.mask(lead.start(), lead.end())
        m = self.take(ENGINE)
        if m:
            data["engine"] = (
                "ReplacingMergeTree" if "replacing" in m.group(0).lower() else "MergeTree"
            )
        self._retention(data)
        pos = where.start()
        for m in CH_WORD.finditer(self.s):
            if not re.search(rf"(?<![A-Za-z])(?:{QUOTED})", self.s[m.start() - 1 : m.end() + 1]):
                self.mask(m.start(), m.end(), domain=True)
        self.sinks.append(Sink(pos, "clickhouse", data))

    def _upsert(self, up: re.Match[str], data: dict[str, Any]) -> None:
        """ "upsert ... into ClickHouse x.y keyed by k": the latest row per k; without a key
        (or an ORDER BY that is one) refused, never a MergeTree that keeps every version."""
        self.mask(up.start(), up.end())
        table = data.get("table")
        km = table and re.compile(rf"(?<!\w){re.escape(table)}{UPSERT_KEY}", ICASE).search(
            self.text
        )
        if km and MASK not in self.s[km.start("k") : km.end("k")]:
            said = re.sub(r"\s+", " ", self.text[up.start() : km.end()])
            # ("... by order_id so we always have the current state of each order": the noun
            # of the key said again)
            if "latest_per" in data and data["latest_per"][0][0].lower() not in (
                km["k"].lower(),
                km["k"].lower().removesuffix("_id"),
            ):
                raise RequestNotUnderstood(
                    f"{said!r} and {data['latest_per'][1]!r}: two keys for one table; say one"
                )
            data["latest_per"] = ((km["k"], False), said)
            self.mask(km.start(), km.end())
        elif "latest_per" not in data and "order_by" not in data:
            raise RequestNotUnderstood(
                f"{up.group(0).strip()!r}: an upsert keeps one row per key; say the key "
                '(e.g. "upsert into ClickHouse shop.orders keyed by order_id")'
            )
        elif "latest_per" not in data:
            engine = ENGINE.search(self.s)
            if engine and "replacing" not in engine.group(0).lower():
                raise RequestNotUnderstood(
                    f"{up.group(0).strip()!r} with a {engine.group(0)} table: MergeTree keeps every "
                    "row; say ReplacingMergeTree, or drop the engine"
                )
            data.setdefault("engine", "ReplacingMergeTree")

    def _retention(self, data: dict[str, Any]) -> None:
        """ "retain 30 days" on the ClickHouse table: a TTL in days (weeks exact, months and
        years as 30 and 365 days, listed)."""
        found = retention_matches(self.s)
        if len(found) > 1:
            raise RequestNotUnderstood(
                "ClickHouse retention is given twice ("
                + "; ".join(repr(m.group(0)) for m in found)
                + '): give one, e.g. "retain 30 days"'
            )
        if not found:
            return
        m = found[0]
        _refuse_retention_glossed(self.s, m)
        count = number(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        days = int(count) * RETAIN_DAYS[unit]
        if unit in ("month", "year"):
            self.assumptions.append(
                f"retention {m.group('n')} {m.group('unit')} read as {days} days (a ClickHouse "
                f"TTL is a number of days; a {unit} counted as {RETAIN_DAYS[unit]})"
            )
        column = m.group("col") or m.groupdict().get("pcol")
        data["ttl"] = (days, unquote(column) if column else None)
        self.mask(m.start(), m.end(), domain=True)
        enough = RETENTION_ENOUGH.match(self.s, m.end())
        if enough:  # "..., we don't need more history than that": the retention said again
            self.mask(enough.start(), enough.end())

    def _partition_restated(self, m: re.Match[str], data: dict[str, Any]) -> None:
        """ "partitioned by day (toYYYYMMDD of window_start)": the partition said by its unit,
        then in ClickHouse's words in parentheses; the same function is read with it (its
        column too), another one is refused."""
        if m.group("func"):
            return
        said = PARTITION_RESTATED.match(self.s, m.end())
        if not said:
            return
        func, column, _quoted = data["partition"]
        if said["func"].lower() != func.lower():
            raise RequestNotUnderstood(
                f"the partition is said as {func} by its unit and as {said['func']} in "
                "parentheses: say one of them"
            )
        col, col_quoted = unquote(said["col"] or said["col2"])
        if column is not None and column != col:
            raise RequestNotUnderstood(
                f"the partition is said on {column} and on {col}: say one column"
            )
        data["partition"] = (func, col, col_quoted)
        self.mask(said.start(), said.end())

    def _partition(self, m: re.Match[str]) -> tuple[str, str | None, bool]:
        func = m.group("func")
        if func:
            column, quoted = unquote(m.group("col"))
            return func, column, quoted
        unit = unquote(m.groupdict().get("unit2") or m.group("unit"))[0].lower()
        if unit in ("week", "weekly", "year", "yearly"):
            raise RequestNotUnderstood(
                f"ClickHouse partitioning by {unit} is not supported: use hour, day or month"
            )
        if unit not in PARTITION_FUNCS:
            raise RequestNotUnderstood(
                f"ClickHouse partition by {unit!r} is not supported: only date partitions "
                "(by hour, day or month of the event time) are"
            )
        column = m.group("on")
        return PARTITION_FUNCS[unit], unquote(column)[0] if column else None, False

    def _ttl(
        self, ttl: tuple[int, tuple[str, bool] | None], window: dict[str, Any] | None,
        event_time: str | None, outputs: list[str],
    ) -> dict[str, Any]:  # fmt: skip
        """The TTL column: the one named, else window_end for window results, else the event
        time. The spec refuses a column that is not a required timestamp or date."""
        days, named = ttl
        if named:
            text, quoted = named
            column = (
                text
                if (window or quoted or text in outputs)
                else self.resolve(text, explicit=True, role="time", why="TTL")
            )
        elif window:
            column = "window_end"
        elif event_time:
            column = event_time
        else:
            raise RequestNotUnderstood(
                "ClickHouse retention counts from a timestamp or date column and this pipeline "
                'has no event-time field; name it (e.g. "retain 30 days based on created_at")'
            )
        return {"column": column, "days": days}

    def _session_rows(self, at: int) -> bool:
        """ "one row per satellite pass" at `at`, beside a session window: the window's rows,
        read by sessions.py, never a table's key."""
        m = ONE_ROW_PER_SESSION.match(self.s, at)
        return bool(SESSIONS_SAID.search(self.text) and m and one_row_per_session(m, self.text))

    def _latest_per(
        self, d: dict[str, Any], window: dict[str, Any] | None, outputs: list[str]
    ) -> str | None:
        """ "keep the latest row per account_id": the key a ReplacingMergeTree table is ordered
        by. An engine or ORDER BY saying otherwise, or window results, are refused."""
        if "latest_per" not in d:
            return None
        (text, quoted), words = d["latest_per"]
        if window:
            raise RequestNotUnderstood(
                f"{words!r}: window results are already kept once per window and group; the "
                "latest row per key applies to a table of records"
            )
        key = text if (quoted or text in outputs) else self.resolve(text, explicit=True,
                                                                      why="latest row key")  # fmt: skip
        if d.get("engine") == "MergeTree":
            raise RequestNotUnderstood(
                f"{words!r} with a MergeTree table: MergeTree keeps every row; say "
                "ReplacingMergeTree, or drop the engine"
            )
        if "order_by" in d:
            order = [t if (q or t in outputs) else self.resolve(t, explicit=True, why="ORDER BY")
                     for t, q in d["order_by"]]  # fmt: skip
            if order != [key]:
                raise RequestNotUnderstood(
                    f"{words!r} but ordered by {', '.join(order)}: a ReplacingMergeTree keeps one "
                    f"row per ORDER BY key, so order the table by {key} alone"
                )
        self.assumptions.append(
            f"{words!r}: a ReplacingMergeTree table ordered by {key}; ClickHouse keeps the last "
            f"row written per {key} once background merges run, so query it with FINAL"
        )
        return key

    def _compacted_table_described(self, m: re.Match[str]) -> bool:
        """ "The lots are published to the compacted topic x, keyed by lot_id. Join the orders to
        it on lot_id": where another system keeps a table, said in the passive of records that
        are not the pipeline's output, with a join said after it (read by table_joins); never
        where this pipeline writes ("Results are published to the compacted topic x")."""
        to_compacted = re.match(
            r"[a-z]+\s+(?:to|into|onto|on|in)\s+(?:the\s+|a\s+|an\s+|our\s+)?compacted\b",
            self.s[m.start() :],
            ICASE,
        )
        said = COMPACTED_PASSIVE_SUBJECT.search(self.s, max(0, m.start() - 120), m.start())
        if not (to_compacted and said and re.search(r"\bjoin", self.s[m.end() :], ICASE)):
            return False
        words = said["subj"].lower().split()
        return not (_OUTPUT_NOUNS | _POINTING_WORDS) & set(words)

    def _connector_table_described(self, m: re.Match[str]) -> bool:
        """ "Debezium already replicates our MySQL berths table to the topic x": the topic a
        connector fills with a table's rows, never where this pipeline writes (a table the
        pipeline joins when a join is said after it, read by table_joins)."""
        return any(
            said.start() <= m.start() < said.end()
            for said in CONNECTOR_TABLE_TOPIC.finditer(self.s)
        )

    def _kafka_sinks(self) -> None:
        misses = miss_route_spans(self.text)  # (read by the lookup: where its misses go)
        for pattern in [*KAFKA_OUT, *PRODUCER_OUT]:
            for m in list(pattern.finditer(self.s)):
                if MASK in self.s[m.start() : m.end()]:
                    continue
                if any(start <= m.start() < end for start, end in misses):
                    continue
                before = self.s[max(0, m.start() - 40) : m.start()].lower()
                # (never the end of a name: "from topic temperature-readings send ...")
                if re.search(
                    r"(?<![\w-])(subscrib\w*|listen\w*|consum(?!ers?\b)\w*|read(?!ers?\b)\w*)\s*$",
                    before,
                ):
                    continue
                if COMPACTED_BY_OTHERS.search(self.s, max(0, m.start() - 80), m.start()) and (
                    re.match(
                        r"[a-z]+\s+(?:to|into|onto|as)\s+(?:the\s+|a\s+|an\s+|our\s+)?compacted\b",
                        self.s[m.start() :],
                        ICASE,
                    )
                ):
                    continue  # "the table that Debezium publishes to the compacted topic x"
                if self._compacted_table_described(m) or self._connector_table_described(m):
                    continue  # "The lots are published to the compacted topic x. Join ... to it"
                if pattern is TO_TOPIC and JOIN_BEFORE.search(self.s, 0, m.start()):
                    continue  # "join topic orders to topic payments": the joined stream
                if pattern not in PRODUCER_OUT and _we_log_all(self.s, m.end()):
                    continue  # "We log every x to topic y": the producers' topic, read below
                described = re.search(
                    r"(?<![\w-])(?:our|the|their|its|my|upstream)\s+[a-z][\w-]*\s*$"
                    # (never the end of a name: "from topic kiln-apps to topic x")
                    r"|(?<![\w.-])(?:sensors|devices"
                    r"|apps|services|clients|producers|systems|they)\s*$"
                    # "our IoT gateways publish to topic X", "... Sellers push listings to topic X"
                    r"|\b(?:our|their|my)\s+(?:(?!(?:and|or|then)\b)[a-z][\w-]*\s+){1,4}[a-z][\w-]*s\s*$"
                    # "The orders service produces to x": a system named with what it serves
                    r"|\b(?:the|our|their)\s+(?:(?!(?:and|or|then|pipeline|new|etl)\b)[a-z][\w-]*\s+){1,2}"
                    r"(?:service|microservice|system|backend|gateway|platform|website|api|engine)\s*$"
                    r"|(?:^|[.!?]\s+)[a-z]+[^s\W]s\s*$",
                    before,
                )
                bare = _BARE_SYSTEM.search(before)
                if described is None and bare and all(map(description_word, bare["w"].split())):
                    described = bare  # "misting system logs to x": a system, no article
                # "Hive entrance counters publish to x", "Parking bay sensors push to x": a
                # sentence opening with plain words naming the producers (a plural last); the
                # longer reading wins over "sensors" alone
                opening = re.search(
                    # (a sentence read already before "Every ...": its full stop masked)
                    r"(?:^|[.!?;]\s+|\x01\s+(?=(?:every|each)\s)"
                    # ("..., and each scale reports to topic x": a clause of its own)
                    r"|,\s+and\s+(?=(?:every|each)\s)"
                    # "Coworking spaces, badge readers -> topic x": after a title of plain words
                    r"|^\s*(?P<title>(?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z][\w-]*)\s*[:,]\s+)(?P<w>(?:(?:our|the|their)\s+[a-z][\w-]*\s+(?:has|have)\s+)?"
                    r"(?:(?:the|all(?:\s+the)?)\s+(?=(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\b)"
                    r"|(?=(?:[a-z][\w-]*\s+){1,5}))(?P<d>(?:[a-z][\w-]*\s+){0,5}[a-z][\w-]*[^s\W]s)"
                    # "Ferry ticket scans are published to x", "Our aquarium has water quality
                    # probes that publish to x"
                    r"(?:\s+(?:are|get|that|which))?"
                    # "Lift telemetry is pushed to x": a mass noun
                    r"|(?P<mass>(?:[a-z][\w-]*\s+){1,3}(?:telemetry|data|traffic|information)"
                    r"\s+(?:is|gets))"
                    # "Inverter telemetry lands in topic x": where it arrives (checked below)
                    r"|(?P<lands>(?:[a-z][\w-]*\s+){0,3}(?:telemetry|data|traffic|information))"
                    # "Every lobby action is published to x": each record, said in the singular
                    # ("Every ticket scan at the door is published to x": a place after it)
                    r"|(?:every|each)\s+(?P<each>(?:[a-z][\w-]*\s+){0,5}[a-z][\w-]*)"
                    # ("Every lobby action (opening the shop, ..., etc.) is published to x")
                    r"(?:\s*\((?:e\.\s?g\.?|for\s+example|such\s+as)[\s,:][^()\x00]{1,150}\)"
                    r"|\s*\([^()\x00]{1,150}?,?\s+etc\.?\s*\))?\s+(?:is|gets"
                    # "Every bid we send goes to the topic auction-bids" (the name read again
                    # elsewhere, checked below)
                    r"|(?P<we>(?:we|they)(?:\s+(?:send|place|make|produce|emit|publish))?(?:\s+goes)?))"
                    # "Each vest reports to topic x": each producer, its singular verb (checked
                    # below)
                    r"|(?:every|each)\s+(?P<one>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
                    # "We log every vaccination to topic x": the producers are "we"
                    r"|(?P<subj>we|they))\s*$",
                    self.s[max(0, m.start() - 250) : m.start()],
                    ICASE,
                )
                # what the producers send, between the verb and the topic, in plain words only
                # ("the tills post only refunds to x", "push refunds over 100 onto x": refused)
                # ("send every test-mode scan to x": a compound selecting some, see mode_part)
                sent = re.findall(r"[\w'-]+", m.group(0))[1:]
                plain_sent = all(
                    (description_word(w) and not mode_part(w)) or w.lower() in _PRODUCER_FILLER
                    for w in sent
                )
                if pattern in PRODUCER_OUT and not plain_sent:
                    continue
                if not plain_sent and (opening or described):
                    continue  # left unread: refused, or read by another pattern
                if opening and opening["d"] and _TOPIC_LIKE.fullmatch(opening["d"]):
                    opening = None  # "gallery-counters to topic x": a topic's name, no producers
                if opening and opening["lands"] and not ARRIVES_VERB.match(self.s, m.start()):
                    opening = None  # "The data goes to topic x": where the output goes
                said_opening = (
                    ""
                    if opening and opening["subj"]
                    else (
                        opening.group("d")
                        or opening.group("each")
                        or opening.group("lands")
                        or opening.group("one")
                        or opening.group("mass").rsplit(None, 1)[0]
                        if opening
                        else ""
                    )
                )
                if (
                    opening
                    and opening["title"]
                    and not all(description_word(w) for w in opening["title"].split())
                ):
                    opening = None  # "Read topic a, sensors push to b": no title before them
                if opening and opening["one"] and not _SINGULAR_SENDS.match(self.s, m.start()):
                    opening = None  # "for each order send ...": an order to the pipeline
                if opening and opening["subj"] and not _producers_log_all(pattern, sent):
                    opening = None  # "We send orders to topic x": the pipeline's output
                if opening and opening["we"]:
                    named = NAME_RE.match(self.s, m.end())
                    said_we = opening["we"] + " " + m.group(0)
                    if (
                        not re.match(
                            r"(?:we|they)\s+(?:send|place|make|produce|emit|publish)\s+goes\s+to\s",
                            said_we,
                            ICASE,
                        )
                        or not named
                        or self.text.count(named.group(0).rstrip(".,;")) < 2
                    ):
                        opening = None  # "Every alert we raise goes to topic x": the output
                if opening and _producers_described(said_opening, NAME_RE.match(self.s, m.end())):
                    before = self.s[max(0, m.start() - 250) : m.start()]
                    self._described_source(m, m.start() - len(before) + opening.start("w"))
                    continue
                said = described.group(0).split() if described else []
                said_by = re.findall(r"[A-Za-z][\w-]*", (opening or described or m).group(0))
                if (opening or described) and said_by and said_by[-1].lower() in _OUTPUT_NOUNS:
                    # "The results stream into topic x": the pipeline's output, no producers
                    opening = described = None
                if len(said) > 2 and not all(
                    description_word(w) or w in _SYSTEM_NOUNS for w in said[1:]
                ):
                    described = None  # "our failing tank probes": a word that may select
                if described:  # "our sensors publish to the topic X": where the data comes from
                    self._described_source(m, m.start() - len(before) + described.start())
                    continue
                if pattern in PRODUCER_OUT:
                    continue  # a producer's verb with no producer named: left unread
                # "to topic big and stdout": the screen is the next sink, never a topic's name
                items, end = read_list(
                    self.s, m.end(), NAME_RE, stop=NAME_STOP | _SCREENS, strict_commas=True
                )
                names = [(t, q) for t, q, _ in items if q or not DEAD_LETTER.fullmatch(t)]
                if not names:
                    continue
                end = _topic_word_after(m, end)
                tail = COMPACTED_NAME_TAIL.match(self.s, end) if pattern is COMPACTED_OUT else None
                if tail:  # "to the compacted hotel.confirmed table"
                    end = tail.end()
                on_kafka = _ON_KAFKA.match(self.s, end)
                if on_kafka:  # "publish to daily-visitors on Kafka": the store, after the name
                    end = on_kafka.end()
                key = None
                km = KEYED_BY.match(self.s, end)
                if km:
                    key = keyed_by_field(km)
                    end = km.end()
                # Consume the verb and the destination; words between them ("forward only
                # records with an email to ...") are left for the other recognisers.
                verb = re.match(rf"{OUT_VERB}\b", self.s[m.start() : m.end()], ICASE)
                dest = list(
                    re.finditer(
                        r"\b(?:back\s+)?(?:to|into|onto)\s+kafka\s+(?:as|under)\s"
                        r"|\b(?:to|into|onto|as|via)\s",
                        self.s[m.start() : m.end()],
                        ICASE,
                    )
                )
                if verb and dest:
                    self.mask(m.start(), m.start() + verb.end(), domain=True)
                    self.mask(m.start() + dest[-1].start(), end, domain=True)
                    # "write what is left to ...": the records the steps before kept
                    rest = THE_REST.fullmatch(
                        self.s, m.start() + verb.end(), m.start() + dest[-1].start()
                    )
                    if rest:
                        self.mask(rest.start(), rest.end())
                else:
                    self.mask(m.start(), end, domain=True)
                # "write to stdout and to kafka topic x": the sink sits where its destination
                # is named, so the sinks keep the request's order when one verb serves both
                pos = m.start() + dest[-1].start() if verb and dest else m.start()
                if pattern is COMPACTED_OUT:
                    self._compacted_sink(names, key)
                for name, _quoted in names:
                    self.sinks.append(Sink(pos, "kafka", {"topic": name, "key": key}))

    def _compacted_sink(self, names: list[tuple[str, bool]], key: tuple[str, bool] | None) -> None:
        """ "publish them to the compacted topic x keyed by booking_id": a Kafka sink whose
        topic keeps the latest record per key. The key must be said (a compacted topic refuses
        records with none); the compaction is the topic's own setting, which the spec does not
        hold, so it is listed."""
        topics = ", ".join(name for name, _q in names)
        if key is None:
            raise RequestNotUnderstood(
                f"compacted topic {topics!r}: a compacted topic keeps the latest record per "
                "message key and refuses records without one; say which field keys the "
                'messages (e.g. "... to the compacted topic shop.latest-orders keyed by order_id")'
            )
        self.assumptions.append(
            f"topic {topics!r} is written as a Kafka sink keyed by {key[0]}; its compaction "
            "(cleanup.policy=compact) is a setting of the topic, which the spec does not "
            "hold: setup_topics.py creates it without, so set it on the topic yourself"
        )

    def _topic_to_topic(self) -> None:
        """ "parcels-scanned to parcels-routed on Kafka", "from topic a-b to topic c-d": two
        hyphenated names joined by "to", opening the request or after "from": the second is
        the output topic (the source recogniser reads the first)."""
        for m in list(TOPIC_TO_TOPIC.finditer(self.s)):
            if MASK in m.group(0):
                continue
            self.mask(m.start("to"), m.end(), domain=True)
            self.sinks.append(Sink(m.start("to"), "kafka", {"topic": m.group("dst"), "key": None}))

    def _namespaced_topic(self) -> None:
        """ "from ballet.checkins keep ..., send to ballet.late_arrivals": a bare dotted name
        after an output verb, in the namespace of a dotted topic the request reads, with no
        ClickHouse named anywhere, is a Kafka topic (listed: "a.b" alone may be a table)."""
        if CH_WORD.search(self.text):
            return
        for m in list(NAMESPACED_OUT.finditer(self.s)):
            name, space = m["t"], m["ns"].lower()
            same = [
                o.group(0)
                for o in DOTTED_NAME.finditer(self.text)
                if o.group(0) != name and o["ns"].lower() == space
            ]
            if not same:
                continue
            self.mask(m.start(), m.end("v"), domain=True)
            self.mask(m.start("to"), m.end(), domain=True)
            self.sinks.append(Sink(m.start("to"), "kafka", {"topic": name, "key": None}))
            self.assumptions.append(
                f"{name!r} read as a Kafka topic, named as the topic {same[0]!r} is and with no "
                f'ClickHouse said; write "ClickHouse table {name}" for a table'
            )

    def _topic_after_sink(self) -> None:
        """A topic listed right after a sink ("to ClickHouse x.y and Kafka topic z") is one more
        sink, never a second source."""
        for m in list(TOPIC_AFTER_SINK.finditer(self.s)):
            if not any(sink.pos < m.start() for sink in self.sinks):
                continue
            items, end = read_list(self.s, m.end(), NAME_RE, stop=NAME_STOP, strict_commas=True)
            if not items:
                continue
            key = None
            km = KEYED_BY.match(self.s, end)
            if km:
                key = keyed_by_field(km)
                self._key_after_topics(m.start(), items[-1][0], km)
                end = km.end()
            self.mask(m.end("aside") if m.group("aside") else m.start(), end, domain=True)
            for name, _quoted, _start in items:
                self.sinks.append(Sink(m.start(), "kafka", {"topic": name, "key": key}))

    def _key_after_topics(self, at: int, last: str, km: re.Match[str]) -> None:
        """ "to topic a-orders and topic b-orders, keyed by customer_id": a key said after a
        second Kafka topic joined to the topic(s) read just before keys them all, as it does
        after "topics a-orders and b-orders" (listed: the layout drops a comma before "keyed by",
        so "b-orders keyed by ..." alone cannot be told apart; "to topic b-orders keyed by
        customer_id and topic a-orders" keys one)."""
        before = [sink for sink in self.sinks if sink.pos < at]
        if not before:
            return
        pos = max(sink.pos for sink in before)
        prev = [sink for sink in before if sink.pos == pos]
        if any(sink.kind != "kafka" or sink.data.get("key") for sink in prev):
            return
        field_at = next(km.start(g) for g in ("f", "f2", "f3", "f4") if km.group(g))
        if "(" in self.s[km.start() : field_at]:
            return  # "topic b (key: x)": the bracket is the last topic's own
        key = keyed_by_field(km)
        names = [sink.data["topic"] for sink in prev]
        for sink in prev:
            sink.data["key"] = key
        self.assumptions.append(
            f"the key {key[0]!r} said after topics {', '.join(names)} and {last} keys each of "
            f'them (write "to topic {last} keyed by {key[0]} and topic {names[0]}" to key one)'
        )

    def _write_back(self) -> None:
        """ "write them back into orders", "send the result back to the same topic x": records
        written back into a name said before go to that Kafka topic, a source's (checked by
        `extract_write_back`; the spec's loop check then refuses it, saying why). A name said
        only there ("push them back into orders.clean") stays unread."""
        self.written_back: list[str] = []
        for m in list(WRITE_BACK.finditer(self.s)):
            said = rf"(?<![\w.-]){re.escape(m['n'])}(?![\w-]|\.\w)"
            if not re.search(said, self.text[: m.start("n")], ICASE):
                continue
            self.mask(m.start(), m.end(), domain=True)
            self.sinks.append(Sink(m.start("back"), "kafka", {"topic": m["n"], "key": None}))
            self.written_back.append(m["n"])

    def extract_write_back(self) -> None:
        """Checks, once the sources are read, that what `_write_back` read names a source; and
        "back" before a source's topic read as a sink ("push them back to the topic x") is that
        sink's word."""
        sources = {t for _pos, t in self.topics}
        for named in self.written_back:
            if named not in sources:
                raise RequestNotUnderstood(
                    f"cannot read 'back into {named}': {named!r} is no source topic of the "
                    "request, so 'back' does not say what it is; if the records go to a Kafka "
                    f'topic, say it, e.g. "write to Kafka topic {named}"'
                )
        if any(sink.data.get("topic") in sources for sink in self.sinks):
            for m in list(re.finditer(r"\bback\s+(?=\x00)", self.s, ICASE)):
                if any(start == m.end() and r == "sinks" for start, _end, r in self.spans):
                    self.mask(m.start(), m.end())

    def _kafka_headers(self) -> None:
        self.kafka_headers = []
        for lead in list(HEADER_LEAD.finditer(self.s)):
            pos, items = lead.end(), []
            m = HEADER_ITEM.match(self.s, pos)
            while m and m.end() > m.start():
                items.append(m)
                pos = m.end()
                # "..., and write to topic x": the list stops at a word that is no header
                sep = HEADER_SEP.match(self.s, pos)
                m = HEADER_ITEM.match(self.s, sep.end()) if sep else None
                if not m or not any(m.group(g) for g in ("q", "v", "f", "f2", "tv")):
                    break
            trail = HEADER_TRAIL.match(self.s, pos)
            end = trail.end() if trail else pos
            words = self.text[lead.start() : end].strip()
            for m in items:
                self.kafka_headers.append(self._header(m, words))
            self.header_words = words
            self.mask(lead.start(), end)

    def _refuse_producer_sink(self) -> None:
        """ "The app publishes results to Kafka topic tests. Read topic speaking-tests and write
        them to topic out": a sentence saying what another system writes, beside the output the
        request asks for, is background or a second output; asked, never a sink silently."""
        if len(self.sinks) < 2:
            return
        for sink in self.sinks:
            topic = sink.data.get("topic") if sink.kind == "kafka" else None
            if not topic:
                continue
            for at in re.finditer(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", self.text):
                said = _PRODUCER_SAYS.search(self.text[: at.start()])
                if said and said["who"].split()[-1].lower() not in _OUR_PIPELINE:
                    words = " ".join(self.text[said.start() : at.end()].split())
                    raise RequestNotUnderstood(
                        f"{words!r} says what the {said['who']} writes: is topic {topic!r} an "
                        f"output of this pipeline too? Say 'write them to topic {topic}' for "
                        "that, or leave the sentence out if it is only background"
                    )

    @staticmethod
    def _header(m: re.Match[str], words: str) -> tuple[str, str, str]:
        if m.group("q"):
            name, sep, value = m.group("q")[1:-1].partition(":")
            if not sep:
                name, sep, value = m.group("q")[1:-1].partition("=")
            if not sep:
                raise RequestNotUnderstood(
                    f"Kafka header {m.group('q')} in {words!r}: write a constant header as "
                    "'name: value' or name=value, e.g. \"with header source=checkout\""
                )
            return name.strip(), "value", value.strip()
        name = m.group("n")
        if m.group("v"):
            return name, "value", unquote(m.group("v"))[0]
        if m.group("tv"):
            return name, "value", m.group("tv")[1:-1]
        if m.group("f") or m.group("f2"):
            return name, "field", m.group("f") or m.group("f2")
        if m.group("amb"):
            raise RequestNotUnderstood(
                f"Kafka header {name!r} to {m.group('amb')!r} in {words!r}: a field or a "
                f"constant? Write \"set the Kafka header {name} to the {m.group('amb')} field\" "
                f"or \"with header {name}={m.group('amb')}\""
            )
        raise RequestNotUnderstood(
            f'Kafka header {name!r} in {words!r} has no value: give a constant ("{name}=...") '
            f'or a field ("{name} from <field>")'
        )

    def _described_source(self, m: re.Match[str], who: int) -> None:
        if _COMPACTED.search(m.group(0)) or _COMPACTED.match(self.s, m.end()):
            return  # "... publishes profiles to the compacted topic x": a table, see table_joins
        items, end = read_list(self.s, m.end(), NAME_RE, stop=NAME_STOP, strict_commas=True)
        if len(items) == 1:
            end = _topic_word_after(m, end)
            self.topics.append((items[0][2], items[0][0]))
            said = " ".join(self.text[who : items[0][2] + len(items[0][0])].split())
            if re.fullmatch(r"(?:[^\x00]*[.!?:;])?\s*", self.text[:who]) and _PRODUCES.search(said):
                # a sentence of its own about the producers ("The app publishes the scores to
                # topic x."), never one more clause of the pipeline's ("... and the rest to x");
                # where records land or arrive is source_producers.py's `_arrivals_beside_read`
                self.producer_topics.append((items[0][0], said.lstrip(" .!?")))
            reader, self.reader = self.reader, "sources"
            # "... is pushed to x by the lift controllers": who pushes, in plain words
            by = BY_PRODUCERS.match(self.s, end)
            if by and all(description_word(w) for w in by.group("w").split()):
                end = by.end()
            # the producers' description too ("our IoT gateways", "Sellers")
            self.mask(
                who + len(self.s[who : m.start()]) - len(self.s[who : m.start()].lstrip(" .!?")),
                end,
            )
            self.reader = reader

    def _stdout(self) -> None:
        # "keep events where sink = 'stdout'": a quoted value names no sink
        m = self.search_unquoted(STDOUT, 0, len(self.s))
        if m:
            self.mask(m.start(), m.end(), domain=True)
            self.sinks.append(Sink(m.start(), "stdout"))
            # ("print each sale to stdout, as JSON, one per line": in the sink's sentence)
            end = _SINK_SENTENCE_END.search(self.s, m.end())
            stop = end.start() if end else len(self.s)
            for said in STDOUT_LINES.finditer(self.s, m.start(), stop):
                self.mask(said.start(), said.end())
            # ("print every passage to stdout": the screen named after the verb's object,
            # which the source's description then reads)
            screen = _TO_SCREEN.search(self.s, m.end(), stop)
            if screen and _EVERY_NOUN.fullmatch(self.s, m.end(), screen.start()):
                self.mask(screen.start(), screen.end(), domain=True)

    def extract_redis_sink(self) -> None:
        # "Keep the latest status per device in Redis: ... write each record to Redis under key
        # device:{device_id}": clauses about one Redis sink read as one sink, the key from the
        # clause that names it
        _refuse_dotted_redis_name(self.s)
        while True:
            m = (
                REDIS_SINK.search(self.s)
                or REDIS_SET_KEY.search(self.s)
                or REDIS_AS_HASH_SINK.search(self.s)
                or self._hash_per()
                or self._and_redis()
                or REDIS_LATEST_SINK.search(self.s)
                or self._after_written_fields()
            )
            if not m:
                return
            if len(REDIS_DEST.findall(self.s, m.start(), m.end())) > 1:
                # "write to Redis key a:{id} and to Redis key b:{id}": two Redis destinations
                # in one clause (its key would be the second's, the first's lost)
                raise _two_redis_sinks()
            data = self._redis_clause(m)
            self._latest_subject(m.start())
            earlier = next((s for s in self.sinks if s.kind == "redis"), None)
            if self.delivery == "exactly_once":  # a contradiction: refused before unread words
                raise RequestNotUnderstood(
                    "exactly-once delivery and a Redis sink: a Redis write cannot take part in "
                    "a Kafka transaction, so a replay after a crash writes it again; ask for "
                    "at-least-once, or write to Kafka or ClickHouse instead"
                )
            if earlier is not None and not _same_redis_sink(earlier.data, data):
                raise _two_redis_sinks(earlier.data, data)
            if earlier is None:
                self.sinks.append(Sink(m.start(), "redis", data))
                continue
            if data.get("key_field") and (
                not earlier.data.get("key_field") or data["key_field"][1]
            ):
                for name in ("key_field", "key_prefix"):
                    if name in data:
                        earlier.data[name] = data[name]
            for name, value in data.items():
                earlier.data.setdefault(name, value)

    def _latest_subject(self, verb: int) -> None:
        """ "latest alert also stored in redis under rack_ec:{rack_id}": the latest record, the
        subject of the Redis sink's participle, is what a Redis key keeps anyway. Its words
        must be plain ("the latest failed login stored in redis" is left unread)."""
        if not REDIS_PARTICIPLE.match(self.text, verb):
            return
        m = REDIS_LATEST_SUBJECT.search(self.s[max(0, verb - 80) : verb])
        if m and all(
            description_word(w)
            or w.lower() in _OUTPUT_NOUNS
            or singular(w.lower()) + "s" in _OUTPUT_NOUNS
            for w in m["w"].split()
        ):
            at = max(0, verb - 80)
            self.mask(at + m.start("latest"), at + m.end(), domain=True)

    def _and_redis(self) -> re.Match[str] | None:
        """ "write to clickhouse vending.hourly and redis key vend:{machine_id}": Redis named
        as a second destination right after a sink read already."""
        for m in AND_REDIS.finditer(self.s):
            end = len(self.s[: m.start()].rstrip(" ,;."))
            if any(e == end and r == "sinks" for _s, e, r in self.spans):
                return m
        return None

    def extract_redis_details(self) -> None:
        """The key or expiry of the one Redis sink, each said as a clause of its own (see
        REDIS_KEY_ALONE); one contradicting what the sink's clause says is refused."""
        redis = [s for s in self.sinks if s.kind == "redis"]
        if len(redis) != 1:
            return
        data = redis[0].data
        for m in list(REDIS_KEY_ALONE.finditer(self.s)):
            said = data.get("key_field")
            if "key_template" in data or (
                said and said[1] and (said[0], data.get("key_prefix")) != (m["f"], m["pre"])
            ):
                other = data.get("key_template") or (said[0] if said else "")
                raise RequestNotUnderstood(
                    f"Redis sink: key {m['tpl']!r} and {other!r}; say one key"
                )
            if (
                said
                and not said[1]
                and said[0].lower() not in (m["f"].lower(), m["f"].lower()[:-3])
                # "the latest status of every washer ... key washer:{machine_id}": the noun is
                # the key's prefix
                and said[0].lower().rstrip("s") != (m["pre"] or "").strip(":").lower()
            ):
                # "the latest status per device_id in Redis ... key driver:{driver_id}"
                raise RequestNotUnderstood(
                    f"Redis sink: the latest value per {said[0]!r} but the key {m['tpl']!r}; a "
                    "Redis key keeps the latest value of that key"
                )
            refuse_nameless_prefix(m["tpl"])
            if m["suf"]:
                data["key_template"] = m["tpl"].strip("`'\"")
                data.pop("key_field", None)
                data.pop("key_prefix", None)
            else:
                data["key_field"], data["key_prefix"] = (m["f"], True), m["pre"]
            self.mask(m.start(), m.end(), domain=True)
        for m in list(REDIS_FORMAT_ALONE.finditer(self.s)):
            fmt = "hash" if m["fmt"].lower().startswith("hash") else "json"
            if data.get("format", fmt) != fmt:
                raise RequestNotUnderstood(f"Redis sink: stored as {data['format']} and {fmt}")
            data["format"] = fmt
            # "store it as a hash, expire after 2 days": layout joins the expiry to it
            self.mask(m.start(), m.end("fmt"), domain=True)
        for m in list(REDIS_TTL_ALONE.finditer(self.s)):
            ttl = dur_ms(m["d"] or m["d2"] or m["d3"] or m["d4"] or m["d5"])
            if data.get("ttl_ms", ttl) != ttl:
                raise RequestNotUnderstood(
                    f"Redis sink: two expiries ({m.group(0).strip()!r} and "
                    f"{duration_label(data['ttl_ms']) if data['ttl_ms'] else 'no expiry'}); say one"
                )
            data["ttl_ms"] = ttl
            self.mask(m.start(), m.end(), domain=True)
        for m in list(REDIS_NO_EXPIRY.finditer(self.s)):
            # "...; keys never expire": no expiry (the default), said in a clause of its own
            if data.get("ttl_ms") is not None:
                raise RequestNotUnderstood(
                    f"Redis sink: {m.group(0).strip()!r} and "
                    f"{duration_label(data['ttl_ms'])}; say one"
                )
            data["ttl_ms"] = None
            self.mask(m.start(), m.end(), domain=True)
        for m in list(REDIS_CACHE_FOR.finditer(self.s)):
            # "cache them in redis by user_id for 7 days": how long the cache keeps a key
            if not re.search(r"\bcach\w*", clause_around(self.text, m.start(), m.end()), ICASE):
                continue
            ttl = dur_ms(m["d"])
            if data.get("ttl_ms", ttl) != ttl:
                raise RequestNotUnderstood(
                    f"Redis sink: two expiries ({m.group(0).strip()!r} and "
                    f"{duration_label(data['ttl_ms']) if data['ttl_ms'] else 'no expiry'}); say one"
                )
            data["ttl_ms"] = ttl
            self.mask(m.start("for"), m.end("for"), domain=True)

    def _after_written_fields(self) -> re.Match[str] | None:
        """ "write order_id, total, shop to Redis": the verb and the fields written, read by the
        projection (KEEP_WRITTEN), then "to Redis": the Redis clause, from the read span on."""
        for m in REDIS_AFTER_READ.finditer(self.s):
            written = KEEP_WRITTEN.match(self.text, m.start())
            if written and written.end("list") == m.end("read"):
                return m
        return None

    def _hash_per(self, start: int = 0) -> re.Match[str] | None:
        """ "write a hash per machine": a Redis sink when the request names Redis."""
        if not re.search(r"\bredis\b", self.text, ICASE):
            return None
        return REDIS_HASH_PER.search(self.s, start)

    def _redis_clause(self, m: re.Match[str]) -> dict[str, Any]:
        """What one Redis clause says (key, prefix, format, expiry); masks the clause."""
        end = self.clause_end(m.end())
        later = (
            REDIS_SINK.search(self.s, end)
            or REDIS_AS_HASH_SINK.search(self.s, end)  # "... write each one as a Redis hash at"
            or self._hash_per(end)
        )
        lead_middle: tuple[int, int] | None = None
        lead = re.match(r"[^:;]*:\s", self.s[m.start() :])
        if (
            later
            and lead
            and m.start() + lead.end() <= later.start()
            and not re.search(
                r"[{'\"`\d]|\b(?:keyed|key|prefix\w*|ttl|expir\w*|evict\w*|hash\w*|json)\b",
                self.s[m.start() : end],
                ICASE,
            )
        ):  # "Keep the latest status per device in Redis: ... write each record to Redis under
            # key device:{device_id}": a lead naming the sink the later clause describes. Only
            # its verb, "in Redis" and what is kept are read: a selection in it ("Keep only
            # offline devices in Redis: ...") is left to the filters or refused.
            verb = re.match(r"\w+", self.s[m.start() :])
            assert verb is not None
            self.mask(m.start(), m.start() + verb.end(), domain=True)
            dest = REDIS_DEST.search(self.s, m.start(), m.end())
            if dest:
                # read once the later clause's key is known ("per origin" must be its field)
                lead_middle = (m.start() + verb.end(), dest.start())
            self.mask(dest.start() if dest else m.start(), m.end(), domain=True)
            m = later
            end = self.clause_end(m.end())
        while True:
            # "..., key payment:{payment_id}, as a hash, with a 1 hour TTL": clauses of their own
            more = (
                REDIS_EXPIRY_CLAUSE.match(self.s, end)
                or REDIS_MORE.match(self.s, end)
                or REDIS_TTL_COLON.match(self.s, end)  # "..., TTL: 15 minutes"
            )
            if not more or more.end() == end:
                break
            end = self.clause_end(more.end() + 1)
        rest = self.s[m.end() : end]
        data: dict[str, Any] = {}
        tpl = re.search(r"""[`'"]?(?P<pre>[A-Za-z0-9_:.\-]*)\{(?P<f>[^}\s]*)\}[`'"]?""", rest)
        # "under 'merchant:' keyed by merchant_id": "keyed by" names the field, a quoted
        # "prefix:" is never one
        km = (
            re.search(rf"\bkeyed\s+by\s+(?:the\s+)?(?:key\s+)?(?P<f>{FIELD})", rest, ICASE)
            or re.search(  # "using order_id as the key"
                rf"\b(?:using|with)\s+(?:the\s+)?(?P<f>{FIELD})\s+as\s+(?:the\s+|its\s+)?(?:redis\s+)?key\b",
                rest,
                ICASE,
            )
            # "with key prefix revenue: and key field show_id": the field named as the key's
            or re.search(
                rf"\b(?:redis\s+)?key\s+(?:field|column)\s*(?:is\s+|[=:]\s*)?(?P<f>{FIELD})(?!:)",
                rest,
                ICASE,
            )
            or re.search(
                rf"\b(?:by|under|on|per)\s+(?:the\s+)?(?:key\s+)?(?P<f>{FIELD})(?<!:['\"`])",
                rest,
                ICASE,
            )
        )
        multi = re.search(
            r"""[`'"]?(?P<t>[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\}(?:(?:[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\})+"""
            # "key order:{order_id}:eta": one field and a suffix after it is a template too
            r"""|[:\-]+[A-Za-z0-9_]+(?:[:.\-]+[A-Za-z0-9_]+)*))[`'"]?""",
            rest,
        )
        plus = None if (tpl or multi) else REDIS_PREFIX_PLUS.search(rest)
        if plus and km and km.start() >= plus.start():
            km = None  # ("key 'x:' + f by ..."): the concatenation names the key
        if multi:  # "under vehicle:{fleet_id}:{vehicle_id}": a key template of several fields
            data["key_template"] = multi.group("t")
            tpl = multi
            if km and not (km.start() <= multi.end() and multi.start() <= km.end()):
                km = None  # another "by X" is not this key's: left unread (refused)
        elif tpl:  # "under key device:{device_id}"
            if km and (km.end() <= tpl.start() or km.start() >= tpl.end()):
                # "key session:{session_id}, expire after 1 hour on Mondays": "on Mondays" names
                # no key; a "by x" away from the template is read only when it says its field
                km = km if unquote(km.group("f"))[0] == tpl.group("f") else None
            data["key_field"] = (tpl.group("f"), True)
            data["key_prefix"] = tpl.group("pre")
            refuse_nameless_prefix(tpl.group(0))
        elif plus:  # "key 'hive_temp:' + hive_id": the key as a concatenation
            data["key_field"] = (plus.group("f"), True)
            data["key_prefix"] = plus.group("pre")
        elif km:
            data["key_field"] = unquote(km.group("f"))
        quoted_prefix = re.search(
            r"""['"`](?P<p>[A-Za-z0-9_.\-]+:(?:[A-Za-z0-9_.\-]+:)*)['"`]""", rest
        )
        if quoted_prefix and "key_prefix" not in data:  # "'merchant:' keyed by merchant_id"
            data["key_prefix"] = quoted_prefix.group("p")
        pm = re.search(
            rf"\b(?:key\s+)?prefix(?:ed)?\s*(?:(?:with|of)\s+|[=:]\s*)?(?P<p>{NAME})", rest, ICASE
        )
        if pm and km and km.start() < pm.end() and km.end() > pm.start():
            # ("under key prefix x: plus f": "under key prefix" is no key field)
            km = None
            if not (tpl or multi or plus):
                data.pop("key_field", None)
        if pm:  # "keys prefixed with sensor:": the colon is the prefix's own
            prefix, quoted = unquote(pm.group("p"))
            data["key_prefix"] = prefix if quoted else pm.group("p").rstrip(".,;!?")
            if not quoted and self.s[m.end() + pm.end() : m.end() + pm.end() + 1] == ":":
                data["key_prefix"] += ":"  # the clause ended at the prefix's colon
                joined = REDIS_AFTER_PREFIX_PLUS.match(self.s, m.end() + pm.end() + 1)
                if joined and not (tpl or multi or plus or km):
                    data["key_field"] = (unquote(joined.group("f"))[0], True)
                    self.mask(joined.start(), joined.end(), domain=True)
        tm = re.search(
            rf"(?:\b{REDIS_EXPIRING}\s+|\b(?:ttl|evict\w*)\s*)(?:after|in|of|=|:)?\s*(?P<d>{DUR})"
            rf"|\b(?P<d2>{DUR})\s+(?:ttl|expiry|expiration)\b"
            # "to redis under order:{order_id} for 24 hours"
            rf"|\}}[`'\"]?\s+for\s+(?P<d3>{DUR})(?=\s*(?:[,;.)]|$))"
            rf"|,\s*(?:and\s+)?{REDIS_KEEP_FOR}(?P<d4>{DUR})",
            rest,
            ICASE,
        )
        if tm:
            data["ttl_ms"] = dur_ms(tm["d"] or tm["d2"] or tm["d3"] or tm["d4"])
        never = REDIS_NO_EXPIRY.search(rest)
        if never and tm:
            raise RequestNotUnderstood(
                f"Redis sink: {never.group(0).strip()!r} and {tm.group(0).strip()!r}; say one"
            )
        if never:  # "with no expiry", "keys never expire": the default, said
            data["ttl_ms"] = None
            tm = never
        self._redis_format_and_expiry(self.s[m.start() : end], data)
        # "cache each price from topic prices in Redis": the source named on the way is left
        # for the source recogniser.
        # Only what is read is masked: the verb, "to Redis" and the key, prefix, expiry and
        # format phrases after it. Other words ("write only premium users to Redis", "... but
        # only for active users") are left to the other recognisers or refused, never dropped.
        verb = re.match(
            # (the projection's read span: "write order_id, total" before "to Redis")
            REDIS_WISH if m.re.pattern == REDIS_LATEST_SINK.pattern else r"\w+|\x00+",
            self.s[m.start() :],
            ICASE,
        )
        assert verb is not None
        self.mask(m.start(), m.start() + verb.end(), domain=True)
        dest = REDIS_DEST.search(self.s, m.start(), m.end())
        if dest:
            key_before = None
            if not (tpl or km or multi):
                # "keep the last value of each truck under truck:{truck_id} in Redis"
                key_before = REDIS_KEY_BEFORE.search(self.s, m.start() + verb.end(), dest.start())
            if key_before:
                data["key_field"] = (key_before.group("f"), True)
                data["key_prefix"] = key_before.group("pre")
                refuse_nameless_prefix(key_before.group("tpl"))
                self.mask(key_before.start(), key_before.end(), domain=True)
            self._redis_middle(m.start() + verb.end(), dest.start(), data)
        if lead_middle:
            self._redis_middle(*lead_middle, data)
        self.mask(dest.start() if dest else m.start(), m.end(), domain=True)
        for sub in (tpl, km, quoted_prefix, pm, tm, plus):
            if sub:
                self.mask(m.end() + sub.start(), m.end() + sub.end(), domain=True)
        for sub in REDIS_CLAUSE_WORDS.finditer(rest):
            self.mask(m.end() + sub.start(), m.end() + sub.end(), domain=True)
        per = _HASH_FOR.search(self.text, m.start(), end)
        if per and data.get("format") == "hash":
            # "a hash per machine" under machine:{machine_id}: the noun names the key; any other
            # noun ("a hash per zone" keyed by sensor_id) is left unread
            field = str((data.get("key_field") or ("",))[0]).lower()
            noun = singular(per["n"].lower())
            if noun in _prefix_words(data) or field in (noun, f"{noun}_id"):
                self.mask(per.start() + len("hash"), per.end(), domain=True)
        return data

    def _redis_middle(self, start: int, end: int, data: dict[str, Any]) -> None:
        """The words between the verb and "to Redis": a source ("from topic prices"), what the
        records are ("each price", "them"), "the latest status per driver_id" (a Redis key keeps
        the latest value) are read; anything else is left to the other recognisers."""
        middle = self.s[start:end]
        # a key template read before "in Redis" (masked): out of the way
        middle = re.sub(r"\x00+$", lambda k: " " * len(k.group(0)), middle)
        source = SOURCE_IN_CLAUSE.search(self.s, start)
        if source and source.end() <= end:  # left for the source recogniser
            a, b = source.start() - start, source.end() - start
            middle = middle[:a] + " " * (b - a) + middle[b:]
        lm = REDIS_LATEST.fullmatch(middle)
        plain = lm and (lm.group("w1") or lm.group("w2"))
        if lm and plain and not description_word(plain):
            lm = None  # "the latest failed login per user_id": selects records
        # "the latest cabin position of every cable car" under key cablecar:{cabin_id}: the words
        # name what the key's prefix does, so the key's field is theirs
        prefix = re.sub(r"[^a-z]", "", str(data.get("key_prefix", "")).lower())
        whose = lm and (lm.group("k3") or lm.group("k") or lm.group("k2") or "")
        # ("each guest's current session" under guest_session:{wristband_id}: a word of the
        # prefix names the guest)
        by_prefix = bool(
            whose
            and prefix
            and "key_field" in data
            and singular("".join(whose.lower().split())) in _prefix_words(data)
        )
        if lm and lm.group("k3") and not by_prefix:
            lm = None  # two words that are no field's name: left unread
        if lm and lm.group("ks"):
            self._latest_per_fields(lm, data)
        elif lm:
            key = (
                data["key_field"]
                if by_prefix
                else unquote(lm.group("k")) if lm.group("k") else (lm.group("k2"), False)
            )
            named = data.get("key_field", key)[0].lower()
            if "key_template" in data:
                # "the latest position of each vehicle" under vehicle:{fleet_id}:{vehicle_id}:
                # the template must hold the vehicle's field
                held = [f.lower() for f in re.findall(r"\{(\w+)\}", data["key_template"])]
                # "the latest record of each vessel" under vessel:{flag_state}:{mmsi}: the
                # template's prefix names the vessel, so its fields together are the vessel's key
                lead = re.sub(r"[^a-z]", "", data["key_template"].split("{")[0].lower())
                named_by_lead = bool(lead) and singular(lead) == singular(key[0].lower())
                if (
                    key[0].lower() not in held
                    and f"{key[0].lower()}_id" not in held
                    and not (named_by_lead)
                ):
                    raise RequestNotUnderstood(
                        f"Redis sink: {lm.group(0).strip()!r} but the Redis key template is "
                        f"{data['key_template']!r}; a Redis key keeps the latest value of that key"
                    )
            elif "key_field" not in data:
                data["key_field"] = key
            elif named not in (key[0].lower(), f"{key[0].lower()}_id"):
                # "the latest balance of each account" keyed by account_id: the same key
                raise RequestNotUnderstood(
                    f"Redis sink: {lm.group(0).strip()!r} but the Redis key is "
                    f"{data['key_field'][0]!r}; a Redis key keeps the latest value of that key"
                )
        one = REDIS_ONE_VALUE.fullmatch(middle)
        if one and not lm:
            noun = one.group("noun").lower()
            topics = " ".join(re.findall(r"\btopics?\s+['\"`]?([\w.-]+)", self.text, ICASE))
            plural = re.search(r"(?<![su])s$", noun) is not None  # "the counts", not "status"
            if not plural and noun not in REDIS_RECORD_WORDS and noun[:4] not in topics.lower():
                # "write the status to Redis": one field as the value; the sink writes records
                raise RequestNotUnderstood(
                    f"Redis sink: {' '.join(middle.split())!r} to Redis: a Redis value holds the "
                    "whole record (as JSON or a hash), not one field of it; write the records "
                    '("write them to Redis under key order:{order_id}"), or keep only some fields '
                    'first ("keep only the fields order_id and status")'
                )
        # ("the latest valve state" under key valve:{valve_id})
        latest_of_prefix = not lm and self._latest_of_prefix(middle, data)
        if lm or latest_of_prefix or REDIS_WHAT.fullmatch(middle):
            for part in re.finditer(r"[^\s\x00]+", middle):
                self.mask(start + part.start(), start + part.end(), domain=True)

    @staticmethod
    def _latest_per_fields(lm: re.Match[str], data: dict[str, Any]) -> None:
        """ "the latest price per origin and grade" under quote:{origin}:{grade}: the words name
        the template's fields (or their '_id' fields), every one, so the key keeps that latest
        value; any other key is refused."""
        named = [n.lower() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", lm["ks"].strip())]
        held = [f.lower() for f in re.findall(r"\{(\w+)\}", str(data.get("key_template", "")))]
        covered = {h for h in held for n in named if h in (n, f"{n}_id")}
        if len(named) != len(held) or covered != set(held):
            key = data.get("key_template") or (data.get("key_field") or ("",))[0]
            raise RequestNotUnderstood(
                f"Redis sink: {lm.group(0).strip()!r} but the Redis key is {key!r}; a Redis key "
                "keeps the latest value of that key: name the key's fields"
            )

    @staticmethod
    def _latest_of_prefix(middle: str, data: dict[str, Any]) -> bool:
        """ "the latest irrigation valve state" written under key valve:{valve_id}: the latest
        value of the thing the key's prefix names, which a Redis key keeps anyway; every other
        word must be a plain description ("the latest failed valve state" is left unread)."""
        m = REDIS_LATEST_OF_PREFIX.fullmatch(middle)
        prefix = _prefix_words(data)
        if not prefix and data.get("key_template"):
            # ("the latest price" under price:{species}:{grade}: the template's lead names it)
            prefix = _prefix_words({"key_prefix": str(data["key_template"]).split("{")[0]})
        if not prefix or ("key_field" not in data and "key_template" not in data):
            return False
        # "store the latest price in Redis under price:{species}": the thing the prefix names
        # (one word), which a Redis key keeps the latest of anyway
        alone = REDIS_LATEST_NAMED.fullmatch(middle)
        if alone and singular(alone["n"].lower()) in prefix:
            return True
        if m is None:
            return False
        # ("the latest shift summary" under rider_shift:{rider_id}: a word of the prefix)
        words = m.group("w").split()
        return bool(prefix & {singular(w.lower()) for w in words}) and all(
            singular(w.lower()) in prefix or description_word(w) for w in words
        )

    @staticmethod
    def _redis_format_and_expiry(clause: str, data: dict[str, Any]) -> None:
        """ "as a hash" / "as JSON"; a hash or an expiry the clause mentions in words these
        rules do not read is refused, never dropped."""
        fm = re.search(
            rf"\bas\s+(?:an?\s+)?(?:redis\s+)?(?P<fmt>hash(?:es)?|json){_JSON_TAIL}\b"
            r"|,\s*(?P<bare>hash(?:es)?|json)(?=\s*(?:[,;.]|$)|\s+(?:ttl|expir\w*|keys?|keyed|with)\b)"
            r"|\b(?:into|in|to)\s+(?:an?\s+|the\s+)?redis\s+(?P<into>hash(?:es)?)\b"
            rf"|{REDIS_FORMAT_PER}",
            clause,
            ICASE,
        )
        if fm:
            fmt = (fm.group("fmt") or fm.group("into") or fm.group("bare") or fm["per"]).lower()
            data["format"] = "hash" if fmt.startswith("hash") else "json"
        elif re.search(r"\bhash(?:es)?\b", clause, ICASE):
            raise RequestNotUnderstood(
                'Redis sink: say how records are stored, "as a hash" or "as JSON" (e.g. "store '
                'in Redis as a hash keyed by user_id")'
            )
        if "ttl_ms" not in data and re.search(r"\b(?:ttl|expir\w*|evict\w*)\b", clause, ICASE):
            raise RequestNotUnderstood(
                'Redis sink: give the expiry as a duration (e.g. "with a 1 hour TTL" or '
                '"expiring after 1 hour")'
            )

    def _key_named(self, name: str, *, why: str, role: str = "key") -> str:
        """The field a sink's key names. "rename cart_no to cart_id, and publish ... keyed by
        cart_id": a name the projection gives is the output's, and the input carries the field
        it renames (never one of the new name)."""
        select = self.built.get("select") if self.built else None
        renamed = {new: old for old, new in ((select or {}).get("rename") or {}).items()}
        if name in renamed:
            self.resolve(renamed[name], explicit=True, role=role, why=why)
            return name
        return self.resolve(name, explicit=True, role=role, why=why)

    def output_names(self, window: dict[str, Any] | None) -> list[str]:
        if window:
            return ["window_start", "window_end", *window["group_by"],
                    *[a["name"] for a in window["aggregates"]]]  # fmt: skip
        names = list(dict.fromkeys(self.names() + list(self.added_by_ops)))
        select = self.built.get("select") if self.built else None
        if select:  # the fields after the projection, the last step before the sinks
            if select.get("keep"):
                names = list(select["keep"])
            dropped = set(select.get("drop") or [])
            names = [select.get("rename", {}).get(n, n) for n in names if n not in dropped]
        return names

    def _refuse_sink_choice(self) -> None:
        """ "write to ClickHouse port.alarms or to stdout", "to Kafka topic a or b": two sinks
        joined by "or" are a choice, not a pipeline writing to both: refused."""
        if len(self.sinks) < 2:
            return
        names = {"stdout", "console", "terminal", "screen", "clickhouse", "redis", "kafka"}
        for sink in self.sinks:
            if sink.kind == "kafka":
                names.add(str(sink.data.get("topic", "")).lower())
            elif sink.kind == "clickhouse":
                db, table = sink.data.get("database"), sink.data.get("table")
                names |= {str(table).lower(), f"{db}.{table}".lower()}
        for m in SINK_OR.finditer(self.text):
            first, second = (m.group(g).strip("'\"`.,;").lower() for g in ("a", "b"))
            if first in names and second in names:
                said = " ".join(self.text[m.start() : m.end()].split())
                raise RequestNotUnderstood(
                    f"{said!r}: two sinks joined by 'or' are a choice, not a pipeline; pick one "
                    "(or say 'and' to write to both)"
                )

    def _kafka_key_said(self, topic: str, key: str | None) -> None:
        """A Kafka sink keyed by a join's key, a group-by's, a lookup's, a dedup's or a
        session's, which the request never named: listed, as the key decides partitions and
        compaction downstream."""
        built = getattr(self, "built", None) or {}
        window, join = built.get("window"), built.get("join")
        enrich, dedup, session = built.get("enrich"), built.get("dedup"), built.get("session")
        if key is None:
            return
        if window and key in window.get("group_by", []):
            role = "the group-by"
        elif join and key == join.get("left_key"):
            role = "the join key"
        elif enrich and key == enrich.get("key_field"):
            role = "the lookup key"
        elif dedup and key in _key_list(dedup.get("key")):
            role = "the dedup key"
        elif session and key in _key_list(session.get("key")):
            role = "the session key"
        else:
            return
        self.assumptions.append(
            f"Kafka topic {topic!r}: messages keyed by {key!r}, {role} (the request names no "
            'key; say "keyed by <field>" for another)'
        )

    def _partitions_of_an_output(self) -> None:
        """ "with 12 partitions" sets the partitions of a Kafka topic the pipeline writes, said
        after it ("to topic x with 12 partitions"). Said before every Kafka sink ("Read topic
        orders with 12 partitions": the source's, which the processor does not set) or with
        none, it would set nothing: refused, never dropped."""
        if self.partitions is None:
            return
        at, said = self.partitions_said
        if any(s.kind == "kafka" and s.pos < at for s in self.sinks):
            return
        raise RequestNotUnderstood(
            f"{said!r}: a partition count is set "
            'only for a Kafka topic the pipeline writes, said after it (e.g. "write to Kafka '
            'topic big-orders with 12 partitions"); the topic read keeps its own partitions: '
            "remove it"
        )

    def build_sinks(
        self, window: dict[str, Any] | None, event_time: str | None, key: str | None
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        self._partitions_of_an_output()
        outputs = self.output_names(window)
        # (a whole match already read is the producers' Kafka: "Every saw sends a reading to Kafka
        # every 10 seconds", read as context)
        unread = [m for m in KAFKA_NO_TOPIC.finditer(self.text) if MASK not in self.s[m.start("k")]]
        if not self.sinks:
            if unread:  # "keep amount > 10, write to Kafka.": never printed to stdout instead
                raise _no_kafka_topic(unread[0].group(0))
            nowhere = [
                m
                for m in OUTPUT_NOWHERE.finditer(self.text)
                if MASK not in self.s[m.start() : m.end()]
            ]
            if nowhere:  # "..., then send them downstream": never printed to stdout instead
                raise _output_nowhere(nowhere[0].group(0))
            self.sinks.append(Sink(len(self.text), "stdout"))
            self.assumptions.append("no sink named; printing results to stdout")
        listed = [
            m for m in KAFKA_LISTED_NO_TOPIC.finditer(self.text) if MASK not in self.s[m.start("k")]
        ]
        if listed and not any(s.kind == "kafka" for s in self.sinks):
            raise _no_kafka_topic(listed[0].group(0))  # never the other sinks without it
        self._refuse_sink_choice()
        if self.kafka_headers and not any(s.kind == "kafka" for s in self.sinks):
            raise RequestNotUnderstood(
                f"{self.header_words!r}: headers are sent with Kafka messages only, and the "
                "request writes to no Kafka topic"
            )
        has_ch = any(s.kind == "clickhouse" for s in self.sinks)
        if (self.batch_rows or self.flush_ms) and not has_ch:
            self.assumptions.append("batch size / flush interval apply to ClickHouse only; ignored")
        for sink in sorted(self.sinks, key=lambda s: s.pos):
            d = sink.data
            if sink.kind == "clickhouse":
                out.append(self._clickhouse_sink(d, window, event_time, key, outputs))
            elif sink.kind == "kafka":
                data: dict[str, Any] = {"kind": "kafka", "topic": d["topic"]}
                if d["key"]:
                    text = d["key"][0]
                    if not window:
                        text = self._key_named(text, why="Kafka key", role="field")
                    else:  # "per sku ... keyed by sku": the group-by's reading of the word
                        text = self.resolved.get(text, text)
                    data["key"] = text
                elif window:
                    data["key"] = window["group_by"][0] if window["group_by"] else None
                    self._kafka_key_said(d["topic"], data["key"])
                elif key and key not in outputs:
                    # the source's key, dropped by the projection: no field left to key by
                    data["key"] = None
                    self.assumptions.append(
                        f"Kafka topic {d['topic']!r}: messages without a key, as the projection "
                        f'drops {key!r}, the records\' key (say "keyed by <field>" for one)'
                    )
                else:
                    data["key"] = key
                    self._kafka_key_said(d["topic"], key)
                if self.kafka_headers:
                    data["headers"] = self._build_headers(window)
                if self.partitions:
                    data["partitions"] = self.partitions
                out.append(data)
            elif sink.kind == "redis":
                data = {"kind": "redis"}
                if "key_template" in d:
                    template = d["key_template"]
                    for name in re.findall(r"\{(\w+)\}", template):
                        resolved = (
                            self.resolved.get(name.lower(), name) if window
                            else self._key_named(name, why="Redis key")
                        )  # fmt: skip
                        self._require_key(resolved)
                        template = template.replace("{" + name + "}", "{" + resolved + "}")
                    data["key_template"] = template
                    if "format" in d:
                        data["format"] = d["format"]
                    if "ttl_ms" in d:
                        data["ttl_ms"] = d["ttl_ms"]
                    out.append(data)
                    continue
                if "key_field" in d and not window:  # a field the request names joins the schema
                    data["key_field"] = self._key_named(d["key_field"][0], why="Redis key")
                elif "key_field" in d:  # "keyed by url" after "per url": the group-by field
                    text = d["key_field"][0]
                    data["key_field"] = self.resolved.get(text.lower(), text)
                else:
                    data["key_field"] = (window["group_by"][0] if window and window["group_by"]
                                         else key)  # fmt: skip
                    if data["key_field"] is None:
                        raise RequestNotUnderstood(
                            'Redis sink: name the key field (e.g. "write to Redis keyed by '
                            'user_id")'
                        )
                self._require_key(data["key_field"])
                if "key_prefix" in d:
                    data["key_prefix"] = d["key_prefix"]
                else:  # keys of a shared Redis are namespaced; the request named no prefix
                    data["key_prefix"] = f"{self.pipeline}:"
                    field = data["key_field"]
                    self.assumptions.append(
                        f"Redis keys: no prefix named, so '{self.pipeline}:<{field}>' (say "
                        f'"under key <prefix>:{{{field}}}" for another)'
                    )
                if "format" in d:
                    data["format"] = d["format"]
                if "ttl_ms" in d:
                    data["ttl_ms"] = d["ttl_ms"]
                out.append(data)
            else:
                out.append({"kind": "stdout"})
        return _one_per_target(out, self.assumptions)

    def _require_key(self, fieldname: str | None) -> None:
        """A Redis key needs a value: a key field the schema has as optional becomes required,
        so that records without it go to the dead-letter topic (listed as an assumption)."""
        if self.sample is not None:
            return  # the sample says which fields may be missing; the spec check says the rest
        for f in self.fields:
            if f["name"] == fieldname and not f["required"]:
                f["required"] = True
                self.assumptions.append(
                    f"field {fieldname!r} is required: it is the Redis key, so records without "
                    "it go to the dead-letter topic"
                )

    def _build_headers(self, window: dict[str, Any] | None) -> list[dict[str, str]]:
        if sum(1 for s in self.sinks if s.kind == "kafka") > 1:
            raise RequestNotUnderstood(
                f"{self.header_words!r}: the request writes to more than one Kafka topic; say the "
                "headers for one Kafka sink only, or write the pipeline as a spec file"
            )
        out = []
        for name, kind, text in self.kafka_headers:
            if kind == "field" and not window:
                out.append(
                    {"name": name, kind: self.resolve(text, explicit=True, why="Kafka header")}
                )
            else:
                out.append({"name": name, kind: text})
        return out

    def _clickhouse_sink(
        self, d: dict[str, Any], window: dict[str, Any] | None, event_time: str | None,
        key: str | None, outputs: list[str],
    ) -> dict[str, Any]:  # fmt: skip
        data: dict[str, Any] = {"kind": "clickhouse"}
        if "database" in d:
            data["database"] = d["database"]
        if "table" in d:
            data["table"] = d["table"]
        elif window:
            label = duration_label(window["size_ms"]) if window.get("size_ms") else "session"
            data["table"] = to_identifier(f"{self.subject}_aggregates_{label}")
        else:
            subject = self.subject
            data["table"] = subject if subject.endswith("s") else f"{subject}_events"
        data["engine"] = d.get("engine", "ReplacingMergeTree" if window else "MergeTree")
        time_col = "window_start" if window else event_time
        latest = self._latest_per(d, window, outputs)
        if latest:
            data["engine"], data["order_by"] = "ReplacingMergeTree", [latest]
        elif "order_by" in d:
            order = []
            for text, quoted in d["order_by"]:
                order.append(text if (window or quoted or text in outputs) else
                             self.resolve(text, explicit=True, why="ORDER BY"))  # fmt: skip
            data["order_by"] = order
        elif window:
            data["order_by"] = ["window_start", *window["group_by"]]
        else:
            order = [c for c in (event_time, key) if c and c in outputs]
            id_field = next((n for n in ID_FIELDS if n in outputs), None)
            if id_field:
                order.append(id_field)
            data["order_by"] = list(dict.fromkeys(order)) or outputs[:1]
        if "partition" in d:
            part = d["partition"]
            if part is None:
                data["partition_by"] = None
            else:
                func, column, _quoted = part
                column = column or time_col
                if column is None:
                    raise RequestNotUnderstood(
                        "ClickHouse partitioning needs an event-time column; name it (e.g. "
                        '"partitioned by day of created_at")'
                    )
                if not window and column not in self.output_names(window):
                    column = self.resolve(column, explicit=True, role="time", why="PARTITION BY")
                data["partition_by"] = {"func": func, "column": column}
        elif time_col and not window and time_col not in outputs:
            # (a projection after a dedup or sessions step drops the event time it read)
            self.assumptions.append(
                f"ClickHouse {data['table']}: not partitioned (the rows written keep no "
                f"{time_col!r})"
            )
        elif time_col and (window or self.type_of(time_col) in ("timestamp", "date")):
            replaced = data["engine"] == "ReplacingMergeTree" and not window
            if replaced and time_col not in data["order_by"]:
                # versions of one key in two months' partitions would never be merged into one
                self.assumptions.append(
                    f"ClickHouse {data['table']}: not partitioned by {time_col} (a key's "
                    "versions must share a partition to be replaced)"
                )
            else:
                data["partition_by"] = {"func": "toYYYYMM", "column": time_col}
        if "ttl" in d:
            data["ttl"] = self._ttl(d["ttl"], window, event_time, outputs)
        if self.batch_rows:
            data["batch_rows"] = self.batch_rows
        if self.flush_ms:
            data["flush_interval_ms"] = self.flush_ms
        return data


def _key_list(key: Any) -> list[Any]:
    """A step's key as a list: "order_id" or ["order_id", "line_no"]."""
    return list(key) if isinstance(key, (list, tuple)) else [key]
