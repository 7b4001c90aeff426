"""The last-resort source reader: a request no source reader found a source in, that names one
topic-shaped word nothing else read ("we've got app clickstream on cinema.app_clicks —
sessionise it ...", "Chamber pressure converter:\\nfab.chamber_pressure\\n -> ..."): that name
is the source. Pure helpers; `parse_request` reads the request again with the name handed to
the source recogniser (see `SourceRecogniser._read_bare_source`).

Only a name no other recogniser consumed is a candidate (so never a field a step uses, a sink,
a table, a Redis key or the dead-letter topic), said before the first sink (a request with no
sink read may name its sink so), and shaped like a Kafka topic, never like a file, a URL, a version or a field.
"""

from __future__ import annotations

from . import lazy_re as re
from .lexicon import MASK, word_set

# A bare lower-case name of words joined by '.', '-' or '_' ("stables.hr_monitor",
# "opera.web-clicks", "fab_chamber_pressure"), standing alone: not inside a path, a URL, an
# e-mail address, a key template ("hr_alert:{horse_id}") or a call ("avg(bpm)"); never quoted
# (a quoted name some reader left unread was left so on purpose)
_TOPIC_SHAPED = re.compile(
    r"(?<![\w.@/\\:{}$#%'\"`-])(?P<n>[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+)"
    r"(?![\w@/\\{}('\"`-]|[.:]\w)"
)
# The last part of a file's, a host's or a site's name
_FILE_OR_HOST = word_set(
    """csv tsv json jsonl ndjson yaml yml txt py js ts sql log logs parquet avro xml gz zip tar
    jar md html htm pdf conf cfg ini toml sh env proto com org net io dev co uk de fr eu app ai
    local internal"""
)
# Words ending a field's name ("visitor_id", "shipped_at", "pressure_pa", "total_kg"): a snake
# name ending so is a field said in a clause nothing read, never taken for the source
_FIELD_ENDS = word_set(
    """id ids at ts ms sec secs s time timestamp date day hour count total sum avg mean min max
    key name type kind status state flag code pct percent ratio rate kg g lb km m mm cm c f pa
    kpa bar torr hz db eur usd gbp chf amount price cost fee qty value score level number num no
    class category label tag email phone url ip lat lon lng"""
)
# An imperative output verb earlier in the name's clause ("send the alerts to ops.pager"; never
# the producers' "the app sends clicks to x", "the box office site logs clicks to x")
_OUTPUT_BEFORE = re.compile(
    r"(?:\b(?:write|send|store|save|persist|push|forward|output|deliver|put|sink|emit|publish"
    r"|load|land|dump|ship|stream|copy|mirror|pipe|route)(?:ing)?"
    # "the results go to x", "totals (x)": what the pipeline makes, then the name
    r"|\b(?:results?|totals?|outputs?|alerts?|aggregates|counts|summar(?:y|ies)|rollups?)"
    r")\b(?:[^;.:!?\n\u2014\u2013-]|[.:-](?=\S))*$",  # (a dot inside a name ends nothing)
    re.I,
)
# "order events -> shop.orders_clean", "every hour into Kafka (ops.hourly_totals)": where an
# arrow or a store leads, an output
_ARROW_BEFORE = re.compile(
    r"(?:->|=>|\u2192)\s*$|\b(?:into|to|onto)\s+(?:the\s+|a\s+)?(?:kafka|clickhouse|redis"
    r"|stdout|console)\b(?:\s+(?:topic|table|key))?\s*[(:,]?\s*$",
    re.I,
)
# Hyphenated English compounds ("end-to-end", "follow-ups", "check-ins"), no topic's name
_PARTICLES = word_set("""to by of the a an in on up out off and or per for ins ons ups outs offs""")


def topic_shaped(name: str) -> bool:
    """Whether a bare name reads as a Kafka topic's: words joined by '.', '-' or '_', never a
    file or host ("export.csv", "ops.example.com"), a field ("visitor_id", "orders.amount_eur")
    or an English compound ("follow-up", "day-to-day")."""
    parts = re.split(r"[._-]", name)
    if any(part.isdigit() for part in name.split(".")[1:]):
        return False  # a version or a number ("v1.2", "python3.11")
    if parts[-1] in _FILE_OR_HOST or parts[-1] in _FIELD_ENDS:
        return False
    if "." in name or "_" in name:
        return True
    # hyphens alone: a compound of words unless every part is a content word
    return not any(part in _PARTICLES or len(part) < 2 for part in parts)


def bare_source_candidates(
    text: str, masked: str, sink_starts: list[int], read_names: set[str]
) -> list[tuple[int, str]]:
    """The topic-shaped names no recogniser read (`masked` is the `text` with what was read
    masked), said before the first sink, and never the same
    name as one read as something else (`read_names`: sinks, tables, keys, fields)."""
    first_sink = min(sink_starts, default=-1)  # (no sink read: a name may be the sink)
    found: list[tuple[int, str]] = []
    for m in _TOPIC_SHAPED.finditer(masked):
        name = m.group("n")
        if not topic_shaped(name) or name in read_names:
            continue
        if m.start() > first_sink:
            continue  # "... write to clickhouse t, db.audit_copy": where it goes, maybe
        if _OUTPUT_BEFORE.search(text, 0, m.start()) or _ARROW_BEFORE.search(text, 0, m.start()):
            continue  # "send the alerts to two topics, a.b and c.d": a sink left unread
        if name not in {n for _, n in found}:
            found.append((m.start(), name))
    return found


def masked_names(masked: str, text: str) -> set[str]:
    """Every topic-shaped name a recogniser read (masked in `masked`): a name said again
    elsewhere is that thing again, never the source."""
    return {
        m.group("n")
        for m in _TOPIC_SHAPED.finditer(text)
        if set(masked[m.start("n") : m.end("n")]) == {MASK}
    }


def bare_source_refusal(names: list[str]) -> str:
    """Two or more candidates: which one the records are read from is not said."""
    listed = " or ".join(repr(n) for n in names)
    return (
        f"no source named: the request mentions {listed}, and which one the records are read "
        f'from is not said; say which ("read topic {names[0]}" reads the first one)'
    )
