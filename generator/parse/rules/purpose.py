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

The words a clause is checked against (values, negations, units, words that may select records:
`may_select`) and the sender's facts a purpose may state (counts, rates, the old process, why
records repeat) are in context.py; the one-aside readers are in asides.py and filter_asides.py.
"""

from __future__ import annotations

from . import lazy_re as re
from .accounting import _WORD, FILLER, _is_filler
from .context import (
    _ACTION,
    _AHEAD_LEAD,
    _APPROX_COUNT,
    _CALENDAR_POINT,
    _CAPS,
    _CAPS_OK,
    _CLEAN_WORK,
    _CONTEXT_LABEL,
    _CONTRACTED,
    _DEPARTMENT_CAPS,
    _EARLY_WARNING,
    _EVERY,
    _INSTEAD,
    _NEGATION,
    _NOW_PROCESS,
    _OLD_PROCESS,
    _PRODUCER_RATE,
    _QUALIFIER,
    _REPLACED,
    _REQUIRING,
    _REQUIRING_UNFILTERED,
    _SELECTION,
    _UNIT,
    _VALUE,
    _WHY_LABEL,
    _day_unsaid,
    _replaced,
    _selecting_word,
    _sender_counts_out,
    _time_of_day_unsaid,
    _unit_asked,
    duplicates_why,
    may_select,
)
from .lexicon import (
    COUNT_NOUNS,
    NOT_A_PLACE,
    PLACE_QUALIFIERS,
    QUALIFYING,
    ROLE_NOUNS,
    UNITS,
    singular,
    word_set,
)
from .quantities import DUR, ICASE, dur_ms
from .sentences import sentence_spans

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

# "ops wants to page on these", "irrigation team wants it for their dashboard", "mechanics
# want a board for them": people named bare, in lower case, by a group or role noun (one plain
# word before it at most); never a records' noun.
_BARE_GROUP = (
    r"(?-i:(?:[a-z][a-z-]*\s+)?(?:team|teams|crew|crews|staff|ops|folks|mechanics|techs"
    rf"|{ROLE_NOUNS}s))"
)
# Departments named bare ("Finance wants to ...", "... so merchandising can ..."): who asks
# for the output, never records
_DEPARTMENTS = (
    r"(?:finance|accounting|billing|ops|operations|support|legal|compliance|security|marketing"
    r"|sales|dispatch|management|hr|merchandising|procurement|purchasing|logistics|payroll"
    r"|fulfil?ment|admin)"
)
# "Dispatch wants ...", "TICKET HY-221: Energy trading wants ...", "Test floor wants ...": a
# department or desk named bare, capitalised, opening a sentence; the singular "wants" (never
# "needs": "Payment data needs cleaning") says who asks, never records. A word that may select
# records there ("Premium wants ...") refuses unless said again (see `_restated`).
_BARE_WHO = re.compile(
    # ("...; finance wants the daily total ...": after a semicolon, a department or a group in
    # lower case too)
    r"(?:^|(?<=[.!?:;]\s))\s*(?P<c>(?!(?-i:No|Nobody|None|Everyone|Everybody|Someone|Somebody"
    r"|It|This|That|Which|Who|What|He|She)\b)(?P<who>(?-i:[A-Z][a-z]+)(?:\s+(?-i:[a-z]+))?"
    rf"|{_DEPARTMENTS}|{_BARE_GROUP})\s+"
    r"(?:wants|would\s+like|has\s+asked\s+for|is\s+asking\s+for))\b",
    ICASE,
)
# Where a purpose clause can be: (pattern, group holding the clause).
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
        # ("Good morning,\n\nFinance asked for ...": the greeting's own line)
        r"^\s*(?P<c>(?:(?:hi|hey|hello|good\s+(?:morning|afternoon|evening|day))"
        r"(?:\s+(?:all|team|there|folks|everyone))?\s*[!,.]\s*)?"
        r"[^.!?\n]{3,200}?[.!?])(?=[\s;]+\S)",
        ICASE,
    ),
    # "... We want to catch suspicious payments. ...", "We are building a fraud screen.": a later
    # sentence giving a goal (want to <verb>) or the context (are <verb>ing, have, see); not
    # "We need amounts in cents." (a requirement the recognisers did not read).
    re.compile(
        # ("... . trying to work out how long ...": a chat's goal, its subject left out)
        # ("... > 90 - we're trying to catch overfills.": after a spaced dash too)
        r"(?:^|[.!?]\s+|\s[-\u2013\u2014]+\s+)(?P<c>(?:(?:just\s+)?(?:trying|hoping|wanting|looking)\s+to\s+[a-z]+"
        r"|(?:we|i|they|(?:our|the)\s+[\w-]+(?:\s+[\w-]+)?"
        rf"|(?:{_BARE_GROUP}|{_DEPARTMENTS})(?=\s+(?:wants?|needs?)\s+to\s)"
        # ("Marketing want to know how long ...": the question's own reader, _SEE_HOW)
        r"(?!\s+(?:wants?|needs?)\s+to\s+(?:see|check|understand|know|eyeball|follow|estimate"
        r"|measure|gauge)\s+how\b))(?:\s+(?:really|just|also))?"
        r"(?:\s+(?:want|wants|need|needs|would\s+like|try|tries|plan|plans|hope|aim)\s+to\s+[a-z]+"
        r"|(?:\s+(?:are|am|is)|'re|'m)\s+[a-z]+ing\b|\s+(?:have|has|get|gets|see|sees|got|saw|had)\b))"
        # (or a lead ending in a colon: "... . We want to alert when a kiln overheats: keep ...")
        r"[^.!?:\n]{0,200}?(?:[.!?]|:(?=\s)|\s*$))(?=\s+\S|$)",
        ICASE,
    ),
    # "... vibration_g > 2.5 (trying to catch dull gouges early)": the same goal, in brackets
    re.compile(
        r"(?P<c>\(\s*(?:just\s+)?(?:trying|hoping|wanting|looking|aiming)\s+to\s+[a-z]+"
        r"[^().!?:\n]{0,160}?\s*\))",
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
    # ("So that finance can bill each line, aggregate the x topic ...": the ask's bare verb
    # after the comma, with nothing of its own)
    re.compile(
        r"(?:^|[.!?:]\s+)(?P<c>so\s+(?:that\s+)?[^,;:.\n]{3,120}?"
        r"(?:,\s*aggregate(?=\s+the\s+(?:\S+\s+)?(?:topic|stream)\b))?)(?:[,;:]|(?<=aggregate))",
        ICASE,
    ),
    # "... into a topic called x so the supervisors get pinged.": who the output serves, ending
    # the sentence
    re.compile(
        r"(?<=\s)(?P<c>so\s+(?:that\s+)?(?:(?:the|our|my|their)\s+"
        # ("... into table x so finance can reconcile with the bank.": a department)
        rf"|{_DEPARTMENTS}\s+(?=(?:can|could|will|may)\s)"
        # ("... so instructors can track progress.": people named by a plural, their clause
        # holding no word a step may be said with: "so analysts can search by merchant name"
        # may ask for a grouping, and stays unread)
        r"|(?:(?!(?:records|events|messages|rows|duplicates|dupes|results|values)\b)"
        # ("... in ClickHouse x.y so they can reconcile the cash boxes.": a pronoun for them)
        r"[a-z][a-z-]*[a-z]s|they|we|you)\s+(?=(?:can|could|will|may)\s)"
        r"(?![^,;:.!?\n]*(?:\d|\b(?:by|per|where|whose|only|each|every|without|over|under|above"
        r"|below|than|top|unique|distinct)\b)))"
        r"[^,;:.!?\n]{3,100}?)"
        # (a line's end too: the layout ends each line of a ticket with ";"; and a clause's
        # end at a semicolon: "... so the dispatch map always has the latest position; keys
        # should expire after 10 minutes")
        # (or a lead's colon: "We need weekly totals per x so that finance can reconcile the
        # grant reports: use ...")
        r"(?=[.!?];?(?:\s|$)|[;:](?:\s|$)|$)",
        ICASE,
    ),
    # "Print the lot to stdout for the safety lead to review.": who looks at the output, said
    # with "for ... to" (the "so the safety lead can review them" above, as an infinitive);
    # only a looking verb with a pronoun or nothing after it ("for the safety lead to review
    # the failed ones" names records, and stays unread)
    re.compile(
        r"(?<=\s)(?P<c>for\s+(?:the|our|my|their)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+to\s+(?:review"
        r"|check|look\s+(?:at|over|through)|read|see|eyeball|go\s+(?:through|over)|inspect|audit"
        r"|sign\s+off(?:\s+on)?)(?:\s+(?:it|them|this|these|those|that))?)"
        r"(?=[.!?];?(?:\s|$)|;(?:\s|$)|$)",
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
        # ("morning, quick one — for the line dashboard can we ...": after a dash, a clause too)
        r"(?:^|(?<=[.!?]\s)|(?<=\s[\u2014\u2013]\s))\s*(?:hi|hey|hello)?[!,.\s]*"
        # ("For laminitis early warning we need ...": no determiner, the work it is for; never
        # a plural, which may name the records: "For returning customers we need ...")
        r"(?P<c>for\s+(?:(?:the|our|a|an|my)\s+[^,;:.\n]{3,60}?|[^,;:.\n]{3,60}?(?<![^s]s)))"
        r"(?=\s+(?:we|i)(?:'d|\s+would|\s+need|\s+want|\s+have\s+to|'ll)\b"
        # ("For the new allergy dashboard could you set up a job on ...": the ask itself)
        r"|\s+(?:could|can|would|will)\s+(?:you|we|someone|somebody|one\s+of\s+you)\b|\s+please\b)",
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
        r"(?:^|(?<=[.!?;]\s))\s*(?P<c>(?:our|the|my)\s+(?:[\w-]+\s+){0,3}?(?:team|folks|analysts"
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
        r"(?:^|[.!?]\s+|\sand\s+)(?P<c>[A-Za-z][^,;:.!?\n\x00]{3,80}?,\s*so(?:\s+(?:first|we|i|please"
        # ("Mist-net rounds are irregular, so could you group ... into session windows": the
        # reason, then the ask)
        r"|(?:could|can|would)\s+you(?:\s+please)?))?)"
        r"(?=\s+(?:(?:should|must|need\s+to|have\s+to|want\s+to)\s+)?(?:drop|dedup\w*|de-dup\w*"
        r"|group|window|sessioni[sz]e|aggregate|count|sum|average"
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
        # ("some tugs are on patchy 4G so allow 10 min of late data": no comma before "so")
        r"(?:^|[.!?]\s+)(?P<c>[A-Za-z][^,;:.!?\n\x00]{3,80}?(?:,\s*|\s+)so\s+(?:please\s+)?"
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
    # ("Marketing asked how many flights lead to a video purchase.": asked once, the same)
    re.compile(
        r"(?:^|[.!?]\s+)(?P<c>(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:(?:keep|keeps|kept"
        r"|have\s+been|has\s+been)\s+asking|(?:(?:have|has)\s+)?asked)\s+(?:me\s+|us\s+)?"
        r"(?:which|whether|how|what|why"
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
    r"|(?-i:[A-Z][a-z]+)"
    # ("..., marketing wants to see how long people stay": a department, in a chat's lower case)
    r"|(?-i:finance|accounting|billing|ops|support|legal|compliance|security|marketing|sales"
    r"|dispatch|management|product|research))"
)
_SEE_HOW = (
    rf"(?:{_SEE_WHO}\s+)?(?:(?:really\s+|just\s+)?(?:(?:want|wants|need|needs|would\s+like"
    r"|'d\s+like)\s+to|wanna)|(?:use|uses|will\s+use)\s+(?:it|this|that|these|them)\s+to|(?<![\w\s])to"
    # ("Marketing wants this to estimate how long people ski": the output, then the question)
    r"|(?:want|wants|need|needs)\s+(?:it|this|that|these|them)\s+to)\s+"
    r"(?:see|check|understand|know|eyeball|follow|estimate|measure|gauge)\s+(?P<q>how\s+"
    r"[^,;:.!?()\n\x00]{3,100}?"
    # ("just print to stdout for now, want to see what they look like": the records' shape,
    # what someone looks at in the output)
    r"|what\s+(?:they|it|these|those|the\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:look|looks)\s+like)"
)
# (the clause as the spans below give it, without its full stop: a wider clause, the sentence
# with its stop, is checked as any purpose's when this one is "unsure")
_SEE_HOW_CLAUSE = re.compile(rf"\s*(?P<c>{_SEE_HOW})\s*", ICASE)
_SPANS.append(
    re.compile(
        # (after the sink and a comma too: "output to kafka x pls, marketing wants to see how
        # long people stay")
        r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=,\s))\s*(?P<c>" + _SEE_HOW + r")"
        r"(?=\s*[.!?](?:\s|$)|\s*$)",
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
# What people do with the output, a verb of their own trade ("plan", "price", "forecast"):
# never a step's verb ("to drop", "to count") nor one that picks records out ("to find", "to
# spot", "to flag"), which may be a step the request leaves unsaid
_WORK_VERB = (
    r"(?!(?:keep|drop|filter|remov|exclud|includ|dedup|count|sum|total|averag|join|enrich|look"
    r"|rout|writ|stor|publish|forward|print|delet|skip|ignor|discard|split|alert|email|e-mail"
    r"|page|notif|flag|mark|tag|select|pick|find|spot|catch|detect|identif|isolat|separat|sort"
    r"|rank|group|aggregat|comput|calculat|convert|round|mask|hash|redact|limit|sampl|window"
    r"|merg|combin|match|compar|check|verif|validat|clean|fix|correct|dump|load|sav|push|pull"
    r"|get|see|know|track|monitor|watch|measur|list|show|display|highlight|target|chase\s+(?:down"
    r"|up))\w*\b)(?-i:[a-z]{3,}[a-z-]*)"
)
_USED_FOR = (
    r"\s+(?:(?:for|in|on|to\s+(?:build|power|feed|drive|fill|run|update))\s+(?:(?:the|our|their|a|an|its)\s+)?"
    r"(?:(?-i:[a-z][a-z-]*)\s+){0,3}?(?-i:[a-z][a-z-]*)"
    # ("QA uses it to trace colour complaints back to a supplier", "Marketing uses this to send
    # the welcome pack": their own work with it, every word checked by `_used_plain`)
    # ("Revenue team uses this to price next summer's cabanas", "to forecast demand": any verb
    # of their trade but a step's or one that picks records, see _WORK_VERB)
    rf"|to\s+{_WORK_VERB}\s+"
    r"(?:(?:the|our|their|a|an|its)\s+)?(?:(?-i:[a-z][a-z'-]*)\s+){0,5}?(?-i:[a-z][a-z-]*))"
)
_OUTPUT = (
    # ("reads these keys": the sink's own records)
    r"(?:(?:these|those)\s+(?:keys|rows|records|entries)|it|these|them|those"
    r"|(?:this|that)(?:\s+(?:topic|table|feed|stream|output|data|list))?"
    r"|the\s+(?:output|results|feed|new\s+topic|new\s+table))"
)
_STORE = r"(?:clickhouse|redis|kafka)"
# "the vet asked for it after last weekend", "they asked for this yesterday": when someone
# asked for the output or looked at it, a point in the calendar (no span of records: "for last
# week" and "over the last week" are never matched here)
_USED_WHEN = (
    r"(?:(?:after|since)\s+)?(?:last|this\s+past)\s+(?:week|weekend|month|quarter|season|sprint"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|yesterday|earlier\s+today|the\s+other\s+day"
)
_USED_WHEN_RE = re.compile(
    r"(?<!\bfor)(?<!\bover)(?<!\bduring)(?<!\bin)(?<!\bof)(?<!\bfrom)(?<!\bwithin)(?<!\bthe)"
    rf"(?<!\bon)(?<!\bby)\s+(?:{_USED_WHEN})(?=\s*[.!)]*\s*$)",
    ICASE,
)
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
    rf"|thursday|friday|month[\s-]end)|\s+at\s+month[\s-]end|\s+{_USED_WHEN}|\s+asap)?"
    # "these numbers end up on invoices", "the figures go into the monthly accounts": where the
    # output's figures are used, a closed list of business papers (why a setting matters;
    # "the totals end up on invoices": the aggregates' figures, aggregates.FIGURES_SUBJECT)
    r"|(?:these|those|the|our|its)\s+(?:numbers|figures|amounts|values|results|totals|counts"
    r"|sums|averages)\s+"
    r"(?:(?:all\s+)?(?:end\s+up|ends\s+up|go|goes|get\s+copied|are\s+copied|feed)\s+(?:on|in|into|onto)"
    r"|(?:are|get)\s+(?:used|printed|billed)\s+(?:on|in|for))\s+(?:(?:the|our|their|customer|customers'"
    r"|client|monthly|weekly|quarterly|yearly|annual|year-end)\s+){0,2}(?:invoices?|bills?|payslips?"
    r"|statements?|accounts|books|ledger|payroll|tax\s+returns?|receipts?|quotes?|contracts?"
    r"|board\s+pack|audit\s+trail)"
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
        # ("Delivery must be exactly-once — these numbers end up on invoices": after a dash)
        r"(?:^|(?<=[.!?;]\s)|(?<=,\s)|(?<=\band\s)|(?<=stdout\s)|(?<=console\s)|(?<=\u2014\s)"
        r"|(?<=\u2013\s)|(?<=\s-\s)|(?=\())\s*"
        r"(?P<c>\((?:" + _USED + r")\s*[.!]?\)"
        # ("Customs reads that topic, so we need exactly-once delivery.": the clause after "so"
        # is the requirement, left to the recognisers)
        r"|(?:" + _USED + r")(?:\s*[.!](?=\s|$)|\s*$|(?=\s*,\s*so\s)))",
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
    end ends up into onto copied printed billed customer customers' client
    numbers figures work works working watch watches keep keeps an eye list decide decides plan
    reconcile reconciles against audit audits inspect inspects query queries qa hr bi
    trace send staff restock reorder chase contact call invoice bill back
    plans set sets pick picks choose chooses schedule schedules figure figures based using poll
    polls board dashboard screen display view page which already also"""
)


