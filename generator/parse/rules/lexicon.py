"""Shared lexicon: how names, fields and lists are written, stop words, domain words, and
the small text helpers every recogniser uses."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .quantities import ICASE, NUM, number

MAX_REQUEST_CHARS = 2000


EXAMPLE = (
    "Process clickstream events from Kafka topic 'user-events', enrich with user profiles from "
    "Redis cache, calculate session metrics, and store in ClickHouse"
)


NO_SOURCE = (
    "no source: name a Kafka topic (e.g. \"from Kafka topic 'events'\") or a database for CDC "
    '(e.g. "replicate the PostgreSQL tables orders and order_items with Debezium")'
)


# What a CDC connector does to a table's rows, said before the topic it fills ("which Debezium
# publishes to the topic x", "that Debezium replicates to the topic x")
CONNECTOR_VERBS = (
    "publishes", "writes", "streams", "produces", "emits", "replicates", "mirrors", "captures",
    "pushes", "sends",
)  # fmt: skip


DEFAULT_SESSION_GAP_MS = 30 * 60_000


DEFAULT_WINDOW_GRACE_MS = 5_000


DEFAULT_WINDOW_MS = 60_000


DEFAULT_DEDUP_MS = 3_600_000


DEFAULT_JOIN_PRESET_KEY = "user_id"


MASK = "\x00"


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The last part of a field's name that says it identifies a record ("visitor_id", "order_no"):
# never a count's or an aggregate's name
ID_NAME_ENDS = word_set("id ids key uuid guid code number no num ref")


# The words a request uses for one session of a session window ("for each trip count the
# pings"): a run of records closed by the gap, never a field when the schema has none of that name
SESSION_NOUNS = word_set(
    "session visit trip journey ride voyage outing run bout episode stint spell burst sitting"
    " excursion shift"
    # ("for every pass compute ...": a satellite's pass over a ground station; a streak of a
    # machine's records. Never "contact": a slip of "contract" would be read as it)
    " pass streak"
)


QUOTED = r"""'[^'\n\x00]*'|"[^"\n\x00]*"|`[^`\n\x00]*`"""


# A name as written: quoted (taken whole, validated later) or a bare run of name-ish characters.
NAME = rf"""(?:{QUOTED}|[^\s,;'"`\x00()]+)"""


# A field as written: quoted/backticked, or starting like an identifier (kept whole up to a
# separator or comparison sign, so "__import__('os')" reaches validation intact).
FIELD = r"""(?:`[^`\n\x00]+`|'[^'\n\x00]+'|"[^"\n\x00]+"|[A-Za-z_][^\s,;:<>=!\x00]*)"""

# What joins a Redis key's quoted prefix to its field: "'tab:' + tab_id" (the layout may have
# made the "+" an "and"), "'tab:' plus tab_id", "'member:' followed by member_id"
PREFIX_JOIN = r"(?:\+|\band\b|\bplus\b|\bfollowed\s+by\b)"


NAME_RE = re.compile(NAME)


# A bare name that can only be a topic: words joined by '-' or '.' ("driver-locations"), not an
# adjective ("real-time").
NAMED_TOPIC = (
    r"(?!(?:real-time|near-real-time|as-is|set-up|up-to-date|per-\w+)(?![\w-]))"
    r"[A-Za-z]\w*(?:[-.]\w+)+(?![\w-])"
)
# Names joined by '-' whose every part starts with a letter ("parcels-scanned"; never
# "us-east-1", nor a field such as "payments.order_id").
HYPHENATED = r"[A-Za-z]\w*(?:-[A-Za-z]\w*)+"


FIELD_RE = re.compile(FIELD)


SEP_WORDS = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)"


LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s+or\s+)", ICASE)


STOP = word_set("""a an the and or to from into in on of for by with within over every each per then
    where when whose if as at using via than is are be it its them their this that these those
    store storing stored write writing written publish publishing send sending emit emitting
    save saving compute computing calculate calculating count counting sum total average avg
    mean min max minimum maximum unique distinct number keep keeping only filter filtering drop
    dropping join joining enrich enriching dedup deduplicate window windows tumbling
    hopping sliding kafka redis clickhouse topic topics table tables events records messages
    rows data results output alert alerts produce producing all also plus both real
    real-time minute minutes hour hours second seconds day days week weeks ms s m h d
    partitioned ordered sorted grouped batches batch flushing flush into onto
    consumer group exactly once least debezium cdc replicate not no totals sums counts averages
    metrics stats statistics too""")


# Adverbs ("Use the median instead.", "per region again", "where status instead is 'paid'",
# "sum amount currently per store"): never part of a field's name (they were read as
# max(instead), group by region_again, a field status_instead, sum(amount_currently)); left
# unread, the request is refused as not understood (an amendment, with its hint).
NOT_FIELD_ADVERBS = word_set(
    """instead rather again anyway still though although already currently ideally now later
    yet altogether either"""
)


# "sum amount overall", "count orders per region first": an adverb after a field's noun, never
# the last word of its name (it may begin one: "overall_score", "first_name")
NOT_A_NAME_TAIL = word_set("overall first")

# Words that leave something out ("sum amount excluding tax", "where amount without fees is
# over 100", "average price except refunds"): never part of a field's name (they were read as
# sum(amount_excluding_tax), a field amount_without_fees); the value they mean is computed or
# the records filtered first.
EXCEPTION_WORDS = word_set("except excepting excluding exclude excludes without barring")


# Asking and courtesy words: "per station_id, could you take ...", "dedup on a and b, please
# write ...": they end a list of fields, never a field's name.
ASK_WORDS = word_set(
    """please pls plz kindly maybe perhaps possibly could would will shall should might must you
    someone somebody anyone anybody we'd i'd we'll i'll you'd y'all"""
)


# Structure words; and the words that end a list of names (topics, tables): structure words
# and verbs, not nouns like "alerts".
STRUCT_STOP = word_set(
    """a an the and or to from into in on of for by with within over every each per then where
    when whose if as at using via is are it them their this that these those"""
)


NAME_STOP = STRUCT_STOP | word_set(
    """kafka redis clickhouse topic topics table tables named called write writes store stores
    save publish
    send emit print compute calculate count aggregate keep filter drop join enrich dedup
    deduplicate produce push stream forward output insert load replicate track sum look
    just only simply also basically essentially actually ideally hopefully honestly please
    hourly daily weekly monthly nightly minutely"""
)


COUNT_NOUNS = (
    r"(?:events?|records?|messages?|rows?|orders?|sales?|transactions?|purchases?|clicks?"
    r"|page\s*views?|views?|requests?|logins?|errors?|payments?|visits?|signups?|readings?"
    r"|entries|entry|hits?|impressions?|calls?|items?|logs?|log\s+lines|alerts?|sessions?"
    r"|trades?|bookings?|tickets?|jobs?|tasks?|builds?|deployments?|downloads?|uploads?"
    r"|searches|search(?:es)?|queries|query|reviews?|comments?|likes?|shares?|posts?"
    r"|notifications?|emails?|installs?|shipments?|deliveries|invoices?|refunds?|returns?"
    r"|registrations?|checkouts?|bids?|rides?|trips?|incidents?|failures?|exceptions?"
    r"|crashes|anomalies|scans?|plays?|visitors?|users?|customers?|devices?|pings?|stays?"
    r"|reservations?|withdrawals?|deposits?|claims?|swipes?|taps?|attempts?|tries|actions?|charges?|txns?)"
)


