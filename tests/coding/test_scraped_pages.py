"""Scraped pages through reader and coder (issue 17): the stamped phone call of two ministers."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.read import read_inputs
from parley.records import Document

PAGE = Path(__file__).resolve().parents[1] / "read" / "pages" / "s01-lavrov-kamilov-call.txt"


@pytest.fixture(scope="module")
def phone_call(coder):
    (doc,) = list(read_inputs([str(PAGE)]))
    assert isinstance(doc, Document)
    return doc, coder.code_document(doc)


def test_the_coder_gets_the_clean_dated_lead(phone_call):
    doc, events = phone_call
    lead = [e for e in events if e.sentence_index == 0]
    assert lead, "the lead sentence codes nothing"
    for e in lead:
        assert e.sentence.startswith("MOSCOW (Steppe Wire / Central Asia Bulletin - 09th July, 2021) Russian")
        assert "date 2021" not in e.sentence
        assert (e.date, e.date_precision) == ("2021-07-09", "day")
    assert any(e.cameo.code == "041" for e in lead)  # discussed by phone


def test_phone_call_is_a_consultation_between_the_two_governments(phone_call):
    _doc, events = phone_call
    consult = [e for e in events if e.sentence_index == 0 and e.cameo.root == "04"]
    assert consult
    parties = [a for e in consult for a in e.source + e.target]
    assert {a.code for a in parties} == {"RUSGOV", "UZBGOV"}
    assert {"sergey-lavrov", "abdulaziz-kamilov"} <= {a.kb_id for a in parties}


def test_a_dateline_opening_a_sentence_is_neither_party_nor_trigger(coder):
    # parsed whole, the dateline gave a protest ("March") by TEHRAN; only the clause after it is parsed
    text = ("TEHRAN (Caspian Post - 18th March, 2021) Iranian Foreign Minister Javad Zarif and his Russian "
            "counterpart Sergey Lavrov met in Moscow.")
    events = coder.code_document(Document(id="d", text=text, date="2021-03-18"))
    assert {e.cameo.code for e in events} == {"040"}
    assert all(e.sentence == text and text[e.trigger.start:e.trigger.end] == e.trigger.text for e in events)
    assert all(a.text != "TEHRAN" for e in events for a in e.source + e.target)
    assert {a.country for e in events for a in e.source} == {"IRN", "RUS"}


def test_a_phone_call_about_a_country_is_not_aimed_at_it(coder):
    text = "The foreign ministers of Turkey and Qatar discussed by phone the situation on the Libyan-Tunisian border."
    events = coder.code_document(Document(id="t", text=text, date="2021-03-03"))
    assert {e.cameo.code for e in events} == {"041"}
    assert {a.country for e in events for a in e.source + e.target} == {"TUR", "QAT"}
