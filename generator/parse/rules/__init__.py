"""Offline rule parser: one request sentence -> a validated `Pipeline`. No network, deterministic.

How it reads a request:

1. Clause extractors run in a fixed order (settings, dead-letter, sinks, joins, enrichment,
   CDC, sources, dedup, sessions, windows, conditions, aggregates, group-by). Each one masks the
   text it consumed, so a later, looser extractor (group-by "by X", source "from X") never
   re-reads "ordered by user_id" or "deduplicate by event_id".
2. Extraction yields raw phrases. The input schema is then chosen: the `--sample` schema, or a
   domain preset picked from the earliest domain word outside the enrichment, join, sink and
   filter clauses (so "enrich with user profiles" does not make the input a profile stream).
3. Phrases resolve to field names against that schema ("unique customers" -> customer_id,
   "total revenue" -> sum(amount)); a field the schema lacks is added with a guessed type and
   the guess is listed in `Pipeline.assumptions`.
4. The result is a plain dict that goes through `spec_from_dict`, so every name taken from the
   request (topics, tables, fields, keys) is validated there and refused with a `SpecError`.
"""

from __future__ import annotations

import re

from ...errors import RequestNotUnderstood
from ...spec import Pipeline, Schema, spec_from_dict
from .assemble import RequestParser
from .lexicon import DOMAINS, EXAMPLE, ID_FIELDS, MAX_REQUEST_CHARS, QUOTED, UNSUPPORTED

__all__ = ["parse_request"]


def parse_request(request: str, *, sample_schema: Schema | None = None) -> Pipeline:
    """Parse one request sentence into a validated pipeline spec, or refuse saying why."""
    text = " ".join(
        request.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
        .replace("\u201d", '"').replace("\x00", " ").split()
    )  # fmt: skip
    if not text:
        raise RequestNotUnderstood(f'empty request: describe the pipeline, e.g. "{EXAMPLE}"')
    if len(text) > MAX_REQUEST_CHARS:
        raise RequestNotUnderstood(
            f"request too long ({len(text)} characters; at most {MAX_REQUEST_CHARS}): describe "
            "one pipeline in a sentence or two, or write a spec file"
        )
    unsupported = UNSUPPORTED.search(re.sub(QUOTED, " ", text))
    if unsupported:
        raise RequestNotUnderstood(
            f"{unsupported.group(0)!r} is not supported: etl-gen reads Kafka (or Debezium CDC) and "
            "writes to ClickHouse, Kafka, Redis or stdout"
        )
    parser = RequestParser(text, sample_schema)
    parser.extract_settings()
    parser.extract_dlq()
    parser.extract_sinks()
    parser.extract_table_join()
    parser.extract_enrich()
    parser.extract_interval_join()
    parser.extract_redis_sink()
    if parser.detect_cdc():
        parser.extract_cdc()
    parser.extract_sources()
    parser.extract_dedup()
    parser.extract_sessions()
    parser.extract_window()
    parser.extract_conditions()
    parser.extract_aggregates()
    parser.extract_group_by()
    data = parser.build()
    return spec_from_dict(data, what="spec parsed from the request")


# The seed-payload reader (parse/seed_config.py) reuses the domain words, id fields and the
# schema resolver under their former names.
_DOMAINS = DOMAINS
_ID_FIELDS = ID_FIELDS
_Parser = RequestParser
