"""Schema resolution: choose the input schema (sample, named fields, preset) and resolve the
phrases the recognisers found into field names and types."""

from __future__ import annotations

import json
from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import PRESETS
from . import lazy_re as re
from .lexicon import (
    COLUMN_TYPES,
    DOMAINS,
    ENTITY_FIELDS,
    KIND_FIELD_WORD,
    MEASURE_FIELDS,
    MEASURE_WORDS,
    NOUN_MODIFIER,
    OWN_NAME_WORDS,
    PASSED_ON_NOTE,
    PRESENCE,
    PRESENCE_NOTE,
    TIME_FIELDS,
    UNCLEAR_MODIFIER,
    VERBS_AFTER_AND,
    _snake,
    guess_type,
    singular,
)
from .state import ParserState

# Type words that only name a type before a field's name ("the string coupon_code"); never
# "long", "real", "date" or "money", which may describe the records
_TYPE_WORDS = frozenset(
    [
        "string",
        "text",
        "varchar",
        "int",
        "integer",
        "bigint",
        "float",
        "double",
        "decimal",
        "numeric",
        "bool",
        "boolean",
        "timestamp",
        "json",
        "jsonb",
    ]
)

# "the customer's tier": a plain owner's word with 's, then the field's word or name
_OWNER_FIELD = re.compile(r"([A-Za-z]+)(?:'s|\u2019s)\s+([A-Za-z_]\w*)")

DOMAIN_WORD = re.compile(r"(?<=\w)\s+(?!lines\b|views?\b|streams?\b)\S+$")

# The records' fields said in prose: "Claims land on topic claims-submitted as JSON with
# policyholder_id, amount and a timestamp.", "each message have route_id and delay_s (the delay in
# seconds against timetable).", "messages carry co2_ppm, room_id and school_id". What the records
# carry (the input schema), never a projection or a filter; a bracketed gloss describes its field.
# A past participle ("shipped", "cancelled"), never an entity's name ("seed", "feed", "speed")
_PARTICIPLE = re.compile(r"[a-z]{3,}[^e]ed")

_CARRIED_ITEM = r"(?:(?:a|an|the)\s+)?[A-Za-z_][A-Za-z0-9_]*(?:\s*\([^()\x00]{1,80}\))?"
CARRIED_FIELDS = re.compile(
    # who carries them: the records (never an output), or the source topic it is read "on"
    r"(?:\b(?P<noun>records?|events?|messages?|readings?|rows?|payloads?|results?|entries|pings?"
    # ("Each swipe has badge_id, door and ts": after each/every, any noun is one record)
    r"|(?<=\beach\s)[a-z]+|(?<=\bevery\s)[a-z]+)"
    r"|\b(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?topic\s+[\"'`]?[A-Za-z][\w.-]*[\"'`]?"
    r"(?:\s+as\s+json)?|\bas\s+json"
    # ("The topic flow-meters has readings with meter_id, litres and ts")
    r"|\btopic\s+[\"'`]?[A-Za-z][\w.-]*[\"'`]?\s+"
    r"(?P<has>(?:has|carries|contains|holds)\s+[a-z]+s)(?=\s+with\b))"
    # ("on the topic hotel-checkins, one message per guest check-in, with ...": what each
    # record is, said between; read by the aggregates' "per" as no grouping)
    r"(?:\s*,\s*(?:one|a|1)\s+(?:message|record|event|row|entry)\s+(?:per|for\s+each|for\s+every)"
    r"\s+[\w-]+(?:[\s-][\w-]+)?\s*(?=,))?"
    # ("The events only carry animal_id and grams": all the fields they have, no selection)
    r"\s*,?\s+(?:(?:already|always|each|all|(?P<only>only|just))\s+)?"
    r"(?P<v>(?:comes?\s+with|with|ha(?:s|ve)|carr(?:y|ies)|contains?|includes?|holds?)\s+"
    r"(?:(?:the\s+|a\s+|these\s+|the\s+following\s+)?(?P<fw>fields?|columns?|attributes?)\s*:?\s+)?)"
    # ("with the field hashtag": one field, said to be one)
    rf"(?P<list>{_CARRIED_ITEM}(?:\s*,\s*(?:and\s+)?{_CARRIED_ITEM}|\s+and\s+{_CARRIED_ITEM})*)"
    # the sentence ends, or a clause with its own subject follows ("..., and we need ...")
    r"(?=\s*(?:[;!?]|\.(?!\d)|$)|\s*,\s*(?:and|so|but)\s+(?:we|i|you|please|they)\b)",
    re.I,
)
_CARRIED_PARTS = re.compile(
    r"(?:(?:a|an|the)\s+)?(?P<n>[A-Za-z_][A-Za-z0-9_]*)(?:\s*\((?P<g>[^()\x00]{1,80})\))?"
)
# what may come before the records' noun in its clause: "Each message has ...", "the events
# come with ...", "and every reading carries ..."
_CLAUSE_OPENS = re.compile(
    r"\s*(?:(?:and|so|but|whose)\s+)?(?:(?:each|every|all|the|our|its|their|these|those|all\s+the)\s+)?"
    # one word saying what the records are ("the quiz events"), never a step ("Filter events
    # with a_id and b_id", "keep only records with ...")
    rf"(?:(?!(?:{VERBS_AFTER_AND}|remove|skip|ignore|exclude|discard|only|just|select|take|pass"
    r"|route|want|need|get|read|consume|any|no|some|with|without)\b)[a-z]+\s+)?",
    re.I,
)
# "write to topic b as JSON with a_id and b": what goes out, never what the records carry
_WRITE_CLAUSE = re.compile(
    r"(?:^|\b(?:and|then|please|also)\s+)\s*(?:write|send|publish|emit|produce|output|forward"
    r"|store|push|put|deliver|sink|save|insert|load|route|copy|mirror|dump)\b",
    re.I,
)
# Words saying the records meant are the pipeline's output ("the cleaned events", "the rows we
# store"): with "only" the list may ask for a projection, so it is no input schema
_OUTPUT_RECORDS = re.compile(
    r"\b(?:output|outgoing|outbound|final|resulting|result|sink|target|new|[a-z]{3,}[^e\W]ed)\b",
    re.I,
)
# a gloss that asks for something is no description ("(only positive ones)")
_GLOSS_ASKS = re.compile(
    # ("(1 if the part was scrapped, else 0)" says what the values mean)
    r"\b(?:only|keep|drop|filter|where|must|not|never|exclude|ignore|remove|skip|rename)\b|[<>=]",
    re.I,
)


