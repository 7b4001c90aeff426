"""Tests of orders_cdc.py

Its logic on sample records, without Kafka, Redis or ClickHouse. Generated
by etl-gen 0.1.0 from spec 4c77b3917c280d3b along with the processor:
regenerate both rather than editing. Expected values are computed here
from the sample records, never by the processor. Fakes stand in only at
the I/O boundaries: Redis reads, sink flushes and the offset commit.

Run: python -m pytest -q test_orders_cdc.py
"""

import asyncio
import dataclasses
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

# isort: split
import orders_cdc as processor

# 2024-05-01T12:00:00Z in epoch milliseconds: every sample happens around it
T0 = 1_714_564_800_000
FIRST_OFFSET = 10


def dead_letters() -> processor.DeadLetters:
    """Dead letters that are only queued: flush()
    is never called, so no producer is needed."""
    return processor.DeadLetters(None, "test-dead-letters", processor.Progress())


def reason_kinds(letters: processor.DeadLetters) -> list[str]:
    """Each queued dead letter's kind of reason:
    "late", "invalid", ... (up to the colon)."""
    return [letter.reason.split(":", 1)[0] for letter in letters.queue]


def encode(value: dict[str, Any]) -> bytes:
    return json.dumps(value).encode()


def message(
    offset: int, value: bytes | None, tp: TopicPartition, key: bytes | None = None
) -> ConsumerRecord:
    """A Kafka record as AIOKafkaConsumer.getmany() returns it."""
    return ConsumerRecord(
        topic=tp.topic,
        partition=tp.partition,
        offset=offset,
        timestamp=T0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=-1 if key is None else len(key),
        serialized_value_size=-1 if value is None else len(value),
        headers=[],
    )


ORDERS_TP = TopicPartition("orders.public.orders", 0)
ORDER_ITEMS_TP = TopicPartition("orders.public.order_items", 0)
# Source positions of three successive changes (WAL position (LSN) 24023128, ...) and
# the version each must give its row.
POSITIONS = [{"__lsn": 24023128}, {"__lsn": 24023456}, {"__lsn": 24023792}]
VERSIONS = [24_023_128, 24_023_456, 24_023_792]

# A row of public.orders as Debezium sends it
# (time.precision.mode=connect: timestamps in epoch milliseconds,
# dates in days since the epoch), and the typed row it must become.
ORDERS_ROW = {
    "order_id": 5001,
    "customer_id": 7,
    "order_date": 19843,
    "status": "completed",
    "total_amount": 49.5,
    "created_at": 1714564710250,
    "updated_at": 1714564710250,
}
ORDERS_TYPED = {
    "order_id": 5001,
    "customer_id": 7,
    "order_date": date(2024, 4, 30),
    "status": "completed",
    "total_amount": 49.5,
    "created_at": 1714564710250,
    "updated_at": 1714564710250,
}
ORDERS_UPDATED = {
    "order_id": 5001,
    "customer_id": 7,
    "order_date": 19843,
    "status": "pending",
    "total_amount": 49.5,
    "created_at": 1714564710250,
    "updated_at": 1714564710250,
}
# A delete carries only the key (REPLICA IDENTITY DEFAULT).
ORDERS_DELETED = {
    "order_id": 5001,
    "customer_id": None,
    "order_date": None,
    "status": None,
    "total_amount": None,
    "created_at": None,
    "updated_at": None,
}

# A row of public.order_items as Debezium sends it (time.precision.mode=connect:
# timestamps in epoch milliseconds, dates in days since the epoch).
ORDER_ITEMS_ROW = {
    "item_id": 9001,
    "order_id": 5001,
    "product_id": 1001,
    "quantity": 3,
    "price": 49.5,
    "created_at": 1714564770250,
    "updated_at": 1714564770250,
}


def change(row: dict[str, Any], op: str, position: dict[str, Any]) -> bytes:
    """A change as the connector writes it: ExtractNewRecordState adds __op and the
    source position, and rewrites a delete as its key columns with __deleted=true."""
    return encode(
        {**row, "__op": op, **position, "__deleted": "true" if op == "d" else "false"}
    )


def decode(payload: bytes) -> dict[str, Any]:
    """The change as the processor decodes it (msgspec's native
    pass), checked against the field-by-field path
    `decode_change`: the same row, or the same dead-letter reason.
    """
    native = processor.CHANGE_DECODERS[ORDERS_TP.topic]
    try:
        expected = processor.decode_change(payload, processor.ORDERS_FIELDS)
    except processor.RecordError as error:
        with pytest.raises(type(error)) as refused:
            native.decode(payload)
        assert str(refused.value) == str(error)
        raise
    row = native.decode(payload)
    assert row == expected
    assert list(row) == list(expected)
    return row


