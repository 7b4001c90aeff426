"""Recogniser: stream-stream interval joins with a second stream and a time bound ("match each X
with the Y within 30 minutes before", "join them on claim_id within that window"): the other
stream, its producer, the bound read in the sentence, and the interval join built."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import JOIN_FIELDS, PRESETS
from . import lazy_re as re
from .join_bounds import (
    BOUND_CLAUSE,
    BOUND_NEXT,
    BOUND_REF,
    BOUND_SUBJECT,
    EITHER_WAY_AFTER,
    FROM_TO,
    FROM_ZERO,
    GRACE_CLAUSE,
    NEXT_BARE_BOUND,
    NEXT_BOUND,
    NEXT_FROM_TO,
    PRIOR_BOUND,
    UP_TO,
    WITHIN,
    _direction,
    _one_sided_end,
    _range_ref,
    a_direction,
    refuse_lead_side,
)
from .join_keys import (
    FIELDS_CLAUSE,
    KEY_SAME_AS,
    SENTENCE_END,
    TAKE_INTO_OUTPUT,
    TAKE_VERB,
    _ids,
    _refuse_second_key,
    fields_list_end,
    read_join_key_and_fields,
    typed_renames,
)
from .join_verbs import (
    FIND_FOR_EACH,
    FIND_JOIN,
    HOW_CLAUSE_READ,
    JOIN_AND_TOPIC,
    JOIN_BARE_ON,
    JOIN_THEM,
    JOIN_TOPIC_OBJECT,
    JOIN_VERB,
    JOINED_WITH,
    ONE_OF_MATCHES,
    PAIRING_HEADING,
    PARTICIPLE_SUBJECT,
    READ_LIST_BEFORE,
    READ_PAIR_THEN_JOIN,
    RIGHT_PHRASE_END,
    SAME_KEY_WORD,
    SENTENCE_START,
    TOPIC_LIKE,
    TWO_PRODUCERS,
    _joined_with,
    refuse_nearest,
)
from .lexicon import (
    DEFAULT_JOIN_PRESET_KEY,
    DOMAINS,
    MASK,
    NAME,
    NAMED_TOPIC,
    QUOTED,
    STOP,
    _snake,
    guess_type,
    singular,
    unquote,
    word_set,
)
from .quantities import DUR, ICASE, dur_ms
from .state import Join
from .table_joins import HOW_CLAUSE_MASKED, TableJoinReader

# "... within 48 hours. Keep batches without a result too (left join), copying a and b": a
# sentence read whole (checked: as the join's how), then a clause of fields after a comma
HOW_SENTENCE_READ = re.compile(r"\s*\.\s+(?P<how>\x00[\x00\s()-]*)(?=\s*,)")

# "match each one against ...", "pair each of them with ...": the source's records as a pronoun
LEFT_PRONOUN = re.compile(
    r"\s*(?P<p>(?:each|every)\s+(?:one|of\s+(?:these|those|them))|them|these|those|it)\s*",
    ICASE,
)


# "inner join is fine", "a left join works for us": the join's how approved, nothing more
# "(drop plays from screens that aren't registered)": what an inner join does, in brackets after
# it, the table's records named (checked by `_names_joined_table`)
_INNER_DROPS_UNKNOWN = re.compile(
    r"\s*\(\s*(?:drop|discard|skip|exclude|ignore|lose)\s+(?:the\s+|any\s+|all\s+)?[a-z]+(?:-[a-z]+)?"
    r"\s+(?:from|for|of|on)\s+(?:the\s+|any\s+)?(?P<y>[a-z]+)\s+(?:that|which)\s+(?:aren't|are\s+not"
    r"|isn't|is\s+not|weren't|were\s+not)\s+(?:registered|known|found|listed|there)\s*\)",
    ICASE,
)
# ", on screen_id.": a join's key said again after its how
_KEY_SAID_AGAIN = re.compile(
    r"\s*,?\s*(?:on|by|using)\s+(?P<k>[A-Za-z_]\w*)(?=\s*(?:[,;)]|\.(?!\w)|$))", ICASE
)


HOW_APPROVED = (
    r"(?:\s+(?:is|'s|should\s+be|would\s+be|will\s+be)\s+(?:(?:totally|perfectly|just)\s+)?"
    r"(?:fine|ok|okay|good|enough|right|correct|what\s+(?:we|i)\s+(?:want|need))"
    r"|\s+(?:works|will\s+do|should\s+do|is\s+all\s+(?:we|i)\s+need))"
    r"(?:\s+(?:here|for\s+(?:us|me|this|now)))?"
)


# "left join so nothing gets dropped": what a left join does, said after it
NOTHING_DROPPED = re.compile(
    r"\s+so\s+(?:that\s+)?nothing\s+(?:gets|is|will\s+be)\s+(?:dropped|lost|discarded)\b", ICASE
)


# "..., and the payment system writes to x": the words naming who writes a topic
PRODUCER_BEFORE = re.compile(
    # (never the dot inside a name: "from ads.clicks and impressions from ads.impressions")
    r"(?:^|[,;:]\s*|\.(?!\w)\s*|\band\s+)"
    # ("and when user open it, app sends event to topic x": when the producer writes)
    r"(?P<when>(?:when|whenever|once)\s+(?:the\s+|a\s+)?[a-z]+\s+[a-z]+(?:\s+(?:it|them))?\s*,\s*)?"
    r"(?:(?:the|our|their|a|an)\s+)?(?P<w>(?!and\s)[A-Za-z][\w-]*'?(?:\s+[A-Za-z][\w-]*'?){0,2}?)\s+$",
    ICASE,
)


# Nouns that name who writes a topic and that `description_word` leaves out (filler words)
_PRODUCER_NOUNS = word_set("service services system systems backend platform job jobs")


# "with the shipment at most 3 days after the order": a bound, no stream joined
WITH_BOUND = re.compile(
    r"with\s+(?:the\s+|an?\s+|each\s+|its\s+)?[a-z][\w-]*\s+(?:at\s+most|up\s+to|within"
    r"|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\b",
    ICASE,
)


# "..., one row per matched pair": an interval join's output, said again
ROW_PER_PAIR = re.compile(
    r"\b(?:with\s+)?(?:one|1|a\s+single|a)\s+(?:row|record|line)\s+(?:per|for\s+(?:each|every))\s+"
    r"(?:matched|joined|paired)\s+(?:pair|match)\b",
    ICASE,
)


# "both carry claim_id", "Both have notification_id": the key said of the two streams
BOTH_CARRY = re.compile(
    r"\b(?:both|each)(?:\s+(?:streams|topics|of\s+them))?\s+(?:carry|carries|have|has|contain"
    r"|contains|include|includes)\s+(?:an?\s+|the\s+)?(?P<k>[A-Za-z]\w*_\w+)\b(?!\s*[=(])",
    ICASE,
)


# "join them on claim_id within that window": the bound said before (see `PRIOR_BOUND`)
THAT_WINDOW = re.compile(
    r"\s*,?\s*\b(?:within|in)\s+(?:that|this|the\s+same)\s+(?:window|time|bound|interval"
    r"|period)\b",
    ICASE,
)


# Nouns that name any record: "the door event" is the door stream's records, so the word
# before one must name a joined stream ("the premium event" would select records).
_PLAIN_BOUND_NOUNS = word_set("event record message reading ping fix scan row entry")


# The reference a symmetric bound takes inside it: "within 5 minutes of the faceoff"
_OF_REF = re.compile(r"\bof\s+(?:every|the|its|their)\s+(?P<n>[a-z][\w-]*)", ICASE)


# A bound's references that point back at either side's record without naming it ("within 5
# minutes of each other", "after the original", "before the match")
_GENERIC_REFS = word_set("other one original match matched first left right source input")


# The records a bound is said against, as a word and a plain noun: "within 30 seconds either
# side of the door event" (door); checked by `_bound_nouns_name_records`.
_BOUND_OF_NOUN = re.compile(
    r"\b(?:of|before|after|than)\s+(?:each|every|the|its|their|an?)\s+(?P<n>[a-z][\w-]*)\s+"
    r"(?:event|record|message|reading|ping|fix|scan|row|entry|entries)s?\b",
    ICASE,
)


# Words after a bound that name no records ("within 10 minutes either side rounded down")
_NO_RECORDS_WORD = re.compile(
    r"[a-z]+(?:ed|ly)|inclusive|exclusive|either|both|only|max|min|maximum|minimum|tops?|each",
    ICASE,
)


# The other stream's phrase around such a name: "the late order_updates events", "the
# wt.yaw_positions records", "the first-pass customs scan on customs.scans", "the matching
# driver acceptance from ride-accepts"
RIGHT_NAMED = re.compile(
    # ("the learner's mock test attempts from x": a possessive said of the records)
    r"\s*(?:(?:the|its|their|a|an|each|every)\s+)?(?P<lead>(?:[A-Za-z][\w.-]*(?:'s)?\s+){0,4}?)"
    rf"(?:(?:from|on|in)\s+(?P<at>{TOPIC_LIKE})"
    # ("with tanker loadings (sugar.tanker_loadings)": the records, then their topic in brackets)
    rf"|\(\s*(?:(?:kafka\s+)?topic\s+)?(?P<par>{TOPIC_LIKE})\s*\)|(?P<head>{TOPIC_LIKE})"
    # ("with the aqua.water_quality reading for the same tank_id": one record, singular)
    r"(?:\s+(?:events?|records?|messages?|readings?|rows?|entry|entries|updates?|stream|feed))?)\s*",
    ICASE,
)


# "with shop.payments instead of shop.refunds", "... rather than the x.y topic": the stream
# joined, then one said not to be (never joined, never a second side)
_NOT_THIS_ONE = re.compile(
    rf"(?P<keep>.*?\S)\s+(?:instead\s+of|rather\s+than)\s+(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?"
    rf"(?:{TOPIC_LIKE})(?:\s+(?:kafka\s+)?topic)?\s*",
    ICASE,
)


def topic_named_in(right_phrase: str) -> str | None:
    """The topic a join's other stream is called by in its own phrase, as written, when one
    name only a topic has is its head or follows its "from"/"on"/"in" ("with the order_updates
    events" -> order_updates); None when none is. Refused when the phrase holds another such
    name it could be ("with the x.a and y.b")."""
    contrast = _NOT_THIS_ONE.fullmatch(right_phrase)
    if contrast:  # "with shop.payments instead of shop.refunds": the first, the other not joined
        right_phrase = contrast["keep"]
    m = RIGHT_NAMED.fullmatch(right_phrase)
    if not m:
        return None
    name = m["at"] or m["par"] or m["head"]
    if m["head"] and re.search(r"_(?:id|key|at|ts)$", name, ICASE):
        return None  # ("with the matching user_id"): a key, not a stream
    # ("with the first-pass customs scan on customs.scans": a dashed word before is a word of
    # English run together; a dotted or snake_case one is another name)
    others = [w for w in m["lead"].split() if re.fullmatch(TOPIC_LIKE, w) and re.search(r"[._]", w)]
    if others:
        raise RequestNotUnderstood(
            f"join: which of {', '.join(map(repr, [*others, name]))} is the other stream's "
            "topic? Say it as \"join ... with topic 'profiles' on user_id within 5 minutes\""
        )
    return name


# "join with customers table from postgres (CDC)": the other side called a (database) table
_TABLE_SIDE = re.compile(r"\bk?tables?\b", ICASE)
# ("..., which is the compacted topic x": the table's topic said after it, in the sentence)
_TOPIC_AFTER = re.compile(r"^[^.;!?\n]*?\b(?:topic|compacted|changelog)\b", ICASE)


def refuse_table_without_topic(phrase: str, after: str) -> None:
    """Refuse a join whose other side is called a table but whose Kafka topic is not named
    (in the side's phrase nor in the rest of its sentence, `after`): it is a table join
    (latest row per key), never a stream-stream join, and the table's rows are read from a
    topic, which no words of the request give."""
    if _TABLE_SIDE.search(phrase) and not _TOPIC_AFTER.search(after):
        raise RequestNotUnderstood(
            f"join with {' '.join(phrase.split())!r}: a table is joined from the Kafka topic "
            "holding its rows (a compacted topic, or the topic Debezium writes its changes "
            'to); name that topic, e.g. "join orders with the customers table from the '
            'Debezium topic shop.public.customers on customer_id"'
        )


# "..., so the booking team can join against it": a later use of the output, after a purpose's
# "so (that) <who> can", the verb's object the output itself (see `_later_use`)
LATER_USE_BEFORE = re.compile(
    # (\x01 hides who asks, see purpose.py: "so the \x01\x01 team can")
    r"\bso\s+(?:that\s+)?(?:[\w\x01-]+\s+){0,4}?(?:can|could|may|will)\s+(?:easily\s+|then\s+)?$",
    ICASE,
)


LATER_USE_AFTER = re.compile(
    r"\s+(?:(?:against|with|to|onto)\s+)?(?:it|them|this|that|the\s+(?:replica|table|copy|output))"
    r"(?=\s*(?:[.,;!?)]|$))",
    ICASE,
)


# Which record comes first, said as a fact before the bound: "— the service always finishes before
# the customer pays, at most an hour earlier", ", the collection is always before the lab test,
# up to 6 hours before" (`_order_fact_agrees`)
_FACT_VERB = (
    r"(?:is|are|was|were|always|usually|normally|typically|invariably|comes?|happens?|occurs?"
    r"|lands?|arrives?|finish(?:es)?|ends?|starts?|takes\s+place|gets?\s+[a-z]+ed)"
)
ORDER_FACT = re.compile(
    # (". The shot always happens before the goal, at most 10 seconds earlier": a sentence)
    r"\s*(?:[,;.]|\s[-\u2013\u2014])\s*(?:the|an?|each|every)\s+(?P<n>[a-z][\w-]*)\s+"
    # ("the return can only follow the shipment": "follow" says after, "precede" before)
    rf"(?:(?:{_FACT_VERB}\s+){{1,3}}(?P<dir>before|after)|(?:(?:always|only|can\s+only)\s+)?"
    r"(?P<verb>follows?|precedes?))\s+(?:(?:the|its|their|an?)\s+)?"
    r"(?P<ref>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
    r"(?=\s*,\s*(?:up\s+to|at\s+most|within|no\s+more\s+than|not\s+more\s+than)\s)",
    ICASE,
)


# The key said between the other records and their topic: "with the invoice for the same job_id
# from garage.repair_invoices" (the records' noun, the key both share, then where they are)
KEY_INSIDE_SIDE = re.compile(
    r"(?P<pre>\s*(?:(?:the|its|their|an?|any)\s+)?(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\s+"
    rf"{SAME_KEY_WORD}\s+the\s+same\s+(?P<k>[a-z]\w*_\w+)\s+"
    rf"(?P<post>(?:from|on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?:{TOPIC_LIKE})\s*)",
    ICASE,
)


# The join key in a clause of its own after the other side, before the bound: "match each start
# with its return on y, same rental_id, return up to 8 hours after the start" (", on rental_id",
# ", joined on rental_id", ", by the same rental_id"; a snake_case name only)
KEY_ALONE = re.compile(
    r"\s*,\s*(?:(?:joined|matched|linked|paired|matching|joining)\s+)?"
    r"(?:(?:on|by|using)\s+(?:the\s+)?(?:same\s+)?|(?:the\s+)?same\s+)"
    r"(?=[a-z]\w*_\w+\s*(?:,|;|\.(?!\w)|$|\s+(?:within|up\s+to|at\s+most|on\s+both\s+sides)\b))",
    ICASE,
)


# A join key said in a clause ("on k", "by the k", "the same k", "keyed by k")
KEY_SAID = re.compile(r"\b(?:on|by|using|keyed|same)\s+(?:the\s+)?[a-z]\w*_\w+", ICASE)


# "For each rig check, match ...": the records a join is done for, said before its verb
FOR_EACH_RECORD = re.compile(
    r"\bfor\s+(?:each|every)\s+(?P<n>[a-z][\w-]*(?:\s+(?!(?:we|you|i|it|they)\b)[a-z][\w-]*)?)"
    r"(?=\s*,|\s+(?:we|you|i|it|they|can|could|would|will|please)\b|\s*$)",
    ICASE,
)


class IntervalJoinReader(TableJoinReader):
    """Reads a stream-stream interval join: the other stream and the time bound."""

    # the words naming the other stream's records where its topic was said before a join of
    # "them" ("... and receipts on x.received. Join them": "receipts"), see `_streams_said_before`
    pair_right_words: str = ""

    def _participle_subject_source(self, m: re.Match[str]) -> None:
        """ "I want each scheduled pass (gs.pass_schedule) matched to ...": the records a
        participle of pairing is said of, their topic in brackets or after "on", are the source
        when none was read; the words before the records' noun may be words of the topic's
        name ("scheduled" of pass_schedule), which describe them, or must be plain."""
        said = PARTICIPLE_SUBJECT.search(self.s, max(0, m.start() - 120), m.start())
        topic = said and (said["t"] or said["t2"])
        if not said or not topic or not said["d"] or self.topics:
            return
        parts = {singular(p) for p in re.split(r"[\W_]+", topic.lower()) if p}
        words = [
            w
            for w in said["d"].split()
            if not {singular(w.lower()), w.lower()[:-1], w.lower()[:-2]} & parts
        ]
        *_before, noun = said["d"].split()
        if words and words[-1] != noun:
            return  # (the head noun is the records', never dropped as a word of the name)
        if words and not self._plain_subject(" ".join(words)):
            return  # "each late pass (gs.passes) matched to ...": may select, left unread
        reader, self.reader = self.reader, "sources"
        start = said.start("t") if said["t"] else said.start("t2")
        self.topics.append((start, unquote(topic)[0]))
        self.mask(said.start(), said.end())
        self.reader = reader

    def _participle_subject_named(self, m: re.Match[str], right: str | None) -> None:
        """ "Each science exposure is published on obs.exposures. ... We need every exposure
        joined with the guider correction ...": the records a participle of pairing is said
        of, no topic with them, named by a word of another topic the request names (not the
        joined one); masked with the join's words when the words before the noun are plain."""
        said = PARTICIPLE_SUBJECT.search(self.s, max(0, m.start() - 120), m.start())
        if not said or not said["d"] or said["t"] or said["t2"]:
            return
        *before, noun = said["d"].split()
        if before and not self._plain_subject(" ".join(before)):
            return  # "every long exposure joined with ...": may select, left unread
        named = [
            t
            for t in re.findall(TOPIC_LIKE, self.text)
            if t.lower() != (right or "").lower() and "." in t
        ]
        if any(singular(noun.lower()) in self._side_words(t) for t in named):
            self.mask(said.start(), said.end(), domain=True)

    def _two_producers(self, join_verb: re.Match[str]) -> str | None:
        """ "We have cow collars sending to "a" and the water troughs sending to "b". Join them":
        the first topic is the source (read here), the other's name is returned; the producers
        are plain words describing the records (see `description_word`)."""
        from .source_descriptions import description_word  # (sources imports the join helpers)

        if not JOIN_THEM.match(self.s, join_verb.end()):
            return None
        pm = None
        # (on the request's words: the sinks read "sending to x" as an output already)
        for cand in TWO_PRODUCERS.finditer(self.text, 0, join_verb.start() + 5):
            if cand.end() == join_verb.start():
                pm = cand
        if pm is None:
            return None
        said = (pm.group("d1") + " " + pm.group("d2")).split()
        if not all(description_word(w) for w in said):
            return None
        a, b = unquote(pm.group("a"))[0], unquote(pm.group("b"))[0]
        # (read before as outputs, "sending to x", or as sources each, "sensors sending to x")
        self.sinks = [
            sink
            for sink in self.sinks
            if not (pm.start() <= sink.pos < pm.end() and sink.data.get("topic") in (a, b))
        ]
        self.topics = [t for t in self.topics if not (pm.start() <= t[0] < pm.end())]
        # (the words are the join's reading now, never an output's or a source's of their own)
        self.spans = [sp for sp in self.spans if not (pm.start() <= sp[0] and sp[1] <= pm.end())]
        self.mask(pm.start(), pm.start("a"), domain=True)
        reader, self.reader = self.reader, "sources"
        self.topics.append((pm.start("a"), a))
        self.mask(pm.start("a"), pm.end("a"))
        self.reader = reader
        self.mask(pm.end("a"), pm.end(), domain=True)
        return b

    def _streams_said_before(
        self, join_verb: re.Match[str], right_noun: str | None = None
    ) -> str | None:
        """ "Approvals are published to the topic claims-approved and the payment system writes
        to payments-issued; both carry claim_id. ... join the two streams on claim_id": a join
        of "them" when exactly two topics were named before it; the first is the source, the
        other's name is returned (read before as an output, "app sends event to topic x", it is
        the joined stream now)."""
        if (
            right_noun is None
            and not JOIN_THEM.match(self.s, join_verb.end())
            and not self._read_pair_then_join(join_verb)
        ):
            return None
        # ("Read clicks from ads.clicks and impressions from ads.impressions, join them ...":
        # dotted names after "from" or "on" count for a join of "them")
        said = self._said_topics(join_verb.start(), dotted=right_noun is None)
        if right_noun is not None:
            # "Pair each approval with its payment ...": the one of the two whose name says it
            words = [self._side_words(name) for name, _, _ in said]
            parts = self._side_words(right_noun) or {singular(right_noun)}
            if len(said) != 2 or not parts or sum(parts <= w for w in words) != 1:
                return None
            if parts <= words[0]:
                said = [said[1], said[0]]
        if len(said) != 2:
            if len(said) > 2:
                raise RequestNotUnderstood(
                    f"{self.s[join_verb.start():self.clause_end(join_verb.end())].strip()!r}: "
                    f"{len(said)} topics are named before it ({', '.join(t for t, _, _ in said)}); "
                    "say which two it joins, e.g. \"join topic 'orders' with topic 'payments' on "
                    'order_id within 15 minutes"'
                )
            return None
        (left, lstart, lend), (right, rstart, rend) = said
        count = re.search(
            r"\b(?:(?:on|to|in|into|onto)\s+)?(?:two|2)\s+(?:different\s+|separate\s+)?"
            r"(?:kafka\s+)?topics?\s*[:,]\s*$",
            self.s[:lstart],
            ICASE,
        )
        if count:  # "arrives on two Kafka topics: 'a' and 'b'": the two streams, counted
            self.mask(count.start(), count.end(), domain=True)
        listed = READ_LIST_BEFORE.search(self.s[:lstart])
        if listed and listed["w"]:  # "read topics a and b": the word read with both streams
            self.mask(listed.start("w"), listed.end("w"), domain=True)
        outputs = [
            s
            for s in self.sinks
            if s.pos < join_verb.start()
            and (s.data.get("topic") or "").lower() in (left.lower(), right.lower())
        ]
        self.sinks = [s for s in self.sinks if s not in outputs]
        self.spans = [sp for sp in self.spans if not (rstart <= sp[0] and sp[1] <= rend)]
        self.topics = [t for t in self.topics if t[1].lower() != right.lower()]
        who = self._producer_start(rstart)
        self.pair_right_words = self.text[who:rstart] if who < rstart else ""
        self.mask(who, rend, domain=True)
        if any(t[1].lower() == left.lower() for t in self.topics):
            return right
        if MASK in self.s[lstart:lend] and not any(
            (s.data.get("topic") or "").lower() == left.lower() for s in outputs
        ):
            return right  # read by another recogniser
        # "Our checkout service publishes to checkout-started": the source, with who writes it
        # (also when read as an output: "the events are written to topic x")
        self.spans = [sp for sp in self.spans if not (lstart <= sp[0] and sp[1] <= lend)]
        reader, self.reader = self.reader, "sources"
        self.topics.append((lstart, left))
        self.mask(self._producer_start(lstart), lend)
        self.reader = reader
        return right

    def _right_producer_said(self, join_verb: re.Match[str], topic: str) -> None:
        """ "Quotes arrive on exchange-quotes. Join exchange-trades with exchange-quotes ...": who
        writes the joined stream, said before the join that names its topic again (only words
        no other recogniser read: never the source, nor an output)."""
        said = self._said_topics(join_verb.start())
        for name, start, end in said:
            if name.lower() != topic.lower():
                continue
            others = [t for t in self.topics if t[1].lower() != name.lower()]
            if len(others) < len(self.topics):
                # ("The pricing service publishes to tariff-updates": read as a source, but the
                # join names it as its other stream; never when no other topic is said)
                if not others and all(n.lower() == name.lower() for n, _s, _e in said):
                    continue
                who = self._producer_start(start)
                self.spans = [sp for sp in self.spans if not (who <= sp[0] and sp[1] <= end)]
                self.topics = others
            elif MASK in self.s[start:end]:
                continue
            self.mask(self._producer_start(start), end, domain=True)

    def _producer_start(self, start: int) -> int:
        """Where the words naming who writes the topic mentioned at `start` begin ("and the
        technicians' app posts to x", "when user open it, app sends event to topic x"), or
        `start` when the words there describe no producer."""
        from .source_descriptions import description_word  # (sources imports the join helpers)

        # (in the words as written: "the door contact sensors publish on x", "sensors" read
        # already as the domain's word)
        who = PRODUCER_BEFORE.search(self.text[:start])
        if who and all(
            description_word(w.strip("'")) or w.lower() in _PRODUCER_NOUNS
            for w in who.group("w").split()
        ):
            return who.start("when") if who["when"] else who.start("w")
        return start

    def _prior_bound(self, join: Join, right_phrase: str, pos: int) -> tuple[int, int] | None:
        """(before_ms, after_ms) of a bound said before the join of two streams named before
        it ("A payment always comes after the approval, at most 48 hours later."), its words
        masked; None when there is none."""
        bm = None
        for pattern in PRIOR_BOUND:
            for cand in pattern.finditer(self.s, 0, pos):
                bm = cand if bm is None or cand.start() > bm.start() else bm
        if bm is None:
            return None
        said, later = _direction(bm.group("dir")), _direction(bm.group("adir"))
        if later is not None and later != said:
            raise RequestNotUnderstood(
                f"join time bound {bm.group(0).strip()!r}: it says both {bm.group('dir')!r} and "
                f"{bm.group('adir')!r}; say one, e.g. \"A payment comes at most 48 hours after "
                'the approval"'
            )
        # (read as "up to <duration> <direction>" of the subject, relative to the reference)
        as_bound = UP_TO.match(f"up to {bm.group('a')} {bm.group('dir')}")
        assert as_bound is not None
        bounds = self._bound(join, right_phrase, as_bound, bm.group("noun"), bm.group("ref"))
        self.mask(bm.start(), bm.end(), domain=True)
        return bounds

    def _how_said_again(self, m: re.Match[str]) -> int | None:
        """ "inner join", "left join" in a clause of its own: the word "join" after the join's
        how (read by `extract_join_how`), with nothing after it in its clause; where the words
        saying it end."""
        how = re.search(
            r"\b(?P<h>inner|left|left\s+outer|outer)[\s-]+$", self.text[: m.start()], ICASE
        )
        if not (
            m.group(0).lower() == "join" and how and re.search(r"\x00[\s-]*$", self.s[: m.start()])
        ):
            return None
        # ("Left join so nothing gets dropped.": what a left join does, said after it)
        kept = how["h"].lower().startswith("left") and NOTHING_DROPPED.match(self.s, m.end())
        end = kept.end() if kept else m.end()
        # ("inner join pls, ...": a please after it says nothing more; "inner join is fine",
        # "a left join works": nor does a word approving it)
        # ("Inner join only, on screen_id": an inner join's "only" says nothing more either)
        inner = how["h"].lower() == "inner"
        only = r"|\s+only" if inner else ""
        after = re.compile(
            rf"(?P<more>\s+(?:please|pls|plz){only}|{HOW_APPROVED})?"
            r"\s*(?:[,;)!(]|\.(?!\w)|$|[-\u2013\u2014]\s)",
            ICASE,
        ).match(self.s, end)
        if not after:
            return None
        end = after.end("more") if after.group("more") else end
        dropped = _INNER_DROPS_UNKNOWN.match(self.s, end) if inner else None
        if dropped and self._names_joined_table(dropped["y"]):
            # "Inner join only (drop plays from screens that aren't registered)": what an inner
            # join does, said of the table's records
            end = dropped.end()
        elif after.group(0).rstrip().endswith("("):
            return None
        keyed = _KEY_SAID_AGAIN.match(self.s, end)
        if keyed and any(keyed["k"] in (j.left_key, j.right_key) for j in self.joins):
            end = keyed.end()  # "..., on screen_id.": the table join's key, said again
        return end

    def _names_joined_table(self, word: str) -> bool:
        """Whether `word` names the records of a table joined already ("screens" for
        adscreens.screen_registry)."""
        noun = singular(word.lower())
        return any(
            noun in {singular(p) for p in re.split(r"[\W_]+", (j.right_topic or "").lower()) if p}
            for j in self.joins
            if j.kind == "table"
        )

    def _later_use(self, m: re.Match[str]) -> bool:
        """The join verb `m` says what someone does with the output later: "so the booking team
        can join against it", "so that analysts could join with them"."""
        return bool(
            LATER_USE_BEFORE.search(self.s, max(0, m.start() - 60), m.start())
            and LATER_USE_AFTER.match(self.s, m.end())
        )

    def _pairing_heading(self, m: re.Match[str]) -> tuple[int, re.Match[str]] | None:
        """ "Match each coin drop to the game it paid for: ..., then join with x on k": a verb of
        pairing opening the request's sentence, its clause ended by a colon (no name, field or
        number in it), when the steps after the colon say the join with "join" itself. Gives
        where the heading ends and that join verb."""
        if JOIN_VERB.match(self.s, m.start()):
            return None
        head = PAIRING_HEADING.match(self.s, m.end())
        if not head or not SENTENCE_START.search(self.s, 0, m.start()):
            return None
        nxt = self._strict_verb(head.end())
        if not nxt or not JOIN_VERB.match(self.s, nxt.start()):
            return None
        return head.end(), nxt

    def _pairing_not_for_each(self, m: re.Match[str]) -> bool:
        """A verb of pairing read as a finding ("attach readings from x with the same k ...")
        is a join only after "for each ..." in its sentence; elsewhere it is no join verb."""
        if not m.groupdict().get("pairing"):
            return False
        sentence = re.split(r"[.;!?]\s|\n", self.text[: m.start()])[-1]
        return not FIND_FOR_EACH.search(sentence)

    def _order_fact_agrees(self, join: Join, right_phrase: str, fact: re.Match[str]) -> bool:
        """Whether a fact on which record comes first ("the service always finishes before the
        customer pays") says what the one-sided bound read after it says: its subject names
        one joined stream's records and its reference the other's. A fact naming no sides is
        left unread (and refused, quoting it); one going the other way is refused."""
        right = self._side_words(f"{right_phrase} {join.right_topic or ''}")
        named = [t for t in re.findall(TOPIC_LIKE, self.text) if t != join.right_topic]
        left = self.topic_words() | {w for t in named for w in self._side_words(t)}
        left = left - right

        def names(words: str, side: set[str]) -> bool:
            """A word of `words` is a side's word or its stem ("pays" of payments); a
            pronoun, a participle or "event" says no side."""
            for word in words.lower().split():
                w = singular(word).removesuffix("e")
                if len(w) < 3 or word in STOP:
                    continue
                if any(
                    s.startswith(w) or (len(s) >= 3 and w.startswith(s)) or w[:5] == s[:5]
                    for s in side
                    if len(s) > 4 or len(w) < 5
                ):
                    return True
            return False

        if names(fact["n"], right) and names(fact["ref"], left):
            first = "right"
        elif names(fact["n"], left) and names(fact["ref"], right):
            first = "left"
        else:
            return False
        if (fact["dir"] or "").lower() == "after" or (fact["verb"] or "").startswith("follow"):
            first = "left" if first == "right" else "right"
        if first == "right":  # the other record before: a bound looking back only
            agrees = bool(join.before_ms) and join.after_ms == 0
        else:
            agrees = bool(join.after_ms) and join.before_ms == 0
        if not agrees:  # ("a return always precedes its shipment, at most 30 days later")
            raise RequestNotUnderstood(
                f"join time bound: {' '.join(fact.group(0).split()).strip(' ,;.')!r} says which "
                "record comes first, and the bound after it says the other way; say one, e.g. "
                '"a return always follows its shipment, at most 30 days later"'
            )
        return True

    def _mask_for_each_source_record(self, sentence: str, at: int, verb_at: int) -> None:
        """ "For each capsize we'd like to attach the wind reading from y ...": the records the
        finding is done for, named by words of a topic said before the verb (the source's),
        say which records are joined, no group-by ("per capsize" would be left unread)."""
        each = FOR_EACH_RECORD.search(sentence)
        if not each:
            return
        said = [t for t, _s, _e in self._said_topics(verb_at)] + re.findall(
            TOPIC_LIKE, self.text[:verb_at]
        )
        words = self._side_words(each["n"])
        if words and any(words <= self._side_words(t) for t in said):
            self.mask(at + each.start(), at + each.end(), domain=True)

    def extract_interval_join(self) -> None:
        from .source_descriptions import description_word  # (sources imports the join helpers)

        self._mask_join_back_refs()
        m = self._strict_verb() or self.enrich_as_join
        while (
            m is not None
            and m is not self.enrich_as_join
            and (self._later_use(m) or self._pairing_not_for_each(m))
        ):
            # "... into ClickHouse so the booking team can join against it": what the readers of
            # the output will do, no join of this pipeline (left to the purpose reader)
            m = self._strict_verb(m.end())
        said_again = self._how_said_again(m) if m and self.joins else None
        if m and said_again:
            # "... with the compacted topic x on k; inner join, so ...": how the table join
            # (read already) keeps records, no second join
            self.mask(m.start(), said_again, domain=True)
            m = self._strict_verb() or self.enrich_as_join
        if not m:
            return
        heading = self._pairing_heading(m)
        if heading:
            # "Match each coin drop to the game it paid for: first drop ..., then join with x
            # on k ...": a heading saying what the join after the colon is for, no join itself
            self.mask(m.start(), heading[0], domain=True)
            m = heading[1]
        lead = re.compile(r"\s*:\s*").match(self.s, m.end())
        again = self._strict_verb(lead.end()) if lead else None
        again = again if again and lead and again.start() == lead.end() else None
        if lead and again:  # "we need them merged: join each power reading with ...": how
            self.mask(m.start(), lead.end(), domain=True)
            m = again
        # ("Join: flights.landings by flight_id, ...": a label, its clause after the colon)
        # ("Join: with esports.flags on player_id, ...": the label, then "with" and the side)
        label = (
            lead
            if lead
            and not again
            and (JOIN_TOPIC_OBJECT.match(self.s, m.end()) or JOINED_WITH.match(self.s, lead.end()))
            else None
        )
        end = self._clause_end_outside_parens(label.end() if label else m.end())
        # ("join them on imo_number ... from 30 minutes before up to 2 hours after": a bound's
        # "to", never the other side)
        wm = _joined_with(self.s, m.end(), end)
        found = FIND_JOIN.match(self.s, m.start())
        if found and found["pairing"] and self._pairing_not_for_each(found):
            found = None  # "pair each return on x with ...": the pairing verb's usual reading
        if found:
            # "for every GO on x, find the dimmer acknowledgement on y with the same cue_id":
            # the other side is the verb's object
            sentence = re.split(r"[.;!?]\s|\n", self.text[: m.start()])[-1]
            lead = FIND_FOR_EACH.search(sentence)
            if not lead:
                raise RequestNotUnderstood(
                    f"{self.s[m.start():end].strip()!r}: say which records it is found for, "
                    'e.g. "for every order on shop.orders, find the payment on shop.payments '
                    'with the same order_id within 10 minutes"'
                )
            at = m.start() - len(sentence)
            for g in ("when", "ask"):  # ("when a failure lands on x, can we attach ...")
                if lead[g]:
                    self.mask(at + lead.start(g), at + lead.end(g), domain=True)
            self._mask_for_each_source_record(sentence, at, m.start())
            wm = re.compile(r"\s+").match(self.s, m.end())
        if not wm:  # "join topic checkouts and topic payments by session_id"
            wm = JOIN_AND_TOPIC.search(self.s, m.end(), end)
        wm = wm or self._topic_object(m)
        if wm and JOIN_THEM.match(self.s, m.end()) and WITH_BOUND.match(self.s, wm.start()):
            wm = None  # "join them on order_id with the shipment at most 3 days after ...": a bound
        if wm:
            self._refuse_with_before_with(wm, end)
        pair = self._two_producers(m) if not wm else None
        said_before = same_key = None
        if not wm and not pair:
            # "... writes to payments-issued; both carry claim_id. ... join the two streams"
            pair = said_before = self._streams_said_before(m)
        dotted = said_before is not None  # (dotted names counted: `_streams_said_before`)
        if pair:
            wm = JOIN_THEM.match(self.s, m.end()) or JOIN_BARE_ON.match(self.s, m.end())
        if not wm and self._table_join_said_again(m, end):
            return
        if not wm:
            raise RequestNotUnderstood(
                "join: name the other stream, e.g. \"join ... with topic 'profiles' on user_id "
                'within 5 minutes" (or "... with the latest customer record from compacted '
                "topic 'customers'\" for a stream-table join)"
            )
        colon = re.compile(r"\s*:\s*").match(self.s, end)
        if colon and KEY_SAME_AS.match(self.s, colon.end()):
            # "Join them: collar animal_id is same as trough tag_id, ...": the key after a colon
            end = self.clause_end(colon.end())
        else:
            colon = None
        more = BOUND_CLAUSE.match(self.s, end)
        if more and not WITHIN.search(self.s, m.end(), end):
            end = self.clause_end(more.end() + 1)
        stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
        right_end = stop.start() if stop else end
        if colon:
            right_end = min(right_end, colon.start())
        right_phrase = pair if pair else self.s[wm.end() : right_end]
        if pair and said_before and self.pair_right_words:
            # ("... and receipts on x. Join them ..., taking a from the receipt": the records'
            # noun names the side too)
            right_phrase = f"{self.pair_right_words.strip()} {pair}"
        if not pair and self._joins_declared_table(m, right_phrase, end):
            return
        inner = KEY_INSIDE_SIDE.fullmatch(right_phrase) if not pair else None
        if inner:  # "with the invoice for the same job_id from garage.repair_invoices"
            same_key = inner["k"]
            right_phrase = f"{inner['pre']} {inner['post']}"
        topic = None
        tm = re.search(rf"\btopic\s+(?P<t>{NAME})", right_phrase, ICASE) or re.search(
            rf"\bthe\s+(?P<t>{NAME})\s+(?:kafka\s+)?topic\b", right_phrase, ICASE
        )
        if not said_before and not tm and not pair:
            noun = re.fullmatch(
                # ("with the door-open events": a name of words joined by '-')
                r"\s*(?:its|their|the|a|an|each)\s+(?P<n>[a-z]+(?:-[a-z]+)*)"
                # "with the cadence readings of the same ride_id that are within 2 seconds":
                # the topic's first word, its records, and the key said of them
                r"(?:\s+(?:readings|events|records|messages|pings|updates)"
                r"(?:\s+(?:of|for|with)\s+the\s+same\s+(?P<k>\w+))?(?:\s+that\s+(?:are|were|is|was))?)?\s*",
                right_phrase,
                ICASE,
            )
            if noun:  # "pair each approval with its payment ...", two topics said before
                said_before = self._streams_said_before(m, noun["n"].lower())
                same_key = noun["k"] if said_before else None
        if said_before:
            topic = said_before
        elif tm:
            topic = unquote(tm.group("t"))[0]
            self._right_producer_said(m, topic)
        else:
            qm = re.search(QUOTED, right_phrase)
            if qm:
                topic = unquote(qm.group(0))[0]
            bare = topic_named_in(right_phrase)
            if bare:  # "join exchange-trades with exchange-quotes": its name alone
                self._right_producer_said(m, bare)
                topic = bare  # as said ("dating.first-message" keeps its dot)
        taken = re.search(
            r"\b(?:taking|take|adding|copying|with\s+fields?)\s+\w+", right_phrase, ICASE
        )
        if taken and topic:
            # "with topic payments (taking status) on order_id": the fields are read after the
            # key, so these would be dropped for the usual ones
            raise RequestNotUnderstood(
                f"{' '.join(right_phrase.split())!r}: say the fields to take after the join's "
                f'key and bound (e.g. "join orders with payments on order_id within 15 '
                f'minutes, taking status and amount")'
            )
        clause = self.s[right_end:end]
        # ("... from y taken in the 7 days before the exam, joining on student_id": the key in
        # the next clause, after a clause holding only the bound)
        bound_only = (
            clause.strip()
            and not same_key
            and not KEY_SAID.search(clause)
            and (WITHIN.search(clause) or UP_TO.search(clause) or FROM_TO.search(clause))
        )
        alone = KEY_ALONE.match(self.s, end) if not clause.strip() or bound_only else None
        if alone:  # "... on y, same rental_id, the return up to 8 hours after the start"
            end = self.clause_end(alone.end())
            clause = self.s[right_end:end]
        fact = ORDER_FACT.search(self.s, right_end)
        if fact and fact.start() <= end:
            # ", the collection is always before the lab test, up to 6 hours before": which way
            # the bound goes, said as a fact before it (checked once the bound is read)
            end = max(end, fact.end())
            clause = self.s[right_end:end]
        else:
            fact = None
        nxt = BOUND_NEXT.match(self.s, end)
        if nxt and not WITHIN.search(clause) and not UP_TO.search(clause):
            end = self.clause_end(nxt.end())
            clause = self.s[right_end:end]
        side = EITHER_WAY_AFTER.match(self.s, end)
        if side and WITHIN.search(clause):  # "within 2 seconds of it, either side"
            end = side.end()
            clause = self.s[right_end:end]
        grace = GRACE_CLAUSE.match(self.s, end)
        if grace:  # "..., allowing 1 minute of grace, taking temp_c"
            end = grace.end()
            clause = self.s[right_end:end]
        how_said = HOW_CLAUSE_READ.match(self.s, end) if self.join_how else None
        masked_how = HOW_CLAUSE_MASKED.match(self.s, end) if self.join_how else None
        if not how_said and masked_how and self._is_how_span(masked_how):
            # ("...; keep only orders that got a payment, add payment_method": the clause read
            # whole as the join's how, between the join's clause and its fields)
            how_said = masked_how
        if how_said and FIELDS_CLAUSE.match(self.s, how_said.end()):
            # ("...; left join so unpaid claims still flow, copying a and b": the join's how,
            # read already, between the join's clause and its fields)
            self.mask(end, how_said.end(), domain=True)
            end = how_said.end()
            clause = self.s[right_end:end]
        more = FIELDS_CLAUSE.match(self.s, end)
        if more and not re.search(r"\b(?:taking|adding|take|copy|fields?)\b", clause, ICASE):
            # "..., within 3 days after the order, take carrier and tracking_no"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
            clause = self.s[right_end:end]
        grace = None if grace else GRACE_CLAUSE.match(self.s, end)
        if grace:  # "..., taking temp_c, allowing 1 minute of grace"
            end = grace.end()
            clause = self.s[right_end:end]
        if m.groupdict().get("participle"):
            self._participle_subject_source(m)
        if m.group(0).lower().endswith("ed"):  # ("every exposure joined with ...")
            self._participle_subject_named(m, topic)
        join = Join(m.start(), "interval", topic, right_phrase, None, None)
        self.join_left_phrase = self.s[m.end() : wm.start()]
        left = re.fullmatch(
            r"\s*(?:the\s+)?(?P<t>[A-Za-z][\w.-]*)\s*",
            self.join_left_phrase,
        )
        if left and left.group("t").lower() not in STOP and not self.topics:
            # "left join ad-impressions to ad-clicks", "join shipments to deliveries": the one
            # word on the left of the join names the source topic (said as an assumption)
            topic = left.group("t")
            reader, self.reader = self.reader, "sources"
            self.topics.append((m.end() + left.start("t"), topic))
            self.mask(m.end() + left.start("t"), m.end() + left.end("t"))
            self.reader = reader
            if not re.fullmatch(NAMED_TOPIC, topic):
                # "join pos-receipts with ...": a name only a topic has is named, not assumed
                self.join_left_assumed = self.topics[-1]
                self.assumptions.append(f"the source topic was not named; assumed {topic!r}")
        elif left and any(t[1].lower() == left.group("t").lower() for t in self.topics):
            # "Readings come in on grid-readings. ... Join grid-readings with ...": said again
            reader, self.reader = self.reader, "sources"
            self.mask(m.end() + left.start("t"), m.end() + left.end("t"))
            self.reader = reader
        if said_before:  # the source said before: its name says which noun is the left side
            lm = re.fullmatch(
                r"\s*(?:each|every|the|an?)\s+(?:(?P<q>[a-z]+)\s+)?(?P<n>[a-z]+)\s*",
                self.join_left_phrase,
                ICASE,
            )
            # ("join each power reading with ...": a word of the source topic's name first)
            named = self._side_words(self._said_topics(m.start(), dotted=dotted)[0][0])
            if (
                lm
                and description_word(lm["n"])
                and (not lm["q"] or singular(lm["q"].lower()) in named)
            ):  # "pair each approval with its payment"
                self.mask(m.end() + lm.start(), m.end() + lm.end("n"), domain=True)
            self.join_left_phrase = self._said_topics(m.start(), dotted=dotted)[0][0]
        else:
            # "Claims land on claims-submitted. Match each claim with ... the policy-updates
            # topic": the source's records, said by a word of its name
            lm = re.fullmatch(r"\s*(?:each|every)\s+(?P<n>[a-z]+)\s*", self.join_left_phrase, ICASE)
            if (
                lm
                and description_word(lm["n"])
                and any(
                    singular(lm["n"].lower()) in self._side_words(t)
                    for t in [t for t, _s, _e in self._said_topics(m.start())]
                    # ("Read lab.samples and line up each sample with ...": named before)
                    + re.findall(TOPIC_LIKE, self.text[: m.start()])
                )
            ):
                self.mask(m.end() + lm.start(), m.end() + lm.end("n"), domain=True)
            pron = LEFT_PRONOUN.fullmatch(self.join_left_phrase)
            if pron and re.search(TOPIC_LIKE, self.text[: m.start()]):
                # "take hockey.penalties ... and match each one against hockey.shots": the
                # source's records pointed back at, its topic named before
                self.mask(m.end() + pron.start("p"), m.end() + pron.end("p"), domain=True)
        # Only what is read is masked: other words in the clause ("but only for amounts over
        # 100") are left to the other recognisers or refused, never dropped with the join.
        spans = read_join_key_and_fields(join, clause)
        if join.left_key and clause.rstrip().endswith(join.left_key):
            # "on ride_id, driver_id within 1 hour": the clause ended at the comma, and the
            # second key was read as the records a bound is said of
            _refuse_second_key(
                self.s,
                right_end + len(clause.rstrip()),
                join.left_key,
                named_only=True,
                sides=(join.right_topic or "",),
            )
        if said_before:
            both = None
            for cand in BOTH_CARRY.finditer(self.s, 0, m.start()):
                both = cand
            if (
                both
                and join.left_key in (None, both.group("k"))
                and join.right_key
                in (
                    None,
                    both.group("k"),
                )
            ):  # "both carry claim_id": the key said of the two streams (said again or not)
                join.left_key = join.right_key = both.group("k")
                self.mask(both.start(), both.end(), domain=True)
        if same_key and (join.left_key, join.right_key) not in ((same_key, same_key), (None, None)):
            raise RequestNotUnderstood(
                f"join: {right_phrase.strip()!r} and the key {join.left_key!r}; say one key"
            )
        if same_key and join.left_key is None:
            join.left_key = join.right_key = same_key
        self._take_side_fields(join)
        bound_end = None
        bm = (
            FROM_TO.search(clause)
            or UP_TO.search(clause)
            or WITHIN.search(clause)
            or FROM_ZERO.search(clause)
        )
        subject = ref = None
        if bm:
            sm = BOUND_SUBJECT.search(clause[: bm.start()])
            subject = sm.group("noun") if sm else None
            rm = BOUND_REF.match(clause, bm.end())
            if rm and not self._ref_names_records(join, right_phrase, rm):
                rm = None  # "within 10 minutes either side rounded down": left unread
            ref = _range_ref(bm, rm.group("ref") if rm else None)
            at = rm.end() if rm else bm.end()
            bound_to = _one_sided_end(bm, clause, at, subject, ref)
            if bound_to == at and not clause[at:].strip():
                # "... up to 7 days after the ticket was sold, never before.": the one-sided
                # bound said again in a clause of its own, right after the join's
                bound_to = _one_sided_end(bm, self.s, right_end + at, subject, ref) - right_end
            spans.append((sm.start() if sm else bm.start(), bound_to))
        else:  # the bound as the next clause: "..., clicks up to 10 minutes after the impression"
            bm = (
                # (the range first: "from up to 1 hour before ... to 10 minutes after")
                NEXT_FROM_TO.match(self.s, end)
                or NEXT_BOUND.match(self.s, end)
                or NEXT_BARE_BOUND.match(self.s, end)
            )
            if bm:
                subject = bm.group("noun")
                self._owner_named(join, right_phrase, bm)
                ref = _range_ref(bm, bm.group("ref"))
                refuse_lead_side(bm, ref)
                bound_end = _one_sided_end(bm, self.s, bm.end(), subject, ref)
        prior = None
        if not bm and said_before:
            # "A payment always comes after the approval, at most 48 hours later. ... join the
            # two streams on claim_id within that window"
            prior = self._prior_bound(join, right_phrase, m.start())
            that = THAT_WINDOW.search(clause)
            if prior and that:
                spans.append((that.start(), that.end()))
        if not bm and not prior:
            if not topic:
                refuse_table_without_topic(right_phrase, self.text[right_end:])
            raise RequestNotUnderstood(
                'stream-stream join: give a time bound (e.g. "within 5 minutes"), or ask '
                "for the latest value from a compacted topic for a stream-table join"
            )
        if bm is not None:
            # ("within 10 minutes of the faceoff": the reference read inside the bound)
            of_ref = _OF_REF.search(bm.group(0))
            self._bound_nouns_name_records(
                join,
                right_phrase,
                bm.group(0),
                bm.string[bm.start() : bm.end() + 60],
                ref or (of_ref and of_ref.group("n")),
            )
            join.before_ms, join.after_ms = self._bound(join, right_phrase, bm, subject, ref)
        elif prior is not None:
            join.before_ms, join.after_ms = prior
        if fact and self._order_fact_agrees(join, right_phrase, fact):
            spans.append((fact.start() - right_end, fact.end() - right_end))
        gm = re.search(
            rf"\b(?:grace(?:\s+period)?\s*(?:of)?\s*(?P<a>{DUR})|(?P<b>{DUR})\s+(?:of\s+)?grace)",
            clause,
            ICASE,
        )
        if gm:
            join.grace_ms = dur_ms(gm.group("a") or gm.group("b"))
            spans.append((gm.start(), gm.end()))
        refuse_nearest(self.s, self.text, m.start(), right_end, ONE_OF_MATCHES)
        self.mask(wm.start(), right_end, domain=True)
        for start, stop_at in spans:
            self.mask(right_end + start, right_end + stop_at, domain=True)
        # ("..., taking scans from up to 45 minutes before the departure to 5 minutes after
        # it, and add ticket_type": the records taken, then the fields in a clause of their own)
        fields_at = end
        if bound_end is not None:
            self.mask(end, bound_end, domain=True)
            read_paren = re.compile(r"\s*\([\s\x00]*\)").match(self.s, bound_end)
            if read_paren and MASK in read_paren.group(0):  # "(inner)", read as the join's how
                bound_end = read_paren.end()
            fields_at = bound_end
        how_first = HOW_SENTENCE_READ.match(self.s, fields_at) if self.join_how else None
        if how_first and not join.fields and self._is_how_span(how_first):
            # ("... up to 48 hours after the collection. Keep batches without a result too
            # (left join), copying a and b": the join's how in a sentence of its own, read
            # already, then the fields)
            fields_at = how_first.end()
        more = FIELDS_CLAUSE.match(self.s, fields_at)
        if more and not join.fields:  # "...; conversions can arrive up to 7 days after the
            # click; take revenue": the fields after the bound's own clause
            after = Join(fields_at, "interval", join.right_topic, right_phrase, None, None)
            spans = read_join_key_and_fields(
                after,
                self.s[
                    fields_at : max(
                        self.clause_end(more.end()), fields_list_end(self.s, more.end())
                    )
                ],
            )
            if after.fields:
                join.fields, join.targets = after.fields, after.targets
                join.said_types = after.said_types
                self.mask(fields_at + spans[-1][0], fields_at + spans[-1][1], domain=True)
        if not join.fields:  # "... Copy lat and lon as scan_lat and scan_lon."
            for vm in TAKE_VERB.finditer(self.s, m.end()):
                renamed = typed_renames(self.s, vm.end())
                tail = renamed and SENTENCE_END.match(self.s, renamed[2])
                if renamed and tail:
                    join.fields, join.targets, _end, join.said_types = renamed
                    self.mask(vm.start(), tail.end(), domain=True)
                    break
        if not join.fields:  # "... Take driver_id into the output."
            tm = TAKE_INTO_OUTPUT.search(self.s, m.end())
            if tm and tm["whose"] and not self._names_right(join, right_phrase, tm["whose"]):
                tm = None  # "Copy the goal's scorer ...": the left stream's field, left unread
            if tm and tm["from"] and not self._names_right(join, right_phrase, tm["from"]):
                tm = None  # "Copy x from the dispatch onto ...": not the joined record's
            if tm:
                join.fields = _ids(tm.group("ids"))
                self.mask(tm.start(), tm.end(), domain=True)
        self.mask(m.start(), m.end())
        self.joins.append(join)
        for pm in ROW_PER_PAIR.finditer(self.s):  # "one row per matched pair": what it emits
            self.mask(pm.start(), pm.end(), domain=True)

    def _bound(
        self, join: Join, right_phrase: str, bm: re.Match[str], subject: str | None,
        ref: str | None,
    ) -> tuple[int, int]:  # fmt: skip
        """(before_ms, after_ms) of a bound: "within 5 minutes" (either way), "up to 10 minutes
        after", "10 minutes before or 20 minutes after"; the nouns say whose time is later."""
        words = bm.group(0).strip(" ,;")
        a = dur_ms(bm.group("a"))
        adir = a_direction(bm)
        b = dur_ms(bm.group("b")) if bm.group("b") else None
        bdir = _direction(bm.group("bdir"))
        if bm.groupdict().get("both") or (adir is None and b is None):
            return a, a  # "within 5 minutes", "5 minutes before or after"
        if adir is None or (b is not None and adir == bdir):
            raise RequestNotUnderstood(
                f"join time bound {words!r}: say how far before and how far after, e.g. "
                '"payments up to 10 minutes before or 20 minutes after the order"'
            )
        spans = {adir: a, **({bdir: b} if b is not None and bdir else {})}
        before, after = spans.get("before", 0), spans.get("after", 0)
        if self._bound_names_left(join, right_phrase, subject, ref, words):
            before, after = after, before  # "orders up to 10 minutes before the payment"
        return before, after

    def _bound_names_left(
        self, join: Join, right_phrase: str, subject: str | None, ref: str | None, words: str
    ) -> bool:
        """Whether a one-sided bound is said of the left stream ("orders up to 10 minutes before
        the payment") rather than the right one ("payments up to 10 minutes after the order").
        Nouns naming neither side leave the usual reading (the right stream's time); nouns that
        contradict each other are refused."""

        def short(name: str) -> str:
            return name.rsplit(".", maxsplit=1)[-1].lower()

        def side(noun: str | None) -> str | None:
            if noun is None or noun.lower() in STOP:
                return None
            # ("brine_out arriving up to 6 hours after brine_in": the topics' short names)
            lefts = {short(t) for _, t in self.topics} | {
                short(w) for w in self.join_left_phrase.split() if "." in w
            }
            rights = {short(join.right_topic or "")} - {""}
            if noun.lower() in rights - lefts:
                return "right"
            if noun.lower() in lefts - rights:
                return "left"
            word = singular(noun.lower())
            left = self._side_words(self.join_left_phrase) | _hyphenated(self.join_left_phrase)
            # ("check-ins on clinic.checkins": a hyphenated noun, said whole by "the check-in")
            right_words = right_phrase + " " + (join.right_topic or "")
            right = self._side_words(right_words) | _hyphenated(right_words)
            if word in right and word not in left:
                return "right"
            if word in left and word not in right:
                return "left"
            return None

        said, against = side(subject), side(ref)
        if said and against and said == against:
            raise RequestNotUnderstood(
                f"join time bound {words.strip(' ,;')!r}: it compares {subject!r} with {ref!r}, the same "
                "stream; say which stream's records may come later, e.g. \"clicks up to 10 "
                'minutes after the impression"'
            )
        return said == "left" or (said is None and against == "right")

    def _bound_nouns_name_records(
        self, join: Join, right_phrase: str, bound: str, said: str, ref: str | None
    ) -> None:
        """A word before the plain record noun a time bound is said against ("within 2 seconds
        of the door event") must name a joined stream's records (a word of its name) or records
        at all ("the scan event"); any other word ("of the premium event") would select
        records, and the bound cannot. While a side's topic is still unread (the source said
        after the join, "x → join y ... before the seat reading"; the other stream named by its
        records), the check waits for the build, when every topic is known."""
        noun = self._bound_noun_unnamed(join, right_phrase, bound, said, ref)
        if noun is None:
            return
        if not self.topics or join.right_topic is None:
            self.join_bound_nouns.append((join, right_phrase, bound, said, ref))
            return
        self._refuse_bound_noun(bound, noun)

    def _bound_noun_unnamed(
        self, join: Join, right_phrase: str, bound: str, said: str, ref: str | None
    ) -> str | None:
        """The word before a bound's record noun that names no joined stream, if any (`said`:
        the bound and the words after it), or the bound's reference itself when it names
        neither stream ("shots up to 10 minutes after the faceoff" joining penalties with
        shots: the faceoff is a third thing, whose time the records do not carry)."""
        known = (
            self._side_words(self.join_left_phrase)
            | self._side_words(right_phrase + " " + (join.right_topic or ""))
            | {singular(w) for w in self.topic_words()}
            | _PLAIN_BOUND_NOUNS
        )
        # ("For every tube on x, match ... after the tube was drawn": records named by each/every)
        named = {
            singular(w.lower())
            for w in re.findall(r"\b(?:each|every)\s+([a-z][\w-]*)", self.text, ICASE)
        }
        if (
            ref
            and not self._ref_known(ref, known | named | self.topic_words())
            and not self._ref_described(ref, said, join)
        ):
            return ref
        for m in _BOUND_OF_NOUN.finditer(said):
            noun = m.group("n")
            if m.start() > len(bound) or noun.lower() in STOP:
                continue
            if singular(noun.lower()) not in known and not self._ref_described(noun, said, join):
                return noun
        return None

    def _ref_described(self, ref: str, said: str, join: Join) -> bool:
        """ "... within 30 minutes of the camera read" where "ANPR camera reads at the yard gate
        arrive on yard.anpr_reads": a two-word reference whose last word names a joined topic's
        records (a part of its name) and which the request says, in the same words, before that
        topic's name in the sentence describing it ("camera" alone, or "the shift read", is no
        such reference)."""
        rm = re.search(rf"\b{re.escape(ref)}\s+(?P<w>[a-z][\w-]*)\b", said, ICASE)
        if rm is None:
            return False
        noun = singular(rm["w"].lower())
        for topic in {t for _, t in self.topics} | {join.right_topic or ""} - {""}:
            parts = {singular(p) for p in re.split(r"[._-]", topic.lower()) if p}
            if noun not in parts:
                continue
            described = re.compile(
                rf"(?:^|[.;:!?]\s)[^.;:!?]*?\b{re.escape(ref)}\s+{re.escape(rm['w'])}s?\b"
                rf"[^.;:!?]*?\s(?:on|to|in|into)\s+(?:the\s+)?(?:topic\s+)?{re.escape(topic)}\b",
                ICASE,
            )
            if described.search(self.text):
                return True
        return False

    @staticmethod
    def _ref_known(ref: str, known: set[str]) -> bool:
        """Whether a bound's reference names a joined stream's records (a word of a side or
        topic, or its stem: "after assembly" of toys.assembled, "the observation" of station-obs,
        "drop-off" of bikes_dropped_off), records at all ("the event"), or nothing (a pronoun,
        a participle: "after it", "rounded down")."""
        word = singular(ref.lower()).replace("-", "")  # ("the e-stop" of rigging.estop_events)

        def stem_of(part: str, w: str) -> bool:
            short, long = sorted((w, part), key=len)
            return (len(short) >= 3 and long.startswith(short)) or (
                len(w) > 4 and w[:5] == part[:5]
            )

        parts = [singular(p) for p in re.split(r"[\W_]+", ref.lower()) if p]
        return (
            word in known | _GENERIC_REFS
            or ref.lower() in STOP
            or bool(_NO_RECORDS_WORD.fullmatch(word))
            or any(stem_of(word, w) for w in known)
            # ("after load_events", "before the drop-off": each part of the name)
            or (bool(parts) and all(any(stem_of(p, w) for w in known) for p in parts))
        )

    def _owner_named(self, join: Join, right_phrase: str, bm: re.Match[str]) -> None:
        """ "a finish belongs to a gate drop if ...": the word before the noun of the records a
        bound's subject belongs to must name a joined stream (a word of its name); another
        ("a premium drop") would select records, and the bound cannot."""
        owner = bm.groupdict().get("owner")
        if not owner:
            return
        known = (
            self._side_words(self.join_left_phrase)
            | self._side_words(right_phrase + " " + (join.right_topic or ""))
            | {singular(w) for w in self.topic_words()}
        )
        if singular(owner.lower()) not in known:
            self._refuse_bound_noun(bm.group(0), owner)

    @staticmethod
    def _refuse_bound_noun(bound: str, noun: str) -> None:
        raise RequestNotUnderstood(
            f"join time bound {bound.strip(' ,;:')!r}: {noun!r} names neither joined "
            "stream's records; say which records the bound compares, e.g. \"clicks up "
            'to 10 minutes after the impression", and any condition as a filter'
        )

    def _names_right(self, join: Join, right_phrase: str, noun: str) -> bool:
        """Whether `noun` names the joined (right) stream and not the left one."""
        word = singular(noun.lower())
        right = self._side_words(right_phrase + " " + (join.right_topic or ""))
        return word in right and word not in self._side_words(self.join_left_phrase)

    def _read_pair_then_join(self, join_verb: re.Match[str]) -> bool:
        """ "Read shop.orders and shop.payments; join on order_id within 10 minutes": a join
        with no object, its key right after it, once a reading verb listed two streams just
        before (the clause or sentence before the join's)."""
        return bool(
            JOIN_BARE_ON.match(self.s, join_verb.end())
            and READ_PAIR_THEN_JOIN.search(self.text[: join_verb.start()])
        )

    def _is_how_span(self, said: re.Match[str]) -> bool:
        """Whether the masked clause `said` is one the join's how was read from (not words
        another reader took)."""
        return any(said.start() <= a and b <= said.end() for a, b in self.join_how_spans)

    def _ref_names_records(self, join: Join, right_phrase: str, rm: re.Match[str]) -> bool:
        """A bound's reference names records: after a determiner ("after the order", "of its
        scan"), or bare when its word names a side or any record ("after impression"); a bare
        word that names neither ("within 10 minutes either side rounded down") is no
        reference, and is left unread rather than masked with the bound."""
        if re.match(r"\s+(?:the|its|their|each|an?)\s", rm.group(0), ICASE):
            return True
        if not re.search(
            r"\b(?:after|before|of|than|following|preceding|later|earlier|since|from)\s*$",
            rm.string[: rm.start()],
            ICASE,
        ):  # "within two days local time": a bare word right after the duration is no record
            return False
        ref = singular(rm.group("ref").lower())
        sides = self._side_words(self.join_left_phrase) | self._side_words(
            right_phrase + " " + (join.right_topic or "")
        )
        if ref in sides | _PLAIN_BOUND_NOUNS or any(w[:5] == ref[:5] for w in sides if len(w) > 4):
            return True  # ("after assembly" of the toys.assembled records)
        # a participle, an adverb or a bound's adjective names no records
        return not _NO_RECORDS_WORD.fullmatch(ref)

    def _text_after(self, phrase: str) -> str:
        """The request's text after the join side's phrase ("" when it is not found)."""
        said_at = self.text.find(phrase)
        return self.text[said_at + len(phrase) :] if said_at >= 0 else ""

    def _interval_join(self, j: Join) -> dict[str, Any]:
        phrase = j.right_phrase
        visible = (phrase or "") + " " + (j.right_topic or "")
        best = None
        for pattern, preset, subject in DOMAINS:
            m = pattern.search(visible)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), preset, subject, m.group(0))
        words = re.sub(
            rf"\btopic\s+{NAME}|{QUOTED}|\b(?:from|the|kafka|stream|topic)\b",
            " ",
            phrase,
            flags=ICASE,
        )
        words_list = [w for w in re.findall(r"[A-Za-z][\w.-]*", words) if w.lower() not in STOP]
        unsaid = None
        if j.right_topic is None:
            if not words_list:
                raise RequestNotUnderstood("join: name the other stream's Kafka topic")
            j.right_topic = "-".join(w.lower() for w in words_list)
            said = re.search(  # "Join unit-access events with alarm-events": named as is
                rf"(?<![\w.-]){re.escape(j.right_topic)}(?![\w-])", self.text, ICASE
            )
            # ("the payment confirmations": its words glued are no name said; refused below,
            # after the key, the first thing missing)
            unsaid = None if said else " ".join(phrase.split())
            read = list(dict.fromkeys(t for _, t in self.topics))
            if (
                said
                and "-" not in j.right_topic
                and len(read) > 1
                and j.right_topic not in {t.lower() for t in read}
            ):
                # "Returns are on x and checkouts on y. Join each return with the payment ...":
                # two topics read, the other side a third, unnamed one
                raise RequestNotUnderstood(
                    f"join with {' '.join(phrase.split())!r}: no topic named so; the request "
                    f"names {', '.join(map(repr, read))}: say which one it is "
                    '(e.g. "join each return with the checkouts on library.checkouts")'
                )
            if said and "-" not in j.right_topic and j.right_topic not in {t.lower() for t in read}:
                # ("Read topic rides and topic payments; join rides to payments": named)
                # ("join to the customers table ... within 5 minutes": no topic of rows named)
                refuse_table_without_topic(phrase, self._text_after(phrase))
                self.assumptions.append(
                    f"the join's right stream topic was not named; assumed {j.right_topic!r}"
                )
        if j.right_types:  # "driver-accepts records have request_id (string), ..."
            right_preset = None
            self.right_subject = to_identifier(singular(words_list[-1].lower() if words_list
                                                        else j.right_topic.split("-")[-1]))  # fmt: skip
            right_fields: list[dict[str, Any]] = [
                {"name": n, "type": t or guess_type(n), "required": False}
                for n, t in j.right_types.items()
            ]
            stamp = [f for f in right_fields if f["type"] == "timestamp"]
            if len(stamp) == 1:  # the other stream's event time
                stamp[0]["required"] = True
            elif not stamp:
                right_fields.append({"name": "timestamp", "type": "timestamp", "required": True})
                self.assumptions.append(
                    f"the fields listed for {j.right_topic!r} hold no timestamp; its event time "
                    "is assumed to be 'timestamp'"
                )
        elif best:
            right_preset, self.right_subject = best[1], best[2]
            right_fields = [f.model_dump() for f in PRESETS[right_preset]]
        else:
            right_preset = None
            last = words_list[-1].lower() if words_list else "right"
            self.right_subject = to_identifier(singular(last))
            right_fields = []
        right_names = [f["name"] for f in right_fields]
        left_key = j.left_key
        right_key = j.right_key
        if left_key is None:
            common = [n for n in right_names if n.endswith("_id") and self.has(n)]
            if DEFAULT_JOIN_PRESET_KEY in common:
                left_key = DEFAULT_JOIN_PRESET_KEY
            elif common:
                left_key = common[0]
            else:
                raise RequestNotUnderstood(
                    f'join with {j.right_topic!r}: name the join key (e.g. "on user_id")'
                )
            right_key = left_key
        if unsaid:
            refuse_table_without_topic(unsaid, self._text_after(phrase))
            raise RequestNotUnderstood(
                f'join with {unsaid!r}: which Kafka topic holds its records? Say it as "join '
                "... with topic 'payments' on order_id within 10 minutes\""
            )
        left_key = self.resolve(
            left_key, role="key", explicit=j.left_key is not None, why="join key"
        )
        right_key = right_key or left_key
        if right_preset and best:
            # the other stream's records typed by a preset from one word: say so, and how to
            # list them instead
            required = ", ".join(f["name"] for f in right_fields if f["required"])
            self.assumptions.append(
                f"input schema of the joined topic {j.right_topic!r}: the {right_preset} preset, "
                f"because the request says {best[3]!r}; each of its records must hold {required} "
                f"(for others, list its fields after its name: {j.right_topic} ({right_key} int, "
                "status string))"
            )
        stated = (j.right_types or {}).get(right_key)
        for f in right_fields:
            if f["name"] == right_key:
                f["required"] = True
                f["type"] = self._key_type(left_key, stated, f["type"])
        if not right_fields:
            if not j.fields:
                raise RequestNotUnderstood(
                    f"join with {j.right_topic!r}: its records' fields are not known, and a join "
                    "copies only the fields it names; name the ones to take from it (e.g. "
                    '"... taking status and amount")'
                )
            key_type = self._key_type(left_key, stated, guess_type(right_key))
            right_fields = [
                {"name": right_key, "type": key_type, "required": True},
                {"name": "timestamp", "type": "timestamp", "required": True},
            ]
            right_names = [right_key, "timestamp"]
        if right_key not in right_names:
            key_type = self._key_type(left_key, stated, guess_type(right_key))
            key_field = {"name": right_key, "type": key_type, "required": True}
            right_fields.insert(0, key_field)
            right_names.insert(0, right_key)
        types = {f["name"]: f["type"] for f in right_fields}
        prefix = self.right_subject.rstrip("s") if self.right_subject else "right"
        guessed: set[str] = set()  # (fields named, typed by a guess from the name)
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                said_type = j.said_types.get(raw)
                if src not in types:
                    types[src] = said_type or guess_type(src)
                    right_fields.append({"name": src, "type": types[src], "required": False})
                    if not said_type:
                        guessed.add(src)
                elif said_type and said_type != types[src]:
                    raise RequestNotUnderstood(
                        f"{src!r} from {j.right_topic!r} is said to be {said_type}, and is "
                        f"{types[src]} in that stream's fields; say one type"
                    )
                target = src if not self.has(src) else f"{prefix}_{src}"
                target = j.targets.get(raw, target)  # "copy lat as scan_lat"
                mapping.append((src, target, types[src]))
        elif right_preset in JOIN_FIELDS:
            mapping = list(JOIN_FIELDS[right_preset])
        else:
            mapping = []
            for f in right_fields:
                if f["name"] == right_key:
                    continue
                src = f["name"]
                target = src if not self.has(src) else f"{prefix}_{src}"
                mapping.append((src, target, f["type"]))
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        data: dict[str, Any] = {
            "kind": "interval_join",
            "right_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "before_ms": j.before_ms,
            "after_ms": j.after_ms,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        self._guessed_join_fields(data, right_fields, guessed)
        if "timestamp" not in types:
            ts = next((n for n, t in types.items() if t == "timestamp"), None)
            if ts:
                data["right_event_time"] = ts
        if j.grace_ms is not None:
            data["grace_ms"] = j.grace_ms
        return data


def _hyphenated(phrase: str) -> set[str]:
    """The hyphenated nouns of a join's side, each whole and singular ("check-ins" ->
    "check-in"), which `_side_words` splits at the hyphen."""
    return {singular(w.strip("-")) for w in re.split(r"[^\w-]+", phrase.lower()) if "-" in w}
