"""Recogniser: Redis enrichment ("enrich with user profiles from Redis", key prefix, fields,
cache and miss policy)."""

from __future__ import annotations

from typing import Any

from ...errors import RequestNotUnderstood
from ...spec.presets import LOOKUPS
from . import lazy_re as re
from .fields import SchemaResolver
from .join_bounds import WITHIN
from .join_keys import (
    FIELDS_CLAUSE,
    fields_list_end,
    read_join_key_and_fields,
    refuse_usual_over_said,
)
from .join_verbs import PARTICIPLE_NOT_NAME
from .lexicon import (
    COLUMN_TYPES,
    ENTITY_ALIASES,
    FIELD,
    FIELD_RE,
    LIST_ENDING_VERB,
    MASK,
    NAME,
    NAME_STOP,
    NAMED_TOPIC,
    NOT_A_PLACE,
    PREFIX_JOIN,
    QUOTED,
    SHORT_RECORD_NOUNS,
    STOP,
    STRUCT_STOP,
    TAKE_FIELDS_VERB,
    TAKEN_LEAD,
    _snake,
    guess_type,
    read_list,
    read_taken_fields,
    refuse_nameless_prefix,
    refuse_quantifier_fields,
    singular,
    unquote,
    word_set,
)
from .quantities import DUR, ICASE, NUM, dur_ms, number
from .state import Cond, Enrich, Join

# "a Redis hash" after into/to/in is where records are written (the Redis sink), not a lookup.
# "enrich the x stream with variety details": what a lookup adds, said by its entity's noun
_WITH_NOUN_DETAILS = re.compile(
    r"\bwith\s+(?:the\s+|its\s+|their\s+)?(?P<e>[a-z]+)\s+(?:details|data|info|information"
    r"|attributes|metadata)\s*[.;]?\s*$",
    ICASE,
)


ENRICH_VERB = re.compile(
    # (never inside a hyphenated name: the topic "sku-lookup")
    r"(?<![\w-])enrich(?:es|ing)?(?![\w-])|\blook(?:s|ing)?\s+up\b|(?<![\w-])lookups?(?![\w-])"
    # "Enrichment: Redis, key machine:{groomer_id}, fields ...": a spec sheet's heading
    r"|(?<![\w-])enrichment(?=\s*:\s)" r"|\bredis\s+lookups?"
    # "should be enriched with the machine metadata from Redis" (never "the enriched records")
    r"|\benriched(?=\s+(?:with|from|using|via)\b)"
    # "could each line be looked up in Redis at pull:{series_id}": the passive of "look up"
    r"|\blooked\s+up(?=\s+(?:in|from|against)\s+(?:the\s+)?(?:redis|cache)\b)"
    # "look each qname up in Redis under ioc:{qname}": the key between the verb's two words
    # ("look each booking's member_id up in Redis": the record's field, said with its noun)
    r"|\blook(?:s|ing)?\s+(?:each|every|the|its|their)\s+(?:[A-Za-z]+['\u2019]s\s+)?"
    r"[A-Za-z_]\w*\s+up\b"
    r"(?=\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache)\b)"
    # "add the customer's name and segment from Redis (key customer:{customer_id})"
    # ("take manager_email from Redis, the key is cc:{cost_center}")
    r"|\b(?:add|adding|attach|attaching|fetch|fetching|pull|pulling|bring(?:ing)?\s+in|take"
    r"|taking|get|getting|grab|grabbing"
    # ("Graded tyres need the customer's customer_name and account_tier from Redis")
    # (its object the fields: never "we need each reading enriched with ... from Redis")
    r"|needs?(?=\s+(?:the\s+)?(?:[a-z]+'s\s+)?[a-z][a-z0-9]*_\w))\b"
    r"(?=[^,;.\x00]{0,80}\bfrom\s+(?:the\s+)?redis\b)"
    # "store it as a Redis hash": how a Redis sink writes, not a lookup
    r"|(?<!into a )(?<!into )(?<!to a )(?<!to )(?<!in a )(?<!in )(?<!as a )(?<!as )"
    # "write readings to the redis hash station:{station_id}": the sink too
    r"(?<!into the )(?<!to the )(?<!in the )\bredis\s+hash",
    ICASE,
)


def _plain_noun(words: str) -> bool:
    """Whether `words` ("shipment line") only name the records, no word that may say which."""
    from .context import may_select_records  # (lazy: context reads this module's neighbours)

    return not may_select_records(words)


# "... to enrich the order-items topic": the object of "enrich", a topic, is the source.
SOURCE_IN_ENRICH = re.compile(
    rf"\benrich(?:es|ing)?\s+(?P<src>(?:the\s+)?(?:{QUOTED}|{NAMED_TOPIC}"
    # "enrich the shipments topic ...": one plain word before "topic"/"stream" names it too
    r"|(?!(?:the|this|that|each|every|input|incoming|same|whole|event|data|kafka|main|source)\s)"
    rf"[A-Za-z]\w*)\s+(?:kafka\s+)?(?:topic|stream)\b|(?:the\s+)?(?:kafka\s+)?topic\s+(?:{QUOTED}|{NAMED_TOPIC}"
    # "enrich topic orders from Redis ...": after the word topic, a plain word is the name
    r"|(?!(?:with|from|using|via|in|on|and)\b)[A-Za-z]\w*\b)"
    # "enrich each booking on airline-bookings with ...": read by the sources recogniser
    r"|(?:each|every)\s+(?!\d|half\b|other\b|(?:second|minute|hour|day|week|month|year)s?\b)"
    r"(?:[A-Za-z]+\s+)?[A-Za-z]+\s+(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+)?{NAMED_TOPIC}"
    # "enrich the solution-mining flow events on brine.flow with ...": the records, named (the
    # words left to the sources recogniser, which reads them as a description or refuses them)
    r"|the\s+(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z]+s\s+"
    rf"(?:on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?{NAMED_TOPIC}"
    # "enrich each syslog-events record with ...": the topic's records
    rf"|(?:each|every|the)\s+{NAMED_TOPIC}\s+(?:records?|events?|messages?|rows?|entry|entries)\b)",
    ICASE,
)


CACHE_TTL = re.compile(
    rf"\bcach\w*\s+(?:(?:them|results|lookups|entries|profiles|locally|values|it)\s+)?"
    rf"(?:for|ttl(?:\s+of)?)\s+(?P<d>{DUR})|\b(?:cache\s+)?ttl\s*(?:of|=|:)?\s*(?P<d2>{DUR})",
    ICASE,
)


NO_CACHE = re.compile(r"\b(?:no|without(?:\s+a)?)\s+(?:local\s+)?cach\w*", ICASE)


CACHE_SIZE = re.compile(
    rf"\b(?:cach\w*\s+(?:of\s+|up\s+to\s+|at\s+most\s+)?|up\s+to\s+)(?P<n>{NUM})\s+"
    r"(?:entries|keys|profiles|items|lookups)",
    ICASE,
)


ON_MISS = re.compile(
    # "auths whose merchant isn't in Redis go to ...": the records the clause is about
    r"(?:\b[A-Za-z][\w-]*\s+(?:whose|where\s+the|if\s+the|when\s+the)\s+[A-Za-z]\w*\s+"
    r"(?=isn't|is\s+not|aren't|are\s+not))?"
    r"\b(?:miss(?:es|ing)?|unknown|not\s+found|without\s+an?\s+(?:match|profile)"
    r"|(?:isn't|is\s+not|aren't|are\s+not)\s+(?:found\s+)?in\s+(?:the\s+)?(?:redis|cache))\b"
    # (the word itself, never the end of a topic's name: "... go to topic petins.x-dlq" names
    # the topic, read by the miss route)
    r"[^,;\x00]{0,50}?(?<![\w.-])(?:dead[\s-]*letter(?:\s+(?:topic|queue))?|dlq)\b(?![.-]\w)"
    # "dead-lettering misses", "dead-letter the misses"
    r"|\bdead[\s-]*letter(?:s|ed|ing)?\s+(?:the\s+|any\s+|all\s+)?(?:lookup\s+)?misses\b"
    r"|\b(?:drop|reject)\w*\s+(?:events?\s+|records?\s+)?(?:with(?:out)?|on)\s+"
    r"(?:no\s+|an?\s+)?(?:missing\s+|unknown\s+|matching\s+)?(?:match|profile|lookup|miss)\w*",
    ICASE,
)


# "if the key is missing", "when the lookup finds nothing,", "on a miss": a lookup's miss said
# before what becomes of the record
_MISS_FIRST = (
    r"(?:\b(?:if|when|whenever)\s+(?:the\s+)?(?:(?:redis\s+)?(?:key|look-?up|entry)\s+(?:is\s+missing"
    r"|(?:isn't|is\s+not)\s+(?:there|found)|misses|fails|finds\s+nothing|does(?:n't|\s+not)\s+exist)"
    r"|there(?:'s|\s+is)\s+no\s+match(?:\s+in\s+(?:redis|the\s+cache))?)"
    r"|\bon\s+(?:a\s+)?(?:lookup\s+)?miss)\s*,?\s*(?:then\s+)?"
)


# "keep orders even if the lookup misses", "even when the customer is not in Redis": a miss
# keeps the record, its fields null (`on_miss: null`, the default)
KEEP_ON_MISS = re.compile(
    r"\b(?:(?:keep\w*|emit\w*|pass\w*)\s+(?:the\s+|all\s+)?[a-z]+\s+)?even\s+(?:if|when)\s+"
    r"(?:the\s+)?(?:(?:redis\s+)?look-?up\s+(?:misses|fails|finds\s+nothing)|there(?:'s|\s+is)\s+no"
    r"\s+match(?:\s+in\s+(?:redis|the\s+cache))?)\b"
    # "if the key is missing keep the record with nulls", "when the lookup finds nothing, just
    # pass the event on", "on a miss leave the fields empty": the miss said first, then the
    # record kept
    rf"|{_MISS_FIRST}(?:just\s+|still\s+|simply\s+)?"
    r"(?:(?:keep|pass|emit|forward)\w*\s+(?:it|them|the\s+[a-z]+)(?:\s+on)?(?:\s+anyway)?"
    r"(?:\s+with\s+(?:nulls|null\s+(?:fields|values)|empty\s+(?:fields|values))"
    r"|\s+and\s+leave\s+(?:the\s+(?:new\s+)?fields|them|those\s+fields)\s+(?:null|empty))?"
    r"|leave\s+(?:the\s+(?:new\s+)?fields|them|those\s+fields)\s+(?:null|empty))"
    r"(?=\s*(?:[,;.!)\x00]|$))"
    # "unmatched ones keep nulls", "misses get null fields", "unmatched events pass through with
    # empty values": the records a lookup misses, kept
    # ("missing patients keep null fields": the records whose lookup finds nothing)
    # ("..., unmatched keep nulls": a terse step's bare "unmatched")
    r"|\b(?:(?:unmatched|missed|missing|unknown)\s+(?:ones|[a-z]+s)|(?:lookup\s+)?misses"
    r"|unmatched(?=\s+keep\s))"
    # ("- misses: keep with nulls": a label, then what becomes of them)
    r"(?:\s*:)?\s+(?:just\s+|still\s+)?"
    r"(?:keep(?:\s+with)?|get|pass\s+(?:through|on)\s+with|go\s+through\s+with"
    r"|come\s+out\s+with)\s+"
    r"(?:nulls|null\s+(?:fields|values)|empty\s+(?:fields|values))"
    r"(?=\s*(?:[,;.!)\x00]|$))",
    ICASE,
)


# "if the stop is missing keep the validation with null fields", "when the bolt isn't in Redis,
# pass the issue on anyway": the lookup's own noun missed, the record kept (the noun is checked
# to be the lookup's, see `_names_lookup`)
KEEP_ON_NOUN_MISS = re.compile(
    r"\b(?:if|when|whenever)\s+(?:the|a|its|their)\s+(?P<x>[A-Za-z]\w*)\s+(?:is\s+missing"
    r"|(?:isn't|is\s+not)\s+(?:found|there|in\s+(?:the\s+)?(?:redis|cache))"
    r"|does(?:n't|\s+not)\s+exist)(?:\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache))?\s*,?\s*"
    r"(?:then\s+)?(?:just\s+|still\s+|simply\s+)?(?:keep|pass|emit|forward)\w*\s+"
    r"(?:it|them|the\s+[a-z]+)(?:\s+on)?(?:\s+anyway)?(?:\s+with\s+(?:nulls|null\s+(?:fields|values)"
    r"|empty\s+(?:fields|values)))?(?=\s*(?:[,;.!)\x00]|$))",
    ICASE,
)


# "keep the readings even when the device isn't found", "pass orders on even if the customer is
# missing": the record kept whatever the lookup finds (the noun checked as above)
KEEP_EVEN_IF_NOUN_MISS = re.compile(
    r"\b(?:keep|pass|emit|forward)\w*\s+(?:(?:the|all|every)\s+)?[a-z]+(?:\s+on)?(?:\s+anyway)?"
    r"\s+even\s+(?:if|when)\s+(?:the|a|its|their)\s+(?P<x>[A-Za-z]\w*)\s+(?:is\s+(?:missing|unknown)"
    r"|(?:isn't|is\s+not|can't\s+be|cannot\s+be)\s+(?:found|there|in\s+(?:the\s+)?(?:redis|cache))"
    r"|does(?:n't|\s+not)\s+exist)(?:\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache))?"
    r"(?=\s*(?:[,;.!)\x00]|$))",
    ICASE,
)


# "Restocks whose machine is missing pass through with empty values", "scans whose pass isn't in
# Redis keep nulls": the records whose lookup noun is missed, kept (the noun checked as above)
KEEP_WHOSE_MISS = re.compile(
    r"\b[A-Za-z][\w-]*\s+(?:whose|where\s+the)\s+(?P<x>[A-Za-z]\w*)\s+(?:is\s+missing|is\s+unknown"
    r"|(?:isn't|is\s+not)\s+(?:found|there|in\s+(?:the\s+)?(?:redis|cache)))"
    r"(?:\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache))?\s+(?:just\s+|still\s+)?"
    r"(?:keep|get|pass\s+(?:through|on)\s+with|go\s+through\s+with|come\s+out\s+with)\s+"
    r"(?:nulls|null\s+(?:fields|values)|empty\s+(?:fields|values))"
    r"(?=\s*(?:[,;.!)\x00]|$))",
    ICASE,
)


# "if the key is missing drop the record", "on a miss, just skip the event", "if the customer
# isn't in Redis, discard it": a missed lookup's record dropped, which a lookup cannot do
# (refused; it keeps the record with null fields or dead-letters it)
DROP_ON_MISS = re.compile(
    rf"(?:{_MISS_FIRST}|\b(?:if|when|whenever)\s+(?:the|a|its|their)\s+[A-Za-z]\w*\s+(?:isn't|is\s+not"
    r"|aren't|are\s+not|can't\s+be|cannot\s+be)\s+(?:found\s+)?in\s+(?:the\s+)?(?:redis|cache)"
    r"\s*,?\s*(?:then\s+)?)(?:just\s+|simply\s+)?(?:drop|discard|skip|ignore|remove|reject"
    r"|throw\s+away|filter\s+out)\s+(?:it|them|(?:the|that|this)\s+[a-z]+)\b"
    # "drop shipments whose carrier lookup misses", "skip orders when the lookup fails": the
    # records dropped said first, then the miss
    r"|\b(?:drop|discard|skip|ignore|remove|reject|filter\s+out)\s+(?:the\s+|any\s+)?[a-z]+\s+"
    r"(?:whose\s+(?:[a-z]+\s+)?|(?:if|when|whenever)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z]+\s+)?)"
    r"(?:redis\s+)?look-?ups?\s+(?:misses|miss|fails?|finds?\s+nothing)\b",
    ICASE,
)


