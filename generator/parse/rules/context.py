"""Context sentences and the sender's facts: words about the sender's situation, not steps.

A sentence, clause or aside that no recogniser read is context (listed under the assumptions,
shown by `etl-gen explain`) when it holds no requirement word (`is_context`, `context_segment`).
This module also owns the words that check looks for, shared with the purpose clauses
(purpose.py) and the aside readers (asides.py, filter_asides.py): the step and qualifier words
(STEP_WORDS, QUALIFIER), values, negations, units and words that may select records
(`may_select`, `may_select_records`); and the facts of the sender's world a purpose clause or a
context sentence may state without asking for a step: how many things the sender has and how
big it is, how often the producers send (DATA_RATE, PRODUCED_RATE, FREQ_SAID), the old process
the pipeline replaces (`replaced_spans`), and why records repeat (`duplicates_why`, read only
beside a dedup).

`read_context`, which tries the one-aside readers and then `is_context` on each unread run, is in
asides.py (it needs them all).
"""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .lexicon import (
    COMPLIANCE_ACRONYMS,
    COUNT_NOUNS,
    PLACE_QUALIFIERS,
    QUALIFYING,
    RATIO_WORD,
    READ_AGAIN_VERBS,
    REPEATS_HOW_OFTEN,
    ROLE_NOUNS,
    SYSTEM_ACRONYMS,
    TECH_ACRONYMS,
    UNITS,
    word_set,
)
from .quantities import ICASE
from .sentences import sentence_bounds

# "Context:", "Some context first:", "A bit of background:": a label for the sender's situation
_CONTEXT_LABEL = (
    r"(?:(?:some|a\s+(?:bit|little)\s+of|quick|brief|short)\s+)?(?:context|background)"
    r"(?:\s+first)?"
)
# "Reason: ...", "Motivation: ...", "Use case: ...": a label over why the pipeline is wanted
_WHY_LABEL = (
    r"(?:reasons?|rationale|motivation|use\s+case|business\s+(?:case|value|need)|the\s+why)"
)
# In a context-labelled sentence, how many things the sender has ("with about 4000 animals")
# and how often producers send ("a GPS collar that reports every couple of minutes"): facts
# about the sender's world, no threshold or window of the pipeline.
_APPROX_COUNT = re.compile(
    r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|some)\s+\d[\d,]*\s+[a-z]+s\b",
    ICASE,
)
# "We coordinate about 400 volunteers across our food banks", "our team looks after roughly
# 1,200 stores": how many things the sender has, said of the sender in any sentence; a fact of
# its world, never a threshold (see _sender_counts_out for the nouns it may count).
# ("The dispatch centre handles about 12,000 bookings a day", "we teach around 2,000 lessons a
# week": how many, and how often, never a window)
_SENDER_COUNT = re.compile(
    r"\b(?:we|i|they|(?:our|the)\s+(?:[a-z]+\s+)?[a-z]+)\s+(?:have|has|coordinate|coordinates"
    r"|manage|manages|run|runs|operate|operates|serve|serves|employ|employs|support|supports|own"
    r"|owns|look\s+after|looks\s+after|dispatch\s+for|dispatches\s+for|handle|handles|teach"
    r"|teaches|host|hosts)\s+(?P<n>(?:about|around|roughly|approximately|nearly|almost|some|over)"
    r"\s+\d[\d,]*\s+(?:(?P<noun>[a-z]+s)|[a-z]+\s+(?P<noun2>[a-z]+s)(?=\s+(?:a|per|each|every)\s))"
    r"(?:\s+(?:a|per|each|every)\s+(?:day|night|week|month|year))?)\b",
    ICASE,
)
# "a live board covering the group's 140 properties", "across our 60 stores": how many the
# sender has, said of what the output covers
_COVERED_COUNT = re.compile(
    r"\b(?:covering|across)\s+(?:all\s+)?(?:our|its|their|the\s+(?:group|company|chain|firm)'s)\s+"
    r"(?P<n>(?:(?:about|around|roughly|approximately|nearly|almost|some|over)\s+)?\d[\d,]*\s+"
    r"(?P<noun>[a-z]+s))\b",
    ICASE,
)
# "We're a 120-room hotel", "we run a 40-bed clinic": the sender's size, a count joined to
# its noun before what the sender is
_SIZED_SENDER = re.compile(
    r"\b(?:we(?:'re|\s+are)|i(?:'m|\s+am)|(?:we|i)\s+(?:run|manage|operate|own))\s+(?:a|an)\s+"
    # (never a time span: "a 24-hour store" may say when)
    r"(?P<n>\d[\d,]*-(?P<noun>(?!(?:sec|second|min|minute|hour|hr|day|night|week|month|year)s?"
    r"\b)[a-z]+))\s+(?=[a-z])",
    ICASE,
)
_PRODUCER_RATE = re.compile(
    r"\b(?:that|which|who)?\s*(?:reports?|sends?|pings?|emits?|transmits?|publishes|publish"
    r"|checks?\s+in|phones?\s+home)\s+(?:(?:roughly|about|around|approximately)\s+)?"
    r"every\s+(?:(?:few|couple\s+of|other|\d+(?:\.\d+)?)\s+)?(?:seconds?|minutes?|hours?|days?)\b"
    r"(?:\s+or\s+so)?",
    ICASE,
)
# "... instead of the nightly batch export from the core banking system": what the pipeline
# replaces, in a context-labelled sentence; the sender's old process, no step of this one.
_OLD_PROCESS = re.compile(
    r"\b(?:instead\s+of|rather\s+than|replacing)\s+(?:the|our|a|an|their)\s+(?:[a-z][\w-]*\s+){0,3}?"
    r"(?:exports?|dumps?|jobs?|cron(?:\s+jobs?)?|scripts?|spreadsheets?|processe?s?|syncs?|extracts?"
    r"|uploads?|e-?mails?|reports?|csvs?)"
    r"(?:\s+(?:from|of|in|on)\s+(?:the|our|their)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)?"
    r"(?=\s*[.;,!?]|\s*$)",
    ICASE,
)
# "... and right now they do it from a spreadsheet export, which is always a day old": how
# the sender works today, in a context-labelled sentence; the old process, no step of this one.
_NOW_PROCESS = re.compile(
    r"(?:\band\s+)?\b(?:right\s+now|currently|today|at\s+the\s+moment)\s*,?\s+(?:they|we|i|he|she)"
    r"\s+(?:do|does|run|runs|build|builds|get|gets|pull|pulls)\s+(?:it|this|that|them)\s+(?:from"
    r"|off|with|via|in|out\s+of)\s+(?:a|an|the|their|our)\s+(?:[a-z][\w-]*\s+){0,2}?(?:exports?"
    r"|dumps?|spreadsheets?|csvs?|extracts?|reports?|e-?mails?)"
    r"(?:\s*,?\s+(?:which|that)\s+(?:is|are)\s+(?:always|usually|often|typically)?\s*"
    r"(?:a\s+day|hours|days|a\s+few\s+hours|half\s+a\s+day)\s+old)?(?=\s*[.;,!?]|\s*$)",
    ICASE,
)

_VALUE = re.compile(
    # ("E42": a code with digits, one value, said again whole)
    r"'[^']*'|\"[^\"]*\"|`[^`]*`|(?<![\w.-])[A-Za-z]+\d\w*(?![\w.-])|\d+(?:\.\d+)?"
    r"|(?<![\w.-])(?!per-)[A-Za-z]\w*[_.-][\w.-]*\w"
    r"|[<>]=?|[!=]=|\{[^}]*\}"
)
# Verbs that act on records or their delivery ("Ignore test accounts.", "We need it
# compressed"): a clause holding one may be a requirement, so each of its words must be restated.
_ACTION = re.compile(
    r"\b(?:ignor|skip|discard|drop|remov|filter|exclud|includ|hid|hide|block|reject|suppress"
    r"|dedup|deduplicat|mask|redact|hash(?!tag)|anonymi[sz]|encrypt|compress(?!ors?\b)|partition"
    r"|sort"
    # ("than the batch job gives us": the old process, never batching the output)
    r"|batch(?!\w*\s+(?:jobs?|process(?:es)?|runs?|exports?|reports?|loads?)\b)"
    # ("Mist-net rounds are irregular": the plural noun before its verb, no rounding)
    r"|retr[yi]|convert|round(?!s\s+(?:are|were|vary|happen|take|last|run)\b)|truncat|limit|sampl|throttl|split|merg|trim|lowercas|uppercas"
    r"|renam|cast|duplicat|dupe|out-of-order|missing|null|empty|invalid|malformed|broken"
    # ("a replica with hard deletes": what a deleted row does, a CDC setting)
    r"|corrupt|delet)\w*|\blate\b|\blateness\b"
    # a judgement on records ("Refunds are irrelevant.", "Bot traffic is noise."): a filter?
    r"|\b(?:irrelevant|relevant|noise|noisy|junk|spam|garbage|bogus|fake|unwanted|useless|useful"
    r"|elsewhere|separately|matters?)\b"
    # an aggregate named only in the purpose ("Goal: a per-minute error count") must be one the
    # request computes, with every word that qualifies it restated
    r"|\b(?:count|counts|sum|sums|total|totals|average|averages|avg|mean|max|min|maximum|minimum"
    r"|unique|distinct|percentile|median)\b",
    ICASE,
)


