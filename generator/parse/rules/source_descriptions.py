"""Recogniser (sources, part 1 of 5): what the records on a source topic are called.

The words around a topic name that describe its records ("the checkout events from topic x",
"x (card swipes)", "topic checkins has every check-in", "we track every container move on topic
yard-moves", the fields listed after the topic), told apart from the words of the topic's own
name (`topic_name_words`, `compound_topic_word`) and from steps that select some records;
`description_word` and `head_noun` are the shared word tests other recognisers import.
The entry point is sources.SourceRecogniser."""

from __future__ import annotations

from ...spec.presets import PRESETS
from . import lazy_re as re
from .accounting import FILLER
from .fields import SchemaResolver
from .lexicon import (
    COUNT_NOUNS,
    DOMAINS,
    MASK,
    QUALIFYING,
    STOP,
    SYSTEM_ACRONYMS,
    singular,
    stem,
    word_set,
)
from .quantities import ICASE
from .text import distance_one, english_near, is_slip

# "read the slab sensor topic rink.surface_temps": words describing the topic before its
# name (see `_described_before_topic`)
DESCRIBED_TOPIC = re.compile(
    r"\b(?:(?:read|reads|reading|consume|consumes|consuming|subscribe\s+to|listen\s+to)\s+"
    # ("compute the max per rescuer_id from the rescuer GPS track topic mrt.gps_tracks")
    r"(?:from\s+)?|(?P<from>from)\s+)the\s+(?P<w>(?:[A-Za-z][\w-]*\s+){1,3}?)(?=\x00|(?:kafka\s+)?topic\s+\x00)",
    ICASE,
)
# "ink levels topic is printshop.ink_levels", "- door scans topic: lobby.door-scans": the same
# words opening a sentence, a line or a bullet, before "topic" naming it (is, =, :)
DESCRIBED_TOPIC_OPENING = re.compile(
    r"(?:^|(?<=[.!?;\n])|(?<=[.!?;]\s))\s*(?:[-*\u2022]\s+)?(?:(?:so|ok|okay|fyi|also),?\s+)?"
    r"(?:(?:the|our)\s+)?"
    r"(?P<w>(?:[A-Za-z][\w-]*\s+){1,3}?)(?=\x00|(?:kafka\s+)?topic\b)",
    ICASE,
)
# What ties those opening words to the topic's name: "topic is", "kafka topic =", "topic:"
_TOPIC_IS = re.compile(
    r"(?:kafka\s+)?topic(?:\s+(?:is|will\s+be)\s+|\s*[:=]\s*|\s+)(?:called\s+|named\s+)?"
    # ("- ink levels topic: x" as the layout gives a labelled line: "... topic from topic x")
    r"(?:from\s+(?:kafka\s+)?topic\s+)?['\"`]?",
    ICASE,
)


# "the mix status stream studio.mix_status", "the price board topic (market.price_board)": the
# words before the stream or topic read (see `_own_name_before_topic`)
OWN_NAME_BEFORE = re.compile(
    r"\b(?:the|our|its|their)\s+(?P<w>(?:(?-i:[a-z][a-z0-9_-]*)\s+){1,3}?)"
    r"(?P<k>(?:kafka\s+)?(?:stream|feed|topic)\s+(?:\(\s*)?(?:(?:kafka\s+)?topic\s+)?)?(?=\x00)",
    ICASE,
)


# Between those words and the topic's name, only more of its words or these
_TOPIC_WORDS = frozenset({"kafka", "stream", "feed", "topic"})


# "store the tapped events with their session info" (the records are screen taps): a participle
# before a generic noun of records, read already or not (see `_participle_of_records`)
_PARTICIPLE_OF_RECORDS = re.compile(
    r"\b(?:the|all(?:\s+the)?|every|each|those|these)\s+(?P<p>[a-z]{3,}ed)\s+"
    r"(?=\x00|(?:events?|records?|rows?|messages?|ones|entries)\b)",
    ICASE,
)


# "topic checkins has every check-in": after the topic's name (read), that it holds all its
# records (see `_holds_every`)
HOLDS_EVERY = re.compile(
    r"\x00+(?:\s+(?:kafka\s+)?topic)?\s+(?P<v>(?:has|holds|contains|carries|gets|receives)\s+"
    r"(?:every|each|all(?:\s+the|\s+our)?)\s+(?P<noun>[a-z][a-z-]*))(?=\s*[;,.!]|\s*$)",
    ICASE,
)
# 'The "inventory.came_stock" topic carries lead came stock levels.': after the topic's name
# (read), what its records are, in plain words to the sentence's end (see `_holds_described`)
HOLDS_DESCRIBED = re.compile(
    r"\x00+(?:\s+(?:kafka\s+)?topic)?\s*(?P<v>(?:has|holds|contains|carries)\s+"
    r"(?:the\s+|our\s+|all\s+(?:the\s+|our\s+)?)?)(?P<w>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,5})"
    r"(?=\s*[;.!](?:\s|$)|\s*$)",
    ICASE,
)
# Words that say which of several topics, or which records ("the legacy topic orders-v1")
_WHICH_TOPIC = word_set(
    """legacy archived archive current previous prod production staging live main primary
    backup replica mirror shadow canary beta alpha"""
)
_GENERIC_RECORDS = word_set(
    "reading readings event events record records message messages row rows update updates"
)
# "keep only failed payments from topic failed-payments": words that select, not describe
SELECTING = re.compile(
    r"\b(?:only|just|keep|keeping|except|not|no|without|drop|dropping|remove|removing|skip"
    r"|skipping|exclude|excluding|but|filter|filtering|where|whose|first|last|latest|newest"
    r"|oldest|earliest|top|bottom|unique|distinct)\b(?:\s+(?:the|all|any))?\s*$",
    ICASE,
)


# "write to", "publish them onto", "send the results into": the words after are a destination
# (a sink's name, read or refused by the sinks and accounting), never the records' description
_DESTINATION_LEAD = re.compile(
    r"\b(?:write|send|publish|emit|push|produce|forward|deliver|ship|sink|put|save|store"
    r"|stream|load|land|output|dump|route)(?:s|es|ing)?(?:\s+(?:it|them|everything|all"
    r"|the\s+(?:results?|output|rest|records|events|rows)))?\s+(?:to|into|onto)(?:\s+the)?$",
    ICASE,
)


