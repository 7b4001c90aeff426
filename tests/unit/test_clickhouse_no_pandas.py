"""A processor's ClickHouse inserts never import pandas.

clickhouse-connect imports pandas (installed with chDB) at its first insert only to ask whether
the data is a DataFrame: ~0.2 s of CPU and ~50 MB in every processor with a ClickHouse sink.
`connect_clickhouse` tells it pandas is absent; the rows must still land as before. A fresh
interpreter each time, since this test session may have imported pandas already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, json, sys
from datetime import UTC, datetime
sys.path.insert(0, {support!r})
from bundles import load_processor

m = load_processor({path!r}, "sales_aggregates")
client = m.connect_clickhouse("chdb://" + {where!r})
for statement in m.DDL:
    client.command(statement)
results = m.ClickHouseResults(
    m.Retrying("ClickHouse", (), 10), client, "analytics", "sales_aggregates_1min",
    m.SALES_AGGREGATES_1MIN_COLUMNS,
)
start = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
row = {{"window_start": start, "window_end": start.replace(minute=1), "category": "tools",
        "total_sales": 3, "total_revenue": 4.5, "unique_customers": 2, "unique_products": 1,
        "avg_transaction_value": 1.5}}

async def main():
    await results.load_written(set())
    results.add([m.Record(row, None, -1, 0)])
    await results.flush()

asyncio.run(main())
stored = client.query(
    "SELECT category, total_sales, toUnixTimestamp64Milli(window_start) "
    "FROM analytics.sales_aggregates_1min"
).result_rows
print(json.dumps({{"pandas": "pandas" in sys.modules, "stored": [list(r) for r in stored]}}))
"""


def _run_insert(script: str, bundle: str, tmp_path: Path) -> dict:
    """What the script, run against the committed `bundle` in a fresh interpreter, printed last."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script.format(
                support=str(REPO / "tests" / "support"),
                path=str(REPO / "generated" / bundle / f"{bundle}.py"),
                where=str(tmp_path / "ch"),
            ),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_insert_lands_without_importing_pandas(tmp_path: Path) -> None:
    outcome = _run_insert(SCRIPT, "sales_aggregates", tmp_path)
    start_ms = int(datetime(2026, 12, 1, 10, 0, tzinfo=UTC).timestamp() * 1000)
    assert outcome["stored"] == [["tools", 3, start_ms]]
    assert outcome["pandas"] is False


ARROW_SCRIPT = """
import asyncio, json, sys
sys.path.insert(0, {support!r})
from bundles import load_processor

m = load_processor({path!r}, "clickstream_sessions")
client = m.connect_clickhouse("chdb://" + {where!r})
for statement in m.DDL:
    client.command(statement)
table = m.ClickHouseTable(
    m.Retrying("ClickHouse", (), 10), client, "analytics", "clickstream_events",
    m.CLICKSTREAM_EVENTS_COLUMNS, schema=m.CLICKSTREAM_EVENTS_ARROW_SCHEMA,
    json_columns=frozenset({{"properties"}}),
)
row = dict.fromkeys(m.CLICKSTREAM_EVENTS_COLUMNS)
row.update(event_id="e1", event_type="click", user_id=7, session_id="s1",
           timestamp=1764583200000, properties={{"k": 1}}, session_key="s1:1764583200000",
           session_start=1764583200000, session_duration_ms=0, session_event_count=1,
           session_distinct_page_url=0)

async def main():
    await table.load_written(set())
    table.add([m.Record(row, m.TopicPartition("user-events", 0), 5, 0)])
    await table.flush()

asyncio.run(main())
stored = client.query(
    "SELECT event_id, properties, toUnixTimestamp64Milli(timestamp), _kafka_offset "
    "FROM analytics.clickstream_events"
).result_rows
print(json.dumps({{"pandas": "pandas" in sys.modules, "stored": [list(r) for r in stored]}}))
"""


def test_arrow_insert_lands_without_importing_pandas(tmp_path: Path) -> None:
    """A rows table's Arrow insert: pyarrow's first conversion of a list would import pandas
    (to ask whether it is a pandas object) unless `connect_clickhouse` has told it not to."""
    outcome = _run_insert(ARROW_SCRIPT, "clickstream_sessions", tmp_path)
    assert outcome["stored"] == [["e1", '{"k":1}', 1764583200000, 5]]
    assert outcome["pandas"] is False
