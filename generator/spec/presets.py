"""Domain presets: sensible input schemas for requests that name no fields.

Names from a preset count as "declared" for the LLM hallucination guard, so keep each preset
small and typical of its domain.
"""

from .schema import Field, Schema
from .source import CdcTable


def _fields(*spec: str) -> list[Field]:
    out = []
    for item in spec:
        name, _, kind = item.partition(":")
        required = not kind.endswith("?")
        out.append(Field(name=name, type=kind.rstrip("?") or "string", required=required))  # type: ignore[arg-type]
    return out


PRESETS: dict[str, list[Field]] = {
    "clickstream": _fields(
        "event_id:string",
        "event_type:string",
        "user_id:int",
        "session_id:string",
        "timestamp:timestamp",
        "page_url:string?",
        "referrer:string?",
        "user_agent:string?",
        "ip_address:string?",
        "country:string?",
        "city:string?",
        "properties:json?",
    ),
    "sales": _fields(
        "transaction_id:string",
        "customer_id:int",
        "product_id:int",
        "category:string",
        "amount:float",
        "quantity:int?",
        "timestamp:timestamp",
    ),
    "profile_updates": _fields(
        "user_id:int",
        "email:string?",
        "name:string?",
        "segment:string?",
        "country:string?",
        "timestamp:timestamp",
    ),
    "iot": _fields(
        "device_id:string",
        "sensor:string",
        "value:float",
        "timestamp:timestamp",
    ),
    "logs": _fields(
        "service:string",
        "level:string",
        "message:string",
        "host:string?",
        "timestamp:timestamp",
    ),
    "payments": _fields(
        "payment_id:string",
        "user_id:int",
        "amount:float",
        "currency:string",
        "status:string",
        "timestamp:timestamp",
    ),
    # Fallback when the request names no domain: a generic event record.
    "events": _fields(
        "event_id:string",
        "event_type:string",
        "user_id:int?",
        "timestamp:timestamp",
        "properties:json?",
    ),
}

# The field a request's "only <value> events" compares, per preset ("only purchase events").
DISCRIMINATORS: dict[str, str] = {
    "clickstream": "event_type",
    "events": "event_type",
    "logs": "level",
    "payments": "status",
    "iot": "sensor",
    "sales": "category",
    "profile_updates": "segment",
}

# Profile attributes a Redis user-profile lookup returns, and how they land on the event.
PROFILE_FIELDS: list[tuple[str, str, str]] = [
    ("email", "user_email", "string"),
    ("segment", "user_segment", "string"),
    ("signup_date", "user_signup_date", "date"),
]

# Redis lookups per entity: key prefix and (source field, target field, type) mappings.
# The user lookup is the seed's (user:profile:{user_id} holding a JSON profile).
LOOKUPS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "user": ("user:profile:", PROFILE_FIELDS),
    "customer": (
        "customer:",
        [
            ("name", "customer_name", "string"),
            ("segment", "customer_segment", "string"),
            ("country", "customer_country", "string"),
        ],
    ),
    "product": (
        "product:",
        [
            ("name", "product_name", "string"),
            ("category", "product_category", "string"),
            ("price", "product_price", "float"),
        ],
    ),
    "device": (
        "device:",
        [
            ("model", "device_model", "string"),
            ("location", "device_location", "string"),
            ("owner", "device_owner", "string"),
        ],
    ),
    "merchant": (
        "merchant:",
        [
            ("name", "merchant_name", "string"),
            ("category", "merchant_category", "string"),
            ("country", "merchant_country", "string"),
        ],
    ),
}

# Stream-stream join mappings per right-hand preset (the seed's profile join); other presets
# map every right field except the key, prefixed when the left stream already has the name.
JOIN_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "profile_updates": [
        ("email", "user_email", "string"),
        ("name", "user_name", "string"),
        ("segment", "user_segment", "string"),
        ("country", "user_country", "string"),
        ("timestamp", "profile_updated_at", "timestamp"),
    ],
}

# The seed's CDC tables (orders_db.public.orders / order_items).
CDC_TABLES: dict[str, CdcTable] = {
    "orders": CdcTable(
        name="orders",
        primary_key=["order_id"],
        columns=_fields(
            "order_id:int",
            "customer_id:int",
            "order_date:date",
            "status:string",
            "total_amount:float",
            "created_at:timestamp",
            "updated_at:timestamp",
        ),
    ),
    "order_items": CdcTable(
        name="order_items",
        primary_key=["item_id"],
        columns=_fields(
            "item_id:int",
            "order_id:int",
            "product_id:int",
            "quantity:int",
            "price:float",
            "created_at:timestamp",
            "updated_at:timestamp",
        ),
    ),
}


def preset_schema(name: str) -> Schema:
    return Schema(fields=[f.model_copy() for f in PRESETS[name]], preset=name)


def declared_names() -> set[str]:
    """Every field name some preset declares (for the LLM hallucination guard)."""
    names = {f.name for fields in PRESETS.values() for f in fields}
    names |= {target for _, target, _ in PROFILE_FIELDS} | {src for src, _, _ in PROFILE_FIELDS}
    for _, mapping in LOOKUPS.values():
        names |= {target for _, target, _ in mapping} | {src for src, _, _ in mapping}
    for mapping in JOIN_FIELDS.values():
        names |= {target for _, target, _ in mapping}
    for table in CDC_TABLES.values():
        names |= {c.name for c in table.columns} | {table.name}
    return names
