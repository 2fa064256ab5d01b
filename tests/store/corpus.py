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
    with open(folder / "documents.jsonl", "w") as dfh, open(folder / "events.jsonl", "w") as efh:
        for i in range(n_docs):
            day = f"2021-{rng.randint(7, 10):02d}-{rng.randint(1, 28):02d}"
            doc = document(f"doc{i:05d}", unique_text(f"corpus {seed} {i}"), date=day, outlet=rng.choice(OUTLETS))
            dfh.write(json.dumps(doc.to_dict()) + "\n")
            for j in range(events_per_doc):
                src, tgt = rng.choice(DYADS)
                ev = event(doc, j, src=[src], tgt=[tgt], code=rng.choice(CODES), date=day)
                efh.write(json.dumps(ev.to_dict()) + "\n")
                n_events += 1
        for k in range(copies):
            orig = rng.randrange(n_docs)
            copy = document(f"copy{k:04d}", unique_text(f"corpus {seed} {orig}"))
            dfh.write(json.dumps(copy.to_dict()) + "\n")
    return {"documents": n_docs, "events": n_events, "duplicates": copies}
