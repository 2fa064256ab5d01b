"""Synthetic articles for scaling runs: the demo corpus with other countries and other dates.

Each article is a demo article (examples/news, read with parley's reader) in which every
country named (name, adjective, capital) is swapped for another country of the knowledge base,
consistently within the article, and whose date is moved by up to three years. The text stays
news-shaped, so the coder does real work on every article; ids are unique.

    .venv/bin/python bench/make_synthetic.py 10000 -o /tmp/synthetic-10k.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "news"
COUNTRIES = REPO / "parley" / "actors" / "data" / "countries.yaml"


def load_countries() -> list[dict[str, str]]:
    """Countries with a name, an adjective and a capital (the three forms we swap)."""
    entries = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))["entries"]
    return [{"name": e["name"], "adjective": e["adjectives"][0], "capital": e["capital"]}
            for e in entries if e.get("adjectives") and e.get("capital") and e.get("status") == "un_member"]


def load_templates() -> list[Any]:
    from parley.errors import InputError
    from parley.read import read_inputs

    return [d for d in read_inputs([str(EXAMPLES)]) if not isinstance(d, InputError)]


def _pattern(countries: list[dict[str, str]]) -> tuple[re.Pattern[str], dict[str, tuple[int, str]]]:
    forms: dict[str, tuple[int, str]] = {}
    for i, c in enumerate(countries):
        for kind in ("name", "adjective", "capital"):
            forms.setdefault(c[kind], (i, kind))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b"), forms


def synthesize(n: int, seed: int = 7) -> Any:
    """``n`` article dicts (the JSONL input shape), deterministic for a seed."""
    rng = random.Random(seed)
    countries = load_countries()
    templates = load_templates()
    pattern, forms = _pattern(countries)
    for k in range(n):
        doc = templates[k % len(templates)]
        swap: dict[int, int] = {}

        def replace(m: re.Match[str], swap: dict[int, int] = swap) -> str:
            i, kind = forms[m.group(0)]
            j = swap.setdefault(i, rng.randrange(len(countries)))
            return countries[j][kind]

        text = pattern.sub(replace, doc.text)
        base = dt.date.fromisoformat(doc.date) if doc.date else dt.date(2021, 6, 1)
        date = base + dt.timedelta(days=rng.randint(-1095, 1095))
        yield {"id": f"synthetic-{k:07d}", "text": text, "date": date.isoformat(),
               "title": pattern.sub(replace, doc.title) if doc.title else None, "outlet": doc.outlet}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--out", required=True, help="the JSONL file to write")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        for article in synthesize(args.n, args.seed):
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
