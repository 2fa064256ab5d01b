"""The accuracy gate: validation figures may not fall below their pinned floors.

Floors live in ``accuracy_floors.json`` beside this file. They are the figures measured on the
**validation** part of the fixed split (parley.coding.splits; never read error by error), on
petrarch2_gsr as a whole, and on our own construction sentences, each rounded down a little.
A change that lowers one fails here; lowering a floor is a deliberate edit of that file, said in
the commit. `scripts/accuracy_tables.py --gate` prints the current figures beside the floors.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.coding.evaluate import code_gold, read_gold, score

HERE = Path(__file__).resolve().parent
FLOORS = json.loads((HERE / "accuracy_floors.json").read_text(encoding="utf-8"))


def measure(gold: Path, coder, split: str | None) -> dict:
    records = read_gold(gold, split=split)
    return score(list(code_gold(records, coder)), str(gold)).to_dict()


def lookup(report: dict, dotted: str) -> float:
    value = report
    for part in dotted.split("."):
        value = value[part]
    assert isinstance(value, (int, float)), f"{dotted} is not a figure: {value!r}"
    return float(value)


def _gold_path(name: str, shared: Path | None) -> Path:
    if name.startswith("repo:"):
        return HERE.parents[1] / name[5:]
    assert shared is not None
    return shared / "gold" / name


@pytest.mark.parametrize("entry", FLOORS["sets"], ids=lambda e: f"{e['gold']}[{e.get('split') or 'all'}]")
def test_figures_hold_their_floors(entry, coder, request):
    shared = None if entry["gold"].startswith("repo:") else request.getfixturevalue("shared")
    report = measure(_gold_path(entry["gold"], shared), coder, entry.get("split"))
    low = {m: (lookup(report, m), floor) for m, floor in entry["floors"].items() if lookup(report, m) < floor - 1e-9}
    assert not low, f"below the floor (measured, floor): {low}"
