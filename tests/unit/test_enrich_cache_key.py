"""The enrichment's cache is keyed by the key field's value only where distinct values make
distinct Redis keys (string and int fields); other key types keep the key text."""

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
