"""The demo corpus (examples/news) and its ground truth (examples/events.yaml) agree.

Other stages build their spot checks and the fusion pairs from events.yaml, so a document id
that does not exist, an event reported by nobody or a stale WARC would silently weaken them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from parley.read import read_inputs
from parley.records import Document

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO / "examples" / "news"
EVENTS = REPO / "examples" / "events.yaml"
ARTICLE_SUFFIXES = {".txt", ".html"}


@pytest.fixture(scope="module")
def truth() -> dict:
    return yaml.safe_load(EVENTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def container_ids() -> dict[str, str]:
    """Every item id inside the feed, RSS and WARC files -> the container's file name."""
    out: dict[str, str] = {}
    for path in NEWS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            out[json.loads(line)["id"]] = path.name
    for path in NEWS.glob("*.rss"):
        for guid in ET.parse(path).getroot().iter("guid"):
            out[(guid.text or "").strip()] = path.name
    for path in NEWS.glob("*.warc.gz"):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                ctype = rec.http_headers.get_header("Content-Type", "") if rec.http_headers else ""
                if rec.rec_type == "response" and ctype.startswith("text/html") and rec.http_headers.get_statuscode() == "200":
                    out[rec.rec_headers.get_header("WARC-Target-URI")] = path.name
    return out


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    results = list(read_inputs([str(NEWS)]))
    errors = [r for r in results if not isinstance(r, Document)]
    assert not errors, f"the demo corpus must read cleanly: {errors}"
    return [r for r in results if isinstance(r, Document)]


def _file_ids() -> set[str]:
    return {p.stem for p in NEWS.iterdir() if p.suffix in ARTICLE_SUFFIXES}


def test_every_document_named_in_events_exists(truth, container_ids):
    known = _file_ids() | set(container_ids)
    for ev in truth["events"]:
        for doc in ev["docs"] + ev.get("mentions_only", []):
            assert doc in known, f"{ev['key']}: no document {doc!r} in examples/news"


def test_items_index_matches_containers(truth, container_ids):
    assert set(truth["items"]) == set(container_ids)
    for item, info in truth["items"].items():
        assert info["container"] == container_ids[item], item


def test_every_article_reports_some_event(truth, container_ids):
    reported = {doc for ev in truth["events"] for doc in ev["docs"]}
    unreported = (_file_ids() | set(container_ids)) - reported
    assert not unreported, f"articles missing from events.yaml: {sorted(unreported)}"


def test_corpus_has_the_promised_shape(truth, container_ids):
    articles = _file_ids() | set(container_ids)
    assert len(articles) >= 34
    kinds = Counter(name.rsplit(".", 2)[-1] if not name.endswith(".gz") else "warc" for name in container_ids.values())
    assert kinds["jsonl"] >= 4 and kinds["rss"] >= 3 and kinds["warc"] >= 3
    multi = [ev["key"] for ev in truth["events"] if len(ev["docs"]) >= 2]
    assert len(multi) >= 6, "several outlets must report the same events"
    afghan = {doc for ev in truth["events"] if ev["date"].startswith("2021") for doc in ev["docs"]}
    assert len(afghan) >= 22


def test_near_misses_name_real_events_and_differ(truth):
    by_key = {ev["key"]: ev for ev in truth["events"]}
    for a, b in truth["near_misses"]["same_dyad_different_day"]:
        assert by_key[a]["date"] != by_key[b]["date"], (a, b)
    for a, b in truth["near_misses"]["same_day_different_act"]:
        assert by_key[a]["date"] == by_key[b]["date"], (a, b)
        assert by_key[a]["cameo"]["code"] != by_key[b]["cameo"]["code"], (a, b)


def test_reader_dates_fit_the_events(truth, documents):
    """A report is published on the event's day or within two days after it."""
    read_ids = {info.get("read_id", item): item for item, info in truth["items"].items()}
    dated = {read_ids.get(d.id, d.id): d.date for d in documents if d.date and len(d.date) == 10}
    checked = 0
    for ev in truth["events"]:
        day = dt.date.fromisoformat(ev["date"])
        for doc in ev["docs"]:
            if doc in dated:
                lag = (dt.date.fromisoformat(dated[doc]) - day).days
                assert 0 <= lag <= 2, f"{doc} is dated {dated[doc]}, {ev['key']} happened {ev['date']}"
                checked += 1
    assert checked >= 20


def test_text_pasted_twice_is_read_once(documents):
    by_id = {d.id: d for d in documents}
    for doc_id, phrase in [("2021-07-16-tashkent-lavrov-tass", "hasty withdrawal"),
                           ("2021-08-27-kabul-airport-attack-pasted", "Abbey Gate")]:
        assert by_id[doc_id].text.count(phrase) == 1, doc_id


def test_committed_warc_is_what_make_warc_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("make_warc", REPO / "examples" / "make_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "crawl.warc.gz")
    assert built.read_bytes() == (NEWS / "crawl-2021.warc.gz").read_bytes(), \
        "examples/news/crawl-2021.warc.gz is stale: run .venv/bin/python examples/make_warc.py"
