"""Source topic patterns: a regular expression naming the topics a processor subscribes to.

A pattern matches a whole topic name (Kafka's Java client matches the whole name too; aiokafka
matches from the start only, so the processor subscribes to `(?:<pattern>)\\Z`). Only the
constructs a topic name needs are accepted: literals, `.`, character classes, alternation,
groups, repetition and `^`/`$`. Lookarounds, back-references and the like are refused: they
are never needed to name topics, and refusing them keeps `example_topic` able to construct a
name every accepted pattern matches (used by the generated tests and checked at spec load).
"""

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator

MAX_PATTERN_LENGTH = 200
# Legal topic characters, in the order an example prefers them.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-._ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TOPIC = re.compile(r"[A-Za-z0-9._-]{1,249}")

_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
}
_ANCHORS = {sre.AT_BEGINNING, sre.AT_BEGINNING_STRING, sre.AT_END, sre.AT_END_STRING}


class _Unsupported(ValueError):
    pass


def _in_class(items: list[tuple[Any, Any]], char: str) -> bool:
    negate = bool(items) and items[0][0] is sre.NEGATE
    hit = False
    for op, av in items[1:] if negate else items:
        if op is sre.LITERAL:
            hit = hit or ord(char) == av
        elif op is sre.RANGE:
            hit = hit or av[0] <= ord(char) <= av[1]
        elif op is sre.CATEGORY and av in _CATEGORIES:
            hit = hit or _CATEGORIES[av](char)
        else:
            raise _Unsupported(f"character class item {op}")
    return hit != negate


def _one_char(op: Any, av: Any) -> str:
    """The first legal topic character the single-character node accepts."""
    accepts: Callable[[str], bool]
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.NOT_LITERAL:
        accepts = lambda c: ord(c) != av  # noqa: E731
    elif op is sre.ANY:
        accepts = lambda c: True  # noqa: E731
    elif op is sre.IN:
        accepts = lambda c: _in_class(av, c)  # noqa: E731
    else:
        raise _Unsupported(str(op))
    return next((c for c in _ALPHABET if accepts(c)), "\0")


def _example(nodes: Any) -> str:
    out = []
    for op, av in nodes:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            out.append(_one_char(op, av))
        elif op is sre.SUBPATTERN:
            out.append(_example(av[-1]))
        elif op is sre.BRANCH:
            out.append(_example(av[1][0]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = av
            count = low if low or not high else 1
            out.append(_example(body) * count)
        elif op is sre.AT and av in _ANCHORS:
            continue
        else:
            raise _Unsupported(str(op).lower())
    return "".join(out)


def example_topic(pattern: str) -> str:
    """A legal topic name the pattern matches as a whole (the pattern was validated)."""
    return _example(sre_parse.parse(pattern))


def _topic_pattern(value: str) -> str:
    if not 1 <= len(value) <= MAX_PATTERN_LENGTH or not value.isascii() or not value.isprintable():
        raise ValueError(f"a topic pattern is 1 to {MAX_PATTERN_LENGTH} printable ASCII characters")
    if any(c.isspace() for c in value):
        raise ValueError("a topic pattern has no spaces: topic names never contain one")
    try:
        parsed = sre_parse.parse(value)
        example = _example(parsed)
    except re.error as error:
        raise ValueError(f"topic pattern {value!r} is not a regular expression: {error}") from None
    except _Unsupported as error:
        raise ValueError(
            f"topic pattern {value!r} uses {error}, which topic patterns do not support: use "
            "literals, '.', character classes, '|', groups, repetition and '^'/'$'"
        ) from None
    if not _TOPIC.fullmatch(example) or example in {".", ".."} or not re.fullmatch(value, example):
        raise ValueError(
            f"topic pattern {value!r} matches no legal Kafka topic name (1-249 of [a-zA-Z0-9._-])"
        )
    return value


def matches(pattern: str, topic: str) -> bool:
    """Whether a topic is one the pattern subscribes to (the whole name matches)."""
    return re.fullmatch(pattern, topic) is not None


def subscribed(pattern: str) -> str:
    """The pattern as handed to aiokafka, which matches from the start only."""
    return f"(?:{pattern})\\Z"


TopicPattern = Annotated[str, AfterValidator(_topic_pattern)]
