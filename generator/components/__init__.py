"""One module per component kind; this registry maps each spec class to its component.

Adding an operator kind: its spec model (generator/spec/operators.py, in the `Operator` union),
a module here with its view, description and reference semantics, listed in `OPERATORS`, its
templates (templates/operators/<kind>.py.j2, templates/tests/<kind>.py.j2) and a golden case.
"""

from typing import Any

# The renderer first: its view model imports this package's base module.
from .. import render as _render  # noqa: F401  (isort: skip)
from .base import OperatorComponent, SinkComponent
from .clickhouse import COMPONENT as CLICKHOUSE
from .dedup import COMPONENT as DEDUP
from .enrich import COMPONENT as ENRICH
from .filter import COMPONENT as FILTER
from .interval_join import COMPONENT as INTERVAL_JOIN
from .kafka import COMPONENT as KAFKA
from .map import COMPONENT as MAP
from .redis import COMPONENT as REDIS
from .select import COMPONENT as SELECT
from .sessionize import COMPONENT as SESSIONIZE
from .stdout import COMPONENT as STDOUT
from .table_join import COMPONENT as TABLE_JOIN
from .top_n import COMPONENT as TOP_N
from .window import COMPONENT as WINDOW

OPERATORS: tuple[OperatorComponent[Any], ...] = (
    FILTER, MAP, SELECT, ENRICH, SESSIONIZE, DEDUP, WINDOW, TOP_N, INTERVAL_JOIN, TABLE_JOIN,
)  # fmt: skip
# In this order the README lists how each kind's writes are known to be durable.
SINKS: tuple[SinkComponent[Any], ...] = (CLICKHOUSE, KAFKA, REDIS, STDOUT)
_BY_SPEC: dict[type, Any] = {c.spec_type: c for c in OPERATORS} | {c.spec_type: c for c in SINKS}


def operator(op: Any) -> OperatorComponent[Any]:
    """The component of an operator spec."""
    component: OperatorComponent[Any] = _BY_SPEC[type(op)]
    return component


def sink(spec: Any) -> SinkComponent[Any]:
    """The component of a sink spec."""
    component: SinkComponent[Any] = _BY_SPEC[type(spec)]
    return component


__all__ = ["OPERATORS", "SINKS", "OperatorComponent", "SinkComponent", "operator", "sink"]
