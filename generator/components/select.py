"""`select`: keep or drop fields, and rename some (templates/operators/select.py.j2,
tests/select.py.j2)."""

from dataclasses import dataclass, field
from typing import Any

from ..render.samples import code, record_code
from ..spec import Field, Select
from .base import OperatorComponent, OpView, Place, TestInputs


@dataclass(kw_only=True)
class SelectView(OpView):
    pairs: list[tuple[str, str]]  # (name before, name after), in output order
    describe: str
    dropped: str
    # rows passed on whole (schema.passthrough) and no keep list: drop and rename in place
    in_place: bool = False
    drops: list[str] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)


# A field no schema lists, added to the record a passthrough select's generated test runs on.
UNLISTED = "unlisted_field"


class SelectComponent(OperatorComponent[Select]):
    spec_type = Select
    step_doc = "select fields"
    simulated = True

    def view(self, op: Select, place: Place) -> SelectView:
        var = f"select_fields{place.suffix}"
        pairs = [(before, after.name) for before, after in op.pairs(place.fields)]
        described = [name if name == before else f"{before} (as {name})" for before, name in pairs]
        dropped = [f.name for f in place.fields if f.name not in {before for before, _ in pairs}]
        in_place = place.passthrough and op.keep is None
        if in_place:
            described.append("every field the schema does not list")
        return SelectView(spec=op, template="operators/select.py.j2", calls="operators/select.calls.j2",
                          var=var, pairs=pairs,
                          describe=", ".join(described), dropped=", ".join(dropped),
                          in_place=in_place, drops=list(op.drop or []),
                          renames=list(op.rename.items()))  # fmt: skip

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
        in_place = isinstance(view, SelectView) and view.in_place
        kept = [(after.name, row[before]) for before, after in pairs]
        return {
            "template": "tests/select.py.j2",
            "var": view.var,
            "in_place": in_place,
            "record": record_code(row, 0),
            # plain Python, not the processor's: each kept field under its new name, in order
            # (in place: a rename moves the field to the end, so only the contents compare, and
            # a field the schema does not list is passed on)
            "expected": code({**dict(kept), UNLISTED: "as it came"} if in_place else kept),
            "unlisted": UNLISTED,
        }


COMPONENT = SelectComponent()
