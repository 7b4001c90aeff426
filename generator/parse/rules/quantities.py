"""Numbers and durations as people write them: "90 s", "1h30m", "every minute", "hourly",
"a couple of minutes", numbers in words ("zero", "five", "twenty")."""

from __future__ import annotations

from ...errors import RequestNotUnderstood
from . import lazy_re as re

ICASE = re.IGNORECASE


WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty-five": 45, "forty five": 45, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100, "zero": 0,
}  # fmt: skip


WN = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(WORD_NUMBERS, key=len, reverse=True)
)


LONG_UNIT = (
    r"(?:milliseconds?|millis|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)"
)


SHORT_UNIT = r"(?:ms|s|m|h|d|w)"


DUR = (
    rf"(?:half(?:\s+an?\s+|[\s-]+)(?:hour|minute|day)|(?:a\s+)?quarter(?:\s+of\s+an)?[\s-]+hour"
    rf"|\d+(?:\.\d+)?\s*-?\s*(?:{LONG_UNIT}|{SHORT_UNIT})"
    rf"|(?:{WN})[\s-]+{LONG_UNIT}"
    # "hour-long windows", "a day-long window": one of the unit, said by how long it lasts
    r"|(?<![\w-])(?:second|minute|hour|day|week)-long)(?![\w])"
)


# A duration, or a bare unit meaning one of it ("every minute", "per hour").
DUR1 = rf"(?:{DUR}|(?:second|minute|hour|day|week)(?![\w]))"


DUR_RE = re.compile(rf"(?<![\w.]){DUR}", ICASE)


UNIT_MS = {
    "ms": 1, "msec": 1, "msecs": 1, "millis": 1, "millisecond": 1, "milliseconds": 1,
    "s": 1000, "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000,
    "m": 60_000, "min": 60_000, "mins": 60_000, "minute": 60_000, "minutes": 60_000,
    "h": 3_600_000, "hr": 3_600_000, "hrs": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
    "d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
    "w": 604_800_000, "wk": 604_800_000, "wks": 604_800_000, "week": 604_800_000,
    "weeks": 604_800_000,
}  # fmt: skip


# (scientific notation too: "over 1e3", "above 2.5e0", "> 9E+1")
NUM = (
    rf"(?:-?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+(?![\w.-]))?(?:\s*[kK](?![\w]))?"
    # ("grade = A", "zone in (A, B)": a bare "a" or "an" is a letter, never the number one)
    rf"|(?!an?(?![\w-]))(?:{WN})(?![\w-]))"
)


ADVERB_MS = {
    "hourly": 3_600_000, "daily": 86_400_000, "minutely": 60_000, "per-minute": 60_000,
    "per-hour": 3_600_000, "weekly": 604_800_000, "per-second": 1000,
}  # fmt: skip


# "hourly count", "daily total": a window's size said before one of its aggregates
SPAN_BEFORE_AGG = re.compile(
    r"(?P<span>hourly|daily|weekly|minutely)\s+"
    r"(?P<agg>count|total|sum|average|avg|mean|max|maximum|min|minimum)\b",
    ICASE,
)


def dur_ms(text: str) -> int:
    t = " ".join(text.lower().replace("-", " ").split())
    t = t.removesuffix(" long")  # ("hour-long")
    if t.startswith("half"):
        return UNIT_MS[t.split()[-1]] // 2
    if "quarter" in t:
        return 15 * 60_000
    if t in ("second", "minute", "hour", "day", "week", "sec", "min", "hr"):
        return UNIT_MS[t]
    m = re.match(r"^(\d+(?:\.\d+)?)\s*([a-z]+)$", t)
    if m:
        return round(float(m.group(1)) * UNIT_MS[m.group(2)])
    words, _, unit = t.rpartition(" ")
    if words not in WORD_NUMBERS or unit not in UNIT_MS:
        # "count matches per minutes": a unit with no number, never a crash
        raise RequestNotUnderstood(
            f'cannot read {text!r} as a duration: say how long ("5 minutes", "1 hour")'
        )
    return WORD_NUMBERS[words] * UNIT_MS[unit]


def number(text: str) -> int | float:
    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d\d0", text.strip()):
        # "over 1.000", "above 2.500": a thousands separator as often as three decimals
        said = text.strip()
        raise RequestNotUnderstood(
            f"cannot read {said!r}: the '.' may separate thousands ({said.replace('.', '')}) or "
            f"decimals ({float(said):g}); write the number without it"
        )
    t = text.strip().lower().replace(",", "")
    if t in WORD_NUMBERS or " ".join(t.split()) in WORD_NUMBERS:
        return WORD_NUMBERS[" ".join(t.split())]
    scale = 1
    if t.endswith("k"):
        scale, t = 1000, t[:-1].strip()
    value = float(t) * scale
    return int(value) if value.is_integer() and "." not in t else value


