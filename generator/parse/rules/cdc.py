"""Recogniser: Debezium change data capture of PostgreSQL/MySQL tables."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import CDC_TABLES
from ..introspect import postgres_dbname, read_tables
from . import lazy_re as re
from .context import may_select, may_select_records
from .fields import SchemaResolver
from .lexicon import (
    COLUMN_TYPES,
    FIELD,
    LIST_NEXT,
    LIST_SEP,
    MASK,
    NAME,
    SEP_WORDS,
    STOP,
    STRUCT_STOP,
    VERBS_AFTER_AND,
    guess_type,
    read_list,
    singular,
    table_base,
    unquote,
    word_set,
)
from .quantities import ICASE, WN, number
from .scope import clause_around

# The parts of a parenthesised column spec, split at ";": "columns a, b, c", "other columns b,
# c", "primary key a", "pk: a", "a is the PK", "keyed by a"; any other part is a column list
# ("a int, b text, c").
_COLS_LEAD = re.compile(
    r"\s*(?:(?:the\s+)?other\s+|the\s+|with\s+)?(?:colu?mns?|colums?|cols?|fields?)\b\s*"
    r"(?::|=|are\b)?\s*",
    ICASE,
)
_KEY_TYPE_WORD = "(?:" + "|".join(sorted(COLUMN_TYPES, key=len, reverse=True)) + ")"
_PK_PART = re.compile(
    r"\s*(?:(?:the\s+)?(?:prim[a-z]*\s+key|pk)\s*(?:is\s+|=\s*|:\s*|of\s+)?|keyed\s+(?:by|on)\s+)"
    rf"(?P<f>{FIELD}(?:{SEP_WORDS}{FIELD})*)"
    # ("PK visit_id (int); other columns ...": the key's type, the key not in the list)
    rf"(?:\s*\(\s*(?P<kt>{_KEY_TYPE_WORD})\s*\)|\s+(?P<kt2>{_KEY_TYPE_WORD}))?\s*"
    rf"|\s*(?P<f2>{FIELD})\s+(?:is|being)\s+(?:the\s+)?(?:prim[a-z]*\s+key|pk|key)\s*"
    # "(columns: a int, b; key a)": in a table's column spec, "key" is its primary key
    rf"|\s*(?:the\s+)?key\s*(?::\s*|=\s*|is\s+)?(?P<f3>{FIELD})\s*",
    ICASE,
)
# "(subscription_id is the primary key, plus patron_id, tier)", "(PK order_id, and also total,
# status)": the key said as a sentence, then the other columns joined on by "plus" and the like
_KEY_THEN_OTHERS = re.compile(
    # (a key read already is blanked to ";": "(the primary key is order_id, plus ...)")
    rf"^(?P<key>\s*(?:;+|{FIELD}\s+(?:is|being)\s+(?:the\s+)?(?:prim[a-z]*\s+key|pk)"
    r"|(?:the\s+)?(?:prim[a-z]*\s+key|pk)\s*(?:is\s+|:\s*|=\s*)?"
    rf"{FIELD}))\s*,?\s+(?:plus|and\s+also|as\s+well\s+as|besides|then)\s+"
    r"(?:the\s+)?(?:colu?mns?\s+)?(?=[A-Za-z_])",
    ICASE,
)
# "bogs: primary key bog_id (int), columns bog_id int, acreage float": the key's part, then the
# labelled list after a comma (the parts of a table's spec are split at ";")
_KEY_COMMA_COLUMNS = re.compile(
    r"^(?P<key>\s*(?:the\s+)?(?:prim[a-z]*\s+key|pk)\s*(?::\s*|is\s+)?"
    rf"{FIELD}(?:\s*\(\s*{_KEY_TYPE_WORD}\s*\))?)\s*,\s*(?:and\s+)?"
    r"(?=(?:the\s+)?(?:other\s+)?colu?mns?\b)",
    ICASE,
)
# "(database pos, primary key order_id int, columns bar_id text, ...)": the key's part among the
# parentheses' comma-separated settings, right before the labelled column list (read in
# `cdc_keys`, before a sink takes "primary key order_id" for its own)
_KEY_AMONG_SETTINGS = re.compile(
    r"(?:^|(?<=,))\s*(?P<key>(?:the\s+)?(?:prim[a-z]*\s+key|pk)\s*(?::\s*|is\s+)?(?P<f>"
    rf"{FIELD})(?:\s*\(\s*(?P<kt>{_KEY_TYPE_WORD})\s*\)|\s+(?P<kt2>{_KEY_TYPE_WORD}))?\s*,)"
    r"\s*(?:and\s+)?(?=(?:the\s+)?(?:other\s+)?colu?mns?\b)",
    ICASE,
)
# "order_id bigint pk", "order_id primary key": the column marked as the key in the list
# ("policy_id bigint (pk)": the mark in parentheses too)
_PK_MARK = re.compile(
    # ("booking_id bigint as primary key": the mark said with "as")
    r"\s+(?:as\s+(?:the\s+|its\s+)?)?(?:pk|prim[a-z]*\s+key|\(\s*(?:the\s+)?(?:pk|prim[a-z]*\s+key)\s*\))$",
    ICASE,
)

# The ClickHouse database of a replica whose request names none (listed when used)
_REPLICA_DB = "replica"
_REPLICA_DB_NOTE = (
    f"ClickHouse database {_REPLICA_DB!r} for the replica: the request names none (say "
    '"into ClickHouse database <name>" for another)'
)


# SQL as a column list is written: "amount decimal(10,2)", "name varchar(255)", "created_at
# timestamp with time zone", "score double precision", "id bigint not null primary key",
# "PRIMARY KEY (id)". The type's arguments are blanked before the lists are read (see
# `blank_type_arguments`); the other words are read per column here.
_TYPE_ARGS = re.compile(
    r"(?<=[A-Za-z0-9])\s*\(\s*(?:\d+(?:\s*,\s*\d+)?)?\s*\)(?=\s*(?:[,)]|\w))", ICASE
)
# The same after a SQL type word outside parentheses: "with columns id bigint primary key, total
# numeric(12,2), status text"
_SQL_TYPE_ARGS = re.compile(
    r"(?:(?<=decimal)|(?<=numeric)|(?<=varchar)|(?<=char)|(?<=timestamp)|(?<=datetime)"
    r"|(?<=time)|(?<=float)|(?<=double)|(?<=int)|(?<=varying))\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\)",
    ICASE,
)
_PK_PARENS = re.compile(
    r"\b(?:prim[a-z]*\s+key|pk)\s*(\()\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*(\))", ICASE
)
# Plain words for a type, read before the list is split: "price_eur (decimal number)", "qty
# (whole number, primary key)", "note (free text)", "seen_at (date and time)"
# (a bare "number" says neither int nor float: refused as an unknown type)
_PLAIN_TYPES = [
    (re.compile(r"\b(?:decimal|floating[\s-]?point|real|fractional)\s+numbers?\b", ICASE), "float"),
    (re.compile(r"\b(?:whole|integer)\s+numbers?\b", ICASE), "int"),
    (re.compile(r"\b(?:free|plain)\s+text\b|\btext\s+string\b", ICASE), "text"),
    # (in brackets only: "columns date and time" may be two columns)
    (re.compile(r"(?<=\()\s*date\s*(?:and|&|-)?\s*time\s*(?=[,)])", ICASE), "timestamp"),
]
_SQL_WORDS = [
    (re.compile(r"\b(timestamp|time)\s+with(?:out)?\s+time\s+zone\b", ICASE), r"\1"),
    (re.compile(r"\bdouble\s+precision\b", ICASE), "double"),
    (re.compile(r"\bcharacter\s+varying\b", ICASE), "varchar"),
    (re.compile(r"\s+(?:unsigned|signed|unique|auto_increment|autoincrement)\b", ICASE), ""),
    # "lot_id (int), product_code (text)": each column's type in parentheses after its name
    (re.compile(r"^\s*([\w`\"]+)\s*\(\s*([A-Za-z]\w*)\s*\)\s*$"), r"\1 \2"),
    # "created_at timestamptz default now()" (its parentheses blanked): the source's default
    (re.compile(r"\s+default\s+[\w.']+\s*$", ICASE), ""),
]
_SQL_PK_LAST = re.compile(
    # (also "..., with primary key order_id and line_no", "..., PK order_id + line_no")
    r",\s*(?P<pk>(?:with\s+(?:the\s+|a\s+)?)?(?:prim[a-z]*\s+key|pk\b)\s*(?:is\s+|:\s*|=\s*)?"
    r"(?P<f>[A-Za-z_]\w*(?:\s*(?:,|\band\b|\+|&)\s*[A-Za-z_]\w*)*))\s*$",
    ICASE,
)
# "work_order_id (int, PK)": a column's type and its key mark together in parentheses
_TYPE_AND_KEY = re.compile(
    # ("plan_id (bigint, the primary key)")
    r"(?P<n>[A-Za-z_]\w*)\s*\(\s*(?P<t>[A-Za-z]\w*)\s*,\s*(?:the\s+)?(?:pk|prim[a-z]*\s+key)\s*\)",
    ICASE,
)
_NOT_NULL = re.compile(r"\s+not\s+null\b|\s+null\b", ICASE)
# "closed_at timestamp (null until the job is closed)", "(nullable)": the column may be empty,
# as every non-key column of the replica may
_NULL_ASIDE = re.compile(
    r"\s*\(\s*(?:nullable|optional|(?:null|empty)(?:\s+(?:until|before|while|when|if|unless)\s"
    r"[^()]*)?|(?:may|can|could|might)\s+be\s+(?:null|empty|missing)[^()]*)\s*\)",
    ICASE,
)
_SQL_PK_ITEM = re.compile(
    r"\s*prim[a-z]*\s+key\s+(?P<f>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*", ICASE
)
# Types the spec holds less exactly than SQL: listed when read
_INEXACT = {
    "decimal": "float: Debezium sends decimals as doubles (decimal.handling.mode=double), so "
    "digits beyond a double's 15-17 significant ones are rounded",
    "numeric": "float: Debezium sends numerics as doubles (decimal.handling.mode=double), so "
    "digits beyond a double's 15-17 significant ones are rounded",
    "money": "float: Debezium sends money as a double",
    "tinyint": "int (MySQL's tinyint(1) booleans arrive as 0/1)",
}


def _key_like(keys: list[str], listed: str) -> bool:
    """Whether a listed column names an identifier of the key's stem ("primary key lot_no;
    columns lot_id, ..."): the key may be a slip for that column, so it is not added as one of
    its own ("primary key visit_id; columns visit_date, ..." is no such slip)."""
    stems = {k.split("_")[0].lower() for k in keys}
    return any(
        w.split("_")[0].lower() in stems and _ID_ENDING.search(w)
        for w in re.findall(r"[A-Za-z_]\w*", listed)
    )


_ID_ENDING = re.compile(r"(?:_|\b)(?:id|no|num|number|key|code|ref|uuid|pk)$", ICASE)


def parse_columns(
    text: str,
    said_pk: list[str] | None = None,
    notes: list[str] | None = None,
    said_type: str | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The columns of a parenthesised column spec, and the primary key it names (or []);
    `said_pk` is a key read from the parentheses already ("(columns a, b; primary key a)").
    A type the spec holds less exactly (decimal as float) is said in `notes`."""
    columns: list[dict[str, Any]] = []
    pk: list[str] = list(said_pk or [])
    pk_separate = False  # "a is the PK; other columns b, c": the key is not in the list
    guessed: list[str] = []  # "columns id, status, amount": types from the names, listed
    key_type = said_type  # "PK visit_id (int)": the key's type, said with it
    # "(primary key a; columns b, c)": the key's part before the list (a key read already is
    # blanked to ";" where it was said)
    key_part_first = bool(said_pk) and text.lstrip().startswith(";")
    text = _KEY_THEN_OTHERS.sub(r"\g<key>; other columns ", text, count=1)
    text = _KEY_COMMA_COLUMNS.sub(r"\g<key>; ", text, count=1)
    for pattern, repl in _PLAIN_TYPES:
        text = pattern.sub(repl, text)
    for part in text.split(";"):
        if not part.strip():
            continue
        m = _PK_PART.fullmatch(part)
        if m:
            if pk:
                raise RequestNotUnderstood(f"a CDC table's primary key is given twice: {text!r}")
            key_part_first = not columns
            keys = m.group("f") or m.group("f2") or m.group("f3")
            pk = [unquote(k)[0] for k in re.split(SEP_WORDS, keys.strip(), flags=ICASE)]
            typed = m.group("kt") or m.group("kt2")
            if typed and len(pk) == 1:
                key_type = COLUMN_TYPES[typed.lower()]
            elif typed:  # "pk a, b (int)": which key has the type?
                raise RequestNotUnderstood(
                    f"CDC: one type for the keys {', '.join(pk)} ({part.strip()!r}); list each "
                    "key with its type among the columns"
                )
            continue
        lead = _COLS_LEAD.match(part)
        if lead and lead.end() > 0 and re.match(r"\s*(?:the\s+)?other\b", part, ICASE):
            pk_separate = True
        elif lead and lead.end() > 0 and key_part_first and not columns and not _key_like(pk, part):
            # "(primary key visit_id; columns horse_id, vet_name)": the key said first, on its
            # own, then the columns as a list of their own: the others (a key said after the
            # list must be in it: "(columns a, b; primary key c)" is refused below)
            pk_separate = True
        items = part[lead.end() :] if lead else part
        items = _TYPE_AND_KEY.sub(r"\g<n> \g<t> pk", items)
        for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", items.strip(), flags=ICASE):
            if not item:
                continue
            sql_pk = _SQL_PK_ITEM.fullmatch(item)
            if sql_pk:  # "..., PRIMARY KEY (id)" (its parentheses blanked)
                if pk:
                    raise RequestNotUnderstood(
                        f"a CDC table's primary key is given twice: {text!r}"
                    )
                pk = sql_pk.group("f").split()
                continue
            said = item
            for pattern, repl in _SQL_WORDS:
                said = pattern.sub(repl, said)
            marked = _PK_MARK.search(said)
            said = said[: marked.start()] if marked else said
            said = _NULL_ASIDE.sub("", said)
            said = _NOT_NULL.sub("", said)  # "bigint not null": a fact of the source table
            bits = said.split()
            name = unquote(bits[0])[0]
            if marked:
                pk.append(name)
            word = bits[1].lower().split("(")[0] if len(bits) > 1 else ""
            kind = COLUMN_TYPES.get(word) if len(bits) > 1 else None
            if len(bits) > 2 or (len(bits) > 1 and kind is None):
                raise RequestNotUnderstood(
                    f"column {name!r}: unknown type {' '.join(bits[1:])!r} (use int, float, "
                    "text, bool, timestamp, date or json, or their SQL names: bigint, "
                    "varchar(n), numeric(p,s), timestamptz, jsonb, ...)"
                )
            if word in _INEXACT and notes is not None:
                notes.append(f"column {name!r} ({word}) is replicated as {_INEXACT[word]}")
            # (a NOT NULL column stays optional in the replica, like every non-key column: a
            # change event may still leave it out, e.g. an unchanged TOASTed value)
            if kind is None:
                kind = guess_type(name)
                guessed.append(f"{name} {kind}")
            columns.append({"name": name, "type": kind, "required": False})
    if not columns:
        raise RequestNotUnderstood("a CDC table's column list is empty")
    names = [c["name"] for c in columns]
    missing = [k for k in pk if k not in names]
    for col in columns:
        if key_type and col["name"] in pk and col["type"] != key_type:
            raise RequestNotUnderstood(
                f"CDC: the primary key {col['name']} is said to be {key_type} and listed as "
                f"{col['type']}: give its type once"
            )
    if missing and pk_separate and key_type:  # "PK visit_id (int); other columns ..."
        columns[:0] = [{"name": k, "type": key_type, "required": False} for k in missing]
    elif missing and pk_separate:  # "reservation_id is the PK; other columns ...": added first
        columns[:0] = [{"name": k, "type": guess_type(k), "required": False} for k in missing]
        guessed[:0] = [f"{k} {guess_type(k)}" for k in missing]
    elif missing:
        raise RequestNotUnderstood(
            f"CDC table: primary key {', '.join(missing)} is not one of the listed columns "
            f"({', '.join(names)}); list it with the columns"
        )
    if guessed and notes is not None:
        notes.append(
            f"CDC column(s) without a type, typed from their names: {', '.join(guessed)} (give a "
            "column's type after its name, as in 'amount numeric', when a guess is wrong)"
        )
    return columns, pk


CDC_TRIGGER = re.compile(
    r"\b(?:(?:through|via)\s+)?(?:debezium(?:\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?:connector|source\s+connector))?"
    # ("can we get CDC off the postgres table ...": where it is taken from follows)
    r"|cdc(?:\s+off(?=\s+(?:the\b|our\b|a\b|\x00)))?|change[\s-]+data[\s-]+capture|binlog"
    r"|logical\s+replication"
    # ("capture changes from the table x", "capturing every row change of x": what CDC does)
    r"|captur(?:e|es|ed|ing)\s+(?:(?:all|every|the)\s+)?(?:(?:row|table)\s+)?changes?)\b",
    ICASE,
)


CDC_WORDS = re.compile(
    # ("We need a replica of the Postgres table ...", "keep a replica of ...": what CDC builds;
    # "replica with only the latest version of each row": the mode said with it)
    r"\b(?:(?:(?:keep|maintain)\w*\s+(?:an?\s+|the\s+)?(?:(?:clickhouse|\x00+)\s+)?)?replicas?(?=\s+(?:(?:of|in|with)\b|\x00))|replicat\w*"
    r"|mirror\w*|sync\w*|soft[\s-]+deletes?)\b",
    ICASE,
)


# ("pg table x", "pg tables": Postgres shortened)
DB_WORD = re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb|pg(?=\s+(?:tables?\b|\x00)))\b", ICASE)


# "the MySQL table bids", "Postgres tables a and b": a table said with its database's kind
TABLE_OF_KIND = re.compile(
    r"\b(?:postgres(?:ql)?|mysql|mariadb|pg)(?=\s+(?:database\s+)?tables?\b)", ICASE
)


CDC_FROM_DB = re.compile(
    r"\b(?:from|of|in)\s+(?:the\s+|a\s+|our\s+)?(?:postgres(?:ql)?|mysql|mariadb)\b", ICASE
)


# a server name never ends in a colon: "with server name registry: foragers (...) and permits
# (...)" names the tables after it
_PREFIX = rf"{NAME}(?<!:)"


SERVER_NAME = re.compile(
    # ("connector prefix escapebook", "topic.prefix=shop": Debezium 2's name for it)
    # ("connector server name refinery": the connector's word before the server name)
    # ("Debezium server name / topic prefix: tennisdb": the label said by both its names)
    # ("the connector's topic prefix / server name is atelierdb": the connector's, said first)
    r"(?:\b(?:debezium\s+)?(?:connector(?:'s)?\s+)?(?:server[\s_-]*name|topic[\s.]prefix|logical\s+name)"
    r"\s*(?:/|\bor\b)\s*)?"
    rf"\b(?:topic\s+prefix|connector\s+(?:topic\s+)?prefix|topic\.prefix"
    # ("Debezium server name claims": the engine's name said before it, no column)
    rf"|(?:debezium\s+)?(?:connector(?:'s)?\s+)?server[\s_-]*name"
    # ("server named x": no name "d"; "prefixed" no prefix)
    rf"|database\.server\.name|logical\s+name)\b\s*" rf"(?:(?:of|is)\s+|[=:]\s*)?(?P<n>{_PREFIX})"
    # "with debezium (server hrdb)", "Debezium server shopdb": the server name said shortly
    rf"|\(\s*(?:debezium\s+)?server\s*(?:[=:]\s*)?(?P<n2>{_PREFIX})\s*\)"
    rf"|(?<=debezium\s)\s*server\s*(?:[=:]\s*)?(?P<n3>{_PREFIX})"
    # "Use rinkdb as the Debezium server name", "with washpos_cdc as the topic prefix": the
    # name before its role
    rf"|\b(?:use|using|with|set|pick|choose)\s+(?P<n5>{_PREFIX})\s+as\s+(?:the\s+|its\s+|our\s+)?"
    r"(?:debezium(?:'s)?\s+)?(?:connector(?:'s)?\s+)?(?:logical\s+)?"
    r"(?:server[\s_-]*name|topic[\s.]prefix|prefix|logical\s+name)\b"
    # "the Debezium connector's prefix is genebank", "Debezium prefix lighthouse_ops": the
    # engine's or the connector's prefix
    r"|\b(?:debezium(?:'s)?\s+(?:connector(?:'s)?\s+)?|connector's\s+)(?:topic\s+)?prefix\s+"
    rf"(?:(?:is|of|will\s+be|should\s+be)\s+|[=:]\s*)?(?P<n6>{_PREFIX})"
    # "The Debezium connector is named teafactory (that's the topic prefix)": the connector's
    # own name is no prefix unless the words beside it say it is one
    rf"|\bconnector\s+(?:is\s+)?(?:named|called)\s+(?P<n4>{_PREFIX})\s*(?:\(\s*|,\s*)"
    r"(?:that'?s|that\s+is|which\s+is|i\.e\.?,?|=)\s*(?:also\s+)?(?:the\s+|its\s+)?"
    r"(?:topic[\s.]prefix|server[\s_]name)\s*\)?",
    ICASE,
)


