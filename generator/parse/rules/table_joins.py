"""Recogniser: stream-table joins against a compacted topic ("look up the X table", "join with the
latest Y", "enrich orders with tier from the compacted topic customers"): the table named, its
fields and key, and the table join built."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec.presets import LOOKUPS, PRESETS
from . import lazy_re as re
from .accounting import FILLER
from .bare_source import topic_shaped
from .join_bounds import WITHIN
from .join_keys import (
    COLON_FIELDS,
    FIELDS_CLAUSE,
    FIELDS_SENTENCE,
    KEY_AT_END,
    KEY_CLAUSE,
    KEYED,
    LOOKUP_FIELDS,
    NEED_FIELDS,
    NEED_FROM,
    NEED_OF_FIELDS,
    PAREN_FIELDS,
    PAREN_KEY,
    SENTENCE_END,
    SIDED_EQUATION,
    SIDED_KEY,
    TAKE_VERB,
    WITH_FIELDS,
    WITH_FIELDS_AFTER,
    JoinFieldsReader,
    _ids,
    _same_key_said,
    fields_list_end,
    list_past_comma,
    read_join_key_and_fields,
    refuse_usual_over_said,
    typed_renames,
)
from .join_verbs import (
    CDC_TOPIC_TABLE,
    HOW_CLAUSE_READ,
    JOIN_THEM,
    JOIN_VERB,
    NAME_THEN_TABLE,
    RIGHT_SIDE_VERB,
    TABLE_TOPIC,
    _refuse_opener_after_with,
    _refuse_words_before_with,
    refuse_nearest,
)
from .lexicon import (
    CONNECTOR_VERBS,
    ENTITY_ALIASES,
    FIELD,
    MASK,
    NAMED_TOPIC,
    QUALIFYING,
    QUOTED,
    STOP,
    TAKE_FIELDS_VERB,
    _snake,
    guess_type,
    singular,
    singular_words,
    unquote,
    word_set,
)
from .quantities import ICASE
from .state import Join

# "... to its agent's tariff (a left join: keep the job even when ...)": an aside whose words
# saying how the join keeps records were read already, but for "a" and "join"
HOW_ASIDE_READ = re.compile(r"\s*\((?=[^()]*\x00)(?:[\s\x00:,;-]|\ban?\b|\bjoin\b)*\)\s*$", ICASE)


# "The meter registry is a compacted topic, ...": what a table's sentence calls it
TABLE_CALLED = re.compile(
    r"\s*(?:[,;]\s*)?(?:and\s+)?(?:the|our|a)\s+(?P<w>(?:[a-z]+\s+){0,2}[a-z]+)\s+(?:is|are|lives?"
    r"|sits?)\s+(?:in|on)?\s*(?:a|an|the|our)\s+(?:compacted|changelog)\b",
    ICASE,
)


# "... to its agent's tariff and take rate_per_gt": the fields to take, after the side
TAKE_AFTER_SIDE = re.compile(
    r"\s+and\s+(?:then\s+)?(?=(?:take|add|copy|pull|grab|bring|carry|attach|fetch|get)\s)", ICASE
)


# "joined against the compacted topic ...": where the right side of a table join starts
JOINED_TO = re.compile(r"\bjoined\s+(?:with|to|against)\b", ICASE)


# "..., keep the bag even if the batch isn't there yet (left join), bring over a and b": a
# clause read whole as the join's how (masked), between a table join's clause and its fields
HOW_CLAUSE_MASKED = re.compile(r"\s*[,;]\s*\x00[\x00\s()-]*(?=[,;])")


# "Mixer batches (bakery.mixer_batches) should be matched with ...": the source's records,
# their topic in brackets, as the subject of a passive join verb (before its "with")
SUBJECT_SOURCE = re.compile(
    r"\s*(?:(?:the|our|all|each|every)\s+)?(?P<d>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})\s*"
    rf"\(\s*(?:(?:kafka\s+)?topic\s+)?(?P<t>{NAMED_TOPIC})\s*\)\s+"
    r"(?:(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|is\s+to|will)\s+)?"
    r"(?:be|get)\s+(?:matched|joined|enriched|combined|linked)\s*",
    ICASE,
)


# "join orders with the customers table, which is the compacted topic x": the noun the join
# calls the table by, then its topic set off by a comma or a dash (`_table_apposition`)
APPOSED_SIDE = re.compile(
    r"\b(?P<prep>with|to|against|onto|from)\s+(?P<side>(?:(?:the|its|their|our|each|every)\s+)?"
    # ("..., i.e. the compacted topic x": the full stop of "i.e." ends no sentence)
    # ("... to the employee directory. It's a compacted topic, x, ...": a sentence of its own,
    # opened by "it's", see APPOSITION_OPEN)
    r"(?:[a-z][\w'-]*\s+){0,3}?[a-z][\w-]*)\s*(?:,|[-\u2013\u2014]|(?P<stop>[.?!]))\s*"
    r"(?:(?:i\.e\.|namely),?\s*)?$",
    ICASE,
)


# "Join each job with its zone": the records a declared table is joined to, before the "with"
# ("join each ride on "rides.completed" to it": and the topic they are on)
LEFT_RECORDS = re.compile(
    # ("Join each newly published cache on x with it": up to three words, a hyphened
    # noun one: "join each check-in from x to it")
    r"\s*(?:(?:each|every|all|the|our)\s+)?(?:[a-z]+(?:-[a-z]+)*\s+){0,3}"
    # ("Join sheetmusic.performance_reports to it": the records' topic alone)
    rf"(?:(?:(?<=\s)(?:on|from|in)\s+)?(?:(?:the\s+)?topic\s+)?(?P<t>{QUOTED}|{NAMED_TOPIC})\s+)?"
    r"(?:with|to|against)\s*",
    ICASE,
)


# "Match on student_id and copy ...": a sentence giving a table join's key, "match" its verb
MATCH_ON_AGAIN = re.compile(r"(?:^|(?<=[.;!?]\s))\s*\bmatch(?=\s+on\s)", ICASE)


APPOSITION_OPEN = re.compile(
    r"\s*(?:(?P<it>(?:it|that|this)(?:'s|\s+is)\s+(?:(?:kept|stored|held)\s+)?)"
    r"|(?:(?:which|that)\s+(?:(?:is|'s)\s+(?:(?:kept|stored|held)\s+)?|lives\s+|sits\s+"
    # ("the passengers table, which we keep as the compacted topic x", "..., kept as ...")
    r"|(?:we|they|you)\s+(?:keep|store|hold|maintain|have)\s+"
    # ("the instructors table, which Debezium publishes on the topic x": the table's change
    # stream, its latest row per key)
    r"|(?:debezium|the\s+(?:cdc\s+)?connector|kafka\s+connect)\s+"
    rf"(?:{'|'.join(CONNECTOR_VERBS)})\s+(?:(?:it|them)\s+)?(?:on|to|into|as)\s+)"
    r"|(?:kept|stored|held|maintained)\s+)"
    r"(?:in\s+|on\s+|as\s+)?"
    r"|i\.?e\.?,?\s+|namely\s+)?(?:(?:the|a|an|our)\s+)?",
    ICASE,
)


# "the policies table that Debezium publishes to the compacted topic x": a relative clause on
# the table's noun saying which system fills its topic (the words masked with the join's)
PRODUCED_BY = re.compile(
    r"(?:that|which)\s+(?:(?:the|our|their)\s+)?(?!(?:we|you|i|it|they)\b)"
    r"(?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*\s+"
    r"(?:publish(?:es)?|writes?|streams?|produces?|pushes|push|sends?|mirrors?|replicates?"
    r"|emits?|keeps?|maintains?)\s+(?:to|into|onto|in|on|as)\s+(?:the\s+|a\s+|an\s+|our\s+)?$",
    ICASE,
)


# A relative clause on the table's noun before its topic ("with the customers that are not
# blocked from the compacted topic x"): read only as PRODUCED_BY or an apposition
_SIDE_RELATIVE = re.compile(r"\b(?:that|which|who|whose|where)\b", ICASE)


# "with the bikes table replicated by Debezium to the topic x": the words naming the table
# before its connector's participle (checked to say only what its rows are)
_REPLICATED_TABLE_NAME = re.compile(
    r"\b(?:with|to|against|onto)\s+(?P<words>(?:[A-Za-z][\w'-]*\s+){0,4}?)k?table\s+"
    r"(?:replicated|published|streamed|mirrored|captured)\s+by\s+(?:debezium|connector)\b",
    ICASE,
)
_SIDE_ARTICLES = frozenset(["the", "its", "their", "our", "each", "every", "current", "latest"])


# "Enrich cut orders on glass.cut_orders with ...": the records on a name that can only be a
# topic (a dot or a hyphen in it), right before the table joined; never the join's key
RECORDS_ON_TOPIC = re.compile(
    r"\b(?:on|in)\s+(?:the\s+)?[A-Za-z0-9]\w*[.-][\w.-]*\w\s+(?=with\b|against\b|to\b)", ICASE
)


# A name only a topic has (a dot or a hyphen in it)
RECORDS_TOPIC_NAME = re.compile(r"(?<![\w.-])[A-Za-z]\w*(?:[.-]\w+)+(?![\w-]|\.\w)")


def _paren_key(s: str, at: int, topic: str | None) -> re.Match[str] | None:
    """The table's key in parentheses after its topic (`PAREN_KEY`); one that first says what
    the table is ("(our product table, keyed by sku)") only when those words say what its rows
    are, never which rows ("(our active product table, ...)" is left unread, so refused); "(latest
    waiver per climber_id)" only when the noun is a word of the topic's name or a row's."""
    pk = PAREN_KEY.match(s, at)
    if pk and pk["k2"] and pk["k2"].lower() != pk["k"].lower():
        return None  # "(keyed by plot_code, joined on plot_id)": which side holds which?
    if pk and pk["desc"] and not all(_plain_table_word(w) for w in pk["desc"].split()):
        return None
    if pk and pk["rows"]:
        parts = {singular(p) for p in re.split(r"[^a-z]+", (topic or "").lower()) if p}
        noun = singular(pk["rows"].lower())
        if noun not in parts and noun not in DATA_NOUNS:
            return None  # "(latest paid order per id)": a word that may select rows
    return pk


