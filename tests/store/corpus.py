"""Folders of pre-coded document and event records for `parley load` (crash test, CLI tests)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from factory import document, event, unique_text

DYADS = [("RUS", "AFG"), ("CHN", "AFG"), ("USA", "AFG"), ("PAK", "AFG"), ("IRN", "AFG"), ("RUS", "CHN")]
CODES = ["042", "057", "061", "071", "112", "141", "190", "036"]
OUTLETS = ["TASS", "Reuters", "Dawn", "Xinhua", "AP", "Al Jazeera"]


def write_corpus(folder: Path, n_docs: int, events_per_doc: int = 4, seed: int = 7,
                 copies: int = 0) -> dict[str, int]:
    """Write documents.jsonl and events.jsonl; ``copies`` extra documents repeat earlier texts.

    Returns the counts a complete load must end with.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_events = 0
    plans = []
    with open(folder / "documents.jsonl", "w") as dfh, open(folder / "events.jsonl", "w") as efh:

        def write(doc_id: str, i: int, day: str, spec: list) -> None:
            doc = document(doc_id, unique_text(f"corpus {seed} {i}"), date=day, outlet=rng.choice(OUTLETS))
            dfh.write(json.dumps(doc.to_dict()) + "\n")
            for j, (src, tgt, code) in enumerate(spec):
                efh.write(json.dumps(event(doc, j, src=[src], tgt=[tgt], code=code, date=day).to_dict()) + "\n")

        for i in range(n_docs):
            day = f"2021-{rng.randint(7, 10):02d}-{rng.randint(1, 28):02d}"
            spec = [(*rng.choice(DYADS), rng.choice(CODES)) for _ in range(events_per_doc)]
            plans.append((day, spec))
            write(f"doc{i:05d}", i, day, spec)
            n_events += len(spec)
        for k in range(copies):  # the same text (so the same events) under another name
            orig = rng.randrange(n_docs)
            write(f"copy{k:04d}", orig, *plans[orig])
    return {"documents": n_docs, "events": n_events, "duplicates": copies}
