"""Recogniser: conditions, i.e. filters ("only purchase events", "where amount > 100") and
thresholds on aggregates ("when the count exceeds 500")."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec.expressions import ExpressionError, describe, fields_read
from ...spec.expressions import parse as parse_expression
from ...spec.presets import DISCRIMINATORS
from . import lazy_re as re
from .accounting import FILLER
from .aggregates import IN_A_ROW, agg_from_phrase
from .fields import SchemaResolver
from .lexicon import (
    AGG_WORDS,
    ATTRIBUTE_NOUNS,
    COUNT_NOUNS,
    DEGREES,
    DROP_VERB,
    FIELD,
    IT,
    MAGNITUDE_VALUES,
    MASK,
    NEGATE,
    NOT_A_NAME,
    PRESENCE,
    QUOTED,
    STOP,
    TIER_VALUES,
    UNWANTED_BY_PRONOUN,
    VERBS_AFTER_AND,
    WORD_RUN,
    _snake,
    coerce,
    domain_of,
    list_literals,
    literal,
    singular,
    strip_article,
    unquote,
    word_set,
)
from .quantities import (
    ADVERB_MS,
    DUR,
    DUR1,
    ICASE,
    NUM,
    SPAN_BEFORE_AGG,
    UNIT_AFTER,
    UNIT_FAMILY,
    WN,
    WORD_NUMBERS,
    dur_ms,
    exact_factor,
    field_units,
    ms_text,
    number,
    same_unit,
    unit_of,
)
from .scope import clause_around
from .sources import description_word
from .state import Agg, Cond

# Comparison operators, longest phrasing first.
OPS: list[tuple[str, str]] = [
    ("not_contains", r"does\s+not\s+contain|doesn't\s+contain|do\s+not\s+contain|don't\s+contain"
                     r"|not\s+containing|does\s+not\s+include|doesn't\s+include"
                     r"|does\s+not\s+mention|doesn't\s+mention|not\s+mentioning"),
    ("contains", r"contains\s+the\s+(?:text|word|string|substring)|contains|containing|contain"
                 r"|includes\s+the\s+(?:text|word|string)|includes|including|mentions|mentioning"),
    # SQL LIKE with a '%' pattern: read as a text match (see _like); "matches 'JFK%'" too (read
    # as the value itself, it compared with the text JFK%)
    ("not_like", r"is\s+not\s+like(?=\s*'[^'\n]*%)|not\s+like(?=\s*'[^'\n]*%)"
                 r"|does\s+not\s+match(?=\s*'[^'\n]*%)|doesn't\s+match(?=\s*'[^'\n]*%)"),
    ("like", r"is\s+like(?=\s*'[^'\n]*%)|like(?=\s*'[^'\n]*%)|matches(?=\s*'[^'\n]*%)"),
    ("not_startswith", r"does\s+not\s+start\s+with|doesn't\s+start\s+with|do\s+not\s+start\s+with"
                       r"|don't\s+start\s+with|not\s+starting\s+with|does\s+not\s+begin\s+with"
                       r"|doesn't\s+begin\s+with"),
    ("not_endswith", r"does\s+not\s+end\s+(?:with|in)|doesn't\s+end\s+(?:with|in)"
                     r"|do\s+not\s+end\s+(?:with|in)|don't\s+end\s+(?:with|in)"
                     r"|not\s+ending\s+(?:with|in)"),
    ("startswith", r"startswith|starts\s+with|start\s+with|starting\s+with|begins\s+with|begin\s+with"
                   r"|beginning\s+with"),
    ("endswith", r"endswith|ends\s+(?:with|in)|end\s+(?:with|in)|ending\s+(?:with|in)"),
    # ("country is not in the list: KP, IR": the list named, then the values)
    ("not_in", r"is\s+not\s+in\s+(?:the\s+(?:following\s+)?|this\s+)(?:list|set)(?:\s+of)?\s*:?"
               r"|is\s+not\s+one\s+of\s+the\s+following\s*:?|is\s+not\s+one\s+of\s*:|is\s+none\s+of\s*:|is\s+not\s+in\s*:|is\s+not\s+one\s+of|not\s+one\s+of|is\s+not\s+in|not\s+in|is\s+none\s+of"
               r"|none\s+of|isn't\s+one\s+of|isn't\s+any\s+of|is\s+not\s+any\s+of"
               # "region isn't in ('north', 'south')", "is not among 'a', 'b'"
               r"|isn't\s+in|aren't\s+in|are\s+not\s+in|(?:is\s+|are\s+)?not\s+among|isn't\s+among"
               r"|is\s+neither|neither"),
    # ("carrier is one of: DHL, UPS, FedEx": the list after a colon)
    ("in", r"is\s+in\s+(?:the\s+(?:following\s+)?|this\s+)(?:list|set)(?:\s+of)?\s*:?"
           r"|is\s+one\s+of\s+the\s+following\s*:?|is\s+one\s+of\s*:|is\s+any\s+of\s*:|is\s+in\s*:"
           r"|is\s+one\s+of|one\s+of|is\s+any\s+of|any\s+of|is\s+either|either|is\s+in|in"
           r"|(?:is|are)\s+among"),
    ("ge", r"is\s+greater\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|is\s+at\s+least"
           r"|at\s+least|>=|is\s+no\s+less\s+than|no\s+less\s+than|\u2265"
           r"|is\s+not\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than)"
           r"|isn't\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than)"
           r"|is\s+(?:greater|more|higher|larger|bigger)\s+than\s+or\s+equal\s+to"
           r"|(?:is\s+)?(?:greater|more|higher|larger|bigger)\s+(?:than\s+)?or\s+equal(?:\s+(?:to|than))?"
           # "amount exceeds or equals 100", "equals or exceeds 100"
           r"|exceeds?\s+or\s+equals?(?:\s+to)?|equals?\s+or\s+exceeds?"
           # non-native English: "is not less of 5", "not less then 5"
           r"|(?:is\s+)?not\s+(?:less|lower|smaller)\s+(?:of|then)(?=\s*[$€£]?\s?-?\d)"),
    ("le", r"is\s+less\s+than\s+or\s+equal\s+to|less\s+than\s+or\s+equal\s+to|is\s+at\s+most"
           r"|at\s+most|<=|is\s+no\s+more\s+than|no\s+more\s+than|does\s+not\s+exceed"
           r"|doesn't\s+exceed|\u2264"
           r"|is\s+not\s+(?:above|over|more\s+than|greater\s+than|higher\s+than|larger\s+than)"
           r"|isn't\s+(?:above|over|more\s+than|greater\s+than|higher\s+than|larger\s+than)"
           r"|(?:is\s+)?(?:less|lower|smaller|fewer)\s+(?:than\s+)?or\s+equal(?:\s+(?:to|than))?"
           # non-native English: "is not more of 5", "not bigger then 5"
           r"|(?:is\s+)?not\s+(?:more|bigger|greater|higher|larger)\s+(?:of|then)"
           r"(?=\s*[$€£]?\s?-?\d)"),
    ("ne", r"is\s+anything\s+(?:but|other\s+than|except)|is\s+not\s+equal\s+to|not\s+equal\s+to"
           # "status not equal 'OFFLINE'", "is unequal to 0", "not = 'X'": terse or non-native
           r"|(?:is\s+)?not\s+equals?|(?:is\s+)?unequal(?:\s+to)?|not\s*==?(?!=)"
           # "country is different from 'US'": never the value 'different'
           r"|(?:is|are)\s+different\s+(?:from|than|to)|different\s+from|differs?\s+from"
           r"|(?:is|are)\s+not\s+the\s+same\s+as|(?:is|are)\s+unlike"
           r"|does\s+not\s+equal|doesn't\s+equal"
           r"|is\s+not|isn't|!=|<>|\u2260|is\s+other\s+than|other\s+than|differs\s+from"),
    ("gt", r"is\s+greater\s+than|greater\s+than|is\s+more\s+than|more\s+than|is\s+above|above"
           r"|is\s+over|over|exceeds|exceed|>|is\s+larger\s+than|larger\s+than|surpass(?:es)?"
           r"|is\s+bigger\s+than|bigger\s+than|is\s+higher\s+than|higher\s+than|goes\s+above"
           # "alert if total_claimed goes over 100000"
           r"|goes\s+over|goes\s+beyond|rises\s+above|climbs\s+above"
           r"|tops"
           # "dives deeper than 40 metres": a comparative of the field's own measure (never
           # "hotter than": h12_f14 keeps a word of heat before "than" refused)
           r"|(?:is\s+)?(?:deeper|heavier|longer|taller|wider)\s+than"
           # non-native English: "is more big than 0", "bigger then 5" (a number follows)
           # ("bigger as 5": the German "als")
           r"|(?:is\s+)?more\s+(?:big|bigger|large|larger|great|greater|high|higher)\s+than"
           r"|(?:is\s+)?(?:more\s+(?:big|large|high)|more|greater|bigger|larger|higher)\s+(?:then|as)"
           r"(?=\s*[$€£]?\s?-?\d)"),
    ("lt", r"is\s+less\s+than|less\s+than|is\s+below|below|is\s+under|under|<|is\s+smaller\s+than"
           r"|smaller\s+than|is\s+lower\s+than|lower\s+than|fewer\s+than|drops\s+below"
           r"|goes\s+below|goes\s+under|falls\s+below|dips\s+below"
           r"|(?:is\s+)?(?:shallower|lighter|shorter|narrower)\s+than"
           # non-native English: "is more small than 5", "smaller then 5" (a number follows)
           r"|(?:is\s+)?more\s+(?:small|smaller|little|low|lower)\s+than"
           r"|(?:is\s+)?(?:more\s+(?:small|little|low)|less|smaller|lower|fewer)\s+(?:then|as)"
           r"(?=\s*[$€£]?\s?-?\d)"),
    ("eq", r"is\s+equal\s+to|equal\s+to|equals|equal|==|=|is|matches"
           # "amount_usd of 50000 or more", "amount 100 or higher": a bound with no comparison
           # word before it (OR_MORE makes it ge/le)
           r"|(?:of\s+)?(?=[$€£]?\s?\d[\d,.]*\s*[kK]?\s+(?:or|and)\s+(?:more|greater|higher|above"
           r"|over|up|less|fewer|lower|below|under)\b)"
           # "positions with speed_kn of 0": the value itself, ending the clause
           r"|of(?=\s*-?\d+(?:\.\d+)?\s*(?:[,;.)!\x00]|and\b|or\b|then\b|$))"),
]  # fmt: skip


NULL_OPS: list[tuple[str, str]] = [
    # "plate is not empty": neither missing nor "" (a `where`: the field/op/value form has no
    # emptiness test)
    ("not_empty", r"is\s+not\s+empty|isn't\s+empty|is\s+not\s+blank|isn't\s+blank"
                  r"|is\s+non-?\s?empty|is\s+non-?\s?blank"
                  # "seat not empty": terse, as "not null" below
                  r"|not\s+empty|not\s+blank"),
    ("not_null", r"is\s+not\s+null|is\s+not\s+missing|is\s+present|is\s+set"
                 # "unless tier is already set": the adverb is no value
                 r"|is\s+already\s+(?:set|present|populated|filled(?:\s+in)?|there|defined|given"
                 r"|provided|known)"
                 r"|is\s+defined|exists|is\s+non-?\s?null|is\s+not\s+none"
                 r"|is\s+populated|is\s+filled(?:\s+in)?|is\s+provided"
                 r"|is\s+given|has\s+a\s+value|is\s+there"
                 r"|isn't\s+(?:null|missing|none|absent)"
                 # "keep fault_code not null": SQL's NOT NULL, terse
                 r"|not\s+null|not\s+missing"),
    # "guest_email is empty or missing": the emptiness test takes a missing value as empty too
    # ("paper_lot is empty/null": the slash as 'or')
    ("empty", r"is\s+(?:empty|blank)(?:\s+or\s+|\s*/\s*)(?:missing|null|none|absent|not\s+set|unset)"
              r"|is\s+(?:missing|null|none|absent|not\s+set|unset)(?:\s+or\s+|\s*/\s*)(?:empty|blank)"
              r"|is\s+empty|is\s+blank"),
    ("null", r"is\s+null|is\s+missing|is\s+absent|is\s+not\s+set"
             r"|is\s+still\s+(?:null|missing|absent|unset|not\s+set)|is\s+not\s+(?:yet\s+)?set"
             r"|is\s+none|is\s+unset|is\s+not\s+(?:present|provided|populated|given|filled(?:\s+in)?)"
             r"|has\s+no\s+value|does\s+not\s+exist|doesn't\s+exist"
             r"|isn't\s+(?:set|present|provided|populated|given|defined|filled(?:\s+in)?)"),
]  # fmt: skip

# "student_id is present (not null)": the same null test said again in parentheses.
NULL_AGAIN = {
    "not_null": re.compile(
        r"\s*\(\s*(?:i\.e\.\s*,?\s*)?(?:not\s+null|non-?\s?null|is\s+not\s+null|not\s+empty"
        r"|not\s+missing|not\s+none"
        # "(drop the ones where it's null)": what is left out, said again
        r"|(?:drop|skip|discard|exclude|remove|ignore|reject)\s+(?:the\s+ones|those|them|any|ones"
        r"|the\s+rest)\s+(?:where|when|if|that|which)\s+(?:it's|it\s+is|its\s+\w+\s+is|they're"
        r"|they\s+are|it'?s\s+value\s+is|is|are)\s+(?:null|missing|none|absent|not\s+set))\s*\)",
        ICASE,
    ),
    "null": re.compile(
        r"\s*\(\s*(?:i\.e\.\s*,?\s*)?(?:null|is\s+null|empty|missing|none)\s*\)", ICASE
    ),
}
NULL_AGAIN["not_empty"], NULL_AGAIN["empty"] = NULL_AGAIN["not_null"], NULL_AGAIN["null"]
_NULL_OPPOSITE = {
    "null": "not_null",
    "not_null": "null",
    "empty": "not_empty",
    "not_empty": "empty",
}
# The null tests, and the emptiness tests that also take "" as empty.
NULL_TESTS = ("null", "not_null", "empty", "not_empty")


def _plural_verb(alt: str) -> str:
    """ "is greater than" -> "(?:is|are) greater than": a plural field ("the odds are greater
    than 2.5") takes the same comparison (a bare "is" stays singular: "are" alone is no op)."""
    for singular_, plural in ((r"is\s+", r"(?:is|are)\s+"), (r"isn't\s+", r"(?:isn't|aren't)\s+")):
        if alt.startswith(singular_):
            return plural + alt[len(singular_) :]
    return alt


def op_alternatives(ops: list[tuple[str, str]]) -> str:
    """One named group per op; alternatives ending in a letter must end at a word boundary,
    and those starting with one start at one ("tags contain 'x'" holds no "in")."""
    groups = []
    for name, pattern in ops:
        alts = [
            (r"(?<![\w])" if a[0].isalpha() else "")
            + _plural_verb(a)
            + (r"(?![\w])" if a[-1].isalpha() else "")
            for a in pattern.split("|")
        ]
        groups.append(f"(?P<op_{name}>{'|'.join(alts)})")
    return "|".join(groups)


OP_RE = op_alternatives(OPS)


VALUE = (
    # a number, then the sentence's full stop at most ("humidity < 10."), never "10.x"
    rf"(?P<list>\([^)\x00]*\)|\[[^\]\x00]*\])|(?P<q>{QUOTED})"
    rf"|(?:[$€£]\s?)?(?P<num>{NUM})(?![\w]|\.[\w.])"
    # (never a word before "than": "is grater than 12" is a misspelt comparison, no value)
    r"|(?P<word>[\w.@/:+-]+)(?![\w.@/:+-]|\s+than\b)"
)


SUBJ = (
    # ("with any status other than 'draft'": a determiner, never part of the field's name)
    rf"(?:the\s+|its\s+|their\s+|an?\s+|any\s+|some\s+)?(?P<subj>{FIELD}(?:\s+[A-Za-z_]\w*){{0,3}}?)"
    # "where the fee (fee_gbp) is above 20": plain words, then the field's name in brackets
    r"(?:\s*\(\s*(?:(?:the\s+)?(?:field|column)\s*:?\s*(?P<psubj>[A-Za-z_]\w*)"
    r"|(?P<psubj2>[A-Za-z]\w*_\w+))\s*\))?"
)


COND = re.compile(rf"{SUBJ}\s*(?:{OP_RE})\s*(?:{VALUE})", ICASE)


# "gross_kg - tare_kg > 20000", "price * qty over 500": arithmetic on fields compared with a
# number, read as a `where` filter
ARITH_SUBJ = (
    r"(?P<a>[A-Za-z]\w*)\s*(?P<aop>\s-\s|[+*/]|\s(?:minus|plus|times|divided\s+by)\s)"
    r"\s*(?P<b>[A-Za-z]\w*|\d+(?:\.\d+)?)(?![\w.])"
)
ARITH_COND = re.compile(
    rf"{ARITH_SUBJ}\s*(?:is\s+|are\s+)?(?:{OP_RE})\s*(?:[$€£]\s?)?(?P<num>{NUM})(?![\w%]|\.[\w.])",
    ICASE,
)
ARITH_SYMBOL = {"minus": "-", "plus": "+", "times": "*", "divided by": "/"}
# "km/h > 100", "read/write": a unit or a pair of words, never a division of two fields
SLASH_UNIT = word_set(
    "s sec secs second seconds min mins minute minutes h hr hrs hour hours day "
    "days km m mi kg g l ms"
)


def arith_compared(m: re.Match[str]) -> bool:
    """Whether an ARITH_COND match is arithmetic: a '/' written without spaces divides only
    snake_case fields, never a unit ("km/h") or two plain words ("read/write")."""
    if m.group("aop") != "/":
        return True
    a, b = m.group("a"), m.group("b")
    if b.lower() in SLASH_UNIT:
        return False
    spaced = re.search(r"\s", m.string[m.end("a") : m.start("b")]) is not None
    return spaced or "_" in a or "_" in b


# Bare words after is/isn't that may say a value is there as often as name a value ("status
# is known"): refused unless quoted
PRESENCE_OR_VALUE = frozenset(
    {"known", "specified", "recorded", "supplied", "entered", "registered", "provided", "populated"}
)


COND_NULL = re.compile(rf"{SUBJ}\s+(?:{op_alternatives(NULL_OPS)})", ICASE)


def _filled_status(m: re.Match[str]) -> bool:
    """ "status is filled": on a status field, bare "filled" is the status's value (an order
    filled, a prescription filled), not "filled in" (present)."""
    said = m.group("op_not_null") or ""
    return bool(re.fullmatch(r"is\s+filled", said, ICASE)) and bool(
        STATUS_FIELD.search(m.group("subj").strip("`'\""))
    )


def _subject(m: re.Match[str]) -> tuple[str, bool]:
    """A condition's subject: the field named in brackets after plain words ("the fee
    (fee_gbp)"), else the words themselves."""
    named = m.groupdict().get("psubj") or m.groupdict().get("psubj2")
    if named and not m.group("subj").startswith(("`", "'", '"')):
        return named, False
    return unquote(m.group("subj"))


# Ops only a `where` expression can hold (the field/op/value form has no text matching).
TEXT_OPS = ("contains", "not_contains", "startswith", "not_startswith", "endswith", "not_endswith")


# "claims that don't have a policy_id": the records lack the field (see DROP_LACKING)
NOT_HAVING = r"(?:that|which)\s+(?:don't|do\s+not|doesn't|does\s+not)\s+(?:have|has|carry|contain)"


FILLER_NOUNS = (
    r"(?:entries|records|events|rows|messages|ones|items|those|orders|clicks|logs|transactions"
    r"|payments|readings|lines|data|sales|purchases|requests|users|customers|signups|logins"
    r"|visits|views|devices|calls|connections"
    # what a measuring device sends, never a kind of business record
    r"|samples|measurements|observations|positions|snapshots|datapoints)"
)


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


# "the events which event_type is ...": "which" said for "whose", a field name and its verb next
WHICH_FOR_WHOSE = r"which(?=\s+[A-Za-z_]\w*\s+(?:is|are|was|were|equals?)\b)"
DROP_LEAD = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?"
    rf"(?:{FILLER_NOUNS}\s+|(?P<dropped>(?:[A-Za-z][\w-]*\s+){{1,2}}?))?"
    # "Drop runs from tunnel.run_log whose ...": the source read already between them
    r"(?:(?:(?:from|in|on)\s+(?:the\s+)?(?:topic\s+)?)?(?P<src>\x00+)\s*)?"
    rf"(?:where|whose|with|that\s+have|which\s+have|that\s+has|having|if|when|for\s+which"
    rf"|{WHICH_FOR_WHOSE})\s+",
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


KEEP_LEAD = re.compile(
    r"\b(?:where|whose|that\s+have|which\s+have|that\s+has|for\s+which|provided"
    r"|only\s+(?:if|where)"
    # "keep rides where ...": any plural names the records ("only emit hours where ...")
    rf"|(?:keep(?:s|ing)?|retain\w*|pass\w*|allow\w*|emit\w*)\s+(?:only\s+)?(?:the\s+)?"
    rf"(?:(?:{FILLER_NOUNS}|(?P<kept1>[A-Za-z][\w-]*s))\s+)?(?:where|whose|that\s+have|having"
    # ("keep the events which event_type is one of ...": "which" for "whose", a field next)
    rf"|{WHICH_FOR_WHOSE})"
    rf"|(?:keep(?:s|ing)?|retain\w*|pass\w*|allow\w*)\s+(?:only\s+)?(?:{FILLER_NOUNS}\s+)?with"
    # "keep samples with chlorine_ppm below 1.0": any plural, then a field compared
    r"|(?:keep(?:s|ing)?|retain\w*)\s+(?:only\s+)?(?:the\s+)?(?P<kept2>[A-Za-z][a-z-]*s)\s+with"
    r"(?=\s+(?:an?\s+)?[A-Za-z_]\w*_\w*\s+(?:(?:is|of)\s+)?(?:over|above|under|below|greater"
    r"|less|more|fewer|higher|lower|at\s+(?:least|most)|between|exceed\w*|equal\w*|[<>=!]))"
    # ("but only for cities whose average fare exceeds 30")
    rf"|only\s+(?:for\s+)?(?:the\s+)?(?:(?:{FILLER_NOUNS}|(?P<kept3>[A-Za-z][\w-]*s))\s+)?"
    r"(?:where|whose|with|having)"
    # "Filter: moisture_pct above 18.5": a ticket's label line ("Filter: only frames with
    # airmass < 2.5": the plural names the records, as after "keep only")
    r"|filters?(?:\s+(?:conditions?|rules?|criteria))?\s*:(?:\s+(?:keep\s+)?only"
    rf"(?:\s+(?:the\s+)?(?:{FILLER_NOUNS}|(?P<kept4>[A-Za-z][\w-]*s))\s+(?:where|whose|with|having))?)?"
    # "filter humidity over 85": the verb, then the condition ("filter out ..." drops)
    rf"|filter\w*(?!\s+out\b)(?:\s+(?:{FILLER_NOUNS}))?(?:\s+(?:to|for|on|by|where|whose|with))?)\s+"
    # "keep amount no more than 1000": the verb, then the condition itself
    rf"|\b(?:keep(?:s|ing)?|retain\w*)\s+(?:only\s+)?"
    # ("keep adopter_id not null": SQL's NOT NULL, terse, after the verb too)
    rf"(?!{FILLER_NOUNS}\b)(?=[A-Za-z_]\w*\s+(?:is\s+)?(?:{OP_RE}|not\s+null\b|non-?null\b)"
    # ("keep temp_c of at least 40": 'of' after a field written as a name)
    r"|[A-Za-z]\w*_\w*\s+of\s+(?:over|above|under|below|greater|less|more|fewer|higher|lower"
    r"|at\s+(?:least|most)|between|exceed\w*))"
    # "…, only speed_kmh above 120": "only", then a field written as a name, then the condition
    r"|\bonly\s+(?=[A-Za-z]\w*_\w*\s+(?:is\s+)?(?:over|above|under|below|greater|less|more"
    # ("only order_type in [web, phone]": a bracketed list of values)
    r"|fewer|higher|lower|at\s+(?:least|most)|between|exceed\w*|equal\w*|[<>=!]"
    r"|(?:not\s+)?in\s*[\[(]))"
    # (never in a clause grouping: "only orders_count above 3 per customer_id" may be a count)
    r"(?![^,;\n]*\b(?:per|each|every|hourly|daily|weekly)\b)",
    ICASE,
)


# "filter match-events for age greater than 30": the source topic (read and masked already)
# between the verb and the condition
FILTER_NAMED_LEAD = re.compile(
    r"\bfilter(?:s|ed|ing)?\s+(?:the\s+)?\x00+(?:\s+(?:topic|stream|feed))?\s+"
    r"(?:(?:down\s+)?to|for|on|where|whose|with|so\s+that)\s+",
    ICASE,
)


# "Flag events where A > 5 and send them to topic X", "flag readings with ...; forward the flagged
# ones to ...": flagging what is then sent on keeps only those records. "flag" alone (a marker
# field?) stays unread.
FLAG_LEAD = re.compile(
    r"\b(?:flag|mark|tag|spot|catch|detect|identify|find|pick\s+out|single\s+out)\s+"
    r"(?:all\s+|any\s+|the\s+)?(?:(?:"
    + FILLER_NOUNS
    + r"|anything|everything|[A-Za-z][\w-]*s)\s+)?"
    r"(?:where|whose|with|that\s+have|which\s+have|that\s+has|if|when)\s+",
    ICASE,
)
_SEND_VERB = r"(?:send|forward|route|publish|write|push|emit|deliver|move)\w*\s+"
# the flagged records, said again: "them", "the flagged ones", "those records"
_FLAGGED = (
    r"(?:them|those|these|(?:the\s+|those\s+|these\s+)?(?:flagged|marked|tagged)(?:\s+[a-z]+)?"
    r"|(?:those|these)\s+(?:records|events|rows|messages|readings|ones))\s+"
)
# ... and what follows it in the request's own words (a sink has masked it already); in the
# next sentence only when it says the flagged records ("... > 8.5? just push those records to")
FLAG_SENT = re.compile(
    r"(?:[^.;?!\n]|\.(?=\d))*?(?:"
    # ("Flag windows where x > 400 by sending them to topic y": the flagging is the sending)
    rf"(?:\band\s+(?:then\s+)?|[,;]\s*(?:then\s+)?|\bby\s+){_SEND_VERB}(?:{_FLAGGED})?"
    rf"|[.?!]\s+(?:(?:just|then|and|also)\s+)?{_SEND_VERB}{_FLAGGED})"
    r"(?:to|into|on)\b",
    ICASE,
)


WEAK_LEAD = re.compile(r"\b(?:when|whenever|while|if|once|having|with)\s+", ICASE)


# "keep the big trades (amount_usd >= 100000)": words describing the records kept, then the
# condition itself in parentheses, which says what the words mean (words only: "delays over 5
# minutes (delay_s > 600)" could say two things). After a drop verb the parentheses may say
# what is dropped or what is kept ("drop house ads (ad_type != house)"): left to the readers
# that compare the words with the condition (`_parens_restated`, `_dropped_words_restated`).
_GLOSS_WORD = (
    r"(?!(?:to|into|from|in|on|per|by|every|each|for|as|at|of|where|and|or|keep\w*|only|just"
    r"|drop\w*|skip\w*|ignor\w*|filter\w*|remov\w*|exclud\w*)\b)[A-Za-z][a-z-]*"
)
# ("vessels that are probably fishing": a relative clause, its words checked as any gloss's)
# ("the two big vessels (vessel_id in A and B)": a count, checked against the values listed)
_GLOSS = (
    rf"(?:all\s+|any\s+|the\s+|every\s+|each\s+)?(?:\d\s+)?(?:{_GLOSS_WORD}\s+){{0,5}}?{_GLOSS_WORD}"
    r"(?:\s+only)?"
)
_PAREN_OPEN = r"\s*\(\s*(?:i\.e\.\s*,?\s*|e\.g\.\s*,?\s*)?"
# the words a gloss may hold besides the records' noun and the values its condition selects
_GLOSS_PLAIN = word_set(
    "the all any every each only just ones we i want need care about keep keeps keeping retain retains ie "
    "e g that is big bigger large larger huge small high low important relevant real valid "
    "good interesting expensive cheap heavy light long short slow fast recent new old major "
    "minor significant serious critical which are probably likely presumably matter matters "
    # a mass noun for a stream's records ("bot traffic (user_agent_class = 'bot')")
    "traffic"
)
# size words that say which way a comparison goes ("the big trades (amount > 1000)"); slow/fast,
# old/new depend on the field (a duration or a speed), so they say nothing here
_GLOSS_UP = word_set("big bigger large larger huge high expensive heavy long")
# the words for a flag's false value: "failed logins (success is false)"
_FLAG_OPPOSITES = {
    "success": ("failed", "failing", "unsuccessful"), "successful": ("failed", "unsuccessful"),
    "succeeded": ("failed",), "ok": ("failed",), "passed": ("failed",),
    "enabled": ("disabled",), "active": ("inactive",), "online": ("offline",),
}  # fmt: skip
_GLOSS_DOWN = word_set("small low cheap light short")
# age groups, said of an age field compared one way: "youth only (age_years < 18)"
_AGE_YOUNG = word_set("youth youths junior juniors kids kid children child minors minor teens")
_AGE_OLD = word_set("adult adults senior seniors grown-ups elderly")
_KEEP_SAID = (
    r"\b(?:keep(?:s|ing)?|retain\w*|only|(?:we|i)\s+(?:only\s+)?(?:want|need|care\s+about))"
)
PAREN_DROP_LEAD = re.compile(rf"\b{DROP_VERB}\s+{_GLOSS}{_PAREN_OPEN}", ICASE)
PAREN_KEEP_LEAD = re.compile(
    rf"(?:{_KEEP_SAID}\s+(?:only\s+)?{_GLOSS}"
    # "rinks.checkins, youth only (age_years < 18) -> ...": a clause of its own, "only" after
    # ("For the two big vessels only (vessel_id in A and B), ...": "for the" before the words)
    rf"|(?:^|(?<=[,;:>\n\x00])|(?<=[,;:>.!?\x00]\s))(?:for\s+(?:the\s+)?)?"
    rf"(?:\d\s+)?(?:{_GLOSS_WORD}\s+){{0,2}}?{_GLOSS_WORD}\s+only)"
    rf"{_PAREN_OPEN}",
    ICASE,
)
# "We want the big trades only: amount_usd of 100000 or more", "we need the cancellations only,
# i.e. change_type = cancel": the same, the condition after a colon or "i.e." ending the clause
_GLOSS_THEN = r"\s*(?::|,?\s*i\.e\.\s*,?|,?\s*that\s+is\s*,)\s*"
# ("..., i.e. anything where user_agent_class is 'bot'": the records again, then the condition)
_GLOSS_AGAIN = (
    r"(?:(?:anything|everything|all\s+records|any\s+record|the\s+ones|those|ones|records|rows"
    r"|events)\s+(?:where|whose|with|that\s+has|that\s+have)\s+)?"
)
GLOSS_KEEP_LEAD = re.compile(
    rf"{_KEEP_SAID}\s+(?:only\s+)?{_GLOSS}{_GLOSS_THEN}{_GLOSS_AGAIN}", ICASE
)
# "throw away bot traffic, i.e. anything where user_agent_class is 'bot'": the same after a
# drop verb (the words must name a value the condition selects, as in brackets)
# what ends a gloss before its condition, and the drop verb opening it (`_read_if_gloss_agrees`)
_GLOSS_TAIL = re.compile(rf"(?:{_GLOSS_THEN}{_GLOSS_AGAIN}|{_PAREN_OPEN})$", ICASE)
_DROP_VERB_FIRST = re.compile(rf"{DROP_VERB}\s+", ICASE)
GLOSS_DROP_LEAD = re.compile(rf"\b{DROP_VERB}\s+{_GLOSS}{_GLOSS_THEN}{_GLOSS_AGAIN}", ICASE)


# "throw away pings whose accuracy_m is worse than 50 (i.e. keep accuracy_m <= 50)": a bound
# said with a judgement (which side is worse depends on the field), then said again in brackets
# with a comparison on the same field and number, which gives the side (`_judged_bound_restated`)
JUDGED_BOUND = re.compile(
    rf"(?P<lead>(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|retain\w*|only))\s+(?:only\s+)?"
    r"(?:all\s+|any\s+|the\s+)?(?P<noun>[A-Za-z]+)\s+(?:where|whose|with|if|when)\s+"
    r"(?:the\s+|their\s+|its\s+)?(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+"
    r"(?:is\s+|are\s+|was\s+|gets?\s+)?(?P<j>worse|better)\s+than\s+"
    rf"(?P<n>{NUM})(?P<unit>\s*%|\s+[A-Za-z]+)?"
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|that\s+is\s*,?\s*|so\s+)?",
    ICASE,
)
# "(i.e. keep accuracy_m <= 50)": the brackets say the kept side (read on the request as
# written: the condition's reader may have masked the verb)
_KEEP_IN_BRACKETS = re.compile(r"(?:keep|keeping|retain)\s+(?:only\s+)?", ICASE)


# "keep orders unless amount is under 5", ", except if status = 'test'": the records the
# condition selects are dropped
UNLESS_LEAD = re.compile(
    r"\b(?:unless|except\s+(?:if|when|where)|but\s+not\s+(?:if|when|where))\s+", ICASE
)


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


