"""Asides about the records a filter keeps or leaves out.

Said right after (or before) a filter the request states: what the rest are ("(the rest are
calibration glitches ...)": `rest_why`, `dropped_why`, `left_out_why`), why a drop filter's
records go ("(the anemometers drift on low battery)": `cause_aside`), what people do with the
records kept (`kept_followup`), and which records are wanted or left out, said in the filters'
own values and bounds (`selection_said_again`, `left_out_first`, checked against `FilterFacts`).
Each reader is `(text, masked, start, end[, filters]) -> reason | None`, tried by `read_context`
(asides.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import lazy_re as re
from .accounting import FILLER
from .context import (
    _ACTION,
    _CONTRACTED,
    _NEGATION,
    _QUALIFIER,
    _SELECTION,
    _STEP_WORDS,
)
from .lexicon import LESS_COMPARATIVES, MORE_COMPARATIVES, ROLE_NOUNS, singular, word_set
from .quantities import ICASE
from .sentences import sentence_bounds
from .state import Cond

# "keep only readings whose lux is at least fifty (the rest are calibration glitches the
# facilities team handles separately)": what the records a keep-filter drops are, and who else
# deals with them; an aside right after the filter, plain words only (a route of the rest to
# somewhere is a sink and says "send"/"write", never who handles them).
_REST_WHY = re.compile(
    # ("(anything else is a sensor fault)": the same, with an article)
    r"\(\s*(?:(?:the\s+)?(?:rest|others|other\s+ones)|(?:anything|everything|all)\s+else)\s+"
    r"(?:are|is)\s+(?:(?:just|mostly|all|usually|probably)\s+)?(?:an?\s+)?"
    r"(?P<w>(?:[A-Za-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)"
    r"(?:\s*,?\s+(?:that|which)?\s*(?:the|our)\s+(?P<who>(?:[a-z][a-z-]*\s+){0,2}?(?:team|folks|crew"
    r"|people|staff|department|engineers))\s+(?:handles?|deals?\s+with|looks?\s+after|takes?\s+care"
    r"\s+of)\s+(?:separately|elsewhere|on\s+(?:its|their)\s+own|themselves|itself))?\s*[.!]?\s*\)"
)
# What keeps records before such an aside: a keep word, or a "Filter:" label (its condition
# says which records pass)
_KEPT_BEFORE = re.compile(
    r"\b(?:keep|keeps|only|retain)\b"
    r"|^\s*filter\s*:(?!\s*(?:drop|skip|ignore|remove|exclude|discard|filter\s+out)\b)",
    ICASE,
)


def _aside_after_read(
    text: str, masked: str, start: int, end: int, pattern: re.Pattern[str]
) -> tuple[int, re.Match[str]] | None:
    """The parenthesised aside around [start, end) when `pattern` matches it whole and words a
    recogniser read come just before it: where it opens, and the match; None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    m = pattern.fullmatch(text, open_, close + 1)
    if not m or not masked[:open_].rstrip().endswith("\x00"):
        return None
    return open_, m


def rest_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says what the records a keep-filter just
    before leaves out are (see _REST_WHY); None otherwise."""
    found = _aside_after_read(text, masked, start, end, _REST_WHY)
    if found is None:
        return None
    open_, m = found
    if not _KEPT_BEFORE.search(text[sentence_bounds(text, open_, open_)[0] : open_]):
        return None  # (after a drop, "the rest" are the records kept: may say something of them)
    said = " ".join(w for w in (m["w"], m["who"] or "") if w)
    if _STEP_WORDS.search(said) or _QUALIFIER.search(said) or _ACTION.search(said):
        return None
    return m.group(0)


# "ignore readings with battery_v below 11.5 (the anemometers drift on low battery)": why a drop
# filter's records go, a statement in an aside right after its condition, about the tested
# field ("battery" of battery_v); plain words only (no number, field name, step or selecting
# word: "(the old probes drift)" may select probes).
# verbs saying how a device goes wrong ("drift", "fog up", "ice over", "go haywire")
_CAUSE_VERBS = (
    r"(?:drift|fog|freeze|froze|fail|misread|spike|jump|glitch|stick|saturate|overheat|lose"
    r"|misbehave|wobble|flicker|ice|clog|die)(?:s|es|d|ed|ing)?"
    r"|(?:go|goes|went|get|gets)\s+(?:haywire|wild|crazy|bad|flaky|noisy)"
)
_CAUSE_ASIDE = re.compile(
    r"\(\s*(?:(?:the|our|some|these|those|their|its)\s+)?"
    rf"(?P<w>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){{0,2}}\s+(?:(?:tend\s+to|often|sometimes|can)\s+)?"
    rf"(?:{_CAUSE_VERBS})(?:\s+(?:up|out|off|over))?(?:\s+[a-z][a-z'-]*){{0,4}})\s*[.!]?\s*\)",
    ICASE,
)
# Words that join, narrow or negate: never in a reason aside ("(and the probes that are off)")
_NOT_CAUSE = word_set(
    "and or also plus that which who whose where when if unless except only not no nor but any all every each"
)
_DROPPED_BEFORE = re.compile(
    r"\b(?:ignor|drop|skip|discard|remov|exclud|reject)\w*|\bfilter\w*\s+out\b"
    r"|\bthrow\w*\s+away\b",
    ICASE,
)
# the level words a reason may say of the tested field ("on low battery", "at high humidity")
_LEVEL_WORDS = word_set("low high")


def cause_aside(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says why a drop filter just before drops
    its records (see _CAUSE_ASIDE); None otherwise."""
    found = _aside_after_read(text, masked, start, end, _CAUSE_ASIDE)
    if found is None:
        return None
    open_, m = found
    before = text[sentence_bounds(text, open_, open_)[0] : open_]
    if not _DROPPED_BEFORE.search(before):
        return None
    tested = {p for name in re.findall(r"[a-z]\w*_\w+", before, ICASE)
              for p in name.lower().split("_") if len(p) >= 4}  # fmt: skip
    words = m["w"].lower().split()
    if not tested & ({singular(w) for w in words} | set(words)):
        return None  # (not about the field the condition tests)
    if set(words) & _NOT_CAUSE:
        return None
    plain = " ".join(w for w in words if w not in _LEVEL_WORDS)
    if _STEP_WORDS.search(plain) or _QUALIFIER.search(plain) or _ACTION.search(plain):
        return None
    return m.group(0)


