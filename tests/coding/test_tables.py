"""The CAMEO/PLOVER table, the trigger lexicon and the cheap sentence splitter (no parser needed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.coding import cameo
from parley.coding.lexicon import has_candidate, inflections, load_lexicon
from parley.nlp.pipeline import split_sentences
from parley.records import PLOVER_TYPES


def test_every_code_has_a_plover_type_and_quad_class():
    rows = cameo.table()
    assert len(rows) > 300
    for code, row in rows.items():
        assert row.plover_type in PLOVER_TYPES, code
        assert row.quad_class == cameo.info(code[:2]).quad_class


def test_known_rows():
    assert cameo.info("0333").plover_type == "AGREE"
    assert cameo.info("026").plover_type == "REQUEST"
    assert cameo.info("041").plover_mode == "phone"
    assert cameo.info("190").quad_class == 4 and cameo.info("190").goldstein < 0
    assert cameo.penta_class("0256") == 0 and cameo.penta_class("163") == 3


def test_lexicon_codes_are_real_and_maps_land_on_real_codes():
    lex = load_lexicon()
    for table in (lex.verbs, lex.nouns):
        for patterns in table.values():
            for p in patterns:
                assert p.code is None or cameo.is_code(p.code), p
    for name, mapping in lex.maps.items():
        for value in mapping.values():
            assert value == "keep" or cameo.is_code(value), (name, value)


def test_every_root_is_reachable_from_the_lexicon():
    lex = load_lexicon()
    roots = {p.code[:2] for t in (lex.verbs, lex.nouns) for ps in t.values() for p in ps if p.code}
    roots |= {v[:2] for m in lex.maps.values() for v in m.values() if v != "keep"}
    assert roots == {f"{r:02d}" for r in range(1, 21)}


def test_intent_and_appeal_maps():
    lex = load_lexicon()
    assert lex.mapped("intent", "073") == "0333"
    assert lex.mapped("intent", "190") == "138"
    assert lex.mapped("appeal", "040") == "026"
    assert lex.mapped("demand", "0841") == "1053"
    assert lex.mapped("intent", "111") == "111"  # keep


def test_prefilter_words():
    lex = load_lexicon()
    assert has_candidate("Russia shelled the city", lex)
    assert has_candidate("They held talks", lex)
    assert not has_candidate("The weather was warm and sunny", lex)
    assert {"stopped", "stopping", "stops"} <= inflections("stop")


def test_sentence_splitter_handles_abbreviations():
    text = "Mr. Lavrov met U.S. officials on Jan. 5. They talked! Did they agree? Yes."
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == ["Mr. Lavrov met U.S. officials on Jan. 5.", "They talked!", "Did they agree?", "Yes."]


@given(st.text(alphabet=st.sampled_from(list("ab. \n!?AB\"")), max_size=200))
def test_sentence_spans_are_ordered_trimmed_and_inside(text):
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        last = b
