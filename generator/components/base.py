"""What every component kind provides, and the view types the templates read.

A component module (`filter.py`, `window.py`, `clickhouse.py`, ...) holds one kind: the typed
view its template reads, its README/Mermaid description, the reference semantics its generated
tests use, and what the generated module must import for it. `generator/components/__init__.py`
maps each spec class to its component, so the view model, the docs and the test data never ask
"which kind is this?".
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..render.escape import Code, pyrepr
from ..spec import Field, Pipeline
from ..spec.expressions import PythonRendering

if TYPE_CHECKING:
    from ..render.sql import Table

_HASH_CONVERTERS = {"int": "text_int", "float": "text_float", "bool": "text_bool", "json": "string"}


def duration_text(ms: int) -> str:
    for unit, size in (("hour", 3_600_000), ("minute", 60_000), ("second", 1000)):
        if ms >= size and ms % size == 0:
            count = ms // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{ms} ms"


def converter_function(kind: str) -> str:
    """The generated converter for a field kind ('int', or 'text_int' for Redis hash text)."""
    return f"_text_as_{kind.removeprefix('text_')}" if kind.startswith("text_") else f"_as_{kind}"


def event_time_expr(
    name: str | None,
    fields: list[Field],
    fmt: str = "iso8601",
    held_as_ms: bool = False,
    struct_rows: bool = False,
) -> Code:
    """The record's event time in epoch ms (Processor.decode checks it is plausible), read
    from a row dict or, with `struct_rows`, from the decoder's Struct (a field name is an
    identifier, never a keyword: spec/names.py)."""
    if name is None:
        return Code("message.timestamp")
    kind = next(f.type for f in fields if f.name == name)
    value = f"row.{name}" if struct_rows else f"row[{pyrepr(name)}]"
    if held_as_ms:  # decoded to epoch ms already (`_as_timestamp_ms`)
        at = value
    elif kind == "timestamp":
        # epoch_ms() inlined: one call less per record on the hottest path
        at = f"round({value}.timestamp() * 1000)"
    elif fmt == "epoch_s":
        at = f"{value} * 1000"
    elif fmt == "epoch_us":
        at = f"{value} // 1000"
    else:  # an integer read as epoch milliseconds
        at = value
    return Code(at)


@dataclass
class FieldTable:
    const: str
    doc: str
    fields: list[Field]
    topics: list[str] = field(default_factory=list)
    event_time_expr: Code = field(default_factory=lambda: Code("message.timestamp"))
    event_time: str | None = None
    event_time_format: str = "iso8601"
    # The event-time field stays epoch ms in the rows: no step reads it as a datetime
    event_time_held_as_ms: bool = False
    # Every timestamp field stays epoch ms (DateTime64(3) ticks): only a ClickHouse insert
    # reads the rows (issue #15: no datetime made per value, none turned back into ticks)
    timestamps_as_ticks: bool = False

    def converter_kind(self, f: Field) -> str:
        """A timestamp event-time field declared as epoch numbers has its own converter, and
        so has one held as epoch ms, and a timestamp kept as DateTime64 ticks."""
        epoch = self.event_time_format != "iso8601"
        if epoch and f.name == self.event_time and f.type == "timestamp":
            return self.event_time_format
        if self.event_time_held_as_ms and f.name == self.event_time:
            return "timestamp_ms"
        if self.timestamps_as_ticks and f.type == "timestamp":
            return "timestamp_ticks"
        return f.type

    @property
    def entries(self) -> list[tuple[str, str, bool]]:
        """(field name, converter function, required) for the generated FieldTable."""
        return [(f.name, f"_as_{self.converter_kind(f)}", f.required) for f in self.fields]


@dataclass(kw_only=True)
class OpView:
    """What every operator's template and the processor partial read; each kind adds its own
    typed fields in a subclass."""

    spec: Any
    template: str  # its classes and functions
    calls: str  # macros for what the processor runs: args(), process(), reset(), state_size()
    cls: str = ""
    var: str = ""
    attr: str = ""  # the processor's attribute holding its instance (when it has one)
    holds: bool = False  # keeps records in state: commits stop at the oldest one held
    shared_holds: bool = True  # ... found with records.py.j2's HeldOffsets (not its own)
    startable: bool = False
    resets: bool = False  # state rebuilt from the last commit when partitions are assigned
    sized: bool = False  # reports its state's size (the state-size metric)
    clocked: bool = False  # advances with stream time
    # How far (ms) a partition's newest event time may run ahead of stream time before the
    # processor pauses it: what it holds for a partition that far ahead it would hold anyway
    lead_ms: int | None = None
    # What the generated module needs for this operator: "heapq", "islice", "quantile", "redis".
    needs: frozenset[str] = frozenset()
    converters: frozenset[str] = frozenset()  # field converters beyond the input's own
    renderings: list[PythonRendering] = field(default_factory=list)  # expressions it places
    # The source's event-time field when it reaches this (first) operator as epoch ms, not a
    # datetime: a late record's dead letter turns it back into one
    event_time_ms_field: str | None = None


@dataclass
class SinkView:
    attr: str
    ctor: str
    template: str
    needs_client: bool = False
    per_table: bool = False
    spec: Any = None
    loads_written: bool = False  # learns what it already wrote when partitions are assigned
    needs_text: bool = False  # formats values with field_text() (partials/field_text.py.j2)


@dataclass(frozen=True)
class Place:
    """Where an operator sits: its number among operators of its kind, the fields it receives."""

    number: int
    count: int
    fields: list[Field]
    results_sink: bool
    before: Any = None  # the operator right before it, if any
    same_kind: tuple[Any, ...] = ()  # every operator of its kind, itself included, in order
    after: tuple[Any, ...] = ()  # the operators after it
    passthrough: bool = False  # rows carry the record's unlisted fields too (schema.passthrough)

    @property
    def suffix(self) -> str:
        return f"_{self.number}" if self.count > 1 else ""


@dataclass
class TestInputs:
    """What an operator's generated test case is computed from (see render/testdata.py)."""

    spec: Pipeline
    context: dict[str, Any]
    fields: dict[str, Field]  # the source's fields
    raw: dict[str, Any]  # the shared sample record, as the source topic carries it
    t0: int
    at: list[Field]  # the fields this operator receives
    row: dict[str, Any]  # the sample as it reaches this operator (decoded)
    prepared: dict[str, dict[str, Any]]  # tests computed while shaping the sample, by view var


