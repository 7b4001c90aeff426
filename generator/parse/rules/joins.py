"""Recogniser: joins (stream-stream interval joins within a time bound, stream-table joins
against a compacted topic)."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec import to_identifier
from ...spec.presets import JOIN_FIELDS, LOOKUPS, PRESETS
from . import lazy_re as re
from .accounting import FILLER
from .fields import SchemaResolver
from .lexicon import (
    DEFAULT_JOIN_PRESET_KEY,
    DOMAINS,
    ENTITY_ALIASES,
    FIELD,
    FIELD_RE,
    HYPHENATED,
    LIST_ENDING_VERB,
    MASK,
    NAME,
    NAMED_TOPIC,
    QUALIFYING,
    QUOTED,
    STOP,
    TAKE_FIELDS_VERB,
    _snake,
    guess_type,
    read_list,
    refuse_quantifier_fields,
    singular,
    unquote,
    word_set,
)
from .quantities import DUR, ICASE, dur_ms
from .state import Join

_NOT_IN_NAME = (
    "(?<!\\w)(?:(?<![A-Za-z0-9]-)|"
    + "|".join(
        f"(?<={kind}-)" for kind in ("left", "right", "inner", "outer", "full", "cross", "self")
    )
    + ")"
)
JOIN_VERB = re.compile(
    # (never a part of a name: the topic "match-joins"; "left-join" is the verb)
    rf"{_NOT_IN_NAME}(?:join(?:s|ing)?|enrich(?:es|ing)?|look(?:s|ing)?\s+up|lookup)(?![\w-])",
    ICASE,
)


# "taken in the two hours before the launch": a one-sided bound said as the span before or
# after the other record, "in the" for "within the" (see WITHIN)
IN_THE_SPAN = rf"(?:in|during)\s+the\s+(?:last\s+|past\s+)?{DUR}\s+(?:before|after|prior\s+to)"


# A character inside one sentence and clause: a dot only inside a name ("lib.returns")
_IN_SENTENCE = r"(?:[^;.]|\.(?=\w))"
# A bound in a clause of its own after the match: "...; the certificate has to be issued at most
# forty-eight hours before the shipment" (a direction after the duration, so never a dedup window)
_LATER_BOUND = (
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than)\s+[\w\s-]{1,30}?"
    r"\b(?:hours?|minutes?|mins?|seconds?|secs?|days?|weeks?)\s+(?:before|after|of)\b"
)


# The words before "the same <key>": "for the same order_id", "that has the same booking_id"
SAME_KEY_WORD = (
    r"(?:for|with|of|(?:that|which)\s+(?:has|have|had|carries|carry|shares?)|sharing|having"
    r"|carrying)"
)
# "find the X on t with the same k ... within ...": a join said as finding the other record
# The other records' topic, the key both share and a bound, after the finding verb's object (the
# topic named: "if we find a record with the same order_id within 10 minutes, drop it" is a
# dedup, no join)
_FOUND_ON_TOPIC = (
    r"\b(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
    r"[A-Za-z]\w*[.-]\w[\w.-]*\s+"
    rf"{SAME_KEY_WORD}\s+the\s+same\s+[a-z]\w*_\w+\b{_IN_SENTENCE}*?"
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\b"
)
FIND_VERB = (
    r"(?<![\w-])(?:(?:find|finds|look\s+for|looks\s+for)(?=\s+(?:the|its|their|an?)\s"
    rf"{_IN_SENTENCE}*?{_FOUND_ON_TOPIC})"
    # "For each fault, match readings from x with the same lift_id taken up to ...": a verb
    # of pairing, its object the other records on their topic (never "match it with ...",
    # "pair each return on x with ..."), read so only after "for each ..." (`FIND_FOR_EACH`)
    r"|(?P<pairing>match|pair|attach|fetch|grab|pull)(?=\s+"
    r"(?:(?!(?:it|them|each|every|all|both|with|to|and|on|from|in)\b)[a-z][\w-]*\s+){1,4}?"
    rf"{_FOUND_ON_TOPIC}))"
)
FIND_JOIN = re.compile(FIND_VERB, ICASE)
# "For every GO on lx.cue-go, find ...": the records the finding is done for, said before it
FIND_FOR_EACH = re.compile(
    r"(?:\bfor\s+(?:each|every)\s+(?:[^,;.\x00]|\.(?=\w)){1,60}?,?"
    # "when a failure event lands on hydro.pump_failures, can we attach ...": each record said
    # as its arrival on its topic
    r"|\b(?P<when>when(?:ever)?|each\s+time|every\s+time|as\s+soon\s+as)\s+(?:an?|each|every)\s+"
    r"(?:[^,;.\x00]|\.(?=\w)){1,60}?\s(?:lands?|arrives?|comes\s+in|shows\s+up"
    r"|is\s+(?:published|posted|logged|written))\s+(?:on|in|to|into)\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[A-Za-z][\w-]*(?:[.-]\w+)+\s*,)"
    r"\s*(?P<ask>(?:can|could|would|will)\s+(?:we|you)\s+)?(?:(?:we|you|it)\s+)?"
    r"(?:(?:please|pls|just)\s+)?$",
    ICASE,
)


# The verbs of pairing each record with a record of another stream, a join verb when the other
# stream and a time bound follow in the sentence: (base, third person, participle). Any may
# take "up" ("match up", "pair up"); "line up" is said with it only.
PAIRING_VERBS: tuple[tuple[str, str, str], ...] = (
    ("match", "matches", "matched"),
    ("pair", "pairs", "paired"),
    ("correlate", "correlates", "correlated"),
    ("combine", "combines", "combined"),
    ("link", "links", "linked"),
    ("tie", "ties", "tied"),
    ("associate", "associates", "associated"),
    ("line up", "lines up", "lined up"),
)


def _verb_alternation(words: list[str]) -> str:
    """A regex alternation of verb forms, the longest first, a space matching any space."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


PAIRING_ACTIVE = _verb_alternation([f for base, third, _p in PAIRING_VERBS for f in (base, third)])
PAIRING_PARTICIPLE = _verb_alternation([p for *_forms, p in PAIRING_VERBS])
_UP = r"(?:\s+up)?"


# "the clicks topic joined with the profile-updates topic": "joined" before "with" is the verb
JOIN_VERB_STRICT = re.compile(
    # (never what a user does, in a list of examples: "(opening the shop, joining a party, etc.)")
    # (nor the noun counted: "number of joins per team_id")
    rf"{_NOT_IN_NAME}(?<!\bnumber\sof\s)(?<!\bcount\sof\s)"
    r"join(?:s|ing)?(?![\w-])(?!\s+an?\s+[a-z]+\s*(?:,|\)|\s(?:or|and|etc)\b))"
    r"|\bjoined(?=\s+(?:with|to|against)\b)"
    # "match each login (topic logins) with a later logout ... no more than 8 hours after": a
    # join verb when a time bound follows in the sentence
    # (a dotted topic's dot never ends the sentence: "match each return on lib.returns with ...";
    # the bound may be said in the next clause: "...; the checkout happened at most 60 days before")
    # (never a part of a name: "dating.match-created")
    # ("every launch on x to be matched with the inspection from y ... in the 2 hours before
    # the launch": the participle after "be", the span said with "in the")
    # ("I want each pass (gs.passes) matched to ...": a participle is a join verb only after
    # "be"/"get" or the records it is said of, see `strict_join_verbs`)
    # ("match each penalty against hockey.shots ...": "against" as "with")
    rf"|(?<![.-])\b(?:{PAIRING_ACTIVE}|(?P<participle>{PAIRING_PARTICIPLE})){_UP}\b(?![.-]\w)"
    rf"(?={_IN_SENTENCE}*"
    rf"\b(?:with|to|against)\b{_IN_SENTENCE}*(?:;{_IN_SENTENCE}*?(?={_LATER_BOUND}))?"
    r"\b(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    rf"|{IN_THE_SPAN})\b)"
    # "Both have notification_id. We want to match them if the open is within 1 hour of the
    # send": the two streams said before (see `_streams_said_before`)
    rf"|\b(?:{PAIRING_ACTIVE}){_UP}\b(?=\s+(?:them|the\s+(?:two|2)\s+streams|both"
    r"(?:\s+streams)?)\b)"
    # "For every GO on lx.cue-go, find the dimmer acknowledgement on lx.dimmer-ack with the
    # same cue_id arriving no later than 2 seconds after the GO": the other side as the object
    # of "find", the key said as what both share and a bound in the sentence (the left side
    # is said before it, "for each/every ...", see `FIND_FOR_EACH`)
    rf"|{FIND_VERB}",
    ICASE,
)


# "to be matched with", "should get paired with": a participle of pairing as a passive verb
PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|get|gets|got)\s+$", ICASE)
# "I want each pass (gs.passes) matched to ...", "We'd like each of these paired with ...": the
# records a participle of pairing is said of, right before it (the object of a wish)
PARTICIPLE_SUBJECT = re.compile(
    r"\b(?:each|every|all)\s+(?:(?P<pron>one|of\s+(?:these|those|them))"
    r"|(?P<d>(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*))"
    rf"(?:\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAME})"
    rf"|\s*\(\s*(?:(?:kafka\s+)?topic\s+)?(?P<t2>{NAME})\s*\))?\s+$",
    ICASE,
)


# "match each one against ...", "pair each of them with ...": the source's records as a pronoun
LEFT_PRONOUN = re.compile(
    r"\s*(?P<p>(?:each|every)\s+(?:one|of\s+(?:these|those|them))|them|these|those|it)\s*",
    ICASE,
)


def strict_join_verbs(s: str, text: str, start: int = 0) -> list[re.Match[str]]:
    """JOIN_VERB_STRICT's verbs in `s` from `start`, but a participle of pairing ("matched")
    only where it is a verb: after "be"/"get" or right after the records it is said of
    ("each throw on x matched with ..."); "the orders matched before" says no join."""
    return [
        m
        for m in JOIN_VERB_STRICT.finditer(s, start)
        if not m.groupdict().get("participle")
        or PASSIVE_BEFORE.search(text, 0, m.start())
        or PARTICIPLE_SUBJECT.search(text, max(0, m.start() - 120), m.start())
    ]


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
# Where a join's right side is named: "X left joined with ad-clicks" too.
RIGHT_SIDE_VERB = re.compile(rf"{JOIN_VERB.pattern}|\bjoined(?=\s+(?:with|to|against)\b)", ICASE)


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
    r"\s*(?:[,;]|(?<![\w-])[-\u2013\u2014](?=\s))\s*(?:and\s+)?(?:then\s+)?(?:"
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


# A clause saying only the join's how, read by `extract_join_how` (masked but for the word
# "join"): "; left join so unpaid claims still flow" before ", copying ..."
# (or ", left join, take diagnosis": the bare how, nothing said after it)
HOW_CLAUSE_READ = re.compile(r"\s*[,;]\s*\x00+[\s-]*join(?:ed)?\b[\s\x00]*(?=[,;])", ICASE)
# "..., keep the bag even if the batch isn't there yet (left join), bring over a and b": a
# clause read whole as the join's how (masked), between a table join's clause and its fields
HOW_CLAUSE_MASKED = re.compile(r"\s*[,;]\s*\x00[\x00\s()-]*(?=[,;])")


# "inner join is fine", "a left join works for us": the join's how approved, nothing more
HOW_APPROVED = (
    r"(?:\s+(?:is|'s|should\s+be|would\s+be|will\s+be)\s+(?:(?:totally|perfectly|just)\s+)?"
    r"(?:fine|ok|okay|good|enough|right|correct|what\s+(?:we|i)\s+(?:want|need))"
    r"|\s+(?:works|will\s+do|should\s+do|is\s+all\s+(?:we|i)\s+need))"
    r"(?:\s+(?:here|for\s+(?:us|me|this|now)))?"
)


# "After the join keep only ...", "once joined, compute ...", "before the join, drop ...": the
# join read already, pointed back at to order a step (no second join: nothing is named after
# it but the step itself)
_BACK_REF_END = (
    r"(?=\s*(?:[,;:.)!]|[-\u2013\u2014]\s|$)|\s+(?:we|i|you|please|pls|just|only|keep|drop|filter"
    r"|remove|discard|skip|exclude|add|compute|calculate|work\s+out|derive|take|select|rename"
    r"|write|send|output|emit|publish|then|apply|do)\b)"
)
_BACK_REF_JOIN = (
    r"(?:(?:it|they)\s+(?:is|are|has\s+been|have\s+been)\s+|it's\s+|they're\s+|(?:the|this|that)\s+"
    r"(?:(?:table|stream|interval|left|inner)[\s-]+)?)?(?:join(?:ed|ing)?|look[\s-]?up)"
)
ONCE_JOINED = re.compile(
    rf"\b(?:after|once|following|post)[\s-]+{_BACK_REF_JOIN}\b{_BACK_REF_END}", ICASE
)
JOIN_BACK_REF = re.compile(
    rf"\b(?:after|once|following|post|before|prior\s+to)[\s-]+{_BACK_REF_JOIN}\b{_BACK_REF_END}",
    ICASE,
)


# "please do a left join on ...", "perform an inner join": the verb doing a join read already
# (its words after, JOIN_DONE_WORDS, all masked)
JOIN_DONE = re.compile(
    r"\b(?:do|does|doing|perform|performs|performing|run|runs|use|uses|using)\s+(?:an?\s+)"
    r"(?=\S)",
    ICASE,
)
JOIN_DONE_WORDS = re.compile(
    r"(?:(?:left|inner)(?:\s+outer)?[\s-]+)?(?:(?:table|stream-table|lookup|interval)[\s-]+)?"
    r"join\b",
    ICASE,
)


# "left join so nothing gets dropped": what a left join does, said after it
NOTHING_DROPPED = re.compile(
    r"\s+so\s+(?:that\s+)?nothing\s+(?:gets|is|will\s+be)\s+(?:dropped|lost|discarded)\b", ICASE
)


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
    r"\b(?:with|to|against|onto)\s+(?P<side>(?:(?:the|its|their|our|each|every)\s+)?"
    # ("..., i.e. the compacted topic x": the full stop of "i.e." ends no sentence)
    # ("... to the employee directory. It's a compacted topic, x, ...": a sentence of its own,
    # opened by "it's", see APPOSITION_OPEN)
    r"(?:[a-z][\w'-]*\s+){0,3}?[a-z][\w-]*)\s*(?:,|[-\u2013\u2014]|(?P<stop>[.?!]))\s*"
    r"(?:(?:i\.e\.|namely),?\s*)?$",
    ICASE,
)
APPOSITION_OPEN = re.compile(
    r"\s*(?:(?P<it>(?:it|that|this)(?:'s|\s+is)\s+(?:(?:kept|stored|held)\s+)?)"
    r"|(?:which|that)\s+(?:(?:is|'s)\s+(?:(?:kept|stored|held)\s+)?|lives\s+|sits\s+)"
    r"(?:in\s+|on\s+|as\s+)?"
    r"|i\.?e\.?,?\s+|namely\s+)?(?:(?:the|a|an|our)\s+)?",
    ICASE,
)
_SIDE_ARTICLES = frozenset(["the", "its", "their", "our", "each", "every", "current", "latest"])


# "keyed by customer_id", "indexed on customer_id": how a table's rows are keyed
KEYED = r"(?:keyed|indexed)\s+(?:by|on)"
# A list of plain names ("rate", "tier and region"; `_IDS` below is the same list)
_IDS_EARLY = r"[A-Za-z_]\w*(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[A-Za-z_]\w*)*"
# "compacted topic customers-table (key: customer_id)": the table's key in parentheses
PAREN_KEY = re.compile(
    # ("(both keyed by player_id)": the same key on both sides)
    # ("(join on accession_id)": the join's key said in parentheses after the table)
    # ("topic glass.customers (compacted, keyed by customer_id)": the kind said first)
    rf"\s*\(\s*(?:(?:log[\s-]+)?(?:compacted|changelog)(?:\s*[,;]\s*|\s+))?(?:both\s+)?"
    rf"(?P<kw>(?:(?:the\s+)?key|{KEYED}|primary\s+key"
    r"|join(?:ed)?\s+(?:on|by|using)|match(?:ed)?\s+on)\s*[:=]?\s*)?(?P<k>[A-Za-z_]\w*)"
    # ("(key product_code on both sides, left join)": the same key said so, then the join's
    # how, read already; "(bed_id on both sides)": without the word "key", the both sides
    # say it is one)
    r"(?(kw)(?:\s+(?:on|for|in|at)\s+both\s+(?:sides|streams|topics))?"
    r"|\s+(?:on|for|in|at)\s+both\s+(?:sides|streams|topics))"
    # ("(keyed by currency, fields rate)": the fields to take after the key, in the same
    # parentheses)
    rf"(?:\s*,\s*(?:fields?|taking|adding|take|add)\s*:?\s*(?P<list>{_IDS_EARLY}))?"
    r"\s*(?:,[\s\x00]*)?\)",
    ICASE,
)


# "on vin (the same field name on both sides)": the key's one name, said of both sides
SAME_NAME_BOTH = re.compile(
    r"\s*\(\s*(?:the\s+)?same[\s\x00]+(?:(?:field|column|key)\s+)?(?:name\s+)?(?:[\s\x00]*)"
    r"(?:on|in|for)\s+both\s+(?:sides|streams|topics)\s*\)",
    ICASE,
)
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
    r"(?:\s+(?:field|name|key|column))?)\s+(?:too|as\s+well|also))"
    r"(?:\s*\))?"
)


# "Enrich cut orders on glass.cut_orders with ...": the records on a name that can only be a
# topic (a dot or a hyphen in it), right before the table joined; never the join's key
RECORDS_ON_TOPIC = re.compile(
    r"\b(?:on|in)\s+(?:the\s+)?[A-Za-z0-9]\w*[.-][\w.-]*\w\s+(?=with\b|against\b)", ICASE
)


# The join key in a clause of its own: "... from the compacted topic x, joined on patient_id"
KEY_CLAUSE = re.compile(
    # ("the pharmacies topic indexed by pharmacy_id": no comma before a participle of the key)
    # ("..., which is the compacted topic x, on skipass_id and bring in ...": the bare "on")
    # (a field's snake_case name only: ", on weekdays." is no key)
    rf"(?:\s*,\s*(?:and\s+)?(?:(?:joined|matched|linked|looked\s+up)\s+(?:on|by|using)|{KEYED}"
    rf"|(?:on|by|using)(?=\s+(?:the\s+)?[a-z]\w*_\w+\b))|\s+{KEYED})"
    # (or a dash closing an aside: "with the sku master — compacted topic x, keyed on sku —")
    rf"\s+(?:the\s+)?(?=(?:{FIELD})\s*(?:[,;()]|\.(?!\w)|$|[\u2013\u2014]|-\s"
    r"|\s+and\s+(?:then\s+)?(?:take|add|bring"
    r"|pull|copy|grab|get|attach|pick)\b))",
    ICASE,
)


# "We have cow collars sending to "animal-collar-pings" and the water troughs sending to
# "trough-visits". Join them: ...": two producers and their topics, then a join of "them" (the
# first named is the source, the other the joined stream)
_PRODUCER = r"(?:(?:the|our)\s+)?(?P<d{n}>[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,3}}?)"
_SENDS = (
    r"\s+(?:(?:that|which)\s+)?(?:sending|send|sends|publishing|publish|publishes|writing|write"
    r"|writes|posting|post|posts|pushing|push|pushes|producing|produce|produces)\s+(?:to|into|on)"
    r"\s+(?:(?:the\s+)?(?:kafka\s+)?topic\s+)?"
)
TWO_PRODUCERS = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:we\s+have\s+|there\s+are\s+)?"
    + _PRODUCER.format(n=1)
    + _SENDS
    + rf"(?P<a>{QUOTED}|{NAMED_TOPIC})\s*,?\s+and\s+"
    + _PRODUCER.format(n=2)
    + _SENDS
    + rf"(?P<b>{QUOTED}|{NAMED_TOPIC})\s*[.;]\s*(?=join\s)",
    ICASE,
)
JOIN_THEM = re.compile(
    r"\s+(?:them|both(?:\s+(?:streams|topics))?|the\s+(?:two|2)(?:\s+(?:streams|topics))?"
    r"|these\s+(?:two|2)(?:\s+(?:streams|topics))?)\b",
    ICASE,
)

# The start of a list of topics a reading verb names: "read topics bike-rentals and ", "consume
# payroll-runs, " (what `_said_topics` counts as named before a join of "them")
READ_LIST_BEFORE = re.compile(
    r"\b(?:read|reads|consume|consumes|ingest|ingests|subscribe\s+to|listen\s+to|take|takes)\s+"
    r"(?:from\s+)?(?P<w>(?:the\s+|both\s+)?(?:kafka\s+)?topics?\s+)?"
    rf"(?:(?:{QUOTED}|{HYPHENATED})\s*(?:,\s*(?:and\s+)?|and\s+))*$",
    ICASE,
)

# A topic named in the sentences before a join of "them" (see `_streams_said_before`), with the
# producer's verb: "the payment system writes to payments-issued", "the events are in topic
# notifications-sent", "app sends event to topic notifications-opened"
SAID_TOPIC = re.compile(
    r"(?P<v>\b(?:(?:are|is|get|gets|being)\s+)?(?:post|posts|posting|posted|write|writes|writing|written|send|sends|sending|sent"
    r"|publish|publishes|publishing|published|push|pushes|pushed|produce|produces|produced"
    r"|emit|emits|emitted|land|lands|go|goes|arrive|arrives|come|comes|are|is|live|lives)"
    # ("posts callbacks to x", "sends an event to x")
    r"(?:\s+(?:in|out|up|an?\s+[a-z]+|[a-z]+s|event|record|message|them|it))?\s+)?"
    # ("orders from topic spot-orders and fills from topic spot-fills")
    r"(?:(?:to|into|on|in|onto|from)\s+)?(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+(?P<t>{QUOTED}|{NAMED_TOPIC})|(?<=\s)(?P<t2>{QUOTED}|[A-Za-z]\w*(?:-\w+)+)"
    r"(?![\w-])(?!\.\w)(?:\s+(?:kafka\s+)?topic\b)?)",
    ICASE,
)


# "..., and the payment system writes to x": the words naming who writes a topic
PRODUCER_BEFORE = re.compile(
    r"(?:^|[,;.:]\s*|\band\s+)"
    # ("and when user open it, app sends event to topic x": when the producer writes)
    r"(?P<when>(?:when|whenever|once)\s+(?:the\s+|a\s+)?[a-z]+\s+[a-z]+(?:\s+(?:it|them))?\s*,\s*)?"
    r"(?:(?:the|our|their|a|an)\s+)?(?P<w>(?!and\s)[A-Za-z][\w-]*'?(?:\s+[A-Za-z][\w-]*'?){0,2}?)\s+$",
    ICASE,
)


