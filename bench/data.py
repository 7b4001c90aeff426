"""Deterministic, realistic benchmark events (300-500 bytes of JSON each), generated as a stream.

Every generator yields (key bytes, value bytes) in event-time order, so that each partition of a
keyed topic sees increasing event times, as a live producer would send them.

Key churn: the clickstream has one session (and one user, the join key) per ~5 events, started
at a steady pace over an event-time span of ~21.6 ms per event (6 hours for 1M events). A session
lasts up to 20 minutes, so the operators' state holds only the sessions of the last ~50 minutes
of event time while 200k distinct keys pass through it over a 1M-event run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime

import orjson

BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
USER_BASE = 10_000_000  # user ids of the benchmark; far from the e2e tests' 1..N
EVENTS_PER_SESSION = 5
SPAN_MS_PER_EVENT = 21.6
SESSION_MAX_MS = 20 * 60_000
FAR_FUTURE_MS = 24 * 3600_000  # closers: one day after the last event closes every window/session

PAGES = [
    "/", "/search", "/cart", "/checkout", "/account", "/help", "/deals", "/new-arrivals",
    *(f"/category/{c}" for c in ("shoes", "jackets", "bags", "watches", "toys", "books", "garden")),
    *(f"/product/{n:06d}" for n in range(40)),
]  # fmt: skip
REFERRERS = [None, None, "https://www.google.com/", "https://www.bing.com/", "https://t.co/x1y2z3",
             "https://news.example.org/top", "https://shop.example.com/"]  # fmt: skip
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
]
PLACES = [("DE", "Berlin"), ("DE", "Munich"), ("FR", "Paris"), ("FR", "Lyon"), ("US", "New York"),
          ("US", "Austin"), ("GB", "London"), ("NL", "Amsterdam"), ("ES", "Madrid"), ("IT", "Milan")]  # fmt: skip
EVENT_TYPES = ["page_view"] * 14 + ["click"] * 4 + ["add_to_cart", "purchase"]
SEGMENTS = ["free", "gold", "platinum", "trial"]
CATEGORIES = ["electronics", "books", "garden", "toys", "fashion", "beauty", "sports", "grocery",
              "home", "auto", "music", "games", "office", "pets", "baby", "jewelry", "health",
              "tools", "outdoor", "kitchen", "video", "software", "crafts", "travel"]  # fmt: skip
PAYMENT = ["card", "paypal", "apple_pay", "invoice", "gift_card"]
CHANNELS = ["web", "ios", "android", "store"]
STATUSES = ["pending", "paid", "packed", "shipped", "delivered", "cancelled"]
STREETS = ["Hauptstrasse", "Rue de Rivoli", "Main Street", "Kalverstraat", "Gran Via", "Via Roma"]


def iso_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def iso_us(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


# --- clickstream (user-events, clickstream-events) and profile updates (user-profile-updates)


def session_plan(events: int, seed: int = 7) -> list[tuple[int, int, int]]:
    """(event time ms, session number, event number within the session), in event-time order."""
    rng = random.Random(seed)
    sessions = max(1, events // EVENTS_PER_SESSION)
    span_ms = events * SPAN_MS_PER_EVENT
    step = span_ms / sessions
    plan: list[tuple[int, int, int]] = []
    left = events
    for k in range(sessions):
        count = EVENTS_PER_SESSION if k < sessions - 1 else left
        count = min(count, left)
        start = BASE_MS + int(k * step) + rng.randrange(1000)
        offsets = sorted(rng.randrange(1, SESSION_MAX_MS) for _ in range(count - 1))
        plan.append((start, k, 0))
        plan += [(start + off, k, n) for n, off in enumerate(offsets, 1)]
        left -= count
    plan.sort()
    return plan


def user_id(session: int) -> int:
    return USER_BASE + session


def click_event(rng: random.Random, at_ms: int, session: int, n: int) -> dict:
    country, city = PLACES[session % len(PLACES)]
    return {
        "event_id": f"{session:08x}-{n:04x}-4{_hex(rng, 3)}-a{_hex(rng, 3)}-{_hex(rng, 12)}",
        "event_type": EVENT_TYPES[rng.randrange(len(EVENT_TYPES))],
        "user_id": user_id(session),
        "session_id": f"sess-{session:08d}-{(session * 2654435761) & 0xFFFFFFFF:08x}",
        "timestamp": iso_ms(at_ms),
        "page_url": PAGES[rng.randrange(len(PAGES))],
        "referrer": REFERRERS[rng.randrange(len(REFERRERS))],
        "user_agent": USER_AGENTS[session % len(USER_AGENTS)],
        "ip_address": f"203.0.{session % 256}.{(session >> 8) % 256}",
        "country": country,
        "city": city,
        "properties": {"lang": "en-US", "ab": "B" if session % 2 else "A"},
    }


def clickstream(
    events: int, seed: int = 7, plan: list[tuple[int, int, int]] | None = None
) -> Iterator[tuple[int, bytes, bytes]]:
    """(event time ms, key, value) of the clickstream, keyed by user_id."""
    rng = random.Random(seed + 1)
    for at, session, n in plan or session_plan(events, seed):
        event = click_event(rng, at, session, n)
        yield at, str(event["user_id"]).encode(), orjson.dumps(event)


def profile_update(rng: random.Random, at_ms: int, session: int) -> dict:
    uid = user_id(session)
    country, city = PLACES[session % len(PLACES)]
    return {
        "user_id": uid,
        "email": f"user{uid}@example.com",
        "name": f"Customer {uid}",
        "segment": SEGMENTS[session % len(SEGMENTS)],
        "country": country,
        "timestamp": iso_ms(at_ms),
        "address": {
            "street": f"{STREETS[session % len(STREETS)]} {session % 200 + 1}",
            "city": city,
            "postcode": f"{10000 + session % 89999}",
        },
        "preferences": {"newsletter": bool(session % 3), "language": "en", "currency": "EUR"},
        "updated_by": "profile-service",
        "change_reason": "user edited account settings",
    }


def profile_updates(
    events: int, seed: int = 7, plan: list[tuple[int, int, int]] | None = None
) -> Iterator[tuple[int, bytes, bytes]]:
    """One profile update for every other session, a few minutes into it (right side of the join)."""
    rng = random.Random(seed + 2)
    firsts = [(at, session) for at, session, n in plan or session_plan(events, seed) if n == 0]
    updates = sorted(
        (at + rng.randrange(0, 5 * 60_000), session) for at, session in firsts if session % 2 == 0
    )
    for at, session in updates:
        yield at, str(user_id(session)).encode(), orjson.dumps(profile_update(rng, at, session))


def redis_profile(session: int) -> bytes:
    uid = user_id(session)
    return orjson.dumps(
        {
            "email": f"user{uid}@example.com",
            "segment": SEGMENTS[session % len(SEGMENTS)],
            "signup_date": f"2025-{1 + session % 12:02d}-{1 + session % 28:02d}",
        }
    )


# --- sales (sales-events)


def sales(events: int, seed: int = 11) -> Iterator[tuple[int, bytes, bytes]]:
    """Sales keyed by category, ~8 events per second of event time (1M: ~35 hours of 1-min windows)."""
    rng = random.Random(seed)
    at = BASE_MS
    for i in range(events):
        at += rng.randrange(0, 250)
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        quantity = 1 + rng.randrange(4)
        price = round(2 + rng.random() * 300, 2)
        event = {
            "transaction_id": f"tx-{i:010d}-{_hex(rng, 12)}",
            "customer_id": 500_000 + rng.randrange(200_000),
            "product_id": 1_000 + rng.randrange(50_000),
            "category": category,
            "amount": round(price * quantity, 2),
            "quantity": quantity,
            "timestamp": iso_ms(at),
            "store_id": f"store-{rng.randrange(400):04d}",
            "channel": CHANNELS[rng.randrange(len(CHANNELS))],
            "payment_method": PAYMENT[rng.randrange(len(PAYMENT))],
            "currency": "EUR",
            "unit_price": price,
            "discount": 0.0 if rng.random() < 0.7 else round(rng.random() * 20, 2),
            "coupon_code": None if rng.random() < 0.8 else f"SAVE{rng.randrange(5, 40)}",
            "sku": f"SKU-{category[:3].upper()}-{rng.randrange(10**8):08d}",
            "cashier": None,
            "shipping": {"method": "standard", "country": PLACES[i % len(PLACES)][0]},
        }
        yield at, category.encode(), orjson.dumps(event)


# --- CDC (orders.public.orders, orders.public.order_items), as Debezium's ExtractNewRecordState
# with add.fields=op,lsn and delete.tombstone.handling.mode=rewrite emits them: the flat row plus
# __op, __lsn and __deleted; time.precision.mode=connect (epoch ms, dates as epoch days),
# decimal.handling.mode=double, JSON keys without schema.


def cdc(events: int, seed: int = 13) -> Iterator[tuple[str, int, bytes, bytes]]:
    """(table, lsn, key, value): 40% orders, 60% order items; 60% inserts, 35% updates, 5% deletes."""
    rng = random.Random(seed)
    lsn = 40_000_000
    at = BASE_MS
    rows: dict[str, list[int]] = {"orders": [], "order_items": []}
    for _ in range(events):
        table = "orders" if rng.random() < 0.4 else "order_items"
        lsn += 40 + rng.randrange(400)
        at += rng.randrange(0, 50)
        ids = rows[table]
        roll = rng.random()
        if roll < 0.6 or len(ids) < 10:
            op, row_id = "c", len(ids) + 1
            ids.append(row_id)
        else:
            op = "u" if roll < 0.95 else "d"
            row_id = ids[-1 - min(len(ids) - 1, int(rng.expovariate(1 / 500)))]
        if table == "orders":
            key = f'{{"order_id":{row_id}}}'.encode()
            row: dict = {"order_id": row_id}
            if op != "d":
                row |= {
                    "customer_id": 500_000 + row_id % 200_000,
                    "order_date": 20454 + (at - BASE_MS) // 86_400_000,
                    "status": STATUSES[0 if op == "c" else 1 + rng.randrange(len(STATUSES) - 1)],
                    "total_amount": round(5 + rng.random() * 900, 2),
                    "created_at": at - (0 if op == "c" else rng.randrange(3_600_000)),
                    "updated_at": at,
                    "currency": "EUR",
                    "payment_method": PAYMENT[row_id % len(PAYMENT)],
                    "shipping_address": f"{STREETS[row_id % len(STREETS)]} {row_id % 300 + 1}, "
                    f"{PLACES[row_id % len(PLACES)][1]}",
                    "notes": "leave at the door" if row_id % 5 == 0 else None,
                    "sales_channel": CHANNELS[row_id % len(CHANNELS)],
                }
            else:
                row |= dict.fromkeys(("customer_id", "order_date", "status", "total_amount",
                                      "created_at", "updated_at", "currency", "payment_method",
                                      "shipping_address", "notes", "sales_channel"))  # fmt: skip
        else:
            key = f'{{"item_id":{row_id}}}'.encode()
            row = {"item_id": row_id}
            if op != "d":
                row |= {
                    "order_id": 1 + row_id // 3,
                    "product_id": 1_000 + rng.randrange(50_000),
                    "quantity": 1 + rng.randrange(5),
                    "price": round(1 + rng.random() * 250, 2),
                    "created_at": at - (0 if op == "c" else rng.randrange(3_600_000)),
                    "updated_at": at,
                    "sku": f"SKU-{rng.randrange(10**8):08d}",
                    "product_name": f"Product {row_id % 9973} - {CATEGORIES[row_id % 24]}",
                    "warehouse": f"WH-{row_id % 12:02d}",
                    "gift_wrap": row_id % 7 == 0,
                    "discount_code": None,
                }
            else:
                row |= dict.fromkeys(("order_id", "product_id", "quantity", "price", "created_at",
                                      "updated_at", "sku", "product_name", "warehouse",
                                      "gift_wrap", "discount_code"))  # fmt: skip
        row |= {"__op": op, "__lsn": lsn, "__deleted": "true" if op == "d" else "false"}
        yield table, lsn, key, orjson.dumps(row)


# --- closers: events far in the future, sent to every partition after the data, so that the
# watermark passes every window, session and join buffer and the processors can commit the data.


def click_closer(at_ms: int, partition: int, n: int) -> bytes:
    return orjson.dumps(
        {"event_id": f"closer-{partition}-{n}", "event_type": "page_view", "user_id": 1,
         "session_id": f"bench-closer-{partition}", "timestamp": iso_ms(at_ms), "page_url": "/"}
    )  # fmt: skip


def profile_closer(at_ms: int, partition: int) -> bytes:
    return orjson.dumps({"user_id": 2, "email": f"closer{partition}@example.com",
                         "timestamp": iso_ms(at_ms)})  # fmt: skip


def sales_closer(at_ms: int, partition: int) -> bytes:
    return orjson.dumps(
        {"transaction_id": f"closer-{partition}", "customer_id": 1, "product_id": 1,
         "category": "bench-closer", "amount": 0.0, "quantity": 0, "timestamp": iso_ms(at_ms)}
    )  # fmt: skip