# "(only readings with t between 40 and 140, the rest are sensor glitches)", "(bigger values
# are gauge glitches)", "(anything heavier is a scale error)", "Only emit runs where w > 300,
# the shorter ones are just test runs.": what the records a keep filter just read leaves out
# are, said as "the rest" after a comma in the filter's own clause, or by a comparative that
# points past the filter's bound (checked: "(smaller values are glitches)" after "< 50" may
# select more). Plain words only: no number, name, step or judgement word.
_DROPPED_WHY = re.compile(
    r"(?P<open>\(|,)\s*(?:(?P<rest>(?:the\s+)?(?:rest|others|other\s+ones)|(?:anything|everything"
    r"|all)\s+else)|(?:the\s+|any\s+)?(?P<cmp>[a-z]+)\s+(?:ones|values|readings|records|rows"
    r"|events|numbers|figures|measurements|entries)|anything\s+(?P<cmp2>[a-z]+)"
    # "(anything outside that is a broken sensor)", "(readings outside this range are junk)":
    # the records past both bounds of a range just read
    r"|(?:anything|everything|(?:the\s+|any\s+)?(?:ones|values|readings|records|rows|events"
    r"|numbers|figures|measurements|entries))\s+(?P<out>outside)\s+(?:of\s+)?(?:that|this|it"
    r"|those|these)(?:\s+(?:range|band|window|interval))?)"
    r"\s+(?:are|is)\s+(?:(?:just|mostly|all|usually|probably|always|likely)\s+)?(?:an?\s+)?"
    r"(?P<w>(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)(?:\s+anyway)?\s*"
    r"(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# "only speed_kn < 60 (gps junk above that)": a noun for failed readings naming the values past
# the bound just read, said with a direction and "that" (the bound); the direction is checked as
# a comparative's is. ("noise", "bogus" stay judgements that may be a filter of their own.)
_JUNK_BEYOND = re.compile(
    r"(?P<open>\()\s*(?P<w>(?P<mod>(?:[a-z]+\s+){0,2}?)(?:junk|garbage|rubbish|glitch(?:es)?"
    r"|errors?))\s+(?P<dir>above|over|beyond|past|below|under)\s+(?:that|this|it)\s*"
    r"(?P<close>\))",
    ICASE,
)
# "keep ammonia_mg_l < 100 (above that the probe is fouled)": the direction and "that" (the
# bound) first, then the device and a word saying it has failed; the direction is checked as
# _JUNK_BEYOND's is, the device's words as a comparative's aside's.
_FAULT_WORDS = (
    r"(?:fouled|faulty|broken|saturated|clipped|dead|stuck|frozen|miscalibrated|unreliable"
    r"|maxed\s+out|out\s+of\s+range|off[\s-]scale|flooded|clogged|iced\s+(?:up|over)|overloaded"
    r"|failing|glitching|drifting|fogged\s+up|blocked)"
)
_BEYOND_FAULT = re.compile(
    r"(?P<open>\()\s*(?P<dir>above|over|beyond|past|below|under)\s+(?:that|this|it)\s*,?\s+"
    r"(?:(?:the|our|its|a)\s+)?(?P<w>[a-z]+(?:\s+[a-z]+)?)\s+(?:is|are|was|were|gets|get|has\s+been"
    r"|have\s+been|must\s+be|means\s+(?:the\s+)?[a-z]+\s+(?:is|are))\s+"
    rf"(?:(?:usually|probably|just|already|likely|basically)\s+)?{_FAULT_WORDS}\s*(?P<close>\))",
    ICASE,
)
# "(below that the horizon noise is awful)", "(above that, it's all garbage)", "(past that the
# readings are useless)": the direction and "that" (the bound), then a judgement on the values
# past it; the direction is checked as _JUNK_BEYOND's is (the judgement is of the records the
# filter leaves out), the other words as a comparative's aside's. A judgement word may be the
# subject too ("the horizon noise"); it is set aside before the check (see `_JUDGED`).
_JUDGED = (
    r"(?:noise|noisy|junk|garbage|rubbish|useless|meaningless|unusable|worthless|bogus|spurious"
    r"|awful|terrible|horrible|atrocious|nonsense|trash|crap|hopeless|a\s+mess|messy|wild)"
)
_BEYOND_JUDGED = re.compile(
    r"(?P<open>\()\s*(?P<dir>above|over|beyond|past|below|under)\s+(?:that|this|it)\s*,?\s+"
    r"(?:(?:(?:the|our|its|a)\s+)?(?P<w>[a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:is|are|was|were|gets|get"
    r"|goes|go|turns|turn|looks|look|seems|seem)|it(?:'s|\s+is|\s+gets)|(?:they|those)(?:'re|\s+are))"
    r"\s+(?:(?:usually|probably|just|already|likely|basically|mostly|all|pretty|really|so|too"
    r"|completely|totally|pure)\s+){0,2}"
    rf"(?P<j>{_JUDGED})\s*[.!]?\s*(?P<close>\))",
    ICASE,
)
# (the comparative each direction stands for)
_DIRECTION = {"above": "higher", "over": "higher", "beyond": "higher", "past": "higher"} | {
    "below": "lower",
    "under": "lower",
}
# Bounds a keep filter's condition puts on a value: from above ("< 60", "below", "between")
# and from below ("> 300", "at least", "between")
_UPPER_BOUND = re.compile(
    r"(?<![<>!-])<(?!>)|\b(?:below|under|less\s+than|lower\s+than|at\s+most|up\s+to|between"
    r"|max(?:imum)?\s+of)\b",
    ICASE,
)
_LOWER_BOUND = re.compile(
    r"(?<![<>!-])>|\b(?:above|over|more\s+than|greater\s+than|higher\s+than|at\s+least|between"
    r"|exceed\w*)\b",
    ICASE,
)


# Words that say where records go or whom they are for: a route, never a reason
_DESTINED = word_set("for to into onto via towards")


def dropped_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what the records a keep filter just
    before leaves out are (see _DROPPED_WHY); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    found = [*_DROPPED_WHY.finditer(text, left, min(len(text), right + 1))]
    found += _JUNK_BEYOND.finditer(text, left, min(len(text), right + 1))
    found += _BEYOND_FAULT.finditer(text, left, min(len(text), right + 1))
    found += _BEYOND_JUDGED.finditer(text, left, min(len(text), right + 1))
    for m in found:
        if m.start() > start or m.end() < start:
            continue
        # the words of the run outside the aside are filler ("glitches), compute")
        outside = text[start : m.start()] + " " + text[m.end() : end]
        if any(w.lower() not in FILLER for w in re.findall(r"[\w'-]+", outside)):
            continue
        said = text[m.start("open") + 1 : m.end()].strip(" .;!)")
        if _dropped_why_ok(text, masked, m, left):
            return said
    return None


def _dropped_why_ok(text: str, masked: str, m: re.Match[str], left: int) -> bool:
    """Whether the aside matched comes right after a keep filter read whose bound its
    comparative points past, and says nothing a step could use."""
    at = m.start("open")
    if not masked[:at].rstrip(" ,").endswith("\x00"):
        return False  # (the filter's condition, read, comes right before)
    opened = text.rfind("(", left, at)
    if m["open"] == "," and m["close"] == ")" and (opened < 0 or ")" in text[opened:at]):
        return False  # ("a, the rest are x)": the comma's clause opens in this aside)
    if m["open"] == "," and m["close"] != ")" and opened >= 0 and ")" not in text[opened:at]:
        return False  # (a sentence end inside an open aside)
    before = text[opened + 1 if m["open"] == "," and m["close"] == ")" else left : at]
    if not _KEPT_BEFORE.search(before):
        return False  # (after a drop, the records named are the ones kept)
    said = m.groupdict()
    comparative = (said.get("cmp") or said.get("cmp2") or "").lower()
    comparative = comparative or _DIRECTION.get((said.get("dir") or "").lower(), "")
    if said.get("out"):
        if not (_UPPER_BOUND.search(before) and _LOWER_BOUND.search(before)):
            return False  # ("(anything outside that is junk)" after "< 50": no range)
        comparative = "outside"
    elif comparative:
        if comparative in MORE_COMPARATIVES:
            bound = _UPPER_BOUND
        elif comparative in LESS_COMPARATIVES:
            bound = _LOWER_BOUND
        else:
            return False
        if not bound.search(before):
            return False  # ("(smaller values are glitches)" after "< 50": which ones?)
    # (the judgement noun of "(gps junk above that)" is the form's own: its modifiers checked)
    words = (m["w"] or "") if said.get("mod") is None else said["mod"]
    if said.get("j"):  # (the judgement of the records left out: "the horizon noise")
        words = re.sub(rf"\b{_JUDGED}\b", " ", words, flags=ICASE)
        if _QUALIFIER.search(words) or _SELECTION.search(words):
            return False  # ("(below that the cheap probes are useless)": which probes?)
    # (a contraction's apostrophe is no quote: "(below that it's all noise)")
    plain = re.sub(r"(?<=[a-z])'(?:s|re)\b", "", m.group(0), flags=ICASE)
    if re.search(r"[\d'\"`_]", plain) or _NEGATION.search(words) or _CONTRACTED.search(words):
        return False
    # ("(anything outside that is a broken sensor)": a device failed, never "broken down by")
    words = re.sub(rf"\b{_FAULT_WORDS}\b(?!\s+(?:down|out|up|into|by)\b)", " ", words, flags=ICASE)
    if _STEP_WORDS.search(words) or _ACTION.search(words):
        return False
    if set(words.lower().split()) & (_NOT_CAUSE | _DESTINED):
        return False  # ("(bigger ones are for the fraud team)": maybe a route of their own)
    # ("the rest are test runs": with no comparative, a qualifier may name more records)
    return bool(comparative) or not _QUALIFIER.search(words)


# "Only keep accessions where avg_germ is under 70, those need regenerating.", "(the field
# officers follow up with them)": what people do with the records a keep filter or a ranking
# just read lets through; it points back at them ("those", "them") and selects nothing more.
_PEOPLE_NOUN = rf"(?:{ROLE_NOUNS}s?|team|teams|crew|crews|staff|folks|people|desk|office)"
_KEPT_FOLLOWUP = re.compile(
    r"(?P<open>\(|,)\s*(?:(?:and\s+|so\s+)?(?:those|these|they)\s+(?:need|needs)\s+(?:to\s+be\s+)?"
    r"(?P<v>[a-z]+(?:ing|ed))(?:\s+(?:first|soon|urgently|asap))?"
    r"|(?:the|our)\s+(?P<who>(?:[a-z]+\s+){0,2}?" + _PEOPLE_NOUN + r")\s+(?:will\s+)?"
    r"(?P<v2>follows?\s+up\s+(?:with|on)|calls?|visits?|contacts?|coach(?:es)?|chases?"
    r"|checks?\s+in\s+with)\s+(?:them|those|these)(?:\s+(?:personally|directly|first))?)"
    r"\s*(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# What lets records through before such a clause: a keep word or a ranking
_PASSED_BEFORE = re.compile(
    r"\b(?:keep|keeps|only|retain|top|bottom|lowest|highest|fewest|most|least)\b", ICASE
)


def kept_followup(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what people do with the records a keep
    filter or ranking just before lets through (see _KEPT_FOLLOWUP); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    for m in _KEPT_FOLLOWUP.finditer(text, left, min(len(text), right + 1)):
        if m.start() > start or m.end() < end or "\x00" in masked[m.start("open") : m.end()]:
            continue
        at = m.start("open")
        if not masked[:at].rstrip(" ,").endswith("\x00"):
            continue  # (the clause it points back at, read, comes right before)
        if (m["open"] == "(") != (m["close"] == ")"):
            continue  # (an aside closes where it opened; a comma clause ends its sentence)
        if not _PASSED_BEFORE.search(text, left, at):
            continue
        # ("the field officers", "our field crew": people who work out in the field, never a
        # record's field)
        who = re.sub(rf"\bfield\s+(?={_PEOPLE_NOUN}$)", "", m["who"] or "", flags=ICASE)
        verb = (m["v"] or "") + " " + who
        if _STEP_WORDS.search(verb) or _ACTION.search(verb) or _QUALIFIER.search(verb):
            continue  # ("those need dropping", "the test team calls them")
        return text[at + 1 : m.end()].strip(" .;!)")
    return None


# --- Which records are wanted, said in words the filters' values say again -----------------
#
# "we don't care about walk-ins or cancellations" before "drop services where booking_type is
# walk_in or cancelled"; "The vet team wants the dogs only, so keep intakes where species is
# dog"; "Write the fatal crashes to ClickHouse ..." after "keep only reports where severity =
# 'fatal'". The words name the values of a filter the request states (a plural, a hyphen for
# '_', "cancellations" for 'cancelled'), on the same side (kept or dropped), and all of the
# filter's values: they select nothing the filter does not. Any other word ("science frames",
# "the cats" after "species is not dog") leaves the clause unread.


@dataclass(frozen=True)
class FilterFacts:
    """What the request's filters and sinks say, for the context readers that check a sentence
    against them: the plain values each filter keeps ("k") or drops ("d"), the side and bound of
    the records each filter leaves out, and whether the request has one sink."""

    values: tuple[tuple[str, int, str], ...] = ()  # (side, filter index, value)
    left_out: frozenset[tuple[str, float]] = frozenset()  # ("lo" | "hi", bound)
    one_sink: bool = False
    # the bounds a filter keeps with the bound itself: ("hi", -80.0) when it keeps >= -80
    kept_edges: frozenset[tuple[str, float]] = frozenset()


def filter_facts(conds: list[Cond], sinks: int) -> FilterFacts:
    """The FilterFacts of a parse's conditions and number of sinks."""
    values = tuple(
        (side, i, value.lower()) for i, c in enumerate(conds) for side, value in _selection(c)
    )
    left_out = frozenset(b for b in map(left_out_bound, conds) if b is not None)
    edges = frozenset(b for b in map(kept_edge, conds) if b is not None)
    return FilterFacts(values, left_out, sinks == 1, edges)


def kept_edge(cond: Cond) -> tuple[str, float] | None:
    """The side `cond` keeps and its bound when the bound itself is kept (("hi", -80.0) for a
    keep of >= -80 or a drop of < -80); None for any other condition."""
    bound = left_out_bound(cond)
    inclusive = (cond.op in ("ge", "le")) != cond.negate
    if bound is None or not inclusive:
        return None
    return ("hi" if bound[0] == "lo" else "lo"), bound[1]


def _selection(cond: Cond) -> list[tuple[str, str]]:
    """The plain text values `cond` keeps ("k") or drops ("d"); none for any other condition."""
    values = cond.value if isinstance(cond.value, list | tuple) else [cond.value]
    if cond.items or cond.op not in ("eq", "in", "ne", "not_in"):
        return []
    if not values or not all(isinstance(v, str) and re.fullmatch(r"[\w-]+", v) for v in values):
        return []
    side = "d" if (cond.op in ("ne", "not_in")) != cond.negate else "k"
    return [(side, v) for v in values]


# the endings a word naming a value may add to the value's root ("cancellations" of
# 'cancelled', "rejections" of 'rejected', "refunds" of 'refunded', "dogs" of 'dog')
_VALUE_ENDINGS = ("", "s", "es", "ion", "ions", "ation", "ations", "lation", "lations")


def _names_value(word: str, value: str) -> bool:
    """`word` (a plain word of the request) names the filter value `value`."""
    word, value = word.lower().replace("-", "_"), value.lower().replace("-", "_")
    if value in (word, singular(word), word[:-1] if word.endswith("s") else word):
        return True
    for ending in ("led", "ed", "d", "ing"):
        root = value[: -len(ending)] if value.endswith(ending) else ""
        if len(root) >= 4 and any(word == root + e for e in _VALUE_ENDINGS):
            return True
    return False


# what the records are called besides the values ("the fatal crashes", "dog intakes")
_RECORD_WORDS = word_set("records events rows messages entries items ones data readings scans")


_AND_OR = word_set("and or")


def _values_named(words: list[str], side: str, filters: FilterFacts, rest: str) -> bool:
    """Each of `words` names a value of a filter on `side` ("k" kept, "d" dropped), every value
    of each such filter is named, and only the last word may be the records' noun instead."""
    found = filters.values
    named: set[tuple[int, str]] = set()
    for n, word in enumerate(words):
        hits = {(i, v) for s, i, v in found if s == side and _names_value(word, v)}
        if hits:
            named |= hits
            continue
        stem = singular(word.lower())
        last = n == len(words) - 1 and n > 0
        # (the records' noun: a generic one, or one the request names otherwise: "crashes"
        # with the topic crash-reports)
        if last and (word.lower() in _RECORD_WORDS or re.search(rf"(?<![a-z]){stem}", rest)):
            continue
        return False
    indexes = {i for i, _v in named}
    return bool(named) and all((i, v) in named for s, i, v in found if i in indexes and s == side)


_SEL_WHO = (
    rf"(?:we|i|they|(?:the|our)\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PEOPLE_NOUN}"
    r"|(?-i:[A-Z][a-z]+)(?:\s+(?:team|folks|people))?)"
)
_SEL_LIST = (
    r"(?P<w>[a-z][\w-]*(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s+)[a-z][\w-]*){0,4}?)"
)
# "we (only) care about X", "the vet team wants the X only", "we don't care about X", "we're
# not interested in X": a clause of its own (cut at a colon before it and a comma after it)
_WANTED = re.compile(
    r"\s*(?:[-*\u2022]\s*)?(?:(?:so|and|but|also|honestly|really)\s+)?"
    + r"(?:"
    + _SEL_WHO
    + r"\s+|(?=were\s))(?:"
    r"(?P<neg>don'?t|do\s+not|doesn'?t|does\s+not|never)\s+(?:really\s+)?"
    r"(?:care\s+about|want|need)"
    r"|(?:'re|are|is|'s)\s+(?P<neg2>not\s+|never\s+)?(?:only\s+|just\s+)?(?:interested\s+in|after)"
    r"|(?P<neg3>aren'?t|isn'?t)\s+(?:interested\s+in|after)"
    # ("were not interested in comps": "we're" typed without its apostrophe)
    r"|were\s+(?P<neg4>not\s+)?(?:only\s+|just\s+)?(?:interested\s+in|after)"
    r"|(?:only\s+|just\s+|really\s+)?(?:care|cares)\s+about"
    r"|(?:only\s+|just\s+)?(?:want|wants|need|needs)"
    r")\s+(?:(?:about\s+)?(?:the|any|all(?:\s+the)?)\s+)?" + _SEL_LIST + r"(?:\s+only)?\s*",
    ICASE,
)
# "Write the fatal crashes to ClickHouse ...": the records a sink writes, named by a keep
# filter's value (the store after "to" read by the sink; the request's only sink, as beside
# another one the words may route some records)
_SINK_VERB_BEFORE = re.compile(
    r"\b(?:write|send|print|push|publish|store|load|put|land|forward|emit|deliver|show|output"
    r"|stream|save|dump|insert)\s+(?:(?:all\s+)?the\s+|those\s+|these\s+|all\s+)?\Z",
    ICASE,
)


def selection_said_again(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The clause around [start, end) when it only names records by the values of a filter
    the request states (see _WANTED, _SINK_VERB_BEFORE); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    colon = text.rfind(":", left, start)
    if colon >= 0 and "\x00" in masked[left:colon]:
        left = colon + 1  # ("salon-services topic: we don't care about ...")
    stop = re.compile(r"[,:(]|\s[-\u2013\u2014]\s").search(text, end, right)
    clause_end = stop.start() if stop else right
    rest = (text[:left] + " " + text[clause_end:]).lower()
    m = _WANTED.fullmatch(text, left, clause_end)
    if m and "\x00" not in masked[left:clause_end] and end <= clause_end:
        side = "d" if m["neg"] or m["neg2"] or m["neg3"] or m["neg4"] else "k"
        words = [w for w in re.findall(r"[a-z][\w-]*", m["w"], ICASE) if w.lower() not in _AND_OR]
        if _values_named(words, side, filters, rest):
            return text[left:clause_end].strip()
    # the sink's object: right after a send verb read, before "to <store>" or the sentence end
    verb = _SINK_VERB_BEFORE.search(text, left, start)
    # (the records' noun may follow, read as filler: "write the error logs to ...")
    after = re.match(r"(?P<n>\s*[a-z][\w-]*)?\s+(?:to|into|onto)\s+(?:the\s+)?\x00", masked[end:])
    if verb and after and filters.one_sink:
        words = re.findall(r"[a-z][\w-]*", text[start : end + len(after["n"] or "")], ICASE)
        if _values_named(words, "k", filters, (text[:start] + " " + text[end:]).lower()):
            return text[start:end].strip()
    return None


# --- What a filter leaves out, said before it with its bound ---------------------------------
#
# "Anything under 50 grams is just trimmings, so please only keep weigh-ins with grams of at
# least 50", "Readings above 120 are sensor faults. Keep readings where db < 120.": the records a
# filter of the request leaves out, named by the same bound on the same side (checked against
# the filters' bounds, `left_out_bound`), and what they are in plain words (no step, negation or
# route). A unit word must be said again (in a field's name: "grams", "kg" of weight_kg).
_LOW_WORDS = r"under|below|less\s+than|lower\s+than|smaller\s+than|fewer\s+than"
_HIGH_WORDS = r"over|above|more\s+than|higher\s+than|bigger\s+than|greater\s+than|larger\s+than"
_LEFT_OUT_FIRST = re.compile(
    r"\s*(?:[-*\u2022]\s*)?(?:anything|everything|any\s+[a-z]+|(?:the\s+)?[a-z]+s)\s+"
    rf"(?:(?P<lo>{_LOW_WORDS})|{_HIGH_WORDS})\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>%|[a-z]+)?\s+"
    r"(?:is|are)\s+(?:(?:just|only|probably|usually|always|mostly|basically|all)\s+)?"
    r"(?:an?\s+)?(?P<w>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})"
    r"(?:\s*,\s*so\s+(?:please\s+)?(?:(?:we|i)\s+)?(?:(?:only|just)\s+)?)?\s*",
    ICASE,
)


def left_out_bound(cond: Cond) -> tuple[str, float] | None:
    """The side and bound of the records `cond` leaves out (("lo", 50.0) when it keeps
    grams >= 50); None for a condition with no single number."""
    if cond.items or cond.op not in ("gt", "ge", "lt", "le"):
        return None
    if isinstance(cond.value, bool) or not isinstance(cond.value, int | float):
        return None
    side = "lo" if (cond.op in ("gt", "ge")) != cond.negate else "hi"
    return side, float(cond.value)


def left_out_first(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The sentence or clause around [start, end) when it only says what the records a filter
    of the request leaves out are, with the filter's own bound (see _LEFT_OUT_FIRST)."""
    left, right = sentence_bounds(text, start, end)
    stop = masked.find("\x00", end, right)
    stop = right if stop < 0 else stop
    m = _LEFT_OUT_FIRST.fullmatch(text, left, stop)
    if not m or "\x00" in masked[left:stop] or not left <= start <= end <= stop:
        return None
    side = "lo" if m["lo"] else "hi"
    if (side, float(m["n"])) not in filters.left_out:
        return None  # (another bound, or the side the filter keeps)
    unit = (m["unit"] or "").lower()
    said = (text[:left] + " " + text[stop:]).lower()
    if unit and unit != "%" and unit not in said:
        return None  # ("anything under 50 kg" with no weight in kg said)
    # (a judgement, "junk", "noise", is what they are; a step or a route would say more)
    words = m["w"]
    if _STEP_WORDS.search(words) or _NEGATION.search(words) or _CONTRACTED.search(words):
        return None
    if set(words.lower().split()) & (_NOT_CAUSE | _DESTINED):
        return None
    return text[left : m.end("w")].strip()


# "only direction = 'out' (the 'in' ones are noisy)", "Filter: reason not in ('label', 'cap') --
# those are handled on the line", "only qty_kg < 2000 (bigger ones go through sales manually)":
# what the records a filter just read leaves out are, or who deals with them instead. The
# records are named by a quoted value the condition leaves out, by "those" after a condition
# that names the values it leaves out, or by a comparative pointing past the filter's bound.
_HANDLED_ELSE = (
    r"(?:(?:are|is|get|gets)\s+(?:(?:already|usually|all|always)\s+)?(?:handled|dealt\s+with"
    r"|processed|checked|reviewed|sorted\s+out|tracked|covered|booked|done)|(?:go|goes)\s+through)"
    r"\s+(?:(?:on\s+the\s+(?:line|floor|spot)|elsewhere|separately|manually|by\s+hand|offline"
    r"|in\s+person|(?:by|with|through)\s+(?:the\s+|our\s+)?[a-z]+(?:\s+(?:team|desk|office))?"
    r"|(?:the\s+|our\s+)?[a-z]+(?:\s+(?:team|desk|office))?\s+(?:manually|by\s+hand))"
    r"(?:\s+(?:manually|by\s+hand|instead|anyway))?)"
)
_LEFT_OUT_WHY = re.compile(
    # ("... is tow_away or courier - those are handled elsewhere": a spaced hyphen as a dash)
    r"(?P<open>\(|--|\u2014|\u2013|,|(?<=\s)-(?=\s))\s*(?:the\s+(?P<v>'[^']+'|\"[^\"]+\")\s+ones\s+(?:are|is)\s+"
    r"(?:(?:just|mostly|all|usually|only)\s+)?(?P<j>[a-z]+(?:\s+[a-z]+){0,2}?)"
    rf"|(?P<those>those|these|they)\s+{_HANDLED_ELSE}"
    # ("exclude reason 'wrong size' (we know about those)": the records left out are known
    # already, said of "those" by the people asking)
    r"|(?:we|i)(?:\s+(?:already|all))?\s+(?:know\s+(?:about|of)|(?:'re|\s+are)\s+(?:already\s+)?aware"
    r"\s+of)\s+(?P<known>those|these|them)(?:\s+(?:already|ones))?"
    rf"|(?:the\s+)?(?P<cmp>[a-z]+)\s+ones\s+{_HANDLED_ELSE})"
    # (", write to stdout": the next step after a comma, when a dash opened the remark)
    r"\s*(?P<close>\)|[.;!](?=\s|$)|$|(?<=[a-z]),(?=\s))",
    ICASE,
)
# A condition on a field just before such a clause: its operator and values
_LAST_CONDITION = re.compile(
    r"(?P<op>!=|<>|==?|\bis\s+not\b|\bnot\s+in\b|\bin\b|\bis\b)\s*\(?\s*"
    # ("is tow_away or courier": the values joined by "or" too)
    r"(?P<vals>(?:'[^']*'|\"[^\"]*\"|[\w.-]+)(?:(?:\s*,\s*(?:or\s+)?|\s+or\s+)(?:'[^']*'|\"[^\"]*\"|[\w.-]+))*)"
    r"\s*\)?\s*(?:(?:pls|please|only)\s*)?$",
    ICASE,
)


# A drop verb, a field's name and the quoted values it drops, ending the words before an aside
_DROPPED_LISTED = re.compile(
    r"\b(?:ignor|drop|skip|discard|remov|exclud|reject)\w*\s+(?:the\s+)?[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
    r"\s+(?:'[^']*'|\"[^\"]*\")(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
    r"(?:'[^']*'|\"[^\"]*\"))*$",
    ICASE,
)


def _left_out_values(before: str) -> tuple[bool, set[str]] | None:
    """For the condition ending `before`: whether the values it names are the ones left out,
    and those values (unquoted, lower case); None when no such condition ends it."""
    m = _LAST_CONDITION.search(before.rstrip(" ,"))
    listed = None if m else _DROPPED_LISTED.search(before.rstrip(" ,"))
    if listed:  # ("exclude return_reason 'wrong size' and 'changed mind'": values dropped)
        quoted = re.findall(r"'([^']*)'|\"([^\"]*)\"", listed[0])
        return True, {(a or b).lower() for a, b in quoted}
    if not m:
        return None
    values = {
        v.strip().strip("'\"").lower() for v in re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", m["vals"])
    }
    negative = bool(re.match(r"!=|<>|is\s+not|not\s+in", m["op"], ICASE))
    dropped = bool(_DROPPED_BEFORE.search(before)) and not _KEPT_BEFORE.search(before)
    return negative != dropped, values


def left_out_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what the records a filter just before
    leaves out are or who handles them instead (see _LEFT_OUT_WHY); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    for m in _LEFT_OUT_WHY.finditer(text, left, min(len(text), right + 1)):
        if m.start() > start or m.end() < end:
            continue
        at = m.start("open")
        if (m["open"] == "(") != (m["close"] == ")"):
            continue  # (an aside closes where it opened)
        if m["close"] == "," and m["open"] not in ("-", "--", "\u2014", "\u2013"):
            continue  # (a comma ends only a dash's remark)
        if (
            not re.sub(r"(?:\s+(?:pls|please|plz))+\s*$", "", masked[:at])
            .rstrip(" ,")
            .endswith("\x00")
        ):
            continue  # (the filter's condition, read, comes right before; "pls" may follow it)
        if _left_out_ok(text, m, left, at):
            return text[at : m.end()].strip(" -,.;!()\u2014\u2013")
    return None


def _left_out_ok(text: str, m: re.Match[str], left: int, at: int) -> bool:
    """Whether the records `m` names are ones the condition before `at` leaves out, and its
    words select nothing more."""
    before = text[left:at]
    said = (m["j"] or "") + " " + text[m.end("cmp") if m["cmp"] else at : m.end()]
    if re.search(
        r"[\d_`]|\b(?:topic|topics|table|kafka|redis|clickhouse|stdout|console|sink)\b", said, ICASE
    ):
        return False  # (a route of their own: "bigger ones go through topic x")
    if set(said.lower().split()) & (_NOT_CAUSE | _DESTINED) or _NEGATION.search(said):
        return False
    if m["cmp"]:
        comparative = m["cmp"].lower()
        bound = _UPPER_BOUND if comparative in MORE_COMPARATIVES else None
        bound = _LOWER_BOUND if comparative in LESS_COMPARATIVES else bound
        return (
            bound is not None and bool(_KEPT_BEFORE.search(before)) and bool(bound.search(before))
        )
    named = _left_out_values(before)
    if named is None:
        return False
    values_left_out, values = named
    if m["those"] or m["known"]:
        return values_left_out  # ("those" are the values the condition names)
    if re.search(r"\b(?:go|goes|sent|send|route\w*|forward\w*)\b", m["j"], ICASE):
        return False
    quoted = m["v"].strip("'\"").lower()
    return (quoted in values) == values_left_out


# "only show groups where hint_count is more than 3 -- those are the teams that are really
# stuck", "keep temp_c > 90 (these are the kilns that run hot)": what the records a filter (or a
# having) just kept ARE, one judgement word; it names them, it selects nothing more. Also the
# word before "ones": "keep gust_kmh >= 40 (those are the unsafe ones)"
_KEPT_JUDGED = re.compile(
    r"(?P<open>\(|--|\u2014|\u2013|,)\s*(?:those|these|they)(?:'re|\s+are)\s+"
    r"(?:(?:just|exactly|basically|usually|probably)\s+)?the\s+(?:(?P<noun>[a-z]+)\s+(?:that|which|who)"
    r"\s+(?:are|is|get|gets|seem|seems|run|runs)\s+(?:(?:really|very|properly|genuinely|actually"
    r"|truly|badly|totally|seriously)\s+)?(?:(?:running|getting|going)\s+)?(?P<j>[a-z]+)"
    r"|(?:(?:really|very|properly|genuinely|truly|seriously)\s+)?(?P<j2>[a-z]+)\s+ones)"
    r"(?:\s+(?:lol|haha|tbh|imo))?\s*[!.]*\s*(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)


def _asides_after_read(
    pattern: re.Pattern[str], text: str, masked: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """The matches of `pattern` (its groups `open` and `close`) in the sentence around [start,
    end) that hold the whole run, close as they open, and come right after words a recogniser
    read (the condition or the ranking they remark on)."""
    left, right = sentence_bounds(text, start, end)
    for m in pattern.finditer(text, left, min(len(text), right + 1)):
        if m.start() > start or m.end() < end:
            continue
        if (m["open"] == "(") != (m["close"] == ")"):
            continue  # (an aside closes where it opened)
        if masked[: m.start("open")].rstrip(" ,").endswith("\x00"):
            yield m


def kept_judged(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The aside around [start, end) when it only says what the records a filter just kept
    are (see _KEPT_JUDGED); None otherwise."""
    if "filtered" not in facts.split():
        return None
    for m in _asides_after_read(_KEPT_JUDGED, text, masked, start, end):
        judged = (m["j"] or m["j2"]).lower()
        if _QUALIFIER.fullmatch(judged) or _NEGATION.search(m[0]) or judged in _STEP_NOUNS:
            continue  # ("those are the orders that are premium": which ones, maybe)
        return text[m.start("open") : m.end()].strip(" -,.;!()\u2014\u2013")
    return None


# Words after "those are the x that are" that would be a step, never a judgement
_STEP_NOUNS = word_set("sent dropped kept written stored filtered removed deleted routed")


# "keep only readings where abv_est > 14 (those batches are getting too strong)", "keep the 5
# enclosures with the lowest avg_uvb — those lamps need replacing", "only emit the hours where
# bottles is under 200 — that means the line stalled", "keep the 3 gardens with the lowest
# weekly_litres (they're probably under-watered)": a remark on the records a filter, a
# having or a top-N just kept, in plain words: what they mean, never which ones or where to.
_KEPT_REMARK = re.compile(
    r"(?P<open>\(|--|\u2014|\u2013|(?<=\s)-(?=\s))\s*(?:(?:those|these)(?:\s+(?P<noun>[a-z]+))?"
    # ("(they're probably under-watered)": the kept records, as a pronoun)
    r"|they(?:'re|\u2019re|(?=\s+are\b))"
    r"|(?:that|which|this)\s+(?:means|signals|indicates))"
    r"\s+(?P<w>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){1,5}?)\s*[.!]?\s*"
    r"(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# Words that would place, qualify or route the records the remark is about ("those are in
# europe", "those go to ops"): the remark may then select or send, so it is left unread
_REMARK_PLACES = word_set("in on at from with by per of within for to into onto via towards")
# "need replacing", "needs checking": what people must do about the records, no requirement on
# the pipeline (the word after it is still checked)
# ("those bells need the tuner", "those need a technician": a person to see to them, whose
# name the word checks still read)
_NEEDS_DOING = re.compile(
    r"\bneeds?\s+(?=[a-z]+ing\b|(?:the|a|an)\s+[a-z]+(?:er|or|ist|ian)s?\s*$)", ICASE
)


def _remark_plain(noun: str, words: str) -> bool:
    """Whether a remark's noun ("those batches") and words ("are getting too strong") name no
    step, selection, negation, place or route. The noun after "those" is the records' plural
    noun, so only words that would pick some of them count there ("those premium orders")."""
    if noun and (
        not noun.lower().endswith("s") or _NEGATION.search(noun) or _QUALIFIER.search(noun)
    ):
        return False
    words = _NEEDS_DOING.sub("", words)
    # ("under-watered", "over-priced": one adjective, never a comparison's "under" or "over")
    words = re.sub(r"\b(?:under|over)-(?=[a-z])", "", words, flags=ICASE)
    if any(
        p.search(words)
        for p in (_STEP_WORDS, _ACTION, _NEGATION, _CONTRACTED, _SELECTION, _QUALIFIER)
    ):
        return False
    return not set(f"{noun} {words}".lower().split()) & (_REMARK_PLACES | _NOT_CAUSE)


def kept_remark(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The remark around [start, end) when it only says what the records a filter, a having or
    a top-N read just before it keeps mean (see _KEPT_REMARK); None otherwise."""
    if not {"filtered", "ranked"} & set(facts.split()):
        return None
    for m in _asides_after_read(_KEPT_REMARK, text, masked, start, end):
        if not _remark_plain(m["noun"] or "", m["w"]):
            continue
        return text[m.start("open") : m.end()].strip(" -,.;!()\u2014\u2013")
    return None


# "only the windows where max_temp > 6 (anything above 6 °C is a problem for red cells)",
# "keep orders with total over 500 (anything over 500 is worth a second look)": what the
# records a comparison just read KEEPS are, said in an aside right after it with the same
# number on the same side. A judgement in plain words; a step, a route, a negation, another
# number or a field name would say more, and leaves the aside unread.
_KEPT_SIDE_ASIDE = re.compile(
    r"\(\s*(?:anything|everything|any\s+[a-z]+|(?:the\s+)?[a-z]+s)\s+"
    rf"(?:(?P<lo>{_LOW_WORDS})|{_HIGH_WORDS})\s+(?P<n>-?\d+(?:\.\d+)?)\s*"
    r"(?P<unit>%|\u00b0\s*[cf]|[a-z]+)?\s+"
    r"(?:is|are|means|=)\s+(?:(?:already|just|probably|usually|basically|definitely|clearly)\s+)?"
    r"(?:an?\s+)?(?P<w>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,6}?)\s*[.!]?\s*\)",
    ICASE,
)
# the comparison closing the words read just before the aside: which side it keeps, its number
_KEPT_BY = re.compile(
    r"(?:(?P<hi>>=?|\b(?:above|over|more\s+than|greater\s+than|higher\s+than|at\s+least"
    r"|exceeds?))|(?P<lo><=?|\b(?:below|under|less\s+than|lower\s+than|at\s+most)))"
    r"\s*(?P<n>-?\d+(?:\.\d+)?)\s*(?:%|\u00b0\s*[cf]\b|[a-z]+\b)?\s*$",
    ICASE,
)


def kept_side_judged(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says what the records the comparison read
    just before keeps are, with its own number and side (see _KEPT_SIDE_ASIDE)."""
    found = _aside_after_read(text, masked, start, end, _KEPT_SIDE_ASIDE)
    if found is None:
        return None
    open_, m = found
    kept = _KEPT_BY.search(text[sentence_bounds(text, open_, open_)[0] : open_].rstrip())
    if kept is None or float(kept["n"]) != float(m["n"]):
        return None
    if bool(kept["lo"]) != bool(m["lo"]):
        return None  # ("> 6 (anything under 6 is fine)": the records left out, not these)
    unit = re.sub(r"\s+", "", (m["unit"] or "").lower())
    rest = (text[:open_] + " " + text[m.end() :]).lower()
    if unit.startswith("\u00b0"):
        unit = "_" + unit[1:]  # ("6 °C" over a field temp_c: the unit its name says)
    if unit and unit != "%" and unit not in rest:
        return None  # ("anything above 6 kg" with no weight in kg said)
    words = m["w"]
    if _STEP_WORDS.search(words) or _ACTION.search(words) or _NEGATION.search(words):
        return None
    if _CONTRACTED.search(words) or _QUALIFIER.search(words):
        return None
    if set(words.lower().split()) & (_NOT_CAUSE | word_set("to into onto via towards")):
        return None  # ("is sent to ops", "is and stays bad"): a route or more records
    return m.group(0).strip("() ")


# "Disregard pings with a signal_strength weaker than -80 (keep -80 and stronger)", "drop
# readings below 5 (5 itself is fine)", "keep qty <= 10 (10 and under are ok)": an aside right
# after a comparison that says its bound is kept, and on which side: read only when a filter
# keeps exactly that (the bound itself and that side), so it says nothing more.
# (sorted: a pattern's text must not depend on a set's per-process order, see lazy_re)
_MORE_SIDE = "|".join(
    sorted(MORE_COMPARATIVES | word_set("above up upwards over more stronger pricier"))
)
_LESS_SIDE = "|".join(
    sorted(LESS_COMPARATIVES | word_set("below under down downwards less fewer weaker"))
)
_BOUND_KEPT = re.compile(
    r"\(\s*(?:i\.e\.\s*,?\s*|so\s+)?(?:(?P<keep>keep(?:ing)?|including|incl\.?)\s+)?"
    r"(?P<n>[-\u2212]?\d+(?:\.\d+)?)\s*(?:%|\u00b0\s*[cf]\b|[a-z]+\b)?\s*"
    rf"(?:(?:and|or|&)\s+(?:(?P<hi>{_MORE_SIDE})|(?P<lo>{_LESS_SIDE}))\b|(?P<self>itself))"
    r"(?:\s+(?:is|are|stays?|counts?)\s+(?:still\s+)?(?P<fine>fine|ok|okay|kept|good|in"
    r"|included|allowed))?\s*[.!]?\s*\)",
    ICASE,
)


def bound_kept_again(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The aside around [start, end) when it only says again that the bound of the comparison
    read just before it is kept, and on which side (see _BOUND_KEPT); None otherwise."""
    found = _aside_after_read(text, masked, start, end, _BOUND_KEPT)
    if found is None:
        return None
    _open, m = found
    if not (m["keep"] or m["fine"]) or (m["self"] and not m["fine"]):
        return None  # ("(-80 and stronger)": kept or dropped? "(5 itself)": which way?)
    bound = float(m["n"].replace("\u2212", "-"))
    sides = ["hi"] if m["hi"] else ["lo"] if m["lo"] else ["hi", "lo"]
    if not any((side, bound) in filters.kept_edges for side in sides):
        return None  # (another bound, the side left out, or the bound itself left out)
    return m.group(0).strip("() ")


# --- What a filter leaves out, said in plain words before its condition in parentheses ---------
#
# "ignore waits of an hour or more (keep wait_seconds under 3600)", "skip trips of 2 km or
# longer (trip_m < 2000)": the records left out, as a noun the field's name holds and a
# duration or length with its side, then the filter itself in parentheses (read). The plain
# words are accepted when the filter leaves out that side from that very bound, the quantity
# turned into the unit the field's name ends in.
_LEFT_OUT_PLAIN = re.compile(
    r"\s*(?:ignore|skip|drop|exclude|discard|leave\s+out|remove)\s+(?:the\s+|any\s+|all\s+)?"
    r"(?P<noun>[a-z]+s)\s+(?:of\s+)?(?P<n>an?|one|\d+(?:\.\d+)?)\s+(?P<unit>[a-z]+?)s?\s+"
    r"(?:or\s+(?P<more>more|longer|over|above)|or\s+(?P<less>less|shorter|under|below))\s*",
    ICASE,
)
_UNIT_SIZE = {
    "ms": 0.001, "millisecond": 0.001, "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0,
    "seconds": 1.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0,
    "hour": 3600.0, "hours": 3600.0, "day": 86400.0, "days": 86400.0,
}  # fmt: skip
_PAREN_FIELD = re.compile(
    r"\s*\(\s*(?:(?:keep|only)\s+(?:only\s+)?)?(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b"
)


def left_out_plain_then_filter(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The words [start, end) when they only say in plain words what the filter in the
    parentheses right after them leaves out (see _LEFT_OUT_PLAIN)."""
    m = _LEFT_OUT_PLAIN.fullmatch(text, start, end)
    paren = _PAREN_FIELD.match(text, end)
    if m is None or paren is None:
        return None
    close = text.find(")", end)
    if close < 0 or any(c not in "\x00 ()" for c in masked[paren.start("f") : close]):
        return None  # (the condition in the parentheses, read whole)
    field = paren["f"]
    parts = field.split("_")
    if singular(m["noun"].lower()) not in parts[:-1]:
        return None  # ("ignore trips of ..." on wait_seconds: other records)
    said, own = _UNIT_SIZE.get(m["unit"].lower()), _UNIT_SIZE.get(parts[-1])
    if said is None or own is None:
        return None  # (a unit the field's name does not say: no bound to check)
    n = 1.0 if m["n"].lower() in ("a", "an", "one") else float(m["n"])
    side = "hi" if m["more"] else "lo"
    bound = n * said / own
    if (side, bound) not in filters.left_out:
        return None
    if ("lo" if side == "hi" else "hi", bound) in filters.kept_edges:
        return None  # ("an hour or more" left out, the hour itself kept: which?)
    return text[start:end].strip()


# --- What a filter leaves out, named as a heading before a colon ------------------------------
#
# "drop routine ones: keep visits whose visit_type is not in (routine, vaccination)", "- ignore
# comp tickets: only price >= 5": a drop verb and a short name of the records left out, then a
# colon and the filter itself (read), which says which ones those are. The name is accepted when
# a word of it is a value a filter drops, or, when no filter names text values (a bound only:
# "price >= 5"), when its words are plain ones (no step, number or field): it says in words what
# the bound leaves out (listed as context). A name that is none of the values a filter drops
# ("skip test machines: keep machine_state != 'idle'") or one of those kept stays unread.
_DROPPED_LABEL = re.compile(
    r"\s*(?:[-*\u2022]\s*)?(?:(?:and|then|but|so)\s+)?(?:please\s+)?"
    r"(?:drop|ignore|skip|exclude|discard|remove|leave\s+out|filter\s+out|throw\s+out)\s+"
    r"(?:the\s+|any\s+|all\s+)?(?P<w>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
    r"(?:\s+(?P<n>ones|[a-z]+s))?\s*:\s*",
    ICASE,
)
# What the words after the colon start with: a filter's own
_FILTER_AFTER_COLON = re.compile(
    r"(?:keep|keeps|only|retain|pass|let\s+through|drop|skip|ignore|exclude|remove|discard"
    r"|filter(?:\s+out)?|where|whose)\b",
    ICASE,
)
# Names of records that another step leaves out, never a filter's
_LABEL_NOT_FILTERED = word_set(
    "duplicate duplicates dupes dupe repeats repeated late stale old older malformed bad broken"
    " invalid unparseable"
)


def dropped_label_then_filter(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The words [start, end) when they only name, before a colon, the records the filter
    said right after the colon leaves out (see _DROPPED_LABEL)."""
    m = _DROPPED_LABEL.match(text, start)
    if m is None or not (filters.values or filters.left_out):
        return None
    # ("exclude cold firings: only keep peak_temp_c >= 900": "only" before the filter's verb)
    only = re.match(r"(?:only|just)\s+(?=keep|retain|pass)", text[m.end() :], ICASE)
    at = m.end() + (only.end() if only else 0)
    if at < end:
        return None
    colon = text.rfind(":", start, m.end())
    if any(c not in " \x00" for c in masked[end:colon]) and not re.fullmatch(
        r"\s*(?:ones|[a-z]+s)?\s*", text[end:colon], ICASE
    ):
        return None  # (the words up to the colon are the label's, unread or filler)
    after = masked[at : at + 1]
    if after != "\x00" or not _FILTER_AFTER_COLON.match(text, m.end()):
        return None  # (a filter, read, follows the colon)
    words = m["w"].lower().split()
    kept = [v for side, _i, v in filters.values if side == "k"]
    if any(_names_value(w, v) for w in words for v in kept):
        return None  # ("drop routine ones: keep visit_type = routine": which?)
    dropped = [v for side, _i, v in filters.values if side == "d"]
    if filters.values and not any(_names_value(w, v) for w in words for v in dropped):
        return None  # ("skip test machines: keep machine_state != 'idle'": other records)
    # (a word naming a value the filter drops is the filter's, whatever it looks like)
    plain = " ".join(w for w in words if not any(_names_value(w, v) for v in dropped))
    if (
        set(words) & _LABEL_NOT_FILTERED
        or _STEP_WORDS.search(plain)
        or _NEGATION.search(m["w"])
        or (m["n"] and _STEP_WORDS.search(m["n"]))
    ):
        return None
    return text[start : max(colon, end)].strip(" -*\u2022")


# "(confidence is a value between 0 and 1)", "(it's a number between 0 and 1)", or the
# sentence "confidence is always a decimal between 0 and 1.": the range a field's values come
# in, said to describe the field, never a filter (text.py leaves "a value between" unread)
_RANGE_DESCRIBED = re.compile(
    r"(?P<open>\(\s*)?(?:(?:it's|it\s+is|that's|that\s+is|(?:the\s+)?(?P<f>[A-Za-z_]\w*)\s+(?:is|are))\s+)?"
    r"(?:always\s+)?an?\s+(?:(?:decimal|whole|real|positive)\s+)?(?:value|number|float|fraction"
    r"|ratio|probability|percentage|integer|decimal)s?\s+between\s+-?[\d.]*\d\s+and\s+-?[\d.]*\d"
    r"(?(open)\s*\))",
    ICASE,
)


def range_described(
    text: str, masked: str, start: int, end: int, fields: frozenset[str]
) -> str | None:
    """The aside (or sentence) around [start, end) when it only says the range of values a
    field holds (see _RANGE_DESCRIBED): the field named (one the request reads), or, in an
    aside right after words a recogniser read, the field they compare; None otherwise."""
    open_ = text.rfind("(", 0, start + 1)
    if open_ >= 0 and ")" not in text[open_:start]:
        m = _RANGE_DESCRIBED.match(text, open_)
        after_read = masked[:open_].rstrip().endswith("\x00")
        if m and m.end() >= end and (_read_field(m, masked, fields) if m["f"] else after_read):
            return m.group(0).strip("() ")
    left, right = sentence_bounds(text, start, end)
    lead = len(text[left:right]) - len(text[left:right].lstrip())
    m = _RANGE_DESCRIBED.fullmatch(text[left:right].strip(), 0)
    if m and m["f"] and "\x00" not in masked[left:right]:
        m = _RANGE_DESCRIBED.match(text, left + lead)
        if m and _read_field(m, masked, fields):
            return m.group(0)
    return None


def _read_field(m: re.Match[str], masked: str, fields: frozenset[str]) -> bool:
    """Whether the field `m` names is one of `fields`, or one a recogniser read elsewhere."""
    name = m["f"]
    if name.lower() in fields:
        return True
    return any(
        masked[said.start()] == "\x00"
        for said in re.finditer(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", m.string)
        if not m.start() <= said.start() < m.end()
    )
