"""Plain-text articles (.txt): decode, clean, find metadata."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parley.read.decode import decode_bytes
from parley.read.document import build_document, content_hash
from parley.records import Document


def read_txt(name: str, stem: str, data: bytes, ref_date: date | None) -> Iterator[Document]:
    """One Document from the bytes of a text file."""
    text = decode_bytes(data, name)
    yield build_document(text, doc_id=stem, input_name=name, raw_hash=content_hash(data), ref_date=ref_date)


def read_text(text: str, *, id: str, date: date | str | None = None, title: str | None = None,
              outlet: str | None = None, url: str | None = None, input: str | None = None) -> Document:
    """A Document from in-memory text (tests, the API); raises InputError when no text is left.

    >>> read_text("KABUL (Reuters) - The Taliban met envoys on Monday.", id="a").outlet
    'Reuters'
    """
    from parley.read.document import Hints
    from parley.read.formats import parse_reference_date

    hints = Hints(title=title, outlet=outlet, url=url)
    return build_document(text, doc_id=id, input_name=input or id, raw_hash=content_hash(text),
                          hints=hints, ref_date=parse_reference_date(date))
