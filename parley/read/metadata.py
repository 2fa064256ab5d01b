"""Metadata from the text itself: dates, date lines, datelines, bylines, credit lines, outlets.

Everything here is deterministic: dates are parsed by our own patterns first and by
dateparser only for labelled lines the patterns miss, with relative expressions switched off
and a fixed base, so "yesterday" never turns into today's date. Unknown stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

FULL_DATES = [
    re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{_YEAR}\b"),  # 18.08.2021: day first
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),  # only when unambiguous
]
PARTIAL_DATES = [
    re.compile(rf"^{_MONTH}\s+{_DAY}$", re.I),
    re.compile(rf"^{_DAY}\s+{_MONTH}$", re.I),
]

# Words that may surround a date on a date line ("Published: Wed 18th August 2021 | 07:45 PM").
DATE_LINE_WORDS = frozenset("""
published publication posted updated update last modified first date dated on of at time
mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday
am pm gmt utc bst cet cest est edt pst pdt ist pkt msk ast aft uzt ict jst hkt
""".split())
DATE_LABELS = frozenset("published posted updated modified date dated".split())
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
WORDS = re.compile(r"[^\W\d_]+")

PLACE = r"(?P<place>[A-Z][A-Z'’.\-]+(?:[ \-][A-Z][A-Z'’.\-]+){0,3}|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2})"
DATELINE = re.compile(
    PLACE
    + r"(?:,\s*(?!(?i:" + "|".join(MONTHS) + r")\b)(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)(?=[,(\s]))?"
    + r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?)"
    + r"(?:,?\s+(?:19|20)\d\d)?))?"
    + r"\s*[.,]?\s*(?:/(?P<slash>[A-Za-z][\w .&\-]{0,30}?)/\.?|\((?P<paren>[^()]{2,80})\))?"
    + r"\s*(?P<sep>[-–—]+|:)?\s*"
)
BYLINE = re.compile(
    r"^(?i:by|written by|words by|story by|reporting by)\s+"
    r"(?P<names>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|and|&)){0,8}"
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?=\s+and\s))?"
    r"(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?)"
    r"\s*(?:(?:,|\||/|—|–|-|\bfor\b|\bof\b)\s*(?P<outlet>[A-Z][\w.&'’ -]{1,50}?))?\s*\.?$",
)
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:based on (?:materials|reports?|information) (?:from|by)|with (?:inputs?|reporting) from"
    r"|source|sources|courtesy(?: of)?|originally published (?:by|in|on|at)|first published (?:by|in|on))"
    r"\s*[:\-–]?\s*(?P<outlet>[A-Z][\w.&'’ -]{1,50}?)\s*[.)]*$",
    re.I,
)
DOMAIN_LINE = re.compile(r"^(?:www\.)?(?P<site>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.[a-z]{2,6})\.?$")

# Common wire-service abbreviations, so "(AP)" and "By ..., Associated Press" name one outlet.
OUTLET_ALIASES = {"AP": "Associated Press", "A.P.": "Associated Press", "AFP": "AFP", "REUTERS": "Reuters"}


@dataclass(slots=True)
class DatelineInfo:
    place: str | None
    date: tuple[int | None, int, int] | None  # (year or None, month, day)
    outlet: str | None
    end: int  # where the dateline ends in the paragraph


# --------------------------------------------------------------------------- dates


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_full_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first complete calendar date in ``text`` and its match.

    >>> find_full_date("Wed 18th August 2021 | 07:45 PM")[0]
    datetime.date(2021, 8, 18)
    """
    best: tuple[date, re.Match[str]] | None = None
    for pattern in FULL_DATES:
        for m in pattern.finditer(text):
            found = match_to_date(m)
            if found and (best is None or m.start() < best[1].start()):
                best = (found, m)
                break
    return best


def match_to_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    year = int(g["year"])
    if g.get("month"):
        return _valid(year, MONTHS[g["month"].lower()], int(g["day"]))
    if g.get("m"):
        return _valid(year, int(g["m"]), int(g["d"]))
    a, b = int(g["a"]), int(g["b"])
    if a > 12 >= b:
        return _valid(year, b, a)
    if b > 12 >= a:
        return _valid(year, a, b)
    return None  # 03/04/2021 could be March or April: unknown, not guessed


