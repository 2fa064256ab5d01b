"""Every actor mention in a text, found by one pass over the word starts of the folded text.

Matches must sit on word boundaries; overlapping matches keep the longest. A country,
organisation or group name directly followed by a title or sector word is one mention
("Russian foreign minister", "Afghan border guards", "Russia's foreign ministry"). A bare
surname counts only after the person's full name in the same text (or when the knowledge
base marks it unambiguous); bare titles and pronouns are left to the parser + context.
"""

from __future__ import annotations

import re

from parley.actors.coref import DocumentContext
from parley.actors.index import ALIAS, COUNTERPARTS, METONYM, Index
from parley.actors.model import Mention, Resolution, ResolutionContext
from parley.actors.names import fold, written_in_capitals
from parley.actors.resolve import Resolver
from parley.actors.stance import names_a_stance
from parley.nlp.dates import month_as_date

_RUN = re.compile(r"(?<!\w)\w+")
_JOIN = re.compile(r"^(?:\s+|'s\s+|s'\s+|\u2019s\s+)$")
_OF = re.compile(r"(?i)^\s+(?:of|in|from)\s+(?:the\s+)?$")
_THE = re.compile(r"(?i)\b(?:the|his|her|their|its)\s+$")
_INDEFINITE = re.compile(r"(?i)\b(?:a|an|another|one|some|any|no)\s+$")


def _raw_matches(idx: Index, folded: str) -> list[tuple[int, int, str]]:
    """Every key that occurs on word boundaries: at each word start, the keys that begin with
    that word (``idx.starts``) are compared in place (overlaps are sorted out by _longest). A word
    that begins hundreds of keys ("minister of …") is looked up by the text's possible ends instead."""
    out: list[tuple[int, int, str]] = []
    n = len(folded)
    starts = idx.starts
    for m in _RUN.finditer(folded):
        candidates = starts.get(m[0])
        if not candidates:
            continue
        if type(candidates) is str:  # packed in the compiled index: split once
            candidates = starts[m[0]] = tuple(candidates.split("\x1f"))
        start = m.start()
        if len(candidates) > _MANY:  # a key ends before a non-word character, or at the end of the text
            keys = _key_set(idx, m[0], candidates)
            hi = min(start + len(candidates[0]), n)  # candidates are longest first
            ends = [e.start() for e in _NON_WORD.finditer(folded, m.end(), hi + 1)]
            out.extend((start, e, folded[start:e]) for e in ends + ([n] if hi == n else []) if folded[start:e] in keys)
            continue
        for k in candidates:
            if folded.startswith(k, start):
                end = start + len(k)
                if end < n and (folded[end].isalnum() or folded[end] == "_"):
                    continue
                out.append((start, end, k))
    return out


_MANY = 8
_NON_WORD = re.compile(r"[^\w]")


def _key_set(idx: Index, run: str, candidates: tuple[str, ...]) -> frozenset[str]:
    """The keys of a frequent first word as a set (kept on the index, built on first use)."""
    found = idx.key_sets.get(run)
    if found is None:
        found = idx.key_sets[run] = frozenset(candidates)
    return found


def _longest(matches: list[tuple[int, int, str]], size: int) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, longest first, then returned in text order (linear in the text)."""
    taken: list[tuple[int, int, str]] = []
    used = bytearray(size)
    for m in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if used.find(1, m[0], m[1]) == -1:
            used[m[0]:m[1]] = b"\x01" * (m[1] - m[0])
            taken.append(m)
    return sorted(taken)


def _is_modifier(idx: Index, k: str) -> bool:
    return any(r.etype in ("country", "organisation", "group", "format") for r in idx.refs(k))


def _is_person(idx: Index, k: str) -> bool:
    return k in idx.surnames or any(r.etype == "person" for r in idx.refs(k))


def _is_head(idx: Index, k: str) -> bool:
    return k in idx.office_words or k in idx.sector_words or k in COUNTERPARTS


def _merge(idx: Index, text: str, matches: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Join MODIFIER + HEAD pairs into one span; extend spans over a preceding "the" or "his"."""
    spans: list[tuple[int, int, str, str]] = []  # (start, end, first key, last key)
    i = 0
    while i < len(matches):
        start, end, k = matches[i]
        if i + 1 < len(matches):
            nstart, nend, nk = matches[i + 1]
            if _joins(idx, k, nk, text[end:nstart]):
                spans.append((start, nend, k, nk))  # "Afghan border guards", "the foreign minister of Russia"
                i += 2
                continue
        spans.append((start, end, k, k))
        i += 1
    out = []
    for start, end, first, last in spans:
        window = max(0, start - 8)  # a short look-behind keeps the scan linear
        m = _THE.search(text[window:start])
        if m and (_is_head(idx, last) if m[0].lower().strip() != "the" else first != last or _takes_article(idx, first)):
            start = window + m.start()  # "his Kazakh counterpart", "its army" — not "its NATO allies"
        out.append((start, end))
    return out


