"""Parse-level NLP: spaCy loading, sentences, predicate frames (and relative dates).

Knows nothing of CAMEO or actor codes.
"""

from parley.nlp.pipeline import load_pipeline, split_sentences

__all__ = ["load_pipeline", "split_sentences"]