def duration_label(ms: int) -> str:
    for size, suffix in ((604_800_000, "w"), (86_400_000, "d"), (3_600_000, "h"),
                         (60_000, "min"), (1000, "s")):  # fmt: skip
        if ms % size == 0:
            return f"{ms // size}{suffix}"
    return f"{ms}ms"


# Units of measure people write after a compared number ("over 5000 litres", "above 8 °C",
# "under 30 psi"), by what they measure. A lower-case single letter is a unit only as a field's
# suffix ("temp_c", "volume_l"); after a number only "L", "V", "W" are. Time units are
# durations (see above), never here.
_UNIT_FAMILIES = {
    "volume": "l litre litres liter liters ml millilitre millilitres milliliter milliliters cl"
    " gallon gallons gal hl hectolitres",
    "mass": "kg kgs kilo kilos kilogram kilograms g gram grams t tonne tonnes ton tons lb lbs",
    "length": "km kms kilometre kilometres kilometer kilometers metre metres meter meters cm mm"
    " mile miles ft feet",
    "energy": "kwh wh mwh kj",
    "power": "kw w watt watts kilowatts mw megawatts",
    "voltage": "v volt volts mv",
    "temperature": "c f degc degf celsius fahrenheit centigrade degrees degree deg",
    "speed": "km/h kmh kph mph knots m/s",
    "pressure": "bar mbar psi hpa kpa pa",
    "frequency": "hz khz mhz ghz rpm",
    "loudness": "db decibels",
    # a radio signal's level ("rssi stronger than -70 dBm")
    "signal": "dbm",
    "data": "bytes kb mb gb tb kilobytes megabytes gigabytes terabytes",
    "concentration": "ppm ppb",
    "flow": "lpm l/min gpm",
    "pulse": "bpm",
}
UNIT_FAMILY = {u: family for family, units in _UNIT_FAMILIES.items() for u in units.split()}
# One name per unit ("tonnes" and "t" are the same unit: "load_t over 2.5 tonnes" is read).
_SAME_UNIT = [
    "l litre litres liter liters", "ml millilitre millilitres milliliter milliliters",
    "gal gallon gallons", "hl hectolitres", "kg kgs kilo kilos kilogram kilograms",
    "g gram grams", "t tonne tonnes ton tons", "lb lbs", "km kms kilometre kilometres kilometer"
    " kilometers", "m metre metres meter meters", "mile miles", "ft feet", "w watt watts",
    "kw kilowatts", "mw megawatts", "v volt volts", "c degc celsius centigrade",
    "f degf fahrenheit", "km/h kmh kph", "bytes", "kb kilobytes", "mb megabytes",
    "gb gigabytes", "tb terabytes", "db decibels",
]  # fmt: skip
UNIT_NAME = {u: units.split()[0] for units in _SAME_UNIT for u in units.split()}


def same_unit(a: str, b: str) -> bool:
    """Whether two unit words name one unit ("t" and "tonnes", "kmh" and "km/h")."""
    return UNIT_NAME.get(a, a) == UNIT_NAME.get(b, b)


# A unit right after a compared number: "°C", "km/h", "degrees Celsius", "kWh", "L".
UNIT_AFTER = re.compile(
    r"(?:\s*(?P<deg>°\s?[CF])\b|\s+(?P<u>km/h|m/s|l/min|(?:degrees?|deg)\s+(?:celsius|fahrenheit"
    r"|centigrade|C|F)\b|[A-Za-z]+\b))"
)


# Exact conversions to a smaller unit of one family (a whole factor): "distance_m over 2 km"
# compares distance_m with 2000. Sizes in the family's smallest unit listed; units of data
# (1000 or 1024?) and temperatures are never converted.
_SCALES = {
    "length": {"mm": 1, "cm": 10, "m": 1000, "km": 1_000_000},
    "mass": {"g": 1, "kg": 1000, "t": 1_000_000},
    "volume": {"ml": 1, "cl": 10, "l": 1000, "hl": 100_000},
    "energy": {"wh": 1, "kwh": 1000, "mwh": 1_000_000},
    "power": {"w": 1, "kw": 1000, "mw": 1_000_000},
}


