"""Normalisation: one line of plain text the recognisers can read, whatever the layout.

- typographic quotes become plain ones; NUL (the mask character) is removed;
- a bulleted or numbered list becomes one sentence of ';'-separated clauses;
- form labels ("source: orders", "sink: ClickHouse table x") become plain clauses;
- numbers in words become digits ("five hundred" -> 500), compound durations one unit
  ("1h30m" -> 90 minutes), "between A and B" two bounds, "is 'a' or 'b'" an IN list;
- an arrow chain ("orders -> where amount > 100 -> topic big-orders") becomes clauses, its bare
  first step the source topic and its bare last step the output topic;
- "a + b" between names becomes "a and b" (arithmetic is refused before this, in scope.py);
- misspellings of the parser's own keywords ("tabel", "stroe") in words no recogniser read are
  read as the keyword (`correct_outside_quotes`, called by the package on unread words), and
  each correction is listed as an assumption; a handful of unambiguous slips ("evry", "whre")
  are read in the layout step. Names (quoted, or consumed by a recogniser) are never corrected.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from . import lazy_re as re
from .lexicon import (
    CODE_DISTINCT,
    COLUMN_TYPES,
    ID_NAME_ENDS,
    NON_COUNT_AGGREGATE,
    STOP,
    SYSTEM_ACRONYMS,
    TECH_ACRONYMS,
    names_function,
    noun_names_field,
    singular,
    stem,
    word_set,
)
from .quantities import (
    DUR,
    LONG_UNIT,
    SCALE_WORD,
    SHORT_UNIT,
    UNIT_FAMILY,
    WN,
    field_units,
    number,
    own_time_units_dropped,
    same_unit,
)

_BULLET = re.compile(
    r"(?:^|\n)\s*(?:[-*•·]|\d{1,2}[.)]"
    # "Step 1: left join ...", "Stage two - drop ...": a numbered step's label on its own line
    r"|(?i:step|stage)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s*(?:[:.)]|[-\u2013\u2014](?=\s)))\s+"
)
# ("rename `oil_temp` -> `oil_temp_c`": each name may be quoted as code)
_RENAMED = r"`?[A-Za-z_]\w*`?\s*(?:-{1,2}>|[→➜➔➝➞➡⇒⟶])\s*`?[A-Za-z_]\w*\b`?"
# ("-->", "==>" too; a shell pipe with spaces either side: "sales | amount > 2 | console")
_ARROW = re.compile(r"\s*(?:-{1,2}>|={1,2}>|[→➜➔➝➞➡⇒⟶]|>>|\|>|(?<=\s)\|(?=\s))\s*")
_MISSES_ARROW = re.compile(
    r"(?i)(?:^|(?<=[,;.!?]\s)|(?<=[,;])|(?<=\n))\s*(?P<w>(?:(?:lookup|redis|cache)\s+)?misses"
    # ("passes not found in redis -> topic x", "unknown bidders -> x": the records missed, as
    # the lookup's miss route reads them, enrich.MISSING_TO_DLQ)
    r"|[A-Za-z][\w-]*\s+(?:(?:that|which)\s+(?:are|is)\s+)?(?:(?:not|never)\s+(?:found|present)\s+in"
    r"|missing\s+from|absent\s+from)\s+(?:the\s+)?(?:redis|cache)"
    # ("invoices whose practice is not in Redis -> dead-letter topic x": the lookup's key
    # field's record missing, said with "whose")
    r"|[A-Za-z][\w-]*\s+(?:whose|where\s+the)\s+[A-Za-z]\w*\s+(?:isn't|is\s+not|aren't|are\s+not)"
    r"\s+(?:found\s+)?in\s+(?:the\s+)?(?:redis|cache)"
    r"|(?:unknown|unmatched)\s+[A-Za-z]\w*)\s*"
    # ("misses -> dlq x": the dead-letter topic named after its kind)
    r"(?:-{1,2}>|[→➜➔➝➞➡⇒⟶])\s*(?:(?:kafka\s+)?topic\s+|(?:dlq|dead[\s-]*letter(?:\s+(?:topic|queue))?)"
    r"\s+(?=[A-Za-z][\w-]*[.-]))?(?=[A-Za-z])"
    # (never a store: "misses -> clickhouse x" is no dead-letter topic, left to be refused)
    r"(?!(?:clickhouse|redis|stdout|console|print|postgres\w*|mysql|s3)\b)"
)
# "avg moisture_pct -> avg_moisture", "max(temp_c) → max_temp": an aggregate's function and its
# field, an arrow, then a bare name (`_fn_arrow_names`)
_FN_ARROW = re.compile(
    r"(?i)(?<![\w.-])(?P<fn>avg|average|mean|sum|total|min|minimum|max|maximum|median"
    r"|count\s+distinct|count|p\d{1,2})"
    r"(?:\s*\(\s*(?:[A-Za-z_]\w*|\*)\s*\)|\s+(?:of\s+)?(?!(?:the|all|per|by)\b)[A-Za-z_]\w*)"
    r"(?P<arrow>\s*(?:-{1,2}>|[→➜⟶])\s*)"
    r"(?P<name>[A-Za-z_]\w*)\b(?![.-]\w)"
)
_FN_ARROW_JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# after a lone pair: the clause goes on (never the end of a chain of steps, "... -> avg_temps")
_FN_ARROW_GOES_ON = re.compile(r"\s*[,;]|\s+(?:and|per|by|every|each|grouped|over|in|for)\b")
_FN_ARROW_FNS = {"average": "avg", "mean": "avg", "total": "sum", "minimum": "min",
                 "maximum": "max", "count distinct": "count_distinct"}  # fmt: skip


def _fn_arrow_names(text: str) -> str:
    """'avg moisture_pct -> avg_moisture, min soil_temp_c -> min_temp': an aggregate, an arrow
    and a bare name, listed two or more together (or alone, when the name says the function and
    the clause goes on), is that aggregate named so ('as'), never a step of a chain: 'sum amount
    -> revenue' alone may be a chain's last step, a topic (left to the chain's reading)."""
    pairs = list(_FN_ARROW.finditer(text))
    out = text
    for i in reversed(range(len(pairs))):
        m = pairs[i]
        listed = any(
            _FN_ARROW_JOINT.fullmatch(text, a.end(), b.start())
            for a, b in ((pairs[j], pairs[j + 1]) for j in (i - 1, i) if 0 <= j < len(pairs) - 1)
        )
        fn_word = " ".join(m["fn"].lower().split())
        fn = _FN_ARROW_FNS.get(fn_word, fn_word)
        quantile = 0.5 if fn == "median" else int(fn[1:]) / 100 if fn[0] == "p" else None
        said = names_function(m["name"], "quantile" if quantile else fn, quantile)
        if listed or (said and _FN_ARROW_GOES_ON.match(text, m.end())):
            out = out[: m.start("arrow")] + " as " + out[m.end("arrow") :]
    return out


_ARROW_LABEL = re.compile(
    r"(?i)(^|[.;!?]\s+|\n\s*)(out|output|sink|dst|dest|target|destination)\s*(?:-{1,2}>|={1,2}>|[→➜➔➝➞➡⇒⟶])\s*"
)
_BARE_NAME = re.compile(r"^['\"`]?[A-Za-z][\w.-]*['\"`]?$")
# A condition said after an arrow chain's output ("-> kafka x where temp_c > -12")
_CONDITION_TAIL = r"\s+(?:where|if|when|only\s+(?:if|when|where))\s+[A-Za-z_`'\"].*"


# Words that open a request without naming its source ("note: ...", "pipeline: ...").
_NOT_A_SOURCE = word_set(
    """note notes pipeline task goal request requirement requirements please summary
        context source input sink output target destination topic filter window step
        group grouping dimension dimensions having aggregate aggregates aggregation
        steps job hi hello hey ok todo example eg left right hourly daily weekly monthly
        minutely nightly every each why background purpose aim objective fyi ask
        exactly-once at-least-once at-most-once exactly_once at_least_once at_most_once
        yesterday today tomorrow earlier later tonight title subject story epic feature
        bug ticket issue re fwd ac heads-up src dst dest in out sinks outputs sources inputs
        so well okay alright anyway also now then thanks yes sure cdc debezium replication
        confluent kafka msk redpanda reason reasons rationale motivation name
        slack jira teams chat dm colleagues everyone everybody folks people guys both"""
)  # ("slack: pls count events on topic x": where the message was posted, never a topic)
# The kind of document a request is written as ("Runbook: firing summaries. ..."): a label
# leading the request, never its source topic (headings over steps keep their own reading)
_DOCUMENT_LABEL = word_set(
    """runbook playbook memo brief draft proposal checklist rfc wiki howto readme overview
        description changelog"""
)
_LEADING_NAME = re.compile(
    r"^(?P<n>['\"`][^'\"`]+['\"`]|[A-Za-z][\w.-]*)(?:\s+(?:kafka\s+)?topic)?"
    # ("orders topic - only ...": a dash after the word topic only)
    r"(?P<sep>\s*:\s+|\s*,\s+|(?<=topic)\s+[-\u2013\u2014]\s+|\s+(?=(?P<word>where|whose|with|having|keep|only|filter|drop|count"
    r"|sum|dedup\w*|deduplicate|join|joined|enrich|sessioni[sz]e|compute|calculate|aggregate"
    # ("vineyard.tank_temps avg(must_temp_c) as ... per tank_id": an aggregate, terse)
    r"|avg|average|mean|max|maximum|min|minimum|median|p\d{2}"
    # ("bloodbank.donations hourly per centre_id count ...": how often, then the step)
    r"|hourly|daily|weekly|minutely|every)\b))" r"(?P<rest>.+)$",
    re.IGNORECASE,
)


# A clause that names its own source ("read topic x", "from topic x", "consume x").
_READS_SOURCE = re.compile(
    r"(?i)^\s*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:read|reads|consume|subscribe"
    r"|listen|tail|ingest|stream|pull|take|load|replicate|mirror|sync|capture|from)\b"
    r"|\bfrom\s+(?:the\s+)?(?:kafka\s+)?topics?\b"
    # "Baggage: topic bag-scans, ...", "OPS-12: topic payments.": the clause opens with its topic
    r"|^\s*(?:kafka\s+)?topic\s+['\"`]?[A-Za-z][\w.-]*(?:[-_.\d][\w.-]*)?['\"`]?\s*(?:[,.;]|$)"
    # ("Shipping: left-join ship.dispatched with ...": a join whose first side is a topic's name)
    r"|^\s*(?:please\s+)?(?:(?:left|inner)[\s-])?join\s+(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?"
    r"['\"`]?[A-Za-z][\w-]*[-_.][\w.-]*"
)
# A name that looks like a topic, who produces its records, then the clause after a colon.
_NAME_FROM_PRODUCER = re.compile(
    r"(?is)^(?P<n>[A-Za-z][\w.-]*[-_.\d][\w.-]*)\s+from\s+"
    r"(?P<who>(?:the|our|their)\s+[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,4})\s*:\s+(?P<rest>.+)$"
)
# The rest of a request names its own source: a word before it is no topic.
_SOURCE_FOLLOWS = re.compile(
    r"^(?:please\s+)?(?:read|consume|ingest|process|stream|pull|subscribe|listen)\b"
    # ("slack: can we get a stream off topic x ...": the label is no second source)
    r"|\b(?:from|off|of)\s+(?:the\s+)?(?:kafka\s+)?topic\b|\b(?:source|input)\s+topic\b"
    # ("Firing summaries: ... Source studio.firing_logs.": a later sentence labels the source)
    r"|(?:^|[.;]\s+)(?:source|input)s?\s*[:=]?\s+['\"`]?[A-Za-z][\w-]*[-_.][\w.-]*",
    re.IGNORECASE,
)


_COLUMN_TYPE = "|".join(sorted(COLUMN_TYPES, key=len, reverse=True))

# "with the flow record within 500 ms either side" (see `normalise`)
_OTHER_RECORD_BOUND = re.compile(
    r"(?i)\bwith\s+the\s+([a-z]+\s+(?:record|event|reading|message|row|ping|scan)s?)\s+"
    rf"(within\s+{DUR}\s+(?:either\s+(?:side|way)|on\s+either\s+side|before\s+or\s+after))"
    r"(?=\s*[,;.]|\s*$)"
)


# "the finish comes after the start by at most three minutes" (see `normalise`)
_ORDER_BY_BOUND = re.compile(
    r"(?i)\b(?P<verb>(?:comes?|arrives?|happens?|lands?|occurs?|follows?)\s+)"
    r"(?P<dir>after|before)\s+(?P<ref>(?:the|its|their)\s+[a-z][\w-]*)\s+by\s+"
    rf"(?P<limit>(?:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than)\s+{DUR})"
    r"(?=\s*(?:[,;.(]|$))"
)


def _in_a_name(word: str, text: str) -> bool:
    """`word` is part of a dotted, hyphened or snake_case name in `text` ("flow" of
    tunnel.flow_conditions)."""
    w = re.escape(word.lower())
    return bool(re.search(rf"(?i)(?:[\w-][._-]{w}|\b{w}[._-]\w)", text))


# Who or what counts, after "<noun> counting" ("the passenger counting vendor"): never records
_COUNTING_MAKERS = (
    "vendor|supplier|provider|company|firm|contractor|partner|team|system|sensor|device|camera"
    "|gate|unit|hardware|software|app|service|equipment|machine|box|platform|tool|solution"
)


def _as_source(step: str) -> str:
    """A first step that is only a name ("orders", "audit topic", "sales-events: ...") names the
    source topic."""
    if re.fullmatch(r"[A-Z][A-Z0-9]*-\d+", step):
        return step  # "AUC-88" over a list: a ticket's key, never the source topic
    if _BARE_NAME.match(step):
        return f"from topic {step}"
    noted = re.match(r"^(?P<n>[A-Za-z][\w.-]*)\s*\((?P<note>[^()]+)\)$", step)
    if noted and re.fullmatch(r"(?i)\s*(?:kafka\s+)?(?:topic|kafka)\s*", noted["note"]):
        return f"from topic {noted['n']}"  # "furnace-temps (topic) -> ..."
    if (
        noted
        and re.search(r"[-_.\d]", noted["n"])
        and re.match(r"\s*[A-Za-z_]\w*\s*(?:[=<>]|!=)", noted["note"])
    ):  # "fair.turnstile_scans (gate_result = accepted only) -> ...": a condition on it, left
        # in its brackets as prose says it (read by the filters, or refused)
        return f"from topic {noted['n']} ({noted['note']})"
    if noted and noted["n"].lower() not in _NOT_A_SOURCE and re.search(r"[-_.\d]", noted["n"]):
        # "profile-changes (brokers kafka1:9092)": a topic name with a note about it
        return f"from topic {noted['n']}, {noted['note']}"
    labelled = re.match(
        r"^(?P<label>(?:[A-Za-z][A-Za-z'-]*\s+){0,4}[A-Za-z][A-Za-z'-]*)(?:\s*:\s+|\s+[-\u2013\u2014]\s+)"
        r"(?:(?:kafka\s+)?topic\s+)?"
        r"(?P<n>['\"`]?[A-Za-z][\w.-]*[-_.\d][\w.-]*['\"`]?)$",
        step,
    )
    if labelled and labelled["label"].split()[0].lower() not in _NOT_A_SOURCE | _VERBS:
        if re.fullmatch(r"[A-Z][a-z'-]*[^s\W]", labelled["label"]) and ":" in step:
            # "Footfall: library.door_counters -> ...": one singular word over the chain, no
            # records' noun: the chain's title (its word checked as a title's, see purpose.py)
            return f"Title: {labelled['label']}. from topic {labelled['n']}"
        # "ATM fault codes: atm-faults -> ...": words saying what the records are, then the
        # topic (read as a description of its records, or refused)
        return f"{labelled['label']} from topic {labelled['n']}"
    # "daily kWh per operator: charging-sessions-closed, 1 day tumbling windows ...": a label,
    # then a name that looks like a topic opening the clause after the colon
    labelled = re.match(
        r"(?s)^(?P<label>(?:[A-Za-z][A-Za-z'-]*\s+){0,5}[A-Za-z][A-Za-z'-]*)\s*:\s+"
        r"(?P<n>['\"`]?[A-Za-z][\w.-]*[-_.\d][\w.-]*['\"`]?)\s*,\s+(?P<rest>.+)$",
        step,
    )
    # (a title may open with how often: "daily kWh per operator")
    titles = _NOT_A_SOURCE - {"hourly", "daily", "weekly", "monthly", "minutely", "nightly"}
    if labelled and labelled["label"].split()[0].lower() not in titles | _VERBS:
        return f"{labelled['label']} from topic {labelled['n']}; {labelled['rest']}"
    bare_topic = re.match(r"(?i)^(?P<n>[A-Za-z][\w.-]*)\s+(?:kafka\s+)?topic$", step)
    if bare_topic:
        return f"from topic {bare_topic['n']}"
    fed = _NAME_FROM_PRODUCER.match(step)
    if fed and fed["n"].lower() not in _NOT_A_SOURCE:
        # "bag-scans from the airport baggage system: dedupe ...": the topic, who writes it
        # (a description, read or refused by the sources), then the clause
        return f"from topic {fed['n']} (from {fed['who']}); {fed['rest']}"
    lead = _LEADING_NAME.match(step)
    if (
        lead
        and lead["sep"].strip() == ":"
        and re.match(r"(?i)[A-Za-z]+\s+(?:kafka\s+)?topic\s*:", step)
        and re.match(r"['\"`]?[A-Za-z][\w-]*[-_.][\w.-]*\w['\"`]?(?:[.;,]?\s|$)", lead["rest"])
    ):  # "Returns topic: hats.returns.": the records' word, then the topic's name after it
        return step
    if (
        lead
        and lead["word"]
        and lead["word"].lower() not in ("where", "whose", "joined")
        and not re.search(r"[-_.\d'\"`]", lead["n"])
    ):  # "page-views count ...": only a name that looks like a topic leads a clause this way
        lead = None
    if lead and re.fullmatch(
        r"(?i)[A-Za-z]+ly|[A-Za-z]+(?:-[A-Za-z]+)*-(?:hourly|daily|weekly|monthly|minutely"
        r"|nightly|yearly|quarterly)",
        lead["n"],
    ):
        lead = None  # "Basically, read ...", "half-hourly average ...": an adverb, not a name
    if lead and lead["word"] and _titles_own_source(lead["rest"]):
        lead = None  # "Check-ins with waiver:" over steps that read their own source: a title
    if lead and lead["sep"].strip() == ":" and re.fullmatch(r"[A-Z][A-Z0-9]*-\d+", lead["n"]):
        lead = None  # "PAY-311: keep amount > 100 ...": a ticket's key, never the source topic
    if lead and lead["sep"].strip() == ":" and _READS_SOURCE.search(lead["rest"]):
        lead = None  # "Urgent: read topic x ...": a label; the clause names its own source
    if lead and not re.search(r"[-_.\d'\"`]", lead["n"]) and _SOURCE_FOLLOWS.search(lead["rest"]):
        lead = None  # "Billing: read invoices from topic X": a title; the source is named after it
    if (
        lead
        and lead["sep"].strip() == ":"
        and not re.search(r"[-_.\d'\"`]", lead["n"])
        and lead["n"].lower() not in _NOT_A_SOURCE  # ("Context: ...": read as context)
        and not re.match(r"(?i)\S+\s+(?:kafka\s+)?topic\b", step)
        and _titled_topic(lead["rest"])
    ):  # "HR: badge swipes stream on topic badge-swipes.", "PS: the topic is called x": a label
        # (any case, an acronym, a plural) over a first clause that names the topic; the label
        # is said as a sentence of its own, never a second source topic
        return f"{lead['n']}. {_as_source(lead['rest'])}"
    if (
        lead
        and lead["sep"].strip() == ":"
        # (a singular word only, never said a topic: "Orders topic: only keep ..." is the source)
        and re.fullmatch(r"[A-Z][a-z]+[^s\W]", lead["n"])
        and not re.match(r"(?i)\S+\s+(?:kafka\s+)?topic\b", step)
        and re.search(
            r"(?i)\btopic\s+['\"`]?[A-Za-z]|[\w'\"`]\s+topic\b"
            # ("Weather: observations arrive on wx-obs.")
            r"|\b(?:on|to|into|from|onto)\s+(?:the\s+)?[A-Za-z]\w*[-.]\w[\w.-]*",
            lead["rest"],
        )
    ):  # "Energy: the SCADA gateway publishes ... to topic scada-breakers": a title, a topic after
        lead = None
    if lead and lead["sep"].strip() == ":" and _plain_heading(lead["n"], lead["rest"]):
        # "Runbook: firing summaries." over the steps: a heading's label and its plain words
        # (no name that looks like a topic, no step), never the source topic "Runbook"
        return f"Title: {step}"
    if lead and lead["n"].lower().strip("'\"`") not in _NOT_A_SOURCE | _DOCUMENT_LABEL:
        first_word = lead["n"].lower()
        if first_word not in _VERBS:
            return f"from topic {lead['n']}; {lead['rest']}"
    return step


# A title's last plain words and its colon, then nothing (the steps follow on their own lines)
# or a clause naming its own source: "Check-ins with waiver:", "... with photos: read x"
_TITLE_TAIL = re.compile(
    r"(?s)^(?:[A-Za-z][A-Za-z'-]*\s+){0,5}[A-Za-z][A-Za-z'-]*\s*:[\s;]*(?:$|(?P<after>.+))"
)


# A heading's words after its label: two to six plain lower-case words, a full stop at most
# ("firing summaries.", "nightly kiln report"); no name, number, operator or clause.
_HEADING_WORDS = re.compile(r"[a-z][a-z'-]*(?:[ \t]+[a-z][a-z'-]*){1,5}[ \t]*\.?")
_RESTRICTING = re.compile(r"\b(?:only|just|except|excluding|not|no|without)\b", re.IGNORECASE)


def _plain_heading(label: str, rest: str) -> bool:
    """ "Runbook: firing summaries.", a first line of its own: a capitalised plain word (no
    name's punctuation, no verb) labelling plain words, a title over the steps (its words
    checked as a title's by purpose.py); never "orders: dedupe by order_id" (a step)."""
    return (
        re.fullmatch(r"[A-Z][a-z]+", label) is not None
        # ("Title: ...", "Goal: ...": labels read on their own paths)
        and label.lower() not in _VERBS | _NOT_A_SOURCE
        and _HEADING_WORDS.fullmatch(rest.strip()) is not None
        # ("Status: paid only": a label's value, a restriction, never a heading)
        and not _RESTRICTING.search(rest)
        # (a step opens with its verb: "Orders: dedupe them by id" names the topic)
        and rest.split(maxsplit=1)[0].lower() not in _VERBS
    )


def _titles_own_source(rest: str) -> bool:
    """The words after a leading hyphenated word end a title (a colon, then nothing or a clause
    that reads its own source): the word is the title's, never the source topic."""
    tail = _TITLE_TAIL.match(rest)
    return tail is not None and (
        tail["after"] is None or _READS_SOURCE.search(tail["after"]) is not None
    )


def _titled_topic(rest: str) -> bool:
    """The first clause after a label names a topic, and is no step ("count ... into topic x",
    "join topic y"): then the label is a title, not the source topic."""
    first = re.split(r"[,;]\s|\.\s|\.$", rest, maxsplit=1)[0]
    word = first.split()[0].lower() if first.split() else ""
    if word in _VERBS - {"the", "a", "an", "we", "i", "our"}:
        return False
    if re.search(
        r"(?i)[<>=]|\b(?:only|where|whose|keep|join\w*|match\w*|within|per|dedup\w*|count"
        r"|sum|enrich\w*|over|above|below|under)\b",
        first,
    ):  # "bets: only stake > 100 to topic big-bets": a step, the topic after it its output
        return False
    return (
        re.search(
            r"(?i)\btopic\s+(?:is\s+(?:called\s+|named\s+)?)?['\"`]?[A-Za-z][\w.-]*[-_.\d]"
            r"|\btopic\s+(?:is\s+)?(?:called|named)\s+['\"`]?[A-Za-z]"
            r"|[\w'\"`]\s+topic\b"
            r"|\b(?:on|to|into|onto)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[A-Za-z]\w*[-.]\w",
            first,
        )
        is not None
    )


_PRODUCED_TOPIC = r"[A-Za-z][\w-]*[._-][\w.-]*[A-Za-z0-9][.;]\s+\S"
# ("hive scales -> apiary.hive_weights, daily max of ... -> x": a comma may go on to the steps,
# when another arrow follows; "order events -> shop.orders_clean, keyed by ..." ends the chain)
_PRODUCED_TOPIC_COMMA = r"[A-Za-z][\w-]*[._-][\w.-]*[A-Za-z0-9],\s+\S"
# Systems and signals written in capitals that produce records ("AIS -> x", "CAD activity x")
_PRODUCER_ACRONYMS = SYSTEM_ACRONYMS | TECH_ACRONYMS


def _plain_word(word: str) -> bool:
    """A word of a producers' phrase: lowercase letters (capitalised), or a system's acronym."""
    return bool(re.fullmatch(r"[A-Za-z][a-z'-]*", word)) or word in _PRODUCER_ACRONYMS


def _producers_arrow(before: str, after: str, more: bool = False) -> bool:
    """ "Concert hall door scanners -> topic hall.door-scans. Keep only ...": plain words
    pointing at a topic the request goes on after: the producers and the topic they write, the
    source; an arrow to a topic ending the request is where results go."""
    # "Coworking spaces, badge readers -> topic x": a title of plain words before the producers
    title = re.match(r"\s*(?:[A-Za-z][a-z'-]*\s+){0,3}[A-Za-z][a-z'-]*\s*[:,]\s+", before)
    words = before[title.end() if title else 0 :].split()
    if not 0 < len(words) <= 5 or any(w.lower() in _VERBS for w in before.split()):
        return False
    if not all(_plain_word(w.rstrip(":,")) for w in before.split()):
        return False
    if re.match(r"(?i)(?:kafka\s+)?topic\s+\S+?[.;]\s+\S", after.strip()):
        return True
    # "vault sensors → seedbank.vault_climate. every ...": a bare name only a topic has, after two
    # words or more (a single word before the arrow may itself be the source topic, unless it
    # is a system's acronym: "AIS -> ferry.ais_positions. only ...")
    many = len(words) > 1 or words[0] in _PRODUCER_ACRONYMS
    produced = re.match(_PRODUCED_TOPIC, after.strip()) or (
        more and re.match(_PRODUCED_TOPIC_COMMA, after.strip())
    )
    return many and bool(produced)


# "loader telematics saltmine.loader_telemetry: only ...", "CAD activity dentlab.cad_events, ...":
# a request opening with a few plain words and a bare name only a topic has (a dot or an
# underscore in it), then a colon or a comma: the records' producers and their topic, the source
_NAMED_OPENER = re.compile(
    r"\A(?P<w>(?:[A-Za-z][\w'-]*\s+){0,2}?[A-Za-z][\w'-]*)\s+"
    # ("trade-in valuations off shop.trade_ins: ...": where they are read, said before the name)
    r"(?:off\s+)?"
    r"(?P<n>[A-Za-z][\w-]*(?:[._][\w-]+)+(?<=[A-Za-z0-9]))(?=\s*[:,]\s+\S)"
)
# (never words that name an output, a store or a step: "daily totals x.y: ...", "sink x.y, ...")
_NOT_PRODUCERS = word_set(
    """totals total counts count summaries summary aggregates alerts alert rollups results result
    output outputs report reports sink sinks target dlq dead letter letters stats metrics
    table database db clickhouse redis kafka topic topics stdout console source input title
    hourly daily weekly monthly nightly minutely clean cleaned filtered enriched deduped"""
)
# Particles ending a compound noun ("trade-in", "check-in", "sign-off", "roll-out")
_COMPOUND_PARTICLES = word_set("in on off out up")
# (another way of naming the source, said anywhere: left to the source readers)
_SOURCE_SAID = re.compile(
    r"(?i)\b(?:from|reads?|reading|consum\w*|source|input|subscrib\w*|ingest\w*)\b"
    r"|\b(?:on|in|at)\s+(?:the\s+)?(?:kafka\s+)?topics?\b"
)


def _named_opener(request: str) -> str:
    """The request's opening producers and bare topic, as a producers' sentence."""
    m = _NAMED_OPENER.match(request)
    if m is None or _SOURCE_SAID.search(request):
        return request
    words = m["w"].split()
    # (any acronym here: "CAD activity x.y, ..." names the system the records come from)
    if not all(_plain_word(w) or re.fullmatch(r"[A-Z]{2,6}", w) for w in words) or any(
        # (each part of a hyphenated word too: "Lue Kafka-aihe x.y, ..." names the store)
        part.lower() in _VERBS | _NOT_PRODUCERS | STOP
        for w in words
        for part in w.split("-")
        # ("trade-in", "check-in", "walk-in": a particle ending a compound noun is no step word)
        if not (part != w and part.lower() in _COMPOUND_PARTICLES)
    ):
        return request
    return f"{m['w']} publish to topic {m['n']}{request[m.end() :]}"


def _producers_publish(before: str, after: str) -> str:
    """The producers' arrow as words: "vault sensors publish to topic seedbank.vault_climate"."""
    after = after.lstrip()
    if not re.match(r"(?i)(?:kafka\s+)?topic\s", after):
        after = "topic " + after
    return f"{before.rstrip()} publish to {after}"


# A list item that is a condition alone, with a comparison in words ("- vehicles greater than
# 20", "- priority equal to rush", "- meters of 100 or more"): a field, the comparison, one value
# and nothing else; read as "where <condition>" ("- vehicles > 20" is read so already)
_CONDITION_ITEM = re.compile(
    r"(?i)(?P<f>[A-Za-z_]\w*)\s+(?:is\s+|are\s+)?"
    r"(?:(?:(?:greater|more|less|fewer|higher|lower|larger|smaller)\s+than|equal\s+to|under|over"
    r"|above|below|at\s+(?:least|most)|no\s+(?:more|less)\s+than)\s+(?:-?\d[\d,.]*|'[^']*'"
    r"|[A-Za-z_]\w*)"
    r"|(?:of\s+)?\d[\d,.]*\s+or\s+(?:more|less|fewer|higher|lower|above|below|over|under))$"
)
# (never a step's own verb or label: "- print", "- read topic x", "- sink: topic x")
_NOT_A_CONDITION_FIELD = word_set(
    "keep drop read write print send publish remove skip discard filter only where source sink "
    "output input topic and or but then add compute count sum"
)


# "1. skip idle machines: keep only machine_state != 'idle'": a list item's label naming its step
# in plain words, then the step itself. The label is dropped only when the step says it again:
# each of its words (but the verb) in the step, and a filtering verb's sense (skip vs keep) the
# step's; otherwise it stays, unread, and the request is refused.
_STEP_LABEL = re.compile(
    r"^(?P<verb>skip|drop|remove|exclude|ignore|discard|keep|add|compute|derive|calculate|dedupe"
    r"|deduplicate|convert|mask|flag|tag|rename)\s+(?P<words>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)"
    r"{0,3})\s*:\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_LABEL_DROPS = word_set("skip drop remove exclude ignore discard")
_REST_DROPS = re.compile(r"^(?:skip|drop|remove|exclude|ignore|discard|filter\s+out)\b", re.I)
_REST_NEGATES = re.compile(r"!=|<>|\bnot\b|\bisn't\b|\baren't\b", re.I)


_RECORD_WORDS = word_set("record records event events row rows message messages item items entry")


def _restated_step_label(item: str, request: str) -> str:
    """A list item without its label when the step after the label says it (`_STEP_LABEL`); a
    label's word may also name the records, as a word of a topic's name ("keep paid orders" on
    shop.orders)."""
    m = _STEP_LABEL.match(item)
    if m is None:
        return item
    rest = m["rest"]
    step_verb = rest.split(maxsplit=1)[0].lower()
    if step_verb not in _VERBS | _LABEL_DROPS:
        return item
    lowered = rest.lower()
    words = [w.lower() for w in m["words"].split() if w.lower() not in STOP]
    names = {
        singular(p)
        for n in re.findall(r"[A-Za-z]\w*(?:[._-]\w+)+", request)
        for p in re.split(r"[._-]+", n.lower())
    }
    if not words or not all(
        singular(w) in lowered or w in _RECORD_WORDS or singular(w) in names for w in words
    ):
        return item
    if m["verb"].lower() in _LABEL_DROPS | {"keep"}:
        label_drops = m["verb"].lower() in _LABEL_DROPS
        rest_drops = bool(_REST_DROPS.match(rest)) != bool(_REST_NEGATES.search(rest))
        if label_drops != rest_drops:
            return item  # "skip idle machines: keep only state = 'idle'": which one?
    return rest


def _as_condition(item: str) -> str:
    """A middle list item holding a condition alone, as a condition (`_CONDITION_ITEM`)."""
    m = _CONDITION_ITEM.match(item)
    if m and m["f"].lower() not in _NOT_A_CONDITION_FIELD:
        return f"where {item}"
    return item


# An item naming where the records go: an output label, or a store after "to"
_OUTPUT_SAID = re.compile(
    r"(?i)\b(?:output|sink|destination|target)\s*:"
    r"|\b(?:to|into|onto)\s+(?:the\s+)?(?:kafka|topic|clickhouse|redis|stdout)\b"
)
# one plain word (no '-', '_' or '.' that would make it a name): "done", "thanks"
_PLAIN_WORD = re.compile(r"[A-Za-z]+[.!]?$")


def _as_output(step: str) -> str:
    """A last step that is only a name or "topic X" names the output topic."""
    # "-> kafka x (key: id)": the key noted after the name (sinks.KEYED_BY reads it)
    # ("-> kafka x (at-least-once)": the delivery noted so, read by settings.py)
    noted = re.search(
        r"(?i)\s*\(\s*(?:(?:message\s+)?key(?:ed\s+by)?\s*[:=]?\s*[\w'\"`]+"
        r"|(?:at[\s-]+least|exactly|at[\s-]+most)[\s-]+once(?:\s+(?:delivery|semantics))?"
        # ("-> x (at least once is fine)": a word on it; settings.py reads the note or refuses)
        r"(?:\s+[A-Za-z][\w']*){0,4})\s*\)$",
        step,
    )
    if noted and noted.start() > 0:
        named = _as_output(step[: noted.start()])
        if named != step[: noted.start()]:
            return named + step[noted.start() :]
    if _BARE_NAME.match(step) and step.lower() not in ("print", "stdout", "console", "clickhouse"):
        return f"publish to topic {step}"
    # "-> freezer.alarms where temp_c > -12": a topic's name (with '.', '_' or '-'), then the
    # condition the records kept meet (read by filters.py as written)
    cond = re.fullmatch(rf"(?is)(?P<n>[A-Za-z]\w*[._-][\w.-]*)(?P<rest>{_CONDITION_TAIL})", step)
    if cond:
        return f"publish to topic {cond['n']}{cond['rest']}"
    # "-> laundry.paid-orders (Kafka), exactly once please": the store noted after the name (the
    # request may go on after a comma)
    store = re.fullmatch(
        r"(?is)(?P<n>['\"`]?[A-Za-z][\w.-]*['\"`]?)\s*\(\s*(?:on\s+|in\s+)?kafka(?:\s+topic)?\s*\)"
        r"(?P<rest>\s*[,;.]\s.*)?",
        step,
    )
    if store:
        return f"publish to topic {store['n']}{store['rest'] or ''}"
    if re.match(r"(?i)(?:kafka\s+)?topic\s", step):
        return f"publish to {step}"
    kafka = re.match(
        # ("-> kafka x keyed by id": the key said right after the name)
        r"(?is)kafka\s+(?P<n>['\"`]?[A-Za-z][\w.-]*['\"`]?)"
        # ("-> kafka x and stdout", "-> kafka x + stdout": a second sink after it)
        # ("-> kafka x AND clickhouse db.t": a second store named after it)
        # ("-> kafka x. exactly-once": the request goes on after a full stop)
        r"(?P<rest>\s*[,;.]\s.*|\s+(?:and|\+)\s+(?:to\s+)?stdout(?:\s*[,;]\s.*)?"
        r"|\s+(?:and|\+)\s+(?:also\s+)?(?:to\s+|in(?:to)?\s+)?(?:clickhouse|redis)\b.*"
        r"|\s+(?:(?:keyed|partitioned)\s+(?:by|on)"
        r"|(?:with\s+)?(?:the\s+)?(?:message\s+)?key)\s+\S+"
        # ("-> kafka x where temp_c > -12": the condition the records sent meet)
        rf"|{_CONDITION_TAIL})?$",
        step,
    )
    if kafka and kafka["rest"] and re.match(r"(?i)[\s,;]*(?:the\s+)?topics?\b", kafka["rest"]):
        kafka = None  # "-> kafka prod-cluster, topic x": the topic is named after
    if kafka and re.search(r"(?i)(?:cluster|broker|server)s?$", kafka["n"]):
        kafka = None
    if kafka:  # "... -> kafka big-payments": the store word, then the topic's name
        # (", exactly-once delivery, only ...": the request goes on after the name)
        return f"publish to topic {kafka['n']}{kafka['rest'] or ''}"
    if re.match(r"(?i)(?:clickhouse|redis)\b", step):
        return f"store in {step}"
    return step


def _last_step_output(step: str) -> str:
    """The chain's last step as its output (`_as_output`), also when more sentences follow it:
    "... -> kafka x. Needs exactly-once, and bad messages go to x-dlq" (the sentence after the
    name is the request's own, read as written)."""
    named = _as_output(step)
    if named != step:
        return named
    # "-> kafka x exactly once": the delivery said right after the output's name
    said = re.match(
        r"(?is)(?P<last>.*\S)\s+(?P<dl>(?:with\s+)?(?:exactly|at[\s-]+least|at[\s-]+most)[\s-]+once"
        r"(?:\s+(?:delivery|semantics))?)\s*[.!]?$",
        step,
    )
    if said and _as_output(said["last"]) != said["last"]:
        return f"{_as_output(said['last'])}, {said['dl']}"
    ends = re.match(r"(?s)(?P<last>.*?\S)(?P<sep>[.;]\s+)(?P<next>[A-Za-z].*)$", step)
    # (a store's word, or a name only a topic has: "-> dashboards. Real time." names no output)
    if ends is None or not re.match(
        r"(?i)(?:kafka|topic|clickhouse|redis)\s|[A-Za-z]\w*[-.]\S*$", ends["last"]
    ):
        return step
    named = _as_output(ends["last"])
    return step if named == ends["last"] else f"{named}{ends['sep']}{ends['next']}"


_VERBS = word_set("""read consume take process build create make set write store load compute count
        sum calculate aggregate join enrich deduplicate dedup dedupe filter keep drop
        replicate sync mirror stream ingest tail subscribe listen send publish forward
        route print log track sessionize find flag detect alert monitor collect capture
        we i our can could would please from for in every each the a an""")


def _outside_quotes(text: str, rewrite: Callable[[str], str]) -> str:
    """`rewrite` applied to the text between quoted names (names are never rewritten)."""
    parts = re.split(r"""('[^']*'|"[^"]*"|`[^`]*`)""", text)
    return "".join(p if i % 2 else rewrite(p) for i, p in enumerate(parts))


FENCED_COLUMNS = re.compile(
    r"[ \t]*:?[ \t]*\n?```[a-z]*[ \t]*\n(?P<body>(?:[ \t]*-?[ \t]*[A-Za-z_]\w*[ \t]*:[ \t]*"
    r"[A-Za-z]\w*(?:\([\d, ]+\))?[ \t]*(?:#[^\n]*)?\n)+)[ \t]*```"
)
_COLUMN_LINE = re.compile(
    r"\s*-?\s*(?P<n>[A-Za-z_]\w*)\s*:\s*(?P<t>[A-Za-z]\w*(?:\([\d, ]+\))?)\s*(?:#\s*(?P<c>.*))?"
)


def _columns_inline(m: re.Match[str]) -> str:
    """A fenced block of `name: type  # pk` lines as one typed column list; any other comment
    leaves the block as it was (its words are then read, or refused, as written)."""
    items = []
    for line in m["body"].splitlines():
        cm = _COLUMN_LINE.fullmatch(line)
        if cm is None:
            return m.group(0)
        note = (cm["c"] or "").strip().lower()
        if note and note not in ("pk", "primary key", "primary_key", "key"):
            return m.group(0)
        items.append(f"{cm['n']} {cm['t']}" + (" primary key" if note else ""))
    return " (" + ", ".join(items) + ")\n"


def _emoji_end(m: re.Match[str]) -> str:
    """An emoji dropped; one that ended a sentence ("Race day is Sunday :tada: The mats ...")
    leaves its full stop, so the sentences stay apart."""
    before = m.string[: m.start()]
    after = m.string[m.end() :]
    # ("our POS double-fires sometimes 🙄 can you read x": a lower-case ask opens the next one)
    opens = re.match(
        r"\s+(?:[A-Z]|(?:can|could|would|will)\s+(?:you|u|we)\b|(?:please|pls|plz)\b)", after
    )
    return "." if re.search(r"[A-Za-z0-9]\s*$", before) and opens else ""


def plain(request: str) -> str:
    """Typographic quotes made plain, NULs removed, chat shorthand ("w/", "w/o") spelt out;
    line breaks kept for the list reader."""
    text = (
        request.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"')
        .replace("\u201d", '"').replace("\x00", " ").replace("\u2212", "-")
    )  # fmt: skip
    # a pasted column block ("table `x`:\n```\nbatch_id: int  # pk\nbed_code: string\n```"):
    # the table's typed column list, "(batch_id int primary key, bed_code string)"
    text = FENCED_COLUMNS.sub(_columns_inline, text)
    # pictographs (emoji) say nothing a pipeline could do: "thx 🍺", "🙏"; the dingbats too
    # ("❄️", "✅", "❤️", up to U+2793: the dingbat arrows "➡ ➜" after it may chain steps), a
    # zero-width joiner, "⭐", "⏰"
    text = re.sub(
        r"\s*[\U0001F000-\U0001FAFF\u2600-\u26FF\u2700-\u2793\u2B50\u2B55\u23F0-\u23FA"
        r"\u231A\u231B\u200D\uFE0F]+",
        _emoji_end,
        text,
    )
    # chat emoji shortcodes (":pray:", ":+1:", ":white_check_mark:"), only as a word of their
    # own: never a key template ("user:{id}:"), a time ("10:30:") or "kafka:topic"
    # (several in a row too: ":wave::skin-tone-2:")
    text = re.sub(
        r"(?:(?<=\s)|^)\s*(?::(?:[a-z][a-z0-9_+-]*|[+-]1):)+(?=\s|$|[.!?,])", _emoji_end, text
    )
    # text emoticons (":)", ";-)", ":D"), only as a word of their own after a space
    text = re.sub(r"(?<=\s)[:;]-?[()DPp](?=\s|$)", "", text)
    # markdown emphasis around a label or a word: "*Request*:", "**Ask:**" (never a topic
    # pattern's "*")
    text = re.sub(
        r"(?<![\w*])\*{1,2}(?=[A-Za-z])([A-Za-z][^*\n]{0,40}?)\*{1,2}(?![\w*])", r"\1", text
    )
    # a condition or a computed field set as code: "keep `temp_c > -10`", "add `ratio = a / b`"
    # (a name in backticks stays quoted) (the code opens and closes on a word: never the text
    # between two quoted names)
    text = re.sub(
        r"(?<![\w`])`(?=[^\s`])([^`\n]*?(?:[<>]=?|[!=]?=|\s(?:and|or|is|in)\s)[^`\n]*?)(?<=\S)`(?![\w`])",
        r"\1",
        text,
    )
    text = re.sub(r"(?i)(?<![\w/])w/o(?=\s)", "without", text)
    # "topic x AND stdout": the connective in capitals for emphasis ("OR" stays: a room's name)
    text = re.sub(r"(?<=\s)AND(?=\s)", "and", text)
    # "write each one to Redis": the records one by one, as "write them to Redis" says
    text = re.sub(
        r"(?i)\b(write|send|store|save|publish|push|put|print|forward|emit)\s+(?:each|every)\s+"
        r"(?:one|single\s+one)(?:\s+of\s+them)?(?=\s+(?:to|into|onto|in|on)\s)",
        r"\1 them",
        text,
    )
    # "send em to kafka x", "dump 'em into topic y": chat shorthand for "them" after a verb that
    # puts the records somewhere (never "em" as a unit or a name: a place word follows)
    text = re.sub(
        r"(?i)\b(write|send|store|save|publish|push|put|print|forward|emit|dump|ship|stream|pipe"
        r"|toss|chuck|pop|stick|load)\s+'?em(?=\s+(?:all\s+)?(?:to|into|onto|in|on|over)\s)",
        r"\1 them",
        text,
    )
    # "should be written out, into ClickHouse x", "send them out to topic y": the particle (and
    # a comma after it) says nothing more than the verb (only before the place: "write out only
    # a, b" stays)
    text = re.sub(
        r"(?i)\b(write|writes|writing|written|wrote|send|sends|sending|sent|push|pushes|pushed"
        r"|ship|ships|shipped|publish|published|stream|streamed)(\s+(?:them|it|everything|the"
        r"\s+results?)|)\s+out\s*,?(?=\s+(?:to|into|onto)\s)",
        r"\1\2",
        text,
    )
    # "for each one, look up ...": the records one by one, as "for each of them" says (a verb or
    # a comma next: "for every one minute" stays a number with its unit)
    text = re.sub(
        r"(?i)\b(for\s+(?:each|every))\s+(?:single\s+)?one(?=\s*,|\s+(?:look|add|enrich|fetch"
        r"|get|attach|join|compute|calculate|derive|check|keep|drop|write|send|then)\b)",
        r"\1 of them",
        text,
    )
    # "every insert/update/delete": the kinds of change a CDC history keeps, as a list (never a
    # division)
    text = re.sub(
        r"(?i)\b(inserts?|updates?|deletes?)\s*/\s*(inserts?|updates?|deletes?)"
        r"(?:\s*/\s*(inserts?|updates?|deletes?))?\b",
        lambda m: (f"{m[1]}, {m[2]} and {m[3]}" if m[3] else f"{m[1]} and {m[2]}"),
        text,
    )
    # "count per store/hour": a group and its window joined by a slash, as the windows read
    # "per store_id / hour" (a time zone, "per day/Europe", or a unit first stays as said)
    text = re.sub(
        r"(?i)\b((?:per|by|each|every)\s+(?!(?:second|minute|hour|day|week)s?/)[a-z]\w*)"
        r"/(?=(?:second|minute|hour|day|week)(?![\w/]))",
        r"\1 / ",
        text,
    )
    # "This one needs exactly-once delivery.": the pipeline asked for, as "this pipeline" says
    text = re.sub(
        r"(?i)(?:^|(?<=[.!?;]\s))(this|that)\s+one(?=\s+(?:needs?|requires?|must|should|has\s+to"
        r"|is|will)\s)",
        r"\1 pipeline",
        text,
    )
    text = _gt_chain(text)
    # "Step one computes x. Step two joins ...": a step's label opening its sentence, then the
    # step's verb; the label is the sentence's order (never a hopping window's "step")
    text = re.sub(
        r"(?i)(?:^|(?<=[.!?]\s))(?:step|stage)\s+(?:\d{1,2}|one|two|three|four|five|six|seven"
        r"|eight|nine|ten)\s+(?=[a-z]+s\s)",
        "",
        text,
    )
    return re.sub(r"(?i)(?<![\w/])w/(?=\s)", "with", text)


# "orders > compute x = a * b > keep only a, x > stdout": a one-line chain written with '>'
# between its steps, read as arrows only when every '>' opens a step or a sink (a comparison's
# '>' is followed by a number or a field: "amount > 100", "a > b")
_GT = re.compile(r"(?<=\S) > (?=\S)")
_GT_STEP = re.compile(
    r"(?i)(?:compute|calculate|derive|add|keep|only|filter|drop|remove|select|rename|dedup\w*"
    r"|de-dup\w*|count|sum|average|avg|enrich|look\s*up|lookup|join|window|group|aggregate|write"
    r"|send|print|publish|emit|push|store|save|load|land|stdout|console|clickhouse|kafka|redis"
    r"|topic|sink|output)\b"
)


# "kiln-log minus operator_name, badge_no -> ...", "... -> minus raw_payload -> ...": a chain's
# step taking fields away (names with '_' only: "orders minus refunds" may be arithmetic or a
# filter), read as a drop step of its own
_MINUS_FIELDS = re.compile(
    r"(?i)^\s*(?P<src>[A-Za-z][\w.-]*\s+)?minus\s+"
    r"(?P<fields>[a-z]\w*_\w+(?:\s*,\s*(?:and\s+)?[a-z]\w*_\w+)*(?:\s+and\s+[a-z]\w*_\w+)?)"
    r"\s*$"
)


def _minus_steps(steps: list[str]) -> list[str]:
    """An arrow chain's steps with each `_MINUS_FIELDS` step (the source's name, if it leads the
    chain, split off) said as a drop step ("drop a_b, c_d"); the last step, the sink, kept."""
    if len(steps) < 2:
        return steps
    out: list[str] = []
    for i, step in enumerate(steps[:-1]):
        m = _MINUS_FIELDS.match(step)
        if m is None or (m["src"] and i > 0):
            out.append(step)
            continue
        out.extend([m["src"].strip()] if m["src"] else [])
        out.append(f" drop {m['fields']} ")
    return [*out, steps[-1]]


def _gt_chain(text: str) -> str:
    if "\n" in text.strip() or len(_GT.findall(text)) < 2:
        return text
    if not all(_GT_STEP.match(text, m.end()) for m in _GT.finditer(text)):
        return text
    return _GT.sub(" -> ", text)


# "orders + Redis product:{product_id} lookup", "events + Redis user profiles (user:{user_id})":
# an enrichment written as a chain step.
_REDIS_STEP = re.compile(
    r"\s+\+\s+redis\s+(?P<what>(?:[A-Za-z]+\s+){0,3}?)\(?\s*"
    r"(?P<tpl>[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\})(?:\s*\))?(?:\s+(?:lookups?|look-ups?|enrichment))?"
    # ("vend-restocks + redis machine:{machine_id} (site, model)": the fields in brackets)
    r"(?:\s*\((?P<fields>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\))?" r"(?P<end>\s*[,;]|$)?",
    re.IGNORECASE,
)


# "... -> kafka library.trending + redis key trending:{isbn} ttl 1 day": the step before the
# "+" is a sink, so the Redis named after it is one more sink, never a lookup
_SINK_STEP_BEFORE = re.compile(
    r"(?:-{1,2}>|[\u2192\u279c\u2794\u279d\u279e\u27a1\u21d2\u27f6])\s*(?:to\s+|into\s+)?(?:the\s+)?"
    r"(?:kafka|topic|clickhouse|redis|stdout|console)\b[^\n>\u2192]*$",
    re.IGNORECASE,
)


# "enrich x with player profiles from redis. the profiles are redis hashes at key player:{id}":
# the lookup's values said with their shape and key in a sentence of their own, about the noun
# just looked up: read as one lookup ("from redis hashes at key ...")
_REDIS_SHAPE_AFTER = re.compile(
    r"(?i)\b(?P<prep>from|in)\s+redis\s*\.\s+(?:the|these|those|their|its)\s+"
    r"(?P<noun>(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:are|is)\s+(?:stored\s+(?:as|in)\s+)?"
    r"(?:redis\s+)?(?P<shape>hash(?:es)?|json)(?:\s+(?:strings?|values?|documents?))?\s+"
    # ("... are hashes stored under buyer:{buyer_id}": the key with no word for it)
    r"(?:(?:stored|kept|saved)\s+)?(?:at|under|with)\s+(?:the\s+)?(?:keys?\s+)?(?=\S*[{<])"
)


def _redis_shape_after(m: re.Match[str]) -> str:
    # ("... buyer details from Redis. The buyer records are hashes ...": a word of the noun)
    nouns = m["noun"].lower().split()
    if not any(re.search(rf"(?i)\b{re.escape(n)}\b", m.string[: m.start()]) for n in nouns):
        return m[0]  # ("... from redis. the scores are hashes at key ...": another noun)
    shape = "hashes" if m["shape"].lower().startswith("hash") else "JSON"
    return f"{m['prep']} redis {shape} at key "


def _redis_step(m: re.Match[str]) -> str:
    if _SINK_STEP_BEFORE.search(m.string, 0, m.start()):
        return m.group(0)
    what = m.group("what").strip()
    end = m.group("end") or ","
    fields = re.split(r"\s*,\s*", m.group("fields") or "")
    listed = f", fields {', '.join(fields[:-1])} and {fields[-1]}" if len(fields) > 1 else ""
    listed = listed or (f", fields {fields[0]}" if fields[0] else "")
    return (
        f", enrich {'with ' + what + ' ' if what else ''}from Redis, key {m.group('tpl')}"
        f"{listed}{end}"
    )


# A capitalised personal name, accented letters included
# ("MacLeod", "McKay", "DeVries", "O'Brien", "Smith-Jones": a name with a capital inside it)
_NAME = "(?:[OD]['\u2019])?[A-ZÀ-ÖØ-ÞĀ-ž][a-zß-öø-ÿĀ-ž]+(?:-?[A-ZÀ-ÖØ-ÞĀ-ž][a-zß-öø-ÿĀ-ž]+)?"

# The noun a department's name ends with, on a signature's line ("Rolling stock analytics")
_DEPARTMENT = (
    r"(?-i:analytics|team|ops|operations|engineering|office|desk|department|dept|services"
    r"|support|squad|crew|platform|infrastructure|finance|management|research|planning"
    r"|logistics|maintenance|reporting|insights|intelligence)"
)

# A closing courtesy ("Thanks in advance.", "Cheers!", "Thank you!"): no requirement in it.
_SIGN_OFF = re.compile(
    # (after a sentence; a chat shorthand also at the very end after a word: "... logistics.scans
    # ty", never "... keep the best")
    r"(?:(?:^|(?<=[.!?,]))\s*(?:ta|regards|best(?:\s+regards)?|kind\s+regards|much\s+appreciated"
    # a letter's closing words ("Warmly,", "Best wishes,", "Thanks and regards,", "Sincerely,")
    r"|warmly|warm\s+regards|best\s+wishes|sincerely|yours\s+sincerely|(?:thanks|thank\s+you)"
    r"\s+and\s+(?:kind\s+|best\s+)?regards|with\s+thanks"
    r"|appreciate\s+it)|(?:^|(?<=[.!?,])|(?<=\s))\s*(?:thanks|thank\s+you|many\s+thanks|cheers|thx"
    # slips of "thanks": "thnaks", "thansk", "thnx", "thanx"
    r"|ty|tia|thnaks|thansk|thaks|thnks|thnx|thanx|tnx|tks|tyvm|tysm|thank\s+u|thanku"
    # "Sent from my iPhone", "EOM": what a mail client or a terse sender adds
    r"|sent\s+from\s+my\s+\w+(?:\s+\w+)?|eom))"
    # ("Thank you very much in advance": two of them)
    r"(?:\s+(?:in\s+adv[a-z]*|a\s+lot|a\s+ton|a\s+bunch|so\s+much|again|heaps|loads"
    r"|a\s+million|very\s+much)){0,2}"
    # "Thanks so much, you're a star!"
    r"(?:\s*[,!.]\s*(?:you'?re|you\s+are|u\s+r)\s+(?:a\s+)?(?:star|legend|hero|lifesaver|life\s+saver"
    r"|the\s+best|awesome|amazing)"
    # "Thanks so much, happy to answer questions!": an offer of help after it
    r"|\s*[,!.]\s*(?:(?:i'?m|we'?re)\s+)?happy\s+to\s+(?:answer|help\s+with)\s+(?:any\s+)?questions"
    r"|\s*[,!.]\s*let\s+(?:me|us)\s+know\s+if\s+(?:you\s+have\s+)?(?:any\s+)?questions)?"
    # the sender's name on its own line or after a comma ("Thanks,\nPriya", "cheers, Tom")
    # ("Thanks\n-- Sam", "Regards,\nFacilities team")
    # (accented names too: "Tomás", "Zoë", "Łukasz")
    # ("Many thanks,\nDr. Patel\nRegistry Office": a title before it, a signature line after it)
    rf"(?:[.!]*\s*(?:,|\n|[-\u2013\u2014]{{1,2}})\s*(?:(?:dr|prof|mr|mrs|ms)\.?\s+)?(?-i:{_NAME})"
    # ('Rita "Rolling Thunder" Alvarez': a nickname in quotes between the names)
    r"(?:[ \t]+[\"\u201c'](?-i:[A-Z][A-Za-z]+)(?:[ \t]+(?-i:[A-Z][A-Za-z]+)){0,2}[\"\u201d'])?"
    # (a role with an acronym: "AV Technician", "Head of IT")
    rf"(?:\s+(?:(?-i:{_NAME})|team|squad|group))?"
    # ("— Rita Alvarez, league stats": the sender's role in lower case after a comma, ending
    # the request; never a word that selects)
    r"(?:[ \t]*,[ \t]+(?!(?:only|just|not|no|except|but|without|all|any|every|keep|drop)\b)"
    r"(?-i:[a-z]+)(?:[ \t]+(?!(?:only|just|not|no|except|but|without)\b)(?-i:[a-z]+)){0,2}"
    r"(?=\s*[.!]*\s*$))?"
    # ("Many thanks,\nIngrid (TAC secretary)": the sender's role in parentheses, words only)
    # (never a word that selects: "Thanks, Sam (EU only)" stays)
    r"(?:[ \t]*\((?![^()\n]*\b(?:only|just|not|no|except|but|where|whose|keep|drop|skip"
    r"|without|never|exclude|include|filter|ignore|all|any|every)\b)[A-Za-z][A-Za-z ,&'.-]{0,40}\))?"
    rf"(?:[ \t]*\n[ \t]*(?-i:{_NAME}|[A-Z]{{2,4}})"
    # ("Site Supervisor, North Recycling Centre": a role, a comma, then where)
    rf"(?:[ \t]*,?[ \t]+(?:of|and|&|(?-i:{_NAME}|[A-Z]{{2,4}}))){{0,5}}"
    # ("Best regards,\nIngrid Halvorsen\nRolling stock analytics": the sender's department in
    # lower case, ending with a department's noun; never a step's words)
    rf"|[ \t]*\n[ \t]*(?-i:[A-Z][a-z]+)(?:[ \t]+(?-i:[a-z]+|{_NAME})){{0,4}}[ \t]+{_DEPARTMENT})?"
    # a team in lower case ("thanks, port ops", "cheers, the data team")
    # (never a selecting word: "thanks, only ops team" stays)
    r"|[.!]*\s*,\s*(?:the\s+)?(?:(?!(?:only|just|not|no|except|but)\b)[a-z]+\s+){1,2}"
    r"(?:ops|team|squad|crew|office|desk|folks)"
    # a chat mention of who is thanked ("ty @sam", "thanks @data-eng @bob")
    r"|(?:[.!]*\s*,?\s*@[\w.-]*\w)+)?" r"\s*[.!]*\s*$",
    re.IGNORECASE,
)


# An opening courtesy ("Hey team, quick one:", "Hi all!", "As discussed,"): no requirement in it.
_GREETING = re.compile(
    # a chat mention first ("@data-eng hey ...")
    r"^\s*(?:@[\w.-]+[\s,:]+)*"
    r"(?:(?:hi|hey|hello|dear|(?:good\s+)?(?:morning|afternoon|evening)|helo|hallo|hiya|heya"
    r"|hii|hai|yo)(?:\s+(?:all|team|tema|there|folks|everyone|everybody|guys|y'all"
    # ("Dear colleagues,", "Hello friends,", "Hi everybody,": whom the request is addressed to)
    r"|colleagues|friends|people|crew|both|devs|engineers|all\s+of\s+you"
    r"|sir\s+or\s+madam|sir|madam|(?:data|dev|ops|platform|eng(?:ineering)?)\s+team"
    # ("Dear data engineering,", "Hi data engineers,": the team written to)
    r"|data\s+(?:engineering|engineers?|eng))"
    # a chat mention after the greeting ("hey @data-eng", "hi @sam @bob")
    r"|(?:\s+@[\w.-]*\w)+"
    # a name, then a comma ("Hi Sam,", "Hello Data Team,")
    r"|(?:\s+(?-i:[A-Z][a-z]+)){1,2}(?=\s*,))?\s*[!,.:]?\s+)?(?:(?:quick|small|simple)\s+(?:one|ask"
    r"|request|question|q|favou?r|thing)(?:\s*[!,.:\u2013\u2014-]\s+"
    # ("quick one for the adoptions feed (x).": the records it is about follow, read as the source)
    r"|\s+(?=for\s+(?:the|our|this)\s+(?:[\w-]+\s+){0,3}?(?:feed|topic|stream)\b)))?"
    r"(?:quick\s+context\s*[-:\u2013]\s*)?"
    # "can someone set up a thing that reads ...": who is asked to build something, then what
    # it does
    r"(?:(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody|you|u)\s+(?:please\s+)?"
    r"(?:set\s+up|setup|build|wire\s+up|hook\s+up|make|write|create|spin\s+up|put\s+together"
    # "can someone wire this up pls :pray: read ..."
    r"|(?:set|wire|hook|spin|knock|whip)\s+(?:this|it)\s+up"
    r"|knock\s+up|whip\s+up)(?:\s+(?:me|us))?(?:\s+(?:(?:a|an|some)\s+(?:quick\s+|small\s+"
    r"|little\s+|simple\s+)?(?:thing|job|pipeline|consumer|service|script|processor|flow|bot)"
    r"|something|smth|sth)\s+(?:that|which|to)\s+"
    # "can someone wire up a consumer for topic x that ...": the topic, then what it does
    r"|\s+(?:a|an)\s+(?:quick\s+|small\s+|little\s+|simple\s+)?(?:job|pipeline|consumer|processor"
    r"|flow)\s+(?=for\s+(?:the\s+)?(?:kafka\s+)?topic\s+\S+\s+(?:that|which)\s)"
    # "can someone spin up a job off topic x that ...": the job and its source stay
    r"|\s+(?:a|an)\s+(?:quick\s+|small\s+|little\s+|simple\s+)?(?=(?:job|pipeline|consumer"
    r"|processor|flow)\s+off\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?\S+\s+(?:that|which)\s)"
    # "can someone set up:", "can u set this up:", "could you build the following:": what
    # follows the colon is the request
    r"|(?:\s+(?:this|the\s+following|the\s+below))?(?:\s+up)?(?:\s+(?:please|pls|plz))?"
    # "... wire this up pls :pray: read x" (the emoji code is gone by now): the reading verb
    # starts the request as a colon does
    r"(?:\s*:\s+|\s*[,.!\u2013\u2014-]?\s+(?=(?:read|consume|subscribe|listen|take|grab|pull"
    r"|ingest|stream)\b))))?",
    re.IGNORECASE,
)
# "can someone read topic x and ...", "Could you please count ...": a polite ask, then the
# request's own verb (what it does is read from the verb on).
_POLITE_ASK = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))\s*(?:(?:please|pls|plz)\s+)?(?:can|could|would|will)\s+(?:someone"
    r"|somebody|anyone|anybody|you|u|ya|y'all|you\s+guys|the\s+team|one\s+of\s+(?:you|u|y'all))\s+(?:please\s+|pls\s+|plz\s+"
    r"|kindly\s+|just\s+|maybe\s+)?(?=(?:read|consume|subscribe|listen|take|grab|pull|ingest|stream"
    r"|count|sum|total|average|filter|keep|drop|join|enrich|dedup\w*|de-?dup\w*|write|copy|forward"
    r"|mirror|send|route|group|aggregate|compute|calculate|tail|load|land|push|pipe|move"
    # "could someone wire up ...": a chat opener (see _WIRE_UP)
    r"|(?:wire|hook|set|spin)\s+up"
    # "can someone wire x -> clickhouse y", "could you connect x to y": the source's verb of
    # joining two systems (sources.MOVE_NAMED)
    r"|(?:wire|hook|connect|plumb)(?=\s+[\w.-]*[-_.\d]))\b)"
)
# A user story's role ("As an ops lead, I want ...", "As a dispatcher I need ..."): who asks,
# in plain lower-case words (a code or a name in it, "As the EU lead", stays to be read); what
# they want is read from "I want" on.
_USER_STORY = re.compile(
    r"(?i)(?:^|(?<=[.!?\n]))\s*as\s+(?:an?|the|our)\s+(?-i:[a-z][a-z-]*)(?:\s+(?-i:[a-z][a-z-]*)){0,2}"
    r"\s*,?\s+(?=(?:i|we)\s+(?:want|need|would\s+like)\b)"
)
# "wire up a quick stream off x", "hook up a consumer on x": a chat way to name the source
_WIRE_UP = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))\s*(?:(?:pls|please|plz)\s+)?(?:wire|hook|set|spin)\s+up\s+(?:a\s+)?"
    # ("set up a stream job on x", "a streaming pipeline off x": its kind before the noun)
    r"(?:quick\s+|small\s+|simple\s+|little\s+)?(?:(?:stream|streaming|kafka)\s+)?"
    r"(?:stream|pipeline|consumer|job|processor)\s+"
    r"(?:off|from|on|reading|that\s+reads)\s+(?:of\s+)?(?=\S)"
)
# When people ask or look ("every Monday", "each morning"): never a step's period.
_WHEN_ASKED = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|morning|evening|day"
    r"|sprint|standup|shift)s?"
)
# "so the ops folks keep asking for this -", "Finance has been bugging us about it.": who keeps
# asking, about this request only (never what they ask for: "keep asking for hourly totals"
# stays for the recognisers).
_KEEP_ASKING = re.compile(
    r"(?i)(?:^|(?<=[.!?:;]\s))\s*(?:so\s+|also\s+|fwiw\s+)?(?:(?:the|our|my)\s+)?(?:[\w-]+\s+){0,3}?"
    # ("The curators keep asking ...": any plural of people before the verb)
    r"(?:team|teams|folks|people|managers?|ops|users|analysts|boss|bosses|leads?|supervisors?"
    r"|engineers|finance|marketing|sales|support|everyone|they|he|she|[a-z][a-z-]*[a-z]s)\s+"
    r"(?:keeps?|kept|(?:have|has)\s+been|are|is)\s+(?:asking|bugging\s+(?:me|us)|pinging\s+(?:me|us)"
    r"|nagging\s+(?:me|us)|chasing\s+(?:me|us))(?:\s+(?:for|about)\s+(?:this|it|that)(?:\s+one)?)?"
    r"(?:\s+(?:for\s+(?:ages|weeks|months)|lately|recently|a\s+lot|all\s+the\s+time|again"
    # ("... for this every Monday": when they ask, never when the pipeline runs)
    rf"|(?:every|each|on)\s+{_WHEN_ASKED}))?"
    r"(?:\s+lol)?\s*(?:[.!;,:]+|\s[-\u2013\u2014]+|$)\s*"
)
# "The floor managers already look at this every morning on paper, so no rush.": how people
# see it today, by hand; no step of the pipeline (a field, a value or a number in it is never
# matched, so it stays for the recognisers or is refused)
_DONE_BY_HAND = re.compile(
    r"(?i)(?:^|(?<=[.!?:;]\s)|(?<=\n))\s*(?:(?:so\s+|also\s+|fwiw\s+)?(?:the|our|my)\s+)?"
    r"(?:[a-z][\w-]*\s+){0,3}?(?:[a-z][a-z-]*[a-z]s|team|everyone|they|we)\s+(?:already|currently"
    r"|still)\s+(?:look\s+at|check|review|see|read|go\s+through)\s+(?:this|it|that|these|them)"
    rf"(?:\s+(?:(?:every|each|on)\s+{_WHEN_ASKED}|daily|weekly))?"
    r"\s+(?:on\s+paper|by\s+hand|in\s+(?:a\s+|the\s+)?(?:spreadsheet|excel|printout|binder))"
    # (", so no rush": the urgency is dropped before, its "so" may be left)
    r"(?:\s*,?\s*so(?:\s+(?:there'?s\s+)?no\s+(?:rush|hurry))?)?\s*(?:[.!;]+|$)\s*"
)
# A label that only introduces what follows ("Here's what I need:", "Ask:", "Need:").
_ASK_LABEL = re.compile(
    # (after a pipe too: "PRN-88 | Source: x | Goal: ...", a ticket's fields on one line)
    r"(?im)(?:^|(?<=[.!?;|]\s))\s*(?:here'?s\s+what\s+(?:i|we)\s+(?:need|want)|what\s+(?:i|we)"
    r"\s+(?:need|want)\s+is|the\s+ask(?:\s+is)?|ask|need|request|requirements?|task|todo"
    # a ticket's middle line ("Transform: drop the x field"): the label only says a step follows
    r"|transforms?|transformations?|processing|logic|steps?|operations?|notes?|nb|details"
    # ("Mode: we only need the current row per accession": the label over a CDC mode's words)
    r"|mode"
    # ("Rule: any card_id with more than 5 auths in 1 minute": an alert's rule, said as the step)
    r"|(?:alert(?:ing)?\s+|detection\s+)?rules?|triggers?|detection"
    # ("Enrichment: left join with the compacted topic x ...": the step's kind over the step)
    # ("Enrichment: Redis, key machine:{machine_id}, ...": a heading the lookup reads itself)
    r"|enrichments?(?!\s*:\s*(?i:redis)\b)|aggregations?|aggregates|aggs?|deduplication"
    r"|description|summary|spec|ac|acceptance(?:\s+criteria)?|definition\s+of\s+done|dod"
    # ("Done when: - rows are in x", "Success criteria:": a ticket's checklist label)
    r"|(?:it'?s\s+)?done\s+when|success\s+criteria|exit\s+criteria"
    # a PM's "Goal: ... Mechanics: read x, ...": the label over how it is done
    r"|mechanics|implementation|approach|plan|how|technical\s+details|tech\s+details"
    # "Goal: count holds per title_id every 15 minutes ...": a goal said as the steps
    # themselves (a verb opening it) labels the logic, no purpose to restate
    r"|(?:goal|aim|objective)(?=\s*:\s*(?:every\s+(?:\d+\s*)?[a-z]+\s*,\s*)?"
    # ("Goal: hourly avg x ...", "Goal: p99 and median of x ...": a cadence, then an aggregate;
    # "Goal: every 5 minutes, the p95 of x", "Goal: hourly totals per a": an article, a plural)
    r"(?:(?:the|an?)\s+)?(?:(?:hourly|daily|weekly|minutely|nightly)\s+)?(?:counts?|sums?|totals?"
    r"|average|avg|mean|median|max|maximum|min|minimum|p\d{1,2}|\d{1,2}(?:st|nd|rd|th)\s+percentile"
    r"|compute|calculate|aggregate|keep|find|dedup\w*|join|enrich|filter|drop"
    r"|sessioni[sz]e|take|read|consume"
    # "Goal: per conveyor_id, 5-minute windows ...": a group-by on a field name opening it
    r"|per\s+[a-z][a-z0-9]*_[a-z0-9_]+(?=\s*,)"
    # "Goal: replica of the items table, current row per item only": a CDC replica's words
    # ("Goal: replica with only the latest version of each row": the mode said with it)
    r"|(?:replica|mirror)\s+(?:of|with))\b"
    # "Goal: the board scanners re-send the same reading, so drop duplicates ...": why, then
    # the step itself after ", so" in the same sentence (the why is read as any sentence's)
    r"|\s*:\s*[^.;:!?\n]{3,160}?,\s*so\s+(?:please\s+|we\s+(?:need|want)\s+to\s+)?(?:drop"
    r"|dedup\w*|de-?duplicate|keep|filter|remove|ignore|skip|discard|compute|count|join|enrich"
    r"|only)\b)"
    # "Goal: only event_type = 'scan', ...": a filter's keep word, on a ticket's line of its own
    # (after the steps, "... to topic y. Goal: only events where ...", it may be a purpose)
    r"|(?<![.!?;]\s)(?:goal|aim|objective)(?=\s*:\s*only\b))"
    r"\s*(?::|\s-|\s\u2013)\s*"
)
# A ticket's first line "Goal: enrich ticket validations with card info" over labelled lines
# that say the step ("Lookup: Redis key card:<card_id>, fields ..."): the goal restates the
# step the labelled line gives, so it is the ticket's title (its words checked as a title's),
# never a second step with no fields. The goal's verb, then the labels that say its step.
_GOAL_LINE = re.compile(
    r"\A\s*(?i:goal|aim|objective)\s*:\s*(?P<t>(?P<verb>[A-Za-z]+)\b[^\n]{0,100}?)[ \t]*\n"
)
_GOAL_STEP_LABELS = {
    "enrich": "lookup|enrichment|enrich|join|reference",
    "join": "lookup|enrichment|enrich|join|reference",
    "dedup": "dedup|deduplication|duplicates",
    "deduplicate": "dedup|deduplication|duplicates",
    "filter": "filter|filters|condition|conditions|keep|drop",
}