# "fall back to 'unknown' when the profile is missing", "default plan to 'free' if the user is
# not in Redis": a default value for a missed lookup (refused: not read offline)
FALLBACK_ON_MISS = re.compile(
    r"\b(?:fall(?:ing)?\s*-?\s*back|default(?:ing|s)?|use|using|fill\w*(?:\s+\w+)?\s+with"
    r"|set\w*\s+\w+\s+to)\s+(?:\w+\s+)?(?:to|with|on)?\s*(?:'[^']*'|\"[^\"]*\"|\w+)\s*,?\s+"
    r"(?:when|if|whenever|for)\s+[^,;.]{0,60}?\b(?:missing|miss(?:es)?|not\s+found|unknown"
    r"|(?:isn't|is\s+not|aren't|are\s+not)\s+(?:found|in\s+(?:the\s+)?(?:redis|cache))|absent)\b",
    ICASE,
)


# Where a lookup's misses go: the dead-letter topic, said as such or by its name alone ("unknown
# passes go to passes-unknown", "... send the event to wells-unknown instead": the only place a
# miss can be routed is the dead-letter topic)
_MISS_TARGET = (
    # ("... to the dead-letter topic instead": the miss's route said against the default;
    # "send that record to the dead-letter topic x.dlq instead": its name, then "instead")
    r"(?:(?P<dlq>dead[\s-]*letter(?:\s+(?:topic|queue))?|dlq)\b"
    rf"(?:\s+(?P<dlqname>{NAMED_TOPIC})(?=\s+instead\b)\s+instead\b|\s+instead\b)?"
    rf"|(?:kafka\s+)?(?:topic\s+)?(?P<topic>{NAMED_TOPIC})(?:\s+instead\b)?)"
)


# "If the meter isn't in Redis, send the reading to the dead letter topic": a miss routed to
# the dead-letter topic, said as a condition first.
IF_MISSING = re.compile(
    # ("If a dosing point isn't found in Redis": a noun of two words, the key's stem)
    r"(?:\b(?:if|when|whenever)\s+(?:(?:the|a|its|their)\s+"
    r"(?P<x>[A-Za-z]\w*(?:\s+(?!(?:is|are|isn't|aren't|can't|cannot|can|doesn't|does|don't|do)\b)"
    r"[A-Za-z]\w*)?)\s+(?:(?:isn't|is\s+not"
    # ("is not founded in redis": a learner's past participle)
    r"|aren't|are\s+not|can't\s+be|cannot\s+be|can\s+not\s+be)\s+(?:(?:found(?:ed)?\s+)?in\s+(?:the\s+)?"
    # "if the customer can't be found": the noun must be the lookup's (see `_if_missing`)
    # ("if the patron isn't there": the store said before, the noun checked as above)
    r"(?P<store>redis|cache)|found|there)"
    # "if the profile is missing", "when the vessel doesn't exist (in Redis)"
    r"|(?:is|are)\s+missing|(?:doesn't|does\s+not|don't|do\s+not)\s+exist)"
    r"(?:\s+(?:in|from)\s+(?:the\s+)?(?P<store3>redis|cache))?"
    # "if there's no match", "if there is no customer in Redis"
    r"|there(?:'s|\s+is|\s+are)\s+no\s+(?:matching\s+)?(?P<x2>[A-Za-z]\w*)(?:\s+in\s+(?:the\s+)?"
    r"(?P<store2>redis|cache))?)"
    # "On a miss, send the event to x": the lookup's miss, bare
    r"|\bon\s+(?:a\s+)?(?:(?:lookup|redis|cache)\s+)?(?P<bare>miss)"
    # "If it's not found, send the event to x": the looked-up key, by a pronoun
    r"|\b(?:if|when|whenever)\s+(?P<it>it(?:'s|\s+is)\s+not|it\s+isn't)\s+found"
    r"(?:\s+in\s+(?:the\s+)?(?:redis|cache))?)(?P<v>)"
    # ("..., send the check-in to ...": a hyphenated record noun too)
    r"\s*,?\s*(?:then\s+)?(?:(?:send|route|put|move|write|push|divert)\s+"
    r"(?:it|them|(?:the|that|this)\s+[A-Za-z]+(?:-[A-Za-z]+)?)"
    # "..., the scan goes to the dead letter queue"
    r"|(?:it|they|(?:the|that|this)\s+[A-Za-z]+(?:-[A-Za-z]+)?)\s+(?:(?:should|must|will)\s+)?(?:go|goes"
    r"|be\s+sent|is\s+sent|are\s+sent|gets?\s+sent|lands?|is\s+routed|be\s+routed))"
    r"\s+(?:to|into|onto|in)\s+(?:the\s+|a\s+)?"
    rf"{_MISS_TARGET}",
    ICASE,
)


# "Impressions whose campaign isn't found go to the dead letter topic X", "orders with no
# customer in Redis should be sent to the DLQ": the records whose lookup misses, routed to the
# dead-letter topic (whose name the dead-letter recogniser may have read already).
_MISS = (
    r"(?:whose|where\s+the|if\s+the|when\s+the|for\s+which\s+the)\s+(?P<x>[A-Za-z]\w*)\s+"
    r"(?:(?:isn't|is\s+not|wasn't|was\s+not|aren't|are\s+not|can't\s+be|cannot\s+be|can\s+not\s+be"
    r"|couldn't\s+be|could\s+not\s+be)\s+(?:found|known|present)(?:\s+in\s+(?:the\s+)?(?:redis|cache))?"
    r"|(?:isn't|is\s+not|aren't|are\s+not)\s+in\s+(?:the\s+)?(?:redis|cache)"
    r"|(?:is|are)\s+(?:missing|unknown)(?:\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache))?)"
    r"|(?:(?:with|that\s+have|that\s+has|having)\s+no|without\s+(?:an?|any))\s+(?:matching\s+)?"
    # ("alarms with no Redis entry go to ..."): the store's own entry, a miss whatever its noun
    r"(?:(?P<entry>(?:redis|cache)\s+(?:entry|entries|record|key|match|value|hit))"
    r"|(?P<x2>[A-Za-z]\w*)"
    r"(?:\s+in\s+(?:the\s+)?(?:redis|cache))?)"
    # "Faults for meters not in Redis go to the dead-letter topic x"
    # ("Requests for hospitals that aren't in Redis should go to ...", "payments from members
    # that aren't in redis ...")
    r"|(?:for|from|of)\s+(?:the\s+)?(?P<x4>[A-Za-z]\w*)\s+(?:(?:that|which)\s+(?:aren't|are\s+not|isn't|is\s+not)"
    r"\s+in|not\s+in|missing\s+from|absent\s+from)\s+"
    r"(?:the\s+)?(?:redis|cache)"
)
# "a container missing from Redis goes to ...", "Containers not found in Redis go to ...": the
# records the store has no entry for (the store said, so any noun is the lookup's)
_MISSING_FROM_STORE = (
    r"(?:an?\s+)?[A-Za-z][\w-]*\s+(?:(?:that|which)\s+(?:is|are)\s+|(?:is|are)\s+)?"
    r"(?P<store>(?:missing|absent)\s+from|(?:not|never)\s+(?:found|present)\s+in)\s+(?:the\s+)?"
    r"(?:redis|cache)"
)
MISSING_TO_DLQ = re.compile(
    # ("Send misses to x", "route any lookup misses to x": the routing verb said first)
    r"\b(?:(?:send|route|forward|divert|push|put)\s+)?"
    rf"(?:the\s+|any\s+|all\s+)?(?:[A-Za-z][\w-]*\s+(?:{_MISS})|{_MISSING_FROM_STORE}"
    # "unknown products go to the dead-letter topic X"
    r"|(?:unknown|unmatched|missing)\s+(?P<x3>[A-Za-z]\w*)"
    # "bibs not found go to x", "passes that were not found go to x": the store unsaid, so
    # the noun must be the lookup's (checked in `_missing_to_dlq`)
    r"|(?P<x5>[A-Za-z]\w*)\s+(?:(?:that|which)\s+(?:are|were|is|was)\s+)?(?:not|never)\s+found"
    # "misses to dead-letter topic x", "On miss: dead-letter topic x": the lookup's misses, bare
    r"|(?P<bare>(?:(?:lookup|redis)\s+)?misses|on\s+(?:a\s+)?(?:(?:lookup|redis)\s+)?miss))"
    r"(?P<v>)(?:\s*,?\s+"
    r"(?:(?:should|must|will|shall|need\s+to|have\s+to)\s+)?(?:go|goes|be\s+sent|are\s+sent|get\s+sent"
    r"|be\s+routed|are\s+routed|be\s+written|are\s+written|land|end\s+up)\s+(?:to|into|in|on)\s+"
    # "- orders whose customer is not in Redis: dead letter topic X"
    # ("Unknown cards: send to trams.unknown-cards": a label, then where they are sent)
    r"|\s*(?::|->)\s*(?:(?:send|route|write|publish)\s+(?:them\s+|it\s+)?to\s+)?"
    r"|\s+(?:go\s+)?to\s+)"
    rf"(?:the\s+|a\s+)?{_MISS_TARGET}",
    ICASE,
)


def miss_route_spans(text: str) -> list[tuple[int, int]]:
    """Where a Redis lookup's misses are routed to a topic by its name ("users not found in
    Redis go to topic x", "if the meter isn't in Redis, send the reading to x"): the sinks reader
    leaves these alone, so the topic is read here as where the misses go, never as a sink."""
    if not re.search(r"\b(?:redis|cache)\b", text, ICASE):
        return []
    return [
        (m.start(), m.end())
        for pattern in (IF_MISSING, MISSING_TO_DLQ)
        for m in pattern.finditer(text)
        if m.group("topic")
    ]


# "(it is boolean)", "(an int)": a type said after the last field of a lookup's list
_TYPE_REMARK = (
    r"\(\s*(?:(?:it\s+is|it's|as)\s+)?(?:an?\s+)?(?:bool(?:ean)?|int(?:eger)?|float|string|text"
    r"|timestamp|date)\s*\)"
)
_BARE_PREFIX = r"[A-Za-z][A-Za-z0-9_.\-]*:"
_FOLLOWED = r"followed\s+by\s+(?:the\s+)?(?:field\s+)?"
# "'site:' + site_code" (the "+" may have become "and" by then): a quoted prefix joined to a
# field, which is a snake_case name so "'site:' and add ..." is no key
PREFIX_PLUS_FIELD = re.compile(
    rf"""['"`](?P<pre>[A-Za-z0-9_.\-]+:)['"`]\s*{PREFIX_JOIN}\s*(?P<f>[A-Za-z]\w*_\w+)\b"""
    # ("the key is supplier: followed by supplier_id": unquoted, after the key's own words, and
    # only with "followed by", never "+" or "and" that a label's colon may stand before)
    rf"|(?<=\bkey\sis\s)(?P<pre2>{_BARE_PREFIX})\s+{_FOLLOWED}(?P<f2>[A-Za-z]\w*_\w+)\b",
    ICASE,
)

# Words that make a user lookup the natural reading when no key is said
USERS_SAID = re.compile(r"\b(?:users?|profiles?|members?|customers?|accounts?)\b", ICASE)

ENTITY_DATA = re.compile(
    r"\b(?P<e>[a-z]+)\s+(?:profiles?|data|details|info(?:rmation)?|attributes|records?|metadata"
    r"|lookups?)\b",
    ICASE,
)


ENRICHED_TOPIC = re.compile(
    rf"\b(?:to\s+|and\s+)?enrich(?:es|ing)?\s+(?:the\s+|each\s+record\s+(?:of|in|from)\s+"
    rf"(?:the\s+)?)?(?:kafka\s+)?(?:topic\s+(?P<t>{NAME})|(?P<t2>{NAME})\s+(?:kafka\s+)?topic\b)",
    ICASE,
)


# "Add the product's title and brand from Redis to web-orders": the stream added to
ADD_TO_TOPIC = re.compile(
    rf"(?<=\bredis\s)(?:to|onto|into)\s+(?:each\s+record\s+(?:of|in)\s+)?(?:the\s+)?(?:kafka\s+)?"
    rf"(?:topic\s+(?P<t>{NAME})|(?P<t2>{NAMED_TOPIC})(?:\s+(?:kafka\s+)?topic)?\b)",
    ICASE,
)


ENRICH_NAME = re.compile(
    r"\s+(?:the\s+)?(?P<t>'[^'\s\x00]+'|\"[^\"\s\x00]+\"|`[^`\s\x00]+`"
    r"|[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)+)(?:\s+(?:kafka\s+)?(?:topic|stream))?"
    # "Enrich the conveyor-jams events with ...": the records' noun after the name
    r"(?:\s+(?:events|records|messages|rows|entries|readings))?"
    # ("enrich ropeway.cabin_alarms from redis key ...": the store and its key right after; a
    # lookup with no key said stays unread, refused)
    # ("enrich x from Redis (key k:{k_id}) with ...": the key in brackets too; "(json at
    # member:{member_id})": the values' format first)
    r"(?=\s+(?:with|using|via|against|from\s+(?:the\s+)?redis\s*[,(]?\s*"
    r"(?:(?:an?\s+)?(?:json|hash(?:es)?)(?:\s+(?:strings?|values?|objects?))?\s+)?"
    r"(?:key|under|at))\b)",
    ICASE,
)


# "Enrich chlorine dosing events (topic desal.dosing) from Redis: ...": the records' words,
# then their topic in brackets, the store or the lookup's "with" right after (the words must
# only name the records: checked with `_plain_noun`)
RECORDS_PAREN_TOPIC = re.compile(
    r"\s+(?:the\s+|all\s+|our\s+)?(?P<w>(?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z][\w-]*)\s*\(\s*"
    rf"(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAMED_TOPIC})\s*\)"
    r"(?=\s+(?:with|using|via|against|from\s+(?:the\s+)?redis)\b)",
    ICASE,
)


# "look up each record of orchestra.scans in Redis ...": the records of a named topic, the
# lookup's object, are the source (only when the store follows, so never a table join)
RECORDS_OF_TOPIC = re.compile(
    # ("Look up each observation on ocean.obs in Redis": the records' own noun, one word, as
    # sources.EACH_ON reads it; never a period: "every hour on x")
    r"\s+(?:each|every|all(?:\s+the)?)\s+(?:records?|events?|messages?|rows?|entry|entries"
    r"|(?!(?:\d|half|quarter|other|second|minute|hour|day|week|month|year|night|morning|evening"
    r"|time|tick|interval|window|batch|run|cycle)\w*\b)[a-z][a-z-]*)\s+"
    rf"(?:of|on|from|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?(?P<t>{NAMED_TOPIC})"
    r"(?:\s+(?:kafka\s+)?topic)?(?=\s+(?:in|from)\s+(?:the\s+)?redis\b)",
    ICASE,
)


# The rest of a parenthesised lookup, after a clause break: "..., fields ward and doctor)",
# "...; attributes depot_name, city)". Only key and field parts: anything else is left unread.
# (a list never goes on into a routing verb: "add a and b, route the misses to x")
_LIST_SEP = rf"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|&\s*)(?!{LIST_ENDING_VERB})"
_IDS = rf"[A-Za-z_]\w*(?:{_LIST_SEP}[A-Za-z_]\w*)*"
# "tier as customer_tier", "desk_name, stored as desk": the name a taken field is added under
# (read by `_lift_renames`); never a value format ("stored as JSON") nor "as well"
_AS_NAME = (
    r"(?:as|renamed\s+(?:to|as)|call(?:ed)?\s+it|,?\s*(?:stored|saved|kept|added|written)\s+as"
    # ("copying tier into a field called segment")
    r"|(?:in)?to\s+(?:a\s+)?(?:new\s+)?(?:field|column)\s+(?:called|named)"
    # ("copying its name into retailer_name": a snake_case name only, never a place)
    r"|into(?=\s+[a-z][a-z0-9]*_\w))\s+"
    r"(?!(?:well|json|hash|hashes|strings?|text|a|an|the|is|usual|before|needed|key|redis"
    r"|cache)\b)"
)
# "lookup ward from redis, key patient:{patient_id}, store it as patient_ward": the one field
# taken, and the name it is added under
IT_AS = re.compile(
    rf"(?:store|save|keep|add|put)\s+it\s+{_AS_NAME}(?P<n>[A-Za-z_]\w*)\b(?![:{{])", ICASE
)
# "take model and site_name (put site_name as site)": a taken field renamed by a verb of its
# own after the list, blanked whole like `IT_AS` (a field the list does not take is refused)
VERB_FIELD_AS = re.compile(
    r"(?:,\s*|\(\s*)?(?:store|save|keep|add|put)\s+(?!it\b)"
    rf"(?P<f>[A-Za-z_]\w*)\s+{_AS_NAME}(?P<n>[A-Za-z_]\w*)\b(?![:{{])(?:\s*\))?",
    ICASE,
)
_ID_AS = rf"[A-Za-z_]\w*(?:\s*{_AS_NAME}[A-Za-z_]\w*|\s*\(\s*{_AS_NAME}[A-Za-z_]\w*\s*\))?"
_IDS_AS = rf"{_ID_AS}(?:{_LIST_SEP}{_ID_AS})*"
# ("fields tier (string) and visits (int)": each name's type after it, see `_lift_types`)
_TYPED_ID_AS = rf"{_ID_AS}(?:\s*{_TYPE_REMARK})?"
_TYPED_IDS_AS = rf"{_TYPED_ID_AS}(?:{_LIST_SEP}{_TYPED_ID_AS})*"