_NEGATION = re.compile(r"\b(?:not|no|never|without|except|excluding|exclude|unless|nor)\b", ICASE)
# "We don't need refunds.": a contraction negates too, unless what it negates is an action the
# parse states ("We can't afford double counting" with a dedup).
_CONTRACTED = re.compile(r"n't\b|\bcannot\b", ICASE)
# Words that select records ("We only care about mobile users: ..."): the clause may then be a
# filter the rest does not state, so each of its other content words must be restated.
_SELECTION = re.compile(
    r"\b(?:only|just|care|cares|interested|focus\w*|specific\w*|particular\w*|certain"
    r"|mainly|mostly|solely|exclusively)\b",
    ICASE,
)
# Words in a purpose clause's unread words that may state a requirement ("Finance wants it in
# euros", "the amounts are in cents", "some readings come in twice", "the newest records first",
# "staging devices", "the heavy ones"): each word of it must then be said again.
_REQUIRING = re.compile(
    r"\b(?:euros?|eur|cents?|dollars?|usd|pounds?|gbp|percent|percentages?|twice|again"
    r"|repeated|newest|oldest|sorted|ordered|staging|sandbox|weekends?|weekdays?"
    r"|excluded|included|separately|instead|converted|rounded|utc|timezone)\b",
    ICASE,
)
# ... and these, when the parse has no filter they could describe ("We want to find big
# refunds" with "amount > 500"; "the heavy ones" with none).
_REQUIRING_UNFILTERED = re.compile(r"\b(?:test|testing|heavy|light|big|small|large|first)\b", ICASE)
# A noun after "a second", "the second" (never a word a duration is said with)
_ORDINAL_NOUN = (
    r"(?!(?:to|and|or|per|of|if|when|then|window|windows|interval|gap|delay|later|late|ago"
    r"|after|before|grace|timeout|ttl)\b)[a-z]+"
)
_UNIT = re.compile(
    # "month-end close", "end-of-day report": a point in the calendar, not a duration
    # ("send a second truck", "the second shift": an ordinal before a noun, no time unit)
    r"\b(?:per[\s-]+)?(?<!end-of-)(?<!end\sof\s)(?<!end\sof\sthe\s)(?!(?:(?<=\ba\s)|(?<=\bthe\s)"
    rf"|(?<=\bour\s)|(?<=\bmy\s)|(?<=\btheir\s)|(?<=\byour\s))second\s+{_ORDINAL_NOUN})"
    r"(?P<u>second|minute|hour|day|week|month)s?\b"
    r"(?![-\s]end\b)|\b(?P<a>hourly|daily|weekly"
    r"|monthly|minutely)\b",
    ICASE,
)
# "asked for this last week", "a demo to the board next week": a point in the calendar, not a
# duration; never after a word that makes it a span ("counts for last week", "over the last
# week" stay units and refuse).
_CALENDAR_POINT = re.compile(
    r"(?<!\bover\s)(?<!\bduring\s)(?<!\bin\s)(?<!\bfor\s)(?<!\bwithin\s)(?<!\bof\s)"
    r"(?<!\bthe\s)(?<!\bper\s)(?<!\bevery\s)(?<!\beach\s)(?<!\bfrom\s)(?<!\bsince\s)"
    r"\b(?:last|next)\s+(?:week|month|quarter|sprint|year)\b(?!\s*'s)"
    # "so finance can invoice print jobs the same day", "same-day payouts": how soon, said of
    # the records' own day, no span ("within the same day", "per same day" stay units)
    r"|(?<!\bover\s)(?<!\bduring\s)(?<!\bin\s)(?<!\bfor\s)(?<!\bwithin\s)(?<!\bof\s)"
    r"(?<!\bper\s)(?<!\bby\s)(?<!\bfrom\s)(?<!\bsince\s)"
    r"\b(?:(?:on\s+)?the\s+(?:very\s+)?same\s+day|(?<!\bthe\s)(?<!\bvery\s)same[\s-]day)\b(?!\s*'s)",
    ICASE,
)


# "We'd like a live feed instead.": a streaming version of the old process said just before
# (see _NOW_PROCESS, _OLD_PROCESS), as its own sentence
_INSTEAD = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<c>(?:we|i|they)(?:'d|\s+would)\s+(?:like|love|prefer)\s+(?:a|an|some)\s+"
    r"(?:live|real-time|realtime|streaming|continuous|up-to-date)\s+(?:feed|stream|version|view"
    r"|pipeline)\s+instead[.!])(?=\s|$)",
    ICASE,
)


# "We are migrating off our nightly batch job.", "This will replace the Excel report the
# planners build by hand.": what the pipeline replaces, as a sentence of its own; the old
# process, no step of this one. Its words are checked in `_replaced` (a word that could be a
# step of the new pipeline, "the revenue-per-store export", refuses).
_OLD_THING = (
    r"(?:the|our|a|an|their|this)\s+(?P<old>(?:[A-Za-z][\w-]*\s+){0,3}?)(?:exports?|dumps?|jobs?"
    r"|cron(?:\s+jobs?)?|scripts?|spreadsheets?|sheets?|process|processes|syncs?|extracts?"
    r"|uploads?|e-?mails?|reports?|csvs?|workflow|setup|system|tool|dags?|notebooks?|macros?"
    r"|(?<=manual\s)checks?)"
)
# "... the old cron job that copies site sensor data every night": what the old process does,
# its object checked like the old process's name, its timing the old process's
_OLD_DOES = (
    r"(?:that|which)\s+(?:copies|moves|exports|dumps|pulls|syncs|mails|emails|uploads|ships)\s+"
    r"(?P<what>(?:[A-Za-z][\w-]*\s+){0,4}?[A-Za-z][\w-]*)"
    r"(?:\s+(?:every\s+(?:night|morning|evening|day|week)|once\s+a\s+(?:day|night|week)"
    r"|overnight|by\s+hand|manually))?"
)
_REPLACED = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<c>(?:(?:we(?:'re|\s+are)|i(?:'m|\s+am))\s+(?:(?:finally|slowly)\s+)?"
    r"(?:(?:migrating|moving|switching)\s+(?:off|away\s+from|from)|replacing|retiring|sunsetting"
    r"|decommissioning|deprecating|phasing\s+out)"
    # "We want to replace the nightly export.", "We'd like to retire our sync script."
    r"|(?:we|i)(?:\s+(?:want|need|hope)|'d\s+like|\s+would\s+like)\s+to\s+(?:finally\s+)?"
    r"(?:replace|retire|sunset|decommission|phase\s+out|move\s+off|migrate\s+off)"
    r"|(?:this|it|the\s+(?:new\s+)?(?:pipeline|job|stream|feed))\s+(?:(?:will|should|would"
    r"|is\s+(?:meant|supposed)\s+to|is\s+going\s+to)\s+replace"
    # "This replaces a manual check the branch staff do at the counter." (who does it today
    # said; "This replaces the old Spark job." is read as context, see is_context)
    r"|replaces(?=\s[^.!?]*\s(?:the|our)\s+(?:[a-z]+\s+)?[a-z]+\s+(?:do|does|build|builds|make"
    r"|makes|run|runs|fill|fills|get|gets|receive|receives)\b)))\s+"
    rf"{_OLD_THING}"
    # "the nightly CSV export from the gift shop tills": where the old process takes its data
    r"(?:\s+(?:from|of|off)\s+(?:the|our|their)\s+(?P<src>(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*))?"
    rf"(?:\s+{_OLD_DOES})?"
    # "... the planners build by hand", "... the mechanics get by email": who fills it in, or
    # gets it, today
    r"(?:\s+(?:that\s+)?(?:the|our)\s+(?:[a-z]+\s+)?[a-z]+\s+(?:build|builds|make|makes|do|does|run"
    r"|runs|maintain|maintains|update|updates|fill\s+in|fills\s+in|get|gets|receive|receives)"
    r"(?:\s+by\s+hand|\s+manually|\s+(?:by|over|via)\s+e-?mail"
    r"|\s+at\s+the\s+(?:counter|desk|gate|front\s+desk|end\s+of\s+(?:the\s+)?(?:day|shift)))?)?"
    r"\s*[.!])(?=\s|$)",
    ICASE,
)
# Words an old process's name may hold ("our nightly batch job", "the old Excel report")
_OLD_WORDS = word_set(
    "nightly daily weekly hourly monthly morning batch old legacy manual excel csv cron spark"
    " airflow python bash sql etl"
)


def _replaced(clause: str) -> bool:
    """`clause` is a `_REPLACED` sentence whose old process, and what it does, hold no step
    word (the old process's name may say its timing: "our nightly batch job")."""
    m = _REPLACED.fullmatch(clause.strip())
    if not m:
        return False
    named = [w for w in m["old"].split() if w.lower() not in _OLD_WORDS]
    what = (m["what"] or "").split() + (m["src"] or "").split()
    if any(len(w) > 4 and w.lower().endswith("ed") for w in (m["src"] or "").split()):
        return False  # "the export of the refunded sales": which records the old one took
    # ("the old job that copies EU readings": a code there may say which records to keep)
    if any(c not in _CAPS_OK for c in _CAPS.findall(" ".join(what))):
        return False
    return not any(_requirement_word(w) for w in named + what)


def _requirement_word(word: str) -> bool:
    """`word` may say a step, a value, a qualifier or a time unit of the new pipeline."""
    return bool(
        _VALUE.search(word)
        or _STEP_WORDS.search(word)
        or _ACTION.search(word)
        or _QUALIFIER.search(word)
        or _UNIT.search(word)
    )


def may_select(words: str, *, records_noun: bool = False) -> bool:
    """`words` (who asks: "the night shift manager"; what a database holds: "our ticket orders")
    hold a word that may say which records or a step: a requirement or qualifying word ("test",
    "urgent"), a participle ("the cancelled trips team"; "hosted" says how a system runs), a name
    or code ("the EU team") or a number. With `records_noun`, the last word names the records
    ("orders", "alerts"): only a word that selects counts there, never a step's word."""
    said = words.split()
    nouns = said[-1:] if records_noun else []
    return (
        any(_selecting_word(w) or (w not in nouns and _requirement_word(w)) for w in said)
        or any(p != "hosted" for p in re.findall(r"\b[a-z]+ed\b", words.lower()))
        or bool(re.search(r"\b[A-Z]|\d", words))
    )


_EVERY = word_set("every each all")  # ("logs every visit": all the records, none chosen)


def may_select_records(words: str) -> bool:
    """`words` (a context sentence's: "the crew logs every visit") hold a word that may say
    which records: a qualifying word, a participle, a name or code, or a number; a step's word
    ("keeps", "every") is how such a sentence says where the data is."""
    return (
        any(_selecting_word(w) for w in words.split() if w.lower() not in _EVERY)
        or any(p != "hosted" for p in re.findall(r"\b[a-z]+ed\b", words.lower()))
        or bool(re.search(r"\b[A-Z]|\d", words))
    )


