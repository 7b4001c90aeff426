"""Recogniser: the join key ("on user_id", "by the same tank_id", "matching a = b", "keyed by
customer_id", "(the right stream calls it van_id)") and the fields a join takes from its other
side ("grab temp_c and ph", "take a and b from the delivery side", "copy lat as scan_lat"),
read by `read_join_key_and_fields` for joins and enrichments alike."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .join_bounds import _DIR, _THE_UNIT
from .join_verbs import PAREN_SAME_KEY, SAME_KEY, TOPIC_LIKE, JoinVerbReader, _joined_with
from .lexicon import (
    COLUMN_TYPES,
    ENTITY_ALIASES,
    FIELD,
    FIELD_RE,
    LIST_ENDING_VERB,
    NAMED_TOPIC,
    QUOTED,
    STOP,
    TAKE_FIELDS_VERB,
    read_list,
    refuse_quantifier_fields,
    singular,
    singular_words,
    stem,
    unquote,
    word_set,
)
from .quantities import DUR, ICASE
from .state import Join

# The fields to take in a clause of their own: "..., key driver:{driver_id}, adding name and rating"
# "bring lot_id and origin across", "carry status over": a verb whose particle follows the list
# of fields (the particle is read with the list, see `read_join_key_and_fields`)
_CARRY_LIST_ACROSS = (
    r"(?:bring|bringing|carry|carrying|pull|pulling|copy|copying)(?=\s+(?:the\s+|its\s+)?"
    r"[a-z_]\w*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[a-z_]\w*)*\s+(?:across|over|along)\b)"
)


PARTICLE_AFTER_LIST = re.compile(r"\s+(?:across|over|along)\b", ICASE)


FIELDS_CLAUSE = re.compile(
    # ("..., then add its moisture_pct")
    # (or a dash: "... after the impression - never before it - taking click_url")
    # (or a colon: "... (joined on customer_id): add tier and email")
    # ("...; please copy country and loyalty_tier onto the order": a polite word first)
    r"\s*(?:[,;]|:(?=\s)|(?<![\w-])[-\u2013\u2014](?=\s))\s*(?:and\s+)?(?:then\s+)?"
    r"(?:(?:please|pls|kindly)\s+)?(?:"
    # ("..., left join, pulling account_tier and rep_email": the taking verbs' lexicon)
    rf"{TAKE_FIELDS_VERB}(?=\s*:?\s+(?:the\s+|its\s+|their\s+)?[A-Za-z_]\w*(?![\w-]))"
    # "..., and carry lot_id and origin across": the particle after the list
    rf"|{_CARRY_LIST_ACROSS}"
    # "..., key merchant:{merchant_id}, fields name and mcc"
    r"|(?:the\s+)?(?:fields?|attributes)(?=\s*:?\s+[A-Za-z_])"
    # "..., key is room:{room_id}, need floor and room_type": a list of names ending the clause
    r"|(?:we\s+)?needs?(?=\s+(?:the\s+)?[a-z_]\w*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[a-z_]\w*)*"
    r"\s*(?:[,;.]|$)))\b"
    # "..., add its moisture_pct": the matched record's fields
    r"(?:\s+(?:its|their)\b)?"
    # ("- add: site_name, region": a bullet's label after a table join's bullet)
    r"(?:\s*:(?=\s+[A-Za-z_]))?",
    ICASE,
)


# "keyed by customer_id", "indexed on customer_id": how a table's rows are keyed
KEYED = r"(?:keyed|indexed)\s+(?:by|on)"


# A list of plain names ("rate", "tier and region"; `_IDS` below is the same list)
_IDS_EARLY = r"[A-Za-z_]\w*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[A-Za-z_]\w*)*"


# "compacted topic customers-table (key: customer_id)": the table's key in parentheses
PAREN_KEY = re.compile(
    # ("(both keyed by player_id)": the same key on both sides)
    # ("(join on accession_id)": the join's key said in parentheses after the table)
    # ("topic glass.customers (compacted, keyed by customer_id)": the kind said first)
    rf"\s*\(\s*(?:(?:log[\s-]+)?(?:compacted|changelog)(?:\s*[,;]\s*|\s+))?"
    # ("(our product table, keyed by sku)": what the table is, then its key; the words before
    # "table" are checked to only say what its rows are, see table_joins)
    r"(?:(?:our|the|a|an)\s+(?P<desc>(?:[a-z]+\s+){0,2}?)(?:k?table|catalog(?:ue)?|registry"
    r"|directory|master|lookup)\s*[,;]?\s*(?=(?:the\s+)?key|keyed|indexed))?(?:both\s+)?"
    rf"(?P<kw>(?:(?:the\s+)?key|{KEYED}|primary\s+key"
    r"|join(?:ed)?\s+(?:on|by|using)|match(?:ed)?\s+on"
    # ("(one record per driver_id)": the table's latest row per key)
    r"|(?:one|1|a\s+single)\s+(?:record|row|entry|message)\s+(?:per|for\s+each)"
    # ("(latest waiver per climber_id)": the same, the rows' noun checked in table_joins)
    r"|(?:the\s+)?(?:latest|newest|current|most\s+recent)\s+(?P<rows>[a-z]+)\s+(?:per|for\s+each))"
    r"\s*[:=]?\s*)?"
    r"(?P<k>[A-Za-z_]\w*)"
    # ("(key product_code on both sides, left join)": the same key said so, then the join's
    # how, read already; "(bed_id on both sides)": without the word "key", the both sides
    # say it is one)
    r"(?(kw)(?:\s+(?:on|for|in|at)\s+both\s+(?:sides|streams|topics))?"
    r"|\s+(?:(?:on|for|in|at)\s+both\s+(?:sides|streams|topics)"
    # ("(client_id is its key)": the key named first)
    r"|is\s+(?:its|the|their)\s+(?:primary\s+)?key))"
    # ("(keyed by plot_id, joined on the event's plot_id)": the stream's side said after the
    # table's key, the same name (checked where read)
    r"(?:\s*,\s*(?:and\s+)?(?:joined|matched)\s+(?:on|by|using)\s+(?:the\s+)?"
    r"(?:[a-z]+['\u2019]s\s+)?(?P<k2>[A-Za-z_]\w*))?"
    # ("(keyed by currency, fields rate)": the fields to take after the key, in the same
    # parentheses)
    rf"(?:\s*,\s*(?:fields?|taking|adding|take|add)\s*:?\s*(?P<list>{_IDS_EARLY}))?"
    # ("(pass_id on both sides; a left join, ...)": the join's how read already after ';')
    r"\s*(?:[,;][\s\x00]*(?:an?\s+(?=\x00))?[\s\x00]*)?\)",
    ICASE,
)


# "on vin (the same field name on both sides)": the key's one name, said of both sides
SAME_NAME_BOTH = re.compile(
    r"\s*\(\s*(?:the\s+)?same[\s\x00]+(?:(?:field|column|key)\s+)?(?:name\s+)?(?:[\s\x00]*)"
    r"(?:on|in|for)\s+both\s+(?:sides|streams|topics)\s*\)",
    ICASE,
)


# "by bib number (field bib on both sides)", "on the customer's number (column cust_no in both
# topics)": the key said in words, then its field's name in brackets, said of both sides (the
# bracket names the field; the words before it only describe it)
PAREN_FIELD_BOTH = re.compile(
    r"(?:\s+(?:number|no\.?|id|code|reference|ref|name|identifier))?\s*\(\s*(?:the\s+)?"
    r"(?:field|column|key)\s+(?P<k>[A-Za-z_]\w*|`[^`\n]+`|'[^'\n]+')\s+(?:on|in|for)\s+both\s+"
    r"(?:sides|streams|topics|records)\s*\)",
    ICASE,
)


# "match forager_id on the finds to id in the table", "matching cust_ref in the orders with id
# on the customer table": each key said with the records it is on (see `_sided_key`)
SIDED_KEY = re.compile(
    r"\b(?:match|matching|matched)\s+(?:the\s+)?(?P<l>[A-Za-z_]\w*)\s+(?:on|in|of|from)\s+"
    r"(?:the|each|every|our)\s+(?P<ls>[a-z]+)\s+(?:to|with|against|on)\s+(?:the\s+)?"
    r"(?P<r>[A-Za-z_]\w*)\s+(?:on|in|of|from)\s+(?:the|each|every|their)\s+"
    r"(?:(?P<rs2>[a-z]+)\s+(?=(?:k?table|topic|rows?|records?)\b))?(?P<rs>[a-z]+)\b",
    ICASE,
)


# "registrations.band_id = table band_id", "the scan.parcel_ref = parcel.parcel_id": the key as
# an equation, each field qualified by its side's records (the source's first; "table" names
# the table), read like `SIDED_KEY` by `_sided_key`
SIDED_EQUATION = re.compile(
    r"(?<![\w.])(?:the\s+)?(?P<ls>[a-z]+)\.(?P<l>[a-z]\w*)\s*={1,2}\s*(?:the\s+)?"
    r"(?:(?P<rs2>[a-z]+)\s+(?=k?table\b))?(?P<rs>[a-z]+)(?:\.|\s+)(?P<r>[a-z]\w*)(?![\w.])",
    ICASE,
)


# "matching cultivar_id on both sides": the key's one name, said of both sides without brackets
BOTH_SIDES = re.compile(r"\s+(?:on|for|in)\s+both\s+(?:sides|streams|topics)\b", ICASE)


# "keyed by member_id, same field name on both sides", "key meter_id, same as on the reading",
# "keyed on material_code (the output records use material_code too)", "keyed by brood_id; our
# records carry brood_id as well": after the key, the words saying the other side's field has
# its name (`_same_key_said`; {key} is the key, or a word pointing back at it)
_SAME_NAME_GLOSS = (
    r"\s*(?:[,;(]|[-\u2013\u2014])\s*(?:(?:and|i\.e\.?|so)\s+)?(?:"
    r"(?:the\s+)?same\s+(?:(?:field|column|key)\s+)?(?:name\s+)?(?:(?:on|in|for)\s+(?:both"
    r"(?:\s+(?:sides|streams|topics))?|(?:the|our|each|every)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+)"
    r"|as\s+(?:(?:it\s+is\s+)?(?:on|in|for)\s+)?(?:the|our|each|every)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+)"
    r"|(?:the|our|each|every|all)\s+(?:[a-z]+\s+){{0,2}}?[a-z]+s?\s+(?:use|uses|carry|carries|have"
    r"|has|hold|holds|contain|contains|include|includes)\s+(?:{key}|it|that|the\s+same"
    r"(?:\s+(?:field|name|key|column))?)\s+(?:too|as\s+well|also)"
    # "by menu_item_id (the table is keyed by menu_item_id too)": the table's key said again
    r"|(?:the\s+(?:[a-z]+\s+)?(?:table|topic)|it)\s+is\s+(?:also\s+)?(?:keyed|indexed)\s+(?:by|on)"
    r"\s+{key}(?:\s+(?:too|as\s+well|also))?"
    # "on team_id (the table's key is also team_id)", "(its key field is team_id too)": the
    # table's key named again, the same name
    r"|(?:the\s+(?:[a-z]+\s+)?(?:table|topic)['\u2019]s|its)\s+key(?:\s+(?:field|column))?\s+is"
    r"\s+(?:also\s+)?{key}(?:\s+(?:too|as\s+well|also))?)"
    r"(?:\s*\))?"
)


# The join key in a clause of its own: "... from the compacted topic x, joined on patient_id"
KEY_CLAUSE = re.compile(
    # ("the pharmacies topic indexed by pharmacy_id": no comma before a participle of the key)
    # ("..., which is the compacted topic x, on skipass_id and bring in ...": the bare "on")
    # (a field's snake_case name only: ", on weekdays." is no key)
    # (", matching cultivar_id on both sides": the key said with "matching")
    rf"(?:\s*,\s*(?:and\s+)?(?:(?:joined|matched|linked|looked\s+up)\s+(?:on|by|using)|{KEYED}"
    r"|matching(?:\s+on)?"
    rf"|(?:on|by|using)(?=\s+(?:the\s+)?[a-z]\w*_\w+\b))|\s+{KEYED})"
    # (or a dash closing an aside: "with the sku master — compacted topic x, keyed on sku —")
    rf"\s+(?:the\s+)?(?=(?:[a-z]+'s\s+|[a-z]+\s+(?=[a-z]\w*_\w+\s+(?:to|=)\s))?(?:{FIELD})"
    rf"(?:\s+(?:to|=)\s+(?:the\s+)?(?:[a-z]+'s\s+)?{FIELD})?"
    r"(?:\s+(?:on|for|in)\s+both\s+(?:sides|streams|topics))?"
    r"\s*(?:[,;()]|\.(?!\w)|$|[\u2013\u2014]|-\s"
    r"|\s+and\s+(?:then\s+)?(?:take|add|bring"
    r"|pull|copy|grab|get|attach|pick)\b))",
    ICASE,
)


# "(latest row per carrier_id)": the key of a table topic, said in the join clause.
LATEST_KEY = re.compile(
    # ("the compacted topic x holds the current tariff for each agent_code": the table's verb)
    r"(?:\b(?:holds?|holding|keeps?|keeping|stores?|storing|contains?|containing|has)\s+"
    r"(?=(?:the\s+|only\s+the\s+)?(?:latest|newest|most\s+recent|last|current)\s))?"
    r"(?:\(?\s*\b(?:the\s+|only\s+the\s+)?(?:latest|newest|most\s+recent|last|current)\s+"
    r"(?:[a-z]+\s+)?(?:row|record|version|state|value|entry)s?\s+(?:per|for\s+(?:each|every)|by)\s+"
    rf"(?P<k>{FIELD})\s*\)?"
    # "the latest quote for the symbol", "the current rate of each currency_code": a snake_case
    # key, or one of the usual key names
    r"|\b(?:the\s+)?(?:latest|newest|most\s+recent|current)\s+[a-z]+\s+(?:for|of|per)\s+"
    r"(?:the|its|their|each|every)\s+"
    r"(?P<k2>[a-z]+_[a-z_]+|symbol|sku|ticker|isin|iban|currency|country|code)\b)",
    ICASE,
)


# The fields to copy from a join's other stream, said as a clause of their own, with the side
# they come from: "Take delivered_at and recipient_signature from the delivery side", "from
# the payment side take amount and method", "... and copy offset over from the calibration
# events". The side must name the joined stream (see `extract_join_side_fields`).
_TAKE = (
    r"(?:take|taking|keep|keeping|include|including|copy|copying|carry|carrying|bring|bringing"
    r"|pull|pulling|add|adding|grab|grabbing|get|getting|attach|attaching"
    # "..., keeps status and location from carrier-updates": the pipeline's verb, said of it
    r"|takes|keeps|includes|copies|carries|brings|pulls|adds|grabs|gets|attaches)"
)


_IDS = rf"[A-Za-z_]\w*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?!{LIST_ENDING_VERB})[A-Za-z_]\w*)*"


# "look up country and plan from the compacted topic x", "fetch tier and region in ...": the
# fields named between the verb and the table (a list of names, then "from"/"in").
LOOKUP_FIELDS = re.compile(
    r"\b(?:look(?:s|ing)?\s+up|lookup|fetch(?:es|ing)?|pull(?:s|ing)?\s+in|bring(?:s|ing)?\s+in"
    rf"|attach(?:es|ing)?)\s+(?:the\s+|each\s+|every\s+)?(?:(?P<e>[a-z]+)(?:'s|s')\s+)?(?P<list>{_IDS})"
    r"(?=\s+(?:from|in|out\s+of|via)\s)",
    ICASE,
)


# "with tier and region from the compacted topic x", "with customer tier from ...": a table
# join's fields between "with" and the table (see DATA_NOUNS for what names no field).
WITH_FIELDS = re.compile(
    rf"\s*(?:the\s+)?(?:(?P<e>[a-z]+)(?:'s)?\s+)?(?P<list>{_IDS})\s+(?:from|in|out\s+of)\s+"
    r"(?:the\s+|a\s+)?",
    ICASE,
)


# The fields a table join adds, named before the table: "need the unit's building_name and
# floor, taken from the compacted topic units-table", "want the customer's tier and region from".
_NEED = (
    r"\b(?:need|needs|want|wants|require|requires|should\s+(?:get|have|carry)|must\s+(?:get|have"
    r"|carry))\s+(?:the\s+|its\s+|their\s+)?(?:(?P<e>[a-z]+)(?:'s|s')\s+)?"
    rf"(?P<list>{_IDS})"
)


NEED_FIELDS = re.compile(rf"{_NEED}\s*,?\s*(?=\s*$)", ICASE)


# "We'd like each order line ... to carry the manufacturer and the scale of its product.", "the
# play log ... needs the postcode and operator_name of each screen.": the fields named before
# the table, each with its article, then whose they are (checked against the table's entity)
_NEED_ID = r"(?:the\s+)?[A-Za-z_]\w*"
NEED_OF_FIELDS = re.compile(
    r"\b(?:need|needs|want|wants|require|requires|(?:to|should|must)\s+(?:get|have|carry|show"
    rf"|include)|carry|carries)\s+(?P<list>{_NEED_ID}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    rf"(?!{LIST_ENDING_VERB}){_NEED_ID})+)"
    r"\s+(?:of|for)\s+(?:its|their|the|each|every)\s+(?P<e>[a-z]+)\s*(?:[.;]\s*)?$",
    ICASE,
)


# "Every record on x should get the player's team_code and shirt_number from the compacted
# topic y": the fields, then "from" right before the table (the words before them are the source)
NEED_FROM = re.compile(rf"{_NEED}\s+(?=from\s+(?:the\s+)?$)", ICASE)


# ("picked_up_at (timestamp)": a taken field's type in brackets after it, see `_typed_ids`)
_TYPE_NAMES = "|".join(sorted(COLUMN_TYPES, key=len, reverse=True))
_SIDE_TYPE = rf"\s*\(\s*(?:an?\s+)?(?:{_TYPE_NAMES})\s*\)"
# ("copy clamp_minutes, and press_id as press_no": an item's new name after it, never a type)
_ITEM_AS = rf"\s+as\s+(?!(?:an?\s+)?(?:{_TYPE_NAMES})\b)(?P<n>[A-Za-z_]\w*)"
_TYPED_ID = rf"[A-Za-z_]\w*(?:{_SIDE_TYPE})?(?:{_ITEM_AS.replace('(?P<n>', '(?:')})?"
_TYPED_IDS = rf"{_TYPED_ID}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?!{LIST_ENDING_VERB}){_TYPED_ID})*"
_RENAMED_ITEM = re.compile(rf"(?P<f>[A-Za-z_]\w*)(?P<t>{_SIDE_TYPE})?{_ITEM_AS}", ICASE)
_WHICH = (
    rf"(?:(?:we\s+(?:only\s+)?(?:need|want)(?:\s+to\s+{_TAKE})?|(?:please\s+)?{_TAKE}"
    r"(?:\s+(?:over|in|along|across))?)\s+)(?:only\s+|just\s+)?(?:the\s+)?(?:fields?\s+|columns?\s+)?"
    rf"(?P<list>{_TYPED_IDS})(?:\s+(?:fields?|columns?))?"
)


_SIDE = (
    r"(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?"
    # ("take appointments from ink.appointments": a dotted topic is one side, never "ink")
    r"(?P<side>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*"
    r"(?:\s+(?!from\b|take\b|keep\b)[A-Za-z][\w-]*){0,2}?)"
)


# (a full stop ends the side; a dot inside a topic's name does not)
_SIDE_END = r"(?=\s*(?:[,;)]|\.(?![\w-])|$|\s+(?:and|then)\b))"


SIDE_FIELDS = [
    re.compile(
        rf"(?:(?<=[.;,:(\x00])|^|(?<=\band))\s*(?:and\s+)?(?:also\s+|then\s+)?{_WHICH}"
        rf"(?:\s+(?:over|along|across))?\s+from\s+{_SIDE}"
        # "... from the port-out side into the result": where the copies go, said after the side
        r"(?:\s+(?:into|onto|to|in)\s+(?:the\s+)?(?:output|results?|joined\s+records?)"
        # ("... from the radio call onto each sighting": every record the join keeps)
        r"|\s+onto\s+(?:each|every)\s+[a-z][\w-]*)?"
        # "pull rpm over from the cadence side as cadence_rpm": one field's new name after it
        rf"(?:\s+as\s+(?P<as>[A-Za-z_]\w*))?{_SIDE_END}",
        ICASE,
    ),
    re.compile(
        # ("... (inner join)? From the checkout take a and b.": a question's end too)
        rf"(?:(?<=[.;,:(\x00?!])|^)\s*(?:and\s+)?from\s+{_SIDE}\s*,?\s+{_WHICH}"
        # "From the arrival we need pilot_id and draft_m copied over."
        r"(?:\s+(?:copied|carried|brought|taken|pulled)(?:\s+(?:over|across|along))?)?"
        # "From the result we need result_code and latency_ms in the output."
        r"(?:\s+(?:into|onto|to|in)\s+(?:the\s+)?(?:output|results?|joined\s+records?))?"
        rf"{_SIDE_END}",
        ICASE,
    ),
    # "Fields from landing: landed_at, landing_pad": a ticket's label line, the side in it
    re.compile(
        rf"(?:(?<=[.;\x00])|^)\s*(?:the\s+)?(?:fields?|columns?)(?:\s+to\s+{_TAKE})?\s+"
        rf"from\s+{_SIDE}\s*:\s*(?P<list>{_IDS}){_SIDE_END}",
        ICASE,
    ),
]


# Words of a side phrase that name no stream: "the delivery side", "the click events".
SIDE_WORDS = word_set(
    """side stream streams topic one ones record records event events message messages row rows
    data feed kafka"""
)


# "... from the compacted topic x (key k) with grade_name and reserve_price_usd": the fields
# after the table, said with "with" (names a field's only, see `_field_like_list`)
WITH_FIELDS_AFTER = re.compile(
    rf"\s+with\s+(?:the\s+|its\s+|their\s+)?(?:fields?\s+|columns?\s+)?(?P<list>{_IDS})"
    r"(?=\s*(?:[,.;)]|$)|\s+(?:and|then)\s+(?!\w+_))",
    ICASE,
)


# The fields to take, in parentheses after the table topic: "(bid and ask)", "(fields a, b)".
# "... (key machine_id): site_name, region -> topic x": the terse form's fields after the key,
# a list of names ending the step (the arrow is laid out as ";")
COLON_FIELDS = re.compile(rf"\s*:\s*(?P<list>{_IDS})(?=\s*(?:[;.]|$))", ICASE)


PAREN_FIELDS = re.compile(
    r"\s*\(\s*(?:(?:with\s+|taking\s+|the\s+)?(?:fields?|columns?)\s*:?\s*)?"
    rf"(?P<list>{_IDS})\s*\)",
    ICASE,
)


# "... take click_ts and publish to x": the fields' sentence goes on with the sink
_THEN_SINK = (
    r"\s*,?\s+(?:and\s+(?:then\s+)?|then\s+)(?:(?:publish|send|write|emit|push|forward|produce"
    r"|store|save|sink|land|load|insert|print|output|deliver|stream)\w*\b"
    r"|\x00)"  # (the sink read already)
)
# ("Bring over returned_at and condition, inner join, and print ...": the join's kind next)
_THEN_HOW = r"\s*,\s*(?:an?\s+)?(?:(?:inner|left)(?:[\s-]+join)?|\x00+[\s-]+join)(?=\s*(?:[,.;]|$))"


# "Take driver_id into the output.": after a join, the fields it copies, as a sentence
TAKE_INTO_OUTPUT = re.compile(
    # ("..., so unbooked cars still come through, and copy booking_ref and pitch_id across": a
    # clause of its own after a comma, its list ending the sentence as below)
    r"(?:(?<=[.;?!]\s)|^|(?<=,\s)and\s+(?:then\s+)?(?:also\s+)?)(?:please\s+)?(?:take|include|add"
    # "Pull in dimmer_rack and ack_ms.", "Please carry over inspector and check_result."
    r"|pull\s+in|bring\s+in|grab|attach|(?:carry|copy|bring|pull)\s+(?:over|across|along)"
    # "Copy booked_by and room_id over.": the particle after the list (see `carry` below)
    r"|(?P<carry>copy|carry|bring))\s+(?:the\s+)?"
    # "Copy the review's decision field onto the goal": whose field (checked to be the joined
    # stream's, see `_names_right`)
    r"(?:(?P<whose>[a-z][\w-]*)'s\s+)?"
    # (never a word for every field: "Take everything.", "Copy all." name no field)
    r"(?!(?:everything|all|anything|it|them|both|rest|these|those|fields?|columns?)\b)"
    rf"(?P<ids>{_IDS})(?:\s+fields?)?(?(carry)(?:\s+(?:over|across|along)\b)?)"
    # "Copy pickup_bay from the pickup onto each dispatch": the joined record named (checked to
    # be the joined stream's, as `whose`), then where they go
    # ("Copy magnitude and depth_m from the seismic event and write ...": the joined record,
    # a word before its noun, the sentence or a sink's clause next)
    r"(?:\s+from\s+(?:the|its|their|each)\s+(?:[a-z]+\s+(?=[a-z][\w-]*(?:[.;]|\s*$|\s+and\s)))?"
    r"(?P<from>[a-z][\w-]*)(?=\s+onto\s|\s*(?:[.;]|$)"
    rf"|{_THEN_SINK}))?"
    r"(?:\s+(?:into|in|onto|to)\s+(?:the\s+)?(?:output|result|joined\s+records?)\b"
    # "copy lat and lon onto the assignment": onto the record joined to
    r"|\s+onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+\b"
    # "... Take amount and method.": a sentence of its own
    r"|(?:\s+from\s+(?:them|it|the\s+(?:other|right|joined)\s+(?:side|stream)))?(?=\s*(?:[.;]|$)"
    rf"|{_THEN_SINK}|{_THEN_HOW}))",
    ICASE,
)


# A sentence after a join that copies fields under new names ("Copy lat as scan_lat."): its
# verb, then (after `renamed_fields`) where the copies go and the sentence's end
TAKE_VERB = re.compile(
    # ("... a broodstock row — an inner join — and take strain and origin_river from it": after
    # the join's how, read already)
    # ("... exists in the table (inner join), and copy a and b": after the how in brackets)
    r"(?:(?<=[.;?!]\s)|^|(?:(?<=[\u2013\u2014\x00]\s)|(?<=\x00\),\s))and\s+)(?:please\s+)?"
    r"(?:take|copy|include|carry|bring|add|pull|grab|attach"
    r"|fetch|pick\s+up)"
    # ("Please carry over inspector and check_result.": the particle before the list; "Bring
    # in customer_tier and postcode.")
    r"(?:(?<=copy|arry|ring|pull)\s+(?:over|across|along|in))?\s+",
    ICASE,
)


# "Add floor and room_type.": a sentence that is only the verb and the names (see TAKE_VERB)
# ("Add stand_name and concourse_level and publish to ...": the sink's verb after the names)
FIELDS_SENTENCE = re.compile(
    # ("... take strain and origin_river from it.": the table pointed back at)
    rf"(?P<list>{_IDS})(?:\s+from\s+(?:it|(?:the|that|this)\s+table))?"
    # ("Copy member_level and home_rink into each order, and publish ...": where they go)
    r"(?:\s+(?:onto|into)\s+(?:each|every|the|its)\s+[a-z]+(?:\s+records?)?)?"
    rf"(?=\s*(?:[.;]|$)|{_THEN_SINK})",
    ICASE,
)


SENTENCE_END = re.compile(
    r"(?:\s+(?:onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+(?:\s+records?)?"
    # ("Copy member_level and home_rink into each order")
    r"|into\s+(?:each|every)\s+[a-z]+(?:\s+records?)?"
    r"|(?:into|to)\s+(?:the\s+)?(?:output|result|joined\s+records?)))?(?=\s*(?:[.;]|$)"
    rf"|{_THEN_SINK})",
    ICASE,
)


# "... onto the assignment", "... onto each order", "... into the output": where the copied
# fields go, said after them
ONTO_RECORD = re.compile(
    r"\s+(?:onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+(?:\s+records?)?"
    r"|into\s+(?:each|every)\s+[a-z]+(?:\s+records?)?"
    r"|(?:into|to)\s+(?:the\s+)?(?:output|result|joined\s+records?))\b",
    ICASE,
)


# "... from the payment": the joined stream the copied fields come from, said after them
# ("from the delivery event": the record's noun after it)
FROM_SIDE = re.compile(
    r"\s+from\s+(?:the|its|their|each|every)\s+(?P<n>[a-z]+)"
    r"(?:\s+(?:event|record|message|row)s?)?\b",
    ICASE,
)


def _names_side(noun: str, side_words: set[str]) -> bool:
    """Whether `noun` names the joined side by one of its words, or by another form of one of
    its words ("the delivery" for ship.delivered)."""
    return singular(noun.lower()) in side_words or stem(noun) in {stem(w) for w in side_words}


# Fields copied under other names: "lat as scan_lat and lon as scan_lon", "click_ts as
# clicked_at", or two lists of the same length, "lat and lon as scan_lat and scan_lon".
_AS = (
    # ("copy checked_out_at into the output as checkout_time": where the copy goes, first)
    r"(?:\s+(?:over|across)|\s+(?:into|to)\s+(?:the\s+)?(?:output|result|joined\s+records?))?"
    r"\s+(?:as|renamed\s+(?:to|as)|under\s+the\s+name)\s+"
    # never "take amount as well", "copy tier as is", "as a string": no new name
    r"(?!(?:well|is|such|they|it|before|usual|needed|above|below|a|an|the|json|string|text|int"
    r"|integer|float|double|number|bool|boolean|timestamp|date|long)\b)"
)


_F = rf"(?:{QUOTED}|[A-Za-z_]\w*)"  # (never FIELD: "scan_lon." ends a sentence)


_AND = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"


RENAMED_PAIRS = re.compile(
    rf"(?:the\s+)?(?P<pairs>{_F}{_AS}{_F}(?:{_AND}{_F}{_AS}{_F})*)(?![\w-])", ICASE
)


RENAMED_LISTS = re.compile(
    rf"(?:the\s+)?(?P<src>{_F}(?:{_AND}{_F})+){_AS}(?P<dst>{_F}(?:{_AND}{_F})+)"
    r"(?![\w-])(?!\s+(?:as|respectively)\b)(?:\s*,?\s*respectively)?",
    ICASE,
)


_LIST_ENDING = re.compile(LIST_ENDING_VERB, ICASE)


# One item of a list some of whose fields are renamed ("grower_name plus coop as coop_name",
# "tier, region as home_region and plan"): a name, then maybe its new one
# ("band_name and grade (call it band_grade)": the new name in brackets right after the field)
_MIXED_ITEM = re.compile(
    rf"(?P<f>{_F})(?![\w-])(?:{_AS}(?P<n>{_F})(?![\w-])|\s*\(\s*(?:call(?:ed)?\s+it|name\s+it"
    rf"|renamed?\s+(?:to|as)|as)\s+(?P<n2>{_F})\s*\))?",
    ICASE,
)


# Between the items of such a list: a comma, "and", or "plus" ("copy a plus b as c": a list,
# read after a taking verb; never arithmetic there, see computed.py's `_copied_plus`)
_MIXED_SEP = re.compile(rf"{_AND}|\s+plus\s+", ICASE)


def _mixed_renames(s: str, pos: int) -> tuple[list[str], dict[str, str], int] | None:
    """ "grower_name plus coop as coop_name": a list where only some fields get new names (the
    pairs and the two lists of `renamed_fields` read a list renaming each one); None when no
    item is renamed. A plain item is a field's name, never a stop word or a step's verb."""
    fields: list[str] = []
    targets: dict[str, str] = {}
    at = end = pos
    while True:
        m = _MIXED_ITEM.match(s, at)
        if m is None:
            break
        name, quoted = unquote(m["f"])
        if not quoted and (name.lower() in STOP or _LIST_ENDING.match(s, m.start())):
            break
        fields.append(name)
        if m["n"] or m["n2"]:
            targets[name] = unquote(m["n"] or m["n2"])[0]
        end = m.end()
        sep = _MIXED_SEP.match(s, end)
        if sep is None:
            break
        at = sep.end()
    return (fields, targets, end) if targets else None


def _stop_in_list(*lists: str) -> bool:
    """ "copy stall_name, and district as stall_district, and keep orders ...": a word of the
    two lists RENAMED_LISTS read is a stop word or a verb ('and', 'keep'), so the lists end
    before it: one field renamed in a list (`_mixed_renames`), never two lists."""
    return any(
        not quoted and name.lower() in STOP
        for said in lists
        for name, quoted in map(unquote, re.split(_AND, said, flags=ICASE))
    )


def renamed_fields(s: str, pos: int) -> tuple[list[str], dict[str, str], int] | None:
    """The fields a join copies under new names, said at `pos`: (sources, {source: target},
    end), or None when the list there renames nothing."""
    m = RENAMED_PAIRS.match(s, pos)
    mixed = _mixed_renames(s, pos)
    if m and mixed and mixed[2] > m.end():  # "tier as customer_tier and region"
        return mixed
    if m:
        pairs = [
            re.split(_AS, p, flags=ICASE) for p in re.split(_AND, m.group("pairs"), flags=ICASE)
        ]
        names = [(unquote(a)[0], unquote(b)[0]) for a, b in pairs]
        return [a for a, _ in names], dict(names), m.end()
    m = RENAMED_LISTS.match(s, pos)
    if m and not _stop_in_list(m.group("src"), m.group("dst")):
        src = [unquote(x)[0] for x in re.split(_AND, m.group("src"), flags=ICASE)]
        dst = [unquote(x)[0] for x in re.split(_AND, m.group("dst"), flags=ICASE)]
        if len(src) != len(dst):
            raise RequestNotUnderstood(
                f"cannot read {m.group(0).strip()!r}: {len(src)} field(s) copied under "
                f'{len(dst)} new name(s); rename each one (e.g. "lat as scan_lat and lon as '
                'scan_lon")'
            )
        return src, dict(zip(src, dst, strict=True)), m.end()
    return mixed


# A verb of taking, then the first names of a list the clause's comma breaks ("... and copy
# model, branch_code and fuel_type"): the list goes on after the comma (see `fields_list_end`)
LIST_AT_CLAUSE_END = re.compile(
    rf"\b{TAKE_FIELDS_VERB}\s+(?:the\s+)?(?P<list>[A-Za-z_]\w*)\s*$",
    ICASE,
)


def fields_list_end(s: str, pos: int) -> int:
    """Where a list of field names starting at `pos` ends ("tier, region" after ", fields"):
    a list broken by the clause's commas is read whole, with the new names it gives ("species,
    and grade as wood_grade")."""
    m = re.compile(rf"\s*:?\s*(?:the\s+)?(?P<list>{_IDS})(?![\w-])", ICASE).match(s, pos)
    if m is None:
        return pos
    renamed = typed_renames(s, m.start("list"))
    return max(m.end(), renamed[2]) if renamed else m.end()


