"""Upgrading a store made before a migration: migration 2 (event date precision, document date source)."""

from __future__ import annotations

from factory import document, event

from parley.store import migrations, open_store


def _as_version_1(db_url: str) -> None:
    """Turn a fresh store back into what parley wrote before migration 2 (same rows, old columns)."""
    with open_store(db_url) as s:
        s.db.execute("ALTER TABLE events DROP COLUMN date_precision")
        s.db.execute("ALTER TABLE documents DROP COLUMN date_source")
        s.db.execute("ALTER TABLE fused_events DROP COLUMN participants")  # migration 3's
        s.db.execute("ALTER TABLE fused_events DROP COLUMN participant_countries")
        s.db.execute("DELETE FROM schema_version WHERE version >= 2")


def test_old_store_gets_precision_from_its_dates(db_url):
    doc = document("m1")
    dated = [event(doc, 0, date="2021-10-20"), event(doc, 1, date="2021-10", code="190"),
             event(doc, 2, date="2021", code="111"), event(doc, 3, date=None, code="040"),
             event(doc, 4, date="--10-20", code="057")]
    with open_store(db_url) as s:
        s.ingest(doc, dated)
    _as_version_1(db_url)
    with open_store(db_url) as s:
        assert s.schema_version() == migrations.LATEST >= 2
        got = {e.sentence_index: e.date_precision for e in s.events(doc_id="m1").records()}
        assert got == {0: "day", 1: "month", 2: "year", 3: "none", 4: "none"}
        assert s.document("m1")[0].date_source is None  # not recorded then: unknown, not guessed


def test_new_rows_keep_precision_and_date_source(store):
    doc = document("m2")
    doc.date_source = "dateline+text"
    store.ingest(doc, [event(doc, 0, date="2021-10")])
    got_doc, (got,) = store.document("m2")
    assert got_doc.date_source == "dateline+text"
    assert (got.date, got.date_precision) == ("2021-10", "month")
    (row,) = list(store.events(doc_id="m2").rows())
    assert row["date_precision"] == "month"
