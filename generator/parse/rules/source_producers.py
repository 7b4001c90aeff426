"""Recogniser (sources, part 3 of 5): sources said by who sends the records.

Producers and happenings that put records on a topic: "where the sensors publish to X", "our
apps send events to X", "each time a user clicks, it lands on X", "every ticket scanned at the
doors goes to X", "topic X is fed by the bike docks", "... is pushed to X by the lift
controllers", "the same opening reported several times on X".
The entry point is sources.SourceRecogniser."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import CONTEXT_PREFIX
from .context import FREQ_SAID, STEP_WORDS
from .lexicon import (
    COUNT_NOUNS,
    MASK,
    MEASURING_DEVICES,
    NAME,
    NAME_STOP,
    NAMED_TOPIC,
    PLACE_QUALIFIERS,
    QUOTED,
    SEP_WORDS,
    STOP,
    singular,
    unquote,
    word_set,
)
from .quantities import ICASE
from .source_descriptions import (
    _ARRIVE,
    _PRESET_FIELD_NAMES,
    _RECORD_ACRONYMS,
    _SLIP_TARGETS,
    _WHICH_TOPIC,
    _name_words,
    _topic_word,
    compound_topic_word,
    description_word,
)
from .topic_names import TopicNameReader, _selecting_part

# "14 greenhouses with climate sensors, all reporting into the topic greenhouse-sensors": the
# producers just named, each writing to a topic said as one (the word "topic" is required)
ALL_REPORTING_TO = re.compile(
    r",\s+(?:all|each|both|every\s+one)\s+(?:of\s+them\s+)?(?:reporting|sending|publishing"
    r"|streaming|emitting|pushing|posting|producing)\s+(?:(?:their|its)\s+[a-z]+\s+)?"
    r"(?:in)?to\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
    rf"(?P<n>{QUOTED}|{NAME})",
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
    r"(?P<w>[A-Za-z][\w'-]*(?:\s+(?!and\s+(?:they|it)\b)[A-Za-z0-9][\w'-]*){0,8}?)"
    # ("The ice resurfacers (zambonis) report ...": another name for them, plain words)
    r"(?:\s+\((?P<alias>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})\))?\s+(?:(?:which|that"
    r"|who)\s+)?"
    r"(?:(?:are|is)\s+)?(?:all\s+)?"
    # ("the app double-sends GPS pings to x": the repeats are a dedup's to read, see extract_producers)
    # ("the lens lab keeps double-posting orders onto x": a habit, the same verb)
    # ("the box office double-submits orders to x": a form's verb, said of its repeats only)
    r"(?:keeps\s+|keep\s+)?(?P<dup>double[\s-]?(?=send|post|submit))?"
    r"(?:(?(dup)submit(?:s|ting)?|(?!))|send(?:s|ing)?|publish(?:es|ing)?|push(?:es|ing)?"
    r"|writ(?:e|es|ing)|emit(?:s|ting)?|produc(?:e|es|ing)|stream(?:s|ing)?|post(?:s|ing)?"
    # ("Customers using the app generate taps on x": what they make, a record noun after)
    r"|generat(?:e|es|ing)(?=\s+(?:(?:their|its|the)\s+)?[A-Za-z][\w-]*s\s+(?:to|into|on|onto)\s)"
    # ("dive computers upload every log to x": a device's own verb of sending)
    r"|upload(?:s|ing)?"
    # ("Signal controllers report their status on topic x", "units ping their GPS to x")
    # ("aligner cases report on/off events to x": what they report, then where)
    r"|(?:report|ping)(?:s|ing)?(?=\s+(?:their|its)\s|\s+(?:[A-Za-z][\w/-]*\s+){0,2}?"
    r"(?:events?|readings?|data|telemetry|measurements?|status(?:es)?)\s+(?:to|into|on|onto)\s)"
    # ("Our inspectors log every grow bag check to the x topic": who logs what into it)
    r"|log(?:s|ging)?(?=\s+(?:every|each|all|their|its)\s)"
    # ("Our beacons ping rescue.beacon_pings every minute", "a badge that pings x", "the vendor
    # delivers print.ctp_events"): the topic right after the verb, a name only a topic has
    rf"|(?P<direct>(?:ping|deliver)(?:s|ing)?|populat(?:e|es|ing))(?=\s+(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+)?(?:{NAMED_TOPIC}|{QUOTED}))"
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
    r"|(?:every|each)\s+(?P<each_what>(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*)"
    # ("logs every radio check-in from the field teams onto x": where they come from, plain
    # words checked as the records' are)
    r"(?:\s+(?:from|at)\s+(?:the|our|all(?:\s+the)?|each|every)\s+"
    r"(?P<each_from>(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*))?\s+"
    r"(?=(?:to|into|on|onto)\s)"
    # ("the card reader sends tips to x", "the billing service publishes invoices to x": any
    # plain plural noun right before the topic, checked in extract_producers)
    r"|(?:(?:their|its|the|all)\s+)?(?P<pmod>[a-z][\w-]*\s+)??(?P<plural>[a-z][a-z-]*[a-z]s)\s+"
    r"(?=(?:to|into|on|onto)\s))?"
    rf"(?:(?P<rate>{FREQ_SAID})\s+)?"
    r"(?(direct)|(?:to|into|on|onto)\s+)(?:the\s+)?(?:kafka\s+)?"
    # ("Rain gauges publish to the topics a and b": a list after the plural, at least two names)
    rf"(?:topic(?P<many>s)?\s+(?P<n>{NAME})(?(many)(?P<more>(?:{SEP_WORDS}(?:{NAMED_TOPIC}|{QUOTED}))+))"
    rf"|(?P<n2>{NAMED_TOPIC}|{QUOTED}"
    # ("the queue cameras publish to queue_cam_counts.": a snake_case name ending the sentence)
    r"|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?=\s*(?:[.;!?\n]|$)))"
    # ("Meters publish to studio.gas.north and studio.gas.south.": a list of names that ends
    # the clause, no "topics" before it)
    rf"(?P<more2>(?:{SEP_WORDS}(?:{NAMED_TOPIC}|{QUOTED}))+(?=\s*(?:[.;,!?\n)]|$)))?)"
    # "... publish to the soil-moisture topic every minute": the name's noun, then how often
    r"(?:(?<=[\w'\"`])\s+(?:kafka\s+)?(?:topic|stream|feed)\b)?"
    # ("... every minute or so while they are switched on": how often, then when)
    rf"(?:\s+(?P<rate2>{FREQ_SAID})(?=\s*(?:[.;!?\n]|$)|\s+(?:when|while|once)\s)"
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
# After a producers' sentence read by its plain plural noun ("sends tips to x"): its end, or a
# clause of its own (never "... when guests cancel", which may say which records)
_PLURAL_SAID_ENDS = re.compile(r"\s*(?:[.;,!?\n(]|$)|\s+(?:and|but|so|then)\b", ICASE)
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
    # ("... and those taps land on x": the records named again, pointed at)
    r"|(?:the|these|those|their)\s+(?P<noun>[A-Za-z][\w-]*)))\s+(?:all\s+)?"
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
# "Every time a parcel is scanned at a depot, an event lands in parcels.scans", "a message goes
# to x whenever a bag is weighed": a happening said in the passive, then one record arriving
# (the words are checked by `_passive_plain`)
_ONE_RECORD = r"(?:an?|one|1)\s+(?:new\s+)?(?:event|message|record|reading|entry|row)\s+"
_PASSIVE_HAPPENING = (
    r"(?:every\s+time|each\s+time|whenever)\s+(?:an?|the|one)\s+"
    r"(?P<who>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+(?:is|gets)\s+(?P<verb>[a-z]+ed)"
    r"(?:\s+(?P<act>(?:[A-Za-z][\w'-]*\s+){0,5}?[A-Za-z][\w'-]*))?"
)
PASSIVE_TIME_LANDS = (
    re.compile(
        # ("So basically, every time ...": a chat opener before it)
        r"(?:^|(?<=[.!?;:]\s))\s*(?:(?:ok(?:ay)?|so|well|fyi|btw|basically|anyway)\s*,?\s+){0,3}"
        rf"{_PASSIVE_HAPPENING}\s*,?\s+{_ONE_RECORD}{_ARRIVES}{_ARRIVES_ON}"
        rf"{_CLAUSE_ENDS}",
        ICASE,
    ),
    re.compile(
        rf"(?:^|(?<=[.!?;:]\s))\s*{_ONE_RECORD}{_ARRIVES}{_ARRIVES_ON}\s+{_PASSIVE_HAPPENING}"
        rf"{_CLAUSE_ENDS}",
        ICASE,
    ),
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
    r"\s*[.;!?]|\s*$|\s*,\s*(?:and|while|whereas)\s+(?:the|our|its|their|a|an|all|each|every)\s"
    # ("Every scan is published to x by the turnstiles.": the passive's producers, then its end)
    r"|\s+by\s+(?:the|our|their|all\s+the)\s+(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*\s*(?:[.;!?]|$)",
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
    rf"(?:topic\s+)?(?P<n>{NAMED_TOPIC}|{QUOTED})(?:\s+(?:kafka\s+)?topic)?(?=\s*[.;!?,]|\s*$"
    # ("... is published to x by the turnstiles": who sends, read by `_by_producers`)
    r"|\s+by\s+(?:the|our|their|all\s+the)\s)",
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
# Words that join a producer's description ("sensors of the press line").
_PRODUCER_JOINS = word_set("of the on in at our each every all both from and a an")
# "scales under each hive": where each producer is placed (only before each/every/the/our:
# "sensors under load" may say which records)
# ("Customers using the ordering app generate taps on x": what each producer uses)
_PLACED = re.compile(r"(?:under|inside|beside|behind|above|near|using)", ICASE)
# Devices' nouns that are a step's or a sink's word too ("display", "screen", "service"): read
# as a producer's noun only after the words naming whose it is ("the kitchen display")
_DEVICE_NOUNS = word_set(
    "display displays screen screens terminal terminals service services server servers delivery"
)
_OWNED = word_set("the our their")


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


_WORD = re.compile(r"[A-Za-z][\w-]*")


class ProducerReader(TopicNameReader):
    """Reads sources said by the producers or happenings that send the records."""

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
            if first in _PRODUCER_JOINS - {
                "the",
                "our",
                "all",
                "each",
                "every",
                "both",
                "a",
                "an",
            } or (len(said) == 1 and first.endswith("ly")):
                continue  # "in addition publish to topic x", "additionally publish ...": orders
            if m["org"] and not all(description_word(w) for w in m["org"].split()):
                continue  # "Our EU shops have ...": who has the producers may select records
            said = _where_placed(said)
            words = [w for w in said if w.lower() not in _PRODUCER_JOINS]
            if m["alias"] and (they or not all(description_word(w) for w in m["alias"].split())):
                continue  # "the sensors (except bay 3) send ...": an aside that may select
            each = first in ("every", "each")
            named = _name_words(unquote(m.group("n") or m.group("n2"))[0])
            if not they and (
                not words
                # ("Every stamped part produces one JSON message on topic x": one per item)
                # ("Our 40 trawlers send ...": how many, a count of them)
                or not all(
                    description_word(w)
                    # ("The kitchen display system writes tickets to x": a device's noun
                    # that is a step's word too, after the words naming whose it is)
                    or (w.lower() in _DEVICE_NOUNS and (i > 0 or said[0].lower() in _OWNED))
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
            plural = (m["plural"] or "").lower()
            said_plural = [*(m["pmod"] or "").split(), plural] if plural else []
            if not all(
                (description_word(w) and not _selecting_part(w)) or _topic_word(w, named)
                for w in said_plural
            ):
                continue  # "send failures to topic x": a kind of record, or no noun at all
            if plural and not _PLURAL_SAID_ENDS.match(m.string, m.end()):
                continue  # ("sends reservations to x when guests cancel": left as it was read)
            if plural and (singular(plural) in _EVERY_OUTPUTS or plural in _NOT_ARRIVING):
                continue  # "send the totals to topic x": what a pipeline outputs
            # ("log every arrival and departure to x": two plain nouns of one kind)
            each_what = _joined_pair_out((m["each_what"] or "").split())
            each_what += (m["each_from"] or "").split()
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
        for m in [m for pattern in PASSIVE_TIME_LANDS for m in pattern.finditer(seen)]:
            if MASK in self.s[m.start() : m.end()] or not _passive_plain(m):
                continue
            self._refuse_selecting_happening(m)
            self._produced_source(m, unquote(m["n"])[0])
            if m.start("who") > m.start("n"):  # ("... every time a parcel is scanned")
                happening = " ".join(self.text[m.end("n") : m.end()].split())
                self.assumptions.append(
                    f"{CONTEXT_PREFIX}{happening!r} (when the records are sent; no step of the "
                    "pipeline)"
                )
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
            # (a sentence's end, never the dot inside a topic's name: "sent to farm.weigh-ins")
            sentence = re.split(r"[.!?](?:\s|$)", self.text[: m.start()])[-1]
            if not (m["v"] or m["from"]) and not _PASSIVE_PRODUCED.search(sentence):
                continue
            if all(description_word(w) for w in (m["w"] or m["w2"]).split()):
                self.mask(m.start(), m.end())
                run = self._topic_run(m.start() - 1)
                assert run is not None
                self._producers_listed(m["w"] or m["w2"], [run])


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


def _participle(word: str) -> bool:
    """ "stamped", "scanned": a participle describing each producer ("every stamped part")."""
    return bool(re.fullmatch(r"[a-z]{3,}ed", word.lower()))


# Words a "when they ..." tail may hold besides plain description words ("when they get back
# on the boat", "while it's driving")
_WHEN_WORDS = word_set(
    "get gets got back on off in at to into onto from the a an their its our are is switched"
    " turned powered"
)


def _when_plain(said: str) -> bool:
    """The words after "when they / while it / after each" only say when the producers send
    (never "when they are late": a word that may select)."""
    if selecting_happening(said):
        return False  # ("while they are overheating": which records?)
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


def _passive_plain(m: re.Match[str]) -> bool:
    """A PASSIVE_TIME_LANDS match says what happens to a thing in plain words only: the thing
    and where it happens (no value, field or qualifier), a verb that selects no kind of record
    (`_refuse_selecting_happening` refuses "is cancelled", "is refunded")."""
    words = m["who"].split() + (m["act"] or "").split()
    return STEP_WORDS.search(m["verb"]) is None and all(_act_word_plain(w) for w in words)


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
        and singular(after[-1].lower()) in MEASURING_DEVICES
    )