# "look up tier and region in Redis under customer:{customer_id}": the fields, then the store
LOOKUP_IN_REDIS = re.compile(
    rf"\blook(?:s|ing)?(?:\s+|-)?up\s+(?:the\s+)?(?:[a-z]+'s\s+)?(?P<list>{_IDS})"
    r"(?=\s+(?:in|from)\s+(?:the\s+)?(?:redis|cache)\b)",
    ICASE,
)


# "Redis hash merchant:{merchant_id} (category, country)": the fields in parentheses after the key
PAREN_AFTER_KEY = re.compile(
    rf"\{{[A-Za-z_]\w*\}}[`'\"]?\s*\(\s*(?:(?:the\s+)?fields?\s*:?\s*)?"
    # (never the value format: "key lot:{lot_id} (hash) with ...")
    rf"(?!(?:json|hash)(?:\s+\w+)?\s*\))(?P<list>{_IDS})\s*\)",
    ICASE,
)


# "enrich from redis key exam:{exam_id}: course_name, instructor_email.": the fields after a
# colon right after the key, ending the sentence
KEY_COLON_LIST = re.compile(
    rf"(?<=\}})([`'\"]?)\s*:\s*(?:(?:the\s+)?fields?\s*:?\s*)?(?P<list>{_IDS})"
    r"(?=\s*(?:[.;\n]|$))",
    ICASE,
)


# A bracket right after a lookup's key template ("pet:{pet_id} (hash)"), its words in "in"
KEY_THEN_BRACKET = re.compile(r"\}[`'\"]?\s*(?P<b>\((?P<in>[^()]*)\))", ICASE)


# What a bracket right after the key may say, all the forms the lookup reads there (any other
# is left unread, see `_key_bracket_gap`): the fields taken, "(fields plan, country)", "(tier as
# customer_tier, region)", "(add cabin_name, capacity)", "(we need bay and crop from it)"; the
# value format, "(hash)", "(stored as a hash)", "(JSON values)"; the cache's time, "(ttl 30
# mins)", "(expire after 1 hour)", "(keep it 2h)"; the key or a miss, read by their parts
_BRACKET_VERB = r"(?:add|adding|take|taking|grab|fetch|get|copy|pull|bring\s+in|with)"
KEY_BRACKET_FORMS = (
    re.compile(
        rf"(?:(?:the\s+)?(?:hash\s+)?(?:fields?|attributes?|columns?)\s*[:=]?\s*|{_BRACKET_VERB}\s+"
        rf"|(?:we|i)\s+(?:need|want)\s+)?(?:the\s+)?{_IDS_AS}(?:\s+from\s+(?:it|there))?",
        ICASE,
    ),
    re.compile(
        # ("(the values are stored as hashes)", "(stored as a hash)", "(JSON values)")
        r"(?:(?:the\s+)?values?\s+(?:are\s+|is\s+)?)?(?:(?:stored|kept|saved|held)\s+)?(?:as\s+)?"
        r"(?:an?\s+)?(?:redis\s+)?(?:json|hash(?:es)?|protobuf|string)(?:\s+(?:values?|strings?|blobs?"
        r"|documents?|objects?))?",
        ICASE,
    ),
    re.compile(
        rf"(?:(?:cache\s+)?ttl|(?:the\s+)?(?:key|cache|entries|values?)\s+expires?|expire|keep\s+it"
        rf"|cached?(?:\s+for)?)\s*(?:of\s+|after\s+|for\s+|[:=]\s*)?(?:an?\s+|one\s+)?"
        rf"(?:{DUR}|(?:an?\s+)?(?:second|minute|hour|day|week))",
        ICASE,
    ),
)


def _ids_of(text: str) -> list[str]:
    return [t for t in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text.strip()) if t]


_PAREN_PART = (
    r"\s*[,;]\s*(?:and\s+)?(?:(?:the\s+)?(?:redis\s+)?(?:key|hash)\s*[:=]?\s*"
    r"[`'\"]?[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\}[`'\"]?"
    # ("(key customer:{customer_id}, hash fields tier and country)": the format said with them)
    rf"|(?:the\s+)?(?:hash\s+)?(?:fields?|attributes?|columns?)\s*[:=]?\s*{_IDS}"
    # "(key vehicle:{vehicle_id}, JSON values)", "(..., stored as hashes)": the value format
    r"|(?:(?:stored|kept)\s+as\s+)?(?:(?:the\s+)?values?\s+(?:are\s+|as\s+)?)?(?:an?\s+)?"
    r"(?:json(?:\s+(?:values?|strings?|blobs?|documents?|objects?))?|hash(?:es)?)"
    # "(fields plan, country)", "(category, country)": the rest of a list of field names
    r"|[A-Za-z_]\w*(?=\s*[,)]))"
)
PAREN_REST = re.compile(
    # "(key: depot:{depot_id}; ...)": the clause broke at the colon after "key"
    r"""(?::\s*[`'"]?[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\}[`'"]?)?""" rf"(?:{_PAREN_PART})+\s*\)",
    ICASE,
)


# A clause of its own that says only a lookup's key, fields or value format, after the lookup:
# "from Redis: key owner:{owner_id}, fields owner_name and phone", "from Redis - keys look like
# owner:{owner_id}, JSON values with fields name and phone -".
_KEY_TPL = r"""[`'"]?[A-Za-z0-9_.\-]+:[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\}[`'"]?"""
LOOKUP_PART = re.compile(
    # "... from Redis. Key: device:{device_id}. Fields: site, floor.": labelled sentences too
    r"\s*(?:[,;:]|\s[\u2014\u2013-]{1,2}|\.(?=\s+(?:the\s+)?(?:redis\s+)?(?:keys?|fields?|values?)"
    r"\s*:)"
    # "... the key is desk:{category_code} and we need the field desk_name", "... and store it
    # as patient_ward"
    # ("... the key is customer:{customer_id} and the values are stored as Redis hashes")
    r"|(?=\s+and\s+(?:(?:we|i)\s+(?:need|want)|(?:the\s+)?fields?|(?:store|save|keep|add|put)\s+it"
    r"|the\s+values?\s+(?:are|is)\s+(?:(?:stored|kept)\s+as|(?:an?\s+)?(?:json|hash)))\s)"
    # "... we keep in redis? key is mcc:{mcc}, ...": the next sentence says the key
    rf"|[.?](?=\s+(?:the\s+)?(?:redis\s+)?keys?\s+(?:is|are)\s+{_KEY_TPL})"
    # "... in Redis, key is donor:{donor_id}. Take the fields postcode and gift_aid_eligible.": the
    # next sentence names the fields taken from it
    r"|\.(?=\s+(?:take|add|fetch|get|grab|pull)\s+(?:the\s+)?(?:fields?|attributes?)\s)"
    # ("... stored as Redis hashes. Copy supplier_name and lead_time_days (an int).": a sentence
    # holding only the names taken, after a taking verb)
    # ("Copy first_ringed_at (as a timestamp) and original_station.": typed anywhere)
    rf"|\.(?=\s+(?:copy|take|fetch|grab|pull)\s+(?:the\s+)?[a-z]\w*_\w*(?:\s*{_TYPE_REMARK})?"
    rf"(?:{_LIST_SEP}[A-Za-z_]\w*(?:\s*{_TYPE_REMARK})?)*\s*(?:\.|$)))"
    # ("from Redis: hash stored at key athlete:{athlete_id}, ...": the value format, then where)
    r"\s*(?:and\s+)?(?:(?:an?\s+)?(?:redis\s+)?(?:hash(?:es)?|json(?:\s+(?:values?|strings?"
    r"|documents?|objects?))?)\s+(?:(?:stored|kept|saved|held)\s+)?(?:at|under)\s+(?:the\s+)?"
    # ("Redis hash at "member:" + member_id": a quoted prefix joined to a field)
    rf"(?:keys?\s+)?(?:{_KEY_TPL}|['\"`][A-Za-z0-9_.\-]+:['\"`]\s*{PREFIX_JOIN}\s*[A-Za-z]\w*_\w+\b)"
    r"|(?:the\s+)?(?:redis\s+)?(?:keys?|hash)\s*"
    rf"(?:[:=]\s*|(?:look|looks|are|is)(?:\s+like)?\s+|like\s+)?(?:{_KEY_TPL}"
    # ("key is 'member:' followed by member_id": a quoted prefix joined to a field)
    rf"|['\"`][A-Za-z0-9_.\-]+:['\"`]\s*{PREFIX_JOIN}\s*[A-Za-z]\w*_\w+\b"
    # ("the key is supplier: followed by supplier_id")
    rf"|(?<=\bis\s){_BARE_PREFIX}\s+{_FOLLOWED}[A-Za-z]\w*_\w+\b)"
    rf"|(?:the\s+)?(?:fields?|attributes?)\s*[:=]?\s*{_TYPED_IDS_AS}"
    # "key is mcc:{mcc}, we need mcc_category and risk_tier from it", "..., with product_name
    # and lot_number": the fields wanted, in prose
    # (", want carbon_pct and supplier": the asking verb without its subject too)
    r"|(?:with|(?:(?:we|i)\s+)?(?:need|want)s?|take|add|fetch|get|grab|pull"
    r"|(?<=[.;]\s)copy)\s+(?:the\s+)?"
    rf"(?:fields?\s+)?{_TYPED_IDS_AS}"
    # ("; copy breed and coat_type onto each appointment": every record the lookup adds to)
    r"(?:\s+onto\s+(?:each|every)\s+[a-z][\w-]*)?"
    r"(?:\s+(?:fields?\s+)?from\s+(?:it|there|that))?"
    rf"|{IT_AS.pattern}"
    # ("the values are stored as Redis hashes": the value format, its store named again)
    r"|(?:(?:stored|kept)\s+as\s+)?(?:(?:the\s+)?values?\s+(?:are\s+|is\s+|as\s+)?"
    r"(?:(?:stored|kept)\s+as\s+)?)?(?:an?\s+)?(?:redis\s+)?"
    r"(?:json(?:\s+(?:values?|strings?|blobs?|documents?|objects?))?|hash(?:es)?)"
    r"(?:\s+with\s+(?!(?:the\s+)?(?:keys?|prefix(?:es)?|ttl)\b)(?:the\s+)?(?:fields?\s+)?"
    rf"{_TYPED_IDS_AS})?)(?![\w-])(?:\s+[\u2014\u2013](?=\s))?",
    ICASE,
)


# "once enriched, keep ...", "after the lookup, drop ...": what follows runs after the lookup
# (see `_sequenced_after_enrich`)
ONCE_ENRICHED = re.compile(
    r"\b(?:once|after|following)\s+(?:it\s+is\s+|they\s+are\s+)?(?:the\s+)?"
    r"(?:enrich(?:ed|ing|ment)|look(?:ed|ing)?[\s-]?ups?|looked\s+up)\b",
    ICASE,
)


# The rest of a field list broken by commas, up to where it comes from: ", model and category
# from Redis".
LIST_FROM_REDIS = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?{_IDS}\s+from\s+(?:the\s+)?redis\b", ICASE
)


# A lookup clause ending with a verb adding one field ("... and add species"), then the rest of
# the list its commas broke, ending the sentence (", breed and colour.")
# (the taking verbs' lexicon, or "with": "... resident:{resident_id} with room, ward and
# emergency_contact, and publish ..."; "add clinic_id as clinic, and age_band": a renamed one)
_ADDS_FIELD_AT_END = re.compile(
    # ("look up vehicle:{vehicle_id} in redis for make, model and depot": "for" after the store)
    rf"(?:\b(?:{TAKE_FIELDS_VERB}|with)\s+(?:the\s+)?|(?:(?<=\}})|(?<=\}}\))|(?<=\bredis))\s+for\s+)"
    r"(?:fields?\s+)?[A-Za-z_]\w*"
    r"(?:\s+as\s+[A-Za-z_]\w*)?\s*$",
    ICASE,
)
# (", and owner_name as owner, onto the appointment": a tail's field may be renamed, and the
# record the fields go onto may be said after it)
_TAIL_ID = rf"[A-Za-z_]\w*(?:\s+{_AS_NAME}[A-Za-z_]\w*)?"
LIST_TAIL = re.compile(
    rf"\s*,\s*(?:and\s+)?{_TAIL_ID}(?:{_LIST_SEP}{_TAIL_ID})*(?![\w-])"
    r"(?:\s*,?\s+onto\s+(?:the|each|every|its)\s+[a-z]+)?(?=\s*(?:[.;\n]|$))",
    ICASE,
)
# The rest of such a list going on into the next clause: ", ward and emergency_contact, and
# publish to x" (read by `read_taken_fields`, which ends at a step's or a sink's verb)
LIST_TAIL_START = re.compile(r"\s*,\s*(?:and\s+)?", ICASE)


def _list_tail_end(s: str, end: int) -> int | None:
    """Where the rest of a field list its comma broke ends, or None when no list goes on."""
    tail = LIST_TAIL.match(s, end)
    if tail:
        return tail.end()
    start = LIST_TAIL_START.match(s, end)
    if start is None:
        return None
    # ("add producer, grape and abv (float)": a field's type in brackets, read with the list;
    # blanked to the same length, so the list's end is the text's)
    taken = read_taken_fields(s[: start.end()] + _lift_types(s[start.end() :])[0], start.end())
    if taken is None:
        return None
    said_type = _TYPE_AFTER_PART.match(s, taken[1])
    return said_type.end() if said_type else taken[1]


# "category and brand", "a, b and c": a list of names in a lookup clause
UNREAD_LIST = re.compile(
    r"(?<![\w'-])[a-z_]\w*(?:\s*,\s*[a-z_]\w*)*\s*,?\s+and\s+[a-z_]\w*(?![\w'-])", ICASE
)
# What ends a field list after a possessive ("the order's total and currency from Redis").
POSSESSED_STOP = STRUCT_STOP | word_set("redis cache then")
# Words of a lookup clause that never name a field.
ENRICH_WORDS = word_set(
    "enrich enriched enriching look looks looking lookup lookups redis key keys keyed hash hashes "
    "json value values field fields cache cached caching fetch add attach pull get store stored "
    "then write send output"
)


# Words naming what a lookup fetches as a whole, never a field of it.
LOOKUP_NOUNS = word_set(
    "profile data detail details info information record attributes metadata entry"
)


def _names_lookup(noun: str, entity: str | None, key_field: str | None) -> bool:
    """Whether a noun names what a lookup fetches: its entity or key field, or "match"."""
    # ("unknown parts" over the key part_sku, "bibs not found" over bib_number: the key
    # field's noun before its code suffix)
    stem = key_field and re.sub(r"_(?:id|sku|code|no|num|number|ref)$", "", key_field)
    lookup = {w for w in (entity, key_field, stem) if w}
    lookup |= {"match", "lookup", "profile", "entry", "record", "key"}
    noun = re.sub(r"[\s-]+", "_", noun.strip())  # ("a dosing point": the key dosing_point_id)
    return noun.lower() in lookup or singular(noun.lower()) in lookup