# A condition written with a symbol or SQL words reads as a filter wherever it stands:
# "keep only status = 'completed'", "drop amount = 0", "email is not null", "country in (...)".
BARE_COND = re.compile(
    r"(?<![\w.'\"`])(?P<subj>`[^`]+`|[A-Za-z_][\w.]*)\s*(?:==?|!=|<>|>=|<=|>|<|\s(?:is\s+(?:not\s+)?null"
    r"|(?:not\s+)?in\s*\(|is\s+(?:not\s+)?(?:'|\")|(?:not\s+)?between\b"
    # "channel not in app, web": a bare list of two or more (a field's name checked on reading)
    r"|(?:not\s+)?in\s+(?=[\w.-]+\s*,\s*[\w.-]+)"
    r"|(?:contains|(?:starts|begins|ends|starting|beginning|ending)\s+with)\s+(?:'|\")"
    # "drop the house ads (ad_type is not house)": a plain 'is' read only as the whole of a
    # parenthesis (checked in `_bare_conditions`)
    r"|(?P<is>is|isn't)\s+(?:not\s+)?(?=[\w-]+\s*\))))",
    ICASE,
)
# "zone_id in crimson", "line_code one of red": one value after a snake_case field's name, the
# whole clause; a plain word before it ("stores in Berlin") is never read so (refused unread)
BARE_MEMBER = re.compile(
    r"(?<![\w.'\"`])(?P<subj>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+(?:is\s+)?(?:in|one\s+of)\s+"
    r"(?=[\w.-]+\s*(?:[,;.!?)]|$))(?P<is>)?",
    ICASE,
)
BARE_LEAD = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})(?:\s+(?:all|any|the|{FILLER_NOUNS}))*"
    r"(?:\s+[^\s,;]+){0,3}?\s+(?:where|whose|with|if|when)\s+"
    rf"|(?P<drop2>\b{DROP_VERB})\s+(?:all\s+|any\s+|the\s+)?(?:{FILLER_NOUNS}\s+)?"
    r"|\b(?:keep\w*|retain\w*|filter\w*|only|select\w*|pass\w*|allow\w*)\s+(?:only\s+)?(?:the\s+)?"
    rf"(?:{FILLER_NOUNS}\s+)?(?:where\s+|whose\s+|with\s+|if\s+|for\s+|to\s+|on\s+)?"
    r"|\b(?:filter|condition|predicate)\s*:\s*)$",
    ICASE,
)


AGG_PLURALS = ("counts", "totals", "sums", "averages")


# "only keep counts above 10", "emit only the totals over 1000": a threshold on the window's
# aggregate, said with the aggregate's plural
AGG_LEAD = re.compile(
    r"\b(?:(?:only\s+)?(?:keep|emit|send|pass|output|publish|report|forward)\w*\s+(?:only\s+)?"
    r"|only\s+)(?:the\s+)?(?=(?:counts|totals|sums|averages)\s)",
    ICASE,
)


# "contains 'timeout' or 'refused'", ", 'a', 'b' or 'c'": more quoted values for a text match
TEXT_OR_VALUES = re.compile(
    rf"(?:\s*,\s*(?:or\s+)?(?:{QUOTED}))*(?:\s*,)?\s+or\s+(?:{QUOTED})", ICASE
)


PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b|pct\b)", ICASE)


# Words naming a weight: "pounds" said of them is lb, never GBP ("weight over 30 pounds")
WEIGHT_WORDS = frozenset({"weight", "weights", "mass", "load", "payload", "tonnage", "heavy"})


CURRENCY_AFTER = re.compile(r"\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks|quid)\b", ICASE)


# "keep orders over $100", "drop payments under 5 dollars": a money stream compared with a
# number is its amount (listed as an assumption)
MONEY_NOUNS = (
    r"(?:orders|payments|transactions|purchases|sales|invoices|refunds|transfers|deposits"
    r"|withdrawals|bookings|trades|charges)"
)
# money records that are one kind among others a topic may mix ("refunds" on a transactions
# topic): a selection, never the records themselves unless the topic is named after them
_RECORD_KINDS = frozenset(
    ["refunds", "deposits", "withdrawals", "sales", "purchases", "charges", "transfers"]
)
IMPLICIT_AMOUNT = re.compile(
    rf"(?P<lead>(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|retain\w*|pass\w*|allow\w*"
    r"|forward\w*|send\w*|publish\w*|emit\w*|route\w*|alert\s+on)|(?P<masked>\x00+))\s+"
    r"(?:only\s+)?"
    r"(?:the\s+|all\s+|any\s+)?)"
    rf"\b(?P<noun>{MONEY_NOUNS})\s+(?:(?:that\s+are|which\s+are|worth|of)\s+)?"
    r"(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least|at\s+most"
    r"|no\s+more\s+than|no\s+less\s+than|up\s+to"
    r"|exceeding|bigger\s+than|larger\s+than|smaller\s+than)\s+"
    rf"(?P<cur>[$€£]\s?)?(?P<n>{NUM})(?P<cur2>\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks"
    r"|quid)\b)?"
    r"(?![\w.]|\s*(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|%|percent"
    r"|items?|units?|lines?|products?)\b)",
    ICASE,
)
# "filtering out tips under 2 quid (field tip_gbp)", "drop readings over 100 degrees (temp_c)":
# a comparison on the records, the field it reads named in parentheses after it
NOUN_FIELD_IN_PARENS = re.compile(
    rf"(?P<lead>(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|retain\w*|pass\w*|allow\w*"
    r"|forward\w*|send\w*|publish\w*|emit\w*|route\w*|alert\s+on|writ\w*)|(?P<masked>\x00+))\s+"
    r"(?:only\s+)?(?:the\s+|all\s+|any\s+)?)"
    r"\b(?P<noun>[A-Za-z]+)\s+(?:(?:that\s+are|which\s+are|worth|of"
    # "performances scoring 90 or higher (score)": a verb the field's name holds
    r"|(?P<ing>[a-z]{3,}ing))\s+)?"
    r"(?:(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least"
    r"|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to"
    r"|exceeding|bigger\s+than|larger\s+than|smaller\s+than|longer\s+than|shorter\s+than"
    r"|heavier\s+than|lighter\s+than|higher\s+than|lower\s+than)\s+)?"
    rf"(?P<cur>[$€£]\s?)?(?P<n>{NUM})(?P<cur2>\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks"
    # a unit of measure is left for the unit check ("8 °C (field temp_c)", "50 metres (...)")
    r"|quid)\b)?(?P<more>\s+or\s+(?:more|above|over|higher|less|below|under|lower))?(?P<unit>\s*°\s?[CF]\b|\s+(?:degrees?\s+)?[A-Za-z]+)?"
    # words of the field's name after the unit ("120 metres altitude (altitude_m)")
    r"(?P<words>(?:\s+[a-z]+){1,2})?"
    # a bare name in brackets only when it is a field's ("(amount_usd)", never "(EUR)")
    r"(?P<paren>\s*\(\s*(?:(?:(?:the\s+)?(?:field|column)\s*:?\s*|in\s+)(?P<f>[A-Za-z_]\w*)"
    # or a plain word said in the comparison ("above 200 litres (litres)", checked where read)
    r"|(?P<f2>[A-Za-z]\w*_\w+)|(?P<f3>[A-Za-z]{4,}))\s*\))",
    ICASE,
)
# "... above 8 °C (field temp_c)": the field in brackets after a compared number and its unit
# (a bare name in the brackets is a snake_case one, "above 120 metres (altitude_m)", or a word
# said in the condition, "of more than 200 litres (litres)")
FIELD_NAMED_AFTER = re.compile(
    r"(?:\s*°\s?[CF]\b|\s+(?:degrees?\s+)?[A-Za-z]+)?(?P<paren>\s*\(\s*(?P<named>(?:the\s+)?(?:field|column)\s*:?\s*|in\s+)?"
    r"(?P<f>[A-Za-z_]\w*)\s*\))",
    ICASE,
)


# What a comparative adjective measures: the words and unit families a field's name must hold
# for it ("longer than 300 (duration_s)"; "heavier than 150 (price_eur)" is left unread).
_TIME_WORDS = word_set(
    "duration dur time runtime elapsed wait latency seconds secs sec s ms millis minutes mins min"
    " hours hrs h days"
)
_ADJECTIVE_DIMENSION: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "heavier lighter": (WEIGHT_WORDS, frozenset({"mass"})),
    "longer shorter": (
        _TIME_WORDS | word_set("length len distance dist span km m mi miles cm mm ft"),
        frozenset({"length"}),
    ),
    "bigger larger smaller": (
        word_set(
            "size bytes volume area capacity amount total value qty quantity count length"
            " weight width height sqm"
        ),
        frozenset({"data", "volume", "length", "mass"}),
    ),
}


def _adjective_fits(op: str, field: str) -> bool:
    """ "anything heavier than 150 (weight_kg)", "calls longer than 300 (duration_s)": a
    comparative adjective says what is measured (a weight, a length or a time, a size), so the
    field's name must carry it (a word or a unit of that kind); "heavier than 150 (price_eur)"
    is left unread (refused). Other comparison words fit any field."""
    word = op.split(maxsplit=1)[0].lower() if op.strip() else ""
    for adjectives, (words, families) in _ADJECTIVE_DIMENSION.items():
        if word in adjectives.split():
            parts = field.lower().split("_")
            return bool(set(parts) & words) or any(
                UNIT_FAMILY.get(u) in families for u in field_units(field)
            )
    return True


# "where price_eur heavier than 150": a field compared by a comparative adjective of a measure
# (a weight, a length or a time; "bigger", "larger" are said of any number)
FIELD_COMPARATIVE = re.compile(
    r"\b(?P<f>[A-Za-z_]\w*)\s+(?:(?:is|are|was|were|gets?)\s+)?(?P<adj>heavier|lighter|longer"
    r"|shorter)\s+th[ae]n\b",
    ICASE,
)


def _measures_other(adj: str, field: str) -> bool:
    """Whether the comparative `adj` measures another kind than `field` plainly holds
    ("price_eur heavier than 150": a weight of a price): the field's name carries a unit or a
    currency, and not one of the adjective's kind."""
    parts = set(field.lower().split("_"))
    kinds = {words for words, _families in _ADJECTIVE_DIMENSION.values()}
    said = (
        field_units(field)
        or parts & (set(CURRENCY_CODE) | {"price", "cost", "speed", "temp", "temperature"})
        or any(parts & words for words in kinds)
    )
    return bool(said) and not _adjective_fits(adj, field)


def _noun_in_field(noun: str, field: str) -> bool:
    """ "loads over 40 tonnes (field load_t)": the records' plural is a word of the field's
    name, so the field measures them (never "sensors over 100 degrees (field temp_c)")."""
    return noun.lower().endswith("s") and singular(noun.lower()) in field.lower().split("_")


def _plain_field_said(m: re.Match[str]) -> bool:
    """ "above 200 litres (litres)": a plain word in brackets names the field only when the
    comparison said it as its unit or words (never "(approx)", "(inclusive)")."""
    name = m.group("f3").lower()
    said = f"{m.group('unit') or ''} {m.group('words') or ''}".lower().split()
    if m.group("ing"):
        return _verb_names_field(m.group("ing"), name)
    return any(name in (w, singular(w)) or singular(name) == singular(w) for w in said)


def _verb_names_field(verb: str, field: str) -> bool:
    """ "scoring 90 or higher (score)", "weighing over 5 (weight_kg)": the verb's stem is a
    word of the field's name (its first four letters)."""
    stem = verb.lower()[:4]
    return any(w[:4] == stem for w in field.lower().split("_") if len(w) >= 4)


def _unit_in_brackets(m: re.Match[str]) -> bool:
    """ "(in celsius)", "(in kg)": the unit the number is in, never a field of that name."""
    said = m.group(0)[m.start("paren") - m.start() :]
    name = (m.group("f") or "").lower()
    return bool(re.match(r"\s*\(\s*in\s", said, ICASE)) and (
        name in UNIT_FAMILY or unit_of(name) is not None
    )


# Words that judge a value rather than name one ("where altitude is reasonable")
_JUDGEMENTS = word_set(
    "reasonable unreasonable sensible acceptable unacceptable plausible implausible realistic "
    "unrealistic excessive abnormal unusual suspicious weird odd strange sane insane bogus"
)
# The currency a word or sign names, and a field's name ("tip_gbp"): never mixed.
CURRENCY_CODE = {"dollar": "usd", "dollars": "usd", "usd": "usd", "bucks": "usd", "$": "usd",
                 "euro": "eur", "euros": "eur", "eur": "eur", "€": "eur", "pound": "gbp",
                 "pounds": "gbp", "gbp": "gbp", "quid": "gbp", "£": "gbp"}  # fmt: skip
# ISO 4217 codes a bare value may name ("keep only EUR payments")
CURRENCY_CODES = frozenset({"EUR", "USD", "GBP", "CHF", "JPY", "CNY", "CAD", "AUD", "NZD", "SEK",
                            "NOK", "DKK", "PLN", "CZK", "HUF", "INR", "BRL", "MXN", "ZAR", "SGD",
                            "HKD", "KRW", "TRY"})  # fmt: skip
# "only for the leeds branch (", "just the EU region (": words keeping a value of a field, right
# before a condition in parentheses that says it
VALUE_WORDS_BEFORE = re.compile(
    r"\b(?:(?:keep\w*|retain\w*)\s+(?:only\s+)?|only\s+|just\s+)(?:(?:for|from|in|at|of)\s+)?"
    r"(?:the\s+)?(?P<v>[A-Za-z][\w-]*)\s+(?P<noun>[A-Za-z]+)\s*\(\s*$",
    ICASE,
)
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
# the words before "(status is voided)" that let a plain 'is' be read as a condition
_WORDS_BEFORE_IS = (
    DROPPED_WORDS_BEFORE,
    DROPPED_THAT_BEFORE,
    DROPPED_VALUE_NOUN_BEFORE,
    VALUE_WORDS_BEFORE,
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
IMPLICIT_OPS = {"over": "gt", "above": "gt", "more than": "gt", "greater than": "gt",
                "exceeding": "gt", "bigger than": "gt", "larger than": "gt", "under": "lt",
                "below": "lt", "less than": "lt", "smaller than": "lt", "at least": "ge",
                "at most": "le", "no more than": "le", "no less than": "ge",
                "up to": "le", "longer than": "gt", "shorter than": "lt", "heavier than": "gt",
                "lighter than": "lt", "higher than": "gt", "lower than": "lt"}  # fmt: skip


# The same not-null condition said again, in parentheses or after a comma.
NULL_RESTATED = re.compile(
    rf"\s*[(,;]\s*(?:i\.e\.\s*,?\s*|so\s+)?(?:{DROP_VERB})\s+(?:the\s+ones|those|them|the\s+rest"
    rf"|{FILLER_NOUNS})\s+(?:where|when|if|whose)\s+(?:it's|it\s+is|they\s+are|it|that\s+is|its\s+\w+"
    r"\s+is)\s+(?:null|missing|empty|absent|not\s+set)\s*\)?",
    ICASE,
)


OR_MORE = re.compile(
    r"\s+(?:or|and)\s+(?:(?P<up>more|greater|higher|above|over|larger|bigger|up)"
    r"|(?P<down>less|fewer|lower|below|under|smaller))\b(?!\s*(?:than\s+)?[$€£]?\d)",
    ICASE,
)


# "the orders over 100 should be filtered": kept (filtered in) or dropped (filtered out)?
FILTERED_WHICH_WAY = re.compile(
    r"\b(?:should|must|will|to|need\s+to|needs\s+to|have\s+to|has\s+to)\s+be\s+filtered\b"
    r"(?!\s+(?:out|in|down|to|by|on|for|through|away|so|such|where|with|using|keeping)\b"
    r"|\s*:)",
    ICASE,
)
# Words that judge a value rather than name one ("email is valid"; "whose coupon isn't found":
# a lookup's miss), and fields whose values are such words ("status is valid" compares).
JUDGEMENTS = word_set(
    """valid invalid malformed well-formed correct incorrect wrong broken corrupt corrupted
    proper improper legit legitimate bogus fake genuine sane found"""
)
STATUS_LIKE = re.compile(
    r"status|state|result|valid|check|outcome|verdict|flag|kind|type|label|class|category"
    r"|quality|health|grade|rating|level",
    re.I,
)
DEGREE_FIELD = re.compile(
    r"priority|severity|risk|urgency|tier|size|band|bucket|impact|importance|criticality|grade"
    r"|rating|class|category|confidence|sensitivity|segment|status|state|quality|health|type|kind"
    r"|^(?:(?:log|risk|alert|threat|severity|priority|access|security)_)?level$",
    re.I,
)
# A passive verb after the conditions says what happens to the records they select.
PASSIVE = re.compile(
    r"\s+(?:are\s+to\s+be|is\s+to\s+be|are|is|get|gets|should\s+be|must\s+be|will\s+be|to\s+be"
    r"|need\s+to\s+be|have\s+to\s+be|has\s+to\s+be)\s+"
    r"(?:(?P<keep>kept|retained|passed\s+(?:on|through)|let\s+through|allowed\s+through)"
    r"|(?P<drop>dropped|removed|discarded|filtered\s+out|ignored|skipped|excluded|rejected"
    r"|thrown\s+away|thrown\s+out))\b",
    ICASE,
)

# "Readings where watts is 0 are coasting and should be ignored": a few words on what the
# records are, then the passive verb that says what happens to them (the words are no step)
_NOT_WHY = (
    r"(?!(?:not|no|never|sent|written|stored|saved|published|routed|kept|moved|copied|and|or)\b)"
)
WHY_THEN_PASSIVE = re.compile(
    rf"\s+(?:are|is)\s+(?:{_NOT_WHY}[a-z][a-z'-]*\s+){{0,3}}{_NOT_WHY}[a-z][a-z'-]*\s*,?\s+and"
    r"(?=\s)",
    ICASE,
)
# "... should be ignored before aggregating": when, which is where a filter runs anyway
BEFORE_AGGREGATING = re.compile(
    r"\s+(?:first|before\s+(?:aggregating|aggregation|the\s+aggregation|windowing|averaging"
    r"|anything\s+else))\b",
    ICASE,
)


# "Into ClickHouse table x, from topic y, the events with a > 5 should go.": the destination said
# first, the records' verb at the end of the sentence (read only in a sentence that starts with
# the destination, see `_odd_order_verb`)
SENT_AT_END = re.compile(
    r"\s*(?:should|must|will|shall|needs?\s+to|has\s+to|have\s+to|is\s+to|are\s+to|\x00+)\s+"
    r"(?:go|end\s+up|land|be\s+(?:written|stored|saved|sent|inserted|loaded|published|persisted"
    r"|put|landed))(?=\s*(?:[.!;]|$))",
    ICASE,
)
DESTINATION_FIRST = re.compile(r"(?:^|[.!?;]\s|\n)\s*(?:in|into|to)\s+(?:[^.!?;\n]|\.\S)*$", ICASE)


# "Forward withdrawals with ...", "keep just the bookings whose ...", "Keep a claim if ...": the
# noun between the verb and the condition names the records the condition selects. Only the
# noun itself: an adjective before it ("the large orders where ...") may be a requirement.
RECORD_NOUN_BEFORE = re.compile(
    r"(?:\b(?P<keep>keep(?:s|ing)?|retain\w*|pass\w*(?:\s+(?:through|on))?|allow\w*|select\w*"
    r"|filter\w*\s+(?:for|to|down\s+to)"
    # ("filter mailroom.parcel_scans to the scans where ...": the source, read already, between
    # the verb and the records' noun; checked masked in `_record_noun`)
    r"|filter\w*\s+(?:the\s+)?(?:topic\s+)?(?P<ftopic>[\w.-]+)\s+(?:for|to|down\s+to)"
    # ("sum net_kg per estate_id for deliveries where grade = 'A'": the records aggregated)
    r"|let\s+through|report\w*|output\w*|only|just|for)\s+"
    r"|\b(?:forward\w*|send\w*|publish\w*|emit\w*|route\w*|push\w*|writ\w*|take"
    # ("we don't want bets with ...": a drop, see DROP_VERB)
    r"|(?<!\bnot\s)(?<!n't\s)(?<!\bdont\s)(?<!\bnever\s)(?:want|need))\s+"
    # or the start of a step: "wallet-withdrawals -> withdrawals with amount_usd ..."
    r"|(?:^|->|[;:\n]|[.!?,](?=\s))\s*)"
    r"(?P<only>(?:only|just)\s+)?(?P<art>(?:the|all|any|those|every|each|a|an)\s+)?"
    # ("pass through spray events whose ..." on topic spray-events: a word of the topic's name
    # before the noun, checked in `_record_noun`)
    r"(?:(?P<mod>[A-Za-z][a-z-]*[a-z])\s+)?" r"(?P<noun>[A-Za-z][a-z-]*[a-z])\s+$",
    ICASE,
)

# "Send the kept claims to ...": the records the filters let through, named again.
KEPT_RECORDS = re.compile(
    r"\b(?:the\s+)?(?:kept|retained|surviving|selected|matching|filtered|remaining|qualifying"
    r"|flagged|marked|tagged)"
    r"\s+(?P<noun>[A-Za-z][a-z-]*[a-z])\b",
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


# "between 10 and 20 inclusive": what the two bounds already say.
INCLUSIVE = re.compile(
    r"\s*(?:\(\s*(?:both\s+(?:ends\s+)?)?inclusive\s*\)|,?\s*(?:both\s+(?:ends\s+)?)?inclusive\b"
    r"|,?\s*inclusively\b)",
    ICASE,
)


# Words never inside a field's name (a subject holding one is no condition's subject).
# "operator_badge must not be empty": drop the records without it, or dead-letter them? refused
# with the two readings (never guessed)
MUST_NOT_BE_EMPTY = re.compile(
    r"(?<![\w.'\x00])(?P<f>[A-Za-z_]\w*)\s+(?:(?:must|should|may|has\s+to|needs\s+to)\s+(?:not|never)"
    r"\s+be\s+(?:null|empty|blank|missing)|(?:must|should|has\s+to|needs\s+to)\s+be\s+(?:present"
    r"|set|populated|filled\s+in|non-?\s?null|non-?\s?empty|not\s+null)|(?:can't|cannot|can\s+not)"
    r"\s+be\s+(?:null|empty|blank|missing))\b",
    ICASE,
)


# A pronoun is never a null test's field ("drop email_address if it is empty").
PRONOUNS = word_set("it they this that these those them its one ones")


NOT_IN_SUBJECT = word_set(
    """whose where which that with or and but than greater less more fewer higher lower larger
    smaller bigger equal equals above below over under exceeds exceed is are was were
    roughly approximately approx about around nearly almost circa somewhat nor"""
)


# Adverbs before a condition's field ("either inspection_score is below 70 or ...", "just
# priority is 'high'"): they say how the condition is meant, never part of the field's name.
LEAD_ADVERB = re.compile(
    r"^(?:either|just|only|simply|exactly|precisely|solely|merely|purely|strictly|also)\s+"
    r"(?=[A-Za-z_])",
    ICASE,
)


class NotAConditionError(Exception):
    pass


class FieldRef(str):
    """A comparison's other side when it names a field ("bid_amount exceeds reserve_price")."""


# "skip A and only rows where B", "keep A and drop those with B": after a connective, a keep
# or drop word before the records opens a clause of its own (its own polarity), never one
# more condition of the list before it
NEW_CLAUSE_LEAD = re.compile(
    rf"(?:(?:only|just)\s+(?:the\s+)?(?:{FILLER_NOUNS}|[A-Za-z][\w-]*s)\s+(?:where|whose|with"
    rf"|that|which|having)\b|{DROP_VERB}\s|(?:keep|retain)\w*\s)",
    ICASE,
)


UNREAD_CONNECTIVE = re.compile(r"\s*,?\s*(?:or\b|and\s*\()", ICASE)


# "or FATAL", ", WARN or FATAL": further values for one field (an "or" must be among them).
OR_VALUES = re.compile(
    r"((?:\s*,\s*(?:'[^']*'|\"[^\"]*\"|[\w.-]+))*(?:\s*,)?\s+or\s+(?:'[^']*'|\"[^\"]*\"|[\w.-]+))"
    r"(?![\w.-])",
    ICASE,
)


# "... or where B" with no condition before the 'or' (see `_refuse_dangling_or`)
DANGLING_OR = re.compile(r"(?<!\w)(?P<or>or)\s*,?\s*$", ICASE)
DANGLING_OR_LEAD = re.compile(r"(?:where|whose|when|whenever|if|having)\b", ICASE)


COND_CONT = re.compile(
    r"\s*,?\s*(?P<conj>and|or|but)\s+(?:(?:where|whose|with|if|when|whenever|once)\s+"
    # "above 16 and also below 10": 'also' before a bound whose subject is left out
    r"|also\s+(?=(?:is\s+|was\s+)?(?:greater|more|less|fewer|above|below|over|under|at\s+least"
    r"|at\s+most|exceeds?|smaller|larger|bigger|higher|lower|[<>])))?",
    ICASE,
)
# "Filter: fare_cents >= 250; line one of red, blue": in a label line of conditions a ';' joins
# them as "and" does (a label line holds nothing else)
FILTER_LABEL = re.compile(r"(?:filters?|conditions?|predicates?)\s*:\s*$", ICASE)
LABEL_AND = re.compile(r"[ \t]*;[ \t]*(?P<conj>)")


# "the amount exceeds 100 but is below 1000": the next comparison leaves out its subject
ELIDED = re.compile(
    r"(?P<subj>)(?:is\s+|was\s+)?(?=(?:greater|more|less|fewer|above|below|over|under|at\s+least"
    r"|at\s+most|no\s+more|no\s+less|exceeds?|smaller|larger|bigger|higher|lower|[<>]|!=))"
    rf"(?:{OP_RE})\s*(?:{VALUE})",
    ICASE,
)


# "litres isn't under 5 or over 50": a bound said with a negation, which a second bound with no
# verb of its own may share or not (see `_elided`)
_NEGATED_BOUND = re.compile(
    r"\b(?:not|isn't|aren't|wasn't|weren't|never)\s+(?:greater|more|less|fewer|above|below|over"
    r"|under|at\s+least|at\s+most|smaller|larger|bigger|higher|lower|exceed)",
    ICASE,
)


# "status is not 'cancelled' and not 'refunded'": another value the same field must not have
ELIDED_NOT = re.compile(rf"(?:is\s+)?(?:not|isn't)\s+(?P<q>{QUOTED})", ICASE)


# "one of declined, reversed, and push them ...": a connective ends the list, never a value.
# A word for a missing value in a list of values ("status is paid or null"): not a text value.
NULL_IN_LIST = re.compile(
    r"\b(?:null|none|nil|missing|empty|blank|absent|unset|not\s+set)\b", ICASE
)

# A word that starts the next clause ("..., write to ClickHouse x", "send them to") is no value.
# ("channel not in app, web, store the rest in ...": a sink verb and its object end the list)
_NOT_LIST_ITEM = (
    r"(?!(?:and|n?or|then)\b|[\w.-]+\s+(?:to|into|onto|them|it|everything|the\s+rest|all)\b"
    # "country in DE, FR or status is ok": a field compared next, never a value
    # ("... or EDI3 are forwarded": the list's records, not a field)
    r"|[\w.-]+\s+(?:is|isn't|equals)\s+(?!(?:kept|dropped|forwarded|sent|written|removed"
    r"|excluded|included|ignored|skipped|published)\b)|[\w.-]+\s*(?:[=<>]|!=)"
    r"|(?:store|save|write|send|publish|print|load|insert|push|emit|output|forward|dump|land)"
    r"\s+(?:the|them|it|all|everything|those|these|results?|in|into|to)\b)"
)
# A code in capitals ("MV_ISLANDER", "EU", "A3"), and one more after "and" ending the clause
_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*")
_AND_CODE = re.compile(
    r"\s+and\s+(?P<v>[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*)(?![\w-])(?=\s*(?:[,;)]|\.(?!\w)|$))"
)
LIST_TAIL = re.compile(
    rf"((?:\s*,\s*(?:n?or\s+)?|\s+n?or\s+)(?:'[^']*'|\"[^\"]*\"|{_NOT_LIST_ITEM}[\w.-]+)"
    rf"(?:(?:\s*,\s*(?:n?or\s+)?|\s+n?or\s+)(?:'[^']*'|\"[^\"]*\"|{_NOT_LIST_ITEM}[\w.-]+))*)",
    ICASE,
)


# "drop any event that has no member_id": one record named in the singular
FILLER_ONE = (
    r"(?:entry|record|event|row|message|item|order|click|log|transaction|payment|reading|line"
    r"|sale|purchase|request|visit|view|call|connection|sample|measurement|observation|position"
    r"|snapshot|datapoint)"
)


# "scans with a missing tag_id", "claims with a null policy_id": the field is absent
WITH_ABSENT = r"with\s+(?:an?\s+)?(?:null|missing|absent|unset)"


DROP_WITHOUT = re.compile(
    rf"\b{DROP_VERB}\s+(?:(?:all|the)\s+(?P<pre1>[a-z]+\s+)?{FILLER_NOUNS}"
    rf"|(?:any|every|each|an?)\s+(?P<pre2>[a-z]+\s+)?(?:{FILLER_NOUNS}|{FILLER_ONE})"
    rf"|(?P<pre3>[a-z]+\s+)?{FILLER_NOUNS}"
    # "skip anything without a permit_no": every record lacking the field
    r"|(?:any|every)thing)\s+(?:without"
    rf"|missing|lacking|with\s+no|with\s+(?:an?\s+)?(?:null|missing|empty|blank)|(?:that|which)\s+(?:have|has)\s+no|(?:that|which)\s+lacks?"
    rf"|{NOT_HAVING})"
    rf"\s+(?:an?\s+|the\s+)?(?P<f>{FIELD})(?![^\s,;:<>=!\x00])"
    # "only records that have an email": kept when the field is present
    # "Only keep rows that actually have a prescriber_id"
    rf"|\b(?:(?:only\s+)?(?:keep|retain|pass)\w*\s+)?(?:only\s+)?(?:the\s+)?{FILLER_NOUNS}\s+"
    r"(?:that|which)\s+(?:(?:actually|really|do|does|still)\s+)?(?:have|has|carry)\s+"
    rf"(?!(?:more|fewer|less|over|under|at\s+(?:least|most))\b)(?:an?\s+|the\s+)?"
    rf"(?!(?:an?|the)\s)(?P<f2>{FIELD})(?![^\s,;:<>=!\x00])"
    rf"(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
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


# the records named again with a relative of their own, after "and" ends a condition
RECORDS_AGAIN = re.compile(r"(?:all\s+|any\s+|the\s+)?[a-z]+s\s+(?:where|whose)\s", ICASE)
# "discard scans where seat_id is null and scans whose scan_result is void": the records again
# after "and", then a condition of their own (read as kept where it stands): dropped as well
MORE_DROPPED_WHERE = re.compile(
    r"\s*,?\s*and\s+(?:also\s+)?(?:all\s+|any\s+|the\s+)?(?P<noun>[a-z]+s)\s+",
    ICASE,
)


# What a lookup or join finds, never a field: "drop orders without a match"
_MISS_NOUNS = word_set("match matches hit hits counterpart partner lookup lookups enrichment")
# Words for "any field", never a field's name: "drop claims with missing values"
_ANY_FIELD_NOUNS = word_set("values field fields column columns attribute attributes")
_LOOKED_UP_NOUNS = word_set(
    "profile profiles data detail details info information metadata attributes entry"
)


# "keep readings with no error_code", "only orders without a coupon_code": kept when the field
# is missing (the noun must name the records, see `_names_records`)
KEEP_WITHOUT = re.compile(
    r"\b(?:keep\w*|retain\w*|pass\w*|only)\s+(?:only\s+)?(?:the\s+)?(?P<noun>[a-z]+)\s+"
    rf"(?:without|with\s+no|lacking|missing|{WITH_ABSENT}|(?:that|which)\s+(?:have|has)\s+no)\s+"
    rf"(?:an?\s+|the\s+|any\s+)?(?P<f>{FIELD})(?![^\s,;:<>=!\x00])"
    rf"(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
)


# "only keep readings with a non-null value", "keep rows with a populated email": kept when the
# field is present (the noun must name the records, see `_names_records`)
KEEP_PRESENT = re.compile(
    r"\b(?:(?:only\s+)?(?:keep\w*|retain\w*|pass\w*)\s+|only\s+)(?:only\s+)?(?:the\s+)?"
    r"(?P<noun>[a-z]+)\s+with\s+(?:an?\s+)?(?:(?:non-?\s?null|not-null|non-?empty|populated|present)\s+"
    rf"(?P<f>{FIELD})(?![^\s,;:<>=!\x00])"
    # "keep only events with a user_id": an identifier named alone, at the end of the clause
    r"|(?P<f2>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?=\s*(?:[,;.)]|$|\s+(?:and|then|to|into)\b)))",
    ICASE,
)


# "only pings with operator_badge set", "keep rows with the email filled in": kept when the field
# is present (the noun must name the records, `_names_records`)
KEEP_WITH_SET = re.compile(
    r"\b(?:(?:only\s+)?(?:keep\w*|retain\w*|pass\w*)\s+|only\s+)(?:only\s+|just\s+)?(?:the\s+)?"
    r"(?P<noun>[a-z]+)\s+with\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
    rf"(?P<f>{FIELD})\s+(?:set|present|populated|filled(?:\s+in)?|provided|non-?\s?null)\b"
    # "with coupon_code set to 'X'": a value, not a null test
    r"(?!\s*(?:to|=|as|equal|at|on|in)\b|\s*=)",
    ICASE,
)


# "drop pings that have no operator_badge", "discard any ping lacking an operator_badge": dropped
# when the field is missing (the noun must name the records, `_names_records`)
DROP_LACKING = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|every\s+|the\s+)?(?P<noun>[a-z]+)\s+(?:without|missing"
    r"|lacking|with\s+no|(?:that|which)\s+(?:have|has)\s+no|(?:that|which)\s+lacks?"
    rf"|{WITH_ABSENT}|{NOT_HAVING})\s+"
    rf"(?:an?\s+|the\s+|any\s+)?(?P<f>{FIELD})(?![^\s,;:<>=!\x00])"
    rf"(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
)


# "readings with no sensor_id are to be dropped", "readings missing a sensor_id should be thrown
# away": the same, said in the passive (PASSIVE must follow, with a drop verb)
LACKING_PASSIVE = re.compile(
    r"\b(?P<noun>[a-z]+)\s+(?:without|missing|lacking|with\s+no|(?:that|which)\s+(?:have|has)\s+no"
    rf"|{WITH_ABSENT}|(?:that|which)\s+lacks?)\s+(?:an?\s+|the\s+|any\s+)?"
    rf"(?P<f>{FIELD})(?![^\s,;:<>=!\x00])(?=\s+(?:are|is|get|gets|should|must|will|to|need|have|has)\b)",
    ICASE,
)


# "only keep pings that have an operator_badge (not null)", "keep readings that have a value for
# sensor_id": kept when the field is present (the noun must name the records, `_names_records`)
KEEP_HAVING = re.compile(
    r"\b(?:(?:only\s+)?(?:keep|retain|pass)\w*(?:\s+(?:through|on))?\s+|only\s+)(?:only\s+|just\s+)?"
    # "kennel check-ins" on topic kennel-checkins: a word of the topic's name before the noun
    r"(?:the\s+)?(?:(?P<pre>[a-z]+)\s+(?=[a-z][a-z-]*[a-z]\s+(?:that|which|having)\b))?"
    r"(?P<noun>[a-z][a-z-]*[a-z])\s+(?:(?:that|which)\s+(?:(?:actually|really|do|does|still)\s+)?(?:have|has"
    r"|carry|carries)|having)\s+(?!(?:more|fewer|less|over|under|at\s+(?:least|most))\b)"
    r"(?:an?\s+value\s+(?:for|in)\s+(?:the\s+)?|an?\s+|the\s+)?(?!(?:an?|the)\s)"
    rf"(?P<f>{FIELD})(?![^\s,;:<>=!\x00])(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
)


# "excluding symbol 'TEST'", "except those with status 'cancelled'", "other than status
# 'void'", "drop trades with symbol 'TEST'": a field then a quoted value after a word that
# leaves records out, no comparison word.
DROP_FIELD_VALUE = re.compile(
    rf"\b(?:excluding|except(?:\s+for)?|other\s+than|apart\s+from|but\s+not|{DROP_VERB})\s+"
    r"(?:(?:all|any|the|those|ones|[A-Za-z]+s)\s+)?"
    r"(?:(?:with|where|whose|from|in)\s+)?(?:an?\s+|the\s+)?"
    r"(?!(?:topic|topics|table|key|prefix|redis|clickhouse|kafka|type|field|fields)\b)"
    # "exclude readings with a status of 'calibrating' from topic x"; "keep everything except
    # precinct_id 0": a bare number only after a field written as an identifier (checked where read)
    r"(?P<f>[A-Za-z_]\w*)\s+(?:of\s+)?(?:(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")|(?P<n>-?\d+(?:\.\d+)?))"
    r"(?=\s*(?:[,;.)]|\band\b|\bthen\b|\bfrom\b|\x00|$))",
    ICASE,
)