def _selecting_word(word: str) -> bool:
    """`word` may say which records ("test", "urgent", "euros", "heavy")."""
    return bool(
        word.lower() in QUALIFYING
        or word.lower() in PLACE_QUALIFIERS
        or _QUALIFIER.search(word)
        or _REQUIRING.search(word)
        or _REQUIRING_UNFILTERED.search(word)
    )


def replaced_spans(text: str) -> list[tuple[int, int]]:
    """The `_REPLACED` sentences holding no step word: no recogniser reads them ("moving off
    our old job" is no moving window)."""
    return [m.span("c") for m in _REPLACED.finditer(text) if _replaced(m["c"])]


def _unit_asked(words: str) -> bool:
    """`words` say a unit in full after "in" ("distance in miles", "the charts are in pounds";
    never a short "m" or "kg", which may be anything, nor a device: "the power meter")."""
    return any(
        len(word) >= 4 and re.fullmatch(units, word, ICASE)
        for word in re.findall(r"\bin\s+([a-z]+)", words, ICASE)
        for kind, table in UNITS.items()
        if kind != "time"  # (time units are checked on their own: _UNIT)
        for units in table
    )


# "Kiosks open Monday", "The fair runs on Saturdays", "Doors open May 3": a day the records may
# be kept for (a weekday or date filter the spec cannot hold), unless said again elsewhere. A
# habit ("every Monday"), a deadline ("by Friday", "next Tuesday") or a meeting ("Tuesday's
# standup") is when people act.
_DAY_NAMED = re.compile(
    r"(?<!\bevery\s)(?<!\beach\s)(?<!\bby\s)(?<!\buntil\s)(?<!\bbefore\s)(?<!\bsince\s)"
    r"(?<!\blast\s)(?<!\bnext\s)(?<!\bthis\s)"
    r"\b(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{1,2}(?:st|nd|rd|th)?)\b(?!['\u2019]s\b)",  # ("Tuesday's standup": a meeting's day)
    ICASE,
)


def _day_unsaid(clause: str, lowered: str) -> bool:
    """`clause` names a day (see _DAY_NAMED) nothing else in the request says."""
    return any(
        not re.search(rf"\b{re.escape(m['day'].lower().rstrip('s'))}", lowered)
        for m in _DAY_NAMED.finditer(clause)
        if (m["day"][0].isupper() or m["day"].lower().startswith("week"))
        and not _MEETING_ON.search(clause, 0, m.start())
    )


# "To see how long the machines run at night, ...", "In order to track morning traffic": a
# time of day in a purpose clause may say which records are meant (refused unless a step says
# it again). Not when people act: "every morning", "a morning report", "so the night shift can
# tail it"; "not the next morning" only says a batch is too late, "good morning" greets.
_TIME_OF_DAY = re.compile(
    r"(?<!\bnext\s)(?<!\bgood\s)(?<!\bfollowing\s)(?<!\bevery\s)(?<!\beach\s)(?<!\bthis\s)"
    r"(?<!\btomorrow\s)(?<!\bper\s)"
    r"\b(?P<t>night(?:s|time)?|overnight|mornings?|evenings?|afternoons?|daytime|midday|lunch(?:time)?"
    r"|dawn|dusk|sunrise|sunset|twilight"
    r"|(?:business|office|working|opening|peak|rush|after|late|small)\s+hours?|off[\s-]peak)\b"
    r"(?!\s+(?:shifts?|crews?|teams?|staff|managers?|supervisors?|nurses?|operators?|desk"
    r"|reports?|briefings?|meetings?|stand-?ups?|digests?|e-?mails?|summary|summaries|huddles?"
    r"|calls?|reviews?|checks?|rounds?|rotas?|rosters?|schedules?|cover|duty|watch|buses|bus|trains?"
    r"|services?"
    # ("so the night assistant's dashboard can read it", "the morning porters"): people by
    # their role, the time of day their shift's (who, never which records)
    rf"|(?:{ROLE_NOUNS}|assistant|porter|guard|receptionist|cleaner|janitor|warden|attendant"
    r"|clerk|watchman|watchkeeper|sister|matron|orderly|orderlies)(?:s|'s|s')?)(?![\w-]))",
    ICASE,
)


def _time_of_day_unsaid(
    clause: str, lowered: str, patterns: tuple[re.Pattern[str], ...] = (_TIME_OF_DAY,)
) -> bool:
    """`clause` names a time of day (see _TIME_OF_DAY; or picks some groups, _PICKS_GROUPS,
    when asked) nothing else in the request says."""
    return any(
        not re.search(rf"\b{re.escape(m['t'].lower().split()[0].rstrip('s'))}", lowered)
        # ("Elections night:", "Opening night": an occasion's name, capitalised)
        and not re.search(r"\b[A-Z][a-z]+\s+$", clause[: m.start()])
        for p in patterns
        for m in p.finditer(clause)
    )


# "it's for a demo on Friday", "before the review on Monday": a meeting's day, when people act
_MEETING_ON = re.compile(
    r"\b(?:demo|meeting|review|call|standup|stand-up|presentation|workshop|sync|deadline|launch"
    r"|retro|offsite|audit)\s+(?:on\s+|this\s+|next\s+)?$",
    ICASE,
)


# "To track premium orders, ...", "In order to watch ...", "For the Berlin dashboard, ...": a
# purpose said ahead of the ask (see _PURPOSE_AHEAD)
_AHEAD_LEAD = re.compile(
    r"\s*(?:in\s+order\s+to|to|so\s+that|so|for\s+(?:the|a|an|our|my))\s+(?P<rest>.*)", ICASE
)


def _sender_counts_out(words: str) -> str:
    """`words` without the counts of what the sender has (`_SENDER_COUNT`); a count of records
    or of a step's things ("about 400 topics", "some 50 errors") stays, checked as a value."""

    def out(m: re.Match[str]) -> str:
        noun = m["noun"] or m.groupdict().get("noun2") or ""
        if _STEP_WORDS.search(noun) or _QUALIFIER.search(noun) or re.fullmatch(COUNT_NOUNS, noun):
            return m[0]
        return m[0][: m.start("n") - m.start()] + " "

    words = _DOC_POSITION.sub(" ", words)
    return _SIZED_SENDER.sub(out, _COVERED_COUNT.sub(out, _SENDER_COUNT.sub(out, words)))


# "RUNBOOK step 4 (stock watcher):", "Part 2 - alerts:": where the request stands in its
# document, a number of no records (only before a bracket, a colon, a dash or "of": "stage 2
# batches" may select)
_DOC_POSITION = re.compile(
    r"\b(?:step|part|section|chapter|task|item|page)\s+(?:#|no\.?\s*)?\d+(?:\.\d+)*"
    r"(?=\s*(?:[(:,\u2013\u2014]|-\s|of\s+\d|$))",
    ICASE,
)


