"""Recogniser: projections, i.e. a `select` ("keep only order_id, customer and total", "drop the
payload field", "rename usr to user_id").

Field names in a projection are taken as written (never matched to a similar schema field). A
keep list needs the word "fields"/"columns" or a name that can only be a field (with an `_`),
so "keep only paid and shipped" is not read as a projection; a drop needs the word.
"""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .fields import SchemaResolver
from .lexicon import MASK, STOP, UNWANTED_BY_PRONOUN, VERBS_AFTER_AND
from .quantities import ICASE
from .scope import clause_around

# "for privacy", "because of the privacy law", "due to GDPR rules": why fields are dropped
_WHY_SAID = (
    r"(?:for|due\s+to|because\s+of|as\s+required\s+by|required\s+by)\s+(?:the\s+|our\s+)?"
    r"(?:privacy|gdpr|pii|pci(?:[\s-]?dss)?|hipaa|compliance|security|size|data[\s-]+protection)"
    r"(?:\s+(?:reasons?|laws?|rules?|regulations?|polic(?:y|ies)|requirements?))?\b"
)
WHY = rf"\s+{_WHY_SAID}"
# "keep only a_id, b and c so that the fundraising team doesn't see card details": who must not
# see what the list leaves out (its words name no field: the list says what stays)
HIDDEN_FROM = (
    # (who they are may be hidden already: "the \x01\x01 team", see purpose.PURPOSE_WHO)
    r"\s+so\s+(?:that\s+)?(?:(?:the|our)\s+\x01*(?:[a-z]+\s+){0,2}?[a-z]+|they|we|nobody|no\s+one|no-one"
    r"|(?:[a-z]+\s+)?(?:team|staff|analysts|users|partners|vendors))\s+"
    r"(?:(?:doesn't|does\s+not|don't|do\s+not|can't|cannot|won't|will\s+not|never)\s+(?:see|get"
    r"|receive)|(?:sees|gets|receives))\s+(?:the\s+|any\s+|their\s+|our\s+)?"
    r"(?:[a-z]+\s+){0,2}?(?:details|data|info|information|numbers|fields|pii|secrets)"
    r"(?=\s*(?:[,;.!]|$))"
)
# "For privacy reasons, remove the fields a and b": the reason said before the drop
WHY_BEFORE = re.compile(rf"\b{_WHY_SAID}\s*,?\s*$", ICASE)
NOT_A_NAME = (
    r"(?:write|store|publish|send|emit|save|output|push|forward|print|load|insert|sink|land"
    r"|stream|then|to|into|in|only|just|the|and|or|where|whose|with|from|fields?|columns?"
    # (a log's "message" is a field: "keep fields service, message and ts")
    r"|records?|events?|rows?|messages|all|everything|it|them"
    # ("keep only a and b, please write them to x": a courtesy before the next step)
    r"|please|pls|plz|kindly|maybe|perhaps|possibly)"
)
ID = rf"[`'\"]?(?!{NOT_A_NAME}\b)[A-Za-z_]\w*[`'\"]?"
# ("drop the column notes and the column operator_comment": the field word said again)
_AGAIN = r"(?:(?:the\s+)?(?:field|column)\s+)?"
LIST = rf"(?P<list>{ID}(?:\s*,\s*(?:and\s+)?{_AGAIN}{ID}|\s+and\s+{_AGAIN}{ID})*)"
FIELD_WORD = r"(?:fields?|columns?|attributes?|properties)"
# The list ends the clause: punctuation, the end, or the next verb ("..., and publish").
# ("could you keep only a, b and c? Then ...": a question mark ends the ask)
LIST_END = (
    rf"(?=\s*(?:[,;.(?!]|$)|\s*(?:and\s+)?\x00|\s+(?:and\s+|then\s+)*"
    # ("keep order_id, amount and store, write ...": a noun-like verb with nothing after it is
    # the list's last field, never the next step; not a name here, so the list is refused)
    rf"(?!(?:stores?|load|output)\s*(?:[,;.:]|$))(?:{VERBS_AFTER_AND})\b"
    # "strip the email and phone fields from customer-signups": the source follows
    r"|\s+(?:from|out\s+of)\s"
    # "drop the a and b fields for privacy": a reason follows (read by DROP_REASON)
    rf"|{WHY}|{HIDDEN_FROM}"
    # "drop a and b fields before anything is stored": when (read by DROP_WHEN)
    r"|\s+(?:first|beforehand|up\s+front|before|afterwards?|after\s+that|at\s+the\s+end)\b)"
)

