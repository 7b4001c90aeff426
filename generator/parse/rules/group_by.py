"""Recogniser (aggregates, part 3 of 5): the groups the aggregates are computed per.

`extract_group_by` reads "per store_id", "grouped by region", "for each user", "per-symbol
trade counts", "how many rides each station_id has" (`_each_groups`) and a terse "key tower_id"
after the window; the words that end a group list (a verb, "only", a request word), a "by" that
is no grouping (who sent the records, how someone looks them up, a purpose clause), and the
groupings refused (one per aggregate, "per x or per y", a grouping said after the aggregates'
sentence). The entry point is aggregates.AggregateRecogniser."""

from __future__ import annotations

from itertools import pairwise

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .aggregate_names import SENTENCE_END, AggregateNameReader
from .lexicon import (
    ASK_WORDS,
    FIELD_RE,
    LIST_SEP,
    MASK,
    MEASURING_DEVICES,
    NOT_FIELD_ADVERBS,
    STOP,
    STRUCT_STOP,
    noun_names_field,
    read_list,
    singular,
    unquote,
    word_set,
)
from .quantities import ICASE, UNIT_MS
from .state import Agg
from .text import distance_one

GROUP_BY = re.compile(
    # ("grouped on site_id", "broken out by region", "segmented by tier": the same grouping)
    r"\b(?:(?:(?:grouped|group|grouping)\s+(?:by|on)|keyed\s+(?:by|on)"
    r"|(?:broken|break|split)\s+(?:down|out|up)\s+by|split\s+by|segmented\s+by"
    # ("- group by: warehouse_id": a requirement list's label)
    # ("reviewed by hand": how people work, never a group)
    r"|bucketed\s+by|per|by(?!\s+hand\b)|for\s+each|for\s+every|across\s+(?:each\s+)?"
    # ("count the pours of each beer_id": a field's name only, never "of each order")
    r"|of\s+(?:each|every)(?=\s+[A-Za-z]\w*_\w*\b(?!'))" r")(?:\s*:\s*|\s+)(?:the\s+|each\s+)?"
    # ("for each value of grade_code", "per value of x": the field's values)
    r"(?:(?:(?<=each\s)|(?<=every\s)|(?<=per\s))values?\s+of\s+)?"
    # "per-symbol trade counts"
    r"|per-(?=[A-Za-z])"
    # "window: tumbling 15 minutes, key tower_id": a terse label after the window (see
    # WINDOW_THEN_KEY; a sink's ", key order_id" is its message key)
    r"|(?<=[,\x00]\s)key\s*:?\s+(?=[A-Za-z_]\w*\s*(?:[,;]|\.(?!\w)|$)))",
    ICASE,
)
# What a terse "key <field>" label follows when it names the window's groups: the window's kind
# or size, in the same clause.
WINDOW_THEN_KEY = re.compile(
    r"\b(?:tumbling|hopping|sliding|session|windows?|\d+\s*(?:s|sec|seconds?|m|min|mins|minutes?"
    r"|h|hr|hours?|d|days?))\s*,?\s*$",
    ICASE,
)


# "per region-channel pair", "each store/sku combination", "per origin and destination pair": two
# fields grouped together, named by the pair (never a field 'region_channel_pair'; "per
# currency pair", one word before it, is a field)
GROUP_PAIR = re.compile(
    r"(?:the\s+)?(?P<a>[A-Za-z][A-Za-z0-9_]*)\s*(?:-|/|\s&\s|\s+and\s+|\s*\+\s*)\s*"
    r"(?P<b>[A-Za-z][A-Za-z0-9_]*)\s+(?:pairs?|pairings?|combinations?|combos?|tuples?)\b",
    ICASE,
)


# "broken down by carrier_id and hour": a group list ending with the window's unit
LIST_ENDS_WITH_UNIT = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(second|minute|hour|day|week)\b(?![\w-])", ICASE
)


# "count events per event_type across all users": the aggregate over all of them, no group
ACROSS_ALL = re.compile(
    r"\b(?:across|over)\s+(?:all|every)\s+(?:of\s+)?(?:the\s+|our\s+)?(?P<n>[a-z][a-z_]*s)\b"
    r"(?!\s+(?:in|of|on|from|that|which|who|where|with)\b)",
    ICASE,
)


# "sometimes get double-submitted by the booking widget": "by" after a participle of sending
# names who sent the records, never a grouping
BY_AGENT = re.compile(
    r"\b(?:double-|re-?)?(?:submitted|sent|published|produced|emitted|posted|generated|written"
    r"|pushed|delivered|fired|duplicated|retried|replayed|streamed|uploaded|ingested|fed"
    r"|populated|filled|transmitted)(?:\s+(?:twice|again|more\s+than\s+once|multiple\s+times))?"
    # "are sent to topic listing_views by the web app": where they go, then who sent them
    r"(?:\s+(?:to|into|onto|on|in)\s+(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?['\"]?[\w.-]+['\"]?)?"
    r"\s+$",
    ICASE,
)


# "so sales can filter by region later", "to search by user": "by" after a verb of looking
# things up names how someone else will query the output, never a grouping asked for
BY_LOOKUP = re.compile(
    r"\b(?:filter|search|look\s+(?:things\s+)?up|lookup|query|slice|drill\s+down|browse|find"
    r"\s+(?:things|records|rows|them|it))\s+$",
    ICASE,
)


# "..., so the matchmaking service can find players by skill": a grouping inside a purpose
# clause (someone else can or will do it) is never one the pipeline is asked for
GROUPED_IN_PURPOSE = re.compile(
    r"\bso\s+(?:that\s+)?(?:[\w'-]+\s+){1,4}?(?:can|could|may|might|will|would)\s+"
    # (ending at a comma before the ask: "So that the glaze team can plan orders, read topic x,
    # sum grams per glaze_id")
    r"(?:[^.;:!?\n,]|,(?!\s*(?:then\s+)?(?:read|consume|take|ingest|pull|sum|count|average|compute"
    r"|calculate|keep|filter|drop|write|send|group|aggregate|join"
    # ("So that finance can invoice, we'd like a daily total of x per plant_id": the ask)
    r"|please|(?:we|i)(?:'d|\s+would)\s+like|(?:we|i)\s+(?:need|want)|(?:could|can|would)\s+you"
    r")\b))*$",
    ICASE,
)