# Plurals a record carries as a number or money ("the 3 players with the most goals", "the
# couriers with the most tips"): a ranking by "the most <one of these>" sums the field,
# unlike "the fewest games" (a count of records)
TALLIED_PLURALS = word_set(
    """points goals runs wickets assists kills deaths laps votes minutes hours seconds days
    miles kilometres kilometers metres meters litres liters kilos grams pounds dollars euros
    tips fees fares payouts donations bonuses winnings earnings"""
)


# Plurals of happenings a record may carry as a tally ("sum impressions per screen_id": each
# record holds how many impressions a screen showed): only the verb 'sum' reads them as a field
# of that name ("total impressions" counts the records); a plural of records that carry money
# ("sum orders") is left refused, its field unsaid
TALLY_PLURALS = word_set(
    """impressions clicks views pageviews downloads plays hits visits visitors likes shares
    installs streams listens"""
)


# Records that are one number each ("min, max and avg of reading"): the record's noun, said in
# the singular, may name the field holding that number, unlike "the largest order" (an order is
# no number); the plural ("the average of the readings") names the records, left refused
MEASURED_NOUNS = word_set("reading")


# "the share of card payments", "the ratio of returns to sales": a ratio over the records, which
# no aggregate computes (never context, never left to an unread-words message without a hint)
RATIO_WORD = re.compile(r"\b(?:share|proportion|fraction|ratio|rate)s?\s+of\b|\bratios?\b", ICASE)

# A word naming a metric that needs a field: unread, the window would count records instead
# ("order_total summed per store_id", "hourly counts and averages")
METRIC_WORD = re.compile(
    r"\b(?:sum|sums|summed|summing|averaged|averages|average|avg|mean|minimum|maximum)\b"
    # "15-minute totals by merchant_id": a sum of something unsaid ("pay.totals" is a name)
    r"|(?<![\w.-])(?:totals|totall?ed|totall?ing)(?![\w.-])",
    ICASE,
)


# An aggregate other than a count, said ("sum amount per shop, only counting refunds ..."): a
# count's words beside it may say which records it takes, not one more count
NON_COUNT_AGGREGATE = re.compile(
    r"\b(?:sum|total|average|avg|mean|max(?:imum)?|min(?:imum)?|median|percentile|p\d\d"
    r"|distinct|unique)\b",
    ICASE,
)


AGG_WORDS = word_set(
    """count total number sum average avg mean min max minimum maximum unique distinct median"""
)


MEASURE_WORDS = word_set(
    """amount revenue value spend spending spent gmv turnover money sales_amount order_value
    transaction_value cart_value sales_value order_amount transaction_amount"""
)


MEASURE_FIELDS = ("amount", "revenue", "total_amount", "price", "value", "total")


ENTITY_FIELDS = {
    "visitor": "user_id", "user": "user_id", "customer": "customer_id", "buyer": "customer_id",
    "shopper": "customer_id", "client": "customer_id", "page": "page_url", "url": "page_url",
    "ip": "ip_address", "product": "product_id", "item": "product_id", "device": "device_id",
    "session": "session_id", "order": "order_id", "transaction": "transaction_id",
    "payment": "payment_id", "sku": "product_id",
}  # fmt: skip


# A one-word name of a field holding a kind, the words of `_KIND_FIELD` ("only paid or shipped
# orders (status)", "only cod or hake landings (species)"): read as the field in brackets like a
# name with '_' ("(method)" is not one: `_KIND_FIELD` takes it only as "payment_method"); a
# distinct count of one ("count distinct species") counts the field's values, never a species_id
KIND_FIELD_WORD = re.compile(
    r"type|kind|status|state|category|reason|severity|priority|level|tier|grade|channel|region"
    r"|zone|species|breed|variety|cultivar|genre|brand|colou?r|flavou?r|department|sport|fuel"
    r"|material|cuisine|language|country|platform",
    ICASE,
)


# Devices named by what they measure ("level sensors", "pressure gauges"): each sends many
# records, so the word names the producers, never one record
MEASURING_DEVICES = frozenset(
    {"sensor", "gauge", "meter", "probe", "transmitter", "monitor", "logger", "detector"}
)


# Entity words that are a field's own name: a schema without product_id gets a field sku for
# "per sku", never a product_id the request did not name
OWN_NAME_WORDS = frozenset({"sku"})


# Systems records come from ("the laboratory's LIMS feed", "print shop MES:"): a name for where
# the records live, never a value a condition compares
SYSTEM_ACRONYMS = frozenset(
    {"LIMS", "ERP", "CRM", "WMS", "MES", "EHR", "EMR", "TMS"}
    # applicant tracking, lab, HR, property, content, learning and library systems
    | {"ATS", "LIS", "HRIS", "PMS", "CMS", "LMS", "ILS"}
    # a plant's operator screen ("for the HMI to read")
    | {"HMI"}
)
# Regulations and quality regimes an output is kept for ("our GDP compliance reports", "the SOX
# audit"): what the readers do with it, never a segment of the records
COMPLIANCE_ACRONYMS = frozenset(
    {"GDP", "GMP", "GxP", "GLP", "HACCP", "SOX", "HIPAA", "GDPR", "PCI", "FDA", "SOC"}
)
# Kinds of device or signal, not segments of the records ("GPS pings", "nine FM stations")
TECH_ACRONYMS = frozenset(
    {"GPS", "AIS", "FM", "AM", "POS", "RFID", "NFC", "SMS", "CCTV", "HVAC", "PLC", "SCADA", "ATM"}
    | {"EV", "LED", "ECG", "GSM", "LTE", "CDN", "DNS", "HTTP", "IP", "USB", "BLE", "LIDAR"}
    # (a screen: "for the cabin TV app")
    | {"TV"}
)
ID_FIELDS = ("event_id", "transaction_id", "payment_id", "message_id", "order_id", "id")


TIME_FIELDS = ("timestamp", "event_time", "ts", "time", "created_at", "occurred_at")


# "ascending order", "arrival order": the order rows come in, never a sales order
_NOT_SORT = "".join(
    rf"(?<!\b{w}\s)"
    for w in ("ascending", "descending", "reverse", "arrival", "sort", "chronological")
)

# Domain words -> (preset, subject used in names). Earliest match outside excluded clauses wins.
DOMAINS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, ICASE), preset, subject)
    for p, preset, subject in [
        (r"\bclick\s*-?\s*streams?\b", "clickstream", "clickstream"),
        (r"\bpage[\s-]*views?\b", "clickstream", "page_views"),
        (r"\bclicks?\b", "clickstream", "clicks"),
        (r"\bsales?\b", "sales", "sales"),
        (r"\brevenue\b", "sales", "sales"),
        # ("in order to reduce noise", "out-of-order events", "order by (season)", "in
        # ascending order", "in the order they arrive": no orders)
        (
            r"\b(?:orders|(?<!\bin\s)(?<!\bof\s)(?<!\bof-)" + _NOT_SORT + r"order"
            r"(?!\s+(?:by|they|it|we|in\s+which)\b))\b",
            "sales",
            "orders",
        ),
        (r"\bpurchases?\b", "sales", "purchases"),
        (r"\btransactions?\b", "sales", "transactions"),
        (r"\bprofiles?\b", "profile_updates", "profile"),
        (r"\biot\b", "iot", "iot"),
        (r"\bsensors?\b", "iot", "sensor"),
        # ("a pipeline which is reading the cdr-events topic": the verb, no domain)
        (r"\breadings\b|\breading\b(?!\s+(?:the|from|topics?|kafka|in)\b)", "iot", "readings"),
        (r"\bdevices?\b", "iot", "device"),
        (r"\btelemetry\b", "iot", "telemetry"),
        # ("We log every vaccination to topic x", "Each meter logs errors": the verb, no logs)
        (
            r"(?<!\bwe\s)(?<!\bthey\s)(?<!\bi\s)\blogs?\b"
            r"(?!\s+(?:its|their|errors|warnings|events|readings|them|it|an?)\b)",
            "logs",
            "logs",
        ),
        (r"\blog\s+lines\b", "logs", "logs"),
        (r"\bpayments?\b", "payments", "payments"),
    ]
]


