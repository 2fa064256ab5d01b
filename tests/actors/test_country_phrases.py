"""No bare sector when the phrase or the article names the country (docs/KNOWLEDGE_BASE.md, rule 7)."""

from __future__ import annotations

import pytest

from parley.actors import ResolutionContext


def codes(kb, phrase, date="2015-03-03"):
    return [r.code for r in kb.resolve_span(phrase, date)]


@pytest.mark.parametrize(("phrase", "code"), [
    ("the Afghan Government", "AFGGOV"),                        # a country adjective
    ("a delegation from the Afghan Government", "AFGGOV"),      # HEAD from ACTOR: whom they come from
    ("soldiers of the Syrian army", "SYRMIL"),
    ("Kabul's forces", "AFGMIL"),                               # a capital's possessive
    ("Russia's troops", "RUSMIL"),                              # a country's possessive
    ("Rwandan rebels", "RWAREB"),
    ("Iraqi government troops", "IRQMIL"),                      # two sector words: the last one's sector
    ("Syrian government forces", "SYRMIL"),
    ("the Kenyan police", "KENCOP"),
])
def test_a_country_named_in_the_phrase_gives_its_code(builtin_kb, phrase, code):
    assert codes(builtin_kb, phrase) == [code]


def test_a_bare_sector_stays_bare_and_says_so(builtin_kb):
    (r,) = builtin_kb.resolve_span("government troops", "2015-03-03")
    assert (r.code, r.country, r.kind, r.reason) == ("MIL", None, "sector_only", "sector word, no country")


def _in_article(kb, text, span, date="2022-08-10"):
    doc = kb.document_context(text, date)
    return kb.resolve_span(span, date, ResolutionContext(document=doc, offset=text.index(span)))


@pytest.mark.parametrize(("span", "code"), [
    ("The government", "KENGOV"), ("Police", "KENCOP"), ("government troops", "KENMIL"),
])
def test_the_only_country_an_article_named_gives_its_sectors_a_country(builtin_kb, span, code):
    text = "Kenya held elections on Tuesday. The government said Police and government troops were ready."
    (r,) = _in_article(builtin_kb, text, span)
    assert r.code == code and r.confidence < 0.7 and "the only country named before it: KEN" in r.reason


def test_the_only_countrys_office_is_its_holder_on_the_date(builtin_kb):
    text = "Rwanda closed the border. The president said it would stay closed."
    (r,) = _in_article(builtin_kb, text, "The president", "2019-03-01")
    assert (r.kb_id, r.code) == ("paul-kagame", "RWAGOV")


@pytest.mark.parametrize("text", [
    "Kenya and Uganda held talks. The government said the talks went well.",    # two countries named
    "The government said the talks went well in Kenya.",                        # named only after it
])
def test_no_country_is_guessed_when_the_article_names_none_or_several(builtin_kb, text):
    (r,) = _in_article(builtin_kb, text, "The government")
    assert (r.code, r.kind) == ("GOV", "sector_only")


def test_an_indefinite_sector_word_is_anyone(builtin_kb):
    text = "Kenya held elections on Tuesday. A diplomat said they were fair."
    doc = builtin_kb.document_context(text, "2022-08-10")
    (m,) = [m for m in doc.mentions if m.text == "diplomat"]
    assert m.resolutions[0].kind == "sector_only"
    assert [r.code for r in _in_article(builtin_kb, text, "A diplomat")] == ["GOV"]


def test_the_countrys_army_is_the_state_named_last(builtin_kb):
    text = "Kenya held elections on Tuesday. The country's army was deployed."
    (r,) = _in_article(builtin_kb, text, "The country's army")
    assert r.code == "KENMIL"


def test_the_company_and_the_party_are_the_last_ones_named(builtin_kb):
    text = "Microsoft said profits rose. The company will hire. Labour won and the party celebrated."
    assert [r.code for r in _in_article(builtin_kb, text, "The company", "2005-03-01")] == ["MNCUSA"]
    (party,) = _in_article(builtin_kb, text, "the party", "2005-03-01")
    assert (party.code, party.kb_id) == ("GBRPTY", "labour-party-uk")


def test_a_possessive_owner_acts_through_a_body_the_kb_does_not_know(builtin_kb):
    (r,) = builtin_kb.resolve_span("a delegation of the Taliban's political office", "2021-07-08")
    assert r.code == "AFGINS" and "owner of 'political office'" in r.reason
    text = "The Taliban took Kabul in August. Russia met a delegation of the movement's interim government."
    (r,) = _in_article(builtin_kb, text, "a delegation of the movement's interim government", "2021-10-20")
    assert (r.kb_id, r.code) == ("taliban", "AFGGOV")


def test_the_country_an_article_names_most_gives_its_sectors_a_country(builtin_kb):
    text = ("Britain's economy grew. British exports rose and the UK trade gap narrowed, while Spain "
            "held steady. The government welcomed the figures.")
    (r,) = _in_article(builtin_kb, text, "The government")
    assert r.code == "GBRGOV" and "names most" in r.reason and r.confidence < 0.5
    even = "Britain and Spain talked. Spain and Britain agreed. The government welcomed it."
    assert [x.code for x in _in_article(builtin_kb, even, "The government")] == ["GOV"]
