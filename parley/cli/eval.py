"""`parley eval GOLD.jsonl`: code the gold texts and score them against the gold events."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from parley.cli.common import add_actors, add_output, open_output, progress
from parley.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval", help="code a gold file's texts and score them (precision/recall/F1)",
        description="Code every text of a gold JSONL file ({id, text, date?, events: [{source, target, "
                    "code}]}, code = CAMEO, PLOVER type or penta:N) and print precision, recall and F1 "
                    "for the event type (CAMEO root, PentaClass, PLOVER) and for (source country, target "
                    "country, type) dyads, top-1 accuracy, and the false-alarm rate on records without "
                    "events.")
    p.add_argument("gold", metavar="GOLD.jsonl", help="the gold file")
    p.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    p.add_argument("--details", action="store_true",
                   help="with --json: add each record's gold and predicted labels")
    add_output(p, "the scores")
    p.add_argument("--limit", type=int, metavar="N", help="score only the first N records")
    p.add_argument("--split", choices=("train", "validation"),
                   help="score only this part of the fixed split (a hash of each text, 30 %% validation; "
                        "the learned models train on the train part only)")
    p.add_argument("--no-prefilter", action="store_true",
                   help="parse every sentence, not only those with a candidate trigger word")
    p.add_argument("--no-type-model", action="store_true",
                   help="code without the learned type model (the lexicon's types alone, no proposals)")
    p.add_argument("--no-role-model", action="store_true",
                   help="code without the learned role model (the rules' sources and targets alone)")
    p.add_argument("--count-negated", action="store_true",
                   help="score negated events (\"did not attend\") as predictions of their type too; by "
                        "default they are left out, since they say that such an event did not happen")
    p.add_argument("--model", metavar="NAME", help="an installed spaCy pipeline (default: the pinned one)")
    add_actors(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.coding.evaluate import code_gold, read_gold, score
    from parley.config import load_settings

    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit must be a positive number, got {args.limit}")
    if args.details and not args.json:
        raise UsageError("--details needs --json")
    records = read_gold(args.gold, args.limit, args.split)
    settings = load_settings({"actors": args.actors, "model": args.model})
    coder = _coder(settings, prefilter=not args.no_prefilter)
    if args.no_type_model:
        coder.types = None  # the coder treats a missing model as "the lexicon decides alone"
    if args.no_role_model:
        coder.roles = None
    pairs = list(progress(code_gold(records, coder, count_negated=args.count_negated), total=len(records), description="coding gold",
                          quiet=args.quiet, unit="records"))
    report = score(pairs, args.gold)
    with open_output(args.out) as out:
        if args.json:
            out.write(json.dumps(report.to_dict(details=args.details), ensure_ascii=False) + "\n")
        else:
            print_table(report.to_dict(), out)
    return 0


def _coder(settings: Any, prefilter: bool) -> Any:
    from parley.coding.coder import Coder

    return Coder(settings, prefilter=prefilter)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def print_table(d: dict[str, Any], out: IO[str] | None = None) -> None:
    """The metrics as a rich table (plain text when the output is not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    out = out or sys.stdout
    console = Console(file=out, width=None if out.isatty() else 100)
    names = {"root": "CAMEO root", "penta": "PentaClass", "plover": "PLOVER type"}
    table = Table(title=f"parley eval {d['gold']}", title_justify="left")
    for col in ("measure", "records", "precision", "recall", "F1", "top-1 acc", "macro-F1", "tp/fp/fn"):
        table.add_column(col, justify="left" if col == "measure" else "right", no_wrap=True)
    for scheme, s in d["type"].items():
        table.add_row(names[scheme], str(s["records"]), _fmt(s["precision"]), _fmt(s["recall"]),
                      _fmt(s["f1"]), _fmt(s["top1_accuracy"]), _fmt(s["macro_f1"]), f"{s['tp']}/{s['fp']}/{s['fn']}")
    dy = d["dyad"]
    if dy and dy["records"]:
        table.add_row(f"dyads ({names[dy['scheme']]})", str(dy["records"]), _fmt(dy["precision"]),
                      _fmt(dy["recall"]), _fmt(dy["f1"]), "", "", f"{dy['tp']}/{dy['fp']}/{dy['fn']}")
    if table.row_count:
        console.print(table)
    else:
        console.print(f"parley eval {d['gold']}: no gold events to score types against; false alarms only")
    console.print(f"records: {d['records']} ({d['with_events']} with events, {d['without_events']} without); "
                  f"predicted events: {d['predicted_events']}")
    console.print(f"coverage (records with events where anything was coded): {_fmt(d['coverage'])}")
    console.print(f"events with a target: {_fmt(d['events_with_target'])}")
    sp = d.get("spans")
    if sp:
        console.print(f"party spans ({sp['coded']} of {sp['records']} marked records coded; head word in the gold span): "
                      f"source {_fmt(sp['source_match'])}, target {_fmt(sp['target_match'])}, "
                      f"target present {_fmt(sp['target_present'])}; over all marked records: "
                      f"source {_fmt(sp['source_match_all'])}, target {_fmt(sp['target_match_all'])}")
    console.print(f"false alarms (records without events where something was coded): {d['false_alarms']}"
                  f"/{d['without_events']} = {_fmt(d['false_alarm_rate'])}")
