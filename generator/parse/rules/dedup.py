"""Recogniser: deduplication ("deduplicate by event_id within 1 hour")."""

from __future__ import annotations

import re
from typing import Any

from ...errors import RequestNotUnderstood
from .fields import SchemaResolver
from .lexicon import DEFAULT_DEDUP_MS, FIELD_RE, ID_FIELDS, is_explicit, read_list
from .quantities import DUR, DUR1, ICASE, dur_ms

DEDUP = re.compile(
    r"\b(?:de-?dup(?:e|licate)?[sd]?|de-?duplicat\w+|dedup\w*|drop\w*\s+(?:the\s+|any\s+)?"
    r"(?:exact\s+)?(?:duplicates?|dupes?|repeated|repeats)(?:\s+(?:events|records|messages|rows|[a-z]+s)\b)?"
    r"|remov\w*\s+(?:the\s+|any\s+)?(?:exact\s+)?"
    r"(?:duplicates?|dupes?|repeated|repeats)(?:\s+(?:events|records|messages|rows|[a-z]+s)\b)?"
    r"|filter\w*\s+out\s+"
    r"(?:duplicates?|dupes?)|skip\w*\s+(?:duplicates?|dupes?)|ignor\w*\s+(?:duplicates?|dupes?)"
    r"|discard\w*\s+(?:duplicates?|dupes?))"
    r"(?:\s+(?:the\s+)?(?:events|records|messages|rows|stream|them|orders|clicks|payments))?\b",
    ICASE,
)


KEEP_FIRST = re.compile(
    r"\s*[(,]?\s*(?:and\s+)?keep(?:ing)?\s+(?:only\s+)?the\s+(?:(?P<first>first|earliest|oldest)"
    r"|(?P<last>last|latest|newest|most\s+recent))(?:\s+(?:one|1|occurrence|record|event|copy|row))?"
    r"\s*\)?",
    ICASE,
)


class DedupRecogniser(SchemaResolver):
    def extract_dedup(self) -> None:
        m = DEDUP.search(self.s)
        if not m:
            return
        end = self.clause_end(m.end())
        keys: list[tuple[str, bool]] = []
        horizon = None
        km = re.compile(
            r"(?:\b(?:by|on|using|based\s+on|keyed\s+by|per)|\(\s*same|\b(?:with\s+)?(?:the\s+)?same)"
            r"\s+(?:the\s+|their\s+|its\s+)?(?:combination\s+of\s+(?:the\s+)?|pair\s+)?",
            ICASE,
        ).search(self.s, m.end(), end)
        key_end = None
        if km is None:  # "dedup entry_id 1h": a field name right after the verb
            km = re.compile(r"\s+(?=[A-Za-z_]\w*_\w*\b)").match(self.s, m.end())
        if km:
            in_parens = km.group(0).startswith("(")
            items, key_end = read_list(self.s, km.end(), FIELD_RE, max_words=1 if in_parens else 2)
            keys = [(t, q) for t, q, _ in items]
            close = re.match(r"\s*\)", self.s[key_end:]) if in_parens else None
            if close:  # "(same event_id)"
                key_end += close.end()
        hm = re.compile(
            rf"\b(?:over|within|in|for|across|during|with\s+a\s+(?:horizon|window)\s+of|keeping)"
            rf"\s+(?:a\s+|the\s+)?(?:last\s+|past\s+)?(?:(?:window|horizon)\s+of\s+)?"
            rf"(?P<d>{DUR1})|(?P<d2>{DUR})\s+(?:window|horizon)",
            ICASE,
        ).search(self.s, m.end(), end)
        if hm is None and key_end is not None:  # "dedup entry_id 1h", "dedupe on id (10m)"
            hm = re.compile(rf"\s*\(?\s*(?P<d>{DUR})\s*\)?", ICASE).match(self.s, key_end)
        if hm is None:  # "deduplicate on event_id, 10 minute horizon": the next clause
            hm = re.compile(
                rf"\s*[,;]\s*(?:with\s+)?(?:a\s+)?(?P<d2>{DUR})\s+(?:dedup\w*\s+)?(?:window|horizon)\b",
                ICASE,
            ).match(self.s, end)
        first = KEEP_FIRST.search(self.s, m.end(), end + 40)
        if first and first.group("last"):
            raise RequestNotUnderstood(
                f"{first.group(0).strip(' (),')!r}: deduplication keeps the first record of each "
                "key and drops the later ones; keeping the last one is not supported (write the "
                "records to Redis keyed by the field, or to a ClickHouse ReplacingMergeTree table)"
            )
        if first:  # "(keep the first one)": what deduplication does
            self.mask(first.start(), first.end())
        if hm:
            horizon = dur_ms(hm.groupdict().get("d") or hm.group("d2"))
        self.mask(m.start(), m.end())
        if km:
            self.mask(km.start(), key_end or km.end())
        if hm:
            self.mask(hm.start(), hm.end())
        self.dedup = (keys, horizon)

    def build_dedup(self) -> dict[str, Any] | None:
        if self.dedup is None:
            return None
        keys, horizon = self.dedup
        if keys:
            resolved = [
                self.resolve(t, role="key", explicit=is_explicit(t, q), why="dedup key")
                for t, q in keys
            ]
        else:
            cand = next((n for n in ID_FIELDS if n in self.names()), None)
            if cand is None:
                raise RequestNotUnderstood(
                    'deduplicate: name the key (e.g. "deduplicate by event_id over 1 hour")'
                )
            resolved = [cand]
        if horizon is None:
            horizon = DEFAULT_DEDUP_MS
            self.assumptions.append("no deduplication horizon given; using 1 hour")
        return {"kind": "dedup", "key": resolved, "horizon_ms": horizon}
