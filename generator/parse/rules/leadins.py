"""Lead-ins: a few words that name what the next clause does ("drop the noise (event_type not
in ('heartbeat', 'ping'))", "drop the junk: keep only level = 'ERROR'").

A lead-in is read only when the clause it introduces was read as a filter and says which
records to keep: a negated comparison in parentheses ("not in", "!=", "is not") or a "keep ..."
/ "only ..." after a colon. "drop the noise (event_type in ('heartbeat', 'ping'))" is left unread
(does the parenthesis describe the noise, or what to keep?), so the request is refused.
"""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import BACKGROUND_PREFIX, CONTEXT_PREFIX
from .context import (
    DATA_RATE,
    FIELD_ITEM,
    FREQ_SAID,
    INTERJECTION,
    LEADING_INTERJECTION,
    PRODUCED_RATE,
    QUALIFIER,
    RATE_NOT_PRODUCERS,
    STEP_WORDS,
    TO_KAFKA,
    TRAILING_INTERJECTION,
    may_select,
)
from .lexicon import (
    COUNT_NOUNS,
    MASK,
    NOT_A_PLACE,
    ROLE_NOUNS,
    TECH_ACRONYMS,
    WORK_UNIT_NOUNS,
    singular,
    word_set,
)
from .quantities import ICASE, LONG_UNIT
from .state import ParserState

_NOISE = (
    r"(?:noise|noisy\s+(?:ones|records|events|stuff)|junk|garbage|spam|clutter|chatter|cruft"
    r"|irrelevant\s+(?:ones|records|events|stuff)|uninteresting\s+(?:ones|records|events|stuff)"
    # "discard sensor glitches: keep only ...", "drop bad readings: only ...": the failed
    # readings the condition after the colon leaves out (it says which records are kept)
    r"|(?:(?:sensor|gps|probe|meter|scanner|device|scale|gauge)\s+)?(?:glitch(?:es)?|errors|spikes)"
    r"|(?:bad|broken|bogus|faulty|impossible|junk|garbage)\s+(?:ones|records|events|readings|values"
    r"|data|rows|samples|measurements))"
)
LEAD_IN = re.compile(
    r"\b(?:drop|remove|filter\s+out|discard|skip|cut|strip|ignore|lose)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?"
    rf"{_NOISE}\s*(?:(?P<paren>\()|(?P<colon>:)\s+(?=(?:keep|only|pass)\b))",
    ICASE,
)
# What the parenthesis must open with for the lead-in to be read: a comparison that keeps.
_KEEPING = re.compile(
    r"\s*(?:(?:only\s+|keep\s+)?(?:where\s+)?[A-Za-z_]\w*\s+(?:not\s+in\b|!=|<>|is\s+not\b"
    r"|does\s+not\b|doesn't\b|not\s+(?:like|equal|starting|ending|containing)\b)|(?:only|keep)\b)",
    ICASE,
)


# "keep only failed logins (status = 'failed')": words the parenthesised filter restates.
RESTATED = re.compile(
    r"\b(?:(?:keep|keeping|pass|forward|send|take)\s+)?only\s+(?:the\s+)?"
    r"(?P<w>(?:[A-Za-z][\w-]*\s+){1,3}?)(?=\()",
    ICASE,
)


# "Keep the bids from topic auction.bids where bid_eur >= 100000": the keep verb and the
# records, then the source (read by the sources) and the condition (read as a filter)
KEEP_FROM_SOURCE = re.compile(
    r"\b(?:keep|retain|take|pass|select)\s+(?:only\s+)?(?:the\s+|all\s+(?:the\s+)?)?"
    r"[A-Za-z][\w-]*s\s+(?=(?:from|on|in)\s+\x00|\x00)",
    ICASE,
)


class LeadInRecogniser(ParserState):
    def extract_filter_leadins(self) -> None:
        self._restated_leadins()
        self._keep_from_source()
        for m in list(LEAD_IN.finditer(self.text)):
            end = m.end() - (1 if m.group("paren") else 0)
            if MASK in self.s[m.start() : end]:
                continue  # read by a recogniser already
            if m.group("paren") and not _KEEPING.match(self.text, m.end()):
                continue
            after = m.end()
            # the clause it leads into must have been read as a filter
            if not any(after - 1 <= c.pos <= after + 40 for c in self.conds):
                continue
            self.mask(m.start(), end)

    def _keep_from_source(self) -> None:
        """The lead of a keep clause split by its source: the source's mention (masked) runs
        up to "where" and a comparison read as a filter that keeps (never a drop)."""
        for m in list(KEEP_FROM_SOURCE.finditer(self.s)):
            for c in self.conds:
                between = self.text[m.end() : c.pos]
                if (
                    c.pos > m.end()
                    and not c.negate
                    and re.fullmatch(r"(?:(?:from|on|in)\s+)?[\x00\s]*", self.s[m.end() : c.pos])
                    and re.search(r"\s(?:where|whose|with|if)\s+$", between, ICASE)
                    and len(between) < 80
                ):
                    self.mask(m.start(), m.end())
                    break

    def _restated_leadins(self) -> None:
        for m in list(RESTATED.finditer(self.text)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            close = self.text.find(")", m.end())
            inside = self.text[m.end() : close + 1].lower() if close > 0 else ""
            if not any(m.end() <= c.pos <= m.end() + 2 for c in self.conds):
                continue  # the parenthesis must be read as a filter
            words = m.group("w").split()
            nouns = words[-1:]  # "failed logins": the records' noun, then what selects them
            if all(w.lower() in inside for w in words[:-1]) and re.fullmatch(
                rf"{COUNT_NOUNS}|ones|[a-z]+s", nouns[0], ICASE
            ):
                self.mask(m.start(), m.end())


# "(about 1 message a second per rider, fields ...)": how often records arrive, hedged ("about",
# "roughly"), opening an aside: a fact about the source, never a threshold or a group-by.
RATE_ASIDE = re.compile(
    r"(?<=\()\s*(?P<rate>(?:about|around|roughly|approximately|approx\.?|~|typically|usually"
    r"|normally)\s*\d[\d,.]*\s*k?\s+(?:messages?|msgs?|events?|records?|readings?|rows?|pings?"
    r"|updates?|samples?)\s+(?:a|an|per|every|each)\s+(?:second|sec|minute|min|hour|day)"
    r"(?:\s+(?:per|for\s+each|from\s+each|each)\s+[a-z]+)?(?:\s+or\s+so)?)\s*(?=[,;)])",
    ICASE,
)


# When a sender wants the pipeline ("the weekend", "next Tuesday", "end of sprint", "the next
# race"): a day or an event of theirs, never a span of records.
_WHEN = (
    r"(?:(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:weekend|eod|eow|tomorrow|sprint|quarter"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|q[1-4])"
    r"|(?:the\s+)?(?:next|this|coming)\s+(?:week|month|weekend|sprint|release|race|match|game|season"
    r"|election|audit|board\s+meeting|monday|tuesday|wednesday|thursday|friday)"
    r"|(?:the\s+)?(?:launch|go-live|release|audit|election|season\s+start|kick-?off)"
    # ("Needed before the winter open day.", "ready by the festival": an event of theirs)
    r"|(?:the\s+)?(?:next\s+|this\s+|coming\s+)?(?:(?:winter|summer|spring|autumn|annual)\s+)?"
    r"(?:open\s+day|festival|opening\s+night|exhibition|trade\s+fair|inspection\s+visit))"
)