# "per-symbol trade counts", "per-store hourly sum": a hyphened "per-" groups an aggregate said
# right after it (a word or two on); "the per-region dashboard" describes something else
PER_HYPHEN_AGG = re.compile(
    r"(?:[A-Za-z_]\w*)(?:\s+[A-Za-z][\w-]*){0,2}?\s+(?:counts?|totals?|sums?|averages?|avg|means?"
    r"|min(?:imum)?s?|max(?:imum)?s?|medians?|numbers?|figures|stats|statistics|metrics"
    r"|revenue|volumes?|rates?|breakdowns?|aggregates?|of)\b"
    # (or right before what a recogniser read: "per-symbol \x00" for "per-symbol trade counts")
    r"|(?:[A-Za-z_]\w*)\s*(?:[,;.)\x00]|$)",
    ICASE,
)


# "how many cars entered each garage_id", "distinct restaurants ... in each city": "each" after
# a preposition or a verb groups the aggregate asked for (read only once one was read).
EACH_GROUP = re.compile(
    r"(?:\b(?P<prep>in|at|from|on|within|inside|across)|(?<=\x00)|\b(?:[a-z]+ed|receives?|gets?"
    r"|sees?|has|had|makes?|visits?|enters?|hits?|uses?|produces?|generates?|buys?|sells?|did|does"
    r"|takes?))\s+(?P<each>each|every)\s+(?=[A-Za-z_`'\"])",
    ICASE,
)


# "how many unique skaters (skater_id) enter each rink", "... (team_id) played at each arena_id":
# a verb (any word: "tap", "enter") right after the counted phrase, then "each <group>"; the
# verb says what the counted things do in the group, so it is read with the group
AGG_VERB_EACH = re.compile(
    r"(?<=\x00)\s+(?P<verb>[a-z]{2,})(?:\s+(?P<prep>in|at|on|from|within|inside|across))?"
    r"\s+(?P<each>each|every)\s+(?=[A-Za-z_`'\"])",
    ICASE,
)
# Words after a counted phrase that are no verb ("count x_id and each ...", "... for each y")
NOT_AN_AGG_VERB = word_set(
    "and or but for per by to into then with than over during across in at on from within "
    "inside of as is are was were each every all only also"
)


# "count all detections every 5 minutes (no grouping)", "without a group-by": one figure per
# window for all the records
NO_GROUPING = re.compile(
    r"\(\s*(?:with\s+)?no\s+group(?:ing|[\s-]+by)\s*\)|\b(?:with\s+no|without(?:\s+any)?(?:\s+a)?)"
    r"\s+group(?:ing|[\s-]+by)\b|\bungrouped\b",
    ICASE,
)


# "how many rides each station_id has", "... each store_id gets": the verb after the group,
# at the end of the phrase
EACH_VERB_AFTER = re.compile(
    r"\s+(?:has|have|had|gets?|got|sees?|saw|receives?|received|makes?|made|does|did|records?"
    r"|logs?|generates?|produces?|throws?|raises?|emits?|sends?|triggers?|fires?|takes?|handles?"
    r"|serves?|processes)\b(?=\s*(?:[,;.)?!]|\x00|$|\s+(?:from|in|on|per|every|each"
    r"|during|over|within|and|to|into|for)\b))",
    ICASE,
)
# 'Food ops keeps asking "how long do deliveries really take, per city?"': someone's question
QUOTED_QUESTION = re.compile(r"[\"\u201c][^\"\u201c\u201d\n]{3,200}\?[\"\u201d]")


# Words that end a group-by list ("per store_id, but only stores that ..."): never a field.
GROUP_STOP = (
    STOP
    | word_set(
        # "for each fermenter_id, give me the max ...": a request verb or pronoun ends the group list
        # ("per station_id, could you take the max ...", "..., maybe take ...", "..., we'd like ...":
        # a modal or courtesy asking for it too)
        # ("by service across 5 minute windows": a preposition of time too, never 'service_across')
        """but yet so though although however except excluding unless while give gives show shows tell
    find return get gets me us i we separately individually respectively
    push pushes write writes send sends store stores save saves publish publishes emit emits
    forward forwards output outputs put puts load loads insert inserts dump dumps land lands
    deliver delivers sink sinks then
    compute computes calculate calculates work works figure determine determines tally tallies
    derive derives produce produces generate generates yield yields provide provides
    read reads reading consume consumes consuming ingest ingests ingesting
    just only simply also basically essentially actually ideally hopefully honestly please
    calculated computed updated refreshed emitted reported aggregated measured summed counted
    averaged refreshed recomputed evaluated windowed bucketed binned
    giving returning providing yielding producing listing showing reporting computing calculating
    what which how who whose where when why what's whats how's who's
    across during throughout inside top bottom
    named called aliased labelled labeled
    along alongside together additionally besides plus instead rather"""
    )
    | ASK_WORDS
    | NOT_FIELD_ADVERBS
)


# "per tank_id, measures the average temp_c": a plain word of a group list followed by an
# article or a possessive is the clause's verb, never a group field
_WORD_THEN_ARTICLE = re.compile(r"[A-Za-z]+\s+(?:the|a|an|its|their|our|my)\b", ICASE)
# "group by beer_name, make sum of quantity_pints": a plain word before an aggregate's "<fn> of"
# (read already, so matched in the text) is the clause's verb too, never a group field "make"
_WORD_THEN_AGG = re.compile(
    r"[A-Za-z]+\s+(?:sum|count|average|avg|mean|total|max(?:imum)?|min(?:imum)?|median)\s+of\b"
)

