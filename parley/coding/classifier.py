"""A small learned event-type classifier: logistic regression over word uni/bigrams, numpy only.

Two heads share one vocabulary: **PentaClass** (ConfliBERT's five CAMEO root groups, trained on
the ConfliBERT CAMEO train split plus the NGEC synthetic stories mapped to groups) and **PLOVER
type** (trained on the NGEC synthetic stories' lead sentences). The weights file
``data/root_classifier.npz`` (float16 weights, an idf vector and the n-gram vocabulary — no
sentences) is produced deterministically by ``scripts/train_classifier.py``, which also prints
the cross-validated scores reported in docs/ACCURACY.md. scikit-learn is needed only to train.

The coder may use it to re-rank or veto lexicon codes; it never codes on its own (it cannot
find actors, and a sentence with no event still gets a distribution).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from parley.coding import cameo
from parley.errors import ModelError

WEIGHTS = Path(__file__).with_name("data") / "root_classifier.npz"
PENTA_ROOTS = {str(k): roots for k, roots in cameo.PENTA.items()}  # "0" … "4" → CAMEO roots
HEADS = ("penta", "plover")

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_STOP = frozenset("a an the of to and in on at for by with from as that this these those it its is are was "
                  "were be been being has have had which who whom whose their his her he she they them".split())


def _stem(word: str) -> str:
    """A crude, deterministic suffix stripper: "attacked", "attacks", "attacking" → "attack"."""
    if word.isdigit():
        return "0"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased stems with stop words kept as boundaries for bigrams.

    >>> tokens("Troops attacked the rebels")
    ['troop', 'attack', 'the', 'rebel']
    """
    return [_stem(w) for w in _WORD.findall(text.lower().replace("’", "'"))]


def features(text: str) -> list[str]:
    """Unigrams (without stop words) and bigrams (with them: "called for" matters).

    >>> features("They called for talks")
    ['call', 'for', 'talk', 'they call', 'call for', 'for talk']
    """
    toks = tokens(text)
    uni = [t for t in toks if t not in _STOP or t in ("for", "against", "with")]
    bi = [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    return uni + bi


class RootClassifier:
    """The trained heads; load once with :meth:`load`."""

    def __init__(self, vocab: list[str], idf: np.ndarray, heads: dict[str, tuple[list[str], np.ndarray,
                                                                                   np.ndarray]],
                 meta: dict[str, Any]):
        self.index = {term: i for i, term in enumerate(vocab)}
        self.idf = idf.astype(np.float32)
        self.heads = heads  # name → (classes, coef [n_features × n_classes], intercept)
        self.meta = meta

    @classmethod
    def load(cls, path: str | Path | None = None) -> RootClassifier:
        """The shipped weights (cached per path).

        Raises :class:`ModelError` when the weights file is missing or unreadable.
        """
        return _load(str(path or WEIGHTS))

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse tf-idf of a text as (feature indices, l2-normalised values)."""
        counts: dict[int, int] = {}
        for f in features(text):
            i = self.index.get(f)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        values = tf * self.idf[idx]
        return idx, values / np.linalg.norm(values)

    def _head(self, name: str, text: str) -> dict[str, float]:
        classes, coef, intercept = self.heads[name]
        idx, values = self._vector(text)
        logits = intercept + values @ coef[idx] if len(idx) else intercept.copy()
        logits = logits - logits.max()
        probs = np.exp(logits)
        probs /= probs.sum()
        return {c: float(p) for c, p in zip(classes, probs, strict=True)}

    def predict_proba(self, text: str) -> dict[str, float]:
        """PentaClass probabilities, keys "penta:0" … "penta:4" (see :data:`PENTA_ROOTS`).

        >>> p = RootClassifier.load().predict_proba("Warplanes bombed rebel positions")
        >>> max(p, key=p.get)
        'penta:4'
        """
        return {f"penta:{k}": v for k, v in self._head("penta", text).items()}

    def predict_plover(self, text: str) -> dict[str, float]:
        """PLOVER type probabilities over the 16 types.

        >>> p = RootClassifier.load().predict_plover("Thousands of protesters marched through the capital")
        >>> max(p, key=p.get)
        'PROTEST'
        """
        return self._head("plover", text)

    def predict_roots(self, text: str) -> dict[str, float]:
        """CAMEO root probabilities "01" … "20": each root's group probability, shared among the
        group's roots in proportion to the PLOVER probability of the root's PLOVER type (a
        product-of-experts heuristic; the heads were never trained on roots)."""
        penta = self._head("penta", text)
        plover = self._head("plover", text)
        scores: dict[str, float] = {}
        for group, roots in PENTA_ROOTS.items():
            weights = {r: plover.get(cameo.info(r).plover_type, 0.0) + 1e-3 for r in roots}
            total = sum(weights.values())
            for r, w in weights.items():
                scores[r] = penta[group] * w / total
        return scores


@lru_cache(maxsize=4)
def _load(path: str) -> RootClassifier:
    try:
        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            heads = {}
            for name in HEADS:
                classes = bytes(z[f"{name}_classes"]).decode("utf-8").split("\n")
                heads[name] = (classes, z[f"{name}_coef"].astype(np.float32),
                               z[f"{name}_intercept"].astype(np.float32))
            idf = z["idf"]
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"classifier weights {path} could not be read ({exc})",
                         hint="reinstall parley or run scripts/train_classifier.py") from None
    return RootClassifier(vocab, idf, heads, meta)


def save_weights(path: str | Path, vocab: list[str], idf: np.ndarray,
                 heads: dict[str, tuple[list[str], np.ndarray, np.ndarray]], meta: dict[str, Any]) -> None:
    """Write the weights file the way :meth:`RootClassifier.load` reads it (float16 weights)."""
    arrays: dict[str, np.ndarray] = {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "idf": idf.astype(np.float16),
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
    }
    for name, (classes, coef, intercept) in heads.items():
        arrays[f"{name}_classes"] = np.frombuffer("\n".join(classes).encode("utf-8"), dtype=np.uint8)
        arrays[f"{name}_coef"] = coef.astype(np.float16)
        arrays[f"{name}_intercept"] = intercept.astype(np.float32)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # numpy's stub mistypes **kwds