# The looked-up topic named before the word topic: "from the warehouses topic", "the warehouses
# table topic (keyed by warehouse_id)".
_NAME_THEN_TOPIC = re.compile(
    rf"\b(?:the|our|a|an)?\s*(?P<t>{NAME})\s+(?:(?:compacted|table|changelog|kafka)\s+)?topic\b",
    ICASE,
)


def _looked_up_topic(clause: str) -> str:
    """The topic a lookup clause reads: named after "topic" ("from topic warehouses") or before
    it ("from the warehouses topic on warehouse_id": "on" is never the name). Refused when
    neither names it."""
    after = re.search(rf"\btopic\s+(?P<t>{NAME})", clause, ICASE)
    if (
        after
        and unquote(after.group("t"))[0].lower() not in STOP | NAME_STOP
        and re.match(PARTICIPLE_NOT_NAME, clause[after.start("t") :])
    ):
        return unquote(after.group("t"))[0]
    for before in _NAME_THEN_TOPIC.finditer(clause):
        name = unquote(before.group("t"))[0]
        if name.lower() not in STOP | NAME_STOP:
            return name
    raise RequestNotUnderstood(
        f'lookup {clause.strip()!r}: which topic holds the rows? Name it, e.g. "... from the '
        f"compacted topic 'warehouses' on warehouse_id, taking city\""
    )


# A stream named inside a lookup clause: "... for every reading on topic readings and add ...":
# left for the sources recogniser ("each record of the canoe.rentals stream" too).
TOPIC_IN_CLAUSE = re.compile(
    rf"\b(?:on|from|in|of)\s+(?:the\s+)?(?:kafka\s+)?(?P<src>topic\s+{NAME}"
    rf"|{NAMED_TOPIC}\s+(?:kafka\s+)?(?:topic|stream))",
    ICASE,
)


# A selection said inside an enrichment clause: "... adding name and tier but only for vip
# customers". It ends the clause: the enrichment never masks it.
ENRICH_QUALIFIER = re.compile(
    # "... customer:{customer_id} if missing": a condition on the lookup, never its words
    r"\s(?:(?:but|and)\s+)?(?:only\s+(?:for|if|when|where)|except|unless|excluding|if|when"
    r"|whenever|in\s+case)\b",
    ICASE,
)


# Words that say "the looked-up data" without naming a field.
# "look up promo_ref in Redis", "look up each carrier_code's data in Redis": a field named as an
# identifier right after the verb is the lookup's key (it was ignored, users' ids looked up)
# "look up the customer in Redis", "looks up each merchant from the cache": the entity looked up
LOOKED_UP_NOUN = re.compile(
    r"\blook(?:s|ed|ing)?[\s-]?up\s+(?:the\s+|each\s+|every\s+|its\s+|their\s+)"
    r"(?P<e>[a-z]+)(?=\s+(?:in|from|against|via|through)\b)",
    ICASE,
)
LOOKED_UP_FIELD = re.compile(
    r"\blook(?:s|ed|ing)?[\s-]?up\s+(?:the\s+|each\s+|every\s+)?"
    r"(?P<f>[A-Za-z]\w*_\w*)(?:'s)?(?=\s+(?:(?:data|details|info|information|record|entry|values?)\s+)?"
    r"(?:in|from|on|via|against|through)\b)",
    ICASE,
)


# "look up ... from the ClickHouse table merchants", "in the Postgres products table", "against
# MySQL table x": a lookup in a database table (only Redis and compacted topics are read)
LOOKUP_IN_DATABASE = re.compile(
    r"\b(?:in|from|against)\s+(?:the\s+|our\s+|a\s+)?"
    r"(?P<db>clickhouse|postgres(?:ql)?|mysql|mariadb|bigquery|snowflake|oracle|sql\s+server"
    r"|cassandra|dynamo(?:db)?|mongo(?:db)?)\b"
    r"(?:\s+(?:table|db|database|collection)\b|\s+[A-Za-z_][\w.]*\s+(?:table|collection)\b)",
    ICASE,
)
_WRITE_VERB = re.compile(
    r"\b(?:write|writes|writing|store|stores|storing|save|saving|load|loading|insert|inserting"
    r"|sink|land|landing|send|sending|push|pushing|put|output|persist|persisting)\b",
    ICASE,
)
GENERIC_DATA = frozenset({"profile", "profiles", "data", "details", "info", "information",
                          "record", "records", "attributes", "metadata"})  # fmt: skip
# "with show_title and host_name from Redis": the fields, then where they come from.
WITH_FIELDS_FROM_REDIS = re.compile(
    r"\bwith\s+(?:the\s+)?(?=[\w\s,]*?\bfrom\s+(?:the\s+)?redis\b)", ICASE
)


# "from redis key door:{door_id} with model and install_year": the fields after the key
# ("from Redis (hashes under cdn-edge:{edge_id}) with pop_city and provider": the key in brackets)
KEY_THEN_WITH = re.compile(
    r"\{[A-Za-z_]\w*\}[`'\"]?(?:\s*\))?"
    # "key sku:{item_sku} (JSON value) with ...": the value format said between
    r"(?:\s*\(\s*(?:json|hash)(?:\s+(?:values?|strings?|documents?|objects?))?\s*\))?"
    r"\s+(?:,\s*)?(?:with|taking)\s+(?:the\s+)?(?:fields?\s+)?"
    r"(?=[A-Za-z_])",
    ICASE,
)


# "we want to know which herd the animal belongs to: that lives in Redis under herd:{collar_id},
# and we need the herd_name and paddock fields from it": a lookup said as where the data lives
# and which of its fields are needed.
LIVES_IN_REDIS = re.compile(
    r"(?:\b(?:we\s+|i\s+)?(?:want|need|would\s+like|'d\s+like|have)\s+to\s+know\s+(?:which|what)\s+"
    r"(?P<e>[a-z]+)\s+(?:the|each|an?|every)\s+[a-z]+\s+(?:belongs\s+to|is\s+in|is\s+part\s+of)"
    r"\s*[:,;\u2014-]?\s*)?"
    # "that lives in Redis", "the herd data is stored in Redis", "the herd lives in Redis"
    r"\b(?:that|it|this|which|(?:the\s+)?(?!(?:that|it|this|which)\b)(?P<e2>[a-z]+)"
    r"(?:\s+(?:data|info|details|records?))?)\s+"
    r"(?:lives|is\s+stored|is\s+kept|sits|is)\s+in\s+redis\s+(?:under|at|keyed\s+as|as)\s+"
    rf"(?:the\s+)?(?:key\s+)?(?P<tpl>{_KEY_TPL})\s*[,;]?\s*(?:and\s+)?(?:we|i)\s+(?:need|want|use"
    rf"|take)\s+(?:the\s+|its\s+)?(?P<list>{_IDS})(?:\s+fields?)?"
    r"(?:\s+(?:from|of)\s+(?:it|there|that|redis))?(?![\w{])",
    ICASE,
)


# "Enrich x with pitch details from Redis: each pitch is stored as a Redis hash under
# pitch:{pitch_id} with fields pitch_type and has_electric.": after a lookup that names no key
# nor fields, a sentence saying how its entity is stored, where, and with which fields
STORED_AS_VALUE = re.compile(
    r"\b(?:each|every|an?|the)\s+(?P<e>[a-z]+)\s+(?:is\s+stored|is\s+kept|is\s+saved|lives|sits)"
    r"\s+(?:in\s+redis\s+)?as\s+an?\s+(?:redis\s+)?(?P<fmt>hash|json)"
    r"(?:\s+(?:value|string|document|object|blob))?\s+(?:under|at)\s+(?:the\s+)?(?:key\s+)?"
    rf"(?P<tpl>{_KEY_TPL})\s+(?:with|holding|having|containing)\s+(?:the\s+)?(?:fields?\s+)?"
    rf"(?P<list>{_IDS})(?:\s+fields?)?(?=\s*(?:[.;]|$))",
    ICASE,
)


# "Graded tyres need the customer's customer_name and account_tier from Redis. Each customer is
# stored as a Redis hash under the key customer:<customer_id>.": after a lookup that names its
# fields but no key, a sentence saying how its entity is stored and where (nothing after)
STORED_UNDER_KEY = re.compile(
    r"\b(?:(?:each|every|an?|the)\s+(?P<e>[a-z]+)\s+(?:is\s+stored|is\s+kept|is\s+saved|lives|sits)"
    r"|(?P<ep>[a-z]+s)\s+are\s+(?:stored|kept|saved))"
    r"\s+(?:in\s+redis\s+)?as\s+(?:an?\s+)?(?:redis\s+)?(?P<fmt>hash|json)(?:es)?"
    r"(?:\s+(?:values?|strings?|documents?|objects?|blobs?))?\s+(?:under|at)\s+(?:the\s+)?"
    rf"(?:keys?\s+)?(?P<tpl>{_KEY_TPL})(?=\s*(?:[.;]|$))",
    ICASE,
)


# What may follow "from Redis" in the lookup's own words: where the key is, the fields, a miss
# route, or the clause's end. Other words there are not the lookup's ("from Redis rounded to two
# decimals (JSON values at ...)", "from Redis for VIP customers only, key ..."): left unmasked,
# for the other recognisers or the accounting refusal.
AFTER_STORE = re.compile(
    r"\bredis(?:\s+(?:hash(?:es)?|cache|store))?\b(?P<gap>(?:(?!\b(?:keys?|keyed|under|at|fields?"
    r"|taking|adding|using|with(?=\s+(?:the\s+)?(?:keys?|fields?|prefix)\b))\b)[^,;:(){}\x00\n.?!\u2014\u2013-])*)",
    ICASE,
)
STORE_GAP_READ = re.compile(
    r"\s*(?:$|['\"`<]|(?:at|keys?|keyed|under|using|via|by|lookups?|adding|add|to|goes|go"
    r"|should|sends?|entry|entries|taking|take|gets?|getting|fetch\w*|just|keep|keeps|hash"
    r"|hashes|show|where|whose|if|when|whenever|unless|then|instead|is|are|isn't|aren't"
    r"|with\s+(?:the\s+)?keys?|the\s+keys?"
    r"|and\s+(?:adds?|takes?|gets?|fetch(?:es)?|cop(?:y|ies)|attach(?:es)?|pulls?|brings?|we|i)"
    r"|for\s+(?:each|every))\b)",
    ICASE,
)
# What may follow the field list ("taking hull_type and dock from ..."): other words ("... and
# dock only on Mondays") are not the lookup's and are left unmasked, as above.
# ("for each order" is the lookup's; "for VIP customers only" may select records: unread)
# ("add gsm as an int rounded down": a type with more words than `_AS_TYPE` reads, unread)
_AS_NO_TYPE = "as(?!\\s+(?:an?\\s+)?(?:{})\\b)".format(
    "|".join(sorted(COLUMN_TYPES, key=len, reverse=True))
)
LIST_GAP_READ = re.compile(
    r"\s*(?:$|[,;:()\x00.?!\u2014\u2013-]|(?:from|in|to|"
    + _AS_NO_TYPE
    + r"|under|at|keys?|keyed|via"
    # ("... into the order", never "into plan": a new name the lookup did not read)
    r"|(?:into|onto)(?=\s+(?:the|each|every|its|their|it|them|an?|redis|kafka|clickhouse"
    r"|topic|stdout|\x00)\b|\s*\x00)"
    r"|using|on|for(?=\s+(?:each|every|all|any|it|them|this|that|these|those|the|its|their|an?)\b)"
    r"|with"
    # ("copying its name and the region.": a name after "and" the list did not take is unread)
    # ("copy segment and `credit`": a quoted name the list, one quoting style, did not take)
    r"|and(?!\s+[`'\"]|\s+(?:the|its|their|an?)\s+(?:[a-z]\w*_\w|[a-z]\w*(?:\s+[a-z]\w*)??"
    r"(?:\s+(?:too|as\s+well))?\s*(?:[.;,)]|$)))"
    r"|or|if|when|whenever|unless|then|per|of|fields?|columns?|values?"
    r"|too|also|please|each|every|it|them|there)\b)",
    ICASE,
)
# A taken field's new name right after the list (see `_lift_renames`)
_RENAME_AT = re.compile(rf"\s*\(?\s*{_AS_NAME}[A-Za-z_]\w*\b(?![:{{])(?:\s*\))?", ICASE)
_GAP_END = re.compile(r"[,;:(){}\x00\n.?!\u2014\u2013]|\s-\s|$")
# Words inside a lookup's clause that select records or say when, never the lookup's own ("...
# at user:{user_id} and take tier for the EU only", "enrich from redis for urgent cases
# hospital:{hospital_id} ...", "... adding name except on weekends"): left unread from there to
# the clause's next break. "for" is the lookup's before each/every/it/them ("for each order"),
# a snake_case field ("for holder_name"), or a word the lookup read ("for the customer").
LOOKUP_SELECTS = re.compile(
    r"\b(?:only|except|excluding|unless|during|outside|whose|where|between|before|after"
    # ("names that are not in Redis just get nulls": a miss, the lookup's own)
    r"|not(?!\s+(?:found|there|known|in\s+(?:the\s+)?(?:redis|cache))\b)|never)\b"
    # "... adding carrier_name with amounts in EUR": a unit, a zone or an order, never the store
    # ("bring in tier", "for every payment in topic payments": a verb's particle, the source)
    r"|(?<!bring\s)(?<!brings\s)(?<!bringing\s)(?<!pull\s)(?<!pulls\s)(?<!pulling\s)"
    r"\bin\s+(?!(?:the\s+|an?\s+)?(?:redis|cache|hash(?:es)?|json|it|them|there|each|every"
    r"|kafka|topic|stream|real[\s-]?time|near[\s-]+real[\s-]?time"
    r"|(?:the\s+|each\s+)?(?:same\s+)?(?:record|event|message|row)s?)\b)"
    r"(?=(?:the\s+)?[A-Za-z])"
    r"|\bfor\s+(?!(?:each|every|all|any|it|them|this|that|these|those|its|their)\b)"
    r"(?!(?:the\s+|an?\s+)?[a-z]\w*_\w)(?:(?:the|an?)\s+)?(?P<w>[A-Za-z]\w*)",
    ICASE,
)


# "from Redis rather than Postgres", "in Redis instead of the MySQL database": a database the
# lookup is said not to use, right after the store it uses
REDIS_NOT_DB = re.compile(
    r"\b(?:from|in|against|via|using)\s+(?:the\s+)?redis\s*,?\s+(?P<not>(?:rather\s+than|instead\s+of)"
    r"\s+(?:the\s+|our\s+)?(?:postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|dynamo(?:db)?|cassandra"
    r"|oracle|sql\s+server|database)(?:\s+(?:database|db|tables?))?)\b",
    ICASE,
)


