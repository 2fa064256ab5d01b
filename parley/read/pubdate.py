"""An article's publication date, from every piece of evidence the page and its container give.

Evidence, in order of trust (docs/READING.md, "Publication date"):

1. container metadata: a JSONL ``date``, an HTML page's published time, a feed item's date;
2. the page's own stamp or date line ("date 2021-07-09", "Published: 16 July 2021");
3. a dateline that carries a year ("ISLAMABAD, (Agency - 18th Aug, 2021)");
4. a dateline with only a month and day ("MOSCOW, July 16. /TASS/"), its year taken from (in
   order) an update stamp, the URL's date path (``/2021/07/``), the article's own explicit dates
   (the year that puts them in the year before the dateline day, or just after it — see
   :func:`year_from_text`; not when a crawl date or ``--date`` is more than a year away), the
   WARC crawl date, ``--date``;
5. the URL's full date path (``/2021/07/16/``);
6. an update stamp ("Updated: 17 July 2021"): the page existed by then;
7. ``--date``.

Each document says which one gave its date in ``date_source``: ``metadata``, ``page``,
``dateline``, ``url``, ``updated``, ``reference``, or ``dateline+<year source>`` (``dateline+text``,
``dateline+url``, ``dateline+crawl``, ...) when the dateline named the day and something else the
year. Nothing here guesses: a page without evidence keeps a null date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from parley.read import metadata

# /2021/07/16/, /2021-07-16-, /20210716/ (a full date), /2021/07/ (year and month) in a URL path
_URL_FULL = re.compile(r"(?<![\d])((?:19|20)\d\d)([/_-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])")
_URL_COMPACT = re.compile(r"(?<=[/_-])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])(?=/)")
NEAR = timedelta(days=366)  # a text's own dates further than this from a reference are history


@dataclass(slots=True)
class Evidence:
    """Everything that may date one article; each field optional."""

    metadata: date | None = None  # container (JSONL, HTML meta, feed item)
    page: date | None = None  # a published stamp or date line in the text
    updated: date | None = None  # an update stamp
    crawl: date | None = None  # the WARC crawl date or the feed's own date: an upper bound
    reference: date | None = None  # --date
    url: str | None = None


@dataclass(slots=True)
class Decision:
    """The publication date, the completed dateline date, and where each came from."""

    date: date | None
    source: str | None
    dateline: str | None  # ISO, or "--MM-DD" when nothing gives the year


def url_date(url: str | None) -> tuple[date | None, tuple[int, int] | None]:
    """(full date, (year, month)) a URL's path names, either may be None.

    >>> url_date("https://news.example/world/2021/10/20/moscow-format")
    (datetime.date(2021, 10, 20), (2021, 10))
    >>> url_date("https://news.example/2021/10/moscow-format")
    (None, (2021, 10))
    """
    if not url:
        return None, None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    for pattern in (_URL_FULL, _URL_COMPACT):
        m = pattern.search(path)
        if m:
            groups = [g for g in m.groups() if g not in ("/", "-", "_")]
            try:
                day = date(int(groups[0]), int(groups[1]), int(groups[2]))
            except ValueError:
                continue
            return day, (day.year, day.month)
    m = _URL_MONTH.search(path)
    return None, ((int(m[1]), int(m[2])) if m else None)


def explicit_dates(text: str) -> list[date]:
    """Every complete calendar date the text writes out ("March 30, 2021", "2021-03-30").

    >>> explicit_dates("Held in Dushanbe on March 30, 2021 and again on 18 August 2021.")
    [datetime.date(2021, 3, 30), datetime.date(2021, 8, 18)]
    """
    found: dict[int, date] = {}
    for pattern in metadata.FULL_DATES:
        for m in pattern.finditer(text):
            day = metadata.match_to_date(m)
            if day is not None:
                found.setdefault(m.start(), day)
    return [found[k] for k in sorted(found)]


def nearest(month: int, day: int, around: date) -> date | None:
    """The (month, day) nearest to ``around``, in its year or a neighbouring one.

    >>> nearest(1, 3, date(2021, 12, 28))
    datetime.date(2022, 1, 3)
    """
    options = [d for y in (around.year - 1, around.year, around.year + 1)
               if (d := _valid(y, month, day)) is not None]
    return min(options, key=lambda d: (abs((d - around).days), d)) if options else None


def _fit(day: date, dates: list[date]) -> int:
    """How well a candidate publication day fits the article's own dates: a date in the year
    before it counts 2 (news looks back), one in the half-year after it 1 (a plan), one more
    than a year ahead -2 (an article does not report that far ahead), older ones 0 (history)."""
    score = 0
    for d in dates:
        gap = (day - d).days
        score += 2 if 0 <= gap <= 366 else 1 if -183 <= gap < 0 else -2 if gap < -366 else 0
    return score


def year_from_text(month: int, day: int, dates: list[date]) -> date | None:
    """The dateline day placed in the year that best fits the article's own dates (see
    :func:`_fit`); ties go to the later year; None when no year fits at all.

    >>> year_from_text(9, 16, [date(2020, 11, 30)])  # a summit ten months before
    datetime.date(2021, 9, 16)
    >>> year_from_text(7, 16, [date(2021, 3, 30), date(2021, 11, 10)])  # one past, one planned
    datetime.date(2021, 7, 16)
    """
    years = sorted({y for d in dates for y in (d.year - 1, d.year, d.year + 1)})
    candidates = [c for y in years if (c := _valid(y, month, day)) is not None]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (_fit(c, dates), c))
    return best if _fit(best, dates) > 0 else None


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def complete_year(month: int, day: int, ev: Evidence, text: str) -> tuple[date | None, str | None]:
    """The dateline's (month, day) with a year, and what gave the year."""
    for bound, name in ((ev.metadata, "metadata"), (ev.page, "page"), (ev.updated, "updated")):
        if bound is not None:
            return metadata.infer_year(month, day, bound), name
    full, month_path = url_date(ev.url)
    if full is not None:
        return metadata.infer_year(month, day, full), "url"
    if month_path is not None:
        return nearest(month, day, date(month_path[0], month_path[1], 15)), "url"
    reference = ev.crawl or ev.reference
    from_text = year_from_text(month, day, explicit_dates(text))
    if from_text is not None and (reference is None or abs(from_text - reference) <= NEAR):
        return from_text, "text"
    if ev.crawl is not None:
        return metadata.infer_year(month, day, ev.crawl), "crawl"
    if ev.reference is not None:
        return nearest(month, day, ev.reference), "reference"
    return None, None


def decide(ev: Evidence, dateline: tuple[int | None, int, int] | None, text: str) -> Decision:
    """The publication date of an article from its evidence (see the module docstring).

    ``dateline`` is the dateline's (year or None, month, day); ``text`` the cleaned body, whose
    explicit dates may give a yearless dateline its year.
    """
    dl_date: date | None = None
    dl_source: str | None = None
    dl_text: str | None = None
    if dateline is not None:
        year, month, day = dateline
        if year:
            dl_date, dl_source = _valid(year, month, day), "dateline"
        else:
            dl_date, year_source = complete_year(month, day, ev, text)
            dl_source = f"dateline+{year_source}" if dl_date else None
        dl_text = dl_date.isoformat() if dl_date else metadata.iso_or_partial(dateline)
    full_url, _ = url_date(ev.url)
    for value, source in ((ev.metadata, "metadata"), (ev.page, "page"), (dl_date, dl_source),
                          (full_url, "url"), (ev.updated, "updated"), (ev.reference, "reference")):
        if value is not None:
            return Decision(value, source, dl_text)
    return Decision(None, None, dl_text)
