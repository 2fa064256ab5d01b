"""Seed inputs for each fuzz target, written by us (no shared data): a starting corpus that
already reaches the interesting paths (datelines, gzip, WARC records, feed items, YAML entries)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ARTICLE = ("KABUL, Aug. 18 (Reuters) - Envoys of the two governments met in Doha on Tuesday and "
           "agreed to resume talks next week, officials said.\n\nThe ministers will meet again "
           "on Friday.\n")
PAGE = ("<!doctype html><html><head><title>Talks resume | Frontier Review</title>"
        "<meta property='article:published_time' content='2021-08-18'></head><body><article>"
        "<h1>Talks resume</h1><p>" + ARTICLE + "</p><p>By Ana Lopez</p></article></body></html>")


def _warc(body: str, ctype: str = "text/html") -> bytes:
    payload = body.encode()
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}; charset=utf-8\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2021-08-18T10:00:00Z\r\n"
            "WARC-Target-URI: https://news.example.org/a\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def _rss() -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Frontier Review</title>"
            "<item><title>Talks resume</title><link>https://news.example.org/a</link>"
            "<pubDate>Wed, 18 Aug 2021 10:00:00 GMT</pubDate>"
            f"<description><![CDATA[<p>{ARTICLE}</p>]]></description></item></channel></rss>").encode()


def _atom() -> bytes:
    return ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Wire</title>"
            "<entry><id>tag:a</id><title>Truce</title><updated>2021-08-18T10:00:00Z</updated>"
            f"<content type='html'>&lt;p&gt;{ARTICLE}&lt;/p&gt;</content></entry></feed>").encode()


def _event() -> bytes:
    return json.dumps({
        "id": "ev1", "doc_id": "d1", "sentence_index": 0, "sentence": "A met B.",
        "trigger": {"text": "met", "start": 2, "end": 5},
        "cameo": {"code": "040", "root": "04", "label": "Consult", "quad_class": 1, "goldstein": 1.0},
        "plover": {"type": "CONSULT", "mode": None, "context": []},
        "source": [{"text": "A", "code": "AFG", "country": "AFG", "start": 0, "end": 1}],
        "target": [{"text": "B", "code": "QAT"}], "date": "2021-08-18",
        "modality": {"negated": False, "tense": "past", "certainty": "asserted", "reported_by": None},
        "location": {"name": "Doha", "country": "QAT", "lat": 25.3, "lon": 51.5, "geonames_id": 290030},
        "quote": None, "confidence": 0.8}).encode()


ACTORS = """kind: organisations
version: 1
entries:
  - id: org.example-relief
    names: [Example Relief Agency, ERA]
    code: NGO
    sector: HLH
    country: AFG
    from: 2001-01-01
"""

DATES = ["MOSCOW, July 16. /TASS/. Talks began.", "Published: 16 July 2021 | 11:32",
         "They met on Wednesday and will meet next Friday.", "3 days ago, in August 2019, last month",
         "WASHINGTON (AP) - Tuesday last week", "Posted on 29.02.2020",
         "date 2021-07-09 KABUL, Aug 12 (Pamir Wire) - Talks held on March 30, 2021 ended.",
         "5 minutes ago Wed 07th July 2021 | 09:40 AM MSK", "By Jane Doe | Updated 10 July 2021 | 3 min read"]


def seeds(name: str) -> list[bytes]:
    """Control byte + input, for target ``name`` (see fuzz/targets.py)."""
    warc = _warc(PAGE)
    table: dict[str, list[bytes]] = {
        "txt": [ARTICLE.encode(), ARTICLE.encode("utf-16"), ARTICLE.encode("cp1252")],
        "html": [PAGE.encode(), b"<html><body><p>Hi</p><script>x</script></body></html>"],
        "jsonl": [(json.dumps({"id": "a", "text": ARTICLE, "date": "2021-08-18"}) + "\n"
                   + json.dumps({"id": 2, "html": PAGE, "url": "https://x.example/a"}) + "\n").encode()],
        "warc": [warc + _warc(ARTICLE, "text/plain")],
        "rss": [_rss(), _atom()],
        "dates": [d.encode() for d in DATES],
        "actor_file": [ACTORS.encode(), b"kind: persons\nentries: []\n"],
        "event_record": [_event()],
    }
    out = []
    for i, body in enumerate(table[name]):
        out.append(bytes([i * 37 % 256]) + body)
        if name in ("jsonl", "warc"):
            out.append(bytes([0x80 | i]) + gzip.compress(body, mtime=0))
    return out


def write_seeds(name: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(seeds(name)):
        (folder / f"seed-{i}").write_bytes(data)


__all__ = ["seeds", "write_seeds"]
