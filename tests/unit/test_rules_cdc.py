"""Rule parser: Debezium CDC from PostgreSQL or MySQL tables into ClickHouse replicas."""

from typing import Any

import pytest
from pydantic import ValidationError

from generator.errors import RequestNotUnderstood, SpecError
from generator.parse.introspect import postgres_dbname
from generator.parse.rules import parse_request
from generator.render.debezium import connector_config
from generator.spec import Pipeline, spec_to_dict
from generator.spec.presets import CDC_TABLES


def parse(request: str) -> dict[str, Any]:
    return spec_to_dict(parse_request(request))


def fmt_of(request: str) -> dict[str, Any]:
    spec = parse(request)
    assert spec["source"]["format"]["kind"] == "debezium"
    return spec["source"]["format"]


TABLES = [
    # (request, database, server_name, [(db_schema, table)], topics)
    ("Replicate the PostgreSQL tables orders and order_items to ClickHouse with Debezium CDC, "
     "keeping deletes as soft deletes.", "postgres", "orders",
     [("public", "orders"), ("public", "order_items")],
     ["orders.public.orders", "orders.public.order_items"]),
    ("replicate the orders and order_items tables from PostgreSQL to ClickHouse with Debezium",
     "postgres", "orders", [("public", "orders"), ("public", "order_items")],
     ["orders.public.orders", "orders.public.order_items"]),
    ("CDC from Postgres table orders into ClickHouse", "postgres", "orders",
     [("public", "orders")], ["orders.public.orders"]),
    ("stream changes from the postgres database shop_db tables orders and order_items with "
     "Debezium", "postgres", "shop", [("public", "orders"), ("public", "order_items")],
     ["shop.public.orders", "shop.public.order_items"]),
    ("Debezium CDC of tables orders, order_items from Postgres with topic prefix 'pg1'",
     "postgres", "pg1", [("public", "orders"), ("public", "order_items")],
     ["pg1.public.orders", "pg1.public.order_items"]),
    ("Debezium CDC of table sales.orders from Postgres to ClickHouse", "postgres", "orders",
     [("sales", "orders")], ["orders.sales.orders"]),
    ("change data capture of the orders table in PostgreSQL schema billing",
     "postgres", "orders", [("billing", "orders")], ["orders.billing.orders"]),
    ("replicate MySQL table orders from database shop into ClickHouse", "mysql", "shop",
     [("shop", "orders")], ["shop.shop.orders"]),
    ("mirror the MySQL tables orders and order_items of database webshop to ClickHouse",
     "mysql", "webshop", [("webshop", "orders"), ("webshop", "order_items")],
     ["webshop.webshop.orders", "webshop.webshop.order_items"]),
    ("sync the order_items table from MariaDB database shop with Debezium", "mariadb", "shop",
     [("shop", "order_items")], ["shop.shop.order_items"]),
    ("Replicate postgres tables 'orders' and 'order_items' via CDC", "postgres", "orders",
     [("public", "orders"), ("public", "order_items")],
     ["orders.public.orders", "orders.public.order_items"]),
    ("Use Debezium to replicate table order_items from our PostgreSQL", "postgres",
     "order_items", [("public", "order_items")], ["order_items.public.order_items"]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "database", "server", "tables", "topics"), TABLES)
def test_cdc_tables(
    request_text: str,
    database: str,
    server: str,
    tables: list[tuple[str, str]],
    topics: list[str],
) -> None:
    spec = parse(request_text)
    fmt = spec["source"]["format"]
    assert fmt["database"] == database
    assert fmt["server_name"] == server
    assert [(t["db_schema"], t["name"]) for t in fmt["tables"]] == tables
    assert spec["source"]["topics"] == topics
    for table in fmt["tables"]:
        if table["name"] in CDC_TABLES:
            preset = CDC_TABLES[table["name"]]
            assert table["primary_key"] == preset.primary_key
            assert [c["name"] for c in table["columns"]] == [c.name for c in preset.columns]
    assert spec["operators"] == []
    assert spec["schema"]["fields"] == []
    assert (spec["source"]["event_time"], spec["source"]["key"]) == (None, None)