def list_past_comma(s: str, start: int, end: int) -> int:
    """The end of a clause `s[start:end]` whose last words are a taking verb and the first name
    of a list its comma broke ("... and attach tle_line1, tle_line2 and tle_epoch"): past the
    whole list (and "onto each ping" after it); else `end`."""
    tail = LIST_AT_CLAUSE_END.search(s, start, end)
    if tail is None or not s.startswith(",", end):
        return end
    end = max(end, fields_list_end(s, tail.start("list")))
    onto = ONTO_RECORD.match(s, end)
    return onto.end() if onto else end


def _ids(text: str) -> list[str]:
    """The names of an `_IDS` list, every one kept ("customer_id and total")."""
    return [t for t in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", text.strip(), flags=ICASE) if t]


# "price_yen (an int)", "`vip` (as a bool)": a field (its closing quote kept), then its type in
# brackets ("copy par as an int": or after "as", never a name a field is copied to)
_FIELD_TYPE_REMARK = re.compile(
    rf"(?P<n>[A-Za-z_]\w*[`'\"]?)(?P<r>\s*\(\s*(?:(?:it\s+is|it's|is|as|of\s+type)\s+)?"
    rf"(?:an?\s+)?(?P<t>{_TYPE_NAMES})\s*\)"
    rf"|\s+as\s+(?:an?\s+)?(?P<t2>{_TYPE_NAMES})(?![\w-]))",
    ICASE,
)


def _lift_field_types(clause: str, at: int) -> tuple[str, dict[str, str], dict[int, int]]:
    """The clause with each "price_yen (an int)" after `at` written as the name alone (the
    remark blanked to the same length, so offsets stay), the types said by field, and where
    each blanked remark ends by where its name ends."""
    types: dict[str, str] = {}
    ends: dict[int, int] = {}
    lifted = clause
    for m in _FIELD_TYPE_REMARK.finditer(clause, at):
        types[m["n"].rstrip("`'\"")] = COLUMN_TYPES[(m["t"] or m["t2"]).lower()]
        ends[m.end("n")] = m.end()
        lifted = lifted[: m.start("r")] + " " * len(m["r"]) + lifted[m.end() :]
    return lifted, types, ends


def typed_renames(
    clause: str, at: int
) -> tuple[list[str], dict[str, str], int, dict[str, str]] | None:
    """ "tier as customer_tier (text) and country": the fields copied under new names at `at`
    (see `renamed_fields`), with the types said in brackets after a field or its new name, by
    the field copied; None when the list renames nothing."""
    lifted, types, remark_ends = _lift_field_types(clause, at)
    renamed = renamed_fields(lifted, at)
    if renamed is None:
        return None
    fields, targets, end = renamed
    said = {f: types.get(f) or types.get(targets.get(f, f)) for f in fields}
    return fields, targets, remark_ends.get(end, end), {f: t for f, t in said.items() if t}


def _typed_ids(text: str) -> tuple[list[str], dict[str, str]]:
    """The names of a `_TYPED_IDS` list and the types said after them ("arrived_at and
    melt_loss_pct (float)" -> [arrived_at, melt_loss_pct], {melt_loss_pct: float})."""
    lifted, types, _ends = _lift_field_types(_lift_item_renames(text)[0], 0)
    return _ids(lifted), types


def _lift_item_renames(text: str) -> tuple[str, dict[str, str]]:
    """A `_TYPED_IDS` list with each item's new name left out, and the new names ("a, and b as
    c" -> "a, and b", {b: c})."""
    renames: dict[str, str] = {}

    def lift(m: re.Match[str]) -> str:
        renames[m["f"]] = m["n"]
        return m["f"] + (m["t"] or "")

    return _RENAMED_ITEM.sub(lift, text), renames


# "on order_id and region": a second key field (a verb or a clause word after 'and' is none)
_SECOND_KEY = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?P<k>[A-Za-z_]\w*)\b(?!\s*[=:(])"
)


