"""Recogniser: presence and null conditions ("x must not be empty", "drop rows missing y", "keep
readings with no error_code") and what a filter leaves out: negation, exceptions and the rest
dropped ("drop ... unless ...", "all but ...", "everything else is discarded")."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .comparisons import (
    _LESS_OF_A_MEASURE,
    _MORE_OF_A_MEASURE,
    FILLER_NOUNS,
    NON_EMPTY_AGAIN,
    NULL_AGAIN,
    NULL_OPS,
    OP_RE,
    PRONOUNS,
    ComparisonReader,
    _adjective_fits,
)
from .lexicon import (
    CLOSE_PAREN,
    DROP_VERB,
    FIELD,
    MASK,
    NEGATE,
    STOP,
    singular,
    unquote,
    word_set,
)
from .quantities import (
    ICASE,
)
from .scope import clause_around
from .sentences import sentence_bounds
from .state import Cond

# The null tests, and the emptiness tests that also take "" as empty.
NULL_TESTS = ("null", "not_null", "empty", "not_empty")


# "drop all but payments with status captured", "remove everything but errors": a drop verb
# whose object is negated ("all but" is itself a drop in "keep all but ..."): the condition
# says what to keep, and reading "all but" as one more drop would invert it
DROP_ALL_BUT = re.compile(
    r"\b(?:drop\w*|remov\w*|discard\w*|filter\w*\s+out|skip\w*|ignor\w*|exclud\w*|reject\w*"
    r"|throw\w*\s+(?:out|away)|toss\w*\s+(?:out|away)|get\s+rid\s+of|weed\w*\s+out)\s+"
    r"(?:everything|anything|all)(?:\s+(?:the\s+)?[A-Za-z][a-z-]*s)?\s+"
    # ("skip everything except if x > 5": a condition, kept, read by `_drop_all_unless`)
    r"(?:but|other\s+than|apart\s+from|save|besides|except(?!\s+(?:if|when|where)\b))\b"
    # ("drop all but the first copy of each event_id": a dedup, read there and masked)
    r"(?!\s*\x00|\s+(?:the\s+)?(?:first|earliest|oldest|latest|last|newest|most\s+recent|one)\b)",
    ICASE,
)


# "excluding internal accounts where ...", "except for test devices whose ...": a participle or
# preposition leaving out two plain words, then a condition (see `_refuse_excluded_phrase`)
EXCLUDED_PHRASE_LEAD = re.compile(
    r"\b(?:excluding|except(?:\s+for)?|other\s+than|apart\s+from)\s+(?:all\s+|any\s+|the\s+)?"
    rf"(?P<words>(?!(?:{FILLER_NOUNS}|those|ones|when|if|where)\b)[A-Za-z][\w-]*\s+"
    r"(?!(?:ones|where|whose|with|having|if|when)\b)[A-Za-z][\w-]*)\s+"
    r"(?:where|whose|with|having|if|when)\b",
    ICASE,
)


# Adjectives that only say a record lacks a value, and the missing-value test right after
# "where": "drop unknown devices where device_id is null" names the records the test leaves out.
_NO_VALUE_WORDS = (
    r"anonymous|unknown|unidentified|unassigned|untagged|unlabell?ed|unnamed|nameless|blank|empty"
)
_MISSING_TEST = re.compile(
    r"\s*[\w.]+\s+(?:" + "|".join(p for op, p in NULL_OPS if op in ("null", "empty")) + r")\b",
    ICASE,
)
# words before a dropped records' noun that select nothing ("drop those orders where ...")
_DROPPED_DETERMINERS = r"(?:those|these|such|every|each|all|any|the|of|from|in|on|incoming|other)"
# "drop test claims (is_test = true)": a word that drops the records whose flag or value the
# condition in parentheses names (checked in `_dropped_words_restated`)
DROPPED_WORDS_BEFORE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<v>[A-Za-z][\w-]*)\s+(?P<noun>[A-Za-z]+)"
    # (a "where" in the parenthesis may be read with the condition already)
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|that\s+is\s*,?\s*|where\s+|\x00+\s*)?$",
    ICASE,
)
# "drop refunds (payment_type != refund)", "drop the heartbeats first (...)": the dropped
# records named by the value itself, in the plural (an order word may follow the noun)
DROPPED_VALUE_NOUN_BEFORE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<v>[A-Za-z][\w-]*s)(?:\s+first)?"
    # (no "where": "excluding refunds (where type != 'refund')" says two things)
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|that\s+is\s*,?\s*)?$",
    ICASE,
)
# "skip payments that were voided (status != 'voided')": the records, then a relative clause
# naming the value the condition in parentheses holds
DROPPED_THAT_BEFORE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<noun>[A-Za-z]+)\s+(?:that|which)\s+"
    r"(?:are|were|is|was|got|get|have\s+been|has\s+been)\s+(?P<v>[A-Za-z][\w-]*)"
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|that\s+is\s*,?\s*)?$",
    ICASE,
)
# "exclude bets placed by test accounts (is_test = true)", "drop orders from internal users
# (source = 'internal')": the records, then who made them, named by the word the condition holds
DROPPED_BY_WORDS_BEFORE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<noun>[A-Za-z]+)\s+(?:(?:placed|made|sent"
    r"|created|submitted|booked|posted|opened|generated|coming)\s+)?(?:by|from)\s+(?:the\s+|our\s+)?"
    r"(?P<v>[A-Za-z][\w-]*)\s+(?:accounts?|users?|customers?|players?|devices?|merchants?"
    r"|stores?|clients?|terminals?)"
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|that\s+is\s*,?\s*|where\s+|\x00+\s*)?$",
    ICASE,
)


# The same not-null condition said again, in parentheses or after a comma.
NULL_RESTATED = re.compile(
    rf"\s*[(,;]\s*(?:i\.e\.\s*,?\s*|so\s+)?(?:{DROP_VERB})\s+(?:the\s+ones|those|them|the\s+rest"
    rf"|{FILLER_NOUNS})\s+(?:where|when|if|whose)\s+(?:it's|it\s+is|they\s+are|it|that\s+is|its\s+\w+"
    r"\s+is)\s+(?:null|missing|empty|absent|not\s+set)\s*\)?",
    ICASE,
)


# "ignore rows whose status is test, and rows with no engine_hours value": more records the
# same drop verb leaves out, named again after "and" by a record noun and a missing field
# (`_more_dropped_without`)
MORE_DROPPED_WITHOUT = re.compile(
    rf"\s*,?\s*and\s+(?:also\s+)?(?:all\s+|any\s+|the\s+)?(?P<noun>{FILLER_NOUNS}|[a-z]+s)\s+"
    r"(?:without|with\s+no|missing|lacking|(?:that|which)\s+(?:have|has)\s+no)\s+"
    rf"(?:an?\s+|the\s+)?(?P<f>{FIELD})(?P<value>\s+(?:value|set))?(?![^\s,;:.!?)\x00])",
    ICASE,
)
# "with amount between 50 and 500 and a non-null reason_code": after a kept condition, 'and'
# then a field said present by its adjective (see `_more_present`)
MORE_PRESENT = re.compile(
    r"[\s\x00]*,?\s*and\s+(?:also\s+)?(?:with\s+|having\s+)?(?:an?\s+|the\s+)?"
    r"(?P<w>non-?\s?null|not-null|non-?empty|non-?blank|populated)\s+"
    rf"(?P<f>{FIELD})(?![^\s,;:.!?)\x00])(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
)
# "drop anyone younger than 8 (keep age >= 8)": records dropped by a comparative of a measure
# with no field, the bracket after it keeping the rest by a field that holds the measure (see
# `_dropped_comparative_restated`)
_LESS_ADJ = rf"{_LESS_OF_A_MEASURE}|lighter|shorter"
_MORE_ADJ = rf"{_MORE_OF_A_MEASURE}|heavier|longer"
DROPPED_COMPARATIVE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+|every\s+)?(?P<noun>[a-z]+)\s+"
    r"(?:(?:who|that|which)\s+(?:is|are)\s+)?"
    rf"(?:(?:(?P<less>{_LESS_ADJ})|(?P<more>{_MORE_ADJ}))\s+th[ae]n"
    # ("ignore anything under 50 (keep amount >= 50)": a plain comparison word, of any number)
    rf"|(?P<under>under|below|(?:less|fewer|lower|smaller)\s+th[ae]n)"
    rf"|(?P<over>over|above|(?:more|greater|higher|bigger|larger)\s+th[ae]n))"
    r"\s+(?P<n>-?\d+(?:\.\d+)?)"
    r"(?=\s*\()",
    ICASE,
)
_ANYONE = word_set("anyone anybody everyone everybody someone somebody those ones anything")
# "discard scans where seat_id is null and scans whose scan_result is void": the records again
# after "and", then a condition of their own (read as kept where it stands): dropped as well
# ("and also any record where ...", "and any where ...": one record, or none named, after
# 'any'/'every', the same records)
MORE_DROPPED_WHERE = re.compile(
    r"\s*,?\s*and\s+(?:also\s+)?(?:(?:all|the)\s+)?"
    r"(?:(?P<noun>[a-z]+s)|(?:any|every)\s+(?P<one>[a-z]+(?<!where)(?<!whose)(?<!with)))?"
    r"(?(noun)|(?(one)|(?P<bare>any)))\s+",
    ICASE,
)


# What a lookup or join finds, never a field: "drop orders without a match"
_MISS_NOUNS = word_set("match matches hit hits counterpart partner lookup lookups enrichment")
# Words for "any field", never a field's name: "drop claims with missing values"
_ANY_FIELD_NOUNS = word_set("values field fields column columns attribute attributes")
_LOOKED_UP_NOUNS = word_set(
    "profile profiles data detail details info information metadata attributes entry"
)
# "throw away the ones where price is 0 or less (staff test taps)": plain words in parentheses
# right after a drop condition say what the dropped records are; they select nothing more
# (checked in `_dropped_named`). Never a field, a value, a number or a word that selects.
DROPPED_NAMED = re.compile(
    r"\(\s*(?:(?:i\.?e\.?,?|these\s+are|those\s+are|they(?:'re|\s+are))\s+)?(?:just\s+)?"
    # ("(just the mobile ones)" picks records: "just" is never the first word of a name)
    r"(?-i:(?!(?:only|just|not|no|except|and|or|but|unless|if|when|where|the)\b)[a-z]+(?:[\s-]+"
    r"(?!(?:only|not|no|except|and|or|but|unless|if|when|where|with|without)\b)[a-z]+){0,3})\s*\)",
    ICASE,
)
# "only requests with priority in (urgent, high) matter for this one, filter those first": right
# after a keep condition, words saying the kept records are the ones that count, and the filter
# asked again (never "filter those out", which would drop them). Checked in `_kept_matter`.
KEPT_MATTER = re.compile(
    # ("only payments with status in (paid, refunded) should count": a modal before the verb)
    r"\s*(?:(?:should|must|shall|will|do|does)\s+(?:matter|count|be\s+counted)|matters?|count"
    r"|are\s+(?:relevant|of\s+interest|in\s+scope))"
    r"(?:\s+(?:for|to|in|here)(?:\s+(?:this(?:\s+(?:one|pipeline|report|job|dashboard))?|us))?)?"
    r"(?:\s*[,;]?\s*(?:so\s+)?(?:filter|keep)\s+(?:to\s+|on\s+)?(?:those|them|these)"
    r"(?:\s+(?:first|up\s+front|before\s+anything\s+else))?(?!\s+out\b))?"
    r"(?=\s*(?:[,;.)]|\x00|$))",
    ICASE,
)


# The verb leading a count threshold ("only pages with more than 100 clicks"): a drop verb
# leaves those groups out.
COUNT_LEAD_VERB = re.compile(
    rf"\b(?P<drop>{DROP_VERB}|unless|not|never|no|without)\b|\b(?:keep\w*|only|retain\w*|show\w*|send\w*|emit\w*"
    r"|report\w*|flag\w*|alert\w*|list\w*|return\w*|output\w*|publish\w*|forward\w*)\b",
    ICASE,
)


# A comparison said in a clause ("ringer_age >= 18", "price above 500", "status is 'x'")
COMPARED = re.compile(
    r"[<>=]|\b(?:above|below|over|under|more|less|greater|fewer|least|most|exceeds?|is|are"
    r"|equals?|between|in|not)\b",
    ICASE,
)


# Words saying a value is absent ("has no seat_number", "badge_id is missing")
ABSENT_SAID = re.compile(
    r"\b(?:no|without|missing|lacking|null|empty|none|absent|blank|unset)\b", ICASE
)


# The last keep or drop verb before an exception ("drop ... unless ...") says what it excepts
KEEP_OR_DROP_VERB = re.compile(
    rf"\b(?P<drop>{DROP_VERB})|\b(?:keep\w*|only|retain\w*|send\w*|forward\w*|pass\w*)\b",
    ICASE,
)


# "..., drop the rest", "rest dropped", "everything else is discarded": after a keep filter
OTHERS = (
    r"(?:\x00+|(?:the\s+)?rest|the\s+others|others|everything\s+else|anything\s+else|all\s+others"
    r"|(?:the\s+)?other\s+ones)"
)
OTHERS_DROPPED = re.compile(
    rf"\b(?:{DROP_VERB})\s+{OTHERS}(?=\s*(?:[,;.)]|$|\x00|and\b|then\b))"
    rf"|(?<![\w-]){OTHERS}\s+(?:(?:is|are|gets?|get|can\s+be|should\s+be|will\s+be|to\s+be|may\s+be"
    r"|must\s+be)\s+)?(?:dropped|discarded|ignored|skipped|thrown\s+away|removed|filtered\s+out"
    r"|rejected|thrown\s+out|binned)\b"
    # "other ones we not need", "we don't need the other ones": not wanted, so dropped
    rf"|(?<![\w-]){OTHERS}\s+(?:we|i)\s+(?:do\s+not|don't|not)\s+(?:need|want)\b"
    rf"|\b(?:we|i)\s+(?:do\s+not|don't)\s+(?:need|want)\s+{OTHERS}(?=\s*(?:[,;.)]|$))",
    ICASE,
)


# The records a stream carries: never a field a number is compared with ("only readings over 30")
RECORD_NOUNS = word_set(
    """events records messages rows entries lines items readings measurements samples pings
    scans sessions visits requests calls logs orders payments transactions purchases sales
    invoices refunds transfers deposits withdrawals bookings trades charges rides trips shipments
    deliveries clicks views"""
)


# "that have a tariff entry": a row somewhere else, or a field? (see `_refuse_row_of`)
ROW_AFTER = re.compile(
    r"\s+(entry|entries|record|records|row|rows|match|matches|listing|mapping|lookup)\b", ICASE
)


# What follows an "if A" part when it is not "keep them": a route to the dead-letter topic, or a
# change to the record ("if the store is missing, send it to the DLQ", "if amount is negative,
# flip the sign").
CONDITIONAL_ACTION = re.compile(
    r"\s*,?\s*(?:then\s+)?(?:please\s+)?(?:(?:send|route|put|move|push|write|forward|divert"
    r"|redirect|publish|dump)\w*\s+(?:(?:it|them|those|these|the\s+\w+)\s+)?"
    r"(?:to|into|onto|in)\s+(?:the\s+|a\s+|our\s+)?(?P<dlq>dead[\s-]*letter\w*|dlq)"
    r"|(?:set|flip|negate|invert|default|replace|fill|convert|multiply|divide|round|mark|label"
    r"|assume|treat|change|swap|cap|clamp|overwrite|mask|redact|hash|truncate|trim|zero|correct"
    r"|fix|use|make)\b)",
    ICASE,
)


# Before a condition that scopes a step: "only if", "unless", "only for records where".
CONDITIONAL_STEP_LEAD = re.compile(
    r"\b(?:only\s+)?(?:if|unless|when|whenever|in\s+case)\b"
    r"|\bonly\s+(?:for|to|on)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:where|whose|with|that|which)\b",
    ICASE,
)


# A sentence's end between two conditions ("... over 100. Filter: amount > 200"), and the words
# that make a later condition a second one on purpose ("Also ...", "And only ...")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[;\n]")
_NARROWS_AGAIN = re.compile(
    r"\b(?:also|and|additionally|too|as\s+well|further(?:more)?|moreover|plus|on\s+top)\b", ICASE
)


def _kept_op(c: Cond) -> str:
    """The comparison of the records a condition keeps (a drop's negated)."""
    return NEGATE.get(c.op, c.op) if c.negate else c.op


def _bound_side(c: Cond) -> str | None:
    """Which side a condition keeps: 'low' for a lower bound (amount > 100, or a drop of
    amount <= 100), 'high' for an upper one, 'set' for kept values (status = 'paid', region in
    ...); None for anything else (a null test, a dropped value, a text match)."""
    op = _kept_op(c)
    if op in ("gt", "ge") and isinstance(c.value, (int, float)):
        return "low"
    if op in ("lt", "le") and isinstance(c.value, (int, float)):
        return "high"
    return "set" if op in ("eq", "in") else None


def _values(c: Cond) -> list[object]:
    """The values a condition keeps ("region in (north, south)": both)."""
    return list(c.value) if isinstance(c.value, list) else [c.value]


class PresenceReader(ComparisonReader):
    """Reads presence and null tests, and the records a filter leaves out."""

    def _dropped_named(self) -> None:
        """ "drop the ones where price is 0 or less (staff test taps)": the parenthesis right
        after a drop condition names what the dropped records are (see DROPPED_NAMED)."""
        for m in list(DROPPED_NAMED.finditer(self.s)):
            before = [c for c in self.conds if c.pos < m.start()]
            if not before or not self.s[: m.start()].rstrip().endswith(MASK):
                continue
            if not max(before, key=lambda c: c.pos).negate:
                continue  # after a keep condition the words might name what is kept
            words = " ".join(self.text[m.start() : m.end()].split())
            self.assumptions.append(f"read {words!r} as what the dropped records are")
            self.mask(m.start(), m.end(), domain=True)

    def _kept_matter(self) -> None:
        """ "only requests with priority in (urgent, high) matter for this one, filter those
        first": after a keep condition, what it does said again (see KEPT_MATTER)."""
        for m in list(KEPT_MATTER.finditer(self.s)):
            before = [c for c in self.conds if c.pos < m.start()]
            if not m.group(0).strip() or not before:
                continue
            if not self.s[: m.start()].rstrip().endswith(MASK):
                continue
            if max(before, key=lambda c: c.pos).negate:
                continue  # "drop orders below 5 dollars, they don't matter": not the kept ones
            self.mask(m.start(), m.end(), domain=True)

    def _mask_others_dropped(self) -> None:
        """ "keep readings where x > 5, drop the rest", "rest dropped", "everything else is
        discarded": after a keep filter, what a filter does anyway."""
        if not any(not c.negate for c in self.conds):
            return
        for m in list(OTHERS_DROPPED.finditer(self.s)):
            if not m.group(0).strip("\x00 ,;"):
                continue
            self.mask(m.start(), m.end())

    def _may_select(self, m: re.Match[str], words: str) -> RequestNotUnderstood:
        """The refusal of words before a dropped condition that may select records of their
        own ("excluding internal accounts where ...", "drop test devices where ...")."""
        return RequestNotUnderstood(
            f"cannot read {clause_around(self.text, m.start(), m.end())!r}: "
            f"{words!r} may select records of its own, or only name the records the "
            "condition after it leaves out; say each selection as a condition on a field, "
            'e.g. "drop readings where battery < 20"'
        )

    def _refuse_excluded_phrase(self) -> None:
        """ "excluding internal accounts where battery < 20": the words between "excluding" and
        the condition may select records of their own (the internal accounts) or only name the
        records the condition drops; refused rather than one read and the other dropped."""
        m = EXCLUDED_PHRASE_LEAD.search(self.s)
        if m and MASK not in m.group(0):
            raise self._may_select(m, m["words"])

    def _refuse_dropped_kind(self, m: re.Match[str]) -> None:
        """ "drop test devices where battery < 5": a word before the records' noun may select
        records of its own (the test devices) or only name them; refused rather than the word
        dropped and the condition alone read (as `_refuse_excluded_phrase` does)."""
        words = (m.group("dropped") or "").split()
        if len(words) != 2 or MASK in m.group(0):
            return
        first = words[0].lower()
        # (only an adjective before a plural noun: "drop email ending with ..." is a field)
        if not re.fullmatch(r"[a-z-]+[^s]s", words[1], ICASE):
            return
        if re.fullmatch(_DROPPED_DETERMINERS, first, ICASE) or self._repeats_topic_name(first):
            return
        # ("test orders where is_test = true": the condition restates the word)
        if re.match(rf"[^,;.]*?\b(?:\w+_)?{re.escape(first)}(?:_\w+)?\b", self.s[m.end() :], ICASE):
            return
        # ("badge swipes" on topic depot-badges: the topic's word, plural)
        if len(first) >= 4 and any(w.startswith(first) for w in self.topic_words()):
            return
        # ("skip anonymous rows where patron_id is null": the word says the value is missing)
        if re.fullmatch(_NO_VALUE_WORDS, first, ICASE) and _MISSING_TEST.match(self.s, m.end()):
            return
        raise self._may_select(m, " ".join(words))

    def _refuse_drop_all_but(self) -> None:
        """ "drop all but payments with status captured": two negations, refused with the keep
        it means (never read as a drop of the captured payments)."""
        m = DROP_ALL_BUT.search(self.s)
        if m and MASK not in m.group(0):
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), m.end())!r}: "
                f"{' '.join(m.group(0).split())!r} drops the records the words after it do not "
                "name; say which records to keep, e.g. \"keep payments where status = 'captured'\""
            )

    def _absent_said_again(self, end: int) -> int:
        """Where the words dropping records without a field end, with the null test said again
        after them: "... that have no seat_number (null)", "(skip the ones where it's null)", or
        the records kept, "skip readings with no temp_c (not null)" (either says one test)."""
        again = (
            NULL_RESTATED.match(self.s, end)
            or NULL_AGAIN["null"].match(self.s, end)
            or NULL_AGAIN["not_null"].match(self.s, end)
        )
        return again.end() if again else end

    def _emptiness_said_again(self, op: str, end: int) -> tuple[str, int]:
        """A null drop's test and where its words end, with "(must be non-empty)" after them
        read: the kept have no empty text ("") either, so the test becomes the emptiness one."""
        more = NON_EMPTY_AGAIN.match(self.s, end)
        return ("not_empty", more.end()) if more and op == "not_null" else (op, end)

    def _null_restated(self) -> None:
        """ "every scan that has no seat_number (null)": the parenthesis says the condition's
        null again; read with it."""
        for c in self.conds:
            if c.op not in ("null", "not_null") or not c.end:
                continue
            said = self.text[c.pos : c.end]
            # the words say the value is absent ("has no seat_number", "is missing"); "is present
            # (null)" contradicts itself and stays unread
            if not ABSENT_SAID.search(said) or re.search(r"\bnot\b|n't\b", said, ICASE):
                continue
            m = NULL_AGAIN["null"].match(self.s, c.end)
            if m:
                self.mask(m.start(), m.end(), domain=True)

    def _dropped_words_restated(self) -> None:
        """ "drop test claims (is_test = true)", "skip internal orders (source = 'internal')":
        words that drop the records (the stream's own noun) whose flag is_<word> is true, or
        whose value is the word, say the condition in parentheses, which is then dropped."""
        own = {singular(w) for w in self.topic_words()}
        for c in self.conds:
            # "drop the house ads (ad_type is not house)": the parenthesis may say what is
            # kept, the same records' complement; it is read as written
            kept = (c.op == "ne" and not c.negate) or (c.op == "eq" and c.negate)
            if c.op not in ("eq", "ne") or (c.negate and not kept) or not c.end or c.items:
                continue
            close = CLOSE_PAREN.match(self.text, c.end)
            m = self._dropped_words_before(c, own) if close else None
            if m is None or close is None:
                continue
            c.negate = c.negate or not kept  # (a kept side stays as it is)
            self.mask(m.start(), m.end())
            self.mask(c.end, close.end())

    def _more_dropped_without(self) -> None:
        """ "ignore rows whose status is test (status != test), and rows with no engine_hours
        value": after a drop read to its end (a restating parenthesis masked), ", and <records>
        with no <field>" names more records the same verb drops: the field must be present."""
        for c in list(self.conds):
            if not (c.negate and c.end) or c.op == "group":
                continue
            at = c.end
            while at < len(self.s) and self.s[at] in MASK + " ":
                at += 1  # (the parenthesis saying the same condition, read and masked)
            self._more_dropped_where(at)
            m = MORE_DROPPED_WITHOUT.match(self.s, at)
            if m is None or not self._dropped_noun_again(m.group("noun"), m.start()):
                continue  # "and late rows with no x": 'late' may select records
            subject, quoted = unquote(m.group("f"))
            if subject.lower() in PRONOUNS | STOP or subject.lower() in _ANY_FIELD_NOUNS:
                continue  # "and rows with no values": which field?
            self._refuse_miss_noun(m, subject, quoted)
            self.conds.append(Cond(m.start("noun"), subject, quoted, "not_null", None, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)

    def _more_present(self) -> None:
        """ "refunds with refund_amount between 50 and 500 and a non-null reason_code": after a
        condition that keeps records, 'and' then a field said present ("non-null", "non-empty",
        "populated") keeps only the records that have it too. After a dropping condition the
        words stay unread (dropped only when both hold: no two filters say it)."""
        for c in list(self.conds):
            if c.negate or not c.end or c.items or c.op == "group":
                continue
            m = MORE_PRESENT.match(self.s, c.end)
            if m is None:
                continue
            subject, quoted = unquote(m.group("f"))
            if subject.lower() in PRONOUNS | STOP or subject.lower() in _ANY_FIELD_NOUNS:
                continue  # "and a non-null value": which field?
            op = "not_empty" if re.search(r"empty|blank", m.group("w"), ICASE) else "not_null"
            self.conds.append(Cond(m.start("w"), subject, quoted, op, None, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)

    def _dropped_comparative_restated(self) -> None:
        """ "drop anyone younger than 8 (keep age >= 8)": the bracket right after says the
        records kept, by a field that holds what the adjective measures, at the same bound
        (younger than 8 dropped, age >= 8 kept); the drop is read as that condition said
        again. Any other bracket leaves the words unread (refused)."""
        for m in list(DROPPED_COMPARATIVE.finditer(self.s)):
            noun = m["noun"].lower()
            if noun not in _ANYONE and not self._names_records(noun):
                continue  # "drop late buses slower than 5 (...)": 'late' may select
            close = self.s.find(")", m.end())
            kept = [
                c
                for c in self.conds
                if m.end() < c.pos < close and not c.negate and not c.items and c.end <= close + 1
            ]
            if len(kept) != 1 or not isinstance(kept[0].value, int | float):
                continue
            c = kept[0]
            op = "ge" if m["less"] or m["under"] else "le"
            bound = float(m["n"])
            adj = m.group("less") or m.group("more") or ""
            if c.op != op or float(c.value) != bound or not _adjective_fits(adj, c.subject):
                continue
            self.mask(m.start(), m.end(), domain=True)

    def _dropped_noun_again(self, noun: str, at: int) -> bool:
        """Whether `noun` names the records (a generic noun, the topic's) or is the noun the
        drop verb before `at` took ("discard scans where ... and scans whose ...")."""
        if self._names_records(noun.lower()):
            return True
        said = re.compile(
            rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?{re.escape(noun)}\s+(?:where|whose|with)\b",
            ICASE,
        )
        return bool(said.search(self.text, max(0, at - 120), at))

    def _more_dropped_where(self, at: int) -> None:
        """ "discard scans where seat_id is null and scans whose scan_result is void": the
        records named again after "and" with a "where"/"whose" of their own are dropped too;
        the condition after them was read as kept (its lead alone), and is turned round."""
        m = MORE_DROPPED_WHERE.match(self.s, at)
        noun = m and (m.group("noun") or m.group("one"))
        if m is None or (noun and not self._dropped_noun_again(noun, m.start())):
            return  # "and late scans whose ...": 'late' may select records
        # (the lead is read on the request as written: the condition's reader masked it;
        # "with" too: "throw away readings with temp below -50 and readings with temp above 60")
        lead = re.compile(r"(?:where|whose|with)\s+", ICASE).match(self.text, m.end())
        after = [c for c in self.conds if lead and m.end() <= c.pos <= lead.end() and c.end]
        # (a "with" condition is weak where it stands: the drop verb's records named again)
        if lead is None or len(after) != 1 or after[0].negate:
            return
        if after[0].weak and lead.group(0)[:4].lower() != "with":
            return
        # "... whose scan_result is void and amount > 5": both hold for the records dropped,
        # one condition that two filters cannot say (left unread, so refused)
        if any(
            c.pos > after[0].pos
            and not re.search(r"[.;!?\n]|\bthen\b", self.text[after[0].end : c.pos], ICASE)
            for c in self.conds
        ):
            return
        after[0].negate = True
        self.mask(m.start(), m.end())

    def _dropped_words_before(self, c: Cond, own: set[str]) -> re.Match[str] | None:
        """The words right before the parenthesis holding `c` that drop the records its value
        or flag names: "drop test claims (", "drop orders from internal users (", "skip
        payments that were voided (", "drop refunds (" (the value itself, in the plural)."""
        field = c.subject.lower()
        for words in (DROPPED_WORDS_BEFORE, DROPPED_BY_WORDS_BEFORE, DROPPED_THAT_BEFORE,
                      DROPPED_VALUE_NOUN_BEFORE):  # fmt: skip
            m = words.search(self.s, max(0, c.pos - 80), c.pos)
            named = bool(m and "noun" in m.re.groupindex)  # (no noun: the value names them)
            # (the words up to the records' noun and the word, never a masked "where" after)
            if not m or MASK in self.s[m.start() : max(m.end("noun") if named else 0, m.end("v"))]:
                continue
            word = m.group("v").lower()
            value = isinstance(c.value, str) and c.value.lower() == word
            if not named:
                if isinstance(c.value, str) and c.value.lower() == singular(word):
                    return m
                continue
            noun = singular(m.group("noun").lower())
            flag = c.value is True and field in (word, f"is_{word}", f"{word}_flag")
            if (flag or value) and (noun in own or m.group("noun").lower() in RECORD_NOUNS):
                return m
        return None

    def _drop_all_unless(self, m: re.Match[str]) -> bool:
        """ "drop alerts unless severity is high", "discard everything except when x > 5": the
        drop names nothing but the records, so the exception is what is kept (the drop verb
        and its noun are masked)."""
        if not m.group(0).lower().startswith(("unless", "except")):
            return False
        stops = [x.end() for x in re.finditer(r"[;,\n]|\.(?=\s|$)", self.text[: m.start()])]
        verbs = list(KEEP_OR_DROP_VERB.finditer(self.text, max(stops, default=0), m.start()))
        if not verbs or not verbs[-1].group("drop"):
            return False
        if not self._only_records(self.text[verbs[-1].end() : m.start()]):
            return False
        self.mask(verbs[-1].start(), m.start())
        return True

    def _only_records(self, words: str) -> bool:
        """ "alerts", "all the bookings", "everything": words naming the records, no kind."""
        noun = re.fullmatch(
            r"\s*(?:(?:all|any|every|the)\s+){0,2}(?:(?P<pron>everything|anything|all|them|it)"
            r"|(?P<noun>[A-Za-z]+s))\s*",
            words,
            ICASE,
        )
        return noun is not None and (
            not noun.group("noun") or self._names_records(noun.group("noun"))
        )

    def _refuse_exception_to_drop(self, m: re.Match[str]) -> None:
        """ "drop orders where amount < 5 unless status = 'vip'": the exception keeps records a
        drop verb before it leaves out; reading it as one more drop would drop the vip orders."""
        stops = [x.end() for x in re.finditer(r"[;\n]|\.(?=\s|$)", self.text[: m.start()])]
        verbs = list(KEEP_OR_DROP_VERB.finditer(self.text, max(stops, default=0), m.start()))
        if verbs and verbs[-1].group("drop"):
            stop = re.search(r"[,;]|\.(?=\s|$)", self.text[m.end() :])
            end = m.end() + stop.start() if stop else len(self.text)
            words = " ".join(self.text[verbs[-1].start() : end].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: an "
                f"exception ({m.group(0).strip()!r} ...) to what a drop leaves out is not read; "
                'say which records to keep, e.g. "keep orders where amount >= 5 or status = '
                "'vip'\""
            )

    def _unless_after_keep(self, m: re.Match[str], excepted: list[Cond]) -> None:
        """ "keep ringer_age >= 18 unless is_supervised is true": after a keep condition, an
        exception may drop records the condition keeps (A and not B) or let through records it
        drops (A or B). A flag that permits ("unless is_supervised is true") is read either way:
        refused with both readings; any other exception is read as A and not B, listed. "except
        when", "except if", "but not when" are read the same (and listed the same)."""
        said_word = " ".join(m.group(0).split()).lower()
        if not said_word.startswith(("unless", "except", "but not")):
            return
        stops = [x.end() for x in re.finditer(r"[;\n]|\.(?=\s|$)", self.text[: m.start()])]
        verbs = list(KEEP_OR_DROP_VERB.finditer(self.text, max(stops, default=0), m.start()))
        if not verbs or verbs[-1].group("drop"):
            return
        kept = self.text[verbs[-1].end() : m.start()].strip(" ,")
        kept = re.sub(  # "keep records where A unless B": the condition A
            r"^(?:(?:only|just|the|all)\s+)*(?:[A-Za-z]+\s+)?(?:where|whose|with|if|when)\s+",
            "", kept, flags=ICASE,
        )  # fmt: skip
        if not COMPARED.search(kept):
            return  # "forward every record ... unless B": nothing kept before the exception
        last = excepted[-1]
        said = " ".join(self.text[m.end() : last.end or m.end()].split()).strip(" ,")
        words = " ".join(self.text[verbs[-1].start() : last.end or m.end()].split())
        flags = [c for c in excepted if c.op == "eq" and str(c.value).lower() == "true"]
        if len(flags) == 1 and len(excepted) == 1 and not flags[0].quoted:
            flag = flags[0].subject
            raise RequestNotUnderstood(
                f"cannot read {words!r}: {said_word!r} after a keep condition may drop the records "
                f"it keeps, or let through records it drops; write the one you mean: "
                f'"keep records where {kept} and {flag} != true" or "keep records where '
                f'{kept} or {flag} = true"'
            )
        self.assumptions.append(
            f"read {words!r} as: keep {kept}, and drop the records where {said} (even when they "
            f'match); to keep those as well, write "keep records where {kept} or {said}"'
        )

    def _refuse_trailing_if(self, m: re.Match[str], earlier: list[Cond]) -> None:
        """ "keep orders where amount > 100 if country is US": the limit may apply to US orders
        only (amount > 100 or country != 'US') or the two may both hold; read as both, every
        order outside the US was dropped."""
        word = m.group(0).split()[0].lower()
        if word not in ("if", "when", "whenever"):
            return
        if not any(
            0 < c.end <= m.start() and not c.weak and not self.text[c.end : m.start()].strip(" ,")
            for c in earlier
        ):
            return
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, m.start(), m.end())!r}: 'A {word} B' may mean "
            "both hold, or that A applies only when B holds; write the records to keep as one "
            'condition, e.g. "keep orders where amount > 100 and country = \'US\'" or "keep '
            "orders where amount > 100 or country != 'US'\""
        )

    def _refuse_implication(self, m: re.Match[str], last: Cond) -> None:
        """ "keep orders where status = 'paid' and, if amount > 100, country = 'US'": a condition
        that applies only when another holds; reading both as filters would drop every order
        over 100 outside the US and every order that fails the 'if' part."""
        if m.group(0).split()[0].lower() not in ("if", "when", "whenever") or not last.end:
            return
        self._refuse_conditional_action(m, last)
        after = re.match(r"\s*,\s*(?:then\s+)?|\s+then\s+", self.s[last.end :])
        if not after or self._match_cond(last.end + after.end(), False, False) is None:
            return
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, m.start(), last.end)!r}: a condition that "
            "holds only when another does ('if A, B') is not read; write the records to keep as "
            "one condition, e.g. \"keep orders where amount <= 100 or country = 'US'\""
        )

    def _refuse_conditional_action(self, m: re.Match[str], last: Cond) -> None:
        """ "if the store is missing, send to the dead letter topic x", "if amount is negative,
        flip the sign": what follows the 'if' part is not "keep them"; reading the condition as
        a filter would keep only those records (and drop the action)."""
        then = CONDITIONAL_ACTION.match(self.text, last.end)
        if not then:
            return
        stop = re.search(r"[,;\n]|\.(?=\s|$)", self.text[then.end() :])
        end = then.end() + stop.start() if stop else len(self.text)
        words = " ".join(self.text[m.start() : end].split())
        if then.group("dlq"):
            raise RequestNotUnderstood(
                f"cannot read {words!r}: the dead-letter topic takes the records that cannot be "
                "read (and, if asked, those a Redis lookup does not find); a condition that "
                "sends other records there is not read. To leave those records out, drop them, "
                'e.g. "drop orders where customer_id is null"'
            )
        raise RequestNotUnderstood(
            f"cannot read {words!r}: a change made only to the records where a condition holds "
            "('if A, change B') is not read, and reading the condition as a filter would drop "
            "every other record; write the pipeline as a spec file with a `map` "
            "(etl-gen generate spec.yaml), or use the LLM parser (--llm)"
        )

    def _refuse_conditional_step(self, c: Cond, reads: list[str | None]) -> None:
        """ "enrich with tier from Redis ..., only if tier is missing", "look up tier ... only
        for records where tier is empty": a lookup (or join) done only for some records, said
        with a null test on a field the step adds. Read as a filter after the step, it would
        keep only the records the lookup did not fill."""
        if c.op not in NULL_TESTS or not any(r in self.added_by_ops for r in reads):
            return
        start = max(self.text.rfind(p, 0, c.pos) for p in ",;.:\n(") + 1
        if not CONDITIONAL_STEP_LEAD.search(self.text, start, c.pos):
            return
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, c.pos, c.end or c.pos)!r}: a lookup made "
            f"only for the records whose {', '.join(r for r in reads if r)} is missing is not "
            "read (the lookup fills every record, and this condition as a filter would keep "
            "only the records it did not fill); leave the condition out, or write the pipeline "
            "as a spec file (etl-gen generate spec.yaml)"
        )

    def _refuse_conditional_dedup(self, c: Cond) -> None:
        """ "dedup by order_id within 1 hour unless status is 'retry'", "... when the source is
        web": a condition in the dedup's own clause scopes the dedup; read as a filter it would
        drop every other record instead of passing it on without a dedup."""
        start = max(self.text.rfind(p, 0, c.pos) for p in ",;.:\n(") + 1
        if start > self.dedup_pos or not CONDITIONAL_STEP_LEAD.search(self.text, start, c.pos):
            return
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, c.pos, c.end or c.pos)!r}: a dedup applied "
            "only to some records is not read, and this condition as a filter would drop the "
            'others; to drop them too, say it as a step of its own, e.g. "keep orders where '
            "source = 'web', then deduplicate by order_id within 1 hour\""
        )

    def _dropped_by_lead(self, pos: int) -> bool:
        """The last keep/drop verb of the clause before `pos` is a drop verb ("except pages with
        more than 100 clicks", "remove users having at least 3 logins")."""
        start = max(self.text.rfind(p, 0, pos) for p in ",;.:\n") + 1
        verbs = list(COUNT_LEAD_VERB.finditer(self.text, start, pos))
        return bool(verbs and verbs[-1].group("drop"))

    def _refuse_also_keep(self, m: re.Match[str]) -> None:
        """ "keep wind_kmh > 80, and also keep gust_kmh > 100": the records of either condition
        (more records kept) or of both? Never read as one of the two."""
        also = re.search(
            r"\b(?:also|additionally|as\s+well|too)\s+$", self.text[: m.start()], ICASE
        )
        if also:
            said = clause_around(self.text, also.start(), m.end())
            raise RequestNotUnderstood(
                f"cannot read {said!r}: keep the records that match either condition, or only "
                "those that match both? Write one condition with 'or' or with 'and', e.g. "
                '"keep records where wind_kmh > 80 or gust_kmh > 100"'
            )

    def _refuse_bound_said_again(self) -> None:
        """ "keep amount over 100 ... Filter: amount > 200.": a later sentence bounding a field
        already bounded on the same side with another number (or keeping other values of it)
        changes that condition or adds a second one: which? Both kept silently would drop what
        one of them asks for. Read as both only when the later one says so ("also", "and"); a
        bound said again alike is one condition (read once)."""
        if self.window:
            return  # (a threshold after a window bounds its rows, never the records)
        conds = sorted((c for c in self.conds if c.end and not c.items), key=lambda c: c.pos)
        for i, b in enumerate(conds):
            lead = self.text[sentence_bounds(self.text, b.pos, b.pos)[0] : b.pos]
            if _NARROWS_AGAIN.search(lead):
                continue
            for a in conds[:i]:
                if a.subject != b.subject or a.quoted != b.quoted:
                    continue
                if not _SENTENCE_END.search(self.text, a.end, b.pos):
                    continue  # one sentence: "over 100 and over 200" says both
                if _bound_side(a) is None or _bound_side(a) != _bound_side(b):
                    continue
                if (_kept_op(a), a.value) == (_kept_op(b), b.value):
                    continue  # the same condition said again ("drop amount < 10" is "amount >= 10")
                if _bound_side(a) == "set" and not set(_values(a)) & set(_values(b)):
                    continue  # no record passes both: refused as a contradiction (filter_bounds)
                first = " ".join(self.text[a.pos : a.end].split())
                said = " ".join(self.text[b.pos : b.end].split()).rstrip(".")
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: {first!r} was said before on the same field; is "
                    "this a change to it, or a second condition both must pass? Say the "
                    "condition once, or say 'also' for both"
                )

    def _kept_noun_is_every_record(self, m: re.Match[str]) -> None:
        """ "keep refunds where total > 30" on topic tills: the noun is read as every record of
        the topic, which is listed when it is not a generic record noun or the topic's own."""
        noun = next(
            (m.group(g) for g in ("kept1", "kept2", "kept3", "kept4", "kept5") if m.group(g)), None
        )
        if noun and not self._names_records(noun.lower()):
            self._noun_read_as_every_record(noun)

    def _noun_read_as_every_record(self, noun: str) -> None:
        """The assumption that a kept noun the topic's name does not hold is every record."""
        topics = ", ".join(t for _, t in self.topics) or "the source"
        said = (
            f"read {noun!r} as every record of {topics} (no condition selects a kind of "
            f"record); if the topic mixes kinds, add a condition on the field that marks {noun}"
        )
        if said not in self.assumptions:
            self.assumptions.append(said)

    def _refuse_miss_noun(self, m: re.Match[str], subject: str, quoted: bool) -> None:
        """ "drop orders without a match" after a lookup: 'match' (or, with a lookup or join,
        'profile', 'data') names no field of the records; it was read as a field 'match'
        checked for null. "drop claims with missing values": which field? Refused too."""
        word = subject.lower()
        if not quoted and word in _ANY_FIELD_NOUNS:
            said = clause_around(self.text, m.start(), m.end())
            raise RequestNotUnderstood(
                f'cannot read {said!r}: which field must be present? Name it (e.g. "drop '
                'claims without a policy_id"), one condition per field'
            )
        if quoted or not (
            word in _MISS_NOUNS or (word in _LOOKED_UP_NOUNS and (self.enrich or self.joins))
        ):
            return
        said = clause_around(self.text, m.start(), m.end())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: {subject!r} names no field of the records; a Redis lookup "
            "that finds no key leaves the fields it adds null: to drop those records, name one "
            'of them (e.g. "drop orders without tier"), or send them to the dead-letter topic '
            '(e.g. "missing customers go to the dead letter topic")'
        )

    def _refuse_row_of(self, m: re.Match[str], subject: str, quoted: bool) -> None:
        """ "only sessions that have a tariff entry": a tariff field, or a row in a tariff
        lookup? Never read as a field with the noun skipped."""
        row = ROW_AFTER.match(self.s, m.end())
        if quoted or row is None:
            return
        said = clause_around(self.text, m.start(), row.end())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: '{subject} {row.group(1)}' may be a field {subject!r} or a "
            f'row in a {subject} lookup table; if a field of the records holds it, say "keep '
            f'records where {subject} is not null", if it is a lookup, join or enrich from it'
        )

    def _kept_by_condition(self, noun: str) -> bool:
        """ "drop pings without a truck_id, keep pings where speed_kmh > 0": the request's own
        noun for its records, which a keep clause with a condition names too (and is read as
        every record of the source, listed); a plural only."""
        if not re.fullmatch(r"[a-z]{3,}s", noun) or noun in STOP or noun.endswith("ss"):
            return False
        return bool(
            re.search(
                rf"\b(?:keep|retain|pass)\w*\s+(?:only\s+|just\s+)?(?:the\s+)?{noun}\s+"
                r"(?:where|whose)\b",
                self.text,
                ICASE,
            )
        )

    def _presence_continued(self, start: int, end: int, *, dropped: bool) -> None:
        """ "drop bets without a customer_id or with a stake_eur of 0": the comparison after
        'or' is dropped as well (read alone after its 'with', it was kept). Refused where two
        filters cannot say it: a drop joined by 'and' (dropped only when both hold), a keep
        joined by 'or' ("keep bets that have a customer_id or where stake > 0": either may hold).
        """
        cont = re.compile(
            r"\s*,?\s*(?P<conj>or|and)\s+(?:with|where|whose|when|if|having)\s+(?:an?\s+|the\s+)?",
            ICASE,
        ).match(self.s, end)
        if cont is None:
            return
        said = clause_around(self.text, start, cont.end())
        conj = cont.group("conj").lower()
        if conj == ("and" if dropped else "or"):
            why = (
                f"cannot read {said!r}: the field's presence and the comparison joined with "
                f"{conj!r} are one condition; write the presence as a comparison too"
            )
            if dropped:
                raise RequestNotUnderstood(
                    f'{why} (e.g. "drop bets where customer_id is null and stake = 0")'
                )
            raise RequestNotUnderstood(
                f'{why} (e.g. "keep bets where customer_id is not null or stake > 0")'
            )
        if not dropped:
            return  # "keep ... that have x and where y > 0": read by the comparisons' readers
        before = len(self.conds)
        self._conditions_at(cont.start(), cont.end(), negate=True, weak=False)
        if len(self.conds) == before:
            raise RequestNotUnderstood(
                f"cannot read {said!r}: which condition follows {cont.group(0).strip()!r}? "
                'Write it as a comparison, e.g. "drop bets without a customer_id or with '
                'stake = 0"'
            )
        self.mask(cont.start(), cont.end())
