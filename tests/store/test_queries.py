"""Filters, pagination, summaries and DataFrames, on both backends."""

from __future__ import annotations

import pytest
from factory import document, event

from parley.errors import UsageError
from parley.records import EventRecord, FusedEvent


@pytest.fixture
def filled(store):
    """Twelve articles over three months and three dyads."""
    plan = [  # (doc, outlet, date, src, tgt, code, sentence words)
        ("q01", "TASS", "2021-08-03", ["RUS"], ["AFG"], "042", "troika talks"),
        ("q02", "Dawn", "2021-08-03", ["RUS"], ["AFG"], "042", "Troika talks"),
        ("q03", "TASS", "2021-08-20", ["RUS"], ["AFG"], "057", "signed a deal"),
        ("q04", "Reuters", "2021-09-01", ["USA"], ["AFG"], "190", "fighting"),
        ("q05", "Reuters", "2021-09-02", ["USA"], ["AFG"], "112", "accused"),
        ("q06", "AP", "2021-09-15", ["CHN"], ["AFG"], "071", "aid"),
        ("q07", "Xinhua", "2021-09-15", ["CHN"], ["AFG"], "071", "aid"),
        ("q08", "TASS", "2021-10-20", ["RUS"], ["AFG"], "042", "Moscow format"),
        ("q09", "Dawn", "2021-10-20", ["RUS"], ["AFG"], "042", "Moscow format"),
        ("q10", "AP", "2021-10-20", ["RUS"], ["AFG"], "042", "Moscow format"),
        ("q11", "AP", "2021-10-25", ["AFG"], ["PAK"], "141", "protest"),
        ("q12", "AP", None, ["AFG"], ["PAK"], "141", "undated protest"),
    ]
    for doc_id, outlet, day, src, tgt, code, words in plan:
        d = document(doc_id, outlet=outlet, date=day)
        store.ingest(d, [event(d, src=src, tgt=tgt, code=code, date=day,
                               sentence=f"{' '.join(src)} and {' '.join(tgt)}: {words}, officials said.")])
    return store


def ids(q) -> list[str]:
    return sorted(r["doc_id"] for r in q.rows())


def test_filters(filled):
    assert filled.events().count() == 12
    assert len(ids(filled.events(actor="rus"))) == 6
    assert len(ids(filled.events(actor="AFGGOV"))) == 12
    assert ids(filled.events(dyad="USA:AFG")) == ["q04", "q05"]
    assert ids(filled.events(dyad="AFG:USA")) == []
    assert ids(filled.events(type="19")) == ["q04"]
    assert ids(filled.events(type="consult")) == ["q01", "q02", "q08", "q09", "q10"]
    assert ids(filled.events(since="2021-09-15", until="2021-10-20")) == ["q06", "q07", "q08", "q09", "q10"]
    assert ids(filled.events(since="2021-10")) == ["q08", "q09", "q10", "q11"]
    assert ids(filled.events(text="troika")) == ["q01", "q02"]
    assert ids(filled.events(text="100%")) == []  # % is a character here, not a wildcard
    assert ids(filled.events(outlet="Xinhua")) == ["q07"]
    assert ids(filled.events(min_sources=3)) == ["q08", "q09", "q10"]
    assert ids(filled.events(actor="RUS", type="05")) == ["q03"]


def test_min_confidence_filter(store):
    for doc_id, conf in (("c1", 0.3), ("c2", 0.6), ("c3", 0.9)):
        d = document(doc_id, outlet=doc_id, date="2021-08-03")
        ev = event(d, src=["RUS"], tgt=["AFG"], code="042", date="2021-08-03", sentence=f"talks {doc_id}")
        ev.confidence = conf
        store.ingest(d, [ev])
    assert ids(store.events(min_confidence=0.5)) == ["c2", "c3"]
    assert ids(store.events(min_confidence="0.9")) == ["c3"]
    assert all(f.confidence >= 0.5 for f in store.fused(min_confidence=0.5).records())
    with pytest.raises(UsageError):
        store.events(min_confidence=1.5)


def test_fused_filters(filled):
    fused = list(filled.fused().records())
    assert all(isinstance(f, FusedEvent) for f in fused)
    assert sorted(f.num_outlets for f in fused) == [1, 1, 1, 1, 1, 2, 2, 3]
    assert [f.num_outlets for f in filled.fused(min_sources=2).records()] == [2, 2, 3]
    assert [f.date for f in filled.fused(text="moscow format").records()] == ["2021-10-20"]
    assert filled.fused(dyad="CHN:AFG").count() == 1