KEEP = re.compile(
    r"\b(?:keep(?:ing)?|select(?:ing)?|retain(?:ing)?|project(?:ing)?|output(?:ting)?"
    r"|emit(?:ting)?|pass(?:ing)?\s+(?:on|through)|forward(?:ing)?"
    # "(we) only need trip_id, driver_id and fare": the fields wanted, and no others
    r"|(?:(?:we|i)\s+)?(?:only|just)\s+(?:need|want|care\s+about)|(?:we|i)\s+(?:need|want)\s+only"
    # "trims them down to tenant_id, unit_id and days_late", "trim to a_id, b": the fields
    # left, and no others
    r"|(?:trim(?:s|med|ming)?|narrow(?:s|ed|ing)?|cut(?:s|ting)?|pare(?:s|d)?|paring)\s+"
    r"(?:(?:them|it|each\s+(?:record|event|row|message)|the\s+(?:records|events|rows|messages))\s+)?"
    r"(?:down\s+)?to"
    r")\s+(?:only\s+|just\s+)?"
    # ("we only need 3 fields downstream: a, b and c": how many, and where, said)
    rf"(?:the\s+)?(?:(?:(?P<n>\d+)\s+)?(?P<fw>{FIELD_WORD})(?:\s+downstream)?\s*:?\s+)?{LIST}"
    rf"(?:\s+(?P<fw2>{FIELD_WORD}))?(?:\s+only)?"
    # "keep a, b, lat, lon and timestamp in the output": where the fields are kept, said
    r"(?:\s+in\s+(?:the\s+)?(?:output|result)s?(?:\s+(?:records?|messages?|rows?))?)?"
    rf"{LIST_END}",
    ICASE,
)
# "only the columns pump_id, ts, pressure_bar please": the field word says it, with no verb
KEEP_ONLY_FIELDS = re.compile(
    rf"\b(?:only|just)\s+(?:the\s+|these\s+)?(?P<fw>{FIELD_WORD})\s*:?\s+{LIST}"
    rf"(?:\s+(?:please|pls|plz))?{LIST_END}",
    ICASE,
)
# "- fields to keep: runner_id, bib, club", "Columns to output: a_id, b": a label naming the
# fields kept, then the list (a label of the fields alone, "fields: a, b", is the input's)
KEEP_LABEL = re.compile(
    rf"(?:^|(?<=[\n;.(])|(?<=[-*\u2022]\s))\s*(?:the\s+)?(?P<fw>{FIELD_WORD})\s+to\s+"
    r"(?:keep|retain|output|pass\s+on|forward|send|write|publish)\s*(?::|=|are|is)\s*"
    rf"{LIST}{LIST_END}",
    ICASE,
)
# "into topic slim with just station_id, track_id and changed_at", "write only a_id and b to
# topic x": snake_case names after "just"/"only" on the sink's clause (checked in the reader)
KEEP_JUST = re.compile(
    r"\b(?:with|writ(?:e|ing)|send(?:ing)?|publish(?:ing)?|forward(?:ing)?)\s+(?:just|only)\s+"
    rf"(?:the\s+)?{LIST}(?=\s*[?!]|\s+(?:to|into)\s|{LIST_END[3:]}",
    ICASE,
)
# "keep X out of ...": what follows a keep that says the fields are left out instead
_KEPT_OUT = re.compile(r"\s+out\b", ICASE)
# "write shipment_id, weight_kg and destination to ClickHouse x", "send the fields a_id and b
# to topic y": the fields written, named before the sink ("only" unsaid; checked as KEEP_JUST)
KEEP_WRITTEN = re.compile(
    r"\b(?:writ(?:e|ing)|send(?:ing)?|publish(?:ing)?|forward(?:ing)?|push(?:ing)?)\s+"
    rf"(?:the\s+)?(?:(?P<fw>{FIELD_WORD})\s+)?{LIST}(?=\s+(?:to|into)\s)",
    ICASE,
)
# "Output carries only pilot_id, lat and lon", "the output rows should only have a and b", "each
# result record contains just a_id and b": the output said as the subject, "only" or "just" with
# a verb of holding, then the fields (a statement of the records read in, "the events only carry
# a and b", is the input's: fields.py)
_HOLDS = r"(?:carry|carries|have|has|contain|contains|include|includes|hold|holds)"
OUTPUT_ONLY = re.compile(
    r"\b(?:the\s+|each\s+|every\s+|an?\s+)?(?:output|result|outgoing)"
    r"(?:\s+(?:records?|rows?|messages?|events?|payloads?|documents?))?\s+"
    r"(?:(?:should|must|will|shall|can|needs?\s+to|has\s+to|is\s+to)\s+)?"
    rf"(?:(?:only|just)\s+{_HOLDS}|{_HOLDS}\s+(?:only|just))\s+"
    rf"(?:the\s+)?(?:(?P<fw>{FIELD_WORD})\s*:?\s+)?{LIST}(?:\s+(?P<fw2>{FIELD_WORD}))?{LIST_END}",
    ICASE,
)
# "keep a, b and c; drop everything else", "(and nothing else)": what a keep list does anyway
OTHERS_AFTER_KEEP = re.compile(
    r"\s*[,;.]?\s*(?:and\s+)?(?:\(\s*)?(?:(?:drop|remove|discard|strip|lose|ignore)\s+"
    r"(?:everything|all|anything)\s+else|(?:and\s+)?nothing\s+else|no\s+other\s+(?:fields|columns)"
    r"|(?:everything|all|anything)\s+else\s+(?:is\s+|can\s+be\s+|gets?\s+)?(?:dropped|removed"
    r"|discarded)"
    # "...; the rest can go", "drop the rest", "the other fields can be dropped"
    r"|(?:drop|remove|discard|strip|lose|ignore)\s+the\s+rest"
    r"|(?:the\s+rest|the\s+other\s+(?:fields|columns))\s+(?:can|may|should|will)\s+"
    r"(?:go|be\s+(?:dropped|removed|discarded|ignored)))\s*\)?",
    ICASE,
)
DROP = re.compile(
    r"\b(?:drop(?:s|ped|ping)?|remov(?:e|es|ed|ing)|strip(?:s|ped|ping)?(?:\s+out)?"
    r"|(?:take|takes|taking|leave|leaves|leaving)\s+out|get\s+rid\s+of|exclud(?:e|es|ed|ing)"
    r"|omit(?:s|ted|ting)?|delet(?:e|es|ed|ing)|discard(?:s|ed|ing)?|without|minus"
    # "ignore the internal_notes column" (with the field word only: "ignore test events" selects)
    r"|ignor(?:e|es|ed|ing)|skip(?:s|ped|ping)?"
    # "we don't need the raw_payload field"
    r"|(?:(?:we|i)\s+)?(?:don't|do\s+not)\s+(?:need|want)|no\s+need\s+for)\s+(?:the\s+)?"
    # "drop the PII fields email and phone": why they go, said before the field word
    r"(?:(?:pii|sensitive|personal|private|confidential)\s+)?"
    rf"(?:(?P<fw>{FIELD_WORD})\s*:?\s+{LIST}|{LIST.replace('?P<list>', '?P<list2>')}\s+"
    rf"(?P<fw2>{FIELD_WORD})){LIST_END}",
    ICASE,
)
# "Drop voter_name and voter_address", "strip out raw_payload": no field word, so every name
# must be one only a field can be (with an `_`, see `_all_fields`)
DROP_NAMES = re.compile(
    r"\b(?:(?:after|by|once)\s+)?(?:drop(?:ping)?|remov(?:e|ing)|strip(?:ping)?(?:\s+out)?"
    r"|tak(?:e|ing)\s+out|leav(?:e|ing)\s+out|get(?:ting)?\s+rid\s+of|omit(?:ting)?|delet(?:e|ing)"
    r"|discard(?:ing)?|(?:(?:we|i)\s+)?(?:don't|do\s+not)\s+(?:need|want))\s+(?:the\s+)?"
    rf"{LIST}{LIST_END}",
    ICASE,
)
# "with customer_email dropped", "with the card_number and cvv fields removed": a drop said as a
# participle after the records
DROP_WITH = re.compile(
    rf"(?:\bwith\s+|(?<=,\s))(?:the\s+)?{LIST}(?:\s+(?P<fw>{FIELD_WORD}))?\s+(?:dropped|removed|stripped"
    rf"(?:\s+out)?|deleted|excluded|omitted|left\s+out|taken\s+out)\b{LIST_END}",
    ICASE,
)
# "... before anything is stored", "... first": when the fields go, which is always before the
# sinks (the select is the last step before them)
DROP_WHEN = re.compile(
    # ("convert weight_g to kilograms and drop the weight_g field afterwards": after the map,
    # as the select always is)
    r"\s+(?:afterwards?|after\s+that|at\s+the\s+end"
    r"|first|beforehand|up\s+front|before\s+(?:anything|it|they|the\s+records?|records?"
    r"|the\s+data|data)\s+(?:(?:(?:is|are|gets?|get)\s+(?:stored|written|saved|persisted|sent"
    r"|published|loaded))|\x00+)|before\s+(?:storing|writing|saving|persisting|sending|publishing"
    r"|loading)(?:\s+(?:anything|it|them))?"
    # "must be removed before they leave Kafka": before the records go anywhere
    # ("drop x before anything leaves the pipeline", "... before it goes out": the same)
    r"|before\s+(?:they|it|anything|the\s+(?:records?|data|events?|messages?))\s+"
    r"(?:(?:leave|leaves)\s+(?:kafka|the\s+(?:topic|stream|pipeline|processor|service))"
    r"|(?:go|goes)\s+out))(?!\w)",
    ICASE,
)
# "keep all fields except ssn_hash", "write everything except a_b and c_d to ...": a drop
EXCEPT_FIELDS = re.compile(
    r"\b(?:(?:keep(?:ing)?|pass(?:ing)?\s+(?:on|through))\s+)?(?:(?:all|every)\s+(?:the\s+)?"
    rf"(?P<fw0>{FIELD_WORD})|everything|all)\s+(?:except(?:\s+for)?|but|apart\s+from|other\s+than"
    rf"|excluding|minus|save)\s+(?:the\s+)?{LIST}(?:\s+(?P<fw>{FIELD_WORD}))?"
    r"(?=\s*(?:[,;.(]|$)|\s*(?:and\s+)?\x00|\s+(?:to|into)\b)",
    ICASE,
)
# "remove all fields except agent_id and duration_s", "drop everything but a_b and c_d": a keep
# (read before EXCEPT_FIELDS, which would take the fields named for the ones dropped)
DROP_ALL_BUT = re.compile(
    r"\b(?:drop(?:s|ping)?|remov(?:e|es|ing)|strip(?:s|ping)?(?:\s+out)?|discard(?:s|ing)?"
    r"|delet(?:e|es|ing)|get(?:ting)?\s+rid\s+of)\s+(?:(?:all|every|any)\s+(?:the\s+)?(?:other\s+)?"
    rf"(?P<fw0>{FIELD_WORD})|everything|all)\s+(?:except(?:\s+for)?|but|apart\s+from|other\s+than"
    rf"|besides|save)\s+(?:the\s+)?{LIST}(?:\s+(?P<fw>{FIELD_WORD}))?{LIST_END}",
    ICASE,
)
# "the patient_name and ssn fields have to be dropped (first)": a drop said in the passive
# ("email_address must be dropped": without the word fields, snake_case names only)
DROP_PASSIVE = re.compile(
    rf"\b(?:the\s+)?(?:(?P<fw0>{FIELD_WORD})\s+)?{LIST}(?:\s+(?P<fw>{FIELD_WORD}))?\s+(?:have\s+to|has\s+to|must|should|need\s+to"
    r"|needs\s+to|are\s+to|is\s+to|will\s+have\s+to)\s+be\s+(?:dropped|removed|stripped"
    rf"|deleted|excluded|omitted){LIST_END}",
    ICASE,
)
# "drop the raw_payload and firmware_blob fields (too big)": why the fields go, in an aside.
# ("(it's free text and nobody reads it)", "(huge blobs, never used)": several reasons)
_DROP_WHY = (
    r"(?:(?:they(?:'re|\s+are)|it(?:'s|\s+is)|both\s+are|these\s+are)\s+)?"
    r"(?:(?:way\s+|far\s+)?too\s+(?:big|large|heavy|huge|bulky|noisy)|huge|big|large|bulky|unused"
    r"|not\s+needed|never\s+used|(?:nobody|no\s+one)\s+(?:uses|reads|needs|looks\s+at)\s+"
    r"(?:it|them)|redundant|useless|(?:huge\s+|big\s+)?(?:free(?:-form)?[\s-]text|blobs?)"
    r"|noise|pii|sensitive|privacy|gdpr|compliance|privacy\s+(?:law|reasons)"
    # "(PCI)", "(PCI-DSS)", "(HIPAA)": the rules that keep card and health data out
    r"|pci(?:[\s-]?dss)?|hipaa|card\s+data|personal\s+data)"
)
_HIDDEN_FROM = re.compile(HIDDEN_FROM, ICASE)
DROP_REASON = re.compile(
    rf"\s*\(\s*{_DROP_WHY}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_DROP_WHY}){{0,2}}\s*\)"
    # "drop the rider_phone and rider_email fields for privacy"
    rf"|{WHY}|{HIDDEN_FROM}",
    ICASE,
)
# "strip out a_b and c_d before writing to <the sink>, we shouldn't store them": the fields
# just dropped said again as unwanted, by a pronoun (the sink, read, may come between; the
# normaliser has made "before writing" "then writing")
DROP_AGAIN = re.compile(
    r"(?:\s+(?:(?:before|then)\s+)?(?:writing|storing|saving|sending|publishing|loading)"
    rf"(?:\s+(?:it|them))?\s+(?:to|into|in)\s+{MASK}[{MASK}\s]*?)?\s*(?:,\s*|\(\s*)"
    rf"{UNWANTED_BY_PRONOUN}\s*\)?(?=\s*(?:[,;.!]|$))",
    ICASE,
)
PAIR = rf"(?P<old>{ID})\s+(?:to|as|into|->)\s+(?P<new>{ID})"
RENAME = re.compile(
    rf"\brenam(?:e|es|ed|ing)\s+(?:the\s+)?(?:{FIELD_WORD}\s+)?"
    rf"(?P<pairs>{PAIR.replace('?P<old>', '').replace('?P<new>', '')}"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{FIELD_WORD}\s+)?"
    rf"{PAIR.replace('?P<old>', '').replace('?P<new>', '')})*){LIST_END}",
    ICASE,
)


