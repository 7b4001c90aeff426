"""The processing steps, applied in order. Each knows which fields it reads and adds."""

import math
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic import Field as PydField

from .base import SpecModel
from .expressions import (
    MAX_LENGTH,
    Expr,
    ExpressionError,
    may_be_null,
    parse,
    result_type,
)
from .names import Identifier, KeyPrefix, TextValue, TopicName
from .schema import Field, FieldType

Scalar = TextValue | int | float | bool
# Shortest window length, hop and inactivity gap: event times are whole milliseconds, and the
# generated tests place several records inside one slide or gap.
MIN_DURATION_MS = 1000
ExpressionText = Annotated[
    str,
    PydField(min_length=1, max_length=MAX_LENGTH, description="An expression (see docs)."),
    AfterValidator(str.strip),  # as the parser reads it: surrounding whitespace is not kept
]


def parse_expression(text: str, fields: Sequence[Field], expect: FieldType | None = None) -> Expr:
    """`text` checked against `fields` (their names and types; a required field is never null)."""
    return parse(
        text,
        {f.name: f.type for f in fields},
        non_null=[f.name for f in fields if f.required],
        expect=expect,
    )


class Filter(SpecModel):
    """Keep records whose `field` compares true against `value`, or for which the expression
    `where` is true (null and false drop a record)."""

    kind: Literal["filter"] = PydField(default="filter", description="Operator kind.")
    field: Identifier | None = PydField(
        default=None, description="The field compared with `value` (not with `where`)."
    )
    op: Literal["eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "not_null"] = PydField(
        default="eq", description="How `field` is compared with `value` (not with `where`)."
    )
    value: Scalar | list[Scalar] | None = PydField(
        default=None, description="What `field` is compared with; a list for in / not_in."
    )
    where: ExpressionText | None = PydField(
        default=None,
        description=(
            "A true/false expression over the fields at this step, instead of field/op/value: "
            "comparisons, and/or/not, in [...], is None, arithmetic, contains(), startswith(), "
            "matches(), lower(), day_of_week(), ... e.g. \"status in ['paid', 'shipped'] and "
            'amount > 0". A record is kept when it is true; null or false drops it.'
        ),
    )

    @field_validator("value", mode="before")
    @classmethod
    def _finite(cls, value: object) -> object:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, float) and not math.isfinite(item):
                raise ValueError(f"{item!r} is not a finite number: NaN and Infinity never match")
        return value

    @model_validator(mode="after")
    def _value_fits_op(self) -> "Filter":
        if self.where is not None:
            if self.field is not None or self.value is not None or self.op != "eq":
                raise ValueError(
                    "a filter takes either an expression (where) or field/op/value, not both"
                )
            return self
        if self.field is None:
            raise ValueError("a filter needs an expression (where) or a field to compare")
        if self.op in ("in", "not_in") and not isinstance(self.value, list):
            raise ValueError(f"filter on {self.field!r}: op {self.op!r} needs a list value")
        if self.op == "not_null" and self.value is not None:
            raise ValueError(f"filter on {self.field!r}: op 'not_null' takes no value")
        if self.op not in ("in", "not_in", "not_null") and (
            self.value is None or isinstance(self.value, list)
        ):
            raise ValueError(f"filter on {self.field!r}: op {self.op!r} needs a single value")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Only the form in use: a comparison filter's spec reads as it always did."""
        data: dict[str, Any] = handler(self)
        for key in ("field", "op", "value") if self.where is not None else ("where",):
            data.pop(key, None)
        return data

    def condition(self, fields: Sequence[Field]) -> Expr:
        """The `where` expression checked against the fields at this step (a true/false one)."""
        assert self.where is not None
        return parse_expression(self.where, fields, expect="bool")

    def reads(self) -> list[str]:
        return [self.field] if self.field is not None else []

    def adds(self) -> list[Field]:
        return []