# A Redis lookup said with its key template: "look up each outfall in Redis at key
# outfall:<outfall_id>", "look each bib up in Redis under runner:{bib_number}"
_REDIS_LOOKUP_LINE = re.compile(
    r"(?i)\blook(?:s|ing)?\s+(?:up\s+)?(?:(?:each|every|the|its|their)\s+\w+\s+)?(?:up\s+)?"
    r"(?:in|from)\s+(?:the\s+)?redis\b[^\n.;]{0,40}?[A-Za-z0-9_:.\-]*[{<]\w+[}>]"
)


def _goal_restating_steps(request: str) -> str:
    """`request` with a first "Goal:" line that restates a labelled line's step made its
    title (see _GOAL_LINE)."""
    goal = _GOAL_LINE.match(request)
    labels = goal and _GOAL_STEP_LABELS.get(goal["verb"].lower())
    if not goal or not labels:
        return request
    said = re.compile(rf"(?im)^[ \t]*(?:[-*\u2022]\s*)?(?:{labels})[ \t]*:")
    # ("Goal: enrich x with permit info" over "Steps: ...; look up each outfall in Redis at key
    # ...": a later line says the Redis lookup itself, key and all)
    looked_up = goal["verb"].lower() == "enrich" and _REDIS_LOOKUP_LINE.search(request, goal.end())
    if not said.search(request, goal.end()) and not looked_up:
        return request
    return f"Title: {goal['t']}.\n{request[goal.end() :]}"