def test_cdc_defaults() -> None:
    spec = parse("replicate the orders table from PostgreSQL with Debezium")
    assert spec["name"] == "orders_cdc"
    assert spec["source"]["group_id"] == "orders-cdc"
    assert spec["dead_letter_topic"] == "orders-cdc-dlq"
    assert spec["sinks"] == [{
        "kind": "clickhouse", "database": "replica", "table": None,
        "engine": "ReplacingMergeTree", "order_by": [], "partition_by": None, "ttl": None,
        "batch_rows": 20_000, "flush_interval_ms": 5000,
    }]  # fmt: skip
    defaults = next(row["values"] for row in spec["reading"] if row["component"] == "defaults")
    assert any(value.startswith("clickhouse batch_rows = 20,000") for value in defaults)
    fmt = spec["source"]["format"]
    assert (fmt["envelope"], fmt["soft_delete"]) == ("unwrapped", True)


OPTIONS = [
    ("replicate the orders table from Postgres with Debezium, keeping the Debezium envelope",
     "source.format.envelope", "envelope"),
    ("replicate the orders table from Postgres with Debezium with hard deletes",
     "source.format.soft_delete", False),
    ("replicate the orders table from Postgres with Debezium, soft deletes",
     "source.format.soft_delete", True),
    ("replicate the orders table from Postgres into ClickHouse database mirror",
     "sinks.0.database", "mirror"),
    ("replicate the orders table from Postgres in batches of 10000 rows",
     "sinks.0.batch_rows", 10_000),
    ("replicate the orders table from Postgres flushing every 500 ms",
     "sinks.0.flush_interval_ms", 500),
    ("replicate the orders table from Postgres with consumer group 'cdc-replicator'",
     "source.group_id", "cdc-replicator"),
    ("replicate the orders table from Postgres from the end", "source.auto_offset_reset",
     "latest"),
    ("replicate the orders table from Postgres into ClickHouse table orders_replica",
     "source.format.tables.0.target_table", "orders_replica"),
    ("replicate the orders table from Postgres, dead-letter topic 'cdc-errors'",
     "dead_letter_topic", "cdc-errors"),
    ("replicate the orders table from Postgres, brokers k1:9092,k2:9092",
     "source.bootstrap_servers", "k1:9092,k2:9092"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "path", "value"), OPTIONS)
def test_cdc_options(request_text: str, path: str, value: Any) -> None:
    data: Any = parse(request_text)
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    assert data == value


COLUMNS = [
    ("replicate table customers(id int, name text, email, updated_at timestamp) from PostgreSQL "
     "with Debezium", ["id"],
     [("id", "int"), ("name", "string"), ("email", "string"), ("updated_at", "timestamp")]),
    ("replicate table customers(customer_id, name) from PostgreSQL with Debezium",
     ["customer_id"], [("customer_id", "int"), ("name", "string")]),
    ("replicate table customers(email text, name text) from MySQL database crm with primary key "
     "email", ["email"], [("email", "string"), ("name", "string")]),
    ("replicate table products (sku varchar, price numeric, active bool, meta jsonb) from "
     "Postgres with Debezium, primary key sku", ["sku"],
     [("sku", "string"), ("price", "float"), ("active", "bool"), ("meta", "json")]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "pk", "columns"), COLUMNS)
def test_inline_columns(request_text: str, pk: list[str], columns: list[tuple[str, str]]) -> None:
    table = fmt_of(request_text)["tables"][0]
    assert table["primary_key"] == pk
    assert [(c["name"], c["type"]) for c in table["columns"]] == columns


def test_unknown_table_needs_columns() -> None:
    with pytest.raises(RequestNotUnderstood, match="'customers': its columns are not known"):
        parse("replicate the customers table from PostgreSQL with Debezium")


def test_cdc_needs_tables() -> None:
    with pytest.raises(RequestNotUnderstood, match="name the tables to replicate"):
        parse("Debezium CDC from Postgres to ClickHouse")


def test_cdc_takes_no_operators() -> None:
    with pytest.raises(RequestNotUnderstood, match="takes no operators"):
        parse("replicate the orders table from Postgres with Debezium, keep only paid orders")


def test_cdc_needs_a_clickhouse_sink_only() -> None:
    # (refused by the parser with what to change, not by the spec's bare check: h41/src19)
    with pytest.raises(RequestNotUnderstood, match="exactly one ClickHouse database"):
        parse("replicate the orders table from Postgres with Debezium and publish to topic 'x'")


def test_injected_table_name_is_refused() -> None:
    with pytest.raises(SpecError, match="DROP TABLE"):
        parse('replicate table "x`); DROP TABLE"(id int) from Postgres with Debezium')


