"""The store on real DuckDB and PostgreSQL: schema, round trips, idempotence, fusion, queries."""

from __future__ import annotations

import dataclasses

import pytest
from factory import document, event, unique_text

from parley.errors import StoreError
from parley.records import Cameo
from parley.store import migrations, open_store


def test_schema_is_created_versioned_and_reopened(db_url):
    with open_store(db_url) as s:
        assert s.schema_version() == migrations.LATEST
        assert s.counts()["documents"] == 0
    with open_store(db_url) as s:  # opening again applies nothing twice
        rows = s.db.all("SELECT version, name FROM schema_version")
        assert [r[0] for r in rows] == [m.version for m in migrations.MIGRATIONS]
    with open_store(db_url, read_only=True) as s:
        assert s.schema_version() == migrations.LATEST


def test_newer_schema_is_refused(db_url):
    with open_store(db_url) as s:
        s.db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [999, "from the future", s.db.now()])
    with pytest.raises(StoreError, match="newer than this parley"):
        open_store(db_url)


def test_records_round_trip(store):
    doc = document("rt1")
    evs = [event(doc, 0), event(doc, 2, code="190", tgt=[], location=False, certainty="reported")]
    res = store.ingest(doc, evs)
    assert res.status == "new" and res.events == 2
    got_doc, got_events = store.document("rt1")
    assert got_doc.to_dict() == doc.to_dict()
    assert sorted(e.to_json() for e in got_events) == sorted(e.to_json() for e in evs)
    assert [e.to_dict() for e in store.events(doc_id="rt1").records()] == [
        e.to_dict() for e in sorted(evs, key=lambda e: e.id)]


def test_same_article_is_stored_once(store):
    doc = document("a", unique_text("story"))
    store.ingest(doc, [event(doc)])
    again = store.ingest(document("a", unique_text("story")), [event(doc)])
    assert again.status == "duplicate" and again.duplicate_of == "a"
    renamed = document("b", unique_text("story").upper() + "  ")  # other file name, case, spacing
    res = store.ingest(renamed, [event(renamed)])
    assert (res.status, res.kind, res.duplicate_of) == ("duplicate", "exact", "a")
    boiler = document("c", "Subscribe to our newsletter. " + unique_text("story") + " Share this article.")
    res = store.ingest(boiler, [event(boiler)])
    assert (res.status, res.kind, res.duplicate_of) == ("duplicate", "near", "a")
    assert res.similarity >= 0.8
    other = document("d", unique_text("another story"))
    assert store.ingest(other, [event(other)]).status == "new"
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["duplicates"]) == (2, 2, 3)


def test_later_runs_see_earlier_signatures(db_url):
    with open_store(db_url) as s:
        s.ingest(document("first", unique_text("wire copy")), [])
    with open_store(db_url) as s:
        copy = document("second", unique_text("wire copy") + " Reporting by a correspondent; editing by a desk.")
        assert s.find_duplicate(copy)[:2] == ("first", "near")


def test_same_id_other_text_is_a_conflict(store):
    store.ingest(document("x", unique_text("one")), [])
    assert store.ingest(document("x", unique_text("two")), []).status == "conflict"
    assert store.counts()["documents"] == 1


def test_an_article_is_all_or_nothing(store):
    doc = document("atomic")
    good = event(doc, 0)
    bad = event(doc, 1)
    bad.cameo = Cameo(None, "04", "Consult", 1, 1.0)  # type: ignore[arg-type]  # violates NOT NULL
    with pytest.raises(StoreError):
        store.ingest(doc, [good, bad])
    assert store.counts() == {k: 0 for k in store.counts()}
    assert store.ingest(doc, [good]).status == "new"  # the connection is usable afterwards


def _fused_by_doc(store):
    return [(f.num_mentions, f.num_articles, f.num_outlets) for f in store.fused().records()]


def test_reports_of_one_event_fuse_across_outlets(store):
    for i, outlet in enumerate(["TASS", "Reuters", "Reuters", "Dawn"]):
        d = document(f"r{i}", outlet=outlet, date="2021-10-21")
        store.ingest(d, [event(d, date="2021-10-20" if i != 3 else "2021-10-21")])
    fused = list(store.fused().records())
    assert len(fused) == 1
    f = fused[0]
    assert (f.num_mentions, f.num_articles, f.num_outlets) == (4, 4, 3)
    assert f.date == "2021-10-20" and f.first_seen == "2021-10-21"
    assert f.confidence > 0.8  # grows with independent outlets
    assert len(f.mentions) == 4
    assert list(store.fused(min_sources=3).records()) == fused
    assert list(store.fused(min_sources=4).records()) == []


@pytest.mark.parametrize("change", [
    {"date": "2021-10-24"},  # same dyad, another day
    {"code": "190"},  # same day, another act
    {"negated": True},  # "did not meet"
    {"certainty": "intended"},  # "will meet"
    {"src": ["CHN"], "tgt": ["USA"]},  # other actors
])
def test_near_misses_stay_apart(store, change):
    a = document("m1", outlet="TASS")
    store.ingest(a, [event(a)])
    b = document("m2", outlet="Reuters")
    store.ingest(b, [event(b, **change)])
    assert _fused_by_doc(store) == [(1, 1, 1), (1, 1, 1)]


