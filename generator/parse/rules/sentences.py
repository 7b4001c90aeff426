"""Where a request's sentences begin and end: one definition for every step that reads a
sentence at a time (a clause's sentence, the sentences of a run of words)."""

from __future__ import annotations

from . import lazy_re as re

# A full stop, "!" or "?" ends a sentence only before a space or the end (never inside a name
# like `db.table` or a number like 1.5); a semicolon or a line break always does.
_STOP = re.compile(r"[.!?](?=\s|$)|[;\n]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), as (left, right) offsets into `text`."""
    stops = [(m.start(), m.end()) for m in _STOP.finditer(text)]
    left = max([e for s, e in stops if s < start], default=0)
    right = min([s for s, _e in stops if s >= end], default=len(text))
    return left, right


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The run text[start:end] cut where sentences end, each piece without its leading spaces
    and its stop; empty pieces are left out."""
    end = len(text) if end is None else end
    spans, cut = [], start
    for m in _STOP.finditer(text, start, end):
        spans.append((cut, m.start()))
        cut = m.end()
    spans.append((cut, end))
    trimmed = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans]
    return [(a, b) for a, b in trimmed if a < b]