# Nouns that name who writes a topic and that `description_word` leaves out (filler words)
_PRODUCER_NOUNS = word_set("service services system systems backend platform job jobs")


# "with the shipment at most 3 days after the order": a bound, no stream joined
WITH_BOUND = re.compile(
    r"with\s+(?:the\s+|an?\s+|each\s+|its\s+)?[a-z][\w-]*\s+(?:at\s+most|up\s+to|within"
    r"|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\b",
    ICASE,
)


# "..., one row per matched pair": an interval join's output, said again
ROW_PER_PAIR = re.compile(
    r"\b(?:with\s+)?(?:one|1|a\s+single|a)\s+(?:row|record|line)\s+(?:per|for\s+(?:each|every))\s+"
    r"(?:matched|joined|paired)\s+(?:pair|match)\b",
    ICASE,
)


# "both carry claim_id", "Both have notification_id": the key said of the two streams
BOTH_CARRY = re.compile(
    r"\b(?:both|each)(?:\s+(?:streams|topics|of\s+them))?\s+(?:carry|carries|have|has|contain"
    r"|contains|include|includes)\s+(?:an?\s+|the\s+)?(?P<k>[A-Za-z]\w*_\w+)\b(?!\s*[=(])",
    ICASE,
)


# "join them on claim_id within that window": the bound said before (see `PRIOR_BOUND`)
THAT_WINDOW = re.compile(
    r"\s*,?\s*\b(?:within|in)\s+(?:that|this|the\s+same)\s+(?:window|time|bound|interval"
    r"|period)\b",
    ICASE,
)


# "10 minutes either way", "+/- 2 hours on either side": a duration both ways, no "within"
BARE_BOTH_WAYS = r"(?:±\s*|\+/-\s*)?\d[\w\s.]{0,24}?\s(?:on\s+)?either\s+(?:way|side)\b"
# The time bound in a clause of its own: "..., matching updates within 5 minutes of each click"
BOUND_CLAUSE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:(?:matching|matched|pairing|paired|joining|taking|using|counting"
    r"|including)\s+"
    r"(?:(?:the\s+|any\s+|only\s+)?[A-Za-z][\w-]*\s+)?"
    r"|(?:where|when|if)\s+(?:the\s+|a\s+|an\s+)?[A-Za-z][\w-]*\s+(?:comes?|arrives?|happens?"
    r"|occurs?|lands?|lies|falls|is\s+\w+)\s+"
    # "..., allowing the payment to arrive up to 30 minutes after the order"
    r"|allow(?:ing|s)?\s+(?:the\s+|a\s+|an\s+)?[A-Za-z][\w-]*\s+to\s+(?:come|arrive|happen|occur"
    r"|land|be\s+\w+)\s+)?"
    r"(?=(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than)\b"
    # ("..., 10 minutes either way": a bound with no "within", both ways)
    rf"|{BARE_BOTH_WAYS})",
    ICASE,
)


# The time bound in the clause after the join's: "..., matching updates within 5 minutes"
BOUND_NEXT = re.compile(
    r"\s*,\s*(?:(?:matching|pairing|correlating|taking|keeping)\s+(?:[a-z]+\s+){0,2}?)?"
    r"(?=(?:within|up\s+to)\s)",
    ICASE,
)


# "the pharmacies topic, keyed by pharmacy_id": a participle after "topic" says how its rows are
# keyed, it never names the topic.
PARTICIPLE_NOT_NAME = r"(?![A-Za-z]+ed\s+(?:by|on)\b)"
# What may follow a topic named before the word "topic": no second name.
_NO_NAME_AFTER = (
    rf"(?!\s+(?!(?:on|and|by|with|for|to|then|taking|adding|using|matching)\b){PARTICIPLE_NOT_NAME}"
    r"[\w'\"`])"
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
    from .sources import description_word  # (sources reads the joins' results, not this module)

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


TABLE_TOPIC = [
    re.compile(
        # ("the compacted roster topic players.roster": what its rows are, between; "the
        # compacted product catalogue topic x": up to three plain words after "compacted")
        r"\b(?:(?:compacted|changelog)\s+(?:(?!kafka\s)(?!(?:and|or|with|from|on|of|in|to|for|by"
        r"|then|the|a|an)\s)[a-z]+\s+){0,3}|(?:table|ktable)\s+(?:(?!kafka\s)[a-z]+\s+)?)"
        # (never a dash: "compacted topic — ward.beds —", see the next)
        rf"(?:kafka\s+)?topic\s+{PARTICIPLE_NOT_NAME}(?![-\u2013\u2014]+\s)(?P<t>{NAME})",
        ICASE,
    ),
    # "The franchise list is a compacted topic, escape.franchise-locations, keyed by ...": the
    # name set off by a comma or a dash after "topic" (one only a topic has)
    re.compile(
        r"\b(?:compacted|changelog)\s+(?:kafka\s+)?topic\s*(?:,|\s[-\u2013\u2014])\s*"
        rf"(?P<t>{NAMED_TOPIC})",
        ICASE,
    ),
    # "from our compacted pharmacies topic indexed by pharmacy_id": the name before "topic"
    re.compile(
        rf"\b(?:compacted|changelog)\s+(?P<t>{NAME})\s+(?:kafka\s+)?topic\b{_NO_NAME_AFTER}",
        ICASE,
    ),
    # "topic fx-rates-compacted (compacted)"
    re.compile(
        rf"\b(?:kafka\s+)?topic\s+(?P<t>{NAME})\s*\(\s*(?:a\s+|log[\s-]+)?(?:compacted|changelog)"
        r"(?:\s+topic)?\s*\)",
        ICASE,
    ),
    # "topic glass.customers (compacted, keyed by customer_id)": the key read after it (see
    # PAREN_KEY)
    re.compile(
        rf"\b(?:kafka\s+)?topic\s+(?P<t>{NAME})(?=\s*\(\s*(?:log[\s-]+)?(?:compacted|changelog)"
        r"(?:\s*[,;]\s*|\s+)(?:keyed|indexed|key)\b)",
        ICASE,
    ),
    # "the customers KTable (topic customers-compacted)"
    re.compile(
        r"\b(?:k?table|changelog)\s*\(\s*(?:the\s+)?(?:compacted\s+|changelog\s+)?(?:kafka\s+)?topic\s+"
        rf"(?P<t>{NAME})\s*\)",
        ICASE,
    ),
    re.compile(
        rf"\b(?:the\s+)?(?P<t>{NAME})\s+(?:compacted|changelog)\s+(?:kafka\s+)?topic\b", ICASE
    ),
    # "x join table depot.cranes on crane_id (a, b)": the terse "join table", then a name only a
    # topic has
    re.compile(r"\bjoin\s+(?:the\s+)?k?table\s+(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)", ICASE),
    # "x join compacted glass.suppliers on supplier_id", "x + compacted table ski.skipasses":
    # "compacted" right before a name only a topic has, the word "topic" left out (after a
    # join's word only: "write to compacted x.y" is no join)
    re.compile(
        r"(?:(?<=\bjoin\s)|(?<=\band\s)|(?<=\bwith\s)|(?<=\bjoin\sthe\s)|(?<=\bwith\sthe\s))"
        r"(?:compacted|changelog)\s+(?:k?table\s+)?(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)"
        r"(?![\w-]|\.\w)",
        ICASE,
    ),
    re.compile(
        rf"\blatest\b[^,;\x00]{{0,80}}?\b(?:from|in|of)\s+(?:the\s+)?(?:kafka\s+)?topic\s+"
        # "write the latest balance of each account from topic balances to Redis ...": the
        # source of a sink clause, no join
        rf"(?P<t>{NAME})(?![^\s,;])(?!\s+(?:to|into|in)\s+(?:a\s+|the\s+)?(?:redis|clickhouse)\b)",
        ICASE,
    ),
]


# "... for the same crown_id": the join's key, said as what both records share (a snake_case
# field, so "for the same reason" is never a key; never before the side's topic: "the profile
# update for the same user_id from topic profile-updates" is read whole)
# ("the checkout on x with the same item_barcode": "with" too, after the side is named)
# ("with the same passenger_id at most 30 minutes before ...": a bound after it)
SAME_KEY = (
    # ("the booking on x that has the same booking_id", "... sharing the same lot_id")
    rf"{SAME_KEY_WORD}(?=\s+the\s+same\s+[a-z]\w*_\w+\b"
    r"(?!\s+(?:from|on|in)\b|\s+at\b(?!\s+most\b)))"
)
# "its packing scan from x (same unit_serial, packed up to 4 hours after ...)": the key said in
# parentheses after the side, "same" first
PAREN_SAME_KEY = r"(?<=\()\s*same(?=\s+[a-z]\w*_\w+\s*[,)])"
RIGHT_PHRASE_END = re.compile(
    # (never "the batch weighing on glass.batch_weighings": where its records are, a name that
    # can only be a topic, never a key like orders.customer_id)
    r"\s+on\b(?!\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?[A-Za-z0-9]\w*(?:[.-]\w+)+"
    r"(?!\s*(?:=|==))(?<!_id)\b)"
    r"|\s+(?:using|by|within|where|keyed|when|if|up\s+to|at\s+most|no\s+more\s+than"
    r"|no\s+later\s+than)\b|[,;]|\.(?=\s|$)"
    # ("with the QC scan on lab.qc_scans for the same crown_id": the key)
    rf"|\s+(?={SAME_KEY})|\s*\((?={PAREN_SAME_KEY})"
    # ("with the driver's location pings from 30 seconds before to ...": the bound's range)
    rf"|\s+(?=(?:from|between)\s+{DUR}\s+(?:before|after|earlier|later)\b)"
    # ("with the matching driver acceptance from x": an adjective of the right side)
    r"|(?<!\bthe)(?<!\bits)(?<!\btheir)(?<!\ba)\s+matching\b",
    ICASE,
)


# Which way a bound goes; "late"/"early" as in "up to 1 hour late".
_DIR = r"(?:before|after|earlier|later|late|early)"
# Both ways said: "5 minutes before or after", "either side".
_BOTH = (
    r"(?:\s+(?:(?:before|earlier)\s+(?:or|and)\s+(?:after|later)|(?:after|later)\s+(?:or|and)\s+"
    r"(?:before|earlier)|either\s+(?:way|side)|on\s+either\s+side|in\s+either\s+direction|apart))"
)
# Both ways said after the bound's clause: "within 2 seconds of it, either side", "within 24
# hours of the match, before or after (clocks drift)".
_BOTH_AFTER = (
    r"\s*,\s*(?:on\s+)?(?:either\s+(?:side|way)|(?:before|earlier)\s+(?:or|and)\s+(?:after|later)"
    r"|(?:after|later)\s+(?:or|and)\s+(?:before|earlier))\b(?=\s*[,;.(]|\s*$)"
)
EITHER_WAY_AFTER = re.compile(_BOTH_AFTER, ICASE)
# The second end of an asymmetric bound, its own limit word said or not: "up to 2 hours before
# or 15 minutes after", "... before the check-in or at most 15 min after", "... or within 5
# minutes after it"
_SECOND_LIMIT = (
    r"(?:(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than|within"
    r"|max(?:imum)?(?:\s+of)?)\s+)?"
)
# The reference said after the first end, before the second ("up to 2 hours before the check-in
# or at most 15 min after"): read as the bound's reference (`_range_ref`)
_MID_REF = (
    r"(?:\s+(?:the|its|their|each|an?)\s+(?P<mref>[a-z][\w-]*)(?:\s+(?!(?:and|or)\b)[a-z][\w-]*)?"
    rf"(?=\s+(?:and|or)\s+{_SECOND_LIMIT}{DUR}\s+{_DIR}))?"
)
_SECOND_END = rf"(?:\s+(?:and|or)\s+{_SECOND_LIMIT}(?P<b>{DUR})\s+(?P<bdir>{_DIR}))?"
# "within the hour before the inspection": the span's unit alone after "the" (one of it), only
# with a direction said (a bare "within the hour" may mean the clock hour)
_THE_UNIT = r"(?:(?<=the\s)|(?<=last\s)|(?<=past\s))(?:second|minute|hour|day|week)(?![\w-])"
WITHIN = re.compile(
    # (the bound with no "within": ", 10 minutes either way", "(+/- 10 min)", "(±10 min)")
    rf"(?:\bwithin\s+|\b(?:in|during)\s+(?=the\s+(?:(?:last|past)\s+)?(?:{DUR}|{_THE_UNIT})\s+{_DIR}\b)"
    rf"|(?<=,)\s*(?={BARE_BOTH_WAYS})"
    r"|(?<=\()\s*(?=(?:±|\+/-|plus\s+or\s+minus)\s*\d))"
    # ("within the five minutes after the start": a direction said)
    rf"(?:a\s+|an\s+|the\s+(?:(?:last|past)\s+)?(?=(?:{DUR}|{_THE_UNIT})\s+{_DIR}\b))?"
    r"(?:window\s+of\s+)?"
    rf"(?:±\s*|\+/-\s*|plus\s+or\s+minus\s+)?"
    rf"(?P<a>{DUR}|{_THE_UNIT})(?:\s+(?:window|of\s+each\s+other|either\s+way|apart"
    rf"|of\s+(?:each|every|the|its|their)\s+[A-Za-z][\w-]*|of\s+it\b)|{_BOTH}"
    # "within 30 seconds either side of the door event"
    r"(?:\s+of\s+(?:each|every|the|its|their)\s+[A-Za-z][\w-]*"
    r"(?:\s+(?:event|record|message|reading|ping|fix|scan|row)s?)?)?)?"
    # "within 1 hour of the send (before or after, ...)": both ways, said in parentheses
    r"(?P<both>\s*\(\s*(?:(?:before|earlier)\s+(?:or|and)\s+(?:after|later)|(?:after|later)\s+"
    r"(?:or|and)\s+(?:before|earlier)|either\s+way)\b(?:\s*\))?"
    # "within 2 seconds of it, either side"
    rf"|{_BOTH_AFTER})?(?:\s+(?P<adir>{_DIR}){_MID_REF})?{_SECOND_END}",
    ICASE,
)


# Which records a join keeps. (how, pattern); a group "x" is the right side's noun, which must
# name the joined stream or table ("keep orders even if there is no payment" joined with
# payments) or a match, so "drop records without an email" stays a filter.
_NO = (
    r"(?:without|with\s+no|that\s+(?:have|has)\s+no|having\s+no|lacking"
    # "Keep goals that got no review too", "... that never received a review"
    r"|(?:that|which)\s+(?:got|get|gets|received|receive|receives|found|find|finds)\s+no"
    r"|(?:that|which)\s+(?:never|did\s+not|didn't|do\s+not|don't|does\s+not|doesn't)\s+"
    # (an article after: "orders that never got paid" is a participle, see below)
    r"(?:got|get|have|had|receive|received|find|found)(?=\s+(?:an?|any)\s))\s+(?:an?\s+|any\s+)?"
)
_X = (
    # ("with no drop-off": a dashed noun, its first word checked against the join)
    r"(?:matching\s+|known\s+|corresponding\s+)?(?P<x>[a-z]+(?:-[a-z]+)?)"
    # ("frames without a lamp reading": the joined stream's word, then its records' noun)
    r"(?:\s+(?:rows?|records?|entry|match|readings?|events?|messages?|scans?))?"
)
_TOO = r"(?:\s+(?:too|as\s+well))?"
# Where a sentence or clause ends ("... come through. Just print ..."; never a dot in a name)
SENTENCE_STOP = re.compile(r"[;!?\n]|\.(?!\w)")
# "is not in the registry", "aren't in that table", "isn't in it": absent from the table (y: the
# table's noun, or a word pointing back at the table joined, both checked against the join)
_NOT_IN_TABLE = (
    r"(?:(?:are|is|were|was)\s+not|aren't|isn't|weren't|wasn't)\s+(?:in|on)\s+"
    r"(?:(?:the|that|this)\s+)?(?P<y>[a-z]+)"
)
# The words that say the joined table without its name: "not in the table", "isn't in it"
_TABLE_BACK = frozenset(["table", "it"])
# "go out", "pass through": a record reaching the output
# "records whose customer is unknown", "positions whose player is not on the roster": a record
# without its joined row (x: the row's noun, y: the table's, both checked against the join)
_WHOSE_UNMATCHED = (
    r"[a-z]+\s+(?:whose|where\s+the)\s+(?P<x>[a-z]+)\s+(?:(?:is|are|was|were)\s+(?:unknown|missing"
    r"|not\s+(?:known|found))|(?:isn't|aren't|wasn't|weren't)\s+(?:known|found)"
    rf"|{_NOT_IN_TABLE})"
)
# "sales for unknown stands", "rides with a missing scooter": records whose joined key is unknown
_FOR_UNKNOWN = (
    r"[a-z]+\s+(?:for|with|from|of|at|on)\s+(?:an?\s+|the\s+)?(?:(?:unknown|missing|unmatched"
    r"|unlisted)\s+(?P<x3>[a-z]+)"
    # "appointments for artists we do not know about": the same, said as a clause
    r"|(?P<x4>[a-z]+)\s+(?:that\s+|which\s+)?(?:we|you)\s+(?:do\s+not|don't|did\s+not|didn't)"
    r"\s+know(?:\s+about|\s+of)?"
    # "pings for vehicles that are not in the registry": the key's records, absent from the
    # table (y: the table's noun, checked against the join)
    rf"|(?P<x5>[a-z]+)\s+(?:that|which)\s+{_NOT_IN_TABLE})"
)
# "... should be dropped", "... are to be discarded": a record dropped, said in the passive
_BE_DROPPED = (
    r"(?:(?:should|must|will|shall|can|are\s+to|is\s+to|need\s+to|have\s+to)\s+)?"
    r"(?:(?:just|simply)\s+)?(?:be|get|are|is)"
    r"\s+(?:dropped|discarded|skipped|ignored|excluded|filtered\s+out|thrown\s+away|removed)\b"
)
_COME_OUT = (
    r"(?:(?:go|come|get|pass|flow)\s+(?:out|through)|(?:goes|comes|gets|passes|flows)\s+(?:out"
    r"|through)|appears?|show\s+up|(?:are|is)\s+(?:kept|emitted|written|output))"
)
# "... must still come out", "... are kept too": the unmatched records reaching the output
_STILL_OUT = (
    r"(?:(?:(?:must|should|need\s+to|have\s+to|will|can)\s+)?"
    r"still\s+(?:come\s+out|be\s+(?:kept|emitted|written|output|included)|appear|show\s+up"
    r"|go\s+through|flow\s+through|pass\s+through|come\s+through|get\s+through)"
    # "orders without a payment still comes out", "... are kept too": the present tense
    # "... so unbooked vehicles are not lost": kept, said as never lost
    r"|(?:(?:are|is)\s+(?:not|never)|aren't|isn't|(?:do|does)\s+not\s+get|don't\s+get|doesn't"
    r"\s+get|never\s+get)\s+lost"
    r"|still\s+(?:comes\s+out|appears|shows\s+up|goes\s+through|flows\s+through|passes"
    r"\s+through|comes\s+through|gets\s+through|flows?)|(?:(?:must|should|will|can|need\s+to"
    r"|have\s+to)\s+be|are|is|get|gets)\s+(?:still\s+)?(?:kept|emitted|written|output"
    r"|included)(?:\s+too|\s+as\s+well)?)"
)
# "that were never paid", "that never got shipped": the joined stream's event, as a participle
# (checked by `_participle_names`)
_NEVER_DONE = (
    r"(?:that|which)\s+(?:never\s+(?:got|get|were|was)|(?:were|was|are|is)\s+never|(?:weren't"
    r"|wasn't|aren't|isn't|didn't\s+get|did\s+not\s+get|don't\s+get|do\s+not\s+get))\s+"
    r"(?P<v>[a-z]+ed|paid|sold|sent|seen|bought|done)\b"
)
# "left join, so we also see units that never got packed": the unmatched records a left join
# keeps, said after it (the participle checked against the joined stream)
UNMATCHED_SEEN = re.compile(
    rf",?\s+so\s+(?:that\s+)?(?:we|i|you)\s+(?:also\s+|still\s+)?(?:see|get|keep)\s+"
    rf"(?:the\s+|all\s+)?[a-z]+\s+{_NEVER_DONE}{_TOO}"
    # "Left join (we want to see usages without a cycle too)": the records it keeps, in
    # parentheses, said without their match (w: the match's noun, checked against the join)
    r"|\s*\(\s*(?:we|i)\s+(?:want|need|would\s+like)\s+to\s+(?:also\s+)?(?:see|get|keep)\s+"
    rf"(?:the\s+|all\s+)?(?P<k>[a-z]+)\s+(?:without|with\s+no)\s+(?:an?\s+|any\s+)?(?P<w>[a-z]+)"
    rf"{_TOO}"
    r"\s*\)",
    ICASE,
)
# "do an interval join with ...", "a windowed join", "stream-table join with the compacted topic":
# the kind of join named before its verb; read only where a join of that kind was read (an
# "interval join" with a compacted topic stays unread)
JOIN_KIND_WORDS: dict[str, re.Pattern[str]] = {
    "interval": re.compile(
        r"\b(?:interval|windowed|time-bounded|time-windowed|stream-stream)[\s-]+(?=join|\x00)",
        ICASE,
    ),
    "table": re.compile(r"\b(?:stream-table|table|lookup)[\s-]+(?=join|\x00)", ICASE),
}
# "..., take py_number, boat_name, left": the bare word after a list item (one name alone between
# commas) may be the list's last item as much as the join's kind (see `extract_join_how`)
_LIST_ITEM_BEFORE = re.compile(r",\s*(?P<item>[^\s,;:]+)\s*,\s*$")
# A clause taking the join's fields next: ", add a and b", ", taking a"
_FIELDS_NEXT = r",\s*(?:add|adding|take|taking|copy|copying|grab|grabbing|pull|pulling)\s+[a-z_]"
JOIN_HOW: list[tuple[str, re.Pattern[str]]] = [
    ("left", re.compile(r"\bleft(?:[\s-]+outer)?(?=[\s-]+join(?:ed|s)?\b)", ICASE)),
    ("inner", re.compile(r"\binner(?=[\s-]+join(?:ed|s)?\b)", ICASE)),
    # "Join: x by k, landing 0-90 minutes after takeoff, inner": the bare word, a clause of
    # its own at the end of the join's clauses (read only where a join's right side is named)
    # ("... on supplier_id, left, add supplier_name": or before the clause of its fields)
    ("inner", re.compile(rf"(?<=,)\s*\binner\b(?=\s*(?:[;.](?!\w)|$|{_FIELDS_NEXT}))", ICASE)),
    ("left", re.compile(rf"(?<=,)\s*\bleft\b(?=\s*(?:[;.](?!\w)|$|{_FIELDS_NEXT}))", ICASE)),
    # "..., label printed at most 30 days before the sale (inner), ...": the bare word in
    # parentheses after the join's clauses
    ("inner", re.compile(r"(?<=\()\s*\binner\b(?=\s*\))", ICASE)),
    ("left", re.compile(r"(?<=\()\s*\bleft\b(?=\s*\))", ICASE)),
    (
        "left",
        re.compile(
            r"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+)?(?:the\s+|all\s+)?(?:unmatched\s+"
            r"[a-z]+|[a-z]+\s+(?:that\s+(?:are|were)\s+)?unmatched)\b",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+(?:"
            r"(?:if|when)\s+(?:there\s+(?:is|are|was)\s+|there's\s+|they\s+(?:have|find)\s+"
            r"|it\s+has\s+)?"
            # "keep clicks even without a profile"
            rf"no\s+|without\s+(?:an?\s+|any\s+)?){_X}\b"
            # "Keep returns even when no checkout is found": the match looked for, said passive
            rf"(?:\s+(?:is|are|was|were|gets?|got)\s+(?:found|matched|seen|received))?{_TOO}"
            # "keep orders even if the customer is unknown"
            r"|(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+(?:if|when)\s+"
            r"(?:the|its|their)\s+(?P<x2>[a-z]+)\s+(?:(?:is|are|was|were)\s+(?:unknown|missing"
            r"|not\s+(?:known|found))"
            # "keep the bag even if the batch isn't there yet": the joined row not there (yet)
            # ("... even when the member isn't in that table yet": the table pointed back at)
            r"|(?:(?:is|are)\s+not|isn't|aren't)\s+(?:there|in\s+(?:that|the|this)\s+(?:table"
            r"|topic|list|lookup)|in\s+it)(?:\s+yet)?"
            r"|(?:has|have)(?:\s+not|n't)\s+(?:arrived|come\s+in|shown\s+up)(?:\s+yet)?)\b"
            # "keep the boarding even if nothing matches": no match at all, the joined side unnamed
            r"|(?:\b(?:keep\w*|includ\w*|emit\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?\beven\s+(?:if|when)\s+"
            r"(?:nothing|none)\s+(?:matches|match|is\s+found|was\s+found|turns\s+up)\b",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            # ("Keep also the pings without any visit", "... the door events without ...";
            # "keep only orders without a payment": the anti-join, refused when read)
            rf"\b(?:keep\w*|includ\w*|emit\w*)\s+(?:also\s+|only\s+|just\s+)?(?:the\s+|all\s+)?[a-z]+"
            rf"(?:\s+(?:events|records|rows|messages|readings))?\s+{_NO}{_X}\b{_TOO}",
            ICASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"\b(?:(?:keep\w*|includ\w*|emit\w*)\s+)?(?:the\s+|all\s+)?[a-z]+\s+with\s+or\s+"
            rf"without\s+(?:an?\s+|any\s+)?{_X}\b{_TOO}",
            ICASE,
        ),
    ),
    (
        # "Impressions that never got a click must still come out": the unmatched kept
        "left",
        re.compile(
            r"\b[a-z]+\s+(?:(?:that|which|who)\s+(?:never|don't|do\s+not|didn't|did\s+not)\s+"
            r"(?:get|got|have|had|receive|received|see|saw|find|found)\s+(?:an?\s+|any\s+)?"
            # "admissions that get no discharge in that time must still come out"
            r"|(?:that|which|who)\s+(?:get|gets|got|have|has|had|receive|receives|received|find"
            r"|finds|found)\s+no\s+"
            # "impressions without a click must still come out"
            rf"|{_NO})"
            # ("check-ins with no booking found should still come through")
            rf"{_X}(?:\s+at\s+all)?(?:\s+(?:found|matched|on\s+file))?"
            r"(?:\s+(?:in|within)\s+(?:that|the|this)\s+(?:time|window"
            rf"|period|interval|bound))?\s+{_STILL_OUT}\b"
            # "... should still come through with empty handling fields": the joined side's
            # fields left empty, which is what a left join does
            r"(?:\s+with\s+(?:empty|null|blank|missing)\s+(?P=x)\s+(?:fields|columns|values)"
            # "..., with the discharge fields empty"
            r"|,?\s+with\s+(?:the\s+|their\s+|its\s+)?(?P=x)\s+(?:fields|columns|values)\s+"
            r"(?:left\s+)?(?:empty|null|blank|missing))?"
            # "..., because those are exactly the long stays we care about": why the unmatched
            # records are kept, which the left join does
            r"(?:,?\s+because\s+(?:those|these|they)\s+are\s+(?:exactly\s+|precisely\s+)?(?:the\s+)?"
            r"[a-z][a-z\s-]{0,40}?\s+(?:we|i)\s+(?:care\s+about|want|need|are\s+after)\b)?",
            ICASE,
        ),
    ),
    (
        # "keeping orders that never got paid", "keep clicks that were never matched": the
        # participle must say the joined stream's event (see `_participle_names`)
        "left",
        re.compile(
            rf"\b(?:keep\w*|includ\w*|emit\w*"
            # "Left join - we want to see bags that never got tested too"
            r"|(?:(?:we|i)\s+)?(?:want|need)\s+to\s+see)"
            rf"\s+(?:also\s+)?(?:the\s+|all\s+)?[a-z]+\s+{_NEVER_DONE}{_TOO}",
            ICASE,
        ),
    ),
    (
        # "(a left join) so bookings that were never paid still come out": the same, passive
        "left",
        re.compile(rf"\b[a-z]+\s+{_NEVER_DONE}\s+{_STILL_OUT}\b", ICASE),
    ),
    (
        # "left join so unpaid claims still flow": the joined stream's event, an un- participle
        # (checked by `_participle_names`: "unshipped orders" joined with payments is refused)
        "left",
        re.compile(
            rf"\b(?:so\s+(?:that\s+)?)?un(?P<v>[a-z]+ed|paid|sold|sent|seen)\s+[a-z]+\s+{_STILL_OUT}\b",
            ICASE,
        ),
    ),
    (
        # "(inner join, no match = no row)": the unmatched records dropped, said as an equation
        "inner",
        re.compile(
            r"\bno\s+match(?:es)?\s*(?:=|->|\u2192|means)\s*no\s+(?:rows?|records?|output|results?)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            # ("only keep check-ins whose member is known": a hyphenated noun too)
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+)?(?:the\s+)?[a-z]+(?:-[a-z]+)?\s+"
            r"(?:whose|where\s+the)\s+"
            r"(?P<x>[a-z]+)\s+(?:is|are)\s+(?:known|found|present)\b",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            # ("Only keep records that actually have a broodstock row")
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:keep\w*\s+|emit\w*\s+)?(?:the\s+)?"
            r"(?:matched\s+[a-z]+|[a-z]+\s+(?:with|that\s+(?:(?:actually|really|do)\s+)?(?:have|has)"
            r"|having)\s+(?:an?\s+)?(?:(?:matching|known|corresponding)"
            # "only sessions that have a registry entry": the joined table's noun, then a row noun
            r"\s+(?P<x>[a-z]+)(?:\s+(?:rows?|records?|entry))?|(?P<x3>[a-z]+)\s+(?:rows?|records?"
            # "Only records with a match": the join's match, no noun
            r"|entry|entries|match|matches)|match(?:es)?))\b"
            # "Only matched pairs are useful to us"
            r"(?:\s+(?:are|is)\s+(?:useful|needed|wanted|relevant)(?:\s+(?:to|for)\s+(?:us|me))?\b)?",
            ICASE,
        ),
    ),
    (
        "inner",
        re.compile(
            r"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"(?:unmatched\s+[a-z]+|[a-z]+\s+{_NO}{_X})\b",
            ICASE,
        ),
    ),
    (
        # "Only keep views where the user exists", "keep only orders whose customer exists"
        "inner",
        re.compile(
            r"\b(?:only\s+keep\w*|keep\w*\s+only|only)\s+(?:the\s+)?[a-z]+\s+(?:whose|where\s+the"
            r"|for\s+which\s+the)\s+(?P<x>[a-z]+)\s+(?:exists?|is\s+(?:known|found|present|matched)"
            r"|has\s+a\s+match|can\s+be\s+found)\b",
            ICASE,
        ),
    ),
    (
        # "Claims with no matching patient should be dropped", "orders without a customer row
        # are to be discarded": the unmatched dropped, said in the passive
        "inner",
        re.compile(
            rf"\b(?:the\s+|any\s+|all\s+)?(?:unmatched\s+[a-z]+|[a-z]+\s+{_NO}{_X})\s+{_BE_DROPPED}",
            ICASE,
        ),
    ),
    (
        # "Inner join: only departures that found their arrival go out", "only orders that got
        # a payment are kept": the matched records only
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:the\s+)?[a-z]+\s+(?:that|which)\s+(?:found"
            r"|find|get|got|have|had)\s+(?:their|its|an?|the)\s+(?:matching\s+)?(?P<x>[a-z]+)"
            rf"(?:\s+{_COME_OUT})?\b",
            ICASE,
        ),
    ),
    (
        # "Only tasks for rooms that exist in that table", "only scans of cards that exist"
        "inner",
        re.compile(
            r"\b(?:keep\w*\s+|emit\w*\s+)?only\s+(?:the\s+)?[a-z]+\s+(?:for|of|on|with)\s+"
            r"(?:the\s+)?(?P<x>[a-z]+)\s+(?:that|which)\s+(?:exists?|are\s+known)(?:\s+in\s+(?:that"
            r"|the|this)\s+(?:table|topic))?\b",
            ICASE,
        ),
    ),
    (
        # "listings whose agent is unknown must still pass through": the unmatched kept
        "left",
        re.compile(
            r"\b[a-z]+\s+(?:whose|where\s+the)\s+(?P<x>[a-z]+)\s+(?:(?:is|are|was|were)\s+(?:unknown"
            r"|missing|not\s+(?:known|found))"
            # "bookings whose tutor has no profile yet should still pass through"
            r"|(?:has|have|had)\s+no\s+[a-z]+(?:\s+yet)?)"
            r"\s+(?:(?:must|should|need\s+to|have\s+to|will|can)\s+)?"
            rf"still\s+(?:{_COME_OUT}|be\s+(?:kept|emitted|written|output|included))\b"
            # "... with those fields empty": the joined side's fields, as a left join leaves them
            r"(?:\s+with\s+(?:those|these|the|its|their)\s+fields\s+(?:left\s+)?"
            r"(?:empty|null|blank)\b)?",
            ICASE,
        ),
    ),
    (
        # "drop views whose user is unknown" (the user joined from a table)
        "inner",
        re.compile(
            r"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"{_WHOSE_UNMATCHED}\b",
            ICASE,
        ),
    ),
    (
        # "Purchases whose item is not in the catalog should be dropped": the same, passive
        "inner",
        re.compile(rf"\b{_WHOSE_UNMATCHED}\s+{_BE_DROPPED}", ICASE),
    ),
    (
        # "Drop pings for vehicles that are not in the registry", "skip sales for unknown
        # stands": the records of an unknown key, dropped
        "inner",
        re.compile(
            rf"\b(?:drop\w*|skip\w*|discard\w*|ignor\w*|exclud\w*)\s+(?:the\s+|any\s+|all\s+)?"
            rf"{_FOR_UNKNOWN}\b",
            ICASE,
        ),
    ),
    (
        # "..., so sales for unknown stands are dropped": the records of an unknown key
        "inner",
        re.compile(rf"\b(?:so\s+(?:that\s+)?)?{_FOR_UNKNOWN}\s+{_BE_DROPPED}", ICASE),
    ),
    (
        # "rides for unknown scooters must still come out": the same, kept
        "left",
        re.compile(rf"\b(?:so\s+(?:that\s+)?)?{_FOR_UNKNOWN}\s+{_STILL_OUT}", ICASE),
    ),
]
# Words for the joined row whatever the table holds: "keep clicks even without a profile".
_MATCH_WORDS = frozenset(
    ["match", "matches", "counterpart", "counterparts", "profile", "lookup", "row", "record"]
)