# A header line over the request ("Title: Fridge temperature alerting", "Pipeline for the fish
# market auction:"), more lines after it: a first sentence of its own (the label dropped), whose
# words purpose.py checks (a value, a negation or a selecting word in it must be said again, or
# it refuses).
_HEADER = re.compile(
    r"\A\s*(?:(?P<label>(?i:title|subject|epic|story|feature))\s*:\s*(?:(?i:re|fwd?|aw)\s*:\s*)*"
    r"(?P<t>[^\n:]{3,80}?)"
    r"|(?P<h>(?i:pipeline|job|flow|task|request|setup|set-up|spec|ticket)\s+(?i:for|to\s+support)"
    r"\s+[^\n:]{3,80}?)\s*:)[ \t]*\n(?=\s*\S)"
)
# A section heading on a line of its own over one bullet ("Input:\n- topic room-status"): the
# bullet read as the labelled line "source: topic room-status" is.
_SECTION_LABEL = re.compile(
    r"(?im)^[ \t]*(?P<label>input|source|output|sink|destination|target|filter|condition)[ \t]*:"
    r"[ \t]*\n[ \t]*(?:[-*\u2022\u00b7]|\d{1,2}[.)])[ \t]+(?=[^\n]*(?:\n[ \t]*[A-Za-z][\w ]*:[ \t]*\n|\s*\Z))"
)
# A bare title line over a bullet list ("pigeon race arrivals\n- source: pigeon-arrivals\n- ..."):
# a few plain words, no name, no number, no punctuation; read as a "Title:" line when the
# bullets name the source themselves (see `layout`).
_BARE_TITLE = re.compile(
    # "Requirements: cell drop-rate alerting", "Merchant daily spend: requirements": a label
    # that says a list follows, before or after the title
    r"\A\s*(?:(?i:requirements|reqs|spec|request|ask)\s*(?::|\s-|\s\u2013)\s*)?"
    # (one word only over a blank line: "Feed\n\n- source: x" is no topic "Feed")
    # ("Runbook \u2014 site check-ins": a spaced dash after the first word)
    r"(?=[A-Za-z][A-Za-z'-]*[ \t]*\n[ \t]*\n|[A-Za-z][A-Za-z'-]*[ \t]+(?:[-\u2013\u2014][ \t]+)?[A-Za-z])"
    # ("Badge sessions - setup notes", "Runbook note - gust feed": a spaced dash inside it)
    r"(?P<t>[A-Za-z][A-Za-z'-]*(?:(?:[ \t]+[-\u2013\u2014])?[ \t]+[A-Za-z][A-Za-z'-]*){0,6})"
    r"(?:\s*:\s*(?i:requirements|reqs|spec|the\s+ask))?[ \t]*\n"
    # the next line a bullet, or a labelled line of a ticket ("Source: Kafka topic x")
    r"(?=\s*(?:(?:[-*\u2022\u00b7]|\d{1,2}[.)])\s|[A-Za-z][A-Za-z ]{1,20}:\s))"
)
# One capitalised word over a bullet list ("Scoreboard\n- source: darts.throws\n- ..."): a title
# when a bullet labels the source itself (never a second source topic)
_ONE_WORD_TITLE = re.compile(
    r"\A\s*(?P<t>[A-Z][a-z][A-Za-z'-]*)[ \t]*\n(?=[ \t]*[-*\u2022\u00b7][ \t])"
)
_LABELLED_BULLET_SOURCE = re.compile(r"(?im)^\s*[-*\u2022\u00b7]\s+(?:source|input)s?\s*:")
# A runbook's heading: a few plain words and a colon over numbered steps ("Plate read dedup:")
_RUNBOOK_HEADING = re.compile(
    r"\A\s*(?P<t>[A-Za-z][A-Za-z'-]*(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,6})[ \t]*:[ \t]*\n"
    r"(?=\s*\d{1,2}[.)]\s)"
)
# A heading line over an arrow chain that opens with the source's name ("Chamber pressure
# converter:\nfab.chamber_pressure\n  -> ...", "Runbook note - fly tower load watch\nx -> ..."):
# a few plain words (a spaced dash inside), read as a "Title:" line (its words checked as a
# title's, see purpose.py)
_CHAIN_HEADING = re.compile(
    r"\A\s*(?P<t>[A-Za-z][A-Za-z'-]*(?:(?:[ \t]+[-\u2013\u2014])?[ \t]+[A-Za-z][A-Za-z'-]*){0,6})"
    r"[ \t]*:?[ \t]*\n"
    r"(?=\s*[A-Za-z][\w.-]*[-_.][\w.-]*[A-Za-z0-9]\s*(?:-{1,2}>|[\u2192\u279c\u27f6]))"
)
# A heading line naming the pipeline ('Runbook note — pipeline "telescope_queue_vip"', 'Pipeline
# `door_alerts`'): the name (quoted, or with an underscore or a hyphen), read as "call the
# pipeline x"; the words before it read as a title (checked as a title's, see purpose.py)
_NAMED_HEADING = re.compile(
    r"\A\s*(?:(?P<t>[A-Za-z][A-Za-z'-]*(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,5})[ \t]*(?:[-\u2013\u2014:]"
    r"|[ \t][-\u2013\u2014])[ \t]*)?(?i:pipeline)[ \t]+(?:(?P<q>['\"`\u201c])(?P<n>[A-Za-z][\w-]*)"
    r"['\"`\u201d]|(?P<m>[A-Za-z]\w*[_-][\w-]*\w))[ \t]*\n"
)
# A pleasantry opening the body after the greeting ("Hope your week's going well.", "Hope you
# had a good weekend!", "I hope this email finds you well."): social words only, no requirement
_SOCIAL = (
    r"going|been|doing|keeping|had|having|a|an|all|very|really|good|great|nice|lovely|well|fine"
    r"|ok|okay|nicely|weekend|week|day|holiday|holidays|break|trip|time|off"
)
_PLEASANTRY = re.compile(
    r"\A\s*(?:i\s+)?hope\s+(?:you(?:'re|\s+are|'ve|\s+have|\s+had)?|your\s+(?:week|weekend|day"
    r"|morning|holiday|holidays|trip)(?:'s|\s+is|\s+was|\s+has)?|all(?:'s|\s+is)|everything(?:'s|\s+is)"
    r"|this\s+(?:e-?mail\s+|message\s+|note\s+)?finds\s+you)"
    rf"(?:\s+(?:{_SOCIAL}))*\s+(?:well|good|great|fine|ok|okay|nicely|weekend|week|day|holiday"
    r"|holidays|break|trip|time)\s*[.!]+\s*",
    re.IGNORECASE,
)
# A heading's words that may say which records ("Hot readings", "Top stalls", "Gold members"),
# besides those `may_select` finds: said again in the request, or the line is no title (left
# unread, so refused); its words for the work ("converter", "enrichment") are checked by purpose.py
_HEADING_QUALIFIERS = word_set(
    """hot cold warm high low big small new old late early slow fast bad good heavy light long
    short busy quiet open closed active idle top main key major minor critical urgent recent
    latest first last"""
)
_HEADING_WORK = word_set("converter conversion enrichment enriched lookup lookups")


def _heading_restated(title: str, rest: str) -> bool:
    """Every word of the heading `title` that may say which records is said again in `rest`
    (at a word's start: "Cold room alarms" over coldroom.temps)."""
    from .context import may_select  # (context imports nothing of text; kept local to be sure)

    lowered = rest.lower()
    for word in re.findall(r"[A-Za-z][\w'-]*", title):
        low = word.lower()
        if low in _HEADING_WORK:
            continue
        risky = low in _HEADING_QUALIFIERS or may_select(low) or (word.isupper() and len(word) > 1)
        if risky and not re.search(rf"(?<![a-z]){re.escape(low)}", lowered):
            return False
    return True


_BULLET_SOURCE = re.compile(
    r"(?im)^\s*(?:(?:[-*\u2022\u00b7]|\d{1,2}[.)])\s+)?(?:(?:R|AC|REQ)[-\s]?\d{1,2}\s*[:.)-]\s*)?"
    # ("work orders replica\n- CDC with Debezium from PostgreSQL ...": a capture's source)
    # ("1. Subscribe to every topic matching x": the step reading the source)
    r"(?:source|input|topic|from|consume|read|subscribe|ingest|cdc|debezium|change\s+data\s+capture"
    # ("- MySQL CDC on plant_ops.x": the capture named after its database)
    r"|(?:postgres(?:ql)?|mysql|mariadb)\s+(?:cdc|debezium|change\s+data\s+capture))\b"
)
# A requirement's label at the start of a line ("- R1: consume ...", "AC2. write ...", "R3 -
# ...", "- [ ] keep ..."): it only numbers the requirement, the clause after it is read.
_REQ_LABEL = re.compile(
    r"(?m)^(?P<b>[ \t]*(?:[-*\u2022\u00b7][ \t]+)?)(?:\[[ xX]?\][ \t]*"
    r"|(?:R|AC|REQ)[-\s]?\d{1,2}(?:[ \t]*[:.)]|[ \t]+[-\u2013\u2014])[ \t]*)"
)
# A ticket's id opening the request ("Ticket SOL-412", "JIRA DATA-77:"): no requirement in it.
# Only after the word "ticket" (or "jira", ...) and with an upper-case project key; a bare
# "JIRA-123:" is read later, as context listed in the assumptions (asides.ticket_lead).
_TICKET_ID = re.compile(
    r"\A\s*(?:(?i:ticket|jira|issue|story|bug)(?:\s*[:#]\s*|\s+)[A-Z][A-Z0-9]{1,9}-\d+\b\s*(?::\s*)?"
    # "[DATA-101] read ...": the id in brackets
    r"|\[[A-Z][A-Z0-9]{1,9}-\d+\]\s*(?::\s*)?"
    # "EDU-1432 Remote exam proctoring flags" over a list: a bare id opening the title line
    r"|[A-Z][A-Z0-9]{1,9}-\d+[ \t]+(?=[A-Za-z][A-Za-z' \t-]{2,80}\n)"
    # "[P1] read ...", "[URGENT]": the ticket's priority in brackets
    r"|\[(?:P[0-4]|SEV-?[1-4]|(?i:urgent|high|medium|low|prio(?:rity)?\s*[0-4]))\]\s*(?::\s*)?)"
)
# "Airport baggage (ticket BAG-77): ...", "(see JIRA OPS-441)": a ticket's id in an aside, after
# the word "ticket" (or "jira", "ref", ...) and with an upper-case project key; a bare "(A-12)"
# may be a value and stays unread.
_TICKET_ASIDE = re.compile(
    r"[ \t]*\((?i:(?:see\s+)?(?:ticket|jira|issue|story|bug|ref)|see)(?:\s*[:#]\s*|\s+)"
    r"(?:(?i:jira)\s+)?[A-Z][A-Z0-9]{1,9}-\d+\)"
)
# "CARDS-212: decline velocity", "TICKET GAME-4471 - anti-cheat escalation feed", "[RET-982]
# Coupon redemption feed" on a line of its own over the request: a ticket's id and title
# (read as a "Title:" line); an id opening the request's one line is read later (see above)
_TICKET_TITLE = re.compile(
    r"\A\s*(?:(?i:ticket|jira|issue|story|bug)(?:\s*[:#]\s*|\s+))?"
    # ("FLEET-7 | Hourly catch totals": a pipe between them too)
    r"(?:[A-Z][A-Z0-9]{1,9}-\d+[ \t]*(?::|\s-|\s\u2013|\s\u2014|\s\|)"
    # ("OPS-88 Leak alert stream" over a blank line: the id and its title alone on a line;
    # a user story after it, "As a ... I want ...", is read with the title as its purpose)
    r"|[A-Z][A-Z0-9]{1,9}-\d+(?=[ \t]+[A-Za-z][A-Za-z' \t-]{2,80}\n[ \t]*\n(?!\s*(?i:as\s+an?)\s))"
    # "[RET-982] Coupon redemption feed"
    r"|\[[A-Z][A-Z0-9]{1,9}-\d+\][ \t]*(?::|\s-|\s\u2013|\s\u2014)?)[ \t]*"
    r"(?P<t>[A-Za-z][A-Za-z' \t-]{2,80}?)[ \t]*\n(?=\s*\S)"
)
# "Requirements (fraud / messaging):" over a list: the label, and who asks in parentheses (read
# as a "Title:" line, its words checked like a title's)
_LABEL_PAREN = re.compile(
    r"\A\s*(?i:requirements?|reqs|spec|request|ask)\s*\((?P<t>[^()\n]{2,60})\)\s*:[ \t]*\n(?=\s*\S)"
)
# "pls do a 30 minute window that hops every 5 minutes", "can you do session windows per x":
# "do" as a generic verb, only before a window ("do a refund check every hour" stays unread)
_DO_A_WINDOW = re.compile(
    r"(?i)\bdo\s+(?=(?:an?\s+)?(?:(?:\d+(?:\.\d+)?|[a-z]+(?:[\s-][a-z]+)?)[\s-]*(?:s|secs?|seconds?|m"
    r"|mins?|minutes?|minuts|h|hrs?|hours?|d|days?)[\s-]+)?(?:(?:tumbling|hopping|sliding|rolling"
    r"|session)[\s-]+)?wind\w*\b)"
)
_AS_AGREED = re.compile(
    r"(?i)\b(?:(?:as\s+(?:discussed|agreed|mentioned|requested|promised|planned)|per\s+our"
    r"\s+(?:chat|call|conversation|discussion|meeting|sync|standup))(?:\s+(?:yesterday|today"
    r"|earlier|this\s+morning|last\s+week|on\s+(?:monday|tuesday|wednesday|thursday|friday)))?|long\s+story\s+short|in\s+short|tl;?dr|fyi"
    # "Not sure if this is the right channel but:", "Per the ticket,", "Apologies for the long
    # message.", "Happy to pair on this if needed."
    r"|not\s+sure\s+(?:if|whether)\s+this\s+is\s+the\s+right\s+(?:channel|place|team|forum|spot)"
    r"(?:\s+(?:but|for\s+this))?\s*[:,.!\u2013\u2014-]?"
    r"|per\s+(?:the|this|that|my|our)\s+(?:ticket|jira|issue|request|spec|email|thread|doc)(?=\s*,)"
    r"|(?:apologies|sorry)\s+for\s+the\s+(?:long\s+(?:message|post|email|ticket)|wall\s+of\s+text"
    r"|essay|delay|late\s+reply|double\s+post|cross-?post)\s*[.!]*"
    r"|(?:i'?m\s+|we'?re\s+)?happy\s+to\s+(?:pair|help|chat|discuss|jump\s+on\s+a\s+call|hop\s+on\s+a"
    r"\s+call|answer\s+(?:any\s+)?questions)(?:\s+on\s+(?:this|it))?(?:\s+if\s+(?:needed|useful"
    r"|helpful))?\s*[.!]*"
    r"|for\s+context|just\s+so\s+you\s+know|if\s+possible|if\s+you\s+can|when\s+you\s+(?:get"
    r"|have)\s+(?:a\s+)?(?:chance|moment|time)|(?:make\s+sure|ensure)(?:\s+that)?|asap|urgently"
    r"|(?:i|we)\s+(?:was|were)\s+wondering\s+(?:if|whether)|would\s+you\s+mind"
    r"|(?:i|we)(?:'d|\s+would)\s+appreciate\s+it\s+if|nothing\s+fancy|keep\s+it\s+simple"
    r"|for\s+now|for\s+the\s+(?:time\s+being|moment)|(?:right\s+)?now\s+(?=(?:just|only)\b)"
    # "Let me know if anything is unclear.", "nothing else needed", "How do I get x into y?"
    r"|(?:let\s+(?:me|us)\s+know|lmk|shout|ping\s+me|reach\s+out)\s+(?:if|whether|when)\s[^.!?;]*[.!?]?"
    r"|lmk\b[.!?]*"
    r"|(?:ping|message|dm)\s+me(?:\s+on\s+(?:slack|teams|email))?(?:\s+otherwise)?"
    r"(?:\s+(?:with|for)\s+(?:any\s+)?questions)?"
    # ("Sorry if this is obvious - read x ...": the apology ends at a dash too)
    # "We'd love a pipeline that ...", "Would be great if someone could ...", "Looking for a
    # pipeline that ...", "Does anyone know how to ...": who asks, and how politely
    r"|(?:we|i)(?:'d|\s+would)\s+love(?=\s+(?:a|an|some|to)\b)"
    r"|(?:it\s+)?(?:would|'d)\s+be\s+(?:great|awesome|nice|amazing|lovely|ideal|perfect|super)\s+"
    r"(?:if\s+(?:someone|somebody|anyone|you|we)\s+(?:could|can)|to\s+have)"
    r"|(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+)?looking\s+for(?=\s+(?:a|an|some)\s)"
    r"|(?:does\s+|do\s+)?(?:anyone|anybody|someone|you)\s+know\s+how\s+(?:to|i\s+(?:can|could))"
    # "I've got a topic called x": who has the topic
    r"|(?:i|we)(?:'ve|\s+have)\s+got\s+(?=(?:a|an|the)\s+(?:kafka\s+)?topic\b)"
    r"|sorry\s+if\s+this\s+is\s+[^.!?;\u2013\u2014]*?[.!?]?(?:(?<=[.!?])|(?=[.!?])|\s+[-\u2013\u2014]\s+(?=\w)|$)|(?:i'm|i\s+am)\s+new\s+(?:here|to\s+this)(?:\s+so)?"
    r"|(?:i\s+think\s+)?that'?s\s+everything\b|(?:low|lower)\s+priority|not\s+urgent"
    r"|(?:is\s+it|would\s+it\s+be|will\s+it\s+be)\s+possible\s+(?:for\s+(?:you|us)\s+)?to"
    r"|(?:are|would|will)\s+you\s+(?:be\s+)?able\s+to"
    r"|any\s+chance\s+(?:you|we)\s+(?:could|can)|do\s+you\s+think\s+(?:you|we)\s+(?:could|can)"
    # ("nothing else changes": a statement of its own, never only "nothing else")
    r"|nothing\s+(?:else|more)(?:\s+(?:is\s+)?(?:needed|required|necessary)"
    r"|\s+(?:(?:needs|has)\s+to|should|must|will)\s+be\s+[a-z]+(?=\s*(?:[.!,;\n]|$))"
    r"|(?=\s*(?:[.!,;\n]|$)))"
    r"|that'?s\s+(?:it|all)(?:\s+really)?\b|no\s+(?:rush|hurry)|(?:it\s+)?should\s+be\s+(?:straightforward"
    r"|simple|easy|quick|trivial)|(?:ideally\s+)?by\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:sprint"
    r"|week|month|quarter|day)"
    # ("Needed by Friday.": when the sender wants it)
    r"|(?:(?:needed|wanted|required)\s+)?(?:ideally\s+)?by\s+(?:monday|tuesday|wednesday|thursday"
    r"|friday)"
    r"|how\s+(?:do|can|would|should)\s+(?:i|we)\s+(?=get\b)"
    r"|no\s+(?:other\s+)?(?:transformations?|changes?|processing)(?:\s+(?:needed|required"
    r"|necessary))?)\b(?:\s*,)?\s*"
)


