"""Recogniser: the Kafka source topics ("from topic X", "the X stream", "consume X").

SourceRecogniser is the entry point other modules import; it is a chain of mixins, one per
reading kind: source_descriptions.py (what the records are called), topic_names.py (topics by
name, lists and patterns), source_producers.py (who sends the records), source_shapes.py (the
off / out-of / "is the source" shapes), and this module: the stream and description phrasings
("the X stream", "events landing in X", "data is in X", "X events") and the source key."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import FILLER
from .lexicon import COUNT_NOUNS, NAME, NAME_STOP, NAMED_TOPIC, QUOTED, STOP, singular, unquote
from .quantities import ICASE, LONG_UNIT, WN
from .source_descriptions import _ARRIVE, mode_part, plain_description, topic_name_words
from .source_shapes import SourceShapeReader
from .topic_names import SELECTED_FROM

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
STREAM_NAMED = re.compile(
    # "measurements stream in on topic x": the verb, not a stream named "measurements"
    # ("asked for this one. Stream auth.events": a sentence's end is no part of a name)
    rf"\b(?:the\s+)?(?P<n>{NAME})(?<![.:!?])\s+(?:kafka\s+)?(?:stream|feed|firehose)\b"
    # "the LIMS feed (topic sample-registrations)": the topic is named in the parentheses
    r"(?!\s+(?:of|from|through)\b|\s*\(\s*(?:kafka\s+)?topic\b"
    # ("probe readings stream on compost.windrow-temps": the verb, the topic after it; "the
    # price feed on suppliers.batting": the stream, the topic it is on named after it)
    rf"|(?:(?<=stream)|(?<=feed))\s+(?:on|onto|over|via)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
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
    r"\b(?:want|wants|need|needs|'d\s+like|would\s+like|asked\s+for|asks\s+for"
    # ("Could you create a lateness feed?": the feed to be made)
    r"|create|build|make|set\s+up|spin\s+up)\s+(?:a|an)\s+(?:new\s+)?$",
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
    # ("for the crusher QA: glass.grain_samples has ...": after a colon too)
    # ("the links resend msgs when the ack is lost so x has dupes": after "so", a clause too)
    r"(?:^|(?<=[.!?;:]\s)|(?<=,\sso\s)|(?<=\sso\s))\s*"
    # "ANTICHEAT-87: cheat-reports floods ...": after a ticket's id (the id itself is not read)
    r"(?P<tk>(?-i:[A-Z][A-Z0-9]{1,9}-\d+)\s*:\s+)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    # ("The furnace-temps topic has the readings"; 'The "inventory.came_stock" topic carries
    # ...': the name quoted, then "topic")
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`])[A-Za-z][\w.-]*(?P=q)(?=\s+(?:kafka\s+)?topic\b))"
    r"(?:\s+(?:kafka\s+)?topic)?\s+(?=(?:has|have|had|gets|got|contains|carries|holds|receives"
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


# "The furnace-temps topic has the readings.": a sentence naming the topic that holds the
# records (generic record nouns only: "has the EU orders" is no description).
NAMED_HOLDS = re.compile(
    r"(?:^|(?<=[.!?;]\s))\s*(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\s+(?:has|holds|contains|carries)\s+"
    r"(?:the\s+|all\s+(?:the\s+)?|our\s+)?(?:readings|events|records|messages|data|rows|updates"
    r"|pings|measurements|telemetry)(?=\s*[;,.]|\s*$)",
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
# window's words are left to the window recognisers; "Five-minute tumbling windows over x":
# a duration in words, never a name)
NAME_WINDOWED_OPENS = re.compile(
    rf"^\s*(?:the\s+)?(?!(?:{WN})-{LONG_UNIT}(?![\w-]))(?P<n>{NAMED_TOPIC})(?=\s+(?:(?:session|tumbling|hopping|sliding|fixed)\s+"
    r"|\d+[\s-]*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\s+"
    r"(?:tumbling\s+|hopping\s+|sliding\s+)?)windows?\b)",
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


# "hopping 1h windows every 15 min over icefish.catches", "1-hour windows sliding every 15
# minutes over x": the records a window is computed on, after the window's step (only "over
# <name>" is read, and only after window words ending in the step: see `_named`)
STEP_ON = re.compile(
    r"(?:(?<=\bmin\s)|(?<=\bmins\s)|(?<=\bminute\s)|(?<=\bminutes\s)|(?<=\bh\s)|(?<=\bhr\s)"
    r"|(?<=\bhrs\s)|(?<=\bhour\s)|(?<=\bhours\s)|(?<=\bs\s)|(?<=\bsec\s)|(?<=\bsecs\s)"
    r"|(?<=\bseconds\s)|(?<=\d[smh]\s))(?:on|over)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC})",
    ICASE,
)
# The window words before a STEP_ON name: "windows every 15 min", "windows sliding by 5 minutes"
_WINDOW_STEP_BEFORE = re.compile(
    r"\bwindows?\s+(?:(?:that\s+)?(?:slid|hop|advanc|mov)\w*\s+)?(?:by\s+|every\s+)"
    r"(?:\d+(?:\.\d+)?|a|an|one|two|five|ten|fifteen|thirty)\s*-?\s*[a-z]+\s+$",
    ICASE,
)


EACH_ON = re.compile(
    # never a period ("every hour on pos-sales" is a window; "each ticket on x" is no tick)
    r"\b(?:each|every|all(?:\s+the)?)\s+(?!(?:[A-Za-z]+\s+)?(?:[A-Za-z]+\s+)?(?:\d|half|quarter|other|second|minute"
    r"|hour|day|week|month|year|night|morning|evening|time|tick(?!et)|interval|window|batch|run"
    r"|cycle)\w*\b)"
    # (a word before the noun only when the topic's name holds it: "every EU order" may select)
    # ("each check-in on gym.checkins": a dashed noun too)
    r"(?:(?P<pre>[A-Za-z]+)\s+)?[A-Za-z]+(?:-[A-Za-z]+)?\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?"
    # ("Every record on `tracking.player-positions`": quoted too; "For each event on
    # "pieces_completed"": a snake name only quoted, never a field's)
    rf"(?:topic\s+)?(?P<q>[`'\"]?)(?P<n>{NAMED_TOPIC}|(?<=[`'\"])[A-Za-z]\w*(?=[`'\"]))(?P=q)",
    ICASE,
)


# "Group player-actions into session windows per player_id": the name the records are grouped
# from (only the name is read; the verb is the window's)
GROUPED_NAMED = re.compile(
    # ("Group the marina's fuel-dock-sales into ...": whose records, a possessive, read with it)
    rf"(?<=\bgroup\s)(?:(?:the|our)\s+)?(?:[A-Za-z]+'s\s+)?(?P<n>{NAMED_TOPIC})(?=\s+(?:into|by|per)\b"
    # "Group the print-farm-events of each printer_id into sessions"
    r"|\s+(?:of|for)\s+(?:each|every)\s+(?:[A-Za-z_]\w*|\x00+)\s+into\b)",
    ICASE,
)


# "put rescue.beacon_pings into session windows per beacon_id", "split door.swipes into
# 5-minute buckets": the name the records are cut into windows from (only the name is read;
# the window's words are the window recognisers')
PUT_INTO_WINDOWS = re.compile(
    r"\b(?:put|puts|split|splits|cut|cuts|slice|slices|bucket|buckets|chop|chops)\s+"
    rf"(?:(?:the|our)\s+)?(?P<n>{NAMED_TOPIC})(?=\s+into\s+(?:(?:\d+|one|two|five|ten|fifteen"
    r"|thirty)[\s-]*[a-z]+\s+)?(?:(?:session|tumbling|hopping|sliding|fixed|hourly|daily)[\s-]+)?"
    r"(?:windows?|sessions|buckets)\b)",
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
    # ("forward x.y where score >= 85 to topic z": the records kept, then where they go)
    r"|\s+(?:where|whose)\s(?:[^;.!?\n\x00]|\.(?=\S))*?(?:\s(?:to|into|onto)\s|\x00)"
    # ("wire x -> clickhouse y": the arrow laid out as "x; store in y", a step of its own)
    r"|(?(wire)\s*;|(?!)))",
    ICASE,
)
# "All records on payments-raw are to be loaded ...": the records on a name that can only be a
# topic.
RECORDS_ON = re.compile(
    # ("on every record of telematics-raw", "Anything in print-queue with ...")
    r"\b(?:all\s+|every\s+)?(?:the\s+)?(?:events?|messages?|records?|data|rows?|entries|entry"
    r"|anything|everything)\s+(?:on|in|of)\s+"
    # ("the step counter events on `escalator.passages`": the name quoted as code, or quoted)
    rf"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<q>[`'\"]?)(?P<n>{NAMED_TOPIC})(?P=q)",
    ICASE,
)
# "ph probes on hatch.ph_readings double-send sometimes", "the scanners on gate.scans resend
# now and then", "bottling line scanner on bottling.scans sends dupes": the producers'
# sentence, its subject a noun, the topic after "on", then how they send (the subject left to
# the description reader, which refuses a word that may select)
PRODUCERS_ON = re.compile(
    r"(?<=[a-z]\s)on\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
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
# "Dedupe boarding scans on terminal.boarding-scans by ticket_id": the dedup's verb, the
# records' words, then a name that can only be a topic right before the key ("by"/"on" a field;
# the words are left to the description reader, which refuses one that may select)
DEDUPED_ON_NAMED = re.compile(
    r"\b(?:dedupe|dedup|de-?duplicate|deduplicate)\s+(?:the\s+|all\s+)?(?P<w>(?:[a-z][a-z-]*\s+){1,2}?)"
    r"(?:on|in|from)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`]){NAMED_TOPIC}(?P=q))"
    r"(?=\s+(?:by|on|using)\s+[A-Za-z_`'\"])",
    ICASE,
)
# "Keep lasertag.vest-status where battery_pct < 20": the filter's verb, then a name that can
# only be a topic right before its condition (the verb and condition are left to the filters)
KEPT_NAMED = re.compile(
    r"\bkeep\s+(?:(?:the|all)\s+)?(?:kafka\s+)?(?:topic\s+)?"
    rf"(?P<n>{NAMED_TOPIC}|(?P<q>['\"`]){NAMED_TOPIC}(?P=q))(?=\s+(?:where|whose)\b)",
    ICASE,
)


class SourceRecogniser(SourceShapeReader):
    def _named(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        for pattern in patterns:
            for m in list(pattern.finditer(self.s)):
                name, quoted = unquote(m.group("n"))
                if not quoted and (name.lower() in STOP or name.lower() in NAME_STOP):
                    continue
                if not quoted and name.lower() in FILLER:
                    continue  # "publish the clean stream to ...": a description, not a name
                if not quoted and (name.isdigit() or name.lower() in ("single", "unified")):
                    continue  # "into one stream" (in digits by now), "a single stream": no name
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
                if pattern is STEP_ON and not _WINDOW_STEP_BEFORE.search(
                    self.s, max(0, m.start() - 60), m.start()
                ):
                    continue  # "every 15 minutes over x" with no window words: unread
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
        self._opening_list()
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
                 DESTINATION_FOR, HAVE_MOVED, CAN_BE_MOVED, NAME_IN, WINDOWS_ON, STEP_ON, GROUPED_NAMED,
                 PUT_INTO_WINDOWS,
                 NAMED_TO_LAST_SINK, NAME_TOPIC_OPENS, NAME_WINDOWED_OPENS)
            )  # fmt: skip
        if not self.topics:
            self._each_read_in()
        # ("Subscribe with the pattern x, count check-ins per campus_id": with a pattern read,
        # a name after a step's verb is its records' noun, no second source)
        if not self.topics and not self.topic_pattern:
            for m in [
                *OPERATED_NAMED.finditer(self.s),
                *KEPT_NAMED.finditer(self.s),
                *DEDUPED_ON_NAMED.finditer(self.s),
            ]:
                if m.groupdict().get("w") and not plain_description(
                    m["w"].split(), topic_words=topic_name_words(unquote(m["n"])[0])
                ):
                    continue  # "dedupe late scans on x by id": a word that may select
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