# "call the field stud_id student_id", "stud_id should be called student_id", "rename the
# stud_id column as student_id": a rename said another way (one pair)
_SNAKE_ID = r"[`'\"]?[A-Za-z]\w*_\w+[`'\"]?"
RENAME_SAID = [
    re.compile(
        rf"\bcall\s+(?:the\s+)?{FIELD_WORD}\s+(?P<old>{ID})\s+(?:instead\s+)?(?P<new>{ID}){LIST_END}",
        ICASE,
    ),
    re.compile(
        rf"\b(?:the\s+)?(?P<fw>{FIELD_WORD}\s+)?"
        r"(?!(?:pipeline|job|processor|stream|service|app|application|topic|table|consumer|group"
        r"|output|result|sink|name|this)\b)"
        rf"(?P<old>{ID})(?P<fw2>\s+{FIELD_WORD})?\s+(?:should|must"
        r"|will|shall|has\s+to|needs\s+to)\s+be\s+(?:called|named|renamed(?:\s+to)?)\s+"
        rf"(?P<new>{ID})(?:\s+(?:instead|downstream|in\s+the\s+output))?{LIST_END}",
        ICASE,
    ),
    re.compile(
        rf"\brenam(?:e|es|ed|ing)\s+(?:the\s+)?(?P<old>{ID})\s+{FIELD_WORD}\s+(?:to|as|into)\s+"
        rf"(?P<new>{ID}){LIST_END}",
        ICASE,
    ),
]


