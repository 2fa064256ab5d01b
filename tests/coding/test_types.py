"""The learned event-type model (parley/coding/types.py) and its encoder (parley/coding/encoder.py).

Sentences here are our own; the accuracy gate scores the zsp validation part in aggregate only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from needs import need
from sklearn.metrics import f1_score

from parley.coding.encoder import GRAPH, TOKENIZER, Encoder
from parley.coding.splits import split_of
from parley.coding.types import (
    LEXICON_SLOTS,
    PENTA_LABELS,
    WEIGHTS,
    Choice,
    Head,
    SparseHead,
    TypeItem,
    TypeModel,
    combine,
    model_type,
    save_weights,
    sentence_items,
    sparse_features,
)
from parley.errors import ModelError

SHARED = Path(os.environ.get("PARLEY_SHARED", Path(__file__).resolve().parents[3] / "shared"))
ZSP = SHARED / "gold/zsp_plv_train.jsonl"
# Measured 0.791 macro-F1 on the zsp validation part (docs/ACCURACY.md, "The type model"). Lower a
# floor only on purpose, saying why in the commit.
FLOOR_MACRO_F1 = 0.76  # measured 0.771 after the 20,000-actor KB and our own sentences (was 0.791)
FLOOR_ACCURACY = 0.79  # measured 0.798 (was 0.819)


@pytest.fixture(scope="module")
def model() -> TypeModel:
    return TypeModel.load()


def test_weights_load_once_and_are_small(model):
    assert TypeModel.load() is model
    assert model.version.startswith("types-v1+")
    assert model.labels == tuple(sorted(model.labels)) and "ASSAULT" in model.labels
    total = WEIGHTS.stat().st_size + GRAPH.stat().st_size + TOKENIZER.stat().st_size
    assert total < 30_000_000  # issue 14: all weights together under 50 MB
    assert model.meta["encoder"] == Encoder.load().digest


def test_shapes_and_probabilities(model):
    items = [TypeItem("Militia fighters ambushed a police convoy near the border.", (17, 25), "ASSAULT"),
             TypeItem("Nothing much happened in the valley that week."), TypeItem("x")]
    p = model.predict(items)
    assert p.shape == (3, len(model.labels)) and p.dtype == np.float32
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5) and (p >= 0).all()
    q = model.predict_penta(items)
    assert q.shape == (3, len(PENTA_LABELS)) and np.allclose(q.sum(axis=1), 1.0, atol=1e-5)
    both = model.predict_all(items)
    assert np.array_equal(both[0], model.predict_encoder(items)) and np.array_equal(both[1], q)
    assert model.predict([]).shape == (0, len(model.labels))


def test_deterministic_and_independent_of_neighbours(model):
    a = TypeItem("The envoy urged both sides to return to the negotiating table.", (10, 15), "REQUEST")
    b = TypeItem("Two soldiers were wounded when a roadside bomb exploded.", (44, 52), "ASSAULT")
    alone = model.predict([a])[0]
    assert np.array_equal(alone, model.predict([a])[0])
    # the encoder runs one text at a time, so its vectors do not depend on the neighbours; the
    # heads' matrix product may round the last bit differently for another number of rows
    assert np.array_equal(model.features([a])[0], model.features([b, a, b])[1])
    assert np.allclose(alone, model.predict([b, a, b])[1], atol=1e-6)


def test_trigger_and_lexicon_move_the_prediction(model):
    text = "The president condemned the raid and ordered troops to the frontier."
    condemn = model.predict([TypeItem(text, (14, 23), "ACCUSE")])[0]
    ordered = model.predict([TypeItem(text, (37, 44), "MOBILIZE")])[0]
    labels = list(model.labels)
    assert labels[int(condemn.argmax())] == "ACCUSE"
    assert condemn[labels.index("ACCUSE")] > ordered[labels.index("ACCUSE")]


@pytest.mark.parametrize("text, trigger_word, lexicon, expected", [
    ("Hundreds of farmers marched on the capital to demand lower fuel prices.", "marched", None, "PROTEST"),
    ("The finance ministers signed a deal to share the cost of the new dam.", "signed", "AGREE", "AGREE"),
    ("Artillery pounded the rebel-held suburbs throughout the night.", "pounded", "ASSAULT", "ASSAULT"),
    ("The council voted to freeze the assets of three firms accused of smuggling.", "freeze", "SANCTION", "SANCTION"),
    ("Opposition leaders flatly rejected the government's offer of a referendum.", "rejected", "REJECT", "REJECT"),
    ("The relief agency flew tonnes of medicine and blankets to the flooded province.", "flew", "AID", "AID"),
    ("The militia agreed to pull its fighters back from the ceasefire line.", "pull", "RETREAT", "YIELD"),
])
def test_own_sentences(model, text, trigger_word, lexicon, expected):
    start = text.index(trigger_word)
    p = model.predict([TypeItem(text, (start, start + len(trigger_word)), lexicon)])[0]
    assert model.labels[int(p.argmax())] == expected


def test_cascade_encodes_only_what_the_sparse_head_is_unsure_of(model, monkeypatch):
    """The shipped weights carry the sparse head; items it is sure of never reach the encoder, the
    others get exactly the encoder head's probabilities."""
    assert model.sparse is not None and 0.5 <= model.sparse.threshold <= 1.01
    items = [TypeItem("Artillery pounded the rebel-held suburbs throughout the night.", (10, 17), "ASSAULT"),
             TypeItem("The two delegations spent the afternoon on it.", (20, 25), None),
             TypeItem("Hundreds of farmers marched on the capital to demand lower fuel prices.", (20, 27), "PROTEST"),
             TypeItem("x")]
    cheap = model.sparse(items)
    sure = model.sparse.decides(cheap, items, model.labels)
    encoded: list[str] = []
    real = model.encoder.encode

    def counting(texts, spans=None):  # the real encoder, counted
        encoded.extend(texts)
        return real(texts, spans)

    monkeypatch.setattr(model.encoder, "encode", counting)
    p = model.predict(items)
    assert encoded == [it.text for it, s in zip(items, sure, strict=True) if not s]
    assert np.array_equal(p[sure], cheap[sure])
    if (~sure).any():
        assert np.allclose(p[~sure], model.predict_encoder([it for it, s in zip(items, sure, strict=True) if not s]),
                           atol=1e-6)


