"""Dates from the text (issue 16): event date precision, and one note per article nothing dates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from parley.cli import main
from parley.read import NO_DATE, read_text

UNDATED = ("Pakistan's foreign minister met the Taliban's acting foreign minister in Kabul to discuss trade "
           "and the reopening of the Torkham crossing, officials said.")
TEXT_YEAR = ("DUSHANBE, Sept. 16 (Pamir Wire) - Leaders of the Collective Security Treaty Organization met in "
             "Dushanbe on Thursday.\nThe alliance last held such a summit in Moscow on November 30, 2020.")


@pytest.mark.parametrize("sentence, date, precision", [
    ("Russian and Chinese envoys held talks in Moscow on Monday.", "2021-10-18", "day"),
    ("Russian and Chinese envoys held talks in Beijing in August.", "2021-08", "month"),
    ("Russia and Pakistan signed an agreement on a gas pipeline in 2015.", "2015", "year"),
])
def test_event_date_precision_follows_the_sentence(code, sentence, date, precision):
    events = code(sentence, date="2021-10-20")
    assert events, sentence
    assert {(e.date, e.date_precision) for e in events} == {(date, precision)}


def test_undated_article_gives_undated_events(coder):
    doc = read_text(UNDATED, id="u")
    events = coder.code_document(doc)
    assert events and doc.date is None
    assert {(e.date, e.date_precision) for e in events} == {(None, "none")}


def test_dateline_year_from_the_article_dates_its_events(coder):
    doc = read_text(TEXT_YEAR, id="y")
    assert (doc.date, doc.date_source) == ("2021-09-16", "dateline+text")
    events = [e for e in coder.code_document(doc) if e.sentence_index == 0]
    assert events and {e.date for e in events} == {"2021-09-16"}


@pytest.fixture
def parley(capsys):
    """Run the CLI in-process (spaCy and the knowledge base stay loaded between tests)."""

    def run(*args: str) -> SimpleNamespace:
        code = main(list(args))
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


@pytest.fixture
def articles(tmp_path):
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(TEXT_YEAR, encoding="utf-8")
    return tmp_path


def test_code_says_once_that_an_article_has_no_date(parley, articles):
    out = parley("code", str(articles))
    assert out.returncode == 0 and out.stdout
    notes = [line for line in out.stderr.splitlines() if NO_DATE in line]
    assert notes == [f"parley: {articles / 'undated.txt'}: {NO_DATE}"]
    assert not parley("code", "--date", "2021-09-20", str(articles)).stderr
    assert not parley("code", "-q", str(articles)).stderr


def test_ingest_notes_new_undated_articles_once(parley, articles, tmp_path):
    db = str(tmp_path / "dates.duckdb")
    first = parley("ingest", str(articles), "--db", db)
    assert first.returncode == 0
    assert [line for line in first.stderr.splitlines() if NO_DATE in line] == [f"parley: undated: {NO_DATE}"]
    again = parley("ingest", str(articles), "--db", db)  # stored already: nothing new to note
    assert NO_DATE not in again.stderr