# A record written out as JSON: "Records look like {"station": "A12", "temp": 21.4}", "every
# event looks like {...}", "sample message: {...}". Its keys are the records' fields, typed by
# their values; the words that lead to it are read with it.
_EXAMPLE_OBJECT = re.compile(r"\{[^{}\x00]*\}")
_EXAMPLE_LEAD = re.compile(
    r"(?:(?:and|so)\s+)?(?:(?:each|every|a|an|the|our|its|their|all|all\s+the|one)\s+)?"
    r"(?:[a-z]+\s+)?(?:(?:records?|events?|messages?|payloads?|readings?|rows?|pings?|entries|"
    r"observations?|lines?)\s+)?"
    r"(?:(?:looks?|look|are|is)\s+(?:something\s+)?like|(?:an?\s+)?(?:example|sample)"
    r"(?:\s+(?:record|event|message|payload|row))?(?:\s+(?:is|looks\s+like))?)\s*:?\s*$",
    re.I,
)
# an ISO-8601 date and time ("2024-05-01T00:00:00Z", "2024-05-01 08:30:00.250+02:00")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", re.I
)
# a JSON number's digits say which epoch unit a time field holds
_EPOCH_BY_DIGITS = {10: "epoch_s", 13: "epoch_ms", 16: "epoch_us"}


def _example_type(name: str, value: Any) -> str | None:
    """The spec type of an example record's value (None: a value the spec cannot type)."""
    if guess_type(name) in ("timestamp", "date") and isinstance(value, (str, int)):
        return "timestamp" if not isinstance(value, bool) else None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):  # ("humidity": 55 may be 55.5 next time: a measure's name says)
        # (the value passed: a unit ending alone, "wait_min": 12, keeps the example's int)
        return "float" if guess_type(name, value=value) == "float" else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        # "eta": "2024-05-01T00:00:00Z": an ISO-8601 date and time is a time, whatever its name
        return "timestamp" if _ISO_DATETIME.fullmatch(value) else "string"
    return "json" if isinstance(value, (dict, list)) else None


def _name_around(text: str, at: int, word: re.Pattern[str]) -> str | None:
    """The topic-like name ("kiosk-orders-paris", "app.logs") the word at `at` is part of."""
    before = re.search(r"[\w.-]*$", text[:at])
    after = re.match(r"[\w.-]*", text[at:])
    name = ((before.group(0) if before else "") + (after.group(0) if after else "")).strip(".-")
    return name if re.search(r"\w[-._]\w", name) and not word.fullmatch(name) else None


# A ticket-style label opening the request ("Sales:", "Orders team:", "For the night shift
# staff:"): it names the subject or who asks, never the records' domain (a preset); "Orders
# topic:" names the source, and is left to the source reader.
LEADING_LABEL = re.compile(
    r"^\s*(?:for\s+)?(?:(?:the|our)\s+)?"
    r"(?P<w>(?:(?!(?:topics?|streams?|feed|from|kafka)\b)[A-Za-z][\w-]*\s+){0,3}"
    r"(?!(?:topics?|streams?|feed|from|kafka)\b)[A-Za-z][\w-]*)\s*:(?=\s)",
    re.IGNORECASE,
)


# What follows "log"/"logs" said as a verb ("log every bag", "logs each track"): never the
# logs domain
LOG_VERB_AFTER = re.compile(
    r"\s+(?:every|each|all|the|our|any|one|those|these|his|her|my|your)\b", re.IGNORECASE
)


