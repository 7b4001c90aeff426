"""`sessionize`: a key's events grouped into sessions split by inactivity, each event emitted
with its session's metrics (templates/operators/sessionize.py.j2, tests/sessionize.py.j2)."""

import json
from dataclasses import dataclass
from typing import Any

from ..errors import GenerationError
from ..render.samples import code, iso, moment, ms_code, to_python, variants
from ..spec import Field, Sessionize
from .base import OperatorComponent, OpView, Place, TestInputs, duration_text


@dataclass(kw_only=True)
class SessionizeView(OpView):
    gap_text: str
    grace_text: str
    field_start: str
    field_duration: str
    field_count: str
    field_distinct: str
    # its rows reach only ClickHouse inserts: a session's start is written as epoch ms, which a
    # DateTime64(3) column takes as its ticks (render/model.py `timestamps_as_ticks`)
    start_as_ticks: bool = False


class SessionizeComponent(OperatorComponent[Sessionize]):
    spec_type = Sessionize
    step_doc = "sessionize"
    late = True

    def view(self, op: Sessionize, place: Place) -> SessionizeView:
        prefix = op.prefix
        return SessionizeView(
            spec=op,
            template="operators/sessionize.py.j2",
            cls="Sessionizer",
            attr="sessions",
            calls="operators/sessionize.calls.j2",
            holds=True,
            resets=True,
            sized=True,
            clocked=True,
            needs=frozenset({"heapq"}),
            gap_text=duration_text(op.gap_ms),
            grace_text=duration_text(op.grace_ms),
            field_start=f"{prefix}_start",
            field_duration=f"{prefix}_duration_ms",
            field_count=f"{prefix}_event_count",
            field_distinct=f"{prefix}_distinct_{op.distinct_field}",
        )

    def describe(self, op: Sessionize, fields: list[Field]) -> str:
        return f"sessionize by {op.key}, inactivity gap {duration_text(op.gap_ms)}"

    def test_case(self, op: Sessionize, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        assert isinstance(view, SessionizeView)
        fields, t0 = inputs.fields, inputs.t0
        gap = op.gap_ms
        k = gap // 5  # the example is in units of gap / 5
        if 8 * k <= gap or 4 * k >= gap:
            raise GenerationError(
                f"generated tests: a session gap of {gap} ms is too small to test"
            )
        key_field = fields.get(op.key) or Field(name=op.key)
        keys = variants(key_field, 2)
        start = t0 + 10 * k
        added = [f.name for f in op.adds()]
        distinct = None
        if op.distinct_field:
            pages = variants(fields.get(op.distinct_field) or Field(name=op.distinct_field), 3)
            distinct = {
                "field": op.distinct_field,
                "values": [code(pages[0]), code(pages[1]), code(pages[0]), code(pages[2])],
                "count": len({json.dumps(p) for p in pages}),
                "output": added[4],
            }
        return {
            "template": "tests/sessionize.py.j2",
            "cls": view.cls,
            "key_field": op.key,
            "raw_key": code(keys[0]),
            "key": code(to_python(key_field.type, keys[0])),
            "other_raw_key": code(keys[1]),
            "gap": ms_code(gap),
            "grace": ms_code(op.grace_ms),
            "k": ms_code(k),
            "session_id_field": added[0],
            "start_field": added[1],
            "duration_field": added[2],
            "count_field": added[3],
            "merged_session_id": code(f"{to_python(key_field.type, keys[0])}:{start}"),
            # epoch ms where the rows reach only ClickHouse (DateTime64(3) ticks)
            "merged_start": ms_code(start) if view.start_as_ticks else code(moment(start)),
            "merged_start_text": iso(start),
            "distinct": distinct,
            "held_ms": view.event_time_ms_field,
        }


COMPONENT = SessionizeComponent()
