"""The identity rule on hand-made mentions: what fuses, what stays apart, and why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.fuse import identity as I
from parley.records import Cameo

CAMEO = {"042": Cameo("042", "04", "Make a visit", 1, 1.9), "057": Cameo("057", "05", "Sign agreement", 1, 8.0),
         "190": Cameo("190", "19", "Fight", 4, -10.0), "183": Cameo("183", "18", "Bombing", 4, -10.0),
         "112": Cameo("112", "11", "Accuse", 3, -2.0), "141": Cameo("141", "14", "Demonstrate", 3, -6.5)}


def m(mid: str = "a", *, src=("RUS",), tgt=("AFG",), code="042", day=date(2021, 10, 20), dated=True,
      modality="asserted", outlet="TASS", doc=None, sentence="Russia hosted Taliban envoys in Moscow.",
      confidence=0.8) -> I.Mention:
    return I.Mention(id=mid, doc_id=doc or f"doc-{mid}", outlet=outlet, day=day, dated=dated,
                     source=frozenset(src), target=frozenset(tgt), source_codes=tuple(c + "GOV" for c in src),
                     target_codes=tuple(c + "GOV" for c in tgt), cameo=CAMEO[code], plover_type="CONSULT",
                     plover_mode=None, modality=modality, sentence=sentence, confidence=confidence,
                     doc_date=day.isoformat() if day else None)


def fuses(a: I.Mention, b: I.Mention) -> bool:
    return I.score(b, I.Candidate("f", [a])) is not None


def test_same_event_from_two_outlets():
    assert fuses(m("a"), m("b", outlet="Reuters", sentence="Taliban delegates were hosted by Russia."))


@pytest.mark.parametrize("change", [
    {"day": date(2021, 10, 22)},  # dated mentions two days apart
    {"code": "112"},  # another act on the same day
    {"modality": "negated"},
    {"modality": "intended"},
    {"src": ("CHN",), "tgt": ("USA",)},
    {"day": None},  # no date at all: cannot be placed
])
def test_near_misses(change):
    assert not fuses(m("a"), m("b", **change))


def test_publication_dates_get_a_wider_window():
    a = m("a", day=date(2021, 10, 20))
    late = m("b", day=date(2021, 10, 22), dated=False)  # only the article's date is known
    assert fuses(a, late)
    assert not fuses(a, m("c", day=date(2021, 10, 23), dated=False))


def test_reported_is_asserted_but_demanded_is_not():
    assert I.modality_class(False, "reported") == I.modality_class(False, "asserted") == "asserted"
    assert I.modality_class(True, "asserted") == "negated"
    assert I.modality_class(False, "demanded") == "demanded"


def test_compatible_roots_table():
    assert fuses(m("a", code="190"), m("b", code="183"))  # fight vs bombing: coders disagree
    assert I.compatible_roots("18") == ["18", "19"]
    assert I.compatible_roots("04") == ["04"]


def test_multilateral_containment_and_symmetry():
    troika = m("a", src=("RUS", "CHN", "PAK", "USA"), tgt=("AFG",))
    assert fuses(troika, m("b", src=("PAK",), tgt=("AFG",)))
    assert fuses(troika, m("c", src=("AFG",), tgt=("RUS",)))  # consult: direction does not matter
    fight = m("d", code="190", src=("RUS",), tgt=("UKR",))
    assert not fuses(fight, m("e", code="190", src=("UKR",), tgt=("RUS",)))  # an attack has a direction


def test_partial_overlap_needs_similar_sentences():
    a = m("a", src=("RUS",), tgt=("CHN", "PAK"), sentence="Envoys of Russia, China and Pakistan met in Doha.")
    close = m("b", src=("USA",), tgt=("PAK",), sentence="Envoys of the US, China and Pakistan met in Doha.")
    far = m("c", src=("USA",), tgt=("PAK",), sentence="Washington and Islamabad discussed trade quotas.")
    assert fuses(a, close)
    assert not fuses(a, far)


def test_choose_prefers_the_most_similar_and_ties_break_by_id():
    x = m("x", sentence="Lavrov met Muttaqi in Moscow to discuss aid.")
    y = m("y", sentence="Border guards talked about smuggling routes.")
    new = m("n", sentence="Muttaqi and Lavrov discussed aid in Moscow.")
    assert I.choose(new, [I.Candidate("f2", [y]), I.Candidate("f1", [x])])[0] == "f1"
    same = m("s")
    assert I.choose(same, [I.Candidate("f9", [m("p")]), I.Candidate("f3", [m("q")])])[0] == "f3"
    assert I.choose(m("z", code="112"), [I.Candidate("f1", [x])]) is None


def test_complete_link_on_dates_prevents_chains():
    d0 = date(2021, 10, 20)
    cand = I.Candidate("f", [m("a", day=d0), m("b", day=d0 + timedelta(days=1))])
    assert I.score(m("c", day=d0 + timedelta(days=2)), cand) is None


def test_aggregate_counts_and_confidence():
    members = [m("a", outlet="TASS", confidence=0.6), m("b", outlet="TASS", doc="doc-a", confidence=0.7),
               m("c", outlet="Reuters", confidence=0.5, code="057"), m("d", outlet=None, confidence=0.5)]
    a = I.aggregate(members)
    assert (a["num_mentions"], a["num_articles"], a["num_outlets"]) == (4, 3, 3)
    assert a["cameo"].code == "042"  # the most common code
    assert a["confidence"] == pytest.approx(1 - (1 - 0.7) * (1 - 0.5) * (1 - 0.5))
    one = I.aggregate([m("a", confidence=0.6)])["confidence"]
    two = I.aggregate([m("a", confidence=0.6), m("b", outlet="AP", confidence=0.6)])["confidence"]
    assert two > one  # grows with independent outlets


def test_fused_ids_are_deterministic():
    assert I.new_fused_id(m("abc")) == I.new_fused_id(m("abc")) != I.new_fused_id(m("abd"))


countries = st.frozensets(st.sampled_from(["RUS", "AFG", "CHN", "PAK", "USA", "IRN"]), min_size=1, max_size=3)


@given(countries, countries, countries, countries, st.integers(-3, 3))
def test_pairwise_rule_is_symmetric(sa, ta, sb, tb, shift):
    a = m("a", src=tuple(sa), tgt=tuple(ta))
    b = m("b", src=tuple(sb), tgt=tuple(tb), day=date(2021, 10, 20) + timedelta(days=shift))
    assert fuses(a, b) == fuses(b, a)