def exact_factor(said: str, field: str) -> tuple[int, str] | None:
    """The whole factor taking a number in unit `said` to the unit `field`'s name ends with,
    and that unit ("km", "distance_m" -> 1000, "m"; 1 for its own unit); None unless it is exact and unambiguous
    (a lone "m" suffix is metres only against a length: "distance_m over 2 km")."""
    said_name = UNIT_NAME.get(said, said)
    family = UNIT_FAMILY.get(said)
    scale = _SCALES.get(family or "", {})
    suffix = re.split(r"[\s_]+", field.strip().lower())[-1]
    theirs = UNIT_NAME.get(suffix, suffix)
    if said_name not in scale or theirs not in scale or "_" not in field:
        return None
    if theirs != "m" and UNIT_FAMILY.get(suffix) != family:
        return None
    if theirs == "m" and re.search(r"dur|time|elapsed|wait|delay|latency|age|idle", field, ICASE):
        return None  # "duration_m": minutes
    big, small = scale[said_name], scale[theirs]
    if big == small:  # "altitude_m under 120 metres": the field's own unit
        return 1, theirs
    if big < small or big % small:
        return None
    return big // small, theirs


# The words a rating or a score is counted in ("a rating of 4 stars or more", "score over 40
# points"): a number said with one is the field's value as written, only for a field whose
# name says it holds a rating or a score ("amount over 40 points" stays unread)
_SCALE_WORDS = {
    "star stars": "rating ratings rated stars star score review grade",
    "point points pts": "score scores points pts rating grade",
}


def scale_words(field: str) -> set[str]:
    """The scale words a number compared with `field` may carry ("rating": stars)."""
    words = set(re.split(r"[\s_]+", field.strip().lower()))
    return {
        w
        for said, owners in _SCALE_WORDS.items()
        if words & set(owners.split())
        for w in said.split()
    }


SCALE_WORD = r"stars?|points?|pts"


def unit_of(said: str) -> str | None:
    """The unit `said` names, in the words of `_UNIT_FAMILIES` ("°C" -> "c", "kWh" -> "kwh",
    "degrees Celsius" -> "c"); None when it is no unit of measure."""
    low = " ".join(said.lower().replace("°", " ").split())
    if re.fullmatch(r"(?:degrees?|deg\s)?\s*(?:c|celsius|centigrade)", low):
        return "c"
    if re.fullmatch(r"(?:degrees?|deg\s)?\s*(?:f|fahrenheit)", low):
        return "f"
    if len(said) == 1 and said not in "LVW":
        return None  # "5 m", "5 t": minutes, a typo, a word; only "500 L", "12 V", "60 W"
    return low if low in UNIT_FAMILY else None


def field_units(field: str) -> set[str]:
    """The units a field's name carries ("weight_kg": kg; "temp_c": c; "litres_dispensed";
    "bytes"; a lone letter only as a suffix)."""
    words = re.split(r"[\s_]+", field.strip().lower())
    return {w for w in words if w in UNIT_FAMILY and (len(words) > 1 or len(w) > 1)}


def ms_text(ms: int) -> str:
    """A duration in words for a message: 900000 -> '15 minutes', 86400000 -> '24 hours'."""
    for unit, size in (("hour", 3_600_000), ("minute", 60_000), ("second", 1000)):
        if ms >= size and ms % size == 0:
            count = ms // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{ms} ms"


# A field compared with a number and the time unit its own name says: "duration_s is over 90
# seconds", "wait_min is 10 minutes or more", "latency_ms > 500ms", "age_days under 30 days".
# The unit word restates the field's unit, so the number is the field's value as written.
_TIME_COMPARED = re.compile(
    r"(?<![\w.])(?P<f>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)"
    r"(?P<mid>\s*(?:(?:is|are|was|were)\s+)?(?:not\s+)?"
    r"(?:[<>]=?|=|(?:over|above|under|below|exceeds?|exceeding|up\s+to|of"
    r"|(?:more|less|greater|fewer|longer|shorter|higher|lower)\s+than"
    r"|at\s+(?:least|most)|no\s+(?:more|less|longer|shorter)\s+than)\b)?\s*"
    r"|\s+(?:is|are|was|were)\s+(?:not\s+)?)"
    r"(?P<n>-?\d+(?:\.\d+)?)\s*(?P<u>[A-Za-z]+)\b(?![-/])",
    ICASE,
)
# ("between 30 and 60 seconds" on a field of seconds: both numbers in its unit)
_TIME_BETWEEN = re.compile(
    r"(?<![\w.])(?P<f>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)\s+(?:(?:is|are|was|were)\s+)?"
    r"(?:not\s+)?between\s+(?P<a>-?\d+(?:\.\d+)?)(?:\s*(?P<u1>[A-Za-z]+))?\s+and\s+"
    r"(?P<b>-?\d+(?:\.\d+)?)\s*(?P<u>[A-Za-z]+)\b(?![-/])",
    ICASE,
)
# A lone "m" ends lengths as often as minutes ("depth_m"): never read as a time here.
_LONG_TIME_WORDS = frozenset(
    {
        "milliseconds",
        "millis",
        "seconds",
        "secs",
        "minutes",
        "mins",
        "hours",
        "hrs",
        "days",
        "weeks",
    }
)


