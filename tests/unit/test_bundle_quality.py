"""The quality gate at black's and ruff's defaults: prose black cannot wrap is re-filled."""

import black

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
