"""Recogniser: deduplication ("deduplicate by event_id within 1 hour")."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .fields import SchemaResolver
from .lexicon import (
    ASK_WORDS,
    CLOSE_PAREN,
    COUNT_NOUNS,
    DEFAULT_DEDUP_MS,
    ID_FIELDS,
    LIST_SEP,
    MASK,
    READ_AGAIN_VERBS,
    REPEATS_HOW_OFTEN,
    STOP,
    is_explicit,
    read_list,
    singular,
    unquote,
    word_set,
)
from .quantities import DUR, DUR1, ICASE, dur_ms
from .source_descriptions import plain_description, topic_name_words

# "seen", "that arrives": when a key's copy comes, said between the key and the span
_COPY_COMES = (
    r"(?:(?:seen|received|arriving|sent|repeated|(?:that|which)\s+(?:arrives?|comes?|shows?\s+up))"
    r"(?:\s+again)?\s+)?"
)
# "drop duplicate coin drops on arcade.coin_drops": two words naming the records right before
# their topic, after the dedup's verb
_RECORDS_ON_TOPIC = re.compile(
    r"\s+[a-z]+\s+[a-z]+s(?=\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    r"[A-Za-z][\w-]*\.\w)"
)

# Two words after the dedup's verb ("drop duplicate spray jobs"), checked against the topics
_TWO_WORDS = re.compile(r"\s+([a-z]+)\s+([a-z]+s)\b", ICASE)


DEDUP = re.compile(
    r"\b(?:de-?dup(?:e|licate)?[sd]?|de-?duplicat\w+|dedup\w*|drop\w*\s+(?:the\s+|any\s+)?"
    # ("drop repeat alarm_id within 10 min": 'repeat' before the key's name)
    # ("drop dup blast_id within 1 min": "dup", short for duplicate)
    r"(?:exact\s+)?(?:duplicates?|dupes?|dups?|repeated|repeats|repeat(?=\s+[A-Za-z_]\w*_\w*\b))"
    r"(?:\s+(?:events|records|messages|rows|[a-z]+s)\b)?"
    r"|remov\w*\s+(?:the\s+|any\s+)?(?:exact\s+)?"
    r"(?:duplicates?|dupes?|dups?|repeated|repeats|repeat(?=\s+[A-Za-z_]\w*_\w*\b))"
    r"(?:\s+(?:events|records|messages|rows|[a-z]+s)\b)?"
    # ("ignore duplicate swipes": the records' plural after it)
    r"|(?:filter\w*\s+out|skip\w*|ignor\w*|discard\w*)\s+(?:any\s+|the\s+|all\s+)?"
    r"(?:duplicates?|dupes?|dups?)(?:\s+(?!(?:across|unless|always|sometimes|plus|as|is|was|has|this"
    r"|its|thus|us)\b)[a-z]+s\b)?"
    # "drop identical messages": copies equal in every field (refused with no key)
    r"|(?:drop|remov|skip|ignor|discard|filter\w*\s+out)\w*\s+(?:the\s+|any\s+|all\s+)?"
    r"(?:identical|exact)(?=\s+(?:copies|messages|records|events|rows|payloads)\b)"
    # "throw away dupes on scan_id", "toss out duplicates"
    r"|(?:throw\w*|toss\w*)\s+(?:away|out)\s+(?:the\s+|any\s+|all\s+)?(?:duplicates?|dupes?)"
    # "unique by trade_id", "make the stream unique on event_id": a key follows (read below);
    # never a distinct count ("count unique users by page")
    r"|(?<!\bcount\s)(?<!\bnumber\sof\s)(?:(?:make|keep)\s+(?:it|them|the\s+(?:stream|records"
    r"|events|rows|messages|output))\s+)?unique(?=\s+(?:by|on|per)\s+[A-Za-z_`'\"(])"
    # "unique trade_id only", "keep only unique order_ids": the records of a key kept once, a
    # dedup by it (no count is asked; a distinct count says "count" or "number of")
    r"|(?<!\bcount\s)(?<!\bnumber\sof\s)unique(?=\s+[A-Za-z_]\w*_\w*\s+(?:values\s+)?only\b)"
    r"|(?:keep\w*|emit\w*|pass\w*(?:\s+on)?|forward\w*|let\w*\s+through)\s+(?:only|just)\s+unique"
    r"(?=\s+[A-Za-z_]\w*_\w*\b)"
    # "ignore repeats of the same click_id", "skip repeated scans of the same ticket_id",
    # "suppress repeat alerts for the same alert_id": the key is said with "same" (read below)
    r"|(?:ignor|skip|discard|suppress|filter\w*\s+out|throw\w*\s+away|swallow|drop|remov)\w*\s+(?:the\s+|any\s+"
    # ("remove repeat clicks (same click_id) within 15 minutes": the key in parentheses; "ignore
    # a repeat of the same dose_id": one repeat)
    r"|all\s+|an?\s+)?(?:repeats|repeated|repeat)(?:\s+[a-z]+s)?"
    r"(?=\s+(?:of|for|with|from|on|by)\s+(?:the\s+)?same\b|\s*\(\s*same\b"
    # ("ignore repeats of a transaction_id for 24h": any one key's repeats, its name with '_')
    r"|\s+of\s+(?:an?|any|each)\s+[A-Za-z_]\w*_(?:id|key|ref|no|number|code)\b)"
    # "ignore repeated order_id values": the key follows (read below)
    # ("suppress duplicate ping_id values", "filter out duplicated order_id values")
    r"|(?:ignor|skip|discard|drop|remov|suppress|eliminat|filter\w*\s+out|throw\w*\s+away)\w*\s+"
    r"(?:any\s+|the\s+|all\s+)?(?:repeated|duplicated?)"
    r"(?=\s+[A-Za-z_]\w*_\w*\s+(?:values|ids|keys)\b)"
    # "drop repeat rx_ids within an hour", "ignore duplicate order_ids": the key's plural
    r"|(?:ignor|skip|discard|drop|remov|suppress|eliminat|filter\w*\s+out|throw\w*\s+away)\w*\s+"
    r"(?:any\s+|the\s+|all\s+)?(?:repeat(?:ed)?|duplicated?)(?=\s+[A-Za-z_]\w*_ids\b)"
    # "ignore a repeated meter_reading_id within ten minutes": one key's identifier, then the
    # dedup's time span right after it (read below)
    r"|(?:ignor|skip|discard|drop|remov|suppress|eliminat|filter\w*\s+out|throw\w*\s+away)\w*\s+"
    r"(?:an?\s+|any\s+)(?:repeat(?:ed)?|duplicated?)"
    # ("ignore a duplicate bid_id seen within 2 minutes": when the copy comes, said between)
    r"(?=\s+[A-Za-z_]\w*_(?:id|key|ref|no|number|code)\s+"
    + _COPY_COMES
    + r"(?:within|over|inside)\s)"
    # "don't repeat the same lighthouse_id + lamp_state more than once per 30 min": the key
    # follows with "the same" (read below)
    r"|(?:don'?t|do\s+not|never|(?:should|must)\s+(?:not|never))\s+(?:re-?send|repeat|re-?emit)"
    r"(?=\s+the\s+same\s))"
    r"(?:\s+(?:the\s+)?(?:events|records|messages|rows|stream|them|orders|clicks|payments))?\b",
    ICASE,
)


# A clause saying the input holds repeats, which a dedup undoes: "X has duplicates", "we get
# (a clause after a dash too: "... within 24 hours - the LIMS resends a lot")
# dupes", "the validators sometimes send them twice", "events can arrive more than once".
# ("Our escape room controllers": up to four words before the noun)
# (never a word tying a clause said before the producers: "for the EU only resolvers retry")
_NOT_NOUN = r"(?!(?:for|during|between|without|with|as|to|by|except|unless|until|only)\b)"
_NOUN = (
    # ("dedupe on order_id except retries": never 'except' as the producer, which read the
    # exception as why records repeat and dropped it)
    rf"(?:(?:the|our|some|its|their)\s+)?(?:{_NOT_NOUN}[a-z][\w-]*\s+){{0,4}}{_NOT_NOUN}[a-z][\w-]*\s+"
    # "the seal scanners at the loading dock double-fire": where they are, plain words
    r"(?:(?:at|in|on)\s+(?:the|our|each|every)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s+)?"
)
# "when they reconnect", "after it reboots": the producer's own restart, why it repeats
_WHEN_RECONNECT = (
    r"\s+(?:when(?:ever)?|after|if)\s+(?:they|it|the\s+(?:[a-z]+\s+)?[a-z]+)\s+(?:re-?connect|reboot|restart"
    r"|come\s+back\s+online|comes\s+back\s+online|come\s+back\s+up|comes\s+back\s+up"
    # ("orders arrive twice when the tablet retries": the producer's retry)
    r"|retr(?:y|ies|ied)|re-?sends?|times?\s+out|timed\s+out)(?:s|ed)?\b"
)
_OFTEN = r"(?:(?:sometimes|occasionally|often|may|might|can|do|does|will|tend\s+to)\s+)?"
_DUPLICATES_SAID = (
    rf"(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bas\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}(?:has|have|contains?|gets?|sees?|receives?|includes?|sends?|emits?"
    r"|produces?|publish(?:es)?|delivers?)\s+(?:some\s+"
    r"|a\s+lot\s+of\s+|lots\s+of\s+|many\s+|occasional\s+|the\s+odd\s+)?(?:duplicates?|dupes?"
    r"|repeats|duplicated\s+(?:records|events|messages|rows))\b"
    # "... send duplicates now and then"
    rf"(?:\s+(?:{REPEATS_HOW_OFTEN}))?"
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bas\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}(?:(?:send|sends|emit|emits|publish|publishes|deliver|delivers|retry"
    r"|retries|resend|resends|replay|replays|write|writes|produce|produces|fire|fires|trigger"
    r"|triggers|post|posts|log|logs|report|reports|push|pushes|get|gets|receive|receives|see|sees"
    # "the scanners sometimes scan the same ticket twice": a device reading one item again
    rf"|{READ_AGAIN_VERBS}"
    r")\s+(?:them|it|events"
    # ("fire the same puzzle_solved event twice": which event, named)
    r"|records|messages|(?:the\s+)?same\s+(?:[\w-]+\s+)?[a-z][\w-]*|an?\s+[a-z][\w-]*)|(?:arrive|arrives"
    # ("a skier sometimes gets scanned twice": any participle of the record's happening)
    r"|come|comes|show\s+up|shows\s+up|get|gets|are|is)(?:(?:\s+(?:sometimes|occasionally|often))?\s+(?:sent|read"
    r"|[a-z]{3,}ed))?)\s+"
    r"(?:twice|more\s+than\s+once|again|multiple\s+times|several\s+times"
    # "we see the same event up to 3 times"
    r"|(?:up\s+to\s+)?(?:[2-9]|two|three|four|five)\s+times)\b"
    # "... arrives several times with small corrections": how the copies differ, plain words
    r"(?:\s+with\s+(?:[a-z]+\s+){0,2}[a-z]+(?<!_))?"
    # "... scanned twice at the gate": where, plain words
    r"(?:\s+(?:at|on|by|in)\s+(?:the|a|an|each|every)\s+(?:[a-z]+\s+)?[a-z]+(?<!_))?"
    # "... gets the same event twice sometimes"
    r"(?:\s+(?:sometimes|occasionally|now\s+and\s+(?:then|again)|from\s+time\s+to\s+time))?"
    # "... report a play twice when they reconnect": when the producers repeat it
    rf"(?:{_WHEN_RECONNECT})?"
    # "orders come in duplicated sometimes", "readings sometimes arrive doubled": the records
    # themselves said to repeat, a participle after how they arrive
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}(?:come|comes|arrive|arrives|show\s+up|shows\s+up|are|is|get|gets"
    r"|turn\s+up|turns\s+up)\s+(?:in\s+)?(?:duplicated|doubled|repeated)\b"
    r"(?:\s+(?:sometimes|occasionally|often|now\s+and\s+(?:then|again)|from\s+time\s+to\s+time"
    r"|a\s+lot))?"
    # "our devices re-send on reconnect", "the gateways retry after a timeout"
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}(?:re-?sends?|re-?deliver(?:s)?|retr(?:y|ies)|re-?publish(?:es)?)"
    # "topic orders sometimes resends the same order"
    r"(?:\s+(?:them|it|the\s+same\s+[a-z]+))?"
    # "- the LIMS resends a lot": how often, plain words
    r"(?:\s+(?:a\s+lot|all\s+the\s+time|constantly|often|sometimes|occasionally))?"
    r"(?:\s+(?:on|after|when)\s+(?:an?\s+|every\s+|each\s+)?(?:re-?connect\w*|failures?"
    r"|time-?outs?|errors?|restarts?|crash\w*))?\b"
    # "The readers double-fire", "the kiosks double-submit now and then", "the mats double-read
    # a lot"
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}double[\s-]?(?:fire|send|post|scan|tap|click|submit|book|read)s?\b"
    r"(?:\s+(?:sometimes|occasionally|a\s+lot|now\s+and\s+(?:then|again)|from\s+time\s+to\s+time))?"
    # "topic kiln-log repeats firings", "the tills duplicate receipts": the input repeating its
    # records, one plain plural as the object
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^|(?<=\band\s)|(?<=\bbut\s)|(?<=\bbecause\s)|(?<=\bsince\s))\s*"
    rf"(?:{_NOUN})?{_OFTEN}(?:repeats?|duplicates?)\s+(?:some\s+|its\s+|their\s+)?(?:[a-z]+s|them)\b"
    r"(?:\s+(?:sometimes|occasionally|now\s+and\s+(?:then|again)|from\s+time\s+to\s+time))?"
    # "positions come in on boat.gps, with duplicates from the flaky modem": the input said to
    # hold repeats, where they come from in plain words
    r"|(?:(?<=[,;:\x00\u2013\u2014])|^)\s*with\s+(?:some\s+|occasional\s+)?(?:duplicates|dupes"
    r"|repeats)(?:\s+(?:from|because\s+of|due\s+to)\s+(?:the|a|an|our|their)\s+"
    r"(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)?"
    # "cheat-reports floods the mod queue with repeats" (the topic read as the source before)
    rf"|(?:(?<=[,;:.()\x00\u2013\u2014])|^)\s*{_OFTEN}(?:floods?|spams?|clogs?|fills?(?:\s+up)?)\s+"
    r"(?:the|our|their)\s+(?:[a-z][\w-]*\s+){0,3}?with\s+(?:duplicates|dupes|repeats)\b"
)
# ... and only as a clause of its own: "because the gateways retry and test rigs must be
# dropped" is a context clause hiding a requirement, left to be refused whole
# ("orders come in duplicated (the POS retries) - drop ...": an aside after it, read on its own)
_SAID_ALONE = r"(?=\s*(?:[,;.:)!]|$|\s+so\b|\s+[\u2014\u2013-]\s|\s+\())"
# ("readings sometimes arrive twice because the DAQ retries on timeout": a repeat, then its
# cause, itself a repeat said as a clause of its own)
DUPLICATES_SAID = re.compile(
    rf"(?:{_DUPLICATES_SAID})(?:\s+(?:because|since)\s+(?:{_DUPLICATES_SAID}))?{_SAID_ALONE}",
    ICASE,
)


# "double-" left of a producers' sentence read as the source ("the app double-sends pings to
# x", see extract_producers): the repeats a dedup undoes, read only with one
DOUBLE_SENT = re.compile(r"\bdouble[\s-]?(?=\x00)", ICASE)
# "twice" left of a producers' sentence read as the source ("The gateway sometimes sends the
# same call twice to x", see source_producers.SAME_SENT_AGAIN): read only with a dedup, as DOUBLE_SENT
REPEATED_TO_SOURCE = re.compile(
    r"(?<=\x00)(?:twice|more\s+than\s+once|several\s+times|multiple\s+times|again)(?=\x00)",
    ICASE,
)

# "machines send heartbeats on x far too often, so drop ...": how often the producers' sentence
# (read as the source) sends, the reason for a dedup; read only with one
SENT_TOO_OFTEN = re.compile(
    r"(?<=\x00)\s*(?:(?:far|way|much|a\s+bit)\s+)?too\s+(?:often|frequently)\b(?=\s*(?:[,;.]|$))",
    ICASE,
)


# "the sensor sometimes repeats a strike_id, so drop repeats within 5 seconds", "the till
# resends the same receipt_id now and then; remove duplicates": the key of a dedup that names
# none, said right before it as what is repeated (a snake_case field: "repeats the order" names
# no field). Only a verb of repeating, or a sending verb with "the same".
_REPEAT_VERB = (
    r"(?:repeat|re-?send|duplicate|double[\s-]?send|re-?emit|re-?transmit|replay|re-?publish"
    r"|re-?post|double[\s-]?post|re-?deliver)(?:s|es|ed|ing)?"
)
_SEND_VERB = r"(?:send|emit|publish|post|report|fire|deliver|push|produce|write)(?:s|es|ed|ing)?"
KEY_SAID_BEFORE = re.compile(
    r"\b(?:(?:sometimes|occasionally|often|now\s+and\s+then|at\s+times)\s+)?"
    rf"(?:{_REPEAT_VERB}\s+(?:the\s+same|an?|the|some|its|their)|{_SEND_VERB}\s+the\s+same)\s+"
    r"(?P<f>[a-z]\w*_\w+)(?:\s+(?:twice|again|more\s+than\s+once|(?:multiple|several)\s+times"
    r"|sometimes|occasionally|now\s+and\s+then|at\s+times))*"
    r"\s*[,;:.\u2014\u2013-]?\s*(?:(?:so|and|hence|therefore)\s+)?"
    r"(?:(?:we|i)\s+(?:should|must|need\s+to|want\s+to|have\s+to)\s+|please\s+)?$",
    ICASE,
)


# "..., so each bin is reported once": a dedup's purpose said with its key's noun
ONCE_EACH = re.compile(
    r"\bso\s+(?:that\s+)?(?:each|every|any)\s+(?P<n>[a-z][a-z_]*)\s+(?:is|gets)\s+"
    r"(?:only\s+|just\s+)?(?:reported|sent|counted|alerted|emitted|written|processed|published"
    r"|delivered|notified)\s+(?:only\s+|just\s+)?once\b",
    ICASE,
)


# What the time span of a dedup is called: "a 10 minute horizon", "lookback of 5 minutes".
HORIZON = r"(?:(?:time\s+)?(?:window|horizon|period|span|interval)|look[\s-]?back(?:\s+window)?)\b"


# Words that end the key list: "deduplicate on delivery_id, lookback window of 2 hours".
# A dedup key's fields joined with '+' ("dedupe on casing_id+inspection_stage", "repeats of the
# same wristband_id + ride_id"): a composite key, as with "and" (only here: elsewhere '+' adds)
# (lexicon.FIELD with '+' ending a bare name)
KEY_FIELD_RE = re.compile(
    r"""(?:`[^`\n\x00]+`|'[^'\n\x00]+'|"[^"\n\x00]+"|[A-Za-z_][^\s,;:<>=!+\x00]*)"""
)
# ("on layout_id plus segment_id": the key's fields joined by "+" or "plus")
KEY_SEP = re.compile(rf"{LIST_SEP.pattern}|\s*\+\s*(?=[A-Za-z_])|\s+plus\s+(?=[A-Za-z_])", ICASE)


KEY_STOP = STOP | frozenset(
    ["lookback", "look-back", "horizon", "window", "period", "span", "interval", "time", "inside"]
)
# "drop dupes on scan_id and push to stdout": the verb of the next clause, never a key field
KEY_STOP |= word_set("push pushing print printing forward forwarding sink load insert land put")
# "the same id seen in the past 24h": the word saying when a repeat arrives, never part of a key
KEY_STOP |= word_set("seen received arriving arrived sent")
# "deduplicate by ticket_id, remember for 15 minutes": how long a key is kept, never a key
KEY_STOP |= word_set("remember remembering remembered")
# "the same lighthouse_id and lamp_state more than once per 30 min": how often, never a key
KEY_STOP |= word_set("more once twice")
# "dedup on station_id and vent_id, please write ...": asking words, never a key
KEY_STOP |= ASK_WORDS
# "the same member_id and ebook_id pair": the keys said together, never a key of its own
KEY_STOP |= word_set("pair pairs combination combo")
_KEYS_TOGETHER = re.compile(r"\s+(?:pair|combination|combo)\b", ICASE)


def _comma_list_cut(
    s: str, start: int, items: list[tuple[str, bool, int]], end: int
) -> tuple[list[tuple[str, bool, int]], int]:
    """ "deduplicate by kiln_id, quickly, print", "dedup by kiln_id, cache 15 minutes": after a
    snake_case key and a lone comma (no "and" in the list), a plain word starts the next
    clause, never a second key; the list ends before it (the word is left to be read or
    refused). "by a_id and b", "by a_id, b_id" and "(a_id, b)" keep their keys."""
    if len(items) < 2:
        return items, end
    conj = re.search(r"\b(?:and|or)\b|&", s[start:end], ICASE)
    if conj:
        # "on parcel_id + scan_type, anything repeated within ...": a list closed by its "and",
        # then a comma and a plain word: the next clause, never a third key
        for i, (text, quoted, at) in enumerate(items[1:], 1):
            prev_text, _q, prev_at = items[i - 1]
            sep = s[prev_at + len(prev_text) : at]
            if (
                start + conj.end() <= prev_at
                and "," in sep
                and not re.search(r"\b(?:and|or)\b|&", sep, ICASE)
                and not quoted
                and not re.search(r"[-_.\d]", text)
            ):
                return items[:i], prev_at + len(prev_text)
        return items, end
    if items[0][1] or not re.search(r"[_.\d]", items[0][0]):
        return items, end
    for i, (text, quoted, _at) in enumerate(items[1:], 1):
        if not quoted and not re.search(r"[-_.\d]", text):
            prev_text, _q, prev_at = items[i - 1]
            return items[:i], prev_at + len(prev_text)
    return items, end


# Which copy a dedup keeps: the first seen. "keeping the first one" says so; "keeping the latest"
# asks for something a dedup does not do, and is refused.
KEEP_WHICH = re.compile(
    r"\s*[(,]?\s*(?:and\s+)?(?:keep\w*|retain\w*|pass\w*|let\w*\s+through|emit\w*)\s+"
    r"(?:only\s+)?(?:the\s+)?(?P<which>first|earliest|oldest|latest|last|newest|most\s+recent)"
    r"(?:\s+(?:one|1|record|event|message|occurrence|copy|instance|row)s?)?"
    r"(?:\s+(?:seen|received|per\s+key))?\b\s*\)?",
    ICASE,
)


KEEP_LAST_REFUSED = (
    "a dedup keeps the first record of a key and drops its repeats; keeping the last one is not "
    "supported. For the latest row per key, write to Redis keyed by the field, or to a "
    'ClickHouse table that keeps it ("keep the latest row per <key> in ClickHouse ...")'
)


FIELD_IN_PARENS = re.compile(
    r"""`[^`\n\x00]+`|'[^'\n\x00]+'|"[^"\n\x00]+"|[A-Za-z_][^\s,;:<>=!\x00()]*"""
)