# "We only care about the ones where alarm_code is ...", "the dispatch team only cares about
# calls where ...", "I'm only interested in orders whose ...": a lead-in saying which records
# to keep, read as "keep only" (the filter recogniser reads what follows; without a condition
# right after it the clause is left to purpose.py, which refuses what it cannot check).
_CARER = (
    r"(?:we|i|they|(?:the|our|my)\s+(?:[\w-]+\s+){0,3}?(?:team|teams|folks|analysts|engineers|people"
    r"|squad|department|ops|business|users|stakeholders|managers|leads|owners|planners|staff)|ops|finance|security|billing|marketing"
    r"|support|sre|devops|fraud|risk|compliance|legal|management)"
)
# "Please only include records where dose_status is 'given'", "include only the rows whose ...":
# records named, then the condition that selects them: read as "keep only"
_ONLY_INCLUDE = re.compile(
    r"(?i)\b(?:only\s+include|include\s+only"
    # "only show groups where hint_count > 3", "return only windows with ...": what is shown
    # is what is kept (only with "only": "show rows with x on stdout" may be a sink's words)
    # ("emit only drivers with ..." stays as written: a sink's verb, refused by its own words)
    r"|only\s+(?:show|display|return|surface)|(?:show|display|return|surface)\s+only)\s+"
    r"(?=(?:the\s+)?[A-Za-z][\w-]*s\s+(?:where|whose|with|that|which|having)\b)"
)
# "duplicate line_item_id records within 10 minutes are dropped (before the aggregation)",
# "repeated scan_id events should be discarded": a dedup said in the passive, as acceptance
# criteria say it; read as "drop duplicate <key> records ..." (a dedup always runs before the
# window, so "before the aggregation" says nothing more; "after" is left unread)
_PASSIVE_DEDUP = re.compile(
    r"(?i)\b(?:any\s+|all\s+)?(?:the\s+)?(?:duplicate|duplicated|repeated|repeat)\s+"
    r"(?P<k>[A-Za-z_]\w*_\w*)\s+(?P<n>records|events|messages|rows|entries|values)"
    r"(?P<w>\s+(?:within|in|over|inside)\s+(?:the\s+same\s+|an?\s+)?[\w ]{1,20}?)?\s+"
    r"(?:are|get|gets|should\s+be|must\s+be|will\s+be|have\s+to\s+be|need\s+to\s+be)\s+"
    r"(?:dropped|removed|discarded|ignored|skipped|filtered\s+out|thrown\s+away)"
    r"(?:\s+(?:before|prior\s+to)\s+(?:the\s+|any\s+)?(?:aggregation|aggregating|window|windowing"
    r"|counting|grouping|roll-?up|summing))?\b"
)
# "then add two computed fields: zenith_deg = 90 - alt_deg and exposure_min = exposure_s / 60":
# a label counting the computed fields before them (see `_counted_fields`)
_COUNTED_FIELDS = re.compile(
    r"(?i)\b(?P<verb>add|adding|compute|computing|calculate|calculating|derive|deriving|create"
    rf"|creating)\s+(?:(?P<n>\d+|{WN})\s+)?(?:new\s+)?(?:(?:computed|derived|calculated)\s+)?"
    r"(?:fields|columns)\s*:?\s+(?=[A-Za-z_]\w*\s*=(?!=))"
)


def _counted_fields(m: re.Match[str]) -> str:
    """The label read as its verb alone when the fields named after it ("a = ...", up to the
    sentence's end) are as many as it says; otherwise kept (and refused, quoting it)."""
    stop = re.compile(r"[.;!?](?=\s|$)|\n").search(m.string, m.end())
    said = m.string[m.end() : stop.start() if stop else len(m.string)]
    named = len(re.findall(r"(?<![\w.])[A-Za-z_]\w*\s*=(?!=)", said))
    if m["n"] and number(m["n"].lower()) != named:
        return m.group(0)
    return f"{m['verb']} "


# "ignore swaps made through channel 'app' or 'web'", "orders placed via channel 'web'": the
# word before a quoted value is the field that holds it (said as a condition: "where channel is")
_MADE_THROUGH = re.compile(
    r"(?i)(?<=[a-z])\s+(?:made|placed|sent|submitted|done|created|booked|coming|received|paid"
    r"|initiated|started|opened|issued|raised)\s+(?:through|via|over|from|on|in|using)\s+(?:the\s+)?"
    r"(?P<f>[a-z][a-z0-9_]*)\s+(?=['\"])"
)


_ONLY_CARE = re.compile(
    # "All we care about is orders where ...", "The only thing ops cares about is ..."
    rf"(?i)(?:\b(?:all|the\s+only\s+thing)\s+{_CARER}\s+(?:really\s+)?(?:care|cares)\s+about\s+is"
    # "We only care about ...", "Ops only cares about ...", or no subject at a sentence start
    # ("Only interested in readings where ...")
    rf"|(?:\b{_CARER}(?:'re|'m|\s+are|\s+am|\s+is)?\s+|(?:^|(?<=[.!?;:]\s))\s*)(?:really\s+|also\s+)?"
    r"(?:only\s+(?:care|cares)\s+about|(?:care|cares)\s+only\s+about|(?:just|mainly|really)\s+(?:care"
    r"|cares)\s+about|only\s+(?:interested|bothered)\s+(?:in|about)|only\s+(?:want|wants|need|needs)"
    r"(?:\s+to\s+see)?(?!\s+(?:the\s+|those\s+)?[A-Za-z][\w-]*\s+(?:that|which)\b)))"
    r"\s+(?=(?:the\s+|those\s+)?[A-Za-z][\w-]*\s+(?:where|whose|with|that|which|having)\b"
    # "... only care about plucking records from the Assam and Nilgiri gardens" (value_lists.py)
    r"|(?:[A-Za-z][\w-]*\s+)?(?:records|events|rows|entries|messages|readings|data)\s+"
    r"(?:from|of|in|at|for)\s+the\s+[^.;!?\n]*?,"
    # "I only care about brood_temp_c above 36.5": a field written as a name, then compared
    r"|[A-Za-z]\w*_\w*\s+(?:is\s+|are\s+|of\s+)?(?:over|above|under|below|greater|less|more|fewer"
    r"|higher|lower|at\s+(?:least|most)|between|exceed\w*|equal\w*|[<>=!]|(?:not\s+)?in\s*[\[(]))"
)


def _inline_numbered(request: str) -> str:
    """ "1. read x 2. write to y", "(1) read x (2) ..." on one line: a numbered list, each item
    on its own line. Only when it opens with 1 and the numbers follow one another; a number
    after a comparison ("> 2. then ...") is a value, never an item number."""
    if "\n" in request.strip() or not re.match(r"\s*(?:1[.)]|\(1\))\s+\S", request):
        return request
    given = request
    # "(1) read x (2) keep ... (3) write ...": the numbers in brackets, read as "1)"
    if request.lstrip().startswith("(1)"):
        request = re.sub(r"(?:(?<=^)|(?<=\s))\((\d{1,2})\)(?=\s)", r"\1)", request.lstrip())
    out, expect, pos = [], 2, 0
    for m in re.finditer(r"(?<=\s)(\d{1,2})[.)]\s+(?=[A-Za-z])", request):
        before = request[pos : m.start()]
        if int(m.group(1)) != expect or re.search(
            r"(?:[<>=!]|\b(?:than|over|under|above|below|least|most|exceeds?|equals?|is|of|by"
            r"|every|within|after|to|and|or))\s*$",
            before,
            re.IGNORECASE,
        ):
            continue
        out.append(request[pos : m.start()])
        pos, expect = m.start(), expect + 1
    if expect == 2:
        return given
    out.append(request[pos:])
    return "\n".join(out)


# An item of a list saying what the pipeline does, its verb in the third person ("- keeps scans
# where weight_kg > 1000"): the verb as an instruction.
_BASE_VERBS = {
    "reads": "read", "consumes": "consume", "keeps": "keep", "drops": "drop",
    "filters": "filter", "writes": "write", "sends": "send", "publishes": "publish",
    "stores": "store", "counts": "count", "sums": "sum", "averages": "average", "joins": "join",
    "enriches": "enrich", "forwards": "forward", "prints": "print", "dedupes": "dedupe",
    "deduplicates": "deduplicate", "removes": "remove", "discards": "discard",
    "computes": "compute", "calculates": "calculate", "adds": "add", "pushes": "push",
    "emits": "emit", "loads": "load", "lands": "land", "ignores": "ignore", "excludes": "exclude",
}  # fmt: skip
_THIRD_PERSON = re.compile(r"(?i)^(" + "|".join(_BASE_VERBS) + r")\b(?!\s+(?:to|is|are|as)\b)")
# A store written as a URL or a short form: "kafka:big-orders", "kafka://big-orders",
# "ch:iot.readings", "clickhouse://iot.readings", "CH shop.orders", "CH: shop.orders" (capitals
# only: "ch" alone is no store).
_KAFKA_SCHEME = re.compile(r"(?i)(?<![\w./:-])kafka:(?://)?(?=[A-Za-z])")
_CH_SCHEME = re.compile(
    r"(?i)(?<![\w./:-])(?:ch|clickhouse):(?://)?(?=[A-Za-z_]\w*\.[A-Za-z_]\w*(?![\w.:/-]))"
)
_CH_CAPS = re.compile(
    r"(?<![\w./:-])CH(?=\s+(?:table\s+|database\s+|db\s+)?[A-Za-z_]\w*\.[A-Za-z_]\w*(?![\w.:/-])"
    r"|\s+(?:table|database|db)\s"
    # "CH: analytics.totals": a label, ClickHouse's, before a dotted name
    r"|\s*:\s+(?:table\s+)?[A-Za-z_]\w*\.[A-Za-z_]\w*(?![\w.:/-]))"
    # "=> ch table a.b": lower case only before "table" and a dotted name
    r"|(?<![\w./:-])(?i:ch)(?=\s+table\s+[A-Za-z_]\w*\.[A-Za-z_]\w*(?![\w.:/-]))"
    # "...; ch box_office.sales", "-> ch a.b", "write to ch a.b": lower case as a step of its
    # own or after "to", before a dotted name
    r"|(?:^|(?<=[;,>\n])|(?<=[;,>\n] )|(?<=\bto )|(?<=\binto ))(?i:ch)"
    r"(?=\s+[A-Za-z_]\w*\.[A-Za-z_]\w*(?![\w.:/-]))"
)


# "outputs = [stdout, topic big]", "sinks: [ClickHouse a.b, Redis]": a label's items written as
# a list literal, read as the label's plain list ("outputs: stdout, topic big")
_LABEL_LIST = re.compile(
    r"(?i)\b(?P<l>sinks?|outputs?|targets?|destinations?|sources?|inputs?|topics?)\s*[=:]\s*"
    r"\[(?P<v>[^\[\]\n]+)\]"
)


def _store_schemes(part: str) -> str:
    part = _KAFKA_SCHEME.sub("kafka topic ", part)
    return _CH_CAPS.sub("ClickHouse", _CH_SCHEME.sub("ClickHouse ", part))


def is_step_list(request: str) -> bool:
    """A request written as ordered steps: an arrow chain, or a bulleted or numbered list
    (each becomes a clause of its own in `layout`)."""
    request = _inline_numbered(request)
    lines = [x for x in _BULLET.sub("\n", "\n" + request.strip()).splitlines() if x.strip(" ,;")]
    return len(lines) > 1 or len(_ARROW.split(request)) > 1


# A ticket's metadata line ("Priority: high", "Owner: @maria", "Due: end of sprint", "Story
# points: 3", "Labels: streaming, warehouse"), on a line of its own: who, when and how urgent,
# never what the pipeline does. Only these labels, each with the values it takes ("Status:" and
# "Component:" may name a field, so they are never dropped).
# (nobody yet: "Assignee: unassigned", "Owner: TBD")
_WHO_VALUE = (
    r"(?:@[\w.-]*\w|(?-i:[A-Z][\w'-]*)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|unassigned|tbd|tbc|nobody"
    r"|none\s+yet)"
)
# "BOB-311  [timing] [analytics]", "SEA-88 · labels: finance, harvest" opening the request: a
# ticket's id before its tags (dropped with them) or its fields (left for _TICKET_META)
_TICKET_ID_OVER_META = re.compile(
    r"\A\s*[A-Z][A-Z0-9]{1,9}-\d+(?:(?:[ \t]*\[[A-Za-z][\w -]{0,30}\])+[ \t]*\n"
    r"|[ \t]*[\u00b7|\u2022,-]?[ \t]*(?=(?i:labels?|tags?|priority|severity|prio|components?)"
    r"[ \t]*:))"
)
_TICKET_META = re.compile(
    r"(?im)^[ \t]*(?:[-*\u2022][ \t]+)?(?:"
    r"(?:priority|severity|prio|urgency)\s*:\s*(?:low|lowest|medium|med|normal|high|highest|urgent"
    r"|critical|major|minor|blocker|trivial|p[0-4]|sev[1-4]|[1-5])"
    rf"|(?:owner|assignee|assigned\s+to|reporter|reported\s+by|requester|requested\s+by|cc"
    rf"|watchers?|stakeholders?|reviewers?|team|squad)\s*:\s*{_WHO_VALUE}(?:[\s,&]+(?:and\s+)?{_WHO_VALUE})*"
    r"(?:\s+(?:team|squad|group))?"
    r"|(?:due(?:\s+date)?|deadline|eta|target\s+date|needed\s+by)\s*:\s*(?:(?:by|before|end\s+of"
    r"|eod|eow|next|this|the|asap|q[1-4]|sprint|week|month|quarter|monday|tuesday|wednesday"
    r"|thursday|friday|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*"
    r"|nov\w*|dec\w*|\d{1,4}(?:[-/.]\d{1,2}){0,2}(?:st|nd|rd|th)?)[\s,]*)+"
    r"|sprint\s*:\s*[\w.-]+(?:\s+\d+)?|(?:story\s+points|points|estimate|sp)\s*:\s*\d+(?:\.\d)?"
    r"(?:\s*(?:points?|days?|d|h))?|(?:labels?|tags?)\s*:\s*[a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*"
    r"|(?:type|issue\s+type)\s*:\s*(?:story|task|feature|bug|chore|spike|improvement)"
    # "Notes = none", "Comments: n/a": a ticket field left empty ("x = none" is no null test)
    r"|(?:notes?|comments?|remarks?|open\s+questions?|questions?)\s*[:=]\s*(?:none|n/?a|nothing"
    r"|no|tbd|-+)"
    # a workflow state only ("Status: To Do", "Status: In progress"); "Status: open" may be a
    # condition on a field and stays
    r"|status\s*:\s*(?:to\s*-?\s*do|in\s+progress|backlog|in\s+review|ready\s+for\s+dev"
    r"|triage|needs\s+triage|icebox)"
    r")[ \t.]*(?:\n|$)"
)
# "+1 on this,": agreement with the thread, no requirement in it.
_PLUS_ONE = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))\s*\+1\s+(?:on|to|for)\s+(?:this|that"
    # ("+1 to what Jo said.": agreeing in a thread)
    r"|what\s+(?:[A-Z][a-z]+|@[\w.-]+|you|they|he|she)\s+(?:said|wrote|asked|suggested))\s*[,.!:-]?\s*"
)
# "... ^ @maria fyi", "... @anna @bob ptal": who is pointed at, closing the request.
_CLOSING_MENTIONS = re.compile(
    r"(?i)(?:(?<=[.!?])|(?<=^))\s*\^?\s*(?:(?:/?cc|fyi)\s*:?\s*)?(?:@[\w.-]*\w[\s,]*(?:and\s+)?)+"
    r"(?:fyi|ptal|pls|please|thx|thanks|ty)?[.!]*\s*$"
)
# "cc @ops-team", "/cc @anna @bob": who is copied, opening or closing a sentence; "Asked by
# @maria in #data-help:" who asked, and where.
_CC_MENTION = re.compile(
    r"(?i)(?:(?<=^)|(?<=[.!?\n]))\s*(?:/?cc\s*:?|(?:asked|requested|raised|reported|flagged)\s+by)"
    r"\s*(?:@[\w.-]*\w[\s,]*(?:and\s+)?)+(?:(?:in|on|via)\s+#[\w-]+\s*)?"
    r"(?:[-\u2013\u2014:]\s+|$)"
)


# An email's header lines ("From: Priya Shah <priya@example.com>", "Sent: Monday", "To:
# data-eng"): never a source or a sink. Only in a block of header lines opening the request that
# gives an address or a "Sent:"/"Date:" line; "From: orders-raw" stays a source label.
_EMAIL_HEADER_LINE = re.compile(
    r"(?im)^[ \t]*(?P<label>from|sent|date|to|cc|bcc|reply-to)[ \t]*:[ \t]*(?P<v>[^\n]*)\n"
)
_EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _email_headers(request: str) -> str:
    lines, pos = [], 0
    while True:
        m = _EMAIL_HEADER_LINE.match(request, pos)
        subject = re.match(r"(?im)[ \t]*subject[ \t]*:[^\n]*\n", request[pos:])
        if m:
            lines.append(m)
            pos = m.end()
        elif subject and lines:
            pos += subject.end()  # the subject stays (read as a title, see _HEADER)
        else:
            break
    labels = {m["label"].lower() for m in lines}
    if not lines or not (
        labels & {"sent", "date"} or any(_EMAIL_ADDRESS.search(m["v"]) for m in lines)
    ):
        return request
    for m in reversed(lines):
        request = request[: m.start()] + request[m.end() :]
    return request


_TYPED_ITEM = r"\s*[A-Za-z_]\w*\s*:?\s+[A-Za-z]\w*\s*|\s*[A-Za-z_]\w*\s*:\s*[A-Za-z]\w*\s*"
RECORDS_LIKE = re.compile(
    r"(?i)(?P<name>[A-Za-z][\w-]*[-.][\w.-]*\w)\s*,?\s+(?:(?:its|the|whose)\s+)?"
    r"(?:records?|messages?|events?|rows?|payloads?)\s+(?:look\s+like|are\s+like|like"
    r"|shaped\s+like|(?:with|have|has)\s+(?:the\s+)?(?:shape|schema))\s*:?\s*"
    rf"[{{(](?P<body>(?:{_TYPED_ITEM})(?:,(?:{_TYPED_ITEM}))*),?\s*[}})]"
)


def _or_beside_and(m: re.Match[str]) -> bool:
    """ "weight_kg > 2 and zone = 'A' or zone = 'B'": the field said again after 'or', next to an
    'and': which two go together is the reader's to ask (filters refuses it), not one list."""
    repeated = re.search(rf"(?i)\bor\s+{re.escape(m['f'])}\b", m["rest"])
    before = re.search(r"(?i)\band\s+(?:the\s+)?$", m.string[: m.start()])
    after = re.match(r"(?i)\s*,?\s*and\b", m.string[m.end() :])
    return bool(repeated and (before or after))


# A line's own start that opens a new item, never a wrapped sentence going on
# (or a label: "mode: current rows only", "sink: clickhouse x")
_ITEM_START = re.compile(
    r"[ \t]*(?:[-*\u2022\u00b7>#]|\d{1,2}[.)]\s|(?i:step|stage)\s|[A-Za-z][\w ]{0,20}:\s)"
)
# A line opening with a label ("Shipping: ..."), never a bullet or a numbered step
_LABEL_START = re.compile(r"[A-Za-z][\w ]{0,20}:\s")
# A line's last word that leaves its clause open ("Deduplicate on", "... and the")
_OPEN_ENDING = re.compile(
    r"(?i)\b(?:on|to|and|or|the|a|an|of|by|as|with|per|in|into|onto|from|over|than|using)$"
)
# How a hard-wrapped sentence goes on: a lowercase word, a number, a bracket or a quote
# (flush left: an indented line is an item of a list under the line before)
_GOES_ON = re.compile(r"[a-z0-9(`'\"]")


def _unwrap(request: str) -> str:
    """Prose hard-wrapped at a fixed width ("... and publish\nthem to x.y keyed by id"): a long
    line (100 characters or more, or 60 ending in a word or a comma when the next word would not
    have fit on it; an arrow chain's only when left open) not ending a sentence,
    then a line going on in lowercase, is one line (a list's short items, bullets, numbered
    steps, labels and a line ending in punctuation stay apart)."""
    out: list[str] = []
    lines = request.split("\n")
    width = max(len(line.rstrip()) for line in lines)
    for line in lines:
        before = out[-1].rstrip() if out else ""
        if (
            # (or of 60 when it ends in a word or a comma and the next line's first word would
            # not have fit on it within the text's width: "... and write them\nto ClickHouse x"
            # wrapped at 99; "... (call it peak_co2)\nonly emit when ...", "... the oysters get
            # leggy stems\nsend to kafka x" are a chat's lines of their own)
            (
                len(before) >= 100
                or (
                    len(before) >= 60
                    and re.search(r"[\w,:]$", before)
                    and len(before) + 1 + len(line.strip().split(" ")[0]) > width
                )
                # ("... Deduplicate on\norder_id over ...": a word no sentence ends on)
                or (len(before) >= 60 and _OPEN_ENDING.search(before))
            )
            # ("a -> b -> kafka x\nmalformed messages go to y": a chain's line ends its step,
            # unless its last words are left open: "..., renaming package to\npackage_name")
            and (
                not re.search(r"-{1,2}>|[\u2192\u279c\u2794\u279d\u279e\u27a1\u21d2\u27f6]", before)
                or re.search(
                    r"(?i)(?:,|\b(?:to|and|or|the|a|an|of|by|as|with|per|in|into))$", before
                )
            )
            and not re.search(r"[.;!?]$", before)
            # ("... Primary key id. Columns:\nid integer, client text, ... When a": a label
            # wrapped with its long list goes on; one over short lines, each an item, stays)
            and (not before.endswith(":") or len(line.strip()) >= 60)
            and _GOES_ON.match(line)
            and not _ITEM_START.match(line)
            # ("Shipping: left-join x with y on k, where the delivery may come\nup to ...": a
            # label's line wrapped like prose goes on too; a bullet's or a step's stays apart)
            and (not _ITEM_START.match(before) or _LABEL_START.match(before))
            # ("... expire after 30 mins\nty!": the sign-off's own line)
            and not _SIGN_OFF.fullmatch(line.strip())
        ):
            out[-1] = f"{before} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


# A quoted value ('asap', "fyi"): the quote opens and closes off a word, never an apostrophe
_QUOTED_VALUE = re.compile(r"""(?<!\w)(?:'[^'\n]*'|"[^"\n]*"|`[^`\n]*`)(?!\w)""")


def _unquoted_sub(pattern: re.Pattern[str], text: str) -> str:
    """`pattern`'s matches removed from `text`, but for those inside a quoted value: "note
    contains 'urgent' or 'asap'" compares with 'asap', never with ''."""
    quoted = [m.span() for m in _QUOTED_VALUE.finditer(text)]
    return pattern.sub(lambda m: m[0] if any(a < m.start() < b for a, b in quoted) else "", text)


# "10 < amount <= 100", "100 > amount > 10": a field between two numbers, the two signs
# pointing the same way (mixed ones are left unread, refused)
_CHAINED = re.compile(
    r"(?<![\w.])(?P<lo>-?\d+(?:\.\d+)?)\s*(?P<op1><=?|>=?)\s*(?P<f>[A-Za-z_]\w*)\s*"
    r"(?P<op2><=?|>=?)\s*(?P<hi>-?\d+(?:\.\d+)?)(?![\w.])"
)
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _chained_as_two(m: re.Match[str]) -> str:
    if m["op1"][0] != m["op2"][0]:
        return m.group(0)
    return f"{m['f']} {_FLIPPED[m['op1']]} {m['lo']} and {m['f']} {m['op2']} {m['hi']}"


# A range's bound may keep its currency sign ("between $100 and $500"): the filters check it as
# they check a single bound's
_SIGNED = r"(?:[$\u20ac\u00a3]\s?)?"
# "(x is a value between 0 and 1)", "(a decimal number between ...)": what a field holds, said
# after 'is a' or an opening bracket (never a field named 'value': "where value is between 0 and
# 1", "readings with a value between 10 and 20" still compare one)
_IS_A = ["is a", "is an", "'s a", "'s an", "(a", "(an", "always a", "always an"]
RANGE_NOUN_AFTER_ARTICLE = (
    "(?:" + "|".join(rf"(?<={re.escape(w)}\s)" for w in _IS_A) + ")"
    r"(?:(?:decimal|whole|real|positive)\s+)?(?:value|number|float"
    r"|fraction|ratio|probability|percentage|integer|decimal)\s+between\b"
)


# "readings outside 0 to 2000000 km (odometer_km)": a range said of the records' noun, a unit
# maybe, and the field in brackets (see `_outside_field_after`)
_OUTSIDE_FIELD_AFTER = re.compile(
    r"(?i)\b(?P<n>[a-z]+s)\s+(?P<r>outside(?:\s+of)?(?:\s+(?:the\s+)?(?:range|interval|band)"
    r"(?:\s+of)?)?\s+-?[\d.]*\d\s*(?:to|-|\u2013|\.\.)\s*-?[\d.]*\d)(?:\s+(?P<u>[a-z]+))?"
    r"\s*\(\s*(?:(?:the\s+)?(?:field|column)\s*:?\s*)?(?P<f>[a-z]\w*_\w+)\s*\)"
)


def _outside_field_after(m: re.Match[str]) -> str:
    """The range said of the bracketed field, its unit dropped only when the field's name ends
    in it (any other unit, or a word that is none, is left to be refused as it was said)."""
    if m["u"] and not any(same_unit(m["u"].lower(), u) for u in field_units(m["f"])):
        return m[0]
    return f"{m['n']} with {m['f']} {m['r']}"


