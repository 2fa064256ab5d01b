"""Load test of `parley serve`: concurrent readers on the main endpoints while an ingest writes.

Loopback only and bounded: the server is started here on 127.0.0.1 (a free port), every loop
stops after a fixed number of requests or seconds, whichever comes first. Two phases:

1. ``read``: readers only;
2. ``read+ingest``: the same readers while one client POSTs batches of new articles to the
   server's own ingest endpoint (DuckDB has one writer per file, so the server that reads is
   the one that writes; its readers keep their own connections and see each commit). The
   server codes in its worker process at a lower CPU priority and stores a few articles per
   transaction. With PostgreSQL, ``--writer process`` writes with a separate `parley ingest`
   per batch instead, beside a read-only server.

Prints requests/s and p50/p99 latency per phase and per endpoint, and writes
bench/results/load.json.

    .venv/bin/python bench/load.py                       # builds the demo DB first
    .venv/bin/python bench/load.py --db demo.duckdb --readers 16 --seconds 20
    .venv/bin/python bench/load.py --postgres postgresql://postgres@127.0.0.1:5432/test \
        --out bench/results/load-postgres.json
    .venv/bin/python bench/load.py --postgres postgresql://postgres@127.0.0.1:5432/test --writer process \
        --out bench/results/load-postgres-process.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "load.json"

ENDPOINTS = {  # name: list of paths the readers cycle through
    "events": ["/api/events?limit=50", "/api/events?actor=RUS&limit=50", "/api/events?type=CONSULT&offset=10"],
    "fused": ["/api/fused?limit=50", "/api/fused?min_sources=2", "/api/fused?since=2021-08-01&until=2021-09-30"],
    "summary": ["/api/summary", "/api/summary?actor=AFG"],
    "dyad_series": ["/api/dyads/RUS/AFG/series?freq=month", "/api/dyads/USA/AFG/series?freq=week"],
    "actors": ["/api/actors?q=ru", "/api/actors?q=taliban", "/api/actors/RUS"],
    "network": ["/api/network", "/api/network?since=2021-01-01&until=2021-12-31"],
    "briefing": ["/api/briefing?a=RUS&b=AFG"],
}

# Synthetic articles for the writer, written for this benchmark (no third-party text).
PLACES = ["Moscow", "Kabul", "Islamabad", "Doha", "Tashkent", "Dushanbe", "Beijing", "Tehran"]
PAIRS = [("Russian Foreign Minister Sergey Lavrov", "Taliban representatives"),
         ("Pakistan's foreign minister", "the Afghan delegation"),
         ("China's special envoy", "Taliban officials"),
         ("The Iranian foreign minister", "his Uzbek counterpart"),
         ("Qatari mediators", "the United States envoy")]
SENTENCES = [
    "{a} met {b} in {place} on {weekday} to discuss border security.",
    "{a} promised {b} {n} tonnes of wheat and medicine before winter.",
    "{a} criticised {b} for failing to form an inclusive government.",
    "{a} invited {b} to a conference on regional connectivity in {place}.",
    "{a} and {b} signed a memorandum on transit trade worth {n} million dollars.",
    "{a} urged {b} to guarantee safe passage for aid convoys.",
    "Talks between {a} and {b} lasted {h} hours, officials said.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def synthetic_article(i: int, rng: random.Random) -> dict:
    """One unique article (varied actors, numbers and places, so dedup keeps most)."""
    day = f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = []
    for template in rng.sample(SENTENCES, 4):
        a, b = rng.choice(PAIRS)
        lines.append(template.format(a=a, b=b, place=rng.choice(PLACES), weekday=rng.choice(WEEKDAYS),
                                     n=rng.randint(2, 900), h=rng.randint(2, 11)))
    place = rng.choice(PLACES).upper()
    return {"id": f"load-{i}-{rng.randint(0, 10**9)}", "date": day, "outlet": f"Load Wire {i % 7}",
            "title": f"Regional talks, report {i}", "text": f"{place}, {day}. " + " ".join(lines)}


def build_demo(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    subprocess.run([sys.executable, "-m", "parley", "ingest", str(REPO / "examples" / "news"), "--db", str(db),
                    "-q"], check=False, cwd=REPO, timeout=900)
    if not db.exists():
        raise SystemExit("load: building the demo database failed")
    return db


def postgres_schema(url: str) -> tuple[str, str]:
    """A fresh schema on the server for this run, and a URL whose search path selects it."""
    schema = "parley_load_" + secrets.token_hex(4)
    sep = "&" if "?" in url else "?"
    db = f"{url}{sep}options=-csearch_path%3D{schema}"
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    subprocess.run([sys.executable, "-m", "parley", "ingest", str(REPO / "examples" / "news"), "--db", db, "-q"],
                   check=False, cwd=REPO, timeout=900)
    return schema, db


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA "{schema}" CASCADE')


def start_server(db: str, token: str, *, allow_ingest: bool = True) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PARLEY_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", "0", *(["--allow-ingest"] if allow_ingest else [])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not match:
        proc.kill()
        raise SystemExit(f"load: server did not start: {line}{proc.stderr.read()[-2000:]}")
    return proc, match.group(0)


def reader(base: str, paths: list[tuple[str, str]], stop: threading.Event, budget: list[int],
           lock: threading.Lock, out: list[tuple[str, float, int]], seed: int) -> None:
    """One keep-alive connection; http.client keeps the load generator's own CPU use small."""
    rng = random.Random(seed)
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        while not stop.is_set():
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            name, path = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
            out.append((name, time.perf_counter() - t0, status))
    finally:
        conn.close()