def test_multilateral_and_symmetric_mentions_fuse(store):
    a = document("t1", outlet="TASS")
    store.ingest(a, [event(a, src=["RUS", "CHN", "PAK"], tgt=["AFG"], sentence="Russia, China and Pakistan "
                                                                                  "met Taliban envoys in Moscow.")])
    b = document("t2", outlet="Dawn")
    store.ingest(b, [event(b, src=["PAK"], tgt=["AFG"], sentence="Pakistan met Taliban envoys in Moscow.")])
    c = document("t3", outlet="Xinhua")  # consult is symmetric: AFG met RUS is the same meeting
    store.ingest(c, [event(c, src=["AFG"], tgt=["RUS"], sentence="Taliban envoys met Russian officials.")])
    assert _fused_by_doc(store) == [(3, 3, 3)]


def test_recode_keeps_ids_of_unchanged_events(store):
    doc = document("rc")
    keep, change, drop = event(doc, 0), event(doc, 1, code="057"), event(doc, 3, code="190")
    store.ingest(doc, [keep, change, drop])
    changed = dataclasses.replace(change, confidence=0.4)
    added = event(doc, 5, code="061")
    res = store.replace_events(doc, [keep, changed, added], kb_version="kb-2")
    assert (res.unchanged, res.changed, res.added, res.removed) == (1, 1, 1, 1)
    ids = {e.id for e in store.events().records()}
    assert ids == {keep.id, change.id, added.id}
    assert next(e for e in store.events().records() if e.id == change.id).confidence == 0.4
    assert {r["kb_version"] for r in store.events().rows()} == {"kb-2"}
    assert store.counts()["fused_members"] == 3
    assert sum(f.num_mentions for f in store.fused().records()) == 3


def test_runs_are_recorded(store):
    run = store.start_run("ingest", ["in/"], "kb-1")
    doc = document("run1")
    store.ingest(doc, [event(doc)], run)
    dup = document("run2", doc.text)
    store.ingest(dup, [], run)
    row = store.finish_run(run, refused=2)
    assert (row["docs_read"], row["docs_new"], row["docs_duplicate"], row["docs_refused"]) == (4, 1, 1, 2)
    assert row["events"] == 1 and row["finished"] is not None and row["kb_version"] == "kb-1"
    assert next(store.events().rows())["kb_version"] == "kb-1"


def test_read_only_missing_duckdb_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(str(tmp_path / "absent.duckdb"), read_only=True)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "dir.duckdb"))


def _contents(url: str) -> dict[str, list[str]]:
    """Every row of every table, without the columns that record when or in which run."""
    when = {"ingested", "seen", "started", "finished", "run_id", "updated", "id"}
    out = {}
    with open_store(url) as s:
        for table in ("documents", "events", "fused_events", "fused_members", "duplicates", "actors_seen",
                      "doc_bands", "runs"):
            cur = s.db.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cur.description]
            keep = [i for i, n in enumerate(names) if n not in when or (n == "id" and table != "runs")]
            out[table] = sorted(repr(tuple(_plain(row[i]) for i in keep)) for row in cur.fetchall())
    return out


def _plain(value: object) -> object:
    """One value as both backends would agree on it (JSON text or parsed, bytes or memoryview)."""
    import json

    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def test_batches_store_the_same_as_single_articles(db_url, tmp_path):
    from corpus import write_corpus

    from parley.ingest import load

    write_corpus(tmp_path / "rec", 40, events_per_doc=3, copies=4)
    single = str(tmp_path / "single.duckdb")
    load([str(tmp_path / "rec")], db=single)
    batched = load([str(tmp_path / "rec")], db=db_url, batch=7)
    assert (batched.new, batched.duplicate) == (40, 4)
    assert _contents(single) == _contents(db_url)


def test_a_batch_fuses_and_counts_actors_as_single_articles_do(db_url, tmp_path):
    """Issue #7: storing in batches must not change a fused event's lead code (a tie between
    codes goes to the member read back first) nor which article names an actor's row."""
    docs = [document(f"tie{i}", date="2021-10-20") for i in range(4)]
    # the founder (042) is dated a day later, so reading members back (day, id) puts a 040 first
    events = [[event(docs[0], code="042", date="2021-10-21")], [event(docs[1], code="040", trigger="consulted")],
              [event(docs[2], code="040", trigger="talked")], [event(docs[3], code="042", trigger="visited")]]
    for evs in events:  # one knowledge-base actor, seen as government or opposition, named or not
        evs[0].source[0] = dataclasses.replace(evs[0].source[0], kb_id="RUS")
    events[0][0].source[0] = dataclasses.replace(events[0][0].source[0], code="RUSOPP", sector="OPP", name=None)
    single = str(tmp_path / "single.duckdb")
    with open_store(single) as s:
        for doc, evs in zip(docs, events, strict=True):
            s.ingest(doc, evs)
    with open_store(db_url) as s:
        s.ingest_many([(doc, evs, None) for doc, evs in zip(docs, events, strict=True)])
        assert s.counts()["fused_events"] == 1  # all four mentions are one real-world event
    assert _contents(single) == _contents(db_url)
