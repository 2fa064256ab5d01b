"""Event locations from the sentence and the dateline (parley/coding/places.py)."""

from __future__ import annotations

import pytest

from parley.coding.places import gazetteer, locate, locate_name


@pytest.fixture(scope="module", params=["with-ner", "without-ner"])
def nlp(request):
    """The pinned pipeline as parley runs it (NER off) and with NER on."""
    import spacy

    from parley.config import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL, exclude=[] if request.param == "with-ner" else ["ner"])


def first_sentence(nlp, text):
    return next(nlp(text).sents)


@pytest.mark.parametrize("name, country, geonames_id", [
    ("Doha", "QAT", 290030),
    ("MOSCOW", "RUS", 524901),
    ("Kiev", "UKR", 703448),  # an alternate spelling of Kyiv
    ("Georgia", "GEO", None),  # the country, not the US state
    ("Washington", "USA", 4140963),  # the capital, not the state
    ("U.S.", "USA", None),
    ("the United States", "USA", None),
    ("Crimea", "UKR", None),
    ("Tripoli", "LBY", 2210247),  # the largest Tripoli
    ("Tripoli, Lebanon", "LBN", 266826),
])
def test_names(name, country, geonames_id):
    loc = locate_name(name)
    assert loc is not None and loc.country == country
    if geonames_id:
        assert loc.geonames_id == geonames_id


def test_country_has_a_point_inside_its_bounds():
    russia = locate_name("Russia")
    fiji = locate_name("Fiji")  # straddles 180°: a plain mean of longitudes would land near 0°
    assert 41 < russia.lat < 82 and 19 < russia.lon < 180
    assert -21 < fiji.lat < -12 and (fiji.lon > 176 or fiji.lon < -178)
    assert russia.geonames_id == 2017370


def test_unknown_and_empty_names():
    assert locate_name("Atlantis Prime") is None
    assert locate_name("") is None
    assert locate_name(None) is None
    assert gazetteer().lookup("nowhere-at-all") == []


def test_context_prefers_the_city_in_the_named_country():
    assert locate_name("Paris").country == "FRA"
    assert locate_name("Paris", context="Storms hit northeast Texas, United States").country == "USA"


@pytest.mark.parametrize("text, name, country", [
    ("The two sides will meet again on Friday in Doha.", "Doha", "QAT"),
    ("The talks were held in Moscow on Tuesday.", "Moscow", "RUS"),
    ("Talks in Geneva collapsed after two days.", "Geneva", "CHE"),
    ("Moscow hosted talks on Afghanistan with a Taliban delegation.", "Moscow", "RUS"),
    ("A car bomb exploded outside the embassy in Kabul.", "Kabul", "AFG"),
    ("Police arrested dozens of protesters in Paris, Texas on Sunday.", "Paris", "USA"),
    ("Russian and Tajik troops held joint drills at the Harb-Maidon range near the Afghan "
     "border in Tajikistan.", "Harb-Maidon range", "TJK"),
])
def test_sentence_places(nlp, text, name, country):
    loc = locate(first_sentence(nlp, text), text, None)
    assert loc is not None and (loc.name, loc.country) == (name, country)


@pytest.mark.parametrize("text", [
    "Russia condemned the attack.",  # an actor, not a place
    "The ministers discussed the situation in Afghanistan by phone.",  # a topic, not a place
    "The envoy spoke about Iran.",
])
def test_actors_and_topics_are_not_places(nlp, text):
    sent = first_sentence(nlp, text)
    assert locate(sent, text, None) is None
    dateline = locate(sent, text, "DUSHANBE")  # the dateline is the fallback
    assert dateline is not None and dateline.country == "TJK" and dateline.lat is not None


@pytest.mark.parametrize("word", ["March", "Police", "Union", "Hamas", "the Duma", "Xinhua", "Of"])
def test_words_that_name_small_towns_are_not_places(word):
    assert locate_name(word) is None


@pytest.mark.parametrize("exonym, name, country", [
    ("Bombay", "Mumbai", "IND"), ("Peking", "Beijing", "CHN"), ("Termez", "Tirmiz", "UZB"),
    ("Mazar-i-Sharif", "Mazār-e Sharīf", "AFG"),
])
def test_exonyms_and_close_spellings(exonym, name, country):
    loc = locate_name(exonym)
    assert loc is not None and (loc.name, loc.country) == (name, country)


def test_continents_have_no_country():
    asia = locate_name("Asia")
    assert asia is not None and asia.country is None and asia.lat is not None


def test_month_after_in_is_not_a_place(nlp):
    text = "The ministers met in March and again in Geneva."
    loc = locate(first_sentence(nlp, text), text, None)
    assert loc is not None and loc.name == "Geneva"