_NOT_A_KEY = word_set(
    """then also take takes taking add adds adding grab grabbing copy copying attach attaching
    fetch fetching get getting bring bringing pull pulling include including keep keeping drop
    write writes writing print prints send sends emit store stores save output publish push
    forward count counts sum compute calculate aggregate enrich enriching dedup deduplicate
    filter join joins match pair put land load insert stream produce sink look only just within
    between where when whenever if allow allows but unless fields field columns up at no not
    arrive arrives come comes lands happen happens occur occurs follow follows show shows
    turn turns appear appears"""  # ("the same beacon_id and arrive up to 10 min after": its verb)
)


# "..., brine_out arriving up to 6 hours after ...": a word then a bound, the bound's subject
_BOUND_AFTER_WORD = re.compile(
    r"\s+(?:(?:arriv|com|land|happen|occurr|follow)\w*\s+)?(?:within|up\s+to|at\s+most"
    r"|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\s",
    ICASE,
)


def _refuse_second_key(
    clause: str, end: int, left: str, *, named_only: bool = False, sides: tuple[str, ...] = ()
) -> None:
    """ "join orders with shipments on order_id and region": a join matches one key field;
    the second was read with the join's words and dropped, matching on order_id alone. After
    the clause (`named_only`), only a name with '_' or a digit is a key: ", clicks up to 10
    minutes after ..." names the records of a bound. A joined topic's short name right before
    a bound is that bound's subject (", brine_out arriving up to 6 hours after brine_in" over
    smoke.brine_out), never a key."""
    more = _SECOND_KEY.match(clause, end)
    if more is None:
        return
    key = more.group("k")
    short = {t.rsplit(".", maxsplit=1)[-1].lower() for t in sides if t}
    if key.lower() in short and _BOUND_AFTER_WORD.match(clause, more.end()):
        return
    if named_only and not re.search(r"[_\d]", key):
        return
    word = key.lower()
    if word in STOP or word in _NOT_A_KEY or re.search(r"(?:ing|ed)$", word):
        return  # ", matching ...", ", allowing ...", "and then ...": the clause goes on
    raise RequestNotUnderstood(
        f"join on {left!r} and {key!r}: a join matches records on one key field; join on one "
        'of them (e.g. "join orders with shipments on order_id within 2 days"), or compute one '
        "key from both first (in a spec file)"
    )


