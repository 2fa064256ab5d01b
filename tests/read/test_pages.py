"""Scraped pages as an analyst gets them (issue 17): stamps, repeated leads, datelines, no date.

tests/read/pages/ holds pages we wrote in the shapes real scrapers and page stores produce;
tests/read/pages.yaml says what an analyst reads in each. Every page is scored on three
things: the date (found and right, or rightly absent), a clean first paragraph (no stamp, the
dateline kept), and the body (every paragraph once, in order, nothing added). The figures are
printed (``pytest -s tests/read/test_pages.py``) and quoted in docs/READING.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from parley.records import Document
from read.helpers import read_all, records, run_cli

HERE = Path(__file__).parent
PAGES = HERE / "pages"
EXPECTED: list[dict[str, Any]] = yaml.safe_load((HERE / "pages.yaml").read_text(encoding="utf-8"))


def _key(doc: Document) -> str:
    return Path(doc.input or doc.id).name


@pytest.fixture(scope="module")
def read_pages() -> dict[str, Document]:
    docs, errors = read_all(PAGES)
    assert not errors, [str(e) for e in errors]
    by_page = {_key(d): d for d in docs}
    assert len(by_page) == len(docs)
    return by_page


def test_the_set_is_large_and_every_page_is_expected(read_pages):
    assert len(EXPECTED) >= 30
    assert sorted(read_pages) == sorted(e["page"] for e in EXPECTED)
    shapes = {e["page"][0] for e in EXPECTED}  # s stamps, r repeated leads, d datelines, n no date, u URL/feed/WARC, h held out
    assert shapes == set("srdnuh")


def _scores(doc: Document, exp: dict[str, Any]) -> dict[str, bool]:
    paragraphs = doc.text.split("\n\n")
    body = exp.get("body") or []
    body_ok = len(paragraphs) == 1 + len(body) and all(p.startswith(b) for p, b in zip(paragraphs[1:], body, strict=False))
    return {
        "date": doc.date == exp["date"] and doc.date_source == exp["date_source"],
        "first": paragraphs[0] == exp["first"],
        "body": body_ok and all(r in doc.removed for r in exp.get("removed") or []),
        "dateline": (doc.dateline.place if doc.dateline else None) == exp["dateline"],
        "title": "title" not in exp or doc.title == exp["title"],
    }


@pytest.mark.parametrize("exp", EXPECTED, ids=[e["page"] for e in EXPECTED])
def test_page_reads_as_an_analyst_would(read_pages, exp):
    doc = read_pages[exp["page"]]
    scores = _scores(doc, exp)
    failed = [name for name, ok in scores.items() if not ok]
    assert not failed, (failed, doc.date, doc.date_source, doc.text[:300], doc.removed)


def test_date_found_on_nine_in_ten_dated_pages_and_never_wrong(read_pages):
    dated = [e for e in EXPECTED if e["date"]]
    found = [e for e in dated if read_pages[e["page"]].date == e["date"]]
    wrong = [e["page"] for e in EXPECTED if read_pages[e["page"]].date not in (None, e["date"])]
    undated_guessed = [e["page"] for e in EXPECTED if not e["date"] and read_pages[e["page"]].date]
    rows = [_scores(read_pages[e["page"]], e) for e in EXPECTED]
    print(f"\npages {len(EXPECTED)}: date found {len(found)}/{len(dated)} of the dated pages, "
          f"{len(wrong)} wrong, {len(undated_guessed)} undated pages given a date; first paragraph clean "
          f"{sum(r['first'] for r in rows)}/{len(rows)}; body whole {sum(r['body'] for r in rows)}/{len(rows)}")
    assert len(found) >= 0.9 * len(dated)
    assert not wrong and not undated_guessed


def test_cli_keeps_the_clean_lead_and_its_dateline():
    out = run_cli("read", str(PAGES / "s01-lavrov-kamilov-call.txt"))
    assert out.returncode == 0, out.stderr.decode()
    (row,) = records(out.stdout)
    assert row["text"].startswith("MOSCOW (Steppe Wire / Central Asia Bulletin - 09th July, 2021) Russian Foreign")
    assert "date 2021-07-09" not in row["text"]
    assert row["dateline"] == {"place": "MOSCOW", "date": "2021-07-09", "outlet": "Steppe Wire"}
    assert (row["date"], row["date_source"]) == ("2021-07-09", "page")