class SchemaResolver(ParserState):
    def extract_record_example(self) -> None:
        """A record written out as JSON (see `_EXAMPLE_OBJECT`): its keys are the fields the
        records carry, exactly (as a listed schema), typed by the example's values; a time field
        holding epoch digits sets the event time's format."""
        if self.declared or self.sample is not None:
            return
        for m in list(_EXAMPLE_OBJECT.finditer(self.s)):
            try:
                record = json.loads(m.group(0))
            except ValueError:
                continue
            if not isinstance(record, dict) or not record:
                continue
            clause = re.split(r"[.;!?\n\x00(]|,\s", self.s[: m.start()])[-1]
            lead = _EXAMPLE_LEAD.search(clause)
            if lead is None:
                continue  # a JSON object nothing says is a record: the template check refuses it
            if any(not re.fullmatch(r"[A-Za-z_]\w*", str(k)) for k in record):
                raise RequestNotUnderstood(
                    f"example record {m.group(0)}: a field name is letters, digits and '_'; "
                    "write the records' field names that way"
                )
            if self.declared:
                raise RequestNotUnderstood(
                    "two example records: write one JSON example of the records read (one "
                    "object whose keys are all their fields)"
                )
            times = [k for k, v in record.items() if _example_type(k, v) == "timestamp"]
            for key, value in record.items():
                kind = _example_type(key, value)
                if kind is None:
                    raise RequestNotUnderstood(
                        f"example record {m.group(0)}: the value of {key!r} is null, so its type "
                        "is unknown; give it a value of the field's type"
                    )
                if kind == "timestamp" and not isinstance(value, str):
                    digits = len(str(abs(value)))
                    unit = _EPOCH_BY_DIGITS.get(digits)
                    if unit is None or len(times) > 1:
                        kind = "int"  # an epoch of no known unit, or one of several times
                    elif not self.event_time_format:
                        self.event_time_format = unit
                        self.assumptions.append(
                            f"time field {key!r} holds epoch numbers in the example ({value}: "
                            f"{digits} digits), read as {unit}"
                        )
                self.declared.append(key)
                self.declared_types[key] = kind
            self.example_record = m.group(0)
            self.assumptions.append(
                "input schema: the fields of the example record, typed by its values"
            )
            self.mask(m.start() - len(clause) + lead.start(), m.end())

    def extract_carried_fields(self) -> None:
        """The fields the records carry, said in prose (see `CARRIED_FIELDS`): the input schema
        holds them (typed by the role the request gives them, else by their name)."""
        if self.declared or self.sample is not None:
            return  # a field list of the settings' kinds, or a sample: the schema is theirs
        for m in list(CARRIED_FIELDS.finditer(self.s)):
            clause = re.split(r"[.;:!?,\n\x00(]", self.s[: m.start()])[-1]
            if m.group("noun") and not _CLAUSE_OPENS.fullmatch(clause):
                continue  # "send to topic b the messages with a_id and b_id": which ones?
            if _WRITE_CLAUSE.search(clause):
                continue  # "write to topic b as JSON with a_id and b": the output's fields
            if m.group("only") and _OUTPUT_RECORDS.search(clause):
                continue  # "the cleaned events only carry a and b": a projection asked for?
            items = [
                (p.group("n"), p.group("g"))
                for p in _CARRIED_PARTS.finditer(m.group("list"))
                if p.group("n").lower() not in ("a", "an", "the", "and")
            ]
            names = [n for n, _g in items]
            if not m.group("fw") and (len(names) < 2 or not any("_" in n for n in names)):
                continue  # plain words only ("with retries and compression"): no field names
            if len(set(names)) < len(names):
                continue
            if any(g and _GLOSS_ASKS.search(g) for _n, g in items):
                continue
            self.carried_said.append(" ".join(self.text[m.start("v") : m.end("list")].split()))
            for name, gloss in items:
                if name not in self.carried:
                    self.carried.append(name)
                if gloss:
                    self.carried_glosses[name] = " ".join(gloss.split())
            # ("whose messages carry ...": the clause's words before the verb are the records')
            opens = m.start() - len(clause.lstrip())
            start = opens if m.group("noun") else m.start("has") if m.group("has") else m.start("v")
            self.mask(start, m.end("list"))

    def _joined_topic_names(self) -> list[tuple[int, int]]:
        """ "Read topic rides and topic payments; join rides to payments": where the joined
        topic's name is said; it names the other stream's domain, never the source's."""
        read = {name.lower() for _, name in self.topics}
        names = {
            (j.right_topic or j.right_phrase.strip()).lower()
            for j in self.joins
            if j.kind == "interval"
        } & read
        return [
            m.span()
            for name in names
            for m in re.finditer(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", self.text, re.I)
        ]

    def choose_schema(self) -> None:
        """The input schema: the sample's; else the preset of the domain the request names;
        else only the fields the request names (added as they are resolved)."""
        if self.carried and self.joins:  # a field list in prose: the source's or the join's?
            self.dropped += self.carried_said
            self.carried = []
        chars = list(self.text)
        for start, end in self.domain_excluded:
            for i in range(start, end):
                chars[i] = " "
        for start, end in self._joined_topic_names():
            chars[start:end] = " " * (end - start)
        label = LEADING_LABEL.match(self.text)
        if label:  # ("Sales: read topic pos-receipts ..."): the subject, not the records' domain
            chars[label.start("w") : label.end("w")] = " " * (label.end("w") - label.start("w"))
        visible = "".join(chars).replace("_", " ")
        # the first domain word said of the records; a word inside a name ("orders-raw") only
        # when no plain word names a domain ("sensor readings" on topic orders-raw: iot)
        best: tuple[int, str, str] | None = None
        plain: tuple[int, str, str] | None = None
        for pattern, preset, subject in DOMAINS:
            for m in pattern.finditer(visible):
                if preset == "logs" and LOG_VERB_AFTER.match(visible, m.end()):
                    continue  # "The stewards log every bag to x": the verb, no logs domain
                if best is None or m.start() < best[0]:
                    best = (m.start(), preset, subject)
                if (plain is None or m.start() < plain[0]) and not _name_around(
                    self.text, m.start(), pattern
                ):
                    plain = (m.start(), preset, subject)
        best = plain or best
        if best:
            self.preset, self.subject = best[1], best[2]
            # "orders-paris", "web_clicks": a word of a name only, never said of the records
            names = [_name_around(self.text, m.start(), pattern) for pattern, preset, _ in DOMAINS
                     if preset == best[1] for m in pattern.finditer(visible)]  # fmt: skip
            if all(names):
                self.preset_from_name = names[0]
        if self.sample is not None:
            self.fields = [f.model_dump() for f in self.sample.fields]
            self.schema_label = "sample"
        elif self.declared:
            # "topic 'x' (host, cpu_usage, timestamp)": exactly the listed fields. Times are
            # typed now (the event time is chosen among them); the others by the role the
            # request gives them, or by their name once every operator is read.
            self.preset = None
            self.fields = []
            self.schema_label = "fields the request lists"
            for name in self.declared:
                kind = self.declared_types.get(name, guess_type(name))
                if kind in ("timestamp", "date"):
                    self.add_field(name, kind, "listed", required=True)
        elif self.preset and not self.carried:
            # The request names the domain ("clickstream", "orders", "sensor readings"): its
            # preset gives the typical fields; the fields the request names are added to them.
            said = re.match(r"[\w-]+(?:\s+[\w-]+)?", visible[best[0] :]) if best else None
            word = DOMAIN_WORD.sub(" ", said.group(0)).strip() if said else self.preset
            self.fields = [f.model_dump() for f in PRESETS[self.preset]]
            self.schema_label = f"{self.preset} preset"
            self.assumptions.append(
                f"input schema: the {self.preset} preset, because the request says {word!r}"
                if not self.preset_from_name
                else f"input schema: the {self.preset} preset, picked from the name "
                f"{self.preset_from_name!r} alone (no word of the request names that domain)"
            )
        else:
            # No domain named: the schema is the fields the request names (added as they are
            # resolved, required, typed by their role) plus the event time, `timestamp` unless
            # the request names it ("event time ts") or says there is none.
            # A field list said in prose ("messages carry co2_ppm and room_id") stands for a
            # domain's preset ("sensors"), and its time field ("and a timestamp") is the time.
            self.preset = None if self.carried else self.preset
            self.fields = []
            for name in self.carried:
                if guess_type(name) in ("timestamp", "date"):
                    self.add_field(name, guess_type(name), "listed", required=True)
            if not self.event_time_set and not self.fields:
                self.fields.append(
                    {"name": "timestamp", "type": "timestamp", "required": True, "description": ""}
                )
                self.assumptions.append(
                    "the request names no event-time field: records carry it as 'timestamp' "
                    "(required: a record without it goes to the dead-letter topic)"
                )
            self.schema_label = "input schema"
        if not self.subject:
            first = self.topics[0][1] if self.topics else "events"
            self.subject = to_identifier(first) if first else "events"

    def add_declared_fields(self) -> None:
        """The listed fields no operator typed: typed by their name."""
        for name in self.carried if self.sample is None else []:  # (said in prose)
            if name not in self.names():
                self.add_field(name, guess_type(name), "listed", required=True)
        for f in self.fields:
            if f["name"] in self.carried_glosses and not f.get("description"):
                f["description"] = self.carried_glosses[f["name"]]
        if self.carried and not self.declared and self.sample is None:  # in the listed order
            said = {name: i for i, name in enumerate(self.carried)}
            self.fields.sort(key=lambda f: said.get(f["name"], len(said)))
        for name in self.declared:
            if self.sample is None and name not in self.names():
                self.add_field(name, guess_type(name), "listed", required=True)
        if self.sample is None:  # the schema (and a rows table's columns) in the listed order
            order = {name: i for i, name in enumerate(self.declared)}
            self.fields.sort(key=lambda f: order.get(f["name"], len(order)))

    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def known_names(self) -> list[str]:
        """The fields typed so far, then those a list says the records carry or declares
        (typed, and added, later), each once."""
        return list(dict.fromkeys([*self.names(), *self.carried, *self.declared]))

    def refuse_plural_twins(self) -> None:
        """ "average latency per endpoint ..., only for endpoints starting with '/v2'": a field
        the request added under a plural word beside one under its singular are one field said
        two ways; two fields would dead-letter every record, which carries only one."""
        names = self.names()
        for name in names:
            one = singular(name)
            added = f"field {name!r} ("
            if one != name and one in names and any(a.startswith(added) for a in self.assumptions):
                raise RequestNotUnderstood(
                    f"fields {name!r} and {one!r}: the request names both, and records carry "
                    f"one of them; name the field the same way each time ({one!r} both times, if so)"
                )

    def op_field_as_number(self, fieldname: str, why: str) -> bool:
        """A field an operator adds ("add carrier_name and sla_hours" from Redis) whose text
        type was only guessed from its name becomes a float when the request uses it as a
        number (listed, with `why`)."""
        return self._op_field_retyped(fieldname, "float", why, "a number")

    def op_field_as_bool(self, fieldname: str, why: str) -> bool:
        """The same for a truth value: "keep only id_verified = false" on a looked-up field
        compares with false, never with the text 'false' (no record would match)."""
        return self._op_field_retyped(fieldname, "bool", why, "true or false")

    def _op_field_retyped(self, fieldname: str, kind: str, why: str, what: str) -> bool:
        field = self.guessed_op_fields.get(fieldname)
        if field is None or field["type"] != "string":
            return False
        field["type"] = self.added_by_ops[fieldname] = kind
        right = self.guessed_op_right.get(fieldname)
        if right is not None:  # a joined field: the other stream's or table's field too
            right["type"] = kind
        self.assumptions.append(
            f"the looked-up field {fieldname!r} is typed {kind}: the request {why} (a looked-up "
            f"value that is not {what} is logged and read as missing)"
        )
        return True

    def has(self, name: str) -> bool:
        return name in self.names() or name in self.added_by_ops

    def add_field(self, name: str, kind: str, why: str, *, required: bool | None = None) -> None:
        """Add a field the request names; required unless a sample says which fields exist."""
        if name in self.names():
            return
        if required is None:
            required = self.sample is None
        typed = name in self.declared_types  # "fee float": the type the request gives
        kind = self.declared_types.get(name, kind)
        self.fields.append({"name": name, "type": kind, "required": required, "description": ""})
        if typed:
            return
        if self.example_record and name not in self.declared:
            # the example record shows the records' fields: one it lacks is no field of theirs
            # ("temperature" where the example holds "temp"), never added with a note
            raise RequestNotUnderstood(
                f"field {name!r} is not in the example record {self.example_record} (its fields: "
                f"{', '.join(self.declared)}); name one of its fields, or add {name!r} to it"
            )
        if name in self.declared or name in self.carried:
            why = "by its name" if why == "listed" else f"as its role: {why}"
            self.assumptions.append(f"field {name!r} is listed without a type; typed {kind} {why}")
            return
        shown = PASSED_ON_NOTE if kind == "json" else kind
        self.assumptions.append(
            f"field {name!r} ({why}) is not in the {self.schema_label}; added it as {shown}"
        )

    def resolve(
        self, phrase: str, *, role: str = "field", explicit: bool = False, value: Any = None,
        why: str = "", required: bool | None = None,
    ) -> str:  # fmt: skip
        """The field a phrase names; added to the input schema when missing."""
        known = set(self.names())
        if role == PRESENCE and _snake(phrase.strip()) in {*self.declared, *self.carried}:
            role = "field"  # "readings with meter_id, litres and ts": a listed field, typed by name
        name = self._resolve(phrase, role, explicit, value, why, required)
        self._refuse_preset_field_unlisted(name)
        self.resolved[phrase.strip().lower()] = name
        if role in (PRESENCE, "projection") and name not in known and self.type_of(name) == "json":
            # "where coupon_code is not null", "keep a_id and isbn": nothing says what the field
            # holds, so any value (until a later use says: "redis key stock:<isbn>")
            self.presence_only.add(name)
            for i, note in enumerate(self.assumptions):
                if role != PRESENCE:
                    break
                if note.startswith(f"field {name!r} (") and note.endswith(PASSED_ON_NOTE):
                    self.assumptions[i] = note.removesuffix(PASSED_ON_NOTE) + PRESENCE_NOTE
        elif role not in (PRESENCE, "projection") and name in self.presence_only:
            self._typed_by_use(name, role, value)
        if name not in known:
            self._typed_by_phrase(phrase, name)
        return name

    def _listed_field_modified(self, phrase: str, words: list[str], snake: str) -> str | None:
        """ "(fields trade_id, side, qty, price); sum of buy qty": with the records' fields
        listed, plain words before one of them either say whose it is (words of the topic's
        name: "trade price" on topic trades, read as price, listed) or pick records by a value
        ("buy", a side): refused, since no listed field holds buy_qty and dropping the word
        would sum every record. None when no fields are listed or the phrase names none."""
        listed = self._named_fields()
        last, said = words[-1], words[:-1]
        if len(words) < 2 or snake in listed or last not in listed:
            return None
        record_words = {w for t in self.topic_words() for w in (t, singular(t))}
        if all(w in record_words for w in said):
            self.assumptions.append(
                f"read {phrase.strip()!r} as the listed field {last!r} ({' '.join(said)!r} "
                "names the records); name the field if the records carry another"
            )
            return last
        raise RequestNotUnderstood(
            f"cannot read {phrase.strip()!r}: the fields listed for the records "
            f"({', '.join(listed)}) hold {last} but no {snake}; if {' '.join(said)!r} is a value "
            f"of a field, keep those records first (\"keep <field> = '{' '.join(said)}'\") and "
            f"then use {last}, or name the listed field"
        )

    def _listed_fields(self) -> list[str]:
        """The fields the request lists for the records, in prose or as a description."""
        return [*self.carried, *self.described_fields]

    def _named_fields(self) -> list[str]:
        """Every field the request names for the records: declared, listed or described."""
        return [*self.declared, *self._listed_fields()]

    def _listed_measure(self, phrase: str, snake: str) -> str | None:
        """ "topic laundry.cycles with machine_id, store_id, price ...; revenue per store": with
        the records' fields said, a measure word names the one money field among them (listed
        as a guess), never a preset's; None when no fields are said, or the word is one."""
        listed = self._listed_fields()
        if not listed or snake in listed:
            return None
        money = [f for f in MEASURE_FIELDS if f in listed]
        if len(money) != 1:
            raise RequestNotUnderstood(
                f"cannot read {phrase.strip()!r}: the fields listed for the records "
                f"({', '.join(listed)}) hold no {snake}; name the field to compute it from, "
                'e.g. "sum of price per store_id every hour"'
            )
        self.add_field(money[0], "float", f"for {phrase.strip()!r}")
        self.assumptions.append(
            f"read {phrase.strip()!r} as the listed field {money[0]!r}; name the field if "
            "another holds it"
        )
        return money[0]

    def _listed_id(
        self, phrase: str, sing: str, role: str, value: Any, required: bool | None
    ) -> str | None:
        """ "topic visits (store_id, amount, ts) ... count per store": with the records' fields
        listed, a group's word names the listed id field (listed), never a new field beside it;
        None when the word itself is listed ("store, store_id, ...": per store is store)."""
        listed = {*self._listed_fields(), *self.declared}
        name = f"{sing}_id"
        if role not in ("entity", "group", "key") or name not in listed or sing in listed:
            return None
        self.add_field(name, guess_type(name, role, value), "listed", required=required)
        self.assumptions.append(
            f"read {phrase.strip()!r} as the listed field {name!r}; name the field if the "
            f"records carry {sing}"
        )
        return name

    def _refuse_preset_field_unlisted(self, name: str) -> None:
        """ "Read topic readings with fields sensor_id, temp_c and ts; average value per
        sensor_id": with the records' fields listed, a preset's field they do not hold (the iot
        preset's value) is no field of theirs; every record would lack it."""
        listed = self._listed_fields()
        preset = {f.name for f in PRESETS[self.preset]} if self.preset else set()
        if listed and name in preset and name not in listed and name not in self.added_by_ops:
            raise RequestNotUnderstood(
                f"field {name!r}: the fields listed for the records ({', '.join(listed)}) do not "
                f"hold it ({name!r} is a field of the {self.preset} preset); name one of them, or "
                f"add {name!r} to the list"
            )

    def _typed_by_phrase(self, phrase: str, name: str) -> None:
        """ "where the string coupon_code is not null", "the text field note": a type word said
        before the field's name types the field it adds (was dropped with the phrase)."""
        words = re.findall(r"[a-z]+", phrase.lower().split(name.lower())[0])
        kinds = {COLUMN_TYPES[w] for w in words if w in _TYPE_WORDS}
        if len(kinds) != 1:
            return
        kind = kinds.pop()
        self.presence_only.discard(name)
        for f in self.fields:
            if f["name"] == name and f["type"] != kind:
                f["type"] = kind
                for i, note in enumerate(self.assumptions):
                    if note.startswith(f"field {name!r} ("):
                        head = note.split("; added it as")[0]
                        self.assumptions[i] = f"{head}; added it as {kind}, as the request says"

    def _typed_by_use(self, name: str, role: str, value: Any) -> None:
        """A field a null test added as json ("where coupon_code is not null") that the request
        then uses otherwise (compares, sums, groups by) takes the type that use implies."""
        self.presence_only.discard(name)
        kind = guess_type(name, role, value)
        if kind == "json":
            return
        for f in self.fields:
            if f["name"] == name:
                f["type"] = kind
        for i, note in enumerate(self.assumptions):
            if note.startswith(f"field {name!r} (") and note.endswith(PRESENCE_NOTE):
                self.assumptions[i] = note.removesuffix(PRESENCE_NOTE) + kind
            elif note.startswith(f"field {name!r} (") and note.endswith(PASSED_ON_NOTE):
                self.assumptions[i] = note.removesuffix(PASSED_ON_NOTE) + kind

    def _resolve(
        self, phrase: str, role: str, explicit: bool, value: Any, why: str, required: bool | None
    ) -> str:
        known = list(self.names()) + list(self.added_by_ops)
        lower = {n.lower(): n for n in known}
        text = phrase.strip()
        # "each hive_id's events": a field's possessive names the field
        text = re.sub(r"^([A-Za-z_]\w*)(?:'s|\u2019s)$", r"\1", text)
        if text in known:
            return text
        if text in self.declared:
            # "tickets (fields ..., segment, ...)": the records' own field, listed, never one
            # an operator adds under a longer name (customer_segment from a join)
            self.add_field(text, guess_type(text, role, value), why or "listed", required=required)
            return text
        said = set(self._named_fields())
        one = singular(text)
        if one != text and one in said and text not in said:
            # "fields order_id, ...; count unique order_ids": the plural of a listed field
            # names that field, never a second one the records do not carry
            return self._resolve(one, role, explicit, value, why, required)
        owned = _OWNER_FIELD.fullmatch(text)
        if owned:
            # "where the customer's tier is gold": read as "customer tier" is (customer_tier),
            # listed (the records may name it tier)
            spoken = f"{owned[1]} {owned[2]}"
            name = self._resolve(spoken, role, False, value, why, required)
            if name.lower() == _snake(spoken):  # (else the owner's word was said to describe)
                self.assumptions.append(
                    f"read {text!r} as the field {name!r}; name the field as the records do "
                    "if that is another"
                )
            return name
        unclear = UNCLEAR_MODIFIER.fullmatch(text)
        if unclear and _snake(text) not in lower:
            word, name = unclear.group(1), unclear.group(2)
            raise RequestNotUnderstood(
                f"{text!r}: is {word!r} part of the field's name or does it describe the value of "
                f"{name}? Write the field as one identifier ({_snake(text)}), or name {name} alone"
            )
        modified = NOUN_MODIFIER.fullmatch(text)
        if modified and _snake(text) not in lower:
            # "per planetarium show_id", "the tram speed_kmh", "CNC machine_id": the plain words
            # describe the record; the field is the name written as an identifier
            name = self._resolve(modified.group(2), role, explicit, value, why, required)
            said = set(modified.group(1).lower().split()) - {"the", "field", "column"}
            if name not in known and said and said <= _TYPE_WORDS:
                return name  # "the string coupon_code": its type, read by `_typed_by_phrase`
            self.assumptions.append(
                f"{text!r} read as the field {name!r} ({modified.group(1).strip()!r} describes the"
                f" record, it is not part of the field's name)"
            )
            return name
        if role != "measure":  # "payment_id values" names payment_id
            text = re.sub(r"\s+(?:values|fields?|columns?)$", "", text, flags=re.I) or text
        if text in known:
            return text
        if explicit or not re.fullmatch(r"[A-Za-z_][\w]*(?:[\s-]+[A-Za-z_][\w]*)*", text):
            if text.lower() in lower and re.fullmatch(r"\w+", text):
                return lower[text.lower()]
            if re.fullmatch(r"[A-Za-z_]\w*(?:[.-]\w+)+", text):
                # "where sla.breached is true": a nested or dashed name, which no spec field
                # name holds (the spec's own check would say only "invalid spec")
                raise RequestNotUnderstood(
                    f"field {text!r}: a field name is letters, digits and '_', so the spec cannot "
                    f"read a nested or dashed field; if the records name it {to_identifier(text)}, "
                    "write "
                    "that"
                )
            self.add_field(
                text,
                guess_type(text, role, value),
                why or "named in the request",
                required=required,
            )
            return text
        if role != "measure":  # "unique user_id values" names user_id; "order value" is a measure
            text = re.sub(r"[\s_-]+(?:values|fields?|columns?)$", "", text, flags=re.I) or text
            if text in known:
                return text
        snake = _snake(text)
        if snake in lower:
            return lower[snake]
        if role != "measure" and re.fullmatch(r"[A-Za-z_]\w*(?:-\w+)+", text):
            # "where http-status >= 500": the record's field is named with '-', which no spec
            # field name holds; read as http_status it would be another field
            raise RequestNotUnderstood(
                f"field {text!r}: a field name is letters, digits and '_', so the spec cannot "
                f"read a field named with '-'; if the records name it {snake}, write that"
            )
        if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", text):
            # "total sale_amount": a name written as an identifier is that field, never a
            # schema field it resembles ("amount")
            self.add_field(text, guess_type(text, role, value), why or "named in the request",
                           required=required)  # fmt: skip
            return text
        words = snake.split("_")
        last = words[-1]
        sing = singular(snake)
        if role == "measure":
            field = self._listed_field_modified(phrase, words, snake)
            if field:
                return self._resolve(field, role, False, value, why, required)
            if last in lower:
                if len(words) > 1:
                    # "sum net amount" with the sales preset: the words before it may name
                    # another field (net_amount), so reading amount is listed
                    self.assumptions.append(
                        f"read {phrase.strip()!r} as the field {lower[last]!r}; name the field "
                        f"if the records carry {snake}"
                    )
                return lower[last]
            if snake in MEASURE_WORDS or last in MEASURE_WORDS or sing in MEASURE_WORDS:
                listed = self._listed_measure(phrase, snake)
                if listed:
                    return listed
                for cand in MEASURE_FIELDS:
                    if cand in lower:
                        if cand not in (snake, last, sing):
                            # "sum of revenue" with the sales preset: its amount is a guess at
                            # the money the word names, so it is listed
                            self.assumptions.append(
                                f"read {phrase.strip()!r} as the {self.schema_label}'s field "
                                f"{lower[cand]!r}; list the records' fields if they carry {snake}"
                            )
                        return lower[cand]
                # no measure field in the schema: the request's own word names it
                own = snake if re.fullmatch(r"[a-z_][a-z0-9_]*", snake) else "amount"
                self.add_field(own, "float", why or f"for {phrase!r}", required=required)
                return own
        named_id = f"{sing}_id"
        if (
            role == "entity"
            and named_id not in lower
            and re.search(rf"(?<![\w.-]){re.escape(named_id)}(?![\w-])", self.text, re.I)
        ):
            # "unique visitors per page (by visitor_id)": the request names the id itself, never
            # the preset's user_id
            kind = guess_type(named_id, role, value)
            self.add_field(named_id, kind, why or f"for {phrase!r}", required=required)
            return named_id
        listed_id = self._listed_id(phrase, sing, role, value, required)
        if listed_id:
            return listed_id
        # "per sku" with the sales preset: the request names the records' own field, which the
        # preset's product_id would rename
        if role in ("entity", "group", "key") and sing not in OWN_NAME_WORDS:
            for maybe in (f"{sing}_id", sing, ENTITY_FIELDS.get(sing), ENTITY_FIELDS.get(last)):
                if maybe and maybe in lower:
                    if self.preset_from_name and lower[maybe] != snake:
                        # "per page" on topic clicks-paris: the preset's name for the field is
                        # a guess the topic's name alone made
                        self.assumptions.append(
                            f"read {phrase.strip()!r} as the {self.schema_label}'s field "
                            f"{lower[maybe]!r} (the preset was picked from the name "
                            f"{self.preset_from_name!r}); name the field if it is another"
                        )
                    elif lower[maybe] not in (snake, f"{sing}_id"):
                        # "per stand_id and item" with the sales preset: the preset's product_id
                        # renames the request's word, so the reading is listed
                        self.assumptions.append(
                            f"read {phrase.strip()!r} as the {self.schema_label}'s field "
                            f"{lower[maybe]!r}; name the field if the records carry {sing}"
                        )
                    elif (
                        lower[maybe] != snake
                        and role in ("group", "key")
                        and self.schema_label.endswith("preset")
                    ):
                        # "per device" with the iot preset: the word names no field of the
                        # request's; the preset's device_id is a guess, listed
                        self.assumptions.append(
                            f"read {phrase.strip()!r} as the {self.schema_label}'s field "
                            f"{lower[maybe]!r}; name the field if the records carry another"
                        )
                    return lower[maybe]
        if sing in lower:
            return lower[sing]
        if f"{sing}_id" in lower and role != "measure":
            if self.schema_label.endswith("preset"):
                # "keep event = 'click'" with the clickstream preset: its event_id is a guess
                # from the word (the records may carry an event field), so it is listed
                self.assumptions.append(
                    f"read {phrase.strip()!r} as the {self.schema_label}'s field "
                    f"{lower[f'{sing}_id']!r}; name the field if the records carry {sing}"
                )
            return lower[f"{sing}_id"]
        suffix = [n for n in known if n.lower().endswith("_" + snake)]
        if len(suffix) == 1:
            # "per type" with the clickstream preset: event_type is a guess from the word's
            # ending, so it is listed (a record may hold another type field)
            self.assumptions.append(
                f"read {phrase.strip()!r} as the field {suffix[0]!r} (the {self.schema_label}'s "
                f"only field ending in '_{snake}'); name the field if it is another"
            )
            return suffix[0]
        if role == "measure" and last in lower:
            return lower[last]
        as_field = "_" in text or re.search(r"\s(?:values|fields?|columns?)$", phrase.strip(), re.I)
        if role == "entity" and (as_field or snake.endswith("_id")):  # "unique visitor_id"
            name = snake
        elif sing in OWN_NAME_WORDS:
            # "per sku" where the schema has no such field: the record's field is sku, not the
            # product_id a preset would call it
            name = sing
        elif role == "entity" and (state := next(filter(_PARTICIPLE.fullmatch, words), None)):
            # "count distinct shipped orders": a state of the records, not the thing counted
            # (it was read as a field shipped_id)
            raise RequestNotUnderstood(
                f"distinct {phrase.strip()!r}: {state!r} describes the records rather than naming "
                f'what to count; name the field ("count distinct order_id where status is '
                f'{state}")'
            )
        elif role == "entity" and KIND_FIELD_WORD.fullmatch(sing):
            # "count distinct species", "unique countries": the kinds a field holds, counted by
            # its values (as "per species" groups by the field species), never a species_id
            name = sing
        elif role == "entity":  # "unique visitors" -> visitor_id; "unique seed ids" -> seed_id
            name = ENTITY_FIELDS.get(sing) or (sing if sing.endswith("_id") else f"{sing}_id")
            if name != sing:
                # "count distinct patrons": the records' id for one is a guess, listed
                self.assumptions.append(
                    f"read {phrase.strip()!r} as the field {name!r} (an id for each {sing}); "
                    "name the field if the records carry another"
                )
        elif role in ("group", "key"):
            name = ENTITY_FIELDS.get(sing, sing)
        else:
            name = snake
        self.add_field(
            name, guess_type(name, role, value), why or f"for {phrase!r}", required=required
        )
        return name

    def event_time_field(self) -> str | None:
        if self.event_time_set:
            if self.event_time is None:
                return None
            if self.event_time not in self.names() and re.fullmatch(r"\w+", self.event_time):
                self.add_field(self.event_time, "timestamp", "event time", required=True)
            return self.resolve(self.event_time, explicit=True, why="event time")
        required = [f for f in self.fields if f["required"] and f["type"] in ("timestamp", "int")]
        by_name = {str(f["name"]): f for f in required}
        for cand in TIME_FIELDS:
            if cand in by_name:
                return cand
        for f in required:
            if f["type"] == "timestamp":
                name = str(f["name"])
                if self.example_record and guess_type(name) not in ("timestamp", "date"):
                    # typed a time by the example's ISO-8601 value ("eta"): maybe no event time
                    note = (
                        f"event time: {name!r}, the example record's first time field (an "
                        f'ISO-8601 value); say "event time <field>" if the records carry another'
                    )
                    if note not in self.assumptions:
                        self.assumptions.append(note)
                return name
        return None

    def retyped_as_number(self, fieldname: str, because: str) -> bool:
        """A field whose string type was only guessed (a null test named it first) becomes a
        float when the request uses it as a number (compares it with one, averages it); a type
        a sample or a typed field list gives stands."""
        guessed = "; added it as string"
        for i, note in enumerate(self.assumptions):
            if note.startswith(f"field {fieldname!r} (") and note.endswith(guessed):
                for f in self.fields:
                    if f["name"] == fieldname:
                        f["type"] = "float"
                self.assumptions[i] = (
                    note.removesuffix(guessed) + f"; added it as float ({because})"
                )
                return True
        return False

    def type_of(self, name: str) -> str | None:
        for f in self.fields:
            if f["name"] == name:
                return str(f["type"])
        return self.added_by_ops.get(name)
