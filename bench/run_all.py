"""Every parley benchmark in one run: each script prints its figures and writes bench/results/*.json.

    .venv/bin/python bench/run_all.py            # everything (long: see docs/PERFORMANCE.md)
    .venv/bin/python bench/run_all.py --quick    # smaller inputs, for a quick look
    .venv/bin/python bench/run_all.py --only engine scale

Benchmarks run one after the other (the figures of one must not be bent by another), each in
its own process. A benchmark that fails is reported and the others still run; the exit status
is 1 if any failed. At the end, the headline figures of every results file are printed again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"

# name: (script, full arguments, quick arguments)
BENCHMARKS: dict[str, tuple[str, list[str], list[str]]] = {
    "read": ("read.py", [], ["--limit", "300"]),
    "actors": ("actors.py", [], ["--rounds", "50"]),
    "code": ("code.py", [], ["--docs", "100"]),
    "store": ("store.py", [], ["--docs", "100", "--query-events", "20000", "--no-e2e"]),
    "load": ("load.py", [], ["--seconds", "5", "--readers", "4"]),
    "fusion": ("fusion_eval.py", [], []),
    "engine": ("engine.py", [], ["--limit", "50"]),
    "parse_equivalence": ("parse_equivalence.py", ["--all-sentences", "--limit", "100000"], ["--limit", "50"]),
    "scale": ("scale.py", ["--sizes", "1000", "10000"], ["--sizes", "200", "1000"]),
}
# the few figures per results file worth repeating in the final summary (dotted paths)
HEADLINES: dict[str, list[str]] = {
    "engine": [f"corpora.{c}.{k}" for c in ("bbc_news.jsonl.gz", "guardian_sample.jsonl.gz") for k in (
        "ingest.articles_per_s", "ingest.sentences_per_s", "ingest.words_per_s", "ingest.articles_per_s_on_idle_cores",
        "ingest.peak_rss_per_worker_mb", "code.articles_per_s", "code.articles_per_s_on_idle_cores",
        "parse_only.articles_per_s", "parse_only.articles_per_s_on_idle_cores", "ratio_to_parse_only",
        "stages.stage_seconds")],
    "scale": ["runs"],
    "code": ["prefilter_on.articles_per_s", "prefilter_off.articles_per_s", "parse_only.articles_per_s"],
}


def _get(d: Any, dotted: str) -> Any:
    """The value at a dotted path; a key may itself hold dots (corpus file names)."""
    parts = dotted.split(".")
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if isinstance(d, dict) and key in d:
                d, i = d[key], j
                break
        else:
            return None
    return d


def summary_lines(name: str, path: Path) -> list[str]:
    """Headline figures of one results file (every top-level number when no headline is listed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"  {name}: no readable results ({exc})"]
    keys = HEADLINES.get(name) or [k for k, v in data.items() if isinstance(v, int | float)]
    lines = [f"  {name}.{k} = {json.dumps(_get(data, k))}" for k in keys]
    return lines or [f"  {name}: see {path.relative_to(BENCH.parent)}"]


def run(name: str, quick: bool) -> tuple[bool, float]:
    script, full, small = BENCHMARKS[name]
    cmd = [sys.executable, str(BENCH / script), *(small if quick else full)]
    print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
    start = time.perf_counter()
    ok = subprocess.run(cmd, cwd=BENCH.parent).returncode == 0
    seconds = time.perf_counter() - start
    print(f"=== {name}: {'done' if ok else 'FAILED'} in {seconds:.0f} s", flush=True)
    return ok, seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs for every benchmark")
    ap.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these")
    args = ap.parse_args()
    names = args.only or list(BENCHMARKS)
    outcome = {name: run(name, args.quick) for name in names}
    print("\n=== summary (bench/results/*.json)")
    for name in names:
        ok, seconds = outcome[name]
        print(f"{name}: {'ok' if ok else 'FAILED'} ({seconds:.0f} s)")
        results_file = RESULTS / f"{name}.json"
        if results_file.is_file():
            print("\n".join(summary_lines(name, results_file)))
    return 0 if all(ok for ok, _s in outcome.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
