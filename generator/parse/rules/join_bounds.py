"""Recogniser helpers: the time bound of an interval join ("within 30 minutes before", "up to 2
hours before or 15 minutes after", "from 2 minutes before to 5 minutes after the assignment",
"10 minutes either way", "; a payment must arrive within 30 minutes after its order"): its
durations, directions and the records it is said against, and its grace (", allowing 1
minute of grace")."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .lexicon import (
    STOP,
    singular,
    word_set,
)
from .quantities import DUR, ICASE

# "taken in the two hours before the launch": a one-sided bound said as the span before or
# after the other record, "in the" for "within the" (see WITHIN)
IN_THE_SPAN = rf"(?:in|during)\s+the\s+(?:last\s+|past\s+)?{DUR}\s+(?:before|after|prior\s+to)"


# "10 minutes either way", "+/- 2 hours on either side": a duration both ways, no "within"
BARE_BOTH_WAYS = r"(?:±\s*|\+/-\s*)?\d[\w\s.]{0,24}?\s(?:on\s+)?either\s+(?:way|side)\b"


# The time bound in a clause of its own: "..., matching updates within 5 minutes of each click"
BOUND_CLAUSE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:(?:matching|matched|pairing|paired|joining|taking|using|counting"
    r"|including)\s+"
    r"(?:(?:the\s+|any\s+|only\s+)?[A-Za-z][\w-]*\s+)?"
    r"|(?:where|when|if)\s+(?:the\s+|a\s+|an\s+)?[A-Za-z][\w-]*\s+(?:comes?|arrives?|happens?"
    r"|occurs?|lands?|lies|falls|is\s+\w+)\s+"
    # "..., allowing the payment to arrive up to 30 minutes after the order"
    r"|allow(?:ing|s)?\s+(?:the\s+|a\s+|an\s+)?[A-Za-z][\w-]*\s+to\s+(?:come|arrive|happen|occur"
    r"|land|be\s+\w+)\s+)?"
    r"(?=(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\b"
    # ("..., 10 minutes either way": a bound with no "within", both ways)
    rf"|{BARE_BOTH_WAYS})",
    ICASE,
)


# The time bound in the clause after the join's: "..., matching updates within 5 minutes"
BOUND_NEXT = re.compile(
    r"\s*,\s*(?:(?:matching|pairing|correlating|taking|keeping)\s+(?:[a-z]+\s+){0,2}?)?"
    r"(?=(?:within|up\s+to)\s)",
    ICASE,
)


# Which way a bound goes; "late"/"early" as in "up to 1 hour late".
_DIR = r"(?:before|after|earlier|later|late|early)"


# Both ways said: "5 minutes before or after", "either side".
_BOTH = (
    r"(?:\s+(?:(?:before|earlier)\s+(?:or|and)\s+(?:after|later)|(?:after|later)\s+(?:or|and)\s+"
    r"(?:before|earlier)|either\s+(?:way|side)|on\s+either\s+side|in\s+either\s+direction|apart))"
)


# Both ways said after the bound's clause: "within 2 seconds of it, either side", "within 24
# hours of the match, before or after (clocks drift)".
_BOTH_AFTER = (
    r"\s*,\s*(?:on\s+)?(?:either\s+(?:side|way)|(?:before|earlier)\s+(?:or|and)\s+(?:after|later)"
    r"|(?:after|later)\s+(?:or|and)\s+(?:before|earlier))\b(?=\s*[,;.(]|\s*$)"
)


EITHER_WAY_AFTER = re.compile(_BOTH_AFTER, ICASE)


# The second end of an asymmetric bound, its own limit word said or not: "up to 2 hours before
# or 15 minutes after", "... before the check-in or at most 15 min after", "... or within 5
# minutes after it"
_SECOND_LIMIT = (
    r"(?:(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than|within"
    r"|max(?:imum)?(?:\s+of)?)\s+)?"
)


# The reference said after the first end, before the second ("up to 2 hours before the check-in
# or at most 15 min after"): read as the bound's reference (`_range_ref`)
_MID_REF = (
    r"(?:\s+(?:the|its|their|each|an?)\s+(?P<mref>[a-z][\w-]*)(?:\s+(?!(?:and|or)\b)[a-z][\w-]*)?"
    rf"(?=\s+(?:and|or)\s+{_SECOND_LIMIT}{DUR}\s+{_DIR}))?"
)


_SECOND_END = rf"(?:\s+(?:and|or)\s+{_SECOND_LIMIT}(?P<b>{DUR})\s+(?P<bdir>{_DIR}))?"


# "within the hour before the inspection": the span's unit alone after "the" (one of it), only
# with a direction said (a bare "within the hour" may mean the clock hour)
_THE_UNIT = r"(?:(?<=the\s)|(?<=last\s)|(?<=past\s))(?:second|minute|hour|day|week)(?![\w-])"


# The span said back or on from the record the join starts from: "within the previous 14
# days", "in the preceding 2 hours", "during the next 10 minutes"; the word says the direction
_SPAN_DIR = r"previous|preceding|prior|last|past|next|following|coming"


WITHIN = re.compile(
    # "(the request) that arrived within the previous 14 days": the span's own direction
    rf"(?:\b(?:within|in|during|over)\s+the\s+(?P<pdir>{_SPAN_DIR})\s+(?=(?:{DUR}|{_THE_UNIT})"
    rf"(?!\s+(?:{_DIR}|either|on\s+either)\b))"
    # (the bound with no "within": ", 10 minutes either way", "(+/- 10 min)", "(±10 min)")
    rf"|\bwithin\s+|\b(?:in|during)\s+(?=the\s+(?:(?:last|past)\s+)?(?:{DUR}|{_THE_UNIT})\s+{_DIR}\b)"
    rf"|(?<=,)\s*(?={BARE_BOTH_WAYS})"
    r"|(?<=\()\s*(?=(?:±|\+/-|plus\s+or\s+minus)\s*\d))"
    # ("within the five minutes after the start": a direction said)
    rf"(?:a\s+|an\s+|the\s+(?:(?:last|past)\s+)?(?=(?:{DUR}|{_THE_UNIT})\s+{_DIR}\b))?"
    r"(?:window\s+of\s+)?"
    rf"(?:±\s*|\+/-\s*|plus\s+or\s+minus\s+)?"
    rf"(?P<a>{DUR}|{_THE_UNIT})(?:\s+(?:window|of\s+each\s+other|either\s+way|apart"
    rf"|of\s+(?:each|every|the|its|their)\s+[A-Za-z][\w-]*|of\s+it\b)|{_BOTH}"
    # "within 30 seconds either side of the door event"
    r"(?:\s+of\s+(?:each|every|the|its|their)\s+[A-Za-z][\w-]*"
    r"(?:\s+(?:event|record|message|reading|ping|fix|scan|row)s?)?)?)?"
    # "within 1 hour of the send (before or after, ...)": both ways, said in parentheses
    r"(?P<both>\s*\(\s*(?:(?:before|earlier)\s+(?:or|and)\s+(?:after|later)|(?:after|later)\s+"
    r"(?:or|and)\s+(?:before|earlier)|either\s+way)\b(?:\s*\))?"
    # "within 2 seconds of it, either side"
    rf"|{_BOTH_AFTER})?(?:\s+(?P<adir>{_DIR}){_MID_REF})?{_SECOND_END}",
    ICASE,
)


UP_TO = re.compile(
    rf"\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    # "max 5 seconds apart"
    r"|max(?:imum)?(?:\s+of)?)\s+"
    rf"(?P<a>{DUR})(?P<both>{_BOTH})?(?:\s+(?P<adir>{_DIR})(?:\s+than)?{_MID_REF})?"
    rf"{_SECOND_END}",
    ICASE,
)


# An asymmetric bound as a range: "from 2 minutes before to 5 minutes after the assignment",
# "between 1 minute before and 10 minutes after"; both directions must be said.
_FROM_TO = (
    # ("from 30 minutes before up to 2 hours after the assignment")
    # ("from up to 1 hour before the incident to 10 minutes after it": the first end's limit
    # and its reference said inside the range)
    rf"\b(?:from|between)\s+(?:up\s+to\s+)?(?P<a>{DUR})\s+(?P<adir>{_DIR})"
    r"(?:\s+(?:the|its|their|each|an?)\s+(?P<mref>[a-z][\w-]*))?"
    rf"\s+(?:(?:up\s+)?(?:to|until|till)|and)\s+(?P<b>{DUR})\s+(?P<bdir>{_DIR})"
)


FROM_TO = re.compile(_FROM_TO, ICASE)


# The first end of such a range, enough to say a bound follows ("taken between 5 minutes before
# and ..."): what makes a pairing verb a join verb, as "within" does
RANGE_OPENS = rf"(?:from|between)\s+(?:up\s+to\s+)?{DUR}\s+{_DIR}\b"


# The time bound said as its own clause after the join's: "..., clicks up to 10 minutes after the
# impression", "; a payment must arrive within 30 minutes after its order".
# "platform changes up to ...": a qualifier word may come before the noun
_BOUND_NOUN = (
    # ("the port out request comes ...": two words before the noun)
    r"(?:(?:an?|the|each|every|any)\s+)?(?:(?!(?:and|or|but|only|then)\s)[a-z][\w-]*\s+){0,2}?"
    r"(?P<noun>[a-z][\w-]*)\s+"
)


_BOUND_VERB = (
    r"(?:(?:counts|matches|qualifies|is\s+kept|is|are"
    # "the autoclave cycle must be at most 48 hours before the usage"
    r"|(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+be"
    # "A review belongs to a goal if it happens at most 3 minutes after the goal"
    r"|(?:belongs?|goes|go|counts|count|is\s+matched|are\s+matched|is\s+paired|are\s+paired)\s+"
    # ("a finish belongs to a gate drop if ...": the records' noun may take two words)
    # (its first word checked: `_owner_named`)
    r"(?:to|with|for)\s+(?:an?|the|its|their|each)\s+(?:(?P<owner>[a-z][\w-]*)\s+(?!(?:if|when)\b))?"
    r"[a-z][\w-]*)"
    r"\s+)?"
    # ("A confirmation counts if it happened up to 2 hours before the entry": the past too)
    r"(?:(?:only\s+)?(?:if|when)\s+(?:it|they)\s+(?:is|are|was|were"
    r"|comes?|came|arrived?|arrives|happen(?:s|ed)?|occur(?:s|red)?|land(?:s|ed)?)\s+)?"
    # ("the certificate has to be issued at most 48 hours before the shipment")
    r"(?:(?:that\s+|which\s+)?(?:(?:must|should|can|may|will|to|ha(?:s|ve|d)\s+to)\s+)?(?:be\s+)?"
    r"(?:arriv\w*|happen\w*|issued|sent|created|signed|published|granted|logged|registered|emitted"
    r"|occur\w*|com\w*|land\w*|follow\w*|count\w*|match\w*|seen|recorded|made|placed|lie|lies"
    r"|lying|fall|falls|falling"
    # ("label printed at most 30 days before the sale": any past participle, the noun's event)
    r"|(?!(?:and|or|but|only|then)\b)[a-z]{2,}ed|done|made|taken|written|given|paid|read|put|set)"
    r"\s+)?"
)


# Participles not ending in "-ed" that say a record's event ("after the ring was built")
IRREGULAR_PARTICIPLES = sorted(
    word_set("""made done sent paid taken written given built begun brought bought caught chosen
    driven drawn found flown frozen held laid left lost put read run seen set shown sold spun
    thrown torn won worn broken"""),
    key=lambda w: (-len(w), w),  # (the longest first, in one order every run)
)


_REF = (
    r"\s+(?:(?:the|its|their|each|an?)\s+)?(?!(?:into|to|and|then|in|on|with|from|print|write|send"
    # ("... within 1 hour taking fare": the fields to copy, never the bound's reference)
    r"|for|of|or|but|taking|take|adding|add|copying|copy|grabbing|grab|fetching|attaching"
    r"|bringing|pulling|keeping)\b)(?P<ref>[a-z][\w-]*)"
    # "after the login attempt": a second word of the noun, ending the clause
    # ("before the boarding scan (never after it)": the one-sided bound said again after it;
    # "before the box ships and never after it": with "and", see ONE_SIDED)
    r"(?:\s+(?!(?:into|to|and|then|in|on|with|from|for|of|or|but)\b)[a-z][\w-]*"
    r"(?=\s*(?:[,;.(]|$)|\s+(?:and|but)\s+(?:never|not|nothing|none)\b))?"
    # "after the order is placed": the record's event, said in the passive, ending the clause
    # ("after the ring was built": an irregular participle too, IRREGULAR_PARTICIPLES)
    rf"(?:\s+(?:is|are|was|were|gets|got)\s+(?:[a-z]{{2,}}ed|{'|'.join(IRREGULAR_PARTICIPLES)})"
    r"(?=\s*(?:[,;.(]|$)))?"
)


NEXT_BOUND = re.compile(
    # ("..., matching a moisture reading that comes up to 30 minutes after the irrigation")
    # (", with the arrival at most 6 hours after the request")
    # ("ON sample_id (0 to 6h after)": the bound alone in parentheses after the key)
    rf"\s*(?:[,;:.?!]|(?P<paren>\())\s*(?:and\s+)?(?:only\s+)?(?:(?:matching|taking|using|with)\s+)?"
    # ", pairing a booking with usage logs that lie within 15 minutes either side of it"
    r"(?:(?:matching|pairing)\s+(?:it|them|(?:an?|each|every|the)\s+[a-z][\w-]*)\s+with\s+)?"
    # "..., where the gate assignment arrived up to 2 hours before the scan"
    # (", only pairs where the video order comes within 2 hours after the flight": the pairs
    # the join keeps, said before the bound's subject)
    r"(?:(?:(?:the\s+)?(?:pairs|matches)\s+)?(?:where|when)\s+(?=(?:an?|the|each|every|any)\s))?"
    rf"(?:{_BOUND_NOUN}{_BOUND_VERB})?(?:only\s+)?"
    # ("taking the arrival from within the hour before the inspection")
    r"(?:from\s+(?=within\s|up\s+to\s))?"
    # ("where the pickup happens no earlier than the dispatch and at most 45 minutes after it":
    # the one-sided bound's side said first, checked against it by `refuse_lead_side`)
    # ("a payment never comes before its order and at most 2 hours after it": the same)
    r"(?P<lead1>(?:no\s+earlier\s+than|not\s+(?:earlier\s+than|before)"
    r"|never\s+(?:(?:comes?|arrives?|happens?|lands?|occurs?)\s+)?before)\s+(?:the|its|their"
    r"|each|an?)\s+(?P<lref>[a-z][\w-]*)\s*,?\s+(?:and|but)\s+)?"
    rf"(?P<bound>(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    r"|max(?:imum)?(?:\s+of)?"
    # "..., where the departure happened in the 2 hours before the scan": a direction is said
    # (", buffing done within the 6 hours before the cure": the same, with "within")
    rf"|(?:in|during|within)\s+the(?=\s+(?:{DUR}|{_THE_UNIT})\s+(?:before|after)\s)"
    # (", readings in the preceding 2 hours": the span's own direction, _SPAN_DIR)
    rf"|(?:in|during|within|over)\s+the\s+(?P<pdir>{_SPAN_DIR})"
    rf"(?=\s+(?:{DUR}|{_THE_UNIT})(?!\s+(?:{_DIR}|either|on\s+either)\b))"
    # "..., landing 0-90 minutes after takeoff": from none up to (a range from more than zero
    # is a gap the spec cannot say, left unread)
    r"|(?:between\s+)?(?:0|zero)(?:\s*[-\u2013]|\s+(?:to|and))"
    # "- window: 10 minutes either side": a runbook's label, a direction or both ways said
    rf"|(?:time\s+)?(?:window|bound)\s*:(?=\s*{DUR}(?:{_BOTH}|\s+{_DIR}\b)))"
    rf"(?:\s+|(?<=[-\u2013]))(?P<a>{DUR}|{_THE_UNIT})(?P<both>{_BOTH})?"
    rf"(?:\s+(?P<adir>{_DIR})(?:\s+than)?)?"
    # ("; the payment can be up to 3 hours before the game ends or up to 30 min after": the
    # reference said after the first direction)
    rf"{_MID_REF}{_SECOND_END})(?:\s+of)?(?:{_REF})?(?(paren)\s*\))",
    ICASE,
)


# The bound said with a modal verb and no bound word: "..., the visit can be 30 minutes before or
# after the ping", "; the payment may come 10 minutes after the order" (a direction is said)
NEXT_BARE_BOUND = re.compile(
    rf"\s*[,;:.?!]\s*(?:and\s+)?(?:(?:where|when)\s+)?{_BOUND_NOUN}"
    r"(?:can|may|could|might|should|must|will)\s+(?:be|come|arrive|happen|occur|land)\s+"
    rf"(?P<bound>(?P<a>{DUR})(?:(?P<both>{_BOTH})|\s+(?P<adir>{_DIR})(?:\s+than)?"
    rf"{_SECOND_END}))"
    rf"(?:\s+of)?(?:{_REF})?",
    ICASE,
)


# The noun naming a side right before a bound ("payments up to ...", "orders within ...") and the
# one after it ("... after the order").
# "..., matching pings from 2 minutes before to 5 minutes after the assignment"
NEXT_FROM_TO = re.compile(
    rf"\s*[,;:.?!]\s*(?:and\s+)?(?:only\s+)?(?:{_BOUND_NOUN}{_BOUND_VERB})?{_FROM_TO}"
    rf"(?:\s+of)?(?:{_REF})?",
    ICASE,
)


BOUND_SUBJECT = re.compile(
    r"(?:^|\s)(?:(?:where|when|if|once|allowing|allows?|matching|matched|pairing|paired|joining|correlating"
    r"|counting|including|with|and)\s+)?"
    # ("and the vet record is from up to 30 days before the check-in or at most ...")
    rf"{_BOUND_NOUN}{_BOUND_VERB}(?:(?<=\bis\s)from\s+|(?<=\bare\s)from\s+)?(?:only\s+)?$",
    ICASE,
)


BOUND_REF = re.compile(_REF, ICASE)


# A bound said before the join, as a sentence of its own: "A payment always comes after the
# approval, at most 48 hours later."
_PRIOR_NOUN = (
    r"(?:^|(?<=[.;!?]\s))(?:an?|the|each|every)\s+(?P<noun>[a-z][\w-]*)\s+(?:always\s+|only\s+"
    r"|usually\s+|normally\s+)?(?:comes?|arrives?|happens?|follows?|lands?|is\s+\w+ed)\s+"
)


_PRIOR_UP_TO = r"(?:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|within)\s+"


PRIOR_BOUND = [
    re.compile(
        rf"{_PRIOR_NOUN}(?P<dir>before|after)\s+(?:the|its|their|an?)\s+(?P<ref>[a-z][\w-]*)"
        rf"\s*,\s*{_PRIOR_UP_TO}(?P<a>{DUR})(?:\s+(?P<adir>{_DIR}))?(?=\s*(?:[.;]|$))",
        ICASE,
    ),
    # "A payment comes at most 48 hours after the approval."
    re.compile(
        rf"{_PRIOR_NOUN}{_PRIOR_UP_TO}(?P<a>{DUR})\s+(?P<dir>before|after)\s+(?:the|its|their|an?)\s+"
        r"(?P<ref>[a-z][\w-]*)(?P<adir>)(?=\s*(?:[.;]|$))",
        ICASE,
    ),
]


# "... after the access (never before it)", ", but not earlier": a one-sided bound said again
ONE_SIDED = re.compile(
    rf"\s*(?:\(\s*|,\s*|\s+(?:and|but)\s+|[\u2013\u2014-]\s*)?(?:and\s+|but\s+)?"
    # "(a payment never comes before the booking)": the joined record, said with its verb
    r"(?:(?:an?\s+|the\s+)?(?P<subj>[a-z]+)\s+(?=never\s))?(?:(?:never|not)\s+"
    r"(?:(?:comes?|arrives?|happens?|lands?|occurs?)\s+)?"
    # "(nothing before it counts)", "(nothing after)", ", none after": what does not match,
    # said as "nothing" or "none", a verb after it or the clause ending
    r"|(?P<nothing>nothing|none)\s+)"
    rf"(?P<d>{_DIR})(?:\s+than)?(?:\s+(?:(?:the|its|their)\s+[a-z]+|it|that|this)\b)?"
    r"(?(nothing)(?:\s+(?:counts|matches|qualifies|is\s+matched|is\s+kept|is\s+used))?"
    r"(?=\s*(?:[),;.\u2013\u2014]|-\s|$)))\s*\)?",
    ICASE,
)


# A bound as a range from none, in the join's clause: "ON sample_id (0 to 6h after)", "0-90
# minutes after" (a range from more than zero is a gap the spec cannot say, left unread)
FROM_ZERO = re.compile(
    rf"\b(?:between\s+)?(?:0|zero)(?:\s*[-\u2013]\s*|\s+(?:to|and)\s+)(?P<a>{DUR})\s+"
    rf"(?P<adir>{_DIR})\b(?P<b>)(?P<bdir>)(?P<both>)",
    ICASE,
)


# A join's grace as a clause of its own, before or after its fields: ", allowing 1 minute of
# grace", "; grace period of 30 seconds"
GRACE_CLAUSE = re.compile(
    r"\s*[,;]\s*(?:and\s+)?(?:(?:allow|allowing|with|give|giving|plus)\s+)?(?:an?\s+)?"
    rf"(?:{DUR}\s+(?:of\s+)?grace(?:\s+period)?|grace(?:\s+period)?\s*(?:of\s+)?{DUR})"
    r"(?=\s*(?:[,;.]|$))",
    ICASE,
)


def _one_sided_end(
    bm: re.Match[str], text: str, pos: int, subject: str | None, ref: str | None
) -> int:
    """Where a bound ends, with a one-sided bound said again after it ("at most 2 minutes after
    the access (never before it)"); a repeat that contradicts the bound, or one after a
    two-sided bound ("within 2 minutes, never before it"), is refused. The repeat may name
    either record: "a fare comes ... after its ride (a ride never arrives after its fare)"
    says the ride's side, so its direction turns; a record that is neither is refused."""
    om = ONE_SIDED.match(text, pos)
    if not om:
        return pos
    adir = a_direction(bm)
    said = _direction(om.group("d"))
    if om.group("subj"):
        who = singular(om.group("subj").lower())
        if ref and who == singular(ref.lower()):
            said = "before" if said == "after" else "after"
        elif not (subject and who == singular(subject.lower())):
            said = adir  # cannot tell whose side it says: refused below
    if adir is None or bm.groupdict().get("b") or bm.groupdict().get("both") or said == adir:
        raise RequestNotUnderstood(
            f"join time bound {bm.group(0).strip()!r} then {om.group(0).strip()!r}: "
            'say one bound, e.g. "clicks up to 10 minutes after the impression"'
        )
    return om.end()


def refuse_lead_side(bm: re.Match[str], ref: str | None) -> None:
    """ "no earlier than the dispatch and at most 45 minutes after it": the side said first must
    be the bound's own (after the same records); anything else is refused."""
    lead = bm.groupdict().get("lead1")
    if not lead:
        return
    lref = bm.group("lref").lower()
    same_ref = not ref or ref.lower() in ("it", "them") or singular(ref.lower()) == singular(lref)
    if (
        a_direction(bm) != "after"
        or bm.groupdict().get("b")
        or bm.groupdict().get("both")
        or not same_ref
    ):
        raise RequestNotUnderstood(
            f"join time bound {' '.join(bm.group(0).split()).strip(' ,;:.')!r}: say one bound, e.g. "
            '"pickups up to 45 minutes after the dispatch"'
        )


def _range_ref(bm: re.Match[str], ref: str | None) -> str | None:
    """The records a bound is said against: its reference after the bound, or the one said
    inside it ("from up to 1 hour before the incident to 10 minutes after it": "it" names
    nothing, "incident" does); two different ones are refused."""
    inner = bm.groupdict().get("mref")
    if not inner or (ref and ref.lower() in STOP):
        return inner or ref
    if ref and singular(ref.lower()) != singular(inner.lower()):
        raise RequestNotUnderstood(
            f"join time bound {bm.group(0).strip()!r} ... {ref!r}: it is said against both "
            f"{inner!r} and {ref!r}; say it against one stream's records, e.g. \"from 1 hour "
            'before the incident to 10 minutes after it"'
        )
    return inner


def _direction(word: str | None) -> str | None:
    """ "after", "later", "late" -> after; "before", "earlier", "early" -> before."""
    if not word:
        return None
    return "after" if word.lower() in ("after", "later", "late") else "before"


def a_direction(bm: re.Match[str]) -> str | None:
    """The direction of a bound's first span: said after it ("10 minutes after") or before it
    ("within the previous 14 days" is before, "within the next 10 minutes" after)."""
    said = bm.groupdict()
    if said.get("adir"):
        return _direction(said["adir"])
    span = (said.get("pdir") or "").lower()
    if not span:
        return None
    return "after" if span in ("next", "following", "coming") else "before"