# "keep only the first event per order_id", "just the first reading for each meter_id per hour",
# "pass on the earliest one per click_id": the first record of each key, a dedup by that key
FIRST_PER = re.compile(
    r"\b(?:(?:keep\w*|emit\w*|pass\w*(?:\s+(?:through|on|along))?|forward\w*|send\w*|tak(?:e|es|ing)"
    r"|let\w*\s+through|output\w*|writ(?:e|es|ing)|retain\w*|publish\w*)\s+)?"
    r"(?:only\s+|just\s+)?(?:the\s+)?(?:very\s+)?"
    r"(?P<which>first|1st|earliest|oldest|latest|last|newest|most\s+recent"
    # "keep one swipe per badge_id": one record of each key, a verb before it (read below)
    r"|(?:(?<=keep\s)|(?<=keeps\s)|(?<=keeping\s)|(?<=pass\s)|(?<=emit\s)|(?<=send\s)"
    r"|(?<=take\s)|(?<=let\s)|(?<=retain\s)"
    # "- one scan per ticket_id every 15 minutes": a bullet (a ';' clause) of its own
    r"|(?<=;\s)(?=(?:one|1)\s+[a-z]+\s+per\s))(?:only\s+|just\s+)?(?:one|1|a\s+single))"
    r"(?:\s+(?P<noun>[a-z]+))?\s+(?:per|for\s+each|for\s+every|of\s+each|of\s+every|for\s+an?"
    r"|from\s+each|from\s+every)\s+"
    r"(?:the\s+|each\s+|every\s+)?(?=[A-Za-z_`'\"])",
    ICASE,
)


