"""Shared pytest options."""

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*/expected (or stderr.txt) from the current output and print the diff",
    )
    parser.addoption(
        "--update-requests",
        action="store_true",
        help="rewrite tests/requests/*/expected.yaml (or stderr.txt) from the current parse and print the diff",
    )