# "Per patient_id, build session windows with a 30 min gap": a plain word before the windows it
# makes is the clause's verb, never a group field "build" ("per make, count ..." stays a group)
_WORD_THEN_WINDOWS = re.compile(
    r"[A-Za-z]+\s+(?:(?:the|a|an|\d+|[a-z]+-(?:minute|hour|second|day)|minute|hour|second|day"
    r"|tumbling|hopping|sliding|rolling|session|time)[\s-]+){0,3}(?:windows?|buckets?|sessions)\b",
    ICASE,
)


def _selected_ends_group_list(
    s: str, items: list[tuple[str, bool, int]], end: int
) -> tuple[list[tuple[str, bool, int]], int]:
    """ "per clinic_id, weekend visits only": a last item of plain words followed by "only"
    selects the records (left for the filters to read or refuse), never another group."""
    # ("per store_id and region only": one plain word after "and" stays a group)
    if len(items) < 2 or items[-1][1] or " " not in items[-1][0]:
        return items, end
    if not re.match(r"\s+only\b", s[end:], ICASE):
        return items, end
    cut = re.search(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)$", s[: items[-1][2]])
    return items[:-1], cut.start() if cut else items[-1][2]


# "per station_id, can you take ...": "can" asking (before a pronoun) ends the group list; a
# field "can" alone stays a group ("per can"), so the word is not a stop of its own
_CAN_ASK = re.compile(r"can\s+(?:you|we|i|u|someone|somebody|anyone|anybody)\b", ICASE)


def _verb_ends_group_list(
    s: str, text: str, items: list[tuple[str, bool, int]], end: int
) -> tuple[list[tuple[str, bool, int]], int]:
    """The group list read at `s` (the masked `text`) without the verb that follows it, and
    where the list ends."""
    for i, (_text, quoted, start) in enumerate(items[1:], 1):
        if quoted or not (
            _WORD_THEN_ARTICLE.match(s, start)
            or _WORD_THEN_AGG.match(text, start)
            or _WORD_THEN_WINDOWS.match(text, start)
            or _CAN_ASK.match(s, start)
        ):
            continue
        sep = re.search(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)$", s[:start], ICASE)
        return items[:i], start - (len(sep.group(0)) if sep else 0)
    return items, end


# "per region and store every hour", "by channel, and store.": 'store' (or 'output', 'load')
# ending a group list with no object or destination after it is a field, never the verb (a
# GROUP_STOP); "per region and store them in ClickHouse" and "..., store in x" stay the verb
_STORE_ENDS_LIST = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<f>stores?|output|load)"
    # ("... and store hourly in ClickHouse x": the verb, said with its destination)
    r"(?![^,;.\n]*\b(?:in|into|to|on)\s+(?:the\s+)?(?:clickhouse|redis|kafka|topic|stdout|console))"
    r"(?=\s+(?:every|per|each|hourly|daily|weekly"
    r"|minutely|in\s+(?:\d|one|two|five|ten|fifteen|thirty)|over\s+(?:\d|the)|for\s+each)\b"
    r"|\s*[,;.:](?!\s*(?:in|into|to|on|at)\b)|\s*$)",
    ICASE,
)


# After "each", words that name the records or a time unit, never a group.
# A second word that never belongs to a group field's name ("per store_id today")
GROUP_TAIL_NOT_NAME = word_set(
    """since today yesterday tomorrow now overall altogether total totals so until till ever
    alltime lifetime currently about around roughly approximately monthly yearly annually
    quarterly"""
    # ("per store and region ranked", "... hashed", "... jointly": how the groups are treated,
    # never a field 'region_ranked')
    """ filtered hashed masked encrypted combined jointly independently ranked sorted ordered
    descending ascending normalized normalised cumulatively pivoted deduplicated deduped
    smoothed weighted rounded"""
)


# "per merchant_id or per country", "by store, or by region": one grouping or the other
_GROUPS_OR = re.compile(
    r"\b(?:per|by|for\s+each|for\s+every)\s+[\w.-]+\s*,?\s+or\s+(?:else\s+)?(?:per|by|for\s+each"
    r"|for\s+every)\s+\w+",
    ICASE,
)


_EACH_NOT_A_GROUP = word_set(
    """line record row event message entry item one time second minute hour day week month
    window session batch result total aggregate value metric figure number count sum output"""
)


