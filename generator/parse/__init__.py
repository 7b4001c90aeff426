"""Request understanding: the offline rule parser, the LLM parser, and the choice between them."""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..spec import Pipeline, Schema
from .sample import infer_schema, infer_time_format

Mode = Literal["auto", "llm", "offline"]


@dataclass
class Understood:
    spec: Pipeline
    parser: Literal["rules", "llm"]
    notes: list[str] = field(default_factory=list)


def llm_configured() -> bool:
    return bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))


def understand(
    request: str,
    *,
    sample: Path | None = None,
    mode: Mode = "auto",
    use_cache: bool = True,
    allow_inferred: bool = False,
    lenient: bool = False,
    database_url: str | None = None,
) -> Understood:
    """Turn a request into a validated spec with the parser `mode` selects.

    `auto` uses the LLM when a key or base URL is configured and falls back to the rule
    parser (saying so) when the LLM cannot be reached; the others never fall back. A sample
    also sets the event-time format from the values it holds.
    """
    understood = _understand(
        request,
        sample=sample,
        mode=mode,
        use_cache=use_cache,
        allow_inferred=allow_inferred,
        lenient=lenient,
        database_url=database_url,
    )
    source = understood.spec.source
    if sample and source.event_time:
        found = infer_time_format(sample, source.event_time)
        if found and found != source.event_time_format:
            understood.spec = understood.spec.model_copy(
                update={"source": source.model_copy(update={"event_time_format": found})}
            )
            understood.notes.append(f"event time {source.event_time!r} is {found} in the sample")
    return understood


def _understand(
    request: str,
    *,
    sample: Path | None = None,
    mode: Mode = "auto",
    use_cache: bool = True,
    allow_inferred: bool = False,
    lenient: bool = False,
    database_url: str | None = None,
) -> Understood:
    """Turn a request into a validated spec with the parser `mode` selects.

    `auto` uses the LLM when a key or base URL is configured and falls back to the rule
    parser (saying so) when the LLM cannot be reached; the others never fall back.
    `lenient` lets the rule parser ignore words it did not understand, listing them as
    assumptions (returned as notes) instead of refusing the request.
    """
    from . import rules

    sample_schema: Schema | None = infer_schema(sample) if sample else None
    if mode == "offline" or (mode == "auto" and not llm_configured()):
        spec = rules.parse_request(
            request, sample_schema=sample_schema, lenient=lenient, database_url=database_url
        )
        return Understood(spec, "rules", _ignored_notes(spec))
    from . import llm  # openai costs ~0.8 s of imports: only when the LLM is used

    try:
        spec = llm.parse_with_llm(
            request,
            sample_schema=sample_schema,
            use_cache=use_cache,
            allow_inferred=allow_inferred,
        )
        return Understood(spec, "llm", [f"assumption: {a}" for a in spec.assumptions])
    except llm.LLMUnavailable as error:
        if mode == "llm":
            raise
        spec = rules.parse_request(
            request, sample_schema=sample_schema, lenient=lenient, database_url=database_url
        )
        notes = [f"LLM unavailable ({error}); used the offline parser", *_ignored_notes(spec)]
        return Understood(spec, "rules", notes)


def _ignored_notes(spec: Pipeline) -> list[str]:
    """Under --lenient, the words the rule parser ignored (also in the spec's assumptions)."""
    from .rules.accounting import IGNORED_PREFIX

    return [a for a in spec.assumptions if a.startswith(IGNORED_PREFIX)]