class Computed(SpecModel):
    name: Identifier = PydField(
        description="The computed field's name; an existing field of that name is replaced."
    )
    expr: ExpressionText = PydField(
        description=(
            "An expression over the fields at this step and the fields computed before it in "
            'this map, e.g. "price * qty", "lower(email)", "day_of_week(created_at)", '
            '"coalesce(discount, 0.0)". Its type is inferred; it is null where an input is.'
        )
    )


class Map(SpecModel):
    """Compute fields from expressions, in order: a later one may use an earlier one."""

    kind: Literal["map"] = PydField(default="map", description="Operator kind.")
    fields: list[Computed] = PydField(
        min_length=1, max_length=100, description="The fields to compute, in order."
    )

    @model_validator(mode="after")
    def _unique(self) -> "Map":
        names = [c.name for c in self.fields]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"map computes {', '.join(map(repr, repeated))} more than once")
        return self

    def computed(self, fields: Sequence[Field]) -> list[tuple[Computed, Expr, Field]]:
        """Each computed field with its checked expression and its resulting field (type;
        required when the expression can never be null), each checked against the fields
        before it."""
        available = {f.name: f for f in fields}
        out = []
        for item in self.fields:
            try:
                expr = parse_expression(item.expr, list(available.values()))
            except ExpressionError as error:
                raise ExpressionError(f"field {item.name!r}: {error}") from None
            field = Field(name=item.name, type=result_type(expr), required=not may_be_null(expr))
            available[item.name] = field
            out.append((item, expr, field))
        return out

    def reads(self) -> list[str]:
        return []  # checked by computed(), against the fields at this step

    def adds(self) -> list[Field]:
        return []  # depends on the fields at this step: see computed()

    def apply(self, fields: list[Field]) -> list[Field]:
        """The fields after this map: a replaced field keeps its place, new ones follow."""
        out = {f.name: f for f in fields}
        for _, _, field in self.computed(fields):
            out[field.name] = field
        return list(out.values())


class Select(SpecModel):
    """Keep or drop fields, and rename some."""

    kind: Literal["select"] = PydField(default="select", description="Operator kind.")
    keep: list[Identifier] | None = PydField(
        default=None, description="The fields to keep, in this order (all others are dropped)."
    )
    drop: list[Identifier] | None = PydField(
        default=None, description="The fields to drop (all others are kept, in their order)."
    )
    rename: dict[Identifier, Identifier] = PydField(
        default_factory=dict, description="Old name -> new name, applied after keep/drop."
    )

    @model_validator(mode="after")
    def _shape(self) -> "Select":
        if self.keep is not None and self.drop is not None:
            raise ValueError("a select takes keep or drop, not both")
        if self.keep is None and self.drop is None and not self.rename:
            raise ValueError("a select needs keep, drop or rename")
        if self.keep is not None and not self.keep:
            raise ValueError("a select that keeps no field leaves nothing to write")
        for what, names in (("keep", self.keep), ("drop", self.drop)):
            if names and len(set(names)) != len(names):
                raise ValueError(f"select: {what} names a field twice")
        targets = list(self.rename.values())
        if len(set(targets)) != len(targets):
            raise ValueError("select: two fields are renamed to one name")
        return self

    def reads(self) -> list[str]:
        return [*(self.keep or []), *(self.drop or []), *self.rename]

    def adds(self) -> list[Field]:
        return []

    def pairs(self, fields: Sequence[Field]) -> list[tuple[str, Field]]:
        """(name before, field after) for each field that survives, in output order."""
        if self.keep is not None:
            by_name = {f.name: f for f in fields}
            kept = [by_name[n] for n in self.keep if n in by_name]
        else:
            dropped = set(self.drop or [])
            kept = [f for f in fields if f.name not in dropped]
        out = [
            (f.name, f.model_copy(update={"name": self.rename.get(f.name, f.name)})) for f in kept
        ]
        for name in self.rename:
            if name not in [before for before, _ in out]:
                raise ValueError(f"select renames {name!r}, which it does not keep")
        names = [f.name for _, f in out]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            raise ValueError(f"select: after renaming, {', '.join(map(repr, clash))} repeats")
        return out

    def apply(self, fields: list[Field]) -> list[Field]:
        return [f for _, f in self.pairs(fields)]