S = TypeVar("S")


class OperatorComponent(ABC, Generic[S]):
    """One operator kind."""

    spec_type: ClassVar[type]
    step_doc: ClassVar[str]  # the step in the processor's docstring: "deduplicate"
    late: ClassVar[bool] = False  # sends late records to the dead-letter topic
    simulated: ClassVar[bool] = False  # reference() gives the record after this step
    one_per_key: ClassVar[bool] = False  # a batch of one repeated record leaves one

    @abstractmethod
    def view(self, op: S, place: Place) -> OpView:
        """The typed view its template reads."""

    @abstractmethod
    def describe(self, op: S, fields: list[Field]) -> str:
        """The step in words (README steps and Mermaid node)."""

    def mermaid_lines(self, op: S, node: str) -> list[str]:
        """Mermaid lines after the step's own node: its other inputs, its late records."""
        return [f"    {node} -. late .-> dlq"] if self.late else []

    def field_tables(self, op: S) -> list[FieldTable]:
        """Field tables of the other topics it reads."""
        return []

    def joined_topics(self, op: S) -> list[str]:
        """Topics consumed beside the source, partition by partition (co-partitioned)."""
        return []

    def topic_plan(self, op: S) -> list[dict[str, Any]]:
        return []

    # --- reference semantics for the generated tests -----------------------------------------

    def reference(
        self, op: S, fields: list[Field], row: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """The record after this step and whether it is kept (plain Python, not the
        generated code); only for kinds with `simulated`."""
        raise NotImplementedError

    def sample_conditions(self, op: S, fields: list[Field]) -> list[Any]:
        """Expressions the shared sample record should make true (expression filters)."""
        return []

    def locked_fields(self, op: S) -> list[str]:
        """Source fields whose sample value this step chose (left alone by later searches)."""
        return []

    def shape_sample(
        self, op: S, view: OpView, fields: dict[str, Field], raw: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Change the shared sample so it passes this step; a test case found on the way."""
        return None

    def test_case(self, op: S, view: OpView, inputs: TestInputs) -> dict[str, Any] | None:
        """The values of its generated test (`tests/<kind>.py.j2`), or None."""
        return None


class SinkComponent(ABC, Generic[S]):
    """One sink kind."""

    spec_type: ClassVar[type]
    template: ClassVar[str]
    durable: ClassVar[str]  # how a write is known to be durable (README)
    stored: ClassVar[bool] = False  # drawn as a store in the Mermaid diagram
    needs: ClassVar[frozenset[str]] = frozenset()  # "clickhouse", "redis"

    @abstractmethod
    def views(self, spec: Pipeline, sink: S, tables: "list[Table]", count: int) -> list[SinkView]:
        """Its views; `count` sinks of this kind in the pipeline."""

    @abstractmethod
    def label(self, spec: Pipeline, sink: S) -> str:
        """Its node in the README's Mermaid diagram."""

    def topic_plan(self, sink: S) -> list[dict[str, Any]]:
        return []

    def test_case(self, spec: Pipeline, sink: S, view: SinkView) -> dict[str, Any] | None:
        """The values of its generated test (`tests/<kind>_sink.py.j2`), or None."""
        return None