# "the validators sometimes send them twice", "the meters retry on timeout so some readings
# arrive more than once", "freight-wagon-pings has duplicates": why the request dedups. Read
# only when the parse has a dedup (`facts` then says "duplicates"); no number, no name.
_AGAIN = (
    r"(?:twice|again|more\s+than\s+once|multiple\s+times|two\s+times|several\s+times"
    r"|a\s+few\s+times|repeatedly|over\s+and\s+over(?:\s+again)?"
    # ("read the same car three or four times": how often the device repeats, a guess of
    # the world's, never a threshold; "while it waits": when)
    # ("the same scan 3-4 times", "2 to 3 times": a range guessed the same way)
    r"|\d\s+or\s+\d\s+times|\d\s*(?:-|\u2013|to)\s*\d\s+times)(?:\s+while\s+(?:it|they|he|she)\s+(?:waits?|queues?|stands?"
    r"|idles?))?"
    # ("alarms fire over and over for the same spot": what the repeats are about, one thing)
    r"(?:\s+(?:for|about|on)\s+the\s+same\s+[a-z]+(?=\s*[,;.)]|\s*$))?"
)
# "... when the wifi is bad", "when the signal is flaky": the link's state, a closed list of words
# "the radio link", "the cellular connection": which link (a kind, never a record)
_LINK_KIND = r"(?:(?:radio|mobile|cell|cellular|wireless|satellite|sat|lora|data)\s+)?"
_LINK_BAD = (
    rf"\s+when(?:ever)?\s+(?:the\s+|their\s+|our\s+)?{_LINK_KIND}(?:wifi|wi-fi|network|connection"
    r"|signal|coverage|reception|internet|uplink|link)\s+(?:is|gets|goes)\s+(?:(?:really|very)\s+)?"
    r"(?:bad|flaky|spotty|patchy|poor|weak|slow|unstable|down|dodgy|choppy)(?=\s*[),;.]|\s*$)"
    # ("when the network hiccups": the link's trouble said by a verb)
    rf"|\s+when(?:ever)?\s+(?:the\s+|their\s+|our\s+)?{_LINK_KIND}(?:wifi|wi-fi|network"
    r"|connection|signal|uplink|link)\s+(?:hiccups|blips|glitches|stutters|flaps|drops(?:\s+out)?|cuts\s+out)"
    r"(?=\s*[),;.]|\s*$)"
)
# ", which pages our technician over and over": what the repeats cost the people, after why
# (a person or team paged, woken or bothered; no record, no value)
_REPEATS_COST = (
    r"(?:\s*,\s*which\s+(?:pages|wakes(?:\s+up)?|bothers|annoys|spams|floods)\s+(?:our|the)\s+"
    r"(?:[a-z]+\s+)?(?:" + ROLE_NOUNS + r"s?|team|crew|staff|desk)(?:\s+up)?"
    r"(?:\s+over\s+and\s+over(?:\s+again)?|\s+every\s+time|\s+each\s+time)?(?=\s*[.;!)]|\s*$)"
    # ", which double-charges people": what a repeat costs the customers
    # ", which makes the audit look like a double dose": the record it spoils, looking wrong
    r"|\s*,\s*which\s+makes\s+(?:the|our)\s+(?:[a-z]+\s+)?(?:audit|report|reports|numbers"
    r"|figures|counts|totals|dashboard|books|stats|log|history)\s+look\s+(?:wrong|off|inflated"
    r"|like\s+(?:a\s+)?(?:double|duplicate|second|repeat)\s+[a-z]+)(?=\s*[.;!)]|\s*$)"
    r"|\s*,\s*which\s+(?:double-charges|double-bills|overcharges)\s+(?:people|customers|drivers"
    r"|guests|members|users)(?=\s*[.;!)]|\s*$)"
    # "Turnstiles double-fire and inflate rider counts": the figures the repeats spoil (its
    # count word is no aggregate, see aggregates._SPOILED_BEFORE)
    r"|,?\s+and\s+(?:inflate|inflates|skew|skews|distort|distorts)\s+(?:the\s+|our\s+)?"
    r"(?:[a-z]+\s+)?(?:counts|numbers|figures|totals|stats|tallies)(?=\s*[.;!)]|\s*$))?"
)
# "song-requests has dupes when people spam the button": who makes the repeats, by pressing
# something again (people, never records)
_PEOPLE_REPEAT = (
    r"\s+when(?:ever)?\s+(?:people|users|guests|customers|riders|players|visitors|someone"
    r"|somebody|they)\s+(?:spam|spams|mash|mashes|hammer|hammers|double-click|double-clicks"
    r"|double-tap|double-taps)\s+(?:the|a|their)\s+(?:button|screen|app|kiosk|key|reader)"
    r"(?=\s*[.;!),]|\s*$)"
)
# "bad mobile signal", "flaky connections": a poor link, said as a noun
_BAD_LINK = (
    r"(?:flaky|bad|poor|spotty|patchy|unstable|weak|dropped)\s+(?:(?:mobile|cell|cellular)\s+)?"
    r"(?:connections?|networks?|signal|wi-?fi|coverage|reception)"
)
# "the sat links resend msgs when the ack is lost": the receipt the producers wait for, lost
_ACK_LOST = (
    r"\s+(?:when(?:ever)?|if)\s+(?:the\s+|an?\s+|their\s+)?(?:ack|acks|acknowledge?ments?"
    r"|confirmations?|receipts?)\s+(?:is|are|gets?|goes|go)\s+(?:lost|missing|dropped)"
    r"(?=\s*[),;.]|\s+so\s|\s*$)"
)
# "retries uploads like crazy": how hard the producers retry (no record, no value)
_HARD = (
    r"\s+(?:like\s+(?:crazy|mad|hell)|a\s+lot|constantly|all\s+the\s+time|non-?stop"
    r"|aggressively)(?=[\s,;.)]|$)"
)
# "... if the gate glitches", "when the reader jams": a device's fault, in plain words (no
# record, no value), why a record is read again
_DEVICE_GLITCH = (
    r"\s+(?:when(?:ever)?|if)\s+(?:the\s+|a\s+|an\s+|their\s+|our\s+)?(?:[a-z]+\s+)?[a-z]+"
    r"\s+(?:glitches|hiccups|jams|stutters|misfires|lags|freezes|hangs|reboots|restarts"
    r"|bounces|double-fires|times\s+out|acts\s+up|plays\s+up)(?=\s*[),;.]|\s*$)"
)
# "the same dose twice", "the same ping_id more than once": one record again (a plain word or
# a field name, no value)
# ("the same one": "one" reads "1" by now)
_SAME_ONE = r"the\s+same\s+(?:[A-Za-z][\w-]*|1(?![\w.]))"
_ONE_AGAIN = rf"{_SAME_ONE}\s+{_AGAIN}"
DUPLICATES_WHY = re.compile(
    # the subject plain words: a name with '-' or '_' is a topic, for the sources to read
    # ("The number-plate cameras at the barriers read ...": a compound adjective before a word,
    # and where the producers are, up to five words)
    r"(?:(?:the|our|some|these|those|its|their)\s+)?(?P<subj>(?:(?<![\w-])[A-Za-z][A-Za-z']*"
    # ("The PLC on TBM-3 re-sends ...": a machine's code, said nowhere else, see duplicates_why)
    r"(?:-[A-Za-z]+(?=\s+[a-z])|-\d+(?=\s))?\s+){0,5}?)"
    r"(?:(?:sometimes|occasionally|often|may|might|can|will|tends?\s+to|regularly|randomly|also"
    r"|do|does)\s+)?(?:"
    # "the retry logic on bad mobile signal means we get the same ping_id more than once": the
    # producers' retrying, named, and what it means for the records
    r"(?:retry|retries|resend|reconnect|re-send)\s+(?:logic|behaviou?r|mechanism|policy|loop)"
    rf"(?:\s+(?:on|after|with)\s+{_BAD_LINK})?\s+means\s+(?:that\s+)?(?:we|you|they|i)\s+"
    r"(?:get|see|receive)\s+(?:(?:some\s+|a\s+few\s+)?(?:dupes|duplicates)"
    rf"|{_ONE_AGAIN})|"
    # "Resolvers retry a lot, so first drop repeats ...": how often, then the step it is for
    rf"(?:retry|retries|resend|resends|re-send|re-sends)(?:\s+{_SAME_ONE})?\s+"
    r"(?:a\s+lot|alot|often|constantly|frequently|all\s+the\s+time)"
    rf"(?:{_LINK_BAD})?(?:\s*,\s*so(?:\s+(?:first|we|i))?(?=\s))?|"
    r"(?:send|sends|sent|emit|emits|publish|publishes|produce|produces|deliver|delivers|resend"
    r"|resends|re-send|re-sends|push|pushes|replay|replays|repeat|repeats|retry|retries"
    r"|retransmit|retransmits|post|posts|double-send|double-sends|double-post|double-posts"
    r"|double-fire|double-fires|fire|fires"
    # ("the recording rig sometimes uploads a clip twice", "the form submits a booking twice")
    r"|upload|uploads|submit|submits"
    # "Ferry boarding scanners sometimes scan the same ticket twice": a reader reads one twice
    rf"|{READ_AGAIN_VERBS})"
    rf"(?:\s+(?:them|it|events|records|messages|data|{_SAME_ONE}"
    rf"|(?:(?:their|its|a|an|the)\s+)?[A-Za-z][\w-]*))?\s+{_AGAIN}(?:{_LINK_BAD})?"
    # "A skier sometimes gets scanned twice at the gate": the passive, and where (plain words)
    # ("a barcode can be scanned twice if the gate glitches": may be, and the device's fault)
    r"|(?:get|gets|got|are|is|were|was|can\s+be|could\s+be|may\s+be|might\s+be|can\s+get"
    r"|may\s+get)\s+(?:scanned|read|tapped|swiped|logged|recorded"
    rf"|counted|checked\s+in)\s+{_AGAIN}(?:\s+(?:at|by|on)\s+(?:the\s+|a\s+)?[A-Za-z]+"
    rf"(?=\s*[,;.)]|\s*$|{_DEVICE_GLITCH}))?(?:{_DEVICE_GLITCH})?"
    r"|(?:double-send|double-sends|double-post|double-posts|double-fire|double-fires)"
    r"(?:\s+(?:them|it|events|records|messages|data|(?!and\b)[A-Za-z][\w-]*))?"
    rf"(?:{_LINK_BAD})?"
    r"|(?:retry|retries|resend|resends|re-send|re-sends|reconnect|reconnects|resubmit|resubmits"
    r"|re-submit|re-submits|retransmit|retransmits|re-transmit|re-transmits)(?:\s+(?:them|it"
    # ("re-sends ring build events whenever the network hiccups": up to two plain words
    # before the records, checked as `rw` is)
    r"|events|records|messages|data|(?P<ro>(?:[a-z][\w-]*\s+){0,2}?)[A-Za-z][\w-]*)"
    rf"(?=\s+(?:on|after|when|whenever|if)\s|{_HARD}))?"
    # "the filler sometimes resends a bottle": one of the records, said at the clause's end
    r"(?:\s+(?:a|an|the)\s+[A-Za-z][\w-]*(?=\s*[),;.]|\s*$))?(?:\s+(?:on|after"
    r"|when)\s+(?:a\s+|an\s+)?"
    r"(?:timeouts?|errors?|failures?|disconnects?|reconnects?|restarts?|reboots?|crash(?:es)?"
    r"|outages?|power\s+(?:cuts?|losses|loss|cycles?)"
    # "the app resubmits on flaky connections"
    # ("resend a sale whenever the printer jams": a device's fault, why it sends again)
    rf"|network\s+(?:errors?|blips?)|{_BAD_LINK})|{_LINK_BAD}|{_ACK_LOST}|{_DEVICE_GLITCH})?(?:{_HARD})?(?:,?\s+(?:so|and)\s+(?:some\s+|a\s+few\s+)?(?:[A-Za-z][\w-]*\s+)?(?:arrive"
    r"|arrives|come|comes|show\s+up|shows\s+up|land|lands|get\s+sent|are\s+sent|appear|appears)"
    rf"\s+{_AGAIN}|,?\s+(?:so|and)\s+(?:we|you|they|i)\s+(?:see|get|have|end\s+up\s+with)\s+"
    r"(?:(?:some\s+|a\s+few\s+|lots\s+of\s+)?(?:dupes|duplicates)"
    # ("and we end up with the same dose twice": one record, again)
    rf"|{_ONE_AGAIN}))?"
    # "bookings sometimes get double-submitted by the booking widget": the passive, and who
    # does it (plain words)
    r"|(?:get|gets|got|are|is|were|was|can\s+be|may\s+be)\s+(?:(?:sometimes|occasionally|often"
    r"|regularly|randomly)\s+)?(?:double-(?:submitted|posted|sent"
    r"|fired|published|delivered)|re-?submitted|re-?sent|duplicated|retried|replayed"
    r"|re-?delivered|re-?published|re-?transmitted|(?:submitted|posted|sent"
    r"|delivered|published)\s+(?:twice|more\s+than\s+once|multiple\s+times|two\s+times))"
    # ("they get resent sometimes": how often, said after)
    r"(?:\s+(?:sometimes|occasionally|often|at\s+times|(?:every\s+)?now\s+and\s+(?:then|again)"
    r"|from\s+time\s+to\s+time)(?=\s*[,;.]|\s+(?:so|and)\b|\s*$))?"
    # ("by the widget" reads "per widget" by now)
    # ("are duplicated by the access points: dedupe on ...": a colon before the step it calls for)
    r"(?:\s+(?:by|per)\s+(?:the\s+|our\s+|their\s+|a\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?"
    r"(?=\s*[,;.]|:\s|\s*$|\s+until\s))?"
    # "alarms are re-sent by the controllers until acknowledged": until when
    r"(?:\s+until\s+(?:they\s+are\s+|it\s+is\s+)?(?:acknowledged|acked|confirmed)"
    r"(?=\s*[,;.]|\s*$))?"
    # "the controllers spam the same fault every few seconds": one record sent over and over
    # ("A container tends to report the same problem every few seconds")
    r"|(?:spam|spams|spammed|flood|floods|repeat|repeats|keep\s+sending|keeps\s+sending|report"
    r"|reports|keep\s+reporting|keeps\s+reporting)\s+"
    rf"(?:us\s+with\s+)?{_SAME_ONE}(?:\s+(?:every\s+(?:few|couple\s+of)\s+"
    r"(?:seconds|minutes)|over\s+and\s+over(?:\s+again)?|again\s+and\s+again|all\s+the\s+time"
    r"|constantly))?(?=\s*[,;.)]|\s*$)"
    r"|(?:double-submit|double-submits|double-click|double-clicks)"
    r"(?:\s+(?:(?:the|a|an|their|our)\s+)?(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*(?=\s*[,;.]))?"
    # "pings on topic x arrive twice every now and then"
    # ("the readings often come through twice": through the link, arriving)
    rf"|(?:arrive|arrives|come\s+in|comes\s+in|come\s+through|comes\s+through|get\s+through"
    rf"|gets\s+through|show\s+up|shows\s+up|land|lands|appear|appears)\s+{_AGAIN}(?:{_LINK_BAD})?"
    r"|(?:has|have|had|gets|get|contains|contain|carries|sees|send|sends|emit|emits|produce"
    r"|produces|publish|publishes)\s+(?:some\s+|a\s+few\s+|lots\s+of\s+"
    r"|many\s+|occasional\s+)?(?:duplicates|dupes|duplicate\s+(?:events|records|messages)"
    # ("Our projectors send repeated fault events"): the records said repeated, one plain word
    # before the record noun at most
    r"|(?:repeated|duplicated?|doubled?)\s+(?P<rw>[a-z]+\s+)?(?:events|records|messages|readings"
    r"|pings|alarms|alerts|faults|scans|reports|updates))"
    # "... gets duplicates from the tills": where they come from, plain words
    r"(?:\s+from\s+(?:the\s+|our\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?(?=\s*[,;.]))?"
    rf"(?:{_PEOPLE_REPEAT})?"
    # "(because of double reads)": the cause named as repeated records
    r"|(?:because\s+of|due\s+to)\s+(?:the\s+)?(?:double|duplicate|duplicated|repeated)"
    r"\s+(?:reads|scans|sends|posts|submissions|deliveries|events|records|messages|pings))"
    # how often: "... send duplicates now and then", "arrive twice every now and then"
    rf"(?:\s+(?:{REPEATS_HOW_OFTEN})(?=\s*[,;.]|\s*$))?\b{_REPEATS_COST}",
    ICASE,
)


