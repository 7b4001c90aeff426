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


# h29/cond6: "were" slipped for "where" only before a field's name and a comparison sign
@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("read the dock-status topic, keep only bays were state = 'free' and print them", "eq"),
        ("read topic pump-readings, keep pumps Were flow_lpm < 3, print them", "lt"),
    ],
)
def test_were_before_a_comparison_is_where(text: str, op: str) -> None:
    from generator.parse.rules import parse_request
    from generator.spec import spec_to_dict

    spec = spec_to_dict(parse_request(text))
    assert [o["op"] for o in spec["operators"]] == [op]


def test_were_in_a_sentence_stays_were() -> None:
    from generator.errors import UserError
    from generator.parse.rules import parse_request

    with pytest.raises(UserError):
        parse_request("read topic pump-readings, the pumps were slow, print them")


# h30/typo10: a slip one edit from exactly one word of the parser's vocabulary is read as it
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sesions", "sessions"),
        ("tabel", "table"),
        ("clikhouse", "clickhouse"),
        ("aggregaet", "aggregate"),
        ("numbres", "numbers"),
        ("minuts", "minutes"),  # the plural written: 'minutes', not 'minute'
        ("consloe", "console"),
    ],
)
def test_one_edit_from_one_word(word: str, expected: str) -> None:
    from generator.parse.rules import VOCABULARY
    from generator.parse.rules.text import one_edit_word

    assert one_edit_word(word, VOCABULARY) == expected


@pytest.mark.parametrize(
    "word",
    [
        "withn",  # 'with' or 'within': ambiguous
        "form",  # an English word ('from' is one edit away)
        "ever",  # English ('every')
        "olny",  # would become 'only', a selecting word
        "nevr",  # "never" (a negation) or "near"
        "nto",  # too short (and would become a negation)
        "hoping",  # English ('hopping')
        "zzzzzz",  # nothing near
    ],
)
def test_no_guess(word: str) -> None:
    from generator.parse.rules import VOCABULARY
    from generator.parse.rules.text import one_edit_word

    assert one_edit_word(word, VOCABULARY) is None


@pytest.mark.parametrize(
    "text",
    [
        "keep orders where staus = 'paid'",  # a field's name before a comparison
        "the stroe_id and orderTotal",  # identifiers and camel case are names
        "per sesions",  # after 'per': a field
    ],
)
def test_names_are_never_corrected(text: str) -> None:
    from generator.parse.rules import VOCABULARY

    assert correct_typos(text, KNOWN_WORDS, VOCABULARY)[1] == []


def test_english_slip_list() -> None:
    assert correct_typos("thier team", KNOWN_WORDS)[0] == "their team"


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        # a step's noun before "per <key>" (h33/agg11): corrected, even after "into"
        ("group them into sesions per device_hash", "", "group them into sessions per device_hash"),
        ("count clicks in windos per page_id", "", "count clicks in windows per page_id"),
        # the word after the run of unread words is "per" (the group-by was read already)
        ("group the scans into sessons", "per", "group the scans into sessions"),
        # another word before "per" may be a measure's own name: left as said
        ("sum the fars per route_id", "", "sum the fars per route_id"),
        ("sum the fars", "per", "sum the fars"),
        # "into" a name with no "per" after it: a name, never corrected
        ("write into sesions", "", "write into sesions"),
    ],
)
def test_step_noun_before_per(text: str, after: str, expected: str) -> None:
    from generator.parse.rules import VOCABULARY

    assert correct_typos(text, KNOWN_WORDS, VOCABULARY, after)[0] == expected
