"""HTML pages: trafilatura finds the main text, title, date, author and site name.

The extracted text then goes through the same plain-text cleaning and dateline/outlet
detection as a .txt file, since trafilatura keeps share lines and the like inside articles.
Pages where trafilatura finds no article fall back to all visible text, cleaned; a page with
no visible text at all is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from parley.errors import InputError
from parley.read.decode import decode_bytes
from parley.read.document import Hints, build_document, content_hash
from parley.read.metadata import parse_iso
from parley.records import Document

# XML forbids these; lxml refuses to set text containing them, so they go before parsing.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
              "section", "article", "header", "footer", "figcaption", "pre", "dd", "dt")


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no SIGALRM: we may run in threads
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")  # short wire items are still articles
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
    return config


def extract_html(html: str, *, url: str | None = None) -> tuple[str, Hints] | None:
    """(main text, metadata hints) of a page, or None when it has no visible text.

    >>> extract_html("<html><body><p>Talks resumed in Doha on Monday, officials said.</p></body></html>")[0]
    'Talks resumed in Doha on Monday, officials said.'
    """
    import trafilatura

    html = CONTROL_CHARS.sub("", html)
    result: Any
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, fast=True,
            config=_config(), date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError, AssertionError, RecursionError):
        result = None  # lxml or trafilatura choke on some broken markup; fall back below
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        text = html_to_text(html)
        if not text.strip():
            return None
        result = None
    hints = Hints(url=url)
    if result is not None:
        hints.title = result.title or None
        hints.date = parse_iso(result.date)
        hints.author = result.author or None
        hints.outlet = result.sitename or site_from_title(html, hints.title)
        hints.url = url or result.url or None
    return text, hints


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_TITLE_SEPARATORS = r"\s+[|–—·:-]\s+|\s*[|–—·]\s*"


def site_from_title(page: str, headline: str | None) -> str | None:
    """The site name a page's <title> adds to its headline: "Headline | Site" or "Site — Headline".

    >>> site_from_title("<title>Talks resume | Frontier Review</title>", "Talks resume")
    'Frontier Review'
    """
    import html as html_lib

    m = _TITLE_TAG.search(page[:200_000])
    if not m or not headline:
        return None
    full = " ".join(html_lib.unescape(m[1]).split())
    head = " ".join(headline.split())
    if full.startswith(head):
        rest = re.sub(rf"^(?:{_TITLE_SEPARATORS})", "", full[len(head):], count=1)
        leftover = full[len(head):]
    elif full.endswith(head):
        rest = re.sub(rf"(?:{_TITLE_SEPARATORS})$", "", full[: -len(head)], count=1)
        leftover = full[: -len(head)]
    else:
        return None
    if rest == leftover or not rest.strip() or len(rest.split()) > 6:
        return None  # no separator between them, or too long to be a name
    return rest.strip()


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML page or fragment, one paragraph per block element."""
    import lxml.html
    from lxml import etree

    fragment = CONTROL_CHARS.sub("", fragment)
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError, TypeError, AssertionError):
        return ""  # lxml asserts on some degenerate markup ("<html>" alone): no text
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content())


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def decode_page(data: bytes, name: str, declared: str | None = None) -> str:
    """Text of a page: UTF-8 when it is, else the charset the page (or HTTP) declares, else
    the reader's general decoding (legacy detection or refusal)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError, ValueError):
            # a wrong declaration is common (ValueError: a NUL in the charset name, found by
            # fuzzing): fall through to detection
            pass
    return decode_bytes(data, name)


def read_html(name: str, stem: str, data: bytes, ref_date: Any) -> Iterator[Document]:
    """One Document from the bytes of an HTML page."""
    page = decode_page(data, name)
    extracted = extract_html(page)
    if extracted is None:
        raise InputError(name, "HTML has no readable text (broken or empty page)", code="E106")
    text, hints = extracted
    try:
        doc = build_document(text, doc_id=stem, input_name=name, raw_hash=content_hash(data),
                             hints=hints, ref_date=ref_date)
    except InputError as exc:
        if exc.code not in ("E102", "E110"):
            raise
        raise InputError(name, "HTML has no article text (broken page, or only navigation)", code="E106") from None
    yield doc