# Words that tie a clause to the producers' subject ("for the EU only Resolvers retry a lot",
# "with amounts in EUR Resolvers ..."): a requirement said before the reason, never its subject
_NOT_SUBJECT = word_set("for during between without with as to by except unless until only")


def _subject_selects(subject: str | None) -> bool:
    """The subject of a repeats reason holds a word that ties a clause said before it."""
    return any(w.lower() in _NOT_SUBJECT for w in (subject or "").split())


def refuse_repeats_without_dedup(purposes: list[str], facts: str) -> None:
    """ "The booking widget double-sends emails.": a producer's repeats, said as a purpose with
    no dedup in the parse, are a reason for a dedup the request leaves unsaid (which field
    makes two records the same?): refused, never read as the request's purpose."""
    if "duplicates" in facts:
        return
    for words in purposes:
        if DUPLICATES_WHY.search(words):
            raise RequestNotUnderstood(
                f"cannot read {words!r}: records sent more than once call for a dedup, and "
                "the request names no field that makes two of them the same; say it, e.g. "
                '"drop duplicates of booking_id within 10 minutes", or leave the sentence out'
            )


# "Match each coin drop to the game it paid for: ...": a purpose worded as a pairing of records
_PAIRING_PURPOSE = re.compile(
    r"\s*(?:match|matches|matching|pair|pairs|pairing|join|joins|joining|link|links|linking"
    r"|correlate|correlates|correlating)\s+(?:each|every|all|the|a|an|its|their)\b",
    ICASE,
)
_JOINING_STEPS = frozenset({"interval_join", "table_join", "enrich"})


def refuse_unmet_pairing(purposes: list[str], operators: list[dict[str, Any]]) -> None:
    """ "Match each coin drop to the game it paid for: read x and write to y": a purpose that
    pairs records with others, while no join or lookup is read, would be dropped; refused."""
    if any(op.get("kind") in _JOINING_STEPS for op in operators):
        return
    for words in purposes:
        if _PAIRING_PURPOSE.match(words):
            raise RequestNotUnderstood(
                f"cannot read {words!r}: it pairs records with others, and no join or lookup is "
                "read; say which topic, table or Redis key they are matched with and on which "
                "field, or leave the sentence out"
            )


# "(ugh)", "(sigh)", "(don't ask)", "(yes, really)": a chat interjection in parentheses, the
# sender's mood and nothing else (read as chat by leadins.BACKGROUND; a reason read around it
# reads across it)
_INTERJECTION_WORDS = (
    r"(?:ugh+|u+gh|argh+|sigh+|lol|lmao|rofl|haha+|hehe+|meh|yikes|oops|whoops|phew|grr+"
    r"|jeez|oof|smh|welp|facepalm|eek|bah|duh|(?:don't|do\s+not)\s+ask|yes,?\s+really|i\s+know"
    r"|go\s+figure|of\s+course|naturally|classic|typical|as\s+usual|sadly|seriously)"
)
INTERJECTION = re.compile(rf"\(\s*{_INTERJECTION_WORDS}\s*[!.?]*\s*\)", ICASE)
# "(the POS retries, classic)", "(trackers stay on between lessons, ugh)": the interjection
# closing an aside, after a comma (the aside's own words are read as they would be alone)
TRAILING_INTERJECTION = re.compile(rf"\s*,\s*{_INTERJECTION_WORDS}\s*[!.?]*(?=\s*\))", ICASE)
# "(ugh, retries)", "(sigh, the old firmware)": the interjection opening an aside, a comma after
# it (the aside's own words are read as they would be alone)
LEADING_INTERJECTION = re.compile(rf"(?<=\()\s*{_INTERJECTION_WORDS}\s*[!.?]*\s*,\s*", ICASE)


def _without_interjections(text: str) -> str:
    """`text` with each `INTERJECTION` blanked (offsets kept)."""
    text = INTERJECTION.sub(lambda m: " " * len(m[0]), text)
    text = LEADING_INTERJECTION.sub(lambda m: " " * len(m[0]), text)
    return TRAILING_INTERJECTION.sub(lambda m: " " * len(m[0]), text)


_PEOPLE_END = (
    r"\b(?:customers?|users?|people|clients?|members?|visitors?|guests?|students?|patients?"
    r"|staff|folks|players?|fans?)\s*$"
)


def duplicates_why(text: str, facts: str) -> list[tuple[int, int]]:
    """Where the request says why it dedups (see DUPLICATES_WHY), when the parse has a dedup."""
    text = _without_interjections(text)  # ("the tablet double-submits (ugh), so drop ...")
    why = [
        m.span()
        for m in (DUPLICATES_WHY.finditer(text) if "duplicates" in facts else ())
        # ("send repeated test events": the word before the records may select them)
        if not any(m[g] and (may_select(m[g]) or _STEP_WORDS.search(m[g])) for g in ("rw", "ro"))
        and not _subject_selects(m["subj"])
        # ("customers often upload the same file twice": people sending a thing again may mean
        # it, unlike a device's upload; left unread)
        and not (
            re.search(r"(?<![\w-])(?:upload|uploads|submit|submits)\b", m.group(0), ICASE)
            and re.search(_PEOPLE_END, m["subj"] or "", ICASE)
        )
    ]
    # "(the belt readers double-fire)": the aside's closing parenthesis is part of it (and
    # "... when the wifi is bad.": the sentence's full stop)
    closes = [re.compile(r"\s*\)|\.(?=\s|$)").match(text, b) for _a, b in why]
    why = [(a, c.end() if c else b) for (a, b), c in zip(why, closes, strict=True)]
    # "(readers double-fire)", "because the readers double-fire": what opens the reason too
    opens = [
        re.compile(r"(?:\(\s*)?(?:(?:because|since|as)\s+)?$", ICASE).search(
            text, max(0, a - 20), a
        )
        for a, _b in why
    ]
    why = [(o.start() if o else a, b) for (a, b), o in zip(why, opens, strict=True)]
    # "... get retried by the checkout service, so first drop duplicates": the "so (first)"
    # leading into the dedup is the reason's too
    # "The PLC on TBM-3 re-sends ...": a code said again elsewhere may select records
    why = [(a, b) for a, b in why if not _code_said_again(text, a, b)]
    from .dedup import DEDUP  # (dedup's readers import this module's neighbours)

    thens = [_SO_THEN.match(text, b) for _a, b in why]
    return [
        (a, t.end("so") if t and DEDUP.match(text, t.end()) else b)
        for (a, b), t in zip(why, thens, strict=True)
    ]


def _code_said_again(text: str, start: int, end: int) -> bool:
    rest = (text[:start] + " " + text[end:]).lower()
    codes = re.findall(r"\b[A-Za-z][A-Za-z0-9]*-\d+\b", text[start:end])
    return any(re.search(rf"(?<![\w-]){re.escape(c.lower())}(?![\w-])", rest) for c in codes)


