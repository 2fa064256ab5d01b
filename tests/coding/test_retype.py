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


@pytest.fixture()
def counted(coder, monkeypatch):
    """The real type model, with the triggers of the items it is asked about recorded."""
    asked: list[str] = []
    real = coder.types.predict

    def predict(items):
        asked.extend(it.text[it.trigger[0]:it.trigger[1]] if it.trigger else "" for it in items)
        return real(items)

    monkeypatch.setattr(coder.types, "predict", predict)
    return asked


def test_a_decision_without_a_source_is_not_typed(coder, counted):
    # nobody beat anyone here the rules can name, so the act is dropped whatever its type: the
    # type model is not asked
    coder.code_document(Document(id="n", text="The Kazakh team was beaten in the final in Almaty.", date="2021-10-20"))
    assert "beaten" not in counted
    # an agentless arrest is the place's authorities' act: it may still be an event, so it is typed
    events = coder.code_document(Document(id="a", text="Two bloggers were arrested in Bishkek on Monday.",
                                          date="2021-10-20"))
    assert "arrested" in counted and any("KGZ" in _countries(e.source) for e in events)


def test_a_proposal_whose_parties_do_not_resolve_asks_no_type(coder, counted):
    from parley.coding.retype import propose

    text = "Qatar flew tonnes of medicine into Afghanistan."
    parse = coder.nlp(text)
    mentions = sorted(coder.kb.scan(text, "2021-10-20"), key=lambda m: m.start)
    args = (coder.types, coder.roles, parse[:], coder.lexicon, {}, coder.event_nouns, mentions, 0)
    seen: list[tuple[str, str]] = []

    def never(source, target):
        seen.append((source.text, target.text))
        return False

    d, _, why = propose(*args, resolvable=never)
    assert d is None and "do not resolve" in why and counted == [] and seen == [("Qatar", "Afghanistan")]
    d, _, _ = propose(*args, resolvable=lambda source, target: True)
    assert d is not None and counted == ["flew"]


def test_a_proposal_never_targets_the_source_s_own_country(coder):
    # from our demo corpus (examples/news, 2021-10-20): the proposal on "take place" once coded
    # Moscow → "Russian" (envoy), RUSGOV → RUS
    text = ("Washington did not send a representative, and a meeting of the extended troika that Moscow "
            "had planned for the eve of the conference did not take place, Russian presidential envoy "
            "Zamir Kabulov said earlier.")
    for e in coder.code_document(Document(id="m", text=text, date="2021-10-20")):
        assert not (_countries(e.source) & _countries(e.target)), (e.cameo.code, e.source, e.target)
