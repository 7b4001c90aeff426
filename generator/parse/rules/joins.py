"""Recogniser: joins (stream-stream interval joins within a time bound, stream-table joins
against a compacted topic)."""

from __future__ import annotations

import re
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import JOIN_FIELDS, LOOKUPS, PRESETS
from .fields import SchemaResolver
from .lexicon import (
    DEFAULT_JOIN_PRESET_KEY,
    DOMAINS,
    ENTITY_ALIASES,
    FIELD,
    FIELD_RE,
    MASK,
    NAME,
    QUOTED,
    STOP,
    _snake,
    guess_type,
    read_list,
    singular,
    unquote,
)
from .quantities import DUR, ICASE, dur_ms
from .state import Join

JOIN_VERB = re.compile(
    r"\b(?:join(?:s|ing)?|enrich(?:es|ing)?|look(?:s|ing)?\s+up|lookup)\b", ICASE
)


# "the clicks topic joined with ...", never "the joined records"
JOIN_VERB_STRICT = re.compile(r"\bjoin(?:s|ing)?\b|\bjoined(?=\s+(?:with|to|against)\b)", ICASE)


# The fields to take in a clause of their own: "..., key driver:{driver_id}, adding name and rating"
FIELDS_CLAUSE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:adding|taking|fetching|getting|pulling|copying"
    r"|to\s+(?:get|add|fetch|attach|pull|copy))\b",
    ICASE,
)


# The time bound in a clause of its own: "..., matching updates within 5 minutes of each click"
BOUND_CLAUSE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:(?:matching|matched|pairing|paired|joining|taking|using)\s+"
    r"(?:(?:the\s+|any\s+|only\s+)?[A-Za-z][\w-]*\s+)?"
    r"|(?:where|when|if)\s+(?:the\s+|a\s+|an\s+)?[A-Za-z][\w-]*\s+(?:comes?|arrives?|happens?"
    r"|occurs?|lands?|is\s+\w+)\s+)?(?=within\b)",
    ICASE,
)


TABLE_TOPIC = [
    re.compile(
        rf"\b(?:compacted|changelog|table|ktable)\s+(?:kafka\s+)?topic\s+(?P<t>{NAME})", ICASE
    ),
    re.compile(
        rf"\b(?:the\s+)?(?P<t>{NAME})\s+(?:compacted|changelog)\s+(?:kafka\s+)?topic\b", ICASE
    ),
    re.compile(
        rf"\blatest\b[^,;\x00]{{0,80}}?\b(?:from|in|of)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
        rf"(?P<t>{NAME})",
        ICASE,
    ),
]


RIGHT_PHRASE_END = re.compile(
    r"\s+(?:on|using|by|within|matching|where|keyed|when|if|up\s+to)\b|[,;]|\.(?=\s|$)", ICASE
)


WITHIN = re.compile(
    rf"\bwithin\s+(?:a\s+|an\s+)?(?:window\s+of\s+)?(?:±\s*|\+/-\s*|plus\s+or\s+minus\s+)?"
    rf"(?P<a>{DUR})(?:\s+(?:window|of\s+each\s+other|either\s+way|apart"
    r"|of\s+(?:each|every|the|its|their)\s+[A-Za-z][\w-]*))?"
    r"(?:\s+(?P<adir>before|after|earlier|later))?"
    rf"(?:\s+(?:and|or)\s+(?P<b>{DUR})\s+(?P<bdir>before|after|earlier|later))?",
    ICASE,
)