_SO_THEN = re.compile(r"(?P<so>\s*,?\s*(?:and\s+)?so(?:\s+(?:first|please))?)\s+", ICASE)


# --- Context: a sentence, clause or aside that says nothing the pipeline could do ----------
#
# "Compliance will audit it.", "..., we're just debugging", "(too big)", "The ops folks asked me
# for this.": words about the sender's situation. A whole sentence, a clause after a comma
# with its own subject and verb, or an aside in parentheses, that no recogniser read at all, is
# read as context (listed under the assumptions and shown by `etl-gen explain`) when it holds
# no requirement word: no value (number, quoted text, name with `_`, `-` or `.`, comparison,
# capitalised code like "EU"), no negation or time unit, no field name, no word that selects
# records ("only", "large ones") and no word of a pipeline step (keep, drop, count, write,
# topic, table, key, every, per, more, ...). Anything else stays unread and refuses.

_STEP_WORDS = re.compile(
    r"\b(?:keep|kept|drop|filter|remov|exclud|includ|skip|ignor|discard|dedup|dupl|dupe|count"
    r"|sum|total|averag|avg|mean|min|max|median|percentil|join|enrich|look\s*up|lookup|window"
    r"|group|aggregat|alert|notif|email|page|flag|mark(?!eting)|tag|split|send|sent|writ"
    # ("routinely", "the routers": how often and a device, no routing; "routine" may select
    # records, "routine visits": see _QUALIFIER)
    r"|rout(?!ines?\b|inely\b|ers?\b)" r"|wrote|stor"
    # "strip out ssn and phone", "scrub the notes": a field drop whose names were not read
    r"|strip|scrub|purg|eras|wipe|omit|elimin|anonymi|pseudonymi|obfusc|censor|get\s+rid"
    # every inflection: "leaving out pickers on probation" selects records as "leave out" does
    r"|(?:leav(?:e|es|ing)|left|tak(?:e|es|ing)|took|taken|cut(?:s|ting)?)\s+out"
    r"|publish|forward|emit|push|print|log|sav|load|insert|upsert|delet|expir|retain|retention"
    r"|ttl|mask|hash|encrypt|redact|renam|cast|convert|round|sort|order|partition|limit|sampl"
    # ("compressor": a machine, no compression)
    r"|compress(?!ors?\b)|batch|retr|replay|backfill|reprocess|offset|earliest|latest|newest|oldest"
    # ("tablet": a device, no table)
    r"|first|last|beginning|topic|table(?!t)|field|column|redis|clickhouse|kafka|stdout|sink"
    # "is a key signal for the pricing model", "the guns run overnight": an adjective, a model
    # and a time of day, no Kafka key, mode or comparison ("the key metrics are x and y" may
    # list what to keep)
    r"|(?<!\ba\s)key|key(?!\s+(?:signal|metric|input|indicator|factor|driver|concern|goal"
    r"|priority|kpi)\b)"
    # ("hostels": lodging, no host)
    r"|source|session|server|database|schema|broker|host(?!els?\b)|port|format|engine|mode(?!ls?\b)|version"
    r"|prefix|named|called|more|less(?!on)|fewer|greater|above|below|over(?!night)|under|exceed|least|most"
    r"|than|between|equal|before|after|top|bottom|every|each|per|only|just|none|unless|if"
    r"|when|where|whose|which|whenever|once|twice|exactly|at-least|at-most|idempot|schedul"
    r"|daily|hourly|weekly|nightly"
    # what someone asks for, and where records go ("We need amounts in cents.", "Results go to
    # the data warehouse.")
    r"|need|want|requir|must|should|ensur|expect|make\s+sure|has\s+to|have\s+to"
    # (whole words: "Google", "gold" are no going)
    r"|go(?:es|ing|ne)?\b|went|end\s+up|ends\s+up|land|arriv|reach|appear|show|display|result"
    r"|output|cent|dollar|euro|pound|percent|byte|kb|mb|gb|millisecond|ms|utc|timezone|local\s+time"
    # where it runs ("(the staging cluster)"): a setting, not context ("productivity" is no prod)
    r"|cluster|staging|prod(?!uct)|production|environment|env|dev|region|datacenter|namespace|tenant"
    r"|account|credential|password|user"
    # a judgement on records ("Refunds are irrelevant.", "Bot traffic is noise."): a filter?
    r"|matter|relevant|irrelevant|important|unimportant|useless|useful|noise|noisy|junk|spam"
    r"|garbage|bogus|fake|bot|spurious|unwanted|wrong|incorrect|care|interest"
    # what becomes of a lookup that finds nothing ("On a miss", "unmatched ones"): a miss policy
    r"|miss(?:es|ed|ing)?\b|unmatch|not\s+found"
    # another pipeline's settings ("Same as the clicks pipeline."): requirements not stated
    r"|same|similar|identical|usual|as\s+before|copy\s+of|like\s+the"
    # types, nullability and delivery ("(optional)", "(as strings)", "(best effort)", "(gzip)")
    r"|optional|required|nullable|mandatory|default|unique|primary|pk\b|string|int|integer|float"
    r"|double|decimal|bool|timestamp|date|text|number|numeric|array|list|map\b|effort|lossless"
    r"|durab|compact|gzip|lz4|zstd|snappy|async|parallel|thread|partition|replica|shard"
    # "Refunds are handled elsewhere.": records this pipeline may have to leave out
    r"|elsewhere|separate|another|except|apart|besides|instead|rather|other"
    # "give it a bit of buffer", "some slack for late scans": how long a window waits
    # ("slack water", "a slack tide": the sea's, between tides)
    r"|buffer|grace|slack(?!\s+(?:water|waters|tide|tides)\b)|leeway|tolerance|headroom|wiggle"
    # "(net of tax)", "pre-tax": a value transform ("taxi" is a vehicle)
    r"|net\s+of|gross\s+of|tax(?!i))\w*",
    ICASE,
)
STEP_WORDS = _STEP_WORDS
# Adjectives that may select records ("large ones", "test events"); "too big" is a reason.
_QUALIFIER = re.compile(
    r"(?<!\btoo\s)(?<!\bso\s)(?<!\bvery\s)\b(?:large|big|small|high|low|recent|valid"
    # "for the new allergy dashboard": the output the sender is building is new, no records
    r"|(?:new|old)(?!\s+(?:[a-z][\w-]*\s+)?(?:dashboards?|boards?|reports?|screens?|tiles?"
    r"|displays?|widgets?)\b)"
    r"|invalid|active|inactive|test|premium|vip|suspicious|fraudulent|bad|good|late|early|paid"
    r"|unpaid|open(?!\s+(?:night|day|house|evening)s?\b)|closed|pending|important|critical|urgent|slow|fast|expensive|cheap|domestic"
    r"|foreign|international|local|internal|external|error|errors|warning|warnings|debug"
    r"|mobile|desktop|failed|successful|routine)\b"
    # "the old Spark job", "our legacy pipeline": a qualifier of the sender's systems
    r"(?!\s+(?:[A-Z][\w-]*\s+)?(?:jobs?|pipelines?|systems?|scripts?|cron|setup|process|version"
    r"|code|tools?|approach|solution|stack|services?|cluster)\b)",
    ICASE,
)
QUALIFIER = _QUALIFIER
# "an early warning", "early-warning feed": what the output is for, no selection of records
_EARLY_WARNING = re.compile(r"\bearly[\s-]+warnings?\b", ICASE)
# A title's word for tidying records ("Timetable clean-up", "Clean GPS pings"): said again by a
# dedup or a filter of the parse (see `_restated`)
_CLEAN_WORK = re.compile(r"\b(?:clean(?:[\s-]?up|ed|ing)?|cleans(?:e|ed|ing))\b", ICASE)
# "line is red or blue", "line one of red, blue", "grade either a or b": a field said with a
# choice of values is a condition left unread, never background (it would drop a filter)
_CHOICE = re.compile(
    r"\b(?:is|are|equals?|was|were|either|of)\s+(?:either\s+)?[\w-]+"
    r"(?:\s*,\s*[\w-]+)*\s*,?\s+(?:or|nor)\s+[\w-]+"
    r"|\b(?:one|any|none)\s+of\s+[\w-]+\s*,\s*[\w-]+",
    ICASE,
)
_CAPS = re.compile(r"\b[A-Z]{2,}\b")
_DEPARTMENT_CAPS = frozenset({"QA", "HR", "BI"})
_CAPS_OK = (
    frozenset({"OK", "FYI", "ASAP", "TIA", "IMO", "PS", "JSON", "ETL", "API", "PR", "MR", "POC"})
    # (measures a model or a screen gives, never a segment: "for the ETA model")
    | frozenset({"ETA", "KPI", "KPIs"})
    # (the database itself: "Mirror the bookings DB" over a capture of it)
    | frozenset({"DB", "DBs"})
    # (the kind of document the request is in: "RUNBOOK step 4 (stock watcher):")
    | frozenset({"RUNBOOK", "PLAYBOOK", "TODO", "NOTE", "WIP", "SOP", "RFC", "SPEC"})
    | SYSTEM_ACRONYMS
    | TECH_ACRONYMS
    | COMPLIANCE_ACRONYMS
)
# "This is just a proof of concept", "we're just testing": "just" after a verb of being is no
# selection ("just the EU ones" is).
_JUST_BEING = re.compile(r"(?:\b(?:is|are|was|were|am)|'re|'s|'m)\s+just\b", ICASE)
# A clause after a comma must have its own subject and verb to be a sentence of its own.
_CLAUSE = re.compile(
    r"^\s*(?:(?:the|our|my|their)\s+)?[A-Za-z]+(?:'re|'m|'ll|'s|'ve|'d)?\s+(?:will|would|can|could"
    r"|should|must|may|might|is|are|was|were|am|has|have|had|do|does|did|wants?|needs?|asked"
    r"|says?|said|likes?|knows?|thinks?|uses?|reviews?|audits?|checks?|owns?|runs?|reads?)?\b",
    ICASE,
)