def parse_partial(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a dateline date such as "July 16" or "15 Jul, 2021"."""
    full = find_full_date(text)
    if full:
        d = full[0]
        return (d.year, d.month, d.day)
    for pattern in PARTIAL_DATES:
        m = pattern.match(text.strip())
        if m:
            month, day = MONTHS[m["month"].lower()], int(m["day"])
            if _valid(2000, month, day):  # 2000 is a leap year: accepts 29 February
                return (None, month, day)
    return None


def date_line(text: str) -> date | None:
    """The date of a line that is only a date with labels and a time, else None.

    >>> date_line("Published: 16 July 2021")
    datetime.date(2021, 7, 16)
    >>> date_line("Talks began on 16 July 2021 in Doha.") is None
    True
    """
    if len(text) > 90:
        return None
    found = find_full_date(text)
    if found:
        rest = text[: found[1].start()] + " " + text[found[1].end():]
        if _only_date_words(rest):
            return found[0]
        return None
    if re.match(r"^\W*(?:published|posted|updated|date|dated)\b", text, re.I):
        return _dateparser_fallback(text)
    return None


def _only_date_words(rest: str) -> bool:
    """Nothing but labels, weekdays and times around the date; a labelled line may also carry
    a couple of other words ("Published: 05.08.2021 | 11:32 (Almaty time) | Views: 1 284")."""
    words = [w.lower() for w in WORDS.findall(TIME.sub(" ", rest))]
    unknown = [w for w in words if w not in DATE_LINE_WORDS]
    return not unknown or (len(unknown) <= 2 and any(w in DATE_LABELS for w in words))


_DP_SETTINGS = {
    "RELATIVE_BASE": datetime(2000, 1, 1),
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time", "custom-formats"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
}


def _dateparser_fallback(text: str) -> date | None:
    """dateparser for labelled lines our patterns miss; never relative, never 'now'."""
    body = re.sub(r"^\W*(?:published|posted|updated|date|dated)(?:\s+on)?\s*[:\-–|]?\s*", "", text, flags=re.I)
    if not re.search(r"\d", body) or len(body) > 60:
        return None
    import dateparser

    try:
        parsed = dateparser.parse(body, languages=["en"], settings=_DP_SETTINGS)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input; a miss is not an error
        return None
    return parsed.date() if parsed else None


def infer_year(month: int, day: int, reference: date) -> date | None:
    """The dated (month, day) nearest before ``reference``: a dateline cannot be much later.

    >>> infer_year(12, 30, date(2022, 1, 2))
    datetime.date(2021, 12, 30)
    """
    for year in (reference.year, reference.year - 1):
        found = _valid(year, month, day)
        if found and found <= reference + timedelta(days=2):
            return found
    return None


def iso_or_partial(value: tuple[int | None, int, int]) -> str:
    year, month, day = value
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def parse_iso(value: object) -> date | None:
    """A date from a metadata value ("2021-08-18", "2021-08-18T10:00:00Z", "18 August 2021")."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = re.match(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    found = find_full_date(value)
    return found[0] if found else None


# --------------------------------------------------------------------------- datelines


def find_dateline(paragraph: str) -> DatelineInfo | None:
    """The dateline opening a paragraph ("MOSCOW, July 16. /TASS/.", "KABUL (Reuters) -").

    >>> find_dateline("KABUL (Reuters) - The Taliban said on Monday ...").outlet
    'Reuters'
    """
    m = DATELINE.match(paragraph)
    if not m or m.end() >= len(paragraph):
        return None
    place, raw_date, sep = m["place"], m["date"], m["sep"]
    outlet = m["slash"] or None
    when = parse_partial(raw_date) if raw_date else None
    if m["paren"]:
        paren_outlet, paren_date = _split_paren(m["paren"])
        outlet = outlet or paren_outlet
        when = when or paren_date
    caps = place.isupper() and len(place.replace(" ", "")) >= 3
    if raw_date and not when:
        return None
    if not (when or outlet or (caps and sep)):
        return None
    if not caps and not (when and (outlet or sep or m["slash"])):
        return None  # "Tuesday, the minister said": title-case places need date and marker
    return DatelineInfo(place=place.strip(" ,."), date=when, outlet=normalize_outlet(outlet), end=m.end())


def lone_dateline(text: str) -> bool:
    """A line that is a whole dateline and nothing else, dated or with an outlet and a dash.

    >>> lone_dateline("MOSCOW, October 20. /TASS/."), lone_dateline("WORLD NEWS")
    (True, False)
    """
    info = find_dateline(text + " X")
    if info is None or info.end != len(text) + 1:
        return False
    m = DATELINE.match(text + " X")
    return info.date is not None or (info.outlet is not None and bool(m and m["sep"]))


def _split_paren(inner: str) -> tuple[str | None, tuple[int | None, int, int] | None]:
    """"UrduPoint / Pakistan Point News - 18th Aug, 2021" -> ("UrduPoint", (2021, 8, 18))."""
    outlet = None
    when = None
    for part in re.split(r"\s+[/|–—-]\s+|/", inner):
        part = part.strip(" ,.")
        if not part:
            continue
        parsed = parse_partial(part)
        if parsed:
            when = when or parsed
        elif outlet is None and re.match(r"^[A-Z][\w.&' -]{1,40}$", part) and len(part.split()) <= 5:
            outlet = part
    return outlet, when


def normalize_outlet(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" .,;:-–—/()")
    if not name:
        return None
    return OUTLET_ALIASES.get(name, OUTLET_ALIASES.get(name.upper(), name) if name.isupper() else name)


# --------------------------------------------------------------------------- credit lines


def byline(text: str) -> tuple[str | None, str | None] | None:
    """(author, outlet) of a byline such as "By Jane Doe, Associated Press", else None.

    >>> byline("By Jane Doe, Associated Press")
    ('Jane Doe', 'Associated Press')
    """
    if len(text) > 120:
        return None
    m = BYLINE.match(text)
    if not m:
        return None
    names = m["names"].strip()
    if " " not in names and (names.isupper() or names in OUTLET_ALIASES.values()):
        return None, normalize_outlet(names)  # "By AP", "By Reuters": an agency, not a person
    return names, normalize_outlet(m["outlet"])


def credit_outlet(text: str) -> str | None:
    """Outlet named by a credit line ("Based on materials from TASS", "UrduPoint.com")."""
    if len(text) > 100:
        return None
    m = CREDIT_LINE.match(text)
    if m and len(m["outlet"].split()) <= 5:  # a name, not "Sources: Western diplomats said ..."
        return normalize_outlet(m["outlet"])
    m = DOMAIN_LINE.match(text)
    if m and not text[0].isdigit():
        return m["site"]
    return None


def title_like(text: str) -> bool:
    """A line that could be a headline: a few words, not a finished sentence of a paragraph."""
    words = text.split()
    return 2 <= len(words) <= 30 and len(text) <= 250 and not text.endswith((".", ",", ";", ":"))
