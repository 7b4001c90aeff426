"""Recogniser: connection and runtime settings (brokers, consumer group, offsets, delivery
guarantee, event-time field, pipeline name, batching, partitions)."""

from __future__ import annotations

import re

from .fields import SchemaResolver
from .lexicon import FIELD, NAME, QUOTED, unquote
from .quantities import DUR, DUR1, ICASE, NUM, dur_ms, number

BROKERS = re.compile(
    r"\b(?:kafka\s+)?(?:brokers?|bootstrap(?:[\s_.-]*servers?)?|kafka\s+(?:cluster\s+)?(?:at|on))"
    r"\s*(?:at\s+|on\s+|=\s*|:\s*|are\s+|is\s+)?"
    r"(?P<list>[^\s,;'\"`\x00]+:[^\s,;'\"`\x00]+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"[^\s,;'\"`\x00]+:[^\s,;'\"`\x00]+)*)",
    ICASE,
)


GROUP = re.compile(
    rf"\b(?:consumer[\s-]+group(?:[\s_-]+id)?|group[\s_.-]+id|group(?=\s+(?:{QUOTED}))"
    r"|group(?=\s+[A-Za-z][\w.]*[-_.]))"
    rf"\s*(?:(?:of|named|called|is|as)\s+|=\s*|:\s*)?(?P<name>{NAME})",
    ICASE,
)


EARLIEST = re.compile(
    r"\bfrom\s+the\s+(?:very\s+)?(?:beginning|start)\b|\bfrom\s+(?:the\s+)?earliest"
    r"(?:\s+offsets?)?\b|\b(?:auto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*)?earliest"
    r"(?:\s+offsets?)?\b|\breplay\w*\s+(?:all\s+|the\s+(?:whole\s+|full\s+|entire\s+)?)?"
    r"(?:history|backlog|topic)\b|\ball\s+(?:the\s+)?(?:existing\s+)?history\b"
    r"|\bfrom\s+offset\s+0\b",
    ICASE,
)


LATEST = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:end|latest(?:\s+offsets?)?|now(?:\s+on)?|here\s+on)\b"
    r"|\bauto[\s_.-]*offset[\s_.-]*reset\s*(?:=|:|to|of)?\s*latest\b|\blatest\s+offsets?\b"
    r"|\boffset\s+reset\s+(?:to\s+)?latest\b|\bonly\s+new\s+(?:events|messages|records|data)\b"
    r"|\bnew\s+(?:events|messages|records)\s+only\b|\bskip\w*\s+(?:the\s+)?(?:backlog|history"
    r"|existing\s+(?:data|messages|events))\b|\bstart\w*\s+at\s+the\s+(?:end|latest\s+offset)\b",
    ICASE,
)


EXACTLY_ONCE = re.compile(r"\bexactly[\s-]+once\b|\beos\b|\btransactional(?:ly)?\b", ICASE)


AT_LEAST_ONCE = re.compile(r"\bat[\s-]+least[\s-]+once\b", ICASE)


MAX_POLL = re.compile(
    rf"\b(?:max(?:imum)?[\s_.-]*poll[\s_.-]*records|poll(?:ing)?\s+(?:up\s+to|at\s+most)"
    rf"|fetch(?:ing)?\s+(?:up\s+to|at\s+most))\s*(?:=|:|of)?\s*(?P<n>{NUM})"
    r"(?:\s+(?:records|messages|events))?(?:\s+(?:per|a|at\s+a)\s+(?:poll|time|fetch))?",
    ICASE,
)


EVENT_TIME = [
    re.compile(
        rf"\bevent[\s-]*time(?:stamp)?\s+(?:field|column)\s*(?:is\s+|=\s*|:\s*)?(?P<f>{FIELD})",
        ICASE,
    ),
    re.compile(
        rf"\b(?:using|use|with)\s+(?P<f>{FIELD})\s+as\s+(?:the\s+)?event[\s-]*time\b", ICASE
    ),
    re.compile(rf"\bevent[\s-]*time\s+(?:from|in|=|is)\s+(?P<f>{FIELD})", ICASE),
]


