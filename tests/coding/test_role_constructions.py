"""Who the parties are, construction by construction, on sentences of our own.

``data/role_constructions.jsonl`` holds 180 sentences we wrote and annotated (none from a gold set,
none in the training data ``scripts/data/own_events.jsonl``), at least five for each construction
the role model must handle: coordination, joint statements, hosting, phone calls with a counterpart,
formats, "between A and B", possessors, passives, prepositional objects, counterparts, appositions,
reported speech, nominal events, appeals, and more. A gold event is coded right when one event of
its sentence has a source in the gold source countries and a target in the gold target countries
(one side may be unspecified in the gold). Each construction has a floor in
``accuracy_floors.json``: the count coded right when it was last pinned; a change that codes fewer
fails. The failing sentences are listed in the message.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from parley.records import Document

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "role_constructions.jsonl"
FLOORS = json.loads((HERE / "accuracy_floors.json").read_text(encoding="utf-8"))["constructions"]
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _country(actor) -> str | None:
    return actor.country or (actor.code[:3] if actor.code else None)


def coded_right(gold: dict, events: list) -> bool:
    src = set(gold.get("source_codes") or [gold["source"]]) - {""}
    tgt = set(gold.get("target_codes") or [gold["target"]]) - {""}
    for e in events:
        if e.modality.negated and not gold.get("negated"):
            continue
        s, t = {_country(a) for a in e.source}, {_country(a) for a in e.target}
        if (not src or s & src) and (not tgt or t & tgt):
            return True
    return False


@pytest.fixture(scope="module")
def outcomes(coder) -> dict[str, list[tuple[bool, str]]]:
    docs = [Document(id=r["id"], text=r["text"], date=r.get("date")) for r in RECORDS]
    out: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for r, (_, events) in zip(RECORDS, coder.code_documents(iter(docs)), strict=True):
        for g in r["events"]:
            out[g["construction"]].append((coded_right(g, events), r["text"]))
        if not r["events"]:
            out["negative"].append((not events, r["text"]))
    return out


def test_every_construction_has_sentences_and_a_floor(outcomes):
    assert set(outcomes) == set(FLOORS)
    assert all(len(v) >= 5 for v in outcomes.values())


@pytest.mark.parametrize("construction", sorted(FLOORS))
def test_construction_codes_the_right_parties(construction, outcomes):
    results = outcomes[construction]
    right = sum(ok for ok, _ in results)
    missed = [text for ok, text in results if not ok]
    assert right >= FLOORS[construction], (f"{construction}: {right}/{len(results)} right, floor "
                                           f"{FLOORS[construction]}; missed: {missed}")
