"""Recogniser (aggregates, part 4 of 5): what a count counts.

The records the source topics' names say the stream carries (`_record_nouns`: "count the
claims" on topic claims-filed), read as a count of every record; the words around a counted noun
that select some records ("the number of failed payments", "distinct products sold", "visitors
who closed the app"), refused rather than dropped; counts of people or devices; and
`count_ranked_records` ("the 5 stations with the most rentals": ranked by how many records each
has). The entry point is aggregates.AggregateRecogniser."""

from __future__ import annotations

from itertools import pairwise

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import FILLER
from .aggregate_phrases import ED_NOUNS, agg_name, name_part, refuse_selecting_count
from .group_by import GroupByReader
from .lexicon import (
    COUNT_NOUNS,
    DONE_VERB_RECORDS,
    PARTICLE_PLURALS,
    RECORD_OBJECTS,
    STOP,
    TALLIED_PLURALS,
    singular,
    word_set,
)
from .quantities import ICASE
from .state import Agg

# "how many unique visitors closed the app", "distinct users who closed it": a relative clause
# or a past verb after the counted noun (no time word: "... per hour" is read elsewhere)
_RELATIVE = word_set("who that which")
# irregular past verbs and relative pronouns that end a counted phrase ("customers saw ...",
# "visitors who ..."), as a participle does
_PAST_SAID = re.compile(
    r"bought|made|saw|left|went|paid|took|gave|got|came|sent|spent|won|lost|did|who|that|which",
    ICASE,
)
_COUNTED_QUALIFIER = re.compile(
    r"\s+(?:(?:who|that|which)\s+(?:have\s+|had\s+|did\s+)?[a-z]+"
    r"|(?!(?:per|each|every|in|over|during|within|by|for|from|and|or|on|at|since)\b)"
    r"(?:[a-z]+ed|bought|made|saw|left|went|paid|took|gave|got|came|sent|spent|won|lost|did)\b)"
    r"(?:\s+(?!(?:per|each|every|in|during|within|over|and|then)\b)[a-z][\w-]*){0,4}",
    ICASE,
)
# "count the distinct wheel_id values turned" on caves.wheel_turns, "the number of tickets sold"
# on patch_ticket_sales: a participle after the values or the counted records, read only when it
# is the verb of the topic's records (each record one turn, one sale; nothing selected)
DONE_TO_VALUES = re.compile(
    r"\s+(?P<v>[a-z]+ed|sold|bought|paid|built|held|won|lost|spent)\b"
    r"(?!\s+(?:by|to|from|in|on|at|with|for|after|before|during|between|under|over)\b)",
    ICASE,
)
# "the number of distinct tower_id values reporting (as towers_reporting)", "unique sensor_id
# values transmitting per hour": a verb of sending records, with no object, ends the distinct
# count (each record is one report: nothing selected); never with its object ("reporting
# errors", "sending alerts": which records count, left unread)
SENDING_VALUES = re.compile(
    r"\s+(?P<v>reporting(?:\s+in)?|transmitting|checking\s+in|pinging|phoning\s+home"
    r"|sending\s+(?:data|readings|pings))"
    r"(?=\s*(?:[(,;.!?\x00]|$)|\s+(?:per|each|every|as|by)\b)",
    ICASE,
)
# A participle, regular or not, ending a counted phrase ("the number of boxes rejected")
DONE_WORD = re.compile(r"[a-z]{3,}ed|sold|bought|paid|built|held|won|lost|spent", ICASE)
# "how many times it was opened", "how many times each door_id got opened": the records counted
# by what each one is, a participle (with the pronoun, the thing the topic names, or the groups
# "each" names before it)
TIMES_DONE = re.compile(
    r"(?:\s+(?:it|they)|\s+the\s+(?P<subj>[a-z]+)|(?P<each>\s+(?:each|every)\s+[a-z]\w*))?"
    r"\s+(?P<aux>was|were|got|gets|get"
    r"|is|are|(?:has|have)\s+been)\s+(?P<v>[a-z]+)\b",
    ICASE,
)
# Irregular participles, and the nouns of the records they make ("sold": a sale)
_IRREGULAR_DONE = {
    "sold": ("sale",), "bought": ("purchase", "buy"), "paid": ("payment", "pay"),
    "built": ("build",), "held": ("hold",), "won": ("win",), "lost": ("loss",),
    "spent": ("spend",),
}  # fmt: skip


