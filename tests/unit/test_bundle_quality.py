"""The quality gate at black's and ruff's defaults: prose black cannot wrap is re-filled."""

import black
import pytest

from generator.render import quality
from generator.render.quality import LINE_LENGTH, finish_python, reflow_prose

LONG_WORDS = " ".join(f"word{i}" for i in range(40))


def test_the_gate_formats_at_the_default_line_length() -> None:
    assert LINE_LENGTH == 88 == black.Mode().line_length
    source = "def f(a, b):\n    return [a + b + 1000000 + 2000000 + 3000000, a * b * 4000000 * 5000000, a - b]\n"
    out = finish_python(source, "m.py", "t.j2")
    assert max(len(line) for line in out.splitlines()) <= LINE_LENGTH
    assert black.format_str(out, mode=black.Mode()) == out


def test_long_comment_block_is_refilled_keeping_its_indent_and_words() -> None:
    source = f"def f() -> int:\n    # {LONG_WORDS}\n    # tail words\n    return 1\n"
    out = reflow_prose(source)
    comments = [line for line in out.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 2
    assert all(line.startswith("    # ") and len(line) <= LINE_LENGTH for line in comments)
    assert " ".join(line.strip()[2:] for line in comments) == f"{LONG_WORDS} tail words"
    assert out.endswith("    return 1\n")


def test_long_docstring_paragraphs_are_refilled_and_short_ones_left_alone() -> None:
    short = "    Short paragraph stays\n    exactly as written.\n"
    source = f'def f() -> None:\n    """{LONG_WORDS}\n\n{short}    """\n'
    out = reflow_prose(source)
    assert short in out
    first = out.split("\n\n")[0].splitlines()[1:]
    assert first[0].startswith('    """word0 ')
    assert all(len(line) <= LINE_LENGTH for line in first)
    namespace: dict[str, object] = {}
    exec(compile(out, "m.py", "exec"), namespace)
    doc = namespace["f"].__doc__  # type: ignore[attr-defined]
    assert " ".join(doc.split()).startswith(LONG_WORDS)


def test_a_one_line_docstring_over_the_limit_is_balanced_not_orphaned() -> None:
    text = "A partition that has sent nothing yet holds time back until it does or goes idle now."
    out = reflow_prose(f'class A:\n    def f(self) -> None:\n        """{text}"""\n')
    lines = out.splitlines()[2:4]
    assert all(len(line) <= LINE_LENGTH for line in lines)
    assert len(lines[1].strip()) >= 30  # no two-word last line
    assert lines[1].endswith('"""')


def test_a_long_value_black_cannot_wrap_passes_the_gate() -> None:
    """A spec value (a long filter value) must not fail generation: E501 is left to black, and
    the committed bundles are checked with E501 under their own config."""
    source = f'X = "{"x " * 60}"\n'
    assert finish_python(source, "m.py", "t.j2") == source


def test_a_trailing_comment_of_a_long_line_moves_above_it() -> None:
    source = (
        "class A:\n"
        "    def __init__(self) -> None:\n"
        "        self.partitions: dict[str, tuple[int, float]] = {}  # latest time, last seen here\n"
        "        self.x = 1  # short\n"
    )
    out = finish_python(source, "m.py", "t.j2")
    assert (
        "        # latest time, last seen here\n"
        "        self.partitions: dict[str, tuple[int, float]] = {}\n"
    ) in out
    assert "self.x = 1  # short" in out


# Sources on which `ruff format` alone lays out otherwise than black (its documented
# deviations that show in what we render): the gate must hand each to black.
RUFF_DEVIATES = {
    "a split return annotation": (
        "def f(processor, partition_type):\n"
        "    async def scenario() -> tuple[list[processor.Message], "
        "list[dict[partition_type, processor.OffsetAndMetadata]]]:\n        return [], []\n"
    ),
    "a split chain of conditional expressions": (
        "def f(row):\n    return row['amount'] / (row['qty'] - 3) if row['amount'] is not None"
        " and row['qty'] - 3 != 0 else row['price'] if row['price'] is not None else -1.5\n"
    ),
    "implicit concatenation that fits once joined": (
        "def f(client):\n    return client.query(\n"
        '        "SELECT customer_id, _version, _is_deleted FROM replica.customers "\n'
        '        "FINAL"\n    ).result_rows\n'
    ),
}


def _ruff(source: str) -> str:
    formatted = quality._ruff_format(source, "m.py")
    assert formatted is not None
    return formatted


def _gate_input(source: str) -> str:
    sorted_imports = quality._ruff(
        ["check", "--select=I", "--fix", "--quiet", "--exit-zero"], source, "m.py", None
    )
    return quality.lift_trailing_comments(sorted_imports.stdout)


@pytest.mark.parametrize("source", RUFF_DEVIATES.values(), ids=RUFF_DEVIATES.keys())
def test_where_ruff_lays_out_otherwise_black_does_the_layout(source: str) -> None:
    lifted = _gate_input(source)
    ruff_alone = quality._ruff_format(quality.reflow_prose(_ruff(lifted)), "m.py")
    assert ruff_alone != quality._layout_black(lifted, "m.py", "t.j2")
    assert quality._layout_ruff(lifted, "m.py") is None
    by_ruff = finish_python(source, "m.py", "t.j2")
    assert by_ruff == finish_python(source, "m.py", "t.j2", formatter="black")
    assert black.format_str(by_ruff, mode=black.Mode()) == by_ruff


def test_a_line_long_only_with_its_pragma_goes_to_black() -> None:
    """Ruff leaves a `# noqa` out of a line's length, black splits the line (the gate keeps
    pragmas where they act, so this can reach the formatter)."""
    line = (
        "    values = [first_argument, second_argument, first_argument]  # noqa: F841 unused, kept"
    )
    source = f"def f(first_argument, second_argument):\n{line}\n"
    assert len(line) > LINE_LENGTH
    assert quality._ruff_format(source, "m.py") == source
    assert black.format_str(source, mode=black.Mode()) != source
    assert quality._black_lays_out_otherwise(source)
    assert not quality._black_lays_out_otherwise(source.replace("noqa: F841 unused", "short"))


def test_a_conditional_expression_ruff_splits_bare_gets_black_s_parentheses() -> None:
    source = (
        "def f(self):\n    return {\n"
        '        "average_transaction_value": self.transaction_value_sum / self.transaction_count'
        " if self.transaction_count else None,\n    }\n"
    )
    lifted = _gate_input(source)
    assert quality._split_bare_conditionals(quality._ruff_format_once(lifted, "m.py") or "")
    by_ruff = quality._layout_ruff(lifted, "m.py")
    assert by_ruff == quality._layout_black(lifted, "m.py", "t.j2")
    assert '"average_transaction_value": (\n' in by_ruff


def test_ruff_lays_out_docstrings_and_code_as_black_does() -> None:
    """Closing quotes that would end a long last line go on a line of their own, as black puts
    them (ruff would not); the re-filled prose is then the same either way."""
    source = (
        "EPOCH = MILLISECOND = 1\n\n\n"
        "class A:\n"
        "    def f(self, values):\n"
        f'        """{LONG_WORDS}\n'
        '        them: the driver converts a datetime with a Python call of its own, ~1.6 times."""\n'
        "        return [None if v is None else (v - EPOCH) // MILLISECOND for v in values if v]\n"
    )
    lifted = _gate_input(source)
    assert quality._layout_ruff(lifted, "m.py") is not None  # no fallback needed
    by_ruff = finish_python(source, "m.py", "t.j2")
    assert by_ruff == finish_python(source, "m.py", "t.j2", formatter="black")
    assert black.format_str(by_ruff, mode=black.Mode()) == by_ruff
