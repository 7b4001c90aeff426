"""The accounting of an LLM spec's values against the request (generator/parse/llm_stated.py):
filters, windows and other durations, aggregates and sinks the request does not state become
assumptions, listed in the spec and printed as notes."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.parse.llm import parse_with_llm
from generator.parse.llm_stated import Request, describe_ms, unstated_values
from generator.spec import Pipeline
from tests.support.openai_server import ScriptedOpenAIServer, answer, use_server

EXAMPLES = Path(__file__).resolve().parents[2] / "prompts" / "examples"
MINUTE = 60_000


def example(name: str) -> tuple[str, dict[str, Any]]:
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    request = " ".join(data["request"].split())
    return request, data["spec"] | {"description": request}


PAYMENTS_REQUEST, PAYMENTS = example("06_completed_payments")
ALERTS_REQUEST, ALERTS = example("05_overheat_alerts")


def unstated(data: dict[str, Any], request: str) -> list[str]:
    return unstated_values(Pipeline.model_validate(data), request)


# --- the matching rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1 minute", MINUTE),
        ("1-minute windows", MINUTE),
        ("60 s", MINUTE),
        ("60000 ms", MINUTE),
        ("60,000 milliseconds", MINUTE),
        ("every minute", MINUTE),
        ("per-minute counts", MINUTE),
        ("minutely", MINUTE),
        ("5m", 5 * MINUTE),
        ("5 mins", 5 * MINUTE),
        ("twenty five minutes", 25 * MINUTE),
        ("a couple of minutes", 2 * MINUTE),
        ("90 s", 90_000),
        ("1.5 hours", 90 * MINUTE),
        ("1h30m", 90 * MINUTE),
        ("1 hour 30 minutes", 90 * MINUTE),
        ("half an hour", 30 * MINUTE),
        ("a quarter of an hour", 15 * MINUTE),
        ("hourly", 60 * MINUTE),
        ("daily", 24 * 60 * MINUTE),
        ("within 2 weeks", 14 * 24 * 60 * MINUTE),
    ],
)
def test_durations_are_normalised_to_ms(text: str, ms: int) -> None:
    assert ms in Request(f"aggregate over {text}, then store").durations


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("1 minute", 5 * MINUTE),
        ("every minute and 5 events", 5 * MINUTE),
        ("a m", MINUTE),  # a bare letter is a unit only right after digits
        ("every minute, 30 minutes", 31 * MINUTE),  # a list, not a compound
    ],
)
def test_durations_not_stated(text: str, absent: int) -> None:
    assert absent not in Request(text).durations


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("over 100", 100),
        ("over 1,000", 1000),
        ("over 10k", 10_000),
        ("above 2.5", 2.5),
        ("below -5", -5),
        ("5%", 0.05),
        ("5 percent", 5),
        ("drop zero amounts", 0),
        ("over a hundred dollars", 100),
        ("two hundred fifty", 250),
        ("a dozen", 12),
        ("ninety-nine", 99),
        ("the 95th percentile", 95),
        ("p99 latency", 99),
        ("longer than 5 minutes", 300),  # a duration in seconds ...
        ("longer than 5 minutes", 300_000),  # ... and in milliseconds
    ],
)
def test_numbers_in_digits_and_words(text: str, number: float) -> None:
    assert Request(text).states_number(number)


@pytest.mark.parametrize("text", ["1-5", "over 100", "a hundred and one", "version 2"])
def test_numbers_not_stated(text: str) -> None:
    assert not Request(text).states_number(-5 if text == "1-5" else 7)


@pytest.mark.parametrize(
    ("name", "text", "stated"),
    [
        ("customer_id", "count unique customers", True),
        ("customer_id", "by customer id", True),
        ("userId", "per user id", True),
        ("is_active", "only active users", True),
        ("page_views", "count page view events", True),
        ("status", "keep completed payments", False),
        ("amount", "total revenue", False),
        ("customer_region", "per customer", False),
    ],
)
def test_field_names(name: str, text: str, stated: bool) -> None:
    assert Request(text).states_name(name) is stated


@pytest.mark.parametrize(
    ("value", "text", "stated"),
    [
        ("completed", "keep only status 'completed'", True),
        ("COMPLETED", "keep completed payments", True),
        ("credit_card", "paid by credit card", True),
        ("Zürich", "orders from zürich", True),
        ("", 'where coupon is ""', True),
        ("", "where coupon is empty", False),
        ("refunded", "keep completed payments", False),
        ("comp", "keep completed payments", False),  # not part of a word
    ],
)
def test_string_values(value: str, text: str, stated: bool) -> None:
    assert Request(text).states_string(value) is stated


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (MINUTE, "1 minute"),
        (90 * MINUTE, "90 minutes"),
        (1500, "1500 ms"),
        (2 * 3_600_000, "2 hours"),
    ],
)
def test_describe_ms(ms: int, text: str) -> None:
    assert describe_ms(ms) == text


# --- the spec's values ----------------------------------------------------------------------


def test_prompt_examples_state_their_filters_windows_and_sinks() -> None:
    assert unstated(PAYMENTS, PAYMENTS_REQUEST) == []
    assert unstated(ALERTS, ALERTS_REQUEST) == []


def test_filter_value_and_field_not_in_the_request() -> None:
    data = copy.deepcopy(PAYMENTS)
    data["operators"][1] = {"kind": "filter", "field": "currency", "op": "eq", "value": "EUR"}
    assert unstated(data, PAYMENTS_REQUEST) == [
        "filter field 'currency' (operators[1].field)",
        "filter value 'EUR' (operators[1].value)",
    ]


@pytest.mark.parametrize(
    ("value", "request_tail", "listed"),
    [
        (100, "keep only payments over a hundred", False),
        (100, "keep only large payments", True),
        (0, "drop zero amounts", False),
        (True, "keep only payments whose amount is set to true", False),
        (False, "keep only payments", True),
    ],
)
def test_filter_numbers_and_booleans(value: Any, request_tail: str, listed: bool) -> None:
    data = copy.deepcopy(PAYMENTS)
    data["operators"][1] = {"kind": "filter", "field": "amount", "op": "gt", "value": value}
    request = PAYMENTS_REQUEST.replace("keep only status 'completed'", request_tail)
    found = unstated(data, request)
    assert (f"filter value {value!r} (operators[1].value)" in found) is listed


def test_in_list_values_are_checked_one_by_one() -> None:
    data = copy.deepcopy(PAYMENTS)
    data["operators"][1] = {
        "kind": "filter",
        "field": "status",
        "op": "in",
        "value": ["completed", "settled"],
    }
    assert unstated(data, PAYMENTS_REQUEST) == ["filter value 'settled' (operators[1].value[1])"]


def test_window_size_slide_aggregates_and_threshold() -> None:
    data = copy.deepcopy(ALERTS)
    window = data["operators"][1]
    window.update(size_ms=10 * MINUTE, slide_ms=2 * MINUTE)
    window["group_by"] = ["region"]
    window["aggregates"] = [
        {"name": "avg_value", "fn": "avg", "field": "value"},
        {"name": "min_value", "fn": "min", "field": "humidity"},
        {"name": "p90_value", "fn": "quantile", "field": "value", "quantile": 0.9},
    ]
    window["having"]["value"] = 90
    data["sinks"][0]["key"] = "region"
    data["schema"]["fields"] += [{"name": "region"}, {"name": "humidity", "type": "float"}]
    assert unstated(data, ALERTS_REQUEST) == [
        "hopping window size 10 minutes (operators[1].size_ms)",
        "hopping window slide 2 minutes (operators[1].slide_ms)",
        "group-by field 'region' (operators[1].group_by[0])",
        "aggregate 'min_value' as min (operators[1].aggregates[1].fn)",
        "aggregate 'min_value' over field 'humidity' (operators[1].aggregates[1].field)",
        "aggregate 'p90_value' as quantile (operators[1].aggregates[2].fn)",
        "aggregate 'p90_value' at level 0.9 (operators[1].aggregates[2].quantile)",
        "threshold 90 on 'avg_value' (operators[1].having)",
    ]


def test_quantile_level_stated_as_percentile() -> None:
    data = copy.deepcopy(ALERTS)
    data["operators"][1]["aggregates"].append(
        {"name": "p95_value", "fn": "quantile", "field": "value", "quantile": 0.95}
    )
    request = ALERTS_REQUEST.replace("and maximum value", "maximum and 95th percentile value")
    assert unstated(data, request) == []


def test_dedup_horizon_and_default_table() -> None:
    data = copy.deepcopy(PAYMENTS)
    data["operators"][0]["horizon_ms"] = 60 * MINUTE
    request = PAYMENTS_REQUEST.replace(" table 'completed_payments'", "")
    assert unstated(data, request) == [
        "deduplication horizon 1 hour (operators[0].horizon_ms)",
        "ClickHouse table 'completed_payments', the pipeline's name (sinks[0].table)",
    ]
    request = request.replace("store them", "store completed payments")
    assert unstated(data, request) == ["deduplication horizon 1 hour (operators[0].horizon_ms)"]


def test_sink_kind_the_request_does_not_name() -> None:
    request = PAYMENTS_REQUEST.replace("store them in ClickHouse table", "store them in table")
    assert unstated(PAYMENTS, request) == [
        "a ClickHouse sink (sinks[0]): the request names no ClickHouse"
    ]


# --- through the scripted server and the CLI ------------------------------------------------


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with ScriptedOpenAIServer() as scripted:
        use_server(monkeypatch, scripted, tmp_path / "cache")
        yield scripted


UNFILTERED_REQUEST = PAYMENTS_REQUEST.replace(" keep only status 'completed',", "")


def with_filter_value(value: str) -> dict[str, Any]:
    data = copy.deepcopy(PAYMENTS)
    data["operators"][1]["value"] = value
    return data


def test_unstated_values_are_assumptions_not_refusals(server, capsys) -> None:
    server.add(answer(with_filter_value("settled")))
    assert main(["spec", UNFILTERED_REQUEST, "--llm"]) == 0  # no --allow-inferred needed
    captured = capsys.readouterr()
    notes = [
        "chosen by the LLM, not stated in the request: filter field 'status' (operators[1].field)",
        "chosen by the LLM, not stated in the request: filter value 'settled' (operators[1].value)",
    ]
    assert yaml.safe_load(captured.out)["assumptions"] == notes
    assert captured.err.splitlines() == [f"note: assumption: {note}" for note in notes]


def test_assumptions_are_recomputed_on_a_cached_answer(server) -> None:
    server.add(answer(PAYMENTS))
    parse = {"sample_schema": None, "use_cache": True, "allow_inferred": False}
    assert parse_with_llm(PAYMENTS_REQUEST, **parse).assumptions == []
    other = PAYMENTS_REQUEST.replace("10 minutes", "ten minutes")  # same durations, new key
    server.add(answer(PAYMENTS))
    assert parse_with_llm(other, **parse).assumptions == []
    assert len(server.requests) == 2


HOSTILE = 'x"""; __import__("pathlib").Path("m").touch(); """'


def test_hostile_filter_value_is_served_verbatim(server) -> None:
    """The scripted server serves any spec: here the injection regression's filter value."""
    request = PAYMENTS_REQUEST.replace("'completed'", json.dumps(HOSTILE))
    server.add(answer(with_filter_value(HOSTILE)), answer(with_filter_value(HOSTILE)))
    options = {"sample_schema": None, "use_cache": False, "allow_inferred": False}
    spec = parse_with_llm(request, **options)
    assert spec.operators[1].value == HOSTILE  # type: ignore[union-attr]
    assert spec.assumptions == []  # the request gives the value verbatim
    spec = parse_with_llm(UNFILTERED_REQUEST, **options)
    assert spec.assumptions[-1] == (
        f"chosen by the LLM, not stated in the request: filter value {HOSTILE!r} "
        "(operators[1].value)"
    )


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "a\\", "{{ x }}", "{% if %}", "'); DROP TABLE x; --", "\u2028", "x\x00y", "(", "-"],
)
def test_odd_values_match_only_verbatim(value: str) -> None:
    assert Request(f"keep only records where tag is {value} please").states_string(value)
    assert not Request("keep only records where tag is set").states_string(value)


def test_unnamed_postgres_database_is_the_connectors_default() -> None:
    request, data = example("02_orders_cdc")
    assert unstated(data, request) == [
        "PostgreSQL database 'postgres', the connector's default (source.format.dbname)"
    ]
    data["source"]["format"]["dbname"] = "shop"
    assert unstated(data, request) == []
