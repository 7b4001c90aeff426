"""Validated name types.

Every name that reaches generated Python, SQL, a Kafka topic or a Redis key goes through one of
these, so no request, spec file or LLM answer can smuggle code into the output.
"""

import keyword
import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

# Matched with fullmatch: `$` would also match before a final newline.
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_TOPIC = re.compile(r"[A-Za-z0-9._-]{1,249}")
_GROUP = re.compile(r"[A-Za-z0-9._-]{1,249}")
_KEY_PREFIX = re.compile(r"[A-Za-z0-9:_.\-]{0,120}")
_HOST_PORT = re.compile(r"[A-Za-z0-9.\-]+:[0-9]{1,5}")
_DUNDER = re.compile(r"__\w*__")
# Inside a class body Python renames `__name` to `_Class__name`, so the processor's record
# structs could not hold such a field.
_MANGLED = re.compile(r"__\w*")

# Python names the generated processor uses itself; a field may not shadow them.
_RESERVED = frozenset(keyword.kwlist) | {"self", "cls", "None", "True", "False"}


def _identifier(value: str) -> str:
    if not _IDENT.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid identifier: use letters, digits and '_', "
            "starting with a letter or '_', at most 63 characters"
        )
    if value in _RESERVED:
        raise ValueError(f"{value!r} is a reserved word and cannot be used as a name")
    if _DUNDER.fullmatch(value):
        raise ValueError(
            f"{value!r} is a Python special (dunder) name and cannot be used as a name"
        )
    if _MANGLED.fullmatch(value):
        raise ValueError(
            f"{value!r} starts with '__', which Python renames inside a class (name mangling): "
            f"rename it, e.g. {value.lstrip('_') or 'field'!r}"
        )
    return value


def _topic(value: str) -> str:
    if not _TOPIC.fullmatch(value) or value in {".", ".."}:
        raise ValueError(f"{value!r} is not a valid Kafka topic name: use 1-249 of [a-zA-Z0-9._-]")
    return value


def _group(value: str) -> str:
    if not _GROUP.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid consumer group id: use [a-zA-Z0-9._-]")
    return value


def _key_prefix(value: str) -> str:
    if not _KEY_PREFIX.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid Redis key prefix: use letters, digits and ':_.-'"
        )
    return value


def _bootstrap(value: str) -> str:
    for server in value.split(","):
        if not _HOST_PORT.fullmatch(server.strip()):
            raise ValueError(f"{server!r} is not a host:port bootstrap server")
    return ",".join(s.strip() for s in value.split(","))


# Free text (descriptions, notes, filter values) may hold anything printable or not: it is
# escaped where it is placed. Capped so that a spec or an LLM answer cannot bloat a bundle.
Description = Annotated[str, StringConstraints(max_length=2000)]
Note = Annotated[str, StringConstraints(max_length=500)]
TextValue = Annotated[str, StringConstraints(max_length=1000)]

Identifier = Annotated[str, AfterValidator(_identifier)]
TopicName = Annotated[str, AfterValidator(_topic)]
GroupId = Annotated[str, AfterValidator(_group)]
KeyPrefix = Annotated[str, AfterValidator(_key_prefix)]
BootstrapServers = Annotated[str, AfterValidator(_bootstrap)]


def is_identifier(value: str) -> bool:
    return (
        bool(_IDENT.fullmatch(value)) and value not in _RESERVED and not _MANGLED.fullmatch(value)
    )


def is_topic_name(value: str) -> bool:
    try:
        _topic(value)
    except ValueError:
        return False
    return True


def to_identifier(text: str) -> str:
    """A best-effort identifier from free text ('user-events' -> 'user_events')."""
    ident = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_").lower()
    if not ident or ident[0].isdigit():
        ident = f"p_{ident}"
    return ident[:63]