UP_TO = re.compile(
    rf"\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    # "max 5 seconds apart"
    r"|max(?:imum)?(?:\s+of)?)\s+"
    rf"(?P<a>{DUR})(?P<both>{_BOTH})?(?:\s+(?P<adir>{_DIR})(?:\s+than)?{_MID_REF})?"
    rf"{_SECOND_END}",
    ICASE,
)


# An asymmetric bound as a range: "from 2 minutes before to 5 minutes after the assignment",
# "between 1 minute before and 10 minutes after"; both directions must be said.
_FROM_TO = (
    # ("from 30 minutes before up to 2 hours after the assignment")
    # ("from up to 1 hour before the incident to 10 minutes after it": the first end's limit
    # and its reference said inside the range)
    rf"\b(?:from|between)\s+(?:up\s+to\s+)?(?P<a>{DUR})\s+(?P<adir>{_DIR})"
    r"(?:\s+(?:the|its|their|each|an?)\s+(?P<mref>[a-z][\w-]*))?"
    rf"\s+(?:(?:up\s+)?(?:to|until|till)|and)\s+(?P<b>{DUR})\s+(?P<bdir>{_DIR})"
)
FROM_TO = re.compile(_FROM_TO, ICASE)


# The time bound said as its own clause after the join's: "..., clicks up to 10 minutes after the
# impression", "; a payment must arrive within 30 minutes after its order".
# "platform changes up to ...": a qualifier word may come before the noun
_BOUND_NOUN = (
    # ("the port out request comes ...": two words before the noun)
    r"(?:(?:an?|the|each|every|any)\s+)?(?:(?!(?:and|or|but|only|then)\s)[a-z][\w-]*\s+){0,2}?"
    r"(?P<noun>[a-z][\w-]*)\s+"
)
_BOUND_VERB = (
    r"(?:(?:counts|matches|qualifies|is\s+kept|is|are"
    # "the autoclave cycle must be at most 48 hours before the usage"
    r"|(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+be"
    # "A review belongs to a goal if it happens at most 3 minutes after the goal"
    r"|(?:belongs?|goes|go|counts|count|is\s+matched|are\s+matched|is\s+paired|are\s+paired)\s+"
    r"(?:to|with|for)\s+(?:an?|the|its|their|each)\s+[a-z][\w-]*)\s+)?"
    r"(?:(?:only\s+)?(?:if|when)\s+(?:it|they)\s+(?:is|are"
    r"|comes?|arrives?|happens?|occurs?|lands?)\s+)?"
    # ("the certificate has to be issued at most 48 hours before the shipment")
    r"(?:(?:that\s+|which\s+)?(?:(?:must|should|can|may|will|to|ha(?:s|ve|d)\s+to)\s+)?(?:be\s+)?"
    r"(?:arriv\w*|happen\w*|issued|sent|created|signed|published|granted|logged|registered|emitted"
    r"|occur\w*|com\w*|land\w*|follow\w*|count\w*|match\w*|seen|recorded|made|placed|lie|lies"
    r"|lying|fall|falls|falling"
    # ("label printed at most 30 days before the sale": any past participle, the noun's event)
    r"|(?!(?:and|or|but|only|then)\b)[a-z]{2,}ed|done|made|taken|written|given|paid|read|put|set)"
    r"\s+)?"
)
# Participles not ending in "-ed" that say a record's event ("after the ring was built")
IRREGULAR_PARTICIPLES = sorted(
    word_set("""made done sent paid taken written given built begun brought bought caught chosen
    driven drawn found flown frozen held laid left lost put read run seen set shown sold spun
    thrown torn won worn broken"""),
    key=lambda w: (-len(w), w),  # (the longest first, in one order every run)
)
_REF = (
    r"\s+(?:(?:the|its|their|each|an?)\s+)?(?!(?:into|to|and|then|in|on|with|from|print|write|send"
    # ("... within 1 hour taking fare": the fields to copy, never the bound's reference)
    r"|for|of|or|but|taking|take|adding|add|copying|copy|grabbing|grab|fetching|attaching"
    r"|bringing|pulling|keeping)\b)(?P<ref>[a-z][\w-]*)"
    # "after the login attempt": a second word of the noun, ending the clause
    # ("before the boarding scan (never after it)": the one-sided bound said again after it)
    r"(?:\s+(?!(?:into|to|and|then|in|on|with|from|for|of|or|but)\b)[a-z][\w-]*(?=\s*(?:[,;.(]|$)))?"
    # "after the order is placed": the record's event, said in the passive, ending the clause
    # ("after the ring was built": an irregular participle too, IRREGULAR_PARTICIPLES)
    rf"(?:\s+(?:is|are|was|were|gets|got)\s+(?:[a-z]{{2,}}ed|{'|'.join(IRREGULAR_PARTICIPLES)})"
    r"(?=\s*(?:[,;.(]|$)))?"
)
NEXT_BOUND = re.compile(
    # ("..., matching a moisture reading that comes up to 30 minutes after the irrigation")
    # (", with the arrival at most 6 hours after the request")
    # ("ON sample_id (0 to 6h after)": the bound alone in parentheses after the key)
    rf"\s*(?:[,;:.?!]|(?P<paren>\())\s*(?:and\s+)?(?:only\s+)?(?:(?:matching|taking|with)\s+)?"
    # ", pairing a booking with usage logs that lie within 15 minutes either side of it"
    r"(?:(?:matching|pairing)\s+(?:it|them|(?:an?|each|every|the)\s+[a-z][\w-]*)\s+with\s+)?"
    # "..., where the gate assignment arrived up to 2 hours before the scan"
    rf"(?:(?:where|when)\s+(?=(?:an?|the|each|every|any)\s))?"
    rf"(?:{_BOUND_NOUN}{_BOUND_VERB})?(?:only\s+)?"
    # ("taking the arrival from within the hour before the inspection")
    r"(?:from\s+(?=within\s|up\s+to\s))?"
    rf"(?P<bound>(?:within|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+later\s+than"
    r"|max(?:imum)?(?:\s+of)?"
    # "..., where the departure happened in the 2 hours before the scan": a direction is said
    # (", buffing done within the 6 hours before the cure": the same, with "within")
    rf"|(?:in|during|within)\s+the(?=\s+(?:{DUR}|{_THE_UNIT})\s+(?:before|after)\s)"
    # "..., landing 0-90 minutes after takeoff": from none up to (a range from more than zero
    # is a gap the spec cannot say, left unread)
    r"|(?:between\s+)?(?:0|zero)(?:\s*[-\u2013]|\s+(?:to|and))"
    # "- window: 10 minutes either side": a runbook's label, a direction or both ways said
    rf"|(?:time\s+)?(?:window|bound)\s*:(?=\s*{DUR}(?:{_BOTH}|\s+{_DIR}\b)))"
    rf"(?:\s+|(?<=[-\u2013]))(?P<a>{DUR}|{_THE_UNIT})(?P<both>{_BOTH})?"
    rf"(?:\s+(?P<adir>{_DIR})(?:\s+than)?)?"
    # ("; the payment can be up to 3 hours before the game ends or up to 30 min after": the
    # reference said after the first direction)
    rf"{_MID_REF}{_SECOND_END})(?:\s+of)?(?:{_REF})?(?(paren)\s*\))",
    ICASE,
)
# The bound said with a modal verb and no bound word: "..., the visit can be 30 minutes before or
# after the ping", "; the payment may come 10 minutes after the order" (a direction is said)
NEXT_BARE_BOUND = re.compile(
    rf"\s*[,;:.?!]\s*(?:and\s+)?(?:(?:where|when)\s+)?{_BOUND_NOUN}"
    r"(?:can|may|could|might|should|must|will)\s+(?:be|come|arrive|happen|occur|land)\s+"
    rf"(?P<bound>(?P<a>{DUR})(?:(?P<both>{_BOTH})|\s+(?P<adir>{_DIR})(?:\s+than)?"
    rf"{_SECOND_END}))"
    rf"(?:\s+of)?(?:{_REF})?",
    ICASE,
)
# The noun naming a side right before a bound ("payments up to ...", "orders within ...") and the
# one after it ("... after the order").
# "..., matching pings from 2 minutes before to 5 minutes after the assignment"
NEXT_FROM_TO = re.compile(
    rf"\s*[,;:.?!]\s*(?:and\s+)?(?:only\s+)?(?:{_BOUND_NOUN}{_BOUND_VERB})?{_FROM_TO}"
    rf"(?:\s+of)?(?:{_REF})?",
    ICASE,
)
BOUND_SUBJECT = re.compile(
    r"(?:^|\s)(?:(?:where|when|if|once|allowing|allows?|matching|matched|pairing|paired|joining|correlating"
    r"|counting|including|with)\s+)?"
    rf"{_BOUND_NOUN}{_BOUND_VERB}(?:only\s+)?$",
    ICASE,
)
BOUND_REF = re.compile(_REF, ICASE)
# Nouns that name any record: "the door event" is the door stream's records, so the word
# before one must name a joined stream ("the premium event" would select records).
_PLAIN_BOUND_NOUNS = word_set("event record message reading ping fix scan row entry")
# The records a bound is said against, as a word and a plain noun: "within 30 seconds either
# side of the door event" (door); checked by `_bound_nouns_name_records`.
_BOUND_OF_NOUN = re.compile(
    r"\b(?:of|before|after|than)\s+(?:each|every|the|its|their|an?)\s+(?P<n>[a-z][\w-]*)\s+"
    r"(?:event|record|message|reading|ping|fix|scan|row|entry|entries)s?\b",
    ICASE,
)
# A bound said before the join, as a sentence of its own: "A payment always comes after the
# approval, at most 48 hours later."
_PRIOR_NOUN = (
    r"(?:^|(?<=[.;!?]\s))(?:an?|the|each|every)\s+(?P<noun>[a-z][\w-]*)\s+(?:always\s+|only\s+"
    r"|usually\s+|normally\s+)?(?:comes?|arrives?|happens?|follows?|lands?|is\s+\w+ed)\s+"
)
_PRIOR_UP_TO = r"(?:at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|within)\s+"
PRIOR_BOUND = [
    re.compile(
        rf"{_PRIOR_NOUN}(?P<dir>before|after)\s+(?:the|its|their|an?)\s+(?P<ref>[a-z][\w-]*)"
        rf"\s*,\s*{_PRIOR_UP_TO}(?P<a>{DUR})(?:\s+(?P<adir>{_DIR}))?(?=\s*(?:[.;]|$))",
        ICASE,
    ),
    # "A payment comes at most 48 hours after the approval."
    re.compile(
        rf"{_PRIOR_NOUN}{_PRIOR_UP_TO}(?P<a>{DUR})\s+(?P<dir>before|after)\s+(?:the|its|their|an?)\s+"
        r"(?P<ref>[a-z][\w-]*)(?P<adir>)(?=\s*(?:[.;]|$))",
        ICASE,
    ),
]
# "... after the access (never before it)", ", but not earlier": a one-sided bound said again
ONE_SIDED = re.compile(
    rf"\s*(?:\(\s*|,\s*|\s+(?:and|but)\s+|[\u2013\u2014-]\s*)?(?:and\s+|but\s+)?"
    # "(a payment never comes before the booking)": the joined record, said with its verb
    r"(?:(?:an?\s+|the\s+)?(?P<subj>[a-z]+)\s+(?=never\s))?(?:(?:never|not)\s+"
    r"(?:(?:comes?|arrives?|happens?|lands?|occurs?)\s+)?"
    # "(nothing before it counts)", "(nothing after)", ", none after": what does not match,
    # said as "nothing" or "none", a verb after it or the clause ending
    r"|(?P<nothing>nothing|none)\s+)"
    rf"(?P<d>{_DIR})(?:\s+than)?(?:\s+(?:(?:the|its|their)\s+[a-z]+|it|that|this)\b)?"
    r"(?(nothing)(?:\s+(?:counts|matches|qualifies|is\s+matched|is\s+kept|is\s+used))?"
    r"(?=\s*(?:[),;.\u2013\u2014]|-\s|$)))\s*\)?",
    ICASE,
)