def test_pages_are_stable_and_undated_last(filled):
    everything = [r["id"] for r in filled.events().rows()]
    pages = [r["id"] for off in range(0, 12, 5) for r in filled.events(limit=5, offset=off).rows()]
    assert pages == everything
    assert list(filled.events().rows())[-1]["doc_id"] == "q12"
    assert filled.events(limit=5).count() == 12  # count ignores the page


def test_dataframes_and_records(filled):
    q = filled.events(actor="RUS")
    table = q.to_arrow()
    assert table.num_rows == 6 and "source_countries" in table.column_names
    df = q.to_pandas()
    assert sorted(df["doc_id"]) == ids(q)
    pl = filled.fused().to_polars()
    assert pl.height == 8 and "mentions" in pl.columns
    assert all(isinstance(e, EventRecord) for e in q.records())
    docs = list(filled.documents(limit=3).records())
    assert [d.id for d in docs] == ["q01", "q02", "q03"]
    assert filled.documents().to_pandas().shape[0] == 12


def test_summary_and_timeline(filled):
    s = filled.summary()
    assert s["events"] == 12 and (s["first"], s["last"]) == ("2021-08-03", "2021-10-25")
    dyads = {r["dyad"]: r["events"] for r in s["by_dyad"]}
    assert dyads == {"RUS:AFG": 6, "USA:AFG": 2, "CHN:AFG": 2, "AFG:PAK": 2}
    months = {str(r["period"]): r["events"] for r in s["by_period"]}
    assert months == {"2021-08-01": 3, "2021-09-01": 4, "2021-10-01": 4}  # the undated one has no period
    series = [r for r in s["dyad_series"] if r["dyad"] == "USA:AFG"]
    assert len(series) == 1 and series[0]["quad4"] == 1 and series[0]["quad3"] == 1
    assert series[0]["goldstein_sum"] == pytest.approx(-10.0 + -2.0)
    weeks = list(filled.timeline(interval="week", dyad="RUS:AFG").rows())
    assert [str(w["period"]) for w in weeks] == ["2021-08-02", "2021-08-16", "2021-10-18"]
    assert filled.summary(fused=True)["events"] == 8


def test_actor_queries(filled):
    found = list(filled.search_actors("afgh").rows())
    assert found[0]["code"] == "AFGGOV" and found[0]["mentions"] == 12
    prof = filled.actor_profile("AFG")
    assert (prof["as_source"], prof["as_target"]) == (2, 10)
    assert prof["partners"][0]["partner"] == "RUS" and prof["partners"][0]["events"] == 6


@pytest.mark.parametrize("bad", [{"dyad": "RUS"}, {"type": "chat"}, {"since": "last week"}, {"limit": -1},
                                 {"colour": "red"}])
def test_bad_filters_are_usage_errors(filled, bad):
    with pytest.raises(UsageError):
        filled.events(**bad)


def test_injection_attempts_are_plain_values(filled):
    assert filled.events(actor="RUS' OR '1'='1").count() == 0
    assert filled.events(text="'; DROP TABLE events; --").count() == 0
    assert filled.events().count() == 12


def test_negated_events_count_but_never_move_goldstein(store):
    """A denied attack ("did not attack") is an event mention, not conflict: no quad class, no Goldstein."""
    done = document("n01", date="2021-08-03")
    denied = document("n02", date="2021-08-03")
    store.ingest(done, [event(done, src=["RUS"], tgt=["AFG"], code="042", date="2021-08-03")])
    store.ingest(denied, [event(denied, src=["RUS"], tgt=["AFG"], code="190", date="2021-08-03",
                                negated=True, trigger="attack",
                                sentence="Russia did not attack Afghanistan, officials said.")])
    for fused in (False, True):
        s = store.summary(fused=fused)
        row = next(r for r in s["by_dyad"] if r["dyad"] == "RUS:AFG")
        assert row["events"] == 2
        assert (row["quad1"], row["quad4"]) == (1, 0)
        assert row["goldstein_mean"] == pytest.approx(1.0)  # the consultation's value alone
        period = s["by_period"][0]
        assert period["goldstein_sum"] == pytest.approx(1.0)
        assert next(r for r in s["by_type"] if r["root"] == "19")["goldstein_mean"] is None