class SourceDescriptionReader(SchemaResolver):
    """Reads what the records on each source topic are called."""

    def _described_before_topic(self) -> None:
        """ "Please read the slab sensor topic rink.surface_temps": plain words between the
        read verb's "the" and "topic <name>" (read) only say which topic it is, when they end
        in a noun naming the records: a domain word ("sensor") or a part of the topic's name
        ("the till topic shop.tills"). A word that could select ("the late deliveries topic",
        "the EU orders topic") or only qualifies the topic ("the legacy topic orders-v1": which
        one?) stays unread."""
        if len(self.topics) != 1:
            return
        pos, topic = self.topics[0]
        parts = {w for p in _name_words(topic) for w in (p, singular(p))}
        # (only the topic's own words, read, between: "the slab sensor topic x"; opening a
        # sentence, "topic is", "topic:" too, the "topic:" words read here when left)
        read_verb = [
            m
            for m in DESCRIBED_TOPIC.finditer(self.s)
            if re.fullmatch(rf"(?:[{MASK}\s]|kafka|topic)*", self.s[m.end() : pos], ICASE)
            # (after "from", only "the X topic T": "readings from the district regulators land
            # in T" says where they are made, "from the app (T)" who sends them)
            and (
                not m["from"]
                or re.fullmatch(r"\s*(?:kafka\s+)?topic\s+", self.text[m.end() : pos], ICASE)
            )
        ]
        opening = [
            m
            for m in DESCRIBED_TOPIC_OPENING.finditer(self.s)
            if _TOPIC_IS.fullmatch(self.text[m.end() : pos])
            and re.fullmatch(rf"(?:[{MASK}\s:=]|kafka|topic|from)*", self.s[m.end() : pos], ICASE)
        ]
        for m in [*read_verb, *opening]:
            said = [w for w in m["w"].split() if w.lower() not in ("kafka", "topic")]
            if any(w.lower() in _WHICH_TOPIC for w in said):
                continue  # "the legacy orders topic x": which of several, or which records?
            last = re.sub(r"\W", "", said[-1].lower()) if said else ""
            if not (
                last in parts
                or singular(last) in parts
                or any(p.fullmatch(last) for p, _, _ in DOMAINS)
            ):
                continue
            if self._describe(m.start("w"), m["w"].strip(), topic, continued=True):
                self.reader = "sources"
                for word in re.finditer(r"\b(?:kafka|topic|from)\b", self.s[:pos], ICASE):
                    if word.start() >= m.end():
                        self.mask(word.start(), word.end())

    def _own_name_before_topic(self) -> None:
        """ "Take the mix status stream studio.mix_status", "the session_starts stream (topic
        studio.session_starts)", "From the price board topic market.price_board": lower-case
        words between "the" and the stream or topic read, every one of them a word of that
        topic's own name, only say its name again and select no record ("the late orders
        stream shop.orders" is left unread)."""
        for m in list(OWN_NAME_BEFORE.finditer(self.s)):
            run = re.match(r"\x00+", self.s[m.end() :])
            topic = self._topic_run(m.end())
            if (
                topic is None
                or run is None
                or not self._read_as_source(m.end(), m.end() + run.end())
            ):
                continue
            named = _name_words(topic)
            at = next(p for p, t in self.topics if t == topic)
            between = re.findall(r"[A-Za-z]+", self.text[m.end() : max(at, m.end())])
            if not all(w.lower() in _TOPIC_WORDS or _topic_word(w, named) for w in between):
                continue  # ("at the kiosks arrive on kiosk.payments": a verb read between)
            parts = [p for w in m["w"].split() for p in re.split(r"[-_]", w) if p]
            if not parts or not all(_topic_word(p, named) for p in parts):
                continue
            self.reader = "description"
            self.mask(m.start("w"), m.end("w"))
            self.reader = "sources"
            if m["k"]:
                self.mask(m.start("k"), m.end("k"))

    def _holds_every(self) -> None:
        """ "topic checkins has every check-in; we want ...": right after a topic read, that it
        holds every record of its kind, the noun a part of its name (or a generic record noun):
        all the records, selecting none ("has every late check-in" is left unread)."""
        for pos, topic in self.topics:
            m = HOLDS_EVERY.match(self.s, pos)
            if not m:
                continue
            noun = m["noun"].lower().replace("-", "")
            parts = {w for x in re.split(r"[-_.]", topic.lower()) if x for w in (x, singular(x))}
            if singular(noun) in parts or noun in parts or noun in _GENERIC_RECORDS:
                self.mask(m.start("v"), m.end())
        self._holds_described()

    def _holds_described(self) -> None:
        """'The "inventory.came_stock" topic carries lead came stock levels.': right after a
        topic read, the sentence saying what it holds, in plain words only (none that could
        select records: "carries the late orders" is left unread); listed as a description."""
        for pos, topic in self.topics:
            m = HOLDS_DESCRIBED.match(self.s, pos)
            if not m or not plain_description(m["w"].split(), topic_words=topic_name_words(topic)):
                continue
            self.reader = "description"
            self.mask(m.start("v"), m.end("w"))
            self.reader = "sources"
            if not self._repeats_topic(m["w"].split()):
                self.assumptions.append(
                    f"read as a description of the records of topic {topic!r}, not as a "
                    f"condition: {m['w']!r}"
                )

    def _origin_of_described(self, dm: re.Match[str]) -> bool:
        """ "Pressure readings from the district regulators land in x": "from" is where the
        records described before it are made, no reading verb; the words before it, from the
        clause's start, are plain description words left unread."""
        if not re.match(r"from\b", self.s[dm.start() :], ICASE):
            return False
        lead = re.search(r"(?:^|[.!?;:]\s+)(?P<w>[^.!?;:\x00\x01]*?)\s*$", self.s[: dm.start()])
        said = lead["w"].split() if lead else []
        return bool(said) and plain_description(said)

    def _describe_records(self, dm: re.Match[str], after_topic: bool = False) -> None:
        """Mask a phrase that says what the source's records are ("call detail records",
        "ride-hailing trips") and list it, unless a word in it could select records. With
        `after_topic` the phrase follows the topic ("filter the topic X for tickets where")."""
        if not self.topics or "\x00" in dm.group("w"):
            return
        words = dm.group("w").split()
        # ("DMX error frames arrive on lx.dmx-errors": a word the topic's name says is every
        # record's, selecting none; checked once the topic is known)
        qualifying = [w for w in words if _qualifying_word(w)]
        if any(w.lower() in _REQUIREMENT_WORDS or re.search(r"\d|ed$|_", w) for w in qualifying):
            return
        before = self.text[max(0, dm.start("w") - 40) : dm.start("w")]
        if SELECTING.search(before):
            return
        after = self.text[dm.end("w") :]
        if after_topic:  # the topic is the one read just before the phrase
            before_topics = [(p, t) for p, t in self.topics if p < dm.start("w")]
            after = f" of topic {before_topics[-1][1]}" if before_topics else ""
        topic = next(
            (
                t
                for _, t in self.topics
                if re.match(
                    r"\s+(?:\w+\s+){0,3}?(?:from|on|in|into|of|off|to)\s+(?:the\s+)?(?:kafka\s+)?"
                    rf"(?:topic\s+)?['\"`]?{re.escape(t)}\b",
                    after,
                    ICASE,
                )
            ),
            None,
        )
        if topic is None:  # the words are not about the source's records
            return
        parts = {w for x in re.split(r"[-_.]", topic.lower()) if x for w in (x, singular(x))}
        if any(w.lower() not in parts and singular(w.lower()) not in parts for w in qualifying):
            return
        phrase = " ".join(words)
        if any(p.search(phrase) for p, _, _ in DOMAINS) or all(
            w.lower() in FILLER or w.lower() in ("events", "records", "messages") for w in words
        ):
            return  # a domain word picks the preset and says so; generic words need no note
        self.reader = "description"
        self.mask(dm.start("w"), dm.end("w"))
        self.reader = "sources"
        self.assumptions.append(
            f"read as a description of the records of topic {topic!r}, not as a condition: "
            f"{phrase!r}"
        )

    def extract_descriptions(self) -> None:
        """Plain words saying what the source's records are (see `plain_description`): run
        after every other recogniser, on the words none of them read."""
        self._unsure_kept()
        if not self.topics and not self.topic_pattern:
            return
        self._own_name_before_topic()
        # (\x01 hides who asks: "Our warehouse team wants ...", see purpose.py)
        # (a possessive goes on: "from the bakery chain's tills")
        self._tracked_on()
        self._fields_after_topic()
        self._participle_of_records()
        # (a dot inside a name is no sentence's end: "publish to orders.clean" describes nothing)
        segments = (
            r"(?:[^\x00\x01.!?;:,()\n\u2013\u2014\"'`]|(?<=\w)\.(?=\w)|(?<=[A-Za-z])'s\b(?!'))+"
        )
        for seg in list(re.finditer(segments, self.s)):
            self._describe_segment(seg.start(), seg.end())
        self.reader = "sources"

    def _participle_of_records(self) -> None:
        """ "Sessionize the screen taps on kiosk.ui_events ... store the tapped events in ...":
        the participle of the records' own noun (said right before a source topic, or the last
        word of its name) before a generic records' noun says every record, selecting none;
        another participle ("the failed events") stays unread."""
        nouns = set()
        for _, topic in self.topics:
            last = re.split(r"[-_.]", topic.lower())[-1]
            if last.isalpha():
                nouns.add(stem(last))
            before = rf"(?:on|from|in|of)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?['\"`]?{re.escape(topic)}"
            for m in re.finditer(rf"\b(?P<n>[a-z]+s)\s+{before}(?![\w.-])", self.text, ICASE):
                nouns.add(stem(m["n"].lower()))
        for m in list(_PARTICIPLE_OF_RECORDS.finditer(self.s)):
            root = stem(m["p"].lower())
            if root in nouns or re.sub(r"([b-df-hj-np-tv-z])\1$", r"\1", root) in nouns:
                self.mask(m.start("p"), m.end("p"))

    def _tracked_on(self) -> None:
        """ "We track every container move at the port on the Kafka topic `yard-moves`": what
        the sender records on the topic, in plain words (a place after "at the" too), all of
        them ("every"); listed as a description, never read as a condition."""
        for m in list(TRACKED_ON.finditer(self.s)):
            topic = self._topic_run(m.end())
            if topic is None or not self._read_as_source(m.end(), m.end() + 1):
                continue
            parts = re.split(r"\s+(?:at|in|from|on)\s+(?:the|our)\s+", m.group("w"), flags=ICASE)
            if len(parts) > 2 or not all(_compound(p.split()) for p in parts):
                continue
            self.mask(m.start(), m.end())
            if not self._repeats_topic(m.group("w").split()):
                self.assumptions.append(
                    f"read as a description of the records of topic {topic!r}, not as a "
                    f"condition: {m.group('w')!r}"
                )

    def _fields_after_topic(self) -> None:
        """ "published to utility-bills with account_no, current_m3 and previous_m3", "on
        'sso-auth-logs', each with source_ip, username, outcome and a timestamp": the fields
        the source's records carry, said right after the topic; a description (the fields
        are typed where the request uses them), never a condition or a projection."""
        only = [m for m in ONLY_FIELDS_AFTER_TOPIC.finditer(self.s) if self._records_said(m)]
        for m in [*FIELDS_AFTER_TOPIC.finditer(self.s), *only]:
            topic = self._topic_run(m.start())
            if topic is None or not any(t == topic for _, t in self.topics):
                continue
            per = m.groupdict().get("pf")
            if m.groupdict().get("pm"):
                said = re.fullmatch(
                    r"(?:per|for\s+each|for\s+every)\s+(?P<pf>[A-Za-z]\w*_\w+)"
                    r"(?:\s*[.;](?=\s|$)|(?=\s*(?:[.;)\n]|$)))",
                    self.text[m.start("pm") : m.end("pm")],
                    ICASE,
                )
                if said is None:
                    continue  # (another step's words after the fields)
                per = said["pf"]
            rest = self.text[: m.start()] + " " + self.text[m.end() :]
            if per and not re.search(rf"(?<![\w.-]){re.escape(per)}(?![\w-])", rest):
                continue  # ("... per line_id" said only here: maybe the grouping, unread)
            self.mask(m.start("w"), m.end())
            self.described_fields = self.described_fields or fields_listed(m["list"])
            self.assumptions.append(
                f"read as the fields the records of topic {topic!r} carry (a description): "
                f"{m.group('list')!r}"
            )

    def _records_said(self, m: re.Match[str]) -> bool:
        """ "Our listing events (topic x) only carry agent_id": the sentence's subject is the
        records, never a step's verb ("Read topic x only carry badge_id" keeps one field)."""
        start = m.start()
        while start > 0 and self.s[start - 1] == MASK:
            start -= 1
        sentence = re.split(r"[.;!?\n]\s", self.text[:start])[-1]
        return not re.search(
            r"\b(?:read|reads|consume|consumes|take|takes|ingest|ingests|subscribe|use|process"
            r"|stream|pull|get|listen|from|keep|select|project|write|send)\b",
            sentence,
            ICASE,
        )

    def _topic_run(self, pos: int) -> str | None:
        """The topic whose masked mention covers `pos`, if one does."""
        start, end = pos, pos
        while start > 0 and self.s[start - 1] == MASK:
            start -= 1
        while end < len(self.s) and self.s[end] == MASK:
            end += 1
        return next((t for p, t in self.topics if start <= p <= end), None)

    def _repeats_topic(self, words: list[str]) -> bool:
        parts = self.topic_words()
        low = [w.lower().replace("-", "") for w in words]  # "check-ins" on kiosk-checkins
        return all(
            w in _GENERIC_NOUNS or w in parts or singular(w) in parts or f"{w}s" in parts
            or any(p.fullmatch(w) for p, _, _ in DOMAINS)
            for w in low
        )  # fmt: skip

    def _describe_segment(self, a: int, b: int) -> None:
        seg, after, before = self.s[a:b], self.s[b:], self.s[:a]
        if self._aside_after_topic(a, b):
            return
        topic, object_of, core_end, continued = None, False, b, False
        if before.endswith(MASK) and self._topic_run(a - 1):
            origin = _ORIGIN_AFTER.match(seg)
            if origin:  # "reads `pos-sales` from the brewery taprooms"
                self._describe(a + origin.start("w"), origin.group("w"), self._topic_run(a - 1))
                return
        # ("readings (topic x)", "readings — topic x —": the topic in an aside)
        mention = re.match(r"(?:\(|\s*[\u2013\u2014]|\s+--?(?=\s))?\s*\x00", after)
        if mention:
            topic = self._topic_run(b + mention.end() - 1)
            # "Taxi meter | fare events from kafka topic taxi-fares": the topic a little later
            later = [(p, t) for p, t in sorted(self.topics) if b < p <= b + 80]
            if (
                topic is None
                and later
                and _MENTION_GAP.fullmatch(self.text[b : later[0][0]])
                and self._read_as_source(b, later[0][0])
            ):
                topic = later[0][1]
        if topic and before.endswith(MASK) and re.fullmatch(rf"\s*{_ARRIVE}\s+\S.*", seg, ICASE):
            link = _LINK_BEFORE.search(seg)
            if link and link.start() == 0:  # "[readings] are published on [topic x]"
                self.mask(a + len(seg) - len(seg.lstrip()), b)
                return
        if topic:
            link = _LINK_BEFORE.search(seg)
            if not (link and link.group(0).strip()) and not (
                after.startswith("(")
                or re.match(r"\s*(?:[\u2013\u2014]|--?\s)", after)
                or _TOPIC_MENTION.match(self.text, b)
            ):
                return
            core_end = a + (link.start() if link else len(seg))
        else:  # "dedupe swipe events on swiper_id ...": the object of a verb
            link = _LINK_OBJECT.search(seg)
            core_end = a + (link.start() if link else len(seg))
            object_of = True
        # the description: the plain words right before the link, read from the right; the
        # word before them must be filler or a verb ("Our warehouse team wants the | forklift
        # telematics pings (topic x)"), never a word that may select ("late", "EU", "only")
        tokens = list(re.finditer(r"\S+", self.text[a:core_end]))
        first = len(tokens)
        said_all = [t.group(0) for t in tokens]
        terms = _term_words(said_all) | _place_words(said_all)
        named = _name_words(topic)
        if (
            object_of
            and topic is None
            # (never the object of a join's verb: "pair each drop with the nearest ..." says
            # which of the joined records, read or refused by the joins)
            and not any(
                w.lower() in _JOIN_VERBS
                for w in re.findall(r"[A-Za-z]+", self.text[max(0, a - 30) : core_end])
            )
        ):
            # ("write every point to ..." on topic dogwalk.walk_points: the object, the last
            # word of a source topic's name, the records' own noun)
            named = frozenset(
                last
                for _, t in self.topics
                if (last := re.split(r"[-_.]", (t or "").lower())[-1]).isalpha()
            )
        while first > 0 and (
            first - 1 in terms
            or description_word(said_all[first - 1])
            or _field_noun(said_all, first - 1)
            or head_noun(said_all, first - 1)
            or _topic_word(said_all[first - 1], named)
            or _code_of_topic(said_all[first - 1 :], named)
            or (first == len(tokens) and _topic_word(said_all[first - 1].lower(), named))
            # ("Wholesale orders come in on ...": capitalised, opening its sentence)
            or (
                _topic_word(said_all[first - 1].lower(), named)
                and _capitalised_to_open(said_all, first - 1)
            )
        ):
            first -= 1
        lead = [t.group(0).lower() for t in tokens[:first]]
        words = tokens[first:]
        # ("print every toll": the verb read by the sink, checked below as the word before)
        each = bool(object_of and lead and lead[-1] in ("every", "each"))
        if each:
            lead = lead[:-1]  # "write every donation to ..." on topic donations: all of them
        if lead and lead[-1] in _KEEP_VERBS and self._kept_records(a, b, tokens[first:]):
            return  # "keep kiln | readings with temp_c > 1200" on topic kiln-temps
        if lead and (lead[-1] not in FILLER | _OBJECT_VERBS or lead[-1] in _SELECTING_LEAD):
            return
        if not words or any(w in _SELECTING_LEAD for w in lead[-3:]):
            return
        if _DESTINATION_LEAD.search(" ".join(lead[-4:])):
            return  # "and write to events": where the records go, never what they are
        if re.search(r"\b(?:only|just|first|last|latest|top|unique|distinct)\W*$", before, ICASE):
            return
        said = [w.group(0) for w in words]
        if object_of:
            # the object of a verb (read already, or before the words), its noun a generic
            # record noun or the topic's own word ("count logins" on auth-events may select
            # login records: refused)
            prev = re.search(r"([\w-]+)(?:\s+(?:every|each))?\W*$", self.text[:a], ICASE)
            verb = any(w in _OBJECT_VERBS for w in lead) or bool(
                before.endswith(MASK) and prev and prev.group(1).lower() in _OBJECT_VERBS
            )
            # "sum the fuel litres of | tanker deliveries | per ...": the records after an
            # aggregate's "of", in words that only repeat the topic's name
            verb = verb or bool(
                before.endswith(MASK) and lead == ["of"] and self._repeats_topic(said)
            )
            if not verb:
                return
            join_verb = prev and prev.group(1).lower() in _JOIN_VERBS
            if join_verb and any(t.lower() == said[-1].lower() for _, t in self.topics):
                return  # "Join every boarding with ...": the topic read from these very words
            if not self._repeats_topic(said[-1:]):
                # "Group passenger wifi | events by ...", "Group GPS | pings from topic x": the
                # records' noun right after, read already as the stream's own words
                noun = re.match(r"\x00+", self.s[b:])
                said_after = self.text[b : b + noun.end()].split() if noun else []
                if (
                    self.text[core_end:b].strip()
                    or not noun
                    or not 1 <= len(said_after) <= 2
                    or not self._repeats_topic(said_after)
                    or not any(
                        a <= b < e and r in ("sessions", "sources", "description")
                        for a, e, r in self.spans
                    )
                ):
                    return
                continued = True
            # ("Subscribe with the pattern x, count check-ins per ...": the pattern's literal
            # words stand for the topics' names)
            topic = self.topics[0][1] if self.topics else self.pattern_literal()
        phrase = self.text[a + words[0].start() : a + words[-1].end()]
        # "Boarding | scans arrive on topic x": the phrase goes on with words read already
        continued = (object_of and continued) or (
            not self.text[core_end:b].strip()
            and bool(
                re.match(r"[A-Za-z][\w-]*\s", self.text[b:])
                and not re.match(r"(?:from|on|in|of|via|through|over)\s", self.text[b:], ICASE)
            )
        )
        # ("every donation to ClickHouse ...": one singular noun, the topic's own word, after
        # "every" is all the records, as a plural is)
        continued = continued or (each and len(said) == 1)
        if self._describe(a + words[0].start(), phrase, topic, continued) and not object_of:
            # "... readings are published on [topic x]": the verb tying them, read with them
            link = _LINK_BEFORE.search(seg)
            if link and link.group(0).strip():
                self.mask(a + link.start() + len(link.group(0)) - len(link.group(0).lstrip()), b)

    def _aside_after_topic(self, a: int, b: int) -> bool:
        """ "read ski.snow-depth (sensor readings from the slopes)": an aside right after the
        topic, all of it plain words that say what its records are (`plain_description`, a
        place after "from the" too). Masks it; whether it did."""
        opened = re.search(r"\x00\s*\(\s*$", self.s[:a])
        if not opened or not re.match(r"\s*\)", self.s[b:]):
            return False
        phrase = self.text[a:b].strip()
        if not phrase or "\x00" in self.s[a:b]:
            return False
        topic = self._topic_run(opened.start())
        # the records' words, before any place: a word before their noun must be the topic's
        # own or a domain's ("sensor readings"); "(fault events ...)" on press_events may select
        said = re.split(r"\s+(?:from|at|in|on|inside|near)\s", phrase, maxsplit=1)[0].split()
        named = _name_words(topic)
        for i, word in enumerate(said[:-1]):
            if not (
                _topic_word(word.lower(), named)
                or compound_topic_word(said, i, named)
                or word in _RECORD_ACRONYMS
                or any(p.fullmatch(word) for p, _, _ in DOMAINS)
            ):
                return False
        start = a + self.text[a:b].find(phrase)
        return self._describe(start, phrase, topic)

    def _kept_records(self, a: int, b: int, words: list[re.Match[str]]) -> bool:
        """ "keep kiln | readings with temp_c > 1200" on topic kiln-temps: a keep verb, words
        that only repeat the topic's name, then the records' noun the filter read (keeping
        them). Masks the verb and the words; whether it did. A word the topic's name does not
        hold ("keep elevator events" on lift-events) may select records: never read."""
        said = [w.group(0) for w in words]
        if not said or not self._repeats_topic(said) or not self.s.startswith(MASK, b):
            return False
        noun = re.match(r"\x00+", self.s[b:])
        if not noun or not any(
            start < b + noun.end() and end > b and r == "filters" for start, end, r in self.spans
        ):
            return False  # the noun must be read with the filter
        if any(c.negate for c in self.conds if b <= c.pos <= b + 80):
            return False
        verb = re.search(r"(\S+)\s+$", self.text[a : a + words[0].start()])
        if verb is None:
            return False
        self.reader = "filters"
        self.mask(a + verb.start(1), a + verb.end(1))
        self.reader = "description"
        self.mask(a + words[0].start(), a + words[-1].end())
        return True

    def _unsure_kept(self) -> None:
        """ "Flag elevator events where door_cycles > 50000" on topic lift-events: a keep verb,
        plain words the topic's name does not hold, the records' noun, then a condition the
        filters read. The words may say what the records are or pick some of them: noted for
        the refusal (`unsure_description`), never read."""
        for m in list(UNSURE_KEPT.finditer(self.s)):
            said = [*m.group("w").split(), *([m.group("noun")] if m.group("noun") else [])]
            last = said[-1].lower()
            if len(said) > 1 and (last in _GENERIC_NOUNS or re.fullmatch(COUNT_NOUNS, last, ICASE)):
                said = said[:-1]  # the records' own noun
            # ("elevator" before "events": the phrase goes on with the records' noun)
            if not plain_description(said, continued=True) or self._repeats_topic(said):
                continue
            after = m.end() + len(self.s[m.end() :]) - len(self.s[m.end() :].lstrip(MASK))
            if not any(a < after and b > m.end() and r == "filters" for a, b, r in self.spans):
                continue
            topic = self.topics[0][1] if self.topics else self.topic_pattern
            if not topic:
                continue
            clause = self.text[m.start() : self.clause_end(m.end())].strip(" ,;.")
            self.unsure.append((" ".join(said), clause, topic))

    def _read_as_source(self, start: int, end: int) -> bool:
        """Every word read in [start, end) was read as the source (or as repeating its name)."""
        return all(
            any(a <= i < b and reader == "sources" for a, b, reader in self.spans)
            for i in range(start, end)
            if self.s[i] == MASK
        )

    def _describe(
        self, start: int, phrase: str, topic: str | None, continued: bool = False
    ) -> bool:
        said = phrase.split()
        if topic is None or not plain_description(said, continued, _name_words(topic)):
            return False
        if _capitalised(said[-1]) and re.match(r"[.:]\w", self.text[start + len(phrase) :]):
            return False  # ("Output: Ramp.clean": the first part of a name, never a description)
        self.reader = "description"
        self.mask(start, start + len(phrase))
        if not self._repeats_topic(said):
            self.assumptions.append(
                f"read as a description of the records of topic {topic!r}, not as a condition: "
                f"{phrase!r}"
            )
        return True