# A bound as a range from none, in the join's clause: "ON sample_id (0 to 6h after)", "0-90
# minutes after" (a range from more than zero is a gap the spec cannot say, left unread)
FROM_ZERO = re.compile(
    rf"\b(?:between\s+)?(?:0|zero)(?:\s*[-\u2013]\s*|\s+(?:to|and)\s+)(?P<a>{DUR})\s+"
    rf"(?P<adir>{_DIR})\b(?P<b>)(?P<bdir>)(?P<both>)",
    ICASE,
)


# The word before a join's other side: "join x with y", "match x to y", "join x against y"
# (never a bound's "to": "from 30 minutes before up to 2 hours after", "(0 to 6h after)")
JOINED_WITH = re.compile(
    rf"\b(?:with|(?<!\bup\s)(?<!\bbefore\s)(?<!\bafter\s)to(?!\s+{DUR})"
    # (nor the purpose's "to": "join ... on lock_id to add lock_name")
    r"(?!\s+(?:add|get|pull|fetch|attach|bring|pick|copy|take|grab|include|enrich)\b)|against)\s+",
    ICASE,
)


# "Join X from topic a with timestamps in UTC with Y from topic b": a second "with" naming a
# stream (a topic, the latest value), no key or bound between them (`_refuse_with_before_with`)
SECOND_WITH = re.compile(r"\bwith\s+(?![^,;\x00]{0,12}?\d)", ICASE)
_STREAM_SAID = re.compile(r"\btopic\b|\b(?:latest|current|newest)\b|\w[-.]\w", ICASE)
_KEY_OR_BOUND = re.compile(r"\b(?:on|within|by|using|where)\b|[,;(\x00]", ICASE)


def _joined_with(s: str, at: int, end: int) -> re.Match[str] | None:
    """The "with" starting a join's other side after its verb (at `at`), or None when the
    verb's object names the other records and their "with" says the key ("join the vibration
    reading on plant.vibration with the same pump_id", see `JOIN_RECORDS_OBJECT`)."""
    if JOIN_RECORDS_OBJECT.match(s, at):
        return None
    return JOINED_WITH.search(s, at, end)


def _refuse_words_before_with(s: str, text: str, at: int, after: int, end: int) -> None:
    """The words between a first "with" (`at`..`after` in the masked `s`) and a second one
    that names the other side (a topic, the latest value) before `end`: "join topic trades
    with amounts in EUR with the latest rate ...", "(topic web-orders with the email masked)
    with the compacted topic customers". They would be masked with the join and dropped;
    refused, quoting them, unless they say a key, a bound or a stream themselves."""
    second = SECOND_WITH.search(s, after, end)
    if second is None:
        return
    between = s[after : second.start()]
    if _STREAM_SAID.search(between) or _KEY_OR_BOUND.search(between):
        return
    if not _STREAM_SAID.search(s, second.end(), end):
        return
    said = " ".join(text[at : second.start()].split()).rstrip(" )")
    word = _with_word(text, at)
    raise RequestNotUnderstood(
        f"join: cannot read {said!r} before the other stream: it would be read as the "
        f'stream joined with; say the other stream right after "{word}" (e.g. "join orders '
        'from topic orders with topic payments on order_id within 10 minutes")'
    )


def _with_word(text: str, at: int) -> str:
    """The word the request joined with at `at` ("with", "against", "to"), as written."""
    m = re.match(r"\s*([A-Za-z]+)", text[at:])
    return m.group(1) if m else "with"


# "join with in euros the latest patient record from ...", "with for the EU only the
# profile-updates topic": a word opening a requirement right after the join's "with", where the
# other stream should be named (`_refuse_opener_after_with`)
OPENER_AFTER_WITH = re.compile(
    r"\s*(?:(?:in|for)\s+(?!the\s+(?:latest|newest|current)\b)(?=[a-z])(?!each\b|every\b)"
    r"|(?:except|unless|excluding|exclude|without|but|not|never|rounded|sorted|converted"
    r"|grouped|ignoring|ignore|skipping|during|between|while|when|where|if|as\s+an?)\b"
    r"|only\s+(?!(?:the\s+)?(?:latest|newest|current|most\s+recent)\b))",
    ICASE,
)
_STREAM_START = re.compile(
    r"\b(?:the\s+)?(?:latest|newest|current|compacted|topic)\b|\b\w+[-.]\w", ICASE
)


def _refuse_opener_after_with(s: str, text: str, at: int, after: int, end: int) -> None:
    """A requirement opened right after the join's "with" (`at`..`after`), before the other
    stream is named: "join with in euros the latest patient record from ...", "combine the
    clicks topic with for the EU only the profile-updates topic". The words would be masked
    with the join's and dropped; refused, quoting them."""
    if not OPENER_AFTER_WITH.match(s, after):
        return
    stream = _STREAM_START.search(s, after, end)
    stop = stream.start() if stream else end
    said = " ".join(text[at:stop].split()).rstrip(" ,;(")
    said = re.sub(r"\s+(?:the|a|an)$", "", said, flags=ICASE)
    word = _with_word(text, at)
    raise RequestNotUnderstood(
        f"join: cannot read {said!r} before the other stream: say the other stream right "
        f'after "{word}" and the rest as its own clause (e.g. "join orders from topic orders '
        'with topic payments on order_id within 10 minutes")'
    )


# Words after a bound that name no records ("within 10 minutes either side rounded down")
_NO_RECORDS_WORD = re.compile(
    r"[a-z]+(?:ed|ly)|inclusive|exclusive|either|both|only|max|min|maximum|minimum|tops?|each",
    ICASE,
)


# "the first customer record": a table join keeps the latest value per key, never the first.
TABLE_FIRST = re.compile(r"\bthe\s+(?:very\s+)?(?:first|oldest|earliest|original|initial)\b", ICASE)

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


# A Kafka-style name with a dash or a dot inside (gate-exits, sat.passes): never an English word
DASHED_NAME = r"[A-Za-z]\w*(?:[.-]\w+)+"
# "join topic a and topic b": the second stream after "and", only when it is called a topic.
JOIN_AND_TOPIC = re.compile(
    r"\band\s+(?=(?:the\s+)?(?:kafka\s+)?topic\s|['\"`]|the\s+[A-Za-z][\w-]*\s+(?:kafka\s+)?topic\b"
    # "join clicks and impressions on ad_id within 10 minutes": one word each side
    r"|[A-Za-z][\w-]*\s+(?:on|by|using)\s+[A-Za-z_]\w*\s+(?:within|up\s+to|at\s+most)\b"
    # "join orders and shipments topics on order_id": the plural says both are topics
    r"|[A-Za-z][\w-]*\s+(?:kafka\s+)?(?:topics|streams)\s+(?:on|by|using)\s"
    # "join downlink-frames and pass-schedule on pass_id ...": a name only a topic has
    rf"|{DASHED_NAME}\s+(?:on|by|using)\s)",
    ICASE,
)


# A join's grace as a clause of its own, before or after its fields: ", allowing 1 minute of
# grace", "; grace period of 30 seconds"
GRACE_CLAUSE = re.compile(
    r"\s*[,;]\s*(?:and\s+)?(?:(?:allow|allowing|with|give|giving|plus)\s+)?(?:an?\s+)?"
    rf"(?:{DUR}\s+(?:of\s+)?grace(?:\s+period)?|grace(?:\s+period)?\s*(?:of\s+)?{DUR})"
    r"(?=\s*(?:[,;.]|$))",
    ICASE,
)