FIRST_WORDS = ("first", "1st", "earliest", "oldest")
# "... per badge_id per door_id": one more field of a first-per key
_MORE_KEY = re.compile(
    r"\s*(?:,\s*)?(?:and\s+)?(?:per|for\s+each|for\s+every)\s+(?:the\s+|each\s+|every\s+)?"
    r"(?!(?:second|minute|hour|day|week|month|year|sec|min|h|s|m)s?\b)"
    r"(?P<key>`[^`\n\x00]+`|'[^'\n\x00]+'|\"[^\"\n\x00]+\"|[A-Za-z_]\w*)\b",
    ICASE,
)


# "per kiln_id and firing_no combination": a word naming the key's fields together
_KEY_PAIR = re.compile(r"\s+(?:combination|combo|pair|tuple)s?\b", ICASE)


# "for each customer_id keep only the first order", "per order_id, keep the earliest event"
KEY_THEN_FIRST = re.compile(
    r"\b(?:per|for\s+each|for\s+every)\s+(?P<key>`[^`\n\x00]+`|[A-Za-z]\w*_\w+)\s*,?\s+"
    r"(?:keep\w*|emit\w*|pass\w*|forward\w*|send\w*|tak(?:e|es|ing)|retain\w*)\s+(?:only\s+|just\s+)?"
    r"(?:the\s+)?(?P<which>first|1st|earliest|oldest|latest|last|newest|most\s+recent)"
    r"(?:\s+(?P<noun>[a-z]+))?\b(?!\s+\d)",
    ICASE,
)


