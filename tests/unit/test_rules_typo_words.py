"""The spelling corrector fixes slips for keywords, never an English word into another one."""

import pytest

from generator.parse.rules import KNOWN_WORDS
from generator.parse.rules.text import correct_typos


@pytest.mark.parametrize(
    "text",
    [
        "our SaaS product",
        "the same story often arrives",
        "the old stove",
        "a widow",
        "the computer",
        "the writer wrote",
        "a grade",
        "latent",
        "the media",
        "the county",
        # a word ending its sentence is no dotted name after it ("report." is no "report.x")
        "where the tablets report.",
        "the tables report.",
    ],
)
def test_english_word_is_not_a_slip(text: str) -> None:
    fixed, corrections = correct_typos(text, KNOWN_WORDS)
    assert (fixed, corrections) == (text, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("then pubish them", "then publish them"),
        ("deduplcate them", "deduplicate them"),
        ("from topik elevator-faults", "from topic elevator-faults"),
    ],
)
def test_slip_is_still_corrected(text: str, expected: str) -> None:
    assert correct_typos(text, KNOWN_WORDS)[0] == expected
