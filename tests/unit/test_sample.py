"""`--sample FILE.jsonl`: schema inference, and the rule parser using it instead of a preset."""

from pathlib import Path

import pytest

from generator.errors import UserError
from generator.parse import understand
from generator.parse.rules import parse_request
from generator.parse.sample import infer_schema, infer_time_format
from generator.spec import Schema, spec_to_dict

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "clicks_sample.jsonl"


@pytest.fixture
def schema() -> Schema:
    return infer_schema(SAMPLE)


def test_types_and_required(schema: Schema) -> None:
    got = {f.name: (f.type, f.required) for f in schema.fields}
    assert got == {
        "event_id": ("string", True),
        "user_id": ("int", True),
        "page": ("string", True),
        "ts": ("timestamp", True),
        "price": ("float", True),  # 9.5, 10 and 3: int and float merge to float
        "tags": ("json", False),  # missing in the last record
        "is_bot": ("bool", True),
        "coupon": ("string", False),  # only ever null
        "day": ("date", False),
    }
    assert schema.preset is None


def test_field_order_is_first_seen(schema: Schema) -> None:
    assert schema.names()[:4] == ["event_id", "user_id", "page", "ts"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 1}\nnot json\n', ":2: not valid JSON"),
        ("[1, 2]\n", ":1: expected a JSON object per line"),
        ('{"bad-name": 1}\n', "field name 'bad-name' is not a valid identifier"),
        ('{"class": 1}\n', "field name 'class' is not a valid identifier"),
        ("\n\n", "holds no records"),
    ],
)
def test_bad_samples(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(content)
    with pytest.raises(UserError, match=message):
        infer_schema(path)


def test_missing_sample_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read sample"):
        infer_schema(tmp_path / "nope.jsonl")


def test_mixed_types_become_string(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"v": 1}\n{"v": "x"}\n')
    assert infer_schema(path).fields[0].type == "string"


def test_sample_replaces_the_preset(schema: Schema) -> None:
    spec = spec_to_dict(
        parse_request(
            "Process clickstream events from topic 'clicks', count events per page every minute "
            "and store in ClickHouse",
            sample_schema=schema,
        )
    )
    assert spec["schema"]["preset"] is None
    assert [f["name"] for f in spec["schema"]["fields"]] == schema.names()
    assert spec["source"]["event_time"] == "ts"
    assert spec["operators"][0]["group_by"] == ["page"]
    # nothing about the schema is assumed; the one default listed is the window grace, which
    # the request does not give
    assert len(spec["assumptions"]) == 1
    assert spec["assumptions"][0].startswith("no window grace given; using 5s")


def test_sample_fields_drive_resolution(schema: Schema) -> None:
    spec = spec_to_dict(
        parse_request(
            "from topic 'clicks' compute the average price and unique users per minute, print",
            sample_schema=schema,
        )
    )
    aggs = [(a["name"], a["fn"], a["field"]) for a in spec["operators"][0]["aggregates"]]
    assert aggs == [("avg_price", "avg", "price"), ("unique_users", "count_distinct", "user_id")]


def test_field_missing_from_the_sample_is_added_and_noted(schema: Schema) -> None:
    spec = spec_to_dict(
        parse_request("from topic 'clicks' where country is 'DE', print", sample_schema=schema)
    )
    assert spec["schema"]["fields"][-1]["name"] == "country"
    assert spec["assumptions"] == [
        "field 'country' (filter) is not in the sample; added it as string"
    ]


def test_discriminator_filter_uses_a_sample_field(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"kind": "click", "timestamp": "2024-01-01T00:00:00Z"}\n')
    request = "from topic 'x' keep only purchase events, print"
    spec = spec_to_dict(parse_request(request, sample_schema=infer_schema(path)))
    assert spec["operators"] == [
        {"kind": "filter", "field": "kind", "op": "eq", "value": "purchase"}
    ]


def test_sample_without_timestamp_has_no_event_time(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": 1, "name": "a"}\n')
    spec = parse_request("from topic 'x' print them", sample_schema=infer_schema(path))
    assert spec.source.event_time is None


def test_understand_passes_the_sample_to_the_rule_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    understood = understand("from topic 'clicks' print them", sample=SAMPLE, mode="offline")
    assert understood.parser == "rules"
    assert understood.spec.schema_.names() == infer_schema(SAMPLE).names()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (['"2024-05-01T12:00:00Z"', '"2024-05-01 12:00:01+02:00"'], "iso8601"),
        (["1714564800", "1714564801.5"], "epoch_s"),
        (["1714564800000", "1714564800123"], "epoch_ms"),
        (["1714564800000000"], "epoch_us"),
        (["1714564800", "1714564800000"], None),  # units disagree: not guessed
        (["42", "43"], None),  # no plausible time in any unit
    ],
)
def test_event_time_format_from_magnitudes(
    tmp_path: Path, values: list[str], expected: str | None
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text("".join(f'{{"id": 1, "ts": {v}}}\n' for v in values))
    assert infer_time_format(path, "ts") == expected


def test_sample_sets_the_event_time_format(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"page": "/", "timestamp": 1714564800}\n{"page": "/a", "timestamp": 1714564860}\n'
    )
    understood = understand(
        "from topic 'clicks' count events per page every minute, print",
        sample=path,
        mode="offline",
    )
    assert understood.spec.source.event_time == "timestamp"
    assert understood.spec.source.event_time_format == "epoch_s"
    assert "event time 'timestamp' is epoch_s in the sample" in understood.notes
