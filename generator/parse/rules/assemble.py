"""Assembly: run the recognisers in order and turn what they found into a spec dict."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import PRESETS
from ...spec.topic_pattern import matches
from . import lazy_re as re
from .accounting import BEYOND_PIPELINE, BEYOND_WHY, clause_start
from .aggregates import AggregateRecogniser
from .bare_source import bare_source_refusal
from .cdc import CdcRecogniser
from .computed import ComputedRecogniser, map_fields_read
from .dead_letter import DeadLetterRecogniser
from .dedup import DedupRecogniser
from .enrich import ONCE_ENRICHED, EnrichRecogniser
from .fields import SchemaResolver
from .filters import FilterRecogniser
from .join_verbs import ONCE_JOINED
from .joins import JoinRecogniser
from .leadins import ContextRecogniser, LeadInRecogniser
from .lexicon import (
    DOMAINS,
    DROP_VERB,
    NO_SOURCE,
    PIPELINE_WORDS,
    noun_names_field,
    singular,
    word_set,
)
from .projection import ProjectionRecogniser
from .quantities import ICASE, duration_label
from .reading import clause_readings
from .scope import clause_around
from .sessions import SessionRecogniser
from .settings import PROCESSING_TIME, SettingsRecogniser
from .sinks import SinkRecogniser
from .sources import SourceRecogniser
from .state import Cond, Sink
from .step_scope import (
    prefer_stated_measure,
    read_sink_claims,
    refuse_condition_of_one_sink,
    refuse_per_aggregate_conditions,
    refuse_per_sink_steps,
)
from .top_n import TopNRecogniser
from .windows import WindowRecogniser

# What a count of the stream's own records is called: never a kind of record to filter on.
COUNTED_RECORDS = word_set(
    """event record message row entry line item hit request call visit view page_view action
    update change reading ping scan signal sample measurement"""
)

# Parts of a name that say it holds an aggregate's result ("avg_co2", "total_revenue",
# "peak_load", "order_count"): said of a window's rows, never of the records it reads.
RESULT_NAME_PARTS = word_set(
    """avg average mean sum total totals count counts cnt max maximum min minimum peak median
    highest lowest p50 p90 p95 p99 tally stddev"""
)

# Operators that order records in time (they need an event-time field).
TIMED_KINDS = frozenset({"window", "sessionize", "interval_join", "table_join", "dedup", "top_n"})

# The assumption fields.py lists when it adds the default 'timestamp' event time.
DEFAULT_TIME = "the request names no event-time field"
WHOLE_CHECKED = (
    "each record is written whole: the fields named here are checked, the others passed on as "
    "they came"
)
WHOLE_UNCHECKED = (
    "each record is written whole, as it came: the request names no field, so a record is only "
    "checked to be a JSON object"
)

# Words that order two steps: "dedupe by id, then keep only ...".
STEP_AFTER = re.compile(r"\bthen\b|\bafter\s+that\b|\bafterwards\b", re.I)

# "after deduplicating by id": the dedup is a step before the rest of its sentence.
DEDUP_AFTER = re.compile(r"\b(?:after|following)\s+(?:(?:the|a|we|you)\s+)?$", re.I)

# "for each line", "per record": every record on its own, with no window this groups nothing.
PER_RECORD = word_set(
    "line lines record records row rows event events message messages entry entries"
)


# A session's own nouns: "per visit" beside a sessions step is per session, no grouping
_SESSION_NOUNS = frozenset({"visit", "session", "stay", "trip", "outing"})


# A topic named on its own at the start of a clause, after a separator ("..., topic big-orders").
BARE_TOPIC_CLAUSE = re.compile(
    r"(?:[,;]|->|\u2192)\s*(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$"
    # "..., write to Kafka. Topic: orders-big.": a 'Topic:' label after the source was read
    r"|[.!?]\s+(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$"
    # "...; results: topic big-orders", "Alerts: topic x": a label naming what goes there
    r"|\b[A-Za-z]+\s*:\s*(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$",
    re.I,
)
# "Topic a. <the steps>. Kafka topic b.": a topic named alone in the request's closing sentence
CLOSING_TOPIC = re.compile(r"[.!?]\s+(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$", re.I)
CLOSING_END = re.compile(r"['\"`]?\s*[.!]?\s*$")
# The readers of the steps a closing topic follows (a source, a setting or a sink is no step).
STEP_READERS = frozenset(
    {"filters", "aggregates", "windows", "group_by", "dedup", "sessions", "computed",
     "projection", "top_n", "enrich", "joins"}
)  # fmt: skip
# "keep amount > 100 then topic big-orders", "... and feed (land them in) topic x": a topic after
# "then" or after a verb that never reads, with no sink named: the destination, or a source?
TOPIC_AFTER_STEP = re.compile(
    r"(?:\bthen|\band\s+(?!(?:also\s+)?(?:read|reads|reading|consume\w*|subscribe\w*|listen\w*"
    r"|ingest\w*|from|join\w*|merg\w*|combin\w*|with|the|kafka|topics?)\b)[a-z]+"
    r"(?:\s+(?:them|it|those|these|the\s+results?|results?))?(?:\s+(?:in|into|to|on|onto))?)\s+"
    r"(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?$",
    re.I,
)

# "The regulators want every trade where notional > 1000000 in topic big-trades.": a topic after
# "in"/"into"/"to" in a sentence that reads nothing ("read", "from", "consume", ... absent) and no
# sink named: where the records should go, or where more come from?
TOPIC_AFTER_IN = re.compile(
    r"(?<!landing\s)(?<!landed\s)(?<!arriving\s)(?<!arrive\s)(?<!arrives\s)(?<!lives\s)"
    r"(?<!live\s)(?<!sits\s)(?<!is\s)(?<!are\s)\b(?:in|into|onto|to)\s+(?:the\s+)?(?:kafka\s+)?"
    r"topic\s+['\"`]?$",
    re.I,
)
_READS = re.compile(
    r"\b(?:read|reads|from|consum\w*|subscrib\w*|listen\w*|ingest\w*|pull\w*|tak\w*|source\w*"
    r"|join\w*|merg\w*|combin\w*|both|also)\b",
    re.I,
)


# "..., and also those with ...", "plus the ones where ...": a keep clause widened
# A verb negated: never inside a field's name ("amount does not go" before "below 5")
_NEGATED_VERB = re.compile(
    r"\S \b(?:(?:does|do|did|will|would|should|must)\s+not|doesn?\s*t"
    r"|don\s*t|didn\s*t|won\s*t|cannot|can\s*t)\b"
)
# the verb of a drop clause: "drop A or B" drops both kinds, two drops
_DROP_CLAUSE = re.compile(rf"\b{DROP_VERB}", re.I)
# "... over 100 or with priority = 'high'": only 'or' (and a leader) between two conditions
_OR_BETWEEN = re.compile(
    r"\s*,?\s*or\s+(?:else\s+|otherwise\s+)?(?:(?:those|ones|the\s+ones)\s+)?"
    r"(?:with|where|whose|if|when|having)?\s*",
    re.I,
)
_ALSO_THOSE = re.compile(
    r"\b(?:(?:and\s+)?also|as\s+well\s+as|plus|along\s+with|together\s+with|in\s+addition\s+to"
    r"|besides|alongside)\s+(?:keep\s+)?(?:all\s+|any\s+)?"
    r"(?:those|the\s+ones|ones|any|records|orders|events|rows"
    # "keep readings with temperature above 30 as well as readings with humidity above 80": the
    # records the keep clause named, said again (was read as both conditions)
    r"|(?P<again>[a-z]+s))\s+(?:with|where|whose|that|which|having)\b"
    # "keep orders with amount > 100 and those with status = 'vip'", "... and orders with ...":
    # the same, with 'and' alone (read as a second condition: only the records of both)
    r"|\band\s+(?:all\s+)?(?:those|the\s+ones|(?P<noun>[a-z]+s))\s+(?:with|where|whose|having)\b"
    # "keep vitals where heart_rate > 30, and any where spo2 < 90": the same, no noun said
    r"|,\s*and\s+(?P<any>any)\s+(?:with|where|whose|having)\b"
    # "keep orders with total over 100; ... Also keep orders from VIP customers (vip = true)": the
    # same records kept again, whatever selects them
    # ("and also keep vip orders (vip = true)": a word before the noun)
    r"|\b(?:also|additionally)\s+keep\s+(?:all\s+|any\s+|the\s+)?"
    r"(?:(?!only\b|just\b)[a-z-]+\s+)?(?P<kept>[a-z]+s)\b"
    # "keep amount over 100 and also the is_vip = true ones": the same, the condition said
    # before "ones" (no verb between: "and also drop the test ones" is a drop of its own)
    r"|\b(?:and\s+)?also\s+(?:the\s+)?(?:(?!(?:keep|drop|remov|skip|exclud|filter|writ|send|print"
    r"|emit|store|publish|output|count|sum|averag|rout|forward|push|put|stream|land|cop|mirror"
    r"|dump|load|insert|sav|ship|deliver|alert|archiv|dedup|join|enrich|look)\w*\b)"
    r"[\w'=<>!.\"-]+\s+){1,5}?(?:ones|those)\b",
    re.I,
)


# Words naming the window's groups right before a condition ("only groups where ...")
_GROUPS_WHERE = re.compile(
    r"\b(?:groups|windows|buckets)\s+(?:where|whose|in\s+which|for\s+which)\s+(?:the\s+)?$"
    # "only emit the hours when temp_c > 30": the window's period, its rows
    r"|\b(?:emit\w*|output\w*|report\w*|return\w*|publish\w*|send\w*|keep\w*)\s+(?:only\s+)?"
    r"(?:the\s+|those\s+)?(?:minute|hour|day|week|month|window|bucket)s?\s+"
    r"(?:where|when|if|in\s+which|whose)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# "keep endpoints whose ...": the groups, named by the noun of a group-by field (checked)
_GROUP_NOUN_WHOSE = re.compile(
    r"\b(?P<noun>[a-z]+s)\s+(?:whose|where|with|that\s+have|having)\s+(?:an?\s+|the\s+|their\s+)?$",
    re.IGNORECASE,
)
# A ratio of outcomes said in plain words ("error rate", "failure ratio", "refund share"): the
# share of a group's records with that outcome (never "heart rate", "sample rate", "tax rate":
# a measure a record may carry)
_RATIO_SAID = re.compile(
    r"(?:[a-z]+\s+)?(?:error|failure|fail|success|refund|return|cancellation|conversion|bounce"
    r"|churn|drop|miss|hit|fraud|rejection|reject|defect|scrap|abandonment|timeout|retry|no-show"
    r"|click-through|clickthrough)\s+(?:rate|ratio|percentage|share|proportion|fraction|percent)",
    re.IGNORECASE,
)


# Words a pipeline's name holds and an aggregate's does not ("call it revenue_job")
_PROCESSOR_NAME_WORDS = word_set(
    """job pipeline processor proc flow monitor monitoring counter service svc app worker etl
    consumer tracker watcher watch ingest ingestion loader sync feeder bot daemon agent stream
    streamer aggregator alerter alerts dashboard"""
)


# "..., but dedup by id first", "drop ... beforehand": a step worded to run before the one said
# earlier
FIRST_SAID = re.compile(r"\b(?:first|beforehand)\b", re.I)


class RequestParser(
    SettingsRecogniser,
    DeadLetterRecogniser,
    SinkRecogniser,
    TopNRecogniser,
    ComputedRecogniser,
    ProjectionRecogniser,
    JoinRecogniser,
    EnrichRecogniser,
    CdcRecogniser,
    SourceRecogniser,
    DedupRecogniser,
    SessionRecogniser,
    WindowRecogniser,
    FilterRecogniser,
    LeadInRecogniser,
    ContextRecogniser,
    AggregateRecogniser,
    SchemaResolver,
):
    """One request's parse: the recognisers read and mask clauses in the order `steps` gives,
    then `build` resolves phrases against the input schema into a spec dict."""

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        """The recognisers, in reading order: specific phrasings before looser ones, so a loose
        one ("by X", "from X") never re-reads what a specific one took ("ordered by X")."""
        return [
            ("schema", self.extract_record_example),  # (its JSON before any other reader)
            ("computed", self.extract_conversions),  # ("(call it x)" is no pipeline name here)
            ("computed", self.extract_verb_first),  # (so is "and call it x")
            ("background", self.extract_background),
            ("context", self.extract_data_rate),
            ("settings", self.extract_settings),
            ("schema", self.extract_carried_fields),
            ("dead_letter", self.extract_dlq),
            ("cdc", self.cdc_keys),
            ("sources", self.extract_topic_pattern),
            # before the sinks: "sensors which are sending to topic x" is who writes the source
            ("sources", self.extract_producers),
            ("sinks", self.extract_sinks),
            ("sinks", lambda: read_sink_claims(self)),
            ("joins", self.extract_join_side_fields),
            ("top_n", self.extract_top_n),
            ("computed", self.extract_computed),
            ("projection", self.extract_projection),
            ("joins", self.extract_table_join),
            ("enrich", self.extract_enrich),
            ("joins", self.extract_interval_join),
            ("joins", self.extract_join_kind_words),
            ("sinks", self.extract_redis_sink),
            ("sinks", self.extract_redis_details),
            ("top_n", self.extract_ranked_called),  # (after the sinks around its words)
            ("cdc", self._extract_cdc_if_any),
            ("sources", self.extract_sources),
            ("sinks", self.extract_write_back),  # (the source topics read)
            ("joins", self.claim_right_topic),
            ("dedup", self.extract_dedup),
            ("sessions", self.extract_sessions),
            ("windows", self.extract_window),
            ("filters", self.extract_conditions),
            ("filters", self.extract_filter_leadins),
            ("filters", self.extract_filter_reasons),
            ("aggregates", self.extract_aggregates),
            ("group_by", self.extract_group_by),
            ("aggregates", self.extract_late_aliases),
            ("description", self.extract_descriptions),
        ]

    def _counted_as_named(self, window: dict[str, Any], filters: list[Cond]) -> None:
        """ "count refunds per merchant_id" on topic payments, "top 5 endpoints by errors" on
        api-calls, with no filter naming the noun: every record (the filters keep) is counted,
        while the noun may have meant one kind of them, so the reading is listed."""
        topic_words = self.topic_words()
        for agg in window.get("aggregates") or []:
            noun = str(agg["name"]).removesuffix("_count")
            total = re.fullmatch(r"(?:total|number_of)_([a-z]+)s", str(agg["name"]))
            if total:  # "total refunds per store_id": a count named after a kind of record
                noun = singular(total.group(1))
            elif noun == agg["name"] and re.fullmatch(r"[a-z]+s", noun):
                noun = singular(noun)  # "top 5 endpoints by errors": the count named 'errors'
            if agg["fn"] != "count" or agg.get("field") or noun == agg["name"]:
                continue
            if noun.endswith("ed"):
                continue  # "the most viewed pages" on page-views: what each record is
            said = noun.replace("_", " ")
            if noun in COUNTED_RECORDS or {noun, f"{noun}s", f"{noun}es"} & topic_words:
                continue
            if any(p.search(said) and preset == self.preset for p, preset, _ in DOMAINS):
                continue  # "count orders" with the sales preset: what the records are
            if any(w.startswith(noun) for w in _filter_words(filters)):
                continue  # "count refunds ... where type = refund": the filter selects them
            read = ", ".join(repr(t) for _, t in self.topics) or "the source"
            kept = " the filters keep" if filters else ""
            plural = said + ("es" if said.endswith(("s", "sh", "ch", "x")) else "s")  # crashes
            if filters and not re.search(rf"\b{re.escape(plural)}\b", self.text, ICASE):
                continue  # ("how many sensors report ..." names no kind of record: report_count)
            self.assumptions.append(
                f"{agg['name']} counts every record of {read}{kept}: no filter says which "
                f"records are {plural} (add one, such as \"where type = '{said}'\", to count "
                "only those)"
            )

    def _filter_after_sink(self, c: Cond) -> None:
        """ "write to topic a-out. Then keep amount over 100": a filter said with "then" after
        every output is named still runs before the records are written (the outputs hold only
        what it keeps); listed, since the writer may have meant a second, filtered output."""
        named = [sink.pos for sink in self.sinks if sink.pos > 0]
        if not named or c.pos <= max(named):
            return
        if not re.search(
            r"(?:[.;!?]\s+|,\s*|\n\s*)(?:and\s+)?then\b", self.text[max(named) : c.pos], re.I
        ):
            return
        said = clause_around(self.text, c.pos, c.end or c.pos)
        note = (
            f"read {said!r}, said after the output with 'then', as a filter on what is written: "
            "every step runs before the records reach the output, so the output holds only the "
            "records it keeps (for a second output with only those, name it after the filter)"
        )
        if note not in self.assumptions:
            self.assumptions.append(note)

    def _refuse_filter_after_aggregate(self, c: Cond, reads: list[Any]) -> None:
        """ "average temp per device per minute, then filter temp > 25": a record filter runs
        before the window, but said after an aggregate with "then" it may mean the results
        (avg_temp > 25, or a count's "orders with amount > 10"); refused with both readings,
        never read as one. A filter on the groups alone ("then keep only region = 'EU'") keeps
        the same results either way."""
        groups = {t.lower() for t, _q in self.group_by}
        if all(str(r).lower() in groups for r in reads):
            return
        for agg in self.aggs:
            if agg.pos >= c.pos or not STEP_AFTER.search(self.text, agg.pos, c.pos):
                continue
            said = clause_around(self.text, c.pos, c.end or c.pos)
            what = ", ".join(repr(str(r)) for r in reads)
            raise RequestNotUnderstood(
                f"cannot read {said!r}: said after the window's {agg.name}, a filter on "
                f"{what} may keep the records before they are aggregated, or the "
                f'results by {agg.name}; say which ("keep records where ..., then '
                f'aggregate ..." or "keep the results where {agg.name} ...")'
            )

    def _said_first(self, c: Cond) -> bool:
        """ "compute x = a / b; drop rows where b is 0 first", "compute x = a / b, but first
        drop ...", "compute x = a / b after dropping ...": a filter said after a step, worded
        to run before it."""
        start = max(self.text.rfind(p, 0, c.pos) for p in ",;.\n") + 1
        ends = [i for i in (self.text.find(p, c.end or c.pos) for p in ",;\n") if i >= 0]
        clause = self.text[start : min(ends, default=len(self.text))]
        before = self.text[max(0, c.pos - 60) : c.pos]
        return bool(
            FIRST_SAID.search(clause)
            # ("... after dropping trips where": the verb, the records and the lead between)
            or re.search(
                r"\b(?:after|first)\s*,?\s*(?:[a-z]+ing\s+(?:(?:the|all|any)\s+)?[a-z]+\s+"
                r"(?:where|whose|with|when|if)\s+)?$",
                before,
                re.I,
            )
        )

    def _refuse_result_name_on_records(self, c: Cond, reads: list[Any]) -> None:
        """ "average co2_ppm per room_id every 5 minutes, only where avg_co2 > 1000": said after
        the window's aggregate, a name shaped like a result (avg_co2, total_revenue, peak_x)
        that no aggregate is called and the records are not said to carry is a threshold on a
        result the request did not name so; read as a record filter it would test a field the
        records lack (exit 0, every window dropped), so the request is refused (h35/t60)."""
        if not self.aggs or self.sample is not None:
            return
        said_before = [a for a in self.aggs if a.pos < c.pos]
        if not said_before:
            return
        carried = {*self.declared, *self.carried}
        if self.preset:
            carried |= {f.name for f in PRESETS[self.preset]}
        aggregated = {(a.phrase or "").lower() for a in self.aggs}
        groups = {t.lower() for t, _q in self.group_by}
        if self._records_named_before(c):
            return  # "count orders ..., only orders where total_amount > 50": the records'
        for r in reads:
            name = str(r)
            low = name.lower()
            if name in carried or low in aggregated or low in groups:
                continue
            if not set(re.split(r"[_\W]+", low)) & RESULT_NAME_PARTS:
                continue
            said = clause_around(self.text, c.pos, c.end or c.pos)
            computed = ", ".join(a.name for a in said_before)
            raise RequestNotUnderstood(
                f"cannot read {said!r}: {name!r} reads like a result of the window, which "
                f"computes {computed}, but no aggregate is named {name!r} and the records are "
                f'not said to carry it; name the aggregate ("... as {name}" right after it) '
                "for a threshold on the results, or list the records' fields for a filter on them"
            )

    def _records_named_before(self, c: Cond) -> bool:
        """ "only orders where ...", "readings whose ...": the condition is said of the records
        (a noun of the topic's name, of what is counted, or a record word), not of the groups."""
        lead = re.search(
            r"\b(?P<noun>[a-z]+)\s+(?:where|whose|with|that|which)\b[^,;.]*$",
            self.text[max(0, c.pos - 60) : c.pos + 1],
            re.I,
        )
        if lead is None:
            return False
        noun = singular(lead["noun"].lower())
        if any(g.lower() in (noun, f"{noun}_id") for g, _q in self.group_by):
            return False  # "trams whose peak_speed ..." grouped by tram_id: the groups
        counted = {
            singular(a.name.lower().removesuffix("_count")) for a in self.aggs if a.fn == "count"
        }
        topic = {singular(w) for w in self.topic_words()}
        # ("only rows where ...", said after a window: its rows as well as the records')
        return (noun in COUNTED_RECORDS and noun != "row") or noun in counted or noun in topic

    def _sequenced_after_dedup(self, pos: int) -> bool:
        """A filter the request orders after its dedup ("dedup by id -> filter x > 5") runs after
        it: a duplicate that fails the filter would otherwise let a later copy through."""
        if self.dedup is None or self.dedup_pos < 0:
            return False
        lo, hi = sorted((self.dedup_pos, pos))
        # (a decimal point ends no sentence: "keep magnitude >= 2.5 after deduplicating ...")
        one_sentence = not re.search(r"[;\n]|\.(?!\d)", self.text[lo:hi])
        if one_sentence and DEDUP_AFTER.search(self.text, 0, self.dedup_pos):
            return True  # "keep x > 5 after deduplicating by id", "after deduping ..., keep ..."
        if pos < self.dedup_pos:  # "keep x > 5, but dedup by id first"
            clause = re.search(r"[^,;.\n]*", self.s[self.dedup_pos :])
            before = self.s[max(0, self.dedup_pos - 25) : self.dedup_pos]
            return bool(
                FIRST_SAID.search(clause.group(0) if clause else "")
                or re.search(r"\bfirst\s*,?\s*$", before, re.I)
            )
        if self.stepwise and ";" in self.text[self.dedup_pos : pos]:
            return True  # arrows or list items: each step became a clause, in order
        return STEP_AFTER.search(self.text, self.dedup_pos, pos) is not None

    def _sequenced_after_enrich(self, pos: int) -> bool:
        """A filter runs before the lookup (fewer lookups), unless the request orders it after:
        "enrich ..., then keep ...", "after enriching, keep ...", "once enriched, drop ...", or
        a lookup whose misses go to the dead-letter topic (a record the filter drops first
        would never reach it)."""
        if self.enrich is None:
            return self._sequenced_after_table_join(pos)
        at = self.enrich.pos
        if pos < at:
            return self._said_after(at, pos)  # "keep dose > 4 after enriching from Redis ..."
        if self.enrich.on_miss == "dead_letter":
            return True
        if self.stepwise and ";" in self.text[at:pos]:
            return True  # arrows or list items: each step became a clause, in order
        return bool(
            STEP_AFTER.search(self.text, at, pos) or ONCE_ENRICHED.search(self.text, at, pos)
        )

    def _between_lookup_and_map(self, pos: int) -> bool:
        """A filter said after the Redis lookup and before the computed fields and any join
        ("look up customer:{id} ...; only orders with qty < 2000; add value = qty * price")
        runs between them, in the order said (the map and the join keep their own order)."""
        if self.enrich is None or self.enrich.pos > pos or not self.computed:
            return False
        said_map = min(at for at, _n, _e in self.computed)
        return pos < said_map and not any(j.pos < pos for j in self.joins)

    def _sequenced_after_table_join(self, pos: int) -> bool:
        """A filter said after a table join runs after it when the request orders the steps
        ("join ... with the compacted topic x, then keep ...", a list of steps); else before
        it, as for a lookup (the same records pass: the filter reads a source field)."""
        # (an interval join too: "join each one with ..., then only keep ...", the same records
        # pass either way, so the order said is kept)
        tables = [j for j in self.joins if j.pos < pos]
        if not tables:
            return False
        at = tables[0].pos
        if self.stepwise and ";" in self.text[at:pos]:
            return True  # arrows or list items: each step became a clause, in order
        # ("... the compacted topic x. After the join keep only ...": the join pointed back at)
        return bool(STEP_AFTER.search(self.text, at, pos) or ONCE_JOINED.search(self.text, at, pos))

    def _said_after(self, step_pos: int, pos: int) -> bool:
        """ "keep temp_c over 90 after renaming temperature to temp_c": a step said later in the
        same sentence, right after "after"/"following", runs before the words at `pos`."""
        return (
            pos < step_pos
            and not re.search(r"[;\n]|\.(?!\d)", self.text[pos:step_pos])
            and DEDUP_AFTER.search(self.text, 0, step_pos) is not None
        )

    def _per_record(self, text: str) -> bool:
        """ "for each line", "for each reading on topic smart-meter-readings": each record, no
        grouping; a record noun, or a plain word the source topic's name holds."""
        low = text.lower()
        if low in PER_RECORD:
            return True
        if "_" in low or not re.fullmatch(r"[a-z]+", low):
            return False
        # the records noun is the name's last word ("smart-meter-readings"), never a qualifier
        # ("sensor" in "sensor-readings": "for each sensor" may be a grouping)
        record_nouns = {re.split(r"[^a-z0-9]+", t.lower())[-1] for _, t in self.topics}
        if {low, low + "s", low + "es"} & record_nouns:
            return True
        # "For every scorecard on topic golf-rounds ...": the noun right before the source
        # topic's mention names that topic's records
        return any(
            re.search(
                rf"\b(?:for\s+(?:each|every))\s+{re.escape(low)}\s+(?:on|from|in)\s+"
                rf"(?:the\s+)?(?:kafka\s+)?topic\s+['\"`]?{re.escape(t)}\b",
                self.text,
                re.I,
            )
            for _, t in self.topics
        )

    def _extract_cdc_if_any(self) -> None:
        if self.detect_cdc():
            self.extract_cdc()

    def found(self) -> frozenset[str]:
        """The operator kinds the recognisers found (before schema resolution)."""
        kinds = {
            "dedup": self.dedup is not None,
            "sessionize": self.session is not None,
            "window": bool(self.aggs or self.window),
            # "count the swipes in each session" with a session window: the window named again
            "session_window": self.window.get("type") == "session",
            "top_n": self.top_n is not None,
            "enrich": self.enrich is not None,
            "interval_join": any(j.kind == "interval" for j in self.joins),
            "table_join": any(j.kind == "table" for j in self.joins),
            "filter": bool(self.conds),
            "map": bool(self.computed),
            "select": bool(self.keep or self.drop or self.renames),
            "dead_letter": self.dlq_set,
            # (no sink named: the default prints, so "show them in the console" was honoured)
            "stdout": not self.sinks or any(sink.kind == "stdout" for sink in self.sinks),
        }
        return frozenset(k for k, present in kinds.items() if present)

    def reading(self, data: dict[str, Any], ignored: list[str]) -> list[dict[str, Any]]:
        return clause_readings(self, data, ignored)

    def _refuse_conds_on_one_topic(self, topics: list[str]) -> None:
        """ "read topics orders and payments, keep orders where amount > 100 and payments where
        status = 'ok'": with no join, every filter applies to the records of every topic read,
        so a condition said of one topic's records is refused, never applied to all."""
        if len(topics) < 2:
            return

        def stems(text: str) -> set[str]:
            return {singular(w) for w in re.findall(r"[a-z][a-z0-9]*", text.lower())}

        own = {t: stems(t) - set().union(*(stems(o) for o in topics if o != t)) for t in topics}
        for c in self.conds:
            said = re.search(
                r"\b(?P<w>[a-z][\w-]*)\s+(?:where|with|whose|if|when|having)\s+"
                r"(?:the\s+|an?\s+|their\s+|its\s+)?$",
                self.text[max(0, c.pos - 60) : c.pos],
                re.IGNORECASE,
            )
            if not said:
                continue
            one = [t for t in topics if singular(said.group("w").lower()) in own[t]]
            if len(one) == 1:
                end = c.end or c.pos + len(c.subject)
                words = " ".join(self.text[c.pos - len(said.group(0)) : end].split())
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: a condition on the records of topic {one[0]!r} "
                    f"only, while the pipeline reads topics {', '.join(map(repr, topics))} and "
                    "every filter applies to the records of all of them; write one pipeline "
                    'per topic, or say the condition of every record ("keep records where '
                    '...")'
                )

    def _conds_on_joined_stream(self, join: dict[str, Any]) -> None:
        """'join orders with payments ..., keep payments where amount > 100': a condition on
        the joined stream's records reads the field the join adds (payment_amount), after the
        join; never the source record's own field of the same name."""
        j = self.joins[0]
        if not j.right_topic:
            return
        generic = {"event", "record", "message", "stream", "data", "topic", "feed", "update"}

        def stems(text: str) -> set[str]:
            return {singular(w) for w in re.findall(r"[a-z][a-z0-9]*", text.lower())}

        left = set().union(*(stems(t) for _p, t in self.topics)) if self.topics else set()
        right = stems(j.right_topic) - left - generic
        if not right:
            return
        mapping = {f["source"]: f["target"] for f in join.get("fields", [])}
        for c in self.conds:
            start = max(
                (m.end() for m in re.finditer(r"[,;:.(]\s|\bthen\b", self.text[: c.pos])),
                default=0,
            )
            end = c.end or c.pos + len(c.subject)
            said = stems(self.text[start:end]) - stems(c.subject)
            if not said & right or said & left:
                continue
            words = " ".join(self.text[start:end].split())
            target = mapping.get(c.subject) or mapping.get(c.subject.replace(" ", "_"))
            if c.op == "group" or join.get("how", "inner") != "inner" or target is None:
                taken = ", ".join(mapping.values()) or "none listed"
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: a condition on the records of {j.right_topic!r}, "
                    "the joined stream, is read as one comparison after an inner join, on a "
                    f'field the join adds ({taken}); name that field, e.g. "keep records '
                    'where payment_amount > 100", or drop the condition'
                )
            if target != c.subject:
                self.assumptions.append(
                    f"read {words!r} as a condition on {target} (the {c.subject} of "
                    f"{j.right_topic!r} the join adds), checked after the join"
                )
                c.subject = target

    def _refuse_negated_subject(self) -> None:
        """ "keep orders where the amount does not go below 5": the words up to the comparison
        ("amount does not go") were taken as the field's name and the negation lost (kept
        amount < 5); a field name holding 'not' / 'never' is a negation said in words."""
        for c in self.conds:
            words = " ".join(re.split(r"[\s_']+", c.subject.lower()))
            if c.quoted or not _NEGATED_VERB.search(words):
                continue
            said = " ".join(self.text[c.pos : c.end or c.pos + len(c.subject)].split())
            raise RequestNotUnderstood(
                f"cannot read {said!r}: a negation inside the condition (read as part of a "
                f"field's name, {c.subject!r}); write the comparison kept, e.g. "
                '"keep orders where amount >= 5" for "the amount does not go below 5"'
            )

    def _refuse_or_between(self) -> None:
        """ "keep orders over 100 or with priority = 'high'": two conditions read apart (each by
        its own reader) with 'or' between them would be read as both; a record kept by either
        is an expression the request did not say in one piece. In a drop clause ("drop A or B")
        they are two drops, and stay, when the second was read as a drop too."""
        conds = sorted((c for c in self.conds if c.end), key=lambda c: c.pos)
        for a, b in pairwise(conds):
            if a.end <= b.pos and _OR_BETWEEN.fullmatch(self.text, a.end, b.pos):
                clause = self.text[clause_start(self.text, a.pos) : a.end]
                if b.negate and (a.negate or _DROP_CLAUSE.search(clause)):
                    # ("discard holds missing a patron_id or whose status is 'void'": two drops;
                    # a drop's second condition read as a keep is not one)
                    continue
                said = " ".join(self.text[a.pos : b.end].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: the records that match either condition ('or'), "
                    'said in two pieces; write it as one condition on fields, e.g. "keep orders '
                    "where amount > 100 or priority = 'high'\""
                )

    def _refuse_also_those(self) -> None:
        """'keep orders where amount > 100, and also those with priority = high': more
        records kept or dropped (an 'or'), never a second condition every record must pass."""
        for m in _ALSO_THOSE.finditer(self.text):
            noun = m.group("noun") or m.group("again") or m.group("kept")
            if (
                noun
                and not self._kept_before(m)
                and not re.search(
                    rf"\b(?:keep\w*|only|drop\w*|skip\w*|remov\w*|exclud\w*)\s+(?:the\s+|all\s+)?"
                    # ("keep transactions over 10000 as well as transactions with ...": any clause)
                    rf"{re.escape(noun)}\b"
                    + (
                        r""
                        if m.group("again") or m.group("kept")
                        else r"\s+(?:with|where|whose|having)\b"
                    ),
                    self.text[: m.start()],
                    re.I,
                )
            ):
                continue  # "... and orders with": only the records the clause before named
            after = sorted((c for c in self.conds if c.pos >= m.start()), key=lambda c: c.pos)
            if (m.group("noun") or m.group("any")) and after and after[0].negate:
                # "drop readings where A and readings whose B": more records dropped, read as
                # a second drop by presence._more_dropped_where (keep not A, keep not B)
                continue
            if after:
                said = " ".join(self.text[m.start() : self.clause_end(m.end())].split())
                raise RequestNotUnderstood(
                    f"cannot read {said!r}: it adds records to the clause before it (kept or "
                    "dropped too), which is 'or' with its condition, not a second condition "
                    "each record must pass; say both in one clause joined by 'or' (\"keep ... "
                    'where A or B", "drop ... where A or B")'
                )

    def _kept_before(self, m: re.Match[str]) -> bool:
        """ "keep amount > 100, and also keep vip orders (...)": a second keep after a kept
        condition, whatever words the first keep said its records in."""
        return bool(m.group("kept")) and any(c.pos < m.start() and not c.negate for c in self.conds)

    def _into_topic_unread(self, pos: int) -> bool:
        """'in topic x' ending a sentence that reads nothing (see TOPIC_AFTER_IN)."""
        if not TOPIC_AFTER_IN.search(self.text, 0, pos):
            return False
        start = max(self.text.rfind(c, 0, pos) for c in ".!?;\n") + 1
        return not _READS.search(self.text, start, pos)

    def _time_before_projection(self, kept: list[str], default: str, step: str) -> str:
        """The event time of a step before a projection that drops the default one: the one
        time field kept, or with none kept the default, read by the step and dropped after it
        (listed); with several kept, which one times the records is not guessed."""
        kept_time = self._kept_time_field(kept, default, step)
        if kept_time:
            return kept_time
        if any(f["name"] in kept and f["type"] == "timestamp" for f in self.fields):
            raise RequestNotUnderstood(
                f"the projection keeps {', '.join(kept)} but not the event-time field "
                f"{default!r}, which the {step} needs; add it to the fields to keep"
            )
        self.assumptions.append(
            f"the {step} reads the event time from {default!r}; the projection after it "
            f"drops {default!r}, as it keeps only {', '.join(kept)}"
        )
        return default

    def _kept_time_field(self, kept: list[str], default: str, step: str) -> str | None:
        """ "dedup by message_id within 2 minutes, keep just tractor_id, lat and recorded_at":
        the default event time is dropped while the one time field kept is the records' own
        time; the step that needs an event time uses it, listed (an event time the request
        named is never replaced)."""
        if self.event_time_set:
            return None
        times = [f for f in self.fields if f["name"] in kept and f["type"] == "timestamp"]
        if len(times) != 1:
            return None
        times[0]["required"] = True
        name = str(times[0]["name"])
        optional = f"field {name!r} (named in the projection; optional)"
        self.assumptions = [
            a.replace("; optional)", "; required as the event time)") if a.startswith(optional)
            else a for a in self.assumptions if not a.startswith(DEFAULT_TIME)
        ]  # fmt: skip
        if not self.declared:  # the default time, now unused
            self.fields = [f for f in self.fields if f["name"] != default]
        self.assumptions.append(
            f"event time: {name!r}, the one time field the projection keeps (it drops "
            f'{default!r}), for the {step}\'s time bound; say "event time <field>" for another'
        )
        return name

    def _closing_topic_as_sink(self) -> None:
        """ "Topic garage.sensors. Every 5 minutes ... Kafka topic garage-near-full.": with no
        sink named, a topic named alone in the closing sentence, after the source and the steps,
        is where the results go (source, steps, destination, in the request's order), never a
        second source whose results would be printed; the reading is listed."""
        if self.sinks or len(self.topics) < 2:
            return
        first = min(pos for pos, _name in self.topics)
        pos, name = max(self.topics)
        if name == self.topics[0][1] or not CLOSING_TOPIC.search(self.text, 0, pos):
            return
        if not CLOSING_END.match(self.text, self.text.find(name, pos) + len(name)):
            return
        if not any(first < start < pos and r in STEP_READERS for start, _e, r in self.spans):
            return
        sentence = max(self.text.rfind(c, 0, pos) for c in ".!?") + 1
        self.topics = [t for t in self.topics if t != (pos, name)]
        self.sinks.append(Sink(pos, "kafka", {"topic": name, "key": None}))
        self.spans = [(s, e, "sinks" if s >= sentence else r) for s, e, r in self.spans]
        read = ", ".join(dict.fromkeys(t for _p, t in self.topics))
        self.assumptions.append(
            f"read the closing 'topic {name}' as where the results go: it follows the source "
            f'and the steps with no sink named (say "read topics {read} and {name}" for a '
            "second source)"
        )

    def _refuse_second_pipeline(self, topics: list[str]) -> None:
        """'from topic a ... write to stdout and from topic b ...': a source read after a sink
        starts a second pipeline; one pipeline reads all its topics and filters them alike."""
        if len(topics) < 2 or self.joins or self.enrich or not self.sinks:
            return
        first = min(pos for pos, _name in self.topics)
        for pos, name in self.topics:
            sink = next((s for s in self.sinks if first < s.pos < pos), None)
            if sink is not None:
                words = " ".join(self.text[sink.pos : pos + len(name)].split())
                raise RequestNotUnderstood(
                    f"two pipelines in one request ({words!r}): topic {name!r} is read after "
                    f"the output of the pipeline reading {topics[0]!r}; one request builds one "
                    "pipeline, whose steps apply to every topic it reads: write one request per "
                    f'pipeline, or name all topics first ("read topics {topics[0]} and {name}, '
                    '...")'
                )

    def _refuse_group_words_on_records(self, filters: list[Cond]) -> None:
        """ "only groups where ph < 7.8", "Having: ph < 7.8": said of the window's groups, but
        on a field no aggregate reads (a record filter would run before the window instead)."""
        for c in filters:
            said = _GROUPS_WHERE.search(self.text, max(0, c.pos - 40), c.pos)
            if said and self.aggs:
                words = clause_around(self.text, said.start(), c.end or c.pos)
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: a condition on the window's groups, but "
                    f"{c.subject!r} is no aggregate of the window; say the aggregate (e.g. "
                    '"only groups where avg temp_c > 30"), or keep records first ("keep '
                    'readings where temp_c > 30, then ...")'
                )
            said = _GROUP_NOUN_WHOSE.search(self.text, max(0, c.pos - 40), c.pos)
            if (
                said
                and self.aggs
                and _RATIO_SAID.fullmatch(c.subject.strip())
                and any(noun_names_field(said["noun"], g) for g, _q in self.group_by)
            ):
                # "count requests per endpoint and keep endpoints whose error rate is above
                # 5%": a ratio of each group's records, never a field the records carry
                words = clause_around(self.text, said.start(), c.end or c.pos)
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: {c.subject.strip()!r} of each {singular(said['noun'])} "
                    "is a ratio over the window's records, which no aggregate of the window "
                    "computes (count, sum, avg, min, max, percentiles); average a 0/1 field the "
                    'records carry for it (e.g. "average is_error per endpoint every 5 minutes, '
                    'only groups where avg is_error > 0.05"), or name the field if the records '
                    "carry the rate"
                )

    def _refuse_it_named(self) -> None:
        """ "sum amount per region_id every 5 minutes. name it region_sales.": 'it' may be the
        aggregate the request left unnamed as well as the pipeline; only "name the pipeline
        x" (job, processor, flow) says which (h33/wrong17)."""
        if not self.name_by_it or self.name is None:
            return
        if set(self.name.lower().split("_")) & _PROCESSOR_NAME_WORDS:
            return  # "call it revenue_job", "name it orders_monitor": a processor's name
        unnamed = [a for a in self.aggs if a.pos not in self.aliased]
        if unnamed:
            raise RequestNotUnderstood(
                f"{self.name_by_it!r}: the name of the pipeline or of the aggregate "
                f'{unnamed[0].name!r}? Write "name the pipeline {self.name}", or put '
                f"'as {self.name}' right after the aggregate"
            )

    def _late_grace_to_join(self, join: dict[str, Any], thresholds: list[Cond]) -> None:
        """ "Events can arrive up to ten minutes late and must still join": a grace for late
        records, said where no window waits for them, is the interval join's."""
        if "grace_ms" in join or "grace_ms" not in self.window:
            return
        if self.aggs or thresholds or "size_ms" in self.window or self.window.get("type"):
            return
        join["grace_ms"] = self.window.pop("grace_ms")

    def build(self) -> dict[str, Any]:
        if self.cdc:
            if self.topic_pattern:
                raise RequestNotUnderstood(
                    f"topic pattern {self.topic_pattern!r} with CDC: a CDC source reads the "
                    "topics Debezium names for its tables; a topic pattern is for JSON sources"
                )
            self._partitions_of_an_output()  # (a CDC pipeline writes no Kafka topic)
            return self.build_cdc()
        if not self.topics and not self.topic_pattern:
            anything = (
                self.sinks or self.joins or self.enrich or self.aggs or self.conds or self.computed
            )
            beyond = BEYOND_PIPELINE.search(self.text)
            if beyond and beyond["msg"]:
                # "when a ticket turns 'ready', send the customer an email": a message to a
                # person is the ask, which no pipeline sends (said before the missing source)
                raise RequestNotUnderstood(
                    f"request not understood as a streaming pipeline: "
                    f"{' '.join(beyond.group(0).split())!r}: {BEYOND_WHY['msg']}; " + NO_SOURCE
                )
            if not anything and not PIPELINE_WORDS.search(self.text):
                raise RequestNotUnderstood(
                    "request not understood as a streaming pipeline: "
                    + NO_SOURCE
                    + "; then say what to compute (filter, enrich, window, join, dedup, sessions) "
                    "and where to store it (ClickHouse, a Kafka topic, Redis, stdout); as "
                    "written, the request is too vague: no source, no operations, no sink"
                )
            if len(self.bare_names) > 1:
                raise RequestNotUnderstood(bare_source_refusal(self.bare_names))
            raise RequestNotUnderstood(NO_SOURCE)
        self._closing_topic_as_sink()
        self.choose_schema()
        self.settle_paren_words()
        self._refuse_it_named()
        topics = list(dict.fromkeys(t for _, t in self.topics))
        # (the enrichment first: a computed field may read what it adds, the map runs after it)
        enrich = self.build_enrich()
        # (after the join when it reads a field only the join takes)
        after_join = self.map_reads_joined()
        after_window = self.map_reads_window()
        if after_window:  # (the names it adds are the window rows' fields, no record's)
            for _pos, name, _expr in self.computed:
                self.added_by_ops.pop(name, None)
        mapped = None if after_join or after_window else self.build_map(enrich)
        event_time = self.event_time_field()
        operators: list[dict[str, Any]] = []
        pre_filters: list[dict[str, Any]] = []
        post_filters: list[dict[str, Any]] = []
        join = self.build_join()
        if join and join["kind"] == "interval_join" and len(topics) > 1:
            # "Read topic rides and topic payments; join rides to payments": the joined topic is
            # read as the join's other side, never a second source as well
            topics = [t for t in topics if t.lower() != join["right_topic"].lower()] or topics
        if after_join:
            mapped = self.build_map(enrich, join)
        if join:
            self._conds_on_joined_stream(join)
        else:
            self._refuse_conds_on_one_topic(topics)
        self._refuse_also_those()
        self._refuse_or_between()
        self._refuse_bound_said_again()
        self._refuse_negated_subject()
        filters, thresholds = self.split_conditions()
        self._refuse_group_words_on_records(filters)
        refuse_per_aggregate_conditions(self, filters)
        prefer_stated_measure(self)
        self.count_ranked_records()
        after_dedup: list[dict[str, Any]] = []
        after_lookup: list[dict[str, Any]] = []
        renamed = {new: (pos, old) for pos, old, new in self.renames}
        for c in filters:
            if enrich is not None:
                self.read_entity_field(c, enrich)
            known = {str(f["name"]) for f in self.fields}
            if (
                c.subject in renamed
                and (
                    renamed[c.subject][0] < c.pos or self._said_after(renamed[c.subject][0], c.pos)
                )
                and c.subject not in known
            ):
                # "rename pax to passengers, then keep rows where passengers > 2": the select
                # runs last, so the filter reads the field by its old name
                old_name = renamed[c.subject][1]
                self.assumptions.append(
                    f"the filter on {c.subject!r} (renamed from {old_name!r}) reads "
                    f"{old_name!r}: the rename is applied at the end"
                )
                c.subject = old_name
            elif c.subject in renamed and c.subject not in known:
                # "keep temp_c over 90, rename temperature to temp_c": the filter, said first,
                # reads a name that only the rename said later gives
                old_name = renamed[c.subject][1]
                raise RequestNotUnderstood(
                    f"cannot read {clause_around(self.text, c.pos, c.end or c.pos)!r}: the "
                    f"filter reads {c.subject!r}, a name only the rename of {old_name!r} (said "
                    "after the filter) gives; say the rename first "
                    f'("rename {old_name} to {c.subject}, then keep ...") or filter on {old_name!r}'
                )
            built = self.build_filter(c)
            reads = built.pop("_reads", None) or [built.get("field")]
            self._filter_after_sink(c)
            self._refuse_filter_after_aggregate(c, reads)
            self._refuse_result_name_on_records(c, reads)
            later = any(name in self.added_by_ops for name in reads)
            if later:
                self._refuse_conditional_step(c, reads)
            if not later and self._sequenced_after_dedup(c.pos):
                after_dedup.append(built)
                continue
            if not later and self.dedup is not None and 0 <= self.dedup_pos < c.pos:
                # "remove duplicates ..., and keep only ...": the steps in the order said (a
                # copy the filter drops then hides a later one; say "keep ..., then dedup ..."
                # for the other order), unless the filter says it runs first
                self._refuse_conditional_dedup(c)
                clause = re.match(r"[^,;\n]*", self.text[c.pos :])
                first = r"\b(?:first|beforehand|before\s+(?:the\s+)?(?:dedup\w*|de-dup\w*|duplicates))\b"
                if not (clause and re.search(first, clause.group(0), re.I)):
                    after_dedup.append(built)
                    continue
            # "drop rows where a is missing, add c = b - 1000, keep only rows where b > 1000":
            # a filter said after the computed field runs after it, in the order asked
            after_map = bool(self.computed) and min(pos for pos, _n, _e in self.computed) < c.pos
            after_map = after_map and not self._said_first(c)
            after_enrich = self._sequenced_after_enrich(c.pos)
            if after_enrich and not (later or after_map) and self._between_lookup_and_map(c.pos):
                after_lookup.append(built)
                continue
            (post_filters if later or after_map or after_enrich else pre_filters).append(built)
        if join:
            self.table_key_typed_as_records(join)
        dedup = self.build_dedup()
        self.sessions_as_window()  # (aggregates per session: a session window)
        session = self.build_session()
        for phrase, counted in self.unselected:  # (every filter read: which records count)
            self._refuse_unselected_records(phrase, counted)
        if join and join["kind"] == "interval_join":
            self._late_grace_to_join(join, thresholds)
        window = self.build_window(thresholds)
        if window:
            self._counted_as_named(window, filters)
        if window and window["type"] != "session" and "grace_ms" not in self.window:
            # a default like the window size's: listed, so the reader sees late records' fate
            why = ""
            if join and join["kind"] == "interval_join":
                # a joined pair comes out as late as the join's reach behind the stream time:
                # the window waits that long, or every late pair would miss it
                reach = join["after_ms"] + join.get("grace_ms", 0)
                if reach > window["grace_ms"]:
                    window["grace_ms"] = reach
                    why = " (how late the join before it can still emit a pair)"
            grace = duration_label(window["grace_ms"])
            self.assumptions.append(
                f"no window grace given; using {grace}{why}: a window closes when the event "
                f"time passes its end + {grace}, and records later than that go to the "
                'dead-letter topic (say "with 30 seconds grace" for another)'
            )
        if window is None and self.group_by:  # "per visitor_id" with nothing to group
            self.dropped += [
                f"per {text}"
                for text, quoted in self.group_by
                # "compute line_total = price * qty for each line": each record, no grouping
                if quoted or not self._per_record(text)
                # ("sessionize per skipass_id ... how long people ski per visit": per session,
                # what the sessions step gives each record)
                if not (session and text.lower() in _SESSION_NOUNS)
            ]
        pre_filters = [f for i, f in enumerate(pre_filters) if f not in pre_filters[:i]]
        post_filters = [f for i, f in enumerate(post_filters) if f not in post_filters[:i]]
        operators += pre_filters
        operators += [op for op in (dedup,) if op] + after_dedup
        operators += [op for op in (enrich,) if op] + after_lookup
        operators += [op for op in self._join_and_map_as_said(None, join, mapped) if op]
        operators += post_filters
        operators += [op for op in (session, window, self.build_top_n(window)) if op]
        if after_window:
            mapped = self.build_map(window=window) if window else None
            if mapped is None:  # (aggregates with no window are refused before this)
                raise RequestNotUnderstood("computed fields read aggregates, but no window")
            operators.append(mapped)
        if dedup and window:
            self._refuse_group_dedup_after(dedup, window)
        for lookup in (enrich, join if join and join["kind"] == "table_join" else None):
            if lookup and window and self._lookup_lost(lookup, window, operators):
                self._look_up_window_rows(lookup, window, operators)
        # (sessionize passes each record on whole, with its session's fields added: a
        # projection after it keeps, drops or renames the input's fields and those)
        if session:
            self.name_kept_session_id(session)
        select = self.build_select(["window"] * bool(window))
        if select:
            operators.append(select)
            self._select_before_map(operators, select, mapped)
            kept = select.get("keep")
            if kept and event_time and event_time not in kept:
                # (a table join looks up the latest row by key: no event time, like a filter)
                timed_join = join if join and join["kind"] == "interval_join" else None
                if dedup or timed_join or session:
                    step = "dedup" if dedup else "join" if timed_join else "sessions step"
                    event_time = self._time_before_projection(kept, event_time, step)
                else:
                    self.assumptions.append(
                        f"no event-time field: the projection does not keep {event_time!r}"
                    )
                    event_time = None
        if not self.sinks and len(topics) > 1:
            # "from topic orders, only orders above 100 euros, topic big-orders": a bare topic in
            # a clause of its own after another source, and no sink: the destination, or a
            # second source? Never guessed (it was read as a second source, printed to stdout).
            for pos, name in self.topics[1:]:
                if (
                    BARE_TOPIC_CLAUSE.search(self.text, 0, pos)
                    or TOPIC_AFTER_STEP.search(self.text, 0, pos)
                    or self._into_topic_unread(pos)
                ):
                    raise RequestNotUnderstood(
                        f"cannot tell what 'topic {name}' is: a second source or where to "
                        f'write? say "write to topic {name}" or "read topics {topics[0]} and '
                        f'{name}"'
                    )
        self._refuse_second_pipeline(topics)
        refuse_condition_of_one_sink(self)
        refuse_per_sink_steps(self, filters + thresholds)
        if not operators and not self.sinks:
            read = repr(topics[0]) if topics else f"matching {self.topic_pattern!r}"
            raise RequestNotUnderstood(
                f"nothing to do with topic {read}: say what to compute (filter, enrich, "
                "window, join, dedup, sessions) or where to store the records (ClickHouse, a "
                "Kafka topic, Redis, stdout)"
            )
        self.built = {"window": window, "join": join, "enrich": enrich, "session": session,
                      "dedup": dedup, "filters": pre_filters + after_lookup + post_filters, "map": mapped,
                      "select": select}  # fmt: skip
        self.add_declared_fields()
        self.refuse_plural_twins()
        self._refuse_untimed_steps(operators, event_time)
        self.refuse_filtered_out(operators)
        key = self.source_key()
        name = self.pipeline = self.pipeline_name()
        sinks = self.build_sinks(window, event_time, key)
        self._note_time_only_table(operators, sinks, event_time)
        source: dict[str, Any] = {
            "topics": topics,
            "group_id": self.group_id or name.replace("_", "-"),
            "event_time": event_time,
            "key": key,
        }
        if self.topic_pattern:
            source["topic_pattern"] = self.topic_pattern
        if self.event_time_format:
            if event_time is None:
                raise RequestNotUnderstood(
                    f"the request says how the event time is written ({self.event_time_format}) "
                    "but the pipeline has no event-time field"
                )
            source["event_time_format"] = self.event_time_format
        self.source_settings(source)
        passthrough = self._passes_records_on(source, operators, select, sinks)
        if self._default_time_unused(source, operators, sinks, passthrough):
            source["event_time"] = None
            self.fields = [f for f in self.fields if f["name"] != "timestamp"]
            self.assumptions = [a for a in self.assumptions if not a.startswith(DEFAULT_TIME)]
            if not any(a.startswith("no event-time field") for a in self.assumptions):
                self.assumptions.append(
                    "no event-time field: nothing in this pipeline orders records in time, so a "
                    "record needs no 'timestamp'"
                )
            if not self.fields:
                self.assumptions = [
                    WHOLE_UNCHECKED if a == WHOLE_CHECKED else a for a in self.assumptions
                ]
        if passthrough and self.preset:
            self._loosen_preset(source, operators, sinks)
        data: dict[str, Any] = {
            "name": name,
            "description": self.text,
            "source": source,
            "schema": {
                "fields": self.fields,
                "preset": None if self.sample else self.preset,
                "passthrough": passthrough,
            },
            "operators": operators,
            "sinks": sinks,
            "dead_letter_topic": (
                self.dlq if self.dlq_set else self.default_dlq(topics, name, sinks)
            ),
            "assumptions": self.assumptions,
        }
        self.no_duplicates_delivery(sinks)
        self.refuse_exactly_once_windows(operators, sinks)
        if self.delivery:
            data["delivery"] = self.delivery
        return data

    def _refuse_untimed_steps(
        self, operators: list[dict[str, Any]], event_time: str | None
    ) -> None:
        """'Records look like {"meter_id": 7, "kwh": 1.2}. ... sum kwh per meter_id every
        hour': the records' fields are listed (an example record, a typed list) and none holds
        a time, yet a step orders records in time: refused quoting that step's words, never a
        spec that fails validation."""
        if event_time is not None or self.sample:
            return
        # "using processing time": read as no event-time field at all, which no window,
        # session, join or dedup can run on
        processing = PROCESSING_TIME.search(self.text) if self.event_time_set else None
        if not processing and (self.event_time_set or not self.declared):
            return
        roles = {"window": "windows", "sessionize": "sessions", "interval_join": "joins",
                 "dedup": "dedup"}  # fmt: skip
        kind = next((op["kind"] for op in operators if op["kind"] in roles), None)
        if kind is None:
            return
        said = [(a, b) for a, b, role in self.spans if role == roles[kind]]
        words = self.text[min(said)[0] : max(b for _a, b in said)].strip() if said else kind
        listed = (
            f"the example record {self.example_record} holds"
            if self.example_record
            else f"the fields listed ({', '.join(self.declared)}) hold"
        )
        if processing:
            raise RequestNotUnderstood(
                f"{words!r} needs each record's event time, and {processing.group(0)!r} names "
                "none: windows, sessions, joins and dedup here run on a field of the record; "
                'say which field holds the time ("event time <field>", e.g. "event time '
                'created_at")'
            )
        raise RequestNotUnderstood(
            f"{words!r} needs each record's event time, and {listed} no time field: add the "
            'field that holds it (a timestamp such as "2024-05-01T10:00:00Z"), or say which '
            'field it is ("event time <field>")'
        )

    def _note_time_only_table(
        self, operators: list[dict[str, Any]], sinks: list[dict[str, Any]], event_time: str | None
    ) -> None:
        """A ClickHouse table of the records themselves takes its columns from the schema: with
        no field named (no preset, no sample) it holds the event time and nothing else, which
        the user must hear about."""
        if any(op["kind"] in ("window", "top_n") for op in operators):
            return  # the table holds the window's rows: group fields and aggregates
        if any(f["name"] != event_time for f in self.fields):
            return
        if any(sink["kind"] == "clickhouse" for sink in sinks):
            self.assumptions.append(
                f"the ClickHouse table gets only the column {event_time!r}: the request names "
                "no other field of the records; "
                'name them, e.g. "read topic orders with fields order_id (int), amount '
                '(float), timestamp (timestamp) and write them to clickhouse shop.orders", or '
                "give --sample FILE with example records"
            )

    def _refuse_group_dedup_after(self, dedup: dict[str, Any], window: dict[str, Any]) -> None:
        """ "count orders per store_id every minute, then drop duplicates by store_id within 10
        minutes": run before the window (the only place a dedup runs), it would keep one order
        per store every 10 minutes and the counts would all be 1. A dedup by group fields only,
        said after the aggregates, is refused; by a record's own id ("..., the tills resend, so
        drop repeated order_id within 10 minutes") it runs before the window, as said."""
        keys = list(dedup["key"])
        if not (self.aggs and self.dedup_pos > max(a.pos for a in self.aggs)):
            return
        if not set(keys) <= set(window.get("group_by") or []):
            return
        raise RequestNotUnderstood(
            f"cannot drop repeats of {', '.join(keys)} after the window: a dedup runs on the "
            f"records before it, and by {', '.join(keys)} it would keep one record per "
            f"{', '.join(keys)} and horizon; dedup the records by their own id (\"drop repeated "
            'order_id within 10 minutes"), or say the dedup before the window'
        )

    def _join_and_map_as_said(
        self,
        enrich: dict[str, Any] | None,
        join: dict[str, Any] | None,
        mapped: dict[str, Any] | None,
    ) -> list[dict[str, Any] | None]:
        """The lookup, the join and the computed fields, in that order; but a map said before
        the join ("Step one computes line_total as ... Step two joins against ...") that reads
        none of the join's fields runs before it, where it was said (the records are the same
        either way; the steps are listed as the request lists them)."""
        if not (join and mapped and self.joins and self.computed):
            return [enrich, join, mapped]
        said_map = min(pos for pos, _n, _e in self.computed)
        said_join = min(j.pos for j in self.joins)
        taken = {str(f.get("target") or f.get("source")) for f in join.get("fields") or []}
        keys = {join.get("left_key")}
        made = {str(f.get("name")) for f in mapped.get("fields") or []}
        if said_map < said_join and not map_fields_read(mapped) & taken and not keys & made:
            return [enrich, mapped, join]
        return [enrich, join, mapped]

    def _lookup_lost(
        self, lookup: dict[str, Any], window: dict[str, Any], operators: list[dict[str, Any]]
    ) -> bool:
        """ "count orders per user_id every 5 minutes, then enrich from Redis user:{user_id}
        with name and tier" (or "then join the latest from compacted topic x"): a lookup before
        the window whose fields no step reads would be dropped by the window (its rows hold the
        group fields and the aggregates only). A lookup whose misses go to the dead-letter topic
        stays before it (it also selects the records the window counts); an inner join keyed
        by a group field drops the same groups after the window as before it."""
        if operators.index(lookup) > operators.index(window):
            return False
        if lookup["kind"] == "enrich" and self.enrich and self.enrich.on_miss == "dead_letter":
            return False
        read = set(window.get("group_by") or []) | {a.get("field") for a in window["aggregates"]}
        for op in operators:
            if op["kind"] == "filter":
                read.add(op.get("field"))
            elif op["kind"] == "map":
                read |= map_fields_read(op)
            elif op["kind"] in ("interval_join", "table_join"):
                read.add(op.get("left_key"))
        return not {str(f["target"]) for f in lookup["fields"]} & read

    def _look_up_window_rows(
        self, lookup: dict[str, Any], window: dict[str, Any], operators: list[dict[str, Any]]
    ) -> None:
        """The lookup moves after the window (and its ranking) when the window's rows carry its
        key, and the assumptions say so; else the request is refused: the looked-up fields
        would never reach the sink."""
        groups = list(window.get("group_by") or [])
        added = ", ".join(str(f["target"]) for f in lookup["fields"])
        key = lookup.get("key_field") or lookup.get("left_key")
        kept = " and ".join([", ".join(groups), "the aggregates"] if groups else ["the aggregates"])
        if key not in groups:
            raise RequestNotUnderstood(
                f"the lookup adds {added} to each record, but the window's rows keep only "
                f"{kept}: {added} would never reach the sink; group by {key} to look them up "
                f"for each window row, or group by {added}"
            )
        operators.remove(lookup)
        ranked = [op for op in operators if op["kind"] == "top_n"]
        operators.insert(operators.index(ranked[0] if ranked else window) + 1, lookup)
        self.assumptions.append(
            f"the lookup of {added} by {key} runs on the window's rows (before the window, they "
            f"would be dropped: its rows keep only {kept})"
        )

    def _select_before_map(
        self, operators: list[dict[str, Any]], select: dict[str, Any], mapped: dict[str, Any] | None
    ) -> None:
        """ "keep a, b, c => add total = b * c": a keep list said before the computed fields
        runs before them (run last, it would drop what they add); what runs after it may read
        only the kept and computed fields, or the request is refused."""
        if mapped and self.computed and self._drop_said_first(operators, select, mapped):
            return
        if not (mapped and select.get("keep") and self.keep and self.computed):
            return
        added = {str(f["name"]) for f in mapped["fields"]}
        kept = set(select["keep"])
        if added & kept or max(pos for pos, _n in self.keep) > min(
            p for p, _n, _e in self.computed
        ):
            return
        at = operators.index(mapped)
        after = operators[at + 1 : -1]
        read = map_fields_read(mapped)
        read |= {str(op.get("field")) for op in after if op.get("kind") == "filter"}
        missing = sorted(read - kept - added)
        if missing or any(op.get("kind") != "filter" for op in after):
            raise RequestNotUnderstood(
                f"cannot read {clause_around(self.text, self.keep[0][0], self.keep[-1][0])!r} "
                f"before the computed field{'s' * (len(added) > 1)} {', '.join(sorted(added))}: "
                "kept first, the fields the later steps read "
                f"({', '.join(missing) or 'of their output'}) would be gone; keep those fields "
                "too, or say the keep list after the computed fields"
            )
        operators.remove(select)
        operators.insert(at, select)

    def _drop_said_first(
        self, operators: list[dict[str, Any]], select: dict[str, Any], mapped: dict[str, Any]
    ) -> bool:
        """ "drop the card_number field, add total = amount * 1.12": a drop list (only) said
        before the computed fields runs before them, when neither they nor a step between
        reads a dropped field (the output is the same; the steps run in the order said).
        Otherwise the drop runs last, as before."""
        if set(select) - {"kind", "drop"} or not self.drop or self.keep or self.renames:
            return False
        if max(pos for pos, _n in self.drop) > min(p for p, _n, _e in self.computed):
            return False
        at = operators.index(mapped)
        between = operators[at + 1 : operators.index(select)]
        read = map_fields_read(mapped) | {str(f["name"]) for f in mapped["fields"]}
        read |= {str(op.get("field")) for op in between if op.get("kind") == "filter"}
        if set(select["drop"]) & read or any(
            op.get("kind") != "filter" or "field" not in op for op in between
        ):
            return False
        operators.remove(select)
        operators.insert(at, select)
        return True

    def _passes_records_on(
        self,
        source: dict[str, Any],
        operators: list[dict[str, Any]],
        select: dict[str, Any] | None,
        sinks: list[dict[str, Any]],
    ) -> bool:
        """Records written on whole when the schema is only the fields the request names (or a
        preset's): the sinks get every field of a record, not just those (schema.passthrough)."""
        if self.sample or self.declared or source.get("format"):
            return False
        if select and select.get("keep"):
            return False  # the fields to write are named
        rows = {"window", "sessionize", "interval_join", "table_join", "top_n"}
        if any(op["kind"] in rows for op in operators):
            return False
        if not any(sink["kind"] in ("kafka", "stdout", "redis") for sink in sinks):
            return False
        self.assumptions.append(WHOLE_CHECKED)
        return True

    def _loosen_preset(
        self, source: dict[str, Any], operators: list[dict[str, Any]], sinks: list[dict[str, Any]]
    ) -> None:
        """Records passed on whole with a preset's schema: a preset field nothing reads is only
        the domain's typical field, never a reason to dead-letter a record that lacks it (nor
        its time, when nothing orders records in time)."""
        if not self.event_time_set and self._nothing_reads_time(operators, sinks):
            source["event_time"] = None
        read = set(self.resolved.values()) | {source.get("event_time")}
        loosened = [str(f["name"]) for f in self.fields if f["required"] and f["name"] not in read]
        for f in self.fields:
            f["required"] = f["required"] and f["name"] not in loosened
        if loosened:
            self.assumptions.append(
                f"the {self.preset} preset's fields {', '.join(loosened)} are optional: nothing "
                "here reads them and each record is passed on whole, so a record without them "
                "is still written"
            )

    def _default_time_unused(
        self,
        source: dict[str, Any],
        operators: list[dict[str, Any]],
        sinks: list[dict[str, Any]],
        passthrough: bool,
    ) -> bool:
        """The default 'timestamp' event time when nothing reads it: no step that orders records
        in time, no ClickHouse table (ordered and partitioned by it), no word of the request."""
        if self.event_time_set or self.preset or self.sample or source.get("format"):
            return False
        if source.get("event_time") not in ("timestamp", None):
            return False
        if not any(f["name"] == "timestamp" for f in self.fields):
            return False
        if len(self.fields) < 2 and not passthrough:
            return False  # the only field: a schema needs one unless records pass on whole
        if not passthrough and any(op.get("drop") for op in operators):
            return False  # what a select that drops fields leaves is the schema's other fields
        return self._nothing_reads_time(operators, sinks)

    def _nothing_reads_time(
        self, operators: list[dict[str, Any]], sinks: list[dict[str, Any]]
    ) -> bool:
        """No step orders records in time, no ClickHouse table is ordered and partitioned by
        the time, and the request never says "timestamp"."""
        if any(op["kind"] in TIMED_KINDS for op in operators):
            return False
        if any(sink["kind"] == "clickhouse" for sink in sinks):
            return False
        return not re.search(r"\btimestamps?\b", self.text, re.I)

    def default_dlq(self, topics: list[str], name: str, sinks: list[dict[str, Any]]) -> str:
        """The dead-letter topic when the request names none: the first source topic's, or with
        a topic pattern (no single source topic) the pipeline's, listed as an assumption. Never
        a topic the pipeline writes its output to: bad records and results would mix there."""
        if topics:
            own = f"{topics[0]}-dlq"
            if any(sink.get("topic") == own for sink in sinks if sink["kind"] == "kafka"):
                raise RequestNotUnderstood(
                    f"the output topic {own!r} is the name the dead-letter topic takes by "
                    "default, so bad records and results would mix there; name the dead-letter "
                    'topic ("send bad records to <topic>"), or write the results to another topic'
                )
            return own
        assert self.topic_pattern is not None
        # (the first name the pattern does not match: the processor must never read its own bad
        # records back, as "orders.*" would read "orders_ingest-dlq")
        dlq = next(
            (d for d in (f"{name}-dlq", f"dlq.{name}") if not matches(self.topic_pattern, d)), None
        )
        if dlq is None:
            raise RequestNotUnderstood(
                f"topic pattern {self.topic_pattern!r} matches {name + '-dlq'!r} and "
                f"{'dlq.' + name!r}, the dead-letter topics named after the pipeline, so the "
                "processor would read its own bad records back; name a dead-letter topic the "
                'pattern does not match ("send bad records to <topic>")'
            )
        matched = "" if dlq == f"{name}-dlq" else f", and the pattern matches {name + '-dlq'!r}"
        self.assumptions.append(
            f"dead-letter topic {dlq!r} (a topic pattern has no single source topic to name it "
            f'after{matched}); name another with "send bad records to <topic>"'
        )
        return dlq

    def pipeline_name(self) -> str:
        if self.name:
            return self.name
        b = self.built
        subject = self.subject
        if b["join"]:
            name = f"{subject}_{self.right_subject}_join"
        elif b["window"]:
            name = f"{subject}_aggregates"
        elif b["session"]:
            name = f"{subject}_sessions"
        elif b["dedup"]:
            name = f"{subject}_dedup"
        elif b["enrich"]:
            name = f"{subject}_enriched"
        elif b["filters"]:
            name = f"{subject}_filtered"
        elif b["map"] or b["select"]:
            name = f"{subject}_reshaped"
        else:
            name = f"{subject}_ingest"
        return to_identifier(name)


def _filter_words(filters: list[Cond]) -> set[str]:
    """The words of the filters' fields and values, lower case ("type = 'refund'": type,
    refund), each leaf of a group's too."""
    words: set[str] = set()
    for c in filters:
        values = c.value if isinstance(c.value, list) else [c.value]
        text = " ".join([c.subject, *(str(v) for v in values)]).lower()
        words.update(w for w in re.split(r"[^a-z0-9]+", text) if w)
        words |= _filter_words(c.items)
    return words