# Names that say "identifier": typed int by guess, text when compared with text.
IDENTIFIER_NAME = re.compile(r"(?:^|_)(?:id|code|key|ref|no|number)$", ICASE)


# "records with a lot_id that isn't empty": the field, then a relative pronoun before its test
RELATIVE_SUBJECT = re.compile(r"([A-Za-z_]\w*_\w+)\s+(?:that|which)", ICASE)


# "keep only status 'completed'": a field then a quoted value, no comparison word.
ONLY_FIELD_VALUE = re.compile(
    # "filter by status 'shipped'"
    r"(?:\bfilter(?:s|ed|ing)?\s+(?:by|on|to|for)\s+|\b(?:keep\s+|pass\s+)?only\s+(?:the\s+)?"
    r"(?:(?:records|events|rows|messages|ones|[A-Za-z]+s)\s+)?)"
    r"(?:with\s+(?:an?\s+|the\s+)?|where\s+|whose\s+)?"
    r"(?!(?:topic|table|key|prefix|redis|clickhouse|kafka|type|is|are|was|were|equals?|not)\b)"
    r"(?P<f>[A-Za-z_]\w*)\s+(?:of\s+)?(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")"
    r"(?=\s*(?:[,;.]|\band\b|\bfrom\b|\x00|$))",
    ICASE,
)


# "keep only event_type lesson_completed", "only event_type add_to_cart or remove_from_cart": a
# field naming a kind (its name says so), then values written as identifiers (with an '_', so
# never a plain word), no comparison word; "only" or a drop verb says which way
_SNAKE_VALUE = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
KIND_FIELD_VALUES = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})\s+(?:all\s+|any\s+)?|\b(?:(?:keep|pass|forward|send)\s+)?only\s+)"
    # ("exclude reason rider_no_show and duplicate": a reason too, and after identifiers the
    # last value may be a plain word, never a step's verb)
    r"(?:the\s+)?(?P<f>(?:[a-z]\w*_)?(?:type|kind|status|state|category|action|event|reason))\s+"
    # ("ignore fault_type values flat_tyre and chain_slip": the word "values" before them)
    r"(?:values?\s+)?"
    rf"(?P<v>{_SNAKE_VALUE}(?:\s*,\s*(?:or\s+|and\s+)?{_SNAKE_VALUE}|\s+(?:or|and)\s+{_SNAKE_VALUE})*"
    rf"(?:\s*,?\s+(?:or|and)\s+(?!(?:{VERBS_AFTER_AND}|the|an?|then|also)\b)[a-z]+)?)"
    # (or an aside in brackets after them: "... chain_slip (riders fix those themselves)")
    r"(?=\s*(?:[,;.!]|\band\b|\x00|$|\((?![^()\n]*_)[^()\n]*\)))",
)


# "exclude waste_class general and garden", "only ticket_priority high or urgent": a field
# written as an identifier whose last part names a kind, then plain-word values (no '_' needed:
# the identifier says which field), no comparison word; the values end the clause
_PLAIN_VALUE = r"(?!(?:the|an?|then|also|all|any|ones|records|events|rows)\b)[a-z][a-z0-9-]*"
# After such values, another plain word joined by "and", "or" or a comma that is no step's verb:
# the list may go on past what was read ("click and view counts per hour"), so it is left unread
_PLAIN_LIST_GOES_ON = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    rf"(?!(?:{VERBS_AFTER_AND}|and|or|then|also|please|pls|output|save|saves|stores?|sends?"
    r"|writes?)\b)"
    r"[a-z][a-z0-9-]*\b",
    ICASE,
)
KIND_IDENT_PLAIN_VALUES = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})\s+(?:all\s+|any\s+)?|\b(?:(?:keep|pass|forward|send)\s+)?only\s+)"
    r"(?:the\s+)?(?P<f>[a-z][a-z0-9]*_(?:[a-z0-9]+_)*(?:type|kind|status|state|category|class|tier"
    r"|grade|channel|level|severity|priority))\s+(?:values?\s+)?"
    rf"(?P<v>{_PLAIN_VALUE}(?:\s*,\s*(?:or\s+|and\s+)?{_PLAIN_VALUE})*"
    rf"(?:\s*,?\s+(?:or|and)\s+(?!(?:{VERBS_AFTER_AND})\b){_PLAIN_VALUE})?)"
    r"(?=\s*(?:[,;.!]|\band\b|\bthen\b|\x00|$))",
    ICASE,
)


# The drop verb opening a condition that "and the x_type y ones" continues.
CONTINUED_DROP = re.compile(rf"\s*{DROP_VERB}\b", ICASE)


# "Drop status cancelled, withdrawn.", "keep only state open or pending": a drop verb (or "only"),
# a field naming a kind, then plain lower-case words as its values; the step must end right after
# them (a sentence's or a runbook line's end), so a value word is never the start of more words
_KIND_FIELD = (
    # ("drop event noise": a bare 'event' or 'action' is no field's name; "payment_method",
    # "screen_format": a kind too, with a prefix only, so "drop format json" is no filter)
    # ("only severity major or critical", "only store_region north or west": a field whose name
    # says it holds one of a few grades or places, as in `_KIND_FIELDS`)
    r"(?:[a-z]\w*_)?(?:type|kind|status|state|category|reason|severity|priority|level|tier"
    r"|grade|channel|region|zone)|[a-z]\w*_(?:action|event|method|format|mode)"
)
# "Keep tank_state active.": a bare "keep" (no "only") opening a step, the runbook's way of saying
# "keep only"; never a value saying the field stays as it is ("Keep status unchanged.")
_STEP_KEEP = (
    # (after a step read already, its words masked)
    r"(?:^|(?<=[;:.!\n\x00])\s*)(?i:keep|retain)\s+"
    r"(?=(?:the\s+)?\w+\s+(?!(?:unchanged|intact|untouched|as|same|original|verbatim)\b))"
)
# (a value may be written as an identifier too: "keep only event_type scan or audio_play")
_PLAIN_VALUE = (
    rf"(?!(?i:{VERBS_AFTER_AND}|and|or|the|to|from|into)\b)[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*"
)
# A list of plain values whose last, after "and", is an identifier: maybe a field of its own
# ("drop status cancelled and customer_email"); "or" ("scan or audio_play") joins values only
_FIELD_AFTER_AND = re.compile(r"(?<![_\w])[a-z][a-z0-9-]*\s*,?\s+and\s+[a-z][a-z0-9]*_[a-z0-9_]+$")
KIND_FIELD_PLAIN_VALUES = re.compile(
    rf"(?i:(?P<drop>\b{DROP_VERB})\s+(?:all\s+|any\s+)?|\b(?:(?:keep|pass|forward|send)\s+)?only\s+"
    rf"|{_STEP_KEEP}"
    # "drop events with no device_id and the event_type heartbeat ones": one more of the
    # records the condition read just before drops or keeps (its way checked where read)
    r"|(?<=\x00)(?P<cont>\s*,?\s+and\s+)(?=the\s+[^\n.;]*?\bones\b))"
    rf"(?:the\s+)?(?P<f>{_KIND_FIELD})\s+(?:values?\s+)?"
    rf"(?P<v>{_PLAIN_VALUE}(?:\s*,\s*(?:or\s+|and\s+)?{_PLAIN_VALUE}|\s+(?:or|and)\s+{_PLAIN_VALUE})*)"
    # "the event_type heartbeat ones": the records those values pick
    r"(?P<ones>\s+ones\b)?"
    # (or a comma before the next step: its verb, or a step read already and masked)
    rf"(?=\s*(?:[.;!](?!\w)|\n|\x00|$|,\s*(?:then\s+)?(?:(?i:{VERBS_AFTER_AND})\b|\x00)))",
)


# "drop canary hosts (host_type canary)", "no test devices (device_type test)", "only live games
# (game_state live)": a value before the records' noun, then the field and that same value in
# brackets (the same word twice, checked where read); "no" only where a step starts
VALUE_NOUN_RESTATED = re.compile(
    rf"(?i:(?P<drop>\b{DROP_VERB}|(?:^|(?<=[,;:.\n(])|(?<=[,;:.\n(]\s))no)\s+|\b(?:keep\s+)?only\s+)"
    r"(?:the\s+|any\s+|all\s+)?(?P<v1>[a-z][a-z0-9-]*)\s+(?P<noun>[a-z]+s)\s*\(\s*"
    r"(?P<f>[a-z][a-z0-9]*_[a-z0-9_]+)\s+(?P<v2>[a-z][a-z0-9-]*)\s*\)",
)


# "ignore door_zone LOBBY and CAFETERIA", "keep status 'EN_ROUTE' only": a field named in lower
# case, then one or more values, each quoted or a code in capitals (so never a plain word), and no
# comparison word; a drop verb, or a keep verb with "only" after the values, says which way.
_LISTED_VALUE = r"(?:'[^'\n\x00]*'|\"[^\"\n\x00]*\"|(?-i:[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*)\b)"
FIELD_LISTED_VALUES = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?P<keep>keep|retain|pass)(?:s|ing)?)\s+(?:the\s+)?"
    r"(?:(?:all|any|those|ones|[A-Za-z]+s)\s+)?(?:(?:with|where|whose)\s+)?(?:an?\s+|the\s+)?"
    rf"(?!(?:{FILLER_NOUNS}|topics?|table|key|prefix|redis|clickhouse|kafka|type|fields?|only)\b)"
    # (a plain plural is the records' noun, never the field: "keep amounts EUR only")
    r"(?!(?-i:[a-z]+[^su\W]s)\s)"
    # (a preposition is never the field: "except those in USD" says where, not a field 'in')
    r"(?!(?:in|on|at|from|for|to|of|by|via|into|within|without|than|as|like)\s)"
    r"(?P<f>(?-i:[a-z][a-z0-9]*(?:_[a-z0-9]+)*))\s+(?:of\s+)?"
    rf"(?P<v>{_LISTED_VALUE}(?:\s*,\s*{_LISTED_VALUE})*(?:\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})?)"
    r"(?P<only>\s+only\b)?"
    r"(?=\s*(?:[,;.)]|\bthen\b|\bfrom\b|\band\b|\bbefore\b|\bfirst\b|\x00|$))",
    ICASE,
)


# "only priority P1 and P2 incidents (field `priority`)", "only severity HIGH alerts": "only", a
# field in lower case, codes in capitals, the records' noun (checked), maybe the field again in
# brackets
FIELD_VALUES_NOUN = re.compile(
    r"\b(?:(?:keep(?:ing)?|pass(?:ing)?|retain(?:ing)?)\s+)?only\s+(?:the\s+)?"
    r"(?P<f>(?-i:[a-z][a-z0-9]*(?:_[a-z0-9]+)*))\s+"
    rf"(?P<v>{_LISTED_VALUE}(?:\s*,\s*{_LISTED_VALUE})*(?:\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})?)"
    r"\s+(?P<noun>[A-Za-z]+s)\b(?:\s*\(\s*(?:the\s+)?(?:field|column)\s*:?\s*[`'\"]?"
    r"(?P<f2>[A-Za-z_]\w*)[`'\"]?\s*\))?",
    ICASE,
)
# The fields such a phrase may name without brackets or a schema naming them
_KIND_FIELDS = word_set(
    """priority severity level status state type kind category tier class grade channel region
    zone country"""
)


# "Severity INFO and HEARTBEAT we not want, please remove them": a field, its values in capitals
# or quoted, then who does not want them (the plain words of writers of other languages too)
UNWANTED_LISTED_VALUES = re.compile(
    r"(?:^|(?<=[.;!\x00]\s)|(?<=[.;!\x00]))\s*(?P<f>(?-i:[A-Za-z][a-z0-9]*(?:_[a-z0-9]+)*))\s+"
    rf"(?P<v>{_LISTED_VALUE}(?:\s*,\s*{_LISTED_VALUE})*(?:\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})?)"
    r"\s+(?:we|i)\s+(?:do\s+not|don't|dont|not|never)\s+(?:want|need)(?:\s+them)?"
    r"(?:\s*,?\s*(?:so\s+)?(?:please\s+)?(?:remove|drop|discard|delete|filter\s+out|skip)"
    # ("them" may be read already: masked)
    r"\s+(?:them|those|these|\x00+)(?:\s+please)?)?(?=\s*(?:[.;!]|\x00|$))",
    ICASE,
)


# "drop passes where pass_type is 'staff' (we don't want those)", "..., since we do not need
# them": right after a drop's condition, the dropped records are unwanted, said again
UNWANTED_AGAIN = re.compile(
    # ("drop the heartbeats (event_type != heartbeat), they're just noise": after the aside)
    r"['\"`]?\s*[)\x00]?\s*,?\s*(?P<w>(?:\(\s*)?"
    + UNWANTED_BY_PRONOUN
    + r"\s*(?:\)|(?=[,;.!]|$)))",
    ICASE,
)
# "drop the heartbeats first (event_type != heartbeat)": a condition in brackets after a drop
# verb and the records' noun keeps the others; the records it names are the ones dropped
_DROP_LEAD = re.compile(
    rf"\b{DROP_VERB}\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*"
    r"(?:\s+first)?\s*\(\s*$",
    ICASE,
)


# "speed_kmh > 2 (that leaves out parked machines and transfers between slopes)": right after a
# condition, in brackets, a description of the records it drops; no condition of its own, never
# a value or a number (those may be a requirement). Junk said of the rest ("bigger values are
# gauge glitches") is filter_asides.dropped_why's.
DROPPED_ASIDE = re.compile(
    r"\s*(?:,?\s*\(|,)\s*(?P<w>(?:that|this|which)\s+(?:leaves|keeps|filters|throws|cuts)\s+out"
    r"\s+[a-z][a-z\s-]{0,80}?)(?:\s*\)|(?=\s*(?:[,;.!?]|$)))",
    ICASE,
)


# "only lofts LOFT-7, LOFT-12 and LOFT-31 (field loft_code)": the records' noun, the values one
# of its fields holds, then that field in brackets (its name holds the noun, or is labelled)
NOUN_VALUES_FIELD = re.compile(
    r"\b(?:(?:keep(?:ing)?|pass(?:ing)?|retain(?:ing)?)\s+)?(?:only|just)\s+(?:the\s+)?"
    # "only radio access types 4G and 5G (field rat)": plain words describing the noun
    r"(?P<mods>(?:(?!(?:from|with|in|on|at|of|for|to|by|where|whose|that|which|and|or|over|above"
    r"|below|under|not|no|than|between|since|after|before)\b)[a-z]+\s+){0,3}?)"
    rf"(?P<noun>[A-Za-z]+s)\s+"
    # "only plays on stations A, B and C (field station)", "only guests from DE or NL (...)"
    r"(?:(?:on|from|at|in|for)\s+(?:(?P<noun2>[A-Za-z]+s)\s+)?)?"
    rf"(?P<v>{QUOTED}|[\w-]+(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    rf"(?:{QUOTED}|[\w-]+))*)\s*\(\s*(?P<label>(?:the\s+)?(?:field|column)(?:\s+is)?\s*:?\s*)?"
    r"(?P<f>[A-Za-z_]\w*)(?P<label2>\s+(?:field|column))?\s*\)",
    ICASE,
)


# "Only the courses ALG1, ALG2 and GEO1 are in scope this term" where the records have a course_id:
# code-like values of the field the plural noun names (checked in `_noun_codes_in_scope`)
NOUN_CODES = re.compile(
    r"\b(?:(?:we|i)\s+(?:only\s+(?:want|need|care\s+about)|(?:want|need)\s+only)\s+"
    r"|(?:(?:keep(?:ing)?|pass(?:ing)?|retain(?:ing)?)\s+)?(?:only|just)\s+)(?:the\s+)?"
    rf"(?P<noun>[A-Za-z]+s)\s+(?P<v>(?:{QUOTED}|[\w-]+)(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    rf"(?:{QUOTED}|[\w-]+))*)"
    r"(?:\s+(?:are|is)\s+(?:in\s+scope|wanted|needed|relevant|of\s+interest|included|counted)"
    r"(?:\s+(?:this|for\s+this|for\s+the)\s+(?:term|semester|week|month|quarter|year|season|run))?)?"
    # "..., everything else can be ignored for now": the same said of the others
    r"(?:\s*,\s*(?:everything|anything|all)\s+else\s+(?:can\s+be|is|gets?)\s+"
    r"(?:ignored|dropped|skipped)(?:\s+for\s+now)?)?"
    r"(?=\s*(?:[,;.!]|\x00|$))",
    ICASE,
)
# "(the warning zone)", "(our comfort band)": a name given to a range just read.
RANGE_NAMED = re.compile(
    r"\(\s*(?:the|a|our|their)\s+(?:[A-Za-z]+[\s-]+){0,2}(?:zone|range|band|corridor)\s*\)",
    ICASE,
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
    r"\s*(?:matters?|count|are\s+(?:relevant|of\s+interest|in\s+scope))"
    r"(?:\s+(?:for|to|in|here)(?:\s+(?:this(?:\s+(?:one|pipeline|report|job|dashboard))?|us))?)?"
    r"(?:\s*[,;]?\s*(?:so\s+)?(?:filter|keep)\s+(?:to\s+|on\s+)?(?:those|them|these)"
    r"(?:\s+(?:first|up\s+front|before\s+anything\s+else))?(?!\s+out\b))?"
    r"(?=\s*(?:[,;.)]|\x00|$))",
    ICASE,
)
# A value that is a code ("ALG1", "GEO-2", "EU"): never an English word that may select records.
CODE_VALUE = re.compile(r"(?=[\w-]*\d)[A-Za-z0-9][\w-]*|[A-Z]{2,}[A-Z0-9_-]*")


# "only records from the Assam, Darjeeling and Nilgiri gardens" where the request names a garden
# field: the values before the noun that names the field (checked in `_values_before_field`)
VALUES_BEFORE_FIELD = re.compile(
    r"\b(?:keep(?:ing)?\s+)?(?:only|just)\s+(?:(?P<desc>[A-Za-z]+\s+)?(?:records|events|rows|entries"
    r"|messages|readings|data)\s+)?(?:from|of|in|at|for)\s+the\s+"
    rf"(?P<v>(?:{QUOTED}|[\w-]+)(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{QUOTED}|[\w-]+))+)"
    r"\s+(?P<noun>[A-Za-z]+s)\b(?P<paren>\s*\(\s*(?:the\s+)?(?:field|column)\s*:?\s*(?P<f>[A-Za-z_]\w*)\s*\))?",
    ICASE,
)


# "emit only candidates with 100 or more votes": the bound after the number
N_OR_MORE = re.compile(
    r"\b(?P<who>(?!(?:records|events|rows|messages)\b)[A-Za-z]+s)\s+(?:with|having|that\s+have"
    rf"|who\s+have)\s+(?P<n>{NUM})\s+or\s+(?P<cmp>more|fewer|less)\s+(?P<noun>[a-z]+)\b",
    ICASE,
)


# The verb right before N_OR_MORE's groups ("flag roads with 10 or more reports"); a drop verb
# leaves those groups out.
N_OR_MORE_LEAD = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|flag\w*|emit\w*|report\w*|show\w*|list\w*"
    r"|return\w*|output\w*|publish\w*|forward\w*|send\w*|alert\s+on))\s+(?:only\s+)?(?:the\s+|all\s+)?$",
    ICASE,
)


# The verb of a group's count ("pages that got at least 100 views", "sites that received")
GROUP_HAS = r"(?:have|had|see|saw|make|made|get|gets|got|receive|receives|received)"


MORE_THAN = re.compile(
    # "only send users with more than 5 logins": the plural names the groups kept
    r"(?:\b(?:(?!(?:only|keep|the|all|out)\b)[A-Za-z]+\s+)?"  # "event types with over 100 events"
    r"(?P<who>(?!(?:records|events|rows|messages)\b)[A-Za-z]+s)\s+(?=with\s|having\s"
    rf"|(?:that|who|which)\s+{GROUP_HAS}\s))?"
    rf"(?:\b(?:(?:that|who|which)\s+{GROUP_HAS})(?=\s))?"
    r"\b(?:with|having|when\s+there\s+are|if\s+there\s+are|once\s+there\s+are|exceeding"
    r"|reaching)?\s*(?P<cmp>more|fewer|less|at\s+least|at\s+most|over|above|under|below)\s+"
    r"(?:than\s+)?"
    # "more than 5 per user_id per minute": the count of the stream's records per group
    # ("more than 5 pledges" on topic pawn-pledges: the topic's own noun, checked when read;
    # "... in a day", "in the hour", "within that hour": the window's own span said again,
    # checked when read)
    rf"(?P<n>{NUM})(?:\s+(?P<noun>{COUNT_NOUNS}|[a-z]+s)\b(?P<per>\s+(?:(?:in|within|during)\s+"
    r"(?:a|an|one|the(?:\s+same)?|that|this|each)|per|a|an|each)\s+(?P<unit>day|hour|minute|week)\b)?"
    r"|(?=\s+per\s)"
    # "episodes with more than 500 unique listeners": a threshold on a distinct count
    r"|\s+(?P<uniq>unique|distinct)\s+(?P<unoun>[a-z]+)\b"
    # "pages with more than 1000 views from topic page-views": the noun read with the source
    r"|(?P<read>\s+)(?=\x00))",
    ICASE,
)


# "where the app keeps stations with more than 10 sessions": a "where" clause whose subject is
# someone else, right before a count threshold (see `_refuse_other_subject`)
OTHER_SUBJECT = re.compile(
    r"\bwhere\s+(?:the|our|their|a|an|its|my|your|this|that)\s+(?P<who>[A-Za-z]+)"
    r"(?:\s+(?:only|just|usually|then))?\s+$",
    ICASE,
)


# A status word that is also filler, after a word that selects, before a plural noun left
# unread (see `_filler_status_left`); never "only closed windows" or "live results"
FILLER_STATUS_LEFT = re.compile(
    rf"\b(?:only|just|keep\w*|retain\w*|{DROP_VERB}|exclud\w*|except|without)\s+"
    r"(?:(?:for|the|all|any|of)\s+){0,2}(?P<v>closed|live)\s+"
    r"(?!(?:windows|buckets|sessions|results|outputs|updates|metrics|answers|totals|counts)\b)"
    r"[a-z]+s\b",
    ICASE,
)


# A verb of the output right before the groups of a count threshold ("report only users with
# ...", "list only the stores with ...")
KEEP_LEAD_BEFORE = re.compile(
    r"\b(?:report|list|show|emit|output|return|flag|print|display)\s+only\s+(?:the\s+)?$", ICASE
)
# A drop verb right before the groups of a count threshold ("leave out (the) hotels with ...")
DROP_LEAD_BEFORE = re.compile(rf"\b{DROP_VERB}\s+(?:the\s+|all\s+|any\s+)?$", ICASE)


# The verb leading a count threshold ("only pages with more than 100 clicks"): a drop verb
# leaves those groups out.
COUNT_LEAD_VERB = re.compile(
    rf"\b(?P<drop>{DROP_VERB}|unless|not|never|no|without)\b|\b(?:keep\w*|only|retain\w*|show\w*|send\w*|emit\w*"
    r"|report\w*|flag\w*|alert\w*|list\w*|return\w*|output\w*|publish\w*|forward\w*)\b",
    ICASE,
)


# "length of name", "the year of created_at": a function of a field
FUNCTION_OF = re.compile(
    r"(length|len|size|abs|absolute\s+value|lower\s*case|upper\s*case|lower|upper|year|month"
    r"|day|hour|minute|date|weekday|day\s+of\s+(?:the\s+)?week|number\s+of\s+characters)"
    r"\s+of\s+(?=\S)",
    ICASE,
)


# Words that may stand right before a bare count threshold ("when more than 5 per user_id");
# any other word before it ("orders above 100 per store_id", "average temperature above 30 per
# device_id") is what the number is about
THRESHOLD_LEAD_WORDS = word_set(
    """with having have has had when whenever if once are is there alert alerts flag only keep
    exceeding reaching and or but emit send report than counts count totals total sums tallies"""
)


# "level is ERROR or worse": words that bound a value, never a second value
NOT_OR_VALUE = word_set(
    """worse better higher lower above below more less greater up down later earlier newer older
    bigger smaller over under beyond"""
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


NOT_VALUES = word_set(
    """new valid the unique recent latest enriched matching relevant complete incoming raw these
    those such distinct good joined aggregated filtered deduplicated all kafka clickhouse redis
    duplicate duplicated bad invalid malformed late broken corrupt failed-to-parse
    want wants need needs care cares like likes see get read process handle track show
    keep keeps retain pass send forward emit publish write store"""
)


# Words the request-wide check skips as filler that often end a value of two words ("case
# closed", "live stream"); a preposition after them starts a clause ("processed by ...")
SKIPPED_VALUE_TAIL = frozenset(
    w for w in FILLER if w.endswith("ed") and w not in ("need", "feed", "fed")
) | word_set("stream streams data live final raw clean")
VALUE_TAIL = re.compile(
    r"\s+([A-Za-z]+)\b(?!\s+(?:with|by|to|into|onto|from|on|in|as|for|at|via|using|per)\b)",
    ICASE,
)

# "status is picked up", "channel is walk in": a particle ending the clause ends the value
PARTICLE_TAIL = re.compile(
    r"\s+(in|up|out|off|down|on|over|through|away|back)"
    r"(?=\s*(?:[,;.!?)]|$)|\s+(?:and|then|but)\b)",
    ICASE,
)


# "status is now closed", "status is not yet closed": an adverb before the value is never
# the value itself (the word after it may be one the parser skips, so nothing else refuses)
ADVERB_VALUES = word_set(
    """now yet either neither already ever never always sometimes often usually still currently
    probably mostly really kinda soon again"""
)


ONLY_NOUNS = (
    r"(?:events|records|messages|logs|log\s+lines|entries|rows|clicks|orders|transactions"
    r"|payments|readings|lines|sales|purchases|requests)"
)


ONLY_ITEM = rf"(?:{QUOTED}|[\w-]+)"


# "only use readings with ...", "only process orders": a verb after "only" says what is done
# with the records, it is never a value a field holds
ONLY_THEN_VERB = (
    r"(?:use|process|consider|take|include|accept|select|pick|ingest|keep|retain|pass|read"
    r"|want|care\s+about|look\s+at|deal\s+with)"
)


# "we only have paid orders", "the output should only have paid orders": a verb of holding or
# seeing after "only" (a statement of what there is, or of what goes out), never a value
# (it was read as the value 'have_paid'); left unread
ONLY_THEN_HOLDING = (
    r"(?:ha(?:ve|s|d)|need(?:s|ed)?|get(?:s)?|got|see(?:s)?|saw|show(?:s)?|contain(?:s)?"
    r"|carr(?:y|ies)|hold(?:s)?|send(?:s)?|write(?:s)?|store(?:s)?|receive(?:s)?|gets?)"
)


ONLY_VALUE = re.compile(
    rf"\b(?:(?:keep(?:ing)?|process(?:ing)?|consider(?:ing)?|use|using|pass(?:ing)?)\s+)?only\s+"
    rf"(?:{ONLY_THEN_VERB}\s+)?(?:the\s+)?(?!(?:{ONLY_THEN_VERB}|{ONLY_THEN_HOLDING})\s)(?P<v>{ONLY_ITEM}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){ONLY_ITEM})+"
    rf"|{QUOTED}|[\w-]+(?:\s+[\w-]+)?)\s+(?:{ONLY_NOUNS}|(?P<noun>[A-Za-z]+s))\b",
    ICASE,
)


FILTER_TO = re.compile(
    rf"\bfilter(?:ing|ed)?\s+(?:down\s+)?(?:to|for)\s+(?:only\s+)?(?:the\s+)?"
    rf"(?P<v>{QUOTED}|[A-Za-z][\w-]*)(?:\s+(?:events|records|messages|rows))?\b"
    rf"(?!\s*(?:{OP_RE}))",
    ICASE,
)


# "... payslips where overtime_hours <= 10": what follows the records' noun when a condition
# says which of them to keep
RECORDS_DESCRIBED = re.compile(r"\s*(?:where|whose|with|that|which|having)\b", ICASE)


VALUE_ONLY = re.compile(rf"\b(?:the\s+)?(?P<v>{QUOTED}|[\w-]+)\s+{ONLY_NOUNS}\s+only\b", ICASE)


DROP_VALUE = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<v>{QUOTED}|[\w-]+)\s+"
    r"(?:events|records|messages|logs|entries|rows|clicks|traffic|hits|lines|requests"
    r"|(?P<noun>[A-Za-z]+s))\b",
    ICASE,
)


# "keep paid orders", "retain the completed bookings": a value said before the records' noun
# (the noun checked in `_value_noun_known`; which field holds the value in
# `_discriminator_field`)
KEEP_VALUE = re.compile(
    r"\b(?:keep(?:ing)?|retain(?:ing)?|pass(?:ing)?\s+through|let(?:ting)?\s+through)\s+"
    rf"(?:all\s+|any\s+|the\s+)?(?P<v>{QUOTED}|[\w-]+)\s+(?P<noun>[A-Za-z]+s)\b"
    rf"(?!\s*(?:{OP_RE}|where\b|whose\b|with\b|that\b|which\b|having\b))",
    ICASE,
)


# "count failed logins", "number of declined payments": a status word between the count and
# the counted records selects them
# (the count is then read by the aggregates)
COUNT_VALUE = re.compile(
    r"\b(?:count(?:s|ing)?|tally(?:\s+up)?|(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of"
    r"|how\s+many)\s+(?:the\s+|all\s+)?"
    rf"(?P<v>[A-Za-z]+)\s+{COUNT_NOUNS}\b",
    ICASE,
)


# "flow_lpm is non-negative": a sign word is a comparison with zero
SIGN_OPS = {"positive": "gt", "negative": "lt", "nonnegative": "ge", "nonpositive": "le",
            "nonzero": "ne", "zero": "eq"}  # fmt: skip


