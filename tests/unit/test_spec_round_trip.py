"""`etl-gen spec FILE` round-trips every spec we ship, and together they use every spec field.

A field no spec sets to anything but its default is a field nothing shows to work: adding one to
the models needs a spec that uses it — a golden case, a generated bundle, or, for options no
product spec needs, a spec under tests/unit/data/every_field/.
"""

import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.cli import main
from generator.spec import load_spec
from generator.spec.base import SpecModel

ROOT = Path(__file__).resolve().parents[2]
EVERY_FIELD = ROOT / "tests/unit/data/every_field"
REFUSED = {p.parent for p in (ROOT / "tests/golden").glob("*/stderr.txt")}
SPECS = sorted(
    [
        *(ROOT / "generated").glob("*/spec.yaml"),
        *(p for p in (ROOT / "tests/golden").glob("*/spec.yaml") if p.parent not in REFUSED),
        *EVERY_FIELD.glob("*.yaml"),
    ]
)


def _spec_command(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    code = main(["spec", str(path), *flags])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_spec_command_round_trips(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _spec_command(path, capsys)
    again = tmp_path / "spec.yaml"
    again.write_text(printed, encoding="utf-8")
    assert load_spec(again) == load_spec(path)
    assert _spec_command(again, capsys) == printed  # the printed form is a fixed point

    as_json = tmp_path / "spec.json"
    as_json.write_text(_spec_command(path, capsys, "--json"), encoding="utf-8")
    assert load_spec(as_json) == load_spec(path)


def _subclasses(cls: type) -> set[type]:
    direct = set(cls.__subclasses__())
    return direct.union(*(_subclasses(c) for c in direct))


def _has_choice(field: FieldInfo) -> bool:
    """False for a Literal with one value (a discriminator such as `kind`): nothing to vary."""
    return not (typing.get_origin(field.annotation) is typing.Literal and len(field.annotation.__args__) == 1)  # type: ignore[union-attr]


def _set_fields(value: Any, found: set[tuple[str, str]]) -> None:
    """Collect (model, field) pairs holding a value other than the field's default."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            current = getattr(value, name)
            if field.is_required() or current != field.get_default(call_default_factory=True):
                found.add((type(value).__name__, name))
            _set_fields(current, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _set_fields(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _set_fields(item, found)


def test_the_specs_use_every_field() -> None:
    found: set[tuple[str, str]] = set()
    for path in SPECS:
        _set_fields(load_spec(path), found)
    unused = sorted(
        f"{model.__name__}.{name}"
        for model in _subclasses(SpecModel)
        for name, field in model.model_fields.items()
        if _has_choice(field) and (model.__name__, name) not in found
    )
    assert unused == [], (
        "no shipped spec sets these fields to a non-default value; add a golden case or a spec "
        f"under {EVERY_FIELD.relative_to(ROOT)}/ that uses them: {unused}"
    )
