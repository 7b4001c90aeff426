"""Recogniser: joins (stream-stream interval joins within a time bound, stream-table joins
against a compacted topic). The entry point: `JoinRecogniser` (the readers of join_verbs.py,
join_keys.py, table_joins.py and interval_joins.py chained), the join built and the topics it
claims as its other side."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .interval_joins import IntervalJoinReader, _hyphenated
from .join_keys import _IDS, _ids
from .lexicon import (
    HYPHENATED,
    MASK,
    NAME,
    QUOTED,
    STOP,
    _snake,
    singular,
    unquote,
)
from .quantities import ICASE
from .state import Join

# The join's other side said as its records' noun alone: "the checkout", "its payment", "the
# door scans"
RIGHT_RECORD_NOUN = re.compile(
    r"\s*(?:the|its|their|an?|each|every)\s+(?P<n>[a-z]+(?:-[a-z]+)*(?:\s+[a-z]+)?)\s*", ICASE
)


# The join's other side said as a bare plural ("join purchases to matches")
BARE_PLURAL = re.compile(r"\s*(?P<n>[a-z]+s)\s*", ICASE)


# "Sales land on fest.ticket_sales and door scans on fest.door_scans": the second records of a
# producer sentence, their verb left out after "and" (the first clause read as the source)
GAPPED_RECORDS_ON = re.compile(
    r"\x00\s*,?\s+and\s+(?:the\s+|all\s+)?(?P<n>[a-z]+(?:-[a-z]+)?(?:\s+[a-z]+)?)\s+"
    rf"(?:on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAME})(?=\s*[.;,]|\s*$)",
    ICASE,
)


# "... need the visibility context", "needs the chemical details:": the data a lookup adds, said
# as what the records need (its words checked against the lookup's, `_mask_need_lookup_data`)
# ("need the owner's details on each record": whose, then the data, maybe no word of its own)
NEED_LOOKUP_DATA = re.compile(
    r"\b(?:needs?|want|wants|(?:should|must)\s+(?:get|carry|have))\s+(?:the|their|its)\s+"
    r"(?:(?P<o>[a-z]+)['\u2019]s\s+)?"
    r"(?:(?P<w>[a-z]+(?:[\s-][a-z]+)?)\s+|(?<='s\s)|(?<=\u2019s\s))"
    r"(?:details?|context|info|information|data|attributes|metadata)\b"
    r"(?:\s+on\s+(?:each|every)\s+(?:record|event|row|one|message))?(?=\s*(?:[.:;,]|$))",
    ICASE,
)


def _names_records(topic: str, word: str) -> bool:
    """Whether `word` (a plural noun, "pickups") is the last part of the topic's name
    ("couriers.pickups", "wash_pickups"), or its singular is."""
    parts = re.split(r"[._-]", topic.lower())
    *first, last_word = word.split() or [""]
    if len(first) + 1 > len(parts) or parts[len(parts) - len(first) - 1 : -1] != first:
        return False  # ("the guider correction": obs.guider_corrections, its last two parts)
    last = parts[-1]
    return last == last_word or singular(last) == singular(last_word)


class JoinRecogniser(IntervalJoinReader):
    """Builds the join read (interval or table) and claims the topic of its other side."""

    def build_join(self) -> dict[str, Any] | None:
        if self.join_side_fields is not None:
            raise RequestNotUnderstood(
                f"{self.join_side_fields[1]!r}: fields taken from another stream need a join "
                "with it, and no join was read"
            )
        if not self.joins:
            if self.join_how:
                raise RequestNotUnderstood(
                    f"{self.join_how[1]!r}: keeping or dropping unmatched records applies to a "
                    "join with a Kafka topic, and no join was read"
                )
            return None
        if len(self.joins) > 1:
            raise RequestNotUnderstood("at most one join per pipeline")
        j = self.joins[0]
        for join, right_phrase, bound, said, ref in self.join_bound_nouns:
            noun = self._bound_noun_unnamed(join, right_phrase, bound, said, ref)
            if noun is not None:
                self._refuse_bound_noun(bound, noun)
        self._check_left_key_owner(j)
        data = self._table_join(j) if j.kind == "table" else self._interval_join(j)
        if self.join_how:
            data = {"kind": data.pop("kind"), "how": self.join_how[0], **data}
        return data

    def _check_left_key_owner(self, join: Join) -> None:
        """ "where the robot's postcode equals the alert's zip_code": the records the left key
        is said of must be the source's (a word of its topic or of the join's left phrase);
        a key said of other records is refused, never matched on the wrong stream."""
        if join.left_key_owner is None:
            return
        owner, said = join.left_key_owner
        said_left = [self.join_left_phrase, *(t for _, t in self.topics if t != join.right_topic)]
        left = self._side_words(" ".join(said_left)) | _hyphenated(self.join_left_phrase)
        if owner in left or any(w[:5] == owner[:5] for w in left if len(w) > 4):
            return
        raise RequestNotUnderstood(
            f"{said!r}: {owner!r} names neither the source nor the joined stream; say which "
            "stream's field each key is, e.g. \"join orders with payments on order_ref = "
            "order_id within 15 minutes\" (the source's field first)"
        )

    def claim_right_topic(self) -> None:
        self._mask_need_lookup_data()
        self._claim_right_topic_said()
        self._right_named_by_records()
        self._drop_left_assumed_named()
        self.claim_declared_fields()

    def _lookup_words(self) -> set[str]:
        """The words of what the join or the Redis lookup reads: the other side's topic, the
        key, the key's prefix and the fields taken ("visibility" of weather.visibility,
        "chemical" of chemical_id, "haulier" of haulier_name)."""
        names: list[str] = []
        for j in self.joins:
            names += [str(j.right_topic or ""), str(j.left_key or ""), str(j.right_key or "")]
            names += list(j.fields)
        if self.enrich is not None:
            e = self.enrich
            names += [str(e.key_field or ""), str(e.prefix or ""), str(e.entity or "")]
            names += list(e.fields)
        return {singular(w) for n in names for w in re.split(r"[\W_]+", n.lower()) if w} - STOP

    def _mask_need_lookup_data(self) -> None:
        """ "lamp status events on x need the visibility context. Join each one to
        weather.visibility ...", "Each event on x needs the chemical details: look up Redis
        chem:{chemical_id} ...": what the records need, said as the data a join or a Redis
        lookup adds, its words those of what the lookup reads; the lookup says it again."""
        if not self.joins and self.enrich is None:
            return
        words = self._lookup_words()
        for m in list(NEED_LOOKUP_DATA.finditer(self.s)):
            data = m["w"] or m["o"]  # ("the owner's details": the owner's row is the data)
            said = {singular(w) for w in re.split(r"[\s-]+", data.lower()) if w}
            if said and said <= words:
                self.mask(m.start(), m.end(), domain=True)

    def _right_named_by_records(self) -> None:
        """ "Pickups are on topic couriers.pickups and drop-offs on topic couriers.dropoffs. Left
        join pickups with drop-offs ...": the right side named by its records, a word (dashes
        left out) that is a part of exactly one topic read, which is then that side's topic,
        never a second source."""
        if len(self.joins) != 1 or self.joins[0].kind != "interval" or not self.topics:
            return
        if len(self.topics) < 2 and self.joins[0].right_topic is None:
            noun = RIGHT_RECORD_NOUN.fullmatch(self.joins[0].right_phrase or "")
            if noun:
                self._right_said_gapped(self.joins[0], noun["n"])
            return
        if len(self.topics) < 2:
            return
        j = self.joins[0]
        said = (j.right_topic or "").lower()
        noun = RIGHT_RECORD_NOUN.fullmatch(j.right_phrase or "") if not said else None
        bare = BARE_PLURAL.fullmatch(j.right_phrase or "") if not said else None
        if bare:
            # "Read topics game.matches and game.purchases. Join purchases to matches ...": a
            # bare plural, the last part of the one topic holding those records (checked below)
            said = bare["n"].lower()
        if noun and self._right_said_gapped(j, noun["n"]):
            return
        if noun:
            # "Returns are on library.returns and checkouts are on library.checkouts. Join each
            # return with the checkout for the same item_barcode ...": its records' noun, said
            # with an article, no topic named (never a topic "checkout" assumed beside them)
            said = noun["n"].lower()
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\s+[a-z]+)?", said):
            return
        word = said.replace("-", "")
        holding = [t for t in self.topics if _names_records(t[1], word) and t[1].lower() != said]
        if len(holding) != 1 or holding[0] == self.join_left_assumed:
            return
        misread = [t for t in self.topics if t[1].lower() == said]
        for pos, name in misread:
            # ("... and drop-offs on topic couriers.dropoffs": the records, said before the
            # topic holding them, read as a topic of a list; anything else stays as read)
            where = re.compile(
                r"\s+(?:are\s+|is\s+)?(?:on|in|from)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
                + re.escape(holding[0][1]),
                ICASE,
            )
            if not where.match(self.text, pos + len(name)):
                return
        for topic in misread + holding:
            self.topics.remove(topic)
        j.right_topic = holding[0][1]
        if noun:
            self._mask_records_said_on(holding[0])
        self._left_named_by_records()

    def _right_said_gapped(self, j: Join, noun: str) -> bool:
        """ "Returns are on library.returns and checkouts on library.checkouts. Join each return
        with the checkout ...": the other side's records said in the source's producer
        sentence, its verb left out after "and"; the join's noun and the records' noun end in
        the same word, a part of that topic's name. Whether it was read so."""
        word = singular(noun.rsplit(maxsplit=1)[-1].lower())
        for gm in GAPPED_RECORDS_ON.finditer(self.s):
            name = unquote(gm["t"])[0]
            # ("... and the delivery confirmations on x.deliveries. Pair each invoice with the
            # delivery ...": the join's noun a word of the records' noun, naming the topic)
            said = {singular(gm["n"].split()[-1].lower()), singular(gm["n"].split()[0].lower())}
            if word not in said or not _names_records(name, word):
                continue
            j.right_topic = name
            self.mask(gm.start("n"), gm.end(), domain=True)
            return True
        return False

    def _mask_records_said_on(self, topic: tuple[int, str]) -> None:
        """ "... and checkouts are on library.checkouts": the records' noun said of the topic
        now read as the join's other side (a source's would be its description)."""
        pos, name = topic
        said = re.compile(
            r"(?P<n>[A-Za-z]+(?:-[A-Za-z]+)?)\s+(?:(?:are|is)\s+)?(?:on|in)\s+(?:the\s+)?"
            rf"(?:kafka\s+)?(?:topic\s+)?{re.escape(name)}(?![\w-])",
            ICASE,
        )
        for m in said.finditer(self.text, 0, pos + len(name) + 1):
            if m.end() >= pos and _names_records(name, m["n"].lower().replace("-", "")):
                self.mask(m.start("n"), m.end("n"), domain=True)

    def _left_named_by_records(self) -> None:
        """ "... Left join check-ins with check-outs ...": the left word, a dashed noun read as a
        topic's name, is the records of the one other topic whose name ends in it (dashes left
        out: gym.checkins), never a second source."""
        left = " ".join(self.join_left_phrase.split()).lower()
        left = re.sub(r"^(?:the|each|every|all(?:\s+the)?|our)\s+", "", left)
        if "-" not in left or not re.fullmatch(r"[a-z]+(?:-[a-z]+)+", left):
            return
        said = [t for t in self.topics if t[1].lower() == left]
        holding = [
            t for t in self.topics if t not in said and _names_records(t[1], left.replace("-", ""))
        ]
        if len(said) != 1 or len(holding) != 1:
            return
        if said[0] == self.join_left_assumed:
            self._replace_left_assumed(None)
        else:
            self.topics.remove(said[0])

    def _drop_left_assumed_named(self) -> None:
        """ "Read topic trades-raw. ... Join trades with quotes ...": the join's left word,
        assumed a topic before the source was read, is a part of the one other topic's name:
        that topic is the left stream, never a second source. Any other topic read beside the
        assumed one is refused: which of them is the join's left stream is unsaid."""
        assumed = self.join_left_assumed
        if assumed is None or assumed not in self.topics or not self.joins:
            return
        word = assumed[1].lower()
        j = self.joins[0]
        others = [t[1] for t in self.topics if t != assumed and not self._is_right_topic(j, t[1])]
        if not others:
            return
        if any(t.lower() == word for t in others):
            # ("from topics rides and payments; match rides with ..."): the topic named, read
            # twice; the one assumed goes, with its assumption
            self._replace_left_assumed(None)
            return
        if len(others) == 1 and {word, singular(word)} & set(re.split(r"[-_.]", others[0].lower())):
            self._replace_left_assumed(None)
            return
        raise RequestNotUnderstood(
            f"the join's left stream {assumed[1]!r} is not a topic the request names "
            f"({', '.join(map(repr, others))}): say which topic holds the {assumed[1]} "
            f'("join topic {others[0]} with ...")'
        )

    def claim_declared_fields(self) -> None:
        """Typed fields said of the join's other stream ("with deliveries (topic deliveries:
        parcel_id string, ...)", "driver-accepts records have ...") are its fields, not the
        source's; fields said of a stream that is neither are refused, never dropped."""
        claimed = {}
        said = self.declared_topic
        if (
            said
            and said not in self.topic_fields
            and self.declared
            and any(self._is_right_topic(j, said) for j in self.joins)
        ):
            # "the compacted topic scooter-fleet (scooter_id, model, battery_capacity_wh)",
            # "join topic trips with topic fares (trip_id, fare_amount, paid_at)": an untyped
            # list said of the joined stream or table is its fields too, never the source's
            self.topic_fields[said] = (list(self.declared), dict(self.declared_types))
        for topic in self.topic_fields:
            j = next((j for j in self.joins if self._is_right_topic(j, topic)), None)
            if j is not None:
                claimed[topic] = j
        if self.declared_topic in claimed:
            self.declared, self.declared_types, self.declared_topic = [], {}, None
        unclaimed = [t for t in self.topic_fields if t not in claimed]
        if self.declared_topic is None and not self.declared and unclaimed:
            # the source's own list, when the first one listed was the join's
            self.declared_topic = unclaimed[0]
            names, types = self.topic_fields[unclaimed[0]]
            self.declared, self.declared_types = list(names), dict(types)
        sources = {t.lower() for _p, t in self.topics}
        for topic in unclaimed:
            # a list said of a named topic that is not the source ("refunds-in records have")
            other = sources and re.search(r"[-.]", topic) and topic.lower() not in sources
            if topic != self.declared_topic or other:
                raise RequestNotUnderstood(
                    f"fields are listed for {topic!r}, which is neither the source nor a joined "
                    "stream; list the fields of the stream they belong to"
                )
        for topic, j in claimed.items():
            names, types = self.topic_fields[topic]
            j.right_types = {n: types.get(n) for n in names}
            key = j.left_key if j.right_key in (None, j.left_key) else None
            if key and types.get(key) and key not in self.declared_types:
                # "on request_id ...; driver-accepts records have request_id (string)": the
                # key compares equal on both sides only with one type
                self.declared_types[key] = types[key]
                self.assumptions.append(
                    f"join key {key!r} typed {types[key]} on both sides, as listed for {topic!r}"
                )
            unknown = [f for f in j.fields if _snake(f) not in names]
            if unknown:
                raise RequestNotUnderstood(
                    f"the join takes {', '.join(unknown)}, which is not one of the fields "
                    f"listed for {topic!r} ({', '.join(names)})"
                )
            if not j.fields:
                self._sink_with_right_fields(j)

    def _sink_with_right_fields(self, j: Join) -> None:
        """ "Output to ClickHouse logistics.pickup_delivery with courier and delivered_at": after
        a sink, fields that are all the joined stream's listed fields are the ones it takes."""
        assert j.right_types is not None
        for m in re.finditer(rf"(?<=\x00)\s+with\s+(?:the\s+)?(?P<ids>{_IDS})(?![\w-])", self.s):
            end = m.start()
            if not any(e == end and r == "sinks" for _s, e, r in self.spans):
                continue
            names = _ids(m.group("ids"))
            if names and all(n in j.right_types for n in names):
                j.fields = names
                self.mask(m.start(), m.end(), domain=True)
                return

    @staticmethod
    def _is_right_topic(j: Join, topic: str) -> bool:
        if j.right_topic is not None:
            return j.right_topic.lower() == topic.lower()
        return bool(
            re.search(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", j.right_phrase or "", ICASE)
        )

    def _claim_right_topic_said(self) -> None:
        """ "join orders with payments ...; orders come from topic orders, payments from topic
        payments": the topic said of the join's other stream is that stream, not a source (and
        "clicks come from" describing a named topic is read)."""
        if len(self.joins) != 1 or self.joins[0].kind != "interval" or not self.topics:
            return
        j = self.joins[0]
        if j.right_topic is not None:
            return
        for phrase, right in ((j.right_phrase, True), (self.join_left_phrase, False)):
            words = re.sub(
                rf"{QUOTED}|\b(?:from|the|kafka|stream|topic)\b", " ", phrase, flags=ICASE
            )
            names = [w for w in re.findall(r"[A-Za-z][\w-]*", words) if w.lower() not in STOP]
            if not names:
                continue
            # ("the pass for the same sat_id ...; passes on ground-passes": either number)
            stream = r"[\s-]+".join(map(re.escape, names)) + r"(?:e?s)?"
            said = re.compile(
                # ("impressions land in topic ad-impressions")
                rf"\b{stream}\s+(?:(?:come|comes|arrive|arrives|land|lands|come\s+in|comes\s+in"
                r"|flow|flows|are|is|live|lives|sit|sits)\s+)?(?:from|in|on|into)\s+(?:the\s+)?"
                # ("pings come in on sat-pings and passes on ground-passes": a name only a
                # topic has, "topic" unsaid)
                rf"(?:kafka\s+)?(?:topic\s+(?P<t>{NAME})|(?P<bare>{HYPHENATED}(?![\w-])(?!\.\w)))",
                ICASE,
            )
            for m in said.finditer(self.text):
                topic = unquote(m.group("t") or m.group("bare"))[0]
                named = [t for t in self.topics if t[1] == topic]
                if not named and m["bare"] and MASK not in self.s[m.start() : m.end()]:
                    # "pings come in on sat-pings and passes on ground-passes" (the producer's
                    # verb gapped): said of a stream of the join only, and read by no other
                    # recogniser
                    if right:
                        self.mask(m.start(), m.end())
                        j.right_topic = topic
                        break
                    if self.join_left_assumed in self.topics:
                        self.mask(m.start(), m.end())
                        self._replace_left_assumed((m.start("bare"), topic))
                        break
                if not named or len(self.topics) < 2:
                    continue  # (a topic read already, and another left for the source)
                self.mask(m.start(), m.start("t") if m["t"] else m.start("bare"))
                if right:
                    j.right_topic = topic
                    self.topics.remove(named[0])
                elif self.join_left_assumed in self.topics and self.join_left_assumed != named[0]:
                    # "join clicks with ...; clicks come from topic ad-clicks": the topic said
                    # replaces the one assumed from the join's left word
                    self._replace_left_assumed(None)
                break

    def _replace_left_assumed(self, topic: tuple[int, str] | None) -> None:
        """The topic assumed from the join's left word, replaced by `topic` (None: by a topic
        read already), and its assumption dropped."""
        assert self.join_left_assumed is not None
        self.topics.remove(self.join_left_assumed)
        if topic:
            reader, self.reader = self.reader, "sources"
            self.topics.append(topic)
            self.reader = reader
        self.assumptions = [
            a for a in self.assumptions if not a.startswith("the source topic was not")
        ]
