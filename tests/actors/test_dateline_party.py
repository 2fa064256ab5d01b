"""Parties coded from whole articles: the dateline and the article name the one state involved."""

from __future__ import annotations

import pytest

from parley.read import read_text


@pytest.fixture(scope="module")
def coder():
    from parley.coding.coder import Coder
    from parley.config import Settings

    return Coder(Settings())


def _sources(coder, text, date):
    events = coder.code_document(read_text(text, id="t", date=date))
    return {(s.text, s.code) for e in events for s in e.source}, events


def test_government_troops_under_a_kabul_dateline_are_afghan(coder):
    found, events = _sources(coder, "KABUL, March 3 (Reuters) - Government troops attacked Taliban fighters near "
                                    "the city on Tuesday.", "2015-03-03")
    assert ("Government troops", "AFGMIL") in found, [(e.source, e.target) for e in events]


def test_a_delegation_from_the_afghan_government_is_not_a_bare_gov(coder):
    found, _ = _sources(coder, "A delegation from the Afghan Government, led by Abdullah Abdullah, met Taliban "
                               "negotiators in Doha on Tuesday.", "2020-09-15")
    assert {code for _, code in found} == {"AFGGOV"}


def test_the_government_of_the_only_country_an_article_names(coder):
    found, _ = _sources(coder, "Kenya held elections on Tuesday. The government accused the opposition of fraud.",
                        "2022-08-10")
    assert ("The government", "KENGOV") in found
