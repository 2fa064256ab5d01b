"""End to end: read → code (N processes) → store, per stage, against the parse-only baseline.

On ../shared/corpus/bbc_news.jsonl.gz and guardian_sample.jsonl.gz (read with parley's own
reader), with ``--jobs`` worker processes (default 2):

1. **end to end**: ``parley.ingest.ingest`` into a fresh DuckDB file, with timers around each
   stage (read and store in the main process; split, actors, parse, frames, coding summed over
   the workers) and peak RSS of the process tree sampled every 0.2 s;
2. **parse only**: spaCy ``nlp.pipe`` (the pipeline parley loads) over every sentence of the same
   texts, in the same number of processes — what parsing everything would cost;
3. **accuracy**: ../shared/gold/petrarch2_gsr.jsonl scored with the prefilter on and off.

Prints a table and writes bench/results/engine.json. Wall times include loading the models.

    .venv/bin/python bench/engine.py [--jobs 2] [--limit N]   # N articles per corpus file
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchutil import RESULTS, PeakMemory, TimedIter, machine, shared_or_exit  # noqa: E402

from parley.config import load_settings  # noqa: E402
from parley.errors import InputError  # noqa: E402
from parley.records import Document  # noqa: E402

CORPORA = ("bbc_news.jsonl.gz", "guardian_sample.jsonl.gz")
STORE_METHODS = ("ingest", "ingest_many", "find_duplicate", "record_duplicate", "fingerprint")


def read_corpus(root: Path, limit: int | None) -> Any:
    """Documents of the corpus files, streamed by parley's reader (``limit`` per file)."""
    from parley.read import read_inputs

    for name in CORPORA:
        docs = (d for d in read_inputs([str(root / "corpus" / name)]) if not isinstance(d, InputError))
        yield from islice(docs, limit)


def idle_rate(n: int, mem: PeakMemory, jobs: int) -> float:
    """Articles/s the run would reach on ``jobs`` idle cores, from the CPU seconds it used.

    The machine is shared, so wall time depends on what else runs; CPU time does not. The
    slowest of: all CPU spread over the cores, the main process alone, the workers alone.
    """
    busiest = max((mem.main_cpu + mem.children_cpu) / jobs, mem.main_cpu, mem.children_cpu / jobs, 1e-6)
    return round(n / busiest, 2)


def _time_store(store: Any, clock: dict[str, float]) -> Any:
    for name in STORE_METHODS:
        if hasattr(store, name):
            setattr(store, name, _timed(getattr(store, name), clock))
    return store


def _timed(fn: Any, clock: dict[str, float]) -> Any:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            clock["store"] = clock.get("store", 0.0) + time.perf_counter() - start
    return run


class _Counting:
    """Counts documents and words as they stream to the coder."""

    def __init__(self, docs: Any):
        self.docs, self.documents, self.words = docs, 0, 0

    def __iter__(self) -> Any:
        for d in self.docs:
            self.documents += 1
            self.words += len(d.text.split())
            yield d


def end_to_end(root: Path, jobs: int, limit: int | None) -> dict[str, Any]:
    import parley.engine.local as local
    from parley.engine.timing import TimedFactory
    from parley.ingest import ingest
    from parley.store import open_store

    settings = load_settings({"workers": jobs})
    stats: dict[str, float] = {}
    plain = local.code_documents

    def timed_code(docs: Any, settings: Any, *, jobs: int = 1, prefilter: bool = True, stats_: Any = None):
        for item in local.code_stream(docs, settings, jobs=jobs, factory=TimedFactory(settings), stats=stats):
            if not isinstance(item, InputError):
                yield item

    clock: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = _time_store(open_store(str(Path(tmp) / "bench.duckdb")), clock)
        reader = TimedIter(read_corpus(root, limit))
        counted = _Counting(reader)
        local.code_documents = timed_code  # ingest() imports it at call time
        try:
            with PeakMemory() as mem:
                start = time.perf_counter()
                report = ingest([f"corpus/{c}" for c in CORPORA], settings=settings, store=store, jobs=jobs,
                                items=counted)
                wall = time.perf_counter() - start
        finally:
            local.code_documents = plain
            store.close()
    n = counted.documents
    stages = {"read": reader.seconds, "store": clock.get("store", 0.0),
              **{k[2:]: stats.get(k, 0.0) for k in ("t_split", "t_actors", "t_parse", "t_frames", "t_coding")}}
    return {"jobs": jobs, "documents": n, "words": counted.words, "sentences": int(stats.get("sentences", 0)),
            "parsed_sentences": int(stats.get("parsed", 0)), "events": report.events, "new": report.new,
            "duplicates": report.duplicate, "seconds": round(wall, 2),
            "articles_per_s": round(n / wall, 2), "sentences_per_s": round(stats.get("sentences", 0) / wall, 1),
            "words_per_s": round(counted.words / wall), **mem.to_dict(),
            "articles_per_s_on_idle_cores": idle_rate(n, mem, jobs),
            "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
            "stage_note": "read and store: main process; the others: summed over the worker processes"}


_NLP: Any = None


def _load_parser() -> None:
    global _NLP
    from parley.nlp.pipeline import load_pipeline

    _NLP = load_pipeline()