class EnrichRecogniser(SchemaResolver):
    def _unread_gaps(
        self, start: int, end: int, list_end: int | None, read: set[str]
    ) -> list[tuple[int, int]]:
        """The spans of self.s[start:end] the lookup does not read: words after "from Redis"
        or after the field list that say neither the key, the fields nor a miss route."""
        gaps = []
        for store in AFTER_STORE.finditer(self.s, start, end):
            gap = store.group("gap")
            words = {w.lower() for w in re.findall(r"[\w']+", gap)}
            # ("from Redis with personal data removed": an entity the gap's own words named)
            words -= {m.group(1).lower() for m in re.finditer(r"(\w+)\s+data\b", gap, ICASE)}
            if STORE_GAP_READ.match(gap) or words & read:
                continue
            lead = len(gap) - len(gap.lstrip())
            gaps.append((store.start("gap") + lead, store.end("gap")))
        renamed = _RENAME_AT.match(self.s, list_end) if list_end is not None else None
        if renamed:  # "copy team into agent_team and ...": the last field's new name, read
            list_end = renamed.end()
            typed = _TYPE_AFTER_PART.match(self.s, list_end)  # ("... as alt_m (an int)")
            list_end = typed.end() if typed else list_end
        bracket = _list_bracket_gap(self.s, list_end) if list_end is not None else None
        if bracket:  # "copy tier and lounge_access (a flag) onto it": a remark on the list
            gaps.append(bracket)
        elif list_end is not None and list_end < end and not LIST_GAP_READ.match(self.s, list_end):
            stop = _GAP_END.search(self.s, list_end + 1, end)
            gaps.append((list_end, stop.start() if stop else end))
        gaps += self._selecting_gaps(start, end, read)
        return [(a, b) for a, b in gaps if b > a and self.s[a:b].strip()]

    def _selecting_gaps(self, start: int, end: int, read: set[str]) -> list[tuple[int, int]]:
        """The spans of self.s[start:end] from a word that selects records (LOOKUP_SELECTS) to
        the clause's next break, outside a miss route's words: never the lookup's."""
        routes = miss_route_spans(self.s)
        gaps = []
        for sel in LOOKUP_SELECTS.finditer(self.s, start, end):
            if sel.group("w") and sel.group("w").lower() in read | ENRICH_WORDS | LOOKUP_NOUNS:
                continue
            if any(a <= sel.start() < b for a, b in routes):
                continue
            stop = _GAP_END.search(self.s, sel.end(), end)
            gaps.append((sel.start(), stop.start() if stop else end))
        return gaps

    def _key_bracket_gap(self, start: int, end: int) -> list[tuple[int, int]]:
        """A bracket right after the lookup's key template that says none of the lookup's own
        things (`KEY_BRACKET_FORMS`): "pet:{pet_id} (skip cats)" selects records, so it is left
        unread (a filter's reader may read it, or the request is refused), never masked."""
        gaps = []
        for km in KEY_THEN_BRACKET.finditer(self.s, start, end):
            inner = km["in"].strip()
            if MASK in inner or any(form.fullmatch(inner) for form in KEY_BRACKET_FORMS):
                continue
            gaps.append((km.start("b"), km.end()))
        return gaps

    def _mask_but(self, start: int, end: int, gaps: list[tuple[int, int]]) -> None:
        """Mask self.s[start:end] except the `gaps` (words the step did not read)."""
        at = start
        for a, b in sorted(gaps):
            if a >= end or b <= at:
                continue
            if a > at:
                self.mask(at, a, domain=True)
            at = max(at, b)
        if at < end:
            self.mask(at, end, domain=True)

    def _lookup_verb(self) -> re.Match[str] | None:
        """The first lookup verb, unless its clause names no store while a later one's takes
        fields from Redis ("Could you enrich the door scans? ... then add section and
        price_band from Redis (key seat:{seat_id})": the question says what for, the later
        clause is the lookup)."""
        found = list(ENRICH_VERB.finditer(self.s))
        head = self.s[found[0].start() : self.clause_end(found[0].end())] if found else ""
        if _WITH_NOUN_DETAILS.search(head):
            # ("enrich the gym.checkins topic with member info": the source's topic, no table)
            head = re.sub(rf"\b(?:the\s+)?{NAMED_TOPIC}\s+topic\b", "", head, flags=ICASE)
        if len(found) < 2 or re.search(r"\b(?:redis|cache|topic|table)\b|\{", head, ICASE):
            return found[0] if found else None
        for later in found[1:]:
            clause = self.s[later.start() : self.clause_end(later.end())]
            if re.match(
                rf"{TAKE_FIELDS_VERB}\b[^,;.\x00]*\bfrom\s+(?:the\s+)?redis\b", clause, ICASE
            ):
                return later
            first = _WITH_NOUN_DETAILS.search(
                self.s, found[0].end(), self.clause_end(found[0].end())
            )
            later_key = re.match(
                r"look(?:s|ing)?\s+up\b[^,;.\x00]*\b(?:in|from)\s+(?:the\s+)?redis\b"
                r"[^,;.\x00]*?\b(?P<p>[a-z]+):\{",
                clause,
                ICASE,
            )
            if first and later_key and first["e"].lower() == later_key["p"].lower():
                # "enrich the x stream with variety details. - look up each record in Redis
                # under the key variety:{variety_code}": what is added, said first by the
                # noun the later lookup's key starts with, the lookup said after it
                self.mask(found[0].start(), found[0].end(), domain=True)
                self.mask(first.start(), first.end(), domain=True)
                return later
        return found[0]

    def _mask_store_not_used(self) -> None:
        """ "enrich each order from Redis rather than Postgres", "look it up in Redis instead of
        the MySQL database": the store the lookup uses, then one it is not to use (no source,
        no sink of its own: masked, the Redis lookup read as said)."""
        for m in list(REDIS_NOT_DB.finditer(self.s)):
            self.mask(m.start("not"), m.end())

    def extract_enrich(self) -> None:
        self._mask_store_not_used()
        m = self._lookup_verb()
        if not m:
            self._lives_in_redis()
            return
        # "Every fault must be enriched from redis ...", "could each shipment line be looked up
        # in Redis ...": the records, the passive's subject (a second word only when it cannot
        # say which records: "each premium order" is left unread)
        subject = re.search(
            r"\b(?:every|each|all\s+the|all)\s+(?P<n>[A-Za-z]+(?:\s+[A-Za-z]+)?)\s+"
            r"(?:(?:must|should|shall|will|would|can|could|has\s+to"
            r"|have\s+to|needs?\s+to|is\s+to|are\s+to)\s+)?(?:be|get|gets)\s+$",
            self.s[max(0, m.start() - 60) : m.start()],
            ICASE,
        )
        passive = m.group(0).lower() == "enriched" or m.group(0).lower().startswith("looked")
        if subject and passive and (" " not in subject["n"] or _plain_noun(subject["n"])):
            self.mask(m.start() - len(subject.group(0)), m.start())
        label = re.match(r"\s*:\s", self.s[m.end() :])  # "- enrich: Redis key ..., fields ..."
        end = self.clause_end(m.end() + (label.end() if label else 0))
        if label and re.match(rf"\s*{MASK}", self.s[m.end() + label.end() :]):
            # "Lookup: left join with the compacted topic x ...": a heading over a step another
            # recogniser read (a table join), never a Redis lookup of its own
            self.mask(m.start(), m.end() + label.end())
            return
        named = ENRICH_NAME.match(self.s, m.end()) or RECORDS_OF_TOPIC.match(self.s, m.end())
        bracketed = None if named else RECORDS_PAREN_TOPIC.match(self.s, m.end())
        if bracketed and _plain_noun(bracketed["w"]):
            named = bracketed  # "Enrich chlorine dosing events (topic desal.dosing) from Redis"
        elif bracketed:  # "Enrich failed card payments (topic x) ...": a word may select
            raise RequestNotUnderstood(
                f"cannot read {' '.join(bracketed['w'].split())!r} before topic "
                f"{bracketed['t']!r}: a word of it may say which records to enrich, and a lookup "
                'enriches every record; keep some with a condition (e.g. "keep only status = '
                "'active'\"), or name the records by their topic alone"
            )
        if named:  # "enrich card-auths with ...": a name that can only be a topic is the source
            self.topics.append((named.start("t"), unquote(named.group("t"))[0]))
            self.mask(named.start(), named.end())
        wm = re.compile(r"\b(?:with|using|via|against)\b", ICASE).search(self.s, m.end(), end)
        between = self.s[m.end() : wm.start()] if wm else ""
        if (
            wm
            and re.search(r"\bfrom\b|\btopic\b", between, ICASE)
            # "enrich them from redis key door:{door_id} with model": the store, not a source
            and not re.search(r"\bfrom\s+(?:the\s+)?redis\b", between, ICASE)
        ):
            # "enrich payment events from 'payments' with ...": keep the source for later; the
            # words naming the records ("enrich the card payments from topic ...") are read
            named = re.match(
                r"(?:\s+(?:the|all|our|each|every))?(?:\s+[A-Za-z][A-Za-z-]*){0,3}?(?=\s+(?:from|in|on)\b)",
                self.s[m.end() : wm.start()],
                ICASE,
            )
            self.mask(m.start(), m.end() + (named.end() if named else 0))
            m = wm
        if not re.search(r"\bredis\b", self.s[m.start() : end], ICASE):
            # "with the vehicle's make, model and category from Redis (...)": a field list the
            # clause's commas broke, then where the fields come from
            listed = LIST_FROM_REDIS.match(self.s, end)
            if listed:
                end = self.clause_end(listed.end())
        opened = self.s[m.start() : end]
        if opened.count("(") > opened.count(")"):
            # "from Redis (key patient:{patient_id}, fields ward and attending_doctor)": the
            # rest of the parentheses when it only says the key and the fields
            rest = PAREN_REST.match(self.s, end)
            if rest:
                end = rest.end()
        while True:  # "from Redis: key owner:{owner_id}, fields owner_name and phone"
            part = LOOKUP_PART.match(self.s, end)
            if part is None:
                break
            end = part.end()
        said_type = _TYPE_AFTER_PART.match(self.s, end)
        if said_type:  # "..., fields name and risk_score (float)": the last field's type
            end = said_type.end()
        colon_list = KEY_COLON_LIST.match(self.s, end)
        if colon_list:  # "... key exam:{exam_id}: course_name, instructor_email."
            end = colon_list.end()
        more = FIELDS_CLAUSE.match(self.s, end)
        if more:  # "enrich from redis, key driver:{driver_id}, adding name and rating"
            end = max(self.clause_end(more.end()), fields_list_end(self.s, more.end()))
        # (after the spaces that follow the list)
        renamed = VERB_FIELD_AS.match(self.s, len(self.s) - len(self.s[end:].lstrip()))
        if renamed:  # "..., take model and site_name (put site_name as site)"
            end = renamed.end()
        renamed = PAREN_RENAME_AFTER.match(self.s, end)
        if renamed:  # "copy level and home_association (rename that one to association)"
            end = renamed.end()
        if _ADDS_FIELD_AT_END.search(self.s, m.start(), end):
            tail_end = _list_tail_end(self.s, end)
            if tail_end:  # "... at key pet:{pet_id} and add species, breed and colour."
                end = tail_end
        if _SAID_TYPE_AT_END.search(self.s, m.start(), end):
            typed = TYPED_LIST_REST.match(self.s, end)
            if typed:  # "add site_name (string), region (string) and max_dose (float)"
                end = typed.end()
        # (searched to the clause's end: "fields site and model, unmatched ones keep nulls" is
        # a list read up to "keep", whose first words are the miss's, never a field)
        keep = KEEP_ON_MISS.search(self.s, m.start(), max(end, self.clause_end(end)))
        if keep and keep.start() < end:
            # "..., if there is no match keep it and leave the fields empty": no field list
            end = keep.start()
        clause = self.s[m.start() : end]
        has_redis = re.search(r"\bredis\b", clause, ICASE)
        db_said = self.text[m.start() : max(end, self.clause_end(m.end()))]
        db = None if has_redis else LOOKUP_IN_DATABASE.search(db_said)
        if db and not _WRITE_VERB.search(db_said, 0, db.start()):
            # "look up the merchant's country from the ClickHouse table merchants": a lookup in
            # a database table, which became a Redis lookup plus a ClickHouse sink
            raise RequestNotUnderstood(
                f"cannot read {db_said.strip(' ,;.')!r}: a lookup in a {db.group('db')} table is not "
                'supported; a lookup reads Redis ("look up tier in Redis, key '
                'customer:{customer_id}") or the latest record of a compacted Kafka topic '
                '("enrich with tier from the compacted topic customers keyed by customer_id")'
            )
        if not has_redis and re.search(r"\btopic\b", clause, ICASE):
            # "enrich ... with X from topic 'y'": a join; time-bounded or latest-value.
            if WITHIN.search(clause):
                self.enrich_as_join = m
                return
            name = _looked_up_topic(clause)
            em = re.search(
                r"\bwith\s+(?:the\s+)?(?:latest\s+)?(?P<e>[a-z]+)\s+"
                r"(?:records?|data|details|profiles?|info\w*|attributes)\b",
                clause,
                ICASE,
            )
            entity = em.group("e").lower() if em else singular(re.split(r"[-_.]", name)[-1])
            join = Join(
                m.start(), "table", name, clause, None, None, entity=entity, data_named=bool(em)
            )
            read_join_key_and_fields(join, clause)
            self.mask(m.start(), end, domain=True)
            self.joins.append(join)
            return
        if (
            not has_redis
            and not re.search(r"\b(?:profiles?|lookup|look\s+up|hash|cache)\b", clause, ICASE)
            and not ENTITY_DATA.search(clause)
        ):
            return
        said_length = len(clause)
        clause, as_types = _lift_as_types(clause)
        clause, renames = _lift_renames(clause)
        _refuse_as_after_key(clause)
        clause, types = _lift_types(clause)
        types = {**as_types, **types}
        entity = None
        key_field = None
        key_explicit = False
        prefix = None
        tpl = re.search(
            r"""[`'"]?(?P<pre>[A-Za-z0-9_:.\-]*)\{(?P<f>[^}\s]*)\}(?P<suf>[A-Za-z0-9_:.\-]*)[`'"]?""",
            clause,
        )
        if tpl:
            # "Key: device:{device_id}." ends a sentence; "key exam:{exam_id}: a, b" a label
            if tpl.group("suf").rstrip(".") and tpl.group("suf") != ":":
                raise RequestNotUnderstood(
                    f"Redis key template {tpl.group(0).strip('`')!r}: the key must end with the "
                    "{field} (a prefix followed by one field)"
                )
            prefix, key_field, key_explicit = tpl.group("pre"), tpl.group("f"), True
            refuse_nameless_prefix(tpl.group(0))
        plus = None if tpl else PREFIX_PLUS_FIELD.search(clause)
        if plus:  # "under 'site:' + site_code": the key as a concatenation
            prefix = plus.group("pre") or plus.group("pre2")
            key_field, key_explicit = plus.group("f") or plus.group("f2"), True
        em = ENTITY_DATA.search(clause)
        if em and em.group("e").lower() not in STOP:
            entity = ENTITY_ALIASES.get(em.group("e").lower(), singular(em.group("e").lower()))
        elif re.search(r"\bprofiles?\b", clause, ICASE):
            entity = "user"
        data_named = entity is not None
        profile_named = bool(re.search(r"\bprofiles?\b", clause, ICASE))
        if key_field is None:
            keys = list(
                re.finditer(
                    rf"\b(?:on|by|using|keyed\s+by|via|with\s+key(?!\s+prefix)|(?P<each>for\s+each))"
                    rf"\s+(?:the\s+)?(?P<f>{FIELD})",
                    clause,
                    ICASE,
                )
            )
            # ("for each refund by customer_id": the records' noun, then the key field)
            fields_said = [k for k in keys if not (k["each"] and "_" not in k["f"])]
            km = (fields_said or keys)[0] if keys else None
            if km:
                cand, _q = unquote(km.group("f"))
                if cand.lower() not in STOP and cand.lower() != "redis":
                    key_field, key_explicit = cand, True
        named_key = LOOKED_UP_FIELD.search(clause) if key_field is None else None
        if named_key:  # "look up promo_ref in Redis adding label": the field is the key
            key_field, key_explicit = named_key.group("f"), True
        if entity is None and key_field and key_field.endswith("_id"):
            entity = key_field[:-3]
        if prefix is None:
            pm = re.search(
                rf"\b(?:key\s+)?prefix(?:ed)?\s*(?:(?:with|of)\s+|[=:]\s*)?(?P<p>{NAME})",
                clause,
                ICASE,
            )
            if pm:  # "prefixed with merchant:": the colon is the prefix's own
                prefix, quoted = unquote(pm.group("p"))
                prefix = prefix if quoted else pm.group("p").rstrip(".,;!?")
        if prefix is None:  # "'merchant:' keyed by merchant_id"
            qm = re.search(r"""['"`](?P<p>[A-Za-z0-9_.\-]+:(?:[A-Za-z0-9_.\-]+:)*)['"`]""", clause)
            if qm:
                prefix = qm.group("p")
        # "look up each product in Redis ... to enrich the order-items topic": the stream enriched
        # is the source
        target = ENRICHED_TOPIC.search(self.s, m.end(), end) or ADD_TO_TOPIC.search(
            self.s, m.start(), end
        )
        if target:
            group = "t" if target.group("t") else "t2"
            self.topics.append((target.start(group), unquote(target.group(group))[0]))
            self.mask(target.start(), target.end())
        is_hash = re.search(r"\bhash(?:es)?\b|\bhgetall\b|\bhmget\b", clause, ICASE)
        value_format = "hash" if is_hash else "json"
        fields: list[str] = []
        fm = None
        list_end = None  # where the field list ends (in `clause`)
        for fm in re.finditer(
            # "pull in tier from Redis ..."
            r"\b(?:(?:pull|pulling)\s+in"
            # ("... that looks each id up in Redis and pulls tier": a clause about the stream)
            r"|adding|adds|add|to\s+(?:get|add|fetch|attach|pull)|taking|fetching|getting|pulling"
            # "(key site:{site_id}, take site_name and rock_type)", "grab x and y", "include x"
            # ("... and take its max_temp_c field": the value's own field)
            r"|(?:take|takes|taking|grab|grabs|grabbing|get|gets)"
            r"(?=\s+(?:the\s+|its\s+|their\s+)?[a-z]\w*_\w)"
            # "... at user:{user_id} and take tier": any name, once the key is said
            r"|(?<=\}\sand\s)(?:take|grab|get)(?=\s+(?:the\s+)?[a-z]\w*\b)"
            r"|attach(?:es)?|attaching|fetch(?:es)?|pulls?"
            r"|(?:with\s+)?(?:the\s+)?fields?(?!\s+(?:empty|null|blank)\b)"
            r"|attributes?"
            # "..., key is room:{room_id}, need floor and room_type", "..., with a and b"
            # (", want x and y": the asking verb without its subject, as "need")
            r"|(?<=[,;]\s)(?:with|(?:we|i)\s+(?:need|want)|needs?|wants?)"
            # ("the value is JSON with rating (float) and vehicle_class": the value's fields)
            # (never "a redis hash with key prefix 'u:'": the key said)
            r"|(?:(?<=\bjson\s)|(?<=\bhash\s)|(?<=\bhashes\s))with(?=\s)(?!\s+(?:the\s+)?(?:keys?"
            r"|prefix(?:es)?|ttl)\b)"
            # ("Graded tyres need the customer's customer_name and account_tier from Redis")
            r"|needs?(?=\s+(?:the\s+)?(?:[a-z]+'s\s+)?[a-z][a-z0-9]*_\w"
            r"[^,;.]{0,80}\bfrom\s+(?:the\s+)?redis\b)"
            # "the key is well:{well_id} and we need well_name and field_block from it"
            r"|(?<=\band\s)(?:we|i)\s+(?:need|want)"
            # "look up key pass:{pass_id} for holder_name and tier": snake_case names only
            # ("look each prop up in redis (prop:{prop_id}) for x and y": the key in brackets)
            r"|(?:(?<=\}\s)|(?<=\}\)\s))for(?=\s+[a-z]\w*_\w)"
            # ("Look up station:{station_id} in Redis for keeper_phone and region")
            r"|(?i:(?<=\bredis\s))for(?=\s+[a-z]\w*_\w)"
            # "copy advertiser and budget_tier onto it"
            # ("copy over the allergens and diet fields": its particle before the list)
            r"|cop(?:y|ies|ying)(?:\s+(?:over|across|along)(?=\s))?"
            r"|(?:bring|bringing|carry|carrying)\s+(?:in|over|along))(?:\s*[:=])?\s+"
            # ("add each tailor's name and speciality")
            r"(?:the\s+|each\s+|every\s+)?(?P<det>[a-z]+'s\s+|their\s+|its\s+)?(?:fields?\s+)?",
            clause,
            ICASE,
        ):
            at = fm.end()
            # ("copying its name and its region": the determiner said again before each)
            det = fm["det"] and fm["det"].strip()
            lead = re.match(
                r"([a-z]+)\s+(?=(?!(?:from|in|into|to|with|and|of|for|on|via|using|by)\b)[a-z_]\w*\b"
                r"(?!\s*,))",
                clause[at:],
                ICASE,
            )
            if lead and singular(lead.group(1).lower()) in {
                entity,
                key_field and key_field.removesuffix("_id"),
            }:
                at += lead.end()  # "fetch the product name and category": the product's fields
            items, listed_to = read_list(clause, at, FIELD_RE, det=det)
            _refuse_list_past_remark(clause, listed_to)
            fields = [t for t, _, _ in items if t.lower() not in ("redis", "cache")]
            looked_up = {entity, key_field, *LOOKUP_NOUNS}
            if fields and all(singular(t.lower()) in looked_up for t in fields):
                fields = []  # "fetch the customer from Redis ... and add tier": the entity
                continue
            # (offsets in the text: renames and type remarks are blanked to the same length)
            list_end = listed_to if fields and len(clause) == said_length else None
            break
        if not fields:  # "from Redis hash merchant:{merchant_id} (category, country)"
            pk = PAREN_AFTER_KEY.search(clause) or KEY_COLON_LIST.search(clause)
            if pk:
                fields, fm = _ids_of(pk.group("list")), pk
        lu = LOOKUP_IN_REDIS.search(clause)
        if lu and (not fields or fm is None):  # "look up tier and region in Redis under ..."
            looked_up_fields = _ids_of(lu.group("list"))
            # ("look up the operator in Redis at operator:{operator_badge}": the key's prefix
            # names what is looked up, never a field)
            lookup_words = {entity, key_field, (prefix or "").strip(":").lower(), *LOOKUP_NOUNS}
            if not all(singular(t.lower()) in lookup_words for t in looked_up_fields):
                fields, fm = looked_up_fields, lu
        if fm is None:  # "with the user's segment and country from Redis"
            om = re.search(
                r"\bwith\s+(?:the\s+|each\s+|every\s+)?(?:[a-z]+'s|their|its)\s+", clause, ICASE
            )
            if om:  # after a possessive, "total" or "count" is a field name too
                items, _ = read_list(clause, om.end(), FIELD_RE, stop=POSSESSED_STOP)
                fields = [t for t, _, _ in items if t.lower() not in POSSESSED_STOP | GENERIC_DATA]
        if not fields:  # "enrich podcast-plays with show_title and host_name from Redis ..."
            wm = WITH_FIELDS_FROM_REDIS.search(clause)
            if wm:
                at = wm.end()
                lead = re.match(r"([a-z]+)\s+(?=[a-z_]\w*\b(?!\s*,))", clause[at:], ICASE)
                if lead and singular(lead.group(1).lower()) in {
                    entity,
                    key_field and key_field.removesuffix("_id"),
                }:
                    at += lead.end()  # "with merchant name and mcc": the merchant's fields
                items, _ = read_list(clause, at, FIELD_RE)
                fields = [t for t, _, _ in items if t.lower() not in STOP | GENERIC_DATA]
                if any(singular(t.lower()) in {entity, key_field, *LOOKUP_NOUNS} for t in fields):
                    fields = []  # "with the customer profile from Redis": the entity's data
        if not fields:  # "from redis key door:{door_id} with model and install_year"
            km = KEY_THEN_WITH.search(clause)
            if km:
                items, _ = read_list(clause, km.end(), FIELD_RE)
                fields = [t for t, _, _ in items if t.lower() not in STOP | GENERIC_DATA]
        if not fields:  # "look up the sku's category and brand in Redis": a possessive
            pm = re.search(
                r"\b(?:look(?:s|ing)?\s+up|fetch\w*|get\w*|pull\w*|read\w*)\s+"
                # ("look up each batch's expiry_date and storage_class in Redis")
                r"(?:the\s+|each\s+|every\s+)?[a-z]\w*['\u2019]s\s+",
                clause,
                ICASE,
            )
            if pm:
                items, end_at = read_list(clause, pm.end(), FIELD_RE, stop=POSSESSED_STOP)
                if re.match(r"\s+(?:in|from)\s+(?:the\s+)?redis\b", clause[end_at:], ICASE):
                    fields = [
                        t for t, _, _ in items if t.lower() not in POSSESSED_STOP | GENERIC_DATA
                    ]
        if not fields:  # "look up the tariff_code in the Redis hash ...": snake_case names
            lm = re.search(r"\blook(?:s|ing)?\s+up\s+(?:the\s+)?(?=\w+_\w)", clause, ICASE)
            if lm:
                items, _ = read_list(clause, lm.end(), FIELD_RE)
                if all("_" in t for t, _, _ in items):
                    fields = [t for t, _, _ in items]
        if not fields:  # "... at sat:{satellite_id} - sat_name and operator_org"
            # (read on into the words after the clause: "take the usual stuff" cut at "usual")
            words_after = self.s[m.start() + said_length :]
            looked_words = {entity, key_field, (prefix or "").strip(":").lower(), *LOOKUP_NOUNS}
            taken_said = _taken_list(clause, words_after, looked_words)
            if taken_said:
                fields, fm = taken_said
                list_end = fm.end() if len(clause) == said_length else None
        refuse_quantifier_fields(fields, "the Redis lookup")
        # (in the request's own words too: "taking all fields except email" read by the
        # projection as a select dropping email, the usual fields taken: never what was asked)
        stop = re.compile(r"[.;!?\n](?!\w)|$").search(self.text, m.start() + said_length)
        every = _ALL_FIELDS.search(clause) or _ALL_FIELDS.search(
            self.text, m.start(), stop.start() if stop else len(self.text)
        )
        if every:  # "taking all fields": the entity's usual fields were taken instead
            raise RequestNotUnderstood(
                f"cannot take {every.group('w')!r} from the Redis lookup: the fields to take are "
                "named one by one (e.g. \"... from compacted topic 'x' taking name and tier\")"
            )
        if "it" in renames:  # "store it as patient_ward": the one field taken
            if len(fields) != 1:
                taken = ", ".join(fields) or "no field"
                raise RequestNotUnderstood(
                    f"Redis enrichment: 'it as {renames['it']}' with {taken} taken: say which "
                    f"field takes the name, as in \"taking <field> as {renames['it']}\""
                )
            renames[fields[0]] = renames.pop("it")
        stray = next(((f, n) for f, n in renames.items() if f not in fields), None)
        if stray:  # "look up the customer as cust in Redis": a new name for no field taken
            raise RequestNotUnderstood(
                f"Redis enrichment: {stray[0]!r} as {stray[1]!r}: {stray[0]!r} is not a field "
                'the lookup takes; name the fields and their new names (e.g. "enrich orders from '
                'Redis, key customer:{customer_id}, taking tier as customer_tier and region")'
            )
        stored = (
            STORED_AS_VALUE.search(self.s, m.start()) if not fields and not key_explicit else None
        )
        if stored and (entity is None or singular(stored["e"].lower()) == entity):
            # "... with pitch details from Redis: each pitch is stored as a Redis hash under
            # pitch:{pitch_id} with fields pitch_type and has_electric": the lookup's key, value
            # and fields, said in the sentence after it
            tpl = re.fullmatch(r"[`'\"]?(?P<pre>[^{]*)\{(?P<f>\w+)\}[`'\"]?", stored["tpl"])
            assert tpl is not None
            refuse_nameless_prefix(stored["tpl"])
            prefix, key_field, key_explicit = tpl["pre"], tpl["f"], True
            entity = entity or singular(stored["e"].lower())
            value_format = stored["fmt"].lower()
            fields = _ids_of(stored["list"])
            refuse_quantifier_fields(fields, "the Redis lookup")
            self.mask(stored.start(), stored.end(), domain=True)
        # (on the request as written: "Each" may be read already, as filler)
        under = (
            STORED_UNDER_KEY.search(self.text, m.start()) if fields and not key_explicit else None
        )
        said_of = singular((under["e"] or under["ep"] or "").lower()) if under else ""
        if (
            under
            # (the entity the lookup names, or, none named, the one its key template names)
            and (said_of == entity or (entity is None and said_of in under["tpl"].lower()))
            # ("the customer's name ... Each supplier is stored ...": whose fields, said)
            and all(singular(w.lower()) == said_of for w in re.findall(r"\b([a-z]+)'s\b", clause))
            and MASK not in self.s[under.start("e") if under["e"] else under.start() : under.end()]
        ):
            # "... need the customer's name from Redis. Each customer is stored as a Redis hash
            # under the key customer:<customer_id>.": the key and value of the lookup said
            tpl = re.fullmatch(r"[`'\"]?(?P<pre>[^{]*)\{(?P<f>\w+)\}[`'\"]?", under["tpl"])
            if tpl is not None:
                refuse_nameless_prefix(under["tpl"])
                prefix, key_field, key_explicit = tpl["pre"], tpl["f"], True
                value_format = under["fmt"].lower()
                self.mask(under.start(), under.end(), domain=True)
        if not fields:
            self._refuse_unread_field_list(clause, entity, key_field)
        _refuse_for_after_key(clause, fm)
        # Cache and miss options may sit in their own clause ("..., caching lookups for 5 min").
        ttl = None
        tm = self._cache_ttl(m.start(), end)
        if tm:
            ttl = dur_ms(tm.group("d") or tm.group("d2"))
        elif self.take(NO_CACHE):
            ttl = 0
        max_entries = None
        cm = self.take(CACHE_SIZE)
        if cm:
            max_entries = int(number(cm.group("n")))
        fallback = FALLBACK_ON_MISS.search(self.s)
        if fallback:
            raise RequestNotUnderstood(
                f"Redis enrichment: {fallback.group(0).strip()!r}: a lookup that finds no key "
                "gives null fields (or sends the record to the dead-letter topic); the offline "
                "parser does not read a default value for them yet: a spec file can add a "
                "computed field with coalesce(field, 'value') after the lookup"
            )
        dropped = DROP_ON_MISS.search(self.s)
        if dropped:
            raise RequestNotUnderstood(
                f"Redis enrichment: {dropped.group(0).strip()!r}: a lookup that finds no key "
                "leaves the fields it adds null, or sends the record to the dead-letter topic; "
                'it cannot drop the record. Say "missing customers go to the dead letter topic", '
                'or drop the records afterwards by one of the added fields ("drop orders '
                'without tier")'
            )
        keep = KEEP_ON_MISS.search(self.s)
        if keep and ON_MISS.search(self.s) is None:
            # "keep orders even if the lookup misses": the default (the fields stay null)
            self.mask(keep.start(), keep.end(), domain=True)
        kept_forms = (KEEP_ON_NOUN_MISS, KEEP_WHOSE_MISS, KEEP_EVEN_IF_NOUN_MISS)
        for kept in [m for form in kept_forms for m in form.finditer(self.s)]:
            if _names_lookup(kept["x"], entity, key_field) and ON_MISS.search(self.s) is None:
                self.mask(kept.start(), kept.end(), domain=True)
        on_miss = (
            "dead_letter"
            if self._if_missing(entity, key_field)
            or self._on_miss(entity, key_field)
            or self._missing_to_dlq(entity, key_field)
            else None
        )
        # "look up each product in Redis ... to enrich the order-items topic": the stream being
        # enriched is the source; leave it to the source recogniser
        qualifier = ENRICH_QUALIFIER.search(self.s, m.end(), end)
        if qualifier:  # "... adding name and tier but only for vip customers": left to the
            end = qualifier.start()  # filters, or refused; never masked with the lookup
        source = SOURCE_IN_ENRICH.search(self.s, m.start(), end) or TOPIC_IN_CLAUSE.search(
            self.s, m.start(), end
        )
        read = {w.lower() for w in (*fields, entity or "", key_field or "", prefix or "")}
        read |= {p for w in read for p in re.split(r"[_:]", w) if p}
        if list_end is not None:  # "add tier (string) and since (date) ...": past the type
            list_end = m.start() + list_end
            typed = _TYPE_AFTER_PART.match(self.s, list_end)
            list_end = typed.end() if typed else list_end
        gaps = self._unread_gaps(m.start(), end, list_end, read)
        gaps += self._key_bracket_gap(m.start(), end)
        if source:
            self._mask_but(m.start(), source.start("src"), gaps)
            self._mask_but(source.end("src"), end, gaps)
        else:
            self._mask_but(m.start(), end, gaps)
        for said in ONCE_ENRICHED.finditer(self.s):
            self.mask(said.start(), said.end())  # "once enriched, ...": the steps' order
        self.enrich = Enrich(
            m.start(), entity, key_field, key_explicit, prefix, value_format, fields, ttl,
            max_entries, on_miss, data_named=data_named, renames=renames, types=types,
            profile_named=profile_named,
        )  # fmt: skip

    def _cache_ttl(self, start: int, end: int) -> re.Match[str] | None:
        """The lookup's cache TTL, taken: "caching lookups for 5 minutes" anywhere, a bare "TTL
        of 5 minutes" only inside the lookup's clause. A bare TTL said elsewhere ("... and write
        them to Redis under x:{id} with a TTL of six hours", "... to ClickHouse a.b with a TTL
        of 30 days") is a sink's: left to the sink's reader (or refused), never the cache's."""
        for tm in CACHE_TTL.finditer(self.s):
            bare = not tm.group(0).lower().startswith("cach")
            if bare and not start <= tm.start() < end:
                continue
            self.mask(tm.start(), tm.end())
            return tm
        return None

    def _lives_in_redis(self) -> None:
        """ "that lives in Redis under herd:{collar_id}, and we need the herd_name and paddock
        fields from it": the key template and the fields, said without a lookup verb."""
        m = LIVES_IN_REDIS.search(self.s)
        if m is None:
            return
        tpl = re.fullmatch(r"[`'\"]?(?P<pre>[^{]*)\{(?P<f>\w+)\}[`'\"]?", m.group("tpl"))
        assert tpl is not None
        refuse_nameless_prefix(m.group("tpl"))
        fields = _ids_of(m.group("list"))
        refuse_quantifier_fields(fields, "the Redis lookup")
        entity = (m.group("e") or m.group("e2") or "").lower() or None
        self.mask(m.start(), m.end(), domain=True)
        self.enrich = Enrich(
            m.start(), entity, tpl.group("f"), True, tpl.group("pre"), "json", fields, None,
            None, None, data_named=entity is not None,
        )  # fmt: skip

    @staticmethod
    def _refuse_unread_field_list(clause: str, entity: str | None, key_field: str | None) -> None:
        """A list of names in the lookup clause ("the sku's category and brand") that no
        phrasing above read as the fields: refused, never replaced by the entity's usual
        fields."""
        lookup = {w for w in (entity, key_field, key_field and key_field.removesuffix("_id")) if w}
        plain = re.sub(rf"{QUOTED}|\S*\{{[^}}]*\}}\S*", " ", clause)
        for m in UNREAD_LIST.finditer(plain):
            names = [w for w in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(0)) if w]
            if any(
                n.lower() in STRUCT_STOP | GENERIC_DATA | LOOKUP_NOUNS | ENRICH_WORDS
                or singular(n.lower()) in lookup
                for n in names
            ):
                continue
            raise RequestNotUnderstood(
                f"Redis enrichment: {m.group(0)!r} read as no fields; name the fields to take "
                f'(e.g. "enrich orders from Redis, key customer:{{customer_id}}, fields tier '
                'and country")'
            )

    def _on_miss(self, entity: str | None, key_field: str | None) -> bool:
        """ "missing profiles go to the DLQ", "on a miss, dead-letter it"; never when the words
        before say that something else is missing ("if the email is missing, ... DLQ")."""
        m = ON_MISS.search(self.s)
        if m is None:
            return False
        said = re.search(
            r"\b(?:if|when|whenever|whose|where)\s+(?:the\s+|a\s+|its\s+|their\s+)?"
            r"(?P<x>[A-Za-z]\w*)\s+(?:is|are)\s+$",
            self.s[max(0, m.start() - 60) : m.start()],
            ICASE,
        )
        if said and not _names_lookup(said.group("x"), entity, key_field):
            return False
        start = m.start()
        if said and MASK not in said.group(0):
            # "a transaction whose merchant is missing from Redis goes to the DLQ": the words
            # naming the lookup's noun are the miss's too
            start = max(0, m.start() - 60) + said.start()
        self.mask(start, m.end(), domain=True)
        return True

    def _if_missing(self, entity: str | None, key_field: str | None) -> bool:
        """ "If the meter isn't in Redis, send the reading to the dead letter topic": the
        destination may have been read by the dead-letter recogniser already; the condition
        before it must be unread. Without "in Redis" ("if the customer can't be found") the
        noun must be the lookup's."""
        for m in IF_MISSING.finditer(self.text):
            # (the condition unread; "the record go to" may be read as a sink's verb already)
            if MASK in self.s[m.start() : m.start("v")]:
                continue
            noun = m.group("x") or m.group("x2")
            stored = m.group("store") or m.group("store2") or m.group("store3")
            if not (stored or m.group("bare") or m.group("it")) and not _names_lookup(
                noun, entity, key_field
            ):
                continue
            if self._other_dlq_named(m):
                continue
            # ("... send the reading to topic x instead": a sink read there is where misses go)
            self._misses_to_topic(m)
            self.mask(m.start(), m.end(), domain=True)
            return True
        return False

    def _other_dlq_named(self, m: re.Match[str]) -> bool:
        """ "... to the dead-letter topic x.dlq instead": the name said with it is not the
        dead-letter topic read (left unread, so refused)."""
        named = m.group("dlqname")
        return bool(named) and unquote(named)[0] != self.dlq

    def _misses_to_topic(self, m: re.Match[str]) -> None:
        """The misses routed to a topic by its name: the dead-letter topic (records that cannot
        be read go there too, so it is listed), unless another was named for it (the spec has
        one, for bad records and misses alike: refused)."""
        topic = m.group("topic")
        if topic is None:
            return
        if self.dlq_set and self.dlq not in (None, topic):
            raise RequestNotUnderstood(
                f"the lookup's misses go to {topic!r} and the dead-letter topic is "
                f"{self.dlq!r}: misses go to the one dead-letter topic; name one (e.g. "
                '"missing customers go to the dead letter topic customers-missing")'
            )
        self.dlq, self.dlq_set = topic, True
        self.assumptions.append(
            f"read {' '.join(m.group(0).split())!r} as the dead-letter topic: the records the "
            f"lookup misses go to {topic!r}, and so do records that cannot be processed"
        )

    def _entity_key(self, entity: str) -> str | None:
        """The field named `<entity>_id` in the request or the input schema ("orders (customer_id,
        amount)"), the key of a lookup of that entity; refused when two fields could be it
        (account_id and owner_account_id)."""
        named = {w.lower() for w in re.findall(rf"\b\w*{re.escape(entity)}_id\b", self.text, ICASE)}
        if self.has(f"{entity}_id"):
            named.add(f"{entity}_id")
        if len(named) > 1:
            raise RequestNotUnderstood(
                f"Redis lookup of the {entity}: which of {', '.join(sorted(named))} is its key? "
                'Name it as a key template (e.g. "enrich orders from Redis, key '
                'customer:{customer_id}, fields tier and country")'
            )
        return named.pop() if named else None

    def _missing_to_dlq(self, entity: str | None, key_field: str | None) -> bool:
        """ "Impressions whose campaign isn't found go to the dead letter topic X": the noun
        whose absence is said must be the lookup's (its entity or key field, or "match"), so
        "orders whose email is missing go to the DLQ" is never read as a lookup miss."""
        for m in MISSING_TO_DLQ.finditer(self.text):
            # (the records missed unread; "should go to topic x" may be read as a sink already)
            if MASK in self.s[m.start() : m.start("v")]:
                continue
            noun = m.group("x") or m.group("x2") or m.group("x3") or m.group("x4") or m.group("x5")
            if not (m.group("bare") or m.group("entry") or m.group("store")) and not _names_lookup(
                noun, entity, key_field
            ):
                continue
            if self._other_dlq_named(m):
                continue
            # ("unknown passes go to topic x": a sink read there is where the misses go)
            self._misses_to_topic(m)
            self.mask(m.start(), m.end(), domain=True)
            return True
        return False

    def build_enrich(self) -> dict[str, Any] | None:
        e = self.enrich
        if e is None:
            return None
        if e.key_field is not None:
            _refuse_multi_field_key(self.text, e.prefix or "", e.key_field)
        entity = e.entity
        if entity is None and e.key_field and e.key_field.endswith("_id"):
            entity = e.key_field[:-3]
        elif entity is None and e.key_explicit and e.key_field:
            # "key sku:{sku}": a lookup of what the prefix names (or of the key), never users
            word = (e.prefix or "").strip(":").lower()
            entity = word if word in LOOKUPS else e.key_field
        said_key = None
        if e.key_field is None:
            # "look up the customer in Redis": the entity said as the thing looked up, keyed by
            # the field named for it (customer_id), never by a user_id made up
            noun = LOOKED_UP_NOUN.search(self.text) if entity is None else None
            looked = noun.group("e").lower() if noun else None
            if looked and looked not in STOP and looked not in GENERIC_DATA:
                entity = ENTITY_ALIASES.get(looked) or singular(looked)
            said_key = self._entity_key(entity) if entity else None
            if noun and entity and said_key is None and entity != "user":
                raise RequestNotUnderstood(
                    f"Redis lookup: which field is the key? (the {entity} is looked up, and no "
                    f'field {entity}_id is named) Name it as a key template (e.g. "enrich orders '
                    'from Redis, key customer:{customer_id}, fields tier and country")'
                )
        if entity is None and e.key_field is None and not USERS_SAID.search(self.text):
            # "look up the site in Redis": no key said and nothing about users, so a user_id
            # key would be made up
            raise RequestNotUnderstood(
                "Redis lookup: which field is the key? Name it as a key template (e.g. "
                '"enrich orders from Redis, key customer:{customer_id}, fields tier and country")'
            )
        entity = entity or "user"
        preset_prefix, preset_fields = LOOKUPS.get(entity, (f"{entity}:", []))
        if e.key_field is not None:
            key = self.resolve(e.key_field, explicit=e.key_explicit, role="key", why="lookup key")
        elif said_key is not None:
            key = self.resolve(said_key, explicit=True, role="key", why=f"{entity} lookup key")
        else:
            key = self.resolve(f"{entity}_id", role="key", why=f"{entity} lookup key")
        if e.fields:
            by_source = {s: (t, ty) for s, t, ty in preset_fields}
            mapping = []
            for raw in e.fields:
                src = _snake(raw) if re.fullmatch(r"[\w\s-]+", raw) else raw
                # the name asked for ("adding host_name"), unless the record has it already
                target, kind = by_source.get(src, (src, guess_type(src)))
                kind = e.types.get(raw, kind)  # "gift_aid_eligible (it is boolean)"
                if raw in e.renames:  # "taking tier as customer_tier": the name asked for
                    target = e.renames[raw]
                elif target != src:  # "with fields name and email": the lookup's own names
                    self.assumptions.append(
                        f"{src!r} from Redis is added as {target!r}, the {entity} lookup's name "
                        f'for it (say "taking {src} as {src}" to keep the name)'
                    )
                elif target == src and (self.has(src) or src in self.declared):
                    # (the fields the request lists for the records count before they are
                    # added: "topic signups (user_id int, country string)")
                    target = f"{entity}_{src}"
                    self.assumptions.append(
                        f"{src!r} from Redis is added as {target!r}: the record has a field "
                        f"{src!r} already"
                    )
                if target != src:
                    self.refuse_condition_on_taken(src, target, e.pos, "Redis")
                mapping.append((src, target, kind))
        elif preset_fields:
            refuse_usual_over_said(self.text, e.pos, entity, e.key_field, "Redis")
            mapping = list(preset_fields)
            taken = ", ".join(s for s, _t, _ty in mapping)
            if not e.data_named:  # "key product:<product_id>" and nothing about its value
                self.assumptions.append(
                    f"the request names no {entity} fields to take from Redis; took the usual "
                    f"{entity} fields: {taken}"
                )
            elif not e.profile_named:  # "enrich pallet scans with customer details": a guess
                # ("with user profiles": the entity's profile, the preset's fields)
                self.assumptions.append(
                    f"the request asks for the {entity}'s data from Redis without naming its "
                    f"fields; took the usual {entity} fields: {taken} (name the fields to take "
                    f'others, e.g. "adding tier and region")'
                )
        else:
            raise RequestNotUnderstood(
                f"Redis enrichment: no known fields for {entity!r} lookups; name them "
                f'(e.g. "look up {entity} data in Redis adding name and tier")'
            )
        prefix = e.prefix if e.prefix is not None else preset_prefix
        for _src, target, kind in mapping:
            self.added_by_ops[target] = kind
        data: dict[str, Any] = {
            "kind": "enrich",
            "key_field": key,
            "key_prefix": prefix,
            "value_format": e.value_format,
            "fields": [{"source": s, "target": t, "type": k} for s, t, k in mapping],
        }
        if e.fields:  # named in the request: typed by a guess from the name, unless preset
            preset_sources = {s for s, _t, _ty in preset_fields}
            for field in data["fields"]:
                if field["source"] not in preset_sources:
                    self.guessed_op_fields[field["target"]] = field
        if e.ttl_ms is not None:
            data["cache_ttl_ms"] = e.ttl_ms
        if e.max_entries is not None:
            data["cache_max_entries"] = e.max_entries
        if e.on_miss:
            data["on_miss"] = e.on_miss
        return data

    def read_entity_field(self, c: Cond, enrich: dict[str, Any]) -> None:
        """ "keep trips whose driver rating is below 4.0" after "enrich from Redis key
        driver:{driver_id} taking rating": the lookup's entity, then a field it adds, is that
        field (listed), never a field 'driver_rating' the records were never said to carry."""
        e = self.enrich
        words = c.subject.lower().split()
        entity = (e.entity or "").lower() if e is not None else ""
        if not entity or len(words) != 2 or singular(words[0]) != singular(entity):
            return
        adds = {f["source"].lower(): f["target"] for f in enrich["fields"]}
        adds |= {f["target"].lower(): f["target"] for f in enrich["fields"]}
        target = adds.get(words[1])
        if target is None or "_".join(words) in {*self.names(), *self.declared, *self.carried}:
            return
        self.assumptions.append(
            f"read {c.subject!r} as {target!r}, the field the {entity} lookup adds"
        )
        c.subject = target