class GroupByReader(AggregateNameReader):
    """Reads the groups the aggregates are computed per."""

    def _refuse_group_per_aggregate(self, said: list[tuple[int, int, bool, int, int, str]]) -> None:
        """ "average temp per device and max humidity per site every minute": each aggregate
        said with its own grouping. The window has one group-by; merging them would group both
        by (device, site) together, so it is refused. "sum amount by store and by region" (one
        aggregate, then its groups) is one grouping."""
        ranked = (self.top_n or {}).get("order_by")  # a top-N's own measure: read there
        aggs = [a for a in self.aggs if a.name != ranked]
        for (s1, e1, _x, f1, l1, _b), (s2, e2, _y, f2, l2, _c) in pairwise(said):
            first = {t.lower() for t, _q in self.group_by[f1:l1]}
            second = {t.lower() for t, _q in self.group_by[f2:l2]}
            between = [a for a in aggs if e1 <= a.pos < s2]
            outside = [a for a in aggs if a.pos < s1 or a.pos >= e2]
            if between and outside and first != second:
                if self._count_restated(self.group_by[f1:l1], self.group_by[f2:l2], outside):
                    continue
                words = " ".join(self.text[min(s1, *(a.pos for a in outside)) : e2].split())
                raise RequestNotUnderstood(
                    f"cannot read {words!r}: each aggregate is grouped by its own fields, and a "
                    "window has one grouping for all its aggregates; group them all by the same "
                    'fields ("per device_id and site"), or write one pipeline per grouping'
                )

    def _count_restated(
        self, first: list[tuple[str, bool]], second: list[tuple[str, bool]], outside: list[Agg]
    ) -> bool:
        """ "Boarding counts per sailing ... Count check-ins per sailing_id every 15 minutes": a
        headline's counts (the noun, never the verb) grouped by plain nouns, then a count
        grouped by fields those nouns name (sailing_id for "sailing"): the one grouping said
        again in more detail; the window groups by the fields (the nouns resolve to them). A
        headline with another aggregate, a noun no field names, or a coarser count said after
        the detailed one ("..., and count scans per terminal") stays two groupings (refused)."""
        if not outside or not all(
            a.fn == "count" and a.phrase is None and HEADLINE_COUNTS.match(self.text, a.pos)
            for a in outside
        ):
            return False
        plain = [t for t, q in first if not q and "_" not in t]
        return len(plain) == len(first) and all(
            any(noun_names_field(t, f) for f, _q in second) for t in plain
        )

    def _refuse_later_grouping(self, last_start: int, last_end: int, start: int, end: int) -> None:
        """ "count builds per repo per day, and per branch": a grouping added with "and" after
        other words closed the first one (here the window's unit) likely asks a second
        grouping, not one by both; "per repo and per branch" (adjacent) is one grouping."""
        between = self.text[last_end:start]
        # ("sum amount per region as well as per channel", "plus by channel": one more
        # grouping added, never one grouping by both)
        added = re.fullmatch(
            r"[\s,]*(?:as\s+well\s+as|plus|in\s+addition\s+to|(?:along|together|combined)\s+with"
            r"|alongside|besides|but\s+also|(?:and\s+)?additionally)\s*,?\s+",
            between,
            ICASE,
        )
        instead = re.fullmatch(
            r"[\s,]*(?:instead\s+of|rather\s+than|and\s+not|but\s+not|not)\s+", between, ICASE
        )
        if instead:
            # "per city instead of per driver_id": one grouping said in place of another
            words = " ".join(self.text[last_start:end].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: a grouping said in place of another; name only the "
                f"grouping wanted ({' '.join(self.text[last_start:last_end].split())!r})"
            )
        # ("count clicks per page hourly, then per user": a grouping said after a step's
        # "then" is a second aggregation over the first's results, never one grouping by both)
        # (in one clause: "per package. ... Keep only ..., then per package_code" is the
        # background's grouping, then the one asked for)
        then = (
            re.search(r"(?:\bthen|\bafterwards|\bafter\s+that|\bnext)\s*,?\s*$", between, ICASE)
            and re.sub(r"\b(?:and|then|afterwards|after|that|next)\b|[,;]", "", between).strip()
            and not re.search(r"[.;:!?\n]", between)
            and len(between.split()) <= 6
        )
        if then:
            words = " ".join(self.text[last_start:end].split())
            raise RequestNotUnderstood(
                f"cannot read {words!r}: a grouping after 'then' asks a second aggregation "
                "over the first one's results, and a window has one grouping; name all the "
                'fields in one grouping ("per store_id and region per hour"), or write one '
                "pipeline per grouping"
            )
        if not added and not re.search(r"\band\s+(?:also\s+)?$", between, ICASE):
            return
        # ("per customer_id, and also per store_id": "also" adds a second grouping, adjacent or not)
        if (
            not added
            and not re.sub(r"\b(?:and|also)\b|[,;]", "", between).strip()
            and not re.search(r"\balso\b", between, ICASE)
        ):
            return
        words = " ".join(self.text[last_start:end].split())
        joiner = " ".join(added.group(0).strip(" ,").split()) if added else "and"
        raise RequestNotUnderstood(
            f"cannot read {words!r}: after a complete grouping, {joiner!r} with another grouping may "
            "ask a second grouping, and a window has one; name all the fields in one grouping "
            '("per store_id and region per hour"), or write one pipeline per grouping'
        )

    def _unread_background_groups(
        self, said: list[tuple[int, int, bool, int, int, str]], each_read: list[re.Match[str]]
    ) -> None:
        """ "Our drivers complain that fares per city are off. From topic rides, sum fare per
        driver_id every hour": a "per city" in a sentence that asks for no aggregate, while
        another sentence groups its aggregates, is likely the background's, not a grouping
        asked for; read as one it would split every group silently. It is left unread (the
        sentence is then background, or refused with its words)."""
        bounds = [0] + [b.end() for b in SENTENCE_END.finditer(self.text)] + [len(self.text)]

        def sentence(pos: int) -> int:
            return max(b for b in bounds if b <= pos)

        with_agg = {sentence(a.pos) for a in self.aggs}
        # ("Group each miner_id's reads into session windows ... and count the reads": the
        # aggregates' sentence groups by a field `_each_groups` read)
        grouped_each = any("_" in f.group(0) and sentence(f.start()) in with_agg for f in each_read)
        limit = len(self.text)
        if not grouped_each and not {sentence(a) for a, *_ in said} & with_agg:
            # ("I want sales totals per shop ... * Daily windows grouped by store_id" as a
            # bullet of its own, the aggregates on the next: the explicit grouping is asked,
            # a plain one said before it may be the background's)
            limit = min((a for a, _e, explicit, *_ in said if explicit), default=-1)
            if said and said[-1][4] != len(self.group_by):
                return  # (a top-N's groups merged into the list: the indexes are not its)
        drop: list[tuple[int, int]] = []
        for start, end, explicit, first, last, before in reversed(said):
            if explicit or sentence(start) in with_agg or start > limit:
                continue
            own = [t.lower() for t, _q in self.group_by[first:last]]
            names = {t.lower() for t, _q in self.group_by[:first] + self.group_by[last:]}
            if all(any(n in (o, f"{singular(o)}_id", singular(o)) for n in names) for o in own):
                continue  # "daily kWh per operator: ... grouped by operator_id": said again
            drop.append((first, last))
            self.s = self.s[:start] + before + self.s[end:]
            self.spans = [sp for sp in self.spans if sp[:2] != (start, end)]
        for first, last in drop:  # (latest first: the earlier indexes stay right)
            del self.group_by[first:last]

    def _mask_group_possessive_aggs(self) -> None:
        """ "work out each horse's best (min) sectional_s ... grouped by race_id and horse_id":
        the possessive of a grouped field's noun right before an aggregate read says the
        grouping again (with the verb leading the aggregate)."""
        for m in GROUP_POSSESSIVE_AGG.finditer(self.s) if self.aggs else []:
            after = m.end()
            if not any(
                start == after and reader == "aggregates" for start, _e, reader in self.spans
            ):
                continue
            if any(noun_names_field(m["noun"], g) for g, _q in self.group_by):
                self.mask(m.start(), m.end())

    def _agg_ends_at(self, pos: int) -> bool:
        """An aggregate's phrase (never a top-N's or a filter's) ends right at `pos`."""
        return any(
            end == pos and reader == "aggregates" and any(start <= a.pos < end for a in self.aggs)
            for start, end, reader in self.spans
        )

    def _agg_in_sentence(self, pos: int) -> bool:
        """An aggregate is read in the sentence around `pos`."""
        start = max((e.end() for e in re.finditer(r"[.!?](?:\s|$)|\n", self.text[:pos])), default=0)
        stop = re.compile(r"[.!?](?:\s|$)|\n").search(self.text, pos)
        end = stop.start() if stop else len(self.text)
        return any(start <= a.pos < end for a in self.aggs)

    def _each_groups(self) -> list[re.Match[str]]:
        """ "how many cars entered each garage_id", "distinct restaurants in each city": the
        groups "each" names once an aggregate was read (`EACH_GROUP`); the fields read."""
        read: list[re.Match[str]] = []
        each = [(m, True) for m in AGG_VERB_EACH.finditer(self.s) if self._agg_ends_at(m.start())]
        each += [(m, False) for m in EACH_GROUP.finditer(self.s)]
        for m, after_agg in each if self.aggs else []:
            if MASK in self.s[m.start() : m.end()]:
                continue
            if after_agg and m.group("verb").lower() in NOT_AN_AGG_VERB:
                continue
            first = FIELD_RE.match(self.s, m.end())
            if not first:
                continue
            text, quoted = unquote(first.group(0))
            low = text.lower()
            if not quoted and (low in STRUCT_STOP or low in STOP or low in _EACH_NOT_A_GROUP
                               or singular(low) in _EACH_NOT_A_GROUP):  # fmt: skip
                continue  # "for each record", "each minute": no grouping
            if not (m.group("prep") or quoted or "_" in text or after_agg):
                continue  # after a verb only a field name groups ("write each aggregate to")
            if not (quoted or "_" in text or after_agg) and not self._agg_in_sentence(m.start()):
                continue  # "Bathers tap their wristband at every sauna.": a place, no group
            after = re.match(r"\s+([A-Za-z][\w-]*)\b", self.s[first.end() :])
            if (
                after
                and not quoted
                and "_" not in text
                and after.group(1).lower() not in GROUP_STOP | GROUP_TAIL_NOT_NAME
            ):
                continue  # "sensors on every security checkpoint lane": a place, no group
            self.group_by.append((text, quoted))
            read.append(first)
            start = m.start("verb") if after_agg else m.start("each")
            if re.match(r"(?:did|does)\b", self.s[m.start() :], ICASE):
                start = m.start()  # "how much revenue did each store_id make"
            end = first.end()
            verb = EACH_VERB_AFTER.match(self.s, end)
            if verb:  # "how many rides each station_id has": the verb ends the phrase
                end = verb.end()
            self.mask(start, end)
        return read

    def _per_record_noun(self, m: re.Match[str]) -> bool:
        """ "average nights per booking per hotel_id" on hotel.bookings: the first "per" names
        the records themselves (the last word of a source topic's name), each of which the
        average is taken over, and the second the groups; read as no grouping (listed) when
        every aggregate is an average, refused otherwise ("total nights per booking per
        hotel_id": each booking's own total, or the hotel's?). True when read."""
        pm = _PER_RECORD_THEN_GROUP.match(self.s, m.end())
        if pm is None or "_" in pm["n"]:
            return False
        noun = singular(pm["n"].lower())
        if noun in MEASURING_DEVICES | {"device"}:
            # "average temperature per sensor per room" on topic sensors: the devices send
            # the records, many each, so the word groups ("per reading" would not)
            return False
        records = {
            (t, singular(last))
            for _, t in self.topics
            if (last := re.split(r"[-_.]", t.lower())[-1]).isalpha()
        }
        topic = next((t for t, last in records if last == noun), None)
        if not self.aggs:
            return False
        said = " ".join(self.text[m.start() : pm.end("n")].split())
        if topic is None:
            self._refuse_average_per_happening(m, pm, noun)
            return False
        if any(a.fn != "avg" for a in self.aggs):
            raise RequestNotUnderstood(
                f"cannot read {said!r}: each record of topic {topic!r} is a {noun}, so this "
                f"is no field to group by; say the groups alone ('per {pm['g']}'), or name "
                f"the field a {noun} is identified by"
            )
        self.mask(m.start(), pm.end("n"))
        self.assumptions.append(
            f"read {said!r} as each record of topic {topic!r} (the average is taken over "
            f"them), not as a grouping"
        )
        return True

    def _refuse_average_per_happening(self, m: re.Match[str], pm: re.Match[str], noun: str) -> None:
        """ "average amount per order per store per day" on topic sales: an average per order
        is taken over the orders (each one a happening a record may be), never grouped by a
        field 'order' the request does not name; whether each record is an order is not said,
        so refused (a field named 'order_id', or the topic's own records, read)."""
        if not _PER_HAPPENING.fullmatch(noun) or any(a.fn != "avg" for a in self.aggs):
            return
        if not self._agg_ends_at(len(self.s[: m.start()].rstrip())):
            return  # ("count per store, per order a new line"): not the average's own "per"
        said = " ".join(self.text[m.start() : pm.end("g")].split())
        raise RequestNotUnderstood(
            f"cannot read {said!r}: an average per {noun} is taken over the {noun}s, not "
            f"grouped by a field '{noun}'; if each record is one {noun}, leave 'per {noun}' out "
            f"('per {pm['g']}'), or name the field that groups ('per {noun}_id')"
        )

    def extract_group_by(self) -> None:
        grouped: list[tuple[int, int, bool, int, int, str]] = []
        asked = [(q.start(), q.end()) for q in QUOTED_QUESTION.finditer(self.text)]
        for m in list(ACROSS_ALL.finditer(self.s)) if self.aggs else []:
            # "average trip_minutes per line across all vehicles": one figure over all of
            # them, no grouping by them (said, so read)
            words = " ".join(m.group(0).split())
            self.assumptions.append(
                f"read {words!r} as no grouping by {m['n']} (one figure for all)"
            )
            self.mask(m.start(), m.end())
        for m in list(GROUP_BY.finditer(self.s)):
            if re.match(r"key\b", m.group(0), ICASE) and not WINDOW_THEN_KEY.search(
                self.text, max(0, m.start() - 40), m.start()
            ):
                continue  # "output topic x, key exam_id": the sink's message key, no grouping
            if any(a <= m.start() < b for a, b in asked):
                continue  # 'keeps asking "how long do deliveries take, per city?"': their words
            if m.group(0)[:2].lower() == "by" and BY_AGENT.search(self.text, 0, m.start()):
                continue  # "double-submitted by the booking widget": who did it, no grouping
            if m.group(0)[:2].lower() == "by" and BY_LOOKUP.search(self.text, 0, m.start()):
                continue  # "so sales can filter by region later": how someone looks, no grouping
            if GROUPED_IN_PURPOSE.search(self.text, max(0, m.start() - 150), m.start()):
                continue  # "so matchmaking can find players by skill": someone else's grouping
            if m.group(0).lower() == "per-" and not PER_HYPHEN_AGG.match(self.s, m.end()):
                continue  # "for the per-region dashboard": what the dashboard shows, no grouping
            one_per = re.search(
                r"\b(?:one|1|a|an)\s+(?:message|event|record|row|entry|line)\s+$",
                self.s[: m.start()],
                ICASE,
            )
            output_row = (
                one_per
                and re.search(r"(?:row|line|entry)\s+$", one_per.group(0), ICASE)
                and (self.window.get("type") or self.aggs)
                and re.match(
                    r"per\s+(?:the\s+)?[a-z][a-z0-9]*_[a-z0-9_]+\b", self.s[m.start() :], ICASE
                )
            )
            if output_row and one_per:
                self.mask(one_per.start(), m.start())  # ("one row": each group's, read so)
            if one_per and m.group(0)[:3].lower() == "per" and not output_row:
                # "one message per guest check-in": what each record is, no grouping
                # ("one row per batch_id per day with the lightest weight_g": the output's rows
                # of an aggregate, grouped by the field named)
                per_tail = re.match(r"per\s+(?:\w+[\s-])?\w+", self.s[m.start() :], ICASE)
                if per_tail:
                    self.mask(one_per.start(), m.start() + per_tail.end())
                    self.assumptions.append(
                        "read as a description of the records, not a grouping: "
                        f"{' '.join(self.text[one_per.start() : m.start() + per_tail.end()].split())!r}"
                    )
                continue
            if m.group(0)[:5].lower() == "keyed" and re.search(
                r"\b(?:is|are|was|were|been|already)\s+(?:\w+ly\s+)?$",
                self.text[: m.start()],
                ICASE,
            ):
                continue  # "the orders topic is keyed by store_id": how it is keyed, no grouping
            if re.match(r"(?:the\s+)?same\b", self.s[m.end() :], ICASE):
                # "repeat views of the same listing_id by the same visitor_id": who makes a
                # record a repeat (a dedup key), never the window's groups; left to the dedup
                continue
            one = re.match(r"(?:each\s+|every\s+)?one\b(?![\w'-])", self.s[m.end() :], ICASE)
            if one and self.window.get("type") and re.match(r"(?:per|for)\b", m.group(0), ICASE):
                # "use session windows per chair_id ...; for each one count the readings": each
                # window or session (a pronoun), never a field 'one' (with no window, left to
                # the readers of each record: "for each one look up ...")
                self.mask(m.start(), m.end() + one.end())
                continue
            rate = PER_MEASURE.match(self.s, m.end()) if m.group(0)[:3].lower() == "per" else None
            if rate and self.aggs:  # (with no aggregate, other readers say what is wrong)
                # "average price per kg per market": a rate (price over weight), never a
                # grouping by a field 'kg'
                lead = re.search(r"[\w-]+\s+$", self.text[: m.start()])
                rate_said = self.text[lead.start() if lead else m.start() : rate.end()]
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(rate_said.split())!r}: a value per {rate.group('u')} is a"
                    " rate (divided by a quantity), not a grouping; compute it first (e.g. "
                    '"compute price_per_kg = price / weight_kg", then "average price_per_kg per '
                    'market") or leave it out if the field holds the rate already'
                )
            if m.group(0)[:3].lower() == "per" and self._per_record_noun(m):
                continue
            um = re.match(r"(?:the\s+)?(second|minute|hour|day|week)s?\b", self.s[m.end() :], ICASE)
            if um:
                first = um.group(1).lower()
                end = m.end() + um.end()
                said = (self.window.get("size_ms"), self.window.get("slide_ms"))
                if self.window.get("type") == "session" or (
                    said[0] is not None and UNIT_MS[first] not in said
                ):  # "per day and per hour": two window sizes
                    raise RequestNotUnderstood(
                        f"cannot read {' '.join(self.text[m.start() : end].split())!r}: the "
                        "request asks for another window elsewhere; say one window size"
                    )
                if "size_ms" not in self.window and self.window.get("type") != "session":
                    self.window.update(type="tumbling", size_ms=UNIT_MS[first])
                    self.window_words = True
                self.mask(m.start(), end)
                continue
            pair = GROUP_PAIR.match(self.s, m.end())
            if pair and not {pair["a"].lower(), pair["b"].lower()} & STOP:
                # "per region-channel pair", "for each store/product combination": both fields
                # together, never one field named after the pair ('region_channel_pair')
                items = [(pair["a"], False, pair.start("a")), (pair["b"], False, pair.start("b"))]
                end = pair.end()
                pair_words = " ".join(self.text[m.start() : end].split())
                self.assumptions.append(
                    f"read {pair_words!r} as grouping by {pair['a']} and {pair['b']} together"
                )
            else:
                items, end = read_list(self.s, m.end(), FIELD_RE, max_words=2, stop=GROUP_STOP)
            items, end = _verb_ends_group_list(self.s, self.text, items, end)
            items, end = _selected_ends_group_list(self.s, items, end)
            store = _STORE_ENDS_LIST.match(self.text, end) if items else None
            if store:  # "per region and store every hour": the noun, never the verb "store"
                items, end = [*items, (store["f"], False, store.start("f"))], store.end("f")
            explicit = not re.match(r"(?:per|by|for|across)\b", m.group(0), ICASE)
            first = FIELD_RE.match(self.s, m.end())
            if (
                not items
                and first
                and re.fullmatch(r"stores?", first.group(0), ICASE)
                and (re.match(r"(?:per|by|for\s+(?:each|every))\b", m.group(0), ICASE))
            ):  # "revenue per store", "by store": a noun after "per", never the verb "store"
                items, end = [(first.group(0), False, first.start())], first.end()
                sep = LIST_SEP.match(self.s, end)
                more, more_end = (
                    read_list(self.s, sep.end(), FIELD_RE, max_words=2, stop=GROUP_STOP)
                    if sep
                    else ([], end)
                )
                if more:  # "per store and payment every hour": the list goes on after it
                    items, end = _verb_ends_group_list(self.s, self.text, [*items, *more], more_end)
                    items, end = _selected_ends_group_list(self.s, items, end)
            if explicit and first and not items:
                # "group by store": after an explicit group-by any word is a field
                text, quoted = unquote(first.group(0))
                if quoted or text.lower() not in STRUCT_STOP:
                    items, end = [(text, quoted, first.start())], first.end()
                    sep = LIST_SEP.match(self.s, end)
                    if sep:
                        more, more_end = read_list(
                            self.s, sep.end(), FIELD_RE, max_words=2, stop=GROUP_STOP
                        )
                        if more:
                            items, end = items + more, more_end
            tail = items[-1][0].split() if items and not items[-1][1] else []
            # "for every user_name build sessions": a name written with '_' is whole, and the
            # word after it is the clause's verb, never more of the name
            if len(tail) == 2 and (
                tail[1].lower() in GROUP_TAIL_NOT_NAME
                or "_" in tail[0]
                # "per zone and region measure the average": the clause's verb, never 'region_measure'
                or _WORD_THEN_ARTICLE.match(self.s, end - len(tail[1]))
            ):
                # "per store_id since the start", "per store_id today": the second word is not
                # part of the name; left unread
                items[-1] = (tail[0], False, items[-1][2])
                end = items[-1][2] + len(tail[0])
            while items:  # "for each device and each sensor": the list goes on
                again = re.match(
                    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:each|every)\s+", self.s[end:], ICASE
                )
                extra, extra_end = (
                    read_list(self.s, end + again.end(), FIELD_RE, max_words=2, stop=GROUP_STOP)
                    if again
                    else ([], end)
                )
                if not extra or any(
                    singular(t.lower()) in _EACH_NOT_A_GROUP for t, q, _ in extra if not q
                ):
                    break
                items, end = items + extra, extra_end
            span = LIST_ENDS_WITH_UNIT.match(self.s, end) if items else None
            if span:
                # "broken down by carrier_id and hour": the last of the list is the window's span
                unit = span.group(1).lower()
                end = span.end()
                sizes = (self.window.get("size_ms"), self.window.get("slide_ms"))
                if self.window.get("type") == "session" or (
                    sizes[0] is not None and UNIT_MS[unit] not in sizes
                ):
                    raise RequestNotUnderstood(
                        f"cannot read {' '.join(self.text[m.start() : end].split())!r}: the "
                        "request asks for another window elsewhere; say one window size"
                    )
                if "size_ms" not in self.window:
                    self.window.update(type="tumbling", size_ms=UNIT_MS[unit])
                    self.window_words = True
            if not items:
                continue
            for text, quoted, _pos in items:
                if not quoted:
                    _refuse_unit_slip(text)
            if len(items) > 1 and re.search(r"\bor\b", self.s[m.end() : end], ICASE):
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(self.text[m.start() : end].split())!r}: grouping by "
                    "several fields groups by all of them together; 'or' between them is not "
                    "supported: say 'and', or write one pipeline per grouping"
                )
            if grouped:
                self._refuse_later_grouping(grouped[-1][0], grouped[-1][1], m.start(), end)
            before = self.s[m.start() : end]
            grouped.append((m.start(), end, explicit, len(self.group_by),
                         len(self.group_by) + len(items), before))  # fmt: skip
            self.group_by.extend((t, q) for t, q, _ in items)
            self.mask(m.start(), end)
        self._refuse_group_per_aggregate(grouped)
        ranked_first: list[tuple[str, bool]] = []
        if grouped and grouped[0][3] > 0:
            # "count ... per stand_id and item_sku, then keep the top 3 item_sku within each
            # stand_id": the top-N (read first) names the same groups; keep the list's order
            listed = self.group_by[grouped[0][3] :]
            if set(self.group_by[: grouped[0][3]]) <= set(listed):
                self.group_by[:] = listed
            else:
                ranked_first = self.group_by[: grouped[0][3]]
        self._unread_background_groups(grouped, self._each_groups())
        if ranked_first and self.group_by[: len(ranked_first)] == ranked_first:
            listed = self.group_by[len(ranked_first) :]
            if all(_names_listed(g, listed) for g in ranked_first):
                # ("the two strains ... in each room" before "per room_id and strain"): its
                # nouns name the listed fields; resolved after them, in the list's order
                self.group_by[:] = listed + ranked_first
        for m in list(NO_GROUPING.finditer(self.s)):
            if self.group_by:  # "per rink_id ... (no grouping)": which one?
                raise RequestNotUnderstood(
                    f"cannot read {' '.join(m.group(0).split())!r}: the request also groups by "
                    f"{', '.join(g for g, _q in self.group_by)}; say one"
                )
            if self.aggs:  # "count all detections every 5 minutes (no grouping)": one figure
                self.mask(m.start(), m.end())
        for m in GROUP_POSSESSIVE.finditer(self.text) if self.aggs else []:
            # "write each route's figures to Redis" grouped by route: the group's results
            if self.s[m.start() : m.end()] == m.group(0) and any(
                noun_names_field(m["noun"], g) for g, _q in self.group_by
            ):
                self.mask(m.start(), m.end())
        self._mask_group_possessive_aggs()
        either = _GROUPS_OR.search(self.text)
        if either and len(self.group_by) > 1:  # "per merchant_id or per country": two groupings
            raise RequestNotUnderstood(
                f"cannot read {' '.join(either.group(0).split())!r}: grouping by several fields "
                "groups by all of them together; 'or' between them is not supported: say 'and', "
                "or write one pipeline per grouping"
            )