def test_insert_decodes_to_a_typed_row_versioned_by_its_source_position() -> None:
    row = decode(change(ORDERS_ROW, "c", POSITIONS[0]))
    assert row == {**ORDERS_TYPED, "_version": VERSIONS[0], "_is_deleted": 0}


def test_update_is_versioned_by_its_own_source_position() -> None:
    assert decode(change(ORDERS_UPDATED, "u", POSITIONS[1]))["_version"] == VERSIONS[1]


def test_delete_becomes_a_deleted_version_of_the_key() -> None:
    row = decode(change(ORDERS_DELETED, "d", POSITIONS[2]))
    typed = ORDERS_DELETED
    assert row == {**typed, "_version": VERSIONS[2], "_is_deleted": 1}


def test_schema_and_payload_wrapping_is_accepted() -> None:
    event = json.loads(change(ORDERS_ROW, "c", POSITIONS[0]))
    wrapped = encode(
        {"schema": {"type": "struct", "optional": False}, "payload": event}
    )
    assert decode(wrapped) == decode(change(ORDERS_ROW, "c", POSITIONS[0]))


def test_change_still_in_its_envelope_is_a_record_error() -> None:
    # The connector config unwraps the envelope;
    # an envelope means a mismatched connector.
    event = encode({"before": None, "after": ORDERS_ROW, "op": "c"})
    with pytest.raises(
        processor.RecordError, match=r"^order_id: required field is missing"
    ):
        decode(event)


def test_change_without_its_source_position_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="lsn"):
        decode(change(ORDERS_ROW, "c", {}))


def test_change_without_its_primary_key_is_a_record_error() -> None:
    row = {name: value for name, value in ORDERS_ROW.items() if name != "order_id"}
    with pytest.raises(
        processor.RecordError, match=r"^order_id: required field is missing"
    ):
        decode(change(row, "c", POSITIONS[0]))


def test_wrong_type_is_a_record_error_naming_the_column() -> None:
    row = {**ORDERS_ROW, "order_id": "42"}
    with pytest.raises(processor.RecordError, match=r"^order_id: "):
        decode(change(row, "c", POSITIONS[0]))


def test_a_timestamp_column_is_kept_as_epoch_ms_whatever_its_form() -> None:
    # DateTime64(3) ticks, what the insert writes: ISO text
    # (naive means UTC) becomes the ms it names, sub-millisecond
    # digits dropped as the insert of a datetime drops them.
    for value, at_ms in (
        (1_714_559_696_789, 1_714_559_696_789),
        ("2024-05-01T12:34:56.789+02:00", 1_714_559_696_789),
        ("2024-05-01T10:34:56.7899Z", 1_714_559_696_789),
        ("1969-12-31T23:59:59.999500", -1),
        (-2_208_988_800_000, -2_208_988_800_000),  # 1900-01-01, DateTime64's first ms
        (10_413_791_999_999, 10_413_791_999_999),  # its last ms, in 2299
    ):
        row = {**ORDERS_ROW, "created_at": value}
        assert decode(change(row, "c", POSITIONS[0]))["created_at"] == at_ms


def test_a_timestamp_out_of_datetime64_range_is_an_implausible_time() -> None:
    for value in (-2_208_988_800_001, 10_413_791_999_999 + 1, "2300-01-01T00:00:00Z"):
        row = {**ORDERS_ROW, "created_at": value}
        with pytest.raises(
            processor.ImplausibleTimeError,
            match=r"^created_at: .* is outside 1900-01-01",
        ):
            decode(change(row, "c", POSITIONS[0]))


def test_an_odd_deleted_flag_reads_as_the_field_by_field_path_reads_it() -> None:
    # 1 == True: a delete; msgspec and orjson agree on strings and booleans only
    for flag, deleted in (
        ("true", 1),
        (True, 1),
        (1, 1),
        ("false", 0),
        (None, 0),
        ({"x": 1}, 0),
    ):
        event = {**ORDERS_ROW, "__op": "u", **POSITIONS[0], "__deleted": flag}
        assert decode(encode(event))["_is_deleted"] == deleted


