"""Page stamps: the date and time a scraper or page store glues in front of an article.

Scraped pages often open with metadata on the same line as the lead — ``date 2021-07-09
Russian Foreign Minister ...``, ``Published 09 Jul 2021 10:40 MOSCOW, July 9. /TASS/. ...``,
``5 minutes ago Wed 07th July 2021 | 09:40 AM KABUL (Reuters) - ...``. A stamp is recognised by
its shape, not by outlet: an optional label (published, posted, updated, date, ...), an optional
age (``5 minutes ago``), an optional weekday, a complete calendar date, an optional time and
zone, then separators. Without a label, age, weekday or time, only a numeric date
(``2021-07-09``, ``09.07.2021``) counts: a prose sentence never opens with one.

>>> stamp = peel_stamp("date 2021-07-09 Russian Foreign Minister Sergey Lavrov said.")
>>> stamp.date, stamp.rest
(datetime.date(2021, 7, 9), 'Russian Foreign Minister Sergey Lavrov said.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parley.read.metadata import FULL_DATES, match_to_date

_LABEL = re.compile(
    r"(?P<label>(?:(?:first|last|originally)\s+)?(?P<kind>published|posted|updated|modified|created)"
    r"(?:\s+(?:on|at))?|dated?|publication\s+date|release\s+date)\b\s*[:\-–|]?\s*", re.I)
_AGE = re.compile(r"(?:(?:\d{1,3}|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?)\s+ago"
                  r"|just\s+now)\s*[|•·,\-–]?\s*", re.I)
_WEEKDAY = re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
                      r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+", re.I)
# Time-zone abbreviations written after a time; a list, because "10:40 DOHA" is a place, not a zone.
_ZONES = ("GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|PKT|AFT|UZT|TJT|KGT|ALMT"
          "|GST|IRST|ICT|WIB|SGT|HKT|JST|KST|AEST|AEDT|WAT|CAT|EAT|SAST")
_TIME = re.compile(
    r"(?:\s*[,|•·\-–]?\s*(?:at\s+)?|T)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:Z\b|[+-]\d{2}:?\d{2}|\([^()]{1,30}\)|(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?"
    r"|(?-i:" + _ZONES + r")\b))?", re.I)
_ISO = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?=T\d|\b)")
_SEPARATORS = re.compile(r"[\s|•·,:;\-–—]*")
_NUMERIC = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})$")
# What may follow a stamp: the start of a headline, a dateline or a sentence.
_REST_START = re.compile(r"[A-Z\"“‘'(\[«]")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A stamp peeled off the front of a line: its date, whether it is an update, the rest."""

    date: date
    updated: bool  # "Updated ...", "Last modified ...": a later date than publication
    text: str  # the stamp as written, for the document's ``removed`` list
    rest: str  # what follows it on the line ("" when the line was only the stamp)


def peel_stamp(line: str) -> Stamp | None:
    """The stamp opening ``line`` and the text after it, or None when the line opens otherwise.

    >>> peel_stamp("Published: 16 July 2021 | 07:45 PM MOSCOW, July 16. /TASS/. Talks began.").rest
    'MOSCOW, July 16. /TASS/. Talks began.'
    >>> peel_stamp("Published reports said the talks had failed.") is None
    True
    """
    pos = 0
    label = _LABEL.match(line)
    kind = None
    if label:
        pos, kind = label.end(), (label["kind"] or "").lower()
    age = _AGE.match(line, pos)
    if age:
        pos = age.end()
    weekday = _WEEKDAY.match(line, pos)
    if weekday:
        pos = weekday.end()
    found = _date_at(line, pos)
    if found is None:
        return None
    when, end = found
    time = _TIME.match(line, end)
    if time:
        end = time.end()
    if not (label or age or weekday or time or _NUMERIC.match(line[pos:end].strip())):
        return None  # "18 August 2021 was ..." may be prose; only a stamp's shape counts
    end = _SEPARATORS.match(line, end).end()  # type: ignore[union-attr]
    rest = line[end:]
    if rest and not _REST_START.match(rest):
        return None  # "Posted on 05.08.2021 by the ministry": a notice, not a stamp before text
    return Stamp(date=when, updated=kind in ("updated", "modified"), text=line[:end].strip(" |•·,:;-–—"),
                 rest=rest)


def _date_at(line: str, pos: int) -> tuple[date, int] | None:
    """A complete calendar date starting exactly at ``pos``, and where it ends."""
    for pattern in (_ISO, *FULL_DATES):
        m = pattern.match(line, pos)
        if m:
            found = match_to_date(m)
            if found:
                return found, m.end()
    return None


def is_update_line(line: str) -> bool:
    """A date line labelled as an update ("Updated: 10 July 2021"): not the publication date."""
    label = _LABEL.match(line)
    return bool(label and (label["kind"] or "").lower() in ("updated", "modified"))


@dataclass(frozen=True, slots=True)
class MetaLine:
    """What a line made only of page metadata says: a date (publication or update), a byline."""

    date: date | None
    updated: bool
    author: str | None
    outlet: str | None


_SEGMENTS = re.compile(r"\s+[|•·]\s+|\s*[|•]\s*")
_READING_TIME = re.compile(r"^\d{1,3}\s*(?:-\s*)?min(?:ute)?s?(?:\s+read)?$|^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$",
                           re.I)


def metadata_line(line: str) -> MetaLine | None:
    """A head line of metadata segments — byline, date, time, age, reading time — else None.

    >>> metadata_line("By Jane Doe | Published 09 July 2021 | 09:40 AM")
    MetaLine(date=datetime.date(2021, 7, 9), updated=False, author='Jane Doe', outlet=None)
    """
    from parley.read.metadata import date_line

    if len(line) > 160:
        return None
    parts = [p for p in _SEGMENTS.split(line) if p.strip()]
    found = _segments(parts) if len(parts) > 1 else None
    if found is not None:
        return found
    whole = date_line(line)  # "Posted on 05.08.2021 | 11:32 (Almaty time) | Views: 1 284"
    return MetaLine(date=whole, updated=is_update_line(line), author=None, outlet=None) if whole else None


def _segments(parts: list[str]) -> MetaLine | None:
    """Every segment a date, a byline, an age or a time; a publication date beats an update."""
    from parley.read.metadata import byline, date_line

    when: date | None = None
    updated = False
    author = outlet = None
    for part in parts:
        stamp = peel_stamp(part)
        part_date = stamp.date if stamp is not None and not stamp.rest else date_line(part)
        if part_date is not None:
            if when is None or (updated and not is_update_line(part)):
                when, updated = part_date, is_update_line(part)
            continue
        by = byline(part)
        if by is not None:
            author, outlet = author or by[0], outlet or by[1]
            continue
        if not (_AGE.fullmatch(part.strip()) or _READING_TIME.match(part.strip())):
            return None
    if when is None and author is None and outlet is None:
        return None
    return MetaLine(date=when, updated=updated, author=author, outlet=outlet)
