"""JSONL feeds (.jsonl, .jsonl.gz): one article per line, streamed line by line.

A line: ``{"id", "text" or "html", "date"?, "url"?, "outlet"?, "title"?, "author"?}``.
A bad line is reported with its line number and the file goes on; memory holds one line.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from parley.errors import InputError
from parley.read.document import Hints, build_document, content_hash, internal_error
from parley.read.html import extract_html
from parley.read.metadata import parse_iso
from parley.records import Document

_SKIP_CHUNK = 1 << 20


def iter_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; ``None`` for a line longer than ``max_bytes`` (skipped
    in bounded chunks, never held whole)."""
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                rest = stream.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def read_jsonl(name: str, stem: str, stream: BinaryIO, *, max_bytes: int,
               ref_date: date | None, gzipped: bool) -> Iterator[Document | InputError]:
    """Documents and per-line errors of a JSONL stream."""
    if gzipped:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    lineno = 0
    try:
        for lineno, raw in iter_lines(stream, max_bytes):
            where = f"{name}:{lineno}"
            if raw is None:
                yield InputError(where, f"line is longer than the limit of {max_bytes} bytes",
                                 hint="raise --max-bytes", code="E105")
                continue
            if not raw.strip():
                continue
            try:
                yield _read_line(raw, where, f"{stem}-{lineno}", ref_date)
            except InputError as exc:
                yield exc
            except Exception as exc:  # a bug on one article must not end the file
                yield internal_error(where, exc)
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(name, f"corrupt or truncated compressed data after line {lineno} ({exc})", code="E107")


def _read_line(raw: bytes, where: str, fallback_id: str, ref_date: date | None) -> Document:
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError:
        raise InputError(where, "line is not valid UTF-8", code="E107") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(where, f"line is not JSON ({getattr(exc, 'msg', 'too deeply nested')})",
                         code="E107") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"line is a JSON {type(obj).__name__}, not an object", code="E107")
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(where, "line has no 'text' or 'html' field with content", code="E107")
    doc_id = obj.get("id")
    doc_id = str(doc_id) if isinstance(doc_id, str | int) and str(doc_id).strip() else fallback_id
    hints = Hints(title=_str(obj, "title"), date=parse_iso(obj.get("date")), outlet=_str(obj, "outlet"),
                  author=_str(obj, "author"), url=_str(obj, "url"))
    if isinstance(text, str) and text.strip():
        return build_document(text, doc_id=doc_id, input_name=where, raw_hash=content_hash(text),
                              hints=hints, ref_date=ref_date)
    assert isinstance(html, str)
    extracted = extract_html(html, url=hints.url)
    if extracted is None:
        raise InputError(where, "the 'html' field has no readable text", code="E106")
    page_text, page_hints = extracted
    merged = Hints(title=hints.title or page_hints.title, date=hints.date or page_hints.date,
                   outlet=hints.outlet or page_hints.outlet, author=hints.author or page_hints.author,
                   url=hints.url or page_hints.url)
    return build_document(page_text, doc_id=doc_id, input_name=where, raw_hash=content_hash(html),
                          hints=merged, ref_date=ref_date)


def _str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value.strip() or None if isinstance(value, str) else None