# The key's other name on the joined stream, said after it: "on vehicle_id (the right stream
# calls it van_id)", "on vehicle_id, called van_id in the other stream", "(van_id on the right)"
_RIGHT_SIDE = (
    r"(?:the\s+)?(?:right|other|second|joined)(?:[\s-]+(?:hand\s+)?(?:side|stream|topic|one))?"
)


RIGHT_CALLS_IT = re.compile(
    r"\s*(?:\(\s*|,\s*|\s+)(?:"
    # ("driver-locations calls it van_id": the joined topic by its name)
    rf"(?:where\s+)?(?:{_RIGHT_SIDE}|{NAMED_TOPIC})\s+(?:calls|names|has)\s+it\s+(?:as\s+)?"
    rf"(?P<r>{FIELD})"
    rf"|(?:which\s+is\s+|it'?s\s+)?(?:called|named|known\s+as)\s+(?P<r2>{FIELD})\s+(?:in|on|by)\s+"
    rf"{_RIGHT_SIDE}|(?P<r3>{FIELD})\s+(?:in|on)\s+{_RIGHT_SIDE})\s*\)?",
    ICASE,
)


# The key as two fields said equal, the source's first: "collar animal_id is same as trough
# tag_id", "where the ping's animal_id equals the visit's tag_id" (names with '_' only: "the
# status is the same as before" names no key)
_SIDE_NOUN = r"(?:the\s+)?(?:(?!(?:is|are|and|the)\b)(?P<{g}>[a-z]+)(?:'s)?\s+)?"