# "ref.varieties (our variety table)": a gloss in brackets after the table's topic saying what
# the table is, and nothing else (its words checked by `_plain_gloss`)
TABLE_GLOSS = re.compile(
    r"\s*\(\s*(?:our|the|a|an)\s+(?P<desc>(?:[a-z]+\s+){1,2}?)(?:reference\s+|lookup\s+)?"
    r"(?:k?table|catalog(?:ue)?|registry|directory|list)\s*\)",
    ICASE,
)


def _plain_gloss(words: list[str], name: str | None) -> bool:
    """The words of a table's gloss only say what its rows are: plain table words or a word of
    the table topic's name ("variety" of ref.varieties); never one that selects ("our active
    variety table")."""
    parts = {singular(p) for p in re.split(r"[-_.]", (name or "").lower()) if p}
    return all(
        (singular(w.lower()) in parts and w.lower() not in QUALIFYING) or _plain_table_word(w)
        for w in words
    )


def _plain_table_words(m: re.Match[str]) -> bool:
    """The words between "compacted" and "topic" ("the compacted product catalogue topic x")
    only say what the table holds: plain words, none that may select (one is read as before)."""

    said = m.group(0)[: m.start("t") - m.start()].split()[1:]
    said = [w for w in said if w.lower() not in ("kafka", "topic")]
    return len(said) < 2 or all(_plain_table_word(w) for w in said)


def _plain_table_word(w: str) -> bool:
    """A word that only says what a table holds ("product", "catalogue", "customers"), never
    one that may select its rows ("active", "EU", "cancelled")."""
    # (sources reads the joins' results, not this module)
    from .source_descriptions import description_word

    # (a field's name or a filler noun says what the rows are: "product", "catalogue")
    return (
        description_word(w)
        or w.lower() in _TABLE_NOUNS
        or (
            re.fullmatch(r"[a-z]+", w) is not None
            and (w in _PRESET_FIELD_WORDS or w in FILLER)
            and w not in QUALIFYING | STOP
            and not re.search(r"[^e]ed$", w)
        )
    )


# "with the customers table (compacted topic x ...)": the words naming a table whose topic
# follows in brackets
_BRACKETED_TABLE_NAME = re.compile(
    r"\b(?:with|against|to|from|and)\s+(?:the|our|their|its)\s+(?P<words>(?:[A-Za-z]+\s+){1,4}?)"
    r"(?:k?table|topic|records?|data|details|list|lookup|stream)?\s*\(\s*$",
    ICASE,
)


# Words saying which version of a table's row a join takes, never which rows
_TABLE_NAME_LEADS = word_set("latest current newest most recent compacted kafka reference")


# What a reference table is called ("the compacted customer master topic x")
_TABLE_NOUNS = word_set(
    "master reference lookup dimension registry directory catalog catalogue roster list table"
)


# The plain words of the presets' field names ("product" of product_id, "customer")
_PRESET_FIELD_WORDS = frozenset(
    part
    for fields in PRESETS.values()
    for f in fields
    for part in f.name.lower().split("_")
    if part.isalpha() and part not in ("id", "at", "ms", "ts")
)


# "the first customer record": a table join keeps the latest value per key, never the first.
TABLE_FIRST = re.compile(r"\bthe\s+(?:very\s+)?(?:first|oldest|earliest|original|initial)\b", ICASE)


# What may follow the verb of a join said again (see `_table_join_said_again`): its key, or
# words read already, never a name ("join on buoy_id", "(left join on rack_id)")
BARE_JOIN_AFTER = re.compile(
    # ("join them (left) on recipe_id": the how in parentheses, read already)
    rf"(?:[\s\x00]|\(\x00+\))*(?:(?:on|by|using)\s+(?:the\s+)?{FIELD}|(?<=\x00)(?=[\s\x00]*(?:[,;)(]|\.(?!\w)|$|and\b))"
    r"|\s*(?=[,;)]|\.(?!\w)|$)"
    # ("..., inner join only.": the join said again with its kind, "only" that join)
    r"|\s+only(?=\s*(?:[,;)]|\.(?!\w)|$)))",
    ICASE,
)


# A ticket line's label naming the join, right before the join's own verb: "Join: left join ..."
JOIN_LABEL = re.compile(r"(?:^|[\n;])\s*(?P<w>join|lookup|look-up)\s*:\s*(?:\x00+\s*)?$", ICASE)