# "if the same bet_id shows up twice within 5 minutes, only keep the first one", "when a scan_id
# arrives again within 10 minutes, drop it": the key said in a condition, the dedup after it
# (keeping the last copy is never matched, so it stays unread and refused)
_AGAIN = r"(?:twice|again|more\s+than\s+once|(?:two|2|multiple|several)\s+times)"
_DROP_IT = (
    r"(?:then\s+)?(?:(?:only\s+|just\s+)?(?:keep|pass|emit|forward)\s+(?:only\s+|just\s+)?"
    r"(?:the\s+)?(?:first|earliest)(?:\s+(?:one|1|copy|record|event|message))?"
    r"|(?:drop|ignore|discard|skip|remove)\s+(?:it|the\s+(?:repeats?|copy|copies|duplicates?"
    r"|dupes?|second(?:\s+(?:one|1))?|later\s+ones?|rest)))\b"
)
_SEEN_KEY = r"(?:`[^`\n\x00]+`|[A-Za-z]\w*_\w+)"
SEEN_AGAIN = re.compile(
    r"\b(?:if|when|whenever)\s+(?:the\s+same|an?|one)\s+(?P<key>`[^`\n\x00]+`|[A-Za-z]\w*_\w+)\s+"
    r"(?:(?:shows?|turns?)\s+up|appears?|arrives?|comes?\s+(?:in|through)|occurs?"
    r"|(?:is|gets)\s+(?:seen|received|sent|published))\s+"
    rf"{_AGAIN}(?:\s+(?:within|in)\s+(?:the\s+same\s+|the\s+last\s+|an?\s+)?(?P<d>{DUR1}))?"
    rf"\s*,?\s*{_DROP_IT}"
    # "a ballot_id seen again within 24 hours is a rescan, drop it", "any order_id received
    # twice in 1 hour is a duplicate: discard it": the repeat said as a noun phrase, then dropped
    r"|\b(?:an?|any|one)\s+(?P<key2>`[^`\n\x00]+`|[A-Za-z]\w*_\w+)\s+(?:(?:that|which)\s+(?:is|gets)"
    r"\s+)?(?:seen|received|sent|published|scanned|recorded)\s+"
    rf"{_AGAIN}(?:\s+(?:within|in)\s+(?:the\s+same\s+|the\s+last\s+|an?\s+)?(?P<d2>{DUR1}))?"
    r"\s+(?:is|counts\s+as)\s+an?\s+(?:[a-z-]+\s+)?[a-z-]+\s*[,:;]\s*(?:so\s+)?"
    rf"{_DROP_IT}"
    # "ignore a scan if the same ticket_id was already seen in the last 15 minutes": the drop
    # said first, then the repeat of the key
    r"|\b(?:ignor|drop|skip|discard|remov|reject|throw\w*\s+away)\w*\s+(?:a|an|any|the)\s+[a-z]+\s+"
    r"(?:if|when|whenever)\s+(?:the\s+same|its|their)\s+"
    # ("... if the same jump_id and judge_id was already seen ...": the key's fields, listed)
    rf"(?P<key3>{_SEEN_KEY}(?:\s*,\s*{_SEEN_KEY})*(?:\s*,?\s+and\s+{_SEEN_KEY})?)\s+"
    # ("... if its reading_id has already been seen in the previous two minutes")
    r"(?:(?:was|were|is|are|(?:has|have|had)(?:\s+already)?\s+been)\s+(?:already\s+)?(?:seen|received|scanned"
    r"|recorded)(?:\s+(?:before|earlier|already|again))?"
    # ("drop a heartbeat if the same machine_id already sent one in the last 30 seconds": the
    # key's sender said to have sent one of the records already)
    r"|(?:has\s+|had\s+)?already\s+(?:sent|posted|reported|emitted|published|pushed|produced)\s+"
    r"(?:one|1|another(?:\s+(?:one|1))?|it))"
    r"(?:\s+(?:within|in)\s+(?:the\s+same\s+|the\s+last\s+|the\s+past\s+|the\s+previous\s+"
    rf"|an?\s+)?(?P<d3>{DUR1}))?\b"
    # "drop a scan_id we've already seen in the last 10 minutes", "ignore any order_id that was
    # already received within an hour": the drop said first, the key as its object
    r"|\b(?:ignor|drop|skip|discard|remov|reject|throw\w*\s+away)\w*\s+(?:a|an|any|the)\s+"
    r"(?P<key4>`[^`\n\x00]+`|[A-Za-z]\w*_\w+)\s+(?:(?:that|which)\s+)?(?:(?:we'?ve|we\s+have"
    r"|we'?d|we\s+had|(?:was|is|has\s+been)\s+)\s*)?(?:already\s+)?(?:seen|received|processed)"
    r"(?:\s+(?:before|earlier|already))?"
    rf"(?:\s+(?:within|in)\s+(?:the\s+last\s+|the\s+past\s+|an?\s+)?(?P<d4>{DUR1}))?\b"
    # "sometimes the same tip_id shows up twice within an hour, pls dedupe those": the repeat
    # said as a statement of the key's, then an order to dedup (or drop) those repeats
    r"|\b(?:(?:sometimes|occasionally|often)\s+)?the\s+same\s+(?P<key5>`[^`\n\x00]+`|[A-Za-z]\w*_\w+)\s+"
    r"(?:(?:sometimes|occasionally|often)\s+)?(?:(?:shows?|turns?)\s+up|appears?|arrives?"
    r"|comes?\s+(?:in|through))\s+"
    rf"{_AGAIN}(?:\s+(?:within|in)\s+(?:the\s+same\s+|the\s+last\s+|an?\s+)?(?P<d5>{DUR1}))?"
    r"\s*[,;.]?[\s\x00]*(?:so\s+)?(?:(?:pls|plz|please)\s+)?(?:de-?dupe?|dedup(?:licate)?"
    r"|de-?duplicate|drop|remove|ignore|discard|skip)\s+(?:those|them|these|it|the\s+(?:repeats?"
    r"|duplicates?|dupes?|copies|extra\s+ones?))\b",
    ICASE,
)


# "treat swipes with the same badge_id and gate_id within two minutes as one", "consider readings
# of the same meter_id in 10 seconds as duplicates": a dedup by those fields over that span
SAME_AS_ONE = re.compile(
    r"\b(?:treat|consider|regard)\s+(?:the\s+|any\s+|all\s+)?(?:[a-z]+\s+)?(?:that\s+(?:have|share)"
    r"|with|having|sharing|of|for)\s+the\s+same\s+(?=[A-Za-z_`'\"])",
    ICASE,
)
_AS_ONE = re.compile(
    r"\s+as\s+(?:(?:just\s+)?(?:one|1)(?:\s+[a-z]+)?|a\s+single(?:\s+[a-z]+)?|the\s+same\s+[a-z]+"
    r"|duplicates|dupes|repeats)\b",
    ICASE,
)

# "treat scans with the same ticket_id as duplicates if they come within twelve hours of each
# other": the span said after "as duplicates", of the repeats' distance to each other
_SPAN_AFTER_ONE = re.compile(
    r"\s+(?:(?:if|when)\s+(?:they|both)\s+(?:come|arrive|occur|happen|land|are\s+(?:seen|sent"
    rf"|received|scanned))\s+)?(?:within|in)\s+(?:an?\s+)?(?P<d>{DUR1})"
    r"(?:\s+of\s+(?:each\s+other|one\s+another))?(?![\w-])",
    ICASE,
)


# "A check-in with the same pilot_id and checkin_seq seen again within 5 minutes is dropped",
# "ignore the same ticket_no for thirty minutes": a dedup by the fields said with "the same";
# the record said first (its repeat dropped after the key) or the dropping verb first (a span
# after the key required: "drop the same order_id" alone says no dedup)
SAME_DROPPED = re.compile(
    r"\b(?:(?P<rec>(?:an?|any|every)\s+[a-z][\w-]*\s+(?:with|having|sharing|of|for)\s+the\s+same)"
    r"|(?:ignor|drop|skip|discard|suppress|remov)\w*\s+(?:any\s+|the\s+)?same)\s+(?=[A-Za-z_`'\"])",
    ICASE,
)
_AGAIN_DROPPED = re.compile(
    r"\s+(?:(?:that|which)\s+(?:is|gets)\s+)?(?:seen|received|sent|repeated|arriving|showing\s+up)"
    r"\s+(?:again|twice)(?:\s+(?:within|in)\s+(?:the\s+same\s+|an?\s+|the\s+last\s+)?"
    rf"(?P<d>{DUR1}))?\s+(?:is|gets|should\s+be|must\s+be|will\s+be|to\s+be)\s+"
    r"(?:dropped|ignored|discarded|skipped|removed|thrown\s+away)\b",
    ICASE,
)
_FOR_SPAN = re.compile(
    # ("ignore the same plate_hash again within thirty minutes": its repeat, said with "again")
    rf"(?P<pair>\s+(?:pair|combination|combo))?(?:\s+again)?\s+(?:for|within|over|in|inside)\s+(?:the\s+next\s+|the\s+last\s+|an?\s+)?(?P<d>{DUR1})",
    ICASE,
)

# "Same reporter_id and reported_user_id within one hour counts once -> dedupe", "reports with
# the same ticket_id in 10 minutes count only once": a dedup by those fields, said as a clause
# of its own (a span or a dedup word required: "the same order_id counts once" beside a count
# may mean a distinct count)
# "- drop repeated faults: same escalator_id + fault_code within 5 min counts once": the
# dedup's heading, the rule it asks for said after the colon (read by `_same_counts_once`)
_DEDUP_HEADING = re.compile(
    r"\b(?:ignor|skip|discard|suppress|drop|remov|eliminat|filter\w*\s+out)\w*\s+"
    r"(?:the\s+|any\s+|all\s+)?(?:repeats|repeated|repeat|duplicates?|duplicated|dupes?)"
    r"(?:\s+[a-z]+s)?\s*:\s*$",
    ICASE,
)
SAME_COUNTS_ONCE = re.compile(
    r"(?:(?<=[,;:.(\x00])|^)\s*(?:(?:the\s+|all\s+|any\s+)?[a-z]+\s+(?:with|having|sharing|of|for)"
    r"\s+)?(?:the\s+)?same\s+(?=[A-Za-z_`'\"])",
    ICASE,
)
_COUNTS_ONCE = re.compile(
    r"\s+(?:counts?|(?:is|are)\s+counted|(?:is|are)\s+kept|(?:goes|go)\s+through)\s+"
    r"(?:only\s+|just\s+)?once\b"
    r"(?P<said>\s*(?:->|\u2192|=>|:|;|,|\(|\u2014|-)?\s*(?:so\s+)?(?:de-?dup\w*|de-?duplicat\w+)\b"
    r"(?:\s+(?:it|them))?\s*\)?)?",
    ICASE,
)


