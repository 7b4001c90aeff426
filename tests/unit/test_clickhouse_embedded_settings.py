"""The embedded engine's table settings (render/sql.py `embedded_statements`), run in chDB.

A processor writing to chdb:// sets `merge_selector_base` on its plain MergeTree row tables after
the DDL (`tune_embedded`): rarer, wider merges of the parts its inserts make. Never on a server
DSN, never on a ReplacingMergeTree (CDC's current rows, window results), whose merges are what
collapses versions.
"""

from __future__ import annotations

import asyncio
import copy
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.render.sql import ddl_statements, embedded_statements
from generator.spec import spec_from_dict
from tests.support.bundles import load_processor

clickhouse_connect = pytest.importorskip("clickhouse_connect")
pytest.importorskip("chdb")

REPO = Path(__file__).resolve().parents[2]
SETTING = "merge_selector_base = 8"


@pytest.fixture(scope="module")
def client() -> Any:
    return clickhouse_connect.get_client(dsn="chdb://memory")


def run(client: Any, statements: list[str]) -> None:
    for statement in statements:
        client.command(statement)


def create_table(client: Any, database: str, table: str) -> str:
    return client.command(f"SHOW CREATE TABLE `{database}`.`{table}`")


def rows_spec(database: str) -> dict[str, Any]:
    return {
        "name": "orders_rows",
        "source": {"topics": ["orders"], "group_id": "g", "event_time": "created_at"},
        "schema": {"fields": [
            {"name": "order_id"},
            {"name": "amount", "type": "float"},
            {"name": "created_at", "type": "timestamp"},
        ]},
        "sinks": [
            {"kind": "clickhouse", "database": database, "table": "orders"},
            {"kind": "clickhouse", "database": database, "table": "latest",
             "engine": "ReplacingMergeTree", "order_by": ["order_id"]},
        ],
    }  # fmt: skip


def cdc_spec(database: str, mode: str) -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "generated" / "orders_cdc" / "spec.yaml").read_text())
    spec = copy.deepcopy(spec)
    spec["source"]["format"]["mode"] = mode
    for sink in spec["sinks"]:
        if sink["kind"] == "clickhouse":
            sink["database"] = database
            if mode == "history":  # an append-only log of changes
                sink["engine"] = "MergeTree"
    return spec


def test_plain_merge_tree_rows_get_the_setting_a_replacing_merge_tree_does_not(
    client: Any,
) -> None:
    database = f"embedded_{uuid.uuid4().hex[:8]}"
    pipeline = spec_from_dict(rows_spec(database))
    statements = embedded_statements(pipeline)
    assert statements == [
        f"ALTER TABLE `{database}`.`orders`\nMODIFY SETTING {SETTING}"
    ]  # the DDL a server runs does not carry it
    assert not any(SETTING in s for s in ddl_statements(pipeline))
    try:
        run(client, ddl_statements(pipeline))
        run(client, statements)
        run(client, statements)  # every start runs it again
        assert SETTING in create_table(client, database, "orders")
        assert SETTING not in create_table(client, database, "latest")
        query = (
            "SELECT name, engine FROM system.tables "
            f"WHERE database = '{database}' AND engine_full LIKE '%merge_selector_base = 8%'"
        )
        assert client.query(query).result_rows == [("orders", "MergeTree")]
        # the table still takes rows and reads them back
        client.command(
            f"INSERT INTO `{database}`.`orders` VALUES ('a', 1.5, '2026-12-03 00:00:00', "
            "'orders', 0, 7)"
        )
        stored = client.query(f"SELECT order_id, _kafka_offset FROM `{database}`.`orders`")
        assert stored.result_rows == [("a", 7)]
    finally:
        client.command(f"DROP DATABASE IF EXISTS `{database}`")


def test_cdc_current_rows_are_left_alone_a_change_history_is_tuned(client: Any) -> None:
    database = f"embedded_{uuid.uuid4().hex[:8]}"
    replace = spec_from_dict(cdc_spec(database, "replace"))
    assert embedded_statements(replace) == []  # ReplacingMergeTree: merges collapse versions
    history = spec_from_dict(cdc_spec(database, "history"))
    statements = embedded_statements(history)
    assert [s.split("`")[3] for s in statements] == ["orders", "order_items"]
    try:
        run(client, ddl_statements(history))
        run(client, statements)
        for table in ("orders", "order_items"):
            shown = create_table(client, database, table)
            assert "ENGINE = MergeTree" in shown and SETTING in shown
    finally:
        client.command(f"DROP DATABASE IF EXISTS `{database}`")


class Stop(Exception):
    """Start-up stopped right after ClickHouse (the next service is Redis)."""


class Recording:
    def __init__(self) -> None:
        self.commands: list[str] = []

    def command(self, statement: str) -> None:
        self.commands.append(statement)


@pytest.fixture(scope="module")
def sessions() -> ModuleType:
    bundle = REPO / "generated" / "clickstream_sessions"
    return load_processor(bundle / "clickstream_sessions.py", "clickstream_sessions_embedded")


@pytest.mark.parametrize("dsn", ["chdb:///tmp/chdb-not-opened", "http://127.0.0.1:8123"])
def test_processor_start_tunes_the_embedded_engine_only(
    sessions: ModuleType, monkeypatch: pytest.MonkeyPatch, dsn: str
) -> None:
    recording = Recording()
    monkeypatch.setattr(sessions, "connect_clickhouse", lambda _dsn: recording)

    async def stop(*_args: Any) -> None:
        raise Stop

    monkeypatch.setattr(sessions, "check_redis", stop)
    config = sessions.parse_args(
        ["--bootstrap-servers", "127.0.0.1:9", "--clickhouse-dsn", dsn,
         "--redis-url", "redis://127.0.0.1:9/0"]
    )  # fmt: skip

    async def start() -> None:
        with pytest.raises(Stop):
            await sessions.Processor(config).start()

    asyncio.run(start())
    assert recording.commands[: len(sessions.DDL)] == list(sessions.DDL)
    tuned = recording.commands[len(sessions.DDL) :]
    if dsn.startswith("chdb:"):
        assert tuned == list(sessions.EMBEDDED_DDL) and SETTING in tuned[0]
    else:
        assert tuned == []
