"""Plain-text cleaning: split into paragraphs, score each line for boilerplate, drop repeats.

The method is general (see docs/READING.md): every line gets features that separate article
prose from page furniture — length, sentence-final punctuation, share of capitalised words,
a call-to-action verb at the start, second-person address, web-interface vocabulary, link and
separator characters, copyright and picture-credit shapes, numbers and symbols, repetition
inside the document — and a score. Context decides the short, uncertain lines: at the head or
foot of a page they are furniture, between two prose paragraphs they are sub-headings and stay.
Repetition is handled separately: a line made of the same words twice is collapsed, and a
paragraph that (nearly) repeats an earlier one is dropped, which removes a body pasted twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Imperative verbs that open calls to action on web pages. A feature, not a list of lines:
# "Grab the app", "Tap to unmute", "Join the conversation" all start with one of these.
CTA_VERBS = frozenset("""
accept add allow browse buy check choose click comment contact continue discover donate download
email enable explore find follow get give go grab install join learn like listen load log manage
open order print read register reply report save scroll search see select send share show sign skip
start subscribe support swipe switch tap tell try tweet turn unlock upgrade view visit watch
""".split())

# Vocabulary of page furniture (interface, promotion, social media). Scored as a share of the
# line's words, so a news sentence that mentions one of them stays prose.
INTERFACE_WORDS = frozenset("""
ad ads advert advertisement advertising alerts app apps archive article articles back banner blog
bookmark breaking browser button cart categories category channel click comment comments consent
contact cookie cookies copy copyright credit credits digest download edition editions editor's
email exclusive facebook faq feed feedback follow followers free full gallery home homepage icon
inbox instagram javascript latest link linkedin links live loading login logout menu min minute
more most navigation newsletter newsletters next notifications offer page photo photos picture
pinterest playlist podcast podcasts popular post posts premium previous print privacy profile
promoted read reading recommended related replay rss search section sections settings share
shares sign signup skip sponsored stories story subscribe subscriber subscribers subscription
tags telegram terms thumbnail top trending tweet twitter unmute video videos view viewed views
watch whatsapp widget youtube
""".split())

SECOND_PERSON = frozenset("you your yours you're you'll yourself we our us we're we'll".split())

FINAL_PUNCT = tuple('.!?"”’\'»)')
SEPARATORS = re.compile(r"\s[|•·»›>→/]\s|\s*[|•·»›→]\s*")
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I)
CREDIT = re.compile(
    r"^\W*(?:(?:file|stock|main|top|cover|feature[ds]?)\s+)?(?:photo|image|picture|pictured|pic|video|"
    r"illustration|graphic|caption|credit|footage)s?(?:\s+(?:courtesy|credits?|source))?(?:\s+of)?\s*(?:by\b|:|/|\||-|—)"
    r"|(?:photo|image|picture|credit)s?\s*(?::|by)\s*[A-Z][\w .&/-]{1,60}\W*$",
    re.I,
)
# A caption: a sentence closed by a parenthesised source, "... at the port. (Agency archive)".
CAPTION_END = re.compile(r"[.!?]\s*\((?:[A-Z][\w.&'’/-]*\s*){1,5}\)$")
CTA_SEGMENT = re.compile(r"\s[-–—|:]\s|:\s")
SELF_REFERENCE = re.compile(r"\bthis (?:article|story|page|site|post|report|video|piece)\b", re.I)
LINKISH = re.compile(r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|(?:^|\s)[@#]\w+|\.(?:com|org|net)\b", re.I)
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TOKEN_NORM = re.compile(r"[^\w]+")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(slots=True)
class Unit:
    """One paragraph (or line) of the text and what the cleaner decided about it."""

    text: str
    score: float = 0.0
    label: str = "short"  # good | short | bad | title | meta | repeat
    words: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- splitting


def normalize(text: str) -> str:
    """Unicode NFC, one kind of newline, no zero-width characters, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_units(text: str) -> list[str]:
    """Paragraphs of ``text``: one per line, except hard-wrapped blocks, which are joined.

    >>> split_units("A long line that was wrapped by an old mail client at seventy\\ncolumns here.")
    ['A long line that was wrapped by an old mail client at seventy columns here.']
    """
    units: list[str] = []
    for block in re.split(r"\n\s*\n", normalize(text)):
        lines = [line for line in block.split("\n") if line]
        if len(lines) > 1 and _hard_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    """A block whose lines break mid-sentence at a similar width was wrapped, not written so."""
    inner = lines[:-1]
    wrapped = sum(1 for line in inner if len(line) >= 45 and not line.endswith(FINAL_PUNCT))
    continued = any(line[0].islower() for line in lines[1:])  # a sentence runs on
    return continued and wrapped >= max(1, 0.6 * len(inner))