# "the orders table lives in the nursery_shop database": where a table named already is kept
# (the database's name is read by its own patterns)
TABLE_LIVES_IN = re.compile(
    r"(?<=\btable\s)(?:lives|sits|resides|is\s+kept|is\s+stored)(?=\s+in\s)", ICASE
)


# "Debezium is already running against database fairdb", "the connector is already capturing the
# rides table": the connector said to exist; only the verb is read here (the connector's word is
# the trigger, the database and the table are read by their own patterns)
EXISTING_CONNECTOR = re.compile(
    r"(?:(?<=debezium)|(?<=connector)|(?<=\bcdc))\s+(?:(?:is|has\s+been|was)\s+(?:already\s+)?"
    r"(?:up\s+and\s+)?(?:running|deployed|set\s+up|configured|live|enabled|installed|capturing"
    r"|streaming|reading|watching|pointed)"
    # "Debezium already captures the kennels table"
    r"|already\s+(?:captures|streams|reads|watches|tracks|covers))"
    r"\b(?=\s+(?:against|on|at|for|from|the|our|its|table|in)\b"
    # ("Debezium is configured with server name nurseryshop": the setting read on its own)
    # (the setting may be read already, blanked)
    r"|\s+with\s+(?:(?:the\s+|a\s+)?(?:server[\s_-]*name|topic[\s.]prefix|prefix)\b|\x00))"
    # "the kennels table is already captured by Debezium": said of the table
    r"|\b(?:is|are)\s+already\s+(?:being\s+)?(?:captured|streamed|tracked|watched|read)"
    r"(?=\s+(?:by|with|via|through)\s+(?:debezium|cdc|(?:the|our|a)\s+(?:debezium\s+)?connector)\b)",
    ICASE,
)


# "change events from the table land in ClickHouse": what the connector emits, a noun (never
# the verb: "change the status to ..." is a step)
CHANGE_EVENTS = re.compile(r"\b(?:row\s+)?change\s+(?:events?|records?)\b", ICASE)


# "the MySQL server named teafactory (holds the table ...)": Debezium's logical server name, its
# topic prefix (listed as read so: it may be the host's name)
DB_SERVER_NAMED = re.compile(
    r"\b(?:postgres(?:ql)?|mysql|mariadb)\s+(?:server|instance)\s+(?:is\s+)?(?:named|called)\s+"
    rf"(?P<n>{NAME})(?:\s+(?:holds|has|hosts|contains)(?=\s+(?:the\s+)?tables?\b))?",
    ICASE,
)


# "The Debezium connector is named tf", "our connector is called shopcdc", "connector name: tf":
# the connector's own name, no word saying it is the topic prefix (read as it when no server
# name is said, listed; see `_connector_named`)
CONNECTOR_NAMED = re.compile(
    r"\bconnector(?:'s)?\s+(?:is\s+)?(?:(?:named|called)\s+|name\s*(?:is\s+|[=:]\s*))"
    rf"(?P<n>{NAME})",
    ICASE,
)


# A database name, never a connecting or possessive word ("from our PostgreSQL database into
# ClickHouse" names none).
# ("the MySQL database freight: shipments (...)": the colon introduces the tables)
# Words after "database" that say what happens to it, never its name ("the ticketing Postgres
# database mirrored into ClickHouse": not a database called "mirrored")
_DB_NAME_NEVER = word_set(
    """replicated mirrored copied synced synchronised synchronized streamed captured cloned
    exported moved sent pushed loaded landed shipped forwarded fed dumped piped tracked is are
    was were has have gets get should must will needs"""
)
DB_NAME = (
    rf"(?!(?:{'|'.join(sorted(LIST_NEXT | _DB_NAME_NEVER | {'our', 'my', 'their', 'your', 'the'}))})"
    rf"\b){NAME}(?<!:)"
)
# "(dbname kelpfarm, schema ops)", "db_name: kelpfarm": the database's name under its own label,
# which wins over a word beside the kind ("our Postgres farm database": what it serves)
# ("The database is called maintenance and the table is x": a sentence naming it, the kind said
# elsewhere; never "the ClickHouse database is called y", the kind between)
DBNAME_LABEL = re.compile(
    rf"\b(?:dbname|db[_-]name|database\s+name)(?:\s*[:=]\s*|\s+(?:is\s+)?)(?P<d>{DB_NAME})"
    rf"|\b(?:the|our|its)\s+(?:source\s+)?(?:database|db)\s+is\s+(?:called|named)\s+(?P<d2>{DB_NAME})",
    ICASE,
)
# "the database cookbook", "the database is cookbook": a database's name left unread (see
# `_refuse_unread_db_name`)
UNREAD_DB_NAME = re.compile(
    r"\b(?:database|db)\s+(?:is\s+|called\s+|named\s+)?(?P<d>[A-Za-z_][\w-]*)(?![\w-]|\.\w)",
    ICASE,
)
# what follows "database" in words that name none ("the database team", "database server")
_NOT_A_DB_NAME = word_set(
    """team server servers host hosts schema schemas table tables connector user users password
    admin admins dump dumps migration migrations engine engines instance instances cluster
    replica replicas side level name names kind type types changes change log logs itself
    directly"""
)
# Words that say which server, never a database's name ("the staging MySQL")
_SERVER_ROLES = word_set(
    "staging stage test testing dev development qa uat sandbox prod production live replica "
    "backup legacy old new secondary primary main local remote read-only"
)


SOURCE_DB = [
    # ("our MySQL farm-ops database agri_ops": a word saying what the database serves; "our
    # practice-management MySQL database dentalpm": that word before the kind)
    re.compile(
        r"(?:\b(?:our|my)\s+(?!(?:postgres(?:ql)?|mysql|mariadb)\b)[a-z][\w-]*\s+"
        # ("the federation's MySQL database fis": whose database, a possessive; never a
        # server's role, "the staging's MySQL", which the spec does not hold)
        rf"|\b(?:the|our|their)\s+(?!(?:{'|'.join(sorted(_SERVER_ROLES))})\b)[a-z][\w-]*['\u2019]s\s+)?"
        rf"\b(?:postgres(?:ql)?|mysql|mariadb)\s+(?:(?!(?:database|db)\b)[A-Za-z][\w-]*\s+)?"
        # ("a Postgres database called fleet with a table vehicles")
        # ("The Postgres database is called atelier": said as a sentence)
        rf"(?:database|db)\s+(?:(?:is\s+)?(?:called|named)\s+)?(?P<d>{DB_NAME})",
        ICASE,
    ),
    re.compile(
        rf"\b(?:database|db)\s+(?P<d>{DB_NAME})\s+(?:on|in|from)\s+(?:postgres(?:ql)?|mysql|mariadb)",
        ICASE,
    ),
    # "from the library postgres database", "in the postgres library db": the name beside the
    # kind, either side
    re.compile(
        rf"\b(?:from|in|of|on)\s+(?:the\s+|our\s+|my\s+)?(?:(?=\w)(?P<d>{DB_NAME})\s+"
        r"(?:postgres(?:ql)?|mysql|mariadb)|(?:postgres(?:ql)?|mysql|mariadb)\s+"
        rf"(?!(?:database|db)\b)(?=\w)(?P<d2>{DB_NAME}))\s+(?:database|db)\b",
        ICASE,
    ),
    # ("Debezium is running against database fairdb": where the connector reads)
    # ("connecting to the database showcontrol": where the connector connects)
    re.compile(
        r"\b(?:from|in|of|against|(?:connect(?:s|ing)?|attach(?:es|ing)?)\s+to)\s+(?:the\s+)?"
        rf"(?:database|db)\s+(?P<d>{DB_NAME})",
        ICASE,
    ),
    # "..., database bank, into ClickHouse ...": a clause of its own
    re.compile(
        # ("MySQL, topic prefix boxdb. Database billing, table x": a sentence's start, its "." maybe read)
        # ("We keep stock in MySQL — database inv, table x": after a spaced dash of any kind)
        rf"(?:(?<=[,;:(])|^|(?<=\s[-\u2013\u2014]\s)|(?<=[.!?\x00]\s))\s*(?:source\s+)?(?:database|db)(?:\s+name(?:\s+is)?)?(?:\s*:\s*|\s+)"
        # ("..., database `bookstore`, table x": the name in backticks)
        rf"(?P<q>`)?(?P<d>{DB_NAME})(?(q)`)"
        # ("The booking system is on PostgreSQL, database clinic.": a sentence's end too)
        r"(?=\s*(?:[,;]|\.(?!\w)))",
        ICASE,
    ),
    # "the reservations Postgres database (it's called `pms`)": what it serves, its name after
    re.compile(
        rf"\b(?:the\s+|our\s+)?(?:[a-z][\w-]*\s+)?(?:postgres(?:ql)?|mysql|mariadb)\s+(?:database|db)"
        rf"\s*\(\s*(?:it'?s\s+|it\s+is\s+)?(?:called|named)\s+(?P<d>{DB_NAME})\s*\)",
        ICASE,
    ),
    # "the MySQL table payroll_adjustments (database hr)"
    re.compile(rf"\(\s*(?:in\s+)?(?:the\s+)?(?:database|db)\s+(?P<d>{DB_NAME})\s*\)", ICASE),
    re.compile(
        # ("MySQL CDC for the cellarmaster database": what the CDC is set up for)
        rf"\b(?:from|in|of|for)\s+(?:the|our|my)\s+(?!(?:postgres\w*|mysql|mariadb|our|source)\b)(?P<d>{DB_NAME})\s+(?:database|db)\b",
        ICASE,
    ),
    # "set up Postgres CDC on the diveschool database": where the capture runs (never a
    # server's role: "on the staging database" says which host)
    re.compile(
        r"\b(?:cdc|capture|debezium)\s+on\s+(?:the|our|my)\s+"
        rf"(?!(?:postgres\w*|mysql|mariadb|our|source|{'|'.join(sorted(_SERVER_ROLES))})\b)"
        rf"(?P<d>{DB_NAME})\s+(?:database|db)\b",
        ICASE,
    ),
    # "postgres cdc bakery orders.custom_cakes (...)": terse, a bare name between "cdc" and a
    # schema.table is the database's (a Postgres name: MySQL's database is the schema)
    re.compile(
        r"(?:(?<=\bpostgres\scdc\s)|(?<=\bpostgresql\scdc\s))"
        # ("Postgres CDC for inventory.stock (...)": a preposition or article, no name)
        r"(?!(?:off|of|for|from|on|in|into|to|with|via|using|the|table|tables|schema)\b)"
        r"(?P<d>[a-z][a-z0-9_]*)"
        r"(?=\s+[A-Za-z_]\w*\.[A-Za-z_]\w*\s*\()",
        ICASE,
    ),
]
# (the pattern of "..., database bank, ...": a name under its own label in a clause)
_DB_CLAUSE = 4


# Words that never start a bare "<records> are in MySQL" sentence: connectives, pronouns,
# requests ("Please ...", "So that is in MySQL")
_NOT_RECORDS = (
    r"(?:that|which|who|whom|where|when|while|if|so|and|or|but|then|please|pls|we|i|you|they"
    r"|he|she|this|these|those|there|here|what|also|all|everything|nothing|only|just|to|from"
    r"|into|with|by|not|no|can|could|would|should|must|will|do|does|did)"
)


# "The core runs on PostgreSQL, database ledger": what the database serves, then its kind
# (read by DB_WORD); the words before say only which system it is
RUNS_ON_DB = re.compile(
    # (after a sentence read already, or a background sentence set aside: "\x00", "\x01")
    # ("The paint factory's order desk runs on MySQL": an owner's possessive among the words)
    # ("... for our hut registry? It lives in PostgreSQL": the table said before, as 'it')
    # ("The nutrient recipes for every crop live in ...": what they hold, up to six words)
    r"(?:^|(?<=[.;:?!\x00\x01]\s))(?:(?:the|our|their)\s+(?P<w>(?:[a-z][\w-]*(?:'s)?\s+){0,6}?)"
    r"(?:system\s+)?|it\s+"
    # ("Ice time bookings are in MySQL", "Custom cake orders live in our Postgres database x":
    # the records named bare at the sentence's start, no connective or pronoun among them)
    rf"|(?P<bare>(?:(?!{_NOT_RECORDS}\b)[a-z][\w-]*(?:'s)?\s+){{1,5}}?)"
    r"(?=(?:are|is|lives?|sits?)\s+(?:on|in|kept|stored|held)\s))"
    # ("the dyehouse runs MySQL": the verb alone)
    # ("Our ticket orders live in MySQL", "Our loans are kept in the Postgres database x": what
    # it holds, plural)
    r"(?:(?:runs?|is\s+running|(?:is|are)\s+hosted|lives?|sits?|is|are)\s+(?:on|in)|runs|is\s+running"
    r"|uses|(?:are|is)\s+(?:kept|stored|held)\s+in"
    # ("the co-op's extraction app writes to MySQL": the system writing its own database)
    r"|writes\s+(?:to|into))\s+(?:a\s+|the\s+|our\s+|its\s+)?"
    r"(?=(?:postgres(?:ql)?|mysql|mariadb)\b)",
    ICASE,
)
# "We keep egg batches in MySQL", "we store the snow gun inventory in PostgreSQL (table x)":
# what the database holds, said by who keeps it there
KEPT_IN_DB = re.compile(
    r"(?:^|(?<=[.;:?!\x00\x01]\s))we\s+(?:keep|store|hold|have)\s+"
    r"(?:(?:the|our|all(?:\s+(?:the|our))?)\s+)?"
    rf"(?P<w>(?:(?!{_NOT_RECORDS}\b)[a-z][\w-]*(?:'s)?\s+){{1,5}}?)in\s+(?:a\s+|the\s+|our\s+)?"
    r"(?=(?:postgres(?:ql)?|mysql|mariadb)\b)",
    ICASE,
)


# "the seat_holds table from the box office MySQL": the words before the database's kind say
# which system it serves (never which server: "the staging MySQL" is another host, which the
# spec does not hold)
# ("out of the plant's MySQL": a possessive, "out" read with its "of")
DB_OWNER = re.compile(
    r"\b(?P<out>out\s+)?(?:from|in|of|on)\s+(?:the|our|their)\s+(?P<w>(?:(?!(?:database|db|table"
    r"|schema|server|cluster|instance|host)\b)[a-z][a-z-]*(?:'s)?\s+){1,3}?)"
    r"(?=(?:postgres(?:ql)?|mysql|mariadb)\b"
    # ("the windlab Postgres database": the database's own name, read as such)
    r"(?!\s+(?:database|db)\b))",
    ICASE,
)


# "Replicate two Postgres tables from the booking system into ...": which application the
# tables belong to (never which server: "from the staging system" is left unread)
SYSTEM_OWNER = re.compile(
    r"\btables\s+(?P<p>(?:from|of|in)\s+(?:the|our|their)\s+(?P<w>(?:[a-z][a-z-]*(?:'s)?\s+){1,3}?)"
    r"(?:system|app|application|platform|backend|service|software)\b)",
    ICASE,
)


DB_SCHEMA = re.compile(
    # ("two tables in schema public: a (...) and b (...)": the colon introduces the tables)
    rf"\b(?:in\s+)?(?:the\s+)?schema\s+(?P<s>{NAME})(?<!:)"
    # "two tables from the ops schema": the name before the word
    r"|\b(?:from|in|of)\s+the\s+(?P<s2>[A-Za-z_]\w*)\s+schema\b",
    ICASE,
)


PRIMARY_KEY = re.compile(
    rf"\b(?:(?:prim[a-z]*\s+key|pk)\s*(?:is\s+|=\s*|:\s*|of\s+)?|keyed\s+(?:by|on)\s+(?:the\s+)?)"
    # ("with primary key order_id (int); columns are order_id int, ...": the key's type, checked
    # against its column in `build_cdc`)
    rf"(?P<f>{FIELD})(?:\s*\(\s*(?P<kt>{_KEY_TYPE_WORD})\s*\)(?=\s*[;,.])"
    # ("primary key order_id int, columns bar_id text, ...": the type said bare, before the list)
    rf"|\s+(?P<kt2>{_KEY_TYPE_WORD})(?=\s*[;,.)]))?"
    # "with policy_id as the primary key", "reservation_id is the PK"
    # (never a type: "booking_id bigint as primary key" marks booking_id, in its list)
    rf"|(?:\bwith\s+)?(?<![\w'\"`])(?!{_KEY_TYPE_WORD}\s)(?P<f2>[A-Za-z_]\w*)\s+(?:is|as)\s+"
    r"(?:the\s+|its\s+)?"
    r"(?:prim[a-z]*\s+key|pk)\b",
    ICASE,
)


# "Key is card_id.", "booking_id is the key.": a sentence naming a key with no "primary", read as
# the table's primary key only when it is the table's own id (see `_key_sentence`)
KEY_SENTENCE = re.compile(
    r"(?:^|(?<=[.;]\s))\s*(?:(?:the\s+)?key\s+is\s+(?P<f>[A-Za-z_]\w*)"
    r"|(?P<f2>[A-Za-z_]\w*)\s+is\s+the\s+key)(?=\s*(?:[.;]|$))",
    ICASE,
)


def own_id_table(key: str, text: str) -> bool:
    """`key` ("card_id") is the id of a table the request names by its records ("the
    loyalty_cards table", "table public.cards"), never another table's ("customer_id" of orders)."""
    own = re.fullmatch(r"(?P<noun>[a-z]+)_id", key, ICASE)
    if not own:
        return False
    noun = re.escape(own["noun"])
    return bool(
        re.search(
            rf"\b(?:\w+_)?{noun}(?:s|es)?\s+table\b|\btable\s+(?:\w+[._])*{noun}(?:s|es)?\b",
            text,
            ICASE,
        )
    )


# "primary key (depot_id, part_no)", "primary key depot_id and part_no": a key of two or more
# columns, said on its own (checked against the table's columns in `build_cdc`; a closing
# bracket before ";" is blanked by the layout: "primary key (a, b ;")
_KEY_COL = r"[A-Za-z_]\w*"
COMPOSITE_KEY = re.compile(
    r"\b(?:prim[a-z]*\s+key|pk)\s*(?:is\s+|=\s*|:\s*|of\s+)?(?:the\s+pair\s+|the\s+columns\s+)?"
    rf"(?:\(\s*(?P<p>{_KEY_COL}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*\+\s*){_KEY_COL})+)\s*(?:\)|(?=;))"
    rf"|(?P<a>{_KEY_COL}(?:\s*,\s*{_KEY_COL})*(?:\s*,)?\s+(?:and|\+|&)\s+{_KEY_COL}))"
    r"(?![\w(])",
    ICASE,
)


EVERY_CHANGE = re.compile(
    r"\b(?:every|each|all)\s+(?:single\s+|the\s+)?(?:changes?|updates?|modifications?|edits?)"
    # ("every change made to the policies table": the participle read with the noun)
    r"(?:\s+made(?=\s+to\b))?(?=\s+(?:to|in|on|of|from)\b)",
    ICASE,
)


# "insert, update and delete": the kinds of change a CDC history keeps, listed
_CHANGE_KIND = r"(?:inserts?|updates?|deletes?|changes?)"
_CHANGE_KINDS = rf"{_CHANGE_KIND}(?:\s*,\s*{_CHANGE_KIND})*(?:\s*,?\s+(?:and|or)\s+{_CHANGE_KIND})"