# "payout is zero or negative", "negative or zero", "0 or positive": a bound at zero (never
# two values: "not_in ['negative', 0]" would keep every negative payout)
ZERO_OR_SIGN = re.compile(r"\s+or\s+(?P<sign>negative|positive)\b(?![\w.-])", ICASE)
SIGN_OR_ZERO = re.compile(r"\s+or\s+(?:zero|0(?:\.0+)?)\b(?![\w.-])", ICASE)


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


# "calls longer than 2 minutes", "lasting more than 90 seconds", "duration_s > 2 minutes": a
# duration compared with something: which field holds it, in what unit?
DURATION_COMPARED = re.compile(
    r"(?:\b(?:lasting|last(?:s|ed)?|tak(?:ing|es)|took|running|ran)\s+(?:for\s+)?"
    r"(?:more|less|longer|shorter|over|under|at\s+least|at\s+most|fewer)\s+(?:than\s+)?"
    r"|\b(?:longer|shorter)\s+than\s+|(?<=[\w\s])[<>]=?\s*)"
    rf"(?P<d>{DUR})",
    ICASE,
)


# "keep delays of more than 5 minutes (delay_s > 300)": a duration in words, then the condition
# on a field whose name says its unit (checked in `_duration_glossed`)
DURATION_GLOSSED = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|retain\w*|pass\w*|forward\w*|send\w*"
    r"|publish\w*|emit\w*|alert\s+on|flag\w*|print\w*|writ\w*))\s+(?:only\s+)?"
    # ("song-plays lasting ...": a hyphenated noun, the topic's name)
    r"(?:the\s+|all\s+|any\s+)?(?P<noun>[A-Za-z]+(?:-[A-Za-z]+)*s)\s+(?:(?:of|that\s+are"
    r"|which\s+are|lasting"
    # "views that lasted longer than 30 seconds (duration_s)"
    r"|(?:that|which)\s+(?:lasted|last|took|take|ran|run))\s+)?"
    r"(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least|at\s+most"
    r"|exceeding|longer\s+than|shorter\s+than)\s+"
    rf"(?P<d>{DUR})\s*\(\s*(?:field\s+)?(?P<f>[A-Za-z_]\w*)\s*"
    # "(duration_s)": the field alone, its unit read from its name's ending
    rf"(?:(?P<sym>>=|<=|>|<)\s*(?P<n>{NUM})\s*)?\)",
    ICASE,
)
_SYMBOL = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
# Common words that are a field's value after a comparison symbol ("direction = in"); never an
# aggregate's name ("bookings = count" names one)
# Words of the parser's own (a step's verb, a unit, a store) that a field may hold as a value:
# "result = send", "outcome != drop", "event = join"; read only after a symbol, ending the clause
# Words of the parser's own, a step's verb, that a field may hold as a value: "result = send",
# "outcome != drop", "level = alert"; read only after a symbol, ending the clause (never an
# aggregate's function, "bookings = count" names a count, nor a unit or a store)
_STEP_WORD_VALUES = word_set(
    """send sending save saving alert drop dropping keep keeping emit emitting publish publishing
    write writing written store stored storing output produce producing flush flushing filter
    filtering enrich enriching join joining replicate batch"""
)
_PARTICLE_VALUES = word_set("in out on off up down over under inside outside both none all any")
# "keep only logins flagged as suspicious", "drop events marked as test", "keep fault codes
# P0300 and P0420": a selection whose field is never named (refused, see
# `_refuse_unnamed_selection`)
UNNAMED_SELECTION = re.compile(
    rf"\b(?:keep\w*|only|retain\w*|{DROP_VERB})\s+(?:only\s+)?(?:the\s+|all\s+|any\s+)?"
    r"(?:(?:[a-z]+\s+){0,2}?(?:that\s+are\s+|which\s+are\s+|being\s+)?(?:flagged|marked|tagged"
    # ("flagged as a test transaction (is_test = true)": the article and the records' noun)
    r"|labell?ed)\s+(?:as\s+)?(?:an?\s+)?(?P<label>[a-z]+)\b(?:\s+[a-z]+s?(?=\s*\())?"
    r"|(?:[a-z]+\s+)?codes?\s+(?-i:[A-Z]+\d[A-Z0-9]*)(?:\s*(?:,|\band\b|\bor\b)\s*"
    r"(?-i:[A-Z]+\d[A-Z0-9]*))*\b)",
    ICASE,
)
# "ignore claims flagged as test (is_test is true)", "(status = 'test')": the field that
# holds the label, named in the parentheses right after it
LABEL_GLOSS = re.compile(
    r"\s*\(\s*(?:i\.e\.\s*,?\s*|where\s+)?(?:(?P<f>[A-Za-z_]\w*)\s*(?:\bis\b|==|=)\s*(?:true|yes)"
    r"|(?P<f2>[A-Za-z_]\w*)\s*(?:\bis\b|==|=)\s*(?P<q>['\"])(?P<v2>[^'\"\x00]+)(?P=q))\s*\)",
    ICASE,
)
# "print refunds over 200 ... (txn_type = REFUND and amount > 200)": a kind of record and a
# bound, then both as conditions in the parentheses ending the sentence (`_kind_and_bound_restated`)
KIND_BOUND_GLOSS = re.compile(
    r"(?:\b(?:keep\w*|only|retain\w*|pass\w*|forward\w*|send\w*|publish\w*|emit\w*|print\w*"
    r"|writ\w*|stream\w*)|\x00)\s+(?:only\s+)?(?:the\s+|all\s+|any\s+)?(?P<noun>[A-Za-z]+s)\s+"
    r"(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least"
    rf"|at\s+most)\s+(?P<n>{NUM})(?![\w.])[^().;!?\n]*?(?P<paren>\(\s*(?P<inner>[^()\x00]*)\))"
    r"(?=\s*(?:[.,;!?\n]|$))",
    ICASE,
)
_SIMPLE_COND = re.compile(
    r"(?P<f>[A-Za-z_]\w*)\s*(?P<sym>==|=|!=|>=|<=|>|<)\s*(?P<v>'[^']*'|\"[^\"]*\"|[\w.-]+)"
)
# A time field's unit from its name's last part: milliseconds in one of them
FIELD_TIME_UNITS = {
    "ms": 1, "millis": 1, "msec": 1, "s": 1000, "sec": 1000, "secs": 1000, "seconds": 1000,
    "min": 60000, "mins": 60000, "minutes": 60000, "h": 3600000, "hours": 3600000,
}  # fmt: skip


def _measure(name: str) -> bool:
    """A name whose last part is a unit ("elapsed_s", "weight_kg"): a number, never text."""
    time_unit = re.search(rf"_(?:{'|'.join(FIELD_TIME_UNITS)})$", name, ICASE)
    return bool(time_unit or field_units(name))


# The records a stream carries: never a field a number is compared with ("only readings over 30")
RECORD_NOUNS = word_set(
    """events records messages rows entries lines items readings measurements samples pings
    scans sessions visits requests calls logs orders payments transactions purchases sales
    invoices refunds transfers deposits withdrawals bookings trades charges rides trips shipments
    deliveries clicks views"""
)


# A keeping or dropping verb right before a condition's subject: "keep chargebacks over 500"
_KEPT_DIRECTLY = re.compile(
    r"\b(?:keep|keeping|only|retain|retaining|drop|dropping|remove|removing|exclude|excluding"
    r"|skip|skipping)\s+(?:(?:only|the|all|any)\s+)*$",
    ICASE,
)


# The end of a name that says a field, never a text value ("status_code", "billing_country";
# "page_view", "in_progress" are values)
FIELD_TAIL = re.compile(
    r"_(?:id|code|key|country|city|amount|total|price|count|at|ts|time|date)$",
    ICASE,
)


# "that have a tariff entry": a row somewhere else, or a field? (see `_refuse_row_of`)
ROW_AFTER = re.compile(
    r"\s+(entry|entries|record|records|row|rows|match|matches|listing|mapping|lookup)\b", ICASE
)


# A field that holds a length ("distance_km > 500 m": metres, never minutes)
LENGTH_FIELD = re.compile(
    r"(?:distance|length|height|depth|altitude|elevation|range|radius|width|_km|_m|_mi"
    r"|_metres|_meters|_miles|_ft)\w*\s*$",
    ICASE,
)


# "except those on sundays", "only weekday rides", "during business hours": a day of the week or
# a time of day, which no filter on a field's value says
WEEKDAY = re.compile(
    r"(?<![\w'\"`-])(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|week[\s-]?days?|week[\s-]?ends?"
    r"|business\s+hours|office\s+hours|working\s+hours|at\s+night|overnight)(?![\w'\"`-])",
    ICASE,
)


# Nouns of any records a value may be said before ("drop test events"); the source topic's own
# noun ("cancelled bookings" on topic hotel-bookings) takes a status word only
# "the hive events where", "only ferry tickets with": words before the records' noun
OWN_TOPIC_RECORDS = re.compile(
    r"\b(?:keep\w*|retain\w*|only|just|drop\w*|remov\w*|discard\w*|skip\w*|filter\w*)"
    r"(?:\s+(?:only|just|the|all|any))*\s+(?P<v>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+"
    r"(?P<noun>[A-Za-z]+s)\b",
    ICASE,
)

VALUE_NOUNS = word_set("events records messages entries rows logs lines items")


# Values that say a record's status ("paid orders"): read only on a status field
STATUS_VALUES = word_set(
    """paid unpaid completed cancelled canceled failed succeeded successful pending
    refunded shipped delivered declined approved rejected active inactive expired open closed
    settled returned processed confirmed voided void disputed fulfilled abandoned answered
    missed resolved escalated accepted denied blocked suspended archived deleted finished
    started submitted booked dispatched verified unverified authorised authorized captured
    charged reversed overdue live"""
)
STATUS_FIELD = re.compile(r"(?:^|_)(?:status|state|result|outcome)(?:$|_)", re.I)
# Longest first, one length alphabetically: the same text in every run (see lazy_re).
_STATUS = "(?:" + "|".join(sorted(STATUS_VALUES, key=lambda w: (-len(w), w))) + ")"
_STATUSES = (
    rf"(?P<v>{_STATUS}(?:\s*(?:,|/)\s*(?:and\s+|or\s+)?{_STATUS}|\s+(?:and|or)\s+{_STATUS})*)"
)
_RECORDS = r"(?P<noun>[A-Za-z]+s)"
_KEEP_LEAD = (
    r"(?:keep(?:ing)?|only|just|retain\w*|forward\w*|send\w*|route\w*|publish\w*|push\w*"
    r"|emit\w*|alert\w*\s+on|flag\w*|pick\w*\s+out|\x00+(?:\s+on)?)"
)
# Status words said in other ways (each value must be a status word, read on the status field):
# (pattern, negate)
STATUS_SAID = [
    # "refunded payments must be excluded", "payments that were refunded should be dropped"
    (
        re.compile(
            rf"(?:\b{_STATUSES}\s+{_RECORDS}|\b(?P<noun2>[A-Za-z]+s)\s+(?:that|which)\s+(?:are|were"
            rf"|have\s+been|got)\s+(?P<v2>{_STATUS}))\s+(?:should|must|need\s+to|have\s+to|are\s+to"
            r"|will|can)\s+be\s+(?:dropped|excluded|removed|filtered\s+out|skipped|ignored|discarded"
            r"|thrown\s+away)\b",
            ICASE,
        ),
        True,
    ),
    # "all payments except the refunded ones", "no refunded payments", "we don't want refunded
    # payments"
    (
        re.compile(
            rf"\b(?:(?:all|everything|every|any)\s+(?:the\s+)?(?:[A-Za-z]+s\s+)?)?"
            rf"(?:except(?:\s+for)?|excluding|but\s+not|no|(?:(?:we|i)\s+)?(?:don't|do\s+not)\s+"
            rf"(?:want|need))\s+(?:the\s+|any\s+)?{_STATUSES}\s+{_RECORDS}\b",
            ICASE,
        ),
        True,
    ),
    # "only the ones that failed", "keep payments that were refunded"
    (
        re.compile(
            rf"\b{_KEEP_LEAD}\s+(?:only\s+)?(?:the\s+|all\s+)?{_RECORDS}\s+(?:that|which)\s+"
            rf"(?:(?:are|were|have\s+been|has\s+been|got|get|is|was)\s+)?{_STATUSES}\b",
            ICASE,
        ),
        False,
    ),
    # "keep only failed ones", "just the successful payments", "forward failed and declined
    # payments to ...", "alert on failed runs"
    (
        re.compile(
            rf"(?:\b|(?<=\x00)){_KEEP_LEAD}\s+(?:only\s+)?(?:the\s+|all\s+)?{_STATUSES}\s+{_RECORDS}\b",
            ICASE,
        ),
        False,
    ),
]


# A value that says nothing a field holds: "remove empty records" (which field?), "skip old
# messages" (older than what?)
EMPTY_VALUES = word_set("empty blank null missing incomplete")
# "energy_kwh strictly": a name written as an identifier, then plain words (not "values")
IDENTIFIER_THEN_WORDS = re.compile(
    r"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+((?!(?:values?|fields?|columns?)$)[a-z]+(?:\s+[a-z]+)*)",
    ICASE,
)
# Words that are never part of a field's name after its first word: a verb or adverb saying how
# the value changed or is meant ("battery dropped by 20%", "amount has never been above 100",
# "amount would be over 10"); a field made of them would drop that sense silently
CHANGE_OR_MODAL_WORDS = word_set(
    """be been being has have had would could should might may must will can shall never ever
    always still currently really already previously now usually often sometimes fails went
    goes grew grows increased increases decreased decreases changed changes jumped jumps
    climbed climbs spiked spikes rose rises moved moves ended became becomes by"""
)
# A first word that makes the rest of the subject a value computed from a field ("twice the
# amount"), or the value of another record ("the previous temperature"): never a field's name
SCALING_WORDS = word_set("twice thrice double triple quadruple half")
NEIGHBOUR_WORDS = word_set("previous prior preceding next following")
# "status is 5xx": a class of HTTP codes (500 to 599), never the text '5xx' unless quoted
STATUS_CLASS = re.compile(r"[1-5]xx", ICASE)
AGE_VALUES = word_set("old stale outdated older ancient")
# what a log line's level holds: "only the oak logs matter" names no level, so no field is known
LOG_LEVELS = word_set(
    "trace debug info information notice warn warning warnings error errors err critical crit "
    "fatal alert emergency emerg severe"
)
# Values that say when a record arrived, not what it holds ("drop out-of-order events")
# Words that order records or select by position: never part of a kind value
ORDER_WORDS = word_set("after before since until")
# ... and a kind value that is only a position ("first clicks only": the first of what?)
POSITION_WORDS = word_set("first last earliest latest newest oldest")
LATE_VALUES = word_set("out-of-order late late-arriving")
# Values that say where a record came from rather than its kind ("ignore test events")
ORIGIN_VALUES = word_set("test testing internal demo dummy sandbox fake synthetic staging qa bot")


# "...; those three depots should be excluded": a list filter said again in words, with how many
# values it names and what it does with them (checked against the filter in `_lists_restated`)
LIST_RESTATED = re.compile(
    r"\s*(?:[;,.]|--|\u2014|\u2013)?\s*(?:and\s+|i\.e\.\s*,?\s*|so\s+)?(?:those|these|the|all)\s+"
    r"(?:(?P<n>\d+)\s+)?(?P<noun>[a-z_]+)\s+(?:should|must|are\s+to|will|need\s+to|have\s+to)\s+be\s+"
    r"(?:(?P<drop>excluded|dropped|removed|filtered\s+out|skipped|ignored|left\s+out|discarded)"
    r"|(?P<keep>kept|included|retained|let\s+through))\b",
    ICASE,
)


