"""Print the accuracy tables of docs/ACCURACY.md from `parley eval --json` runs on ../shared/gold.

    .venv/bin/python scripts/accuracy_tables.py [--shared ../shared] [--split-table]

``--split-table`` prints instead the training-side and validation figures side by side (the fixed
split of parley.coding.splits), with the learned models and with the rules alone: party span
match, targets present, type macro-F1, dyad F1.

Runs the real command line once per row (each 5-10 s), so the figures are exactly what a user
gets from `parley eval`, and prints markdown rows to paste into docs/ACCURACY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROWS = [  # (gold file, label, extra flags)
    ("petrarch2_gsr.jsonl", "on", []),
    ("petrarch2_gsr.jsonl", "off", ["--no-type-model"]),
    ("petrarch2_gsr.jsonl", "on, `--count-negated`", ["--count-negated"]),
    ("conflibert_cameo_train.jsonl", "on", []),
    ("conflibert_cameo_train.jsonl", "off", ["--no-type-model"]),
    ("conflibert_cameo_train.jsonl", "on, `--count-negated`", ["--count-negated"]),
    ("petrarch2_unittest.jsonl", "on", []),
]
SCHEME_NAMES = {"root": "CAMEO root", "penta": "PentaClass", "plover": "PLOVER type"}


def run_eval(gold: Path, flags: list[str]) -> dict[str, Any]:
    parley = Path(sys.executable).with_name("parley")
    cmd = [str(parley), "eval", str(gold), "--json", "-q", *flags]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


SPLIT_SETS = [("zsp_plv_train.jsonl", "plover"), ("conflibert_cameo_train.jsonl", "penta"),
              ("petrarch2_gsr.jsonl", "root")]
MODES = [("models", []), ("rules alone", ["--no-type-model", "--no-role-model"])]


def split_table(gold_dir: Path, own: Path) -> None:
    """Training side and validation side by side, per set and mode."""
    print("| set | coder | part | records | coverage | source span | target span | target present | "
          "events with a target | type macro-F1 | dyad F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    sets = [(gold_dir / n, sch) for n, sch in SPLIT_SETS] + [(own, "root")]
    for path, scheme in sets:
        for mode, flags in MODES:
            for part in ("train", "validation"):
                d = run_eval(path, [*flags, "--split", part])
                sp = d.get("spans") or {}
                dy = d.get("dyad") or {}
                print(f"| {path.stem} | {mode} | {part} | {d['records']} | {fmt(d['coverage'])} | "
                      f"{fmt(sp.get('source_match'))} | {fmt(sp.get('target_match'))} | "
                      f"{fmt(sp.get('target_present'))} | {fmt(d['events_with_target'])} | "
                      f"{fmt(d['type'][scheme]['macro_f1'])} | {fmt(dy.get('f1'))} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("PARLEY_SHARED", "../shared"))
    ap.add_argument("--split-table", action="store_true", help="training side and validation side by side")
    args = ap.parse_args()
    gold_dir = Path(args.shared) / "gold"
    if args.split_table:
        split_table(gold_dir, Path(__file__).resolve().parent / "data" / "own_events.jsonl")
        return
    type_rows, count_rows = [], []
    for name, label, flags in ROWS:
        d = run_eval(gold_dir / name, flags)
        stem = name.removesuffix(".jsonl")
        for scheme, v in d["type"].items():
            type_rows.append(f"| {stem} | {label} | {SCHEME_NAMES[scheme]} | {fmt(v['precision'])} | "
                             f"{fmt(v['recall'])} | **{fmt(v['f1'])}** | {fmt(v['top1_accuracy'])} |")
        dy = d.get("dyad")
        dyad = (f"{fmt(dy['precision'])} / {fmt(dy['recall'])} / **{fmt(dy['f1'])}** ({dy['records']} records)"
                if dy and dy.get("records") else "—")
        fa = f"{d['false_alarms']}/{d['without_events']}" + (
            f" = {d['false_alarm_rate']:.3f}" if d["false_alarm_rate"] is not None else "")
        count_rows.append(f"| {stem} | {label} | {d['records']} ({d['with_events']} / {d['without_events']}) | "
                          f"{fmt(d['coverage'])} | {fa} | {dyad} |")
    print("| set | type model | measure | precision | recall | F1 | top-1 accuracy |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(type_rows))
    print()
    print("| set | type model | records (with / without events) | coverage | false alarms | dyad P / R / F1 |")
    print("|---|---|---|---|---|---|")
    print("\n".join(count_rows))


if __name__ == "__main__":
    main()
