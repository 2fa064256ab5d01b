"""Name normalisation shared by the index, the automaton and span resolution.

``fold`` maps every character to exactly one character (lower case, accents and
typographic quotes/dashes removed) so offsets in the folded text are offsets in the
original text — the automaton scans folded text and reports original spans.
"""

from __future__ import annotations

import re
import unicodedata

_EXTRA = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\n": " ", "\r": " ", "\t": " ", "\u00df": "s", "\u0131": "i", "\u0142": "l",
    "\u00f8": "o", "\u00e6": "a", "\u0153": "o", "\u00f0": "d", "\u00fe": "t",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1:
            continue
        base = unicodedata.normalize("NFKD", low)[0]
        if base != low and base.isascii():
            table[cp] = base
        elif low != ch:
            table[cp] = low
    for ch, rep in _EXTRA.items():
        table[ord(ch)] = rep
        if len(ch.upper()) == 1:
            table[ord(ch.upper())] = rep
    return table


_TABLE = _build_table()
_WORD = re.compile(r"[\w'.-]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free text of exactly the same length.

    >>> fold("Élysée")
    'elysee'
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. U+0130) grow when lowered
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_TABLE)


def key(name: str) -> str:
    """The lookup key of a name: folded, single-spaced, without a leading "the", final dot or 's.

    >>> key("the  Kremlin")
    'kremlin'
    """
    k = " ".join(fold(name).split()).strip(",;:")  # str.split() splits on what \\s matches
    return k[4:] if k.startswith("the ") else k


def is_acronym(name: str) -> bool:
    """Names written in capitals ("US", "UN", "IS") only match capitals: "us" is a pronoun."""
    name = name.strip()
    if " " in name or len(name) > 16:  # the common case, decided without looking at every letter
        return False
    letters = [c for c in name if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() for c in letters)


def written_in_capitals(text: str) -> bool:
    """ "US", "U.S.", "NATO" — every letter upper case."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def tokens(text: str) -> list[str]:
    """Word tokens of a folded phrase."""
    return _WORD.findall(fold(text))


def surname_of(name: str) -> str:
    """The last token of a full name ("Sergey Lavrov" -> "Lavrov")."""
    parts = name.replace(",", " ").split()
    return parts[-1] if parts else name
