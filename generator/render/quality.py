"""The quality gate every generated Python file passes: it parses, isort order, black, ruff.

Black and ruff run at their default settings (line length 88, no config file): a bundle is
clean in any repository it is merged into, whatever that repository configures. The layout is
black's; `ruff format` writes it (black-compatible by design, byte-identical on every bundle
we render, see the README's Performance section) at a fraction of black's cost, and black
itself runs when asked (`formatter="black"`) or when ruff's layout is not stable. Neither
wraps prose: comments and docstrings left longer than a line are re-filled here, paragraph by
paragraph, so templates can hold text whose rendered length depends on the spec (names,
durations) without failing the gate.
"""

import ast
import bisect
import functools
import re
import subprocess
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ruff.__main__ import find_ruff_bin

from ..errors import GenerationError
from ..pyparse import parse_python

# The rule set generated code is held to (also used by the tests on generated/).
RUFF_RULES = "E,F,W,I,B,BLE,UP,SIM,C4,RUF,N,ASYNC,PL"
# E501: black owns line length; what it cannot wrap is a spec value (a long filter value or
# description) in a string or docstring, which must not make generation fail.
RUFF_IGNORE = "E501,PLR0913,PLR2004,PLR0911,PLR0912,PLR0915,PLW2901,PLC0415"
LINE_LENGTH = 88  # black's and ruff's default
Formatter = Literal["ruff", "black"]
FORMATTERS: tuple[Formatter, ...] = ("ruff", "black")
SHORT_LAST_LINE = 30  # characters: a shorter last line of re-filled prose is balanced


@functools.lru_cache(maxsize=4)
def _tree(source: str) -> ast.AST:
    """The syntax tree of a text the checks below all read (none changes it): a file's layouts
    are parsed once each, not once per check (~7 times a file)."""
    return parse_python(source)


def _ruff(
    args: list[str], source: str, filename: str, first_party: str | None
) -> subprocess.CompletedProcess[str]:
    return _run_ruff([*_ruff_args(args, first_party), f"--stdin-filename={filename}", "-"], source)


def _ruff_args(args: list[str], first_party: str | None) -> list[str]:
    # In the bundle ruff finds the processor module beside the tests: first-party, as here.
    known = [f"--config=lint.isort.known-first-party=[{first_party!r}]"] if first_party else []
    lint = [f"--select={RUFF_RULES}", f"--ignore={RUFF_IGNORE}"]
    return [*args, "--isolated", *known, "--target-version=py311", *lint]


def _run_ruff(args: list[str], source: str) -> subprocess.CompletedProcess[str]:
    """ruff on a text given on stdin (its output on stdout)."""
    return subprocess.run(
        [find_ruff_bin(), *args], input=source, capture_output=True, text=True, check=False
    )


