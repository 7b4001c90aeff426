"""Recogniser: conditions, i.e. filters ("only purchase events", "where amount > 100") and
thresholds on aggregates ("when the count exceeds 500"): the entry point (extract_conditions) and
clause-level reading, which finds where conditions stand and hands them to comparisons.py,
value_lists.py, presence.py and thresholds.py; the restatements of a condition said again."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .comparisons import (
    CURRENCY_CODE,
    FILLER_NOUNS,
    FILLER_ONE,
    MEASURE_COMPARATIVES,
    MODAL_BOUNDS,
    MODAL_LISTS,
    NOT_VALUES,
    NULL_AGAIN,
    OP_RE,
    PASSIVE,
    PRONOUNS,
    _adjective_fits,
)
from .lexicon import (
    CLOSE_PAREN,
    COUNT_NOUNS,
    DISCRIMINATOR,
    DROP_VERB,
    FIELD,
    MASK,
    NEGATE,
    NOT_A_FIELD,
    QUOTED,
    SEND_VERB,
    STOP,
    UNWANTED_BY_PRONOUN,
    VERBS_AFTER_AND,
    _snake,
    domain_of,
    singular,
    stem,
    unquote,
    word_set,
)
from .quantities import (
    DUR,
    ICASE,
    NUM,
    UNIT_AFTER,
    UNIT_FAMILY,
    WORD_NUMBERS,
    dur_ms,
    exact_factor,
    field_units,
    number,
    same_unit,
    unit_of,
)
from .scope import clause_around
from .source_descriptions import description_word
from .state import Cond
from .thresholds import N_OR_MORE, N_OR_MORE_LEAD, ONLY_BEFORE, THERE_ARE_N_OR_MORE
from .value_lists import (
    _FIELD_IN_BRACKETS,
    _GLOSS_AGAIN,
    _GLOSS_THEN,
    _PAREN_OPEN,
    _PLAIN_VALUE,
    _SYMBOL,
    FIELD_IN_BRACKETS,
    FIELD_NAME,
    FIELD_TIME_UNITS,
    GLOSS_COUNTED,
    IMPLICIT_OPS,
    KIND_FIELD_WORD,
    MONEY_NOUNS,
    ONLY_NOUNS,
    STATUS_VALUES,
    ValueListReader,
    _same_value,
    field_may_hold,
)

# "claims that don't have a policy_id": the records lack the field (see DROP_LACKING)
NOT_HAVING = r"(?:that|which)\s+(?:don't|do\s+not|doesn't|does\s+not)\s+(?:have|has|carry|contain)"


# "the events which event_type is ...": "which" said for "whose", a field name and its verb next
WHICH_FOR_WHOSE = r"which(?=\s+[A-Za-z_]\w*\s+(?:is|are|was|were|equals?)\b)"
DROP_LEAD = re.compile(
    rf"\b{DROP_VERB}\s+(?:all\s+|any\s+|the\s+)?"
    rf"(?:{FILLER_NOUNS}\s+|(?P<dropped>(?:[A-Za-z][\w-]*\s+){{1,2}}?))?"
    # "Drop runs from tunnel.run_log whose ...": the source read already between them
    r"(?:(?:(?:from|in|on)\s+(?:the\s+)?(?:topic\s+)?)?(?P<src>\x00+)\s*)?"
    rf"(?:where|whose|with|that\s+have|which\s+have|that\s+has|having|if|when|for\s+which"
    rf"|{WHICH_FOR_WHOSE})\s+"
    # "filter out amount below 5": the verb, then the condition itself (as KEEP_LEAD's "keep
    # amount no more than 1000"), never a pronoun or a plural (the records: checked where read)
    # ("amount excluding vat is over 500": a preposition, never a drop verb of its own)
    rf"|\b(?!except|excluding)(?:{DROP_VERB})\s+(?!{FILLER_NOUNS}\b)(?=(?P<field>[A-Za-z_]\w*)\s+(?:is\s+)?(?:{OP_RE}))",
    ICASE,
)


KEEP_LEAD = re.compile(
    r"\b(?:where|whose|that\s+have|which\s+have|that\s+has|for\s+which|provided"
    r"|only\s+(?:if|where)"
    # "damage reports should only pass when ...", "rows may pass only if ...": the records' verb
    # that lets them through, said with "only" (a modal before it), then the condition
    r"|(?:(?:should|must|may|can|will|shall|are\s+to|is\s+to)\s+)?(?:(?P<only1>only)\s+)?"
    r"(?:pass(?:\s+(?:on|through))?|go\s+through|get\s+through|be\s+(?:kept|retained"
    r"|passed(?:\s+(?:on|through))?|let\s+through|allowed\s+through))"
    r"\s+(?(only1)|only\s+)(?:if|when|where)"
    # "keep rides where ...": any plural names the records ("only emit hours where ...")
    rf"|(?:keep(?:s|ing)?|retain\w*|pass\w*|allow\w*|emit\w*)\s+(?:only\s+)?(?:the\s+)?"
    rf"(?:(?:{FILLER_NOUNS}|(?P<kept1>[A-Za-z][\w-]*s))\s+)?(?:where|whose|that\s+have|having"
    # ("keep the events which event_type is one of ...": "which" for "whose", a field next)
    rf"|{WHICH_FOR_WHOSE})"
    # "only emit the hour when skaters is at least 200": a window's period, its rows (a
    # condition on a field no aggregate reads is refused, assemble's _GROUPS_WHERE)
    r"|(?:keep(?:s|ing)?|emit\w*|output\w*|report\w*|return\w*|publish\w*|send\w*)\s+"
    r"(?:only\s+)?(?:the\s+|those\s+)?(?:minute|hour|day|week|month|window|bucket)s?\s+"
    r"(?:where|when|if|in\s+which|whose)"
    rf"|(?:keep(?:s|ing)?|retain\w*|pass\w*|allow\w*)\s+(?:only\s+)?(?:{FILLER_NOUNS}\s+)?with"
    # "keep samples with chlorine_ppm below 1.0": any plural, then a field compared
    # ("only pass on sessions with jam_count of at least 3": a verb that lets records through)
    r"|(?:keep(?:s|ing)?|retain\w*|pass(?:es)?\s+(?:on|through)|(?:let|allow)\s+through)\s+"
    r"(?:only\s+)?(?:the\s+)?(?P<kept2>[A-Za-z][a-z-]*s)\s+with"
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
    # ("we only care about humidity above 85": who wants them, then the condition)
    rf"|\b(?:keep(?:s|ing)?|retain\w*|(?:we|i)\s+(?:only\s+)?(?:care\s+(?:only\s+)?about|want"
    r"|need))\s+(?:only\s+)?"
    # ("keep adopter_id not null": SQL's NOT NULL, terse, after the verb too)
    # ("keep only venue_id values in ('lobby', 'atrium')": the word 'values' after the field)
    rf"(?!{FILLER_NOUNS}\b)(?=[A-Za-z_]\w*\s+(?:values?\s+)?(?:is\s+)?(?:{OP_RE}|not\s+null\b|non-?null\b)"
    # ("keep temp_c of at least 40": 'of' after a field written as a name)
    r"|[A-Za-z]\w*_\w*\s+of\s+(?:over|above|under|below|greater|less|more|fewer|higher|lower"
    r"|at\s+(?:least|most)|between|exceed\w*))"
    # "keep only lobsters landed at port in (...)": the records, a verb's participle the source
    # topic's name says again (checked where read, `_participle_restated`), then the condition
    r"|\b(?:keep(?:s|ing)?|retain\w*)\s+(?:only\s+)?(?:the\s+)?(?P<kept5>[A-Za-z][a-z-]*s)\s+"
    r"(?P<part>[a-z]{3,}ed)\s+(?:at|in|on|from|by|for|to)\s+(?=[A-Za-z]\w*\s+(?:(?:not\s+)?in\s*[\[(]"
    r"|(?:is\s+)?(?:[<>=!]|at\s+(?:least|most)\b|over\b|above\b|under\b|below\b)))"
    # "…, only speed_kmh above 120": "only", then a field written as a name, then the condition
    r"|\bonly\s+(?=[A-Za-z]\w*_\w*\s+(?:values?\s+)?(?:is\s+)?(?:over|above|under|below|greater|less|more"
    # ("only order_type in [web, phone]": a bracketed list of values)
    r"|fewer|higher|lower|at\s+(?:least|most)|between|exceed\w*|equal\w*|[<>=!]"
    r"|(?:not\s+)?in\s*[\[(]"
    # ("only temp_c of 30 or more": 'of', then the bound with its side after it)
    r"|of\s+[$€£¥]?\s?-?\d[\d,.]*\s*[kK%]?\s+(?:or|and)\s+(?:more|greater|higher|above|over|up"
    r"|less|fewer|lower|below|under)\b))"
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
    r"\b(?:flags?|mark|tag|spot|catch|detect|identify|find|pick\s+out|single\s+out)\s+"
    r"(?:(?:every|each)\s+[A-Za-z][\w-]*\s+|(?:all\s+|any\s+|the\s+)?(?:(?:"
    + FILLER_NOUNS
    + r"|anything|everything|[A-Za-z][\w-]*s)\s+)?)"
    r"(?:where|whose|with|that\s+have|which\s+have|that\s+has|if|when)\s+",
    ICASE,
)
# the flagged records, said again: "them", "the flagged ones", "those records"
_FLAGGED = (
    r"(?:them|those|these|(?:the\s+|those\s+|these\s+)?(?:flagged|marked|tagged)(?:\s+[a-z]+)?"
    r"|(?:those|these)\s+(?:records|events|rows|messages|readings|ones))\s+"
)
# the verbs that send the flagged records on ("..., print them to stdout": to the screen too)
_FLAG_SEND = rf"(?:{SEND_VERB}|print(?:s|ed|ing)?\s+)"
# ... and what follows it in the request's own words (a sink has masked it already); in the
# next sentence only when it says the flagged records ("... > 8.5? just push those records to")
FLAG_SENT = re.compile(
    r"(?:[^.;?!\n]|\.(?=\d))*?(?:"
    # ("Flag windows where x > 400 by sending them to topic y": the flagging is the sending)
    rf"(?:\band\s+(?:then\s+)?|[,;]\s*(?:then\s+)?|\bby\s+){_FLAG_SEND}(?:{_FLAGGED})?"
    rf"|[.?!]\s+(?:(?:just|then|and|also)\s+)?{_FLAG_SEND}{_FLAGGED}"
    # ("... flags every reading where x < 10? The alerts should go to topic y": the flagged
    # records named as what flagging makes of them, in the next sentence)
    r"|[.?!]\s+(?:the|these|those)\s+(?:alerts|flagged\s+(?:ones|[a-z]+s))\s+"
    r"(?:should|must|will|shall|can|need\s+to)\s+(?:(?:all|also|then)\s+)?"
    r"(?:go|be\s+(?:sent|written|published|pushed|forwarded|delivered|routed))\s+)"
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
# ("ignore taps from staff badges (badge_type = 'staff')": the records' noun, then "from" and
# the words saying which; `_read_if_gloss_agrees` takes "from" only after the records' noun)
_GLOSS = (
    rf"(?:all\s+|any\s+|the\s+|every\s+|each\s+)?(?:\d\s+)?"
    rf"(?:{_GLOSS_WORD}\s+from\s+(?:the\s+)?)?(?:{_GLOSS_WORD}\s+){{0,8}}?{_GLOSS_WORD}"
    r"(?:\s+only)?"
)
_KEEP_SAID = (
    # ("only for paid orders (status = 'paid')": who the step is for, the records)
    r"\b(?:keep(?:s|ing)?|retain\w*|only(?:\s+for)?"
    r"|(?:we|i)\s+(?:only\s+)?(?:want|need|care\s+about))"
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
# "push failed builds (status = failed) to kafka ci.failures": the records sent, described,
# then the condition in parentheses right before where they go (the verb may be read, and
# masked, by the sink already)
PAREN_SEND_LEAD = re.compile(
    rf"(?P<verb>\b{SEND_VERB}|{MASK}+\s+)(?:only\s+)?{_GLOSS}{_PAREN_OPEN}", ICASE
)
GLOSS_KEEP_LEAD = re.compile(
    rf"{_KEEP_SAID}\s+(?:only\s+)?{_GLOSS}{GLOSS_COUNTED}{_GLOSS_THEN}{_GLOSS_AGAIN}", ICASE
)
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
_KEEP_WORDS = r"(?:keep|keeping|retain|so\s+keep)\s+(?:only\s+)?"
_KEEP_IN_BRACKETS = re.compile(_KEEP_WORDS, ICASE)


# "keep orders unless amount is under 5", ", except if status = 'test'": the records the
# condition selects are dropped
UNLESS_LEAD = re.compile(
    r"\b(?:unless|except\s+(?:if|when|where)|but\s+not\s+(?:if|when|where))\s+", ICASE
)


# "only keep counts above 10", "emit only the totals over 1000": a threshold on the window's
# aggregate, said with the aggregate's plural
AGG_LEAD = re.compile(
    r"\b(?:(?:only\s+)?(?:keep|emit|send|pass|output|publish|report|forward)\w*\s+(?:only\s+)?"
    r"|only\s+)(?:the\s+)?(?=(?:counts|totals|sums|averages)\s)",
    ICASE,
)
IMPLICIT_AMOUNT = re.compile(
    rf"(?P<lead>(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|retain\w*|pass\w*|allow\w*"
    r"|forward\w*|send\w*|publish\w*|emit\w*|route\w*|alert\s+on)|(?P<masked>\x00+))\s+"
    r"(?:only\s+)?"
    r"(?:the\s+|all\s+|any\s+)?)"
    rf"\b(?P<noun>{MONEY_NOUNS})\s+(?:(?P<of>that\s+are|which\s+are|worth|of)\s+)?"
    r"(?:(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least|at\s+most"
    r"|no\s+more\s+than|no\s+less\s+than|up\s+to"
    r"|exceeding|bigger\s+than|larger\s+than|smaller\s+than)\s+)?"
    rf"(?P<cur>[$€£¥]\s?)?(?P<n>{NUM})(?P<cur2>\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|yen|jpy|bucks"
    r"|quid)\b)?"
    # "orders of 50 euros or more": the side said after the number (with "of" or "worth")
    r"(?P<more>\s+or\s+(?:more|above|over|higher|less|below|under|lower)\b)?"
    r"(?![\w.]|\s*(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|%|percent"
    r"|items?|units?|lines?|products?)\b)",
    ICASE,
)
# "filtering out tips under 2 quid (field tip_gbp)", "drop readings over 100 degrees (temp_c)":
# a comparison on the records, the field it reads named in parentheses after it
_NOUN_BOUND = (
    rf"(?P<lead>(?:(?P<drop>\b{DROP_VERB})|\b(?:keep\w*|only|retain\w*|pass\w*|allow\w*"
    r"|forward\w*|send\w*|publish\w*|emit\w*|route\w*|alert\s+on|writ\w*)|(?P<masked>\x00+))\s+"
    r"(?:only\s+)?(?:the\s+|all\s+|any\s+)?)"
    r"\b(?P<noun>[A-Za-z]+)\s+(?:(?:that\s+are|which\s+are|worth|of"
    # "performances scoring 90 or higher (score)": a verb the field's name holds
    # ("wines rated 90 or more (rating)": its participle too)
    r"|(?P<ing>[a-z]{3,}ing|[a-z]{2,}ed))\s+)?"
    r"(?:(?P<op>over|above|under|below|more\s+than|less\s+than|greater\s+than|at\s+least"
    r"|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to"
    r"|exceeding|bigger\s+than|larger\s+than|smaller\s+than|longer\s+than|shorter\s+than"
    r"|heavier\s+than|lighter\s+than|higher\s+than|lower\s+than"
    # "drop pings weaker than -80 (signal_dbm)": a measure's own comparative (checked there)
    rf"|(?:{MEASURE_COMPARATIVES})\s+than)\s+)?"
    rf"(?P<cur>[$€£¥]\s?)?(?P<n>{NUM})(?P<cur2>\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|yen|jpy|bucks"
    # a unit of measure is left for the unit check ("8 °C (field temp_c)", "50 metres (...)")
    r"|quid)\b)?(?P<more>\s+or\s+(?:more|above|over|higher|less|below|under|lower))?(?P<unit>\s*°\s?[CF]\b|\s+(?:degrees?\s+)?[A-Za-z]+)?"
)
NOUN_FIELD_IN_PARENS = re.compile(
    _NOUN_BOUND
    # words of the field's name after the unit ("120 metres altitude (altitude_m)")
    + r"(?P<words>(?:\s+[a-z]+){1,2})?"
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


# "skip files of 20000 KB or more (file_size_kb < 20000)": a bound on the records' noun, then
# the comparison it means in brackets, naming the field (`_noun_bound_restated`)
NOUN_BOUND_THEN_CONDITION = re.compile(
    _NOUN_BOUND
    # ("of 20000 KB or more": the bound's side after the unit)
    + r"(?P<more2>\s+or\s+(?:more|above|over|higher|less|below|under|lower))?"
    + rf"(?P<open>\s*\(\s*(?:i\.e\.\s*,?\s*)?(?P<keep>{_KEEP_WORDS})?)",
    ICASE,
)


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
    if any(w[:4] == stem for w in field.lower().split("_") if len(w) >= 4 and verb[-1] == "g"):
        return True
    # ("rated 90 or more (rating)", "aged 30 or over (age)": the participle's root, without
    # its ending and a silent e, is the field word's, or begins a longer one: "weighed (weight)")
    root = _verb_root(verb)
    return any(
        _verb_root(w) == root or (len(root) >= 4 and w.startswith(root))
        for w in field.lower().split("_")
    )


def _verb_root(word: str) -> str:
    """ "rated", "rating", "rate": rat; "scored": scor (a verb without its ending)."""
    return re.sub(r"(?:e?d|ing|e)$", "", word.lower()) or word.lower()


def _unit_in_brackets(m: re.Match[str]) -> bool:
    """ "(in celsius)", "(in kg)": the unit the number is in, never a field of that name."""
    said = m.group(0)[m.start("paren") - m.start() :]
    name = (m.group("f") or "").lower()
    return bool(re.match(r"\s*\(\s*in\s", said, ICASE)) and (
        name in UNIT_FAMILY or unit_of(name) is not None
    )


# "the orders over 100 should be filtered": kept (filtered in) or dropped (filtered out)?
FILTERED_WHICH_WAY = re.compile(
    r"\b(?:should|must|will|to|need\s+to|needs\s+to|have\s+to|has\s+to)\s+be\s+filtered\b"
    r"(?!\s+(?:out|in|down|to|by|on|for|through|away|so|such|where|with|using|keeping)\b"
    r"|\s*:)",
    ICASE,
)

# "Send the kept claims to ...": the records the filters let through, named again.
KEPT_RECORDS = re.compile(
    r"\b(?:the\s+)?(?:kept|retained|surviving|selected|matching|filtered|remaining|qualifying"
    r"|flagged|marked|tagged)"
    r"\s+(?P<noun>[A-Za-z][a-z-]*[a-z])\b",
    ICASE,
)


# "keep readings where kwh is at least 0.5 ...; anything outside is a faulty meter. Write the
# good readings to ...": the kept records called good, once the request calls the others bad
# (BAD_SAID); never read alone ("write the valid orders" may be a condition of its own)
GOOD_RECORDS = re.compile(
    r"\b(?:the\s+)?(?:good|valid|clean|sane|plausible|genuine)\s+(?P<noun>[A-Za-z][a-z-]*[a-z])\b",
    ICASE,
)
BAD_SAID = re.compile(
    r"\b(?:faulty|bad|invalid|broken|bogus|junk|garbage|corrupt(?:ed)?|implausible|nonsense"
    r"|glitch(?:y|es)?|defective|wrong)\b",
    ICASE,
)


# Words never inside a field's name (a subject holding one is no condition's subject).
# "operator_badge must not be empty": drop the records without it, or dead-letter them? refused
# with the two readings (never guessed)
# words before "must not be null" that name no field of the records
_NOT_A_FIELD_SAID = r"(?:record|event|row|message|entry|item|key|value|field|column|payload|body)s?"
MUST_NOT_BE_EMPTY = re.compile(
    r"(?<![\w.'\x00])(?P<f>[A-Za-z_]\w*)\s+(?:(?:must|should|may|has\s+to|needs\s+to)\s+(?:not|never)"
    r"\s+be\s+(?:null|empty|blank|missing)|(?:must|should|has\s+to|needs\s+to)\s+be\s+(?:present"
    r"|set|populated|filled\s+in|non-?\s?null|non-?\s?empty|not\s+null)|(?:can't|cannot|can\s+not)"
    r"\s+be\s+(?:null|empty|blank|missing))\b",
    ICASE,
)
# "amplitude_deg must be >= 220", "load_kg should not exceed 500": a bound the records must meet
MUST_COMPARE = re.compile(
    rf"(?<![\w.'\x00])(?P<f>[A-Za-z_]\w*)\s+"
    rf"(?:{'|'.join([*MODAL_BOUNDS.values(), *MODAL_LISTS.values()])})",
    ICASE,
)


def _modal_list(said: str) -> bool:
    """ "grade must be one of AA, A": a list of values, never a goal for the pipeline."""
    return bool(re.search(r"\b(?:one|any)\s+of\b", said, ICASE))


# "scans with a missing tag_id", "claims with a null policy_id": the field is absent
WITH_ABSENT = r"with\s+(?:an?\s+)?(?:null|missing|absent|unset)"


# A negation after "that have": never the field whose presence is tested ("orders which have no
# payment", "users that have never logged in" keep records LACKING something)
_NOT_A_FIELD = r"no|not|never|none|nothing|zero|neither|nor|nobody|without"


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
    rf"(?!(?:more|fewer|less|over|under|at\s+(?:least|most)|{_NOT_A_FIELD})\b)(?:an?\s+|the\s+)?"
    rf"(?!(?:an?|the)\s)(?P<f2>{FIELD})(?![^\s,;:<>=!\x00])"
    rf"(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
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
    rf"|{WITH_ABSENT}|{NOT_HAVING}"
    # ("drop taps with an empty badge_id": the emptiness test, null or "")
    r"|(?P<empty>with\s+(?:an?\s+)?(?:empty|blank)))\s+"
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
    r"|carry|carries)|having)\s+(?!(?:more|fewer|less|over|under|at\s+(?:least|most)"
    rf"|{_NOT_A_FIELD})\b)"
    r"(?:an?\s+value\s+(?:for|in)\s+(?:the\s+)?|an?\s+|the\s+)?(?!(?:an?|the)\s)"
    rf"(?P<f>{FIELD})(?![^\s,;:<>=!\x00])(?!\s*(?:==?|!=|<>|>=|<=|>|<|{OP_RE}))",
    ICASE,
)


# A verb of a text match or a name, never a field before a quoted value ("lines containing
# 'timeout'", "hosts named 'db1'": which field holds the text?)
_TEXT_VERB = (
    r"contain\w*|includ\w*|match\w*|mention\w*|start\w*|begin\w*|end(?:s|ing)?|like|named"
    r"|called|labell?ed|tagged|marked|titled|say(?:s|ing)?|read(?:s|ing)?"
)


# "excluding symbol 'TEST'", "except those with status 'cancelled'", "other than status
# 'void'", "drop trades with symbol 'TEST'": a field then a quoted value after a word that
# leaves records out, no comparison word.
# The opening of a condition said again in brackets: "(", "(i.e. ", "(keep ", "(i.e. keep only "
_RESTATED_OPEN = re.compile(rf"\s*\(\s*(?:i\.e\.\s*,?\s*)?(?P<keep>{_KEEP_WORDS})?", ICASE)


# ("drop breeds 'unknown' and 'mixed'": the quoted values after the first, one field's list)
_MORE_QUOTED = re.compile(
    rf"(?:\s*,\s*{QUOTED})*\s*,?\s+(?:and|or)\s+{QUOTED}(?=\s*(?:[,;.(]|\bthen\b|\x00|$))",
    ICASE,
)
DROP_FIELD_VALUE = re.compile(
    rf"\b(?:excluding|except(?:\s+for)?|other\s+than|apart\s+from|but\s+not|{DROP_VERB})\s+"
    # ("skip anything with condition_grade 'P'": a pronoun for every record)
    r"(?:(?:all|any|the|those|ones|anything|everything|[A-Za-z]+s)\s+)?"
    r"(?:(?:with|where|whose|from|in)\s+)?(?:an?\s+|the\s+)?"
    rf"(?!(?:topic|topics|table|key|prefix|redis|clickhouse|kafka|type|field|fields|{_TEXT_VERB})\b)"
    # "exclude readings with a status of 'calibrating' from topic x"; "keep everything except
    # precinct_id 0": a bare number only after a field written as an identifier (checked where read)
    r"(?P<f>[A-Za-z_]\w*)\s+(?:of\s+)?(?:(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")|(?P<n>-?\d+(?:\.\d+)?(?!\.?\d)))"
    # ("ignore kiln_id 'test' (kiln_id != 'test')": the condition said again in brackets, read
    # by `_parens_restated`)
    r"(?=\s*(?:[,;.()]|\band\b|\bthen\b|\bfrom\b|\x00|$))",
    ICASE,
)


# "keep only status 'completed'": a field then a quoted value, no comparison word.
ONLY_FIELD_VALUE = re.compile(
    # "filter by status 'shipped'"
    r"(?:\bfilter(?:s|ed|ing)?\s+(?:by|on|to|for)\s+|\b(?:keep\s+|pass\s+)?only\s+(?:the\s+)?"
    r"(?:(?:records|events|rows|messages|ones|[A-Za-z]+s)\s+)?)"
    r"(?:with\s+(?:an?\s+|the\s+)?|where\s+|whose\s+)?"
    rf"(?!(?:topic|table|key|prefix|redis|clickhouse|kafka|type|is|are|was|were|equals?|not"
    rf"|{_TEXT_VERB})\b)"
    r"(?P<f>[A-Za-z_]\w*)\s+(?:of\s+)?(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")"
    r"(?=\s*(?:[,;.]|\band\b|\bfrom\b|\x00|$))",
    ICASE,
)


# "keep sales with region 'EMEA'", "only orders from country "DE"", "keep visits at store_code
# 'S1'": the kept records, a preposition, then a field and a quoted value (no comparison word)
# ("I only need sensors in building 'B2'", "keep readings from devices in zone 'north'": a
# wish with "only", the producers of the kept records between them and the field)
KEEP_FIELD_VALUE = re.compile(
    r"\b(?:keep(?:s|ing)?|retain\w*|pass(?:es)?\s+(?:on|through)|only(?:\s+(?:need|want))?"
    # ("drop bookings at site 'lisbon'": the records dropped)
    r"|(?P<drop>drop|exclude|skip|ignore|discard))\s+"
    r"(?:only\s+)?(?:the\s+)?"
    r"(?:(?P<noun>[A-Za-z][a-z-]*s)\s+)?(?:from\s+(?:the\s+)?[a-z]+s\s+(?=in\s|at\s))?"
    r"(?:with|from|in|at)\s+(?:an?\s+|the\s+)?"
    r"(?!(?:topics?|tables?|streams?|keys?|prefix|redis|clickhouse|kafka|fields?|sources?|sinks?"
    rf"|queues?|databases?|schemas?|buckets?|caches?|files?|folders?|directory|hash|set|list"
    rf"|{_TEXT_VERB})\b)"
    r"(?P<f>[A-Za-z_]\w*)\s+(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")"
    r"(?=\s*(?:[,;.]|\band\b|\bthen\b|\x00|$))",
    ICASE,
)


# "write the devices in zone 'north' to topic x": the records a sink verb (read by the sinks,
# masked) sends, named by a field and a quoted value between the verb and its destination
SENT_FIELD_VALUE = re.compile(
    r"(?:(?<=\x00)|(?<=\bwrite)|(?<=\bsend)|(?<=\bpublish)|(?<=\bforward)|(?<=\bpush)"
    r"|(?<=\bstore)|(?<=\bstream)|(?<=\bemit)|(?<=\boutput)|(?<=\bload))"
    r"\s+(?:only\s+)?(?:the\s+|all\s+)?(?P<noun>[A-Za-z][a-z-]*s)\s+(?:with|from|in|at)"
    r"\s+(?:an?\s+|the\s+)?"
    r"(?!(?:topics?|tables?|streams?|keys?|prefix|redis|clickhouse|kafka|fields?|sources?|sinks?"
    rf"|queues?|databases?|schemas?|buckets?|caches?|files?|folders?|directory|hash|set|list"
    rf"|{_TEXT_VERB})\b)"
    r"(?P<f>[A-Za-z_]\w*)\s+(?P<v>'[^'\n\x00]*'|\"[^\"\n\x00]*\")(?=\s*(?:\x00|(?:to|into|onto)\s))",
    ICASE,
)
_SINK_VERB_BEFORE = re.compile(
    r"\b(?:write|send|publish|forward|push|store|stream|emit|output|load)\s*$", ICASE
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
# Words saying which of the records, never a field's name ("drop anything UNKNOWN", "keep only
# the latest V2", "drop everything ELSE")
_WHICH_OF_THEM = (
    r"(?:only|and|or|the|all|any|those|ones|anything|everything|something|nothing|new|old"
    r"|other|first|last|next|previous|recent|current|active|same|[a-z]+est)\b"
)
FIELD_LISTED_VALUES = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?P<keep>keep|retain|pass)(?:s|ing)?)\s+(?:the\s+)?"
    r"(?:(?:all|any|those|ones|[A-Za-z]+s)\s+)?(?:(?:with|where|whose)\s+)?(?:an?\s+|the\s+)?"
    rf"(?!(?:{FILLER_NOUNS}|topics?|table|key|prefix|redis|clickhouse|kafka|type|fields?|only"
    rf"|{_TEXT_VERB})\b)"
    # (a plain plural is the records' noun, never the field: "keep amounts EUR only")
    r"(?!(?-i:[a-z]+[^su\W]s)\s)"
    # (a preposition is never the field: "except those in USD" says where, not a field 'in')
    r"(?!(?:in|on|at|from|for|to|of|by|via|into|within|without|than|as|like)\s)"
    rf"(?!{_WHICH_OF_THEM})"
    r"(?P<f>(?-i:[a-z][a-z0-9]*(?:_[a-z0-9]+)*))\s+(?:of\s+)?"
    rf"(?P<v>{_LISTED_VALUE}(?:\s*,\s*{_LISTED_VALUE})*(?:\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})?)"
    r"(?P<only>\s+only\b)?"
    r"(?=\s*(?:[,;.)]|\bthen\b|\bfrom\b|\band\b|\bbefore\b|\bfirst\b|\x00|$)"
    # ("exclude return_reason 'wrong size' and 'changed mind' (we know about those)": after a
    # quoted value, an aside its own readers read or leave refused)
    r"|(?<=['\"])\s*\()",
    ICASE,
)


# "drop sites TEST1 and LAB", "keep only stations NORTH or SOUTH", "keep only site TEST1 and
# LAB": a noun (plural or not) right before codes in capitals says the field holding them (its
# singular: site), after a drop verb or "keep only"; never the records' own noun ("drop orders
# TEST1": which field?), checked where read (`_noun_codes_listed`)
NOUN_LISTED_CODES = re.compile(
    rf"(?:(?P<drop>\b{DROP_VERB})|\b(?:keep|retain|pass)(?:s|ing)?\s+only"
    # ("keep grades AAA and AA only": "only" after the codes, required below)
    r"|\b(?P<keep2>keep|retain)(?:s|ing)?)\s+(?:the\s+|all\s+)?"
    # (never a word saying which of them: "keep only the latest V2 and V3")
    rf"(?!{_WHICH_OF_THEM})(?P<noun>(?-i:[a-z]{{3,}}))\s+"
    rf"(?P<v>(?-i:[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*)\b(?:\s*,\s*{_LISTED_VALUE})*"
    rf"(?:\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})?"
    # ("leave out breeds 'unknown' and 'mixed'": quoted values, a list of two or more)
    rf"|(?:{QUOTED})(?:\s*,\s*{_LISTED_VALUE})*\s*,?\s+(?:and|or)\s+{_LISTED_VALUE})"
    r"(?(keep2)\s+only\b)"
    # (the whole list, never its first codes: "tier T1, T2 or T3 tickets (field tier)")
    rf"(?!\s*,?\s*(?:(?:and|or)\s+)?{_LISTED_VALUE})"
    # ("drop sites TEST1 and LAB (site_id not in those)": the field in brackets, read after)
    rf"(?=\s*(?:[,;.)?!]|\bthen\b|\band\b|\bbefore\b|\bfirst\b|\x00|$)|{_FIELD_IN_BRACKETS})",
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
    # ("Only for gardens munich-01 and augsburg-01 (field garden_id)": "for" before the noun)
    r"\b(?:(?:keep(?:ing)?|pass(?:ing)?|retain(?:ing)?)\s+)?(?:only|just)\s+(?:for\s+)?(?:the\s+)?"
    # "only radio access types 4G and 5G (field rat)": plain words describing the noun
    r"(?P<mods>(?:(?!(?:from|with|in|on|at|of|for|to|by|where|whose|that|which|and|or|over|above"
    r"|below|under|not|no|than|between|since|after|before)\b)[a-z]+\s+){0,3}?)"
    rf"(?P<noun>[A-Za-z]+s)\s+"
    # "only plays on stations A, B and C (field station)", "only guests from DE or NL (...)"
    r"(?:(?:on|from|at|in|for)\s+(?:(?P<noun2>[A-Za-z]+s)\s+)?)?"
    rf"(?P<v>{QUOTED}|[\w-]+(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    rf"(?:{QUOTED}|[\w-]+))*)\s*\(\s*(?P<label>(?:the\s+)?(?:field|column)(?:\s+is)?\s*:?\s*)?"
    # ("(field `language`)": the name in backticks or quotes)
    r"(?P<q>[`'\"]?)(?P<f>[A-Za-z_]\w*)(?P=q)(?P<label2>\s+(?:field|column))?\s*\)",
    ICASE,
)
# "(the warning zone)", "(our comfort band)": a name given to a range just read.
RANGE_NAMED = re.compile(
    r"\(\s*(?:the|a|our|their)\s+(?:[A-Za-z]+[\s-]+){0,2}(?:zone|range|band|corridor)\s*\)",
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
    # ("at least five reviews that day": the window's span pointed at, no "in")
    r"(?:a|an|one|the(?:\s+same)?|that|this|each)|per|a|an|each|that|the\s+same)\s+"
    r"(?P<unit>day|hour|minute|week)\b)?"
    r"|(?=\s+per\s)"
    # "episodes with more than 500 unique listeners": a threshold on a distinct count
    r"|\s+(?P<uniq>unique|distinct)\s+(?P<unoun>[a-z]+)\b"
    # "pages with more than 1000 views from topic page-views": the noun read with the source
    r"|(?P<read>\s+)(?=\x00))",
    ICASE,
)


# A verb of the output right before the groups of a count threshold ("report only users with
# ...", "list only the stores with ...")
KEEP_LEAD_BEFORE = re.compile(
    r"\b(?:report|list|show|emit|output|return|flag|print|display)\s+only\s+(?:the\s+)?$", ICASE
)
# A drop verb right before the groups of a count threshold ("leave out (the) hotels with ...")
DROP_LEAD_BEFORE = re.compile(rf"\b{DROP_VERB}\s+(?:the\s+|all\s+|any\s+)?$", ICASE)


ONLY_ITEM = rf"(?:{QUOTED}|[\w-]+)"


# "only use readings with ...", "only process orders", "only including payments whose ...": a
# verb after "only" says what is done with the records, it is never a value a field holds
ONLY_THEN_VERB = (
    r"(?:us(?:e|ing)|process(?:ing)?|consider(?:ing)?|tak(?:e|ing)|includ(?:e|ing)|accept(?:ing)?"
    r"|select(?:ing)?|pick(?:ing)?|ingest(?:ing)?|keep(?:ing)?|retain(?:ing)?|pass(?:ing)?"
    r"|read(?:ing)?|want|care\s+about|look(?:ing)?\s+at|deal(?:ing)?\s+with)"
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
_COUNT_VERB = r"count(?:s|ing)?|tally(?:\s+up)?"
COUNT_VALUE = re.compile(
    rf"\b(?:{_COUNT_VERB}|(?:the\s+)?(?:total\s+)?(?:number|count|#)\s+of"
    r"|how\s+many)\s+(?:the\s+|all\s+)?"
    rf"(?P<v>[A-Za-z]+)\s+{COUNT_NOUNS}\b",
    ICASE,
)


# "count abandoned carts": the verb, a word, then a plural (see `_count_glossed`; "the number
# of abandoned carts" is read by the aggregates)
COUNT_ANY_VALUE = re.compile(
    rf"\b(?:{_COUNT_VERB})\s+(?:the\s+|all\s+)?(?P<v>[A-Za-z]+)\s+(?P<noun>[A-Za-z]+s)\b",
    ICASE,
)


# "(success = false)", "(status = 'failed')": one comparison in brackets, its value alone
COMPARISON_IN_BRACKETS = re.compile(
    r"\s*\((?P<c>\s*[A-Za-z_]\w*\s*(?:==?|!=|<>|<=?|>=?|\bis(?:\s+not)?\b)\s*"
    r"(?P<v>[^()\x00]+?)\s*)\)",
    ICASE,
)
NUM_OR_BOOL = re.compile(r"-?\d+(?:\.\d+)?|true|false|yes|no|null", ICASE)


# A yes/no field's name: "is_test", "has_refund", "was_returned" (what it says after the verb)
_FLAG_NAME = re.compile(r"(?:is|has|was|were|are)_(?P<what>[a-z0-9_]+)", ICASE)


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


# "the buoys.water_temp stream has some garbage values", "the feed sends the odd impossible
# reading": the source (read already) holding values that cannot be right, why a range keeps
# the plausible ones; read only with a range kept (a lower and an upper bound on one field),
# as its reason (see `extract_filter_reasons`)
BAD_VALUES_SAID = re.compile(
    r"(?<=\x00)(?:\s+(?:stream|topic|feed))?\s+(?:(?:sometimes|occasionally|often)\s+)?"
    r"(?:has|have|contains?|gets?|sends?|carries|includes?)\s+(?:some\s+|a\s+few\s+"
    r"|a\s+lot\s+of\s+|lots\s+of\s+|the\s+odd\s+|occasional\s+)?(?P<w>(?:garbage|junk|bogus"
    r"|nonsense|impossible|crazy|absurd|implausible)\s+(?:values?|readings?|numbers|data"
    r"|measurements?))(?=\s*[.;,!)]|\s*$)",
    ICASE,
)


# "where status is 'missed' or 'blocked' (status in those two)": the condition said again
# "price_eur != 0 (comps are zero)": the records the condition leaves out, named by the value
# they hold (the same value, said again: checked in `extract_filter_reasons`)
NAMED_BY_VALUE = re.compile(
    r"\s*\(\s*(?P<w>(?:the\s+|all\s+)?[a-z][\w-]*s\s+(?:are|have)\s+(?:always\s+)?"
    r"(?P<v>'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|[a-z]+))\s*\)",
    ICASE,
)
IN_THOSE_AGAIN = re.compile(
    r"\s*\(\s*(?P<f>[A-Za-z_]\w*)\s+(?:is\s+)?(?:in|one\s+of)\s+(?:those|these|the)\s+"
    r"(?P<n>[2-5]|two|three|four|five)(?:\s+values)?\s*\)",
    ICASE,
)


def _leaves_out_value(said: str, c: Cond) -> bool:
    """Whether `said` ("zero", "0", "'test'") is the one value condition `c` leaves out."""
    if not ((c.op == "ne" and not c.negate) or (c.op == "eq" and c.negate)) or c.items:
        return False
    word = unquote(said)[0].lower()
    value = WORD_NUMBERS.get(word, word)
    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
        try:
            return float(value) == float(c.value)
        except ValueError:
            return False
    return str(value) == str(c.value).lower()


_RECORDS_PRONOUNS = word_set("all ones those them anyone anybody everyone everybody someone")


def _records_word(word: str) -> bool:
    """ "anything", "videos", "refuels": a word after a drop verb that names the records
    dropped (a pronoun or a plural), never the field a condition compares."""
    low = word.lower()
    plural = "_" not in low and re.fullmatch(r"[a-z]+[^su]s", low) is not None
    return plural or low in NOT_A_FIELD or low in _RECORDS_PRONOUNS


class FilterRecogniser(ValueListReader):
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

        low = {c.subject for c in self.conds if not c.negate and c.op in ("gt", "ge")}
        ranged = [
            c.subject
            for c in self.conds
            if not c.negate and c.op in ("lt", "le") and c.subject in low
        ]
        for m in list(BAD_VALUES_SAID.finditer(self.s)) if ranged else []:
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"read {m['w']!r} as the reason for the range kept on {ranged[0]!r}, not as a "
                "condition of its own"
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
            named = NAMED_BY_VALUE.match(self.s, c.end) if c.end else None
            if named and _leaves_out_value(named["v"], c):
                self.mask(named.start("w"), named.end("w"))
                self.assumptions.append(
                    f"read {named.group('w')!r} as naming the records the filter on "
                    f"{c.subject!r} leaves out, not as a condition of its own"
                )
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
        musts = [(m, False) for m in MUST_NOT_BE_EMPTY.finditer(self.text)]
        musts += [(m, True) for m in MUST_COMPARE.finditer(self.text)]
        for must, is_bound in musts:
            # "machine_id must not be null": a rule the records must meet, read as a filter that
            # drops the others (comparisons.NULL_OPS), never as a dead-letter route: listed
            word = must.group("f").lower()
            if word in PRONOUNS:
                continue
            if word in STOP or re.fullmatch(rf"{FILLER_NOUNS}|{_NOT_A_FIELD_SAID}", word, ICASE):
                # "records must not be empty", "the key must be set": which field?
                raise RequestNotUnderstood(
                    f"{clause_around(self.text, must.start(), must.end())!r}: {word!r} names "
                    'no field; say which field the records must have, e.g. "customer_id must '
                    'not be null"'
                )
            if is_bound and re.search(r"\(\s*$", self.text[: must.start()]):
                continue  # "ignore negative amounts (amount must be greater than 0)": said again
            if is_bound and "_" not in word and not _modal_list(must.group(0)):
                # "latency should be under 2 seconds", "the lag must not exceed 10": a goal
                # for the pipeline as often as a bound on a field of the records
                goal = clause_around(self.text, must.start(), must.end())
                raise RequestNotUnderstood(
                    f"cannot read {goal!r}: a bound on a field of the records, or a goal for "
                    "the pipeline? For a filter, name the field as the records spell it and "
                    'say which records to keep (e.g. "keep records where latency_ms < 500")'
                )
            self.assumptions.append(
                f"read {' '.join(must.group(0).split())!r} as a filter: records that break it "
                "are dropped, not sent to a dead-letter topic"
            )
        self._alert_counts()
        self._sign_glossed()
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
            if m.group("op"):
                if m.group("more"):
                    continue  # "orders over 50 or more": two sides said
                op = IMPLICIT_OPS[" ".join(m.group("op").lower().split())]
            elif m.group("more") and (m.group("of") or "").lower() in ("of", "worth"):
                up = m.group("more").split()[-1].lower() in ("more", "above", "over", "higher")
                op = "ge" if up else "le"
            else:
                continue  # "orders 50": no comparison said
            negate = bool(m.group("drop"))
            self._refuse_kind_of_record(m)
            field = self.implicit_money_field(m)
            self.conds.append(Cond(m.start(), field, False, op, number(m.group("n")),
                                   negate=negate, end=m.end()))  # fmt: skip
            words = " ".join(self.text[m.start() : m.end()].split())
            if field == "amount":
                self.assumptions.append(f"read {words!r} as a condition on the amount")
            else:
                self.assumptions.append(
                    f"read {words!r} as a condition on {field}, the one money field of those "
                    "the request lists"
                )
            if m.group("cur") or m.group("cur2"):
                # "orders of at least 100 EUR": the currency said, never converted (noted)
                self._cond_end = m.end()
                self._currency_of("amount", m.group("cur") or m.group("cur2"), m)
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
        self._noun_codes_listed()
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
        for m in list(KEEP_FIELD_VALUE.finditer(self.s)):
            noun = m.group("noun")
            if MASK in m.group(0) or (noun and not self._names_records(noun.lower())):
                continue  # "keep refunds from region 'EU'" on payments: a word that may select
            text, _quoted = unquote(m.group("v"))
            self.conds.append(Cond(m.start(), m.group("f"), False, "eq", text,
                                   negate=bool(m["drop"]), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
        for m in list(SENT_FIELD_VALUE.finditer(self.s)):
            said = self.text[: m.start()]
            if not _SINK_VERB_BEFORE.search(said) or not self._names_records(m["noun"].lower()):
                continue  # "write the rest to ...": only a sink verb's own records
            text, _quoted = unquote(m.group("v"))
            self.conds.append(Cond(m.start("noun"), m.group("f"), False, "eq", text, end=m.end()))
            self.mask(m.start("noun"), m.end(), domain=True)
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
            field = self._one_value_field(m.group("f"))
            # "leave out breeds 'unknown' and 'mixed'": more quoted values of the same field
            more = _MORE_QUOTED.match(self.s, m.end()) if m.group("v") else None
            if more:
                said = [left_out, *(unquote(v)[0] for v in re.findall(QUOTED, more.group(0)))]
                self.conds.append(Cond(m.start(), field, False, "in", said, negate=True))
                self.mask(m.start(), more.end(), domain=True)
                # ("... (breed not in that list)": the same field named again in brackets)
                again = FIELD_IN_BRACKETS.match(self.s, more.end())
                if again and again["f"].lower() == field.lower():
                    self.mask(again.start(), again.end())
                    self.assumptions.append(
                        f"read {' '.join(again.group(0).split())!r} as the field holding the "
                        "values said before it"
                    )
                continue
            self.conds.append(
                Cond(m.start(), field, False, "eq", left_out, negate=True, end=m.end())
            )
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
            # ("throw away every scan that has no seat_number (null)": the null said again)
            op, end = self._emptiness_said_again(op, self._absent_said_again(m.end()))
            self.conds.append(Cond(m.start(), subject, quoted, op, None, end=end))
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
            op = "not_empty" if m.group("empty") else "not_null"
            op, end = self._emptiness_said_again(op, end)
            self.conds.append(Cond(m.start(), subject, quoted, op, None, end=end))
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
                                   (PAREN_SEND_LEAD, False, False),
                                   (GLOSS_KEEP_LEAD, False, False),
                                   (WEAK_LEAD, False, True)):  # fmt: skip
            for m in list(lead.finditer(self.s)):
                if lead is PAREN_SEND_LEAD:
                    if MASK not in self.s[m.end("verb") : m.end()] and re.match(
                        SEND_VERB, self.text[m.start() :], ICASE
                    ):
                        self._conditions_in_parens(m, negate)
                    continue
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
                if lead is DROP_LEAD and m["field"] and _records_word(m["field"]):
                    continue  # "drop videos over 500 MB": the records, no field, named
                if lead is DROP_LEAD:
                    self._refuse_dropped_kind(m)
                if lead is KEEP_LEAD and not self._participle_restated(m):
                    continue  # "keep only lobsters caught at ...": 'caught' may select
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
        self._drop_gloss_kept_restated()
        for m in list(FILTER_NAMED_LEAD.finditer(self.s)):
            self._conditions_at(m.start(), m.end(), negate=False, weak=False)
        for m in list(AGG_LEAD.finditer(self.s)):  # "only keep counts above 10"
            if MASK not in self.s[m.start() : m.end()]:
                self._conditions_at(m.start(), m.end(), negate=False, weak=False)
        self._kind_field_values(continued=True)  # (after the conditions it continues)
        self._groups_over()
        self._bare_conditions()
        self._judged_bound_restated()
        self._noun_bound_restated()
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
            # the window's count of the stream's records, or of the distinct ones the noun says
            counted = self._distinct_counted(noun) or "number of events"
            self.conds.append(Cond(start, counted, False, op, number(m.group("n")), end=m.end()))
            self.mask(start, m.end())
        for m in list(THERE_ARE_N_OR_MORE.finditer(self.s)):
            # "emit only when there are 5 or more": the count of the records per group
            noun = (m["noun"] or "").lower()
            if MASK in m.group(0) or (
                noun and not (re.fullmatch(COUNT_NOUNS, noun, ICASE) or self._names_records(noun))
            ):
                continue  # ("when there are 3 or more items": maybe a field of each record)
            op = "ge" if m["cmp"].lower() == "more" else "le"
            start = m.start()
            only = ONLY_BEFORE.search(self.s, max(0, start - 30), start)
            if only:  # "emit only when ...": the verb read with it
                start = only.start()
            counted = f"count {noun}" if re.fullmatch(COUNT_NOUNS, noun, ICASE) else "count records"
            self.conds.append(Cond(start, counted, False, op, number(m["n"]), end=m.end()))
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
                and not self._distinct_counted(noun.lower())
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
            if noun:
                counted = self._distinct_counted(noun.lower()) or counted
            if m.group("uniq"):
                counted = f"unique {m.group('unoun')}"
            self.conds.append(Cond(start, counted, False, op, number(m.group("n")), end=m.end()))
            self.mask(start, m.end())
        self._own_topic_words_masked()
        for m in list(COUNT_ANY_VALUE.finditer(self.s)):
            # "count abandoned carts (status = 'abandoned')" on topic carts: any word, when the
            # brackets say it again of the stream's own records, named by no list below
            if re.fullmatch(COUNT_NOUNS, m["noun"], ICASE):
                continue  # (read with COUNT_VALUE below, or by the aggregates)
            if MASK not in m.group(0) and self._names_records(m["noun"].lower()):
                self._count_glossed(m, same_word=m["v"].lower() not in STATUS_VALUES)
        for pattern, negate in ((ONLY_VALUE, False), (VALUE_ONLY, False), (DROP_VALUE, True),
                                (KEEP_VALUE, False), (FILTER_TO, False),
                                (COUNT_VALUE, False)):  # fmt: skip
            for m in list(pattern.finditer(self.s)):
                if not self._value_noun_known(m):
                    continue
                if pattern is COUNT_VALUE and m.group("v").lower() not in STATUS_VALUES:
                    continue  # "count login attempts": a noun, not a value
                if pattern is COUNT_VALUE and self._count_glossed(m):
                    continue
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
                self.conds[-1].subject = DISCRIMINATOR
                self.conds[-1].weak = bool(not quoted and domain_of(values[0]))
                self.mask(start, m.end(), domain=True)
                self._field_in_brackets(self.conds[-1], m.end())
        self._status_said()
        self._n_or_more_of_value()
        self._lists_restated()
        self._verb_restated()
        self._parens_restated()
        self._null_restated()
        self._value_words_restated()
        self._dropped_words_restated()
        self._more_dropped_without()
        self._more_present()
        self._more_values_named()
        self._dropped_comparative_restated()
        self._field_named_after()
        self._range_named()
        self._dropped_named()
        self._kept_matter()
        self._filler_status_left()
        self._refuse_unnamed_selection()
        self._refuse_drop_kept_by_parens()

    def _refuse_drop_kept_by_parens(self) -> None:
        """ "drop internal traffic (ip starts with '10.')": the words after the drop verb read
        as one condition dropped, the one in the parentheses right after as another kept: the
        parentheses say which records the words drop, so reading them apart keeps exactly the
        records meant to go."""
        for m in PAREN_DROP_LEAD.finditer(self.text):
            close = self.text.find(")", m.end())
            dropped = [c for c in self.conds if c.negate and m.start() <= c.pos < m.end()]
            kept = [c for c in self.conds if not c.negate and m.end() <= c.pos < close]
            if close < 0 or not dropped or not kept:
                continue
            for c in dropped:  # (a kind no field holds is refused as such first)
                if c.subject == DISCRIMINATOR:
                    self._discriminator_field(c)
            said = clause_around(self.text, m.start(), close + 1)
            raise RequestNotUnderstood(
                f"cannot read {said!r}: the words before the parentheses name no value their "
                "condition selects, so which records are dropped? Say the condition alone, e.g. "
                "\"drop clicks where ip starts with '10.'\""
            )

    def _participle_restated(self, m: re.Match[str]) -> bool:
        """ "keep only lobsters landed at port in (...)" from landings.traps: the participle
        after the kept records is read only when the source topic's name says its verb again
        ('landings'); another ("lobsters caught at port in ...") may select records."""
        part = m.groupdict().get("part")
        return not part or stem(part) in {stem(w) for w in self.topic_words()}

    def _range_named(self) -> None:
        """ "rms_mm_s between 4.5 and 11 (the warning zone)": the parenthesis right after a
        range the filter read only names that range; it selects nothing more."""
        bounds = {c.subject for c in self.conds if c.op in ("ge", "gt", "le", "lt", "between")}
        for m in list(RANGE_NAMED.finditer(self.s)):
            if bounds and self.s[: m.start()].rstrip().endswith(MASK):
                self.mask(m.start(), m.end(), domain=True)

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

    def _count_glossed(self, m: re.Match[str], same_word: bool = False) -> bool:
        """ "count failed logins (success = false) per user_id": the value word before the
        records counted is said again as the comparison in brackets right after them, which
        the conditions read; the word then only describes it ("count logins" is left for the
        aggregates). A comparison with another value of text ("cancelled orders (status =
        'refunded')") says something else, left to be refused; `same_word`: only the word
        itself restates it (a word no status list holds)."""
        said = COMPARISON_IN_BRACKETS.match(self.text, m.end())
        if not said or self.s[said.start("c") : said.end("c")].strip(MASK + " "):
            return False  # (the comparison is read by the conditions already)
        value, word = unquote(said["v"].strip())[0].lower(), m["v"].lower()
        flag = NUM_OR_BOOL.fullmatch(value) and not same_word
        if not flag and value not in (word, singular(word)):
            return False
        self.mask(m.start("v"), m.end(), domain=True)
        self.assumptions.append(
            f"read {m.group(0)[m.start('v') - m.start() :]!r} as the records the condition in "
            "brackets after it selects"
        )
        return True

    def _other_field_in_brackets(self, one: str, end: int) -> bool:
        """A field named in brackets at `end` whose name is not the noun's singular `one`."""
        m = FIELD_IN_BRACKETS.match(self.s, end)
        return m is not None and one not in m["f"].lower()

    def _field_in_brackets(self, c: Cond, end: int) -> None:
        """ "only card or mobile payments (payment_method)": the field holding the values said
        before, named in brackets right after them, instead of a guessed kind field."""
        m = FIELD_IN_BRACKETS.match(self.s, end)
        if not m or not (
            FIELD_NAME.fullmatch(m["f"]) or self.has(m["f"]) or KIND_FIELD_WORD.fullmatch(m["f"])
        ):
            return
        values = [str(v) for v in (c.value if isinstance(c.value, list) else [c.value])]
        if not field_may_hold(values):
            return  # "only the empty trades (notes_text)": no value, left unread
        if not all(
            re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", self.text[c.pos : end], ICASE)
            for v in values
        ):
            return  # "only premium card payments (payment_method)": two words, one a qualifier?
        # "keep A and B (x not in those)": the brackets say the other side (a drop may say
        # the kept side, "not in those", or the dropped values again, "in those")
        if m["those"] and m["not"] and not c.negate:
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, c.pos, m.end())!r}: the words keep "
                "the values and the brackets leave them out; say one"
            )
        flag = _FLAG_NAME.fullmatch(m["f"])
        if flag:
            # "drop test orders (is_test)": a yes/no field, never the text 'test'
            said = clause_around(self.text, c.pos, m.end())
            what = flag["what"].lower()
            if len(values) != 1 or what not in (values[0].lower(), singular(values[0].lower())):
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: {m['f']!r} is a yes/no field, and the words name "
                    f"another value; say the condition on {m['f']} with true or false instead"
                )
            c.op, c.value = "eq", True
        c.subject, c.quoted = m["f"], False
        self.mask(m.start(), m.end())
        self.assumptions.append(
            f"read {' '.join(self.text[m.start() : m.end()].split())!r} as the field holding "
            "the values said before it" + (f" (true for {flag['what']!r})" if flag else "")
        )

    def _noun_codes_listed(self) -> None:
        """ "drop sites TEST1 and LAB": the noun's singular is the field holding the codes, when
        the noun is no name of the records themselves and no plain word of the language's
        filler ("drop events TEST1": a kind of event, left unread)."""
        for m in list(NOUN_LISTED_CODES.finditer(self.s)):
            noun = m.group("noun").lower()
            if MASK in m.group(0) or noun in STOP or self._names_records(noun):
                continue
            items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("v"))
            if any(v.lower() in CURRENCY_CODE for v in items):
                continue  # "keep only amounts EUR": a currency, not a value of 'amount'
            if items[0][0] in "'\"`" and self._other_field_in_brackets(singular(noun), m.end()):
                continue  # "skip regions 'north' and 'east' (depot_id ...)": which field?
            values = [unquote(v)[0] for v in items]
            op, said = ("in", values) if len(values) > 1 else ("eq", values[0])
            self.conds.append(Cond(m.start(), singular(noun), False, op, said,
                                   negate=bool(m.group("drop")), end=m.end()))  # fmt: skip
            self.mask(m.start(), m.end(), domain=True)
            self._field_in_brackets(self.conds[-1], m.end())

    def _distinct_counted(self, noun: str) -> str | None:
        """ "count unique user_id per country ..., only countries with 100 or more users": the
        threshold's noun is what a distinct count of the request counts, so the threshold is
        on that count, not on the number of records."""
        stem = re.escape(singular(noun))
        said = re.search(
            rf"\b(?:unique|distinct)\s+(?:count\s+of\s+|number\s+of\s+)?(?:the\s+)?"
            rf"(?P<f>{stem}(?:s|_[a-z0-9_]+)?)\b",
            self.text,
            ICASE,
        )
        return f"distinct {said['f']}" if said else None

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
            # ("drop orders over 10000 (keep total_eur <= 10000)": the records kept, said so)
            om = _RESTATED_OPEN.match(self.text, at)
            b = next((c for c in self.conds if om and c is not a and c.pos == om.end()), None)
            if b and at != a.end and not self._field_in_unit(b.subject, unit):
                b = None  # "over 40 feet (depth_m > 40)": another unit, left to the unit check
            close = CLOSE_PAREN.match(self.text, b.end) if b and b.end else None
            if b is None or close is None or b.op == "group" or b.negate:
                continue
            said = " ".join(self.text[a.pos : close.end()].split())
            words = " ".join(self.text[a.pos : a.end].split())
            implied = f"read {words!r} as a condition on the amount"
            same_field = a.subject == b.subject or implied in self.assumptions
            if self._names_records(a.subject.lower()):
                # "dives deeper than 40 metres (max_depth_m > 40)", "keep tips over 20 (keep
                # tip_usd > 20)", "keep refunds of 50 euros or more (refund_eur >= 50)": the
                # records' noun, the field named in the brackets
                same_field = True
            # "ignore swaps where channel is 'app' or 'web' (i.e. channel not in app, web)": the
            # parentheses may say what is kept instead, the dropped condition negated (with or
            # without "i.e.": the words name the dropped values, so a negation can only be the
            # records kept)
            kept = a.negate and NEGATE.get(a.op) == b.op
            # ("(keep ...)": the records kept, so never the dropped condition said again)
            same = a.op == b.op and not (a.negate and om and om["keep"])
            if not (same_field and (same or kept) and _same_value(a.value, b.value)):
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    "conditions; say one"
                )
            if a.subject != b.subject or b.quoted:  # the field the parentheses name
                self._currency_restated(a, b.subject, said)
                a.subject, a.quoted = b.subject, b.quoted
            if implied in self.assumptions:
                self.assumptions.remove(implied)
            self.conds.remove(b)
            self.mask(a.end, close.end())

    def _currency_restated(self, a: Cond, field: str, said: str) -> None:
        """ "keep refunds of 50 euros or more (refund_eur >= 50)": a currency said with the
        words' number must be the one the bracketed field's name holds ("over 50 dollars
        (refund_eur > 50)" is refused: no currency is converted); a field named in it makes the
        words' currency assumption moot."""
        words = " ".join(self.text[a.pos : a.end].split())
        codes = {
            CURRENCY_CODE[w]
            for w in re.findall(r"[$€£¥]|[a-z]+", words.lower())
            if w in CURRENCY_CODE
        }
        if not codes:
            return
        parts = set(re.split(r"[_\s]+", field.lower()))
        theirs = {CURRENCY_CODE[w] for w in parts if w in CURRENCY_CODE}
        minor = parts & {"cent", "cents", "pence", "penny", "pennies", "minor"}
        if (theirs and not codes <= theirs) or minor:
            held = min(minor) if minor else ", ".join(sorted(theirs)).upper()
            raise RequestNotUnderstood(
                f"cannot read {said!r}: {field} holds {held}, the number is in "
                f"{', '.join(sorted(codes)).upper()}; the offline parser does not convert "
                f"currencies: write the number in {held}"
            )
        if theirs:  # the field's name says the currency: nothing assumed
            tail = f"' as {a.subject} in "
            self.assumptions[:] = [
                x
                for x in self.assumptions
                if not (x.startswith("read '") and tail in x and x[6 : x.index(tail)] in words)
            ]

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
            close = CLOSE_PAREN.match(self.text, b.end) if b else None
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

    def _noun_bound_restated(self) -> None:
        """ "skip files of 20000 KB or more (file_size_kb < 20000)": a bound said on the records'
        noun, then the comparison in brackets (read as a condition already) naming its field.
        Read only when the brackets name the same number, a field the noun or the unit fits,
        and a side the words give: after a drop verb the kept side (or the dropped one said
        again); after a keep, the same side. Anything else is refused."""
        for m in list(NOUN_BOUND_THEN_CONDITION.finditer(self.s)):
            if MASK in self.s[m.start() : m.end("open")]:
                continue
            b = next((c for c in self.conds if c.pos == m.end("open")), None)
            close = CLOSE_PAREN.match(self.text, b.end) if b and b.end else None
            said_op = " ".join((m["op"] or "").lower().split())
            more = m["more"] or m["more2"]
            if (
                b is None
                or close is None
                or bool(said_op) == bool(more)
                or (m["more"] and m["more2"])
            ):
                continue
            if m["cur"] or m["cur2"] or m["ing"] or (said_op and said_op not in IMPLICIT_OPS):
                continue  # left to the readers of money, verbs and measures
            unit = UNIT_AFTER.match(m["unit"] or "")
            if unit and not self._field_in_unit(b.subject, unit):
                continue  # "files over 20 pages (size_kb < 20)": left unread
            noun = m["noun"].lower()
            if not (_noun_in_field(noun, b.subject) or self._names_records(noun)):
                continue  # "drop sensors over 100 (temp_c < 100)": not the stream's records
            if b.negate or b.items or not isinstance(b.value, (int, float)):
                continue
            up = more and more.split()[-1].lower() in ("more", "above", "over", "higher")
            words_op = IMPLICIT_OPS[said_op] if said_op else "ge" if up else "le"
            kept = NEGATE[words_op] if m["drop"] else words_op
            restated = m["drop"] and not m["keep"] and b.op == words_op
            if b.value != number(m["n"]) or not (b.op == kept or restated):
                said = " ".join(self.text[m.start() : close.end()].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the words and the parentheses name different "
                    "conditions; say one"
                )
            b.op, b.pos = kept, m.start()
            self.mask(m.start(), close.end(), domain=True)

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

    def _one_value_field(self, word: str) -> str:
        """ "leave out breeds 'unknown'": a plain plural names the field each record holds one
        of (breed); the reading is listed, since the field may be named as said."""
        one = singular(word)
        if "_" in word or one == word or self._names_records(word.lower()):
            return word
        self.assumptions.append(
            f"{word!r} read as the field {one!r} (each record holds one value); name the field "
            f"if the records call it {word!r}"
        )
        return one

    def _plain_modifier(self, word: str) -> bool:
        """A word before a record noun that selects nothing: a word of the topic's name ("kiln
        readings" on kiln-temps), or one that only says which records (STOP: "all", "those")."""
        named = self.topic_words()
        return word in STOP or bool({word, singular(word), f"{word}s", f"{word}es"} & named)

    def mask_kept_records(self) -> None:
        """ "Send the kept claims to ...": once a filter is read, the records it keeps."""
        if not self.conds:
            return
        for m in list(KEPT_RECORDS.finditer(self.s)):
            noun = m.group("noun").lower()
            if MASK in self.s[m.start() : m.end()] or not self._names_records(noun):
                continue
            self.mask(m.start(), m.end())
        bad = list(BAD_SAID.finditer(self.text))
        for m in list(GOOD_RECORDS.finditer(self.s)) if bad else []:
            noun = m.group("noun").lower()
            if MASK in self.s[m.start() : m.end()] or not self._names_records(noun):
                continue
            if not any(b.start() < m.start() for b in bad):
                continue  # (the others called bad first: "the good readings" said after)
            self.mask(m.start(), m.end())


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


