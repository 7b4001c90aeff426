"""Tests of clickstream_profile_join.py

Its logic on sample records, without Kafka, Redis or ClickHouse. Generated
by etl-gen 0.1.0 from spec b1d6d45bf7c99010 along with the processor:
regenerate both rather than editing. Expected values are computed here
from the sample records, never by the processor. Fakes stand in only at
the I/O boundaries: Redis reads, sink flushes and the offset commit.

Run: python -m pytest -q test_clickstream_profile_join.py
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
import clickstream_profile_join as processor

# 2024-05-01T12:00:00Z in epoch milliseconds: every sample happens around it
T0 = 1_714_564_800_000
FIRST_OFFSET = 10
TP = TopicPartition("clickstream-events", 0)

# A valid record as it arrives on clickstream-events.
SAMPLE = {
    "event_id": "event-0001",
    "event_type": "page_view",
    "user_id": 42,
    "session_id": "session-0001",
    "timestamp": "2024-05-01T12:00:00Z",
    "page_url": "/pricing",
    "referrer": "https://example.com/",
    "user_agent": "Mozilla/5.0",
    "ip_address": "203.0.113.7",
    "country": "DE",
    "city": "Berlin",
    "properties": {"plan": "pro", "items": 1},
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
        "event_id": "event-0001",
        "event_type": "page_view",
        "user_id": 42,
        "session_id": "session-0001",
        "timestamp": datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        "page_url": "/pricing",
        "referrer": "https://example.com/",
        "user_agent": "Mozilla/5.0",
        "ip_address": "203.0.113.7",
        "country": "DE",
        "city": "Berlin",
        "properties": {"plan": "pro", "items": 1},
    }


def test_epoch_milliseconds_decode_like_iso_timestamps() -> None:
    assert decode({**SAMPLE, "timestamp": T0}) == decode(SAMPLE)


def test_malformed_json_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="not valid JSON"):
        processor.decode_json(b'{"event_id": ')


def test_json_that_is_not_an_object_is_a_record_error() -> None:
    with pytest.raises(processor.RecordError, match="expected a JSON object"):
        processor.validate(processor.decode_json(b"[1, 2]"), processor.FIELDS)


def test_wrong_type_is_a_record_error_naming_the_field() -> None:
    with pytest.raises(processor.RecordError, match=r"^user_id: "):
        decode({**SAMPLE, "user_id": "42"})


def test_missing_required_field_is_a_record_error() -> None:
    with pytest.raises(
        processor.RecordError, match=r"^event_id: required field is missing"
    ):
        decode({name: value for name, value in SAMPLE.items() if name != "event_id"})


def test_absent_optional_field_decodes_as_none() -> None:
    row = decode({name: value for name, value in SAMPLE.items() if name != "page_url"})
    assert row["page_url"] is None


def test_unknown_fields_are_dropped() -> None:
    assert decode({**SAMPLE, "unexpected_field": 1}) == decode(SAMPLE)


def test_native_pass_decodes_like_the_field_by_field_path() -> None:
    for raw in (SAMPLE, {**SAMPLE, "unexpected_field": 1}):
        assert processor.FIELDS_DECODER.decode(encode(raw)) == decode(raw)


def test_native_pass_refusal_names_the_field_like_the_field_by_field_path() -> None:
    wrong = {**SAMPLE, "user_id": "42"}
    with pytest.raises(processor.RecordError, match=r"^user_id: "):
        processor.FIELDS_DECODER.decode(encode(wrong))


def test_nested_json_beyond_64_bit_integers_can_be_written_back() -> None:
    # Read as orjson reads it (a float), so a sink can encode the record again.
    raw = {**SAMPLE, "properties": {"n": 2**70}}
    row = processor.FIELDS_DECODER.decode(encode(raw))
    assert row == decode(raw)
    written = processor.orjson.dumps(row["properties"])
    assert processor.orjson.loads(written) == {"n": 2.0**70}


def test_nested_json_number_beyond_a_double_is_a_record_error() -> None:
    # msgspec passes the nested value through raw; orjson refuses it when it is parsed
    nested = encode({**SAMPLE, "properties": {"n": "huge"}}).replace(
        b'"huge"', b"1e400"
    )
    with pytest.raises(
        processor.RecordError, match="not valid JSON: number is infinity"
    ):
        processor.FIELDS_DECODER.decode(nested)


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
        b'{"event_id": ',
        b"[1, 2]",
        b"null",
    ]
    payloads.append(encode({**SAMPLE, "timestamp": T0}))
    payloads.append(encode({**SAMPLE, "user_id": "42"}))
    payloads.append(
        encode({name: value for name, value in SAMPLE.items() if name != "event_id"})
    )
    payloads.append(
        encode({name: value for name, value in SAMPLE.items() if name != "page_url"})
    )
    payloads.append(encode({**SAMPLE, "properties": {"n": 2**70}}))
    payloads.append(encode({**SAMPLE, "properties": None}))
    payloads.append(
        encode({**SAMPLE, "properties": "huge"}).replace(b'"huge"', b"1e400")
    )
    for payload in payloads:
        expected = decoded_or_refused(decoder.decode, payload)
        row = decoded_or_refused(decoder.decode_row, payload)
        if isinstance(expected, str):
            assert row == expected
        else:
            assert list(msgspec.structs.asdict(row).items()) == list(expected.items())


JOIN_BEFORE_MS = 300_000
JOIN_AFTER_MS = 300_000
JOIN_GRACE_MS = 0
RIGHT_TP = TopicPartition("user-profile-updates", 0)

# A valid record as it arrives on user-profile-updates, for the same user_id as SAMPLE.
RIGHT_SAMPLE = {
    "user_id": 42,
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "segment": "premium",
    "country": "DE",
    "timestamp": 1714564800000,
}


def right_record(offset: int, at_ms: int, /, **changes: Any) -> processor.Record:
    """RIGHT_SAMPLE with some values changed,
    decoded, at event time `at_ms`, from RIGHT_TP."""
    raw = {**RIGHT_SAMPLE, "timestamp": at_ms, **changes}
    row = processor.validate(raw, processor.RIGHT_FIELDS)
    return processor.Record(
        processor.RIGHT_FIELDS_DECODER.row_type(**row), RIGHT_TP, offset, at_ms
    )


def left_record(offset: int, at_ms: int, /, **changes: Any) -> processor.Record:
    """A record of SAMPLE (`record`) as the join receives it: its row the decoder's
    Struct, as `Processor.decode` passes it on."""
    row = record(offset, at_ms, **changes)
    value = processor.FIELDS_DECODER.row_type(**row.value)
    return processor.Record(value, row.tp, row.offset, row.event_time_ms)


def fields(row: processor.Record) -> dict[str, Any]:
    """A join input's values by field name."""
    return msgspec.structs.asdict(row.value)


