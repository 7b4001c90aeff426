"""The four seed requests parse to the committed specs in generated/*/spec.yaml."""

from pathlib import Path
from typing import Any

import pytest

from generator.parse.rules import parse_request
from generator.spec import load_spec, spec_to_dict

ROOT = Path(__file__).resolve().parents[2]
SEED_SPECS = sorted((ROOT / "generated").glob("*/spec.yaml"))
SEEDS = ("clickstream_profile_join", "clickstream_sessions", "orders_cdc", "sales_aggregates")


def test_the_four_seed_specs_are_present() -> None:
    assert {p.parent.name for p in SEED_SPECS} >= set(SEEDS)


@pytest.mark.parametrize("path", SEED_SPECS, ids=lambda p: p.parent.name)
def test_seed_request_parses_to_the_committed_spec(path: Path) -> None:
    committed = load_spec(path)
    parsed = parse_request(committed.description)
    expected: dict[str, Any] = spec_to_dict(committed)
    got: dict[str, Any] = spec_to_dict(parsed)
    # The committed seed specs predate the parser's reading (how each clause was read) and its
    # note on the domain preset and its money field read for "revenue" (checked below).
    assert got.pop("reading")
    got["assumptions"] = [
        a
        for a in got["assumptions"]
        if not a.startswith("input schema") and " preset's field 'amount'" not in a
    ]
    assert got == expected


def test_seed_requests_need_no_assumptions_but_the_preset_and_database() -> None:
    for path in SEED_SPECS:
        spec = parse_request(load_spec(path).description)
        if spec.is_cdc:
            # the seed names no PostgreSQL database and no ClickHouse one: both defaults said
            assert spec.assumptions == [
                "PostgreSQL database not named; the connector connects to 'postgres' "
                "(set source.format.dbname)",
                "ClickHouse database 'replica' for the replica: the request names none (say "
                '"into ClickHouse database <name>" for another)',
            ]
        else:
            expected = [
                f"input schema: the {spec.schema_.preset} preset, because the request says "
                f"{ {'clickstream': 'clickstream', 'sales': 'sales'}[spec.schema_.preset]!r}"
            ]
            # "total revenue", "average transaction value": the preset has no such field, its
            # amount is read for them (a guess, listed)
            expected += [
                f"read {w!r} as the sales preset's field 'amount'; list the records' fields if "
                f"they carry {w.replace(' ', '_')}"
                for w in ("revenue", "transaction value")
                if spec.schema_.preset == "sales"
            ]
            # "join with user profile updates from topic ...": the joined topic's records are
            # typed by the profile_updates preset (the same kind of guess, listed)
            expected += [
                f"input schema of the joined topic {op.right_topic!r}: the profile_updates "
                "preset, because the request says 'profile'; each of its records must hold "
                f"user_id, timestamp (for others, list its fields after its name: "
                f"{op.right_topic} (user_id int, status string))"
                for op in spec.operators
                if op.kind == "interval_join"
            ]
            # no seed request names a window grace: the default is listed
            expected += [
                "no window grace given; using 5s: a window closes when the event time passes "
                "its end + 5s, and records later than that go to the dead-letter topic (say "
                '"with 30 seconds grace" for another)'
                for op in spec.operators
                if op.kind == "window" and op.type != "session"
            ]
            # no seed request names its Kafka sink's key: the join's or the group-by's is listed
            expected += [
                f"Kafka topic {sink.topic!r}: messages keyed by {sink.key!r}, "
                + ("the group-by" if spec.window else "the join key")
                + ' (the request names no key; say "keyed by <field>" for another)'
                for sink in spec.sinks
                if sink.kind == "kafka"
                and sink.key
                and (spec.window or any(op.kind.endswith("join") for op in spec.operators))
            ]
            assert spec.assumptions == expected
