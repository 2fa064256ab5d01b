"""Event dates resolved against the publication date (parley/nlp/dates.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.nlp.dates import (
    WEEKDAYS,
    find_event_date,
    parse_pub_date,
    resolve_date_expression,
    resolve_event_date,
)

WED = "2021-08-18"  # a Wednesday


@pytest.fixture(scope="module", params=["with-ner", "without-ner"])
def nlp(request):
    """The pinned pipeline as parley runs it (NER off) and with NER on."""
    import spacy

    from parley.config import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL, exclude=[] if request.param == "with-ner" else ["ner"])


@pytest.mark.parametrize("text, tense, expected", [
    ("The ministers met on Wednesday.", None, "2021-08-18"),  # a Wednesday article: that day
    ("The ministers met on Tuesday.", None, "2021-08-17"),
    ("The ministers met on Thursday.", None, "2021-08-12"),  # past: the Thursday before
    ("The ministers will meet on Friday.", "future", "2021-08-20"),
    ("The ministers will meet on Monday.", "future", "2021-08-23"),
    ("They met last Wednesday.", None, "2021-08-11"),
    ("They meet next Wednesday.", None, "2021-08-25"),
    ("They met on Tuesday last week.", None, "2021-08-10"),
    ("The envoy arrived yesterday.", None, "2021-08-17"),
    ("Shelling was heard overnight.", None, "2021-08-17"),
    ("The vote is today.", None, "2021-08-18"),
    ("The talks open tomorrow.", "future", "2021-08-19"),
    ("The border was closed three days ago.", None, "2021-08-15"),
    ("The deal was signed on March 30.", None, "2021-03-30"),
    ("The deal was signed on September 30.", None, "2020-09-30"),  # > 30 days ahead: last year
    ("Elections will be held on March 30.", "future", "2022-03-30"),
    ("The deal was signed on 15 August 2019.", None, "2019-08-15"),
    ("The deal was signed on August 15th, 2019.", None, "2019-08-15"),
    ("The decree dated 2020-02-01 was annulled.", None, "2020-02-01"),
    ("On Monday, March 1 the parliament voted.", None, "2021-03-01"),  # the full date wins
])
def test_day_expressions(text, tense, expected):
    assert resolve_date_expression(text, WED, tense) == expected


@pytest.mark.parametrize("text, tense, expected", [
    ("The offensive began in August.", None, "2021-08"),
    ("The offensive began in October.", None, "2020-10"),
    ("Troops will withdraw in January.", "future", "2022-01"),
    ("Talks resumed earlier this month.", None, "2021-08"),
    ("Talks collapsed last month.", None, "2021-07"),
    ("The treaty was ratified in 2019.", None, "2019"),
    ("The treaty was ratified in May 2018.", None, "2018-05"),
])
def test_partial_dates(text, tense, expected):
    assert resolve_date_expression(text, WED, tense) == expected
    assert resolve_date_expression(text, WED, tense, allow_partial=False) is None


@pytest.mark.parametrize("text", [
    "Troops shelled the town last week.",
    "Fighting has eased this week.",
    "Tensions have risen recently.",
    "Sanctions have been in force since March.",
    "The protesters may return.",
    "The sun sat low as the convoy wed the coast road.",
    "No date is named here.",
])
def test_vague_or_absent(text):
    assert resolve_date_expression(text, WED) is None


def test_without_publication_date_only_explicit_years_resolve():
    assert resolve_date_expression("They met on Wednesday.", None) is None
    assert resolve_date_expression("They met yesterday.", None) is None
    assert resolve_date_expression("They met on 2 May 2020.", None) == "2020-05-02"
    assert resolve_date_expression("They met on March 30.", None) == "--03-30"


def test_publication_date_formats():
    assert parse_pub_date("20080804") == date(2008, 8, 4)
    assert parse_pub_date("2008-08-04T10:00:00Z") == date(2008, 8, 4)
    assert parse_pub_date("August 2008") is None
    assert parse_pub_date("2008-02-30") is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from(WEEKDAYS))
def test_weekday_is_within_the_week_on_the_right_side(pub, weekday):
    past = date.fromisoformat(resolve_date_expression(f"They met on {weekday}.", pub.isoformat()))
    future = date.fromisoformat(resolve_date_expression(f"They meet on {weekday}.", pub.isoformat(), "future"))
    assert past.strftime("%A").lower() == weekday == future.strftime("%A").lower()
    assert pub - timedelta(days=6) <= past <= pub <= future <= pub + timedelta(days=6)


def test_span_uses_entities_and_tense(nlp):
    doc = nlp("Russia's foreign minister and his Kazakh counterpart discussed Afghanistan by phone "
              "on Wednesday. The two sides will meet again on Friday in Doha.")
    first, second = list(doc.sents)
    assert resolve_event_date(first, WED) == "2021-08-18"
    assert resolve_event_date(second, WED) == "2021-08-20"  # "will": the next Friday


def test_span_without_date_returns_none(nlp):
    doc = nlp("Protesters march through the capital every May.")
    assert resolve_event_date(next(doc.sents), WED) is None


def test_anchor_picks_the_nearest_expression(nlp):
    doc = nlp("Troops shelled the village last week, officials said on Monday.")
    sent = next(doc.sents)
    shelled = doc.text.index("shelled")
    said = doc.text.index("said")
    assert resolve_event_date(sent, WED, anchor=shelled) is None  # vague: no day to name
    assert resolve_event_date(sent, WED, anchor=said) == "2021-08-16"
    assert resolve_event_date(sent, WED) == "2021-08-16"


def test_vague_dates_are_told_apart_from_no_date(nlp):
    doc = nlp("Troops held joint drills near the border last week. The troops held joint drills.")
    vague, undated = list(doc.sents)
    found = find_event_date(vague, WED)
    assert found is not None and found.value is None
    assert doc.text[found.start:found.end].endswith("last week")
    assert find_event_date(undated, WED) is None
    dated = find_event_date(next(nlp("They met on Tuesday.").sents), WED)
    assert dated.value == "2021-08-17" and dated.rank == 1