# --- Descriptions of the records ------------------------------------------------------------
#
# What a description's mention of the topic may open with: "from topic T", "(topic T)", "events
# arrive on T" (read with the topic); never "topic" ("the legacy topic X" describes the topic).
_TOPIC_MENTION = re.compile(
    # "Taxi meter | fare events from kafka topic x": words read already as repeating the topic
    r"\(|(?:[A-Za-z][\w-]*\s+){0,4}?(?:from|on|in|of|via|through|over)\b|(?:events|records|messages"
    r"|data|rows)\b"
    # "Lift telemetry | is pushed to x": the passive of a producer's verb
    r"|(?:is|are|gets?)\s+(?:published|produced|written|streamed|sent|pushed|posted|logged"
    r"|recorded|emitted|reported)\s+(?:to|into|onto)\b",
    ICASE,
)
# Between a description and its topic, words read already (they repeat the topic's name), then
# how they are tied: "Taxi meter [fare events from kafka topic] taxi-fares".
_MENTION_GAP = re.compile(
    r"(?:[A-Za-z][\w-]*\s+){0,4}?(?:from|on|in|of|via|through|over)\s+(?:(?:the|our|kafka|topic)\s+)*"
    r"['\"`]?|\(\s*(?:(?:kafka|topic)\s+)*['\"`]?",
    ICASE,
)
# "reads `pos-sales` from the brewery taprooms": where the records come from, after the topic.
_ORIGIN_AFTER = re.compile(
    r"\s+(?:from|at)\s+(?:the|our)\s+(?P<w>[^\x00]*?)(?=\s+(?:and|then)\b|\s*$)", ICASE
)


