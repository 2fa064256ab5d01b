"""Where the lexicon and the type model meet (parley/coding/retype.py): re-typing and proposals."""

from __future__ import annotations

import pytest

from parley.coding.retype import GENERIC
from parley.records import Document


def _countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}


@pytest.fixture()
def without_types(coder):
    saved = coder.types
    coder.types = None
    yield coder
    coder.types = saved


def test_every_model_type_has_a_generic_cameo_code(coder):
    from parley.coding import cameo
    from parley.coding.types import NONE, model_type

    assert coder.types is not None, "the type model must load from the installed package"
    for label in coder.types.labels:
        if label == NONE:
            continue
        assert model_type(cameo.info(GENERIC[label]).plover_type) == label


def test_without_the_type_model_nothing_is_proposed(code, without_types):
    text = "Qatar flew tonnes of medicine into Afghanistan."
    assert code(text) == []  # the lexicon alone: "fly" is no trigger, nothing is proposed


def test_the_proposed_event_has_both_parties(coder):
    events = coder.code_document(Document(id="p", text="Qatar flew tonnes of medicine into Afghanistan.",
                                          date="2021-10-20"))
    assert [e.plover.type for e in events] == ["AID"]
    assert _countries(events[0].source) == {"QAT"} and _countries(events[0].target) == {"AFG"}
    notes = [line for n in coder.explain(Document(id="p", text="Qatar flew tonnes of medicine into Afghanistan.",
                                                  date="2021-10-20")) for line in n.lines]
    assert any("proposed by the type model" in line for line in notes)


def test_no_proposal_without_two_parties(coder):
    assert coder.code_document(Document(id="q", text="Aid flights landed in the rain after dark.",
                                        date="2021-10-20")) == []


def test_a_negated_act_keeps_its_type(coder):
    events = coder.code_document(Document(id="n", text="Serbia did not attend the summit in Tirana.",
                                          date="2021-10-20"))
    assert [(e.cameo.root, e.modality.negated) for e in events] == [("04", True)]


@pytest.mark.parametrize("text", [
    "Chile staged war games off its northern coast in May.",
    "Russia held war games near its western border.",
])
def test_one_party_drills_stay_a_show_of_force(coder, text):
    # the model may lean to COOPERATE for drills; with one side only it is not re-typed to it
    events = coder.code_document(Document(id="w", text=text, date="2019-06-01"))
    assert [e.cameo.code for e in events] == ["150"]


def test_drills_of_the_forces_of_two_states_are_cooperation_between_them(coder):
    events = coder.code_document(Document(
        id="j", text="The navies of Chile and Peru staged joint war games off the coast in May.", date="2019-06-01"))
    assert {e.cameo.code for e in events} == {"062"}
    pairs = {(c1, c2) for e in events for c1 in _countries(e.source) for c2 in _countries(e.target)}
    assert pairs == {("CHL", "PER"), ("PER", "CHL")}
