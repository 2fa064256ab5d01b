"""The attribute ruler and the lemmatizer of a spaCy pipeline, memoised per token: same output, less work.

Both run after the parser over every token of every parsed sentence. spaCy's attribute ruler tests
its ~180 Matcher patterns at every token (tag → POS and morphology, plus word exceptions) and the
rule lemmatizer runs Python code per token; together they were about a quarter of the parse time.
Yet for almost every token the outcome depends only on a few attributes of the token itself (its
text, tag and dependency label, and what the earlier components set): the same key always gives
the same POS, morphology and lemma. So :class:`MemoAttributes` replaces both components:

* each token's key is looked up in a memo; the keys a batch of sentences meets for the first time
  become the tokens of one made-up Doc, which the original ruler and lemmatizer process, and what
  they set is remembered per key (with which positions of the ruler's multi-token patterns the
  token satisfies);
* a sentence where a *multi-token* pattern matches (e.g. "there is": the verb's POS depends on its
  neighbour) is handed to the original ruler and lemmatizer, unchanged;
* every other sentence gets the remembered values in one ``Doc.from_array`` call.

The result is the original components' output for every token (checked token by token in
tests/nlp/test_attributes.py and by bench/parse_equivalence.py over the corpus). Pipelines whose
ruler or lemmatizer is of another kind, or whose patterns read anything but the token's own
attributes, keep their original components (:func:`memoisable`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NAME = "parley_attributes"
MEMO_LIMIT = 200_000  # keys remembered before the memo starts afresh (bounded memory for long runs)
# attributes a ruler pattern may read for its token to be memoised: its word's (lexeme's) and the
# token-level ones a key holds (NORM is left out: a token's norm can differ from its word's)
_TOKEN_ATTRS = ("ORTH", "TEXT", "LOWER", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "TAG", "POS", "DEP",
                "LEMMA", "MORPH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
                "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL")
_WRITABLE = ("TAG", "POS", "DEP", "LEMMA", "MORPH")  # token-level attributes a rule may set


def memoisable(nlp: Language) -> bool:
    """True when the pipeline's attribute ruler and lemmatizer can be replaced by :class:`MemoAttributes`.

    >>> memoisable(load_pipeline())  # doctest: +SKIP
    True
    """
    return _parts(nlp) is not None


def install(nlp: Language) -> bool:
    """Replace the attribute ruler and lemmatizer of ``nlp`` by one memoised component (if possible).

    The originals stay in the pipeline, disabled: the new component calls them for what it has not
    seen yet. Returns whether the pipeline was changed.
    """
    from spacy.language import Language

    if _parts(nlp) is None:
        return False
    if not Language.has_factory(NAME):
        Language.factory(NAME, func=_make)
    last = max(nlp.pipe_names.index(n) for n in ("attribute_ruler", "lemmatizer") if n in nlp.pipe_names)
    nlp.add_pipe(NAME, after=nlp.pipe_names[last])
    for name in ("attribute_ruler", "lemmatizer"):
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return True


def _make(nlp: Language, name: str) -> MemoAttributes:
    parts = _parts(nlp)
    if parts is None:
        raise ValueError(f"[{NAME}] the pipeline's attribute ruler or lemmatizer cannot be memoised")
    return MemoAttributes(nlp, *parts)


def _parts(nlp: Language) -> tuple[Any, Any] | None:
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler, Lemmatizer

    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if ruler is None and lemmatizer is None:
        return None
    if ruler is not None and (type(ruler) is not AttributeRuler or _pattern_attrs(ruler) is None):
        return None
    if lemmatizer is not None and (type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer)
                                   or getattr(lemmatizer, "mode", None) not in ("rule", "lookup", "pos_lookup")):
        return None
    names = [n for n in nlp.pipe_names if n in ("attribute_ruler", "lemmatizer")]
    if names != sorted(names):  # the lemmatizer must come after the ruler (it reads the POS it sets)
        return None
    return ruler, lemmatizer


def _pattern_attrs(ruler: Any) -> set[str] | None:
    """Attributes the ruler's patterns read; None if a pattern reads anything but its own token's
    attributes, has a quantifier, or a rule sets anything but token attributes."""
    read: set[str] = set()
    for entry in ruler.patterns:
        if not set(entry["attrs"]) <= set(_WRITABLE):
            return None
        for pattern in entry["patterns"]:
            for token in pattern:
                for key in token:
                    if key.upper() not in _TOKEN_ATTRS:  # "OP", "_" (extensions), ENT_*, SENT_START, ...
                        return None
                    read.add("ORTH" if key.upper() == "TEXT" else key.upper())
    return read


class MemoAttributes:
    """The attribute ruler and lemmatizer of a pipeline, memoised per token key (see the module docstring)."""

    def __init__(self, nlp: Language, ruler: Any, lemmatizer: Any):
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.memo: dict[tuple[int, ...], int] = {}  # token key -> row of the two tables below
        self._table = numpy.zeros((0, 0), dtype=numpy.uint64)  # what the components set (`written`)
        self._mask_table = numpy.zeros(0, dtype=numpy.uint64)  # positions of multi-token patterns satisfied
        # multi-token patterns as (bit of each position); a Matcher of their positions as one-token patterns
        self.sequences: list[list[int]] = []
        self.vocab = nlp.vocab
        self.positions = Matcher(nlp.vocab)
        self._bits: dict[int, int] = {}  # match id -> mask bit
        read, written = {"ORTH", "POS", "MORPH", "LEMMA"}, {"LEMMA"}
        if ruler is not None:
            read |= _pattern_attrs(ruler) or set()
            for entry in ruler.patterns:
                written |= {k.upper() for k in entry["attrs"]}
                for pattern in entry["patterns"]:
                    if len(pattern) > 1:
                        self.sequences.append([self._position(token) for token in pattern])
        self._first = sum(1 << seq[0] for seq in self.sequences)  # bits that can start a sequence
        if len(self.positions) > 63:
            raise ValueError(f"[{NAME}] more multi-token pattern positions ({len(self.positions)}) than mask bits")
        self.written = [IDS[a] for a in sorted(written)]
        names = sorted(read | written)
        self.key_attrs = [IDS[a] for a in names]
        self._orth = names.index("ORTH")
        # token-level attributes of a key (the others follow from the word: its lexeme)
        self._settable = [i for i, a in enumerate(names) if a in _WRITABLE]

    def _position(self, token: dict[str, Any]) -> int:
        bit = len(self.positions)
        key = f"parley-position-{bit}"
        self.positions.add(key, [[token]])
        self._bits[self.vocab.strings[key]] = bit
        return bit

    # ------------------------------------------------------------------ pipeline component

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            yield from self._batch(list(batch))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        if len(self.memo) > MEMO_LIMIT:
            self.memo.clear()  # the tables' rows are then overwritten from the start
        keys = [[tuple(row) for row in doc.to_array(self.key_attrs).tolist()] if len(doc) else [] for doc in docs]
        unknown = list(dict.fromkeys(k for ks in keys for k in ks if k not in self.memo))
        if unknown:
            self._learn(docs[0].vocab, unknown)
        for doc, ks in zip(docs, keys, strict=True):
            if not ks:
                continue
            rows = [self.memo[k] for k in ks]
            masks = self._mask_table[rows]
            if masks.any() and self._in_sequence(masks.tolist()):
                self._original(doc)  # a pattern spanning tokens matched: their outcome is not per token
            else:
                doc.from_array(self.written, _ints(self._table[rows]))
        return docs

    def _in_sequence(self, masks: list[int]) -> bool:
        """Whether consecutive tokens satisfy every position of a multi-token pattern."""
        n = len(masks)
        for i, mask in enumerate(masks):
            if mask & self._first:
                for seq in self.sequences:
                    if i + len(seq) <= n and all(masks[i + j] >> bit & 1 for j, bit in enumerate(seq)):
                        return True
        return False

    # ------------------------------------------------------------------ learning

    def _learn(self, vocab: Any, keys: list[tuple[int, ...]]) -> None:
        """Run the original components over tokens made from the keys alone and remember what they set."""
        from spacy.tokens import Doc

        tokens = Doc(vocab, words=[vocab.strings[k[self._orth]] for k in keys])
        if self._settable:
            tokens.from_array([self.key_attrs[i] for i in self._settable],
                              _ints(numpy.array([[k[i] for i in self._settable] for k in keys], dtype=numpy.uint64)))
        masks = [0] * len(keys)
        for match_id, start, _end in self.positions(tokens):
            masks[start] |= 1 << self._bits[match_id]
        if len(keys) > 1 and self._in_sequence(masks):  # side by side they would match a longer pattern
            for key in keys:
                self._learn(vocab, [key])
            return
        self._original(tokens)
        first = len(self.memo)
        if first + len(keys) > len(self._table):  # grow by doubling: amortised constant time per key
            size = max(1024, 2 * (first + len(keys)))
            self._table = numpy.resize(self._table, (size, len(self.written)))
            self._mask_table = numpy.resize(self._mask_table, size)
        self._table[first:first + len(keys)] = tokens.to_array(self.written).reshape(len(keys), -1)
        self._mask_table[first:first + len(keys)] = masks
        self.memo.update((key, first + n) for n, key in enumerate(keys))

    def _original(self, doc: Doc) -> Doc:
        if self.ruler is not None:
            doc = self.ruler(doc)
        if self.lemmatizer is not None:
            doc = self.lemmatizer(doc)
        return doc


def _ints(array: numpy.ndarray) -> Any:
    """A uint64 array as spaCy's ``from_array`` takes it (its stubs say Ints2d)."""
    return array
