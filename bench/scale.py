"""Scaling: time and peak memory of `parley code -j N` on 1k, 10k (and 100k) synthetic articles.

Articles come from bench/make_synthetic.py (the demo corpus with swapped countries and dates).
Each size runs the real command line in a subprocess; memory is the peak RSS of its process
tree, CPU seconds are those of the whole tree (exact, from the OS). Linear cost means steady
CPU seconds per article across sizes (which, unlike articles/s, does not depend on what else
runs on the machine); flat memory means the same peak RSS.
The store is left out on purpose: the synthetic articles are near-copies of each other, which
the store's near-duplicate check would skip without coding them.

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--jobs 2] [--time-limit S]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchutil import RESULTS, commit, idle_rate, machine, run_command  # noqa: E402
from make_synthetic import synthesize  # noqa: E402


def _articles_done(out: Path) -> int:
    """How far a stopped run got: output is in input order, synthetic ids are numbered.

    A stopped `parley code --out` leaves its partial output in a hidden ``.parley-*.part`` file
    beside ``out`` (the real name appears only on success)."""
    if not out.exists():
        parts = sorted(out.parent.glob(".parley-*.part"), key=lambda p: p.stat().st_mtime)
        if not parts:
            return 0
        out = parts[-1]
    last = None
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            if line.endswith("\n"):  # the last line may be half-written
                last = line
    return int(json.loads(last)["doc_id"].rsplit("-", 1)[1]) + 1 if last else 0


def run_size(n: int, jobs: int, tmp: Path, time_limit: float | None = None) -> dict[str, Any]:
    src = tmp / f"synthetic-{n}.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for article in synthesize(n):
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    out = tmp / f"events-{n}.jsonl"
    cmd = [sys.executable, "-m", "parley", "code", str(src), "-j", str(jobs), "-q", "--out", str(out)]
    run = run_command(cmd, timeout=time_limit)
    completed = run["returncode"] == 0 and out.exists()
    if not completed and time_limit is None:
        raise SystemExit(f"bench/scale.py: {' '.join(cmd)} failed: {run['stderr'].strip()[-500:]}")
    done = n if completed else _articles_done(out)
    written = out if out.exists() else max(out.parent.glob(".parley-*.part"), key=lambda p: p.stat().st_mtime)
    events = sum(1 for _ in open(written, encoding="utf-8"))
    wall, cpu = run["seconds"], run["cpu_seconds"]
    return {"articles": n, "completed": completed, "articles_done": done,
            "input_mb": round(src.stat().st_size / 1e6, 1), "events": events,
            "seconds": round(wall, 1), "articles_per_s": round(done / wall, 2),
            "cpu_seconds": round(cpu, 1), "cpu_seconds_per_article": round(cpu / max(done, 1), 4),
            "articles_per_s_on_idle_cores": idle_rate(done, cpu, run["cpu_seconds_main"], jobs),
            "cpu_seconds_main": run["cpu_seconds_main"], "cpu_seconds_workers": run["cpu_seconds_workers"],
            "peak_rss_total_mb": run["peak_rss_total_mb"], "peak_rss_main_mb": run["peak_rss_main_mb"],
            "peak_rss_per_process_mb": max(run["peak_rss_main_mb"], run["peak_rss_per_worker_mb"]),
            "peak_rss_per_worker_mb": run["peak_rss_per_worker_mb"],
            "load_average_before": run["load_average_before"], "load_average_after": run["load_average_after"]}
    # the temporary folder (input, output) is removed by the caller


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--time-limit", type=float, default=None, metavar="S",
                    help="stop a size after S seconds and report how many articles it coded")
    ap.add_argument("--out", default=str(RESULTS / "scale.json"))
    args = ap.parse_args()
    results: dict[str, Any] = {"jobs": args.jobs, "machine": machine(), "commit": commit(), "runs": []}
    print(f"{'articles':>9} {'seconds':>9} {'articles/s':>11} {'CPU s/article':>14} {'idle-core art/s':>16} "
          f"{'peak RSS total MB':>18} {'per process MB':>15} {'load':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            row = run_size(n, args.jobs, Path(tmp), args.time_limit)
            results["runs"].append(row)
            size = row["articles"] if row["completed"] else f"{row['articles_done']}/{row['articles']}"
            load = f"{row['load_average_before'][0]}-{row['load_average_after'][0]}"
            print(f"{size:>9} {row['seconds']:>9} {row['articles_per_s']:>11} {row['cpu_seconds_per_article']:>14} "
                  f"{row['articles_per_s_on_idle_cores']:>16} {row['peak_rss_total_mb']:>18} "
                  f"{row['peak_rss_per_process_mb']:>15} {load:>10}", flush=True)
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # after each size
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