# "Appointments ... that were cancelled (status = 'cancelled')": a verb that says the value of
# the condition in parentheses right after it (checked in `_verb_restated`)
VERB_RESTATED = re.compile(
    r"\b(?:that|which|who)\s+(?:were|are|was|is|have\s+been|has\s+been|had\s+been|got|get|gets)"
    r"\s+(?P<w>[A-Za-z][\w-]*)\s*\(\s*(?:i\.e\.\s*,?\s*)?$",
    ICASE,
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


# "<producers> send pings without a battery reading, those are useless to us, so please": why a
# null test drops records, right before it (see `extract_filter_reasons`)
REASON_SO = re.compile(
    r"(?:(?<=[.!?;:\x00]\s)|^)\s*(?:[A-Za-z][\w'-]*\s+){1,6}?without\s+(?:a|an|any)\s+(?P<w>[a-z]+)"
    r"(?:\s+(?:reading|value|level|field|figure|measurement))?\s*,\s*"
    r"(?:(?:and\s+)?(?:those|these|they|such\s+[a-z]+)\s+are\s+(?:useless|junk|worthless|garbage"
    r"|noise|(?:of\s+)?no\s+use|not\s+useful)(?:\s+(?:to|for)\s+(?:us|anyone))?\s*,\s*)?"
    r"(?:and\s+)?so\s+(?:please\s+)?(?=\x00)",
    ICASE,
)


# "where status is 'missed' or 'blocked' (status in those two)": the condition said again
IN_THOSE_AGAIN = re.compile(
    r"\s*\(\s*(?P<f>[A-Za-z_]\w*)\s+(?:is\s+)?(?:in|one\s+of)\s+(?:those|these|the)\s+"
    r"(?P<n>[2-5]|two|three|four|five)(?:\s+values)?\s*\)",
    ICASE,
)


class FilterRecogniser(SchemaResolver):
    def extract_filter_reasons(self) -> None:
        """ "Older collars sometimes send pings without a battery reading, those are useless to
        us, so please throw away any ping where battery_pct is missing": why the records a null
        test drops are dropped, said right before it; read as its reason (listed), never as a
        condition of its own (the filter after "so" says which records go)."""
        for m in list(REASON_SO.finditer(self.s)):
            word = m.group("w").lower()
            dropped = [
                c for c in self.conds
                if m.end() <= c.pos <= m.end() + 40
                and ((c.op == "null" and c.negate) or (c.op == "not_null" and not c.negate))
                and word in re.split(r"[_\s]+", c.subject.lower())
            ]  # fmt: skip
            if not dropped:
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"read as the reason for the filter on {dropped[0].subject!r}, not as a condition "
                f"of its own: {self.text[m.start() : m.end()].strip(' ,')!r}"
            )

        for c in self.conds:
            again = IN_THOSE_AGAIN.match(self.s, c.end) if c.end else None
            values = c.value if c.op == "in" and isinstance(c.value, list) else []
            if c.conj == "or" and all(i.subject == c.subject and i.op == "eq" for i in c.items):
                values = [i.value for i in c.items]
            said_n = again and (int(n) if (n := again["n"].lower()).isdigit() else WORD_NUMBERS[n])
            if (
                again and again["f"] == c.subject and said_n == len(values)
            ):  # "status is 'missed' or 'blocked' (status in those two)": the same, said again
                self.mask(again.start(), again.end())
            aside = DROPPED_ASIDE.match(self.s, c.end) if c.end else None
            if aside:
                self.mask(aside.start("w"), aside.end())
                self.assumptions.append(
                    f"read {aside.group('w').strip()!r} as what the filter on {c.subject!r} "
                    "drops, not as a condition of its own"
                )
            dropping = c.negate or _DROP_LEAD.search(self.text, max(0, c.pos - 80), c.pos)
            said = UNWANTED_AGAIN.match(self.s, c.end) if dropping and c.end else None
            if said:  # "filter out passes where pass_type is 'staff' (we don't want those)"
                self.mask(said.start("w"), said.end("w"))
                self.assumptions.append(
                    f"read {said.group('w').strip()!r} as saying again why the records where "
                    f"{c.subject!r} matches are dropped, not as a condition of its own"
                )

    def extract_conditions(self) -> None:
        unclear = FILTERED_WHICH_WAY.search(self.s)
        if unclear:
            raise RequestNotUnderstood(
                f"{clause_around(self.text, unclear.start(), unclear.end())!r}: "
                f"'{' '.join(unclear.group(0).split())}' does not say whether those records are "
                'kept or dropped; say "should be kept" or "should be filtered out"'
            )
        must = MUST_NOT_BE_EMPTY.search(self.s)
        if must and must.group("f").lower() not in PRONOUNS | STOP:
            raise RequestNotUnderstood(
                f"{clause_around(self.text, must.start(), must.end())!r}: drop the records "
                'without it, or send them to the dead-letter topic? Say which, e.g. "drop records '
                'where customer_id is empty"'
            )
        self._alert_counts()
        self._kind_and_bound_restated()
        self._duration_glossed()
        self._refuse_unreadable_times()
        self._refuse_misfit_comparative()
        self._refuse_drop_all_but()
        self._refuse_excluded_phrase()
        for m in list(NOUN_FIELD_IN_PARENS.finditer(self.s)):
            if not self._unread_but_a_sink_verb(m):
                continue
            field = m.group("f") or m.group("f2") or m.group("f3")
            if _unit_in_brackets(m):
                continue  # "above 30 (in celsius)": a unit, never a field 'celsius'
            if m.group("f3") and not _plain_field_said(m):
                continue  # "above 30 (approx)": not a field the comparison names
            if m.group("ing") and not _verb_names_field(m.group("ing"), field):
                continue  # "sensors reading over 30 (temp_c)": what the verb says is unclear
            if not _adjective_fits(m.group("op") or "", field):
                continue  # "drop records heavier than 150 (price_eur)": a weight, or the price?
            labelled = "_" in field or re.search(r"\b(?:field|column)\b", m.group("paren"), ICASE)
            # "keep refuels of more than 200 litres (litres)" on topic depot-fuel: the kept noun
            # read as every record, listed (as "keep refunds where total > 30" is)
            kept_noun = bool(
                re.match(r"\s*(?:keep|retain|only)", m.group("lead"), ICASE)
            ) and not self._names_records(m.group("noun").lower())
            # "drop anything heavier than 150 kg (weight_kg)": a pronoun for every record, the
            # field named in brackets by its own name
            every = bool(
                "_" in field
                and re.fullmatch(r"anything|everything", m.group("noun"), ICASE)
                and _adjective_fits(m.group("op") or "", field)
            )
            if not (labelled and _noun_in_field(m.group("noun"), field)) and not (
                self._names_records(m.group("noun").lower()) or kept_noun or every
            ):
                continue  # "drop sensors over 100 (temp_c)": not the stream's records
            if m.group("words") and not set(m.group("words").lower().split()) <= set(
                field.lower().split("_")
            ):
                continue  # "above 120 metres on average (altitude_m)": words the field lacks
            said = (m.group("cur") or m.group("cur2") or "").strip().lower()
            theirs = {CURRENCY_CODE[w] for w in field.lower().split("_") if w in CURRENCY_CODE}
            if said and theirs and CURRENCY_CODE[said] not in theirs:
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: {field} is in "
                    f"{', '.join(sorted(theirs)).upper()}, the number in {said}; the offline "
                    f"parser does not convert currencies: write the number in {min(theirs).upper()}"
                )
            if bool(m.group("op")) == bool(m.group("more")):
                continue  # "tips of 2 quid or more": one comparison word, before or after
            if m.group("op"):
                op = IMPLICIT_OPS[" ".join(m.group("op").lower().split())]
            else:
                up = m.group("more").split()[-1].lower() in ("more", "above", "over", "higher")
                op = "ge" if up else "le"
            end = (
                m.end("more")
                if m.group("more")
                else m.end("cur2") if m.group("cur2") else m.end("n")
            )
            self.conds.append(Cond(m.start(), field, False, op, number(m.group("n")),
                                   negate=bool(m.group("drop")), end=end))  # fmt: skip
            if kept_noun:
                self._noun_read_as_every_record(m.group("noun"))
            self.mask(m.end("lead") if m.group("masked") else m.start(), end, domain=True)
            self.mask(
                m.start("words") if m.group("words") else m.start("paren"), m.end(), domain=True
            )
        for m in list(IMPLICIT_AMOUNT.finditer(self.s)):
            if not self._unread_but_a_sink_verb(m):
                continue
            op = IMPLICIT_OPS[" ".join(m.group("op").lower().split())]
            negate = bool(m.group("drop"))
            self._refuse_kind_of_record(m)
            self.conds.append(Cond(m.start(), "amount", False, op, number(m.group("n")),
                                   negate=negate, end=m.end()))  # fmt: skip
            words = " ".join(self.text[m.start() : m.end()].split())
            self.assumptions.append(f"read {words!r} as a condition on the amount")
            self.mask(m.end("lead") if m.group("masked") else m.start(), m.end(), domain=True)
        for m in list(FIELD_LISTED_VALUES.finditer(self.s)):
            if MASK in m.group(0) or (m.group("keep") and not m.group("only")):
                continue  # "keep order_id ABC": a keep verb without "only" may be a projection
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            values = [unquote(v)[0] for v in items]
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), m.group("f"), False, op, said,
                                   negate=bool(m.group("drop")), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
        for m in list(UNWANTED_LISTED_VALUES.finditer(self.s)):
            if MASK in self.s[m.start("f") : m.end("v")]:
                continue
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            values = [unquote(v)[0] for v in items]
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start("f"), m.group("f").lower(), False, op, said,
                                   negate=True, end=m.end()))  # fmt: skip
            self.mask(m.start("f"), m.end(), domain=True)
        for m in list(KIND_FIELD_VALUES.finditer(self.s)):
            if MASK in m.group(0):
                continue
            values = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), m.group("f"), False, op, said,
                                   negate=bool(m.group("drop")), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
        for m in list(KIND_IDENT_PLAIN_VALUES.finditer(self.s)):
            if MASK in m.group(0):
                continue
            values = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            if any(v.lower() in STOP or v.lower() in NOT_VALUES for v in values):
                continue  # "drop event_type the rest": no value named
            if _PLAIN_LIST_GOES_ON.match(self.s, m.end()):
                continue  # "keep only event_type click and view counts ...": where the list ends?
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), m.group("f"), False, op, said,
                                   negate=bool(m.group("drop")), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
        for m in list(VALUE_NOUN_RESTATED.finditer(self.s)):
            if MASK in m.group(0) or m.group("v1").lower() != m.group("v2").lower():
                continue  # "drop old hosts (host_type canary)": which records?
            self.conds.append(Cond(m.start(), m.group("f"), False, "eq", m.group("v2"),
                                   negate=bool(m.group("drop")), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
        self._kind_field_values(continued=False)
        for m in list(ONLY_FIELD_VALUE.finditer(self.s)):
            text, _quoted = unquote(m.group("v"))
            self.conds.append(Cond(m.start(), m.group("f"), False, "eq", text))
            self.mask(m.start(), m.end(), domain=True)
        self._values_before_field()
        for m in list(FIELD_VALUES_NOUN.finditer(self.s)):
            field = m.group("f")
            if MASK in m.group(0) or not self._names_records(m.group("noun").lower()):
                continue
            if m.group("f2") and m.group("f2") != field:
                continue  # "only region EU orders (field country)": which field?
            if not (m.group("f2") or self.has(field) or field in _KIND_FIELDS):
                continue
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            values = [unquote(v)[0] for v in items]
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), field, False, op, said, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)
        for m in list(NOUN_VALUES_FIELD.finditer(self.s)):
            field, noun = m.group("f"), singular((m.group("noun2") or m.group("noun")).lower())
            if not (m.group("label") or m.group("label2")) and noun not in field.lower().split("_"):
                continue  # "only lofts A and B (north wing)": no field named
            if not all(description_word(w) for w in m.group("mods").split()):
                continue  # "only failed payment types card and paypal (field method)": a word that selects
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            values = [unquote(v)[0] for v in items]
            if any(v.lower() in STOP for v in values):
                continue  # "only orders from the shop (field shop_id)": no values listed
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), field, False, op, said, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)
        self._noun_codes_in_scope()
        for m in list(DROP_FIELD_VALUE.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            if m.group("n") and "_" not in m.group("f"):
                continue  # "except level 3": a plain word before a number may be no field
            left_out = number(m.group("n")) if m.group("n") else unquote(m.group("v"))[0]
            self.conds.append(Cond(m.start(), m.group("f"), False, "eq", left_out, negate=True))
            self.mask(m.start(), m.end(), domain=True)
        for m in list(DROP_WITHOUT.finditer(self.s)):
            pre = (m.group("pre1") or m.group("pre2") or m.group("pre3") or "").strip().lower()
            if pre and not self._plain_modifier(pre):
                continue  # "skip late entries without a badge_no": a word that may select
            subject, quoted = unquote(m.group("f") or m.group("f2"))
            self._refuse_miss_noun(m, subject, quoted)
            self._refuse_row_of(m, subject, quoted)
            # "drop rows with an empty plate": "" is empty too
            blank = re.search(r"\b(?:empty|blank)\s", m.group(0), ICASE)
            op = "not_empty" if blank else "not_null"
            self.conds.append(Cond(m.start(), subject, quoted, op, None))
            end = m.end()
            # ("throw away every scan that has no seat_number (null)": the null said again)
            end = self._absent_said_again(end)
            self.mask(m.start(), end, domain=True)
            self._presence_continued(m.start(), end, dropped=m.group("f") is not None)
        for m in list(KEEP_PRESENT.finditer(self.s)):
            if MASK in m.group(0) or not self._names_records(m.group("noun").lower()):
                continue
            subject, quoted = unquote(m.group("f") or m.group("f2"))
            self._refuse_miss_noun(m, subject, quoted)
            self._refuse_row_of(m, subject, quoted)
            blank = re.search(r"\bnon-?\s?empty\s", m.group(0), ICASE)  # "" is empty too
            op = "not_empty" if blank else "not_null"
            self.conds.append(Cond(m.start(), subject, quoted, op, None, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)
        for m in list(LACKING_PASSIVE.finditer(self.s)):
            passive = PASSIVE.match(self.s, m.end())
            if (
                MASK in m.group(0) or not passive or not passive.group("drop")
                or not self._names_records(m.group("noun").lower())
            ):  # fmt: skip
                continue
            subject, quoted = unquote(m.group("f"))
            self._refuse_miss_noun(m, subject, quoted)
            self.conds.append(Cond(m.start(), subject, quoted, "not_null", None, end=passive.end()))
            self.mask(m.start(), passive.end(), domain=True)
        for m in list(DROP_LACKING.finditer(self.s)):
            noun = m.group("noun").lower()
            if MASK in m.group(0):
                continue
            if not self._names_records(noun):
                if not self._kept_by_condition(noun):
                    continue
                self._noun_read_as_every_record(noun)  # (as the keep clause reads it)
            subject, quoted = unquote(m.group("f"))
            self._refuse_miss_noun(m, subject, quoted)
            end = self._absent_said_again(m.end())
            self.conds.append(Cond(m.start(), subject, quoted, "not_null", None, end=end))
            self.mask(m.start(), end, domain=True)
            self._presence_continued(m.start(), end, dropped=True)
        for m in list(KEEP_WITH_SET.finditer(self.s)):
            if MASK in m.group(0) or not self._names_records(m.group("noun").lower()):
                continue
            subject, quoted = unquote(m.group("f"))
            self._refuse_miss_noun(m, subject, quoted)
            self.conds.append(Cond(m.start(), subject, quoted, "not_null", None, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)
        for m in list(KEEP_HAVING.finditer(self.s)):
            if MASK in m.group(0) or not self._names_records(m.group("noun").lower()):
                continue
            named = self.topic_words()
            if m.group("pre") and m.group("pre").lower() not in named:
                continue  # "keep late check-ins that have ...": a word that may select
            subject, quoted = unquote(m.group("f"))
            self._refuse_miss_noun(m, subject, quoted)
            self._refuse_row_of(m, subject, quoted)
            end = m.end()
            again = NULL_AGAIN["not_null"].match(self.s, end)
            if again:  # "... that have an operator_badge (not null)"
                end = again.end()
            self.conds.append(Cond(m.start(), subject, quoted, "not_null", None, end=end))
            self.mask(m.start(), end, domain=True)
            self._presence_continued(m.start(), end, dropped=False)
        for m in list(KEEP_WITHOUT.finditer(self.s)):
            if MASK in m.group(0) or not self._names_records(m.group("noun").lower()):
                continue
            subject, quoted = unquote(m.group("f"))
            self._refuse_miss_noun(m, subject, quoted)
            self._refuse_row_of(m, subject, quoted)
            self.conds.append(Cond(m.start(), subject, quoted, "null", None, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)
            self._presence_continued(m.start(), m.end(), dropped=False)
        for m in list(FLAG_LEAD.finditer(self.s)):
            if MASK not in self.s[m.start() : m.end()] and FLAG_SENT.match(self.text, m.end()):
                self._conditions_at(m.start(), m.end(), negate=False, weak=False)
        # (a gloss before "i.e. anything where ..." is read before the "where" alone)
        for lead, negate, weak in ((DROP_LEAD, True, False), (UNLESS_LEAD, True, False),
                                   (GLOSS_DROP_LEAD, True, False),
                                   (KEEP_LEAD, False, False), (PAREN_DROP_LEAD, True, False),
                                   (PAREN_KEEP_LEAD, False, False),
                                   (GLOSS_KEEP_LEAD, False, False),
                                   (WEAK_LEAD, False, True)):  # fmt: skip
            for m in list(lead.finditer(self.s)):
                if MASK in self._lead_words(m):
                    continue
                if lead in (PAREN_DROP_LEAD, PAREN_KEEP_LEAD):
                    self._conditions_in_parens(m, negate)
                    continue
                if lead in (GLOSS_KEEP_LEAD, GLOSS_DROP_LEAD):
                    self._conditions_glossed(m, negate)
                    continue
                if lead is UNLESS_LEAD or m.group(0).lower().startswith("except"):
                    if self._drop_all_unless(m):  # "drop alerts unless A": keep A
                        self._conditions_at(m.start(), m.end(), negate=False, weak=False)
                        continue
                    self._refuse_exception_to_drop(m)
                inner = re.search(
                    r"\b(?:except|unless|but\s+not)\s+(?:if|when|where)\s+$", m.group(0), ICASE
                )
                if (
                    lead is DROP_LEAD
                    and inner
                    and self._only_records(
                        re.sub(rf"^{DROP_VERB}", "", m.group(0)[: inner.start()], flags=ICASE)
                    )
                ):  # "skip bookings except when A": keep A
                    self._conditions_at(m.start(), m.end(), negate=False, weak=False)
                    continue
                if lead is DROP_LEAD and inner and inner.start() > 0:  # "skip x except when"
                    raise RequestNotUnderstood(
                        f"cannot read {clause_around(self.text, m.start(), m.end())!r}: an "
                        f"exception ({inner.group(0).strip()!r} ...) to what a drop leaves out "
                        'is not read; say which records to keep, e.g. "keep orders where '
                        "amount >= 5 or status = 'vip'\""
                    )
                if lead is DROP_LEAD:
                    self._refuse_dropped_kind(m)
                before = len(self.conds)
                self._conditions_at(m.start(), m.end(), negate=negate, weak=weak)
                if lead is KEEP_LEAD and len(self.conds) > before:
                    self._kept_noun_is_every_record(m)
                    if before:
                        self._refuse_also_keep(m)
                if lead is WEAK_LEAD and len(self.conds) > before:
                    self._refuse_trailing_if(m, self.conds[:before])
                    self._refuse_implication(m, self.conds[-1])
                # "except when" is a DROP_LEAD too: the same exception as "unless"
                if (lead is UNLESS_LEAD or UNLESS_LEAD.match(m.group(0))) and len(
                    self.conds
                ) > before:
                    self._unless_after_keep(m, self.conds[before:])
        for m in list(FILTER_NAMED_LEAD.finditer(self.s)):
            self._conditions_at(m.start(), m.end(), negate=False, weak=False)
        for m in list(AGG_LEAD.finditer(self.s)):  # "only keep counts above 10"
            if MASK not in self.s[m.start() : m.end()]:
                self._conditions_at(m.start(), m.end(), negate=False, weak=False)
        self._kind_field_values(continued=True)  # (after the conditions it continues)
        self._groups_over()
        self._bare_conditions()
        self._judged_bound_restated()
        self.mask_kept_records()
        self._mask_others_dropped()
        for m in list(N_OR_MORE.finditer(self.s)):
            noun = m.group("noun").lower()
            who = m.group("who").lower()
            if MASK in m.group(0) or not (self._names_records(noun) and self._names_records(who)):
                continue  # "with 3 or more items": a field of each record, not a count
            op = "ge" if m.group("cmp").lower() == "more" else "le"
            # "flag roads with 10 or more reports", "drop roads with ...": the verb before
            verb = N_OR_MORE_LEAD.search(self.s, 0, m.start())
            start = m.start()
            if verb:
                start = verb.start()
                op = NEGATE[op] if verb.group("drop") else op
            counted = "number of events"  # the window's count of the stream's records
            self.conds.append(Cond(start, counted, False, op, number(m.group("n")), end=m.end()))
            self.mask(start, m.end())
        for m in list(MORE_THAN.finditer(self.s)):
            if m.group("read") is not None and not any(
                start == m.end() and reader == "sources" for start, _end, reader in self.spans
            ):
                continue
            noun = m.group("noun")
            if (
                noun
                and not re.fullmatch(COUNT_NOUNS, noun, ICASE)
                and not self._names_records(noun.lower())
            ):
                continue  # "customers with more than 5 pledges" read only on topic pawn-pledges
            if noun:
                self._refuse_groups_counted(m, noun)
            if m.group("per") and not self._window_is(m.group("unit").lower(), m):
                continue  # "more than 5 pledges in a day" in an hourly window: left unread
            op = {
                "more": "gt",
                "over": "gt",
                "above": "gt",
                "fewer": "lt",
                "less": "lt",
                "under": "lt",
                "below": "lt",
            }.get(m.group("cmp").split()[-1].lower(), "gt")
            if m.group("cmp").lower().startswith("at least"):
                op = "ge"
            elif m.group("cmp").lower().startswith("at most"):
                op = "le"
            self._refuse_record_threshold(m)
            self._refuse_count_on_records(m)
            self._refuse_rate_limit(m)
            self._refuse_other_subject(m)
            start = m.start()
            if self._dropped_by_lead(m.start("cmp")):
                op = NEGATE[op]  # "drop pages with at most 10 clicks": keep the others
                verb = DROP_LEAD_BEFORE.search(self.s, max(0, start - 40), start)
                if verb:  # "leave out hotels with ...": the verb read with its threshold
                    start = verb.start()
            elif verb := KEEP_LEAD_BEFORE.search(self.s, max(0, start - 40), start):
                start = verb.start()  # "report only users with more than 5 attempts"
            counted = f"count {m.group('noun') or 'records'}"
            if noun and not re.fullmatch(COUNT_NOUNS, noun, ICASE):
                counted = "count records"  # "pledges" on pawn-pledges: the stream's records
            if m.group("uniq"):
                counted = f"unique {m.group('unoun')}"
            self.conds.append(Cond(start, counted, False, op, number(m.group("n")), end=m.end()))
            self.mask(start, m.end())
        self._own_topic_words_masked()
        for pattern, negate in ((ONLY_VALUE, False), (VALUE_ONLY, False), (DROP_VALUE, True),
                                (KEEP_VALUE, False), (FILTER_TO, False),
                                (COUNT_VALUE, False)):  # fmt: skip
            for m in list(pattern.finditer(self.s)):
                if not self._value_noun_known(m):
                    continue
                if pattern is COUNT_VALUE and m.group("v").lower() not in STATUS_VALUES:
                    continue  # "count login attempts": a noun, not a value
                if (
                    pattern is FILTER_TO
                    and not unquote(m.group("v"))[1]
                    and RECORDS_DESCRIBED.match(self.text, m.end())
                ):
                    # "filter to payslips where ...": the records the condition keeps, as
                    # "keep payslips where ..." says them (no value of a kind field)
                    self.mask(m.start(), m.end())
                    continue
                if (
                    pattern is KEEP_VALUE
                    and not unquote(m.group("v"))[1]
                    and m.group("v").lower() not in STATUS_VALUES
                ):
                    continue  # "keep elevator events": a description, or a kind no field holds
                parts = [
                    unquote(v) for v in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+",
                                                  m.group("v"))
                ]  # fmt: skip
                if any(not q and any(w.lower() in NOT_VALUES or w.lower() in STOP
                                     for w in v.split())
                       for v, q in parts):  # fmt: skip
                    continue  # "only keep the orders": no value ("keep_the") is named
                if any(not q and re.match(r"(?:non|not)[-\s]", v, ICASE) for v, q in parts):
                    raise RequestNotUnderstood(  # "only non-cancelled orders"
                        f"cannot read {' '.join(m.group(0).split())!r}: a value said as "
                        "'non-...' names no field; write the condition, e.g. \"keep orders "
                        "where status != 'cancelled'\""
                    )
                parts = [self._without_topic_words(v, q) for v, q in parts]
                start = m.start("v") if pattern is COUNT_VALUE else m.start()
                if self._names_own_topic(parts):
                    # "keep only the belt events whose ..." on topic belt-events: the words name
                    # the stream's own records, they are no value a field holds
                    self.mask(start, m.end(), domain=True)
                    continue
                values = [_snake(v) if not q and " " in v else v for v, q in parts]
                if pattern is FILTER_TO and not parts[0][1]:
                    values = [singular(values[0].lower())]  # "filter to purchases"
                value: Any = values[0] if len(values) == 1 else values
                quoted = all(q for _, q in parts)
                op = "eq" if len(values) == 1 else "in"
                # "count failed logins": the count itself is left for the aggregates
                start = m.start("v") if pattern is COUNT_VALUE else m.start()
                self.conds.append(Cond(start, "", False, op, value, negate=negate))
                self.conds[-1].subject = "\x01discriminator"
                self.conds[-1].weak = bool(not quoted and domain_of(values[0]))
                self.mask(start, m.end(), domain=True)
        self._status_said()
        self._n_or_more_of_value()
        self._lists_restated()
        self._verb_restated()
        self._parens_restated()
        self._null_restated()
        self._value_words_restated()
        self._dropped_words_restated()
        self._more_dropped_without()
        self._field_named_after()
        self._range_named()
        self._dropped_named()
        self._kept_matter()
        self._filler_status_left()
        self._refuse_unnamed_selection()

    def _refuse_unnamed_selection(self) -> None:
        """ "keep only logins flagged as suspicious", "keep fault codes P0300 and P0420": records
        picked by a label or by codes, with no field named for either; refused with what to
        write (read whole, they would be a word nothing understood)."""
        for m in UNNAMED_SELECTION.finditer(self.s):
            if MASK in m.group(0):
                continue
            said = " ".join(self.text[m.start() : m.end()].split())
            gloss = LABEL_GLOSS.match(self.s, m.end()) if m.group("label") else None
            label = (m.group("label") or "").lower()
            if gloss and (
                (gloss.group("f") and label in gloss.group("f").lower().split("_"))
                or (gloss.group("f2") and gloss.group("v2").lower() == label)
            ):
                # "ignore claims flagged as test (is_test is true)": the parentheses name the
                # field that says so, with the label in its name or as its value
                drop = re.match(rf"(?:{DROP_VERB})", m.group(0), ICASE) is not None
                field_name, value = (
                    (gloss.group("f"), True)
                    if gloss.group("f")
                    else (gloss.group("f2"), gloss.group("v2"))
                )
                self.conds.append(
                    Cond(m.start(), field_name, False, "eq", value, negate=drop, end=gloss.end())
                )
                self.mask(m.start(), gloss.end())
                continue
            om = re.compile(r"\s*\(\s*").match(self.s, m.end())
            read = next((c for c in self.conds if om and c.pos == om.end() and c.end), None)
            close = re.compile(r"\s*\)").match(self.s, read.end) if read else None
            if (
                read
                and close
                and read.op == "eq"
                and (
                    str(read.value).lower() == label
                    or (read.value is True and label in read.subject.lower().split("_"))
                )
            ):
                # "keep only claims marked as urgent (priority = 'urgent')": read already, the
                # verb before the label says whether it is kept or dropped
                read.negate = re.match(rf"(?:{DROP_VERB})", m.group(0), ICASE) is not None
                read.pos = m.start()
                self.mask(m.start(), close.end())
                continue
            if m.group("label"):
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: which field says a record is {label}? Name it, "
                    'e.g. "keep records where is_suspicious = true" or "keep records where '
                    "flag = 'suspicious'\""
                )
            raise RequestNotUnderstood(
                f'cannot read {said!r}: which field holds the codes? Name it, e.g. "keep '
                'records where fault_code in (P0300, P0420)"'
            )

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

    def _range_named(self) -> None:
        """ "rms_mm_s between 4.5 and 11 (the warning zone)": the parenthesis right after a
        range the filter read only names that range; it selects nothing more."""
        bounds = {c.subject for c in self.conds if c.op in ("ge", "gt", "le", "lt", "between")}
        for m in list(RANGE_NAMED.finditer(self.s)):
            if bounds and self.s[: m.start()].rstrip().endswith(MASK):
                self.mask(m.start(), m.end(), domain=True)

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

    def _mask_others_dropped(self) -> None:
        """ "keep readings where x > 5, drop the rest", "rest dropped", "everything else is
        discarded": after a keep filter, what a filter does anyway."""
        if not any(not c.negate for c in self.conds):
            return
        for m in list(OTHERS_DROPPED.finditer(self.s)):
            if not m.group(0).strip("\x00 ,;"):
                continue
            self.mask(m.start(), m.end())

    def _kind_and_bound_restated(self) -> None:
        """ "print refunds over 200 from pos-transactions to stdout (txn_type = REFUND and amount
        > 200)": words naming a kind of record and a bound, the same two said as conditions in
        the parentheses that end the sentence. Read once when both agree; refused when not."""
        for m in list(KIND_BOUND_GLOSS.finditer(self.s)):
            if MASK in self.s[m.start("noun") : m.end("n")]:
                continue
            items = re.split(r"\s+and\s+", m.group("inner").strip(), flags=ICASE)
            parts = [_SIMPLE_COND.fullmatch(i.strip()) for i in items]
            if len(parts) != 2 or not all(parts):
                continue
            noun = singular(m.group("noun").lower())
            words_op = IMPLICIT_OPS[" ".join(m.group("op").lower().split())]
            kind = [p for p in parts if p and p["sym"] in ("=", "==")
                    and unquote(p["v"])[0].lower() in (noun, noun + "s")]  # fmt: skip
            bound = [p for p in parts if p and p["sym"] == _SYMBOL.get(words_op)
                     and re.fullmatch(NUM, p["v"]) and number(p["v"]) == number(m.group("n"))]  # fmt: skip
            said = " ".join(self.text[m.start("noun") : m.end()].split())
            if len(kind) != 1 or len(bound) != 1:
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    'conditions; say the conditions once, e.g. "keep records where txn_type = '
                    "'REFUND' and amount > 200\""
                )
            k, b = kind[0], bound[0]
            value = unquote(k["v"])[0]
            self.conds.append(Cond(m.start("noun"), k["f"], False, "eq", value, end=m.end("n")))
            self.conds.append(
                Cond(m.start("noun"), b["f"], False, words_op, number(b["v"]), end=m.end("n"))
            )
            self.assumptions.append(
                f"read {' '.join(self.text[m.start('noun') : m.end('n')].split())!r} as the "
                "records the conditions in parentheses select"
            )
            self.mask(m.start("noun"), m.end("n"), domain=True)
            self.mask(m.start("paren"), m.end(), domain=True)

    def _duration_glossed(self) -> None:
        """ "keep delays of more than 5 minutes (delay_s > 300)": the words give a duration, the
        parentheses the condition on a field whose name says its unit. Read once when the two
        agree (the same comparison, the same time in the field's unit); refused when not."""
        for m in list(DURATION_GLOSSED.finditer(self.s)):
            if MASK in m.group(0):
                continue
            said = " ".join(self.text[m.start("noun") : m.end()].split())
            field, sym = m.group("f"), m.group("sym")
            unit = re.search(rf"_(?:{'|'.join(FIELD_TIME_UNITS)})$", field, ICASE)
            words_op = IMPLICIT_OPS.get(" ".join(m.group("op").lower().split()))
            if words_op not in _SYMBOL:
                words_op = None
            value: int | float | None
            if unit is not None and words_op is not None and sym is None:
                # "(duration_s)": the number is the duration in the field's unit
                sym = _SYMBOL[words_op]
                per = FIELD_TIME_UNITS[unit.group(0)[1:].lower()]
                value = number(f"{dur_ms(m.group('d')) / per:g}")
            else:
                value = number(m.group("n")) if m.group("n") else None
            op = {">": "gt", ">=": "ge", "<": "lt", "<=": "le"}.get(sym or "")
            if unit is None or words_op is None or op is None or value is None:
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: in what unit is {field}? Say the condition alone "
                    f'with the number in the field\'s unit, e.g. "keep records where delay_s > 300"'
                )
            per_ms = FIELD_TIME_UNITS[unit.group(0)[1:].lower()]
            if words_op != op or abs(float(value) * per_ms - dur_ms(m.group("d"))) > 1e-6:
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    f"conditions ({' '.join(m.group('op').split())} "
                    f"{' '.join(m.group('d').split())} is {field} {_SYMBOL[words_op]} "
                    f"{dur_ms(m.group('d')) / per_ms:g}); say one"
                )
            self.conds.append(
                Cond(m.start("noun"), field, False, op, value,
                     negate=bool(m.group("drop")), end=m.end())
            )  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)

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

    def _refuse_misfit_comparative(self) -> None:
        """ "keep orders where price_eur heavier than 150": the adjective measures a weight, a
        length or a size, the field something else (a price): a typo for another word or the
        wrong field, never read as a plain 'greater than' (h33/wrong17)."""
        for m in FIELD_COMPARATIVE.finditer(self.s):
            if _measures_other(m["adj"], m["f"]):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: {m['adj']!r} measures "
                    f"something {m['f']!r} does not hold; write the comparison with "
                    '"above", "below", "more than" or "less than"'
                )

    def _refuse_unreadable_times(self) -> None:
        """A duration compared with a field ("calls longer than 2 minutes") or a day of the
        week ("except those on sundays"), left unread by the time recognisers: refused with
        what would work."""
        for m in DURATION_COMPARED.finditer(self.s):
            if MASK in m.group(0):
                continue
            said = clause_around(self.text, m.start(), m.end())
            amount = " ".join(m.group("d").split())
            before = self.s[max(0, m.start() - 40) : m.start()]
            if re.fullmatch(r"[\d.]+\s*-?\s*m", amount) and LENGTH_FIELD.search(before):
                # "distance_km > 500 m": metres, not minutes
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: {amount!r} is a length with a unit; compare the "
                    'field with a number in its own unit, e.g. "keep trips where distance_km '
                    '> 0.5"'
                )
            raise RequestNotUnderstood(
                f"cannot read {said!r}: {amount!r} is a duration; which "
                "field holds it, and in what unit? Compare the field with a number in that unit, "
                'e.g. "keep calls where duration_s > 120"'
            )
        for m in WEEKDAY.finditer(self.s):
            said = clause_around(self.text, m.start(), m.end())
            # "it's for a demo on Friday": no records are selected by it
            if not re.search(
                r"\b(?:keep|only|drop|except|exclud|skip|ignor|remov|filter|without"
                r"|but\s+not|not\s+on|leav\w*\s+out)",
                self.s[max(0, m.start() - 50) : m.start()],
                ICASE,
            ):
                continue
            raise RequestNotUnderstood(
                f"cannot read {said!r}: a filter compares a field's value; the day of the week or "
                "the time of day of a record is not a field the offline parser can compute. If "
                'a field holds it, compare that field, e.g. "drop rides where day_of_week = '
                "'Sunday'\""
            )

    def _status_said(self) -> None:
        """ "only the ones that failed", "no refunded payments", "refunded payments must be
        excluded": status words (only) said around the records' noun, read on the status field
        (`_discriminator_field` refuses when there is none)."""
        own = {singular(re.split(r"[^a-z0-9]+", t.lower())[-1]) for _, t in self.topics}
        for pattern, negate in STATUS_SAID:
            for m in list(pattern.finditer(self.s)):
                if MASK in self.s[m.start("v") if m.group("v") else m.start("v2") : m.end()]:
                    continue
                noun = (m.groupdict().get("noun") or m.groupdict().get("noun2") or "").lower()
                if not (
                    noun in VALUE_NOUNS
                    or noun == "ones"
                    or singular(noun) in own
                    or re.fullmatch(ONLY_NOUNS, noun)
                ):
                    continue
                said = m.group("v") or m.group("v2")
                values = re.split(r"\s*[,/]\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", said.lower())
                if self._said_elsewhere(m, values):
                    continue
                value: Any = values[0] if len(values) == 1 else values
                start = m.start() if MASK not in m.group(0)[:1] else m.start("v")
                cond = Cond(start, "", False, "eq" if len(values) == 1 else "in", value,
                            negate=negate, end=m.end())  # fmt: skip
                cond.subject = "\x01discriminator"
                self.conds.append(cond)
                self.mask(start, m.end(), domain=True)

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

    def _parens_restated(self) -> None:
        """ "drop payments below 10 dollars (amount < 10)": a comparison in parentheses right
        after a condition says that condition again (naming its field); it is read once. One
        that says something else ("over 100 euros (amount > 50)") is refused."""
        for a in list(self.conds):
            if not a.end or a.op == "group" or a not in self.conds:
                continue
            at = a.end
            unit = UNIT_AFTER.match(self.text, at)
            if unit and unit_of(unit.group("deg") or unit.group("u")):
                at = unit.end()  # "deeper than 40 metres (max_depth_m > 40)": checked below
            om = re.compile(r"\s*\(\s*(?:i\.e\.\s*,?\s*)?").match(self.text, at)
            b = next((c for c in self.conds if om and c is not a and c.pos == om.end()), None)
            if b and at != a.end and not self._field_in_unit(b.subject, unit):
                b = None  # "over 40 feet (depth_m > 40)": another unit, left to the unit check
            close = re.compile(r"\s*\)").match(self.text, b.end) if b and b.end else None
            if b is None or close is None or b.op == "group" or b.negate:
                continue
            said = " ".join(self.text[a.pos : close.end()].split())
            words = " ".join(self.text[a.pos : a.end].split())
            implied = f"read {words!r} as a condition on the amount"
            same_field = a.subject == b.subject or implied in self.assumptions
            if at != a.end and self._names_records(a.subject.lower()):
                same_field = True  # "dives deeper than 40 metres (max_depth_m > 40)"
            # "ignore swaps where channel is 'app' or 'web' (i.e. channel not in app, web)": the
            # parentheses may say what is kept instead, the dropped condition negated (with or
            # without "i.e.": the words name the dropped values, so a negation can only be the
            # records kept)
            kept = a.negate and NEGATE.get(a.op) == b.op
            if not (same_field and (a.op == b.op or kept) and _same_value(a.value, b.value)):
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    "conditions; say one"
                )
            if a.subject != b.subject or b.quoted:  # the field the parentheses name
                a.subject, a.quoted = b.subject, b.quoted
            if implied in self.assumptions:
                self.assumptions.remove(implied)
            self.conds.remove(b)
            self.mask(a.end, close.end())

    @staticmethod
    def _field_in_unit(field: str, unit: re.Match[str] | None) -> bool:
        """Whether `field`'s name carries the unit said after a number ("metres", max_depth_m)."""
        said = unit_of(unit.group("deg") or unit.group("u")) if unit else None
        if not said:
            return False
        # ("max_depth_m": a lone "m" suffix is a length's only beside one, see exact_factor)
        own = exact_factor(said, field)
        return any(same_unit(said, u) for u in field_units(field)) or bool(own and own[0] == 1)

    def _judged_bound_restated(self) -> None:
        """ "throw away pings whose accuracy_m is worse than 50 (i.e. keep accuracy_m <= 50)",
        "keep only fixes where snr_db is better than 3 (i.e. snr_db > 3)": the brackets (read
        as a condition already) say which side of the number 'worse'/'better' is. Read only
        when they name the same field and number; the judged side leaves the number itself
        out, so the kept side in brackets must hold it and the restated side must not."""
        for m in list(JUDGED_BOUND.finditer(self.s)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            keep = _KEEP_IN_BRACKETS.match(self.text, m.end())
            field, bound = m.group("f"), number(m.group("n"))
            unit = (m.group("unit") or "").strip().lower()
            if unit and unit != "%" and unit not in field.lower().split("_"):
                continue  # "worse than 50 feet (...)": a unit the field does not say
            if not self._names_records(m.group("noun").lower()):
                continue  # "drop night pings whose ...": 'night' may select records
            b = next(
                (
                    c
                    for c in self.conds
                    if m.end() <= c.pos <= (keep.end() if keep else m.end())
                    and c.subject == field
                    and c.op in ("gt", "ge", "lt", "le")
                    and not c.negate
                    and not c.items
                    and c.end
                    and isinstance(c.value, (int, float))
                ),
                None,
            )
            close = re.compile(r"\s*\)").match(self.text, b.end) if b else None
            if b is None or close is None:
                continue
            said = " ".join(self.text[m.start() : close.end()].split())
            # after a drop verb the judgement names the dropped side; brackets led by "keep"
            # then give the other side, which holds the number ("worse than 50" leaves 50 in);
            # otherwise they say the judged side again, which leaves the number out
            judged_dropped = bool(m.group("drop"))
            other_side = judged_dropped and keep is not None
            if b.value != bound or (b.op in ("gt", "lt")) == other_side:
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    "conditions; say one"
                )
            b.op = NEGATE[b.op] if judged_dropped and not other_side else b.op
            b.pos = m.start()
            self.mask(m.start(), close.end(), domain=True)

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
            close = re.compile(r"\s*\)").match(self.text, c.end)
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
        if m is None or not self._dropped_noun_again(m.group("noun"), m.start()):
            return  # "and late scans whose ...": 'late' may select records
        # (the lead is read on the request as written: the condition's reader masked it)
        lead = re.compile(r"(?:where|whose)\s+", ICASE).match(self.text, m.end())
        after = [c for c in self.conds if lead and m.end() <= c.pos <= lead.end() and c.end]
        if len(after) != 1 or after[0].negate or after[0].weak:
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

    def _field_named_after(self) -> None:
        """ "keep only readings above 8 °C (field temp_c)": a comparison read on the records'
        noun, the field it reads named in brackets after its number (and unit)."""
        for c in self.conds:
            if not c.end or c.quoted or c.op not in ("gt", "ge", "lt", "le"):
                continue
            if not isinstance(c.value, (int, float)):
                continue
            m = FIELD_NAMED_AFTER.match(self.s, c.end)
            implied = (
                f"read {' '.join(self.text[c.pos : c.end].split())!r} as a condition on the amount"
            )
            if m and MASK not in m.group(0) and implied in self.assumptions:
                if m.group("f").lower() == c.subject.lower():  # "payments over 0 (amount)"
                    self.assumptions.remove(implied)
                    self.mask(m.start("paren"), m.end(), domain=True)
                continue
            labelled = bool(
                m
                and (m.group("named") or "_" in m.group("f"))
                and _noun_in_field(c.subject, m.group("f"))
            )
            if not (labelled or self._names_records(c.subject.lower())):
                continue
            if m and MASK not in m.group(0) and self._names_field_after(c, m):
                # "readings between 10 and 20 (field temp_c)": both bounds' subject
                noun = c.subject
                for other in self.conds:
                    if other.subject == noun and c.pos - 60 <= other.pos <= c.pos:
                        other.subject = m.group("f")
                self.mask(m.start("paren"), m.end(), domain=True)

    def _names_field_after(self, c: Cond, m: re.Match[str]) -> bool:
        """Whether the brackets after a comparison name its field: "(field temp_c)", or a bare
        snake_case name, or a word said in the condition ("scores of 90 or more (score)")."""
        name = m.group("f").lower()
        if _unit_in_brackets(m):
            return False
        if m.group("named") or "_" in name:
            return True
        said = re.findall(r"[a-z]+", self.text[c.pos : m.start("paren")].lower())
        return len(name) >= 4 and any(w[:4] == name[:4] for w in said)

    def _value_words_restated(self) -> None:
        """ "and only for the leeds branch (branch = 'leeds')": words that keep the value a
        condition in parentheses names, on a noun its field names, say that condition again.
        Only words that keep: "drop the leeds branch (branch = 'leeds')" stays unread."""
        for c in self.conds:
            if c.op != "eq" or c.negate or not isinstance(c.value, str) or not c.end:
                continue
            m = VALUE_WORDS_BEFORE.search(self.s, max(0, c.pos - 80), c.pos)
            close = re.compile(r"\s*\)").match(self.text, c.end)
            if not m or not close or MASK in m.group(0):
                continue
            field = c.subject.lower()
            noun = singular(m.group("noun").lower())
            if m.group("v").lower() != c.value.lower() or noun not in re.split(r"_", field):
                continue
            self.mask(m.start(), m.end())
            self.mask(c.end, close.end())

    def _refuse_kind_of_record(self, m: re.Match[str]) -> None:
        """ "keep refunds over 200" on topic pos-transactions: the refunds among its records (a
        condition the words do not name) and a bound on their amount; read as the bound alone,
        the refunds would be dropped from the request. Refused unless the topic holds them."""
        noun = m.group("noun").lower()
        # "sales" is also a generic record noun elsewhere, but here a kind the topic may mix
        # ("keep sales over 20" on pos-events): only the topic's own name makes it every record
        if not self.topics or self._names_records(noun, generic=noun not in _RECORD_KINDS):
            return
        mixed = any(
            re.search(rf"\b{MONEY_NOUNS}\b", t.replace("-", " ").replace("_", " "), ICASE)
            for _, t in self.topics
        )
        if not mixed and noun not in _RECORD_KINDS:
            return
        topic = self.topics[0][1]
        words = " ".join(self.text[m.end("lead") : m.end()].split())
        # the example in the request's own terms ("withdrawals above 2000" ->
        # txn_type = 'WITHDRAWAL' and amount > 2000), never another kind of record
        verb = "drop" if m.group("drop") else "keep"
        kind = singular(noun).upper()
        sym = _SYMBOL.get(IMPLICIT_OPS[" ".join(m.group("op").lower().split())], ">")
        bound = m.group("n")
        raise RequestNotUnderstood(
            f"cannot read {words!r}: only the {noun} among the records of topic {topic!r}, "
            f"which no field named here picks out, and a bound on their amount; say the "
            f'condition that selects the {noun} and the bound, e.g. "{verb} records where '
            f'txn_type = {kind!r} and amount {sym} {bound}"'
        )

    def _unread_but_a_sink_verb(self, m: re.Match[str]) -> bool:
        """The words of `m` are unread, or only its lead is a verb a sink took ("forward
        payments above 1000 to ...")."""
        if m.group("masked"):
            verb = self.text[m.start("masked") : m.end("masked")]
            if not re.fullmatch(r"(?:forward|send|publish|emit|route|write|push)\w*", verb):
                return False
        elif MASK in self.s[m.start() : m.end()]:
            return False
        return MASK not in self.s[m.end("lead") : m.end()]

    def _values_before_field(self) -> None:
        """ "only records from the Assam, Darjeeling and Nilgiri gardens" with "the records have a
        garden field" (or "(field garden)") elsewhere: the values of the field the noun names.
        With no field of that name said, the words stay unread (which field holds them?)."""
        for m in list(VALUES_BEFORE_FIELD.finditer(self.s)):
            field = singular(m.group("noun").lower())
            said = (
                r"\b(?:(?:have|has|carry|carries|hold|holds|contain|contains|with)\s+)?"
                rf"(?:an?\s+|the\s+)?(?:{field}\s+(?:field|column)|(?:field|column)\s*:?\s*{field})\b"
            )
            declared = re.search(said, self.s, ICASE)
            if (m.group("f") or field).lower() != field or not declared:
                continue
            values = [
                unquote(v)[0]
                for v in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            ]
            if any(v.lower() in STOP for v in values):
                continue
            self.conds.append(Cond(m.start(), field, False, "in", values, end=m.end()))
            # "the records ... have a garden field": the field the values are of, said
            self.mask(declared.start(), declared.end(), domain=True)
            if m.group("desc"):  # "plucking records": left for the descriptions of the records
                self.mask(m.start(), m.start("desc"), domain=True)
                self.mask(m.end("desc"), m.end(), domain=True)
            else:
                self.mask(m.start(), m.end(), domain=True)

    def _noun_codes_in_scope(self) -> None:
        """ "Only the courses ALG1, ALG2 and GEO1 are in scope" where the request names one
        course_id (or course_code, ...) field: the codes are that field's values. Words that are
        no codes ("only the orders paid and shipped"), or no single such field, stay unread."""
        for m in list(NOUN_CODES.finditer(self.s)):
            # ("only lofts LOFT-7, LOFT-12 (x)": never the list cut short at a comma)
            more = re.match(
                r"\s*,\s*(?:and\s+|or\s+)?[\w'\"-]+\s*(?:[,(]|\band\b|\bor\b)", self.s[m.end() :]
            )
            if MASK in m.group(0) or more:
                continue
            noun = singular(m.group("noun").lower())
            named = {
                f.lower()
                for f in re.findall(
                    rf"(?<![\w-]){noun}_(?:id|code|key|name|no)(?![\w-])", self.text, ICASE
                )
            }
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            values = [unquote(v)[0] for v in items]
            if len(named) != 1 or not all(CODE_VALUE.fullmatch(v) for v in values):
                continue
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), named.pop(), False, op, said, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)

    def _filler_status_left(self) -> None:
        """ "keep only live stores" on topic orders, "just the closed stores": a status word that
        is also filler ("live data") selecting a noun other than the records' own is left
        unread, and accounting would drop it with the rest of the filler; which field holds it
        is asked instead."""
        for m in FILLER_STATUS_LEFT.finditer(self.s):
            value = m.group("v").lower()
            rest = self.text[: m.start("v")] + " " + self.text[m.end("v") :]
            if re.search(rf"(?<![\w-]){value}(?![\w-])", rest, ICASE):
                continue  # "keep only live stores (status = 'live')": read where said again
            raise RequestNotUnderstood(
                f"cannot read {' '.join(self.text[m.start() : m.end()].split())!r}: which field "
                f"holds {value!r}? Name it, e.g. \"keep orders where status = 'paid'\""
            )

    def _value_noun_known(self, m: re.Match[str]) -> bool:
        """ "drop cancelled bookings": the noun after the value names records (a known noun of
        records or the source topic's own: "refunded txns" on topic card-txns)."""
        noun = (m.groupdict().get("noun") or "").lower()
        values = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v").lower())
        if not noun or noun in VALUE_NOUNS:
            # "skip the bot events (source is not bot)": the parenthesis says the condition
            # with its field (read there, see `_dropped_words_restated`)
            paren = re.match(r"\s*\(([^()]*)\)", self.text[m.end() :])
            return not (
                paren
                # ("skip the test events (is_test = true)": the flag's name says it)
                and all(re.search(rf"(?<![^\W_]|-){re.escape(v)}(?![^\W_]|-)", paren.group(1),
                                  ICASE) for v in values)
            )  # fmt: skip
        own = {singular(re.split(r"[^a-z0-9]+", t.lower())[-1]) for _, t in self.topics}
        if singular(noun) not in own or not all(v in STATUS_VALUES for v in values):
            return False
        return not self._said_elsewhere(m, values)

    def _said_elsewhere(self, m: re.Match[str], values: list[str]) -> bool:
        """ "only failed logins (status = 'failed')", "... whose status is one of refunded,
        disputed": a condition elsewhere says the value with its field (read there)."""
        rest = self.text[: m.start()] + " " + self.text[m.end() :]
        return bool(re.match(r"\s*\(", self.text[m.end() :])) or any(
            re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", rest, ICASE) for v in values
        )

    def _verb_restated(self) -> None:
        """ "that were cancelled (status = 'cancelled')": the verb says the condition's value
        again; any other verb ("that were paid (status = 'cancelled')") stays unread."""
        for c in self.conds:
            if c.op != "eq" or c.negate or not isinstance(c.value, str):
                continue
            m = VERB_RESTATED.search(self.s, max(0, c.pos - 60), c.pos)
            if m and MASK not in m.group(0) and m.group("w").lower() == c.value.lower():
                self.mask(m.start(), m.end())

    def _lists_restated(self) -> None:
        """ "depot_code is not one of LHR1, MAN2 or EDI3 ...; those three depots should be
        excluded": read when the words name the filter's field and as many values, and say what
        the filter does with them (excluded after `not in`, kept after `in`); else left unread."""
        for m in list(LIST_RESTATED.finditer(self.s)):
            if MASK in m.group(0):
                continue
            noun = singular(m.group("noun").lower())
            for c in self.conds:
                if (
                    c.op not in ("in", "not_in")
                    or not isinstance(c.value, list)
                    or c.end > m.start()
                ):
                    continue
                if m.group("n") and int(m.group("n")) != len(c.value):
                    continue
                field = c.subject.lower()
                if noun not in ("value", "one", "code", field) and not (
                    len(noun) >= 4 and field.startswith(noun)
                ):
                    continue
                excluded = (c.op == "not_in") != c.negate
                if excluded == bool(m.group("drop")):
                    self.mask(m.start(), m.end())
                    break

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

    def _refuse_hidden_or(self, found: list[Cond], conjs: list[str]) -> None:
        """ "weight_kg > 2 and zone = 'A' or zone = 'B'": one field's two values joined by 'or'
        beside an 'and' read either as a list (weight_kg > 2 and zone in A, B) or by precedence
        ((weight_kg > 2 and zone = 'A') or zone = 'B'): refused with both readings."""
        if "and" not in conjs or "or" not in conjs:
            return
        for i, conj in enumerate(conjs):
            a, b = found[i], found[i + 1]
            if conj != "or" or a.op != "eq" or b.op != "eq" or a.subject != b.subject:
                continue
            if not (a.end and b.end and found[-1].end):
                continue
            pair = " ".join(self.text[a.pos : b.end].split())
            before = " ".join(self.text[found[0].pos : a.pos].split())
            after = " ".join(self.text[b.end : found[-1].end].split())
            listed = f"{before} ({pair}) {after}".strip()
            precedence = " ".join(self._group_text_of(found, conjs).split())
            words = " ".join(self.text[found[0].pos : found[-1].end].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: 'and' and 'or' without parentheses can group two ways: "
                f'"{listed}" or "{precedence}"; write the one you mean with parentheses'
            )

    def _group_text_of(self, found: list[Cond], conjs: list[str]) -> str:
        """ "A and B or C" grouped as 'and' before 'or': "(A and B) or C"."""
        terms: list[list[str]] = [[self.text[found[0].pos : found[0].end]]]
        for conj, cond in zip(conjs, found[1:], strict=True):
            said = self.text[cond.pos : cond.end]
            if conj == "and":
                terms[-1].append(said)
            else:
                terms.append([said])
        return " or ".join(t[0] if len(t) == 1 else "(" + " and ".join(t) + ")" for t in terms)

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

    def _currency_of(self, subject: str, said: str, m: re.Match[str]) -> None:
        """A number said in a currency, compared with a field: a field named in another currency
        or in cents is refused (no conversion); any other is read as holding that currency, and
        the assumption says so ("amount over 100 EUR": records in USD are not converted)."""
        code = CURRENCY_CODE[said.strip().lower()]
        # "amount over 100 euros but under 500 euros": the second number's field is said before
        # it (read later), not named again
        if not subject:
            # "amount_usd over 100 dollars but under 500 euros": the field's other currency is
            # said before, in the sentence
            start = max(self.text.rfind(p, 0, m.start()) for p in (";", "\n", ". ")) + 1
            before = self.text[start : m.start()].lower()
            said_before = re.findall(r"[$€£]|[a-z]+", before)
            other = {CURRENCY_CODE[w] for w in said_before if w in CURRENCY_CODE} - {code}
            if other:
                words = " ".join(self.text[start : self._cond_end].split())
                raise RequestNotUnderstood(
                    f"contradictory units in {words!r}: one field compared in "
                    f"{', '.join(sorted(other)).upper()} and in {code.upper()}; the offline "
                    "parser does not convert currencies: write both numbers in one currency"
                )
        subject = subject or "the same field"
        parts = set(re.split(r"[_\s]+", subject.lower()))
        if code == "gbp" and said.strip().lower().startswith("pound"):
            mass = {p for p in parts if UNIT_FAMILY.get(p) == "mass" and len(p) > 1}
            if mass or parts & WEIGHT_WORDS:
                # "weight_kg over 30 pounds": pounds of weight, not money; read as GBP the
                # number would be compared with the field as it is
                if mass & {"lb", "lbs"}:
                    return  # "weight_lb over 30 pounds": the field's own unit
                words = " ".join(self.text[m.start() : self._cond_end].split())
                unit = f"the number in {min(mass)}" if mass else "'lb' (compared as given)"
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: these pounds weigh {subject} (lb), they are not "
                    f"money (GBP), and the offline parser does not convert units: write {unit}"
                )
        theirs = {CURRENCY_CODE[w] for w in parts if w in CURRENCY_CODE}
        words = " ".join(self.text[m.start() : self._cond_end].split())
        if theirs and code not in theirs:
            raise RequestNotUnderstood(
                f"cannot read {words!r}: {subject} is in {', '.join(sorted(theirs)).upper()}, "
                f"the number in {code.upper()}; the offline parser does not convert currencies: "
                f"write the number in {min(theirs).upper()}"
            )
        minor = parts & {"cent", "cents", "pence", "penny", "pennies", "minor"}
        if minor:
            raise RequestNotUnderstood(
                f"cannot read {words!r}: {subject} holds {min(minor)}, the number is in "
                f"{code.upper()}; the offline parser does not convert units: write the number "
                f"in {min(minor)}"
            )
        if not theirs:
            self.assumptions.append(
                f"read {words!r} as {subject} in {code.upper()}: no currency is converted, and "
                "records in another currency are compared as they are (add a condition on the "
                "currency field to keep only those in " + code.upper() + ")"
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

    def _without_topic_words(self, value: str, quoted: bool) -> tuple[str, bool]:
        """ "read topic card-payments, keep only the declined card payments": "card" before the
        noun repeats the topic's name, so the value is "declined", not "declined_card"."""
        words = value.split()
        if quoted or len(words) < 2:
            return value, quoted
        topic_words = self.topic_words()
        while len(words) > 1 and words[-1].lower() in topic_words:
            words.pop()
        return " ".join(words), quoted

    def _own_topic_words_masked(self) -> None:
        """ "keep the hive events where ...", "only ferry tickets with ..." on topic hive-events /
        ferry-tickets: the words before the records' noun repeat the topic's name; they
        describe the records and select none."""
        topic_words = self.topic_words()
        for m in list(OWN_TOPIC_RECORDS.finditer(self.s)):
            noun = m.group("noun").lower()
            if not (noun in VALUE_NOUNS or singular(noun) in {singular(w) for w in topic_words}
                    or re.fullmatch(FILLER_NOUNS, noun)):  # fmt: skip
                continue
            if not re.match(r"\s+(?:where|whose|with|that|which|if)\b", self.text[m.end() :]):
                continue  # "keep the hive events": no condition follows
            if self._names_own_topic([(m.group("v"), False)]):
                # a keep lead is taken whole (the condition after it keeps); a drop lead is
                # left to the condition, which reads it as a drop
                dropping = not re.match(r"(?:keep|retain|only|just|filter)", m.group(0), ICASE)
                self.mask(m.start("v") if dropping else m.start(), m.end(), domain=True)

    def _names_own_topic(self, parts: list[tuple[str, bool]]) -> bool:
        """ "belt" in "only the belt events" on topic belt-events: every unquoted word of the
        value is a word of the source topic's name (a status word stays a value: "only failed
        payments" on topic failed-payments still tests status)."""
        topic_words = self.topic_words()
        return bool(parts) and all(
            not q
            and v.strip()
            and all(w.lower() in topic_words and w.lower() not in STATUS_VALUES for w in v.split())
            for v, q in parts
        )

    def _lead_words(self, m: Any) -> str:
        """A condition's lead as still unread, less the source read between a drop verb and
        its condition ("Drop runs from tunnel.run_log whose ...")."""
        src = m.groupdict().get("src")
        if src and any(
            a <= m.start("src") and m.end("src") <= b and reader == "sources"
            for a, b, reader in self.spans
        ):
            return self.s[m.start() : m.start("src")] + self.s[m.end("src") : m.end()]
        return self.s[m.start() : m.end()]

    def _kind_field_values(self, continued: bool) -> None:
        """ "only severity major or critical", "drop status cancelled": a field naming a kind,
        then its values as plain words; `continued`: "... and the event_type heartbeat ones"
        right after another condition, which says whether they are dropped or kept."""
        for m in list(KIND_FIELD_PLAIN_VALUES.finditer(self.s)):
            if MASK in m.group(0) or bool(m.group("cont")) != continued:
                continue
            values = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            if any(v in STOP or v in NOT_VALUES or self.has(v) or re.fullmatch(VERBS_AFTER_AND, v)
                   for v in values):  # fmt: skip
                continue  # "drop status and notes": a field or a verb, never a value
            if any(re.fullmatch(r"[a-z]+[^su\W]s", v) for v in values):
                continue  # "keep only status changes": a plural names records, never a value
            if _FIELD_AFTER_AND.search(m.group("v")):
                continue  # "drop status cancelled and customer_email": a field to drop too?
            drop = bool(m.group("drop"))
            if (
                continued
            ):  # "drop ... and the x_type y ones": the condition before opens with a drop
                # (its words read already, right up to the "and")
                last = max((c for c in self.conds if c.pos < m.start()), key=lambda c: c.pos,
                           default=None)  # fmt: skip
                if last is None or self.s[last.pos : m.start()].strip(MASK + " ,"):
                    continue
                # ("keep a and the b ones" keeps either: never two conditions both must pass)
                if not CONTINUED_DROP.match(self.text, last.pos):
                    continue
                drop = True
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), m.group("f"), False, op, said,
                                   negate=drop, end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)

    def _bare_conditions(self) -> None:
        found = [*BARE_COND.finditer(self.s), *BARE_MEMBER.finditer(self.s)]
        for m in sorted(found, key=lambda m: m.start()):
            if MASK in self.s[m.start() : m.end()]:
                continue
            at = m.start()
            opened = re.search(r"\(\s*$", self.s[max(0, at - 8) : at])
            if m.group("is") and not (
                any(w.search(self.text, max(0, at - 80), at) for w in _WORDS_BEFORE_IS)
            ):
                continue  # "(format is json)": only after words that drop or keep a value
            close = self.s.find(")", at)
            if (
                opened
                and close > 0
                and "(" not in self.s[at:close]
                and COND_CONT.match(self.s, close + 1)
                and BARE_LEAD.search(self.text, max(0, at - 68), at - len(opened.group(0)))
            ):  # "keep (A and B) or C": the group is read whole, with what follows it (read
                # from its first comparison, the ')' ended it and C was read on its own: kept
                # as A and B and C); a group alone restates ("(total_eur > 1000)")
                at -= len(opened.group(0))
            # the lead is read on the request as written: an earlier recogniser may have taken
            # part of it ("ignore bot traffic where is_bot = true" must still drop)
            lead = BARE_LEAD.search(self.text, max(0, at - 60), at)
            if lead is None:  # "filter: not status = 'test'": the lead before the 'not'
                nm = re.search(r"\bnot\s+$", self.text[max(0, at - 8) : at], ICASE)
                if nm:
                    lead = BARE_LEAD.search(self.text, max(0, at - 68), at - len(nm.group(0)))
                    if lead:
                        self._conditions_at(lead.start(), at - len(nm.group(0)),
                                            negate=bool(lead.group("drop") or lead.group("drop2")),
                                            weak=False)  # fmt: skip
                        continue
            start = lead.start() if lead else at
            negate = bool(lead and (lead.group("drop") or lead.group("drop2")))
            # "drop where A, B" / "where A, B, or C": a condition after a comma, with no verb of
            # its own, continues the list before it; read alone it would be kept
            prev = (
                None
                if lead
                else next(
                    (
                        c
                        for c in self.conds
                        if c.end and re.fullmatch(r"\s*,\s*", self.s[c.end : start])
                    ),
                    None,
                )
            )
            before = len(self.conds)
            self._conditions_at(start, at, negate=negate, weak=False)
            added = self.conds[before:]
            if (
                prev is not None
                and added
                and (prev.negate or any(c.op == "group" and c.conj == "or" for c in added))
            ):
                words = " ".join(self.text[prev.pos : added[-1].end or m.end()].split())
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: conditions listed with commas need 'and' or 'or' "
                    'between each (e.g. "drop readings where temp > 30 and humidity > 80")'
                )

    def _read_if_gloss_agrees(
        self, m: re.Match[str], negate: bool, *, named: bool = False, kept_may_follow: bool = True
    ) -> bool:
        """Read the conditions after a gloss ("the big trades", "the cancellations") when its
        words agree with them: each names the records, is a plain size or quality word, or
        names a value the conditions select ("cancellations" for change_type = cancel). Words
        that name another value ("failed logins (status = 'locked')") or the value the
        conditions leave out ("the house ads (ad_type is not house)") leave it unread. `named`:
        one word must name a selected value (after a drop verb, where the parentheses may say
        what is kept instead: "drop the cancelled ones (status = cancelled)")."""
        saved = (self.s, len(self.spans), len(self.domain_excluded), len(self.assumptions),
                 len(self.mixed_groups), len(self.conds))  # fmt: skip
        self._conditions_at(m.start(), m.end(), negate=negate, weak=False)
        found = self.conds[saved[5] :]
        if not found:
            return False
        gloss = _GLOSS_TAIL.sub("", self.text[m.start() : m.end()])
        gloss = re.sub(r"^for\s+(?=the\b)", "", gloss, flags=ICASE)  # "For the big ones only ("
        verb = _DROP_VERB_FIRST.match(gloss) if named else None
        # (the words after the drop verb, "throw away" or "filter out" whole)
        words = re.findall(r"[a-z]+", gloss[verb.end() if verb else 0 :].lower())
        if not verb:
            words = re.findall(r"[a-z]+", gloss.lower())[1:]
        if (
            named
            and kept_may_follow
            and all(c.op == "ne" and c.negate and not c.items for c in found)
            and all(str(c.value).lower() in words for c in found)
        ):
            # "drop the wholesale ones (channel != 'wholesale')": the parentheses say what is
            # kept; the words before name the records dropped (channel = wholesale)
            for c in found:
                c.op = "eq"
            self.assumptions.append(
                f"read {' '.join(self.text[m.start() : m.end()].rstrip(' (').split())!r} as the "
                "records dropped: the parentheses say which are kept"
            )
        selected: list[str] = []
        for c in found:
            for one in c.items or [c]:
                if one.op in ("eq", "in", "contains", "startswith") and one.negate == negate:
                    values = one.value if isinstance(one.value, list) else [one.value]
                    selected += [str(v).lower() for v in values]
        said = words if named else re.findall(r"[a-z]+", gloss.lower())

        def value_word(w: str) -> bool:
            # "denied" names the value deny, "blocked" the value block
            w = re.sub(r"ie[sd]$", "y", w)
            if w in selected or singular(w) in selected:  # "bot traffic" of 'bot'
                return True
            return any(
                len(v) >= 4 and w[:4] == v[:4] and (w.startswith(v) or v.startswith(w[:5]))
                for v in selected
            )

        # "failed logins (success is false)", "claims flagged as test (is_test is true)": a
        # true flag is named by the words of its field's name, a false one by their opposite
        flag_words: set[str] = set()
        for c in found:
            for one in c.items or [c]:
                flag = str(one.value).lower()
                if one.op != "eq" or flag not in ("true", "false") or one.negate != negate:
                    continue
                parts = set(re.findall(r"[a-z]+", one.subject.lower())) - {"is", "has", "was"}
                if flag == "true":
                    flag_words |= parts | {"flagged", "marked", "tagged", "as"}
                else:
                    flag_words |= {o for p in parts for o in _FLAG_OPPOSITES.get(p, ())}
                    flag_words |= {f"{neg}{p}" for p in parts for neg in ("un", "in", "non")}
        # "keep only vessels that are probably fishing (fishing_zone is not null)": a word of the
        # name of a field the kept records' condition reads says what it tests (after a drop
        # verb the parentheses may say what is kept instead: left to `named`)
        field_words = {
            part
            for c in found
            for one in c.items or [c]
            if one.negate == negate and not negate
            for part in re.findall(r"[a-z]+", one.subject.lower())
            if len(part) >= 4
        }
        # "youth only (age_years < 18)": an age group named by the way an age is compared
        age_ops = {
            one.op
            for c in found
            for one in c.items or [c]
            if one.negate == negate and "age" in re.split(r"[_\s]+", one.subject.lower())
        }
        age_words = (_AGE_YOUNG if age_ops and age_ops <= {"lt", "le"} else frozenset()) | (
            _AGE_OLD if age_ops and age_ops <= {"gt", "ge"} else frozenset()
        )
        agrees = all(
            w in _GLOSS_PLAIN
            or w in age_words
            or self._names_records(w)
            or value_word(w)
            or w in flag_words
            # ("the big vessels (vessel_id in ...)": the plural of the field's noun)
            or w in field_words or singular(w) in field_words
            for w in said
        )
        if named and not any(
            value_word(w) or w in flag_words - {"flagged", "marked", "tagged", "as"} for w in said
        ):
            agrees = False
        # "the two big vessels (vessel_id in A and B)": a count says how many values are listed
        if any(int(n) != len(selected) for n in re.findall(r"\d+", gloss)):
            agrees = False
        # "keep the short rides (distance_km > 50)": a size word against the comparison's
        # direction contradicts it (left unread, so refused)
        ops = {o.op for c in found for o in c.items or [c] if o.negate == negate}
        if (set(said) & _GLOSS_UP and ops & {"lt", "le"}) or (
            set(said) & _GLOSS_DOWN and ops & {"gt", "ge"}
        ):
            agrees = False
        if not agrees:
            self.s = saved[0]
            del self.spans[saved[1] :], self.domain_excluded[saved[2] :]
            del self.assumptions[saved[3] :], self.mixed_groups[saved[4] :]
            del self.conds[saved[5] :]
        return agrees

    def _conditions_in_parens(self, m: re.Match[str], negate: bool) -> None:
        """ "drop the cancelled ones (status = cancelled)": the condition in the parentheses,
        read only when they hold nothing else (the words before describe it)."""
        close = self.s.find(")", m.end())
        if close < 0 or "(" in self.s[m.end() : close]:
            return
        if not re.match(r"\s*(?:[,.;!?\n\x00]|$|(?:and|but)\b|then\b)", self.s[close + 1 :], ICASE):
            return  # "keep (a and b) or c": the parentheses group a condition
        if not self._read_if_gloss_agrees(m, negate, named=negate):
            return
        if self.s[m.end() : close].strip(MASK + " "):
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), close + 1)!r}: the "
                "parentheses hold more than the condition; say the condition alone, e.g. "
                '"drop records where status = cancelled"'
            )
        gloss = " ".join(self.text[m.start() : m.end()].rstrip(" (").split())
        self.assumptions.append(
            f"read {gloss!r} as the records the condition in parentheses selects"
        )
        self.mask(m.start(), close + 1)

    def _conditions_glossed(self, m: re.Match[str], negate: bool) -> None:
        """ "we want the big trades only: amount_usd >= 100000": the condition after the colon
        (or "i.e."), read when it ends the clause (the words before describe it)."""
        before = len(self.conds)
        # ("drop test orders, i.e. env != 'test'" says two things: only the dropped side reads)
        if not self._read_if_gloss_agrees(m, negate, named=negate, kept_may_follow=False):
            return
        end = max(c.end or m.end() for c in self.conds[before:])
        if not (
            re.match(r"\s*(?:[.;!?\n,]|$)", self.text[end:]) or self.text[end - 1 : end] == "."
        ):
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), end)!r}: the condition after "
                f"{m.group(0).strip()!r} does not end the clause; say the condition alone, e.g. "
                '"drop records where status = cancelled"'
            )
        gloss = re.sub(
            rf"[\s:,]*(?:i\.e\.|that\s+is)?[\s:,]*{_GLOSS_AGAIN}$",
            "",
            self.text[m.start() : m.end()],
        )
        gloss = " ".join(gloss.split())
        self.assumptions.append(f"read {gloss!r} as the records the condition after it selects")
        self.mask(m.start(), m.end())

    def _refuse_or_after_unit(self, start: int, end: int) -> None:
        """ "heart_rate > 120 bpm or spo2 < 90": the unit ends the comparison, and the condition
        after 'or' would be read on its own, as a second filter both must pass; the unit
        inside an 'or' is not read, so it is refused ("and" reads right: separate filters)."""
        unit = UNIT_AFTER.match(self.s, end)
        said = unit.group("deg") or unit.group("u") if unit else None
        if unit is None or not said or unit_of(said) is None:
            return
        cm = COND_CONT.match(self.s, unit.end())
        if cm and cm.group("conj").lower() == "or":
            words = clause_around(self.text, start, cm.end())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: a unit ({said!r}) inside conditions joined by 'or' is "
                "not read; write the number in the field's own unit without the unit word"
            )

    def _refuse_dangling_or(self, start: int, pos: int, end: int) -> None:
        """ "..., write to kafka topic x or where the site is north": an 'or' that no condition
        chain took (a chain reads "where A or where B" whole) joins the condition after it to
        the clause before (a sink, the source, a group-by); read alone it would be one more
        filter both must pass, or the only filter. Refused, the words quoted."""
        if not DANGLING_OR_LEAD.match(self.s, start, pos):
            return
        said = DANGLING_OR.search(self.s, max(0, start - 12), start)
        if said is None:
            return
        words = clause_around(self.text, said.start(), end)
        raise RequestNotUnderstood(
            f"cannot read {words!r}: {said.group('or')!r} joins the condition after it to no "
            "condition before it, and read alone it would be one more filter every record must "
            'pass; say the alternatives in one keep clause (e.g. "keep orders where amount >= 5 '
            "or status = 'vip'\") or remove the 'or'"
        )

    def _conditions_at(self, start: int, pos: int, *, negate: bool, weak: bool) -> None:
        found: list[Cond] = []
        lead_negated = False  # "where not A ...": the first comparison's own 'not'
        # "drop readings where (temp_c < 40 or temp_c > 80)": a group first is one condition
        first = self._match_cond(pos, negate, weak) or self._paren_group(pos, negate, weak)
        lead_not = re.match(r"not\s*(?=\()|not\s+(?=[A-Za-z_`'\"])", self.s[pos:], ICASE)
        if first is None and lead_not:
            # "where not (A and B)", "filter: not status = 'test'": the 'not' negates what follows
            at = pos + lead_not.end()
            first = self._paren_group(at, not negate, weak) or self._match_cond(at, negate, weak)
            if first is not None and first[0].op != "group" and first[0].negate == negate:
                first[0].negate = not negate
                lead_negated = True
        if first is None:
            return
        cond, end = first
        self._refuse_dangling_or(start, pos, end)
        found.append(cond)
        conjs: list[str] = []
        negated: list[Cond] = []  # "A and not B": B said with a 'not' of its own
        labelled = FILTER_LABEL.search(self.s, start, pos) is not None
        while True:
            cm = COND_CONT.match(self.s, end) or (
                LABEL_AND.match(self.s, end) if labelled else None
            )
            if not cm:
                self._refuse_or_after_unit(start, end)
                break
            if NEW_CLAUSE_LEAD.match(self.s, cm.end()):
                break  # "skip A and only rows where B": B is a keep clause of its own
            if RECORDS_AGAIN.match(self.text, cm.end()):
                # "drop readings where A and readings whose B": more records (dropped where A
                # or B), never one condition A and B (`_more_dropped_where` reads a drop's)
                break
            nm = re.match(r"not\s*(?=\()|not\s+(?=[A-Za-z_`'\"])", self.s[cm.end() :], ICASE)
            nxt = None
            if nm:  # "and not (B or C)", "and not B"
                at = cm.end() + nm.end()
                nxt = self._paren_group(at, negate, weak) or self._match_cond(at, negate, weak)
            if nxt is None:  # "is not 'a' and not 'b'": the elided comparison reads its 'not'
                nm = None
                nxt = self._paren_group(cm.end(), negate, weak)
            if nxt is None:
                nxt = self._match_cond(cm.end(), negate, weak)
            if nxt is None and found[-1].op in ("gt", "ge", "lt", "le", "ne", "eq"):
                nxt = self._elided(cm.end(), found[-1], negate, weak)
            if nxt is None:
                break
            if nm:
                nxt[0].negate = not nxt[0].negate
                negated.append(nxt[0])
            conj = cm.group("conj").lower() or "and"  # (a label line's ';')
            conjs.append("and" if conj == "but" else conj)
            found.append(nxt[0])
            end = nxt[1]
        if negated and (negate or set(conjs) != {"and"} or any(c.op == "group" for c in found)):
            # a group's items carry no negation of their own: only separate filters can
            # only "keep where A and not B" splits into filters, each with its own 'not'
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, start, end)!r}: a 'not' inside a list "
                "of conditions is read only after 'and' in a keep clause; write the negated "
                "comparison (e.g. \"keep orders where amount > 100 and status != 'cancelled'\")"
            )
        if lead_not and found[0].op == "group" and len(found) > 1:
            # "where not (A and B) or C": the group's 'not' is lost in the expression around it
            # (it read (A and B) or C)
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, start, end)!r}: a 'not' before a group in "
                "parentheses is read only when the group is the whole condition; write the "
                "negated comparisons (e.g. \"keep orders where amount <= 100 or status = 'vip'\")"
            )
        self._refuse_hidden_or(found, conjs)
        bounds = [c.op for c in found[-2:]] == ["ge", "le"] and len(
            {c.subject for c in found[-2:]}
        ) == 1
        inclusive = INCLUSIVE.match(self.s, end) if bounds else None
        if inclusive:  # "between 10 and 20 inclusive": both bounds are (>=, <=)
            end = inclusive.end()
        passive = PASSIVE.match(self.s, end)
        why = None if passive else WHY_THEN_PASSIVE.match(self.s, end)
        if why:  # "... are coasting and should be ignored"
            passive = PASSIVE.match(self.s, why.end())
        if passive:  # "only those with badge_valid equal to false are kept"
            end = passive.end()
            when = BEFORE_AGGREGATING.match(self.s, end)
            end = when.end() if when else end
            if passive.group("drop") and not negate:  # "records with amount = 0 are dropped"
                negate = True
                for cond in found:
                    cond.negate = True
        sent = SENT_AT_END.match(self.s, end)
        if sent and not negate and DESTINATION_FIRST.search(self.text, 0, start):
            end = sent.end()  # "Into ClickHouse x, ..., the events with a > 5 should go."
        if UNREAD_CONNECTIVE.match(self.s, end):
            # "where A or (B)", "drop where A and (B or C)": the rest is not one more condition
            # this chain can hold; reading it as a separate filter would change the meaning
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, start, end)!r} as a filter: after "
                f"{self.text[start:end].strip()!r} comes a condition it cannot combine (write "
                "it without parentheses, one condition after another), or write the pipeline "
                "as a spec file with a `where` expression"
            )
        expression = len(set(conjs)) > 1 or (
            (len(found) > 1 and ((conjs[0] if conjs else "and") == "and") == negate)
            or any(c.op == "group" for c in found)
        )
        if lead_negated and negate and expression:
            # "drop where not A or B and C": a drop clause's expression holds no 'not' of one
            # comparison (it was lost)
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, start, end)!r}: a 'not' before the first "
                "of several conditions in a drop clause is not read; say which records to keep "
                "(e.g. \"keep orders where amount > 100 and status != 'cancelled'\")"
            )
        if len(set(conjs)) > 1 and re.search(r"\beither\b", self.text[start:end], ICASE):
            # "A and either B or C", "either A or B, and C": 'either' groups the 'or' against
            # the precedence read below (it read (A and B) or C, and A or (B and C))
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, start, end)!r}: 'either' groups two "
                'conditions against the others; write the group in parentheses (e.g. "keep '
                "orders where amount > 100 and (quantity < 5 or status = 'vip')\")"
            )
        if len(set(conjs)) > 1:
            # "A or B and C": 'and' binds tighter, as in SQL and Python: A or (B and C); one
            # expression filter, and the grouping is listed as an assumption
            terms: list[list[Cond]] = [[found[0]]]
            for conj, cond in zip(conjs, found[1:], strict=True):
                if conj == "and":
                    terms[-1].append(cond)
                else:
                    terms.append([cond])
            items = [
                t[0] if len(t) == 1 else
                Cond(t[0].pos, "", False, "group", None, weak=weak, end=t[-1].end, conj="and",
                     items=t)
                for t in terms
            ]  # fmt: skip
            group = Cond(found[0].pos, "", False, "group", None, negate=negate, weak=weak,
                         end=end, conj="or", items=items)  # fmt: skip
            self.conds.append(group)
            self.mixed_groups.append(group)
            self.mask(self._record_noun(start), end, domain=True)
            return
        conj = conjs[0] if conjs else "and"
        nested = any(c.op == "group" for c in found)  # "A and (B or C)": one expression
        if len(found) > 1 and ((conj == "and") == negate or nested):
            # "keep where A or B", "drop where A and B": one expression filter
            self.conds.append(
                Cond(found[0].pos, "", False, "group", None, negate=negate, weak=weak,
                     end=end, conj=conj, items=found)
            )  # fmt: skip
        else:
            # "keep where A and B", "drop where A or B": one filter per condition
            self.conds.extend(found)
        self.mask(self._record_noun(start), end, domain=True)

    def _paren_group(self, pos: int, negate: bool, weak: bool) -> tuple[Cond, int] | None:
        """ "(blood_type = 'O-' or rh_factor = 'negative')" after a connective: the conditions
        in parentheses, one group (a single 'and' or 'or' inside; anything else is not read)."""
        om = re.match(r"\(\s*", self.s[pos:])
        if not om:
            return None
        first = self._match_cond(pos + om.end(), negate, weak)
        if first is None:
            return None
        items, end = [first[0]], first[1]
        conjs: set[str] = set()
        while True:
            cm = COND_CONT.match(self.s, end)
            nxt = self._match_cond(cm.end(), negate, weak) if cm else None
            if cm is None or nxt is None:
                break
            conjs.add("and" if cm.group("conj").lower() == "but" else cm.group("conj").lower())
            items.append(nxt[0])
            end = nxt[1]
        close = re.match(r"\s*\)", self.s[end:])
        if not close or len(conjs) > 1:
            return None
        end += close.end()
        if len(items) == 1:
            items[0].end = end
            return items[0], end
        for item in items:
            item.negate = False  # the group carries the negation
        group = Cond(items[0].pos, "", False, "group", None, negate=negate, weak=weak, end=end,
                     conj=conjs.pop(), items=items)  # fmt: skip
        return group, end

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

    def _kept_noun_is_every_record(self, m: re.Match[str]) -> None:
        """ "keep refunds where total > 30" on topic tills: the noun is read as every record of
        the topic, which is listed when it is not a generic record noun or the topic's own."""
        noun = next((m.group(g) for g in ("kept1", "kept2", "kept3", "kept4") if m.group(g)), None)
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

    def _record_noun(self, start: int) -> int:
        """Where the condition's clause starts, with the record noun before it ("Forward
        withdrawals with ...", "keep just the bookings whose ...", "Keep a claim if ...")."""
        m = RECORD_NOUN_BEFORE.search(self.text, max(0, start - 80), start)
        while m and m.group("mod") and not self._repeats_topic_name(m.group("mod").lower()):
            # "only report presses where ...": the word before the noun may be the verb
            again = RECORD_NOUN_BEFORE.search(self.text, m.start("mod"), start)
            if again is not None and again.start() == m.start():
                break  # "From soil-sensors keep ...": the word opens the text, nothing to skip
            m = again
        if not m or MASK in self.s[m.start("noun") : start]:
            return start
        if m.group("ftopic") and self.s[m.start("ftopic") : m.end("ftopic")].strip(MASK):
            return start  # ("filter orders to the big ones": no source between, unread)
        noun = m.group("noun").lower()
        singular_article = (m.group("art") or "").strip().lower() in ("a", "an", "every", "each")
        if noun in STOP or noun in AGG_WORDS or noun in NOT_VALUES:
            return start
        if not (singular_article or (noun.endswith("s") and not noun.endswith("ss"))):
            return start
        if not self._names_records(noun):
            return start  # "keep refunds with ..." on topic payments: maybe a kind of record
        if (m.group("mod") or "").lower() in ("no", "not"):
            return start  # "keep no orders with ...": unread
        if m.group("mod") and not m.group("keep") and m.group("only"):
            return m.start("only")  # ", only ferry tickets with ..." on topic ferry-tickets
        if m.group("keep") and MASK not in self.s[m.start("keep") : m.start("noun")]:
            return m.start("keep")  # "pass through withdrawals with ...": the filter's verb
        return m.start("noun")

    def _window_is(self, unit: str, m: re.Match[str]) -> bool:
        """Whether the request, outside `m`, says a window one `unit` long ("daily", "per day",
        "every day"): a count threshold "in a day" then repeats that window."""
        adverb = {"day": "daily", "hour": "hourly", "week": "weekly"}.get(unit, "(?!)")
        said = self.text[: m.start()] + " " + self.text[m.end() :]
        return bool(
            re.search(
                rf"\b(?:{adverb}|(?:per|every|each|a|1|one)[\s-]+{unit}(?:[\s-]+(?:tumbling\s+)?"
                r"windows?)?)\b",
                said,
                ICASE,
            )
        ) and not re.search(
            r"\b(?:per|every|each)\s+(?!"
            + unit
            + r")(?:\d+\s+)?(?:day|hour|minute|week|second)s?\b",
            said,
            ICASE,
        )

    def _plain_modifier(self, word: str) -> bool:
        """A word before a record noun that selects nothing: a word of the topic's name ("kiln
        readings" on kiln-temps), or one that only says which records (STOP: "all", "those")."""
        named = self.topic_words()
        return word in STOP or bool({word, singular(word), f"{word}s", f"{word}es"} & named)

    def _repeats_topic_name(self, word: str) -> bool:
        """A word before a record noun that only repeats the topic's name: one of its words, or
        a longer form of a shortened one ("chemical applications" on chem-applications)."""
        # (never a STOP word: "count payments where ..." counts them)
        named = self.topic_words()
        if word in named or singular(word) in named:
            return True
        return any(word.startswith(w) for w in named if len(w) >= 4)

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

    def _grouped_by(self, one: str) -> bool:
        """The request groups by `one` ("per ride_id", "for each station", "by the store")."""
        return bool(
            re.search(
                rf"\b(?:per|by|for\s+(?:each|every)|each)\s+(?:the\s+)?{re.escape(one)}"
                r"(?:_id|_key|_name)?\b",
                self.text,
                ICASE,
            )
        )

    def _names_records(self, noun: str, generic: bool = True) -> bool:
        """A generic record noun ("records", "orders", "events"), or one the source topic's name
        holds ("claims" on insurance-claims): never a kind of record the topic may mix."""
        if generic and re.fullmatch(rf"{FILLER_NOUNS}|{FILLER_ONE}", noun, ICASE):
            return True
        words = {v for w in self.topic_words() for v in (w, singular(w))}
        stems = {w[:5] for w in words if len(w) >= 4}
        if len(noun) >= 4 and {noun[:5], singular(noun)[:5]} & stems:
            return True
        # "every settled bet" on topic bets: a short noun only when it is the topic's word
        if len(noun) >= 3 and {noun.lower(), singular(noun.lower())} & words:
            return True
        if self._counted_noun(noun):
            return True
        # "sum amount per merchant_id ..., only output merchants whose sum exceeds 10000": the
        # window's groups (a threshold on them follows)
        one = singular(noun)
        return self._grouped_by(one)

    def _counted_noun(self, noun: str) -> bool:
        """ "count the openings as door_opens": the request's own noun for the records it counts
        (never a distinct count's: "count distinct visitors" counts no records)."""
        said = rf"\b(?:count(?:s|ing)?|number\s+of|tally)\s+(?:the\s+|all\s+)?{re.escape(noun)}\b"
        return re.search(said, self.text, ICASE) is not None

    def mask_kept_records(self) -> None:
        """ "Send the kept claims to ...": once a filter is read, the records it keeps."""
        if not self.conds:
            return
        for m in list(KEPT_RECORDS.finditer(self.s)):
            noun = m.group("noun").lower()
            if MASK in self.s[m.start() : m.end()] or not self._names_records(noun):
                continue
            self.mask(m.start(), m.end())

    def _elided(self, pos: int, prev: Cond, negate: bool, weak: bool) -> tuple[Cond, int] | None:
        """ "... but is below 1000", "... and under 50": the previous condition's subject."""
        if prev.subject in ("", IT) or prev.subject.startswith("\x01"):
            return None
        other = ELIDED_NOT.match(self.s, pos)
        if other and prev.op == "ne":  # "status is not 'cancelled' and not 'refunded'"
            value = unquote(other.group("q"))[0]
            cond = Cond(pos, prev.subject, prev.quoted, "ne", value, negate=negate, weak=weak,
                        end=other.end())  # fmt: skip
            return cond, other.end()
        m = ELIDED.match(self.s, pos)
        if not m:
            return None
        try:
            cond = self._cond(m, negate, weak)
        except NotAConditionError:
            return None
        if cond.op not in ("gt", "ge", "lt", "le", "ne"):
            return None
        said = self.text[prev.pos : prev.end]
        if _NEGATED_BOUND.search(said) and not re.match(r"(?:is|was)\b", m.group(0), ICASE):
            # "litres isn't under 5 or over 50": does the "not" cover "over 50" too?
            words = " ".join(self.text[prev.pos : self._cond_end].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: does the 'not' cover the second bound too? Say the "
                'range the records keep (e.g. "litres between 5 and 50"), or repeat the field '
                "with each bound"
            )
        cond.subject, cond.quoted, cond.end = prev.subject, prev.quoted, self._cond_end
        return cond, self._cond_end

    def _match_cond(self, pos: int, negate: bool, weak: bool) -> tuple[Cond, int] | None:
        m = COND_NULL.match(self.s, pos)
        op = next((n for n, _ in NULL_OPS if m.group(f"op_{n}")), "null") if m else "null"
        end = m.end() if m else 0
        again = NULL_AGAIN[op].match(self.s, end) if m else None
        if m and not again and negate:
            # "drop weighings with no crate_kg (not null)": the records kept, the opposite test
            again = NULL_AGAIN[_NULL_OPPOSITE[op]].match(self.s, end)
        if again:  # "is present (not null)"
            end = again.end()
        if (
            m
            and not m.group("subj").startswith(("`", "'", '"'))
            and m.group("subj").lower() in PRONOUNS
        ):
            # "drop email_address if it is empty": the field or the record? never a field 'it'
            return None
        if m and _filled_status(m):
            return None  # "status is filled": a status value, compared below
        if m and (
            not re.match(r"\s*\w", self.s[end:])
            or re.match(r"\s+(?:and|or|then)\b", self.s[end:], ICASE)
            # "records where keeper_id is missing are to be dropped": a passive verb follows
            or PASSIVE.match(self.s, end)
        ):
            subject, quoted = _subject(m)
            if not quoted:  # "either a_id is null or ...": the adverb is no part of the field
                subject = strip_article(LEAD_ADVERB.sub("", strip_article(subject, quoted)), quoted)
            if not quoted and re.search(r"\s(?:or|n?or|and)\s", subject, ICASE):
                return None  # "a_id or b_id is null": two fields, never one named so
            return Cond(m.start(), strip_article(subject, quoted), quoted, op, None,
                         negate=negate, weak=weak, end=end), end  # fmt: skip
        arith = ARITH_COND.match(self.s, pos)
        if arith and arith_compared(arith):  # "gross_kg - tare_kg > 20000": arithmetic
            op = next(n for n, _ in OPS if arith.groupdict().get(f"op_{n}"))
            if op in ("gt", "ge", "lt", "le", "eq", "ne"):
                sym = " ".join(arith.group("aop").split()).lower()
                subject = f"{arith.group('a')} {ARITH_SYMBOL.get(sym, sym)} {arith.group('b')}"
                cond = Cond(arith.start(), subject, False, op, number(arith.group("num")),
                            negate=negate, end=arith.end())  # fmt: skip
                return cond, arith.end()
        m = COND.match(self.s, pos)
        if not m:
            return None
        try:
            cond = self._cond(m, negate, weak)
        except NotAConditionError:
            return None
        cond.end = self._cond_end
        if re.match(
            r"\s*(?:==?|!=|<>|>=|<=|>|<)", self.s[m.start("subj") + len(m.group("subj")) :]
        ):
            cond.weak = False  # "with currency = 'EUR'": a symbol makes it a condition
        return cond, self._cond_end

    def _cond(self, m: re.Match[str], negate: bool, weak: bool) -> Cond:
        subject, quoted = _subject(m)
        subject = strip_article(subject, quoted)
        if not quoted:  # "either score is below 70 or ...", "just priority is 'high'": an
            # adverb before a field is never part of its name
            subject = strip_article(LEAD_ADVERB.sub("", subject), quoted)
        if not quoted:  # "a total of at least 50": the field is 'total'
            subject = re.sub(r"\s+of$", "", subject, flags=ICASE)
            # "value lies between 10 and 20": a linking verb is never part of the field's name
            # ("total stake reaches 50000 or more": was a field total_stake_reaches)
            subject = re.sub(
                r"\s+(?:lies|lie|falls|fall|sits|stays|remains|reaches|reach|hits|hit)$",
                "",
                subject,
                flags=ICASE,
            )
        if not quoted and re.fullmatch(r"averaging|totall?ing|summing(?:\s+to)?", subject, ICASE):
            raise RequestNotUnderstood(  # "rinks averaging between -5 and -2": no field
                f"cannot read a condition on {subject!r}: it names a window's aggregate, not a "
                "field, and a window keeps its groups by one comparison; say one bound (e.g. "
                '"only stores averaging more than 30")'
            )
        fn = None if quoted else FUNCTION_OF.match(subject)
        if fn:  # "length of name > 5": a function of a field, never a field named length_of_name
            raise RequestNotUnderstood(
                f"the offline parser does not read {fn.group(1)!r} of a field in a filter yet: "
                f"{clause_around(self.text, m.start(), m.end())!r}. Write the pipeline as a spec "
                "file (etl-gen generate spec.yaml), which can say it, or use the LLM parser (--llm)"
            )
        owner = None if quoted else re.match(r"([A-Za-z]+)'s\s+(?=\S)", subject)
        if owner and self._names_records(owner.group(1).lower()):
            subject = subject[owner.end() :]  # "the order's amount": the record's field
        if not quoted:  # "where that count exceeds 10": the window's count named before
            subject = re.sub(
                rf"^(?:that|this|said)\s+(?=(?:{'|'.join(sorted(AGG_WORDS))})$)",
                "",
                subject,
                flags=ICASE,
            )
        if not quoted:  # "where the hourly count exceeds 20": the window's count
            subject = self._span_said_of_agg(subject, m)
        if not quoted and subject.lower() in AGG_PLURALS:
            subject = subject[:-1]  # "counts above 10": the window's count
        if not quoted and subject.lower() in ("it", "that", "this", "they"):
            subject = IT
        elif not quoted and re.search(r"\s(?:has|have|had|gets|got|sees|saw)$", subject, ICASE):
            subject = IT  # "when a service has more than 10 errors": the window's count
        elif not quoted and re.fullmatch(r"(?:there|here)(?:'s|s)?", subject, ICASE):
            raise NotAConditionError  # "when there are more than 3": how many, of no field
        elif not quoted and subject and subject.split()[0].lower() in STOP - AGG_WORDS:
            raise NotAConditionError
        elif not quoted and any(w.lower() in NOT_IN_SUBJECT for w in subject.split()[1:]):
            # "orders whose total_amount", "qty greater or": a connective or a comparison word
            # is never part of a field name
            raise NotAConditionError
        elif not quoted and re.search(r"\s(?:not|does|doesn't|do|don't|is|are)$", subject, ICASE):
            raise NotAConditionError  # "name does not start with": a phrasing it does not know
        elif not quoted and re.search(
            r"\s(?:ends?|ending|starts?|starting|begins?|beginning|contains?|containing|includes?"
            r"|mentions?|has|have|matches|match)$",
            subject,
            ICASE,
        ):
            raise NotAConditionError  # "email ends in ...": a verb is never part of a field name
        op = next(name for name, _ in OPS if m.group(f"op_{name}") is not None)
        self._cond_end = m.end()
        if op in ("like", "not_like"):
            op, pattern = _like(m.group("q") or "", self.text[m.start() : m.end()])
            return Cond(m.start(), subject, quoted, op, pattern, negate=negate, weak=weak)
        value: Any
        if m.group("list"):
            inner = m.group("list")[1:-1]
            # "('paid, shipped', 'void')": a comma inside quotes is part of the value
            parts = re.findall(r"""'[^']*'|"[^"]*"|(?:(?!\s+or\s)[^,'"])+""", inner)
            parts = [p for p in parts if not re.fullmatch(r"\s*(?:or)?\s*", p)]
            value = list_literals([re.sub(r"^\s*or\s+", "", v.strip()) for v in parts])
            if (
                m.group("list")[0] == "["
                and len(value) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            ):
                # "amount in [30, 50]": the interval from 30 to 50 as often as the two values
                said = " ".join(self.text[m.start() : m.end()].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the two values {value[0]} and {value[1]}, or every "
                    f'value from {value[0]} to {value[1]}? Write "{subject} is {value[0]} or '
                    f'{value[1]}" for the values, or "{subject} between {value[0]} and '
                    f'{value[1]}" for the range'
                )
        elif m.group("q"):
            value = unquote(m.group("q"))[0]
            said = (m.group("op_eq") or "").lower()
            if said == "matches" and re.search(r"[\^$*+?\[\]{}|\\]", value):
                raise RequestNotUnderstood(  # "email matches '^.+@.+$'": a regex, not a value
                    f"the offline parser does not read a filter on text by pattern (LIKE, regex) "
                    f"yet: {clause_around(self.text, m.start(), m.end())!r}. Write the pipeline "
                    "as a spec file (etl-gen generate spec.yaml), which can say it, or use the LLM "
                    "parser (--llm)"
                )
        elif m.group("num"):
            if re.match(r"[-+]?0\d", m.group("num")):  # "zip = 02134": a code, not a number
                raise RequestNotUnderstood(
                    f"{m.group('num')!r} has a leading zero: quote it if it is text "
                    f"({m.group('num')!r} in quotes), or write the number without the zero"
                )
            if re.fullmatch(r"-?[1-9]\d{0,2}\.\d\d0", m.group("num")):
                # "amount > 1.000", "over 2.500": a thousands separator (1000, 2500) as often
                # as three decimals
                said = m.group("num")
                raise RequestNotUnderstood(
                    f"cannot read {said!r} in {clause_around(self.text, m.start(), m.end())!r}: "
                    f"the '.' may separate thousands ({said.replace('.', '')}) or decimals "
                    f"({float(said):g}); write the number without it"
                )
            ordering = any(m.groupdict().get(f"op_{op}") for op in ("gt", "ge", "lt", "le"))
            if re.search(r"\d[eE]", m.group("num")) and not ordering:
                # "code = 2e5": a code (text) or 200000? only a comparison says a number
                raise RequestNotUnderstood(
                    f"{m.group('num')!r} in scientific notation: quote it if it is text "
                    f"({m.group('num')!r} in quotes), or write the number in digits"
                )
            if re.match(r"\s+of\b", self.s[m.end() :], ICASE):
                # "line is one of, print": the values of the list are missing, never the number 1
                said = " ".join(self.text[m.start() : m.end()].split())
                raise RequestNotUnderstood(
                    f'cannot read {said!r} of what: name the values, e.g. "keep logs where level '
                    'is one of WARN, ERROR, FATAL"'
                )
            value = number(m.group("num"))
            several = re.match(
                rf"\s+(?:{IN_A_ROW}|combined|summed(?:\s+up)?|in\s+aggregate"
                r"|on\s+both(?:\s+[A-Za-z]+)?)\b",
                self.s[m.end() :],
                ICASE,
            )
            if several:  # "failed_logins > 5 in a row", "duration_s > 60 combined": a run or a
                # sum of records, never one record's value (the words are skipped as filler)
                said = " ".join(self.text[m.start() : m.end() + several.end()].split())
                words = " ".join(several.group(0).split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: {words!r} asks about several records, and a filter "
                    "looks at one record at a time (a run or a total of records is not "
                    "supported there); drop it to compare each record's value"
                )
            noun = re.match(rf"\s+(?:{COUNT_NOUNS})\b", self.s[m.end() :], ICASE)
            if noun:  # "more than 10 errors": the noun names what is counted
                self._cond_end = m.end() + noun.end()
            money = CURRENCY_AFTER.match(self.s, m.end())
            if money:  # "under 5 dollars": the number is the amount
                self._cond_end = money.end()
            symbol = re.search(r"[$€£]\s?$", self.s[max(0, m.start("num") - 2) : m.start("num")])
            said_in = money or symbol
            if said_in:  # "amount_usd over 100 EUR", "amount_cents > $5": never read as written
                self._currency_of(subject, said_in.group(0), m)
            percent = PERCENT_AFTER.match(self.s, m.end())
            if percent and not noun and not money:  # "at least 40 percent": the number as written
                self._cond_end = percent.end()
                said = " ".join(self.text[m.start() : percent.end()].split())
                if set(re.split(r"[_\s]+", subject.lower())) & {"ratio", "fraction", "frac"}:
                    # "cpu_ratio > 90%": the field's name says a fraction (0.9), not 90
                    raise RequestNotUnderstood(
                        f"cannot read {said!r}: {subject} reads as a fraction (0 to 1), the "
                        f"number as a percentage; write it as a fraction (0.9 for 90%)"
                    )
                self.assumptions.append(
                    f"read {' '.join(self.text[m.start() : percent.end()].split())!r} as "
                    f"{subject} {m.group(0)[len(m.group('subj')):].strip()} (the field holds "
                    "percentages, not fractions)"
                )
        else:
            if not re.search(r"[^\W_]", m.group("word")):
                # "keep only ranked matches.": the full stop is no value, and "ranked" no field
                raise NotAConditionError
            value = literal(m.group("word"))
            word = m.group("word")
            particle = PARTICLE_TAIL.match(self.s, m.end())
            tail = particle or VALUE_TAIL.match(self.s, m.end())
            if (
                op in ("eq", "ne")
                and tail
                and (particle or tail.group(1).lower() in SKIPPED_VALUE_TAIL)
                and word.lower() not in STOP | ADVERB_VALUES  # "is now closed": refused below
            ):
                # "status is case closed", "source is live stream": the next word is one the
                # parser skips as filler, so reading the first word alone would drop it silently
                said = " ".join(self.text[m.start() : tail.end()].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: is the value {word + ' ' + tail.group(1)!r}? Quote "
                    f"a value of several words ({subject} is '{word} {tail.group(1)}')"
                )
            if op in ("gt", "ge", "lt", "le") and (
                re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+", word)
                # "fields price, ask; keep trades where price > ask": a field the request named
                or self.has(word)
                or word in self.declared
            ):
                value = FieldRef(word)  # "bid_amount exceeds reserve_price": two fields
            snake = re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+", word)
            subj_tail = re.split(r"[_\s]+", subject.lower())[-1]
            if (
                op in ("eq", "ne")
                and snake
                and (
                    ("_" in subject and word.lower().split("_")[-1] == subj_tail)
                    or FIELD_TAIL.search(word)
                    or self.has(word)
                    or word in self.declared  # "fields: status, expected_status"
                )
            ):
                # "shipping_country != billing_country", "status = status_code": a second
                # field (of the same kind, or named like a field), never the text
                value = FieldRef(word)
                said = " ".join(m.group(0).split())
                self.assumptions.append(
                    f"read {said!r} as a comparison of two fields ({word!r} is a field, not a "
                    "text value: quote it if it is text)"
                )
        store = re.compile(r"\s*(?:the\s+)?(?:redis|cache|lookup)\b", ICASE)
        if op in ("in", "not_in") and store.match(self.s, m.end(f"op_{op}")):
            # "drop events whose zone is not in Redis": a lookup miss, never a text value
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), m.end())!r}: a Redis "
                "lookup that finds no key gives the record null fields (the default) or sends "
                "it to the dead-letter topic; dropping the record is not supported. Say "
                f'"records whose {subject} is not in Redis go to the dead letter topic X", or '
                "leave the clause out to keep them with null fields"
            )
        if op in ("in", "not_in") and not isinstance(value, list):
            said_op = m.group("op_in") or m.group("op_not_in") or ""
            bare_in = said_op.split()[-1:] == ["in"]
            rest = LIST_TAIL.match(self.s, m.end())
            bare = not (m.group("q") or m.group("list")) and bare_in
            one = not rest and not quoted and "_" in subject and str(value).lower() not in STOP
            if bare and not one and not self._bare_list_is_values(subject, quoted, rest):
                raise NotAConditionError
            # "country in US, CA and GB": a bare list's last value after "and", ending the clause
            last = None
            if rest and bare:
                last = re.match(
                    r"(?:\s*,)?\s+and\s+(?P<v>(?!(?:the|then|also|all|only)\b)[\w.-]+)"
                    r"(?=\s*(?:[,;.)]|$))",
                    self.s[rest.end() :],
                    ICASE,
                )
            # "vessel_id in MV_ISLANDER and MV_SOUND_QUEEN": two codes in capitals joined by
            # "and", ending the clause (plain words may be more words: "in transit and late")
            two = None
            if bare and not rest and isinstance(value, str) and _CODE.fullmatch(str(value)):
                two = _AND_CODE.match(self.s, m.end())
            value = [value]
            if two:
                value.append(two.group("v"))
                self._cond_end = two.end()
            if rest:
                parts = re.split(r"\s*,\s*(?:n?or\s+)?|\s+n?or\s+", rest.group(1))
                value += [literal(v) for v in parts if v]
                self._cond_end = rest.end()
                if last:
                    value.append(literal(last.group("v")))
                    self._cond_end = rest.end() + last.end()
                said_first = m.group("num") or m.group("word") or ""
                if said_first.isalpha() and any(isinstance(v, str) for v in value[1:]):
                    value[0] = said_first  # "wing in A, B": a letter, never the number 1
        if op == "eq" and not m.group("q"):
            op, value = self._zero_bound(op, value)
        if m.group("num") and op == "eq":
            bound = OR_MORE.match(self.s, self._cond_end)
            if bound:  # "1000 or more", "5 or fewer", "10 and above"
                op = "ge" if bound.group("up") else "le"
                self._cond_end = bound.end()
        if op in ("eq", "ne") and not isinstance(value, list) and not m.group("num"):
            value = self._or_values(value, op)
            if isinstance(value, list):
                self._refuse_text_or_number(m, value)
                op = "in" if op == "eq" else "not_in"
        if isinstance(value, list):
            said = self.text[m.start() : max(self._cond_end, m.end())]
            blank = re.sub(QUOTED, "''", said)  # a quoted 'null' is a text value
            if NULL_IN_LIST.search(blank):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(said.split())!r}: a missing value among the values "
                    'compared; say the null test as a condition of its own, e.g. "keep where '
                    'is_test = false or is_test is null"'
                )
        if op in TEXT_OPS:
            if isinstance(value, list) or not (m.group("q") or m.group("word")):
                raise NotAConditionError  # "contains 3 items" is not a text match
            cond = Cond(m.start(), subject, quoted, op, str(value), negate=negate, weak=weak)
            more = TEXT_OR_VALUES.match(self.s, self._cond_end) if m.group("q") else None
            if more is None:
                return cond
            # "message contains 'timeout' or 'refused'": one text match per value, any of them
            values = [str(value)] + [unquote(v)[0] for v in re.findall(QUOTED, more.group(0))]
            self._cond_end = more.end()
            conj = "and" if op.startswith("not_") else "or"  # "does not contain 'a' or 'b'"
            items = [Cond(m.start(), subject, quoted, op, v, weak=weak) for v in values]
            return Cond(m.start(), "", False, "group", None, negate=negate, weak=weak,
                        conj=conj, items=items)  # fmt: skip
        unquoted = isinstance(value, str) and not m.group("q")
        if (
            op == "eq"
            and unquoted
            and NOT_A_NAME.fullmatch(value)
            and re.match(r"\s*(?:of\b|\()", self.s[m.end() :], ICASE)
        ):
            # "p95_temp = p95 of temperature_c": a name given to an aggregate, never a value
            raise NotAConditionError
        if op in ("eq", "ne") and unquoted and value.lower() in ("null", "none", "nil"):
            op = "null" if op == "eq" else "not_null"  # "keeper_id = null": a null test
            return Cond(m.start(), subject, quoted, op, None, negate=negate, weak=weak)
        if (
            op in ("eq", "ne")
            and isinstance(value, str)
            and not m.group("q")  # "rh_factor = 'negative'": the text itself
            and value.lower().replace("-", "") in SIGN_OPS
        ):
            # "positive", "non-negative", "non-zero": a comparison with zero
            sign = SIGN_OPS[value.lower().replace("-", "")]
            op = sign if op == "eq" else NEGATE[sign]
            value = 0
        if (
            isinstance(value, str)
            and not m.group("q")
            and value.lower() in STOP | ADVERB_VALUES
            # "direction = in", "gate != out.": a symbol, then a word ending the clause is the
            # value, however common a word it is
            and not (
                value.lower() in _PARTICLE_VALUES | _STEP_WORD_VALUES
                and (m.group("op_eq") or m.group("op_ne") or "").strip() in ("=", "==", "!=", "<>")
                and re.match(
                    r"\s*(?:[,;:)]|\.(?!\w)|$)|\s+(?:and|or)\s+(?:[A-Za-z_]\w*\s*(?:[=<>]|!=)"
                    r"|(?:then\s+)?(?:print|write|send|publish|emit|store|output|forward)\w*\b"
                    # (words a recogniser read already: "and print them" a sink)
                    r"|(?:then\s+)?\x00)",
                    # (a full stop the value's word took in: "result = send. Write ...")
                    self.s[m.end() - m.group(0).endswith(".") :],
                    ICASE,
                )
            )
        ):
            raise NotAConditionError
        self._presence_or_value(m, subject, op, value)
        value = self._yes_no_flag(m, subject, op, value)
        return Cond(m.start(), subject, quoted, op, value, negate=negate, weak=weak)

    def _presence_or_value(self, m: re.Match[str], subject: str, op: str, value: Any) -> None:
        """ "status isn't known", "reason is specified": a bare word that may be a value of
        the field as often as say the field is filled in; refused unless quoted or said with
        a symbol ("status = known": a value)."""
        if op not in ("eq", "ne") or not isinstance(value, str) or m.group("q"):
            return
        said_op = (m.group("op_eq") or m.group("op_ne") or "").strip()
        if value.lower() not in PRESENCE_OR_VALUE or re.search(r"[=!<>]", said_op):
            return
        said = " ".join(self.text[m.start() : m.end()].split()).rstrip(".,;")
        raise RequestNotUnderstood(
            f"cannot read {said!r}: is {value!r} a value of {subject}, or does it say "
            f'{subject} is filled in? Write "{subject} is not null" for a value present, or '
            f"quote the value ({subject} is '{value}')"
        )

    def _yes_no_flag(self, m: re.Match[str], subject: str, op: str, value: Any) -> Any:
        """ "paid is yes": an unquoted yes or no answers a flag, read as true or false and
        listed (compared with the text 'yes', a boolean field never matched)."""
        if op not in ("eq", "ne") or m.group("q") or not isinstance(value, str):
            return value
        if value.lower() not in ("yes", "no"):
            return value
        flag = value.lower() == "yes"
        self.assumptions.append(
            f"read '{subject} {'is' if op == 'eq' else 'is not'} {value}' as a true/false flag "
            f"({subject} {'=' if op == 'eq' else '!='} {str(flag).lower()}); quote the value "
            f"('{value}') if the field holds that text"
        )
        return flag

    def _bare_list_is_values(self, subject: str, quoted: bool, rest: Any) -> bool:
        """ "country in US, CA, GB": a comma list after a field's name is its values; "logged in
        users", "stores in Berlin, Paris", "drowning in noise, so ...": no field's name (a
        plural, a verb) or a connective among the values, not read. "currency in EUR or GBP":
        values joined by 'or' alone are a list too."""
        if not rest or quoted:
            return False
        named = (
            self.has(subject)
            or subject in self.declared
            or (
                re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", subject) is not None
                and not re.search(r"(?<![su])s$|ing$|ed$", subject)
            )
        )
        values = [v for v in re.split(r"\s*,\s*(?:n?or\s+)?|\s+n?or\s+", rest.group(1)) if v]
        # ("IT": a country's code, never the pronoun)
        return named and not any(v.lower() in STOP and not v.isupper() for v in values)

    def _zero_bound(self, op: str, value: Any) -> tuple[str, Any]:
        """ "is zero or negative" (le 0), "negative or zero", "0 or positive" (ge 0): a sign
        word and zero joined by "or" bound the value at zero."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
            bound = ZERO_OR_SIGN.match(self.s, self._cond_end)
            sign = bound.group("sign") if bound else ""
        elif isinstance(value, str) and value.lower() in ("negative", "positive"):
            bound, sign = SIGN_OR_ZERO.match(self.s, self._cond_end), value
        else:
            return op, value
        if not bound:
            return op, value
        self._cond_end = bound.end()
        return ("ge" if sign.lower() == "positive" else "le"), 0

    def _refuse_text_or_number(self, m: re.Match[str], values: list[Any]) -> None:
        """ "outcome is 'negative' or zero": a quoted text beside a number, or a number said in
        words, leaves the field's type open (read as text, zero was the text '0')."""
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if not numbers or len(numbers) == len(values):
            return
        said = self.text[m.start() : self._cond_end]
        if not (m.group("q") or re.search(rf"\b(?:{WN})\b", said[m.end() - m.start() :], ICASE)):
            return
        raise RequestNotUnderstood(
            f"cannot read {' '.join(said.split())!r}: the values mix text and numbers, so the "
            "field's type is unclear; compare it with one kind, e.g. \"outcome in ('negative', "
            "'0')\" for text, or as two conditions joined by 'or'"
        )

    def _or_values(self, value: Any, op: str) -> Any:
        """ "level is ERROR or FATAL": more values for one field, a list (never when the next
        words compare another field: "status is paid or amount > 5")."""
        rest = OR_VALUES.match(self.s, self._cond_end)
        if not rest:
            return value
        after = self.s[rest.end() :]
        if re.match(rf"\s*(?:{OP_RE}|{op_alternatives(NULL_OPS)})", after, ICASE):
            return value
        more = [literal(v) for v in re.split(r"\s*,\s*or\s+|\s+or\s+|\s*,\s*", rest.group(1)) if v]
        if any(isinstance(v, str) and v.lower() in STOP for v in more):
            return value
        if any(isinstance(v, str) and v.lower() in NOT_OR_VALUE for v in more):
            return value  # "level is ERROR or worse": a bound, not a value (left unread)
        self._cond_end = rest.end()
        return [value, *more]

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

    def _span_said_of_agg(self, subject: str, m: re.Match[str]) -> str:
        """ "hourly count": the window's aggregate word with the window's size before it (the
        size said again); a size the window does not have is refused, never a field."""
        said = SPAN_BEFORE_AGG.fullmatch(subject)
        size = self.window.get("size_ms")
        if not said or size is None:
            return subject
        if ADVERB_MS[said["span"].lower()] != size:
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, m.start(), m.end())!r}: "
                f"{' '.join(subject.split())!r} names a span the window does not have (it is "
                f"{ms_text(size)} long); say the threshold on the window's own aggregate, e.g. "
                '"when the count exceeds 20"'
            )
        return said["agg"]

    def split_conditions(self) -> tuple[list[Cond], list[Cond]]:
        """(filters, thresholds): a condition on an aggregate phrase is a threshold."""
        filters, thresholds = [], []
        for c in sorted(self.conds, key=lambda c: c.pos):
            if c.op == "group":
                if self._group_kept(c):
                    filters.append(c)
                continue
            if c.subject == "\x01discriminator":
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
                # "when severity is 'critical'": a quoted value makes it a comparison
                known = known or bool(
                    c.end
                    and re.search(r"""\S\s*(?:=|is|equals)\s*['"]""", self.text[c.pos : c.end])
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
                if not (known or item.op not in ("eq", "ne", "in", "not_in")
                        or "_" in item.subject):  # fmt: skip
                    self.dropped.append(words)
                    return False
        return True

    def build_filter(self, c: Cond) -> dict[str, Any]:
        """A filter operator: field/op/value when one comparison says it, else `where`."""
        if c.op == "group":
            text = self._group_text(c)
            built = self._where(f"not ({text})" if c.negate else text, c)
            if c in self.mixed_groups:
                words = " ".join(self.text[c.pos : c.end].split())
                self.assumptions.append(
                    f"read {words!r} as `{built['where']}`: 'and' binds tighter than 'or'"
                )
            return built
        fieldname, value = self._field_and_value(c)
        op = NEGATE.get(c.op, c.op) if c.negate else c.op
        self._refuse_judgement(fieldname, op, value)
        if (
            op in (*TEXT_OPS, "null", "empty", "not_empty")
            or isinstance(value, FieldRef)
            or " " in fieldname  # arithmetic on fields: "gross_kg - tare_kg > 20000"
        ):
            return self._where(self._atom(c, fieldname, value, op), c)
        data: dict[str, Any] = {"kind": "filter", "field": fieldname, "op": op}
        if op != "not_null":
            data["value"] = value
        return data

    def _example_case(self, fieldname: str, value: Any) -> Any:
        """ "keep only rejected claims" over an example record whose state is "OPEN": the
        example's values are in capitals, so the value is written in capitals too (said as an
        assumption); values of mixed case in the example leave the value as said."""
        shown = re.findall(
            rf"[\"']{re.escape(fieldname)}[\"']\s*:\s*[\"']([^\"']+)[\"']", self.text
        )
        values = value if isinstance(value, list) else [value]
        if not shown or not all(isinstance(v, str) for v in values):
            return value
        if all(v.isupper() for v in shown) and not all(v.isupper() for v in values):
            cased = [v.upper() for v in values]
        elif all(v.islower() for v in shown) and not all(v.islower() for v in values):
            cased = [v.lower() for v in values]
        else:
            return value
        self.assumptions.append(
            f"wrote {', '.join(map(repr, cased))} for {fieldname!r} in the case of the example "
            f"record's value ({shown[0]!r})"
        )
        return cased if isinstance(value, list) else cased[0]

    def _discriminator_field(self, c: Cond) -> str:
        """Which field a bare value tests ("only purchase events", "drop cancelled bookings"):
        the field that tells the records' kind apart, a status field for a status word
        ("paid"), never a field the request and the schema do not name."""
        names = self.names() + [n for n in self.declared if n not in self.names()]
        values = [str(v) for v in (c.value if isinstance(c.value, list) else [c.value])]
        said = " or ".join(values)
        if any(v.lower() in EMPTY_VALUES for v in values):
            raise RequestNotUnderstood(
                f"cannot read {said!r} records: which field must not be empty? Name it, e.g. "
                '"drop records where email is empty"'
            )
        if any(v.lower() in AGE_VALUES for v in values):
            raise RequestNotUnderstood(
                f"cannot read {said!r} records: an age needs a time bound (older than what?) "
                'and the field that holds the time; say it as a comparison, e.g. "drop events '
                "where created_at < '2024-01-01'\""
            )
        if any(v.lower() in MAGNITUDE_VALUES for v in values):
            raise RequestNotUnderstood(
                f"cannot read {said!r} records: {said!r} says how much or how important, not "
                'a value a field holds; say which field and the bound as a comparison, e.g. "keep '
                'orders where amount > 500"'
            )
        if any(v.lower() in LATE_VALUES for v in values):
            raise RequestNotUnderstood(
                f"cannot read {said!r} records: how late a record arrives is no field's value; "
                "a window's grace says how late a record may be (records later than that go to "
                'the dead-letter topic): say "with 10 seconds grace" after the window'
            )
        if any(
            set(re.split(r"[_\s-]+", v.lower())) & ORDER_WORDS or v.lower() in POSITION_WORDS
            for v in values
        ):
            # "only payments after orders" was the kind 'payments_after': which records come
            # after which (or the first of each) is an order, not a value a field holds
            words = [re.escape(w) for v in values for w in re.split(r"[_\s-]+", v) if w]
            m = re.compile(r"\b" + r"[\s_-]+".join(words) + r"\b", re.I).search(self.text, c.pos)
            said = " ".join(m.group(0).split()) if m and len(values) == 1 else said
            raise RequestNotUnderstood(
                f"cannot read {said!r}: it says which records come first or after which, "
                "not a value a field holds; the spec cannot order records: remove it, or say "
                "the condition as a comparison, e.g. \"keep payments where status = 'settled'\""
            )
        if all(v.lower() in CURRENCY_CODE or v.upper() in CURRENCY_CODES for v in values):
            # "keep only EUR payments": a currency, never a kind of record
            fields = [n for n in names if "currency" in n.lower()]
            if len(fields) != 1:
                raise RequestNotUnderstood(
                    f'which field holds {said!r}? Name it, e.g. "keep payments where currency '
                    "= 'EUR'\""
                )
            self.assumptions.append(f"read 'only {said}' as a filter on {fields[0]!r}")
            return fields[0]
        if all(v.lower() in STATUS_VALUES for v in values):
            fields = [n for n in names if STATUS_FIELD.search(n)]
            if len(fields) != 1:
                raise RequestNotUnderstood(
                    f"which field holds {said!r}? "
                    f"{'Several fields could (' + ', '.join(fields) + '): ' if fields else ''}"
                    'Name it, e.g. "keep orders '
                    "where status = 'paid'\""
                )
            fieldname = fields[0]
            self.add_field(fieldname, "string", "filter")  # a listed field not typed yet
        elif self.sample is None:
            fieldname = DISCRIMINATORS.get(self.preset or "", "event_type")
            if self.preset == "logs" and not all(v.lower() in LOG_LEVELS for v in values):
                raise RequestNotUnderstood(
                    f"which field holds {said!r}? It is no log level (debug, info, warn, error, "
                    f"fatal); name the field, as in \"keep logs where service = '{values[0]}'\""
                )
        else:
            candidates = ("event_type", "type", "status", "level", "kind")
            fieldname = next((n for n in candidates if n in names), "event_type")
        if fieldname in names:  # which field a bare value tests is a guess: say it
            self.assumptions.append(
                f"read 'only {said}' as a filter on {fieldname!r} (the field that tells the "
                "records' kind apart)"
            )
        elif any(v.lower() in ORIGIN_VALUES for v in values):
            # "ignore test events": a test record is marked by a flag or an environment as
            # often as by a kind, so no field is made up for it
            raise RequestNotUnderstood(
                f"which field holds {said!r}? No field of the input says where the records come "
                "from; name it, e.g. \"drop events where env = 'test'\""
            )
        elif any(v.lower() in TIER_VALUES for v in values):
            # "keep only the premium items": a tier or rank, held by a customer's or a
            # product's field as often as by a kind of record, so no field is made up for it
            raise RequestNotUnderstood(
                f"which field holds {said!r}? No field of the input says it; name it, e.g. "
                "\"keep orders where tier = 'gold'\""
            )
        else:
            self.add_field(fieldname, "string", f"for 'only {said}'")
            # (which field holds the value is a guess, made up: said as one, like above)
            self.assumptions.append(
                f"read 'only {said}' as a filter on {fieldname!r}, a guess: the request names no "
                f"field holding {said!r}; name it if the records keep it elsewhere"
            )
        return fieldname

    def _refuse_judgement(self, fieldname: str, op: str, value: Any) -> None:
        """ "email is valid": a judgement of the value, not a value the field holds (unless
        quoted, or the field is a status: "validation_status is valid" compares)."""
        if op not in ("eq", "ne") or not isinstance(value, str):
            return
        if re.search(rf"['\"`]{re.escape(value)}['\"`]", self.text):
            return
        if (value.lower() in DEGREES or value.lower().endswith("-ish")) and not DEGREE_FIELD.search(
            fieldname
        ):
            raise RequestNotUnderstood(
                f"{fieldname} is {value}: {value!r} says how much, not a value {fieldname} "
                f'holds; give the bound as a number ("{fieldname} > 500"), or quote it '
                f"(\"{fieldname} = '{value}'\") if {fieldname} holds that word"
            )
        if value.lower() not in JUDGEMENTS or STATUS_LIKE.search(fieldname):
            return
        raise RequestNotUnderstood(
            f"{fieldname} is {value}: a filter compares values and cannot judge whether "
            f"{fieldname} is {value}; if {value!r} is a value {fieldname} holds, quote it "
            f"(\"{fieldname} = '{value}'\"), else leave the clause out"
        )

    def _group_text(self, c: Cond, top: Cond | None = None) -> str:
        """A group in the expression language; an inner group in parentheses."""
        parts = []
        for item in c.items:
            if item.op == "group":
                parts.append(f"({self._group_text(item, top or c)})")
                continue
            # "where not status = 'x' or amount > 100": the 'not' of one comparison is kept
            # (in a drop clause the marks on its items are not read: the clause negates)
            own = item.negate and not (top or c).negate
            op = NEGATE.get(item.op, item.op) if own else item.op
            parts.append(self._atom(item, *self._field_and_value(item), op))
        return f" {c.conj} ".join(parts)

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

    def _compared_value(self, subject: str) -> Any:
        """ "overdue_days is null or overdue_days = 0": the value another condition compares a
        null test's field with, so the field is typed the same whichever is read first (alone,
        a null test types it as text)."""
        for top in self.conds:
            for leaf in _leaves(top) if top.op == "group" else [top]:
                value = leaf.value[0] if isinstance(leaf.value, list) and leaf.value else leaf.value
                if leaf.subject != subject or leaf.op in NULL_TESTS or isinstance(value, FieldRef):
                    continue
                if leaf.op in ("gt", "ge", "lt", "le", "between") and type(value) is int:
                    return float(value)  # a measure, as `_field_and_value` types it
                return value
        return None

    def _field_and_value(self, c: Cond) -> tuple[str, Any]:
        """The field a condition names (added to the schema when missing) and its typed value."""
        arith = re.fullmatch(r"(\S+) ([-+*/]) (\S+)", c.subject) if not c.quoted else None
        if c.subject == "\x01discriminator":
            fieldname = self._discriminator_field(c)
        elif arith:  # "gross_kg - tare_kg > 20000": the fields are numbers (floats if missing)
            a = self.resolve(arith.group(1), explicit=True, value=0.0, why="filter")
            b = arith.group(3)
            if not re.fullmatch(r"\d+(?:\.\d+)?", b):
                b = self.resolve(b, explicit=True, value=0.0, why="filter")
            return f"{a} {arith.group(2)} {b}", c.value
        elif isinstance(c.value, FieldRef) and c.op in ("eq", "ne"):
            # "status = status_code": the second field takes the first one's type when missing
            fieldname = self.resolve(c.subject, explicit=True, why="filter")
            kind = self.type_of(fieldname)
            other = self.resolve(
                str(c.value), explicit=True, value=coerce("0", kind) if kind else None,
                why="filter",
            )  # fmt: skip
            return fieldname, FieldRef(other)
        elif isinstance(c.value, FieldRef):
            # both sides are numbers: added as floats when missing
            fieldname = self.resolve(c.subject, explicit=True, value=0.0, why="filter")
            other = self.resolve(str(c.value), explicit=True, value=0.0, why="filter")
            return fieldname, FieldRef(other)
        else:
            explicit = c.quoted or not WORD_RUN.fullmatch(c.subject)
            sample_value = c.value[0] if isinstance(c.value, list) and c.value else c.value
            if c.op in NULL_TESTS:
                sample_value = self._compared_value(c.subject)
            if sample_value is None and c.op in ("empty", "not_empty") and _measure(c.subject):
                sample_value = 0.0  # "elapsed_s is empty": a measure, missing (never "")
            if (
                c.op in ("gt", "ge", "lt", "le")
                and isinstance(sample_value, str)
                and re.fullmatch(r"-?\d+(?:\.\d+)?\s*[^\W\d_]+", sample_value)
            ):  # "voltage >= 3.3v": a number with a unit, never a text comparison
                raise RequestNotUnderstood(
                    f"filter on {c.subject!r}: {sample_value!r} is a number with a unit; write "
                    "the number in the field's own unit"
                )
            if (
                c.op in ("gt", "ge", "lt", "le")
                and isinstance(sample_value, str)
                and re.fullmatch(r"[^\W\d_]+", sample_value)
            ):  # "level higher than INFO": text compares by alphabet, not by rank
                taken = re.search(
                    rf"(?is)\bjoin\w*\b.*\b(?:taking|take|takes|adding|add|keeping|with)\b"
                    rf"[^.;]*(?<![\w'\"`]){re.escape(sample_value)}(?![\w'\"`])",
                    self.text,
                )
                if taken:  # "join ... taking ask, keep trades where price > ask": a field
                    raise RequestNotUnderstood(
                        f"filter on {c.subject!r}: {sample_value!r} is a field the join takes "
                        "from the other topic; a filter compares a field with a value, never "
                        "with a field of the joined record: compare with a number instead"
                    )
                raise RequestNotUnderstood(
                    f"filter on {c.subject!r}: above or below {sample_value!r} would compare text "
                    'by alphabet; name the values to keep, e.g. "keep logs where level is one of '
                    'WARN, ERROR, FATAL"'
                )
            if c.op in ("gt", "ge", "lt", "le", "between"):
                self._refuse_record_noun(c, sample_value)
                c.subject = self._stem_of_named_field(c)
                self._refuse_money_word(c)
            elif c.op in ("null", "not_null"):
                self._refuse_missing_records(c)
            elif c.op in ("eq", "ne") and type(sample_value) in (int, float):
                c.subject = self._stem_of_named_field(c)  # "where weight = 3", weight_kg named
            relative = RELATIVE_SUBJECT.fullmatch(c.subject) if not c.quoted else None
            if relative and not self.has(c.subject):
                c.subject = relative.group(1)  # "with a lot_id that isn't empty": lot_id itself
            stray = IDENTIFIER_THEN_WORDS.fullmatch(c.subject) if not c.quoted else None
            if stray and not (self.has(c.subject) or self.has(_snake(c.subject))):
                # "energy_kwh always above 10", "energy_kwh not really above 10": a word
                # between the field and the comparison, never part of a field made up of both
                raise RequestNotUnderstood(
                    f"cannot read {c.subject!r} in a filter: is {stray.group(2)!r} part of the "
                    f"field's name, or does it say how {stray.group(1)} compares? Write the "
                    "field as one identifier with the comparison right after it "
                    f'("{stray.group(1)} > 10")'
                )
            self._refuse_change_words(c)
            self._refuse_derived_subject(c)
            self._refuse_status_class(c)
            self._refuse_judgement_value(c)
            if c.op in ("gt", "ge", "lt", "le", "between") and type(sample_value) is int:
                # "cpu_pct > 90" compares a measure: typed int, a reading of 90.5 would be
                # dead-lettered; a float field still takes whole numbers
                sample_value = float(sample_value)
            fieldname = self.resolve(
                c.subject, explicit=explicit, value=sample_value, why="filter",
                required=False if c.op in NULL_TESTS else None,
                # "where coupon_code is not null": only its presence (an "is empty" test says text)
                role=PRESENCE if c.op in ("null", "not_null") else "field",
            )  # fmt: skip
            if c.op in NULL_TESTS and self.sample is None:
                self._optional(fieldname)
        if (
            c.op in ("empty", "not_empty")
            and self.type_of(fieldname) == "int"
            and IDENTIFIER_NAME.search(fieldname)
        ):
            self._retyped_as_text(fieldname, "int")  # "nurse_id isn't blank": an id held as text
        if c.op in ("empty", "not_empty") and self.type_of(fieldname) != "string":
            c.op = c.op.replace("empty", "null")  # only text can be "": a number is missing
        kind = "string" if c.op in TEXT_OPS else self.type_of(fieldname)
        if (
            c.op in TEXT_OPS
            and self.type_of(fieldname) == "int"
            and IDENTIFIER_NAME.search(fieldname)
        ):
            self._retyped_as_text(fieldname, "int")  # "sensor_id starts with 'TEST'"
        written = c.value if isinstance(c.value, list) else [c.value]
        if (
            kind == "string"
            and c.op in ("gt", "ge", "lt", "le", "between")
            and written
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in written)
            and self.retyped_as_number(fieldname, "the request compares it with a number")
        ):
            kind = "float"  # "battery_pct is null or battery_pct < 5": the number says it
        if (
            kind == "string"
            and c.op in ("gt", "ge", "lt", "le", "between")
            and written
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in written)
        ):
            # "sla_hours > 30" on a field typed text: never a text comparison ('4' > '30')
            if not self.op_field_as_number(fieldname, "compares it with a number"):
                raise RequestNotUnderstood(
                    f"filter on {fieldname!r}: {fieldname!r} is a text field and "
                    f"{' and '.join(str(v) for v in written)} a number; a text comparison would "
                    "order by characters ('4' > '30'); type the field as a number (a spec file) "
                    "or compare it with quoted text"
                )
            kind = "float"
        value = coerce(c.value, kind)
        if c.subject == "\x01discriminator":  # "only rejected claims": in the example's case
            value = self._example_case(fieldname, value)
        numbers = value if isinstance(value, list) else [value]
        if (
            kind == "int"
            and IDENTIFIER_NAME.search(fieldname)
            and all(isinstance(v, str) for v in numbers)
            and self._retyped_as_text(fieldname, kind)
        ):
            kind, value = "string", c.value  # "desk_id 'SANDBOX'": the value says it is text
            numbers = []
        items = (
            self._written_items(c) if kind == "int" and IDENTIFIER_NAME.search(fieldname) else None
        )
        if items and self._retyped_as_text(fieldname, "int"):
            # "zone_id in ('A', 'B')" ('A' is no number one here), "checkpoint_id in (5K, 10K,
            # HALF)": a listed word that is no number makes every item text, as written
            kind, value, numbers = "string", items, []
        if kind in ("int", "float") and any(isinstance(v, str) for v in numbers):
            raise RequestNotUnderstood(
                f"filter on {fieldname!r}: {c.value!r} is not a number, and {fieldname!r} is a "
                f"number field; write the value as a number"
            )
        return fieldname, value

    def _refuse_change_words(self, c: Cond) -> None:
        """ "battery dropped by more than 20%", "amount has never been above 100": a verb or
        adverb after the field says how its value changed or is meant, never part of its name."""
        words = c.subject.split()
        at = next((i for i, w in enumerate(words) if i and w.lower() in CHANGE_OR_MODAL_WORDS), 0)
        if c.quoted or not at or self.has(c.subject) or self.has(_snake(c.subject)):
            return
        if words[at].lower() == "by" and at > 1:
            at -= 1  # "battery dropped by": the verb before 'by' says the change
        field, said = " ".join(words[:at]), " ".join(words[at:])
        raise RequestNotUnderstood(
            f"cannot read {c.subject!r} in a filter: {said!r} says how {field} changed or is "
            "meant, and a filter compares each record's own value; write the field with the "
            f'comparison right after it ("{field} > 10"), or name a field that holds the change'
        )

    def _refuse_derived_subject(self, c: Cond) -> None:
        """ "twice the amount is over 100", "the previous temperature is over 30": a multiple of
        a field, or another record's value, never a field named twice_the_amount."""
        words = c.subject.split()
        first = words[0].lower() if words else ""
        if c.quoted or len(words) < 2 or self.has(c.subject) or self.has(_snake(c.subject)):
            return
        if first in SCALING_WORDS:
            raise RequestNotUnderstood(
                f"cannot read {c.subject!r} in a filter: {words[0]!r} scales the field, and a "
                'filter compares a field as it is; scale the number instead (e.g. "amount > 50" '
                "for twice the amount over 100)"
            )
        if first in NEIGHBOUR_WORDS and "_" not in c.subject:  # "previous price_eur": asked
            # in the field's resolution (a field previous_price_eur, or price_eur?)
            raise RequestNotUnderstood(
                f"cannot read {c.subject!r} in a filter: {words[0]!r} names another record's "
                "value, and a filter looks at one record at a time; name a field of the record "
                "that holds it"
            )

    def _refuse_judgement_value(self, c: Cond) -> None:
        """ "keep readings where altitude is reasonable": a judgement of the value, never a
        text the field holds (read as altitude == 'reasonable', it would drop every record);
        only a quoted 'reasonable' is that text."""
        if c.op not in ("eq", "ne", "in", "not_in"):
            return
        values = c.value if isinstance(c.value, list) else [c.value]
        judged = next(
            (
                v
                for v in values
                if isinstance(v, str)
                and v.lower() in _JUDGEMENTS
                and re.search(rf"(?<![\w'\"`]){re.escape(v)}(?![\w'\"`])", self.text)
            ),
            None,
        )
        if judged is not None:
            raise RequestNotUnderstood(
                f"filter on {c.subject!r}: {judged!r} is a judgement, not a value the field "
                'holds; say what it means as a comparison, e.g. "altitude_m between 0 and 120" '
                f"(or quote '{judged}' if the field holds that text)"
            )

    def _refuse_status_class(self, c: Cond) -> None:
        """ "status is 5xx", "status_code in (4xx, 5xx)": every code from 500 to 599, which an
        equality with the text '5xx' would never match; only a quoted '5xx' is that text."""
        values = c.value if isinstance(c.value, list) else [c.value]
        for v in values:
            if not (isinstance(v, str) and STATUS_CLASS.fullmatch(v)):
                continue
            if re.search(rf"(?<![\w'\"`]){re.escape(v)}(?![\w'\"`])", self.text):
                low = int(v[0]) * 100
                raise RequestNotUnderstood(
                    f"cannot read {v!r} in a filter on {c.subject!r}: every code from {low} to "
                    f'{low + 99}, or the text {v!r}? Write "{c.subject} >= {low} and '
                    f"{c.subject} < {low + 100}\" for the codes, or quote '{v}' for the text"
                )

    def _stem_of_named_field(self, c: Cond) -> str:
        """ "keep readings where weight is above 3, then average weight_kg": a plain word the
        request also names with a unit or qualifier after it (weight_kg) is that field (listed),
        never a field 'weight' made up beside it; two such names: refused."""
        word = c.subject.strip()
        if c.quoted or not re.fullmatch(r"[a-z]+", word) or self.has(word):
            return c.subject
        # (a topic's name, or a name a rename gives, is no field the records carry)
        not_read = {t for _, t in self.topics} | {new for _pos, _old, new in self.renames}
        named = {
            n for n in re.findall(rf"(?<![\w.-]){word}_[a-z0-9_]*[a-z0-9](?![\w.-])", self.text)
            if n not in not_read
        }  # fmt: skip
        bare = re.findall(rf"(?<![\w.-]){word}(?![\w.-])", self.text)
        if not named or len(bare) > 1:  # "keep the fields machine_id, cost ...": named so too
            return c.subject
        if len(named) > 1:
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, c.pos, c.end or c.pos)!r}: {word!r} is "
                f"no field, and the request names {', '.join(sorted(named))}; name the field the "
                'filter compares, e.g. "keep orders where amount > 500"'
            )
        field = named.pop()
        self.assumptions.append(
            f"read {word!r} in the filter as the field {field!r}, which the request names"
        )
        return field

    def _refuse_money_word(self, c: Cond) -> None:
        """ "keep orders with takings of at least 800": a word for money taken (takings,
        revenue, turnover ...) compared per record is no field the request names; which field
        holds it? (a window's threshold on its sum is read in `_group_whose_stem`)"""
        word = c.subject.strip()
        if c.quoted or self.has(word) or not MONEY_HEAD.fullmatch(word):
            return
        raise RequestNotUnderstood(
            f"cannot read {clause_around(self.text, c.pos, c.end or c.pos)!r}: {word!r} is no "
            "field the request names; name the field "
            'the filter compares, e.g. "keep orders where amount > 500"'
        )

    def _refuse_record_noun(self, c: Cond, value: Any) -> None:
        """ "only readings over 30", "keep sessions above 20": the records the topic carries,
        compared with a number, never a field of them (unless the schema names one so)."""
        noun = c.subject.strip()
        if c.quoted or not re.fullmatch(r"[a-z]+s", noun) or self.has(noun):
            return
        own = {singular(w) for w in self.topic_words()}
        symbol = re.search(r"[<>=]", self.text[c.pos : c.end or c.pos])
        if (
            symbol
            and singular(noun) not in own
            and re.search(r"\b(?:where|whose|or|and)\s+$", self.text[: c.pos], ICASE)
        ):
            return  # "keep tabs where total > 200 or items >= 15": a field, compared by symbol
        # "keep chargebacks over 500": a plural right after the verb names the records (a kind
        # of them), never a field 'chargebacks' ("keep orders where items > 3" names a field)
        # ("keep watts > 0" compares a field: a symbol says so)
        kept = (
            _KEPT_DIRECTLY.search(self.text, 0, c.pos)
            and not re.search(r"(?:ss|us|is)$", noun)
            and not re.search(r"[<>=]", self.text[c.pos : c.end or c.pos])
        )
        if singular(noun) not in own and noun not in RECORD_NOUNS and not kept:
            return
        shown = value if not isinstance(value, float) or not value.is_integer() else int(value)
        raise RequestNotUnderstood(
            f"which field of the {noun} is compared with {shown}? '{noun}' names the records, "
            f'not a field of them; name the field, e.g. "keep sales whose amount is over 20"'
        )

    def _refuse_missing_records(self, c: Cond) -> None:
        """ "keep couriers with no orders", "drop routes without bookings": the records the
        topic carries, never a field a record may lack (it was read as 'orders is null'); a
        group without records has none to keep or count."""
        noun = c.subject.strip()
        if c.quoted or not re.fullmatch(r"[a-z]+s", noun) or self.has(noun):
            return
        own = {singular(w) for w in self.topic_words()}
        if singular(noun) not in own and noun not in RECORD_NOUNS:
            return
        words = " ".join(self.text[c.pos : c.end or c.pos].split())
        if not re.search(rf"\b(?:with\s+no|without)\s+{noun}$", words, ICASE):
            return  # "drop records where steps is null": a field, said to be one
        raise RequestNotUnderstood(
            f"cannot read {words!r}: '{noun}' names the records, not a field a record may lack, "
            f"and a group with no {noun} has no record to keep or count; to keep the records "
            'missing a field, name it ("keep events where user_id is null")'
        )

    def _written_items(self, c: Cond) -> list[str] | None:
        """The items of `c`'s list of values as the request wrote them, when one of them is a
        word that is no number ("(5K, 10K, HALF)", "('A', 'B')"); None if there is no such item
        or the written list cannot be matched item by item with the values read."""
        if c.op not in ("in", "not_in") or not isinstance(c.value, list) or not c.end:
            return None
        if not any(isinstance(v, str) and not _PLAIN_NUMBER.fullmatch(v) for v in c.value):
            return None
        listed = _WRITTEN_LIST.search(self.text, c.pos, c.end)
        if listed is None:
            return None
        parts = re.split(
            r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group("items").strip()
        )
        items = [unquote(p)[0] for p in parts]
        if len(items) != len(c.value):
            return None
        for item, read in zip(items, c.value, strict=True):
            if isinstance(read, str) and item != read:
                return None
            if not isinstance(read, str) and not _same_value(_number_or_none(item), read):
                return None
        return items

    def _retyped_as_text(self, fieldname: str, kind: str) -> bool:
        """An identifier whose int type was only guessed from its name ("desk_id") becomes text
        when the request compares it with text; a type a sample, a typed field list or a preset
        gives stands, and a measure ("amount") is never retyped."""
        guessed = f"; added it as {kind}"
        for i, note in enumerate(self.assumptions):
            if note.startswith(f"field {fieldname!r} (") and note.endswith(guessed):
                for f in self.fields:
                    if f["name"] == fieldname:
                        f["type"] = "string"
                self.assumptions[i] = note.removesuffix(guessed) + (
                    "; added it as string (the request compares it with quoted text)"
                )
                return True
            # "(store_id, sku, amount)": a listed field's type guessed the same way
            if note.startswith(f"field {fieldname!r} is listed without a type; typed {kind} "):
                for f in self.fields:
                    if f["name"] == fieldname:
                        f["type"] = "string"
                self.assumptions[i] = (
                    f"field {fieldname!r} is listed without a type; typed string (the request "
                    "compares it with quoted text)"
                )
                return True
        return False

    def _optional(self, fieldname: str) -> None:
        """A field the request tests for null may be missing: not required in the schema."""
        for f in self.fields:
            if f["name"] == fieldname and f["required"]:
                f["required"] = False
                self.assumptions.append(
                    f"field {fieldname!r} is optional (the request tests whether it is missing)"
                )

    @staticmethod
    def _atom(c: Cond, fieldname: str, value: Any, op: str | None = None) -> str:
        """One condition in the expression language (a group's items carry no negation)."""
        op = op or c.op
        if isinstance(value, FieldRef):
            return f"{fieldname} {EXPR_OPS[op]} {value}"
        # a float field's value as the request wrote it: "amount > 100", not "amount > 100.0"
        if isinstance(value, list):
            value = [_as_written(v, w) for v, w in zip(value, c.value, strict=False)]
        else:
            value = _as_written(value, c.value)
        if op in TEXT_OPS:
            fn = op.removeprefix("not_")
            call = f"{fn}({fieldname}, {_expr_literal(value)})"
            return f"not {call}" if op.startswith("not_") else call
        if op in ("null", "not_null"):
            return f"{fieldname} is {'not ' if op == 'not_null' else ''}None"
        if op == "not_empty":
            return f'({fieldname} is not None and {fieldname} != "")'
        if op == "empty":
            return f'({fieldname} is None or {fieldname} == "")'
        if op in ("in", "not_in"):
            items = ", ".join(_expr_literal(v) for v in value)
            return f"{fieldname} {'not in' if op == 'not_in' else 'in'} [{items}]"
        return f"{fieldname} {EXPR_OPS[op]} {_expr_literal(value)}"

    def _where(self, text: str, c: Cond) -> dict[str, Any]:
        """A `where` filter, checked against the schema now and written in canonical form."""
        types = {str(f["name"]): f["type"] for f in self.fields} | dict(self.added_by_ops)
        try:
            expr = parse_expression(text, types, expect="bool")
        except ExpressionError as error:
            words = self.text[c.pos : c.end].strip()
            raise RequestNotUnderstood(f"cannot read {words!r} as a filter: {error}") from None
        reads = sorted(fields_read(expr))
        return {"kind": "filter", "where": describe(expr), "_reads": reads}


