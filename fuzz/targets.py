"""The fuzz targets: one function per entry point, each taking raw bytes.

A target returns normally for any input the entry point handles — including inputs it
refuses with a documented error (``parley.errors.ParleyError`` subclasses). Anything else is a
crash: an undocumented exception propagates, and a reader that reports an internal error
(code E199, a bug caught to keep the batch going) raises :class:`InternalError`.

Atheris (``fuzz/fuzz_<name>.py``) and hypothesis (``tests/fuzz``) both drive these functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from parley.errors import InputError, ParleyError

READER_SUFFIXES = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "warc": ".warc", "rss": ".rss"}
MAX_BYTES = 200_000  # small enough that the size limit itself is reachable by a fuzzer


class InternalError(AssertionError):
    """A reader reported an internal error (E199): a bug it caught so the batch could go on."""


@functools.lru_cache(maxsize=1)
def _workdir() -> str:
    # /dev/shm when present: one small file per execution, kept off the disk
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    return tempfile.mkdtemp(prefix="parley-fuzz-", dir=base)


def _split(data: bytes) -> tuple[int, bytes]:
    """A control byte (options) and the rest (the input proper)."""
    return (data[0], data[1:]) if data else (0, b"")


def _reference_date(control: int) -> dt.date | None:
    """No reference date, or one of a spread of dates (leap days and year ends included)."""
    if control % 4 == 0:
        return None
    return dt.date(1999, 12, 31) + dt.timedelta(days=(control * 613) % 12000)


def read_format(fmt: str, data: bytes) -> int:
    """Read ``data`` as a file of format ``fmt`` (by extension) through ``read_inputs``."""
    from parley.read import read_inputs
    from parley.records import Document

    control, body = _split(data)
    suffix = READER_SUFFIXES[fmt] + (".gz" if fmt in ("jsonl", "warc") and control & 0x80 else "")
    path = Path(_workdir()) / f"in{suffix}"
    path.write_bytes(body)
    count = 0
    for item in read_inputs([str(path)], date=_reference_date(control), max_bytes=MAX_BYTES):
        if isinstance(item, InputError):
            if item.code == "E199":
                raise InternalError(str(item))
            continue
        assert isinstance(item, Document), type(item)
        _check_document(item)
        count += 1
    return count


def _check_document(doc: object) -> None:
    """A Document the reader yields must hold to the contract (it round-trips)."""
    from parley.records import Document

    assert isinstance(doc, Document)
    assert doc.text.strip(), "a document with no text"
    again = Document.from_dict(doc.to_dict())
    assert again == doc, "document does not round-trip through its dict"


def fuzz_dates(data: bytes) -> None:
    """The dateline and date parsers of the reader and of the NLP stage."""
    from parley.nlp import dates
    from parley.read import metadata

    control, body = _split(data)
    text = body.decode("utf-8", "replace")
    ref = _reference_date(control)
    pub = ref.isoformat() if ref else (text[:10] if control & 2 else None)
    tense = (None, "past", "present", "future")[control % 4]
    metadata.find_dateline(text)
    metadata.date_line(text)
    metadata.find_full_date(text)
    metadata.parse_partial(text)
    metadata.parse_iso(text)
    metadata.byline(text)
    metadata.credit_outlet(text)
    _fuzz_page_dates(text, ref)
    dates.parse_pub_date(text)
    for match in dates.find_dates(text, pub, tense, include_vague=bool(control & 1)):
        assert 0 <= match.start <= match.end <= len(text)
        if match.value is not None:
            _check_iso(match.value)
    value = dates.resolve_date_expression(text, pub, tense, allow_partial=bool(control & 8))
    if value is not None:
        _check_iso(value)


def _fuzz_page_dates(text: str, ref: dt.date | None) -> None:
    """Stamps, metadata lines and the publication-date decision of the reader."""
    from parley.read import metadata, pubdate, stamps

    stamp = stamps.peel_stamp(text)
    if stamp is not None:
        assert text.startswith(stamp.text) and text.endswith(stamp.rest), (text, stamp)
    stamps.metadata_line(text)
    pubdate.url_date(text)
    info = metadata.find_dateline(text)
    decision = pubdate.decide(pubdate.Evidence(crawl=ref, url=text[:200]), info.date if info else None, text)
    if decision.dateline is not None:
        _check_iso(decision.dateline)
    assert (decision.date is None) == (decision.source is None), decision


def _check_iso(value: str) -> None:
    """An ISO date of full or reduced precision that names a real day/month/year."""
    if value.startswith("--"):  # ISO 8601 month-day without a year: "--07-16"
        dt.date.fromisoformat("2000" + value[1:])
        return
    parts = value.split("-")
    assert 1 <= len(parts) <= 3 and len(parts[0]) == 4, value
    if len(parts) == 3:
        dt.date.fromisoformat(value)
    elif len(parts) == 2:
        assert 1 <= int(parts[1]) <= 12, value


@functools.lru_cache(maxsize=1)
def _builtin_kb_files() -> list:
    from parley.actors.kb import builtin_files, load_files

    return load_files(builtin_files(), strict=False)


def fuzz_actor_file(data: bytes) -> None:
    """A user's actors file: YAML parsing, schema validation and references to built-in data."""
    from parley.actors.schema import check_references, load_file
    from parley.errors import KnowledgeBaseError

    text = data.decode("utf-8", "replace")
    name = "user-actors.yaml"
    try:
        kb_file = load_file(name, text=text)
        check_references(_builtin_kb_files() + [kb_file], only={name})
    except KnowledgeBaseError as exc:
        assert exc.message.strip(), "a knowledge-base error with no message"


def fuzz_event_record(data: bytes) -> None:
    """One event record line (JSONL of `parley code`): parse, and round-trip what parses."""
    from parley.errors import RecordError
    from parley.records import EventRecord

    text = data.decode("utf-8", "replace")
    try:
        event = EventRecord.from_json(text)
    except RecordError:
        return
    assert EventRecord.from_json(event.to_json()) == event, "event does not round-trip"


TARGETS: dict[str, Callable[[bytes], object]] = {
    "txt": functools.partial(read_format, "txt"),
    "html": functools.partial(read_format, "html"),
    "jsonl": functools.partial(read_format, "jsonl"),
    "warc": functools.partial(read_format, "warc"),
    "rss": functools.partial(read_format, "rss"),
    "dates": fuzz_dates,
    "actor_file": fuzz_actor_file,
    "event_record": fuzz_event_record,
}


def run_one(name: str, data: bytes) -> None:
    """Run target ``name`` on ``data``; documented refusals (ParleyError) are not crashes."""
    try:
        TARGETS[name](data)
    except InternalError:
        raise
    except ParleyError:
        pass
