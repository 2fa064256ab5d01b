"""Language identification (py3langid). English is coded downstream; others are reported."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Enough text for a stable answer; classifying a whole long article only costs time.
SAMPLE_CHARS = 1200
# Function words that are English and nothing else common; a text where they make up a
# quarter of the words is English without asking the (slow, pure-Python) classifier.
ENGLISH_FUNCTION_WORDS = frozenset("""
the of and to is was that for on with as by at from his her it its said have has were be this
which are not but after they he she their would will been who had
""".split())


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell.

    >>> detect_language("The ministers met in Geneva on Monday to discuss a ceasefire.")
    'en'
    """
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample[:200]) < 12:
        return None
    words = sample.lower().split()
    if len(words) >= 30 and sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= 0.25 * len(words):
        return "en"
    code, _score = _identifier().classify(sample)
    return str(code)
