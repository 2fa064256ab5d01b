"""Inputs that once crashed an entry point under fuzzing; each test is named after what it guards."""

from __future__ import annotations

import pytest

from parley.actors.schema import load_file
from parley.errors import KnowledgeBaseError


def test_actor_file_with_a_list_as_a_mapping_key_is_a_located_error() -> None:
    # fuzz/run_all.py --only actor_file: "? - a" made a list the key of a mapping -> TypeError
    text = "?\n\n\n- -\n\n- \n-\n\n- -\n"
    with pytest.raises(KnowledgeBaseError, match=r"user\.yaml:\d+: not valid YAML: a key must be a plain value"):
        load_file("user.yaml", text=text)


@pytest.mark.parametrize("text", [
    "kind: persons\n? [a, b]\n: 1\nentries: []\n",
    "kind: persons\nentries:\n  - ? {id: x}\n    : y\n",
    "? !!set {a, b}\n: 1\n",
])
def test_actor_file_with_unhashable_keys_anywhere_is_a_located_error(text: str) -> None:
    with pytest.raises(KnowledgeBaseError, match=r"user\.yaml:\d+:"):
        load_file("user.yaml", text=text)


def test_page_whose_declared_charset_holds_a_nul_falls_back_to_detection() -> None:
    # fuzz/run_all.py --only warc: "charset=ut\x00f-8" in an HTTP header -> ValueError (E199)
    from parley.read.html import decode_page

    text = decode_page("Talks in Bogotá resumed.".encode("latin-1"), "page.html", "utf\x008")
    assert "Talks in Bogot" in text


def test_warc_response_with_a_nul_in_its_charset_is_read(tmp_path) -> None:
    from parley.read import read_inputs
    from parley.records import Document

    body = "<html><body><p>Envoys met in Bogotá on Tuesday and agreed to meet again.</p></body></html>"
    payload = body.encode("latin-1")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ut\x00f-8\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2021-08-18T10:00:00Z\r\n"
            "WARC-Target-URI: https://news.example.org/a\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    path = tmp_path / "crawl.warc"
    path.write_bytes(head.encode() + http + b"\r\n\r\n")
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Document), items
    assert "Bogot" in items[0].text