# The words that open a lookup's field list, when no phrasing above read one: a taking verb
# (lexicon.TAKE_FIELDS_VERB: "and bring back hull_name and home_station"), "for" after the key
# or the store ("(printer:{printer_id}) for location and model"), a dash or a colon right after
# the key ("at sat:{satellite_id} - sat_name and operator_org"), "we need" ("(we need bay and
# crop from it)") or "with its". The list itself is read by `read_taken_fields`: names only,
# ending the clause or before where they come from, so "for gold customers" stays unread.
TAKEN_OPENER = re.compile(
    rf"\b{TAKE_FIELDS_VERB}{TAKEN_LEAD}"
    r"|(?:(?<=\})|(?<=\}\))|(?<=\}[`'\"])|(?<=\bredis))\s*(?:for(?!\s+the\b)|[-\u2013\u2014:])\s+"
    r"|\b(?:we|i)\s+(?:need|want)\s+(?:the\s+|its\s+)?"
    r"|\bwith\s+(?:its|their)\s+",
    ICASE,
)


class _Taken:
    """Where a field list read by `_taken_list` lies in its clause, as a match says it: its
    start and end, and its opening words as `group()` (checked by `_refuse_for_after_key`)."""

    def __init__(self, opener: re.Match[str], end: int) -> None:
        self._opener, self._end = opener, end

    def start(self, *_: object) -> int:
        return self._opener.start()

    def end(self, *_: object) -> int:
        return self._end

    def group(self, *_: object) -> str:
        return self._opener.group(0)


