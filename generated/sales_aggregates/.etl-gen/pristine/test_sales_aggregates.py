"""Tests of sales_aggregates.py

Its logic on sample records, without Kafka, Redis or ClickHouse. Generated
by etl-gen 0.1.0 from spec 2382439b6731eae5 along with the processor:
regenerate both rather than editing. Expected values are computed here
from the sample records, never by the processor. Fakes stand in only at
the I/O boundaries: Redis reads, sink flushes and the offset commit.

Run: python -m pytest -q test_sales_aggregates.py
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
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

# isort: split
import sales_aggregates as processor

# 2024-05-01T12:00:00Z in epoch milliseconds: every sample happens around it
T0 = 1_714_564_800_000
FIRST_OFFSET = 10
TP = TopicPartition("sales-events", 0)

# A valid record as it arrives on sales-events.
SAMPLE = {
    "transaction_id": "transaction-0001",
    "customer_id": 7,
    "product_id": 1001,
    "category": "electronics",
    "amount": 49.5,
    "quantity": 3,
    "timestamp": "2024-05-01T12:00:00Z",
}


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
    offset: int, value: bytes | None, tp: TopicPartition = TP, key: bytes | None = None
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


def record(offset: int, at_ms: int, /, **changes: Any) -> processor.Record:
    """SAMPLE with some values changed, decoded,
    at event time `at_ms`, from TP at `offset`."""
    raw = {**SAMPLE, "timestamp": at_ms, **changes}
    return processor.Record(
        processor.validate(raw, processor.FIELDS), TP, offset, at_ms
    )


def restarted(processed: int, **watermarks: int) -> processor.Progress:
    """Progress as a restart reads it from TP's last commit: records below `processed`
    were handled, with each operator's watermark at that commit."""
    progress = processor.Progress()
    progress.restored[TP] = processor.PartitionProgress(processed, watermarks)
    return progress


def decode(raw: dict[str, Any]) -> dict[str, Any]:
    return processor.validate(processor.decode_json(encode(raw)), processor.FIELDS)


def test_valid_record_decodes_to_typed_values() -> None:
    assert decode(SAMPLE) == {
        "transaction_id": "transaction-0001",
        "customer_id": 7,
        "product_id": 1001,
        "category": "electronics",
        "amount": 49.5,
        "quantity": 3,
        "timestamp": 1714564800000,
    }


def test_epoch_milliseconds_decode_like_iso_timestamps() -> None:
    assert decode({**SAMPLE, "timestamp": T0}) == decode(SAMPLE)


def test_malformed_json_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="not valid JSON"):
        processor.decode_json(b'{"transaction_id": ')


def test_json_that_is_not_an_object_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="expected a JSON object"):
        processor.validate(processor.decode_json(b"[1, 2]"), processor.FIELDS)


def test_wrong_type_is_a_record_error_naming_the_field() -> None:
    with pytest.raises(processor.RecordError, match=r"^customer_id: "):
        decode({**SAMPLE, "customer_id": "42"})


def test_missing_required_field_is_a_record_error() -> None:
    with pytest.raises(
        processor.RecordError, match=r"^transaction_id: required field is missing"
    ):
        decode(
            {name: value for name, value in SAMPLE.items() if name != "transaction_id"}
        )


def test_absent_optional_field_decodes_as_none() -> None:
    row = decode({name: value for name, value in SAMPLE.items() if name != "quantity"})
    assert row["quantity"] is None


def test_unknown_fields_are_dropped() -> None:
    assert decode({**SAMPLE, "unexpected_field": 1}) == decode(SAMPLE)


def test_native_pass_decodes_like_the_field_by_field_path() -> None:
    for raw in (SAMPLE, {**SAMPLE, "unexpected_field": 1}):
        assert processor.FIELDS_DECODER.decode(encode(raw)) == decode(raw)


def test_native_pass_refusal_names_the_field_like_the_field_by_field_path() -> None:
    wrong = {**SAMPLE, "customer_id": "42"}
    with pytest.raises(processor.RecordError, match=r"^customer_id: "):
        processor.FIELDS_DECODER.decode(encode(wrong))


def decoded_or_refused(decode: Callable[[bytes], Any], payload: bytes) -> Any:
    try:
        return decode(payload)
    except processor.RecordError as error:
        return f"{type(error).__name__}: {error}"


