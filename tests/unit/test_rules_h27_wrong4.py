"""--lenient may leave words unread (listed as assumptions), never build a step from them."""

import pytest

from generator.errors import UserError
from generator.parse.rules import parse_request


@pytest.mark.parametrize(
    "request_text",
    [
        "count tickets per production_id as tickets_sold plus the 90th percentile of price_eur "
        "every 10 minutes from topic ticket-sales to topic sales-stats",
        "sum kwh per meter_id as kwh_total plus the peak of load_kw every hour from topic "
        "meter-reads to topic meter-hourly",
    ],
)
def test_lenient_computed_field_of_words_is_refused(request_text: str) -> None:
    with pytest.raises(UserError, match="is no field"):
        parse_request(request_text, lenient=True)