# --------------------------------------------------------------------------- repetition


def norm_words(text: str) -> list[str]:
    return [w for w in TOKEN_NORM.split(text.lower()) if w]


def collapse_doubled(text: str) -> tuple[str, str | None]:
    """A line made of the same words twice (``"Title Title"``) kept once; returns (kept, removed).

    >>> collapse_doubled("Talks resume in Doha Talks resume in Doha")
    ('Talks resume in Doha', 'Talks resume in Doha')
    """
    words = text.split(" ")
    n = len(words)
    if n < 4:
        return text, None
    lead = _bare(words[0])
    for cut in _cut_points(n):
        if _bare(words[cut]) != lead:
            continue  # cheap test first: the second copy starts with the same word
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        a, b = norm_words(first), norm_words(second)
        if len(a) < 2 or not b or a[:3] != b[:3]:
            continue
        if a == b or (len(a) >= 8 and fuzz.ratio(" ".join(a), " ".join(b), score_cutoff=92)):
            kept = first.rstrip(" |-–—:")
            return kept, second
    return text, None


def _bare(word: str) -> str:
    return word.strip(".,:;!?\"'“”‘’()[]|-–—").lower()


def _cut_points(n: int) -> list[int]:
    """Candidate split points near the middle (separators or a stray word shift it a little)."""
    mid = n // 2
    return sorted({c for c in (mid, mid + 1, mid - 1, mid + 2, mid - 2) if 1 < c < n - 1},
                  key=lambda c: abs(c - mid))


def find_repeats(units: list[Unit], *, min_chars: int = 25) -> list[int]:
    """Indices of paragraphs that repeat an earlier kept paragraph exactly or nearly.

    Near-identical means a character similarity of 90% or more; a paragraph pasted twice
    with a typo fixed or a sentence trimmed is still one paragraph. Candidates are looked up
    by their first and last three words (a near copy keeps at least one end), so a text of
    many thousands of lines is not compared pairwise.
    """
    seen_exact: set[str] = set()
    by_end: dict[str, list[str]] = {}
    repeats: list[int] = []
    for i, unit in enumerate(units):
        if unit.label in ("bad", "meta", "repeat"):
            continue
        words = norm_words(unit.text)
        key = " ".join(words)
        if not key:
            continue
        if key in seen_exact:
            repeats.append(i)
            continue
        ends = (" ".join(words[:3]), " ".join(words[-3:]))
        if len(key) >= min_chars and _near_any(key, [p for e in ends for p in by_end.get(e, ())]):
            repeats.append(i)
            continue
        seen_exact.add(key)
        if len(key) >= min_chars:
            for end in ends:
                by_end.setdefault(end, []).append(key)
    return repeats


def _near_any(key: str, candidates: list[str]) -> bool:
    size = len(key)
    for other in candidates:
        if abs(len(other) - size) <= 0.15 * max(len(other), size) and fuzz.ratio(key, other, score_cutoff=90):
            return True
    return False


# --------------------------------------------------------------------------- line scores


def boilerplate_score(text: str, words: list[str] | None = None) -> float:
    """How much a line looks like page furniture; 2 or more is boilerplate on its own.

    >>> boilerplate_score("Tap here to get our morning briefing in your inbox") >= 2
    True
    >>> boilerplate_score("The foreign ministers met in Tashkent on Thursday to discuss trade.") < 1
    True
    """
    words = WORD.findall(text) if words is None else words
    n = len(words)
    lower = [w.lower() for w in words]
    ends = text.endswith(FINAL_PUNCT)
    score = 0.0
    # Copyright and credit shapes mark short lines; a news sentence may discuss copyright.
    if n <= 25 and COPYRIGHT.search(text) and (n <= 12 or not ends or not _is_prose_words(lower)):
        score += 3
    caption = n <= 30 and bool(CREDIT.search(text) or CAPTION_END.search(text))
    if caption:
        score += 3
    if n <= 40:
        segments = [s for s in SEPARATORS.split(text) if s.strip()]
        if len(segments) >= 3 and all(len(s.split()) <= 4 for s in segments):
            score += 2.5  # a navigation trail or a row of links
        elif not ends and _is_tag_list(text):
            score += 2
    if n <= 14 and LINKISH.search(text):
        score += 2
    if _opens_with_cta(text, lower) and (n <= 12 or (n <= 30 and _second_person(words))):
        score += 2
    if n <= 20 and SELF_REFERENCE.search(text):
        score += 2  # the page talking about itself: "this story is 3 years old", "this page uses"
    interface = sum(1 for w in lower if w in INTERFACE_WORDS)
    if n:
        score += 2 * interface / n
    if interface and n <= 40 and _second_person(words) and not _is_speech(text):
        score += 1.5
    elif n <= 25 and _second_person(words) and not _is_speech(text):
        score += 1 if ends else 2  # news prose rarely addresses the reader
    if not ends:
        score += _short_line_score(text, words, n)
    if n >= 12 and ends and interface <= 0.1 * n and not caption:
        score -= 2
    return score


