"""Filters in a row that no record can pass are found; satisfiable ones are not."""

from typing import Any

import pytest

from generator.spec import Filter
from generator.spec.filter_bounds import contradiction


def filters(*tests: tuple[str, str, Any]) -> list[Filter]:
    return [Filter(field=field, op=op, value=value) for field, op, value in tests]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "tests",
    [
        [("v", "gt", 400), ("v", "lt", 300)],
        [("v", "gt", 5), ("v", "le", 5)],
        [("v", "ge", 5), ("v", "lt", 5)],
        [("v", "ge", 5), ("v", "le", 5), ("v", "ne", 5)],
        [("s", "eq", "a"), ("s", "eq", "b")],
        [("s", "in", ["a", "b"]), ("s", "not_in", ["a", "b"])],
        [("s", "eq", "a"), ("s", "ne", "a")],
        [("n", "in", [1, 2]), ("n", "gt", 2)],
    ],
)
def test_impossible_runs(tests: list[tuple[str, str, Any]]) -> None:
    assert contradiction(filters(*tests)) is not None


@pytest.mark.parametrize(
    "tests",
    [
        [("v", "gt", 300), ("v", "lt", 400)],
        [("v", "ge", 5), ("v", "le", 5)],
        [("s", "in", ["a", "b"]), ("s", "ne", "a")],
        [("v", "gt", 400), ("w", "lt", 300)],  # two fields
        [("s", "eq", "a"), ("s", "gt", 3)],  # text against a number bound: not judged
    ],
)
def test_satisfiable_runs(tests: list[tuple[str, str, Any]]) -> None:
    assert contradiction(filters(*tests)) is None


def test_an_operator_between_filters_ends_the_run() -> None:
    first, second = filters(("v", "gt", 400), ("v", "lt", 300))
    assert contradiction([first, object(), second]) is None


def test_the_message_says_the_comparisons_as_written() -> None:
    said = contradiction(filters(("voltage", "gt", 400.0), ("voltage", "lt", 300.0)))
    assert (
        said
        == "the filters voltage > 400 and voltage < 300 can never all hold: no record would pass"
    )


def test_a_not_null_test_in_an_impossible_run_is_said_without_a_value() -> None:
    """A run with `not_null` stopped validation with a KeyError (the property test's find)."""
    said = contradiction(filters(("v", "not_null", None), ("v", "gt", 5), ("v", "lt", 3)))
    assert (
        said
        == "the filters v is not null and v > 5 and v < 3 can never all hold: no record would pass"
    )