def test_injected_inline_column_is_refused() -> None:
    with pytest.raises(SpecError, match="__import__"):
        parse("replicate table t(id int, __import__ text) from Postgres with Debezium")


def test_postgres_as_a_sink_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="only supported as a CDC source"):
        parse("from topic 'orders' write everything to Postgres")


@pytest.mark.parametrize(
    ("url", "dbname"),
    [
        ("postgresql://etl:secret@localhost:5432/shop", "shop"),
        ("postgres://localhost/ware%2Dhouse", "ware-house"),
        ("postgresql://localhost:5432", None),
        ("mysql://etl@localhost/shop", None),
    ],
)
def test_database_url_names_the_postgres_database(url: str, dbname: str | None) -> None:
    assert postgres_dbname(url) == dbname


DBNAMES = [
    # (request, the PostgreSQL database the connector connects to)
    ("stream changes from the postgres database shop_db tables orders and order_items with "
     "Debezium", "shop_db"),
    ("Replicate the Postgres table loans(id int, member_id int) from our library database into "
     "ClickHouse using Debezium CDC", "library"),
    ("CDC from Postgres table orders into ClickHouse", None),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "dbname"), DBNAMES)
def test_postgres_database_reaches_the_connector(request_text: str, dbname: str | None) -> None:
    spec = parse_request(request_text)
    assert spec.source.format.dbname == dbname
    config = connector_config(spec)["config"]
    assert config["database.dbname"] == (dbname or "postgres")
    unnamed = [a for a in spec.assumptions if "PostgreSQL database not named" in a]
    assert len(unnamed) == (0 if dbname else 1)


def test_dbname_is_refused_for_mysql() -> None:
    spec = parse("CDC from MySQL table shop.orders into ClickHouse")
    spec["source"]["format"]["dbname"] = "shop"
    with pytest.raises(ValidationError, match="dbname is for PostgreSQL sources"):
        Pipeline.model_validate(spec)


@pytest.mark.parametrize(
    "sentence",
    [
        "The table has silo_id (the primary key), grain and capacity_t.",
        "Its columns are silo_id (PK), grain and capacity_t.",
        "The silos table columns are silo_id (primary key), grain, capacity_t.",
        "silos has silo_id (pk), grain and capacity_t.",
    ],
)
def test_one_tables_columns_said_in_a_sentence_of_their_own(sentence: str) -> None:
    fmt = fmt_of(
        f"Replicate the Postgres table silos into ClickHouse database farm with Debezium. {sentence}"
    )
    (table,) = fmt["tables"]
    assert table["primary_key"] == ["silo_id"]
    assert [c["name"] for c in table["columns"]] == ["silo_id", "grain", "capacity_t"]


def test_columns_without_a_colon_after_a_semicolon() -> None:
    fmt = fmt_of(
        "Replicate the Postgres table silos into ClickHouse database farm with Debezium; columns "
        "silo_id (primary key), grain, capacity_t."
    )
    assert [c["name"] for c in fmt["tables"][0]["columns"]] == ["silo_id", "grain", "capacity_t"]


def test_replicate_table_with_columns_before_its_database() -> None:
    spec = spec_to_dict(
        parse_request(
            "Please replicate kiln.firings (firing_id bigint primary key, kiln_id int, status "
            "varchar) from MySQL into ClickHouse database kiln_copy."
        )
    )
    fmt = spec["source"]["format"]
    table = fmt["tables"][0]
    assert (fmt["database"], table["db_schema"], table["name"]) == ("mysql", "kiln", "firings")
    assert [c["name"] for c in table["columns"]] == ["firing_id", "kiln_id", "status"]
    assert table["primary_key"] == ["firing_id"]


# h25/cdc2: the connector's settings in parentheses, a type and key mark together, the replace
# mode said by what it is not, a table's columns after "for table x:", a reason in parentheses
_KILN = "Set up Debezium CDC from MySQL database kilns"