DATA_NOUNS = word_set(
    """record records row rows data details detail profile profiles info information value
    values version versions state snapshot attributes fields everything all latest current
    newest entry entries metadata context extra more stuff"""
)


# "with the students table": the entity of a table join's rows.
TABLE_NOUN = re.compile(
    r"\bthe\s+(?P<e>[a-z]+)\s+(?:lookup\s+|reference\s+|dimension\s+)?(?:k?table)\b", ICASE
)


# Words of a table topic's name that say what kind of topic it is, not whose rows it holds.
# "that table", "this lookup table": the one table the request declared, pointed back at
_POINTED_TABLE = re.compile(
    r"(?:that|this|the\s+same)\s+(?:lookup\s+|compacted\s+)?(?:table|ktable)"
)

TABLE_NAME_WORDS = word_set(
    """table tables ktable compacted compact changelog cl latest snapshot snapshots state
    current lookup ref dim topic v"""
)


def _field_like_list(said: str) -> bool:
    """A list of names a field may have: one with '_' at least, no plain English word that may
    say something else ("with a 5 minute grace", "with exactly once")."""
    items = _ids(said)
    return any("_" in i for i in items) and all(
        "_" in i or (i.lower() not in STOP and i.lower() not in QUALIFYING and i.isalpha())
        for i in items
    )


# The stream a table join enriches, named between the verb and "with" in a way that can only be
# a topic: "enrich grade-submissions with ...", "join 'orders' with ...".
# "x.scans and compacted table y" ("+" is read as "and"), "x.scans join compacted y": the source
# named first, by a name only a topic has, right before the table
LEFT_NAME_FIRST = re.compile(
    r"\s*(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)\s+(?:(?:left\s+|inner\s+)?join|and|with)\s+(?:the\s+)?",
    ICASE,
)


# "Read topic readings and the compacted topic sensor-config": the source said as a topic
# first, in the table's own clause
LEFT_TOPIC_FIRST = re.compile(
    r"\s*(?:(?:read|consume|take|process|ingest|stream)\w*\s+)?(?:from\s+)?(?:the\s+)?"
    rf"(?:kafka\s+)?topic\s+(?P<t>{QUOTED}|[A-Za-z]\w*(?:[.-]\w+)*)\s+(?:and|with)\s+(?:the\s+)?",
    ICASE,
)


SOURCE_NAME = re.compile(
    # ("join each record of busker.tips with ...": the source's records, then its name)
    r"\s+(?:(?:each|every)\s+(?:record|event|message|row)\s+(?:of|on|from|in)\s+"
    r"|all\s+(?:the\s+)?(?:records|events|messages|rows)\s+(?:of|on|from|in)\s+)?"
    # ("Join costume_fittings with the compacted topic ...": a lower-case snake name too, never
    # a field's, see `_source_name`)
    rf"(?:the\s+)?(?P<t>{QUOTED}|{NAMED_TOPIC}|(?-i:[a-z][a-z0-9]*(?:_[a-z0-9]+)+))"
    r"(?:\s+(?:kafka\s+)?(?:topic|stream))?\s+",
    ICASE,
)


def _source_name(m: re.Match[str] | None) -> re.Match[str] | None:
    """A name between the verb and "with" that can only be a topic: quoted, dashed or dotted,
    or a snake name shaped like a topic's ("costume_fittings"; never "order_id", a field's)."""
    if m is None or re.search(r"[.'\"`-]", m["t"]) or topic_shaped(m["t"]):
        return m
    return None


# "...): match forager_id on the finds to id in the table": a key said with each side's records
# in a clause of its own after the table (see join_keys.SIDED_KEY), then maybe "and copy a and b"
SIDED_KEY_AFTER = re.compile(
    r"\s*[:;,]\s*(?:and\s+)?(?:then\s+)?(?=match|(?:the\s+)?[a-z]+\.[a-z]\w*\s*==?\s)", ICASE
)
SIDED_THEN_TAKE = re.compile(
    rf"\s+and\s+(?:then\s+)?(?:{TAKE_FIELDS_VERB})(?=\s+(?:the\s+)?[A-Za-z_]\w*(?![\w-]))", ICASE
)


# A step said between the join and a fields sentence: "... Drop orders where amount < 5.
# Include order_id and amount." keeps the output's fields, never the table's
STEP_BETWEEN = re.compile(
    r"\b(?:keep|drop|filter|remove|exclude|discard|skip|ignore|dedup\w*|count|sum|average|avg"
    r"|group|window|where|whose|write|send|print|output|store|compute|calculate|project|select"
    r"|rename|then|after\s+that)\b",
    ICASE,
)


# Words saying a table is joined (anywhere in the request): without one and without the fields
# to take, a compacted topic only declared is no join (`_table_join`)
_JOIN_SAID = re.compile(
    r"\b(?:join\w*|enrich\w*|look\w*\s+up|lookups?|look-?ups?|attach\w*|add\w*|append\w*"
    r"|merg\w*|combin\w*|augment\w*|decorat\w*|fetch\w*|pull\w*|bring\w*|tag\w*"
    r"|annotat\w*|stamp\w*|includ\w*|tak(?:e|es|ing)|get|gets|with\s+(?:the|their|its)"
    r"|match\w*|resolv\w*|map\w*|plus|\+)(?!\w)",
    ICASE,
)


def _merge_into_table(table: Join, said: Join) -> None:
    """The key and fields a table join said again adds to the one read first; a different
    field list is refused (which fields does the join take?)."""
    if said.fields and table.fields and said.fields != table.fields:
        raise RequestNotUnderstood(
            f"the table join takes {', '.join(table.fields)} and {', '.join(said.fields)}: "
            "say once which fields the join takes"
        )
    table.left_key = table.left_key or said.left_key
    table.right_key = table.right_key or said.right_key
    table.fields = table.fields or said.fields
    table.targets = table.targets or said.targets
    table.said_types = table.said_types or said.said_types  # ("copy par (an int)")


# "... the compacted topic rail.passengers keyed by passenger_id": the table's key right after
# its name
TABLE_KEYED_AGAIN = re.compile(rf"\s+{KEYED}\s+(?P<k>[A-Za-z_]\w*)\b", ICASE)


