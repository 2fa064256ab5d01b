"""Stamps, repeated leads and publication dates (issues 16 and 17), on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from parley.read import read_text
from parley.read.clean import make_units
from parley.read.leads import mark_repeated_leads, same_lead
from parley.read.pubdate import Evidence, complete_year, decide, explicit_dates, url_date, year_from_text
from parley.read.stamps import metadata_line, peel_stamp

LEAD = "Envoys of Kyrgyzstan and Tajikistan agreed on Friday to pull back troops from the disputed border area."
MORE = "The two sides will set up joint patrols and meet again next month in Batken, officials said."


# --------------------------------------------------------------------------- stamps


@pytest.mark.parametrize("line, when, updated, rest", [
    ("date 2021-07-09 Russian Foreign Minister Sergey Lavrov said.", date(2021, 7, 9), False,
     "Russian Foreign Minister Sergey Lavrov said."),
    ("date 2021-10-20 MOSCOW, October 20. /TASS/. Russia hosted talks.", date(2021, 10, 20), False,
     "MOSCOW, October 20. /TASS/. Russia hosted talks."),
    ("5 minutes ago Wed 07th July 2021 | 09:40 AM KABUL (Reuters) - Talks began.", date(2021, 7, 7), False,
     "KABUL (Reuters) - Talks began."),
    ("Published 09 Jul 2021 10:40 DOHA, Qatar (Gulf Wire) - Talks began.", date(2021, 7, 9), False,
     "DOHA, Qatar (Gulf Wire) - Talks began."),
    ("2021-08-15T18:20:00+04:30 KABUL, Afghanistan (AP) — Fighters entered.", date(2021, 8, 15), False,
     "KABUL, Afghanistan (AP) — Fighters entered."),
    ("Last updated on July 9, 2021 at 10:40 GMT+3 DUSHANBE (Asia-Plus) - Talks.", date(2021, 7, 9), True,
     "DUSHANBE (Asia-Plus) - Talks."),
    ("Thursday, 22 July 2021 10:40 MSK Moscow said it would send aid.", date(2021, 7, 22), False,
     "Moscow said it would send aid."),
    ("Published: 16 July 2021", date(2021, 7, 16), False, ""),
])
def test_stamps_are_peeled_off_the_lead(line, when, updated, rest):
    stamp = peel_stamp(line)
    assert stamp is not None
    assert (stamp.date, stamp.updated, stamp.rest) == (when, updated, rest)
    assert line.startswith(stamp.text)


@pytest.mark.parametrize("line", [
    "18 August 2021 was the day the last evacuation flight left.",  # a date opening prose
    "Published reports said the talks had failed.",
    "Posted on 05.08.2021 by the ministry press office",  # a notice: lower case follows
    "Dated 12 March 2021, the letter asks for a ceasefire.",
    "MOSCOW, July 16. /TASS/. Talks began.",
    "2021 was a difficult year for the region.",
])
def test_prose_and_datelines_are_not_stamps(line):
    assert peel_stamp(line) is None


@pytest.mark.parametrize("line, when, updated, author", [
    ("By Jane Doe | Published 09 July 2021 | 09:40 AM", date(2021, 7, 9), False, "Jane Doe"),
    ("5 minutes ago Wed 07th July 2021 | 09:40 AM", date(2021, 7, 7), False, None),
    ("Updated 10 July 2021 | Published 9 July 2021", date(2021, 7, 9), False, None),
    ("Updated: 12 Aug 2021 10:15 GMT", date(2021, 8, 12), True, None),
    ("By Staff Reporter | 3 min read", None, False, "Staff Reporter"),
])
def test_metadata_lines(line, when, updated, author):
    meta = metadata_line(line)
    assert meta is not None
    assert (meta.date, meta.updated, meta.author) == (when, updated, author)


@pytest.mark.parametrize("line", ["World | Europe | Politics", LEAD, "Share | Tweet | Email"])
def test_other_lines_are_not_metadata(line):
    assert metadata_line(line) is None


def test_stamp_glued_to_the_lead_dates_the_article_and_leaves_the_text():
    doc = read_text(f"date 2021-06-11 {LEAD}\n{MORE}", id="s")
    assert doc.text.startswith("Envoys of Kyrgyzstan")
    assert (doc.date, doc.date_source) == ("2021-06-11", "page")
    assert doc.removed == ["date 2021-06-11"]


def test_published_stamp_beats_an_update_stamp():
    doc = read_text(f"Updated 14 June 2021\nPublished 11 June 2021\n{LEAD}\n{MORE}", id="s")
    assert doc.date == "2021-06-11"
    only_update = read_text(f"Updated 14 June 2021\n{LEAD}\n{MORE}", id="s")
    assert (only_update.date, only_update.date_source) == ("2021-06-14", "updated")


# --------------------------------------------------------------------------- repeated leads


def _labels(*texts: str) -> list[str]:
    units = make_units(list(texts))
    for unit in units:
        unit.label = "good"
    mark_repeated_leads(units)
    return [u.label for u in units]


def test_the_copy_with_the_dateline_wins():
    dated = f"BISHKEK, June 11 (Ala-Too Wire) - {LEAD}"
    assert _labels(LEAD, dated, MORE) == ["repeat", "good", "good"]
    assert _labels(dated, LEAD, MORE) == ["good", "repeat", "good"]


def test_without_datelines_the_fuller_copy_wins():
    trimmed = LEAD.rsplit(" ", 4)[0]
    assert _labels(trimmed, LEAD, MORE) == ["repeat", "good", "good"]
    assert _labels(LEAD, LEAD, MORE) == ["good", "repeat", "good"]


def test_a_dateline_copy_cut_short_loses_to_the_full_sentence():
    cut = "BISHKEK (Ala-Too Wire) - " + LEAD.rsplit(" ", 5)[0] + "…"
    assert _labels(cut, LEAD, MORE) == ["repeat", "good", "good"]


def test_different_sentences_are_not_one_lead():
    assert not same_lead(LEAD, MORE)
    assert not same_lead("Talks resumed.", "DOHA (Gulf Wire) - Talks resumed.")  # too short to tell


def test_repeated_lead_keeps_the_dateline_and_the_headline():
    text = (f"{LEAD}\nKyrgyz, Tajik envoys agree border pullback\n"
            f"BISHKEK, June 11 (Ala-Too Wire) - {LEAD}\n{MORE}")
    doc = read_text(text, id="r")
    assert doc.text.startswith("BISHKEK, June 11 (Ala-Too Wire) - Envoys")
    assert doc.title == "Kyrgyz, Tajik envoys agree border pullback"
    assert doc.removed == [LEAD]
    assert doc.text.count("Envoys of Kyrgyzstan") == 1


def test_lone_dateline_line_opens_the_lead():
    doc = read_text(f"BISHKEK, June 11 (Ala-Too Wire) -\n{LEAD}\n{MORE}", id="l", date="2021-06-12")
    assert doc.text.startswith(f"BISHKEK, June 11 (Ala-Too Wire) - {LEAD}")
    assert doc.dateline is not None and doc.dateline.date == "2021-06-11"


def test_dateline_after_a_caption_is_found_but_not_one_deep_in_the_body():
    caption = "Photo: Border guards at a checkpoint near Batken. (Ala-Too archive)"
    doc = read_text(f"{caption}\nBISHKEK, June 11 (Ala-Too Wire) - {LEAD}\n{MORE}", id="c")
    assert doc.dateline is not None and doc.dateline.place == "BISHKEK"
    deep = read_text(f"{LEAD}\n{MORE}\nBISHKEK, June 11 (Ala-Too Wire) - {LEAD[:-1]} again.", id="d")
    assert deep.dateline is None


# --------------------------------------------------------------------------- years of datelines


@pytest.mark.parametrize("url, full, month", [
    ("https://a.example/world/2021/10/20/moscow-format", date(2021, 10, 20), (2021, 10)),
    ("https://a.example/world/2021-10-20-moscow-format", date(2021, 10, 20), (2021, 10)),
    ("https://a.example/20211020/moscow-format.html", date(2021, 10, 20), (2021, 10)),
    ("https://a.example/news/2021/10/moscow-format", None, (2021, 10)),
    ("https://a.example/news/moscow-format-2021", None, None),
    ("https://a.example/2021/13/40/odd", None, None),
    ("https://2021-10-20.example/news", None, None),  # the host is not the path
    (None, None, None),
])
def test_url_date_paths(url, full, month):
    assert url_date(url) == (full, month)


def test_explicit_dates_are_full_dates_only():
    assert explicit_dates("On March 30 and on 2 April 2021, then 2021-05-04; not 03/04/2021.") == [
        date(2021, 4, 2), date(2021, 5, 4)]


@pytest.mark.parametrize("month, day, dates, expected", [
    (7, 16, [date(2021, 3, 30)], date(2021, 7, 16)),  # the example
    (7, 16, [date(2021, 3, 30), date(2021, 11, 10)], date(2021, 7, 16)),  # a date ahead does not decide
    (1, 3, [date(2021, 12, 28)], date(2022, 1, 3)),  # across new year
    (12, 30, [date(2022, 1, 10), date(2021, 12, 7)], date(2021, 12, 30)),
    (9, 16, [date(2020, 11, 30)], date(2021, 9, 16)),  # a summit ten months before
    (1, 31, [date(2021, 2, 1), date(2023, 1, 24)], date(2023, 1, 31)),  # the coup of 2021, a week ago
    (7, 16, [date(2021, 11, 10)], date(2022, 7, 16)),  # one date alone is read as the past
    (7, 16, [date(1989, 2, 15), date(2021, 3, 30)], date(2021, 7, 16)),  # history does not decide
    (2, 29, [date(2021, 3, 1)], None),  # no 29 February fits a year around 2021
    (7, 16, [], None),
])
def test_year_from_the_articles_own_dates(month, day, dates, expected):
    assert year_from_text(month, day, dates) == expected


def test_the_text_year_yields_to_a_reference_when_it_is_history():
    text = "The accords were signed on September 13, 1993."
    assert complete_year(10, 7, Evidence(), text) == (date(1993, 10, 7), "text")
    assert complete_year(10, 7, Evidence(crawl=date(2023, 10, 8)), text) == (date(2023, 10, 7), "crawl")
    recent = "The accords were signed on September 13, 2023."
    assert complete_year(10, 7, Evidence(reference=date(2023, 9, 1)), recent) == (date(2023, 10, 7), "text")


def test_year_sources_in_order_of_trust():
    text = "The talks first met on March 30, 2019."
    assert complete_year(7, 16, Evidence(url="https://a.example/2021/07/x", reference=date(2020, 7, 1)), text) \
        == (date(2021, 7, 16), "url")
    assert complete_year(7, 16, Evidence(updated=date(2021, 7, 17)), text) == (date(2021, 7, 16), "updated")
    assert complete_year(7, 16, Evidence(reference=date(2020, 7, 20)), "") == (date(2020, 7, 16), "reference")
    assert complete_year(7, 16, Evidence(), "") == (None, None)


def test_decide_prefers_metadata_then_page_then_dateline():
    ev = Evidence(metadata=date(2021, 7, 17), page=date(2021, 7, 18))
    got = decide(ev, (None, 7, 16), "")
    assert (got.date, got.source, got.dateline) == (date(2021, 7, 17), "metadata", "2021-07-16")
    got = decide(Evidence(page=date(2021, 7, 18)), (2021, 7, 16), "")
    assert (got.date, got.source) == (date(2021, 7, 18), "page")
    got = decide(Evidence(url="https://a.example/2021/07/19/x"), None, "")
    assert (got.date, got.source) == (date(2021, 7, 19), "url")
    got = decide(Evidence(), (None, 7, 16), "")
    assert (got.date, got.source, got.dateline) == (None, None, "--07-16")


def test_tass_dateline_takes_its_year_from_the_article():
    """Issue 16: "MOSCOW, July 16. /TASS/" gave no date although the text names March 30, 2021."""
    text = ("MOSCOW, July 16. /TASS/. The contact group on Afghanistan will meet again soon, the ministry "
            "said.\nIts last session was held in Dushanbe on March 30, 2021, at the level of deputy ministers.")
    doc = read_text(text, id="t")
    assert (doc.date, doc.date_source) == ("2021-07-16", "dateline+text")
    assert doc.dateline is not None and doc.dateline.date == "2021-07-16"


def test_reuters_month_day_dateline_takes_the_year_of_the_text():
    """Issue 17: "HARB-MAIDON TRAINING GROUND, Tajikistan, Oct 23 (Reuters) -" gave "--10-23"."""
    text = ("HARB-MAIDON TRAINING GROUND, Tajikistan, Oct 23 (Reuters) - Russian and Tajik troops held drills "
            "on Saturday near the Afghan border.\nA larger exercise took place there on August 10, 2021.")
    doc = read_text(text, id="h")
    assert (doc.date, doc.dateline.date if doc.dateline else None) == ("2021-10-23", "2021-10-23")


def test_a_document_without_any_date_says_so_by_null():
    doc = read_text(f"{LEAD}\n{MORE}", id="n")
    assert (doc.date, doc.date_source) == (None, None)
    dated = read_text(f"{LEAD}\n{MORE}", id="n", date="2021-06-11")
    assert (dated.date, dated.date_source) == ("2021-06-11", "reference")