@pytest.mark.parametrize(
    ("request_text", "path", "value"),
    [
        (f"{_KILN} for the firings table (server name kf, so the topic is kf.kilns.firings) into "
         "ClickHouse db kiln_copy. columns: firing_id int (PK), kiln string.",
         "server_name", "kf"),
        (f"{_KILN} for table firings: firing_id int primary key, kiln string. No history needed, "
         "into ClickHouse db kiln_copy.", "mode", "replace"),
        (f"{_KILN} for table firings: firing_id int primary key, kiln string. Only the latest "
         "version of each firing record, into ClickHouse db kiln_copy.", "mode", "replace"),
        (f"{_KILN} for table firings: firing_id int primary key, kiln string, operator_phone "
         "string. Do not capture operator_phone (personal data). Into ClickHouse db kiln_copy.",
         "tables.0.excluded_columns", ["operator_phone"]),
        (f"{_KILN}, table firings. columns: firing_id (int, PK), kiln (string). Into ClickHouse "
         "db kiln_copy.", "tables.0.primary_key", ["firing_id"]),
    ],
)  # fmt: skip
def test_cdc_settings_and_columns_h25(request_text: str, path: str, value: Any) -> None:
    got: Any = fmt_of(request_text)
    for key in path.split("."):
        got = got[int(key)] if key.isdigit() else got[key]
    assert got == value


def test_no_history_with_every_change_is_refused() -> None:
    with pytest.raises(RequestNotUnderstood, match="'no history needed' for none"):
        parse(
            f"{_KILN} for table firings: firing_id int primary key, kiln string. Keep every change "
            "as its own row in ClickHouse db kiln_copy, no history needed."
        )


def test_a_table_said_loosely_before_its_columns_is_that_table() -> None:
    request = (
        "The soil lab team needs the sample table mirrored. Please replicate lims.soil_samples (sample_id "
        "int primary key, ph float) from Postgres into ClickHouse database lims_copy."
    )
    spec = parse_request(request)
    (table,) = spec_to_dict(spec)["source"]["format"]["tables"]
    assert (table["db_schema"], table["name"]) == ("lims", "soil_samples")
    assert any("'the sample table' as 'lims.soil_samples'" in a for a in spec.assumptions)
    with pytest.raises(RequestNotUnderstood, match="did not understand"):
        parse(request.replace("sample table", "batch table"))


@pytest.mark.parametrize(
    "request_text, path, value",
    [
        # a typed list right after "with", no word for columns; SQL types in capitals
        ("Replicate the MySQL table lockers in database gym with locker_id INT primary key, zone "
         "VARCHAR, deposit DECIMAL(8,2) into ClickHouse database gym_copy with Debezium.",
         "tables.0.columns", [
             {"name": "locker_id", "type": "int", "required": True, "description": ""},
             {"name": "zone", "type": "string", "required": False, "description": ""},
             {"name": "deposit", "type": "float", "required": False, "description": ""}]),
        ("Replicate the Postgres table kennels with kennel_id int primary key, rate double "
         "precision into ClickHouse database pet_copy.", "tables.0.columns.1.type", "float"),
        # the connector said to exist, the database named in passing
        ("Debezium is already running against database petcare with topic prefix pets. Table "
         "kennels: kennel_id int primary key, size_code text. Into ClickHouse database pet_copy.",
         "dbname", "petcare"),
        ("The Debezium connector is named tf (that's the topic prefix) and it captures the table "
         "batches in the database factory. Columns: batch_id int (PK), grade varchar. MySQL, into "
         "ClickHouse database tea_copy.", "server_name", "tf"),
        ("The Debezium connector is named tf (that's the topic prefix) and it captures the table "
         "batches in the database factory. Columns: batch_id int (PK), grade varchar. MySQL, into "
         "ClickHouse database tea_copy.", "tables.0.name", "batches"),
        ("The MySQL server named teafactory holds the table shifts with shift_id INT primary key, "
         "crew VARCHAR. Replicate it with Debezium into ClickHouse database tea_copy.",
         "server_name", "teafactory"),
        ("The kennels table (kennel_id int pk, size text) is already captured by Debezium from "
         "the Postgres database petcare. Land it in ClickHouse database pet_h.", "dbname",
         "petcare"),
        ("Our Debezium connector already streams the Postgres table kennels (kennel_id int pk) "
         "from database petcare. Land it in ClickHouse database pet_h.", "tables.0.name",
         "kennels"),
        # history wishes
        ("Replicate the Postgres table kennels (kennel_id int pk, size text) with Debezium into "
         "ClickHouse database pet_h. Keep the old versions of rows too.", "mode", "history"),
        ("Can we keep a full change log of the MySQL table lockers in database gym with Debezium? "
         "Columns: locker_id int (PK), zone varchar. Into ClickHouse database gym_audit.",
         "mode", "history"),
        # a bare name against its columns, and columns after "via Debezium"
        ("debezium mysql machines(machine_id pk, site) -> clickhouse db vend", "tables.0.name",
         "machines"),
        ("Source: MySQL table machines via Debezium (machine_id primary key, site)\nTarget: "
         "ClickHouse database vend", "tables.0.primary_key", ["machine_id"]),
        ("Replicate two MySQL tables from database marina_ops, berths (berth_id int primary key, "
         "pier varchar) and boats (boat_id int primary key), into ClickHouse with Debezium.",
         "tables.1.name", "boats"),
    ],
)  # fmt: skip
def test_cdc_phrasings_h26(request_text: str, path: str, value: Any) -> None:
    got: Any = fmt_of(request_text)
    for key in path.split("."):
        got = got[int(key)] if key.isdigit() else got[key]
    assert got == value


