"""Does parley's spaCy pipeline parse exactly as the plain one? Token by token, over real text.

parley loads the pinned spaCy pipeline with its attribute ruler and lemmatizer memoised
(parley/nlp/attributes.py). That is a speed change only: this script parses the same sentences
with the plain pipeline (the same components, spaCy's own attribute ruler and lemmatizer) and
with ``parley.nlp.pipeline.load_pipeline()``, and compares every token's text, tag, POS,
morphology, lemma, dependency label and head. Sentences:

* every sentence the coder would parse (the prefilter's choice) of ``--limit`` articles per
  corpus file in ../shared/corpus, or with ``--all-sentences`` every sentence of them;
* every sentence of ../shared/gold petrarch2_gsr, petrarch2_unittest and conflibert_cameo_train.

Prints the counts and the first differences, writes bench/results/parse_equivalence.json and
exits 1 if any token differs.

    .venv/bin/python bench/parse_equivalence.py [--limit 250] [--all-sentences]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: one thread, as in parley's workers
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchutil import RESULTS, machine, shared_or_exit  # noqa: E402

CORPORA = ("bbc_news.jsonl.gz", "guardian_sample.jsonl.gz")
GOLD = ("petrarch2_gsr.jsonl", "petrarch2_unittest.jsonl", "conflibert_cameo_train.jsonl")


def corpus_sentences(root: Path, limit: int | None, every: bool) -> list[str]:
    from parley.coding.coder import Coder
    from parley.config import load_settings
    from parley.errors import InputError
    from parley.read import read_inputs

    coder = Coder(load_settings({}))
    out: list[str] = []
    for name in CORPORA:
        docs = (d for d in read_inputs([str(root / "corpus" / name)]) if not isinstance(d, InputError))
        for i, doc in enumerate(islice(docs, limit)):
            out += [s.text for s in coder._split(i, doc)[0] if every or (s.has_actor and s.has_trigger)]
    return out


def gold_sentences(root: Path) -> list[str]:
    out: list[str] = []
    for name in GOLD:
        path = root / "gold" / name
        if path.is_file():
            with open(path, encoding="utf-8") as fh:
                out += [json.loads(line)["text"] for line in fh if line.strip()]
    return out


def plain_pipeline() -> Any:
    """The pinned pipeline with the components parley needs, as spaCy ships them."""
    import spacy

    from parley.config import DEFAULT_MODEL
    from parley.nlp.pipeline import NEEDED

    nlp = spacy.load(DEFAULT_MODEL)
    for name in nlp.pipe_names:
        if name not in NEEDED:
            nlp.disable_pipe(name)
    return nlp


def tokens(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.i, t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def compare(sentences: list[str]) -> dict[str, Any]:
    from parley.nlp.pipeline import load_pipeline

    result: dict[str, Any] = {"sentences": len(sentences)}
    parses = {}
    for name, nlp in (("plain", plain_pipeline()), ("parley", load_pipeline())):
        start = time.process_time()
        parses[name] = [tokens(d) for d in nlp.pipe(sentences, batch_size=64)]
        result[f"cpu_seconds_{name}"] = round(time.process_time() - start, 2)
        result[f"pipe_names_{name}"] = nlp.pipe_names
    result["tokens"] = sum(len(t) for t in parses["plain"])
    diffs = [(s, a, b) for s, a, b in zip(sentences, parses["plain"], parses["parley"], strict=True) if a != b]
    result["differing_sentences"] = len(diffs)
    result["differing_tokens"] = sum(sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
                                     for _s, a, b in diffs)
    result["examples"] = [{"sentence": s, "plain": [x for x, y in zip(a, b, strict=False) if x != y][:3],
                           "parley": [y for x, y in zip(a, b, strict=False) if x != y][:3]} for s, a, b in diffs[:5]]
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=250, help="articles per corpus file (default 250)")
    ap.add_argument("--all-sentences", action="store_true", help="every sentence, not only the prefilter's")
    ap.add_argument("--out", default=str(RESULTS / "parse_equivalence.json"))
    args = ap.parse_args()
    root = shared_or_exit("bench/parse_equivalence.py")
    sentences = corpus_sentences(root, args.limit, args.all_sentences) + gold_sentences(root)
    result = {"machine": machine(), "limit_per_file": args.limit, "all_sentences": args.all_sentences,
              **compare(sentences)}
    print(f"{result['sentences']} sentences, {result['tokens']} tokens: {result['differing_sentences']} sentences "
          f"and {result['differing_tokens']} tokens differ (tag, POS, morphology, lemma, dependency, head)")
    print(f"CPU seconds: plain {result['cpu_seconds_plain']}, parley {result['cpu_seconds_parley']}")
    for ex in result["examples"]:
        print(f"  {ex['sentence'][:100]!r}: plain {ex['plain']} parley {ex['parley']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 1 if result["differing_sentences"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