def changed(row: processor.Record, **values: Any) -> processor.Record:
    """A join input with some values changed."""
    value = msgspec.structs.replace(row.value, **values)
    return processor.Record(value, row.tp, row.offset, row.event_time_ms)


def around_the_bounds() -> list[processor.Record]:
    """Right records 1 ms outside and exactly on each bound of a left record at T0."""
    return [
        right_record(1, T0 - JOIN_BEFORE_MS - 1, email="too-early"),
        right_record(2, T0 - JOIN_BEFORE_MS, email="at-lower-bound"),
        right_record(3, T0 + JOIN_AFTER_MS, email="at-upper-bound"),
        right_record(4, T0 + JOIN_AFTER_MS + 1, email="too-late"),
    ]


@pytest.mark.parametrize("left_first", [True, False], ids=["left-first", "right-first"])
def test_join_pairs_each_record_within_the_inclusive_bounds_once(
    left_first: bool,
) -> None:
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    left, right = [left_record(FIRST_OFFSET, T0)], around_the_bounds()
    first, second = (left, right) if left_first else (right, left)
    pairs = join.process(first) + join.process(second)
    assert [pair.value["user_email"] for pair in pairs] == [
        "at-lower-bound",
        "at-upper-bound",
    ]


def test_joined_record_serialises_to_json_with_iso_timestamps() -> None:
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    [pair] = join.process(
        [left_record(FIRST_OFFSET, T0), right_record(1, T0 - JOIN_BEFORE_MS)]
    )
    decoded = json.loads(processor.json_dumps(pair.value))
    expected = {
        "timestamp": "2024-05-01T12:00:00+00:00",
        "profile_updated_at": "2024-05-01T11:55:00+00:00",
    }
    assert {name: decoded[name] for name in expected} == expected


