"""Repeated leads: a page's summary and its body often open with the same sentence.

Scraped pages and page stores put the lead twice — once as a summary (or description) at the
top, once as the first paragraph under its dateline. Plain repetition removal keeps the first
copy, which loses the dateline and often a fuller sentence. Here, among the first paragraphs,
two paragraphs are one lead when, with any dateline set aside, the shorter is (at least 90 %
similar to) the beginning of the longer and has 8 words or more. The copy that stays:

1. the one that opens with a dateline (it dates and places the article, and the body follows
   it), unless it is cut short with an ellipsis and the other is fuller;
2. otherwise the fuller one (more words: a summary trims the lead, never the reverse);
3. otherwise the first.

>>> units = make_units(["Envoys of Russia and Uzbekistan discussed regional security by phone on Friday.",
...                     "MOSCOW (Volga Wire) - Envoys of Russia and Uzbekistan discussed regional security "
...                     "by phone on Friday."])
>>> for u in units: u.label = "good"
>>> mark_repeated_leads(units); [u.label for u in units]
['repeat', 'good']
"""

from __future__ import annotations

from rapidfuzz import fuzz

from parley.read.clean import Unit, make_units, norm_words
from parley.read.metadata import find_dateline

__all__ = ["HEAD", "make_units", "mark_repeated_leads", "same_lead"]

HEAD = 8  # a repeated lead sits in the first paragraphs of a page
MIN_WORDS = 8
ELLIPSIS = ("…", "...")


def _body(text: str) -> tuple[list[str], bool]:
    """The words of a paragraph without its dateline, and whether it had one."""
    info = find_dateline(text)
    return norm_words(text[info.end:] if info else text), info is not None


def same_lead(a: str, b: str) -> bool:
    """Do two paragraphs carry the same lead (one a copy or a trimmed copy of the other)?

    >>> same_lead("Talks resumed in Doha on Monday between the two delegations after a pause…",
    ...           "DOHA (Gulf Wire) - Talks resumed in Doha on Monday between the two delegations "
    ...           "after a pause of three weeks, officials said.")
    True
    """
    words_a, _ = _body(a)
    words_b, _ = _body(b)
    short, long = sorted((words_a, words_b), key=len)
    if len(short) < MIN_WORDS:
        return False
    return bool(fuzz.ratio(" ".join(short), " ".join(long[:len(short)]), score_cutoff=90))


def _keep_second(first: Unit, second: Unit) -> bool:
    """Which copy of a repeated lead stays (see the module docstring)."""
    words_1, dated_1 = _body(first.text)
    words_2, dated_2 = _body(second.text)
    if dated_1 != dated_2:
        dated, other = (second, first) if dated_2 else (first, second)
        cut = dated.text.rstrip().endswith(ELLIPSIS) and len(_body(other.text)[0]) > len(_body(dated.text)[0])
        return (dated is second) != cut
    return len(words_2) > len(words_1)


def mark_repeated_leads(units: list[Unit], *, head: int = HEAD) -> None:
    """Label the losing copy of every repeated lead among the first ``head`` units "repeat"."""
    candidates = [u for u in units[:head] if u.label in ("good", "short") and len(u.words) >= MIN_WORDS]
    for i, first in enumerate(candidates):
        for second in candidates[i + 1:]:
            if first.label == "repeat":
                break
            if second.label == "repeat" or not same_lead(first.text, second.text):
                continue
            (first if _keep_second(first, second) else second).label = "repeat"
