"""Store benchmark: ingest rate into DuckDB and PostgreSQL, and query latency on 100k events.

    .venv/bin/python bench/store.py                 # both backends, default sizes
    .venv/bin/python bench/store.py --backends duckdb --query-events 20000 --no-e2e

Ingest uses pre-coded synthetic records (so it measures the store: dedup, fusion, writes),
one article per transaction as `parley ingest` does, and batched as `parley load --batch`
does. The query part fills a fresh database with ``--query-events`` synthetic events (batched
load) and times a dyad timeline (weekly, mentions and fused), a filtered page and a summary.
With ``--e2e`` it also times `parley ingest examples/news` (reading + coding + store).
Prints a table and writes bench/results/store.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.records import ActorRef, Cameo, Document, EventRecord, Modality, Plover, Span  # noqa: E402
from parley.store import open_store  # noqa: E402

PG_URL = os.environ.get("PARLEY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
COUNTRIES = ["RUS", "AFG", "CHN", "PAK", "USA", "IRN", "IND", "TJK", "UZB", "KAZ", "TUR", "QAT", "UKR",
             "ISR", "SAU", "EGY", "NER", "MLI", "FRA", "DEU", "GBR", "JPN", "KOR", "PRK", "SYR"]
CODES = [("042", "04", 1, 1.9, "CONSULT"), ("043", "04", 1, 2.8, "CONSULT"), ("057", "05", 1, 8.0, "COOPERATE"),
         ("061", "06", 2, 6.4, "COOPERATE"), ("071", "07", 2, 7.4, "AID"), ("112", "11", 3, -2.0, "ACCUSE"),
         ("120", "12", 3, -4.0, "REJECT"), ("141", "14", 3, -6.5, "PROTEST"), ("163", "16", 3, -5.6, "SANCTION"),
         ("190", "19", 4, -10.0, "ASSAULT"), ("183", "18", 4, -10.0, "ASSAULT"), ("036", "03", 1, 4.0, "COOPERATE")]
WORDS = ("talks envoy border aid minister delegation summit agreement ceasefire troops visit trade grain "
         "pipeline sanctions embassy election refugees water loan treaty statement officials").split()


def synthetic(n_docs: int, per_doc: int, seed: int, start: date = date(2020, 1, 1),
              days: int = 730) -> list[tuple[Document, list[EventRecord]]]:
    """Pre-coded articles: random dyads (a skewed few dominate, as in news), codes and dates."""
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) for i in range(len(COUNTRIES))]
    out = []
    for i in range(n_docs):
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        text = f"Article {seed}-{i}. " + " ".join(rng.choice(WORDS) for _ in range(120))
        doc = Document(id=f"s{seed}-{i:07d}", text=text, date=day, outlet=f"Outlet {rng.randrange(40)}",
                       url=f"https://example.org/{seed}/{i}", language="en")
        events = []
        for j in range(per_doc):
            src, tgt = rng.choices(COUNTRIES, weights, k=2)
            code, root, quad, gold, ptype = rng.choice(CODES)
            sentence = f"{src} officials and {tgt} envoys {rng.choice(WORDS)} {rng.choice(WORDS)} on {day}."
            trig = Span("envoys", 0, 6)
            s, t = [ActorRef(src, src + "GOV", src, "GOV")], [ActorRef(tgt, tgt + "GOV", tgt, "GOV")]
            events.append(EventRecord(EventRecord.make_id(doc.id, j, trig, s, t, code), doc.id, j, sentence, trig,
                                      Cameo(code, root, "label", quad, gold), Plover(ptype), s, t, day,
                                      Modality(), None, None, 0.7))
        out.append((doc, events))
    return out


class Target:
    """A fresh database: a DuckDB file in a temp folder, or a throw-away PostgreSQL schema."""

    def __init__(self, backend: str):
        self.backend = backend
        self.schema = f"parley_bench_{uuid.uuid4().hex[:10]}"
        self.tmp = tempfile.mkdtemp(prefix="parley-bench-")

    def open(self):
        if self.backend == "duckdb":
            return open_store(os.path.join(self.tmp, "bench.duckdb"))
        return open_store(PG_URL, schema=self.schema)

    def drop(self) -> None:
        if self.backend == "postgres":
            with open_store(PG_URL, schema=self.schema) as s:
                s.db.drop_schema(self.schema)
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


def ingest_rate(backend: str, docs: list, batch: int) -> dict:
    target = Target(backend)
    try:
        with target.open() as store:
            run = store.start_run("bench", [], "bench")
            t0 = time.perf_counter()
            for i in range(0, len(docs), batch):
                store.ingest_many([(d, e, None) for d, e in docs[i:i + batch]], run)
            elapsed = time.perf_counter() - t0
            counts = store.counts()
    finally:
        target.drop()
    return {"backend": backend, "batch": batch, "articles": len(docs), "events": counts["events"],
            "fused_events": counts["fused_events"], "seconds": round(elapsed, 2),
            "articles_per_s": round(len(docs) / elapsed, 1), "events_per_s": round(counts["events"] / elapsed, 1)}


def _time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 1)


def query_latency(backend: str, n_events: int, per_doc: int) -> dict:
    # news arrives roughly in date order; a batch then meets only the fused events of a few days
    docs = sorted(synthetic(n_events // per_doc, per_doc, seed=99), key=lambda p: (p[0].date, p[0].id))
    target = Target(backend)
    try:
        with target.open() as store:
            t0 = time.perf_counter()
            for i in range(0, len(docs), 500):
                store.ingest_many([(d, e, None) for d, e in docs[i:i + 500]])
            fill = time.perf_counter() - t0
            counts = store.counts()
            dyad = "RUS:AFG"
            res = {
                "backend": backend, "events": counts["events"], "fused_events": counts["fused_events"],
                "fill_seconds": round(fill, 1),
                "dyad_events": store.events(dyad=dyad).count(),
                "timeline_week_ms": _time(lambda: list(store.timeline(dyad=dyad, interval="week").rows())),
                "timeline_month_fused_ms": _time(lambda: list(store.timeline(dyad=dyad, fused=True).rows())),
                "page_100_ms": _time(lambda: list(store.events(dyad=dyad, since="2021-01-01", limit=100).records())),
                "summary_ms": _time(lambda: store.summary(), repeat=3),
                "arrow_all_ms": _time(lambda: store.events().to_arrow(), repeat=3),
            }
    finally:
        target.drop()
    return res


def end_to_end(backend: str) -> dict:
    from parley.ingest import ingest

    target = Target(backend)
    try:
        with target.open() as store:
            t0 = time.perf_counter()
            report = ingest([str(ROOT / "examples" / "news")], store=store)
            elapsed = time.perf_counter() - t0
    finally:
        target.drop()
    return {"backend": backend, "articles": report.read, "events": report.events, "seconds": round(elapsed, 1),
            "articles_per_s": round(report.read / elapsed, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description="store benchmark")
    ap.add_argument("--backends", default="duckdb,postgres")
    ap.add_argument("--docs", type=int, default=300, help="articles for the ingest rate")
    ap.add_argument("--events-per-doc", type=int, default=5)
    ap.add_argument("--query-events", type=int, default=100_000)
    ap.add_argument("--no-e2e", action="store_true", help="skip `ingest examples/news`")
    args = ap.parse_args()
    backends = [b for b in args.backends.split(",") if b]
    docs = synthetic(args.docs, args.events_per_doc, seed=1)
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "load_avg": os.getloadavg()[0]},
                    "ingest": [], "query": [], "end_to_end": []}
    for b in backends:
        for batch in (1, 100):
            r = ingest_rate(b, docs, batch)
            result["ingest"].append(r)
            print(f"ingest {b:8s} batch {batch:3d}: {r['articles_per_s']:7.1f} articles/s "
                  f"({r['events_per_s']:.0f} events/s, {r['articles']} articles)")
    for b in backends:
        q = query_latency(b, args.query_events, args.events_per_doc)
        result["query"].append(q)
        print(f"query  {b:8s} {q['events']} events ({q['fused_events']} fused, filled in {q['fill_seconds']} s): "
              f"dyad week timeline {q['timeline_week_ms']} ms, fused month timeline "
              f"{q['timeline_month_fused_ms']} ms, page of 100 {q['page_100_ms']} ms, summary {q['summary_ms']} ms, "
              f"all as Arrow {q['arrow_all_ms']} ms")
    if not args.no_e2e:
        for b in backends:
            e = end_to_end(b)
            result["end_to_end"].append(e)
            print(f"e2e    {b:8s} examples/news: {e['articles_per_s']} articles/s ({e['articles']} articles, "
                  f"{e['events']} events, {e['seconds']} s including model load)")
    out = ROOT / "bench" / "results" / "store.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
