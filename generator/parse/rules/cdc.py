"""Recogniser: Debezium change data capture of PostgreSQL/MySQL tables."""

from __future__ import annotations

import re
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import CDC_TABLES
from ..introspect import postgres_dbname, read_tables
from .fields import SchemaResolver
from .lexicon import (
    FIELD,
    LIST_NEXT,
    NAME,
    SEP_WORDS,
    STOP,
    guess_type,
    read_list,
    singular,
    table_base,
    unquote,
)
from .quantities import ICASE

COLUMN_TYPES = {
    "int": "int", "integer": "int", "bigint": "int", "smallint": "int", "serial": "int",
    "bigserial": "int", "long": "int", "float": "float", "double": "float", "decimal": "float",
    "numeric": "float", "real": "float", "money": "float", "text": "string",
    "varchar": "string", "string": "string", "char": "string", "uuid": "string",
    "bool": "bool", "boolean": "bool", "timestamp": "timestamp", "timestamptz": "timestamp",
    "datetime": "timestamp", "date": "date", "json": "json", "jsonb": "json",
}  # fmt: skip


def parse_columns(text: str) -> list[dict[str, Any]]:
    columns = []
    for part in re.split(r"\s*,\s*", text.strip()):
        if not part:
            continue
        bits = part.split()
        name = unquote(bits[0])[0]
        kind = COLUMN_TYPES.get(bits[1].lower().split("(")[0]) if len(bits) > 1 else None
        if len(bits) > 1 and kind is None:
            raise RequestNotUnderstood(
                f"column {name!r}: unknown type {bits[1]!r} (use int, float, text, bool, "
                "timestamp, date or json)"
            )
        columns.append({"name": name, "type": kind or guess_type(name), "required": False})
    if not columns:
        raise RequestNotUnderstood("a CDC table's column list is empty")
    return columns


CDC_TRIGGER = re.compile(
    r"\b(?:debezium(?:\s+(?:connector|source\s+connector))?|cdc|change[\s-]+data[\s-]+capture|binlog"
    r"|logical\s+replication)\b",
    ICASE,
)


CDC_WORDS = re.compile(r"\b(?:replicat\w*|mirror\w*|sync\w*|soft[\s-]+deletes?)\b", ICASE)


DB_WORD = re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb)\b", ICASE)


CDC_FROM_DB = re.compile(
    r"\b(?:from|of|in)\s+(?:the\s+|a\s+|our\s+)?(?:postgres(?:ql)?|mysql|mariadb)\b", ICASE
)


SERVER_NAME = re.compile(
    rf"\b(?:topic\s+prefix|server[\s_-]*name|database\.server\.name|logical\s+name)\s*"
    rf"(?:(?:of|is)\s+|[=:]\s*)?(?P<n>{NAME})"
    # "with debezium (server hrdb)", "Debezium server shopdb": the server name said shortly
    rf"|\(\s*(?:debezium\s+)?server\s*(?:[=:]\s*)?(?P<n2>{NAME})\s*\)"
    rf"|(?<=debezium\s)\s*server\s*(?:[=:]\s*)?(?P<n3>{NAME})",
    ICASE,
)


# A database name, never a connecting or possessive word ("from our PostgreSQL database into
# ClickHouse" names none).
DB_NAME = rf"(?!(?:{'|'.join(sorted(LIST_NEXT | {'our', 'my', 'their', 'your', 'the'}))})\b){NAME}"
SOURCE_DB = [
    re.compile(rf"\b(?:postgres(?:ql)?|mysql|mariadb)\s+(?:database|db)\s+(?P<d>{DB_NAME})", ICASE),
    re.compile(
        rf"\b(?:database|db)\s+(?P<d>{DB_NAME})\s+(?:on|in|from)\s+(?:postgres(?:ql)?|mysql|mariadb)",
        ICASE,
    ),
    re.compile(
        rf"\bfrom\s+(?:the\s+)?(?P<d>{DB_NAME})\s+(?:postgres(?:ql)?|mysql|mariadb)\s+(?:database|db)",
        ICASE,
    ),
    re.compile(rf"\b(?:from|in|of)\s+(?:the\s+)?(?:database|db)\s+(?P<d>{DB_NAME})", ICASE),
    # "the MySQL table payroll_adjustments (database hr)"
    re.compile(rf"\(\s*(?:in\s+)?(?:the\s+)?(?:database|db)\s+(?P<d>{DB_NAME})\s*\)", ICASE),
    re.compile(
        rf"\bfrom\s+(?:the|our|my)\s+(?!(?:postgres\w*|mysql|mariadb|our|source)\b)(?P<d>{DB_NAME})\s+(?:database|db)\b",
        ICASE,
    ),
]


