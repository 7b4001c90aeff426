"""The broker's SASL_PLAINTEXT listener: SCRAM-SHA-256 and -512 users created by the stack.

aiokafka produces and consumes through it with each mechanism; a wrong password and a client
that does not authenticate at all are both refused.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaConnectionError

MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")


def _auth(kafka_sasl: dict, mechanism: str, password: str | None = None) -> dict:
    return {
        "bootstrap_servers": kafka_sasl["bootstrap"],
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": kafka_sasl["username"],
        "sasl_plain_password": kafka_sasl["password"] if password is None else password,
        "request_timeout_ms": 15000,
    }


def test_stack_offers_both_scram_mechanisms(kafka_sasl, stack):
    assert sorted(kafka_sasl["mechanisms"]) == sorted(MECHANISMS)
    assert kafka_sasl["bootstrap"] != stack["kafka_bootstrap"]  # PLAINTEXT listener unchanged


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_scram_produce_consume(kafka_sasl, kafka_topics, mechanism):
    topic = f"smoke.sasl.{mechanism.lower().replace('-', '')}.{uuid.uuid4().hex[:8]}"
    kafka_topics([topic], partitions=2)  # created over PLAINTEXT: same broker, same topics
    sent = [{"i": i, "mechanism": mechanism} for i in range(20)]

    async def main() -> list:
        producer = AIOKafkaProducer(
            **_auth(kafka_sasl, mechanism), acks="all", value_serializer=str.encode
        )
        await producer.start()
        try:
            for row in sent:
                await producer.send_and_wait(topic, value=repr(row), key=str(row["i"]).encode())
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(
            **_auth(kafka_sasl, mechanism),
            group_id=f"sasl-{uuid.uuid4().hex[:8]}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            consumer.subscribe([topic])
            got: list = []
            deadline = asyncio.get_running_loop().time() + 60
            while len(got) < len(sent) and asyncio.get_running_loop().time() < deadline:
                batch = await consumer.getmany(timeout_ms=1000)
                for msgs in batch.values():
                    got.extend(msgs)
            # committed through the SASL listener too (group coordinator on the same broker)
            await consumer.commit()
            committed = {
                p: await consumer.committed(TopicPartition(topic, p))
                for p in consumer.partitions_for_topic(topic) or ()
            }
            return [got, committed]
        finally:
            await consumer.stop()

    got, committed = asyncio.run(main())
    assert sorted(m.value.decode() for m in got) == sorted(repr(r) for r in sent)
    assert sorted(int(m.key) for m in got) == list(range(20))
    counts: dict[int, int] = {}
    for m in got:
        counts[m.partition] = counts.get(m.partition, 0) + 1
    assert committed == {p: counts.get(p, 0) for p in committed}
    assert sum(committed.values()) == 20


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_scram_wrong_password_is_refused(kafka_sasl, mechanism, caplog):
    async def main() -> None:
        producer = AIOKafkaProducer(
            **_auth(kafka_sasl, mechanism, password=kafka_sasl["password"] + "x")
        )
        try:
            await producer.start()
        finally:
            await producer.stop()

    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        asyncio.run(main())
    # aiokafka reports the broker's SaslAuthenticationFailed (error 58) before giving up
    assert any(
        "SaslAuthenticationFailed" in r.getMessage()
        and f"invalid credentials with SASL mechanism {mechanism}" in r.getMessage()
        for r in caplog.records
    ), [r.getMessage() for r in caplog.records]


def test_sasl_listener_refuses_unauthenticated_clients(kafka_sasl):
    async def main() -> None:
        producer = AIOKafkaProducer(
            bootstrap_servers=kafka_sasl["bootstrap"], request_timeout_ms=5000
        )
        try:
            await producer.start()
        finally:
            await producer.stop()

    with pytest.raises(KafkaConnectionError):  # the listener closes a non-SASL connection
        asyncio.run(main())