def test_server_named_lists_its_reading_and_refuses_beside_another_prefix() -> None:
    request = (
        "The MySQL server named teafactory holds the table shifts with shift_id INT primary key, "
        "crew VARCHAR. Replicate it with Debezium into ClickHouse database tea_copy."
    )
    spec = parse_request(request)
    assert any("logical server name" in a for a in spec.assumptions)
    with pytest.raises(RequestNotUnderstood, match="is 'teafactory' the database host"):
        parse(request.replace("Debezium", "Debezium (topic prefix tf)"))


def test_cdc_sql_type_not_mapped_is_refused_by_name() -> None:
    with pytest.raises(RequestNotUnderstood, match="unknown type 'bytea'"):
        parse(
            "Replicate the Postgres table kennels with Debezium. Columns: kennel_id int (PK), "
            "photo bytea. Into ClickHouse database pet_copy."
        )
    # a connector's own name: read as its topic prefix (listed) when no other is said (h27)
    request = (
        "The Debezium connector is named tf and it captures the Postgres table kennels. "
        "Columns: kennel_id int (PK). Into ClickHouse database pet_copy."
    )
    assert fmt_of(request)["server_name"] == "tf"
    assert any("'connector is named tf'" in a for a in parse(request)["assumptions"])
    with pytest.raises(RequestNotUnderstood, match="the spec holds only the topic prefix"):
        parse(request.replace("Columns:", "Topic prefix kennelcdc. Columns:"))


def test_what_a_database_holds_before_live_in_is_read_unless_it_selects() -> None:
    request = (
        "Our ticket orders live in MySQL, table shop.orders. Capture the changes with Debezium "
        "into ClickHouse database shop_copy. Columns are order_id bigint (primary key), status "
        "varchar."
    )
    assert fmt_of(request)["tables"][0]["name"] == "orders"
    with pytest.raises(RequestNotUnderstood, match="'cancelled'"):
        parse(request.replace("ticket", "cancelled"))


@pytest.mark.parametrize(
    "said",
    [
        "Our loans live in the Postgres database library, table circulation.loans.",
        "Our book loans are kept in the Postgres database library, table circulation.loans.",
    ],
)
def test_where_the_records_live_before_the_database_is_no_requirement(said: str) -> None:
    spec = spec_to_dict(
        parse_request(
            f"Hi! {said} Could you capture the changes with Debezium and land them in the "
            "ClickHouse database circulation_copy? Columns: loan_id bigint (primary key), "
            "patron_id bigint."
        )
    )
    assert spec["source"]["format"]["dbname"] == "library"


@pytest.mark.parametrize("which", ["cancelled", "EU", "test"])
def test_records_picked_where_they_live_stay_refused(which: str) -> None:
    with pytest.raises(RequestNotUnderstood, match=which):
        parse_request(
            f"Our {which} loans live in the Postgres database library, table circulation.loans. "
            "Capture the changes with Debezium into the ClickHouse database circulation_copy. "
            "Columns: loan_id bigint (primary key), patron_id bigint."
        )


# h28/gchat4: terse "postgres cdc <database> <schema>.<table> (...)": the bare name between
# "cdc" and the schema-qualified table is the database's
def test_terse_postgres_cdc_bare_database_name() -> None:
    spec = spec_to_dict(
        parse_request(
            "postgres cdc bakery orders.cakes (cake_id bigint pk, name varchar) "
            "-> clickhouse db bakery_copy"
        )
    )
    fmt = spec["source"]["format"]
    assert fmt["dbname"] == "bakery"
    assert [(t["db_schema"], t["name"]) for t in fmt["tables"]] == [("orders", "cakes")]
    with pytest.raises(RequestNotUnderstood):  # MySQL: its database is the schema
        parse_request("mysql cdc shop orders.x (id bigint pk, name varchar) -> clickhouse db c")


