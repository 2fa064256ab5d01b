"""Highlight pieces: cutting text at span offsets never loses, adds or reorders text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.api.highlight import Mark, Piece, highlight_sentence, sentence_offset, split_marks

KINDS = st.sampled_from(["trigger", "source", "target"])


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 210), st.integers(-5, 210), KINDS), max_size=8))
def test_pieces_rebuild_the_text(text, raw):
    marks = [Mark(a, b, k) for a, b, k in raw]
    pieces = split_marks(text, marks)
    assert "".join(p.text for p in pieces) == text
    pos = 0
    for p in pieces:
        for m in marks:
            s, e = max(0, m.start), min(len(text), m.end)
            covered = s <= pos and pos + len(p.text) <= e and s < e
            assert (m.kind in p.kinds) or not covered or not p.text
        pos += len(p.text)


def test_overlapping_trigger_and_actor():
    pieces = split_marks("Lavrov met Muttaqi", [Mark(0, 10, "source"), Mark(7, 10, "trigger")])
    assert [(p.text, sorted(p.kinds)) for p in pieces] == [
        ("Lavrov ", ["source"]), ("met", ["source", "trigger"]), (" Muttaqi", [])]
    assert pieces[1].css == "hl-trigger hl-source"


def test_sentence_found_at_the_trigger_occurrence():
    doc = "Talks. A met B. Later. A met B."
    assert sentence_offset(doc, "A met B.", 27) == 23
    assert sentence_offset(doc, "A met B.", None) == 7
    assert sentence_offset(doc, "missing", 3) is None


def test_event_sentence_highlight_uses_document_offsets():
    doc = "MOSCOW. Lavrov met Muttaqi on Wednesday."
    event = {"sentence": "Lavrov met Muttaqi on Wednesday.", "trigger": {"text": "met", "start": 15, "end": 18},
             "source": [{"code": "RUSGOV", "start": 8, "end": 14}], "target": [{"code": "AFGGOV", "start": 19, "end": 26}],
             "cameo": {"code": "040", "label": "Consult"}, "plover": {"type": "CONSULT"}}
    pieces = highlight_sentence(event, doc)
    marked = {p.text: p.kinds for p in pieces if p.kinds}
    assert marked == {"Lavrov": ["source"], "met": ["trigger"], "Muttaqi": ["target"]}
    assert highlight_sentence(event, None) == [Piece(event["sentence"])]


def test_series_gaps_are_filled_with_empty_periods():
    from parley.api.service import fill_gaps

    months = fill_gaps([{"period": "2021-07-01", "count": 2}, {"period": "2021-10-01", "count": 1}], "month")
    assert [m["period"] for m in months] == ["2021-07-01", "2021-08-01", "2021-09-01", "2021-10-01"]
    assert months[1]["count"] == 0 and months[1]["goldstein_mean"] is None
    weeks = fill_gaps([{"period": "2021-08-02", "count": 1}, {"period": "2021-08-16", "count": 1}], "week")
    assert [w["period"] for w in weeks] == ["2021-08-02", "2021-08-09", "2021-08-16"]


def test_cache_recomputes_after_a_write_and_serves_stale_only_during_it():
    import threading

    from parley.api.service import _Cache

    cache, calls = _Cache(10, None), []

    def compute(value):
        def run():
            calls.append(value)
            return value
        return run

    assert cache.get_or_compute("k", compute(1)) == 1
    assert cache.get_or_compute("k", compute(2)) == 1  # cached
    cache.clear()
    assert cache.get_or_compute("k", compute(3)) == 3  # a write happened: recomputed
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return 4

    cache.clear()
    t = threading.Thread(target=cache.get_or_compute, args=("k", slow))
    t.start()
    started.wait(5)
    assert cache.get_or_compute("k", compute(5)) == 3  # stale while another thread recomputes
    release.set()
    t.join(5)
    assert cache.get_or_compute("k", compute(6)) == 4
    assert calls == [1, 3]


def test_groups_are_named_after_knowledge_base_formats():
    from parley.api.formats import format_name, name_groups

    assert format_name(["CHN", "PAK", "RUS", "USA"], "2021-11-11") == "extended troika"
    assert format_name(["AFG", "CHN", "PAK", "RUS", "USA"], "2021-11-11") == "extended troika"  # with its guest
    assert format_name(["BRA", "FRA", "JPN"], "2021-11-11") is None
    named = name_groups([{"label": "CHN·PAK·RUS·USA", "members": ["CHN", "PAK", "RUS", "USA"], "events": 2,
                          "last_date": "2021-08-11"}])
    assert named[0]["label"] == "extended troika (CHN·PAK·RUS·USA)"