# "sum wait_min over 10 minutes", "avg latency_ms per 500 ms window": the duration is a window's,
# the field aggregated (a word of an aggregate, or "of", right before the field)
_AGGREGATED_BEFORE = re.compile(
    r"(?:\b(?:sum|sums|summed|avg|average|averaged|mean|max|maximum|min|minimum|total|count"
    r"|median|p\d+|percentile|of|per|by|every|each|as|called|named|into)\s+(?:the\s+)?)$",
    ICASE,
)
_WINDOW_AFTER = re.compile(
    r"\s*-?\s*(?:long\s+)?(?:windows?|tumbling|sliding|hopping|buckets?|periods?|intervals?|blocks?)\b",
    ICASE,
)


def _windowed(m: re.Match[str]) -> bool:
    """Whether the duration after a field may be a window's ("sum wait_min over 10 minutes")."""
    before = m.string[max(0, m.start() - 40) : m.start()]
    return bool(_AGGREGATED_BEFORE.search(before) or _WINDOW_AFTER.match(m.string, m.end()))


def _field_time_unit(field: str) -> int | None:
    """The time unit (in ms) a field's name says: its last part ("duration_s", "wait_min") or
    a whole unit word in it ("minutes_late"); None when it says none or only "m"."""
    parts = field.lower().split("_")
    if parts[-1] in UNIT_MS and parts[-1] != "m":
        return UNIT_MS[parts[-1]]
    said = {UNIT_MS[p] for p in parts if p in _LONG_TIME_WORDS}
    return said.pop() if len(said) == 1 else None


def time_factor(said: str, field: str) -> tuple[int, str] | None:
    """The whole factor taking a number in the time unit `said` to the time unit `field`'s name
    says, and that unit's word ("minutes", "duration_s" -> 60, "s"); None unless `said` is a
    time word of more than one letter (or "s" or "h": "duration_ms > 5s"; never "m", which
    may be metres), the field's name says its unit, and the factor is whole
    ("duration_min under 90 seconds" is not)."""
    low = said.lower()
    own = _field_time_unit(field)
    if (
        own is None
        or (len(low) < 2 and low not in "sh")
        or low not in UNIT_MS
        or UNIT_MS[low] % own
    ):
        return None
    parts = field.lower().split("_")
    word = parts[-1] if parts[-1] in UNIT_MS else next(p for p in parts if p in _LONG_TIME_WORDS)
    return UNIT_MS[low] // own, word


def _own_units(m: re.Match[str], *said: str | None) -> bool:
    """Whether every unit word `said` after the numbers is the compared field's own time unit
    (never "m", never a window's duration)."""
    own = _field_time_unit(m["f"])
    units = [u.lower() for u in said if u]
    return (
        own is not None
        and all(UNIT_MS.get(u) == own and u != "m" for u in units)
        and not _windowed(m)
    )


def own_time_units_dropped(part: str) -> str:
    """ "duration_s is over 90 seconds" -> "duration_s is over 90": a time unit after a compared
    number that is the compared field's own is dropped; any other unit ("duration_s over 2
    minutes") is left for the duration checks, which refuse it."""

    def drop(m: re.Match[str]) -> str:
        if not _own_units(m, m["u"]):
            return m.group(0)
        return m.group(0)[: m.start("u") - m.start()].rstrip()

    def drop_both(m: re.Match[str]) -> str:
        if not _own_units(m, m["u1"], m["u"]):
            return m.group(0)
        head = m.group(0)[: m.start("a") - m.start()]
        return f"{head}{m['a']} and {m['b']}"

    return _TIME_COMPARED.sub(drop, _TIME_BETWEEN.sub(drop_both, part))