_QUESTION_ASKED = re.compile(r"(?<=asking\s)(\s*(?:me\s+|us\s+)?)\"([^\"\n]{3,120}\?)\"", ICASE)
# A compound adjective ("the on-call dashboard", "brute-force attempts"): letters joined by
# hyphens, before another word and not after a word that introduces a name ("on raw-events",
# "topic host-metrics"); not a value a requirement could hide.
_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_NAME_LEAD = re.compile(
    r"(?:\b(?:on|in|from|to|into|onto|of|topic|topics|table|stream|key|field|column|named"
    r"|called)|[:(])\s*$",
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
# "only EU ones", "solely the paid orders": a selection, restated only by a filter ("the eu-orders
# topic" says the same words, but keeps every record).
_ONLY = re.compile(r"\b(?:only|solely|exclusively)\b", ICASE)
# "We're the only data person at a small studio", "I'm the only engineer here": who the sender
# is, alone in their role; no selection of records
_ONLY_ONE_OF_US = re.compile(
    r"\b(?:i'm|i\s+am|we're|we\s+are)\s+the\s+only\s+(?:[a-z][\w-]*\s+){0,2}?(?:person|people"
    r"|engineer|engineers|analyst|analysts|developer|dev)"
    # (where, closing the clause: "at a small pottery studio"; a qualifier there may still
    # select records, see `_one_of_us_out`)
    r"(?:\s+(?:at|in|on|of|for)\s+(?:a|an|the|our|my)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)?"
    r"(?=\s*[.!?,;]?\s*$)",
    ICASE,
)


def _one_of_us_out(text: str) -> str:
    """`text` without "we're the only data person at a small studio" (no qualifier there)."""
    return _ONLY_ONE_OF_US.sub(
        lambda m: m[0] if _QUALIFIER.search(_ORG_SIZE.sub(" ", m[0])) else " ", text
    )


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
# ("the five most booked tours": a count ranked, said as a participle)
_RANKING = re.compile(r"\b(?:trending|popular|hottest|busiest|most\s+[a-z]+ed)\b", ICASE)
# "Title: Most-played rooms leaderboard", "Top-selling lines": the ranking itself, said as a
# compound; read only over a top-N step (the step that ranks), never as records of their own
_RANKED_COMPOUND = re.compile(
    r"\b(?:most|best|top|highest|lowest|least|worst)-(?:[a-z]+)\b(?!-)", ICASE
)
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
    r"|performance)\b"
    # ("We want to see premium workout duration": what someone looks at may be some records)
    r"|\b(?:want|wants|wanted|like|need|needs|able|can|could)\s+to\s+(?:see|view|watch|track"
    r"|monitor|follow|eyeball)\s+(?!(?:which|how|whether|if|what"
    r"|when|where|who|why|it|them|this|that|these|those)\b)",
    ICASE,
)
_CARES = re.compile(r"\b(?:care|cares|caring|interested|bothered)\b", ICASE)
_GENERIC = word_set(
    """about on in the we our us i want wants need needs see team teams traffic folks people
    they them their it its is are was were be"""
)
_UNIT_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}