def test_struct_rows_decode_like_dict_rows() -> None:
    """The rows the first step reads, the decoder's Structs
    (`decode_row`), hold `decode`'s values in its field order,
    and a record refused is refused for the same reason."""
    decoder = processor.FIELDS_DECODER
    payloads = [
        encode(SAMPLE),
        encode({**SAMPLE, "unexpected_field": 1}),
        b'{"transaction_id": ',
        b"[1, 2]",
        b"null",
    ]
    payloads.append(encode({**SAMPLE, "timestamp": T0}))
    payloads.append(encode({**SAMPLE, "customer_id": "42"}))
    payloads.append(
        encode(
            {name: value for name, value in SAMPLE.items() if name != "transaction_id"}
        )
    )
    payloads.append(
        encode({name: value for name, value in SAMPLE.items() if name != "quantity"})
    )
    for payload in payloads:
        expected = decoded_or_refused(decoder.decode, payload)
        row = decoded_or_refused(decoder.decode_row, payload)
        if isinstance(expected, str):
            assert row == expected
        else:
            assert list(msgspec.structs.asdict(row).items()) == list(expected.items())


WINDOW_SIZE_MS = 60_000
WINDOW_GRACE_MS = 5_000


def window_record(offset: int, at_ms: int, /, **changes: Any) -> processor.Record:
    """A source record (`record`) as the window receives it: its row the decoder's
    Struct, as the processor's decode passes it on."""
    decoded = record(offset, at_ms, **changes)
    value = processor.FIELDS_DECODER.row_type(**decoded.value)
    return processor.Record(value, decoded.tp, decoded.offset, decoded.event_time_ms)


# Records of the first window after T0: (event time, values changed from SAMPLE).
WINDOW_INPUT = [
    (
        T0 + 10_000,
        {
            "category": "electronics",
            "amount": 49.5,
            "customer_id": 8,
            "product_id": 1003,
        },
    ),
    (
        T0 + 20_000,
        {
            "category": "electronics",
            "amount": 12.25,
            "customer_id": 9,
            "product_id": 1004,
        },
    ),
    (
        T0 + 30_000,
        {
            "category": "electronics",
            "amount": 49.5,
            "customer_id": 10,
            "product_id": 1003,
        },
    ),
    (
        T0 + 40_000,
        {"category": "books", "amount": 7.75, "customer_id": 11, "product_id": 1006},
    ),
    (
        T0 + 50_000,
        {"category": "books", "amount": 18.5, "customer_id": 12, "product_id": 1007},
    ),
]


def window_records() -> list[processor.Record]:
    return [
        window_record(FIRST_OFFSET + i, at, **values)
        for i, (at, values) in enumerate(WINDOW_INPUT)
    ]


def expected_window(rows: list[dict[str, Any]], /, **group: Any) -> dict[str, Any]:
    """The result of the first window closing, for one group, in plain Python."""
    members = [
        r for r in rows if all(r[name] == value for name, value in group.items())
    ]
    return {
        "window_start": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        "window_end": datetime(2024, 5, 1, 12, 1, tzinfo=UTC),
        **group,
        "total_sales": len(members),
        "total_revenue": sum(r["amount"] for r in members),
        "unique_customers": len({r["customer_id"] for r in members}),
        "unique_products": len({r["product_id"] for r in members}),
        "avg_transaction_value": sum(r["amount"] for r in members) / len(members),
    }


@pytest.mark.parametrize(
    ("at", "starts"),
    [
        (T0, [T0]),
        (T0 - 1, [T0 - 60_000]),
    ],
    ids=["at-a-window-start", "1-ms-earlier"],
)
def test_record_is_assigned_to_the_windows_that_contain_it(
    at: int, starts: list[int]
) -> None:
    windows = processor.TumblingWindows(dead_letters(), processor.Progress())
    windows.process([window_record(FIRST_OFFSET, at)])
    assert sorted(windows.open) == starts


def test_window_stays_open_until_the_watermark_passes_end_plus_grace() -> None:
    windows = processor.TumblingWindows(dead_letters(), processor.Progress())
    windows.process(window_records())
    assert windows.advance(T0 + WINDOW_SIZE_MS + WINDOW_GRACE_MS - 1) == []


def test_closed_window_emits_its_aggregates_per_group() -> None:
    windows = processor.TumblingWindows(dead_letters(), processor.Progress())
    records = window_records()
    rows = [msgspec.structs.asdict(r.value) for r in records]
    windows.process(records)
    emitted = windows.advance(T0 + WINDOW_SIZE_MS + WINDOW_GRACE_MS)
    assert [r.value for r in emitted] == [
        expected_window(rows, category="electronics"),
        expected_window(rows, category="books"),
    ]


def test_record_in_a_closed_window_goes_to_dead_letters_as_late() -> None:
    letters = dead_letters()
    windows = processor.TumblingWindows(letters, processor.Progress())
    windows.advance(T0 + WINDOW_SIZE_MS + WINDOW_GRACE_MS)  # watermark: T0 + size
    # The last millisecond of the window that ends at the watermark.
    late_at = T0 + WINDOW_SIZE_MS - 1
    windows.process([window_record(FIRST_OFFSET, late_at)])
    assert reason_kinds(letters) == ["late"]
    # The event time, held as epoch ms on the way,
    # is a timestamp again in the dead letter.
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    written = datetime.fromisoformat(json.loads(letters.queue[0].value)["timestamp"])
    assert round((written - epoch).total_seconds() * 1000) == late_at


