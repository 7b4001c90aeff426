"""Recogniser: computed fields, i.e. a `map` ("price * qty as total", "compute total = price *
quantity", "add a field total as price times quantity").

An expression is fields and numbers joined by + - * / (or the words times, plus, minus,
divided by). Arithmetic this recogniser cannot read (parentheses, functions, a form it does not
know) is refused, quoting the clause: read by the looser recognisers that follow, "total =
price * qty" would become a filter on total.
"""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec.expressions import ExpressionError, describe, result_type
from ...spec.expressions import parse as parse_expression
from . import lazy_re as re
from .comparisons import ARITH_COND, arith_compared
from .fields import SchemaResolver
from .lexicon import UNITS as _UNITS
from .lexicon import word_set
from .quantities import DUR, ICASE
from .scope import clause_around

OPERAND = r"(?:[A-Za-z_]\w*|\d+(?:\.\d+)?)(?![\w-])"
# the multiplication sign, the division sign and a middle dot are operators too
TIMES_SIGNS = "\u00d7\u00b7"
DIVIDE_SIGN = "\u00f7"
ARITH_OP = (
    rf"(?:\s*[*/+{TIMES_SIGNS}{DIVIDE_SIGN}]\s*|\s+-\s+"
    # ("x * 100 plus total as a + b": "plus" then a new field's name joins two fields)
    r"|\s+(?:times|multiplied\s+by|plus(?!\s+[A-Za-z_]\w*\s+(?:as|=)\s+[\w.]+\s*(?:[-+*/]|plus\b"
    r"|minus\b|times\b|divided\b))|minus|divided\s+by"
    r"|less(?!\s+than\b))\s+"
    # ("count tickets as tickets_sold plus the 90th percentile of price": a list's "plus", an
    # article after it, never a sum)
    r"(?!(?:the|an?|its|their|our)\s))"
)
# "(reported_at_ms - collected_at_ms) / 60000": one level of parentheses around a sum
PAREN_TERM = rf"\(\s*{OPERAND}(?:{ARITH_OP}{OPERAND})+\s*\)"
# "abs(zone_temp_c - setpoint_c)", "round(amount / 100, 2)": a numeric function of a sum
_FUNC_INNER = (
    rf"(?:abs|round)\(\s*(?:{OPERAND}|{PAREN_TERM})(?:{ARITH_OP}(?:{OPERAND}|{PAREN_TERM}))*"
    r"(?:\s*,\s*\d+)?\s*\)"
)
# "round(abs(value - baseline), 1)": one function inside another (was read as round(abs))
FUNC_TERM = (
    rf"(?:abs|round)\(\s*(?:{_FUNC_INNER}|{OPERAND}|{PAREN_TERM})"
    rf"(?:{ARITH_OP}(?:{_FUNC_INNER}|{OPERAND}|{PAREN_TERM}))*(?:\s*,\s*\d+)?\s*\)"
)
TERM = rf"(?:{FUNC_TERM}|{OPERAND}|{PAREN_TERM})"
# "20 percent of price", "7.5% of fare": a share of one field (price * 20 / 100)
PERCENT_OF = (
    r"\d+(?:\.\d+)?\s*(?:%|\s+percent|\s+per\s+cent)\s+of\s+(?:the\s+)?[A-Za-z_]\w*(?![\w-])"
)
# "song_key = lower(song_title)": one text field in lower or upper case (a function of its own,
# never inside arithmetic)
TEXT_FUNC_TERM = r"(?:lower|upper)\(\s*[A-Za-z_]\w*\s*\)"
EXPR = (
    rf"(?P<expr>{TERM}(?:{ARITH_OP}{TERM})+|{PAREN_TERM}|{FUNC_TERM}|{PERCENT_OF}"
    rf"|{TEXT_FUNC_TERM})"
)
NAME = r"(?P<name>[A-Za-z_]\w*)"
FIELD_WORD = (
    r"(?:(?:a|an|the)\s+)?(?:new\s+)?(?:computed\s+|derived\s+|calculated\s+)?(?:field|column)"
)
LEAD = (
    # ("work out daily_rate times days as total", "figure out ...": a compute verb)
    # ("a processor that first works out x = ...": the third person too)
    r"(?:(?:compute|computes|computing|calculate|calculates|calculating|derive|derives|deriving"
    r"|add|adds|adding|append|appends|appending|create|creates|creating"
    r"|work(?:s|ing)?\s+out|figur(?:e|es|ing)\s+out)"
    rf"\s+(?:{FIELD_WORD}\s+(?:(?:called|named)\s+)?)?"
    # "convert with coal_kg = coal_lb * 0.4536", "calculate using x = a * b": a compute verb
    # (or convert) then "with"/"using" before a definition with "="
    r"|(?:compute|computes|computing|calculate|calculates|calculating|derive|derives|deriving"
    r"|convert|converts|converting|work(?:s|ing)?\s+out|figur(?:e|es|ing)\s+out)"
    r"\s+(?:with|using|via)\s+(?=[A-Za-z_]\w*\s*=)"
    # "with a new column total equal to a + b": "with" only before the word field/column
    rf"|(?:with|including|plus|and)\s+{FIELD_WORD}\s+(?:(?:called|named)\s+)?)"
)