def _size_said(unit: str, lowered: str, stated: set[str]) -> bool:
    """The window read is one `unit` long, and the rest says that size in a number ("a
    24-hour tumbling window" restates "daily"; never the adverb the window itself read)."""
    if f"window_ms_{_UNIT_MS.get(unit)}" not in stated:
        return False
    return any(
        dur_ms(d.group(0)) == _UNIT_MS[unit] for d in re.finditer(rf"(?<![\w.]){DUR}", lowered)
    )


_ADVERB_UNIT = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
                "minutely": "minute"}  # fmt: skip


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
    short += _TEMPERATURE_SHORT.get(word.lower(), [])
    return any(re.search(rf"\w_{w}s?\b", lowered) for w in short)


# Temperature scales said in full, and their short forms in a field's name ("Convert ... to
# Fahrenheit: add temp_f = ..."); UNITS holds only the scales a factor converts
_TEMPERATURE_SHORT = {"fahrenheit": ["f", "degf"], "celsius": ["c", "degc"], "kelvin": ["k"]}


def _said(word: str, lowered: str, filtered: bool = False) -> bool:
    """`word` is said in `lowered`. A word that may select records ("big", "test") must be
    said as a word outside a name unless the parse has a filter it can describe: the topic
    big-claims does not keep only the big claims (the sink premium-bookings after a filter on
    room_type names what the filter keeps)."""
    low = word.lower()
    if not filtered and (_QUALIFIER.fullmatch(word) or _REQUIRING_UNFILTERED.fullmatch(word)):
        return bool(re.search(rf"(?<![\w.-]){re.escape(low)}(?:e?s)?(?![\w.-])", lowered))
    return low in lowered