# "each route's figures", "every store's totals": the results of one group, said with the noun
# of a group-by field (checked by the caller); what follows is the results' noun
GROUP_POSSESSIVE = re.compile(
    r"\b(?:each|every)\s+(?P<noun>[a-z]+)['\u2019]s(?=\s+(?:figures|numbers|totals|stats"
    r"|statistics|results|counts|aggregates|metrics|rows?|summary|summaries|values)\b)",
    ICASE,
)


# "work out each horse's best (min) sectional_s": a grouped field's noun, possessive, before
# an aggregate (checked by the caller), with the verb leading it
GROUP_POSSESSIVE_AGG = re.compile(
    r"(?:\b(?:compute|calculate|work\s+out|figure\s+out|find|get|take|track|give\s+me)\s+)?"
    r"\b(?:each|every)\s+(?P<noun>[a-z]+)['\u2019]s\s+",
    ICASE,
)


# "per booking per hotel_id": a plain noun, then the groups said by a second "per"/"by"
_PER_RECORD_THEN_GROUP = re.compile(
    r"\s*(?:each\s+|every\s+)?(?P<n>[a-z]+)\s+(?:per|by|for\s+each|for\s+every)\s+"
    r"(?P<g>[a-z_]\w*)",
    ICASE,
)


# Happenings a record may be ("per order", "per booking"): an average per one of them is over
# them; the things records are about ("per user", "per device", "per session") group
_PER_HAPPENING = re.compile(
    r"order|sale|transaction|purchase|payment|booking|reservation|ride|trip|delivery|shipment"
    r"|visit|call|click|view|request|login|checkout|scan|swipe|tap|play|download|upload|job"
    r"|task|build|deployment|search|query|install|refund|return|withdrawal|deposit|claim|trade"
    r"|bid|charge|txn|invoice|reading|ping|event|record|message",
    ICASE,
)


