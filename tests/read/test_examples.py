"""The bundled demo corpus and the shared corpus read cleanly."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter

import pytest

from parley.records import Document
from read.helpers import read_all, records, run_cli


def _articles_in(folder) -> int:
    """How many articles the folder holds, counted from the files themselves."""
    count = 0
    for path in sorted(folder.rglob("*")):
        name = path.name.lower()
        if name.endswith((".txt", ".html", ".htm")):
            count += 1
        elif name.endswith(".jsonl"):
            count += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        elif name.endswith((".rss", ".atom", ".xml")):
            count += len(re.findall(r"<item[\s>]|<entry[\s>]", path.read_text(encoding="utf-8")))
        elif name.endswith((".warc", ".warc.gz")):
            from warcio.archiveiterator import ArchiveIterator

            with open(path, "rb") as fh:
                count += sum(1 for rec in ArchiveIterator(fh) if _warc_article(rec))
    return count


def _warc_article(rec) -> bool:
    """A 2xx HTML or plain-text response, or a text resource: what the reader treats as articles."""
    if rec.rec_type == "response" and rec.http_headers is not None:
        ctype = rec.http_headers.get_header("Content-Type") or ""
        ok = (rec.http_headers.get_statuscode() or "").startswith("2")
        return ok and ("html" in ctype or ctype.startswith("text/plain"))
    ctype = rec.rec_headers.get_header("Content-Type") or ""
    return rec.rec_type in ("resource", "conversion") and ("html" in ctype or ctype.startswith("text/plain"))


def test_examples_news_one_valid_record_per_article_no_repeated_body(examples):
    files = [p for p in examples.glob("*") if not p.name.lower().startswith("readme")] if examples.is_dir() else []
    if not files:
        pytest.skip("examples/news has no articles yet")
    out = run_cli("read", str(examples))
    assert out.returncode == 0, out.stderr.decode()
    rows = records(out.stdout)
    assert len(rows) == _articles_in(examples)
    ids = Counter(row["id"] for row in rows)
    assert not [i for i, n in ids.items() if n > 1], "document ids must be unique"
    for row in rows:
        doc = Document.from_dict(row)
        paragraphs = [p for p in doc.text.split("\n\n") if len(p) > 40]
        assert len(paragraphs) == len(set(paragraphs)), f"{doc.id}: a paragraph appears twice"
        assert doc.language == "en", doc.id
    titled = sum(1 for row in rows if row["title"])
    assert titled >= 0.9 * len(rows), "most demo articles have a headline the reader should find"


def test_shared_corpus_reads_without_refusals(shared):
    path = shared / "corpus" / "guardian_sample.jsonl.gz"
    docs, errors = read_all(path)
    assert not errors, [str(e) for e in errors[:3]]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh if line.strip()]
    assert len(docs) == len(lines)
    # news prose must survive cleaning nearly whole
    kept = sum(len(d.text) for d in docs) / sum(len(line["text"]) for line in lines)
    assert kept > 0.97