# "Ingest airport baggage scans (topic bag-scans) into ...", "museum ticket scans from topic
# gate-scans; ...", "Solar inverter readings come in on topic ...", "dedupe swipe events on
# ...", "reads `pos-sales` from the brewery taprooms": plain words attached to the source that
# only say what its records are. Read last, after every other recogniser, so they only take
# words nothing else read. A word that could carry a requirement (a value, a field name, a
# qualifier such as "late" or "unique", an operator word, a participle such as "failed", a
# capitalised code such as "EU") leaves the whole phrase unread, and the request is refused.

# Verbs arriving records come with: "X arrive on topic T", "X come in on T".
_ARRIVE = (
    r"(?:arrive|arrives|arriving|come\s+in|comes\s+in|coming\s+in|land|lands|landing"
    # "Prescriptions flow in on topic rx-fills", "scans pour in via x"
    r"|(?:flow|flows|flowing|pour|pours|pouring|roll|rolls|rolling|trickle|trickles)\s+in|flow|flows"
    r"|flowing|show\s+up|shows\s+up|turn\s+up|turns\s+up|stream\s+in|streams\s+in|live|lives"
    # "Probe readings stream on compost.windrow-temps", "status changes stream into the topic
    # x" (never "stream to": a sink's verb too)
    r"|(?:stream|streams)(?=\s+(?:on|into|onto|over|through|via)\s)"
    # "Guide radios check in on radio.checkins": devices reporting in
    r"|(?:check|checks|checking)\s+in(?=\s+(?:on|to|via|through|over)\s)"
    r"|sit|sits|(?:are|get|gets|is)\s+(?:published|produced|written|streamed|sent|pushed|logged"
    # ("Substrate batches are reported on x")
    r"|recorded|emitted|posted|reported)"
    # "Lamp status events are read from x": the passive of the source's verb
    r"|(?:are|get|gets|is|will\s+be|should\s+be)\s+(?:read|consumed|ingested|pulled|taken)"
    # "Rides come from scooter-rides"
    r"|(?:come|comes|coming)(?=\s+(?:from|on|through|via|over)\s|\s*$)"
    # "Ride requests are on the Kafka topic ride-requests": where they are
    r"|(?:are|is)(?=\s+(?:on|in)\s))"
)
# What ties a description to the topic after it: "from", "on", "arrive on", "(".
_LINK_BEFORE = re.compile(
    # ("the tailoring orders stream (topic x)": the stream is the topic)
    rf"(?:\s+(?:stream|firehose))?(?:\s+{_ARRIVE})?(?:\s+(?:from|on|in|of|via|through|over|into)(?:\s+(?:the|our|kafka"
    r"|topic))*)?\s*$",
    ICASE,
)
# After a description that is a verb's object: the preposition before what comes next.
_LINK_OBJECT = re.compile(
    r"(?:\s+(?:by|per|on|into|in|within|with|to|onto|from|across|for)(?:\s+(?:the|each|every))?)?"
    r"\s*$",
    ICASE,
)
# Verbs whose object may be the records described ("dedupe swipe events", "group passenger
# wifi events by ...", "count lesson completions per ...").
_OBJECT_VERBS = word_set(
    """dedupe dedup deduplicate de-duplicate dedupes dedups deduplicates count counts tally
    tallies group groups enrich enriches augment augments read reads ingest ingests consume
    consumes process
    processes collect collects load loads take takes stream streams tail tails sessionize
    sessionise forward forwards send sends write writes store stores push pushes publish
    publishes move moves copy copies print prints land lands ship ships dump dumps mirror
    mirrors route routes deliver delivers join joins match matches correlate correlates pair
    pairs"""
)
# Join verbs among them: "Match each trade with topic quotes ..." on topic trades
_JOIN_VERBS = word_set("join joins match matches correlate correlates pair pairs")
# Verbs that keep the records a filter reads ("keep kiln readings with ...").
_KEEP_VERBS = word_set("keep keeping retain retaining pass")
# "keep elevator events where ...", "Flag ticket sales whose ...": plain words between a verb
# that keeps records and the condition (read by the filters), maybe with the records' noun
UNSURE_KEPT = re.compile(
    r"\b(?:keep(?:ing)?|retain(?:ing)?|pass|flag(?:s|ging)?|mark|tag)\s+(?:only\s+)?"
    r"(?:the\s+|all\s+|any\s+)?(?P<w>[A-Za-z]+(?:\s+[A-Za-z]+)?)(?:\s+(?P<noun>[A-Za-z]+))?"
    r"\s+(?=\x00)",
    ICASE,
)
# Words before a description that select records ("only", "the first"): never a description.
_SELECTING_LEAD = word_set(
    """only just keep keeping except not no without drop dropping remove removing skip skipping
    exclude excluding but filter filtering where whose first last latest newest oldest earliest
    top bottom unique distinct"""
)
# Words a description never holds: they may select, order, count or place records.
_REQUIREMENT_WORDS = (
    QUALIFYING
    | _SELECTING_LEAD
    | word_set(
        # "excluding refunds", "bar refunds": an exclusion naming records is a requirement
        """excludes excluded except excepting barring sans minus ignoring ignore omit omitting
    aside apart besides"""
    )
    | word_set(
        """first last latest newest oldest earliest top bottom unique distinct only not no nor
    every per each all any most least more less fewer over under above below between without
    with except where whose which that when if and or but than mobile desktop web ios android
    online offline retail wholesale guest anonymous registered trial free live sandbox staging
    prod production dev debug info beginning start end history backlog offset offsets replay
    count sum total average avg mean min max minimum maximum median percentile number numbers
    rate rates ratio share window windows session sessions hourly daily weekly monthly nightly
    minute minutes hour hours second seconds day days week weeks month months year years today
    yesterday tonight current previous recent again twice duplicate duplicates dupes null empty
    missing blank error errors warning warnings failure failures rejected rejects side sides
    left right either neither lookup cache stream streams
    heavy light long short tall huge tiny major minor severe extreme abnormal unusual odd weird
    risky hot cold warm peak busy idle full broken faulty damaged defective lost stolen overdue
    delayed expired stale fresh young senior junior adult child kids returning repeat frequent
    rare big small slow quick high low valid invalid successful unsuccessful declined approved
    rejected refunded partial complete completed incomplete abandoned new old recent final
    draft demo sample dummy fake synthetic bot bots spam internal external public private
    verified unverified confirmed unconfirmed suspicious failing malfunctioning misbehaving
    crashing erroring flapping faulting offending active inactive disabled enabled dead"""
    )
    # "the sales we care about", "the ones that matter", "relevant orders": a wish that picks
    # records, said of no field
    | word_set("care cares interested interesting relevant important matter matters useful")
)
# Generic record nouns: a description holding only these (and the topic's own words) needs no
# note.
_GENERIC_NOUNS = word_set(
    """events event records record messages message data rows row entries entry items item
    updates update payloads payload stuff traffic feed pings ping readings reading measurements
    measurement samples sample batches batch"""
)
# Filler nouns a description may hold ("lab centrifuge run logs", "print job events").
_FILLER_NOUNS = word_set(
    # ("the tracking boxes on every boat": what the devices do, no step)
    "run runs job jobs app application service server line lines tracking"
)
# Capitalised words that name a kind of record, never a value ("GPS pings", "POS sales").
_RECORD_ACRONYMS = frozenset(
    {"GPS", "IOT", "IoT", "POS", "CDR", "CDRs", "RFID", "NFC", "SMS", "HTTP", "API", "DNS", "ATM",
     "EV", "QR", "CCTV", "ANPR", "ECG", "HVAC", "PLC", "SCADA", "OBD", "AIS", "ADS-B", "BMS",
     # what sensors measure ("the greenhouse CO2 sensors")
     "CO2", "NO2", "NOx", "VOC", "UV", "GNSS", "BLE", "LoRa",
     # the dispatch system ("the CAD system publishes ..."), only as who sends the records
     # (a currency code too: never in the background words of context.py)
     "CAD", "CDN",
     # a distress signal, a kind of device or call ("the SOS gateway"); the beacons that send
     # one ("PLB beacon alerts arrive on ...": personal and maritime locator beacons)
     "SOS", "PLB", "EPIRB",
     # grid devices, as "PLC", "SCADA" ("The PMUs at each substation publish ...")
     "PMU", "RTU"}
) | SYSTEM_ACRONYMS  # fmt: skip
# A word a description may hold: letters, inner hyphens or an apostrophe ("tap-on").
# ("the bakery chain's tills": a possessive too)
# ("patients' aligner cases": a plural's possessive too)
_PLAIN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:'s|(?<=s)')?")
_PRESET_FIELD_NAMES = frozenset(f.name.lower() for fields in PRESETS.values() for f in fields)


