"""`interval_join`: stream-stream join on a key within event-time bounds (inclusive)
(templates/operators/interval_join.py.j2, tests/interval_join.py.j2)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..render.escape import Code, pyrepr
from ..render.escape import mermaid as label
from ..render.samples import as_json_text, code, ms_code, sample, to_python, variants
from ..spec import Field, IntervalJoin, Window
from .base import (
    FieldTable,
    OperatorComponent,
    OpView,
    Place,
    TestInputs,
    duration_text,
    event_time_expr,
)


@dataclass(kw_only=True)
class IntervalJoinView(OpView):
    field_map: dict[str, str]
    before_text: str
    after_text: str
    left: bool  # a left join: unmatched left records are emitted with null right fields
    left_hold_ms: int  # a record's offset is held until the watermark passes its time + this
    right_hold_ms: int
    hold_reason: str  # what the holds beyond the bounds are for (the class docstring)
    # Its rows come straight from the decode as the decoder's Structs, not dicts (it is the
    # first step of a JSON source: render/model.py struct_rows)
    structs: bool = False

    @property
    def right_values(self) -> list[tuple[str, Code]]:
        """Each field a pair takes from the right row, `values`: its output name, its read."""
        return [
            (target, Code(f"values.{source}" if self.structs else f"values[{pyrepr(source)}]"))
            for source, target in self.field_map.items()
        ]


def window_after(place: Place) -> Window | None:
    """The tumbling or hopping window after the join, if any (the spec refuses a session one)."""
    return next((op for op in place.after if isinstance(op, Window)), None)


def holds_ms(op: IntervalJoin, place: Place) -> tuple[int, int, str]:
    """How long past its time each side's offset stays held, and why.

    A replay must rebuild every output that later state still needs. A left record matches
    right records up to after_ms later, so a left join holds a right record's offset that much
    longer than its buffer: a left record still buffered at a commit finds, after a restart,
    every right record it met before. A window after the join holds its rows until it closes,
    at most size + grace past a row's time: both sides are held that much longer, so that a
    window open at a commit gets every pair (and unmatched row) again from the replay.
    """
    window = window_after(place)
    downstream = (window.size_ms or 0) + window.grace_ms if window else 0
    left_join = op.how == "left"
    reasons = ["the pairs"] if not left_join else ["which left records matched"]
    if window:
        reasons.append("the rows of every window still open at the last commit")
    return (
        op.after_ms + downstream,
        op.before_ms + (op.after_ms if left_join else 0) + downstream,
        " and ".join(reasons),
    )


# The least lead: below it a partition would be paused after nearly every fetch.
MIN_LEAD_MS = 60_000


def lead_ms(op: IntervalJoin) -> int:
    """How far a partition may run ahead of the watermark before it is paused.

    A record that far ahead is buffered for the lead plus its bound anyway: a lead of the
    join's wider bound plus its grace keeps what a partition running ahead adds to the buffers
    at most what the interval itself holds (the slowest partition sets the watermark, and
    without the pause a partition a whole fetch or more ahead doubles or triples the state).
    """
    return max(max(op.before_ms, op.after_ms) + op.grace_ms, MIN_LEAD_MS)


class IntervalJoinComponent(OperatorComponent[IntervalJoin]):
    spec_type = IntervalJoin
    step_doc = "join"
    late = True

    def view(self, op: IntervalJoin, place: Place) -> IntervalJoinView:
        left_hold_ms, right_hold_ms, hold_reason = holds_ms(op, place)
        return IntervalJoinView(
            spec=op,
            template="operators/interval_join.py.j2",
            cls="IntervalJoin",
            attr="join",
            calls="operators/interval_join.calls.j2",
            holds=True,
            shared_holds=False,
            resets=True,
            sized=True,
            clocked=True,
            needs=frozenset({"heapq", "deque", "bisect"}),
            field_map={m.source: m.target for m in op.fields},
            before_text=duration_text(op.before_ms),
            after_text=duration_text(op.after_ms),
            left=op.how == "left",
            left_hold_ms=left_hold_ms,
            right_hold_ms=right_hold_ms,
            hold_reason=hold_reason,
            lead_ms=lead_ms(op),
        )

    def describe(self, op: IntervalJoin, fields: list[Field]) -> str:
        bounds = f"[-{duration_text(op.before_ms)}, +{duration_text(op.after_ms)}]"
        text = (
            f"join {op.right_topic} on {op.left_key} = {op.right_key} (a null key matches nothing), "
            f"right event time within {bounds}"
        )
        if op.how == "inner":
            return text
        return (
            f"left {text}; a record that matched none is kept, its {op.right_topic} fields null, "
            f"once the watermark passes +{duration_text(op.after_ms)}"
        )

    def mermaid_lines(self, op: IntervalJoin, node: str) -> list[str]:
        own = super().mermaid_lines(op, node)
        return [f'    right[["{label(f"Kafka {op.right_topic}")}"]] --> {node}', *own]

    def field_tables(self, op: IntervalJoin) -> list[FieldTable]:
        return [
            FieldTable("RIGHT_FIELDS", f"Fields of {op.right_topic} records", list(op.right_fields),
                       [op.right_topic], event_time_expr(op.right_event_time, list(op.right_fields)),
                       op.right_event_time)
        ]  # fmt: skip

    def joined_topics(self, op: IntervalJoin) -> list[str]:
        return [op.right_topic]

    def topic_plan(self, op: IntervalJoin) -> list[dict[str, Any]]:
        return [{"name": op.right_topic, "role": "join input", "config": {}}]

    def test_case(
        self, op: IntervalJoin, view: OpView, inputs: TestInputs
    ) -> dict[str, Any] | None:
        return _join_test(op, view, inputs.fields, inputs.raw, inputs.context, inputs.t0)


def _join_test(
    op: IntervalJoin,
    view: OpView,
    fields: dict[str, Field],
    raw: dict[str, Any],
    context: dict[str, Any],
    t0: int,
) -> dict[str, Any]:
    right_fields = {f.name: f for f in op.right_fields}
    right = {f.name: sample(f) for f in op.right_fields}
    right[op.right_key] = raw.get(op.left_key, right[op.right_key])
    right[op.right_event_time] = t0
    # The pairs are told apart by a copied right-hand field: a label, or the right's event time.
    label = next(
        (m for m in op.fields if m.source not in (op.right_key, op.right_event_time)),
        next((m for m in op.fields if m.source == op.right_event_time), op.fields[0]),
    )
    lower, upper = t0 - op.before_ms, t0 + op.after_ms
    if label.source == op.right_event_time:
        label_raw = None
        kind = right_fields[label.source].type
        matched = [to_python(kind, lower), to_python(kind, upper)]
    else:
        source = right_fields[label.source]
        if source.type == "string":
            label_raw = ["too-early", "at-lower-bound", "at-upper-bound", "too-late"]
        else:
            label_raw = variants(source, 4)
        matched = [to_python(source.type, label_raw[1]), to_python(source.type, label_raw[2])]
    # The pair at the lower bound, after json_dumps: its dates and timestamps as ISO 8601 text.
    # The event time is T0 (its raw value may be epoch seconds or microseconds, not ms).
    event_time = context["spec"].source.event_time
    left_row = {
        name: to_python(f.type, t0 if name == event_time else raw[name])
        for name, f in fields.items()
    }
    right_row = {name: to_python(f.type, right[name]) for name, f in right_fields.items()}
    right_row[op.right_event_time] = to_python(right_fields[op.right_event_time].type, lower)
    if label_raw is not None:
        right_row[label.source] = to_python(right_fields[label.source].type, label_raw[1])
    joined = {**left_row, **{m.target: right_row[m.source] for m in op.fields}}
    as_json = {k: as_json_text(v) for k, v in joined.items() if isinstance(v, date)}
    return {
        "template": "tests/interval_join.py.j2",
        "cls": view.cls,
        "right_topic": code(op.right_topic),
        "right_topic_text": op.right_topic,
        "right_const": next(t.const for t in context["field_tables"] if op.right_topic in t.topics),
        "right_event_time": op.right_event_time,
        "right_sample": code(right),
        "left_key": op.left_key,
        "right_key": op.right_key,
        # a copied right field that tells the pairs apart in the brute-force comparison
        "marker": next(((m.source, m.target) for m in op.fields if m.source != op.right_key), None),
        "before": ms_code(op.before_ms),
        "after": ms_code(op.after_ms),
        "grace": ms_code(op.grace_ms),
        "label_source": label.source if label_raw is not None else None,
        "label_raw": [code(v) for v in label_raw] if label_raw is not None else None,
        "label_target": label.target,
        "matched": code(matched),
        "as_json": code(as_json) if as_json else None,
        "left": op.how == "left",
        # its inputs are the decoder's Structs (render/model.py struct_rows)
        "structs": isinstance(view, IntervalJoinView) and view.structs,
    }


COMPONENT = IntervalJoinComponent()