# "... as its own row (history, for refunds disputes)": the mode's name again, with who it is
# for in plain words, or what it is not ("(history, not just the latest)", read by
# NOT_JUST_LATEST); the closing parenthesis left, no word
_HISTORY_ASIDE = (
    r"(?:\s*\(\s*(?:(?:full|complete)\s+)?history(?:\s*,\s*for\s+[a-z]+(?:\s+[a-z]+){0,2})?"
    r"(?=\s*\)|\s*[,;]\s*(?:not|rather\s+than|instead\s+of)\b))?"
)
HISTORY = re.compile(
    r"\b(?:(?:(?:and\s+)?(?:keep\w*|stor\w*|with|as|preserv\w*|retain\w*|record\w*|log\w*)"
    # "Auditors need the full history", "Our finance team wants a complete history": who asks
    # for it, opening its sentence or a clause after a comma ("(history mode, the federation
    # wants an audit trail)")
    r"|(?:^|(?<=[.;,]\s))(?:the\s+|our\s+)?[A-Za-z]+(?:\s+team)?\s+(?:needs?|wants?|requires?))\s+"
    r"(?:the\s+|a\s+|an\s+)?)?(?:(?:full|complete|entire|whole)\s+(?:change\s+)?(?:history|trail)"
    r"(?:\s+of\s+(?:every|each|all)\s+(?:the\s+)?(?:change|update|edit)s?)?"
    # ("we need the full history for audits": what it is for, one plain word of record-keeping)
    r"(?:\s+for\s+(?:the\s+)?(?:audits?|auditing|auditors|compliance|regulators|audit\s+purposes)"
    r"(?=\s*(?:[,;.)]|$|\s[-\u2013\u2014]\s)))?|change\s+history"
    # "keep a full change log", "a complete changelog"
    r"|(?:full|complete|entire|whole)\s+change[\s-]?log"
    r"|(?:change[\s-]?log|history)\s+of\s+(?:all\s+|every\s+|each\s+)?(?:the\s+)?(?:change|update"
    r"|edit)s?|(?:every|each)\s+(?:change|update)\s+as\s+(?:a|its\s+own)\s+(?:new\s+|separate\s+)?"
    rf"row{_HISTORY_ASIDE}|(?:all|every|each)\s+(?:the\s+)?(?:changes|updates)\s+as\s+(?:new|separate)\s+rows"
    # ("the full audit history of every change")
    r"|append[\s-]+only(?:\s+(?:table|log|history))?"
    r"|(?:(?:full|complete|entire|whole)\s+)?audit\s+(?:log|trail|table|history)"
    # "an audit log of every change" ("an audit trail of fee edits": the changes it is for, all
    # of them kept)
    r"(?:\s+of\s+(?:(?:every|each|all)\s+(?:the\s+)?(?:single\s+)?(?:change|update|edit)s?"
    r"|(?:[a-z]+\s+)?(?:changes|updates|edits)\b))?"
    # "keep every change as history", "store all updates as a change log"
    # ("every change kept as an audit trail": the participle between)
    # ("keep every change as an append-only history/audit log": the log's kind said first, two
    # names for it joined by a slash)
    r"|(?:every|each|all)\s+(?:the\s+)?(?:changes?|updates?|versions?)\s+(?:(?:kept|stored|saved"
    r"|retained|preserved|logged|recorded)\s+)?as\s+(?:an?\s+)?"
    r"(?:(?:append[\s-]+only|immutable|permanent|full|complete)\s+)?"
    r"(?:history|change[\s-]?log|audit\s+(?:log|trail))"
    r"(?:\s*/\s*(?:history|change[\s-]?log|audit(?:\s+(?:log|trail))?))?"
    # "every update to ... stored as its own row"
    # ("every change kept as its own row for auditing")
    # ("every insert, update and delete kept as its own row": the kinds of change listed)
    r"|(?:(?:every|each|all)\s+(?:single\s+)?(?:changes?|updates?|versions?"
    rf"|{_CHANGE_KINDS})\s+)?"
    # ("Every change should be kept as its own row")
    r"(?:(?:should|must|will|shall|needs?\s+to|has\s+to)\s+be\s+)?"
    r"(?:stored|kept|written|saved|inserted|landed)\s+as\s+(?:its|their)\s+own\s+rows?"
    r"(?:\s+of\s+every\s+change(?:\s+to)?)?(?:\s+for\s+(?:auditing|audits?|the\s+auditors))?"
    # ("... as its own row (history, for refunds disputes)": the mode's name again, with who it
    # is for in plain words; the closing parenthesis left, no word)
    rf"{_HISTORY_ASIDE}"
    # "(every update retained)", "all changes are kept": each change stays, none replaced
    # (ending its clause: "every update retained for 30 days" is a lifetime)
    r"|(?:every|each|all)\s+(?:the\s+)?(?:single\s+)?(?:changes?|updates?|versions?)\s+"
    r"(?:(?:is|are|gets?|should\s+be|must\s+be)\s+)?(?:retained|kept|preserved)(?=\s*(?:[,;.)]|$))"
    # "so use history mode": the mode's own name
    r"|(?:(?:use|using|in|with)\s+(?:the\s+)?)?history\s+mode|(?:all|every|each)\s+(?:the\s+)?(?:historical\s+|old\s+"
    r"|past\s+|previous\s+)?versions?(?:\s+of\s+(?:each|every|a)\s+(?:row|record))?"
    # "every change should be its own row", "each update becomes a new row"
    # ("every insert, update and delete as its own row": the kinds listed, "as" alone)
    rf"|(?:every|each)\s+(?:single\s+)?(?:{_CHANGE_KINDS}|change|update|version|event)\s+(?:should|must"
    r"|will|shall|needs?\s+to|has\s+to)?\s*(?:(?:be(?:comes?)?|gets?(?:\s+stored\s+as)?|is"
    r"|goes\s+in\s+as|lands?\s+as|as)\s+)?(?:its\s+own|a\s+(?:new|separate)|one|1)\s+"
    rf"(?:new\s+|separate\s+)?rows?{_HISTORY_ASIDE}"
    # "every change to the payroll tables kept forever", "keep all changes forever": a history
    r"|(?:(?:keep\w*|stor\w*|retain\w*|preserv\w*)\s+)?(?:every|each|all)\s+(?:the\s+)?(?:single\s+)?"
    r"(?:changes?|updates?)(?:\s+(?:to|of|in|on)\s+(?:the\s+|our\s+|its\s+)?(?:[\w-]+\s+)?"
    r"(?:tables?|rows?))?\s+(?:(?:should|must|to|will)\s+be\s+|is\s+|are\s+)?(?:kept|stored"
    r"|retained|preserved)?\s*(?:forever|indefinitely|permanently)"
    # "keep every change, we need an audit log", "keep all updates.": the bare verb and noun,
    # ending the clause
    # "keep the old versions of rows too": the versions a replace would overwrite
    r"|keep\w*\s+(?:the\s+)?(?:old|older|past|previous|earlier|historical)\s+versions"
    r"(?:\s+of\s+(?:the\s+|each\s+|every\s+|all\s+)?(?:rows?|records?))?(?:\s+too|\s+as\s+well)?"
    r"|keep\w*\s+(?:every|each|all)\s+(?:the\s+)?(?:single\s+)?(?:changes?|updates?|versions?)"
    r"(?=\s*(?:[,.;)]|$|\x00))"
    # "We legally need every change kept", "with every update retained": the changes asked for
    # by what is done with them, the participle after the noun
    r"|(?:(?:(?:legally|really|absolutely|also|do)\s+)?(?:needs?|wants?|requires?)\s+|with\s+)?"
    rf"(?:every|each|all)\s+(?:the\s+)?(?:single\s+)?(?:changes?|updates?|versions?|{_CHANGE_KINDS})"
    r"\s+(?:to\s+be\s+)?(?:kept|stored|retained|preserved|recorded)"
    r"(?:\s+as\s+(?:an?\s+)?(?:history|change[\s-]?log|audit\s+(?:log|trail)))?"
    # ("a full change history (audit log, every change kept)": an aside's end too)
    r"(?=\s*(?:[,.;()]|$|\x00))"
    # "..., keeping history", "with history"
    r"|(?<=want\sthe\s)history|(?<=need\sthe\s)history|(?<=keeping\s)history|(?<=keep\s)history|(?<=with\s)history|(?<=preserving\s)history)\b",
    ICASE,
)
# "latest state only", "only the current row per key": the replace mode (the default), said
CURRENT_ONLY = re.compile(
    # (never "not just the current row", "rather than the latest state": a history)
    r"(?<!not\s)(?<!just\s)(?<!only\s)(?<!than\s)(?<!of\s)(?<!merely\s)(?<!simply\s)(?<!the\s)"
    r"\b(?:(?:keep\w*|stor\w*|with|as)\s+)?(?:(?:just|only)\s+)?(?:the\s+)?(?:latest|current"
    # ("latest row version only": the row's version)
    r"|newest|most\s+recent)\s+(?:(?:row|record)\s+)?(?:state|version|row|snapshot)s?"
    # ("of each shipment row", "current row per item only": the table's noun)
    r"(?:\s+(?:per|of\s+each|for\s+each)\s+(?:[a-z]+\s+(?=rows?\b))?"
    # ("of each work order, no history": a two-word noun, ending the clause or before an aside:
    # "of each scheduled pass (just the latest row per pass_id)")
    r"(?:primary\s+key|[a-z]+\s+[a-z]\w*(?=\s*(?:[,;(]|\.(?!\w)|$))|[a-z]\w*))?(?:\s+only)?"
    # "Only the latest version of each row should be kept"
    r"(?:\s+(?:should|must|will|is\s+to|are\s+to|needs?\s+to)\s+be\s+(?:kept|stored|retained"
    r"|landed|written|replicated)"
    # "Only the current version of each row is needed"
    r"|\s+(?:is|are)\s+(?:needed|required|wanted|necessary|enough))?(?!\s+(?:of|per|for)\b)",
    ICASE,
)


# "one current row per visit", "a single current row": the count read with the sink's latest row
_ONE_ROW_BEFORE = re.compile(r"\b(?:one|single|1)\s+$", ICASE)


# "We only want the current state of each row": the same, said by who asks
WE_ONLY_CURRENT = re.compile(
    # ("We only care about the current state of each booking": the table's noun)
    r"\b(?:we|i)\s+only\s+(?:want|need|care\s+about)\s+(?:to\s+keep\s+)?(?:the\s+)?(?:latest"
    r"|current|newest|most\s+recent)\s+(?:state|version|row|snapshot)s?(?:\s+(?:per|of\s+each"
    r"|for\s+each)\s+(?:primary\s+key|[a-z]\w*))?\b"
    # "..., no history", "without history", "not the history": the replace mode said by what
    # it is not
    r"(?:\s*[,;]?\s*(?:and\s+)?(?:no|without(?:\s+any)?|not\s+(?:the\s+)?(?:full\s+)?)"
    r"\s*history\b)?",
    ICASE,
)


# "no history needed", "without history", "history isn't needed", "we don't need the history":
# the replace mode said by what it is not
NO_HISTORY = re.compile(
    r"\b(?:(?:no|without(?:\s+any)?)\s+(?:change\s+)?history(?:\s+(?:is\s+)?(?:needed|required"
    r"|wanted|necessary))?|(?:the\s+)?(?:change\s+)?history\s+(?:is\s+not|isn't|not)\s+(?:needed"
    r"|required|wanted|necessary)|(?:we|i)\s+(?:don't|do\s+not)\s+(?:need|want)\s+(?:the\s+|any\s+)?"
    r"(?:change\s+)?history)\b(?!\s+(?:of|for|table|topic|mode)\b)",
    ICASE,
)


# "..., not just the current row", "rather than only the latest state": a history asked for,
# said again by what it is not (read only with a history phrase).
NOT_JUST_LATEST = re.compile(
    r"\s*[,;]?\s*(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:just|only|merely|simply)?\s*"
    r"(?:the\s+|a\s+)?(?:current|latest|last|newest|final|most\s+recent)(?:\s+(?:row|state|version"
    # ("of each lot": any one noun, this is only read after a history phrase; "not just the
    # latest": the noun left out)
    r"|value|snapshot|copy|record)s?(?:\s+(?:per|of\s+each|for\s+each|of\s+every)\s+[a-z]\w*)?)?"
    r"(?:\s+only)?\b"
    # "(not just latest)", "(not only the latest one)": the same said in parentheses
    r"|\s*\(\s*(?:not|rather\s+than|instead\s+of)\s+(?:just|only|merely|simply)?\s*(?:the\s+)?"
    r"(?:current|latest|last|newest|most\s+recent)(?:\s+(?:one|row|state|version|value|record)s?)?"
    r"\s*\)"
    # "..., nothing collapsed", "nothing overwritten": no change folded into another
    r"|\s*[,;]?\s*(?:and\s+|with\s+)?nothing\s+(?:is\s+|gets\s+|should\s+be\s+)?(?:collapsed"
    r"|merged|overwritten|squashed|compacted|folded)\b",
    ICASE,
)
# "including deletes", "deletes included": with a history every delete is an audit row;
# otherwise it does not say whether a deleted row stays flagged or disappears.
WITH_DELETES = re.compile(
    r"\b(?:(?:and\s+|,\s*)?(?:including|incl\.?|with|plus)\s+(?:the\s+)?(?:deletes|deletions"
    r"|deleted\s+rows)|(?:deletes|deletions)\s+included"
    # "..., keeping deletes", "capture every insert, update and delete on table x"
    r"|(?:and\s+|,\s*)?keep(?:ing|s)?\s+(?:the\s+)?(?:deletes|deletions)"
    r"|(?:(?:every|each|all)\s+(?:the\s+)?)?inserts?\s*(?:,|/)\s*updates?\s*(?:,?\s*and\s+|/)"
    r"\s*(?:deletes|delete|deletions)"
    r")\b",
    ICASE,
)


# A hard delete said in words: the row disappears from ClickHouse too.
_GONE = (
    # ("it should be hard-deleted in the replica too": the kind said with the verb)
    r"(?:disappear|vanish|go\s+away|be\s+(?:hard[\s-]+)?(?:removed|deleted|dropped|gone)"
    r"|get\s+(?:hard[\s-]+)?(?:removed|deleted))"
    r"(?:\s+(?:from\s+(?:the\s+)?(?:[\w-]+|\x00+)|here|downstream|there"
    r"|in\s+(?:the\s+)?(?:replica|clickhouse|ch|target|destination|\x00+)))?"
    r"(?:\s+(?:too|as\s+well))?"
)
# "when a row is deleted upstream, ...", "if the source record gets deleted in Postgres, ..."
_WHEN_DELETED = (
    # "when a row is deleted upstream, ...", "if a user gets deleted in Postgres, ..."
    r"\b(?:and\s+)?(?:when|if|once)\s+(?:a|an|the)\s+(?:source\s+)?[a-z]+\s+(?:is|gets|was)\s+"
    r"deleted(?:\s+(?:in\s+(?:the\s+)?[\w-]+|upstream|at\s+the\s+source|in\s+\x00+))?\s*,?\s*"
)
# "should really disappear", "must be gone for good": an adverb that only insists
_ADVERB = r"(?:(?:also|really|actually|truly|properly|fully|completely|permanently)\s+)?"
_FOR_GOOD = r"(?:\s+(?:completely|entirely|permanently|for\s+good))?"
_IT_SHOULD = rf"(?:then\s+)?it\s+(?:should|must|has\s+to|needs\s+to|will|shall)\s+{_ADVERB}"
# "we only need the inserts", "just the updates", "inserts only", "ignore deletes", "updates can
# be skipped": some kinds of change kept, the others left out. A replica applies every change
# (the spec holds no filter on the kind of change): refused, saying what it can do instead.
_KIND_WORD = r"(?:inserts?|updates?|deletes?|deletions|inserted\s+rows|updated\s+rows)"
CHANGE_KINDS_PICKED = re.compile(
    r"\b(?:(?:only|just|solely)\s+(?:(?:need|want|care\s+about|keep|capture|replicate|apply"
    rf"|take|sync)\s+)?(?:the\s+)?{_KIND_WORD}(?:\s*(?:,|and|or|&)\s*{_KIND_WORD})?"
    rf"|{_KIND_WORD}(?:\s*(?:,|and|or|&)\s*{_KIND_WORD})?\s+only"
    r"|(?:ignore|skip|drop|discard|exclude|leave\s+out|filter\s+out|throw\s+away"
    r"|(?:do\s+not|don't)\s+(?:need|want|replicate|apply|capture|sync))\s+(?:the\s+|all\s+"
    rf"|any\s+)?{_KIND_WORD}"
    rf"|{_KIND_WORD}\s+(?:can|should|must|may|are\s+to)\s+be\s+(?:ignored|skipped|dropped"
    r"|discarded|left\s+out))\b",
    ICASE,
)


HARD_DELETE_WORDS = re.compile(
    rf"{_WHEN_DELETED}"
    # ("When an athlete is deleted upstream, remove the row from the replica too")
    r"(?:(?:remove|delete|drop)\s+(?:it|the\s+row|the\s+record)(?:\s+from\s+(?:the\s+)?(?:[\w-]+|\x00+))?(?:\s+(?:too|as\s+well))?"
    rf"|{_IT_SHOULD}{_GONE}"
    # ("When a player is deleted upstream the row should disappear from the replica too")
    r"|(?:the\s+|its\s+)?(?:rows?|records?)\s+(?:should|must|has\s+to|have\s+to|needs?\s+to|will)"
    rf"\s+{_ADVERB}{_GONE})"
    r"|\bdeleted\s+(?:rows|records|[a-z]+s)\s+(?:should\s+|must\s+"
    # ("deleted rows are really gone")
    rf"|will\s+|are\s+|get\s+)?{_ADVERB}(?:disappear|vanish|go\s+away|(?:be\s+)?gone|be\s+removed"
    rf"|be\s+deleted|be\s+purged|removed|deleted|dropped|purged){_FOR_GOOD}"
    r"(?:\s+from\s+(?:the\s+)?(?:[\w-]+|\x00+))?(?:\s+too)?"
    r"|\b(?:remove|drop)\s+deleted\s+rows(?:\s+from\s+(?:the\s+)?(?:[\w-]+|\x00+))?"
    # "legal doesn't want deleted policies hanging around": the deleted rows must not stay
    r"|\b(?:(?:since|because|as)\s+)?(?:(?:the\s+|our\s+)?[a-z]+(?:\s+team)?\s+)?(?:doesn't|does\s+not|don't|do\s+not)\s+want"
    r"\s+(?:the\s+|any\s+)?deleted\s+(?:rows|records|[a-z]+s)\s+(?:hanging|lying|sticking"
    r"|staying)\s+around\b"
    # "Deletes should really disappear", "a delete must be gone from ClickHouse too": the
    # deleted row, named by its delete
    rf"|\b(?:an?\s+|the\s+)?deletes?\s+(?:should|must|will|shall|needs?\s+to|ha(?:ve|s)\s+to)\s+"
    rf"{_ADVERB}{_GONE}{_FOR_GOOD}"
    # "deletes should really remove the rows", "a delete must remove the row from ClickHouse"
    # ("deletes remove the row", "a delete removes the row": said as what a delete does)
    r"|\b(?:an?\s+|the\s+)?deletes?\s+(?:(?:should|must|will|shall|needs?\s+to|ha(?:ve|s)\s+to)\s+)?"
    r"(?:(?:really|actually|truly|also|just)\s+)?(?:remove|delete|drop|purge|wipe)s?(?:\s+out)?\s+"
    r"(?:the\s+)?(?:rows?|records?|them|it)(?:\s+(?:from\s+(?:the\s+)?(?:[\w-]+|\x00+)|downstream"
    r"|for\s+real))?(?:\s+(?:too|as\s+well))?"
    # "a row deleted upstream should disappear from the replica"
    # ("Rows deleted in MySQL should disappear from ClickHouse too")
    r"|\b(?:an?\s+|any\s+)?(?:rows?|records?)\s+(?:that\s+(?:is|was|gets|are|were|get)\s+)?deleted\s+"
    r"(?:upstream|at\s+the\s+source|in\s+(?:the\s+)?(?:postgres(?:ql)?|mysql|mariadb|source|database"
    r"|db|\x00+))\s+(?:should|must|will|has\s+to|have\s+to)\s+(?:(?:really|also)\s+)?(?:disappear"
    r"|vanish|be\s+removed|be\s+deleted|go\s+away)(?:\s+from\s+(?:the\s+)?(?:replica|clickhouse|ch"
    r"|\x00+))?(?:\s+(?:too|as\s+well))?"
    # "Cancelled bookings get deleted in Postgres and should be gone from ClickHouse as well"
    r"|\b(?:[a-z]+\s+)?[a-z]+s\s+(?:get|are)\s+deleted\s+(?:upstream|in\s+(?:the\s+)?(?:postgres(?:ql)?"
    r"|mysql|mariadb|source|database|db|\x00+))\s+and\s+(?:should|must|will|have\s+to)\s+"
    r"(?:(?:really|also)\s+)?(?:disappear|vanish|be\s+removed|be\s+deleted|go\s+away|be\s+gone)"
    r"(?:\s+from\s+(?:the\s+)?(?:replica|clickhouse|ch|\x00+))?(?:\s+(?:too|as\s+well))?",
    ICASE,
)