DB_SCHEMA = re.compile(rf"\b(?:in\s+)?(?:the\s+)?schema\s+(?P<s>{NAME})", ICASE)


PRIMARY_KEY = re.compile(
    rf"\b(?:primary\s+key|pk)\s*(?:is\s+|=\s*|:\s*|of\s+)?(?P<f>{FIELD})", ICASE
)


EVERY_CHANGE = re.compile(
    r"\b(?:every|each|all)\s+(?:single\s+|the\s+)?(?:changes?|updates?|modifications?|edits?)"
    r"(?=\s+(?:to|in|on|of|made\s+to)\b)",
    ICASE,
)


HISTORY = re.compile(
    r"\b(?:(?:and\s+)?(?:keep\w*|stor\w*|with|as|preserv\w*|retain\w*|record\w*|log\w*)\s+"
    r"(?:the\s+|a\s+|an\s+)?)?(?:(?:full|complete|entire|whole)\s+(?:change\s+)?history"
    r"(?:\s+of\s+(?:every|each|all)\s+(?:the\s+)?(?:change|update|edit)s?)?|change\s+history"
    r"|(?:change[\s-]?log|history)\s+of\s+(?:all\s+|every\s+|each\s+)?(?:the\s+)?(?:change|update"
    r"|edit)s?|(?:every|each)\s+(?:change|update)\s+as\s+(?:a|its\s+own)\s+(?:new\s+|separate\s+)?"
    r"row|(?:all|every|each)\s+(?:the\s+)?(?:changes|updates)\s+as\s+(?:new|separate)\s+rows"
    r"|append[\s-]+only(?:\s+(?:table|log|history))?|audit\s+(?:log|trail|table|history)"
    r"(?:\s+of\s+every\s+change(?:\s+to)?)?|(?:all|every|each)\s+(?:the\s+)?(?:historical\s+|old\s+"
    r"|past\s+|previous\s+)?versions?(?:\s+of\s+(?:each|every|a)\s+(?:row|record))?)\b",
    ICASE,
)


# A hard delete said in words: the row disappears from ClickHouse too.
_GONE = (
    r"(?:disappear|vanish|go\s+away|be\s+(?:removed|deleted|dropped|gone)|get\s+(?:removed|deleted))"
    r"(?:\s+(?:from\s+(?:[\w-]+|\x00+)|here|downstream|there))?(?:\s+(?:too|as\s+well))?"
)
# "when a row is deleted upstream, ...", "if the source record gets deleted in Postgres, ..."
_WHEN_DELETED = (
    r"\b(?:and\s+)?(?:when|if|once)\s+(?:a|the)\s+(?:source\s+)?(?:row|record)\s+(?:is|gets|was)\s+"
    r"deleted(?:\s+(?:in\s+(?:the\s+)?[\w-]+|upstream|at\s+the\s+source|in\s+\x00+))?\s*,?\s*"
)
_IT_SHOULD = r"(?:then\s+)?it\s+(?:should|must|has\s+to|needs\s+to|will|shall)\s+(?:also\s+)?"
HARD_DELETE_WORDS = re.compile(
    rf"{_WHEN_DELETED}"
    r"(?:(?:remove|delete|drop)\s+it(?:\s+from\s+(?:[\w-]+|\x00+))?(?:\s+(?:too|as\s+well))?"
    rf"|{_IT_SHOULD}{_GONE})|\bdeleted\s+(?:rows|records|[a-z]+s)\s+(?:should\s+|must\s+"
    r"|will\s+|are\s+|get\s+)?(?:also\s+)?(?:disappear|vanish|be\s+removed|be\s+deleted|removed|deleted|dropped)(?:\s+from\s+(?:[\w-]+|\x00+))?(?:\s+too)?"
    r"|\b(?:remove|drop)\s+deleted\s+rows(?:\s+from\s+(?:[\w-]+|\x00+))?",
    ICASE,
)


