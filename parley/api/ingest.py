"""The server's ingest path: articles (contract JSONL objects) → read → code → store.

Same stages as `parley ingest`: the reader's JSONL parser, the coding stage, and
``Store.ingest`` (one transaction per article, idempotent). The coder is loaded once per
server process and reused by every request.
"""

from __future__ import annotations

import io
import json
import threading
from typing import Any

from parley.errors import InputError

_stage_lock = threading.Lock()
_stage: Any = None


def coding_stage() -> Any:
    """The coding stage (spaCy + knowledge base), built on first use."""
    global _stage
    with _stage_lock:
        if _stage is None:
            from parley.config import load_settings
            from parley.engine import CodingStage

            _stage = CodingStage(load_settings())
        return _stage


def ingest_articles(store: Any, articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Read, code and store the articles; a refused article is reported, never fatal."""
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
    stage = coding_stage()
    run_id = store.start_run("serve-ingest", [d.id for d in docs], getattr(stage.coder.kb, "version", None))
    results = []
    for doc, events in stage(docs):
        r = store.ingest(doc, events, run_id)
        results.append({"doc_id": r.doc_id, "status": r.status, "events": r.events,
                        "fused_new": r.fused_new, "fused_joined": r.fused_joined, "duplicate_of": r.duplicate_of})
    store.finish_run(run_id, refused=len(refused))
    return {"run_id": run_id, "documents": results, "refused": refused,
            "stored": sum(1 for r in results if r["status"] == "new"),
            "events": sum(r["events"] for r in results)}
