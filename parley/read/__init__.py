"""The reader stage: files, folders, globs and stdin in; cleaned Document records out.

>>> from parley.read import read_text
>>> read_text("MOSCOW, July 16. /TASS/. Talks began on Friday.", id="a", date="2021-07-20").date
'2021-07-16'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from parley.errors import InputError
from parley.read.document import INTERNAL_ERROR, NO_DATE, internal_error
from parley.read.formats import (
    DEFAULT_MAX_BYTES,
    check_gzip,
    format_of,
    parse_reference_date,
    parse_size,
    sniff_format,
)
from parley.read.inputs import Source, expand_inputs, open_with_head, read_limited
from parley.read.txt import read_text
from parley.records import Document

__all__ = ["DEFAULT_MAX_BYTES", "INTERNAL_ERROR", "NO_DATE", "read_inputs", "read_source", "read_text", "parse_size"]


def read_inputs(inputs: Iterable[str], *, date: str | dt.date | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                stdin: BinaryIO | None = None) -> Iterator[Document | InputError]:
    """One Document per article and one InputError (yielded, not raised) per refused input.

    ``date`` (YYYY-MM-DD) is the reference date where the text has none; ``max_bytes`` caps
    one article (whole files for .txt/.html/feeds, one line or record for JSONL and WARC).
    Order is deterministic: inputs as given, folders and globs sorted by path.
    """
    ref_date = parse_reference_date(date)
    for source in expand_inputs(inputs, stdin=stdin):
        if isinstance(source, InputError):
            yield source
        else:
            yield from read_source(source, ref_date=ref_date, max_bytes=max_bytes)


def read_source(source: Source, *, ref_date: dt.date | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """Everything one file (or stdin) holds; never raises for a bad input."""
    try:
        yield from _dispatch(source, ref_date, max_bytes)
    except InputError as exc:
        yield exc
    except PermissionError:
        yield InputError(source.name, "permission denied", code="E101")
    except IsADirectoryError:
        yield InputError(source.name, "is a directory", code="E101")
    except OSError as exc:
        yield InputError(source.name, f"cannot be read ({exc.strerror or exc})", code="E101")
    except RecursionError:
        yield InputError(source.name, "too deeply nested to read", code="E106")
    except Exception as exc:  # a bug must not end a batch of thousands: report it, go on
        yield internal_error(source.name, exc)


def _dispatch(source: Source, ref_date: dt.date | None, max_bytes: int) -> Iterator[Document | InputError]:
    head, stream = open_with_head(source)
    try:
        kind = _check_head(source, head, max_bytes)
        gzipped = head.startswith(b"\x1f\x8b")
        yield from _read_kind(kind, source, stream, ref_date, max_bytes, gzipped)
    finally:
        if stream is not source.stream:
            stream.close()


def _check_head(source: Source, head: bytes, max_bytes: int) -> str:
    """The reader for this input, or an InputError saying why it cannot be read."""
    from parley.read.decode import sniff_binary
    from parley.read.formats import gunzip_head
    from parley.read.inputs import too_large

    if not head:
        raise InputError(source.name, "empty file", code="E102")
    kind = (format_of(source.name) if source.path is not None else None) or sniff_format(head)
    size = source.size()
    if kind in ("txt", "html", "feed") and size is not None and size > max_bytes:
        raise too_large(source.name, size, max_bytes)  # refused unread, whatever it holds
    if source.name.lower().endswith(".gz"):
        check_gzip(source.name, head)
    if kind == "warc":
        inner = gunzip_head(head) if head.startswith(b"\x1f\x8b") else head
        if not inner.startswith(b"WARC/"):
            raise InputError(source.name, "not a WARC file (no WARC/1.x record header)", code="E108")
    elif kind == "binary":
        raise InputError(source.name, "gzip-compressed file of unknown content", code="E103")
    else:
        reason = sniff_binary(head, allow_gzip=kind == "jsonl")
        if reason:
            raise InputError(source.name, reason, code="E103")
    return kind


def _read_kind(kind: str, source: Source, stream: BinaryIO, ref_date: dt.date | None, max_bytes: int,
               gzipped: bool) -> Iterator[Document | InputError]:
    name, stem = source.name, source.stem
    if kind == "jsonl":
        from parley.read.jsonl import read_jsonl

        yield from read_jsonl(name, stem, stream, max_bytes=max_bytes, ref_date=ref_date, gzipped=gzipped)
        return
    if kind == "warc":
        from parley.read.warc import read_warc

        yield from read_warc(name, stem, stream, max_bytes=max_bytes, ref_date=ref_date)
        return
    data = read_limited(stream, name, max_bytes, source.size())
    if kind == "html":
        from parley.read.html import read_html

        yield from read_html(name, stem, data, ref_date)
    elif kind == "feed":
        from parley.read.rss import read_feed

        yield from read_feed(name, stem, data, ref_date)
    else:
        from parley.read.txt import read_txt

        yield from read_txt(name, stem, data, ref_date)