# "compute total = price * quantity", "add a field total as price * qty", "total = a * b";
# after a verb, "compute area_acres from area_ha times 2.47105"
NAME_FIRST = re.compile(
    rf"\b(?P<lead>{LEAD})?{NAME}\s*(?:=|:=|\bas\b|\bequal\s+to\b|\bequals\b"
    rf"|(?(lead)\bfrom\b|(?!))"
    # "add net_kg, which is gross_kg minus tare_kg": after a verb, the name then what it is
    rf"|(?(lead),?\s*\b(?:which|that)\s+(?:is|will\s+be)\b|(?!)))\s*{EXPR}",
    ICASE,
)
# "add a notional field computed as price * quantity", "create a new total column = a + b"
NAME_THEN_FIELD = re.compile(
    r"\b(?:compute|computing|calculate|calculating|derive|deriving|add|adding|append|appending|create|creating"
    r"|with|include|including)\s+(?:an?|the)\s+(?:new\s+)?"
    r"(?!(?:new|computed|derived|calculated)\b)"
    rf"{NAME}\s+(?:field|column|attribute)\s*(?:(?:computed|calculated|derived|defined|set)\s+)?"
    r"(?:=|:=|\bas\b|\bequal\s+to\b|\bequals\b|\bfrom\b|\bthat\s+is\b|\bwhich\s+is\b)\s*"
    rf"{EXPR}",
    ICASE,
)
# "new field total: price * qty", "add a column named total that is price * qty", "add a field
# area_acres computed from area_ha times 2.47105"
NEW_FIELD_LED = re.compile(
    r"(?:\b(?:compute|computing|calculate|calculating|derive|deriving|add|adding|append|appending|create|creating"
    r"|with|include|including)\s+(?:an?\s+|the\s+)?(?:new\s+)?|\b(?:an?\s+)?new\s+"
    # "Derived field: net_kg = gross_kg - tare_kg": a ticket's label ("3. computed field
    # yield_kg = grams / 1000": no colon, the name then "=")
    r"|\b(?=(?:computed|derived|calculated)\s+(?:field|column)\s*(?::|\s+[A-Za-z_]\w*\s*:?=)))"
    r"(?:computed\s+|derived\s+|calculated\s+)?"
    rf"(?:field|column)(?:\s*:)?\s+(?:(?:called|named)\s+)?{NAME}\s*"
    r"(?::|=|:=|\bas\b|\bequal\s+to\b|\bequals\b|\bthat\s+is\b|\bwhich\s+is\b"
    r"|\b(?:computed|calculated|defined)\s+as\b|\b(?:computed|calculated|derived)\s+from\b)\s*"
    rf"{EXPR}",
    ICASE,
)
# "add the field waste_ratio (discarded_loaves / baked_loaves)", "add line_total (price times
# qty)": the expression in parentheses
NAME_THEN_PARENS = re.compile(
    r"\b(?:compute|computing|calculate|calculating|derive|deriving|add|adding|append|appending"
    r"|create|creating|with|include|including)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:computed\s+"
    rf"|derived\s+|calculated\s+)?(?:(?:field|column)\s+)?(?:(?:called|named)\s+)?{NAME}\s*\(\s*"
    rf"(?:=\s*)?{EXPR}\s*\)",
    ICASE,
)
# "set line_total to price * qty", "line_total should be price * qty", "enrich each record with
# line_total = price * qty"
NAME_SET_TO = re.compile(
    r"\bset(?:s|ting)?\s+(?:the\s+)?(?:(?:new\s+)?(?:field|column)\s+)?"
    rf"{NAME}\s+(?:to|=)\s+{EXPR}"
    rf"|(?<![\w.]){NAME.replace('name', 'name2')}\s+(?:should|must|will|is\s+to|has\s+to)\s+be\s+"
    rf"(?:(?:computed|calculated|derived)\s+as\s+)?{EXPR.replace('expr', 'expr2')}"
    r"|\b(?:enrich\w*|extend\w*|augment\w*)\s+(?:each|every)\s+(?:record|row|event|line|message"
    rf"|item|entry|order|reading)\s+with\s+{NAME.replace('name', 'name3')}\s*=\s*"
    rf"{EXPR.replace('expr', 'expr3')}",
    ICASE,
)
# "- fare_eur is fare_cents divided by 100", "Margin is price minus cost.": a definition with
# "is", no compute verb, read only as a whole clause (a bullet, a line or a sentence: nothing
# before the name, nothing after the arithmetic), so never inside a condition ("where total is
# price * 2" has a condition's word before it; a "Filters:" label over the list is checked)
CLAUSE_START = r"(?:^|(?<=\n)|(?<=[.;:!?]\s)|(?<=[.;:!?]))[ \t]*(?:[-*\u2022][ \t]*|\d+[.)][ \t]*)?"
NAME_IS = re.compile(
    CLAUSE_START
    + r"(?!(?:it|this|that|there|which|what|each|every|output|input|key|topic|table)\b)"
    # (a capital may be a sentence's plain word: "Margin is price minus cost." is left)
    + r"(?=(?-i:[a-z_]|[A-Za-z]\w*_))"
    + rf"{NAME}\s+is\s+(?:(?:computed|calculated|derived)\s+as\s+|just\s+|simply\s+)?{EXPR}"
    + r"(?=[ \t]*(?:[.;!?](?!\w)|,|\n|$))",
    ICASE,
)
# a label over a list of conditions ("Filters:", "keep only:"): its items are no definitions
CONDITIONS_LABEL = re.compile(
    r"\b(?:filters?|conditions?|where|only|keep|drop|exclude|skip|ignore|rules?)\b[^\n:]*:\s*$",
    ICASE,
)


# "price * qty as total", "compute price * qty into a new field total"
EXPR_FIRST = re.compile(
    rf"\b{LEAD}?{EXPR}\s+(?:as|into|called|named)\s+(?:{FIELD_WORD}\s+)?{NAME}\b", ICASE
)

# "multiply distance_km by 1000 as distance_m", "divide amount_cents by 100 and call it amount",
# "subtract discount from price to get net_price", "add tip to fare, store it in total_fare":
# the arithmetic said as a verb, then the new field's name (without one, refused as unread)
_VERB_OPERAND = (
    # ("add them to topic x as json", "add each order to table t": records and places, no field)
    r"(?:the\s+)?(?!(?:it|them|each|every|all|records?|events?|rows?|messages?|topics?|tables?"
    r"|streams?|redis|kafka|clickhouse|stdout|console|output|keys?|payloads?|headers?|schema)\b)"
    r"(?P<{}>[A-Za-z_]\w*|\d+(?:\.\d+)?)(?![\w-])(?:\s+(?:field|column))?"
)
VERB_FIRST = re.compile(
    r"\b(?:(?P<mul>multipl(?:y|ies|ying))|(?P<div>divid(?:e|es|ing))|(?P<sub>subtract(?:s|ing)?)"
    r"|(?P<add>add(?:s|ing)?))\s+"
    + _VERB_OPERAND.format("a")
    + r"\s+(?(mul)by|(?(div)by|(?(sub)from|to)))\s+"
    + _VERB_OPERAND.format("b")
    + r"(?:\s*(?:,\s*|\s+and\s+)?(?:call(?:ing)?\s+(?:it|the\s+result)|name\s+it|naming\s+it"
    r"|(?:stor|sav|put|writ)(?:e|ing)\s+(?:it|the\s+result)\s+(?:in|as|into)|to\s+get|giving"
    r"|as|into)\s+(?:(?:an?\s+)?(?:new\s+)?(?:field|column)\s+)?"
    # ("as a column", "as json": no name)
    r"(?!(?:an?|the|new|field|column|json|csv|avro|text|string|int|float|number)\b)"
    r"(?P<name>[A-Za-z_]\w*)\b"
    r"|\s*\(\s*(?:call(?:ed)?\s+it|named|as)\s+(?P<pname>[A-Za-z_]\w*)\s*\))",
    ICASE,
)
# "multiply amount by 100 to get cents, call it amount_cents": a second name right after the
# first one names the new field (was taken for the pipeline's name, the field left 'cents')
NAMED_AGAIN = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*\(\s*)(?:then\s+)?(?:call(?:ing)?|name|naming)\s+(?:it|that|this"
    r"|the\s+(?:result|field|column))\s+(?P<name>[A-Za-z_]\w*)\b(?:\s*\))?",
    ICASE,
)