# h28/gchat4: "capture changes from the table x" says CDC; "The paint factory's booking desk
# runs on MySQL": an owner's possessive among the words before the verb
def test_capture_changes_and_possessive_owner_runs_on_mysql() -> None:
    fmt = fmt_of(
        "The paint factory's booking desk runs on MySQL. Could you capture changes from the "
        "table plant_ops.tints (tint_id bigint pk, colour varchar) and write them to the "
        "ClickHouse database plant_copy?"
    )
    assert fmt["database"] == "mysql"
    assert [(t["db_schema"], t["name"]) for t in fmt["tables"]] == [("plant_ops", "tints")]


# h28/gchat4: "set up Postgres CDC on the <name> database": the database's name; a server's
# role there ("on the staging database") stays refused
def test_cdc_on_the_named_database() -> None:
    said = "Please set up Postgres CDC on the {} database for the table sales.orders (order_id "
    said += "bigint pk, total int) into the ClickHouse database shop_copy."
    assert fmt_of(said.format("shop"))["dbname"] == "shop"
    with pytest.raises(RequestNotUnderstood):
        parse_request(said.format("staging"))


@pytest.mark.parametrize("joint", [", and write", " and write", ", and land"])
def test_a_column_list_ends_at_the_next_step(joint: str) -> None:
    # h29/bg8: "..., paid boolean, and write them to ClickHouse" had a last column 'write'
    spec = spec_to_dict(
        parse_request(
            "Capture changes (CDC) from the Postgres table club.courses with the columns "
            f"course_id bigint primary key, paid boolean{joint} them in the ClickHouse database c.".replace(
                "write them in", "write them to"
            )
        )
    )
    columns = spec["source"]["format"]["tables"][0]["columns"]
    assert [c["name"] for c in columns] == ["course_id", "paid"]


@pytest.mark.parametrize(
    "request_text, table, server, sink_db",
    [
        # the owner's word before "<name> table"; the sink's database after a colon
        (
            "Replicate our kennels table from Postgres into ClickHouse with Debezium, server "
            "name pets. Columns are kennel_id (int, PK), size (string). Target ClickHouse "
            "database: pets_copy.",
            "kennels",
            "pets",
            "pets_copy",
        ),
        # a system's acronym before the table; "connector server name"; "ClickHouse (database x)"
        (
            "We need the CRM deal_stages table mirrored into ClickHouse (database crm_raw) via "
            "Debezium. It's MySQL, connector server name crm. Columns: stage_id int (primary "
            "key), label string.",
            "deal_stages",
            "crm",
            "crm_raw",
        ),
    ],
)
def test_cdc_table_owner_and_labels(
    request_text: str, table: str, server: str, sink_db: str
) -> None:
    spec = spec_to_dict(parse_request(request_text))
    fmt = spec["source"]["format"]
    assert [t["name"] for t in fmt["tables"]] == [table]
    assert fmt["server_name"] == server
    assert spec["sinks"][0]["database"] == sink_db


def test_cdc_table_line_typed_key() -> None:
    """ "Table: x, PK k (int); other columns ...": the key first, typed, then the others."""
    spec = spec_to_dict(
        parse_request(
            "Replicate with Debezium from MySQL database yard (server name yard) into "
            "ClickHouse database yard_copy.\nTable: cranes, PK crane_id (int); other columns "
            "model string, lifted_at timestamp"
        )
    )
    (table,) = spec["source"]["format"]["tables"]
    assert table["name"] == "cranes" and table["primary_key"] == ["crane_id"]
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("crane_id", "int"),
        ("model", "string"),
        ("lifted_at", "timestamp"),
    ]