# "keep messages where topic is 'billing'", "rows where table = 'orders'": a field named like the
# words that name a Kafka topic or a table (read as a second source, or dropped)
_KEYWORD_FIELD = re.compile(
    r"\b(?P<lead>where|whose|if|when|unless|and|or)\s+(?:the\s+)?(?P<w>topics?|tables?)\s+"
    r"(?:is|isn't|is\s+not|=|==|!=|<>|equals|does\s+not\s+equal|doesn't\s+equal)\s*"
    r"(?P<v>'[^']*'|\"[^\"]*\"|[\w.-]+)",
    ICASE,
)


# "and the table is cmms.work_orders": which table, said in a CDC request
_NAMES_THE_TABLE = re.compile(r"and\s+the\s+table\s+is\s+[A-Za-z_]\w*\.[A-Za-z_]\w*\.?", ICASE)


def refuse_keyword_field(text: str, *, cdc: bool = False) -> None:
    """Refuse a condition on a field named 'topic' or 'table' said bare: the parser reads those
    words as a Kafka topic or a table, so the condition would be lost or read as a source.
    In a CDC request, "... and the table is cmms.work_orders" names the captured table (a
    schema-qualified name, which no condition compares a field to unquoted)."""
    for m in _KEYWORD_FIELD.finditer(text):
        if cdc and _NAMES_THE_TABLE.fullmatch(m.group(0)):
            continue
        said = " ".join(m.group(0).split())
        w = m.group("w")
        rest = said[len(m.group("lead")) :].strip()
        raise RequestNotUnderstood(
            f"cannot read {said!r}: {w!r} names a Kafka topic or a table in a request, not a "
            f"field; if the records carry a field named {w}, write it in backquotes "
            f"({m.group('lead')} {rest.replace(w, f'`{w}`', 1)})"
        )
