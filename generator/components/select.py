"""`select`: keep or drop fields, and rename some (templates/operators/select.py.j2,
tests/select.py.j2)."""

from dataclasses import dataclass
from typing import Any

from ..render.samples import code, record_code
from ..spec import Field, Select
from .base import OperatorComponent, OpView, Place, TestInputs


@dataclass(kw_only=True)
class SelectView(OpView):
    pairs: list[tuple[str, str]]  # (name before, name after), in output order
    describe: str
    dropped: str


class SelectComponent(OperatorComponent[Select]):
    spec_type = Select
    step_doc = "select fields"
    simulated = True

    def view(self, op: Select, place: Place) -> SelectView:
        var = f"select_fields{place.suffix}"
        pairs = [(before, after.name) for before, after in op.pairs(place.fields)]
        described = [name if name == before else f"{before} (as {name})" for before, name in pairs]
        dropped = [f.name for f in place.fields if f.name not in {before for before, _ in pairs}]
        return SelectView(spec=op, template="operators/select.py.j2", calls="operators/select.calls.j2",
                          var=var, pairs=pairs,
                          describe=", ".join(described), dropped=", ".join(dropped))  # fmt: skip

    def describe(self, op: Select, fields: list[Field]) -> str:
        pairs = [(before, after.name) for before, after in op.pairs(fields)]
        kept = ", ".join(n if n == b else f"{b} as {n}" for b, n in pairs)
        dropped = [f.name for f in fields if f.name not in {b for b, _ in pairs}]
        return f"keep {kept}" + (f"; drop {', '.join(dropped)}" if dropped else "")

    def reference(
        self, op: Select, fields: list[Field], row: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        return {after.name: row[before] for before, after in op.pairs(fields)}, True

    def test_case(self, op: Select, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        pairs = op.pairs(inputs.at)
        row = inputs.row
        return {
            "template": "tests/select.py.j2",
            "var": view.var,
            "record": record_code(row, 0),
            # plain Python, not the processor's: each kept field under its new name, in order
            "expected": code([(after.name, row[before]) for before, after in pairs]),
        }


COMPONENT = SelectComponent()
