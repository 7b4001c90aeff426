"""Records passed on whole (schema.passthrough), end to end over real Kafka.

The spec comes from the offline parser, as a user gets it: "strip the fields ssn and dob from
topic signups and write what's left to topic signups-clean, keeping only status = 'active'". The
request names three fields; the records carry more (nested ones too). The output topic must hold
every field of each kept record except the two stripped, exactly as produced, and nothing is
dead-lettered for lacking a field the request never named.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from harness import (
    ProcessorRun,
    committed_offsets,
    end_offsets,
    fresh_topics,
    generate_bundle,
    produce,
    read_topic,
    wait_until,
)

from generator.parse.rules import parse_request
from generator.spec import spec_to_dict

REQUEST = (
    "From topic signups keep only records where status = 'active', strip the fields ssn and dob, "
    "and write what's left to topic signups-clean"
)
TOPIC, OUT_TOPIC, DLQ = "signups", "signups-clean", "signups-dlq"
PARTITIONS = 3


def signups(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(300):
        record: dict[str, Any] = {
            "signup_id": f"s-{i}",
            "status": rng.choice(["active", "pending", "active"]),
            "email": f"user{i}@example.com",
            "ssn": f"{rng.randrange(10**8, 10**9)}",
            "dob": "1990-01-01",
            "plan": {"tier": rng.choice(["free", "pro"]), "seats": rng.randrange(1, 50)},
            "tags": ["web", "eu"][: rng.randrange(0, 3)],
        }
        if i % 7 == 0:
            del record["dob"]  # a field the select drops may be absent
        if i % 11 == 0:
            record["referrer"] = None
        out.append(record)
    return out


def run_to_the_end(
    name: str, bundle: Path, bootstrap: str, tmp_path: Path, topic: str, count: int
) -> None:
    """Run the processor until it has consumed `count` records and committed all of `topic`,
    then stop it: it must exit cleanly."""
    group = f"e2e-passthrough-{uuid.uuid4().hex[:10]}"
    run = ProcessorRun(name, tmp_path, ["--bootstrap-servers", bootstrap, "--group-id", group],
                       bundle=bundle)  # fmt: skip
    try:
        run.wait_consumed(count, timeout=120)
        ends = end_offsets(bootstrap, topic, PARTITIONS)
        wait_until(lambda: committed_offsets(bootstrap, group) == ends, 60, "offsets committed")
    finally:
        code = run.stop()
    log = run.output()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


def test_a_filter_and_drop_pipeline_passes_every_other_field_on_as_it_came(
    stack: dict, tmp_path: Path
) -> None:
    spec = spec_to_dict(parse_request(REQUEST))
    assert spec["schema"]["passthrough"] is True, spec
    assert {f["name"] for f in spec["schema"]["fields"]} == {"status", "ssn", "dob"}, spec
    bootstrap = stack["kafka_bootstrap"]
    bundle = generate_bundle(spec, tmp_path / spec["name"])
    fresh_topics(bundle, bootstrap, PARTITIONS)
    records = signups(seed=4)
    produce(bootstrap, TOPIC, [(r["signup_id"].encode(), json.dumps(r).encode()) for r in records])

    run_to_the_end(spec["name"], bundle, bootstrap, tmp_path, TOPIC, len(records))

    expected = {
        r["signup_id"]: {k: v for k, v in r.items() if k not in ("ssn", "dob")}
        for r in records
        if r["status"] == "active"
    }
    published = [json.loads(m.value) for m in read_topic(bootstrap, OUT_TOPIC) if m.value]
    assert len(published) == len(expected), "one output per kept record"
    assert {p["signup_id"]: p for p in published} == expected
    assert read_topic(bootstrap, DLQ) == [], "nothing dead-lettered"


COPY_REQUEST = "Copy every record from topic ledger-raw to topic ledger-copy"


def test_a_copy_with_no_named_field_writes_every_object_as_it_came(
    stack: dict, tmp_path: Path
) -> None:
    """No field named, nothing ordered in time: a record needs no timestamp or any other field;
    only what is not a JSON object is a dead letter."""
    spec = spec_to_dict(parse_request(COPY_REQUEST))
    assert spec["schema"]["fields"] == [] and spec["source"]["event_time"] is None, spec
    bootstrap = stack["kafka_bootstrap"]
    bundle = generate_bundle(spec, tmp_path / spec["name"])
    fresh_topics(bundle, bootstrap, PARTITIONS)
    records = signups(seed=9)
    bad = [b"[1, 2]", b'{"truncated": ', b"42"]
    values = [json.dumps(r).encode() for r in records]
    produce(bootstrap, "ledger-raw", [(None, v) for v in values[:150] + bad + values[150:]])

    run_to_the_end(spec["name"], bundle, bootstrap, tmp_path, "ledger-raw", len(values) + len(bad))

    published = [json.loads(m.value) for m in read_topic(bootstrap, "ledger-copy") if m.value]
    key = "signup_id"
    assert sorted(published, key=lambda p: p[key]) == sorted(records, key=lambda r: r[key])
    dead = sorted(m.value for m in read_topic(bootstrap, "ledger-raw-dlq"))
    assert dead == sorted(bad), dead
