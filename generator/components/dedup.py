"""`dedup`: drop a record whose key was seen within the horizon (event time)
(templates/operators/dedup.py.j2, tests/dedup.py.j2)."""

from dataclasses import dataclass
from typing import Any

from ..render.samples import code, ms_code, variants
from ..spec import Dedup, Field
from .base import OperatorComponent, OpView, Place, TestInputs, duration_text


@dataclass(kw_only=True)
class DedupView(OpView):
    key_doc: str
    horizon_text: str


class DedupComponent(OperatorComponent[Dedup]):
    spec_type = Dedup
    step_doc = "deduplicate"
    late = True
    simulated = True
    one_per_key = True

    def view(self, op: Dedup, place: Place) -> DedupView:
        return DedupView(
            spec=op,
            template="operators/dedup.py.j2",
            cls="Deduplicator",
            attr="dedup",
            calls="operators/dedup.calls.j2",
            holds=True,
            resets=True,
            sized=True,
            clocked=True,
            needs=frozenset({"heapq"}),
            key_doc=", ".join(op.key),
            horizon_text=duration_text(op.horizon_ms),
        )

    def describe(self, op: Dedup, fields: list[Field]) -> str:
        return f"deduplicate by {', '.join(op.key)} within {duration_text(op.horizon_ms)}"

    def reference(
        self, op: Dedup, fields: list[Field], row: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        return row, True  # one record: it is the first of its key

    def test_case(self, op: Dedup, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        first = inputs.fields.get(op.key[0]) or Field(name=op.key[0])
        return {
            "template": "tests/dedup.py.j2",
            "cls": view.cls,
            "horizon": ms_code(op.horizon_ms),
            "key_field": op.key[0],
            "other_key": code(variants(first, 2)[1]),
        }


COMPONENT = DedupComponent()