def test_open_windows_hold_their_lowest_offset() -> None:
    windows = processor.TumblingWindows(dead_letters(), processor.Progress())
    windows.process(window_records())
    assert windows.holds() == {TP: FIRST_OFFSET}


def test_closed_windows_release_their_offsets() -> None:
    windows = processor.TumblingWindows(dead_letters(), processor.Progress())
    windows.process(window_records())
    windows.advance(T0 + WINDOW_SIZE_MS + WINDOW_GRACE_MS)
    assert windows.holds() == {}


# The last millisecond of the window that ends at T0 + WINDOW_SIZE_MS.
CLOSED_AT = T0 + WINDOW_SIZE_MS - 1


def test_restart_new_record_in_a_window_closed_at_the_commit_is_late() -> None:
    letters = dead_letters()
    windows = processor.TumblingWindows(
        letters, restarted(FIRST_OFFSET, windows=T0 + WINDOW_SIZE_MS)
    )
    # not handled before the restart
    windows.process([window_record(FIRST_OFFSET, CLOSED_AT)])
    assert reason_kinds(letters) == ["late"]
    assert windows.open == {}


def test_restart_replayed_record_of_a_window_closed_at_commit_passed_over() -> None:
    letters = dead_letters()
    windows = processor.TumblingWindows(
        letters, restarted(FIRST_OFFSET + 1, windows=T0 + WINDOW_SIZE_MS)
    )
    # emitted with its window before
    windows.process([window_record(FIRST_OFFSET, CLOSED_AT)])
    assert letters.queue == []
    assert windows.open == {}


def test_restart_replayed_records_rebuild_the_windows_open_at_the_commit() -> None:
    records = window_records()
    rows = [msgspec.structs.asdict(r.value) for r in records]
    windows = processor.TumblingWindows(
        dead_letters(), restarted(FIRST_OFFSET + len(records), windows=T0 - 1)
    )
    windows.process(records)
    emitted = windows.advance(T0 + WINDOW_SIZE_MS + WINDOW_GRACE_MS)
    assert [r.value for r in emitted] == [
        expected_window(rows, category="electronics"),
        expected_window(rows, category="books"),
    ]


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
        proc.results.flush = recorder("flush results")
        proc.kafka.flush = recorder("flush kafka")
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


def batch(count: int = 3) -> dict[TopicPartition, list[ConsumerRecord]]:
    """`count` copies of SAMPLE from FIRST_OFFSET on."""
    return {TP: [message(FIRST_OFFSET + i, encode(SAMPLE)) for i in range(count)]}


def test_commit_comes_after_every_sink_and_the_dead_letters_are_flushed(
    config: processor.Config,
) -> None:
    assert run_batch(config, batch()).calls == [
        "flush results",
        "flush kafka",
        "flush dead_letters",
        "commit",
    ]


def test_commit_is_held_at_the_oldest_offset_still_in_operator_state(
    config: processor.Config,
) -> None:
    # The batch's records share an event time, so all of them are still in open state.
    assert run_batch(config, batch(3)).commits == [{TP: FIRST_OFFSET}]


def test_commit_metadata_says_every_record_of_the_batch_was_processed(
    config: processor.Config,
) -> None:
    [stored] = run_batch(config, batch(3)).progress
    assert stored[TP].processed == FIRST_OFFSET + 3


def test_restart_commit_never_moves_the_progress_back(config: processor.Config) -> None:
    [stored] = run_batch(config, batch(1), restarted(FIRST_OFFSET + 3)).progress
    assert stored[TP].processed == FIRST_OFFSET + 3


def test_restart_replayed_bad_record_is_not_dead_lettered_again(
    config: processor.Config,
) -> None:
    outcome = run_batch(
        config,
        {TP: [message(FIRST_OFFSET, b'{"transaction_id": ')]},
        restarted(FIRST_OFFSET + 1),
    )
    assert outcome.proc.dead_letters.queue == []


def test_restart_new_bad_record_is_dead_lettered(config: processor.Config) -> None:
    outcome = run_batch(
        config,
        {TP: [message(FIRST_OFFSET + 1, b'{"transaction_id": ')]},
        restarted(FIRST_OFFSET + 1),
    )
    assert [letter.source for letter in outcome.proc.dead_letters.queue] == [
        f"{TP.topic}/{TP.partition}/{FIRST_OFFSET + 1}"
    ]


