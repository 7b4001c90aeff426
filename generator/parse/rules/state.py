"""The parse state every recogniser reads and writes: the masked text, what was taken, and
the raw phrases found so far (resolved against the schema only at assembly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import Schema
from . import lazy_re as re
from .lexicon import CLAUSE_END, MASK, QUOTED, name_words


@dataclass
class Cond:
    """A comparison as written: subject phrase, op, value; `negate` for drop/exclude clauses."""

    pos: int
    subject: str
    quoted: bool
    op: str
    value: Any
    negate: bool = False
    weak: bool = False  # leader like "when/with": keep only if the subject is clearly a field
    end: int = 0  # where the condition's words end in the request
    # A group read as one expression filter: "A or B" kept, "A and B" dropped.
    conj: str = ""  # "and" | "or" for a group
    items: list[Cond] = field(default_factory=list)
    nocase: bool = False  # "contains 'refund' (case-insensitive)": compared in lower case


@dataclass
class Agg:
    pos: int
    fn: str
    phrase: str | None
    name: str
    quantile: float | None = None
    explicit: bool = False


@dataclass
class Enrich:
    pos: int
    entity: str | None
    key_field: str | None
    key_explicit: bool
    prefix: str | None
    value_format: str
    fields: list[str]
    ttl_ms: int | None
    max_entries: int | None
    on_miss: str | None
    data_named: bool = False  # "user profiles", "merchant data": the request names the value
    # the value named as the entity's profile ("user profiles"), not as "details" or "data"
    profile_named: bool = False
    renames: dict[str, str] = field(default_factory=dict)  # "taking tier as customer_tier"
    types: dict[str, str] = field(default_factory=dict)  # "gift_aid_eligible (it is boolean)"


@dataclass
class Join:
    pos: int
    kind: str  # interval | table
    right_topic: str | None
    right_phrase: str
    left_key: str | None
    right_key: str | None
    before_ms: int | None = None
    after_ms: int | None = None
    grace_ms: int | None = None
    fields: list[str] = field(default_factory=list)
    entity: str | None = None
    data_named: bool = False  # "the latest customer data": the request names the value
    right_types: dict[str, str | None] | None = None  # its fields as the request lists them
    targets: dict[str, str] = field(default_factory=dict)  # "copy lat as scan_lat"
    said_types: dict[str, str] = field(default_factory=dict)  # "copy melt_pct (float)"
    # whose each key is, as said ("the mower's postcode equals the alert's zip_code"): the
    # records named before the left key, then the clause they were said in
    left_key_owner: tuple[str, str] | None = None


@dataclass
class Sink:
    pos: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


class ParserState:
    """What one request's parse has read so far; the recogniser mixins fill it in."""

    def __init__(self, request: str, sample_schema: Schema | None) -> None:
        self.text = request
        self.s = request  # the masked copy extractors read
        # Which recogniser is reading now, and the spans each one consumed (for the reading).
        self.reader = ""
        self.spans: list[tuple[int, int, str]] = []
        # Words a recogniser consumed but assembly could not use: refused like unread words.
        self.dropped: list[str] = []
        # Phrases already resolved to field names ("url" -> page_url), for later references.
        self.resolved: dict[str, str] = {}
        # fields only a null test added, typed json until another use types them
        self.presence_only: set[str] = set()
        self.sample = sample_schema
        self.database_url: str | None = None  # CDC columns from a live catalog (--database-url)
        self.domain_excluded: list[tuple[int, int]] = []
        self.assumptions: list[str] = []
        # settings
        self.brokers: str | None = None
        self.declared: list[str] = []  # the record's fields, as the request lists them
        self.declared_types: dict[str, str] = {}  # the types it gives them ("fee float")
        self.example_record = ""  # the JSON example record the declared fields come from
        self.declared_topic: str | None = None  # the topic they are said of ("topic x (a, b)")
        # the fields the records carry, said in prose ("messages carry a_id and b"), and the
        # descriptions bracketed after them (fields.py)
        self.carried: list[str] = []
        self.carried_glosses: dict[str, str] = {}
        self.carried_said: list[str] = []  # the words that list them
        # the fields said right after the source topic, read as a description of its records
        # ("topic orders with fields order_id, total, shop"; source_descriptions.py)
        self.described_fields: list[str] = []
        # typed fields said of a named stream, the source or a join's other side (see settings)
        self.topic_fields: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.security_protocol: str | None = None
        self.sasl_mechanism: str | None = None
        self.ssl_cafile: str | None = None
        self.group_id: str | None = None
        self.offset: str | None = None
        self.delivery: str | None = None
        self.no_duplicates: str | None = None  # "no duplicates even if it restarts"
        self.max_poll: int | None = None
        self.event_time: str | None = None
        self.event_time_set = False
        self.event_time_format: str | None = None  # "epoch_ms" when the request says the unit
        self.name: str | None = None
        # "name it x", "call it x": the words, when they say no 'pipeline' (whose name is it?)
        self.name_by_it: str | None = None
        self.enrich_as_join: re.Match[str] | None = None
        self.join_left_phrase = ""
        # time bounds whose record noun is checked at the build (interval_joins._bound_nouns_name_records)
        self.join_bound_nouns: list[tuple[Join, str, str, str, str | None]] = []
        # the source topic assumed from the one word left of a join ("join clicks with ...")
        self.join_left_assumed: tuple[int, str] | None = None
        self.right_subject = "right"
        self.schema_label = "preset"
        self._cond_end = 0
        self.batch_rows: int | None = None
        self.flush_ms: int | None = None
        self.partitions: int | None = None
        self.partitions_said = (0, "")  # where "with 12 partitions" was said, and its words
        self.dlq: str | None = None
        self.dlq_set = False
        # components
        self.sinks: list[Sink] = []
        self.joins: list[Join] = []
        # where the request says a join's how ("left join", "only orders whose customer ...")
        self.join_how_spans: list[tuple[int, int]] = []
        self.enrich: Enrich | None = None
        self.topics: list[tuple[int, str]] = []
        # (topic, the words) of "Our exchange publishes order book updates to x": a producers'
        # sentence naming a topic (see source_producers.py's `_producers_beside_join`)
        self.producer_topics: list[tuple[str, str]] = []
        self.topic_pattern: str | None = None
        # the last-resort source a first reading found (bare_source.py), for the second one
        self.bare_source: tuple[int, str] | None = None
        self.bare_names: list[str] = []  # two or more such names: which one is asked
        # sources read from a compound before a records noun ("heart-rate alerts", sources.py)
        self.compound_sources: list[str] = []
        self.dedup: tuple[list[tuple[str, bool]], int | None] | None = None
        self.dedup_pos = -1  # where the dedup is asked for in the request
        self.stepwise = False  # written as ordered steps (arrows, a numbered list)
        self.session: dict[str, Any] | None = None
        self.window: dict[str, Any] = {}
        self.window_words = False
        self.conds: list[Cond] = []
        # thresholds on a window's result ("where it is above 100", by Cond.pos): those said of
        # one aggregate, the aggregate's name said ("total_litres > 5000") or the function's
        # word ("whose average is above 30"), for windows.py to pick the aggregate
        self.it_single: set[int] = set()
        self.it_names: dict[int, str] = {}
        self.it_fns: dict[int, str | None] = {}
        self.mixed_groups: list[Cond] = []  # "A or B and C": its grouping is an assumption
        # computed fields (map): (position, name, expression with symbols)
        self.computed: list[tuple[int, str, str]] = []
        # projection (select): keep or drop lists, renames
        self.keep: list[tuple[int, str]] = []
        # asides saying why a field the keep list leaves out must not go out (asides.py)
        self.withheld: list[tuple[int, int]] = []
        # "keep elevator events where ..." on lift-events: (words, clause, topic) that describe
        # the records or select some of them (source_descriptions.py), for the refusal saying so
        self.unsure: list[tuple[str, str, str]] = []
        self.drop: list[tuple[int, str]] = []
        self.renames: list[tuple[int, str, str]] = []
        self.aggs: list[Agg] = []
        self.aliased: set[int] = set()  # the aggregates (by pos) the request named
        # counts of a kind of record ("count purchases"): (noun phrase, words), checked against
        # the topic's records once every filter is read (_refuse_unselected_records)
        self.unselected: list[tuple[str, str]] = []
        # a plain word in parentheses after an aggregate's plain words: the aggregate, its words
        # and what was said ("sum amount (revenue)"), settled once the schema is chosen
        self.paren_unsettled: list[tuple[Agg, str, str]] = []
        self.top_n: dict[str, Any] | None = None
        # top_n.py's reading, checked once the window is built (build_top_n): the headline
        # before a colon, the field ranked within ("in each category") and the ranked groups'
        # entry, a sum assumed for the ranking word or a ranking word left undefined, and a
        # ranking naming no groups
        self.top_n_headline: re.Match[str] | None = None
        self.top_n_rank_head: re.Match[str] | None = None  # "rank stations by volume:"
        self.top_n_rank_verb: re.Match[str] | None = None  # "rank the stalls by the number of"
        self.top_n_per: tuple[str, bool] | None = None
        self.top_n_group: tuple[str, bool] | None = None
        self.top_n_summed: tuple[Agg, str] | None = None
        self.top_n_undefined: tuple[Agg, int, str] | None = None
        # ("the top 3 beers by litres poured: ...": the loose words a ranking's measure was
        # said with, defined after the colon)
        self.top_n_loose = ""
        self.top_n_groupless: re.Match[str] | None = None
        # "... with the most bids (by bid_count)": the measure's name restated after the ranking
        self.top_n_restated: str | None = None
        # "keep the 3 busiest": a bare top-N ranked by how many records a group has (the
        # window's one count, checked in build_top_n)
        self.top_n_busy: bool = False
        self.top_n_selling: bool = False  # "keep the 3 best-selling items": by units or sales
        self.top_n_speed: str | None = None  # "keep the 3 fastest": by a time, its lowest
        # "sorted by count descending": the order the top-N ranks in, said again (its words,
        # and lowest/highest when a way is said)
        self.top_n_sorted: tuple[str, list[str], str | None] | None = None
        # the window's group phrases -> the fields they resolved to (windows.py, for top_n.py)
        self.group_names: dict[tuple[str, bool], str | None] = {}
        self.group_by: list[tuple[str, bool]] = []
        # CDC
        self.cdc = False
        self.cdc_tables: list[tuple[str, bool, str | None]] = []
        self.cdc_info: dict[str, Any] = {}
        # resolution state
        self.fields: list[dict[str, Any]] = []
        self.preset: str | None = None
        # the topic-like name the preset was picked from ("orders-paris"), when no plain word was
        self.preset_from_name: str | None = None
        self.subject = ""
        self.added_by_ops: dict[str, str] = {}
        # fields an operator adds whose type was only guessed from the name ("sla_hours" looked
        # up in Redis): the field's entry in the operator, retyped when a filter compares it
        self.guessed_op_fields: dict[str, dict[str, Any]] = {}
        # (a joined field's entry in the other side's fields, retyped with it)
        self.guessed_op_right: dict[str, dict[str, Any]] = {}
        self.built: dict[str, Any] = {}
        self.pipeline = ""

    def leaf_conds(self) -> list[Cond]:
        """Every comparison read, a group's ("A or B") taken apart into its own."""
        return [i for c in self.conds for i in (c.items or [c])]

    def refuse_condition_on_taken(self, src: str, target: str, at: int, store: str) -> None:
        """ "look up the product in Redis taking price and category (or join topic products
        adding category), and keep orders where category is 'books'": a condition said after
        the lookup on a field it takes, added under another name (the record has one, or the
        lookup names it so): the record's own, or the one taken?"""
        said = next((c for c in self.leaf_conds() if c.pos > at and c.subject.lower() == src), None)
        if said is None:
            return
        words = " ".join(self.text[said.pos : said.end or said.pos + len(src)].split())
        raise RequestNotUnderstood(
            f"cannot tell which {src!r} {words!r} is on: the records' own field, or the one "
            f'taken from {store} (added as {target!r})? Write "where {target} = ..." for the '
            f'one from {store}, or "taking {src} as {src}" when the records have none'
        )

    def topic_words(self) -> set[str]:
        """Every word of the source topics' names ("kiln-temps": kiln, temps), and the literal
        words of a topic pattern ("^shop-.*\\.orders$": shop, orders; its escapes left out)."""
        words = {w for _, t in self.topics for w in name_words(t or "")}
        literal = self.pattern_literal()
        return words | {w for w in name_words(literal) if len(w) > 2}

    def pattern_literal(self) -> str:
        """The source topic pattern's literal words, its escapes and classes left out
        ("^shop-.*\\.orders$": "shop-. . orders"); empty with no pattern."""
        if not self.topic_pattern:
            return ""
        return re.sub(r"\\[A-Za-z]|\[[^\]]*\]|\{[^}]*\}|[$^]", " ", self.topic_pattern).strip()

    def mask(self, start: int, end: int, *, domain: bool = False) -> None:
        if end > start:
            self.spans.append((start, end, self.reader))
        self.s = self.s[:start] + MASK * (end - start) + self.s[end:]
        if domain:
            self.domain_excluded.append((start, end))

    def take(self, pattern: re.Pattern[str], *, domain: bool = False) -> re.Match[str] | None:
        m = pattern.search(self.s)
        if m:
            self.mask(m.start(), m.end(), domain=domain)
        return m

    def take_all(self, pattern: re.Pattern[str], *, domain: bool = False) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.s))
        for m in found:
            self.mask(m.start(), m.end(), domain=domain)
        return found

    def clause_end(self, pos: int) -> int:
        """Where the clause around `pos` ends: at , ; : . or "and <verb>", never inside quotes."""
        m = self.search_unquoted(CLAUSE_END, pos, len(self.s))
        return m.start() if m else len(self.s)

    def search_unquoted(
        self, pattern: re.Pattern[str], start: int, end: int
    ) -> re.Match[str] | None:
        # an apostrophe inside a word ("merchant's", "isn't") opens no quote
        quoted = [(q.start(), q.end()) for q in re.finditer(rf"(?<![A-Za-z])(?:{QUOTED})", self.s)]
        for m in pattern.finditer(self.s, start, end):
            if not any(a < m.start() < b for a, b in quoted):
                return m
        return None

    def source_settings(self, source: dict[str, Any]) -> None:
        if self.offset:
            source["auto_offset_reset"] = self.offset
        if self.brokers:
            source["bootstrap_servers"] = self.brokers
        if self.max_poll:
            source["max_batch_records"] = self.max_poll
        if self.security_protocol:
            source["security_protocol"] = self.security_protocol
        if self.sasl_mechanism:
            source["sasl_mechanism"] = self.sasl_mechanism
        if self.ssl_cafile:
            source["ssl_cafile"] = self.ssl_cafile

    def refuse_exactly_once_windows(
        self, operators: list[dict[str, Any]], sinks: list[dict[str, Any]]
    ) -> None:
        """ "hourly totals per site to Kafka topic x, exactly once": refused in the request's
        words with what to change, never the spec's bare check (a window's result spans input
        partitions, which one Kafka transaction cannot commit together)."""
        topics = [s.get("topic") for s in sinks if s.get("kind") == "kafka"]
        if self.delivery != "exactly_once" or not topics:
            return
        if not any(op.get("kind") == "window" for op in operators):
            return
        said = (
            f"{self.no_duplicates!r} (read as exactly-once)"
            if self.no_duplicates
            else ("exactly-once delivery")
        )
        raise RequestNotUnderstood(
            f"{said} of window results to Kafka topic {topics[0]!r} (delivery exactly_once): a "
            "window's result combines "
            "records from several input partitions, which one Kafka transaction cannot commit "
            "together; drop the exactly-once wish (the default at-least-once may repeat a window "
            "after a crash), or write the windows to ClickHouse only (its inserts are "
            "deduplicated on replay)"
        )

    def no_duplicates_delivery(self, sinks: list[dict[str, Any]]) -> None:
        """ "no duplicates even if it restarts": exactly once when a Kafka (or stdout) output
        would repeat records on a replay; ClickHouse and Redis outputs hold no duplicates
        after a restart in either mode (listed)."""
        said = self.no_duplicates
        if said is None:
            return
        kinds = {s.get("kind") for s in sinks}
        if kinds & {"kafka", "stdout"}:
            if self.delivery == "at_least_once":
                raise RequestNotUnderstood(
                    f"contradictory request: at-least-once delivery and {said!r} (a replay "
                    "after a crash repeats Kafka outputs); say 'exactly once'"
                )
            self.delivery = "exactly_once"
            self.assumptions.append(
                f"{said!r} read as exactly-once delivery (Kafka outputs in transactions)"
            )
        else:
            self.assumptions.append(
                f"{said!r}: ClickHouse inserts are deduplicated on replay and Redis writes "
                "overwrite their key, so the default at-least-once delivery holds no duplicates "
                "after a restart"
            )