def _names_after_for(names: list[str]) -> bool:
    """Whether the words after "for" (after the key or the store) name fields, not what the
    lookup is for ("for billing and reporting", "for analytics", "for orders"): a snake_case
    name, or two plain names or more, none a gerund, a tool's or a team's name, or a record's."""
    plain = [n for n in names if "_" not in n]
    if len(plain) == len(names) and len(names) < 2:
        return False
    return not any(
        n.lower().endswith("ing") or n.lower() in NOT_A_PLACE or singular(n.lower()) in _EACH_RECORD
        for n in plain
    )


def _taken_list(
    clause: str, rest: str, looked_up: set[str | None]
) -> tuple[list[str], _Taken] | None:
    """The first field list a TAKEN_OPENER opens in a lookup's clause, and its span; never the
    looked-up thing itself ("fetch the member from Redis"), nor a list that goes on past the
    clause (`rest`, the words after it)."""
    said = clause + rest
    for opener in TAKEN_OPENER.finditer(clause):
        taken = read_taken_fields(said, opener.end())
        if taken is None or taken[1] > len(clause.rstrip()):
            continue
        if opener.group(0).strip().lower() == "for" and not _names_after_for(taken[0]):
            continue
        if not all(singular(t.lower()) in looked_up for t in taken[0]):
            return taken[0], _Taken(opener, taken[1])
    return None


