"""The cheaper alternatives to the MiniLM type model, scored like it (``train_types.py --alternatives``).

* **sparse**: what the parse already gives, at no encoder cost — tf-idf of stemmed word uni- and
  bigrams (ngrams below), the trigger's words and its three neighbours each side, and the
  lexicon's type; logistic regression with balanced class weights, C by out-of-fold macro-F1.
* **cascade**: the sparse model decides when its (temperature-scaled) top probability reaches a
  threshold, the MiniLM model otherwise; the threshold is chosen on the train side's out-of-fold
  predictions, and the share of items that still need the encoder is reported.

Only aggregate figures are returned; the validation part is scored once per alternative.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from train_types import FOLDS, GRID_C, SEED, scores, softmax, temperature

from parley.coding.types import Head, TypeItem, model_type

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")


# Word n-grams of the sparse alternative (b): crude stems, stop words kept as bigram boundaries.
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


def ngrams(text: str) -> list[str]:
    """Unigrams (without stop words) and bigrams (with them: "called for" matters).

    >>> features("They called for talks")
    ['call', 'for', 'talk', 'they call', 'call for', 'for talk']
    """
    toks = tokens(text)
    uni = [t for t in toks if t not in _STOP or t in ("for", "against", "with")]
    bi = [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    return uni + bi


def sparse_features(item: TypeItem) -> list[str]:
    out = ngrams(item.text) + ["LEX=" + (model_type(item.lexicon) or "none")]
    if item.trigger is None:
        return out + ["T=none"]
    words = [(m.start(), m.group()) for m in _WORD.finditer(item.text.lower().replace("’", "'"))]
    inside = [i for i, (start, _) in enumerate(words) if item.trigger[0] <= start < item.trigger[1]]
    if not inside:
        return out + ["T=none"]
    stems = [tokens(w)[0] if tokens(w) else w for _, w in words]
    first, last = inside[0], inside[-1]
    out.append("T=" + " ".join(stems[first:last + 1]))
    out += ["L=" + stems[j] for j in range(max(0, first - 3), first)]
    out += ["R=" + stems[j] for j in range(last + 1, min(len(stems), last + 4))]
    return out


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=sparse_features, sublinear_tf=True)


def _fit(items: list[TypeItem], y: list[str], c: float) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = _vectorizer()
    x = vec.fit_transform(items)
    return vec, LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _oof(items: list[TypeItem], y: list[str], c: float, classes: list[str]) -> np.ndarray:
    logits = np.full((len(y), len(classes)), -1e3)
    for train, test in StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(items, y):
        vec, clf = _fit([items[i] for i in train], [y[i] for i in train], c)
        cols = [classes.index(k) for k in clf.classes_]
        logits[np.ix_(test, cols)] = clf.decision_function(vec.transform([items[i] for i in test]))
    return logits


def alternatives(sets: dict[str, list[dict[str, Any]]], head: Head, xs: dict[str, np.ndarray], c: float
                 ) -> dict[str, Any]:
    """Figures of the sparse model and of the cascade; ``head``/``c``: the MiniLM type head and its C."""
    train = [r for n in ("zsp", "own") for r in sets[n] if r["split"] == "train"]
    tx = np.array([xs[n][i] for n in ("zsp", "own") for i, r in enumerate(sets[n]) if r["split"] == "train"])
    val_idx = [i for i, r in enumerate(sets["zsp"]) if r["split"] == "validation"]
    val = [sets["zsp"][i] for i in val_idx]
    items, y = [r["item"] for r in train], [r["label"] for r in train]
    classes = sorted(set(y))
    gold = sorted({r["label"] for r in sets["zsp"]})
    grid = {c: _oof(items, y, c, classes) for c in GRID_C}
    best_c = max(GRID_C, key=lambda c: scores(y, [classes[j] for j in grid[c].argmax(1)], classes)["macro_f1"])
    t = temperature(grid[best_c], y, classes)
    oof = softmax(grid[best_c], t)
    vec, clf = _fit(items, y, best_c)
    cheap_val = softmax(clf.decision_function(vec.transform([r["item"] for r in val])), t)
    vy = [r["label"] for r in val]
    out: dict[str, Any] = {"sparse": {
        "C": best_c, "train_side": scores(y, [classes[j] for j in oof.argmax(1)], gold),
        "validation": scores(vy, [classes[j] for j in cheap_val.argmax(1)], gold)}}
    # the cascade needs the MiniLM model's out-of-fold probabilities: refit with train_types' folds
    from train_types import out_of_fold

    logits, mclasses = out_of_fold(tx, y, c)
    minilm_oof = softmax(logits, head.temperature)
    minilm_val = head(xs["zsp"][val_idx])
    assert mclasses == classes == list(head.labels)

    def cascade(cheap: np.ndarray, full: np.ndarray, thr: float) -> tuple[list[str], float]:
        use_cheap = cheap.max(1) >= thr
        pick = np.where(use_cheap[:, None], cheap, full)
        return [classes[j] for j in pick.argmax(1)], float(1 - use_cheap.mean())

    thresholds = [round(0.5 + 0.05 * i, 2) for i in range(10)]
    best = max(thresholds, key=lambda thr: (scores(y, cascade(oof, minilm_oof, thr)[0], gold)["macro_f1"], thr))
    pred, share = cascade(cheap_val, minilm_val, best)
    out["cascade"] = {"threshold": best,
                      "train_side": scores(y, cascade(oof, minilm_oof, best)[0], gold),
                      "validation": {**scores(vy, pred, gold), "share_needing_encoder": round(share, 3)}}
    return out