def writer(base: str, token: str, stop: threading.Event, stats: dict, max_batches: int, seed: int) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=120, headers=headers) as client:
        for batch in range(max_batches):
            if stop.is_set():
                return
            articles = [synthetic_article(batch * 10 + k, rng) for k in range(5)]
            t0 = time.perf_counter()
            r = client.post("/api/ingest", json={"articles": articles})
            stats["batches"] += 1
            stats["seconds"] += time.perf_counter() - t0
            stats["articles"] += len(articles)
            if r.status_code == 200:
                body = r.json()
                stats["stored"] += body["stored"]
                stats["events"] += body["events"]
                stats["coding_s"] = round(stats.get("coding_s", 0) + body["seconds"]["coding"], 3)
                stats["storing_s"] = round(stats.get("storing_s", 0) + body["seconds"]["storing"], 3)
            else:
                stats["errors"] += 1


def process_writer(db: str, folder: Path, stop: threading.Event, stats: dict, max_batches: int, seed: int) -> None:
    """PostgreSQL: `parley ingest` in its own process writes while the server reads."""
    rng = random.Random(seed)
    for batch in range(max_batches):
        if stop.is_set():
            return
        path = folder / f"batch-{batch}.jsonl"
        path.write_text("".join(json.dumps(synthetic_article(batch * 10 + k, rng)) + "\n" for k in range(5)),
                        encoding="utf-8")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "parley", "ingest", str(path), "--db", db, "-q"],
                              capture_output=True, text=True, cwd=REPO, timeout=600)
        stats["batches"] += 1
        stats["seconds"] += time.perf_counter() - t0
        stats["errors"] += proc.returncode != 0
        stats["articles"] += 5 if proc.returncode == 0 else 0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(samples: list[tuple[str, float, int]], seconds: float) -> dict:
    lat = [s[1] for s in samples]
    out = {"requests": len(samples), "seconds": round(seconds, 2),
           "requests_per_s": round(len(samples) / seconds, 1) if seconds else 0.0,
           "p50_ms": round(percentile(lat, 0.50) * 1000, 2), "p99_ms": round(percentile(lat, 0.99) * 1000, 2),
           "mean_ms": round(statistics.fmean(lat) * 1000, 2) if lat else 0.0,
           "errors": sum(1 for s in samples if s[2] != 200), "endpoints": {}}
    for name in ENDPOINTS:
        mine = [s[1] for s in samples if s[0] == name]
        if mine:
            out["endpoints"][name] = {"requests": len(mine), "p50_ms": round(percentile(mine, 0.5) * 1000, 2),
                                      "p99_ms": round(percentile(mine, 0.99) * 1000, 2)}
    return out


