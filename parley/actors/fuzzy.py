"""Typo-tolerant lookup: one misspelt name token, corrected only when nothing else could be meant.

A fuzzy match must never turn a different proper name into a known actor ("the Catalan
government" is not the Taliban government), so a correction is made only when all of these
hold (docs/KNOWLEDGE_BASE.md, "Typos"):

- exactly one token of the phrase differs from a name the knowledge base knows, and that
  token is not itself a word the knowledge base knows (a name, adjective, demonym, sector or
  title word: "Austrian", "Hamad", "media" are words, not typos);
- it is corrected only into a token of an entity's name, alias, capital or famous surname —
  never into a country adjective or demonym ("Syriac" is not "Syrian", "Irani" not "Iraqi")
  nor a sector word ("Medina" is not "media");
- the token is at least ``MIN_LEN`` letters and starts with the same letter as the name token;
- the two differ by one edit — a letter added or dropped, two neighbours swapped, or a letter
  replaced by a vowel for a vowel or by a neighbouring key ("Shoygu", "Blinkin"; "Maduro" is
  not "Majuro") — or two edits for tokens of ``LONG`` letters or more; never by an ending only
  ("Lavrova", "Perez" are other names, not typos of "Lavrov", "Peres");
- the corrected phrase resolves to an actor through the span rules (so a bare surname only
  when it is famous on its own; a bare sector is no actor), and every correction at the smallest distance means the same entity
  (two candidates = no answer: "Slovania").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from rapidfuzz.distance import OSA, Indel, Levenshtein

from parley.actors.index import ADJECTIVE, DEMONYM, Index
from parley.actors.model import Resolution
from parley.actors.names import key

MIN_LEN = 5
LONG = 10
CONFIDENCE_FACTOR = 0.8
VOWELS = set("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}


SOUNDS_ALIKE = ({"c", "k"}, {"k", "q"}, {"s", "z"}, {"v", "w"}, {"j", "y"}, {"j", "i"})


def _slip(a: str, b: str) -> bool:
    """A plausible substituted letter: vowel for vowel, a transliteration pair (c/k, s/z, v/w…),
    or a neighbouring key on a QWERTY keyboard."""
    if (a in VOWELS and b in VOWELS) or {a, b} in SOUNDS_ALIKE:
        return True
    ra, ca = _KEY_AT.get(a, (9, 99))
    rb, cb = _KEY_AT.get(b, (9, 99))
    return abs(ra - rb) <= 1 and abs(ca - cb) <= 1


def _typo(token: str, cand: str) -> bool:
    """Swaps, insertions and deletions are typos; a substituted letter must be a slip."""
    if len(token) == len(cand):
        diff = [i for i, (a, b) in enumerate(zip(token, cand, strict=True)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and (token[diff[0]], token[diff[1]]) == (cand[diff[1]], cand[diff[0]]):
            return True  # neighbours swapped
        if len(diff) >= 2 and Indel.distance(token, cand) == 2:
            return True  # one letter moved ("Phillipines"): a deletion and an insertion
    return all(_slip(token[op.src_pos], cand[op.dest_pos])
               for op in Levenshtein.editops(token, cand) if op.tag == "replace")


def _hows(idx: Index, k: str) -> list[str]:
    """How each meaning of a name key refers to its entry, read without unpacking the key's Refs."""
    refs = dict.__getitem__(idx.names, k)
    if isinstance(refs, str):  # packed in the compiled index: "etype\x1fid\x1fhow\x1fflags" per meaning
        return [part.split("\x1f")[2] for part in refs.split("\x1e")] if refs else []
    return [r.how for r in refs]


class Speller:
    """Name tokens of the knowledge base, by first letter, to correct one misspelt token."""

    def __init__(self, idx: Index):
        known: set[str] = set()
        for k in (*idx.names, *idx.surnames, *idx.sector_words, *idx.office_words, *idx.blocked):
            known.update(k.split(" "))
        self.known = known
        targets = {tok for k in idx.names if any(how not in (ADJECTIVE, DEMONYM) for how in _hows(idx, k))
                   for tok in k.split(" ")}
        self.by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)  # (first letter, length)
        for tok in sorted(targets):
            if len(tok) >= MIN_LEN - 1 and tok[0].isalpha():
                self.by_initial[(tok[0], len(tok))].append(tok)

    def corrections(self, token: str) -> list[tuple[int, str]]:
        """Known tokens one edit (two for long tokens) away from an unknown ``token``, nearest first.

        >>> speller.corrections("lavorv")
        [(1, 'lavrov')]
        """
        if len(token) < MIN_LEN or token in self.known or not token[0].isalpha():
            return []
        limit = 2 if len(token) >= LONG else 1
        found = []
        near = (c for n in range(len(token) - limit, len(token) + limit + 1)
                for c in self.by_initial.get((token[0], n), ()))
        for cand in near:
            if cand.startswith(token) or token.startswith(cand) or (
                    len(cand) == len(token) and cand[:-1] == token[:-1]):
                continue  # an ending added, dropped or changed is another word ("Lavrova", "Perez")
            d = OSA.distance(token, cand, score_cutoff=limit)
            if d <= limit and (d == 1 or len(cand) >= LONG) and _typo(token, cand):
                found.append((d, cand))
        return sorted(found)


def fuzzy_lookup(speller: Speller, text: str, resolve: Callable[[str], list[Resolution]]) -> list[Resolution]:
    """Resolutions of ``text`` with one token corrected, or [] when no single safe correction exists.

    ``resolve`` resolves the corrected text with the span rules; the other tokens are kept as
    written, so acronyms stay in capitals.
    """
    words = text.split()
    candidates: list[tuple[int, str]] = []  # (distance, corrected text)
    for i, w in enumerate(words):
        for d, cand in speller.corrections(key(w)):
            candidates.append((d, " ".join([*words[:i], cand, *words[i + 1:]])))
    if not candidates:
        return []
    best = min(d for d, _ in candidates)
    results: list[tuple[str, list[Resolution]]] = []
    for d, corrected in candidates:
        if d == best:
            found = [r for r in resolve(corrected) if r.kind != "sector_only"]
            if found:
                results.append((corrected, found))
    meanings = {tuple(sorted((r.kb_id or "", r.code) for r in found)) for _, found in results}
    if len(meanings) != 1:
        return []  # nothing, or two different actors one edit away: no guess
    corrected, found = results[0]
    factor = CONFIDENCE_FACTOR if best == 1 else CONFIDENCE_FACTOR - 0.1
    edits = "1 edit" if best == 1 else f"{best} edits"
    return [r.with_(confidence=round(r.confidence * factor, 3), reason=f"typo of '{corrected}' ({edits}); {r.reason}")
            for r in found]
