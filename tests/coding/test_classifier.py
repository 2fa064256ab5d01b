"""The learned event-type classifier (parley/coding/classifier.py): shipped weights, numpy inference."""

from __future__ import annotations

import numpy as np
import pytest

from parley.coding.classifier import WEIGHTS, RootClassifier, features, save_weights, tokens
from parley.errors import ModelError
from parley.records import PLOVER_TYPES


@pytest.fixture(scope="module")
def clf() -> RootClassifier:
    return RootClassifier.load()


def test_weights_are_small_and_hold_no_sentences(clf):
    assert WEIGHTS.stat().st_size < 2_000_000
    assert all(term.count(" ") <= 1 for term in clf.index)  # n-grams of at most two words
    assert RootClassifier.load() is clf  # cached


def test_heads_cover_their_label_sets(clf):
    p = clf.predict_proba("The two presidents met in Geneva.")
    assert set(p) == {f"penta:{k}" for k in range(5)}
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-5)
    q = clf.predict_plover("The two presidents met in Geneva.")
    assert set(q) == set(PLOVER_TYPES)
    assert sum(q.values()) == pytest.approx(1.0, abs=1e-5)
    r = clf.predict_roots("The two presidents met in Geneva.")
    assert sorted(r) == [f"{i:02d}" for i in range(1, 21)]
    assert sum(r.values()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("text, group", [
    ("Government troops shelled rebel positions, killing a dozen fighters.", "penta:4"),
    ("Police fired tear gas at protesters who clashed with officers.", "penta:4"),
    ("The minister sharply criticized the neighbouring government and accused it of lying.", "penta:3"),
    ("The foreign ministers held talks and praised the progress made.", "penta:1"),
])
def test_clear_sentences_land_in_their_group(clf, text, group):
    p = clf.predict_proba(text)
    assert max(p, key=p.get) == group


def test_unknown_words_give_the_prior_and_are_deterministic(clf):
    p = clf.predict_proba("zzqx vvbn")
    assert p == clf.predict_proba("qqqq wwww")  # no known feature: intercepts only
    assert clf.predict_plover("Rebels attacked the town") == clf.predict_plover("Rebels attacked the town")


def test_features_are_stems_and_bigrams():
    assert tokens("Attacked attacks attacking 2021") == ["attack", "attack", "attack", "0"]
    f = features("They called for talks")
    assert "call for" in f and "talk" in f and "the" not in f


def test_round_trip_and_missing_file(tmp_path):
    path = tmp_path / "w.npz"
    heads = {"penta": (["0", "1", "2", "3", "4"], np.eye(2, 5), np.zeros(5)),
             "plover": (list(PLOVER_TYPES), np.ones((2, 16)), np.zeros(16))}
    save_weights(path, ["attack", "talk"], np.array([1.0, 2.0]), heads, {"note": "test"})
    c = RootClassifier.load(path)
    assert c.meta == {"note": "test"}
    p = c.predict_proba("attack")  # feature 0 pushes class "0"
    assert max(p, key=p.get) == "penta:0"
    with pytest.raises(ModelError, match="could not be read"):
        RootClassifier.load(tmp_path / "missing.npz")