# "where to go first", "who to call first", "what to tackle first": the order in which the
# people the output serves act (a question word, an infinitive, then "first"); never "which
# orders to ship first" (which records) nor "the first readings"
_ACT_FIRST = re.compile(
    r"\b(?P<q>where|what|who|whom|when|how)\s+to\s+(?-i:[a-z]+)(?:\s+(?:up|out|to|at|on"
    r"|in))?\s+first\b",
    ICASE,
)


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


# "In order to find quiet stores, ...": a word picking some of the groups, in a purpose clause
_PICKS_GROUPS = re.compile(
    r"\b(?P<t>busy|busier|quiet|quieter|idle|underused|overloaded)\b",
    ICASE,
)


# "Meters sometimes arrive late over the mobile network, so allow 3 minutes of grace": why the
# window waits (see the last _SPANS pattern of the grace)
_LATE_REASON = re.compile(
    r"\blate\b[^.;!?]*(?:,\s*|\s+)so\s+(?:please\s+)?(?:allow|give|tolerate|accept|wait)\b", ICASE
)


# "4G", "5G": a mobile network's generation (its digit is no value of a record)
_NETWORK_GENERATION = re.compile(r"(?<![\w.-])[2-5]G(?![\w.-])")


def _late_reason_selects(clause: str, lowered: str) -> bool:
    """A lateness reason holding a place or a qualifying word said nowhere else ("Meters in
    the north region often arrive late ..."): it may say which records are meant."""
    if not _LATE_REASON.search(clause):
        return False
    words = re.findall(r"[a-z][\w-]*", clause.lower())
    selecting = PLACE_QUALIFIERS | (QUALIFYING - {"late", "some", "each", "every", "all", "any"})
    return any(w in selecting and not _said(w, lowered) for w in words)


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


