"""One-aside readers: an aside, clause or sentence saying again, or why, what a step just read does.

Each reader takes the run of words no recogniser read, `(text, masked, start, end[, facts])`, and
returns the words accepted as context (listed under the assumptions) or None: "(don't replay
history)" after the start offset (`offset_aside`), "(one per site)" after a topic pattern
(`layout_aside`), "(under-frequency events)" after a comparison (`label_aside`), "some of the
old PMUs send nulls" after a not-null condition (`nulls_why`), who reads the output
(`reader_of_output`, `sink_audience`), why exactly-once (`once_why`), why a field is kept out
(`withheld_asides`), ... The readers about the records a filter keeps or leaves out are in
filter_asides.py. `read_context` (at the end) tries each reader on every unread sentence, then
`is_context` (context.py); `context_asides` finds the asides in parentheses or dashes that are
context.
"""

from __future__ import annotations

from . import lazy_re as re
from .accounting import FILLER
from .context import (
    _ACTION,
    _CAPS,
    _DAY_NAMED,
    _LISTED,
    _NEGATION,
    _QUALIFIER,
    _SELECTION,
    _STEP_WORDS,
    _TIME_OF_DAY,
    _UNIT,
    QUALIFIER,
    STEP_WORDS,
    _bounds,
    _requirement_word,
    _selecting_word,
    context_segment,
    is_context,
    may_select,
    ones_unsaid,
)
from .filter_asides import (
    FilterFacts,
    bound_kept_again,
    cause_aside,
    dropped_label_then_filter,
    dropped_why,
    kept_followup,
    kept_judged,
    kept_remark,
    kept_side_judged,
    left_out_first,
    left_out_plain_then_filter,
    left_out_why,
    range_described,
    rest_why,
    selection_said_again,
)
from .lexicon import ROLE_NOUNS, singular, word_set
from .purpose import (
    _DETAILS_OF,
    _SOME_RECORDS,
    _ahead_name,
    _details_qualified,
    _said,
    _some_records,
    for_some_unsaid,
)
from .quantities import ICASE
from .sentences import sentence_bounds
from .windows import LINK_DROPS

# "(as depot)", "(call it depot)", "(renamed to depot)": a name given to what comes before
NAMING_ASIDE = re.compile(
    r"\s*(?:as|call(?:ed)?\s+it|called|named|renamed(?:\s+to)?|rename\s+(?:it\s+)?to)\s+"
    r"[A-Za-z_]\w*\s*\Z",
    ICASE,
)


def context_asides(text: str, masked: str) -> list[tuple[int, int]]:
    """Asides in parentheses that no recogniser read and that hold no requirement word: the
    recognisers read the request again without them ("drop the blob fields (too big)"). A list
    ("(gold, silver)", "(a or b)") is never one: it may be the values of a condition."""
    spans = []
    for m in re.finditer(r"\(([^()\n]{1,80})\)", text):
        if layout_aside(text, masked, m.start() + 1, m.end() - 1, read_inside=True):
            spans.append((m.start(), m.end()))  # "(one per site)": never a group-by
            continue
        if _LISTED.search(m.group(1)) or NAMING_ASIDE.match(m.group(1)):
            continue  # ("depot_code (as depot)": a column's new name, never context)
        if ones_unsaid(m.group(1), text[: m.start()], text[: m.start()] + " " + text[m.end() :]):
            continue  # "read shop.orders (the cancelled ones)": which orders, said only here
        if "\x00" not in masked[m.start() : m.end()] and is_context(m.group(1)):
            spans.append((m.start(), m.end()))
    return spans


# "(the docket text must not leave the court network)": why a field is kept out, said of a field
_WITHHELD = re.compile(
    r"\A\s*(?:the\s+)?(?P<subj>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)(?:\s+(?:field|column))?\s+"
    r"(?:must|should|may|can|is\s+to|are\s+to)(?:\s+not|\s+never|n't)\s+(?:ever\s+)?"
    r"(?:leave|go\s+out(?:side)?|get\s+out|be\s+(?:sent|published|shared|exposed|leaked"
    r"|included|exported|forwarded))\b(?:\s*,?\s+[A-Za-z][\w'-]*){0,8}\s*[.!]?\s*\Z",
    ICASE,
)


# "(the comment field is free text and we don't store it)": what the field is, then that it is
# not kept (plain lower-case words for what it is: no value, no name)
_WITHHELD_WHY = re.compile(
    r"\A\s*(?:the\s+)?(?P<subj>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)(?:\s+(?:field|column))?\s+"
    r"(?:is|are|'s)\s+(?P<why>(?:(?-i:[a-z][a-z-]*),?\s+){1,4}?)(?:and|so)\s+(?:we|i)\s+(?:don'?t|do\s+not"
    r"|never|won't|will\s+not|shouldn't|should\s+not|can't|cannot)\s+(?:store|keep|need|want"
    r"|save)\s+(?:it|them)\s*[.!]?\s*\Z",
    ICASE,
)


def _withheld(aside: str) -> re.Match[str] | None:
    """The aside says a field is kept out (`_WITHHELD`), or what it is and that it is not
    stored (`_WITHHELD_WHY`, its description no qualifier: "(the comment field is test data
    and we don't store it)" may say which records)."""
    said = _WITHHELD.match(aside)
    if said:
        return said
    said = _WITHHELD_WHY.match(aside)
    if said and not (_QUALIFIER.search(said["why"]) or _SELECTION.search(said["why"])):
        return said
    return None


def withheld_asides(text: str, kept: list[str], dropped: list[str]) -> list[tuple[int, int]]:
    """ "keeping only case_number, court and timestamp (the docket text must not leave the court
    network)": an aside saying a field must not go out, where a keep list leaves that field out
    or a drop list removes it; it says again what the projection does. Said of a kept field (or
    of one the drop list does not name), it stays unread (refused)."""
    kept_names = {k.lower() for k in kept}
    dropped_names = {d.lower() for d in dropped}
    spans = []
    for m in re.finditer(r"\(([^()\n]{1,100})\)", text):
        said = _withheld(m.group(1))
        if not said:
            continue
        subject = said.group("subj").lower()
        name = "_".join(subject.split())
        words = {w.removesuffix("s") for w in re.split(r"[\s_-]+", subject)}
        if dropped_names:
            withheld = name in dropped_names
        else:
            withheld = bool(kept_names) and not (
                name in kept_names
                or any(w == k or w == k.removesuffix("s") for w in words for k in kept_names)
            )
        if withheld:
            spans.append((m.start(), m.end()))
    return spans


# "Start from the latest offset (don't replay history)": an aside that says again where reading
# starts, right after the words that said it (read by the settings recogniser).
_OFFSET_BEFORE = {
    "latest": re.compile(
        # ("only new messages (no replay of history)")
        r"\b(?:latest|newest|end|now(?:\s+on)?|new\s+(?:messages|events|records|data|ones))"
        r"(?:\s+offsets?)?\s*$",
        ICASE,
    ),
    "earliest": re.compile(r"\b(?:earliest|beginning|start)(?:\s+offsets?)?\s*$", ICASE),
}
_OFFSET_ASIDE = {
    "latest": re.compile(
        r"(?:i\.?e\.?,?\s+|so\s+|=\s*)?(?:(?:don'?t|do\s+not|no|never|not|without|skip(?:ping)?"
        # ("no replay of old data")
        r"|ignore|ignoring)\s+(?:(?:replay(?:ing)?|reprocess(?:ing)?|re-?read(?:ing)?)(?:\s+of)?\s+)?"
        r"(?:the\s+"
        r"|any\s+)?(?:history|backlog|backfill(?:ing)?|replay(?:ing)?|reprocess(?:ing)?|old(?:er)?"
        r"(?:\s+(?:data|messages|events|records|stuff))?|existing\s+(?:data|messages|events|records))"
        r"(?:\s+(?:history|data|messages|events|records))?|only\s+new\s+(?:ones|messages|events"
        r"|records|data|stuff)"
        # ("(history doesn't matter here)": the old records said unneeded, subject first)
        r"|(?:the\s+)?(?:history|backlog|old(?:er)?\s+(?:data|messages|events|records))\s+"
        r"(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+matter(?:\s+(?:here|to\s+us|for\s+this))?"
        r"|(?:the\s+)?(?:history|backlog|old(?:er)?\s+(?:data|messages|events|records))\s+"
        r"(?:isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:needed|wanted|relevant|important))",
        ICASE,
    ),
    "earliest": re.compile(
        r"(?:i\.?e\.?,?\s+|so\s+|=\s*)?(?:(?:replay|reprocess|backfill|re-?read|include|read)"
        r"(?:\s+of)?\s+(?:all\s+(?:the\s+)?|the\s+(?:whole\s+|full\s+|entire\s+)?)?(?:everything|history"
        r"|backlog|topic|old\s+data|existing\s+data)|(?:full|whole|entire)\s+(?:history|replay"
        r"|backfill)|(?:replay|backfill)\s+everything|everything)",
        ICASE,
    ),
}


# "Start from the latest offsets, we don't need the backlog.": the same said as a clause of its
# own after a comma, a dash or a semicolon
_OFFSET_CLAUSE = {
    "latest": re.compile(
        r"(?:(?:we|i)\s+(?:don'?t|do\s+not)\s+(?:need|want|care\s+about)|(?:there's\s+|there\s+is\s+)?"
        r"no\s+need\s+(?:for|to\s+(?:replay|reprocess|re-?read|read))|(?:we|i)\s+(?:can|may)\s+skip)"
        r"\s+(?:the\s+|any\s+|all\s+the\s+"
        # ("we don't care about last month's backlog": a past span's, all of it before now)
        r"|(?:last|past)\s+(?:night|week|month|year|quarter|season)'s\s+|yesterday's\s+)?"
        r"(?:history|backlog|old(?:er)?\s+(?:data|messages|events"
        r"|records|stuff|(?P<noun>[a-z]{3,}s))|existing\s+(?:data|messages|events|records))",
        ICASE,
    ),
}