class FieldMapping(SpecModel):
    source: Identifier = PydField(description="Field name in the Redis value")
    target: Identifier = PydField(description="Field name in the output record")
    type: FieldType = PydField(default="string", description="Type of the copied value.")


def _each_source_once(fields: list[FieldMapping], where: str) -> None:
    """A field copied twice (into two targets) is refused: the copy is a mapping keyed by the
    source field, so one of the two would be lost (or written twice, F601, in the processor)."""
    sources = [m.source for m in fields]
    twice = next((s for s in sources if sources.count(s) > 1), None)
    if twice is not None:
        targets = " and ".join(m.target for m in fields if m.source == twice)
        raise ValueError(
            f"{where} copies {twice!r} twice (into {targets}); copy it once, then add the "
            "second field with a map operator"
        )


class Enrich(SpecModel):
    """Look up `key_prefix + record[key_field]` in Redis and copy mapped fields onto the record."""

    kind: Literal["enrich"] = PydField(default="enrich", description="Operator kind.")
    store: Literal["redis"] = PydField(default="redis", description="Lookup store.")
    key_field: Identifier = PydField(
        description="Record field whose value (after key_prefix) is the Redis key."
    )
    key_prefix: KeyPrefix = PydField(
        default="", description="Prefix put before the key field's value to form the Redis key."
    )
    value_format: Literal["json", "hash"] = PydField(
        default="json", description="How Redis holds the value: a JSON string or a hash."
    )
    fields: list[FieldMapping] = PydField(
        min_length=1, description="Fields copied from the Redis value into the record."
    )
    cache_ttl_ms: int = PydField(
        default=60_000,
        ge=0,
        description="How long a looked-up value is cached in the processor, in ms (0: no cache).",
    )
    cache_max_entries: int = PydField(
        default=100_000, ge=0, description="Most values kept in the processor's cache."
    )
    on_miss: Literal["null", "dead_letter"] = PydField(
        default="null",
        description="What a record whose key is not in Redis gets: null fields, or the dead-letter topic.",
    )

    @model_validator(mode="after")
    def _copied_once(self) -> "Enrich":
        _each_source_once(self.fields, "the Redis enrichment")
        return self

    def reads(self) -> list[str]:
        return [self.key_field]

    def adds(self) -> list[Field]:
        return [Field(name=m.target, type=m.type, required=False) for m in self.fields]


class Dedup(SpecModel):
    """Drop a record whose key was already seen within `horizon_ms` of event time."""

    kind: Literal["dedup"] = PydField(default="dedup", description="Operator kind.")
    key: list[Identifier] = PydField(
        min_length=1, description="Fields whose values identify a duplicate."
    )
    horizon_ms: int = PydField(
        gt=0, description="How long a key is remembered, in ms; a repeat within it is dropped."
    )

    def reads(self) -> list[str]:
        return list(self.key)

    def adds(self) -> list[Field]:
        return []


AggregateFn = Literal["count", "sum", "avg", "min", "max", "count_distinct", "quantile"]