def layout(request: str) -> str:
    """Bullets and arrow chains as clauses; one line, single spaces."""
    request = _unwrap(request)
    request = _email_headers(request)
    request = _TICKET_ID_OVER_META.sub("", request, count=1)
    request = _TICKET_META.sub("", request)
    request = _TICKET_ASIDE.sub("", request)
    request = _CC_MENTION.sub(" ", request).strip()
    request = _CLOSING_MENTIONS.sub("", _PLUS_ONE.sub(" ", request)).strip()
    request = _SIGN_OFF.sub("", request.rstrip())
    # "p50, p90 and p99 of x": one list of levels, never a list of clauses
    request = re.sub(
        r"(?i)\b(p\d{1,2}(?:\.\d+)?)\s*,\s*(?:and\s+)?(?=p\d{1,2}\b)", r"\1 and ", request
    )
    # "## Boarding counts" over the request: a markdown heading is its title line
    request = re.sub(r"\A\s*#{1,6}[ \t]+(?=[A-Za-z][^\n#]{2,80}\n)", "Title: ", request)
    request = _TICKET_TITLE.sub(lambda m: f"Title: {m['t']}\n", request, count=1)
    request = _LABEL_PAREN.sub(lambda m: f"Title: {m['t'].strip()}\n", request, count=1)
    request = _GREETING.sub("", _TICKET_ID.sub("", request, count=1), count=1)
    request = _unquoted_sub(_AS_AGREED, request)
    request = _PLEASANTRY.sub("", request, count=1)
    subject = re.match(r"(?i)[ \t]*(?:subject|title)[ \t]*:[^\n]*\n\s*", request)
    if subject:  # "Subject: x\n\nHi, the CAD system ...": the greeting opens the body under it
        at = subject.end()
        request = request[:at] + _GREETING.sub("", request[at:], count=1)
    request = _KEEP_ASKING.sub(" ", request).strip()
    request = _DONE_BY_HAND.sub(" ", request).strip()
    request = _POLITE_ASK.sub(" ", request).strip()
    # "could we get a little something on topic x?": chat's modesty about the ask, no records
    request = re.sub(r"(?i)\b(?:a\s+)?(?:little|small|quick)\s+(?=something\b)", "", request)
    request = _USER_STORY.sub(" ", request).strip()
    # "We count them with clickers today. Instead, count ...": the ask after what it replaces
    request = re.sub(r"(?i)(?:^|(?<=[.!?]\s))\s*instead\s*,\s*(?=[a-z])", "", request)
    request = _WIRE_UP.sub("read ", request)
    request = _HEADER.sub(
        lambda m: f"{m['label']}: {m['t']}.\n" if m["t"] else f"{m['h']}.\n", request, count=1
    )
    request = _REQ_LABEL.sub(lambda m: m["b"] or "- ", request)
    bare_title = _BARE_TITLE.match(request)
    if bare_title and _BULLET_SOURCE.search(request, bare_title.end()):
        request = f"Title: {bare_title['t']}.\n{request[bare_title.end() :]}"
    one_word = _ONE_WORD_TITLE.match(request)
    if (
        one_word
        and one_word["t"].lower() not in _NOT_A_SOURCE | _VERBS
        and _LABELLED_BULLET_SOURCE.search(request, one_word.end())
    ):
        request = f"Title: {one_word['t']}.\n{request[one_word.end() :]}"
    heading = _RUNBOOK_HEADING.match(request)
    if (
        heading
        and heading["t"].split()[0].lower() not in _NOT_A_SOURCE
        and _BULLET_SOURCE.search(request, heading.end())
    ):  # "Plate read dedup:\n1. Read x.\n2. ...": a runbook's heading is its title, no step
        request = f"Title: {heading['t']}.\n{request[heading.end() :]}"
    named = _NAMED_HEADING.match(request)
    if named and _heading_restated(named["t"] or "", request[named.end() :]):
        title = f"Title: {named['t']}.\n" if named["t"] else ""
        name = named["n"] or named["m"]
        request = f"{title}Call the pipeline {name}.\n{request[named.end() :]}"
    chain_heading = _CHAIN_HEADING.match(request)
    if (
        chain_heading
        and chain_heading["t"].split()[0].lower() not in _NOT_A_SOURCE | _VERBS
        and _heading_restated(chain_heading["t"], request[chain_heading.end() :])
    ):
        request = f"Title: {chain_heading['t']}.\n{request[chain_heading.end() :]}"
    request = _goal_restating_steps(request)
    request = _ASK_LABEL.sub("", request)
    request = _SECTION_LABEL.sub(lambda m: f"\n- {m['label']}: ", request)
    request = _ONLY_CARE.sub("keep only ", request)
    request = _ONLY_INCLUDE.sub("keep only ", request)
    request = _PASSIVE_DEDUP.sub(
        lambda m: f"drop duplicate {m['k']} {m['n']}{m['w'] or ''}", request
    )
    request = _COUNTED_FIELDS.sub(_counted_fields, request)
    request = _DO_A_WINDOW.sub("make ", request)
    request = _MADE_THROUGH.sub(lambda m: f" where {m['f']} is ", request)
    request = _REDIS_STEP.sub(_redis_step, request)
    request = _REDIS_SHAPE_AFTER.sub(_redis_shape_after, request)
    # "ClickHouse x & topic y": an ampersand between words is "and"
    request = _outside_quotes(request, lambda part: re.sub(r"(?<=\w)\s+&\s+(?=\w)", " and ", part))
    request = _outside_quotes(request, _store_schemes)
    # "`ops`.`doors`": a database and a table, each quoted as SQL quotes them
    request = re.sub(r"`([A-Za-z_]\w*)`\.`([A-Za-z_]\w*)`", r"\1.\2", request)
    request = _LABEL_LIST.sub(r"\g<l>: \g<v>", request)
    request = _named_opener(_inline_numbered(request))
    lines = [line.strip(" ,;") for line in _BULLET.sub("\n", "\n" + request.strip()).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1:  # acceptance criteria ("- reads topic x", "- keeps scans where ..."): verbs
        lines = [_THIRD_PERSON.sub(lambda m: _BASE_VERBS[m.group(1).lower()], x) for x in lines]
    # ("Title: Pump alarm feed" over one line: that line is the whole request, no list item)
    titled = len(lines) == 2 and re.match(r"(?i)title\s*:", lines[0]) is not None
    if (
        len(lines) > 1 and not titled
    ):  # a list: a bare first item is the source, a bare last item the output
        lines[0] = _as_source(lines[0])
        if (
            re.match(r"(?i)title\s*:", lines[0])
            and _BARE_NAME.match(lines[1])
            and re.search(r"[-_.]", lines[1])
        ):
            # "Title: Chamber pressure converter\nfab.chamber_pressure\n-> ...": the list opens
            # under its title, with the source's bare name
            lines[1] = f"from topic {lines[1]}"
        if not (_PLAIN_WORD.match(lines[-1]) and any(map(_OUTPUT_SAID.search, lines[:-1]))):
            # ("Output: kafka topic x\ndone": a plain word after the output named is no topic)
            lines[-1] = _as_output(lines[-1])
        lines[1:-1] = [_as_condition(_restated_step_label(x, request)) for x in lines[1:-1]]
        lines = [re.sub(r"(?i)^to\s+((?:kafka\s+)?topic\s)", r"publish to \1", x) for x in lines]
    # "- keep taps with fare_cents at least 250\n- and line is red or blue": an item opening
    # with a connective goes on with the item before it (as one clause, never a new step)
    text = "".join(
        (" " if i and re.match(r"(?i)(?:and|but|or)\s", x) else "; " if i else "") + x
        for i, x in enumerate(lines)
    )
    # "Enrich: Redis key site:{site_id} -> operator_name, city": the arrow maps a lookup's key
    # to the fields it gives, no step of its own
    # ("lookup creative:{creative_id} in redis -> advertiser_id, creative_format": the store
    # said between them)
    text = re.sub(
        r"(\{[A-Za-z_]\w*\}['\"`]?(?:\s+(?:in|from)\s+(?:the\s+)?redis)?)\s*(?:-{1,2}>|[→➜➔➝➞➡⇒⟶])\s*"
        r"(?=[A-Za-z_]\w*(?:\s*,\s*(?:and\s+)?[A-Za-z_]\w*|\s+and\s+[A-Za-z_]\w*)*\s*(?:[;\n]|\.(?!\w)|$"
        r"|-{1,2}>|[→➜➔➝➞➡⇒⟶]))",
        r"\1, fields ",
        text,
    )
    # "rename stud_id -> student_id, sch -> school_id": the arrow pairs an old name with its new
    # one, no step of its own
    text = re.sub(
        rf"(?i)\brenam\w*\s+(?:the\s+)?(?:(?:fields?|columns?)\s+)?{_RENAMED}"
        rf"(?:\s*,\s*(?:and\s+)?{_RENAMED}|\s+and\s+{_RENAMED})*",
        lambda m: re.sub(r"\s*(?:-{1,2}>|[→➜➔➝➞➡⇒⟶])\s*", " to ", m.group(0)),
        text,
    )
    # "avg moisture_pct -> avg_moisture, min soil_temp_c -> min_temp": the arrow gives an
    # aggregate its name, no step of its own (`_fn_arrow_names`)
    text = _fn_arrow_names(text)
    # "... emit only if p95_co2 > 1500. out -> kafka x": a label opening its sentence, then an
    # arrow for its colon (never a step of the chain: "out" names nothing)
    text = _ARROW_LABEL.sub(r"\1\2: ", text)
    # "..., misses -> x-unknown": where a lookup's misses go, said as prose ("misses to topic x")
    # so the chain never reads it as a step of its own
    text = _MISSES_ARROW.sub(r"\g<w> to topic ", text)
    steps = _minus_steps(_ARROW.split(text))
    if len(steps) > 1 and _producers_arrow(steps[0], steps[1], more=len(steps) > 2):
        # "Door scanners -> topic hall.door-scans. Keep only ...": who writes the source (a
        # chain may go on after it: "tunnel balance -> topic x. every 30s ... -> clickhouse y")
        steps = [_producers_publish(steps[0], steps[1]), *steps[2:]]
        text = steps[0]
    if len(steps) > 1:
        # "Teachers upload homework through the portal. homework-submissions -> ...": a chain
        # opening after a sentence of context opens with a topic's name ("... output -> x" no)
        first = steps[0].strip(" ,")
        cut = max([m.end() for m in re.finditer(r"[.!?;]+\s+|\n", first)], default=0)
        head, last = first[:cut], first[cut:]
        # ("max x as y per tank_id hourly, tank-sensors -> topic z": after a comma, a name
        # only a topic has)
        comma = re.search(r",\s+(?P<n>[A-Za-z][\w.-]*[-.][\w.-]*[A-Za-z0-9])$", first)
        named_before = (
            re.search(
                r"(?i)\b(?:topics?|from|read\w*|consum\w*|source)\b|[A-Za-z]\w*-\w",
                first[: comma.start()],
            )
            if comma
            else None
        )
        if comma and len(steps) == 2 and comma.start() > cut and not named_before:
            steps[0] = first[: comma.start()] + ", " + _as_source(comma["n"])
        elif head and re.search(r"(?:^|\s)[A-Za-z][\w.-]*[-_.\d][\w.-]*$", last):
            # ("ais.passes, distance_nm < 5 only. hourly: ... by vessels_seen -> stdout": the
            # chain's first sentence opens with a name only a topic has, the source)
            opens = re.match(r"[A-Za-z]\w*(?:[-.]\w+)+\s*[,:]\s", head)
            steps[0] = (_as_source(head.rstrip()) + " " if opens else head) + _as_source(last)
        else:
            steps[0] = _as_source(first)
        steps[-1] = _last_step_output(steps[-1].strip(" ,."))
        for i, step in enumerate(steps[1:-1], 1):
            # "a -> b -> topic x. Bad messages -> x-dlq": a chain ends at a sentence's end
            ends = re.match(r"(?s)(?P<last>.*\S)(?P<sep>(?:\.|;)\s+)(?P<next>[A-Za-z].*)$", step)
            if ends is None and i == len(steps) - 2:
                # "... -> readings-clean, EOS, bad records -> readings-bad": a dead-letter step
                ends = re.match(
                    r"(?is)(?P<last>[^,]*\S)(?P<sep>,\s+)(?P<next>.*\b(?:records|messages|events"
                    r"|rows|letters|dlq|errors|rejects))$",
                    step,
                )
            if ends and not re.search(r"[.;]\s", ends["last"]):
                steps[i] = f"{_as_output(ends['last'].strip(' ,'))}{ends['sep']}{ends['next']}"
        text = "; ".join(s.strip(" ,;") for s in steps if s.strip(" ,;"))
    else:
        text = _as_source(text)
    # "IN: x / OUT: y": labelled parts separated by slashes
    text = re.sub(r"\s+/\s+(?=[A-Za-z]+(?:\s+topic)?\s*:)", "; ", text)
    text = _labels(text)
    # a key template after a comma still belongs to its Redis clause: "from Redis, key x:{id}"
    text = re.sub(
        r"(?i),\s+(?=(?:with\s+|using\s+|under\s+)?(?:the\s+|a\s+)?(?:keys?|ttl)\b|keyed\s+by\b"
        r"|expir[a-z]*\b|evict[a-z]*\b)",
        " ",
        text,
    )
    text = _outside_quotes(text, comparison_idioms)
    # compound durations: "1h30m" -> "90 minutes", "2m30s" -> "150 seconds"
    text = re.sub(
        r"(?i)\b(\d+)\s*(?:h|hrs?|hours?)\s*(?:and\s+)?(\d+)\s*(?:m|mins?|minutes?)\b",
        lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} minutes",
        text,
    )
    text = re.sub(
        r"(?i)\b(\d+)\s*(?:m|mins?|minutes?)\s*(?:and\s+)?(\d+)\s*(?:s|secs?|seconds?)\b",
        lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} seconds",
        text,
    )
    text = re.sub(r"(?i)\bat(least|most)\b", r"at \1", text)
    # "the top 5 brands by nr of repairs", "no. of visits": the shorthand of "number of", only
    # before "of" and a plain word (a field 'nr' is compared or summed, never "of" a noun)
    text = _outside_quotes(
        text,
        lambda part: re.sub(
            r"(?i)(?<![\w.-])(?:nr\.?|no\.|num\.?|#)\s*of(?=\s+(?:the\s+)?[a-z]+s\b)",
            "number of",
            part,
        ),
    )
    # "Cn we capture ...": "can" missing its vowel, only opening a question to someone (never
    # the value "CN" elsewhere)
    text = re.sub(
        r"(?i)(?:^|(?<=[.!?]\s))(c)n(?=\s+(?:we|you|i|u|someone|anyone)\b)", r"\1an", text
    )
    text = _outside_quotes(
        text,
        lambda part: re.sub(
            r"(?i)(?<![\w.-])(" + "|".join(_SHORT_TYPOS) + r")(?![\w-]|\.\w)",
            # "from topic ordres": a name after "topic" or "table" is never corrected
            lambda m: (
                m.group(0)
                if re.search(r"(?i)\b(?:topics?|tables?)\s+$", m.string[: m.start()])
                else _SHORT_TYPOS[m.group(1).lower()]
            ),
            part,
        ),
    )
    # "keep only rooms were status = 'dirty'": "were" slipped for "where", only before a
    # field's name and a comparison sign, which no sentence of "were" holds ("the scans were
    # late" stays)
    text = re.sub(r"(?i)\b(w)ere(?=\s+[A-Za-z_]\w*\s*(?:==?|!=|<>|<=?|>=?)\s)", r"\1here", text)
    # "write too clickhouse": "too" for "to", only before a store or a topic
    text = _outside_quotes(
        text,
        lambda part: re.sub(
            r"(?i)\btoo(?=\s+(?:the\s+)?(?:clickhouse|redis|kafka|topic|stdout)\b)", "to", part
        ),
    )
    # "form topic x": the common slip of "form" for "from", only before a topic
    text = _outside_quotes(
        text,
        lambda part: re.sub(r"(?i)\bform(?=\s+(?:the\s+)?(?:kafka\s+)?topics?\b)", "from", part),
    )
    # "write what is left to topic x": the records that passed, as "the rest"
    text = re.sub(
        r"(?i)\bwhat(?:ever)?(?:'s|\s+is|\s+remains)\s+left\b|\bwhat(?:ever)?\s+remains\b",
        "the rest",
        text,
    )
    # "unique visitors (visitor_id)": a noun, then the field it names
    text = _outside_quotes(text, _noun_then_field)
    text = _outside_quotes(text, lambda part: _KEPT_NOUN_FIELD.sub(_kept_noun_field, part))
    text = _outside_quotes(text, _topic_in_brackets)
    # "... per day on parcel-scans? Save it to ...": a question mark after a name ends the clause
    # (the question is the ask)
    text = _outside_quotes(
        text, lambda part: re.sub(r"(?<=\w[-._]\w)(\w*)\?(?=\s|$)", r"\1.", part)
    )
    # "strip the email field from x before writing to topic y": the order of steps, no condition
    text = re.sub(
        r"(?i)\bbefore\s+(?=(?:writing|sending|publishing|storing|saving|loading|pushing"
        r"|forwarding|emitting|producing)\b)",
        "then ",
        text,
    )
    # "pass on the events where ...", "let through records with ...": a filter's keep verb
    # ("pass through spray events whose ...": a word before the noun, checked by the filter)
    text = re.sub(
        r"(?i)\b(?:pass(?:es|ing)?|let(?:s|ting)?)\s+(?:on|through)\s+(?=(?:only\s+)?(?:the\s+)?"
        # ("only pass on windows where max_temp ...": an aggregate's rows, as "emit windows")
        r"(?:(?:[a-z][\w-]*\s+)?(?:events|records|messages|rows|ones|entries|windows|buckets"
        r"|groups|sessions|results|items|lines)"
        # ("pass on only tests where break_load_kn ...": the records by their own plural noun,
        # no word before it: "pass through late barges whose ..." may select, left as said)
        # ("... with a warm brood" says no field: left as said)
        r"|(?-i:[a-z][a-z-]*[a-z]s)(?=\s+(?:where|whose)\b))\s+(?:where|whose|with|that|which)\b)",
        "keep ",
        text,
    )
    # "order_id (int, PK), customer_id int": a column's type and its key mark in parentheses,
    # as the other columns of an inline list say them ("order_id int PK")
    text = re.sub(
        rf"(?i)\b([A-Za-z_]\w*)\s*\(\s*({_COLUMN_TYPE})\s*,\s*(pk|primary\s+key)\s*\)",
        r"\1 \2 \3",
        text,
    )
    # "booking_id int as the primary key, plus dog_id int, ...": the key's role said in words
    # after its type, then the other columns, as an inline list says them ("booking_id int PK,
    # dog_id int"); only a typed column before and after
    text = re.sub(
        rf"(?i)\b([A-Za-z_]\w*\s+(?:{_COLUMN_TYPE}))\s+as\s+(?:the\s+|its\s+|our\s+)?"
        r"(?:primary\s+key|pk)\b(?:\s*,\s*|\s+)(?:plus|and\s+also|along\s+with|as\s+well\s+as"
        rf"|and)\s+(?:(?:the\s+)?colu?mns?\s+)?(?=[A-Za-z_]\w*\s+(?:{_COLUMN_TYPE})\b)",
        r"\1 PK, ",
        text,
    )
    # "join x on run_id with the flow record within 500 ms either side": the other side's record
    # named before the bound, said as the bound's "of the flow record" (the join reads that);
    # only with a word of a name in the request ("flow" of tunnel.flow_conditions), never one
    # that may select ("with the premium event")
    text = _OTHER_RECORD_BOUND.sub(
        lambda m: f"{m[2]} of the {m[1]}" if _in_a_name(m[1].split()[0], text) else m[0], text
    )
    # "the finish comes after the start by at most three minutes": a one-sided join bound said
    # as the order, then its limit; said as the bound reads it ("comes at most three minutes
    # after the start")
    text = _ORDER_BY_BOUND.sub(lambda m: f"{m['verb']}{m['limit']} {m['dir']} {m['ref']}", text)
    # "the passenger counting vendor", "our people counting sensors": a compound naming who or
    # what counts (after an article and a noun, before a maker's or a device's noun), no count
    text = _outside_quotes(
        text,
        lambda part: re.sub(
            r"(?i)\b((?:the|a|an|our|their|its|this|that|your|whose)\s+[a-z]+)\s+counting\s+"
            rf"(?=(?:{_COUNTING_MAKERS})s?\b)",
            r"\1 counter ",
            part,
        ),
    )
    # "we can't afford double counting": duplicates, not a count
    text = _outside_quotes(
        text, lambda part: re.sub(r"(?i)\bdouble[\s-]+count(?:ing|ed)?\b", "duplicates", part)
    )
    # "keep only amount greater than 100": a field, then a comparison in words
    text = re.sub(
        r"(?i)\b((?:keep|pass|retain)\s+only|only\s+keep)\s+"
        # "only keep sales over 20": the records, never a field (filters.py reads the amount)
        r"(?!(?:orders|payments|transactions|purchases|sales|invoices|refunds|transfers|deposits"
        r"|withdrawals|bookings|trades|charges|events|records|messages|rows|entries|readings)\s)"
        r"(?=[A-Za-z_]\w*\s+(?:is\s+)?"
        r"(?:greater|more|less|fewer|higher|lower|bigger|smaller|larger)\s+th[ae]n\b"
        r"|[A-Za-z_]\w*\s+(?:is\s+)?(?:at\s+least|at\s+most|above|below|over|under)\s+-?\d)",
        lambda m: m.group(0) if _groups_named(text, m.end()) else f"{m.group(1)} records where ",
        text,
    )
    # "only emitting when that's at least 20": "that is", the window's value
    text = re.sub(
        r"(?i)\b(that|it)'s\s+(?=(?:at\s+least|at\s+most|over|above|below|under|more|less"
        r"|greater|fewer|higher|lower)\b|[<>])",
        r"\1 ",
        text,
    )
    # "drop everything with level debug": a log level named after the word level
    text = re.sub(
        r"(?i)\b(with|where|whose|having)\s+(?:the\s+)?(?:log\s+)?(level|severity)\s+"
        r"(debug|info|warn|warning|error|fatal|trace|critical)\b(?!\s*(?:[=!<>]|or\b))",
        r"\1 \2 = '\3'",
        text,
    )
    # "Late data behaviour: allow 30 seconds": the window's allowed lateness
    text = re.sub(
        r"(?i)\blate[\s-]+(?:data|events|arrivals|records)\s+(?:behaviou?r|handling|policy"
        r"|tolerance)\s*:?\s*(?:allow\s+|accept\s+)?(?:up\s+to\s+)?",
        "allowed lateness ",
        text,
    )
    # "enrich x by joining the compacted topic y ...": the same as "enrich x with the compacted
    # topic y ..." (a table join; only before a compacted topic)
    text = re.sub(
        r"(?i)\b(enrich(?:es)?\s+(?:the\s+)?(?:topic\s+)?[A-Za-z][\w.-]*)\s+by\s+(?:joining|join"
        r"\s+with|joining\s+(?:it|them)\s+(?:with|to|against))\s+(?=(?:the|a)\s+compacted\s+topic\b)",
        r"\1 with ",
        text,
    )
    # durations written as words: "half-hourly", "a couple of minutes"
    # "Consider only games where ...", "only consider rows with ...": the filter's verb
    text = re.sub(
        r"(?i)\b(?:consider(?:ing)?\s+only|only\s+consider(?:ing)?)\b(?=\s+(?:the\s+)?[a-z])",
        "keep only",
        text,
    )
    # "..., only including payments whose status is settled": the same verb, before a plural
    # and its condition; "sum amount per shop, only counting refunds with ...": so is counting
    # after another aggregate in its sentence (alone, "count only refunds with ..." is the count)
    text = re.sub(
        r"(?i)(?P<lead>(?:^|(?<=[.;!?\n]))[^.;!?\n]*)\b(?P<verb>includ(?:e|ing)\s+only"
        r"|only\s+includ(?:e|ing)|(?P<count>count(?:ing)?\s+only|only\s+count(?:ing)?))\b"
        r"(?=\s+(?:the\s+)?[a-z][\w-]*s\s+(?:where|whose|with|that)\b)",
        lambda m: m["lead"]
        + ("keep only" if not m["count"] or NON_COUNT_AGGREGATE.search(m["lead"]) else m["verb"]),
        text,
    )
    # "look only at batches where ...", "only look at rows with ...": the same verb, only before
    # a plural and its condition ("only look at the last hour" is no filter), or before a field
    # and its values ("only look at page_type product or preorder", as "only consider")
    text = re.sub(
        r"(?i)\b(?:look(?:ing)?\s+only\s+at|only\s+look(?:ing)?\s+at)\b"
        r"(?=\s+(?:the\s+)?[a-z][\w-]*s\s+(?:where|whose|with)\b"
        r"|\s+[a-z]\w*_\w+\s+(?!(?:and|or|as|from|in|to|for)\b)(?:[=:]\s*)?\w)",
        "keep only",
        text,
    )
    text = re.sub(r"(?i)\bhalf[\s-]hourly\b", "every 30 minutes", text)
    text = re.sub(r"(?i)\bquarter[\s-]hourly\b", "every 15 minutes", text)
    text = re.sub(r"(?i)\ba\s+couple\s+(?:of\s+)?(?=(?:seconds|minutes|hours|days)\b)", "2 ", text)
    # "every couple of minutes", "every couple hours": the article left out after 'every'; never
    # after a producer's verb ("a collar that reports every couple of minutes": how often the
    # records arrive, which the context readers take as said, never a window's size)
    text = re.sub(
        r"(?i)(?<!\w)(?P<pre>(?:(?:report|send|ping|emit|transmit|upload|beacon|post|sync)s?"
        r"|publish(?:es)?|checks?\s+in|phones?\s+home)\s+(?:(?:roughly|about|around"
        r"|approximately)\s+)?)?(?P<every>every\s+)couple\s+(?:of\s+)?"
        r"(?=(?:seconds|minutes|hours|days)\b)",
        lambda m: m[0] if m["pre"] else f"{m['every']}2 ",
        text,
    )
    # "topic bell-castings, records like {casting_id: string, weight_kg: float}": the record's
    # shape pasted after the topic, read as the topic's typed field list
    text = RECORDS_LIKE.sub(
        lambda m: ("" if re.search(r"(?i)\btopic\s+$", m.string[: m.start()]) else "topic ")
        + f"{m['name']} ("
        + ", ".join(" ".join(i.replace(":", " ").split()) for i in m["body"].split(","))
        + ")",
        text,
    )
    # "Bus pings -- topic bus-gps -- should ...": a typed dash is the em dash of an aside
    text = re.sub(r"(?<=[^\s-]) -- (?=[^\s-])", " \u2014 ", text)
    # chat abbreviations: "b/c GDPR", "w/o the blob", "w/ a TTL" (never inside a name or path)
    text = re.sub(r"(?i)(?<![\w/.:-])b/c(?![\w/.-])", "because", text)
    text = re.sub(r"(?i)(?<![\w/.:-])w/o(?![\w/.-])", "without", text)
    text = re.sub(r"(?i)(?<![\w/.:-])w/(?=\s)", "with", text)
    # "express fee as a percentage of amount, call it fee_pct": the share of the whole, in
    # percent ("compute fee_pct = fee / amount * 100"); said after the new field's name
    # ("compute fee_pct as fee as a percentage of amount") only the arithmetic is rewritten
    pct_of = (
        r"(?:the\s+)?(?P<a>[A-Za-z_]\w*)\s+as\s+(?:an?\s+)?(?:percentage|percent|%|pct)\s+of\s+"
        r"(?:the\s+)?(?P<b>[A-Za-z_]\w*)(?![\w-])"
    )
    text = re.sub(
        r"(?i)\b(?:express|show|give|report|compute|calculate|add|work\s+out)\s+"
        + pct_of
        + r"\s*,?\s*(?:and\s+)?(?:call\s+it|name\s+it|called|named|as)\s+(?P<n>[A-Za-z_]\w*)\b",
        r"compute \g<n> = \g<a> / \g<b> * 100",
        text,
    )
    text = re.sub(
        r"(?i)(?<=[=:]\s)" + pct_of + r"|(?<=\sas\s)" + pct_of.replace("?P<", "?P<x"),
        lambda m: f"{m['a'] or m['xa']} / {m['b'] or m['xb']} * 100",
        text,
    )
    # "work out cost_per_page = total_cost / page_count": compute it
    text = re.sub(
        r"(?i)\b(?:work|figure)\s+out\b(?=\s+(?:the\s+|a\s+)?[A-Za-z_]\w*\s*(?:=|as\b))",
        "compute",
        text,
    )
    # "minute-by-minute sum of qty": never a topic name (was read as a second source)
    text = re.sub(r"(?i)\b(second|minute|hour|day|week)[\s-]by[\s-]\1\b", r"every \1", text)
    # "events of type 'purchase'": the event type
    text = re.sub(
        r"(?i)\b(events|records|messages)\s+(?:of|with)\s+(?:the\s+)?(?:event\s+)?type\s+(?!=)",
        r"\1 where event_type = ",
        text,
    )
    # join synonyms, when a time bound follows: "combine/correlate/match X with Y ... within 5 min"
    text = re.sub(
        # (never inside a name: "join match-kills with ...")
        r"(?i)(?<![\w.-])(?:combine[sd]?|correlate[sd]?|pair(?:s|ed)?(?:\s+up)?|merge[sd]?"
        # (its "with" in the same sentence: "... doesn't match what the van dropped off.
        # Could you pair each invoice with ... within 2 hours" joins with "pair" only)
        r"|match(?:es|ed)?)\b(?![-.]\w)(?=(?:[^;.!?\n]|\.(?=\w))*\bwith\b[^;]*\bwithin\b)",
        "join",
        text,
    )
    # one field, several values: "status is 'paid' or 'shipped'", "status = 'a' or status = 'b'"
    text = re.sub(
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s*(?:=|==|\bis\b|\bequals\b)\s*(?P<a>'[^']*'|\"[^\"]*\")"
        r"(?P<rest>(?:\s*(?:,|\bor\b)\s*(?:(?P=f)\s*(?:=|==|\bis\b|\bequals\b)\s*)?"
        r"(?:'[^']*'|\"[^\"]*\"))+)",
        lambda m: (
            m.group(0)
            if _or_beside_and(m)
            else f"{m['f']} in ({m['a']}, "
            + ", ".join(re.findall(r"'[^']*'|\"[^\"]*\"", m["rest"]))
            + ")"
        ),
        text,
    )
    # "the ninety-fifth percentile": its level in digits (before the numbers, which would
    # leave "70 fifth" of "seventy fifth")
    text = _WORD_PERCENTILES.sub(_ordinal_words_as_digits, text)
    # "amount is between 10 and 100": both bounds, inclusive (in digits: "between minus five
    # and ten" too)
    text = numbers_as_digits(text)
    # "10 < amount < 100" -> "amount > 10 and amount < 100": a chained comparison, both ways
    text = _outside_quotes(text, lambda part: _CHAINED.sub(_chained_as_two, part))
    # "users with 10+ logins" -> "users with 10 or more logins"
    text = re.sub(r"(?<![\w.])(\d+)\+(?=\s+[A-Za-z]+s\b)", r"\1 or more", text)
    # "accounts with at least 3 failed_attempts": the value said before the field's name, read
    # as "with failed_attempts at least 3"
    text = _outside_quotes(text, _values_before_fields)
    # "vat-readings: batch_id set, temp_c ...": a field's name and a presence word alone in a
    # list item, read as "where batch_id is not null"
    text = _outside_quotes(
        text, lambda part: _BARE_PRESENCE.sub(r"\g<lead>where \g<f> is not null", part)
    )
    # "readings with a positive flow_lpm" -> "readings where flow_lpm is positive" (a field name
    # with `_` only)
    text = re.sub(
        r"(?i)\b(?:with|having)\s+(?:an?\s+)?(?P<s>positive|negative|non-?negative|non-?positive"
        r"|non-?zero)\s+(?P<f>[A-Za-z]\w*_\w+)\b",
        r"where \g<f> is \g<s>",
        text,
    )
    # "readings with negative voltage (voltage_v)": the same, the field in brackets after words
    # of its own name
    text = re.sub(
        r"(?i)\b(?:with|having)\s+(?:an?\s+)?(?P<s>positive|negative|non-?negative|non-?positive"
        r"|non-?zero)\s+(?P<w>[a-z]+(?:\s+[a-z]+)?)\s*\(\s*(?P<f>[A-Za-z]\w*_\w+)\s*\)",
        _sign_of_field_in_brackets,
        text,
    )
    # "where waste is above 12% (waste_pct)" -> "where waste_pct is above 12%": the field named
    # in brackets after the compared value, when the subject is a word of its name
    text = _outside_quotes(text, lambda part: _FIELD_AFTER_VALUE.sub(_field_after_value, part))
    # "drop negative flow_lps values", "keep only positive amount_eur" -> "drop records where
    # flow_lps is negative" (after a keep or drop verb; a field name with `_` only)
    text = re.sub(
        r"(?i)\b(?P<v>keep(?:ing)?|drop(?:ping)?|remov(?:e|ing)|discard(?:ing)?|skip(?:ping)?"
        r"|ignor(?:e|ing)|exclud(?:e|ing)|filter(?:ing)?\s+out|only)\s+(?P<o>(?:only|just)\s+)?"
        r"(?:the\s+|any\s+|all\s+)?(?P<s>positive|negative|non-?negative|non-?positive|non-?zero)"
        r"\s+(?P<f>[A-Za-z]\w*_\w+)(?:\s+values)?(?=\s*(?:[,;.)]|$)|\s+(?:and|then|before)\b)",
        r"\g<v> \g<o>records where \g<f> is \g<s>",
        text,
    )
    # "exclude payments with status refunded or cancelled", "skip alerts with severity low":
    # a field that names a kind of record, then its value(s) closing the clause, as "whose
    # status is refunded or cancelled" (filters.py reads that; a null word stays with the
    # null tests, and a value list that runs on is left alone)
    _value = (
        r"(?!(?:null|none|nil|missing|empty|blank|unset|set|and|or|then|to|of|in"
        # ("signups land in x with a referral_code field": the field declared, no value)
        r"|fields?|columns?|attributes?|propert(?:y|ies)|keys?|values?|entr(?:y|ies))\b)[A-Za-z][\w-]*"
    )
    text = re.sub(
        r"(?i)\b(?P<n>[a-z]+s)\s+with\s+(?:an?\s+|the\s+)?(?P<f>status|state|severity|priority"
        r"|level|tier|category|stage|channel|platform|currency|region|country|[a-z]+_\w+)\s+"
        # ("orders with a status of paid or shipped": the value said after "of")
        r"(?:of\s+)?"
        rf"(?P<v>{_value}(?:\s*,\s*{_value})*(?:,?\s+or\s+{_value})?)"
        r"(?=\s*(?:[.,;:)]|$)|\s+(?:and\s+)?then\b)",
        # ("join orders with customer_profiles": a joined stream, never a field)
        lambda m: (
            m[0]
            if re.search(
                r"(?i)\b(?:join|enrich|merg|combin|match|correlat|look)\w*\s+(?:up\s+)?"
                r"(?:the\s+|all\s+)?$",
                m.string[: m.start()],
            )
            else f"{m['n']} whose {m['f']} is {m['v']}"
        ),
        text,
    )
    # "readings from station_id 4, 7 or 9" -> "readings whose station_id is 4, 7 or 9": where
    # the records come from, said by a field and its numbers ("from pump_ids 12 and 14": a
    # record comes from one of them, so "and" lists them as "or" does)
    text = re.sub(
        r"(?i)\b(?P<n>[a-z]+s)\s+from\s+(?:the\s+)?(?P<f>[a-z]+_\w+?)s?\s+"
        r"(?P<v>\d+(?:\s*,\s*\d+)*)(?:\s*,?\s+(?:or|and)\s+(?P<last>\d+))?(?![\w.])"
        r"(?=\s*(?:[.,;:)]|$)|\s+and\b|\s+then\b)",
        lambda m: f"{m['n']} whose {m['f']} is {m['v']}"
        + (f" or {m['last']}" if m["last"] else ""),
        text,
    )
    # "whose `pods` value is between 2 and 10", "the `pods` field > 3": a quoted field's name
    # and the noun saying it is one, before a comparison, as the name alone (bare before a
    # range, which the rewrites below read by its bare name)
    text = re.sub(
        r"(?i)`(?P<f>[A-Za-z_]\w*)`(?:\s+(?:values?|fields?|columns?))?(?=\s+(?:(?:is|are)\s+)?"
        r"(?:not\s+)?(?:between|outside|from\s+-?\d))",
        r"\g<f>",
        text,
    )
    text = re.sub(
        r"(?i)(?P<f>`[A-Za-z_]\w*`)\s+(?:values?|fields?|columns?)(?=\s+(?:is|are)\b|\s*[<>=!])",
        r"\g<f>",
        text,
    )
    # "discard readings outside 0 to 2000000 km (odometer_km)": the records' noun, then the
    # field that is compared named in brackets after the range, as "readings with odometer_km
    # outside 0 to 2000000" (read below)
    text = _outside_quotes(text, lambda part: _OUTSIDE_FIELD_AFTER.sub(_outside_field_after, part))
    # "odometer_km is not outside 0 to 2000000", "isn't outside (of) the range 2 to 8": within
    # it, both bounds kept (was a test of 'not' against the pair)
    text = re.sub(
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s+(?:(?:is|are)\s+not|isn't|aren't)\s+outside(?:\s+of)?"
        r"(?:\s+(?:the\s+)?(?:range|interval|band)(?:\s+of)?)?\s+(?P<a>-?[\d.]*\d)\s*"
        r"(?:and|to|-|\u2013|\.\.)\s*(?P<b>-?[\d.]*\d)(?!\w|\.\d)",
        r"\g<f> >= \g<a> and \g<f> <= \g<b>",
        text,
    )
    # "temp_c not between 40 and 80", "isn't between", "doesn't fall between", "outside (of) the
    # range 40 to 80", "6..7": below the low bound or above the high one, in parentheses so that
    # a following 'and' cannot split the pair
    text = re.sub(
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s+(?:(?:is|are|lies|lie|falls|fall|stays|stay)\s+)?"
        r"(?:not\s+between|(?:isn't|aren't|(?:doesn't|does\s+not|don't|do\s+not)\s+(?:lie|fall"
        r"|sit|stay))\s+between"
        r"|outside(?:\s+of)?(?:\s+(?:the\s+)?(?:range|interval|band)(?:\s+of)?)?"
        r"(?:\s+between)?)\s+(?P<a>-?[\d.]*\d)\s*(?:and|to|-|\u2013|\.\.)\s*(?P<b>-?[\d.]*\d)"
        # ("outside 220 to 240. Print": a full stop after the bound ends the sentence)
        r"(?!\w|\.\d)",
        r"(\g<f> < \g<a> or \g<f> > \g<b>)",
        text,
    )
    # "value lies (falls, sits, ranges, varies) between ...": the verb goes with the comparison
    # ("amount ranges between 100 and 500": was a field amount_ranges)
    # ("thickness_mm must be between 3.5 and 5": a requirement said with a modal, the field
    # before it)
    verb = (
        r"(?:(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+(?:be|lie|fall|stay)\s+"
        r"|is\s+|are\s+|(?:lies|lie|falls|fall|sits|stays|remains|ranges|range|varies"
        r"|vary)\s+)?"
    )
    text = re.sub(
        # "temp_c strictly between 10 and 20", "between 10 and 20 exclusive": both bounds left out
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s+"
        + verb
        + r"(?:strictly\s+between\s+(?P<a>-?[\d.]+)\s+and\s+(?P<b>-?[\d.]+)"
        r"|between\s+(?P<a2>-?[\d.]+)\s+and\s+(?P<b2>-?[\d.]+)\s*(?:\(\s*)?(?:exclusive(?:ly)?"
        r"|(?:both\s+)?(?:ends\s+|bounds\s+)?excluded)(?:\s*\))?)(?![\w.])",
        lambda m: f"{m['f']} > {m['a'] or m['a2']} and {m['f']} < {m['b'] or m['b2']}",
        text,
    )
    text = re.sub(
        # ("(confidence is a value between 0 and 1)": what a field holds, never a field
        # 'value': left to the asides, see filter_asides.range_described)
        rf"(?i)\b(?!{RANGE_NOUN_AFTER_ARTICLE})(?P<f>[A-Za-z_]\w*)\s+" + verb
        # ("between $100 and $500": the currency kept with each bound, checked by the filters;
        # "between 63.5% and 72%": a percent sign too, read by the comparisons as for "> 40%")
        + rf"between\s+(?P<a>{_SIGNED}-?[\d.]+%?)\s+and\s+(?P<b>{_SIGNED}-?[\d.]+%?)(?![\d%])"
        # ("a loading happens between 0 and 6 hours after the order": a join's time bound,
        # two durations before or after a record, never a field's range; the whole number
        # taken, so "48 hours after" is not read as 4 then "8 hours")
        + rf"(?!\s*-?\s*(?:{LONG_UNIT}|{SHORT_UNIT})\s+(?:before|after|earlier|later)\b)",
        r"\g<f> >= \g<a> and \g<f> <= \g<b>",
        text,
    )
    # "speed_kmh is from 5 to 60", "depth_m ranges from 2 to 40" (after a verb of being), "orders
    # with amount from 100 to 500" (no verb, after a word that puts a field there): a range said
    # with "from ... to", the clause ending at the high bound (never "is from 5 to 60 minutes"
    # or "from 9 to 17 o'clock", a unit left to the other readers)
    text = re.sub(
        r"(?i)(?:\b(?P<f>[A-Za-z_]\w*)\s+(?:is|are|ranges|range|varies|vary|runs|run)\s+"
        r"|(?:(?<=\bwith\s)|(?<=\bwhere\s)|(?<=\bwhose\s)|(?<=\bhaving\s))(?:an?\s+|the\s+)?"
        r"(?P<g>[A-Za-z_]\w*)\s+)"
        rf"from\s+(?P<a>{_SIGNED}-?[\d.]*\d)\s+(?:to|through)\s+(?P<b>{_SIGNED}-?[\d.]*\d)"
        r"(?=\s*(?:[,;)]|\.(?!\d)|$)|\s+(?:and|then|or)\b)",
        lambda m: f"{m['f'] or m['g']} >= {m['a']} and {m['f'] or m['g']} <= {m['b']}",
        text,
    )
    # "keep orders from $100 to $500": with no verb of being, a range said of the records'
    # noun only when both bounds carry a currency sign (money, never a place or a year: "orders
    # from 2020 to 2022", "trips from 4 to 7" stay with the other readers); the filters read the
    # noun as its money field as they do "orders between $100 and $500"
    text = re.sub(
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s+from\s+(?P<a>[$\u20ac\u00a3]\s?[\d.]*\d)\s+(?:to|through)\s+"
        r"(?P<b>[$\u20ac\u00a3]\s?[\d.]*\d)(?=\s*(?:[,;)]|\.(?!\d)|$)|\s+(?:and|then|or)\b)",
        r"\g<f> >= \g<a> and \g<f> <= \g<b>",
        text,
    )
    # "tyre_count from 10 up to, but not including, 500", "weight_kg from 5 up to and including
    # 20": a range said with "from ... up to", its high bound said kept or left out (without
    # that word "from ... to" stays with the reading above, after a verb of being)
    text = re.sub(
        r"(?i)\b(?P<f>[A-Za-z_]\w*)\s+(?:(?:is|are|ranges|range|runs|run)\s+)?from\s+"
        r"(?P<a>-?[\d.]*\d)\s+(?:up\s+to\s*,?\s*(?:\(\s*)?(?:(?P<out>(?:but\s+)?(?:not\s+including"
        r"|excluding|not\s+inclusive))|(?:and\s+)?(?:including|inclusive))\s*(?:\)\s*)?,?"
        # ("up to and including" is "at most" by now)
        r"|at\s+most)\s*(?P<b>-?[\d.]*\d)(?=\s*(?:[,;)]|\.(?!\d)|$)|\s+(?:and|then|or)\b)",
        lambda m: f"{m['f']} >= {m['a']} and {m['f']} {'<' if m['out'] else '<='} {m['b']}",
        text,
    )
    # "where neither refund_flag nor void_flag is true": each of the two is not that value
    # ("refund_flag is not true and void_flag is not true"); "either a_id or b_id is null": one
    # of them is ("a_id is null or b_id is null"). "status is neither 'a' nor 'b'" (values, not
    # fields) stays for the filters' not_in.
    value = (
        r"(?:(?:above|below|over|under|greater\s+than|less\s+than|more\s+than|at\s+least"
        r"|at\s+most)\s+)?(?:'[^'\n]*'|\"[^\"\n]*\"|[\w.-]+)(?![\w.-])"
    )
    pair = r"(?:the\s+)?(?P<a>[A-Za-z_]\w*)\s+{}\s+(?:the\s+)?(?P<b>[A-Za-z_]\w*)\s+(?:is|are)\s+"
    text = re.sub(
        rf"(?i)(?<!\bis\s)(?<!\bare\s)\bneither\s+{pair.format('nor')}(?!not\b)(?P<v>{value})",
        r"\g<a> is not \g<v> and \g<b> is not \g<v>",
        text,
    )
    text = re.sub(
        rf"(?i)(?<!\bis\s)(?<!\bare\s)\beither\s+{pair.format('or')}(?P<v>(?:not\s+)?{value})",
        r"\g<a> is \g<v> or \g<b> is \g<v>",
        text,
    )
    # "temp_c is either below 2 or above 8", "temp_c either under 2 or over 8": two bounds of one
    # field joined by "either ... or" read as "temp_c is below 2 or above 8" (only when the
    # 'or' brings a second bound, said with a comparison word)
    bound = (
        r"(?:below|above|under|over|(?:less|more|greater|lower|higher|fewer)\s+than"
        r"|at\s+(?:least|most)|[<>]=?)"
    )
    text = re.sub(
        # (a one-word field right after "where", "with", "whose": "where ph is either ...")
        r"(?i)(?<![\w.])(?P<f>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+"
        r"|(?:(?<=\bwhere\s)|(?<=\bwhose\s)|(?<=\bwith\s))[A-Za-z][A-Za-z0-9]*)\s+"
        r"(?P<v>(?:is|are)\s+)?"
        rf"either\s+(?={bound}\s*-?[\d.]*\d[^.;,\n]*?\s+or\s+{bound}\s*-?[\d.]*\d)",
        r"\g<f> \g<v>",
        text,
    )
    # "pings with lat and lon not null", "where lat and lon are not null": the null test said
    # once of two fields holds for each ("lat is not null and lon is not null")
    text = re.sub(
        r"(?i)\b(?P<w>where|with|whose|if|when)\s+(?:both\s+)?(?:the\s+)?(?P<a>[A-Za-z_]\w*)\s+and"
        r"\s+(?:the\s+)?(?P<b>[A-Za-z_]\w*)\s+(?:(?:are|is)\s+)?(?:both\s+)?"
        r"(?P<v>not\s+null|non-?null|null|missing|not\s+set|set|present|populated|not\s+empty"
        r"|non-?empty|empty|blank)\b",
        lambda m: f"{'where' if m['w'].lower() == 'with' else m['w']} {m['a']} is {m['v']} and "
        f"{m['b']} is {m['v']}",
        text,
    )
    # "status is just 'ok'", "amount is exactly 100": the adverb before a value says nothing more
    text = re.sub(
        r"(?i)\b(is|are|equals|=)\s+(?:just|only|exactly|precisely|simply)\s+(?=['\"\d-])",
        r"\1 ",
        text,
    )
    # "less then 20": the common slip of "then" for "than" after a comparison word
    text = re.sub(
        r"(?i)\b(less|greater|more|fewer|higher|lower|bigger|smaller|larger|other|rather)\s+then\b",
        r"\1 than",
        text,
    )
    text = numbers_as_digits(text)
    text = _outside_quotes(text, lambda part: _RANK_WORD_FIRST.sub(r"\g<the> \g<n> \g<adj>", part))
    text = _outside_quotes(text, durations_in_words)
    text = _outside_quotes(text, _number_lists)
    # Redis key templates "product:<product_id>" read as "product:{product_id}".
    text = re.sub(r"(?<=[\w:.-])<([A-Za-z_]\w*)>", r"{\1}", text)
    text = re.sub(r"(?i)\bcount\s*\(\s*\*?\s*\)", "count", text)
    # "count_distinct(track_id)", "countDistinct(page)", "uniq(user_id)": a distinct count's
    # function as code spells it (lexicon.CODE_DISTINCT, read bare by the aggregates)
    # ("count(distinct page) pages": SQL's alias with no AS, as for the sums below)
    text = re.sub(
        rf"(?i)\b(?:count\s*\(\s*distinct|{CODE_DISTINCT}\s*\()\s*([A-Za-z_]\w*)\s*\)\s+"
        rf"(?!{_NOT_AN_ALIAS}\b)([a-z][a-z0-9_]*){_ALIAS_ENDS}",
        r"count distinct \1 as \2",
        text,
    )
    text = re.sub(r"(?i)\bcount\s*\(\s*distinct\s+([A-Za-z_]\w*)\s*\)", r"count distinct \1", text)
    text = re.sub(rf"(?i)\b{CODE_DISTINCT}\s*\(\s*([A-Za-z_]\w*)\s*\)", r"count distinct \1", text)
    # "avg(moisture_pct) avg_moisture, min(...) ...", "sum(amount) revenue per store_id": SQL's
    # column alias with no AS, a name that ends its item, given as the aggregate's name (never
    # glued to the field: "max(temp) peak" was max(temp_peak))
    text = re.sub(
        r"(?i)\b(sum|avg|average|mean|min|max|count|median)\(\s*([A-Za-z_]\w*)\s*\)\s+"
        rf"(?!{_NOT_AN_ALIAS}\b)([a-z][a-z0-9_]*){_ALIAS_ENDS}",
        r"\1 of \2 as \3",
        text,
    )
    text = re.sub(
        r"(?i)\b(sum|avg|average|mean|min|max|count|median)(\s*)\(\s*([A-Za-z_]\w*)\s*\)",
        _call_form,
        text,
    )
    text = re.sub(r"(?i)\b(p\d{1,2})\s*\(\s*([A-Za-z_]\w*)\s*\)", r"\1 of \2", text)
    text = _ORDINAL_PERCENTILES.sub(_as_p_levels, text)
    # "percentiles 50, 90, 99 of x" -> "p50, p90, p99 of x"
    text = _PERCENTILES_NUMBERS.sub(
        lambda m: re.sub(r"(?i)p?(\d{1,2}(?:\.\d+)?)", r"p\1", m.group("list")), text
    )
    return " ".join(text.split())