# "qty and price", "the fee, tax or the total": words joined by "and"/"or", no verb; a list
_BARE_LIST = re.compile(
    r"\s*(?:(?:the|a|an)\s+)?[A-Za-z][\w-]*(?:\s*(?:,|\band\b|\bor\b|&)\s*(?:(?:the|a|an)\s+)?"
    r"[A-Za-z][\w-]*)+\s*",
    ICASE,
)


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The stretch of `text` around [start, end) between two of the characters `stops`."""
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    return left, min(rights) if rights else len(text)


# "(curators use these to schedule regeneration)": what the output's readers do with it; their
# verb ("schedule", "order", "plan") is no step of this pipeline. Only after people named by a
# plural noun (never "we use these to drop ..."), and never a verb that moves or picks records.
_READERS_USE_TO = re.compile(
    r"\b(?!(?:we|i|you|they|this|it|these|those)\b)(?P<who>[a-z]+s\s+(?:uses?|needs?)\s+"
    r"(?:these|those|it|them|this|that)\s+to\s+)(?!(?:keep|drop|filter|remov|exclud|dedup"
    r"|count|sum|total|join|enrich|rout|send|writ|stor|publish|forward|print|delet|skip|ignor"
    r"|discard|split|alert|email|page|notif)\w*)(?P<verb>[a-z]+)\b",
    ICASE,
)


# "Geocode the address.", "then flatten the address object", "please also frobnicate the
# customer": a verb in its base form before a determiner, said as an order; a step the parser
# has no reader for, never context (read as context it was dropped). Words that open an aside
# the same way ("note the clocks drift", "see the runbook") and function words are not orders.
_IMPERATIVE = re.compile(
    r"^\s*(?:(?:please|pls|kindly|also|then|and|just|finally|first|next)\s+)*"
    r"(?!(?:note|remember|assume|see|ask|thank|thanks|mind|consider|imagine|bear|blame|trust"
    r"|meet|welcome|cheers|hello|hi|hey|for|per|as|like|unlike|after|before|with|without|from"
    r"|to|in|on|at|by|via|since|because|so|but|or|if|when|once|while|until|about|over|under"
    r"|into|onto|through|during|across|against|among|around|between|behind|beyond|despite"
    r"|near|off|out|up|down|upon|within|than|that|this|these|those|it|we|i|they|you|he|she"
    r"|our|my|your|is|are|was|were|be|been|what|which|who|where|why|how|all|both|either"
    r"|neither|only|even|still|yet|maybe|perhaps|here|there|the|a|an|not|no|nor|every|each"
    r"|any|some|much|many|more|most|same|other|another|such|due|according|regarding|please"
    r"|pls|kindly|also|then|and|just|finally|first|next|whenever|except|unless|hope|fyi|could"
    r"|would|should|today|of|whatever|half|never|had|want|ugh)\b)"
    r"[A-Za-z][a-z]+(?<![^s]s)(?<!ed)(?<!ing)(?<!ly)\s+"
    r"(?:the|a|an|each|every|all|its|their|any)\s+[A-Za-z]",
    ICASE,
)


def is_context(words: str, fields: frozenset[str] = frozenset()) -> bool:
    """`words` hold no requirement word (see above): they cannot change the pipeline."""
    if _IMPERATIVE.match(words):
        return False
    words = _sender_counts_out(_JUST_BEING.sub(" is ", words))
    words = _READERS_USE_TO.sub(lambda m: f"{m['who']}act on", words)
    # "They'll put a Grafana board on top of it", "build a Superset dashboard on top": where the
    # output is looked at, no top-N ("put the busiest towers on top" keeps its "top")
    words = re.sub(r"\bon\s+top\s+of\s+(?:it|that|this|them)\b", " ", words, flags=ICASE)
    words = re.sub(
        r"\b(?:(?:dash)?boards?|reports?|views?|apps?|screens?|charts?)\s+on\s+top\b"
        r"(?=\s*(?:[.!?,;)]|$))",
        " ",
        words,
        flags=ICASE,
    )
    # "(that's when we're bleeding heat)": why the step just said matters, pointing back at
    # it; no selection of its own (the words after are checked as any context's)
    words = re.sub(
        r"\A\s*(?:that'?s|that\s+is|this\s+is)\s+(?:when|why)\b", " ", words, flags=ICASE
    )
    if _VALUE.search(words) or _NEGATION.search(words):
        return False
    if _UNIT.search(_CALENDAR_POINT.sub(" ", words)):
        return False
    if _day_unsaid(words, ""):
        return False  # "The shop opens on Friday": the records of one day may be meant
    if _AHEAD_LEAD.fullmatch(words.strip(" ,;.!?()")) and _time_of_day_unsaid(words, ""):
        return False  # "To see how long machines run at night": the records of a time of day
    if re.search(r"n't\b|\bcannot\b", words, ICASE):
        return False  # "Older records aren't useful": a negation
    if _ACTION.search(words) or _SELECTION.search(words) or _STEP_WORDS.search(words):
        return False
    if (
        _ASKED_TOO.search(words)
        or _SUPERLATIVE.search(words)
        or _THESE_TOO.fullmatch(words)
        or RATIO_WORD.search(words)  # (a metric asked for; as context it was dropped)
    ):
        return False  # "also add the fastest pick time": one more output, never context
    # "the supervisors get the misrouted ones from a spreadsheet": which records, maybe an ask
    # ("(the dead ones)" alone names the records just selected)
    if re.search(r"\b(?:ones|those)\b", words, ICASE) and not _NAMES_ONES.fullmatch(words):
        return False
    if _QUALIFIER.search(words) or re.search(r"\d", words) or _CHOICE.search(words):
        return False
    # ("Title: Runs with distance in miles", "Clean badge scans": a unit or a tidying the
    # steps may have to say; the purpose check reads them, see `_restated`)
    if _CLEAN_WORK.search(words) or _unit_asked(words):
        return False
    if _SAME_AGAIN.search(words):
        return False  # "..., as is humidity": the condition just read, said of another field
    if _GROUPING_AGAIN.search(words):
        return False  # "Also by channel.", "per country too": a grouping added, never context
    if _BARE_MEMBERSHIP.fullmatch(words):
        return False  # "zone in crimson", "line one of red": a condition with no verb
    # ("it comes from the HR system": a code naming a system, no records)
    named = re.sub(r"\b[A-Z]{2,}(?=\s+(?:system|platform|software|app|tool)\b)", " ", words)
    if any(c not in _CAPS_OK for c in _CAPS.findall(named)):
        return False
    said = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", words)]
    return len(said) >= 2 and not any(
        w in fields or w.removesuffix("s") in fields or w.removesuffix("es") in fields for w in said
    )


# "also add the fastest pick time", "and include the max speed": an ask said as an imperative
# that adds to the output
_ASKED_TOO = re.compile(
    r"^\s*(?:(?:and|also|plus|additionally|please|pls)\s+)*(?:add|include|give|show|report"
    r"|return|list|track|measure|output)\b",
    ICASE,
)
# "(vans too)", "(also buses)", "(plus minibuses)": a few words adding records or values to
# the step just said (its values, its records), never context
_THESE_TOO = re.compile(
    r"\s*(?:(?:also|plus)\s+(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}"
    r"|(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}\s+(?:too|as\s+well))\s*[.!]?\s*",
    ICASE,
)
# "the fastest pick time", "the longest queue": a superlative picks a value (a min or max) or
# the records holding it ("In our biggest warehouse, ...": which of the sender's own places)
_SUPERLATIVE = re.compile(
    r"(?<!\bour\s)(?<!\bmy\s)(?<!\btheir\s)\b(?:larg|bigg|small|high|low|slow|fast|quick|cheap|dear|long|short|heavi|light|hott"
    r"|cold|warm|cool|busi|quiet|great|few|near|far|deep|shallow|strong|weak)est\b",
    ICASE,
)
# "count per region every hour. Also by channel.", "...; by channel too", "And per country as
# well": a group field added to the aggregation just read (or a second one asked for); read as
# context, the group was dropped
_GROUPING_AGAIN = re.compile(
    r"^\s*(?:(?:and|also|plus)\s+)+(?:(?:split|broken\s+down|grouped)\s+)?"
    r"(?:by|per|for\s+(?:each|every))\s+(?!(?:the|a|an|our|my|your|their|its|way)\b)[A-Za-z]"
    r"|^\s*(?:(?:split|broken\s+down|grouped)\s+)?(?:by|per|for\s+(?:each|every))\s+"
    r"(?!(?:the|a|an|our|my|your|their|its|way)\b)[\w-]+(?:\s+[\w-]+)?\s+"
    r"(?:too|as\s+well|also)\s*[.!?]?\s*$",
    ICASE,
)


# "as is humidity", "and so does pressure", "the same goes for humidity", "likewise for pressure":
# an elliptical clause repeating the step just read for another subject
_SAME_AGAIN = re.compile(
    r"^\s*(?:and\s+)?(?:as|so)\s+(?:is|are|does|do|did|was|were|has|have)\b"
    r"|\b(?:the\s+)?same\s+(?:goes\s+|applies\s+|holds\s+)?for\b|\blikewise\b|\bditto\b",
    ICASE,
)
# "zone in crimson", "line one of red", "tier is one of gold": a field, a word of membership and
# a value, the whole clause; a condition said with no verb that keeps or drops (never context:
# refused when no recogniser reads it). A subject that is a verb's form ("based in Lisbon",
# "logged in twice") or a pronoun says where or how, never a field.
_BARE_MEMBERSHIP = re.compile(
    r"\s*(?:the\s+)?(?!(?:we|i|they|it|he|she|you|this|that|these|those)\b)"
    r"[A-Za-z][\w-]*(?<!ed)(?<!ing)\s+(?:(?:is|are)\s+)?(?:in|one\s+of|among|any\s+of)\s+"
    r"[\w.'\"-]+(?:\s+[\w.'\"-]+)?\s*",
    ICASE,
)
# "the dead ones": a name for records, no clause
_NAMES_ONES = re.compile(r"\s*(?:the\s+)?(?:[A-Za-z-]+\s+){0,2}ones\s*", ICASE)
# A topic-shaped name ending the words before an aside ("read shop.orders (...)")
_AFTER_NAME = re.compile(r"[A-Za-z][\w.-]*[-_.][\w.-]*[A-Za-z0-9]['\"`]?\s*[(,]?\s*\Z")


def ones_unsaid(words: str, before: str, rest: str) -> bool:
    """ "(the cancelled ones)" right after a topic's name, whose describing words the rest of
    the request never says: it names which records to read, no aside on records a step picked
    ("keep the 10 terms with the lowest clicks (the dead ones)")."""
    if not _NAMES_ONES.fullmatch(words) or not _AFTER_NAME.search(before):
        return False
    said = re.findall(r"[a-z][a-z-]*", words.lower())
    # (a word inside a name is not said: "(the cancelled ones) ... to kafka shop.cancelled")
    return any(
        not re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-]|\.\w)", rest, ICASE)
        for w in said[:-1]
        if w != "the"
    )


# "(gold, silver)", "(a or b)": a list in an aside may be the values of a condition ("2,000" is
# one number)
_LISTED = re.compile(r"(?<!\d),(?!\d{3}\b)|\b(?:or|and|nor)\b|/", ICASE)
# "(visitors scan their wristband at the corn maze, hayride, etc.)": people at their own doing,
# then places or things given as examples only ("etc.", "and so on"): no values of a condition
# (the words are checked as any context's)
_EXAMPLES_ASIDE = re.compile(
    r"\s*(?:(?:the|our)\s+)?(?-i:[a-z]+s)\s+(?-i:[a-z]+)\s+[^()\d\"'`=<>]*?"
    r"\b(?:at|in|on|from|to|into|with|like|such\s+as)\s+[^()\d\"'`=<>]*,[^()\d\"'`=<>]*?"
    r"(?:,?\s*etc\.?|,?\s*and\s+so\s+on|,?\s*and\s+the\s+like)\s*",
    ICASE,
)


def context_segment(text: str, masked: str, start: int, end: int) -> tuple[int, int] | None:
    """The aside, sentence or own-subject clause around an unread run, when none of it was
    read by a recogniser; None otherwise."""
    mask = "\x00"
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ >= 0 and close >= 0 and ")" not in text[open_:start] and "(" not in text[end:close]:
        if mask not in masked[open_ : close + 1] and (
            not _LISTED.search(text, open_, close)
            or _EXAMPLES_ASIDE.fullmatch(text, open_ + 1, close)
        ):
            return open_, close + 1
        return None
    left, right = sentence_bounds(text, start, end)
    if mask not in masked[left:right] and text[left:right].strip():
        return left, right
    # "Delivery must be exactly-once — these records feed our GDP compliance reports": the
    # aside after a spaced dash, to the sentence's end, when the ask before it was read
    dash = _SPACED_DASH.search(text[left:start][::-1])
    if dash and mask not in masked[start - dash.start() : right]:
        aside = start - dash.start()
        if len(re.findall(r"[A-Za-z][\w'-]*", text[aside:right])) >= 3:
            return aside, right
    left, right = _bounds(text, start, end, ",;.!?")
    if (
        mask not in masked[left:right]
        and _CLAUSE.match(text[left:right])
        # ("average tonnes, qty and price": the tail of a list a step read, never context)
        and not _BARE_LIST.fullmatch(text[left:right])
    ):
        words = re.findall(r"[A-Za-z][\w'-]*", text[left:right])
        if len(words) >= 3:
            return left, right
    # "Just print it to stdout (for now,) we're still figuring out the shape": the sender's own
    # clause right after a step read, its comma gone with the words between (see text.layout)
    own = _OWN_CLAUSE_AFTER_READ.search(masked, left, start)
    if own and mask not in masked[start:right] and len(text[own.start("c") : right].split()) >= 4:
        return own.start("c"), right
    return None


# The sender's subject and verb of being right after words a recogniser read
_OWN_CLAUSE_AFTER_READ = re.compile(r"\x00[\s,]+(?P<c>(?:we|i)(?:'re|'m|\s+are|\s+am))\s+$", ICASE)


# A spaced dash, searched for backwards (the text reversed): where an aside opens
_SPACED_DASH = re.compile(r"\s[\u2013\u2014]\s")


# --- How often the source's producers send: "The lamps report every few seconds." -----------
#
# A whole sentence whose subject names the producers in plain words, a verb of sending, maybe
# what they send, and how often ("every 30 seconds", "once a minute", "constantly"): it says how
# the records arrive, never what the pipeline does. Read first (before the windows could take
# "every 30 seconds"), only when the subject and the object are plain words (checked by the
# caller), and never with a subject that could be the pipeline's output ("Results update every
# minute", "We publish every hour").
_RATE_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|ms|milliseconds?)"
_FREQ = (
    r"every\s+(?:(?:few|couple\s+of|\d+(?:\.\d+)?|other)\s+)?" + _RATE_UNIT + r"(?!\w)"
    # ("every 30s", "every 5m": the number and its unit's letter written together)
    r"|every\s+\d+(?:\.\d+)?(?:s|m|h|ms|secs?|mins?|hrs?)(?!\w)"
    r"|(?:once|twice|(?:\d+|a\s+few|several|many|multiple)\s+times)\s+(?:a|an|per|every)\s+"
    r"(?:second|minute|hour|day)\b|constantly|continuously|non-?stop|all\s+(?:the\s+time|day)"
    r"|around\s+the\s+clock|24/7"
    # ("publish frequency readings to x at 10 Hz": a sampling rate, never a window's size)
    r"|at\s+(?:about\s+|around\s+|roughly\s+)?\d+(?:\.\d+)?\s*(?:hz|khz)(?!\w)"
)
_OR_SO = r"(?:\s+or\s+so|\s*-?ish|\s+give\s+or\s+take)?"
# How often records arrive, said inside a clause ("they publish a reading every few seconds").
FREQ_SAID = rf"(?:{_FREQ}){_OR_SO}"
_ABOUT = (
    r"(?:(?:roughly|about|around|approximately|approx\.?|usually|typically|at\s+least|up\s+to)\s+)?"
)
# Where producers write, with no topic named: into the Kafka the source reads, no sink
TO_KAFKA = r"\s+(?:to|into|onto)\s+(?:our\s+|the\s+)?kafka(?:\s+cluster)?"
DATA_RATE = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?P<lead>(?:context|background|fyi|note|info|heads[\s-]up)\s*[:,\u2013\u2014-]\s*)?"
    r"(?P<subj>(?:(?:the|our|their|all(?:\s+(?:the|our))?|each|every|most|some)\s+)?"
    r"(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)\s+"
    r"(?:(?:usually|typically|normally|generally)\s+)?"
    r"(?P<verb>report|reports|send|sends|emit|emits|publish|publishes|ping|pings|fire|fires|post"
    r"|posts|log|logs|beat|beats|tick|ticks|push|pushes|transmit|transmits|weigh|weighs"
    r"|measure|measures|sample|samples|poll|polls|check\s+in|checks\s+in|broadcast|broadcasts"
    r"|produce|produces|upload|uploads|chirp|chirps|phone\s+home|phones\s+home)"
    r"(?P<obj>(?:\s+[A-Za-z][\w'-]*){0,4}?)"
    # "Every band saw sends a reading to Kafka every ten seconds": the producers' own Kafka
    rf"(?:{TO_KAFKA})?\s+{_ABOUT}(?P<freq>(?:{_FREQ}){_OR_SO})(?:{TO_KAFKA})?"
    r"\s*(?=[.!?](?:\s|$)|$)",
    ICASE,
)
# Subjects that may be the pipeline's own output or its sender, never producers of the source.
RATE_NOT_PRODUCERS = word_set(
    """we i you it they this that results result output outputs counts totals sums averages
    aggregates alerts alert metrics stats statistics summaries summary windows window dashboard
    dashboards report reports pipeline pipelines job jobs table tables topic topics sink sinks
    processor consumer clickhouse redis kafka stdout records rows values numbers figures"""
)
# A field a record carries, named in a sentence about the source: a name with '_', or "a
# timestamp".
FIELD_ITEM = r"(?:[a-z][a-z0-9]*_\w+|(?:a\s+|an\s+)?(?:timestamp|ts|time\s*stamp))"
# "Our kilns push readings into kiln-temps every 10 seconds", "kiln temps come in on kiln-temps
# roughly once a second": how often, after a sentence naming the producers and the topic (only
# the rate is read here; the sentence is the producers' or the source's, read by them).
PRODUCED_RATE = re.compile(
    # ("..., and each scale reports to topic x every hour": a clause of its own)
    r"(?:^|(?<=[.!?;]\s)|(?<=,\sand\s)(?=(?:each|every)\s))\s*(?P<pre>(?P<subj>(?:[A-Za-z][\w'-]*\s+){1,5}?)(?P<verb>report|reports|send"
    r"|sends|emit|emits|publish|publishes|push|pushes|post|posts|log|logs|write|writes|stream|streams"
    r"|arrive|arrives|come\s+in|comes\s+in|land|lands|flow|flows|(?:are|is|get|gets)\s+(?:published"
    r"|written|sent|pushed|produced))\b(?P<obj>(?:\s+[A-Za-z][\w'-]*){0,3}?)\s+(?:to|into|onto|on|in)\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?)"
    # (the name maybe quoted: 'to the Kafka topic "reefer-telemetry" every 30 seconds')
    r"(?P<q>[\"'`]?)(?P<n>[A-Za-z]\w*(?:[-.]\w+)+)(?P=q)(?:\s+(?:kafka\s+)?topic)?"
    # ", with voltage_v and current_a every few seconds": the fields each record carries
    rf"(?P<rate>(?:\s*,?\s+with\s+{FIELD_ITEM}(?:\s*,\s*{FIELD_ITEM})*(?:\s*,?\s+and\s+"
    rf"{FIELD_ITEM})?)?\s+{_ABOUT}(?:{_FREQ}){_OR_SO})\s*(?=[.!?;](?:\s|$)|$)",
    ICASE,
)
