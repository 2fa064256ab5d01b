"""Fused events store their canonical dyad and participants; a store of schema 2 migrates."""

from __future__ import annotations

from factory import document, event

from parley.store import migrations, open_store


def _troika(store) -> str:
    """Three outlets report one meeting; two name the troika, one only Russia (sector MIL once)."""
    a, b, c = document("t-a", outlet="Wire A"), document("t-b", outlet="Wire B"), document("t-c", outlet="Wire C")
    store.ingest(a, [event(a, src=["RUS", "CHN", "PAK"], tgt=["AFG"], code="040")])
    store.ingest(b, [event(b, src=["RUS", "CHN", "PAK"], tgt=["AFG"], code="040")])
    store.ingest(c, [event(c, src=["RUS"], tgt=["AFG"], code="040")])
    (fused,) = list(store.fused().records())
    return fused.id


def test_one_source_one_target_and_the_others_as_participants(store):
    fid = _troika(store)
    (fused,) = list(store.fused().records())
    assert fused.id == fid and fused.num_mentions == 3
    assert (fused.source, fused.target, fused.participants) == (["RUSGOV"], ["AFGGOV"], ["CHNGOV", "PAKGOV"])
    row = next(store.fused().rows())
    assert (list(row["source_countries"]), list(row["target_countries"]), list(row["participant_countries"])) == (
        ["RUS"], ["AFG"], ["CHN", "PAK"])


def test_filters_read_the_canonical_dyad_and_actor_also_the_participants(store):
    _troika(store)
    assert store.fused(dyad="RUS:AFG").count() == 1
    assert store.fused(dyad="CHN:AFG").count() == 0  # China took part, but is not the source
    assert store.fused(actor="CHN").count() == 1
    assert store.events(dyad="CHN:AFG").count() == 2  # mentions keep every party they name


def test_a_store_of_schema_2_migrates_to_the_canonical_dyad(db_url):
    with open_store(db_url) as s:
        _troika(s)
        expected = [r.to_dict() for r in s.fused().records()]
        # back to schema 2: union dyads, no participant columns
        s.db.execute("ALTER TABLE fused_events DROP COLUMN participants")
        s.db.execute("ALTER TABLE fused_events DROP COLUMN participant_countries")
        s.db.execute("UPDATE fused_events SET source = ?, target = ?, source_countries = ?, target_countries = ?",
                     [["CHNGOV", "PAKGOV", "RUSGOV"], ["AFGGOV"], ["CHN", "PAK", "RUS"], ["AFG"]])
        s.db.execute("DELETE FROM schema_version WHERE version > 2")
    with open_store(db_url) as s:  # a writable open applies migration 3, data step included
        assert s.schema_version() == migrations.LATEST == 3
        got = [r.to_dict() for r in s.fused().records()]
    assert got == expected
    assert got[0]["source"] == ["RUSGOV"] and got[0]["participants"] == ["CHNGOV", "PAKGOV"]