# "percentiles 50, 90, 99", "percentile 95 and 99": the word first, then the levels
_PERCENTILES_NUMBERS = re.compile(
    r"\bpercentiles?\s+(?P<list>p?\d{1,2}(?:\.\d+)?(?:(?:\s*[,/]\s*(?:and\s+)?|\s+and\s+)"
    r"p?\d{1,2}(?:\.\d+)?)*)(?![\w.%])",
    re.IGNORECASE,
)


# "the 50th, 90th and 99th percentiles": a list of levels, the word said once at its end.
_ORDINAL = r"\d{1,2}(?:\.\d+)?(?:st|nd|rd|th)"
_ORDINAL_PERCENTILES = re.compile(
    rf"\b(?:the\s+)?(?P<list>{_ORDINAL}(?:(?:\s*[,/]\s*(?:and\s+)?|\s+and\s+){_ORDINAL})+)"
    r"[\s-]+percentiles?\b",
    re.IGNORECASE,
)


# "the ninety-fifth percentile", "fiftieth and ninety-ninth percentiles": levels in words
_TENS_ORDINAL = {
    "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_UNIT_ORDINAL = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]+(?:"
    + "|".join(_UNIT_ORDINAL)
    + ")|"
    + "|".join(_TENS_ORDINAL)
    + ")"
)
_WORD_PERCENTILES = re.compile(
    rf"\b{_ORDINAL_WORD}(?:(?:\s*[,/]\s*(?:and\s+)?|\s+and\s+){_ORDINAL_WORD})*"
    r"(?=[\s-]+percentiles?\b)",
    re.IGNORECASE,
)


def _groups_named(text: str, pos: int) -> bool:
    """ "avg yield_pct per lot_id ..., keep only lots under 90": the word at `pos` is the plural
    of a group the request names (a threshold on the groups, never a field 'lots')."""
    word = re.match(r"[A-Za-z]+s\b", text[pos:])
    if not word:
        return False
    one = re.escape(singular(word.group(0).lower()))
    return bool(
        re.search(
            rf"(?i)\b(?:per|by|for\s+(?:each|every)|each)\s+(?:the\s+)?{one}"
            r"(?:_id|_key|_name|_code)?\b",
            text,
        )
    )


_FIELD_AFTER_VALUE = re.compile(
    r"(?i)\b(?P<w>[a-z]+)(?P<cmp>\s+(?:(?:is|are)\s+(?:above|over|below|under|at\s+least"
    r"|at\s+most|(?:more|less|greater|fewer|higher|lower)\s+than)|exceeds?)\s+[$€£]?\d+"
    r"(?:\.\d+)?\s*%?)\s*\(\s*(?P<f>[A-Za-z]\w*_\w+)\s*\)"
)


def _field_after_value(m: re.Match[str]) -> str:
    """ "waste is above 12% (waste_pct)" -> "waste_pct is above 12%" (else left as said:
    "sensors are over 30 (temp_c)")."""
    if m["w"].lower() not in m["f"].lower().split("_"):
        return m.group(0)
    return f"{m['f']}{m['cmp']}"


def _sign_of_field_in_brackets(m: re.Match[str]) -> str:
    """ "with negative voltage (voltage_v)" -> "where voltage_v is negative" when the words
    are words of the field's name (else left as said: "negative readings (voltage_v)")."""
    parts = m["f"].lower().split("_")
    if not all(w in parts for w in m["w"].lower().split()):
        return m.group(0)
    return f"where {m['f']} is {m['s']}"


def _ordinal_words_as_digits(m: re.Match[str]) -> str:
    """ "ninety-fifth and ninety-ninth" -> "95th and 99th" (before "percentile")."""

    def level(w: re.Match[str]) -> str:
        words = re.split(r"[\s-]+", w.group(0).lower())
        tens = _UNITS.get(words[0], 0) if len(words) == 2 else _TENS_ORDINAL[words[0]]
        return f"{tens + (_UNIT_ORDINAL[words[1]] if len(words) == 2 else 0)}th"

    return re.sub(_ORDINAL_WORD, level, m.group(0), flags=re.IGNORECASE)


def _as_p_levels(m: re.Match[str]) -> str:
    """ "the 95th and 99th percentiles" -> "p95 and p99"."""
    return re.sub(r"(?i)(\d{1,2}(?:\.\d+)?)(?:st|nd|rd|th)", r"p\1", m.group("list"))


# What may come before "visitors (visitor_id)": an aggregate or a grouping word.
# A count of records, said in plain words (never of distinct values: "unique visitors (visitor_id)")
_PLAIN_COUNT = re.compile(
    r"(?<!unique\s)(?<!distinct\s)(?<!different\s)\b(?:count|counts|number\s+of|how\s+many)\s+$",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b(?:unique|distinct|different|count|counts|number\s+of|per|by|each|every|top|bottom|many)"
    r"\s+$",
    re.IGNORECASE,
)


_GROUPING = re.compile(r"\b(?:per|by|each|every|for\s+each)\s+$", re.IGNORECASE)
# "every hour (total_amount)": a period, whose brackets name something else, never a group
# ("per day (UTC)" goes on to the windows, which say why a time zone is not a field)
_PERIOD = re.compile(rf"{LONG_UNIT}|months?|years?", re.IGNORECASE)


# How a count's own name ends ("pour_count", "tap_total"), never a field's the count reads
_COUNT_NAME_ENDS = frozenset({"count", "counts", "total", "totals", "number", "num", "tally"})


def _noun_then_field(text: str) -> str:
    """ "unique visitors (visitor_id)" -> "unique visitor_id": a plain noun followed by one field
    in parentheses that is named after it (the noun, or the noun then `_`); after a grouping
    word any field: "each trading pair (symbol)" -> "each symbol", "each garage (field
    garage_id)" -> "each garage_id"."""

    def field(m: re.Match[str]) -> str:
        noun, name = m.group(1).lower(), m.group(2)
        before = m.string[: m.start()]
        if not _COUNTED.search(before):
            return m.group(0)  # "topic orders (order_id)": the fields a topic carries
        if _GROUPING.search(before):
            # ("every fifteen minutes (tumbling)": the period's unit is the last word)
            period = _PERIOD.fullmatch(noun.split()[-1])
            return m.group(0) if period and not name.isupper() else name
        if " " in noun:
            return m.group(0)
        if name.lower().rsplit("_", 1)[-1] in _COUNT_NAME_ENDS:
            return m.group(0)  # "number of pours (pour_count)": the count's name, no field
        stem = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
        if name.lower() in (noun, stem):
            # "count entries (entries)": the noun itself said again is a name for the count
            # (aggregates read it, or refuse), never a field to drop the brackets for
            return m.group(0)
        if name.lower().startswith((noun + "_", stem + "_")):
            if _PLAIN_COUNT.search(before) and name.lower().rsplit("_", 1)[-1] not in ID_NAME_ENDS:
                # "the number of tickets (tickets_sold)": a count reads no field, so the name
                # is the count's (read by the aggregates); "orders (order_id)" names the records
                return m.group(0)
            return name
        return m.group(0)

    return re.sub(
        r"\b((?:(?!(?:each|every|per|by|for|the|a|an|unique|distinct|different|count|counts|of"
        r"|top|bottom|many)\b)[A-Za-z]+\s+)?[A-Za-z]+)\s+\(\s*(?:(?:field|column|key)\s+)?"
        r"([A-Za-z_]\w*)\s*\)",
        field,
        text,
    )


# "only scores between 1 and 10 (field score)": the field the kept noun names, said in brackets
# after its condition (the clause's own words only: no comma, stop or bracket between)
_KEPT_NOUN_FIELD = re.compile(
    r"(?i)\b(?P<lead>only|keep(?:\s+only)?|keeping(?:\s+only)?)\s+(?P<noun>[a-z]+s)\b"
    r"(?P<rest>[^,;:.()\n]*?)\s*\(\s*field\s+(?P<f>[A-Za-z_]\w*)\s*\)"
)


def _kept_noun_field(m: re.Match[str]) -> str:
    """ "only scores between 1 and 10 (field score)" -> "only score between 1 and 10": the noun
    written as the field in brackets, named after it (its singular, or that with an id-like
    ending); any other field is left as said."""
    if not noun_names_field(m["noun"], m["f"]):
        return m.group(0)
    return f"{m['lead']} {m['f']}{m['rest']}"


# "orders (topic: alterations)": the label's colon inside the brackets.
_BRACKET_LABEL = re.compile(r"(?i)\(\s*((?:kafka\s+)?topic)\s*[:=]\s*(?=[A-Za-z'\"`])")
# "the bakery orders stream (bakery-orders)": a name only a topic has, in brackets after a noun
# naming the records (a plural, or stream / feed / data).
_BRACKET_NAME = re.compile(
    r"(?i)\b(?P<noun>(?:stream|feed|firehose|data|telemetry|[A-Za-z]*[a-z]s))\s*\(\s*"
    # (never a delivery guarantee: "port.alarms (at-least-once)")
    r"(?P<n>(?!(?:at-(?:least|most)|exactly)-once\b)[A-Za-z]\w*(?:-\w+)+)\s*\)"
)
# "the alterations topic (tailoring orders)": the topic, then plain words in brackets saying
# what its records are; said as "the tailoring orders from topic alterations" (the words are
# then read as a description, or refused).
_TOPIC_NOTE = re.compile(
    r"(?i)\b(?:the\s+)?(?:(?P<n1>[A-Za-z]\w*(?:[-.]\w+)*)\s+(?:kafka\s+)?topic|(?:kafka\s+)?topic\s+"
    r"(?P<n2>[A-Za-z]\w*(?:[-.]\w+)*))\s*\(\s*(?P<w>[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,3})\s*\)"
)


def _topic_in_brackets(part: str) -> str:
    """A topic named in brackets after its records, or its records in brackets after it, said
    as a description then "topic NAME" (see the patterns above)."""
    part = _BRACKET_LABEL.sub(r"(\1 ", part)
    # "Hotel bookings (from the hotel-bookings topic)": where the records are, in brackets
    part = re.sub(
        r"(?i)\(\s*(?:from|on|in|via)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
        r"([A-Za-z]\w*(?:-\w+)+)(?:\s+(?:kafka\s+)?topic)?\s*\)",
        r"(topic \1)",
        part,
    )
    # "parcel-scans (kafka) to ...": the store noted after the name; "Kafka (x-y)": the topic
    part = re.sub(
        # (the whole name, dots too: "florist.driver-pings-dedup (Kafka)")
        r"(?i)(\btopic\s+)?(?<![\w.-])([A-Za-z]\w*(?:[-.]\w+)+)\s*\(\s*kafka(?:\s+topic)?\s*\)",
        r"topic \2",
        part,
    )
    part = re.sub(
        r"(?i)\bkafka\s*\(\s*(?:topic\s+)?([A-Za-z]\w*(?:-\w+)+)\s*\)", r"kafka topic \1", part
    )
    part = _BRACKET_NAME.sub(
        lambda m: (
            m.group(0)
            if m["noun"].lower() in ("topics", "is", "was", "has", "this")
            else f"{m['noun']} (topic {m['n']})"
        ),
        part,
    )

    def note(m: re.Match[str]) -> str:
        name = m["n1"] or m["n2"]
        words = m["w"].split()
        if name.lower() in ("the", "a", "an", "this", "that", "kafka", "input", "source", "output"):
            return m.group(0)
        from .source_descriptions import description_word  # (sources imports this module)

        if not all(description_word(w) for w in words) or not words[-1].lower().endswith("s"):
            return m.group(0)  # "(compacted)", "(EU only)": not what the records are
        return f"the {m['w']} from topic {name}"

    return _TOPIC_NOTE.sub(note, part)


