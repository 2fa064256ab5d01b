"""The learned event-type model: PLOVER type (and PentaClass) of an event from its sentence and trigger.

Features, for one item (a sentence, optionally its trigger's character span and the PLOVER type
the lexicon proposes): the MiniLM sentence vector (:mod:`parley.coding.encoder`), the MiniLM
vector of the trigger's word pieces (zeros without a trigger), and the lexicon's type one-hot
("none" when the lexicon found nothing). Two multinomial logistic-regression heads read them:
**type** (PLOVER types as the zsp gold labels them, ``YIELD`` standing for CONCEDE or RETREAT, plus
``NONE`` when the training data has sentences without an event) and **penta** (ConfliBERT's five
CAMEO root groups). Type probabilities are temperature-scaled on out-of-fold predictions of the
training part, so they can feed an event's confidence.

The type head runs as a cascade (:meth:`TypeModel.predict`): a sparse head over tf-idf of word
n-grams, the trigger's words and the lexicon's type (:class:`SparseHead`, no encoder) decides the
items it is sure of and agrees with the lexicon on; only the others are encoded.

Weights: ``data/types-v1.npz`` (about 500 kB), written by ``scripts/train_types.py``, which also
prints every figure of docs/ACCURACY.md "The type model". Inference is numpy plus the encoder;
scikit-learn is needed only to train.

    >>> model = TypeModel.load()
    >>> p = model.predict([TypeItem("Rebels shelled the town.", (7, 14), "ASSAULT")])
    >>> model.labels[int(p.argmax())]
    'ASSAULT'
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from parley.coding.encoder import WIDTH, Encoder
from parley.errors import ModelError

WEIGHTS = Path(__file__).with_name("data") / "types-v1.npz"
VERSION = "types-v1"
NONE = "NONE"
YIELD = "YIELD"  # the zsp gold's name for PLOVER CONCEDE or RETREAT
# The lexicon's proposal as a feature: PLOVER types with CONCEDE and RETREAT as YIELD, and "none".
LEXICON_SLOTS = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE",
                 "PROTEST", "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", YIELD, "none")
TRIGGER_WEIGHT = 0.1  # trigger vectors are unnormalised (norm ~10); this puts them on the sentence vector's scale
PENTA_LABELS = ("penta:0", "penta:1", "penta:2", "penta:3", "penta:4")


@dataclass(frozen=True, slots=True)
class TypeItem:
    """What the model reads about one candidate event.

    ``trigger``: the trigger's (start, end) character offsets in ``text``; ``lexicon``: the PLOVER
    type the lexicon proposes for it (CONCEDE/RETREAT count as YIELD), None when it found nothing.
    """

    text: str
    trigger: tuple[int, int] | None = None
    lexicon: str | None = None


def model_type(plover_type: str | None) -> str | None:
    """A PLOVER type in the model's label set: CONCEDE and RETREAT are YIELD.

    >>> model_type("RETREAT"), model_type("CONSULT"), model_type(None)
    ('YIELD', 'CONSULT', None)
    """
    if plover_type is None:
        return None
    upper = plover_type.upper()
    return YIELD if upper in {"CONCEDE", "RETREAT"} else upper


def features(sent: np.ndarray, trig: np.ndarray, lexicon: Sequence[str | None]) -> np.ndarray:
    """The heads' input rows from encoder outputs and the lexicon's proposals (n × 784)."""
    slots = {name: i for i, name in enumerate(LEXICON_SLOTS)}
    onehot = np.zeros((len(lexicon), len(LEXICON_SLOTS)), dtype=np.float32)
    for row, lex in enumerate(lexicon):
        onehot[row, slots.get(model_type(lex) or "none", slots["none"])] = 1.0
    return np.hstack([sent, trig * TRIGGER_WEIGHT, onehot]).astype(np.float32)


FEATURES = 2 * WIDTH + len(LEXICON_SLOTS)


@dataclass(frozen=True, slots=True)
class Head:
    """One softmax layer: probabilities = softmax((x · coef + intercept) / temperature)."""

    labels: tuple[str, ...]
    coef: np.ndarray  # FEATURES × len(labels)
    intercept: np.ndarray
    temperature: float = 1.0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        logits = (x @ self.coef + self.intercept) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------- the cascade's first stage: no encoder
# Word n-grams of the sparse head: crude stems, stop words kept as bigram boundaries.
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


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text.lower().replace("’", "'")))


def sparse_features(item: TypeItem) -> list[str]:
    """What the sparse head reads (with repeats): stemmed unigrams (stop words left out, except
    "for", "against", "with") and bigrams (stop words kept: "called for" matters), the lexicon's
    type, the trigger's stems and three stems each side of it.

    >>> sparse_features(TypeItem("They called for talks", (5, 11), "REQUEST"))
    ['call', 'for', 'talk', 'they call', 'call for', 'for talk', 'LEX=REQUEST', 'T=call', 'L=they', 'R=for', 'R=talk']
    """
    words = _words(item.text)
    stems = [_stem(m.group()) for m in words]
    out = [t for t in stems if t not in _STOP or t in ("for", "against", "with")]
    out += [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    out.append("LEX=" + (model_type(item.lexicon) or "none"))
    inside = [] if item.trigger is None else [
        i for i, m in enumerate(words) if item.trigger[0] <= m.start() < item.trigger[1]]
    if not inside:
        return out + ["T=none"]
    first, last = inside[0], inside[-1]
    out.append("T=" + " ".join(stems[first:last + 1]))
    out += ["L=" + stems[j] for j in range(max(0, first - 3), first)]
    out += ["R=" + stems[j] for j in range(last + 1, min(len(stems), last + 4))]
    return out


def sparse_decides(probs: np.ndarray, lexicon: Sequence[str | None], labels: Sequence[str], threshold: float,
                   agree: bool) -> np.ndarray:
    """The cascade's rule, for the shipped head and for the training script's out-of-fold choice: the
    sparse head decides a row when its top probability reaches ``threshold`` and, with ``agree``,
    its type is the lexicon's or the lexicon has none.

    >>> sparse_decides(np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4]]), ["A", "B", None], ["A", "B"], 0.65, True)
    array([ True, False, False])
    """
    sure = probs.max(axis=1) >= threshold
    if agree:
        sure &= np.array([lex is None or model_type(lex) == labels[j]
                          for lex, j in zip(lexicon, probs.argmax(axis=1), strict=True)], dtype=bool)
    return sure


@dataclass(frozen=True, slots=True)
class SparseHead:
    """Logistic regression over tf-idf of :func:`sparse_features` (sublinear tf, L2-normalised rows,
    as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` computes them). It decides an item
    when its top probability reaches ``threshold`` — and, with ``agree``, when its type is also the
    lexicon's (or the lexicon proposes none): a dispute goes to the encoder's head, which decides
    the rest."""

    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # len(vocab) × len(labels)
    intercept: np.ndarray
    temperature: float
    threshold: float
    agree: bool = False

    def decides(self, probs: np.ndarray, items: Sequence[TypeItem], labels: Sequence[str]) -> np.ndarray:
        """Which rows of its probabilities the sparse head decides (a boolean mask)."""
        return sparse_decides(probs, [it.lexicon for it in items], labels, self.threshold, self.agree)

    def logits(self, items: Sequence[TypeItem]) -> np.ndarray:
        out = np.tile(self.intercept, (len(items), 1)).astype(np.float32)
        for row, item in enumerate(items):
            cols, weights = [], []
            for name, n in Counter(sparse_features(item)).items():
                col = self.vocab.get(name)
                if col is not None:  # a feature never seen in training weighs nothing
                    cols.append(col)
                    weights.append((1.0 + math.log(n)) * float(self.idf[col]))
            if cols:
                w = np.array(weights, dtype=np.float32)
                out[row] += (w / float(np.linalg.norm(w))) @ self.coef[cols]
        return out

    def __call__(self, items: Sequence[TypeItem]) -> np.ndarray:
        logits = self.logits(items) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return (p / p.sum(axis=1, keepdims=True)).astype(np.float32)


class TypeModel:
    """The trained heads over the shared encoder; use :meth:`load`.

    Types are decided as a cascade: the sparse head (:class:`SparseHead`, no encoder) where it is
    sure, the encoder's head elsewhere — about a third of the items pay for an encoder pass.
    """

    def __init__(self, types: Head, penta: Head, meta: dict[str, Any], encoder: Encoder | None = None,
                 sparse: SparseHead | None = None):
        self.types = types
        self.penta = penta
        self.meta = meta
        self.sparse = sparse
        self._encoder = encoder

    @property
    def version(self) -> str:
        """Names the weights in every event the model decides: ``types-v1+<digest of the training data>``."""
        return f"{VERSION}+{self.meta.get('trained', 'unknown')}"

    @property
    def labels(self) -> tuple[str, ...]:
        return self.types.labels

    @classmethod
    def load(cls, path: str | Path | None = None) -> TypeModel:
        """The shipped weights, once per process (cached per path).

        Raises :class:`ModelError` when the weights or the encoder cannot be read, or when the
        weights were trained on another encoder than the one installed.
        """
        return _load(str(path or WEIGHTS))

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder.load()
        return self._encoder

    def features(self, items: Sequence[TypeItem]) -> np.ndarray:
        sent, trig = self.encoder.encode([it.text for it in items], [it.trigger for it in items])
        return features(sent, trig, [it.lexicon for it in items])

    def predict(self, items: Sequence[TypeItem]) -> np.ndarray:
        """Calibrated type probabilities, ``len(items) × len(self.labels)``; rows sum to 1.

        The sparse head's where it decides (:func:`sparse_decides`), the encoder head's for the
        other items (only they are encoded)."""
        if self.sparse is None or not items:
            return self.predict_encoder(items)
        p = self.sparse(items)
        unsure = np.flatnonzero(~self.sparse.decides(p, items, self.labels))
        if len(unsure):
            p[unsure] = self.types(self.features([items[int(i)] for i in unsure]))
        return p

    def predict_encoder(self, items: Sequence[TypeItem]) -> np.ndarray:
        """The encoder head's type probabilities for every item (no cascade)."""
        return self.types(self.features(items)) if items else np.zeros((0, len(self.labels)), np.float32)

    def predict_penta(self, items: Sequence[TypeItem]) -> np.ndarray:
        """PentaClass probabilities, ``len(items) × 5`` in the order of :data:`PENTA_LABELS`."""
        return self.penta(self.features(items)) if items else np.zeros((0, 5), np.float32)

    def predict_all(self, items: Sequence[TypeItem]) -> tuple[np.ndarray, np.ndarray]:
        """(type probabilities, PentaClass probabilities) of the encoder heads, from one encoder pass."""
        if not items:
            return np.zeros((0, len(self.labels)), np.float32), np.zeros((0, 5), np.float32)
        x = self.features(items)
        return self.types(x), self.penta(x)


@dataclass(frozen=True, slots=True)
class Choice:
    """The type a combination rule settles on, its probability under the model, and who decided."""

    type: str | None  # a model label, or None: no event
    probability: float
    decided_by: str  # "lexicon", "lexicon+model", "model"


def combine(lexicon: str | None, probs: np.ndarray, labels: Sequence[str], *, override: float = 0.9,
            propose: float = 0.9) -> Choice:
    """The recommended rule (docs/ACCURACY.md, "The type model"): the lexicon's type stands unless
    the model gives another type at least ``override``; with no lexicon type the model proposes
    its type when it reaches ``propose`` (and it is not NONE). The thresholds are the training
    script's out-of-fold choice, stored in the weights' meta (``TypeModel.meta["combine"]``).

    >>> combine("ACCUSE", np.array([0.6, 0.4]), ["ACCUSE", "REJECT"])
    Choice(type='ACCUSE', probability=0.6, decided_by='lexicon+model')
    """
    best = int(np.argmax(probs))
    lex = model_type(lexicon)
    if lex is not None:
        if labels[best] != lex and probs[best] >= override:
            return Choice(labels[best], float(probs[best]), "model")
        p = float(probs[list(labels).index(lex)]) if lex in labels else 0.0
        return Choice(lex, p, "lexicon+model")
    if probs[best] >= propose and labels[best] != NONE:
        return Choice(labels[best], float(probs[best]), "model")
    return Choice(None, float(probs[best]), "model")


def _text(z: Any, key: str) -> str:
    return bytes(z[key]).decode("utf-8")


@lru_cache(maxsize=4)
def _load(path: str) -> TypeModel:
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(_text(z, "meta"))
            heads = {}
            for name in ("types", "penta"):
                heads[name] = Head(tuple(_text(z, f"{name}_labels").split("\n")),
                                   z[f"{name}_coef"].astype(np.float32), z[f"{name}_intercept"].astype(np.float32),
                                   float(z[f"{name}_temperature"]))
            sparse = None
            if "sparse_vocab" in z:
                names = _text(z, "sparse_vocab").split("\n")
                sparse = SparseHead({n: i for i, n in enumerate(names)}, z["sparse_idf"].astype(np.float32),
                                    z["sparse_coef"].astype(np.float32), z["sparse_intercept"].astype(np.float32),
                                    float(z["sparse_temperature"]), float(z["sparse_threshold"]),
                                    bool(z["sparse_agree"]))
                if tuple(_text(z, "sparse_labels").split("\n")) != heads["types"].labels:
                    raise ValueError("the sparse and encoder type heads have different labels")
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"type model weights {path} could not be read ({exc})",
                         hint="reinstall parley or run scripts/train_types.py") from None
    model = TypeModel(heads["types"], heads["penta"], meta, sparse=sparse)
    if meta.get("encoder") and meta["encoder"] != model.encoder.digest:
        raise ModelError(f"type model weights {path} were trained on another encoder",
                         hint="run scripts/train_types.py after scripts/build_encoder.py")
    return model


def save_weights(path: str | Path, types: Head, penta: Head, meta: dict[str, Any],
                 sparse: SparseHead | None = None) -> None:
    """Write the weights file the way :meth:`TypeModel.load` reads it (float16 coefficients)."""
    arrays: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)}
    if sparse is not None:
        names = sorted(sparse.vocab, key=sparse.vocab.__getitem__)
        arrays["sparse_vocab"] = np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)
        arrays["sparse_labels"] = np.frombuffer("\n".join(types.labels).encode("utf-8"), dtype=np.uint8)
        arrays["sparse_idf"] = sparse.idf.astype(np.float32)
        arrays["sparse_coef"] = sparse.coef.astype(np.float16)
        arrays["sparse_intercept"] = sparse.intercept.astype(np.float32)
        arrays["sparse_temperature"] = np.array(sparse.temperature, dtype=np.float32)
        arrays["sparse_threshold"] = np.array(sparse.threshold, dtype=np.float32)
        arrays["sparse_agree"] = np.array(sparse.agree)
    for name, head in (("types", types), ("penta", penta)):
        arrays[f"{name}_labels"] = np.frombuffer("\n".join(head.labels).encode("utf-8"), dtype=np.uint8)
        arrays[f"{name}_coef"] = head.coef.astype(np.float16)
        arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        arrays[f"{name}_temperature"] = np.array(head.temperature, dtype=np.float32)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # numpy's stub mistypes **kwds


def sentence_items(coder: Any, texts: Sequence[str]) -> list[tuple[TypeItem, str | None, str | None]]:
    """For each sentence: the item the model reads, and the type and CAMEO code the coder alone gives it.

    The item's trigger and lexicon type are those of the coder's most confident event that is not
    negated; when the coder makes no event (no source, say) those of the lexicon's first decision
    on the parse that is not negated; else neither. The coder's own type is the most confident
    event's (None when it codes nothing). Used by the training script and the accuracy gate, so
    both build items the way the pipeline meets them.
    """
    from parley.coding import cameo
    from parley.coding.decide import decide
    from parley.records import Document

    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    top: dict[int, tuple[tuple[int, int], str, str]] = {}
    for doc, events in coder.code_documents(iter(docs)):
        kept = [e for e in events if not e.modality.negated]
        if kept:
            best = max(kept, key=lambda e: e.confidence)
            top[int(doc.id)] = ((best.trigger.start, best.trigger.end), best.plover.type, best.cameo.code)
    out: list[tuple[TypeItem, str | None, str | None]] = []
    for i, parse in enumerate(coder.nlp.pipe(list(texts), batch_size=64)):
        if i in top:
            span, ptype, code = top[i]
            out.append((TypeItem(texts[i], span, ptype), model_type(ptype), code))
            continue
        decisions = [d for d in decide(parse[:], coder.lexicon)[0] if not d.reading.modality.negated]
        if decisions:
            d = decisions[0]
            span = (d.trigger.idx, d.trigger.idx + len(d.trigger.text))
            out.append((TypeItem(texts[i], span, cameo.info(d.code).plover_type), None, None))
        else:
            out.append((TypeItem(texts[i]), None, None))
    return out