# "For returning customers, ...", "For loyalty members we need ...": who the output is for,
# said by a bare plural with a word before it, may name the records (some customers only); its
# words must then be said again (a filter on is_returning), else the request is refused.
# ("For privacy reasons, ...", "For reporting purposes, ...": why, no records)
_FOR_SOME = re.compile(
    r"\s*for\s+(?!(?:the|our|a|an|my|their|all|each|every|privacy|security|legal|compliance"
    r"|audit|reporting|analytics|testing|debugging|monitoring)\b)[a-z][\w-]*\s+"
    r"(?!(?:reasons|purposes|needs)\b)[a-z][\w-]*[a-z]s\s*[,;:]?\s*$",
    ICASE,
)


def for_some_unsaid(clause: str, lowered: str) -> bool:
    """ "For returning customers": a bare plural for whom the output is, whose qualifying word
    the rest of the request (`lowered`) does not say again (a filter on is_returning), so which
    records may be meant."""
    some = _FOR_SOME.match(clause)
    return some is not None and any(
        not _said(w, lowered) for w in re.findall(r"[a-z][\w-]*", some[0].lower())[1:-1]
    )


def _restated(clause: str, words: str, rest: str, facts: str = "") -> bool:
    """Every value, negation and time unit of `clause` appears in `rest` too, and when the
    clause selects records or acts on them, every content word of its unread `words` does."""
    lowered = rest.lower()
    stated = set(re.findall(r"[\w-]+", facts.lower()))
    # "the pricing A/B test": an experiment, never test records
    words = re.sub(r"\bA/B(?:/n)?\s+test(?:s|ing)?\b", " ", words, flags=ICASE)
    if _USED_CLAUSE.fullmatch(clause.strip()):
        # ("the vet asked for it after last weekend": when it was asked for, no records)
        clause, words = _USED_WHEN_RE.sub(" ", clause), _USED_WHEN_RE.sub(" ", words)
    # ("We're the only data person here": who the sender is, no selection)
    clause, words = _one_of_us_out(clause), _one_of_us_out(words)
    # ("so the fixers know where to go first": the order people act in, no first records)
    clause, words = _ACT_FIRST.sub(r"\g<q>", clause), _ACT_FIRST.sub(r"\g<q>", words)
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
    if "ranked" in stated:  # "Most-played rooms" over "the top 5 rooms by players"
        clause, words = _RANKED_COMPOUND.sub(" ", clause), _RANKED_COMPOUND.sub(" ", words)
    if "duplicates" in stated:  # "without double-counted rescans": what the dedup undoes
        clause, words = _NO_REPEATS.sub(" ", clause), _NO_REPEATS.sub(" ", words)
        # ("Title: door scanners double-fire": the fault the dedup is for)
        clause, words = _DOUBLED.sub(" ", clause), _DOUBLED.sub(" ", words)
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
    acts = [
        a
        for a in _ACTION.finditer(clause)
        if a.group(0).lower() not in stated
        # ("which batches are running too warm": a question that picks records, every word
        # checked even when its noun names the records)
        and not (_names_part(a.group(0), lowered) and not _PICKS.search(clause))
        # ("Mailroom sorting here.": the sender's desk named by its trade, no step)
        and not (_HERE_INTRO.fullmatch(clause) and a.group(0).lower().endswith("ing"))
    ]
    if _HERE_INTRO.fullmatch(clause) and any(
        _QUALIFIER.fullmatch(w) and not _said(w, lowered) for w in clause.split()
    ):
        return False  # "Premium sorting here.": which records, maybe
    if _RANKING.search(clause) and "ranked" not in stated:
        return False  # "we want a trending hashtags feed" with no top-N: nothing restates it
    # "For the test accounts we'd like ...": who it is for, qualified, may select records too
    # ("For laminitis early warning, we need ...": an alert given in time, no early records)
    audience = (
        re.match(r"\s*for\s", clause, ICASE) and _QUALIFIER.search(_EARLY_WARNING.sub(" ", clause))
    ) or for_some_unsaid(clause, lowered)
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
                if not code and _field_named(word, title[i + 1 : i + 2], lowered):
                    continue  # "Title: Late fee calculation" over "late_fee = ..."
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
        # "because the premium figures go into the board pack": a qualifier before the plural
        # a reason is about may name the records meant, so the reason's words must be said again
        or (
            re.match(r"\W*(?:because|since)\b", clause, ICASE) is not None
            and any(
                _QUALIFIER.fullmatch(m["q"]) and not _said(m["q"], lowered, "filtered" in stated)
                for m in re.finditer(
                    r"\b(?:the|these|those|our|their)\s+(?P<q>[a-z]+)\s+[a-z]+s\b", words, ICASE
                )
            )
        )
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
            if _field_named(word, said_words[i + 1 : i + 2], lowered):
                restated_before = True  # "Late fee calculation" over "late_fee = ..."
                continue
            if low in stated and low in _WORK_NOUNS:
                continue  # "... fee calculation" over a computed field: the work, said by it
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
            if _unit_in_field_name(word, lowered) and (
                low not in _TEMPERATURE_SHORT or "converted" in stated
            ):
                # "weight in pounds" over a computed weight_lb ("to Fahrenheit" over a computed
                # temp_f only: a scale is never said by a factor, so a field computed says it)
                restated_before = True
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
        if _NETWORK_GENERATION.match(clause, m.start()):
            continue  # "some tugs are on patchy 4G": a mobile network, no value of a record
        if _COMPOUND.fullmatch(value) and _EARLY_WARNING.fullmatch(value):
            continue  # "Swarm early-warning.": an alert given in time, no value of a record
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
    # ("so that finance can bill the voucher scheme monthly": how often they bill, no span)
    clause = _BILLING_CADENCE.sub(lambda c: c[0][: c.start("c") - c.start()], clause)
    for m in _UNIT.finditer(_CALENDAR_POINT.sub(" ", clause)):
        unit = m.group("u") or _ADVERB_UNIT[m.group("a").lower()]
        if m.group("a") and _size_said(unit, lowered, stated):
            continue  # "Finance asked for daily pump energy" over "a 24-hour window"
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
    # "Finance wants to run their reports off the replica instead of prod": the replica read
    # in place of the live database
    r"|\binstead\s+of\s+(?:(?:querying|hitting|using|reading)\s+)?(?:(?:the|our|their)\s+)?"
    r"(?:live\s+)?(?:production|prod|primary)(?:\s+(?:database|db|server|instance))?\b"
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
# "so that finance can bill the voucher scheme monthly", "so accounts can reconcile them each
# week": how often the people downstream bill, pay or reconcile with the output, their own
# process's cadence, no window of the pipeline (a unit said with another verb stays checked)
_BILLING_CADENCE = re.compile(
    r"\b(?:can|could|will|may|to)\s+(?:bill|invoice|pay|reconcile|settle|remit|charge|audit)\b"
    r"[^,;:.!?()\n]{0,60}?\s(?P<c>(?:monthly|weekly|daily|nightly|every\s+(?:month|week|day|night)"
    r"|each\s+(?:month|week|day|night)|once\s+a\s+(?:month|week|day)))\b",
    ICASE,
)
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