# "per minuet", "by machine and mintue": a plain word one letter from a time unit's name (a
# window's size misspelt, never a field; the short units' neighbours are often fields: "per
# bay", "per tour")
_LONG_UNITS = ("second", "seconds", "minute", "minutes", "month", "months")


def _refuse_unit_slip(word: str) -> None:
    """Refuse grouping by `word` when it is a slip of a time unit ("count per machine per
    minuet"): read as a field, the window would silently stay at its default size."""
    low = word.lower()
    if len(low) < 5 or not low.isalpha() or low in _LONG_UNITS:
        return
    unit = next((u for u in _LONG_UNITS if distance_one(low, u)), None)
    if unit is None:
        return
    raise RequestNotUnderstood(
        f"cannot group by {word!r}: it is one letter from {unit!r}; for a window write "
        f"'per {unit.removesuffix('s')}', or to group by a field of that name quote it "
        f"('per \"{word}\"')"
    )


# "per kg", "per litre", "per square metre": a unit of measure after "per" (a rate); "per meter"
# is left (a utility meter is a thing records are grouped by)
PER_MEASURE = re.compile(
    r"\s*(?P<u>kgs?|kilos?|kilograms?|grams?|lbs?|ounces?|oz|tonnes?|tons?|lit(?:re|er)s?|ml"
    r"|gallons?|km|kilomet(?:re|er)s?|miles?|square\s+(?:met(?:re|er)s?|f(?:oo|ee)t|miles?|km)"
    r"|sq\.?\s*(?:m|ft)|sqm|m2|capita|head)(?![\w-])",
    ICASE,
)


# "boarding counts per terminal", "visit tallies per store": the count said as a noun, as a
# headline or a need says it (never the verb "count")
HEADLINE_COUNTS = re.compile(r"(?:[A-Za-z]+[\s-]+)?(?:counts|tallies)\b", ICASE)


def _names_listed(group: tuple[str, bool], listed: list[tuple[str, bool]]) -> bool:
    """A top-N group read before the window's list names one of the listed fields: the field
    itself, or its noun ("strains" for strain, "room" for room_id)."""
    return any(noun_names_field(group[0], name) for name, _q in listed)