# "taking tier as customer_tier and region", "(tier as customer_tier, region)", "the field
# desk_name, stored as desk": a field and the name it takes (see `_AS_NAME`)
_FIELD_AS = re.compile(
    r"\b(?!(?:stored|kept|saved|written|encoded|formatted|serialized|serialised|values?|keys?"
    r"|keyed|it|them|data|info|information|details|metadata|profiles?|records?|hashes|hash"
    r"|strings?|json)\b)(?P<f>[A-Za-z_]\w*)"
    rf"\s*\(?\s*{_AS_NAME}(?P<n>[A-Za-z_]\w*)\b(?![:{{])(?:\s*\))?",
    ICASE,
)

# "copy level and home_association (rename that one to ref_association)": a taken field
# renamed in brackets right after it, pointing back at it ("that one", "it", "this field")
_PAREN_RENAME = (
    r"\(\s*(?:please\s+)?rename\s+(?:that|this|it|the\s+latter)"
    r"(?:\s+(?:one|1|field))?\s+(?:to\s+|as\s+)?(?P<n>[A-Za-z_]\w*)\s*\)"
)
_FIELD_PAREN_RENAME = re.compile(rf"\b(?P<f>[A-Za-z_]\w*)\s*{_PAREN_RENAME}", ICASE)
PAREN_RENAME_AFTER = re.compile(rf"\s*{_PAREN_RENAME}", ICASE)


# "(it is boolean)", "(string)", "(of type float)": a type in brackets, said after a field
_TYPE_WORD = "|".join(sorted(COLUMN_TYPES, key=len, reverse=True))
# ("first_ringed_at (as a timestamp)": "as" too, a type word after it, never a new name)
_TYPE_OPEN = r"\(\s*(?:(?:it\s+is|it's|is|as|of\s+type)\s+)?(?:an?\s+)?"
_TYPE_PAREN = rf"{_TYPE_OPEN}(?:{_TYPE_WORD})\s*\)"
# A type said after a field: in brackets, or "as an int" (see `_AS_TYPE`)
_TYPE_TAIL = rf"(?:\s*{_TYPE_PAREN}|\s+as\s+(?:an?\s+)?(?:{_TYPE_WORD})\b)"
# "the fields postcode and gift_aid_eligible (it is boolean)", "add site_name (string) and
# max_dose (float)": a taken field's type
# ("take its max_temp_c field (a float)": the word "field" between them)
_SAID_TYPE = re.compile(
    rf"(?P<n>[A-Za-z_]\w*)(?P<q>[`'\"]?)(?:\s+(?:field|column))?\s*{_TYPE_OPEN}(?P<t>{_TYPE_WORD})\s*\)",
    ICASE,
)
# A type ending a clause that a typed field list's commas broke
_SAID_TYPE_AT_END = re.compile(rf"\w{_TYPE_TAIL}\s*$", ICASE)
# A type in brackets right after a lookup part's field list ("fields name and score (float)")
_TYPE_AFTER_PART = re.compile(rf"(?<=[\w`'\"]){_TYPE_TAIL}", ICASE)
# The rest of a typed field list: ", region (string) and max_dose (float)"
TYPED_LIST_REST = re.compile(
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)[A-Za-z_]\w*{_TYPE_TAIL})+", ICASE
)


# "key customer:{customer_id} for customers in the gold tier": words after "for" that are no
# field list and no "for each <record>" (they may select records)
_FOR_AFTER_KEY = re.compile(
    r"\}[`'\"]?\s+for\s+(?!(?:each|every|all|any)\b)(?P<w>[^,;.\x00]+)", ICASE
)


# "order:{shop_id}:{order_id}": a key template with more than one field
_MULTI_FIELD_KEY = re.compile(
    r"(?<![\w:.{}-])[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\}(?:[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\})+"
)


def _refuse_multi_field_key(text: str, prefix: str, key_field: str) -> None:
    """Refuse a lookup whose key template, as written, holds more fields than the one read as
    its key: the spec's lookup key is a prefix and one field of the record, so the other
    fields would be dropped from the key (every lookup would miss)."""
    alone = re.compile(rf"(?<![\w:.{{}}-]){re.escape(prefix)}\{{{key_field}\}}(?![\w:.-]*\{{)")
    if alone.search(text):
        return  # the template the lookup read, said alone (the longer one a sink's key)
    for m in _MULTI_FIELD_KEY.finditer(text):
        if not m.group(0).startswith(prefix + "{" + key_field + "}"):
            continue  # (another template: a Redis sink's key, say)
        names = re.findall(r"\{(\w+)\}", m.group(0))
        raise RequestNotUnderstood(
            f"Redis lookup key {m.group(0)!r} is built from {len(names)} fields "
            f"({', '.join(names)}): a lookup's key is a prefix and one field of the record, so "
            "the offline parser cannot read it. Key the lookup on one field that holds the "
            "whole key (a template with one field, as customer:{customer_id}), or write the "
            "pipeline as a spec file (etl-gen generate spec.yaml), where a map operator "
            "computes the key with concat() before the enrich"
        )


def _refuse_for_after_key(clause: str, fields_at: re.Match[str] | None) -> None:
    """Refuse what "for" says after the key when the field list was not read from it."""
    said = _FOR_AFTER_KEY.search(clause)
    if said is None or (fields_at is not None and fields_at.start() <= said.start("w")
                        and fields_at.group(0).strip().lower() == "for"):  # fmt: skip
        return
    raise RequestNotUnderstood(
        f"Redis enrichment: cannot read {said.group(0)[1:].strip()!r} after the key: name the "
        'fields to take (e.g. "look up Redis key customer:{customer_id} for loyalty_tier and '
        'home_region"); a selection of records is a filter of its own'
    )


# A bracket right after a lookup's field list (the types it reads are past by then)
_LIST_BRACKET = re.compile(r"\s*(?P<b>\((?P<in>[^()]*)\))")
# "(a number)", "(as a flag)", "(it is numeric)": a type the parser has no word for
_TYPE_LIKE = re.compile(r"\s*(?:(?:it\s+is|it's|is|as|of\s+type)\s+)?(?:an?\s+)?\w+\s*", ICASE)
# "(the lounge flag)": a short remark on the list, no verb nor new name ("(rename it to depot)",
# "(put site_name as site)", "(if the card isn't there leave them empty)" are read elsewhere)
_LIST_REMARK = re.compile(
    r"\s*(?:(?:it\s+is|it's|is|as|of\s+type)\s+)?(?:an?\s+|the\s+)?"
    r"(?!(?:as|to|into|if|when|rename|renamed|call|called|store|put|leave|keep)\b)[a-z][\w/-]*"
    r"(?:\s+(?!(?:as|to|into|if|when)\b)[a-z][\w/-]*){0,2}\s*",
    ICASE,
)
# Words of a bracket after the list that are the lookup's own (its store, key, value format)
_LOOKUP_BRACKET_WORDS = re.compile(
    r"[{}:]|\b(?:redis|hash(?:es)?|keys?|keyed|json|cache[sd]?)\b", ICASE
)


def _list_bracket_gap(s: str, list_end: int) -> tuple[int, int] | None:
    """The span of a bracket right after a lookup's field list that says none of the lookup's
    own things ("tier and lounge_access (a flag)", "(a number)"): left unread, never masked
    with the list, so a type the parser cannot read is refused instead of dropped."""
    bracket = _LIST_BRACKET.match(s, list_end)
    if bracket is None or MASK in bracket["in"]:
        return None
    inner = bracket["in"]
    if not _LIST_REMARK.fullmatch(inner) or _LOOKUP_BRACKET_WORDS.search(inner):
        return None
    if _TYPE_LIKE.fullmatch(inner):
        raise RequestNotUnderstood(
            f"Redis enrichment: cannot read {bracket['b']!r} as a field's type: say one of "
            'string, int, float, bool, timestamp, date or json in brackets (e.g. "add site_name '
            '(string) and max_dose (float)")'
        )
    return bracket.start("b"), bracket.end()


def _refuse_list_past_remark(clause: str, pos: int) -> None:
    """ "add site_name (the plant's name) and max_dose": a field list that goes on after a
    remark in brackets the lookup cannot read; refused, never cut at the bracket."""
    past = re.match(r"\s*\([^()]*\)\s*(?:,\s*(?:and\s+)?|and\s+)[A-Za-z_]\w*", clause[pos:], ICASE)
    if past:
        raise RequestNotUnderstood(
            f"Redis enrichment: cannot read {past.group(0).strip()!r} in the list of fields to "
            'take: name the fields one by one, with a type in brackets if needed (e.g. "add '
            'site_name (string) and max_dose (float)")'
        )


def _lift_types(clause: str) -> tuple[str, dict[str, str]]:
    """The clause without its "(it is boolean)" remarks, and the types they give by field."""
    types = {m.group("n"): COLUMN_TYPES[m.group("t").lower()] for m in _SAID_TYPE.finditer(clause)}
    # (blanked to the same length: the offsets of the words after a remark stay the text's, so
    # the words after the field list are checked, see `_unread_gaps`)
    return (
        _SAID_TYPE.sub(lambda m: (m.group("n") + m.group("q")).ljust(len(m.group(0))), clause),
        types,
    )


# "add gsm as an int and cotton_pct as a float", "fetch since as date": a taken field's type
# said with "as" (never a value format: "stored as JSON", "values as json")
_AS_TYPE = re.compile(
    r"\b(?!(?:stored|kept|saved|written|encoded|formatted|serialized|serialised|values?|keys?"
    r"|keyed|it|them|data|info|information|details|metadata|profiles?|records?|hashes|hash"
    rf"|strings?|json|redis|cache|lookup)\b)(?P<n>[A-Za-z_]\w*)\s+as\s+(?:an?\s+)?(?P<t>{_TYPE_WORD})"
    r"(?:\s+(?:field|column|value))?(?=\s*(?:$|[,;.)]|(?:and|&|plus)\b))",
    ICASE,
)


# "get tier from Redis at customer:{customer_id} as customer_tier" (or "as an int"): a name or
# a type said after the key, of no field taken (it was masked with the lookup and dropped); a
# value format ("as a hash", "as JSON") is the lookup's own
_AS_AFTER_KEY = re.compile(
    r"\}[`'\"]?\s+(?P<w>as\s+(?!(?:an?\s+)?(?:redis\s+)?(?:hash(?:es)?|json|well)\b)(?:an?\s+)?[A-Za-z_]\w*)",
    ICASE,
)


def _refuse_as_after_key(clause: str) -> None:
    said = _AS_AFTER_KEY.search(clause)
    if said:
        raise RequestNotUnderstood(
            f"Redis enrichment: cannot read {said['w']!r} after the key: it names or types no "
            'field the lookup takes; say it after the field, as in "taking tier as '
            'customer_tier" or "taking tier as an int"'
        )


def _lift_as_types(clause: str) -> tuple[str, dict[str, str]]:
    """The clause with each "<field> as an int" written as the field alone (blanked to the same
    length), and the types said; lifted before the renames, where "as int" was a new name."""
    types = {m.group("n"): COLUMN_TYPES[m.group("t").lower()] for m in _AS_TYPE.finditer(clause)}
    return _AS_TYPE.sub(lambda m: m.group("n").ljust(len(m.group(0))), clause), types


def _lift_renames(clause: str) -> tuple[str, dict[str, str]]:
    """The lookup clause with each "<field> as <name>" written as the field alone (blanked to
    the same length), and the names: read by the field-list phrasings, the new name was masked
    with the lookup and dropped, and a list broken by it gave the entity's usual fields."""
    renames: dict[str, str] = {}

    def lift(m: re.Match[str]) -> str:
        renames[m.group("f")] = m.group("n")
        return m.group("f") + " " * (len(m.group(0)) - len(m.group("f")))

    def lift_it(m: re.Match[str]) -> str:
        renames["it"] = m.group("n")
        return " " * len(m.group(0))

    def lift_verb(m: re.Match[str]) -> str:
        # (only a field listed before it: "add clinic_id as clinic, and age_band" is the list)
        if not re.search(rf"\b{re.escape(m.group('f'))}\b", m.string[: m.start()]):
            return m.group(0)
        renames[m.group("f")] = m.group("n")
        return " " * len(m.group(0))

    clause = VERB_FIELD_AS.sub(lift_verb, IT_AS.sub(lift_it, clause))
    clause = _FIELD_PAREN_RENAME.sub(lift, clause)
    return _FIELD_AS.sub(lift, clause), renames


# "taking all fields", "adding all the profile attributes": every field of the value, which
# the lookup cannot list (the entity's usual fields were taken instead)
_ALL_FIELDS = re.compile(
    r"\b(?:taking|take|adding|add|fetching|fetch|copying|copy|pulling(?:\s+in)?|pull\s+in|with"
    r"|attaching|attach)\s+(?P<w>(?:all|every|each)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?"
    r"(?:[a-z]+\s+)?(?:fields?|attributes?|columns?|values?|properties|keys))\b",
    ICASE,
)


# "look up each refund on customer_id in Redis" over topic orders: "each refund" (or "each
# large order") names some of the records, where the lookup enriches all of them.
_EACH_NOUN = re.compile(
    r"\b(?:each|every)\s+(?P<q>(?:[a-z][a-z-]*\s+){0,2}?)(?P<n>(?!up\b)[a-z]+)"
    # (never "each prescription's drug details": the records, said by what they hold)
    r"(?=\s+(?:on|by|with|in|from|via|using|keyed|against)\b)",
    ICASE,
)
# The records themselves, whatever the topic ("each record", "every event")
_EACH_RECORD = word_set(
    "record records row rows event events message messages entry entries item items line lines"
    " one"
)


def each_subset_unsaid(
    text: str,
    spans: list[tuple[int, int, str]],
    topic_words: set[str],
    looked: set[str],
    filtered: bool,
) -> str | None:
    """The words "each <noun>" of a lookup's clause when they may name some of the records: a
    noun that is no record noun, not the looked-up entity and not the topic's own (unless a
    filter keeps those records and says the noun again), or a qualifier before it ("each
    large order") that no filter says. None when the lookup is of every record."""
    topic = {singular(w.lower()) for w in topic_words} | {w.lower() for w in topic_words}

    def of_topic(word: str) -> bool:
        # ("each observation on ocean.obs": the topic's word may be the noun cut short)
        low = singular(word.lower())
        return (
            low in topic
            or any(len(t) >= 3 and low.startswith(t) for t in topic)
            or any(SHORT_RECORD_NOUNS.get(t) == low for t in topic)  # "each transaction", card-tx
        )

    for a, b, reader in spans:
        if reader != "enrich":
            continue
        rest = (text[:a] + " " + text[b:]).lower()
        for m in _EACH_NOUN.finditer(text, a, b):
            noun, quals = m["n"].lower(), m["q"].split()
            said = filtered and re.search(rf"\b{re.escape(singular(noun))}", rest) is not None
            known = (
                noun in _EACH_RECORD
                or any(singular(noun) in re.split(r"[^a-z]+", w.lower()) for w in looked)
                or of_topic(noun)
                or said
            )
            if not known or any(
                not of_topic(q) and not (filtered and re.search(rf"\b{re.escape(q.lower())}", rest))
                for q in quals
            ):
                return " ".join(m.group(0).split())
    return None