# "door scanners double-fire", "tills scan twice", "double-posted payments": the fault that makes
# the duplicates, said in a title or a reason; read only beside a dedup (see `_restated`; never
# "double counts": counts may be what is asked, see h17_wrong4_topic_double_counts)
_DOUBLE_VERBS = (
    r"(?:fir|scann?|tapp?|post|submitt?|sen[dt]|charg|book|bill|read|click|print|swip|ping"
    r"|report|log|trigger|beep|punch|insert)"
)
_DOUBLED = re.compile(rf"\bdouble[\s-]?{_DOUBLE_VERBS}\w*|\b{_DOUBLE_VERBS}\w*\s+twice\b", ICASE)

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


# The nouns for the work a step does, said by the parse's facts (`_facts`: "calculation" when a
# field is computed)
_WORK_NOUNS = word_set(
    """calculation calculations computation computations converter conversion enrichment lookup
    lookups"""
)


def _field_named(word: str, following: list[str], lowered: str) -> bool:
    """ "Late fee", "Urgent score": a title's qualifier and the noun after it, the name of a
    field the request says joined by '_' ("late_fee = days_late * 4.5"): the field the title
    names, no records it picks."""
    if not following:
        return False
    noun = re.escape(singular(following[0].lower()))
    return bool(re.search(rf"(?<![\w.-]){re.escape(word.lower())}_{noun}s?(?![\w.-])", lowered))


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