# "where our lighthouse_id equals their station_id": whose field, said by a pronoun
_KEY_PRONOUNS = frozenset(
    ["our", "their", "its", "his", "her", "my", "your", "the", "this", "that"]
)


KEY_SAME_AS = re.compile(
    r"(?:^|(?<=[\s:,(]))(?P<k>(?:(?:where|when|if)\s+)?" + _SIDE_NOUN.format(g="ls")
    # ("the mower's postcode": a plain word too, after whose field it is)
    + r"(?P<l>[A-Za-z]\w*_\w+|(?<='s\s)[a-z][a-z0-9]*)\s+"
    r"(?:is\s+(?:the\s+)?same\s+as|is\s+equal\s+to|equals|matches))\s+"
    + _SIDE_NOUN.format(g="rs")
    + r"(?P<r>[A-Za-z]\w*_\w+|(?<='s\s)[a-z][a-z0-9]*)\b",
    ICASE,
)


# The key said last in a table's clause ("... keyed by brood_id"), before a gloss saying the
# other side's field has its name (`_same_key_said`)
KEY_AT_END = re.compile(rf"\b(?:{KEYED}|key|on)\s+(?P<k>[A-Za-z_]\w*)\s*$", ICASE)


def _same_key_said(clause: str, at: int, key: str) -> re.Match[str] | None:
    """The words after a join's key (at `at`) saying the other side's field has its name:
    "(the same field name on both sides)", ", same as on the reading", "(the output records
    use material_code too)"; None when there are none (a field named other than the key, as
    in "(the readings use meter_ref too)", is no such gloss: left unread, so refused)."""
    said = SAME_NAME_BOTH.match(clause, at) or BOTH_SIDES.match(clause, at)
    if said:
        return said
    gloss = re.compile(_SAME_NAME_GLOSS.format(key=re.escape(key.rstrip(")"))), ICASE)
    return gloss.match(clause, at)


def _records_on_topic(km: re.Match[str]) -> bool:
    """ "the batch weighing on glass.batch_weighings by batch_id": "on" a name that can only be
    a topic (a hyphen, or a dot with no right key after it) says where the records are, never
    the join's key."""
    said = km.group(0).lower()
    name = km.group("l").rstrip(".")  # ("on berth_id.;": a runbook step's full stop)
    # ("the master data is on the compacted topic x": where the table is, never a key)
    kind = name.lower() in ("compacted", "changelog", "kafka", "topic", "debezium", "cdc")
    return (
        said.startswith("on")
        and not km.group("r")
        and (
            kind
            or "-" in name
            or ("." in name and not re.fullmatch(r"[a-z]\w*\.[a-z]\w*_id", name))
        )
    )