# A soft delete said in words: the row stays, flagged.
SOFT_DELETE_WORDS = re.compile(
    rf"{_WHEN_DELETED}(?:{_IT_SHOULD}(?:stay|remain|be\s+kept)|keep\s+it)(?:\s+in\s+(?:the\s+table"
    r"|[\w-]+|\x00+))?(?:\s*,?\s*(?:(?:but|and)\s+)?(?:be\s+)?(?:flagged|marked)\s+as\s+deleted)?"
    # "deleted rows must be kept", "Deleted tickets should stay in ClickHouse but be flagged"
    r"|\bdeleted\s+(?:rows|records|entries|[a-z]+s)\s+(?:(?:should|must|will|shall|need\s+to"
    r"|have\s+to|are\s+to)\s+)?(?:stay|remain|be\s+kept|are\s+kept)(?:\s+in\s+(?:the\s+table"
    r"|\x00+))?(?:\s*,?\s*(?:(?:but|and)\s+)?(?:be\s+)?(?:flagged|marked)\s+as\s+deleted"
    # ("deleted rows stay in the table as soft deletes": the mode named)
    r"|\s+as\s+(?:an?\s+)?soft[\s-]+delet(?:es|ed|e|ions?)(?:\s+rows)?)?"
    # "Deleted rows may stay visible with a deleted flag, that's fine": allowed, flagged
    r"|\bdeleted\s+(?:rows|records|entries|[a-z]+s)\s+(?:may|can)\s+(?:stay|remain)\s+(?:visible"
    r"|in\s+(?:the\s+table|\x00+))\s+(?:with\s+(?:a|the)\s+(?:deleted|delete|is_deleted|__deleted)"
    r"\s+flag|(?:flagged|marked)\s+as\s+deleted)(?:\s*,\s*(?:that's|that\s+is|which\s+is)\s+"
    r"(?:fine|ok|okay)(?:\s+(?:for|with)\s+(?:us|me))?)?"
    r"|\b(?:flag|mark)\s+deleted\s+rows"
    r"(?:\s+as\s+deleted)?|\bkeep(?:ing)?\s+deleted\s+rows(?:\s*,?\s*(?:flagged|marked)(?:\s+as\s+deleted)?)?",
    ICASE,
)


# "Rows deleted upstream should be hard-deleted": the rows the hard delete is said of
_DELETED_ROWS_BE = (
    r"(?:\b(?:rows?|records?|entries)\s+(?:that\s+(?:are|get|were|got)\s+)?deleted\s+"
    r"(?:upstream|at\s+the\s+source|in\s+(?:the\s+)?(?:postgres(?:ql)?|mysql|mariadb|source"
    r"|database|db|\x00+))\s+(?:should|must|will|shall|need\s+to|have\s+to)\s+be\s+"
    # ("Deleted reservations should be hard-deleted in the replica")
    r"|\bdeleted\s+(?:rows|records|entries|[a-z]+s)\s+(?:should|must|will|shall|need\s+to"
    r"|have\s+to)\s+be\s+(?=hard[\s-]+delet))?"
)
# "... hard-deleted in the replica": where the rows disappear from
_IN_REPLICA = (
    r"(?:\s+(?:in|from)\s+(?:the\s+)?(?:replica|target|destination|clickhouse|\x00+)"
    r"(?:\s+table)?)?"
)
# Why a hard delete, said right after it: the deleted rows gone from what is queried
_HARD_WHY = re.compile(
    # ("so a deleted player disappears from FINAL queries": one row, the records' noun)
    r"\s*,?\s+so\s+(?:that\s+)?(?:an?\s+|the\s+)?(?:removed|deleted)\s+[a-z]+\s+(?:disappears?"
    r"|vanish(?:es)?|go(?:es)?\s+away|(?:is|are)\s+gone|drops?\s+out)(?:\s+(?:from|of)\s+(?:the\s+)?(?:final\s+queries|queries"
    r"|replica|clickhouse|tables?|\x00+))?(?=\s*(?:[,;.]|$))",
    ICASE,
)
HARD_DELETE = re.compile(
    # ("please do hard deletes")
    rf"(?:\b(?:(?:please\s+)?(?:do|use|apply)\s+)?{_DELETED_ROWS_BE}hard[\s-]+delet\w+(?:(?<=deleted){_IN_REPLICA})?"
    # "hard delete rows that get deleted upstream"
    # ("hard-delete rows there when they are deleted in MySQL": the replica's rows, when)
    r"(?:\s+(?:the\s+)?(?:rows|records)(?:\s+there)?\s+(?:that|which|(?P<when>when|whenever|once"
    r"|if))\s+(?(when)they\s+)?(?:get|are|were|got)\s+deleted"
    r"(?:\s+(?:upstream|at\s+the\s+source|in\s+(?:the\s+)?(?:source|[\w-]+|\x00+)))?)?"
    r"|\bphysically\s+delet\w+|\b(?:without|no)\s+soft[\s-]+deletes?(?:\s+flags?)?(?:,?\s+please)?"
    r"|(?<!soft\s)(?<!soft-)\bdelete\s+(?:the\s+)?rows\b"
    r"|\bdeletes?\s+(?:should|must|will|shall)\s+be\s+hard(?:\s+deletes?)?\b"
    # ("make deletes hard deletes", "make the deletes hard")
    r"|\bmake\s+(?:the\s+|all\s+)?deletes?\s+(?:into\s+)?hard(?:[\s-]+deletes?)?\b"
    # "..., not just flagged": the soft delete ruled out, said by its flag alone
    r"|\b(?:and\s+|but\s+)?not\s+(?:just|only|merely|simply)\s+(?:flagged|marked)(?:\s+as\s+deleted)?\b"
    # "..., not linger as a flagged row": the soft delete ruled out
    r"|\b(?:and\s+)?(?:not|never|rather\s+than|instead\s+of)\s+(?:linger|stay|remain|be\s+kept"
    # ("..., not be flagged")
    r"|kept|left|lingering|staying|remaining|being\s+kept|be(?=\s+(?:flagged|marked)\b))"
    r"(?:\s+around)?\s+(?:as\s+(?:an?\s+)?"
    # ("..., not kept as soft deletes": the mode's noun)
    r"(?:flagged|marked|soft[\s-]+deleted|soft[\s-]+delet(?:es|ions?))(?:\s+(?:rows?|records?))?"
    # ("..., not stay flagged", "not kept marked as deleted")
    r"|(?:flagged|marked)(?:\s+as\s+deleted)?"
    # ("..., not kept with a delete flag")
    r"|(?:with|under)\s+(?:an?\s+|the\s+)?(?:delete|deleted|deletion|is_deleted|__deleted|soft[\s-]+delete)"
    r"\s+(?:flag|marker|mark|column))\b)"
    # "(hard deletes, not soft)": the other kind ruled out
    r"(?:\s*,?\s*(?:and\s+|but\s+)?not\s+soft(?:\s+(?:ones|deletes?))?\b)?"
    # "hard deletes (gone from the replica)": what a hard delete does, said again in brackets
    # ("hard deletes in ClickHouse (gone from ...)": where, said before them)
    r"(?:(?:\s+in\s+(?:clickhouse|the\s+replica|\x00+))?\s*\(\s*(?:i\.?\s?e\.?,?\s+)?(?:(?:the\s+)?rows?\s+)?(?:(?:is|are)\s+)?(?:gone|removed|deleted"
    r"|dropped|erased)\s+(?:from|in)\s+(?:the\s+)?(?:replica|target|clickhouse|destination"
    # ("(gone from FINAL queries)": what a query with FINAL returns)
    r"|(?:final\s+)?queries"
    r"|(?:replica|target|clickhouse)\s+table)(?:\s+too|\s+as\s+well)?\s*\))?",
    ICASE,
)


SOFT_DELETE = re.compile(
    # "soft delete rows that are deleted upstream"
    r"(?:\bsoft[\s-]+delet\w+\s+(?:the\s+)?(?:rows|records)\s+(?:that|which)\s+(?:get|are|were|got)\s+"
    r"deleted(?:\s+(?:upstream|at\s+the\s+source|in\s+(?:the\s+)?(?:source|[\w-]+|\x00+)))?"
    r"|\bdeletes?\s+(?:should|must|will|shall)\s+be\s+soft(?:\s+deletes?)?\b"
    # "deletes should be kept as soft deletes", "treat deletes as soft deletes"
    r"|\b(?:(?:deletes?\s*:?\s+(?:(?:should|must|will|shall|are\s+to|need\s+to|have\s+to)\s+be\s+|are\s+"
    r"|get\s+)?)|(?:treat|handle|record|apply|store|write)\w*\s+(?:the\s+|all\s+)?deletes?\s+)"
    r"(?:kept|treated|handled|recorded|applied|stored|written)?\s*as\s+soft[\s-]+deletes?\b"
    r"|\b(?:keeping|keep|with|as|using)?\s*(?:deletes?\s+as\s+)?soft[\s-]+deletes?\b"
    # "Soft deletes are fine"
    r"(?:\s+(?:are|is)\s+(?:fine|ok|okay|wanted|needed|required|expected|what\s+we\s+want))?)"
    # "(soft deletes, not hard)": the other kind ruled out
    r"(?:\s*,?\s*(?:and\s+|but\s+)?not\s+hard(?:\s+(?:ones|deletes?))?\b)?",
    ICASE,
)


ENVELOPE = re.compile(
    r"\b(?:keep\w*|full|raw|with)\s+(?:the\s+)?(?:full\s+)?(?:debezium\s+)?envelope\b"
    r"|\b(?:not|without|no)\s+unwrap\w*",
    ICASE,
)


_TABLE_NAME = r"""(?P<t>'[^'\n\x00]*'|"[^"\n\x00]*"|`[^`\n\x00]*`|[A-Za-z_][^\s,;()'"`\x00]*)"""
# the columns may follow a key read already ("table shipments keyed by shipment_id (...)")
# and hold one ("(columns a, b; primary key a)", read before the sinks: see `cdc_keys`)
# ("MySQL table machines via Debezium (machine_id primary key, site)": the way between)
_TABLE_COLUMNS = (
    r"(?:(?i:\s+(?:via|with|using|through)\s+(?:debezium|cdc))?\s*(?:\x00+\s*)?\((?P<c>[^()]*)\))"
)
TABLE_ITEM_RE = re.compile(rf"{_TABLE_NAME}{_TABLE_COLUMNS}?")


# "exclude email and phone", "skip notes", "leave out the ssn column", "but not salary": columns
# of a listed CDC table kept out of the replica (see `_excluded_columns`).
_COL = r"[`'\"]?[A-Za-z_]\w*[`'\"]?"
EXCLUDED_COLUMNS = re.compile(
    r"\b(?:exclud(?:e|es|ed|ing)|skip(?:s|ped|ping)?|omit(?:s|ted|ting)?|leav(?:e|es|ing)\s+out"
    r"|tak(?:e|es|ing)\s+out|drop(?:s|ping)?|without|minus|except(?:\s+for)?|but\s+not"
    r"|apart\s+from|not\s+(?:the\s+)?(?:colu?mns?\s+)?|no"
    # "don't copy ssn", "do not replicate the ssn column", "do NOT capture bank_account"
    r"|(?:don't|dont|do\s+not|never)\s+(?:copy|replicate|mirror|sync|include|bring\s+over|carry"
    r"|send|ship|capture|stream|export|expose|load|pull))\s+(?:the\s+)?(?:colu?mns?\s+)?"
    rf"(?P<list>{_COL}(?:\s*,\s*(?:and\s+)?{_COL}|\s+and\s+{_COL})*)(?:\s+colu?mns?)?"
    # "do not capture the email column of members at all": the table said (see `_excluded_columns`)
    r"(?:\s+(?:of|in|from)\s+(?:the\s+)?(?:table\s+)?(?P<of>[A-Za-z_]\w*)(?:\s+table)?)?"
    r"(?:\s+at\s+all)?"
    r"(?=\s*(?:[,;.()]|$|\x00)|\s+(?:and|but|with|please|pls)\b)"
    # "the ssn column must not be replicated", "email and phone should be left out"
    rf"|\b(?:the\s+)?(?P<list2>{_COL}(?:\s*,\s*(?:and\s+)?{_COL}|\s+and\s+{_COL})*)"
    r"(?:\s+colu?mns?)?\s+(?:(?:must|should|shall|is\s+to|are\s+to|needs?\s+to|has\s+to"
    r"|have\s+to)\s+)?(?:(?:not|never)\s+be\s+(?:replicated|copied|mirrored|synced|included"
    r"|brought\s+over|carried\s+over|captured|streamed|exported|exposed|loaded)"
    r"|be\s+(?:left\s+out|excluded|omitted|skipped|dropped))"
    r"(?=\s*(?:[,;.()]|$|\x00)|\s+(?:and|but|with|please|pls)\b)",
    ICASE,
)
# "Leave the player_email column out of the capture entirely": a column kept out of the capture,
# the verb split around it (what it is left out of said; "Keep customer_email out of the
# capture": without the word "column", a listed column only, see `_excluded_columns`)
LEFT_OUT_OF_CAPTURE = re.compile(
    # ("exclude the email column from the capture": the same, said with "exclude ... from")
    r"\b(?:leav(?:e|es|ing)|keep(?:s|ing)?|exclud(?:e|es|ing)|omit(?:s|ting)?)\s+(?:the\s+)?"
    rf"(?P<list>{_COL}(?:\s*,\s*(?:and\s+)?{_COL}|\s+and\s+{_COL})*)"
    r"(?P<col>\s+colu?mns?)?\s+(?:out\s+of|from)\s+(?:the\s+)?(?:capture|replica(?:tion)?|cdc|sync"
    r"|copy)(?:\s+(?:entirely|completely|altogether))?(?=\s*(?:[,;.(]|$))",
    ICASE,
)
# "do NOT capture the notes column" (its name, then the word "column"): see `_excluded_columns`
_NEGATED_CAPTURE = re.compile(
    r"(?:don't|dont|do\s+not|never)\s+\w+(?:\s+(?:over|out))?\s+(?:the\s+)?(?:colu?mns?\s+\S+"
    r"|\S+(?:\s+(?:and\s+)?\S+)*\s+colu?mns?\b)",
    ICASE,
)
# "..., it must never leave the db": why a column is left out, said right after it
EXCLUDED_WHY = re.compile(
    r"\s*(?:[,;:(]|\s[\u2014\u2013-])\s*(?:because\s+|as\s+|since\s+)?(?:it|they|that|this"
    r"|which|the\s+column)\s+(?:must|should|may|can|shall|is\s+not\s+allowed\s+to|are\s+not"
    r"\s+allowed\s+to)\s+(?:never|not)\s+leave(?:\s+(?:the\s+)?(?:source\s+)?(?:db|database"
    r"|postgres(?:ql)?|mysql|mariadb|source|building|premises|company|house))?\)?"
    # "(it must never reach Kafka)": where the column must not go
    r"|\s*(?:[,;:(]|\s[\u2014\u2013-])\s*(?:because\s+|as\s+|since\s+)?(?:it|they|that|this"
    r"|which|the\s+column)\s+(?:must|should|may|can|shall)\s+(?:never|not)\s+(?:reach|get\s+to"
    r"|end\s+up\s+in|land\s+in)\s+(?:the\s+)?(?:kafka(?:\s+topics?)?|topics?|clickhouse|replica"
    r"|warehouse)\s*\)?"
    # "..., it contains attorney work product.": what the column holds, to the sentence's end
    r"|\s*[,;:(]\s*(?:because\s+|as\s+|since\s+)?(?:it|they)\s+(?:contains?|holds?|has|have"
    r"|carry|carries)\s+[^.;,:()\n\x00]{1,60}?(?=\s*(?:\.(?!\w)|$|\)))"
    # "..., legal said no"
    r"|\s*[,;]\s*(?:legal|compliance|security|privacy|the\s+dpo|our\s+dpo|infosec)\s+said\s+"
    r"(?:no|so)\b",
    ICASE,
)

# "The table also has a passport_no column: exclude it from the capture entirely, it's PII": a
# column the request does not list, kept out of the capture (the connector's exclude list)
UNLISTED_EXCLUDED = re.compile(
    r"\b(?:(?:the\s+)?table\s+(?!(?:also|has|contains|holds|carries|includes)\b)(?P<t>[A-Za-z_]\w*)"
    r"|the\s+(?P<t2>[A-Za-z_]\w*)\s+table|the\s+table|it"
    # "memberships also has ...": a listed table by its bare name (with "also")
    r"|(?P<t3>(?!(?:the|it|this|that|source|database|db|topic|schema)\b)[A-Za-z_]\w*)(?=\s+also\b))"
    r"\s+(?:also\s+)?(?:has|contains|holds|carries|includes)\s+(?:an?\s+|the\s+)?(?:colu?mns?\s+)?"
    # ("also holds ssn and bank_iban, and those two columns must be excluded")
    rf"(?P<c>{_COL}(?:\s*,\s*(?:and\s+)?{_COL}|\s+and\s+{_COL})*)(?:\s+colu?mns?)?"
    r"\s*(?:[:;,]|\s[\u2014\u2013-])\s*"
    r"(?:(?:but|so|and)\s+)?(?:please\s+)?(?:(?:exclude|skip|omit|leave|drop|(?:don't|dont|do\s+not"
    r"|never)\s+(?:capture|replicate|copy|include|stream))\s+(?:it|them|both|those|these)(?:\s+out)?"
    r"|(?:it|they|both|(?:those|these|the)(?:\s+(?:two|three|\d+))?(?:\s+colu?mns?)?)\s+(?:must"
    r"|should|shall|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|is\s+to)\s+be\s+(?:excluded"
    r"|left\s+out|omitted|skipped|kept\s+out))"
    r"(?:\s+(?:from|of)\s+(?:the\s+)?(?:capture|replica|replication|cdc|connector|stream))?"
    r"(?:\s+(?:entirely|completely|altogether|fully))?(?=\s*(?:[,;.()]|$|\x00))",
    ICASE,
)
# "..., it's PII": why a column is left out, said right after it
EXCLUDED_PII = re.compile(
    r"\s*(?:[,;:(]|\s[\u2014\u2013-])\s*(?:as\s+|because\s+|since\s+)?(?:it's|it\s+is|that's"
    r"|this\s+is|they're|they\s+are)\s+(?:pii|sensitive(?:\s+data)?|personal(?:\s+data)?"
    r"|confidential|private)\s*\)?"
    # "(personal data)", "(PII)": the reason alone in parentheses
    r"|\s*\(\s*(?:pii|sensitive(?:\s+data)?|personal(?:\s+data)?|confidential|private)\s*\)",
    ICASE,
)


# What a replication setting is said with: the deletes, the history, the columns left out.
_TABLE_SETTING = re.compile(
    r"\b(?:delet\w*|histor\w*|changes?|colu?mns?|envelope|snapshot\w*|soft|hard|exclud\w*"
    r"|drop\w*|skip\w*|omit\w*|without|remov\w*|unwrap\w*|flag\w*|versions?)\b",
    ICASE,
)


def cdc_exclusion_spans(text: str) -> list[tuple[int, int]]:
    """Where a column is kept out of the capture with its reason ("exclude it ..., it's PII"):
    the scope check reads "PII" there as why the column goes, never as a masking asked for."""
    spans = []
    for m in [*UNLISTED_EXCLUDED.finditer(text), *EXCLUDED_COLUMNS.finditer(text)]:
        why = EXCLUDED_PII.match(text, m.end())
        if why:
            spans.append((m.start(), why.end()))
    return spans


# "only columns member_id and email", "just the columns a, b": the columns replicated
KEPT_COLUMNS = re.compile(
    r"\b(?:(?:replicat\w*|keep\w*|mirror\w*|copy\w*|sync\w*|with)\s+)?(?:only|just)\s+"
    r"(?:the\s+)?colu?mns?\s*:?\s+"
    rf"(?P<list>{_COL}(?:\s*,\s*(?:and\s+)?{_COL}|\s+and\s+{_COL})*)"
    r"(?=\s*(?:[,;.)]|$|\x00)|\s+(?:and|but|with|please|pls)\b)",
    ICASE,
)


# "The table has a (pk), b", "The x table columns are ...": what it holds, never its name
_TABLE_HOLDS = frozenset({"has", "have", "columns", "cols"})
CDC_STOP = STOP | {"postgres", "postgresql", "mysql", "mariadb", "pg", "database", "changes",
                     "everything", "whole", "following", "our", "my", "these",
                     # "MySQL CDC: stream changes of ...": a verb, never a table
                     "stream", "capture", "sync", "mirror",
                     # "stream the orders table out of our MySQL": a particle, never a table
                     "out", "off",
                     *_TABLE_HOLDS}  # fmt: skip


# "tables orders (...) and changes into ClickHouse": the noun "changes" ending a list of tables
# ("... and changes to them", "and changes made there": the tables' changes, read elsewhere)
_CHANGES_LISTED = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)changes\b(?!\s+(?:of|to|in|on|from|made)\b)", ICASE
)


NOT_COLUMNS = re.compile(
    r"\s*(?:(?:debezium|cdc|change\s+data\s+capture|via|with|using|from|postgres(?:ql)?|mysql"
    # ("(captured with Debezium)", "(streamed via CDC)": how it is read, said with its verb)
    r"|mariadb|by|captured|replicated|streamed|mirrored|synced|read)\s*)+",
    ICASE,
)


