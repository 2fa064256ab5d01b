"""Title, dates, datelines, outlets and language found in the text itself."""

from __future__ import annotations

from datetime import date

import pytest

from parley.read import read_text
from parley.read.metadata import byline, credit_outlet, date_line, find_dateline, infer_year, parse_iso

BODY = "The two delegations agreed to meet again next month, officials said in a statement on the talks."


@pytest.mark.parametrize("line, expected", [
    ("date 2021-08-18", date(2021, 8, 18)),
    ("Wed 18th August 2021 | 07:45 PM", date(2021, 8, 18)),
    ("Published: 16 July 2021", date(2021, 7, 16)),
    ("Updated: Aug 3rd, 2022, 10:15 am", date(2022, 8, 3)),
    ("March 9, 2023 - updated 14:02 GMT", date(2023, 3, 9)),
    ("Posted on 05.08.2021 | 11:32 (Almaty time)", date(2021, 8, 5)),
    ("21/10/2021", date(2021, 10, 21)),
])
def test_explicit_date_lines(line, expected):
    assert date_line(line) == expected


@pytest.mark.parametrize("line", [
    "The accord was signed on 16 July 2021 in Doha after months of talks.",
    "03/04/2021",  # March or April: unknown, never guessed
    "Published yesterday",  # relative dates are not resolved against 'now'
    "31 February 2021",
])
def test_non_date_lines(line):
    assert date_line(line) is None


@pytest.mark.parametrize("paragraph, place, when, outlet", [
    ("MOSCOW, July 16. /TASS/. Russia's foreign minister said", "MOSCOW", (None, 7, 16), "TASS"),
    ("KABUL (Reuters) - The Taliban said on Monday", "KABUL", None, "Reuters"),
    ("TASHKENT, July 15 (Xinhua) -- Uzbekistan hosted", "TASHKENT", (None, 7, 15), "Xinhua"),
    ("ISLAMABAD, (UrduPoint / Pakistan Point News - 18th Aug, 2021) : Pakistan said", "ISLAMABAD",
     (2021, 8, 18), "UrduPoint"),
    ("KYIV, Ukraine (AP) — Explosions were heard", "KYIV", None, "Associated Press"),
    ("BEIJING, Jan. 5, 2022 (Xinhua) -- China said", "BEIJING", (2022, 1, 5), "Xinhua"),
    ("WASHINGTON — The United States said", "WASHINGTON", None, None),
    ("Nairobi, March 2 (Horn Wire) - Kenya's president", "Nairobi", (None, 3, 2), "Horn Wire"),
])
def test_datelines(paragraph, place, when, outlet):
    info = find_dateline(paragraph)
    assert info is not None
    assert (info.place, info.date, info.outlet) == (place, when, outlet)


@pytest.mark.parametrize("paragraph", [
    "NATO said on Tuesday it would send more troops.",
    "The Taliban said on Monday they would attend.",
    "Monday, the minister said, was a turning point.",
    "UN Security Council members met behind closed doors.",
])
def test_sentences_are_not_datelines(paragraph):
    assert find_dateline(paragraph) is None


def test_partial_dateline_stays_partial_without_a_year():
    doc = read_text(f"DUSHANBE, Sept. 3 (Pamir Wire) - {BODY}", id="d")
    assert doc.dateline is not None
    assert doc.dateline.date == "--09-03"
    assert doc.date is None
    assert doc.outlet == "Pamir Wire"


def test_partial_dateline_takes_year_from_reference_date():
    doc = read_text(f"DUSHANBE, Sept. 3 (Pamir Wire) - {BODY}", id="d", date="2021-09-04")
    assert doc.dateline.date == "2021-09-03"
    assert doc.date == "2021-09-03"


def test_dateline_just_before_new_year_takes_previous_year():
    assert infer_year(12, 30, date(2022, 1, 2)) == date(2021, 12, 30)
    doc = read_text(f"OTTAWA, Dec. 30 (Maple Post) - {BODY}", id="d", date="2022-01-02")
    assert doc.date == "2021-12-30"


