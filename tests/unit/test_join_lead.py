"""How far a join's partition may run ahead of the watermark before the processor pauses it."""

import pytest

from generator.components.interval_join import MIN_LEAD_MS, lead_ms
from generator.spec import IntervalJoin


@pytest.mark.parametrize(
    ("before_ms", "after_ms", "grace_ms", "expected"),
    [
        (300_000, 300_000, 0, 300_000),  # the bench's ±5 min join
        (60_000, 600_000, 30_000, 630_000),  # the wider bound plus the grace
        (0, 1_000, 0, MIN_LEAD_MS),  # never below a minute: no pause after every fetch
    ],
)
def test_lead_is_the_wider_bound_plus_grace_at_least_a_minute(
    before_ms: int, after_ms: int, grace_ms: int, expected: int
) -> None:
    op = IntervalJoin.model_construct(before_ms=before_ms, after_ms=after_ms, grace_ms=grace_ms)
    assert lead_ms(op) == expected
