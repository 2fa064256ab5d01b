"""The server's ingest path: articles (contract JSONL objects) → read → code → store.

Same stages as `parley ingest`: the reader's JSONL parser, the engine's coding stage, and
``Store.ingest`` (one transaction per article, idempotent). Coding runs in one worker
process (spawned once, models loaded once) so that its CPU work does not hold the server's
GIL: readers keep being answered while an ingest codes. Only the store writes happen here.
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from parley.errors import InputError


class Coders:
    """A lazily started one-process pool running the engine's coding stage."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.kb_version: str | None = None

    def code(self, docs: list[Any]) -> list[tuple[Any, list[Any], Any]]:
        """(document, events, dedup fingerprint) per document, computed in the worker."""
        return self._get().submit(_code_and_fingerprint, docs).result()

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                from parley.config import load_settings
                from parley.engine.local import _init_worker  # the engine's worker initialiser

                # spawn: forking a threaded server (and spaCy's BLAS threads) is unsafe
                self._pool = ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"),
                                                 initializer=_init_worker, initargs=(load_settings(), True))
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def _code_and_fingerprint(docs: list[Any]) -> list[tuple[Any, list[Any], Any]]:
    """Runs in the worker: the coding stage plus the MinHash fingerprint (both CPU-bound)."""
    from parley.engine.local import _run_batch
    from parley.store.writer import Fingerprint

    return [(doc, events, Fingerprint.of(doc)) for doc, events in _run_batch(docs)]


def read_articles(articles: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, str]]]:
    """Documents from contract-shaped article objects, and the refused ones with reasons."""
    from parley.read.formats import DEFAULT_MAX_BYTES
    from parley.read.jsonl import read_jsonl

    data = "\n".join(json.dumps(a, ensure_ascii=False) for a in articles).encode("utf-8")
    docs, refused = [], []
    for item in read_jsonl("request", "request", io.BytesIO(data), max_bytes=DEFAULT_MAX_BYTES,
                           ref_date=None, gzipped=False):
        if isinstance(item, InputError):
            refused.append({"input": item.input_name, "reason": item.reason})
        else:
            docs.append(item)
    return docs, refused


def ingest_articles(store: Any, coders: Coders, articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Read, code and store the articles; a refused article is reported, never fatal."""
    docs, refused = read_articles(articles)
    coded = coders.code(docs) if docs else []
    run_id = store.start_run("serve-ingest", [d.id for d in docs], None)
    results = []
    for doc, events, fingerprint in coded:
        r = store.ingest(doc, events, run_id, fingerprint=fingerprint)
        results.append({"doc_id": r.doc_id, "status": r.status, "events": r.events,
                        "fused_new": r.fused_new, "fused_joined": r.fused_joined, "duplicate_of": r.duplicate_of})
    store.finish_run(run_id, refused=len(refused))
    return {"run_id": run_id, "documents": results, "refused": refused,
            "stored": sum(1 for r in results if r["status"] == "new"),
            "events": sum(r["events"] for r in results)}