# "rename humidity_pct to humidty... sorry, to humidity": the writer corrects the new name; the
# name said last is the one meant
RENAME_CORRECTED = re.compile(
    r"\s*(?:\.{2,}|\u2026|,|-+|\u2014)?\s*(?P<open>\(\s*)?(?:sorry|oops|i\s+mean|correction|er+m?)"
    rf"\s*[,:]?\s*(?:i\s+mean\s+)?(?:to\s+|as\s+)?(?P<new>{ID})(?(open)\s*\)){LIST_END}",
    ICASE,
)


def _unread(s: str, m: re.Match[str], group: str) -> bool:
    """Whether no word of the group `m` matched (in the text) was read by another recogniser."""
    return "\x00" not in s[m.start(group) : m.end(group)]


def _written_fields(names: list[str]) -> bool:
    """ "write order_id, country and total to x": a list led by a snake_case name, the others
    lower-case names (an aggregate's word like "total" is a field here), none a record noun."""
    return (
        len(names) > 1
        and "_" in names[0]
        and all(re.fullmatch(r"[a-z]\w*", n) and n not in _NOT_FIELDS for n in names)
    )


def _all_fields(names: list[str]) -> bool:
    """Every name one only a field can be (snake_case), or a list led by one with the others
    plain lower-case words no record noun ("strip belay_partner_phone and notes")."""
    if not names or "_" not in names[0]:
        return False
    return _plain_or_fields(names)