# Keywords a misspelt word next to a topic may stand for ("rdea from topik x", "raed x"): such
# a word is left unread, for the typo reader (text.py).
_SLIP_TARGETS = word_set(
    """read reads write send keep drop print store load consume ingest filter count dedupe
    dedup topic topics table stream forward publish session sessions window windows every
    where unique distinct latest sessionize sessionise deduplicate aggregate"""
)


def _slip(word: str) -> bool:
    """A misspelt keyword ("sesions", "topik") or a scrambled one ("rdea"); an English word
    one letter from a keyword is meant as written ("Loan applications", "road sensors", "steam
    room sensors")."""
    if len(word) < 4 or word in _SLIP_TARGETS:
        return False
    if is_slip(word):
        return True
    return word not in english_near() and any(
        distance_one(word, k) or (len(word) == len(k) and sorted(word) == sorted(k))
        for k in _SLIP_TARGETS
    )


def plain_description(
    words: list[str], continued: bool = False, topic_words: frozenset[str] = frozenset()
) -> bool:
    """`words` only say what records are: plain words, none that could carry a requirement.
    `continued`: the phrase goes on with words read already ("Boarding | scans arrive on").
    `topic_words`: the words of the topic's name ("Every completed order lands on
    delivery-completed": what every record of that topic is, selecting none)."""
    if not 1 <= len(words) <= 8:
        return False
    if (
        len(words) == 1
        and not continued
        and not (
            words[0].lower().endswith("s")
            or any(p.fullmatch(words[0]) for p, _, _ in DOMAINS)
            # ("Wholesale orders come in on cocoa.wholesale_orders": a word of the topic's name,
            # capitalised opening its sentence; never a bare lower-case word, which may be the
            # first part of a name: "Output: ramp.clean")
            or (_capitalised(words[0]) and words[0].lower() in topic_words)
        )
    ):
        return False  # one word: a plural noun ("pings from topic x"), never "rdea from topik x"
    terms = _term_words(words) | _place_words(words)
    if len(words) - len(_place_words(words)) > 5:
        return False
    if _code_of_topic(words, topic_words):
        words = words[1:]  # (the code is the topic's own: see `_code_of_topic`)
    return all(
        i in terms
        or description_word(w)
        or _field_noun(words, i)
        or head_noun(words, i)
        or _measure_head(words, i)
        or _topic_word(w, topic_words)
        # ("The cold rooms report on vault.coldroom-temps": two words the name joins in one)
        or compound_topic_word(words, i, topic_words)
        # ("count the cue GOs on lx.cue-go": the records' noun, the topic's, in capitals)
        or (i == len(words) - 1 and _topic_word(w.lower(), topic_words))
        # ("Wholesale orders ...": capitalised, opening the description)
        or (i == 0 and _capitalised(w) and _topic_word(w.lower(), topic_words))
        for i, w in enumerate(words)
    )