def _parse_chunk(sentences: list[str]) -> int:
    return sum(1 for _ in _NLP.pipe(sentences, batch_size=64))


def parse_only(root: Path, jobs: int, limit: int | None) -> dict[str, Any]:
    """nlp.pipe over every sentence (parley's sentence splitter) in ``jobs`` processes."""
    from parley.nlp.pipeline import split_sentences

    docs: list[Document] = list(read_corpus(root, limit))
    sentences = [d.text[a:b] for d in docs for a, b in split_sentences(d.text)]
    chunks = [sentences[i:i + 256] for i in range(0, len(sentences), 256)]
    with PeakMemory() as mem:
        start = time.perf_counter()
        with mp.get_context("spawn").Pool(jobs, initializer=_load_parser) as pool:
            parsed = sum(pool.imap(_parse_chunk, chunks))
        wall = time.perf_counter() - start
    return {"jobs": jobs, "documents": len(docs), "sentences": parsed, "seconds": round(wall, 2),
            "articles_per_s": round(len(docs) / wall, 2), "sentences_per_s": round(parsed / wall, 1),
            **mem.to_dict(), "articles_per_s_on_idle_cores": idle_rate(len(docs), mem, jobs)}


def accuracy(root: Path) -> dict[str, Any]:
    """petrarch2_gsr scored with the prefilter on and off (the same eval library `parley eval` uses)."""
    from parley.coding.coder import Coder
    from parley.coding.evaluate import code_gold, read_gold, score

    gold = read_gold(root / "gold" / "petrarch2_gsr.jsonl")
    out: dict[str, Any] = {"gold": "petrarch2_gsr", "records": len(gold)}
    for name, prefilter in (("prefilter_on", True), ("prefilter_off", False)):
        report = score(list(code_gold(gold, Coder(load_settings({}), prefilter=prefilter))), "petrarch2_gsr")
        d = report.to_dict()
        out[name] = {"predicted_events": d["predicted_events"], "coverage": d["coverage"],
                     "type": {k: {m: v.get(m) for m in ("precision", "recall", "f1")}
                              for k, v in d["type"].items()},
                     "dyad": d["dyad"] and {m: d["dyad"].get(m) for m in ("precision", "recall", "f1")}}
    return out


def print_table(r: dict[str, Any]) -> None:
    e, p = r["end_to_end"], r["parse_only"]
    print(f"\nend to end ({e['jobs']} processes): {e['documents']} articles, {e['sentences']} sentences "
          f"({e['parsed_sentences']} parsed), {e['events']} events in {e['seconds']} s")
    print(f"  {e['articles_per_s']} articles/s   {e['sentences_per_s']} sentences/s   {e['words_per_s']} words/s")
    print(f"  peak RSS: {e['peak_rss_total_mb']} MB total, {e['peak_rss_main_mb']} MB main, "
          f"{e['peak_rss_per_worker_mb']} MB per worker")
    print("  stage seconds: " + ", ".join(f"{k} {v}" for k, v in e["stage_seconds"].items()))
    print(f"parse only ({p['jobs']} processes): {p['sentences']} sentences in {p['seconds']} s = "
          f"{p['articles_per_s']} articles/s, {p['sentences_per_s']} sentences/s; "
          f"peak {p['peak_rss_per_worker_mb']} MB per worker")
    print(f"ratio end to end / parse only (articles/s): {r['ratio_to_parse_only']}")
    print(f"CPU-normalised (from CPU seconds; the machine was shared): on {e['jobs']} idle cores end to end "
          f"{e['articles_per_s_on_idle_cores']}, parse only {p['articles_per_s_on_idle_cores']} articles/s "
          f"(ratio {r['ratio_on_idle_cores']})")
    if "accuracy" in r:
        a = r["accuracy"]
        for name in ("prefilter_on", "prefilter_off"):
            t = a[name]["type"]
            print(f"accuracy {a['gold']} {name}: " + ", ".join(f"{k} F1 {v['f1']}" for k, v in t.items())
                  + f"; dyad F1 {a[name]['dyad'] and a[name]['dyad']['f1']}; {a[name]['predicted_events']} events")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus file (default all)")
    ap.add_argument("--no-accuracy", action="store_true", help="skip the prefilter accuracy check")
    ap.add_argument("--out", default=str(RESULTS / "engine.json"))
    args = ap.parse_args()
    root = shared_or_exit("bench/engine.py")
    results: dict[str, Any] = {"corpus": list(CORPORA), "limit_per_file": args.limit, "machine": machine()}
    results["end_to_end"] = end_to_end(root, args.jobs, args.limit)
    results["parse_only"] = parse_only(root, args.jobs, args.limit)
    results["ratio_to_parse_only"] = round(results["end_to_end"]["articles_per_s"]
                                           / results["parse_only"]["articles_per_s"], 2)
    results["ratio_on_idle_cores"] = round(results["end_to_end"]["articles_per_s_on_idle_cores"]
                                           / results["parse_only"]["articles_per_s_on_idle_cores"], 2)
    if not args.no_accuracy:
        results["accuracy"] = accuracy(root)
    print_table(results)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