# Who does something, never a record: "count devices" is not a count of readings
COUNTED_ENTITIES = word_set(
    "user customer visitor device player driver rider member account seller buyer patient "
    "merchant vendor sensor machine vehicle meter host server"
)


# What a topic's name says of its records when it says only that they are records ("events",
# "app-messages"): a count of a kind of them ("purchases") selects some
_ANY_RECORDS = word_set("event events record records message messages")
# The words before it in a name that still say nothing of what the records are ("app-events")
_ANY_SOURCE = word_set("all raw app apps user users client web site")


# "restaurants that receive orders", "customers placing orders": a relative clause after a
# distinct count, naming records (the stream's own, checked against the topic's name).
OF_OWN_RECORDS = re.compile(r"\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<noun>[a-z]+)\b", ICASE)


# What the records of a stream say someone did ("receive orders", "buy tickets")
# A participle after the counted noun ("distinct products sold", "unique items returned"): it
# says which records are counted (a condition), never part of the field's name
PARTICIPLE = re.compile(
    r"[a-z]{3,}(?<!e)ed|sold|seen|shown|given|won|lost|paid|spent|kept|left|found|held|built|done",
    ICASE,
)
STREAM_VERB = (
    r"(?:receiv\w*|get|gets|got|getting|plac\w*|mak\w*|made|report\w*"
    r"|submit\w*|post|posts|posted|log|logs|logged"
    r"|have|has|had|having|generat\w*|produc\w*|send\w*|sent"
    # "distinct patrons (patron_id) buy tickets" on topic orchestra-tickets
    r"|buy|buys|bought|buying|purchas\w*|book|books|booked|booking|take|takes|took|taking"
    r"|rent|rents|rented|renting|hire|hires|hired|hiring|us(?:e|es|ed|ing)|creat\w*|open\w*"
    r"|start\w*|complet\w*|request\w*|order|orders|ordered|ordering|play|plays|played|playing"
    r"|sing|sings|sang|singing|watch\w*|stream\w*|download\w*|view|views|viewed|viewing"
    r"|visit|visits|visited|visiting)"
)
OF_THE_STREAM = re.compile(
    # "distinct polling_station_id values report results"
    r"(?:\s+(?:values|ids|keys))?\s+(?:(?:that|which|who)\s+)?"
    rf"{STREAM_VERB}\s+(?:an?\s+|any\s+)?(?P<noun>[a-z]+)\b",
    ICASE,
)


# "distinct visitors (visitor_id) open the app": a verb, then its object
DOING_THE_STREAM = re.compile(
    r"(?:\s+(?:values|ids|keys))?\s+(?:(?:that|which|who)\s+)?(?P<verb>[a-z]+)\s+(?:the\s+"
    r"|an?\s+|their\s+)?(?P<obj>[a-z]+)\b",
    ICASE,
)


# A measure whose sum means nothing (a percentage, ratio, rate, score, mean or temperature):
# never ranked by an assumed total
NOT_SUMMED = re.compile(
    r"(?:^|_)(?:pct|percent|percentage|ratio|rate|score|avg|mean|temp|temperature|celsius|c|f)$",
    ICASE,
)
# "one event per vehicle", "a message for each wash": what each record stands for
ONE_RECORD_PER = re.compile(
    r"\b(?:one|1|an?)\s+(?:event|record|message|row|reading|line)\s+(?:per|for\s+each"
    r"|for\s+every)\s+(?P<n>[a-z]{3,})\b(?!\s*_)",
    ICASE,
)


