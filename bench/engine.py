"""End to end: `parley code -j N` and `parley ingest -j N` against the parse-only baseline, per corpus.

For each corpus file of ../shared/corpus (bbc_news.jsonl.gz, guardian_sample.jsonl.gz; its
first ``--limit`` articles, default all), with ``--jobs`` worker processes (default 2):

1. **`parley code FILE -j N --out events.jsonl`** and 2. **`parley ingest FILE -j N --db
   fresh.duckdb`**: the real commands, each in a subprocess, from start-up to exit (Python
   start, model loading included): wall time, CPU seconds of the whole process tree (exact,
   from the OS; split between the main process and the workers by sampling), peak RSS sampled
   every 0.2 s, articles/s, sentences/s, words/s, and the **CPU-normalised** rate: the
   articles per second that CPU time allows on N idle cores (the machine may be shared);
3. **where the time goes**: the same ingest in this process with timers around each stage
   (read, dedup and store in the main process; split, actors, parse, frames, coding summed
   over the workers); it also counts sentences (all, and parsed after the prefilter);
4. **parse only**: spaCy's ``nlp.pipe`` over every sentence of the same texts (parley's
   sentence splitter) in N processes — the issue's baseline, with the plain ``en_core_web_sm``
   components parley uses — and the same with parley's own pipeline (memoised attribute
   ruler and lemmatizer, numpy matrix products), whose parses are identical;
5. **accuracy**: ../shared/gold petrarch2_gsr and conflibert_cameo_train scored with the
   prefilter on and off.

Prints every figure and writes bench/results/engine.json.

    .venv/bin/python bench/engine.py [--jobs 2] [--limit N] [--corpus bbc_news.jsonl.gz] [--no-accuracy]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchutil import RESULTS, PeakMemory, TimedIter, commit, idle_rate, machine, run_command, shared_or_exit  # noqa: E402

from parley.config import load_settings  # noqa: E402
from parley.engine.local import one_blas_thread  # noqa: E402
from parley.errors import InputError  # noqa: E402
from parley.records import Document  # noqa: E402

CORPORA = ("bbc_news.jsonl.gz", "guardian_sample.jsonl.gz")
GOLD = ("petrarch2_gsr", "conflibert_cameo_train")
STORE_METHODS = ("ingest", "ingest_many", "find_duplicate", "find_duplicates", "record_duplicate",
                 "record_duplicates", "fingerprint")
PARLEY = [sys.executable, "-m", "parley"]


def write_input(source: Path, limit: int | None, dest: Path) -> Path:
    """The first ``limit`` articles (lines) of a corpus file, as the JSONL file the commands read."""
    with gzip.open(source, "rt", encoding="utf-8") as fh, open(dest, "w", encoding="utf-8") as out:
        n = 0
        for line in fh:
            if line.strip() and (limit is None or n < limit):
                out.write(line)
                n += 1
    return dest


def read_docs(path: Path) -> list[Document]:
    from parley.read import read_inputs

    return [d for d in read_inputs([str(path)]) if not isinstance(d, InputError)]


def rates(n: int, sentences: int, words: int, seconds: float) -> dict[str, float]:
    return {"articles_per_s": round(n / seconds, 2), "sentences_per_s": round(sentences / seconds, 1),
            "words_per_s": round(words / seconds)}


# --------------------------------------------------------------------------- the real commands


def command(name: str, args: list[str], counts: dict[str, int], jobs: int) -> dict[str, Any]:
    """One `parley` command to its end, with its figures."""
    run = run_command([*PARLEY, name, *args])
    if run["returncode"] != 0:
        raise SystemExit(f"bench/engine.py: parley {' '.join(args)} failed: {run['stderr'].strip()[-500:]}")
    n = counts["documents"]
    return {"command": f"parley {name} -j {jobs}", "seconds": round(run["seconds"], 2),
            **rates(n, counts["sentences"], counts["words"], run["seconds"]),
            "cpu_seconds": round(run["cpu_seconds"], 1), "cpu_seconds_per_article": round(run["cpu_seconds"] / n, 4),
            "articles_per_s_on_idle_cores": idle_rate(n, run["cpu_seconds"], run["cpu_seconds_main"], jobs),
            **{k: run[k] for k in ("cpu_seconds_main", "cpu_seconds_workers", "peak_rss_total_mb",
                                   "peak_rss_main_mb", "peak_rss_per_worker_mb", "load_average_before",
                                   "load_average_after")}}


# --------------------------------------------------------------------------- stages, in this process


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


def stages(path: Path, jobs: int) -> dict[str, Any]:
    """`ingest()` in this process with timers around each stage (and counts of sentences)."""
    import parley.engine.local as local
    from parley.engine.timing import TimedFactory
    from parley.ingest import ingest
    from parley.read import read_inputs
    from parley.store import open_store

    settings = load_settings({"workers": jobs})
    stats: dict[str, float] = {}
    plain = local.code_documents

    def timed_code(docs: Any, settings: Any, *, jobs: int = 1, prefilter: bool = True, stats_: Any = None,
                   pool: Any = None):
        for item in local.code_stream(docs, settings, jobs=jobs, factory=TimedFactory(settings), stats=stats):
            if not isinstance(item, InputError):
                yield item

    clock: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = _time_store(open_store(str(Path(tmp) / "bench.duckdb")), clock)
        reader = TimedIter(read_inputs([str(path)]))
        local.code_documents = timed_code  # ingest() imports it at call time
        try:
            with PeakMemory() as mem:
                start = time.perf_counter()
                report = ingest([str(path)], settings=settings, store=store, jobs=jobs, items=reader)
                wall = time.perf_counter() - start
        finally:
            local.code_documents = plain
            store.close()
    seconds = {"read": reader.seconds, "store": clock.get("store", 0.0),
               **{k[2:]: stats.get(k, 0.0) for k in ("t_split", "t_actors", "t_parse", "t_frames", "t_coding")}}
    return {"seconds": round(wall, 2), "documents": report.read, "new": report.new, "duplicates": report.duplicate,
            "events": report.events, "sentences": int(stats.get("sentences", 0)),
            "parsed_sentences": int(stats.get("parsed", 0)), "cpu_seconds_main": round(mem.main_cpu, 1),
            "cpu_seconds_workers": round(mem.children_cpu, 1),
            "stage_seconds": {k: round(v, 2) for k, v in seconds.items()},
            "stage_note": "wall seconds inside each stage; read and store (dedup, fusion, DuckDB): main "
                          "process; split, actors, parse, frames, coding: summed over the worker processes"}


# --------------------------------------------------------------------------- parse only

_NLP: Any = None


def _load_parser(plain: bool) -> None:
    global _NLP
    if plain:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from parse_equivalence import plain_pipeline

        _NLP = plain_pipeline()
    else:
        from parley.nlp.pipeline import load_pipeline

        _NLP = load_pipeline()


def _parse_chunk(sentences: list[str]) -> int:
    return sum(1 for _ in _NLP.pipe(sentences, batch_size=64))


def parse_only(docs: list[Document], jobs: int, plain: bool) -> dict[str, Any]:
    """nlp.pipe over every sentence (parley's sentence splitter) in ``jobs`` processes."""
    from parley.nlp.pipeline import split_sentences

    sentences = [d.text[a:b] for d in docs for a, b in split_sentences(d.text)]
    chunks = [sentences[i:i + 256] for i in range(0, len(sentences), 256)]
    cpu0 = os.times()
    load_before = os.getloadavg()
    with PeakMemory() as mem:
        start = time.perf_counter()
        with one_blas_thread():  # as the engine starts its workers
            pool = mp.get_context("spawn").Pool(jobs, initializer=_load_parser, initargs=(plain,))
        with pool:
            parsed = sum(pool.imap(_parse_chunk, chunks))
        wall = time.perf_counter() - start
    cpu1 = os.times()
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    n = len(docs)
    return {"pipeline": "spaCy en_core_web_sm as shipped (tok2vec, tagger, parser, attribute_ruler, lemmatizer)"
            if plain else "parley's load_pipeline()", "jobs": jobs, "documents": n, "sentences": parsed,
            "seconds": round(wall, 2), **rates(n, parsed, sum(len(d.text.split()) for d in docs), wall),
            "cpu_seconds": round(cpu + mem.main_cpu, 1), "cpu_seconds_per_article": round((cpu + mem.main_cpu) / n, 4),
            "articles_per_s_on_idle_cores": idle_rate(n, cpu + mem.main_cpu, mem.main_cpu, jobs),
            "peak_rss_per_worker_mb": round(mem.worker_mb), "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}


# --------------------------------------------------------------------------- accuracy


def accuracy(root: Path) -> dict[str, Any]:
    """The gold sets scored with the prefilter on and off (the eval library `parley eval` uses)."""
    from parley.coding.coder import Coder
    from parley.coding.evaluate import code_gold, read_gold, score

    out: dict[str, Any] = {}
    for name in GOLD:
        gold = read_gold(root / "gold" / f"{name}.jsonl")
        out[name] = {"records": len(gold)}
        for mode, prefilter in (("prefilter_on", True), ("prefilter_off", False)):
            d = score(list(code_gold(gold, Coder(load_settings({}), prefilter=prefilter))), name).to_dict()
            out[name][mode] = {"predicted_events": d["predicted_events"], "coverage": d["coverage"],
                               "type": {k: {m: v.get(m) for m in ("precision", "recall", "f1")}
                                        for k, v in d["type"].items()},
                               "dyad": d["dyad"] and {m: d["dyad"].get(m) for m in ("precision", "recall", "f1")}}
    return out


# --------------------------------------------------------------------------- one corpus, printing


def bench_corpus(root: Path, name: str, limit: int | None, jobs: int, tmp: Path) -> dict[str, Any]:
    path = write_input(root / "corpus" / name, limit, tmp / name.replace(".gz", ""))
    docs = read_docs(path)
    print(f"\n== {name}: {len(docs)} articles, {jobs} processes", flush=True)
    where = stages(path, jobs)
    counts = {"documents": len(docs), "sentences": where["sentences"],
              "words": sum(len(d.text.split()) for d in docs)}
    out: dict[str, Any] = {"corpus": name, "articles": len(docs), "words": counts["words"],
                           "sentences": where["sentences"], "parsed_sentences": where["parsed_sentences"],
                           "events": where["events"], "duplicates": where["duplicates"], "stages": where}
    out["code"] = command("code", [str(path), "-j", str(jobs), "-q", "--out", str(tmp / "events.jsonl")], counts, jobs)
    print_run(out["code"])
    out["ingest"] = command("ingest", [str(path), "-j", str(jobs), "-q", "--db", str(tmp / f"{name}.duckdb")],
                            counts, jobs)
    print_run(out["ingest"])
    out["parse_only"] = parse_only(docs, jobs, plain=True)
    out["parse_only_parley_pipeline"] = parse_only(docs, jobs, plain=False)
    for label in ("parse_only", "parse_only_parley_pipeline"):
        print_run({"command": f"parse only ({out[label]['pipeline']})", **out[label]})
    base = out["parse_only"]
    out["ratio_to_parse_only"] = {
        cmd: {"wall": round(out[cmd]["articles_per_s"] / base["articles_per_s"], 2),
              "cpu_normalised": round(out[cmd]["articles_per_s_on_idle_cores"] / base["articles_per_s_on_idle_cores"], 2)}
        for cmd in ("code", "ingest")}
    print(f"  sentences: {out['sentences']} ({out['parsed_sentences']} parsed after the prefilter); events "
          f"{out['events']}; duplicates skipped {out['duplicates']}")
    print("  where the time goes (wall s): " + ", ".join(f"{k} {v}" for k, v in where["stage_seconds"].items()))
    print("  ratio to parse only (articles/s): " + "; ".join(
        f"{cmd} {r['wall']} wall, {r['cpu_normalised']} CPU-normalised" for cmd, r in out["ratio_to_parse_only"].items()))
    return out


def print_run(r: dict[str, Any]) -> None:
    print(f"  {r['command']}: {r['seconds']} s = {r['articles_per_s']} articles/s, {r['sentences_per_s']} "
          f"sentences/s, {r['words_per_s']} words/s | CPU {r['cpu_seconds']} s ({r['cpu_seconds_per_article']} s "
          f"per article) -> {r['articles_per_s_on_idle_cores']} articles/s on idle cores | peak RSS "
          + (f"{r['peak_rss_total_mb']} MB total, {r['peak_rss_main_mb']} MB main, " if "peak_rss_total_mb" in r else "")
          + f"{r['peak_rss_per_worker_mb']} MB per worker | load {r['load_average_before'][0]} -> "
          f"{r['load_average_after'][0]}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus file (default all)")
    ap.add_argument("--corpus", nargs="+", choices=CORPORA, default=list(CORPORA), help="corpus files (default both)")
    ap.add_argument("--no-accuracy", action="store_true", help="skip the prefilter accuracy check")
    ap.add_argument("--out", default=str(RESULTS / "engine.json"))
    args = ap.parse_args()
    root = shared_or_exit("bench/engine.py")
    results: dict[str, Any] = {"jobs": args.jobs, "limit_per_file": args.limit, "machine": machine(),
                               "commit": commit(), "corpora": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.corpus:
            results["corpora"][name] = bench_corpus(root, name, args.limit, args.jobs, Path(tmp))
    if not args.no_accuracy:
        results["accuracy"] = accuracy(root)
        for gold, a in results["accuracy"].items():
            for mode in ("prefilter_on", "prefilter_off"):
                t = a[mode]["type"]
                print(f"accuracy {gold} {mode}: " + ", ".join(f"{k} F1 {v['f1']}" for k, v in t.items())
                      + f"; dyad F1 {a[mode]['dyad'] and a[mode]['dyad']['f1']}; {a[mode]['predicted_events']} events")
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