# "Two tables:\n* patients: primary key patient_id; columns patient_id int, ...\n* treatments:
# ...": one table a bullet, its name and a colon, then its column spec (bullets are laid out as
# "; ", so a table's parts, "primary key a; columns a int, b", run to the next "; name:")
# ("Replicate two PostgreSQL tables from the ops schema into ..., topic prefix railops:\n- signals:
# ...": the sentence's other words, between "tables" and the colon, are read by the others)
# "Table: service_visits, PK visit_id (int); other columns buoy_id string, ...": one table on a
# labelled line, its column spec after a comma, the key first (read by `parse_columns`)
TABLE_LINE = re.compile(
    # (the request's lines are joined by "; ": the key's part, then the columns' part)
    r"(?:(?<=[.;:\n])|^)\s*table\s*:\s*(?P<t>[A-Za-z_][\w.]*)\s*[,;]\s*(?P<c>(?:the\s+)?"
    r"(?:prim[a-z]*\s+key|pk)\b[^;\x00]*;\s*(?:(?:the\s+)?other\s+)?colu?mns?\b[^;\x00]*?)"
    r"(?=\s*(?:;|\.(?!\w)|$))",
    ICASE,
)


# "Primary key booking_id (int); other columns student_id int, paid bool": the one table's key
# and its other columns, with no "Table:" label before them (read as TABLE_LINE's spec)
KEY_THEN_COLUMNS = re.compile(
    r"(?:(?<=[.;:\n])|^)\s*(?P<c>(?:the\s+)?(?:prim[a-z]*\s+key|pk)\b[^;.\x00]*;\s*(?:the\s+)?"
    r"other\s+colu?mns?\b[^;\x00]*?"
    # "Primary key harness_id (string); columns: harness_id string, ...": the key's type said
    # with it, then the whole list (the key in it, checked to agree in `parse_columns`)
    rf"|(?:the\s+)?(?:prim[a-z]*\s+key|pk)\s*:?\s*{FIELD}\s*\(\s*{_KEY_TYPE_WORD}\s*\)\s*;"
    r"\s*(?:the\s+)?colu?mns?\b[^;\x00]*?)(?=\s*(?:;|\.(?!\w)|$))",
    ICASE,
)


# A bullet's table: its name (a schema's name before it: "public.sailings"), then a colon or a
# spaced dash ("- public.sailings — sailing_id (primary key), route, departs_at")
_TABLE_HEAD = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?(?:\s*:|\s+[-\u2013\u2014](?=\s))"
BULLETED_TABLES = re.compile(
    # ("... via Debezium (connector topic prefix: ferrydb):": a note in brackets, its colon too)
    r"\btables(?P<between>(?:[^:;.\n\x00(]|\.(?=\w)|\([^()\n\x00;]*\)){0,200}?)"
    rf"\s*(?:to\s+(?:replicate|capture|mirror|sync))?\s*(?P<colon>:)\s*(?=;\s*{_TABLE_HEAD})"
    r"(?P<items>(?:[^.\n\x00]|\.(?=\w))*?)\s*(?=\.(?!\w)|\n|$)",
    ICASE,
)
_BULLET_TABLE = re.compile(
    r"\s*(?P<t>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)(?:\s*(?P<colon>:)|\s+[-\u2013\u2014](?=\s))"
    r"\s*(?P<c>[^\n]*)"
)
# a part of a table's spec that is no new table: "columns: a, b", "primary key: a"
_SPEC_PART = re.compile(r"\s*(?:colu?mns?|cols?|fields?|prim[a-z]*\s+key|pk|key)\s*:", ICASE)
# a table's next part after its line: "; columns a int, b text", "; primary key a"
_SPEC_NEXT = re.compile(
    r"\s*(?:(?:the\s+)?other\s+)?(?:colu?mns?|cols?|fields?|prim[a-z]*\s+key|pk|key)\b", ICASE
)


# "two tables from our Postgres database estate ...:\n- lots (lot_id int primary key, ...)\n-
# barrels (...)": a bulleted list (laid out as "; " items) of tables, each with its columns
BULLETED_COLUMN_TABLES = re.compile(
    r"\btables\b[^:;.]{0,200}?:\s*;\s*(?P<list>)(?=(?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*\s*\()", ICASE
)
# A bullet's table is named with its columns ("; keep hard deletes" after it is no table)
_BULLET_ITEM_RE = re.compile(rf"{_TABLE_NAME}{_TABLE_COLUMNS}")
_BULLET_SEP = re.compile(r"\s*;\s*")


TABLES = [
    # "two MySQL tables in the crm database: contacts (...) and deals (...)"
    re.compile(r"\btables\b[^:;.]{0,60}:\s+(?P<list>)(?=[A-Za-z_'\"`])", ICASE),
    # "two Postgres tables from the shop database into ClickHouse database mirror with Debezium
    # (server name mkt): carts (cart_id primary key, ...)": further off, a table with its columns
    # ("... Debezium: public.bookings (...) and public.pitches (...)": each named with its schema)
    re.compile(
        r"\btables\b[^:;.]{0,200}?:\s+(?P<list>)(?=(?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*\s*\()", ICASE
    ),
    BULLETED_COLUMN_TABLES,
    # ("Replicate two MySQL tables from database marina_ops, berths (...) and boats (...)": the
    # list after a comma, each table with its columns)
    # (no parenthesis between: "tables a (x int, y), b (...)" is read by the lists below)
    re.compile(r"\btables\b[^:;.\n()]{0,120}?,\s+(?P<list>)(?=[A-Za-z_]\w*\s*\()", ICASE),
    # "the table is customers(id int, ...)", "one MySQL table, customers(...)"
    # ("so the table is mirrored into ClickHouse": a passive, what is done to it, no table)
    re.compile(
        r"\btables?\s*(?:[,:]|\s+(?:is|are)(?!\s+(?:(?:also|then|now|being|to\s+be)\s+)?"
        r"(?:(?-i:[a-z]+ed)|kept|held|sent|written|put|in|on|at|from|into|to)\b(?!\s*\()))"
        r"\s+(?P<list>)",
        ICASE,
    ),
    # ("stream its bookings table through Debezium", "the batches table mirrored into
    # ClickHouse": the way it goes or what is done to it, no table)
    re.compile(
        r"\btables?\s+(?!(?:from|to|into|with|in|and|through|via|using|mirrored|replicated|synced"
        r"|copied|streamed|captured|loaded"
        # ("the orders table lives in the nursery_shop database": a verb said of it, no table)
        r"|(?:lives?|sits?|resides?)\b(?!\s*\())\b)(?P<list>)",
        ICASE,
    ),
    # "CDC orders + order_items from Postgres", "MySQL CDC: customers(id int, ...) -> ClickHouse"
    # ("CDC off the postgres policies table", "CDC for ...": a preposition, no table)
    re.compile(
        # ("postgres cdc bakery orders.x (...)": past the database's name, read already)
        # ("a CDC replica of the instruments table": what CDC makes, then the table)
        r"\bcdc\s*:?\s+(?:\x00+\s+)?(?!(?:off|of|from|on|for|in|into|to|with|via|using)\b)"
        r"(?!(?:feed|replica|copy|stream|pipeline|mirror|sync|job|connector|setup|flow|export)s?"
        r"\s+(?:of|for|from)\b)(?P<list>)"
        r"(?=[A-Za-z_'\"`])",
        ICASE,
    ),
    re.compile(
        # ("can we stream its bookings table ...", "replicate our inspections table": the
        # database's table, named by its owner)
        # ("the MES production_batches table": a system's acronym before the table, listed)
        r"\b(?:the|its|our|their|your|my)\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?"
        r"(?:(?P<system>(?-i:[A-Z]{2,5}))\s+(?=[a-z]\w*_\w))?(?P<list>)"
        rf"(?=\S+(?:{SEP_WORDS}\S+)*\s+tables?\b)",
        ICASE,
    ),
    re.compile(
        # ("replicate farm.recipes (recipe_id int primary key, ...) from Postgres into ...": the
        # columns between the table and the preposition)
        r"\breplicat\w*\s+(?:the\s+)?(?P<list>)"
        rf"(?=\S+(?:{SEP_WORDS}\S+)*(?:\s*\([^()]*\))?\s+(?:from|to|into|in|with|using|via)\b)",
        ICASE,
    ),
    # "Replicate MySQL inventory.stock (sku varchar(32) primary key, ...)", "Debezium: postgres
    # public.orders (...)": the database's word, then a schema-qualified table and its columns
    # ("debezium mysql machines(machine_id pk, site, model)": a bare name right against its
    # columns' parenthesis)
    re.compile(
        r"\b(?:postgres(?:ql)?|mysql|mariadb)\s+(?P<list>)"
        r"(?=[A-Za-z_]\w*\.[A-Za-z_]\w*\s*\(|[A-Za-z_]\w*\()",
        ICASE,
    ),
    # "stream changes of recruiting.candidates (candidate_id bigint PK, ...)": the changed table,
    # named with its schema or its columns
    re.compile(
        r"\b(?:changes|change\s+events|updates|row\s+changes|(?:every|each|all)\s+(?:single\s+)?"
        r"changes?|cdc)\s+(?:of|from|to|on|in|for)\s+"
        r"(?:the\s+)?(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?P<list>)(?=[A-Za-z_]\w*(?:\.[A-Za-z_]\w*\b|\s*\())",
        ICASE,
    ),
]


# A requirement opened between "tables" and the list they introduce ("two tables from our MySQL
# database for VIP customers only, database name shopdb, into ClickHouse: a (...) and b (...)"):
# the list's reading masks those words, so they are refused (`_refuse_requirement_between`)
REQUIREMENT_IN_SOURCE = re.compile(
    r"\b(?:except|unless|excluding|exclude|without|but|not|never|only|when|where|whose|if"
    r"|rounded|sorted|converted|grouped|ignoring|ignore|skip(?:ping)?|during|between|while"
    r"|after|before|as\s+(?:a|an)"
    # ("... schema sales with personal data removed", "... and alert the on-call team")
    r"|with\s+(?!(?:the\s+|a\s+)?(?:debezium|cdc|kafka\s+connect|connector)\b)(?=[a-z])"
    r"|and\s+(?:alert|page|send|notify|e?mail|ping|also|then|drop|remove|mask|skip|filter)\b"
    r"|for\s+(?!(?:the\s+)?(?:debezium|cdc|change|replication)\b)"
    r"|in\s+(?!(?:the|our|my|its|their|a|schema|database|db|postgres(?:ql)?|mysql|mariadb"
    r"|clickhouse|ch|debezium)\b)(?=[a-z]))",
    ICASE,
)


NAMED_TABLE = re.compile(
    r"\b(?:the|our|my|a)\s+(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?P<t>[A-Za-z_][\w.]*)\s+table\s*"
    # ("the inventory.items table in MySQL (item_id int, ...)": the database between)
    r"(?P<db>(?:in|on|from)\s+(?:our\s+|the\s+)?(?:postgres(?:ql)?|mysql|mariadb)\s*)?"
    r"\((?P<c>[^()]*)\)",
    ICASE,
)


# "table batches (primary key batch_id)": a table named by a word the lists stop at.
_NOUN_STOPS = sorted(w for w in STOP - STRUCT_STOP if re.fullmatch(r"[a-z]{3,}", w))
STOP_WORD_TABLE = re.compile(
    rf"\btable\s+(?P<t>{'|'.join(_NOUN_STOPS)})"
    r"(?=\s*(?:\x00+\s*)?\()(?:\s*(?:\x00+\s*)?\((?P<c>[^()]*)\))?",
    ICASE,
)


# "captures the table batches in the database factory": the same word named by where it lives
# (read on the request's words: the database may be read already)
STOP_WORD_TABLE_IN = re.compile(
    rf"\btable\s+(?P<t>{'|'.join(_NOUN_STOPS)})(?=\s+(?:in|from|of|on)\s+(?:the\s+|our\s+)?"
    r"(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?:database|db|schema)\b)",
    ICASE,
)


# "(topic libcat.public.items)", "(the topic is x.y.z)": a table's change topic in parentheses
TOPIC_ASIDE = re.compile(
    r"\s*(?:(?:so|i\.e\.?|ie|=>|->)\s*,?\s*)?(?:the\s+)?(?:kafka\s+)?(?:change\s+)?topic"
    r"\s*(?:is\s+|:\s*|=\s*)?[`'\"]?[A-Za-z_][\w.-]*[`'\"]?\s*",
    ICASE,
)
# "so the topic is x.y.z", "i.e. topic x": the words before "topic" only connect it
_TOPIC_LEAD = re.compile(
    r"\s*(?:(?:so|i\.e\.?|ie|=>|->)\s*,?\s*)(?:the\s+)?(?=(?:kafka\s+)?(?:change\s+)?topic\b)",
    ICASE,
)
# A parenthesised group, where a column spec may hold a key.
PAREN = re.compile(r"\((?P<c>[^()\x00]*)\)")


_TABLE_CHANGES = re.compile(
    # ("stream changes of the items table ... from our mysql db": a verb reading them)
    r"\b(?:every|all|each|stream|streams|streaming|capture|captures|capturing|track|tracks"
    r"|tracking)\s+(?:the\s+)?(?:row\s+)?changes?\s+(?:made\s+)?(?:to|of|in|on)\s+(?:the\s+|our\s+|its\s+)?"
    # ("capture changes on postgres logistics.containers": the database, then schema.table)
    r"(?:(?:[\w-]+\s+)?tables?\b|(?:postgres(?:ql)?|mysql|mariadb)\s+(?=[A-Za-z_]\w*\.[A-Za-z_]))"
    # "capture inserts, updates and deletes on the table crm.accounts"
    r"|\binserts?\s*,\s*updates?\s*,?\s*and\s+deletes?\s+(?:to|of|in|on)\s+(?:the\s+|our\s+)?"
    r"(?:[\w-]+\s+)?tables?\b",
    ICASE,
)


# "and instead of replicating it, sum metres per machine_id per hour": the captured table is
# not wanted as a replica (what a CDC pipeline makes): refused when building, with or without
# the steps asked for instead
NOT_A_REPLICA = re.compile(
    r"\b(?:instead\s+of|rather\s+than)\s+(?:just\s+|simply\s+)?(?:replicat|mirror|copy|copi|sync)"
    r"\w*\s+(?:it|them|the\s+tables?|that\s+tables?|this\s+tables?)\b",
    ICASE,
)


def is_cdc_request(s: str) -> bool:
    """Whether the request reads changes of database tables (see `detect_cdc`)."""
    return bool(
        CDC_TRIGGER.search(s)
        or (DB_WORD.search(s) and re.search(r"\b(?:replicat\w*|mirror\w*|sync\w*)\b", s, ICASE))
        # "every change to the payroll tables ... The database is PostgreSQL": a database's
        # table changes asked for, CDC without the word
        or (DB_WORD.search(s) and _TABLE_CHANGES.search(s) is not None)
        or CDC_FROM_DB.search(s)
        or re.search(r"\b(?:postgres(?:ql)?|mysql|mariadb|pg)\s+tables?\b", s, ICASE)
    )


def cdc_mode_spans(text: str) -> list[tuple[int, int]]:
    """Where a CDC request's words choose its mode ("full change history", "only the latest row
    per key", "no history needed"): read by `extract_cdc` wherever they stand, a purpose line
    too ("Goal: full change history"), never hidden from it as a purpose's words."""
    if not is_cdc_request(text):
        return []
    # (and what a deleted row does: "hard deletes", "keep deleted rows flagged")
    modes = (
        HISTORY,
        NO_HISTORY,
        WE_ONLY_CURRENT,
        CURRENT_ONLY,
        HARD_DELETE_WORDS,
        SOFT_DELETE_WORDS,
        HARD_DELETE,
        SOFT_DELETE,
    )
    return [m.span() for pattern in modes for m in pattern.finditer(text) if m.group(0).strip()]


CH_BARE_DB = re.compile(
    # (never a courtesy: "into clickhouse pls")
    r"\bclick\s*-?\s*house\s+(?!(?:pls|plz|please|thanks|thx|ty|asap|too|also|now|today|then"
    r"|instead|again|as\s+well)\b)(?P<d>[A-Za-z_]\w*)(?=\s*(?:[,;?!)]|\.(?!\w)|$)"
    # "into ClickHouse brewery_dw via Debezium"
    r"|\s+(?:via|with|using|through)\s+(?:debezium|cdc)\b"
    # "into ClickHouse crm_copy but skip notes", "... excluding notes": columns left out follow
    r"|\s+(?:but|excluding|except|without|minus|omitting|skipping|leaving)\b)",
    ICASE,
)


# "...; columns: order_id bigint pk, total numeric": one table's columns in a labelled clause
# ("...; cols sku string, ink_brand string": no colon, the list typed from its first column)
_FIRST_TYPED = "(?:" + "|".join(sorted(COLUMN_TYPES, key=len, reverse=True)) + r")\b"
_WRAPPED_COLUMN = rf"\s*[A-Za-z_]\w*\s+{_FIRST_TYPED}\s*,"
COLUMNS_LABEL = re.compile(
    # ("... synced to clickhouse, columns: payslip_id, employee_id, gross.")
    # ("Table columns: lot_id int primary key, ...": the one table's, said so)
    # ("... (prefix jewelsql) — columns a int (primary key), b string — and ...": a spaced dash
    # sets the list apart as a parenthesis does)
    r"(?:(?<=[.;:,\n?])|(?<=\s[\u2013\u2014])|^)\s*(?:(?:the\s+|its\s+|with\s+|(?:the\s+)?table(?:'s)?\s+)?(?:colu?mns?|cols|fields)"
    rf"(?:\s*(?::|=|are\b(?:\s*:)?)|\s+(?=[A-Za-z_]\w*\s+{_FIRST_TYPED}))"
    # ("; columns a (pk), b, c": no colon, a list right after; "The table has a (pk), b and c")
    r"|colu?mns?(?=\s+[A-Za-z_]\w*\s*[(,])|(?:the\s+table|it)\s+has\s+(?:the\s+)?colu?mns?\s*:?"
    # ("The table has booking_id bigint as primary key, train_no text, ...": the first typed)
    rf"|(?:the\s+table|it)\s+has(?=\s+[A-Za-z_]\w*\s*[(,]|\s+[A-Za-z_]\w*\s+{_FIRST_TYPED}))\s*"
    # (a list wrapped onto the next line goes on after the layout's ";" when a typed column
    # and a comma follow it: "columns a string;\nb string, c int")
    rf"(?P<c>[A-Za-z_](?:[^;\n\x00]|;(?={_WRAPPED_COLUMN}))*?)"
    rf"\s*(?=;(?!{_WRAPPED_COLUMN})|\.(?!\w)|\n|$|\s[\u2013\u2014]\s)",
    ICASE,
)


# "meter_readings should land in a ClickHouse table called readings instead of meter_readings":
# one replicated table's target table, named apart
CDC_TARGET_TABLE = re.compile(
    r"\b(?P<src>[A-Za-z_]\w*)\s+(?:should|must|will|needs?\s+to|has\s+to)\s+(?:land|go|end\s+up"
    r"|be\s+(?:written|stored|loaded|replicated))\s+(?:in|into)\s+(?:an?|the)\s+(?:clickhouse\s+"
    r"|ch\s+)?table\s+(?:called|named)\s+(?P<dst>[A-Za-z_]\w*)"
    r"(?:\s*,?\s+(?:instead\s+of|rather\s+than|not)\s+(?P<was>[A-Za-z_]\w*))?",
    ICASE,
)
# "The target database is grid_replica", "Target database in CH is pms_replica"
CDC_TARGET_DB = re.compile(
    r"(?:(?<=[.;,:\x00])|^)\s*(?:the\s+)?target\s+(?:database|db)(?:\s+in\s+(?:ch|clickhouse))?"
    # ("Target database billing_ch.": no verb, the name ending the sentence)
    r"(?:\s*(?:is|:|=)\s*|\s+)(?P<d>[A-Za-z_]\w*)(?=\s*(?:[.;,]|$))",
    ICASE,
)