def _short_line_score(text: str, words: list[str], n: int) -> float:
    score = 0.0
    if n <= 5:
        score += 1
    if n == 0 or len("".join(words)) < 0.5 * len(text.replace(" ", "")):
        score += 1  # mostly digits and symbols: counters, times, ratings
    capitals = sum(1 for w in words if w[0].isupper())
    if n and n <= 8 and capitals / n >= 0.8:
        score += 0.5
    if text.endswith(":") or re.match(r"^[\w ]{2,20}:\s*\S", text) and n <= 10:
        score += 0.5  # "Label: value" rows (tags, categories, reading time)
    return score


def _opens_with_cta(text: str, lower: list[str]) -> bool:
    """A call-to-action verb opens the line or a segment after a dash, bar or colon."""
    if lower and lower[0] in CTA_VERBS:
        return True
    for segment in CTA_SEGMENT.split(text)[1:]:
        first = WORD.match(segment.strip())
        if first and first.group().lower() in CTA_VERBS:
            return True
    return False


def _is_tag_list(text: str) -> bool:
    """"World, Europe, Politics | 4 comments": three or more short items in a row."""
    items = [s for s in re.split(r"\s*[,|;/]\s*", text) if s.strip()]
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def _is_prose_words(lower: list[str]) -> bool:
    """Mostly lower-case function words and verbs: a sentence, not a notice."""
    return sum(1 for w in lower if w in ("the", "a", "an", "said", "would", "will", "to", "of", "in")) >= 3


def _second_person(words: list[str]) -> bool:
    """Addresses the reader ("you", "our"); "US" in capitals is the country, not "us"."""
    return any(w.lower() in SECOND_PERSON and not (w.isupper() and len(w) > 1) for w in words)


def _is_speech(text: str) -> bool:
    return bool(re.search(r"[\"“”]|\b(said|says|told|added|according)\b", text))


def is_prose(unit: Unit) -> bool:
    """A paragraph that reads like article text: several words ending a sentence."""
    return len(unit.words) >= 8 and unit.text.endswith(FINAL_PUNCT) and unit.score < 2


def classify(units: list[Unit]) -> None:
    """Label every unit good (prose), bad (furniture) or short (undecided) from its own score."""
    for unit in units:
        if unit.label in ("title", "meta"):
            continue
        unit.score = boilerplate_score(unit.text, unit.words)
        unit.label = "good" if is_prose(unit) else "bad" if unit.score >= 2 else "short"


def resolve_context(units: list[Unit]) -> None:
    """Decide the short lines by position: furniture at the edges, sub-headings between prose."""
    mark_repeated_short(units)
    good = [i for i, u in enumerate(units) if u.label == "good"]
    if not good:
        return  # no prose to anchor on: keep everything that is not clearly furniture
    first, last = good[0], good[-1]
    for i, unit in enumerate(units):
        if unit.label != "short":
            continue
        edge = i < first or i > last
        # Above the first and below the last prose paragraph, unfinished lines are furniture,
        # except a long, plain summary line (a standfirst) that merely lacks its full stop.
        standfirst = i < first and len(unit.words) >= 12 and unit.score < 0.5
        unfinished = not unit.text.endswith(FINAL_PUNCT) and not standfirst
        if (edge and (unit.score >= 0.5 or unfinished)) or _between_furniture(units, i):
            unit.label = "bad"


def mark_repeated_short(units: list[Unit]) -> None:
    """A short line seen twice or more in one article is a repeated widget label."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.label in ("short", "bad") and len(unit.words) <= 12:
            key = " ".join(norm_words(unit.text))
            counts[key] = counts.get(key, 0) + 1
    for unit in units:
        if unit.label == "short" and counts.get(" ".join(norm_words(unit.text)), 0) >= 2:
            unit.label = "bad"


def _between_furniture(units: list[Unit], i: int) -> bool:
    """A short line whose neighbours are both furniture belongs to the same widget."""
    before = units[i - 1].label if i > 0 else "bad"
    after = units[i + 1].label if i + 1 < len(units) else "bad"
    return before == "bad" and after == "bad" and units[i].score >= 0.5


def make_units(texts: list[str]) -> list[Unit]:
    return [Unit(text=t, words=WORD.findall(t)) for t in texts]