def _offset_clause(text: str, start: int, end: int) -> str | None:
    """The clause around [start, end), after a comma, a dash or a semicolon, when it only says
    again that reading starts at the latest offset, right after the words that said so."""
    sep = max(text.rfind(c, 0, start + 1) for c in ",;\u2013\u2014-")
    # (to the sentence's end, or a dash closing the aside: "- we don't care about old data -")
    stops = [text.find(c, end - 1) for c in (".", ";", "!", "?", ",", " - ", " \u2013", " \u2014")]
    stop = min((i for i in stops if i >= 0), default=len(text))
    # "we don't need old data, start from latest": the clause before the words saying it
    after = re.match(
        r"\s*(?:,|;|-|\u2013|\u2014)?\s*(?:so\s+|just\s+)?(?:start|begin|read|consume)\w*\s+"
        r"(?:(?:reading|consuming)\s+)?(?:from|at)\s+(?:the\s+)?(?:latest|end|now)\b",
        text[stop:],
        ICASE,
    )
    if after and re.search(r"[,;\u2013\u2014-]", text[stop : stop + after.end()]):
        clause = text[max(sep, text.rfind(".", 0, start + 1), 0) + 1 : stop].strip(" .")
        return clause if _old_said(text, _OFFSET_CLAUSE["latest"].fullmatch(clause)) else None
    if sep < 0 or not _OFFSET_BEFORE["latest"].search(text, 0, sep):
        return None
    clause = text[sep + 1 : stop].strip()
    # ("..., we don't care about last month's backlog lol": a laugh closing it says nothing)
    said = _LAUGH_AFTER.sub("", clause)
    if _old_said(text, _OFFSET_CLAUSE["latest"].fullmatch(said)):
        return clause
    return clause if _OFFSET_ASIDE["latest"].fullmatch(said) else None


def _old_said(text: str, m: re.Match[str] | None) -> bool:
    """Whether `m` says the old records need no reading: "old data", or "old alerts" when the
    source's name calls its records so ("enclosure.alerts"; any other noun may pick records by
    age or kind: "we don't care about old devices")."""
    if m is None or not m["noun"]:
        return m is not None
    noun = re.escape(m["noun"])
    return re.search(rf"[\w-]+[._-]{noun}\b(?![-_.]\w)", text, ICASE) is not None


# A chat laugh or hedge closing a clause ("... the backlog lol")
_LAUGH_AFTER = re.compile(r"\s+(?:lol|lmao|haha+|hehe+|tbh|imo)\s*[!.]*$", ICASE)


def offset_aside(text: str, start: int, end: int) -> str | None:
    """The aside in parentheses around [start, end) when it only says again where reading
    starts, right after the words that said it; None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return _offset_clause(text, start, end)
    inside = text[open_ + 1 : close].strip()
    for where, before in _OFFSET_BEFORE.items():
        clause = _OFFSET_CLAUSE.get(where)
        if before.search(text, 0, open_) and (
            _OFFSET_ASIDE[where].fullmatch(inside) or (clause and clause.fullmatch(inside))
        ):
            return text[open_ : close + 1]
    return None


# "every topic matching inverter-.* (one per solar farm site)", "(we create one per site)": how
# the sender's topics are laid out, right after the topic pattern (read already).
_PATTERN_BEFORE = re.compile(
    r"\b(?:topics?\s+(?:that\s+|which\s+)?(?:match(?:es|ing)?|start(?:s|ing)?\s+with|begin(?:s|ning)?"
    r"\s+with|prefixed\s+(?:with|by)|with\s+(?:the\s+)?prefix)\b[^()]*)$",
    ICASE,
)
# "from stock.weigh_ins_north and stock.weigh_ins_south (one per arena)": the topics read, listed
_TOPICS_LISTED_BEFORE = re.compile(
    r"\b(?:from|read(?:ing)?|consum(?:e|ing)|merg(?:e|ing)|topics)\s+(?:the\s+)?(?:kafka\s+)?"
    r"(?:topics\s+)?(?:[A-Za-z][\w-]*[._][\w.-]*\w\s*,\s*)*[A-Za-z][\w-]*[._][\w.-]*\w"
    r"(?:\s*,)?\s+and\s+(?:topic\s+)?[A-Za-z][\w-]*[._][\w.-]*\w\s*$",
    ICASE,
)
_LAYOUT_ASIDE = re.compile(
    r"(?:(?:we|they)\s+(?:create|have|run|use|add|spin\s+up|get|set\s+up|deploy|make|keep)\s+"
    r"|there(?:\s+is|'s)\s+)?(?:one|1|a|a\s+separate|a\s+new)\s+(?:topic\s+)?(?:per|for\s+each"
    r"|for\s+every|each)\s+(?:[A-Za-z][\w-]*\s*){1,3}",
    ICASE,
)


def layout_aside(
    text: str, masked: str, start: int, end: int, *, read_inside: bool = False
) -> str | None:
    """The aside in parentheses around [start, end) when it only says how the topics a pattern
    matches are laid out, right after that pattern; None otherwise. Unless `read_inside`, no
    recogniser may have read a word of it ("per site" is no group-by there: `context_asides`
    has the recognisers read the request again without it)."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if not read_inside and "\x00" in masked[open_:close]:
        return None
    if not masked[:open_].rstrip().endswith("\x00"):
        return None
    if not _PATTERN_BEFORE.search(text, 0, open_) and not _TOPICS_LISTED_BEFORE.search(
        text, 0, open_
    ):
        return None
    inside = text[open_ + 1 : close].strip()
    # "(one per region: cell-kpi-north, cell-kpi-south, ...)": examples of the topics the
    # pattern matches, each starting with the pattern's literal prefix
    layout_, _, examples = inside.partition(":")
    if examples and _LAYOUT_ASIDE.fullmatch(layout_.strip()):
        prefix = re.search(r"([\w.-]*?)[.*?+\[(|^$\\{]*\s*\($", text[: open_ + 1])
        names = [n.strip() for n in examples.split(",")]
        names = [n for n in names if n not in ("...", "\u2026", "etc", "etc.")]
        if (
            prefix
            and prefix.group(1)
            and names
            and all(re.fullmatch(r"[\w.-]+", n) and n.startswith(prefix.group(1)) for n in names)
        ):
            return text[open_ : close + 1]
    return text[open_ : close + 1] if _LAYOUT_ASIDE.fullmatch(inside) else None


# "We've got probe (results landing in x)", "We have sensor (readings arriving on y)": who has
# the records, then plain words that say what they are (the source's words follow).
_HAVE_OPENER = re.compile(
    # "We receive (the bus positions in topic x)": who receives them, the rest read as the source
    r"(?:so\s+)?(?:(?:we|i|they)\s+(?:receive|get|collect)|(?:"
    r"(?:we|i|they)(?:'ve\s+got|\s+have\s+got|\s+have|\s+got)\s+(?:some\s+|our\s+)?"
    # "The core runs (on PostgreSQL, database ledger)": what the sender's system runs on
    r"|(?:the|our)\s+(?=[A-Za-z]+(?:\s+[A-Za-z]+){0,2}\s+(?:runs|lives|sits)$))"
    r"(?P<w>[A-Za-z]+(?:\s+[A-Za-z]+){0,2}?)(?:\s+(?:runs|lives|sits))?)",
    ICASE,
)


# "In our university we have ...", "At the hospital, the monitors publish ...": where the
# sender is, opening the sentence whose rest a recogniser read (the source's words).
_PLACE_OPENER = re.compile(
    r"(?:in|at)\s+(?:our|the|my)\s+(?:[a-z]+\s+)?(?:university|college|school|hospital|clinic"
    r"|company|firm|office|plant|factory|warehouse|store|shop|lab|department|city|district|hotel"
    r"|restaurant|bank|startup|agency|council|farm|mine|port|airport|museum|library)",
    ICASE,
)


# "freq_hz < 49.8 (under-frequency events)": a name for the records the comparison just before
# keeps, in plain or hyphenated words; the comparison says which they are.
_LABEL_ASIDE = re.compile(
    r"(?:i\.?e\.?,?\s+|aka\s+|so\s+)?(?:[a-z]+(?:-[a-z]+)*\s+){0,2}?[a-z]+(?:-[a-z]+)+"
    r"(?:\s+[a-z]+s)?",
    ICASE,
)
_COMPARISON_BEFORE = re.compile(r"(?:[<>]=?|!=|==?)\s*-?\d[\d.]*\s*[%a-z]*\s*$", ICASE)
# "if surface_temp_c goes above 40 that's a burn risk": the same comparison said in words
_WORD_COMPARISON_BEFORE = re.compile(
    r"\b(?:above|over|below|under|exceeds?|(?:more|less|greater|lower|higher|fewer)\s+than"
    r"|at\s+(?:least|most))\s+-?\d[\d.]*\s*[%a-z]*\s*$",
    ICASE,
)


def label_aside(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only names the records of the comparison read just
    before it ("freq_hz < 49.8 (under-frequency events)"); None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if not masked[:open_].rstrip().endswith("\x00") or not _COMPARISON_BEFORE.search(text[:open_]):
        return None
    inside = text[open_ + 1 : close].strip()
    if _LABEL_ASIDE.fullmatch(inside) and not _NEGATION.search(inside):
        return text[open_ : close + 1]
    return None


# "substation_id is not null, some of the old PMUs send nulls": why a not-null condition is
# asked, after it; read only when a not-null condition was read.
_NULLS_WHY = re.compile(
    r"(?:(?:some|many|a\s+few)\s+of\s+)?(?:the\s+|our\s+)?(?:[A-Za-z]+\s+){0,2}?[A-Za-z]+\s+"
    r"(?:(?:sometimes|occasionally|still|often)\s+)?(?:send|sends|emit|emits|report|reports|publish"
    r"|publishes|produce|produces|have|has)\s+(?:nulls|null\s+values|empty\s+values|blanks)"
    r"(?:\s+(?:sometimes|occasionally|now\s+and\s+then))?",
    ICASE,
)
_NOT_NULL = re.compile(r"\bis\s+not\s+null\b|\bis\s+non-?null\b|\bnot\s+null\b", ICASE)


def nulls_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why a not-null condition read before
    it is asked ("some of the old PMUs send nulls"); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right].strip()
    if "\x00" in masked[left:right] or not _NULLS_WHY.fullmatch(clause):
        return None
    if any(masked[m.start()] == "\x00" for m in _NOT_NULL.finditer(text, 0, left)):
        return clause
    return None


