"""The enrichment's cache is keyed by the key field's value only where distinct values make
distinct Redis keys (string and int fields); other key types keep the key text."""

from types import SimpleNamespace

import pytest

from generator.components.base import Place
from generator.components.enrich import COMPONENT
from generator.spec import Enrich, Field
from generator.spec.operators import FieldMapping


def _view(key_type: str):
    op = Enrich(
        key_field="k",
        key_prefix="p:",
        fields=[FieldMapping(source="a", target="a")],
    )
    fields = [Field(name="k", type=key_type), Field(name="x", type="int")]
    return COMPONENT.view(op, Place(number=1, count=1, fields=fields, results_sink=False))


@pytest.mark.parametrize(
    ("key_type", "by_value"),
    [("string", True), ("int", True), ("float", False), ("json", False), ("bool", False)],
)
def test_cache_keyed_by_value_only_for_string_and_int(key_type: str, by_value: bool) -> None:
    assert _view(key_type).by_value is by_value


@pytest.mark.parametrize(
    ("key_type", "values", "keys"),
    [
        ("int", [1, 2], [1, 2]),
        ("string", ["1", "a"], ["1", "a"]),
        # equal values, distinct Redis keys: the text keeps them apart
        ("float", [1.0, 1], ["1.0", "1"]),
        ("json", [True, 1], ["True", "1"]),
    ],
)
def test_cache_key_of_a_record(key_type: str, values: list[object], keys: list[object]) -> None:
    expression = _view(key_type).cache_key
    made = [eval(expression, {"r": SimpleNamespace(value={"k": v})}) for v in values]
    assert made == keys
    assert [type(k) for k in made] == [type(k) for k in keys]
