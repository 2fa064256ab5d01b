"""Cost of the learned type model on real articles: CPU per sentence and per BBC article.

For the first N articles of ../shared/corpus/bbc_news.jsonl.gz: the coder's own sentence split and
prefilter, the parse, the lexicon's decisions; then the type model (encoder + heads, one item per
decision) on (a) the sentences that carry a decision, (a') only those where the coder makes an
event, and (b) the parsed sentences with no decision but two or more knowledge-base actor mentions
(where the model could propose an event). Reports CPU
ms per sentence, sentences/s, CPU ms added per article, and the memory the model adds to a worker.
Writes bench/results/types.json.

    .venv/bin/python bench/types.py [--limit 400]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from itertools import islice
from typing import Any

import psutil
from benchutil import RESULTS, commit, machine, shared_or_exit

from parley.coding import cameo
from parley.coding.coder import Coder
from parley.coding.decide import decide
from parley.config import Settings
from parley.records import Document


def candidates(coder: Coder, docs: list[Document]) -> tuple[list[Any], list[Any], int]:
    """(items on sentences with a decision, items on parsed sentences with ≥ 2 actor mentions and
    no decision, sentences parsed)."""
    from parley.coding.types import TypeItem

    decided, two_actors, parsed = [], [], 0
    for i, doc in enumerate(docs):
        sents = [s for s in coder._split(i, doc)[0] if s.has_actor and s.has_trigger]
        parsed += len(sents)
        for s, parse in zip(sents, coder.nlp.pipe([s.text for s in sents]), strict=True):
            decisions = decide(parse[:], coder.lexicon)[0]
            for d in decisions:
                span = (d.trigger.idx, d.trigger.idx + len(d.trigger.text))
                decided.append(TypeItem(s.text, span, cameo.info(d.code).plover_type))
            mentions = coder.kb.scan(s.text, doc.date)
            if not decisions and len(list(mentions)) >= 2:
                two_actors.append(TypeItem(s.text))
    return decided, two_actors, parsed


def cpu_of(fn: Any) -> float:
    t = psutil.Process().cpu_times()
    before = t.user + t.system
    fn()
    t = psutil.Process().cpu_times()
    return t.user + t.system - before


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="BBC articles (default 400)")
    args = ap.parse_args()
    path = shared_or_exit("bench/types.py") / "corpus/bbc_news.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        docs = [Document(id=str(d["id"]), text=d["text"], date=d.get("date"))
                for d in map(json.loads, islice(fh, args.limit))]
    coder = Coder(Settings())
    decided, two_actors, parsed = candidates(coder, docs)
    with_events = {(doc.id, e.sentence) for doc, events in coder.code_documents(docs) for e in events}
    coded = [it for it in decided if any(it.text == text for _, text in with_events)]
    rss0 = psutil.Process().memory_info().rss / 1e6
    from parley.coding.types import TypeModel

    load_cpu = cpu_of(lambda: TypeModel.load().predict(decided[:1]))
    model = TypeModel.load()
    rss1 = psutil.Process().memory_info().rss / 1e6
    start = time.perf_counter()
    cpu_a = cpu_of(lambda: model.predict_all(decided))
    wall_a = time.perf_counter() - start
    cpu_b = cpu_of(lambda: model.predict_all(two_actors))
    cpu_c = cpu_of(lambda: model.predict_all(coded))
    n_a = len({it.text for it in decided})
    n_b = len({it.text for it in two_actors})
    result = {
        "machine": machine(), "commit": commit(), "articles": len(docs), "sentences_parsed": parsed,
        "model": model.version, "load_cpu_seconds": round(load_cpu, 2), "rss_added_mb": round(rss1 - rss0),
        "decided": {"items": len(decided), "sentences": n_a, "cpu_seconds": round(cpu_a, 2),
                    "wall_seconds": round(wall_a, 2),
                    "cpu_ms_per_sentence": round(1000 * cpu_a / max(n_a, 1), 2),
                    "sentences_per_s_cpu": round(n_a / max(cpu_a, 1e-9), 1),
                    "cpu_ms_per_article": round(1000 * cpu_a / len(docs), 2)},
        "with_events": {"sentences": len(with_events), "cpu_seconds": round(cpu_c, 2),
                        "cpu_ms_per_article": round(1000 * cpu_c / len(docs), 2)},
        "two_actors_no_decision": {"sentences": n_b, "cpu_seconds": round(cpu_b, 2),
                                   "cpu_ms_per_article": round(1000 * cpu_b / len(docs), 2)},
    }
    result["cpu_ms_per_article_both"] = round(result["decided"]["cpu_ms_per_article"]
                                              + result["two_actors_no_decision"]["cpu_ms_per_article"], 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "types.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
