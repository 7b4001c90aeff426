"""Recogniser: sessionization ("sessions per user with a 30-minute gap")."""

from __future__ import annotations

import re
from typing import Any

from ...errors import RequestNotUnderstood
from .fields import SchemaResolver
from .lexicon import DEFAULT_SESSION_GAP_MS, FIELD, unquote
from .quantities import DUR, DUR_RE, ICASE, dur_ms

SESSION_WINDOW = re.compile(
    # "group the actions into session windows": the stream's records (one plural noun)
    r"(?:\bgroup(?:s|ed|ing)?\s+(?:them|these|(?:the|all)\s+[a-z]+s)\s+into\s+)?"
    r"\bsession(?:ized)?[\s-]+windows?\b",
    ICASE,
)


SESSION_WINDOW_KEY = re.compile(
    rf"\s+(?:on|per|by|keyed\s+by|for\s+each|grouped\s+by|over)\s+(?:the\s+|each\s+)?(?P<f>{FIELD})",
    ICASE,
)


# "... after the session ends", "once a session closes": a session as a point in time, not a
# request to build sessions (left to the other recognisers, or refused).
SESSION_AS_TIME = re.compile(
    r"\b(?:after|before|when|once|until|since|as\s+soon\s+as)\s+(?:the|a|an|each|its|their)\s+$",
    ICASE,
)


SESSIONIZE = re.compile(
    r"(?<!\bper\s)(?<!\bby\s)(?<!\beach\s)\b(?:sessioni[sz]\w*|sessions?)\b(?![\s-]+windows?)",
    ICASE,
)


SESSION_KEY = [
    re.compile(
        r"\bsessions?\s+(?:(?:metrics|tracking|analysis|stats|statistics)\s+)?"
        rf"(?:per|by|for\s+each|keyed\s+by|of\s+each)\s+(?:the\s+)?"
        rf"(?P<f>{FIELD})",
        ICASE,
    ),
    re.compile(r"\b(?:per|each)[\s-](?P<f>[A-Za-z_]\w*)\s+sessions?\b", ICASE),
    re.compile(r"\b(?P<f>user|customer|visitor|device|client|account|player)\s+sessions?\b", ICASE),
    re.compile(
        rf"\bsessioni[sz]\w*(?:\s+[^\s,;.]+){{0,4}}?\s+(?:by|per|on)\s+(?:the\s+)?(?P<f>{FIELD})",
        ICASE,
    ),
    re.compile(
        r"\bsessioni[sz]\w*\s+(?:the\s+)?(?P<f>visitors|users|customers|devices|players"
        r"|clients|accounts)\b",
        ICASE,
    ),
]


GAP = [
    # the longest phrasings first: "closing after 30 minutes of inactivity" reads the verb too
    re.compile(
        r"\b(?:ends?|ending|closes?|closing|expires?|expiring|splits?|splitting|times?\s+out"
        r"|timing\s+out)\s+(?:a\s+session\s+|sessions\s+|them\s+)?"
        rf"after\s+(?P<d>{DUR})(?:\s+(?:of\s+)?(?:inactivity|idle\w*|silence))?",
        ICASE,
    ),
    re.compile(
        rf"\b(?:after|following)\s+(?P<d>{DUR})\s+(?:of\s+)?(?:inactivity|idle\w*|silence)", ICASE
    ),
    re.compile(
        rf"\b(?:inactivity|idle(?:ness)?|session)\s+(?:gap|timeout|time-?out)\s*(?:of|=|:|is)?\s*"
        rf"(?P<d>{DUR})",
        ICASE,
    ),
    re.compile(
        rf"(?<![\w.])(?P<d>{DUR})\s+(?:of\s+)?(?:inactivity|idle(?:ness)?|idle\s+time)"
        r"(?:\s+(?:gap|timeout))?",
        ICASE,
    ),
    re.compile(rf"(?<![\w.])(?P<d>{DUR})\s+(?:session\s+)?(?:gap|timeout)", ICASE),
    re.compile(rf"\b(?:gap|timeout)\s+(?:of\s+)?(?P<d>{DUR})", ICASE),
]


PAGES_VIEWED = re.compile(
    r"\b(?:count\w*\s+)?(?:the\s+)?(?:(?:number|count)\s+of\s+)?"
    r"(?:(?:distinct|unique)\s+(?:pages?|urls?)(?:\s+viewed)?"
    r"|pages?\s+viewed)\b",
    ICASE,
)


class SessionRecogniser(SchemaResolver):
    def extract_sessions(self) -> None:
        m = self.take(SESSION_WINDOW)
        if m:
            km = SESSION_WINDOW_KEY.match(self.s, m.end())
            if km:  # "session windows on player_id": the window's group-by
                self.group_by.append(unquote(km.group("f")))
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
            return
        key = None
        for pattern in SESSION_KEY:
            km = self.take(pattern)
            if km:
                key = unquote(km.group("f"))
                break
        gap = self._gap(0, len(self.s))
        distinct = None
        dm = self.take(PAGES_VIEWED)
        if dm:
            distinct = "page_url"
        self.session = {"key": key, "gap_ms": gap, "distinct": distinct}
        self.take_all(SESSIONIZE)

    def _gap(self, start: int, end: int) -> int | None:
        for pattern in GAP:
            gm = pattern.search(self.s, start, end)
            if gm:
                self.mask(gm.start(), gm.end())
                return dur_ms(gm.group("d"))
        return None

    def build_session(self) -> dict[str, Any] | None:
        if self.session is None:
            return None
        key_raw = self.session["key"]
        key: str | None
        if key_raw:
            text, quoted = key_raw
            key = self.resolve(text, role="key", explicit=quoted or "_" in text, why="session key")
        else:
            names = self.names()
            key = next((n for n in ("session_id", "user_id") if n in names), None)
            if key is None:
                key = next((n for n in names if n.endswith("_id")), None) or self.resolve(
                    "user_id", role="key", why="session key"
                )
        data: dict[str, Any] = {
            "kind": "sessionize",
            "key": key,
            "gap_ms": self.session["gap_ms"] or DEFAULT_SESSION_GAP_MS,
        }
        distinct = self.session["distinct"] or ("page_url" if self.has("page_url") else None)
        if distinct and distinct != key:
            data["distinct_field"] = self.resolve(distinct, why="pages viewed")
        for name in ("session_key", "session_start", "session_duration_ms", "session_event_count"):
            self.added_by_ops[name] = "int"
        if "distinct_field" in data:
            self.added_by_ops[f"session_distinct_{data['distinct_field']}"] = "int"
        return data