def phase(base: str, token: str, *, readers: int, seconds: float, max_requests: int, ingest: bool,
          pg: tuple[str, Path] | None = None) -> dict:
    paths = [(name, p) for name, ps in ENDPOINTS.items() for p in ps]
    stop, lock, budget, samples = threading.Event(), threading.Lock(), [max_requests], []
    wstats = {"batches": 0, "articles": 0, "stored": 0, "events": 0, "errors": 0, "seconds": 0.0}
    threads = [threading.Thread(target=reader, args=(base, paths, stop, budget, lock, samples, i))
               for i in range(readers)]
    if ingest and pg:
        threads.append(threading.Thread(target=process_writer, args=(*pg, stop, wstats, 200, 7)))
    elif ingest:
        threads.append(threading.Thread(target=writer, args=(base, token, stop, wstats, 200, 7)))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    deadline = t0 + seconds
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads[:readers]):
        time.sleep(0.05)
    stop.set()
    for t in threads[:readers]:
        t.join(timeout=60)
    elapsed = time.perf_counter() - t0  # readers' window; the writer's last batch may still be finishing
    for t in threads[readers:]:
        t.join(timeout=180)
    result = summarise(samples, elapsed)
    if ingest:
        result["ingest"] = wstats
    return result


def run_phases(args: argparse.Namespace) -> dict:
    """Start the server over a fresh database, run both phases, stop everything."""
    with tempfile.TemporaryDirectory(prefix="parley-load-") as tmp:
        folder = Path(tmp)
        token = secrets.token_urlsafe(24)
        schema = None
        if args.postgres:
            schema, db = postgres_schema(args.postgres)
            proc, base = start_server(db, token, allow_ingest=args.writer == "server")
        else:
            copy = folder / "load.duckdb"
            shutil.copy(Path(args.db) if args.db else build_demo(folder), copy)
            db = str(copy)
            proc, base = start_server(db, token)
        try:
            if args.writer == "server":
                with httpx.Client(base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}) as c:
                    c.post("/api/ingest", json={"articles": [synthetic_article(-1, random.Random(1))]})  # load coder
            common = {"readers": args.readers, "seconds": args.seconds, "max_requests": args.max_requests}
            return {"read": phase(base, token, ingest=False, **common),
                    "read+ingest": phase(base, token, ingest=True,
                                         pg=(db, folder) if args.writer == "process" else None, **common)}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            if schema:
                drop_schema(args.postgres, schema)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="a parley DuckDB file to copy (default: ingest examples/news first)")
    ap.add_argument("--readers", type=int, default=16, help="concurrent reader clients (default 16)")
    ap.add_argument("--seconds", type=float, default=15, help="time limit per phase (default 15)")
    ap.add_argument("--max-requests", type=int, default=20000, help="request limit per phase (default 20000)")
    ap.add_argument("--postgres", metavar="URL", help="use this PostgreSQL server (a fresh schema)")
    ap.add_argument("--writer", choices=("server", "process"), default="server",
                    help="who writes in the read+ingest phase: the server's own POST /api/ingest (default; it codes "
                         "in its worker process) or, PostgreSQL only, a separate `parley ingest` process per batch "
                         "(loading its models each time) beside a read-only server")
    ap.add_argument("--out", default=str(RESULTS), help=f"result file (default {RESULTS.relative_to(REPO)})")
    args = ap.parse_args()
    if args.writer == "process" and not args.postgres:
        ap.error("--writer process needs --postgres (a DuckDB file has one writing process)")
    load_before = round(os.getloadavg()[0], 2)
    results = run_phases(args)
    report = {"benchmark": "api-load", "backend": "postgres" if args.postgres else "duckdb", "writer": args.writer,
              "readers": args.readers, "seconds_limit": args.seconds,
              "max_requests": args.max_requests, "cpus": os.cpu_count(), "python": platform.python_version(),
              # other processes share this machine: the 1-minute load average before and after
              "loadavg_before": load_before, "loadavg_after": round(os.getloadavg()[0], 2),
              "phases": results, "goal": {"requests_per_s": 500, "p99_ms": 200}}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for name, r in results.items():
        print(f"{name:12s} {r['requests']:6d} requests in {r['seconds']:5.1f}s = {r['requests_per_s']:7.1f} req/s  "
              f"p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}")
        if "ingest" in r:
            w = r["ingest"]
            stored = f"{w['stored']} stored, {w['events']} events" if w["stored"] else "ingested by `parley ingest`"
            print(f"{'':12s} ingest: {w['batches']} batches, {w['articles']} articles sent ({stored}), "
                  f"{w['errors']} errors")
    print(f"load average {report['loadavg_before']} before, {report['loadavg_after']} after "
          f"({os.cpu_count()} CPUs); wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