PIPELINE_WORDS = re.compile(
    r"\b(kafka|topics?|streams?|streaming|events|clickhouse|redis|windows?|aggregat\w*|join\w*|"
    r"enrich\w*|dedup\w*|filter\w*|pipelines?|consum\w*|ingest\w*|replicat\w*|cdc|debezium|"
    r"sessions?|records|messages)\b",
    ICASE,
)


def unquote(token: str) -> tuple[str, bool]:
    """The name inside quotes (kept verbatim), or a bare token without trailing punctuation."""
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"`":
        return token[1:-1], True
    text = token.rstrip(".:!?")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".:!?")
    return text, False


_IE_PLURALS = (
    "cookies", "movies", "calories", "selfies", "hoodies", "zombies", "rookies", "brownies",
    "smoothies", "goalies", "freebies", "newbies", "techies", "prairies",
)  # fmt: skip


def name_words(name: str) -> list[str]:
    """The words of a topic, table or field name, in lower case ("depot.charging-sessions":
    depot, charging, sessions)."""
    return [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]


def singular_words(name: str | None) -> set[str]:
    """The singular words of a name or phrase ("truck_arrivals": truck, arrival), to tell
    whether a word names the records of a stream."""
    return {singular(w) for w in name_words(name or "")}


# Plurals whose singular no suffix rule gives ("top 3 axes by load" ranks axis_id groups)
_IRREGULAR_PLURALS = {
    "axes": "axis", "indices": "index", "vertices": "vertex", "matrices": "matrix",
    "appendices": "appendix",
}  # fmt: skip


