"""Tests of paid_orders_exactly_once.py

Its logic on sample records, without Kafka, Redis or ClickHouse. Generated
by etl-gen 0.1.0 from spec 0f3aa74b38504d76 along with the processor:
regenerate both rather than editing. Expected values are computed here
from the sample records, never by the processor. Fakes stand in only at
the I/O boundaries: Redis reads, sink flushes and the offset commit.

Run: python -m pytest -q test_paid_orders_exactly_once.py
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

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import KafkaConnectionError, ProducerFenced
from aiokafka.structs import ConsumerRecord

# isort: split
import paid_orders_exactly_once as processor

# 2024-05-01T12:00:00Z in epoch milliseconds: every sample happens around it
T0 = 1_714_564_800_000
FIRST_OFFSET = 10
TP = TopicPartition("orders", 0)

# A valid record as it arrives on orders.
SAMPLE = {
    "order_id": "order-0001",
    "status": "paid",
    "amount": 49.5,
    "price": 49.5,
    "qty": 100,
    "created_at": "2024-05-01T12:00:00Z",
}


def dead_letters() -> processor.DeadLetters:
    """Dead letters that are only queued: no transaction
    sends them, so no producer is needed."""
    return processor.DeadLetters("test-dead-letters", processor.Progress())


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
    raw = {**SAMPLE, "created_at": at_ms, **changes}
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
        "order_id": "order-0001",
        "status": "paid",
        "amount": 49.5,
        "price": 49.5,
        "qty": 100,
        "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
    }


def test_epoch_milliseconds_decode_like_iso_timestamps() -> None:
    assert decode({**SAMPLE, "created_at": T0}) == decode(SAMPLE)


def test_malformed_json_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="not valid JSON"):
        processor.decode_json(b'{"order_id": ')


def test_json_that_is_not_an_object_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="expected a JSON object"):
        processor.validate(processor.decode_json(b"[1, 2]"), processor.FIELDS)


def test_wrong_type_is_a_record_error_naming_the_field() -> None:
    with pytest.raises(processor.RecordError, match=r"^amount: "):
        decode({**SAMPLE, "amount": "49.5"})


def test_missing_required_field_is_a_record_error() -> None:
    with pytest.raises(
        processor.RecordError, match=r"^order_id: required field is missing"
    ):
        decode({name: value for name, value in SAMPLE.items() if name != "order_id"})


def test_absent_optional_field_decodes_as_none() -> None:
    row = decode({name: value for name, value in SAMPLE.items() if name != "qty"})
    assert row["qty"] is None


def test_unknown_fields_are_dropped() -> None:
    assert decode({**SAMPLE, "unexpected_field": 1}) == decode(SAMPLE)


def test_native_pass_decodes_like_the_field_by_field_path() -> None:
    for raw in (SAMPLE, {**SAMPLE, "unexpected_field": 1}):
        assert processor.FIELDS_DECODER.decode(encode(raw)) == decode(raw)


def test_native_pass_refusal_names_the_field_like_the_field_by_field_path() -> None:
    wrong = {**SAMPLE, "amount": "49.5"}
    with pytest.raises(processor.RecordError, match=r"^amount: "):
        processor.FIELDS_DECODER.decode(encode(wrong))


def test_keep_matching_keeps_a_record_only_where_the_expression_is_true() -> None:
    """`status == \"paid\" and amount > 0`: the records below make it true, false."""
    when_true = processor.Record(
        {
            "order_id": "order-0001",
            "status": "paid",
            "amount": 49.5,
            "price": 49.5,
            "qty": 100,
            "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        },
        TP,
        FIRST_OFFSET,
        T0,
    )
    when_false = processor.Record(
        {
            "order_id": "order-0001",
            "status": "paid",
            "amount": 0.0,
            "price": 49.5,
            "qty": 100,
            "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        },
        TP,
        FIRST_OFFSET + 1,
        T0,
    )
    assert processor.keep_matching([when_true, when_false]) == [when_true]


def test_compute_fields_computes_its_fields_in_order() -> None:
    """total = price * qty (on a sample, with numbers
    zero and text empty, with missing inputs)."""
    records = [
        processor.Record(
            {
                "order_id": "order-0001",
                "status": "paid",
                "amount": 49.5,
                "price": 49.5,
                "qty": 100,
                "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            },
            TP,
            FIRST_OFFSET,
            T0,
        ),
        processor.Record(
            {
                "order_id": "order-0001",
                "status": "paid",
                "amount": 49.5,
                "price": 0.0,
                "qty": 0,
                "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            },
            TP,
            FIRST_OFFSET + 1,
            T0,
        ),
        processor.Record(
            {
                "order_id": "order-0001",
                "status": "paid",
                "amount": 49.5,
                "price": 49.5,
                "qty": None,
                "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            },
            TP,
            FIRST_OFFSET + 2,
            T0,
        ),
    ]
    assert [r.value for r in processor.compute_fields(records)] == [
        {
            "order_id": "order-0001",
            "status": "paid",
            "amount": 49.5,
            "price": 49.5,
            "qty": 100,
            "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            "total": 4950.0,
        },
        {
            "order_id": "order-0001",
            "status": "paid",
            "amount": 49.5,
            "price": 0.0,
            "qty": 0,
            "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            "total": 0.0,
        },
        {
            "order_id": "order-0001",
            "status": "paid",
            "amount": 49.5,
            "price": 49.5,
            "qty": None,
            "created_at": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
            "total": None,
        },
    ]


@pytest.fixture(scope="module")
def config() -> processor.Config:
    """Settings for a Processor whose Kafka clients
    are never started: no broker is needed."""
    args = ["--bootstrap-servers", "127.0.0.1:9"]
    return processor.parse_args(args)


@dataclass
class Outcome:
    """What processing one batch and flushing left behind."""

    proc: processor.Processor
    calls: list[str]  # sink flushes and the commit, in order
    commits: list[dict[TopicPartition, int]]
    # read back from each commit
    progress: list[dict[TopicPartition, processor.PartitionProgress]]
    # what the transactions sent: outputs and dead letters
    sent: list[processor.Message]


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
    sent: list[processor.Message] = []

    def recorder(name: str) -> Callable[[], Awaitable[None]]:
        async def flush() -> None:
            calls.append(name)

        return flush

    async def commit(
        task: str, messages: list[processor.Message], offsets: dict[TopicPartition, Any]
    ) -> None:
        """The transaction of one task: its messages,
        then its offsets with their metadata."""
        sent.extend(messages)
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
        proc.transactions.commit = commit
        if restored is not None:
            proc.progress.restored = dict(restored.restored)
        try:
            await proc.process(batches)
            letters = list(proc.dead_letters.queue)
            await proc.flush_and_commit()
            # sent in the transaction; kept for the assertions
            proc.dead_letters.queue = letters
        finally:
            await proc.stop()
        return proc

    proc = asyncio.run(scenario())
    return Outcome(proc, calls, commits, progress, sent)


def batch(count: int = 3) -> dict[TopicPartition, list[ConsumerRecord]]:
    """`count` copies of SAMPLE from FIRST_OFFSET on."""
    return {TP: [message(FIRST_OFFSET + i, encode(SAMPLE)) for i in range(count)]}


def test_commit_comes_after_every_sink_and_the_dead_letters_are_flushed(
    config: processor.Config,
) -> None:
    assert run_batch(config, batch()).calls == ["commit"]


def test_commit_is_the_offset_after_the_batch(config: processor.Config) -> None:
    assert run_batch(config, batch(3)).commits == [{TP: FIRST_OFFSET + 3}]


def test_commit_metadata_says_every_record_of_the_batch_was_processed(
    config: processor.Config,
) -> None:
    [stored] = run_batch(config, batch(3)).progress
    assert stored[TP].processed == FIRST_OFFSET + 3


def test_restart_replayed_bad_record_is_not_dead_lettered_again(
    config: processor.Config,
) -> None:
    outcome = run_batch(
        config,
        {TP: [message(FIRST_OFFSET, b'{"order_id": ')]},
        restarted(FIRST_OFFSET + 1),
    )
    assert outcome.proc.dead_letters.queue == []


def test_restart_new_bad_record_is_dead_lettered(config: processor.Config) -> None:
    outcome = run_batch(
        config,
        {TP: [message(FIRST_OFFSET + 1, b'{"order_id": ')]},
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
        (b'{"order_id": ', "invalid: not valid JSON"),
        (encode({**SAMPLE, "amount": "49.5"}), "invalid: amount: "),
        (
            encode({**SAMPLE, "qty": 2**63}),
            "invalid: qty: 9223372036854775808 is outside the Int64 range",
        ),
        (encode({**SAMPLE, "created_at": 10**16}), "implausible time: "),
        (encode({**SAMPLE, "created_at": -(10**16)}), "implausible time: "),
        (
            encode({**SAMPLE, "created_at": "2100-01-01T00:00:00Z"}),
            "implausible time: ",
        ),
        (encode({**SAMPLE, "created_at": 1714564800}), "implausible time: "),
        (
            encode({**SAMPLE, "created_at": "0001-01-01T00:00:00+01:00"}),
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
    assert (letter.value, letter.source) == (value, "orders/0/10")
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


def test_records_processed_before_the_restart_send_no_output_and_no_dead_letter_again(
    config: processor.Config,
) -> None:
    """After a restart the replay starts at the commit;
    what lies below `processed` was sent then."""
    bad = b'{"broken": '
    batches = {
        TP: [
            message(FIRST_OFFSET, bad),
            *batch(3)[TP][1:],
            message(FIRST_OFFSET + 3, bad),
        ]
    }
    fresh = run_batch(config, batches)

    async def scenario() -> tuple[
        list[processor.Message],
        list[dict[TopicPartition, processor.OffsetAndMetadata]],
    ]:
        proc = processor.Processor(config)
        proc.progress.restored = restarted(FIRST_OFFSET + 2).restored
        sent: list[processor.Message] = []
        offsets: list[dict[TopicPartition, processor.OffsetAndMetadata]] = []

        async def commit(
            task: str,
            messages: list[processor.Message],
            committed: dict[TopicPartition, processor.OffsetAndMetadata],
        ) -> None:
            sent.extend(messages)
            offsets.append(committed)

        proc.transactions.commit = commit
        try:
            await proc.process(batches)
            await proc.flush_and_commit()
        finally:
            await proc.stop()
        return sent, offsets

    sent, offsets = asyncio.run(scenario())
    letters = [m for m in sent if m[0] == fresh.proc.dead_letters.topic]
    assert [dict(m[3])["etl_gen_source"] for m in letters] == [
        f"{TP.topic}/{TP.partition}/{FIRST_OFFSET + 3}".encode()
    ]
    assert (
        len(sent) - len(letters)
        == sum(
            1
            for m in fresh.sent
            if m[0] != fresh.proc.dead_letters.topic
            # the two good records gave the same outputs;
            # only the one at FIRST_OFFSET + 2 is new
        )
        // 2
    )
    [commit] = offsets[0].values()
    assert json.loads(commit.metadata)["processed"] == FIRST_OFFSET + 4
    assert commit.offset == fresh.commits[0][TP]


def test_a_replay_commits_nothing_until_it_is_back_where_the_last_transaction_left_off(
    config: processor.Config,
) -> None:
    async def scenario() -> list[tuple[Any, ...]]:
        proc = processor.Processor(config)
        # the batch is all below it
        proc.progress.restored = restarted(FIRST_OFFSET + 10).restored
        calls: list[tuple[Any, ...]] = []

        async def commit(*args: Any) -> None:
            calls.append(args)

        proc.transactions.commit = commit
        try:
            await proc.process(batch(3))
            await proc.flush_and_commit()
            assert proc.replaying(processor.task_of(TP))
        finally:
            await proc.stop()
        return calls

    assert asyncio.run(scenario()) == []


class FakeProducer:
    """A transactional producer that fails where
    told to, recording what it was asked."""

    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.calls: list[str] = []
        self._txn_manager = self  # asked whether the transaction can still be aborted

    def is_fatal_error(self) -> bool:
        return False

    async def begin_transaction(self) -> None:
        self.calls.append("begin")

    async def partitions_for(self, topic: str) -> set[int]:
        return {0}

    def available_partitions_for_topic(self, topic: str) -> set[int]:
        return {0}

    @property
    def client(self) -> "FakeProducer":
        return self

    @property
    def cluster(self) -> "FakeProducer":
        return self

    def create_batch(self) -> "FakeProducer":
        return self

    # into the batch: one per topic here
    def append(self, **message: Any) -> "FakeProducer":
        return self

    async def send_batch(
        self, batch: Any, topic: str, *, partition: int
    ) -> asyncio.Future[None]:
        self.calls.append(f"send {topic}")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def send_offsets_to_transaction(self, offsets: Any, group_id: str) -> None:
        self.calls.append("offsets")
        if self.error is not None:
            raise self.error

    async def commit_transaction(self) -> None:
        self.calls.append("commit")

    async def abort_transaction(self) -> None:
        self.calls.append("abort")


@pytest.mark.parametrize(
    ("error", "raised", "calls"),
    [
        (None, None, ["begin", "send out", "offsets", "commit"]),
        (
            KafkaConnectionError(),
            KafkaConnectionError,
            ["begin", "send out", "offsets", "abort"],
        ),
        (ProducerFenced(), processor.FencedError, ["begin", "send out", "offsets"]),
    ],
    ids=["committed", "aborted", "fenced"],
)
def test_a_task_transaction_commits_or_aborts_or_stops_when_fenced(
    config: processor.Config,
    error: Exception | None,
    raised: type[Exception] | None,
    calls: list[str],
) -> None:
    transactions = processor.Transactions(config)
    producer = FakeProducer(error)
    transactions.producers["t"] = producer  # type: ignore[assignment]
    commit = transactions.commit(
        "t", [("out", b"{}", None, [])], {TP: processor.OffsetAndMetadata(1, "")}
    )
    if raised is None:
        asyncio.run(commit)
    else:
        with pytest.raises(raised):
            asyncio.run(commit)
    assert producer.calls == calls


@pytest.mark.parametrize(
    ("failures", "raised", "calls"),
    [
        (
            [KafkaConnectionError(), KafkaConnectionError()],
            None,
            ["start", "stop", "start", "stop", "start"],
        ),
        ([ProducerFenced()], ProducerFenced, ["start", "stop"]),
    ],
    ids=["broker-restarting", "not-retriable"],
)
def test_a_task_producer_start_is_retried_only_while_the_broker_is_unreachable(
    config: processor.Config,
    monkeypatch: pytest.MonkeyPatch,
    failures: list[Exception],
    raised: type[Exception] | None,
    calls: list[str],
) -> None:
    """A replay re-assigns the tasks while a restarting
    broker may still be down: the producer's start is retried
    then, and any other error stops the processor at once."""
    made: list[str] = []

    class StartingProducer:
        def __init__(self, **options: Any) -> None:
            pass

        async def start(self) -> None:
            made.append("start")
            if failures:
                raise failures.pop(0)

        async def stop(self) -> None:
            made.append("stop")

    monkeypatch.setattr(processor, "AIOKafkaProducer", StartingProducer)
    monkeypatch.setattr(processor, "PRODUCER_START_RETRY_S", 0)
    transactions = processor.Transactions(config)
    if raised is not None:
        with pytest.raises(raised):
            asyncio.run(transactions.assign({"t"}))
    else:
        asyncio.run(transactions.assign({"t"}))
        assert isinstance(transactions.producers["t"], StartingProducer)
    assert made == calls


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
    # the transaction sent the Kafka outputs (and
    # the dead letter); the other sinks keep theirs
    outputs = [m for m in outcome.sent if m[0] != outcome.proc.dead_letters.topic]
    assert sum(written) == outcome.proc.pending() + len(outputs)
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
