"""Recogniser: value and list conditions ("status is completed", "one of declined, reversed",
codes in capitals, "only priority P1 and P2", "keep paid orders", status words said in other ways),
the conditions a bracketed gloss gives, and the spec filter built from a condition's field and
value."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from ...errors import RequestNotUnderstood
from ...spec.expressions import ExpressionError, describe, fields_read
from ...spec.expressions import parse as parse_expression
from ...spec.presets import DISCRIMINATORS
from . import lazy_re as re
from .comparisons import (
    COND_CONT,
    CURRENCY_CODE,
    FILLER_NOUNS,
    MODAL_BOUNDS,
    MODAL_LISTS,
    NOT_VALUES,
    STATUS_FIELD,
    TEXT_OPS,
    FieldRef,
)
from .lexicon import (
    CLOSE_PAREN,
    DEGREES,
    DISCRIMINATOR,
    DROP_VERB,
    EXCEPTION_WORDS,
    KIND_FIELD_WORD,
    MAGNITUDE_VALUES,
    MASK,
    NEGATE,
    NOT_FIELD_ADVERBS,
    PRESENCE,
    QUOTED,
    SEND_VERB,
    STOP,
    TIER_VALUES,
    VERBS_AFTER_AND,
    WORD_RUN,
    _snake,
    coerce,
    singular,
    stem,
    unquote,
    word_set,
)
from .presence import (
    DROPPED_THAT_BEFORE,
    DROPPED_VALUE_NOUN_BEFORE,
    DROPPED_WORDS_BEFORE,
    NULL_TESTS,
    RECORD_NOUNS,
)
from .quantities import (
    ICASE,
    field_units,
    number,
    time_factor,
)
from .scope import clause_around
from .source_descriptions import FIELDS_AFTER_TOPIC, fields_listed
from .state import Cond
from .thresholds import MONEY_HEAD, ThresholdReader, _leaves

_PAREN_OPEN = r"\s*\(\s*(?:i\.e\.\s*,?\s*|e\.g\.\s*,?\s*)?"
# the words a gloss may hold besides the records' noun and the values its condition selects
_GLOSS_PLAIN = word_set(
    "the all any every each only just ones we i want need care about keep keeps keeping retain retains ie for "
    "e g that is big bigger large larger huge small high low important relevant real valid "
    "good bad poor interesting expensive cheap heavy light long short slow fast recent new old major "
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
# "running low but not yet dead: battery_pct >= 5 and < 20": the extreme a bound keeps out,
# said with "not" (a lower bound keeps out the empty end, an upper one the full end), and a
# verb of becoming before a size word ("running low", "getting long")
_NOT_EXTREME = re.compile(
    r"\b(?:(?:but|and)\s+)?not\s+(?:yet\s+|quite\s+)?(?P<w>dead|empty|flat|drained|full|maxed)\b"
)
_EXTREME_DOWN = word_set("dead empty flat drained")
_BECOMING = re.compile(
    r"\b(?:running|getting|going)\s+(?=(?:low|high|short|long|cheap|expensive|heavy|light|big"
    r"|small)\b)"
)
# "the ones not yet returned": a flag said false by "not" before the words of its name
_NOT_FLAG = re.compile(r"\bnot\s+(?:(?:yet|already|ever)\s+)?(?P<w>[a-z]+)\b")
# Words for any record, never a field compared with a number ("keep anything over 300")
# a field holding money ("amount", "total_eur", "fare"): what money records compare by
_MONEY_FIELD = re.compile(
    r"(?:^|_)(?:amount|total|subtotal|price|cost|fare|fee|revenue)(?:_|$)|_(?:usd|eur|gbp|cents)$"
)
# "items list", "the tag array": a collection named by its words and the kind of it
_LIST_SUBJECT = re.compile(
    r"(?:the\s+)?(?P<w>[a-z]\w*(?:\s+[a-z]\w*)?)\s+(?P<kind>list|array|set|collection)", ICASE
)
_ANY_RECORD = word_set("anything everything something anyone everyone anybody everybody")
# a word of a gloss, a hyphenated compound whole ("walk-ins", "e-scooters")
_GLOSS_WORD = r"[a-z]+(?:-[a-z]+)*"
# age groups, said of an age field compared one way: "youth only (age_years < 18)"
_AGE_YOUNG = word_set("youth youths junior juniors kids kid children child minors minor teens")
_AGE_OLD = word_set("adult adults senior seniors grown-ups elderly")
# "We want the big trades only: amount_usd of 100000 or more", "we need the cancellations only,
# i.e. change_type = cancel": the same, the condition after a colon or "i.e." ending the clause
_GLOSS_THEN = r"\s*(?::|,?\s*i\.e\.\s*,?|,?\s*that\s+is\s*,)\s*"
# ("..., i.e. anything where user_agent_class is 'bot'": the records again, then the condition)
_GLOSS_AGAIN = (
    r"(?:(?:anything|everything|all\s+records|any\s+record|the\s+ones|those|ones|records|rows"
    r"|events)\s+(?:where|whose|with|that\s+has|that\s+have)\s+)?"
)
# "throw away bot traffic, i.e. anything where user_agent_class is 'bot'": the same after a
# drop verb (the words must name a value the condition selects, as in brackets)
# what ends a gloss before its condition, and the drop verb opening it (`_read_if_gloss_agrees`)
# ("only ranked matches count: match_type = ranked": the records' verb, saying they are the
# ones counted)
GLOSS_COUNTED = r"(?:\s+(?:count|matter|qualify))?"
_GLOSS_TAIL = re.compile(rf"(?:{GLOSS_COUNTED}{_GLOSS_THEN}{_GLOSS_AGAIN}|{_PAREN_OPEN})$", ICASE)
_DROP_VERB_FIRST = re.compile(rf"{DROP_VERB}\s+", ICASE)


# "only card or mobile payments (payment_method)", "drop sites TEST1 and LAB (site_id not in
# those)": the field holding the values just listed, in brackets after them (alone, labelled as
# a field, or with "in"/"not in" those values; see `_field_in_brackets`)
_FIELD_IN_BRACKETS = (
    r"\s*\(\s*(?:the\s+)?(?:(?:field|column)\s*:?\s*)?[`'\"]?(?P<f>[A-Za-z_]\w*)[`'\"]?"
    r"(?:\s+(?:field|column)|(?P<those>\s+(?:is\s+)?(?P<not>not\s+)?(?:in|one\s+of|among)\s+"
    r"(?:those|these|them|the\s+above|(?:that|this|the)\s+(?:list|set))"
    r"(?:\s+(?:[2-5]|two|three|four|five))?(?:\s+values)?))?"
    r"\s*\)"
)
FIELD_IN_BRACKETS = re.compile(_FIELD_IN_BRACKETS, ICASE)


def field_may_hold(values: list[str]) -> bool:
    """Whether plain words may be values a field named in brackets holds: never emptiness,
    age, lateness, order or size ("only the empty trades (notes_text)" is a null test)."""
    words = {w for v in values for w in re.split(r"[\s_-]+", str(v).lower())}
    return not words & (
        EMPTY_VALUES | AGE_VALUES | LATE_VALUES | ORDER_WORDS | POSITION_WORDS
        | MAGNITUDE_VALUES | _GLOSS_PLAIN
    )  # fmt: skip


# "anything with speed_kmh > 70 on lines 3 or 7 (line_id)": right after a kept condition, the
# values of another field, said after a noun that is a word of that field's name, named in
# brackets: kept as well (see `_more_values_named`)
MORE_VALUES_NAMED = re.compile(
    r"\s+(?:and\s+)?(?:on|at|in|from|for)\s+(?:the\s+)?(?P<noun>[a-z]+s)\s+"
    rf"(?P<v>(?:{QUOTED}|[\w-]+)(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    rf"(?:{QUOTED}|[\w-]+))*)"
    r"\s*\(\s*(?:(?:the\s+)?(?:field|column)\s*:?\s*)?(?P<q>[`'\"]?)"
    r"(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?P=q)\s*\)",
    ICASE,
)
FIELD_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


# A condition written with a symbol or SQL words reads as a filter wherever it stands:
# "keep only status = 'completed'", "drop amount = 0", "email is not null", "country in (...)".
BARE_COND = re.compile(
    r"(?<![\w.'\"`])(?P<subj>`[^`]+`|[A-Za-z_][\w.]*)\s*(?:==?|!=|<>|>=|<=|>|<|\s(?:is\s+(?:not\s+)?null"
    # (never an aggregate's name in brackets: "values checking in (as buoys_up)")
    r"|(?:not\s+)?in\s*\((?!\s*as\s)|is\s+(?:not\s+)?(?:'|\")|(?:not\s+)?between\b"
    # "machine_id must not be null", "ring_number must be present": a rule the records meet
    # (read as a filter and listed, see filters.MUST_NOT_BE_EMPTY)
    r"|(?:must|should|has\s+to|needs\s+to)\s+(?:(?:not|never)\s+be\s+(?:null|empty|blank|missing)"
    r"|be\s+(?:present|set|populated|filled\s+in|non-?\s?(?:null|empty|blank)|not\s+null))\b"
    r"|(?:can't|cannot|can\s+not)\s+be\s+(?:null|empty|blank|missing)\b"
    # "amplitude_deg must be >= 220", "load_kg should not exceed 500": the same, with a bound
    rf"|{'|'.join(MODAL_BOUNDS.values())}"
    # "trial_class must be one of: Open, Nursery": a rule on the values (filters.MUST_COMPARE)
    rf"|{'|'.join(MODAL_LISTS.values())}"
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


# Words that judge a value rather than name one ("where altitude is reasonable")
_JUDGEMENTS = word_set(
    "reasonable unreasonable sensible acceptable unacceptable plausible implausible realistic "
    "unrealistic excessive abnormal unusual suspicious weird odd strange sane insane bogus"
)
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
# the words before "(status is voided)" that let a plain 'is' be read as a condition
_WORDS_BEFORE_IS = (
    DROPPED_WORDS_BEFORE,
    DROPPED_THAT_BEFORE,
    DROPPED_VALUE_NOUN_BEFORE,
    VALUE_WORDS_BEFORE,
)
IMPLICIT_OPS = {"over": "gt", "above": "gt", "more than": "gt", "greater than": "gt",
                "exceeding": "gt", "bigger than": "gt", "larger than": "gt", "under": "lt",
                "below": "lt", "less than": "lt", "smaller than": "lt", "at least": "ge",
                "at most": "le", "no more than": "le", "no less than": "ge",
                "up to": "le", "longer than": "gt", "shorter than": "lt", "heavier than": "gt",
                "lighter than": "lt", "higher than": "gt", "lower than": "lt",
                # the comparatives of one measure (comparisons._ADJECTIVE_DIMENSION)
                "hotter than": "gt", "warmer than": "gt", "stronger than": "gt",
                "louder than": "gt", "faster than": "gt", "pricier than": "gt",
                "colder than": "lt", "cooler than": "lt", "weaker than": "lt",
                "quieter than": "lt", "slower than": "lt", "cheaper than": "lt",
                "older than": "gt", "costlier than": "gt", "dearer than": "gt",
                "younger than": "lt", "softer than": "lt"}  # fmt: skip
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


# Names that say "identifier": typed int by guess, text when compared with text.
IDENTIFIER_NAME = re.compile(r"(?:^|_)(?:id|code|key|ref|no|number)$", ICASE)


# "records with a lot_id that isn't empty": the field, then a relative pronoun before its test
RELATIVE_SUBJECT = re.compile(r"([A-Za-z_]\w*_\w+)\s+(?:that|which)", ICASE)


# "exclude waste_class general and garden", "only ticket_priority high or urgent": a field
# written as an identifier whose last part names a kind, then plain-word values (no '_' needed:
# the identifier says which field), no comparison word; the values end the clause
_PLAIN_VALUE = r"(?!(?:the|an?|then|also|all|any|ones|records|events|rows)\b)[a-z][a-z0-9-]*"


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
    r"|grade|channel|region|zone"
    # ("only species cod, haddock or hake", "just genre jazz or blues": a noun naming which
    # sort of thing a record is about, whose values are plain words)
    r"|species|breed|variety|cultivar|genre|brand|colou?r|flavou?r|department|sport|fuel"
    r"|material|cuisine|language|country|platform)|[a-z]\w*_(?:action|event|method|format|mode)"
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


# "keep only river values Danube, Rhine and Main", "drop channel values test or staging": any
# one-word field, said to be one by "values" after it, then its values as written (capitals
# kept); the step must end right after them, as above
_SAID_VALUE = rf"(?!(?i:{VERBS_AFTER_AND}|and|or|the|to|from|into)\b)[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*"
FIELD_VALUES_SAID = re.compile(
    rf"(?i:(?P<drop>\b{DROP_VERB})\s+(?:all\s+|any\s+)?|\b(?:(?:keep|pass|forward|send)\s+)?only\s+)"
    r"(?:the\s+)?(?P<f>(?!(?i:the|an?|all|any|field|column|these|those|such|their|its)\b)"
    r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*)\s+(?i:values?)\s+"
    rf"(?P<v>{_SAID_VALUE}(?:\s*,\s*(?:or\s+|and\s+)?{_SAID_VALUE}|\s+(?:or|and)\s+{_SAID_VALUE})*)"
    rf"(?P<cont>)(?=\s*(?:[.;!](?!\w)|\n|\x00|$|,\s*(?:then\s+)?(?:(?i:{VERBS_AFTER_AND})\b|\x00)))",
)


# "Exclude test kiosks, i.e. keep only is_test = false": the records dropped, described, then
# the same said as what is kept, its own verb and condition read already (masked right after;
# see `_drop_gloss_kept_restated`)
DROP_GLOSS_THEN_KEPT = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?(?P<w>(?:[A-Za-z][a-z-]*\s+){{1,2}}?"
    r"[A-Za-z][a-z-]*s)(?:\s*,?\s*(?:i\.e\.?|that\s+is|meaning|in\s+other\s+words)\s*,?\s*"
    # ("skip comped bottles: keep comped = false": a heading, then the condition it names)
    r"(?=\x00)|\s*:\s*(?=\x00)"
    # "Skip huge files (only keep file_size_mb < 80)": the kept condition in parentheses
    r"|\s*(?P<paren>\((?:\s*only(?=\s+(?:keep|\x00)))?)(?=\s*(?:keep(?:ing)?\s+(?:only\s+)?)?\x00))",
    ICASE,
)

_KEPT_SAID_AGAIN = re.compile(
    r"\s*(?:only\s+)?(?:keep(?:ing)?|retain(?:ing)?)(?:\s+only)?\s+(?:(?:the\s+)?(?:records|rows"
    r"|events|ones|those)\s+)?(?:(?:where|whose|with)\s+)?",
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
# A value that is a code ("ALG1", "GEO-2", "EU"): never an English word that may select records.
CODE_VALUE = re.compile(r"(?=[\w-]*\d)[A-Za-z0-9][\w-]*|[A-Z]{2,}[A-Z0-9_-]*")


# "only records from the Assam, Darjeeling and Nilgiri gardens" where the request names a garden
# field: the values before the noun that names the field (checked in `_values_before_field`)
VALUES_BEFORE_FIELD = re.compile(
    r"\b(?:keep(?:ing)?\s+)?(?:only|just)\s+(?:(?P<desc>[A-Za-z]+\s+)?(?:records|events|rows|entries"
    r"|messages|readings|data)\s+)?(?P<prep>(?:from|of|in|at|for)\s+)?the\s+"
    rf"(?P<v>(?:{QUOTED}|[\w-]+)(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{QUOTED}|[\w-]+))+)"
    r"\s+(?P<noun>[A-Za-z]+s)\b(?P<paren>\s*\(\s*(?:the\s+)?(?:field|column)\s*:?\s*(?P<f>[A-Za-z_]\w*)\s*\))?",
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


ONLY_NOUNS = (
    r"(?:events|records|messages|logs|log\s+lines|entries|rows|clicks|orders|transactions"
    r"|payments|readings|lines|sales|purchases|requests)"
)
_SYMBOL = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
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
# A time field's unit from its name's last part: milliseconds in one of them
FIELD_TIME_UNITS = {
    "ms": 1, "millis": 1, "msec": 1, "s": 1000, "sec": 1000, "secs": 1000, "seconds": 1000,
    "min": 60000, "mins": 60000, "minutes": 60000, "h": 3600000, "hours": 3600000,
}  # fmt: skip


def _measure(name: str) -> bool:
    """A name whose last part is a unit ("elapsed_s", "weight_kg"): a number, never text."""
    time_unit = re.search(rf"_(?:{'|'.join(FIELD_TIME_UNITS)})$", name, ICASE)
    return bool(time_unit or field_units(name))


# A keeping or dropping verb right before a condition's subject: "keep chargebacks over 500"
_KEPT_LEAD = (
    r"\b(?:keep|keeping|only|retain|retaining|drop|dropping|remove|removing|exclude|excluding"
    r"|skip|skipping)\s+(?:(?:only|the|all|any)\s+)*"
)
_KEPT_DIRECTLY = re.compile(_KEPT_LEAD + "$", ICASE)


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
# ("average basket_size closed under 4": words before the field too)
IDENTIFIER_THEN_WORDS = re.compile(
    r"(?:[a-z]+\s+){0,2}?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+"
    r"((?!(?:values?|fields?|columns?)$)[a-z]+(?:\s+[a-z]+)*)",
    ICASE,
)
# Words that are never part of a field's name after its first word: a verb or adverb saying how
# the value changed or is meant ("battery dropped by 20%", "amount has never been above 100",
# "amount would be over 10"); a field made of them would drop that sense silently
CHANGE_OR_MODAL_WORDS = (
    word_set(
        """be been being has have had would could should might may must will can shall never ever
    always still currently really already previously now usually often sometimes fails went
    goes grew grows increased increases decreased decreases changed changes jumped jumps
    climbed climbs spiked spikes rose rises moved moves ended became becomes by
    was were stayed stays remained remains sat fell dipped sank topped exceeded"""
    )
    | NOT_FIELD_ADVERBS
)  # ("where queue instead is 'billing'": was a field queue_instead)
# A first word that makes the rest of the subject a value computed from a field ("twice the
# amount"), or the value of another record ("the previous temperature"): never a field's name
SCALING_WORDS = word_set("twice thrice double triple quadruple half")
NEIGHBOUR_WORDS = word_set("previous prior preceding next following")
# "status is 5xx": a class of HTTP codes (500 to 599), never the text '5xx' unless quoted
STATUS_CLASS = re.compile(r"[1-5]xx", ICASE)
AGE_VALUES = word_set("old stale outdated older ancient")
# regions a bare value may name ("only EU sales"): a region or country field's, never a kind
REGION_VALUES = word_set(
    "eu emea apac latam amer nam us usa uk europe asia africa americas oceania nordics dach "
    "benelux"
)
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


def _joined_values(words: list[str], values: set[str] | list[str]) -> list[str]:
    """`words` with two in a row that are said for one value ("fast pass" for 'fastpass',
    "walk in" for 'walk_in') joined into that value."""
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = words[i : i + 2]
        joined = next(
            (
                j
                for j in (sep.join(pair) for sep in ("", "_", "-"))
                if len(pair) == 2 and j in values
            ),
            None,
        )
        out.append(joined or words[i])
        i += 2 if joined else 1
    return out


def _bound_words_said(
    said: list[str], found: list[Cond], negate: bool
) -> tuple[list[str], set[str]]:
    """A gloss's words with those a bound of the conditions says again taken out ("not yet
    dead" of a lower bound, "running" before "low"), and the comparison ops they account for
    (a lower bound said as "not yet dead" is no contradiction of "low")."""
    ops = {o.op for c in found for o in c.items or [c] if o.negate == negate}
    explained: set[str] = set()

    def not_extreme(n: re.Match[str]) -> str:
        side = {"gt", "ge"} if n["w"] in _EXTREME_DOWN else {"lt", "le"}
        if not ops & side:
            return n[0]
        explained.update(side)
        return ""

    text = _NOT_EXTREME.sub(not_extreme, " ".join(said))
    return _BECOMING.sub("", text).split(), explained


class ValueListReader(ThresholdReader):
    """Reads values and lists of values, and builds the filter a condition says."""

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
            close = CLOSE_PAREN.match(self.s, read.end) if read else None
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
                cond.subject = DISCRIMINATOR
                self.conds.append(cond)
                self.mask(start, m.end(), domain=True)

    def _more_values_named(self) -> None:
        """ "anything with speed_kmh > 70 on lines 3 or 7 (line_id)": after a kept condition, "on
        <noun>s <values> (<field>)" keeps the records of those values too, when the noun is a
        word of the bracketed field's name. After a drop (both must hold for the records
        dropped: no two filters say it) or any other noun, the words stay unread."""
        for c in list(self.conds):
            if c.negate or not c.end or (c.op == "group" and c.conj == "or"):
                continue
            m = MORE_VALUES_NAMED.match(self.s, c.end)
            if m is None or singular(m["noun"].lower()) not in m["f"].lower().split("_"):
                continue  # "... on lines 3 or 7 (depot_id)": which field holds them?
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m["v"])
            values = [unquote(v)[0] for v in items]
            if any(v.lower() in STOP for v in values if isinstance(v, str)):
                continue  # "on lines of the north depot (line_id)": no values listed
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start("noun"), m["f"], False, op, said, end=m.end()))
            self.mask(m.start(), m.end(), domain=True)

    def _value_words_restated(self) -> None:
        """ "and only for the leeds branch (branch = 'leeds')": words that keep the value a
        condition in parentheses names, on a noun its field names, say that condition again.
        Only words that keep: "drop the leeds branch (branch = 'leeds')" stays unread."""
        for c in self.conds:
            if c.op != "eq" or c.negate or not isinstance(c.value, str) or not c.end:
                continue
            m = VALUE_WORDS_BEFORE.search(self.s, max(0, c.pos - 80), c.pos)
            close = CLOSE_PAREN.match(self.text, c.end)
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
            if not (m["prep"] or m["paren"]):
                continue  # "only the valley and summit stations (field station)": labelled
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
        named = FIELD_IN_BRACKETS.match(self.s, m.end())
        if (
            named
            and singular(noun) in own
            and (
                FIELD_NAME.fullmatch(named["f"])
                or self.has(named["f"])
                or KIND_FIELD_WORD.fullmatch(named["f"])
            )
            and field_may_hold(values)
        ):
            return True  # "only vip or staff scans (badge_type)": the field holding them said
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

    def _kind_field_values(self, continued: bool) -> None:
        """ "only severity major or critical", "drop status cancelled": a field naming a kind,
        then its values as plain words; `continued`: "... and the event_type heartbeat ones"
        right after another condition, which says whether they are dropped or kept."""
        said_values = [] if continued else list(FIELD_VALUES_SAID.finditer(self.s))
        kind_values = list(KIND_FIELD_PLAIN_VALUES.finditer(self.s))
        for m in [*kind_values, *said_values]:
            if MASK in m.group(0) or bool(m.group("cont")) != continued:
                continue
            values = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            if any(v.lower() in STOP or v.lower() in NOT_VALUES or self.has(v)
                   or re.fullmatch(VERBS_AFTER_AND, v) for v in values):  # fmt: skip
                continue  # "drop status and notes": a field or a verb, never a value
            if m in kind_values and any(re.fullmatch(r"[a-z]+[^su\W]s", v) for v in values):
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
        # (a hyphenated compound is one word: "walk-ins", "e-scooters"; see `fits`)
        words = re.findall(_GLOSS_WORD, gloss[verb.end() if verb else 0 :].lower())
        if not verb:
            words = re.findall(_GLOSS_WORD, gloss.lower())[1:]
        # ("the fast pass lane (lane_type is not fastpass)": two words said for one value)
        words = _joined_values(
            words,
            {
                str(v).lower()
                for c in found
                for one in c.items or [c]
                for v in (one.value if isinstance(one.value, list) else [one.value])
            },
        )
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
        # ("push failed builds (status = failed) to ...": the verb sending them is no gloss word)
        sent = re.sub(rf"^{SEND_VERB}", "", gloss, flags=ICASE)
        said = words if named else _joined_values(re.findall(_GLOSS_WORD, sent.lower()), selected)
        # "ignore taps from staff badges (badge_type = 'staff')": "from" after the records' noun
        # says which of them the words after it name (never after another word: "readings from
        # north (...)" is no gloss)
        said = [
            w
            for i, w in enumerate(said)
            if not (w == "from" and i > 0 and self._names_records(said[i - 1]))
        ]

        def value_word(w: str) -> bool:
            # "denied" names the value deny, "blocked" the value block
            w = re.sub(r"ie[sd]$", "y", w)
            if w in selected or singular(w) in selected:  # "bot traffic" of 'bot'
                return True
            return any(
                len(v) >= 4
                and w[:4] == v[:4]
                and (w.startswith(v) or v.startswith(w[:5]) or stem(w) == stem(v))
                for v in selected
            )

        # "failed logins (success is false)", "claims flagged as test (is_test is true)": a
        # true flag is named by the words of its field's name, a false one by their opposite
        flag_words: set[str] = set()
        false_parts: set[str] = set()
        for c in found:
            for one in c.items or [c]:
                flag = str(one.value).lower()
                if one.op != "eq" or flag not in ("true", "false") or one.negate != negate:
                    continue
                parts = set(re.findall(r"[a-z]+", one.subject.lower())) - {"is", "has", "was"}
                if flag == "true":
                    # ("walk-ins only (walk_in = true)": the name's words said as one)
                    flag_words |= parts | {"flagged", "marked", "tagged", "as"}
                    flag_words.add(re.sub(r"[^a-z]", "", one.subject.lower()))
                else:
                    flag_words |= {o for p in parts for o in _FLAG_OPPOSITES.get(p, ())}
                    flag_words |= {f"{neg}{p}" for p in parts for neg in ("un", "in", "non")}
                    false_parts |= parts
        # "only the ones not yet returned, i.e. returned = false": a false flag said as "not"
        # and the words of its name (after "not", never of a true flag: "the ones not
        # returned (returned = true)" stays unread)
        said = _NOT_FLAG.sub(
            lambda n: "" if n["w"] in false_parts else n[0], " ".join(said)
        ).split()
        said, explained = _bound_words_said(said, found, negate)
        # "keep only vessels that are probably fishing (fishing_zone is not null)": a word of the
        # name of a field the kept records' condition reads says what it tests (after a drop
        # verb the parentheses may say what is kept instead: left to `named`)
        # (after a drop verb too when another word names a value dropped: "ignore staff badges
        # (badge_type = 'staff')", the field's noun beside the value's word)
        field_words = {
            part
            for c in found
            for one in c.items or [c]
            if one.negate == negate and (not negate or named)
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

        def fits(w: str) -> bool:
            return (
                w in _GLOSS_PLAIN
                or w in age_words
                or self._names_records(w)
                or value_word(w)
                or w in flag_words
                # ("the big vessels (vessel_id in ...)": the plural of the field's noun)
                or w in field_words or singular(w) in field_words
            )  # fmt: skip

        def names_value(w: str) -> bool:
            # ("ignore bots (is_bot = true)": the flag's noun, plural)
            flags = flag_words - {"flagged", "marked", "tagged", "as"}
            return value_word(w) or w in flags or singular(w) in flags

        def joined(w: str) -> str:
            return singular(w.replace("-", ""))

        # a compound agrees whole ("e-scooters" of 'e-scooter', "walk-ins" of the flag walk_in)
        # or word by word ("high-value" two plain words)
        # ("drop test riders (is_test = true)": a plural noun last, after a word naming the value
        # selected, is who the records are about, read as naming them)
        head = (
            said[-1]
            if len(said) >= 2 and said[-1].endswith("s") and any(names_value(w) for w in said[:-1])
            else None
        )
        agrees = all(
            fits(w)
            or w == head
            or joined(w) in flag_words
            or ("-" in w and (names_value(joined(w)) or all(fits(p) for p in w.split("-"))))
            for w in said
        )
        if named and not any(names_value(w) or ("-" in w and names_value(joined(w))) for w in said):
            agrees = False
        # "the two big vessels (vessel_id in A and B)": a count says how many values are listed
        if any(int(n) != len(selected) for n in re.findall(r"\d+", gloss)):
            agrees = False
        # "keep the short rides (distance_km > 50)": a size word against the comparison's
        # direction contradicts it (left unread, so refused)
        ops = {o.op for c in found for o in c.items or [c] if o.negate == negate} - explained
        parts = {p for w in said for p in w.split("-")}  # (a compound's words: "long-haul")
        if (parts & _GLOSS_UP and ops & {"lt", "le"}) or (
            parts & _GLOSS_DOWN and ops & {"gt", "ge"}
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
        # ("push failed builds (status = failed) to topic x": where the records sent go)
        sent = r"|(?:to|into|onto)\b" if re.match(SEND_VERB, m.group(0), ICASE) else ""
        if not re.match(
            rf"\s*(?:[,.;!?\n\x00]|$|(?:and|but)\b|then\b{sent})", self.s[close + 1 :], ICASE
        ):
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

    def _drop_gloss_kept_restated(self) -> None:
        """ "Exclude test kiosks, i.e. keep only is_test = false", "drop cancelled orders, that
        is keep status != cancelled": the words after the drop verb restate the kept condition
        read right after them, when each word before the records' noun names what that
        condition leaves out: a word of a flag kept false, or a value kept out. Anything else
        stays unread (refused)."""
        for m in list(DROP_GLOSS_THEN_KEPT.finditer(self.s)):
            # (the kept condition's own verb between: "keep only", "only keep ... where")
            c = next(
                (
                    c
                    for c in self.conds
                    if c.pos >= m.end()
                    and not self.s[m.end() : c.pos].strip(MASK + " ")
                    and _KEPT_SAID_AGAIN.fullmatch(self.text[m.end() : c.pos])
                ),
                None,
            )
            if c is None or c.negate or c.items:
                continue
            words = [w.lower() for w in m["w"].split()[:-1]]
            parts = set(re.findall(r"[a-z]+", c.subject.lower())) - {"is", "has", "was"}
            values = [str(v).lower() for v in (c.value if isinstance(c.value, list) else [c.value])]
            if m["paren"] and not re.match(r"[\s\x00]*\)", self.s[c.end or c.pos :]):
                continue  # ("(only keep x < 80 and ...)": the parentheses say more)
            if c.op == "eq" and values == ["false"]:
                left_out = parts
            elif c.op in ("ne", "not_in"):
                left_out = set(values)
            elif m["paren"] and c.op in ("lt", "le", "gt", "ge"):
                # "Skip huge files (only keep file_size_mb < 80)": a size word on the side the
                # kept comparison leaves out ("skip small files (only keep size > 5)" too)
                left_out = set(_GLOSS_UP if c.op in ("lt", "le") else _GLOSS_DOWN)
                words = words[:1] if len(words) == 1 else ["?"]
            else:
                continue
            if words and all(w in left_out or singular(w) in left_out for w in words):
                self.mask(m.start(), m.end())
                self.assumptions.append(
                    f"read {' '.join(self.text[m.start() : m.end()].split())!r} as the "
                    "records the condition after it leaves out"
                )

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

    def build_filter(self, c: Cond) -> dict[str, Any]:
        """A filter operator: field/op/value when one comparison says it, else `where`."""
        if c.op == "group":
            text = self._group_text(c)
            self._refuse_either_bound(c, text)
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
        self._note_none_as_missing(c, fieldname)
        if (
            op in (*TEXT_OPS, "null", "empty", "not_empty")
            or c.nocase
            or isinstance(value, FieldRef)
            or " " in fieldname  # arithmetic on fields: "gross_kg - tare_kg > 20000"
        ):
            return self._where(self._atom(c, fieldname, value, op), c)
        data: dict[str, Any] = {"kind": "filter", "field": fieldname, "op": op}
        if op != "not_null":
            data["value"] = value
        return data

    def _note_none_as_missing(self, c: Cond, fieldname: str) -> None:
        """ "calls with no retries" on a number field: read as the field missing, which a record
        with retries = 0 is not; said as an assumption, never left to the reader to guess."""
        said = " ".join(self.text[c.pos : c.end].split())
        if (
            c.op in ("null", "not_null")
            and self.type_of(fieldname) in ("int", "float")
            and re.search(r"\b(?:no|without(?:\s+any)?)\s+\w+", said, ICASE)
        ):
            self.assumptions.append(
                f"read {said!r} as {fieldname} missing (null); a record whose {fieldname} is 0 "
                f'is a different record: say "{fieldname} = 0" to test for zero'
            )

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
        if all(v.lower() in REGION_VALUES for v in values):
            # "only EU sales", "filtered to the EU": a region, never a kind of record
            fields = [n for n in names if re.search(r"region|country|market", n, re.I)]
            if len(fields) != 1:
                raise RequestNotUnderstood(
                    f'which field holds {said!r}? Name it, e.g. "keep orders where region = '
                    "'EU'\""
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

    def _refuse_either_bound(self, c: Cond, text: str) -> None:
        """ "age over 18 or under 65": one field above a bound or below one at least as high
        keeps every record with a value; the request meant 'and', or nothing (refused)."""
        if c.negate or c.conj != "or" or len(c.items) != 2:
            return
        bounds: dict[str, tuple[str, float]] = {}
        for item in c.items:
            if item.op not in ("gt", "ge", "lt", "le") or item.negate:
                return
            fieldname, value = self._field_and_value(item)
            if not isinstance(value, int | float) or isinstance(value, bool):
                return
            bounds[item.op[0]] = (fieldname, float(value))
        if set(bounds) != {"g", "l"} or bounds["g"][0] != bounds["l"][0]:
            return
        low, high = bounds["g"][1], bounds["l"][1]
        inclusive = any(item.op in ("ge", "le") for item in c.items)
        if high > low or (high == low and inclusive):
            raise RequestNotUnderstood(
                f"contradictory request: the filter {text} holds for every record with a value: "
                "did you mean 'and'?"
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
        if c.subject == DISCRIMINATOR:
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
            if c.op in ("gt", "ge", "lt", "le") and isinstance(sample_value, str):
                sample_value = self._glued_time(c, sample_value)
            if (
                c.op in ("gt", "ge", "lt", "le")
                and isinstance(sample_value, str)
                # ("size > 5-pack", "> 10-ish": a number a dash joins to a word, the same)
                and re.fullmatch(r"-?\d+(?:\.\d+)?(?:\s*|-)[^\W\d_]+", sample_value)
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
                self._money_of_records(c, sample_value)
                self._refuse_record_noun(c, sample_value)
                c.subject = self._stem_of_named_field(c)
                self._refuse_money_word(c)
            elif c.op in ("null", "not_null"):
                self._refuse_missing_records(c)
            elif c.op in ("eq", "ne") and type(sample_value) in (int, float):
                c.subject = self._stem_of_named_field(c)  # "where weight = 3", weight_kg named
            elif c.op in ("eq", "ne", "in", "not_in") and isinstance(sample_value, str):
                c.subject = self._stem_of_named_field(c, plural=True)
            relative = RELATIVE_SUBJECT.fullmatch(c.subject) if not c.quoted else None
            if relative and not self.has(c.subject):
                c.subject = relative.group(1)  # "with a lot_id that isn't empty": lot_id itself
            stray = IDENTIFIER_THEN_WORDS.fullmatch(c.subject) if not c.quoted else None
            if stray and self._flag_named(c, stray, sample_value):
                c.subject, stray = stray.group(1), None
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
            self._refuse_exception_words(c)
            self._refuse_derived_subject(c)
            self._refuse_status_class(c)
            self._refuse_list_emptiness(c)
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
        self._list_empty_text_untested(c, fieldname)
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
        if (
            kind == "string"
            and c.op in ("eq", "ne", "in", "not_in")
            and written
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in written)
            and self.op_field_as_number(fieldname, "compares it with a number")
        ):
            kind = "float"  # "keep band_grade in (1, 2)" on a joined field typed by a guess
        if (
            kind == "string"
            and written
            and all(isinstance(v, bool) for v in written)
            and self.op_field_as_bool(fieldname, "compares it with true or false")
        ):
            kind = "bool"  # "keep only id_verified = false" on a looked-up field
        value = coerce(c.value, kind)
        if c.subject == DISCRIMINATOR:  # "only rejected claims": in the example's case
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

    def _flag_named(self, c: Cond, stray: re.Match[str], value: Any) -> bool:
        """ "whose needs_maintenance flag is true": 'flag' says what the field is (a yes/no),
        compared with true or false; never a field made up of both unless one is declared."""
        if not (
            stray.group(2).lower() == "flag"
            and c.op in ("eq", "ne")
            and isinstance(value, bool)
            and not (self.has(c.subject) or self.has(_snake(c.subject)))
        ):
            return False
        self.assumptions.append(
            f"read {c.subject!r} as the field {stray.group(1)} ('flag' says it holds true or "
            "false, not part of its name)"
        )
        return True

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

    def _refuse_exception_words(self, c: Cond) -> None:
        """ "where amount excluding tax is over 100", "price without shipping above 50": a word
        that leaves something out of the field's value, never part of the field's name."""
        words = c.subject.split()
        at = next((i for i, w in enumerate(words) if i and w.lower() in EXCEPTION_WORDS), 0)
        if c.quoted or not at or self.has(c.subject) or self.has(_snake(c.subject)):
            return
        field, said = " ".join(words[:at]), " ".join(words[at:])
        raise RequestNotUnderstood(
            f"cannot read {c.subject!r} in a filter: {said!r} leaves something out of {field}, "
            "and a filter compares a field as the record holds it; compute the value first "
            '(e.g. "compute net = amount - tax") and compare that, or name the field that holds '
            "it"
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

    def _refuse_list_emptiness(self, c: Cond) -> None:
        """ "keep orders whose items list is empty": a list said empty, which a test for null or
        "" never reads (an empty list is neither), and no field 'items_list' made up of the
        words; what counts the items, or is the list missing?"""
        said = _LIST_SUBJECT.fullmatch(c.subject.strip()) if not c.quoted else None
        if said is None or c.op not in ("empty", "not_empty"):
            return
        raise RequestNotUnderstood(
            f"cannot test whether the {said['w']} {said['kind']} is empty: a filter tests a "
            'field for null or an empty text (""), never for an empty list; compare the field '
            'that counts them, e.g. "keep orders where item_count is 0", or test the list\'s own '
            "field for null"
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

    def _glued_time(self, c: Cond, value: str) -> Any:
        """ "duration_ms > 5s", "elapsed_s < 2h": a time with its unit glued on, compared with a
        field whose name says its own time unit, converted to that unit (listed)."""
        glued = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-?([^\W\d_]+)", value)
        timed = time_factor(glued[2], c.subject) if glued and not c.quoted else None
        if glued is None or timed is None:
            return value
        factor, theirs = timed
        c.value = number(glued[1]) * factor
        self.assumptions.append(
            f"{value} converted to {c.value:g} {theirs}: {c.subject} holds {theirs}"
        )
        return c.value

    def _stem_of_named_field(self, c: Cond, plural: bool = False) -> str:
        """ "keep readings where weight is above 3, then average weight_kg": a plain word the
        request also names with a unit or qualifier after it (weight_kg) is that field (listed),
        never a field 'weight' made up beside it; two such names: refused. With `plural`, a
        plural word's singular is the stem: "per gate_id ... except gates 'G0' and 'G99'"."""
        word = c.subject.strip()
        if c.quoted or not re.fullmatch(r"[a-z]+", word) or self.has(word):
            return c.subject
        stem = singular(word) if plural else word
        if plural and stem == word:
            return c.subject
        # (a topic's name, or a name a rename gives, is no field the records carry)
        not_read = {t for _, t in self.topics} | {new for _pos, _old, new in self.renames}
        named = {
            n for n in re.findall(rf"(?<![\w.-]){stem}_[a-z0-9_]*[a-z0-9](?![\w.-])", self.text)
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

    def _money_of_records(self, c: Cond, value: Any) -> None:
        """ "keep orders between $100 and $500": money records compared with a number, read as
        the one money field the schema has (the fields the request names, else the preset's);
        with none or several of them, which one is compared? (refused, the candidates named)"""
        noun = c.subject.strip().lower()
        if c.quoted or self.has(noun) or not re.fullmatch(MONEY_NOUNS, noun):
            return
        # only the records kept ("keep orders between ...", its range's second bound too):
        # never "users with orders between 3 and 10" (a count?), nor "where orders > 100"
        kept = rf"(?:{noun}\s*>=?\s*[$€£]?\s?-?[\d.]+\s+and\s+)?$"
        if not re.search(_KEPT_LEAD + kept, self.text[: c.pos], ICASE):
            return
        if self.topics and not self._names_records(noun, generic=noun not in _RECORD_KINDS):
            return  # "keep refunds over 200" on a transactions topic: a kind among the records
        money = self.money_fields()
        if len(money) != 1:
            shown = value if not isinstance(value, float) or not value.is_integer() else int(value)
            self.refuse_money_records(noun, shown, money)
        c.subject = money[0]
        read = f"read {noun!r} compared with a number as their {money[0]}, the one money field"
        if read not in self.assumptions:  # (once for both bounds of a range)
            self.assumptions.append(read)

    def money_fields(self) -> list[str]:
        """The money fields the schema has: those the request names (said in a field list, or
        a money word said anywhere: "with order_id, total and ..."), else the preset's."""
        said = re.findall(r"(?<![\w.-])[a-z][a-z0-9_]*(?![\w.-])", self.text.lower())
        candidates = [*(self.listed_fields() or self.names()), *said]
        return [f for f in dict.fromkeys(candidates) if _MONEY_FIELD.search(f)]

    def implicit_money_field(self, m: re.Match[str]) -> str:
        """ "keep orders over 100": the field compared. With the records' fields listed, the one
        money field among them (and the words said); else the amount, unless the request names
        another money field ("with order_id, total and ...": the amount, or the total?), or the
        brackets after the words say ("orders over 50 (total_eur > 50)")."""
        listed = bool(self.listed_fields())
        money = self.money_fields()
        if not listed:
            money = list(dict.fromkeys(["amount", *money]))
        if len(money) != 1 and (listed or not re.match(r"\s*\(", self.text[m.end() :])):
            self.refuse_money_records(m.group("noun").lower(), m.group("n"), money)
        return money[0] if listed else "amount"

    def listed_fields(self) -> list[str]:
        """The fields the request lists for the source's records: declared, carried, or said
        right after the source topic ("topic orders with fields order_id, total, shop", read
        as a description only after the filters)."""
        named = [*self.carried, *self.declared, *self.described_fields]
        if named:
            return named
        for m in FIELDS_AFTER_TOPIC.finditer(self.s):
            if any(m.start() <= p + len(t) and p <= m.start() for p, t in self.topics):
                return fields_listed(m["list"])
        return []

    def refuse_money_records(self, noun: str, shown: Any, money: list[str]) -> NoReturn:
        """Money records compared with a number, and no single money field to compare."""
        which = f"it could be {' or '.join(money)}" if money else "no money field is named"
        raise RequestNotUnderstood(
            f"which field of the {noun} is compared with {shown}? '{noun}' names the records, "
            f"not a field of them, and {which}; name the field, e.g. "
            '"keep orders whose amount is between 100 and 500"'
        )

    def _list_empty_text_untested(self, c: Cond, fieldname: str) -> None:
        """A presence test whose reading leaves an empty text ("") out of it is listed: "is not
        empty" on a number (no "" can reach the filter: the record is dead-lettered), and
        "without a phone_number", "is set" on text (a "" counts as a value there)."""
        if c.op not in NULL_TESTS:
            return
        words = " ".join(self.text[c.pos : c.end or c.pos].split()) or f"the test on {fieldname}"
        kind = self.type_of(fieldname)
        if c.op in ("empty", "not_empty") and kind not in ("string", "json"):
            self.assumptions.append(
                f"read {words!r} as a test for a missing (null) {fieldname}: it holds {kind} "
                'values, never text, so a record carrying an empty text ("") in it is '
                "dead-lettered before the filter"
            )
        elif c.op in ("null", "not_null") and kind in ("string", "json"):
            if re.search(r"\b(?:null|none|nil)\b", words, ICASE):
                return  # "is not null": the null test said as one
            self.assumptions.append(
                f"read {words!r} as a test for a missing (null) {fieldname} only: an empty text "
                '("") counts as a value (say "empty" to test for it too)'
            )

    def _refuse_record_noun(self, c: Cond, value: Any) -> None:
        """ "only readings over 30", "keep sessions above 20": the records the topic carries,
        compared with a number, never a field of them (unless the schema names one so)."""
        noun = c.subject.strip()
        if not c.quoted and noun.lower() in _ANY_RECORD and not self.has(noun):
            # "keep anything over 300": any record, never a field 'anything'
            shown = value if not isinstance(value, float) or not value.is_integer() else int(value)
            raise RequestNotUnderstood(
                f"which field is compared with {shown}? {noun!r} names the records, not a "
                'field of them; name the field, e.g. "keep anything whose total is over 300"'
            )
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
        if re.search(r"\b(?:where|whose)\s+$", self.text[: c.pos], ICASE) and re.match(
            r"\s+(?:is|was|equals|exceeds)\b", self.text[c.pos + len(noun) :], ICASE
        ):
            return  # "the records where units is over 5": a plural with a singular verb, a field
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
        if c.nocase:  # "(case-insensitive)": both sides in lower case
            fieldname = f"lower({fieldname})"
            value = [v.lower() for v in value] if isinstance(value, list) else value.lower()
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


def _same_value(a: Any, b: Any) -> bool:
    """Two values of a condition said twice: 10 and 10.0 are the same."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return float(a) == float(b) if numbers else a == b


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
