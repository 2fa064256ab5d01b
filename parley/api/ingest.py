"""The server's ingest path: articles (contract JSONL objects) → read → code → store.

Same stages as `parley ingest`: the reader's JSONL parser, the engine's coding stage, and
``Store.ingest_many`` (``STORE_BATCH`` articles per transaction, idempotent). Coding runs in
one worker process (spawned once, models loaded once, at a lower CPU priority) so that its CPU
work neither holds the server's GIL nor takes the cores from readers: they keep being answered
while an ingest codes. Only the store writes happen here.
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from parley.api.errors import ApiError
from parley.errors import InputError

# Articles stored per transaction: a few commits per request instead of one per article (each
# commit costs DuckDB a WAL sync and the fusion queries), still short enough that a failure
# loses little and readers' snapshots move on often.
STORE_BATCH = 8
# The coding worker runs at a lower CPU priority than the server: when the cores are busy,
# answering readers comes first and coding takes what is left.
WORKER_NICE = 10


class Coders:
    """A lazily started one-process pool running the engine's coding stage."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.kb_version: str | None = None

    def code(self, docs: list[Any]) -> list[tuple[Any, list[Any], Any]]:
        """(document, events, dedup fingerprint) per document, computed in the worker."""
        try:
            return self._get().submit(_code_and_fingerprint, docs).result()
        except BrokenProcessPool:
            self.close()  # the next request starts a fresh worker
            raise ApiError(503, "unavailable",
                           "the coding worker stopped unexpectedly; nothing was stored, retry the request") from None

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                from parley.config import load_settings

                # spawn: forking a threaded server (and spaCy's BLAS threads) is unsafe
                self._pool = ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"),
                                                 initializer=_init_worker, initargs=(load_settings(),))
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


_WORKER_STAGE: Any = None


def _init_worker(settings: Any) -> None:
    """Runs once in the worker: the engine's coding stage, models loaded before the first request."""
    global _WORKER_STAGE
    import os

    from parley.engine import CodingStage

    if hasattr(os, "nice"):
        os.nice(WORKER_NICE)

    _WORKER_STAGE = CodingStage(settings)
    _ = _WORKER_STAGE.coder


def _code_and_fingerprint(docs: list[Any]) -> list[tuple[Any, list[Any], Any]]:
    """Runs in the worker: the coding stage plus the MinHash fingerprint (both CPU-bound)."""
    from parley.store.writer import Fingerprint

    return [(doc, events, Fingerprint.of(doc)) for doc, events in _WORKER_STAGE(docs)]


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


def ingest_articles(store: Any, coders: Coders, articles: list[dict[str, Any]],
                    committed: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Read, code and store the articles; a refused article is reported, never fatal.
    ``committed`` runs after each write transaction (the server marks its caches stale)."""
    t0 = time.perf_counter()
    docs, refused = read_articles(articles)
    coded = coders.code(docs) if docs else []
    t1 = time.perf_counter()
    run_id = store.start_run("serve-ingest", [d.id for d in docs], None)
    results = []
    for start in range(0, len(coded), STORE_BATCH):
        for r in store.ingest_many(coded[start:start + STORE_BATCH], run_id):
            results.append({"doc_id": r.doc_id, "status": r.status, "events": r.events, "fused_new": r.fused_new,
                            "fused_joined": r.fused_joined, "duplicate_of": r.duplicate_of})
        committed()  # readers may see this batch now, not only when the whole request is stored
    store.finish_run(run_id, refused=len(refused))
    t2 = time.perf_counter()
    return {"run_id": run_id, "documents": results, "refused": refused,
            "seconds": {"coding": round(t1 - t0, 3), "storing": round(t2 - t1, 3)},
            "stored": sum(1 for r in results if r["status"] == "new"),
            "events": sum(r["events"] for r in results)}
