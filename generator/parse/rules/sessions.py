"""Recogniser: sessionization ("sessions per user with a 30-minute gap")."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .fields import SchemaResolver
from .lexicon import (
    DEFAULT_SESSION_GAP_MS,
    ENTITY_FIELDS,
    FIELD,
    MASK,
    SESSION_NOUNS,
    STOP,
    name_words,
    noun_names_field,
    singular,
    stem,
    unquote,
    word_set,
)
from .quantities import DUR, DUR_RE, ICASE, WN, dur_ms, ms_text

SESSION_WINDOW = re.compile(
    # "group the actions into session windows": the stream's records (one plural noun)
    r"(?:\bgroup(?:s|ed|ing)?\s+(?:them|these|(?:the|all)\s+[a-z]+s)\s+into\s+)?"
    r"\bsession(?:ized)?[\s-]+windows?\b",
    ICASE,
)


# A second key after the first: "..., device_id", "and `device id`", or an entity word that
# names a field ("and device": device_id) when the key list ends with it ("per kiosk_id, ending
# after ..." and "per user_id and headset" are not read as keys)
_ENTITY_KEY = "|".join(sorted((w for w in ENTITY_FIELDS if w != "session"), key=len, reverse=True))
_SECOND_KEY = (
    r"\s*(?:,|\band\b|&|\+)\s*(?P<f2>[A-Za-z][A-Za-z0-9]*_\w*[A-Za-z0-9]|`[^`\n\x00]+`"
    rf"|(?:{_ENTITY_KEY})(?=\s*(?:[,;.(\x00]|$)|\s+(?:with|gap|after|of\s+inactivity)\b))"
)
SESSION_WINDOW_KEY = re.compile(
    # ("Session-window them per satellite_id ...": the verb, its object a pronoun)
    r"(?:\s+(?:them|it|those|these|everything))?"
    rf"\s+(?:on|per|by|keyed\s+by|for\s+each|grouped\s+by|over)\s+(?:the\s+|each\s+)?(?P<f>{FIELD})"
    # "a session window per satellite_id and station_id": a second key, a field's name with an
    # underscore or quoted, or a plain word that ends the key list ("per user_id and device
    # with a 20 minute gap"; never one with words after it: "per user_id and print them")
    rf"(?:{_SECOND_KEY})?(?![\w.])",
    ICASE,
)


# "... after the session ends", "once a session closes": a session as a point in time, not a
# request to build sessions (left to the other recognisers, or refused).
SESSION_AS_TIME = re.compile(
    r"\b(?:after|before|when|once|until|since|as\s+soon\s+as)\s+(?:the|a|an|each|its|their)\s+$",
    ICASE,
)


SESSIONIZE = re.compile(
    r"(?<!\bper\s)(?<!\bby\s)(?<!\beach\s)\b(?:sessioni[sz]\w*|sessions?)\b(?![\s-]+windows?)"
    # "group actions into visits per player_id": the web's word for sessions, after "into"
    r"|(?<=\binto\s)visits\b",
    ICASE,
)


# Words that never describe the sessionized records (they select, or start a clause of their own)
_NOT_SESSION_NOUN = (
    r"(?:without|except|excluding|exclude|in|only|not|no|non|for|with|but|unless|where|when|if"
    r"|and|or|the|all|ignoring|ignore|skip\w*|drop\w*|after|before|during|between|as|at|to"
    r"|into|over|under|above|below|within)"
)


SESSION_KEY = [
    re.compile(
        r"\b(?:sessions?|(?<=\binto\s)visits)\s+(?:(?:metrics|tracking|analysis|stats|statistics)\s+)?"
        rf"(?:per|by|for\s+each|keyed\s+by|of\s+each)\s+(?:the\s+)?"
        rf"(?P<f>{FIELD})",
        ICASE,
    ),
    re.compile(r"\b(?:per|each)[\s-](?P<f>[A-Za-z_]\w*)\s+sessions?\b", ICASE),
    re.compile(r"\b(?P<f>user|customer|visitor|device|client|account|player)\s+sessions?\b", ICASE),
    re.compile(
        # (never a word that selects or adds a clause: "sessionize topic x without the bots by
        # player_id", "... in local time by ...": those words are left unread)
        rf"\bsessioni[sz]\w*(?:\s+the)?(?:\s+(?!{_NOT_SESSION_NOUN}\b)[^\s,;.]+){{0,4}}?"
        # "sessionize GPS pings from topic couriers.gps by rider_id": the source said between
        r"(?:\s+(?:from|on|in)\s+(?:the\s+)?(?:(?:kafka\s+)?topic\s+[^\s,;]+|\x00+"
        # ("... from the theory app (drive.app_events) by learner_id": what it is, then its topic)
        r"|(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*\s*(?:\(\s*\x00+\s*\)|\x00+)))?"
        # ("sessionize the dive computer logs (topic x) per diver_id": the source in brackets)
        r"(?:\s*\(\s*\x00+\s*\))?" rf"\s+(?:by|per|on)\s+(?:the\s+)?(?P<f>{FIELD})",
        ICASE,
    ),
    # "sessionize users (user_id)": the field in parentheses names them
    re.compile(
        r"\bsessioni[sz]\w*\s+(?:the\s+)?(?:visitors|users|customers|devices|players|clients"
        r"|accounts|[a-z]+s)\s*\(\s*(?P<f>[A-Za-z_]\w*)\s*\)",
        ICASE,
    ),
    re.compile(
        r"\bsessioni[sz]\w*\s+(?:the\s+)?(?P<f>visitors|users|customers|devices|players"
        r"|clients|accounts)\b",
        ICASE,
    ),
    # "group each vehicle_id's pings into a session that closes ...": the key's possessive
    re.compile(
        # (the records' noun may be read already as the topic's: "each player_id's plays" on
        # arcade.plays; "each plucker's weigh-ins": a compound written with dashes)
        r"\b(?:each|every)\s+(?P<f>[A-Za-z_]\w*)'s\s+(?:[a-z]+(?:-[a-z]+)*\s+|\x00+\s+)?"
        r"(?=in(?:to)?\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:sessions?|visits?|\x00+)(?!\w))",
        ICASE,
    ),
    # "group the print-farm-events of each printer_id into sessions", "group them per
    # vessel_id into sessions"
    re.compile(
        rf"(?:\b(?:of|for)\s+(?:each|every)|(?<=\s)(?:per|by|keyed\s+by))\s+(?P<f>{FIELD})"
        # ("group the events of every student_id in sessions": 'in' as 'into')
        r"(?=\s+(?:in(?:to)?\s+|\x00+\s*)(?:[a-z]+\s+)?(?:sessions?|visits)\b)",
        ICASE,
    ),
]


# Whose sessions: "per user session", "30 minutes of user inactivity"
WHO = (
    r"(?:user|customer|visitor|device|client|account|player|member|driver|rider|listener|viewer"
    r"|shopper)"
)


# "45 minutes without a ping", "30 minutes with no clicks": no record for that long
# a session noun of the request ("a visit", "a trip"), as a regex alternation
_SESSION_NOUN = "|".join(sorted(SESSION_NOUNS))
# ("with no try-ons", "without a check-in": a hyphened noun is one word)
_NOUN = r"[a-z]+(?:-[a-z]+)*"
# ("with no foul called", "without a ping received": the record's arrival, said of its noun)
_ARRIVED = (
    r"(?:\s+(?:called|scored|received|recorded|logged|seen|reported|registered|made"
    r"|placed|coming\s+in|arriving)(?![\w-]))?"
)
WITHOUT = (
    rf"|without\s+(?:an?\s+|any\s+)?(?:new\s+)?{_NOUN}{_ARRIVED}"
    rf"|with\s+no\s+(?:new\s+)?{_NOUN}{_ARRIVED}"
)


# "half an hour of no activity", "20 minutes of no swiping": no record for that long, said as
# a noun (any noun, as WITHOUT reads "without a ping"); "half an hour of nothing", "10 minutes
# of nothing coming in": the same said with "nothing"
NO_ACTIVITY = (
    r"|no\s+(?:user\s+)?(?:new\s+)?[a-z]+(?:-[a-z]+)*"
    r"|nothing(?:\s+(?:new|happening|coming\s+in|at\s+all|from\s+(?:them|it)))?(?![\w-])"
    rf"|{WHO}\s+inactivity"
)


# "... closes a session", "... starts a new session": what the gap does, said after it
SESSION_EFFECT = (
    r"(?:\s+(?:closes|ends|terminates|finishes|expires|breaks|splits|closing|ending|terminating"
    r"|finishing)\s+(?:a|the|each|that)\s+"
    # (the session word may have been read already: masked)
    r"(?:user(?:'s)?\s+)?(?:session|\x00+)|\s+(?:starts|begins|opens|marks)\s+a\s+(?:new|fresh)\s+"
    r"(?:session|\x00+))?"
)


# "after 30 idle minutes", "40 inactive minutes": the idleness between the number and its unit
IDLE_UNITS = (
    rf"(?P<n>\d+(?:\.\d+)?|{WN})\s+(?:idle|inactive|quiet|silent|dead)\s+"
    r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
)


# "the till has been quiet for 10 minutes", "the user is idle for 20 minutes": nothing came in
QUIET_FOR = (
    # ("once they've gone quiet for 45 mins")
    r"(?:(?:the|a|an|its|their)\s+)?(?:[a-z_]+\s+){0,2}?(?:has\s+been|have\s+been|is|are|goes"
    r"|go|stays?|remains?|was|were|sits?|(?:[a-z]+(?:'ve|'s)|has|have)\s+gone|went)\s+"
    r"(?:quiet|idle|inactive|silent)\s+for\s+"
    r"(?:more\s+than\s+|over\s+|longer\s+than\s+)?"
)


# "is over", "ends", "closes": what the gap does to a session, said before "when ..."
_ENDS = (
    r"(?:ends?|ending|closes?|closing|expires?|times?\s+out|(?:is|are)\s+(?:finish(?:ed)?|over"
    r"|done|closed|ended|complete))"
)


# "treat a run as continuous until ...": the session named by the request's own noun, defined
# by what keeps it open
_CONTINUOUS = (
    # ("treat a driver's trips as one shift until ...": whose records, said before them)
    r"(?:treat|consider|count|regard|keep)\s+(?:an?|each|the|one)\s+(?:[a-z]+'s\s+)?"
    r"(?:(?P<cn>[a-z]+)\s+as\s+(?:continuous|ongoing|open|unbroken)"
    # ("... trips as one shift": the session's own noun is the one they make)
    r"|[a-z]+\s+as\s+(?:one|1|a\s+single|the\s+same)\s+(?P<sn>[a-z]+))"
    r"\s+"
)


GAP = [
    # "10 min of silence = session over", "5 minutes of no clicks means the session ends": the
    # gap, then what it does to a session after '=' or 'means'
    re.compile(
        rf"(?<![\w.])(?P<d>{DUR})\s+of\s+(?:silence|quiet|inactivity|idle(?:ness)?"
        rf"{NO_ACTIVITY})\s*(?:=|->|\u2192|means|is)\s*(?:the\s+|a\s+)?(?:session|\x00+)\s+"
        r"(?:(?:is\s+)?(?:over|done|closed|finished|ended|complete)|ends|closes)\b",
        ICASE,
    ),
    # "treat a gap of 20 minutes as the end of a shift", "consider a pause of 10 min as a new
    # run": the gap defined by what it does, the session named by the request's own noun
    re.compile(
        r"\b(?:treat|consider|take|count|regard|use|interpret)\s+(?:a|any)\s+(?:gap|pause|break"
        r"|silence|lull)\s+of\s+(?:more\s+than\s+|over\s+|at\s+least\s+|longer\s+than\s+)?"
        rf"(?P<d>{DUR})(?:\s+or\s+(?:more|longer))?\s+as\s+(?:(?:the\s+)?(?:end|close|start)\s+of"
        r"|ending|closing|starting|opening)\s+(?:an?|the|one)\s+(?:new\s+)?(?P<sn>[a-z]+)\b",
        ICASE,
    ),
    # "treat 10 minutes of silence as the end of the roast", "consider 20 min of inactivity as
    # the start of a new visit": the gap said as a stretch of silence, then what it does
    re.compile(
        r"\b(?:treat|consider|take|count|regard|use|interpret)\s+(?:more\s+than\s+|over\s+"
        rf"|at\s+least\s+|longer\s+than\s+)?(?P<d>{DUR})\s+(?:of\s+)?(?:silence|quiet|inactivity"
        rf"|idle(?:ness)?|idle\s+time{NO_ACTIVITY})(?:\s+or\s+(?:more|longer))?\s+as\s+(?:(?:the\s+)?"
        r"(?:end|close|start)\s+of|ending|closing|starting|opening)\s+(?:an?|the|one)\s+(?:new\s+)?"
        r"(?P<sn>[a-z]+)\b",
        ICASE,
    ),
    # "a storm ends after 2 hours without a tick", "a firing closes after 45 minutes with no
    # reading": the request's own noun for a session, ended by a time with no record
    re.compile(
        rf"\b(?:an?|each|every|the)\s+(?P<sn>[a-z]+)\s+{_ENDS}\s+after\s+(?P<d>{DUR})\s+"
        rf"(?:without|with\s+no)\s+(?:an?\s+|any\s+)?(?:new\s+)?{_NOUN}\b{_ARRIVED}",
        ICASE,
    ),
    # "sessions per reviewer_id, where 20 minutes with no activity ends a session": the gap as
    # the subject of what it does to a session (that effect said, never a filter's 'where')
    re.compile(
        rf"\b(?:where|in\s+which|such\s+that|so\s+that)\s+(?:a\s+gap\s+of\s+)?(?P<d>{DUR})\s+"
        rf"(?:of\s+)?(?:inactivity|idle(?:ness)?|silence{WITHOUT}{NO_ACTIVITY})"
        r"(?=\s+(?:closes|ends|terminates|finishes|expires|breaks|splits|starts|begins|opens|marks)"
        r"\b)"
        rf"{SESSION_EFFECT}",
        ICASE,
    ),
    # "where a quiet spell of forty-five minutes closes the session", "a lull of 20 min ends a
    # session": the gap as a stretch of time, named by what it does to a session (said)
    re.compile(
        r"\b(?:(?:where|in\s+which|such\s+that|so\s+that)\s+)?(?:a|any)\s+"
        r"(?:(?:quiet|silent|idle|inactive|dead)\s+)?(?:spell|period|stretch|lull|pause|break|gap)"
        r"\s+of\s+(?:more\s+than\s+|over\s+|at\s+least\s+)?"
        rf"(?P<d>{DUR})(?:\s+(?:of\s+)?(?:inactivity|idle(?:ness)?|silence|quiet{WITHOUT}))?"
        r"(?=\s+(?:closes|ends|terminates|finishes|starts|begins|opens|marks)\s)"
        rf"{SESSION_EFFECT}",
        ICASE,
    ),
    # the longest phrasings first: "closing after 30 minutes of inactivity" reads the verb too
    re.compile(
        r"\b(?:ends?|ending|closes?|closing|expires?|expiring|splits?|splitting|times?\s+out"
        # "new session after 5 minutes idle"
        r"|timing\s+out|new\s+session(?:\s+(?:starts|begins))?"
        # ("split ... into sessions, a new one starts after 15 min with no scan")
        r"|(?:a\s+)?new\s+(?:one|1)\s+(?:starts|begins)"
        # "a session is finished after 30 minutes with no activity"
        r"|(?:is|are|gets?)\s+(?:finished|closed|ended|over|done|complete))"
        # ("closing a visit after ...": the request's own noun for a session)
        rf"\s+(?:(?:a|the|each)\s+(?:{_SESSION_NOUN})\s+|sessions\s+|them\s+)?"
        rf"after\s+(?:(?P<d>{DUR})(?:\s+(?:of\s+)?(?:inactiv\w*|inactv\w*|idle\w*|silence{WITHOUT}{NO_ACTIVITY}))?"
        rf"|{IDLE_UNITS})",
        ICASE,
    ),
    re.compile(
        rf"\b(?:after|following|(?:separated|split|divided|delimited)\s+by)\s+(?:(?P<d>{DUR})\s+(?:(?:of\s+)?(?:inactiv\w*|inactv\w*|idle\w*|silence{WITHOUT}"
        rf"{NO_ACTIVITY}))|{IDLE_UNITS}){SESSION_EFFECT}",
        ICASE,
    ),
    re.compile(
        rf"\b(?:inactivity|idle(?:ness)?|session)\s+(?:gap|timeout|time-?out)\s*(?:of|=|:|is)?\s*"
        rf"(?P<d>{DUR})",
        ICASE,
    ),
    re.compile(
        # ("a 45 min inactivty gap": a slip in the idleness word still names the gap)
        rf"(?<![\w.])(?P<d>{DUR})\s+(?:of\s+)?(?:inactivity|idle(?:ness)?|idle\s+time"
        rf"{NO_ACTIVITY}|(?:inactiv\w*|inactv\w*|quiet|silence)(?=\s+(?:gap|timeout)))"
        rf"(?:\s+(?:gap|timeout|threshold))?{SESSION_EFFECT}",
        ICASE,
    ),
    re.compile(
        # ("with 15 minute gaps": the gap between any two sessions, said in the plural)
        rf"(?<![\w.])(?P<d>{DUR})\s+(?:session\s+)?(?:gaps?|timeouts?|time-?outs?|inactivity\s+threshold)\b"
        # ("45 min gap of inactivity": what the gap is, said after it; "a 2 minute gap of no
        # pings", "a 5 min timeout without a scan": no record of the stream for that long)
        rf"(?:\s+(?:of\s+(?:inactivity|idle(?:ness)?|idle\s+time|silence{NO_ACTIVITY}){WITHOUT}))?",
        ICASE,
    ),
    # "a gap of more than 20 minutes starts a new session"
    re.compile(
        r"\b(?:gap|timeout)\s*(?:of\s+|:\s*|=\s*|\s)(?:(?:more\s+than|over|longer\s+than"
        rf"|at\s+least|>)\s+)?(?P<d>{DUR}){SESSION_EFFECT}",
        ICASE,
    ),
    # "a session ends when there is no data for 10 minutes"
    re.compile(
        # ("the session is finish when there is no scan during 20 minutes")
        r"\b(?:(?:ends?|ending|closes?|closing|(?:is|are)\s+(?:finish(?:ed)?|over|done|closed"
        r"|ended))\s+)?(?:when|once|if|after)\s+there\s+(?:is|are|has\s+been"
        rf"|have\s+been)\s+no\s+(?:new\s+)?[a-z]+\s+(?:for|during|in|within)\s+(?:more\s+than\s+)?"
        rf"(?P<d>{DUR})",
        ICASE,
    ),
    # "when the gap between clicks exceeds 30 minutes"
    re.compile(
        r"\b(?:when|once|if|whenever)\s+the\s+(?:time\s+)?gap\s+(?:between\s+(?:two\s+)?"
        r"(?:consecutive\s+)?[a-z]+\s+)?(?:exceeds|is\s+(?:more|longer|greater)\s+than|goes\s+over"
        rf"|passes|tops)\s+(?P<d>{DUR})",
        ICASE,
    ),
    # "a session closes when the till has been quiet for 10 minutes", "treat a run as
    # continuous until the press is idle for 10 min"
    re.compile(
        rf"\b(?:{_CONTINUOUS}|(?:ends?|ending|closes?|closing|expires?|times?\s+out"
        # ("a new session once they've gone quiet for 45 mins")
        r"|(?:a\s+)?new\s+session(?:\s+(?:starts|begins))?)\s+)?"
        rf"(?:when|once|if|after|until|till)\s+{QUIET_FOR}(?P<d>{DUR})",
        ICASE,
    ),
    # "one shift until they go 30 minutes without a trip completion", "a visit ends once the
    # badge goes 10 min with no scan": a stretch the subject goes through with no record
    re.compile(
        rf"\b(?:{_CONTINUOUS}|{_ENDS}\s+)?(?:when|once|if|until|till)\s+"
        r"(?:(?:the|a|an|its|their)\s+)?(?:[a-z_]+\s+){0,2}?"
        r"(?:goes|go|went|(?:has|have|[a-z]+'ve|[a-z]+'s)\s+gone)\s+"
        rf"(?:more\s+than\s+|over\s+|longer\s+than\s+)?(?P<d>{DUR})\s+"
        rf"(?:without|with\s+no)\s+(?:an?\s+|any\s+)?(?:new\s+)?{_NOUN}"
        # ("without a trip completion": a noun of two words, the clause ending after it)
        rf"(?:\s+{_NOUN}(?=\s*(?:[,.:;)]|$)))?",
        ICASE,
    ),
    # "a session ends once a climber has had no rope event for 45 minutes", "until the badge
    # has logged no scan for 10 min": the subject had no record of its own for that long
    re.compile(
        rf"\b(?:{_CONTINUOUS}|{_ENDS}\s+)?(?:when|once|if|until|till)\s+"
        r"(?:(?:the|a|an|its|their)\s+)?(?:[a-z_]+\s+){0,2}?(?:has|have|[a-z]+'ve|[a-z]+'s)\s+"
        rf"(?:had|sent|made|logged|received)\s+no\s+(?:new\s+)?{_NOUN}(?:\s+{_NOUN})?\s+"
        rf"(?:for|in)\s+(?:more\s+than\s+|over\s+|longer\s+than\s+)?(?P<d>{DUR})",
        ICASE,
    ),
    # "a visit is over when nothing arrives for 15 min", "until no ping comes in for 5 minutes"
    re.compile(
        rf"\b(?:{_CONTINUOUS}|{_ENDS}\s+)?(?:when|once|if|after|until|till)\s+(?:nothing|no\s+"
        r"(?:new\s+)?[a-z]+)\s+(?:new\s+)?(?:arrives?|comes?\s+in|shows?\s+up|happens|(?:is|are)"
        r"\s+(?:received|seen|logged|recorded|reported|sent))\s+for\s+(?:more\s+than\s+|over\s+"
        rf"|longer\s+than\s+)?(?P<d>{DUR})",
        ICASE,
    ),
]


# The request's own word for a session ("a visit", "charging sessions", "each session is one
# foraging trip"), read by the methods at the top of `SessionRecogniser`:
# - SESSION_SUBJECT (`_session_subject`): a session noun (SESSION_NOUNS) right before the gap,
#   read with the gap; `_register_session_noun` then reads "per <noun>" (`_per_noun`) as per
#   session, for the described session and the session window alike;
# - GAP_SUBJECT, SESSION_QUALIFIER, SESSION_GLOSS (`_session_nouns_in_names`): any noun, read
#   once the window is built, when the request's names hold its words (`_name_stems`);
# - SESSION_NAMED (`_each_named_session`): a noun defined as a burst of records ("a roast is a
#   burst of readings"), its "for each roast" read as per session.
#
# "a visit ends after ...", "a burst of activity ends after ...", "each groomer's shift is over
# when ...": a session said by its own noun, right before the gap (a sessions' word even when
# "session" is never said)
_NOUNS = "|".join(sorted(SESSION_NOUNS | {f"{n}s" for n in SESSION_NOUNS}))
SESSION_SUBJECT = re.compile(
    rf"\b(?:an?|the|each|every|one)\s+(?:[\w']+\s+){{0,2}}?(?P<n>{_NOUNS})"
    r"(?:\s+of\s+(?:activity|[a-z]+s?))?\s+$",
    ICASE,
)


# "Group the stoppages into episodes per machine_id using session windows that close after ...":
# the request's own plural for the sessions after "into", then the session window as the means
# ("using", "with", "via"); a key said between is left for the group-by. Only right before the
# session window's words: "into episodes" alone is not read.
INTO_NOUNS_USING = re.compile(
    rf"\binto\s+(?:the\s+)?(?P<n>{_NOUNS})"
    r"(?:\s+(?:per|by|for\s+each)\s+[A-Za-z_]\w*|\s+\x00+)?"
    r"\s+(?P<using>(?:by\s+)?using|with|via|through)\s+(?:the\s+|an?\s+)?$",
    ICASE,
)


PAGES_VIEWED = re.compile(
    r"\b(?:count\w*\s+)?(?:the\s+)?(?:(?:number|count)\s+of\s+)?"
    r"(?:(?:distinct|unique)\s+(?:pages?|urls?)(?:\s+viewed)?"
    r"|pages?\s+viewed)\b",
    ICASE,
)


# "count how many different lesson_id the student opened in the session": the sessions step's
# distinct count ("in each session" asks for a session window: PER_SESSION_AGG)
DISTINCT_IN_SESSION = re.compile(
    r"\b(?:count\w*|track\w*|record\w*)\s+(?:how\s+many|the\s+number\s+of)\s+(?:different|distinct"
    rf"|unique)\s+(?P<f>{FIELD})(?:\s+values)?\b[^.;!?\n\x00]{{0,40}}?\b(?:in|within|during)\s+"
    r"(?:the|that|their|its|his|her)\s+session\b",
    ICASE,
)


# "Group passenger wifi events by passenger_id into session windows": the verb and "into" (the
# words between are read by others: the records, the key)
GROUP_INTO = re.compile(
    r"\b(?P<v>group(?:s|ed|ing)?|split(?:s|ting)?|break(?:s|ing)?|divid(?:e|es|ed|ing)|chunk\w*"
    r"|cut(?:s|ting)?)\b[^.;!?\n]{0,80}?\s(?P<into>in(?:to)?\s+(?:the\s+)?)$",
    ICASE,
)


# The session said again once sessions are asked: "group page-views ... into sessions ..., and
# count the pages in each visit" (a visit is the web's word for a session)
_SESSION = r"(?:session|visit)"


# "for each session count the pings and take the max speed_kmh": aggregates per session ask for
# a session window, not the per-session summary of `sessionize`
PER_SESSION_AGG = re.compile(
    rf"\b(?:for\s+each|per|in\s+each|within\s+each|each|for\s+every|in\s+every)\s+(?:{WHO}\s+)?{_SESSION}\b"
    r"[^.;!?\n]{0,40}?\b(?:count"
    r"|sum|total|max|maximum|min|minimum|avg|average|mean|number|distinct|unique)"
    # "counting the views in each session", "the max dwell_ms per session"
    r"|\b(?:count\w*|sum\w*|total\w*|max|maximum|min|minimum|avg|averag\w*|mean|number\s+of"
    r"|distinct|unique)\b[^.;!?\n]{0,40}?\b(?:for\s+each|per|in\s+each|within\s+each|in\s+every"
    rf"|for\s+every)\s+(?:{WHO}\s+)?{_SESSION}\b",
    ICASE,
)


# "count distinct title_id per session", "count how many different room_number are in each
# session": one distinct count per session, which the sessions step has (distinct_field)
def _distinct_per(session: str) -> str:
    """DISTINCT_PER_SESSION's words, `session` the nouns for a session (a request's own noun
    too: "a run ends after ten minutes ... count the distinct pen_id values per run")."""
    return (
        r"\b(?:count\w*\s+(?:the\s+)?(?:number\s+of\s+)?|(?:count\w*\s+)?how\s+many\s+)"
        rf"(?:distinct|unique|different)\s+(?P<f>{FIELD})(?:\s+values)?\b[^.;!?\n\x00]{{0,40}}?"
        rf"\b(?:per|in\s+each|within\s+each|for\s+each|in\s+every|for\s+every|each"
        # "count the distinct longline_id each diver visits in a session": any one session
        r"|(?:in|within|during)\s+(?:a|one|1|the)(?=\s+\w+\s*(?:[,;.!?]|$)))"
        rf"\s+{session}\b(?!\s+window)"
        # "count the distinct lift_id each session used": what the session went through
        # ("... each session looks at", "... each visit opens": the verb in the present too)
        r"(?:\s+(?:used|uses|visited|visits|touched|touches|saw|sees|hit|hits|had|has|took|takes|rode"
        r"|rides|covered|covers|contained|contains|included|includes|viewed|views|opened|opens"
        r"|browsed|browses|(?:looked|looks|clicked|clicks)\s+(?:at|on)|(?:went|goes|passed|passes)"
        r"\s+through|passed|crossed|reached|rounded))?"
        # "... per run too": the count added to the sessions
        r"(?:\s+(?:too|as\s+well)(?=\s*(?:[,;.!?]|$)))?"
        # "sessionize pings by boat_id ..., counting the distinct buoy_id values passed": the
        # count said as the sessionizing clause's participle (checked in _one_distinct_per_session)
        r"|(?<=,\s)counting\s+(?:the\s+)?(?:number\s+of\s+)?(?:distinct|unique|different)\s+"
        rf"(?P<f3>{FIELD})(?:\s+values)?(?:\s+(?:used|visited|touched|saw|hit|had|took|rode|covered"
        r"|passed(?:\s+through)?|went\s+through|crossed|reached|rounded|seen|opened|viewed))?"
        r"(?=\s*(?:[,;.!?]|$|\s+and\b))"
        # "sessionize the pings per wristband_id, ..., and count the distinct zone values
        # visited": the count added to the sessionizing clause, what the session went through
        # said by the participle (without it, "and count ..." may ask one row per session)
        r"|(?<=,\s)and\s+count\s+(?:the\s+)?(?:number\s+of\s+)?(?:distinct|unique|different)\s+"
        rf"(?P<f4>{FIELD})(?:\s+values)?\s+(?:used|visited|touched|seen|hit|ridden|covered"
        r"|passed(?:\s+through)?|went\s+through|crossed|reached|rounded|opened|viewed)"
        r"(?=\s*(?:[,;.!?]|$))"
        # "for each session count the distinct screen_name values": the session said first
        rf"|\b(?:in|within|for)\s+(?:each|every)\s+{session}\s*[,:]?\s+(?:count\w*\s+(?:the\s+)?"
        rf"(?:number\s+of\s+)?|(?:count\w*\s+)?how\s+many\s+)(?:distinct|unique|different)\s+"
        rf"(?P<f2>{FIELD})(?:\s+values)?\b"
    )


DISTINCT_PER_SESSION = re.compile(_distinct_per(_SESSION), ICASE)


# Another aggregate beside that distinct count ("and the max speed_kmh"): a session window
OTHER_SESSION_AGG = re.compile(
    r"\b(?:sum\w*|total\w*|max|maximum|highest|min|minimum|lowest|avg|averag\w*|mean|median"
    r"|percentile|p\d\d|count\w*|number\s+of|how\s+many|distinct|unique)\b",
    ICASE,
)


# "per session count the events" in a session window: the window's sessions
EACH_SESSION = re.compile(
    rf"\b(?:for\s+each|per|in\s+each|within\s+each|each|in\s+every|for\s+every)\s+{_SESSION}\b",
    ICASE,
)


# "a roast is a burst of readings", "a trip is a run of pings": the request's own word for a
# session, said in a definition
SESSION_NAMED = re.compile(
    # ("each groomer's work shift shows up as a burst of telemetry")
    r"\b(?:an?|one|each)\s+(?:[\w']+\s+){0,2}?(?P<n>[a-z]+)\s+(?:is|means|shows\s+up\s+as"
    r"|appears\s+as|arrives\s+as|comes\s+in\s+as)\s+(?:just\s+)?(?:a|one)\s+(?:burst|run"
    r"|series|sequence|stretch|cluster|streak|spell|session)\s+of\s+(?:the\s+)?(?:[a-z-]+\s+)?"
    r"(?:[a-z-]+s|activity|telemetry|data|traffic)\b",
    ICASE,
)


# "player sessions", "per user session", "user sessions (user_id)": whose sessions they are
WHOSE_SESSIONS = re.compile(
    rf"(?:\b(?P<pre>per|each|for\s+each|in\s+each|for\s+every|in\s+every)\s+)?\b(?P<who>{WHO})(?:'s)?\s+(?:session|\x00+)s?(?![\w])(?:\s*\(\s*(?P<f>[A-Za-z_]\w*)\s*\))?",
    ICASE,
)


# "per-skater sessions (skater_id)", "per skater sessions (skater_id)": any noun after "per",
# its sessions keyed by the field in parentheses (taken when named after the noun)
PER_NOUN_SESSIONS = re.compile(
    r"\bper[\s-](?P<who>[a-z]+)\s+(?:session|\x00+)s?(?![\w])\s*\(\s*(?P<f>[A-Za-z_]\w*)\s*\)",
    ICASE,
)


# "in each session", "for every session": the sessions the request asks to be built
IN_EACH_SESSION = re.compile(
    rf"\b(?:in|within|for)\s+(?:each|every)\s+session\b|\bper\s+{WHO}\s+session\b", ICASE
)


# What asks for sessions to be built, when the bare noun "sessions" is said: without one of these
# "keep sessions where duration_min > 90" names the records (a stream of sessions), nothing more.
SESSIONS_ASKED = re.compile(
    r"\bsessioni[sz]\w*"
    r"|\b(?:build\w*|creat\w*|comput\w*|track\w*|detect\w*|identif\w*|deriv\w*|form\w*"
    r"|construct\w*|reconstruct\w*|stitch\w*|split\w*|group\w*|cut\w*|break\w*|chunk\w*"
    r"|into)\s+(?:\w+\s+){0,3}?(?:the\s+|user\s+|visitor\s+|customer\s+)?sessions?\b"
    r"|\binto\s+visits\b"
    r"|\bsessions?\s+(?:metrics|tracking|analysis|stats|statistics|summar\w*|durations?|lengths?"
    r"|boundaries|starts?)\b",
    ICASE,
)


# "sessionize per user_id ... and output the session duration": what the sessions step adds to
# every record (session_duration_ms, session_event_count), asked for by name; a duration in
# another unit ("in minutes") is not what it emits (left unread)
# "calculate session metrics": the metrics unnamed, so the preset's
SESSION_METRICS = re.compile(r"\bsession\s+(?:metrics|statistics|stats)\b", ICASE)
# ("session duration and event count": both metrics, one "session" said)
_METRIC = r"(?:duration|length|event\s+count)"
_METRICS = rf"{_METRIC}(?:\s*(?:,|,?\s*and|&)\s+(?:(?:the|its|their)\s+)?{_METRIC})?"
SESSION_METRICS_SAID = re.compile(
    rf"\b(?:(?:the|each|every|its|their)\s+)?(?:session(?:'s)?\s+{_METRICS}"
    rf"|{_METRICS}\s+of\s+(?:the|each|every)\s+session"
    # "write the pings with their session fields": the metrics the sessions step adds
    # ("... with session info": the determiner may go)
    r"|(?<=with\s)(?:(?:its|their|the)\s+)?session\s+(?:fields|metrics|columns|attributes|info"
    r"|information|details)"
    # "so each event carries its session's metrics": the same, said of every record
    r"|(?:so\s+(?:that\s+)?)?(?:each|every)\s+(?:event|record|message|reading|row|ping|scan)\s+"
    r"(?:carries|gets|has|keeps|holds|shows)\s+(?:its|the)\s+session(?:'s)?\s+(?:fields|metrics"
    r"|columns|attributes|info|information|details))"
    # (another unit after it stays unread: "in minutes"; "in the ClickHouse table x" is where)
    r"(?:\s+in\s+(?:ms|milliseconds))?\b"
    r"(?!\s+in\s+(?:[a-z]*(?:sec|min|hour|hr|day|week)|[smhd]\b|ms\b))",
    ICASE,
)


# "write each click with its session_id to topic x", "tag each scan with a session id": the
# id the sessions step gives each session, named by the request (it writes it under that name)
SESSION_ID_SAID = re.compile(
    r"(?<=with\s)(?:(?:its|their|the|a)\s+)?session[_ ]id\b(?!\s*[=<>!])", ICASE
)


# "Tag each skipass scan on lift.gate_scans with its session metrics": the verb giving every
# record the metrics the sessions step adds (the words up to "with", then SESSION_METRICS_SAID)
_TAGGED_WITH = re.compile(
    r"\b(?P<v>tag|label|annotate|stamp)\s+(?:each|every)\s+(?P<obj>(?:[a-z][\w-]*\s+){0,2}?)"
    r"(?:(?:on|from|in)\s+(?:topic\s+)?[A-Za-z][\w.-]*\s+)?with\s+$",
    ICASE,
)

# "sessionize clicks by user_id ..., adding session duration and event count": the verb asking
# for the metrics the sessions step adds to every record (SESSION_METRICS_SAID follows)
_ADDING = re.compile(r"\b(?:adding|add|including|include)\s+$", ICASE)

# "Publish the tagged passes to ...": the records the tagging step gave their session metrics
_TAGGED_RECORDS = re.compile(
    r"\b(?:the|those|these)\s+(?:tagged|label+ed|annotated|stamped)\s+(?P<n>[a-z]+)\b", ICASE
)


# "count sessions per user_id", "the number of sessions": a count of the sessions themselves
COUNTED_SESSIONS = re.compile(
    r"\b(?:count(?:s|ing)?|number\s+of|how\s+many|total)\s+(?:the\s+|of\s+)?(?:[a-z]+\s+)?"
    # ("count clicks and sessions per page": the sessions a second count)
    r"(?:(?:and|&|plus)\s+(?:the\s+|of\s+)?(?:[a-z]+\s+)?)?sessions\b"
    # "session count per day", "the session counts": the same, the noun said first
    # ("for each session count the distinct screen_name values": a count in each session)
    r"|(?<!each\s)(?<!every\s)(?<!per\s)\bsessions?\s+(?:count|counts|total|totals)\b"
    r"(?!\s*(?:=|is\b|field|column|the\b|distinct|unique|all\b|every\b|each\b))",
    ICASE,
)


# "charging sessions per charger_id", "group those into picking sessions": a word before the
# session noun saying which activity a session is (matched in the request as written)
SESSION_QUALIFIER = re.compile(r"(?<![\w.'-])(?P<n>[a-z]+)\s+(?=sessions?\b)", ICASE)
# "work sessions per raker_id", "browsing sessions per user_id": a word saying what the people
# do in a session, read though no name holds it (a closed list: none of these picks records
# out; "idle", "long", "failed" or "training sessions" may, and stay unread)
ACTIVITY_QUALIFIERS = word_set(
    "work working browsing shopping listening viewing watching reading play playing gaming"
    " practice practising practicing"
)
# "a flight ends after three minutes without telemetry", "a fog episode ends after ...": the
# request's own noun for a session, the subject of a gap read already (masked); unlike
# SESSION_SUBJECT, any noun, kept only when the request's names hold it
GAP_SUBJECT = re.compile(
    r"\b(?:a|an|each|the|every)\s+(?P<n>[a-z]+(?:\s+[a-z]+)?)\s+(?=\x00)", ICASE
)


# "sessionize per tag_id ... so each session is one foraging trip": what a session stands for,
# said as a gloss; kept only when the request's names hold its words (as SESSION_QUALIFIER)
# ("closes after 20 min idle (= one roast)": the gloss in parentheses, right after the session)
# ("sessionize by mmsi with 30 min gap = voyages": "=" and a plural, no parentheses)
SESSION_GLOSS = re.compile(
    r"(?:\b(?:so\s+(?:that\s+)?)?(?:each|every|a|one|1)\s+session\s+(?:is|=|means|being)\s+"
    r"(?:one|1|a|an)\s+"
    r"|(?<=\x00\s)\(\s*(?:=|i\.e\.,?|ie,?)\s*(?:one|1|a|an)\s+"
    r"|(?<=\x00\s)=\s*(?=[a-z]+s\b))"
    r"(?P<n>[a-z]+(?:\s+[a-z]+)?)(?=\s*(?:[.;,)]|$))",
    ICASE,
)


# "one session per runner_id": a count before the sessions' key, no requirement of its own
ONE_SESSION_PER = re.compile(
    r"\b(?:one|1|a\s+single)\s+(?=session\s+(?:per|for\s+each|for\s+every)\s+[A-Za-z_])", ICASE
)


# "build idle sessions per user_id with a 20 minute gap", "inactivity-based sessions": the word
# says how a session ends (after the idle gap), read with the gap; "active", "long" or "short
# sessions" may select sessions and stay unread (refused)
IDLE_SESSIONS = re.compile(
    r"(?<![\w.'-])(?:idle|inactivity|idle-?(?:gap|timeout|time)|inactivity-?(?:based|gap|timeout)"
    r"|gap-?based|timeout-?based)(?=\s+sessions?\b)",
    ICASE,
)


# "We'd like one row per satellite pass.", "one row per session": the rows a session window
# gives, said before or after it; the noun is "session" or one the request's names hold
# ("pass" of groundops.pass_summaries), with at most one word before it (whose sessions).
ONE_ROW_PER_SESSION = re.compile(
    r"(?:\b(?:we'?d\s+like|we\s+want|i'?d\s+like|i\s+want|we\s+need|i\s+need)\s+)?"
    r"\b(?P<row>(?:one|1|a\s+single|a)\s+(?:row|record|line|entry|result))\s+(?:per|for\s+(?:each"
    r"|every))\s+"
    r"(?:(?P<who>[a-z]+)\s+)?(?P<noun>[a-z]+)\b(?![\w-])",
    ICASE,
)
# Sessions asked in words that build a session window or the sessions step
SESSIONS_SAID = re.compile(r"\bsession[\s-]+windows?\b|\bsessioni[sz]\w*", ICASE)


def one_row_per_session(m: re.Match[str], text: str) -> bool:
    """Whether `m` (ONE_ROW_PER_SESSION) names sessions: "session", or a noun the request's
    names hold, after at most a plain word ("satellite pass" on groundops.pass_summaries)."""
    if stem(m["noun"]) not in {stem("session")} | _name_stems(text):
        return False  # ("one row per satellite": a key, read by the sinks or refused)
    return not m["who"] or description_word_or_field(m["who"], text)


def description_word_or_field(word: str, text: str) -> bool:
    """ "satellite" of "per satellite pass": a plain word, or the start of a field the request
    names (satellite_id), never one that may select ("failed")."""
    from .source_descriptions import description_word  # (sources imports this module's neighbours)

    return description_word(word) or bool(re.search(rf"\b{re.escape(word)}_id\b", text, ICASE))


def _name_stems(text: str) -> set[str]:
    """The stems of the words inside the names the request gives (topics, tables, fields,
    key templates): "depot.charging_sessions", "picker_id" give "charg", "session", "pick"."""
    names = re.findall(r"[A-Za-z][\w]*(?:[._:{}-]+\w+)+|[a-z]+_\w+", text)
    return {stem(w) for n in names for w in name_words(n) if len(w) > 2}


def _output_of(noun: str) -> re.Pattern[str]:
    """ "write shifts to x", "send the visits into y": the sessions, by the request's own noun,
    as what an output verb writes."""
    return re.compile(
        r"\b(?:write|send|store|save|publish|push|emit|put|land|load|stream|output|print"
        r"|forward|sink)\s+(?:the\s+|these\s+|those\s+|all\s+|each\s+|every\s+)?"
        rf"(?P<w>{re.escape(noun)}(?:s|es)?)(?=\s+(?:to|into|in|onto)\b)",
        ICASE,
    )


def _per_noun(noun: str) -> re.Pattern[str]:
    """ "for each roast", "per storm", "into storms": one result per session, said with the
    request's own noun for a session (never a field: "per storm_id" is one)."""
    noun = re.escape(noun)
    return re.compile(
        rf"\b(?:(?:for\s+each|per|in\s+each|within\s+each|each|for\s+every|in\s+every)"
        rf"\s+{noun}|into\s+{noun}s)\b(?!\s*_)",
        ICASE,
    )


