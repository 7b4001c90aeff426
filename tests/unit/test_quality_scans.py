"""The quality gate's cheaper scans read what the slower ones they replaced read.

Comments come from a scanner of strings and comments instead of `tokenize`; the syntax
tree's docstrings, split return annotations and conditional expressions from one pass over
its statements instead of walks over every node; a short last line of re-filled prose is
balanced by bisection instead of one wrap per narrower width. Each is compared here with the
plain way on the bundles we ship and on the project's own Python. A bundle's files pass the
gate together (one ruff run per step) exactly as each would alone.
"""

import ast
import io
import random
import textwrap
import tokenize
from pathlib import Path

import pytest

from generator.errors import GenerationError
from generator.render import quality

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [
        *ROOT.glob("generated/*/*.py"),
        *ROOT.glob("tests/golden/*/expected/*.py"),
        *ROOT.glob("generator/**/*.py"),
    ]
)
# What tokenize, quotes and conditional expressions make hard, in one file.
TRICKY = '''\
"""Module docstring with a # inside."""
import functools

x = "a # not a comment"  # a comment
y = 'it\\'s # still a string'  # another
z = f"{x!r:>10} # in an f-string {'#'}"
w = """triple # quoted
with "quotes" and '' inside # still text
"""  # after a triple-quoted string
v = r"raw \\" # string"  # after a raw string
u = (
    "implicit"  # first part
    "concatenation"
)
t = a if b else c  # one line
s = {
    "key": first
    if condition
    else second,  # split bare
}
r = (value if flag else (inner if other else outer))


@functools.lru_cache(maxsize=1 if x else 2)
def f(
    a: int = 1 if y else 2,
) -> tuple[
    int,
    str,
]:
    """Docstring.

    Second paragraph.
    """
    try:
        pass
    except ValueError if z else TypeError:  # conditional handler type
        pass
    match a:
        case 1 if (b if c else d):
            pass
    return (a, "else:")  # else: in a string


class C:
    """Class docstring."""

    def g(self) -> "else:":
        return lambda q=(1 if w else 2): q
'''


def _sources() -> list[tuple[str, str]]:
    texts = [("tricky", TRICKY)]
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        texts.append((str(path.relative_to(ROOT)), text))
    return texts


@pytest.fixture(scope="module")
def sources() -> list[tuple[str, str]]:
    found = _sources()
    assert len(found) > 100
    return found


def test_the_scanner_finds_the_comments_tokenize_finds(sources: list[tuple[str, str]]) -> None:
    for name, text in sources:
        expected = [
            (token.start[0] - 1, token.start[1], token.string)
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT
        ]
        assert list(quality._comments(text)) == expected, name
    tricky = [comment for _row, _column, comment in quality._comments(TRICKY)]
    assert "# not a comment" not in " ".join(tricky)
    assert "# after a raw string" in tricky


def test_one_pass_finds_what_walking_every_node_finds(sources: list[tuple[str, str]]) -> None:
    for name, text in sources:
        nodes = list(ast.walk(ast.parse(text)))
        shape = quality._shape(text)
        conditionals = [(n.lineno, n.col_offset) for n in nodes if isinstance(n, ast.IfExp)]
        found = [(node.lineno, node.col_offset) for node in shape.conditionals]
        assert sorted(found) == sorted(conditionals), name
        functions = [n for n in nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        split_return = any(
            n.returns is not None and n.returns.end_lineno != n.returns.lineno for n in functions
        )
        assert shape.split_return == split_return, name
        docstrings = [
            n.body[0].lineno
            for n in [*functions, *(n for n in nodes if isinstance(n, ast.Module | ast.ClassDef))]
            if n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)
        ]
        assert sorted(first.lineno for first, _ in shape.docstrings) == sorted(docstrings), name
    tricky = quality._shape(TRICKY)
    assert len(tricky.conditionals) == 9
    assert tricky.split_return
    # A parent comes before its children (the nesting check relies on it).
    outer = next(node for node in tricky.conditionals if isinstance(node.orelse, ast.IfExp))
    assert tricky.conditionals.index(outer) < tricky.conditionals.index(outer.orelse)


def _fill_one_width_at_a_time(words: str, first: str, rest: str, suffix: str = "") -> list[str]:
    """`quality._fill` as it was: one wrap per narrower width."""

    def wrap(width: int) -> list[str]:
        return textwrap.wrap(
            words + suffix,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    lines = wrap(quality.LINE_LENGTH)
    if len(lines) < 2 or len(lines[-1]) - len(rest) >= quality.SHORT_LAST_LINE:
        return lines
    width = quality.LINE_LENGTH
    while width > len(rest) + quality.SHORT_LAST_LINE and len(wrap(width - 1)) == len(lines):
        width -= 1
    return wrap(width)


def test_bisection_balances_prose_as_one_width_at_a_time_did() -> None:
    chance = random.Random(15)
    balanced = 0
    for _ in range(1000):
        count = chance.randint(3, 60)
        words = " ".join(
            "x" * chance.choice([1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 45, 70, 95]) for _ in range(count)
        )
        indent = " " * chance.choice([0, 4, 8, 12, 24])
        first, rest = chance.choice([(f"{indent}# ", f"{indent}# "), (f'{indent}"""', indent)])
        suffix = chance.choice(["", '"""'])
        expected = _fill_one_width_at_a_time(words, first, rest, suffix)
        assert quality._fill(words, first, rest, suffix) == expected, (words, first, suffix)
        balanced += expected != textwrap.wrap(
            words + suffix,
            width=quality.LINE_LENGTH,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
    assert balanced > 100  # the balancing itself was exercised


BUNDLE = {
    "pipe.py": (
        'import sys\nimport json\n\n\ndef f(a):\n    return {"k": a if a else None, "j": json, "s": sys,\n'
        '    "long": [1000000, 2000000, 3000000, 4000000, 5000000, 6000000, 7000000, 8000000]}\n',
        "processor.py.j2",
    ),
    "test_pipe.py": (
        "import pytest\nimport pipe\n\n\ndef test_f():\n    assert pipe.f(1)\n",
        "test_processor.py.j2",
    ),
}


def test_a_bundle_s_files_pass_the_gate_together_as_each_alone() -> None:
    together = quality.finish_python_files(BUNDLE, first_party="pipe")
    alone = {
        name: quality.finish_python(source, name, template, first_party="pipe")
        for name, (source, template) in BUNDLE.items()
    }
    assert together == alone
    assert together["pipe.py"].startswith("import json\nimport sys\n")


def test_a_lint_finding_in_one_file_of_a_bundle_names_that_file() -> None:
    files = {**BUNDLE, "bad.py": ("def g():\n    x = 1\n", "setup_topics.py.j2")}
    with pytest.raises(GenerationError) as caught:
        quality.finish_python_files(files, first_party="pipe")
    message = str(caught.value)
    assert message.startswith("template setup_topics.py.j2 rendered bad.py with lint findings:")
    assert "F841" in message