# "taking observations from up to 1 hour before the incident to ...": after a taking verb, the
# joined records (one plain word) and the bound's range, never a field
RECORDS_IN_RANGE = re.compile(
    rf"[a-z]+s\s+(?=(?:from|between)\s+(?:up\s+to\s+)?{DUR}\s+{_DIR}\b)", ICASE
)


# "taking the arrival from within the hour before the inspection", "taking the reading up to
# 5 minutes after": the joined records, one word, then the bound (a word of the joined stream's
# name, see `_takes_records`; never a field: "taking amount within 10 minutes" keeps amount)
_PARTICIPLE = r"(?:[a-z]+ed|written|sent|made|given|paid|taken|done|seen|built|held|drawn)"
RECORD_THEN_BOUND = re.compile(
    # ("taking quotes issued up to 48 hours after ...": a participle saying when they come)
    # ("taking any quote that arrives up to ...": which of them, and when they come)
    rf"(?:(?:any|each|every|all)\s+)?(?P<n>[a-z]+)\s+(?:(?:{_PARTICIPLE}|[a-z]+ing)\s+|(?:that|which)\s+"
    rf"(?:(?:arrives?|comes?(?:\s+in)?|lands?|happens?)|(?:is|are)\s+{_PARTICIPLE})\s+)?"
    r"(?=(?:from\s+)?(?:within|up\s+to|at\s+most|no\s+more\s+than|in|during)\s+"
    rf"(?:the\s+)?(?:(?:last|past)\s+)?(?:{DUR}|{_THE_UNIT})\b)",
    ICASE,
)


# "weather readings": a word, then a plural noun (the records it names, see
# `_named_records_in_range`)
WORD_BEFORE_RECORDS = re.compile(r"(?P<n>[a-z]+)\s+(?=[a-z]+s\s)", ICASE)


def _joined_side_words(join: Join) -> set[str]:
    """The words that name the joined side: a table join's topic (its phrase is its whole
    clause) and the word "table"; a stream join's topic and phrase."""
    if join.kind == "table":
        return singular_words(join.right_topic) | {"table"}
    return singular_words(f"{join.right_topic} {join.right_phrase}")


def _named_records_in_range(join: Join, clause: str, pos: int) -> bool:
    """ "taking weather readings from up to 30 minutes before the catch" joined with
    station.weather: a word of the joined stream's name, then its records and the bound."""
    m = WORD_BEFORE_RECORDS.match(clause, pos)
    if not m or not RECORDS_IN_RANGE.match(clause, m.end()):
        return False
    return singular(m["n"].lower()) in singular_words(
        f"{join.right_phrase} {join.right_topic or ''}"
    )


def _takes_records(join: Join, clause: str, pos: int) -> bool:
    """Whether a taking verb's object at `pos` is the joined records, said by a word of the
    joined stream's name ("the arrival" of truck_arrivals), then the bound."""
    m = RECORD_THEN_BOUND.match(clause, pos)
    if not m:
        return False
    return singular(m["n"].lower()) in singular_words(
        f"{join.right_phrase} {join.right_topic or ''}"
    )


# "where dog_id matches", "where the booking_ref is the same": a key said as what matches
_KEY_MATCHES = (
    r"\s+(?:matches|match|agrees|is\s+the\s+same|are\s+the\s+same|is\s+equal)"
    r"(?:\s+(?:on\s+both\s+sides|in\s+both|across\s+both))?\b"
)


# "the call's show_slot_id": the records whose field it is, before a key's name
# ("matching batch lot_id to the table's lot_id": the records' noun bare before a snake_case
# key, never "same" or a stop word)
_WHOSE = (
    r"(?:(?:(?:the|each|its|their|a)\s+)?(?P<{g}>[a-z]+)'s\s+"
    r"|(?:(?:the|each|its|their|a)\s+)?(?!(?:same|the|on|by|to|and|or|with|of)\s)"
    r"(?P<{g}_bare>[a-z]+)\s+(?=[a-z]\w*_\w+\b))?"
)


def _looks_up_table_row(lm: re.Match[str], join: Join) -> bool:
    """ "look up each call's show in x.show_schedule": what is looked up is one plain word of
    the table's topic name (its rows), said of the records ("call's"), not of the table."""
    words = singular_words(join.right_topic)
    looked = lm.group("list").strip().lower()
    return (
        join.kind == "table"
        and re.fullmatch(r"[a-z]+", looked) is not None
        and singular(looked) in words
        and singular((lm["e"] or "").lower()) not in words
    )


def _possessors_agree(km: re.Match[str], join: Join) -> bool:
    """ "matching the call's show_slot_id to the schedule's slot_id": the records named before
    the right key are the joined side's (a word of its topic, or of its phrase), those before the
    left key are not; a key without them agrees."""
    lp = km.group("lp") or km.group("lp_bare")
    rp = km.group("rp") or km.group("rp_bare")
    if not lp and not rp:
        return True
    if km.group("lp_bare") and not km.group("r"):
        return False  # ("on batch lot_id" alone: a bare noun before a key names no side)
    right = _joined_side_words(join)
    left_ok = not lp or singular(lp.lower()) not in right
    right_ok = not rp or singular(rp.lower()) in right
    return left_ok and right_ok and bool(km.group("r") or not rp)


def _sided_key(join: Join, clause: str) -> re.Match[str] | None:
    """ "match forager_id on the finds to id in the table": the first key on records that are
    not the joined side's, the second on the joined side (its topic's words, or "table" for a
    table join); a pair said the other way round or of other records is left unread."""
    m = SIDED_KEY.search(clause) or SIDED_EQUATION.search(clause)
    if not m or m["l"].lower() in STOP or m["r"].lower() in STOP:
        return None
    right = _joined_side_words(join)
    named = {singular(m["rs"].lower())} | ({singular(m["rs2"].lower())} if m["rs2"] else set())
    if singular(m["ls"].lower()) in right or not named & right:
        return None
    return m