# "keep the rows for 90 days, we don't need more history than that": the retention said again
_RETENTION_WHY = re.compile(
    r"(?:and\s+)?(?:(?:we|i|they)\s+(?:don'?t|do\s+not|won'?t|will\s+not)|nobody|no\s+one)\s+"
    r"(?:really\s+)?needs?\s+(?:any\s+)?(?:more|older|longer)\s+(?:history|data|rows|records)?"
    r"\s*(?:than\s+(?:that|this))?",
    ICASE,
)
_RETENTION_SAID = re.compile(
    r"\b(?:keep|retain|store|hold)\b[^.;]{0,60}?\bfor\s+\d+\s+(?:days?|weeks?|months?|hours?)\b"
    r"|\b(?:ttl|retention|expire\w*)\b[^.;]{0,30}?\d+\s+(?:days?|weeks?|months?|hours?)\b",
    ICASE,
)


def retention_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says again that older rows are not kept,
    after a retention read in the same sentence ("keep the rows for 90 days (...), we don't need
    more history than that"); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right].strip()
    if "\x00" in masked[left:right] or not _RETENTION_WHY.fullmatch(clause):
        return None
    sentence = sentence_bounds(text, start, end)[0]
    return clause if _read_before(_RETENTION_SAID, text, masked, sentence, left) else None


def _read_before(
    pattern: re.Pattern[str], text: str, masked: str, sentence: int, left: int
) -> bool:
    """`pattern` (a retention, an expiry) is said between `sentence` and `left` and a
    recogniser read it: the clause after it only says why."""
    said = pattern.search(text, sentence, left)
    return bool(said and "\x00" in masked[said.start() : said.end()])


# "between 4.5 and 11 (the warning zone)", "above 35, that's the local alert level": a name for
# the threshold or range the comparison just before says; plain lower-case words ending in a
# noun for a threshold (never a unit, a negation or a code that could select records).
_THRESHOLD_NAME = re.compile(
    r"(?:that'?s|that\s+is|i\.?e\.?,?|aka|=)?\s*(?:the|our|their|a|an)\s+(?:[a-z]+'s\s+)?"
    r"(?:[a-z]+(?:-[a-z]+)?\s+){0,3}?"
    r"(?:zone|range|band|level|limit|threshold|cut-?off|line|alarm\s+level|danger\s+zone)",
)
_THRESHOLD_BEFORE = re.compile(
    r"(?:(?:[<>]=?|!=|==?|\b(?:above|below|over|under|exceeds?|than|least|most))\s*-?\d[\d.,]*"
    r"|\bbetween\s+-?\d[\d.,]*\s+and\s+-?\d[\d.,]*)\s*[%a-z]{0,3}\s*[(,]?\s*$",
    ICASE,
)


def threshold_name(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside or comma clause around [start, end) when it only names the threshold or range
    of the comparison read just before it ("rms_mm_s between 4.5 and 11 (the warning zone)");
    None otherwise."""
    end = start + len(text[start:end].rstrip(" ,;.!?"))  # (a run may hold the closing mark)
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ >= 0 and close >= 0 and ")" not in text[open_:start] and "(" not in text[end:close]:
        left, right, inside = open_, close + 1, text[open_ + 1 : close]
    else:
        left, right = _bounds(text, start, end, ",;.!?")
        if text[left - 1 : left] != ",":
            return None
        inside = text[left:right]
    if "\x00" in masked[left:right] or not masked[:left].rstrip(" ,(").endswith("\x00"):
        return None
    if not _THRESHOLD_BEFORE.search(text[:left]):
        return None
    if not _THRESHOLD_NAME.fullmatch(inside.strip()) or _UNIT.search(inside):
        return None
    if _NEGATION.search(inside) or _CAPS.search(inside):
        return None
    return text[left:right].strip(" ,")


# "expiring after 10 minutes, so the dashboard only shows current problems": why the records
# expire, after a TTL read in the same sentence.
_EXPIRY_WHY = re.compile(
    r"(?:so\s+(?:that\s+)?)(?:the|our|their)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+only\s+(?:shows?"
    r"|lists?|displays?|has|holds|contains)\s+(?:the\s+)?(?:current|recent|fresh|live|active"
    r"|ongoing)\s+(?:[a-z]+\s+)?[a-z]+"
    # "keys can expire after an hour, nobody cares about old sessions" (the records' noun may be
    # read already: "sessions")
    r"|(?<=,\s)(?:nobody|no\s+one|no-one)\s+(?:cares?\s+about|needs|looks\s+at|uses|reads)\s+(?:the\s+)?"
    r"(?:old|older|stale|expired|past|earlier)(?:\s+(?:ones|[a-z]+))?",
    ICASE,
)
_EXPIRY_SAID = re.compile(
    r"\b(?:ttl|expir\w*|retention|retain\w*)\b[^.;]{0,30}?(?:\d+|an?|one)\s*(?:seconds?|minutes?|mins?|hours?"
    r"|days?|weeks?)\b",
    ICASE,
)


def expiry_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why the records expire, after an expiry
    read in the same sentence; None otherwise."""
    sentence, right = sentence_bounds(text, start, end)
    why = [m for m in _EXPIRY_WHY.finditer(text, sentence, right) if m.start() <= start]
    if not why or not re.fullmatch(r"[\s.!?]*", text[why[-1].end() : right]):
        return None  # the reason must close the sentence
    left, clause = why[-1].start(), why[-1].group(0)
    noun = re.search(r"\s\x00+[\s.!?]*$", masked[left:right])  # ("old sessions": read)
    if "\x00" in masked[left : right - (len(noun.group(0)) if noun else 0)]:
        return None
    return clause if _read_before(_EXPIRY_SAID, text, masked, sentence, left) else None


# "our cold-chain team keeps finding out about warm containers hours too late, usually when the
# customer calls": a complaint that alerts come late. Accepted only when the parse has a filter
# (the records it describes are then the filter's to say) and the sentence holds no value but
# the team's compound name.
_TOO_LATE = re.compile(
    r"(?:(?:hi|hey|hello)\s*[!,.]\s*)?(?:(?:problem|issue|pain\s+point)\s*:\s*)?(?:so\s+)?"
    r"(?:our|the)\s+(?:[a-z]+(?:-[a-z]+)?\s+){0,3}?"
    r"(?:team|folks|people|staff|crew|ops|operators|customers|drivers|engineers)\s+"
    r"(?:(?:still|always|often|usually)\s+)?(?:(?:keeps?|kept)\s+(?:finding\s+out|hearing|learning)"
    # ("Problem: the support team finds out about failed card charges a day late")
    r"|finds?\s+out|hears?|learns?)"
    r"\s+about\s+(?:the\s+)?(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+s)\s+(?:(?:(?:hours|days|minutes)\s+)?"
    r"too\s+late|(?:a\s+(?:day|week)|an\s+hour|hours|days)\s+(?:too\s+)?late)(?:\s*,\s*(?:usually|often|typically|mostly|sometimes)\s+(?:when|after)\s+(?:the|a|our)"
    r"\s+[a-z]+\s+(?:calls?|complains?|emails?|asks?|phones?|notices?))?",
    ICASE,
)


# "(before or after, the clocks of phones are not so reliable)", "..., the devices' clocks
# drift": why the producers' timestamps need slack, said right after the slack (a join's
# bound or a window's grace) in the same aside or sentence; a negation of a judgement on
# clocks, never of records to keep.
_CLOCKS_WHY = re.compile(
    r"(?:(?:the|their|our|its|some)\s+)?(?:(?:[a-z]+(?:'s|s')?\s+){0,2}?(?:clocks?|timestamps?"
    r"|device\s+time)(?:\s+(?:of|on|in)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)?)\s+"
    r"(?:(?:are|is)(?:\s+not|n't)\s+(?:(?:so|that|very|always|entirely|fully|too|particularly"
    r"|really|quite)\s+)?(?:reliable|accurate|precise|trustworthy|in\s+sync|synced"
    r"|synchroni[sz]ed)|(?:drift|drifts|(?:are|is)\s+(?:often\s+|sometimes\s+)?(?:off|unreliable"
    r"|inaccurate|skewed|out\s+of\s+sync)))",
    ICASE,
)
_LINK_DROPS = re.compile(LINK_DROPS, ICASE)


def clocks_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The clause around [start, end) when it only says the producers' clocks are not to be
    trusted, after a join's time bound or a window's grace read in the same aside or
    sentence; None otherwise."""
    if not {"time_bound", "late"} & set(facts.split()):
        return None
    end = start + max(1, len(text[start:end].rstrip(" ).")))  # (the run may take the ')')
    left, right = _bounds(text, start, end, ",;.!?()")
    clause = text[left:right].strip()
    why = _CLOCKS_WHY.fullmatch(clause) or _LINK_DROPS.fullmatch(clause)
    if not why or "\x00" in masked[left:right]:
        return None
    # the slack it explains: read words just before, in the same aside or sentence
    outer = max(text.rfind(c, 0, left) for c in ".!?;(") + 1
    if "\x00" not in masked[outer:left]:
        return None
    return clause


# "the technicians' app posts to technician-arrivals when they show up at a unit": when the
# producers send, right after the topic they send to (read as the source or the join's other
# stream); what happens in the world, no condition of the pipeline.
_PRODUCER_WHEN = re.compile(
    r"when(?:ever)?\s+(?:they|he|she|it|someone|somebody|(?:the|a|an)\s+[a-z]+)\s+(?:shows?\s+up"
    r"|arrives?|gets?\s+there|turns?\s+up|checks?\s+(?:in|out)|clocks?\s+(?:in|out)"
    r"|logs?\s+(?:in|on)|finish(?:es)?|starts?|leaves?|enters?|walks?\s+in|opens?\s+it"
    r"|taps?\s+(?:in|out)|badges?\s+in)"
    r"(?:\s+(?:(?:at|on|in|to|into|for)\s+)?(?:a|an|the|their|his|her|its)\s+[a-z]+)?",
    ICASE,
)
_PRODUCER_POSTS = re.compile(
    r"\b(?:posts?|sends?|publish(?:es)?|writes?|emits?|push(?:es)?|produces?|logs?)\s+"
    r"(?:(?:an?|one)\s+(?:event|message|record|row)\s+)?(?:to|into|on|onto)\s+(?:the\s+)?"
    r"(?:kafka\s+)?(?:topic\s+)?[\"'`]?[A-Za-z][\w.-]*[\"'`]?\s*$",
    ICASE,
)


def producer_when(text: str, masked: str, start: int, end: int) -> str | None:
    """The run [start, end) when it only says when the producers send, right after the topic
    name they send to (read); None otherwise."""
    # (the place after it may be left unread as filler: "when someone leaves the building")
    if said := _PRODUCER_WHEN.match(text, start):
        end = max(end, said.end())
    run = text[start:end].strip()
    if not _PRODUCER_WHEN.fullmatch(run) or not masked[:start].rstrip().endswith("\x00"):
        return None
    left = sentence_bounds(text, start, end)[0]
    if not _PRODUCER_POSTS.search(text, left, start):
        return None
    if not re.match(r"\s*(?:[,;.!?]|$)", text[end:]):
        return None
    return run


def code_in_name(text: str, masked: str, start: int, end: int) -> str | None:
    """ "WAF events are on topic waf-events": a capitalised code whose words a name read in the
    same sentence holds (the topic says it again; it selects nothing); None otherwise. "Each
    ACARS engine report lands on topic acars.engine-reports": the code with the other words of
    the name, after "each" or "every" (they name the records the topic holds)."""
    run = text[start:end].strip()
    lead = re.fullmatch(r"(?:(?i:each|every)\s+)?(?P<w>[A-Z][A-Z0-9]{1,7}(?:\s+[a-z]+){0,3})", run)
    if not lead:
        return None
    words = [singular(w) for w in lead["w"].lower().split()]
    left, right = sentence_bounds(text, start, end)
    for m in re.finditer(r"[A-Za-z][\w]*(?:[-_.][\w]+)+", text[left:right]):
        at = left + m.start()
        parts = {singular(p) for p in re.split(r"[-_.]", m.group(0).lower())}
        if set(words) <= parts and "\x00" in masked[at : left + m.end()] and at > end:
            return run
    return None


# "FAB-2291: read chamber alarms from ...", "ANTICHEAT-87 - ...": a bare ticket id opening the
# request as its label (a project key, a dash and a number), before a clause read as the pipeline
_TICKET_LEAD = re.compile(r"\[?[A-Z][A-Z0-9]{1,9}-\d{1,6}\]?")
_AFTER_LEAD = re.compile(r"\s*(?::|;|\s-\s|\s\u2013\s|\n)")  # (";": a line of its own)


def ticket_lead(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """ "FAB-2291: read ... from topic x": the ticket's id labelling the request; never a source
    (the request names one elsewhere) nor a value (one said with its field, "lot = FAB-2291",
    is read by the filters); None otherwise ("PAY-311: keep amount > 100 ...": it may name the
    source, left unread)."""
    run = text[start:end].strip()
    if "source_named" not in facts.split():
        return None
    if text[:start].strip() or not _TICKET_LEAD.fullmatch(run):
        return None
    after = _AFTER_LEAD.match(text, end)
    if after is None or "\x00" not in masked[after.end() : after.end() + 80]:
        return None
    return run


# "If distinct_paths > 200 that's almost certainly a scanner, so ...": what the records the
# comparison just before keeps are, in plain words; the comparison says which they are.
_VERDICT = re.compile(
    r"(?:that(?:'s|\s+is)|it(?:'s|\s+is)|they(?:'re|\s+are)|those\s+are)\s+(?:(?:almost\s+certainly"
    r"|most\s+likely|very\s+likely|probably|likely|definitely|clearly|surely|usually)\s+)?"
    r"(?:an?\s+)?(?:[a-z]+\s+)?[a-z]+",
    ICASE,
)


def verdict_after_comparison(text: str, masked: str, start: int, end: int) -> str | None:
    """The words around [start, end) when they only name what the comparison read just before
    keeps (see _VERDICT), up to a comma or a colon; None otherwise."""
    left, right = _bounds(text, start, end, ",;:.!?")
    m = _VERDICT.search(text, left, right)
    if not m or m.start() > start or m.end() < end or "\x00" in masked[m.start() : m.end()]:
        return None
    if text[m.end() : right].strip():
        return None
    before = text[left : m.start()]
    if not (_COMPARISON_BEFORE.search(before) or _WORD_COMPARISON_BEFORE.search(before)):
        return None
    if not masked[: m.start()].rstrip().endswith("\x00"):
        return None
    said = m.group(0)
    if _STEP_WORDS.search(said) or _QUALIFIER.search(said) or _NEGATION.search(said):
        return None
    return said


# 'so the recommendations people want "what is this device watching right now" without hitting
# the warehouse.': the question someone wants answered live, and the store they no longer want
# to ask; a sentence of its own, the question holding no pipeline word.
_LIVE_QUESTION = re.compile(
    r"(?:so\s+)?(?:the|our)\s+(?:[a-z]+\s+){0,2}?(?:people|team|folks|squad|analysts|engineers"
    r"|app|service)\s+(?:want|wants|need|needs)\s+(?:to\s+(?:know|answer|ask)\s+)?"
    r"\"(?P<q>[a-z][a-z' ]{2,100}\??)\"\s+without\s+(?:hitting|querying|touching|going\s+to"
    r"|asking|loading)\s+the\s+(?:data\s+)?(?:warehouse|dwh|lake|lakehouse|database|db)",
    ICASE,
)


def live_question(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only asks a question to be answered live
    without the warehouse (see _LIVE_QUESTION); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    said = text[left:right].strip()
    m = _LIVE_QUESTION.fullmatch(said)
    if not m or "\x00" in masked[left:right]:
        return None
    question = re.sub(r"\bdevices?\b", " ", m["q"], flags=ICASE)  # (no "dev" environment)
    question = re.sub(r"^\s*(?:which|what|where|when|who)\b", " ", question, flags=ICASE)
    if _STEP_WORDS.search(question) or _QUALIFIER.search(question) or _NEGATION.search(question):
        return None  # "what is this device watching, only the paid ones": may select records
    return said


# "duration_sec > 0 (zero-second records are setup failures and are tracked elsewhere)": what
# the records the comparison just read leaves out are, and that someone else handles them; only
# after "> 0" / "!= 0", naming the zero records (the ones left out), so it selects nothing more.
_ZERO_WHY = re.compile(
    r"\(\s*(?:the\s+)?(?:zero|0)(?:-[a-z]+)?\s+(?:records?|rows?|events?|ones|calls?|messages?"
    r"|readings?|sessions?|orders?|lines?)(?P<rest>\s+(?:are|is)\s+(?:(?:just|only|usually|mostly|all)\s+)?"
    r"(?:[a-z]+\s+){0,2}?[a-z]+"
    r"(?:\s*,?\s+(?:and\s+)?(?:they\s+)?(?:(?:are|is)\s+)?(?:tracked|handled|counted|reported|covered"
    r"|monitored)\s+(?:elsewhere|separately|by\s+another\s+(?:job|pipeline|team)))?)\s*\)",
    ICASE,
)


def zero_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says what the records a "> 0" comparison
    read just before leaves out are (see _ZERO_WHY); None otherwise."""
    open_ = text.rfind("(", 0, start + 1)
    if open_ < 0:
        return None
    m = _ZERO_WHY.match(text, open_)
    if not m or m.end() < end or "\x00" in masked[open_ : m.end()]:
        return None
    before = masked[:open_].rstrip()
    if not before.endswith("\x00") or not re.search(r"(?:>|!=|<>)\s*0\s*$", text[:open_]):
        return None
    if re.search(r"[\d'\"`_]", m["rest"]) or QUALIFIER.search(m["rest"]):
        return None  # "(zero-second records are test calls)": may select more
    return m.group(0).strip("()")


# "... to Redis under scanner:{client_ip} - the edge proxy reads that key to throttle": who
# reads the output and what they do with it, after the sink read in the same sentence.
_OUTPUT_READER = re.compile(
    r"(?:the|our|their)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:reads?|polls?|uses?|checks?|watches?"
    r"|consumes?|looks\s+up)\s+(?:that|this|the|those|these|it|them)(?:\s+(?:key|keys|table|topic"
    r"|hash|hashes|data|rows?|output|entries|entry))?\s+(?:to|and)\s+(?:throttles?|blocks?"
    r"|rate-limits?|bans?|redirects?|routes?|shows?|displays?|prices?)"
    r"(?:\s+(?:them|it|those|traffic|requests|the\s+[a-z]+))?",
    ICASE,
)


def reader_of_output(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says who reads the output and what they do
    with it, after a dash or as its own sentence, the sink read before it; None otherwise."""
    left, right = sentence_bounds(text, start, end)
    dash = max(text.rfind(c, left, start) for c in "\u2014\u2013-")
    for at in (dash + 1 if dash >= 0 else -1, left):
        if at < 0:
            continue
        m = _OUTPUT_READER.fullmatch(text[at:right].strip())
        if not m:
            continue
        begin = at + len(text[at:right]) - len(text[at:right].lstrip())
        if begin > start or not masked[:begin].rstrip(" -\u2013\u2014.").endswith("\x00"):
            continue
        if re.search(r"\d|['\"`_]", m.group(0)):
            continue
        return m.group(0)
    return None


# "Press jams come in on printshop.press_events mixed in with everything else", "(shared with
# all the other event types)", "alongside the rest of the traffic": the source topic carries
# other records too; said right after the source, only when the parse has a filter (it picks
# the records the request is about). What else is there is said in plain words of everything
# ("everything else", "the other events"), never which ("mixed in with test events" refuses).
_MIXED_IN = re.compile(
    r"\(?\s*,?\s*(?:(?:all|which\s+(?:is|are)|that\s+(?:is|are)|it(?:'s|\s+is)|they(?:'re|\s+are))\s+)?"
    r"(?:(?:mixed|mingled|jumbled|lumped|bundled|interleaved)(?:\s+(?:in|up|together))?\s+with"
    r"|(?:shared|together)\s+with|alongside|along\s+with|among(?:st)?|next\s+to|in\s+among)\s+"
    r"(?:(?:everything|anything|all)\s+else|(?:all\s+)?(?:the\s+)?(?:rest|others)"
    r"(?:\s+of\s+(?:the|our)\s+(?:traffic|stuff|events|records|messages|data))?"
    r"|(?:all\s+(?:the\s+|sorts\s+of\s+|kinds\s+of\s+)?|the\s+|lots\s+of\s+)"
    r"(?:other|different|unrelated)\s+(?:(?:event|message|record)\s+)?(?:stuff|events|records"
    r"|messages|types|kinds|traffic|data))"
    r"(?:\s*\))?",
    ICASE,
)


def mixed_in(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The words [start, end) when they only say that the source topic read just before them
    carries other records too, and the parse has a filter (see _MIXED_IN); None otherwise."""
    if "filtered" not in facts.split():
        return None
    # (the run may stop before a filler word closing the clause: "other stuff)")
    m = _MIXED_IN.match(text, start)
    if not m or m.end() < end or "\x00" in masked[start : m.end()]:
        return None
    if not re.match(r"\s*(?:[,;.!?]|$)", text[m.end() :]):
        return None  # (the clause goes on: "mixed in with everything else we sell")
    if not masked[:start].rstrip(" ,(").endswith("\x00"):
        return None
    return m.group(0).strip(" ,.!()")


# "The data science team will build the churn model on top of this table, so please keep
# everything else as is.": who builds what on the output, a sentence of its own after the sink;
# "keep everything else as is" only restates that the fields not named pass as they came (never
# with a keep list: then it contradicts the list, and stays unread).
_BUILDS_ON = re.compile(
    r"(?:the|our|their)\s+(?:[a-z]+\s+){0,3}?(?:team|folks|people|analysts|scientists|squad"
    r"|engineers)\s+(?:will|would|want\s+to|wants\s+to|plan\s+to|plans\s+to|(?:is|are)\s+going\s+to)"
    r"\s+(?:build|train|run|put|base)\s+(?:the|a|an|their|some)\s+(?:[a-z]+\s+){0,2}?(?:model|models"
    r"|dashboard|dashboards|report|reports|analysis|analyses|forecasts?|notebooks?|features?)\s+on"
    r"\s+(?:top\s+of\s+)?(?:this|that|the|it)(?:\s+(?:table|topic|data|output))?"
    r"(?P<keep>\s*,\s*so\s+(?:please\s+)?(?:keep|leave)\s+(?:everything|all)\s+else\s+(?:as\s+is"
    r"|as\s+it\s+is|unchanged|untouched))?",
    ICASE,
)


def builds_on_output(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The sentence around [start, end) when it only says who builds what on the output, the
    sink read before it (see _BUILDS_ON); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    said = text[left:right].strip()
    m = _BUILDS_ON.fullmatch(said)
    if not m or "\x00" not in masked[:left] or re.search(r"\d|['\"`_]|[A-Z]{2}", said):
        return None
    if m["keep"] and re.search(r"\b(?:fields|columns)\b", facts):
        return None  # "keep everything else" beside a keep list: which one?
    return said


# "Arrivals with no handling should still come through ..., those are exactly the ones they
# want to chase": why the records a clause read before (after its comma) matter to someone;
# it points back at them and selects nothing more.
_CHASE_WHY = re.compile(
    r"(?:those|these|they|that)\s+(?:are|is)\s+(?:(?:exactly|precisely|just)\s+)?the\s+ones"
    r"\s+(?:that\s+)?(?:we|they|i|(?:the|our)\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:want|wants|need|needs)"
    r"\s+to\s+(?:chase|chase\s+up|follow\s+up(?:\s+on)?|look\s+into|investigate|call\s+about"
    r"|act\s+on)",
    ICASE,
)


def chase_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The clause around [start, end) when it only says the records just read are the ones
    someone wants to chase, after a comma ending a clause read; None otherwise."""
    left, right = _bounds(text, end - 1, end, ",;.!?()")
    if left == 0 or text[left - 1] != ",":
        return None
    # (the run may start before the comma on filler: "(left join), those are ...")
    said_too = FILLER | frozenset(facts.split())
    if any(w.lower() not in said_too for w in re.findall(r"[\w'-]+", text[start : left - 1])):
        return None
    said = text[left:right].strip()
    if not _CHASE_WHY.fullmatch(said) or "\x00" in masked[left:right]:
        return None
    if not masked[: min(start, left - 1)].rstrip(" ()").endswith("\x00"):
        return None  # (the clause it points back at must be read)
    if not re.match(r"\s*(?:[.!?](?:\s|$)|$)", text[right:]):
        return None  # (it ends its sentence)
    return said


def too_late_complaint(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The sentence around [start, end) when it only complains that the sender learns of
    problems too late and the parse has a filter; None otherwise."""
    if "filtered" not in facts.split():
        return None
    left, right = sentence_bounds(text, start, end)
    clause = text[left:right].strip()
    m = _TOO_LATE.fullmatch(clause.rstrip(".!"))
    if "\x00" in masked[left:right] or not m or _NEGATION.search(clause):
        return None
    if re.search(r"\d|['\"`_]", clause):
        return None
    rest = (text[:left] + " " + text[right:]).lower()
    if any(not _said(w, rest) for w in m["what"].split() if _QUALIFIER.fullmatch(w)):
        return None  # "failed card charges" with a filter on amount: 'failed' says a filter
    return clause


# "The figure skating club has complained about soft ice twice this month.", "We've had two
# soft-ice complaints from the figure skating club this month, so we'd like an early warning":
# who complained, about what, how often and when, as a sentence of its own. The count and the
# calendar span are about the complaints (the world), never the records; what the complaint is
# about must hold no word that may select records ("complained about late drops" stays
# refused), and who complained no name or qualifier.
_WORDS3 = r"(?:[a-z][\w'-]*\s+){0,2}?[a-z][\w-]*"
_COMPLAINED = re.compile(
    r"(?:(?:the|our)\s+(?P<who>" + _WORDS3 + r")\s+(?:has|have)\s+(?:complained|been\s+complaining)"
    r"(?:\s+about\s+(?:the\s+)?(?P<what>" + _WORDS3 + r"))?"
    r"(?:\s+(?:twice|once|again|(?:[2-9]|two|three|four|five|a\s+few|several|many)\s+times))?"
    r"|(?:we|i)(?:'ve|\s+have)\s+(?:had|got|gotten|received)\s+(?:[2-9]|two|three|four|five|a\s+few"
    r"|several|some|many|a\s+couple\s+of)\s+(?P<what2>(?:[a-z][\w-]*\s+){0,2}?)complaints"
    r"(?:\s+about\s+(?:the\s+)?(?P<what3>" + _WORDS3 + r"))?"
    r"(?:\s+from\s+(?:the|our)\s+(?P<who2>" + _WORDS3 + r"))?)"
    r"(?:\s+(?:this|last)\s+(?:week|month|season|year|winter|summer))?"
    r"(?:\s*,\s*so\s+(?:we|i)(?:'d|\s+would)\s+like\s+an\s+early[\s-]warning)?",
    ICASE,
)


def complaint_history(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only tells who complained about what, how
    often and when (see _COMPLAINED); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    clause = text[left:right].strip()
    m = _COMPLAINED.fullmatch(clause.rstrip(".!"))
    if "\x00" in masked[left:right] or not m or _NEGATION.search(clause):
        return None
    who = m["who"] or m["who2"] or ""
    what = " ".join(m[g] or "" for g in ("what", "what2", "what3"))
    if re.search(r"[\d'\"`_.]", who + " " + what):
        return None  # (a value or a name: "complained about zone_3")
    what = what.replace("-", " ")
    if may_select(who) or may_select(what) or _STEP_WORDS.search(what):
        return None  # "complained about late drops", "the EU club": may say which records
    return clause


# "The vineyard manager wants a live pick rate:", "Our dispatch desk needs a real-time fill
# level.": who asks for the output, naming it in words the request says again (the sink's
# name vineyard.pick-rate); a sentence of its own or a lead before a colon.
_WANTS_LIVE = re.compile(
    r"\s*(?:(?:so|and)\s+)?(?:the|our)\s+(?P<who>(?:[a-z][\w-]*\s+){0,2}?(?:"
    + ROLE_NOUNS
    + r"|team|crew|staff|desk|office))\s+(?:wants|needs|would\s+like|'d\s+like|asked\s+for)\s+"
    r"(?:a|an)\s+(?:live|real-time|realtime|up-to-date|running)\s+"
    r"(?P<what>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s*[:.!])",
    ICASE,
)


def wants_live_output(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only names who wants the output live, in words
    said again elsewhere (see _WANTS_LIVE); None otherwise."""
    left = sentence_bounds(text, start, end)[0]
    m = _WANTS_LIVE.match(text, left)
    if not m or not (m.start() <= start and end <= m.end()) or "\x00" in masked[left : m.end()]:
        return None
    if may_select(m["who"]) or any(_requirement_word(w) for w in m["what"].split()):
        return None  # "the EU desk", "a live count of late trips"
    rest = (text[:left] + " " + text[m.end() :]).lower()
    if not all(re.search(rf"(?<![a-z]){re.escape(w.lower())}", rest) for w in m["what"].split()):
        return None  # "a live fraud score": a word said only here may be an ask
    return m[0].strip()


# "claim_count is greater than 3, people filing four or more claims in a day is what they want
# to look at": the threshold said again as who is looked for, after the comparison read just
# before; its number must be the comparison's ("> 3" is "4 or more") and its period the window's.
_THRESHOLD_AGAIN = re.compile(
    r"(?:(?:the\s+)?(?:people|users|customers|drivers|accounts|anyone|anybody|those|policyholders"
    r"|players|members|clients|devices|machines)\s+)(?:[a-z]+ing|with|who\s+[a-z]+)\s+(?P<n>\d+)"
    r"\s+or\s+more\s+(?:[a-z]+\s+)?[a-z]+s\s+(?:in|per|within)\s+(?:a|an|one|1)\s+"
    r"(?P<unit>minute|hour|day|week)\s+(?:is|are)\s+(?:what|who)\s+(?:they|we|i|you|(?:the|our)\s+"
    r"(?:[a-z]+\s+)?[a-z]+)\s+"
    r"(?:want|wants|need|needs)\s+to\s+(?:look\s+at|see|catch|review|find|check|flag)",
    ICASE,
)
_COMPARED_BEFORE = re.compile(
    r"(?:(?P<gt>greater\s+than|more\s+than|above|over|>)|(?P<ge>at\s+least|>=))\s*(?P<m>\d+)\s*,?\s*$",
    ICASE,
)
_UNIT_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}


def threshold_again(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The comma clause around [start, end) when it only says the threshold read just before it
    again as who is looked for (see _THRESHOLD_AGAIN); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    if text[left - 1 : left] != "," or "\x00" in masked[left:right]:
        return None
    clause = text[left:right].strip()
    m = _THRESHOLD_AGAIN.fullmatch(clause)
    before = _COMPARED_BEFORE.search(text, 0, left)
    if not m or not before or not masked[: left - 1].rstrip().endswith("\x00"):
        return None
    wanted = int(before["m"]) + (1 if before["gt"] else 0)
    if int(m["n"]) != wanted or f"window_ms_{_UNIT_MS[m['unit'].lower()]}" not in facts.split():
        return None
    return clause


# "... and store them in ClickHouse x for the monthly report", "Redis with the key tenant:{id}
# so the tenant portal can show a banner": who uses the output, right after the sink read just
# before (a calendar word only for a report: it is made elsewhere, no window of this pipeline)
_SINK_AUDIENCE = re.compile(
    r"(?:for\s+(?:the|our)\s+(?:(?:monthly|weekly|daily|quarterly|yearly|annual|nightly)\s+"
    r"(?:[a-z]+\s+)?(?:report|reports|review|audit|invoice|invoices|meeting)"
    r"|(?:[a-z]+\s+){0,2}?(?:report|reports|review|audit|dashboard|generator|team|app|portal"
    r"|service|system|model|board|screen|tool|folks|people|crew|staff)"
    # ("for the homepage carousel", "for the passenger-information displays": a place the
    # output is shown, its plain words (hyphenated too) naming where, never which records)
    r"|(?:[a-z]+(?:-[a-z]+)*\s+){0,2}?(?:screens|displays?|monitors?|carousels?|banners?"
    r"|widgets?|tickers?|signs|signage|wallboards?|kiosks?|tablets?))"
    r"|so\s+(?:that\s+)?(?:the|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:can|could|will)\s+(?:show"
    r"|display|see|print|use|read|trend|chart|plot|review)(?:\s+(?:a|an|it|them))?(?:\s+[a-z]+)?"
    # "so the TV screens by the bar can pick it up": the readers, where they are, and that they
    # take the output (a place of up to three words after "by", "in", "at", "on" or "near")
    r"|so\s+(?:that\s+)?(?:the|our)\s+(?:[A-Za-z]+\s+){0,2}?[a-z]+\s+(?:(?:by|in|at|on|near)\s+"
    r"(?:the\s+|our\s+)?(?:[a-z]+\s+){0,2}?[a-z]+\s+)?(?:can|could|will)\s+(?:pick\s+(?:it|them)"
    r"\s+up|grab\s+(?:it|them)|show\s+(?:it|them)|display\s+(?:it|them)|read\s+(?:it|them)"
    r"|use\s+(?:it|them))"
    # "... ClickHouse x so we can make a heatmap": what the sender draws from the output
    r"|so\s+(?:that\s+)?(?:we|i|they)\s+can\s+(?:make|build|draw|plot|chart)\s+(?:a|an|some)\s+"
    r"(?:heat\s*map|chart|graph|map|plot|dashboard|report)s?"
    # "..., ops dashboard wants both": who wants the outputs just named, and nothing else
    r"|(?:(?:the|our)\s+)?(?:[a-z]+\s+){0,2}?(?:dashboard|team|folks|people|app|board|screen"
    r"|report)s?\s+(?:wants?|needs?|uses?|reads?)\s+(?:both(?:\s+of\s+them)?|it|them|this|that"
    r"|these|those))",
    ICASE,
)


def sink_audience(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says who uses the output, right after the
    sink read just before it (see _SINK_AUDIENCE); None otherwise."""
    # ("Could you set up ... on x for the ops team?": the run's own question mark ends it)
    end = start + len(text[start:end].rstrip("?!. "))
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right]
    lead = len(clause) - len(clause.lstrip())
    m = re.compile(r"(?:.*?\x00\s+)?(?P<a>" + _SINK_AUDIENCE.pattern + ")", ICASE).fullmatch(
        masked[left:right].strip()
    )
    if not m:
        return None
    at = left + lead + m.start("a")
    said = text[at:right].strip()
    # (after the sink and a "pls" or "please": "push it to kafka x pls, ops dashboard ...")
    before = re.sub(
        r"(?:\s+(?:pls|plz|please|too|as\s+well))?\s*,?\s*$", "", masked[:at], flags=ICASE
    )
    if "\x00" in masked[at:right] or not before.endswith("\x00"):
        return None
    # (an acronym may name a system that selects; a screen's own is none: "TV screens")
    if not re.match(r"\s*(?:[,;.!?]|$)", text[right : right + 1]) or re.search(
        r"\d|[A-Z]{2}(?!s?\s+(?:screens?|displays?|monitors?|walls?)\b)", said
    ):
        return None
    if _audience_selects(said, (text[:at] + " " + text[right:]).lower()):
        return None
    return said


_REPORT_CADENCE = word_set("monthly weekly daily quarterly yearly annual nightly")


def _audience_selects(said: str, rest: str) -> bool:
    """A word naming the output's place ("for the premium carousel", "the late-order
    displays") that may say which records, and that the rest of the request does not say
    again."""
    place = re.match(r"for\s+(?:the|our)\s+(?P<w>.*)", said, ICASE)
    if not place:
        return False
    for word in re.findall(r"[a-z]+", " ".join(place["w"].split()[:-1]).lower()):
        if word in _REPORT_CADENCE:
            continue  # "for the monthly report": made elsewhere, no window of this pipeline
        if may_select(word) and not re.search(rf"\b{word}", rest):
            return True
    return False


# --- People acting on the output: "The duty coordinator uses it after a callout." ----------
#
# A sentence, aside or "so (that) ..." tail whose subject is people (or the screen they look
# at) and whose object is the output itself, a pronoun ("it", "them", "that one", "that list"):
# what they do with the output, when or where, after the pipeline made it. The pronoun takes
# the whole output, so nothing is chosen by the verb; only the other words could choose
# records, and they are vetted (`_acts_plainly`): no step verb ("so we can drop them"), no
# value, code, negation, time unit, time of day or day, no word that selects ("the late
# ones", "for the premium desk"). Any verb of their own trade reads ("spot", "watch", "pin",
# "use"); passives say what the output feeds ("The carriers' pickup lists are built from it").
_PEOPLE_NOUNS = word_set(
    """people folks staff crew crews team teams desk office ops marshals stewards growers pickers
    drivers riders carriers couriers volunteers guards nurses doctors vet vets coaches referees
    judges players fans customers guests visitors members students teachers parents clerks
    porters cleaners mechanics techs foreman foremen rangers keepers wardens dispatchers
    tv tvs screen screens display displays board boards dashboard dashboards app apps bot bots
    room rooms centre centres center centers
    payroll finance billing accounting accounts marketing sales support compliance audit
    service services"""
)
_ROLE_NOUN = re.compile(rf"{ROLE_NOUNS}(?:s|es)?", ICASE)
_OUTPUT_OBJECT = (
    # ("payroll reads from there": the output's place, after the verb's "from")
    r"(?:(?<=\bfrom\s)there|(?<=\boff\s)there"
    r"|it|them|this|that|these|those|(?:this|that)\s+one|(?:the|that|this)\s+(?:list|output"
    r"|feed|topic|table|board|sheet|report|stream|data|numbers|figures|results))"
)
# when or where they act on it: "after a callout", "during the qualifier", "on the board"
_WHEN_THEY_ACT = (
    r"(?:\s+(?P<prep>after|before|during|between|at|on|in|from|each|every)\s+"
    r"(?P<tail>(?:(?:a|an|the|each|every|their|our|his|her)\s+)?(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*))?"
)
_PEOPLE_ACT = re.compile(
    # "so we can spot them", "so that the vet can watch it during rounds"
    r"\bso\s+(?:that\s+)?(?P<who>we|i|they|you|(?:the|our)\s+(?:[a-z][\w'-]*\s+){0,2}?"
    r"[a-z][\w'-]*)\s+(?:can|could|will|may|might)\s+(?:(?:easily|quickly|then|also|still)\s+)?"
    r"(?P<verb>[a-z]+)(?:\s+(?:up|out|through|over|back|on|at))?\s+"
    # ("so the floor staff can swap packs between rounds": a plain object of their own work,
    # every word of it vetted as the verb's, as the sentence of its own below)
    + rf"(?:{_OUTPUT_OBJECT}|(?!{_OUTPUT_OBJECT}\b)(?!(?:is|are|was|were|gets?|has|have)\b)"
    r"(?P<obj1>(?:(?:the|their|our|his|her|a|an|some)\s+)?(?:[a-z][\w-]*\s+){0,1}?"
    r"(?!(?:after|before|during|between|at|on|in|from|each|every)\b)[a-z][\w-]*))"
    + _WHEN_THEY_ACT
    + r"(?=\s*(?:[.!?;)]|$))"
    # "The duty coordinator uses it after a callout.", "(the lobby TV reads that one)"
    r"|(?:^|(?<=[.!?;(]\s)|(?<=[.!?;(])|(?<=[-\u2013\u2014]\s))\s*(?P<who2>(?:the|our|their)\s+"
    r"(?:[a-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*"
    # ("Payroll reads that topic": a department, said with no article)
    r"|payroll|finance|billing|accounting|accounts|marketing|sales|compliance|audit)\s+(?:(?:usually|always|then|also|often|will|can)\s+)?(?P<verb2>[a-z]+s?)"
    r"(?:\s+(?:from|off|on|at|through|over|against|with|to))?\s+"
    + _OUTPUT_OBJECT
    + _WHEN_THEY_ACT.replace("prep", "prep2").replace("tail", "tail2")
    # ("the notices service reads this topic and sends the emails itself": what they do with
    # it, said to be their own doing)
    + r"(?:\s+and\s+(?P<verb2b>[a-z]+s)\s+(?P<obj2b>(?:(?:the|its|their|any)\s+)?(?:[a-z][\w-]*\s+)?"
    r"[a-z][\w-]*)\s+(?:itself|themselves|on\s+(?:its|their)\s+own))?"
    # ("The control room pages off that topic, so we need it exactly-once": why, said after a
    # comma, is left to the readers of what follows)
    + r"(?=\s*(?:[.!?;)]|,\s*so\s|$))"
    # "The marshals swap batteries between rounds.": people at their own work, a plain object
    # (every word of it vetted as the verb's: "the marshals skip the test vests" refuses)
    r"|(?:^|(?<=[.!?;(]\s)|(?<=[.!?;(]))\s*(?P<who3>(?:the|our|their)\s+(?:[a-z][\w'-]*\s+){0,2}?"
    r"[a-z][\w'-]*)\s+(?:(?:usually|always|then|also|often|will|can)\s+)?"
    r"(?!(?:is|are|was|were|gets?|has|have)\b)(?P<verb3>[a-z]+)\s+"
    r"(?!(?:is|are|was|were|gets?|has|have)\b)(?P<obj3>(?:(?:the|their|our|his|her|a|an|some)\s+)?(?:[a-z][\w-]*\s+){0,1}?[a-z][\w-]*)"
    + _WHEN_THEY_ACT.replace("prep", "prep3").replace("tail", "tail3")
    + r"(?=\s*(?:[.!?;)]|$))"
    # "The carriers' pickup lists are built from it.": what the output feeds
    r"|(?:^|(?<=[.!?;(]\s)|(?<=[.!?;(]))\s*(?P<what>(?:the|our|their)\s+(?:[a-z][\w'-]*\s+){0,2}?"
    r"[a-z][\w'-]*)\s+(?:is|are|gets?)\s+(?P<done>built|made|drawn\s+up|printed|planned|put"
    r"\s+together|worked\s+out)\s+(?:from|off|out\s+of|using|with)\s+"
    + _OUTPUT_OBJECT
    + r"(?=\s*(?:[.!?;)]|$))",
    ICASE,
)
# The pipeline's own nouns: a "when" said with one may be a step's bound ("after the window")
_PIPELINE_NOUNS = re.compile(
    r"(?:windows?|sessions?|batch(?:es)?|partitions?|keys?|offsets?|topics?|tables?|fields?"
    r"|columns?|records?|events?|rows?|messages?|readings?|dedup\w*|joins?|sinks?)",
    ICASE,
)


def _people(who: str) -> bool:
    """`who` names people, or the screen they look at ("the duty coordinator", "the lobby TV",
    "the carriers' pickup lists" are not: see the passive's own check)."""
    last = who.rsplit(maxsplit=1)[-1].lower().rstrip("'").removesuffix("'s")
    return (
        last in ("we", "i", "they", "you")
        or last in _PEOPLE_NOUNS
        or bool(_ROLE_NOUN.fullmatch(last))
    )


def _acts_plainly(words: list[str], rest: str) -> bool:
    """None of `words` (who acts, beyond the article; the verb; when they act) could choose
    records or say a step, unless the rest of the request says it again."""
    for word in words:
        low = word.lower().rstrip("'").removesuffix("'s")
        if re.search(r"\d|[_.]", low) or _NEGATION.fullmatch(low) or low.endswith("n't"):
            return False
        if (
            re.search(r"[A-Z]", word)
            and word not in ("TV", "TVs")
            and not re.search(rf"(?<![\w.-]){re.escape(low)}(?![\w.-])", rest)
        ):
            return False  # "the EU desk uses it", "in zone B": a code or name may select
        if _UNIT.search(low) or _TIME_OF_DAY.search(low) or _DAY_NAMED.search(low):
            return False  # "watch it during the night", "each Monday": which records, maybe
        if (_selecting_word(low) or _SELECTION.fullmatch(low) or low in _FIRST_LAST) and not (
            re.search(rf"(?<![\w.-]){re.escape(low)}(?![\w.-])", rest)
        ):
            return False
        if _PIPELINE_NOUNS.fullmatch(low):
            return False  # "after the window": a bound of a step
    return True


_DETERMINER = word_set("the their our his her a an some each every")


def _modifier_unsaid(phrase: list[str], rest: str) -> bool:
    """A word of `phrase` before its noun (no determiner) that the rest never says: it may
    say which records ("the spare batteries", "the north yard")."""
    return any(
        w.lower() not in _DETERMINER and not re.search(rf"(?<![a-z]){re.escape(w.lower())}", rest)
        for w in phrase[:-1]
    )


_FIRST_LAST = word_set("first last latest newest oldest earliest top bottom next previous")
# what people do "off" or "from" the output itself ("the control room pages off that topic",
# "the on-call desk alerts from it"): their own paging, after the pipeline wrote it
_PAGED_OFF = word_set("page pages paged alert alerts alerted")


def people_act_on_output(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence, aside or "so ..." tail around [start, end) when it only says what people
    do with the output (see _PEOPLE_ACT); None otherwise."""
    end = start + len(text[start:end].rstrip(" .!?)"))  # ("(... reads that one)?": its marks)
    left, right = sentence_bounds(text, start, end)
    for m in _PEOPLE_ACT.finditer(text, left, right):
        if not (m.start() <= start and end <= m.end()) or "\x00" in masked[m.start() : m.end()]:
            continue
        rest = (text[: m.start()] + " " + text[m.end() :]).lower()
        who = m["who"] or m["who2"] or m["who3"] or m["what"]
        verb = m["verb"] or m["verb2"] or m["verb3"] or ""
        tail = m["tail"] or m["tail2"] or m["tail3"] or ""
        obj = (m["obj1"] or m["obj3"] or "").split()
        if not m["what"] and not _people(who):
            continue  # "the scanners resend them": a producer's doing, never the output's
        said_off = m["verb2"] and re.search(rf"\b{verb}\s+(?:off|from)\s", m[0], ICASE)
        if said_off and verb.lower() in _PAGED_OFF:
            verb = ""  # "the control room pages off that topic": they page, from the output
        if any(_STEP_WORDS.match(w) or _ACTION.match(w) for w in [verb, *obj] if w):
            continue  # "so we can drop them": a step the pipeline may have to do
        said = [*who.split()[1:], verb, *obj, *tail.split(), *(m["obj2b"] or "").split()[1:]]
        if not _acts_plainly([w for w in said if w], rest):
            continue
        own = (m["obj2b"] or "").split()
        own = own[1:] if own and own[0].lower() in _DETERMINER | {"its", "any"} else own
        if (
            _modifier_unsaid(obj, rest)
            or _modifier_unsaid(tail.split(), rest)
            or (_modifier_unsaid(own, rest))
        ):
            continue  # "swap the spare batteries", "in the north yard": which ones, maybe
        return m[0].strip(" ()")
    return None


# "Exactly-once would be great since nobody wants two letters": why each record must go out
# once, right after the exactly-once delivery read just before it.
_ONCE_WHY = re.compile(
    r"(?:(?:would\s+be|is)\s+(?:great|nice|ideal|good|best|preferred|important)\s*,?\s+)?"
    r"(?:since|because|as)\s+(?:nobody|no\s+one|no-one)\s+(?:wants|likes|needs)\s+(?:to\s+(?:get|receive"
    r"|see)\s+)?(?:two|2|duplicate|double|repeated)\s+(?:[a-z]+\s+)?[a-z]+"
    # "Exactly once delivery - they will notice double counting", "exactly-once, otherwise
    # finance would spot duplicates": who would see a record twice (the normaliser says
    # "double counting" as "duplicates"); nothing about which records
    r"|(?:(?:since|because|as|otherwise|or\s+else|else)\s+)?(?:they|we|people|customers|users"
    r"|finance|accounting|billing|ops|support|(?:the|our)\s+[a-z]+(?:\s+[a-z]+)?)"
    r"(?:\s+(?:will|would|might|could|can)|'ll|'d)\s+(?:(?:definitely|certainly|immediately"
    r"|surely|quickly)\s+)?(?:notice|spot|see|catch|complain\s+about)\s+(?:any\s+|the\s+)?"
    r"(?:duplicates|dupes|double\s+(?:entries|bookings|charges|payments))",
    ICASE,
)
# "This feeds automatic IP blocking, so exactly-once delivery please.": the same said before it
_ONCE_WHY_BEFORE = re.compile(
    r"(?P<w>(?:this|it|these|they|the\s+(?:output|alerts|results|flags))\s+(?:feeds?|drives?|triggers?"
    r"|goes\s+into|go\s+into)\s+(?:an?\s+|the\s+|our\s+)?(?:automatic|automated|auto)\s+"
    r"(?:[A-Za-z]+\s+){0,2}?[a-z]+)\s*,\s*so\s+(?:\x00|\s)*$",
    ICASE,
)
_ONCE_SAID = re.compile(r"\bexactly[\s-]once\b", ICASE)


def once_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why records must go out once, right
    after the exactly-once delivery read just before it; None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    sentence = sentence_bounds(text, start, end)
    said = _ONCE_SAID.search(text, end, sentence[1])
    before = _ONCE_WHY_BEFORE.search(masked, sentence[0], said.start()) if said else None
    if (
        said
        and before
        and "\x00" in masked[said.start() : said.end()]
        and before.start("w") <= start
        and end <= before.end("w")
        and not re.search(r"\d|['\"`_]", before["w"])
    ):
        return text[before.start("w") : before.end("w")]
    # the delivery's words (read) just before, in the same clause
    m = re.compile(
        r"(?P<d>\x00+)(?:[\s,]+|\s+[-\u2013\u2014]+\s+)(?P<w>" + _ONCE_WHY.pattern + r")", ICASE
    ).search(masked, max(0, left - 2), right)
    if not m or m.start("w") > start or m.end("w") < end:
        return None
    if not re.match(r"\s*(?:[,;.!?]|$)", text[m.end("w") :]):
        return None
    said = _ONCE_SAID.search(text, sentence_bounds(text, start, end)[0], m.start("w"))
    if not said or "\x00" not in masked[said.start() : said.end()]:
        return None
    return text[m.start("w") : m.end("w")]


# "We run our freight booking system on MySQL and the analysts want the data in ClickHouse
# without nightly dumps.": what the sender's system runs on and who wants its data where, the
# store names read already (by the CDC source and the sink), maybe the old process it replaces.
# Matched on the masked sentence (each read name a run of the mask).
_SYSTEM_STORY = re.compile(
    r"(?:we|our\s+[a-z]+)\s+(?:run|runs|keep|keeps|host|hosts|have|has)\s+(?:our|the|a|an|its|their)\s+"
    r"(?P<w>(?:[a-z][a-z-]*\s+){0,3}?)(?:system|app|application|platform|service|shop|store"
    r"|backend|erp|crm|software)\s+(?:on|in)\s+(?:a\s+|an\s+)?\x00+"
    r"(?:,?\s+and\s+(?:the|our)\s+(?P<who>(?:[a-z]+\s+)?(?:analysts|team|engineers|scientists|people"
    r"|folks|finance|management|bi))\s+(?:want|wants|need|needs|would\s+like)\s+(?:the|that|this"
    r"|all\s+the|its)\s+(?:data|records|rows|tables|changes)\s+(?:in|into)\s+\x00+"
    r"(?:\s+(?:without|instead\s+of|rather\s+than)\s+(?:the\s+|our\s+)?(?:nightly|daily|weekly"
    r"|manual|batch)?\s*(?:dumps?|exports?|batch\s+jobs?|syncs?|copies|imports?|csv\s+exports?))?)?"
    r"\s*[.!]?",
    ICASE,
)


def system_story(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only says what the sender's system runs on and
    who wants its data in the sink (see _SYSTEM_STORY); None otherwise."""
    left, right = sentence_bounds(text, start, end)
    said = masked[left : right + 1].strip()
    m = _SYSTEM_STORY.fullmatch(said)
    if not m or STEP_WORDS.search(m["w"]) or re.search(r"\d", said):
        return None
    return text[left : right + 1].strip(" .!")


# "(the flaky android client double-sends)": why the request drops duplicates, in an aside;
# accepted only when the parse has a dedup.
_RESENDS_WHY = re.compile(
    r"\(\s*(?:the|our|some|a\s+few)\s+(?:[a-z]+(?:-[a-z]+)*\s+){0,3}?[a-z]+s?\s+(?:(?:sometimes|occasionally|often"
    r"|still|tends\s+to|likes\s+to)\s+)?(?:double-sends?|double-posts?|double\s+sends?|resends?"
    r"|re-sends?|retries|sends?\s+(?:(?:things|messages|events|them|it)\s+)?twice"
    r"|sends?\s+duplicates)(?:\s+(?:a|an|the)\s+[a-z]+)?\s*\)",
    ICASE,
)


def resends_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The aside around [start, end) when it only says why duplicates are dropped; None
    otherwise."""
    if "duplicates" not in facts.split():
        return None
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if "\x00" in masked[open_ : close + 1] or not _RESENDS_WHY.fullmatch(text[open_ : close + 1]):
        return None
    return text[open_ : close + 1]


# "within two days, give or take", "every 5 minutes more or less": a number said loosely
# (see accounting._LOOSELY), never context
_LOOSE_BOUND = re.compile(
    r"\b(?:give\s+or\s+take|more\s+or\s+less|or\s+thereabouts"
    # "(reset at midnight)", "after 6pm": a time of day may say when a step acts or which records
    r"|midnight|noon|\d{1,2}\s*(?:am|pm)|\d{1,2}:\d{2})\b",
    ICASE,
)
_ARROW_AFTER = re.compile(r"[\s.]*;\s*publish\s+to\b", ICASE)
# (only words that say which records go there: "anything faulty", "the rest", "all rejected
# rows"; a label's line before "Sink: topic x" may be a goal, read by the context readers)
_RECORDS_SAID = re.compile(
    r"\s*(?:and\s+)?(?:anything|everything|whatever|all|any|every|each|the\s+rest|others"
    r"|(?:the\s+)?(?:records|events|messages|rows|ones))\b",
    ICASE,
)


def _arrow_subject(text: str, start: int, end: int) -> bool:
    """text[start:end] ends the words before an arrow that say which records go there."""
    if not _ARROW_AFTER.match(text, end):
        return False
    left = max(text.rfind(c, 0, start) for c in ";,.\n") + 1
    return _RECORDS_SAID.match(text, left) is not None


def read_context(
    text: str,
    masked: str,
    runs: list[tuple[int, int, str]],
    fields: frozenset[str],
    facts: str = "",
    filters: FilterFacts = FilterFacts(),  # noqa: B008 (frozen, so immutable: see filter_asides)
) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Split unread runs into context (accepted, as the whole segment's words) and the rest."""
    from .source_descriptions import description_word  # (sources imports this module)

    contexts: list[str] = []
    unread: list[tuple[int, int, str]] = []
    pieces = []
    kept = []
    for start, end, words in runs:  # one sentence at a time: each is context or not
        if _LOOSE_BOUND.search(text, start, end):
            unread.append((start, end, words))  # "within two days, give or take": no context
            continue
        cuts = [m.end() for m in re.finditer(r"[.!?;](?=\s)", text[start:end])]
        if not cuts:
            pieces.append((start, end, words))
            continue
        for a, b in zip([0, *cuts], [*cuts, end - start], strict=True):
            piece = text[start + a : start + b].strip(" ,;.!?")
            if re.search(r"[A-Za-z0-9]", piece):
                at = text.find(piece, start + a)
                pieces.append((at, at + len(piece), piece))
    # "- anything faulty -> x": the words before an arrow (laid out as "; publish to", see
    # text.py) say what goes there; read as context they would be lost and the arrow read as a
    # plain output, so never context
    arrow_subjects = [p for p in pieces if _arrow_subject(text, p[0], p[1])]
    unread += arrow_subjects
    pieces = [p for p in pieces if p not in arrow_subjects]
    for start, end, words in pieces:
        # "(don't replay history)" after "from the latest offset"; "(one per site)" after a
        # topic pattern (a run may go on into the next clause: each sentence on its own)
        aside = offset_aside(text, start, end) or layout_aside(text, masked, start, end)
        if aside is None:
            kept.append((start, end, words))
        elif aside not in contexts:
            contexts.append(aside)
    pieces = kept
    kept = []
    for start, end, words in pieces:
        said = retention_why(text, masked, start, end)
        said = said or label_aside(text, masked, start, end) or nulls_why(text, masked, start, end)
        said = (
            said or threshold_name(text, masked, start, end) or expiry_why(text, masked, start, end)
        )
        said = said or too_late_complaint(text, masked, start, end, facts)
        said = said or complaint_history(text, masked, start, end)
        said = said or wants_live_output(text, masked, start, end)
        said = said or clocks_why(text, masked, start, end, facts)
        said = said or producer_when(text, masked, start, end)
        said = said or code_in_name(text, masked, start, end)
        said = said or ticket_lead(text, masked, start, end, facts)
        said = said or verdict_after_comparison(text, masked, start, end)
        said = said or reader_of_output(text, masked, start, end)
        said = said or builds_on_output(text, masked, start, end, facts)
        said = said or mixed_in(text, masked, start, end, facts)
        said = said or zero_why(text, masked, start, end)
        said = said or live_question(text, masked, start, end)
        said = said or chase_why(text, masked, start, end, facts)
        said = said or kept_judged(text, masked, start, end, facts)
        said = said or kept_remark(text, masked, start, end, facts)
        said = said or resends_why(text, masked, start, end, facts)
        said = said or system_story(text, masked, start, end)
        said = said or threshold_again(text, masked, start, end, facts)
        said = said or sink_audience(text, masked, start, end)
        said = said or people_act_on_output(text, masked, start, end)
        said = said or once_why(text, masked, start, end)
        said = said or rest_why(text, masked, start, end)
        said = said or cause_aside(text, masked, start, end)
        said = said or dropped_why(text, masked, start, end)
        said = said or kept_followup(text, masked, start, end)
        said = said or selection_said_again(text, masked, start, end, filters)
        said = said or left_out_first(text, masked, start, end, filters)
        said = said or left_out_plain_then_filter(text, masked, start, end, filters)
        said = said or dropped_label_then_filter(text, masked, start, end, filters)
        said = said or left_out_why(text, masked, start, end)
        said = said or kept_side_judged(text, masked, start, end)
        said = said or bound_kept_again(text, masked, start, end, filters)
        said = said or range_described(text, masked, start, end, fields)
        if said:
            if said not in contexts:  # (one sentence may hold several unread runs)
                contexts.append(said)
        else:
            kept.append((start, end, words))
    pieces = kept
    kept = []
    for start, end, words in pieces:
        # "We've got probe results landing in router-probes": who has the records, before the
        # words a recogniser read as the source
        left = sentence_bounds(text, start, end)[0]
        opener = text[left:end].strip()
        # "In our university we have ...": where the sender is, before who has the records
        place = _PLACE_OPENER.match(opener)
        if place and (
            _QUALIFIER.search(place[0])  # "In our busiest warehouse", "At the new plant":
            or re.search(r"\w{3,}est\b", place[0])  # which one may select records
            or _STEP_WORDS.search(place[0])
        ):
            place = None
        if place and re.match(r"\s*,?\s*(?:\s|$)", opener[place.end() :]):
            opener = opener[place.end() :].strip(" ,")
        have = _HAVE_OPENER.fullmatch(opener) if opener else None
        if (
            (have or (place and not opener))
            and re.match(
                # (after a place: "At the clinic we('ve got readings landing in ...)")
                r"\s*(?:(?:on|in|at)\s+)?(?:(?:the|our)\s+)?"
                + (r",?\s*(?:(?:we|i|they)\b'?\s*)?" if place and not opener else "")
                + r"\x00",
                masked[end:],
                ICASE,
            )
            and all(description_word(w) for w in ((have and have["w"]) or "").split())
        ):
            contexts.append(words)
        else:
            kept.append((start, end, words))
    pieces = kept
    for start, end, words in pieces:
        segment = context_segment(text, masked, start, end)
        said = text[segment[0] : segment[1]].strip(" ,;.!?()") if segment else ""
        rest = (text[: segment[0]] + " " + text[segment[1] :]).lower() if segment else ""
        # ("So that the safety officer can review the deep dives": which dives, said only here)
        some = [m for m in _SOME_RECORDS.finditer(said) if _some_records(m, rest)]
        # ("Title: Deliveries with organic farm details": which farms, said only here)
        some += [m for m in _DETAILS_OF.finditer(said) if _details_qualified(m[0], rest)]
        if (
            segment
            and is_context(said, fields)
            and not some
            and not _ahead_name(said, rest)
            and not for_some_unsaid(said, rest)
            and not ones_unsaid(said, text[: segment[0]], rest)
        ):
            if said not in contexts:
                contexts.append(said)
        else:
            unread.append((start, end, words))
    return contexts, unread