def _used_plain(clause: str, lowered: str) -> bool:
    """Who uses the output and what for (a `_USED` clause) say nothing that could select or
    change records: each word not said elsewhere is no qualifier ("test", "mobile", "non-test"),
    no step word and no requirement word ("euros", "trending")."""
    clause = _USED_WHEN_RE.sub(" ", clause)  # ("asked for it after last weekend": when)
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
    if work and _new_work_selects(work["v"], lowered):
        return False  # (a verb said nowhere else that may select: "to prioritise ...")
    if work and any(_LEAD_STATUS.fullmatch(w) and not _said(w, lowered) for w in work["w"].split()):
        return False  # "to budget refunds" over payments: which payments, maybe
    if work and _qualifies_records(_AHEAD_TIME.sub(" ", work["w"]).split(), lowered):
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


# The work verbs read before h34 ("to schedule" holds a step's word, yet says no step)
_OLD_WORK = word_set(
    "trace send plan schedule staff restock reorder chase contact call invoice bill"
)


def _new_work_selects(verb: str, lowered: str) -> bool:
    """A work verb outside the old list, said nowhere else, that may select records itself."""
    return verb.lower() not in _OLD_WORK and not _said(verb, lowered) and may_select(verb)


# The object of a `_USED_FOR` "to <work verb>" ("to chase overdue invoices")
_USED_WORK = re.compile(rf"\bto\s+(?P<v>{_WORK_VERB})\s+(?P<w>[^.!?()]*)", ICASE)
# "next summer's", "the coming season's": a time still ahead, whose records do not exist yet
# (never "last month's orders": which records, maybe)
_AHEAD_TIME = re.compile(r"\b(?:next|coming|upcoming|following)\s+(?:[a-z]+\s+)?[a-z]+'s\b", ICASE)
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