_SOURCE_LABEL = re.compile(
    # ("TRAM-88: source = ticket-validations, ...": after a ticket's key and its colon)
    r"(?i)(^|[,;]\s*|[.!?]\s+|(?<=\d):\s+)(?:(?:(?:data\s+|kafka\s+)?sources?|src|inputs?"
    r"|incoming(?:\s+data)?|left(?:\s+(?:side|stream))?|reads?(?:\s+from)?"
    # ("Source topics: a, b": the plural label, kept as "from topics a, b")
    r"|reading(?:\s+from)?|from|consume|(?:kafka\s+)?in|stream)(?:\s+(?:kafka\s+)?topic(?P<s>s)?)?\s*:\s*"
    # "topic name: x", "The topic's name is x": the source topic's name
    r"|(?:the\s+)?(?:kafka\s+|input\s+|source\s+)?topic(?:'s)?\s+name\s*(?:is\s+|:\s*|=\s*)"
    # "Source = door-events": only before a name that can only be a topic ("source = 'web'" is a
    # filter on a field named source)
    # ('Source = kafka "pos.sales".', "Source = kafka pos_sales": after "kafka", a quoted name
    # or any name, ending its sentence too)
    # ("source=topic tracing.spans": the word topic after the sign)
    r"|(?:source|src|input|stream|in)(?:\s+topic)?\s*=\s*(?=(?:(?:topic\s+)?[A-Za-z]\w*(?:[-.]\w+)+"
    r"|kafka\s+(?:topic\s+)?(?:(?P<q>['\"`])[A-Za-z][\w.-]*(?P=q)|[A-Za-z][\w.-]*\w))"
    r"(?:\s*[,;]|\s*$|\s+and\b|\.(?:\s|$)|\s+(?:sink|dest|dst|out|output|target)\s*=)))"
    # ("Source: Debezium from PostgreSQL, ...": a CDC source, no topic's name)
    r"(?!(?:the\s+)?(?:postgres\w*|mysql|mariadb|debezium|cdc)\b)(?:kafka\s+)?(?:topic\s+)?"
)
_DESCRIBED_TOPIC = re.compile(r"(?:[A-Za-z][\w-]*\s+){1,5}\(\s*(?:kafka\s+)?topic\s", re.I)
_TOPIC_LABEL = re.compile(
    r"(?i)(^|[,;]\s*|[.!?]\s+)(?:kafka\s+)?topic(?P<s>s)?\s*(?::\s*"
    # "..., topic = tracing.spans, out = ...": only before a name that can only be a topic
    # ("topic = 'billing'" is a filter on a field named topic)
    r"|=\s*(?=[A-Za-z]\w*(?:[-.]\w+)+(?:\s*[,;]|\s*$|\.(?:\s|$))))"
)
_SINK_LABEL = re.compile(
    r"(?i)(^|[,;]\s*|[.!?]\s+|(?<=\S)\s+(?=(?:sink|dest|dst|out|output|target)\s*=))"
    r"(?:(?:sinks?|outputs?|targets?|destinations?|dest|dst|writes?(?:\s+to)?|store"
    r"|writing(?:\s+to)?|publish(?:\s+to)?|send\s+to|to|(?:kafka\s+)?out)(?:\s+topic)?\s*:\s*"
    # "sink = clickhouse x": only before a store's name
    r"|(?:sink|output|target|destination|dest|dst|out)\s*=\s*(?=(?:the\s+)?(?:clickhouse|redis|kafka|topic"
    r"|stdout)\b|[A-Za-z]\w*(?:-\w+)+(?:\s*[,;.]|\s*$))"
    # "sink is Redis with key pass:{pass_id}": Redis has no verb of its own to be read with
    r"|(?:and\s+)?(?:the\s+|our\s+)?(?:sink|output|target|destination)\s+(?:is|will\s+be|should\s+be)\s+"
    r"(?=(?:a\s+|the\s+)?redis\b)"
    # "sink 1: clickhouse x, sink 2 kafka topic y": numbered sinks
    r"|(?:sink|output|target|destination)\s*#?\d\s*[:=]?\s*(?=(?:the\s+)?(?:clickhouse|redis|kafka"
    r"|topic|stdout)\b))"
)


# A ticket's line label said with a dash ("Source - x", "Filter - y"), or a condition's label
# ("Condition: weight_kg over 30", "Criteria: ..."): as the colon labels read below.
_DASH_LABEL = re.compile(
    r"(?i)(^|;\s*)(source|input|sink|output|destination|target|filter|topic)\s+[-\u2013\u2014]\s+"
)
_CONDITION_LABEL = re.compile(r"(?i)(^|;\s*)(?:conditions?|criteria|criterion|rule)\s*:\s*")
# "Drop: patient_name", "Exclude: status = cancelled", "4. drop: patient_name": a ticket's line
# led by the step's verb, read as the verb said plainly ("Filter:", "Dedup:" and the sinks'
# labels are read on their own)
_VERB_LABEL = re.compile(
    r"(?i)(^|;\s*)(?:\d+[.)]\s*)?(drop|remove|exclude|strip|omit|keep|compute|calculate|derive)"
    r"(\s+(?:fields?|columns?))?\s*:\s*(?=\S)"
)


# "Fields: keep only bib_number, segment_id": a ticket's line naming what it shapes, led by a
# keep or drop verb that says the step (a bare list, "Fields: a, b", may be the input's schema:
# left as it was)
_FIELDS_LABEL = re.compile(
    r"(?im)(^[ \t]*(?:[-*\u2022][ \t]*)?|;\s*)(?:fields|columns|output\s+fields|output\s+columns"
    r"|projection)[ \t]*:[ \t]*(?=(?:keep|only|drop|remove|exclude|retain)\b)"
)
_GROUP_LABEL = re.compile(
    r"(?i)(^|[,;]\s*|[.!?]\s+|\n\s*)(?:group(?:ing)?|groups|dimensions?|group\s+key)\s*:\s*"
    r"(?=['\"`]?[A-Za-z])"
)
_HAVING_LABEL = re.compile(r"(?i)(^|[,;]\s*|[.!?]\s+|\n\s*)having\s*:\s*(?=['\"`]?[A-Za-z])")


def _labels(text: str) -> str:
    """Form-style labels ("source: orders", "sink: ClickHouse table x") as plain clauses."""
    text = _DASH_LABEL.sub(r"\1\2: ", text)
    text = _CONDITION_LABEL.sub(r"\1Filter: ", text)
    # "Group: block_id", "Dimensions: a, b": the window's group-by; "Having: avg ph < 7.8": a
    # condition on the window's groups (never a title over a source topic)
    text = _GROUP_LABEL.sub(r"\1group by ", text)
    text = _HAVING_LABEL.sub(r"\1only groups where ", text)
    text = _VERB_LABEL.sub(lambda m: f"{m[1]}{m[2]}{m[3] or ''} ", text)
    text = _FIELDS_LABEL.sub(r"\1", text)
    # "Deduplication key: kiln_id + firing_no": the dedup's key, named with its label
    text = re.sub(r"(?i)\b(de-?dup\w*|deduplicat\w*)\s+keys?\s*[:=]\s*(?=\S)", r"\1 by ", text)
    # "input: ski lift gate passes (topic lift-gates)": words describing the records, the topic
    # named after them (read as a description; never a topic named "ski")
    text = _SOURCE_LABEL.sub(
        lambda m: m.group(1)
        + (
            "from "
            if _DESCRIBED_TOPIC.match(m.string, m.end())
            # "Source: all topics matching gate-events-.*": a pattern, said with its own word;
            # "Sources: topics a and b": the list, said with its own word
            or re.match(r"(?i)(?:all\s+(?:the\s+)?)?topics\b", m.string[m.end() :])
            # ("Source: every topic matching x", "Source: the pattern x")
            or re.match(
                r"(?i)(?:every|any|each)\s+topic\b|(?:the\s+)?(?:topic\s+)?pattern\b",
                m.string[m.end() :],
            )
            else "from topics " if m.group("s") else "from topic "
        ),
        text,
    )
    text = re.sub(
        r"(?i)from topic\s+(?=(?:the\s+)?(?:postgres\w*|mysql|mariadb|debezium|cdc)\b)",
        "from ",
        text,
    )
    # "source: the "council.complaints" topic", "Input: the gate-scans.": the article before a
    # name only a topic has (a word or two describing the records stays as it was)
    text = re.sub(
        r"(?i)\bfrom topic\s+the\s+(?=(?P<q>['\"`]?)[A-Za-z][\w.-]*[-_.\d][\w.-]*(?P=q)"
        r"(?:\s+(?:kafka\s+)?topic)?(?=\s*(?:[,;]|\.\s|\.?$)))",
        "from topic ",
        text,
    )
    # "Source: chess-moves topic": the word "topic" said again after the name
    text = re.sub(
        r"(?i)\b(from topic\s+['\"`]?[A-Za-z][\w.-]*['\"`]?)\s+(?:kafka\s+)?topic(?=\s*(?:[,;]|\.\s|\.?$))",
        r"\1",
        text,
    )
    # "Topic: orders" names the source, unless a topic was named before: then it may be where
    # to write as well ("..., write to Kafka. Topic: orders-big."), left a bare topic
    text = _TOPIC_LABEL.sub(
        lambda m: m.group(1)
        + ("topic" if re.search(r"(?i)\btopics?\b", text[: m.start()]) else "from topic")
        + (m.group("s") or "")
        + " ",
        text,
    )

    # "Redis sink, key slip:{slip_id}, TTL 1 day": the store named as the label (Redis has
    # no table or topic name to follow it)
    text = re.sub(
        r"(?i)(^|[,;]\s*|[.!?]\s+)(?:an?\s+|the\s+)?redis\s+(?:sink|output|target)\b\s*[:,]?",
        r"\1store in Redis,",
        text,
    )
    # "Redis key: skipass:{pass_id}" on a line of its own: the store and its key as one label
    text = re.sub(
        # (a step list's line may have become "store in Redis key: ..." already)
        r"(?im)(^|[;]\s*)(?:[-*\u2022]\s*)?(?:store\s+in\s+)?redis\s+key\s*:\s*(?=\S*\{)",
        r"\1store in Redis, key ",
        text,
    )

    def sink(m: re.Match[str]) -> str:
        rest = text[m.end() :]
        if re.match(
            # ("Target: ramp-clean.": the name ends the sentence)
            r"(?i)(?:kafka\s+)?topic\b|['\"`]?[\w.-]*-[\w.-]*['\"`]?\s*(?:[,;]|\.?$|\.\s"
            r"|\s+(?:kafka\s+)?topic\b)",
            rest,
        ):
            return f"{m.group(1)}publish to "
        return f"{m.group(1)}store in "

    # "Sinks: ClickHouse a.b; Kafka topic c": a plural label's list parted by ";" (each a store)
    plural = re.compile(
        r"(?i)(\b(?:sinks|outputs|targets|destinations)\s*:\s*[^;\n]+?)\s*;\s*"
        r"(?=(?:the\s+)?(?:clickhouse|kafka|redis|stdout|console)\b)"
    )
    while plural.search(text):
        text = plural.sub(r"\1, and ", text, count=1)
    return _SINK_LABEL.sub(sink, text)


# Comparisons as people say them before a number: "north of 50", "(just) shy of 10", "upwards
# of 100", "in excess of 40", "not more than 12", "100+" (never "100 + tax", arithmetic).
_NUMBER_AHEAD = (
    r"(?=\s*[$\u20ac\u00a3]?\s?-?\d|\s+(?:minus\s+)?(?:zero|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+(?:hundred|thousand|dozen))\b)"
)
_COMPARISON_IDIOMS = [
    (r"\b(?:is\s+|are\s+)?(?:well\s+|way\s+|just\s+)?north\s+of", "above"),
    (r"\b(?:is\s+|are\s+)?(?:well\s+|way\s+|just\s+)?south\s+of", "below"),
    (r"\b(?:is\s+|are\s+)?(?:just\s+|a\s+(?:bit|little|tad)\s+|slightly\s+)?shy\s+of", "below"),
    (r"\b(?:is\s+|are\s+)?(?:upwards|upward)\s+of", "over"),
    (r"\b(?:is\s+|are\s+)?in\s+excess\s+of", "over"),
    (r"\b(?:is\s+|are\s+)?at\s+or\s+(?:above|over|higher\s+than)", "at least"),
    (r"\b(?:is\s+|are\s+)?at\s+or\s+(?:below|under|lower\s+than)", "at most"),
    (r"\b(?:is\s+|are\s+)?(?:exceeding|beyond|greater\s+then)", "over"),
    # ("energy_kwh no greater than 10", "never above 10": never a field 'energy_kwh_no')
    (r"\b(?:is\s+|are\s+)?(?:not|no)\s+(?:more|greater|higher|larger|bigger)\s+than", "at most"),
    (r"\b(?:is\s+|are\s+)?(?:not|no)\s+(?:less|fewer|lower|smaller)\s+than", "at least"),
    (
        r"\b(?:is\s+|are\s+)?never\s+(?:above|over|exceeds|more\s+than|greater\s+than"
        r"|higher\s+than)",
        "at most",
    ),
    (r"\b(?:is\s+|are\s+)?never\s+(?:below|under|less\s+than|lower\s+than)", "at least"),
    (
        r"\b(?:is\s+|are\s+)?strictly\s+(?:above|over|greater\s+than|more\s+than|higher\s+than)",
        "above",
    ),
    (r"\b(?:is\s+|are\s+)?strictly\s+(?:below|under|less\s+than|lower\s+than)", "below"),
    (r"\b(?:is\s+|are\s+)?(?:not\s+(?:above|over|exceeding)|up\s+to\s+and\s+including)", "at most"),
]


# "30kg", "2.5t", "8°C", "130km/h": a number and its unit of measure written together, apart
# (the unit is then read, or refused, by the parser's unit reader; quantities.py). Time units
# ("5m", "90s") are durations and stay; so do "3.3v" and other lone lower-case letters.
_JOINED_UNIT = re.compile(
    r"(?<![\w.-])(\d+(?:\.\d+)?)(?=(?:kg|kgs|km/h|kmh|kph|km|kwh|mwh|kw|mph|psi|bar|mbar|hpa|kpa"
    r"|rpm|ppm|ppb|ml|cl|hl|lbs|lb|tonnes|litres|liters|L|°\s?[CF])(?![\w/]))"
)


# A number right after a comparison: "above 1.5M" (a million; "5m" stays five minutes),
# "over 10 000" (a space between thousands).
_AFTER_COMPARISON = (
    r"(?P<c>\b(?:above|over|below|under|than|least|most|exceeds?|exceeding|of|between|and"
    r"|to|is|equals?)\s+|[<>]=?\s*|[$\u20ac\u00a3]\s?)"
)
_MILLIONS = re.compile(
    rf"(?i){_AFTER_COMPARISON}(?P<n>\d+(?:\.\d+)?)\s?(?:(?-i:M|MM)|mn|mio|million)(?![\w.])"
)
_SPACED_THOUSANDS = re.compile(rf"(?i){_AFTER_COMPARISON}(?P<n>\d{{1,3}}(?: \d{{3}})+)(?![\w.])")


# "20 litres per minute", "50 km an hour", "120 beats per minute": one unit after a number
# ("20 lpm"), never a window ("per minute").
_PER_UNITS = [
    (r"(?:litres?|liters?|l)", r"(?:minute|min)", "lpm"),
    (r"(?:gallons?|gal)", r"(?:minute|min)", "gpm"),
    (r"(?:kilometres?|kilometers?|km)", r"(?:hour|hr|h)", "kmh"),
    (r"miles?", r"(?:hour|hr|h)", "mph"),
    (r"(?:metres?|meters?|m)", r"(?:second|sec|s)", "m/s"),
    (r"beats", r"(?:minute|min)", "bpm"),
    (r"(?:revolutions|rotations|revs)", r"(?:minute|min)", "rpm"),
]


# "flow_lpm drops under 20", "where the level falls below 10", "whose average price dropped
# below 10": a verb of change before the comparison says nothing more (after a field with '_',
# or a few words after where/when/if/whose).
_CHANGE_VERB = re.compile(
    r"(?i)(?P<f>\b[A-Za-z]\w*_\w*|\b(?:where|when|whenever|if|once|whose)\s+(?:the\s+|its\s+)?"
    r"(?:[A-Za-z]\w*\s+){0,2}?[A-Za-z]\w*)\s+(?:(?:has|have|had)\s+)?"
    r"(?:drops?|dropped|dropping|falls?|fell|fallen|falling|dips?"
    r"|dipped|dipping|sinks?|sank|sunk|rises?|rose|risen|rising|climbs?|climbed|climbing|jumps?"
    r"|jumped|spikes?|spiked|creeps?|crept|moves?|moved|stayed|remained|was|were)"
    r"\s+(?=(?:below|under|above|over|beyond|past)\s)"
)
# "stock_level drops to 2 or below", "when the queue rises to 50 or more": the verb of change
# and "to" before a bound said with its side, a fall with a lower side and a rise with a higher
# one ("drops to 2 or more" says two things: left as written, refused); "reaches 10 or more"
_CHANGE_TO_BOUND = re.compile(
    r"(?i)(?P<f>\b[A-Za-z]\w*_\w*|\b(?:where|when|whenever|if|once|whose)\s+(?:the\s+|its\s+)?"
    r"(?:[A-Za-z]\w*\s+){0,2}?[A-Za-z]\w*)\s+(?:(?:has|have|had)\s+)?"
    r"(?:(?P<down>(?:drops?|dropped|dropping|falls?|fell|fallen|falling|dips?|dipped|dipping"
    r"|sinks?|sank|sunk|goes\s+down|went\s+down|gone\s+down)\s+to)"
    r"|(?P<up>(?:rises?|rose|risen|rising|climbs?|climbed|climbing|jumps?|jumped|goes\s+up"
    r"|went\s+up|gone\s+up)\s+to)|(?:reach(?:es|ed)?|hits?))"
    r"\s+(?=[$\u20ac\u00a3]?\s?-?\d[\d,.]*\s*(?:%|[A-Za-z]+\s+)?\s*or\s+"
    r"(?:(?P<low>below|less|lower|under|fewer)|(?P<high>above|more|higher|over|greater)))"
)


def _change_to_bound(m: re.Match[str]) -> str:
    if (m["down"] and not m["low"]) or (m["up"] and not m["high"]):
        return m.group(0)
    return m["f"] + " is "


# "with more than 20 vehicles", "having at least 3 failed_attempts": a bound said before the
# name of the field it bounds, in a chain joined by "and" / "but".
_BOUND_WORD = (
    r"(?:(?:more|fewer|less|greater)\s+than|over|above|under|below|at\s+(?:least|most)"
    r"|no\s+(?:more|fewer|less)\s+than)"
)
_BOUND_THEN_NAME = rf"(?P<op>{_BOUND_WORD})\s+(?P<n>\d+(?:\.\d+)?)\s+(?P<f>[A-Za-z]\w*)"
_VALUE_BEFORE_FIELD = re.compile(
    rf"(?i)\b(?P<lead>with|having|that\s+have|which\s+have)\s+(?:anything\s+)?"
    rf"(?P<chain>{_BOUND_WORD}\s+\d+(?:\.\d+)?\s+[A-Za-z]\w*"
    rf"(?:\s*,?\s*(?:and|but)\s+{_BOUND_WORD}\s+\d+(?:\.\d+)?\s+[A-Za-z]\w*)*)"
    # the chain ends the clause: never "with more than 20 vehicles per hour"
    r"(?=\s*(?:[,;.!?)]|$)|\s+(?:and|but|then|to|into|print|write|send|publish|from)\b)"
)
# Counting and windowing words: "users with more than 5 logins per hour" counts records, so a
# plain noun after the number is no field there (left to the aggregate recognisers).
_COUNTING = re.compile(
    r"(?i)\b(?:per|every|each|windows?|windowed|count\w*|totals?|sum|average|avg|group\w*"
    r"|hourly|daily|weekly|minutely|top|bottom|sessions?|distinct|unique|number\s+of)\b"
)


def _values_before_fields(part: str) -> str:
    """ "with at least 3 failed_attempts and under 10 lockout_minutes" -> "with failed_attempts at
    least 3 and lockout_minutes under 10": names with '_' only (a plain plural may be a count of
    records or items: "users with more than 5 logins", "pings that have more than 3 pallets"),
    and only where nothing is counted or windowed."""
    if _COUNTING.search(part):
        return part

    def reorder(m: re.Match[str]) -> str:
        pieces = list(re.finditer(_BOUND_THEN_NAME, m["chain"], re.IGNORECASE))
        if not all("_" in p["f"] for p in pieces):
            return m.group(0)  # "pings with more than 3 pallets": a count of items, or a field?
        out, at = [], 0
        for p in pieces:
            out.append(m["chain"][at : p.start()] + f"{p['f']} {p['op']} {p['n']}")
            at = p.end()
        return f"{m['lead']} {''.join(out)}{m['chain'][at:]}"

    return _VALUE_BEFORE_FIELD.sub(reorder, part)


# A list item of a field's name (with '_') and a presence word alone: "batch_id set",
# "seat_id not null" (between ':' / ',' / ';' and the next item or the output).
_BARE_PRESENCE = re.compile(
    r"(?i)(?P<lead>(?:^|[:,;])\s*)(?P<f>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+(?:is\s+)?"
    r"(?:set|not\s+null|non-?null|present)"
    r"(?=\s*(?:[,;]|->|$)|\s+(?:to|then|into)\b)"
)


_UNIT_THEN_BOUND = re.compile(
    r"(?i)(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s+(?P<u>[A-Za-z]+)\s+"
    r"(?P<b>(?:or|and)\s+(?:more|higher|greater|above|over|up|less|lower|fewer|below|under))\b"
    r"(?=\s*(?:[,;.)]|$)|\s+(?:and|then|to|into|from|in|on|write|send|publish|store)\b)"
)


# "region in: sierra_norte, alpujarra, ordesa" (a ticket's line): a field's list of values after
# "in" and a colon, as "region in sierra_norte, ..." (never "output in: kafka, redis", a list of
# the pipeline's own words)
_IN_COLON_LIST = re.compile(
    r"(?i)(?P<lead>(?:^|[;(]|\b(?:keep|only|where|whose|and)\b)\s*)"
    r"(?P<f>[a-z][a-z0-9_]*)\s+(?P<not>not\s+)?in\s*:\s*"
    r"(?=(?P<v>[\w'-]+(?:\s*,\s*[\w'-]+)+)\s*(?:[;.)]|$))"
)
_PIPELINE_WORD = re.compile(
    r"(?i)(?:sinks?|sources?|inputs?|outputs?|topics?|tables?|kafka|clickhouse|redis|stdout"
    r"|json|csv|avro|postgres\w*|mysql|fields?|columns?|keys?|written|stored|published)"
)


def _in_colon_list(m: re.Match[str]) -> str:
    values = re.split(r"\s*,\s*", m["v"])
    if any(_PIPELINE_WORD.fullmatch(w) for w in [m["f"], *values]):
        return m.group(0)
    return f"{m['lead']}{m['f']} {m['not'] or ''}in "


def comparison_idioms(part: str) -> str:
    """ "north of 50" -> "above 50", "shy of 10" -> "below 10", "100+" -> "100 or more"."""
    part = _IN_COLON_LIST.sub(_in_colon_list, part)
    part = _CHANGE_VERB.sub(lambda m: m["f"] + " ", part)
    part = _CHANGE_TO_BOUND.sub(_change_to_bound, part)
    for what, per, unit in _PER_UNITS:
        part = re.sub(
            rf"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s*{what}\s*(?:\s(?:per|an?)\s+|/\s*){per}\b",
            rf"\1 {unit}",
            part,
        )
    part = _MILLIONS.sub(lambda m: m["c"] + _digits(round(float(m["n"]) * 1_000_000, 6)), part)
    part = _SPACED_THOUSANDS.sub(lambda m: m["c"] + m["n"].replace(" ", ""), part)
    part = _JOINED_UNIT.sub(r"\1 ", part)
    part = own_time_units_dropped(part)  # "duration_s over 90 seconds": the field's own unit
    # "a rating of 4 stars or more", "weight of 4 kg and up": the bound's words after the unit
    # word move before it ("4 or more stars"), where the bound and the unit are read
    part = _UNIT_THEN_BOUND.sub(
        lambda m: (
            f"{m['n']} {m['b']} {m['u']}"
            if m["u"].lower() in UNIT_FAMILY or re.fullmatch(SCALE_WORD, m["u"], re.I)
            else m[0]
        ),
        part,
    )
    for idiom, plain_word in _COMPARISON_IDIOMS:
        part = re.sub(rf"(?i){idiom}{_NUMBER_AHEAD}", plain_word, part)
    # "100+", "5k+": a bound, never arithmetic ("100 + tax", "a+b")
    return re.sub(r"(?<![\w.+])(\d+(?:\.\d+)?[kK]?)\+(?=[\s,;.)]|$)", r"\1 or more", part)


# "where priority is 1, 2 or 3", "with floor 4 or 5": one field, a list of numbers ending in
# "or", read as an IN list; never after a word that takes a number of its own ("top 5 or 10").
_NUMBER_LIST = re.compile(
    r"(?i)\b(?P<lead>where|whose|with|having|keep|only|and)\s+(?:the\s+|an?\s+(?=\w+\s+of\s))?"
    r"(?!(?:top|bottom|first|last|every|each|within|over|above|below|under|than|least|most"
    r"|about|around|only|just|exactly|between|from|to|in|on|at|of|is|are|not|no|per|for)\b)"
    r"(?P<f>[A-Za-z_]\w*)\s+(?:is\s+|are\s+|of\s+|=\s*|equals?\s+|in\s+)?"
    r"(?P<list>-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)*\s*,?\s+or\s+-?\d+(?:\.\d+)?)"
    # ("a rating of 1 or 2 stars": a scale word after the list, read by the filter's units)
    rf"(?:(?=\s+(?:{SCALE_WORD})\b)|"
    # ("vehicle_class 3, 4 or 5 (the heavy goods ones)": an aside after it, its readers' own)
    r"(?=\s*(?:[,;.()]|$)|\s+(?:from|into|to|and|then|in|on|write|send|publish|store)\b))"
)


def _number_lists(part: str) -> str:
    return _NUMBER_LIST.sub(
        lambda m: f"{m['lead']} {m['f']} in ({', '.join(re.findall(r'-?[0-9.]+', m['list']))})",
        part,
    )


_HALVES = {"hour": (60, "minutes"), "hr": (60, "minutes"), "minute": (60, "seconds"),
           "min": (60, "seconds"), "day": (24, "hours"), "week": (7 * 24, "hours"),
           "second": (1000, "ms"), "sec": (1000, "ms")}  # fmt: skip
_HALF_UNIT = r"(?P<u>hour|hr|minute|min|day|week|second|sec)s?"


def _half(count: float, unit: str) -> str:
    per, smaller = _HALVES[unit.lower()]
    return f"{round(count * per)} {smaller}"


def durations_in_words(part: str) -> str:
    """Durations said in words, as one number and unit: "1 and a half hours" -> "90 minutes",
    "an hour and a half" -> "90 minutes", "3 quarters of an hour" -> "45 minutes", "a
    fortnight" -> "14 days", "1h30" -> "90 minutes", "1 hour and 30 minutes" -> "90 minutes"."""
    part = re.sub(
        rf"(?i)\b(?P<n>\d+)\s+and\s+a\s+half[\s-]+{_HALF_UNIT}\b",
        lambda m: _half(int(m["n"]) + 0.5, m["u"]),
        part,
    )
    part = re.sub(
        rf"(?i)\b(?:an?|1|(?<=\bevery\s))\s*{_HALF_UNIT}\s+and\s+a\s+half\b",
        lambda m: _half(1.5, m["u"]),
        part,
    )
    part = re.sub(
        rf"(?i)\b(?P<n>\d+)\s+{_HALF_UNIT}\s+and\s+a\s+half\b",
        lambda m: _half(int(m["n"]) + 0.5, m["u"]),
        part,
    )
    part = re.sub(
        r"(?i)\b(?P<n>[1-3])\s+quarters?\s+of\s+an\s+hour\b",
        lambda m: f"{int(m['n']) * 15} minutes",
        part,
    )
    part = re.sub(r"(?i)\ba\s+half[\s-]+(hour|minute|day)\b", r"half a \1", part)
    # "every other hour", "every 1/2 hour", "1/4 hour"
    part = re.sub(r"(?i)\bevery\s+other\s+(minute|hour|day|week)\b", r"every 2 \1s", part)
    part = re.sub(r"(?i)(?<![\w./])1/2\s*(?:an?\s+)?(hour|minute|day)\b", r"half an \1", part)
    part = re.sub(r"(?i)(?<![\w./])1/4\s*(?:of\s+)?(?:an?\s+)?hour\b", "15 minutes", part)
    part = re.sub(r"(?i)(?<![\w./])3/4\s*(?:of\s+)?(?:an?\s+)?hour\b", "45 minutes", part)
    part = re.sub(r"(?i)\bfortnightly\b", "every 14 days", part)
    part = re.sub(r"(?i)\b(?:a|1)\s+fortnight\b", "14 days", part)
    part = re.sub(r"(?i)\b(\d+)\s+fortnights\b", lambda m: f"{int(m.group(1)) * 14} days", part)
    part = re.sub(r"(?i)\bfortnight\b", "14 days", part)
    # "1 hour and 30 minutes" (numbers said in words), "1h30": one unit
    part = re.sub(
        r"(?i)\b(\d+)\s*(?:h|hrs?|hours?)\s*(?:and\s+)?(\d+)\s*(?:m|mins?|minutes?)\b",
        lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} minutes",
        part,
    )
    part = re.sub(
        r"(?i)\b(\d+)h([0-5]\d)(?![\w.])",
        lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} minutes",
        part,
    )
    return re.sub(
        r"(?i)\b(\d+)\s*(?:m|mins?|minutes?)\s*(?:and\s+)?(\d+)\s*(?:s|secs?|seconds?)\b",
        lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} seconds",
        part,
    )


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORDS = re.compile(
    r"(?<![\w'-])(?<!\w\.)(?:(?:"
    + "|".join(_UNITS)
    + r"|"
    + "|".join(_SCALES)
    + r")(?:[\s-]+(?:and[\s-]+)?"
    r"(?=(?:" + "|".join([*_UNITS, *_SCALES]) + r")\b))?)+(?![\w'-]|\.\w)",  # not in "iot.five"
    re.IGNORECASE,
)