def _topic_word(word: str, named: frozenset[str]) -> bool:
    """`word` is a word of the topic's name, said plainly in lower case ("error" of
    lx.dmx-errors, singular or plural)."""
    low = word.lower()
    return word.islower() and (low in named or singular(low) in {singular(n) for n in named})


def compound_topic_word(words: list[str], i: int, named: frozenset[str]) -> bool:
    """words[i] and the word next to it, joined, are one word of the topic's name ("cold rooms"
    on vault.coldroom-temps): the name holds every record of theirs, so a word that could
    pick some ("cold") picks none. Plain lower-case words, the first of a sentence capitalised."""
    named_singular = {singular(n) for n in named}
    low = words[i].lower()
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", low) and low.replace("-", "") in named:
        return True  # ("the walk-in freezers" on kitchen.walkin-temps: one word, hyphenated)
    for j in (i - 1, i):
        if j < 0 or j + 1 >= len(words):
            continue
        pair = words[j : j + 2]
        if not all(w.isalpha() and (w.islower() or _capitalised(w)) for w in pair):
            continue
        if _capitalised(pair[1]):
            continue  # ("the cold Rooms": a name's capital, never a compound)
        joined = "".join(pair).lower()
        if joined in named or singular(joined) in named_singular:
            return True
    return False