# "(the same order_id again within 2 hours counts as a duplicate)": what a duplicate is, said
# after the dedup's span (the dedup restated, never a count)
COUNTS_AS_DUPLICATE = re.compile(
    r"\s+(?:counts?\s+as|(?:is|are)\s+(?:counted\s+as|treated\s+as|considered)|means)\s+"
    r"(?:an?\s+)?(?:duplicates?|dupes?|repeats?|copy|copies|double)\b",
    ICASE,
)


# "dedupe on appointment_id (same id again within 2 hours = dupe)": what a duplicate is, in
# brackets right after the key (the key, or its last word, said again)
_DUP_DEFINED = re.compile(
    r"\s*\(\s*(?:the\s+)?same\s+(?P<k>[A-Za-z_]\w*)(?:\s+again)?\s+(?:within|in|inside)\s+"
    rf"(?:an?\s+)?(?P<d>{DUR1})\s*(?:=|is|counts\s+as|means)\s*(?:an?\s+)?"
    r"(?:duplicates?|dupes?|dups?|repeats?)\s*\)",
    ICASE,
)


def _dup_defined(s: str, at: int, keys: list[tuple[str, bool]]) -> re.Match[str] | None:
    """The bracketed definition of a duplicate at `at` (`_DUP_DEFINED`), when the word it says
    the key by is the one key or its last word ("id" of appointment_id); else None."""
    m = _DUP_DEFINED.match(s, at)
    if m is None or len(keys) != 1:
        return None
    key, word = keys[0][0].lower(), m["k"].lower()
    return m if word == key or key.endswith(f"_{word}") else None


# "same door_id + fault_code only once per 10 minutes": at most one record of the key per span
_ONCE_PER_SPAN = re.compile(
    rf"\s+(?:only\s+|just\s+)?once\s+(?:per|every|each|in|within|an?)\s+(?:the\s+)?(?P<d>{DUR1})"
    r"(?P<said>)",
    ICASE,
)


# "... the same badge_id within two minutes ...": the span a key's repeats are counted in
_SPAN_AFTER_KEY = re.compile(
    rf"\s+(?:within|in|inside)\s+(?:the\s+same\s+|an?\s+|the\s+last\s+)?(?P<d>{DUR1})", ICASE
)


# "send once per alert_id", "only once for each device_id", "each alert_id only once"
ONCE_PER = re.compile(
    r"\b(?:at\s+most\s+|no\s+more\s+than\s+)?(?:only\s+|just\s+)?once\s+(?:per|for\s+each|for\s+every"
    r"|for\s+an?|a)\s+(?:the\s+|each\s+)?"
    r"(?=[A-Za-z_`'\"])"
    r"|\b(?:each|every)\s+(?=(?P<key>[A-Za-z_]\w*_\w+)\s+(?:only\s+|just\s+)?once\b)",
    ICASE,
)


# "at most once every 10 minutes per machine_id", "no more than once an hour for each
# door_id": a rate per key, a throttle: a key's first record is kept and its others within the
# span of it dropped, which is what a dedup by the key over that span does (it remembers the
# copy kept, never a dropped one)
RATE_PER_KEY = re.compile(
    # ("pass on alerts at most once ...": the verb and the records, read with it)
    r"(?:\b(?P<verb>pass(?:\s+(?:on|through|along))?|send|forward|emit|publish|output)\s+"
    r"(?:(?:the\s+|an?\s+)?(?P<noun>[a-z]+)\s+)?)?"
    # ("once a day per clinic_id compute ...": a window's cadence, no throttle: the bound said)
    r"(?P<rate>\b(?:at\s+most|no\s+more\s+(?:often\s+)?than)\s+once)\s+"
    rf"(?:every|each|per|an?|in\s+(?:any|each|every)|within(?:\s+any)?)\s+(?P<d>{DUR1})\s*,?\s+"
    r"(?:per|for\s+each|for\s+every|for\s+an?|each)\s+(?:the\s+)?(?=[A-Za-z_`'\"])",
    ICASE,
)


# The span said after a first-per key: "per hour", "within 10 minutes", "in any 5 minute span"
FIRST_SPAN = re.compile(
    r"\s*,?\s*(?P<open>\(\s*)?(?:(?P<prep>within|in|over|for|during)\s+)?"
    r"(?:(?P<clock>per|each|every)\s+|(?:an?|the|any)\s+)?(?:last\s+|past\s+)?"
    rf"(?P<d>{DUR1})(?:\s+{HORIZON})?(?(open)\s*\))",
    ICASE,
)


# "count each voter_id only once": a distinct count asked for, which a dedup would change
# "repeat views of the same listing_id by the same visitor_id": each "the same" field is one
# more part of the key ("repeats of the same tag_id at the same gate_id": where, too)
SAME_KEY_MORE = re.compile(
    r"\s+(?:and\s+)?(?:by|from|for|with|of|on|at|in|to|through)\s+the\s+same\s+([A-Za-z_]\w*_\w*)\b",
    ICASE,
)
_SAME_AGAIN = re.compile(r"^(?:the\s+)?same\s+(?=\S)", ICASE)
COUNTED_BEFORE = re.compile(r"\b(?:count\w*|tall(?:y|ies|ying)|sum\w*|total\w*)\s+$", ICASE)


# "one alert per sensor_id per 30 s (dedup)", "... -> dedupe": the dedup word after the step
# it names (read with a first-per step right before it)
DEDUP_NAMED_AFTER = re.compile(
    r"\s*(?:\(\s*(?:de-?dup\w*|de-?duplicat\w+)"
    # ("(dedupe on bed_id)", "(dedup by bed_id)": the key said again, checked in _named_after)
    r"(?:\s+(?:on|by|per|over)\s+(?P<key>[A-Za-z_]\w*))?\s*\)"
    r"|(?:->|\u2192|=>)\s*(?:de-?dup\w*|de-?duplicat\w+)\b)",
    ICASE,
)


# "... wins", "..., the rest are dropped": what a first-per key says of the others
FIRST_WINS = re.compile(
    r"\s*,?\s*(?:the\s+)?(?:rest|others)\s+(?:are|being)\s+(?:dupes|duplicates|repeats)\b"
    r"|\s+wins\b(?:\s*[,;]?\s*(?:and\s+)?(?:the\s+)?(?:rest|others|later\s+ones|repeats|duplicates)"
    r"\s+(?:are\s+|get\s+)?(?:dropped|discarded|ignored|skipped|thrown\s+away))?",
    ICASE,
)


# What a first-per noun may be: the records ("event", "one", "reading", "message")
_ANY_RECORD = word_set(
    # ("one alarm per door_id per 10 minutes (dedup)": the records passed on, as alerts)
    "one copy occurrence instance record event message msg row entry reading item alarm"
)


# "by the whole record", "by all fields": the record itself, never a field's name ("by message"
# names the logs' message field)
_WHOLE_RECORD = re.compile(
    r"(?:whole|entire|full|complete|all)\s+(?:records?|rows?|messages?|events?|payloads?|fields?"
    r"|columns?|contents?)",
    re.I,
)


# "dedupe identical messages", "drop exact duplicates": a copy equal in every field, which
# no key of fields the request names says (the adjective, then the noun after the verb)
_WHOLE_COPY_WORD = re.compile(r"\b(?:exact|identical|verbatim)\b", re.I)
_COPY_NOUN = re.compile(
    r"\s*(?:(?:the|any|all)\s+)?(?:(?:exact|identical|verbatim)\s+)?(?:duplicates?|dupes?"
    r"|copies|repeats|records|messages|events|rows|payloads)\b",
    re.I,
)


def _whole_record_refused(said: str) -> RequestNotUnderstood:
    """The refusal of a dedup of whole records; `said` shows the request's words."""
    return RequestNotUnderstood(
        f"deduplicate {said}: a dedup key is one or more fields, never the whole record; name "
        'the fields that make two records the same (e.g. "dedup by order_id and customer_id")'
    )


