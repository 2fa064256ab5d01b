"""Property tests: random bytes and random HTML never crash a reader; cleaning is stable."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parley.errors import InputError
from parley.read import INTERNAL_ERROR, read_inputs, read_text
from parley.read.inputs import Source
from parley.records import Document

SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".rss", ".atom", ".xml", ""]
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read_bytes(tmp_path, suffix: str, data: bytes) -> list[Document | InputError]:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    return list(read_inputs([str(path)]))


def _check(items: list[Document | InputError]) -> None:
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, Document):
            assert item.text.strip()
            Document.from_dict(item.to_dict())
        else:
            assert item.reason and item.input_name
            assert item.code != INTERNAL_ERROR, str(item)  # a crash caught by the safety net


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_any_reader(tmp_path, data, suffix):
    _check(_read_bytes(tmp_path, suffix, data))


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([
    b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b'{"id": "x", "text": "', b"<?xml version='1.0'?><rss><channel><item>",
    b"<html><body><p>", b"%PDF-", b"\xef\xbb\xbf",
]), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_behind_real_magic_numbers(tmp_path, data, prefix, suffix):
    _check(_read_bytes(tmp_path, suffix, prefix + data))


TAGS = ["p", "div", "span", "article", "nav", "h1", "script", "style", "li", "ul", "a", "br", "table", "td"]
html_pieces = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x0;", "&bogus;", "<", ">", "\"", "'",
                     "<meta property='og:title' content='x'>", "<title>", "</title>", "<html>", "<body>"]),
    st.text(max_size=80),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(html_pieces, max_size=60), suffix=st.sampled_from([".html", ".htm", ".rss", ".txt"]))
@example(pieces=["<html>"], suffix=".html")  # lxml once asserted "too many bodies" on this
def test_random_html_never_crashes(tmp_path, pieces, suffix):
    _check(_read_bytes(tmp_path, suffix, "".join(pieces).encode("utf-8", "surrogatepass")))


@PROPERTY_SETTINGS
@given(pieces=st.lists(html_pieces, max_size=40))
@example(pieces=["<p>", "\x00\x1f control \x0b"])  # lxml refused to set such text
def test_random_html_inside_jsonl_and_stdin(tmp_path, pieces):
    import json

    html = "".join(pieces)
    line = json.dumps({"id": "h", "html": html}) + "\n"
    _check(_read_bytes(tmp_path, ".jsonl", line.encode("utf-8", "surrogatepass")))
    stdin = io.BytesIO(html.encode("utf-8", "surrogatepass"))
    _check(list(read_inputs(["-"], stdin=stdin)))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=1500))
def test_read_text_returns_a_document_or_refuses(text):
    try:
        doc = read_text(text, id="t")
    except InputError:
        return
    assert doc.text.strip()
    assert doc.language is None or len(doc.language) == 2 or len(doc.language) == 3


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(st.text(alphabet=st.characters(categories=["L", "Zs"]), min_size=60, max_size=200)
                           .map(lambda s: s.strip() + "."), min_size=1, max_size=6))
def test_cleaning_twice_changes_nothing(paragraphs):
    """Clean text is a fixed point: reading the output again keeps the same paragraphs."""
    try:
        first = read_text("\n\n".join(paragraphs), id="p")
    except InputError:
        return
    second = read_text(first.text, id="p")
    assert second.text == first.text


def test_source_for_stdin_names_it_dash():
    assert Source(name="-", stream=io.BytesIO(b"x")).stem == "stdin"
