"""Recogniser: thresholds on groups rather than on records ("only keep counts above 10", "flag
any card_id with at least 3 declines in 10 minutes", "stations with more than 10 sessions"), and the
split of read conditions into record filters and thresholds on the aggregates."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .aggregate_phrases import agg_from_phrase
from .comparisons import FILLER_NOUNS, FILLER_ONE, NOT_VALUES, OP_RE
from .lexicon import (
    AGG_WORDS,
    ATTRIBUTE_NOUNS,
    COUNT_NOUNS,
    DISCRIMINATOR,
    DROP_VERB,
    IT,
    MASK,
    NEGATE,
    STOP,
    _snake,
    domain_of,
    singular,
    word_set,
)
from .presence import PresenceReader
from .quantities import (
    DUR1,
    ICASE,
    NUM,
    dur_ms,
    number,
)
from .state import Agg, Cond

THRESHOLD_OPS = ("gt", "ge", "lt", "le", "eq")
# A money word a threshold names ("arenas with revenue above 5000"): the window's sum
MONEY_HEAD = re.compile(r"revenue|gmv|turnover|spend|spending|takings|sales|income|earnings", ICASE)
# "hives whose weight ...", "arenas with takings ...": the groups a threshold keeps, then the
# condition's word (searched up to the condition's first letter)
GROUP_WHOSE = re.compile(
    r"\b(?P<noun>[a-z]+s)\s+(?:whose|with|where\s+(?:the|their))\s+(?:an?\s+|the\s+|their\s+)?"
    r"(?:total\s+|average\s+|mean\s+)?\w\Z",
    ICASE,
)


# "whenever a single source_ip produces more than 50 failed logins within five minutes", "flag
# any card_id with at least 3 declines in 10 minutes": a count per group over a window, with a
# threshold. The counted words must name the stream's records (see `_counted_is_stream`).
ALERT_COUNT = re.compile(
    r"(?:\b(?:whenever|when|if|once|any\s+time|every\s+time|flag|alert\s+on|report|detect"
    r"|catch|find|emit|send|notify\s+(?:us\s+)?(?:about|on))\s+)?"
    r"\b(?:a\s+single|a|an|one|any|the\s+same|some|each|every)\s+(?P<who>[A-Za-z_]\w*)\s+"
    r"(?:produces|generates|has|sees|makes|triggers|causes|racks\s+up|accumulates|gets|sends"
    r"|records|logs|hits|reaches|with|having|that\s+has|which\s+has|that\s+produces"
    r"|that\s+generates|that\s+sees|that\s+makes)\s+"
    r"(?:(?P<cmp>more\s+than|over|above|at\s+least|upwards\s+of|in\s+excess\s+of)\s+"
    rf"(?P<n>{NUM})|(?P<n2>{NUM})\s*(?:\+|\s+or\s+more))\s+(?P<noun>(?:[a-z]+\s+)?[a-z]+)\s+"
    rf"(?:(?:within|in|inside|during|over|per)\s+(?:a\s+|an\s+|the\s+same\s+|any\s+|one\s+)?"
    rf"(?P<d>{DUR1})(?:\s*-?\s*(?:tumbling\s+)?window)?)",
    ICASE,
)


# The function an aggregate word names, when a threshold says only the word ("where the
# average is above 30"); count words are left out ("the number" is the count, or a total).
# ("where the count exceeds 10" beside a sum: the count, never the window's last aggregate)
AGG_WORD_FN = {"average": "avg", "avg": "avg", "mean": "avg", "sum": "sum", "total": "sum",
               "count": "count", "number": "count",
               "min": "min", "minimum": "min", "max": "max", "maximum": "max",
               "median": "quantile", "unique": "count_distinct", "distinct": "count_distinct"}  # fmt: skip


# "emit only candidates with 100 or more votes": the bound after the number
N_OR_MORE = re.compile(
    r"\b(?P<who>(?!(?:records|events|rows|messages)\b)[A-Za-z]+s)\s+(?:with|having|that\s+have"
    rf"|who\s+have)\s+(?P<n>{NUM})\s+or\s+(?P<cmp>more|fewer|less)\s+(?P<noun>[a-z]+)\b",
    ICASE,
)

# "emit only when there are 5 or more", "if there are 3 or more failures": the window's count of
# the stream's records (a noun after it must name them), bounded by its number
THERE_ARE_N_OR_MORE = re.compile(
    rf"\b(?:when|whenever|if|once|where)\s+there\s+(?:are|is|were)\s+(?P<n>{NUM})\s+or\s+"
    r"(?P<cmp>more|fewer|less)(?:\s+(?P<noun>[a-z]+))?(?![\w-])",
    ICASE,
)

# "emit only", "keep it only", "only" right before such a bound: read with it
ONLY_BEFORE = re.compile(
    r"\b(?:(?:emit|keep|output|send|report|publish)\w*\s+(?:it\s+|them\s+)?)?only\s+$", ICASE
)


# The verb right before N_OR_MORE's groups ("flag roads with 10 or more reports"); a drop verb
# leaves those groups out.
N_OR_MORE_LEAD = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|flag\w*|emit\w*|report\w*|show\w*|list\w*"
    r"|return\w*|output\w*|publish\w*|forward\w*|send\w*|alert\s+on))\s+(?:only\s+)?(?:the\s+|all\s+)?$",
    ICASE,
)


# "where the app keeps stations with more than 10 sessions": a "where" clause whose subject is
# someone else, right before a count threshold (see `_refuse_other_subject`)
OTHER_SUBJECT = re.compile(
    r"\bwhere\s+(?:the|our|their|a|an|its|my|your|this|that)\s+(?P<who>[A-Za-z]+)"
    r"(?:\s+(?:only|just|usually|then))?\s+$",
    ICASE,
)


# Words that may stand right before a bare count threshold ("when more than 5 per user_id");
# any other word before it ("orders above 100 per store_id", "average temperature above 30 per
# device_id") is what the number is about
THRESHOLD_LEAD_WORDS = word_set(
    """with having have has had when whenever if once are is there alert alerts flag only keep
    exceeding reaching and or but emit send report than counts count totals total sums tallies"""
)


# "total litres per meter_id per day, keep the ones over 5000": a bound on the groups said with
# no metric; read as the threshold of the window's one aggregate
GROUPS_OVER = re.compile(
    r"\b(?:keep(?:ing)?|only|emit\w*|flag\w*|report\w*|show\w*|return\w*|output\w*|list\w*)\s+"
    r"(?:only\s+)?(?:the\s+)?(?P<who>ones|[A-Za-z]+s)\s+(?:that\s+are\s+|which\s+are\s+)?"
    r"(?P<cmp>over|above|under|below|more\s+than|less\s+than|at\s+least|at\s+most|exceeding)\s+"
    # ("only lots under 90 percent": a unit, read with the aggregate's field, aggregates.py)
    rf"(?P<n>{NUM})(?:\s+in\s+total)?(?![\w.%]|\s*(?:{OP_RE}|percent\b|per\s+cent\b|pct\b))",
    ICASE,
)


# "ignore zero or negative amounts (amount must be greater than 0)", "keep only positive
# balances (balance > 0)": records named by the sign of a field (each sign a part of the number
# line around 0), then that field's bound on 0 in brackets. The brackets may say the records the
# words name or, after a drop verb, the ones kept: the two sets of signs tell which
# (`_sign_glossed`); a bound that is neither is refused.
_SIGN_SETS = {
    "negative": {"lt"}, "zero": {"eq"}, "0": {"eq"}, "positive": {"gt"},
    "non-negative": {"eq", "gt"}, "nonnegative": {"eq", "gt"},
    "non-positive": {"lt", "eq"}, "nonpositive": {"lt", "eq"},
    "non-zero": {"lt", "gt"}, "nonzero": {"lt", "gt"},
}  # fmt: skip
_OP_SIGNS = {"lt": {"lt"}, "le": {"lt", "eq"}, "eq": {"eq"}, "ne": {"lt", "gt"},
             "ge": {"eq", "gt"}, "gt": {"gt"}}  # fmt: skip
_SIGN = r"(?:non-?(?:negative|positive|zero)|negative|positive|zero|0)"
# comparison words, longest first within each op (the first that matches says the op)
_SIGN_CMPS = (
    ("ge", r">=|=>|at\s+least|no\s+less\s+than|greater\s+than\s+or\s+equal\s+to"),
    ("le", r"<=|=<|at\s+most|no\s+more\s+than|less\s+than\s+or\s+equal\s+to"),
    ("ne", r"!=|<>|not\s+equal\s+to|other\s+than"),
    ("gt", r">|greater\s+than|more\s+than|above|over|bigger\s+than|larger\s+than|higher\s+than"),
    ("lt", r"<|less\s+than|below|under|smaller\s+than|lower\s+than"),
    ("eq", r"==|=|equal\s+to|exactly"),
)
SIGN_GLOSS = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?:keep(?:s|ing)?|retain\w*|only))\s+(?:only\s+)?"
    r"(?:all\s+|any\s+|the\s+)?"
    rf"(?P<signs>{_SIGN}(?:(?:\s*,\s*|\s+)(?:or|and|and/or)\s+{_SIGN})*)\s+"
    r"(?P<noun>[a-z][a-z_]*)\s*\(\s*(?:i\.e\.\s*,?\s*)?"
    r"(?:(?P<f>[A-Za-z_]\w*)\s+)?(?:(?P<must>must|should|has\s+to|have\s+to|needs?\s+to)\s+"
    r"(?P<not>not\s+)?(?:be|stay)\s+|(?:is|are)\s+)?"
    rf"(?:(?P<op>{'|'.join(alt for _, alt in _SIGN_CMPS)})\s*(?P<n>0(?:\.0+)?)\b"
    rf"|(?P<sign>{_SIGN}))\s*\)",
    ICASE,
)


class ThresholdReader(PresenceReader):
    def _sign_glossed(self) -> None:
        """ "ignore zero or negative amounts (amount must be greater than 0)": the records the
        sign words name are dropped (or kept); the brackets say the same set or, after a drop,
        the rest. One filter on the field in brackets (or the noun's singular when the
        brackets name none: "(must be positive)")."""
        for m in list(SIGN_GLOSS.finditer(self.s)):
            if MASK in m.group(0):
                continue
            noun = m["noun"].lower()
            field = m["f"] or singular(noun)
            if not m["f"] and self._names_records(noun):
                continue  # "drop negative payments (must be positive)": which field?
            if m["f"] and not (
                singular(noun) == field.lower()
                or singular(noun) in field.lower().split("_")
                or self._names_records(noun)
            ):
                continue  # "drop negative amounts (balance > 0)": another field, unread
            said: set[str] = set()
            for w in re.split(r"\s*,\s*(?:(?:or|and|and/or)\s+)?|\s+(?:or|and|and/or)\s+",
                              m["signs"].lower()):  # fmt: skip
                said |= (
                    _SIGN_SETS[w.replace("non-", "non")] if w.startswith("non") else _SIGN_SETS[w]
                )
            if m["op"]:
                op = next(o for o, alt in _SIGN_CMPS if re.fullmatch(alt, m["op"], ICASE))
                bracket = set(_OP_SIGNS[op])
            else:
                # ("keep positive tests (result is positive)": a text value, maybe; a sign word
                # in brackets is read only as a requirement on the noun's own field)
                if not m["must"] or (m["f"] and singular(noun) not in field.lower().split("_")):
                    continue
                sign = m["sign"].lower()
                bracket = set(_SIGN_SETS[sign.replace("non-", "non")] if sign.startswith("non")
                              else _SIGN_SETS[sign])  # fmt: skip
            if m["not"]:
                bracket = {"lt", "eq", "gt"} - bracket
            rest = {"lt", "eq", "gt"} - said
            drop = bool(m["drop"])
            if bracket == said:
                kept = not drop
            elif drop and bracket == rest:
                kept, said = True, rest  # the brackets say the records kept
            else:
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: the words and the brackets "
                    'name different records; say one condition, e.g. "keep payments where '
                    'amount > 0"'
                )
            op = next(o for o, signs in _OP_SIGNS.items() if signs == said)
            self.conds.append(Cond(m.start(), field, False, op, number("0"), negate=not kept,
                                   end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
            words = " ".join(self.text[m.start() : m.start("noun") + len(noun)].split())
            self.assumptions.append(
                f"read {words!r} as the records the filter on {field!r} "
                f"{'drops' if drop else 'keeps'}"
            )

    """Reads thresholds on groups and tells them from filters on records."""

    def _groups_over(self) -> None:
        """ "total litres per meter_id per day, keep the ones over 5000", "only meters above
        5000 in total": the threshold of the one aggregate (refused when the window computes
        more than one, or none)."""
        for m in list(GROUPS_OVER.finditer(self.s)):
            who = m.group("who").lower()
            if MASK in m.group(0) or not (who == "ones" or self._names_groups(who)):
                continue
            words = " ".join(m.group("cmp").lower().split())
            op = {"over": "gt", "above": "gt", "more than": "gt", "exceeding": "gt",
                  "under": "lt", "below": "lt", "less than": "lt", "at least": "ge",
                  "at most": "le"}[words]  # fmt: skip
            self.conds.append(Cond(m.start(), IT, False, op, number(m.group("n")), end=m.end()))
            self.it_single.add(m.start())
            self.mask(m.start(), m.end())

    def _names_groups(self, noun: str) -> bool:
        """ "meters" after "per meter_id": the window's groups."""
        one = singular(noun)
        return bool(
            re.search(rf"\b(?:per|by|for\s+(?:each|every)|each)\s+(?:the\s+)?{re.escape(one)}"
                      r"(?:_id|_key|_name|_code)?\b", self.text, ICASE)
        )  # fmt: skip

    def _refuse_record_threshold(self, m: re.Match[str]) -> None:
        """ "count orders above 100 per store_id": the number follows the counted records, so it
        may be each order's amount as well as the count per store_id; neither is read."""
        if m.group("noun") or m.group("uniq") or m.group("read") is not None:
            return
        before = re.search(r"\b([A-Za-z]\w*)\s+$", self.text[: m.start("cmp")])
        if not before or before.end() != m.start("cmp"):
            return
        noun = before.group(1).lower()
        if noun in THRESHOLD_LEAD_WORDS:
            return  # "alert when more than 5 per user_id": the count per group
        words = " ".join(self.text[before.start() : m.end()].split())
        raise RequestNotUnderstood(
            f"cannot read {words!r}: a threshold on a value of each record or on the count per "
            'group? Say the field, e.g. "keep orders where amount > 100", or the groups, '
            'e.g. "only stores with more than 100 orders"'
        )

    def _refuse_count_on_records(self, m: re.Match[str]) -> None:
        """ "count orders per store_id ..., ignore orders with fewer than 3 items": the records
        themselves, never the window's groups, have the items, so this is a field of each order
        (not the count per store_id); neither is read."""
        who, noun = m.group("who"), m.group("noun")
        if not who or not noun or singular(who.lower()) == singular(noun.lower()):
            return
        if not (self.aggs or self.window_words or self.window or self.group_by):
            return  # nothing counted per window: build_window refuses it as a field's
        if self._names_groups(who.lower()) or not self._names_records(who.lower()):
            return
        stems = {w[:4] for w in self.topic_words()}
        if noun.lower()[:4] in stems:
            return  # "pages with more than 1000 views" on page-views: views are the records
        words = " ".join(self.text[m.start() : m.end()].split())
        raise RequestNotUnderstood(
            f"cannot read {words!r}: a threshold on a value of each record or on the count per "
            'group? Say the field, e.g. "keep orders where amount > 100", or the groups, '
            'e.g. "only stores with more than 100 orders"'
        )

    def _refuse_other_subject(self, m: re.Match[str]) -> None:
        """ "write to topic x where the app keeps stations with more than 10 sessions": the
        "where" clause says what someone else does downstream, not which groups this pipeline
        keeps; read as a threshold it would keep them silently, so it is refused."""
        who = OTHER_SUBJECT.search(self.text, max(0, m.start() - 60), m.start())
        if who is None:
            return
        kept = " ".join(self.text[m.start("who") if m.group("who") else m.start("cmp") : m.end()]
                        .split())  # fmt: skip
        raise RequestNotUnderstood(
            f"cannot read {' '.join(self.text[who.start() : m.end()].split())!r}: it says what "
            f"the {who.group('who')} does, not a step of this pipeline; to keep only those "
            f'groups, say it as a step: "..., only {kept}", or leave the clause out'
        )

    def _refuse_rate_limit(self, m: re.Match[str]) -> None:
        """ "keep at most 100 orders per second": how many records to pass (a rate limit or a
        sample), never a threshold on the count per window, which would write counts instead
        of the orders."""
        if m.group("who") or m.group("uniq"):
            return
        lead = re.search(
            r"\b(?:keep\w*|retain\w*|forward\w*|pass\w*|allow\w*|let\s+through|emit\w*|send\w*"
            r"|publish\w*|writ\w*|output\w*|process\w*|accept\w*)\s+(?:only\s+)?$",
            self.text[: m.start("cmp")],
            ICASE,
        )
        if lead:
            words = " ".join(self.text[lead.start() : m.end()].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: the spec cannot limit how many records pass (a rate "
                "limit or a sample); to count them per window instead, say the count and its "
                'threshold ("count orders per second, keep the counts of at most 100"), or '
                "leave it out"
            )

    def _alert_counts(self) -> None:
        """ "whenever a single source_ip produces more than 50 failed logins within five
        minutes": group by source_ip, count per 5-minute window, keep counts above 50."""
        for m in list(ALERT_COUNT.finditer(self.s)):
            if MASK in m.group(0) or not self._counted_is_stream(m.group("noun")):
                continue
            who = m.group("who")
            if who.lower() in STOP or who.lower() in NOT_VALUES:
                continue
            size = dur_ms(m.group("d"))
            if (
                self.window.get("type") not in (None, "tumbling")
                or self.window.get("size_ms", size) != size
            ):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: its time span is not the "
                    "window the request asks for elsewhere; say one window size"
                )
            self.window.update(type="tumbling", size_ms=size)
            self.window_words = True
            self.group_by.append((who, False))
            cmp = " ".join((m.group("cmp") or "at least").lower().split())  # "10 or more"
            op = "ge" if cmp == "at least" else "gt"
            noun = m.group("noun").split()[-1]
            n = number(m.group("n") or m.group("n2"))
            # the threshold is on the count: named by a known record noun ("login_count"), else
            # the window's plain count (never a field named after the noun)
            if re.fullmatch(COUNT_NOUNS, noun, ICASE):
                counted = f"count {noun}"
            else:  # "3 cancellations" on ride-cancellations: a count named after the noun
                self.aggs.append(Agg(m.start(), "count", None, f"{singular(noun.lower())}_count"))
                counted = "number of events"  # the threshold takes the window's count
            self.conds.append(Cond(m.start(), counted, False, op, n, end=m.end()))
            self.mask(m.start(), m.end())

    def _counted_is_stream(self, words: str) -> bool:
        """Every counted word names the stream's records: a record noun, or a word the source
        topic's name holds ("failed logins" on auth-failures); else the words may select
        records ("failed logins" on topic auth-events) and the phrase is not read here."""
        topic_stems = {w[:4] for w in self.topic_words() if len(w) >= 4}
        parts = words.lower().split()
        if not re.fullmatch(COUNT_NOUNS, parts[-1], ICASE) and parts[-1][:4] not in topic_stems:
            return False
        return all(p[:4] in topic_stems for p in parts[:-1])

    def _n_or_more_of_value(self) -> None:
        """ "count failed payments per merchant_id ... merchants with 5 or more failed payments"
        (or "5 or more failures"): the records a value kept (read above) said again, so the
        threshold is on the window's count of them, as N_OR_MORE reads it."""
        kept = [
            str(c.value).lower()
            for c in self.conds
            if c.op == "eq" and not c.negate and isinstance(c.value, str) and len(c.value) >= 4
        ]
        for m in list(N_OR_MORE.finditer(self.s)):
            noun, end = m.group("noun").lower(), m.end()
            if MASK in m.group(0) or not self._names_records(m.group("who").lower()):
                continue
            if not any(v[:4] == noun[:4] for v in kept):
                continue  # "5 or more refunds" when no refund was kept: unread
            more = re.match(r"\s+([a-z]+)\b", self.s[end:])
            if noun in kept and more and self._names_records(more.group(1).lower()):
                end += more.end()  # "5 or more failed payments"
            elif noun in kept:
                continue  # "5 or more failed checks" on payments: other records
            verb = N_OR_MORE_LEAD.search(self.s, 0, m.start())
            start, op = m.start(), "ge" if m.group("cmp").lower() == "more" else "le"
            if verb:
                start = verb.start()
                op = NEGATE[op] if verb.group("drop") else op
            self.conds.append(
                Cond(start, "number of events", False, op, number(m.group("n")), end=end)
            )
            self.mask(start, end)

    def _refuse_groups_counted(self, m: re.Match[str], noun: str) -> None:
        """ "count faults per ride_id ..., only when there are more than 3 rides": a number of
        the window's groups themselves (one ride per group), never of its records; refused
        (read as the records' count it would change what is kept)."""
        if not self._is_group_noun(noun):
            return
        said = " ".join(self.text[m.start() : m.end()].split())
        one = singular(noun.lower())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: the window groups by {one}, so each group is one {one}; "
            f'say what is counted, as in "only when there are more than {m.group("n")} records"'
        )

    def _is_group_noun(self, noun: str) -> bool:
        """The noun names the window's groups ("rides" after "per ride_id"), not its records:
        no generic record noun and no word of the source topic's name."""
        one = singular(noun.lower())
        if re.fullmatch(rf"{FILLER_NOUNS}|{FILLER_ONE}", noun, ICASE):
            return False
        words = {v for w in self.topic_words() for v in (w, singular(w))}
        if one in words or noun.lower() in words:
            return False
        return self._grouped_by(one)

    def _negated_threshold(self, c: Cond) -> None:
        """ "drop windows where the count is under 3": the windows kept are those at 3 or more;
        a negation a window's threshold cannot say ("is not 3") is refused, quoting it."""
        if NEGATE.get(c.op) in THRESHOLD_OPS and c.op != "ne":
            c.op, c.negate = NEGATE[c.op], False
            return
        words = " ".join(self.text[c.pos : c.end or c.pos + 40].split())
        raise RequestNotUnderstood(
            f"cannot read {words!r}: a threshold on a window's aggregate keeps the groups above, "
            'below, at least, at most or equal to a number; say which to keep, e.g. "only '
            'stores with more than 5 orders"'
        )

    def split_conditions(self) -> tuple[list[Cond], list[Cond]]:
        """(filters, thresholds): a condition on an aggregate phrase is a threshold."""
        filters, thresholds = [], []
        for c in sorted(self.conds, key=lambda c: c.pos):
            if c.op == "group":
                if self._group_kept(c):
                    filters.append(c)
                continue
            if c.subject == DISCRIMINATOR:
                if c.weak and self.preset and domain_of(str(c.value)) == self.preset:
                    self.assumptions.append(
                        f"read 'only {c.value}' as the whole {self.preset} stream, not a filter"
                    )
                    continue
                filters.append(c)
                continue
            if c.subject == IT:
                if isinstance(c.value, int | float) and c.negate:
                    self._negated_threshold(c)  # "drop windows where it is under 3"
                if isinstance(c.value, int | float) and not c.negate:
                    thresholds.append(c)
                else:
                    self.dropped.append(self.text[c.pos : c.end or c.pos + 30].strip())
                continue
            named = {a.name.lower() for a in self.aggs}
            if c.subject.lower() in named and (self.has(c.subject) or c.subject in self.declared):
                words = " ".join(self.text[c.pos : c.end or c.pos + 40].split())
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: {c.subject!r} is both a field of the input and the "
                    "name of an aggregate the window computes; give the aggregate a name no "
                    'field has and compare that, e.g. "sum bytes per src_ip every minute as '
                    'total_bytes, keep rows where total_bytes > 1000"'
                )
            if (
                c.subject.lower() in named
                and isinstance(c.value, int | float)
                and not isinstance(c.value, bool)
                and c.op in THRESHOLD_OPS
            ):
                # "total litres per meter_id per day, only emit rows where total_litres > 5000":
                # the aggregate's own name (never a field of the input of the same name)
                if c.negate:
                    c.op, c.negate = NEGATE[c.op], False
                self.it_names[c.pos] = c.subject.lower()
                c.subject = IT
                thresholds.append(c)
                continue
            if not c.quoted and c.subject.lower() in AGG_WORDS and (self.aggs or self.window):
                # which aggregate the word names ("whose average is above 30": the avg)
                self.it_fns[c.pos] = AGG_WORD_FN.get(c.subject.lower())
                c.subject = IT  # "sum(amount) per minute where total > 1000"
                if isinstance(c.value, int | float) and c.negate:
                    # "drop windows where the count is under 3": keep those at 3 or more
                    self._negated_threshold(c)
                if isinstance(c.value, int | float) and not c.negate:
                    thresholds.append(c)
                    continue
            aggregated = self._group_whose_stem(c)
            if aggregated is not None:
                if c.negate:
                    c.op, c.negate = NEGATE[c.op], False
                self.__dict__.setdefault("it_names", {})[c.pos] = aggregated
                c.subject = IT
                thresholds.append(c)
                continue
            agg = None if c.quoted else agg_from_phrase(c.subject)
            if agg is not None and isinstance(c.value, int | float) and not c.negate:
                thresholds.append(c)
                continue
            if agg is not None and isinstance(c.value, int | float) and self.aggs:
                # "drop adjusters whose total payout_amount is under 1000": the groups kept are
                # those at 1000 or more, never a record filter on a field total_payout_amount
                self._negated_threshold(c)
                thresholds.append(c)
                continue
            if c.weak:
                known = c.quoted or self.has(c.subject) or self.has(_snake(c.subject))
                # "when severity is critical": a word that names an attribute, never a record
                known = known or c.subject.lower() in ATTRIBUTE_NOUNS
                # "when docked is false": a truth value answers a flag, never words of English
                known = known or isinstance(c.value, bool)
                # "when severity is 'critical'": a quoted value makes it a comparison
                known = known or bool(
                    c.end
                    # ("with destination not equal to 'domestic'": the sign said in words)
                    and re.search(
                        r"""\S\s*(?:=|is|equals|equal\s+to|not)\s*['"]""", self.text[c.pos : c.end]
                    )
                )
                strong_op = c.op not in ("eq", "ne", "in", "not_in")
                if not (known or strong_op or "_" in c.subject):
                    self.dropped.append(self.text[c.pos : c.end or c.pos + 30].strip())
                    continue
            filters.append(c)
        return filters, thresholds

    def _group_whose_stem(self, c: Cond) -> str | None:
        """ "average weight_kg per hive_id ..., only hives whose weight exceeds 90": the groups'
        aggregate of the one field the word is the stem of (of a money word: the one sum), never
        a filter on a field 'weight' the records lack. The name of that aggregate, or None."""
        owner = GROUP_WHOSE.search(self.text, max(0, c.pos - 40), c.pos + 1)
        if (
            owner is None
            or c.quoted
            or not self.aggs
            or not re.fullmatch(r"[a-z]+", c.subject)
            or self.has(c.subject)
            or not isinstance(c.value, int | float)
            or isinstance(c.value, bool)
            or c.op not in THRESHOLD_OPS
        ):
            return None
        noun = singular(owner["noun"].lower())
        if not any(noun in (g.lower(), g.lower().rsplit("_", 1)[0]) for g, _q in self.group_by):
            return None
        named = [
            a for a in self.aggs
            if any(re.fullmatch(rf"{c.subject}(?:_[a-z0-9]+)+", w.lower()) for w in (a.phrase or "", a.name))
        ]  # fmt: skip
        money = not named and MONEY_HEAD.fullmatch(c.subject)
        if money:
            # "markets with takings of at least 800": the money the window sums (none: refused)
            named = [a for a in self.aggs if a.fn == "sum"]
        if not named and not money:
            return None
        if len(named) != 1:
            words = " ".join(self.text[c.pos : c.end or c.pos + 40].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: {c.subject!r} is no field, and the window computes "
                f"{', '.join(a.name for a in self.aggs)}; name the aggregate the threshold is on "
                '(e.g. "where avg_temperature > 30")'
            )
        self.assumptions.append(
            f"read {c.subject!r} as {named[0].name!r}: the {named[0].phrase!r} the window "
            "aggregates per group"
        )
        return named[0].name

    def _group_kept(self, c: Cond) -> bool:
        """A group is a filter on fields; thresholds ("count > 5 or sum > 100") cannot join one."""
        words = self.text[c.pos : c.end].strip()
        for item in _leaves(c):
            threshold = item.subject == IT or (
                not item.quoted
                and (item.subject.lower() in AGG_WORDS or agg_from_phrase(item.subject))
                and (self.aggs or self.window)
            )
            if threshold:
                raise RequestNotUnderstood(
                    f"cannot express {words!r}: a window threshold is one condition on an "
                    "aggregate; 'or' and 'drop ... and ...' combine conditions on fields only"
                )
        if c.weak:
            for item in _leaves(c):
                known = item.quoted or self.has(item.subject) or self.has(_snake(item.subject))
                known = known or isinstance(item.value, bool)  # ("... or docked is false")
                if not (known or item.op not in ("eq", "ne", "in", "not_in")
                        or "_" in item.subject):  # fmt: skip
                    self.dropped.append(words)
                    return False
        return True


def _leaves(c: Cond) -> list[Cond]:
    """The comparisons of a group, inner groups flattened."""
    return [leaf for item in c.items for leaf in (_leaves(item) if item.op == "group" else [item])]
