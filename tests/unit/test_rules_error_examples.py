"""Every example an offline-parser message gives ("e.g. ...") parses when a user follows it.

The examples are collected from the message texts in generator/parse/rules/ (string literals,
f-strings and implicit concatenations, read with `ast`), so a new message with an example fails
`test_every_example_has_a_request` until a request following it is added here. Each request
must contain the example's words (an example with "..." is a fragment: each part must appear)
and must parse without an error.
"""

import ast
import re
from pathlib import Path

import pytest

from generator.parse.rules import parse_request
from generator.parse.rules.lexicon import EXAMPLE

RULES = Path(__file__).resolve().parents[2] / "generator" / "parse" / "rules"


def _texts(node: ast.AST) -> list[str]:
    """The string a constant or f-string spells ({expr} for each interpolation)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                assert isinstance(value, ast.FormattedValue)
                parts.append("{" + ast.unparse(value.value) + "}")
        return ["".join(parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return ["".join(_texts(node.left) + _texts(node.right))]
    return []


def collect_examples() -> set[str]:
    examples = set()
    for path in sorted(RULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for text in _texts(node):
                examples |= set(re.findall(r'e\.g\. "([^"]+)"', text))
                examples |= set(re.findall(r"e\.g\. ([^\s\"()]+)", text))
    return {e.replace("{EXAMPLE}", EXAMPLE).rstrip(".,;") for e in examples}


# example (as the message gives it) -> a request a user would write following it
FOLLOWED = {
    EXAMPLE: EXAMPLE,
    # (h46/lead: "the top 10% of users", a share refused, with a count and a threshold offered)
    "the top 10 users by spend every hour": (
        "Read topic purchases; the top 10 users by spend every hour to topic top_users."
    ),
    "keep events where score > 90": (
        "Read topic events; keep events where score > 90; write to topic top_events."
    ),
    # (h46/src24: a partition count said of the topic read, refused)
    "write to Kafka topic big-orders with 12 partitions": (
        "Read topic orders, keep amount > 100, write to Kafka topic big-orders with 12 partitions"
    ),
    # (h45/lead: "at most one alert per device per 10 minutes", a rate limit as a dedup)
    "drop repeats of the same device_id within 10 minutes": (
        "From temperature readings (topic thermo) emit an alert to Kafka thermo.alerts when "
        "temp_c rises above 80, and drop repeats of the same device_id within 10 minutes."
    ),
    # (h45/joins23: a table join whose table is named without its topic)
    "join orders with the customers table from the Debezium topic shop.public.customers on "
    "customer_id": (
        "Read topic orders, join orders with the customers table from the Debezium topic "
        "shop.public.customers on customer_id, taking tier, and write to ClickHouse "
        "analytics.orders_enriched."
    ),
    # (h45/agg23: "count orders by date" with no field named date)
    "order_date": (
        "Read topic orders, count orders per order_date every hour, write to ClickHouse "
        "analytics.orders_by_date"
    ),
    # (h45/agg23: "count purchases" on topic events, which says only that it carries events)
    "keep event_type = {one}, then count {noun} per user_id every hour": (
        "Read topic events, keep event_type = purchase, then count purchases per user_id every "
        "hour, write to ClickHouse analytics.purchases"
    ),
    # (h44/t88: "add the driver's name" of a join with no driver)
    "add name and tier": (
        "Rentals arrive on fleet.rentals. Join each rental with the compacted topic "
        "fleet.vehicles (vehicle_id on both sides) and add name and tier. Write to kafka "
        "fleet.rentals_full."
    ),
    # (h43/lead: a dotted name nothing reads, a topic's or a table's)
    "write to Kafka topic {named}": (
        "Consume 'telemetry' and keep records where battery_pct is under 15; write to Kafka "
        "topic alerts.battery."
    ),
    # (h43/lead: two conditions read apart with 'or' between them)
    "keep orders where amount > 100 or priority = 'high'": (
        "Read topic orders; keep orders where amount > 100 or priority = 'high'. Write to topic "
        "orders.flagged."
    ),
    # (h43/hunt: "where amount excluding vat is over 500", a word leaving something out)
    "compute net = amount - tax": (
        "Read topic invoices, compute net = amount - tax, keep invoices where net is over 500, "
        "write to topic big-invoices"
    ),
    # (h42/agg20: a ranking adjective whose measure is no time, "average basket", "highest
    # single sale")
    "the 3 boats with the highest avg_knots": (
        "From regatta.laps, average knots per boat_id every hour as avg_knots, and keep the 3 "
        "boats with the highest avg_knots; print them"
    ),
    "average item_count per store_id every hour": (
        "From topic baskets, average item_count per store_id every hour, print to stdout"
    ),
    "max amount per store_id every hour": (
        "From topic sales, max amount per store_id every hour, print to stdout"
    ),
    # (h41/lead: "everything else" after a keep, one sink)
    "keep kwh <= 0 and write them to topic zero-reads": (
        "Read topic meter-reads, keep kwh <= 0 and write them to topic zero-reads."
    ),
    # (h40/lead: windows "on the hour" whose size does not fit whole hours)
    "every 30 minutes on the hour": (
        "From bakery.sales, total the amount per shop_id every 30 minutes on the hour; print "
        "the totals to stdout"
    ),
    # (h40/t77: a window length of zero)
    "in tumbling windows of 30 seconds": (
        "read topic hover.telemetry, count readings per craft_id in tumbling windows of 30 "
        "seconds, print to stdout"
    ),
    "over the last 10 minutes, every minute": (
        "read topic shop.orders and count orders per store_id over the last 10 minutes, every "
        "minute; print to stdout"
    ),
    # (h39/hunt)
    "compute price_per_kg = price / weight_kg": (
        "read topic produce-sales, compute price_per_kg = price / weight_kg, then average "
        "price_per_kg per market every day, write to topic market-prices"
    ),
    "look up the {entity} in Redis by {entity}_id, adding {names}": (
        "read topic orders, look up the customer in Redis by customer_id, adding tier, write to "
        "topic orders-tiered"
    ),
    # (h39/t74)
    # (h47/joins25: an order fact that goes the other way from the bound after it)
    "a return always follows its shipment, at most 30 days later": (
        "Join shop.shipments with shop.returns on shipment_id; a return always follows its "
        "shipment, at most 30 days later. Take reason. Write to stdout."
    ),
    "pickups up to 45 minutes after the dispatch": (
        "Join topic cargo.dispatches with cargo.pickups on order_id, pickups up to 45 minutes "
        "after the dispatch, taking pickup_bay. Print to stdout."
    ),
    # (h38/hunt2)
    "count orders per region in 15 minute windows sliding every 5 minutes": (
        "read topic shop.orders, count orders per region in 15 minute windows sliding every 5 "
        "minutes, write to topic shop.region-counts"
    ),
    "keep orders where amount >= 5": (
        "read topic shop.orders, keep orders where amount >= 5, write to topic shop.ok-orders"
    ),
    # (h35/lead)
    "keep orders where region = 'EU'": (
        "read topic shop.orders, keep orders where region = 'EU', write to kafka shop.eu-orders"
    ),
    "count errors per user_id every minute, keep users with more than 3": (
        "read topic app.errors, count errors per user_id every minute, keep users with more "
        "than 3, write to kafka app.noisy-users"
    ),
    # (h31/wrong12)
    "write to Redis key valve:{valve_id}": "read topic valves, write to Redis key valve:{valve_id}",
    "add distance_km = distance_m / 1000": (
        "read topic deliveries, add distance_km = distance_m / 1000, sum distance_km per "
        "courier_id every day, write to topic courier-km"
    ),
    "adding tier and region": (
        "read topic orders, enrich from Redis key customer:{customer_id} adding tier and region, "
        "write to topic orders-enriched"
    ),
    "the 5 runners with the lowest finish_time": (
        "from topic race.results, every hour per race_id and runner_id take the min finish_time_s "
        "as finish_time, keep the 5 runners with the lowest finish_time per race_id, print to "
        "stdout"
    ),
    "count rides per station_id every hour, keep the top 3 by ride count": (
        "from topic bikeshare.rides, count rides per station_id every hour, keep the top 3 by "
        "ride count, write to kafka topic busy-stations"
    ),
    "litres between 5 and 50": (
        "read topic farm.milk, keep yields where litres between 5 and 50, write to kafka topic "
        "farm.mid"
    ),
    "topic prefix shopcdc": (
        "Replicate the Postgres table public.carts (cart_id int pk, status text) with Debezium, "
        "topic prefix shopcdc, into ClickHouse database mirror"
    ),
    "look up Redis key customer:{customer_id} for loyalty_tier and home_region": (
        "read topic orders, look up Redis key customer:{customer_id} for loyalty_tier and "
        "home_region, write to stdout"
    ),
    "missing customers go to the dead letter topic customers-missing": (
        "read topic orders, enrich from Redis key customer:{customer_id} adding tier; missing "
        "customers go to the dead letter topic customers-missing. Write to stdout"
    ),
    "amount > 50": "from topic orders keep orders where amount > 50, to stdout",
    "keep orders where amount > 500": "from topic orders keep orders where amount > 500, to stdout",
    # (h46/cond24: a list said empty, compared by the field that counts its items)
    "keep orders where item_count is 0": (
        "Read topic orders, keep orders where item_count is 0, write to topic empty_orders"
    ),
    "keep payments where status = 'settled'": (
        "from topic payments keep payments where status = 'settled', to stdout"
    ),
    "outcome in ('negative', '0')": (
        "from topic tests keep tests where outcome in ('negative', '0'), to stdout"
    ),
    "keep orders where amount > 100 and country = 'US'": (
        "from topic orders keep orders where amount > 100 and country = 'US', to stdout"
    ),
    "add site_name (string) and max_dose (float)": (
        "from topic dosing look up each pump in Redis at key pump:{pump_id} and add site_name "
        "(string) and max_dose (float), to stdout"
    ),
    "drop claims without a policy_id": (
        "Read topic claims; drop claims without a policy_id; write to topic claims-ok."
    ),
    "drop bets without a customer_id or with stake = 0": (
        "from topic bets drop bets without a customer_id or with stake = 0, to stdout"
    ),
    # (h47/hunt: "revenue" with the records' fields listed and no money field among them)
    "sum of price per store_id every hour": (
        "Read topic laundry.cycles with fields store_id, price and timestamp; "
        "sum of price per store_id every hour to stdout"
    ),
    # (h47/hunt: "drop internal traffic (ip starts with '10.')", the parentheses kept apart)
    "drop clicks where ip starts with '10.'": (
        "Read topic clicks, drop clicks where ip starts with '10.', write stdout"
    ),
    "drop bets where customer_id is null and stake = 0": (
        "from topic bets drop bets where customer_id is null and stake = 0, to stdout"
    ),
    "keep bets where customer_id is not null or stake > 0": (
        "from topic bets keep bets where customer_id is not null or stake > 0, to stdout"
    ),
    "the orders table also has a notes column: exclude it": (
        "Replicate the Postgres tables orders (id int pk, total float) and items (item_id int pk, "
        "qty int) from database shop into ClickHouse with Debezium; the orders table also has a "
        "notes column: exclude it."
    ),
    "table orders(id int, name)": (
        "replicate the Postgres table orders(id int, name) to ClickHouse with Debezium"
    ),
    "tables orders(id int) and changes(id int, note)": (
        "replicate the Postgres tables orders(id int) and changes(id int, note) into ClickHouse "
        "with Debezium"
    ),
    "keep payments where status = 'captured'": (
        "from topic payments keep payments where status = 'captured', write to topic captured"
    ),
    "send bad records to topic orders-dlq": (
        "from topic orders keep amount > 0, to stdout, send bad records to topic orders-dlq"
    ),
    "lat as scan_lat and lon as scan_lon": (
        "join delivery-scans with driver-locations on vehicle_id within 2 minutes, taking lat as "
        "scan_lat and lon as scan_lon, to stdout"
    ),
    "sum of amount as gmv per category every 5 minutes": (
        "from topic orders sum of amount as gmv per category every 5 minutes, to stdout"
    ),
    "keep records where wind_kmh > 80 or gust_kmh > 100": (
        "from topic hut-weather keep records where wind_kmh > 80 or gust_kmh > 100, to stdout"
    ),
    "keep events where kind = 'elevator' and door_cycles > 50000": (
        "from topic lift-events keep events where kind = 'elevator' and door_cycles > 50000, "
        "to stdout"
    ),
    "the top 5 stores per hour by amount": (
        "Read topic orders, keep the top 5 stores per hour by amount, write to ClickHouse s.top5"
    ),
    "average is_card per store_id every hour": (
        "from topic sales average is_card per store_id every hour, write to ClickHouse r.cards"
    ),
    "sum order_total per store_id every hour": (
        "from topic orders sum order_total per store_id every hour, print"
    ),
    "min, max and average latency_ms per endpoint every minute": (
        "from topic api-calls compute the min, max and average latency_ms per endpoint every "
        "minute, print"
    ),
    "keep orders where source = 'web', then deduplicate by order_id within 1 hour": (
        "from topic orders keep orders where source = 'web', then deduplicate by order_id "
        "within 1 hour, print"
    ),
    "keep payments where currency = 'EUR'": (
        "from topic payments keep payments where currency = 'EUR', print"
    ),
    "drop orders where customer_id is null": (
        "from topic orders drop orders where customer_id is null, print"
    ),
    "compute net_kg = gross_kg - tare_kg, then keep loads where net_kg > 20000": (
        "From topic quarry-weighbridge, compute net_kg = gross_kg - tare_kg, then keep loads "
        "where net_kg > 20000, write to stdout"
    ),
    "enrich orders from Redis, key customer:{customer_id}, taking tier as customer_tier and region": (
        "read topic web-orders; enrich orders from Redis, key customer:{customer_id}, taking tier "
        "as customer_tier and region; print"
    ),
    "join orders with shipments on order_id within 2 days": (
        "from topics orders and shipments join orders with shipments on order_id within 2 days "
        "taking carrier, print"
    ),
    "keep orders where amount <= 100 or status = 'vip'": (
        "from topic orders keep orders where amount <= 100 or status = 'vip', print"
    ),
    "keep orders where amount > 100 and (quantity < 5 or status = 'vip')": (
        "from topic orders keep orders where amount > 100 and (quantity < 5 or status = 'vip'), "
        "print"
    ),
    "dedup by order_id and customer_id": (
        "from topic orders dedup by order_id and customer_id within 10 minutes, print"
    ),
    "drop orders without tier": (
        "read topic orders; enrich orders from Redis, key customer:{customer_id}, fields tier "
        "and country; drop orders without tier; print"
    ),
    "missing customers go to the dead letter topic": (
        "read topic orders; enrich orders from Redis, key customer:{customer_id}, fields tier; "
        "missing customers go to the dead letter topic; print"
    ),
    "enrich orders from Redis, key customer:{customer_id}, fields tier and country": (
        "read topic web-orders; enrich orders from Redis, key customer:{customer_id}, fields tier "
        "and country; print"
    ),
    "keep orders where item_count > 5": "read topic orders, keep orders where item_count > 5, print",
    "keep carts where total > 50 or item_count > 3": (
        "read topic shop.carts, keep carts where total > 50 or item_count > 3, write to topic "
        "shop.big-carts"
    ),
    "keep payments where status = 'failed', then count payments per merchant_id every hour": (
        "from topic payments keep payments where status = 'failed', then count payments per "
        "merchant_id every hour, write to stdout"
    ),
    "keep records where payment_amount > 100": (
        "join topic orders with topic payments on order_id within 1 hour, keep records where "
        "payment_amount > 100, write to stdout"
    ),
    "customer_id must not be null": ("read topic orders; customer_id must not be null; print"),
    "where avg_temperature > 30": (
        "read topic readings; average temperature and max humidity per device_id every 5 "
        "minutes, only where avg_temperature > 30; print"
    ),
    "with header source=checkout": (
        "read topic orders and write them to topic orders-out with header source=checkout"
    ),
    "join orders with payments on order_id within 15 minutes, taking status and amount": (
        "join orders with payments on order_id within 15 minutes, taking status and amount, "
        "and print them"
    ),
    # (h37/joins15)
    "join orders with payments on order_ref = order_id within 15 minutes": (
        "join orders with payments on order_ref = order_id within 15 minutes, taking status, "
        "and print them"
    ),
    "left join orders with payments on order_id within 15 minutes": (
        "left join orders with payments on order_id within 15 minutes and print them"
    ),
    "drop records where status = cancelled": (
        "read topic appt-events, drop records where status = cancelled, write to appt-active"
    ),
    "convert weight_g to kilograms as weight_kg": (
        "read topic parcel-scans, convert weight_g to kilograms as weight_kg, write to parcels-kg"
    ),
    "compute total = price * quantity": (
        "from topic 'orders' compute total = price * quantity and print"
    ),
    "compute temp_c = (temp_f - 32) * 5 / 9": (
        "from topic 'wx-obs' compute temp_c = (temp_f - 32) * 5 / 9 and print"
    ),
    "from Kafka topic 'events'": "Read orders from Kafka topic 'events' and print them",
    (
        "read topic orders with fields order_id (int), amount (float), timestamp (timestamp) and "
        "write them to clickhouse shop.orders"
    ): (
        "read topic orders with fields order_id (int), amount (float), timestamp (timestamp) and "
        "write them to clickhouse shop.orders"
    ),
    "replicate the PostgreSQL tables orders and order_items with Debezium": (
        "replicate the PostgreSQL tables orders and order_items with Debezium"
    ),
    "replicate the PostgreSQL tables orders and order_items to ClickHouse with Debezium": (
        "replicate the PostgreSQL tables orders and order_items to ClickHouse with Debezium"
    ),
    "replicate the {db.group(0)} tables orders and order_items to ClickHouse with Debezium": (
        "replicate the PostgreSQL tables orders and order_items to ClickHouse with Debezium"
    ),
    "table {base}(id int, name, updated_at timestamp)": (
        "replicate the PostgreSQL table customers(id int, name, updated_at timestamp) "
        "with Debezium into ClickHouse"
    ),
    "deduplicate by event_id over 1 hour": (
        "from topic 'events' deduplicate by event_id over 1 hour and print"
    ),
    "look up {entity} data in Redis adding name and tier": (
        "from topic 'orders' look up customer data in Redis adding name and tier, print"
    ),
    "A payment comes at most 48 hours after the approval": (
        "Approvals are published to topic claims-approved and the payment system writes to "
        "payments-issued; both carry claim_id. A payment comes at most 48 hours after the "
        "approval. Join them, taking amount, and print them"
    ),
    "join topic 'orders' with topic 'payments' on order_id within 15 minutes": (
        "join topic 'orders' with topic 'payments' on order_id within 15 minutes, taking "
        "amount, print"
    ),
    "join ... with topic 'profiles' on user_id within 5 minutes": (
        "join topic 'clicks' with topic 'profiles' on user_id within 5 minutes, print"
    ),
    "within 5 minutes": (
        "join topic 'clicks' with topic 'profile-updates' on user_id within 5 minutes, print"
    ),
    "... from compacted topic 'x' taking name and tier": (
        "from topic 'orders' join on customer_id the latest customer from compacted topic 'x' "
        "taking name and tier, print"
    ),
    "... from the compacted topic 'warehouses' on warehouse_id, taking city": (
        "read topic shipments; enrich each shipment with the warehouse details from the "
        "compacted topic 'warehouses' on warehouse_id, taking city; print"
    ),
    "on user_id": "join topic 'clicks' with topic 'profiles' on user_id within 5 minutes, print",
    "paid_at (timestamp, the event time)": (
        "topic payments, fields: payment_id (string), amount (float), paid_at (timestamp, the "
        "event time); sum amount per day, print"
    ),
    "count events per user_id in session windows with a 30 minute gap, keep only windows with more than 100 events": (
        "from topic clicks, count events per user_id in session windows with a 30 minute gap, "
        "keep only windows with more than 100 events, print"
    ),
    "event time created_at": (
        "from topic orders, event time created_at, sum amount per store_id every hour, print"
    ),
    "clicks up to 10 minutes after the impression": (
        "join topic impressions with topic clicks on impression_id, clicks up to 10 minutes after "
        "the impression, print"
    ),
    "payments up to 10 minutes before or 20 minutes after the order": (
        "join topic orders with topic payments on order_id, payments up to 10 minutes before or "
        "20 minutes after the order, print"
    ),
    "as epoch milliseconds": (
        "from topic 'pings' with event time in field ping_time as epoch milliseconds, print"
    ),
    "delete rows 30 days after their created_at": (
        "from topic 'signups' store in ClickHouse table web.signups and delete rows 30 days after "
        "their created_at"
    ),
    "... taking status and amount": (
        "join topic 'clicks' with topic 'ratings' on user_id within 5 minutes taking status and "
        "amount, print"
    ),
    "count events per user_id in session windows with a 15 minute gap": (
        "from topic 'clicks' count events per user_id in session windows with a 15 minute gap, "
        "print"
    ),
    "session windows with a 15 minute gap": (
        "from topic 'clicks' count events per user_id in session windows with a 15 minute gap, "
        "print"
    ),
    "write to Redis keyed by user_id": "from topic 'profiles' write to Redis keyed by user_id",
    "partitioned by day of created_at": (
        "from topic 'clicks' store in ClickHouse table web.clicks partitioned by day of created_at"
    ),
    "1-minute tumbling windows": "from topic 'sales' count events in 1-minute tumbling windows, print",
    "sliding 1 hour every 5 minutes": (
        "from topic 'views' count views sliding 1 hour every 5 minutes, print"
    ),
    "when the count exceeds 20": (
        "from topic 'logins' count logins per user_id every minute and print when the count "
        "exceeds 20"
    ),
    "look up the model from compacted topic 'fleet' on scooter_id": (
        "read topic 'rides', look up the model from compacted topic 'fleet' on scooter_id, print"
    ),
    "SASL_SSL with SCRAM-SHA-512": (
        "read topic 'payments' over SASL_SSL with SCRAM-SHA-512 and print them"
    ),
    "keep logs where level is one of WARN, ERROR, FATAL": (
        "from topic 'app-logs' keep logs where level is one of WARN, ERROR, FATAL, print"
    ),
    "keep orders where status != 'cancelled'": (
        "from topic 'orders' keep orders where status != 'cancelled', print"
    ),
    "keep where is_test = false or is_test is null": (
        "from topic 'orders' keep where is_test = false or is_test is null, print"
    ),
    "only groups where avg temp_c > 30": (
        "from topic 'kilns' avg temp_c per kiln_id every hour, only groups where avg temp_c > 30,"
        " print"
    ),
    "top 5 products by revenue": (
        "from topic 'sales' top 5 products by revenue (sum of price) every hour, print"
    ),
    "top 3 venues by revenue (sum of price) every 30 minutes": (
        "from topic 'ticket-sales' top 3 venues by revenue (sum of price) every 30 minutes, print"
    ),
    "top 5 pages by views every 10 minutes": (
        "from topic 'page-views' top 5 pages by views every 10 minutes, print"
    ),
    "top 3 products by revenue in each category": (
        "from topic orders every hour, the top 3 products by revenue in each category, print"
    ),
    # (h45/hunt: a second key said to the sessions step, which keys on one field)
    "session windows per user_id and device_id with a 30 minute gap, count events": (
        "Read topic clicks, session windows per user_id and device_id with a 30 minute gap, "
        "count events, write to stdout"
    ),
    "session windows per user_id with a 30 minute gap, count distinct page_url": (
        "from topic clicks, session windows per user_id with a 30 minute gap, count distinct "
        "page_url, print"
    ),
    "sessionize per user_id with a 30 minute gap": (
        "from topic 'clicks' sessionize per user_id with a 30 minute gap, print"
    ),
    "'user:profile:{user_id}'": (
        "from topic 'clicks' enrich with user profiles from Redis key 'user:profile:{user_id}', "
        "print"
    ),
    "{user_id}": "from topic 'profiles' write to Redis under key profile:{user_id}",
    "user:profile:{user_id}": (
        "from topic 'clicks' enrich with user profiles from Redis key user:profile:{user_id}, print"
    ),
    "store in Redis as a hash keyed by user_id": (
        "from topic 'events' store in Redis as a hash keyed by user_id"
    ),
    "with a 1 hour TTL": "from topic 'events' store in Redis keyed by user_id with a 1 hour TTL",
    "retain 30 days": "from topic 'clicks' store in ClickHouse table web.clicks and retain 30 days",
    "retain 30 days based on created_at": (
        "from topic 'signups' store in ClickHouse table web.signups and retain 30 days based on "
        "created_at"
    ),
    "keep orders where amount > 100": "from topic orders keep orders where amount > 100, print",
    "only stores with more than 100 orders": (
        "from topic orders count orders per store_id every hour, only stores with more than 100 "
        "orders, print"
    ),
    "keep orders where amount >= 5 or status = 'vip'": (
        "from topic orders keep orders where amount >= 5 or status = 'vip', print"
    ),
    "keep orders where amount <= 100 or country = 'US'": (
        "from topic orders keep orders where amount <= 100 or country = 'US', print"
    ),
    "every 30 days": "from topic orders count orders per store_id every 30 days, print",
    "top 5 wafers by average yield_pct every hour": (
        "from topic die-tests keep the top 5 wafers by average yield_pct every hour, print"
    ),
    "only stores averaging more than 30": (
        "from topic orders avg amount per store_id every hour, only stores averaging more than 30, "
        "print"
    ),
    "every 8 hours": "from topic die-tests count dies per tester_id every 8 hours, print",
    # (h38/agg16: "seven times a day" does not divide a day into whole windows)
    "every 20 minutes": "from topic shop.orders count orders per store_id every 20 minutes, print",
    "shift_id": "from topic die-tests count dies per shift_id every hour, print",
    "count orders per store_id every 5 minutes with event time created_at": (
        "from topic orders count orders per store_id every 5 minutes with event time created_at, "
        "print"
    ),
    "drop readings where temp > 30 and humidity > 80": (
        "from topic readings drop readings where temp > 30 and humidity > 80, print"
    ),
    "only stores with more than 5 orders": (
        "from topic orders count orders per store_id every hour, only stores with more than 5 "
        "orders, print"
    ),
    "keep orders where amount > 100 and status != 'cancelled'": (
        "from topic orders keep orders where amount > 100 and status != 'cancelled', print"
    ),
    "where status != 'cancelled'": (
        "from topic orders keep orders where status != 'cancelled', print"
    ),
    "count readings per device_id every minute, only devices with more than 30 readings": (
        "from topic readings count readings per device_id every minute, only devices with more "
        "than 30 readings, print"
    ),
    "max amount per customer_id every day": (
        "from topic orders max amount per customer_id every day, print"
    ),
    "count orders every minute": "from topic orders count orders every minute, print",
    "from topic orders keep amount > 100 and write to topic big-orders": (
        "from topic orders keep amount > 100 and write to topic big-orders"
    ),
    "from topic orders keep status = 'paid', then count orders per store_id every hour": (
        "from topic orders keep status = 'paid', then count orders per store_id every hour"
    ),
    "drop records where email is empty": "from topic signups drop records where email is empty, print",
    "drop the fields email and phone": "from topic signups drop the fields email and phone, print",
    "keep orders where tier = 'gold'": "from topic orders keep orders where tier = 'gold', print",
    "drop events where created_at < '2024-01-01'": (
        "from topic events drop events where created_at < '2024-01-01', print"
    ),
    "keep orders where status = 'paid'": (
        "from topic orders keep orders where status = 'paid', print"
    ),
    "drop events where env = 'test'": "from topic events drop events where env = 'test', print",
    "keep calls where duration_s > 120": (
        "from topic call-records keep calls where duration_s > 120, print"
    ),
    "keep trips where distance_km > 0.5": (
        "from topic trips keep trips where distance_km > 0.5, print"
    ),
    # (h35/cond13: sign words and a bound on 0 in brackets naming different records)
    "keep payments where amount > 0": "read topic payments, keep payments where amount > 0, print",
    "keep sales whose amount is over 20": (
        "from topic sales keep sales whose amount is over 20, print"
    ),
    # (h45/cond23: money records compared, no single money field)
    "keep orders whose amount is between 100 and 500": (
        "from topic orders keep orders whose amount is between 100 and 500, print"
    ),
    # (h38/cond16)
    "keep anything whose total is over 300": (
        "read topic hostel.bookings, keep anything whose total is over 300, print"
    ),
    "count events per minute": "from topic events count events per minute, print",
    "drop rides where day_of_week = 'Sunday'": (
        "from topic scooter-rides drop rides where day_of_week = 'Sunday', print"
    ),
    "per city every hour compute the min, max and average of price, call them low, high and "
    "avg_price": (
        "from topic prices per city every hour compute the min, max and average of price, "
        "call them low, high and avg_price, print"
    ),
    "keep records where txn_type = 'REFUND' and amount > 200": (
        "from topic pos-transactions keep records where txn_type = 'REFUND' and amount > 200, "
        "print"
    ),
    "{verb} records where txn_type = {kind} and amount {sym} {bound}": (
        "from topic pos-transactions keep records where txn_type = 'REFUND' and amount > 200, "
        "print"
    ),
    "keep records where is_suspicious = true": (
        "from topic logins keep records where is_suspicious = true, print"
    ),
    "keep records where fault_code in (P0300, P0420)": (
        "from topic obd-readings keep records where fault_code in (P0300, P0420), print"
    ),
    "compute vat = price * 0.2": "from topic salon-sales compute vat = price * 0.2, print",
    "altitude_m between 0 and 120": (
        "from topic drone-telemetry keep readings where altitude_m between 0 and 120, print"
    ),
    "keep records where delay_s > 300": (
        "from topic flight-status keep records where delay_s > 300, print"
    ),
    "keep the first swipe per badge_id per door_id": (
        "from topic badge-swipes keep the first swipe per badge_id per door_id, print"
    ),
    "sum bytes per src_ip every minute as total_bytes, keep rows where total_bytes > 1000": (
        "from topic net-flows sum bytes per src_ip every minute as total_bytes, keep rows where "
        "total_bytes > 1000, print"
    ),
    "count unique user_id where event = 'app_close'": (
        "from topic app-events count unique user_id where event = 'app_close' every hour, print"
    ),
    "count orders per minute with 30 seconds of grace": (
        "from topic orders count orders per minute with 30 seconds of grace, print"
    ),
    "upsert into ClickHouse shop.orders keyed by order_id": (
        "from topic orders upsert into ClickHouse shop.orders keyed by order_id"
    ),
    "drop duplicates of booking_id within 10 minutes": (
        "from topic bookings drop duplicates of booking_id within 10 minutes, write to topic out"
    ),
    "join orders from topic orders with topic payments on order_id within 10 minutes": (
        "join orders from topic orders with topic payments on order_id within 10 minutes, "
        "write to topic paid"
    ),
    "drop readings where battery < 20": (
        "from topic readings drop readings where battery < 20, write to topic ok"
    ),
    "for every order on shop.orders, find the payment on shop.payments with the same order_id "
    "within 10 minutes": (
        "for every order on shop.orders, find the payment on shop.payments with the same "
        "order_id within 10 minutes, taking amount, print"
    ),
    "from 1 hour before the incident to 10 minutes after it": (
        "read trail.incidents and join trail.weather on station_id from 1 hour before the "
        "incident to 10 minutes after it, taking wind_kmh, print"
    ),
    # (h32/wrong15)
    "sum amount as revenue": "from topic orders sum amount as revenue per store_id every hour, print",
    # (h33/lead)
    "keep only status = 'active'": (
        "read topic cargo.orders, join with the customers table (compacted topic cargo.customers, "
        "keyed by customer_id) taking segment, keep only status = 'active', print to stdout"
    ),
    "keep only type = 'refund'": (
        "read topic payments, keep only type = 'refund', write to topic refunds"
    ),
    "join each return with the checkouts on library.checkouts": (
        "Returns are on library.returns; join each return with the checkouts on "
        "library.checkouts for the same item_barcode within 28 days before the return, taking "
        "patron_id, print"
    ),
    # (h33/agg11)
    "keep user_id, session_key and timestamp": (
        "read web.clicks, sessionize per user_id with a 30 minute gap, keep user_id, session_key "
        "and timestamp, print"
    ),
    # (h34/src12: a topic pattern the example topics do not show)
    "every topic matching 'site-.*-telemetry'": (
        "read every topic matching 'site-.*-telemetry', keep readings where temp_c > 26, print"
    ),
    "every topic matching 'sensors-.*'": (
        "read every topic matching 'sensors-.*', keep readings where temp_c > 26, print"
    ),
    # (h35/t62: a best-selling top-N over an aggregate that sums or counts nothing sold)
    "keep the 3 items with the highest units_sold": (
        "read shop.sales, every day sum qty as units_sold and average price as avg_price per "
        "item_id, keep the 3 items with the highest units_sold, print"
    ),
    # (h37/t68)
    "top 3 dishes by order_count in each school_id": (
        "Every hour, read canteen.meal_orders, count orders as order_count per school_id and "
        "dish_id, then keep the top 3 dishes by order_count in each school_id and print to stdout."
    ),
    "table orders(id int primary key, name string)": (
        "Replicate the Postgres table orders(id int primary key, name string) with Debezium into "
        "ClickHouse database shop_replica."
    ),
    # (h38/joins16)
    "... to the compacted topic shop.latest-orders keyed by order_id": (
        "Read shop.orders and publish them to the compacted topic shop.latest-orders keyed by "
        "order_id."
    ),
    # (h41/agg19: a participle after the counted records, a ratio of the groups' records)
    "keep parcels where status = 'rejected', then count parcels per depot_id every hour": (
        "Read depot.parcels, keep parcels where status = 'rejected', then count parcels per "
        "depot_id every hour, print"
    ),
    "average is_error per endpoint every 5 minutes, only groups where avg is_error > 0.05": (
        "Read api.requests, average is_error per endpoint every 5 minutes, only groups where "
        "avg is_error > 0.05, print"
    ),
    # (h43/cond21: a modal bound on a plain word may be a goal for the pipeline)
    "keep records where latency_ms < 500": (
        "Read topic api.calls, keep records where latency_ms < 500, write to topic api.fast"
    ),
    # (h41/src19: a CDC replica written elsewhere than one ClickHouse database)
    "... into ClickHouse database replica": (
        "Replicate the Postgres table public.orders (order_id int primary key, total float) with "
        "Debezium into ClickHouse database replica."
    ),
}


def test_every_example_has_a_request() -> None:
    assert collect_examples() == set(FOLLOWED)


@pytest.mark.parametrize("example", sorted(FOLLOWED))
def test_following_the_example_parses(example: str) -> None:
    request = FOLLOWED[example]
    words = (
        example.replace("{entity}", "customer")
        .replace("{base}", "customers")
        .replace("{db.group(0)}", "PostgreSQL")
        .replace("{verb}", "keep")
        .replace("{kind}", "'REFUND'")
        .replace("{sym}", ">")
        .replace("{bound}", "200")
        .replace("{names}", "tier")
        .replace("{named}", "alerts.battery")
        .replace("{back}", "alerts.battery")
        .replace("{one}", "purchase")
        .replace("{noun}", "purchases")
    )
    for part in (p.strip() for p in words.split("...")):
        assert part in request, f"the request does not follow the example: {part!r}"
    parse_request(request)