# h31/srccdc: what a database holds, said at a sentence's start or by who keeps it there
@pytest.mark.parametrize(
    ("words", "opens", "selects"),
    [
        ("Custom cake orders", True, False),  # the sentence's capital names nothing
        ("nutrient recipes for every crop", False, False),  # "every": all the records
        ("paint factory's order desk", False, False),  # a step's word, no selection
        ("Cancelled bookings", True, True),  # a participle selects
        ("EU invoices", False, True),  # a code selects
        ("EU invoices", True, True),  # also opening the sentence
    ],
)
def test_holds_selecting(words: str, opens: bool, selects: bool) -> None:
    from generator.parse.rules.cdc import _holds_selecting

    assert _holds_selecting(words, opens=opens) is selects


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("We keep egg batches in MySQL (database x).", "egg batches"),
        ("we store the snow gun inventory in PostgreSQL (table a.b).", "snow gun inventory"),
        ("Please keep these in MySQL.", None),  # no 'we': an imperative
    ],
)
def test_kept_in_db(text: str, held: str | None) -> None:
    from generator.parse.rules.cdc import KEPT_IN_DB

    m = KEPT_IN_DB.search(text)
    assert (m["w"].strip() if m else None) == held


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("Ice time bookings are in MySQL, table a.b.", "Ice time bookings"),
        ("Custom cake orders live in our Postgres database bakery.", "Custom cake orders"),
        ("Please stream bookings that are in MySQL.", None),  # a connective among the words
    ],
)
def test_runs_on_db_bare(text: str, bare: str | None) -> None:
    from generator.parse.rules.cdc import RUNS_ON_DB

    m = RUNS_ON_DB.search(text)
    assert ((m["bare"] or "").strip() if m else None) == bare


def test_bulleted_columns_need_a_type_each() -> None:
    typed = parse(
        "Replicate the MySQL table rink.skates into ClickHouse database rink_copy with "
        "Debezium.\nColumns:\n* skate_id bigint pk\n* size int\n* brand varchar(40)"
    )
    table = typed["source"]["format"]["tables"][0]
    assert [c["name"] for c in table["columns"]] == ["skate_id", "size", "brand"]
    assert table["primary_key"] == ["skate_id"]
    with pytest.raises((RequestNotUnderstood, SpecError)):  # refused, never read without it
        parse(
            "Replicate the MySQL table rink.skates into ClickHouse database rink_copy with "
            "Debezium.\nColumns:\n* skate_id bigint pk\n* size int\n* notes"
        )


def test_column_type_and_key_in_one_pair_of_parentheses() -> None:
    table = fmt_of(
        "Set up Debezium CDC from MySQL. Database depot, table vans, with columns van_id (int, "
        "the primary key), plate (varchar) and seats (int). Land it in ClickHouse depot_dw.vans."
    )["tables"][0]
    assert table["primary_key"] == ["van_id"]
    assert [(c["name"], c["type"]) for c in table["columns"]] == [
        ("van_id", "int"),
        ("plate", "string"),
        ("seats", "int"),
    ]


def test_system_writing_its_database_is_the_source_only_in_cdc() -> None:
    from generator.parse.rules.scope import refuse_out_of_scope

    refuse_out_of_scope(
        "The extraction app writes to MySQL (database honeyco). Capture every change to its "
        "lots table with Debezium into ClickHouse database audit."
    )
    with pytest.raises(RequestNotUnderstood):
        refuse_out_of_scope("Our booking app writes to MySQL. Count bookings from topic x.")
    with pytest.raises(RequestNotUnderstood):
        refuse_out_of_scope(
            "Capture every change of MySQL table a.b with Debezium and write to MySQL."
        )


def test_requirement_in_source_words() -> None:
    from generator.parse.rules.cdc import REQUIREMENT_IN_SOURCE

    for said in ("for VIP customers only", "except when x", "in euros", "with data masked"):
        assert REQUIREMENT_IN_SOURCE.search(f"tables from db shop {said}, schema s"), said
    for plain in ("tables in schema inventory", "tables from db shop with Debezium", "for the cdc"):
        assert not REQUIREMENT_IN_SOURCE.search(plain), plain


# h34/src12: the server name said before its role, or as the connector's prefix
@pytest.mark.parametrize(
    ("said", "server"),
    [
        ("Please use rinkdb as the Debezium server name.", "rinkdb"),
        ("Use washpos_cdc as the server name.", "washpos_cdc"),
        ("Use boxoffice as the topic prefix.", "boxoffice"),
        ("the Debezium connector's prefix is genebank.", "genebank"),
        ("Debezium prefix lighthouse_ops.", "lighthouse_ops"),
    ],
)
def test_server_name_before_its_role(said: str, server: str) -> None:
    spec = spec_to_dict(
        parse_request(
            "Replicate the Postgres table public.rentals (primary key rental_id; columns "
            f"rental_id, rented_at) with Debezium into ClickHouse database rink_copy. {said}"
        )
    )
    assert spec["source"]["format"]["server_name"] == server
    assert spec["source"]["topics"] == [f"{server}.public.rentals"]