def test_a_pair_is_written_as_the_left_row_then_the_right_fields() -> None:
    """Its JSON text is what the join wrote when it held dicts: the left row as decoded,
    in field order, then the fields taken from the right row."""
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    left, right = left_record(FIRST_OFFSET, T0), right_record(1, T0)
    [pair] = join.process([left, right])
    taken = {
        target: fields(right)[source]
        for source, target in processor.JOIN_FIELDS.items()
    }
    assert processor.json_dumps(pair.value) == processor.json_dumps(
        {**fields(left), **taken}
    )


def test_join_evicts_both_buffers_once_the_watermark_passes_the_bounds() -> None:
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    join.process([left_record(FIRST_OFFSET, T0), *around_the_bounds()])
    # The latest record, at T0 + after + 1, is
    # kept until the watermark passes it + before.
    join.advance(T0 + JOIN_AFTER_MS + 1 + JOIN_BEFORE_MS + JOIN_GRACE_MS + 1)
    assert (join.left, join.right) == ({}, {})
    # offsets stay held a little longer when a
    # replay needs them (see the class docstring)
    join.advance(
        T0
        + JOIN_AFTER_MS
        + 1
        + max(join.LEFT_HOLD_MS, join.RIGHT_HOLD_MS)
        + JOIN_GRACE_MS
        + 1
    )
    assert join.holds() == {}


def test_join_holds_the_lowest_buffered_offset_of_each_partition() -> None:
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    join.process(
        [
            right_record(3, T0),
            left_record(FIRST_OFFSET, T0),
            left_record(FIRST_OFFSET + 1, T0),
        ]
    )
    assert join.holds() == {RIGHT_TP: 3, TP: FIRST_OFFSET}


def with_null_key(row: processor.Record, key: str) -> processor.Record:
    """The record with its join key null, as a
    record whose key field is optional may come."""
    return changed(row, **{key: None})


@pytest.mark.parametrize("left_first", [True, False], ids=["left-first", "right-first"])
def test_null_keys_match_nothing_not_even_each_other(left_first: bool) -> None:
    """As in SQL, a null key equals nothing. Null and non-null keys evicted at the same
    time must not be compared either (None < 1 raises): the join has to outlive them."""
    join = processor.IntervalJoin(dead_letters(), processor.Progress())
    left = [
        with_null_key(left_record(FIRST_OFFSET, T0), "user_id"),
        left_record(FIRST_OFFSET + 1, T0),
    ]
    right = [with_null_key(right_record(1, T0), "user_id"), right_record(2, T0)]
    first, second = (left, right) if left_first else (right, left)
    past_all = (
        T0
        + max(join.LEFT_HOLD_MS, join.RIGHT_HOLD_MS)
        + JOIN_AFTER_MS
        + JOIN_BEFORE_MS
        + JOIN_GRACE_MS
        + 1
    )
    [pair] = join.process(first) + join.process(second)
    assert pair.value["user_id"] is not None
    # it goes with the side that came second
    assert (pair.tp, pair.offset) == (
        (RIGHT_TP, 2) if left_first else (TP, FIRST_OFFSET + 1)
    )
    assert join.holds() == {TP: FIRST_OFFSET + 1, RIGHT_TP: 2}  # null keys are not kept
    join.advance(past_all)
    assert (join.left, join.right, join.holds()) == ({}, {}, {})


