"""Event dates from relative and absolute expressions, resolved against the publication date.

Deterministic: nothing here looks at the clock; every relative expression is resolved against
the publication date it is given, and without one only expressions that carry their own year
resolve. We do not use dateparser for weekdays because it resolves them against "now" and
picks the wrong week around the publication day.

Rules (see docs/ACCURACY.md, "Dates"):

* ``yesterday`` / ``last night`` = the day before; ``today``, ``this morning``, ``tonight`` = the
  publication day; ``tomorrow`` = the day after; ``N days ago`` / ``a week ago`` count back.
* ``on Wednesday``: past or present tense → the most recent Wednesday on or before the
  publication date (a Wednesday article's "on Wednesday" is that day); future tense → the first
  Wednesday on or after it. ``last Wednesday`` is strictly before, ``next Wednesday`` strictly
  after. ``Tuesday last week`` / ``Tuesday next week`` pick that weekday of that week.
* ``March 30`` / ``30 March``: the publication year; in a past-tense sentence a date more than
  30 days after publication moves to the previous year; in a future-tense sentence a date more
  than 30 days before publication moves to the next year.
* ``in August`` → month precision ``"2021-08"`` (the year chosen as above); ``earlier this
  month`` → the publication month; ``last month`` → the month before; ``in 2019`` → ``"2019"``.
  These are ISO 8601 reduced-precision dates; pass ``allow_partial=False`` to get None instead.
* Vague spans (``last week``, ``this week``, ``recently``, ``over the weekend``, ``last year``
  without a month) return None: there is no day to name, and the caller decides the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}
FUTURE = "future"

_DATE_AFTER = re.compile(r"\s*\d")
_DATE_BEFORE = re.compile(r"(?i)\b(?:in|since|until|till|by|last|next|early|late|mid|of|from|to|through|this|"
                          r"before|after|during|since|on|\d{1,2})[\s-]+$")


def month_as_date(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a month name used as a date: followed by a number, or after a number
    or a date word ("in May 2019", "on 8 March", "since March") — not Theresa May, not a march?

    >>> month_as_date("Talks resumed on 8 March.", 19, 24), month_as_date("May said no.", 0, 3)
    (True, False)
    """
    return text[start:end].lower() in MONTHS and bool(
        _DATE_AFTER.match(text, end) or _DATE_BEFORE.search(text[max(0, start - 12):start]))

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One resolved expression: the ISO (possibly partial) date, where it was, how specific."""

    value: str | None  # None for a vague span ("last week"): it dates the event, but to no day
    start: int
    end: int
    rank: int  # 3 full date with year, 2 day without year, 1 relative day, 0 month/year only


def parse_pub_date(value: str | None) -> date | None:
    """A publication date from ``YYYY-MM-DD`` or ``YYYYMMDD`` (gold files), else None.

    >>> parse_pub_date("20080804")
    datetime.date(2008, 8, 4)
    """
    if not value:
        return None
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?", text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _month(token: str) -> int:
    return _MONTH_ABBR[token.lower().rstrip(".")[:3]]


def _weekday(token: str) -> int:
    return WEEKDAYS.index(token.lower())


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, pub: date, tense: str | None) -> int:
    """The publication year, moved back (past) or forward (future) when far on the wrong side."""
    candidate = _safe_date(pub.year, month, day if day else 1)
    if candidate is None:  # Feb 29 in a non-leap year: try neighbours
        return pub.year - 1 if tense != FUTURE else pub.year + 1
    if day == 0:  # month precision: compare whole months
        if tense == FUTURE and month < pub.month:
            return pub.year + 1
        if tense != FUTURE and month > pub.month:
            return pub.year - 1
        return pub.year
    if tense == FUTURE and candidate < pub - timedelta(days=30):
        return pub.year + 1
    if tense != FUTURE and candidate > pub + timedelta(days=30):
        return pub.year - 1
    return pub.year


# --------------------------------------------------------------------------- pattern handlers
# Each handler gets the regex match, the publication date (may be None) and the tense, and
# returns an ISO string (full or partial) or None.

Handler = Callable[[re.Match[str], date | None, str | None], str | None]


def _full_date(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    d = _safe_date(int(m["year"]), _month(m["mon"]), int(m["day"]))
    return d.isoformat() if d else None


def _iso_date(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    d = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return d.isoformat() if d else None


def _month_day(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    month, day = _month(m["mon"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return f"--{month:02d}-{day:02d}"  # the dateline's partial form: year unknown
    d = _safe_date(_year_for(month, day, pub, tense), month, day)
    return d.isoformat() if d else None


def _month_only(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    month = _month(m["mon"])
    if m.groupdict().get("year"):
        return f"{int(m['year']):04d}-{month:02d}"
    if pub is None:
        return None
    return f"{_year_for(month, 0, pub, tense):04d}-{month:02d}"


def _year_only(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    return m["year"]


def _this_month(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    return None if pub is None else f"{pub.year:04d}-{pub.month:02d}"


def _last_month(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    if pub is None:
        return None
    first = pub.replace(day=1) - timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def _offset(days: int) -> Handler:
    def handler(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
        return None if pub is None else (pub + timedelta(days=days)).isoformat()
    return handler


def _ago(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    if pub is None:
        return None
    n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
    days = n * (7 if m["unit"].lower().startswith("week") else 1)
    return (pub - timedelta(days=days)).isoformat()


def _weekday_handler(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    """``[last|next|this|on] Wednesday [last week|next week]`` relative to the publication day."""
    if pub is None:
        return None
    target = _weekday(m["wd"])
    before = (m.groupdict().get("pre") or "").lower()
    after = (m.groupdict().get("post") or "").lower()
    if "last" in after or "next" in after:
        monday = pub - timedelta(days=pub.weekday())
        monday += timedelta(days=-7 if "last" in after else 7)
        return (monday + timedelta(days=target)).isoformat()
    back = (pub.weekday() - target) % 7
    ahead = (target - pub.weekday()) % 7
    if before == "last" or before == "past":
        return (pub - timedelta(days=back or 7)).isoformat()
    if before in ("next", "coming"):
        return (pub + timedelta(days=ahead or 7)).isoformat()
    if tense == FUTURE:
        return (pub + timedelta(days=ahead)).isoformat()
    return (pub - timedelta(days=back)).isoformat()


def _vague(m: re.Match[str], pub: date | None, tense: str | None) -> str | None:
    return None


_B = r"(?<![\w-])"
_E = r"(?![\w-])"
# (pattern, handler, rank). Order does not matter: every match is collected and ranked.
_PATTERNS: list[tuple[str, Handler, int]] = [
    (rf"{_B}{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}{_E}", _full_date, 3),
    (rf"{_B}{_MON}\s+{_DAY},?\s+{_YEAR}{_E}", _full_date, 3),
    (rf"{_B}{_YEAR}-(?P<m>[01]\d)-(?P<day>[0-3]\d){_E}", _iso_date, 3),
    (rf"{_B}{_DAY}\s+(?:of\s+)?{_MON}{_E}", _month_day, 2),
    (rf"{_B}{_MON}\s+{_DAY}{_E}", _month_day, 2),
    (rf"{_B}(?:(?P<pre>last|past|next|coming|this|on)\s+)?{_WD}"
     rf"(?:\s+(?:morning|afternoon|evening|night))?(?:\s+(?P<post>last\s+week|next\s+week))?{_E}",
     _weekday_handler, 1),
    (rf"{_B}(?:the\s+day\s+before\s+yesterday){_E}", _offset(-2), 1),
    (rf"{_B}(?:yesterday|last\s+night|overnight){_E}", _offset(-1), 1),
    (rf"{_B}(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today){_E}",
     _offset(0), 1),
    (rf"{_B}(?:the\s+day\s+after\s+tomorrow){_E}", _offset(2), 1),
    (rf"{_B}tomorrow{_E}", _offset(1), 1),
    (rf"{_B}(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
     rf"(?P<unit>days?|weeks?)\s+ago{_E}", _ago, 1),
    # "since March" or "until May" do not date the event, so only these prepositions count
    (rf"{_B}(?:in|during|early|late|mid-?)\s+{_MON}(?:\s+{_YEAR})?{_E}", _month_only, 0),
    (rf"{_B}(?:earlier|later|early|late)\s+this\s+month{_E}|{_B}this\s+month{_E}", _this_month, 0),
    (rf"{_B}last\s+month{_E}", _last_month, 0),
    (rf"{_B}(?:in|during)\s+{_YEAR}{_E}", _year_only, 0),
    (rf"{_B}(?:last|this|next)\s+(?:week|weekend|year)|(?:over|at|on)\s+the\s+weekend|recently{_E}",
     _vague, -1),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), h, r) for p, h, r in _PATTERNS]


def find_dates(text: str, pub_date: str | None, tense: str | None = None, *,
               allow_partial: bool = True, include_vague: bool = False) -> list[DateMatch]:
    """Every resolvable date expression in ``text``, in text order (vague ones too if asked).

    >>> [d.value for d in find_dates("They met on Wednesday.", "2021-08-18")]
    ['2021-08-18']
    """
    pub = parse_pub_date(pub_date)
    found: list[DateMatch] = []
    for regex, handler, rank in _COMPILED:
        for m in regex.finditer(text):
            value = handler(m, pub, tense)
            if value is None and not (include_vague and handler is _vague):
                continue
            if value is not None and not allow_partial and len(value) != 10:
                continue
            found.append(DateMatch(value, m.start(), m.end(), rank))
    found = _drop_overlapped(found)
    return sorted(found, key=lambda d: d.start)


def _drop_overlapped(matches: list[DateMatch]) -> list[DateMatch]:
    """Keep the most specific of overlapping matches ("Wednesday, March 30" is one date)."""
    kept: list[DateMatch] = []
    for cand in sorted(matches, key=lambda d: (-d.rank, -(d.end - d.start), d.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return kept


def resolve_date_expression(text: str, pub_date: str | None, tense: str | None = None, *,
                            allow_partial: bool = True) -> str | None:
    """The event date a plain string names, or None when it names none (or only a vague span).

    ``tense`` is "past", "present" or "future" (None means past). The most specific expression
    wins; among equals the first.

    >>> resolve_date_expression("The talks will resume on Friday", "2021-08-18", "future")
    '2021-08-20'
    >>> resolve_date_expression("He arrived yesterday", "2021-08-18")
    '2021-08-17'
    """
    matches = find_dates(text, pub_date, tense, allow_partial=allow_partial)
    if not matches:
        return None
    best = max(matches, key=lambda d: (d.rank, -d.start))
    return best.value


def sentence_tense(sent: Any) -> str:
    """"future" when the sentence has a future auxiliary ("will", "shall", "going to"), else "past"."""
    tokens = list(sent)
    for i, tok in enumerate(tokens):
        lower = tok.lower_
        if tok.tag_ == "MD" and lower in ("will", "shall", "'ll", "wo"):
            return FUTURE
        if lower == "going" and i + 2 < len(tokens) and tokens[i + 1].lower_ == "to" \
                and tokens[i + 2].pos_ in ("VERB", "AUX"):
            return FUTURE
    return "past"


def find_event_date(sent: Any, pub_date: str | None, tense: str | None = None, *,
                    anchor: int | None = None, allow_partial: bool = True) -> DateMatch | None:
    """The date expression that dates the event(s) in a spaCy sentence ``Span``, or None when the
    sentence has none. A vague expression ("last week") comes back with ``value`` None, so a
    caller can tell "dated, but to no day" from "not dated" (and not fall back to the
    publication date for the former). Offsets are in the sentence's ``Doc``.

    With NER, DATE/TIME entities are tried first (with the word before them, for "on"/"last"/
    "in"); when none resolves, the sentence text is scanned for unambiguous day forms (weekdays,
    "yesterday", "March 30"). Without NER the sentence text is scanned for every form. ``anchor``
    (a character offset in the document, e.g. the trigger) picks the closest of several dates.
    ``tense`` defaults to the sentence's own tense.
    """
    tense = tense or sentence_tense(sent)
    candidates: list[tuple[int, DateMatch]] = []
    if not sent.doc.has_annotation("ENT_IOB"):  # no NER in the pipeline: scan the text itself
        for m in find_dates(sent.text, pub_date, tense, allow_partial=allow_partial, include_vague=True):
            candidates.append((sent.start_char + m.start, m))
    for ent in getattr(sent, "ents", ()):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start = ent.start_char
        if ent.start > sent.start:
            start = ent.doc[ent.start - 1].idx
        text = ent.doc.text[start:ent.end_char]
        for m in find_dates(text, pub_date, tense, allow_partial=allow_partial, include_vague=True):
            candidates.append((start + m.start, m))
    if not candidates and sent.doc.has_annotation("ENT_IOB"):
        for m in find_dates(sent.text, pub_date, tense, allow_partial=allow_partial):
            if m.rank >= 1:  # NER saw no date: trust only unambiguous day forms
                candidates.append((sent.start_char + m.start, m))
    if not candidates:
        return None
    if anchor is not None:
        # the expression nearest the trigger dates it, even a vague one ("shelled ... last week,
        # officials said on Monday" is not Monday)
        pos, best = min(candidates, key=lambda c: abs(c[0] - anchor))
    else:
        pos, best = max(candidates, key=lambda c: (c[1].rank, -c[0]))
    return DateMatch(best.value, pos, pos + best.end - best.start, best.rank)


def resolve_event_date(sent: Any, pub_date: str | None, tense: str | None = None, *,
                       anchor: int | None = None, allow_partial: bool = True) -> str | None:
    """The date of the event(s) in a spaCy sentence ``Span``, or None when it has no date
    expression or only a vague one (see :func:`find_event_date` to tell the two apart).
    Arguments as for :func:`find_event_date`.
    """
    found = find_event_date(sent, pub_date, tense, anchor=anchor, allow_partial=allow_partial)
    return None if found is None else found.value