class TableJoinReader(JoinFieldsReader):
    """Reads a stream-table join against a compacted topic."""

    def extract_table_join(self) -> None:
        self.extract_join_how()
        m = None
        for pattern in TABLE_TOPIC:
            for cand in pattern.finditer(self.s):
                name, quoted = unquote(cand.group("t"))
                if pattern in (TABLE_TOPIC[-1], NAME_THEN_TABLE, CDC_TOPIC_TABLE):
                    # "with the latest customer data from topic customers" joins; "write the
                    # latest balance of each account from topic balances to Redis" reads a source
                    before = self.s[self._clause_start(cand.start(), JOIN_VERB) : cand.end()]
                    if not (JOIN_VERB.search(before) or re.search(r"\bwith\b", before, ICASE)):
                        continue
                if pattern is TABLE_TOPIC[0] and not _plain_table_words(cand):
                    continue  # "the compacted late customer topic x": a word that may select
                if quoted or (name and name.lower() not in STOP):
                    m = cand
                    break
            if m:
                break
        if not m:
            return
        # ("... the compacted topic depot.cranes. Join each move ...": the full stop after the
        # name ends the sentence, never the name's)
        m_end = m.end() - 1 if m.group(0).endswith(".") else m.end()
        start = self._clause_start(m.start(), JOIN_VERB)
        # ("join orders with the customers table, which is the compacted topic x": the table's
        # topic said after the noun the join calls it by)
        appos = self._table_apposition(start, m.start())
        start = start if appos is None else appos
        self._refuse_selecting_table_name(start, m.start())
        self._refuse_selecting_replicated_table(start, m.start())
        lookup = LOOKUP_FIELDS.search(self.s, start, m.start())
        if lookup and not JOIN_VERB.search(self.s, start, lookup.start()):
            start = lookup.start()  # "read topic orders and attach region from ...": the verb
        need_from = NEED_FROM.search(self.s, start, m.start())
        if need_from:  # "Every record on x should get ... from the compacted topic y"
            start = need_from.end()
        paren_key = _paren_key(self.s, m_end, m.group("t"))
        # ("... glass.products (key product_code on both sides, left join), adding ...": the
        # clause goes on after the parentheses)
        # ("the customer accounts table (compacted topic x, key meter_id, same as ...)": the
        # table named inside the parentheses, its clause going on to their end)
        end = self._clause_end_outside_parens(
            paren_key.end() if paren_key else m_end, since=min(start, m.start())
        )
        keyed = KEY_CLAUSE.match(self.s, end)
        if keyed:  # "... from compacted topic patients-table, joined on patient_id, adding ..."
            end = self.clause_end(keyed.end())
        sided = SIDED_KEY_AFTER.match(self.s, end) if not keyed else None
        said_key = sided and (
            SIDED_KEY.match(self.s, sided.end()) or SIDED_EQUATION.match(self.s, sided.end())
        )
        if said_key:
            # "... (left join): match forager_id on the finds to id in the table and copy
            # licence_number and region": the key, each side's field said with its records
            # ("..., registrations.band_id = table band_id; bring in ...": as an equation)
            end = said_key.end()
            taking = SIDED_THEN_TAKE.match(self.s, end)
            if taking:
                end = fields_list_end(self.s, taking.end())
        key_said = KEY_AT_END.search(self.s, start, end)
        gloss = _same_key_said(self.s, end, key_said["k"]) if key_said else None
        if gloss:  # "... keyed by brood_id; our records carry brood_id as well": one name
            end = gloss.end()
        end = self._past_how_said(end)
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on user_id, adding name and country"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        if not more:  # "...: join on vin and copy model, branch_code and fuel_type"
            end = list_past_comma(self.s, m_end, end)
        clause = self.s[start:end]
        self._refuse_bound_on_table(start, end)
        records_on = RECORDS_ON_TOPIC.search(clause, 0, m.start() - start)
        if records_on:  # (the source's name, never the join's key: blanked, offsets kept)
            a, b = records_on.span()
            clause = clause[:a] + " " * (b - a) + clause[b:]
        entity = None
        em = re.search(
            r"\blatest\s+(?:known\s+)?(?P<e>[a-z]+)\s+(?:record|row|value|version|state|snapshot"
            r"|data|details|profile|info\w*)s?\b",
            clause,
            ICASE,
        )
        named = bool(em and em.group("e").lower() not in STOP)
        if em and named:
            entity = em.group("e").lower()
        tm = TABLE_NOUN.search(clause)
        if entity is None and tm and tm.group("e").lower() not in STOP:
            entity = singular(tm.group("e").lower())  # "with the students table (compacted ...)"
        if entity is None and name:
            # "students-table", "users-compacted": the entity is the name's last plain word
            parts = [p for p in re.split(r"[-_.]", name.lower()) if p]
            plain = [p for p in parts if p not in TABLE_NAME_WORDS and not p.isdigit()]
            entity = singular((plain or parts)[-1])
        join = Join(start, "table", name, clause, None, None, entity=entity, data_named=named)
        clause_start = start
        spans = read_join_key_and_fields(join, clause)
        again = TABLE_KEYED_AGAIN.match(self.s, m_end)
        if again and join.right_key == again["k"] and join.left_key == again["k"]:
            # "Join them on passenger_id with the passengers table, which is the compacted topic
            # rail.passengers keyed by passenger_id, ...": the table's key said again after its
            # name, the join's key read before it (another field there stays unread)
            spans.append((again.start() - clause_start, again.end() - clause_start))
        pk = _paren_key(self.s, m_end, m.group("t"))
        if pk and join.left_key in (None, pk["k"]):  # "compacted topic customers-table (key: id)"
            join.left_key = join.right_key = pk["k"]
            spans.append((pk.start() - clause_start, pk.end() - clause_start))
            if pk["list"] and join.fields and join.fields != _ids(pk["list"]):
                raise RequestNotUnderstood(
                    f"the table join takes {', '.join(join.fields)} and {pk['list']!r}: say "
                    "once which fields the join takes"
                )
            if pk["list"]:  # "(keyed by currency, fields rate)"
                join.fields = _ids(pk["list"])
        gloss = TABLE_GLOSS.match(self.s, m_end) if pk is None else None
        if gloss and _plain_gloss(gloss["desc"].split(), name):
            # "the compacted topic ref.varieties (our variety table)": what the table is
            spans.append((gloss.start() - clause_start, gloss.end() - clause_start))
        need = NEED_FIELDS.search(self.s, max(0, self.s.rfind(". ", 0, start)), start)
        # ("the player's team_code ... from the roster topic (keyed by player_id)": the rows'
        # entity, or the key's)
        whose = {entity, (join.left_key or "").removesuffix("_id")}
        if need and not join.fields and singular((need["e"] or entity or "").lower()) in whose:
            # "Work orders from topic x need the unit's building_name and floor, taken from the
            # compacted topic units-table": the fields named before the table
            join.fields = _ids(need["list"])
            self.mask(need.start(), need.end(), domain=True)
        need_of = (
            NEED_OF_FIELDS.search(self.s, max(0, self.s.rfind(". ", 0, start)), start)
            if not join.fields
            else None
        )
        if need_of and _names_table(need_of["e"], whose, name):
            # "each order line ... to carry the manufacturer and the scale of its product.
            # Those live in the compacted topic x": the table's fields, named first
            join.fields = [re.sub(r"^the\s+", "", w, flags=ICASE) for w in _ids(need_of["list"])]
            self.mask(need_of.start(), need_of.end(), domain=True)
        pf = PAREN_FIELDS.match(self.s, m_end)
        if pf and not join.fields:  # "from compacted topic quotes (bid and ask)"
            join.fields = _ids(pf.group("list"))
            spans.append((pf.start() - clause_start, pf.end() - clause_start))
        with_list = WITH_FIELDS_AFTER.match(self.s, pk.end() if pk else m_end)
        if with_list and not join.fields and _field_like_list(with_list["list"]):
            # "Enrich each lot from the compacted topic x (key k on both sides) with grade_name
            # and reserve_price_usd": the fields after the table, said with "with"
            join.fields = _ids(with_list["list"])
            self.mask(with_list.start(), with_list.end(), domain=True)
        colon = COLON_FIELDS.match(self.s, pk.end()) if pk and not join.fields else None
        if colon:  # "x + compacted topic y (key k): a, b -> topic z": the fields after a colon
            join.fields = _ids(colon.group("list"))
            self.mask(colon.start(), colon.end(), domain=True)
        self._take_side_fields(join)
        for vm in TAKE_VERB.finditer(self.s, m_end) if not join.fields else []:
            # "... (inner join). Add floor and room_type.": the table's fields, a sentence of
            # their own after the join's (only the first such sentence, only names)
            listed = FIELDS_SENTENCE.match(self.s, vm.end())
            renamed = None if listed else typed_renames(self.s, vm.end())
            tail = renamed and SENTENCE_END.match(self.s, renamed[2])
            if (listed or tail) and not self._step_between(m_end, vm.start()):
                if listed:
                    join.fields = _ids(listed["list"])
                    self.mask(vm.start(), listed.end(), domain=True)
                elif renamed and tail:  # "... (inner join), and copy a plus b as c."
                    join.fields, join.targets, _end, join.said_types = renamed
                    self.mask(vm.start(), tail.end(), domain=True)
            break
        # "enrich topic orders with the latest customer ...", "join the shipments stream with
        # ...": the stream being enriched is the source; leave it to the source recogniser
        # ("join hr.badge_events to the compacted topic x": "to" too, never before a verb)
        with_at = re.search(
            r"\b(?:with|against|to(?!\s+(?:get|add|fetch|attach|pull|bring|pick|copy|take|grab"
            r"|include|enrich|look|join|match|keep|drop|write|send)\b))\b",
            self.s[start : m.start()],
            ICASE,
        )
        joined = ([None, *JOINED_TO.finditer(self.s, start, m.start())])[-1]
        if with_at and joined and joined.start() - start > with_at.start():
            # "from topic x with personal data removed joined against compacted topic y": the
            # join's words start at 'joined'; the words before it are not the join's (left to
            # the other recognisers, or refused)
            with_at = re.compile(r"\b(?:with|to|against)\b", ICASE).search(
                self.s[start : m.start()], joined.start() - start
            )
        if with_at:  # ("joined against for the EU only the compacted topic x")
            _refuse_opener_after_with(
                self.s, self.text, start + with_at.start(), start + with_at.end(), m_end
            )
        if with_at and with_at.group(0).lower() == "with":
            # "join topic trades with amounts in EUR with the latest rate ...": words between
            # two "with"s would be masked with the join's
            _refuse_words_before_with(
                self.s, self.text, start + with_at.start(), start + with_at.end(), m_end
            )
        if with_at:
            self._refuse_side_relative(start + with_at.end(), m.start())
        refuse_nearest(self.s, self.text, start, m_end)
        unread: tuple[int, int] | None = None
        if lookup and lookup["e"] and singular(lookup["e"].lower()) != entity:
            unread = (lookup.start("e"), lookup.end("list"))  # "look up the store's tier in ..."
        named_fields = (
            WITH_FIELDS.fullmatch(self.s, start + with_at.end(), m.start()) if with_at else None
        )
        if named_fields and not join.fields:
            # "enrich topic orders with tier and region from the compacted topic ...", "with
            # customer tier from ...": the fields, never the entity's usual ones
            items = _ids(named_fields["list"])
            said = (named_fields["e"] or "").lower()
            words = {i.lower() for i in items}
            # "with the latest customer from ...", "with customer data from": the table's row
            if not (words | {said}) & DATA_NOUNS and entity not in {singular(w) for w in words}:
                if said in ("", entity or ""):
                    join.fields = items
                else:  # "with store tier from the customers table": left unread, so refused
                    unread = (named_fields.start("e"), named_fields.end("list"))
        verb = JOIN_VERB.match(self.s, start)
        source_named = (
            _source_name(SOURCE_NAME.fullmatch(self.s, verb.end(), start + with_at.start()))
            if verb and with_at
            else None
        )
        left_named = LEFT_NAME_FIRST.fullmatch(
            self.s, start, m.start()
        ) or LEFT_TOPIC_FIRST.fullmatch(self.s, start, m.start())
        subject = (
            SUBJECT_SOURCE.fullmatch(self.s, start, start + with_at.start())
            if with_at and not self.topics
            else None
        )
        if subject and self._plain_subject(subject["d"]):
            # "Mixer batches (bakery.mixer_batches) should be matched with their recipe from
            # the compacted topic x": the records, their topic in brackets, as the subject
            reader, self.reader = self.reader, "sources"
            self.topics.append((subject.start("t"), subject.group("t")))
            self.mask(subject.start(), subject.end())
            self.reader = reader
        if left_named and not self.topics:
            # "ski.gate_scans + compacted table ski.skipasses on skipass_id": the terse form,
            # the source's name (one only a topic has) first, then the table
            reader, self.reader = self.reader, "sources"
            self.topics.append((left_named.start("t"), unquote(left_named.group("t"))[0]))
            self.mask(left_named.start("t"), left_named.end("t"))
            self.reader = reader
        if source_named:
            # "enrich grade-submissions with the students table (compacted topic ...)": a name
            # that can only be a topic is the source
            reader, self.reader = self.reader, "sources"
            self.topics.append((source_named.start("t"), unquote(source_named.group("t"))[0]))
            self.mask(source_named.start(), source_named.end())
            self.reader = reader
        if with_at and (
            source_named
            or re.search(
                # ("join orders (cargo.orders) with ...": the source's name in brackets)
                r"\btopic\b|\bfrom\b|\bstream\b|\bfeed\b|\(\s*[A-Za-z]\w*(?:[.-]\w+)+\s*\)",
                self.s[start : start + with_at.start()],
                ICASE,
            )
            or RECORDS_ON_TOPIC.search(self.s, start, start + with_at.end())
        ):
            self.mask(start, verb.end() if verb else start)
            start += with_at.start()
        # the words up to the table topic, then only the key and fields read after it: other
        # words ("but only for vip customers") are left to the other recognisers or refused
        if unread:
            self.mask(start, unread[0], domain=True)
            self.mask(unread[1], m_end, domain=True)
        else:
            self.mask(start, m_end, domain=True)
        for a, b in spans:
            self.mask(clause_start + a, clause_start + b, domain=True)
        # ("Join: left join the compacted member topic x on k": the line's label says the verb
        # again, no second join)
        label = JOIN_LABEL.search(self.s, 0, clause_start)
        if label:
            self.mask(label.start("w"), label.end(), domain=True)
        self.joins.append(join)
        # ("... with the compacted topic x. Match on student_id and copy full_name ...": the
        # table join's key and fields in a sentence of their own, "match" for "join")
        for again in list(MATCH_ON_AGAIN.finditer(self.s)):
            self._table_join_said_again(again, self.clause_end(again.end()))

    @staticmethod
    def _plain_subject(said: str) -> bool:
        """The words describing a join's subject records only say what they are ("mixer
        batches"), none that may pick some of them ("late batches")."""
        from .source_descriptions import description_word  # (sources imports the join helpers)

        *before, noun = said.lower().split()
        # (the head noun names the records, "batches" too; the words before it describe them)
        plain_noun = re.fullmatch(r"[a-z]+s", noun) is not None and not noun.endswith("ed")
        return (description_word(noun) or plain_noun) and all(
            description_word(w) and w not in QUALIFYING for w in [*before, noun] if w != noun
        )

    def _step_between(self, start: int, end: int) -> bool:
        """A step said between `start` and `end` (STEP_BETWEEN), never the words saying the
        join's how ("Only orders whose customer exists in the table. Bring in a and b.")."""
        text = self.text
        for a, b in self.join_how_spans:
            text = text[:a] + " " * (b - a) + text[b:]
        return STEP_BETWEEN.search(text, start, end) is not None

    def _refuse_side_relative(self, after: int, at: int) -> None:
        """ "join with the customers that are not blocked from the compacted topic x": a
        relative clause on the table's noun, between the join's "with" (`after`) and its topic
        (at `at`), would be masked with the join's words and dropped; only one saying which
        system fills the topic (PRODUCED_BY) or an apposition ("..., which is the compacted
        topic x") is read, any other is refused."""
        rel = _SIDE_RELATIVE.search(self.s, after, at)
        if rel is None or MASK in self.s[rel.start() : at]:
            return
        if PRODUCED_BY.fullmatch(self.s, rel.start(), at) or (
            re.search(r",\s*$", self.s[after : rel.start()])
            and APPOSITION_OPEN.fullmatch(self.s, rel.start(), at)
        ):
            return
        said = " ".join(self.text[rel.start() : at].split())
        said = re.sub(r"\s+(?:the|a|an|our)$", "", said, flags=ICASE)
        raise RequestNotUnderstood(
            f"cannot read {said!r} in the table join: a table join takes every row of its "
            'compacted topic; keep the joined records with a condition instead (e.g. "keep '
            "only status = 'active'\"), or leave the clause out"
        )

    def _refuse_selecting_replicated_table(self, start: int, at: int) -> None:
        """ "join rentals with the active bikes table replicated by Debezium to the topic x":
        the words naming a table whose change stream its connector fills, read with the join,
        so one that may select its rows ("active") is refused, never dropped."""
        named = _REPLICATED_TABLE_NAME.search(self.s, start, at)
        if not named:
            return
        for w in named["words"].split():
            if not (
                w.lower() in _SIDE_ARTICLES
                or w.lower() in DATA_NOUNS
                or (_plain_table_word(w) and w.lower() not in QUALIFYING)
            ):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(named.group(0).split())!r}: {w!r} may say which "
                    "rows of the table to join, and a table join takes them all; keep the "
                    "joined records with a condition instead, or leave the word out"
                )

    def _refuse_bound_on_table(self, start: int, end: int) -> None:
        """ "join to the customers table within 5 minutes ... (the table is the compacted
        topic customers)": a table join takes each key's latest row, whenever it came; a time
        bound in its clause is refused, never dropped."""
        bound = WITHIN.search(self.text, start, end)
        if bound:
            raise RequestNotUnderstood(
                f"{' '.join(bound.group(0).split())!r}: a join with a table takes each key's latest row, "
                "with no time bound; drop the bound, or join a topic of events within it"
            )

    def _refuse_selecting_table_name(self, start: int, at: int) -> None:
        """ "join orders with the active customers table (compacted topic x, keyed by k)": the
        words naming the table before its topic in brackets are read with the join, so one
        that may select its rows ("active", "EU") is refused, never dropped."""
        named = _BRACKETED_TABLE_NAME.search(self.s, start, at)
        if not named:
            return
        for w in named["words"].split():
            if w.lower() not in _TABLE_NAME_LEADS and not _plain_table_word(w):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(named.group(0).rstrip('( ').split())!r}: {w!r} may "
                    "say which rows of the table to join, and a table join takes them all; "
                    'keep the joined records with a condition instead (e.g. "keep only '
                    "status = 'active'\"), or leave the word out"
                )

    def _table_apposition(self, start: int, at: int) -> int | None:
        """ "Join orders with the customers table, which is the compacted topic x", "joined with
        the current price list, a compacted topic x": the table's topic (at `at`) set off by a
        comma or a dash after the noun the join's "with"/"to"/"against" calls it by, in a
        clause of its own (from `start`); where the join verb's clause starts, or None. The
        noun's words must be plain (they are masked with the join's): "with the active
        customers table, which is ..." is left to refuse."""
        opened = APPOSITION_OPEN.fullmatch(self.s, start, at)
        if not opened:
            return None
        side = APPOSED_SIDE.search(self.s, max(0, start - 80), start)
        if side is None or (side["stop"] and not opened["it"]):
            return None
        words = re.findall(r"[A-Za-z][\w'-]*", side["side"])
        if not all(
            w.lower() in _SIDE_ARTICLES
            or w.lower() in DATA_NOUNS
            or (_plain_table_word(w) and w.lower() not in QUALIFYING)
            for w in words
        ):
            return None
        if side["prep"].lower() == "from":
            # "need the student's level and home_branch from the students table, which we keep
            # as the compacted topic x": the fields needed, then the table they come from (the
            # clause starts at "from", the list before it read by NEED_FIELDS)
            since = max(0, self.s.rfind(". ", 0, side.start()))
            return side.start() if NEED_FROM.search(self.s, since, side.start("side")) else None
        verb_at = self._clause_start(side.start("side"), RIGHT_SIDE_VERB)
        return verb_at if RIGHT_SIDE_VERB.match(self.s, verb_at) else None

    def _joins_declared_table(self, verb: re.Match[str], right_phrase: str, end: int) -> bool:
        """ "Zones live in the compacted topic couriers.zones, keyed by zone_id. Join each job
        with its zone on zone_id, adding zone_name": the join verb of a table join declared in
        a sentence of its own (read already); the right side names the table's rows (a word
        of its topic's name), and the verb's clause gives the key and fields it lacks."""
        tables = [j for j in self.joins if j.kind == "table" and j.right_topic]
        # ("Join each job to its agent's tariff and take rate_per_gt": the fields after it)
        taken = TAKE_AFTER_SIDE.search(right_phrase)
        right_phrase = right_phrase[: taken.start()] if taken else right_phrase
        # ("its agent's tariff (a left join: ...)": the how's aside, read already)
        how_read = HOW_ASIDE_READ.search(right_phrase)
        said_side = right_phrase[: how_read.start()] if how_read else right_phrase
        words = re.findall(r"[a-z]+", re.sub(r"'s\b", "", said_side.lower()))
        if len(tables) != 1 or not words or not 1 <= len(words) <= 4:
            return False
        table = tables[0]
        # (the side as a word of its own: "it" is never the end of "with")
        side_at = re.compile(rf"(?<![\w']){re.escape(right_phrase.lstrip())}").search(
            self.s, verb.end()
        )
        side_at_start = side_at.start() if side_at else self.s.find(right_phrase, verb.end())
        left = LEFT_RECORDS.fullmatch(self.s, verb.end(), side_at_start)
        if not left:
            return False  # "join topic x with its zone": the left side names a topic
        if table.pos > verb.start() or JOIN_VERB.search(table.right_phrase):
            return False  # the table's own clause has a join verb: this one is another join
        self._refuse_selecting_records(left, str(table.right_topic))
        if left["t"]:  # "join each ride on 'rides.completed' to it": the records' own topic
            self.topics.append((left.start("t"), unquote(left["t"])[0]))
        own = {singular(w) for w in re.split(r"[^a-z]+", str(table.right_topic).lower()) if w}
        own.add(table.entity or "")
        # ("The meter registry is a compacted topic, water.meters ... join to the registry":
        # the nouns its own sentence calls it by)
        called = TABLE_CALLED.match(table.right_phrase)
        own |= {singular(w) for w in called["w"].lower().split()} - STOP if called else set()
        rows = [singular(w) for w in words if w not in STOP and w not in ("its", "their", "the")]
        # ("with the latest agent record": the rows' noun before a word for the row itself)
        while len(rows) > 1 and rows[-1] in DATA_NOUNS and rows[-2] not in DATA_NOUNS:
            rows.pop()
        if words == ["it"]:
            # "The catalogue is a compacted topic, x, keyed by sku. Join each sale to it on sku":
            # "it" is the table only when the table's topic is the last name said before
            if not self._table_named_last(str(table.right_topic), verb.start()):
                return False
        elif _POINTED_TABLE.fullmatch(" ".join(words)):
            pass  # "join each award to that table": the one table declared, pointed back at
        elif not rows or rows[-1] not in own | {singular(w) for w in TABLE_NAME_WORDS}:
            return False
        said = Join(verb.start(), "table", table.right_topic, said_side, None, None)
        end = self._past_how_said(end)
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on zone_id, adding zone_name and surge_multiplier"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        else:  # "join on norad_id and attach tle_line1, tle_line2 and tle_epoch"
            end = list_past_comma(self.s, verb.start(), end)
        clause = self.s[verb.start() : end]
        if left["t"]:  # (the records' topic is no key: "each ride on 'x.completed'")
            at, to = left.start() - verb.start(), left.end("t") - verb.start()
            clause = clause[:at] + " " * (to - at) + clause[to:]
        spans = read_join_key_and_fields(said, clause)
        if (
            said.left_key
            and table.left_key
            and (said.left_key, said.right_key)
            != (
                table.left_key,
                table.right_key,
            )
        ):
            raise RequestNotUnderstood(
                f"the table join is keyed by {table.left_key!r} and joined on "
                f"{said.left_key!r} in {' '.join(clause.split())!r}: say one key"
            )
        _merge_into_table(table, said)
        table.pos = verb.start()  # (the join runs where it is said, not where the table is)
        # the verb, the records and the right side, then only the key and fields after them
        self.mask(verb.start(), side_at_start + len(right_phrase.lstrip()), domain=True)
        for a, b in spans:
            self.mask(verb.start() + a, verb.start() + b, domain=True)
        return True

    def _refuse_selecting_records(self, left: re.Match[str], table_topic: str) -> None:
        """ "Join each cancelled sale on shop.sales to it": the words naming the records joined
        are read with the join, so one that may pick some of them ("cancelled", "late") is
        refused, never dropped; a word of a stream's topic name says what they are ("each
        newly published cache on geo.cache_published")."""
        from .source_descriptions import description_word  # (sources imports the join helpers)

        said = left.group(0)[: (left.start("t") if left["t"] else left.end()) - left.start()]
        named = {
            w
            for name in RECORDS_TOPIC_NAME.findall(self.text)
            if name.lower() != table_topic.lower()
            for w in singular_words(name)
        }
        for w in re.findall(r"[A-Za-z][\w-]*", said)[:-1]:
            low = w.lower()
            if low in ("each", "every", "all", "the", "our", "on", "from", "in"):
                continue
            if singular(low) in named or (description_word(w) and low not in QUALIFYING):
                continue
            raise RequestNotUnderstood(
                f"cannot read {' '.join(said.split()[:-1])!r}: {w!r} may say which records to "
                "join, and the join takes them all; keep them with a condition first (e.g. "
                "\"keep only status = 'active'\"), or leave the word out"
            )

    def _past_how_said(self, end: int) -> int:
        """Past the join's how at `end`, read already, when the join's fields follow it ("...,
        left join, pulling a and b": the how masked but for the word "join"; "..., keeping
        pickups even when there's no owner row, and add a and b"); else `end`."""
        how_said = (
            HOW_CLAUSE_MASKED.match(self.s, end) or HOW_CLAUSE_READ.match(self.s, end)
            if self.join_how
            else None
        )
        return how_said.end() if how_said and FIELDS_CLAUSE.match(self.s, how_said.end()) else end

    def _table_named_last(self, topic: str, at: int) -> bool:
        """The table's topic is the last name only a topic has said before `at`, in the
        sentence before it or in the same one ("The catalogue is a compacted topic, x, keyed by
        sku. Join each sale to it"): what "it" can point back at."""
        said = list(re.finditer(rf"(?<![\w.-]){re.escape(topic)}(?![\w-]|\.\w)", self.text[:at]))
        if not said:
            return False
        between = self.text[said[-1].end() : at]
        return (
            RECORDS_TOPIC_NAME.search(between) is None
            and len(re.findall(r"[.?!](?:\s|$)|\n", between)) <= 1
        )

    def _table_join_said_again(self, verb: re.Match[str], end: int) -> bool:
        """ "Enrich x with ... the compacted topic y. Left join on buoy_id, add a and b": a
        bare "join" after one table join read already, naming no other stream, only the key
        (and the fields): the same join said again, its key and fields merged into it."""
        tables = [j for j in self.joins if j.kind == "table" and j.right_topic]
        if len(self.joins) != 1 or len(tables) != 1 or tables[0].pos > verb.start():
            return False
        table = tables[0]
        named = re.compile(
            r"\s+(?:the\s+)?(?:(?:compacted|changelog)\s+)?(?:kafka\s+)?(?:topic\s+)?"
            rf"{re.escape(str(table.right_topic))}(?![\w.-]|\.\w)",
            ICASE,
        ).match(self.s, verb.end())
        # ("Recipes live in a compacted topic x keyed by recipe_id. Join them (left) on ...":
        # the source and the table declared before, joined now)
        declared = not JOIN_VERB.search(table.right_phrase)
        them = JOIN_THEM.match(self.s, verb.end()) if declared else None
        if declared and not them and self._table_named_last(str(table.right_topic), verb.start()):
            # "The hole catalog is the compacted topic x, keyed by hole_id; join it on hole_id":
            # "it" the table, its topic the last name said
            them = re.compile(r"\s+it\b", ICASE).match(self.s, verb.end())
        after = named.end() if named else them.end() if them else verb.end()
        bare = BARE_JOIN_AFTER.match(self.s, after)
        if not bare:
            return False  # ("join the rooms on room_id": another stream named)
        if bare.group(0).strip() == "only":
            after = bare.end()  # ("inner join only": that join, said again)
        end = self._past_how_said(end)
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on buoy_id, add station_name and operator_org"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        else:  # "join on norad_id and attach tle_line1, tle_line2 and tle_epoch"
            end = list_past_comma(self.s, verb.start(), end)
        clause = self.s[verb.start() : end]
        said = Join(verb.start(), "table", table.right_topic, "", None, None)
        spans = read_join_key_and_fields(said, clause)
        if said.left_key and table.left_key and said.left_key != table.left_key:
            raise RequestNotUnderstood(
                f"the table join is keyed by {table.left_key!r} and joined on "
                f"{said.left_key!r} in {' '.join(clause.split())!r}: say one key"
            )
        _merge_into_table(table, said)
        if declared:  # (the join runs where it is said, not where its table is described)
            table.pos = verb.start()
        self.mask(verb.start(), after, domain=True)
        for a, b in spans:
            self.mask(verb.start() + a, verb.start() + b, domain=True)
        return True

    def _key_type(self, left_key: str, stated: str | None, guessed: str) -> str:
        """The joined side's key type: as the request lists it, else the records' key's (a key
        compares equal only with one type), else the guess by its name."""
        return stated or self.type_of(left_key) or guessed

    def table_key_typed_as_records(self, join: dict[str, Any]) -> None:
        """A table join's key typed as the records' key once the filters are read ("skip the
        staff gates (gate_id not in staff_1, staff_2)" makes gate_id a string): the table's
        key, its type never stated, compares equal only with the same type."""
        if join.get("kind") != "table_join" or not join.get("right_fields"):
            return
        table = next((j for j in self.joins if j.kind == "table"), None)
        key = join["right_fields"][0]
        if table is None or key["name"] in (table.right_types or {}):
            return
        records = self.type_of(join["left_key"])
        if records and records != key["type"]:
            key["type"] = records

    def _key_typed_as_table(self, key: str, stated: str | None, table: str | None) -> None:
        """ "join the compacted topic customers-table (customer_id string, ...)": the table's
        stated key type wins over a type the records' key only has by a preset or a guess (two
        types would never match)."""
        guessed = self.type_of(key)
        if stated is None or guessed in (None, stated) or self.sample is not None:
            return
        if self.declared_types.get(key, stated) != stated or key in self.added_by_ops:
            return  # the request typed it otherwise, or a step makes it: the spec refuses it
        for f in self.fields:
            if f["name"] == key:
                f["type"] = stated
        if key not in self.declared_types:  # (else "typed ... on both sides" is listed)
            self.assumptions.append(
                f"join key {key!r} typed {stated} as {table!r} lists its key (not {guessed}, "
                "which the request does not say)"
            )

    def _table_join(self, j: Join) -> dict[str, Any]:
        near = re.split(r"[.;\n]", self.text[max(0, j.pos - 60) : j.pos + 160])
        first = next((TABLE_FIRST.search(part) for part in near if TABLE_FIRST.search(part)), None)
        if first:  # "join the first customer from compacted topic customers"
            raise RequestNotUnderstood(
                f"{first.group(0)!r}: a join with a compacted topic takes the latest value of "
                'each key, not the first one; say "the latest", or write a spec file'
            )
        entity = ENTITY_ALIASES.get(j.entity or "", j.entity) or "record"
        _prefix, preset_fields = LOOKUPS.get(entity, ("", []))
        right_key = j.right_key or f"{entity}_id"
        left_key = self.resolve(j.left_key or right_key, role="key", explicit=bool(j.left_key),
                                why="join key")  # fmt: skip
        types = {s: ty for s, _t, ty in preset_fields}
        if j.right_types:  # "the compacted topic authors-table (author_id string, ...)"
            types.update({n: t or guess_type(n) for n, t in j.right_types.items()})
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                # the name asked for ("adding department"), unless the record has it already
                target = next((t for s, t, _ in preset_fields if s == src), src)
                if raw in j.targets:  # "adding tier as customer_tier"
                    target = j.targets[raw]
                elif target != src:  # "taking name and tier": the lookup's own names
                    self.assumptions.append(
                        f"{src!r} from {j.right_topic!r} is added as {target!r}, the {entity} "
                        f'lookup\'s name for it (say "taking {src} as {src}" to keep the name)'
                    )
                elif (self.has(target) or target in self.declared) and target != right_key:
                    target = f"{entity}_{src}"
                    self.assumptions.append(
                        f"{src!r} from {j.right_topic!r} is added as {target!r}: the record "
                        f"has a field {src!r} already"
                    )
                if target != src and (self.has(src) or src in self.declared):
                    # "adding category ..., keep only category 'books'" (orders have one)
                    self.refuse_condition_on_taken(src, target, j.pos, repr(j.right_topic))
                said_type = j.said_types.get(raw)
                if said_type and src in types and said_type != types[src]:
                    raise RequestNotUnderstood(
                        f"{src!r} from {j.right_topic!r} is said to be {said_type}, and is "
                        f"{types[src]} in that table's fields; say one type"
                    )
                mapping.append((src, target, said_type or types.get(src, guess_type(src))))
        elif preset_fields:
            mapping = list(preset_fields)
            if not j.data_named and not _JOIN_SAID.search(self.text):
                # "Customers are in a compacted topic x keyed by customer_id. Keep orders over
                # 100": the table only declared, nothing said to join it or what to take
                raise RequestNotUnderstood(
                    f"the request names table {j.right_topic!r} but never says to join it, nor "
                    f"which {entity} fields to take: say, for one, 'join with "
                    f"{j.right_topic} on {right_key} taking name', or leave the words about "
                    f"{j.right_topic!r} out if they are only background"
                )
            refuse_usual_over_said(self.text, j.pos, entity, right_key, repr(j.right_topic))
            if not j.data_named:  # "the latest customer data" names the value
                self.assumptions.append(
                    f"the request names no {entity} fields to take from {j.right_topic!r}; took "
                    f"the usual {entity} fields: {', '.join(s for s, _t, _ty in mapping)}"
                )
        else:
            raise RequestNotUnderstood(
                f"join with table {j.right_topic!r}: no known fields for {entity!r} records; name "
                "them (e.g. \"... from compacted topic 'x' taking name and tier\")"
            )
        stated = (j.right_types or {}).get(right_key)
        self._key_typed_as_table(left_key, stated, j.right_topic)
        key_type = self._key_type(left_key, stated, types.get(right_key, guess_type(right_key)))
        right_fields = [{"name": right_key, "type": key_type, "required": True}]
        right_fields += [
            {"name": s, "type": k, "required": False} for s, _t, k in mapping if s != right_key
        ]
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        typed = {_snake(raw) for raw in j.said_types}  # ("take tier (string)": typed as said)
        guessed = [s for s, _t, k in mapping if k == "string" and s not in types and s not in typed]
        if guessed:  # "to pick up gate_name and max_flow_m3s": no type said for them
            self.assumptions.append(
                f"{', '.join(guessed)} from {j.right_topic!r}: no type given, typed string "
                f"(passed on as text); for another, list the table's fields with their types, as "
                f'in "the compacted topic {j.right_topic} ({guessed[-1]} float)"'
            )
        if not self.join_how:
            self.assumptions.append(
                f"join with table {j.right_topic!r} is a left join: a record whose {left_key} "
                'has no row there is kept, the taken fields null (say "inner join" to drop it)'
            )
        self.right_subject = entity
        data = {
            "kind": "table_join",
            "table_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        self._guessed_join_fields(data, right_fields, set(guessed))
        return data

    def _guessed_join_fields(
        self, data: dict[str, Any], right_fields: list[dict[str, Any]], guessed: set[str]
    ) -> None:
        """The fields a join takes typed only by a guess from their names: a filter comparing
        one with a number retypes it ("keep only rows with code_violations > 0"), in the join's
        fields and the other side's (`op_field_as_number`), as a Redis lookup's are."""
        right = {f["name"]: f for f in right_fields}
        for field in data["fields"]:
            if field["source"] in guessed and field["source"] in right:
                self.guessed_op_fields[field["target"]] = field
                self.guessed_op_right[field["target"]] = right[field["source"]]


def _names_table(word: str, whose: set[str | None], table: str | None) -> bool:
    """Whether the word saying whose fields a request names ("of its product") is the table's:
    its entity, its key's ("screen" for screen_id), or a word of its topic's name
    ("product_catalogue")."""
    noun = singular(word.lower())
    parts = {singular(p) for p in re.split(r"[\W_]+", (table or "").lower()) if p}
    return noun not in STOP and (noun in whose or noun in parts)