def topic_name_words(topic: str | None) -> frozenset[str]:
    """The plain words of `topic`'s name (see `_name_words`)."""
    return _name_words(topic)


def _code_of_topic(words: list[str], named: frozenset[str]) -> bool:
    """ "DMX error frames arrive on lx.dmx-errors": a code opening the description is the
    topic's own when the topic's name holds it, every word after it but the last is one of
    the name's words too, and the last, the records' noun, is not (a description all of the
    topic's words is read as the topic's name said again, by the context reader; "ACARS fault
    report" on acars.engine-reports may select fault reports: refused)."""
    if len(words) < 2 or not re.fullmatch(r"[A-Z][A-Z0-9]+", words[0]):
        return False
    if words[0].lower() not in named:
        return False
    return all(_topic_word(w, named) for w in words[1:-1]) and not _topic_word(words[-1], named)


def _capitalised(word: str) -> bool:
    """ "Wholesale": an initial capital, the rest lower case (never an acronym)."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and word.isalpha()


def _capitalised_to_open(words: list[str], i: int) -> bool:
    """words[i] is capitalised only because it opens the request or a sentence (never a proper
    name or an acronym mid-sentence)."""
    word = words[i]
    return word[:1].isupper() and word[1:].islower() and (i == 0 or words[i - 1][-1:] in ".!?:")


def _name_words(topic: str | None) -> frozenset[str]:
    """The plain words of `topic`'s name ("delivery-completed": delivery, completed)."""
    if topic is None:
        return frozenset()
    return frozenset(p for p in re.split(r"[-_.]", topic.lower()) if p.isalpha())


# Nouns other readers take as filler ("results", "reads") that name the records when a plain
# word comes before them: "Quiz results arrive on ...", "Page reads come in on ...".
_RECORD_HEADS = word_set("results reads views submissions responses answers outcomes")


def head_noun(words: list[str], i: int) -> bool:
    """ "Quiz results": a record noun of `_RECORD_HEADS` ending a description, after a plain
    word; alone ("The results stream into x") it names no records."""
    return (
        0 < i == len(words) - 1
        and words[i].lower() in _RECORD_HEADS
        and description_word(words[i - 1])
    )


# A place said inside a description: "Member scans at the wash gate come in on ...".
_PLACE_PREPOSITIONS = word_set("at in from on inside near for")
# ("website visits for the flash-sale page", "votes for the audience award": what the records
# are about, a thing named with plain words; never a time, which may pick some of the records:
# "orders for the weekend", "bookings for the summer season")
_FOR_TIMES = word_set(
    "weekend weekends night nights morning mornings afternoon afternoons evening evenings"
    " summer winter spring autumn fall holiday holidays season seasons shift shifts week weeks"
    " month months quarter year years day days today tonight tomorrow yesterday period"
)
_PLACE_DETERMINERS = word_set("the our")
# ("Ticket sales from all tills", "readings from every scale": all the producers, no selection)
_ALL_PRODUCERS = word_set("all every each")


def _place_words(words: list[str]) -> set[int]:
    """The positions of "at the" between plain words of a description ("scans at the wash
    gate"), or of "from all (the)" ("sales from all tills", "readings from every scale"):
    where the records are made, never a condition (which needs a field or a value)."""
    low = [w.lower() for w in words]
    found: set[int] = set()
    for i in range(1, len(low) - 2):
        if low[i] not in _PLACE_PREPOSITIONS or not description_word(words[i - 1]):
            continue
        det = i + 1
        if low[det] in _ALL_PRODUCERS and low[i] in ("from", "at"):
            det += low[det] == "all" and det + 2 < len(low) and low[det + 1] in _PLACE_DETERMINERS
        elif low[det] not in _PLACE_DETERMINERS:
            continue
        if low[i] == "for" and any(singular(w) in _FOR_TIMES or w in _FOR_TIMES for w in low[det:]):
            continue
        if det + 1 < len(low) and description_word(words[det + 1]):
            found |= set(range(i, det + 1))
    # ("Collections from garages come in on ...", "scans from handheld scanners": who makes
    # them, a bare plural of one or two plain words ending the description)
    for i in range(1, len(low) - 1):
        if (
            low[i] == "from"
            and 1 <= len(low) - i - 1 <= 2
            and low[-1].endswith("s")
            and low[i + 1] not in _PLACE_DETERMINERS
            and description_word(words[i - 1])
            and all(description_word(w) for w in words[i + 1 :])
        ):
            found.add(i)
    # ("Wi-Fi usage on board", "readings on site": an idiom of place with no determiner)
    for i in range(1, len(low) - 1):
        if (low[i], low[i + 1]) in _BARE_PLACES and description_word(words[i - 1]):
            found |= {i, i + 1}
    return found


_BARE_PLACES = frozenset({("on", "board"), ("on", "site"), ("at", "sea")})


# "... on 'sso-auth-logs', each with source_ip, username, outcome and a timestamp": the fields
# the records carry, listed right after the (masked) source topic (see `_fields_after_topic`)
_FIELD_WORD = r"[A-Za-z_]\w*"
# "Our listing events (topic listings.updates) only carry agent_id": what the records hold, said
# with "only" right after the (masked) topic, a name only a field has; never a step (a
# statement about the records, the sentence ends after the names)
ONLY_FIELDS_AFTER_TOPIC = re.compile(
    r"\x00(?P<w>\)?\s+(?:only|just)\s+(?:carry|carries|have|has|contain|contains|include|includes)"
    r"\s+(?:an?\s+)?)(?P<list>[A-Za-z]\w*_\w+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[A-Za-z]\w*_\w+)*)"
    # ("..., which is useless for the quay staff": why that is not enough, a judgement of those
    # fields by plain words, no value or name)
    r"(?P<why>\s*,\s*(?:which|that)\s+(?:is|are|isn't|aren't)\s+(?:(?:not|of)\s+)?(?:really\s+|very\s+)?"
    r"(?:useless|unhelpful|meaningless|cryptic|opaque|unreadable|no\s+use|useful|helpful"
    r"|readable|meaningful|enough)(?:\s+(?:for|to)\s+(?:the\s+|our\s+)?(?:[a-z]+\s+){0,2}[a-z]+)?)?"
    r"(?=\s*(?:[.;\n]|$))",
    ICASE,
)


def fields_listed(words: str) -> list[str]:
    """The names a FIELDS_AFTER_TOPIC list says ("a player_id and a map_id")."""
    return [w for w in re.findall(_FIELD_WORD, words) if w.lower() not in ("a", "an", "and")]


