"""From one article's text (and what its container said about it) to a Document record."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from parley.errors import InputError
from parley.read import clean, leads, metadata, pubdate, stamps
from parley.read.language import detect_language
from parley.records import Dateline, Document

TITLE_LABEL = re.compile(r"^(?:title|headline|subject|re)\s*:\s*", re.I)
HEAD_UNITS = 15  # metadata lines (date, byline) sit near the top ...
TAIL_UNITS = 10  # ... or the bottom (credit lines, "based on materials from")


@dataclass(slots=True)
class Hints:
    """What the container (JSONL fields, HTML metadata, feed item, WARC headers) says."""

    title: str | None = None
    date: dt.date | None = None  # publication date from structured metadata
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    reference: dt.date | None = None  # year source for partial datelines (a crawl date)


@dataclass(slots=True)
class _Found:
    """Metadata found in the text while cleaning it."""

    title: str | None = None
    line_date: dt.date | None = None  # a published stamp or date line
    updated_date: dt.date | None = None  # an update stamp
    author: str | None = None
    byline_outlet: str | None = None
    credit_outlet: str | None = None
    removed: list[tuple[int, str]] = field(default_factory=list)


INTERNAL_ERROR = "E199"
# What `parley code` and `parley ingest` say, once per article, when nothing dates it.
NO_DATE = "document has no date: events undated, use --date"


def internal_error(where: str, exc: Exception) -> InputError:
    """A bug met on one article, reported like a refused input so the batch goes on."""
    import logging

    logging.getLogger("parley.read").debug("unexpected error reading %s", where, exc_info=exc)
    return InputError(where, f"could not be read: internal error ({type(exc).__name__}: {exc})"[:300],
                      hint="please report this with the input", code=INTERNAL_ERROR)


def content_hash(data: bytes | str) -> str:
    """sha256 of the raw article content (bytes as read, or the text field's UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def build_document(text: str, *, doc_id: str, input_name: str, raw_hash: str,
                   hints: Hints | None = None, ref_date: dt.date | None = None) -> Document:
    """Clean ``text`` and fill every Document field; raises InputError when no text is left."""
    hints = hints or Hints()
    units = clean.make_units(clean.split_units(text))
    if not units:
        raise InputError(input_name, "no text (empty or only whitespace)", code="E102")
    found = _Found()
    _peel_stamps(units, found)
    _join_lone_datelines(units)
    _collapse_doubles(units, found)
    _mark_metadata_lines(units, found)
    clean.classify(units)
    leads.mark_repeated_leads(units)
    _pick_title(units, found, hints.title)
    clean.resolve_context(units)
    for i in clean.find_repeats(units):
        units[i].label = "repeat"
    kept = [u.text for u in units if u.label in ("good", "short")]
    if not kept:
        raise InputError(input_name, "no article text left after removing boilerplate", code="E110")
    found.removed.extend((i, u.text) for i, u in enumerate(units) if u.label in ("bad", "meta", "repeat"))
    body = "\n\n".join(kept)
    doc = Document(id=doc_id, text=body, title=hints.title or found.title, url=hints.url,
                   author=hints.author or found.author, input=input_name, content_hash=raw_hash,
                   removed=[t for _, t in sorted(found.removed, key=lambda p: p[0])])
    _fill_dates_and_outlet(doc, kept, found, hints, ref_date)
    doc.language = detect_language(body)
    return doc


def _peel_stamps(units: list[clean.Unit], found: _Found) -> None:
    """Stamps glued in front of a head line ("date 2021-07-09 Russian Foreign Minister ...")
    leave the text and date the article; a line that is only a stamp is left to the metadata
    lines below."""
    for i, unit in enumerate(units[:HEAD_UNITS]):
        if stamps.metadata_line(unit.text) is not None:
            continue  # "Posted on 05.08.2021 | 11:32 | Views: 1 284" is one metadata line
        stamp = stamps.peel_stamp(unit.text)
        while stamp is not None and stamp.rest:
            _note_date(found, stamp.date, stamp.updated)
            found.removed.append((i, stamp.text))
            unit.text = stamp.rest
            stamp = stamps.peel_stamp(unit.text)
        unit.words = clean.WORD.findall(unit.text)


def _join_lone_datelines(units: list[clean.Unit]) -> None:
    """A dateline alone on its line ("MOSCOW, October 20. /TASS/.") opens the paragraph after it."""
    for i in range(min(len(units), HEAD_UNITS) - 1):
        unit, nxt = units[i], units[i + 1]
        if nxt.text and len(unit.text) <= 80 and metadata.lone_dateline(unit.text):
            nxt.text = f"{unit.text} {nxt.text}"
            nxt.words = clean.WORD.findall(nxt.text)
            unit.text, unit.words = "", []
    units[:] = [u for u in units if u.text]