def test_bulleted_tables_with_a_dash_h34_t58() -> None:
    from generator.parse.rules.cdc import _BULLET_TABLE, BULLETED_TABLES

    text = "CDC for 2 tables:; public.labels — label_id (pk), label_name; public.tracks — a, b"
    m = BULLETED_TABLES.search(text)
    assert m is not None
    item = _BULLET_TABLE.fullmatch(" public.labels — label_id (pk), label_name")
    assert item is not None and item["t"] == "public.labels" and not item["colon"]


# h35/src13: the key said before the column list, plain type words
@pytest.mark.parametrize(
    ("text", "names", "key"),
    [
        (";; columns horse_id, vet_date", ["visit_id", "horse_id", "vet_date"], ["visit_id"]),
        ("subscription_id is the primary key, plus tier, price float", None, ["subscription_id"]),
        ("pk order_id, as well as status text", ["order_id", "status"], ["order_id"]),
        ("a int pk, w (decimal number), n (whole number), t (date and time)", None, ["a"]),
    ],
)
def test_parse_columns_key_first_and_plain_types(
    text: str, names: list[str] | None, key: list[str]
) -> None:
    from generator.parse.rules.cdc import parse_columns

    said = ["visit_id"] if text.startswith(";") else None
    columns, pk = parse_columns(text, said)
    assert pk == key
    if names is not None:
        assert [c["name"] for c in columns] == names
    types = {c["name"]: c["type"] for c in columns}
    assert types.get("w", "float") == "float" and types.get("n", "int") == "int"
    assert types.get("t", "timestamp") == "timestamp" and types.get("price", "float") == "float"


def test_parse_columns_key_slip_refused() -> None:
    from generator.parse.rules.cdc import parse_columns

    with pytest.raises(RequestNotUnderstood, match="lot_no is not one of the listed"):
        parse_columns(";; columns lot_id int, title text", ["lot_no"])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Debezium server name / topic prefix: tennisdb", "tennisdb"),
        ("Topic prefix or server name: libdb", "libdb"),
        ("server name / topic prefix = shop_cdc", "shop_cdc"),
    ],
)
def test_server_name_label_said_by_both_names(text: str, name: str) -> None:
    from generator.parse.rules.cdc import SERVER_NAME

    m = SERVER_NAME.search(text)
    assert m is not None and m.start() == 0 and m.group("n").rstrip(".") == name


def test_columns_set_off_by_spaced_dashes() -> None:
    from generator.parse.rules.cdc import COLUMNS_LABEL

    text = "table items (prefix x) \u2014 columns item_id int (primary key), sku string \u2014 and more"
    m = COLUMNS_LABEL.search(text)
    assert m is not None and m.group("c") == "item_id int (primary key), sku string"


@pytest.mark.parametrize(
    ("request_text", "listed"),
    [
        # no ClickHouse database named: the default 'replica' is a guess, listed
        (
            "Mirror MySQL table shop.products (sku varchar primary key, name varchar, price "
            "decimal) to ClickHouse and keep the full history of changes.",
            True,
        ),
        ("Replicate the Postgres table items (id int pk, name text) with Debezium.", True),
        # named: nothing to list
        (
            "Replicate the Postgres table items (id int pk, name text) with Debezium into "
            "ClickHouse database mirror.",
            False,
        ),
    ],
)
def test_default_replica_database_is_listed(request_text: str, listed: bool) -> None:
    spec = parse_request(request_text)
    database = spec.sinks[0].database
    noted = any("ClickHouse database 'replica'" in a for a in spec.assumptions)
    assert noted is listed
    assert (database == "replica") is listed


def test_key_sentence_of_the_tables_own_id_is_its_listed_primary_key() -> None:
    # (h45/src23) "Key is card_id." of the loyalty_cards table: read as its primary key, listed
    spec = parse(
        "Set up CDC for the loyalty_cards table in Postgres database laundry (Debezium topic "
        "prefix washco). Key is card_id. Columns: card_id int, points int. Land it in "
        "ClickHouse database loyalty_audit."
    )
    assert spec["source"]["format"]["tables"][0]["primary_key"] == ["card_id"]
    assert any(
        "'Key is card_id' read as the CDC table's primary key" in a for a in spec["assumptions"]
    )
