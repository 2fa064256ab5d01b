"""Throughput of `parley code`: sentences/s and articles/s on ../shared/corpus.

Three runs over the same documents: the coder with the prefilter (default), without it (every
sentence parsed), and a parse-only baseline (nlp.pipe over every sentence, no coding).
Prints a table and writes bench/results/code.json.

    .venv/bin/python bench/code.py [--docs 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import time
from itertools import islice
from pathlib import Path

from parley.coding.coder import Coder
from parley.config import Settings, shared_dir
from parley.nlp.pipeline import load_pipeline, split_sentences
from parley.records import Document

RESULTS = Path(__file__).resolve().parent / "results" / "code.json"


def corpus(n: int) -> list[Document]:
    """Half BBC, half Guardian articles (research use, read from ../shared, never copied)."""
    root = shared_dir()
    if root is None:
        raise SystemExit("bench/code.py: ../shared is absent (set PARLEY_SHARED)")
    docs: list[Document] = []
    for name in ("bbc_news.jsonl.gz", "guardian_sample.jsonl.gz"):
        with gzip.open(root / "corpus" / name, "rt", encoding="utf-8") as fh:
            for line in islice(fh, n // 2):
                d = json.loads(line)
                docs.append(Document(id=str(d["id"]), text=d["text"], date=d.get("date")))
    return docs


def run_coder(docs: list[Document], prefilter: bool) -> dict[str, float]:
    coder = Coder(Settings(), prefilter=prefilter)
    coder.code_document(Document(id="warm", text="Russia condemned the attack."))  # load lazily-built parts
    coder.stats = {k: 0 for k in coder.stats}
    start = time.perf_counter()
    events = sum(len(ev) for _doc, ev in coder.code_documents(docs))
    elapsed = time.perf_counter() - start
    s = coder.stats
    return {"seconds": round(elapsed, 2), "articles_per_s": round(len(docs) / elapsed, 2),
            "sentences_per_s": round(s["sentences"] / elapsed, 1), "sentences": s["sentences"],
            "parsed_sentences": s["parsed"], "events": events}


def run_parse_only(docs: list[Document]) -> dict[str, float]:
    nlp = load_pipeline()
    sentences = [d.text[a:b] for d in docs for a, b in split_sentences(d.text)]
    start = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=64):
        pass
    elapsed = time.perf_counter() - start
    return {"seconds": round(elapsed, 2), "articles_per_s": round(len(docs) / elapsed, 2),
            "sentences_per_s": round(len(sentences) / elapsed, 1), "sentences": len(sentences)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="documents to code (half BBC, half Guardian)")
    args = ap.parse_args()
    docs = corpus(args.docs)
    results = {
        "documents": len(docs), "characters": sum(len(d.text) for d in docs),
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
        "prefilter_on": run_coder(docs, prefilter=True),
        "prefilter_off": run_coder(docs, prefilter=False),
        "parse_only": run_parse_only(docs),
    }
    print(f"{'run':<14} {'articles/s':>10} {'sentences/s':>12} {'parsed':>8} {'events':>7} {'seconds':>8}")
    for name in ("prefilter_on", "prefilter_off", "parse_only"):
        r = results[name]
        print(f"{name:<14} {r['articles_per_s']:>10} {r['sentences_per_s']:>12} "
              f"{r.get('parsed_sentences', r['sentences']):>8} {r.get('events', '-'):>7} {r['seconds']:>8}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