# --- Background: chat words and asides around the request ---------------------------------
#
# Words of a chat message that say nothing a pipeline could do: a laugh ("lol"), a hedge ("if
# that's possible"), how the sender is using it ("while we're testing"), an opener that only
# says the ask follows ("What I'd love:"). Read first, before any recogniser could take a word
# of them, and listed under the assumptions with their kind.
BACKGROUND = [
    (
        "chat",
        re.compile(
            r"(?:(?<=\s)|(?<=^)|(?<=[,.!?;]))\s*,?\s*\b(?:lol|lmao|haha+|hehe+|rofl|xd|:\)|:-\))"
            r"(?=\s*(?:[.!?,;]|$))",
            ICASE,
        ),
    ),
    # "oh and start from latest", "Oh, also: ...": an interjection opening a sentence, before
    # the "and"/"also" that adds the next ask (read by itself)
    (
        "chat",
        re.compile(
            r"(?:^|(?<=[.!?;\n])|(?<=[.!?;]\s))\s*\b(?:oh|ah|ooh)\b(?=\s*,?\s+(?:and|also|btw"
            r"|one\s+more\s+thing)\b)",
            ICASE,
        ),
    ),
    # "the tablet double-submits (ugh)", "(sigh)", "(don't ask)": an interjection in parentheses
    ("chat", INTERJECTION),
    # "(the POS retries, classic)": one closing an aside
    ("chat", TRAILING_INTERJECTION),
    # "(ugh, retries)": one opening an aside
    ("chat", LEADING_INTERJECTION),
    (
        "hedge",
        re.compile(
            r",?\s*\b(?:if\s+(?:that'?s|that\s+is|it'?s|it\s+is|this\s+is)\s+(?:possible|ok|okay"
            r"|doable|feasible|not\s+too\s+much\s+trouble)|if\s+possible|if\s+you\s+can|if\s+(?:that|it)\s+helps"
            r"|when\s+you\s+(?:get|have)\s+a\s+(?:chance|sec|second|minute|moment)|no\s+rush)"
            r"(?=\s*(?:[.!?,;]|$))",
            ICASE,
        ),
    ),
    (
        # "No rush, before the weekend would be great.", "By Friday would be nice.": when the
        # sender would like the pipeline, a sentence (or the clause after "no rush,") of its own;
        # never after a step ("keep scans before the weekend would be great" stays unread)
        "hedge",
        re.compile(
            r"(?:^|(?<=[.!?;]\s)|(?<=rush,\s)|(?<=hurry,\s))\s*(?:(?:ideally|hopefully)\s+)?"
            r"(?:before|by)\s+(?:the\s+)?(?:weekend|end\s+of\s+(?:the\s+)?(?:week|month|sprint)"
            r"|(?:mon|tues|wednes|thurs|fri)day|next\s+week)\s+would\s+be\s+(?:great|nice|ideal"
            r"|perfect|awesome|lovely|amazing)(?=\s*(?:[.!?;]|$))",
            ICASE,
        ),
    ),
    (
        # "print it to stdout while we're testing": the stdout sink is built; when it is dropped
        # is the sender's (listed)
        "situation",
        re.compile(
            r"\s*\b(?:(?:too\s+|as\s+well\s+)?(?:for\s+now\s+)?while\s+(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:still\s+)?"
            r"(?:testing|debugging|trying\s+it\s+out|developing|in\s+dev)(?:\s+it)?"
            # "print it to stdout too while we test" ("also printed to stdout while we trial it",
            # "while we pilot it")
            r"|(?:too\s+|as\s+well\s+)?(?:for\s+now\s+)?while\s+(?:we|i)\s+(?:still\s+)?(?:test|debug"
            r"|trial|pilot|try\s+it\s+out)(?:\s+it)?"
            # "print to stdout also, it is for debugging in first weeks"
            r"|(?:it\s+is|it's|this\s+is)\s+(?:just\s+|only\s+)?for\s+(?:debugging|testing)"
            r"(?:\s+(?:in|for|during)\s+(?:the\s+)?(?:first|early|initial)\s+(?:few\s+)?(?:days|weeks"
            r"|months)|\s+for\s+now)?)"
            r"(?=\s*(?:[.!?,;]|$)|\s+and\s)",
            ICASE,
        ),
    ),
    (
        # "Debezium is already running with server name x": when it was set up, no step
        "situation",
        re.compile(
            r"(?<=\s)already(?=\s+(?:running|set\s+up|configured|deployed|in\s+place|live)\b)",
            ICASE,
        ),
    ),
    (
        "opener",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:so\s+)?(?:what\s+(?:i'?d|we'?d|i\s+would|we\s+would)\s+"
            r"(?:love|like)(?:\s+is)?|what\s+(?:i|we)\s+(?:want|need)(?:\s+is)?|the\s+(?:idea|plan)"
            r"(?:\s+is)?|ideally"
            # "@here quick one for the messaging team:": who it is for, then the ask
            # ("Small request from the agronomy folks:")
            r"|(?:@(?:here|channel|team)\s+)?(?:quick|small|tiny|little)\s+(?:one|1|question|ask"
            r"|request|favou?r)(?P<team>\s+(?:for|from)\s+"
            # ("quick ask from the yard crew —")
            r"(?:the|our)\s+(?:[a-z][a-z-]*\s+){1,2}?(?:team|folks|people|squad|crew|staff|office"
            r"|desk))?"
            # ("hey! quick one for the billing desk :) can you read ...": the emoji gone, the
            # question asking for the pipeline ends the opener as a colon does)
            r"(?P<asks>(?=\s+(?:can|could|would)\s+(?:you|u|we|someone|somebody|anyone)\s))?"
            r"(?(team)|(?(asks)|(?!)))"
            # "quick debug pipeline:", "a throwaway test job:", "Debug request:": what kind of
            # pipeline it is
            r"|(?:an?\s+)?(?:(?:quick|small|simple|tiny|little|temporary)\s+)?(?:(?:debug|debugging"
            r"|test|testing|throwaway|demo|scratch)\s+){1,2}(?:pipeline|job|consumer|processor"
            r"|request|ask))"
            r"(?(asks)|\s*(?::|[\u2013\u2014]|\s-\s))",
            ICASE,
        ),
    ),
]
# A team the sender belongs to ("the data platform team"): lower-case words only, never a code.
_TEAM = (
    r"(?:the\s+|our\s+|this\s+)?(?:(?-i:[a-z][a-z-]*)\s+){0,3}?(?:team|squad|group|department"
    r"|company)(?:\s+here)?"
)
# "my first task is a small one", "this is my first ticket here"
_FIRST_TASK = (
    r"(?:this\s+is\s+my\s+first\s+(?:task|ticket|request|post)(?:\s+here)?|my\s+first\s+(?:task"
    r"|ticket|request)\s+is\s+(?:a\s+)?(?:small|simple|quick|easy)(?:\s+one)?)"
)
BACKGROUND += [
    (
        # "Long time no see.", "Hope the new office is nice.", "Anyway:", "Just testing the
        # pipeline generator, feel free to ignore.": pleasantries around the ask, whole
        # sentences of fixed words (the one free word, "the new office", is told how it is)
        "chat",
        re.compile(
            r"(?:(?<=^)|(?<=[.!?;,]\s)|(?<=[.!?]))\s*(?:long\s+time\s+no\s+(?:see|talk)"
            r"|(?:i\s+)?hope\s+(?:you(?:'re|\s+are)?|you\s+all|all|everyone|everything|the\s+new\s+"
            r"[a-z]+|your\s+(?:new\s+)?[a-z]+)(?:\s+is\s+|\s+are\s+|'s\s+|\s+)(?:well|good|great|nice|fine"
            r"|doing\s+well|going\s+well|had\s+a\s+(?:good|great|nice)\s+(?:weekend|break|holiday"
            r"|vacation))"
            # "Hope the weekend market went well!", "hope your launch is going great": how a
            # thing of theirs went, told whole (a plain word or three, then how it went)
            r"|(?:i\s+)?hope\s+(?:the|your|our)\s+(?:(?-i:[a-z]+)\s+){1,3}?(?:went|goes|is\s+going"
            r"|are\s+going|was|were)\s+(?:really\s+|very\s+)?(?:well|great|smoothly|fine|ok(?:ay)?)"
            r"|anyway|anyhow|so\s+anyway"
            r"|(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+)?(?:just\s+)?(?:testing|trying(?:\s+out)?)\s+"
            r"(?:the|this)\s+(?:pipeline\s+)?(?:generator|tool)"
            r"|feel\s+free\s+to\s+ignore(?:\s+(?:this|it|me))?"
            r"|happy\s+to\s+(?:jump|hop|get)\s+on\s+a\s+(?:quick\s+)?call(?:\s+if\s+(?:that|it)\s+helps)?"
            r"|we(?:'ve|\s+have)\s+been\s+burned\s+by\s+this\s+before"
            # "(The union rep asked for this, long story.)", "Don't ask, it's a long story."
            r"|(?:(?:don'?t|do\s+not)\s+ask\s*,\s*)?(?:it'?s\s+a\s+|it\s+is\s+a\s+)?long\s+story"
            r"(?!\s+short)"
            # "I'm new on the data platform team and my first task is a small one.", "I just
            # joined the analytics team.", "This is my first ticket here.": who the sender is
            rf"|(?:(?:i'?m|i\s+am)\s+(?:(?:quite|pretty|fairly)\s+)?new\s+(?:on|in|to)\s+{_TEAM}"
            rf"|i(?:'ve|\s+have)?\s+(?:just\s+|recently\s+)?joined\s+{_TEAM}"
            r"|(?:i'?m|i\s+am)\s+the\s+new\s+(?:(?-i:[a-z]+)\s+){0,2}?(?:engineer|analyst|developer"
            rf"|hire|person)(?:\s+(?:on|in)\s+{_TEAM})?)(?:\s*,?\s+and\s+{_FIRST_TASK})?"
            rf"|{_FIRST_TASK}"
            # "Bar manager here :beers:", "Hi, data person here.": who the sender is, by role
            rf"|(?:(?-i:[A-Za-z][a-z]+)\s+){{0,2}}?{ROLE_NOUNS}\s+here)"
            # (the emoji after "here" gone: "Bar manager here :beers: we'd like ...")
            r"(?=\s*(?:[.!?,;:]|$)|(?<=\shere)\s+(?:we|i)(?:'d|\s+would|\s+need|\s+want)\b)",
            ICASE,
        ),
    ),
    (
        # "Thanks in advance, really appreciate it!": a sign-off
        "sign-off",
        re.compile(
            r"(?:(?<=\s)|(?<=^)|(?<=[,.!?;]))\s*(?:(?:thanks|thank\s+you|thx|ty)\s+in\s+advance"
            r"|(?:(?:i|we)\s+)?(?:really|truly|greatly|much|very\s+much)\s+appreciate(?:d)?"
            r"(?:\s+(?:it|this|the\s+help))?"
            # "Thanks, Anna from the data team" closing the request: who signs it
            r"|(?<=[.!?]\s)(?:thanks|thank\s+you|cheers|best|regards|thx)\s*,?\s+(?-i:[A-Z][a-z]+)"
            r"\s+from\s+(?:the\s+)?(?:(?-i:[a-z]+)\s+){1,2}?(?:team|squad|department)(?=\s*[.!]?\s*$)"
            r")(?=\s*(?:[.!,;]|$))",
            ICASE,
        ),
    ),
    (
        # "Race engineers want it before the weekend.", "Needed by Friday.", "Urgent!", "No
        # hard deadline.": when the sender wants the pipeline, a whole sentence about "it" (a
        # sentence about records, "keep events before the weekend", "want them before the
        # weekend", is no such sentence)
        "deadline",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:(?:(?:we|they|i)|(?:the|our)?\s*(?:[a-z][\w-]*\s+){0,2}?"
            r"(?:team|folks|people|engineers|analysts|managers|ops|staff|crew|board|desk))\s+"
            r"(?:would\s+like|'d\s+like|want|wants|need|needs)\s+(?:it|this)(?:\s+live)?"
            r"|(?:it(?:'s|\s+is)\s+|this\s+is\s+)?(?:needed|wanted|required)"
            r"|(?:ideally\s+)?(?:live|ready|running|done))"
            rf"\s+(?:by|before)\s+{_WHEN}"
            r"|(?:^|(?<=[.!?;]\s))\s*(?:(?:quite\s+|fairly\s+|somewhat\s+)?urgent|no\s+(?:hard\s+|fixed"
            r"\s+|real\s+)?deadline)"
            r"\s*(?:[.!:]+(?=\s|$)|$)",
            ICASE,
        ),
    ),
    (
        # "Per request from the head of maintenance:", "As per the fleet team's ask,": who asked
        # follows (read by the purpose rule); "per" is no group-by there
        "opener",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:as\s+)?per\s+(?:(?:the|a|your|their|our)\s+)?(?:request|ask)"
            r"(?=\s+(?:of|from|by)\s)"
            r"|(?:^|(?<=[.!?;]\s))\s*as\s+per(?=\s+(?:the|our|your|their|a)\s+(?:[\w-]+\s+){0,3}?"
            r"[\w-]+'s?\s+(?:request|ask)\s*[:,])",
            ICASE,
        ),
    ),
    (
        # "Is there a way to read topic x ...?": a question leading the ask
        "question",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*is\s+there\s+(?:a|any)\s+(?:way|chance)\s+(?:to|(?:we|i|you)"
            r"\s+(?:can|could))(?=\s)",
            ICASE,
        ),
    ),
    (
        # "This is a first version, we'll iterate.", "It's a pilot.": what stage the work is at
        "situation",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:this|it)(?:'s|\s+is)\s+(?:just\s+|only\s+)?(?:a|an|the)\s+"
            r"(?:(?:first|initial|rough)\s+(?:version|cut|draft|pass|iteration|attempt)|pilot"
            r"|prototype|mvp|experiment|trial)"
            r"(?:\s*,\s*(?:we|i)(?:'ll|\s+will)\s+(?:iterate|improve\s+it|refine\s+it))?\s*[.!]"
            r"(?=\s|$)",
            ICASE,
        ),
    ),
    (
        # "Bike sharing — we're a small team of three.", "We are a team of 4 engineers.": who
        # sends the request, a whole sentence or the last clause (people, never records)
        "situation",
        re.compile(
            r"(?:^|(?<=[.!?;,\u2013\u2014]\s)|(?<=-\s))\s*(?:we'?re|we\s+are)\s+(?:a\s+|an\s+)?"
            r"(?:(?:small|tiny|lean|little)\s+)?team\s+of\s+(?:\d{1,2}|two|three|four|five|six"
            r"|seven|eight|nine|ten|a\s+few)(?:\s+(?:people|engineers|developers|analysts|devs))?"
            r"(?=\s*(?:[.!;]|$))",
            ICASE,
        ),
    ),
    (
        # "Even a simple version would be great.", "A rough first cut is fine.", "It doesn't
        # need to be fancy.": how much the sender expects, a whole sentence of fixed words (a
        # version that says what it does, "a simple version that only keeps ...", is none), or
        # its last clause (", so even a simple version would be great.")
        "hedge",
        re.compile(
            r"(?:^|(?<=[.!?;]\s)|(?<=,\s)(?=so\s))\s*(?:so\s+)?(?:(?:even\s+)?(?:a|an|the)\s+(?:(?:very|really|quick)\s+)?"
            r"(?:simple|basic|rough|minimal|bare-bones|barebones|quick|first|crude|simple\s+first"
            r"|rough\s+first|quick\s+and\s+dirty)\s+(?:version|cut|draft|pass|setup|solution"
            r"|implementation)(?:\s+of\s+(?:this|it))?\s+(?:would\s+be|is|will\s+be)\s+"
            r"(?:(?:totally|perfectly|absolutely)\s+)?(?:great|fine|ok|okay|enough|perfect|helpful"
            r"|awesome|a\s+(?:great|good)\s+start)"
            r"|(?:even\s+)?(?:a|an|the)\s+(?:simple|basic|rough|minimal|quick|first)\s+(?:version"
            r"|cut|draft)\s+(?:would|will)\s+(?:help|do)(?:\s+a\s+lot)?"
            r"|(?:it\s+)?(?:does\s+not|doesn't|need\s+not|needn't)\s+(?:need\s+to\s+|have\s+to\s+)?be"
            r"\s+(?:fancy|perfect|pretty|elegant))"
            r"(?:\s*,\s*(?:we|i)(?:'ll|\s+will|\s+can)\s+(?:iterate|improve\s+it|refine\s+it)(?:\s+later)?)?"
            r"\s*(?:[.!:]+(?=\s|$)|$)",
            ICASE,
        ),
    ),
]
# "it's been on the backlog forever", "this has sat on our wishlist for months", "we've wanted
# this for ages", "long overdue": how long the ask has waited, said of "it"/"this" (the
# pipeline) or the backlog; no record, value or step (a time there is the wait's, no window)
_WAITED = (
    r"(?:for\s+(?:ages|ever|a\s+(?:long\s+)?while|(?:many\s+|several\s+|a\s+few\s+)?(?:weeks"
    r"|months|years|sprints|quarters))|forev\w*|since\s+forever)"
)
BACKGROUND.append(
    (
        "situation",
        re.compile(
            r"(?:^|(?<=[.!?;,(]\s)|(?<=[.!?;,(]))\s*(?:(?:and|but|so)\s+)?"
            r"(?:(?:(?:it|this|that)(?:'s|\s+is|\s+has|\s+was)\s+(?:been\s+)?|(?:it|this|that)\s+"
            r"(?:has\s+)?(?:sat|sitting)\s+|been\s+)?(?:sitting\s+|stuck\s+)?on\s+(?:the|our|my"
            r"|their|a)\s+(?:(?-i:[a-z]+)\s+)?(?:backlog|wish\s*list|to-?do\s+list|roadmap)\s+"
            rf"{_WAITED}"
            r"|(?:we|i|they)(?:'ve|\s+have)\s+(?:wanted|been\s+wanting|needed|been\s+needing"
            rf"|been\s+asking\s+for|been\s+waiting\s+for)\s+(?:this|it)\s+{_WAITED}"
            r"|(?:(?:it|this)(?:'s|\s+is)\s+)?(?:long|way)\s+overdue)"
            r"(?=\s*(?:[.!?,;)]|$))",
            ICASE,
        ),
    )
)
# "Need a small job for the climate sensors:", "We'd like a quick little pipeline for the
# kilns:": how big the ask is, a singular job or pipeline (its article says it is the ask,
# never records: "small jobs" stays a selection), then who or what it is for (read by the
# purpose rule)
BACKGROUND.append(
    (
        "opener",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:(?:we|i)(?:'d|\s+would)?\s+)?(?:need|want|like|would\s+like)"
            r"\s+(?:a|an|one)\s+(?:(?:quick|small|simple|tiny|little|short|easy)\s+){1,2}"
            r"(?:job|pipeline|consumer|processor|script|stream\s+job)(?=\s+for\s)",
            ICASE,
        ),
    )
)
# "Temporary, remove after the season.", "Throwaway job, we'll delete it after the demo.": how
# long the pipeline lives, a sentence of its own (no object but "it"/"this"/"the job": "remove
# rows after the season" is a step)
BACKGROUND.append(
    (
        "situation",
        re.compile(
            r"(?:^|(?<=[.!?;]\s))\s*(?:(?:it's|it\s+is|this\s+is)\s+)?(?:just\s+)?(?:a\s+)?"
            r"(?:temporary|throwaway|throw-away|short-lived|one-off)(?:\s+(?:job|pipeline|thing|setup))?"
            r"(?:\s*[,;\u2013\u2014-]\s*(?:(?:we|i)(?:'ll|\s+will|\s+can)\s+)?(?:(?:remove|delete|kill"
            r"|drop|retire|decommission|turn\s+off|switch\s+off|shut\s+down|tear\s+down)"
            r"(?:\s+(?:it|this|the\s+(?:job|pipeline)))?|(?:turn|switch|shut)\s+(?:it|this)\s+(?:off"
            r"|down))\s+(?:after|at\s+the\s+end\s+of|once)\s+"
            r"(?:the|this)\s+(?:season|demo|pilot|trial|event|festival|launch|migration|audit"
            r"|project|test\s+phase|campaign|tournament|conference|sprint))?\s*(?:[.!]+(?=\s|$)|$)",
            ICASE,
        ),
    )
)
BACKGROUND.append(
    (
        # "We are receiving the booking cancellations in topic cancellations.": who gets the
        # records, leading the words the sources read (left unread, refused, when they do not)
        "opener",
        re.compile(
            r"(?:^|(?<=[.!?]\s))\s*(?:(?:we|i)(?:'re|\s+are|'m|\s+am)\s+(?:already\s+)?(?:receiving"
            r"|getting|collecting)|(?:we|i)\s+(?:already\s+)?(?:get|receive|collect))"
            # ("We get security logs in topic firewall-logs.")
            r"(?=\s+(?:(?:the|all|our|all\s+the)\s+)?(?:[a-z][\w-]*\s+){1,3}?(?:in|on"
            r"|into|through|via)\s+(?:the\s+)?(?:kafka\s+)?topic\s)",
            ICASE,
        ),
    )
)
# "Requirements for playback events pipeline:": a header line naming the list of asks below;
# its words ("playback events") must all be said again by the asks (checked by the caller), so
# "Requirements for EU orders pipeline:" over a topic orders is left unread.
HEADER = re.compile(
    r"^\s*(?:(?:the|our)\s+)?(?:requirements|reqs|spec|specs|specification|details|acceptance"
    r"\s+criteria|asks?|todo|to-do|tasks?)\s+(?:for|of)\s+(?:the\s+|our\s+|a\s+|an\s+|new\s+)?"
    r"(?P<w>(?:[a-z][\w-]*\s+){0,3}?)(?:pipeline|job|stream|streaming\s+job|feed|flow|processor)"
    r"\s*:",
    ICASE,
)
# "Tuning check on carillon.tuning_measurements: ...": a title naming the kind of check, then the
# source it runs on and a colon; its words must all be said again (the topic's name says
# "tuning"; checked by the caller), so "EU check on shop.orders:" is left unread.
TITLE_ON_SOURCE = re.compile(
    r"^\s*(?P<w>(?:[A-Za-z][\w-]*\s+){1,3}?)(?:check|report|audit|review|feed|monitor)\s+"
    r"(?=(?:on|of|for)\s+(?:(?:kafka\s+)?topic\s+)?[A-Za-z][\w-]*[._-][\w.-]*\w\s*:)",
    ICASE,
)
# "Service team wants wax info on every ski test: read ...": who asks and what they want to
# know of each record, a header over the asks; its words ("wax", "ski test") must all be said
# again by the asks (checked by the caller), so "Ops team wants refund info:" over a topic
# orders is left unread.
WANTS_HEADER = re.compile(
    r"^\s*(?:(?:the|our)\s+)?(?P<who>(?:[a-z][\w-]*\s+){0,2}?)(?:team|desk|crew|office)\s+"
    r"(?:wants?|needs?|would\s+like)\s+(?P<w>(?:[a-z][\w-]*\s+){1,3}?)(?:info|information"
    r"|details)(?:\s+(?:on|for|about)\s+(?:every|each|all(?:\s+the)?)\s+"
    r"(?P<n>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*))?\s*:",
    ICASE,
)
# "Plant room request:", "Hey! Harvest desk request:", "Front-of-house ask -", "Audience award
# desk:", "For the front desk:", "Quick one from the curation side:", "Match-day dashboard:": the
# workplace unit asking (or the screen the output is for), opening the request; every word must
# be a plain word (no step word, qualifier, code or number), and the last one a work unit
# (WORK_UNIT_NOUNS, OUTPUT_NOUNS) or, before "request", each said again by the asks ("Refund
# request:" over a topic refunds), so a word that could select is never dropped.
# ("Quick one from the robot barn.": after "quick one from/for" a sentence of its own too)
UNIT_REQUEST = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?:(?P<lead>(?:quick|small|tiny|little)\s+(?:one|1|ask|request|question)"
    r"\s+(?:from|for)\s+)|for\s+)?(?:(?:the|our)\s+)?"
    r"(?P<w>(?:[A-Za-z][a-z-]*\s+){0,2}?[A-Za-z][a-z-]*)(?:\s+(?P<ask>request|ask|question))?"
    r"\s*(?::|[\u2013\u2014]|\s-\s|(?(lead)[.!](?=\s|$)|(?!)))",
    ICASE,
)