class Aggregate(SpecModel):
    name: Identifier = PydField(description="Output column holding the aggregate's value.")
    fn: AggregateFn = PydField(description="Aggregate function.")
    field: Identifier | None = PydField(
        default=None, description="Input field aggregated (not needed by count)."
    )
    quantile: float | None = PydField(
        default=None,
        gt=0,
        lt=1,
        description="Quantile level for fn=quantile, between 0 and 1 (0.95 = p95).",
    )

    @model_validator(mode="after")
    def _fn_arguments(self) -> "Aggregate":
        if self.fn != "count" and self.field is None:
            raise ValueError(f"aggregate {self.name!r}: {self.fn} needs a field")
        if self.fn == "quantile" and self.quantile is None:
            raise ValueError(f"aggregate {self.name!r}: quantile needs a level such as 0.95")
        if self.fn != "quantile" and self.quantile is not None:
            raise ValueError(f"aggregate {self.name!r}: only quantile takes a level")
        return self

    def output_type(self, input_type: FieldType | None) -> FieldType:
        if self.fn in ("count", "count_distinct"):
            return "int"
        if self.fn in ("min", "max") and input_type is not None:
            return input_type
        if self.fn == "sum" and input_type == "int":
            return "int"
        return "float"


class Sessionize(SpecModel):
    """Group a key's events into sessions split by `gap_ms` of inactivity (event time).

    Each event is emitted at once with its session's metrics so far; a session's state is
    evicted once the watermark passes its last event plus the gap.
    """

    kind: Literal["sessionize"] = PydField(default="sessionize", description="Operator kind.")
    key: Identifier = PydField(
        description="Field whose value identifies whose session a record belongs to."
    )
    gap_ms: int = PydField(gt=0, description="Inactivity, in ms, that closes a session.")
    grace_ms: int = PydField(default=60_000, ge=0, description="Out-of-orderness tolerated")
    session_id_field: Identifier = PydField(
        default="session_key", description="Output field holding the session identifier."
    )
    distinct_field: Identifier | None = PydField(
        default=None, description="Field whose distinct values are counted (pages viewed)."
    )
    prefix: Identifier = PydField(
        default="session", description="Prefix of the session metric columns."
    )

    @model_validator(mode="after")
    def _gap(self) -> "Sessionize":
        if self.gap_ms < MIN_DURATION_MS:
            raise ValueError(
                f"a session gap of {self.gap_ms} ms is under {MIN_DURATION_MS} ms: sub-second "
                "sessions are not supported"
            )
        if self.prefix == "_":  # else refused as a column name the spec never wrote
            raise ValueError(
                "sessionize prefix '_' names the session columns __start, __duration_ms, ...: "
                "Python renames names starting with '__' inside a class (name mangling); "
                "use a prefix with a letter, e.g. 'session'"
            )
        return self

    def reads(self) -> list[str]:
        return [self.key] + ([self.distinct_field] if self.distinct_field else [])

    def adds(self) -> list[Field]:
        added = [
            Field(name=self.session_id_field, type="string"),
            Field(name=f"{self.prefix}_start", type="timestamp"),
            Field(name=f"{self.prefix}_duration_ms", type="int"),
            Field(name=f"{self.prefix}_event_count", type="int"),
        ]
        if self.distinct_field:
            added.append(Field(name=f"{self.prefix}_distinct_{self.distinct_field}", type="int"))
        return added


class Threshold(SpecModel):
    aggregate: Identifier = PydField(description="Aggregate compared.")
    op: Literal["gt", "ge", "lt", "le", "eq"] = PydField(default="gt", description="Comparison.")
    value: float = PydField(description="Value compared with.")