def test_malformed_json_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="not valid JSON"):
        decode(b'{"op": "c", "after": ')


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> processor.Config:
    """Settings for a Processor whose Kafka clients
    are never started: no broker is needed."""
    args = ["--bootstrap-servers", "127.0.0.1:9"]
    # An embedded chDB database: the Processor opens
    # it; the sinks' flushes are recorded instead.
    args += ["--clickhouse-dsn", f"chdb://{tmp_path_factory.mktemp('clickhouse')}"]
    return processor.parse_args(args)


@dataclass
class Outcome:
    """What processing one batch and flushing left behind."""

    proc: processor.Processor
    calls: list[str]  # sink flushes and the commit, in order
    commits: list[dict[TopicPartition, int]]
    # read back from each commit
    progress: list[dict[TopicPartition, processor.PartitionProgress]]


def run_batch(
    config: processor.Config,
    batches: dict[TopicPartition, list[ConsumerRecord]],
    restored: processor.Progress | None = None,
) -> Outcome:
    """Process one batch, then flush_and_commit(), with the
    flushes and the commit recorded; `restored` is the progress an
    assignment read from the last commits (none: a first start).
    """
    calls: list[str] = []
    commits: list[dict[TopicPartition, int]] = []
    progress: list[dict[TopicPartition, processor.PartitionProgress]] = []

    def recorder(name: str) -> Callable[[], Awaitable[None]]:
        async def flush() -> None:
            calls.append(name)

        return flush

    async def commit(offsets: dict[TopicPartition, Any]) -> None:
        calls.append("commit")
        commits.append({tp: c.offset for tp, c in offsets.items()})
        progress.append(
            {
                tp: processor.Progress().decode(c.metadata, c.offset)
                for tp, c in offsets.items()
            }
        )

    async def scenario() -> processor.Processor:
        proc = processor.Processor(config)
        for topic, table in proc.tables.items():
            table.flush = recorder(f"flush {topic}")
        proc.dead_letters.flush = recorder("flush dead_letters")
        proc.consumer.commit = commit
        if restored is not None:
            proc.progress.restored = dict(restored.restored)
        try:
            await proc.process(batches)
            await proc.flush_and_commit()
        finally:
            await proc.stop()
        return proc

    proc = asyncio.run(scenario())
    return Outcome(proc, calls, commits, progress)


def changes() -> dict[TopicPartition, list[ConsumerRecord]]:
    """One batch: an insert and an update of a row of public.orders;
    an insert into each other table."""
    return {
        ORDERS_TP: [
            message(FIRST_OFFSET, change(ORDERS_ROW, "c", POSITIONS[0]), ORDERS_TP),
            message(
                FIRST_OFFSET + 1, change(ORDERS_UPDATED, "u", POSITIONS[1]), ORDERS_TP
            ),
        ],
        ORDER_ITEMS_TP: [
            message(
                FIRST_OFFSET, change(ORDER_ITEMS_ROW, "c", POSITIONS[2]), ORDER_ITEMS_TP
            )
        ],
    }


def test_commit_comes_after_every_table_and_the_dead_letters_are_flushed(
    config: processor.Config,
) -> None:
    assert run_batch(config, changes()).calls == [
        "flush orders.public.orders",
        "flush orders.public.order_items",
        "flush dead_letters",
        "commit",
    ]


def test_commit_is_the_offset_after_each_partitions_batch(
    config: processor.Config,
) -> None:
    assert run_batch(config, changes()).commits == [
        {ORDERS_TP: FIRST_OFFSET + 2, ORDER_ITEMS_TP: FIRST_OFFSET + 1}
    ]


def test_each_change_lands_in_its_own_table(config: processor.Config) -> None:
    tables = run_batch(config, changes()).proc.tables
    assert {topic: table.pending() for topic, table in tables.items()} == {
        "orders.public.orders": 2,
        "orders.public.order_items": 1,
    }


def test_tombstone_is_skipped_without_a_dead_letter(config: processor.Config) -> None:
    outcome = run_batch(config, {ORDERS_TP: [message(FIRST_OFFSET, None, ORDERS_TP)]})
    assert (outcome.proc.pending(), outcome.proc.dead_letters.queue) == (0, [])
    assert outcome.commits == [{ORDERS_TP: FIRST_OFFSET + 1}]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b'{"op": "c", "after": ', "invalid: not valid JSON"),
        (change(ORDERS_ROW, "c", {}), "invalid: __lsn: "),
    ],
    ids=["malformed-json", "no-source-position"],
)
def test_bad_change_goes_to_dead_letters_with_its_bytes_and_reason(
    config: processor.Config, value: bytes, reason: str
) -> None:
    outcome = run_batch(config, {ORDERS_TP: [message(FIRST_OFFSET, value, ORDERS_TP)]})
    [letter] = outcome.proc.dead_letters.queue
    assert (letter.value, letter.source) == (value, "orders.public.orders/0/10")
    assert re.match(reason, letter.reason)