def _restated(said: str, text: str, m: re.Match[str], qualifies: bool = True) -> bool:
    """Every word of `said`, a header's words (match `m` of `text`), is said again elsewhere
    in the request and is no step word or (when it `qualifies` a noun) qualifier: the header
    adds nothing to read."""
    rest = (text[: m.start()] + " " + text[m.end() :]).lower()
    # ("elevators" said again as "elevator-events"; "Laser-tag again" as lasertag.x, the
    # compound written as one word)
    words = [w.removesuffix("s") if len(w) > 4 else w for w in said.split()]
    return all(
        (
            re.search(rf"(?<![a-z]){re.escape(w.lower())}", rest)
            and not STEP_WORDS.search(w)
            and not (qualifies and QUALIFIER.search(w))
        )
        or _joined_in_name(w, rest)
        for w in words
    )


def _place_name(word: str, m: re.Match[str], i: int) -> bool:
    """`word`, the i-th of a UNIT_REQUEST label, is a capitalised name said mid-sentence (after
    "For the", or not the label's first word) that is no tool or department, and the rest of
    the request does not say it again: "For the Berlin dashboard:" may mean city = 'Berlin'."""
    if not re.fullmatch(r"[A-Z][a-z]{2,}", word) or word.lower() in NOT_A_PLACE:
        return False
    if i == 0 and not m.string[m.start() : m.start("w")].strip():
        return False  # ("Match-day dashboard:", "Plant room request:": the sentence's first word)
    rest = m.string[: m.start()] + " " + m.string[m.end() :]
    return word.lower() not in rest.lower()


