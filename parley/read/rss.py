"""RSS and Atom files (feedparser): every item with full text or a summary is one article."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from parley.errors import InputError
from parley.read.document import Hints, build_document, content_hash, internal_error, url_id
from parley.read.html import html_to_text
from parley.records import Document


def read_feed(name: str, stem: str, data: bytes, ref_date: date | None) -> Iterator[Document | InputError]:
    """Documents (and per-item errors) of the bytes of an RSS or Atom file."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise InputError(name, f"not a readable RSS/Atom feed ({problem})"[:300], code="E109")
        raise InputError(name, "feed has no items", code="E109")
    outlet = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(entries, 1):
        where = f"{name}#{n}"
        try:
            yield _read_entry(entry, where, f"{stem}-{n}", outlet, ref_date)
        except InputError as exc:
            yield exc
        except Exception as exc:  # a bug on one article must not end the file
            yield internal_error(where, exc)


def _read_entry(entry: Any, where: str, fallback_id: str, outlet: str | None,
                ref_date: date | None) -> Document:
    raw, is_html = _entry_content(entry)
    if not raw.strip():
        raise InputError(where, "feed item has no text or summary", code="E109")
    text = html_to_text(raw) if is_html else raw
    url = entry.get("link") or None
    key = entry.get("id") or url
    hints = Hints(title=(entry.get("title") or "").strip() or None, date=_entry_date(entry),
                  outlet=outlet, author=entry.get("author") or None, url=url)
    return build_document(text, doc_id=url_id(key) if key else fallback_id, input_name=where,
                          raw_hash=content_hash(raw), hints=hints, ref_date=ref_date)


def _entry_content(entry: Any) -> tuple[str, bool]:
    """The fullest text an item has: content:encoded / atom content, else the summary."""
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if value.strip():
            return value, "html" in (part.get("type") or "html")
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    return summary, "html" in (detail.get("type") or "html")


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None