def test_sparse_head_is_scikit_learns_tfidf_and_logistic_regression():
    """The run-time tf-idf (no scikit-learn) gives the logits the trained pipeline gives, unseen
    features included."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    items = [TypeItem("Rebels attacked the town and attacked it again.", (7, 15), "ASSAULT"),
             TypeItem("They called for talks.", (5, 11), "REQUEST"), TypeItem("Leaders met in Doha."),
             TypeItem("Troops shelled two villages.", (7, 14), None)]
    y = ["ASSAULT", "REQUEST", "CONSULT", "ASSAULT"]
    vec = TfidfVectorizer(analyzer=sparse_features, sublinear_tf=True)
    clf = LogisticRegression(C=3.0).fit(vec.fit_transform(items), y)
    head = SparseHead({str(n): i for i, n in enumerate(vec.get_feature_names_out())}, vec.idf_.astype(np.float32),
                      clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32), 1.0, 0.6)
    test = [*items, TypeItem("Entirely unseen vocabulary here.")]
    assert np.allclose(head.logits(test), clf.decision_function(vec.transform(test)), atol=1e-5)
    assert sparse_features(TypeItem("Troops shelled two villages.", (7, 14)))[-4:] == [
        "T=shell", "L=troop", "R=two", "R=villag"]


def test_combine_rule():
    labels = ["ACCUSE", "ASSAULT", "CONSULT"]
    assert combine("ACCUSE", np.array([0.3, 0.6, 0.1]), labels, override=0.5) == Choice("ASSAULT", 0.6, "model")
    assert combine("ACCUSE", np.array([0.3, 0.6, 0.1]), labels, override=0.7).type == "ACCUSE"
    assert combine(None, np.array([0.1, 0.1, 0.8]), labels, propose=0.7) == Choice("CONSULT", 0.8, "model")
    assert combine(None, np.array([0.1, 0.3, 0.6]), labels, propose=0.7).type is None
    assert combine("RETREAT", np.array([0.1, 0.1, 0.1, 0.7]), labels + ["YIELD"], override=0.9) == Choice(
        "YIELD", pytest.approx(0.7), "lexicon+model")
    assert model_type("concede") == "YIELD" and len(LEXICON_SLOTS) == 16


def test_round_trip_and_errors(tmp_path, model):
    path = tmp_path / "t.npz"
    width = model.types.coef.shape[0]
    coef = np.zeros((width, 2))
    coef[-1, 0] = 5.0  # the lexicon slot "none" pushes label A
    head = Head(("A", "B"), coef, np.zeros(2), 2.0)
    save_weights(path, head, Head(PENTA_LABELS, np.zeros((width, 5)), np.zeros(5)), {"encoder": model.meta["encoder"]})
    small = TypeModel.load(path)
    p = small.predict([TypeItem("Some words.")])[0]
    assert p[0] == pytest.approx(np.exp(2.5) / (np.exp(2.5) + 1), rel=1e-4)  # temperature 2 applied
    with pytest.raises(ModelError, match="could not be read"):
        TypeModel.load(tmp_path / "missing.npz")
    save_weights(tmp_path / "other.npz", head, head, {"encoder": "0" * 64})
    with pytest.raises(ModelError, match="another encoder"):
        TypeModel.load(tmp_path / "other.npz")
    with pytest.raises(ModelError, match="could not be loaded"):
        Encoder.load(tmp_path / "missing.onnx")


def test_accuracy_gate_on_the_zsp_validation_part(model, coder):
    """Aggregate figures only: never print or assert on a single validation sentence."""
    need(ZSP.is_file(), f"the zsp gold set ({ZSP}) is not here")
    rows = [json.loads(line) for line in ZSP.open(encoding="utf-8")]
    rows = sorted((r for r in rows if split_of(r["text"]) == "validation"), key=lambda r: r["text"])
    items = [item for item, _, _ in sentence_items(coder, [r["text"] for r in rows])]
    p = model.predict(items)
    gold = [model_type(r["events"][0]["code"]) for r in rows]
    pred = [model.labels[j] for j in p.argmax(axis=1)]
    macro = f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0)
    accuracy = float(np.mean([g == q for g, q in zip(gold, pred, strict=True)]))
    assert len(rows) > 300
    assert macro >= FLOOR_MACRO_F1, f"type macro-F1 {macro:.3f} fell below the floor {FLOOR_MACRO_F1}"
    assert accuracy >= FLOOR_ACCURACY, f"type accuracy {accuracy:.3f} fell below the floor {FLOOR_ACCURACY}"