def keyed(
    row: processor.Record, key_field: str, key: Any, **values: Any
) -> processor.Record:
    return changed(row, **{key_field: key}, **values)


# A left row that carries one more field, left_id, which the join copies to its pairs as
# it copies every field of a left row
TaggedRow = msgspec.defstruct(
    "TaggedRow",
    [("left_id", int, -1)],
    bases=(processor.FIELDS_DECODER.row_type,),
    kw_only=True,
)


def with_left_id(row: processor.Record, left_id: int) -> processor.Record:
    value = TaggedRow(**fields(row), left_id=left_id)
    return processor.Record(value, row.tp, row.offset, row.event_time_ms)


@pytest.mark.parametrize("seed", range(4))
def test_join_agrees_with_a_brute_force_join_of_out_of_order_records(seed: int) -> None:
    """Keys 0-2 and null on both sides, event times out of order by up to six steps,
    batches with the watermark just behind them (no record is late): every pair the
    bounds allow comes out once."""
    state = seed + 1

    def draw(n: int) -> int:  # a small LCG: the same sequence on every run
        nonlocal state
        state = (state * 1103515245 + 12345) % 2**31
        return state * n >> 31  # its high bits: the low ones cycle

    step = (JOIN_BEFORE_MS + JOIN_AFTER_MS) // 8 + 1
    # wider than the bounds (4 steps): a key's records arrive out of order
    jitter = 6 * step
    marker, marked = "email", "user_email"  # right field, its copy
    join = processor.IntervalJoin(letters := dead_letters(), processor.Progress())
    lefts: list[processor.Record] = []
    rights: list[processor.Record] = []
    out: list[processor.Record] = []
    for batch in range(20):
        records = []
        for i in range(batch * 10, batch * 10 + 10):
            at = T0 + i * step + draw(2 * jitter + 1) - jitter
            key = [0, 1, 2, None][draw(4)]
            if draw(2):
                lefts.append(
                    keyed(
                        with_left_id(left_record(FIRST_OFFSET + i, at), i),
                        "user_id",
                        key,
                    )
                )
                records.append(lefts[-1])
            else:
                rights.append(
                    keyed(
                        right_record(i, at),
                        "user_id",
                        key,
                        **dict.fromkeys([marker], i),
                    )
                )
                records.append(rights[-1])
        out += join.process(records)
        # every later record is at or after T0 + (its index) * step - jitter
        join.advance(T0 + (batch * 10 + 10) * step - jitter + JOIN_GRACE_MS)
    join.advance(T0 + 10**12)
    assert letters.queue == []
    left_key, right_key = "user_id", "user_id"
    expected = sorted(
        (fields(left)["left_id"], fields(right)[marker])
        for left in lefts
        for right in rights
        if fields(left)[left_key] is not None
        and fields(left)[left_key] == fields(right)[right_key]
        and left.event_time_ms - JOIN_BEFORE_MS
        <= right.event_time_ms
        <= left.event_time_ms + JOIN_AFTER_MS
    )
    pairs = [row for row in out if row.value[marked] is not None]
    assert (
        sorted((row.value["left_id"], row.value[marked]) for row in pairs) == expected
    )
    assert expected  # the draw made some pairs
    assert len(pairs) == len(out)
    assert (join.left, join.right, join.holds()) == ({}, {}, {})


def test_join_record_behind_the_watermark_goes_to_dead_letters_as_late() -> None:
    letters = dead_letters()
    join = processor.IntervalJoin(letters, processor.Progress())
    join.advance(T0 + JOIN_GRACE_MS)  # watermark: T0
    assert join.process([left_record(FIRST_OFFSET, T0 - 1)]) == []
    assert reason_kinds(letters) == ["late"]