def read_join_key_and_fields(join: Join, clause: str) -> list[tuple[int, int]]:
    """The key ("on user_id = id") and fields ("taking email and name") of a join clause, and
    the spans of the clause they were read from."""
    spans: list[tuple[int, int]] = []
    sided = _sided_key(join, clause)
    if sided:  # "match forager_id on the finds to id in the table": read first, then blanked
        join.left_key, join.right_key = sided["l"], sided["r"]
        spans.append(sided.span())
        clause = (
            clause[: sided.start()] + " " * (sided.end() - sided.start()) + clause[sided.end() :]
        )
    km = (
        None
        if sided
        else next(
            (
                k
                for k in re.finditer(
                    rf"\b(?:(?:(?<=,\s)|(?<=,\sand\s))(?:joined|joining|matched|linked|looked\s+up)\s+"
                    rf"(?=on|by|using))?"
                    # ("(compacted topic x, key meter_id)": the key after the name, a field's
                    # snake_case name)
                    # ("its order via order_id": "via" before a field's snake_case name)
                    rf"(?:on|using|by|via(?=\s+(?:the\s+)?[a-z]\w*_\w+\b)|matching(?:\s+on)?"
                    rf"|{KEYED}|(?<=\()key\s*:?"
                    rf"|(?<=[\w,]\s)key(?=\s+[a-z]\w*_\w+\b)|{SAME_KEY}"
                    rf"|{PAREN_SAME_KEY}"
                    # ("..., same rental_id, the return up to ...": the key in a clause of its own)
                    r"|(?<=,\s)(?:the\s+)?same(?=\s+[a-z]\w*_\w+\b)"
                    # ("join with x where dog_id matches": the key said as what matches)
                    rf"|where(?=\s+(?:the\s+)?[a-z]\w*_\w+{_KEY_MATCHES}))\s+(?:the\s+)?"
                    # ("matching the call's show_slot_id to the schedule's slot_id": whose field,
                    # each side's records named, see `_possessors_agree`)
                    rf"{_WHOSE.format(g='lp')}"
                    # "on customer_id to add customer_tier": "to" before a verb is no right key
                    rf"(?:same\s+)?(?P<l>{FIELD})(?:\s*(?:=|==|equals|matches|to\b(?!\s+(?:get|add"
                    rf"|fetch|attach|pull|include|bring|enrich|pick|copy|take|grab)\b))\s*"
                    # ("where firmware_version matches its version column": the joined side's
                    # field said by its pronoun, then the word column or field)
                    rf"(?:(?P<its>its|their)\s+(?=[A-Za-z_]\w*\s+(?:column|field)\b))?"
                    rf"{_WHOSE.format(g='rp')}(?P<r>{FIELD})(?(its)\s+(?:column|field)\b))?",
                    clause,
                    ICASE,
                )
                if not _records_on_topic(k) and _possessors_agree(k, join)
            ),
            None,
        )
    )
    same = None if km or sided else KEY_SAME_AS.search(clause)
    if same:  # "collar animal_id is same as trough tag_id": the source's field said first
        join.left_key, join.right_key = same.group("l"), same.group("r")
        right_words = singular_words(join.right_phrase)
        sides = [singular(same.group(g).lower()) if same.group(g) else None for g in ("ls", "rs")]
        equation = " ".join(same.group(0).split())
        if sides[0] in right_words and sides[1] not in right_words:
            # "the refund order_ref is same as the order order_id": the joined stream's first
            join.left_key, join.right_key = join.right_key, join.left_key
            sides.reverse()
        elif {sides[0], sides[1]} <= _joined_side_words(join):
            # "where the alert's postcode equals the alert's zip_code": both keys said of the
            # joined stream, none of the source's
            raise RequestNotUnderstood(
                f"{equation!r}: both fields are said of the joined stream; say which stream's "
                'field each key is, e.g. "join orders with payments on order_ref = order_id '
                "within 15 minutes\" (the source's field first)"
            )
        elif (
            sides[1] and sides[1] not in right_words | _KEY_PRONOUNS and sides[0] not in right_words
        ):
            # "where service_id matches the alert's owner_id" joining deploys: the second field
            # said of records that are not the joined stream's, the first of no one's
            raise RequestNotUnderstood(
                f"{equation!r}: {same.group('r')!r} is said of "
                f"{same.group('rs')!r}, not of the joined stream; say which stream's field each "
                'key is, e.g. "join orders with payments on order_ref = order_id within 15 '
                "minutes\" (the source's field first)"
            )
        if sides[0] and sides[0] not in _KEY_PRONOUNS:
            join.left_key_owner = (sides[0], equation)
        spans.append((same.start("k"), same.end()))
    if km:
        left, _ = unquote(km.group("l"))
        span = (km.start(), km.end())
        if not km.group("r") and re.fullmatch(r"[A-Za-z_]\w*\.+", left):
            # "Join with the compacted topic x on berth_id.; Add ...": the key, then the full
            # stop ending a runbook's step (the next step goes on with the same join)
            left = left.rstrip(".")
            span = (km.start(), km.start("l") + len(left))
        matches = (
            re.compile(_KEY_MATCHES, ICASE).match(clause, km.end())
            if km.group(0).lower().startswith("where")
            else None
        )
        if matches:  # "where dog_id matches": the verb read with the key
            span = (km.start(), matches.end())
        calls = RIGHT_CALLS_IT.match(clause, km.end()) if not km.group("r") else None
        if calls:  # "on vehicle_id (the right stream calls it van_id)"
            span = (km.start(), calls.end())
        opened = re.search(r"\(\s*$", clause[: km.start()])
        if opened and not km.group("r") and re.fullmatch(r"[A-Za-z_]\w*\)", left):
            left = left[:-1]  # "(keyed by unit_id)": the parentheses around the key
            span = (opened.start(), km.end())
        named = PAREN_FIELD_BOTH.match(clause, span[1]) if not km.group("r") else None
        if named:  # "by bib number (field bib on both sides)": the bracket names the field
            left = unquote(named["k"])[0]
            span = (span[0], named.end())
            clause = (
                clause[: named.start()]
                + " " * (named.end() - named.start())
                + clause[named.end() :]
            )
        both = _same_key_said(clause, span[1], left) if not km.group("r") else None
        if both:  # "on vin (the same field name on both sides)": one name, both sides
            span = (span[0], both.end())
            clause = (
                clause[: both.start()] + " " * (both.end() - both.start()) + clause[both.end() :]
            )
        if left.lower() not in STOP:
            _refuse_second_key(clause, km.end(), left, sides=(join.right_topic or "",))
            join.left_key = re.sub(r"^\w+\.(?=\w)", "", left)
            said = km.group("r") or (calls and (calls["r"] or calls["r2"] or calls["r3"]))
            right = unquote(said)[0] if said else join.left_key
            join.right_key = re.sub(r"^\w+\.(?=\w)", "", right)
            owner = km.group("lp") or km.group("lp_bare")
            if owner and km.group("r") and owner.lower() not in _KEY_PRONOUNS:
                # "matching the call's show_slot_id to the schedule's slot_id"
                join.left_key_owner = (singular(owner.lower()), " ".join(km.group(0).split()))
            spans.append(span)
            again = re.compile(rf"\s+on\s+(?:the\s+)?{re.escape(left)}\b", ICASE).match(
                clause, span[1]
            )
            if again:  # "(keyed by item_id) on item_id": the same key said again
                spans.append((again.start(), again.end()))
    # "(latest row per carrier_id)" after a compacted topic: the key the table keeps, which
    # the join matches on
    lm = LATEST_KEY.search(clause)
    if lm:
        key = re.sub(r"^\w+\.(?=\w)", "", unquote(lm.group("k") or lm.group("k2"))[0])
        if join.left_key is None:
            join.left_key = join.right_key = key
        elif key != join.right_key:
            raise RequestNotUnderstood(
                f"{lm.group(0).strip()!r} but the join matches {join.right_key!r}; the table "
                f"keeps the latest row per the key it is joined on"
            )
        spans.append((lm.start(), lm.end()))
    after_key = PAREN_FIELDS.match(clause, km.end()) if km and join.left_key else None
    if after_key:  # "... on material_sku (unit_cost_eur, supplier)": the fields, after the key
        join.fields = _ids(after_key.group("list"))
        spans.append(after_key.span())
        return spans
    fm = re.search(
        # ("add the latest FX rate for its currency": the table's row, never a field)
        # "attach tier", never "attach the latest quote for ..." (the table's row)
        rf"\b(?!{TAKE_FIELDS_VERB}\s+(?:the\s+)?(?:latest|newest|current|most|last)\b)"
        # (the taking verbs' lexicon: "pulling a and b", "bring across a", "to get a")
        # ("; fields: station_id, elevation_deg": a runbook's label)
        # ("- add: site_name, region": a bullet's label)
        rf"(?:{TAKE_FIELDS_VERB}|{_CARRY_LIST_ACROSS}|with\s+(?:the\s+)?fields?|fields?)(?:\s*:)?\s+"
        # ("add the customer's name and loyalty_tier": the joined record's fields, its noun
        # checked against the joined side below)
        r"(?:the\s+(?P<own>[a-z]+)['\u2019]s\s+|(?P<det>the\s+|its\s+|their\s+))?"
        r"(?:fields?\s+)?",
        clause,
        ICASE,
    )
    if fm and fm["own"]:
        own = singular(fm["own"].lower())
        # (the joined topic's name: the phrase around it may name the source's records too)
        if own not in singular_words(re.sub(r"[._-]", " ", join.right_topic or "")) - STOP:
            raise RequestNotUnderstood(
                f"cannot read {' '.join(clause[fm.start() : fm.end()].split())!r}: a join adds "
                f"the joined record's fields, and nothing here says the {fm['own']} is that "
                'record; name the fields alone (e.g. "add name and tier")'
            )
    renamed = typed_renames(clause, fm.end()) if fm else None
    if fm and renamed:  # "take click_ts as clicked_at", "tier as customer_tier (text)"
        join.fields, join.targets, fields_end, join.said_types = renamed
        onto = ONTO_RECORD.match(clause, fields_end)
        if onto:
            fields_end = onto.end()
        spans.append((fm.start(), fields_end))
    elif fm and RECORDS_IN_RANGE.match(clause, fm.end()):
        pass  # "taking observations from up to 1 hour before ...": the records, then the bound
    elif fm and _named_records_in_range(join, clause, fm.end()):
        pass  # "taking weather readings from up to 30 minutes before ...": the same, named
    elif fm and _takes_records(join, clause, fm.end()):
        pass  # "taking the arrival from within the hour before ...": the same, one record
    elif fm:
        det = fm["det"] and fm["det"].strip()  # "copy the scale and the maker"
        lifted, said_types, remark_ends = _lift_field_types(clause, fm.end())
        items, fields_end = read_list(lifted, fm.end(), FIELD_RE, det=det)
        # ("pulling item_name and price_yen (an int)": the last field's type read with it)
        fields_end = remark_ends.get(fields_end, fields_end)
        particle = PARTICLE_AFTER_LIST.match(clause, fields_end) if items else None
        if particle and re.match(_CARRY_LIST_ACROSS, clause[fm.start() :], ICASE):
            fields_end = particle.end()  # "bring lot_id and origin across"
        side = FROM_SIDE.match(clause, fields_end) if items else None
        right_words = singular_words(f"{join.right_phrase} {join.right_topic or ''}")
        if side and _names_side(side["n"], right_words - STOP):
            # "copy payment_amount and paid_at from the payment onto the approval record"
            fields_end = side.end()
        onto = ONTO_RECORD.match(clause, fields_end) if items else None
        if onto:  # "copy lat and lon onto the assignment": onto the record joined to
            fields_end = onto.end()
        join.fields = [t for t, _, _ in items]
        join.said_types = {n: t for n, t in said_types.items() if n in join.fields}
        refuse_quantifier_fields(join.fields, "the joined records")
        spans.append((fm.start(), fields_end if items else fm.end()))
        lm = LOOKUP_FIELDS.search(clause, 0, fm.start())
        if lm and join.left_key and _looks_up_table_row(lm, join):
            # "look up each call's show in the compacted topic radio.show_schedule, matching
            # ...": the table's row of each record, its key said apart
            spans.append((lm.start(), lm.end("list")))
        elif lm and join.left_key is None:
            # "look up each ride's scooter_id in the compacted topic x and add the model": what
            # is looked up, with the fields said apart, is the key; never two names
            looked = _ids(lm.group("list"))
            if len(looked) != 1:
                raise RequestNotUnderstood(
                    f"cannot read {lm.group(0).strip()!r}: the fields to add are said apart, so "
                    "this names the join key, but it names more than one; say the key with "
                    '"on", e.g. "look up the model from compacted topic \'fleet\' on scooter_id"'
                )
            join.left_key = join.right_key = looked[0]
            spans.append((lm.start(), lm.end("list")))
            # "... and add the model to the ride": the records whose key was looked up
            said = singular((lm["e"] or "").lower())
            to = re.compile(r"\s+to\s+(?:the|each|every|its|their)\s+(?P<n>[a-z]+)\b", ICASE).match(
                clause, fields_end if items else fm.end()
            )
            if to and singular(to["n"].lower()) in {said, "record", "row", "event", "message"} - {
                ""
            }:
                spans.append((to.start(), to.end()))
    else:
        lm = LOOKUP_FIELDS.search(clause)
        said = singular((lm["e"] or "").lower()) if lm else ""
        # "look up country and plan from the compacted topic users-table", "look up the
        # customer's tier in ..." (another entity's fields are left unread)
        if lm and said in ("", join.entity or ""):
            join.fields = _ids(lm.group("list"))
            spans.append((lm.start(), lm.end("list")))
    return spans