# A question or degree word that picks records ("which batches run too warm")
_PICKS = re.compile(r"\b(?:which|whose|where|when|what|too|enough)\b", ICASE)
# "Mailroom sorting here.", "Hi, parcel scanning here!": the sender's desk introducing itself,
# a sentence of its own
_HERE_INTRO = re.compile(
    r"\s*(?:(?:hi|hey|hello)(?:\s+(?:all|team|there|folks|everyone))?\s*[!,.]\s*)?"
    r"(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*\s+here\s*[.!:]?\s*",
    ICASE,
)


# A state or judgement of records among the action words ("late", "missing", "duplicate"):
# said in a name it may still say which records a sink's topic holds ("courier.lateness")
_RECORD_STATE = re.compile(
    r"late|lateness|missing|nulls?|empty|invalid|malformed|broken|corrupt\w*|delet\w*"
    r"|duplicat\w*|dupes?|out-of-order",
    ICASE,
)


def _names_part(word: str, lowered: str) -> bool:
    """`word`, said as it is, is a part of a topic's, table's or field's name in `lowered`
    ("batches" in inventory.substrate_batches, "sample" in a field balance_sample_id): a noun
    naming the records there, no act on them ("the substrate batches table" batches nothing)."""
    if _RECORD_STATE.fullmatch(word):
        return False  # "Lateness feed" over courier.lateness: which records, maybe (late ones)
    low = re.escape(word.lower())
    return bool(re.search(rf"\w[._]{low}(?:e?s)?(?![\w-])|(?<![\w-]){low}(?:e?s)?[._]\w", lowered))


def _reverse(unit: str) -> str:
    return next((a for a, u in _ADVERB_UNIT.items() if u == unit), unit)


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
    # ("... the latest lap?": its mark; "(the HVAC team reads these keys ...)": an aside's
    # closing parenthesis, no word)
    end = start + len(text[start:end].rstrip(".!?)"))
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
    # ("how long folks spend designing cards before they give up", "how long riders wait until
    # they board": the time up to what the people do, no clock time and no records chosen; the
    # words of what they do are checked as the question's)
    r"|\b(?:before|until|till|after)\s+(?=(?:they|he|she|we|you|people|folks|someone|somebody)"
    r"\s+(?-i:[a-z]+)\b)"
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
    # "Step 3 (premium orders):", "Stock watcher (premium orders):": the bracket ending a
    # longer label is a label of its own
    inner = re.fullmatch(r"[^()]*\(([^()]+)\)\s*", label)
    if len(label.split()) > 3 and inner and len(inner[1].split()) <= 3:
        label = inner[1]
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


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The run [start, end) cut where sentences end, as (start, end, words)."""
    return [
        (a, b, text[a:b].strip(" ,;.!?"))
        for a, b in sentence_spans(text, start, end)
        if text[a:b].strip(" ,;.!?")
    ]


def _split_runs(
    text: str, runs: list[tuple[int, int, str]], spans: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A run inside no single purpose clause, cut where sentences end ("Title: Heavy pallets.;
    As a warehouse lead I need"), when each piece lies inside one."""
    out = []
    for start, run_end, run_words in runs:
        # ("So that finance can reconcile tuition, please aggregate the x topic ...": a clause
        # opening the sentence, then only the filler of the request's own verb, read as it is
        # without the clause)
        end, words = run_end, run_words
        tail = [b for a, b in spans if a <= start < b < end and _only_filler(text[b:end])]
        if tail and text[tail[0]] == ",":
            end, words = tail[0], text[start : tail[0]].strip(" ,;.!?")
        pieces = sentence_spans(text, start, end)
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


def _only_filler(words: str) -> bool:
    """Whether `words` hold no word but filler (see accounting.FILLER): "please aggregate"."""
    return all(_is_filler(w) for w in _WORD.findall(words))