# "compute vat = 20 percent": a constant after a compute verb, no arithmetic on fields (was read
# as the filter vat == 20); "compute x = -amount", "calculate x = 'a'", "compute x = a": one
# operand, negated, quoted or bare (read as a filter x == '-amount', or as context); refused
# (checked after the expressions are read and masked)
CONSTANT_COMPUTED = re.compile(
    r"\b(?:compute|computing|calculate|calculating|derive|deriving)\s+"
    rf"(?:{FIELD_WORD}\s+(?:(?:called|named)\s+)?)?{NAME}\s*"
    r"(?:(?:=|:=|\bas\b|\bequal\s+to\b|\bequals\b)\s*-?\d+(?:\.\d+)?(?:\s*%|\s+percent)?"
    # ("compute laps = count": an aggregate named, read by aggregates.py)
    r"|(?:=|:=|\bequal\s+to\b|\bequals\b)\s*(?:-?(?!(?:count|sum|avg|average|mean|min|max"
    r"|minimum|maximum|median|total|distinct|unique|percentile|p\d{1,2})\b)[A-Za-z_]\w*"
    r"|'[^']*'|\"[^\"]*\"))"
    # (the clause ends there: "compute sum as 5-minute windows" is no constant)
    r"(?=\s*(?:[,;.]|$|\band\b|\bthen\b))",
    ICASE,
)
# the expression each verb says, from its two operands
VERB_EXPR = {"mul": "{a} * {b}", "div": "{a} / {b}", "sub": "{b} - {a}", "add": "{b} + {a}"}

# "compute wait_s as pickup_ts minus request_ts, divided by 1000": after a comma, one more step
# applied to the whole expression said before it
THEN_APPLIED = re.compile(
    r"\s*,\s*(?:and\s+)?(?:then\s+)?(?P<op>divided\s+by|multiplied\s+by|times)\s+"
    r"(?P<n>\d+(?:\.\d+)?)(?![\w.])",
    ICASE,
)

WORD_OPS = [
    (rf"\s*[{TIMES_SIGNS}]\s*", " * "),
    (rf"\s*{DIVIDE_SIGN}\s*", " / "),
    (r"\s+times\s+", " * "),
    (r"\s+multiplied\s+by\s+", " * "),
    (r"\s+plus\s+", " + "),
    (r"\s+minus\s+", " - "),
    # "gross_kg less tare_kg": an accountant's minus ("less than" is a comparison, never read here)
    (r"\s+less\s+(?!than\b)", " - "),
    (r"\s+divided\s+by\s+", " / "),
    (
        r"^(\d+(?:\.\d+)?)\s*(?:%|\s+percent|\s+per\s+cent)\s+of\s+(?:the\s+)?([A-Za-z_]\w*)$",
        r"\2 * \1 / 100",
    ),
]

# Before a bare "a = b * c", these words make it a condition, not a computed field.
CONDITION_BEFORE = re.compile(
    r"\b(?:where|whose|if|when|whenever|with|only|and|or|not|unless|drop\w*|keep\w*|exclud\w*"
    r"|skip\w*|filter\w*)\s+$",
    ICASE,
)

# Arithmetic on fields left after the forms above: refused, never read as something else.
# "minimum/maximum amount", "p50/p95/p99 of latency_ms": a list of aggregates, not a division
_AGG_FN = r"(?:min|max|minimum|maximum|avg|average|mean|sum|total|count|median|p\d{1,2})"
# "the start/stop button", "on/off": two words of a pair, never a division
# ("headline A/B test: ...": the test's name, never a division)
_WORD_PAIRS = (
    r"(?:start/stop|stop/start|on/off|off/on|yes/no|in/out|up/down|open/close|read/write|a/b"
    # ("where paper_lot is empty/null": two words for no value, the null test's)
    r"|(?:empty|blank|null|missing|none)/(?:empty|blank|null|missing|none)"
    # ("an append-only history/audit log": two names for a log of changes)
    r"|(?:history|audit|change-?log|log|trail)/(?:history|audit|change-?log|log|trail))"
)
# "wait times feed", "response times dashboard": "times" the plural of a kind of time, a noun
# (never "price times quantity")
_TIME_NOUNS = (
    r"(?:"
    + "|".join(
        sorted(
            word_set(
                """wait waiting response lead cycle turnaround travel transit delivery lap run load
            dwell queue boot hold arrival departure processing handling service reaction
            resolution checkout loading idle down up pickup dispatch prep preparation"""
            )
        )
    )
    + r")"
)
UNREAD_ARITHMETIC = re.compile(
    rf"(?:\b(?!and/or\b)(?!{_WORD_PAIRS}\b)(?!{_AGG_FN}\s*/\s*{_AGG_FN}\b)(?<!/)[A-Za-z_]\w*|\))"
    # ("skip endpoint /health": a path, a slash spaced before and not after, is no division)
    r"(?:\s*\*\s*|/\s*|\s+/\s+)(?!(?:s|sec|second|min|minute|h|hr|hour|day)\b)"
    # ("dedupe ticket_id / 15 min": a span after a slash, read by its step or left unread)
    r"(?!\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b)"
    r"[A-Za-z_0-9]\w*"
    # ("Server name / topic prefix: shopdb", "Owner / team: data-eng": one label said by two
    # names, the words running to its colon; no division)
    r"(?![a-z ]{0,30}:\s)"
    r"|\b[A-Za-z_]\w*(?:\s+-\s+|\s*\+\s*)[A-Za-z_0-9]\w*\s+(?:as|into|called|named)\s+[A-Za-z_]\w*"
    r"|\b[A-Za-z_]\w*\s*=\s*[A-Za-z_]\w*\s*[-+*/]\s*[A-Za-z_0-9]"
    # "where net > gross+tax", "amount exceeds price-discount": arithmetic as the bound of an
    # order comparison (never a text value: text has no order), h33/wrong17
    # ("over half-hour windows", "over cdn-edge": words, never arithmetic)
    r"|(?:[<>]=?|[\u2264\u2265]|\b(?:exceeds?|(?:more|less|greater|fewer|higher|lower|bigger"
    r"|smaller|larger)\s+th[ae]n|at\s+(?:least|most)))\s*"
    r"[A-Za-z_]\w*(?:\s*[+*/]\s*|-|\s+-\s+)[A-Za-z_0-9]\w*"
    r"|\b(?:multipl(?:y|ied)|divided)\s+(?:it\s+)?by\b"
    # "multiply price by 100" with no new field's name (VERB_FIRST reads the named ones)
    r"|\b(?:multipl(?:y|ies|ying)|divid(?:e|es|ing))\s+(?:the\s+)?[A-Za-z_]\w*\s+by\s+[A-Za-z_0-9]"
    r"|\bsubtract(?:s|ing)?\s+(?:the\s+)?[A-Za-z_]\w*\s+from\s+[A-Za-z_0-9]"
    # ("arrives several times with corrections": a count of times, no multiplication)
    r"|\b(?!(?:several|many|multiple|few|some|numerous|countless|two|three|four|five|six|seven"
    rf"|eight|nine|ten)\b)(?!{_TIME_NOUNS}\s)[A-Za-z_]\w*\s+times\s+"
    r"(?!(?:per|a|an|the|in|each|every|within|over|during|for)\b)[A-Za-z_]\w*\b"
    r"|\b(?:derive[sd]?|deriving|add(?:ing)?\s+(?:an?\s+|the\s+)?(?:new|computed|derived|"
    r"calculated))\s+(?:an?\s+|the\s+)?(?:fields?|columns?|attributes?)\b"
    r"|\b(?:new|computed|derived|calculated)\s+(?:fields?|columns?|attributes?)\b",
    ICASE,
)


