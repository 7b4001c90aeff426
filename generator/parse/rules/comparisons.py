"""Recogniser: one condition read in full ("amount > 100", "price heavier than 150", "orders over
$100", "gross_kg - tare_kg > 20000", "status is completed"): its operators and symbols, arithmetic
on fields, comparative adjectives of a measure, money and units, and the clause of conditions joined
by and/or that the filter readers hand it (filters.py opens the clauses)."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import FILLER
from .aggregate_phrases import IN_A_ROW
from .fields import SchemaResolver
from .lexicon import (
    AGG_WORDS,
    COUNT_NOUNS,
    DROP_VERB,
    FIELD,
    IT,
    MASK,
    NEGATE,
    NOT_A_NAME,
    QUOTED,
    STOP,
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
    ICASE,
    LONG_UNIT,
    NUM,
    SPAN_BEFORE_AGG,
    UNIT_AFTER,
    UNIT_FAMILY,
    WN,
    field_units,
    ms_text,
    number,
    time_factor,
    unit_of,
)
from .scope import clause_around
from .state import Cond

# Comparison operators, longest phrasing first.
# Comparatives of one measure ("warmer than 5" of a temperature, "weaker than -80" of a
# signal): read as above/below only on a field whose name holds that measure (see
# `_MEASURE_ADJECTIVES`; "price_eur warmer than 5" is refused).
_MORE_OF_A_MEASURE = "hotter|warmer|stronger|louder|faster|older|pricier|costlier|dearer"
_LESS_OF_A_MEASURE = "colder|cooler|weaker|quieter|softer|slower|younger|cheaper"
MEASURE_COMPARATIVES = f"{_MORE_OF_A_MEASURE}|{_LESS_OF_A_MEASURE}"


# "amplitude_deg must be >= 220", "load_kg should not exceed 500": a rule the records meet, read
# as a filter that drops the others (listed, see filters.MUST_COMPARE); a number must follow,
# never a span before or after something ("the entry must be at most 4 hours before the exit":
# a join's bound)
_MUST = r"(?:must|should|has\s+to|needs\s+to)"
_THEN_NUMBER = (
    r"(?=\s*[$€£¥]?\s?-?\d)(?!\s*-?\d[\d,.]*\s*[A-Za-z]+\s+(?:before|after|earlier|later|either"
    r"|of|from|apart)\b)"
)
MODAL_BOUNDS = {
    "ge": rf"{_MUST}\s+be\s+(?:at\s+least|>=|\u2265|no\s+less\s+than|greater\s+than\s+or\s+equal\s+to"
          r"|(?:equal\s+to\s+or\s+)?(?:greater|more|higher|larger|bigger)\s+than\s+or\s+equal\s+to)"
          rf"{_THEN_NUMBER}"
          rf"|{_MUST}\s+(?:not|never)\s+be\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than"
          rf"|fewer\s+than){_THEN_NUMBER}",
    "le": rf"{_MUST}\s+be\s+(?:at\s+most|<=|\u2264|no\s+more\s+than|less\s+than\s+or\s+equal\s+to"
          rf"|(?:lower|smaller|fewer)\s+than\s+or\s+equal\s+to){_THEN_NUMBER}"
          rf"|{_MUST}\s+(?:not|never)\s+(?:exceed|go\s+(?:above|over)|be\s+(?:above|over|more\s+than"
          rf"|greater\s+than|higher\s+than|larger\s+than|bigger\s+than)){_THEN_NUMBER}",
    "gt": rf"{_MUST}\s+(?:exceed|be\s+(?:>(?!=)|above|over|greater\s+than|more\s+than|higher\s+than"
          rf"|larger\s+than|bigger\s+than)){_THEN_NUMBER}",
    "lt": rf"{_MUST}\s+be\s+(?:<(?!=)|below|under|less\s+than|lower\s+than|smaller\s+than|fewer\s+than)"
          rf"{_THEN_NUMBER}",
}  # fmt: skip
# (values next, never a determiner: "must be one of the regions we track" names none)
_THEN_VALUES = (
    r"(?=\s*['\"]?\w)(?!\s*(?:the|a|an|our|your|their|its|these|those|them|us|several|many"
    r"|few|some|two|three|four|five)\b)"
)
MODAL_LISTS = {
    "in": rf"{_MUST}\s+be\s+(?:one|any)\s+of(?:\s+the\s+following)?\s*:?{_THEN_VALUES}",
    "not_in": rf"{_MUST}\s+(?:not|never)\s+be\s+(?:one|any)\s+of(?:\s+the\s+following)?\s*:?"
              rf"{_THEN_VALUES}",
}  # fmt: skip


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
    # "trial_class must be one of: Open, Nursery", "should not be any of ...": a rule the
    # records meet (listed as a filter, see filters.MUST_COMPARE)
    ("not_in", MODAL_LISTS["not_in"] + r"|"
               r"is\s+not\s+in\s+(?:the\s+(?:following\s+)?|this\s+)(?:list|set)(?:\s+of)?\s*:?"
               r"|is\s+not\s+one\s+of\s+the\s+following\s*:?|is\s+not\s+one\s+of\s*:|is\s+none\s+of\s*:|is\s+not\s+in\s*:|is\s+not\s+one\s+of|not\s+one\s+of|is\s+not\s+in|not\s+in|is\s+none\s+of"
               r"|none\s+of|isn't\s+one\s+of|isn't\s+any\s+of|is\s+not\s+any\s+of"
               # "region isn't in ('north', 'south')", "is not among 'a', 'b'"
               r"|isn't\s+in|aren't\s+in|are\s+not\s+in|(?:is\s+|are\s+)?not\s+among|isn't\s+among"
               r"|is\s+neither|neither"),
    # ("carrier is one of: DHL, UPS, FedEx": the list after a colon)
    ("in", MODAL_LISTS["in"] + r"|"
           r"is\s+in\s+(?:the\s+(?:following\s+)?|this\s+)(?:list|set)(?:\s+of)?\s*:?"
           r"|is\s+one\s+of\s+the\s+following\s*:?|is\s+one\s+of\s*:|is\s+any\s+of\s*:|is\s+in\s*:"
           r"|is\s+one\s+of|one\s+of|is\s+any\s+of|any\s+of|is\s+either|either|is\s+in|in"
           r"|(?:is|are)\s+among"),
    ("ge", MODAL_BOUNDS["ge"] + r"|"
           r"is\s+greater\s+than\s+or\s+equal\s+to|greater\s+than\s+or\s+equal\s+to|is\s+at\s+least"
           r"|at\s+least|>=|is\s+no\s+less\s+than|no\s+less\s+than|\u2265"
           r"|is\s+not\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than)"
           r"|isn't\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than)"
           r"|is\s+(?:greater|more|higher|larger|bigger)\s+than\s+or\s+equal\s+to"
           r"|(?:is\s+)?(?:greater|more|higher|larger|bigger)\s+(?:than\s+)?or\s+equal(?:\s+(?:to|than))?"
           # "amount exceeds or equals 100", "equals or exceeds 100"
           r"|exceeds?\s+or\s+equals?(?:\s+to)?|equals?\s+or\s+exceeds?"
           # "is equal to or greater than 30", "equal or above 30": the equality said first
           r"|(?:is\s+)?equal\s+(?:to\s+)?or\s+(?:greater|more|higher|larger|bigger|above|over)"
           r"(?:\s+than)?"
           # "when temp_c reaches 30", "hits 100": a bound reached (never "hits 30 or more",
           # whose "or more" says it)
           r"|(?:reaches|reached|hits)(?=\s+[$€£¥]?\s?-?\d)"
           r"(?!\s+[$€£¥]?\s?-?\d[\d,.]*\s*[kK%]?\s+(?:or|and)\s)"
           # (nor "a user hits 3 errors": a count of things, said with their plural)
           r"(?!\s+[$€£¥]?\s?-?\d[\d,.]*\s*[A-Za-z]{2,}s\b)"
           # non-native English: "is not less of 5", "not less then 5"
           r"|(?:is\s+)?not\s+(?:less|lower|smaller)\s+(?:of|then)(?=\s*[$€£¥]?\s?-?\d)"),
    ("le", MODAL_BOUNDS["le"] + r"|"
           r"is\s+less\s+than\s+or\s+equal\s+to|less\s+than\s+or\s+equal\s+to|is\s+at\s+most"
           r"|at\s+most|<=|is\s+no\s+more\s+than|no\s+more\s+than|does\s+not\s+exceed"
           r"|doesn't\s+exceed|\u2264"
           r"|is\s+not\s+(?:above|over|more\s+than|greater\s+than|higher\s+than|larger\s+than)"
           r"|isn't\s+(?:above|over|more\s+than|greater\s+than|higher\s+than|larger\s+than)"
           r"|(?:is\s+)?(?:less|lower|smaller|fewer)\s+(?:than\s+)?or\s+equal(?:\s+(?:to|than))?"
           # "is equal to or less than 5", "equal or below 5"
           r"|(?:is\s+)?equal\s+(?:to\s+)?or\s+(?:less|lower|smaller|fewer|below|under)"
           r"(?:\s+than)?"
           # non-native English: "is not more of 5", "not bigger then 5"
           r"|(?:is\s+)?not\s+(?:more|bigger|greater|higher|larger)\s+(?:of|then)"
           r"(?=\s*[$€£¥]?\s?-?\d)"),
    ("ne", r"is\s+anything\s+(?:but|other\s+than|except)|is\s+not\s+equal\s+to|not\s+equal\s+to"
           # "status not equal 'OFFLINE'", "is unequal to 0", "not = 'X'": terse or non-native
           r"|(?:is\s+)?not\s+equals?|(?:is\s+)?unequal(?:\s+to)?|not\s*==?(?!=)"
           # "country is different from 'US'": never the value 'different'
           r"|(?:is|are)\s+different\s+(?:from|than|to)|different\s+from|differs?\s+from"
           r"|(?:is|are)\s+not\s+the\s+same\s+as|(?:is|are)\s+unlike"
           r"|does\s+not\s+equal|doesn't\s+equal"
           r"|is\s+not|isn't|!=|<>|\u2260|is\s+other\s+than|other\s+than|differs\s+from"),
    ("gt", MODAL_BOUNDS["gt"] + r"|"
           r"is\s+greater\s+than|greater\s+than|is\s+more\s+than|more\s+than|is\s+above|above"
           r"|is\s+over|over|exceeds|exceeded|exceed|>|is\s+larger\s+than|larger\s+than|surpass(?:es)?"
           r"|is\s+bigger\s+than|bigger\s+than|is\s+higher\s+than|higher\s+than|goes\s+above"
           # "alert if total_claimed goes over 100000"
           r"|goes\s+over|goes\s+beyond|rises\s+above|climbs\s+above"
           r"|tops|topped"
           # "dives deeper than 40 metres": a comparative of the field's own measure (never
           # "hotter than": h12_f14 keeps a word of heat before "than" refused)
           r"|(?:is\s+)?(?:deeper|heavier|longer|taller|wider)\s+than"
           # "signal_dbm stronger than -80", "temp_c warmer than 5": said only of a field that
           # holds that measure (`_refuse_misfit_comparative`)
           rf"|(?:is\s+)?(?:{_MORE_OF_A_MEASURE})\s+than"
           # non-native English: "is more big than 0", "bigger then 5" (a number follows)
           # ("bigger as 5": the German "als")
           r"|(?:is\s+)?more\s+(?:big|bigger|large|larger|great|greater|high|higher)\s+than"
           r"|(?:is\s+)?(?:more\s+(?:big|large|high)|more|greater|bigger|larger|higher)\s+(?:then|as)"
           r"(?=\s*[$€£¥]?\s?-?\d)"),
    ("lt", MODAL_BOUNDS["lt"] + r"|"
           r"is\s+less\s+than|less\s+than|is\s+below|below|is\s+under|under|<|is\s+smaller\s+than"
           r"|smaller\s+than|is\s+lower\s+than|lower\s+than|fewer\s+than|drops\s+below"
           r"|goes\s+below|goes\s+under|falls\s+below|dips\s+below"
           r"|(?:is\s+)?(?:shallower|lighter|shorter|narrower)\s+than"
           rf"|(?:is\s+)?(?:{_LESS_OF_A_MEASURE})\s+than"
           # non-native English: "is more small than 5", "smaller then 5" (a number follows)
           r"|(?:is\s+)?more\s+(?:small|smaller|little|low|lower)\s+than"
           r"|(?:is\s+)?(?:more\s+(?:small|little|low)|less|smaller|lower|fewer)\s+(?:then|as)"
           r"(?=\s*[$€£¥]?\s?-?\d)"),
    ("eq", r"is\s+equal\s+to|equal\s+to|equals|equal|==|=|is|matches"
           # "amount_usd of 50000 or more", "amount 100 or higher": a bound with no comparison
           # word before it (OR_MORE makes it ge/le); a currency may come between ("refunds of
           # 50 euros or more": read after the number, `_currency_of`)
           r"|(?:of\s+)?(?=[$€£¥]?\s?\d[\d,.]*\s*[kK]?"
           r"(?:\s+(?:dollars?|usd|euros?|eur|pounds?|gbp|yen|jpy|bucks|quid))?"
           r"\s+(?:or|and)\s+(?:more|greater|higher|above"
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
                  r"|not\s+empty|not\s+blank"
                  # "badge must not be empty": a rule on the records, read as a filter (listed)
                  rf"|{_MUST}\s+(?:not|never)\s+be\s+(?:empty|blank)|{_MUST}\s+be\s+non-?\s?(?:empty|blank)"
                  r"|(?:can't|cannot|can\s+not)\s+be\s+(?:empty|blank)"),
    ("not_null", r"is\s+not\s+null|is\s+not\s+missing|is\s+present|is\s+set"
                 # "unless tier is already set": the adverb is no value
                 r"|is\s+already\s+(?:set|present|populated|filled(?:\s+in)?|there|defined|given"
                 r"|provided|known)"
                 r"|is\s+defined|exists|is\s+non-?\s?null|is\s+not\s+none"
                 r"|is\s+populated|is\s+filled(?:\s+in)?|is\s+provided"
                 r"|is\s+given|has\s+a\s+value|is\s+there"
                 r"|isn't\s+(?:null|missing|none|absent)"
                 # "keep fault_code not null": SQL's NOT NULL, terse
                 r"|not\s+null|not\s+missing"
                 # "machine_id must not be null", "ring_number must be present": a rule on the
                 # records, read as a filter (listed, see filters.MUST_NOT_BE_EMPTY)
                 rf"|{_MUST}\s+(?:not|never)\s+be\s+(?:null|missing|none)"
                 rf"|{_MUST}\s+be\s+(?:present|set|populated|filled\s+in|non-?\s?null|not\s+null)"
                 r"|(?:can't|cannot|can\s+not)\s+be\s+(?:null|missing)"),
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
        # "drop scans without a tag_id (must be present)": the rule the kept meet, said again
        # ("(must be non-empty)" says more: "" is empty too, so it is no null test said again)
        r"|(?:(?:it|they)\s+)?(?:must|should)\s+(?:be\s+(?:non-?\s?null|present|set|filled\s+in)"
        r"|not\s+be\s+(?:null|missing))"
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
# "drop messages without a phone_number (must be non-empty)": the rule the kept meet, said
# again with more: no empty text ("") either, so the test becomes the emptiness test
NON_EMPTY_AGAIN = re.compile(
    r"\s*\(\s*(?:(?:it|they)\s+)?(?:must|should)\s+(?:be\s+non-?\s?(?:empty|blank)"
    r"|not\s+be\s+(?:empty|blank))\s*\)",
    ICASE,
)
# "drop anything where badge_id is null (keep only not null badge_id)": the records kept, said
# again with the field's name (read only when it is the condition's field and the kept records
# are those with a value)
KEPT_NOT_NULL_AGAIN = re.compile(
    r"\s*\(\s*(?:(?:i\.e\.|so)\s*,?\s*)?(?:keep(?:ing)?\s+|pass(?:ing)?\s+)?only\s+(?:the\s+)?"
    r"(?:(?:rows|records|events|ones|entries)\s+(?:with|where|that\s+have)\s+(?:an?\s+)?)?"
    r"(?:(?:not[\s-]+null|non-?\s?null)\s+(?P<f>[A-Za-z_]\w*)"
    r"|(?P<f2>[A-Za-z_]\w*)\s+(?:is\s+)?(?:not[\s-]+null|non-?\s?null))\s*\)",
    ICASE,
)
_NULL_OPPOSITE = {
    "null": "not_null",
    "not_null": "null",
    "empty": "not_empty",
    "not_empty": "empty",
}


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
    # ("one of 12-inch or 7-inch": a number joined to a word by a dash is a word, see the next)
    rf"|(?:[$€£¥]\s?)?(?P<num>{NUM})(?![\w]|\.[\w.]|-[A-Za-z])"
    # (never a word before "than": "is grater than 12" is a misspelt comparison, no value)
    # (nor a level before "percentile": "p99_x = 99th percentile of x" defines an aggregate)
    r"|(?P<word>[\w.@/:+-]+)(?![\w.@/:+-]|\s+than\b|[\s-]+(?:percentile|pct|%ile)\b)"
)


SUBJ = (
    # ("with any status other than 'draft'": a determiner, never part of the field's name)
    rf"(?:the\s+|its\s+|their\s+|an?\s+|any\s+|some\s+)?(?P<subj>{FIELD}(?:\s+[A-Za-z_]\w*(?:'s)?){{0,3}}?)"
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
    rf"{ARITH_SUBJ}\s*(?:is\s+|are\s+)?(?:{OP_RE})\s*(?:[$€£¥]\s?)?(?P<num>{NUM})(?![\w%]|\.[\w.])",
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


FILLER_NOUNS = (
    r"(?:entries|records|events|rows|messages|ones|items|those|orders|clicks|logs|transactions"
    r"|payments|readings|lines|data|sales|purchases|requests|users|customers|signups|logins"
    r"|visits|views|devices|calls|connections"
    # what a measuring device sends, never a kind of business record
    r"|samples|measurements|observations|positions|snapshots|datapoints)"
)


AGG_PLURALS = ("counts", "totals", "sums", "averages")


# "contains 'timeout' or 'refused'", ", 'a', 'b' or 'c'": more quoted values for a text match
TEXT_OR_VALUES = re.compile(
    rf"(?:\s*,\s*(?:or\s+)?(?:{QUOTED}))*(?:\s*,)?\s+or\s+(?:{QUOTED})", ICASE
)


# "(discount is a fraction)", "share is stored as a ratio", "ctr, a value from 0 to 1": what
# the request says a field holds, read before a percentage is compared with it
_FRACTION_SAID = (
    r"\s*(?:,\s*|\(\s*)?(?:(?:is|are)\s+)?(?:(?:stored|held|given|kept|expressed|recorded)"
    r"\s+)?(?:as\s+|in\s+)?(?:an?\s+)?(?:(?:decimal\s+)?fractions?|ratios?"
    r"|(?:value\s+)?from\s+0(?:\.0)?\s+to\s+1(?:\.0)?\b"
    r"|0(?:\.0)?\s*(?:-|\u2013|\.\.)\s*1(?:\.0)?\b)"
)


def _said_a_fraction(text: str, subject: str) -> re.Match[str] | None:
    """Where the request says the field holds a fraction (0 to 1), not a percentage."""
    name = re.escape(subject).replace(r"\ ", r"[\s_]+")
    return re.search(rf"(?<![\w-]){name}(?![\w-]){_FRACTION_SAID}", text, ICASE)


# "contains 'refund' (case-insensitive)", "status = 'open', ignoring case": the text is
# compared in lower case on both sides
CASE_FREE = re.compile(
    r"\s*(?:\(\s*case[\s-]*insensitive(?:ly)?(?:\s+match(?:ing)?)?\s*\)"
    r"|,?\s*(?:ignoring|regardless\s+of|whatever\s+the)\s+(?:the\s+)?(?:letter\s+)?case\b"
    r"|,?\s*case[\s-]*insensitive(?:ly)?(?:\s+match(?:ing)?)?\b"
    r"|,?\s*in\s+any\s+(?:letter\s+case|capitali[sz]ation)\b"
    r"|,?\s*(?:in\s+)?(?:upper|lower)\s+or\s+(?:upper|lower)\s*case\b)",
    ICASE,
)


PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b|pct\b)", ICASE)


# Words naming a weight: "pounds" said of them is lb, never GBP ("weight over 30 pounds")
WEIGHT_WORDS = frozenset({"weight", "weights", "mass", "load", "payload", "tonnage", "heavy"})


CURRENCY_AFTER = re.compile(
    r"\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|yen|jpy|bucks|quid)\b", ICASE
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
    # the comparatives of one measure (`_MORE_OF_A_MEASURE`): refused on any other field
    "hotter warmer colder cooler": (
        word_set("temp temps temperature temperatures heat celsius fahrenheit degc degf degrees"),
        frozenset({"temperature"}),
    ),
    "stronger weaker": (
        word_set("signal strength rssi snr dbm wind gust gusts force torque grip magnitude"),
        frozenset({"loudness", "power"}),
    ),
    "louder quieter softer": (
        word_set("noise sound loudness db dba decibels spl"),
        frozenset({"loudness"}),
    ),
    "faster slower": (
        word_set("speed speeds velocity kmh kph mph knots rpm cadence"),
        frozenset({"speed", "frequency"}),
    ),
    "older younger": (word_set("age ages"), frozenset()),
    "pricier costlier dearer cheaper": (
        word_set("price prices cost costs fee fees fare fares amount total spend charge value")
        | frozenset({"usd", "eur", "gbp", "chf", "cad", "aud", "jpy"}),
        frozenset(),
    ),
}
# Words before a comparative that name no field ("pings that are weaker than -80").
_NO_FIELD = word_set(
    "that which who it they those ones anything everything any all anyone anybody everyone"
    " everybody someone somebody"
)
# The comparatives read only where the field's name holds their measure.
_STRICT_ADJECTIVES = frozenset(f"{_MORE_OF_A_MEASURE}|{_LESS_OF_A_MEASURE}".split("|"))


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
    rf"|shorter|{_MORE_OF_A_MEASURE}|{_LESS_OF_A_MEASURE})\s+th[ae]n\b",
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


# The currency a word or sign names, and a field's name ("tip_gbp"): never mixed.
CURRENCY_CODE = {"dollar": "usd", "dollars": "usd", "usd": "usd", "bucks": "usd", "$": "usd",
                 "euro": "eur", "euros": "eur", "eur": "eur", "€": "eur", "pound": "gbp",
                 "pounds": "gbp", "gbp": "gbp", "quid": "gbp", "£": "gbp",
                 "yen": "jpy", "jpy": "jpy", "¥": "jpy"}  # fmt: skip


OR_MORE = re.compile(
    r"\s+(?:or|and)\s+(?:(?P<up>more|greater|higher|above|over|larger|bigger|up|longer)"
    r"|(?P<down>less|fewer|lower|below|under|smaller|shorter))\b(?!\s*(?:than\s+)?[$€£¥]?\d)",
    ICASE,
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
    # ("Only report windows where ...": the output verb after "only")
    r"|let\s+through|(?:(?:only|just)\s+)?(?:report\w*|output\w*)|only|just|for)\s+"
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


# "... isn't in Redis, send the record to the dead-letter topic x": a lookup's miss, then the
# route of the records it misses, in the same sentence
_MISS_ROUTED = re.compile(
    r"[^.;!?\n]*?\b(?:go|goes|send|route|move|put|divert|be\s+sent|sent)\b[^.;!?\n]*?"
    r"\b(?:dead[\s-]*letter|dlq)(?:\s+(?:topic|queue))?(?:\s+(?P<n>[`'\"]?[\w.-]*\w[`'\"]?))?",
    ICASE,
)


# "between 10 and 20 inclusive", "(inclusive of both)", "(both ends included)": what the two
# bounds already say.
_BOTH_KEPT = (
    r"(?:(?:both\s+(?:ends\s+|bounds\s+)?)?inclusive(?:\s+(?:of\s+|at\s+)?(?:both(?:\s+ends)?"
    r"|each\s+end))?|(?:both\s+)?(?:ends|bounds)\s+(?:included|inclusive))"
)
INCLUSIVE = re.compile(
    rf"\s*(?:\(\s*{_BOTH_KEPT}\s*\)|,?\s*{_BOTH_KEPT}\b|,?\s*inclusively\b)",
    ICASE,
)


def _closed_range(found: list[Cond]) -> bool:
    """The last two conditions read are the two bounds of one field's range (>=, <=)."""
    last = found[-2:]
    return [c.op for c in last] == ["ge", "le"] and len({c.subject for c in last}) == 1