def _plain_or_fields(names: list[str]) -> bool:
    """Every name snake_case or a plain lower-case word no record noun."""
    return all(
        "_" in n
        or (re.fullmatch(r"[a-z]+", n) is not None and n not in STOP and n not in _NOT_FIELDS)
        for n in names
    )


# Plain words a drop list may end with that name no field ("drop test_rows and duplicates").
_NOT_FIELDS = frozenset(
    {"duplicates", "dupes", "nulls", "blanks", "empties", "rows", "records", "events",
     "messages", "everything", "rest", "others", "it", "them", "those", "these", "all", "any"}
)  # fmt: skip


def _clause_start(s: str, pos: int) -> bool:
    """`pos` starts a clause (the request, a sentence, a list item or a masked part before it)."""
    return re.search(r"(?:^|[,;:.\n(\x00]|\b(?:and|then|also))\s*$", s[:pos], ICASE) is not None


def _after_drop(s: str, end: int) -> int:
    """Where a drop ends: a reason ("(too big)", "for privacy", ", we shouldn't store them")
    and when it happens ("before anything is stored") are read with it, in either order."""
    for pattern in (DROP_REASON, DROP_WHEN, DROP_REASON, DROP_AGAIN):
        m = pattern.match(s, end)
        if m:
            end = m.end()
    return end