def _joins(idx: Index, k: str, nk: str, between: str) -> bool:
    """Two adjacent matches that name one actor together."""
    return bool((_is_modifier(idx, k) and _is_head(idx, nk) and _JOIN.match(between))
                or (_is_head(idx, k) and _is_modifier(idx, nk) and _OF.match(between))
                or (k in idx.office_words and _is_person(idx, nk) and between.isspace())  # "President Trump"
                or (_is_person(idx, k) and idx.sector_words.get(nk) == "GOV" and _JOIN.match(between)))


def _takes_article(idx: Index, k: str) -> bool:
    """ "the Taliban", "the UN", "the Kremlin" — but not "the" + "London" in "the London market"."""
    refs = idx.refs(k)
    return not refs or any(r.etype != "country" or r.how in (ALIAS, METONYM) for r in refs)


def scan(idx: Index, resolver: Resolver, text: str, date: str | None,
         document: DocumentContext | None = None) -> list[Mention]:
    """All actor mentions of ``text`` in order, each with its resolutions on ``date``.

    Persons found are added to ``document`` (a fresh context when None), so later surnames
    and titles resolve to them.
    """
    doc = document if document is not None else DocumentContext(idx, date)
    if not doc.sentence_starts:
        doc.set_text(text)
    folded = fold(text)
    matches = [m for m in _longest(_raw_matches(idx, folded), len(text)) if _keep(idx, text, m, doc)]
    stances = [m for m in matches if idx.refs(m[2]) and names_a_stance(text, m[0], m[1])]
    if stances:  # "pro-Russia rebels": Russia is what they stand for, not who they are
        doc.stance_starts.update(m[0] for m in stances)
        matches = [m for m in matches if m not in stances]
    mentions: list[Mention] = []
    memo: dict[str, list[Resolution]] = {}  # spans whose meaning does not depend on the article
    for start, end in _merge(idx, text, matches):
        span = text[start:end]
        if _bare_title(idx, span):
            continue  # "president" in "a president" or "vice president" is no one in particular
        found = memo.get(span)
        if found is None:
            found = resolver.resolve(span, date, None)
            if found and not _needs_context(span, found):
                memo[span] = found
            elif not (found and _INDEFINITE.search(text[max(0, start - 9):start])):  # "a diplomat": anyone's
                found = resolver.resolve(span, date, ResolutionContext(document=doc, offset=start))
        if not found:
            continue
        people = [r for r in found if r.kind == "person" and r.kb_id]
        if len(people) == 1:  # "the SCO foreign ministers" names nobody in particular for later "he"
            doc.add(start, end, people[0].kb_id or "")
        if len(found) == 1 and found[0].kind == "state" and found[0].country and \
                found[0].reason in ("exact name", "alias"):  # "Afghan territory" is not a state named
            doc.add_state(start, found[0].country, end)
        if len(found) == 1 and found[0].kind in ("organisation", "group", "format"):
            doc.add_body(start, found[0])
        named = {r.country for r in found if r.country in idx.countries}
        if len(named) == 1 and all(r.country for r in found):
            doc.add_country(start, next(iter(named)))
        mentions.append(Mention(start, end, span, found))
    return mentions


def _bare_title(idx: Index, span: str) -> bool:
    k = fold(span)
    return k in idx.office_words and not k.startswith(("the ", "his ", "her ", "their ", "its "))


def _needs_context(span: str, found: list[Resolution]) -> bool:
    """Counterparts, "its ...", bare titles and sector words can mean someone named earlier."""
    low = span.lower()
    return any(r.kind == "sector_only" for r in found) or "counterpart" in low or low.startswith("its ")


def _keep(idx: Index, text: str, m: tuple[int, int, str], doc: DocumentContext) -> bool:
    start, end, k = m
    if k in idx.blocked:
        return False  # "Latin America" took the span; it is nobody
    refs = idx.refs(k)
    if refs and all(r.acronym for r in refs) and not written_in_capitals(text[start:end]):
        return False  # "us", "is": only "US", "IS" are actors
    if k in idx.proper and not text[start].isupper():
        return False  # a derived name written in lower case ("shell", "chevron") is a word
    if refs or _is_head(idx, k):
        return True
    # a bare surname: resolved later only if the full name came earlier (DocumentContext)
    if month_as_date(text, start, end):
        return False  # "in May 2019" is not Theresa May
    return k in idx.surnames and text[start].isupper()  # "Rice" the person, not "rice" prices
