"""What the user named: files, folders (walked recursively, sorted), globs and ``-`` for stdin.

Every source is opened as a binary stream and read lazily, so a huge JSONL or WARC file is
streamed record by record, and single-article files are refused above ``max_bytes`` from
their size alone, before anything is read.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from parley.errors import InputError
from parley.read.formats import KNOWN_SUFFIXES, format_of

log = logging.getLogger("parley.read")

HEAD_BYTES = 65536
GLOB_CHARS = set("*?[")


@dataclass(slots=True)
class Source:
    """One file (or stdin) to read; ``name`` is how messages and records refer to it."""

    name: str
    path: str | None = None  # None for standard input
    stream: BinaryIO | None = None  # stdin, already wrapped

    @property
    def stem(self) -> str:
        """The document id of a one-article file: its name without extension(s)."""
        if self.path is None:
            return "stdin"
        base = os.path.basename(self.path)
        lower = base.lower()
        for suffix in sorted(KNOWN_SUFFIXES, key=len, reverse=True):
            if lower.endswith(suffix) and len(base) > len(suffix):
                return base[: -len(suffix)]
        stem, _ext = os.path.splitext(base)
        return stem or base

    def size(self) -> int | None:
        return os.path.getsize(self.path) if self.path is not None else None

    def open(self) -> BinaryIO:
        if self.stream is not None:
            return self.stream
        assert self.path is not None
        return open(self.path, "rb")


def expand_inputs(inputs: Iterable[str], *, stdin: BinaryIO | None = None) -> Iterator[Source | InputError]:
    """Sources in a deterministic order: as given, folders and globs sorted by path.

    >>> [s.name for s in expand_inputs(["no/such/file.txt"])]
    ['no/such/file.txt']
    """
    for item in inputs:
        if item == "-":
            yield Source(name="-", stream=stdin or sys.stdin.buffer)
        elif os.path.isdir(item):
            yield from _walk(item)
        elif os.path.exists(item):
            yield Source(name=item, path=item)
        elif GLOB_CHARS & set(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield InputError(item, "no files match this pattern", code="E101")
            for match in matches:
                yield from (_walk(match) if os.path.isdir(match) else [Source(name=match, path=match)])
        else:
            yield InputError(item, "no such file or directory", code="E101")


def _walk(folder: str) -> Iterator[Source]:
    """Every readable file under ``folder``; hidden files and unknown extensions are skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if format_of(name) is None and not name.lower().endswith(".pdf"):
                log.info("%s: skipped (not a format parley reads)", path)
                continue
            found.append(path)
    for path in sorted(found):
        yield Source(name=path, path=path)


class _PrefixedStream(io.RawIOBase):
    """A non-seekable stream with its first bytes already read (stdin after sniffing)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        read1 = getattr(self._rest, "read1", self._rest.read)
        data = read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_with_head(source: Source) -> tuple[bytes, BinaryIO]:
    """The first bytes (to detect the format) and a stream that still starts at byte 0."""
    stream = source.open()
    head = stream.read(HEAD_BYTES)
    if stream.seekable():
        stream.seek(0)
        return head, stream
    return head, io.BufferedReader(_PrefixedStream(head, stream), buffer_size=HEAD_BYTES)  # type: ignore[type-var]


def read_limited(stream: BinaryIO, name: str, max_bytes: int, size: int | None) -> bytes:
    """The whole content of a one-article input, refused above ``max_bytes`` without reading it."""
    if size is not None and size > max_bytes:
        raise too_large(name, size, max_bytes)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(name, None, max_bytes)
    return data


def too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"is {_mb(size)}, above" if size is not None else "is larger than"
    return InputError(name, f"input {what} the limit of {_mb(max_bytes)} for one article",
                      hint="raise --max-bytes, or split it into one file per article or a .jsonl",
                      code="E105")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n} bytes"


def estimate_documents(inputs: Iterable[str]) -> int | None:
    """About how many documents ``inputs`` will give, for a progress bar's ETA; None for stdin.

    Counts lines of JSONL, items of feeds and response records of WARC files (decompressing
    .gz on the way), so it costs one fast pass over those files; call it only for a visible bar.
    """
    total = 0
    for source in expand_inputs(inputs):
        if isinstance(source, InputError):
            continue
        if source.path is None:
            return None
        kind = format_of(source.path)
        gz = source.path.lower().endswith(".gz")
        if kind == "jsonl":
            total += _count_in(source.path, (b"\n",), gz)
        elif kind == "warc":
            total += _count_in(source.path, (b"WARC-Type: response", b"WARC-Type: resource"), gz)
        elif kind == "feed":
            total += _count_in(source.path, (b"<item", b"<entry"), False)
        else:
            total += 1
    return total


def _count_in(path: str, needles: tuple[bytes, ...], gz: bool) -> int:
    """Occurrences of ``needles`` in a file, read in chunks (a needle cut by a chunk edge is
    missed: this is an estimate)."""
    import gzip

    count = 0
    try:
        with (gzip.open(path, "rb") if gz else open(path, "rb")) as fh:
            while chunk := fh.read(1 << 20):
                count += sum(chunk.count(n) for n in needles)
    except (OSError, EOFError):
        pass
    return count