# Which records a join keeps. (how, pattern); a group "x" is the right side's noun, which must
# name the joined stream or table ("keep orders even if there is no payment" joined with
# payments) or a match, so "drop records without an email" stays a filter.
_NO = r"(?:without|with\s+no|that\s+(?:have|has)\s+no|having\s+no|lacking)\s+(?:an?\s+|any\s+)?"
_X = (
    r"(?:matching\s+|known\s+|corresponding\s+)?(?P<x>[a-z]+)(?:\s+(?:rows?|records?|entry|match))?"
)
JOIN_HOW: list[tuple[str, re.Pattern[str]]] = [
    ("left", re.compile(r"\bleft(?:\s+outer)?(?=\s+join\b)", ICASE)),
    (
        "left",
        re.compile(
            r"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+)?(?:the\s+|all\s+)?(?:unmatched\s+"
            r"[a-z]+|[a-z]+\s+(?:that\s+(?:are|were)\s+)?unmatched)\b",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+"
            r"(?:if|when)\s+(?:there\s+(?:is|are|was)\s+|they\s+(?:have|find)\s+|it\s+has\s+)?"
            rf"no\s+{_X}\b",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            rf"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+{_NO}{_X}\b", ICASE
        ),
    ),
    (
        "left",
        re.compile(
            r"\b(?:(?:keep\w*|includ\w*|emit\w*)\s+)?(?:the\s+|all\s+)?[a-z]+\s+with\s+or\s+"
            rf"without\s+(?:an?\s+|any\s+)?{_X}\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:the\s+)?[a-z]+\s+(?:whose|where\s+the)\s+"
            r"(?P<x>[a-z]+)\s+(?:is|are)\s+(?:known|found|present)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:the\s+)?(?:matched\s+[a-z]+|[a-z]+\s+"
            r"(?:with|that\s+(?:have|has)|having)\s+(?:an?\s+)?(?:matching|known|corresponding)"
            r"\s+(?P<x>[a-z]+)(?:\s+(?:rows?|records?|entry))?)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            r"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"(?:unmatched\s+[a-z]+|[a-z]+\s+{_NO}{_X})\b",
            ICASE,
        ),
    ),
]
_MATCH_WORDS = frozenset(["match", "matches", "counterpart", "counterparts"])


UP_TO = re.compile(rf"\bup\s+to\s+(?P<a>{DUR})\s+(?P<adir>before|after|earlier|later)", ICASE)


def read_join_key_and_fields(join: Join, clause: str) -> None:
    """The key ("on user_id = id") and fields ("taking email and name") of a join clause."""
    km = re.search(
        rf"\b(?:on|using|by|matching(?:\s+on)?|keyed\s+by)\s+(?:the\s+)?(?:same\s+)?"
        rf"(?P<l>{FIELD})(?:\s*(?:=|==|equals|matches|to)\s*(?P<r>{FIELD}))?",
        clause,
        ICASE,
    )
    if km:
        left, _ = unquote(km.group("l"))
        if left.lower() not in STOP:
            join.left_key = re.sub(r"^\w+\.(?=\w)", "", left)
            right = unquote(km.group("r"))[0] if km.group("r") else join.left_key
            join.right_key = re.sub(r"^\w+\.(?=\w)", "", right)
    fm = re.search(
        r"\b(?:taking|adding|add|to\s+(?:get|add|fetch|attach|pull)|fetching|getting"
        r"|pulling|with\s+(?:the\s+)?fields?|fields?)\s+(?:the\s+)?(?:fields?\s+)?",
        clause,
        ICASE,
    )
    if fm:
        items, _ = read_list(clause, fm.end(), FIELD_RE)
        join.fields = [t for t, _, _ in items]


