"""Purpose clauses: why the pipeline is wanted, not what it does.

Data engineers open with the reason ("We need alerts from the greenhouse: ...", "For the
finance dashboard we need net amounts: ...", "Our SRE team wants ...", "So that support can see
which orders were paid, ...") or close with one ("..., because they are test charges"). The
recognisers read what they can anywhere in the request; the words of such a clause that none
of them read are accepted as its purpose, listed under the assumptions, only when they cannot
hide a requirement: every value they hold (a number, a quoted string, a name with `_`, `-` or
`.`, a comparison sign), every negation ("not", "except", "without") and every time unit
("per-minute", "hourly") must also appear in the request outside the purpose clauses, and a
clause that selects records ("We only care about mobile users") must restate all its words. Anything
else in a purpose clause refuses the request like any other unread words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .accounting import FILLER
from .lexicon import (
    COMPLIANCE_ACRONYMS,
    COUNT_NOUNS,
    LESS_COMPARATIVES,
    MORE_COMPARATIVES,
    NOT_A_PLACE,
    PLACE_QUALIFIERS,
    QUALIFYING,
    READ_AGAIN_VERBS,
    REPEATS_HOW_OFTEN,
    ROLE_NOUNS,
    SYSTEM_ACRONYMS,
    TECH_ACRONYMS,
    UNITS,
    singular,
    word_set,
)
from .quantities import ICASE
from .state import Cond

# "Context:", "Some context first:", "A bit of background:": a label for the sender's situation
_CONTEXT_LABEL = (
    r"(?:(?:some|a\s+(?:bit|little)\s+of|quick|brief|short)\s+)?(?:context|background)"
    r"(?:\s+first)?"
)
# "Reason: ...", "Motivation: ...", "Use case: ...": a label over why the pipeline is wanted
_WHY_LABEL = (
    r"(?:reasons?|rationale|motivation|use\s+case|business\s+(?:case|value|need)|the\s+why)"
)
# In a context-labelled sentence, how many things the sender has ("with about 4000 animals")
# and how often producers send ("a GPS collar that reports every couple of minutes"): facts
# about the sender's world, no threshold or window of the pipeline.
_APPROX_COUNT = re.compile(
    r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|some)\s+\d[\d,]*\s+[a-z]+s\b",
    ICASE,
)
# "We coordinate about 400 volunteers across our food banks", "our team looks after roughly
# 1,200 stores": how many things the sender has, said of the sender in any sentence; a fact of
# its world, never a threshold (see _sender_counts_out for the nouns it may count).
# ("The dispatch centre handles about 12,000 bookings a day", "we teach around 2,000 lessons a
# week": how many, and how often, never a window)
_SENDER_COUNT = re.compile(
    r"\b(?:we|i|they|(?:our|the)\s+(?:[a-z]+\s+)?[a-z]+)\s+(?:have|has|coordinate|coordinates"
    r"|manage|manages|run|runs|operate|operates|serve|serves|employ|employs|support|supports|own"
    r"|owns|look\s+after|looks\s+after|dispatch\s+for|dispatches\s+for|handle|handles|teach"
    r"|teaches|host|hosts)\s+(?P<n>(?:about|around|roughly|approximately|nearly|almost|some|over)"
    r"\s+\d[\d,]*\s+(?:(?P<noun>[a-z]+s)|[a-z]+\s+(?P<noun2>[a-z]+s)(?=\s+(?:a|per|each|every)\s))"
    r"(?:\s+(?:a|per|each|every)\s+(?:day|night|week|month|year))?)\b",
    ICASE,
)
# "a live board covering the group's 140 properties", "across our 60 stores": how many the
# sender has, said of what the output covers
_COVERED_COUNT = re.compile(
    r"\b(?:covering|across)\s+(?:all\s+)?(?:our|its|their|the\s+(?:group|company|chain|firm)'s)\s+"
    r"(?P<n>(?:(?:about|around|roughly|approximately|nearly|almost|some|over)\s+)?\d[\d,]*\s+"
    r"(?P<noun>[a-z]+s))\b",
    ICASE,
)
# "We're a 120-room hotel", "we run a 40-bed clinic": the sender's size, a count joined to
# its noun before what the sender is
_SIZED_SENDER = re.compile(
    r"\b(?:we(?:'re|\s+are)|i(?:'m|\s+am)|(?:we|i)\s+(?:run|manage|operate|own))\s+(?:a|an)\s+"
    # (never a time span: "a 24-hour store" may say when)
    r"(?P<n>\d[\d,]*-(?P<noun>(?!(?:sec|second|min|minute|hour|hr|day|night|week|month|year)s?"
    r"\b)[a-z]+))\s+(?=[a-z])",
    ICASE,
)
_PRODUCER_RATE = re.compile(
    r"\b(?:that|which|who)?\s*(?:reports?|sends?|pings?|emits?|transmits?|publishes|publish"
    r"|checks?\s+in|phones?\s+home)\s+(?:(?:roughly|about|around|approximately)\s+)?"
    r"every\s+(?:(?:few|couple\s+of|other|\d+(?:\.\d+)?)\s+)?(?:seconds?|minutes?|hours?|days?)\b"
    r"(?:\s+or\s+so)?",
    ICASE,
)
# "... instead of the nightly batch export from the core banking system": what the pipeline
# replaces, in a context-labelled sentence; the sender's old process, no step of this one.
_OLD_PROCESS = re.compile(
    r"\b(?:instead\s+of|rather\s+than|replacing)\s+(?:the|our|a|an|their)\s+(?:[a-z][\w-]*\s+){0,3}?"
    r"(?:exports?|dumps?|jobs?|cron(?:\s+jobs?)?|scripts?|spreadsheets?|processe?s?|syncs?|extracts?"
    r"|uploads?|e-?mails?|reports?|csvs?)"
    r"(?:\s+(?:from|of|in|on)\s+(?:the|our|their)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)?"
    r"(?=\s*[.;,!?]|\s*$)",
    ICASE,
)
# "... and right now they do it from a spreadsheet export, which is always a day old": how
# the sender works today, in a context-labelled sentence; the old process, no step of this one.
_NOW_PROCESS = re.compile(
    r"(?:\band\s+)?\b(?:right\s+now|currently|today|at\s+the\s+moment)\s*,?\s+(?:they|we|i|he|she)"
    r"\s+(?:do|does|run|runs|build|builds|get|gets|pull|pulls)\s+(?:it|this|that|them)\s+(?:from"
    r"|off|with|via|in|out\s+of)\s+(?:a|an|the|their|our)\s+(?:[a-z][\w-]*\s+){0,2}?(?:exports?"
    r"|dumps?|spreadsheets?|csvs?|extracts?|reports?|e-?mails?)"
    r"(?:\s*,?\s+(?:which|that)\s+(?:is|are)\s+(?:always|usually|often|typically)?\s*"
    r"(?:a\s+day|hours|days|a\s+few\s+hours|half\s+a\s+day)\s+old)?(?=\s*[.;,!?]|\s*$)",
    ICASE,
)

# "In order to compute revenue by country, read ... and write them to ...", "So that we can
# count payments per country later, ...", "For the dashboard that shows the count per
# country, ...": what the output is for, ahead of the ask. No recogniser reads it (a sum there
# is a later use, never silently a step); its words are checked like any purpose clause's.
_PURPOSE_AHEAD = (
    r"(?:in\s+order\s+to\s+[a-z]+|to\s+(?:compute|calculate|count|sum|track|measure|monitor"
    r"|report|analy[sz]e|aggregate|build|feed|power|support|see|know|show|find|detect|spot)"
    # ("So that the glaze team can plan orders, read ...": who, in up to three words)
    r"|so\s+(?:that\s+)?(?:we|i|you|they|(?:(?:the|our|my)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+)"
    r"\s+(?:can|could|may|might|will)"
    r"|for\s+(?:the|a|an|our|my)\s+(?:[\w-]+\s+)?(?:dashboard|report|chart|graph|panel|overview"
    r"|analysis|analytics)s?\s+(?:that|which)\s+[a-z]+"
    # "As we want to count payments per country in ClickHouse, read ...", "..., because finance
    # sums amount per region there": a reason, someone else's step
    r"|(?:because|since|as)\s+(?:(?:our|the)\s+)?[a-z][\w-]*"
    r"(?=\s+(?:want|wants|need|needs|will|would|compute|computes|count|counts|sum|sums"
    r"|aggregate|aggregates|average|averages|group|groups|report|reports"
    # ("..., as compliance reviews every large withdrawal by hand": who looks at the output)
    r"|reviews|checks|audits|inspects)\b))"
    r"\s+[^,;:.!?\n]{3,120}?"
)

# "while it's happening, not the next morning": when the sender wants to know, in time (the
# negation only says a batch is too late; any streaming pipeline honours it)
_TIMELY = (
    r"(?:while\s+it(?:'s|\s+is)\s+happening|as\s+it\s+happens|right\s+away|in\s+real[\s-]?time"
    r"|immediately)(?:\s*,\s*not\s+(?:the\s+next\s+(?:morning|day)|(?:hours|days)\s+later|after"
    r"\s+the\s+(?:shift|fact)|at\s+the\s+end\s+of\s+the\s+(?:day|shift|week)))?"
)
_TIMELY_NOT = re.compile(
    r",\s*not\s+(?:the\s+next|hours\s+later|days\s+later|after\s+the|at\s+the\s+end)"
    r"[^,;:.!?]*$",
    ICASE,
)

# Where a purpose clause can be: (pattern, group holding the clause).
# "Dispatch wants ...", "TICKET HY-221: Energy trading wants ...", "Test floor wants ...": a
# department or desk named bare, capitalised, opening a sentence; the singular "wants" (never
# "needs": "Payment data needs cleaning") says who asks, never records. A word that may select
# records there ("Premium wants ...") refuses unless said again (see `_restated`).
_BARE_WHO = re.compile(
    r"(?:^|(?<=[.!?:]\s))\s*(?P<c>(?!(?-i:No|Nobody|None|Everyone|Everybody|Someone|Somebody|It"
    r"|This|That|Which|Who|What|He|She)\b)(?P<who>(?-i:[A-Z][a-z]+)(?:\s+(?-i:[a-z]+))?)\s+"
    r"(?:wants|would\s+like|has\s+asked\s+for|is\s+asking\s+for))\b",
    ICASE,
)
# "ops wants to page on these", "irrigation team wants it for their dashboard", "mechanics
# want a board for them": people named bare, in lower case, by a group or role noun (one plain
# word before it at most); never a records' noun.
_BARE_GROUP = (
    r"(?-i:(?:[a-z][a-z-]*\s+)?(?:team|teams|crew|crews|staff|ops|folks|mechanics|techs"
    rf"|{ROLE_NOUNS}s))"
)
_SPANS = [
    # "Goal: a per-minute error count for the on-call dashboard.": a labelled purpose.
    re.compile(
        r"(?:^|(?<=[;.!?]\s))\s*(?P<c>(?:goal|purpose|aim|objective|" + _CONTEXT_LABEL + r"|why"
        rf"|title|subject|story|epic|feature|{_WHY_LABEL})\s*:"
        r"[^;:.!?\n]*(?:[.!?:]?(?=\s*;)|[.!?:](?=\s|$)|$))",
        ICASE,
    ),
    # "We need alerts from the greenhouse: read topic ...": a short lead ending in a colon
    # (over a list too: "ED wait-time dashboard, requested by the ED leads:" then "- source: ...")
    re.compile(r"^\s*(?P<c>[^:\n]{3,160}?):(?=[\s;])", ICASE),
    # "Florist network, order events on topic florist.orders": a title of up to three words
    # ending in a comma, read as the colon's (a word in it that may select records refuses)
    re.compile(r"^\s*(?P<c>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}),(?=\s)", ICASE),
    # "Re: the reservoir levels thing from Tuesday's standup - read topic ...": a reply's
    # subject, ending at a spaced dash
    re.compile(
        r"^\s*(?P<c>(?:re|fwd|fw)\s*:\s*[^:\n\u2013\u2014]{3,160}?)\s+[-\u2013\u2014]+\s+(?=\w)",
        ICASE,
    ),
    # "Bike sharing — read topic ...", "Telecom towers NOC - ...": a short label opening the
    # request, ending at a spaced dash (up to five words, like a title)
    re.compile(r"^\s*(?P<c>[A-Za-z][\w'&/-]*(?:\s+[\w'&/-]+){0,4}?)\s+[-\u2013\u2014]+\s+(?=\w)"),
    # the same after a ticket's title line ("Title: Heavy pallets. As a warehouse lead I need:")
    re.compile(
        r"^\s*(?:title|subject|story|epic|feature)\s*:[^;:.!?\n]*[.!?;]+\s+(?P<c>[^:\n]{3,160}?):(?=\s)",
        ICASE,
    ),
    # "The payload column is huge and nobody reads it. Please load ...": a first sentence
    # (after a greeting: "Hi! We want to catch suspicious payments. ...").
    re.compile(
        r"^\s*(?P<c>(?:(?:hi|hey|hello)(?:\s+(?:all|team|there|folks|everyone))?\s*[!,.]\s*)?"
        r"[^.!?\n]{3,200}?[.!?])(?=[\s;]+\S)",
        ICASE,
    ),
    # "... We want to catch suspicious payments. ...", "We are building a fraud screen.": a later
    # sentence giving a goal (want to <verb>) or the context (are <verb>ing, have, see); not
    # "We need amounts in cents." (a requirement the recognisers did not read).
    re.compile(
        # ("... . trying to work out how long ...": a chat's goal, its subject left out)
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:just\s+)?(?:trying|hoping|wanting|looking)\s+to\s+[a-z]+"
        r"|(?:we|i|they|(?:our|the)\s+[\w-]+(?:\s+[\w-]+)?"
        rf"|{_BARE_GROUP}(?=\s+(?:wants?|needs?)\s+to\s))(?:\s+(?:really|just|also))?"
        r"(?:\s+(?:want|wants|need|needs|would\s+like|try|tries|plan|plans|hope|aim)\s+to\s+[a-z]+"
        r"|(?:\s+(?:are|am|is)|'re|'m)\s+[a-z]+ing\b|\s+(?:have|has|get|gets|see|sees|got|saw|had)\b))"
        # (or a lead ending in a colon: "... . We want to alert when a kiln overheats: keep ...")
        r"[^.!?:\n]{0,200}?(?:[.!?]|:(?=\s)|\s*$))(?=\s+\S|$)",
        ICASE,
    ),
    # "Some context first: at the terminal we have sensors on every lane that ..., and they
    # publish ...", "Ops want a dashboard, so for every ...": who has what, or wants a thing to
    # look at (after a place), up to the first comma
    re.compile(
        r"(?:^|[.!?]\s+|(?<=:\s))(?P<c>(?:(?:at|in|on)\s+(?:the|our)\s+[a-z][\w-]*\s*,?\s+)?"
        r"(?:we|they|(?:our|the)\s+[\w-]+|(?-i:[A-Z][A-Za-z]+))\s+(?:(?:have|has)\s+[^,;:.!?\n]{3,120}?"
        r"|(?:want|wants|need|needs|would\s+like)\s+(?:a|an|some|new)\s+(?:dashboard|report|chart"
        r"|graph|panel|overview)s?))(?=\s*[,;.!?])",
        ICASE,
    ),
    # "Our agronomist would like a summary every 10 minutes per x: ...": who asks, then what
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:we|they|(?:our|the)\s+[\w-]+)\s+(?:want|wants|need|needs|would\s+like"
        r"|'d\s+like)\s+(?:a|an|some)\s+(?:summary|summaries|digest|rollup|roll-up|overview))"
        r"(?=\s+(?:every|each|per)\b)",
        ICASE,
    ),
    # "The vets want to know when an animal's heart rate goes above 120": who asks, up to what
    # they want to know (the rest is read by the recognisers)
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+|we|i|they)\s+(?:want|wants"
        r"|need|needs|would\s+like|'d\s+like)\s+to\s+(?:know|see|be\s+told|hear))"
        r"(?=\s+(?:when|if|whether|as\s+soon\s+as|whenever)\b)",
        ICASE,
    ),
    # "In order to compute revenue by country, read ...": see PURPOSE_AHEAD
    re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=[,;]\s))\s*(?P<c>{_PURPOSE_AHEAD})(?=[,;.!?]|$)", ICASE),
    # "So that support can see which orders were paid, join ...".
    re.compile(r"(?:^|[.!?:]\s+)(?P<c>so\s+(?:that\s+)?[^,;:.\n]{3,120}?)[,;:]", ICASE),
    # "... into a topic called x so the supervisors get pinged.": who the output serves, ending
    # the sentence
    re.compile(
        r"(?<=\s)(?P<c>so\s+(?:that\s+)?(?:(?:the|our|my|their)\s+"
        # ("... into table x so finance can reconcile with the bank.": a department)
        r"|(?:finance|accounting|billing|ops|support|legal|compliance|security|marketing|sales"
        r"|dispatch|management|hr)\s+(?=(?:can|could|will|may)\s)"
        # ("... so instructors can track progress.": people named by a plural, their clause
        # holding no word a step may be said with: "so analysts can search by merchant name"
        # may ask for a grouping, and stays unread)
        r"|(?!(?:records|events|messages|rows|duplicates|dupes|results|values)\b)"
        r"[a-z][a-z-]*[a-z]s\s+(?=(?:can|could|will|may)\s)"
        r"(?![^,;:.!?\n]*(?:\d|\b(?:by|per|where|whose|only|each|every|without|over|under|above"
        r"|below|than|top|unique|distinct)\b)))"
        r"[^,;:.!?\n]{3,100}?)"
        r"(?=[.!?](?:\s|$)|$)",
        ICASE,
    ),
    # "(the NOC team reads these keys from their own tool)": who reads the output downstream,
    # with a tool of their own (no step of the pipeline)
    re.compile(
        r"(?:^|(?<=[.!?(\x00]\s)|(?<=[(\x00]))\s*(?P<c>(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?(?:team|squad|folks"
        r"|people)\s+(?:reads?|pulls?|polls?|consumes?|quer(?:y|ies)|picks?\s+up|uses?)\s+"
        r"(?:these|those|the|them|it)(?:\s+(?:keys|rows|records|messages|values|results|entries"
        r"|counts|totals))?\s+(?:from|with|in|via|through)\s+(?:their|its)\s+(?:own\s+)?"
        r"(?:[\w-]+\s+)?(?:tool|tooling|dashboard|app|service|system|script|ui|client))"
        r"(?=\s*[,;.!?)]|$)",
        ICASE,
    ),
    # "For the pricing team, please read ...", "For reporting we'd like ...:".
    re.compile(r"^\s*(?:hi|hey|hello)?[!,.\s]*(?P<c>for\s+[^,;:.\n]{3,80}?)[,;:]", ICASE),
    # "For the e-learning dashboard we'd like to count ...": no comma before who asks (first
    # or after a sentence of background: "Our team streams ... . For the coaches' dashboard I'd
    # like ...")
    re.compile(
        r"(?:^|(?<=[.!?]\s))\s*(?:hi|hey|hello)?[!,.\s]*(?P<c>for\s+(?:the|our|a|an|my)\s+[^,;:.\n]{3,60}?)"
        r"(?=\s+(?:we|i)(?:'d|\s+would|\s+need|\s+want|\s+have\s+to|'ll)\b)",
        ICASE,
    ),
    # "For the payroll audit (SOX), finance needs every change ...": a department asks
    re.compile(
        r"(?:^|(?<=[.!?]\s))\s*(?P<c>for\s+(?:the|our|a|an|my)\s+[^,;:.\n]{3,60}?,\s+(?:finance"
        r"|legal|compliance|hr|ops|security|marketing|sales|support|product|management"
        r"|engineering|accounting)\s+(?:needs?|wants?|would\s+like|asks?\s+for))\b",
        ICASE,
    ),
    # "Our SRE team wants every log line ...", "... . Our auditors want every change ...": who
    # asks, up to the verb, opening a sentence.
    re.compile(
        r"(?:^|(?<=[.!?]\s))\s*(?P<c>(?:our|the|my)\s+(?:[\w-]+\s+){0,3}?(?:team|folks|analysts"
        r"|engineers|people|auditors|accountants|regulators|controllers"
        r"|squad|department|colleagues|managers?|ops|sre|qa|soc|noc|secops|devops|infosec|dba|dbas|bosses|boss|lead"
        # ("The agronomists want ...": people by their role)
        rf"|{ROLE_NOUNS}s?)\s+(?:wants?|needs?|would\s+like"
        r"|asks?\s+for|asked\s+for|is\s+asking\s+for|(?:have|has)\s+asked(?:\s+for)?"
        r"|requested|would\s+love))\b",
        ICASE,
    ),
    _BARE_WHO,
    # "... to topic x (the forklift drivers need to know)", "... - the floor team needs a heads
    # up.": who is told, closing the request
    re.compile(
        r"(?:\(|\s[-\u2013\u2014]\s|[.!]\s+)(?P<c>(?:so\s+(?:that\s+)?)?(?:the|our)\s+(?:[\w-]+\s+){0,3}?"
        r"[\w-]+\s+(?:need|needs|want|wants|get|gets|can|will|should)\s+(?:to\s+(?:know|hear\s+about"
        r"\s+(?:it|them)|be\s+(?:told|alerted|warned|notified|paged|pinged))|a\s+heads[\s-]?up"
        r"|(?:be\s+)?(?:alerted|warned|notified|paged|pinged)|to\s+react\s+in\s+time))"
        r"(?=\s*[).!?]*\s*$)",
        ICASE,
    ),
    # "... to the kafka topic x. the fraud rules engine reads from there": who reads the
    # output, closing the request
    re.compile(
        r"(?:[.!]\s+)(?P<c>(?:the|our)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:reads|consumes|will\s+read"
        r"|will\s+consume|picks\s+(?:it|them)\s+up|subscribes\s+to|listens\s+(?:to|on))"
        r"(?:\s+(?:from\s+)?(?:there|it|them|that(?:\s+topic)?))?)"
        r"(?=\s*[.!]*\s*$)",
        ICASE,
    ),
    # "(this is for the fraud team)": an aside in parentheses.
    re.compile(
        r"\((?P<c>(?:(?:this|it)\s+is\s+|it's\s+|these\s+are\s+)?for\s+[^()]{3,80}\))", ICASE
    ),
    # "(traders want this asap)", "(the farm manager looks at it every morning)": who asks for
    # the output, or when someone looks at it, as an aside (a day, a week: a unit, checked)
    re.compile(
        r"(?P<c>\((?:the\s+|our\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?\s+(?:(?:want|wants"
        r"|need|needs|asked\s+for|requested|would\s+like|'d\s+like|are\s+waiting\s+for"
        r"|is\s+waiting\s+for)\s+(?:this|it|that|these|them)(?:\s+(?:asap|urgently|soon|badly"
        r"|quickly|a\s+lot|before\s+(?:the\s+)?(?:launch|season|audit|holidays)))?"
        r"|(?:look|looks|check|checks|read|reads|review|reviews|open|opens)\s+(?:at\s+)?(?:this|it"
        r"|that|these|them|the\s+(?:output|results|dashboard|board|screen))\s+(?:every|each)\s+"
        r"(?:morning|evening|afternoon|shift|monday|tuesday|wednesday|thursday|friday))"
        r"\s*[.!]?\))",
        ICASE,
    ),
    # "(privacy requirement)", "(for compliance reasons)": an aside giving the reason.
    re.compile(
        r"(?P<c>\([^()\n]{0,40}\b(?:requirements?|reasons?|compliance|policy|gdpr|hipaa|legal"
        r"|regulations?|regulatory|directives?|laws?|legislation|statutes?)\b[^()\n]{0,30}\))",
        ICASE,
    ),
    # "(we create one per site)": an aside on how the sender's systems are set up.
    re.compile(
        r"(?P<c>\((?:we|they)\s+(?:create|have|add|run|use|spin\s+up|get|set\s+up|deploy)\b"
        r"[^()\n]{0,80}\))",
        ICASE,
    ),
    # "Our surge model needs fresher demand signals than the batch job gives us.": why, the old
    # process too slow for whoever uses the output
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:our|the)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:needs?|wants?)\s+"
        r"(?:fresher|faster|newer|more\s+(?:current|up-to-date|timely|recent))\s+(?:[\w-]+\s+){0,3}?"
        r"[\w-]+\s+than\s+(?:the|our|a)\s+(?:[\w-]+\s+){0,3}?(?:job|jobs|export|exports|report"
        r"|reports|batch|cron|process|load|dump|extract)(?:\s+(?:gives?|gave|provides?|provided"
        r"|delivers?|delivered|produces?|produced)\s+(?:us|them|it|me))?)(?=\s*[.!])",
        ICASE,
    ),
    # "..., because they are test charges."
    re.compile(r"[,;]?\s*(?P<c>\b(?:because|since)\s+[^,;:.\n]{3,120}?)(?=[,;:.]|$)", ICASE),
    # "only emit when peak_co2 > 1500 -- above that the oysters get leggy stems": why the
    # threshold, right after its number, restating it as "that" (its words checked as a
    # reason's)
    re.compile(
        r"(?<=\d)\s*(?:--|\u2013|\u2014|\(|[.;,])\s*(?P<c>(?:above|below|over|under|beyond)\s+"
        r"(?:that|this)\b(?:\s+(?:level|point|value|figure|number))?,?\s+"
        # (a statement about things, never an order: "below that send everything to stdout")
        r"(?:the|our|their|its|(?-i:[a-z]+s))\s+"
        r"(?![^,;:.()\n]*\b(?:send|sends|keep|keeps|emit|emits|write|writes|drop|drops|store|publish"
        r"|print|forward|push|alert|page|notify|output|route|only|just)\b)[^,;:.()\n]{3,100}?)"
        r"(?=\)|[,;:.!]|\s*$)",
        ICASE,
    ),
    # "Resolvers retry a lot, so first drop repeats ...": why, then the step it is the reason for
    # (also after the source's clause: "The pings come in on x and a lot of them are from ferries
    # sitting at the pier, so drop ...")
    re.compile(
        r"(?:^|[.!?]\s+|\sand\s+)(?P<c>[A-Za-z][^,;:.!?\n\x00]{3,80}?,\s*so(?:\s+(?:first|we|i|please))?)"
        r"(?=\s+(?:(?:should|must|need\s+to|have\s+to|want\s+to)\s+)?(?:drop|dedup\w*|de-dup\w*"
        r"|remove|filter|keep|skip|ignore|discard|collapse|throttle|debounce|squash"
        # ("The yard planners need to know whose box it is, so please look up each container
        # in Redis ...": why a lookup is asked, then the lookup)
        r"|look\s+up|enrich|join)\b)",
        ICASE,
    ),
    # "The app team wants km/h, so add speed_kmh = ...": who wants which unit, then the computed
    # field giving it (each word of the reason must be said again: see _restated)
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:the|our)\s+(?:[\w-]+\s+){0,2}?(?:team|folks|people|analysts|users"
        r"|customers|clients|drivers|engineers)\s+(?:want|wants|need|needs|expect|expects|prefer"
        r"|prefers)\s+[^,;:.!?\n\x00]{1,40}?,\s*so(?:\s+(?:please|we|i))?\s+(?:add|compute"
        r"|calculate|derive|convert))\b",
        ICASE,
    ),
    # "Our stamping plant has a quality problem on line 3 and the shift leads want to be warned
    # while it's happening, not the next morning.": the problem, and who is to be told in time
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:our|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:has|have|had|is\s+having)"
        r"\s+(?:a|an|some)\s+(?:[\w-]+\s+)?(?:problem|problems|issue|issues)\s+(?:on|with|at|in)\s+"
        r"[^,;:.!?\n\x00]{1,40}?\s+and\s+(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:want|wants"
        r"|need|needs)\s+to\s+(?:be\s+warned|be\s+alerted|be\s+told|be\s+notified|know)\s+"
        rf"{_TIMELY})(?=\s*[.!])",
        ICASE,
    ),
    # "Teachers keep asking which quizzes are too hard, so I'd like live stats": what people
    # keep asking, then the ask
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:keep|keeps|kept"
        r"|have\s+been|has\s+been)\s+asking\s+(?:me\s+|us\s+)?(?:which|whether|how|what|why|when"
        r"|if|about)\s+[^,;:.!?\n\x00]{3,100}?,\s*so)"
        r"(?=\s+(?:(?:i|we)(?:'d|\s+would)\s+like|(?:i|we)\s+(?:need|want)|please)\b)",
        ICASE,
    ),
    # "We want to see the delay situation per route ...": what they want to look at, then the
    # group-by the recognisers read
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:we|i|they|(?:the|our)\s+[\w-]+)\s+(?:want|wants|need|needs"
        r"|would\s+like|'d\s+like)\s+to\s+(?:see|watch|follow|track|monitor|know)\s+(?:the|our|how"
        r"\s+the)\s+(?:[a-z-]+\s+){0,2}?(?:situation|picture|state|status|trend|trends|development"
        r"|behaviou?r|performance)(?:\s+(?:develops|looks|is))?)(?=\s+(?:per|by|for\s+each|of\s+each"
        r"|across)\b)",
        ICASE,
    ),
    # "For the explore page we want a trending hashtags feed.": which page the output feeds and
    # what it shows (a ranking word must be said again by a top-N: see _restated)
    re.compile(
        r"(?:^|(?<=[.!?]\s))\s*(?P<c>for\s+(?:the|our|a|an|my)\s+(?:[\w-]+\s+){0,2}?(?:page|screen"
        r"|app|site|website|homepage|widget|tab|sidebar|feed)\s+(?:we|i)(?:'d\s+like|\s+would\s+like"
        r"|\s+want|\s+need)\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,3}?(?:feed|list|view|board|widget"
        r"|ranking|leaderboard|stream|panel|chart)s?)(?=\s*[.!;,]|\s*$)",
        ICASE,
    ),
    # "..., clinicians act on these so no duplicates": who relies on the output, then the ask
    # (read by the recognisers; this clause is accepted only when they read the rest)
    re.compile(
        r"(?:^|[.!?,;]\s+)(?P<c>(?:the\s+|our\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s+(?:act"
        r"|acts|rely|relies|depend|depends|react|reacts)\s+on\s+(?:these|them|it|this|that|those"
        r"|the\s+(?:alerts|events|results|output))\s*,?\s*so)(?=\s+(?:(?:there\s+(?:must|should)\s+be"
        r"|we\s+(?:need|want)|please)\s+)?(?:no|zero|without)\s+(?:duplicates|dupes|double)\b)",
        ICASE,
    ),
    # "Sensors sometimes report late over the LoRa link, so allow 2 minutes of grace": why the
    # window waits, then the grace (read by the windows; "late" must be restated by it)
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>[A-Za-z][^,;:.!?\n\x00]{3,80}?,\s*so\s+(?:please\s+)?"
        r"(?:allow|give|tolerate|accept|wait)(?:\s+for)?)(?=\s+(?:up\s+to\s+)?(?:\d|a\s|an\s))",
        ICASE,
    ),
]

# 'Food ops keeps asking "how long do deliveries really take, per city?".': a question people
# keep asking, quoted, as its own sentence; the quotes hold no name (see _QUESTION_ASKED)
_SPANS.append(
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:keep|keeps|kept"
        r"|have\s+been|has\s+been)\s+asking\s+(?:me\s+|us\s+)?\"[^\"\n]{3,120}\?\"\s*[.!]?)(?=\s|$)",
        ICASE,
    )
)
_SPANS += [
    # "Realtors keep asking how many people look at their listings.": what people keep asking,
    # a sentence of its own (a word that may select records must be said again: _restated)
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:keep|keeps|kept"
        r"|have\s+been|has\s+been)\s+asking\s+(?:me\s+|us\s+)?(?:which|whether|how|what|why"
        r"|when|if|about)\s+[^,;:.!?\n\x00]{3,100}?)(?=[.!?](?:\s|$))",
        ICASE,
    ),
    # "We need this for the quarterly audit.": what the output is for, a sentence of its own
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:we|they|i|(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:need"
        r"|needs|want|wants|asked\s+for)\s+(?:this|it)\s+for\s+(?:the|our|a|an|their)\s+"
        # (lower-case words only: "the EU audit" may say which records)
        r"(?:(?-i:[a-z][a-z-]*)\s+){0,2}?(?:audit|review|demo|presentation|migration|launch|investigation"
        r"|board\s+meeting|report|dashboard|pilot|rollout))(?=\s*[.!](?:\s|$))",
        ICASE,
    ),
    # "The city publishes these on its website.": where someone else shows the output
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:publish|publishes"
        r"|show|shows|display|displays|puts|put|posts|post)\s+(?:these|them|it|this|those)\s+(?:on"
        r"|in)\s+(?:its|their|our|the)\s+(?:[\w-]+\s+)?(?:website|site|app|portal|intranet|web\s+page"
        r"|homepage|screens?|signs?|displays?|boards?))(?=\s*[.!](?:\s|$))",
        ICASE,
    ),
    # "The ops center watches that topic.": who reads the output, after the sink is named
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:watch|watches|monitor"
        r"|monitors|read|reads|consume|consumes|check|checks|(?:listen|listens|subscribe"
        r"|subscribes)\s+to)\s+(?:that|this|the\s+(?:output|new))\s+(?:topic|table|stream"
        r"|output))(?=\s*[.!](?:\s|$))",
        ICASE,
    ),
]
# "Clinicians want to see how long people actually wear them in one go.", "The manager uses it
# to check how long each flood takes", "Marketing wants to understand how a skier's day looks",
# "want to eyeball how the inspection rounds look": how something looks or lasts, what someone
# wants to look at in the output, a sentence of its own. Each word of the question is checked
# by `_see_how_plain` (no number, field, name, selecting word or time of day: "how long each
# machine runs per shift", "how the ground dries out during the day" refuse). "which ..."
# ("to see which stations are in use") picks records by its nature: not read here.
_SEE_WHO = (
    r"(?:we|i|they|(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?:\s+of\s+the\s+[\w-]+)?"
    r"|(?-i:[A-Z][a-z]+))"
)
_SEE_HOW = (
    rf"(?:{_SEE_WHO}\s+)?(?:(?:really\s+|just\s+)?(?:(?:want|wants|need|needs|would\s+like"
    r"|'d\s+like)\s+to|wanna)|(?:use|uses|will\s+use)\s+(?:it|this|that|these|them)\s+to|(?<![\w\s])to"
    # ("Marketing wants this to estimate how long people ski": the output, then the question)
    r"|(?:want|wants|need|needs)\s+(?:it|this|that|these|them)\s+to)\s+"
    r"(?:see|check|understand|know|eyeball|follow|estimate|measure|gauge)\s+(?P<q>how\s+"
    r"[^,;:.!?()\n\x00]{3,100}?)"
)
# (the clause as the spans below give it, without its full stop: a wider clause, the sentence
# with its stop, is checked as any purpose's when this one is "unsure")
_SEE_HOW_CLAUSE = re.compile(rf"\s*(?P<c>{_SEE_HOW})\s*", ICASE)
_SPANS.append(
    re.compile(
        r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))\s*(?P<c>" + _SEE_HOW + r")(?=\s*[.!?](?:\s|$)|\s*$)",
        ICASE,
    )
)
# "To see how long the operators actually run the line in one stretch, we'd like ...": the
# same, ahead of the ask
_SPANS.append(
    re.compile(
        r"^\s*(?P<c>to\s+(?:see|check|understand|know)\s+how\b[^,;:.!?\n]{3,100}?)(?=,)", ICASE
    )
)
# "The CRM team uses that topic for thank-you vouchers.", "The field crews will get paged from
# that topic.", "Insurance will want to see these.", "(we need this for the dunning emails)",
# "it's for the live odds model": who uses the output and for what, a sentence or an aside of
# its own, after the ask. What it is used for is lower-case words only ("the EU dashboard" may
# say which records); its values, negations and units are checked like any purpose's.
_USED_FOR = (
    r"\s+(?:(?:for|in|on|to\s+(?:build|power|feed|drive|fill|run|update))\s+(?:(?:the|our|their|a|an|its)\s+)?"
    r"(?:(?-i:[a-z][a-z-]*)\s+){0,3}?(?-i:[a-z][a-z-]*)"
    # ("QA uses it to trace colour complaints back to a supplier", "Marketing uses this to send
    # the welcome pack": their own work with it, every word checked by `_used_plain`)
    r"|to\s+(?:trace|send|plan|schedule|staff|restock|reorder|chase|contact|call|invoice|bill)\s+"
    r"(?:(?:the|our|their|a|an|its)\s+)?(?:(?-i:[a-z][a-z-]*)\s+){0,5}?(?-i:[a-z][a-z-]*))"
)
_OUTPUT = (
    # ("reads these keys": the sink's own records)
    r"(?:(?:these|those)\s+(?:keys|rows|records|entries)|it|these|them|those"
    r"|(?:this|that)(?:\s+(?:topic|table|feed|stream|output|data|list))?"
    r"|the\s+(?:output|results|feed|new\s+topic|new\s+table))"
)
_STORE = r"(?:clickhouse|redis|kafka)"
_USED = (
    # ("the energy billing people read this topic", "the growers' pager bot subscribes to it")
    # ("Telescope control reads from that topic": a department named bare, in two words)
    # ("QA audits these numbers": a department said by its letters)
    r"(?:(?:the|our)\s+(?:[\w'-]+\s+){0,2}?[\w-]+|we|they|(?-i:QA|HR|BI)|(?-i:[A-Z][a-z]+)(?:\s+(?-i:[a-z]+)(?=\s+(?:reads?"
    r"|pulls?|invoices?|bills?|uses?|consumes?|subscribes?|listens?|watch(?:es)?|works?)\s))?"
    rf"|{_BARE_GROUP})"
    r"\s+(?:(?:uses?|will\s+use"
    # ("Billing reads from that topic.", "finance invoices from this table": the people who
    # work from the output, what they make of it a verb of their own trade)
    r"|(?:reads?|pulls?|invoices?|bills?|pays?\s+out)\s+(?:from|off)"
    # ("Finance reconciles against this every month end": the books checked against the output)
    r"|reconciles?\s+(?:against|with)"
    # ("The front desk calls patients from that list": whom they contact, checked by
    # `_used_plain` as every word: "calls the late patients" refused)
    r"|(?:calls?|phones?|rings?|e-?mails?|texts?|contacts?)\s+(?:the\s+)?(?-i:[a-z]+)\s+(?:from|off)"
    r"|reads?|polls?|consumes?|(?:subscribes?|listens?)\s+to"
    r"|(?:will|would)\s+(?:want|need)\s+to\s+see|(?:want|wants|need|needs)\s+to\s+see|(?:asked"
    r"|asks)\s+for|(?:will\s+)?(?:look|looks)\s+at|(?:will\s+)?(?:get|be)\s+(?:paged|alerted|notified)\s+(?:from"
    rf"|off|through|via))\s+{_OUTPUT}(?:{_USED_FOR})?"
    # "Management reviews the numbers every Monday."
    # ("The vet checks that list each morning.": the output named as a list, topic or table)
    # ("QA audits these numbers.", "The planners query it every morning.": people checking or
    # querying the output, nothing chosen)
    rf"|(?:review|reviews|check|checks|go\s+through|goes\s+through|audits?|inspects?|quer(?:y|ies))"
    rf"\s+(?:{_OUTPUT}|(?:the|these|those)\s+(?:numbers|figures))"
    # ("The tower crews decide the flag colour from it.": what they settle from the output, a
    # plain noun of their own trade, each word checked by `_used_plain`)
    r"|(?:decides?|plans?|sets?|picks?|chooses?|schedules?|works?\s+out|figures?\s+out)\s+"
    r"(?:(?:the|their|our)\s+)?(?:(?-i:[a-z][a-z-]*)\s+)?(?-i:[a-z][a-z-]*)\s+"
    rf"(?:from|off|based\s+on|using)\s+{_OUTPUT}"
    # ("the reefer technicians work from that list", "the ice techs watch that topic on their
    # phones": people working from the output, where they look at it and nothing more)
    r"|(?:(?:works?|working)\s+(?:from|off)|watch(?:es)?|keeps?\s+an\s+eye\s+on)\s+"
    rf"{_OUTPUT}(?:\s+on\s+(?:their|our|the)\s+(?:phones|tablets|screens|laptops|pagers|radios))?"
    rf"|(?:need|needs|want|wants|use|uses)\s+{_OUTPUT}{_USED_FOR}"
    # ("mechanics want a board for them": a screen of the output, nothing chosen)
    r"|(?:need|needs|want|wants)\s+(?:a|an)\s+(?:board|dashboard|screen|display|view|page)\s+"
    rf"(?:for|of|with)\s+{_OUTPUT}"
    # ("the instructors want the course list in ClickHouse", "the owner wants them in ClickHouse
    # for the planning sheet": who wants the output where the sink puts it; the list's noun
    # must name the records, see `_list_names_records`)
    rf"|(?:need|needs|want|wants)\s+(?:{_OUTPUT}|the\s+(?-i:[a-z]+)\s+list)\s+in\s+{_STORE}"
    # (what it is for may name a code: "for the EU planning sheet", checked in `_used_plain`)
    r"(?:\s+for\s+(?:the|our|their|a|an)\s+(?:[A-Za-z][\w-]*\s+){0,3}?(?-i:[a-z][a-z-]*))?)"
    r"(?:\s+(?:every|each)\s+(?:morning|evening|afternoon|shift|monday|tuesday|wednesday"
    r"|thursday|friday|month[\s-]end)|\s+at\s+month[\s-]end|\s+last\s+week|\s+yesterday|\s+asap)?"
    # "..., it's for the live odds model", "This is for the broker leaderboard."
    r"|(?:this|it)(?:'s|\s+is)\s+(?:(?:mainly|mostly)\s+)?(?:used\s+)?(?:for|by)\s+(?:the|our"
    r"|their|a|an)\s+(?:(?-i:[a-z][a-z-]*)\s+){0,3}?(?-i:[a-z][a-z-]*)"
)
_SPANS.append(
    re.compile(
        # (", and the owner wants them in ClickHouse": a clause after "and" too; a line after a
        # bulleted list, which the normaliser ends with ";")
        # ("Just print to stdout for now, the studio managers will look at it.": the layout
        # drops "for now," before it, as LATER's)
        r"(?:^|(?<=[.!?;]\s)|(?<=,\s)|(?<=\band\s)|(?<=stdout\s)|(?<=console\s)|(?=\())\s*"
        r"(?P<c>\((?:" + _USED + r")\s*[.!]?\)"
        r"|(?:" + _USED + r")(?:\s*[.!](?=\s|$)|\s*$))",
        ICASE,
    )
)
# Words that would say which records or how, in a `_USED` clause (the broader step words
# would refuse "the broker leaderboard", "the odds model", "the field crews").
_USED_DENY = re.compile(
    r"latest|newest|oldest|earliest|first|last|top|bottom|per|only|just|more|less|fewer|above"
    r"|below|over|under|than|between|before|after|windows?|columns?|sessions?"
    r"|groups?|exactly|once|twice|unique|each|every|all|some|most|least|many|few"
)
# "The underwriting folks asked me to get them a feed of rejected applications.": who asked for
# the output, as a sentence of its own; every word of what the feed holds must be said again
# (see `_restated`: "a feed of rejected applications" needs the filter on 'rejected').
_FEED_OF = re.compile(
    r"(?:(?:the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?-i:[A-Z][a-z]+))\s+(?:asked|asks|have\s+asked"
    r"|has\s+asked)\s+(?:me|us)\s+(?:for|to\s+(?:get|build|make|set\s+up)\s+(?:them|him|her)?)\s*"
    r"(?:a|an)\s+(?:live\s+)?(?:feed|stream|list|view|table|topic)\s+of\s+(?P<x>(?:[A-Za-z][\w-]*\s+){0,3}?"
    r"[A-Za-z][\w-]*)",
    ICASE,
)
_SPANS.append(
    re.compile(r"(?:^|(?<=[.!?]\s))\s*(?P<c>" + _FEED_OF.pattern + r"\s*[.!])(?=\s|$)", ICASE)
)
# "... to ClickHouse ops.tower_gusts, which the control room dashboard already reads", "...,
# which the pager bot subscribes to": who works from the output, said as a relative clause
# after a comma, closing its sentence (its words checked by `_used_plain`, as `_USED`'s are)
_USED_WHICH = (
    r"which\s+(?:the|our)\s+(?:[\w'-]+\s+){0,3}?[\w-]+\s+(?:already\s+|also\s+)?"
    r"(?:reads?(?:\s+from)?|uses?|consumes?|polls?|watch(?:es)?|quer(?:y|ies)|pulls?\s+from"
    r"|(?:subscribes?|listens?)\s+to|works?\s+(?:from|off))"
)
_SPANS.append(re.compile(r"(?<=,\s)(?P<c>" + _USED_WHICH + r")(?=\s*[.!]*(?:\s|$))", ICASE))
_USED_CLAUSE = re.compile(r"\(?(?:" + _USED + r"|" + _USED_WHICH + r")\s*[.!]?\)?", ICASE)
# The words of a `_USED` clause that only build it ("uses that topic for", "will get paged
# from"); every other word ("the fraud team", "the broker leaderboard") is checked in
# `_used_plain`.
_USED_WORDS = word_set(
    """the our we they their a an its this it it's these them those that is use uses used will
    read reads consume consumes subscribe subscribes listen listens pull pulls invoice invoices
    bill bills pay pays out call calls phone phones ring rings email emails e-mail e-mails text
    texts contact contacts keys rows records entries
    would want wants need needs to see asked asks for look looks at get be paged alerted notified
    from off through via topic table feed stream output data results new in on build power drive
    fill run update every each morning evening afternoon shift monday tuesday wednesday thursday
    friday last week yesterday asap mainly mostly by review reviews check checks go goes through
    numbers figures work works working watch watches keep keeps an eye list decide decides plan
    reconcile reconciles against audit audits inspect inspects query queries qa hr bi
    trace send staff restock reorder chase contact call invoice bill back
    plans set sets pick picks choose chooses schedule schedules figure figures based using poll
    polls board dashboard screen display view page which already also"""
)


_QUESTION_ASKED = re.compile(r"(?<=asking\s)(\s*(?:me\s+|us\s+)?)\"([^\"\n]{3,120}\?)\"", ICASE)

_VALUE = re.compile(
    # ("E42": a code with digits, one value, said again whole)
    r"'[^']*'|\"[^\"]*\"|`[^`]*`|(?<![\w.-])[A-Za-z]+\d\w*(?![\w.-])|\d+(?:\.\d+)?"
    r"|(?<![\w.-])(?!per-)[A-Za-z]\w*[_.-][\w.-]*\w"
    r"|[<>]=?|[!=]=|\{[^}]*\}"
)
# A compound adjective ("the on-call dashboard", "brute-force attempts"): letters joined by
# hyphens, before another word and not after a word that introduces a name ("on raw-events",
# "topic host-metrics"); not a value a requirement could hide.
_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_NAME_LEAD = re.compile(
    r"(?:\b(?:on|in|from|to|into|onto|of|topic|topics|table|stream|key|field|column|named"
    r"|called)|[:(])\s*$",
    ICASE,
)
# Verbs that act on records or their delivery ("Ignore test accounts.", "We need it
# compressed"): a clause holding one may be a requirement, so each of its words must be restated.
_ACTION = re.compile(
    r"\b(?:ignor|skip|discard|drop|remov|filter|exclud|includ|hid|hide|block|reject|suppress"
    r"|dedup|deduplicat|mask|redact|hash(?!tag)|anonymi[sz]|encrypt|compress(?!ors?\b)|partition"
    r"|sort"
    # ("than the batch job gives us": the old process, never batching the output)
    r"|batch(?!\w*\s+(?:jobs?|process(?:es)?|runs?|exports?|reports?|loads?)\b)"
    r"|retr[yi]|convert|round|truncat|limit|sampl|throttl|split|merg|trim|lowercas|uppercas"
    r"|renam|cast|duplicat|dupe|out-of-order|missing|null|empty|invalid|malformed|broken"
    # ("a replica with hard deletes": what a deleted row does, a CDC setting)
    r"|corrupt|delet)\w*|\blate\b|\blateness\b"
    # a judgement on records ("Refunds are irrelevant.", "Bot traffic is noise."): a filter?
    r"|\b(?:irrelevant|relevant|noise|noisy|junk|spam|garbage|bogus|fake|unwanted|useless|useful"
    r"|elsewhere|separately|matters?)\b"
    # an aggregate named only in the purpose ("Goal: a per-minute error count") must be one the
    # request computes, with every word that qualifies it restated
    r"|\b(?:count|counts|sum|sums|total|totals|average|averages|avg|mean|max|min|maximum|minimum"
    r"|unique|distinct|percentile|median)\b",
    ICASE,
)
_WHO = re.compile(
    r"^\s*(?:(?:our|the|my|your)\s+)?(?:[\w-]+\s+){0,3}?(?:team|folks|analysts|engineers|people|squad"
    r"|department|colleagues|managers?|ops|sre|qa|soc|noc|secops|devops|infosec|dba|dbas|bosses|boss|lead)\b",
    ICASE,
)
# Where those who ask are: "the ops folks at the resort only care about ...".
_WHO_PLACE = re.compile(
    r"\b(?:team|teams|folks|analysts|engineers|people|squad|department|colleagues|managers?|ops"
    r"|staff|crew)\s+(?:at|in|on)\s+(?:the|our)\s+[A-Za-z][\w-]*(?=\s+(?:only|just|mainly|really"
    r"|care|cares|want|wants|need|needs)\b)"
    # "(asked by the reliability engineers at the Kestrel pit)": who asked, and where they work
    r"|\b(?:asked|requested)\s+(?:for\s+)?by\s+(?:the|our)\s+(?:(?-i:[a-z][\w-]*)\s+){0,3}?(?:team|teams|folks"
    r"|analysts|engineers|people|squad|department|colleagues|managers?|ops|staff|crew|leads)"
    r"(?:\s+(?:at|in|on)\s+(?:the|our)\s+(?:[A-Za-z][\w-]*\s+)?[a-z][\w-]*)?(?=\s*\)?\s*$)",
    ICASE,
)
# Nouns that only say who or what the pipeline serves ("for the on-call dashboard").
_AUDIENCE = word_set(
    """goal goals purpose aim objective context background why dashboard dashboards report
    reports reporting team teams on-call oncall analysts analyst engineers engineer managers
    manager colleagues stakeholders squad department everyone finance marketing billing support
    security fraud risk product leadership management view views
    auditor auditors regulator regulators compliance legal"""
)
# A purpose given as a labelled line ("Goal: a per-minute error count for the dashboard."):
# the recognisers never read it; its words are then checked like any purpose clause's.
# A ticket's title line ("Title: Fridge temperature alerting", see text.py) is read the same
# way, each of its words said again.
_TITLE_LABELS = r"(?:title|subject|story|epic|feature)"
PURPOSE_LABEL = re.compile(
    r"(?:^|(?<=[;.!?]\s))\s*(?:goal|purpose|aim|objective|context|background|why|title|subject"
    rf"|story|epic|feature|{_WHY_LABEL})\s*:"
    r"[^;:.!?\n]*(?:[.!?:]?(?=\s*;)|[.!?:](?=\s|$)|$)",
    ICASE,
)
# "Our revenue team only cares about ...", "the data team wants": the words naming a team are
# who asks, never a requirement ("revenue" is no sum there): no recogniser reads them.
PURPOSE_WHO = re.compile(
    # (never a store's name: "the MySQL database people", "the topic people"; never a group-by:
    # "sum the net_pay per department"; never an aggregate's name: "count the distinct team_id
    # as teams")
    r"\b(?:our|the|my|your)\s+(?P<w>(?:(?!(?:and|or|to|from|into|of|for|with|in|on|per|by|each"
    r"|every|as|database|db|schema|table|topic)\b)[A-Za-z][\w-]*"
    r"\s+){1,3}?)(?=(?:team|teams|folks|analysts|engineers|squad|department|colleagues|people)\b"
    # ("the compacted teams topic esports.teams": a topic named after its records, no people)
    r"(?!\s+(?:kafka\s+)?(?:topic|table|stream|feed)\b))",
    ICASE,
)

PURPOSE_AHEAD = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=[,;]\s))\s*(?P<w>{_PURPOSE_AHEAD})(?=[,;.!?]|$)", ICASE
)


_NEGATION = re.compile(r"\b(?:not|no|never|without|except|excluding|exclude|unless|nor)\b", ICASE)
# "We don't need refunds.": a contraction negates too, unless what it negates is an action the
# parse states ("We can't afford double counting" with a dedup).
_CONTRACTED = re.compile(r"n't\b|\bcannot\b", ICASE)
# Words that select records ("We only care about mobile users: ..."): the clause may then be a
# filter the rest does not state, so each of its other content words must be restated.
_SELECTION = re.compile(
    r"\b(?:only|just|care|cares|interested|focus\w*|specific\w*|particular\w*|certain"
    r"|mainly|mostly|solely|exclusively)\b",
    ICASE,
)
# "only EU ones", "solely the paid orders": a selection, restated only by a filter ("the eu-orders
# topic" says the same words, but keeps every record).
_ONLY = re.compile(r"\b(?:only|solely|exclusively)\b", ICASE)
# Words in a purpose clause's unread words that may state a requirement ("Finance wants it in
# euros", "the amounts are in cents", "some readings come in twice", "the newest records first",
# "staging devices", "the heavy ones"): each word of it must then be said again.
_REQUIRING = re.compile(
    r"\b(?:euros?|eur|cents?|dollars?|usd|pounds?|gbp|percent|percentages?|twice|again"
    r"|repeated|newest|oldest|sorted|ordered|staging|sandbox|weekends?|weekdays?"
    r"|excluded|included|separately|instead|converted|rounded|utc|timezone)\b",
    ICASE,
)
# ... and these, when the parse has no filter they could describe ("We want to find big
# refunds" with "amount > 500"; "the heavy ones" with none).
_REQUIRING_UNFILTERED = re.compile(r"\b(?:test|testing|heavy|light|big|small|large|first)\b", ICASE)
# "we're the data team at a small documentary festival": the size of where the sender works,
# closing the clause, selects no records
_ORG_SIZE = re.compile(
    r"(?<=\b(?:at|of)\s)(?:a|an)\s+(?:small|large|big|tiny)\b(?=(?:\s+[a-z][\w-]*){1,3}\s*[.!?]?\s*$)",
    ICASE,
)
# "so that the safety officer can review the deep dives" with no filter: "the <word> <plural>"
# names some of the records when its first word is said nowhere else
# (the object of what someone can or will do)
_SOME_RECORDS = re.compile(
    r"\b(?:can|could|will|may|might|to)\s+[a-z]+(?:\s+(?:up\s+on|at|on|into|over))?\s+the\s+"
    r"(?P<m>[a-z][a-z-]*)\s+(?P<n>[a-z]+s)\b",
    ICASE,
)
_CODED_PLURAL = re.compile(r"\b(?-i:([A-Z]{2,}))\s+(?-i:([a-z]+s))\b")
# (a plural that is who asks, or a verb: "the SDK retries uploads", "NOC keeps asking")
_PEOPLE = word_set(
    """auditors regulators folks people staff leads inspectors officers admins keeps retries
    sends wants needs says asks gets runs uses reads writes requires expects checks reviews
    audits queries reconciles inspects"""
)
# "only care about", "only interested in": the clause selects records, so the parse must have a
# filter for anything to restate it.
# A ranking word ("trending", "most popular"): restated only by a top-N ("ranked" in the facts).
_RANKING = re.compile(r"\b(?:trending|popular|hottest|busiest)\b", ICASE)
# 'a live "busiest hotels" board': the quoted name of the output's screen, its words checked as
# words (a ranking word there must be restated by a top-N, see _RANKING)
_BOARD_NAME = re.compile(
    r"(?<=\s)\"(?P<q>[A-Za-z][A-Za-z' -]{1,40})\"(?=\s+(?:board|dashboard|leaderboard|badge|view"
    r"|screen|panel|widget|tile)\b)",
    ICASE,
)
_WANTS_SO_ADD = re.compile(
    r",\s*so(?:\s+(?:please|we|i))?\s+(?:add|compute|calculate|derive|convert)$", ICASE
)
_ASKED_OR_SEEN = re.compile(
    r"\basking\b|\b(?:situation|picture|state|status|trend|trends|development|behaviou?r"
    r"|performance)\b",
    ICASE,
)
_CARES = re.compile(r"\b(?:care|cares|caring|interested|bothered)\b", ICASE)
_GENERIC = word_set(
    """about on in the we our us i want wants need needs see team teams traffic folks people
    they them their it its is are was were be"""
)
_UNIT = re.compile(
    # "month-end close", "end-of-day report": a point in the calendar, not a duration
    r"\b(?:per[\s-]+)?(?<!end-of-)(?<!end\sof\s)(?<!end\sof\sthe\s)(?P<u>second|minute|hour|day|week|month)s?\b"
    r"(?![-\s]end\b)|\b(?P<a>hourly|daily|weekly"
    r"|monthly|minutely)\b",
    ICASE,
)
# "asked for this last week", "a demo to the board next week": a point in the calendar, not a
# duration; never after a word that makes it a span ("counts for last week", "over the last
# week" stay units and refuse).
_CALENDAR_POINT = re.compile(
    r"(?<!\bover\s)(?<!\bduring\s)(?<!\bin\s)(?<!\bfor\s)(?<!\bwithin\s)(?<!\bof\s)"
    r"(?<!\bthe\s)(?<!\bper\s)(?<!\bevery\s)(?<!\beach\s)(?<!\bfrom\s)(?<!\bsince\s)"
    r"\b(?:last|next)\s+(?:week|month|quarter|sprint|year)\b(?!\s*'s)",
    ICASE,
)
_ADVERB_UNIT = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
                "minutely": "minute"}  # fmt: skip


# "We'd like a live feed instead.": a streaming version of the old process said just before
# (see _NOW_PROCESS, _OLD_PROCESS), as its own sentence
_INSTEAD = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<c>(?:we|i|they)(?:'d|\s+would)\s+(?:like|love|prefer)\s+(?:a|an|some)\s+"
    r"(?:live|real-time|realtime|streaming|continuous|up-to-date)\s+(?:feed|stream|version|view"
    r"|pipeline)\s+instead[.!])(?=\s|$)",
    ICASE,
)


# "We are migrating off our nightly batch job.", "This will replace the Excel report the
# planners build by hand.": what the pipeline replaces, as a sentence of its own; the old
# process, no step of this one. Its words are checked in `_replaced` (a word that could be a
# step of the new pipeline, "the revenue-per-store export", refuses).
_OLD_THING = (
    r"(?:the|our|a|an|their|this)\s+(?P<old>(?:[A-Za-z][\w-]*\s+){0,3}?)(?:exports?|dumps?|jobs?"
    r"|cron(?:\s+jobs?)?|scripts?|spreadsheets?|sheets?|process|processes|syncs?|extracts?"
    r"|uploads?|e-?mails?|reports?|csvs?|workflow|setup|system|tool|dags?|notebooks?|macros?"
    r"|(?<=manual\s)checks?)"
)
# "... the old cron job that copies site sensor data every night": what the old process does,
# its object checked like the old process's name, its timing the old process's
_OLD_DOES = (
    r"(?:that|which)\s+(?:copies|moves|exports|dumps|pulls|syncs|mails|emails|uploads|ships)\s+"
    r"(?P<what>(?:[A-Za-z][\w-]*\s+){0,4}?[A-Za-z][\w-]*)"
    r"(?:\s+(?:every\s+(?:night|morning|evening|day|week)|once\s+a\s+(?:day|night|week)"
    r"|overnight|by\s+hand|manually))?"
)
_REPLACED = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<c>(?:(?:we(?:'re|\s+are)|i(?:'m|\s+am))\s+(?:(?:finally|slowly)\s+)?"
    r"(?:(?:migrating|moving|switching)\s+(?:off|away\s+from|from)|replacing|retiring|sunsetting"
    r"|decommissioning|deprecating|phasing\s+out)"
    # "We want to replace the nightly export.", "We'd like to retire our sync script."
    r"|(?:we|i)(?:\s+(?:want|need|hope)|'d\s+like|\s+would\s+like)\s+to\s+(?:finally\s+)?"
    r"(?:replace|retire|sunset|decommission|phase\s+out|move\s+off|migrate\s+off)"
    r"|(?:this|it|the\s+(?:new\s+)?(?:pipeline|job|stream|feed))\s+(?:(?:will|should|would"
    r"|is\s+(?:meant|supposed)\s+to|is\s+going\s+to)\s+replace"
    # "This replaces a manual check the branch staff do at the counter." (who does it today
    # said; "This replaces the old Spark job." is read as context, see is_context)
    r"|replaces(?=\s[^.!?]*\s(?:the|our)\s+(?:[a-z]+\s+)?[a-z]+\s+(?:do|does|build|builds|make"
    r"|makes|run|runs|fill|fills|get|gets|receive|receives)\b)))\s+"
    rf"{_OLD_THING}"
    # "the nightly CSV export from the gift shop tills": where the old process takes its data
    r"(?:\s+(?:from|of|off)\s+(?:the|our|their)\s+(?P<src>(?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*))?"
    rf"(?:\s+{_OLD_DOES})?"
    # "... the planners build by hand", "... the mechanics get by email": who fills it in, or
    # gets it, today
    r"(?:\s+(?:that\s+)?(?:the|our)\s+(?:[a-z]+\s+)?[a-z]+\s+(?:build|builds|make|makes|do|does|run"
    r"|runs|maintain|maintains|update|updates|fill\s+in|fills\s+in|get|gets|receive|receives)"
    r"(?:\s+by\s+hand|\s+manually|\s+(?:by|over|via)\s+e-?mail"
    r"|\s+at\s+the\s+(?:counter|desk|gate|front\s+desk|end\s+of\s+(?:the\s+)?(?:day|shift)))?)?"
    r"\s*[.!])(?=\s|$)",
    ICASE,
)
# Words an old process's name may hold ("our nightly batch job", "the old Excel report")
_OLD_WORDS = word_set(
    "nightly daily weekly hourly monthly morning batch old legacy manual excel csv cron spark"
    " airflow python bash sql etl"
)


def _replaced(clause: str) -> bool:
    """`clause` is a `_REPLACED` sentence whose old process, and what it does, hold no step
    word (the old process's name may say its timing: "our nightly batch job")."""
    m = _REPLACED.fullmatch(clause.strip())
    if not m:
        return False
    named = [w for w in m["old"].split() if w.lower() not in _OLD_WORDS]
    what = (m["what"] or "").split() + (m["src"] or "").split()
    if any(len(w) > 4 and w.lower().endswith("ed") for w in (m["src"] or "").split()):
        return False  # "the export of the refunded sales": which records the old one took
    # ("the old job that copies EU readings": a code there may say which records to keep)
    if any(c not in _CAPS_OK for c in _CAPS.findall(" ".join(what))):
        return False
    return not any(_requirement_word(w) for w in named + what)


def _requirement_word(word: str) -> bool:
    """`word` may say a step, a value, a qualifier or a time unit of the new pipeline."""
    return bool(
        _VALUE.search(word)
        or _STEP_WORDS.search(word)
        or _ACTION.search(word)
        or _QUALIFIER.search(word)
        or _UNIT.search(word)
    )


def may_select(words: str, *, records_noun: bool = False) -> bool:
    """`words` (who asks: "the night shift manager"; what a database holds: "our ticket orders")
    hold a word that may say which records or a step: a requirement or qualifying word ("test",
    "urgent"), a participle ("the cancelled trips team"; "hosted" says how a system runs), a name
    or code ("the EU team") or a number. With `records_noun`, the last word names the records
    ("orders", "alerts"): only a word that selects counts there, never a step's word."""
    said = words.split()
    nouns = said[-1:] if records_noun else []
    return (
        any(_selecting_word(w) or (w not in nouns and _requirement_word(w)) for w in said)
        or any(p != "hosted" for p in re.findall(r"\b[a-z]+ed\b", words.lower()))
        or bool(re.search(r"\b[A-Z]|\d", words))
    )


_EVERY = word_set("every each all")  # ("logs every visit": all the records, none chosen)


def may_select_records(words: str) -> bool:
    """`words` (a context sentence's: "the crew logs every visit") hold a word that may say
    which records: a qualifying word, a participle, a name or code, or a number; a step's word
    ("keeps", "every") is how such a sentence says where the data is."""
    return (
        any(_selecting_word(w) for w in words.split() if w.lower() not in _EVERY)
        or any(p != "hosted" for p in re.findall(r"\b[a-z]+ed\b", words.lower()))
        or bool(re.search(r"\b[A-Z]|\d", words))
    )


# "every cancelled booking", "each delayed departure": a participle right after a word for all
# the records, before their noun; in a context sentence, which records (see `_restated`)
_EVERY_PARTICIPLE = re.compile(
    r"\b(?:every|each|all(?:\s+the)?)\s+(?:(?P<p>[a-z]{3,}ed)\s+[a-z][\w-]*"
    # "every departure that was delayed"
    r"|[a-z][\w-]*\s+(?:that|which)\s+(?:is|are|was|were|got|gets)\s+(?P<q>[a-z]{3,}ed)\b)",
    ICASE,
)


def _context_selects(words: str, lowered: str) -> bool:
    """A context-labelled sentence's words hold a participle after "every" said nowhere else
    ("the front desk keeps every cancelled booking"): it says which records."""
    return any(not _said(m["p"] or m["q"], lowered) for m in _EVERY_PARTICIPLE.finditer(words))


def _selecting_word(word: str) -> bool:
    """`word` may say which records ("test", "urgent", "euros", "heavy")."""
    return bool(
        word.lower() in QUALIFYING
        or word.lower() in PLACE_QUALIFIERS
        or _QUALIFIER.search(word)
        or _REQUIRING.search(word)
        or _REQUIRING_UNFILTERED.search(word)
    )


def replaced_spans(text: str) -> list[tuple[int, int]]:
    """The `_REPLACED` sentences holding no step word: no recogniser reads them ("moving off
    our old job" is no moving window)."""
    return [m.span("c") for m in _REPLACED.finditer(text) if _replaced(m["c"])]


def purpose_spans(text: str) -> list[tuple[int, int]]:
    """Where the request's purpose clauses are, as (start, end)."""
    spans = []
    for pattern in _SPANS:
        for m in pattern.finditer(text):
            spans.append((m.start("c"), m.end("c")))
    spans += [(m.start("c"), m.end("c")) for m in _REPLACED.finditer(text)]
    for m in _INSTEAD.finditer(text):
        if _NOW_PROCESS.search(text, 0, m.start()) or _OLD_PROCESS.search(text, 0, m.start()):
            spans.append((m.start("c"), m.end("c")))
    return spans


def _unit_asked(words: str) -> bool:
    """`words` say a unit in full after "in" ("distance in miles", "the charts are in pounds";
    never a short "m" or "kg", which may be anything, nor a device: "the power meter")."""
    return any(
        len(word) >= 4 and re.fullmatch(units, word, ICASE)
        for word in re.findall(r"\bin\s+([a-z]+)", words, ICASE)
        for kind, table in UNITS.items()
        if kind != "time"  # (time units are checked on their own: _UNIT)
        for units in table
    )


def _unit_in_field_name(word: str, lowered: str) -> bool:
    """`word` is a unit said in full ("pounds") whose short form ends a field's name in
    `lowered` ("weight_lb"): the title's "weight in pounds" is that field, said again."""
    short = [
        re.sub(r"s\?$", "", alt)
        for units in UNITS.values()
        for words in units
        if re.fullmatch(words, word, ICASE)
        for alt in words.split("|")
        if re.fullmatch(r"[a-z]+(?:s\?)?", alt)  # (a plain word, no phrase)
    ]
    return any(re.search(rf"\w_{w}s?\b", lowered) for w in short)


def _said(word: str, lowered: str, filtered: bool = False) -> bool:
    """`word` is said in `lowered`. A word that may select records ("big", "test") must be
    said as a word outside a name unless the parse has a filter it can describe: the topic
    big-claims does not keep only the big claims (the sink premium-bookings after a filter on
    room_type names what the filter keeps)."""
    low = word.lower()
    if not filtered and (_QUALIFIER.fullmatch(word) or _REQUIRING_UNFILTERED.fullmatch(word)):
        return bool(re.search(rf"(?<![\w.-]){re.escape(low)}(?:e?s)?(?![\w.-])", lowered))
    return low in lowered


# A clause keeping records before or after something is an instruction ("Keep sales after the
# festival." had its "keep sales" read and the rest taken as a purpose)
_INSTRUCTION = re.compile(
    r"\s*(?:please\s+)?(?:keep|include)\s+(?:only\s+)?(?:the\s+)?[a-z][\w-]*\s+(?:before|after"
    r"|until)\b",
    ICASE,
)


# "we check the failed fills by hand", "re-key urgent orders manually": a word before the
# plural handled by hand (a qualifier or a participle)
_BY_HAND_OBJECT = re.compile(
    r"\b(?:(?:the|all|any|our|their)\s+)?(?P<q>[a-z]+)\s+(?P<n>[a-z]+s)\s+(?:by\s+hand|manually)\b",
    ICASE,
)


def _hand_picked(m: re.Match[str], lowered: str) -> bool:
    """A `_BY_HAND_OBJECT` match whose word may select records and is said nowhere else."""
    word = m["q"].lower()
    picks = _QUALIFIER.fullmatch(word) or (word.endswith("ed") and len(word) > 4)
    return bool(picks) and not _said(word, lowered)


def _some_records(m: re.Match[str], lowered: str) -> bool:
    """A `_SOME_RECORDS` match whose first word, said nowhere else, may select records."""
    return (
        not _said(m["m"], lowered)
        and m["n"].lower() not in _AUDIENCE
        and m["m"].lower() not in _GENERIC | FILLER
    )


# "The EU manager wants a live bench yield:", "our ops desk needs a running fault score": a wish
# for a live thing the pipeline may not produce (a measure, a score). Who asks is context; what
# is wanted is one only when each of its words is said again elsewhere (the sink bench-yield),
# the rule `wants_live_output` keeps for its shape, whoever asks and wherever it stands.
_WANTS_THING = re.compile(
    r"\b(?:wants|want|needs|need|would\s+like|'d\s+like|asked\s+for|asks\s+for|is\s+asking\s+for"
    r"|requested)\s+(?:a|an)\s+(?:live|real-time|realtime|up-to-date|running)\s+"
    r"(?P<what>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s*(?=[:.!?]|$)",
    ICASE,
)


def _wish_unsaid(clause: str, lowered: str) -> bool:
    """`clause` wishes for a thing (see _WANTS_THING) a word of which nothing else says."""
    m = _WANTS_THING.search(clause.strip())
    if m is None:
        return False
    return not all(
        re.search(rf"(?<![a-z]){re.escape(w.lower())}", lowered)
        for w in m["what"].split()
        if w.lower() not in _GENERIC | FILLER | _OUTPUT_KIND | _WISH_ADVERBS
    )


# After the thing wished for ("a live feed instead"): how, never what
_WISH_ADVERBS = word_set("instead too also please now soon again as well")


# What an output is, not what it holds ("a tide dashboard"): said by the sink, never an ask
_OUTPUT_KIND = word_set(
    """dashboard dashboards report reports feed feeds view views overview board screen panel
    chart charts graph graphs table export copy replica pipeline stream"""
)


# "Kiosks open Monday", "The fair runs on Saturdays", "Doors open May 3": a day the records may
# be kept for (a weekday or date filter the spec cannot hold), unless said again elsewhere. A
# habit ("every Monday"), a deadline ("by Friday", "next Tuesday") or a meeting ("Tuesday's
# standup") is when people act.
_DAY_NAMED = re.compile(
    r"(?<!\bevery\s)(?<!\beach\s)(?<!\bby\s)(?<!\buntil\s)(?<!\bbefore\s)(?<!\bsince\s)"
    r"(?<!\blast\s)(?<!\bnext\s)(?<!\bthis\s)"
    r"\b(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{1,2}(?:st|nd|rd|th)?)\b(?!['\u2019]s\b)",  # ("Tuesday's standup": a meeting's day)
    ICASE,
)


def _day_unsaid(clause: str, lowered: str) -> bool:
    """`clause` names a day (see _DAY_NAMED) nothing else in the request says."""
    return any(
        not re.search(rf"\b{re.escape(m['day'].lower().rstrip('s'))}", lowered)
        for m in _DAY_NAMED.finditer(clause)
        if (m["day"][0].isupper() or m["day"].lower().startswith("week"))
        and not _MEETING_ON.search(clause, 0, m.start())
    )


# "To see how long the machines run at night, ...", "In order to track morning traffic": a
# time of day in a purpose clause may say which records are meant (refused unless a step says
# it again). Not when people act: "every morning", "a morning report", "so the night shift can
# tail it"; "not the next morning" only says a batch is too late, "good morning" greets.
_TIME_OF_DAY = re.compile(
    r"(?<!\bnext\s)(?<!\bgood\s)(?<!\bfollowing\s)(?<!\bevery\s)(?<!\beach\s)(?<!\bthis\s)"
    r"(?<!\btomorrow\s)(?<!\bper\s)"
    r"\b(?P<t>night(?:s|time)?|overnight|mornings?|evenings?|afternoons?|daytime|midday|lunch(?:time)?"
    r"|dawn|dusk|sunrise|sunset|twilight"
    r"|(?:business|office|working|opening|peak|rush|after|late|small)\s+hours?|off[\s-]peak)\b"
    r"(?!\s+(?:shifts?|crews?|teams?|staff|managers?|supervisors?|nurses?|operators?|desk"
    r"|reports?|briefings?|meetings?|stand-?ups?|digests?|e-?mails?|summary|summaries|huddles?"
    r"|calls?|reviews?|checks?|rounds?|rotas?|rosters?|schedules?|cover|duty|watch|buses|bus|trains?"
    r"|services?)\b)",
    ICASE,
)


# "In order to find quiet stores, ...": a word picking some of the groups, in a purpose clause
_PICKS_GROUPS = re.compile(
    r"\b(?P<t>busy|busier|quiet|quieter|idle|underused|overloaded)\b",
    ICASE,
)


def _time_of_day_unsaid(
    clause: str, lowered: str, patterns: tuple[re.Pattern[str], ...] = (_TIME_OF_DAY,)
) -> bool:
    """`clause` names a time of day (see _TIME_OF_DAY; or picks some groups, _PICKS_GROUPS,
    when asked) nothing else in the request says."""
    return any(
        not re.search(rf"\b{re.escape(m['t'].lower().split()[0].rstrip('s'))}", lowered)
        # ("Elections night:", "Opening night": an occasion's name, capitalised)
        and not re.search(r"\b[A-Z][a-z]+\s+$", clause[: m.start()])
        for p in patterns
        for m in p.finditer(clause)
    )


# "it's for a demo on Friday", "before the review on Monday": a meeting's day, when people act
_MEETING_ON = re.compile(
    r"\b(?:demo|meeting|review|call|standup|stand-up|presentation|workshop|sync|deadline|launch"
    r"|retro|offsite|audit)\s+(?:on\s+|this\s+|next\s+)?$",
    ICASE,
)


# "Meters sometimes arrive late over the mobile network, so allow 3 minutes of grace": why the
# window waits (see the last _SPANS pattern of the grace)
_LATE_REASON = re.compile(
    r"\blate\b[^.;!?]*,\s*so\s+(?:please\s+)?(?:allow|give|tolerate|accept|wait)\b", ICASE
)


def _late_reason_selects(clause: str, lowered: str) -> bool:
    """A lateness reason holding a place or a qualifying word said nowhere else ("Meters in
    the north region often arrive late ..."): it may say which records are meant."""
    if not _LATE_REASON.search(clause):
        return False
    words = re.findall(r"[a-z][\w-]*", clause.lower())
    selecting = PLACE_QUALIFIERS | (QUALIFYING - {"late", "some", "each", "every", "all", "any"})
    return any(w in selecting and not _said(w, lowered) for w in words)


# "To track premium orders, ...", "In order to watch ...", "For the Berlin dashboard, ...": a
# purpose said ahead of the ask (see _PURPOSE_AHEAD)
_AHEAD_LEAD = re.compile(
    r"\s*(?:in\s+order\s+to|to|so\s+that|so|for\s+(?:the|a|an|our|my))\s+(?P<rest>.*)", ICASE
)


def _ahead_selects(clause: str, lowered: str, filtered: bool) -> bool:
    """A purpose said ahead of the ask holds a qualifier ("premium") or a capitalised name (a
    place: "Berlin") that the rest of the request does not say again: which records, maybe."""
    lead = _AHEAD_LEAD.fullmatch(clause.strip(" ,;.!?"))
    if not lead:
        return False
    if not lead[0].lower().lstrip().startswith("so") and _time_of_day_unsaid(
        lead["rest"], lowered, (_PICKS_GROUPS,)
    ):
        return True  # "In order to find quiet stores" ("so dispatchers can move cars to busy
        # zones" says where people act)
    # a qualifier before its noun ("premium orders"), never a predicate ("were paid")
    for m in _ATTRIBUTIVE.finditer(lead["rest"]):
        if _QUALIFIER.fullmatch(m["w"]) and not _said(m["w"], lowered, filtered):
            return True
    return _name_unsaid(lead["rest"], lowered) is not None


# A capitalised name in a purpose said ahead ("For the Berlin dashboard", "So the Munich team
# can see it"): a place or a segment, maybe which records; never a tool, a weekday or a
# department ("For the Grafana board", "So Finance can see it").
_NAME_IN_PURPOSE = re.compile(r"(?-i:\b[A-Z][a-z]{2,}\b)(?![-'.]\w)")


def _ahead_name(clause: str, lowered: str) -> str | None:
    """ "For the Berlin dashboard": a purpose said ahead naming a place nothing else says."""
    lead = _AHEAD_LEAD.fullmatch(clause.strip(" ,;.!?"))
    return _name_unsaid(lead["rest"], lowered) if lead else None


# A capitalised name or a code ("Berlin", "APAC") inside a purpose or a background clause set
# aside, after a purpose's words in its clause ("so the Berlin team can see it", "it's for
# the APAC board", "Our Lyon stores need this"): which records, maybe (`place_in_aside`).
_CAPITAL_NAME = re.compile(r"(?-i:\b(?:[A-Z][a-z]{2,}|[A-Z]{2,5})\b)(?![-'.]\w)")
# Codes that name a region (a team's or a format's code, "SRE", "NOC", "CSV", selects nothing)
_REGION_CODES = frozenset(
    [
        "APAC",
        "EMEA",
        "LATAM",
        "AMER",
        "NORAM",
        "DACH",
        "ANZ",
        "MENA",
        "CEE",
        "EU",
        "US",
        "USA",
        "UK",
        "NA",
        "SEA",
    ]
)
# ("our" only right before the name: "Our Berlin stores"; never "our brewer thinks in Fahrenheit")
_PURPOSE_WORD_BEFORE = re.compile(r"\b(?:for|so|to)\b|\bour\s+$", ICASE)


def place_in_aside(piece: str, text: str) -> str | None:
    """The first capitalised name of `piece` (words set aside as a purpose or as context) said
    after a purpose's word in its clause, no tool, department or known acronym, and said
    nowhere else in `text`; None when there is none."""
    at = text.find(piece)
    if at < 0:
        return None
    rest = (text[:at] + " " + text[at + len(piece) :]).lower()
    for m in _CAPITAL_NAME.finditer(piece):
        word = m.group(0)
        if word.lower() in NOT_A_PLACE or (word.isupper() and word not in _REGION_CODES):
            continue
        clause = re.split(r"[,.;:!?()\n]", text[: at + m.start()])[-1]
        if not clause.strip() or not _PURPOSE_WORD_BEFORE.search(clause):
            continue  # (the sentence's first word, or no purpose before it)
        if not re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", rest):
            return word
    return None


def _name_unsaid(rest: str, lowered: str) -> str | None:
    """The first capitalised name of `rest` that is no tool or department and that the rest of
    the request does not say again, or None."""
    for m in _NAME_IN_PURPOSE.finditer(rest):
        if m.group(0).lower() not in NOT_A_PLACE and not _said(m.group(0), lowered):
            return m.group(0)
    return None


_ATTRIBUTIVE = re.compile(
    r"(?<!\bwere\s)(?<!\bwas\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bget\s)(?<!\bgets\s)"
    r"\b(?P<w>[a-z][\w-]*)\s+(?=[a-z][\w-]*s\b)",
    ICASE,
)


def _restated(clause: str, words: str, rest: str, facts: str = "") -> bool:
    """Every value, negation and time unit of `clause` appears in `rest` too, and when the
    clause selects records or acts on them, every content word of its unread `words` does."""
    lowered = rest.lower()
    stated = set(re.findall(r"[\w-]+", facts.lower()))
    # "the pricing A/B test": an experiment, never test records
    words = re.sub(r"\bA/B(?:/n)?\s+test(?:s|ing)?\b", " ", words, flags=ICASE)
    if _replaced(clause):
        return True  # the old process the pipeline replaces (see _REPLACED)
    if _INSTRUCTION.match(clause):
        return False  # "Keep sales after the festival.": an instruction, never a purpose
    if _day_unsaid(clause, lowered):
        return False  # "Kiosks open Monday": the records of one day may be meant
    if _AHEAD_LEAD.fullmatch(clause.strip(" ,;.!?()")) and _time_of_day_unsaid(clause, lowered):
        return False  # "to see how long machines run at night": which records, maybe
    if _ahead_selects(clause, lowered, "filtered" in stated):
        return False  # "To track premium orders, ...", "For the Berlin dashboard, ...": which
    if _wish_unsaid(clause, lowered):
        return False  # "The EU manager wants a live bench yield:" with no yield said elsewhere
    if _late_reason_selects(clause, lowered):
        return False  # "Meters in the north region arrive late ..., so allow ...": which ones
    bare = _BARE_WHO.fullmatch(clause)
    if bare and any(
        (_QUALIFIER.fullmatch(w) or _REQUIRING_UNFILTERED.fullmatch(w)) and not _said(w, lowered)
        for w in bare["who"].split()
    ):
        return False  # "Premium wants ...": the bare name may say which records
    feed = _FEED_OF.fullmatch(clause.strip(" .!"))
    if feed:
        if not all(_said(w, lowered, "filtered" in stated) for w in feed["x"].split()):
            return False  # "asked me for a feed of premium orders" with no filter on 'premium'
        who = clause.strip()[: feed.start("x")]
        codes = [c for c in _CAPS.findall(who) if c not in _CAPS_OK and not _said(c, lowered)]
        if codes or not _used_plain(who, lowered):
            return False  # "The EU sales team asked ...": who asks may say which records
        words = feed["x"]  # (what the feed holds, each word said again; the rest is who asks)
    if _USED_CLAUSE.fullmatch(clause.strip()) and not _used_plain(clause, lowered):
        return False  # "The fraud team uses this for the test accounts.": may select records
    if _context_selects(clause, lowered):
        return False  # "Background: the desk keeps every cancelled booking.": which ones
    if re.match(rf"\s*{_CONTEXT_LABEL}\s*:", clause, ICASE):
        # the label's own words ("Some context first:") say nothing ("first" is no offset)
        label = re.compile(
            rf"^\s*(?:{_CONTEXT_LABEL}|(?:context|background)(?:\s+first)?)\s*:", ICASE
        )
        clause, words = label.sub(" ", clause), label.sub(" ", words)
        clause = _PRODUCER_RATE.sub(" ", _APPROX_COUNT.sub(" ", clause))
        clause, words = _OLD_PROCESS.sub(" ", clause), _OLD_PROCESS.sub(" ", words)
        clause, words = _NOW_PROCESS.sub(" ", clause), _NOW_PROCESS.sub(" ", words)
    clause, words = _sender_counts_out(clause), _sender_counts_out(words)
    if "replicated" in stated:  # why the sender wants a replica (see _REPLICA_WHY)
        clause, words = _replica_why_out(clause), _replica_why_out(words)
        # ("Title: CDC for nutrient recipes" over a Debezium capture: the capture, said again)
        clause, words = _CDC_WORDS.sub(" ", clause), _CDC_WORDS.sub(" ", words)
    if "duplicates" in stated:  # "without double-counted rescans": what the dedup undoes
        clause, words = _NO_REPEATS.sub(" ", clause), _NO_REPEATS.sub(" ", words)
    for board in _BOARD_NAME.finditer(clause):
        if _names_records(board["q"], lowered, "filtered" in stated):
            return False  # 'a "premium stores" dashboard' with no filter on 'premium'
    clause, words = _BOARD_NAME.sub(r"\g<q>", clause), _BOARD_NAME.sub(r"\g<q>", words)
    # the question's words, checked as words (any value in it still is one)
    clause, words = _QUESTION_ASKED.sub(r"\1\2", clause), _QUESTION_ASKED.sub(r"\1\2", words)
    if _INSTEAD.fullmatch(clause.strip()):  # "instead" of the old process, no other step
        words = re.sub(r"\binstead\b", " ", words, flags=ICASE)
    if re.search(r"\b(?:replac|migrat)(?:e|es|ed|ing)\b", words, ICASE):
        # "This replaces the revenue per store export.": the old process, its steps read as
        # this pipeline's; only a `_REPLACED` sentence holding no step word is context
        return False
    if re.search(_TIMELY, clause, ICASE):
        clause = _TIMELY_NOT.sub(" ", clause)  # "..., not the next morning": no negated step
    if _CARES.search(clause) and "filtered" not in stated:
        return False  # "We only care about the big ones." with no filter: nothing restates it
    if _ONLY.search(clause) and not stated & {"filtered", "fields", "columns"}:
        return False  # "only EU ones: read topic orders ...": a selection no filter restates
    # an action the parse has ("We can't afford double counting" with a dedup) is stated
    acts = [a for a in _ACTION.finditer(clause) if a.group(0).lower() not in stated]
    if _RANKING.search(clause) and "ranked" not in stated:
        return False  # "we want a trending hashtags feed" with no top-N: nothing restates it
    # "For the test accounts we'd like ...": who it is for, qualified, may select records too
    audience = re.match(r"\s*for\s", clause, ICASE) and _QUALIFIER.search(clause)
    if re.match(rf"\s*{_TITLE_LABELS}\s*:", clause, ICASE) and _CLEAN_WORK.search(words):
        # "Title: Timetable clean-up", "Clean GPS pings for the ETA model": the work the
        # title names is the dedup or the filter the parse has, no records of its own (with
        # neither, the tidying asked is no step: refused)
        if not stated & {"duplicates", "filtered"}:
            return False
        clause, words = _CLEAN_WORK.sub(" ", clause), _CLEAN_WORK.sub(" ", words)
    know = _KNOW_WHICH.search(clause) if _REASON_THEN_STEP.search(clause) else None
    if know and any(
        w not in _KNOW_WORDS and not _said(w, lowered) and may_select(w)
        for w in re.findall(r"[a-z][\w-]*", clause[know.end() :].lower())
    ):
        return False  # "... need to know which overdue books came back, so please look up"
    if re.match(rf"\s*{_TITLE_LABELS}\s*:", clause, ICASE):
        # "Title: Orders from premium customers", "Title: EU orders only": a word in a title
        # that may select records must be said again
        # ("Soft ice early warning": an alert given in time, no early or warning records)
        title = re.findall(r"[A-Za-z][\w-]*", _EARLY_WARNING.sub(" ", words))
        for i, word in enumerate(title):
            code = _CAPS.fullmatch(word) and word not in _CAPS_OK
            if (code or _QUALIFIER.fullmatch(word)) and not _said(
                word, lowered, "filtered" in stated
            ):
                if not code and _bound_said(word, title[i + 1 : i + 2], lowered):
                    continue  # "Title: Low ink readings" over "ink_pct < 15"
                return False
    # "EU orders dashboard, requested by the sales leads:" over the topic orders: a code
    # opening a lead, before what it qualifies, may select records unless a name says it
    # again ("ED wait-time dashboard" over ed-wait-times); "(privacy, GDPR)" says no records
    lead = re.match(r"\s*(?-i:([A-Z]{2,}))\s+(?-i:[a-z])", clause)
    code = bool(
        lead
        and lead[1] not in _CAPS_OK
        # ("QA audits these numbers.": the department said by its letters, who uses it)
        and not (lead[1] in _DEPARTMENT_CAPS and _USED_CLAUSE.fullmatch(clause.strip()))
        and re.search(rf"\b{lead[1]}\b", words)
        and not _said(lead[1], lowered)
    )
    requiring = (
        code
        # "Every night we check EU sales by hand.": a code said only in the clause, before the
        # plural it qualifies, may select ("GDP auditors": who asks)
        or any(
            c[1] not in _CAPS_OK
            and c[2].lower() not in _AUDIENCE | _PEOPLE
            and not _said(c[1], lowered)
            for c in _CODED_PLURAL.finditer(clause)
        )
        or _REQUIRING.search(words)
        # "Title: Runs with distance in miles": a unit said in full, said again by a field
        or _unit_asked(words)
        # "Every night we check the failed fills by hand": what the people pick may be the
        # filter the pipeline should apply, so the word must be said again
        or any(_hand_picked(m, lowered) for m in _BY_HAND_OBJECT.finditer(clause))
        # "The app team wants km/h, so add speed_kmh = ...": the unit must be said again
        or _WANTS_SO_ADD.search(clause)
        # "Managers keep asking which orders are large, so ...", "We want to see the error
        # situation per region": a word that may select records must be said again
        or (_ASKED_OR_SEEN.search(clause) and _QUALIFIER.search(words))
        or ("filtered" not in stated and _REQUIRING_UNFILTERED.search(_ORG_SIZE.sub(" ", words)))
        or (
            "filtered" not in stated
            and any(_some_records(m, lowered) for m in _SOME_RECORDS.finditer(words))
        )
        # "keep asking for Berlin": a place or a name mid-sentence may select records
        # (never a tool: "reads ... from Redis", "shown in Grafana")
        or re.search(
            r"(?<=[a-z,]\s)(?!(?:Redis|Kafka|Click[Hh]ouse|Grafana|Superset|Metabase|Tableau|Looker"
            r"|Excel|Slack|Teams|Jira|Confluence|Postgres|Python|Monday|Tuesday|Wednesday|Thursday"
            r"|Friday|Saturday|Sunday)\b)(?-i:[A-Z][a-z]{2,})\b",
            _WHO_PLACE.sub(" ", words),  # ("the team at the Ledger wants": where they work)
        )
    )
    if _SELECTION.search(clause) or acts or audience or requiring:
        said = _WHO_PLACE.sub(" ", words)  # "the ops folks at the resort": who asks, and where
        said = _SELECTION.sub(" ", _WHO.sub(" ", said, count=1))  # "our fraud team": who asks
        said = re.sub(rf"^\s*{_TITLE_LABELS}\s*:", " ", said, flags=ICASE)  # the label only
        said_words = re.findall(r"[A-Za-z][\w-]*", said)
        restated_before = False
        for i, word in enumerate(said_words):
            low = word.lower()
            if low in _GENERIC or low in FILLER or low in _AUDIENCE:
                continue
            if _said(word, lowered, "filtered" in stated):
                restated_before = True
                continue
            if re.fullmatch(r"de-?dup\w*", low) and "duplicates" in stated:
                continue  # "Badge swipes dedup", "Deduplicate projector faults" over a dedup step
            # "cell drop-rate alerting" with a sink named cell-drop-alerts: the same word
            root = re.sub(r"(?:ing|ed|s)$", "", low)
            if len(root) >= 4 and root != low and re.search(rf"\b{re.escape(root)}", lowered):
                restated_before = True
                continue
            stem = low[:-1] if low.endswith("s") else low
            if re.search(rf"\b{re.escape(stem)}_(?:id|code|name|type)\b", lowered):
                restated_before = True  # "the main lifts" with a filter on lift_id
                continue
            if _unit_in_field_name(word, lowered):
                restated_before = True  # "weight in pounds" over a computed weight_lb
                continue
            if _COMPOUND.fullmatch(word) and not _UNIT.search(word):
                continue  # a compound adjective: checked with the values below
            if _UNIT.fullmatch(word):
                continue  # a time unit: checked below
            if (
                i == len(said_words) - 1
                and restated_before
                and "filtered" in stated
                and re.fullmatch(COUNT_NOUNS, low)
            ):
                continue  # "only cares about the premium stays": the records the filter keeps
            return False
    for m in _VALUE.finditer(clause):
        value = m.group(0).lower()
        if _COMPOUND.fullmatch(value) and _attributive(clause, m):
            continue
        if (
            value[:1] in "'\"`"
            and value[1:-1]
            and re.search(rf"(?<![\w.-]){re.escape(value[1:-1])}(?![\w.-])", lowered)
        ):
            continue  # "calls the user id 'usr'" restated by "rename usr to user_id"
        if _COMPOUND.fullmatch(value) and re.search(
            rf"(?<!\w){re.escape(value.replace('-', ''))}(?![a-z])", lowered
        ):
            # "Title: anti-cheat escalation feed" over topic anticheat-flags: one word (a part of
            # a dotted name too: "Check-ins with their waiver" over gym.checkins)
            continue
        if _COMPOUND.fullmatch(value) and re.search(
            rf"(?<![\w-]){re.escape(value.replace('-', ' '))}(?![\w-])", lowered
        ):
            continue  # "Exactly-once invoice forwarding" over "deliver exactly once": said apart
        if value not in lowered:
            return False
        if value[0].isdigit() and _number_in_name(clause[: m.end()], value, lowered):
            continue  # "Goal: yield dashboard for fab 3" over topic fab3.wafer-inspections
        if value[0].isdigit() and not re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", lowered):
            return False  # "the four main lifts": a number said again, never inside "CHAIR4"
    if _NEGATION.search(_said_no_compound(clause, lowered)):
        return False
    if _CONTRACTED.search(clause) and not any(
        a.group(0).lower() in stated for a in _ACTION.finditer(clause)
    ):
        return False
    for m in _UNIT.finditer(_CALENDAR_POINT.sub(" ", clause)):
        unit = m.group("u") or _ADVERB_UNIT[m.group("a").lower()]
        if not re.search(rf"\b{unit}s?\b|\b{_reverse(unit)}\b", lowered):
            return False
    return True


# "... wants publishing metrics in ClickHouse without querying production", "so the case team
# can run stats without touching the review database": why a CDC replica is wanted (it reads
# the database's change log, never queries its tables); no record is selected by it.
_REPLICA_WHY = re.compile(
    r"\bwithout\s+(?:querying|touching|hitting|loading|burdening|hammering|stressing|slowing"
    r"\s+down|bothering)\s+(?:(?:the|our|their|its)\s+)?(?:(?-i:[a-z][a-z-]*)\s+){0,2}?"
    r"(?:production|prod|primary|database|databases|db|dbs|server|instance)\b"
    # "The loyalty squad is migrating reporting off the CRM Postgres": the reports move to
    # the replica
    r"|\b(?:migrating|moving|taking|getting)\s+(?:(?:the|our|their|its)\s+)?(?:reporting|reports"
    r"|analytics|dashboards|queries|analysis)\s+(?:off|away\s+from|out\s+of)\s+(?:the|our|their)\s+"
    r"(?:(?:[A-Za-z][\w-]*\s+){0,2}?(?:postgres(?:ql)?|mysql|mariadb|production|prod|primary"
    # (in the unread words the store's name, read by the CDC source, is cut off)
    r"|database|db)\b|[A-Za-z][A-Za-z-]*(?=\s*$))",
    ICASE,
)


def _said_no_compound(clause: str, lowered: str) -> str:
    """`clause` without the "no-X" compounds the rest says again ("a no-show problem" with
    status = 'NO_SHOW'): a value's name, not a negation."""
    return re.sub(
        r"\bno-([a-z]+)\b",
        lambda m: " " if re.search(rf"\bno[-_ ]?{m[1]}", lowered) else m[0],
        clause,
        flags=ICASE,
    )


def _number_in_name(before: str, number: str, lowered: str) -> bool:
    """ "fab 3" said as one part of a name in `lowered` ("fab3.wafer-inspections", "plant_7_x"):
    the word before the number, joined to it."""
    word = re.search(r"([a-z]+)\s+\S+$", before.lower())
    if word is None:
        return False
    joined = rf"{re.escape(word[1])}[-_]?{re.escape(number)}"
    return bool(re.search(rf"(?<![a-z0-9]){joined}(?![a-z0-9])", lowered))


# "Goal: live ballot tallies without double-counted rescans", "... with no duplicate alerts":
# the repeats a dedup in the request drops, said as the goal's negation (a plain word after it
# only; never before a code: "without duplicate EU orders" may select records, left unread)
# "..., so please look up", "..., so drop": a reason, then the step it is for
_REASON_THEN_STEP = re.compile(r",\s*so(?:\s+(?:first|we|i|please))?\s*$", ICASE)
# "need to know whose box it is, so please look up ...": what they want to know, after the
# question word (each word not said elsewhere must select nothing: `may_select`)
_KNOW_WHICH = re.compile(r"\bto\s+(?:know|see|tell)\s+(?:which|whose|where|who|what|how)\b", ICASE)
_KNOW_WORDS = word_set("it is they are goes go belongs belong so please we i first the a an its")
_CDC_WORDS = re.compile(r"\b(?-i:CDC)\b|\bchange[\s-]+data[\s-]+capture\b", ICASE)
_NO_REPEATS = re.compile(
    r"\b(?:without|with\s+no|free\s+of)\s+(?:any\s+)?(?:double[\s-]?count(?:ed|ing)?|duplicat\w*"
    r"|dupes?|repeat(?:s|ed)?)(?:\s+(?-i:[a-z]+))?\b(?![^.;:!?\n]*\b(?-i:[A-Z]{2,})\b)",
    ICASE,
)


# A bound a filter puts on a field, said as a comparison before a number ("ink_pct < 15",
# "temp_c is above 30")
_BELOW = r"(?:is\s+)?(?:<(?!>)=?|below|under|less\s+than|lower\s+than|at\s+most)"
_ABOVE = r"(?:is\s+)?(?:>=?|above|over|more\s+than|greater\s+than|higher\s+than|at\s+least)"


def _bound_said(word: str, following: list[str], lowered: str) -> bool:
    """ "Low ink", "High temperature": a title's "low" or "high" before a noun, said again by a
    filter bounding a field named after that noun from the same side ("ink_pct < 15");
    "Low ink" over "ink_pct > 15", or over no filter on an ink field, is not said again."""
    bound = {"low": _BELOW, "high": _ABOVE}.get(word.lower())
    if bound is None or not following:
        return False
    noun = re.escape(singular(following[0].lower()))
    return bool(re.search(rf"\b{noun}\w*\s*{bound}\s*-?\d", lowered))


def _replica_why_out(words: str) -> str:
    """`words` without the `_REPLICA_WHY` phrases whose database is named in plain words ("the
    test database" may say which records: kept, and checked like any purpose's words)."""
    return _REPLICA_WHY.sub(lambda m: m[0] if _QUALIFIER.search(m[0]) else " ", words)


def _names_records(name: str, lowered: str, filtered: bool) -> bool:
    """A word of `name` may say which records (a qualifier, a code, "test") and is not said in
    `lowered`, the rest of the request."""
    for word in re.findall(r"[A-Za-z][\w-]*", name):
        code = _CAPS.fullmatch(word) and word not in _CAPS_OK
        selects = _QUALIFIER.fullmatch(word) or _REQUIRING_UNFILTERED.fullmatch(word)
        if (code or selects) and not _said(word, lowered, filtered):
            return True
    return False


def _sender_counts_out(words: str) -> str:
    """`words` without the counts of what the sender has (`_SENDER_COUNT`); a count of records
    or of a step's things ("about 400 topics", "some 50 errors") stays, checked as a value."""

    def out(m: re.Match[str]) -> str:
        noun = m["noun"] or m.groupdict().get("noun2") or ""
        if _STEP_WORDS.search(noun) or _QUALIFIER.search(noun) or re.fullmatch(COUNT_NOUNS, noun):
            return m[0]
        return m[0][: m.start("n") - m.start()] + " "

    return _SIZED_SENDER.sub(out, _COVERED_COUNT.sub(out, _SENDER_COUNT.sub(out, words)))


def _used_plain(clause: str, lowered: str) -> bool:
    """Who uses the output and what for (a `_USED` clause) say nothing that could select or
    change records: each word not said elsewhere is no qualifier ("test", "mobile", "non-test"),
    no step word and no requirement word ("euros", "trending")."""
    for word in re.findall(r"[A-Za-z][\w'-]*", clause):
        low = word.lower()
        if low in _USED_WORDS or low in _AUDIENCE:
            continue
        if _USED_DENY.fullmatch(low):
            # said as a word of its own ("top" is not said by "topic")
            if re.search(rf"(?<![\w.-]){low}(?![\w.-])", lowered):
                continue
            return False  # "for the latest ones", "pick the top beaches from it"
        if _said(word, lowered):
            continue
        if re.match(r"(?:non|un|anti)-", low) or any(
            p.search(word)
            for p in (_QUALIFIER, _ACTION, _SELECTION, _REQUIRING, _REQUIRING_UNFILTERED, _RANKING)
        ):
            return False
    # ("QA audits these numbers": the department said by its letters, the clause's subject)
    subject = re.match(r"\s*\(?(?-i:QA|HR|BI)\s", clause)  # (_DEPARTMENT_CAPS)
    codes = _CAPS.findall(clause[subject.end() :] if subject else clause)
    if any(c not in _CAPS_OK and not _said(c, lowered) for c in codes):
        return False  # "for the EU planning sheet": a code may say which records
    if not _list_names_records(clause, lowered):
        return False  # "want the paid list in ClickHouse": 'paid' says which records
    work = _USED_WORK.search(clause)
    if work and _qualifies_records(work["w"].split(), lowered):
        return False  # "to chase overdue invoices" over acct.invoices: which invoices
    what = _USED_OBJECT.search(clause)
    if what:  # "reads that topic for the north gates": what it is for may say which records
        unsaid = [
            w
            for w in what["w"].split()
            if w not in _USED_WORDS and not _said(w, lowered)
            # ("thank-you vouchers": a compound adjective is no value, unless it names a place)
            and (not _COMPOUND.fullmatch(w) or set(w.split("-")) & PLACE_QUALIFIERS)
        ]
        if unsaid and may_select(" ".join(unsaid), records_noun=True):
            return False
    return True


# The object of a `_USED_FOR` "to <work verb>" ("to chase overdue invoices")
_USED_WORK = re.compile(
    r"\bto\s+(?:trace|send|plan|schedule|staff|restock|reorder|chase|contact|call|invoice|bill)\s+"
    r"(?P<w>[^.!?()]*)",
    ICASE,
)
_ARTICLES = word_set("the our their a an its to back")


def _qualifies_records(words: list[str], lowered: str) -> bool:
    """A word of `words` said nowhere else stands right before one the request says (a noun
    naming the records: "overdue invoices" over acct.invoices); "a supplier" is none."""
    return any(
        words[i + 1].lower() not in _ARTICLES
        and re.search(rf"(?<![a-z]){re.escape(words[i + 1].lower())}", lowered)
        and not _said(words[i], lowered)
        and words[i].lower() not in _ARTICLES
        for i in range(len(words) - 1)
    )


_LIST_NOUN = re.compile(r"\bthe\s+([a-z]+)\s+list\b", ICASE)


def _list_names_records(clause: str, lowered: str) -> bool:
    """The noun of "the <noun> list" in a `_USED` clause names the records: it is part of a
    table's, topic's or field's name in `lowered` ("course" in bookings.courses, course_id)."""
    for m in _LIST_NOUN.finditer(clause):
        noun = re.escape(m[1].lower())
        if m[1].lower() in ("this", "that", "the") or re.search(
            rf"[\w.]*[._]{noun}(?:e?s)?\b|\b{noun}(?:e?s)?[._]\w", lowered
        ):
            continue
        return False
    return True


# What a `_USED` clause's output is for: "... for the north gates", "it's for the odds model".
_USED_OBJECT = re.compile(
    r"\b(?:for|by|in|on|to\s+(?:build|power|feed|drive|fill|run|update))\s+"
    r"(?:(?:the|our|their|a|an|its)\s+)?(?P<w>(?-i:[a-z][a-z-]*)(?:\s+(?-i:[a-z][a-z-]*)){0,3})"
    r"\s*[.!)]*\s*$",
    ICASE,
)


def _attributive(clause: str, m: re.Match[str]) -> bool:
    """A hyphenated word used as an adjective: a word follows, no name-introducing word leads."""
    return bool(re.match(r"\s+[A-Za-z]", clause[m.end() :])) and not _NAME_LEAD.search(
        clause[: m.start()]
    )


def _reverse(unit: str) -> str:
    return next((a for a, u in _ADVERB_UNIT.items() if u == unit), unit)


# "the validators sometimes send them twice", "the meters retry on timeout so some readings
# arrive more than once", "freight-wagon-pings has duplicates": why the request dedups. Read
# only when the parse has a dedup (`facts` then says "duplicates"); no number, no name.
_AGAIN = (
    r"(?:twice|again|more\s+than\s+once|multiple\s+times|two\s+times|several\s+times"
    r"|a\s+few\s+times|repeatedly|over\s+and\s+over(?:\s+again)?"
    # ("read the same car three or four times": how often the device repeats, a guess of
    # the world's, never a threshold; "while it waits": when)
    r"|\d\s+or\s+\d\s+times)(?:\s+while\s+(?:it|they|he|she)\s+(?:waits?|queues?|stands?"
    r"|idles?))?"
)
# "... when the wifi is bad", "when the signal is flaky": the link's state, a closed list of words
_LINK_BAD = (
    r"\s+when(?:ever)?\s+(?:the\s+|their\s+|our\s+)?(?:wifi|wi-fi|network|connection|signal"
    r"|coverage|reception|internet|uplink|link)\s+(?:is|gets|goes)\s+(?:(?:really|very)\s+)?"
    r"(?:bad|flaky|spotty|patchy|poor|weak|slow|unstable|down|dodgy|choppy)(?=\s*[),;.]|\s*$)"
    # ("when the network hiccups": the link's trouble said by a verb)
    r"|\s+when(?:ever)?\s+(?:the\s+|their\s+|our\s+)?(?:wifi|wi-fi|network|connection|signal"
    r"|uplink|link)\s+(?:hiccups|blips|glitches|stutters|flaps|drops(?:\s+out)?|cuts\s+out)"
    r"(?=\s*[),;.]|\s*$)"
)
# ", which pages our technician over and over": what the repeats cost the people, after why
# (a person or team paged, woken or bothered; no record, no value)
_REPEATS_COST = (
    r"(?:\s*,\s*which\s+(?:pages|wakes(?:\s+up)?|bothers|annoys|spams|floods)\s+(?:our|the)\s+"
    r"(?:[a-z]+\s+)?(?:" + ROLE_NOUNS + r"s?|team|crew|staff|desk)(?:\s+up)?"
    r"(?:\s+over\s+and\s+over(?:\s+again)?|\s+every\s+time|\s+each\s+time)?(?=\s*[.;!)]|\s*$)"
    # ", which double-charges people": what a repeat costs the customers
    # ", which makes the audit look like a double dose": the record it spoils, looking wrong
    r"|\s*,\s*which\s+makes\s+(?:the|our)\s+(?:[a-z]+\s+)?(?:audit|report|reports|numbers"
    r"|figures|counts|totals|dashboard|books|stats|log|history)\s+look\s+(?:wrong|off|inflated"
    r"|like\s+(?:a\s+)?(?:double|duplicate|second|repeat)\s+[a-z]+)(?=\s*[.;!)]|\s*$)"
    r"|\s*,\s*which\s+(?:double-charges|double-bills|overcharges)\s+(?:people|customers|drivers"
    r"|guests|members|users)(?=\s*[.;!)]|\s*$)"
    # "Turnstiles double-fire and inflate rider counts": the figures the repeats spoil (its
    # count word is no aggregate, see aggregates._SPOILED_BEFORE)
    r"|,?\s+and\s+(?:inflate|inflates|skew|skews|distort|distorts)\s+(?:the\s+|our\s+)?"
    r"(?:[a-z]+\s+)?(?:counts|numbers|figures|totals|stats|tallies)(?=\s*[.;!)]|\s*$))?"
)
# "song-requests has dupes when people spam the button": who makes the repeats, by pressing
# something again (people, never records)
_PEOPLE_REPEAT = (
    r"\s+when(?:ever)?\s+(?:people|users|guests|customers|riders|players|visitors|someone"
    r"|somebody|they)\s+(?:spam|spams|mash|mashes|hammer|hammers|double-click|double-clicks"
    r"|double-tap|double-taps)\s+(?:the|a|their)\s+(?:button|screen|app|kiosk|key|reader)"
    r"(?=\s*[.;!),]|\s*$)"
)
# "bad mobile signal", "flaky connections": a poor link, said as a noun
_BAD_LINK = (
    r"(?:flaky|bad|poor|spotty|patchy|unstable|weak|dropped)\s+(?:(?:mobile|cell|cellular)\s+)?"
    r"(?:connections?|networks?|signal|wi-?fi|coverage|reception)"
)
# "the same dose twice", "the same ping_id more than once": one record again (a plain word or
# a field name, no value)
# ("the same one": "one" reads "1" by now)
_SAME_ONE = r"the\s+same\s+(?:[A-Za-z][\w-]*|1(?![\w.]))"
_ONE_AGAIN = rf"{_SAME_ONE}\s+{_AGAIN}"
DUPLICATES_WHY = re.compile(
    # the subject plain words: a name with '-' or '_' is a topic, for the sources to read
    # ("The number-plate cameras at the barriers read ...": a compound adjective before a word,
    # and where the producers are, up to five words)
    r"(?:(?:the|our|some|these|those|its|their)\s+)?(?P<subj>(?:(?<![\w-])[A-Za-z][A-Za-z']*"
    # ("The PLC on TBM-3 re-sends ...": a machine's code, said nowhere else, see duplicates_why)
    r"(?:-[A-Za-z]+(?=\s+[a-z])|-\d+(?=\s))?\s+){0,5}?)"
    r"(?:(?:sometimes|occasionally|often|may|might|can|will|tends?\s+to|regularly|randomly|also"
    r"|do|does)\s+)?(?:"
    # "the retry logic on bad mobile signal means we get the same ping_id more than once": the
    # producers' retrying, named, and what it means for the records
    r"(?:retry|retries|resend|reconnect|re-send)\s+(?:logic|behaviou?r|mechanism|policy|loop)"
    rf"(?:\s+(?:on|after|with)\s+{_BAD_LINK})?\s+means\s+(?:that\s+)?(?:we|you|they|i)\s+"
    r"(?:get|see|receive)\s+(?:(?:some\s+|a\s+few\s+)?(?:dupes|duplicates)"
    rf"|{_ONE_AGAIN})|"
    # "Resolvers retry a lot, so first drop repeats ...": how often, then the step it is for
    rf"(?:retry|retries|resend|resends|re-send|re-sends)(?:\s+{_SAME_ONE})?\s+"
    r"(?:a\s+lot|alot|often|constantly|frequently|all\s+the\s+time)"
    rf"(?:{_LINK_BAD})?(?:\s*,\s*so(?:\s+(?:first|we|i))?(?=\s))?|"
    r"(?:send|sends|sent|emit|emits|publish|publishes|produce|produces|deliver|delivers|resend"
    r"|resends|re-send|re-sends|push|pushes|replay|replays|repeat|repeats|retry|retries"
    r"|retransmit|retransmits|post|posts|double-send|double-sends|double-post|double-posts"
    r"|double-fire|double-fires|fire|fires"
    # "Ferry boarding scanners sometimes scan the same ticket twice": a reader reads one twice
    rf"|{READ_AGAIN_VERBS})"
    rf"(?:\s+(?:them|it|events|records|messages|data|{_SAME_ONE}"
    rf"|(?:(?:their|its|a|an|the)\s+)?[A-Za-z][\w-]*))?\s+{_AGAIN}(?:{_LINK_BAD})?"
    # "A skier sometimes gets scanned twice at the gate": the passive, and where (plain words)
    r"|(?:get|gets|got|are|is|were|was)\s+(?:scanned|read|tapped|swiped|logged|recorded"
    rf"|counted|checked\s+in)\s+{_AGAIN}(?:\s+(?:at|by|on)\s+(?:the\s+|a\s+)?[A-Za-z]+"
    r"(?=\s*[,;.)]|\s*$))?"
    r"|(?:double-send|double-sends|double-post|double-posts|double-fire|double-fires)"
    r"(?:\s+(?:them|it|events|records|messages|data|(?!and\b)[A-Za-z][\w-]*))?"
    rf"(?:{_LINK_BAD})?"
    r"|(?:retry|retries|resend|resends|re-send|re-sends|reconnect|reconnects|resubmit|resubmits"
    r"|re-submit|re-submits|retransmit|retransmits|re-transmit|re-transmits)(?:\s+(?:them|it"
    # ("re-sends ring build events whenever the network hiccups": up to two plain words
    # before the records, checked as `rw` is)
    r"|events|records|messages|data|(?P<ro>(?:[a-z][\w-]*\s+){0,2}?)[A-Za-z][\w-]*)"
    r"(?=\s+(?:on|after|when|whenever)\s))?"
    # "the filler sometimes resends a bottle": one of the records, said at the clause's end
    r"(?:\s+(?:a|an|the)\s+[A-Za-z][\w-]*(?=\s*[),;.]|\s*$))?(?:\s+(?:on|after"
    r"|when)\s+(?:a\s+|an\s+)?"
    r"(?:timeouts?|errors?|failures?|disconnects?|reconnects?|restarts?|crash(?:es)?|outages?"
    # "the app resubmits on flaky connections"
    rf"|network\s+(?:errors?|blips?)|{_BAD_LINK})|{_LINK_BAD})?(?:,?\s+(?:so|and)\s+(?:some\s+|a\s+few\s+)?(?:[A-Za-z][\w-]*\s+)?(?:arrive"
    r"|arrives|come|comes|show\s+up|shows\s+up|land|lands|get\s+sent|are\s+sent|appear|appears)"
    rf"\s+{_AGAIN}|,?\s+(?:so|and)\s+(?:we|you|they|i)\s+(?:see|get|have|end\s+up\s+with)\s+"
    r"(?:(?:some\s+|a\s+few\s+|lots\s+of\s+)?(?:dupes|duplicates)"
    # ("and we end up with the same dose twice": one record, again)
    rf"|{_ONE_AGAIN}))?"
    # "bookings sometimes get double-submitted by the booking widget": the passive, and who
    # does it (plain words)
    r"|(?:get|gets|got|are|is|were|was|can\s+be|may\s+be)\s+(?:(?:sometimes|occasionally|often"
    r"|regularly|randomly)\s+)?(?:double-(?:submitted|posted|sent"
    r"|fired|published|delivered)|re-?submitted|re-?sent|duplicated|retried|replayed"
    r"|re-?delivered|re-?published|(?:submitted|posted|sent"
    r"|delivered|published)\s+(?:twice|more\s+than\s+once|multiple\s+times|two\s+times))"
    # ("by the widget" reads "per widget" by now)
    r"(?:\s+(?:by|per)\s+(?:the\s+|our\s+|their\s+|a\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?"
    r"(?=\s*[,;.]|\s*$|\s+until\s))?"
    # "alarms are re-sent by the controllers until acknowledged": until when
    r"(?:\s+until\s+(?:they\s+are\s+|it\s+is\s+)?(?:acknowledged|acked|confirmed)"
    r"(?=\s*[,;.]|\s*$))?"
    # "the controllers spam the same fault every few seconds": one record sent over and over
    # ("A container tends to report the same problem every few seconds")
    r"|(?:spam|spams|spammed|flood|floods|repeat|repeats|keep\s+sending|keeps\s+sending|report"
    r"|reports|keep\s+reporting|keeps\s+reporting)\s+"
    rf"(?:us\s+with\s+)?{_SAME_ONE}(?:\s+(?:every\s+(?:few|couple\s+of)\s+"
    r"(?:seconds|minutes)|over\s+and\s+over(?:\s+again)?|again\s+and\s+again|all\s+the\s+time"
    r"|constantly))?(?=\s*[,;.)]|\s*$)"
    r"|(?:double-submit|double-submits|double-click|double-clicks)"
    r"(?:\s+(?:(?:the|a|an|their|our)\s+)?(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*(?=\s*[,;.]))?"
    # "pings on topic x arrive twice every now and then"
    rf"|(?:arrive|arrives|come\s+in|comes\s+in|show\s+up|shows\s+up|land|lands|appear|appears)\s+{_AGAIN}"
    r"|(?:has|have|had|gets|get|contains|contain|carries|sees|send|sends|emit|emits|produce"
    r"|produces|publish|publishes)\s+(?:some\s+|a\s+few\s+|lots\s+of\s+"
    r"|many\s+|occasional\s+)?(?:duplicates|dupes|duplicate\s+(?:events|records|messages)"
    # ("Our projectors send repeated fault events"): the records said repeated, one plain word
    # before the record noun at most
    r"|(?:repeated|duplicated?|doubled?)\s+(?P<rw>[a-z]+\s+)?(?:events|records|messages|readings"
    r"|pings|alarms|alerts|faults|scans|reports|updates))"
    # "... gets duplicates from the tills": where they come from, plain words
    r"(?:\s+from\s+(?:the\s+|our\s+)?[A-Za-z]+(?:\s+[A-Za-z]+)?(?=\s*[,;.]))?"
    rf"(?:{_PEOPLE_REPEAT})?"
    # "(because of double reads)": the cause named as repeated records
    r"|(?:because\s+of|due\s+to)\s+(?:the\s+)?(?:double|duplicate|duplicated|repeated)"
    r"\s+(?:reads|scans|sends|posts|submissions|deliveries|events|records|messages|pings))"
    # how often: "... send duplicates now and then", "arrive twice every now and then"
    rf"(?:\s+(?:{REPEATS_HOW_OFTEN})(?=\s*[,;.]|\s*$))?\b{_REPEATS_COST}",
    ICASE,
)


# Words that tie a clause to the producers' subject ("for the EU only Resolvers retry a lot",
# "with amounts in EUR Resolvers ..."): a requirement said before the reason, never its subject
_NOT_SUBJECT = word_set("for during between without with as to by except unless until only")


def _subject_selects(subject: str | None) -> bool:
    """The subject of a repeats reason holds a word that ties a clause said before it."""
    return any(w.lower() in _NOT_SUBJECT for w in (subject or "").split())


def refuse_repeats_without_dedup(purposes: list[str], facts: str) -> None:
    """ "The booking widget double-sends emails.": a producer's repeats, said as a purpose with
    no dedup in the parse, are a reason for a dedup the request leaves unsaid (which field
    makes two records the same?): refused, never read as the request's purpose."""
    if "duplicates" in facts:
        return
    for words in purposes:
        if DUPLICATES_WHY.search(words):
            raise RequestNotUnderstood(
                f"cannot read {words!r}: records sent more than once call for a dedup, and "
                "the request names no field that makes two of them the same; say it, e.g. "
                '"drop duplicates of booking_id within 10 minutes", or leave the sentence out'
            )


def duplicates_why(text: str, facts: str) -> list[tuple[int, int]]:
    """Where the request says why it dedups (see DUPLICATES_WHY), when the parse has a dedup."""
    why = [
        m.span()
        for m in (DUPLICATES_WHY.finditer(text) if "duplicates" in facts else ())
        # ("send repeated test events": the word before the records may select them)
        if not any(m[g] and (may_select(m[g]) or _STEP_WORDS.search(m[g])) for g in ("rw", "ro"))
        and not _subject_selects(m["subj"])
    ]
    # "(the belt readers double-fire)": the aside's closing parenthesis is part of it (and
    # "... when the wifi is bad.": the sentence's full stop)
    closes = [re.compile(r"\s*\)|\.(?=\s|$)").match(text, b) for _a, b in why]
    why = [(a, c.end() if c else b) for (a, b), c in zip(why, closes, strict=True)]
    # "(readers double-fire)", "because the readers double-fire": what opens the reason too
    opens = [
        re.compile(r"(?:\(\s*)?(?:(?:because|since|as)\s+)?$", ICASE).search(
            text, max(0, a - 20), a
        )
        for a, _b in why
    ]
    why = [(o.start() if o else a, b) for (a, b), o in zip(why, opens, strict=True)]
    # "... get retried by the checkout service, so first drop duplicates": the "so (first)"
    # leading into the dedup is the reason's too
    # "The PLC on TBM-3 re-sends ...": a code said again elsewhere may select records
    why = [(a, b) for a, b in why if not _code_said_again(text, a, b)]
    from .dedup import DEDUP  # (dedup's readers import this module's neighbours)

    thens = [_SO_THEN.match(text, b) for _a, b in why]
    return [
        (a, t.end("so") if t and DEDUP.match(text, t.end()) else b)
        for (a, b), t in zip(why, thens, strict=True)
    ]


def _code_said_again(text: str, start: int, end: int) -> bool:
    rest = (text[:start] + " " + text[end:]).lower()
    codes = re.findall(r"\b[A-Za-z][A-Za-z0-9]*-\d+\b", text[start:end])
    return any(re.search(rf"(?<![\w-]){re.escape(c.lower())}(?![\w-])", rest) for c in codes)


_SO_THEN = re.compile(r"(?P<so>\s*,?\s*(?:and\s+)?so(?:\s+(?:first|please))?)\s+", ICASE)


def read_purpose(
    text: str, runs: list[tuple[int, int, str]], facts: str = "", masked: str = ""
) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Split unread runs into purpose clauses (accepted) and the rest (still unread).

    A run is a purpose when it lies inside one purpose clause whose values, negations and time
    units the rest of the request restates (see the module docstring). `facts` are words the
    parse itself restates ("3 fields" when the projection keeps three); `masked` is the text
    with the words the recognisers read masked (a negation they read is their step's)."""
    spans = purpose_spans(text)
    purposes: list[str] = []
    unread: list[tuple[int, int, str]] = []
    why = duplicates_why(text, facts)
    for start, end, words in _split_runs(text, runs, spans):
        if any(a <= start and end <= b for a, b in why):
            purposes.append(words)  # why the request dedups
            continue
        if _purpose_of(text, spans, start, end, words, facts, masked):
            purposes.append(words)
            continue
        # one sentence a purpose, the next the sender's context ("Background: ... . The core
        # runs"): each sentence on its own, when one of them is a purpose
        pieces = _sentences(text, start, end)
        # (a sentence saying why the request dedups is read too: "AV team at the planetarium.
        # The dome projectors resend the same fault several times ...")
        said = [
            p
            for p in pieces
            if any(a <= p[0] and p[1] <= b for a, b in why)
            or _purpose_of(text, spans, *p, facts, masked)
        ]
        if len(pieces) > 1 and said:
            purposes += [p[2] for p in said]
            unread += [p for p in pieces if p not in said]
        else:
            unread.append((start, end, words))
    return purposes, unread


# A sentence of a few words opening the request, ended by a full stop ("Premium. from ...")
_BARE_OPENER = re.compile(r"\s*[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2}\s*\.\s*")
# A lead's end: a colon, or a spaced dash ("Bike sharing — read topic ...")
_LABEL_END = re.compile(r":|\s+[-\u2013\u2014]+\s")


def _purpose_of(
    text: str,
    spans: list[tuple[int, int]],
    start: int,
    end: int,
    words: str,
    facts: str,
    masked: str = "",
) -> bool:
    """The run [start, end) lies inside a purpose clause whose words the rest restates."""
    end = start + len(text[start:end].rstrip(".!?"))  # ("... the latest lap?": its mark)
    # the narrowest clause first: "Our SOC wants" inside a first sentence that goes on with the
    # requirement
    around = sorted((s for s in spans if s[0] <= start and end <= s[1]), key=lambda s: s[1] - s[0])
    for span in around:
        clause = text[span[0] : span[1]]
        rest = text[: span[0]] + " " + text[span[1] :] + " " + facts
        # (a title: ending in a colon or a spaced dash, or in a comma opening the request)
        label = (
            _LABEL_END.match(text, span[1]) is not None
            or (text.startswith(",", span[1]) and not text[: span[0]].strip())
            # ("Premium. from topic x; ...": a bare word opening the request, a title as
            # "Premium:" is)
            or (_BARE_OPENER.fullmatch(clause) is not None and not text[: span[0]].strip())
        )
        if label and _lead_selects(words, rest.lower(), facts):
            continue  # "Requirements for EU orders pipeline:" over the topic orders
        if label and _label_selects(clause, rest.lower(), facts):
            continue  # "Failed payments: from topic payments, write to topic failed-payments"
        if _details_qualified(words, rest.lower()):
            continue  # "Deliveries with organic farm details:" with no organic farms read
        see = _SEE_HOW_CLAUSE.fullmatch(clause)
        verdict = _see_how_verdict(see, rest.lower()) if see else ""
        if verdict == "plain":
            return True  # (every word vetted: "how the inspection rounds look" is no rounding)
        if verdict == "refused":
            # ("The foremen want to see how long the machines run at night" was read as a
            # purpose before: a time of day, now refused)
            return False
        if verdict == "unsure":
            continue  # a wider clause is checked as before ("... how much users interact ...")
        if _USED_CLAUSE.fullmatch(clause.strip()) and not _used_plain(clause, rest.lower()):
            # ("Our rota runs on MySQL and the planners want the night list in ClickHouse.":
            # who uses the output may say which records; the first sentence around it says so)
            return False
        cleared = _read_words_out(clause, span[0], masked)
        if cleared != clause and _lead_selects(words, rest.lower(), facts):
            continue  # "..., not just the latest state of the EU invoices": a code may select
        if _restated(cleared, words, rest, facts):
            return True
    return False


# What a `_SEE_HOW` question may say without choosing records: "how fast", "in one go"
# (how long a run lasts, the sessions' own reading) and "how a skier's day looks" (a day in
# someone's life, no window)
_SEE_SAID_OUT = re.compile(
    r"\bin\s+(?:1|one|a\s+single)\s+(?:go|stretch|sitting)\b"
    # ("how fast approved claims get paid": the question's adverb, no fast records)
    r"|(?<=\bhow\s)\s*(?:fast|quickly|soon|often)\b"
    r"|(?<=\bhow\s)\s*(?:a|an|the|their|our|his|her)\s+(?:[a-z]+(?:'s|s')\s+)?(?:typical\s+)?"
    r"day\s+(?=(?:looks|goes|went|looked)\b)",
    ICASE,
)
_PER_VISIT_END = re.compile(r"\s(?:per|each)\s+(?:visit|session|stay|trip|outing)\s*$", ICASE)
# Words that would choose records, group them or name a time in a `_SEE_HOW` question
_SEE_DENY = word_set(
    """per by during at before after between until since only just except not no never without
    top bottom most least more less fewer than over under above below first last latest newest
    oldest earliest morning mornings evening evenings night nights overnight daytime weekend
    weekends today tonight yesterday shift shifts"""
)


_SEE_BE = word_set("get gets got getting are is was were be")


def _see_how_plain(see: re.Match[str], lowered: str) -> bool:
    """A `_SEE_HOW_CLAUSE` match says only what someone wants to look at (see
    `_see_how_verdict`)."""
    return _see_how_verdict(see, lowered) == "plain"


def _see_how_verdict(see: re.Match[str], lowered: str) -> str:
    """ "plain": who is no name that may select ("Premium wants to see ..."), and the question's
    words, "in one go" and "a skier's day" set aside, hold no number, field, name, selecting or
    time word, and no participle the rest does not say again; "refused": the question holds a
    number, a field, a name, a quoted value, a negation, a time or a grouping word ("at night",
    "per shift"); "unsure": only a qualifier or a participle not said again ("the new onboarding
    flow"), left to the older purpose checks."""
    who = see["c"][: see.start("q") - see.start("c")]
    if re.search(r"\d|_|\b(?-i:[A-Z]{2,})\b", who):
        return "refused"  # "The EU team wants to see how ...": a code may say which records
    question = _SEE_SAID_OUT.sub(" ", see["q"])
    if re.match(r"how\s+long\s", question, ICASE):
        # ("how long people actually ski per visit": one visit's length, what a session is)
        question = _PER_VISIT_END.sub(" ", question)
    if re.search(r"\d|[\w-][_.][\w-]|\b(?-i:[A-Z])|[\"'`](?!s\b)|n't\b", question):
        return "refused"  # a number, a field, a name, a quoted value or a negation
    said = re.findall(r"[a-z][\w'-]*", question.lower())
    if any(word in _SEE_DENY or _UNIT.fullmatch(word) for word in said):
        return "refused"  # "at night", "per shift", "during the day"
    if any(_selecting_word(w) and not _said(w, lowered) for w in re.findall(r"[A-Za-z]+", who)):
        return "unsure"
    for i, word in enumerate(said):
        if word in _EVERY:
            continue  # "how long each flood takes": every record, none chosen
        # ("how fast claims get paid" over paid_at: after the verb, the event a name says)
        predicate = i > 0 and said[i - 1] in _SEE_BE
        if (_selecting_word(word) or re.fullmatch(r"[a-z]{3,}ed", word)) and not _said(
            word, lowered, predicate
        ):
            return "unsure"
    return "plain"


def _read_words_out(clause: str, at: int, masked: str) -> str:
    """`clause` (at `at` in the request) without the negations and selecting words a
    recogniser read: "..., not just the latest state" read by the CDC source is that step's."""
    for m in [*_NEGATION.finditer(clause), *_SELECTION.finditer(clause)]:
        if masked[at + m.start() : at + m.end()] == "\x00" * (m.end() - m.start()):
            clause = clause[: m.start()] + " " * (m.end() - m.start()) + clause[m.end() :]
    return clause


def _lead_selects(words: str, lowered: str, facts: str) -> bool:
    """A lead ending in a colon is a title: a code in its unread `words` that nothing else
    says may select records (who asks, "the SRE team", is no selection)."""
    filtered = "filtered" in facts.split()
    for word in re.findall(r"[A-Za-z][\w-]*", _WHO.sub(" ", words, count=1)):
        code = _CAPS.fullmatch(word) and word not in _CAPS_OK
        if code and not _said(word, lowered, filtered):
            return True
    return False


def _label_selects(clause: str, lowered: str, facts: str) -> bool:
    """ "Failed payments: from topic payments, write to topic failed-payments", "Refunds: topic
    payments, keep amount > 50": a short label whose word selects records, which no filter
    restates (a sink's name keeps nothing), would be lost as a title."""
    label = re.sub(r"\bA/B(?:/n)?\s+test(?:s|ing)?\b", " ", clause, flags=ICASE)
    if len(label.split()) > 3:
        return False  # a sentence of its own ("The platform team wants to spot slow ...")
    filtered = "filtered" in facts.split()
    words = re.findall(r"[A-Za-z][\w-]*", label)
    for i, word in enumerate(words):
        # ("Urgent: read topic card-auths ...": how urgent the request is)
        if word.lower() in ("urgent", "important"):
            continue
        if _QUALIFIER.fullmatch(word) or _LEAD_STATUS.fullmatch(word):
            if _bound_said(word, words[i + 1 : i + 2], lowered):
                continue  # "Low stock alerts:" over "stock_qty is under 5"
            stem = re.sub(r"(?:s|ed)$", "", word.lower())
            # (said at a word's start, or a name part's: "low" is not said by "below", "failed"
            # is by "is_failed")
            if not filtered or not re.search(rf"(?<![a-z]){re.escape(stem)}", lowered):
                return True
    return False


# "with organic farm details", "certified supplier info": the words before what a lookup adds
_DETAILS_OF = re.compile(
    r"(?:\b(?:with|plus|and|adding|including)\s+|^\s*)"
    r"(?P<q>(?:[A-Za-z][\w-]*\s+){1,3}?)(?:details?|info(?:rmation)?)\b",
    ICASE,
)
_DETAILS_PLAIN = word_set(
    "with and of the its their our all full extra more basic some plus enriched added including"
)


def _details_qualified(words: str, lowered: str) -> bool:
    """ "Deliveries with organic farm details": a word before the details a lookup adds that
    nothing else says ('organic') may choose which rows of the lookup, so the title is no
    purpose; "Batches with pigment details" over a pigments table restates its name."""
    for m in _DETAILS_OF.finditer(words):
        for word in m["q"].split():
            low = word.lower()
            if low not in _DETAILS_PLAIN and low not in FILLER and not _said(word, lowered):
                return True
    return False


_LEAD_STATUS = re.compile(
    r"refunds?|refunded|declined|cancell?ed|cancellations?|rejected|expired|overdue|returned"
    r"|disputed|abandoned|chargebacks?",
    ICASE,
)


def _sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run [start, end) cut where sentences end, each piece without its leading spaces."""
    pieces = []
    cut = start
    for m in re.finditer(r"[.!?;]+(?=\s)", text[start:end]):
        pieces.append((cut, start + m.start()))
        cut = start + m.end()
    pieces.append((cut, end))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in pieces]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The run [start, end) cut where sentences end, as (start, end, words)."""
    return [
        (a, b, text[a:b].strip(" ,;.!?"))
        for a, b in _sentence_pieces(text, start, end)
        if text[a:b].strip(" ,;.!?")
    ]


def _split_runs(
    text: str, runs: list[tuple[int, int, str]], spans: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A run inside no single purpose clause, cut where sentences end ("Title: Heavy pallets.;
    As a warehouse lead I need"), when each piece lies inside one."""
    out = []
    for start, end, words in runs:
        pieces = _sentence_pieces(text, start, end)
        whole = any(a <= start and end <= b for a, b in spans)
        if (
            whole
            or len(pieces) < 2
            or not all(
                any(a <= pa and pb <= b for a, b in spans)
                for pa, pb in pieces
                if text[pa:pb].strip()
            )
        ):
            out.append((start, end, words))
            continue
        out += [(a, b, text[a:b].strip(" ,;.!?")) for a, b in pieces if text[a:b].strip(" ,;.!?")]
    return out


# --- Context: a sentence, clause or aside that says nothing the pipeline could do ----------
#
# "Compliance will audit it.", "..., we're just debugging", "(too big)", "The ops folks asked me
# for this.": words about the sender's situation. A whole sentence, a clause after a comma
# with its own subject and verb, or an aside in parentheses, that no recogniser read at all, is
# read as context (listed under the assumptions and shown by `etl-gen explain`) when it holds
# no requirement word: no value (number, quoted text, name with `_`, `-` or `.`, comparison,
# capitalised code like "EU"), no negation or time unit, no field name, no word that selects
# records ("only", "large ones") and no word of a pipeline step (keep, drop, count, write,
# topic, table, key, every, per, more, ...). Anything else stays unread and refuses.

_STEP_WORDS = re.compile(
    r"\b(?:keep|kept|drop|filter|remov|exclud|includ|skip|ignor|discard|dedup|dupl|dupe|count"
    r"|sum|total|averag|avg|mean|min|max|median|percentil|join|enrich|look\s*up|lookup|window"
    r"|group|aggregat|alert|notif|email|page|flag|mark(?!eting)|tag|rout|split|send|sent|writ"
    r"|wrote|stor"
    # "strip out ssn and phone", "scrub the notes": a field drop whose names were not read
    r"|strip|scrub|purg|eras|wipe|omit|elimin|anonymi|pseudonymi|obfusc|censor|get\s+rid"
    # every inflection: "leaving out pickers on probation" selects records as "leave out" does
    r"|(?:leav(?:e|es|ing)|left|tak(?:e|es|ing)|took|taken|cut(?:s|ting)?)\s+out"
    r"|publish|forward|emit|push|print|log|sav|load|insert|upsert|delet|expir|retain|retention"
    r"|ttl|mask|hash|encrypt|redact|renam|cast|convert|round|sort|order|partition|limit|sampl"
    # ("compressor": a machine, no compression)
    r"|compress(?!ors?\b)|batch|retr|replay|backfill|reprocess|offset|earliest|latest|newest|oldest"
    # ("tablet": a device, no table)
    r"|first|last|beginning|topic|table(?!t)|field|column|redis|clickhouse|kafka|stdout|sink"
    # "is a key signal for the pricing model", "the guns run overnight": an adjective, a model
    # and a time of day, no Kafka key, mode or comparison ("the key metrics are x and y" may
    # list what to keep)
    r"|(?<!\ba\s)key|key(?!\s+(?:signal|metric|input|indicator|factor|driver|concern|goal"
    r"|priority|kpi)\b)"
    # ("hostels": lodging, no host)
    r"|source|session|server|database|schema|broker|host(?!els?\b)|port|format|engine|mode(?!ls?\b)|version"
    r"|prefix|named|called|more|less(?!on)|fewer|greater|above|below|over(?!night)|under|exceed|least|most"
    r"|than|between|equal|before|after|top|bottom|every|each|per|only|just|none|unless|if"
    r"|when|where|whose|which|whenever|once|twice|exactly|at-least|at-most|idempot|schedul"
    r"|daily|hourly|weekly|nightly"
    # what someone asks for, and where records go ("We need amounts in cents.", "Results go to
    # the data warehouse.")
    r"|need|want|requir|must|should|ensur|expect|make\s+sure|has\s+to|have\s+to"
    # (whole words: "Google", "gold" are no going)
    r"|go(?:es|ing|ne)?\b|went|end\s+up|ends\s+up|land|arriv|reach|appear|show|display|result"
    r"|output|cent|dollar|euro|pound|percent|byte|kb|mb|gb|millisecond|ms|utc|timezone|local\s+time"
    # where it runs ("(the staging cluster)"): a setting, not context ("productivity" is no prod)
    r"|cluster|staging|prod(?!uct)|production|environment|env|dev|region|datacenter|namespace|tenant"
    r"|account|credential|password|user"
    # a judgement on records ("Refunds are irrelevant.", "Bot traffic is noise."): a filter?
    r"|matter|relevant|irrelevant|important|unimportant|useless|useful|noise|noisy|junk|spam"
    r"|garbage|bogus|fake|bot|spurious|unwanted|wrong|incorrect|care|interest"
    # what becomes of a lookup that finds nothing ("On a miss", "unmatched ones"): a miss policy
    r"|miss(?:es|ed|ing)?\b|unmatch|not\s+found"
    # another pipeline's settings ("Same as the clicks pipeline."): requirements not stated
    r"|same|similar|identical|usual|as\s+before|copy\s+of|like\s+the"
    # types, nullability and delivery ("(optional)", "(as strings)", "(best effort)", "(gzip)")
    r"|optional|required|nullable|mandatory|default|unique|primary|pk\b|string|int|integer|float"
    r"|double|decimal|bool|timestamp|date|text|number|numeric|array|list|map\b|effort|lossless"
    r"|durab|compact|gzip|lz4|zstd|snappy|async|parallel|thread|partition|replica|shard"
    # "Refunds are handled elsewhere.": records this pipeline may have to leave out
    r"|elsewhere|separate|another|except|apart|besides|instead|rather|other"
    # "give it a bit of buffer", "some slack for late scans": how long a window waits
    # ("slack water", "a slack tide": the sea's, between tides)
    r"|buffer|grace|slack(?!\s+(?:water|waters|tide|tides)\b)|leeway|tolerance|headroom|wiggle"
    # "(net of tax)", "pre-tax": a value transform ("taxi" is a vehicle)
    r"|net\s+of|gross\s+of|tax(?!i))\w*",
    ICASE,
)
STEP_WORDS = _STEP_WORDS
# Adjectives that may select records ("large ones", "test events"); "too big" is a reason.
_QUALIFIER = re.compile(
    r"(?<!\btoo\s)(?<!\bso\s)(?<!\bvery\s)\b(?:large|big|small|high|low|new|old|recent|valid"
    r"|invalid|active|inactive|test|premium|vip|suspicious|fraudulent|bad|good|late|early|paid"
    r"|unpaid|open(?!\s+(?:night|day|house|evening)s?\b)|closed|pending|important|critical|urgent|slow|fast|expensive|cheap|domestic"
    r"|foreign|international|local|internal|external|error|errors|warning|warnings|debug"
    r"|mobile|desktop|failed|successful)\b"
    # "the old Spark job", "our legacy pipeline": a qualifier of the sender's systems
    r"(?!\s+(?:[A-Z][\w-]*\s+)?(?:jobs?|pipelines?|systems?|scripts?|cron|setup|process|version"
    r"|code|tools?|approach|solution|stack|services?|cluster)\b)",
    ICASE,
)
QUALIFIER = _QUALIFIER
# "an early warning", "early-warning feed": what the output is for, no selection of records
_EARLY_WARNING = re.compile(r"\bearly[\s-]+warnings?\b", ICASE)
# A title's word for tidying records ("Timetable clean-up", "Clean GPS pings"): said again by a
# dedup or a filter of the parse (see `_restated`)
_CLEAN_WORK = re.compile(r"\b(?:clean(?:[\s-]?up|ed|ing)?|cleans(?:e|ed|ing))\b", ICASE)
# "line is red or blue", "line one of red, blue", "grade either a or b": a field said with a
# choice of values is a condition left unread, never background (it would drop a filter)
_CHOICE = re.compile(
    r"\b(?:is|are|equals?|was|were|either|of)\s+(?:either\s+)?[\w-]+"
    r"(?:\s*,\s*[\w-]+)*\s*,?\s+(?:or|nor)\s+[\w-]+"
    r"|\b(?:one|any|none)\s+of\s+[\w-]+\s*,\s*[\w-]+",
    ICASE,
)
_CAPS = re.compile(r"\b[A-Z]{2,}\b")
_DEPARTMENT_CAPS = frozenset({"QA", "HR", "BI"})
_CAPS_OK = (
    frozenset({"OK", "FYI", "ASAP", "TIA", "IMO", "PS", "JSON", "ETL", "API", "PR", "MR", "POC"})
    # (measures a model or a screen gives, never a segment: "for the ETA model")
    | frozenset({"ETA", "KPI", "KPIs"})
    # (the database itself: "Mirror the bookings DB" over a capture of it)
    | frozenset({"DB", "DBs"})
    | SYSTEM_ACRONYMS
    | TECH_ACRONYMS
    | COMPLIANCE_ACRONYMS
)
# "This is just a proof of concept", "we're just testing": "just" after a verb of being is no
# selection ("just the EU ones" is).
_JUST_BEING = re.compile(r"(?:\b(?:is|are|was|were|am)|'re|'s|'m)\s+just\b", ICASE)
# A clause after a comma must have its own subject and verb to be a sentence of its own.
_CLAUSE = re.compile(
    r"^\s*(?:(?:the|our|my|their)\s+)?[A-Za-z]+(?:'re|'m|'ll|'s|'ve|'d)?\s+(?:will|would|can|could"
    r"|should|must|may|might|is|are|was|were|am|has|have|had|do|does|did|wants?|needs?|asked"
    r"|says?|said|likes?|knows?|thinks?|uses?|reviews?|audits?|checks?|owns?|runs?|reads?)?\b",
    ICASE,
)


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The stretch of `text` around [start, end) between two of the characters `stops`."""
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    return left, min(rights) if rights else len(text)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): a full stop ends one only before a space or the end
    (never inside a name like `db.table`)."""
    stops = [m.start() for m in re.finditer(r"[.!?](?=\s|$)|[;\n]", text)]
    left = max([i + 1 for i in stops if i < start], default=0)
    right = min([i for i in stops if i >= end], default=len(text))
    return left, right


# "(curators use these to schedule regeneration)": what the output's readers do with it; their
# verb ("schedule", "order", "plan") is no step of this pipeline. Only after people named by a
# plural noun (never "we use these to drop ..."), and never a verb that moves or picks records.
_READERS_USE_TO = re.compile(
    r"\b(?!(?:we|i|you|they|this|it|these|those)\b)(?P<who>[a-z]+s\s+(?:uses?|needs?)\s+"
    r"(?:these|those|it|them|this|that)\s+to\s+)(?!(?:keep|drop|filter|remov|exclud|dedup"
    r"|count|sum|total|join|enrich|rout|send|writ|stor|publish|forward|print|delet|skip|ignor"
    r"|discard|split|alert|email|page|notif)\w*)(?P<verb>[a-z]+)\b",
    ICASE,
)


def is_context(words: str, fields: frozenset[str] = frozenset()) -> bool:
    """`words` hold no requirement word (see above): they cannot change the pipeline."""
    words = _sender_counts_out(_JUST_BEING.sub(" is ", words))
    words = _READERS_USE_TO.sub(lambda m: f"{m['who']}act on", words)
    # "They'll put a Grafana board on top of it", "build a Superset dashboard on top": where the
    # output is looked at, no top-N ("put the busiest towers on top" keeps its "top")
    words = re.sub(r"\bon\s+top\s+of\s+(?:it|that|this|them)\b", " ", words, flags=ICASE)
    words = re.sub(
        r"\b(?:(?:dash)?boards?|reports?|views?|apps?|screens?|charts?)\s+on\s+top\b"
        r"(?=\s*(?:[.!?,;)]|$))",
        " ",
        words,
        flags=ICASE,
    )
    # "(that's when we're bleeding heat)": why the step just said matters, pointing back at
    # it; no selection of its own (the words after are checked as any context's)
    words = re.sub(
        r"\A\s*(?:that'?s|that\s+is|this\s+is)\s+(?:when|why)\b", " ", words, flags=ICASE
    )
    if _VALUE.search(words) or _NEGATION.search(words):
        return False
    if _UNIT.search(_CALENDAR_POINT.sub(" ", words)):
        return False
    if _day_unsaid(words, ""):
        return False  # "The shop opens on Friday": the records of one day may be meant
    if _AHEAD_LEAD.fullmatch(words.strip(" ,;.!?()")) and _time_of_day_unsaid(words, ""):
        return False  # "To see how long machines run at night": the records of a time of day
    if re.search(r"n't\b|\bcannot\b", words, ICASE):
        return False  # "Older records aren't useful": a negation
    if _ACTION.search(words) or _SELECTION.search(words) or _STEP_WORDS.search(words):
        return False
    # "the supervisors get the misrouted ones from a spreadsheet": which records, maybe an ask
    # ("(the dead ones)" alone names the records just selected)
    if re.search(r"\b(?:ones|those)\b", words, ICASE) and not _NAMES_ONES.fullmatch(words):
        return False
    if _QUALIFIER.search(words) or re.search(r"\d", words) or _CHOICE.search(words):
        return False
    # ("Title: Runs with distance in miles", "Clean badge scans": a unit or a tidying the
    # steps may have to say; the purpose check reads them, see `_restated`)
    if _CLEAN_WORK.search(words) or _unit_asked(words):
        return False
    if _SAME_AGAIN.search(words):
        return False  # "..., as is humidity": the condition just read, said of another field
    if _BARE_MEMBERSHIP.fullmatch(words):
        return False  # "zone in crimson", "line one of red": a condition with no verb
    # ("it comes from the HR system": a code naming a system, no records)
    named = re.sub(r"\b[A-Z]{2,}(?=\s+(?:system|platform|software|app|tool)\b)", " ", words)
    if any(c not in _CAPS_OK for c in _CAPS.findall(named)):
        return False
    said = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", words)]
    return len(said) >= 2 and not any(
        w in fields or w.removesuffix("s") in fields or w.removesuffix("es") in fields for w in said
    )


# "as is humidity", "and so does pressure", "the same goes for humidity", "likewise for pressure":
# an elliptical clause repeating the step just read for another subject
_SAME_AGAIN = re.compile(
    r"^\s*(?:and\s+)?(?:as|so)\s+(?:is|are|does|do|did|was|were|has|have)\b"
    r"|\b(?:the\s+)?same\s+(?:goes\s+|applies\s+|holds\s+)?for\b|\blikewise\b|\bditto\b",
    ICASE,
)
# "zone in crimson", "line one of red", "tier is one of gold": a field, a word of membership and
# a value, the whole clause; a condition said with no verb that keeps or drops (never context:
# refused when no recogniser reads it). A subject that is a verb's form ("based in Lisbon",
# "logged in twice") or a pronoun says where or how, never a field.
_BARE_MEMBERSHIP = re.compile(
    r"\s*(?:the\s+)?(?!(?:we|i|they|it|he|she|you|this|that|these|those)\b)"
    r"[A-Za-z][\w-]*(?<!ed)(?<!ing)\s+(?:(?:is|are)\s+)?(?:in|one\s+of|among|any\s+of)\s+"
    r"[\w.'\"-]+(?:\s+[\w.'\"-]+)?\s*",
    ICASE,
)
# "the dead ones": a name for records, no clause
_NAMES_ONES = re.compile(r"\s*(?:the\s+)?(?:[A-Za-z-]+\s+){0,2}ones\s*", ICASE)
# "(gold, silver)", "(a or b)": a list in an aside may be the values of a condition ("2,000" is
# one number)
_LISTED = re.compile(r"(?<!\d),(?!\d{3}\b)|\b(?:or|and|nor)\b|/", ICASE)


def context_segment(text: str, masked: str, start: int, end: int) -> tuple[int, int] | None:
    """The aside, sentence or own-subject clause around an unread run, when none of it was
    read by a recogniser; None otherwise."""
    mask = "\x00"
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ >= 0 and close >= 0 and ")" not in text[open_:start] and "(" not in text[end:close]:
        if mask not in masked[open_ : close + 1] and not _LISTED.search(text, open_, close):
            return open_, close + 1
        return None
    left, right = _sentence_bounds(text, start, end)
    if mask not in masked[left:right] and text[left:right].strip():
        return left, right
    # "Delivery must be exactly-once — these records feed our GDP compliance reports": the
    # aside after a spaced dash, to the sentence's end, when the ask before it was read
    dash = _SPACED_DASH.search(text[left:start][::-1])
    if dash and mask not in masked[start - dash.start() : right]:
        aside = start - dash.start()
        if len(re.findall(r"[A-Za-z][\w'-]*", text[aside:right])) >= 3:
            return aside, right
    left, right = _bounds(text, start, end, ",;.!?")
    if mask not in masked[left:right] and _CLAUSE.match(text[left:right]):
        words = re.findall(r"[A-Za-z][\w'-]*", text[left:right])
        if len(words) >= 3:
            return left, right
    return None


# A spaced dash, searched for backwards (the text reversed): where an aside opens
_SPACED_DASH = re.compile(r"\s[\u2013\u2014]\s")


def context_asides(text: str, masked: str) -> list[tuple[int, int]]:
    """Asides in parentheses that no recogniser read and that hold no requirement word: the
    recognisers read the request again without them ("drop the blob fields (too big)"). A list
    ("(gold, silver)", "(a or b)") is never one: it may be the values of a condition."""
    spans = []
    for m in re.finditer(r"\(([^()\n]{1,80})\)", text):
        if layout_aside(text, masked, m.start() + 1, m.end() - 1, read_inside=True):
            spans.append((m.start(), m.end()))  # "(one per site)": never a group-by
            continue
        if _LISTED.search(m.group(1)):
            continue
        if "\x00" not in masked[m.start() : m.end()] and is_context(m.group(1)):
            spans.append((m.start(), m.end()))
    return spans


# "(the docket text must not leave the court network)": why a field is kept out, said of a field
_WITHHELD = re.compile(
    r"\A\s*(?:the\s+)?(?P<subj>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)(?:\s+(?:field|column))?\s+"
    r"(?:must|should|may|can|is\s+to|are\s+to)(?:\s+not|\s+never|n't)\s+(?:ever\s+)?"
    r"(?:leave|go\s+out(?:side)?|get\s+out|be\s+(?:sent|published|shared|exposed|leaked"
    r"|included|exported|forwarded))\b(?:\s*,?\s+[A-Za-z][\w'-]*){0,8}\s*[.!]?\s*\Z",
    ICASE,
)


# "(the comment field is free text and we don't store it)": what the field is, then that it is
# not kept (plain lower-case words for what it is: no value, no name)
_WITHHELD_WHY = re.compile(
    r"\A\s*(?:the\s+)?(?P<subj>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)(?:\s+(?:field|column))?\s+"
    r"(?:is|are|'s)\s+(?P<why>(?:(?-i:[a-z][a-z-]*),?\s+){1,4}?)(?:and|so)\s+(?:we|i)\s+(?:don'?t|do\s+not"
    r"|never|won't|will\s+not|shouldn't|should\s+not|can't|cannot)\s+(?:store|keep|need|want"
    r"|save)\s+(?:it|them)\s*[.!]?\s*\Z",
    ICASE,
)


def _withheld(aside: str) -> re.Match[str] | None:
    """The aside says a field is kept out (`_WITHHELD`), or what it is and that it is not
    stored (`_WITHHELD_WHY`, its description no qualifier: "(the comment field is test data
    and we don't store it)" may say which records)."""
    said = _WITHHELD.match(aside)
    if said:
        return said
    said = _WITHHELD_WHY.match(aside)
    if said and not (_QUALIFIER.search(said["why"]) or _SELECTION.search(said["why"])):
        return said
    return None


def withheld_asides(text: str, kept: list[str], dropped: list[str]) -> list[tuple[int, int]]:
    """ "keeping only case_number, court and timestamp (the docket text must not leave the court
    network)": an aside saying a field must not go out, where a keep list leaves that field out
    or a drop list removes it; it says again what the projection does. Said of a kept field (or
    of one the drop list does not name), it stays unread (refused)."""
    kept_names = {k.lower() for k in kept}
    dropped_names = {d.lower() for d in dropped}
    spans = []
    for m in re.finditer(r"\(([^()\n]{1,100})\)", text):
        said = _withheld(m.group(1))
        if not said:
            continue
        subject = said.group("subj").lower()
        name = "_".join(subject.split())
        words = {w.removesuffix("s") for w in re.split(r"[\s_-]+", subject)}
        if dropped_names:
            withheld = name in dropped_names
        else:
            withheld = bool(kept_names) and not (
                name in kept_names
                or any(w == k or w == k.removesuffix("s") for w in words for k in kept_names)
            )
        if withheld:
            spans.append((m.start(), m.end()))
    return spans


# "Start from the latest offset (don't replay history)": an aside that says again where reading
# starts, right after the words that said it (read by the settings recogniser).
_OFFSET_BEFORE = {
    "latest": re.compile(
        # ("only new messages (no replay of history)")
        r"\b(?:latest|newest|end|now(?:\s+on)?|new\s+(?:messages|events|records|data|ones))"
        r"(?:\s+offsets?)?\s*$",
        ICASE,
    ),
    "earliest": re.compile(r"\b(?:earliest|beginning|start)(?:\s+offsets?)?\s*$", ICASE),
}
_OFFSET_ASIDE = {
    "latest": re.compile(
        r"(?:i\.?e\.?,?\s+|so\s+|=\s*)?(?:(?:don'?t|do\s+not|no|never|not|without|skip(?:ping)?"
        # ("no replay of old data")
        r"|ignore|ignoring)\s+(?:(?:replay(?:ing)?|reprocess(?:ing)?|re-?read(?:ing)?)(?:\s+of)?\s+)?"
        r"(?:the\s+"
        r"|any\s+)?(?:history|backlog|backfill(?:ing)?|replay(?:ing)?|reprocess(?:ing)?|old(?:er)?"
        r"(?:\s+(?:data|messages|events|records|stuff))?|existing\s+(?:data|messages|events|records))"
        r"(?:\s+(?:history|data|messages|events|records))?|only\s+new\s+(?:ones|messages|events"
        r"|records|data|stuff))",
        ICASE,
    ),
    "earliest": re.compile(
        r"(?:i\.?e\.?,?\s+|so\s+|=\s*)?(?:(?:replay|reprocess|backfill|re-?read|include|read)"
        r"(?:\s+of)?\s+(?:all\s+(?:the\s+)?|the\s+(?:whole\s+|full\s+|entire\s+)?)?(?:everything|history"
        r"|backlog|topic|old\s+data|existing\s+data)|(?:full|whole|entire)\s+(?:history|replay"
        r"|backfill)|(?:replay|backfill)\s+everything|everything)",
        ICASE,
    ),
}


# "Start from the latest offsets, we don't need the backlog.": the same said as a clause of its
# own after a comma, a dash or a semicolon
_OFFSET_CLAUSE = {
    "latest": re.compile(
        r"(?:(?:we|i)\s+(?:don'?t|do\s+not)\s+(?:need|want|care\s+about)|(?:there's\s+|there\s+is\s+)?"
        r"no\s+need\s+(?:for|to\s+(?:replay|reprocess|re-?read|read))|(?:we|i)\s+(?:can|may)\s+skip)"
        r"\s+(?:the\s+|any\s+|all\s+the\s+)?(?:history|backlog|old(?:er)?\s+(?:data|messages|events"
        r"|records|stuff)|existing\s+(?:data|messages|events|records))",
        ICASE,
    ),
}


def _offset_clause(text: str, start: int, end: int) -> str | None:
    """The clause around [start, end), after a comma, a dash or a semicolon, when it only says
    again that reading starts at the latest offset, right after the words that said so."""
    sep = max(text.rfind(c, 0, start + 1) for c in ",;\u2013\u2014-")
    # (to the sentence's end, or a dash closing the aside: "- we don't care about old data -")
    stops = [text.find(c, end - 1) for c in (".", ";", "!", "?", ",", " - ", " \u2013", " \u2014")]
    stop = min((i for i in stops if i >= 0), default=len(text))
    # "we don't need old data, start from latest": the clause before the words saying it
    after = re.match(
        r"\s*(?:,|;|-|\u2013|\u2014)?\s*(?:so\s+|just\s+)?(?:start|begin|read|consume)\w*\s+"
        r"(?:(?:reading|consuming)\s+)?(?:from|at)\s+(?:the\s+)?(?:latest|end|now)\b",
        text[stop:],
        ICASE,
    )
    if after and re.search(r"[,;\u2013\u2014-]", text[stop : stop + after.end()]):
        clause = text[max(sep, text.rfind(".", 0, start + 1), 0) + 1 : stop].strip(" .")
        return clause if _OFFSET_CLAUSE["latest"].fullmatch(clause) else None
    if sep < 0 or not _OFFSET_BEFORE["latest"].search(text, 0, sep):
        return None
    clause = text[sep + 1 : stop].strip()
    if _OFFSET_CLAUSE["latest"].fullmatch(clause) or _OFFSET_ASIDE["latest"].fullmatch(clause):
        return clause
    return None


def offset_aside(text: str, start: int, end: int) -> str | None:
    """The aside in parentheses around [start, end) when it only says again where reading
    starts, right after the words that said it; None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return _offset_clause(text, start, end)
    inside = text[open_ + 1 : close].strip()
    for where, before in _OFFSET_BEFORE.items():
        clause = _OFFSET_CLAUSE.get(where)
        if before.search(text, 0, open_) and (
            _OFFSET_ASIDE[where].fullmatch(inside) or (clause and clause.fullmatch(inside))
        ):
            return text[open_ : close + 1]
    return None


# "every topic matching inverter-.* (one per solar farm site)", "(we create one per site)": how
# the sender's topics are laid out, right after the topic pattern (read already).
_PATTERN_BEFORE = re.compile(
    r"\b(?:topics?\s+(?:that\s+|which\s+)?(?:match(?:es|ing)?|start(?:s|ing)?\s+with|begin(?:s|ning)?"
    r"\s+with|prefixed\s+(?:with|by)|with\s+(?:the\s+)?prefix)\b[^()]*)$",
    ICASE,
)
_LAYOUT_ASIDE = re.compile(
    r"(?:(?:we|they)\s+(?:create|have|run|use|add|spin\s+up|get|set\s+up|deploy|make|keep)\s+"
    r"|there(?:\s+is|'s)\s+)?(?:one|1|a|a\s+separate|a\s+new)\s+(?:topic\s+)?(?:per|for\s+each"
    r"|for\s+every|each)\s+(?:[A-Za-z][\w-]*\s*){1,3}",
    ICASE,
)


def layout_aside(
    text: str, masked: str, start: int, end: int, *, read_inside: bool = False
) -> str | None:
    """The aside in parentheses around [start, end) when it only says how the topics a pattern
    matches are laid out, right after that pattern; None otherwise. Unless `read_inside`, no
    recogniser may have read a word of it ("per site" is no group-by there: `context_asides`
    has the recognisers read the request again without it)."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if not read_inside and "\x00" in masked[open_:close]:
        return None
    if not masked[:open_].rstrip().endswith("\x00") or not _PATTERN_BEFORE.search(text, 0, open_):
        return None
    inside = text[open_ + 1 : close].strip()
    # "(one per region: cell-kpi-north, cell-kpi-south, ...)": examples of the topics the
    # pattern matches, each starting with the pattern's literal prefix
    layout_, _, examples = inside.partition(":")
    if examples and _LAYOUT_ASIDE.fullmatch(layout_.strip()):
        prefix = re.search(r"([\w.-]*?)[.*?+\[(|^$\\{]*\s*\($", text[: open_ + 1])
        names = [n.strip() for n in examples.split(",")]
        names = [n for n in names if n not in ("...", "\u2026", "etc", "etc.")]
        if (
            prefix
            and prefix.group(1)
            and names
            and all(re.fullmatch(r"[\w.-]+", n) and n.startswith(prefix.group(1)) for n in names)
        ):
            return text[open_ : close + 1]
    return text[open_ : close + 1] if _LAYOUT_ASIDE.fullmatch(inside) else None


# "We've got probe (results landing in x)", "We have sensor (readings arriving on y)": who has
# the records, then plain words that say what they are (the source's words follow).
_HAVE_OPENER = re.compile(
    # "We receive (the bus positions in topic x)": who receives them, the rest read as the source
    r"(?:so\s+)?(?:(?:we|i|they)\s+(?:receive|get|collect)|(?:"
    r"(?:we|i|they)(?:'ve\s+got|\s+have\s+got|\s+have|\s+got)\s+(?:some\s+|our\s+)?"
    # "The core runs (on PostgreSQL, database ledger)": what the sender's system runs on
    r"|(?:the|our)\s+(?=[A-Za-z]+(?:\s+[A-Za-z]+){0,2}\s+(?:runs|lives|sits)$))"
    r"(?P<w>[A-Za-z]+(?:\s+[A-Za-z]+){0,2}?)(?:\s+(?:runs|lives|sits))?)",
    ICASE,
)


# "In our university we have ...", "At the hospital, the monitors publish ...": where the
# sender is, opening the sentence whose rest a recogniser read (the source's words).
_PLACE_OPENER = re.compile(
    r"(?:in|at)\s+(?:our|the|my)\s+(?:[a-z]+\s+)?(?:university|college|school|hospital|clinic"
    r"|company|firm|office|plant|factory|warehouse|store|shop|lab|department|city|district|hotel"
    r"|restaurant|bank|startup|agency|council|farm|mine|port|airport|museum|library)",
    ICASE,
)


# "freq_hz < 49.8 (under-frequency events)": a name for the records the comparison just before
# keeps, in plain or hyphenated words; the comparison says which they are.
_LABEL_ASIDE = re.compile(
    r"(?:i\.?e\.?,?\s+|aka\s+|so\s+)?(?:[a-z]+(?:-[a-z]+)*\s+){0,2}?[a-z]+(?:-[a-z]+)+"
    r"(?:\s+[a-z]+s)?",
    ICASE,
)
_COMPARISON_BEFORE = re.compile(r"(?:[<>]=?|!=|==?)\s*-?\d[\d.]*\s*[%a-z]*\s*$", ICASE)


def label_aside(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only names the records of the comparison read just
    before it ("freq_hz < 49.8 (under-frequency events)"); None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if not masked[:open_].rstrip().endswith("\x00") or not _COMPARISON_BEFORE.search(text[:open_]):
        return None
    inside = text[open_ + 1 : close].strip()
    if _LABEL_ASIDE.fullmatch(inside) and not _NEGATION.search(inside):
        return text[open_ : close + 1]
    return None


# "substation_id is not null, some of the old PMUs send nulls": why a not-null condition is
# asked, after it; read only when a not-null condition was read.
_NULLS_WHY = re.compile(
    r"(?:(?:some|many|a\s+few)\s+of\s+)?(?:the\s+|our\s+)?(?:[A-Za-z]+\s+){0,2}?[A-Za-z]+\s+"
    r"(?:(?:sometimes|occasionally|still|often)\s+)?(?:send|sends|emit|emits|report|reports|publish"
    r"|publishes|produce|produces|have|has)\s+(?:nulls|null\s+values|empty\s+values|blanks)"
    r"(?:\s+(?:sometimes|occasionally|now\s+and\s+then))?",
    ICASE,
)
_NOT_NULL = re.compile(r"\bis\s+not\s+null\b|\bis\s+non-?null\b|\bnot\s+null\b", ICASE)


def nulls_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why a not-null condition read before
    it is asked ("some of the old PMUs send nulls"); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right].strip()
    if "\x00" in masked[left:right] or not _NULLS_WHY.fullmatch(clause):
        return None
    if any(masked[m.start()] == "\x00" for m in _NOT_NULL.finditer(text, 0, left)):
        return clause
    return None


# "keep the rows for 90 days, we don't need more history than that": the retention said again
_RETENTION_WHY = re.compile(
    r"(?:and\s+)?(?:(?:we|i|they)\s+(?:don'?t|do\s+not|won'?t|will\s+not)|nobody|no\s+one)\s+"
    r"(?:really\s+)?needs?\s+(?:any\s+)?(?:more|older|longer)\s+(?:history|data|rows|records)?"
    r"\s*(?:than\s+(?:that|this))?",
    ICASE,
)
_RETENTION_SAID = re.compile(
    r"\b(?:keep|retain|store|hold)\b[^.;]{0,60}?\bfor\s+\d+\s+(?:days?|weeks?|months?|hours?)\b"
    r"|\b(?:ttl|retention|expire\w*)\b[^.;]{0,30}?\d+\s+(?:days?|weeks?|months?|hours?)\b",
    ICASE,
)


def retention_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says again that older rows are not kept,
    after a retention read in the same sentence ("keep the rows for 90 days (...), we don't need
    more history than that"); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right].strip()
    if "\x00" in masked[left:right] or not _RETENTION_WHY.fullmatch(clause):
        return None
    sentence = _sentence_bounds(text, start, end)[0]
    said = _RETENTION_SAID.search(text, sentence, left)
    if said and "\x00" in masked[said.start() : said.end()]:
        return clause
    return None


# "between 4.5 and 11 (the warning zone)", "above 35, that's the local alert level": a name for
# the threshold or range the comparison just before says; plain lower-case words ending in a
# noun for a threshold (never a unit, a negation or a code that could select records).
_THRESHOLD_NAME = re.compile(
    r"(?:that'?s|that\s+is|i\.?e\.?,?|aka|=)?\s*(?:the|our|their|a|an)\s+(?:[a-z]+'s\s+)?"
    r"(?:[a-z]+(?:-[a-z]+)?\s+){0,3}?"
    r"(?:zone|range|band|level|limit|threshold|cut-?off|line|alarm\s+level|danger\s+zone)",
)
_THRESHOLD_BEFORE = re.compile(
    r"(?:(?:[<>]=?|!=|==?|\b(?:above|below|over|under|exceeds?|than|least|most))\s*-?\d[\d.,]*"
    r"|\bbetween\s+-?\d[\d.,]*\s+and\s+-?\d[\d.,]*)\s*[%a-z]{0,3}\s*[(,]?\s*$",
    ICASE,
)


def threshold_name(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside or comma clause around [start, end) when it only names the threshold or range
    of the comparison read just before it ("rms_mm_s between 4.5 and 11 (the warning zone)");
    None otherwise."""
    end = start + len(text[start:end].rstrip(" ,;.!?"))  # (a run may hold the closing mark)
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ >= 0 and close >= 0 and ")" not in text[open_:start] and "(" not in text[end:close]:
        left, right, inside = open_, close + 1, text[open_ + 1 : close]
    else:
        left, right = _bounds(text, start, end, ",;.!?")
        if text[left - 1 : left] != ",":
            return None
        inside = text[left:right]
    if "\x00" in masked[left:right] or not masked[:left].rstrip(" ,(").endswith("\x00"):
        return None
    if not _THRESHOLD_BEFORE.search(text[:left]):
        return None
    if not _THRESHOLD_NAME.fullmatch(inside.strip()) or _UNIT.search(inside):
        return None
    if _NEGATION.search(inside) or _CAPS.search(inside):
        return None
    return text[left:right].strip(" ,")


# "expiring after 10 minutes, so the dashboard only shows current problems": why the records
# expire, after a TTL read in the same sentence.
_EXPIRY_WHY = re.compile(
    r"(?:so\s+(?:that\s+)?)(?:the|our|their)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+only\s+(?:shows?"
    r"|lists?|displays?|has|holds|contains)\s+(?:the\s+)?(?:current|recent|fresh|live|active"
    r"|ongoing)\s+(?:[a-z]+\s+)?[a-z]+"
    # "keys can expire after an hour, nobody cares about old sessions" (the records' noun may be
    # read already: "sessions")
    r"|(?<=,\s)(?:nobody|no\s+one|no-one)\s+(?:cares?\s+about|needs|looks\s+at|uses|reads)\s+(?:the\s+)?"
    r"(?:old|older|stale|expired|past|earlier)(?:\s+(?:ones|[a-z]+))?",
    ICASE,
)
_EXPIRY_SAID = re.compile(
    r"\b(?:ttl|expir\w*|retention|retain\w*)\b[^.;]{0,30}?(?:\d+|an?|one)\s*(?:seconds?|minutes?|mins?|hours?"
    r"|days?|weeks?)\b",
    ICASE,
)


def expiry_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why the records expire, after an expiry
    read in the same sentence; None otherwise."""
    sentence, right = _sentence_bounds(text, start, end)
    why = [m for m in _EXPIRY_WHY.finditer(text, sentence, right) if m.start() <= start]
    if not why or not re.fullmatch(r"[\s.!?]*", text[why[-1].end() : right]):
        return None  # the reason must close the sentence
    left, clause = why[-1].start(), why[-1].group(0)
    noun = re.search(r"\s\x00+[\s.!?]*$", masked[left:right])  # ("old sessions": read)
    if "\x00" in masked[left : right - (len(noun.group(0)) if noun else 0)]:
        return None
    said = _EXPIRY_SAID.search(text, sentence, left)
    if said and "\x00" in masked[said.start() : said.end()]:
        return clause
    return None


# "our cold-chain team keeps finding out about warm containers hours too late, usually when the
# customer calls": a complaint that alerts come late. Accepted only when the parse has a filter
# (the records it describes are then the filter's to say) and the sentence holds no value but
# the team's compound name.
_TOO_LATE = re.compile(
    r"(?:(?:hi|hey|hello)\s*[!,.]\s*)?(?:(?:problem|issue|pain\s+point)\s*:\s*)?(?:so\s+)?"
    r"(?:our|the)\s+(?:[a-z]+(?:-[a-z]+)?\s+){0,3}?"
    r"(?:team|folks|people|staff|crew|ops|operators|customers|drivers|engineers)\s+"
    r"(?:(?:still|always|often|usually)\s+)?(?:(?:keeps?|kept)\s+(?:finding\s+out|hearing|learning)"
    # ("Problem: the support team finds out about failed card charges a day late")
    r"|finds?\s+out|hears?|learns?)"
    r"\s+about\s+(?:the\s+)?(?P<what>(?:[a-z]+\s+){0,2}?[a-z]+s)\s+(?:(?:(?:hours|days|minutes)\s+)?"
    r"too\s+late|(?:a\s+(?:day|week)|an\s+hour|hours|days)\s+(?:too\s+)?late)(?:\s*,\s*(?:usually|often|typically|mostly|sometimes)\s+(?:when|after)\s+(?:the|a|our)"
    r"\s+[a-z]+\s+(?:calls?|complains?|emails?|asks?|phones?|notices?))?",
    ICASE,
)


# "(before or after, the clocks of phones are not so reliable)", "..., the devices' clocks
# drift": why the producers' timestamps need slack, said right after the slack (a join's
# bound or a window's grace) in the same aside or sentence; a negation of a judgement on
# clocks, never of records to keep.
_CLOCKS_WHY = re.compile(
    r"(?:(?:the|their|our|its|some)\s+)?(?:(?:[a-z]+(?:'s|s')?\s+){0,2}?(?:clocks?|timestamps?"
    r"|device\s+time)(?:\s+(?:of|on|in)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)?)\s+"
    r"(?:(?:are|is)(?:\s+not|n't)\s+(?:(?:so|that|very|always|entirely|fully|too|particularly"
    r"|really|quite)\s+)?(?:reliable|accurate|precise|trustworthy|in\s+sync|synced"
    r"|synchroni[sz]ed)|(?:drift|drifts|(?:are|is)\s+(?:often\s+|sometimes\s+)?(?:off|unreliable"
    r"|inaccurate|skewed|out\s+of\s+sync)))",
    ICASE,
)


def clocks_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The clause around [start, end) when it only says the producers' clocks are not to be
    trusted, after a join's time bound or a window's grace read in the same aside or
    sentence; None otherwise."""
    if not {"time_bound", "late"} & set(facts.split()):
        return None
    end = start + max(1, len(text[start:end].rstrip(" ).")))  # (the run may take the ')')
    left, right = _bounds(text, start, end, ",;.!?()")
    clause = text[left:right].strip()
    if not _CLOCKS_WHY.fullmatch(clause) or "\x00" in masked[left:right]:
        return None
    # the slack it explains: read words just before, in the same aside or sentence
    outer = max(text.rfind(c, 0, left) for c in ".!?;(") + 1
    if "\x00" not in masked[outer:left]:
        return None
    return clause


# "the technicians' app posts to technician-arrivals when they show up at a unit": when the
# producers send, right after the topic they send to (read as the source or the join's other
# stream); what happens in the world, no condition of the pipeline.
_PRODUCER_WHEN = re.compile(
    r"when(?:ever)?\s+(?:they|he|she|it|someone|somebody|(?:the|a|an)\s+[a-z]+)\s+(?:shows?\s+up"
    r"|arrives?|gets?\s+there|turns?\s+up|checks?\s+(?:in|out)|clocks?\s+(?:in|out)"
    r"|logs?\s+(?:in|on)|finish(?:es)?|starts?|leaves?|enters?|walks?\s+in|opens?\s+it"
    r"|taps?\s+(?:in|out)|badges?\s+in)"
    r"(?:\s+(?:(?:at|on|in|to|into|for)\s+)?(?:a|an|the|their|his|her|its)\s+[a-z]+)?",
    ICASE,
)
_PRODUCER_POSTS = re.compile(
    r"\b(?:posts?|sends?|publish(?:es)?|writes?|emits?|push(?:es)?|produces?|logs?)\s+"
    r"(?:(?:an?|one)\s+(?:event|message|record|row)\s+)?(?:to|into|on|onto)\s+(?:the\s+)?"
    r"(?:kafka\s+)?(?:topic\s+)?[\"'`]?[A-Za-z][\w.-]*[\"'`]?\s*$",
    ICASE,
)


def producer_when(text: str, masked: str, start: int, end: int) -> str | None:
    """The run [start, end) when it only says when the producers send, right after the topic
    name they send to (read); None otherwise."""
    # (the place after it may be left unread as filler: "when someone leaves the building")
    if said := _PRODUCER_WHEN.match(text, start):
        end = max(end, said.end())
    run = text[start:end].strip()
    if not _PRODUCER_WHEN.fullmatch(run) or not masked[:start].rstrip().endswith("\x00"):
        return None
    left = _sentence_bounds(text, start, end)[0]
    if not _PRODUCER_POSTS.search(text, left, start):
        return None
    if not re.match(r"\s*(?:[,;.!?]|$)", text[end:]):
        return None
    return run


def code_in_name(text: str, masked: str, start: int, end: int) -> str | None:
    """ "WAF events are on topic waf-events": a capitalised code whose words a name read in the
    same sentence holds (the topic says it again; it selects nothing); None otherwise. "Each
    ACARS engine report lands on topic acars.engine-reports": the code with the other words of
    the name, after "each" or "every" (they name the records the topic holds)."""
    run = text[start:end].strip()
    lead = re.fullmatch(r"(?:(?i:each|every)\s+)?(?P<w>[A-Z][A-Z0-9]{1,7}(?:\s+[a-z]+){0,3})", run)
    if not lead:
        return None
    words = [singular(w) for w in lead["w"].lower().split()]
    left, right = _sentence_bounds(text, start, end)
    for m in re.finditer(r"[A-Za-z][\w]*(?:[-_.][\w]+)+", text[left:right]):
        at = left + m.start()
        parts = {singular(p) for p in re.split(r"[-_.]", m.group(0).lower())}
        if set(words) <= parts and "\x00" in masked[at : left + m.end()] and at > end:
            return run
    return None


# "FAB-2291: read chamber alarms from ...", "ANTICHEAT-87 - ...": a bare ticket id opening the
# request as its label (a project key, a dash and a number), before a clause read as the pipeline
_TICKET_LEAD = re.compile(r"\[?[A-Z][A-Z0-9]{1,9}-\d{1,6}\]?")
_AFTER_LEAD = re.compile(r"\s*(?::|;|\s-\s|\s\u2013\s|\n)")  # (";": a line of its own)


def ticket_lead(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """ "FAB-2291: read ... from topic x": the ticket's id labelling the request; never a source
    (the request names one elsewhere) nor a value (one said with its field, "lot = FAB-2291",
    is read by the filters); None otherwise ("PAY-311: keep amount > 100 ...": it may name the
    source, left unread)."""
    run = text[start:end].strip()
    if "source_named" not in facts.split():
        return None
    if text[:start].strip() or not _TICKET_LEAD.fullmatch(run):
        return None
    after = _AFTER_LEAD.match(text, end)
    if after is None or "\x00" not in masked[after.end() : after.end() + 80]:
        return None
    return run


# "If distinct_paths > 200 that's almost certainly a scanner, so ...": what the records the
# comparison just before keeps are, in plain words; the comparison says which they are.
_VERDICT = re.compile(
    r"(?:that(?:'s|\s+is)|it(?:'s|\s+is)|they(?:'re|\s+are)|those\s+are)\s+(?:(?:almost\s+certainly"
    r"|most\s+likely|very\s+likely|probably|likely|definitely|clearly|surely|usually)\s+)?"
    r"(?:an?\s+)?(?:[a-z]+\s+)?[a-z]+",
    ICASE,
)


def verdict_after_comparison(text: str, masked: str, start: int, end: int) -> str | None:
    """The words around [start, end) when they only name what the comparison read just before
    keeps (see _VERDICT), up to a comma; None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    m = _VERDICT.search(text, left, right)
    if not m or m.start() > start or m.end() < end or "\x00" in masked[m.start() : m.end()]:
        return None
    if text[m.end() : right].strip() or not _COMPARISON_BEFORE.search(text[left : m.start()]):
        return None
    if not masked[: m.start()].rstrip().endswith("\x00"):
        return None
    said = m.group(0)
    if _STEP_WORDS.search(said) or _QUALIFIER.search(said) or _NEGATION.search(said):
        return None
    return said


# 'so the recommendations people want "what is this device watching right now" without hitting
# the warehouse.': the question someone wants answered live, and the store they no longer want
# to ask; a sentence of its own, the question holding no pipeline word.
_LIVE_QUESTION = re.compile(
    r"(?:so\s+)?(?:the|our)\s+(?:[a-z]+\s+){0,2}?(?:people|team|folks|squad|analysts|engineers"
    r"|app|service)\s+(?:want|wants|need|needs)\s+(?:to\s+(?:know|answer|ask)\s+)?"
    r"\"(?P<q>[a-z][a-z' ]{2,100}\??)\"\s+without\s+(?:hitting|querying|touching|going\s+to"
    r"|asking|loading)\s+the\s+(?:data\s+)?(?:warehouse|dwh|lake|lakehouse|database|db)",
    ICASE,
)


def live_question(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only asks a question to be answered live
    without the warehouse (see _LIVE_QUESTION); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    said = text[left:right].strip()
    m = _LIVE_QUESTION.fullmatch(said)
    if not m or "\x00" in masked[left:right]:
        return None
    question = re.sub(r"\bdevices?\b", " ", m["q"], flags=ICASE)  # (no "dev" environment)
    question = re.sub(r"^\s*(?:which|what|where|when|who)\b", " ", question, flags=ICASE)
    if _STEP_WORDS.search(question) or _QUALIFIER.search(question) or _NEGATION.search(question):
        return None  # "what is this device watching, only the paid ones": may select records
    return said


# "duration_sec > 0 (zero-second records are setup failures and are tracked elsewhere)": what
# the records the comparison just read leaves out are, and that someone else handles them; only
# after "> 0" / "!= 0", naming the zero records (the ones left out), so it selects nothing more.
_ZERO_WHY = re.compile(
    r"\(\s*(?:the\s+)?(?:zero|0)(?:-[a-z]+)?\s+(?:records?|rows?|events?|ones|calls?|messages?"
    r"|readings?|sessions?|orders?|lines?)(?P<rest>\s+(?:are|is)\s+(?:(?:just|only|usually|mostly|all)\s+)?"
    r"(?:[a-z]+\s+){0,2}?[a-z]+"
    r"(?:\s*,?\s+(?:and\s+)?(?:they\s+)?(?:(?:are|is)\s+)?(?:tracked|handled|counted|reported|covered"
    r"|monitored)\s+(?:elsewhere|separately|by\s+another\s+(?:job|pipeline|team)))?)\s*\)",
    ICASE,
)


def zero_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says what the records a "> 0" comparison
    read just before leaves out are (see _ZERO_WHY); None otherwise."""
    open_ = text.rfind("(", 0, start + 1)
    if open_ < 0:
        return None
    m = _ZERO_WHY.match(text, open_)
    if not m or m.end() < end or "\x00" in masked[open_ : m.end()]:
        return None
    before = masked[:open_].rstrip()
    if not before.endswith("\x00") or not re.search(r"(?:>|!=|<>)\s*0\s*$", text[:open_]):
        return None
    if re.search(r"[\d'\"`_]", m["rest"]) or QUALIFIER.search(m["rest"]):
        return None  # "(zero-second records are test calls)": may select more
    return m.group(0).strip("()")


# "... to Redis under scanner:{client_ip} - the edge proxy reads that key to throttle": who
# reads the output and what they do with it, after the sink read in the same sentence.
_OUTPUT_READER = re.compile(
    r"(?:the|our|their)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:reads?|polls?|uses?|checks?|watches?"
    r"|consumes?|looks\s+up)\s+(?:that|this|the|those|these|it|them)(?:\s+(?:key|keys|table|topic"
    r"|hash|hashes|data|rows?|output|entries|entry))?\s+(?:to|and)\s+(?:throttles?|blocks?"
    r"|rate-limits?|bans?|redirects?|routes?|shows?|displays?|prices?)"
    r"(?:\s+(?:them|it|those|traffic|requests|the\s+[a-z]+))?",
    ICASE,
)


def reader_of_output(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says who reads the output and what they do
    with it, after a dash or as its own sentence, the sink read before it; None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    dash = max(text.rfind(c, left, start) for c in "\u2014\u2013-")
    for at in (dash + 1 if dash >= 0 else -1, left):
        if at < 0:
            continue
        m = _OUTPUT_READER.fullmatch(text[at:right].strip())
        if not m:
            continue
        begin = at + len(text[at:right]) - len(text[at:right].lstrip())
        if begin > start or not masked[:begin].rstrip(" -\u2013\u2014.").endswith("\x00"):
            continue
        if re.search(r"\d|['\"`_]", m.group(0)):
            continue
        return m.group(0)
    return None


# "The data science team will build the churn model on top of this table, so please keep
# everything else as is.": who builds what on the output, a sentence of its own after the sink;
# "keep everything else as is" only restates that the fields not named pass as they came (never
# with a keep list: then it contradicts the list, and stays unread).
_BUILDS_ON = re.compile(
    r"(?:the|our|their)\s+(?:[a-z]+\s+){0,3}?(?:team|folks|people|analysts|scientists|squad"
    r"|engineers)\s+(?:will|would|want\s+to|wants\s+to|plan\s+to|plans\s+to|(?:is|are)\s+going\s+to)"
    r"\s+(?:build|train|run|put|base)\s+(?:the|a|an|their|some)\s+(?:[a-z]+\s+){0,2}?(?:model|models"
    r"|dashboard|dashboards|report|reports|analysis|analyses|forecasts?|notebooks?|features?)\s+on"
    r"\s+(?:top\s+of\s+)?(?:this|that|the|it)(?:\s+(?:table|topic|data|output))?"
    r"(?P<keep>\s*,\s*so\s+(?:please\s+)?(?:keep|leave)\s+(?:everything|all)\s+else\s+(?:as\s+is"
    r"|as\s+it\s+is|unchanged|untouched))?",
    ICASE,
)


def builds_on_output(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The sentence around [start, end) when it only says who builds what on the output, the
    sink read before it (see _BUILDS_ON); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    said = text[left:right].strip()
    m = _BUILDS_ON.fullmatch(said)
    if not m or "\x00" not in masked[:left] or re.search(r"\d|['\"`_]|[A-Z]{2}", said):
        return None
    if m["keep"] and re.search(r"\b(?:fields|columns)\b", facts):
        return None  # "keep everything else" beside a keep list: which one?
    return said


# "Arrivals with no handling should still come through ..., those are exactly the ones they
# want to chase": why the records a clause read before (after its comma) matter to someone;
# it points back at them and selects nothing more.
_CHASE_WHY = re.compile(
    r"(?:those|these|they|that)\s+(?:are|is)\s+(?:(?:exactly|precisely|just)\s+)?the\s+ones"
    r"\s+(?:that\s+)?(?:we|they|i|(?:the|our)\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:want|wants|need|needs)"
    r"\s+to\s+(?:chase|chase\s+up|follow\s+up(?:\s+on)?|look\s+into|investigate|call\s+about"
    r"|act\s+on)",
    ICASE,
)


def chase_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The clause around [start, end) when it only says the records just read are the ones
    someone wants to chase, after a comma ending a clause read; None otherwise."""
    left, right = _bounds(text, end - 1, end, ",;.!?()")
    if left == 0 or text[left - 1] != ",":
        return None
    # (the run may start before the comma on filler: "(left join), those are ...")
    said_too = FILLER | frozenset(facts.split())
    if any(w.lower() not in said_too for w in re.findall(r"[\w'-]+", text[start : left - 1])):
        return None
    said = text[left:right].strip()
    if not _CHASE_WHY.fullmatch(said) or "\x00" in masked[left:right]:
        return None
    if not masked[: min(start, left - 1)].rstrip(" ()").endswith("\x00"):
        return None  # (the clause it points back at must be read)
    if not re.match(r"\s*(?:[.!?](?:\s|$)|$)", text[right:]):
        return None  # (it ends its sentence)
    return said


def too_late_complaint(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The sentence around [start, end) when it only complains that the sender learns of
    problems too late and the parse has a filter; None otherwise."""
    if "filtered" not in facts.split():
        return None
    left, right = _sentence_bounds(text, start, end)
    clause = text[left:right].strip()
    m = _TOO_LATE.fullmatch(clause.rstrip(".!"))
    if "\x00" in masked[left:right] or not m or _NEGATION.search(clause):
        return None
    if re.search(r"\d|['\"`_]", clause):
        return None
    rest = (text[:left] + " " + text[right:]).lower()
    if any(not _said(w, rest) for w in m["what"].split() if _QUALIFIER.fullmatch(w)):
        return None  # "failed card charges" with a filter on amount: 'failed' says a filter
    return clause


# "The figure skating club has complained about soft ice twice this month.", "We've had two
# soft-ice complaints from the figure skating club this month, so we'd like an early warning":
# who complained, about what, how often and when, as a sentence of its own. The count and the
# calendar span are about the complaints (the world), never the records; what the complaint is
# about must hold no word that may select records ("complained about late drops" stays
# refused), and who complained no name or qualifier.
_WORDS3 = r"(?:[a-z][\w'-]*\s+){0,2}?[a-z][\w-]*"
_COMPLAINED = re.compile(
    r"(?:(?:the|our)\s+(?P<who>" + _WORDS3 + r")\s+(?:has|have)\s+(?:complained|been\s+complaining)"
    r"(?:\s+about\s+(?:the\s+)?(?P<what>" + _WORDS3 + r"))?"
    r"(?:\s+(?:twice|once|again|(?:[2-9]|two|three|four|five|a\s+few|several|many)\s+times))?"
    r"|(?:we|i)(?:'ve|\s+have)\s+(?:had|got|gotten|received)\s+(?:[2-9]|two|three|four|five|a\s+few"
    r"|several|some|many|a\s+couple\s+of)\s+(?P<what2>(?:[a-z][\w-]*\s+){0,2}?)complaints"
    r"(?:\s+about\s+(?:the\s+)?(?P<what3>" + _WORDS3 + r"))?"
    r"(?:\s+from\s+(?:the|our)\s+(?P<who2>" + _WORDS3 + r"))?)"
    r"(?:\s+(?:this|last)\s+(?:week|month|season|year|winter|summer))?"
    r"(?:\s*,\s*so\s+(?:we|i)(?:'d|\s+would)\s+like\s+an\s+early[\s-]warning)?",
    ICASE,
)


def complaint_history(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only tells who complained about what, how
    often and when (see _COMPLAINED); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    clause = text[left:right].strip()
    m = _COMPLAINED.fullmatch(clause.rstrip(".!"))
    if "\x00" in masked[left:right] or not m or _NEGATION.search(clause):
        return None
    who = m["who"] or m["who2"] or ""
    what = " ".join(m[g] or "" for g in ("what", "what2", "what3"))
    if re.search(r"[\d'\"`_.]", who + " " + what):
        return None  # (a value or a name: "complained about zone_3")
    what = what.replace("-", " ")
    if may_select(who) or may_select(what) or _STEP_WORDS.search(what):
        return None  # "complained about late drops", "the EU club": may say which records
    return clause


# "The vineyard manager wants a live pick rate:", "Our dispatch desk needs a real-time fill
# level.": who asks for the output, naming it in words the request says again (the sink's
# name vineyard.pick-rate); a sentence of its own or a lead before a colon.
_WANTS_LIVE = re.compile(
    r"\s*(?:(?:so|and)\s+)?(?:the|our)\s+(?P<who>(?:[a-z][\w-]*\s+){0,2}?(?:"
    + ROLE_NOUNS
    + r"|team|crew|staff|desk|office))\s+(?:wants|needs|would\s+like|'d\s+like|asked\s+for)\s+"
    r"(?:a|an)\s+(?:live|real-time|realtime|up-to-date|running)\s+"
    r"(?P<what>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?=\s*[:.!])",
    ICASE,
)


def wants_live_output(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only names who wants the output live, in words
    said again elsewhere (see _WANTS_LIVE); None otherwise."""
    left = _sentence_bounds(text, start, end)[0]
    m = _WANTS_LIVE.match(text, left)
    if not m or not (m.start() <= start and end <= m.end()) or "\x00" in masked[left : m.end()]:
        return None
    if may_select(m["who"]) or any(_requirement_word(w) for w in m["what"].split()):
        return None  # "the EU desk", "a live count of late trips"
    rest = (text[:left] + " " + text[m.end() :]).lower()
    if not all(re.search(rf"(?<![a-z]){re.escape(w.lower())}", rest) for w in m["what"].split()):
        return None  # "a live fraud score": a word said only here may be an ask
    return m[0].strip()


# "claim_count is greater than 3, people filing four or more claims in a day is what they want
# to look at": the threshold said again as who is looked for, after the comparison read just
# before; its number must be the comparison's ("> 3" is "4 or more") and its period the window's.
_THRESHOLD_AGAIN = re.compile(
    r"(?:(?:the\s+)?(?:people|users|customers|drivers|accounts|anyone|anybody|those|policyholders"
    r"|players|members|clients|devices|machines)\s+)(?:[a-z]+ing|with|who\s+[a-z]+)\s+(?P<n>\d+)"
    r"\s+or\s+more\s+(?:[a-z]+\s+)?[a-z]+s\s+(?:in|per|within)\s+(?:a|an|one|1)\s+"
    r"(?P<unit>minute|hour|day|week)\s+(?:is|are)\s+(?:what|who)\s+(?:they|we|i|you|(?:the|our)\s+"
    r"(?:[a-z]+\s+)?[a-z]+)\s+"
    r"(?:want|wants|need|needs)\s+to\s+(?:look\s+at|see|catch|review|find|check|flag)",
    ICASE,
)
_COMPARED_BEFORE = re.compile(
    r"(?:(?P<gt>greater\s+than|more\s+than|above|over|>)|(?P<ge>at\s+least|>=))\s*(?P<m>\d+)\s*,?\s*$",
    ICASE,
)
_UNIT_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}


def threshold_again(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The comma clause around [start, end) when it only says the threshold read just before it
    again as who is looked for (see _THRESHOLD_AGAIN); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    if text[left - 1 : left] != "," or "\x00" in masked[left:right]:
        return None
    clause = text[left:right].strip()
    m = _THRESHOLD_AGAIN.fullmatch(clause)
    before = _COMPARED_BEFORE.search(text, 0, left)
    if not m or not before or not masked[: left - 1].rstrip().endswith("\x00"):
        return None
    wanted = int(before["m"]) + (1 if before["gt"] else 0)
    if int(m["n"]) != wanted or f"window_ms_{_UNIT_MS[m['unit'].lower()]}" not in facts.split():
        return None
    return clause


# "... and store them in ClickHouse x for the monthly report", "Redis with the key tenant:{id}
# so the tenant portal can show a banner": who uses the output, right after the sink read just
# before (a calendar word only for a report: it is made elsewhere, no window of this pipeline)
_SINK_AUDIENCE = re.compile(
    r"(?:for\s+(?:the|our)\s+(?:(?:monthly|weekly|daily|quarterly|yearly|annual|nightly)\s+"
    r"(?:[a-z]+\s+)?(?:report|reports|review|audit|invoice|invoices|meeting)"
    r"|(?:[a-z]+\s+){0,2}?(?:report|reports|review|audit|dashboard|generator|team|app|portal"
    r"|service|system|model|board|screen|tool))"
    r"|so\s+(?:that\s+)?(?:the|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:can|could|will)\s+(?:show"
    r"|display|see|print|use|read|trend|chart|plot|review)(?:\s+(?:a|an|it|them))?(?:\s+[a-z]+)?"
    # "so the TV screens by the bar can pick it up": the readers, where they are, and that they
    # take the output (a place of up to three words after "by", "in", "at", "on" or "near")
    r"|so\s+(?:that\s+)?(?:the|our)\s+(?:[A-Za-z]+\s+){0,2}?[a-z]+\s+(?:(?:by|in|at|on|near)\s+"
    r"(?:the\s+|our\s+)?(?:[a-z]+\s+){0,2}?[a-z]+\s+)?(?:can|could|will)\s+(?:pick\s+(?:it|them)"
    r"\s+up|grab\s+(?:it|them)|show\s+(?:it|them)|display\s+(?:it|them)|read\s+(?:it|them)"
    r"|use\s+(?:it|them))"
    # "... ClickHouse x so we can make a heatmap": what the sender draws from the output
    r"|so\s+(?:that\s+)?(?:we|i|they)\s+can\s+(?:make|build|draw|plot|chart)\s+(?:a|an|some)\s+"
    r"(?:heat\s*map|chart|graph|map|plot|dashboard|report)s?"
    # "..., ops dashboard wants both": who wants the outputs just named, and nothing else
    r"|(?:(?:the|our)\s+)?(?:[a-z]+\s+){0,2}?(?:dashboard|team|folks|people|app|board|screen"
    r"|report)s?\s+(?:wants?|needs?|uses?|reads?)\s+(?:both(?:\s+of\s+them)?|it|them|this|that"
    r"|these|those))",
    ICASE,
)


def sink_audience(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says who uses the output, right after the
    sink read just before it (see _SINK_AUDIENCE); None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    clause = text[left:right]
    lead = len(clause) - len(clause.lstrip())
    m = re.compile(r"(?:.*?\x00\s+)?(?P<a>" + _SINK_AUDIENCE.pattern + ")", ICASE).fullmatch(
        masked[left:right].strip()
    )
    if not m:
        return None
    at = left + lead + m.start("a")
    said = text[at:right].strip()
    # (after the sink and a "pls" or "please": "push it to kafka x pls, ops dashboard ...")
    before = re.sub(
        r"(?:\s+(?:pls|plz|please|too|as\s+well))?\s*,?\s*$", "", masked[:at], flags=ICASE
    )
    if "\x00" in masked[at:right] or not before.endswith("\x00"):
        return None
    # (an acronym may name a system that selects; a screen's own is none: "TV screens")
    if not re.match(r"\s*(?:[,;.!?]|$)", text[right : right + 1]) or re.search(
        r"\d|[A-Z]{2}(?!s?\s+(?:screens?|displays?|monitors?|walls?)\b)", said
    ):
        return None
    return said


# "Exactly-once would be great since nobody wants two letters": why each record must go out
# once, right after the exactly-once delivery read just before it.
_ONCE_WHY = re.compile(
    r"(?:(?:would\s+be|is)\s+(?:great|nice|ideal|good|best|preferred|important)\s*,?\s+)?"
    r"(?:since|because|as)\s+(?:nobody|no\s+one|no-one)\s+(?:wants|likes|needs)\s+(?:to\s+(?:get|receive"
    r"|see)\s+)?(?:two|2|duplicate|double|repeated)\s+(?:[a-z]+\s+)?[a-z]+",
    ICASE,
)
# "This feeds automatic IP blocking, so exactly-once delivery please.": the same said before it
_ONCE_WHY_BEFORE = re.compile(
    r"(?P<w>(?:this|it|these|they|the\s+(?:output|alerts|results|flags))\s+(?:feeds?|drives?|triggers?"
    r"|goes\s+into|go\s+into)\s+(?:an?\s+|the\s+|our\s+)?(?:automatic|automated|auto)\s+"
    r"(?:[A-Za-z]+\s+){0,2}?[a-z]+)\s*,\s*so\s+(?:\x00|\s)*$",
    ICASE,
)
_ONCE_SAID = re.compile(r"\bexactly[\s-]once\b", ICASE)


def once_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says why records must go out once, right
    after the exactly-once delivery read just before it; None otherwise."""
    left, right = _bounds(text, start, end, ",;.!?")
    sentence = _sentence_bounds(text, start, end)
    said = _ONCE_SAID.search(text, end, sentence[1])
    before = _ONCE_WHY_BEFORE.search(masked, sentence[0], said.start()) if said else None
    if (
        said
        and before
        and "\x00" in masked[said.start() : said.end()]
        and before.start("w") <= start
        and end <= before.end("w")
        and not re.search(r"\d|['\"`_]", before["w"])
    ):
        return text[before.start("w") : before.end("w")]
    # the delivery's words (read) just before, in the same clause
    m = re.compile(r"(?P<d>\x00+)[\s,]+(?P<w>" + _ONCE_WHY.pattern + r")", ICASE).search(
        masked, max(0, left - 2), right
    )
    if not m or m.start("w") > start or m.end("w") < end:
        return None
    if not re.match(r"\s*(?:[,;.!?]|$)", text[m.end("w") :]):
        return None
    said = _ONCE_SAID.search(text, _sentence_bounds(text, start, end)[0], m.start("w"))
    if not said or "\x00" not in masked[said.start() : said.end()]:
        return None
    return text[m.start("w") : m.end("w")]


# "We run our freight booking system on MySQL and the analysts want the data in ClickHouse
# without nightly dumps.": what the sender's system runs on and who wants its data where, the
# store names read already (by the CDC source and the sink), maybe the old process it replaces.
# Matched on the masked sentence (each read name a run of the mask).
_SYSTEM_STORY = re.compile(
    r"(?:we|our\s+[a-z]+)\s+(?:run|runs|keep|keeps|host|hosts|have|has)\s+(?:our|the|a|an|its|their)\s+"
    r"(?P<w>(?:[a-z][a-z-]*\s+){0,3}?)(?:system|app|application|platform|service|shop|store"
    r"|backend|erp|crm|software)\s+(?:on|in)\s+(?:a\s+|an\s+)?\x00+"
    r"(?:,?\s+and\s+(?:the|our)\s+(?P<who>(?:[a-z]+\s+)?(?:analysts|team|engineers|scientists|people"
    r"|folks|finance|management|bi))\s+(?:want|wants|need|needs|would\s+like)\s+(?:the|that|this"
    r"|all\s+the|its)\s+(?:data|records|rows|tables|changes)\s+(?:in|into)\s+\x00+"
    r"(?:\s+(?:without|instead\s+of|rather\s+than)\s+(?:the\s+|our\s+)?(?:nightly|daily|weekly"
    r"|manual|batch)?\s*(?:dumps?|exports?|batch\s+jobs?|syncs?|copies|imports?|csv\s+exports?))?)?"
    r"\s*[.!]?",
    ICASE,
)


def system_story(text: str, masked: str, start: int, end: int) -> str | None:
    """The sentence around [start, end) when it only says what the sender's system runs on and
    who wants its data in the sink (see _SYSTEM_STORY); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    said = masked[left : right + 1].strip()
    m = _SYSTEM_STORY.fullmatch(said)
    if not m or STEP_WORDS.search(m["w"]) or re.search(r"\d", said):
        return None
    return text[left : right + 1].strip(" .!")


# "(the flaky android client double-sends)": why the request drops duplicates, in an aside;
# accepted only when the parse has a dedup.
_RESENDS_WHY = re.compile(
    r"\(\s*(?:the|our|some|a\s+few)\s+(?:[a-z]+(?:-[a-z]+)*\s+){0,3}?[a-z]+s?\s+(?:(?:sometimes|occasionally|often"
    r"|still|tends\s+to|likes\s+to)\s+)?(?:double-sends?|double-posts?|double\s+sends?|resends?"
    r"|re-sends?|retries|sends?\s+(?:(?:things|messages|events|them|it)\s+)?twice"
    r"|sends?\s+duplicates)(?:\s+(?:a|an|the)\s+[a-z]+)?\s*\)",
    ICASE,
)


def resends_why(text: str, masked: str, start: int, end: int, facts: str) -> str | None:
    """The aside around [start, end) when it only says why duplicates are dropped; None
    otherwise."""
    if "duplicates" not in facts.split():
        return None
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    if "\x00" in masked[open_ : close + 1] or not _RESENDS_WHY.fullmatch(text[open_ : close + 1]):
        return None
    return text[open_ : close + 1]


# "keep only readings whose lux is at least fifty (the rest are calibration glitches the
# facilities team handles separately)": what the records a keep-filter drops are, and who else
# deals with them; an aside right after the filter, plain words only (a route of the rest to
# somewhere is a sink and says "send"/"write", never who handles them).
_REST_WHY = re.compile(
    # ("(anything else is a sensor fault)": the same, with an article)
    r"\(\s*(?:(?:the\s+)?(?:rest|others|other\s+ones)|(?:anything|everything|all)\s+else)\s+"
    r"(?:are|is)\s+(?:(?:just|mostly|all|usually|probably)\s+)?(?:an?\s+)?"
    r"(?P<w>(?:[A-Za-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)"
    r"(?:\s*,?\s+(?:that|which)?\s*(?:the|our)\s+(?P<who>(?:[a-z][a-z-]*\s+){0,2}?(?:team|folks|crew"
    r"|people|staff|department|engineers))\s+(?:handles?|deals?\s+with|looks?\s+after|takes?\s+care"
    r"\s+of)\s+(?:separately|elsewhere|on\s+(?:its|their)\s+own|themselves|itself))?\s*[.!]?\s*\)"
)
# What keeps records before such an aside: a keep word, or a "Filter:" label (its condition
# says which records pass)
_KEPT_BEFORE = re.compile(
    r"\b(?:keep|keeps|only|retain)\b"
    r"|^\s*filter\s*:(?!\s*(?:drop|skip|ignore|remove|exclude|discard|filter\s+out)\b)",
    ICASE,
)


def _aside_after_read(
    text: str, masked: str, start: int, end: int, pattern: re.Pattern[str]
) -> tuple[int, re.Match[str]] | None:
    """The parenthesised aside around [start, end) when `pattern` matches it whole and words a
    recogniser read come just before it: where it opens, and the match; None otherwise."""
    open_, close = text.rfind("(", 0, start + 1), text.find(")", end - 1)
    if open_ < 0 or close < 0 or ")" in text[open_:start] or "(" in text[end:close]:
        return None
    m = pattern.fullmatch(text, open_, close + 1)
    if not m or not masked[:open_].rstrip().endswith("\x00"):
        return None
    return open_, m


def rest_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says what the records a keep-filter just
    before leaves out are (see _REST_WHY); None otherwise."""
    found = _aside_after_read(text, masked, start, end, _REST_WHY)
    if found is None:
        return None
    open_, m = found
    if not _KEPT_BEFORE.search(text[_sentence_bounds(text, open_, open_)[0] : open_]):
        return None  # (after a drop, "the rest" are the records kept: may say something of them)
    said = " ".join(w for w in (m["w"], m["who"] or "") if w)
    if _STEP_WORDS.search(said) or _QUALIFIER.search(said) or _ACTION.search(said):
        return None
    return m.group(0)


# "ignore readings with battery_v below 11.5 (the anemometers drift on low battery)": why a drop
# filter's records go, a statement in an aside right after its condition, about the tested
# field ("battery" of battery_v); plain words only (no number, field name, step or selecting
# word: "(the old probes drift)" may select probes).
# verbs saying how a device goes wrong ("drift", "fog up", "ice over", "go haywire")
_CAUSE_VERBS = (
    r"(?:drift|fog|freeze|froze|fail|misread|spike|jump|glitch|stick|saturate|overheat|lose"
    r"|misbehave|wobble|flicker|ice|clog|die)(?:s|es|d|ed|ing)?"
    r"|(?:go|goes|went|get|gets)\s+(?:haywire|wild|crazy|bad|flaky|noisy)"
)
_CAUSE_ASIDE = re.compile(
    r"\(\s*(?:(?:the|our|some|these|those|their|its)\s+)?"
    rf"(?P<w>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){{0,2}}\s+(?:(?:tend\s+to|often|sometimes|can)\s+)?"
    rf"(?:{_CAUSE_VERBS})(?:\s+(?:up|out|off|over))?(?:\s+[a-z][a-z'-]*){{0,4}})\s*[.!]?\s*\)",
    ICASE,
)
# Words that join, narrow or negate: never in a reason aside ("(and the probes that are off)")
_NOT_CAUSE = word_set(
    "and or also plus that which who whose where when if unless except only not no nor but any all every each"
)
_DROPPED_BEFORE = re.compile(
    r"\b(?:ignor|drop|skip|discard|remov|exclud|reject)\w*|\bfilter\w*\s+out\b"
    r"|\bthrow\w*\s+away\b",
    ICASE,
)
# the level words a reason may say of the tested field ("on low battery", "at high humidity")
_LEVEL_WORDS = word_set("low high")


def cause_aside(text: str, masked: str, start: int, end: int) -> str | None:
    """The aside around [start, end) when it only says why a drop filter just before drops
    its records (see _CAUSE_ASIDE); None otherwise."""
    found = _aside_after_read(text, masked, start, end, _CAUSE_ASIDE)
    if found is None:
        return None
    open_, m = found
    before = text[_sentence_bounds(text, open_, open_)[0] : open_]
    if not _DROPPED_BEFORE.search(before):
        return None
    tested = {p for name in re.findall(r"[a-z]\w*_\w+", before, ICASE)
              for p in name.lower().split("_") if len(p) >= 4}  # fmt: skip
    words = m["w"].lower().split()
    if not tested & ({singular(w) for w in words} | set(words)):
        return None  # (not about the field the condition tests)
    if set(words) & _NOT_CAUSE:
        return None
    plain = " ".join(w for w in words if w not in _LEVEL_WORDS)
    if _STEP_WORDS.search(plain) or _QUALIFIER.search(plain) or _ACTION.search(plain):
        return None
    return m.group(0)


# "(only readings with t between 40 and 140, the rest are sensor glitches)", "(bigger values
# are gauge glitches)", "(anything heavier is a scale error)", "Only emit runs where w > 300,
# the shorter ones are just test runs.": what the records a keep filter just read leaves out
# are, said as "the rest" after a comma in the filter's own clause, or by a comparative that
# points past the filter's bound (checked: "(smaller values are glitches)" after "< 50" may
# select more). Plain words only: no number, name, step or judgement word.
_DROPPED_WHY = re.compile(
    r"(?P<open>\(|,)\s*(?:(?P<rest>(?:the\s+)?(?:rest|others|other\s+ones)|(?:anything|everything"
    r"|all)\s+else)|(?:the\s+|any\s+)?(?P<cmp>[a-z]+)\s+(?:ones|values|readings|records|rows"
    r"|events|numbers|figures|measurements|entries)|anything\s+(?P<cmp2>[a-z]+))"
    r"\s+(?:are|is)\s+(?:(?:just|mostly|all|usually|probably|always|likely)\s+)?(?:an?\s+)?"
    r"(?P<w>(?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)(?:\s+anyway)?\s*"
    r"(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# "only speed_kn < 60 (gps junk above that)": a noun for failed readings naming the values past
# the bound just read, said with a direction and "that" (the bound); the direction is checked as
# a comparative's is. ("noise", "bogus" stay judgements that may be a filter of their own.)
_JUNK_BEYOND = re.compile(
    r"(?P<open>\()\s*(?P<w>(?P<mod>(?:[a-z]+\s+){0,2}?)(?:junk|garbage|rubbish|glitch(?:es)?"
    r"|errors?))\s+(?P<dir>above|over|beyond|past|below|under)\s+(?:that|this|it)\s*"
    r"(?P<close>\))",
    ICASE,
)
# "keep ammonia_mg_l < 100 (above that the probe is fouled)": the direction and "that" (the
# bound) first, then the device and a word saying it has failed; the direction is checked as
# _JUNK_BEYOND's is, the device's words as a comparative's aside's.
_FAULT_WORDS = (
    r"(?:fouled|faulty|broken|saturated|clipped|dead|stuck|frozen|miscalibrated|unreliable"
    r"|maxed\s+out|out\s+of\s+range|off[\s-]scale|flooded|clogged|iced\s+(?:up|over)|overloaded"
    r"|failing|glitching|drifting|fogged\s+up|blocked)"
)
_BEYOND_FAULT = re.compile(
    r"(?P<open>\()\s*(?P<dir>above|over|beyond|past|below|under)\s+(?:that|this|it)\s*,?\s+"
    r"(?:(?:the|our|its|a)\s+)?(?P<w>[a-z]+(?:\s+[a-z]+)?)\s+(?:is|are|was|were|gets|get|has\s+been"
    r"|have\s+been|must\s+be|means\s+(?:the\s+)?[a-z]+\s+(?:is|are))\s+"
    rf"(?:(?:usually|probably|just|already|likely|basically)\s+)?{_FAULT_WORDS}\s*(?P<close>\))",
    ICASE,
)
# (the comparative each direction stands for)
_DIRECTION = {"above": "higher", "over": "higher", "beyond": "higher", "past": "higher"} | {
    "below": "lower",
    "under": "lower",
}
# Bounds a keep filter's condition puts on a value: from above ("< 60", "below", "between")
# and from below ("> 300", "at least", "between")
_UPPER_BOUND = re.compile(
    r"(?<![<>!-])<(?!>)|\b(?:below|under|less\s+than|lower\s+than|at\s+most|up\s+to|between"
    r"|max(?:imum)?\s+of)\b",
    ICASE,
)
_LOWER_BOUND = re.compile(
    r"(?<![<>!-])>|\b(?:above|over|more\s+than|greater\s+than|higher\s+than|at\s+least|between"
    r"|exceed\w*)\b",
    ICASE,
)


# Words that say where records go or whom they are for: a route, never a reason
_DESTINED = word_set("for to into onto via towards")


def dropped_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what the records a keep filter just
    before leaves out are (see _DROPPED_WHY); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    found = [*_DROPPED_WHY.finditer(text, left, min(len(text), right + 1))]
    found += _JUNK_BEYOND.finditer(text, left, min(len(text), right + 1))
    found += _BEYOND_FAULT.finditer(text, left, min(len(text), right + 1))
    for m in found:
        if m.start() > start or m.end() < start:
            continue
        # the words of the run outside the aside are filler ("glitches), compute")
        outside = text[start : m.start()] + " " + text[m.end() : end]
        if any(w.lower() not in FILLER for w in re.findall(r"[\w'-]+", outside)):
            continue
        said = text[m.start("open") + 1 : m.end()].strip(" .;!)")
        if _dropped_why_ok(text, masked, m, left):
            return said
    return None


def _dropped_why_ok(text: str, masked: str, m: re.Match[str], left: int) -> bool:
    """Whether the aside matched comes right after a keep filter read whose bound its
    comparative points past, and says nothing a step could use."""
    at = m.start("open")
    if not masked[:at].rstrip(" ,").endswith("\x00"):
        return False  # (the filter's condition, read, comes right before)
    opened = text.rfind("(", left, at)
    if m["open"] == "," and m["close"] == ")" and (opened < 0 or ")" in text[opened:at]):
        return False  # ("a, the rest are x)": the comma's clause opens in this aside)
    if m["open"] == "," and m["close"] != ")" and opened >= 0 and ")" not in text[opened:at]:
        return False  # (a sentence end inside an open aside)
    before = text[opened + 1 if m["open"] == "," and m["close"] == ")" else left : at]
    if not _KEPT_BEFORE.search(before):
        return False  # (after a drop, the records named are the ones kept)
    said = m.groupdict()
    comparative = (said.get("cmp") or said.get("cmp2") or "").lower()
    comparative = comparative or _DIRECTION.get((said.get("dir") or "").lower(), "")
    if comparative:
        if comparative in MORE_COMPARATIVES:
            bound = _UPPER_BOUND
        elif comparative in LESS_COMPARATIVES:
            bound = _LOWER_BOUND
        else:
            return False
        if not bound.search(before):
            return False  # ("(smaller values are glitches)" after "< 50": which ones?)
    # (the judgement noun of "(gps junk above that)" is the form's own: its modifiers checked)
    words = m["w"] if said.get("mod") is None else said["mod"]
    if re.search(r"[\d'\"`_]", m.group(0)) or _NEGATION.search(words) or _CONTRACTED.search(words):
        return False
    if _STEP_WORDS.search(words) or _ACTION.search(words):
        return False
    if set(words.lower().split()) & (_NOT_CAUSE | _DESTINED):
        return False  # ("(bigger ones are for the fraud team)": maybe a route of their own)
    # ("the rest are test runs": with no comparative, a qualifier may name more records)
    return bool(comparative) or not _QUALIFIER.search(words)


# "Only keep accessions where avg_germ is under 70, those need regenerating.", "(the field
# officers follow up with them)": what people do with the records a keep filter or a ranking
# just read lets through; it points back at them ("those", "them") and selects nothing more.
_PEOPLE_NOUN = rf"(?:{ROLE_NOUNS}s?|team|teams|crew|crews|staff|folks|people|desk|office)"
_KEPT_FOLLOWUP = re.compile(
    r"(?P<open>\(|,)\s*(?:(?:and\s+|so\s+)?(?:those|these|they)\s+(?:need|needs)\s+(?:to\s+be\s+)?"
    r"(?P<v>[a-z]+(?:ing|ed))(?:\s+(?:first|soon|urgently|asap))?"
    r"|(?:the|our)\s+(?P<who>(?:[a-z]+\s+){0,2}?" + _PEOPLE_NOUN + r")\s+(?:will\s+)?"
    r"(?P<v2>follows?\s+up\s+(?:with|on)|calls?|visits?|contacts?|coach(?:es)?|chases?"
    r"|checks?\s+in\s+with)\s+(?:them|those|these)(?:\s+(?:personally|directly|first))?)"
    r"\s*(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# What lets records through before such a clause: a keep word or a ranking
_PASSED_BEFORE = re.compile(
    r"\b(?:keep|keeps|only|retain|top|bottom|lowest|highest|fewest|most|least)\b", ICASE
)


def kept_followup(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what people do with the records a keep
    filter or ranking just before lets through (see _KEPT_FOLLOWUP); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    for m in _KEPT_FOLLOWUP.finditer(text, left, min(len(text), right + 1)):
        if m.start() > start or m.end() < end or "\x00" in masked[m.start("open") : m.end()]:
            continue
        at = m.start("open")
        if not masked[:at].rstrip(" ,").endswith("\x00"):
            continue  # (the clause it points back at, read, comes right before)
        if (m["open"] == "(") != (m["close"] == ")"):
            continue  # (an aside closes where it opened; a comma clause ends its sentence)
        if not _PASSED_BEFORE.search(text, left, at):
            continue
        # ("the field officers", "our field crew": people who work out in the field, never a
        # record's field)
        who = re.sub(rf"\bfield\s+(?={_PEOPLE_NOUN}$)", "", m["who"] or "", flags=ICASE)
        verb = (m["v"] or "") + " " + who
        if _STEP_WORDS.search(verb) or _ACTION.search(verb) or _QUALIFIER.search(verb):
            continue  # ("those need dropping", "the test team calls them")
        return text[at + 1 : m.end()].strip(" .;!)")
    return None


# --- Which records are wanted, said in words the filters' values say again -----------------
#
# "we don't care about walk-ins or cancellations" before "drop services where booking_type is
# walk_in or cancelled"; "The vet team wants the dogs only, so keep intakes where species is
# dog"; "Write the fatal crashes to ClickHouse ..." after "keep only reports where severity =
# 'fatal'". The words name the values of a filter the request states (a plural, a hyphen for
# '_', "cancellations" for 'cancelled'), on the same side (kept or dropped), and all of the
# filter's values: they select nothing the filter does not. Any other word ("science frames",
# "the cats" after "species is not dog") leaves the clause unread.


@dataclass(frozen=True)
class FilterFacts:
    """What the request's filters and sinks say, for the context readers that check a sentence
    against them: the plain values each filter keeps ("k") or drops ("d"), the side and bound of
    the records each filter leaves out, and whether the request has one sink."""

    values: tuple[tuple[str, int, str], ...] = ()  # (side, filter index, value)
    left_out: frozenset[tuple[str, float]] = frozenset()  # ("lo" | "hi", bound)
    one_sink: bool = False


def filter_facts(conds: list[Cond], sinks: int) -> FilterFacts:
    """The FilterFacts of a parse's conditions and number of sinks."""
    values = tuple(
        (side, i, value.lower()) for i, c in enumerate(conds) for side, value in _selection(c)
    )
    left_out = frozenset(b for b in map(left_out_bound, conds) if b is not None)
    return FilterFacts(values, left_out, sinks == 1)


def _selection(cond: Cond) -> list[tuple[str, str]]:
    """The plain text values `cond` keeps ("k") or drops ("d"); none for any other condition."""
    values = cond.value if isinstance(cond.value, list | tuple) else [cond.value]
    if cond.items or cond.op not in ("eq", "in", "ne", "not_in"):
        return []
    if not values or not all(isinstance(v, str) and re.fullmatch(r"[\w-]+", v) for v in values):
        return []
    side = "d" if (cond.op in ("ne", "not_in")) != cond.negate else "k"
    return [(side, v) for v in values]


# the endings a word naming a value may add to the value's root ("cancellations" of
# 'cancelled', "rejections" of 'rejected', "refunds" of 'refunded', "dogs" of 'dog')
_VALUE_ENDINGS = ("", "s", "es", "ion", "ions", "ation", "ations", "lation", "lations")


def _names_value(word: str, value: str) -> bool:
    """`word` (a plain word of the request) names the filter value `value`."""
    word, value = word.lower().replace("-", "_"), value.lower().replace("-", "_")
    if value in (word, singular(word), word[:-1] if word.endswith("s") else word):
        return True
    for ending in ("led", "ed", "d", "ing"):
        root = value[: -len(ending)] if value.endswith(ending) else ""
        if len(root) >= 4 and any(word == root + e for e in _VALUE_ENDINGS):
            return True
    return False


# what the records are called besides the values ("the fatal crashes", "dog intakes")
_RECORD_WORDS = word_set("records events rows messages entries items ones data readings scans")


_AND_OR = word_set("and or")


def _values_named(words: list[str], side: str, filters: FilterFacts, rest: str) -> bool:
    """Each of `words` names a value of a filter on `side` ("k" kept, "d" dropped), every value
    of each such filter is named, and only the last word may be the records' noun instead."""
    found = filters.values
    named: set[tuple[int, str]] = set()
    for n, word in enumerate(words):
        hits = {(i, v) for s, i, v in found if s == side and _names_value(word, v)}
        if hits:
            named |= hits
            continue
        stem = singular(word.lower())
        last = n == len(words) - 1 and n > 0
        # (the records' noun: a generic one, or one the request names otherwise: "crashes"
        # with the topic crash-reports)
        if last and (word.lower() in _RECORD_WORDS or re.search(rf"(?<![a-z]){stem}", rest)):
            continue
        return False
    indexes = {i for i, _v in named}
    return bool(named) and all((i, v) in named for s, i, v in found if i in indexes and s == side)


_SEL_WHO = (
    rf"(?:we|i|they|(?:the|our)\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PEOPLE_NOUN}"
    r"|(?-i:[A-Z][a-z]+)(?:\s+(?:team|folks|people))?)"
)
_SEL_LIST = (
    r"(?P<w>[a-z][\w-]*(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s+)[a-z][\w-]*){0,4}?)"
)
# "we (only) care about X", "the vet team wants the X only", "we don't care about X", "we're
# not interested in X": a clause of its own (cut at a colon before it and a comma after it)
_WANTED = re.compile(
    r"\s*(?:[-*\u2022]\s*)?(?:(?:so|and|but|also|honestly|really)\s+)?"
    + r"(?:"
    + _SEL_WHO
    + r"\s+|(?=were\s))(?:"
    r"(?P<neg>don'?t|do\s+not|doesn'?t|does\s+not|never)\s+(?:really\s+)?"
    r"(?:care\s+about|want|need)"
    r"|(?:'re|are|is|'s)\s+(?P<neg2>not\s+|never\s+)?(?:only\s+|just\s+)?(?:interested\s+in|after)"
    r"|(?P<neg3>aren'?t|isn'?t)\s+(?:interested\s+in|after)"
    # ("were not interested in comps": "we're" typed without its apostrophe)
    r"|were\s+(?P<neg4>not\s+)?(?:only\s+|just\s+)?(?:interested\s+in|after)"
    r"|(?:only\s+|just\s+|really\s+)?(?:care|cares)\s+about"
    r"|(?:only\s+|just\s+)?(?:want|wants|need|needs)"
    r")\s+(?:(?:about\s+)?(?:the|any|all(?:\s+the)?)\s+)?" + _SEL_LIST + r"(?:\s+only)?\s*",
    ICASE,
)
# "Write the fatal crashes to ClickHouse ...": the records a sink writes, named by a keep
# filter's value (the store after "to" read by the sink; the request's only sink, as beside
# another one the words may route some records)
_SINK_VERB_BEFORE = re.compile(
    r"\b(?:write|send|print|push|publish|store|load|put|land|forward|emit|deliver|show|output"
    r"|stream|save|dump|insert)\s+(?:(?:all\s+)?the\s+|those\s+|these\s+|all\s+)?\Z",
    ICASE,
)


def selection_said_again(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The clause around [start, end) when it only names records by the values of a filter
    the request states (see _WANTED, _SINK_VERB_BEFORE); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    colon = text.rfind(":", left, start)
    if colon >= 0 and "\x00" in masked[left:colon]:
        left = colon + 1  # ("salon-services topic: we don't care about ...")
    stop = re.compile(r"[,:(]|\s[-\u2013\u2014]\s").search(text, end, right)
    clause_end = stop.start() if stop else right
    rest = (text[:left] + " " + text[clause_end:]).lower()
    m = _WANTED.fullmatch(text, left, clause_end)
    if m and "\x00" not in masked[left:clause_end] and end <= clause_end:
        side = "d" if m["neg"] or m["neg2"] or m["neg3"] or m["neg4"] else "k"
        words = [w for w in re.findall(r"[a-z][\w-]*", m["w"], ICASE) if w.lower() not in _AND_OR]
        if _values_named(words, side, filters, rest):
            return text[left:clause_end].strip()
    # the sink's object: right after a send verb read, before "to <store>" or the sentence end
    verb = _SINK_VERB_BEFORE.search(text, left, start)
    # (the records' noun may follow, read as filler: "write the error logs to ...")
    after = re.match(r"(?P<n>\s*[a-z][\w-]*)?\s+(?:to|into|onto)\s+(?:the\s+)?\x00", masked[end:])
    if verb and after and filters.one_sink:
        words = re.findall(r"[a-z][\w-]*", text[start : end + len(after["n"] or "")], ICASE)
        if _values_named(words, "k", filters, (text[:start] + " " + text[end:]).lower()):
            return text[start:end].strip()
    return None


# --- What a filter leaves out, said before it with its bound ---------------------------------
#
# "Anything under 50 grams is just trimmings, so please only keep weigh-ins with grams of at
# least 50", "Readings above 120 are sensor faults. Keep readings where db < 120.": the records a
# filter of the request leaves out, named by the same bound on the same side (checked against
# the filters' bounds, `left_out_bound`), and what they are in plain words (no step, negation or
# route). A unit word must be said again (in a field's name: "grams", "kg" of weight_kg).
_LOW_WORDS = r"under|below|less\s+than|lower\s+than|smaller\s+than|fewer\s+than"
_HIGH_WORDS = r"over|above|more\s+than|higher\s+than|bigger\s+than|greater\s+than|larger\s+than"
_LEFT_OUT_FIRST = re.compile(
    r"\s*(?:[-*\u2022]\s*)?(?:anything|everything|any\s+[a-z]+|(?:the\s+)?[a-z]+s)\s+"
    rf"(?:(?P<lo>{_LOW_WORDS})|{_HIGH_WORDS})\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>%|[a-z]+)?\s+"
    r"(?:is|are)\s+(?:(?:just|only|probably|usually|always|mostly|basically|all)\s+)?"
    r"(?:an?\s+)?(?P<w>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})"
    r"(?:\s*,\s*so\s+(?:please\s+)?(?:(?:we|i)\s+)?(?:(?:only|just)\s+)?)?\s*",
    ICASE,
)


def left_out_bound(cond: Cond) -> tuple[str, float] | None:
    """The side and bound of the records `cond` leaves out (("lo", 50.0) when it keeps
    grams >= 50); None for a condition with no single number."""
    if cond.items or cond.op not in ("gt", "ge", "lt", "le"):
        return None
    if isinstance(cond.value, bool) or not isinstance(cond.value, int | float):
        return None
    side = "lo" if (cond.op in ("gt", "ge")) != cond.negate else "hi"
    return side, float(cond.value)


def left_out_first(
    text: str, masked: str, start: int, end: int, filters: FilterFacts
) -> str | None:
    """The sentence or clause around [start, end) when it only says what the records a filter
    of the request leaves out are, with the filter's own bound (see _LEFT_OUT_FIRST)."""
    left, right = _sentence_bounds(text, start, end)
    stop = masked.find("\x00", end, right)
    stop = right if stop < 0 else stop
    m = _LEFT_OUT_FIRST.fullmatch(text, left, stop)
    if not m or "\x00" in masked[left:stop] or not left <= start <= end <= stop:
        return None
    side = "lo" if m["lo"] else "hi"
    if (side, float(m["n"])) not in filters.left_out:
        return None  # (another bound, or the side the filter keeps)
    unit = (m["unit"] or "").lower()
    said = (text[:left] + " " + text[stop:]).lower()
    if unit and unit != "%" and unit not in said:
        return None  # ("anything under 50 kg" with no weight in kg said)
    # (a judgement, "junk", "noise", is what they are; a step or a route would say more)
    words = m["w"]
    if _STEP_WORDS.search(words) or _NEGATION.search(words) or _CONTRACTED.search(words):
        return None
    if set(words.lower().split()) & (_NOT_CAUSE | _DESTINED):
        return None
    return text[left : m.end("w")].strip()


# "only direction = 'out' (the 'in' ones are noisy)", "Filter: reason not in ('label', 'cap') --
# those are handled on the line", "only qty_kg < 2000 (bigger ones go through sales manually)":
# what the records a filter just read leaves out are, or who deals with them instead. The
# records are named by a quoted value the condition leaves out, by "those" after a condition
# that names the values it leaves out, or by a comparative pointing past the filter's bound.
_HANDLED_ELSE = (
    r"(?:(?:are|is|get|gets)\s+(?:(?:already|usually|all|always)\s+)?(?:handled|dealt\s+with"
    r"|processed|checked|reviewed|sorted\s+out|tracked|covered|booked|done)|(?:go|goes)\s+through)"
    r"\s+(?:(?:on\s+the\s+(?:line|floor|spot)|elsewhere|separately|manually|by\s+hand|offline"
    r"|in\s+person|(?:by|with|through)\s+(?:the\s+|our\s+)?[a-z]+(?:\s+(?:team|desk|office))?"
    r"|(?:the\s+|our\s+)?[a-z]+(?:\s+(?:team|desk|office))?\s+(?:manually|by\s+hand))"
    r"(?:\s+(?:manually|by\s+hand|instead|anyway))?)"
)
_LEFT_OUT_WHY = re.compile(
    r"(?P<open>\(|--|\u2014|\u2013|,)\s*(?:the\s+(?P<v>'[^']+'|\"[^\"]+\")\s+ones\s+(?:are|is)\s+"
    r"(?:(?:just|mostly|all|usually|only)\s+)?(?P<j>[a-z]+(?:\s+[a-z]+){0,2}?)"
    rf"|(?P<those>those|these|they)\s+{_HANDLED_ELSE}"
    rf"|(?:the\s+)?(?P<cmp>[a-z]+)\s+ones\s+{_HANDLED_ELSE})"
    r"\s*(?P<close>\)|[.;!](?=\s|$)|$)",
    ICASE,
)
# A condition on a field just before such a clause: its operator and values
_LAST_CONDITION = re.compile(
    r"(?P<op>!=|<>|==?|\bis\s+not\b|\bnot\s+in\b|\bin\b|\bis\b)\s*\(?\s*"
    r"(?P<vals>(?:'[^']*'|\"[^\"]*\"|[\w.-]+)(?:\s*,\s*(?:'[^']*'|\"[^\"]*\"|[\w.-]+))*)"
    r"\s*\)?\s*(?:(?:pls|please|only)\s*)?$",
    ICASE,
)


def _left_out_values(before: str) -> tuple[bool, set[str]] | None:
    """For the condition ending `before`: whether the values it names are the ones left out,
    and those values (unquoted, lower case); None when no such condition ends it."""
    m = _LAST_CONDITION.search(before.rstrip(" ,"))
    if not m:
        return None
    values = {v.strip().strip("'\"").lower() for v in m["vals"].split(",")}
    negative = bool(re.match(r"!=|<>|is\s+not|not\s+in", m["op"], ICASE))
    dropped = bool(_DROPPED_BEFORE.search(before)) and not _KEPT_BEFORE.search(before)
    return negative != dropped, values


def left_out_why(text: str, masked: str, start: int, end: int) -> str | None:
    """The clause around [start, end) when it only says what the records a filter just before
    leaves out are or who handles them instead (see _LEFT_OUT_WHY); None otherwise."""
    left, right = _sentence_bounds(text, start, end)
    for m in _LEFT_OUT_WHY.finditer(text, left, min(len(text), right + 1)):
        if m.start() > start or m.end() < end:
            continue
        at = m.start("open")
        if (m["open"] == "(") != (m["close"] == ")"):
            continue  # (an aside closes where it opened)
        if (
            not re.sub(r"(?:\s+(?:pls|please|plz))+\s*$", "", masked[:at])
            .rstrip(" ,")
            .endswith("\x00")
        ):
            continue  # (the filter's condition, read, comes right before; "pls" may follow it)
        if _left_out_ok(text, m, left, at):
            return text[at : m.end()].strip(" -,.;!()\u2014\u2013")
    return None


def _left_out_ok(text: str, m: re.Match[str], left: int, at: int) -> bool:
    """Whether the records `m` names are ones the condition before `at` leaves out, and its
    words select nothing more."""
    before = text[left:at]
    said = (m["j"] or "") + " " + text[m.end("cmp") if m["cmp"] else at : m.end()]
    if re.search(
        r"[\d_`]|\b(?:topic|topics|table|kafka|redis|clickhouse|stdout|console|sink)\b", said, ICASE
    ):
        return False  # (a route of their own: "bigger ones go through topic x")
    if set(said.lower().split()) & (_NOT_CAUSE | _DESTINED) or _NEGATION.search(said):
        return False
    if m["cmp"]:
        comparative = m["cmp"].lower()
        bound = _UPPER_BOUND if comparative in MORE_COMPARATIVES else None
        bound = _LOWER_BOUND if comparative in LESS_COMPARATIVES else bound
        return (
            bound is not None and bool(_KEPT_BEFORE.search(before)) and bool(bound.search(before))
        )
    named = _left_out_values(before)
    if named is None:
        return False
    values_left_out, values = named
    if m["those"]:
        return values_left_out  # ("those" are the values the condition names)
    if re.search(r"\b(?:go|goes|sent|send|route\w*|forward\w*)\b", m["j"], ICASE):
        return False
    quoted = m["v"].strip("'\"").lower()
    return (quoted in values) == values_left_out


# "within two days, give or take", "every 5 minutes more or less": a number said loosely
# (see accounting._LOOSELY), never context
_LOOSE_BOUND = re.compile(
    r"\b(?:give\s+or\s+take|more\s+or\s+less|or\s+thereabouts"
    # "(reset at midnight)", "after 6pm": a time of day may say when a step acts or which records
    r"|midnight|noon|\d{1,2}\s*(?:am|pm)|\d{1,2}:\d{2})\b",
    ICASE,
)
_ARROW_AFTER = re.compile(r"[\s.]*;\s*publish\s+to\b", ICASE)
# (only words that say which records go there: "anything faulty", "the rest", "all rejected
# rows"; a label's line before "Sink: topic x" may be a goal, read by the context readers)
_RECORDS_SAID = re.compile(
    r"\s*(?:and\s+)?(?:anything|everything|whatever|all|any|every|each|the\s+rest|others"
    r"|(?:the\s+)?(?:records|events|messages|rows|ones))\b",
    ICASE,
)


def _arrow_subject(text: str, start: int, end: int) -> bool:
    """text[start:end] ends the words before an arrow that say which records go there."""
    if not _ARROW_AFTER.match(text, end):
        return False
    left = max(text.rfind(c, 0, start) for c in ";,.\n") + 1
    return _RECORDS_SAID.match(text, left) is not None


def read_context(
    text: str,
    masked: str,
    runs: list[tuple[int, int, str]],
    fields: frozenset[str],
    facts: str = "",
    filters: FilterFacts = FilterFacts(),
) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Split unread runs into context (accepted, as the whole segment's words) and the rest."""
    from .sources import description_word  # (sources imports this module)

    contexts: list[str] = []
    unread: list[tuple[int, int, str]] = []
    pieces = []
    kept = []
    for start, end, words in runs:  # one sentence at a time: each is context or not
        if _LOOSE_BOUND.search(text, start, end):
            unread.append((start, end, words))  # "within two days, give or take": no context
            continue
        cuts = [m.end() for m in re.finditer(r"[.!?;](?=\s)", text[start:end])]
        if not cuts:
            pieces.append((start, end, words))
            continue
        for a, b in zip([0, *cuts], [*cuts, end - start], strict=True):
            piece = text[start + a : start + b].strip(" ,;.!?")
            if re.search(r"[A-Za-z0-9]", piece):
                at = text.find(piece, start + a)
                pieces.append((at, at + len(piece), piece))
    # "- anything faulty -> x": the words before an arrow (laid out as "; publish to", see
    # text.py) say what goes there; read as context they would be lost and the arrow read as a
    # plain output, so never context
    arrow_subjects = [p for p in pieces if _arrow_subject(text, p[0], p[1])]
    unread += arrow_subjects
    pieces = [p for p in pieces if p not in arrow_subjects]
    for start, end, words in pieces:
        # "(don't replay history)" after "from the latest offset"; "(one per site)" after a
        # topic pattern (a run may go on into the next clause: each sentence on its own)
        aside = offset_aside(text, start, end) or layout_aside(text, masked, start, end)
        if aside is None:
            kept.append((start, end, words))
        elif aside not in contexts:
            contexts.append(aside)
    pieces = kept
    kept = []
    for start, end, words in pieces:
        said = retention_why(text, masked, start, end)
        said = said or label_aside(text, masked, start, end) or nulls_why(text, masked, start, end)
        said = (
            said or threshold_name(text, masked, start, end) or expiry_why(text, masked, start, end)
        )
        said = said or too_late_complaint(text, masked, start, end, facts)
        said = said or complaint_history(text, masked, start, end)
        said = said or wants_live_output(text, masked, start, end)
        said = said or clocks_why(text, masked, start, end, facts)
        said = said or producer_when(text, masked, start, end)
        said = said or code_in_name(text, masked, start, end)
        said = said or ticket_lead(text, masked, start, end, facts)
        said = said or verdict_after_comparison(text, masked, start, end)
        said = said or reader_of_output(text, masked, start, end)
        said = said or builds_on_output(text, masked, start, end, facts)
        said = said or zero_why(text, masked, start, end)
        said = said or live_question(text, masked, start, end)
        said = said or chase_why(text, masked, start, end, facts)
        said = said or resends_why(text, masked, start, end, facts)
        said = said or system_story(text, masked, start, end)
        said = said or threshold_again(text, masked, start, end, facts)
        said = said or sink_audience(text, masked, start, end)
        said = said or once_why(text, masked, start, end)
        said = said or rest_why(text, masked, start, end)
        said = said or cause_aside(text, masked, start, end)
        said = said or dropped_why(text, masked, start, end)
        said = said or kept_followup(text, masked, start, end)
        said = said or selection_said_again(text, masked, start, end, filters)
        said = said or left_out_first(text, masked, start, end, filters)
        said = said or left_out_why(text, masked, start, end)
        if said:
            if said not in contexts:  # (one sentence may hold several unread runs)
                contexts.append(said)
        else:
            kept.append((start, end, words))
    pieces = kept
    kept = []
    for start, end, words in pieces:
        # "We've got probe results landing in router-probes": who has the records, before the
        # words a recogniser read as the source
        left = _sentence_bounds(text, start, end)[0]
        opener = text[left:end].strip()
        # "In our university we have ...": where the sender is, before who has the records
        place = _PLACE_OPENER.match(opener)
        if place and (
            _QUALIFIER.search(place[0])  # "In our busiest warehouse", "At the new plant":
            or re.search(r"\w{3,}est\b", place[0])  # which one may select records
            or _STEP_WORDS.search(place[0])
        ):
            place = None
        if place and re.match(r"\s*,?\s*(?:\s|$)", opener[place.end() :]):
            opener = opener[place.end() :].strip(" ,")
        have = _HAVE_OPENER.fullmatch(opener) if opener else None
        if (
            (have or (place and not opener))
            and re.match(
                # (after a place: "At the clinic we('ve got readings landing in ...)")
                r"\s*(?:(?:on|in|at)\s+)?(?:(?:the|our)\s+)?"
                + (r",?\s*(?:(?:we|i|they)\b'?\s*)?" if place and not opener else "")
                + r"\x00",
                masked[end:],
                ICASE,
            )
            and all(description_word(w) for w in ((have and have["w"]) or "").split())
        ):
            contexts.append(words)
        else:
            kept.append((start, end, words))
    pieces = kept
    for start, end, words in pieces:
        segment = context_segment(text, masked, start, end)
        said = text[segment[0] : segment[1]].strip(" ,;.!?()") if segment else ""
        rest = (text[: segment[0]] + " " + text[segment[1] :]).lower() if segment else ""
        # ("So that the safety officer can review the deep dives": which dives, said only here)
        some = [m for m in _SOME_RECORDS.finditer(said) if _some_records(m, rest)]
        # ("Title: Deliveries with organic farm details": which farms, said only here)
        some += [m for m in _DETAILS_OF.finditer(said) if _details_qualified(m[0], rest)]
        if segment and is_context(said, fields) and not some and not _ahead_name(said, rest):
            if said not in contexts:
                contexts.append(said)
        else:
            unread.append((start, end, words))
    return contexts, unread


# --- How often the source's producers send: "The lamps report every few seconds." -----------
#
# A whole sentence whose subject names the producers in plain words, a verb of sending, maybe
# what they send, and how often ("every 30 seconds", "once a minute", "constantly"): it says how
# the records arrive, never what the pipeline does. Read first (before the windows could take
# "every 30 seconds"), only when the subject and the object are plain words (checked by the
# caller), and never with a subject that could be the pipeline's output ("Results update every
# minute", "We publish every hour").
_RATE_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|ms|milliseconds?)"
_FREQ = (
    r"every\s+(?:(?:few|couple\s+of|\d+(?:\.\d+)?|other)\s+)?" + _RATE_UNIT + r"(?!\w)"
    # ("every 30s", "every 5m": the number and its unit's letter written together)
    r"|every\s+\d+(?:\.\d+)?(?:s|m|h|ms|secs?|mins?|hrs?)(?!\w)"
    r"|(?:once|twice|(?:\d+|a\s+few|several|many|multiple)\s+times)\s+(?:a|an|per|every)\s+"
    r"(?:second|minute|hour|day)\b|constantly|continuously|non-?stop|all\s+(?:the\s+time|day)"
    r"|around\s+the\s+clock|24/7"
    # ("publish frequency readings to x at 10 Hz": a sampling rate, never a window's size)
    r"|at\s+(?:about\s+|around\s+|roughly\s+)?\d+(?:\.\d+)?\s*(?:hz|khz)(?!\w)"
)
_OR_SO = r"(?:\s+or\s+so|\s*-?ish|\s+give\s+or\s+take)?"
# How often records arrive, said inside a clause ("they publish a reading every few seconds").
FREQ_SAID = rf"(?:{_FREQ}){_OR_SO}"
_ABOUT = (
    r"(?:(?:roughly|about|around|approximately|approx\.?|usually|typically|at\s+least|up\s+to)\s+)?"
)
# Where producers write, with no topic named: into the Kafka the source reads, no sink
TO_KAFKA = r"\s+(?:to|into|onto)\s+(?:our\s+|the\s+)?kafka(?:\s+cluster)?"
DATA_RATE = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?P<lead>(?:context|background|fyi|note|info|heads[\s-]up)\s*[:,\u2013\u2014-]\s*)?"
    r"(?P<subj>(?:(?:the|our|their|all(?:\s+(?:the|our))?|each|every|most|some)\s+)?"
    r"(?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)\s+"
    r"(?:(?:usually|typically|normally|generally)\s+)?"
    r"(?P<verb>report|reports|send|sends|emit|emits|publish|publishes|ping|pings|fire|fires|post"
    r"|posts|log|logs|beat|beats|tick|ticks|push|pushes|transmit|transmits|weigh|weighs"
    r"|measure|measures|sample|samples|poll|polls|check\s+in|checks\s+in|broadcast|broadcasts"
    r"|produce|produces|upload|uploads|chirp|chirps|phone\s+home|phones\s+home)"
    r"(?P<obj>(?:\s+[A-Za-z][\w'-]*){0,4}?)"
    # "Every band saw sends a reading to Kafka every ten seconds": the producers' own Kafka
    rf"(?:{TO_KAFKA})?\s+{_ABOUT}(?P<freq>(?:{_FREQ}){_OR_SO})(?:{TO_KAFKA})?"
    r"\s*(?=[.!?](?:\s|$)|$)",
    ICASE,
)
# Subjects that may be the pipeline's own output or its sender, never producers of the source.
RATE_NOT_PRODUCERS = word_set(
    """we i you it they this that results result output outputs counts totals sums averages
    aggregates alerts alert metrics stats statistics summaries summary windows window dashboard
    dashboards report reports pipeline pipelines job jobs table tables topic topics sink sinks
    processor consumer clickhouse redis kafka stdout records rows values numbers figures"""
)
# A field a record carries, named in a sentence about the source: a name with '_', or "a
# timestamp".
FIELD_ITEM = r"(?:[a-z][a-z0-9]*_\w+|(?:a\s+|an\s+)?(?:timestamp|ts|time\s*stamp))"
# "Our kilns push readings into kiln-temps every 10 seconds", "kiln temps come in on kiln-temps
# roughly once a second": how often, after a sentence naming the producers and the topic (only
# the rate is read here; the sentence is the producers' or the source's, read by them).
PRODUCED_RATE = re.compile(
    # ("..., and each scale reports to topic x every hour": a clause of its own)
    r"(?:^|(?<=[.!?;]\s)|(?<=,\sand\s)(?=(?:each|every)\s))\s*(?P<pre>(?P<subj>(?:[A-Za-z][\w'-]*\s+){1,5}?)(?P<verb>report|reports|send"
    r"|sends|emit|emits|publish|publishes|push|pushes|post|posts|log|logs|write|writes|stream|streams"
    r"|arrive|arrives|come\s+in|comes\s+in|land|lands|flow|flows|(?:are|is|get|gets)\s+(?:published"
    r"|written|sent|pushed|produced))\b(?P<obj>(?:\s+[A-Za-z][\w'-]*){0,3}?)\s+(?:to|into|onto|on|in)\s+"
    r"(?:the\s+)?(?:kafka\s+)?(?:topic\s+)?)"
    # (the name maybe quoted: 'to the Kafka topic "reefer-telemetry" every 30 seconds')
    r"(?P<q>[\"'`]?)(?P<n>[A-Za-z]\w*(?:[-.]\w+)+)(?P=q)(?:\s+(?:kafka\s+)?topic)?"
    # ", with voltage_v and current_a every few seconds": the fields each record carries
    rf"(?P<rate>(?:\s*,?\s+with\s+{FIELD_ITEM}(?:\s*,\s*{FIELD_ITEM})*(?:\s*,?\s+and\s+"
    rf"{FIELD_ITEM})?)?\s+{_ABOUT}(?:{_FREQ}){_OR_SO})\s*(?=[.!?;](?:\s|$)|$)",
    ICASE,
)