# Column names listed in prose ("with columns a, b, c and primary key a"): never the key's words
# ("with columns doc_id bigint, decision text, decided_at timestamptz": each name may carry its
# SQL type, read by `parse_columns`; a list cut short at its first type dropped the others;
# "with columns lot_id (int), product_code (text)": the type in parentheses)
_TYPE_WORD = "(?:" + "|".join(sorted(COLUMN_TYPES, key=len, reverse=True)) + r")\b"
# "numeric(10,2)", and the two-word SQL names `_SQL_WORDS` reads ("double precision")
_TYPE_SAID = (
    r"(?:double\s+precision|character\s+varying|(?:timestamp|time)\s+with(?:out)?\s+time\s+zone"
    rf"|{_TYPE_WORD})(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?"
)
# ("with columns donation_id int (primary key), donor_id int": the key marked after its type,
# as `_PK_MARK` reads it)
# ("plan_id (bigint, the primary key)": the type and the key mark in one pair of parentheses)
_COL_TYPE = (
    rf"(?:\s+{_TYPE_SAID}|\s*\(\s*{_TYPE_SAID}\s*\)"
    rf"|\s*\(\s*{_TYPE_SAID}\s*,\s*(?:the\s+)?(?:pk|prim[a-z]*\s+key)\s*\))?"
    r"(?:\s+(?:as\s+(?:the\s+|its\s+)?)?(?:pk|prim[a-z]*\s+key)\b"
    r"|\s*\(\s*(?:pk|prim[a-z]*\s+key)\s*\))?"
)
# "order_id INT", "total numeric(10,2)": a column list's first name with its type said
_FIRST_NAME_TYPED = rf"[A-Za-z_]\w*\s+{_TYPE_SAID}(?![\w(])"
# ("..., paid boolean, and write them to ClickHouse": the next step, no last column 'write')
_NEXT_STEP = (
    rf"(?:{VERBS_AFTER_AND})\s+(?:them|it|the|to|into|everything|each|every|all|those|these)\b"
)
_LISTED_COLS = (
    rf"[A-Za-z_]\w*{_COL_TYPE}(?:\s*,\s*(?!and\b)(?!(?:the\s+)?(?:primary|pk)\b)[A-Za-z_]\w*"
    rf"{_COL_TYPE})*"
    rf"(?:\s*,?\s+and\s+(?!(?:the\s+)?(?:primary|pk|table)\b)(?!{_NEXT_STEP})[A-Za-z_]\w*{_COL_TYPE})?"
)


# "Columns:\n- gun_id (int, primary key)\n- slope_id (int)\n...": one table's columns as
# bullets (laid out as "; "), each a name with its type or key mark; the list ends at the first
# bullet that is no such column ("- change events land in ...")
_BULLET_COL = rf"[A-Za-z_]\w*{_COL_TYPE}(?=\s*(?:;|\.(?!\w)|\n|$))"
BULLETED_COLUMNS = re.compile(
    r"(?:(?<=[.;:\n])|^)\s*(?:the\s+)?(?:table\s+)?colu?mns?\s*:\s*"
    rf"(?P<c>(?:;\s*{_BULLET_COL}\s*)+)",
    ICASE,
)


# "the two PostgreSQL tables orders and order_items", "both tables"
TABLE_COUNT = re.compile(
    rf"\b(?P<n>both|{WN}|[1-9]\d*)\s+(?:(?:postgres\w*|mysql|mariadb)\s+)?tables?\b", ICASE
)


def _holds_selecting(words: str, *, opens: bool = False) -> bool:
    """Whether the words saying what a database holds ("our ticket orders", "Custom cake
    orders", "nutrient recipes for every crop") may say which records ("our cancelled orders",
    "EU orders"): a replica takes no filter, so those words are left unread and refused.
    "every" is all the records; when the words `opens` the sentence, its capital names nothing
    ("Custom cake orders", never "EU orders")."""
    words = words.strip()
    if opens and re.match(r"[A-Z][a-z]", words):
        words = words[:1].lower() + words[1:]
    return may_select_records(words)