class JoinRecogniser(SchemaResolver):
    # ("left" | "inner", the words saying so), when the request says which records a join keeps
    join_how: tuple[str, str] | None = None

    def _right_side_words(self) -> set[str]:
        """Singular words naming a join's right side, read before the join itself is taken."""
        names: list[str] = []
        for pattern in TABLE_TOPIC:
            names += [unquote(m.group("t"))[0] for m in pattern.finditer(self.s)]
        names += re.findall(r"\blatest\s+(?:known\s+)?([a-z]+)", self.s, ICASE)
        for m in JOIN_VERB.finditer(self.s):
            end = self.clause_end(m.end())
            if re.search(r"\bredis\b", self.s[m.start() : end], ICASE):
                continue  # a Redis lookup: its misses are `on_miss`, not a join's `how`
            wm = re.compile(r"\b(?:with|to|against)\s+", ICASE).search(self.s, m.end(), end)
            if wm:
                stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
                names.append(self.s[wm.end() : stop.start() if stop else end])
        words = {singular(w) for n in names for w in re.split(r"[\W_]+", n.lower()) if w}
        return words - STOP

    def extract_join_how(self) -> None:
        """ "left join", "keeping unmatched orders", "only orders whose customer is known"."""
        right = self._right_side_words()
        if not right:
            return
        for how, pattern in JOIN_HOW:
            for m in list(pattern.finditer(self.s)):
                if MASK in m.group(0):
                    continue
                x = (m.groupdict().get("x") or "").lower()
                if x and x not in _MATCH_WORDS and singular(x) not in right:
                    if how == "inner":
                        continue  # "drop records without an email": a filter
                    raise RequestNotUnderstood(
                        f"{m.group(0)!r}: {x!r} is not the stream or table joined; say which "
                        'records the join keeps, e.g. "left join orders with payments on '
                        'order_id within 15 minutes"'
                    )
                if self.join_how and self.join_how[0] != how:
                    raise RequestNotUnderstood(
                        f"{self.join_how[1]!r} and {m.group(0)!r}: say either that the join keeps "
                        "records without a match (a left join) or that it drops them (an inner "
                        "join), not both"
                    )
                words = m.group(0) + (" join" if m.group(0).lower().startswith("left") else "")
                self.join_how = (how, words)
                self.mask(m.start(), m.end())

    def extract_table_join(self) -> None:
        self.extract_join_how()
        m = None
        for pattern in TABLE_TOPIC:
            for cand in pattern.finditer(self.s):
                name, quoted = unquote(cand.group("t"))
                if pattern is TABLE_TOPIC[-1]:
                    # "with the latest customer data from topic customers" joins; "write the
                    # latest balance of each account from topic balances to Redis" reads a source
                    before = self.s[self._clause_start(cand.start(), JOIN_VERB) : cand.end()]
                    if not (JOIN_VERB.search(before) or re.search(r"\bwith\b", before, ICASE)):
                        continue
                if quoted or (name and name.lower() not in STOP):
                    m = cand
                    break
            if m:
                break
        if not m:
            return
        start = self._clause_start(m.start(), JOIN_VERB)
        end = self.clause_end(m.end())
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on user_id, adding name and country"
            end = self.clause_end(more.end())
        clause = self.s[start:end]
        entity = None
        em = re.search(
            r"\blatest\s+(?:known\s+)?(?P<e>[a-z]+)\s+(?:record|row|value|version|state|snapshot"
            r"|data|details|profile|info\w*)s?\b",
            clause,
            ICASE,
        )
        named = bool(em and em.group("e").lower() not in STOP)
        if em and named:
            entity = em.group("e").lower()
        if entity is None:
            entity = singular(re.split(r"[-_.]", name.lower())[-1]) if name else None
        join = Join(start, "table", name, clause, None, None, entity=entity, data_named=named)
        read_join_key_and_fields(join, clause)
        # "enrich topic orders with the latest customer ...": the stream being enriched is the
        # source; leave it to the source recogniser
        with_at = re.search(r"\bwith\b", self.s[start : m.start()], ICASE)
        if with_at and re.search(
            r"\btopic\b|\bfrom\b", self.s[start : start + with_at.start()], ICASE
        ):
            verb = JOIN_VERB.match(self.s, start)
            self.mask(start, verb.end() if verb else start)
            start += with_at.start()
        self.mask(start, end, domain=True)
        self.joins.append(join)

    def _clause_start(self, pos: int, verb: re.Pattern[str]) -> int:
        begin = max(
            self.s.rfind(",", 0, pos), self.s.rfind(";", 0, pos), self.s.rfind(". ", 0, pos)
        )
        found = None
        for vm in verb.finditer(self.s, begin + 1, pos):
            found = vm.start()
        return found if found is not None else begin + 1

    def extract_interval_join(self) -> None:
        m = JOIN_VERB_STRICT.search(self.s) or self.enrich_as_join
        if not m:
            return
        end = self.clause_end(m.end())
        wm = re.compile(
            r"\b(?:with|to|against)\s+|\band\s+(?=(?:the\s+)?(?:kafka\s+)?topic\s|['\"`])", ICASE
        ).search(self.s, m.end(), end)
        if not wm:
            raise RequestNotUnderstood(
                "join: name the other stream, e.g. \"join ... with topic 'profiles' on user_id "
                'within 5 minutes" (or "... with the latest customer record from compacted '
                "topic 'customers'\" for a stream-table join)"
            )
        more = BOUND_CLAUSE.match(self.s, end)
        if more and not WITHIN.search(self.s, m.end(), end):
            end = self.clause_end(more.end() + 1)
        stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
        right_end = stop.start() if stop else end
        right_phrase = self.s[wm.end() : right_end]
        topic = None
        tm = re.search(rf"\btopic\s+(?P<t>{NAME})", right_phrase, ICASE) or re.search(
            rf"\bthe\s+(?P<t>{NAME})\s+(?:kafka\s+)?topic\b", right_phrase, ICASE
        )
        if tm:
            topic = unquote(tm.group("t"))[0]
        else:
            qm = re.search(QUOTED, right_phrase)
            if qm:
                topic = unquote(qm.group(0))[0]
        clause = self.s[right_end:end]
        join = Join(m.start(), "interval", topic, right_phrase, None, None)
        self.join_left_phrase = self.s[m.end() : wm.start()]
        read_join_key_and_fields(join, clause)
        bm = WITHIN.search(clause)
        if not bm:
            bm2 = UP_TO.search(clause)
            if not bm2:
                raise RequestNotUnderstood(
                    'stream-stream join: give a time bound (e.g. "within 5 minutes"), or ask '
                    "for the latest value from a compacted topic for a stream-table join"
                )
            span = dur_ms(bm2.group("a"))
            direction = bm2.group("adir").lower()
            join.before_ms = span if direction in ("before", "earlier") else 0
            join.after_ms = span if direction in ("after", "later") else 0
        else:
            a = dur_ms(bm.group("a"))
            adir = (bm.group("adir") or "").lower()
            b = dur_ms(bm.group("b")) if bm.group("b") else None
            bdir = (bm.group("bdir") or "").lower()
            before = after = a
            if adir in ("before", "earlier"):
                before, after = a, (b if b is not None and bdir in ("after", "later") else 0)
            elif adir in ("after", "later"):
                after, before = a, (b if b is not None and bdir in ("before", "earlier") else 0)
            join.before_ms, join.after_ms = before, after
        if join.before_ms != join.after_ms and self._left_is_subject(clause, right_phrase, topic):
            # "where the click comes within 10 minutes after the impression", clicks being the
            # stream joined: the other stream's record comes first
            join.before_ms, join.after_ms = join.after_ms, join.before_ms
        gm = re.search(
            rf"\b(?:grace(?:\s+period)?\s*(?:of)?\s*(?P<a>{DUR})|(?P<b>{DUR})\s+(?:of\s+)?grace)",
            clause,
            ICASE,
        )
        if gm:
            join.grace_ms = dur_ms(gm.group("a") or gm.group("b"))
        self.mask(wm.start(), end, domain=True)
        self.mask(m.start(), m.end())
        self.joins.append(join)

    def _left_is_subject(self, clause: str, right_phrase: str, topic: str | None) -> bool:
        """Whether the time bound is said of the joined (left) stream's record."""
        sm = re.search(
            r"\b(?:where|when|if|once)\s+(?:the\s+|a\s+|an\s+|each\s+)?(?P<subj>[A-Za-z][\w-]*)\s+"
            r"(?:comes?|arrives?|happens?|occurs?|lands?|is\s+\w+|was\s+\w+)\s+(?:within|up\s+to)\b",
            clause,
            ICASE,
        )
        if not sm:
            return False

        def words(text: str) -> set[str]:
            return {singular(w.lower()) for w in re.findall(r"[A-Za-z][\w]*", text)}

        subject = singular(sm.group("subj").lower())
        right = words(right_phrase) | words(topic or "")
        return subject in words(self.join_left_phrase) and subject not in right

    def build_join(self) -> dict[str, Any] | None:
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
        data = self._table_join(j) if j.kind == "table" else self._interval_join(j)
        if self.join_how:
            data = {"kind": data.pop("kind"), "how": self.join_how[0], **data}
        return data

    def _table_join(self, j: Join) -> dict[str, Any]:
        entity = ENTITY_ALIASES.get(j.entity or "", j.entity) or "record"
        _prefix, preset_fields = LOOKUPS.get(entity, ("", []))
        right_key = j.right_key or f"{entity}_id"
        left_key = self.resolve(j.left_key or right_key, role="key", explicit=bool(j.left_key),
                                why="join key")  # fmt: skip
        types = {s: ty for s, _t, ty in preset_fields}
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                target = next((t for s, t, _ in preset_fields if s == src), f"{entity}_{src}")
                mapping.append((src, target, types.get(src, guess_type(src))))
        elif preset_fields:
            mapping = list(preset_fields)
            if not j.data_named:  # "the latest customer data" names the value
                self.assumptions.append(
                    f"the request names no {entity} fields to take from {j.right_topic!r}; took "
                    f"the usual {entity} fields: {', '.join(s for s, _t, _ty in mapping)}"
                )
        else:
            raise RequestNotUnderstood(
                f"join with table {j.right_topic!r}: no known fields for {entity!r} records; name "
                "them (e.g. \"... from compacted topic 'x' taking name and tier\")"
            )
        right_fields = [{"name": right_key, "type": guess_type(right_key), "required": True}]
        right_fields += [
            {"name": s, "type": k, "required": False} for s, _t, k in mapping if s != right_key
        ]
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        self.right_subject = entity
        return {
            "kind": "table_join",
            "table_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }

    def claim_right_topic(self) -> None:
        """ "join orders with payments ...; orders come from topic orders, payments from topic
        payments": the topic said of the join's other stream is that stream, not a source (and
        "clicks come from" describing a named topic is read)."""
        if len(self.joins) != 1 or self.joins[0].kind != "interval" or len(self.topics) < 2:
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
            stream = r"[\s-]+".join(map(re.escape, names))
            said = re.compile(
                rf"\b{stream}\s+(?:(?:come|comes|arrive|arrives"
                r"|are|is|live|lives)\s+)?(?:from|in|on)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
                rf"(?P<t>{NAME})",
                ICASE,
            )
            for m in said.finditer(self.text):
                topic = unquote(m.group("t"))[0]
                named = [t for t in self.topics if t[1] == topic]
                if not named:
                    continue
                self.mask(m.start(), m.start("t"))
                if right:
                    j.right_topic = topic
                    self.topics.remove(named[0])
                break

    def _interval_join(self, j: Join) -> dict[str, Any]:
        phrase = j.right_phrase
        visible = (phrase or "") + " " + (j.right_topic or "")
        best = None
        for pattern, preset, subject in DOMAINS:
            m = pattern.search(visible)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), preset, subject)
        words = re.sub(
            rf"\btopic\s+{NAME}|{QUOTED}|\b(?:from|the|kafka|stream|topic)\b",
            " ",
            phrase,
            flags=ICASE,
        )
        words_list = [w for w in re.findall(r"[A-Za-z][\w-]*", words) if w.lower() not in STOP]
        if j.right_topic is None:
            if not words_list:
                raise RequestNotUnderstood("join: name the other stream's Kafka topic")
            j.right_topic = "-".join(w.lower() for w in words_list)
            self.assumptions.append(
                f"the join's right stream topic was not named; assumed {j.right_topic!r}"
            )
        if best:
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
        left_key = self.resolve(
            left_key, role="key", explicit=j.left_key is not None, why="join key"
        )
        right_key = right_key or left_key
        if not right_fields:
            if not j.fields:
                raise RequestNotUnderstood(
                    f"join with {j.right_topic!r}: unknown stream; name the fields to take "
                    '(e.g. "... taking status and amount")'
                )
            right_fields = [
                {"name": right_key, "type": guess_type(right_key), "required": True},
                {"name": "timestamp", "type": "timestamp", "required": True},
            ]
            right_names = [right_key, "timestamp"]
        if right_key not in right_names:
            key_field = {"name": right_key, "type": guess_type(right_key), "required": True}
            right_fields.insert(0, key_field)
            right_names.insert(0, right_key)
        types = {f["name"]: f["type"] for f in right_fields}
        prefix = self.right_subject.rstrip("s") if self.right_subject else "right"
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                if src not in types:
                    right_fields.append({"name": src, "type": guess_type(src), "required": False})
                    types[src] = guess_type(src)
                target = src if not self.has(src) else f"{prefix}_{src}"
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
        if "timestamp" not in types:
            ts = next((n for n, t in types.items() if t == "timestamp"), None)
            if ts:
                data["right_event_time"] = ts
        if j.grace_ms is not None:
            data["grace_ms"] = j.grace_ms
        return data