class SessionRecogniser(SchemaResolver):
    def _session_nouns_in_names(self) -> None:
        """ "charging sessions" on depot.charging_sessions, "a flight ends after 3 minutes" into
        flights.telemetry_sessions: the request's word for its sessions, read as the session's
        name only when the request's own names hold it (its topic, table or key); any other
        word may select records ("idle sessions") and is left unread."""
        stems = _name_stems(self.text)
        qualifiers = list(SESSION_QUALIFIER.finditer(self.text))
        found = qualifiers + [m for m in GAP_SUBJECT.finditer(self.s) if self._gap_follows(m.end())]
        for m in found:
            words = m["n"].lower().split()
            unread = self.s[m.start("n") : m.end("n")] == m["n"]
            activity = m in qualifiers and words[0] in ACTIVITY_QUALIFIERS
            if unread and (activity or all(w not in STOP and stem(w) in stems for w in words)):
                self.mask(m.start("n"), m.end("n"), domain=True)
        for m in SESSION_GLOSS.finditer(self.s):
            words = m["n"].lower().split()
            if all(w not in STOP and stem(w) in stems for w in words):
                self.mask(m.start(), m.end(), domain=True)

    def _session_subject(self, gap_start: int) -> re.Match[str] | None:
        """The session noun right before the gap starting at `gap_start` ("a visit ends after
        ...")."""
        return SESSION_SUBJECT.search(self.s, max(0, gap_start - 40), gap_start)

    def _register_session_noun(self, noun: str | None) -> None:
        """ "a storm ends after 2 hours without rain ... per storm: sum the rain", "into
        storms": the request's own noun for a session, said with the gap (by the described
        session and the session window alike); "per <noun>" is one result per session (masked),
        never a grouping by a field."""
        if noun and noun != "session":
            for m in list(_per_noun(noun).finditer(self.s)):
                self.mask(m.start(), m.end())
            # "Write shifts to ClickHouse table x": the sessions, by that noun, as the output
            for m in _output_of(noun).finditer(self.text):
                if self.s[m.start("w") : m.end("w")] == m["w"]:
                    self.mask(m.start("w"), m.end("w"))

    def _idle_sessions(self) -> None:
        """ "idle sessions": the gap's own word (matched in the request as written, since the
        session noun is read already), read with the sessions step."""
        for m in IDLE_SESSIONS.finditer(self.text):
            if self.s[m.start() : m.end()] == m.group(0):
                self.mask(m.start(), m.end())

    def _gap_follows(self, pos: int) -> bool:
        """Whether the masked words at `pos` are a session's end said with its gap ("ends after
        three minutes ..."), read by `_gap`."""
        said = re.match(r"\s*(?:ends?|closes?|is\s+over|finishes|stops)\s+after\b", self.text[pos:])
        return bool(said)

    def _sessions_asked(self) -> bool:
        """Whether the request asks for sessions to be built: a word for it, a gap, pages per
        session, or "sessions per user" where the records are not themselves sessions."""
        if SESSIONS_ASKED.search(self.s) or PAGES_VIEWED.search(self.s):
            return True
        if any(p.search(self.s) for p in GAP):
            return True
        if any(p.search(self.s) for p in SESSION_KEY[1:]):
            return True
        # "count sessions per member_id" on topic gym-sessions: the records are the sessions
        named = self.topic_words()
        return (
            "session" not in named
            and "sessions" not in named
            and bool(SESSION_KEY[0].search(self.s))
        )

    def _group_into(self, start: int) -> bool:
        """Masks "group ... into" right before `start`; whether there was one."""
        begin = max(self.s.rfind(c, 0, start) for c in ".;!?\n") + 1
        gm = GROUP_INTO.search(self.s, begin, start)
        if not gm:
            return False
        self.mask(gm.start("v"), gm.end("v"))
        self.mask(gm.start("into"), gm.end("into"))
        # "Group pings from topic railcar-pings into ...": a word naming the stream's records
        named = self.topic_words()
        named |= {singular(w) for w in named} | {"event", "record", "message", "row"}
        # whole words only: "hive" in "every hive_id's readings" is the key's, not the records'
        between = self.s[gm.end("v") : gm.start("into")]
        for wm in list(re.finditer(r"(?<![\w'])[A-Za-z]+(?![\w'])", between)):
            if singular(wm.group(0).lower()) in named:
                at = gm.end("v") + wm.start()
                self.mask(at, at + len(wm.group(0)))
        # "group each vehicle_id's pings into ...": the plural right after the key's possessive
        # is what the key's records are called (a word before it, "late pings", stays unread)
        owned = re.search(r"\b[A-Za-z]\w*_\w*'s\s+(?P<n>[a-z]+s)\s*$", between)
        if owned and owned["n"].lower() not in STOP:
            at = gm.end("v") + owned.start("n")
            self.mask(at, at + len(owned["n"]))
        return True

    def _group_into_nouns_using(self, start: int) -> None:
        """ "Group the stoppages into episodes per machine_id using session windows": the
        records grouped "into" the request's own plural for a session, the session window said
        as the means right after (masks the verb, "into", the noun and "using"; "per episode"
        then reads as per session)."""
        begin = max(self.s.rfind(c, 0, start) for c in ".;!?\n") + 1
        um = INTO_NOUNS_USING.search(self.s, begin, start)
        if not um or not self._group_into(um.start("n")):
            return
        self.mask(um.start("n"), um.end("n"))
        self.mask(um.start("using"), um.end("using"))
        self._register_session_noun(singular(um["n"].lower()))

    def _each_named_session(self, *, built: bool = True) -> None:
        """ "a roast is a burst of readings, so use session windows ..., and for each roast
        compute ...": "for each roast" is per session, never a grouping by a field 'roast'.
        Without a session window (`built` false) it is refused."""
        for d in SESSION_NAMED.finditer(self.text):
            for m in list(_per_noun(d.group("n")).finditer(self.s)):
                if not built:
                    raise RequestNotUnderstood(
                        f"cannot read {m.group(0)!r}: the request says "
                        f"{' '.join(d.group(0).split())!r}, a session; say the session window, "
                        'e.g. "session windows with a 15 minute gap"'
                    )
                self.mask(m.start(), m.end())
                if "\x00" not in self.s[d.start() : d.end()]:  # the definition is read with it
                    self.mask(d.start(), d.end())
                self.assumptions.append(
                    f"read {m.group(0)!r} as per session: the request says "
                    f"{' '.join(d.group(0).split())!r}"
                )

    def extract_sessions(self) -> None:
        self._read_sessions()
        if self.session or self.window.get("type") == "session":
            self._session_nouns_in_names()
            self._idle_sessions()
            self._one_session_per_key()
        if self.window.get("type") == "session":
            self._one_row_per_session()
        self._each_named_session(built=self.window.get("type") == "session")

    def _one_row_per_session(self) -> None:
        """ "We'd like one row per satellite pass": what a session window gives, one row per
        session, in the request's own noun for a session (a word its names hold)."""
        for m in ONE_ROW_PER_SESSION.finditer(self.text):
            if MASK in self.s[m.start() : m.end("row")] or not one_row_per_session(m, self.text):
                continue  # ("per session" may be read already, by EACH_SESSION)
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"read {' '.join(m.group(0).split())!r} as the session window's rows (one per "
                "session), not as a key"
            )

    def _one_session_per_key(self) -> None:
        """ "one session per runner_id": the count restates what sessions are (one at a time per
        key), read once "session per <key>" itself was read."""
        for m in ONE_SESSION_PER.finditer(self.text):
            if self.s[m.end()] == MASK and self.s[m.start() : m.end()] == m.group(0):
                self.mask(m.start(), m.end())

    def _read_sessions(self) -> None:
        m = self.take(SESSION_WINDOW)
        if m:
            if not self._group_into(m.start()):
                self._group_into_nouns_using(m.start())
            self.take_all(EACH_SESSION)
            km = SESSION_WINDOW_KEY.match(self.s, m.end())
            if km:  # "session windows on player_id": the window's group-by
                self.group_by += [unquote(f) for f in (km["f"], km["f2"]) if f]
                self.mask(km.start(), km.end())
            end = self.clause_end(m.end())
            gap = self._gap(m.end(), end) or self._gap(0, len(self.s))
            if gap is None:
                dm = DUR_RE.search(self.s, m.end(), end)
                if dm is None:
                    raise RequestNotUnderstood(
                        'session window: give the inactivity gap (e.g. "session windows with a '
                        '15 minute gap")'
                    )
                gap = dur_ms(dm.group(0))
                self.mask(dm.start(), dm.end())
            self.window.update(type="session", gap_ms=gap)
            self.window_words = True
            return
        m = SESSIONIZE.search(self.s)
        while m and SESSION_AS_TIME.search(self.s, 0, m.start()):
            m = SESSIONIZE.search(self.s, m.end())  # "30 days after the session ends": a time
        if not m:
            if self._described_session():
                return
            # "count plays in each session per user_id, a 30 minute gap": aggregates per session
            # ask for a session window even when "session" is said only after "each"
            em = IN_EACH_SESSION.search(self.s)  # "per session" may name a session_id field
            named = self.topic_words()
            if em and PER_SESSION_AGG.search(self.s) and not named & {"session", "sessions"}:
                self._session_window(em)
            return
        per_session_agg = self._per_session_agg()
        if not per_session_agg and not self._sessions_asked():
            return  # "keep sessions where duration_min > 90": the records' name
        # "group events ... into sessions per device_id" (the sessions said first may be another
        # sentence's: "understand the study sessions of the students. Please group ... in sessions")
        any(self._group_into(sm.start()) for sm in list(SESSIONIZE.finditer(self.s, m.start())))
        one_distinct = self._one_distinct_per_session()
        if per_session_agg and not one_distinct:
            self._session_window(m)
            return
        counted = COUNTED_SESSIONS.search(self.s)
        if counted:  # "count sessions per user_id every hour" on topic app-events
            raise RequestNotUnderstood(
                f"cannot read {' '.join(counted.group(0).split())!r}: a count of sessions is "
                "not supported: the sessions step gives each record its session's metrics "
                "(session_event_count, session_duration_ms), and a window over them counts "
                'records, not sessions. Ask for the sessions ("build sessions per user_id with '
                'a 30 minute gap"), or, when each record is a session, say "count records '
                'per user_id every hour"'
            )
        key = self._per_noun_session_key()
        for pattern in SESSION_KEY if key is None else []:
            km = self.take(pattern)
            if km:
                key = unquote(km.group("f"))
                self._refuse_second_key(km)
                break
        if key is None:
            # "split each picker_id's scans into sessions": the "into" was read with "split"
            # above; the key's possessive is found in the words as written
            km = SESSION_KEY[6].search(self.text)
            if km and self.s[km.start("f") : km.end("f")] == km.group("f"):
                self.mask(km.start(), km.end())
                key = unquote(km.group("f"))
        gap = self._gap(0, len(self.s))
        distinct = None
        dm = self.take(PAGES_VIEWED)
        if dm:
            distinct = "page_url"
        dm = self.take(DISTINCT_IN_SESSION)
        if dm:  # "count how many different lesson_id the student opened in the session"
            distinct = unquote(dm.group("f"))[0]
        if one_distinct:
            self.mask(one_distinct.start(), one_distinct.end())
            said_f = one_distinct["f"] or one_distinct["f2"] or one_distinct["f3"]
            distinct = unquote(said_f or one_distinct["f4"])[0]
            if PAGES_VIEWED.search(one_distinct.group(0)):
                distinct = "page_url"  # "count unique pages per session"
            said = " ".join(one_distinct.group(0).split())
            self.assumptions.append(
                f"{said!r}: read as the sessions step's distinct count (every record kept with "
                "its session's metrics and the distinct count so far); for one row per session, "
                'ask for a session window, e.g. "session windows per user_id with a 30 minute '
                'gap, count distinct page_url"'
            )
        self.session = {"key": key, "gap_ms": gap, "distinct": distinct}
        self.take_all(SESSIONIZE)
        for mm in list(SESSION_METRICS_SAID.finditer(self.text)):  # ("session" may be read)
            self.mask(mm.start(), mm.end())
            added = _ADDING.search(self.text, max(0, mm.start() - 20), mm.start())
            if added:  # "..., adding session duration and event count": what the step adds
                self.mask(added.start(), added.end())
            tagged = _TAGGED_WITH.search(self.text, max(0, mm.start() - 120), mm.start())
            if tagged:  # "Tag each scan on x with its session metrics": what the step does
                self.mask(tagged.start("v"), tagged.end("v"))
                self._tagged_records(tagged)
        for mm in list(SESSION_ID_SAID.finditer(self.text)):
            self.mask(mm.start(), mm.end())
            self.session["id_said"] = True
            tagged = _TAGGED_WITH.search(self.text, max(0, mm.start() - 120), mm.start())
            if tagged:  # "tag each click with a session_id": what the step does
                self.mask(tagged.start("v"), tagged.end("v"))
                self._tagged_records(tagged)
        self._tagged_records_sent()

    def _tagged_records(self, tagged: re.Match[str]) -> None:
        """ "tag every ping with ...", "publish the tagged passes": the records tagged, read
        when named by the records noun of the source topic's name (its last word,
        "canyon.tracker_pings"); any other word may select some."""
        words = tagged["obj"].split()
        if len(words) == 1 and singular(words[0].lower()) in self._topic_nouns():
            self.mask(tagged.start("obj"), tagged.end("obj"))

    def _topic_nouns(self) -> set[str]:
        """The records nouns of the source topics' names (their last words, singular)."""
        return {singular(name_words(t)[-1]) for _, t in self.topics if name_words(t)}

    def _tagged_records_sent(self) -> None:
        """ "write the tagged pings to ...": the records the sessions step tagged with their
        session metrics (every record is), named by the source topic's records noun; any other
        word may select some."""
        nouns = self._topic_nouns() | {"record", "event"}
        for m in _TAGGED_RECORDS.finditer(self.s):
            if singular(m["n"].lower()) in nouns:
                self.mask(m.start(), m.end())

    def _per_session_agg(self) -> re.Match[str] | None:
        """ "count plays in each session": an aggregate per session. "each session's duration
        and event count" names the sessions step's own metrics instead, so those words are left
        out of the search."""
        text = self.s
        for mm in SESSION_METRICS_SAID.finditer(self.text):
            text = text[: mm.start()] + " " * (mm.end() - mm.start()) + text[mm.end() :]
        return PER_SESSION_AGG.search(text)

    def _refuse_second_key(self, km: re.Match[str]) -> None:
        """ "sessionize per user_id and device": the sessions step keys on one field, so the
        second would be dropped; refused, pointing at the session window, which takes more."""
        second = re.match(_SECOND_KEY, self.s[km.end() :], ICASE)
        if second is None or "f" not in km.re.groupindex:
            return
        said = " ".join(self.text[km.start("f") : km.end() + second.end()].split())
        raise RequestNotUnderstood(
            f"sessions per {said!r}: the sessions step keys its sessions by one field; for "
            "sessions per several fields, ask for one row per session with a session window, "
            'e.g. "session windows per user_id and device_id with a 30 minute gap, count '
            'events", or name one key'
        )

    def _described_session(self) -> bool:
        """ "treat a gap of 20 minutes as the end of a shift", "a visit is over when nothing
        arrives for 15 min", "treat a run as continuous until the press is idle for 10 min": a
        session window said in words, by the gap and the request's own noun for a session,
        with no "session" said (listed). A gap with no such noun is left to the others."""
        said = [
            gm
            for pattern in GAP
            for gm in [pattern.search(self.s)]
            if gm
            and (
                gm.groupdict().get("sn")
                or gm.groupdict().get("cn")
                or self._session_subject(gm.start())
            )
        ]
        if not said:
            return False
        start = min(gm.start() for gm in said)
        subject = self._session_subject(start)
        words = self.text[subject.start() if subject else start : max(gm.end() for gm in said)]
        found = self._gap_said(0, len(self.s))
        assert found is not None
        gap, noun = found
        self._register_session_noun(noun)
        # (described: a window with no group is refused, never one session of all records)
        self.window.update(type="session", gap_ms=gap, described=words.strip())
        self.window_words = True
        for d in list(SESSION_NAMED.finditer(self.s)):  # "each shift shows up as a burst of ..."
            if noun is None or singular(d.group("n").lower()) == noun:
                self.mask(d.start(), d.end())
        self.assumptions.append(
            f"read {' '.join(words.split())!r} as a session window: a {noun or 'session'} closes "
            f"after {ms_text(gap)} with no record of its group, one result per "
            f"{noun or 'session'}"
        )
        return True

    def _one_distinct_per_session(self) -> re.Match[str] | None:
        """ "sessionize by viewer_id ..., count distinct title_id per session": the one distinct
        count per session, when nothing else is aggregated. Blind writers asked the sessions step
        (distinct_field) for these words in 5 of 6 requests, a session window in one."""
        dm = DISTINCT_PER_SESSION.search(self.s)
        noun = self._own_session_noun()
        if dm is None and noun:  # "a run ends after ten minutes ...; count ... per run"
            dm = re.compile(_distinct_per(f"(?:{_SESSION[3:-1]}|{re.escape(noun)})"), ICASE).search(
                self.s
            )
        if dm is not None and (dm["f3"] or dm["f4"]):
            sentence = re.split(r"[.;!?]\s|\n", self.text[: dm.start()])[-1]
            # ("build sessions per skipass_id ..., and count the distinct lift_id ridden")
            built = r"\b(?:build|make|create|compute|need|want)\s+(?:the\s+)?sessions\b"
            if not re.search(rf"\bsessioni[sz]\w*|{built}", sentence, ICASE):
                return None  # (the participle only with the sessionizing verb before it)
        if dm is None:
            return None
        said = next(g for g in ("f", "f2", "f3", "f4") if dm[g])
        if OTHER_SESSION_AGG.search(self.s, dm.end(said), dm.end()):
            # "count the distinct screen_id and the max dwell_ms per session": two aggregates
            return None
        # durations said ("20 min inactivity gap") are no minimum
        rest = DUR_RE.sub(" ", self.s[: dm.start()] + " " + self.s[dm.end() :])
        return None if OTHER_SESSION_AGG.search(rest) else dm

    def _own_session_noun(self) -> str | None:
        """The request's own noun for a session, said with its gap ("a run ends after ten
        minutes without a tally event"), not masked; None when the gap names none."""
        for pattern in GAP:
            gm = pattern.search(self.s)
            if gm:
                noun = gm.groupdict().get("sn") or gm.groupdict().get("cn")
                subject = self._session_subject(gm.start())
                noun = noun or (subject and subject.group("n"))
                if noun and noun.lower() not in STOP:
                    return singular(noun.lower())
                return None
        return None

    def _session_window(self, m: re.Match[str]) -> None:
        """ "Group pings into sessions per railcar_id, a session ends after 45 minutes without
        a ping; for each session count the pings": a session window keyed by railcar_id."""
        gap = self._gap(0, len(self.s))  # before the session word is masked: "a new session"
        km = SESSION_WINDOW_KEY.match(self.s, m.end())
        if km:
            self._refuse_other_session_key(km, m.end())
            self.group_by += [unquote(f) for f in (km["f"], km["f2"]) if f]
            self.mask(km.start(), km.end())
        else:  # "sessionise users (user_id) ... count events per session"
            for pattern in (SESSION_KEY[0], *SESSION_KEY[3:5], SESSION_KEY[-1]):
                named = self.take(pattern)
                if named:
                    self.group_by.append(unquote(named.group("f")))
                    break
        self.mask(m.start(), m.end())
        if gap is None:
            raise RequestNotUnderstood(
                'session window: give the inactivity gap (e.g. "session windows with a 15 '
                'minute gap")'
            )
        self._whose_sessions()
        verb = re.search(
            # "sessionize", "make sessions per attendant_id": the words also name the sessions
            # step, which keeps every record
            r"\bsessioni[sz]\w*|\b(?:make|makes|making|build|builds|building|create|creates"
            r"|creating)\s+(?:the\s+)?sessions\b",
            self.text,
            ICASE,
        )
        if verb:
            self.assumptions.append(
                f"{verb.group(0)!r} with aggregates per session: read as a session window (one "
                "row per session); to keep every record with its session's running metrics, "
                'ask for the sessions alone, e.g. "sessionize per user_id with a 30 minute gap"'
            )
        self.window.update(type="session", gap_ms=gap)
        self.window_words = True
        self.take_all(SESSIONIZE)  # "a session ends after ...": the window's sessions
        self.take_all(EACH_SESSION)

    def _refuse_other_session_key(self, km: re.Match[str], after: int) -> None:
        """ "we need viewing sessions per guest. ... group them into sessions per badge_id":
        sessions said again keyed by another name; both would group the window (by guest and
        badge_id), so it is refused, quoting the two ("sessions per user ... per user_id" is
        one key said twice)."""
        first = unquote(km.group("f"))[0].lower()
        for sm in SESSIONIZE.finditer(self.s, after):
            again = SESSION_WINDOW_KEY.match(self.s, sm.end())
            if again is None:
                continue
            other = unquote(again.group("f"))[0].lower()
            if other.startswith(first) or first.startswith(other):
                continue
            said = [
                " ".join(self.text[k.start() : k.end()].split()).strip(" .,;") for k in (km, again)
            ]
            raise RequestNotUnderstood(
                f"sessions {said[0]!r} and sessions {said[1]!r}: which field keys the "
                "sessions? name one key for them"
            )

    def _whose_sessions(self) -> None:
        """ "player sessions keyed by player_id", "user sessions (user_id)", "count clicks per
        user session": the noun naming whose sessions they are; it groups the window when no
        key is named, and is read with the key when the key's name starts with it."""
        for wm in list(WHOSE_SESSIONS.finditer(self.s)):
            noun = wm.group("who").lower()
            if wm.group("f"):
                self.group_by.append((wm.group("f"), True))
            elif not self.group_by:
                self.group_by.append((noun, False))  # "per user session": by the user's field
                self.assumptions.append(
                    # (the words as written: 'session' may be masked, read already)
                    f"{' '.join(self.text[wm.start() : wm.end()].split())!r}: one session window "
                    f"per {noun}, grouped "
                    f"by the field naming the {noun} (the window's group_by)"
                )
            elif not any(t.lower().startswith(noun) for t, _ in self.group_by):
                continue  # "device sessions per user_id": whose? left unread
            self.mask(wm.start(), wm.end())
        key = self._per_noun_session_key()
        if key:
            self.group_by.append(key)

    def _per_noun_session_key(self) -> tuple[str, bool] | None:
        """ "per-skater sessions (skater_id)": the field in parentheses, named after the noun,
        keys the sessions (masked); None when no such words are said."""
        for pm in PER_NOUN_SESSIONS.finditer(self.s):
            if noun_names_field(pm["who"], pm["f"]):
                self.mask(pm.start(), pm.end())
                return str(pm["f"]), True
        return None

    def _gap(self, start: int, end: int) -> int | None:
        """The session window's gap said between `start` and `end` (see `_gap_said`)."""
        found = self._gap_said(start, end)
        if found is None:
            return None
        self._register_session_noun(found[1])
        return found[0]

    def _gap_said(self, start: int, end: int) -> tuple[int, str | None] | None:
        """The inactivity gap said between `start` and `end`, masked, and the request's own noun
        for a session when one is said with it ("a visit ends after 15 minutes", "treat a gap of
        20 minutes as the end of a shift"). A second gap of another length is refused."""
        for pattern in GAP:
            gm = pattern.search(self.s, start, end)
            if gm:
                gap = _gap_ms(gm)
                self._refuse_other_gap(gap, gm)
                self.mask(gm.start(), gm.end())
                noun = gm.groupdict().get("sn") or gm.groupdict().get("cn")
                # "a visit ends after 15 minutes": the session, said with the request's noun
                subject = self._session_subject(gm.start())
                if subject:
                    self.mask(subject.start(), gm.start())
                    noun = noun or subject.group("n")
                return gap, noun and singular(noun.lower())
        return None

    def _refuse_other_gap(self, gap: int, first: re.Match[str]) -> None:
        """ "a run ends after 10 idle minutes ... treat a gap of 20 minutes as the end of a run":
        two inactivity gaps of different lengths; which one closes the session is not said."""
        for pattern in GAP:
            for gm in pattern.finditer(self.s):
                if gm.end() <= first.start() or gm.start() >= first.end():
                    other = _gap_ms(gm)
                    if other != gap:
                        raise RequestNotUnderstood(
                            f"two inactivity gaps: {' '.join(first.group(0).split())!r} and "
                            f"{' '.join(gm.group(0).split())!r}; a session window has one gap, "
                            'say it once (e.g. "session windows with a 15 minute gap")'
                        )

    def _key_said_apart(self) -> tuple[str, bool] | None:
        """ "need sessions for the boat pings on topic x. group the pings per boat_id, a session
        ends after 20 min": the sessions' key said in a clause of its own, as the request's one
        group ("per boat_id") with nothing else to group (no window, no aggregate): the sessions
        are that field's (listed). A plain word ("per boat"), or two groups, stay unread."""
        if self.aggs or self.window or len(self.group_by) != 1:
            return None
        text, quoted = self.group_by[0]
        if not (quoted or "_" in text):
            return None
        self.group_by.clear()
        self.assumptions.append(
            f"'per {text}' said apart from the sessions, with nothing else grouped: read as the "
            "sessions' key"
        )
        return text, quoted

    def _unsaid_session_key(self) -> str:
        """The sessions' key when the request names none: a field of the schema that names
        whose sessions they are (listed), never a field made up ("sessionize badge swipes":
        whose? refused)."""
        names = self.names()
        if "session_id" in names:
            return "session_id"  # the records say their session; the gap only splits it
        key = "user_id" if "user_id" in names else None
        if key is None:
            key = next((n for n in names if n.endswith("_id")), None)
        if key is None:
            raise RequestNotUnderstood(
                "sessionize: the request does not say whose sessions they are; name the key, "
                'e.g. "sessionize per user_id with a 30 minute gap"'
            )
        self.assumptions.append(
            f"no session key said: sessions are keyed by {key!r}, the input schema's field "
            'naming whose records they are (say "sessionize per <field>" for another)'
        )
        return key

    def sessions_as_window(self) -> None:
        """ "group the readings into sessions per tunnel_id, a session ends after 10 minutes
        with no readings; count the readings as samples and take the max airspeed_ms": the
        sessions step keeps every record and has no aggregates, so aggregates said beside the
        sessions with no window of their own are per session: a session window keyed and gapped
        like the sessions (listed). Without a key or a gap said, or with the sessions step's own
        metrics asked for, it stays refused ("an aggregate beside sessions")."""
        sess = self.session
        if sess is None or not self.aggs or sess["gap_ms"] is None:
            return
        # "per bench_id, group the readings into sessions that close after ...": the key said
        # before the sessions is read as the aggregates' group; it keys the sessions too
        if sess["key"] is None and not self.group_by:
            return
        if sess["distinct"] or "size_ms" in self.window or self.window.get("type"):
            return
        if SESSION_METRICS_SAID.search(self.text) or SESSION_METRICS.search(self.text):
            return
        if sess.get("id_said"):
            return  # "each click with its session_id": every record, tagged
        if sess["key"] is None:
            sess["key"] = self.group_by[0]
        elif sess["key"] not in self.group_by:
            self.group_by.insert(0, sess["key"])
        self.window.update(type="session", gap_ms=sess["gap_ms"])
        self.window_words = True
        self.session = None
        self.assumptions.append(
            f"aggregates beside sessions per {sess['key'][0]}: read as a session window (one row "
            "per session, closed after the gap); to keep every record with its session's running "
            'metrics, ask for the sessions alone, e.g. "sessionize per user_id with a 30 minute '
            'gap"'
        )

    def build_session(self) -> dict[str, Any] | None:
        if self.session is None:
            return None
        key_raw = self.session["key"]
        key: str | None
        key_raw = key_raw or self._key_said_apart()
        if key_raw:
            text, quoted = key_raw
            key = self.resolve(text, role="key", explicit=quoted or "_" in text, why="session key")
        else:
            key = self._unsaid_session_key()
        data: dict[str, Any] = {
            "kind": "sessionize",
            "key": key,
            "gap_ms": self.session["gap_ms"] or DEFAULT_SESSION_GAP_MS,
        }
        # only a distinct count the request asks for: "session metrics", unnamed, are the
        # preset's (pages viewed), else the preset's page_url is no request
        distinct = self.session["distinct"]
        if distinct is None and self.has("page_url") and SESSION_METRICS.search(self.text):
            distinct = "page_url"
        if distinct and distinct != key:
            data["distinct_field"] = self.resolve(distinct, why="pages viewed")
        if "grace_ms" in self.window and not (self.aggs or self.window_words):
            # "sessionize ..., tolerate events up to 2 minutes out of order": with no window
            # beside it, the grace said is the sessions step's
            data["grace_ms"] = self.window.pop("grace_ms")
        for name in ("session_key", "session_start", "session_duration_ms", "session_event_count"):
            self.added_by_ops[name] = "int"
        if "distinct_field" in data:
            self.added_by_ops[f"session_distinct_{data['distinct_field']}"] = "int"
        return data

    def name_kept_session_id(self, session: dict[str, Any]) -> None:
        """ "sessionize by forklift_id ..., then keep only forklift_id, session_id and zone" (or
        "write each click with its session_id"): the request names the session's id, which the
        sessions step writes as session_key unless told; the name the request uses is the one
        it writes. A
        session_id the input schema holds too (a preset's) is refused: which one is meant?"""
        named = [n for _, n in self.keep + self.drop] + [old for _, old, _ in self.renames]
        said = self.session is not None and self.session.get("id_said")
        if not (said or "session_id" in named) or "session_id" in self.added_by_ops:
            return
        if "session_id" in self.names() and self.sample is None:
            raise RequestNotUnderstood(
                "'session_id' after the sessions step: the records' own session_id or the id "
                "the sessions step gives each session (session_key)? name the field to keep, "
                'e.g. "keep user_id, session_key and timestamp"'
            )
        if "session_id" in self.names():  # the sample's field: the input's own
            return
        session["session_id_field"] = "session_id"
        self.added_by_ops["session_id"] = self.added_by_ops.pop("session_key", "int")
        self.assumptions.append(
            "session_id: the id the sessions step gives each session (it writes it under the "
            "name the request uses)"
        )


def _gap_ms(gm: re.Match[str]) -> int:
    """The gap a GAP pattern read: its duration, or its number and unit around an idleness
    word ("30 idle minutes")."""
    return dur_ms(gm.group("d") or f"{gm.group('n')} {gm.group('u')}")