# "where region = eu-west", "keep only network = lib-public": a field compared with one word
# written with a hyphen (no spaces, no snake_case on either side), right after a condition's
# word: a value, read by the filters; "net = gross_kg-tare_kg" or "x = a - b" stay arithmetic
HYPHENATED_VALUE_COMPARED = re.compile(
    r"[A-Za-z_]\w*\s*=\s*[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?![\w.-]|\s*[-+*/])", ICASE
)


# Words of amounts a record's fields are added and subtracted from ("where net = gross-tax"):
# a hyphenated value made only of them is arithmetic on fields, never one text value
_OPERAND_WORDS = word_set(
    """gross net tax taxes vat fee fees cost costs price prices discount discounts amount total
    subtotal tip tips shipping refund refunds tare weight qty quantity revenue margin profit
    spend balance credit debit deposit payout commission bonus salary wage wages income expense
    expenses charge charges deduction deductions rebate interest principal freight duty surcharge
    budget sales count"""
)


# "RUNBOOK / tool library", "Ops / Billing": a heading line (the request's first, followed by
# more lines) of plain words with a spaced slash between two of them: a title's separator,
# never a division (a field has '_' or stands in a sentence; digits or "=" keep it arithmetic)
_HEADING_SLASH = re.compile(
    r"[ \t]*(?:[A-Za-z]+[ \t]+){0,3}[A-Za-z]+[ \t]+/[ \t]+[A-Za-z]+(?:[ \t]+[A-Za-z]+){0,3}[ \t]*"
    r"(?P<end>\n|;)"
)


# "(shift/station just empty then)": fields listed with '/' in an aside saying they are left
# empty (a left join's unmatched records), never a division
_EMPTY_FIELDS_SLASH = re.compile(
    r"\(\s*(?:the\s+)?[a-z_]\w*(?:\s*/\s*[a-z_]\w*)+\s+(?:(?:fields?|columns?)\s+)?"
    r"(?:(?:just|left|stay|are|will\s+be|would\s+be)\s+)?(?:empty|null|blank)(?:\s+then)?\s*\)",
    ICASE,
)


def _empty_fields_slash(text: str, start: int) -> bool:
    """Whether the arithmetic found at `start` is a '/' list of fields said to be left empty."""
    return any(m.start() < start < m.end() for m in _EMPTY_FIELDS_SLASH.finditer(text))


# "the connector's topic prefix / server name is atelierdb": one Debezium setting by its two
# names, never a division
_DEBEZIUM_NAMES = r"(?:topic[\s.]prefix|server[\s_-]*name|logical\s+name)"
_SETTING_NAMES_SLASH = re.compile(rf"\b{_DEBEZIUM_NAMES}\s*/\s*{_DEBEZIUM_NAMES}\b", ICASE)


def _setting_names_slash(text: str, start: int) -> bool:
    """Whether the arithmetic found at `start` is a '/' between a setting's two names."""
    return any(m.start() <= start < m.end() for m in _SETTING_NAMES_SLASH.finditer(text))


def _heading_slash(text: str, start: int) -> bool:
    """Whether the arithmetic found at `start` lies in a heading line (see `_HEADING_SLASH`)."""
    m = _HEADING_SLASH.match(text)
    if m is None or "\n" in text[:start] or start > m.end():
        return False
    # (a list under the heading comes as "; "-joined clauses: a capital starts such a heading)
    return m["end"] == "\n" or text.lstrip()[:1].isupper()


# a text value in quotes: "content_type = 'video/mp4'" holds a slash, never a division
_QUOTED_TEXT = re.compile(r"""(?<![A-Za-z])(?:'[^'\n\x00]*'|"[^"\n\x00]*")""")


