"""Organisations the knowledge base does not know, whose capitalised name carries a country.

"the Syrian Observatory for Human Rights" → SYRNGO, "Malaysia Airlines" → MYSBUS, "the Royal
Thai Army" → THAMIL, "the Communist Party of China" → CHNPTY, "the Human Rights Commission of
Pakistan" → PAKHRI. The country is a country name, adjective or capital inside the name (or the
whole "of X" tail); the sector comes from the name's head — a sector word ("army", "bank",
"party") or a name head (`name_heads` in sectors.yaml: "observatory", "institute", "times").

Nothing is guessed: every word of the name must be capitalised, exactly one country must be
named (an adjective two countries share, "Congolese", names none), and the head must say what
kind of organisation it is. Confidence stays below a knowledge-base entry's.
"""

from __future__ import annotations

from parley.actors import entities as E
from parley.actors.index import ADJECTIVE, ALIAS, CAPITAL, METONYM, NAME, Index
from parley.actors.model import Resolution
from parley.actors.names import fold

CONFIDENCE = 0.7
COUNTRY_HOW = (NAME, ALIAS, ADJECTIVE, CAPITAL, METONYM)
_TAIL = {"of", "for", "on", "in"}
_LEADING = {"the", "a", "an"}
_JOINERS = {"&", "and", "-"}
# People, not organisations: a sector word for a person never heads an organisation's name.
PERSON_HEADS = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokesmen", "spokeswomen", "official",
                "officials", "source", "sources", "officer", "officers", "chief", "chiefs", "commander", "commanders",
                "head", "representative", "representatives", "aide", "aides", "adviser", "advisers", "advisor",
                "advisors"}
# "North American", "South China": a compass word makes a region of the country word after it.
REGION_WORDS = {"north", "south", "east", "west", "central", "latin", "northern", "southern", "eastern", "western",
                "pan", "sub-saharan", "greater", "upper", "lower"}


def named_organisation(idx: Index, original: str) -> list[Resolution]:
    """The country + sector of a capitalised organisation name, or [] when it is not one.

    >>> named_organisation(idx, "the Syrian Observatory for Human Rights")[0].code
    'SYRNGO'
    """
    words = original.replace("\u2019", "'").split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if w in _TAIL), len(words))
    core, tail = words[:cut], words[cut + 1:]
    if len(core) < 2 or not all(_capitalised(w) for w in core):
        return []
    if any(w.endswith(("'s", "s'")) for w in core):
        return []  # "Nigeria Army's School": the owner is the actor, a phrase of its own
    core_keys = [_key(w) for w in core]
    head = _head(idx, core_keys)
    if head is None:
        return []
    sector, n_head = head
    if core_keys[-1] in PERSON_HEADS:
        return []  # "Express Financial Advisors" is a company, not a government's advisers
    countries = _countries(idx, core_keys[:-n_head])
    tail_keys = [_key(w) for w in tail if w.lower() != "the"]
    if tail and all(_capitalised(w) or w.lower() == "the" for w in tail):
        countries |= _countries(idx, tail_keys, whole=True)
    if len({cid for cid, _ in countries}) != 1:
        return []  # none, two ("Greek Cypriot"), or an adjective two countries share ("Congolese")
    cid, why = min(countries)
    label = " ".join(core[-n_head:])
    return [E.state(idx, cid, sector, CONFIDENCE, f"organisation name: '{why}' + '{label.lower()}' ({sector})")]


def _key(word: str) -> str:
    return fold(word).strip(",;:")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() or word in _JOINERS


def _head(idx: Index, keys: list[str]) -> tuple[str, int] | None:
    """The sector of the longest trailing sector word or name head, and how many words it has."""
    for n in range(len(keys) - 1, 0, -1):
        tail = " ".join(keys[-n:])
        sector = idx.sector_words.get(tail) or idx.name_heads.get(tail)
        if sector:
            return sector, n
    return None


def _countries(idx: Index, keys: list[str], whole: bool = False) -> set[tuple[str, str]]:
    """(country, the words naming it) for each country named in ``keys``, longest names first
    ("Papua New Guinea" is not Guinea); an adjective two countries share gives two entries.

    ``whole``: only all the keys together count ("of the United States").
    """
    found: set[tuple[str, str]] = set()
    i = 0
    while i < len(keys):
        for j in range(len(keys), i, -1):
            if whole and (i, j) != (0, len(keys)):
                continue
            k = " ".join(keys[i:j])
            ids = {r.id for r in idx.refs(k) if r.etype == "country" and r.how in COUNTRY_HOW}
            if ids:
                if not (i > 0 and keys[i - 1] in REGION_WORDS):
                    found |= {(cid, k) for cid in ids}
                i = j
                break
        else:
            i += 1
    return found