class CdcRecogniser(SchemaResolver):
    def cdc_keys(self) -> None:
        """A CDC table's primary key, read before the sinks so that "primary key policy_id" is
        never taken for the ClickHouse sort key: in a table's parenthesised column spec
        ("(columns a, b; primary key a)", "(a is the PK; other columns b, c)") or on its own
        ("keyed by shipment_id", "primary key: id")."""
        if not is_cdc_request(self.s):
            return
        self.blank_type_arguments()
        info = self.cdc_info
        # "We only care about the current state of each booking": the mode, said before the
        # sinks read "the current state of each booking" as a ClickHouse latest-row key
        # ("only the latest version of each work order": the same, said without "we"; "one
        # current row per visit" is read with the ClickHouse sink's latest row)
        current = CURRENT_ONLY.search(self.s)
        if current and _ONE_ROW_BEFORE.search(self.s, 0, current.start()):
            current = None
        if self.take(WE_ONLY_CURRENT):
            info["mode"] = "replace"
        elif current:
            self.mask(current.start(), current.end())
            info["mode"] = "replace"
        for tm in list(CDC_TARGET_TABLE.finditer(self.s)):
            if tm["was"] and tm["was"].lower() != tm["src"].lower():
                continue  # "x should land in table y instead of z": left unread
            info.setdefault("targets", {})[tm["src"]] = tm["dst"]
            self.mask(tm.start(), tm.end(), domain=True)
        for tm in list(CDC_TARGET_DB.finditer(self.s)):
            if info.get("target_db", tm["d"]) != tm["d"]:
                raise RequestNotUnderstood(
                    f"CDC: target databases {info['target_db']!r} and {tm['d']!r}; say one"
                )
            info["target_db"] = tm["d"]
            self.mask(tm.start(), tm.end(), domain=True)
        for paren in list(PAREN.finditer(self.s)):
            if self._connector_aside(paren):
                continue
            pos = paren.start("c")
            for part in paren.group("c").split(";"):
                m = _PK_PART.fullmatch(part)
                if m:
                    keys = m.group("f") or m.group("f2") or m.group("f3")
                    said = [unquote(k)[0] for k in re.split(SEP_WORDS, keys.strip(), flags=ICASE)]
                    info.setdefault("paren_pk", {}).setdefault(paren.start(), []).extend(said)
                    lead = len(part) - len(part.lstrip())
                    self.mask(pos + lead, pos + len(part.rstrip()))
                elif not info.get("paren_pk", {}).get(paren.start()):
                    among = _KEY_AMONG_SETTINGS.search(part)
                    if among:  # "(database pos, primary key order_id int, columns ...)"
                        info.setdefault("paren_pk", {})[paren.start()] = [unquote(among["f"])[0]]
                        typed = among["kt"] or among["kt2"]
                        if typed:
                            info.setdefault("paren_pk_type", {})[paren.start()] = COLUMN_TYPES[
                                typed.lower()
                            ]
                        self.mask(pos + among.start("key"), pos + among.end("key"))
                pos += len(part) + 1
            sql = _SQL_PK_LAST.search(paren.group("c"))
            if sql and not self.cdc_info.get("paren_pk", {}).get(paren.start()):
                # "(id int, name text, PRIMARY KEY (id))", its parentheses blanked
                said = re.split(r"\s*(?:,|\band\b|\+|&)\s*", sql.group("f").strip(), flags=ICASE)
                info.setdefault("paren_pk", {})[paren.start()] = said
                self.mask(paren.start("c") + sql.start("pk"), paren.start("c") + sql.end("pk"))
        self._bulleted_tables()
        self._table_line()
        spec = KEY_THEN_COLUMNS.search(self.text)
        if spec and MASK not in self.s[spec.start() : spec.end()]:
            # "Primary key booking_id (int); other columns ...": the one table's spec, read
            # with its table (see `build_cdc`: refused when no one table takes it)
            info["key_columns"] = self._typed_columns(spec)
            self.mask(spec.start(), spec.end())
        for m in COMPOSITE_KEY.finditer(self.s):
            if self.s.rfind("(", 0, m.start()) > self.s.rfind(")", 0, m.start()):
                continue  # inside parentheses that are no column spec: left unread
            said = re.split(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\+|&)\s*", (m["p"] or m["a"]).strip())
            if any(k.lower() in CDC_STOP for k in said):
                continue
            self.mask(m.start(), m.end())
            info["primary_keys"] = said
            break
        for m in PRIMARY_KEY.finditer(self.s):
            if "primary_keys" in info:
                break  # (a key of several columns read above)
            if self.s.rfind("(", 0, m.start()) > self.s.rfind(")", 0, m.start()):
                continue  # inside parentheses that are no column spec: left unread
            key = unquote(m.group("f") or m.group("f2"))[0]
            if key.lower() in CDC_STOP:
                continue
            if m.group(0).lower().startswith("keyed") and not re.search(
                r"\btables?\b[^,;.]*$", self.s[: m.start()], ICASE
            ):
                continue  # "publish the changes to topic x keyed by id": not the table's key
            self.mask(m.start(), m.end())
            info["primary_key"] = key
            if m.group("kt") or m.group("kt2"):
                info["primary_key_type"] = COLUMN_TYPES[(m.group("kt") or m.group("kt2")).lower()]
            break
        if "primary_key" not in info and "primary_keys" not in info:
            self._key_sentence(info)

    def _key_sentence(self, info: dict[str, Any]) -> None:
        """ "Key is card_id." of the loyalty_cards table: the table's own id, read as its primary
        key (listed); "The key is customer_id." of table orders may name another key, so it
        stays unread."""
        m = KEY_SENTENCE.search(self.s)
        key = (m["f"] or m["f2"]) if m else None
        if m is None or key is None or not own_id_table(key, self.text):
            return
        self.mask(m.start(), m.end())
        info["primary_key"] = key
        self.assumptions.append(
            f"{m.group(0).strip()!r} read as the CDC table's primary key ({key} is the id of the "
            'table\'s records); say "primary key <column>" for another'
        )

    def _runs_on_db(self) -> None:
        """ "Our ticket orders live in MySQL", "Our loans live in the Postgres database x": the
        words before the verb say which system or what it holds; one that may select ("our
        cancelled orders", "our EU orders") is left unread, since a replica takes no filter."""
        for pattern in (RUNS_ON_DB, KEPT_IN_DB):
            m = pattern.search(self.s)
            bare = m.groupdict().get("bare") if m else None
            if m and not _holds_selecting(m["w"] or bare or "", opens=bool(bare)):
                self.mask(m.start(), m.end())
        for m in list(DB_OWNER.finditer(self.s)):
            said = m["w"].split()
            if not may_select(m["w"]) and not any(w.lower() in _SERVER_ROLES for w in said):
                self.mask(m.start("w"), m.end("w"))
                if m["out"]:
                    self.mask(m.start("out"), m.end("out"))
        for m in list(SYSTEM_OWNER.finditer(self.s)):
            said = m["w"].split()
            if not may_select(m["w"]) and not any(w.lower() in _SERVER_ROLES for w in said):
                self.mask(m.start("p"), m.end("p"))

    def _server_named(self) -> None:
        """ "The MySQL server named teafactory": read as the topic prefix, listed; beside a
        different topic prefix it is the host's name, which the spec does not hold: refused."""
        m = self._name_read_as_prefix(
            DB_SERVER_NAMED,
            conflict="is {name!r} the database host? Set the connector's host in its config (the "
            "spec holds only the topic prefix)",
            assumption="read {head!r} as Debezium's logical server name, the topic prefix "
            "{name!r} (the connector's host is set in its config)",
        )
        if m is not None:
            self.mask(m.start(), m.end())

    def _connector_named(self) -> None:
        """ "The Debezium connector is named tf": in most setups the connector's name is its
        topic prefix (Debezium's topic.prefix, the spec's server_name); read as it, listed, when
        no other server name is said; beside a different one it is the Kafka Connect name,
        which the spec does not hold: refused, never dropped."""
        m = self._name_read_as_prefix(
            CONNECTOR_NAMED,
            conflict="the spec holds only the topic prefix (Debezium's topic.prefix); set the "
            "connector's own name in its config, or say which is the prefix (e.g. \"topic prefix "
            'shopcdc")',
            assumption="read {words!r} as the connector's topic prefix (Debezium's topic.prefix, "
            "the topics are {name}.<schema>.<table>); when the connector's name differs from its "
            'prefix, say the prefix (e.g. "topic prefix shopcdc")',
        )
        if m is not None:
            self.mask(m.start(), m.start("n") + len(m["n"].rstrip(".")))

    def _name_read_as_prefix(
        self, pattern: re.Pattern[str], *, conflict: str, assumption: str
    ) -> re.Match[str] | None:
        """The name `pattern` finds (group "n") read as the topic prefix when no other is said,
        with `assumption` listed; beside a different prefix, refused with `conflict`. Both are
        formatted with the name, the words said up to it and the match's first four words."""
        m = pattern.search(self.s)
        if m is None:
            return None
        name = unquote(m["n"].rstrip("."))[0]
        end = m.start("n") + len(m["n"].rstrip("."))
        said = {
            "name": name,
            "words": " ".join(self.s[m.start() : end].split()),
            "head": " ".join(m.group(0).split()[:4]),
        }
        prefix = self.cdc_info.get("server_name", name)
        if prefix != name:
            raise RequestNotUnderstood(
                f"CDC {said['words']!r} and topic prefix {prefix!r}: " + conflict.format(**said)
            )
        if "server_name" not in self.cdc_info:
            self.cdc_info["server_name"] = name
            self.assumptions.append(assumption.format(**said))
        return m

    def _connector_aside(self, paren: re.Match[str]) -> bool:
        """ "table public.items (topic libcat.public.items)", "the entries table (server name
        entrysys, so the topic is entrysys.db.entries)": the connector's settings said beside
        the table, no column spec; the parentheses become commas, so that the sources read
        "topic ..." and `extract_cdc` the server name (a lead "so the" is only a connective)."""
        parts = re.split(r"(?<=[,;])", paren.group("c"))
        topics = [TOPIC_ASIDE.fullmatch(p.rstrip(",;")) for p in parts]
        if not any(topics) or not all(
            t or SERVER_NAME.fullmatch(p.rstrip(",;").strip())
            for t, p in zip(topics, parts, strict=True)
        ):
            return False
        self.s = f"{self.s[: paren.start()]},{paren.group('c')},{self.s[paren.end():]}"
        pos = paren.start("c")
        for t, part in zip(topics, parts, strict=True):
            lead = _TOPIC_LEAD.match(part) if t else None
            if lead and lead.group(0).strip():
                self.mask(pos + len(part) - len(part.lstrip()), pos + lead.end())
            pos += len(part)
        return True

    def blank_type_arguments(self) -> None:
        """ "amount decimal(10,2)", "name varchar(255)", "PRIMARY KEY (id)": the parentheses
        inside a column list are blanked (their words stay with the column, read in
        `parse_columns`), so the list reads as one parenthesised group."""
        for pattern in (_TYPE_ARGS, _PK_PARENS, _SQL_TYPE_ARGS):
            for m in list(pattern.finditer(self.s)):
                spans = [m.span(1), m.span(2)] if pattern is _PK_PARENS else [(m.start(), m.end())]
                # inside a column list's own parentheses, or after a SQL type's name (the key's
                # closing bracket checked from its opening one: "table x, primary key (a, b),
                # columns ..." is no list in brackets)
                first = spans[0][0]
                inside = self.s.rfind("(", 0, first) > self.s.rfind(")", 0, first)
                for start, end in spans:
                    if inside or pattern is _SQL_TYPE_ARGS:
                        self.s = self.s[:start] + " " * (end - start) + self.s[end:]

    def _stop_word_table(self, raw: re.Match[str], name: str) -> bool:
        """Whether a word the table lists stop at ("changes", "sync", "stream") names a table:
        it does in the table's slot, its columns right after it ("tables orders (...) and
        changes (id int, ...)"). A word for what the table holds before its columns ("the
        table has (id int, ...)") could be either: refused, never dropped."""
        if raw.group("c") is None or NOT_COLUMNS.fullmatch(raw.group("c")):
            return False
        if name.lower() in STRUCT_STOP:
            return False  # ("the x table of <masked db> (Debezium prefix y)": a preposition)
        if name.lower() in _TABLE_HOLDS and raw.group(0)[len(raw.group("t")) :][:1] != "(":
            raise RequestNotUnderstood(
                f"CDC {' '.join(raw.group(0).split())!r}: is {name!r} the table's name, or what "
                'the table holds? Name the table before its columns (e.g. "table orders(id int, '
                'name)")'
            )
        return True

    def _columns_in(self, m: re.Match[str]) -> str | None:
        """The column spec in a table's parentheses (group "c"), without the key read there
        already (see `cdc_keys`); None when nothing else is left in them."""
        if m.group("c") is None:
            return None
        text = re.sub(r"\x00+", ";", m.group("c"))
        # ("(database cityops, Debezium topic prefix cityops)": the connector's name beside
        # settings read already, no column)
        if not re.sub(r"\bdebezium\b", "", text, flags=ICASE).strip(" ;,"):
            return None
        # ("... as its own row (an audit history, not just the latest state)": an aside read
        # already but its article, no column)
        if not re.sub(r"\b(?:an?|the)\b", "", text, flags=ICASE).strip(" ;,"):
            return None
        return text

    def _paren_pk(self, m: re.Match[str], table: str) -> None:
        """Ties a key read in a table's parentheses (see `cdc_keys`) to that table."""
        if m.group("c") is not None:
            keys = self.cdc_info.get("paren_pk", {}).get(m.start("c") - 1)
            if keys:
                self.cdc_info.setdefault("table_pk", {})[table] = keys
                typed = self.cdc_info.get("paren_pk_type", {}).get(m.start("c") - 1)
                if typed:
                    self.cdc_info.setdefault("table_pk_type", {})[table] = typed

    def detect_cdc(self) -> bool:
        s = self.s
        db = DB_WORD.search(s)
        self.cdc = is_cdc_request(s)
        if not self.cdc and db:
            raise RequestNotUnderstood(
                f'{db.group(0)} is only supported as a CDC source (e.g. "replicate the '
                f'{db.group(0)} tables orders and order_items to ClickHouse with Debezium")'
            )
        return self.cdc

    def _refuse_unread_db_name(self) -> None:
        """ "..., hooked up to the database cookbook": a database named in words no pattern
        read is refused, never left to a later reader (a purpose) while the connector connects
        to the default database."""
        if "db_name" in self.cdc_info or self.cdc_info.get("database") != "postgres":
            return  # (MySQL's database is the topics' middle part, read with the tables)
        for m in UNREAD_DB_NAME.finditer(self.s):
            name = m["d"].lower()
            if name in STOP or name in _NOT_A_DB_NAME or MASK in m.group(0):
                continue
            said = " ".join(self.text[m.start() : m.end()].split())
            raise RequestNotUnderstood(
                f"cannot read {said!r}: is {m['d']!r} the database the connector connects to? "
                f'say "database name {m["d"]}" (or "from the database {m["d"]}")'
            )

    def _cdc_database_part(self, text: str, qualifier: str, database: str) -> str:
        """ "the postgres table shop.public.orders": database, schema and table. The database is
        the one the connector connects to (one per connector); the schema is returned."""
        db_name, _, schema_name = qualifier.partition(".")
        said = self.cdc_info.get("db_name")
        if database != "postgres" or "." in schema_name or said not in (None, db_name):
            other = f"; the request also says database {said!r}" if said else ""
            raise RequestNotUnderstood(
                f"CDC table {text!r}: cannot read it as database.schema.table{other}; name it as "
                "schema.table (PostgreSQL) or database.table (MySQL, MariaDB), and the database "
                'with "database name <name>"'
            )
        self.cdc_info["db_name"] = db_name
        return schema_name

    def extract_cdc(self) -> None:
        info = self.cdc_info
        not_a_replica = self.take(NOT_A_REPLICA)
        if not_a_replica:
            info["not_a_replica"] = " ".join(not_a_replica.group(0).split())
        picked = CHANGE_KINDS_PICKED.search(self.s)
        if picked:
            raise RequestNotUnderstood(
                f"did not understand: {picked.group(0)!r}: a CDC replication applies every "
                "insert, update and delete to its ClickHouse table and cannot leave some kinds "
                'of change out; say what a deleted row should do instead ("keep deleted rows '
                'flagged", the default, or "hard deletes"), or "keep every change as history", '
                "or leave those words out"
            )
        db = DB_WORD.search(self.s)
        word = db.group(0).lower() if db else "postgres"
        # MariaDB gets its own connector: Debezium's MySQL connector refuses MariaDB servers.
        info["database"] = {"mysql": "mysql", "mariadb": "mariadb"}.get(word, "postgres")
        kinds = {
            {"mysql": "MySQL", "mariadb": "MariaDB"}.get(k.group(0).lower(), "PostgreSQL")
            for k in TABLE_OF_KIND.finditer(self.s)
        }
        if len(kinds) > 1:  # "the Postgres table lots ... and the MySQL table bids ..."
            raise RequestNotUnderstood(
                f"CDC tables of {' and '.join(sorted(kinds))}: one pipeline captures one "
                "database (one Debezium connector); write one request for each database"
            )
        self._runs_on_db()  # (before the database's name: "... live in the Postgres database x")
        m = self.take(SERVER_NAME)
        if m:
            info["server_name"] = unquote(
                next(n for n in m.group("n", "n2", "n3", "n4", "n5", "n6") if n)
            )[0]
        self.take(EXISTING_CONNECTOR)
        for m in list(CHANGE_EVENTS.finditer(self.s)):
            self.mask(m.start(), m.end())
        self._server_named()
        self._connector_named()
        labelled = self.take(DBNAME_LABEL)
        label = "'dbname'"
        if not labelled and len([p for p in SOURCE_DB if p.search(self.s)]) > 1:
            # ("our MySQL shop database: database `bookstore`, table ...": the name under its
            # own label in a clause wins over a word beside the kind, what the database serves)
            labelled = self.take(SOURCE_DB[_DB_CLAUSE])
            label = f"{' '.join(labelled.group(0).split())!r}" if labelled else label
        for pattern in SOURCE_DB:
            m = self.take(pattern)
            if m and labelled:
                described = unquote(m.group("d") or m.group("d2"))[0]
                info["db_name"] = unquote(labelled.group("d") or labelled.group("d2"))[0]
                if described != info["db_name"]:
                    self.assumptions.append(
                        f"read {described!r} beside the database as what it serves; its name is "
                        f"{info['db_name']!r}, as {label} says"
                    )
                break
            if m:
                info["db_name"] = unquote(m.group("d") or m.group("d2"))[0]
                break
        if labelled and "db_name" not in info:
            info["db_name"] = unquote(labelled.group("d") or labelled.group("d2"))[0]
        m = self.take(DB_SCHEMA)
        if m:
            info["db_schema"] = unquote(m.group("s") or m.group("s2"))[0]
        history = self.take_all(HISTORY)
        no_history = self.take_all(NO_HISTORY)
        if history and no_history:
            raise RequestNotUnderstood(
                f"CDC: {history[0].group(0)!r} asks for every change, and "
                f"{no_history[0].group(0)!r} for none; say one"
            )
        if no_history:
            info["mode"] = "replace"
        if history and info.get("mode") == "replace":
            raise RequestNotUnderstood(
                f"CDC: {history[0].group(0)!r} asks for every change, and the request also asks "
                "for the current row only; say one"
            )
        if history:
            info["mode"] = "history"
            # "capture every single change to the table ... as an append-only audit log": with
            # a history asked for, "every change" restates it
            self.take_all(EVERY_CHANGE)
            self.take_all(NOT_JUST_LATEST)
            self.take_all(WITH_DELETES)
        elif self.take(WE_ONLY_CURRENT) or self.take(CURRENT_ONLY):
            info["mode"] = "replace"
        hard = bool(self.take(HARD_DELETE_WORDS))
        soft = bool(self.take(SOFT_DELETE_WORDS))
        hard_said = self.take_all(HARD_DELETE)  # ("hard delete ..., not linger as ...")
        for said in hard_said:  # "... hard deletes so removed rows disappear from FINAL queries"
            why = _HARD_WHY.match(self.s, said.end())
            if why:
                self.mask(why.start(), why.end())
        hard = bool(hard_said) or hard
        soft = bool(self.take(SOFT_DELETE)) or soft
        if hard and soft:
            raise RequestNotUnderstood(
                "CDC deletes: the request asks for both soft deletes (deleted rows stay, "
                "flagged) and hard deletes (deleted rows disappear); say one"
            )
        if hard:
            info["soft_delete"] = False
        deletes = WITH_DELETES.search(self.s)
        if deletes and not (hard or soft):
            raise RequestNotUnderstood(
                f"CDC {deletes.group(0).strip(' ,')!r}: should a row deleted upstream stay in "
                'ClickHouse flagged as deleted (say "soft deletes") or disappear from it (say '
                '"hard deletes")?'
            )
        if deletes:
            self.mask(deletes.start(), deletes.end())
        if not (deletes or hard or soft) and info.get("mode") != "history":
            # a default that decides what a query sees: listed, never silent
            self.assumptions.append(
                "CDC deletes not mentioned: a row deleted upstream stays in the table flagged "
                '_is_deleted = 1 (soft deletes, the default); say "hard deletes" to hide it'
            )
        if self.take(ENVELOPE):
            info["envelope"] = "envelope"
        for nm in list(NAMED_TABLE.finditer(self.s)):
            cols = self._columns_in(nm)
            if (
                not self.cdc_tables and cols
            ):  # "the Postgres orders table (order_id bigint pk, ...)"
                self._paren_pk(nm, nm.group("t"))
                self.cdc_tables.append((nm.group("t"), False, cols))
                self.mask(nm.start(), nm.end())
        for nm in list(STOP_WORD_TABLE.finditer(self.s)):
            # "the Postgres table batches (primary key batch_id)": a word that is a stop word
            # elsewhere ("in batches of 500"), right after "table" and before its parentheses
            if not self.cdc_tables and nm.group("t").lower() not in CDC_STOP - STOP:
                self._paren_pk(nm, nm.group("t"))
                self.cdc_tables.append((nm.group("t"), False, self._columns_in(nm)))
                self.mask(nm.start(), nm.end())
        for nm in list(STOP_WORD_TABLE_IN.finditer(self.text)):
            if not self.cdc_tables and MASK not in self.s[nm.start() : nm.end()]:
                self.cdc_tables.append((nm.group("t"), False, None))
                self.mask(nm.start(), nm.end())
        found = bool(self.cdc_tables)  # a bulleted list's tables (read in `cdc_keys`)
        for pattern in TABLES:
            for m in list(pattern.finditer(self.s)):
                bulleted = pattern is BULLETED_COLUMN_TABLES
                items, end = read_list(
                    self.s,
                    m.start("list"),
                    _BULLET_ITEM_RE if bulleted else TABLE_ITEM_RE,
                    stop=CDC_STOP,
                    strict_commas=True,
                    sep=_BULLET_SEP if bulleted else LIST_SEP,
                )
                unread = _CHANGES_LISTED.match(self.s, end) if items else None
                if unread:
                    # "tables orders (...) and changes into ClickHouse": a table named "changes",
                    # or no table at all; the list stops there, so it would be dropped
                    raise RequestNotUnderstood(
                        f"CDC {' '.join(self.s[m.start('list') : unread.end()].split())!r}: is "
                        "'changes' a table? Give its columns (e.g. \"tables orders(id int) and "
                        'changes(id int, note)")'
                    )
                tables = []
                for _text, _q, start in items:
                    raw = TABLE_ITEM_RE.match(self.s, start)
                    assert raw is not None
                    name, quoted = unquote(raw.group("t"))
                    cols = self._columns_in(raw)
                    if cols is not None and NOT_COLUMNS.fullmatch(cols):
                        cols = None  # "orders (Debezium CDC)": how, not which columns
                    if not quoted:
                        name = name.rstrip(".:")
                        if not name or (
                            name.lower() in CDC_STOP and not self._stop_word_table(raw, name)
                        ):
                            continue
                    self._paren_pk(raw, name)
                    tables.append((name, quoted, cols))
                if tables and found:
                    # a later phrasing may only name a table again ("replicate the customers
                    # table ... The table is customers(id int, ...)"); anything new is unread
                    known = {t[0] for t in self.cdc_tables}
                    if all(t[0] in known for t in tables) or self._named_loosely_before(tables):
                        self.mask(m.start(), end)
                elif tables:
                    if pattern in TABLES[:4]:  # (a gap between "tables" and the list)
                        self._refuse_requirement_between(m)
                    if "system" in m.re.groupindex and m.group("system"):
                        self.assumptions.append(
                            f"CDC: read {m.group('system')!r} before table {tables[0][0]!r} as "
                            "the system it belongs to, not part of its name"
                        )
                    # ("... table service_points ... For table service_points: a int, ...":
                    # one table named twice, its columns read by `_table_column_clauses`)
                    known = {t[0].lower() for t in self.cdc_tables}
                    self.cdc_tables.extend(t for t in tables if t[0].lower() not in known)
                    if bulleted:
                        # ("tables from ... to ClickHouse clinic_mirror with Debezium, ...:" the
                        # words before the colon are left to the readers of the sink and source)
                        self.mask(m.start(), m.start() + len("tables"))
                        self.mask(m.start("list"), end)
                    else:
                        self.mask(m.start(), end)
            found = bool(self.cdc_tables)
        self._table_column_clauses()
        self._excluded_columns()
        counted = re.search(
            r"\b(?P<n>\d+)\s+of\s+(?:its|their|the|our)(?:\s+(?:database'?s?|db'?s?))?\s+tables\b",
            self.text,
            ICASE,
        )
        if counted and int(counted["n"]) == len(self.cdc_tables):
            # "stream two of its tables into ClickHouse: meters (...) and meter_readings (...)"
            self.mask(counted.start(), counted.end(), domain=True)
        for said in TABLE_COUNT.finditer(self.text):
            if MASK in self.s[said.start("n") : said.end("n")]:
                continue
            if said["n"].lower() in ("a", "an") and not self.cdc_tables:
                continue  # ("read topic users-cdc as a table keyed by id"): an article, no count
            # "replicate three tables: visits (...) and doctors (...)": a count that is not
            # the number of tables named means one was left out or one too many is named
            n = 2 if said["n"].lower() == "both" else number(said["n"])
            if n != len(self.cdc_tables):
                named = ", ".join(t[0] for t in self.cdc_tables) or "none"
                raise RequestNotUnderstood(
                    f"{' '.join(said.group(0).split())!r}: {n} tables said, "
                    f"{len(self.cdc_tables)} named ({named}); name each table"
                )
            self.mask(said.start("n"), said.end("n"))
        self._tables_said_again(info)
        self._refuse_setting_of_one_table()
        for pattern in (CDC_TRIGGER, DB_WORD, CDC_WORDS):
            self.take_all(pattern)
        for lives in list(TABLE_LIVES_IN.finditer(self.text)) if self.cdc_tables else []:
            # (in the text: "the orders table" may be read already)
            if MASK not in self.s[lives.start() : lives.end()]:
                self.mask(lives.start(), lives.end())
        # "sink ClickHouse inventory_dw": replicated tables land in a ClickHouse database, so a
        # bare name right after ClickHouse (no dot, ending the clause) is that database
        ch = [s for s in self.sinks if s.kind == "clickhouse" and "database" not in s.data]
        for m in CH_BARE_DB.finditer(self.text):
            if len(ch) == 1 and MASK not in self.s[m.start("d") : m.end("d")]:
                ch[0].data["database"] = m.group("d")
                self.mask(m.start("d"), m.end("d"))
                self.assumptions.append(
                    f"{m.group(0)!r} read as the ClickHouse database the tables are replicated "
                    'into (each keeps its name); say "ClickHouse table <name>" for one table'
                )
                break
        self._refuse_unread_db_name()

    def _tables_said_again(self, info: dict[str, Any]) -> None:
        """ "Change events for public.members are consumed": a captured table named again by
        its schema (or database) and name, as a checklist does; the same table, nothing new."""
        owners = {info[k].lower() for k in ("db_schema", "db_name") if info.get(k)}
        for name, _quoted, _cols in self.cdc_tables:
            if "." in name or not owners:
                continue
            said = rf"(?<![\w.])(?:{'|'.join(map(re.escape, sorted(owners)))})\.{re.escape(name)}(?![\w.])"
            for m in list(re.finditer(said, self.s, ICASE)):
                self.mask(m.start(), m.end())

    def _refuse_setting_of_one_table(self) -> None:
        """ "hard deletes for orders only", "keep full history for items", "drop column note
        from orders": with two or more tables, a setting said of one of them by a later mention
        of its name. The deletes and the history are one for the whole source, and a column
        left out is left out of every table that has it, so never applied to all: refused."""
        columns: dict[str, set[str]] = {}
        for name, _quoted, cols in self.cdc_tables:
            try:
                listed = {c["name"].lower() for c in parse_columns(cols)[0]} if cols else set()
            except RequestNotUnderstood:
                listed = set()
            columns.setdefault(name.rsplit(".", 1)[-1].lower(), set()).update(listed)
        if len(columns) < 2:
            return
        alt = "|".join(re.escape(b) for b in sorted(columns, key=len, reverse=True))
        table = rf"(?:[A-Za-z_]\w*\.)?(?P<{{g}}>{alt})(?![\w-])(?!\.\w)(?!\s*\()"
        scoped = re.compile(
            rf"\b(?:only\s+)?(?:for|on|in|of|from|to)\s+(?:the\s+)?(?:table\s+)?"
            rf"{table.format(g='t')}(?:\s+table)?(?:\s+(?:only|alone))?"
            rf"|\(\s*(?:for\s+|on\s+)?{table.format(g='t2')}(?:\s+table)?\s+(?:only|alone)\s*\)",
            ICASE,
        )
        text = self.text
        for m in scoped.finditer(text):
            base = (m.group("t") or m.group("t2")).lower()
            first = re.search(rf"(?<![\w-]){re.escape(base)}(?![\w-])", text, ICASE)
            if first is None or first.start() >= m.start("t" if m.group("t") else "t2"):
                continue  # the table's own listing ("changes from orders (id int, ...)")
            clause = clause_around(text, m.start(), m.end())
            lead = re.match(r"\s*,\s*", text[m.end() :])
            if lead and clause.lower().startswith(("for ", "on ", "in ")):
                # ("For the contacts table, keep the full change history": a lead-in)
                after = m.end() + lead.end()
                clause = f"{clause}, {clause_around(text, after, after + 1)}"
            if not _TABLE_SETTING.search(clause):
                continue
            said = {
                b
                for b in columns
                if re.search(rf"(?<![\w-]){re.escape(b)}(?![\w-])", clause, ICASE)
            }
            if said == set(columns):
                continue  # ("keep the history of changes to orders and items": every table)
            words = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", clause)}
            named = {w for w in words for cols in columns.values() if w in cols} - set(columns)
            if named and all(
                not any(w in cols for b, cols in columns.items() if b != base) for w in named
            ):
                continue  # ("drop column sku from items": a column items alone has)
            raise RequestNotUnderstood(
                f"CDC {' '.join(clause.split())!r}: said of table {base!r} only, but a "
                "replication setting (deletes, history, a column left out) applies to every "
                f"table replicated here ({', '.join(sorted(columns))}); say it of every table, "
                "or write one pipeline per table"
            )

    def _refuse_requirement_between(self, m: re.Match[str]) -> None:
        """The words between "tables" and the list `m` reads (the database, the target, the
        connector, read by their own patterns) may hold a requirement no pattern reads ("for VIP
        customers only", "except when the region is south"): masked with the list they would be
        dropped, so refused, quoting them."""
        between = self.s[m.start() : m.start("list")]
        req = REQUIREMENT_IN_SOURCE.search(between)
        if req is None:
            return
        # the clause's words, up to the next punctuation or read word
        at = m.start() + req.start()
        stop = re.compile(r"[,;:()\x00]").search(self.s, at, m.start("list"))
        said = " ".join(self.text[at : stop.start() if stop else m.start("list")].split())
        raise RequestNotUnderstood(
            f"CDC: cannot read {said!r} in the tables' source: a CDC pipeline copies every row "
            "of the tables it names; say a filter or another requirement as a step of its own "
            "on a stream pipeline, or remove it"
        )

    def _cdc_projection(self, tables: list[dict[str, Any]]) -> None:
        """Columns left out ("but leave out the email column") or the only ones kept ("only
        columns a, b") of a replicated table: its replica holds the others. A name no listed
        table has, or a primary-key column, is refused."""
        if not (self.drop or self.keep):
            return
        columns = {c["name"] for t in tables for c in t["columns"]}

        def column(name: str) -> str:
            # "Prescriber_notes must never be copied": a sentence's capital, not another name
            low = name[:1].lower() + name[1:]
            return low if name not in columns and low in columns else name

        drop = [column(n) for _pos, n in self.drop]
        keep = [column(n) for _pos, n in self.keep]
        if drop and keep:
            raise RequestNotUnderstood(
                f"CDC: cannot both keep only {', '.join(keep)} and leave out {', '.join(drop)}; "
                "say which columns to replicate"
            )
        for name in drop + keep:
            owners = [t for t in tables if any(c["name"] == name for c in t["columns"])]
            if not owners:
                cols = "; ".join(
                    f"{t['name']}: {', '.join(c['name'] for c in t['columns'])}" for t in tables
                )
                raise RequestNotUnderstood(
                    f"CDC: {name!r} is not a column of the replicated table(s) ({cols}); name one "
                    "of their columns to leave out"
                )
            for t in owners:
                if name in t["primary_key"] and drop:
                    raise RequestNotUnderstood(
                        f"CDC: {name!r} is the primary key of {t['name']!r}; the replica is "
                        "keyed by it, so it cannot be left out"
                    )
        for t in tables:
            before = [c["name"] for c in t["columns"]]
            if drop:
                t["columns"] = [c for c in t["columns"] if c["name"] not in drop]
            elif any(c["name"] in keep for c in t["columns"]):
                missing = [k for k in t["primary_key"] if k not in keep]
                if missing:
                    raise RequestNotUnderstood(
                        f"CDC: the columns kept for {t['name']!r} ({', '.join(keep)}) leave out "
                        f"its primary key {', '.join(missing)}; the replica is keyed by it, so "
                        "keep it too"
                    )
                t["columns"] = [c for c in t["columns"] if c["name"] in keep]
            left_out = [n for n in before if n not in {c["name"] for c in t["columns"]}]
            if left_out:
                t["excluded_columns"] = left_out

    def _excluded_columns(self) -> None:
        """ "..., but exclude email and phone", "skip notes": columns of a listed table left out
        of the replica (read as a drop; every name must be one of the listed columns)."""
        listed: set[str] = set()
        for _name, _quoted, cols in self.cdc_tables:
            if cols is not None:
                try:
                    listed |= {c["name"].lower() for c in parse_columns(cols)[0]}
                except RequestNotUnderstood:
                    continue  # refused with its reason when the table is built
        if not self.cdc_tables:
            return
        # (no columns listed: only a column kept out of the capture is read, "Do not capture the
        # notes column"; the columns themselves are asked for when the table is built)
        for m in list(KEPT_COLUMNS.finditer(self.s)):
            names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("list")) if n]
            if names and all(unquote(n)[0].lower() in listed for n in names):
                self.keep += [(m.start(), unquote(n)[0]) for n in names]
                self.mask(m.start(), m.end())
        for m in list(EXCLUDED_COLUMNS.finditer(self.s)):
            said = m.group("list") or m.group("list2")
            names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", said) if n]
            if m.group("of") and not self._only_in_table(m.group("of"), names):
                continue  # "the email column of members": members alone must list it
            if names and all(unquote(n)[0].lower() in listed for n in names):
                self.drop += [(m.start(), unquote(n)[0]) for n in names]
                why = EXCLUDED_WHY.match(self.s, m.end()) or EXCLUDED_PII.match(self.s, m.end())
                self.mask(m.start(), why.end() if why else m.end())
            elif names and not any(unquote(n)[0].lower() in listed for n in names):
                # "Do NOT capture the reviewer_notes column": a column the list leaves out, said
                # to be one with a verb of the capture, kept out of it (the connector's exclude
                # list); a bare "without notes" or "no deletes" may mean anything else
                if not _NEGATED_CAPTURE.match(m.group(0)):
                    continue
                for name in (unquote(n)[0] for n in names):
                    self.cdc_info.setdefault("unlisted_excluded", []).append((m.group("of"), name))
                why = EXCLUDED_WHY.match(self.s, m.end()) or EXCLUDED_PII.match(self.s, m.end())
                self.mask(m.start(), why.end() if why else m.end())
        for m in list(LEFT_OUT_OF_CAPTURE.finditer(self.text)):
            said = [unquote(n)[0] for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m["list"])]
            if not m["col"] and not all(n.lower() in listed for n in said):
                continue  # ("keep orders out of the capture": a table, maybe; left unread)
            # ("Exclude the email column from the capture": its first words read as a drop of
            # those columns already; the capture said, they are the capture's columns)
            read = [(at, n) for at, n in self.drop if m.start() <= at < m.end() and n in said]
            if MASK in self.s[m.start() : m.end()] and len(read) != len(said):
                continue
            self.drop = [d for d in self.drop if d not in read]
            self._leave_out(m.start(), said, None, listed)
            why = EXCLUDED_WHY.match(self.s, m.end()) or EXCLUDED_PII.match(self.s, m.end())
            self.mask(m.start(), why.end() if why else m.end())
        # (on the request's words: the table's name may be read already, "table orders also has")
        for m in list(UNLISTED_EXCLUDED.finditer(self.text)):
            if "\x00" in self.s[m.start("c") : m.end()]:
                continue
            said = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("c")) if n]
            table = m.group("t") or m.group("t2") or m.group("t3")
            self._leave_out(m.start(), [unquote(n)[0] for n in said], table, listed)
            why = EXCLUDED_PII.match(self.s, m.end()) or EXCLUDED_WHY.match(self.s, m.end())
            self.mask(m.start(), why.end() if why else m.end())

    def _leave_out(self, at: int, names: list[str], table: str | None, listed: set[str]) -> None:
        """Columns said to be left out of the capture: a listed one is dropped from the table's
        columns; one the request does not list is only kept out of the capture (the
        connector's exclude list)."""
        for name in names:
            if name.lower() in listed:
                self.drop.append((at, name))
            else:
                self.cdc_info.setdefault("unlisted_excluded", []).append((table, name))

    def _only_in_table(self, table: str, names: list[str]) -> bool:
        """Every one of `names` is a listed column of the listed table `table` and of no other
        (a drop applies by the column's name)."""
        owners: dict[str, set[str]] = {}
        for name, _quoted, cols in self.cdc_tables:
            try:
                columns = {c["name"].lower() for c in parse_columns(cols)[0]} if cols else set()
            except RequestNotUnderstood:
                return False
            for n in names:
                if unquote(n)[0].lower() in columns:
                    owners.setdefault(unquote(n)[0].lower(), set()).add(name.lower())
        return all(owners.get(unquote(n)[0].lower()) == {table.lower()} for n in names)

    def _named_loosely_before(self, tables: list[tuple[str, bool, str | None]]) -> bool:
        """ "the agronomy team needs the recipe table mirrored. Please replicate
        farm.nutrient_recipes (recipe_id int, ...)": a table read before by a bare noun, no
        columns, that is a word of a table named later with its columns, is that table said
        loosely; replaced (listed), when each new table replaces exactly one such mention."""
        loose = [
            i
            for i, (name, quoted, cols) in enumerate(self.cdc_tables)
            if cols is None and not quoted and re.fullmatch(r"[A-Za-z]+", name)
        ]
        if len(loose) != len(self.cdc_tables) or len(tables) != len(loose):
            return False
        pairs = []
        for i in loose:
            noun = singular(self.cdc_tables[i][0].lower())
            said = [
                t
                for t in tables
                if t[2] is not None
                and noun in {singular(w) for w in table_base(t[0]).lower().split("_")}
            ]
            if len(said) != 1:
                return False
            pairs.append((i, said[0]))
        if len({t[0] for _i, t in pairs}) != len(pairs):
            return False
        for i, table in pairs:
            self.assumptions.append(
                f"read 'the {self.cdc_tables[i][0]} table' as {table[0]!r}, named later with "
                "its columns"
            )
            self.cdc_tables[i] = table
        return True

    def _table_column_clauses(self) -> None:
        """ "Replicate the employees and pay_runs tables ... employees: emp_id int PK, full_name
        text; pay_runs: run_id bigint primary key, ...": a named table's columns in a clause of
        their own, up to the next ";" or the end of the sentence."""
        for i, (name, quoted, cols) in enumerate(self.cdc_tables):
            if cols is not None or quoted:
                continue
            # "... tables orders and lines. orders(order_id int primary key, total float), ..."
            said = re.escape(name)
            if "." in name:  # "crm.contacts" may be said again as "contacts(...)"
                said = rf"(?:{re.escape(name.rsplit('.', 1)[0])}\.)?{re.escape(name.rsplit('.', 1)[1])}"
            m = re.compile(
                rf"(?:(?<=[.;:,\n])|^)\s*(?:and\s+)?(?:the\s+)?(?:table\s+)?{said}"
                r"(?:\s+table)?\s*\((?P<c>[^()\x00]*)\)(?=\s*(?:[,;:\n]|\.(?!\w)|$|\s+and\b))",
                ICASE,
            ).search(self.s)
            if m is not None:
                self.cdc_tables[i] = (name, quoted, m.group("c"))
                self.mask(m.start(), m.end())
                continue
            # "the Postgres table listings.properties with columns a, b, c and primary key a":
            # the list of names after "with columns", up to its key
            m = re.compile(
                # ("table shifts in database factory, with ...": where it lives between)
                rf"\btable\s+{said}(?:\s+(?:in|from|of|on)\s+(?:the\s+|our\s+)?"
                r"(?:(?:postgres(?:ql)?|mysql|mariadb)\s+)?(?:database|db|schema)"
                # ("table treatment_plans, with columns ...": a comma before "with")
                r"\s+[A-Za-z_]\w*\s*,?)?"
                # ("table ticket_orders (primary key order_id) with columns a int, ...", "table
                # x with primary key a and columns ...": the key said first, read by `cdc_keys`)
                r"(?P<first>\s*(?P<read>\([^()]*\))"
                r"|\s+with\s+(?P<key>(?:the\s+|a\s+)?(?:primary\s+key|pk)\s+[A-Za-z_]\w*))?"
                r"\s*,?\s+(?(first)(?:with|and)|with)\s+(?:(?:the\s+)?colu?mns?\s*:?\s*"
                # ("table maintenance_orders with order_id INT primary key, fault_area VARCHAR":
                # no word for columns, the list's first name typed in SQL)
                rf"|(?={_FIRST_NAME_TYPED}))(?P<c>{_LISTED_COLS})"
                # ("..., week_start, primary key timesheet_id": the key after a comma alone)
                r"(?:(?:\s*,?\s+and\s+|\s*,\s*)(?:the\s+)?(?:primary\s+key|pk)\s*(?:is\s+|of\s+)?"
                # (a "." ends the sentence, unless a dotted name goes on)
                r"(?P<pk>[A-Za-z_]\w*))?(?![\w(]|\.\w)",
                ICASE,
            ).search(self.text)
            if (
                m is not None
                and MASK not in self.s[m.start("c") : m.end("c")]
                and not any(
                    m[g] and self.s[m.start(g) : m.end(g)].strip(MASK + " ()")
                    for g in ("read", "key")
                )
            ):
                # (the key, "primary key a", is read with the others by `cdc_keys`)
                self.cdc_tables[i] = (name, quoted, self._typed_columns(m))
                self.mask(m.start(), m.end())
                continue
            m = re.compile(
                # ("For table service_points: point_id bigint primary key, ...", "..., table
                # drivers: driver_id int, ...": the table named again, its columns after)
                rf"(?:(?:(?<=[.;:\n])|^)\s*(?:(?:for|in)\s+)?(?:the\s+)?(?:table\s+)?"
                rf"|(?<=,)\s*(?:(?:for|in)\s+)?(?:the\s+)?table\s+"
                # ("set up Debezium CDC ... for table work_orders: wo_id int primary key, ...")
                rf"|\b(?:for|on)\s+(?:the\s+)?table\s+(?={re.escape(name)}\s*:)){re.escape(name)}"
                r"(?:\s+table)?"
                # ("table riders:\n  rider_id int, ...": the columns on the next line)
                r"(?:\s*:\s*(?:[;\n]\s*)?|\s+(?:has|with)\s+(?:the\s+)?colu?mns?\s*:?\s*"
                # ("orders (primary key order_id) is captured with columns a int, ...": the
                # table said replicated, its key read already in the brackets)
                r"|(?:\s*\((?P<read>[^()]*)\))?\s+(?:is|are|gets?|should\s+be)\s+"
                r"(?:captured|replicated|mirrored|synced|streamed)\s+with\s+(?:the\s+)?"
                r"colu?mns?\s*:?\s*"
                # ("The donors table columns are a (pk), b", "donors has a (pk), b and c")
                r"|(?:'s)?\s+colu?mns?\s+(?:are\s+|:\s*)|\s+has\s+(?=[A-Za-z_]\w*\s*[(,]))"
                r"(?P<c>[A-Za-z_][^;\n\x00]*?)\s*(?=;|\.(?!\w)|\n|$)",
                ICASE,
            ).search(
                self.text
            )  # the text: the "." before may be read already (a sink's, or the table named)
            if m is None or MASK in self.s[m.start("c") : m.end()]:
                continue
            if m["read"] and self.s[m.start("read") : m.end("read")].strip(MASK + " "):
                continue  # ("orders (all of them) is captured with ...": words unread between)
            self.cdc_tables[i] = (name, quoted, self._typed_columns(m))
            self.mask(m.start(), m.end())
        # (a quoted name too: "the postgres `policies` table ... cols are ...")
        bare = [i for i, (_n, _q, c) in enumerate(self.cdc_tables) if c is None]
        if len(self.cdc_tables) == 1 and bare:
            # "Replicate Postgres table public.orders ...; columns: order_id bigint pk, total
            # numeric": the one table's columns, labelled
            keyed = self.cdc_info.pop("key_columns", None)
            if keyed is not None:  # "Primary key a (int); other columns b string, ..."
                name, quoted, _cols = self.cdc_tables[0]
                self.cdc_tables[0] = (name, quoted, keyed)
                return
            m = COLUMNS_LABEL.search(self.text) or self._bulleted_columns()
            if m and MASK not in self.s[m.start() : m.end()]:
                name, quoted, _cols = self.cdc_tables[0]
                self.cdc_tables[0] = (name, quoted, self._typed_columns(m))
                self.mask(m.start(), m.end())

    @staticmethod
    def _refuse_other_cdc_sinks(sinks: list[dict[str, Any]]) -> None:
        """ "replicate table orders with Debezium and write the changes to Kafka topic x": a
        CDC replica lands in one ClickHouse database only; say what to change, never the spec's
        bare check."""
        others = [s for s in sinks if s["kind"] != "clickhouse"]
        if not others and len(sinks) == 1:
            return
        said = [
            f"Kafka topic {s['topic']!r}" if s.get("topic") else str(s["kind"]).capitalize()
            for s in others
        ] or [f"{len(sinks)} ClickHouse sinks"]
        said = ["stdout" if w == "Stdout" else w for w in said]
        raise RequestNotUnderstood(
            f"a CDC (Debezium) pipeline replicates its tables into exactly one ClickHouse "
            f"database, so it cannot write to {' and '.join(said)}: write the replica to one "
            'ClickHouse database only (e.g. "... into ClickHouse database replica"); the change '
            "events themselves are on the Kafka topics Debezium writes (<server>.<schema>.<table>), "
            "which a pipeline of their own can read as JSON"
        )

    def _bulleted_columns(self) -> re.Match[str] | None:
        """ "Columns:\n- gun_id (int, primary key)\n- model (text)": the one table's columns,
        one a bullet; only when every bullet gives its column's type or key mark (a bare word
        after the list, "- thanks", is no column)."""
        m = BULLETED_COLUMNS.search(self.text)
        if m is None:
            return None
        items = [item.split() for item in m.group("c").split(";") if item.strip()]
        return m if all(len(item) > 1 for item in items) else None

    def _table_line(self) -> None:
        """ "Table: service_visits, PK visit_id (int); other columns a string, b bool": the one
        table and its column spec on a labelled line."""
        m = TABLE_LINE.search(self.text)  # (the text: its "." may be read already)
        if m is None or self.cdc_tables or len(TABLE_LINE.findall(self.text)) > 1:
            return
        if MASK in self.s[m.start() : m.end()]:
            return
        self.cdc_tables.append((m.group("t"), False, self._typed_columns(m)))
        self.mask(m.start(), m.end())

    def _bulleted_tables(self) -> None:
        """ "Two tables:\n* patients: primary key patient_id; columns patient_id int, ...": each
        bullet a table, named before its colon, with its column spec after it."""
        m = BULLETED_TABLES.search(self.s)
        if m is None or self.cdc_tables:
            return
        tables: list[tuple[str, bool, str | None]] = []
        end = m.end()
        at = m.start("items")
        for part in m.group("items").split(";")[1:]:
            at = self.s.index(part, at)
            item = _BULLET_TABLE.fullmatch(part)
            # ("* events: primary key event_id; columns ...": a stop word named before its
            # table's spec is that table's name)
            if (
                item
                and not _SPEC_PART.match(part)
                and (item.group("t").lower() not in CDC_STOP or _SPEC_NEXT.match(item["c"]))
            ):
                tables.append((item.group("t"), False, item.group("c")))
                dashed = not item.group("colon")
            elif tables and dashed and part.strip():
                # "- public.labels — label_id (pk), label_name; Land them in ...": a dashed
                # table's columns are on its line; the list ends at the next clause
                end = at
                break
            elif tables and part.strip() and not _SPEC_NEXT.match(part):
                # "1. a: x int PK; 2. b: y int PK\nReplicate both into ...": the line after
                # a numbered list of tables is a clause of its own, no table's next part
                end = at
                break
            elif tables and part.strip():  # "...; columns a int, b text": the table's next part
                name, quoted, cols = tables[-1]
                tables[-1] = (name, quoted, f"{cols}; {part}")
            else:
                return  # a part before any table's name: no bulleted table list
            at += len(part)
        self.cdc_tables.extend(tables)
        self.mask(m.start("colon") if m["between"].strip() else m.start(), end)

    def _typed_columns(self, m: re.Match[str]) -> str:
        """A column list matched in the text (group "c"), as the parser's copy holds it: the
        SQL types' arguments blanked ("numeric(10,2)"), so that their commas part no columns."""
        cols = self.s[m.start("c") : m.end("c")].rstrip()
        # ("(database curbside, table bins, PK bin_id; columns bin_id int, seen_at datetime)":
        # a labelled list inside the table's brackets ends at their closing one)
        if cols.endswith(")") and cols.count(")") > cols.count("("):
            cols = cols[:-1]
        return cols

    def build_cdc(self) -> dict[str, Any]:
        info = self.cdc_info
        if info.get("key_columns") is not None:
            raise RequestNotUnderstood(
                f"CDC: which table has the columns {' '.join(info['key_columns'].split())!r}? "
                "Give each table's columns with its name (e.g. \"table orders(id int "
                'primary key, name string)")'
            )
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
                if "." in schema_name:
                    schema_name = self._cdc_database_part(text, schema_name, database)
            catalog = None
            said_pk: list[str] = list(info.get("table_pk", {}).get(text, []))
            if cols is not None:
                said_type = info.get("table_pk_type", {}).get(text)
                columns, said_pk = parse_columns(cols, said_pk, self.assumptions, said_type)
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
            if said_pk and info.get("primary_key") not in (None, *said_pk):
                raise RequestNotUnderstood(
                    f"CDC table {base!r}: primary key {info['primary_key']!r} and "
                    f"{', '.join(said_pk)} in its column list; say one"
                )
            if said_pk:
                pk = said_pk
            elif catalog is not None:
                pk = list(catalog.primary_key)
                schema_name = catalog.db_schema
            elif base in CDC_TABLES and cols is None and "primary_key" not in info:
                pk = list(CDC_TABLES[base].primary_key)
            elif info.get("primary_key") in names:
                pk = [info["primary_key"]]
                info["primary_key_used"] = True
                typed = info.get("primary_key_type")
                listed = next(c["type"] for c in columns if c["name"] == pk[0])
                if typed is not None and typed != listed:
                    raise RequestNotUnderstood(
                        f"CDC: the primary key {pk[0]} is said to be {typed} and listed as "
                        f"{listed}: give its type once"
                    )
            elif info.get("primary_keys") and all(k in names for k in info["primary_keys"]):
                pk = list(info["primary_keys"])  # "primary key (depot_id, part_no)"
                info["primary_key_used"] = True
            else:
                pk = [next((n for n in ("id", f"{singular(base)}_id") if n in names), names[0])]
                # the key decides which rows replace each other in ClickHouse: a guess other
                # than a column named plainly "id" is listed
                if pk != ["id"]:
                    self.assumptions.append(
                        f"CDC table {base!r}: no primary key said; {pk[0]!r} assumed (say "
                        f'"primary key <column>" or "{pk[0]} pk" in the column list)'
                    )
            for c in columns:
                if c["name"] in pk:
                    c["required"] = True
            table: dict[str, Any] = {"name": base, "primary_key": pk, "columns": columns}
            if database in ("mysql", "mariadb"):
                said_db = info.get("db_name")
                kind = "MySQL" if database == "mysql" else "MariaDB"
                if "." in text and not _quoted and said_db and said_db != schema_name:
                    # "the MySQL table billing.invoices ... from database erp": a MySQL
                    # database holds the tables (no schema between), so the two names
                    # contradict; one of them would be dropped
                    raise RequestNotUnderstood(
                        f"CDC: the {kind} table {text!r} is in database {schema_name!r}, and "
                        f"the request also says database {said_db!r}; name the table as "
                        f"{said_db}.{base} or {text} (a {kind} database holds its tables "
                        "directly, with no schema between)"
                    )
                db_schema = schema_name or said_db
                if db_schema is None:
                    db_schema = info.get("server_name") or base
                    self.assumptions.append(
                        f"MySQL database not named; assumed {db_schema!r} for table {base!r}"
                    )
                table["db_schema"] = db_schema
            elif schema_name:
                table["db_schema"] = schema_name
            if base in info.get("targets", {}):
                table["target_table"] = info["targets"][base]
            tables.append(table)
        if info.get("primary_keys") and not info.get("primary_key_used"):
            raise RequestNotUnderstood(
                f"CDC: primary key ({', '.join(info['primary_keys'])}) is not a set of columns of "
                f"{', '.join(repr(t['name']) for t in tables)}; list them with the table's columns"
            )
        if (
            "primary_key" in info
            and not info.get("primary_key_used")
            and not any(info.get("table_pk", {}).values())
        ):
            # "primary key id" said, but no table read has that column: never dropped
            raise RequestNotUnderstood(
                f"CDC: primary key {info['primary_key']!r} is not a column of "
                f"{', '.join(repr(t['name']) for t in tables)}; list it with the table's columns"
            )
        self._cdc_projection(tables)
        for table_name, column in info.get("unlisted_excluded", []):
            owners = [t for t in tables if table_name in (None, t["name"])]
            if len(owners) != 1:
                raise RequestNotUnderstood(
                    f"CDC: which table's {column!r} column to leave out of the capture? name the "
                    'table (e.g. "the orders table also has a notes column: exclude it")'
                )
            owners[0].setdefault("excluded_columns", []).append(column)
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
                    "database": d.get("database", info.get("target_db", _REPLICA_DB)),
                    "engine": d.get("engine", engine),
                }
                if "database" not in d and "target_db" not in info:
                    self.assumptions.append(_REPLICA_DB_NOTE)
                if info.get("target_db", ch["database"]) != ch["database"]:
                    raise RequestNotUnderstood(
                        f"CDC: target database {info['target_db']!r} and ClickHouse database "
                        f"{ch['database']!r}; say one"
                    )
                unknown_targets = set(info.get("targets", {})) - {t["name"] for t in tables}
                if unknown_targets:
                    raise RequestNotUnderstood(
                        f"CDC: a target table for {sorted(unknown_targets)[0]!r}, which is not a "
                        "replicated table"
                    )
                unread = [k for k in ("order_by", "partition", "ttl") if k in d]
                if unread:  # "with primary key (id, tenant_id)": never silently left out
                    raise RequestNotUnderstood(
                        f"a ClickHouse {unread[0].replace('_', ' ')} for a CDC replica is not "
                        "read: the replica is keyed by the source table's primary key (give it "
                        "with the table's columns); write a spec file for other table options"
                    )
                if "table" in d:
                    if len(tables) != 1:
                        raise RequestNotUnderstood(
                            "CDC into one named ClickHouse table needs exactly one source table"
                        )
                    tables[0]["target_table"] = d["table"]
                    # "sink: ClickHouse db.items" for the one captured table: the sink's table
                    # is that table's replica (what the spec shows as the sink's table)
                    ch["table"] = d["table"]
                if self.batch_rows:
                    ch["batch_rows"] = self.batch_rows
                if self.flush_ms:
                    ch["flush_interval_ms"] = self.flush_ms
                sinks.append(ch)
            else:
                extra = {k: v for k, v in sink.data.items() if k == "topic"}
                sinks.append({"kind": sink.kind, **extra})
        if not sinks:
            ch = {"kind": "clickhouse", "database": _REPLICA_DB, "engine": engine}
            self.assumptions.append(_REPLICA_DB_NOTE)
            if self.batch_rows:
                ch["batch_rows"] = self.batch_rows
            if self.flush_ms:
                ch["flush_interval_ms"] = self.flush_ms
            sinks = [ch]
        if (
            self.conds
            or self.aggs
            or self.enrich
            or self.joins
            or self.dedup
            or self.session
            or self.window
            or self.top_n
            or self.computed
            or self.renames
        ):
            raise RequestNotUnderstood(
                "a CDC replication pipeline takes no operators (filters, enrichment, windows, "
                "joins, dedup, sessions, computed fields, renames; only columns left out): "
                "replicate the tables, then query them in ClickHouse"
            )
        if "not_a_replica" in self.cdc_info:  # ("instead of replicating it", nothing else)
            raise RequestNotUnderstood(
                f"{self.cdc_info['not_a_replica']!r}: a CDC pipeline replicates the tables into "
                "ClickHouse and nothing else; replicate them, then query them in ClickHouse"
            )
        self._refuse_other_cdc_sinks(sinks)
        data: dict[str, Any] = {
            "name": name,
            "description": self.text,
            "source": source,
            "sinks": sinks,
            "dead_letter_topic": self.dlq if self.dlq_set else f"{name.replace('_', '-')}-dlq",
            "assumptions": self.assumptions,
        }
        self.no_duplicates_delivery(sinks)
        if self.delivery:
            data["delivery"] = self.delivery
        return data