def _like(written: str, words: str) -> tuple[str, str]:
    """ "like 'x%'" -> startswith x, "'%x'" -> endswith, "'%x%'" -> contains; a pattern with
    '_' or a '%' inside is refused (the expression language has no pattern match)."""
    negated = re.search(r"\bnot\s+(?:like|match)\b|\bdoesn't\s+match\b", words, ICASE) is not None
    pattern = unquote(written)[0]
    core = pattern.strip("%")
    if "%" in core or "_" in core or not core:
        raise RequestNotUnderstood(
            f"the offline parser does not read the LIKE pattern {pattern!r} in {words!r}: it "
            "reads 'x%' (starts with), '%x' (ends with) and '%x%' (contains); write the "
            "condition with starts with / ends with / contains, or write the pipeline as a spec "
            "file with a `where` expression"
        )
    if pattern.startswith("%") and pattern.endswith("%"):
        op = "contains"
    elif pattern.endswith("%"):
        op = "startswith"
    else:
        op = "endswith"
    return ("not_" + op if negated else op), core


def _same_value(a: Any, b: Any) -> bool:
    """Two values of a condition said twice: 10 and 10.0 are the same."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return float(a) == float(b) if numbers else a == b


def _leaves(c: Cond) -> list[Cond]:
    """The comparisons of a group, inner groups flattened."""
    return [leaf for item in c.items for leaf in (_leaves(item) if item.op == "group" else [item])]


EXPR_OPS = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def _expr_literal(value: Any) -> str:
    """A constant in the expression language (Python syntax)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


