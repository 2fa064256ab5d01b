"""Actor knowledge base: load time (cold and cached), resolutions/s, scan throughput (chars/s).

    .venv/bin/python bench/actors.py [--rounds N]

Prints the figures and writes bench/results/actors.json. The texts are written here for
the benchmark; when ../shared is present the scan is also measured on the BBC corpus
(read in place, never copied).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parley.actors import ResolutionContext, load_kb  # noqa: E402
from parley.config import shared_dir  # noqa: E402

PHRASES = [
    ("Lavrov", "2021-08-18"), ("the Russian foreign minister", "2021-08-18"), ("the Taliban", "2021-07-16"),
    ("the Taliban", "2021-10-20"), ("official Kabul", "2021-10-20"), ("Moscow", None), ("the Kremlin", None),
    ("the five Central Asian states", "2021-08-18"), ("the extended troika", "2021-08-18"),
    ("the foreign ministers of the five Central Asian states and Russia", "2021-08-18"),
    ("Afghan border guards", None), ("Russian troops", "2022-03-01"), ("protesters in Kabul", None),
    ("the US secretary of state", "2020-12-01"), ("Iraqi police", None), ("the Pakistani prime minister", "2019-01-01"),
    ("Zorblax Quuxington", None), ("the UN", None), ("Chinese and Iranian diplomats", "2021-01-01"),
    ("the Uzbek delegation", "2021-07-16"),
]
TEXT = (
    "Russian Foreign Minister Sergey Lavrov met his Kazakh counterpart in Astana on Monday, the ministry said. "
    "Lavrov told reporters that the Taliban had to form an inclusive government and talk to official Kabul. "
    "Afghan border guards exchanged fire with Pakistani troops near the crossing, local police said. "
    "The extended troika of Russia, China, the United States and Pakistan will meet again, a diplomat added. "
    "Protesters in Kabul demanded that the UN act; Iranian officials and Uzbek businessmen watched the talks. "
    "The White House and Downing Street declined to comment, while the Kremlin called the meeting useful. "
)


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def cached_load_in_fresh_process() -> float:
    """Load time of a warm on-disk cache in a new interpreter (no in-process memo)."""
    code = ("import time, warnings; warnings.simplefilter('ignore'); from parley.actors import load_kb; "
            "t=time.perf_counter(); load_kb(); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return float(out.stdout.strip())


def bbc_text(limit_chars: int = 2_000_000) -> str | None:
    shared = shared_dir()
    path = shared / "corpus" / "bbc_news.jsonl.gz" if shared else None
    if not path or not path.is_file():
        return None
    parts, size = [], 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            parts.append(text)
            size += len(text)
            if size >= limit_chars:
                break
    return "\n\n".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=500, help="rounds over the phrase list (default 500)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    kb, cold = timed(load_kb, cache=False)
    load_kb()  # writes the on-disk cache
    cached = min(cached_load_in_fresh_process() for _ in range(3))
    n = 0
    t = time.perf_counter()
    for _ in range(args.rounds):
        for phrase, date in PHRASES:
            kb.resolve_span(phrase, date, ResolutionContext())
            n += 1
    res_per_s = n / (time.perf_counter() - t)
    lookups = 0
    t = time.perf_counter()
    for _ in range(max(1, args.rounds // 10)):
        for phrase, date in PHRASES:
            kb.lookup(phrase, date)
            lookups += 1
    lookup_per_s = lookups / (time.perf_counter() - t)
    text = TEXT * 400
    mentions, secs = timed(kb.scan, text, "2021-08-18")
    results = {
        "kb_version": kb.version, "entries": kb.stats(),
        "load_cold_s": round(cold, 4), "load_cached_s": round(cached, 4),
        "resolutions_per_s": round(res_per_s), "lookups_per_s": round(lookup_per_s),
        "scan_chars_per_s": round(len(text) / secs), "scan_mentions": len(mentions), "scan_chars": len(text),
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
    }
    bbc = bbc_text()
    if bbc:
        found, secs = timed(kb.scan, bbc, "2005-01-01")
        results.update(bbc_scan_chars=len(bbc), bbc_scan_chars_per_s=round(len(bbc) / secs), bbc_mentions=len(found))
    for k, v in results.items():
        print(f"{k:24} {v}")
    out = REPO / "bench" / "results" / "actors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