PROCESSING_TIME = re.compile(
    r"\bprocessing[\s-]+time\b|\b(?:kafka|broker)\s+(?:record\s+)?timestamps?\b"
    r"|\bingestion[\s-]+time\b",
    ICASE,
)


PIPELINE_NAME = re.compile(
    rf"\b(?:call(?:ed)?\s+(?:it|the\s+pipeline|this(?:\s+pipeline)?)|name\s+(?:it|the\s+pipeline)"
    rf"|pipeline\s+(?:name(?:d)?|called))\s*(?:as\s+|=\s*|:\s*)?(?P<n>{NAME})",
    ICASE,
)


BATCH = [
    re.compile(
        rf"\b(?:in\s+)?batch(?:es)?\s+of\s+(?:up\s+to\s+|at\s+most\s+)?(?P<n>{NUM})"
        r"(?:\s+(?:rows|records|events|messages|inserts|lines))?",
        ICASE,
    ),
    re.compile(
        rf"\bbatch[\s_-]*(?:size|rows)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<n>{NUM})"
        r"(?:\s+(?:rows|records|events))?",
        ICASE,
    ),
    re.compile(
        rf"\b(?P<n>{NUM})\s*(?:rows|records|events|messages)\s+(?:per|a|each)\s+(?:batch|insert)",
        ICASE,
    ),
]


FLUSH = [
    re.compile(
        rf"\bflush(?:ing|es|ed)?\s+(?:at\s+least\s+)?(?:every|each|after|once\s+every)\s+"
        rf"(?P<d>{DUR1})",
        ICASE,
    ),
    re.compile(
        rf"\bflush[\s_-]*(?:interval|period|timeout)\s*(?:of\s+|=\s*|:\s*|to\s+)?(?P<d>{DUR})",
        ICASE,
    ),
    re.compile(rf"\bevery\s+(?P<d>{DUR1})\s+(?:flush|flushing)", ICASE),
]


PARTITIONS = re.compile(rf"\b(?:with\s+)?(?P<n>{NUM})\s+(?:output\s+)?partitions\b", ICASE)


class SettingsRecogniser(SchemaResolver):
    def extract_settings(self) -> None:
        m = self.take(BROKERS)
        if m:
            parts = re.split(r"\s*(?:,|\band\b)\s*", m.group("list"))
            self.brokers = ",".join(p.rstrip(".") for p in parts if p)
        m = self.take(GROUP)
        if m:
            self.group_id = unquote(m.group("name"))[0]
        if self.take(LATEST):
            self.offset = "latest"
        if self.take(EARLIEST):
            self.offset = "earliest" if self.offset is None else self.offset
        if self.take(EXACTLY_ONCE):
            self.delivery = "exactly_once"
        elif self.take(AT_LEAST_ONCE):
            self.delivery = "at_least_once"
        m = self.take(MAX_POLL)
        if m:
            self.max_poll = int(number(m.group("n")))
        for pattern in EVENT_TIME:
            m = self.take(pattern)
            if m:
                self.event_time, self.event_time_set = unquote(m.group("f"))[0], True
                break
        else:
            if self.take(PROCESSING_TIME):
                self.event_time, self.event_time_set = None, True
        m = self.take(PIPELINE_NAME)
        if m:
            self.name = unquote(m.group("n"))[0]
        for pattern in BATCH:
            m = self.take(pattern)
            if m:
                self.batch_rows = int(number(m.group("n")))
                break
        for pattern in FLUSH:
            m = self.take(pattern)
            if m:
                self.flush_ms = dur_ms(m.group("d"))
                break
        m = self.take(PARTITIONS)
        if m:
            self.partitions = int(number(m.group("n")))