# "Read topic consignments and join the appraisals topic on item_id ...": the other stream as
# the verb's object, said as a topic (the source read already), then its key.
JOIN_TOPIC_OBJECT = re.compile(
    # ("Join: flights.landings by flight_id": a label, the other stream after its colon)
    r"(?:\s*:)?\s+(?=(?:the\s+)?(?:kafka\s+)?topic\s+(?:['\"`]|[A-Za-z])"
    r"|(?:the\s+)?(?:['\"`][^'\"`]+['\"`]|[A-Za-z][\w.-]*)\s+(?:kafka\s+)?topic\s+(?:on|by|using)\s"
    # "... and join gate-exits on container_id", "join escape.payments on booking_id": a dashed
    # or dotted name is a topic's, never a word of English
    rf"|{DASHED_NAME}\s+(?:on|by|using)\s)",
    ICASE,
)
# "For each of those, join the motor current reading from lh.motor_current for the same
# station_id ...": the other records as the verb's object, then their topic and the key both
# share (the source named before the verb, see `_topic_object`)
JOIN_RECORDS_OBJECT = re.compile(
    r"\s+(?=(?:the|its|their|an?)\s+(?:[a-z]+\s+){0,3}?(?:from|on|in)\s+(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+)?{DASHED_NAME}\s+(?:for|with)\s+the\s+same\s+[a-z]\w*_\w+\b)",
    ICASE,
)
# What may follow the verb of a join said again (see `_table_join_said_again`): its key, or
# words read already, never a name ("join on buoy_id", "(left join on rack_id)")
BARE_JOIN_AFTER = re.compile(
    # ("join them (left) on recipe_id": the how in parentheses, read already)
    rf"(?:[\s\x00]|\(\x00+\))*(?:(?:on|by|using)\s+(?:the\s+)?{FIELD}|(?<=\x00)(?=[\s\x00]*(?:[,;)(]|\.(?!\w)|$|and\b))"
    r"|\s*(?=[,;)]|\.(?!\w)|$))",
    ICASE,
)
# A ticket line's label naming the join, right before the join's own verb: "Join: left join ..."
JOIN_LABEL = re.compile(r"(?:^|[\n;])\s*(?P<w>join|lookup|look-up)\s*:\s*(?:\x00+\s*)?$", ICASE)
# (the source said before it: "Read topic consignments", "consume the bids topic")
SOURCE_READ_BEFORE = re.compile(
    r"\b(?:read|reads|reading|consume|consumes|consuming|ingest|ingests|subscribe\s+to)\s+"
    rf"(?:from\s+)?(?:the\s+)?(?:kafka\s+)?(?:topic\s+(?:{QUOTED}|[A-Za-z])|[A-Za-z][\w.-]*\s+topic\b"
    rf"|{DASHED_NAME}(?![\w-]|\.\w))"
    # "Source: buoys.alarms" on a line before "Join: ...": the label, read as "from topic x"
    rf"|(?:^|[\n;]\s*)from\s+topic\s+(?:{QUOTED}|[A-Za-z])"
    # "Source is marina.gate_swipes; ... join x on ...", "- left stream: tolls.exit_events"
    r"|\b(?:source|input|left\s+stream|left\s+side)(?:\s+topic)?\s*(?::|\bis\b|=)\s*(?:the\s+)?"
    rf"(?:kafka\s+)?(?:topic\s+)?(?:{QUOTED}|{DASHED_NAME}(?![\w-]|\.\w))",
    ICASE,
)
# (the source named right before the verb, terse: "crane-lifts join gate-exits on ...", or with
# the join's kind between: "library.returns left join library.checkouts on ...", masked once read)
SOURCE_NAME_BEFORE = re.compile(
    rf"(?:^|[\n;:>]\s*){DASHED_NAME}\s+"
    # ("ski.rentals (package in day, weekend) left join ...": an aside on the source between,
    # left to the other recognisers)
    r"(?:\([^()\n]*\)\s+)?(?:(?:left|inner)(?:\s+outer)?\s+|\x00+\s+)?$",
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
DATA_NOUNS = word_set(
    """record records row rows data details detail profile profiles info information value
    values version versions state snapshot attributes fields everything all latest current
    newest entry entries metadata context extra more stuff"""
)


# The fields a table join adds, named before the table: "need the unit's building_name and
# floor, taken from the compacted topic units-table", "want the customer's tier and region from".
_NEED = (
    r"\b(?:need|needs|want|wants|require|requires|should\s+(?:get|have|carry)|must\s+(?:get|have"
    r"|carry))\s+(?:the\s+|its\s+|their\s+)?(?:(?P<e>[a-z]+)(?:'s|s')\s+)?"
    rf"(?P<list>{_IDS})"
)
NEED_FIELDS = re.compile(rf"{_NEED}\s*,?\s*(?=\s*$)", ICASE)
# "Every record on x should get the player's team_code and shirt_number from the compacted
# topic y": the fields, then "from" right before the table (the words before them are the source)
NEED_FROM = re.compile(rf"{_NEED}\s+(?=from\s+(?:the\s+)?$)", ICASE)
_WHICH = (
    rf"(?:(?:we\s+(?:only\s+)?(?:need|want)(?:\s+to\s+{_TAKE})?|(?:please\s+)?{_TAKE}"
    r"(?:\s+(?:over|in|along|across))?)\s+)(?:only\s+|just\s+)?(?:the\s+)?(?:fields?\s+|columns?\s+)?"
    rf"(?P<list>{_IDS})(?:\s+(?:fields?|columns?))?"
)
_SIDE = (
    r"(?:the\s+)?(?:(?:kafka\s+)?topic\s+)?"
    r"(?P<side>[A-Za-z][\w-]*(?:\s+(?!from\b|take\b|keep\b)[A-Za-z][\w-]*){0,2}?)"
)
_SIDE_END = r"(?=\s*(?:[,;.)]|$|\s+(?:and|then)\b))"
SIDE_FIELDS = [
    re.compile(
        rf"(?:(?<=[.;,:(\x00])|^|(?<=\band))\s*(?:and\s+)?(?:also\s+|then\s+)?{_WHICH}"
        rf"(?:\s+(?:over|along|across))?\s+from\s+{_SIDE}"
        # "... from the port-out side into the result": where the copies go, said after the side
        r"(?:\s+(?:into|onto|to|in)\s+(?:the\s+)?(?:output|results?|joined\s+records?))?"
        # "pull rpm over from the cadence side as cadence_rpm": one field's new name after it
        rf"(?:\s+as\s+(?P<as>[A-Za-z_]\w*))?{_SIDE_END}",
        ICASE,
    ),
    re.compile(
        rf"(?:(?<=[.;,:(\x00])|^)\s*(?:and\s+)?from\s+{_SIDE}\s*,?\s+{_WHICH}"
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


# "with the students table": the entity of a table join's rows.
TABLE_NOUN = re.compile(
    r"\bthe\s+(?P<e>[a-z]+)\s+(?:lookup\s+|reference\s+|dimension\s+)?(?:k?table)\b", ICASE
)
# Words of a table topic's name that say what kind of topic it is, not whose rows it holds.
TABLE_NAME_WORDS = word_set(
    """table tables ktable compacted compact changelog cl latest snapshot snapshots state
    current lookup ref dim topic v"""
)


# "... from the compacted topic x (key k) with grade_name and reserve_price_usd": the fields
# after the table, said with "with" (names a field's only, see `_field_like_list`)
WITH_FIELDS_AFTER = re.compile(
    rf"\s+with\s+(?:the\s+|its\s+|their\s+)?(?:fields?\s+|columns?\s+)?(?P<list>{_IDS})"
    r"(?=\s*(?:[,.;)]|$)|\s+(?:and|then)\s+(?!\w+_))",
    ICASE,
)


def _field_like_list(said: str) -> bool:
    """A list of names a field may have: one with '_' at least, no plain English word that may
    say something else ("with a 5 minute grace", "with exactly once")."""
    items = _ids(said)
    return any("_" in i for i in items) and all(
        "_" in i or (i.lower() not in STOP and i.lower() not in QUALIFYING and i.isalpha())
        for i in items
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


# The stream a table join enriches, named between the verb and "with" in a way that can only be
# a topic: "enrich grade-submissions with ...", "join 'orders' with ...".
# "x.scans and compacted table y" ("+" is read as "and"), "x.scans join compacted y": the source
# named first, by a name only a topic has, right before the table
LEFT_NAME_FIRST = re.compile(
    r"\s*(?P<t>[A-Za-z]\w*(?:[.-]\w+)+)\s+(?:(?:left\s+|inner\s+)?join|and|with)\s+(?:the\s+)?",
    ICASE,
)
SOURCE_NAME = re.compile(
    rf"\s+(?:the\s+)?(?P<t>{QUOTED}|{NAMED_TOPIC})(?:\s+(?:kafka\s+)?(?:topic|stream))?\s+",
    ICASE,
)


# "... take click_ts and publish to x": the fields' sentence goes on with the sink
_THEN_SINK = (
    r"\s*,?\s+(?:and\s+(?:then\s+)?|then\s+)(?:(?:publish|send|write|emit|push|forward|produce"
    r"|store|save|sink|land|load|insert|print|output|deliver|stream)\w*\b"
    r"|\x00)"  # (the sink read already)
)


# "Take driver_id into the output.": after a join, the fields it copies, as a sentence
TAKE_INTO_OUTPUT = re.compile(
    r"(?:(?<=[.;?!]\s)|^)(?:please\s+)?(?:take|include|add"
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
    r"(?:\s+(?:into|in|onto|to)\s+(?:the\s+)?(?:output|result|joined\s+records?)\b"
    # "copy lat and lon onto the assignment": onto the record joined to
    r"|\s+onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+\b"
    # "... Take amount and method.": a sentence of its own
    r"|(?:\s+from\s+(?:them|it|the\s+(?:other|right|joined)\s+(?:side|stream)))?(?=\s*(?:[.;]|$)"
    rf"|{_THEN_SINK}))",
    ICASE,
)


# A sentence after a join that copies fields under new names ("Copy lat as scan_lat."): its
# verb, then (after `renamed_fields`) where the copies go and the sentence's end
TAKE_VERB = re.compile(
    # ("... a broodstock row — an inner join — and take strain and origin_river from it": after
    # the join's how, read already)
    r"(?:(?<=[.;?!]\s)|^|(?<=[\u2013\u2014\x00]\s)and\s+)(?:please\s+)?"
    r"(?:take|copy|include|carry|bring|add|pull|grab|attach"
    r"|fetch|pick\s+up)"
    # ("Please carry over inspector and check_result.": the particle before the list; "Bring
    # in customer_tier and postcode.")
    r"(?:(?<=copy|arry|ring|pull)\s+(?:over|across|along|in))?\s+",
    ICASE,
)
# A step said between the join and a fields sentence: "... Drop orders where amount < 5.
# Include order_id and amount." keeps the output's fields, never the table's
STEP_BETWEEN = re.compile(
    r"\b(?:keep|drop|filter|remove|exclude|discard|skip|ignore|dedup\w*|count|sum|average|avg"
    r"|group|window|where|whose|write|send|print|output|store|compute|calculate|project|select"
    r"|rename|then|after\s+that)\b",
    ICASE,
)
# "Add floor and room_type.": a sentence that is only the verb and the names (see TAKE_VERB)
# ("Add stand_name and concourse_level and publish to ...": the sink's verb after the names)
FIELDS_SENTENCE = re.compile(
    # ("... take strain and origin_river from it.": the table pointed back at)
    rf"(?P<list>{_IDS})(?:\s+from\s+(?:it|(?:the|that|this)\s+table))?(?=\s*(?:[.;]|$)|{_THEN_SINK})",
    ICASE,
)
SENTENCE_END = re.compile(
    r"(?:\s+(?:onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+(?:\s+records?)?"
    r"|(?:into|to)\s+(?:the\s+)?(?:output|result|joined\s+records?)))?(?=\s*(?:[.;]|$)"
    rf"|{_THEN_SINK})",
    ICASE,
)


# "... onto the assignment", "... onto each order", "... into the output": where the copied
# fields go, said after them
ONTO_RECORD = re.compile(
    r"\s+(?:onto\s+(?:the\s+|each\s+|every\s+|its\s+)?[a-z]+(?:\s+records?)?"
    r"|(?:into|to)\s+(?:the\s+)?(?:output|result|joined\s+records?))\b",
    ICASE,
)


# "... from the payment": the joined stream the copied fields come from, said after them
FROM_SIDE = re.compile(r"\s+from\s+(?:the|its|their|each|every)\s+(?P<n>[a-z]+)\b", ICASE)


# Fields copied under other names: "lat as scan_lat and lon as scan_lon", "click_ts as
# clicked_at", or two lists of the same length, "lat and lon as scan_lat and scan_lon".
_AS = (
    r"(?:\s+(?:over|across))?\s+(?:as|renamed\s+(?:to|as)|under\s+the\s+name)\s+"
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


def renamed_fields(s: str, pos: int) -> tuple[list[str], dict[str, str], int] | None:
    """The fields a join copies under new names, said at `pos`: (sources, {source: target},
    end), or None when the list there renames nothing."""
    m = RENAMED_PAIRS.match(s, pos)
    if m:
        pairs = [
            re.split(_AS, p, flags=ICASE) for p in re.split(_AND, m.group("pairs"), flags=ICASE)
        ]
        names = [(unquote(a)[0], unquote(b)[0]) for a, b in pairs]
        return [a for a, _ in names], dict(names), m.end()
    m = RENAMED_LISTS.match(s, pos)
    if m:
        src = [unquote(x)[0] for x in re.split(_AND, m.group("src"), flags=ICASE)]
        dst = [unquote(x)[0] for x in re.split(_AND, m.group("dst"), flags=ICASE)]
        if len(src) != len(dst):
            raise RequestNotUnderstood(
                f"cannot read {m.group(0).strip()!r}: {len(src)} field(s) copied under "
                f'{len(dst)} new name(s); rename each one (e.g. "lat as scan_lat and lon as '
                'scan_lon")'
            )
        return src, dict(zip(src, dst, strict=True)), m.end()
    return None


# A verb of taking, then the first names of a list the clause's comma breaks ("... and copy
# model, branch_code and fuel_type"): the list goes on after the comma (see `fields_list_end`)
LIST_AT_CLAUSE_END = re.compile(
    rf"\b{TAKE_FIELDS_VERB}\s+(?:the\s+)?(?P<list>[A-Za-z_]\w*)\s*$",
    ICASE,
)


def fields_list_end(s: str, pos: int) -> int:
    """Where a list of field names starting at `pos` ends ("tier, region" after ", fields"):
    a list broken by the clause's commas is read whole."""
    m = re.compile(rf"\s*:?\s*(?:the\s+)?{_IDS}(?![\w-])", ICASE).match(s, pos)
    return m.end() if m else pos


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


def _names_side(noun: str, side: set[str]) -> bool:
    """Whether a noun ("pickup") is a word of a join side's topic name (courier_pickups)."""
    return any(singular(w.lower()) == noun for w in side)


def _participle_names(verb: str, side: set[str]) -> bool:
    """Whether a participle says the joined stream's event: "paid" for payments, "clicked" for
    clicks, "shipped" for shipments, "matched" for any."""
    if verb in ("matched", "joined", "paired"):
        return True
    stem = {"paid": "pay", "sold": "sale", "sent": "send", "seen": "see", "bought": "buy",
            "done": "do"}.get(verb) or re.sub(r"(?:ied|ed)$", "", verb)  # fmt: skip
    stem = re.sub(r"(.)\1$", r"\1", stem)  # "shipp" -> "ship"
    # ("unacknowledged" joined with excursion-acks: the side's name is the participle's short form)
    short = any(len(w) >= 3 and stem.startswith(w) for w in side)
    return len(stem) >= 3 and (short or any(w.startswith(stem) for w in side))


def _one_sided_end(
    bm: re.Match[str], text: str, pos: int, subject: str | None, ref: str | None
) -> int:
    """Where a bound ends, with a one-sided bound said again after it ("at most 2 minutes after
    the access (never before it)"); a repeat that contradicts the bound, or one after a
    two-sided bound ("within 2 minutes, never before it"), is refused. The repeat may name
    either record: "a fare comes ... after its ride (a ride never arrives after its fare)"
    says the ride's side, so its direction turns; a record that is neither is refused."""
    om = ONE_SIDED.match(text, pos)
    if not om:
        return pos
    adir = _direction(bm.groupdict().get("adir"))
    said = _direction(om.group("d"))
    if om.group("subj"):
        who = singular(om.group("subj").lower())
        if ref and who == singular(ref.lower()):
            said = "before" if said == "after" else "after"
        elif not (subject and who == singular(subject.lower())):
            said = adir  # cannot tell whose side it says: refused below
    if adir is None or bm.groupdict().get("b") or bm.groupdict().get("both") or said == adir:
        raise RequestNotUnderstood(
            f"join time bound {bm.group(0).strip()!r} then {om.group(0).strip()!r}: "
            'say one bound, e.g. "clicks up to 10 minutes after the impression"'
        )
    return om.end()


def _range_ref(bm: re.Match[str], ref: str | None) -> str | None:
    """The records a bound is said against: its reference after the bound, or the one said
    inside it ("from up to 1 hour before the incident to 10 minutes after it": "it" names
    nothing, "incident" does); two different ones are refused."""
    inner = bm.groupdict().get("mref")
    if not inner or (ref and ref.lower() in STOP):
        return inner or ref
    if ref and singular(ref.lower()) != singular(inner.lower()):
        raise RequestNotUnderstood(
            f"join time bound {bm.group(0).strip()!r} ... {ref!r}: it is said against both "
            f"{inner!r} and {ref!r}; say it against one stream's records, e.g. \"from 1 hour "
            'before the incident to 10 minutes after it"'
        )
    return inner


def _direction(word: str | None) -> str | None:
    """ "after", "later", "late" -> after; "before", "earlier", "early" -> before."""
    if not word:
        return None
    return "after" if word.lower() in ("after", "later", "late") else "before"


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
    between where when whenever if allow allows but unless fields field columns up at no not"""
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
KEY_SAME_AS = re.compile(
    r"(?:^|(?<=[\s:,(]))(?P<k>(?:(?:where|when|if)\s+)?"
    + _SIDE_NOUN.format(g="ls")
    + r"(?P<l>[A-Za-z]\w*_\w+)\s+"
    r"(?:is\s+(?:the\s+)?same\s+as|is\s+equal\s+to|equals|matches))\s+"
    + _SIDE_NOUN.format(g="rs")
    + r"(?P<r>[A-Za-z]\w*_\w+)\b",
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
    said = SAME_NAME_BOTH.match(clause, at)
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
    kind = name.lower() in ("compacted", "changelog", "kafka", "topic")
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
RECORD_THEN_BOUND = re.compile(
    r"(?P<n>[a-z]+)\s+(?=(?:from\s+)?(?:within|up\s+to|at\s+most|no\s+more\s+than|in|during)\s+"
    rf"(?:the\s+)?(?:(?:last|past)\s+)?(?:{DUR}|{_THE_UNIT})\b)",
    ICASE,
)


def _takes_records(join: Join, clause: str, pos: int) -> bool:
    """Whether a taking verb's object at `pos` is the joined records, said by a word of the
    joined stream's name ("the arrival" of truck_arrivals), then the bound."""
    m = RECORD_THEN_BOUND.match(clause, pos)
    if not m:
        return False
    said = f"{join.right_phrase} {join.right_topic or ''}".lower()
    return singular(m["n"].lower()) in {singular(w) for w in re.split(r"[\W_]+", said) if w}


def read_join_key_and_fields(join: Join, clause: str) -> list[tuple[int, int]]:
    """The key ("on user_id = id") and fields ("taking email and name") of a join clause, and
    the spans of the clause they were read from."""
    spans: list[tuple[int, int]] = []
    km = next(
        (
            k
            for k in re.finditer(
                rf"\b(?:(?:(?<=,\s)|(?<=,\sand\s))(?:joined|matched|linked|looked\s+up)\s+"
                rf"(?=on|by|using))?"
                # ("(compacted topic x, key meter_id)": the key after the name, a field's
                # snake_case name)
                rf"(?:on|using|by|matching(?:\s+on)?|{KEYED}|(?<=\()key\s*:?"
                rf"|(?<=[\w,]\s)key(?=\s+[a-z]\w*_\w+\b)|{SAME_KEY}"
                rf"|{PAREN_SAME_KEY})\s+(?:the\s+)?"
                # "on customer_id to add customer_tier": "to" before a verb is no right key
                rf"(?:same\s+)?(?P<l>{FIELD})(?:\s*(?:=|==|equals|matches|to\b(?!\s+(?:get|add"
                rf"|fetch|attach|pull|include|bring|enrich|pick|copy|take|grab)\b))\s*"
                rf"(?P<r>{FIELD}))?",
                clause,
                ICASE,
            )
            if not _records_on_topic(k)
        ),
        None,
    )
    same = None if km else KEY_SAME_AS.search(clause)
    if same:  # "collar animal_id is same as trough tag_id": the source's field said first
        join.left_key, join.right_key = same.group("l"), same.group("r")
        right_words = {singular(w) for w in re.split(r"[\W_]+", join.right_phrase.lower()) if w}
        sides = [singular(same.group(g).lower()) if same.group(g) else None for g in ("ls", "rs")]
        if sides[0] in right_words and sides[1] not in right_words:
            # "the refund order_ref is same as the order order_id": the joined stream's first
            join.left_key, join.right_key = join.right_key, join.left_key
        spans.append((same.start("k"), same.end()))
    if km:
        left, _ = unquote(km.group("l"))
        span = (km.start(), km.end())
        if not km.group("r") and re.fullmatch(r"[A-Za-z_]\w*\.+", left):
            # "Join with the compacted topic x on berth_id.; Add ...": the key, then the full
            # stop ending a runbook's step (the next step goes on with the same join)
            left = left.rstrip(".")
            span = (km.start(), km.start("l") + len(left))
        calls = RIGHT_CALLS_IT.match(clause, km.end()) if not km.group("r") else None
        if calls:  # "on vehicle_id (the right stream calls it van_id)"
            span = (km.start(), calls.end())
        opened = re.search(r"\(\s*$", clause[: km.start()])
        if opened and not km.group("r") and re.fullmatch(r"[A-Za-z_]\w*\)", left):
            left = left[:-1]  # "(keyed by unit_id)": the parentheses around the key
            span = (opened.start(), km.end())
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
        r"(?:the\s+|its\s+|their\s+)?"
        r"(?:fields?\s+)?",
        clause,
        ICASE,
    )
    renamed = renamed_fields(clause, fm.end()) if fm else None
    if fm and renamed:  # "take click_ts as clicked_at"
        join.fields, join.targets, fields_end = renamed
        onto = ONTO_RECORD.match(clause, fields_end)
        if onto:
            fields_end = onto.end()
        spans.append((fm.start(), fields_end))
    elif fm and RECORDS_IN_RANGE.match(clause, fm.end()):
        pass  # "taking observations from up to 1 hour before ...": the records, then the bound
    elif fm and _takes_records(join, clause, fm.end()):
        pass  # "taking the arrival from within the hour before ...": the same, one record
    elif fm:
        items, fields_end = read_list(clause, fm.end(), FIELD_RE)
        particle = PARTICLE_AFTER_LIST.match(clause, fields_end) if items else None
        if particle and re.match(_CARRY_LIST_ACROSS, clause[fm.start() :], ICASE):
            fields_end = particle.end()  # "bring lot_id and origin across"
        side = FROM_SIDE.match(clause, fields_end) if items else None
        right_words = {
            singular(w)
            for w in re.split(r"[\W_]+", f"{join.right_phrase} {join.right_topic or ''}".lower())
            if w
        }
        if side and singular(side["n"].lower()) in right_words - STOP:
            # "copy payment_amount and paid_at from the payment onto the approval record"
            fields_end = side.end()
        onto = ONTO_RECORD.match(clause, fields_end) if items else None
        if onto:  # "copy lat and lon onto the assignment": onto the record joined to
            fields_end = onto.end()
        join.fields = [t for t, _, _ in items]
        refuse_quantifier_fields(join.fields, "the joined records")
        spans.append((fm.start(), fields_end if items else fm.end()))
        lm = LOOKUP_FIELDS.search(clause, 0, fm.start())
        if lm and join.left_key is None:
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


# A name only a topic has: dashed, dotted or snake_case ("ride-accepts", "fair.safety_checks",
# "order_updates"), never a word of English; a dotted one has two characters or more each side
# of its dot (never "e.g.")
TOPIC_LIKE = r"[A-Za-z][\w-]*(?:\.[A-Za-z_][\w-]+)+|[A-Za-z][A-Za-z\d]*(?:[-_][A-Za-z\d]+)+"
# The other stream's phrase around such a name: "the late order_updates events", "the
# wt.yaw_positions records", "the first-pass customs scan on customs.scans", "the matching
# driver acceptance from ride-accepts"
RIGHT_NAMED = re.compile(
    r"\s*(?:(?:the|its|their|a|an|each|every)\s+)?(?P<lead>(?:[A-Za-z][\w.-]*\s+){0,4}?)"
    rf"(?:(?:from|on|in)\s+(?P<at>{TOPIC_LIKE})"
    # ("with tanker loadings (sugar.tanker_loadings)": the records, then their topic in brackets)
    rf"|\(\s*(?:(?:kafka\s+)?topic\s+)?(?P<par>{TOPIC_LIKE})\s*\)|(?P<head>{TOPIC_LIKE})"
    # ("with the aqua.water_quality reading for the same tank_id": one record, singular)
    r"(?:\s+(?:events?|records?|messages?|readings?|rows?|entry|entries|updates?|stream|feed))?)\s*",
    ICASE,
)


def topic_named_in(right_phrase: str) -> str | None:
    """The topic a join's other stream is called by in its own phrase, as written, when one
    name only a topic has is its head or follows its "from"/"on"/"in" ("with the order_updates
    events" -> order_updates); None when none is. Refused when the phrase holds another such
    name it could be ("with the x.a and y.b")."""
    m = RIGHT_NAMED.fullmatch(right_phrase)
    if not m:
        return None
    name = m["at"] or m["par"] or m["head"]
    if m["head"] and re.search(r"_(?:id|key|at|ts)$", name, ICASE):
        return None  # ("with the matching user_id"): a key, not a stream
    # ("with the first-pass customs scan on customs.scans": a dashed word before is a word of
    # English run together; a dotted or snake_case one is another name)
    others = [w for w in m["lead"].split() if re.fullmatch(TOPIC_LIKE, w) and re.search(r"[._]", w)]
    if others:
        raise RequestNotUnderstood(
            f"join: which of {', '.join(map(repr, [*others, name]))} is the other stream's "
            "topic? Say it as \"join ... with topic 'profiles' on user_id within 5 minutes\""
        )
    return name


# "..., so the booking team can join against it": a later use of the output, after a purpose's
# "so (that) <who> can", the verb's object the output itself (see `_later_use`)
LATER_USE_BEFORE = re.compile(
    # (\x01 hides who asks, see purpose.py: "so the \x01\x01 team can")
    r"\bso\s+(?:that\s+)?(?:[\w\x01-]+\s+){0,4}?(?:can|could|may|will)\s+(?:easily\s+|then\s+)?$",
    ICASE,
)
LATER_USE_AFTER = re.compile(
    r"\s+(?:(?:against|with|to|onto)\s+)?(?:it|them|this|that|the\s+(?:replica|table|copy|output))"
    r"(?=\s*(?:[.,;!?)]|$))",
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


class JoinRecogniser(SchemaResolver):
    # ("left" | "inner", the words saying so), when the request says which records a join keeps
    join_how: tuple[str, str] | None = None
    # (fields, the words) of "take a and b from the delivery side", until a join takes them
    join_side_fields: tuple[list[str], str] | None = None
    join_side_targets: dict[str, str] | None = None
    # the right side's names, whole (see `_right_side_words`)
    right_side_names: frozenset[str] | set[str] = frozenset()

    def _strict_verbs(self, start: int = 0) -> list[re.Match[str]]:
        return strict_join_verbs(self.s, self.text, start)

    def _strict_verb(self, start: int = 0) -> re.Match[str] | None:
        found = self._strict_verbs(start)
        return found[0] if found else None

    def _side_verbs(self) -> list[re.Match[str]]:
        """The join verbs whose "with" names a right side: "join", "enrich", "look up", and
        "correlate"/"match"/"pair" where a bound makes them a join (JOIN_VERB_STRICT)."""
        verbs = list(RIGHT_SIDE_VERB.finditer(self.s))
        starts = {m.start() for m in verbs}
        verbs += [m for m in self._strict_verbs() if m.start() not in starts]
        return sorted(verbs, key=lambda m: m.start())

    def _refuse_with_before_with(self, wm: re.Match[str], end: int) -> None:
        """ "join X from topic a with timestamps in UTC with Y from topic b": the first "with"
        would start the other side, "timestamps in UTC" read as its name and the rest dropped;
        refused, quoting the words between the two."""
        if wm.group(0).lower().startswith(("with", "against")):
            _refuse_opener_after_with(self.s, self.text, wm.start(), wm.end(), end)
        if wm.group(0).lower().startswith("with"):
            _refuse_words_before_with(self.s, self.text, wm.start(), wm.end(), end)

    def _topic_object(self, verb: re.Match[str]) -> re.Match[str] | None:
        """ "Read topic consignments and join the appraisals topic on item_id ...": the other
        stream as the join verb's object, when the source was named before the verb."""
        if (
            self.topics
            or self._said_topics(verb.start())
            or SOURCE_READ_BEFORE.search(self.text, 0, verb.start())
            or SOURCE_NAME_BEFORE.search(self.s, 0, verb.start())
        ):
            return JOIN_TOPIC_OBJECT.match(self.s, verb.end()) or JOIN_RECORDS_OBJECT.match(
                self.s, verb.end()
            )
        if re.search(rf"\b(?:on|in|to|from)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?{NAMED_TOPIC}",
                     self.text[: verb.start()], ICASE):  # fmt: skip
            # ("Readings are on lh.lens_rotation. ... join the motor current reading from ...")
            return JOIN_RECORDS_OBJECT.match(self.s, verb.end())
        return None

    def _right_side_words(self) -> set[str]:
        """Singular words naming a join's right side, read before the join itself is taken."""
        names: list[str] = []
        for pattern in TABLE_TOPIC:
            names += [unquote(m.group("t"))[0] for m in pattern.finditer(self.s)]
        names += re.findall(r"\blatest\s+(?:known\s+)?([a-z]+)", self.s, ICASE)
        for m in self._side_verbs():
            # ("Join: buoys.gps_fixes on buoy_id": a label, its clause after the colon)
            label = re.compile(r"\s*:\s*").match(self.s, m.end())
            end = self.clause_end(label.end() if label else m.end())
            if re.search(r"\bredis\b", self.s[m.start() : end], ICASE):
                continue  # a Redis lookup: its misses are `on_miss`, not a join's `how`
            wm = _joined_with(self.s, m.end(), end) or JOIN_AND_TOPIC.search(self.s, m.end(), end)
            wm = wm or self._topic_object(m)
            if wm:
                stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
                names.append(self.s[wm.end() : stop.start() if stop else end])
            elif JOIN_THEM.match(self.s, m.end()):  # "... sending to "b". Join them"
                names += [
                    unquote(pm.group("b"))[0]
                    for pm in TWO_PRODUCERS.finditer(self.text, 0, m.start() + 5)
                    if pm.end() == m.start()
                ]
        for m in self._strict_verbs():
            said = self._said_topics(m.start()) if JOIN_THEM.match(self.s, m.end()) else []
            if len(said) == 2:  # "... the app sends to topic b. ... match them"
                names.append(said[1][0])
        words = {singular(w) for n in names for w in re.split(r"[\W_]+", n.lower()) if w}
        # the whole names too: "from device-registry" names the right side even when the left
        # shares a word of it (device-heartbeats)
        self.right_side_names = {t for n in names for t in re.findall(r"[\w.-]+", n.lower())}
        return words - STOP

    def extract_join_how(self) -> None:
        """ "left join", "keeping unmatched orders", "only orders whose customer is known"."""
        right = self._right_side_words()
        if not right:
            return
        for how, pattern in JOIN_HOW:
            for m in list(pattern.finditer(self.s)):
                if MASK in m.group(0):
                    continue
                bare = m.group(0).strip()
                item = _LIST_ITEM_BEFORE.search(self.text, 0, m.start())
                if bare.lower() in ("left", "inner") and item:
                    raise RequestNotUnderstood(
                        f"'{item['item']}, {bare}': is {bare!r} the last of the fields listed, "
                        f"or the join's kind? Say \"{bare.lower()} join\" for the join's kind"
                    )
                groups = m.groupdict()
                x = next((groups[g] for g in ("x", "x2", "x3", "x4", "x5") if groups.get(g)), "")
                x = x.lower()
                # ("with no drop-off" joined with drop-offs: the dashed noun names the side)
                dashed = {singular(n) for n in self.right_side_names}
                if "-" in x and {singular(x), singular(x.replace("-", ""))} & dashed:
                    x = ""
                v = (m.groupdict().get("v") or "").lower()
                if v and not _participle_names(v, right):
                    continue  # "keep orders that were never shipped" joined with payments
                if how == "left":
                    self._refuse_joined_side_kept(m.group(0))
                y = (groups.get("y") or "").lower()
                # ("... not in the table", "... aren't in it": the table read as joined, named by
                # the word "table" or pointed back at)
                table_said = y in _TABLE_BACK and any(p.search(self.s) for p in TABLE_TOPIC)
                if y and singular(y) not in right and not table_said:
                    continue  # "drop orders whose customer is not in the EU": a filter
                if (
                    x
                    and x not in _MATCH_WORDS
                    and singular(x) not in right
                    # ("installs that never got commissioned" joined with meter-commissioning)
                    and not (
                        x.endswith(("ed", "paid", "sold", "sent")) and _participle_names(x, right)
                    )
                    and not self._match_field_said(x)
                    and not self._right_name_part(x)
                ):
                    if how == "inner":
                        continue  # "drop records without an email": a filter
                    raise RequestNotUnderstood(
                        f"{m.group(0)!r}: {x!r} is not the stream or table joined; say which "
                        'records the join keeps, e.g. "left join orders with payments on '
                        'order_id within 15 minutes"'
                    )
                lo = max(0, m.start() - 12)
                # ("mark_number < 3 only; left join ...": never the word of the clause before)
                lo = max(lo, *(self.text.rfind(c, 0, m.start()) + 1 for c in ";\n"))
                # (never past the sentence: "... should still come through. Just print ...")
                hi = m.end() + 8
                hi = next((e.start() for e in SENTENCE_STOP.finditer(self.text, m.end(), hi)), hi)
                only = re.compile(r"\b(?:only|just|solely|exclusively)\b", ICASE).search(
                    self.text, lo, hi
                )
                if how == "left" and only:
                    # "keep only unmatched orders": the unmatched alone (an anti-join), not all
                    said = self.text[min(m.start(), only.start()) : max(m.end(), only.end())]
                    raise RequestNotUnderstood(
                        f"{' '.join(said.split())!r}: a join keeps the matched records (an "
                        "inner join) or every record, matched or not (a left join); keeping "
                        "only the records without a match is not supported"
                    )
                if self.join_how and self.join_how[0] != how:
                    raise RequestNotUnderstood(
                        f"{self.join_how[1]!r} and {m.group(0)!r}: say either that the join keeps "
                        "records without a match (a left join) or that it drops them (an inner "
                        "join), not both"
                    )
                words = m.group(0) + (
                    " join" if m.group(0).lower().startswith(("left", "inner")) else ""
                )
                self.join_how = (how, words)
                self.join_how_spans.append(m.span())
                # "(inner join)" after the join was said: the word "join" says how, no second join
                said_join = re.compile(r"[\s-]+join(?:ed|s)?\b(?=\s*\))", ICASE).match(
                    self.s, m.end()
                )
                said_join = said_join or self._left_join_kept_said(m, how, right)
                self.mask(m.start(), said_join.end() if said_join else m.end())

    def _left_join_kept_said(
        self, m: re.Match[str], how: str, right: set[str]
    ) -> re.Match[str] | None:
        """ "Left join, so we also see units that never got packed": the join's how, then the
        records it keeps said after it (their match's event a participle of the joined
        stream); the words up to their end, or None."""
        verb = re.compile(r"[\s-]+join\b", ICASE).match(self.s, m.end())
        seen = UNMATCHED_SEEN.match(self.s, verb.end()) if verb and how == "left" else None
        if seen and seen["v"] and _participle_names(seen["v"].lower(), right):
            return seen
        if seen and seen["w"] and self._names_a_topic_part(seen["w"]):
            # "(we want to see pickups without a draw too)" where pickups are the joined
            # stream's: the unmatched records of the other side (a right join), never read
            kept, match = singular(seen["k"].lower()), singular(seen["w"].lower())
            side = self._joined_name_words()
            if _names_side(kept, side) or (
                match not in _MATCH_WORDS and side and not _names_side(match, side)
            ):
                return None
            return seen
        return None

    def _joined_name_words(self) -> set[str]:
        """The words of the joined topic's name ("lab.courier_pickups": lab, courier, pickups)."""
        return {
            p
            for name in self.right_side_names
            if re.search(r"\w[._-]\w", name)
            for p in re.split(r"[._-]", name)
        }

    def _refuse_joined_side_kept(self, said: str) -> None:
        """ "left join ..., keep visits with no milking as well" where the visits are the joined
        stream's: the unmatched records of the other side (a right join), never a left join."""
        m = re.search(
            r"\b(?P<k>[a-z]+)\s+(?:(?:events|records|rows|messages|readings)\s+)?(?:without|with"
            r"\s+no|that\s+(?:have|has)\s+no|having\s+no|lacking|even)\b",
            said,
            ICASE,
        )
        if not m:
            return
        kept = singular(m["k"].lower())
        others = {  # (a word both topics' names share, "farm", says neither side)
            p
            for name in re.findall(TOPIC_LIKE, self.text)
            if name.lower() not in self.right_side_names
            for p in re.split(r"[._-]", name.lower())
        }
        if _names_side(kept, self._joined_name_words()) and not _names_side(kept, others):
            raise RequestNotUnderstood(
                f"{' '.join(said.split())!r}: the {m['k']} are the joined stream's records; a "
                "left join keeps the source's records without a match, not the joined ones' "
                '(a right join is not supported); say it of the source, as in "keep orders '
                'without a payment too"'
            )

    def _match_field_said(self, noun: str) -> bool:
        """ "Calls that never got a unit must still come out" where the join copies unit_id:
        the noun is what the match brings, its id among the fields the join takes."""
        return bool(
            re.search(
                rf"\b(?:copy|copying|take|taking|add|adding|bring|bringing|pull|pulling)\s+"
                rf"(?:[a-z_]\w*\s*(?:,\s*(?:and\s+)?|\s+and\s+))*{re.escape(noun)}_id\b",
                self.text,
                ICASE,
            )
        )

    def _right_name_part(self, noun: str) -> bool:
        """Whether `noun` ("batch") is a word of the joined side's dotted name
        ("farm.substrate_batches"), even a word the right side's words leave out as common."""
        parts = {
            singular(p)
            for name in self.right_side_names
            if re.search(r"\w[._-]\w", name)
            for p in re.split(r"[._-]", name)
        }
        return singular(noun.lower()) in parts

    def _names_a_topic_part(self, noun: str) -> bool:
        """Whether `noun` ("pickup") is a word of a topic the request names by a name only a
        topic has ("lab.courier_pickups"), or a word for the match itself."""
        if noun.lower() in _MATCH_WORDS:
            return True
        parts = {
            singular(p)
            for name in re.findall(TOPIC_LIKE, self.text)
            for p in re.split(r"[._-]", name.lower())
        }
        return singular(noun.lower()) in parts

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
                self.join_side_fields = (_ids(m.group("list")), m.group(0).strip(" ,;."))
                said_as = m.groupdict().get("as")
                if said_as and len(self.join_side_fields[0]) != 1:
                    raise RequestNotUnderstood(
                        f"{m.group(0).strip(' ,;.')!r}: a new name after the side is one "
                        "field's; take one field there, or name each field's new name after it"
                    )
                if said_as:
                    self.join_side_targets = {self.join_side_fields[0][0]: said_as}
                self.mask(m.start(), m.end(), domain=True)

    def _generic_names_right(self, side: str, left: set[str]) -> bool:
        """ "From the message take sender_id" joined with dating.first-message: a side said by a
        word that names any records ("message", "event") names the joined stream when that word
        is a part of its dotted name and of no other topic the request names."""
        said = self._side_words(side)
        if len(said) != 1 or not said <= SIDE_WORDS - {"side", "stream", "streams", "topic"}:
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
        self.join_side_fields = self.join_side_targets = None

    def extract_join_kind_words(self) -> None:
        """ "interval join", "table join": the kind said of a join read as that kind."""
        self._mask_join_back_refs()
        self._mask_join_done()
        for kind in {j.kind for j in self.joins}:
            for m in list(JOIN_KIND_WORDS[kind].finditer(self.s)):
                self.mask(m.start(), m.end(), domain=True)

    def extract_table_join(self) -> None:
        self.extract_join_how()
        m = None
        for pattern in TABLE_TOPIC:
            for cand in pattern.finditer(self.s):
                name, quoted = unquote(cand.group("t"))
                if pattern is TABLE_TOPIC[-1]:
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
        lookup = LOOKUP_FIELDS.search(self.s, start, m.start())
        if lookup and not JOIN_VERB.search(self.s, start, lookup.start()):
            start = lookup.start()  # "read topic orders and attach region from ...": the verb
        need_from = NEED_FROM.search(self.s, start, m.start())
        if need_from:  # "Every record on x should get ... from the compacted topic y"
            start = need_from.end()
        paren_key = PAREN_KEY.match(self.s, m_end)
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
        key_said = KEY_AT_END.search(self.s, start, end)
        gloss = _same_key_said(self.s, end, key_said["k"]) if key_said else None
        if gloss:  # "... keyed by brood_id; our records carry brood_id as well": one name
            end = gloss.end()
        # ("..., left join, pulling a and b": the how masked but for the word "join")
        how_said = (
            HOW_CLAUSE_MASKED.match(self.s, end) or HOW_CLAUSE_READ.match(self.s, end)
            if self.join_how
            else None
        )
        if how_said and FIELDS_CLAUSE.match(self.s, how_said.end()):
            end = how_said.end()  # (the join's how, read already, before its fields)
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on user_id, adding name and country"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        if not more:  # "...: join on vin and copy model, branch_code and fuel_type"
            end = list_past_comma(self.s, m_end, end)
        clause = self.s[start:end]
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
        pk = PAREN_KEY.match(self.s, m_end)
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
        need = NEED_FIELDS.search(self.s, max(0, self.s.rfind(". ", 0, start)), start)
        # ("the player's team_code ... from the roster topic (keyed by player_id)": the rows'
        # entity, or the key's)
        whose = {entity, (join.left_key or "").removesuffix("_id")}
        if need and not join.fields and singular((need["e"] or entity or "").lower()) in whose:
            # "Work orders from topic x need the unit's building_name and floor, taken from the
            # compacted topic units-table": the fields named before the table
            join.fields = _ids(need["list"])
            self.mask(need.start(), need.end(), domain=True)
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
            if listed and not self._step_between(m_end, vm.start()):
                join.fields = _ids(listed["list"])
                self.mask(vm.start(), listed.end(), domain=True)
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
            SOURCE_NAME.fullmatch(self.s, verb.end(), start + with_at.start())
            if verb and with_at
            else None
        )
        left_named = LEFT_NAME_FIRST.fullmatch(self.s, start, m.start())
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
            self.topics.append((left_named.start("t"), left_named.group("t")))
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

    def _participle_subject_source(self, m: re.Match[str]) -> None:
        """ "I want each scheduled pass (gs.pass_schedule) matched to ...": the records a
        participle of pairing is said of, their topic in brackets or after "on", are the source
        when none was read; the words before the records' noun may be words of the topic's
        name ("scheduled" of pass_schedule), which describe them, or must be plain."""
        said = PARTICIPLE_SUBJECT.search(self.s, max(0, m.start() - 120), m.start())
        topic = said and (said["t"] or said["t2"])
        if not said or not topic or not said["d"] or self.topics:
            return
        parts = {singular(p) for p in re.split(r"[\W_]+", topic.lower()) if p}
        words = [
            w
            for w in said["d"].split()
            if not {singular(w.lower()), w.lower()[:-1], w.lower()[:-2]} & parts
        ]
        *_before, noun = said["d"].split()
        if words and words[-1] != noun:
            return  # (the head noun is the records', never dropped as a word of the name)
        if words and not self._plain_subject(" ".join(words)):
            return  # "each late pass (gs.passes) matched to ...": may select, left unread
        reader, self.reader = self.reader, "sources"
        start = said.start("t") if said["t"] else said.start("t2")
        self.topics.append((start, unquote(topic)[0]))
        self.mask(said.start(), said.end())
        self.reader = reader

    @staticmethod
    def _plain_subject(said: str) -> bool:
        """The words describing a join's subject records only say what they are ("mixer
        batches"), none that may pick some of them ("late batches")."""
        from .sources import description_word  # (sources imports the join helpers)

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
        left = self.s[verb.end() : self.s.find(right_phrase, verb.end())]
        if not re.fullmatch(
            r"\s*(?:(?:each|every|all|the|our)\s+)?(?:[a-z]+\s+){0,2}(?:with|to|against)\s*",
            left,
            ICASE,
        ):
            return False  # "join topic x with its zone": the left side names a topic
        if table.pos > verb.start() or JOIN_VERB.search(table.right_phrase):
            return False  # the table's own clause has a join verb: this one is another join
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
        if not rows or rows[-1] not in own | {singular(w) for w in TABLE_NAME_WORDS}:
            return False
        said = Join(verb.start(), "table", table.right_topic, said_side, None, None)
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "... on zone_id, adding zone_name and surge_multiplier"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        else:  # "join on norad_id and attach tle_line1, tle_line2 and tle_epoch"
            end = list_past_comma(self.s, verb.start(), end)
        clause = self.s[verb.start() : end]
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
        self.mask(verb.start(), self.s.find(right_phrase, verb.end()) + len(right_phrase),
                  domain=True)  # fmt: skip
        for a, b in spans:
            self.mask(verb.start() + a, verb.start() + b, domain=True)
        return True

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
        after = named.end() if named else them.end() if them else verb.end()
        if not BARE_JOIN_AFTER.match(self.s, after):
            return False  # ("join the rooms on room_id": another stream named)
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

    def _two_producers(self, join_verb: re.Match[str]) -> str | None:
        """ "We have cow collars sending to "a" and the water troughs sending to "b". Join them":
        the first topic is the source (read here), the other's name is returned; the producers
        are plain words describing the records (see `description_word`)."""
        from .sources import description_word  # (sources imports the join helpers)

        if not JOIN_THEM.match(self.s, join_verb.end()):
            return None
        pm = None
        # (on the request's words: the sinks read "sending to x" as an output already)
        for cand in TWO_PRODUCERS.finditer(self.text, 0, join_verb.start() + 5):
            if cand.end() == join_verb.start():
                pm = cand
        if pm is None:
            return None
        said = (pm.group("d1") + " " + pm.group("d2")).split()
        if not all(description_word(w) for w in said):
            return None
        a, b = unquote(pm.group("a"))[0], unquote(pm.group("b"))[0]
        # (read before as outputs, "sending to x", or as sources each, "sensors sending to x")
        self.sinks = [
            sink
            for sink in self.sinks
            if not (pm.start() <= sink.pos < pm.end() and sink.data.get("topic") in (a, b))
        ]
        self.topics = [t for t in self.topics if not (pm.start() <= t[0] < pm.end())]
        # (the words are the join's reading now, never an output's or a source's of their own)
        self.spans = [sp for sp in self.spans if not (pm.start() <= sp[0] and sp[1] <= pm.end())]
        self.mask(pm.start(), pm.start("a"), domain=True)
        reader, self.reader = self.reader, "sources"
        self.topics.append((pm.start("a"), a))
        self.mask(pm.start("a"), pm.end("a"))
        self.reader = reader
        self.mask(pm.end("a"), pm.end(), domain=True)
        return b

    def _said_topics(self, pos: int) -> list[tuple[str, int, int]]:
        """The Kafka topics named before `pos`, in the order said, once each: (name, start and
        end of the words naming it with the producer's verb). A bare name counts only after
        "to"/"on"/"in" or before "topic" ("writes to payments-issued"), never "low-cost"."""
        found: dict[str, tuple[str, int, int]] = {}
        for tm in SAID_TOPIC.finditer(self.text, 0, pos):
            if tm.group("t"):
                name = unquote(tm.group("t"))[0]
            else:
                bare = re.search(r"(?:\b(?:to|into|on|in|onto)\s+(?:the\s+)?(?:kafka\s+)?$)",
                                 self.text[tm.start() : tm.start("t2")], ICASE)  # fmt: skip
                # "on two different Kafka topics: 'a' and 'b'": quoted names listed after "topics"
                listed = re.search(
                    rf"\btopics\s*:?\s*(?:(?:{QUOTED})\s*(?:,\s*(?:and\s+)?|and\s+))*$",
                    self.text[: tm.start("t2")],
                    ICASE,
                )
                if listed and not unquote(tm.group("t2"))[1]:
                    listed = None
                # "we have two topic: handover-requests and handover-results": names counted
                listed = listed or re.search(
                    r"\b(?:two|2)\s+(?:different\s+|separate\s+)?(?:kafka\s+)?topics?\s*[:,]?\s*"
                    rf"(?:(?:{QUOTED}|[A-Za-z]\w*(?:-\w+)+)\s*(?:,\s*(?:and\s+)?|and\s+))?$",
                    self.text[: tm.start("t2")],
                    ICASE,
                )
                # "Consume payroll-runs and payroll-adjustments, join them ...": names listed
                # after a reading verb
                listed = listed or READ_LIST_BEFORE.search(self.text[: tm.start("t2")])
                if not bare and not listed and not re.search(r"\btopic$", tm.group(0), ICASE):
                    continue
                name = unquote(tm.group("t2"))[0]
            found.setdefault(name.lower(), (name, tm.start(), tm.end()))
        return sorted(found.values(), key=lambda t: t[1])

    def _streams_said_before(
        self, join_verb: re.Match[str], right_noun: str | None = None
    ) -> str | None:
        """ "Approvals are published to the topic claims-approved and the payment system writes
        to payments-issued; both carry claim_id. ... join the two streams on claim_id": a join
        of "them" when exactly two topics were named before it; the first is the source, the
        other's name is returned (read before as an output, "app sends event to topic x", it is
        the joined stream now)."""
        if right_noun is None and not JOIN_THEM.match(self.s, join_verb.end()):
            return None
        said = self._said_topics(join_verb.start())
        if right_noun is not None:
            # "Pair each approval with its payment ...": the one of the two whose name says it
            words = [self._side_words(name) for name, _, _ in said]
            parts = self._side_words(right_noun) or {singular(right_noun)}
            if len(said) != 2 or not parts or sum(parts <= w for w in words) != 1:
                return None
            if parts <= words[0]:
                said = [said[1], said[0]]
        if len(said) != 2:
            if len(said) > 2:
                raise RequestNotUnderstood(
                    f"{self.s[join_verb.start():self.clause_end(join_verb.end())].strip()!r}: "
                    f"{len(said)} topics are named before it ({', '.join(t for t, _, _ in said)}); "
                    "say which two it joins, e.g. \"join topic 'orders' with topic 'payments' on "
                    'order_id within 15 minutes"'
                )
            return None
        (left, lstart, lend), (right, rstart, rend) = said
        count = re.search(
            r"\b(?:(?:on|to|in|into|onto)\s+)?(?:two|2)\s+(?:different\s+|separate\s+)?"
            r"(?:kafka\s+)?topics?\s*[:,]\s*$",
            self.s[:lstart],
            ICASE,
        )
        if count:  # "arrives on two Kafka topics: 'a' and 'b'": the two streams, counted
            self.mask(count.start(), count.end(), domain=True)
        listed = READ_LIST_BEFORE.search(self.s[:lstart])
        if listed and listed["w"]:  # "read topics a and b": the word read with both streams
            self.mask(listed.start("w"), listed.end("w"), domain=True)
        outputs = [
            s
            for s in self.sinks
            if s.pos < join_verb.start()
            and (s.data.get("topic") or "").lower() in (left.lower(), right.lower())
        ]
        self.sinks = [s for s in self.sinks if s not in outputs]
        self.spans = [sp for sp in self.spans if not (rstart <= sp[0] and sp[1] <= rend)]
        self.topics = [t for t in self.topics if t[1].lower() != right.lower()]
        self.mask(self._producer_start(rstart), rend, domain=True)
        if any(t[1].lower() == left.lower() for t in self.topics):
            return right
        if MASK in self.s[lstart:lend] and not any(
            (s.data.get("topic") or "").lower() == left.lower() for s in outputs
        ):
            return right  # read by another recogniser
        # "Our checkout service publishes to checkout-started": the source, with who writes it
        # (also when read as an output: "the events are written to topic x")
        self.spans = [sp for sp in self.spans if not (lstart <= sp[0] and sp[1] <= lend)]
        reader, self.reader = self.reader, "sources"
        self.topics.append((lstart, left))
        self.mask(self._producer_start(lstart), lend)
        self.reader = reader
        return right

    def _right_producer_said(self, join_verb: re.Match[str], topic: str) -> None:
        """ "Quotes arrive on exchange-quotes. Join exchange-trades with exchange-quotes ...": who
        writes the joined stream, said before the join that names its topic again (only words
        no other recogniser read: never the source, nor an output)."""
        said = self._said_topics(join_verb.start())
        for name, start, end in said:
            if name.lower() != topic.lower():
                continue
            others = [t for t in self.topics if t[1].lower() != name.lower()]
            if len(others) < len(self.topics):
                # ("The pricing service publishes to tariff-updates": read as a source, but the
                # join names it as its other stream; never when no other topic is said)
                if not others and all(n.lower() == name.lower() for n, _s, _e in said):
                    continue
                who = self._producer_start(start)
                self.spans = [sp for sp in self.spans if not (who <= sp[0] and sp[1] <= end)]
                self.topics = others
            elif MASK in self.s[start:end]:
                continue
            self.mask(self._producer_start(start), end, domain=True)

    def _producer_start(self, start: int) -> int:
        """Where the words naming who writes the topic mentioned at `start` begin ("and the
        technicians' app posts to x", "when user open it, app sends event to topic x"), or
        `start` when the words there describe no producer."""
        from .sources import description_word  # (sources imports the join helpers)

        # (in the words as written: "the door contact sensors publish on x", "sensors" read
        # already as the domain's word)
        who = PRODUCER_BEFORE.search(self.text[:start])
        if who and all(
            description_word(w.strip("'")) or w.lower() in _PRODUCER_NOUNS
            for w in who.group("w").split()
        ):
            return who.start("when") if who["when"] else who.start("w")
        return start

    def _prior_bound(self, join: Join, right_phrase: str, pos: int) -> tuple[int, int] | None:
        """(before_ms, after_ms) of a bound said before the join of two streams named before
        it ("A payment always comes after the approval, at most 48 hours later."), its words
        masked; None when there is none."""
        bm = None
        for pattern in PRIOR_BOUND:
            for cand in pattern.finditer(self.s, 0, pos):
                bm = cand if bm is None or cand.start() > bm.start() else bm
        if bm is None:
            return None
        said, later = _direction(bm.group("dir")), _direction(bm.group("adir"))
        if later is not None and later != said:
            raise RequestNotUnderstood(
                f"join time bound {bm.group(0).strip()!r}: it says both {bm.group('dir')!r} and "
                f"{bm.group('adir')!r}; say one, e.g. \"A payment comes at most 48 hours after "
                'the approval"'
            )
        # (read as "up to <duration> <direction>" of the subject, relative to the reference)
        as_bound = UP_TO.match(f"up to {bm.group('a')} {bm.group('dir')}")
        assert as_bound is not None
        bounds = self._bound(join, right_phrase, as_bound, bm.group("noun"), bm.group("ref"))
        self.mask(bm.start(), bm.end(), domain=True)
        return bounds

    def _clause_start(self, pos: int, verb: re.Pattern[str]) -> int:
        begin = max(
            self.s.rfind(",", 0, pos), self.s.rfind(";", 0, pos), self.s.rfind(". ", 0, pos)
        )
        found = None
        for vm in verb.finditer(self.s, begin + 1, pos):
            found = vm.start()
        return found if found is not None else begin + 1

    def _clause_end_outside_parens(self, pos: int, since: int | None = None) -> int:
        """Where the clause at `pos` ends, never inside parentheses opened from `since` (or
        `pos`) on: "with deliveries (topic deliveries: parcel_id string, ...) on parcel_id, ..."
        goes on after them."""
        end = self.clause_end(pos)
        since = pos if since is None else since
        while self.s.count("(", since, end) > self.s.count(")", since, end):
            close = self.s.find(")", end)
            if close < 0:
                break
            end = self.clause_end(close + 1)
        return end

    def _how_said_again(self, m: re.Match[str]) -> int | None:
        """ "inner join", "left join" in a clause of its own: the word "join" after the join's
        how (read by `extract_join_how`), with nothing after it in its clause; where the words
        saying it end."""
        how = re.search(
            r"\b(?P<h>inner|left|left\s+outer|outer)[\s-]+$", self.text[: m.start()], ICASE
        )
        if not (
            m.group(0).lower() == "join" and how and re.search(r"\x00[\s-]*$", self.s[: m.start()])
        ):
            return None
        # ("Left join so nothing gets dropped.": what a left join does, said after it)
        kept = how["h"].lower().startswith("left") and NOTHING_DROPPED.match(self.s, m.end())
        end = kept.end() if kept else m.end()
        # ("inner join pls, ...": a please after it says nothing more; "inner join is fine",
        # "a left join works": nor does a word approving it)
        after = re.compile(
            rf"(?P<more>\s+(?:please|pls|plz)|{HOW_APPROVED})?"
            r"\s*(?:[,;)!]|\.(?!\w)|$|[-\u2013\u2014]\s)",
            ICASE,
        ).match(self.s, end)
        if not after:
            return None
        return after.end("more") if after.group("more") else end

    def _later_use(self, m: re.Match[str]) -> bool:
        """The join verb `m` says what someone does with the output later: "so the booking team
        can join against it", "so that analysts could join with them"."""
        return bool(
            LATER_USE_BEFORE.search(self.s, max(0, m.start() - 60), m.start())
            and LATER_USE_AFTER.match(self.s, m.end())
        )

    def _mask_join_done(self) -> None:
        """ "please do a left join on booking_ref", "perform an inner join with ...": the verb
        doing the join (read already, its words masked) says nothing more."""
        if not self.joins:
            return
        for m in list(JOIN_DONE.finditer(self.s)):
            said = JOIN_DONE_WORDS.match(self.text, m.end())
            if said and set(self.s[m.end() : said.end()]) <= {MASK, " ", "-"}:
                self.mask(m.start(), m.end(), domain=True)

    def _mask_join_back_refs(self) -> None:
        """ "After the join keep only ...": once a join is read, the words pointing back at it
        to order a step say no second join (the step's order is read by the assembler)."""
        if not self.joins:
            return
        for m in list(JOIN_BACK_REF.finditer(self.s)):
            if MASK not in m.group(0) and m.start() > self.joins[0].pos:
                self.mask(m.start(), m.end(), domain=True)

    def _pairing_not_for_each(self, m: re.Match[str]) -> bool:
        """A verb of pairing read as a finding ("attach readings from x with the same k ...")
        is a join only after "for each ..." in its sentence; elsewhere it is no join verb."""
        if not m.groupdict().get("pairing"):
            return False
        sentence = re.split(r"[.;!?]\s|\n", self.text[: m.start()])[-1]
        return not FIND_FOR_EACH.search(sentence)

    def extract_interval_join(self) -> None:
        from .sources import description_word  # (sources imports the join helpers)

        self._mask_join_back_refs()
        m = self._strict_verb() or self.enrich_as_join
        while (
            m is not None
            and m is not self.enrich_as_join
            and (self._later_use(m) or self._pairing_not_for_each(m))
        ):
            # "... into ClickHouse so the booking team can join against it": what the readers of
            # the output will do, no join of this pipeline (left to the purpose reader)
            m = self._strict_verb(m.end())
        said_again = self._how_said_again(m) if m and self.joins else None
        if m and said_again:
            # "... with the compacted topic x on k; inner join, so ...": how the table join
            # (read already) keeps records, no second join
            self.mask(m.start(), said_again, domain=True)
            m = self._strict_verb() or self.enrich_as_join
        if not m:
            return
        lead = re.compile(r"\s*:\s*").match(self.s, m.end())
        again = self._strict_verb(lead.end()) if lead else None
        again = again if again and lead and again.start() == lead.end() else None
        if lead and again:  # "we need them merged: join each power reading with ...": how
            self.mask(m.start(), lead.end(), domain=True)
            m = again
        # ("Join: flights.landings by flight_id, ...": a label, its clause after the colon)
        # ("Join: with esports.flags on player_id, ...": the label, then "with" and the side)
        label = (
            lead
            if lead
            and not again
            and (JOIN_TOPIC_OBJECT.match(self.s, m.end()) or JOINED_WITH.match(self.s, lead.end()))
            else None
        )
        end = self._clause_end_outside_parens(label.end() if label else m.end())
        # ("join them on imo_number ... from 30 minutes before up to 2 hours after": a bound's
        # "to", never the other side)
        wm = _joined_with(self.s, m.end(), end)
        found = FIND_JOIN.match(self.s, m.start())
        if found and found["pairing"] and self._pairing_not_for_each(found):
            found = None  # "pair each return on x with ...": the pairing verb's usual reading
        if found:
            # "for every GO on x, find the dimmer acknowledgement on y with the same cue_id":
            # the other side is the verb's object
            sentence = re.split(r"[.;!?]\s|\n", self.text[: m.start()])[-1]
            lead = FIND_FOR_EACH.search(sentence)
            if not lead:
                raise RequestNotUnderstood(
                    f"{self.s[m.start():end].strip()!r}: say which records it is found for, "
                    'e.g. "for every order on shop.orders, find the payment on shop.payments '
                    'with the same order_id within 10 minutes"'
                )
            at = m.start() - len(sentence)
            for g in ("when", "ask"):  # ("when a failure lands on x, can we attach ...")
                if lead[g]:
                    self.mask(at + lead.start(g), at + lead.end(g), domain=True)
            wm = re.compile(r"\s+").match(self.s, m.end())
        if not wm:  # "join topic checkouts and topic payments by session_id"
            wm = JOIN_AND_TOPIC.search(self.s, m.end(), end)
        wm = wm or self._topic_object(m)
        if wm and JOIN_THEM.match(self.s, m.end()) and WITH_BOUND.match(self.s, wm.start()):
            wm = None  # "join them on order_id with the shipment at most 3 days after ...": a bound
        if wm:
            self._refuse_with_before_with(wm, end)
        pair = self._two_producers(m) if not wm else None
        said_before = same_key = None
        if not wm and not pair:
            # "... writes to payments-issued; both carry claim_id. ... join the two streams"
            pair = said_before = self._streams_said_before(m)
        if pair:
            wm = JOIN_THEM.match(self.s, m.end())
        if not wm and self._table_join_said_again(m, end):
            return
        if not wm:
            raise RequestNotUnderstood(
                "join: name the other stream, e.g. \"join ... with topic 'profiles' on user_id "
                'within 5 minutes" (or "... with the latest customer record from compacted '
                "topic 'customers'\" for a stream-table join)"
            )
        colon = re.compile(r"\s*:\s*").match(self.s, end)
        if colon and KEY_SAME_AS.match(self.s, colon.end()):
            # "Join them: collar animal_id is same as trough tag_id, ...": the key after a colon
            end = self.clause_end(colon.end())
        else:
            colon = None
        more = BOUND_CLAUSE.match(self.s, end)
        if more and not WITHIN.search(self.s, m.end(), end):
            end = self.clause_end(more.end() + 1)
        stop = self.search_unquoted(RIGHT_PHRASE_END, wm.end(), end)
        right_end = stop.start() if stop else end
        if colon:
            right_end = min(right_end, colon.start())
        right_phrase = pair if pair else self.s[wm.end() : right_end]
        if not pair and self._joins_declared_table(m, right_phrase, end):
            return
        topic = None
        tm = re.search(rf"\btopic\s+(?P<t>{NAME})", right_phrase, ICASE) or re.search(
            rf"\bthe\s+(?P<t>{NAME})\s+(?:kafka\s+)?topic\b", right_phrase, ICASE
        )
        if not said_before and not tm and not pair:
            noun = re.fullmatch(
                # ("with the door-open events": a name of words joined by '-')
                r"\s*(?:its|their|the|a|an|each)\s+(?P<n>[a-z]+(?:-[a-z]+)*)"
                # "with the cadence readings of the same ride_id that are within 2 seconds":
                # the topic's first word, its records, and the key said of them
                r"(?:\s+(?:readings|events|records|messages|pings|updates)"
                r"(?:\s+(?:of|for|with)\s+the\s+same\s+(?P<k>\w+))?(?:\s+that\s+(?:are|were|is|was))?)?\s*",
                right_phrase,
                ICASE,
            )
            if noun:  # "pair each approval with its payment ...", two topics said before
                said_before = self._streams_said_before(m, noun["n"].lower())
                same_key = noun["k"] if said_before else None
        if said_before:
            topic = said_before
        elif tm:
            topic = unquote(tm.group("t"))[0]
            self._right_producer_said(m, topic)
        else:
            qm = re.search(QUOTED, right_phrase)
            if qm:
                topic = unquote(qm.group(0))[0]
            bare = topic_named_in(right_phrase)
            if bare:  # "join exchange-trades with exchange-quotes": its name alone
                self._right_producer_said(m, bare)
                topic = bare  # as said ("dating.first-message" keeps its dot)
        taken = re.search(
            r"\b(?:taking|take|adding|copying|with\s+fields?)\s+\w+", right_phrase, ICASE
        )
        if taken and topic:
            # "with topic payments (taking status) on order_id": the fields are read after the
            # key, so these would be dropped for the usual ones
            raise RequestNotUnderstood(
                f"{' '.join(right_phrase.split())!r}: say the fields to take after the join's "
                f'key and bound (e.g. "join orders with payments on order_id within 15 '
                f'minutes, taking status and amount")'
            )
        clause = self.s[right_end:end]
        nxt = BOUND_NEXT.match(self.s, end)
        if nxt and not WITHIN.search(clause) and not UP_TO.search(clause):
            end = self.clause_end(nxt.end())
            clause = self.s[right_end:end]
        side = EITHER_WAY_AFTER.match(self.s, end)
        if side and WITHIN.search(clause):  # "within 2 seconds of it, either side"
            end = side.end()
            clause = self.s[right_end:end]
        grace = GRACE_CLAUSE.match(self.s, end)
        if grace:  # "..., allowing 1 minute of grace, taking temp_c"
            end = grace.end()
            clause = self.s[right_end:end]
        how_said = HOW_CLAUSE_READ.match(self.s, end) if self.join_how else None
        if how_said and FIELDS_CLAUSE.match(self.s, how_said.end()):
            # ("...; left join so unpaid claims still flow, copying a and b": the join's how,
            # read already, between the join's clause and its fields)
            self.mask(end, how_said.end(), domain=True)
            end = how_said.end()
            clause = self.s[right_end:end]
        more = FIELDS_CLAUSE.match(self.s, end)
        if more and not re.search(r"\b(?:taking|adding|take|copy|fields?)\b", clause, ICASE):
            # "..., within 3 days after the order, take carrier and tracking_no"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
            clause = self.s[right_end:end]
        grace = None if grace else GRACE_CLAUSE.match(self.s, end)
        if grace:  # "..., taking temp_c, allowing 1 minute of grace"
            end = grace.end()
            clause = self.s[right_end:end]
        if m.groupdict().get("participle"):
            self._participle_subject_source(m)
        join = Join(m.start(), "interval", topic, right_phrase, None, None)
        self.join_left_phrase = self.s[m.end() : wm.start()]
        left = re.fullmatch(
            r"\s*(?:the\s+)?(?P<t>[A-Za-z][\w.-]*)\s*",
            self.join_left_phrase,
        )
        if left and left.group("t").lower() not in STOP and not self.topics:
            # "left join ad-impressions to ad-clicks", "join shipments to deliveries": the one
            # word on the left of the join names the source topic (said as an assumption)
            topic = left.group("t")
            reader, self.reader = self.reader, "sources"
            self.topics.append((m.end() + left.start("t"), topic))
            self.mask(m.end() + left.start("t"), m.end() + left.end("t"))
            self.reader = reader
            if not re.fullmatch(NAMED_TOPIC, topic):
                # "join pos-receipts with ...": a name only a topic has is named, not assumed
                self.join_left_assumed = self.topics[-1]
                self.assumptions.append(f"the source topic was not named; assumed {topic!r}")
        elif left and any(t[1].lower() == left.group("t").lower() for t in self.topics):
            # "Readings come in on grid-readings. ... Join grid-readings with ...": said again
            reader, self.reader = self.reader, "sources"
            self.mask(m.end() + left.start("t"), m.end() + left.end("t"))
            self.reader = reader
        if said_before:  # the source said before: its name says which noun is the left side
            lm = re.fullmatch(
                r"\s*(?:each|every|the|an?)\s+(?:(?P<q>[a-z]+)\s+)?(?P<n>[a-z]+)\s*",
                self.join_left_phrase,
                ICASE,
            )
            # ("join each power reading with ...": a word of the source topic's name first)
            named = self._side_words(self._said_topics(m.start())[0][0])
            if (
                lm
                and description_word(lm["n"])
                and (not lm["q"] or singular(lm["q"].lower()) in named)
            ):  # "pair each approval with its payment"
                self.mask(m.end() + lm.start(), m.end() + lm.end("n"), domain=True)
            self.join_left_phrase = self._said_topics(m.start())[0][0]
        else:
            # "Claims land on claims-submitted. Match each claim with ... the policy-updates
            # topic": the source's records, said by a word of its name
            lm = re.fullmatch(r"\s*(?:each|every)\s+(?P<n>[a-z]+)\s*", self.join_left_phrase, ICASE)
            if (
                lm
                and description_word(lm["n"])
                and any(
                    singular(lm["n"].lower()) in self._side_words(t)
                    for t in [t for t, _s, _e in self._said_topics(m.start())]
                    # ("Read lab.samples and line up each sample with ...": named before)
                    + re.findall(TOPIC_LIKE, self.text[: m.start()])
                )
            ):
                self.mask(m.end() + lm.start(), m.end() + lm.end("n"), domain=True)
            pron = LEFT_PRONOUN.fullmatch(self.join_left_phrase)
            if pron and re.search(TOPIC_LIKE, self.text[: m.start()]):
                # "take hockey.penalties ... and match each one against hockey.shots": the
                # source's records pointed back at, its topic named before
                self.mask(m.end() + pron.start("p"), m.end() + pron.end("p"), domain=True)
        # Only what is read is masked: other words in the clause ("but only for amounts over
        # 100") are left to the other recognisers or refused, never dropped with the join.
        spans = read_join_key_and_fields(join, clause)
        if join.left_key and clause.rstrip().endswith(join.left_key):
            # "on ride_id, driver_id within 1 hour": the clause ended at the comma, and the
            # second key was read as the records a bound is said of
            _refuse_second_key(
                self.s,
                right_end + len(clause.rstrip()),
                join.left_key,
                named_only=True,
                sides=(join.right_topic or "",),
            )
        if said_before:
            both = None
            for cand in BOTH_CARRY.finditer(self.s, 0, m.start()):
                both = cand
            if (
                both
                and join.left_key in (None, both.group("k"))
                and join.right_key
                in (
                    None,
                    both.group("k"),
                )
            ):  # "both carry claim_id": the key said of the two streams (said again or not)
                join.left_key = join.right_key = both.group("k")
                self.mask(both.start(), both.end(), domain=True)
        if same_key and (join.left_key, join.right_key) not in ((same_key, same_key), (None, None)):
            raise RequestNotUnderstood(
                f"join: {right_phrase.strip()!r} and the key {join.left_key!r}; say one key"
            )
        if same_key and join.left_key is None:
            join.left_key = join.right_key = same_key
        self._take_side_fields(join)
        bound_end = None
        bm = (
            FROM_TO.search(clause)
            or UP_TO.search(clause)
            or WITHIN.search(clause)
            or FROM_ZERO.search(clause)
        )
        subject = ref = None
        if bm:
            sm = BOUND_SUBJECT.search(clause[: bm.start()])
            subject = sm.group("noun") if sm else None
            rm = BOUND_REF.match(clause, bm.end())
            if rm and not self._ref_names_records(join, right_phrase, rm):
                rm = None  # "within 10 minutes either side rounded down": left unread
            ref = _range_ref(bm, rm.group("ref") if rm else None)
            bound_to = _one_sided_end(bm, clause, rm.end() if rm else bm.end(), subject, ref)
            spans.append((sm.start() if sm else bm.start(), bound_to))
        else:  # the bound as the next clause: "..., clicks up to 10 minutes after the impression"
            bm = (
                # (the range first: "from up to 1 hour before ... to 10 minutes after")
                NEXT_FROM_TO.match(self.s, end)
                or NEXT_BOUND.match(self.s, end)
                or NEXT_BARE_BOUND.match(self.s, end)
            )
            if bm:
                subject = bm.group("noun")
                ref = _range_ref(bm, bm.group("ref"))
                bound_end = _one_sided_end(bm, self.s, bm.end(), subject, ref)
        prior = None
        if not bm and said_before:
            # "A payment always comes after the approval, at most 48 hours later. ... join the
            # two streams on claim_id within that window"
            prior = self._prior_bound(join, right_phrase, m.start())
            that = THAT_WINDOW.search(clause)
            if prior and that:
                spans.append((that.start(), that.end()))
        if not bm and not prior:
            raise RequestNotUnderstood(
                'stream-stream join: give a time bound (e.g. "within 5 minutes"), or ask '
                "for the latest value from a compacted topic for a stream-table join"
            )
        if bm is not None:
            self._bound_nouns_name_records(
                join, right_phrase, bm.group(0), bm.string[bm.start() : bm.end() + 60]
            )
            join.before_ms, join.after_ms = self._bound(join, right_phrase, bm, subject, ref)
        elif prior is not None:
            join.before_ms, join.after_ms = prior
        gm = re.search(
            rf"\b(?:grace(?:\s+period)?\s*(?:of)?\s*(?P<a>{DUR})|(?P<b>{DUR})\s+(?:of\s+)?grace)",
            clause,
            ICASE,
        )
        if gm:
            join.grace_ms = dur_ms(gm.group("a") or gm.group("b"))
            spans.append((gm.start(), gm.end()))
        self.mask(wm.start(), right_end, domain=True)
        for start, stop_at in spans:
            self.mask(right_end + start, right_end + stop_at, domain=True)
        # ("..., taking scans from up to 45 minutes before the departure to 5 minutes after
        # it, and add ticket_type": the records taken, then the fields in a clause of their own)
        fields_at = end
        if bound_end is not None:
            self.mask(end, bound_end, domain=True)
            read_paren = re.compile(r"\s*\([\s\x00]*\)").match(self.s, bound_end)
            if read_paren and MASK in read_paren.group(0):  # "(inner)", read as the join's how
                bound_end = read_paren.end()
            fields_at = bound_end
        more = FIELDS_CLAUSE.match(self.s, fields_at)
        if more and not join.fields:  # "...; conversions can arrive up to 7 days after the
            # click; take revenue": the fields after the bound's own clause
            after = Join(fields_at, "interval", join.right_topic, right_phrase, None, None)
            spans = read_join_key_and_fields(
                after,
                self.s[
                    fields_at : max(
                        self.clause_end(more.end()), fields_list_end(self.s, more.end())
                    )
                ],
            )
            if after.fields:
                join.fields, join.targets = after.fields, after.targets
                self.mask(fields_at + spans[-1][0], fields_at + spans[-1][1], domain=True)
        if not join.fields:  # "... Copy lat and lon as scan_lat and scan_lon."
            for vm in TAKE_VERB.finditer(self.s, m.end()):
                renamed = renamed_fields(self.s, vm.end())
                tail = renamed and SENTENCE_END.match(self.s, renamed[2])
                if renamed and tail:
                    join.fields, join.targets, _end = renamed
                    self.mask(vm.start(), tail.end(), domain=True)
                    break
        if not join.fields:  # "... Take driver_id into the output."
            tm = TAKE_INTO_OUTPUT.search(self.s, m.end())
            if tm and tm["whose"] and not self._names_right(join, right_phrase, tm["whose"]):
                tm = None  # "Copy the goal's scorer ...": the left stream's field, left unread
            if tm:
                join.fields = _ids(tm.group("ids"))
                self.mask(tm.start(), tm.end(), domain=True)
        self.mask(m.start(), m.end())
        self.joins.append(join)
        for pm in ROW_PER_PAIR.finditer(self.s):  # "one row per matched pair": what it emits
            self.mask(pm.start(), pm.end(), domain=True)

    def _bound(
        self, join: Join, right_phrase: str, bm: re.Match[str], subject: str | None,
        ref: str | None,
    ) -> tuple[int, int]:  # fmt: skip
        """(before_ms, after_ms) of a bound: "within 5 minutes" (either way), "up to 10 minutes
        after", "10 minutes before or 20 minutes after"; the nouns say whose time is later."""
        words = bm.group(0).strip(" ,;")
        a = dur_ms(bm.group("a"))
        adir = _direction(bm.group("adir"))
        b = dur_ms(bm.group("b")) if bm.group("b") else None
        bdir = _direction(bm.group("bdir"))
        if bm.groupdict().get("both") or (adir is None and b is None):
            return a, a  # "within 5 minutes", "5 minutes before or after"
        if adir is None or (b is not None and adir == bdir):
            raise RequestNotUnderstood(
                f"join time bound {words!r}: say how far before and how far after, e.g. "
                '"payments up to 10 minutes before or 20 minutes after the order"'
            )
        spans = {adir: a, **({bdir: b} if b is not None and bdir else {})}
        before, after = spans.get("before", 0), spans.get("after", 0)
        if self._bound_names_left(join, right_phrase, subject, ref, words):
            before, after = after, before  # "orders up to 10 minutes before the payment"
        return before, after

    def _bound_names_left(
        self, join: Join, right_phrase: str, subject: str | None, ref: str | None, words: str
    ) -> bool:
        """Whether a one-sided bound is said of the left stream ("orders up to 10 minutes before
        the payment") rather than the right one ("payments up to 10 minutes after the order").
        Nouns naming neither side leave the usual reading (the right stream's time); nouns that
        contradict each other are refused."""

        def short(name: str) -> str:
            return name.rsplit(".", maxsplit=1)[-1].lower()

        def side(noun: str | None) -> str | None:
            if noun is None or noun.lower() in STOP:
                return None
            # ("brine_out arriving up to 6 hours after brine_in": the topics' short names)
            lefts = {short(t) for _, t in self.topics} | {
                short(w) for w in self.join_left_phrase.split() if "." in w
            }
            rights = {short(join.right_topic or "")} - {""}
            if noun.lower() in rights - lefts:
                return "right"
            if noun.lower() in lefts - rights:
                return "left"
            word = singular(noun.lower())
            left = self._side_words(self.join_left_phrase)
            right = self._side_words(right_phrase + " " + (join.right_topic or ""))
            if word in right and word not in left:
                return "right"
            if word in left and word not in right:
                return "left"
            return None

        said, against = side(subject), side(ref)
        if said and against and said == against:
            raise RequestNotUnderstood(
                f"join time bound {words.strip(' ,;')!r}: it compares {subject!r} with {ref!r}, the same "
                "stream; say which stream's records may come later, e.g. \"clicks up to 10 "
                'minutes after the impression"'
            )
        return said == "left" or (said is None and against == "right")

    def _bound_nouns_name_records(
        self, join: Join, right_phrase: str, bound: str, said: str
    ) -> None:
        """A word before the plain record noun a time bound is said against ("within 2 seconds
        of the door event") must name a joined stream's records (a word of its name) or records
        at all ("the scan event"); any other word ("of the premium event") would select
        records, and the bound cannot. While a side's topic is still unread (the source said
        after the join, "x → join y ... before the seat reading"; the other stream named by its
        records), the check waits for the build, when every topic is known."""
        noun = self._bound_noun_unnamed(join, right_phrase, bound, said)
        if noun is None:
            return
        if not self.topics or join.right_topic is None:
            self.join_bound_nouns.append((join, right_phrase, bound, said))
            return
        self._refuse_bound_noun(bound, noun)

    def _bound_noun_unnamed(
        self, join: Join, right_phrase: str, bound: str, said: str
    ) -> str | None:
        """The word before a bound's record noun that names no joined stream, if any (`said`:
        the bound and the words after it)."""
        known = (
            self._side_words(self.join_left_phrase)
            | self._side_words(right_phrase + " " + (join.right_topic or ""))
            | {singular(w) for w in self.topic_words()}
            | _PLAIN_BOUND_NOUNS
        )
        for m in _BOUND_OF_NOUN.finditer(said):
            noun = m.group("n")
            if m.start() > len(bound) or noun.lower() in STOP:
                continue
            if singular(noun.lower()) not in known:
                return noun
        return None

    @staticmethod
    def _refuse_bound_noun(bound: str, noun: str) -> None:
        raise RequestNotUnderstood(
            f"join time bound {bound.strip(' ,;')!r}: {noun!r} names neither joined "
            "stream's records; say which records the bound compares, e.g. \"clicks up "
            'to 10 minutes after the impression", and any condition as a filter'
        )

    def _names_right(self, join: Join, right_phrase: str, noun: str) -> bool:
        """Whether `noun` names the joined (right) stream and not the left one."""
        word = singular(noun.lower())
        right = self._side_words(right_phrase + " " + (join.right_topic or ""))
        return word in right and word not in self._side_words(self.join_left_phrase)

    def _ref_names_records(self, join: Join, right_phrase: str, rm: re.Match[str]) -> bool:
        """A bound's reference names records: after a determiner ("after the order", "of its
        scan"), or bare when its word names a side or any record ("after impression"); a bare
        word that names neither ("within 10 minutes either side rounded down") is no
        reference, and is left unread rather than masked with the bound."""
        if re.match(r"\s+(?:the|its|their|each|an?)\s", rm.group(0), ICASE):
            return True
        if not re.search(
            r"\b(?:after|before|of|than|following|preceding|later|earlier|since|from)\s*$",
            rm.string[: rm.start()],
            ICASE,
        ):  # "within two days local time": a bare word right after the duration is no record
            return False
        ref = singular(rm.group("ref").lower())
        sides = self._side_words(self.join_left_phrase) | self._side_words(
            right_phrase + " " + (join.right_topic or "")
        )
        if ref in sides | _PLAIN_BOUND_NOUNS or any(w[:5] == ref[:5] for w in sides if len(w) > 4):
            return True  # ("after assembly" of the toys.assembled records)
        # a participle, an adverb or a bound's adjective names no records
        return not _NO_RECORDS_WORD.fullmatch(ref)

    @staticmethod
    def _side_words(phrase: str) -> set[str]:
        return {singular(w) for w in re.split(r"[\W_]+", phrase.lower()) if w} - STOP

    def build_join(self) -> dict[str, Any] | None:
        if self.join_side_fields is not None:
            raise RequestNotUnderstood(
                f"{self.join_side_fields[1]!r}: fields taken from another stream need a join "
                "with it, and no join was read"
            )
        if not self.joins:
            if self.join_how:
                raise RequestNotUnderstood(
                    f"{self.join_how[1]!r}: keeping or dropping unmatched records applies to a "
                    "join with a Kafka topic, and no join was read"
                )
            return None
        if len(self.joins) > 1:
            raise RequestNotUnderstood("at most one join per pipeline")
        j = self.joins[0]
        for join, right_phrase, bound, said in self.join_bound_nouns:
            noun = self._bound_noun_unnamed(join, right_phrase, bound, said)
            if noun is not None:
                self._refuse_bound_noun(bound, noun)
        data = self._table_join(j) if j.kind == "table" else self._interval_join(j)
        if self.join_how:
            data = {"kind": data.pop("kind"), "how": self.join_how[0], **data}
        return data

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
                elif self.has(target) and target != right_key:
                    target = f"{entity}_{src}"
                    self.assumptions.append(
                        f"{src!r} from {j.right_topic!r} is added as {target!r}: the record "
                        f"has a field {src!r} already"
                    )
                mapping.append((src, target, types.get(src, guess_type(src))))
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
        guessed = [s for s, _t, k in mapping if k == "string" and s not in types]
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
        return {
            "kind": "table_join",
            "table_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }

    def claim_right_topic(self) -> None:
        self._claim_right_topic_said()
        self._right_named_by_records()
        self._drop_left_assumed_named()
        self.claim_declared_fields()

    def _right_named_by_records(self) -> None:
        """ "Pickups are on topic couriers.pickups and drop-offs on topic couriers.dropoffs. Left
        join pickups with drop-offs ...": the right side named by its records, a word (dashes
        left out) that is a part of exactly one topic read, which is then that side's topic,
        never a second source."""
        if len(self.joins) != 1 or self.joins[0].kind != "interval" or not self.topics:
            return
        if len(self.topics) < 2 and self.joins[0].right_topic is None:
            noun = RIGHT_RECORD_NOUN.fullmatch(self.joins[0].right_phrase or "")
            if noun:
                self._right_said_gapped(self.joins[0], noun["n"])
            return
        if len(self.topics) < 2:
            return
        j = self.joins[0]
        said = (j.right_topic or "").lower()
        noun = RIGHT_RECORD_NOUN.fullmatch(j.right_phrase or "") if not said else None
        if noun and self._right_said_gapped(j, noun["n"]):
            return
        if noun:
            # "Returns are on library.returns and checkouts are on library.checkouts. Join each
            # return with the checkout for the same item_barcode ...": its records' noun, said
            # with an article, no topic named (never a topic "checkout" assumed beside them)
            said = noun["n"].lower()
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", said):
            return
        word = said.replace("-", "")
        holding = [t for t in self.topics if _names_records(t[1], word) and t[1].lower() != said]
        if len(holding) != 1 or holding[0] == self.join_left_assumed:
            return
        misread = [t for t in self.topics if t[1].lower() == said]
        for pos, name in misread:
            # ("... and drop-offs on topic couriers.dropoffs": the records, said before the
            # topic holding them, read as a topic of a list; anything else stays as read)
            where = re.compile(
                r"\s+(?:are\s+|is\s+)?(?:on|in|from)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?"
                + re.escape(holding[0][1]),
                ICASE,
            )
            if not where.match(self.text, pos + len(name)):
                return
        for topic in misread + holding:
            self.topics.remove(topic)
        j.right_topic = holding[0][1]
        if noun:
            self._mask_records_said_on(holding[0])
        self._left_named_by_records()

    def _right_said_gapped(self, j: Join, noun: str) -> bool:
        """ "Returns are on library.returns and checkouts on library.checkouts. Join each return
        with the checkout ...": the other side's records said in the source's producer
        sentence, its verb left out after "and"; the join's noun and the records' noun end in
        the same word, a part of that topic's name. Whether it was read so."""
        word = singular(noun.rsplit(maxsplit=1)[-1].lower())
        for gm in GAPPED_RECORDS_ON.finditer(self.s):
            name = unquote(gm["t"])[0]
            said = singular(gm["n"].split()[-1].lower())
            if said != word or not _names_records(name, word):
                continue
            j.right_topic = name
            self.mask(gm.start("n"), gm.end(), domain=True)
            return True
        return False

    def _mask_records_said_on(self, topic: tuple[int, str]) -> None:
        """ "... and checkouts are on library.checkouts": the records' noun said of the topic
        now read as the join's other side (a source's would be its description)."""
        pos, name = topic
        said = re.compile(
            r"(?P<n>[A-Za-z]+(?:-[A-Za-z]+)?)\s+(?:(?:are|is)\s+)?(?:on|in)\s+(?:the\s+)?"
            rf"(?:kafka\s+)?(?:topic\s+)?{re.escape(name)}(?![\w-])",
            ICASE,
        )
        for m in said.finditer(self.text, 0, pos + len(name) + 1):
            if m.end() >= pos and _names_records(name, m["n"].lower().replace("-", "")):
                self.mask(m.start("n"), m.end("n"), domain=True)

    def _left_named_by_records(self) -> None:
        """ "... Left join check-ins with check-outs ...": the left word, a dashed noun read as a
        topic's name, is the records of the one other topic whose name ends in it (dashes left
        out: gym.checkins), never a second source."""
        left = " ".join(self.join_left_phrase.split()).lower()
        left = re.sub(r"^(?:the|each|every|all(?:\s+the)?|our)\s+", "", left)
        if "-" not in left or not re.fullmatch(r"[a-z]+(?:-[a-z]+)+", left):
            return
        said = [t for t in self.topics if t[1].lower() == left]
        holding = [
            t for t in self.topics if t not in said and _names_records(t[1], left.replace("-", ""))
        ]
        if len(said) != 1 or len(holding) != 1:
            return
        if said[0] == self.join_left_assumed:
            self._replace_left_assumed(None)
        else:
            self.topics.remove(said[0])

    def _drop_left_assumed_named(self) -> None:
        """ "Read topic trades-raw. ... Join trades with quotes ...": the join's left word,
        assumed a topic before the source was read, is a part of the one other topic's name:
        that topic is the left stream, never a second source. Any other topic read beside the
        assumed one is refused: which of them is the join's left stream is unsaid."""
        assumed = self.join_left_assumed
        if assumed is None or assumed not in self.topics or not self.joins:
            return
        word = assumed[1].lower()
        j = self.joins[0]
        others = [t[1] for t in self.topics if t != assumed and not self._is_right_topic(j, t[1])]
        if not others or any(t.lower() == word for t in others):
            return  # ("from topics rides and payments; match rides with ..."): read as said
        if len(others) == 1 and {word, singular(word)} & set(re.split(r"[-_.]", others[0].lower())):
            self._replace_left_assumed(None)
            return
        raise RequestNotUnderstood(
            f"the join's left stream {assumed[1]!r} is not a topic the request names "
            f"({', '.join(map(repr, others))}): say which topic holds the {assumed[1]} "
            f'("join topic {others[0]} with ...")'
        )

    def claim_declared_fields(self) -> None:
        """Typed fields said of the join's other stream ("with deliveries (topic deliveries:
        parcel_id string, ...)", "driver-accepts records have ...") are its fields, not the
        source's; fields said of a stream that is neither are refused, never dropped."""
        claimed = {}
        said = self.declared_topic
        if (
            said
            and said not in self.topic_fields
            and self.declared
            and any(self._is_right_topic(j, said) for j in self.joins)
        ):
            # "the compacted topic scooter-fleet (scooter_id, model, battery_capacity_wh)",
            # "join topic trips with topic fares (trip_id, fare_amount, paid_at)": an untyped
            # list said of the joined stream or table is its fields too, never the source's
            self.topic_fields[said] = (list(self.declared), dict(self.declared_types))
        for topic in self.topic_fields:
            j = next((j for j in self.joins if self._is_right_topic(j, topic)), None)
            if j is not None:
                claimed[topic] = j
        if self.declared_topic in claimed:
            self.declared, self.declared_types, self.declared_topic = [], {}, None
        unclaimed = [t for t in self.topic_fields if t not in claimed]
        if self.declared_topic is None and not self.declared and unclaimed:
            # the source's own list, when the first one listed was the join's
            self.declared_topic = unclaimed[0]
            names, types = self.topic_fields[unclaimed[0]]
            self.declared, self.declared_types = list(names), dict(types)
        sources = {t.lower() for _p, t in self.topics}
        for topic in unclaimed:
            # a list said of a named topic that is not the source ("refunds-in records have")
            other = sources and re.search(r"[-.]", topic) and topic.lower() not in sources
            if topic != self.declared_topic or other:
                raise RequestNotUnderstood(
                    f"fields are listed for {topic!r}, which is neither the source nor a joined "
                    "stream; list the fields of the stream they belong to"
                )
        for topic, j in claimed.items():
            names, types = self.topic_fields[topic]
            j.right_types = {n: types.get(n) for n in names}
            key = j.left_key if j.right_key in (None, j.left_key) else None
            if key and types.get(key) and key not in self.declared_types:
                # "on request_id ...; driver-accepts records have request_id (string)": the
                # key compares equal on both sides only with one type
                self.declared_types[key] = types[key]
                self.assumptions.append(
                    f"join key {key!r} typed {types[key]} on both sides, as listed for {topic!r}"
                )
            unknown = [f for f in j.fields if _snake(f) not in names]
            if unknown:
                raise RequestNotUnderstood(
                    f"the join takes {', '.join(unknown)}, which is not one of the fields "
                    f"listed for {topic!r} ({', '.join(names)})"
                )
            if not j.fields:
                self._sink_with_right_fields(j)

    def _sink_with_right_fields(self, j: Join) -> None:
        """ "Output to ClickHouse logistics.pickup_delivery with courier and delivered_at": after
        a sink, fields that are all the joined stream's listed fields are the ones it takes."""
        assert j.right_types is not None
        for m in re.finditer(rf"(?<=\x00)\s+with\s+(?:the\s+)?(?P<ids>{_IDS})(?![\w-])", self.s):
            end = m.start()
            if not any(e == end and r == "sinks" for _s, e, r in self.spans):
                continue
            names = _ids(m.group("ids"))
            if names and all(n in j.right_types for n in names):
                j.fields = names
                self.mask(m.start(), m.end(), domain=True)
                return

    @staticmethod
    def _is_right_topic(j: Join, topic: str) -> bool:
        if j.right_topic is not None:
            return j.right_topic.lower() == topic.lower()
        return bool(
            re.search(rf"(?<![\w-]){re.escape(topic)}(?![\w-])", j.right_phrase or "", ICASE)
        )

    def _claim_right_topic_said(self) -> None:
        """ "join orders with payments ...; orders come from topic orders, payments from topic
        payments": the topic said of the join's other stream is that stream, not a source (and
        "clicks come from" describing a named topic is read)."""
        if len(self.joins) != 1 or self.joins[0].kind != "interval" or not self.topics:
            return
        j = self.joins[0]
        if j.right_topic is not None:
            return
        for phrase, right in ((j.right_phrase, True), (self.join_left_phrase, False)):
            words = re.sub(
                rf"{QUOTED}|\b(?:from|the|kafka|stream|topic)\b", " ", phrase, flags=ICASE
            )
            names = [w for w in re.findall(r"[A-Za-z][\w-]*", words) if w.lower() not in STOP]
            if not names:
                continue
            # ("the pass for the same sat_id ...; passes on ground-passes": either number)
            stream = r"[\s-]+".join(map(re.escape, names)) + r"(?:e?s)?"
            said = re.compile(
                # ("impressions land in topic ad-impressions")
                rf"\b{stream}\s+(?:(?:come|comes|arrive|arrives|land|lands|come\s+in|comes\s+in"
                r"|flow|flows|are|is|live|lives|sit|sits)\s+)?(?:from|in|on|into)\s+(?:the\s+)?"
                # ("pings come in on sat-pings and passes on ground-passes": a name only a
                # topic has, "topic" unsaid)
                rf"(?:kafka\s+)?(?:topic\s+(?P<t>{NAME})|(?P<bare>{HYPHENATED}(?![\w-])(?!\.\w)))",
                ICASE,
            )
            for m in said.finditer(self.text):
                topic = unquote(m.group("t") or m.group("bare"))[0]
                named = [t for t in self.topics if t[1] == topic]
                if not named and m["bare"] and MASK not in self.s[m.start() : m.end()]:
                    # "pings come in on sat-pings and passes on ground-passes" (the producer's
                    # verb gapped): said of a stream of the join only, and read by no other
                    # recogniser
                    if right:
                        self.mask(m.start(), m.end())
                        j.right_topic = topic
                        break
                    if self.join_left_assumed in self.topics:
                        self.mask(m.start(), m.end())
                        self._replace_left_assumed((m.start("bare"), topic))
                        break
                if not named or len(self.topics) < 2:
                    continue  # (a topic read already, and another left for the source)
                self.mask(m.start(), m.start("t") if m["t"] else m.start("bare"))
                if right:
                    j.right_topic = topic
                    self.topics.remove(named[0])
                elif self.join_left_assumed in self.topics and self.join_left_assumed != named[0]:
                    # "join clicks with ...; clicks come from topic ad-clicks": the topic said
                    # replaces the one assumed from the join's left word
                    self._replace_left_assumed(None)
                break

    def _replace_left_assumed(self, topic: tuple[int, str] | None) -> None:
        """The topic assumed from the join's left word, replaced by `topic` (None: by a topic
        read already), and its assumption dropped."""
        assert self.join_left_assumed is not None
        self.topics.remove(self.join_left_assumed)
        if topic:
            reader, self.reader = self.reader, "sources"
            self.topics.append(topic)
            self.reader = reader
        self.assumptions = [
            a for a in self.assumptions if not a.startswith("the source topic was not")
        ]

    def _interval_join(self, j: Join) -> dict[str, Any]:
        phrase = j.right_phrase
        visible = (phrase or "") + " " + (j.right_topic or "")
        best = None
        for pattern, preset, subject in DOMAINS:
            m = pattern.search(visible)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), preset, subject)
        words = re.sub(
            rf"\btopic\s+{NAME}|{QUOTED}|\b(?:from|the|kafka|stream|topic)\b",
            " ",
            phrase,
            flags=ICASE,
        )
        words_list = [w for w in re.findall(r"[A-Za-z][\w.-]*", words) if w.lower() not in STOP]
        unsaid = None
        if j.right_topic is None:
            if not words_list:
                raise RequestNotUnderstood("join: name the other stream's Kafka topic")
            j.right_topic = "-".join(w.lower() for w in words_list)
            said = re.search(  # "Join unit-access events with alarm-events": named as is
                rf"(?<![\w.-]){re.escape(j.right_topic)}(?![\w-])", self.text, ICASE
            )
            # ("the payment confirmations": its words glued are no name said; refused below,
            # after the key, the first thing missing)
            unsaid = None if said else " ".join(phrase.split())
            read = list(dict.fromkeys(t for _, t in self.topics))
            if (
                said
                and "-" not in j.right_topic
                and len(read) > 1
                and j.right_topic not in {t.lower() for t in read}
            ):
                # "Returns are on x and checkouts on y. Join each return with the payment ...":
                # two topics read, the other side a third, unnamed one
                raise RequestNotUnderstood(
                    f"join with {' '.join(phrase.split())!r}: no topic named so; the request "
                    f"names {', '.join(map(repr, read))}: say which one it is "
                    '(e.g. "join each return with the checkouts on library.checkouts")'
                )
            if said and "-" not in j.right_topic:
                self.assumptions.append(
                    f"the join's right stream topic was not named; assumed {j.right_topic!r}"
                )
        if j.right_types:  # "driver-accepts records have request_id (string), ..."
            right_preset = None
            self.right_subject = to_identifier(singular(words_list[-1].lower() if words_list
                                                        else j.right_topic.split("-")[-1]))  # fmt: skip
            right_fields: list[dict[str, Any]] = [
                {"name": n, "type": t or guess_type(n), "required": False}
                for n, t in j.right_types.items()
            ]
            stamp = [f for f in right_fields if f["type"] == "timestamp"]
            if len(stamp) == 1:  # the other stream's event time
                stamp[0]["required"] = True
            elif not stamp:
                right_fields.append({"name": "timestamp", "type": "timestamp", "required": True})
                self.assumptions.append(
                    f"the fields listed for {j.right_topic!r} hold no timestamp; its event time "
                    "is assumed to be 'timestamp'"
                )
        elif best:
            right_preset, self.right_subject = best[1], best[2]
            right_fields = [f.model_dump() for f in PRESETS[right_preset]]
        else:
            right_preset = None
            last = words_list[-1].lower() if words_list else "right"
            self.right_subject = to_identifier(singular(last))
            right_fields = []
        right_names = [f["name"] for f in right_fields]
        left_key = j.left_key
        right_key = j.right_key
        if left_key is None:
            common = [n for n in right_names if n.endswith("_id") and self.has(n)]
            if DEFAULT_JOIN_PRESET_KEY in common:
                left_key = DEFAULT_JOIN_PRESET_KEY
            elif common:
                left_key = common[0]
            else:
                raise RequestNotUnderstood(
                    f'join with {j.right_topic!r}: name the join key (e.g. "on user_id")'
                )
            right_key = left_key
        if unsaid:
            raise RequestNotUnderstood(
                f'join with {unsaid!r}: which Kafka topic holds its records? Say it as "join '
                "... with topic 'payments' on order_id within 10 minutes\""
            )
        left_key = self.resolve(
            left_key, role="key", explicit=j.left_key is not None, why="join key"
        )
        right_key = right_key or left_key
        stated = (j.right_types or {}).get(right_key)
        for f in right_fields:
            if f["name"] == right_key:
                f["required"] = True
                f["type"] = self._key_type(left_key, stated, f["type"])
        if not right_fields:
            if not j.fields:
                raise RequestNotUnderstood(
                    f"join with {j.right_topic!r}: its records' fields are not known, and a join "
                    "copies only the fields it names; name the ones to take from it (e.g. "
                    '"... taking status and amount")'
                )
            key_type = self._key_type(left_key, stated, guess_type(right_key))
            right_fields = [
                {"name": right_key, "type": key_type, "required": True},
                {"name": "timestamp", "type": "timestamp", "required": True},
            ]
            right_names = [right_key, "timestamp"]
        if right_key not in right_names:
            key_type = self._key_type(left_key, stated, guess_type(right_key))
            key_field = {"name": right_key, "type": key_type, "required": True}
            right_fields.insert(0, key_field)
            right_names.insert(0, right_key)
        types = {f["name"]: f["type"] for f in right_fields}
        prefix = self.right_subject.rstrip("s") if self.right_subject else "right"
        if j.fields:
            mapping = []
            for raw in j.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                if src not in types:
                    right_fields.append({"name": src, "type": guess_type(src), "required": False})
                    types[src] = guess_type(src)
                target = src if not self.has(src) else f"{prefix}_{src}"
                target = j.targets.get(raw, target)  # "copy lat as scan_lat"
                mapping.append((src, target, types[src]))
        elif right_preset in JOIN_FIELDS:
            mapping = list(JOIN_FIELDS[right_preset])
        else:
            mapping = []
            for f in right_fields:
                if f["name"] == right_key:
                    continue
                src = f["name"]
                target = src if not self.has(src) else f"{prefix}_{src}"
                mapping.append((src, target, f["type"]))
        for _s, target, kind in mapping:
            self.added_by_ops[target] = kind
        data: dict[str, Any] = {
            "kind": "interval_join",
            "right_topic": j.right_topic,
            "right_fields": right_fields,
            "left_key": left_key,
            "right_key": right_key,
            "before_ms": j.before_ms,
            "after_ms": j.after_ms,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        if "timestamp" not in types:
            ts = next((n for n, t in types.items() if t == "timestamp"), None)
            if ts:
                data["right_event_time"] = ts
        if j.grace_ms is not None:
            data["grace_ms"] = j.grace_ms
        return data


# The join's other side said as its records' noun alone: "the checkout", "its payment", "the
# door scans"
RIGHT_RECORD_NOUN = re.compile(
    r"\s*(?:the|its|their|an?|each|every)\s+(?P<n>[a-z]+(?:-[a-z]+)*(?:\s+[a-z]+)?)\s*", ICASE
)
# "Sales land on fest.ticket_sales and door scans on fest.door_scans": the second records of a
# producer sentence, their verb left out after "and" (the first clause read as the source)
GAPPED_RECORDS_ON = re.compile(
    r"\x00\s*,?\s+and\s+(?:the\s+|all\s+)?(?P<n>[a-z]+(?:-[a-z]+)?(?:\s+[a-z]+)?)\s+"
    rf"(?:on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAME})(?=\s*[.;,]|\s*$)",
    ICASE,
)


def _names_records(topic: str, word: str) -> bool:
    """Whether `word` (a plural noun, "pickups") is the last part of the topic's name
    ("couriers.pickups", "wash_pickups"), or its singular is."""
    last = re.split(r"[._-]", topic.lower())[-1]
    return last == word or singular(last) == singular(word)


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