def _in_quoted_text(s: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside one quoted text value ('...' or "...")."""
    return any(q.start() < start and end < q.end() for q in _QUOTED_TEXT.finditer(s))


def _hyphenated_value_compared(s: str, text: str, start: int) -> bool:
    """Whether the arithmetic found at `start` is a condition on a hyphenated value: a part
    said elsewhere as a word of its own ("compute gross ..., keep where net = gross-tax") may
    be a field, so that stays arithmetic (refused), as do parts that are all words of amounts
    ("net = gross-tax", h33/wrong17)."""
    m = HYPHENATED_VALUE_COMPARED.match(s, start)
    if m is None or not CONDITION_BEFORE.search(s[:start]):
        return False
    value = m.group(0).split("=", 1)[1].strip()
    if all(part.lower() in _OPERAND_WORDS for part in value.split("-")):
        return False
    rest = text[: m.end() - len(value)] + text[m.end() :]  # (as written: read parts too)
    return not any(
        re.search(rf"(?<![\w.-]){re.escape(part)}(?![\w.-])", rest, ICASE)
        for part in value.split("-")
        if len(part) >= 3
    )


# "keep loads where gross_kg minus tare_kg exceeds 20000": arithmetic compared with a value. A
# filter compares one field (the parser writes no `where` expression): refused, never glued into
# one field's name.
_COMPARED = (
    r"(?:(?:is|are)\s+)?(?:exceeds?|exceeding|over|above|under|below|greater|less|more|fewer|higher"
    r"|lower|bigger|smaller|at\s+(?:least|most)|equals?|(?:is|are)\b|[<>=!\u2264\u2265])"
)
CONDITION_ARITHMETIC = re.compile(
    r"\b(?P<a>[A-Za-z_]\w*)(?:\s+(?:minus|plus|times|less)\s+|\s+-\s+|\s*[+*/]\s*)"
    # ("... is tow_away or courier - those are handled elsewhere": a dash, then a remark about
    # them; a pronoun is no operand)
    r"(?!(?:those|these|they|them|that|this|it|we|which|who|there)\b)"
    rf"(?P<b>[A-Za-z_]\w*|\d+(?:\.\d+)?)\s*{_COMPARED}"
    # ("dedup on layout_id plus segment_id over a sixty-second horizon": a span, no number)
    rf"(?!\s+(?:(?:a|an|the|last)\s+)*{DUR})",
    ICASE,
)


def symbolic(expr: str) -> str:
    """The expression with its operator words as symbols ("price times qty" -> "price * qty")."""
    for pattern, symbol in WORD_OPS:
        expr = re.sub(pattern, symbol, expr, flags=re.IGNORECASE)
    return " ".join(expr.split())


# A computed field is per record: "for each line", "on every order" says so, it groups nothing.
EACH_RECORD = re.compile(
    r"\s+(?:for|on|in|of|to)\s+(?:each|every)\s+(?:single\s+)?(?:record|row|event|line|message"
    r"|item|entry|order|transaction|click|reading|payment|sale|request|one)\b",
    re.IGNORECASE,
)
# "add a field waste_ratio = a / b to each batch" on topic oven-batches: the noun the topic's
# name holds names the records too (checked in `_each_record`)
EACH_NOUN = re.compile(
    r"\s+(?:for|on|in|of|to)\s+(?:each|every)\s+(?:single\s+)?(?P<noun>[a-z]{3,})\b",
    re.IGNORECASE,
)


# "copy grower_name plus coop as coop_name", "bring over a plus b as c": after a verb that only
# copies fields (never "add", a computing verb too), two names joined by the word "plus" are a
# list of the fields to copy, the last one renamed, never their sum
_COPY_VERB_BEFORE = re.compile(
    r"\b(?:cop(?:y|ies|ying)|bring(?:s|ing)?|pull(?:s|ing)?|grab(?:s|bing)?|fetch(?:es|ing)?"
    r"|carry(?:ing)?|tak(?:e|es|ing)|attach(?:es|ing)?)(?:\s+(?:over|across|along|in))?"
    r"(?:\s+[A-Za-z_]\w*\s*,)*\s+$",
    ICASE,
)
_PLUS_ONLY = re.compile(r"[A-Za-z_]\w*\s+plus\s+[A-Za-z_]\w*", ICASE)


def _copied_plus(s: str, m: re.Match[str]) -> bool:
    """Whether an expression-first match is a copied list said with "plus" (`_COPY_VERB_BEFORE`)."""
    return bool(
        _PLUS_ONLY.fullmatch(m.group("expr"))
        and _COPY_VERB_BEFORE.search(s, max(0, m.start() - 80), m.start())
    )


def _each_record(text: str, s: str, end: int) -> int | None:
    """Where "for each record" / "to each batch" after a computed field ends (None: absent).
    A noun other than a generic record noun must be held by a hyphenated name in the request
    (the source topic's: "batch" in oven-batches)."""
    each = EACH_RECORD.match(s, end)
    if each:
        return each.end()
    noun = EACH_NOUN.match(s, end)
    if noun is None or not _names_records(text, noun.group("noun")):
        return None
    return noun.end()


# "the instantaneous power, power_w = voltage_v * current_a": the field in plain words, then
# its definition (see `_gloss_before`)
GLOSS_BEFORE = re.compile(r"\b(?:the|an?)\s+(?P<g>(?:[a-z]+\s+){0,2}[a-z]+)\s*,\s*$")


# "for every batch, compute waste_ratio = a / b": the same said before the computed field
EACH_BEFORE = re.compile(
    r"\b(?:for|on|to)\s+(?:each|every)\s+(?:single\s+)?(?P<noun>[a-z]{3,})\s*,?\s*$", re.IGNORECASE
)


def _each_record_before(text: str, s: str, start: int) -> int | None:
    """Where "for every batch, " before a computed field starts (None: absent)."""
    m = EACH_BEFORE.search(s, max(0, start - 40), start)
    if m is None or "\x00" in m.group(0) or not _names_records(text, m.group("noun")):
        return None
    return m.start()


# "(that's our 20% VAT)", "(i.e. a 10 percent discount)": a rate said in brackets after a
# computed field, naming what its number is (`_percent_gloss_after`)
PERCENT_GLOSS = re.compile(
    r"(?P<open>\s*\()\s*(?:(?:that['\u2019]s|that\s+is|which\s+is|i\.?\s?e\.?,?)\s+)?"
    r"(?:(?:our|the|a|an)\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent|per\s+cent)\s+"
    r"(?:[A-Za-z]+\s+)?(?P<w>[A-Za-z]+)\s*\)",  # ("7% sales tax")
    ICASE,
)
# a field times a number (or a number times a field)
FACTOR_EXPR = re.compile(
    r"\s*(?:[A-Za-z_]\w*\s*\*\s*(?P<f>\d+(?:\.\d+)?)|(?P<f2>\d+(?:\.\d+)?)\s*\*\s*[A-Za-z_]\w*)\s*"
)
ADDED_WORD = re.compile(r"vat|tax|gst|hst|markup|mark-up|surcharge|uplift|tip|commission", ICASE)
DISCOUNT_WORD = re.compile(r"discount|off|rebate|reduction|markdown", ICASE)


def _names_records(text: str, noun: str) -> bool:
    """A generic record noun, or the one ending a hyphenated name in the request (the source
    topic's: "batch" in oven-batches; never "oven")."""
    word = noun.lower()
    if re.fullmatch(
        r"(?:record|row|event|line|message|item|entry|order|transaction|click|reading|payment"
        r"|sale|request|one)",
        word,
    ):
        return True
    stem = word[:-2] if word.endswith(("ches", "shes", "sses", "xes")) else word.rstrip("s")
    names = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text.lower())
    parts = {n.rsplit("-", 1)[1] for n in names}  # the records' noun ends the name
    return any(p.startswith(stem) and len(stem) >= 4 for p in parts)


# temperatures: (the unit's words, its expression from celsius, celsius from it)
_TEMPERATURE = {
    "c": ("c|celsius|centigrade|degrees?\\s+c(?:elsius)?|\u00b0c", "{f}", "{f}"),
    "f": (
        "f|fahrenheit|degrees?\\s+f(?:ahrenheit)?|\u00b0f",
        "{f} * 9 / 5 + 32",
        "({f} - 32) * 5 / 9",
    ),
    "k": ("k|kelvin", "{f} + 273.15", "{f} - 273.15"),
}
_UNIT_WORDS = "|".join(
    [w for units in _UNITS.values() for w in units] + [t[0] for t in _TEMPERATURE.values()]
)
_CONVERTED_NAME = (
    r"(?:\s*(?:,\s*|\s+and\s+)?(?:call(?:ing)?\s+it|name\s+it|named|called|as|into)"
    r"\s+(?:(?:a\s+)?(?:new\s+)?(?:field|column)\s+)?(?P<name>[A-Za-z_]\w*)"
    r"|\s*\(\s*(?:call(?:ed)?\s+it|named|as)\s+(?P<pname>[A-Za-z_]\w*)\s*\))"
)
_TARGET = rf"(?:(?:a|an)\s+)?(?P<unit>{_UNIT_WORDS})(?![\w/])"
CONVERSION = re.compile(
    r"\b(?:convert(?:ing|s)?\s+(?:the\s+)?(?P<field>[A-Za-z_]\w*)(?:\s+(?:field|column))?"
    rf"\s+(?:to|into)\s+{_TARGET}"
    r"|(?P<field2>[A-Za-z_]\w*)\s+converted\s+(?:to|into)\s+"
    rf"{_TARGET.replace('unit', 'unit2')})"
    # "convert temp_f to celsius as temp_c = (temp_f - 32) * 5 / 9", "...: temp_c = ...": the
    # new field written as an equation
    # ("convert temp_c to fahrenheit (temp_f = temp_c * 9 / 5 + 32)": in parentheses)
    r"(?:(?:\s*(?::|,|\s+as)\s*|\s*\(\s*(?=[A-Za-z_]\w*\s*=[^()]*(?:\([^()]*\)[^()]*)*\)))"
    rf"(?P<ename>[A-Za-z_]\w*)\s*=\s*{EXPR.replace('expr', 'formula2')}(?:\s*\))?"
    # "convert temp_f to celsius as (temp_f - 32) * 5 / 9 and call it temp_c": its own formula
    r"|(?:\s+(?:as|using|with|via|by)\s+(?:the\s+formula\s+)?"
    rf"{EXPR.replace('expr', 'formula')})?"
    rf"{_CONVERTED_NAME})",
    ICASE,
)
# "convert result_value to a percentage": from which fraction? refused, never guessed
# (a field's name holds '_'; "convert the payload to Avro" is no arithmetic)
CONVERSION_UNREAD = re.compile(
    r"\bconvert(?:ing|s)?\s+(?:the\s+)?(?:[A-Za-z]\w*_\w*(?:\s+(?:field|column))?\s+(?:to|into)\b"
    rf"|[A-Za-z_]\w*\s+(?:to|into)\s+(?:(?:a|an)\s+)?(?:percent(?:age)?s?\b|{_TARGET}))"
    r"|\b[A-Za-z]\w*_\w*\s+converted\s+(?:to|into)\b",
    ICASE,
)


def _unit_of(word: str) -> tuple[str, str | float] | None:
    """(kind, factor to its base unit) of a unit word; a temperature's factor is its key."""
    word = " ".join(word.lower().split())
    for kind, units in _UNITS.items():
        for words, factor in units.items():
            if re.fullmatch(words, word):
                return kind, factor
    for key, (words, _to, _from) in _TEMPERATURE.items():
        if re.fullmatch(words, word):
            return "temperature", key
    return None


def _unit_words(field: str) -> str:
    """'weight_g' -> "'_g'": the unit its name ends with, as said."""
    return repr("_" + field.rsplit("_", 1)[-1])


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(round(x, 10))


def conversion_expr(field: str, target: str) -> str | None:
    """The expression turning `field` (its unit the one its name ends with) into the unit
    `target` names; None when the name ends with no unit of the target's kind."""
    to = _unit_of(target)
    suffix = re.search(r"_([a-z]+)$", field.lower())
    if to is None or suffix is None:
        return None
    kind, to_factor = to
    if kind == "temperature":
        source = _TEMPERATURE.get(suffix.group(1))
        if source is None or suffix.group(1) == to_factor:
            return None
        celsius = source[2].format(f=field)
        celsius = f"({celsius})" if " " in celsius and to_factor != "c" else celsius
        return _TEMPERATURE[str(to_factor)][1].format(f=celsius)
    for words, factor in _UNITS[kind].items():
        if re.fullmatch(words, suffix.group(1)):
            if factor == to_factor:
                return None
            ratio = float(factor) / float(to_factor)
            if ratio >= 1:
                return f"{field} * {_number(ratio)}"
            inverse = 1 / ratio
            if abs(inverse - round(inverse)) < 1e-9:
                return f"{field} / {_number(round(inverse))}"
            return f"{field} * {_number(ratio)}"
    return None


# Words of a sentence's grammar, never a field a computed field could read ("tickets_sold plus
# the 90th percentile ..." is no sum with a field 'the').
_GRAMMAR_WORDS = word_set(
    """the a an of and or to in on at by for with from as is are be this that these those its
    their our his her it they we"""
)


def _under_conditions_label(text: str, start: int) -> bool:
    """Whether the item at `start` comes after a label saying conditions ("Filters:", "Keep
    only rows where:"); a list's items are joined by ';' when read, so the nearest label
    before it counts."""
    labels = list(re.finditer(r"[^;:\n.]*:(?=\s*(?:;|\n|$))", text[:start]))
    return bool(labels) and bool(CONDITIONS_LABEL.search(labels[-1].group(0)))


def expr_fields(expr: str) -> set[str]:
    """The field names an expression reads ("round(total / n, 2)": total and n; a function's
    name is no field)."""
    return {w[1] for w in re.finditer(r"[A-Za-z_]\w*(?=\()|([A-Za-z_]\w*)", expr) if w[1]}


def map_fields_read(op: dict[str, Any]) -> set[str]:
    """The field names a map operator's expressions read."""
    return {w for f in op["fields"] for w in expr_fields(str(f["expr"]))}


class ComputedRecogniser(SchemaResolver):
    def extract_conversions(self) -> None:
        """Unit conversions said in words (see `CONVERSION`): a computed field whose arithmetic
        the units give; a field whose name says no unit of the target's kind is refused. Read
        before the settings, which would take "(call it weight_kg)" for the pipeline's name."""
        for m in list(CONVERSION.finditer(self.s)):
            if "\x00" in m.group(0):
                continue
            field = m.group("field") or m.group("field2")
            target = m.group("unit") or m.group("unit2")
            name = m.group("name") or m.group("pname") or m.group("ename")
            expr = conversion_expr(field, target)
            formula = m.group("formula") or m.group("formula2")
            # ("convert celsius to fahrenheit: temp_f = temp_c * 9 / 5 + 32": the units said,
            # the formula names the field)
            unit_said = re.fullmatch(_UNIT_WORDS, field, ICASE)
            if formula and not unit_said and not re.search(rf"\b{re.escape(field)}\b", formula):
                raise RequestNotUnderstood(
                    f"cannot read this conversion: {clause_around(self.text, m.start(), m.end())!r}"
                    f": the formula does not use {field!r}. Write the arithmetic, e.g. "
                    '"compute temp_c = (temp_f - 32) * 5 / 9"'
                )
            if formula:
                # the request's own arithmetic, whatever the field's name says of its unit
                self.computed.append((m.start(), name, symbolic(formula)))
                self.added_by_ops[name] = "float"
                self.mask(m.start(), m.end())
                continue
            if expr is None:
                raise RequestNotUnderstood(
                    f"cannot convert {field!r} to {target!r} "
                    f"({clause_around(self.text, m.start(), m.end())!r}): the field's name does "
                    "not end with a unit of that kind (weight_g, duration_min, temp_f), so its "
                    "unit is unknown. Write the arithmetic, e.g. "
                    '"compute total = price * quantity"'
                )
            name, end = self._name_said_again(name, m.end())
            if name in [n for _, n, _ in self.computed]:
                raise RequestNotUnderstood(
                    f"field {name!r} is computed twice: "
                    f"{clause_around(self.text, m.start(), m.end())!r}"
                )
            self.computed.append((m.start(), name, expr))
            self.added_by_ops[name] = "float"
            self.assumptions.append(
                f"{name} = {expr}: the unit {field!r} holds is read from its name (its ending "
                f"{_unit_words(field)})"
            )
            self.mask(m.start(), end)

    def refuse_unread_conversions(self) -> None:
        left = CONVERSION_UNREAD.search(self.s)
        if left:
            percent = re.match(r"\s*(?:an?\s+)?percent", self.s[left.end() :], ICASE) or re.search(
                r"\bpercent", left.group(0), ICASE
            )
            raise RequestNotUnderstood(
                f"cannot read this conversion: {clause_around(self.text, left.start(), left.end())!r}"
                + (
                    ': a percentage of what? Write the arithmetic, such as "compute share_pct = '
                    'share * 100" for a fraction, or "compute share_pct = part / whole * 100"'
                    if percent
                    else ". Name the field, the unit and the new field's name (e.g. \"convert "
                    'weight_g to kilograms as weight_kg"), or write the arithmetic'
                )
            )

    def extract_verb_first(self) -> None:
        """ "multiply distance_km by 1000 as distance_m" (see `VERB_FIRST`). Read before the
        settings, which would take "and call it distance_m" for the pipeline's name."""
        for m in list(VERB_FIRST.finditer(self.s)):
            if "\x00" in m.group(0):
                continue
            verb = next(k for k in VERB_EXPR if m.group(k))
            name = m.group("name") or m.group("pname")
            if name in [n for _, n, _ in self.computed]:
                raise RequestNotUnderstood(
                    f"field {name!r} is computed twice: {clause_around(self.text, m.start(), m.end())!r}"
                )
            expr = VERB_EXPR[verb].format(a=m.group("a"), b=m.group("b"))
            name, end = self._name_said_again(name, m.end())
            self.computed.append((m.start(), name, expr))
            self.added_by_ops[name] = "float"  # a later filter or projection may read it
            self.mask(m.start(), end)

    def _name_said_again(self, name: str, end: int) -> tuple[str, int]:
        """ "... to get cents, call it amount_cents": the name said last is the field's, listed;
        with where the naming ends."""
        again = NAMED_AGAIN.match(self.s, end)
        if not again:
            return name, end
        if again.group("name").lower() != name.lower():
            self.assumptions.append(
                f"named the computed field {again.group('name')!r}, the name said last "
                f"({clause_around(self.text, end, again.end())!r}), not {name!r}"
            )
        return again.group("name"), again.end()

    def extract_computed(self) -> None:
        self.refuse_unread_conversions()
        patterns = (NEW_FIELD_LED, NAME_THEN_FIELD, NAME_THEN_PARENS, NAME_SET_TO, NAME_FIRST,
                    NAME_IS, EXPR_FIRST)  # fmt: skip
        for pattern in patterns:
            for m in list(pattern.finditer(self.s)):
                if "\x00" in m.group(0):
                    continue
                if m.group(0) != self.text[m.start() : m.end()]:
                    # words inside were blanked by another reader ("round(abs(a - b) ...)" read
                    # as round(abs)): refused, never an expression with words missing
                    raise RequestNotUnderstood(
                        "cannot read this computed field: "
                        f"{clause_around(self.text, m.start(), m.end())!r}. Write it as fields "
                        'and numbers joined by + - * /, e.g. "compute total = price * quantity"'
                    )
                led = re.match(LEAD, m.group(0), ICASE)
                if pattern is EXPR_FIRST and not led and _copied_plus(self.s, m):
                    continue  # "copy grower_name plus coop as coop_name": a list (joins)
                after_computed = re.search(r"\x00\s*,?\s*(?:and\s+)?$", self.s[: m.start()])
                if not led and not after_computed and CONDITION_BEFORE.search(self.s[: m.start()]):
                    continue  # "where amount = price * 2": a condition, refused below
                if pattern is NAME_IS and _under_conditions_label(self.text, m.start()):
                    continue  # "Filters:\n- total is price * 2": a condition? refused below
                groups = m.groupdict()
                name = next(groups[k] for k in ("name", "name2", "name3") if groups.get(k))
                expr = symbolic(
                    next(groups[k] for k in ("expr", "expr2", "expr3") if groups.get(k))
                )
                if name in [n for _, n, _ in self.computed]:
                    raise RequestNotUnderstood(
                        f"field {name!r} is computed twice: {clause_around(self.text, m.start(), m.end())!r}"
                    )
                end = m.end()
                tail = THEN_APPLIED.match(self.s, end)
                if tail:  # "pickup_ts minus request_ts, divided by 1000": the whole, then / 1000
                    expr = f"({expr}) {symbolic(' ' + tail.group('op') + ' ').strip()} {tail.group('n')}"
                    end = tail.end()
                self.computed.append((m.start(), name, expr))
                # a later filter or projection on this name reads the computed field
                self.added_by_ops[name] = "float"
                each = _each_record(self.text, self.s, end)
                if each is not None:  # "compute line_total = price * qty for each line"
                    end = each
                before = _each_record_before(self.text, self.s, m.start())
                self.mask(m.start() if before is None else before, end)
                self._gloss_before(name, m.start())
                self._percent_gloss_after(name, expr, end)
        constant = CONSTANT_COMPUTED.search(self.s)
        if constant and "\x00" not in constant.group(0):
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, constant.start(), constant.end())!r}: a "
                "computed field is arithmetic on each record's fields, never one value alone (a "
                "number, a word, a field or its negation: '-amount' is '0 - amount'); write it, "
                'e.g. "compute vat = price * 0.2"'
            )
        for cm in CONDITION_ARITHMETIC.finditer(self.s):
            arith = ARITH_COND.match(self.s, cm.start())
            if arith and arith_compared(arith):
                continue  # "where gross_kg - tare_kg > 20000": a `where` filter (comparisons.py)
            if not ("_" in cm.group("a") + cm.group("b") or CONDITION_BEFORE.search(
                self.s[max(0, cm.start() - 30) : cm.start()]
            )):  # fmt: skip
                continue
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, cm.start(), cm.end())!r}: a filter "
                "compares one field with a value. Compute the arithmetic as a field first, "
                'e.g. "compute net_kg = gross_kg - tare_kg, then keep loads where net_kg > 20000"'
            )
        compared = [(a.start(), a.end()) for a in ARITH_COND.finditer(self.s) if arith_compared(a)]
        left = next(
            (u for u in UNREAD_ARITHMETIC.finditer(self.s)
             if not any(a <= u.start() and u.end() <= b for a, b in compared)
             and not _hyphenated_value_compared(self.s, self.text, u.start())
             and not _heading_slash(self.text, u.start())
             and not _empty_fields_slash(self.text, u.start())
             and not _setting_names_slash(self.text, u.start())
             and not _in_quoted_text(self.s, u.start(), u.end())),
            None,
        )  # fmt: skip
        if left:
            raise RequestNotUnderstood(
                "cannot read this computed field: "
                f"{clause_around(self.text, left.start(), left.end())!r}. Write it as fields and "
                'numbers joined by + - * /, e.g. "compute total = price * quantity", or write '
                "the pipeline as a spec file with a `map`"
            )

    def _gloss_before(self, name: str, start: int) -> None:
        """ "a stream with the instantaneous power, power_w = voltage_v * current_a": the
        computed field said in plain words right before its definition, the last of them a
        word of its name (listed; a word that may select records leaves it unread)."""
        from .context import may_select_records  # (a lazy import, kept from before the split)

        gloss = GLOSS_BEFORE.search(self.s, max(0, start - 60), start)
        if gloss is None:
            return
        words = gloss["g"].split()
        if words[-1].lower() not in name.lower().split("_") or may_select_records(gloss["g"]):
            return
        self.mask(gloss.start("g"), gloss.end())
        self.assumptions.append(
            f"read {gloss['g']!r} as the words for {name}, defined right after them"
        )

    def _percent_gloss_after(self, name: str, expr: str, end: int) -> None:
        """ "price_gross = price_net * 1.2 (that's our 20% VAT)": a rate in brackets after a
        product with a number says what the number is; read when it is that rate (0.2), or
        one plus it (a tax, a markup), or one minus it (a discount). Another rate is refused."""
        m = PERCENT_GLOSS.match(self.text, end)
        factor = FACTOR_EXPR.fullmatch(expr)
        if m is None or factor is None:
            return
        rate, number = float(m["n"]) / 100, factor["f"] or factor["f2"]
        word = m["w"].lower()
        side = -1 if DISCOUNT_WORD.fullmatch(word) else 1 if ADDED_WORD.fullmatch(word) else 0
        if side == 0:
            return  # "(20% heritage)": a word no rate list holds, left unread
        said = " ".join(self.text[m.start("open") : m.end()].split())
        if not any(abs(float(number) - f) < 1e-9 for f in (rate, 1 + side * rate)):
            raise RequestNotUnderstood(
                f"cannot read {name} = {expr} {said}: the brackets say a rate of {m['n']}% and "
                f"the number is {number}; say one"
            )
        self.mask(m.start("open"), m.end())

    def _refuse_joined_operand(self, name: str, expr: str, word: str) -> None:
        """ "join with topic quotes ... taking bid as best_bid, compute spread = ask - bid": a
        field the join takes under another name (or a join built after the map), never added
        to the source's records."""
        for j in self.joins:
            taken = {j.targets.get(f, f) for f in j.fields} | set(j.fields)
            if word in taken:
                raise RequestNotUnderstood(
                    f"cannot compute {name!r} from {expr!r}: {word!r} comes from the join with "
                    f"{j.right_topic or j.right_phrase!r} under another name; compute from the "
                    "name the join gives it, or write the pipeline as a spec file with a `map` "
                    "after the join"
                )

    def _joined_as_number(self, join: dict[str, Any], target: str, name: str) -> bool:
        """A field the join takes whose text type was only guessed from its name ("taking bid
        and ask") becomes a float when a computed field reads it (expressions are arithmetic),
        on both the joined side's fields and the ones taken; listed. A type the request states
        for it stays."""
        field = next((f for f in join.get("fields", []) if f["target"] == target), None)
        if field is None or field["type"] != "string":
            return False
        stated = {n for j in self.joins for n, t in (j.right_types or {}).items() if t}
        if field["source"] in stated:
            return False
        field["type"] = self.added_by_ops[target] = "float"
        for right in join.get("right_fields", []):
            if right["name"] == field["source"]:
                right["type"] = "float"
        self.assumptions.append(
            f"the joined field {target!r} is typed float: the request computes {name!r} from it "
            "(a value that is not a number sends the record to the dead-letter topic)"
        )
        return True

    def map_reads_joined(self) -> bool:
        """A computed field reads a field only the join takes ("join ... take gross_kg and
        tare_kg; compute net_kg = gross_kg - tare_kg"): the map is built after the join, from
        the fields it adds (the map runs after the join)."""
        taken = {j.targets.get(f, f) for j in self.joins for f in j.fields}
        own = {str(f["name"]) for f in self.fields} | {n for _p, n, _e in self.computed}
        words = {w for _p, _n, expr in self.computed for w in expr_fields(expr)}
        return bool((words - own) & taken)

    def map_reads_window(self) -> bool:
        """ "sum amount as total and count orders as n every 5 minutes, then compute avg =
        total / n": computed fields said after the aggregates that read one of their names run
        on the window's rows, after it (before it, the names would be input fields no record
        has)."""
        names = {a.name for a in self.aggs}
        if not names or not self.computed:
            return False
        first_agg = min(a.pos for a in self.aggs)
        return any(pos > first_agg and names & expr_fields(expr) for pos, _n, expr in self.computed)

    def window_row_types(self, window: dict[str, Any]) -> dict[str, str]:
        """The fields of a window's rows, by type, for a computed field that reads them."""
        declared = {str(f["name"]): str(f["type"]) for f in self.fields}
        types = {"window_start": "timestamp", "window_end": "timestamp"}
        types |= {g: declared.get(g, "string") for g in window.get("group_by", [])}
        for agg in window["aggregates"]:
            types[agg["name"]] = "int" if agg["fn"] in ("count", "count_distinct") else "float"
        return types

    def build_map(
        self,
        enrich: dict[str, Any] | None = None,
        join: dict[str, Any] | None = None,
        window: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """The map operator: each expression's fields resolved against the input schema (a
        field it names is added as a number when missing), checked and written canonically.
        A field the enrichment or the join adds (both run before the map) is read from it; a
        map after the window reads the window's rows only."""
        if not self.computed:
            return None
        enriched = {f["target"]: f["type"] for f in (enrich or {}).get("fields", [])}
        enriched |= {f["target"]: f["type"] for f in (join or {}).get("fields", [])}
        fields: list[dict[str, str]] = []
        for pos, name, expr in sorted(self.computed):
            types: dict[str, Any] = {str(f["name"]): f["type"] for f in self.fields} | enriched
            if window is not None:
                types = self.window_row_types(window)
            for fn in re.finditer(r"[A-Za-z_]\w*(?=\()|([A-Za-z_]\w*)", expr):
                word = fn.group(1)  # (a function's name is no field)
                if word in enriched and self.op_field_as_number(word, f"computes {name!r} from it"):
                    enriched[word] = "float"
                if join and word in enriched and self._joined_as_number(join, word, name):
                    enriched[word] = "float"
                if word and word not in types and word not in [f["name"] for f in fields]:
                    if window is not None:
                        raise RequestNotUnderstood(
                            f"cannot compute {name!r} from {expr!r} after the window: the "
                            f"window's rows hold {', '.join(types)}, not {word!r}; compute it "
                            "from those, or before the window from the records' fields"
                        )
                    self._refuse_joined_operand(name, expr, word)
                    if word.lower() in _GRAMMAR_WORDS:  # "tickets_sold + the": words, never a field
                        raise RequestNotUnderstood(
                            f"cannot compute {name!r} from {expr!r}: {word!r} is no field; an "
                            "expression is made of fields and numbers"
                        )
                    text = re.search(rf"\b(?:lower|upper)\(\s*{word}\s*\)", expr) is not None
                    self.resolve(
                        word, role="field" if text else "measure", explicit=True,
                        value="" if text else None, why=f"read by computed field {name!r}",
                    )  # fmt: skip
            if window is None:
                types = {str(f["name"]): f["type"] for f in self.fields} | enriched
            types.update({f["name"]: self.added_by_ops[f["name"]] for f in fields})
            try:
                parsed = parse_expression(expr, types)
            except ExpressionError as error:
                words = self.text[pos : pos + len(expr) + len(name) + 20]
                raise RequestNotUnderstood(
                    f"cannot compute {name!r} from {expr!r} ({clause_around(self.text, pos, pos + len(words))!r}): "
                    f"{error}"
                ) from None
            self.added_by_ops[name] = result_type(parsed)
            fields.append({"name": name, "expr": describe(parsed)})
        return {"kind": "map", "fields": fields}