# "weight_g between 5 and 40 grams (at least 5 and at most 40)", "(5 to 40)", "(inclusive)":
# an aside after a range (and its unit) restating the two bounds it read; the numbers are
# checked against the bounds (`_bounds_restated`), so an aside with other numbers stays unread
_BOUNDS_ASIDE = re.compile(
    r"(?P<unit>\s+(?:°\s?[CF]|[A-Za-z%/]+))?\s*(?P<aside>\(\s*(?:(?:both\s+(?:ends\s+)?)?"
    r"inclusive|(?:(?:at\s+least|>=|\u2265|no\s+less\s+than|min(?:imum)?)\s*(?P<a>-?[\d.]*\d)\s*"
    r"(?:and|,)\s*(?:at\s+most|<=|\u2264|no\s+more\s+than|max(?:imum)?)\s*(?P<b>-?[\d.]*\d)"
    r"|(?:from\s+)?(?P<a2>-?[\d.]*\d)\s*(?:to|-|\u2013|\.\.)\s*(?P<b2>-?[\d.]*\d)"
    r"(?:\s*,?\s*(?:both\s+(?:ends\s+)?)?inclusive)?))\s*\))",
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


# Words in "-ly" that may name a field: nouns, and adjectives of a period or a kind
NOUNS_IN_LY = word_set(
    """daily weekly monthly yearly hourly quarterly nightly biweekly annually family supply
    assembly anomaly reply apply rally ally belly jelly italy july poly lily early only
    friendly holy ugly lonely lovely elderly costly likely"""
)


# Words of a field's name that say it counts something ("n_errors", "error_total")
_COUNT_WORDS = word_set("count counts cnt num number n total qty quantity tally")


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


# A bound said with a verb of movement and no subject ("or rises above 50.2"), or of staying
# ("exceeds 50 but stays under 150": the same field, never a field 'stays')
MOVED_BOUND = re.compile(
    r"\s*(?P<v>(?:go|rise|climb|fall|drop|dip|get|jump|spike|shoot|surge|soar|plunge|plummet"
    r"|sink|slip|creep|move|head|swing|stay|remain|sit|hold|keep)(?:e?s)?|ends?\s+up)\s+(?=(?:above|over|beyond|below|under)\b)",
    ICASE,
)


# "... or is missing", "... and is not null": the same field said absent (or present)
ELIDED_NULL = re.compile(
    r"(?:is\s+|was\s+)?(?:(?P<not>not\s+)(?:null|missing|set)|(?:null|missing|absent|unset|not\s+set))"
    r"(?=\s*(?:[,;.)]|$|\x00|\s+(?:and|or|then|but)\b))",
    ICASE,
)


# The word after an elided bound's number ("or more than 3 items")
_WORD_AFTER = re.compile(r"\s+(?P<w>[A-Za-z]+)\b")


# "litres isn't under 5 or over 50": a bound said with a negation, which a second bound with no
# verb of its own may share or not (see `_elided`)
_NEGATED_BOUND = re.compile(
    r"\b(?:not|isn't|aren't|wasn't|weren't|never)\s+(?:greater|more|less|fewer|above|below|over"
    r"|under|at\s+least|at\s+most|smaller|larger|bigger|higher|lower|exceed)",
    ICASE,
)


# "status is not 'cancelled' and not 'refunded'": another value the same field must not have
ELIDED_NOT = re.compile(rf"(?:is\s+)?(?:not|isn't)\s+(?P<q>{QUOTED})", ICASE)


# "country is not US, not CA and not MX": more values the field must not have, each after a
# 'not' of its own (a comma opens the list; a bare value ends where a comma, a connective or
# the sentence does: "not shipped yet" is no value)
NOT_ITEM = re.compile(
    r"(?P<sep>\s*,\s*(?:and\s+)?|\s+and\s+)(?:is\s+|isn't\s+)?not\s+"
    rf"(?:(?P<q>{QUOTED})|(?P<word>[\w.@/+-]*\w)"
    r"(?=\s*(?:[,;)]|\.(?:\s|$)|$|\s+(?:and|or|then|but)\b)))",
    ICASE,
)


# "one of declined, reversed, and push them ...": a connective ends the list, never a value.
# A word for a missing value in a list of values ("status is paid or null"): not a text value.
NULL_IN_LIST = re.compile(
    r"\b(?:null|none|nil|missing|empty|blank|absent|unset|not\s+set)\b", ICASE
)

# A word that starts the next clause ("..., write to ClickHouse x", "send them to") is no value.
# ("channel not in app, web, store the rest in ...": a sink verb and its object end the list)
_NOT_LIST_ITEM = (
    # ("region in north, south, so compute ...": a lower-case connective opening the next
    # clause ends the list too; "SO" in capitals may be a code)
    # ("format is one of LP, CD or MC, into clickhouse x": the sink's own preposition, no value)
    r"(?!(?:and|n?or|then)\b|(?-i:so|but|because|since)\b|(?:to|into|onto)\s"
    r"|[\w.-]+\s+(?:to|into|onto|them|it|everything|the\s+rest|all)\b"
    # "country in DE, FR or status is ok": a field compared next, never a value
    # ("... or EDI3 are forwarded": the list's records, not a field)
    r"|[\w.-]+\s+(?:is|isn't|equals)\s+(?!(?:kept|dropped|forwarded|sent|written|removed"
    r"|excluded|included|ignored|skipped|published)\b)|[\w.-]+\s*(?:[=<>]|!=)"
    r"|(?:store|save|write|send|publish|print|load|insert|push|emit|output|forward|dump|land)"
    # ("neither cancelled nor refunded, write \x00...": the verb of a sink another reader took)
    r"\s+(?:the|them|it|all|everything|those|these|results?|in|into|to)\b"
    r"|(?:store|save|write|send|publish|print|load|insert|push|emit|output|forward|dump|land)"
    r"\s*\x00)"
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


# the records named again with a relative of their own, after "and" ends a condition
RECORDS_AGAIN = re.compile(r"(?:all\s+|any\s+|the\s+)?[a-z]+s\s+(?:where|whose)\s", ICASE)


# "length of name", "the year of created_at": a function of a field
FUNCTION_OF = re.compile(
    r"(length|len|size|abs|absolute\s+value|lower\s*case|upper\s*case|lower|upper|year|month"
    r"|day|hour|minute|date|weekday|day\s+of\s+(?:the\s+)?week|number\s+of\s+characters)"
    r"\s+of\s+(?=\S)",
    ICASE,
)


# "level is ERROR or worse": words that bound a value, never a second value
NOT_OR_VALUE = word_set(
    """worse better higher lower above below more less greater up down later earlier newer older
    bigger smaller over under beyond either neither both whether"""
)  # ("priority = 'high' or either status = ...": 'either' opens conditions, it is no value)


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


# "flow_lpm is non-negative": a sign word is a comparison with zero
SIGN_OPS = {"positive": "gt", "negative": "lt", "nonnegative": "ge", "nonpositive": "le",
            "nonzero": "ne", "zero": "eq"}  # fmt: skip


# "payout is zero or negative", "negative or zero", "0 or positive": a bound at zero (never
# two values: "not_in ['negative', 0]" would keep every negative payout)
ZERO_OR_SIGN = re.compile(r"\s+or\s+(?P<sign>negative|positive)\b(?![\w.-])", ICASE)
SIGN_OR_ZERO = re.compile(r"\s+or\s+(?:zero|0(?:\.0+)?)\b(?![\w.-])", ICASE)


# "calls longer than 2 minutes", "lasting more than 90 seconds", "duration_s > 2 minutes": a
# duration compared with something: which field holds it, in what unit?
DURATION_COMPARED = re.compile(
    r"(?:\b(?:lasting|last(?:s|ed)?|tak(?:ing|es)|took|running|ran)\s+(?:for\s+)?"
    r"(?:more|less|longer|shorter|over|under|at\s+least|at\s+most|fewer)\s+(?:than\s+)?"
    r"|\b(?:longer|shorter)\s+than\s+|(?<=[\w\s])[<>]=?\s*)"
    rf"(?P<d>{DUR})",
    ICASE,
)
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


# The end of a name that says a field, never a text value ("status_code", "billing_country";
# "page_view", "in_progress" are values)
FIELD_TAIL = re.compile(
    r"_(?:id|code|key|country|city|amount|total|price|count|at|ts|time|date)$",
    ICASE,
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
STATUS_FIELD = re.compile(r"(?:^|_)(?:status|state|result|outcome)(?:$|_)", re.I)


# The words before a plural read as its singular field's values ("keep only calibres in (...)",
# "keep regions in (...)", "drop depots in (...)")
_PLURAL_KEPT_LEAD = re.compile(
    rf"\b(?:only|keep(?:s|ing)?(?:\s+only)?|retain\w*|{DROP_VERB})\s+(?:the\s+)?$", ICASE
)


class ComparisonReader(SchemaResolver):
    """Reads one condition, and a clause of them, where a filter reader found one."""

    def _refuse_misfit_comparative(self) -> None:
        """ "keep orders where price_eur heavier than 150": the adjective measures a weight, a
        length or a size, the field something else (a price): a typo for another word or the
        wrong field, never read as a plain 'greater than' (h33/wrong17)."""
        for m in FIELD_COMPARATIVE.finditer(self.s):
            strict = m["adj"].lower() in _STRICT_ADJECTIVES and not _adjective_fits(
                m["adj"], m["f"]
            )
            if strict and (
                m["f"].lower() in _NO_FIELD
                or (m["f"].lower().endswith("s") and "_" not in m["f"] and not self.has(m["f"]))
                or not re.match(r"\s*[-+\u2212]?\s*[$€£¥]?\s*\d", self.s[m.end() :])
            ):
                # "keep readings warmer than 5 (temp_c)", "pings that are weaker than -80":
                # the records, not a field (read elsewhere); "cheaper than last year": no bound
                strict = False
            if strict or _measures_other(m["adj"], m["f"]):
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
            named = re.search(r"(?<![\w.])([A-Za-z]\w*_\w+)\s*(?:(?:is|are)\s+)?$", before)
            unit = re.search(r"[A-Za-z]+$", amount)
            if named and unit and time_factor(unit.group(0), named.group(1)):
                continue  # "duration_s > 2 minutes": the field's unit said, converted (filters)
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

    def _refuse_other_counted_noun(self, subject: str, noun: str, m: re.Match[str]) -> None:
        """ "error_count over 10 errors", "failed_logins > 5 logins": a field counting the noun.
        "user exceeds 3 errors": no field of one record counts them (a count per user is a
        window's), never user > 3."""
        if subject == IT:  # "agent has more than 12 tickets": the window's count
            return
        if self._names_records(noun.strip().lower()):
            return  # "temp_c > 1500 rows", "amount > 10 orders": the records, said after
        stem = singular(noun.strip().lower())[:4]
        parts = re.split(r"[_\s]+", subject.lower())
        if any(p.startswith(stem) for p in parts) or set(parts) & _COUNT_WORDS:
            return
        said = " ".join(self.text[m.start() : m.end() + len(noun)].split())
        if not subject.strip():
            # "emit an alert ..., but at most one alert per device per 10 minutes": a rate
            # limit on the output, which no field of a record holds
            raise RequestNotUnderstood(
                f"cannot read {said!r}: it compares no field; to pass at most one record per key "
                'in a span of time, say it as a dedup (e.g. "drop repeats of the same device_id '
                'within 10 minutes")'
            )
        raise RequestNotUnderstood(
            f"cannot read {said!r}: {subject!r} does not count {noun.strip()}; a number of "
            f'{noun.strip()} per {subject} is counted by a window (e.g. "count errors per '
            'user_id every minute, keep users with more than 3")'
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
            said_before = re.findall(r"[$€£¥]|[a-z]+", before)
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
            listed = self._not_list(end, found[-1])
            if listed is not None:  # "country is not US, not CA and not MX"
                end = listed
                continue
            end = self._inclusive_then_more(found, end)
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
            # ("falls below 49.8 or rises above 50.2": the verb's subject is the one before,
            # never a field 'rises')
            moved = MOVED_BOUND.match(self.s, cm.end())
            if moved and (self.has(moved["v"]) or moved["v"] in self.declared):
                moved = None  # ("... or drops over 5" where the records carry a field drops)
            if nxt is None and not moved:
                nxt = self._match_cond(cm.end(), negate, weak)
            if nxt is None and found[-1].op in ("gt", "ge", "lt", "le", "ne", "eq"):
                nxt = self._elided(moved.end() if moved else cm.end(), found[-1], negate, weak)
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
        bounds = _closed_range(found)
        inclusive = INCLUSIVE.match(self.s, end) if bounds else None
        if inclusive:  # "between 10 and 20 inclusive": both bounds are (>=, <=)
            end = inclusive.end()
        elif bounds:
            self._bounds_restated(found[-2:], end)
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

    def _inclusive_then_more(self, found: list[Cond], end: int) -> int:
        """ "strokes between 1 and 10 (inclusive) and course_id in (...)": past what a range's
        two bounds (read last) already say, when one more condition follows it."""
        if not _closed_range(found):
            return end
        inclusive = INCLUSIVE.match(self.s, end)
        if inclusive and COND_CONT.match(self.s, inclusive.end()):
            return inclusive.end()
        return end

    def _bounds_restated(self, pair: list[Cond], end: int) -> None:
        """ "between 5 and 40 grams (at least 5 and at most 40)": an aside restating the range
        just read (after its unit, which the units reader takes) says nothing more; it is read
        only when its two numbers are the range's own bounds."""
        m = _BOUNDS_ASIDE.match(self.s, end)
        if m is None:
            return
        said = [m["a"] or m["a2"], m["b"] or m["b2"]]
        if said[0] is not None:
            try:
                nums = [float(x) for x in said]
            except ValueError:
                return
            if nums != [pair[0].value, pair[1].value]:
                return
        self.mask(m.start("aside"), m.end("aside"))

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

    def _repeats_topic_name(self, word: str) -> bool:
        """A word before a record noun that only repeats the topic's name: one of its words, or
        a longer form of a shortened one ("chemical applications" on chem-applications)."""
        # (never a STOP word: "count payments where ..." counts them)
        named = self.topic_words()
        if word in named or singular(word) in named:
            return True
        return any(word.startswith(w) for w in named if len(w) >= 4)

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

    def _not_list(self, pos: int, prev: Cond) -> int | None:
        """ "country is not US, not CA and not MX": the values a field must not have, each said
        with a 'not' after a comma, read as one not_in (where the list ends)."""
        if prev.op != "ne" or prev.subject in ("", IT) or isinstance(prev.value, list | tuple):
            return None
        values: list[Any] = [prev.value]
        at, first = pos, True
        while m := NOT_ITEM.match(self.s, at):
            if first and "," not in m["sep"]:
                return None  # "is not 'a' and not 'b'": two comparisons (`_elided`)
            if m["word"] and NULL_IN_LIST.fullmatch(m["word"]):
                break  # "is not 'x', not null": a null test, no value
            values.append(literal(m["q"] or m["word"]))
            at, first = m.end(), False
        if len(values) < 2 or len({isinstance(v, str) for v in values}) > 1:
            return None  # (text and numbers mixed: which is the field?)
        prev.op, prev.value, prev.end = "not_in", values, at
        return at

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
        absent = ELIDED_NULL.match(self.s, pos)
        if absent:  # "fill_pct is over 80 or is missing": the same field, absent
            op = "not_null" if absent["not"] else "null"
            return Cond(pos, prev.subject, prev.quoted, op, None, negate=negate, weak=weak,
                        end=absent.end()), absent.end()  # fmt: skip
        read = self._cond_at(ELIDED, pos, negate, weak)
        if read is None:
            return None
        m, cond = read
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
        self._refuse_elided_counted(m, prev)
        cond.subject, cond.quoted, cond.end = prev.subject, prev.quoted, self._cond_end
        return cond, self._cond_end

    def _refuse_elided_counted(self, m: re.Match[str], prev: Cond) -> None:
        """ "total above 50 or more than 3 items": the second bound names no field and counts
        a noun that is no unit of the first one's, so it is never that field's bound."""
        noun = _WORD_AFTER.match(self.text, m.end())
        if noun is None:
            return
        word = noun["w"].lower()
        said_before = re.search(
            rf"\d\s*{re.escape(word)}\b", self.text[prev.pos : m.start()], ICASE
        )
        if (
            said_before
            or word in UNIT_FAMILY
            or re.fullmatch(LONG_UNIT, word)
            or CURRENCY_AFTER.fullmatch(word)
            or PERCENT_AFTER.fullmatch(word)
            or not re.fullmatch(rf"{COUNT_NOUNS}|[a-z]{{3,}}s", word)
        ):
            return
        said = " ".join(self.text[m.start() : noun.end()].split())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: it follows a bound on {prev.subject} and names no field of "
            f"its own; {word!r} is no unit of {prev.subject}, so say the field that holds the "
            f'number of {word} (e.g. "keep carts where total > 50 or item_count > 3")'
        )

    def _match_cond(self, pos: int, negate: bool, weak: bool) -> tuple[Cond, int] | None:
        m = COND_NULL.match(self.s, pos)
        op = next((n for n, _ in NULL_OPS if m.group(f"op_{n}")), "null") if m else "null"
        end = m.end() if m else 0
        again = NULL_AGAIN[op].match(self.s, end) if m else None
        if m and not again and negate:
            # "drop weighings with no crate_kg (not null)": the records kept, the opposite test
            again = NULL_AGAIN[_NULL_OPPOSITE[op]].match(self.s, end)
        if m and not again and (op == "not_null") != negate and op in ("null", "not_null"):
            # "badge_id is null ... (keep only not null badge_id)": the kept ones, the field named
            kept = KEPT_NOT_NULL_AGAIN.match(self.s, end)
            named = kept and (kept.group("f") or kept.group("f2")).lower()
            if named and named == strip_article(m.group("subj"), False).lower():
                again = kept
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
        read = self._cond_at(COND, pos, negate, weak)
        if read is None:
            return None
        m, cond = read
        self._read_case_free(cond)
        cond.end = self._cond_end
        if re.match(
            r"\s*(?:==?|!=|<>|>=|<=|>|<)", self.s[m.start("subj") + len(m.group("subj")) :]
        ):
            cond.weak = False  # "with currency = 'EUR'": a symbol makes it a condition
        return cond, self._cond_end

    def _adverb_subject(self, subject: str) -> bool:
        """A lone adverb in "-ly" said once, where a field would stand ("x over 100 and
        generally less than 160", "and stricly less than 160"): no field's name; the words stay
        unread (and so refused). A noun or an adjective in "-ly" may name one ("daily", "family").
        """
        word = subject.lower()
        return (
            re.fullmatch(r"[a-z]{3,}ly", subject) is not None
            and word not in NOUNS_IN_LY
            and len(re.findall(rf"\b{word}\b", self.text, ICASE)) == 1
        )

    def _read_case_free(self, cond: Cond) -> None:
        """ "... contains 'refund' (case-insensitive)": a text comparison that ignores case; said
        of a number or a null test it stays unread (and so refused)."""
        free = CASE_FREE.match(self.s, self._cond_end)
        leaves = cond.items if cond.op == "group" else [cond]
        texts = all(
            leaf.op in (*TEXT_OPS, "eq", "ne", "in", "not_in")
            and all(
                isinstance(v, str) and re.search(r"[^\W\d_]", v)
                for v in (leaf.value if isinstance(leaf.value, list) else [leaf.value])
            )
            for leaf in leaves
        )
        if free and texts:
            self._cond_end = free.end()
            for leaf in leaves:
                leaf.nocase = True

    def _cond_at(
        self, pattern: re.Pattern[str], pos: int, negate: bool, weak: bool
    ) -> tuple[re.Match[str], Cond] | None:
        """The condition `pattern` matches at `pos`, and its match; None where it matches none."""
        m = pattern.match(self.s, pos)
        if not m:
            return None
        try:
            return m, self._cond(m, negate, weak)
        except NotAConditionError:
            return None

    def _plural_kept(self, m: re.Match[str], subject: str, quoted: bool) -> str:
        """ "keep only calibres in (ETA 2824, Miyota 8215)", "keep regions in (north, south)",
        "drop depots in (D1, D7)": after "only" or a keep/drop verb, a plain plural said
        nowhere else names the values of the field its singular names ('calibre'; listed).
        Said again elsewhere, or a name with '_', it is the field as written."""
        one = singular(subject)
        lead = _PLURAL_KEPT_LEAD.search(self.text[max(0, m.start() - 24) : m.start()])
        if (
            quoted
            or one == subject
            or not re.fullmatch(r"[a-z]{4,}s", subject)
            or not lead
            or len(re.findall(rf"\b{subject}\b", self.text, ICASE)) > 1
        ):
            return subject
        said = " ".join(lead.group(0).split())
        self.assumptions.append(
            f"read '{said} {subject} in (...)' as a condition on the field {one!r} (the plural "
            f"names its values); write the field's name as the records spell it if it is "
            f"{subject!r}"
        )
        return one

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
        elif not quoted and (
            owned := re.fullmatch(
                r"(?P<o>(?:[A-Za-z]+\s+)?[A-Za-z]+)'s\s+(?P<f>[a-z]\w*_\w*)", subject
            )
        ):
            # "a kiosk slot's stock_level": what the record is about owns the field, written
            # as a name with '_' (the record's own field, said so)
            subject = owned["f"]
            self.assumptions.append(f"read {owned.group(0)!r} as the record's field {owned['f']!r}")
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
        elif not quoted and re.search(
            # ("where someone did more than 20 renders": was a field someone_did)
            r"\s(?:has|have|had|gets|got|sees|saw|did|does|do|made|makes|logged|logs)$",
            subject,
            ICASE,
        ):
            subject = IT  # "when a service has more than 10 errors": the window's count
        elif not quoted and re.fullmatch(r"(?:there|here)(?:'s|s)?", subject, ICASE):
            raise NotAConditionError  # "when there are more than 3": how many, of no field
        elif not quoted and self._adverb_subject(subject):
            raise NotAConditionError  # "and generally less than 160": how, of no field
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
            subject = self._plural_kept(m, subject, quoted)
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
                self._refuse_other_counted_noun(subject, noun.group(0), m)
                self._cond_end = m.end() + noun.end()
            money = CURRENCY_AFTER.match(self.s, m.end())
            if money:  # "under 5 dollars": the number is the amount
                self._cond_end = money.end()
            symbol = re.search(r"[$€£¥]\s?$", self.s[max(0, m.start("num") - 2) : m.start("num")])
            said_in = money or symbol
            if said_in:  # "amount_usd over 100 EUR", "amount_cents > $5": never read as written
                self._currency_of(subject, said_in.group(0), m)
            percent = PERCENT_AFTER.match(self.s, m.end())
            if percent and not noun and not money:  # "at least 40 percent": the number as written
                self._cond_end = percent.end()
                said = " ".join(self.text[m.start() : percent.end()].split())
                fraction = _said_a_fraction(self.text, subject)
                if fraction:
                    # "discount >= 10% (discount is a fraction)": the percentage as a fraction
                    if fraction.start() >= self._cond_end or fraction.end() <= m.start():
                        self.mask(fraction.start(), fraction.end())  # what it says is read here
                    value = round(value / 100, 12)
                    self.assumptions.append(
                        f"read {said!r} as {subject} compared with {value:g}: the request says "
                        f"{subject} holds a fraction (0 to 1)"
                    )
                elif set(re.split(r"[_\s]+", subject.lower())) & {"ratio", "fraction", "frac"}:
                    # "cpu_ratio > 90%": the field's name says a fraction (0.9), not 90
                    raise RequestNotUnderstood(
                        f"cannot read {said!r}: {subject} reads as a fraction (0 to 1), the "
                        f"number as a percentage; write it as a fraction (0.9 for 90%)"
                    )
                else:
                    self.assumptions.append(
                        f"read {said!r} as {subject} {m.group(0)[len(m.group('subj')):].strip()} "
                        "(the field holds percentages, not fractions)"
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
            # "(origin string, destination string) ... where origin != destination": a
            # field the request declares, one word or snake_case, never the text
            declared = self.has(word) or word in self.declared
            if (
                op in ("eq", "ne")
                and (snake or (declared and word.lower() != subject.lower()))
                and (
                    ("_" in subject and word.lower().split("_")[-1] == subj_tail)
                    or FIELD_TAIL.search(word)
                    or declared  # "fields: status, expected_status"
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
        if (m.group("op_eq") or "").lower() == "matches" and isinstance(value, str):
            self._refuse_plain_match(m, subject, value)
        store = re.compile(r"\s*(?:the\s+)?(?:redis|cache|lookup)\b", ICASE)
        # ("drop orders whose customer is not found": the lookup's miss, never the text 'found')
        missed = (
            op == "ne"
            and not quoted
            and str(value).lower() == "found"
            and re.search(r"\b(?:redis|cache|look\s*-?\s*up)\b", self.text, ICASE) is not None
        )
        if missed or (op in ("in", "not_in") and store.match(self.s, m.end(f"op_{op}"))):
            routed = _MISS_ROUTED.match(self.text, m.end()) if op == "not_in" else None
            other = routed and routed["n"] and self.dlq_set and unquote(routed["n"])[0] != self.dlq
            if routed and not other:
                # "If the customer isn't in Redis, send the record to the dead-letter topic
                # x": where a miss goes, read by the lookup (enrich.py), no condition
                raise NotAConditionError
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
        # ("depot is north, east or central in topic x": the source named after, read by the
        # sources already, never an 'in' list)
        topic = re.match(r"\s*in\s+(?:the\s+)?(?:kafka\s+)?(?:topic\b|\x00)", after, ICASE)
        if not topic and re.match(rf"\s*(?:{OP_RE}|{op_alternatives(NULL_OPS)})", after, ICASE):
            return value
        more = [literal(v) for v in re.split(r"\s*,\s*or\s+|\s+or\s+|\s*,\s*", rest.group(1)) if v]
        if any(isinstance(v, str) and v.lower() in STOP for v in more):
            return value
        if any(isinstance(v, str) and v.lower() in NOT_OR_VALUE for v in more):
            return value  # "level is ERROR or worse": a bound, not a value (left unread)
        self._cond_end = rest.end()
        return [value, *more]

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

    def _refuse_plain_match(self, m: re.Match[str], subject: str, value: str) -> None:
        """ "user_agent matches 'bot'": the whole text, or the text somewhere inside it (as a
        pattern matches)? Read as either, a wrong guess keeps the wrong records."""
        if not m.group("q") and value.lower() in STOP:
            return  # "carrier_code matches its code": a join's key, read by the join readers
        said = clause_around(self.text, m.start(), m.end())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: is {subject} equal to {value!r}, or does it hold {value!r} "
            f"somewhere (a pattern match)? Write \"{subject} = '{value}'\" for the whole text, "
            f"or \"{subject} contains '{value}'\" for text inside it"
        )


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


# "quantity > 2 || amount > 10", "!(quantity > 2)", "where !is_test": a programmer's logic
# symbols, said as the words the condition readers read (unread, '||' was lost and the two
# conditions became 'and'; '!' was lost and the condition kept as said)
# (a single bar is left: "vending.sales | amount > 2.50 | console" is a pipe of steps)
_SYMBOL_OR = re.compile(r"\s*\|\|\s*")
_SYMBOL_AND = re.compile(r"\s*&&\s*")
_SYMBOL_NOT = re.compile(r"(?<![\w!=<>)'\".?])!(?=\s*\(|[A-Za-z_])")


def symbol_logic_as_words(text: str) -> str:
    """'||', '&&' and '!' between or before conditions, said as 'or', 'and' and 'not'
    (never inside quotes: "note = 'a || b'" is one value)."""
    parts = re.split(r"""('[^']*'|"[^"]*"|`[^`]*`)""", text)
    for i in range(0, len(parts), 2):
        part = _SYMBOL_OR.sub(" or ", parts[i])
        part = _SYMBOL_AND.sub(" and ", part)
        parts[i] = _SYMBOL_NOT.sub("not ", part)  # ("!(a > 1)" -> "not (a > 1)")
    return "".join(parts)