_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# "two point five", "zero point seven five", "3 point 5": a decimal said in words
_POINT = re.compile(
    rf"(?i)(?P<int>{_NUMBER_WORDS.pattern}|(?<![\w.])\d+)\s+point\s+"
    rf"(?P<frac>(?:{_DIGIT_WORD}|\d)(?:\s+(?:{_DIGIT_WORD}|\d))*)(?![\w'-])"
)


def _point_decimal(m: re.Match[str]) -> str:
    whole = m.group("int")
    value = whole if whole.isdigit() else str(_words_value(whole))
    digits = {w: str(n) for w, n in _UNITS.items() if n < 10} | {"oh": "0"}
    frac = "".join(digits.get(w.lower(), w) for w in m.group("frac").split())
    return f"{value}.{frac}"


_NEGATIVE = re.compile(
    r"(?i)\b(?P<cmp>below|under|above|over|than|between|and|to|is|of|at|from|reaches|hits)\s+"
    r"(?:minus|negative)\s+(?=\d)"
)


def _digits(value: float) -> str:
    """A number as digits, never in exponent form (1000000, 2500, 0.5)."""
    return str(int(value)) if value == int(value) else str(value)


def _words_value(text: str) -> int:
    """The number a run of number words spells ("one hundred and five" -> 105)."""
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return total + current


# "the busiest three stations", "the fastest 3 laps by lap_s": a ranking word before the count,
# read in the usual order ("the 3 busiest stations"); never before a unit ("the slowest 5 minute
# average" is a 5-minute figure, "the heaviest 3 kg" a weight). (top, bottom, best, worst and the
# size words are read in this order already: top_n.py TOP_N, BARE_TOP.)
_RANK_WORD_FIRST = re.compile(
    r"(?i)\b(?P<the>the)\s+(?P<adj>busiest|quietest|cheapest|costliest|slowest|fastest|heaviest"
    r"|lightest|longest|shortest|noisiest|most\s+active|least\s+active)\s+(?P<n>\d{1,3})"
    r"(?![\w%/-]|[.,:]\d)"
    r"(?!\s*(?:ms|millis\w*|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?"
    r"|years?|percent(?:iles?)?|pct|per\s*cent|kg|g|km|m|cm|mm|l|ml|kwh|kw|mb|gb|kb|eur|usd|gbp"
    r"|dollars?|euros?|pounds?|degrees?|times|x|of|or)\b)"
)


def numbers_as_digits(text: str) -> str:
    """Numbers written in words as digits ("five hundred" -> 500, "zero" -> 0); "one of",
    "one or more" and text in quotes stay as written."""

    def convert(m: re.Match[str]) -> str:
        # "read topics one and two, ...", "to topic big and seven": the names of a topic list,
        # ending its clause
        if re.search(
            r"(?i)\b(?:topics?|tables?)\s+(?:[\w.-]+\s*(?:,|\band)\s+)*$", m.string[: m.start()]
        ) and re.match(r"\s*(?:[,;.!?)]|$)", m.string[m.end() :]):
            return m.group(0)
        # "one hundred and five" is one number; "twenty and thirty" two, and so are "one
        # hundred and three hundred" (what follows a scale word's "and" is less than it)
        parts = [re.split(r"(?i)[\s-]+and[\s-]+", m.group(0))[0]]
        for part in re.split(r"(?i)[\s-]+and[\s-]+", m.group(0))[1:]:
            scale = re.search(r"(?i)(hundred|thousand|million)$", parts[-1])
            if scale and _words_value(part) < _SCALES[scale.group(1).lower()]:
                parts[-1] += " and " + part
            else:
                parts.append(part)
        if len(parts) > 1:
            return " and ".join(_NUMBER_WORDS.sub(convert, part) for part in parts)
        words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w != "and"]
        # "write to kafka topic seven", "table five", "the twelve topic": a name, which a digit
        # would change ("the two topics" counts them)
        if len(words) == 1 and (
            re.search(r"(?i)\b(?:topics?|tables?)\s+$", m.string[: m.start()])
            or (
                words != ["one"]
                and re.search(r"(?i)\bthe\s+$", m.string[: m.start()])
                and re.match(r"(?i)\s+(?:topic|table)\b", m.string[m.end() :])
            )
        ):
            return m.group(0)
        if words == ["one"] and re.match(r"\s+(?:of|or|another|by)\b", m.string[m.end() :], re.I):
            return m.group(0)
        # "store the latest one in Redis": a pronoun after an adjective of order, no number
        # ("over the last one hour" stays a number: a unit follows)
        if (
            words == ["one"]
            and re.search(
                r"(?i)\b(?:latest|newest|most\s+recent|last|current|first|oldest|previous)\s+$",
                m.string[: m.start()],
            )
            and not re.match(
                r"(?i)\s+(?:ms|millis\w*|sec\w*|min\w*|h|hrs?|hours?|days?|weeks?|months?|years?"
                r"|percent|%)\b",
                m.string[m.end() :],
            )
        ):
            return m.group(0)
        # "where no one has settled them", "each one": a pronoun, no number ("every one
        # minute", "every one and a half hours" stay numbers: a unit follows)
        if (
            words == ["one"]
            and re.search(r"(?i)\b(?:no|each|every|any|some)\s+$", m.string[: m.start()])
            and not re.match(
                r"(?i)(?:\s+and\s+an?\s+(?:half|quarter))?\s+(?:ms|millis\w*|sec\w*|min\w*|h|hrs?|hours?|days?|weeks?|months?|years?"
                r"|percent|%)\b",
                m.string[m.end() :],
            )
        ):
            return m.group(0)
        # "two networks, one publishing to topic a and one to b": each of them, a pronoun
        if (
            words == ["one"]
            and re.search(r"(?i)(?:,|\band)\s+$", m.string[: m.start()])
            and re.match(r"(?i)\s+(?:[a-z]+ing|to|for|from|on|in)\s", m.string[m.end() :])
        ):
            return m.group(0)
        # "quick one for the PMS migration:", "a small one:": the request itself, no number
        if (
            words == ["one"]
            and re.search(r"(?i)\b(?:quick|small|easy|simple|short)\s+$", m.string[: m.start()])
            and re.match(r"(?i)\s*(?:[.!?,;:)]|$|\s+for\b)", m.string[m.end() :])
        ):
            return m.group(0)
        # "reads the digest in one sitting", "at one point", "our number one ask": idioms, no
        # count (a digit there would stop the sentence reading as context; "with number one"
        # may be a value)
        if words == ["one"] and (
            (
                re.search(r"(?i)\b(?:in|at)\s+$", m.string[: m.start()])
                and re.match(r"(?i)\s+(?:sitting|go|shot|point|stage)\b", m.string[m.end() :])
            )
            or re.search(r"(?i)\b(?:the|our|their|my|your)\s+number\s+$", m.string[: m.start()])
        ):
            return m.group(0)
        # "keep asking for this one.": the request itself, no number
        if (
            words == ["one"]
            and re.search(r"(?i)\b(?:this|that)\s+$", m.string[: m.start()])
            and re.match(r"\s*(?:[.!?,;:)]|$)", m.string[m.end() :])
        ):
            return m.group(0)
        return str(_words_value(" ".join(words)))

    def words(part: str) -> str:
        # "half a dozen" -> 6; "a thousand", "a dozen" -> "one thousand", "one dozen"
        part = re.sub(r"(?i)\bhalf\s+a\s+dozen\b", "6", part)
        part = re.sub(r"(?i)\ban?\s+(?=(?:dozen|hundred|thousand|million)\b)", "one ", part)
        # "over 1 million", "2.5 thousand": digits times a scale word
        part = re.sub(
            r"(?i)(?<![\w.])(\d+(?:\.\d+)?)\s+(dozen|hundred|thousand|million)\b",
            lambda m: _digits(float(m.group(1)) * _SCALES[m.group(2).lower()]),
            part,
        )
        part = _POINT.sub(_point_decimal, part)
        part = _NUMBER_WORDS.sub(convert, part)
        # "below minus 10" -> "below -10": a negative number after a comparison, never the
        # arithmetic of "price minus 5"
        return _NEGATIVE.sub(r"\g<cmp> -", part)

    # (a contraction's or a possessive's apostrophe opens no quote: "the season's off ... I'd
    # like ... the three busiest" holds no quoted text)
    parts = re.split(r"""((?<!\w)'[^'\n]*'(?!\w)|"[^"]*"|`[^`]*`)""", text)
    return "".join(p if i % 2 else words(p) for i, p in enumerate(parts))


# A number as the request may have spelt it: digits, or words ("a dozen", "no one", "five")
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_SCALES, "a", "an", "no", "half", "and"], key=len)[::-1])
_SPELT_NUMBER = rf"(?:\d[\d,.]*|(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD})){{0,4}})"


def as_written(message: str, request: str) -> str:
    """A refusal's quoted words with their numbers as the request spelt them: 'about 12 doors'
    is 'about a dozen doors' when the request says so (the parser reads numbers as digits).
    A quote the request holds as it is, or that matches it in no one place, stays."""

    def back(m: re.Match[str]) -> str:
        quoted = m.group(1)
        if quoted in request or not re.search(r"\d", quoted):
            return m.group(0)
        parts = re.split(r"(\d+(?:\.\d+)?)", quoted)
        pattern = "".join(
            _SPELT_NUMBER if i % 2 else r"\s+".join(map(re.escape, part.split(" ")))
            for i, part in enumerate(parts)
        )
        found = list(re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", request, re.I))
        if len(found) != 1:
            return m.group(0)
        return f"'{found[0].group(0)}'"

    return re.sub(r"'([^'\n]{1,200})'", back, message)


def plus_as_and(text: str) -> str:
    """ "orders + order_items" lists two names; "price + tax as total" and "total = price + tax"
    are arithmetic (computed fields) and stay."""

    def replace(m: re.Match[str]) -> str:
        before, after = text[: m.start()], text[m.end() :]
        # ("= (price + shipping) * qty": a sum in parentheses; "kafka gate-scans + stdout": a
        # hyphen inside a name is no minus)
        arithmetic = re.search(r"(?:[+*/=]|(?<![\w.])-)\s*\(*\s*[\w.]+$", before)
        arithmetic = (
            arithmetic
            or re.search(r"=\s*[\w.()\s*/+-]+$", before)
            or re.match(r"[\w.]+(?:\s*[-+*/]\s*[\w.]+)*\s+(?:as|into|called|named)\s", after, re.I)
            # ("compute tip_pct as a / b plus total as amount + tip": a second field's sum)
            or re.search(
                r"\b(?:compute|calculate|derive|work\s+out|add)\b(?:[^.;!?]|\.(?=\d))*"
                r"\b[A-Za-z_]\w*\s+as\s+"
                r"[\w.]+$",
                before,
                re.I,
            )
        )
        return m.group(0) if arithmetic else " and "

    # "dedupe on lighthouse_id+status": two names joined by a bare plus, one of them a field's
    # snake_case name, is spaced as a list ("price+tax" of plain words, or after "=", stays)
    # (never inside quotes: "tag = 'size_xl+extra'" is one value)
    text = _outside_quotes(
        text,
        lambda part: re.sub(
            r"(?<![\w.+*/=-])(?P<a>[A-Za-z]\w*)\+(?P<b>[A-Za-z]\w*)(?![\w.+*/(-])",
            lambda m: f"{m['a']} + {m['b']}" if "_" in m[0] else m[0],
            part,
        ),
    )
    return re.sub(r"(?<=[\w'\"`)])\s+\+\s+(?=[\w'\"`])", replace, text)


# Words after an aggregate's call that are never its alias ("sum(amount) per store_id")
_NOT_AN_ALIAS = (
    r"(?:per|by|every|each|for|from|over|in|into|to|and|or|as|where|then|of|on|with|across"
    r"|hourly|daily|weekly|monthly|minutely|nightly|window|windows|grouped|group|plus|minus"
    r"|times|divided|is|are|was|were|the|a|an|it|them|values?|only|too|also)"
)


# ... and what follows such an alias: its item's end, or the next clause
_ALIAS_ENDS = (
    r"(?=\s*(?:[,;|]|[.!?]?\s*$|[.!?]\s)|\s+(?:and|per|by|every|each|for|from|over|in|into"
    r"|to|then|where|grouped)\b)"
)


# The words of aggregates a name may be built from: "the max (amount_peak)" names the max.
_AGG_NAME_PART = re.compile(r"(?:^|_)(?:avg|mean|max|min|peak|total|sum|count|median)(?:_|$)", re.I)

_AGG_WORD = re.compile(r"p\d{1,2}|average|maximum|minimum|highest|lowest", re.I)


def _call_form(m: re.Match[str]) -> str:
    """ "max(latency_ms)" -> "max of latency_ms"; "the max (amount_peak)", an aggregate's word in
    its name after a space, is a name given to the max (read by the aggregates), left as written."""
    if m[2] and (_AGG_NAME_PART.search(m[3]) or _AGG_WORD.fullmatch(m[3])):
        # ("median (p50) of x": the same aggregate said again, read by the aggregates)
        return m[0]
    return f"{m[1]} of {m[3]}"


# The parser's keywords a misspelling may be read as (never names: a misspelt name is a name).
_KEYWORDS = """
    deduplicate dedupe duplicates duplicate clickhouse aggregate tumbling sliding
    hopping window windows minute minutes second seconds hour hours every store enrich
    profiles redis kafka topic topics filter records events messages average maximum
    minimum session sessions sessionize inactivity within table tables database publish
    unique distinct replicate debezium postgresql count total number where greater than
    less keep drop join output write compute calculate remove forward print stdout
    console grace lateness hourly daily per percentile median stream into from each
    consume produce ordered partitioned grouped sorted latest earliest offset beginning
    exclude discard rename field fields column columns contains starts begins ends
    after before result pipeline whenever strictly
    sometimes occasionally
""".split()  # noqa: SIM905
# (the last two: how often, in the asides that say why a step is asked ("the widget double
# posts sometmies"), read by context.py only when spelt right)
# (the request-language check counts them as English words)
KEYWORDS = frozenset(_KEYWORDS)
_KNOWN = {
    form
    for k in _KEYWORDS
    for form in (k, k.removesuffix("s"), k + "s", k + "d", k + "ed", k + "ing", k + "es")
}
# English words one letter from a keyword, never its slip ("point the output to topic big" is
# no "print"; "a joint account" no "join").
_NOT_SLIPS = word_set(
    """point points joint joints paint court courts white stone storm shore stare dairy tonic
    toxic tropic filler fitter grape tales score scores remote tablet tablets
    story storey stove stole stork stoke snore swore spore storer steam streak scream
    computer commute compete compote product producer writer wrote writhe widow winnow
    discord filer falter grade grave grate graze glace latent media medial intro daisy dally
    doily drily minuet remover fiend county alter aster condole consoler greeter greaser
    greaten grouper siding stout deduce emery evert sorter orderer wherever sometime
    comp comps"""
)
# (the list above: gcide words one edit from a keyword; "SaaS product" is no "produce"; "comp
# tickets" are complimentary ones, never "come")
# Four-letter words are too short to guess at, but for these common slips.
_SHORT_TYPOS = {
    "evry": "every", "evrey": "every", "evey": "every", "eveyr": "every", "tpoic": "topic",
    "topci": "topic", "kepe": "keep", "jion": "join", "whre": "where", "wehre": "where",
    "minuts": "minutes", "mintues": "minutes", "minuets": "minutes", "secods": "seconds",
    "huor": "hour", "veiws": "views", "clcks": "clicks", "raed": "read", "dorp": "drop",
    "ordres": "orders", "kep": "keep", "onyl": "only", "olny": "only", "ony": "only",
    "sned": "send", "kepp": "keep", "wiht": "with", "fomr": "from", "frmo": "from", "adn": "and",
    "teh": "the", "topc": "topic", "tpic": "topic", "kafak": "kafka", "kakfa": "kafka",
    "kafla": "kafka", "evrything": "everything", "everyting": "everything",
    "eveything": "everything", "plz": "please", "thx": "thanks", "annd": "and",
    "wrte": "write", "tbl": "table", "whos": "whose", "wich": "which", "wher": "where",
    # framing words ("plese", "cna you", "Coudl you")
    "plese": "please", "pelase": "please", "plase": "please", "pleae": "please", "cna": "can",
    "coudl": "could", "cuold": "could", "woudl": "would", "yuo": "you",
    # a producer's own noun ("misting sytem logs to x")
    "sytem": "system", "sysem": "system", "systme": "system", "sevice": "service",
    "servcie": "service",
    "afer": "after", "aftr": "after", "frm": "from", "bfore": "before", "befor": "before",
    # a contraction's apostrophe left out ("status isnt CLOSED")
    "isnt": "isn't", "arent": "aren't", "doesnt": "doesn't", "dont": "don't", "thats": "that's",
    # number words misspelt ("within fourty minutes")
    "fourty": "forty", "ninty": "ninety",
    # the records' plain nouns, in a remark ("we're just eyeballing the numbres")
    "numbres": "numbers", "nubmers": "numbers", "numbrs": "numbers", "reuslts": "results",
    "resutls": "results",
}  # fmt: skip
# Chat shorthand for the records, after an article only ("send the msg to topic x"; never a
# field: "where msg contains ...", "the msg field")
_RECORD_SHORTHAND = {"msg": "message", "msgs": "messages"}
# Slips read only where no recogniser read the word, and listed ("read 'reed' as 'read'").
_LISTED_TYPOS = {
    "reed": "read", "wirte": "write", "strore": "store", "prnt": "print", "pirnt": "print",
    "sotre": "store", "cosume": "consume", "consme": "consume", "ingset": "ingest",
}  # fmt: skip
# The words that name where records are; corrected even after "from" or "into" when a name
# follows ("reed from topik elevator-faults").
_NAME_NOUNS = ("topic", "topics", "table", "tables")
# Stores, corrected even after a name-introducing word when a table or topic follows.
_STORES = ("clickhouse", "redis", "kafka")
# After these words a word is likely a field or a name: never corrected there.
_NAME_CONTEXT = word_set(
    """where by per of on topic table tables into from key field fields whose"""
)
# After an aggregate's word ("the averge score per lane"), or before "per", a word names the
# field aggregated: never guessed into a keyword ("score" is no slip for "store").
_FIELD_AFTER = word_set("""average avg mean sum total max maximum min minimum median""")


def distance_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (a swap of neighbours counts as one)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# A slip is never read as a word that negates or selects: "nto", "onyl the ..." may be
# anything, and a guessed "not" or "only" would change what is kept (the short list of
# slips above names the few sure ones).
_NEVER_GUESSED = word_set(
    """not no nor none neither never only except excluding excluded unless without where
    when if but just all any either else other others instead rather unlike"""
)
# A field's name stands before a comparison ("staus = 'x'", "amout is over 5"): never corrected.
_COMPARED = re.compile(r"[=<>!]|is$|equals?$|over$|under$|above$|below$|contains$", re.I)
# Common slips of English words (each one edit or two from its word, and from no other).
# The steps said before "per <key>" ("group them into sesions per device_hash"): a slip of
# one is corrected there; any other word before "per" may be a measure's own name
_STEPS_PER_KEY = frozenset({"session", "sessions", "window", "windows", "sessionize", "sessionise"})
_ENGLISH_SLIPS = {
    "thier": "their", "recieve": "receive", "recieves": "receives", "recieved": "received",
    "reciept": "receipt", "reciepts": "receipts", "seperate": "separate",
    "seperately": "separately", "seperated": "separated", "occured": "occurred",
    "occuring": "occurring", "untill": "until", "recieving": "receiving",
    # ("alow 2 minutes for late readings": the grace's verb, never 'flow')
    "alow": "allow", "alowing": "allowing", "alowed": "allowed",
}  # fmt: skip

# English words that are slips before "than" ("age grater than 30")
_BEFORE_THAN = {"grater": "greater", "greather": "greater", "lesser": "less"}
# English words that are slips of a window's kind before "window(s)" ("hoping windows of 10
# min"), never after a subject or a verb's helper ("we're hoping windows of 5 min will do")
_BEFORE_WINDOWS = {"hoping": "hopping", "hooping": "hopping", "tumbing": "tumbling"}
_HOPING_SAID_BY = word_set(
    """i we you they he she it i'm we're you're they're am are is was were be been being
    still really also just all both so not"""
)


def _lowercase_word(word: str) -> bool:
    """A word in lower case (or a capital first): no name, acronym or identifier
    ("KAFAK", "stroe_id", "orderTotal" are never slips)."""
    return word.isalpha() and word[1:].islower()


@functools.cache
def _deletion_index(vocabulary: frozenset[str]) -> dict[str, frozenset[str]]:
    """Each word of the vocabulary under itself and every form with one letter left out:
    a slip one edit away shares one of these keys with its word."""
    index: dict[str, set[str]] = {}
    for word in vocabulary:
        for key in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}:
            index.setdefault(key, set()).add(word)
    return {key: frozenset(words) for key, words in index.items()}


def one_edit_word(word: str, extra: frozenset[str] = frozenset()) -> str | None:
    """The one word of the parser's vocabulary (its keywords and `extra`) one edit from
    `word` (a letter added, left out, changed, or two neighbours swapped), or None when no
    word, or words of more than one meaning, are that close ("sesions" -> "sessions")."""
    vocabulary = _vocabulary(extra)
    if word in vocabulary or word in english_near():
        return None  # a word of its own ("form", "ever", "slow") may mean what it says
    index = _deletion_index(vocabulary)
    near: set[str] = set()
    for key in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}:
        near |= index.get(key, frozenset())
    found = sorted(w for w in near if distance_one(word, w))
    if not found or len({stem(w) for w in found}) > 1 or _NEVER_GUESSED & set(found):
        return None  # "withn": 'with' or 'within'; "nevr": 'near' or 'never'; no guess
    # "minuts": 'minutes' (the plural written) rather than 'minute'
    found.sort(key=lambda w: (w[-1] != word[-1], len(w) != len(word) + 1, len(w)))
    return found[0]


@functools.cache
def _vocabulary(extra: frozenset[str]) -> frozenset[str]:
    """The keywords and `extra`, plain words of four letters or more."""
    # (the negating and selecting words are in it: a slip as near them is never guessed)
    words = frozenset(_KEYWORDS) | extra | _NEVER_GUESSED
    return frozenset(w for w in words if len(w) >= 4 and w.isalpha() and w.islower())


@functools.cache
def english_near() -> frozenset[str]:
    """English words one edit from a word of the vocabulary ("form", "ever", "slow"): each
    means what it says, never a slip (english_near.txt, built from a dictionary)."""
    path = Path(__file__).with_name("english_near.txt")
    return frozenset(path.read_text(encoding="utf-8").split())


def is_slip(word: str) -> bool:
    """A known slip for a keyword ("kepp", "reed")."""
    return word in _SHORT_TYPOS or word in _LISTED_TYPOS


def _where_slip(rest: list[str]) -> bool:
    """ "invoices were total_gbp is ...": "were" before a field and its comparison is a slip of
    "where" (the field a name with '_', or a word before a comparison's sign; never "the
    orders were cancelled is ...")."""
    words = [t.strip(",;:.!?()") for t in rest if t.strip()]
    if len(words) < 2 or not re.fullmatch(r"[A-Za-z]\w*", words[0]):
        return False
    return bool(_COMPARED.match(words[1])) and ("_" in words[0] or words[1][0] in "=<>!")


def correct_typos(
    text: str, known: frozenset[str], vocabulary: frozenset[str] = frozenset(), after: str = ""
) -> tuple[str, list[str]]:
    """Misspelt keywords replaced; `known` holds words never to touch (the lexicons' words),
    `vocabulary` the parser's own words a slip may be read as (besides its keywords); `after`
    is the word after the text (a read one: "into sesions" before "per device_hash")."""
    corrections: list[str] = []
    out: list[str] = []
    previous = said = ""
    tokens = re.split(r"(\s+)", text)
    words = [t for t in tokens if t.strip()]
    n = 0  # the number of words before this token
    for i, token in enumerate(tokens):
        word = token.strip(",;:.!?()")
        lower = word.lower()
        fixed = None
        following = next((t.lower() for t in tokens[i + 1 :] if t.strip()), "")
        # (the word after the text, for the last word: "per" there lets a step's noun after
        # "into" be corrected, as "per" in the text does)
        after_per = not following and after == "per" and bool(token.strip())
        # "with quiz_id, student_id and score.": the last of a list of field names ending its
        # clause is a name too ("user_id and pubish to ..." goes on: a slip there)
        listed = (
            (n >= 1 and "_" in words[n - 1] and words[n - 1].endswith(","))
            or (n >= 2 and words[n - 1].lower() in ("and", "or") and "_" in words[n - 2])
        ) and (token.rstrip() != word or not following)
        store = next((k for k in _STORES if distance_one(lower, k)), None)
        if (
            store
            and previous in _NAME_CONTEXT
            and re.match(r"tables?\b|topics?\b|\w+\.\w", following)
        ):
            fixed = store  # "into clickhous table x": a store's name before its table, not a field
        elif (
            len(lower) >= 4
            and lower not in _NAME_NOUNS
            and (noun := next((k for k in _NAME_NOUNS if distance_one(lower, k)), None))
            and lower not in known
            and lower not in _NOT_SLIPS
            # a name follows, or one read already (the run of unread words ends here); a word
            # ending its sentence ("the tablets report.") is no dotted name
            and (not following or re.match(r"['\"`]?[A-Za-z][\w]*[-.]\w[\w.-]*", following))
        ):
            fixed = noun  # "from topik elevator-faults": a topic's name follows, never a field
        elif (
            lower in _SHORT_TYPOS and _SHORT_TYPOS[lower] != lower and previous not in _NAME_CONTEXT
        ):
            fixed = _SHORT_TYPOS[lower]
        elif (
            lower in _RECORD_SHORTHAND
            and previous in ("the", "a", "each", "every", "these", "those", "this", "that")
            and following not in ("field", "fields", "column", "value", "values")
        ):
            fixed = _RECORD_SHORTHAND[lower]
        elif lower in _LISTED_TYPOS and previous not in _NAME_CONTEXT and not listed:
            fixed = _LISTED_TYPOS[lower]
        elif lower == "were" and _where_slip(tokens[i + 1 :]):
            fixed = "where"  # "keep invoices were total_gbp is more than 1500"
        elif lower in _BEFORE_THAN and following == "than":
            fixed = _BEFORE_THAN[lower]  # "is grater than 12": an English word, but not there
        elif (
            lower in _BEFORE_WINDOWS
            and (following or after) in ("window", "windows")
            and previous not in _HOPING_SAID_BY
        ):
            fixed = _BEFORE_WINDOWS[lower]  # "hoping windows of 10 min": the window's kind
        elif lower in _ENGLISH_SLIPS and previous not in _NAME_CONTEXT and not listed:
            fixed = _ENGLISH_SLIPS[lower]  # "thier", "recieve": English words' common slips
        elif (
            len(lower) >= 4 and _lowercase_word(word) and lower not in _KNOWN and lower not in known
            and lower not in _NOT_SLIPS and not listed
            # ("For our Paris stores": a capital mid-sentence is a place's or a person's name)
            and (word[0].islower() or n == 0 or words[n - 1][-1] in ".!?:")
            and said not in _FIELD_AFTER and not _COMPARED.match(following)
            # ("into clickhous table x" is a name; "into sesions per device_hash" a step: no
            # name is followed by "per")
            and (previous not in _NAME_CONTEXT or following == "per" or after_per)
        ):  # fmt: skip
            fixed = one_edit_word(lower, vocabulary)
            only_steps = following == "per" or (after_per and previous in _NAME_CONTEXT)
            if only_steps and fixed not in _STEPS_PER_KEY:
                fixed = None  # ("fars per route": a measure before "per", maybe a field's name)
        if fixed:
            corrections.append(f"read {word!r} as {fixed!r}")
        out.append(token.replace(word, fixed) if fixed else token)
        if token.strip():
            n += 1
            # "..., total, publsh to": a comma ends the aggregate's phrase
            previous, said = lower, ("" if token[-1] in ",;:.!?)" else (fixed or lower))
    return "".join(out), corrections


_QUOTED_SPAN = re.compile(r"""'[^']*'|"[^"]*"|`[^`]*`""")


def correct_outside_quotes(
    text: str, known: frozenset[str], vocabulary: frozenset[str] = frozenset(), after: str = ""
) -> tuple[str, list[str]]:
    """`correct_typos` on the text between quoted names (names are never corrected)."""
    parts, corrections, pos = [], [], 0
    for m in _QUOTED_SPAN.finditer(text):
        fixed, found = correct_typos(text[pos : m.start()], known, vocabulary)
        parts += [fixed, m.group(0)]
        corrections += found
        pos = m.end()
    fixed, found = correct_typos(text[pos:], known, vocabulary, after)
    return "".join([*parts, fixed]), corrections + found


__all__ = ["correct_outside_quotes", "layout", "plain", "plus_as_and"]