class Window(SpecModel):
    """Event-time windowed aggregation; a window closes when the watermark passes end + grace."""

    kind: Literal["window"] = PydField(default="window", description="Operator kind.")
    type: Literal["tumbling", "hopping", "session"] = PydField(
        default="tumbling", description="Window type."
    )
    size_ms: int | None = PydField(
        default=None, gt=0, description="Window length in ms (tumbling and hopping)."
    )
    slide_ms: int | None = PydField(
        default=None, gt=0, description="Hop between window starts in ms (hopping)."
    )
    gap_ms: int | None = PydField(
        default=None, gt=0, description="Inactivity gap that closes a session window, in ms."
    )
    grace_ms: int = PydField(
        default=0,
        ge=0,
        description="How long after a window's end late records are still counted, in ms.",
    )
    group_by: list[Identifier] = PydField(
        default_factory=list, description="Fields whose values split the window into groups."
    )
    aggregates: list[Aggregate] = PydField(
        min_length=1, description="Values computed per window and group."
    )
    having: Threshold | None = PydField(
        default=None, description="Only windows whose aggregate passes this threshold are emitted."
    )

    @model_validator(mode="after")
    def _shape(self) -> "Window":
        if self.type in ("tumbling", "hopping") and self.size_ms is None:
            raise ValueError(f"a {self.type} window needs a size (size_ms)")
        if self.type == "hopping":
            if self.slide_ms is None:
                raise ValueError("a hopping window needs a slide (slide_ms)")
            assert self.size_ms is not None
            if self.slide_ms > self.size_ms or self.size_ms % self.slide_ms:
                raise ValueError(
                    f"a hopping window's size ({self.size_ms} ms) must be a multiple of its "
                    f"slide ({self.slide_ms} ms)"
                )
        elif self.slide_ms is not None:
            raise ValueError(f"only a hopping window takes a slide, not a {self.type} window")
        if self.type == "session" and self.gap_ms is None:
            raise ValueError("a session window needs an inactivity gap (gap_ms)")
        for what, value in (("size", self.size_ms), ("slide", self.slide_ms), ("gap", self.gap_ms)):
            if value is not None and value < MIN_DURATION_MS:
                raise ValueError(
                    f"a window {what} of {value} ms is under {MIN_DURATION_MS} ms: sub-second "
                    "windows are not supported"
                )
        if self.type != "session" and self.gap_ms is not None:
            raise ValueError(f"only a session window takes a gap, not a {self.type} window")
        names = [a.name for a in self.aggregates]
        if len(set(names)) != len(names):
            raise ValueError(f"aggregate names repeat: {names}")
        clash = set(names) & (set(self.group_by) | {"window_start", "window_end"})
        if clash:
            raise ValueError(f"aggregate name(s) {sorted(clash)} clash with output columns")
        if self.having and self.having.aggregate not in names:
            raise ValueError(
                f"threshold refers to {self.having.aggregate!r}, which is not an aggregate "
                f"of this window ({', '.join(names)})"
            )
        return self

    def reads(self) -> list[str]:
        return list(self.group_by) + [a.field for a in self.aggregates if a.field]


