"""Which reader an input needs: by file extension, else by its first bytes."""

from __future__ import annotations

import re
import zlib
from datetime import date

from parley.errors import InputError, UsageError

# Longest suffix first when matching: ".jsonl.gz" before ".gz".
SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".warc": "warc", ".warc.gz": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
KNOWN_SUFFIXES = tuple(SUFFIX_FORMATS)

DEFAULT_MAX_BYTES = 20_000_000  # one article above 20 MB is a mistake, not news
_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|div|p)[\s>]", re.I)


def format_of(name: str) -> str | None:
    """The reader for a file name, from its extension; None when the extension says nothing.

    >>> format_of("feed.warc.gz"), format_of("a.TXT"), format_of("notes.md")
    ('warc', 'txt', None)
    """
    lower = name.lower()
    for suffix in sorted(SUFFIX_FORMATS, key=len, reverse=True):
        if lower.endswith(suffix):
            return SUFFIX_FORMATS[suffix]
    return None


def sniff_format(head: bytes) -> str:
    """The reader for content of unknown kind (stdin, files without a known extension).

    >>> sniff_format(b'{"id": "a", "text": "..."}'), sniff_format(b"<!DOCTYPE html><html>")
    ('jsonl', 'html')
    """
    if head.startswith(b"\x1f\x8b"):
        inner = gunzip_head(head)
        if inner.startswith(b"WARC/"):
            return "warc"
        if inner.lstrip().startswith(b"{"):
            return "jsonl"
        return "binary"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"WARC/"):
        return "warc"
    if body.startswith(b"{"):
        return "jsonl"
    start = body[:2048]
    if _FEED.search(start):
        return "feed"
    if body.startswith(b"<") and _HTML.search(start):
        return "html"
    return "txt"


def gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def check_gzip(name: str, head: bytes) -> None:
    """Refuse a file named .gz that is not gzip, with a line that says so."""
    if not head.startswith(b"\x1f\x8b"):
        raise InputError(name, "named .gz but is not gzip-compressed", code="E103")


def parse_reference_date(value: str | date | None) -> date | None:
    """``--date`` as a date; a usage error (exit 2) when it is not YYYY-MM-DD.

    >>> parse_reference_date("2021-08-18")
    datetime.date(2021, 8, 18)
    """
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, got {value!r}") from None


def parse_size(value: str | int) -> int:
    """``--max-bytes`` as bytes: ``5000000``, ``20MB``, ``512k``, ``1G``.

    >>> parse_size("20MB"), parse_size("512k")
    (20000000, 512000)
    """
    if isinstance(value, int):
        size = value
    else:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", value, re.I)
        if not m:
            raise UsageError(f"--max-bytes must be a number of bytes such as 20000000 or 20MB, got {value!r}")
        size = int(float(m[1]) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m[2].lower()])
    if size <= 0:
        raise UsageError("--max-bytes must be positive")
    return size