def test_date_line_beats_reference_date_and_fills_dateline_year():
    text = f"Talks end in Astana\nPublished: 16 July 2021\nASTANA, July 15 (Steppe Wire) - {BODY}"
    doc = read_text(text, id="d", date="2024-01-01")
    assert doc.date == "2021-07-16"
    assert doc.dateline.date == "2021-07-15"
    assert "Published: 16 July 2021" in doc.removed


def test_reference_date_is_the_date_when_the_text_has_none():
    assert read_text(BODY, id="d", date="2020-05-01").date == "2020-05-01"
    assert read_text(BODY, id="d").date is None


@pytest.mark.parametrize("line, author, outlet", [
    ("By Jane Doe, Associated Press", "Jane Doe", "Associated Press"),
    ("By Omar Farouk and Lena Petrova | Reuters", "Omar Farouk and Lena Petrova", "Reuters"),
    ("By Staff Reporter", "Staff Reporter", None),
    ("By AP", None, "Associated Press"),
    ("By Reuters", None, "Reuters"),
])
def test_bylines(line, author, outlet):
    assert byline(line) == (author, outlet)


@pytest.mark.parametrize("line, outlet", [
    ("Based on materials from TASS", "TASS"),
    ("(With inputs from PTI)", "PTI"),
    ("Source: Xinhua", "Xinhua"),
    ("UrduPoint.com", "UrduPoint.com"),
    ("Originally published by The Baltic Times.", "The Baltic Times"),
])
def test_credit_lines(line, outlet):
    assert credit_outlet(line) == outlet


def test_sentence_after_a_source_label_is_not_an_outlet():
    assert credit_outlet("Sources: Western diplomats said the talks had failed.") is None


def test_outlet_from_credit_line_at_the_foot():
    doc = read_text(f"Envoys meet in Baku\n\n{BODY}\n\nBased on materials from Trend", id="c")
    assert doc.outlet == "Trend"
    assert doc.removed == ["Based on materials from Trend"]
    assert "materials" not in doc.text


def test_byline_gives_author_and_outlet():
    doc = read_text(f"Envoys meet in Baku\nBy Aygun Aliyeva, Associated Press\n\n{BODY}", id="b")
    assert (doc.author, doc.outlet) == ("Aygun Aliyeva", "Associated Press")


def test_unknown_metadata_is_null():
    doc = read_text(BODY, id="u")
    assert (doc.title, doc.date, doc.outlet, doc.dateline, doc.author, doc.url) == (None,) * 6


def test_container_metadata_wins_over_text():
    doc = read_text(f"KABUL (Reuters) - {BODY}", id="w", outlet="Kabul Ledger", title="Talks to resume")
    assert doc.outlet == "Kabul Ledger"
    assert doc.dateline.outlet == "Reuters"
    assert doc.title == "Talks to resume"


def test_language_is_reported_not_refused():
    doc = read_text("Die Außenminister beider Länder trafen sich am Montag in Genf zu Gesprächen "
                    "über einen Waffenstillstand, teilte das Ministerium mit.", id="de")
    assert doc.language == "de"
    assert read_text(BODY, id="en").language == "en"


@pytest.mark.parametrize("value, expected", [
    ("2021-08-18", date(2021, 8, 18)), ("2021-08-18T22:15:00+04:30", date(2021, 8, 18)),
    ("18 August 2021", date(2021, 8, 18)), ("soon", None), (None, None), (20210818, None),
])
def test_parse_iso(value, expected):
    assert parse_iso(value) == expected


def test_title_label_is_dropped():
    doc = read_text(f"Subject: Monitors arrive at the border\n\n{BODY}", id="s")
    assert doc.title == "Monitors arrive at the border"


def test_scraped_page_title_gives_headline_and_site():
    doc = read_text(f"Dock workers end strike as ports reopen | World | Harbour Times\n\n{BODY}", id="p")
    assert doc.title == "Dock workers end strike as ports reopen"
    assert doc.outlet == "Harbour Times"