# What a label names the output by ("Match-day dashboard:"): who looks at it, no step.
OUTPUT_NOUNS = word_set("dashboard dashboards board wallboard screen screens")
# "@data-eng elevators again :sweat_smile: the controllers ...": what the chat is about, again,
# opening the request (its word said again by the asks: the topic elevator-events)
TOPIC_AGAIN = re.compile(r"^\s*(?P<w>[a-z][a-z-]*)\s+again\b(?:\s*[.!:,;-])?", ICASE)


def _joined_in_name(word: str, rest: str) -> bool:
    """`word` is a compound ("laser-tag") written as one word in a name of `rest`
    (lasertag.vest_status): the subject the topic is named after, no step ("tag")."""
    joined = word.lower().replace("-", "")
    return "-" in word and re.search(rf"(?<![a-z]){re.escape(joined)}[._-]", rest) is not None


# "We'll hook up alerts on that later.", "FYI we will add more filters later.": a step the
# sender means to add later, not now (a value in it, "a filter on amount > 100 later", is an
# ask said too soon: left unread, refused)
LATER = re.compile(
    # ("Console for now, we'll hook up a real sink later.": after a comma, or after the screen
    # named as the sink for now, "for now," being read already)
    r"(?:^|(?<=[.!?;,]\s)|(?<=stdout\s)|(?<=console\s)|(?<=terminal\s)|(?<=screen\s))\s*(?:(?:fyi|btw|note)\s*[:,]?\s+)?(?:we|i)(?:'ll|\s+will"
    r"|\s+might|\s+may|\s+plan\s+to|\s+want\s+to)\s+(?:probably\s+)?(?:add|hook\s+up|wire\s+up"
    r"|set\s+up|layer|bolt\s+on|extend\s+it|build|pick|choose|plug\s+in|swap\s+in"
    # ("we'll wire it into payroll later": where the output goes next, not built now)
    r"|(?:wire|hook|plug|connect|pipe|feed)(?=\s+(?:it|this|that|them)\s+(?:up\s+)?(?:in)?to\s))\b"
    r"(?P<what>[^.!?;\n]{0,60}?)\s+(?:later(?:\s+on)?"
    # ("we will pick a proper sink once the numbers look right": when, never a condition)
    r"|once\s+(?:the\s+)?(?:numbers|figures|results|output|data)\s+(?:look|looks)\s+"
    r"(?:right|good|ok|sane|plausible)"
    r"|in\s+a\s+(?:later|second|next)\s+(?:step|phase|iteration|version)|next\s+(?:sprint|week"
    r"|month|quarter)|down\s+the\s+(?:road|line))"
    # (a list's last item, or a request, often ends with no full stop)
    r"\s*(?:[.!](?=\s|$)|$|(?=[;\n]))",
    ICASE,
)
# "and to stdout so I can eyeball it during the rollout", "also print them to stdout while we
# tune the threshold": how long the sender wants the debug output (read only after a stdout or
# print in the same sentence; the sink is built, when it is dropped is the sender's).
WHILE_WATCHING = re.compile(
    r",?\s*\b(?:during\s+the\s+(?:(?:soft|grand)\s+opening|rollout|roll-out|pilot|trial|migration|launch|cutover"
    r"|test(?:ing)?\s+phase|first\s+(?:few\s+)?(?:days|weeks))"
    r"|while\s+(?:we|i)(?:'re|\s+are|'m|\s+am)?\s+(?:still\s+)?(?:tune|tuning|calibrate|calibrating"
    r"|tweak|tweaking|validate|validating|roll\s+(?:it\s+)?out|rolling\s+(?:it\s+)?out)"
    r"(?:\s+(?:it|this|things|the\s+(?:threshold|thresholds|numbers|rules?|settings|limits?"
    r"|logic|pipeline)))?"
    # "Output please to stdout, it is for testing only."
    r"|(?:it|this|that)(?:'s|\s+is)\s+(?:just\s+|only\s+)?for\s+(?:testing|debugging|a\s+test"
    r"|a\s+demo|dev|development|now)(?:\s+only|\s+purposes)?)(?=\s*(?:[.!?,;)]|$))",
    ICASE,
)
# "Just print to stdout for now, its a prototype.", "Output to stdout, we're just testing the
# waters before we give it a real table.", "I only want to eyeball it before we build anything
# proper.": what stage the work is at, after a debug sink said before it (checked by the
# caller); the work may be deferred ("before we give it a real table"), never with a name, a
# value or a step of its own.
TRIAL_REMARK = re.compile(
    # (after the screen named as the sink, its "for now," read and taken out already)
    # ("Console output is fine for now, we're testing": after the sink said enough)
    # ("print them to stdout - we're testing": after a dash too)
    r"(?:^|(?<=[.!?;,]\s)|(?<=\s[-\u2013\u2014]\s)|(?<=stdout\s)|(?<=console\s)|(?<=terminal\s)"
    r"|(?<=\bfine\s)|(?<=\benough\s))\s*(?:(?:so|but|and|as|since|because)\s+)?"
    r"(?:(?:(?:this|it|that)(?:'s|\s+is)|its)\s+(?:just\s+|only\s+|still\s+)?(?:a|an)\s+"
    r"(?:(?:quick|rough|first|early|little|small)\s+)?(?:prototype|pilot|poc|proof[\s-]of[\s-]concept"
    r"|experiment|trial|demo|test\s+run|dry\s+run|spike)"
    r"|(?:we|i)(?:'re|\s+are|'m|\s+am)\s+(?:just\s+|only\s+|still\s+)?(?:testing\s+the\s+waters"
    # "we're testing", "we're still testing the scales": what is being tried out, one plain
    # word at most (the debug sink said before it)
    r"|testing(?:\s+(?:it|this|things|(?:the|our)\s+[a-z]+))?"
    r"|trying\s+(?:it|this|things)\s+out|(?:experimenting|exploring|prototyping)"
    # ("we're still exploring the data", "we're just eyeballing the numbers")
    r"(?:\s+(?:with\s+)?(?:the|its|our)\s+(?:numbers|results|output|figures|data|values))?"
    r"|playing\s+around(?:\s+with\s+it)?"
    # ("just print it for now, we're still deciding where it lives", "... still figuring out
    # what we want from it": where the output goes or what it is for, not settled yet)
    r"|(?:deciding|figuring\s+out|working\s+out|thinking\s+about)\s+(?:where\s+(?:it|this"
    r"|they|the\s+(?:output|results))\s+(?:lives?|goes?|should\s+(?:live|go)|will\s+(?:live|go)"
    r"|ends?\s+up)|what\s+(?:we|i)\s+(?:want|need)\s+(?:from|out\s+of)\s+(?:it|this|them)"
    r"|what\s+to\s+do\s+with\s+(?:it|this|them|the\s+(?:output|results)))"
    # ("print to stdout for now, we're just poking at it")
    r"|poking\s+(?:at|around(?:\s+(?:in|with))?)\s+(?:it|this|them|the\s+(?:data|numbers|output))"
    # ("print to stdout for now, we're still checking the figures": the screen while checking)
    r"|(?:validating|checking|verifying|double[\s-]checking|sanity[\s-]checking|eyeballing"
    r"|looking\s+at)\s+(?:the|its|our)"
    r"\s+(?:numbers|results|output|figures|data|values|logic))"
    # ("stdout is fine for now, just want to look at the numbers": a chat's, its subject left
    # out)
    r"|(?:only|just)\s+(?:want|need|wanted)\s+to\s+(?:eyeball|see|look\s+at|watch"
    r"|sanity[\s-]check)\s+(?:it|this|(?:the\s+)?(?:output|results|numbers|data))"
    # ("send it to stdout so I can eyeball it before we wire up a real table")
    # ("as I'd like to watch it for a day before we wire up the dashboard": a trial period)
    r"|(?:we|i)(?:\s+(?:only\s+|just\s+)?(?:(?:want|need|wanted)\s+to|can)|(?:'d|\s+would)\s+"
    r"(?:only\s+|just\s+)?like\s+to)\s+(?:eyeball|see|look\s+at|watch|monitor"
    r"|sanity[\s-]check|try)\s+(?:it|this|(?:the\s+)?(?:output|results|numbers|data))(?:\s+first)?"
    r"(?:\s+for\s+(?:a|one|1)\s+(?:day|week|while|bit)|\s+for\s+a\s+(?:few|couple\s+of)\s+(?:days"
    r"|weeks))?)"
    r"(?:\s*,?\s+(?:before|until)\s+(?:we|i)\s+(?:give\s+it|build|set\s+up|wire\s+up|pick|choose"
    r"|get|have|commit\s+to|move\s+to|make)\s+(?:(?:anything|something)(?:\s+(?:real|proper"
    r"|permanent|serious|fancy))?|(?:a|an|the)\s+(?:(?:real|proper|permanent|production|final"
    r"|serious|actual)\s+)?(?:table|sink|database|store|pipeline|thing|version|setup|destination"
    r"|home|one|job|solution|dashboard|board|app)))?"
    r"(?=\s*(?:[.!]|$))",
    ICASE,
)
# "Exactly-once: HR will act on every flag.": why each record must go out once, right after
# the words asking for it (read before the group-by could take "every flag").
ACTS_ON_EACH = re.compile(
    r"\bexactly[\s-]once(?:\s+(?:delivery|semantics|processing))?(?:\s+please)?\s*[:,;\u2013\u2014-]\s*"
    r"(?P<w>(?:(?:since|because|as)\s+)?(?:(?:the|our)\s+)?[A-Za-z]+(?:\s+(?:team|folks|people"
    r"|desk))?\s+(?:will|would|must|do|does)\s+(?:act|react)\s+on\s+(?:every|each|all(?:\s+the)?)\s+"
    r"(?:one|single\s+one|flags?|alerts?|records?|messages?|rows?|events?|results?)"
    # "exactly-once: a duplicated telecommand is a real risk for the spacecraft": what a repeat
    # would cost, in plain words
    r"|(?:(?:since|because|as)\s+)?(?:a|any|one)\s+(?:duplicated?|double|doubled|repeated)\s+"
    r"(?:[a-z]+\s+)?[a-z]+\s+(?:is|would\s+be|could\s+be|can\s+be)\s+(?:a\s+)?(?:(?:real|serious"
    r"|big|major|safety)\s+)?(?:risk|danger|hazard|problem|disaster)(?:\s+(?:for|to)\s+(?:the"
    r"|our)\s+(?:[a-z]+\s+)?[a-z]+)?)"
    r"(?=\s*(?:[.!;]|$))",
    ICASE,
)
_DEBUG_SINK = re.compile(r"\b(?:stdout|console|terminal|print\w*|eyeball\w*)\b", ICASE)
# "(each one has router_id, rtt_ms and a timestamp)": what the records carry, said of the
# source; a list of field names (and "a timestamp"), no step. Not a projection: the records are
# not cut to these fields, and a field it names that the pipeline does not use changes nothing.
_FIELD_ITEM = FIELD_ITEM
FIELDS_ASIDE = re.compile(
    r"\(\s*(?:each|every)\s+(?:one|1|record|message|event|reading|row|sample|probe|result)\s+"
    r"(?:has|carries|contains|includes|comes\s+with|holds)\s+"
    rf"(?P<f>{_FIELD_ITEM}(?:\s*,\s*{_FIELD_ITEM})*(?:\s*,?\s+and\s+{_FIELD_ITEM})?)\s*\)",
)