def drop_spans(text: str) -> list[tuple[int, int]]:
    """Where a drop of named fields is said with its reason ("drop the fields a_b and c_d
    (PII)", "drop the PII fields a and b"): the scope check reads "PII" there as why the fields
    go, never as a masking asked for."""
    spans = []
    for pattern in (DROP, DROP_NAMES, DROP_WITH, DROP_PASSIVE, EXCEPT_FIELDS):
        for m in pattern.finditer(text):
            names = _names(m.group("list") or m.groupdict().get("list2") or "")
            if pattern is DROP or m.groupdict().get("fw") or _all_fields(names):
                spans.append((m.start(), _after_drop(text, m.end())))
    return spans


def _names(text: str) -> list[str]:
    return [
        n.strip("`'\"")
        for n in re.split(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+){_AGAIN}", text, flags=ICASE)
        if n
    ]


# Words for values left empty, never a field's name ("keep null fields", "keep empty fields")
_EMPTY_VALUES = frozenset({"null", "nulls", "empty", "blank"})


class ProjectionRecogniser(SchemaResolver):
    def extract_projection(self) -> None:
        for m in list(RENAME.finditer(self.s)):
            for pair in re.finditer(PAIR, m.group("pairs"), ICASE):
                old, new = pair.group("old").strip("`'\""), pair.group("new").strip("`'\"")
                self.renames.append((m.start(), old, new))
            end = m.end()
            fixed = RENAME_CORRECTED.match(self.s, end)
            if fixed:
                pos, old, _typo = self.renames.pop()
                self.renames.append((pos, old, fixed.group("new").strip("`'\"")))
                end = fixed.end()
            self.mask(m.start(), end)
        for pattern in RENAME_SAID:
            for m in list(pattern.finditer(self.s)):
                if "\x00" in m.group(0):
                    continue
                old, new = m.group("old").strip("`'\""), m.group("new").strip("`'\"")
                if pattern is RENAME_SAID[1] and not (
                    "_" in old or m.group("fw") or m.group("fw2")
                ):  # ("the pipeline should be called orders_v2" names the pipeline)
                    continue
                self.renames.append((m.start(), old, new))
                self.mask(m.start(), m.end())
        for just, m in [
            *((False, m) for m in KEEP.finditer(self.s)),
            *((False, m) for m in KEEP_ONLY_FIELDS.finditer(self.s)),
            *((False, m) for m in KEEP_LABEL.finditer(self.s)),
            *((False, m) for m in OUTPUT_ONLY.finditer(self.s)),
            *((True, m) for m in KEEP_JUST.finditer(self.s)),
            # (in the text: the sink's reader may have read the verb with its sink; checked
            # by `_written_fields`)
            *(
                (None, m)
                for m in KEEP_WRITTEN.finditer(self.text)
                if _unread(self.s, m, "list") and _written_fields(_names(m.group("list")))
            ),
        ]:
            if "\x00" in m.group(0) or _KEPT_OUT.match(self.s, m.end()):
                continue  # ("keep the notes column out of the replica": left out, never kept)
            names = _names(m.group("list"))
            if {n.lower() for n in names} <= _EMPTY_VALUES:
                continue  # "missing patients keep null fields": empty values, no field's name
            if just and (len(names) < 2 or not _all_fields(names)):
                continue  # "with just a few retries", "send only error_events": no field list
            explicit = m.groupdict().get("fw") or m.groupdict().get("fw2")
            if not explicit and (len(names) < 2 or not any("_" in n for n in names)):
                continue  # "keep only paid and shipped": not clearly field names
            _refuse_kind_of_fields(self.text, m, names, before=m.groupdict().get("fw"))
            said = m.groupdict().get("n")
            if said and int(said) != len(names):  # "we only need 3 fields: a and b"
                raise RequestNotUnderstood(
                    f"{clause_around(self.text, m.start(), m.end())!r}: {said} fields said, "
                    f"{len(names)} named ({', '.join(names)}); name every field to keep"
                )
            self.keep += [(m.start(), n) for n in names]
            when = DROP_WHEN.match(self.s, m.end())  # "... before writing": never a reason
            end = when.end() if when else m.end()
            hidden = _HIDDEN_FROM.match(self.s, end)
            end = hidden.end() if hidden else end
            others = OTHERS_AFTER_KEEP.match(self.s, end)
            self.mask(m.start(), others.end() if others else end)
        for m in list(DROP_PASSIVE.finditer(self.s)):
            names = _names(m.group("list"))
            explicit = m.group("fw") or m.group("fw0")  # "the fields a and b must be removed"
            if not explicit and not (_all_fields(names) and _clause_start(self.s, m.start())):
                # "the test orders must be dropped": records; "readings with no sensor_id are to
                # be dropped": a condition on them
                continue
            self.drop += [(m.start(), n) for n in names]
            self.mask(m.start(), _after_drop(self.s, m.end()))
        for m in list(DROP_ALL_BUT.finditer(self.s)):
            names = _names(m.group("list"))
            if "\x00" in m.group(0) or not (m.group("fw0") or m.group("fw") or _all_fields(names)):
                continue  # "drop everything but the paid orders": records, a filter
            self.keep += [(m.start(), n) for n in names]
            self.mask(m.start(), m.end())
        for m in list(EXCEPT_FIELDS.finditer(self.s)):
            names = _names(m.group("list"))
            if "\x00" in m.group(0) or not (m.group("fw0") or m.group("fw") or _all_fields(names)):
                continue  # "everything except orders whose ...": a filter
            self.drop += [(m.start(), n) for n in names]
            self.mask(m.start(), _after_drop(self.s, m.end()))
        for m in list(DROP.finditer(self.s)):
            names = _names(m.group("list") or m.group("list2"))
            _refuse_kind_of_fields(self.text, m, names, before=m.group("fw"))
            self.drop += [(m.start(), n) for n in names]
            end = _after_drop(self.s, m.end())
            why = WHY_BEFORE.search(self.s, max(0, m.start() - 80), m.start())
            self.mask(why.start() if why else m.start(), end)
        for pattern in (DROP_NAMES, DROP_WITH):
            for m in list(pattern.finditer(self.s)):
                if "\x00" in m.group(0):
                    continue
                names = _names(m.group("list"))
                # ("strip out email, phone_number and postcode": a snake_case name in a
                # bare list of 2+ says the list is fields, wherever it stands)
                listed = pattern is DROP_NAMES and len(names) >= 2 and any("_" in n for n in names)
                if not (pattern is DROP_WITH and m.group("fw")) and not (
                    _all_fields(names) or (listed and _plain_or_fields(names))
                ):
                    continue  # "drop duplicates", "with everything removed": not field names
                self.drop += [(m.start(), n) for n in names]
                self.mask(m.start(), _after_drop(self.s, m.end()))

    def build_select(self, reshaped_by: list[str]) -> dict[str, Any] | None:
        """The select operator, the last step before the sinks; `reshaped_by` names the
        operators whose output is not the input's fields (a window, sessions)."""
        if not (self.keep or self.drop or self.renames):
            return None
        words = clause_around(self.text, *_first(self.keep, self.drop, self.renames))
        if self.keep and self.drop:
            raise RequestNotUnderstood(
                f"cannot both keep and drop fields ({words!r}): say which fields to keep"
            )
        if reshaped_by:
            raise RequestNotUnderstood(
                f"cannot keep, drop or rename fields after a {reshaped_by[0]} ({words!r}): its "
                "output fields are the window's or session's, not the input's; write the "
                "pipeline as a spec file with a `select` where you want it"
            )
        why = "named in the projection"
        # "rename amount to amount_usd and keep only order_id and amount_usd": keep and drop
        # name the fields before the rename
        before = {new: old for _, old, new in self.renames}
        data: dict[str, Any] = {"kind": "select"}
        # A field only the projection names may be missing from a record: one it drops is gone
        # anyway, one it keeps is written as null (never a reason to dead-letter the record).
        optional = f"{why}; optional"
        if self.keep:
            data["keep"] = list(dict.fromkeys(self.resolve(before.get(n, n), role="projection", explicit=True,
                                                           why=optional, required=False)
                                              for _, n in self.keep))  # fmt: skip
        if self.drop:
            data["drop"] = list(dict.fromkeys(self.resolve(before.get(n, n), role="projection", explicit=True,
                                                           why=optional, required=False)
                                              for _, n in self.drop))  # fmt: skip
        if self.renames:
            for _, old, new in self.renames:
                self._renamed_from(old, new)
            data["rename"] = {self.resolve(old, role="projection", explicit=True, why=why): new
                              for _, old, new in self.renames}  # fmt: skip
        return data

    def _renamed_from(self, old: str, new: str) -> None:
        """ "rename cust to customer_id" with a preset that has customer_id: the input holds
        `cust`, not `customer_id`; the preset's field takes the request's name (and type)."""
        if self.sample is not None or self.has(old):
            return
        for f in self.fields:
            if f["name"] == new:
                f["name"] = old
                self.assumptions.append(
                    f"the input field {old!r} is renamed to {new!r}: it replaces the preset's "
                    f"{new!r} in the input schema (typed {f['type']})"
                )
                return


def _refuse_kind_of_fields(
    text: str, m: re.Match[str], names: list[str], before: str | None
) -> None:
    """ "keep only the important fields", "drop the sensitive columns": one plain word before
    a plural field word says which kind of fields, not a field's name; never invent a field
    named after the adjective ("the email and phone fields" names two)."""
    after = m.groupdict().get("fw2") or ""
    if before or len(names) != 1 or not after.lower().endswith("s") or after.lower() == "s":
        return
    name = names[0]
    if "_" in name or name.startswith(("`", "'", '"')) or re.search(r"\d", name):
        return
    raise RequestNotUnderstood(
        f"{clause_around(text, m.start(), m.end())!r}: which fields are the {name} {after}? "
        'name each field, e.g. "drop the fields email and phone"'
    )


def _first(*found: list[Any]) -> tuple[int, int]:
    pos = min(item[0] for items in found for item in items)
    return pos, pos + 1