# A soft delete said in words: the row stays, flagged.
SOFT_DELETE_WORDS = re.compile(
    rf"{_WHEN_DELETED}(?:{_IT_SHOULD}(?:stay|remain|be\s+kept)|keep\s+it)(?:\s+in\s+(?:the\s+table"
    r"|[\w-]+|\x00+))?(?:\s*,?\s*(?:(?:but|and)\s+)?(?:flagged|marked)\s+as\s+deleted)?"
    r"|\bdeleted\s+rows\s+(?:should\s+|must\s+|will\s+)?(?:stay|remain|be\s+kept)(?:\s+in\s+the"
    r"\s+table)?(?:\s*,?\s*(?:flagged|marked)\s+as\s+deleted)?|\b(?:flag|mark)\s+deleted\s+rows"
    r"(?:\s+as\s+deleted)?|\bkeep(?:ing)?\s+deleted\s+rows(?:\s*,?\s*(?:flagged|marked)(?:\s+as\s+deleted)?)?",
    ICASE,
)


HARD_DELETE = re.compile(
    r"\bhard[\s-]+delet\w+|\bphysically\s+delet\w+|\b(?:without|no)\s+soft[\s-]+deletes?"
    r"|\bdelete\s+(?:the\s+)?rows\b"
    r"|\bdeletes?\s+(?:should|must|will|shall)\s+be\s+hard(?:\s+deletes?)?\b",
    ICASE,
)


SOFT_DELETE = re.compile(
    r"\bdeletes?\s+(?:should|must|will|shall)\s+be\s+soft(?:\s+deletes?)?\b|\b(?:keeping|keep|with|as|using)?\s*(?:deletes?\s+as\s+)?soft[\s-]+deletes?\b",
    ICASE,
)


ENVELOPE = re.compile(
    r"\b(?:keep\w*|full|raw|with)\s+(?:the\s+)?(?:full\s+)?(?:debezium\s+)?envelope\b"
    r"|\b(?:not|without|no)\s+unwrap\w*",
    ICASE,
)


TABLE_ITEM_RE = re.compile(
    r"""(?P<t>'[^'\n\x00]*'|"[^"\n\x00]*"|`[^`\n\x00]*`|[A-Za-z_][^\s,;()'"`\x00]*)"""
    r"(?:\s*\((?P<c>[^)\x00]*)\))?"
)


CDC_STOP = STOP | {"postgres", "postgresql", "mysql", "mariadb", "pg", "database", "changes",
                     "everything", "whole", "following", "our", "my", "these"}  # fmt: skip


NOT_COLUMNS = re.compile(
    r"\s*(?:(?:debezium|cdc|change\s+data\s+capture|via|with|using|from|postgres(?:ql)?|mysql"
    r"|mariadb)\s*)+",
    ICASE,
)


TABLES = [
    # "the table is customers(id int, ...)", "one MySQL table, customers(...)"
    re.compile(r"\btables?\s*(?:[,:]|\s+(?:is|are))\s+(?P<list>)", ICASE),
    re.compile(r"\btables?\s+(?!from\b|to\b|into\b|with\b|in\b|and\b)(?P<list>)", ICASE),
    # "CDC orders + order_items from Postgres", "MySQL CDC: customers(id int, ...) -> ClickHouse"
    re.compile(r"\bcdc\s*:?\s+(?P<list>)(?=[A-Za-z_'\"`])", ICASE),
    re.compile(
        r"\bthe\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?P<list>)"
        rf"(?=\S+(?:{SEP_WORDS}\S+)*\s+tables?\b)",
        ICASE,
    ),
    re.compile(
        r"\breplicat\w*\s+(?:the\s+)?(?P<list>)"
        rf"(?=\S+(?:{SEP_WORDS}\S+)*\s+(?:from|to|into|in|with|using|via)\b)",
        ICASE,
    ),
]


NAMED_TABLE = re.compile(
    r"\bthe\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?P<t>[A-Za-z_][\w.]*)\s+table\s*"
    r"\((?P<c>[^)\x00]*)\)",
    ICASE,
)