def test_metrics_count_consumed_written_and_dead_lettered_records(
    config: processor.Config,
) -> None:
    batches = changes()
    tp, messages = next(iter(batches.items()))
    messages.append(message(messages[-1].offset + 1, b'{"broken": ', tp))
    outcome = run_batch(config, batches)
    registry = outcome.proc.metrics.registry
    sample = registry.get_sample_value
    assert sample("etl_records_consumed_total") == sum(len(m) for m in batches.values())
    assert sample("etl_dead_letters_total", {"reason": "invalid"}) == 1
    written = [
        s.value
        for metric in registry.collect()
        if metric.name == "etl_records_written"
        for s in metric.samples
        if s.name == "etl_records_written_total"
    ]
    # the recorded flushes keep the rows, so what
    # is still pending is what was handed over
    assert sum(written) == outcome.proc.pending()
    assert sample("etl_flush_seconds_count") == 1
    assert sample("etl_commit_seconds_count") == 1


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_metrics_port_serves_metrics_liveness_and_readiness() -> None:
    metrics = processor.Metrics()
    server = metrics.serve(0)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert http_status(base + "/healthz") == 200
        assert http_status(base + "/readyz") == 503  # nothing assigned, never polled
        metrics.polled(assigned=2)
        assert http_status(base + "/readyz") == 200
        metrics.last_poll -= metrics.READY_POLL_S + 1
        # the last successful poll is too old
        assert http_status(base + "/readyz") == 503
        metrics.polled(assigned=0)
        assert http_status(base + "/readyz") == 503
        metrics.consumed.inc(3)
        with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
            assert b"etl_records_consumed_total 3.0" in response.read()
    finally:
        server.shutdown()


def test_fetched_batches_are_crc_checked_unless_the_operator_opts_out(
    config: processor.Config,
) -> None:
    """--no-crc-check turns the consumer's CRC32C check off (trusted networks only);
    without it aiokafka checks every fetched batch."""

    async def check_crcs(settings: processor.Config) -> bool:
        proc = processor.Processor(settings)
        try:
            return bool(proc.consumer._check_crcs)
        finally:
            await proc.stop()

    assert config.check_crcs
    assert asyncio.run(check_crcs(config)) is True
    assert (
        asyncio.run(check_crcs(dataclasses.replace(config, check_crcs=False))) is False
    )
    flags = [
        "--bootstrap-servers",
        "127.0.0.1:9",
        "--security-protocol",
        "PLAINTEXT",
        "--ssl-cafile",
        "",
    ]
    assert processor.parse_args([*flags, "--no-crc-check"]).check_crcs is False


