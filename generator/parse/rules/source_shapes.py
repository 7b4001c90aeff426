"""Recogniser (sources, part 4 of 5): the off / out-of / as-input shapes and "X is the source".

"records off X", "out of topic X, keep ...", "using the X topic as input", "the source is X",
"X and Y are the sources", "for each record in X", "send X to topic Y" (X is the source),
"enrich X with the Y table", merged sources ("merge both").
The entry point is sources.SourceRecogniser."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import FILLER
from .lexicon import MASK, NAMED_TOPIC, QUOTED, SEP_WORDS, STOP, singular, unquote, word_set
from .quantities import ICASE
from .source_descriptions import SELECTING, _name_words, plain_description
from .source_producers import _WORD, ProducerReader
from .topic_names import _ROLE_WORDS, SOURCE_VERB

# "read topic orders and write topic a-b into clickhouse": a topic after an output verb, with no
# "to" (read as a second source, it may be where the records go)
OUTPUT_VERB_TOPIC = re.compile(
    r"\b(?:write|send|publish|produce|emit|push|forward)(?:s|ing)?\s+(?:the\s+)?(?:kafka\s+)?"
    r"topic\s+['\"`]?$",
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
    # ("..., source tank-sensors, sink topic acidic-tanks": a terse list's item, after a comma)
    rf"|(?:^|(?<=[.!?;:,\n]\s))\s*(?:input|source)(?:\s+(?:kafka\s+)?topic)?\s+(?=(?:{QUOTED}"
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


# "raw-scans is the input", "Topic lab-results is our source.": the name, then the label.
NAME_IS_SOURCE = re.compile(
    rf"(?:^|(?<=[.!?;:,]\s))\s*(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?(?P<n>{QUOTED}|{NAMED_TOPIC})"
    r"(?:\s+(?:kafka\s+)?topic)?\s+(?:is|will\s+be|=)\s+(?:the|our|my)\s+(?:input|source)"
    # ("the x topic is our input and clickhouse y our output")
    r"(?:\s+(?:kafka\s+)?(?:topic|stream))?(?=\s*(?:[.,;:\n]|$)|\s+and\s)",
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
# "the parcel-scans topic is our input": the label after a topic read already.
IS_THE_SOURCE = re.compile(
    r"(?<=\x00)\s+(?:is|will\s+be)\s+(?:the|our|my)\s+(?:input|source)(?:\s+(?:topic|stream))?"
    r"(?=\s*(?:[.,;:\n]|$)|\s+and\s)",
    ICASE,
)
# "X sometimes arrive twice", "X get duplicated", "X are sometimes resent", "X get sent twice":
# the records' repeats, said of them
REPEATS_AFTER_NAME = (
    # ("claims on x can be resent": a modal's passive too)
    r"(?:(?:sometimes|occasionally|often|may|might|can|do|tend\s+to)\s+)?(?:arrive|come\s+in"
    r"|show\s+up|get|are|(?<=may\s|can\s|ght\s)be)\s+(?:(?:sometimes|occasionally|often)\s+)?"
    r"(?:twice|duplicated|doubled|re-?submitted"
    r"|repeated|more\s+than\s+once|re-?sent|re-?delivered|re-?published|re-?transmitted|replayed"
    r"|retried"
    r"|(?:sent|delivered|published|posted)\s+(?:twice|more\s+than\s+once|multiple\s+times))\b"
)
# "over cleanroom-particles: ...", "the alarms on cnc-alarms and ...": a name that can only be a
# topic after a preposition, then the end of the clause or a word that starts another
_ON_NAMED_FOLLOWS = (
    # ("... (drive.app_events) by learner_id": the key of a step on them follows)
    r"(?=\s*(?:[:,;\n]|\.(?:\s|$)|$|\x00|->)|\s+(?:and|then|per|by|every|each|to|into|with|where)\b"
    # ("bursts from the counters (apiary.counter) - group each ...": a dash between clauses)
    r"|\s+[-\u2013\u2014]\s"
    # ("drop duplicate uploads on studio.photo_uploads (same photo_id within two hours)": a
    # step's words in parentheses, said of them)
    r"|\s*\(\s*(?:same|by|per|where|only|keyed\s+by|dedup\w*|drop\w*|keep\w*)\b"
    # ("so on jewel.appointments drop any repeat appointment_id": a step's verb on them follows)
    r"|\s+(?:drop|dedupe|dedup|deduplicate|keep|filter|remove|discard|ignore|skip|strip|count"
    r"|sum|total|average|enrich|join|sessioni[sz]e)\b"
    # "readings on wt.strain_gauges sometimes arrive twice": the records' repeats said after it
    # (dedup.DUPLICATES_SAID reads them, or they stay unread)
    rf"|\s+{REPEATS_AFTER_NAME})"
)
ON_NAMED = re.compile(
    # ("trade-in valuations off shop.trade_ins: ...", "takes per camera_unit off set.takes?")
    rf"\b(?:on|over|in|of|off)\s+(?:the\s+)?(?P<n>{NAMED_TOPIC}){_ON_NAMED_FOLLOWS}"
    # "packet scans (seedbank.scans) get duplicated", "For the helpdesk queue (lib.queue):": the
    # name in parentheses right after the plain words saying what its records are
    rf"|(?<=[A-Za-z])\s*\(\s*(?:kafka\s+)?(?:topic\s+)?(?P<p>{NAMED_TOPIC})\s*\){_ON_NAMED_FOLLOWS}",
    ICASE,
)
# "every hour on pos-sales": a period right before "on" (a time, never read as the source here;
# tests/requests/refuse_every_period_on_named_topic)
PERIOD_BEFORE = re.compile(
    # ("All day on boiler-temps keep ...": a time span too)
    r"\b(?:(?:every|each|per)\s+(?:\d+\s+)?[A-Za-z]+|all\s+(?:day|night|week|month|year)"
    r"|hourly|daily|weekly|nightly|monthly)\s+$",
    ICASE,
)
# Nouns for what a pipeline makes, never the records it reads ("write the totals (ops.totals)")
_RESULT_NOUNS = word_set("totals total counts summaries summary aggregates alerts rollups")
# Words opening a clause before the records' noun: "For the helpdesk queue (lib.queue): ..."
_GLOSS_LEAD = word_set("for the our all every each")


DESCRIBED = re.compile(
    r"\b(?:the\s+|all\s+)?(?P<w>[A-Za-z][\w-]*)\s+(?:events|records|messages|data|stream)\s+"
    r"(?=(?:from|of|in|on)\s+\x00)",
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
# "dump the contents of topic x": the topic's records (`_after_sources`)
CONTENTS_OF = re.compile(
    r"\b(?:the\s+)?(?:whole\s+|entire\s+|full\s+)?contents?\s+of\s+(?=(?:the\s+)?\x00)",
    ICASE,
)
TOPIC_WORDS = re.compile(
    # "each parcel scan (topic parcel-scans)": the topic named in parentheses after the words
    r"\b(?P<w>(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)(?:\s+(?:from|of|in|on)\s+|\s*\(\s*)(?=\x00)",
    ICASE,
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
    # ("Merge the two pest sighting feeds, a.x and b.x": the count, what the feeds hold (words of
    # the names, checked in _merged_bare), then the names)
    r"(?:(?:two|both|2)\s+(?P<w>(?:[A-Za-z][\w-]*\s+){0,3}?)(?:feeds|topics|streams)\s*[,:]\s*)?"
    r"(?:(?:[A-Za-z]+\s+){0,2}?(?=(?:from|of|on|in)\s))?(?P<from>(?:(?:from|of|on|in)\s+)?"
    r"(?:the\s+)?(?:kafka\s+)?(?:topics\s+)?)(?P<n>[A-Za-z][\w-]*[-_.][\w.-]*\w)",
    ICASE,
)
# "merge a.x and b.x into one stream" ("one" in digits by now), "read a.x and b.x as a single
# feed": right after the names (or the verb merging them), the topics read as one stream
INTO_ONE_STREAM = re.compile(
    r"(?<=\x00)\s*,?\s+(?:into|as)\s+(?:1|a\s+single|one\s+single)\s+(?:combined\s+|merged\s+)?"
    r"(?:stream|feed)\b",
    ICASE,
)
_JOIN_KEY_AFTER = re.compile(r"\s+(?:on|by|using|with|where\s+\w+\s*=)\b", ICASE)
# "vinyl.store_a_sales + vinyl.store_b_sales, only where ...": the request opens with two or
# more names only a topic has ('.' or '-' in each), listed ("+" reads as "and"), then a comma,
# a colon or an arrow: the topics read (see `_opening_list`)
_OPENING_NAMES = re.compile(
    rf"\A\s*(?P<l>{NAMED_TOPIC}(?:\s*,\s*{NAMED_TOPIC})*\s*,?\s+and\s+{NAMED_TOPIC})"
    r"(?=\s*(?:[,:;]|->|=>|\u2192))"
)


class SourceShapeReader(ProducerReader):
    """Reads the off / out-of / as-input / "is the source" shapes."""

    def _merged_bare(self) -> None:
        """ "Merge the sales from shop.eu-sales and shop.us-sales", "combine a.x and b.x": a
        merging verb says both bare names are topics read as one stream (each one only a topic
        can be, as for "read both a.x and b.x"; see `_both_bare`). The words between the verb
        and the names are left to the readers of descriptions."""
        for m in list(MERGED_BARE.finditer(self.s)):
            listed, end = self._both_bare(m.start("n"), m.end("n"))
            if not listed or _JOIN_KEY_AFTER.match(self.s, end):
                continue  # ("merge a.x and b.x on order_id": a join's key, left to the joins)
            if m["w"] is not None:
                # (the feeds' words say what every record of both is: parts of their names)
                names = [m.group("n"), *(name for _, name in listed)]
                parts = {w for n in names for x in re.split(r"[-_.]", n.lower()) if x
                         for w in (x, singular(x))}  # fmt: skip
                if any(singular(w.lower()) not in parts for w in m["w"].split()):
                    continue
            self.topics += [(m.start("n"), m.group("n")), *listed]
            self.mask(m.start("v"), m.end("v"))
            if m["w"] is not None:
                self.mask(m.end("v"), m.start("from"))
            self.mask(m.start("from"), end)

    def _opening_list(self) -> None:
        """ "vinyl.store_a_sales + vinyl.store_b_sales, only where format is LP, into ...": a
        request opening with a list of names only a topic has, nothing said before them, then
        a comma or an arrow, reads them all as the source (a stream read from several topics);
        never "a.x and b.x on order_id" (a join's key, left to the joins)."""
        m = _OPENING_NAMES.match(self.s)
        if not m or MASK in m.group(0):
            return
        names = [n for n in re.findall(r"[A-Za-z][\w.-]*", m["l"]) if n.lower() != "and"]
        if not all(re.search(r"\w[.-]\w", n) for n in names):
            return
        for name in re.finditer(NAMED_TOPIC, m["l"]):
            self.topics.append((m.start("l") + name.start(), name.group(0)))
        self.mask(m.start("l"), m.end("l"))

    def _merge_restated(self) -> None:
        """ "AIS positions come from two feeds, a and b. Merge both, dedupe ...": with two or
        more source topics, "merge both" / "combine them" only says they are read as one
        stream (never "merge both on order_id", a join's key, left unread)."""
        if len({name for _, name in self.topics}) < 2:
            return
        for m in [*MERGE_SOURCES.finditer(self.s), *INTO_ONE_STREAM.finditer(self.s)]:
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