FIELDS_AFTER_TOPIC = re.compile(
    r"\x00(?P<w>\s*[,;]?\s*(?:(?:each|every\s+(?:one|record|event|message))\s+)?(?:with|carrying"
    # "Each frame on `downlink.frames` carries a pass_id."
    # (the mask may hold the space before the verb: "x has ..." read as a sentence's subject)
    r"|having|(?<=\x00)\s*(?:carries|carry|has|have|includes|include|contains|contain)"
    # "...-cycles; each has home_id, mode and runtime_s"
    r"|(?<=each\s)(?:carries|has|includes|contains))\s+"
    # ("with epoch-second fields dispatched_s and enroute_s": what the fields hold, before)
    r"(?:the\s+)?(?:(?:[A-Za-z][\w-]*\s+)?fields?\s+)?)"
    # ("with a player_id and a map_id": an article before a name only a field has)
    r"(?P<list>(?:an?\s+(?=[A-Za-z]\w*_\w))?"
    rf"(?!(?:a|an|the|no|every|each|some|only)\b){_FIELD_WORD}(?:\s*,\s*{_FIELD_WORD})*"
    rf"\s*,?\s+and\s+(?:an?\s+)?{_FIELD_WORD}"
    # ("with fields order_id, total, shop": after the word "fields" a list needs no "and")
    rf"|(?<=\bfields\s){_FIELD_WORD}(?:\s*,\s*{_FIELD_WORD})+"
    # (one field: a name only a field has, "a pass_id")
    r"|an?\s+[A-Za-z]\w*_\w+)"
    # ("x has particle_size_mm and purity_pct per line_id": what the readings are per, a
    # field the request names again, see `_fields_after_topic`)
    # (the grouping read already: masked, the sentence's full stop with it)
    r"(?:\s+(?:per|for\s+each|for\s+every)\s+(?P<pf>[A-Za-z]\w*_\w+)|\s+(?P<pm>\x00+))?"
    r"(?=\s*(?:[.;)\n]|$)|(?<=\x00))",
    ICASE,
)


# "We track every container move at the port on the Kafka topic yard-moves": who records what,
# all of it, on the topic right after (see `_tracked_on`).
TRACKED_ON = re.compile(
    r"\b(?:we|they|i)\s+(?:track|log|record|capture|collect|publish|receive|get|stream|send|emit"
    r"|push)\s+(?:every|each|all(?:\s+(?:the|our))?)\s+"
    r"(?P<w>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,6}?)\s+(?:on|in|into|to|through|via|over)\s+"
    r"(?:the\s+|our\s+)?(?=\x00)",
    ICASE,
)


def _compound(words: list[str]) -> bool:
    """ "container move", "port": plain description words, the last one may be a noun the
    filler list holds as a verb ("move", "copy") when a description word comes before it."""
    if not 1 <= len(words) <= 3:
        return False
    head = words[-1].lower()
    noun_head = (
        len(words) > 1
        and head in FILLER
        and head not in _REQUIREMENT_WORDS | STOP
        and _PLAIN_WORD.fullmatch(words[-1]) is not None
    )
    return all(description_word(w) for w in (words[:-1] if noun_head else words))


def _measure_head(words: list[str], i: int) -> bool:
    """ "stock levels", "battery temperatures": a preset field's name in the plural ending a
    description, after a plain description word, names what each record measures (a compound
    noun), never a condition on the field ("high levels": 'high' is no description word)."""
    low = words[i].lower()
    return (
        0 < i == len(words) - 1
        and low.endswith("s")
        and singular(low) in _PRESET_FIELD_NAMES
        and _PLAIN_WORD.fullmatch(words[i]) is not None
        and low not in _REQUIREMENT_WORDS | STOP | FILLER
        and description_word(words[i - 1])
    )


def _field_noun(words: list[str], i: int) -> bool:
    """ "Lamp status events", "location updates": a preset field's name right before a generic
    record noun names the kind of records (a compound noun), never a condition on the field."""
    low = words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    return (
        nxt in _GENERIC_NOUNS
        and (low in _PRESET_FIELD_NAMES or singular(low) in _PRESET_FIELD_NAMES)
        and _PLAIN_WORD.fullmatch(words[i]) is not None
        and low not in _REQUIREMENT_WORDS | STOP | FILLER
        and not _slip(low)
    )


# Fixed terms whose second word elsewhere asks for something ("rate"): "heart rate readings
# from topic x" only says what the records are.
_TERMS = frozenset(
    {("heart", "rate"), ("pulse", "rate"), ("respiratory", "rate"), ("breathing", "rate"),
     ("resting", "rate"), ("exchange", "rate"), ("exchange", "rates"), ("frame", "rate"),
     ("bit", "rate")}
)  # fmt: skip


def _term_words(words: list[str]) -> set[int]:
    """The positions of the words of a fixed term (`_TERMS`) in `words`."""
    low = [w.lower().strip(",;:.") for w in words]
    at = {i for i in range(len(low) - 1) if (low[i], low[i + 1]) in _TERMS}
    return at | {i + 1 for i in at}


# Participles every record of its kind has, which select none: "Every bid placed lands in x"
_EVERY_RECORD_PARTICIPLES = frozenset(
    {"placed", "made", "recorded", "logged", "generated", "produced"}
)


def mode_part(word: str) -> bool:
    """A compound's first parts hold a qualifying word or a mode ("test-mode", "high-pressure",
    "beta-build"), never a step's noun ("session-state records")."""
    return any(
        part in QUALIFYING or part in _SELECTING_MODE for part in word.lower().split("-")[:-1]
    )


# A mode a record is made in, as a compound's first part ("test-mode scans", "beta-build
# crashes"): a kind of records some are, never all (a plain "test results" may name them all)
_SELECTING_MODE = word_set("test testing trial beta canary preview qa training practice")


def description_word(word: str) -> bool:
    """A word a description of the records may hold (see `plain_description`)."""
    low = word.lower()
    if word in _RECORD_ACRONYMS or (word.endswith("s") and word[:-1] in _RECORD_ACRONYMS):
        return True  # ("factory line PLCs": the acronym's plural too)
    if _slip(low):
        return False
    if not _PLAIN_WORD.fullmatch(word) or re.fullmatch(r"[A-Z]{2,}s?", word):
        return False  # a digit, a name with '_' or '.', a code like "EU"
    if low in _REQUIREMENT_WORDS or (low in FILLER and low not in _GENERIC_NOUNS | _FILLER_NOUNS):
        return False
    if low in STOP and low not in _GENERIC_NOUNS:
        return False
    if len(low) > 4 and re.search(r"[^e]ed$", low) and low not in _EVERY_RECORD_PARTICIPLES:
        return False  # a participle: "failed", "cancelled", "flagged"
    domain = any(p.fullmatch(word) for p, _, _ in DOMAINS)  # "sensor": picks the preset
    return domain or (low not in _PRESET_FIELD_NAMES and singular(low) not in _PRESET_FIELD_NAMES)


def unsure_description(words: str, clause: str, topic: str) -> str:
    """The refusal for words that may describe a topic's records or select some of them."""
    return (
        f"cannot tell what {words!r} says in {clause!r}: what every record of topic {topic!r} "
        f"is (then leave it out), or which records to keep (then name the field holding it, "
        f"e.g. \"keep events where kind = 'elevator' and door_cycles > 50000\")"
    )


def _qualifying_word(word: str) -> bool:
    """A word of a phrase describing the records that could select some of them: a qualifier,
    a requirement's word, a stop word, a number, a participle or a field's name."""
    low = word.lower()
    return (
        low in QUALIFYING
        or low in _REQUIREMENT_WORDS
        or (low in STOP and low not in ("records", "events", "messages"))
        or re.search(r"\d|ed$", low) is not None
        or "_" in low  # a field name
    )