def singular(word: str) -> str:
    if word.lower() in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word.lower()]
    if word.endswith(("species", "series")):
        return word  # one or many: "per species" is the field species, never "specy"
    # "cookies", "calories": the ie belongs to the noun ("cookie", not "cooky")
    if word.endswith(_IE_PLURALS) or word in ("pies", "ties"):
        return word[:-1]
    # "diagnoses", "analyses": plurals of -sis nouns
    if word.endswith(("gnoses", "lyses", "theses", "crises")):
        return word[:-2] + "is"
    if word.endswith("taxis"):
        return word[:-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    # "warehouses", "causes": the e belongs to the noun (not "warehous")
    if word.endswith(("ouses", "auses")):
        return word[:-1]
    # "branches", "coaches", "dispatches" -> branch (but "caches", "niches" keep their e)
    if word.endswith(("ches", "shes")) and not word.endswith(("caches", "niches")):
        return word[:-2]
    if word.endswith(("sses", "uses", "xes")):
        return word[:-2]
    # plurals of words ending in u: "skus", "menus" (not "status", "bonus")
    if word.endswith(("skus", "menus")):
        return word[:-1]
    # "status", "bonus", "analysis", "address" are singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


# Endings of tense, agent, or a noun made from a verb, cut one after another
_WORD_ENDING = re.compile(r"(?:ations?|ions?|ures?|als?|ing|ers?|ed|es|e|y)$")


def stem(word: str) -> str:
    """A word without its plural and its endings, so the forms of one word meet: "minutes"
    and 'minute', "charging" and 'chargers', "failed" and 'failure', "delivered" and
    'delivery'; never cut below 4 letters ("rate" stays whole)."""
    word = singular(word.lower())
    while (cut := _WORD_ENDING.sub("", word)) != word and len(cut) >= 4:
        word = cut
    return word


# "planetarium show_id", "CNC machine_id": one to three plain words (never a negation or a
# function word) before a name written as an identifier
NOUN_MODIFIER = re.compile(
    r"((?:(?!(?:not|no|non|never|nor|neither|without|except|minus|plus|times|and|or|of|by|per"
    r"|in|on|to|is|the|a|an|any|all|each|every|total|sum|count|distinct|unique|avg|average|mean"
    r"|median|min|max|minimum|maximum|previous|prior|last|first|next|new|old|net|gross|raw"
    r"|current|latest|earliest|rolling|daily|hourly|weekly|monthly)\s)"
    r"(?:[A-Z][A-Z0-9]*|[A-Za-z][a-z]*)\s+){1,3})([a-z][a-z0-9]*(?:_[a-z0-9]+)+)",
    re.I,
)
# "previous price_eur", "net amount_eur": a word that may be part of the field's name (another
# field than price_eur) or only describe it; neither reading is safe to pick
UNCLEAR_MODIFIER = re.compile(
    r"(previous|prior|last|first|next|new|old|net|gross|raw|current|latest|earliest|rolling)\s+"
    r"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)",
    re.I,
)


# The endings of a field that names a thing ("store_id", "item_sku", "show_title"): how a plain
# noun ("stores", "items", "shows") is named by a field (never one that sorts things into kinds:
# "show_genre", "product_type", "item_category" name a kind, not the thing)
ID_ENDINGS = (
    "id", "code", "key", "name", "number", "no", "num", "sku",
    "title", "uuid", "guid", "ref", "handle", "slug", "serial",
)  # fmt: skip
ID_ENDING = "|".join(ID_ENDINGS)


# A distinct count's function as code spells it: SQL dialects' and dataframe libraries' names
# ("count_distinct", "countDistinct", "uniq", "n_distinct", "nunique"); never an approximate
# one ("approx_count_distinct" has no word boundary before "count")
CODE_DISTINCT = (
    r"(?:count[_-]?distinct|distinct[_-]count|count[_-]unique|unique[_-]count|uniq(?:exact)?"
    r"|n[_-]?distinct|n[_-]?unique)(?![\w-])"
)


def noun_names_field(noun: str, field: str) -> bool:
    """ "rinks" names rink or rink_id: a field is the noun's singular, or it with an id-like
    ending (how a ranked noun names its group field)."""
    one = re.escape(singular(noun.lower()))
    return re.fullmatch(rf"{one}(?:_(?:{ID_ENDING}))?", field.lower()) is not None


def abbreviated_field(noun: str, field: str) -> bool:
    """ "locomotives" named by loco_id, "customers" by cust_id: a field whose one word before its
    id-like ending is the noun's singular cut short (at least four letters kept, at least three
    cut: "players" is never play_id, a play's)."""
    one = singular(noun.lower())
    m = re.fullmatch(rf"(?P<a>[a-z]{{4,}})_(?:{ID_ENDING})", field.lower())
    return m is not None and one.startswith(m["a"]) and len(one) - len(m["a"]) >= 3


def names_distinct_values(name: str, said: str) -> bool:
    """ "count distinct candidate_id ..., name it candidates": a plural `name` whose singular
    names a field of the distinct count `said` (the field itself, or it with an id-like ending)
    names what that count counts, the column's name then (never "users" for a plain count)."""
    if singular(name.lower()) == name.lower():
        return False
    counted = _DISTINCT_FIELD.search(said)
    return counted is not None and noun_names_field(name, counted["f"])


# The field a distinct count takes: "distinct candidate_id values", "unique customer_no"
_DISTINCT_FIELD = re.compile(
    r"\b(?:distinct|unique)\s+(?:number\s+of\s+|count\s+of\s+)?(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)"
    r"\b",
    ICASE,
)


def _snake(phrase: str) -> str:
    return re.sub(r"[\s-]+", "_", phrase.strip().lower())


# A column or field type as people write it (SQL names too) -> the spec's field type.
COLUMN_TYPES = {
    "int": "int", "integer": "int", "bigint": "int", "smallint": "int", "serial": "int",
    "bigserial": "int", "long": "int", "float": "float", "double": "float", "decimal": "float",
    "numeric": "float", "real": "float", "money": "float", "text": "string",
    "varchar": "string", "string": "string", "char": "string", "uuid": "string",
    "bool": "bool", "boolean": "bool", "timestamp": "timestamp", "timestamptz": "timestamp",
    "datetime": "timestamp", "date": "date", "json": "json", "jsonb": "json",
    # SQL spellings of the same ("tinyint(1)", "int8", "character varying", "citext")
    "tinyint": "int", "mediumint": "int", "int2": "int", "int4": "int", "int8": "int",
    "smallserial": "int", "float4": "float", "float8": "float", "character": "string",
    "nvarchar": "string", "citext": "string", "tinytext": "string", "mediumtext": "string",
    "longtext": "string",
}  # fmt: skip


# (a duration's ending, "_s" or "_hours", is left to the roles that read it: a lookup's field
# compared with a number is retyped, and said so)
_UNIT_ENDINGS = tuple(
    f"_{u}"
    for u in word_set(
        "c f kph mph kmh mps kg g lb lbs km m mm cm kw kwh mw mwh wh w v hz pct percent usd "
        "eur gbp l ml litres liters hpa psi deg"
    )
)


# The role of a field a request only tests for presence ("where coupon_code is not null"): when
# its name says nothing of what it holds either, it is typed json (any value); typed string, a
# record holding a number there went to the dead-letter topic.
PRESENCE = "presence"
PRESENCE_NOTE = "json (any value: the request only tests whether a record has it)"
PASSED_ON_NOTE = "json (any value, passed on as it came)"


def guess_type(name: str, role: str = "", value: Any = None) -> str:
    n = name.lower()
    if role == "measure":  # summed, averaged, compared: a number ("response_time" too)
        int_like = n.endswith(("_count", "_qty", "_bytes", "_num")) or n in {"quantity", "qty"}
        return "int" if int_like else "float"
    if n.startswith(("is_", "has_")) or isinstance(value, bool):
        return "bool"
    if n in {"timestamp", "time", "ts", "event_time", "datetime"} or n.endswith(
        ("_at", "_time", "_ts", "_timestamp")
    ):
        return "timestamp"
    if n == "date" or n.endswith("_date"):
        return "date"
    if n.endswith("_id") or n in {"id", "count", "quantity", "qty", "age", "bytes", "retries"}:
        return "int"
    # "ms_played": a unit first names a number as much as one last
    if n.endswith(("_count", "_qty", "_ms", "_bytes", "_seconds", "_num")) or n.startswith(
        ("num_", "ms_")
    ):
        return "int"
    floats = {"amount", "price", "revenue", "value", "cost", "total", "spend", "score", "latency",
              "duration", "temperature", "balance", "rate", "humidity", "pressure",
              # coordinates ("rider-pings (fields rider_id, lat, lon, ts)")
              "lat", "lon", "lng", "latitude", "longitude"}  # fmt: skip
    if n in floats or n.endswith(tuple(f"_{f}" for f in floats)):
        return "float"
    if isinstance(value, float):
        return "float"
    if isinstance(value, int):
        return "int"
    if role == "measure":
        return "float"
    if role in ("projection", PRESENCE):  # only kept, renamed or tested for presence: any value
        return "json"
    # "temp_c", "wind_kph", "load_mw", "fee_pct": a name ending in a unit holds a number (read as
    # text, every record carrying a number there was dead-lettered)
    if n.endswith(_UNIT_ENDINGS) and not isinstance(value, str):
        return "float"
    return "string"


# What may follow the last plain name of a list ("topics orders and payments into ...").
LIST_NEXT = word_set(
    """and or topic topics kafka into to from in on with where whose then for every each per by
    as at via using when if keeping table tables"""
)
# Words a list of names never holds: aggregate functions and percentiles.
NOT_A_NAME = re.compile(
    r"p\d{1,2}(?:\.\d+)?|median|avg|average|mean|sum|count|max|min|total"
    # "per-store hourly sums", "store-level revenue": a modifier, never a topic's name
    r"|per-[a-z]+|[a-z]+-(?:level|wide|based)",
    re.IGNORECASE,
)


# Verbs of the pipeline's steps: one ending a list of plain names is no name ("topic orders and
# ignore.")
_STEP_VERBS = word_set(
    "ignore drop skip keep filter exclude remove discard count sum total average dedup deduplicate"
    " enrich join write store save send print publish forward"
)
# A verb with its object ends any list of names: an output verb and its destination ("take
# tide_height_m, and sink to ClickHouse ...", "..., and load them into ClickHouse ..."), a grace
# ("taking temp_c, allowing 1 minute of grace"); never a field 'sink', 'load' or 'allowing'.
LIST_ENDING_VERB = (
    r"(?:(?:sink|load|land|insert|stream|push|forward|deliver|ship|route|pipe|dump|put|export)"
    # ("..., route the misses to x": a lookup's misses routed, never a field 'route')
    r"\s+(?:(?:it|them|everything|(?:the\s+)?(?:misses|unmatched(?:\s+ones)?)"
    r"|the\s+(?:results?|rest|output))\s+)?(?:to|into|onto|in)\s"
    r"|allow(?:ing)?\s+(?:an?\s+|\d)"
    # ("per quiz, split by is_correct": the next grouping's verb, never a field 'split')
    r"|(?:split|broken|break|segmented|bucketed|grouped|keyed|weighted)(?:\s+(?:down|out|up))?\s+by\b"
    # ("copy over station_name and manufacturer, and just print it to stdout": an adverb before
    # the output's verb, never a field 'just')
    r"|(?:just|simply|then|also)\s+(?:\x00|(?:print|write|send|publish|emit|output|store|save"
    r"|dump|log)(?:s|ed|ing)?\b)"
    # ("taking out_at and salinity_pct, sink stdout": the sink named after the noun "sink")
    r"|(?:sinks?|output|destination)\s*[:=-]?\s*(?:stdout|console|clickhouse|kafka|redis|topic)\b"
    r"|(?:sinks?|output|destination)\s*[:=-]?\s*\x00)"  # (its name read and masked already)
)
_LIST_ENDING_VERB = re.compile(LIST_ENDING_VERB, re.IGNORECASE)


def read_list(
    s: str, pos: int, item: re.Pattern[str], *, max_words: int = 1, stop: frozenset[str] = STOP,
    strict_commas: bool = False, sep: re.Pattern[str] = LIST_SEP, det: str | None = None,
) -> tuple[list[tuple[str, bool, int]], int]:  # fmt: skip
    """Read `item (, item)* (and item)?` at `pos`: [(text, quoted, start)], end position.

    Bare items may span up to `max_words` words; stop words end an item and the list. `det`,
    the determiner said before the first item ("copy the scale and the maker", "its name and
    its region"), may open each later item too, when that item ends the list or the clause.
    """
    items: list[tuple[str, bool, int]] = []
    end = pos
    at = pos
    comma_only = False
    while True:
        m = item.match(s, at)
        if not m:
            break
        text, quoted = unquote(m.group(0))
        if not quoted and (not text or text.lower() in stop):
            break
        if not quoted and _LIST_ENDING_VERB.match(s, m.start()):
            break
        if items and quoted != items[0][1]:
            break  # a list keeps one quoting style: "'a', 'b'" or "a, b and c"
        plain = strict_commas and comma_only and not quoted and not re.search(r"[-_.]", text)
        if plain and not LIST_SEP.match(s, m.end()) and not m.group(0).endswith("."):
            break  # "topic orders, deduplicating ...": a plain word after a lone comma
        name = text.split("(")[0]  # "products(product_id int, ...)": the name, not its columns
        if (
            strict_commas and items and not quoted and not re.search(r"[-_.\d]", name)
            and re.search(r"[-_.\d]", items[0][0].split("(")[0])
            # ("tables lounge_visits (...) and memberships (member_id int PK, ...)": a name
            # with its columns is a table's, whatever its style)
            and "(" not in text
        ):  # fmt: skip
            break  # "topic sales-events and stoer in ...": a name list keeps one style
        if strict_commas and items and not quoted and not re.search(r"[-_.\d]", text):
            nxt = re.match(r"\s+([A-Za-z][\w-]*)", s[m.end() :])
            # ("topics orders and payments. Keep ...": the next sentence's verb ends no name)
            if nxt and nxt.group(1).lower() not in LIST_NEXT and not m.group(0).endswith("."):
                break  # "topic orders and ignore orders whose ...": a verb, not a second name
            if text.lower() in _STEP_VERBS:
                break  # "Read topic orders and ignore.": a step's verb cut short, never a topic
        if strict_commas and items and not quoted and NOT_A_NAME.fullmatch(text):
            break  # "topic api-logs, p50, p95 and p99 of latency_ms": aggregates, not names
        item_end = m.end()
        if not quoted and max_words > 1 and not m.group(0).endswith((".", ":", ")")):
            for _ in range(max_words - 1):
                extra = re.match(r"\s+([A-Za-z_][\w-]*)", s[item_end:])
                if not extra or extra.group(1).lower() in stop | NOT_A_NAME_TAIL:
                    break
                if _LIST_ENDING_VERB.match(s, item_end + extra.start(1)):
                    break  # "per store and channel keyed by store": never 'channel_keyed'
                text += " " + extra.group(1)
                item_end += extra.end()
        items.append((text, quoted, m.start()))
        end = item_end if not quoted else m.end()
        if not quoted and m.group(0)[-1:] in ".:":
            break
        said = sep.match(s, end)
        if not said:
            break
        comma_only = said.group(0).strip() == ","
        at = said.end()
        if det:
            again = re.compile(rf"{re.escape(det)}\s+{_DET_ITEM_ENDS}", re.IGNORECASE).match(s, at)
            at = again.end() if again else at
    return items, end


# An item after the first one's determiner said again ("copy the scale and the maker onto ..."):
# one name that ends the list, the clause or goes on to where it is copied; never the subject
# of a verb ("copy the tier and the record goes to x": a clause of its own)
_DET_ITEM_ENDS = (
    r"(?=[A-Za-z_]\w*(?:\s*(?:$|[,;:.!?)])"
    r"|\s+(?:and|or|onto|into|from|as|over|across|along|too)\b))"
)


IT = "\x02it"  # "when it exceeds 500": the window's (last) aggregate


def strip_article(subject: str, quoted: bool) -> str:
    if quoted:
        return subject
    # "where either temp > 30 or ...": "either" opens the list, it is never part of a name
    return re.sub(r"^(?:the|its|their|an?|either)\s+", "", subject, flags=ICASE)


WORD_RUN = re.compile(r"[A-Za-z_][\w-]*(?:\s+[A-Za-z_][\w-]*)*")


def is_explicit(text: str, quoted: bool) -> bool:
    """A name written as a name (quoted, snake_case, or not plain words) is used as written."""
    return quoted or "_" in text or not re.fullmatch(r"[\w\s-]+", text)


def table_base(text: str) -> str:
    return text.rsplit(".", 1)[-1]


def literal(text: str) -> Any:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"`":
        return t[1:-1]
    low = t.lower().rstrip(".")  # "qc_passed = true.": the sentence's full stop
    if low in ("true", "false"):
        return low == "true"
    if low in ("a", "an"):
        return t.rstrip(".")  # "zone in (A, B, C)", "grade = A": a letter alone, never "one"
    if re.search(r"\d[eE]", t):
        return t.rstrip(".")  # "code in (1e3, 2e3)": a listed value in e-notation stays as said
    if re.fullmatch(NUM, t, ICASE):
        return number(t)
    if re.fullmatch(r"-?\.\d+", t.rstrip(".")):  # "discount > .5": a decimal without its 0
        return float(t.rstrip("."))  # (was the text '.5', compared as text)
    if re.fullmatch(NUM, t.rstrip("."), ICASE):  # "humidity < 10.": the sentence's full stop
        return number(t.rstrip("."))
    return t.rstrip(".")


def list_literals(said: list[str]) -> list[Any]:
    """The values of a list as said: a word read as a number or a truth value ("one", "true")
    among text values is text itself ("gate in one, B" is two names, never 1 and 'B'; a bare
    letter "A" is kept by `literal` already)."""
    zero = next((v.strip() for v in said if re.fullmatch(r"[-+]?0\d+(?:\.\d+)?", v.strip())), None)
    if zero:  # "code in (007, 008)": codes, not numbers (were 7 and 8, as "code = 007" is not)
        raise RequestNotUnderstood(
            f"{zero!r} has a leading zero: quote it if it is text ({zero!r} in quotes), or write "
            "the number without the zero"
        )
    values = [literal(v) for v in said]
    if not any(isinstance(v, str) for v in values):
        return values
    return [
        v.strip().rstrip(".") if v.strip().isalpha() else lit
        for v, lit in zip(said, values, strict=True)
    ]


def coerce(value: Any, kind: str | None) -> Any:
    if isinstance(value, list):
        return [coerce(v, kind) for v in value]
    if value is None:
        return None
    if kind == "string" and not isinstance(value, str):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind in ("int", "float") and isinstance(value, str):
        try:
            return number(value) if kind == "int" else float(value)
        except ValueError:
            return value
    return value


def domain_of(word: str) -> str | None:
    """The preset a domain word points to ("sales" -> sales), or None."""
    return next((preset for p, preset, _ in DOMAINS if p.fullmatch(word)), None)


VERBS_AFTER_AND = (
    r"write|writes|store|stores|publish|publishes|send|sends|emit|emits|save|saves|output|produce"
    r"|push|forward|calculate|compute|count|aggregate|group|sum|dedup\w*|deduplicate|filter|keep"
    r"|drop|join|enrich|look|sessioni\w*|track|replicate|insert|load|sink|stream|land|then|print"
    r"|log|alert|average|flush|partition\w*|order\w*"
    # "drop the x field and put every drop into redis": the output step
    r"|put(?=\s+(?:them|it|every|each|all|the|everything|those|these)\b)"
)


# "we don't need them", "we shouldn't store them", "they're just noise": what a drop just before
# removed (records or fields) said again as unwanted, by a pronoun only; a noun there ("we don't
# store the night shifts") may name other records, so it is never read.
UNWANTED_BY_PRONOUN = (
    r"(?:(?:as|since|because)\s+)?(?:"
    r"(?:we|i)\s+(?:do\s+not|don't|dont|never)\s+(?:want|need)\s+(?:those|them|these"
    r"|(?:those|these)\s+[a-z]+)"
    r"|(?:we|i)\s+(?:should\s+not|shouldn't|must\s+not|mustn't|cannot|can't|do\s+not|don't|dont"
    r"|won't|will\s+not|never)\s+(?:want\s+to\s+|need\s+to\s+|have\s+to\s+|be\s+)?(?:store|keep"
    r"|save|persist|retain|hold|storing|keeping)\s+(?:those|them|these|it)"
    r"(?:\s+(?:at\s+all|anywhere|downstream))?"
    r"|(?:they|those|these)(?:'re|\s+are)\s+(?:just\s+|only\s+|mostly\s+|all\s+)?(?:noise|junk"
    r"|clutter|spam|garbage|useless|not\s+needed))"
)


CLAUSE_END = re.compile(
    rf"[;]|[,:](?=\s)|[.?!](?=\s|$)|\s+and\s+(?=\x00)|\s+(?:and\s+then|then|and)\s+(?=(?:{VERBS_AFTER_AND})\b)",
    ICASE,
)


# The subject a condition takes while the field holding its kind word is still unknown
# ("only rejected claims": which field says 'rejected' is read later)
DISCRIMINATOR = "\x01discriminator"
# A closing bracket after a read condition or list ("(file_size_kb < 20000)")
CLOSE_PAREN = re.compile(r"\s*\)")


# A record noun as topic names shorten it ("card-tx" carries transactions, "app-evts" events)
SHORT_RECORD_NOUNS = {
    "tx": "transaction", "txn": "transaction", "txns": "transaction", "trx": "transaction",
    "evt": "event", "evts": "event", "msg": "message", "msgs": "message", "pmt": "payment",
    "pmts": "payment", "req": "request", "reqs": "request", "obs": "observation",
}  # fmt: skip


ENTITY_ALIASES = {
    "users": "user", "profile": "user", "profiles": "user", "customers": "customer",
    "client": "customer", "clients": "customer", "products": "product", "items": "product",
    "item": "product", "devices": "device", "sensor": "device", "sensors": "device",
    "merchants": "merchant", "sellers": "merchant", "seller": "merchant",
}  # fmt: skip


def refuse_nameless_prefix(template: str) -> None:
    """A Redis key template whose prefix is only separators (":{user_id}") is a typo, not a name."""
    prefix = template.strip("`'\"").split("{", 1)[0]
    if prefix and not re.search(r"[A-Za-z0-9]", prefix):
        raise RequestNotUnderstood(
            f"Redis key {template!r}: the prefix {prefix!r} has no name in it; write the key as "
            "a name, a separator and the field, e.g. user:profile:{user_id}"
        )


# Records said to repeat, why a dedup is asked: beside the dedup (dedup.py's DUPLICATES_SAID)
# and elsewhere in the request (context.py's DUPLICATES_WHY) alike.
# What a reader or a user does to one item twice ("scanners scan the same ticket twice", "riders
# tap their card twice")
READ_AGAIN_VERBS = (
    r"scan|scans|tap|taps|swipe|swipes|read|reads|record|records|log|logs|submit|submits|book"
    r"|books|click|clicks|ping|pings|count|counts|charge|charges|bill|bills"
)
# How often they repeat ("... send duplicates now and then", "arrive twice every so often")
REPEATS_HOW_OFTEN = (
    r"(?:every\s+)?now\s+and\s+(?:then|again)|from\s+time\s+to\s+time|once\s+in\s+a\s+while"
    r"|every\s+so\s+often|sometimes|occasionally|at\s+times"
)


# The plural ends of English compounds written with a dash ("check-ins", "sign-ups"): a noun,
# never a topic's name
PARTICLE_PLURALS = word_set("ins ups outs offs overs downs backs ons")


# Nouns that name an attribute of a record, never the record itself: "when severity is
# critical", "if state is forced" compare that field with a bare word (comparisons.py); "when the
# order is shipped" (a record noun) is not read that way.
ATTRIBUTE_NOUNS = word_set(
    """severity status state level priority type kind category tier plan channel env environment
    stage phase mode outcome result currency method grade rating region country language platform
    segment source"""
)


# Who a person is at work ("the agronomists want ...", "Bar manager here"): the sender or who
# asks, never records (purpose.py, context.py, asides.py, filter_asides.py, leadins.py).
# Singular; a plural adds "s".
ROLE_NOUNS = (
    r"(?:manager|supervisor|lead|engineer|analyst|developer|dev|admin|administrator|owner"
    r"|operator|planner|agronomist|scientist|technician|coordinator|dispatcher|director"
    r"|accountant|controller|economist|statistician|researcher|officer|head|chef|foreman"
    r"|steward|ranger|curator|pharmacist|nurse|doctor|clinician|teacher|trader|buyer|person|caretaker"
    # ("the harbour master wants ...", "the cellar master gets a text": a "-master" said apart)
    r"|master)"
)


# The last word of a workplace unit that may send a request ("Plant room request:", "Harvest
# desk request:", "quick one from the curation side:", "quick one from the robot barn."): who
# asks, never which records.
WORK_UNIT_NOUNS = word_set(
    """team teams squad crew desk office room ops department dept side house floor lab shop
    kitchen hall staff folks people barn parlour parlor yard workshop shed"""
)

# What the records of a stream are called when each is one doing of the verb: "the 10 most
# borrowed book_isbn" on library-checkouts counts checkouts (top_n.py).
DONE_VERB_RECORDS = {
    "borrow": ("checkout", "loan", "borrow", "lending"),
    "rent": ("rental", "rent", "hire"),
    "hire": ("hire", "rental"),
    "watch": ("view", "play", "stream", "watch"),
    "listen": ("play", "stream", "listen"),
    "play": ("play", "stream", "listen"),
    "stream": ("stream", "play"),
    "visit": ("visit", "pageview", "view"),
    "download": ("download", "install"),
    "book": ("booking", "reservation"),
    "reserve": ("reservation", "booking"),
    "search": ("search", "query"),
    "click": ("click",),
    "like": ("like",),
    "share": ("share",),
}


# What one record of a stream is the playing of ("karaoke-plays": each play is one song sung):
# "count the songs in each session" counts the records. Only where a record is one of them.
RECORD_OBJECTS = {
    "play": ("song", "track", "tune", "video", "episode"),
    "listen": ("song", "track", "tune", "episode"),
    "stream": ("song", "track", "tune", "video", "episode"),
    "spin": ("song", "track", "tune", "record"),
    "view": ("page", "screen"),  # "count the pages" on page-views: each view is one page
}


# Words that take "all of it" and never name a field: "taking everything", "with the rest"
NOT_A_FIELD = frozenset(
    ["everything", "anything", "whatever", "rest", "remainder", "all_fields", "nothing"]
)


def refuse_quantifier_fields(fields: list[str], what: str) -> None:
    """ "join ... taking everything": a word for all of a record is never a field's name."""
    bad = next((f for f in fields if f.lower() in NOT_A_FIELD), None)
    if bad is not None:
        raise RequestNotUnderstood(
            f"cannot take {bad!r} from {what}: the fields to take are named one by one "
            "(e.g. \"... from compacted topic 'x' taking name and tier\")"
        )


# A condition's opposite ("drop pages with at most 10 clicks" keeps the others).
NEGATE = {"eq": "ne", "ne": "eq", "gt": "le", "ge": "lt", "lt": "ge", "le": "gt",
          "in": "not_in", "not_in": "in", "null": "not_null", "not_null": "null",
          "empty": "not_empty", "not_empty": "empty",
          "contains": "not_contains", "not_contains": "contains",
          "startswith": "not_startswith", "not_startswith": "startswith",
          "endswith": "not_endswith", "not_endswith": "endswith"}  # fmt: skip


# A verb that leaves out what its condition selects ("drop windows with fewer than 10").
DROP_VERB = (
    # ("keep drops where ...", "keep the removals where ...": a noun the keep verb selects)
    r"(?:(?<!\bkeep\s)(?<!\bkeeps\s)(?<!\bkeeping\s)(?<!\bretain\s)(?<!\bthe\s)"
    r"(?:drop\w*|except|exclud\w*|skip\w*|ignor\w*|discard\w*|filter\w*\s+out|remov\w*|reject\w*"
    r"|(?:leav(?:e|es|ing)|left|weed(?:s|ed|ing)?|cut(?:s|ting)?)\s+out"
    r"|get(?:s|ting)?\s+rid\s+of|got\s+rid\s+of|disregard\w*"
    r"|throw\w*\s+away|omit\w*"
    # "do not take the tickets where ...", "to not keep ...", "we don't want bets with ...": a
    # keep verb negated ("don't emit windows where revenue is below 100")
    r"|(?:do\s+not|don't|dont|to\s+not|not\s+to)\s+(?:take|keep|include|emit|send|output|report|count)"
    # ("we don't want test events:" alone may be a purpose, see purpose.py: only with the
    # condition said on the records)
    r"|(?:do\s+not|don't|dont)\s+(?:want|need)(?=\s+(?:the\s+|any\s+)?[A-Za-z][\w-]*\s+"
    r"(?:with|where|whose|that|which|having)\b)"
    # "toss out swipes without a member_id", "throw out test rows", "chuck away ..."
    r"|(?:toss(?:es|ed|ing)?|throw(?:s|n|ing)?|threw|chuck(?:s|ed|ing)?|bin(?:s|ned|ning)?)\s+"
    r"(?:out|away))"
    # "keep all but status = 'test'", "keep all orders save ...": after a keep verb too (it
    # was kept: the records the condition selects passed, the others were dropped)
    # ("keep all ballots except those with ...": the records' noun is the kept ones')
    r"|(?:everything|anything|all)(?:\s+(?:the\s+)?[A-Za-z][a-z-]*s)?\s+"
    r"(?:but|other\s+than|apart\s+from|save|besides|except(?:\s+for)?))"
)


# The words a top-N ranks by: the most of its metric, or the least.
RANK_HIGH = r"highest|most|largest|biggest|greatest|best"
RANK_LOW = r"lowest|fewest|smallest|least|worst"
# What joins the ranked groups to their metric ("the 5 stores with the most orders", "...
# having the highest revenue")
# ("the 10 precincts with the most voters", "which 5 stations had the most rentals")
RANK_WITH = (
    r"(?:with|having|(?:(?:that|which|who)\s+)?(?:have|had|has|got|get|gets|saw|see|sees"
    r"|received|receive|receives))"
)


# A name the request ranks or thresholds on: "... by arrivals", "arrivals above 20"
_NAME_AS_METRIC = (
    r"(?:\bby\s+(?:the\s+)?(?:most\s+|highest\s+|fewest\s+|lowest\s+)?{n}\b"
    # "the 10 precincts with (the) most voters"
    rf"|\b{RANK_WITH}\s+(?:the\s+)?(?:{RANK_HIGH}|{RANK_LOW})\s+"
    r"{n}\b"
    r"|\b{n}\s+(?:is\s+|are\s+)?(?:exceeds?|above|over|below|under|greater|less|more|fewer"
    r"|at\s+least|at\s+most|>|<|>=|<=)(?!\w))"
)


# The words a column's name uses for an aggregate's function ("avg_temp", "total_kg",
# "peak_load", "p95_core"): a name carrying its aggregate's function names that aggregate
FN_NAME_WORDS = {
    "sum": word_set("sum total"),
    "avg": word_set("avg average mean"),
    "count": word_set("count cnt num"),
    "min": word_set("min minimum lowest"),
    "max": word_set("max maximum peak highest"),
}


def names_function(name: str, fn: str, quantile: float | None = None) -> bool:
    """Whether `name` carries a word for the function `fn` ("p95_core" for the 95th
    percentile, "avg_wait" for an average): the column's name, never a pipeline's."""
    words = set(re.split(r"[_\W]+", name.lower()))
    if fn == "quantile" and quantile is not None:
        pct = round(quantile * 100, 1)
        said = {f"p{pct:g}".replace(".", "")} | ({"median", "p50"} if pct == 50 else set())
        return bool(words & said)
    return bool(words & FN_NAME_WORDS.get(fn, frozenset()))


def used_as_metric(text: str, name: str, after: int) -> bool:
    """Whether `text` ranks or thresholds on `name` after position `after` ("count check-ins
    per property_id, call it arrivals, keep the top 5 by arrivals"): then the name is the
    aggregate's, never the pipeline's."""
    metric = re.compile(_NAME_AS_METRIC.format(n=re.escape(name)), ICASE)
    return any(u.start() >= after for u in metric.finditer(text))


# Words that say how much ("altitude is high"), never a value, unless the field holds degrees
# as words ("priority is high", "size is large")
DEGREES = word_set(
    """high low higher lower heavy light big small large huge tiny fast slow long short
    expensive cheap hot cold warm popular significant notable important valuable overweight
    excessive"""
)
# Tiers and ranks ("premium", "vip", "gold"): a bare one names no kind of record (see
# `_discriminator_field`), never a made-up event_type value
TIER_VALUES = word_set(
    """premium vip gold silver bronze platinum diamond elite basic standard regular featured
    priority special"""
)
# Values that say how much or how important, never which value a field holds ("keep only the
# big orders": big by which field, above what? "the interesting items", "the worrying
# readings": by whose measure?): the degree words, their comparatives and kin, and judgements
MAGNITUDE_VALUES = DEGREES | word_set(
    """bigger biggest larger largest smallest smaller cheaper pricey costly heavier lighter
    high-value low-value high_value low_value longer shorter underweight oversized big-ticket
    interesting unusual rare odd weird strange worrying worrisome concerning alarming troubling
    suspicious abnormal anomalous problematic dodgy questionable relevant noteworthy meaningful
    risky dangerous bad good"""
)

# Words that make a phrase a condition, not a description ("failed logins", "large orders",
# "test events"): qualifiers and words that select; the judgements and tiers above select as
# well, the degree words excepted ("heavy vehicle weigh-ins" describes)
# Where records come from, said as a qualifier ("the north gates", "the eastern depots"): a
# word that may select records (a region or site), never a plain noun of who reads the output.
PLACE_QUALIFIERS = word_set(
    """north south east west northern southern eastern western northeast northwest southeast
    southwest central downtown uptown inner outer upper lower coastal rural urban"""
)
QUALIFYING = (
    word_set(
        """only just not no non all any some new old recent large big small high low valid invalid
        active inactive test fraudulent late early paid unpaid open closed pending first last latest
        top bottom unique distinct duplicate duplicates same each every other important critical
        urgent slow fast expensive cheap domestic foreign international local internal external
        error errors warning warnings"""
    )
    | (MAGNITUDE_VALUES - DEGREES)
    | TIER_VALUES
)

# A word before a group's noun that picks some of the groups ("the 3 busiest flagship stores",
# "downtown stations"), never a noun of a compound ("coffee shops"): read in windows.py
SELECTING_MODIFIERS = (
    QUALIFYING
    | PLACE_QUALIFIERS
    | MAGNITUDE_VALUES
    | word_set("""flagship franchise franchised partner main major minor public private busy quiet
        favourite favorite selected chosen certain specific particular remote nearby electric
        electronic automatic manual digital physical virtual regional national central
        hybrid diesel petrol gas solar wireless mobile primary secondary temporary""")
)
# An adjective's ending ("expensive", "automated", "reusable", "northern"): it may select too
# (never "-al" or "-ic" alone: "hospital wards", "clinic rooms" are compounds)
ADJECTIVE_ENDING = re.compile(r"(?:ive|ous|ful|less|able|ible|ern|ish|\w{3,}(?<!e)ed)$")

# Comparatives a reason aside calls the records a filter leaves out by ("(bigger values are
# gauge glitches)", "the shorter ones are just test runs"): which side of the bound they point
# at decides whether they name the records left out (beyond an upper bound: the "more" words).
MORE_COMPARATIVES = word_set(
    "bigger larger higher heavier longer greater hotter warmer faster louder taller wider"
)
LESS_COMPARATIVES = word_set(
    "smaller lower lighter shorter lesser colder cooler slower quieter narrower"
)


# Unit conversions said in words: "convert weight_g to kilograms (call it weight_kg)",
# "duration_min converted to hours as duration_h". The unit the field holds is the one its name
# ends with (weight_g: grams); the target unit's kind says which ('ms' is milliseconds for a
# time, metres per second for a speed). Per kind: the unit words, and what one unit is in the
# kind's base unit (temperatures are not proportional: see `_TEMPERATURE`).
UNITS: dict[str, dict[str, float]] = {
    "time": {
        "ms|msec|millis|milliseconds?": 0.001,
        "s|secs?|seconds?": 1,
        "mins?|minutes?": 60,
        "h|hrs?|hours?": 3600,
        "days?": 86400,
    },
    "mass": {
        "mg|milligrams?": 0.001,
        "g|grams?": 1,
        "kg|kgs|kilos?|kilograms?": 1000,
        "t|tonnes?|metric\\s+tons?": 1_000_000,
        "lbs?|pounds?": 453.59237,
        "oz|ounces?": 28.349523125,
    },
    "length": {
        "mm|millimet(?:er|re)s?": 0.001,
        "cm|centimet(?:er|re)s?": 0.01,
        "m|met(?:er|re)s?": 1,
        "km|kilomet(?:er|re)s?": 1000,
        "mi|miles?": 1609.344,
        "ft|feet|foot": 0.3048,
    },
    "speed": {
        "ms|mps|m/s|met(?:er|re)s\\s+per\\s+second": 1,
        "kmh|kph|km/h|kilomet(?:er|re)s\\s+per\\s+hour": 1 / 3.6,
        "mph|miles\\s+per\\s+hour": 0.44704,
        "knots?|kn|kts?": 1852 / 3600,
    },
    "money": {"cents?|ct": 0.01, "euros?|eur|dollars?|usd|pounds?|gbp": 1},
}


# Capitalised words that name a tool, a weekday or a department, never a place or a segment
# that could select records ("For the Grafana board", "So Finance can see it"; "For the Berlin
# dashboard" may mean city = 'Berlin').
NOT_A_PLACE = word_set(
    """redis kafka clickhouse grafana superset metabase tableau looker excel slack teams jira
    confluence postgres postgresql mysql python kibana datadog splunk snowflake bigquery
    databricks notion pagerduty sheets google microsoft power monday tuesday wednesday thursday
    friday saturday sunday finance ops operations sales marketing support security fraud risk
    compliance legal data analytics product engineering growth platform billing payments
    logistics dispatch management leadership accounting procurement debezium mariadb oracle
    mongodb mongo elasticsearch elastic opensearch prometheus docker kubernetes flink spark
    airflow dbt pandas java scala golang rust node aws azure gcp amazon s3 lambda github gitlab
    zendesk salesforce hubspot shopify stripe paypal sap teams outlook gmail whatsapp telegram
    discord powerbi qlik sigma hex mode streamlit jupyter tv
    fahrenheit celsius kelvin"""
)


# The fields a Redis lookup or a table join takes (h34/fields12). One lexicon of the words that
# take them onto the record, read by enrich.py and join_keys.py alike, so a verb one reads the other
# reads too: "pulling account_tier and rep_email", "attach tle_line1, tle_line2 and tle_epoch",
# "bring across shot_x and shooter_id", "copy over", "grab", "fetch", "to get a and b". A phrasal
# verb's particle may come before the list ("pull in", "bring back", "carry over", "pick up").
TAKE_FIELDS_VERB = (
    r"(?:(?:to\s+)?(?:add(?:s|ing)?|attach(?:es|ing)?|append(?:s|ing)?|grab(?:s|bing)?"
    # ("carry" only with its particle: "which carries the same item_barcode" says the key)
    r"|fetch(?:es|ing)?|pull(?:s|ing)?|cop(?:y|ies|ying)|carry(?:ing)?(?=\s+(?:over|across|along)\b)"
    r"|bring(?:s|ing)?"
    r"|take|takes|taking|get|gets|getting|pick(?:s|ing)?(?=\s+up\b))"
    r"(?:\s+(?:in|over|across|along|back|up)(?=\s))?)"
)
# What may stand between the taking word and its list: "the", "its", "the customer's", "fields"
TAKEN_LEAD = r"(?:\s*:)?\s+(?:(?:the|its|their)\s+)?(?:[a-z]+['\u2019]s\s+)?(?:(?:fields?|columns?)\s*:?\s+)?"
_TAKEN_ITEM = re.compile(r"[A-Za-z_]\w*(?![\w'\u2019-])")
# Words a taken list never holds: a step's or a sink's verb ends it ("add tier and publish to x")
_TAKEN_STOP = STOP | word_set(
    """publish write send emit output store save keep drop filter print push forward produce
    dedup deduplicate compute calculate count sum average then also please them it everything
    all both rest"""
)
# Words that say the looked-up data as a whole, or which records, never a field of it
_NOT_TAKEN = (
    QUALIFYING
    | NOT_A_FIELD
    | word_set(
        """data detail details info information metadata profile profiles record records row rows
    attribute attributes value values entry entries stuff thing things field fields column
    columns key keys latest current newest"""
    )
)
# Where a taken list may end: the clause's end, where the fields come from or go, or "and" / a
# sink's verb after it. Anything else ("add gold customers") may say something else: unread.
TAKEN_LIST_END = re.compile(
    r"\s*(?:$|[,;.:!?)\n\x00]|[-\u2013\u2014](?=\s)|-{1,2}>|(?:from|in|into|onto|to|out\s+of|over|across"
    r"|along|back|too|also|as\s+well|then|and|via|under|at|for\s+(?:each|every|the|its|their"
    r"|it|them))\b)",
    ICASE,
)


def read_taken_fields(s: str, pos: int) -> tuple[list[str], int] | None:
    """The field names a taking word at `pos` introduces ("account_tier and rep_email", "shift
    and certification_level", "location and model"), and where the list ends; None when the
    words there are no such list: a plain word that says the data as a whole or which records
    ("the latest data", "only gold ones"), or a list that goes on into words of its own."""
    items, end = read_list(s, pos, _TAKEN_ITEM, stop=_TAKEN_STOP)
    names = [t for t, _, _ in items]
    if not names or any(n.lower() in _NOT_TAKEN for n in names):
        return None
    if not TAKEN_LIST_END.match(s, end):
        return None
    return names, end


# "send ...", "pushes ...": a verb that sends records on to where they go
SEND_VERB = r"(?:send|forward|route|publish|write|push|emit|deliver|move)\w*\s+"