def _run_ruff_on_files(args: list[str], texts: dict[str, str]) -> dict[str, str] | None:
    """ruff run once on the files `texts` (name: text) in a folder of their own, and the
    files as it left them; None if it failed on any. A bundle's files are checked and laid
    out together: one ruff process per step of the gate, not one per file (~5 ms each)."""
    with tempfile.TemporaryDirectory(prefix="etl-gen-ruff-") as folder:
        for name, text in texts.items():
            Path(folder, name).write_text(text, encoding="utf-8", newline="")
        result = subprocess.run(
            [find_ruff_bin(), *args, "--no-cache", *texts],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            return None
        out = {}
        for name in texts:
            with open(Path(folder, name), encoding="utf-8", newline="") as file:
                out[name] = file.read()
        return out


def _fill(words: str, first: str, rest: str, suffix: str = "") -> list[str]:
    """`words` wrapped to LINE_LENGTH, the first line prefixed `first`, the others `rest`.

    A last line of a few words reads as an accident, so then the lines are balanced: the
    narrowest width that needs no more lines than LINE_LENGTH does.
    """

    def wrap(width: int) -> list[str]:
        return textwrap.wrap(
            words + suffix,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    lines = wrap(LINE_LENGTH)
    if len(lines) < 2 or len(lines[-1]) - len(rest) >= SHORT_LAST_LINE:
        return lines
    # Greedy wrapping never needs fewer lines at a smaller width, so the widths that need as
    # few lines as LINE_LENGTH are a range up to it: its narrowest found by bisection (a few
    # wraps, not one per narrower width).
    narrowest, widest = len(rest) + SHORT_LAST_LINE, LINE_LENGTH
    while narrowest < widest:
        width = (narrowest + widest) // 2
        if len(wrap(width)) == len(lines):
            widest = width
        else:
            narrowest = width + 1
    return wrap(narrowest)


# A comment or a string literal, as Python 3.11's tokenizer reads them (a string's prefix
# letters do not change where it ends; an f-string ends at its first closing quote before
# 3.12): scanning for these alone finds every comment ~10 times faster than `tokenize`, which
# makes a Python object of every token of the file.
_COMMENT_OR_STRING = re.compile(
    "|".join(
        (
            r"#[^\r\n]*",
            r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''",
            r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""',
            r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'",
            r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
        )
    ),
    re.DOTALL,
)


def _comments(source: str) -> Iterator[tuple[int, int, str]]:
    """(0-based line, column, text with its `#`) of every comment of a source that parses, as
    `tokenize` finds them (lines split at newline characters only, as it reads them)."""
    row, row_start = 0, 0
    for match in _COMMENT_OR_STRING.finditer(source):
        if match[0][0] != "#":
            continue
        start = match.start()
        row += source.count("\n", row_start, start)
        row_start = source.rfind("\n", 0, start) + 1
        yield row, start - row_start, match[0]


def _comment_blocks(source: str) -> list[list[int]]:
    """Runs of consecutive whole-line comments at one indentation (0-based line numbers)."""
    lines = source.splitlines()
    blocks: list[list[int]] = []
    previous: tuple[int, int] | None = None
    for row, column, comment in _comments(source):
        text = comment[1:].strip()
        if lines[row][:column].strip() or not text or text.startswith(("!", "noqa", "type:")):
            previous = None
            continue
        if previous == (row - 1, column):
            blocks[-1].append(row)
        else:
            blocks.append([row])
        previous = (row, column)
    return blocks


_Documented = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
_Function = ast.FunctionDef | ast.AsyncFunctionDef
# The fields holding statements; every other field of a statement holds expressions.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")
# The `else` of a conditional expression (an `else` statement is followed by its colon).
_ELSE = re.compile(r"\belse\b(?!\s*:)")


@dataclass
class _Shape:
    """What the checks below read in a text's syntax tree, found in one pass over it (cached
    for the text: read, never changed)."""

    # The docstring statement of every module, class and function, with its last line.
    docstrings: list[tuple[ast.Expr, int]]
    # Whether a function's return annotation spans lines.
    split_return: bool
    # Every conditional expression, a parent before its children.
    conditionals: list[ast.IfExp]


@functools.lru_cache(maxsize=4)
def _shape(source: str) -> _Shape:
    """Statements are found through statement bodies only (a definition is a statement), and
    a statement's expressions are walked only when one of its lines holds an `else` that can
    be a conditional expression's: walking every expression node of a file (~12,000 in a
    processor) was most of the checks' time, and a file holds a few dozen such lines."""
    lines = source.split("\n")
    if "\r" in source:  # lines Python counts otherwise: every statement is walked
        starts = list(range(1, len(lines) + 1))
    else:
        starts = [row + 1 for row, line in enumerate(lines) if _ELSE.search(line)]
    shape = _Shape([], split_return=False, conditionals=[])

    def visit(node: ast.AST) -> None:
        if isinstance(node, _Documented) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
            ):
                shape.docstrings.append((first, first.end_lineno))
        returns = node.returns if isinstance(node, _Function) else None
        if returns is not None and returns.end_lineno != returns.lineno:
            shape.split_return = True
        if starts and _holds_an_else(node, starts):
            for name, value in ast.iter_fields(node):
                if name in _BODIES:
                    continue
                for part in value if isinstance(value, list) else (value,):
                    if isinstance(part, ast.AST):
                        shape.conditionals.extend(
                            child for child in ast.walk(part) if isinstance(child, ast.IfExp)
                        )
        for name in _BODIES:
            for child in getattr(node, name, ()):
                visit(child)

    visit(_tree(source))
    return shape


def _holds_an_else(node: ast.AST, else_rows: list[int]) -> bool:
    """Whether a statement's lines (its decorators' included) hold one of `else_rows`."""
    if isinstance(node, ast.Module):
        return False  # its statements are visited one by one
    first = getattr(node, "lineno", None)
    last = getattr(node, "end_lineno", None)
    if first is None or last is None:
        return True  # a `case` clause has no position: walked
    for decorator in getattr(node, "decorator_list", ()):
        first = min(first, decorator.lineno)
    at = bisect.bisect_left(else_rows, first)
    return at < len(else_rows) and else_rows[at] <= last


def _docstrings(source: str) -> list[tuple[ast.Expr, int]]:
    """The docstring statement of every module, class and function, with its last line."""
    return _shape(source).docstrings


def _docstring_paragraphs(source: str) -> list[list[int]]:
    """Paragraphs (0-based line numbers) of every module, class and function docstring."""
    paragraphs: list[list[int]] = []
    lines = source.splitlines()
    for first, end_lineno in _docstrings(source):
        current: list[int] = []
        for row in range(first.lineno - 1, end_lineno):
            if lines[row].strip() in ("", '"""'):
                if current:
                    paragraphs.append(current)
                current = []
            else:
                current.append(row)
        if current:
            paragraphs.append(current)
    return paragraphs


def lift_trailing_comments(source: str) -> str:
    """Move the comment of a line too long for it onto its own line above.

    Black keeps a trailing comment on the line it splits, which reads badly (`x = (` / `[]` /
    `)  # comment`); a comment above the line is what one would write by hand. Pragmas
    (`# noqa`, `# type:`) stay where they act.
    """
    lines = source.splitlines(keepends=True)
    lifted: dict[int, str] = {}
    for row, column, comment in _comments(source):
        code = lines[row][:column]
        text = comment[1:].strip()
        if not code.strip() or len(lines[row].rstrip("\n")) <= LINE_LENGTH:
            continue
        if text.startswith(("noqa", "type:", "pragma", "fmt:")):
            continue
        indent = code[: len(code) - len(code.lstrip())]
        lifted[row] = f"{indent}# {text}\n"
        lines[row] = code.rstrip() + "\n"
    return "".join(lifted.get(row, "") + line for row, line in enumerate(lines))


def reflow_prose(source: str) -> str:
    """Re-fill each comment block and docstring paragraph that has a line over the limit."""
    lines = source.splitlines()
    replacements: dict[int, tuple[int, list[str]]] = {}
    for block in _comment_blocks(source):
        if all(len(lines[row]) <= LINE_LENGTH for row in block):
            continue
        indent = lines[block[0]][: len(lines[block[0]]) - len(lines[block[0]].lstrip())]
        words = " ".join(lines[row].strip()[1:].strip() for row in block)
        replacements[block[0]] = (block[-1], _fill(words, f"{indent}# ", f"{indent}# "))
    for paragraph in _docstring_paragraphs(source):
        texts = [lines[row] for row in paragraph]
        if all(len(text) <= LINE_LENGTH for text in texts) or any(
            text.rstrip().endswith("\\") or text.lstrip().startswith(("- ", "* ", ">>>"))
            for text in texts
        ):
            continue
        indent = texts[0][: len(texts[0]) - len(texts[0].lstrip())]
        opening = '"""' if texts[0].lstrip().startswith('"""') else ""
        closing = '"""' if texts[-1].rstrip().endswith('"""') else ""
        words = " ".join(text.strip() for text in texts)
        words = words.removeprefix(opening).removesuffix(closing).strip()
        replacements[paragraph[0]] = (
            paragraph[-1],
            _fill(words, f"{indent}{opening}", indent, closing),
        )
    if not replacements:
        return source
    out: list[str] = []
    row = 0
    while row < len(lines):
        if row in replacements:
            last, filled = replacements[row]
            out += filled
            row = last + 1
        else:
            out.append(lines[row])
            row += 1
    return "\n".join(out) + "\n"


def _black(source: str, filename: str, template: str, *, once: bool = False) -> str:
    """Black's layout of `source` (`format_str`), or with `once` its first pass alone."""
    import black  # ~0.07 s to import: only when black formats

    # The bundles run on Python 3.11+ (ruff checks them as such): saying so spares black the
    # per-file detection of the features a file uses, a third of its time.
    mode = black.Mode(target_versions={black.TargetVersion.PY311})
    # Black's first pass alone: `format_str` runs it, then again whenever it changed anything.
    # Private in black; should a release drop it, `format_str` (the same result, one pass more).
    once_only = getattr(black, "_format_str_once", black.format_str)
    try:
        return (once_only if once else black.format_str)(source, mode=mode)
    except black.InvalidInput as error:
        raise GenerationError(f"template {template}: black rejected {filename}: {error}") from None


def _closing_quotes_like_black(source: str) -> str:
    """Closing quotes that would end a docstring's last line past the limit on their own line.

    Black does this and `ruff format` does not (one of its documented deviations); with it
    the two lay out every file we render alike. Black's rule: a docstring of more than one
    line, whose last line with the quotes is too long, not ending in a backslash.
    """
    lines = source.splitlines(keepends=True)
    if not any(len(line.rstrip("\n")) > LINE_LENGTH for line in lines):
        return source  # nothing can qualify: spares the parse
    for first, end_lineno in _docstrings(source):
        if end_lineno == first.lineno:
            continue  # a one-line docstring: black leaves its quotes where they are
        row = end_lineno - 1
        last = lines[row].rstrip("\n")
        quotes = last[-3:]
        text = last[:-3]
        if (
            quotes in ('"""', "'''")
            and len(last) > LINE_LENGTH
            and text.strip()
            and (len(text) - len(text.rstrip("\\"))) % 2 == 0
        ):
            indent = " " * first.col_offset
            lines[row] = f"{text}\n{indent}{quotes}{lines[row][len(last) :]}"
    return "".join(lines)


# Two string literals with only space between: an implicit concatenation (or the edge of an
# empty string), counted to see whether ruff joined one.
_ADJACENT_STRINGS = re.compile(r"""["']\s+[rbfuRBFU]{0,2}["']""")
# Pragmas whose width ruff leaves out of a line's length; black counts them, except a
# `# type: ignore` it cannot move (it then leaves the line as it is, as ruff does).
_PRAGMA = re.compile(r"#\s*(noqa|type:(?!\s*ignore)|pyright:|pylint:|nosec|isort:)")


def _joined_strings(before: str, after: str) -> bool:
    """Whether `ruff format` joined implicitly concatenated strings (black never does)."""
    return len(_ADJACENT_STRINGS.findall(before)) != len(_ADJACENT_STRINGS.findall(after))


def _black_lays_out_otherwise(source: str) -> bool:
    """Whether `source`, as `ruff format` left it, holds a layout black writes otherwise.

    Besides joined strings, two documented deviations of ruff's show in what we render: black
    puts each item of a split return annotation on its own line; it counts a pragma comment
    (`# noqa`, `# pyright:`) in a line's length (ruff does not). A file with either (or with
    a conditional expression still split bare, see `_ruff_format`) is laid out by black: they
    are rare, and black is the reference.
    """
    if any(len(line) > LINE_LENGTH and _PRAGMA.search(line) for line in source.splitlines()):
        return True
    return _split_bare_conditionals(source) != () or _shape(source).split_return


def _offsets(source: str) -> list[int]:
    """Where each line of `source` starts (0-based line numbers, character offsets)."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


@functools.lru_cache(maxsize=4)
def _split_bare_conditionals(source: str) -> tuple[tuple[int, int], ...] | None:
    """(start, end) character offsets of each conditional expression `ruff format` split
    over lines without parentheses of its own (kept: the last layout is checked again before
    it is accepted); None if one of them is part of another conditional expression, a chain
    whose layout only black is trusted with."""
    lines = source.splitlines(keepends=True)
    starts = _offsets(source)

    def offset(row: int, column: int) -> int:  # ast columns count UTF-8 bytes
        return starts[row - 1] + len(lines[row - 1].encode()[:column].decode())

    spans = []
    nested: set[int] = set()
    for node in _shape(source).conditionals:
        nested.update(id(child) for child in (node.test, node.body, node.orelse))
        if node.end_lineno is None or node.end_col_offset is None or node.end_lineno == node.lineno:
            continue
        start = offset(node.lineno, node.col_offset)
        if not source[:start].rstrip().endswith("("):
            if id(node) in nested:  # a parent comes before its children
                return None
            spans.append((start, offset(node.end_lineno, node.end_col_offset)))
    return tuple(spans)


def _parenthesized_conditionals(source: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`source` with parentheses around each span (outermost spans first in `spans`)."""
    edges = sorted([(start, "(") for start, _ in spans] + [(end, ")") for _, end in spans])
    out, done = [], 0
    for at, text in edges:
        out += [source[done:at], text]
        done = at
    return "".join([*out, source[done:]])


def _ruff_format(source: str, filename: str) -> str | None:
    """`ruff format`'s layout of `source`, or None if ruff refused it (black then decides)."""
    return _ruff_format_files({filename: source})[filename]


def _ruff_format_files(texts: dict[str, str]) -> dict[str, str | None]:
    """`ruff format`'s layout of each file (name: text), None for one ruff refused.

    Black wraps a conditional expression it splits in parentheses, ruff splits it bare (e.g. a
    dict value): such a split gets its parentheses and ruff lays the file out again, which
    then matches black's layout (both keep parentheses written in the source).
    """
    formatted = _ruff_format_once_files(texts)
    again = {}
    for name, text in formatted.items():
        if text is None or "if" not in text:
            continue
        spans = _split_bare_conditionals(text)
        if spans:  # else none, or a chain: the final check hands the file to black
            again[name] = _parenthesized_conditionals(text, spans)
    return formatted | _ruff_format_once_files(again) if again else formatted


def _ruff_format_once_files(texts: dict[str, str]) -> dict[str, str | None]:
    if len(texts) > 1:
        args = ["format", "--isolated", "--target-version=py311"]
        formatted = _run_ruff_on_files(args, texts)
        if formatted is not None:
            return {name: _closing_quotes_like_black(text) for name, text in formatted.items()}
    # One file, or ruff refused one of them: which one, file by file.
    return {name: _ruff_format_once(text, name) for name, text in texts.items()}


def _ruff_format_once(source: str, filename: str) -> str | None:
    result = _run_ruff(
        ["format", "--isolated", "--target-version=py311", f"--stdin-filename={filename}", "-"],
        source,
    )
    return _closing_quotes_like_black(result.stdout) if result.returncode == 0 else None


def _layout_ruff(source: str, filename: str) -> str | None:
    """Black's two passes around the prose re-filling, done by `ruff format`; None (black lays
    the file out) when ruff refused it, its layout is not stable or is one black's differs from."""
    return _layout_ruff_files({filename: source})[filename]


def _layout_ruff_files(sources: dict[str, str]) -> dict[str, str | None]:
    """`_layout_ruff` of each file (name: text), each ruff pass one run over them all."""
    firsts = _ruff_format_files(sources)
    refilled = {name: reflow_prose(first) for name, first in firsts.items() if first is not None}
    seconds = _ruff_format_files(refilled)
    # Black's `format_str` stops after a pass that changed nothing, else runs a second one:
    # here a third pass must leave the file as it is.
    changed = {
        name: text for name, text in seconds.items() if text is not None and text != refilled[name]
    }
    thirds = _ruff_format_files(changed)
    layouts: dict[str, str | None] = {}
    for name, source in sources.items():
        first, second = firsts[name], seconds.get(name)
        if first is None or second is None:
            layouts[name] = None
            continue
        stable = name not in changed or thirds[name] == second
        layouts[name] = (
            None
            if not stable
            or _joined_strings(source, first)
            or _joined_strings(refilled[name], second)
            or _black_lays_out_otherwise(second)
            else second
        )
    return layouts


def _layout_black(source: str, filename: str, template: str) -> str:
    # Black's first pass, the prose re-filled, then `format_str`, whose passes (one when
    # nothing changes) stand for black's own second pass: black has the last word on the
    # layout of the re-filled prose, and a file is formatted two times, not three or four.
    first = _black(source, filename, template, once=True)
    return _black(reflow_prose(first), filename, template)


def finish_python(
    source: str,
    filename: str,
    template: str,
    first_party: str | None = None,
    formatter: Formatter = "ruff",
) -> str:
    """Sort imports, lay out as black does, re-fill long prose, and refuse anything that does
    not parse or lint clean."""
    return finish_python_files({filename: (source, template)}, first_party, formatter)[filename]


def finish_python_files(
    files: dict[str, tuple[str, str]],
    first_party: str | None = None,
    formatter: Formatter = "ruff",
) -> dict[str, str]:
    """`finish_python` of each Python file of a bundle (name: (source, template)), every step
    of the gate that runs ruff one run over them all."""
    for filename, (source, template) in files.items():
        try:
            parse_python(source)  # CPython's own parser: what will run the file, in milliseconds
        except SyntaxError as error:
            raise GenerationError(
                f"template {template} rendered {filename} that does not parse: {error.msg} "
                f"(line {error.lineno}: {(error.text or '').strip()!r})"
            ) from None
    sources = {filename: source for filename, (source, _template) in files.items()}
    sort_imports = ["check", "--select=I", "--fix", "--quiet", "--exit-zero"]
    sorted_imports = (
        _run_ruff_on_files(_ruff_args(sort_imports, first_party), sources)
        if len(sources) > 1
        else None
    )
    if sorted_imports is None:  # one file, or ruff failed on one: which one, file by file
        sorted_imports = {}
        for filename, source in sources.items():
            result = _ruff(sort_imports, source, filename, first_party)
            if result.returncode != 0:
                raise GenerationError(f"ruff could not sort imports of {filename}: {result.stderr}")
            sorted_imports[filename] = result.stdout
    lifted = {filename: lift_trailing_comments(text) for filename, text in sorted_imports.items()}
    layouts = _layout_ruff_files(lifted) if formatter == "ruff" else dict.fromkeys(lifted)
    formatted = {
        filename: (
            layout
            if layout is not None
            else _layout_black(lifted[filename], filename, files[filename][1])
        )
        for filename, layout in layouts.items()
    }
    lint = ["check", "--output-format=concise", "--no-fix"]
    if len(formatted) > 1 and _run_ruff_on_files(_ruff_args(lint, first_party), formatted):
        return formatted
    for filename, text in formatted.items():  # the findings, file by file
        result = _ruff(lint, text, filename, first_party)
        if result.returncode != 0:
            raise GenerationError(
                f"template {files[filename][1]} rendered {filename} with lint findings:\n"
                f"{result.stdout.strip()}"
            )
    return formatted
