"""One escaper per output context: the only way a value reaches generated text.

Templates place a string only through one of these filters (or as a `Code` fragment the view
model assembled from escaped parts); `guard` enforces that at render time. Names were validated
by the spec already; the escapers still refuse what a validated name could never be, so a
validation hole cannot turn into code.

| context                               | escaper        |
|---------------------------------------|----------------|
| Python expression (literal)           | `pyrepr`       |
| Python literal of a long SQL query    | `pysql`        |
| Python docstring or `#` comment text  | `pydoc`        |
| SQL identifier (ClickHouse)           | `sqlident`     |
| Markdown text, table cell             | `md`           |
| Markdown inline code (names)          | `mdcode`       |
| Mermaid node label                    | `mermaid`      |
| shell word in a README command        | `shq`          |
| TOML string (bundle pyproject)        | `tomlstr`      |
| YAML, JSON                            | their libraries (`yaml.safe_dump`, `json.dumps`) |
"""

import math
import re
import shlex
import textwrap
import unicodedata
from typing import Any

import jinja2

from ..errors import GenerationError


class Code(str):
    """Generated text whose every free value already went through the escaper of its context."""


_WHITESPACE = re.compile(r"\s+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Template words and validated names: nothing here can end a string, a docstring, a comment,
# an identifier quote or a Markdown construct.
_PLAIN = re.compile(r"[A-Za-z0-9_ ,.:=!<>+\-]*")


def _visible(text: str) -> str:
    """One line of printable text: runs of white space (newlines, U+2028/U+2029 included)
    become one space; any other unprintable character becomes a visible `<U+XXXX>`."""
    out = []
    for char in _WHITESPACE.sub(" ", text):
        if char == " " or char.isprintable():
            out.append(char)
        else:
            out.append(f"<U+{ord(char):04X}>")
    return "".join(out).strip()


def pyrepr(value: Any) -> Code:
    """A Python literal for plain data from the spec; anything else is a generator bug.
    Text is written in ASCII, every other character as its escape (`'caf\\xe9'`): ruff's
    RUF001 refuses a string holding a look-alike of another character (a Cyrillic a in a Latin
    word, a multiplication sign, a micro sign), and a reviewer sees which character the value holds.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise GenerationError(f"pyrepr: {value!r} has no Python literal")
    if isinstance(value, str):
        return Code(ascii(value))
    if value is None or isinstance(value, bool | int | float):
        return Code(repr(value))
    if isinstance(value, list):
        return pylist(value)
    if isinstance(value, tuple):
        return pytuple(value)
    if isinstance(value, dict):
        return Code("{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}")
    raise GenerationError(f"pyrepr: cannot write {type(value).__name__} as a Python literal")


def pysql(query: str) -> Code:
    """A SQL query as a Python string literal, split at spaces into adjacent literals when long:
    black cannot split a string, and the bundles' ruff checks line length. In ASCII, as
    pyrepr writes text."""
    lines = textwrap.wrap(query, width=66, break_long_words=False, break_on_hyphens=False)
    parts = [line + " " for line in lines[:-1]] + lines[-1:]
    if len(parts) < 2 or "".join(parts) != query:  # short, or not single-spaced: as it is
        return Code(ascii(query))
    return Code(" ".join(ascii(part) for part in parts))


def pylist(values: Any) -> Code:
    return Code("[" + ", ".join(pyrepr(v) for v in values) + "]")


def pytuple(values: Any) -> Code:
    items = [pyrepr(v) for v in values]
    return Code("(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")


# Typographic characters ruff's RUF001-RUF003 take for ASCII look-alikes (a request pasted from
# a word processor or chat has them): written as the ASCII they stand for in docstrings and
# comments, where the text is prose (spec.yaml and the README keep the original).
_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        "\u00d7": "x",
        "\u2026": "...",
    }
)


def pydoc(value: Any) -> Code:
    """Text for a docstring or a `#` comment: one line, no backslash escape, no quote that can
    end a docstring, nothing unprintable (so nothing after it can become a statement), no
    typographic look-alike of an ASCII character (compatibility forms such as fullwidth commas
    as their plain character), no letter of another script inside a Latin word (_unmixed)."""
    text = unicodedata.normalize("NFKC", str(value).translate(_TYPOGRAPHIC))
    text = _WORD.sub(_unmixed, _visible(text))
    text = "".join(f"<U+{ord(c):04X}>" if _lookalike_mark(c) else c for c in text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return Code(text)


def _lookalike_mark(char: str) -> bool:
    """Punctuation, a math symbol or a modifier outside ASCII: ruff flags any that looks like
    another (a fraction slash, a small tilde); currency and other symbols stay (€, °)."""
    return not char.isascii() and unicodedata.category(char) in ("Pc", "Pd", "Po", "Sm", "Sk")


# A word as ruff's RUF001-RUF003 split text: a run of letters and digits.
_WORD = re.compile(r"[^\W_]+")


def _unmixed(match: re.Match[str]) -> str:
    """A word holding ASCII and other characters, or a lone non-ASCII letter, with its letters
    from outside the Latin script written as `<U+0430>`: ruff flags a look-alike in such a
    word (a Cyrillic a in `paid`); Latin letters with accents (`café`) look like no other."""
    word = match.group(0)
    if word.isascii() or not (len(word) == 1 or any(char.isascii() for char in word)):
        return word
    return "".join(
        (
            char
            if char.isascii() or unicodedata.name(char, "").startswith("LATIN ")
            else f"<U+{ord(char):04X}>"
        )
        for char in word
    )


def sqlident(name: str) -> Code:
    """Backtick-quoted ClickHouse identifier; names were validated by the spec already."""
    if not _NAME.fullmatch(name):
        raise GenerationError(f"sqlident: {name!r} is not a validated identifier")
    return Code(f"`{name}`")


# Backslash-escaped: what can start a link, an image, emphasis, code, a heading, a table cell
# break or an autolink; `&` and `<` become entities so no HTML tag or entity comes through.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|!~#@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_MD_AUTOLINK = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)")
_HTML = {"&": "&amp;", "<": "&lt;"}


def md(value: Any) -> Code:
    """Markdown text or a table cell, on one line, that renders as exactly the text given."""
    text = _MD_SPECIAL.sub(r"\\\1", _visible(str(value)))
    text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    return Code("".join(_HTML.get(char, char) for char in text))


def mdcode(value: Any) -> Code:
    """An inline code span for a name or setting (`user-events`); other text is escaped text."""
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_.:/=,+ \-]+", text):
        return Code(f"`{text}`")
    return md(text)


def mermaid(value: Any) -> Code:
    """A Mermaid label, placed between double quotes: `"`, `<`, backticks, `&` and `#` as
    Mermaid entity codes (no HTML, no end of the label), one line."""
    out = []
    for char in _visible(str(value)):
        if char in '"<`#&':
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return Code("".join(out))


def tomlstr(value: str) -> Code:
    """A TOML basic string: `\\` and `"` escaped, control characters as `\\uXXXX` (JSON's
    surrogate-pair escapes are not valid TOML, so this is not `json.dumps`)."""
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return Code('"' + "".join(out) + '"')


def shq(value: Any) -> Code:
    """A shell word for a command line shown in a README."""
    return Code(shlex.quote(_visible(str(value))))


def join(values: Any, separator: str = "", attribute: str | None = None) -> str:
    """Jinja's `join`, keeping `Code` when every part is `Code` or a number (so the guard
    still checks a join of anything else)."""
    items = [getattr(v, attribute) if attribute else v for v in values]
    text = separator.join(str(item) for item in items)
    escaped = all(isinstance(item, Code | int) for item in items)
    return Code(text) if escaped and _PLAIN.fullmatch(separator) else text


def rendered(text: str) -> Code:
    """Text the templates wrote themselves: a macro's or a `{% set %}` block's output (whose
    placements the guard checked as they were rendered), or a literal a template spells out."""
    return Code(text)


def pytriple(value: str) -> Code:
    """The body of a triple-quoted Python string holding exactly `value` (multi-line SQL)."""
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n" or char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return Code("".join(out))


def guard(value: Any) -> Any:
    """Jinja `finalize`: what a template places must be escaped (`Code`), a number, or plain
    words (`_PLAIN`); a string with anything else placed raw is a template bug."""
    if isinstance(value, Code | jinja2.Undefined | bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, str) and _PLAIN.fullmatch(value):
        return value
    raise GenerationError(
        f"a template placed {type(value).__name__} {value!r} without an escaper "
        "(pyrepr, pydoc, pytriple, sqlident, md, mdcode, mermaid, shq, tomlstr)"
    )