# "..., and it already includes days_late.": the same said as a clause ending its sentence
# ("already": "keep orders over 5, and they have a coupon_id" may be one more condition)
FIELDS_CLAUSE = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:it|they|each\s+(?:one|record|message|event)|every\s+(?:record|message"
    r"|event))\s+already\s+(?:has|have|carries|carry|contains|contain|includes|include"
    rf"|comes\s+with|come\s+with)\s+(?:the\s+)?(?:fields?\s+)?(?P<f>{_FIELD_ITEM}(?:\s*,\s*"
    rf"{_FIELD_ITEM})*(?:\s*,?\s+and\s+{_FIELD_ITEM})?)(?:\s+fields?)?(?=\s*[.;!]|\s*$)",
)

# "Source topic: filler-events (one message per bottle)": what one record is, right after the
# source's name; never a group-by or a dedup.
RECORD_ASIDE = re.compile(
    r"\b(?:topic|source|stream)(?P<pre>\s*:?\s*[\"'`]?[A-Za-z][\w.-]*[\"'`]?\s*)"
    # ("(one JSON per sensor reading)": the format for the record)
    r"(?P<a>\(\s*(?:one|1|a|an)\s+(?:(?:json|avro|protobuf)(?:\s+(?:message|record|event|object"
    r"|document|payload))?|message|record|event|row|reading|line)\s+(?:per|for\s+each"
    # ("(one record per finished glazing job)": up to two words before the noun)
    r"|for\s+every|each)\s+(?:[a-z]+\s+){0,2}[a-z]+\s*\))",
    ICASE,
)
# "Source: fair.ride_faults (PLC fault events from every ride controller)": what the records
# are and who sends them, right after the source's name; every producer ("every", "each",
# "all"), so it selects none of them, and the records' words are said by the topic's name or
# are record nouns (checked by the caller: "(fault events ...)" on topic "alarms" may select).
PRODUCER_ASIDE = re.compile(
    r"\b(?:topic|source|stream|from|read|consume)\s*:?\s*(?P<q>[\"'`]?)(?P<n>[A-Za-z][\w.-]*)(?P=q)\s*"
    r"(?P<a>\(\s*(?P<r>(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)\s+(?:from|sent\s+by|by)\s+"
    r"(?:every|each|all(?:\s+(?:the|our))?)\s+(?P<p>(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*)"
    r"\s*\))",
    ICASE,
)
# the nouns a producer aside may call a record by, whatever the topic, singular or plural
# (presence.RECORD_NOUNS is another list: the plural nouns, domain ones too, that are never a
# field a number is compared with)
PRODUCED_NOUNS = word_set(
    """event events message messages record records reading readings ping pings scan scans
    alarm alarms alert alerts report reports log logs entry entries update updates sample
    samples measurement measurements tick ticks tap taps swipe swipes"""
)
# "We operate six harbour ferries and want a live map for the passenger app.": how many things
# the sender runs (a whole sentence), maybe with what they want to look at; no threshold, no
# window, no top-N. The nouns are checked to hold no pipeline word ("3 topics", "5 tables").
# Also who runs them ("The city's environment office runs two networks of air sensors, one
# publishing to ...", "We're a small farm co-op running 14 greenhouses with climate sensors, all
# reporting into ...": the clause after the comma is left to the recognisers), where they are
# ("Our school district put CO2 sensors in 300 classrooms.") and the old process a team still
# follows ("We manage about 4,000 rental units and the collections team still chases late rent
# from a spreadsheet."; a word of it that may select records must be said again). Who the sender
# is, with a count: "Hello, we are bakery with 6 ovens.", "We're a chain of 14 salons.", "Pet
# grooming chain (14 salons)." (the words before the organisation checked by the caller).
_OWN_NOUNS = r"(?:[a-z][a-z-]*\s+(?:of\s+)?){0,4}?[a-z][a-z-]*s"
_ORG = (
    r"(?:office|department|team|company|firm|agency|council|district|city|school|hospital"
    r"|utility|co-?op|cooperative|plant|factory|university|college|startup|business|shop|store"
    r"|fleet|farm|clinic|warehouse|depot|network|chain|operation|airline|airport|port|league|club"
    r"|library|fishery|bakery|brewery|winery|restaurant|cafe|hotel|resort|gym|studio|pharmacy"
    r"|bank|group|franchise|practice|salon|garage|marina|zoo|sawmill|mill|planetarium|observatory"
    r"|museum|academy|dispatch|cab\s+company|taxi\s+company|festival|centre|center|cinema"
    r"|theatre|theater)"
)
# ("Hello, we are ..."): a greeting before who the sender is
_GREETING = r"(?:(?:hello|hi|hey)(?:\s+(?:all|everyone|team|there|folks))?\s*[,!]?\s+)?"
# a place name, one or two capitalised words ("Portugal", "New Mexico"; "EU", a code, is not one)
_PLACE = r"(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w-])"
_COUNT_SAID = (
    r"(?:(?:about|around|roughly|over|some|nearly|almost|more\s+than)\s+)?(?:\d[\d,]*|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|a\s+dozen|a\s+hundred|a\s+few|several|dozens\s+of|hundreds\s+of)"
)
OWN_COUNT = re.compile(
    rf"(?:(?:^|(?<=[.!?;]\s)|(?<=\n))\s*{_GREETING}(?:(?:we|our\s+(?:company|team|firm))\s+(?:operate|run"
    r"|manage|own|have"
    r"|maintain)"
    rf"|(?:the|our)\s+(?:[a-z]+(?:'s)?\s+){{0,3}}?{_ORG}\s+(?:operates|runs|manages|owns|has"
    r"|maintains)"
    rf"|(?:we're|we\s+are)\s+(?:(?:a|an)\s+)?(?:[a-z][a-z-]*\s+){{0,3}}?{_ORG}\s+(?:running"
    r"|operating|managing|with|of)"
    # "We run a cold-chain logistics business with around 800 refrigerated trailers."
    rf"|(?:we|our\s+(?:company|team|firm))\s+(?:run|operate|manage|own|have)\s+(?:a|an)\s+"
    # ("a mid-sized sawmill in Oregon with three lines": where it is, a place name)
    rf"(?:[a-z][a-z-]*\s+){{0,3}}?{_ORG}(?:\s+in\s+(?P<place2>{_PLACE}))?\s+(?:with|running"
    r"|operating|managing|of))"
    rf"\s+{_COUNT_SAID}\s+(?P<n>{_OWN_NOUNS}(?:\s+with\s+{_OWN_NOUNS})?"
    # "We run three reservoirs and twelve pumping stations.": more of the sender's things
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_COUNT_SAID}\s+{_OWN_NOUNS}){{0,3}})"
    # "Our planetarium runs six dome shows a day", "900 taxis across the city": how often they
    # run, where they are (no place name: "14 salons in Ohio" may select)
    r"(?:\s+(?:a|per|each|every)\s+(?:day|night|week|month|year))?"
    r"(?:\s+(?:across|around|in|all\s+over)\s+(?:the|our)\s+(?:city|town|country|region|state"
    r"|county|island|metro\s+area)"
    # "14 hostels across Portugal": spread over a place (its name), read only when said nowhere
    # else (checked by the caller: "only Portugal" may select); "14 salons in Ohio" may be some
    # of them, refused
    rf"|\s+(?:across|all\s+over|throughout)\s+(?P<place>{_PLACE}))?"
    # "14 screens across three venues", "2,400 lifts under contract": where they are, counted
    rf"(?:\s+(?:across|in|at|over)\s+{_COUNT_SAID}\s+(?P<n11>{_OWN_NOUNS})"
    r"|\s+(?:under|on)\s+(?:contract|maintenance|management))?"
    # "Our school district put CO2 sensors in 300 classrooms" (a code said again elsewhere)
    rf"|(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?:we|(?:the|our)\s+(?:[a-z]+\s+){{0,2}}?{_ORG})\s+(?:put|installed|has|have"
    r"|deployed|placed|fitted|mounted)\s+(?P<code>(?-i:[A-Z][A-Z0-9]+)\s+)?(?P<n2>"
    rf"{_OWN_NOUNS})\s+(?:in|on|into|across)\s+{_COUNT_SAID}\s+(?P<n3>{_OWN_NOUNS})"
    # "Our 40 sawmills each have a temperature sensor on the main blade.", "The dome has 200
    # seats with a pressure sensor each.": what the sender's things carry, a count of them
    rf"|(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?:our|the)\s+(?:{_COUNT_SAID}\s+(?P<n5>{_OWN_NOUNS})\s+(?:each\s+|all\s+)?"
    r"(?:have|carry|are\s+(?:fitted|equipped)\s+with)\s+(?:a|an|one)\s+(?P<n6>(?:[a-z][a-z-]*\s+){0,2}?"
    r"[a-z][a-z-]*)(?:\s+(?:on|in|at|under|above|by)\s+(?:the|their|its|each)\s+(?P<n7>(?:[a-z][a-z-]*\s+)"
    rf"{{0,2}}?[a-z][a-z-]*))?|(?P<n8>(?:[a-z][a-z-]*\s+){{0,2}}?[a-z][a-z-]*)\s+has\s+{_COUNT_SAID}\s+"
    rf"(?P<n9>{_OWN_NOUNS})(?:\s+with\s+(?:a|an|one)\s+(?P<n10>(?:[a-z][a-z-]*\s+){{0,2}}?[a-z][a-z-]*)"
    r"\s+each)?)"
    # "Pet grooming chain (14 salons).": a title naming the organisation, its count in an aside
    rf"|(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?P<org>(?:(?:our|the|a|an)\s+)?(?:[A-Za-z][a-z-]*\s+){{0,3}}?)"
    rf"{_ORG}\s*\(\s*{_COUNT_SAID}\s+(?P<n4>{_OWN_NOUNS})\s*\)"
    # "Dive centre, 3 boats.", "Pottery studio, four kilns, about 60 members.": a title naming
    # the organisation, then what it has, counted
    rf"|(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?P<org3>(?:[A-Za-z][a-z-]*\s+){{0,3}}?){_ORG},\s+{_COUNT_SAID}\s+"
    rf"(?P<n12>{_OWN_NOUNS}(?:\s*,\s*(?:and\s+)?{_COUNT_SAID}\s+{_OWN_NOUNS}){{0,3}})"
    r"(?:\s+(?:across|around|in|all\s+over)\s+(?:the|our)\s+(?:city|town|country|region|state"
    r"|county|island|metro\s+area))?"
    # "We are a family-owned sawmill and ...", "We're a small language school.": who the sender
    # is, with no count
    rf"|(?:^|(?<=[.!?;]\s)|(?<=\n))\s*{_GREETING}(?:we're|we\s+are)\s+(?:a|an)\s+(?P<org2>(?:[a-z][a-z-]*\s+)"
    rf"{{0,3}}?){_ORG}(?=\s*[.!]|\s+and\s+(?:the|our|each|every|all)\s)"
    r")"
    r"(?:\s+and\s+(?:we\s+)?(?:want|need|would\s+like|'d\s+like)\s+(?:a|an)\s+(?:live\s+"
    r"|real-?time\s+)?(?:map|dashboard|view|overview|board|screen|display)\s+(?:for|in|on)\s+"
    r"(?:the|our)\s+(?P<a>(?:[a-z]+\s+){0,2}?)(?:app|portal|website|site|team|screen|page)"
    # "... and the harbour master wants a live feed.": who asks for the stream, naming nothing
    # in it (the words before the role checked by the caller, "who")
    rf"|\s+and\s+(?:the|our)\s+(?P<who>(?:[a-z]+\s+){{0,2}}?)(?:{ROLE_NOUNS}s?|team|desk|office"
    r"|staff|crew)\s+(?:wants?|needs?|would\s+like|asked\s+for)\s+(?:a|an)\s+(?:live|real-?time"
    r"|streaming)\s+(?:feed|view|map|dashboard|overview|board|display)(?=\s*[.!])"
    # "... and the collections team still chases late rent from a spreadsheet"
    r"|\s+and\s+(?:the|our)\s+(?:[a-z]+\s+){0,2}?(?:team|folks|people|staff|analysts|clerks)\s+"
    r"(?:still\s+)?(?:chases?|tracks?|does|do|handles?|checks?|follows\s+up\s+on)\s+(?P<old>"
    r"(?:[a-z]+\s+){0,3}?[a-z]+)\s+(?:from|in|on|with|by)\s+(?:a|an|the|hand)\s*(?:spreadsheets?"
    r"|excel(?:\s+sheets?)?|e-?mails?|paper|phone|hand)?"
    # "..., and the facilities people want to know when to open windows": what people do in the
    # world with what they learn (a verb of that kind; its object checked by the caller)
    r"|\s*,?\s+and\s+(?:the|our)\s+(?:[a-z]+\s+){0,2}?(?:team|folks|people|staff|crews?"
    r"|managers|janitors|caretakers|teachers|nurses|technicians)\s+(?:want|wants|need|needs)\s+to"
    r"\s+know\s+when\s+to\s+(?P<act>open|close|shut|ventilate|air\s+out|restock|refill|replace"
    r"|repair|service|clean|water|evacuate|intervene|send\s+someone)\s+(?P<obj>(?:the\s+)?"
    r"(?:[a-z]+\s+){0,1}?[a-z]+)?)?"
    # ("..., and each classroom tablet records attendance": who produces, read on its own)
    r"(?:\s*[.!]|(?=\s*,\s*(?:one|each|all|both|every|some|most|and)\s)"
    r"|(?=\s+and\s+(?:each|every|all|the|our)\s))",
    ICASE,
)
# "the dispatchers currently refresh a spreadsheet every hour", "our airline currently reconciles
# baggage scans in a nightly batch", "Our teachers currently get attendance from a PDF the next
# day", "today they get it from a nightly export that is always a day late", "Today the district
# managers get a spreadsheet every Monday", "Right now the mechanics get a daily CSV by email,
# which is painful", "Our admins currently copy results from a shared spreadsheet into the
# website by hand": how the sender's people work today, from an old batch artefact; its timing
# ("every hour", "every Monday", "once a week") is the old process's, never a window. Read before
# the windows could take "every hour"; what they handle (`obj`) must hold no value, qualifier or
# step word, and the verb must not ask ("Today we need a daily export" is an ask; checked by the
# caller).
_OLD_ARTEFACT = (
    r"(?:(?:nightly|daily|weekly|hourly|monthly|morning|manual|batch|csv|excel|pdf|old|legacy|big"
    r"|shared|paper)\s+){0,2}(?:exports?|batch(?:es)?|batch\s+jobs?|spreadsheets?|sheets?|pdfs?"
    r"|csvs?|excel\s+files?|e-?mails?|dumps?|extracts?|cron\s+jobs?|printouts?|reports?"
    r"|whiteboards?|clipboards?|logbooks?|paper\s+forms?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_OLD_TIMING = (
    # "... from a shared spreadsheet into the website by hand": where they copy it, and how
    r"(?:\s+(?:into|onto|to)\s+(?:the|our|their)\s+(?:[a-z]+\s+)?(?:website|site|portal|intranet"
    r"|app|crm|erp|system))?(?:\s+(?:by\s+hand|manually))?"
    r"(?:\s+(?:by|over|via)\s+e-?mail)?"
    rf"(?:\s+(?:every|each)\s+(?:hour|day|morning|night|evening|week|month|quarter|{_WEEKDAY})"
    rf"(?:\s+(?:morning|afternoon|evening|night))?|\s+on\s+{_WEEKDAY}"
    r"|\s+once\s+a\s+(?:day|week|month|quarter)|\s+the\s+next\s+(?:day|morning))?"
    # how it goes ("which is always a day late", "which is painful", "and it's a nightmare")
    r"(?:\s*,?\s+(?:which|that)\s+(?:is|are)\s+(?:always\s+|usually\s+|often\s+)?"
    r"(?:a\s+day|hours|days|a\s+few\s+hours|half\s+a\s+day)\s+(?:old|late|behind)"
    r"|\s*,?\s+(?:which\s+is|and\s+it(?:\s+is|'s))\s+(?:really\s+|very\s+|pretty\s+|so\s+)?"
    r"(?:painful|a\s+pain|tedious|a\s+nightmare|error-prone|annoying|slow))?"
)
_OLD_SUBJECT = r"(?:(?:the|our|their)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*|we|they|i|he|she)"
_TODAY = r"(?:currently|today|right\s+now|at\s+the\s+moment)"
TODAY_PROCESS = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;,]\s)|(?<=\sand\s))\s*(?P<w>(?:and\s+)?(?:"
    rf"{_OLD_SUBJECT}\s+(?:{_TODAY}|still)\s*,?\s+"
    # ("today they get it from ...", "Today the district managers get ...")
    rf"|{_TODAY}\s*,?\s+{_OLD_SUBJECT}\s+)"
    r"(?P<verb>[a-z]+)\s+(?P<obj>(?:[a-z][\w-]*\s+){0,3}?)(?:(?:from|in|with|via|off|out\s+of|by"
    rf"|using|through|into|on)\s+)?(?:a|an|the|their|our)\s+{_OLD_ARTEFACT}"
    # "a daily Excel file of all trips": what the artefact lists (checked like `obj`)
    r"(?:\s+of\s+(?P<of>(?:all\s+)?(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*))?"
    rf"{_OLD_TIMING})"
    r"(?=\s*[.;!?]|\s*$)",
    ICASE,
)
# "Every night we reconcile ticket sales by hand, which takes hours.", "Currently the engineers
# log callouts manually": the same, done by hand (no artefact); checked like TODAY_PROCESS
BY_HAND_PROCESS = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;,]\s))\s*(?P<w>(?:(?:every|each)\s+(?:night|morning|evening|day|week"
    rf"|month|{_WEEKDAY})|{_TODAY})\s*,?\s+{_OLD_SUBJECT}\s+(?:still\s+)?(?P<verb>[a-z]+)\s+"
    r"(?P<obj>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+(?:by\s+hand|manually)"
    rf"(?:\s+(?:in|on|from)\s+(?:a|an|the|our)\s+{_OLD_ARTEFACT})?"
    r"(?:\s*,?\s+(?:which|and\s+it)\s+(?:takes|eats|costs)\s+(?:hours|ages|forever|days"
    r"|(?:a\s+whole|half\s+a)\s+day))?)(?=\s*[.;!?]|\s*$)",
    ICASE,
)
# "We count them by hand today.", "We used to do this on paper every morning.": the same, the
# time said after it or in the past; checked like TODAY_PROCESS
BY_HAND_AFTER = re.compile(
    rf"(?:(?<=^)|(?<=[.!?:;,]\s))\s*(?P<w>{_OLD_SUBJECT}\s+(?:still\s+|used\s+to\s+"
    r"|(?:have|has)\s+(?:always\s+)?)?(?P<verb>[a-z]+)\s+(?P<obj>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)"
    r"\s+(?:by\s+hand|manually|on\s+paper)"
    rf"(?:\s+(?:{_TODAY}|(?:every|each)\s+(?:night|morning|evening|day|week|month|{_WEEKDAY})))?"
    r"(?:\s*,?\s+(?:which|and\s+it)\s+(?:takes|eats|costs)\s+(?:hours|ages|forever|days"
    r"|(?:a\s+whole|half\s+a)\s+day))?)(?=\s*[.;!?]|\s*$)",
    ICASE,
)


def pattern_by_hand(m: re.Match[str]) -> bool:
    """The match is of a sentence saying what is done by hand (not from an old artefact)."""
    return re.search(r"(?i)\b(?:by\s+hand|manually|on\s+paper)\b", m["w"]) is not None


# "The speaking-test app publishes one event per finished test.", "(the optical grader publishes
# one record per board)", "The queue counter at each terminal posts its length to Kafka.": who
# produces the source's records, what one record is or that they write into Kafka (a whole
# sentence or aside; no sink, no group-by). The words are checked by the caller.
PRODUCER_RECORD = re.compile(
    # ("Context: the HVAC controllers publish one reading per zone every minute.")
    r"(?:^|(?<=[.!?;]\s)|(?<=\()|(?<=\sand\s))\s*(?P<w>(?:(?:context|background|fyi|note)\s*:\s*)?"
    r"(?P<who>(?P<subj>(?:(?:the|our|their|each"
    r"|every|all(?:\s+(?:the|our))?)\s+)?(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)(?:\s+(?:at"
    r"|on|in)\s+(?:each|every|the|our)\s+(?P<at>[A-Za-z][\w'-]*))?\s+(?:(?P<verb>publish(?:es)?"
    r"|sends?|emits?|posts?|produces?|writes?|pushes|push)|(?P<rec>records|logs|tracks|captures)))"
    r"\s+(?:(?:1|one|an?)\s+(?:record|event|message|reading|row)\s+(?:per|for\s+each|for\s+every"
    r"|after\s+each|after\s+every)\s+(?P<per>(?:[a-z][a-z-]*\s+){0,2}?[a-z][a-z-]*)"
    rf"(?:{TO_KAFKA})?(?:\s+{FREQ_SAID})?|(?P<obj>(?:[A-Za-z][\w'-]*\s+){{0,3}}?[A-Za-z][\w'-]*)(?P<k>{TO_KAFKA})?))"
    r"\s*(?=[.!?;](?:[\s;]|$)|$|\))",
    ICASE,
)
# Verbs that ask rather than say how the sender works today ("Today we need a daily export").
_ASKING = word_set(
    """need needs want wants require requires expect expects ask asks would should must could
    can will shall may might"""
)
# "has faulty meters in 400 homes": which of the sender's things misbehave may say which records
# matter (never read as background)
_FAULTY = re.compile(
    r"\b(?:faulty|broken|defective|failing|dead|flaky|unreliable|miscalibrated)\b", ICASE
)
# Things in a building people open or shut ("when to open windows"): never a window of the
# pipeline after such a verb.
_THINGS_ACTED_ON = word_set("windows window doors door vents vent gates gate shutters blinds")
# Words the subject and the object of a data-rate sentence may open with ("the lamps", "each
# meter", "a heartbeat", "their temperature").
_DETERMINERS = word_set("the our their all each every most some a an its one new")


def _unsaid_participle(words: str, rest: str) -> bool:
    """ "get the misrouted bags from a spreadsheet": a participle said only there may say which
    records the old process picks (said again, "status is 'misrouted'", it is the same)."""
    return any(
        w.lower().endswith("ed") and len(w) > 4 and w.lower() not in rest.lower()
        for w in words.split()
    )


class ContextRecogniser(ParserState):
    def _unit_request(self, m: re.Match[str]) -> bool:
        """`m` (UNIT_REQUEST) names who asks and nothing a step could use."""
        words = re.split(r"[\s-]+", m["w"].strip())
        if any(STEP_WORDS.search(w) or QUALIFIER.search(w) for w in words):
            return False
        if any(_place_name(w, m, i) for i, w in enumerate(words)):
            return False  # "For the Berlin dashboard:": a place, maybe which records
        if words[-1].lower() in WORK_UNIT_NOUNS | OUTPUT_NOUNS:
            return True
        if not m["ask"]:
            return False  # "Sales:" may be a label for what follows
        rest = (self.text[: m.start()] + " " + self.text[m.end() :]).lower()
        return all(
            re.search(rf"(?<![a-z]){re.escape(w.lower().removesuffix('s'))}", rest) for w in words
        )

    def _producer_aside(self, m: re.Match[str]) -> bool:
        """Whether a PRODUCER_ASIDE holds plain words only, its records' words said by the
        topic's name or record nouns (a word said only here may select records)."""
        # (sources imports the module this imports)
        from .source_descriptions import description_word

        words = [*m["r"].split(), *m["p"].split()]
        if not all(description_word(w) for w in words):
            return False
        parts = {p for p in re.split(r"[^a-z0-9]+", m["n"].lower()) if p}
        parts |= {singular(p) for p in parts}
        return all(
            w.lower() in PRODUCED_NOUNS
            or singular(w.lower()) in parts
            or w.lower() in parts
            or re.fullmatch(r"[A-Z]{2,5}s?", w) is not None  # ("PLC": a device acronym)
            for w in m["r"].split()
        )

    def extract_background(self) -> None:
        """Chat words and asides that hold no step (see BACKGROUND), read before the others."""
        reader = self.reader
        for kind, pattern in BACKGROUND:
            self.reader = f"background ({kind})"  # one explain row per kind
            for m in list(pattern.finditer(self.text)):
                if MASK in self.s[m.start() : m.end()] or not m.group(0).strip(" ,"):
                    continue
                self.mask(m.start(), m.end())
                self.assumptions.append(
                    f"{BACKGROUND_PREFIX.format(kind=kind)}{m.group(0).strip(' ,:')!r}"
                )
        self.reader = "background (opener)"
        titles = [*HEADER.finditer(self.text), *TOPIC_AGAIN.finditer(self.text)]
        for m in [*titles, *TITLE_ON_SOURCE.finditer(self.text)]:
            if MASK in self.s[m.start() : m.end()] or not _restated(m["w"], self.text, m):
                continue  # a word said only here may be an ask ("for EU orders pipeline:")
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='opener')}{m.group(0).strip(' :')!r}"
            )
        for m in list(WANTS_HEADER.finditer(self.text)):
            # (the noun after "every" names the records, "test" in "every ski test" selects
            # none; the words before it may: "every test order")
            *before, noun = (m["n"] or "records").split()
            if (
                MASK in self.s[m.start() : m.end()]
                or not _restated(f"{m['w']} {' '.join(before)}", self.text, m)
                or not _restated(noun, self.text, m, qualifies=False)
            ):
                continue
            if any(STEP_WORDS.search(w) or QUALIFIER.search(w) for w in m["who"].split()):
                continue  # ("The EU team wants ...": who asks may say which records)
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='opener')}{m.group(0).strip(' :')!r} (who "
                "asks and what they want; no step of the pipeline)"
            )
        for m in list(UNIT_REQUEST.finditer(self.text)):
            if MASK not in self.s[m.start() : m.end()] and self._unit_request(m):
                # (the colon kept: the clause after it starts afresh, "...: the chillers send")
                self.mask(m.start(), m.end("ask") if m["ask"] else m.end("w"))
                self.assumptions.append(
                    f"{BACKGROUND_PREFIX.format(kind='opener')}{m.group(0).strip(' :-')!r} (who "
                    "asks; no step of the pipeline)"
                )
        self.reader = "background (later)"
        for m in list(LATER.finditer(self.text)):
            if MASK in self.s[m.start() : m.end()] or re.search(r"[\d'\"<>=_]", m["what"]):
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='later')}{m.group(0).strip()!r} (a step the "
                "sender means to add later; not built now)"
            )
        self.reader = "background (situation)"
        for m in list(WHILE_WATCHING.finditer(self.text)):
            left = max(self.text.rfind(c, 0, m.start()) for c in ".!?;\n") + 1
            if MASK in self.s[m.start() : m.end()] or not _DEBUG_SINK.search(
                self.text[left : m.start()]
            ):
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='situation')}{m.group(0).strip(' ,')!r} (how "
                "long the debug output is wanted; it is built)"
            )
        for m in list(TRIAL_REMARK.finditer(self.text)):
            # (only after the debug sink said before it: "it's a prototype" beside a real
            # table says nothing of where the records go, but is no sink either)
            if MASK in self.s[m.start() : m.end()] or not _DEBUG_SINK.search(
                self.text[: m.start()]
            ):
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='situation')}{m.group(0).strip(' ,')!r} (what "
                "stage the work is at; the debug output asked is built)"
            )
        self.reader = "background (reason)"
        for m in list(ACTS_ON_EACH.finditer(self.text)):
            if MASK in self.s[m.start("w") : m.end("w")]:
                continue
            self.mask(m.start("w"), m.end("w"))
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='reason')}{m['w']!r} (why exactly-once is asked)"
            )
        self.reader = "background (aside)"
        for m in [*FIELDS_ASIDE.finditer(self.text), *FIELDS_CLAUSE.finditer(self.text)]:
            if MASK in self.s[m.start() : m.end()]:
                continue
            self.mask(m.start(), m.end())
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='aside')}{m.group(0).strip(' ,')!r} (the fields "
                "the records carry; the records are not cut to them)"
            )
        self.reader = "background (situation)"
        for m in list(OWN_COUNT.finditer(self.text)):
            owns = [f"n{i}" for i in range(2, 13)] + ["n", "org", "org2", "org3", "a", "who"]
            said = " ".join(m[g] or "" for g in (*owns, "old"))
            # ("six dome shows a day", "40 school groups": things the sender runs, no step)
            said = re.sub(r"\b(?:shows|groups)\b", " ", said, flags=ICASE)
            if MASK in self.s[m.start() : m.end()] or STEP_WORDS.search(said):
                continue
            if re.search(rf"\b{LONG_UNIT}\b", said, ICASE):
                continue  # "a chain with 6 hours": a span, maybe the window's
            owned = " ".join(m[g] or "" for g in owns)
            # ("a small language school": the organisation's size, no selection)
            owned = re.sub(r"^\s*(?:small|large|big|tiny|huge)\b", " ", owned, flags=ICASE)
            counted = " ".join(m[g] or "" for g in owns if g.startswith("n"))
            if any(w not in TECH_ACRONYMS for w in re.findall(r"\b[A-Z]\w*", counted)):
                continue  # "2,400 lifts in Leeds": a place name may select ("FM stations" not)
            if may_select(m["who"] or ""):
                continue  # "the EU team wants a live feed": who asks may say which records
            if QUALIFIER.search(re.sub(r"\w+(?:-\w+)+", " ", owned)) or _FAULTY.search(owned):
                continue  # "40 gauges with faulty sensors": may say which records matter
            rest = (self.text[: m.start()] + " " + self.text[m.end() :]).lower()
            places = (m[g] for g in ("place", "place2") if m[g])
            if any(re.search(rf"\b{re.escape(p.lower())}\b", rest) for p in places):
                continue  # "... across Portugal. Keep only Portugal reviews": it may select
            if m["code"] and m["code"].strip().lower() not in rest:
                continue  # "CO2 sensors": a code must be said again (the topic classroom-co2)
            if m["obj"] and any(
                STEP_WORDS.search(w) and w not in _THINGS_ACTED_ON for w in m["obj"].lower().split()
            ):
                continue  # "know when to open sessions": a pipeline word, maybe an ask
            if m["old"] and not all(
                w.lower() in rest for w in m["old"].split() if not STEP_WORDS.search(w)
            ):
                continue  # "chases late rent": what the old process picks, said again
            # (its full stop left unmasked: the next sentence opens after it, "Each meter
            # publishes ... to the topic x")
            self.mask(m.start(), m.start() + len(m.group(0).rstrip(" .!")))
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='situation')}{m.group(0).strip(' .!')!r} (what "
                "the sender runs; no step)"
            )
        old_ways = [TODAY_PROCESS, BY_HAND_PROCESS, BY_HAND_AFTER]
        for m in [match for pattern in old_ways for match in pattern.finditer(self.text)]:
            obj = f"{m['obj']} {m.groupdict().get('of') or ''}"
            if MASK in self.s[m.start("w") : m.end("w")]:
                continue  # read already (by an earlier pattern)
            if (
                m["verb"].lower() in _ASKING
                or STEP_WORDS.search(obj)
                or QUALIFIER.search(obj)
                or re.search(r"\b(?:not|no|never|only|just|ones|those|these)\b|[\d_]", obj, ICASE)
                or re.search(r"\b[A-Z]{2,}\b", obj)  # "check EU sales by hand": a code selects
                or _unsaid_participle(obj, self.text[: m.start("w")] + self.text[m.end("w") :])
            ):
                if pattern_by_hand(m) and STEP_WORDS.search(m["verb"]):
                    # "We count the failed ones by hand.": read on, its verb would be a step
                    # of this pipeline and its object a selection said nowhere else
                    raise RequestNotUnderstood(
                        f"did not understand: {m['w'].strip()!r}: how the work is done by hand "
                        "today, or a step of this pipeline? Remove it if it is background, or "
                        "ask for the step and its condition as ones to do now"
                    )
                continue  # "currently export only the failed ones": may say which records
            self.mask(m.start("w"), m.end("w"))
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='situation')}{m['w'].strip()!r} (how the "
                "sender works today; no step)"
            )
        self.reader = "background (aside)"
        for m in list(PRODUCER_ASIDE.finditer(self.text)):
            if MASK in self.s[m.start("a") : m.end("a")] or not self._producer_aside(m):
                continue
            self.mask(m.start("a"), m.end("a"))
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='aside')}{m['a']!r} (what the records are and "
                "who sends them; no step)"
            )
        for m in list(RECORD_ASIDE.finditer(self.text)):
            if MASK in self.s[m.start("a") : m.end("a")]:
                continue
            self.mask(m.start("a"), m.end("a"))
            self.assumptions.append(
                f"{BACKGROUND_PREFIX.format(kind='aside')}{m['a']!r} (what one record is; no "
                "group-by)"
            )
        self.reader = reader

    def extract_data_rate(self) -> None:
        """ "The lamps report every few seconds.": how the records arrive (see context.py), read
        as context before any recogniser could take its words."""
        # (sources imports the module this imports)
        from .source_descriptions import description_word, head_noun

        for m in list(DATA_RATE.finditer(self.text)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            subj = m["subj"].split()
            said = [w for w in subj + m["obj"].split() if w.lower() not in _DETERMINERS]
            if subj[-1].lower() in RATE_NOT_PRODUCERS or subj[0].lower() in RATE_NOT_PRODUCERS:
                continue
            if not said or not all(description_word(w) for w in said):
                continue
            start = m.start("lead") if m["lead"] else m.start("subj")
            self.mask(start, m.end())
            self.assumptions.append(
                f"{CONTEXT_PREFIX}{self.text[start : m.end()].strip()!r} (how often the records "
                "arrive; no step of the pipeline)"
            )
        for m in list(PRODUCER_RECORD.finditer(self.text)):
            # (its "1 event per test" may be read already, as no group-by)
            if MASK in self.s[m.start("w") : m.end("who")]:
                continue
            subj = m["subj"].split()
            # a plain object needs "to Kafka", or a subject of each one ("each classroom tablet
            # records attendance"; "the app logs errors" may be an ask)
            if m["obj"] and not (m["k"] or (m["rec"] and subj[0].lower() in ("each", "every"))):
                continue
            said = [w for w in [*subj, *(m["obj"] or "").split()] if w.lower() not in _DETERMINERS]
            if subj[-1].lower() in RATE_NOT_PRODUCERS or subj[0].lower() in RATE_NOT_PRODUCERS:
                continue
            if not all(description_word(w) for w in said):
                continue
            # "at each terminal" says where the producers are (a "terminal", no stdout); "per
            # finished test" what one record is ("per failed test" may select, "per printed
            # ticket" may be a step)
            where = [m["at"] or "", *(m["per"] or "").split()[:-1]]
            if any(STEP_WORDS.search(w) or QUALIFIER.search(w) for w in where if w):
                continue  # ("per log": a sawmill's log, the thing one record is about)
            self.mask(m.start("w"), m.end("w"))
            self.assumptions.append(
                f"{CONTEXT_PREFIX}{m['w'].strip()!r} (who produces the records; no step of the "
                "pipeline)"
            )
        for m in list(RATE_ASIDE.finditer(self.text)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            self.mask(m.start("rate"), m.end("rate"))
            self.assumptions.append(
                f"{CONTEXT_PREFIX}{m['rate']!r} (how often the records arrive; no step of the "
                "pipeline)"
            )
        for m in list(PRODUCED_RATE.finditer(self.text)):
            if MASK in self.s[m.start() : m.end()]:
                continue
            subj = m["subj"].split()
            if subj[-1].lower() in RATE_NOT_PRODUCERS or subj[0].lower() in RATE_NOT_PRODUCERS:
                continue
            said = [w for w in subj + m["obj"].split() if w.lower() not in _DETERMINERS]
            # ("Meter reads arrive on x every 30 minutes": a record noun after a plain word)
            if not said or not all(
                description_word(w) or head_noun(said, i) for i, w in enumerate(said)
            ):
                continue
            self.mask(m.start("rate"), m.end("rate"))
            self.assumptions.append(
                f"{CONTEXT_PREFIX}{m['rate'].strip(' ,')!r} (how often the records arrive on "
                f"{m['n']}; no step of the pipeline)"
            )