class JoinFieldsReader(JoinVerbReader):
    """Reads the fields a join takes from its other side, said in a clause of their own."""

    # (fields, the words) of "take a and b from the delivery side", until a join takes them
    join_side_fields: tuple[list[str], str] | None = None
    join_side_targets: dict[str, str] | None = None
    join_side_types: dict[str, str] | None = None

    def extract_join_side_fields(self) -> None:
        """ "Take delivered_at and recipient_signature from the delivery side": the fields a
        join copies, said of the joined stream. Read before the projection (which would take
        "keep click_id and landing_url" for itself); a side naming the source stream is
        refused (its fields are in the output anyway), one naming neither is left unread."""
        verbs = self._side_verbs()
        if not verbs and not self._strict_verbs():  # ("match them": see above)
            return
        right = self._right_side_words()
        left: set[str] = set()
        for vm in verbs:
            end = self.clause_end(vm.end())
            # ("join them ... from 30 minutes before up to 2 hours after": a bound, no side)
            wm = _joined_with(self.s, vm.end(), end)
            # ("joining on recipe_id and dropping batches with no recipe": a "with no" says
            # which records the join keeps, never the side; the key's words are no left side)
            if wm and not re.compile(r"with\s+no\b", ICASE).match(self.s, wm.start()):
                left |= self._side_words(self.s[vm.end() : wm.start()])
        for pattern in SIDE_FIELDS:
            for m in list(pattern.finditer(self.s)):
                words = self._side_words(m.group("side")) - SIDE_WORDS
                # "from the check-in" said of checkin-events: the name's words written apart
                apart = [
                    w
                    for w in re.split(r"[-\s]+", m.group("side").lower())
                    if w and w != "the" and w not in SIDE_WORDS
                ]
                joined = self._side_words("".join(apart)) - SIDE_WORDS
                side_name = re.sub(
                    r"^(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?", "", m.group("side").lower()
                )
                names_right = (bool(words) and (
                    (re.search(r"[-_.]", side_name) and side_name in self.right_side_names)
                    or words <= right - left
                    # ("from the delivery event" said of ship.delivered: another form of a word)
                    or {stem(w) for w in words} <= {stem(w) for w in right} - {
                        stem(w) for w in left
                    }
                    or words <= {"right", "other", "second"}
                    or (bool(joined) and joined <= right - left)
                )) or self._generic_names_right(m.group("side"), left)  # fmt: skip
                names_left = bool(words) and (
                    words <= left - right or words <= {"left", "first", "source"}
                )
                if names_left:
                    raise RequestNotUnderstood(
                        f"{m.group(0).strip(' ,;.')!r}: {m.group('side')!r} is the source stream, "
                        "whose fields stay in the output anyway; a join copies fields from the "
                        "stream it joins: name that stream's side"
                    )
                if not names_right:
                    continue  # names neither side: left unread, so refused
                if self.join_side_fields is not None:
                    raise RequestNotUnderstood(
                        f"{self.join_side_fields[1]!r} and {m.group(0).strip(' ,;.')!r}: say "
                        "once which fields the join takes"
                    )
                names, self.join_side_types = _typed_ids(m.group("list"))
                self.join_side_fields = (names, m.group(0).strip(" ,;."))
                said_as = m.groupdict().get("as")
                if said_as and len(self.join_side_fields[0]) != 1:
                    raise RequestNotUnderstood(
                        f"{m.group(0).strip(' ,;.')!r}: a new name after the side is one "
                        "field's; take one field there, or name each field's new name after it"
                    )
                targets = _lift_item_renames(m.group("list"))[1]
                if said_as:
                    targets[self.join_side_fields[0][0]] = said_as
                self.join_side_targets = targets or None
                self.mask(m.start(), m.end(), domain=True)

    def _generic_names_right(self, side: str, left: set[str]) -> bool:
        """ "From the message take sender_id" joined with dating.first-message: a side said by a
        word that names any records ("message", "event") names the joined stream when that word
        is a part of its dotted name and of no other topic the request names."""
        said = self._side_words(side)
        plain = {singular(w) for w in re.split(r"[\W_]+", side.lower()) if w and w != "the"}
        if not said and len(plain) == 1 and plain <= STOP:
            # ("copy bag_id from the drop" joined with cleanup.bag_drops: a word of its name
            # that the side's words leave out as common, checked the same way)
            said = plain
        elif len(said) != 1 or not said <= SIDE_WORDS - {"side", "stream", "streams", "topic"}:
            return False
        (noun,) = said
        others = {
            singular(p)
            for name in re.findall(TOPIC_LIKE, self.text)
            if name.lower() not in self.right_side_names
            for p in re.split(r"[._-]", name.lower())
        }
        return noun not in left | others and self._right_name_part(noun)

    def _take_side_fields(self, join: Join) -> None:
        """The fields said in a clause of their own (see `extract_join_side_fields`)."""
        if self.join_side_fields is None:
            return
        if join.fields:
            raise RequestNotUnderstood(
                f"the join takes {', '.join(join.fields)} and {self.join_side_fields[1]!r}: say "
                "once which fields the join takes"
            )
        join.fields = list(self.join_side_fields[0])
        if self.join_side_targets:
            join.targets = dict(self.join_side_targets)
        join.said_types = dict(self.join_side_types or {})
        self.join_side_fields = self.join_side_targets = self.join_side_types = None


# Words after an entity's name that never name one of its fields ("the customer record", "each
# merchant in Redis", "the customer's latest ...")
_NOT_ENTITY_FIELD = word_set("""profile profiles data details info information attributes record
    records metadata lookup lookups entry entries table tables topic topics cache hash key keys id
    ids row rows field fields column columns latest current most recent own full whole usual basic
    main primary stream events event is are was were has have had who which that can could should
    must will would does do did keyed stored held kept lives living published compacted indexed
    found looked enriched missing matched unknown not no state snapshot version values value""")


def said_entity_fields(text: str, pos: int, entity: str, key: str | None) -> list[str]:
    """The fields a lookup's sentence names with its entity ("the merchant's risk_score",
    "customer tier"), for a lookup whose field list was not read (the usual fields would be
    taken instead)."""
    end = re.compile(r"[.;\n]|$").search(text, pos)
    sentence = text[pos : end.start() if end else len(text)]
    forms = {entity, f"{entity}s"} | {a for a, e in ENTITY_ALIASES.items() if e == entity}
    said = []
    for m in re.finditer(
        rf"\b(?:{'|'.join(sorted(map(re.escape, forms), key=len, reverse=True))})"
        r"(?:['\u2019]s)?\s+(?P<f>[A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*|\s*,?\s+and\s+[A-Za-z]\w*)*)",
        sentence,
        ICASE,
    ):
        for f in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("f").lower()):
            if f in STOP or f in _NOT_ENTITY_FIELD or f == (key or "").lower():
                break  # ("the customer's tier and write to ...": the list ends there)
            if singular(f) == entity or f in forms:
                break
            said.append(f)
    return said


def refuse_usual_over_said(text: str, pos: int, entity: str, key: str | None, store: str) -> None:
    """A lookup whose field list was not read, while its sentence names fields of its entity
    ("look up merchant risk_score in Redis"): the usual fields would replace the ones asked for."""
    said = said_entity_fields(text, pos, entity, key)
    if said:
        names = " and ".join(dict.fromkeys(said))
        raise RequestNotUnderstood(
            f"cannot tell which {entity} fields to take from {store}: the request names the "
            f"{entity}'s {names}, but not as a field list the lookup reads; say it as one, e.g. "
            f'"look up the {entity} in Redis by {entity}_id, adding {names}" (with the key the '
            f'lookup uses), or "enrich with {names} from the compacted topic ... keyed by '
            f'{entity}_id"'
        )
