"""A domain preset's fields stay required only where the request names or reads them."""

from typing import Any

from generator.parse.rules import parse_request
from generator.spec import spec_to_dict


def required(request: str) -> dict[str, bool]:
    spec: dict[str, Any] = spec_to_dict(parse_request(request))
    assert spec["schema"]["preset"] is not None
    return {f["name"]: f["required"] for f in spec["schema"]["fields"]}


def test_a_field_the_preset_lacks_makes_the_unread_preset_fields_optional() -> None:
    fields = required(
        "read sensor readings from topic thermo-raw, keep those where temp_c > 30, and write "
        "them to clickhouse home.hot_rooms"
    )
    # temp_c is the request's own field; timestamp is the event time; the iot preset's
    # device_id, sensor and value are read by nothing, so their absence dead-letters nothing
    assert fields == {
        "device_id": False, "sensor": False, "value": False, "timestamp": True, "temp_c": True
    }  # fmt: skip


def test_preset_fields_the_pipeline_reads_stay_required() -> None:
    fields = required(
        "count sensor readings per device_id every 5 minutes where temp_c > 30 from topic "
        "thermo-raw, store in clickhouse home.hot_counts"
    )
    assert fields["device_id"] and fields["temp_c"] and fields["timestamp"]
    assert not fields["sensor"] and not fields["value"]


def test_a_request_naming_only_preset_fields_keeps_the_preset() -> None:
    fields = required(
        "consume topic card-payments and store payments with amount > 5000 in clickhouse "
        "pay.big_payments"
    )
    assert all(fields.values())


def test_records_passed_on_whole_need_only_the_fields_the_pipeline_reads() -> None:
    spec = spec_to_dict(
        parse_request(
            "consume topic card-payments and forward payments with amount > 5000 to topic "
            "big-payments"
        )
    )
    fields = {f["name"]: f["required"] for f in spec["schema"]["fields"]}
    # the records go on whole (passthrough): only the filter's field can dead-letter a record,
    # and nothing orders records in time, so the preset's timestamp is not the event time
    assert spec["schema"]["passthrough"] is True
    assert [name for name, needed in fields.items() if needed] == ["amount"]
    assert spec["source"]["event_time"] is None


def test_a_preset_field_renaming_the_requests_word_is_listed() -> None:
    spec = spec_to_dict(
        parse_request(
            "read sales from topic shop-sales, every hour sum qty per store_id and item, "
            "store in clickhouse shop.hourly_items"
        )
    )
    window = spec["operators"][0]
    assert window["group_by"] == ["store_id", "product_id"]
    assert any("'item' as the sales preset's field 'product_id'" in a for a in spec["assumptions"])
