"""Share of coded events whose source names no country: code null or a bare sector.

    .venv/bin/python bench/source_share.py [--limit N] [--label NAME] [--examples K]

Reads ../shared/corpus/bbc_news.jsonl.gz and guardian_sample.jsonl.gz in place (research use,
never copied) through the same reader as `parley code` (dateline detection included), codes
them with the default coder and counts, per corpus:

- ``null``: events none of whose sources has a code (a name the knowledge base does not know);
- ``bare``: events whose coded sources are all bare sectors (GOV, MIL, REB: a code of three
  letters and no country); a transnational group (IMGINS, country null) is a known actor;
- ``share``: (null + bare) / events.

The BBC file has no dates (its articles are from 2004-05), so it is read with the reference
date 2005-06-30, as a user would run ``parley code bbc_news.jsonl.gz --date 2005-06-30``; the
Guardian articles carry their own dates. ``--limit`` takes the first N articles of each file.
Results go to bench/results/source_share[-LABEL].json, with up to ``--examples`` sample
sources of each kind so the remaining gaps can be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parley.coding.coder import Coder  # noqa: E402
from parley.config import Settings, shared_dir  # noqa: E402
from parley.read import read_inputs  # noqa: E402
from parley.records import Document  # noqa: E402

CORPORA = (("bbc", "bbc_news.jsonl.gz", "2005-06-30"), ("guardian", "guardian_sample.jsonl.gz", None))


def kind_of(sources: list[Any]) -> str:
    """``null``, ``bare`` or ``known`` for one event's source list."""
    if any(s.country or (s.code and len(s.code) > 3) for s in sources):
        return "known"
    if any(s.code for s in sources):
        return "bare"
    return "null"


def measure(coder: Coder, docs: list[Document], examples: int) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    samples: dict[str, Counter[str]] = {"null": Counter(), "bare": Counter()}
    start = time.perf_counter()
    for _doc, events in coder.code_documents(docs):
        for ev in events:
            kind = kind_of(ev.source)
            counts[kind] += 1
            if kind in samples:
                samples[kind].update(f"{s.text} [{s.code or '-'}]" for s in ev.source)
    total = sum(counts.values())
    return {
        "articles": len(docs), "events": total, "null": counts["null"], "bare": counts["bare"],
        "share": round((counts["null"] + counts["bare"]) / total, 4) if total else None,
        "seconds": round(time.perf_counter() - start, 1),
        "examples": {k: [t for t, _ in c.most_common(examples)] for k, c in samples.items()},
    }


def documents(path: Path, date: str | None, limit: int | None) -> list[Document]:
    docs = [d for d in read_inputs([str(path)], date=date) if isinstance(d, Document)]
    return list(islice(docs, limit)) if limit else docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each corpus (default: all)")
    ap.add_argument("--label", default="", help="suffix of the results file (e.g. before, after)")
    ap.add_argument("--examples", type=int, default=40, help="sample sources kept per kind (default 40)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    root = shared_dir()
    if root is None:
        print("bench/source_share.py: ../shared is absent (set PARLEY_SHARED)", file=sys.stderr)
        return 2
    coder = Coder(Settings())
    results: dict[str, Any] = {"limit": args.limit, "kb_version": None}
    for name, file, date in CORPORA:
        docs = documents(root / "corpus" / file, date, args.limit)
        results[name] = measure(coder, docs, args.examples)
        r = results[name]
        print(f"{name:9} articles {r['articles']:5}  events {r['events']:6}  null {r['null']:5}  "
              f"bare {r['bare']:5}  share {r['share']:.1%}  ({r['seconds']} s)")
    kb = getattr(coder.linker, "kb", None)
    results["kb_version"] = getattr(kb, "version", None)
    out = REPO / "bench" / "results" / f"source_share{'-' + args.label if args.label else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
