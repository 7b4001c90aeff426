"""Locate the shipped templates/ and prompts/ folders, installed or in a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """`templates` or `prompts`: inside the wheel they sit in the package, in a checkout beside it."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"etl-gen is installed without its {name}/ folder")
