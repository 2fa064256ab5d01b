"""Every input format through read_inputs: txt, html, htm, jsonl(.gz), warc(.gz), RSS, Atom,
folders, globs; ids, inputs, content hashes and order."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from read.helpers import read_all, read_one

ARTICLE = ("KABUL (Reuters) - Taliban and government negotiators met in Doha on Saturday to resume talks "
           "that had stalled for weeks, both sides said.")
PAGE = """<!DOCTYPE html><html><head><title>Doha talks resume | Gulf Ledger</title>
<meta property="og:site_name" content="Gulf Ledger">
<meta property="article:published_time" content="2021-07-17T09:00:00Z">
</head><body><nav><a href="/">Front</a> <a href="/gulf">Gulf</a></nav>
<article><h1>Doha talks resume</h1>
<p>DOHA (Gulf Ledger) - Afghan government and Taliban negotiators resumed talks in Doha on Saturday after a
pause of several weeks, mediators from Qatar said.</p>
<p>The two sides discussed a possible ceasefire during the Eid holiday, according to people at the meeting.</p>
<p>Share to your timeline</p></article><footer>Gulf Ledger media group</footer></body></html>"""


def test_txt(fixtures):
    doc = read_one(fixtures / "embassy-reopens.txt")
    raw = (fixtures / "embassy-reopens.txt").read_bytes()
    assert doc.id == "embassy-reopens"
    assert doc.input == str(fixtures / "embassy-reopens.txt")
    assert doc.content_hash == hashlib.sha256(raw).hexdigest()
    assert doc.language == "en"


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_and_htm(tmp_path, suffix):
    path = tmp_path / f"doha-talks{suffix}"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_one(path)
    assert doc.id == "doha-talks"
    assert doc.title == "Doha talks resume"
    assert doc.date == "2021-07-17"
    assert doc.outlet == "Gulf Ledger"
    assert doc.dateline.place == "DOHA"
    assert doc.text.startswith("DOHA (Gulf Ledger) - Afghan government")
    assert "Share to your timeline" not in doc.text
    assert "Front" not in doc.text


def test_html_fixture_with_consent_wall_and_author(fixtures):
    doc = read_one(fixtures / "page.html")
    assert doc.author == "Aida Bekova"
    assert doc.date == "2022-09-19"
    assert doc.dateline.date == "2022-09-19"  # year from the page's metadata
    assert "small files on your device" not in doc.text
    assert "pocket edition" not in doc.text
    assert len(doc.text.split("\n\n")) == 3


def _jsonl_lines() -> list[dict]:
    return [
        {"id": "a1", "text": ARTICLE, "date": "2021-07-17", "outlet": "Wire One", "url": "https://w1.example/a1"},
        {"id": 42, "html": PAGE},
        {"text": "Border crossing reopened on Tuesday after a two-day closure, customs officials said."},
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_and_jsonl_gz(tmp_path, gz):
    payload = "".join(json.dumps(line) + "\n" for line in _jsonl_lines()).encode("utf-8")
    path = tmp_path / ("feed.jsonl.gz" if gz else "feed.jsonl")
    path.write_bytes(gzip.compress(payload) if gz else payload)
    docs, errors = read_all(path)
    assert not errors
    assert [d.id for d in docs] == ["a1", "42", "feed-3"]
    assert [d.input for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    first = docs[0]
    assert (first.date, first.outlet, first.url) == ("2021-07-17", "Wire One", "https://w1.example/a1")
    assert first.dateline.outlet == "Reuters"
    assert first.content_hash == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert docs[1].title == "Doha talks resume" and docs[1].outlet == "Gulf Ledger"


def _warc_bytes(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    records = [
        ("https://gulf.example/2021/07/17/doha", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
        ("https://gulf.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("https://gulf.example/missing", "404 Not Found", "text/html", b"<html><body>Not here</body></html>"),
        ("https://wire.example/kabul.txt", "200 OK", "text/plain", ARTICLE.encode()),
    ]
    for url, status, ctype, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2021-07-18T10:00:00Z"}))
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_and_warc_gz(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc_bytes(gz))
    docs, errors = read_all(path)
    assert not errors
    assert len(docs) == 2  # the image and the 404 page are not articles
    page, wire = docs
    assert page.url == "https://gulf.example/2021/07/17/doha"
    assert page.id.startswith("gulf-example-2021-07-17-doha-")
    assert page.input == f"{path}#2"
    assert page.title == "Doha talks resume"
    assert wire.input == f"{path}#5"
    assert wire.outlet == "Reuters"
    assert wire.date is None  # the crawl date is not a publication date
    again, _ = read_all(path)
    assert [d.id for d in again] == [d.id for d in docs]  # ids are stable


def test_rss(fixtures):
    docs, errors = read_all(fixtures / "feed.rss")
    assert [d.title for d in docs] == ["Serbia and Kosovo negotiators meet in Brussels",
                                       "Romania hosts Black Sea security meeting"]
    assert [d.date for d in docs] == ["2023-02-27", "2023-03-02"]
    assert {d.outlet for d in docs} == {"Danube Dispatch"}
    assert docs[0].text.startswith("BRUSSELS, Feb 27 (Danube Dispatch) - Negotiators")
    assert "\n\nHe said both sides" in docs[0].text  # paragraphs of content:encoded kept apart
    assert docs[1].text.startswith("Defence ministers")  # a summary-only item
    assert len(errors) == 1 and errors[0].input_name.endswith("feed.rss#3")
    assert "no text" in errors[0].reason


def test_atom(fixtures):
    doc = read_one(fixtures / "feed.atom")
    assert (doc.title, doc.date, doc.author, doc.outlet) == (
        "Peru and Bolivia reopen Desaguadero crossing", "2024-01-10", "Lucia Quispe", "Andes Observer")
    assert doc.url == "https://andes.example/2024/01/10/desaguadero"


def test_folder_is_walked_recursively_in_sorted_order(tmp_path, fixtures):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deeper").mkdir(parents=True)
    shutil.copy(fixtures / "wrapped.txt", tmp_path / "b" / "z.txt")
    shutil.copy(fixtures / "pasted-twice.txt", tmp_path / "a" / "deeper" / "y.txt")
    shutil.copy(fixtures / "ferry-talks.txt", tmp_path / "a" / "x.txt")
    (tmp_path / "notes.md").write_text("# not an article\n")
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    docs, errors = read_all(tmp_path)
    assert not errors
    assert [d.id for d in docs] == ["y", "x", "z"]  # a/deeper/y.txt < a/x.txt < b/z.txt


def test_glob(tmp_path, fixtures):
    for name in ("wrapped.txt", "ferry-talks.txt", "page.html"):
        shutil.copy(fixtures / name, tmp_path / name)
    docs, errors = read_all(tmp_path / "*.txt")
    assert not errors
    assert [d.id for d in docs] == ["ferry-talks", "wrapped"]
    docs, errors = read_all(tmp_path / "nothing-*.txt")
    assert not docs and "no files match" in errors[0].reason


def test_unknown_extension_is_sniffed_when_named(tmp_path):
    (tmp_path / "story.dat").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain").write_text(ARTICLE, encoding="utf-8")
    docs, errors = read_all(tmp_path / "story.dat", tmp_path / "plain")
    assert not errors
    assert docs[0].title == "Doha talks resume"
    assert docs[1].dateline.outlet == "Reuters"


def test_same_input_gives_same_record(fixtures):
    first = read_one(fixtures / "ferry-talks.txt").to_dict()
    second = read_one(fixtures / "ferry-talks.txt").to_dict()
    assert first == second


def test_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Les ministres se sont réunis à Genève lundi pour des négociations, "
                      "a déclaré le ministère des affaires étrangères.").encode("cp1252"))
    doc = read_one(path)
    assert "Genève" in doc.text and "réunis" in doc.text
    assert doc.language == "fr"


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    assert read_one(path).dateline.place == "KABUL"


@pytest.mark.parametrize("title_tag, outlet", [
    ("Talks resume in Doha | Frontier Review", "Frontier Review"),
    ("Kabul Ledger — Talks resume in Doha", "Kabul Ledger"),
    ("Talks resume in Doha", None),
    ("Talks resume in Doha as envoys meet", None),
])
def test_site_name_from_the_title_tag(tmp_path, title_tag, outlet):
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>{title_tag}</title></head><body><h1>Talks resume in Doha</h1>"
                    f"<p>{ARTICLE}</p><p>Both sides said a second round would follow next week.</p></body></html>")
    doc = read_one(path)
    assert doc.title == "Talks resume in Doha"
    assert doc.outlet == (outlet or "Reuters")  # without a site name the dateline's agency is used


def test_html_declared_legacy_charset(tmp_path):
    body = ("<p>Министры иностранных дел встретились в Москве в понедельник и обсудили положение "
            "в Афганистане, сообщило министерство.</p>")
    page = f'<html><head><meta charset="windows-1251"><title>Встреча</title></head><body>{body}</body></html>'
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    doc = read_one(path)
    assert "Министры иностранных дел" in doc.text
    assert doc.language == "ru"
