"""Near-duplicate articles: MinHash signatures (datasketch) over word shingles of the cleaned text.

The same story syndicated with another headline, a different footer or a fixed typo has a
different exact hash but nearly all the same 5-word shingles. Signatures are split into LSH
bands; the store keeps the band hashes in a table so a lookup is one indexed query and later
runs see every earlier document. Candidates from the bands are confirmed with the estimated
Jaccard similarity of the full signatures.
"""

from __future__ import annotations

import hashlib
import inspect
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 5
# 20 bands of 6 rows: a pair at Jaccard 0.8 becomes a candidate with probability 0.998,
# a pair at 0.3 with probability 0.015; candidates are then checked against THRESHOLD.
BANDS = 20
ROWS = 6
THRESHOLD = 0.8
SEED = 1
# datasketch 2 names its hashing scheme; signatures stored by one scheme only compare with the same.
SCHEME = "affine32"
_SCHEME_KW = {"scheme": SCHEME} if "scheme" in inspect.signature(MinHash).parameters else {}
_DTYPE = np.asarray(MinHash(num_perm=2, seed=SEED, **_SCHEME_KW).hashvalues).dtype

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Word k-shingles of the case-folded text (the whole text when it is shorter than k words)."""
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of a cleaned text.

    >>> signature("a b c d e f").jaccard(signature("a b c d e f"))
    1.0
    """
    m = MinHash(num_perm=NUM_PERM, seed=SEED, **_SCHEME_KW)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=_DTYPE).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=_DTYPE).copy()
    return MinHash(num_perm=len(values), seed=SEED, hashvalues=values, **_SCHEME_KW)


def band_hashes(m: MinHash) -> list[tuple[int, int]]:
    """(band, signed 64-bit hash) pairs: two documents sharing any pair are candidates."""
    values = np.asarray(m.hashvalues, dtype=_DTYPE)
    out = []
    for b in range(BANDS):
        chunk = values[b * ROWS:(b + 1) * ROWS].tobytes()
        h = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True)
        out.append((b, h))
    return out


def similarity(a: MinHash | bytes, b: MinHash | bytes) -> float:
    """Estimated Jaccard similarity of two signatures (MinHash objects or stored bytes)."""
    return float(_sig(a).jaccard(_sig(b)))


def _sig(value: MinHash | bytes) -> MinHash:
    return value if isinstance(value, MinHash) else from_bytes(bytes(value))


class RunIndex:
    """Near-duplicate index of the documents seen in this run but maybe not stored yet.

    The coder reads ahead in batches, so two copies in one batch are both unknown to the
    database when the first is checked; this in-memory index catches them.
    """

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}
        self._bands: dict[tuple[int, int], list[str]] = {}
        self._sigs: dict[str, MinHash] = {}

    def find(self, doc_id: str, thash: str, sig: MinHash) -> tuple[str, str, float] | None:
        """(original id, 'exact'|'near', similarity) of an earlier copy, else None."""
        if thash in self._hashes and self._hashes[thash] != doc_id:
            return self._hashes[thash], "exact", 1.0
        best: tuple[str, str, float] | None = None
        for key in band_hashes(sig):
            for other in self._bands.get(key, ()):
                if other == doc_id:
                    continue
                s = float(sig.jaccard(self._sigs[other]))
                if s >= THRESHOLD and (best is None or s > best[2]):
                    best = (other, "near", s)
        return best

    def add(self, doc_id: str, thash: str, sig: MinHash) -> None:
        self._hashes.setdefault(thash, doc_id)
        self._sigs[doc_id] = sig
        for key in band_hashes(sig):
            self._bands.setdefault(key, []).append(doc_id)