class CountedRecordReader(GroupByReader):
    """Reads what a count counts: the stream's own records, never a selection of them."""

    def _refuse_counted_qualifier(self, end: int, agg: Agg) -> None:
        """ "how many unique visitors closed the app": the words after the counted noun say
        which visitors count, and when they are all words the unread-words check passes over
        ("closed", "the", "app"), dropping them would count every visitor silently."""
        said = _COUNTED_QUALIFIER.match(self.s, end)
        if agg.explicit or not said:
            return
        words = re.findall(r"[\w'-]+", said.group(0))
        if not all(w.lower() in FILLER for w in words if w.lower() not in _RELATIVE):
            return  # left unread: refused as words not understood
        noun = agg.phrase or "records"
        raise RequestNotUnderstood(
            f"cannot read {' '.join(words)!r} after the distinct {noun}: it says which {noun} "
            "count, and the offline parser reads no condition from it; write it as a filter "
            "on a field (e.g. \"count unique user_id where event = 'app_close'\") or leave it "
            "out"
        )

    def _done_to_values(self, end: int) -> int:
        """ "the distinct wheel_id values turned" on caves.wheel_turns: the participle of the
        records' own noun (turned: turn) read with the count; any other ("values rejected",
        "values scanned" on topic door-events) may select records and is left unread."""
        sending = SENDING_VALUES.match(self.s, end)
        if sending:
            self.assumptions.append(
                f"read {' '.join(sending['v'].split())!r} as what every record does (one report "
                "each; nothing selected by it)"
            )
            return sending.end()
        done = DONE_TO_VALUES.match(self.s, end)
        if not done or not self._records_done(done["v"]):
            return end
        return done.end()

    def _records_done(self, verb: str) -> bool:
        """Whether the participle `verb` is what every record of the source topics is
        ("turned" on caves.wheel_turns, "sold" on patch_ticket_sales), listed when it is."""
        low = verb.lower()
        stems = set(_IRREGULAR_DONE.get(low, ())) or {low[:-2], low[:-1], low[:-3]}
        # ("borrowed" on library.loans: each loan one borrowing)
        stems |= {n for b in list(stems) for n in DONE_VERB_RECORDS.get(b, ())}
        # (turned, used, logged; sold: sale)
        records = {singular(w) for w in self.topic_words()} | self.topic_words()
        # ("bike_id values rented" on bikes.rentals: a record noun made from the verb)
        said = stems & records or any(
            r.startswith(stem) for r in records for stem in stems if len(stem) >= 4
        )
        if said:
            topics = ", ".join(t for _, t in self.topics) or self.topic_pattern or "the source"
            self.assumptions.append(
                f"read {verb!r} as what every record of {topics} is (nothing selected by it)"
            )
        return bool(said)

    def _times_done(self, start: int, end: int, agg: Agg) -> int:
        """ "how many times it was opened" on fridge.door_opens: a count of the records, each
        one an opening (the participle of the topic's records: `_records_done`), named after
        it (times_opened); on a topic whose records are not named so ("door_events") the
        participle may say which records count, so refused. The end of the words read."""
        done = TIMES_DONE.match(self.s, end)
        if done is None or not DONE_WORD.fullmatch(done["v"]):
            return end
        if done["subj"] and not self._topic_subject(done["subj"]):
            return end  # ("how many times the back door was opened": which door? left unread)
        if not self._records_done(done["v"]):
            said = " ".join(self.text[start : done.end()].split())
            topics = ", ".join(repr(t) for _, t in self.topics) or "the source"
            raise RequestNotUnderstood(
                f"cannot count {said!r}: {done['v']!r} may say which records of {topics} count, "
                "and a count counts every record of its group; keep those records first with a "
                "condition on a field (such as action = 'open'), or count the records if every "
                "one is that"
            )
        agg.name = f"times_{done['v'].lower()}"
        if done["each"]:  # (the groups "each" names are the group-by reader's)
            self.mask(done.start("aux"), done.end())
            return end
        return done.end()

    def _topic_subject(self, noun: str) -> bool:
        """ "how many times the app was launched" on app-launches: the thing said is a word of
        the topic's name, so every record is about it (nothing selected by it); listed."""
        if {noun.lower(), singular(noun.lower())}.isdisjoint(self.topic_words()):
            return False
        self.assumptions.append(
            f"read 'the {noun}' as what the topic's name says every record is about (nothing "
            "selected by it)"
        )
        return True

    def _refuse_done_in_counted(self, said: str) -> None:
        """ "the number of boxes rejected" on depot.box_shipments: a participle ending the
        counted words says which boxes count, a condition a count (of every record of its
        group) would drop; read only when it is what every record is (`_records_done`)."""
        words = said.split()
        if len(words) < 2 or not DONE_WORD.fullmatch(words[-1]):
            return
        if words[-1].lower() in ED_NOUNS or self._records_done(words[-1]):
            return
        raise RequestNotUnderstood(
            f"cannot count {said!r}: {words[-1]!r} may say which {words[0]} count, and a count "
            "counts every record of its group; keep those records first with a condition on a "
            "field (e.g. \"keep parcels where status = 'rejected', then count parcels per "
            'depot_id every hour"), or leave the word out if every record is one'
        )

    def _refuse_entity_count(self, phrase: str, said: str) -> None:
        """ "count devices per minute" on topic telemetry: a count of the records, or of the
        distinct devices? Never the records silently (unless the topic holds those entities)."""
        # ("how many sensors report ...": the phrase read runs on into the verb)
        noun = phrase.lower().split()[0]
        one = singular(noun)
        if one not in COUNTED_ENTITIES:
            return
        if re.search(rf"\b(?:distinct|unique|different)\s+{one}", self.text, ICASE):
            return  # "how many riders tapped in? count unique rider_id": said again, read so
        if {one, noun} & self.topic_words():
            # "how many sensors report ..." on topic sensors: its records, each a sensor's
            # report, so a sensor that reports twice counts twice; said so
            self.assumptions.append(
                f"read {' '.join(said.split())!r} as the number of records on the topic "
                f'(a {one} that sends two counts twice); say "count distinct {one}_id" for '
                f"the {one}s"
            )
            return
        raise RequestNotUnderstood(
            f"cannot read {' '.join(said.split())!r}: the number of records, or of distinct {one}s? Say "
            f'"count distinct {one}_id" for the {one}s, or name the records (e.g. "count '
            'events per minute")'
        )

    def _names_deduped_records(self, m: re.Match[str], agg: Agg) -> bool:
        """ "Unique ones", "the distinct orders" after a dedup: the records it lets through.

        No count word is said ("count unique users" is one), and the noun is the records', not
        a field's, so this names the dedup's output, never a distinct count.
        """
        if self.dedup is None or not re.match(r"(?:unique|distinct)\s", m.group(0), ICASE):
            return False
        noun = (agg.phrase or "").lower()
        return noun == "ones" or noun in self._record_nouns()

    def count_ranked_records(self) -> None:
        """ "the 5 stations with the most rentals" on topic bike-rentals: the ranking noun is
        the stream's own records, so the groups are ranked by how many they have, never by a
        sum of a field 'rentals' (which top_n.py assumed before the source was read)."""
        summed = self.top_n_summed
        if summed is None or self.top_n is None:
            return
        agg, said = summed
        if self.top_n["order_by"] != agg.name or said not in self.assumptions:
            return  # ranked by another aggregate since ("top 5 by kills", kills named so)
        noun = (agg.phrase or "").lower()
        if NOT_SUMMED.search(noun):  # "top 5 wafers by yield_pct": a total that means nothing
            raise RequestNotUnderstood(
                f"top {self.top_n['n']} by {noun!r}: it is a level, rate or score, and its total "
                "means nothing; say which aggregate ranks the rows, e.g. "
                '"top 5 wafers by average yield_pct every hour"'
            )
        if not re.fullmatch(r"[a-z]+s", noun) or self.has(noun):
            return
        if noun in self._record_nouns():
            why = f"{noun!r} names the records of {', '.join(t for _, t in self.topics)}"
        elif noun not in TALLIED_PLURALS and re.search(
            rf"\b(?:most|fewest|least|fewer|more)\s+{noun}\b", said, ICASE
        ):
            # "the 3 field_id with the least games": how many games, never a sum of a field
            # 'games' no one named
            why = (
                f"'the most/fewest {noun}' counts them, each record one {singular(noun)} (if a "
                "record holds several, name the field to sum)"
            )
        else:
            return
        agg.fn, agg.phrase, agg.name = "count", None, f"{singular(noun)}_count"
        self.top_n["order_by"] = agg.name
        self.assumptions.remove(said)
        self.assumptions.append(f"ranked by the number of records per window ({agg.name}): {why}")

    def _refuse_counted_topic(self, at: int) -> None:
        """ "the hourly count of ferry-checkins per sailing_id in topic sailing-counts": records
        counted under a name with a dash or a dot inside, a topic's name, while another topic is
        read: which of the two holds the input is the request's to say (the counted name was
        taken for the records' noun and sailing-counts read as the source, printed)."""
        named = re.match(r"['\"`]?([A-Za-z]\w*(?:[.-][A-Za-z]\w*)+)", self.s[at:])
        read = [t for _, t in self.topics]
        if not named or not read or named.group(1) in read:
            return
        name = named.group(1)
        parts = re.split(r"[.-]", name.lower())
        if parts[-1] in PARTICLE_PLURALS or {"".join(parts), parts[-1]} & self.topic_words():
            return  # "count check-ins" on gym-checkins: a word of English, the topic's records
        if "." not in name and re.match(
            r"\s+(?:events|records|readings|messages|pings|rows|signals)\b",
            self.s[at + named.end() :],
            ICASE,
        ):
            return  # "count paw-sensor events": a dashed word before the records' noun, no name
        raise RequestNotUnderstood(
            f"cannot read 'count of {name}': {name!r} reads like a topic's name, but the request "
            f"reads topic {', '.join(read)}; say which topic the records come from and where the "
            f'counts go ("count records of topic {name} ..., write to topic {read[0]}")'
        )

    def _refuse_unselected_records(self, phrase: str, said: str) -> None:
        """ "count purchases per user" on topic events: the topic's name says only that it
        carries events, so the purchases are some of them, and no filter says which; counting
        every event would drop that selection. Read when anything else says what the records
        are (a filter keeping the value, "one event per purchase", the noun said again)."""
        noun = phrase.rsplit(maxsplit=1)[-1].lower()
        topics = [t for _, t in self.topics]
        if not topics or self.topic_pattern or noun in _ANY_RECORDS:
            return
        words = [re.split(r"[^a-z0-9]+", t.lower()) for t in topics]
        if not all(w[-1] in _ANY_RECORDS and set(w[:-1]) <= _ANY_SOURCE for w in words):
            return  # ("count the taps" on metro-gate-events: the kind of event is named)
        if singular(noun) in COUNTED_ENTITIES:
            return  # (a count of people is asked elsewhere: _refuse_entity_count)
        one = singular(noun)
        if {noun, one} & (self._record_nouns() | self.topic_words()):
            return
        # ("count page views ... only where event_type = 'page_view'": the kept value names them)
        first = phrase.lower().split()[-2:][0]
        if {f"{first}_{one}", f"{first}-{one}"} & self._kept_values():
            return
        # (a word of its own, never part of a name: "analytics.purchases_per_user")
        said_as_word = rf"(?<![\w.-]){re.escape(one)}(?:s|es)?(?![\w-]|\.\w)"
        if len(re.findall(said_as_word, self.text, ICASE)) > 1:
            return  # ("purchase events land on topic events", "only purchases"): said again
        noun = noun if noun.endswith("s") else f"{one}s"  # ("purchase counts": purchases)
        raise RequestNotUnderstood(
            f"cannot read {' '.join(said.split())!r}: topic {topics[0]} carries "
            f"{words[0][-1]}, and nothing says which of them are {noun}; keep those first "
            f'(e.g. "keep event_type = {one}, then count {noun} per user_id every hour"), or '
            "count every record"
        )

    def _kept_values(self) -> frozenset[str]:
        """The values a filter keeps ("status = failed"): a count of "failed payments" counts
        the records it keeps, the word said by the filter (never a selection dropped)."""
        return frozenset(
            c.value.lower()
            for c in self.conds
            if c.op == "eq" and not c.negate and isinstance(c.value, str)
        )

    def _record_nouns(self) -> set[str]:
        """What the source topics' names call their records ("player-actions": actions)."""
        nouns = set()
        # (a topic pattern's last literal word too: "^club-.*\\.rentals$": rentals)
        names = [topic for _, topic in self.topics] + [self.pattern_literal()] * bool(
            self.topic_pattern
        )
        for topic in names:
            last = re.split(r"[^a-z0-9]+", topic.lower())[-1]
            if re.fullmatch(r"[a-z]{3,}", last):
                nouns |= {last, singular(last)}
                # "count the songs" on topic karaoke-plays: each play is one song
                for obj in RECORD_OBJECTS.get(singular(last), ()):
                    nouns |= {obj, f"{obj}s"}
        for c in self.conds:
            # "keep event_type = 'kill' ... count kills": each record kept is one kill
            value = c.value.lower() if isinstance(c.value, str) else ""
            if c.op == "eq" and not c.negate and re.fullmatch(r"[a-z]{3,}", value):
                nouns |= {value, f"{value}s"}
                # "keep call_status = 'DROPPED' ... count drops", "'DECLINED' ... count
                # declines": the event the status names
                if value.endswith("ed") and len(value) >= 6:
                    for base in (value[:-1], re.sub(r"([b-df-hj-np-tv-z])\1$", r"\1", value[:-2])):
                        nouns |= {base, f"{base}s"}
        for m in ONE_RECORD_PER.finditer(self.text):
            # "detectors emit one event per vehicle ... count vehicles": each record is one
            noun = m.group("n").lower()
            nouns |= {noun, f"{noun}s"}
        return nouns

    def _refuse_selecting_words(self, m: re.Match[str]) -> None:
        """ "number of large orders": a word before the counted records that selects some of
        them (not a noun of records, "login attempts", nor a word of the topic's name) is a
        filter the count cannot hold; counting every order would drop it."""
        words = (m.groupdict().get("p") or "").split()
        if len(words) < 2 or not re.fullmatch(COUNT_NOUNS, words[-1], ICASE):
            return
        if re.fullmatch(COUNT_NOUNS, " ".join(words), ICASE):
            return  # "page views", "log lines"
        topic = self.topic_words()
        # ("failed payments (status = failed)": a word a filter keeps selects nothing more)
        kept = self._kept_values()
        selecting = [
            w for w in words[:-1]
            if w.lower() not in topic | STOP | kept and not re.fullmatch(COUNT_NOUNS, w, ICASE)
        ]  # fmt: skip
        if selecting:
            refuse_selecting_count(words, selecting)

    def _of_own_records(self, end: int) -> int:
        """ "average duration_min of sessions" on topic gym-sessions: 'of' and the records' own
        noun say which records the aggregate takes (all of them), so they select nothing."""
        m = OF_OWN_RECORDS.match(self.s, end)
        if not m or m.group("noun").lower() not in self._record_nouns():
            return end
        return m.end()

    def _phrase_before_verb(self, agg: Agg, m: re.Match[str]) -> int:
        """ "how many distinct patrons buy tickets": the counted phrase stops at its verb (the
        rest is read, or left unread, by `_of_the_stream`), never a field made of the clause
        ('patrons_buy_ticket_id')."""
        said = m.groupdict().get("p")
        if agg.explicit or not said:
            return m.end()
        words = list(re.finditer(r"[A-Za-z]\w*", said))
        for before, word in pairwise(words):
            if (
                re.fullmatch(STREAM_VERB, word.group(0), ICASE)
                or PARTICIPLE.fullmatch(word.group(0))
                or _PAST_SAID.fullmatch(word.group(0))
            ):
                agg.phrase = said[: before.end()]
                agg.name = agg_name("unique", name_part(agg.phrase, False))
                return m.start("p") + before.end()
        return m.end()

    def _of_the_stream(self, end: int) -> int:
        """ "distinct restaurants (restaurant_id) that receive orders" on topic food-orders: the
        clause names the stream's own records, so it selects nothing."""
        m = OF_THE_STREAM.match(self.s, end)
        if m and m.group("noun").lower() in self._record_nouns():
            return m.end()
        # "distinct visitors (visitor_id) open the app" on topic app-opens: the verb is what
        # each record is, and its object a word of the topic's name
        m = DOING_THE_STREAM.match(self.s, end)
        obj = m.group("obj").lower() if m else ""
        if m and {obj, singular(obj)} & self.topic_words():
            verb = m.group("verb").lower()
            stems = {verb, verb[:-1] if verb.endswith("s") else verb}
            if verb.endswith("ed"):  # "observers logged frames" on frame-logs: past tense
                stems |= {verb[:-1], verb[:-2], re.sub(r"([b-df-hj-np-tv-z])\1$", r"\1", verb[:-2])}
            if stems & self._record_nouns():
                return m.end()
        return end