class TopN(SpecModel):
    """Per window, keep the `n` result rows with the highest (or lowest) value of one of the
    window's aggregates; rows with equal values are ranked by their group key, ascending. With
    `per`, the rows are ranked within each value of those group-by fields ("top 3 products by
    revenue in each category": n rows per window and category)."""

    kind: Literal["top_n"] = PydField(default="top_n", description="Operator kind.")
    n: int = PydField(
        ge=1, le=10_000, description="How many rows each window keeps, e.g. 5 for 'top 5 pages'."
    )
    order_by: Identifier = PydField(
        description=(
            "The aggregate of the window just before this step that ranks the rows, e.g. "
            "'views' for 'top 5 pages by views'."
        )
    )
    order: Literal["highest", "lowest"] = PydField(
        default="highest",
        description="Keep the rows with the highest values (top N) or the lowest (bottom N).",
    )
    per: list[Identifier] = PydField(
        default_factory=list,
        description=(
            "Group-by fields of the window within whose values the rows are ranked, e.g. "
            "['category'] for 'top 3 products by revenue in each category'; empty: one "
            "ranking of all of a window's rows."
        ),
    )

    @model_validator(mode="after")
    def _distinct(self) -> "TopN":
        if len(set(self.per)) != len(self.per):
            raise ValueError(f"top_n per repeats a field: {self.per}")
        return self

    @model_serializer(mode="wrap")
    def _omit_empty_per(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A top-N over all of a window's rows (every spec from before the field) dumps unchanged.
        data: dict[str, Any] = handler(self)
        if not data.get("per"):
            data.pop("per", None)
        return data

    def reads(self) -> list[str]:
        return [self.order_by, *self.per]

    def adds(self) -> list[Field]:
        return []


class IntervalJoin(SpecModel):
    """Stream-stream join: a left record matches right records on the same key whose event time
    lies in [left - before_ms, left + after_ms] (bounds inclusive). A left join also emits each
    left record that matched nothing, once, with the right fields null, when the watermark has
    passed its event time + after_ms (+ grace_ms)."""

    kind: Literal["interval_join"] = PydField(default="interval_join", description="Operator kind.")
    how: Literal["inner", "left"] = PydField(
        default="inner",
        description=(
            "inner: only matched pairs; left: also each source record that matched no right "
            "record, once its upper bound plus grace has passed, with the right fields null."
        ),
    )
    right_topic: TopicName = PydField(description="Topic of the stream joined to the source.")
    right_fields: list[Field] = PydField(
        min_length=1, description="Typed fields of the right stream's records."
    )
    left_key: Identifier = PydField(description="Join key field in the source records.")
    right_key: Identifier = PydField(description="Join key field in the right stream's records.")
    right_event_time: Identifier = PydField(
        default="timestamp", description="Event-time field of the right stream."
    )
    before_ms: int = PydField(
        ge=0, description="A right event may precede the left one by at most this many ms."
    )
    after_ms: int = PydField(
        ge=0, description="A right event may follow the left one by at most this many ms."
    )
    grace_ms: int = PydField(
        default=0,
        ge=0,
        description="Extra time allowed for out-of-order events before state is dropped, in ms.",
    )
    fields: list[FieldMapping] = PydField(
        min_length=1, description="Right-stream fields copied into each joined output record."
    )

    @model_validator(mode="after")
    def _right_side(self) -> "IntervalJoin":
        names = {f.name for f in self.right_fields}
        for needed in [self.right_key, self.right_event_time] + [m.source for m in self.fields]:
            if needed not in names:
                raise ValueError(
                    f"join with {self.right_topic!r}: {needed!r} is not a field of the right stream"
                )
        _each_source_once(self.fields, f"the join with {self.right_topic!r}")
        return self

    def reads(self) -> list[str]:
        return [self.left_key]

    def adds(self) -> list[Field]:
        return [Field(name=m.target, type=m.type, required=False) for m in self.fields]


class TableJoin(SpecModel):
    """Stream-table join: the latest value per key of a compacted topic."""

    kind: Literal["table_join"] = PydField(default="table_join", description="Operator kind.")
    how: Literal["inner", "left"] = PydField(
        default="left",
        description=(
            "left: every source record, the table fields null when the table has no row for "
            "its key; inner: only records whose key has a table row."
        ),
    )
    table_topic: TopicName = PydField(
        description="Compacted topic holding the table (latest value per key)."
    )
    right_fields: list[Field] = PydField(
        min_length=1, description="Typed fields of the table's records."
    )
    left_key: Identifier = PydField(description="Join key field in the source records.")
    right_key: Identifier = PydField(description="Key field of the table's records.")
    fields: list[FieldMapping] = PydField(
        min_length=1, description="Table fields copied into each output record."
    )

    @model_validator(mode="after")
    def _right_side(self) -> "TableJoin":
        names = {f.name for f in self.right_fields}
        for needed in [self.right_key] + [m.source for m in self.fields]:
            if needed not in names:
                raise ValueError(
                    f"join with table {self.table_topic!r}: {needed!r} is not a field of it"
                )
        _each_source_once(self.fields, f"the join with table {self.table_topic!r}")
        return self

    def reads(self) -> list[str]:
        return [self.left_key]

    def adds(self) -> list[Field]:
        return [Field(name=m.target, type=m.type, required=False) for m in self.fields]


Operator = Annotated[
    Filter | Map | Select | Enrich | Dedup | Sessionize | Window | TopN | IntervalJoin | TableJoin,
    PydField(discriminator="kind"),
]