def test_getmany_hands_out_the_fetched_batches_own_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With use_fetched_records, getmany() gives each record's offset, timestamp, key
    and value as aiokafka's ConsumerRecords do, and moves the position alike,
    max_records at a time; an aiokafka whose fetcher's internals changed stops the
    processor at start-up instead.
    """
    fetcher = processor.aiokafka_fetcher
    stock = fetcher.PartitionRecords
    monkeypatch.setattr(fetcher, "PartitionRecords", stock)  # put back after the test
    processor.use_fetched_records()
    assert fetcher.PartitionRecords is processor.FetchedRecords
    tp = TopicPartition("events", 0)
    sent = [
        (i, 1_700_000_000_000 + i, None if i % 7 == 0 else b"k%d" % i, b'{"n": %d}' % i)
        for i in range(25)
    ]
    builder = processor.DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 1 << 20)
    for offset, timestamp, key, value in sent:
        builder.append(offset, timestamp, key, value, [])
    batch = bytes(builder.build())

    class Position:  # the partition's fetch state, as FetchResult reads and moves it
        active, paused, position = True, False, 0

        def state_value(self, tp: TopicPartition) -> "Position":
            return self

        def consumed_to(self, offset: int) -> None:
            self.position = offset

    def drain(records: type) -> tuple[list[tuple[Any, ...]], list[int]]:
        position = Position()
        fetched = records(
            tp,
            processor.MemoryRecords(batch),
            [],
            0,
            None,
            None,
            True,
            processor.READ_COMMITTED,
        )
        result = fetcher.FetchResult(
            tp, assignment=position, partition_records=fetched, backoff=0
        )
        got, positions = [], []
        while result.has_more():
            got += [
                (r.offset, r.timestamp, r.key, r.value)
                for r in result.getall(max_records=10)
            ]
            positions.append(position.position)
        return got, positions

    assert drain(processor.FetchedRecords) == drain(stock) == (sent, [10, 20, 25])

    original = stock.__init__

    # a release that keeps its iterator elsewhere
    def moved(self: Any, *args: Any) -> None:
        original(self, *args)
        del self._records_iterator

    monkeypatch.setattr(stock, "__init__", moved)
    monkeypatch.setattr(fetcher, "PartitionRecords", stock)
    with pytest.raises(
        processor.ServiceError, match=r"^aiokafka .*; install aiokafka<0\.15$"
    ):
        processor.use_fetched_records()
    assert fetcher.PartitionRecords is stock


def test_an_oversized_dead_letter_is_stored_truncated_with_size_and_hash() -> None:
    letters = dead_letters()
    value = b"x" * 1_048_480  # the broker took it; with headers, its copy would not fit
    letters.add(
        value, b"key", TopicPartition("events", 0), 7, "invalid: not valid JSON"
    )
    sent, key, headers = letters.fitted(letters.queue[0])
    assert sent is not None and key == b"key" and value.startswith(sent)
    assert (
        len(sent) + len(key) + sum(len(n) + len(v) for n, v in headers)
        < 1_048_576 - 4096
    )
    assert dict(headers) == {
        "etl_gen_reason": b"invalid: not valid JSON",
        "etl_gen_source": b"events/0/7",
        "etl_gen_original_value_size": b"1048480",
        "etl_gen_original_value_sha256": hashlib.sha256(value).hexdigest().encode(),
        "etl_gen_original_key_size": b"3",
        "etl_gen_original_key_sha256": hashlib.sha256(b"key").hexdigest().encode(),
        "etl_gen_truncated": b"true",
    }
    assert letters.truncated == 1


def test_flushed_rows_are_stored_in_clickhouse(config: processor.Config) -> None:
    """The one real write: the ClickHouse sink's flush into the embedded database."""

    async def scenario() -> list[tuple[Any, ...]]:
        proc = processor.Processor(config)
        for statement in processor.DDL:
            proc.clickhouse.command(statement)
        proc.dead_letters.flush = do_nothing
        proc.consumer.commit = do_nothing
        try:
            await proc.process(changes())
            await proc.flush_and_commit()
            return proc.clickhouse.query(
                "SELECT order_id, status, toUnixTimestamp64Milli(created_at), "
                "_version FROM replica.orders FINAL"
            ).result_rows
        finally:
            await proc.stop()

    # The update replaced the insert: the later source position wins.
    assert asyncio.run(scenario()) == [(5001, "pending", 1714564710250, 24023456)]


def test_delete_is_stored_as_a_soft_delete(config: processor.Config) -> None:
    """The delete of the row changes() inserted and
    updated, written to the embedded database."""
    main_tp = ORDERS_TP
    deletion = change(ORDERS_DELETED, "d", POSITIONS[2])

    async def scenario() -> list[tuple[Any, ...]]:
        proc = processor.Processor(config)
        for statement in processor.DDL:
            proc.clickhouse.command(statement)
        # The embedded database outlives a test: start (and leave) the table empty.
        proc.clickhouse.command("TRUNCATE TABLE replica.orders")
        proc.dead_letters.flush = do_nothing
        proc.consumer.commit = do_nothing
        try:
            await proc.process(changes())
            await proc.process(
                {main_tp: [message(FIRST_OFFSET + 2, deletion, main_tp)]}
            )
            await proc.flush_and_commit()
            return proc.clickhouse.query(
                "SELECT order_id, _version, _is_deleted FROM replica.orders FINAL"
            ).result_rows
        finally:
            proc.clickhouse.command("TRUNCATE TABLE replica.orders")
            await proc.stop()

    # Soft delete: FINAL still shows the row, flagged, at the position of the delete.
    assert asyncio.run(scenario()) == [(5001, 24023792, 1)]


async def do_nothing(*_args: Any) -> None:
    """Stands in for the Kafka writes (producer never started) and the commit."""
