"""End to end on examples/news: read, code, dedup, fuse, store — twice, on both backends."""

from __future__ import annotations

import pytest

from parley.ingest import ingest, recode
from parley.store import open_store


@pytest.mark.slow
def test_ingesting_the_demo_twice_stores_each_article_once(db_url, examples):
    first = ingest([str(examples)], db=db_url)
    assert first.refused == 0 and first.new > 30 and first.events > 50
    assert first.new + first.duplicate == first.read
    second = ingest([str(examples)], db=db_url)
    assert (second.new, second.events, second.duplicate) == (0, 0, first.read)
    with open_store(db_url, read_only=db_url.endswith(".duckdb")) as s:
        counts = s.counts()
        assert counts["documents"] == first.new and counts["events"] == first.events
        multi = list(s.fused(min_sources=2).records())
        assert multi, "no event of the demo corpus was fused across outlets"
        assert all(f.num_articles >= 2 and len(f.mentions) == f.num_mentions for f in multi)
        runs = list(s.runs().rows())
        assert [r["docs_new"] for r in runs] == [first.new, 0] and all(r["kb_version"] for r in runs)


@pytest.mark.slow
def test_recode_with_the_same_coder_changes_nothing(tmp_path, examples):
    db = str(tmp_path / "recode.duckdb")
    first = ingest([str(examples)], db=db)
    with open_store(db) as s:
        before = {r["id"] for r in s.events().rows()}
    report = recode(db=db)
    assert report.documents == first.new
    assert (report.changed, report.added, report.removed) == (0, 0, 0)
    assert report.unchanged == first.events
    with open_store(db) as s:
        assert {r["id"] for r in s.events().rows()} == before