# a value written as digits only; a list's items written in brackets or parentheses
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_WRITTEN_LIST = re.compile(r"[(\[](?P<items>[^()\[\]]*)[)\]]")


def _number_or_none(text: str) -> Any:
    """ "5K" -> 5000, as a listed number is read; None when the text is no number."""
    try:
        return number(text)
    except ValueError:
        return None


def _as_written(value: Any, written: Any) -> Any:
    """A float value back as the integer the request wrote ("> 100" stays 100)."""
    if isinstance(value, float) and isinstance(written, int) and not isinstance(written, bool):
        return int(value)
    return value


# "total > 5 (that's when the amount is over 100)", "x > 5, i.e. when y is above 9": a second
# condition said as a restatement of the one before. Read only when it is the same condition
# said again; another field or bound may be the same records said differently or one more
# condition, which the reader cannot tell, so it is refused.
_RESTATING = re.compile(
    r"(?:\(|,|\s-+|[\u2013\u2014])\s*(?:so\s+)?(?:basically\s*,?\s*)?(?:that's|that\s+is|i\.e\.?"
    r"|which\s+means|which\s+is|meaning|in\s+other\s+words|aka|or\s+rather|put\s+differently"
    r"|basically)\s*,?\s*(?:(?:just|basically|roughly|about)\s+)?(?:when|where|if|whenever"
    r"|(?:the\s+)?(?:ones|records|events|[a-z]+s)\s+(?:with|where|whose)|with)?\s*(?:the\s+)?$",
    ICASE,
)


def _cond_key(c: Cond) -> tuple[str, str, object]:
    subject = re.sub(r"^(?:the|its|their)\s+", "", c.subject.strip().lower())
    return (subject, c.op, c.value)


def refuse_restating_aside(text: str, conds: list[Cond]) -> None:
    """Refuse a condition said as a restatement of the one before ("total > 5 (that's when the
    amount is over 100)") unless it is that condition again."""
    ordered = sorted((c for c in conds if not c.items), key=lambda c: c.pos)
    for before, c in pairwise(ordered):
        gap = text[before.end : c.pos]
        if before.end <= 0 or len(gap) > 60 or not _RESTATING.search(gap):
            continue
        if _cond_key(before) != _cond_key(c):
            said = " ".join(text[before.pos : c.end].split())
            raise RequestNotUnderstood(
                f"cannot tell whether {' '.join(text[c.pos : c.end].split())!r} says "
                f"{' '.join(text[before.pos : before.end].split())!r} again or adds a condition "
                f"(in {said!r}): write one condition, or join both with 'and'"
            )