def _note_date(found: _Found, when: dt.date, updated: bool) -> None:
    if updated:
        found.updated_date = found.updated_date or when
    else:
        found.line_date = found.line_date or when


def _collapse_doubles(units: list[clean.Unit], found: _Found) -> None:
    for i, unit in enumerate(units):
        kept, dropped = clean.collapse_doubled(unit.text)
        if dropped is not None:
            unit.text = kept
            unit.words = clean.WORD.findall(kept)
            found.removed.append((i, dropped))


def _mark_metadata_lines(units: list[clean.Unit], found: _Found) -> None:
    """Date lines, bylines and credit lines near the edges become metadata, not body."""
    n = len(units)
    for i, unit in enumerate(units):
        if HEAD_UNITS <= i < n - TAIL_UNITS or len(unit.text) > 120:
            continue
        meta = stamps.metadata_line(unit.text)
        if meta is not None:
            if meta.date is not None:
                _note_date(found, meta.date, meta.updated)
            found.author = found.author or meta.author
            found.byline_outlet = found.byline_outlet or meta.outlet
            unit.label = "meta"
            continue
        by = metadata.byline(unit.text)
        if by is not None:
            found.author = found.author or by[0]
            found.byline_outlet = found.byline_outlet or by[1]
            unit.label = "meta"
            continue
        outlet = metadata.credit_outlet(unit.text)
        if outlet is not None:
            found.credit_outlet = found.credit_outlet or outlet
            unit.label = "meta"


def _pick_title(units: list[clean.Unit], found: _Found, hinted: str | None) -> None:
    """The headline: the container's title, else the first headline-like line above the prose."""
    if hinted:
        key = _key(hinted)
        for unit in units:
            if unit.label != "meta" and _key(unit.text) == key:
                unit.label = "title"
                break  # later copies of the title are dropped as repeats
        return
    first_good = next((i for i, u in enumerate(units) if u.label == "good"), None)
    if first_good is None:
        return
    candidates = [u for u in units[:first_good]
                  if u.label == "short" and metadata.title_like(u.text) and u.score < 2]
    if not candidates:
        return
    best = next((u for u in candidates if len(u.words) >= 4 and u.score < 1.5), candidates[0])
    best.label = "title"
    title = TITLE_LABEL.sub("", best.text) or best.text
    parts = [p.strip() for p in title.split(" | ") if p.strip()]
    if len(parts) > 1 and len(parts[0]) == max(len(p) for p in parts):
        # "Headline | Section | Site", as scraped from a page title: the site names the outlet
        title = parts[0]
        if len(parts[-1].split()) <= 4:
            found.credit_outlet = found.credit_outlet or parts[-1]
    found.title = title


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _fill_dates_and_outlet(doc: Document, kept: list[str], found: _Found, hints: Hints,
                           ref_date: dt.date | None) -> None:
    """Publication date, dateline and outlet, in order of trust (see docs/READING.md)."""
    info = _first_dateline(kept)
    evidence = pubdate.Evidence(metadata=hints.date, page=found.line_date, updated=found.updated_date,
                                crawl=hints.reference, reference=ref_date, url=hints.url)
    decision = pubdate.decide(evidence, info.date if info else None, doc.text)
    if info:
        doc.dateline = Dateline(place=info.place, date=decision.dateline, outlet=info.outlet)
    doc.date = decision.date.isoformat() if decision.date else None
    doc.date_source = decision.source
    doc.outlet = (hints.outlet or (info.outlet if info else None) or found.byline_outlet
                  or found.credit_outlet)


def _first_dateline(kept: list[str]) -> metadata.DatelineInfo | None:
    """The dateline opening the lead: in the first prose paragraph or a line above it (after a
    stamp, a headline or a photo caption), never further down the article."""
    for paragraph in kept[:6]:
        info = metadata.find_dateline(paragraph)
        if info:
            return info
        if len(paragraph.split()) >= 8 and paragraph.endswith(clean.FINAL_PUNCT):
            return None
    return None


def url_id(url: str) -> str:
    """A stable, readable document id for an article known by its URL (WARC, RSS).

    >>> url_id("https://news.example.org/world/2021/talks-in-doha?ref=rss")
    'news-example-org-world-2021-talks-in-doha-...'
    """
    readable = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("?")[0].split("#")[0]
    slug = re.sub(r"[^a-z0-9]+", "-", readable).strip("-")[:60].rstrip("-")
    return f"{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}" if slug else \
        hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
