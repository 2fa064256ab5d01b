"""The memoised attribute ruler and lemmatizer give spaCy's own tokens, POS, morphology and lemmas (issue #7)."""

from __future__ import annotations

import pytest

from parley.nlp import attributes
from parley.nlp.pipeline import NEEDED, load_pipeline, split_sentences
from parley.read import read_inputs

# Sentences where a ruler pattern spans tokens ("there is", "gonna", "ain't", "let's"), whitespace
# tokens, pronouns and auxiliaries the ruler's word exceptions rewrite, and rare words.
TRICKY = [
    "There is no deal, and there were no talks in Moscow.",
    "They're gonna sign it, ain't they? Let's see what y'all do.",
    "I told him that she'd have been there if it weren't for the sanctions.",
    "The minister said:\n\n  \"We will not accept this.\"  ",
    "Nothing was agreed; somebody must've leaked the memo, didn't they?",
    "Xinjiang's Uyghur-majority prefectures were ill-served by Beijing's 2014-2019 crackdown.",
    "",
]


def _plain():
    import spacy

    from parley.config import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    for name in nlp.pipe_names:
        if name not in NEEDED:
            nlp.disable_pipe(name)
    return nlp


def _tokens(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def sentences(examples):
    texts = list(TRICKY)
    for doc in read_inputs([str(examples)]):
        if hasattr(doc, "text"):
            texts += [doc.text[a:b] for a, b in split_sentences(doc.text)]
    return texts


def test_same_annotations_as_spacys_own_components(sentences):
    plain = [_tokens(d) for d in _plain().pipe(sentences, batch_size=16)]
    nlp = load_pipeline()
    assert "parley_attributes" in nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.disabled)
    memo = nlp.get_pipe("parley_attributes")
    memo.memo.clear()
    first = [_tokens(d) for d in nlp.pipe(sentences, batch_size=16)]  # learning as it goes
    again = [_tokens(nlp(s)) for s in sentences]  # every key known now, one sentence at a time
    assert first == plain
    assert again == plain
    assert len(memo.memo) > 100


def test_forgetting_the_memo_changes_nothing(sentences, monkeypatch):
    nlp = load_pipeline()
    before = [_tokens(d) for d in nlp.pipe(sentences[:40])]
    monkeypatch.setattr(attributes, "MEMO_LIMIT", 5)  # cleared before nearly every batch
    assert [_tokens(d) for d in nlp.pipe(sentences[:40], batch_size=4)] == before


def test_rulers_it_cannot_memoise_are_left_alone():
    nlp = _plain()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]], {"LEMMA": "big"})
    assert not attributes.memoisable(nlp)
    assert not attributes.install(nlp)
    assert "attribute_ruler" in nlp.pipe_names
