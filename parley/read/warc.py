"""Web archives (.warc, .warc.gz): every HTML or text response is one article, streamed.

Requests, metadata, redirects, error pages and non-text payloads (images, scripts) are not
articles and are skipped quietly (logged with --verbose). A record above ``max_bytes`` is
refused without being read into memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from parley.errors import InputError
from parley.read.document import Hints, build_document, content_hash, internal_error, url_id
from parley.read.html import extract_html
from parley.read.inputs import too_large
from parley.read.metadata import parse_iso
from parley.records import Document

log = logging.getLogger("parley.read")

ARTICLE_RECORDS = ("response", "resource", "conversion")


def read_warc(name: str, stem: str, stream: BinaryIO, *, max_bytes: int,
              ref_date: date | None) -> Iterator[Document | InputError]:
    """Documents and per-record errors of a WARC stream (gzip or not)."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    articles = 0
    try:
        for n, record in enumerate(ArchiveIterator(stream), 1):
            where = f"{name}#{n}"
            kind = _article_kind(record, where)
            if kind is None:
                continue
            articles += 1
            try:
                yield _read_record(record, kind, where, f"{stem}-{n}", max_bytes, ref_date)
            except InputError as exc:
                yield exc
            except Exception as exc:  # a bug on one article must not end the file
                yield internal_error(where, exc)
    except Exception as exc:  # warcio raises many types on damaged archives; all mean "corrupt"
        reason = "not a WARC file" if n == 0 else f"corrupt or truncated after record {n}"
        yield InputError(name, f"{reason} ({type(exc).__name__}: {exc})"[:300], code="E108")
        return
    if articles == 0:
        yield InputError(name, "WARC file has no HTML or text responses", code="E108")


def _article_kind(record: Any, where: str) -> str | None:
    """'html' or 'txt' for records that hold an article, None for everything else."""
    if record.rec_type not in ARTICLE_RECORDS:
        return None
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            log.info("%s: skipped HTTP %s response", where, status)
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    ctype = ctype.lower()
    if "html" in ctype:
        return "html"
    if ctype.startswith("text/plain"):
        return "txt"
    log.info("%s: skipped %s record", where, ctype or "untyped")
    return None


def _http_charset(record: Any) -> str | None:
    """The charset of an HTTP Content-Type header ("text/html; charset=windows-1251")."""
    headers = record.http_headers
    ctype = (headers.get_header("Content-Type") if headers is not None else None) or ""
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"\'')
    return None


def _read_record(record: Any, kind: str, where: str, fallback_id: str, max_bytes: int,
                 ref_date: date | None) -> Document:
    length = record.length or 0
    if length > max_bytes:
        raise too_large(where, length, max_bytes)
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(where, None, max_bytes)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    crawled = parse_iso(record.rec_headers.get_header("WARC-Date"))
    doc_id = url_id(url) if url else fallback_id
    from parley.read.decode import decode_bytes
    from parley.read.html import decode_page

    text = decode_page(data, where, _http_charset(record)) if kind == "html" else decode_bytes(data, where)
    hints = Hints(url=url, reference=crawled)
    if kind == "html":
        extracted = extract_html(text, url=url)
        if extracted is None:
            raise InputError(where, "HTML has no readable text (broken or empty page)", code="E106")
        text, page = extracted
        hints = Hints(title=page.title, date=page.date, outlet=page.outlet, author=page.author,
                      url=url, reference=crawled)
    return build_document(text, doc_id=doc_id, input_name=where, raw_hash=content_hash(data),
                          hints=hints, ref_date=ref_date)