@pytest.mark.parametrize("left_first", [True, False], ids=["left-first", "right-first"])
def test_after_a_restart_a_pair_goes_with_a_side_not_processed_before(
    left_first: bool,
) -> None:
    """A replayed left record meeting a new right one is a new
    pair, whichever comes first; the sinks drop only outputs
    that go with a record processed before the restart."""
    progress = restarted(FIRST_OFFSET + 1)  # left at FIRST_OFFSET was processed
    # right at 2 was not
    progress.restored[RIGHT_TP] = processor.PartitionProgress(2, {})
    left, right = [left_record(FIRST_OFFSET, T0)], [right_record(2, T0)]
    first, second = (left, right) if left_first else (right, left)
    join = processor.IntervalJoin(dead_letters(), progress)
    [pair] = join.process(first) + join.process(second)
    assert (pair.tp, pair.offset) == (RIGHT_TP, 2)
    assert progress.unwritten([pair]) == [pair]
    # both were: sent then
    progress.restored[RIGHT_TP] = processor.PartitionProgress(3, {})
    join = processor.IntervalJoin(dead_letters(), progress)
    [pair] = join.process(first) + join.process(second)
    assert progress.unwritten([pair]) == []


def test_restart_new_record_behind_committed_watermark_is_late() -> None:
    letters = dead_letters()
    join = processor.IntervalJoin(letters, restarted(FIRST_OFFSET, join=T0))
    assert join.process([left_record(FIRST_OFFSET, T0 - 1)]) == []
    assert reason_kinds(letters) == ["late"]


def test_restart_replayed_record_is_buffered_again_without_a_dead_letter() -> None:
    letters = dead_letters()
    join = processor.IntervalJoin(letters, restarted(FIRST_OFFSET + 1, join=T0))
    join.process([left_record(FIRST_OFFSET, T0 - 1)])
    assert letters.queue == []
    assert join.holds() == {TP: FIRST_OFFSET}


class FakeCluster:
    """Cluster metadata reduced to what an assignor
    reads: the partition ids of each topic."""

    def __init__(self, partitions: int) -> None:
        self.partitions = partitions

    def partitions_for_topic(self, topic: str) -> set[int]:
        return set(range(self.partitions))


@pytest.mark.parametrize(
    ("members", "partitions"), [(1, 3), (2, 3), (3, 6), (4, 6), (5, 3)]
)
def test_assignor_gives_each_member_the_same_partition_numbers_of_every_joined_topic(
    members: int, partitions: int
) -> None:
    assignor = processor.CoPartitionedAssignor
    subscription = assignor.metadata(processor.JOINED_TOPICS)
    group = {f"member-{m}": subscription for m in range(members)}
    assignment = assignor.assign(FakeCluster(partitions), group)  # type: ignore[arg-type]
    assert set(assignment) == set(group)
    owned = []
    for member in assignment.values():
        # as the group coordinator sends it
        decoded = type(member).decode(member.encode())
        by_topic = {topic: frozenset(numbers) for topic, numbers in decoded.assignment}
        assert set(by_topic) == set(processor.JOINED_TOPICS)
        [numbers] = set(by_topic.values())  # the same numbers of every joined topic
        owned.append(numbers)
    assert sorted(n for numbers in owned for n in numbers) == list(range(partitions))
    sizes = [len(numbers) for numbers in owned]
    assert max(sizes) - min(sizes) <= 1


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
        {TP: [message(FIRST_OFFSET, b'{"event_id": ')]},
        restarted(FIRST_OFFSET + 1),
    )
    assert outcome.proc.dead_letters.queue == []


def test_restart_new_bad_record_is_dead_lettered(config: processor.Config) -> None:
    outcome = run_batch(
        config,
        {TP: [message(FIRST_OFFSET + 1, b'{"event_id": ')]},
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
        (b'{"event_id": ', "invalid: not valid JSON"),
        (encode({**SAMPLE, "user_id": "42"}), "invalid: user_id: "),
        (
            encode({**SAMPLE, "user_id": 2**63}),
            "invalid: user_id: 9223372036854775808 is outside the Int64 range",
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
    assert (letter.value, letter.source) == (value, "clickstream-events/0/10")
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
    assert sample("etl_state_size", {"operator": "join"}) >= 1


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
