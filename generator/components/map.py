"""`map`: computed fields from checked expressions (templates/operators/map.py.j2,
tests/map.py.j2)."""

from dataclasses import dataclass
from typing import Any

from ..render.escape import Code
from ..render.samples import code, edge, record_code
from ..spec import Field, Map
from ..spec.expressions import describe, evaluate, fields_read, to_python
from .base import OperatorComponent, OpView, Place, TestInputs


@dataclass(frozen=True)
class ComputedView:
    name: str
    code: Code
    describe: str


@dataclass(kw_only=True)
class MapView(OpView):
    computed: list[ComputedView]


class MapComponent(OperatorComponent[Map]):
    spec_type = Map
    step_doc = "compute fields"
    simulated = True

    def view(self, op: Map, place: Place) -> MapView:
        var = f"compute_fields{place.suffix}"
        computed = []
        renderings = []
        for item, expr, _ in op.computed(place.fields):
            rendering = to_python(expr, row="row")
            renderings.append(rendering)
            computed.append(ComputedView(item.name, Code(rendering.code), describe(expr)))
        return MapView(spec=op, template="operators/map.py.j2", calls="operators/map.calls.j2",
                       var=var, computed=computed,
                       renderings=renderings)  # fmt: skip

    def describe(self, op: Map, fields: list[Field]) -> str:
        computed = "; ".join(
            f"{item.name} = {describe(expr)}" for item, expr, _ in op.computed(fields)
        )
        return f"compute {computed}"

    def reference(
        self, op: Map, fields: list[Field], row: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        out = dict(row)
        for item, expr, _ in op.computed(fields):
            out[item.name] = evaluate(expr, out)
        return out, True

    def test_case(self, op: Map, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        fields, row = inputs.at, inputs.row
        computed = op.computed(fields)
        read = {n for _, expr, _ in computed for n in fields_read(expr)} & {f.name for f in fields}
        nullable = {f.name for f in fields if not f.required and f.name in read}
        inputs_rows = [row, edge(row, read)]
        if nullable:
            inputs_rows.append({n: None if n in nullable else v for n, v in row.items()})
        cases = []
        for values in inputs_rows:
            try:
                cases.append((values, self.reference(op, fields, values)[0]))
            except (ArithmeticError, ValueError, TypeError):
                continue
        return {
            "template": "tests/map.py.j2",
            "var": view.var,
            "doc": "; ".join(f"{item.name} = {describe(expr)}" for item, expr, _ in computed)
            + f" (on a sample, with numbers zero and text empty{', with missing inputs' if nullable else ''}).",
            "records": [record_code(before, i) for i, (before, _) in enumerate(cases)],
            "expected": [code(after) for _, after in cases],
            "names": ", ".join(item.name for item, _, _ in computed),
        }


COMPONENT = MapComponent()