class CdcRecogniser(SchemaResolver):
    def detect_cdc(self) -> bool:
        s = self.s
        db = DB_WORD.search(s)
        self.cdc = bool(
            CDC_TRIGGER.search(s)
            or (db and re.search(r"\b(?:replicat\w*|mirror\w*|sync\w*)\b", s, ICASE))
            or CDC_FROM_DB.search(s)
            or re.search(r"\b(?:postgres(?:ql)?|mysql|mariadb)\s+tables?\b", s, ICASE)
        )
        if not self.cdc and db:
            raise RequestNotUnderstood(
                f'{db.group(0)} is only supported as a CDC source (e.g. "replicate the '
                f'{db.group(0)} tables orders and order_items to ClickHouse with Debezium")'
            )
        return self.cdc

    def extract_cdc(self) -> None:
        info = self.cdc_info
        db = DB_WORD.search(self.s)
        word = db.group(0).lower() if db else "postgres"
        # MariaDB gets its own connector: Debezium's MySQL connector refuses MariaDB servers.
        info["database"] = {"mysql": "mysql", "mariadb": "mariadb"}.get(word, "postgres")
        m = self.take(SERVER_NAME)
        if m:
            info["server_name"] = unquote(m.group("n") or m.group("n2") or m.group("n3"))[0]
        for pattern in SOURCE_DB:
            m = self.take(pattern)
            if m:
                info["db_name"] = unquote(m.group("d"))[0]
                break
        m = self.take(DB_SCHEMA)
        if m:
            info["db_schema"] = unquote(m.group("s"))[0]
        m = self.take(PRIMARY_KEY)
        if m:
            info["primary_key"] = unquote(m.group("f"))[0]
        if self.take_all(HISTORY):
            info["mode"] = "history"
            # "capture every single change to the table ... as an append-only audit log": with
            # a history asked for, "every change" restates it
            self.take_all(EVERY_CHANGE)
        hard = bool(self.take(HARD_DELETE_WORDS))
        soft = bool(self.take(SOFT_DELETE_WORDS))
        hard = bool(self.take(HARD_DELETE)) or hard
        soft = bool(self.take(SOFT_DELETE)) or soft
        if hard and soft:
            raise RequestNotUnderstood(
                "CDC deletes: the request asks for both soft deletes (deleted rows stay, "
                "flagged) and hard deletes (deleted rows disappear); say one"
            )
        if hard:
            info["soft_delete"] = False
        if self.take(ENVELOPE):
            info["envelope"] = "envelope"
        found = False
        for nm in list(NAMED_TABLE.finditer(self.s)):
            if not self.cdc_tables:  # "the Postgres orders table (order_id bigint pk, ...)"
                self.cdc_tables.append((nm.group("t"), False, nm.group("c")))
                self.mask(nm.start(), nm.end())
        for pattern in TABLES:
            for m in list(pattern.finditer(self.s)):
                items, end = read_list(
                    self.s, m.start("list"), TABLE_ITEM_RE, stop=CDC_STOP, strict_commas=True
                )
                tables = []
                for _text, _q, start in items:
                    raw = TABLE_ITEM_RE.match(self.s, start)
                    assert raw is not None
                    name, quoted = unquote(raw.group("t"))
                    cols = raw.group("c")
                    if cols is not None and NOT_COLUMNS.fullmatch(cols):
                        cols = None  # "orders (Debezium CDC)": how, not which columns
                    if not quoted:
                        name = name.rstrip(".:")
                        if name.lower() in CDC_STOP or not name:
                            continue
                    tables.append((name, quoted, cols))
                if tables and found:
                    # a later phrasing may only name a table again ("replicate the customers
                    # table ... The table is customers(id int, ...)"); anything new is unread
                    known = {t[0] for t in self.cdc_tables}
                    if all(t[0] in known for t in tables):
                        self.mask(m.start(), end)
                elif tables:
                    self.cdc_tables.extend(tables)
                    self.mask(m.start(), end)
            found = bool(self.cdc_tables)
        for pattern in (CDC_TRIGGER, DB_WORD, CDC_WORDS):
            self.take_all(pattern)

    def build_cdc(self) -> dict[str, Any]:
        info = self.cdc_info
        if self.event_time_format:
            raise RequestNotUnderstood(
                "a CDC source takes its event time from the Debezium change record; the event-time "
                "field and its unit apply to JSON topics only"
            )
        if not self.cdc_tables:
            raise RequestNotUnderstood(
                'CDC: name the tables to replicate (e.g. "replicate the PostgreSQL tables orders '
                'and order_items to ClickHouse with Debezium")'
            )
        database = info["database"]
        tables = []
        unknown = [
            t for t, _q, c in self.cdc_tables if c is None and table_base(t) not in CDC_TABLES
        ]
        for text, _quoted, cols in self.cdc_tables:
            schema_name = info.get("db_schema")
            base = text
            if "." in text and not _quoted:
                schema_name, base = text.rsplit(".", 1)
            catalog = None
            if cols is not None:
                columns = parse_columns(cols)
            elif self.database_url is not None:
                catalog = read_tables(self.database_url, [text])[0]
                columns = [c.model_dump() for c in catalog.columns]
                self.assumptions.append(
                    f"columns and primary key of {base!r} read from the database catalog"
                )
            elif base in CDC_TABLES:
                columns = [c.model_dump() for c in CDC_TABLES[base].columns]
            elif self.sample is not None and len(unknown) == 1:
                columns = [f.model_dump() for f in self.sample.fields]
            else:
                raise RequestNotUnderstood(
                    f'CDC table {base!r}: its columns are not known; list them (e.g. "table '
                    f'{base}(id int, name, updated_at timestamp)"), give --sample or '
                    "--database-url, or write a spec file"
                )
            names = [c["name"] for c in columns]
            if catalog is not None:
                pk = list(catalog.primary_key)
                schema_name = catalog.db_schema
            elif base in CDC_TABLES and cols is None and "primary_key" not in info:
                pk = list(CDC_TABLES[base].primary_key)
            elif info.get("primary_key") in names:
                pk = [info["primary_key"]]
            else:
                pk = [next((n for n in ("id", f"{singular(base)}_id") if n in names), names[0])]
            for c in columns:
                if c["name"] in pk:
                    c["required"] = True
            table: dict[str, Any] = {"name": base, "primary_key": pk, "columns": columns}
            if database in ("mysql", "mariadb"):
                db_schema = schema_name or info.get("db_name")
                if db_schema is None:
                    db_schema = info.get("server_name") or base
                    self.assumptions.append(
                        f"MySQL database not named; assumed {db_schema!r} for table {base!r}"
                    )
                table["db_schema"] = db_schema
            elif schema_name:
                table["db_schema"] = schema_name
            tables.append(table)
        first = tables[0]["name"]
        server = (
            info.get("server_name")
            or (re.sub(r"_?db$", "", info["db_name"]) if info.get("db_name") else first)
            or first
        )
        name = self.name or to_identifier(f"{first}_cdc")
        fmt: dict[str, Any] = {"kind": "debezium", "database": database, "server_name": server,
                               "tables": tables}  # fmt: skip
        if database == "postgres":
            dbname = info.get("db_name") or (
                postgres_dbname(self.database_url) if self.database_url else None
            )
            if dbname:
                fmt["dbname"] = dbname
            else:
                self.assumptions.append(
                    "PostgreSQL database not named; the connector connects to 'postgres' "
                    "(set source.format.dbname)"
                )
        if "soft_delete" in info:
            fmt["soft_delete"] = info["soft_delete"]
        if "mode" in info:
            fmt["mode"] = info["mode"]
        if "envelope" in info:
            fmt["envelope"] = info["envelope"]
        source: dict[str, Any] = {
            "group_id": self.group_id or name.replace("_", "-"),
            "format": fmt,
            "event_time": None,
            "key": None,
        }
        self.source_settings(source)
        # History appends every change as its own row; replace keeps one row per key.
        engine = "MergeTree" if info.get("mode") == "history" else "ReplacingMergeTree"
        sinks = []
        for sink in sorted(self.sinks, key=lambda s: s.pos):
            if sink.kind == "clickhouse":
                d = sink.data
                ch: dict[str, Any] = {
                    "kind": "clickhouse",
                    "database": d.get("database", "replica"),
                    "engine": d.get("engine", engine),
                }
                if "table" in d:
                    if len(tables) != 1:
                        raise RequestNotUnderstood(
                            "CDC into one named ClickHouse table needs exactly one source table"
                        )
                    tables[0]["target_table"] = d["table"]
                if self.batch_rows:
                    ch["batch_rows"] = self.batch_rows
                if self.flush_ms:
                    ch["flush_interval_ms"] = self.flush_ms
                sinks.append(ch)
            else:
                extra = {k: v for k, v in sink.data.items() if k == "topic"}
                sinks.append({"kind": sink.kind, **extra})
        if not sinks:
            ch = {"kind": "clickhouse", "database": "replica", "engine": engine}
            if self.batch_rows:
                ch["batch_rows"] = self.batch_rows
            if self.flush_ms:
                ch["flush_interval_ms"] = self.flush_ms
            sinks = [ch]
        if self.conds or self.aggs or self.enrich or self.joins or self.dedup or self.session:
            raise RequestNotUnderstood(
                "a CDC replication pipeline takes no operators (filters, enrichment, windows, "
                "joins, dedup, sessions): replicate the tables, then query them in ClickHouse"
            )
        data: dict[str, Any] = {
            "name": name,
            "description": self.text,
            "source": source,
            "sinks": sinks,
            "dead_letter_topic": self.dlq if self.dlq_set else f"{name.replace('_', '-')}-dlq",
            "assumptions": self.assumptions,
        }
        if self.delivery:
            data["delivery"] = self.delivery
        return data