class DedupRecogniser(SchemaResolver):
    def extract_dedup(self) -> None:
        self._read_dedup()
        if self.dedup is not None and not self.dedup[0]:
            self._refuse_whole_copy()
        if self.dedup is not None:
            self.take_all(DOUBLE_SENT)
            self.take_all(REPEATED_TO_SOURCE)
            self.take_all(SENT_TOO_OFTEN)
            self.take_all(DUPLICATES_SAID)  # (a first-per dedup restates it too)
            for om in list(ONCE_EACH.finditer(self.s)):
                # "dedupe on bin_id ... so each bin is reported once": what the key's dedup
                # does, said again, only with the key's own noun
                noun = singular(om.group("n").lower())
                if any(t.lower() in (noun, f"{noun}_id") for t, _q in self.dedup[0]):
                    self.mask(om.start(), om.end())

    def _refuse_whole_copy(self) -> None:
        """ "dedupe identical messages": a dedup said with no key, of copies equal in every
        field; refused, never read as a guessed id field's dedup (a record sent again with a
        change keeps its id)."""
        verb = DEDUP.match(self.text, self.dedup_pos)
        said = verb.group(0) if verb else ""
        noun = _COPY_NOUN.match(self.text, self.dedup_pos + len(said))
        shown = " ".join((said + (noun.group(0) if noun else "")).split())
        if _WHOLE_COPY_WORD.search(shown):
            raise _whole_record_refused(repr(shown))

    def _mask_topic_said(self, at: int) -> None:
        """ "drop duplicate spray jobs (same job_id) ... from topic spray-jobs": two words after
        the dedup's verb that are a source topic's whole name name its records (nothing
        selected by them), wherever the topic is said."""
        said = _TWO_WORDS.match(self.text, at)
        if said is None:
            return
        words = {said[1].lower(), said[2].lower()}
        if any(topic_name_words(t) == words for _, t in self.topics):
            self.mask(at, said.end(), domain=True)

    def _read_dedup(self) -> None:
        if self._same_counts_once():
            return
        if self._same_as_one_then_dropped():
            return
        if self._named_after():
            return
        seen = SEEN_AGAIN.search(self.s)
        if seen and seen["key5"]:  # ("the same tip_id shows up twice ..., dedupe those")
            self._take_seen_again(seen, seen.start())
            return
        m = DEDUP.search(self.s)
        if not m:
            self._first_per()
            return
        noun = _RECORDS_ON_TOPIC.match(self.text, m.end())
        topic = noun and re.match(
            r"\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>[A-Za-z][\w.-]*\w)",
            self.text[noun.end() :],
        )
        if (
            noun
            and topic
            and not noun.group(0).strip().lower().startswith(("by ", "on ", "in "))
            # ("dedupe late scans on x": a word that may select stays unread)
            and plain_description(noun.group(0).split(), topic_words=topic_name_words(topic["t"]))
        ):
            # "drop duplicate coin drops on arcade.coin_drops by ...": the records the dedup is
            # of, in two words right before their topic (read by the sources)
            self.mask(m.end(), noun.end(), domain=True)
        else:
            self._mask_topic_said(m.end())
        label = re.compile(r"\s*[:=]").match(self.s, m.end())  # "dedup: payment_id, 30 min horizon"
        if label:  # "Dedup: a ballot_id seen again within 24 hours is a rescan, drop it"
            seen = SEEN_AGAIN.match(self.s, len(self.s) - len(self.s[label.end() :].lstrip()))
            if seen:
                self._take_seen_again(seen, m.start())
                return
        end = self.clause_end(label.end() if label else m.end())
        keys: list[tuple[str, bool]] = []
        horizon = None
        km = re.compile(
            # ("DEDUP: key rental_id, window 30 minutes": the key named with its word)
            r"(?:\b(?:by|on|using|based\s+on|keyed\s+by|per|keys?\s*[:=]?)|\(\s*same"
            # "duplicates having the same a and b", "records that share the same a"
            r"|\b(?:(?:with|having|sharing|(?:that|which)\s+(?:have|share))\s+)?(?:the\s+)?same)"
            r"\s+(?:the\s+|their\s+|its\s+)?(?:combination\s+of\s+(?:the\s+)?|pair\s+)?"
            # "by just event_id": an adverb is never part of the key's name
            r"(?:(?:just|only|simply|exactly|solely|purely)\s+)?"
            r"(?:fields?\s+|columns?\s+)?\(?\s*"
            # ("drop duplicate photo uploads on studio.photo_uploads (same photo_id)": 'on' the
            # source's name, read already, never the key)
            r"(?!\x00)",
            ICASE,
        ).search(self.s, m.end(), end)
        key_end = None
        if km is None:  # "drop repeats of order_id within 30 minutes"
            # ("drop duplicates of (wheel_id, test_code)": the key's fields in parentheses)
            # ("repeats of a transaction_id": any one key's)
            km = re.compile(
                r"\s+of\s+(?:the\s+|an?\s+|any\s+|each\s+)?(?:\(\s*)?(?=[A-Za-z_]\w*_\w*\b)", ICASE
            ).match(self.s, m.end())
        if km is None:  # "dedup entry_id 1h": a field name right after the verb
            # ("dedup (kiln_id, firing_no) 6h": the key's fields in parentheses)
            km = re.compile(r"\s*[:=]?\s+(?:\(\s*)?(?=[A-Za-z_]\w*_\w*\b)").match(self.s, m.end())
        if km:
            tuple_ = "(" in km.group(0)  # "dedupe events by (user_id, event_id)", "(same id)"
            item = FIELD_IN_PARENS if tuple_ else KEY_FIELD_RE
            items, key_end = read_list(
                self.s, km.end(), item, max_words=2, stop=KEY_STOP, sep=KEY_SEP
            )
            if not tuple_:
                items, key_end = _comma_list_cut(self.s, km.end(), items, key_end)
            first = items[0][0].split() if len(items) == 1 and not items[0][1] else []
            if len(first) == 2 and "_" in first[0]:
                # "repeats of the same event_id seen within ten minutes": a field name is a
                # key on its own, the word after it is not part of it (read below, or refused)
                items = [(first[0], False, items[0][2])]
                key_end = items[0][2] + len(first[0])
            # "(same order_id and same amount)": 'same' said again before a later key field,
            # never part of its name
            keys = [(t if q else _SAME_AGAIN.sub("", t), q) for t, q, _ in items]
            if (
                len(keys) == 1
                and not keys[0][1]
                and re.search(r"(?:repeat|duplicate)d?$", m.group(0), ICASE)
            ):
                # "drop repeat rx_ids": the plural of the key field rx_id
                keys = [(re.sub(r"_ids$", "_id", keys[0][0]), False)]
            whole = next((t for t, q in keys if not q and _WHOLE_RECORD.fullmatch(t)), None)
            if whole:  # "dedup by the whole record": a field whole_record was the key
                raise _whole_record_refused(f"by {whole!r}")
            if len(keys) > 1 and re.search(r"\bor\b", self.s[km.end() : key_end], ICASE):
                said = " ".join(self.s[km.end() : key_end].split())
                raise RequestNotUnderstood(
                    f"deduplicate by {said!r}: a dedup key is all its fields together (a repeat "
                    "matches every one of them); 'or' between keys is not supported: dedup by "
                    'one field, or by the combination ("dedup by order_id and customer_id")'
                )
            while not tuple_ and (again := SAME_KEY_MORE.match(self.s, key_end)):
                keys.append((again.group(1), False))
                key_end = again.end()
            values = re.compile(r"\s+(?:values|ids|keys)\b", ICASE).match(self.s, key_end)
            if values and len(keys) == 1:  # "ignore repeated order_id values"
                key_end = values.end()
            pair = _KEYS_TOGETHER.match(self.s, key_end)
            if pair and len(keys) > 1:  # "the same member_id and ebook_id pair"
                key_end = pair.end()
            close = CLOSE_PAREN.match(self.s, key_end) if tuple_ else None
            if close:  # the clause goes on after the parenthesis
                key_end = close.end()
                end = max(end, self.clause_end(key_end))
            elif key_end > end:  # "dedup lock_id, team_id within 2 minutes": past the comma
                end = max(end, self.clause_end(key_end))
        hm = _dup_defined(self.s, key_end, keys) if key_end is not None else None
        hm = hm or re.compile(
            # "repeats of the same event_id seen within ten minutes": "seen" says when
            r"(?:\b(?:(?:seen|received|arriving|sent|that\s+arrive|which\s+arrive)(?:\s+again)?"
            # ("... of the same adoption_id if they show up within ten minutes": when a repeat is
            # one, said with its arrival)
            r"|(?:if|when|whenever)\s+(?:they|it|one|another)\s+(?:arrives?|shows?\s+up|turns?\s+up"
            r"|comes?\s+in|appears?|(?:is|are)\s+seen)(?:\s+again)?)\s+)?"
            rf"\b(?:over|within|inside(?:\s+of)?|in|for|across|during|with\s+a\s+(?:horizon|window)\s+of"
            # "remember for 15 minutes", "remembering each key for 1 hour": how long a key is kept
            r"|remember(?:ed|ing)?(?:\s+(?:it|them|each\s+(?:key|id|one)|keys?|ids?))?\s+for"
            r"|keeping)"
            rf"\s+(?:a\s+|the\s+)?(?:last\s+|past\s+)?(?:{HORIZON}\s+of\s+)?"
            rf"(?P<d>{DUR1})(?:\s+{HORIZON})?|(?P<d2>{DUR})\s+{HORIZON}"
            # ("don't repeat the same x more than once per 30 min": at most one per span)
            rf"|\bmore\s+than\s+once\s+(?:per|in|within|every|an?)\s+(?:the\s+)?(?P<d5>{DUR1})"
            rf"|\b{HORIZON}\s*(?:of\s+|=\s*|:\s*)?(?P<d3>{DUR})",
            ICASE,
        ).search(self.s, m.end(), end)
        if hm is None and key_end is not None:  # "dedup entry_id 1h", "dedupe on id (10m)"
            # ("dedupe ticket_id / 15 min": a slash before the span, "per 15 min")
            hm = re.compile(
                rf"\s*(?:/\s*)?\(?\s*(?:{HORIZON}\s*[:=]?\s*)?(?P<d>{DUR})\s*\)?", ICASE
            ).match(self.s, key_end)
        if hm is None:  # "deduplicate on event_id, 10 minute horizon": the next clause
            hm = re.compile(
                rf"\s*[,;]\s*(?:with\s+)?(?:a\s+)?(?:(?P<d2>{DUR})\s+(?:dedup\w*\s+)?{HORIZON}"
                rf"|(?:dedup\w*\s+)?{HORIZON}\s*(?:of\s+|=\s*|:\s*)?(?P<d3>{DUR})"
                # "dedupe by click_id; over 15 minutes;": a clause holding only the span
                # ("deduplicate by ticket_id, remember for 15 minutes")
                rf"|(?:over|within|in|across|remember(?:ed|ing)?(?:\s+(?:it|them|keys?|ids?))?\s+for)"
                rf"\s+(?:the\s+last\s+|the\s+past\s+)?(?P<d>{DUR})"
                r"(?=\s*(?:[,;.]|$))"
                # "dedup by click_id, 10 min; lookup ...": a clause holding only the span
                rf"|(?P<d4>{DUR})(?=\s*(?:[;.]|$))"
                # "dedupe on a_id + b_id, anything repeated within ten minutes is a duplicate":
                # what a repeat is, said as its own clause (the records, never a subset)
                r"|(?:(?:anything|everything|whatever|any\s+(?:record|event|message|row|one)s?)"
                r"\s+(?:that\s+(?:is|gets)\s+|that's\s+)?)?(?:repeated|seen\s+again|re-?sent)"
                rf"\s+(?:within|in|inside)\s+(?:the\s+last\s+|the\s+past\s+)?(?P<d6>{DUR1})"
                r"(?:\s+(?:is|counts\s+as)\s+(?:a\s+)?(?:duplicate|dupe|repeat)s?)?"
                r"(?=\s*(?:[,;.]|$)))",
                ICASE,
            ).match(self.s, end)
        if hm is None:  # "remove dupes by click_id, keep the first, over 15 minutes"
            which = KEEP_WHICH.search(self.s, m.end(), end + 40)
            if which:
                hm = re.compile(
                    rf"\s*[,;]?\s*(?:and\s+)?(?:over|within|in|for|across|during)\s+(?:a\s+|the\s+)?"
                    rf"(?:last\s+|past\s+)?(?P<d>{DUR1})(?:\s+{HORIZON})?"
                    # "dedup sensor_id, keep first, 10s,": a clause holding only the span
                    rf"|\s*[,;]\s*(?P<d2>{DUR})(?=\s*(?:[,;.]|$))",
                    ICASE,
                ).match(self.s, which.end())
        if hm:
            said = next(
                v
                for k, v in hm.groupdict().items()
                if k in ("d", "d2", "d3", "d4", "d5", "d6") and v
            )
            horizon = dur_ms(said)
        self.mask(m.start(), m.end())
        if km:
            self.mask(km.start(), key_end or km.end())
        if hm:
            self.mask(hm.start(), hm.end())
            if dup := COUNTS_AS_DUPLICATE.match(self.s, hm.end()):
                self.mask(dup.start(), dup.end())
        # "(keep the first one)", ", keeping the latest": which copy is kept
        wm = KEEP_WHICH.search(self.s, m.end(), end + 40)
        if wm:
            if wm.group("which").lower() not in ("first", "earliest", "oldest"):
                raise RequestNotUnderstood(
                    f"deduplicate {wm.group(0).strip(' (),')!r}: {KEEP_LAST_REFUSED}"
                )
            self.mask(wm.start(), wm.end())
        if not keys:  # "the sensor sometimes repeats a strike_id, so drop repeats": said before
            repeated = KEY_SAID_BEFORE.search(self.s[: m.start()])
            if repeated:
                keys = [(repeated["f"], False)]
                self.mask(repeated.start(), repeated.end())
        self.dedup = (keys, horizon)
        self.dedup_pos = m.start()
        # "freight-wagon-pings has duplicates;", "the validators sometimes send them twice": why
        # the dedup is asked for, restated by it
        self.take_all(DUPLICATES_SAID)

    def _named_after(self) -> bool:
        """ "one alert per sensor_id per 30 s (dedup)": a first-per dedup, then the dedup word
        naming it (read with it, never as a dedup of its own with no key)."""
        said = DEDUP_NAMED_AFTER.search(self.s)
        if said is None:
            return False
        self._first_per()
        if self.dedup is None:
            return False
        if said["key"] and said["key"].lower() not in {t.lower() for t, _q in self.dedup[0]}:
            return True  # "one alert per bed_id ... (dedupe on zone_id)": which key? left unread
        if self.s[: said.start()].rstrip().endswith(MASK):  # (elsewhere: left unread)
            self.mask(said.start(), said.end())
        return True

    def _first_per(self) -> None:
        """ "keep only the first event per order_id", "send once per alert_id": a dedup by the key.
        "the first reading for each meter_id per hour" takes the hour as the dedup's horizon, counted
        from a key's first record (listed). "the latest ... per x" is refused: a dedup keeps the first.
        """
        if self._rate_per_key():
            return
        m = FIRST_PER.search(self.s)
        if m is not None and re.search(r"\bof\s+(?:the\s+)?$", self.s[: m.start()], ICASE):
            return  # "sum amount of the first order per x": an aggregate's records, not a dedup
        once = None if m else ONCE_PER.search(self.s)
        if m is None and once is None:
            self._key_then_first()
            return
        if m is not None:
            if not self._first_per_noun(m.group("noun")):
                return  # "the first failed ...", "the last value per ...": left to the others
            start, at = m.start(), m.end()
        else:
            assert once is not None
            start, at = once.start(), once.end()
            if COUNTED_BEFORE.search(self.s, 0, start):
                return  # "count each voter_id only once": a distinct count, not a dedup
        items, key_end = read_list(
            self.s, at, KEY_FIELD_RE, max_words=1, stop=KEY_STOP, sep=KEY_SEP
        )
        if items and len(items) > 1:
            items, key_end = self._key_fields(items, key_end)
        if not items:
            return
        text, quoted, _ = items[0]
        if not (quoted or "_" in text or self.has(text)):
            return  # "the first order per customer": which field? left to the others (refused)
        one = m is not None and re.fullmatch(
            r"(?:only\s+|just\s+)?(?:one|1|a\s+single)", m.group("which"), ICASE
        )
        if m is not None and not one and m.group("which").lower() not in FIRST_WORDS:
            said = " ".join(self.s[m.start() : key_end].split())
            raise RequestNotUnderstood(f"{said!r}: {KEEP_LAST_REFUSED}")
        end = key_end
        keys = [(t, q) for t, q, _ in items]
        # "per badge_id per door_id", "for each badge_id and door_id": a key of several fields
        while more := _MORE_KEY.match(self.s, end):
            name, named = unquote(more.group("key"))
            if not (named or "_" in name or self.has(name)):
                said = " ".join(self.s[start : more.end()].split())
                raise RequestNotUnderstood(
                    f"{said!r}: which field holds the {name}? A dedup key is fields of the "
                    f'records; name it (e.g. "keep the first swipe per badge_id per door_id")'
                )
            keys.append((name, named))
            end = more.end()
        if once is not None and once.group("key"):  # "each alert_id only once"
            close = re.compile(r"\s+(?:only\s+|just\s+)?once\b", ICASE).match(self.s, key_end)
            assert close is not None
            end = close.end()
        horizon = None
        span = FIRST_SPAN.match(self.s, end)
        if span and (span.group("clock") or span.group("prep") or span.group("open")):
            # "per hour", "within 10 minutes", "in every hour", "(15 min)"
            horizon = dur_ms(span.group("d"))
            if span.group("clock"):
                self.assumptions.append(
                    f"read {' '.join(span.group(0).strip(' ,').split())!r} as a dedup horizon: a "
                    "repeat of a key within that time of its first record is dropped (spans are "
                    "counted from each key's first record, not aligned to the clock)"
                )
            end = span.end()
        wins = FIRST_WINS.match(self.s, end)
        if wins:  # "first event per order_id wins, the rest are dropped"
            end = wins.end()
        self.mask(start, end)
        if one:  # which of a key's records is kept is not said: a dedup keeps the first
            said = " ".join(self.text[start:end].split())
            self.assumptions.append(
                f"read {said!r} as a dedup: the first record of each key is kept and its repeats "
                "dropped"
            )
        self.dedup = (keys, horizon)
        self.dedup_pos = start

    def _rate_per_key(self) -> bool:
        """ "alert at most once every 10 minutes per machine_id": a throttle per key, read as
        a dedup by the key over the span (listed: the span runs from the copy kept)."""
        for m in RATE_PER_KEY.finditer(self.s):
            if COUNTED_BEFORE.search(self.s, 0, m.start()):
                continue  # "count each ... once every hour per x": no dedup
            items, end = read_list(
                self.s, m.end(), KEY_FIELD_RE, max_words=1, stop=KEY_STOP, sep=KEY_SEP
            )
            if items and len(items) > 1:
                items, end = self._key_fields(items, end)
            if not items:
                continue
            text, quoted, _ = items[0]
            if not (quoted or "_" in text or self.has(text)):
                continue  # "once an hour per machine": which field? left unread (refused)
            keys = [(t, q) for t, q, _ in items]
            while more := _MORE_KEY.match(self.s, end):
                name, named = unquote(more.group("key"))
                if not (named or "_" in name or self.has(name)):
                    break
                keys.append((name, named))
                end = more.end()
            horizon = dur_ms(m.group("d"))
            start = m.start()
            if m["noun"] and not self._first_per_noun(m["noun"]):
                start = m.start("rate")  # "send reports at most once ...": not the records
            said = " ".join(self.text[start:end].split())
            self.mask(start, end)
            self.assumptions.append(
                f"read {said!r} as a dedup by {', '.join(t for t, _q in keys)} over "
                f"{m.group('d')}: a key's record is passed on, and its others within that time "
                "of it dropped (event time)"
            )
            self.dedup = (keys, horizon)
            self.dedup_pos = start
            return True
        return False

    def _key_fields(
        self, items: list[tuple[str, bool, int]], end: int
    ) -> tuple[list[tuple[str, bool, int]], int]:
        """ "one record per kiln_id and firing_no (combination)": a list after "per" is one key
        of several fields when each is plainly a field (quoted, with '_', or in the schema); a
        word for the pair ("combination") may close it. Anything else (a plain word listed:
        "per order_id and customer") is no key: nothing is read, and the words are refused."""
        if not all(q or "_" in t or self.has(t) for t, q, _ in items):
            return [], end
        pair = _KEY_PAIR.match(self.s, end)
        return items, pair.end() if pair else end

    def _first_per_noun(self, noun: str | None) -> bool:
        """Whether a first-per noun names the records ("event", "reading", a topic's noun)."""
        word = (noun or "").lower()
        return not word or (
            word in _ANY_RECORD
            or singular(word) in _ANY_RECORD
            or re.fullmatch(COUNT_NOUNS, word, ICASE) is not None
            or any(singular(word) == singular(w) for w in self.topic_words())
        )

    def _key_then_first(self) -> None:
        """ "for each customer_id keep only the first order": the key said before the verb."""
        m = KEY_THEN_FIRST.search(self.s)
        if m is None:
            self._seen_again()
            return
        if not self._first_per_noun(m.group("noun")):
            return
        said = " ".join(m.group(0).split())
        if m.group("which").lower() not in ("first", "1st", "earliest", "oldest"):
            raise RequestNotUnderstood(f"{said!r}: {KEEP_LAST_REFUSED}")
        self.mask(m.start(), m.end())
        self.dedup = ([unquote(m.group("key"))], None)
        self.dedup_pos = m.start()

    def _seen_again(self) -> None:
        """ "if the same bet_id shows up twice within 5 minutes only keep the first one": a dedup
        by the key, the span (if said) its horizon."""
        m = SEEN_AGAIN.search(self.s)
        if m is None:
            self._same_as_one()
            return
        self._take_seen_again(m, m.start())

    def _take_seen_again(self, m: re.Match[str], start: int) -> None:
        """The dedup a SEEN_AGAIN match says, its words from `start` (a "Dedup:" label) read."""
        self.mask(start, m.end())
        span = m.group("d") or m.group("d2") or m.group("d3") or m.group("d4") or m.group("d5")
        key = m.group("key") or m.group("key2") or m.group("key3") or m.group("key4") or m["key5"]
        # ("the same jump_id and judge_id": every field listed, together the key)
        keys = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", key) if m["key3"] else [key]
        self.dedup = ([unquote(k) for k in keys], dur_ms(span) if span else None)
        self.dedup_pos = start

    def _same_as_one(self) -> None:
        """ "treat swipes with the same badge_id and gate_id within two minutes as one": a dedup
        by the fields said with "the same", over the span said before "as one"."""
        m = SAME_AS_ONE.search(self.s)
        if m is None:
            self._same_dropped()
            return
        items, key_end = read_list(
            self.s, m.end(), KEY_FIELD_RE, max_words=1, stop=KEY_STOP, sep=KEY_SEP
        )
        span = _SPAN_AFTER_KEY.match(self.s, key_end)
        one = _AS_ONE.match(self.s, span.end() if span else key_end)
        if not items or one is None:
            return  # "treat ... with the same x as a priority": no dedup said
        end = one.end()
        if span is None:  # "... as duplicates if they come within 12 hours of each other"
            span = _SPAN_AFTER_ONE.match(self.s, end)
            end = span.end() if span else end
        self.mask(m.start(), end)
        self.dedup = ([(t, q) for t, q, _ in items], dur_ms(span.group("d")) if span else None)
        self.dedup_pos = m.start()
        self.take_all(DUPLICATES_SAID)

    def _same_as_one_then_dropped(self) -> bool:
        """ "treat scans with the same ticket_id as duplicates within 12 hours, drop the
        repeats": the dedup said with "the same" first; the drop after it, with no key of its
        own, only says it again."""
        m = SAME_AS_ONE.search(self.s)
        d = DEDUP.search(self.s, m.end()) if m else None
        if m is None or d is None or DEDUP.search(self.s, 0, m.start()):
            return False
        if not re.match(r"\s*(?:[,;.)]|$)", self.s[d.end() :]):
            return False  # ("..., drop duplicates by order_id": a dedup of its own)
        self._same_as_one()
        if self.dedup is None:
            return False
        self.mask(d.start(), d.end())
        return True

    def _same_dropped(self) -> None:
        """ "A check-in with the same pilot_id and checkin_seq seen again within 5 minutes is
        dropped", "ignore the same ticket_no for thirty minutes": a dedup by the fields said
        with "the same" (see `SAME_DROPPED`)."""
        for m in SAME_DROPPED.finditer(self.s):
            items, key_end = read_list(
                self.s, m.end(), KEY_FIELD_RE, max_words=1, stop=KEY_STOP, sep=KEY_SEP
            )
            tail = (_AGAIN_DROPPED if m.group("rec") else _FOR_SPAN).match(self.s, key_end)
            if not items or tail is None:
                continue
            if "pair" in tail.groupdict() and tail["pair"] and len(items) < 2:
                continue  # "the same member_id pair": a pair of what?
            self.mask(m.start(), tail.end())
            span = tail.group("d")
            self.dedup = ([(t, q) for t, q, _ in items], dur_ms(span) if span else None)
            self.dedup_pos = m.start()
            self.take_all(DUPLICATES_SAID)
            return

    def _same_counts_once(self) -> bool:
        """ "Same reporter_id and reported_user_id within one hour counts once": a dedup by the
        fields said with "the same", over the span said before "counts once"."""
        for m in SAME_COUNTS_ONCE.finditer(self.s):
            items, key_end = read_list(
                self.s, m.end(), KEY_FIELD_RE, max_words=1, stop=KEY_STOP, sep=KEY_SEP
            )
            span = _SPAN_AFTER_KEY.match(self.s, key_end)
            once = _COUNTS_ONCE.match(self.s, span.end() if span else key_end)
            if span is None and once is None:  # "same door_id + fault_code only once per 10 min"
                once = span = _ONCE_PER_SPAN.match(self.s, key_end)
            if not items or once is None or not (span or once.group("said")):
                continue
            self.mask(m.start(), once.end())
            heading = _DEDUP_HEADING.search(self.s, 0, m.start())
            if heading:  # ("drop repeated faults: same a + b within 5 min counts once")
                self.mask(heading.start(), heading.end())
            self.dedup = ([(t, q) for t, q, _ in items], dur_ms(span.group("d")) if span else None)
            self.dedup_pos = m.start()
            self.take_all(DUPLICATES_SAID)
            return True
        return False

    def build_dedup(self) -> dict[str, Any] | None:
        if self.dedup is None:
            return None
        keys, horizon = self.dedup
        _refuse_changed_key(keys)
        if keys:
            resolved = [
                self.resolve(_one_key(t, q, self.has), role="key", explicit=is_explicit(t, q),
                             why="dedup key")
                for t, q in keys
            ]  # fmt: skip
        else:
            cand = next((n for n in ID_FIELDS if n in self.names()), None)
            if cand is None:
                raise RequestNotUnderstood(
                    'deduplicate: name the key (e.g. "deduplicate by event_id over 1 hour")'
                )
            resolved = [cand]
            self.assumptions.append(  # "remove duplicate orders": which field says "the same"
                f"no deduplication key given; a duplicate is a record with the same {cand!r} "
                'as an earlier one (say "deduplicate by <field>" for another)'
            )
        if horizon is None:
            horizon = DEFAULT_DEDUP_MS
            self.assumptions.append("no deduplication horizon given; using 1 hour")
        return {"kind": "dedup", "key": resolved, "horizon_ms": horizon}


# Participles saying how a value is changed ("dedupe on email lowercased"): never the last word
# of a key's name (was a key 'email_lowercased'); the dedup compares the field as it came.
_CHANGED_VALUE = word_set(
    """lowercased uppercased lowered hashed masked trimmed stripped encrypted redacted normalized
    normalised rounded truncated cleaned canonicalized canonicalised"""
)


def _refuse_changed_key(keys: list[tuple[str, bool]]) -> None:
    for name, quoted in keys:
        words = name.lower().split()
        if not quoted and len(words) > 1 and words[-1] in _CHANGED_VALUE:
            raise RequestNotUnderstood(
                f"cannot read {name!r} as a dedup key: {words[-1]!r} says how the value is "
                "changed, and the dedup compares the field as it came; name the field alone "
                "(or a field that already holds the changed value)"
            )


def _one_key(name: str, quoted: bool, known: Any) -> str:
    """ "drop duplicate trip_ids": a plural of an identifier's name names the field (trip_id)
    unless the schema has the plural itself."""
    plural = re.fullmatch(r"([A-Za-z]\w*_(?:id|key|code|ref|uuid|number|no))s", name)
    if plural and not quoted and not known(name):
        return plural.group(1)
    return name