def test_progress_survives_in_the_commit_metadata_and_is_forgotten_once_passed() -> (
    None
):
    progress = processor.Progress()
    [commit] = progress.commit_offsets(
        {TP: FIRST_OFFSET}, {TP: FIRST_OFFSET + 9}, {"op": T0}
    ).values()
    progress.load({TP: commit})
    assert progress.restored == {
        TP: processor.PartitionProgress(FIRST_OFFSET + 9, {"op": T0})
    }
    assert progress.load({TP: processor.OffsetAndMetadata(FIRST_OFFSET, "")}) == {
        TP: (FIRST_OFFSET, "")
    }
    # a commit without metadata: its offset
    assert progress.restored[TP].processed == FIRST_OFFSET
    progress.load({TP: commit})
    # a watermark still behind
    progress.forget_passed({TP: FIRST_OFFSET + 9}, {"op": T0 - 1})
    assert TP in progress.restored
    progress.forget_passed({TP: FIRST_OFFSET + 9}, {"op": T0})
    assert progress.restored == {}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b'{"transaction_id": ', "invalid: not valid JSON"),
        (encode({**SAMPLE, "customer_id": "42"}), "invalid: customer_id: "),
        (
            encode({**SAMPLE, "customer_id": 2**63}),
            "invalid: customer_id: 9223372036854775808 is outside the Int64 range",
        ),
        (encode({**SAMPLE, "timestamp": 10**16}), "implausible time: "),
        (encode({**SAMPLE, "timestamp": -(10**16)}), "implausible time: "),
        (encode({**SAMPLE, "timestamp": "2100-01-01T00:00:00Z"}), "implausible time: "),
        (encode({**SAMPLE, "timestamp": 1714564800}), "implausible time: "),
        (
            encode({**SAMPLE, "timestamp": "0001-01-01T00:00:00+01:00"}),
            "implausible time: ",
        ),
    ],
    ids=[
        "malformed-json",
        "wrong-type",
        "int-beyond-int64",
        "epoch-plus-1e16",
        "epoch-minus-1e16",
        "dated-2100",
        "epoch-seconds-as-ms",
        "year-1-with-offset",
    ],
)
def test_bad_record_goes_to_dead_letters_with_its_bytes_and_reason(
    config: processor.Config, value: bytes, reason: str
) -> None:
    [letter] = run_batch(
        config, {TP: [message(FIRST_OFFSET, value)]}
    ).proc.dead_letters.queue
    assert (letter.value, letter.source) == (value, "sales-events/0/10")
    assert re.match(reason, letter.reason)


def test_an_unexpected_error_in_one_record_is_its_dead_letter_not_a_crash(
    config: processor.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    decode_json = processor.decode_json

    def failing(payload: bytes | None) -> Any:
        if payload == b"boom":
            raise ZeroDivisionError("division by zero")
        return decode_json(payload)

    monkeypatch.setattr(processor, "decode_json", failing)
    outcome = run_batch(
        config,
        {
            TP: [
                message(FIRST_OFFSET, b"boom"),
                message(FIRST_OFFSET + 1, encode(SAMPLE)),
            ]
        },
    )
    [letter] = outcome.proc.dead_letters.queue
    assert letter.reason == "failed: ZeroDivisionError: division by zero"
    assert outcome.proc.consumed == 2


def test_a_partition_is_idle_only_while_the_broker_confirms_it_is_caught_up(
    config: processor.Config,
) -> None:
    """Silent partitions stop holding event time back only with
    a fresh word from the broker: a consumer that hears nothing
    (here: never started, as in an outage) keeps them active.
    """
    quiet, busy = TopicPartition("events", 0), TopicPartition("events", 1)

    def silent_for(clock: processor.StreamClock, seconds: float) -> None:
        for tp, (latest, seen) in clock.partitions.items():
            clock.partitions[tp] = (latest, seen - seconds)

    async def scenario() -> tuple[int, int]:
        proc = processor.Processor(config)
        proc.clock.observe(quiet, T0)
        proc.clock.observe(busy, T0 + 60_000)
        silent_for(proc.clock, proc.clock.IDLE_S)
        both_idle = proc.clock.time_ms(proc.clock.idle())
        # no broker answer: neither is confirmed caught up
        await proc.hold_unconfirmed()
        held = proc.clock.time_ms(proc.clock.idle())
        await proc.stop()
        return both_idle, held

    assert asyncio.run(scenario()) == (T0 + 60_000, T0)


def test_metrics_count_consumed_written_and_dead_lettered_records(
    config: processor.Config,
) -> None:
    batches = batch(2)
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
    assert sample("etl_state_size", {"operator": "windows"}) >= 1


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
