"""Reader throughput: documents/s for `parley read` on JSONL, plain text and HTML, on one core.

    .venv/bin/python bench/read.py [--limit N]

Inputs come from ../shared/corpus/bbc_news.jsonl.gz (read in place, never copied into the repo):
1. the .jsonl.gz itself through the streaming JSONL reader;
2. its texts written as one .txt file per article into a temporary folder;
3. its texts wrapped in a page template written here (navigation, cookie banner, share row,
   related links, scripts, footer) as one .html file per article.
Each pass reads the inputs exactly as `parley read` does (read_inputs + one JSON line per
record, written to /dev/null) after a warm-up document, pinned to one CPU where possible.
Both wall-clock and CPU-time rates are reported: on a shared machine the wall rate depends on
what else runs, the CPU rate (documents per second of one core's time) does not; the goals
are judged on the CPU rate, and the load average is recorded with the figures.
Prints the figures and writes bench/results/read.json. Goals: >= 300 docs/s text, >= 150 docs/s HTML.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parley.config import shared_dir  # noqa: E402
from parley.errors import InputError  # noqa: E402
from parley.read import read_inputs  # noqa: E402

GOALS = {"jsonl": 300.0, "txt": 300.0, "html": 150.0}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Bench</title>
<meta property="og:site_name" content="The Daily Bench">
<meta property="article:published_time" content="2005-03-{day:02d}T09:30:00Z">
<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer=[];function gtag(){{}}</script>
</head><body>
<div class="cookie-banner"><p>We and our partners use cookies to personalise content and ads.
By continuing you accept our use of cookies.</p><button>Accept all</button><button>Manage</button></div>
<header><a class="logo" href="/">The Daily Bench</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/tech">Technology</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<form class="search"><input type="text" placeholder="Search"></form></header>
<main><article>
<h1>{title}</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
{paragraphs}
<p class="newsletter">Get our morning briefing in your inbox. Sign up now</p>
</article>
<aside><h3>Most read</h3><ol><li><a href="/a">Markets rally on rate hopes</a></li>
<li><a href="/b">New stadium plans unveiled</a></li><li><a href="/c">Ten gadgets to watch</a></li></ol></aside>
</main>
<footer><p>&copy; 2005 The Daily Bench. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a> | <a href="/contact">Contact</a></p></footer>
<script src="/static/app.js"></script></body></html>
"""


def load_texts(corpus: Path, limit: int | None) -> list[dict]:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def page_for(row: dict, n: int) -> str:
    """The article as a realistic page: first words as headline, sentences grouped in paragraphs."""
    text = row["text"]
    words = text.split()
    title = " ".join(words[:6])
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", text)
    groups = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    paragraphs = "\n".join(f"<p>{html.escape(g)}</p>" for g in groups)
    return PAGE.format(title=html.escape(title), paragraphs=paragraphs, day=n % 28 + 1)


def measure(inputs: list[str], label: str) -> dict:
    """Read like `parley read` does, after one warm-up document (model and library loading)."""
    warm = next(iter(read_inputs(inputs)), None)
    if warm is None:
        raise SystemExit(f"{label}: nothing to read")
    docs = refused = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        start, cpu_start = time.perf_counter(), time.process_time()
        for item in read_inputs(inputs):
            if isinstance(item, InputError):
                refused += 1
                continue
            sink.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            docs += 1
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    rate = docs / seconds if seconds else 0.0
    cpu_rate = docs / cpu if cpu else 0.0  # per second of one core, whatever else the machine runs
    goal = GOALS[label]
    print(f"{label:>5}: {docs} documents in {seconds:.2f} s wall = {rate:.0f} docs/s; "
          f"{cpu:.2f} s CPU = {cpu_rate:.0f} docs/s per core (goal {goal:.0f}: "
          f"{'met' if cpu_rate >= goal else 'NOT met'}); refused {refused}")
    return {"documents": docs, "refused": refused, "wall_seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3), "docs_per_s_wall": round(rate, 1),
            "docs_per_s_cpu": round(cpu_rate, 1), "goal_docs_per_s": goal, "goal_met": cpu_rate >= goal}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        print("bench/read.py: ../shared is absent (set PARLEY_SHARED)", file=sys.stderr)
        return 2
    corpus = shared / "corpus" / "bbc_news.jsonl.gz"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rows = load_texts(corpus, args.limit)
    results: dict = {"corpus": corpus.name, "articles": len(rows)}
    with tempfile.TemporaryDirectory(prefix="parley-bench-read-") as tmp:
        jsonl = Path(tmp) / "corpus.jsonl.gz"
        with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row) + "\n" for row in rows)
        txt_dir, html_dir = Path(tmp) / "txt", Path(tmp) / "html"
        txt_dir.mkdir()
        html_dir.mkdir()
        for n, row in enumerate(rows):
            (txt_dir / f"{n:05d}.txt").write_text(row["text"], encoding="utf-8")
            (html_dir / f"{n:05d}.html").write_text(page_for(row, n), encoding="utf-8")
        results["jsonl"] = measure([str(jsonl)], "jsonl")
        results["txt"] = measure([str(txt_dir)], "txt")
        results["html"] = measure([str(html_dir)], "html")
    results["machine"] = {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
                          "cores_used": 1, "load_average": [round(x, 2) for x in os.getloadavg()]}
    out = REPO / "bench" / "results" / "read.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
