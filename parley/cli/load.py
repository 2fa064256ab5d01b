"""`parley load PATH... [--db URL]`: store pre-coded document and event records (JSONL or Parquet)."""

from __future__ import annotations

import argparse

from parley.cli.common import add_verbosity
from parley.cli.ingest import add_batch, add_db, check_batch, live_status, refused_printer, result_printer


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "load", help="store pre-coded document and event records (JSONL or Parquet) in a database",
        description="Load files or folders of document records (`parley read` output) and event records "
                    "(`parley code` output, or Parquet written by the engine) into the database, with "
                    "the same deduplication, fusion and all-or-nothing transactions as "
                    "`parley ingest`. Files: *.jsonl, *.jsonl.gz, *.ndjson, *.parquet.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files or folders of them")
    add_db(p)
    add_batch(p, 1)
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.config import load_settings
    from parley.ingest import load

    check_batch(args)
    settings = load_settings({"db": args.db})
    with live_status(args.quiet, args.verbose) as live:
        report = load(args.paths, db=settings.db, on_refused=refused_printer,
                      on_result=result_printer(args.verbose, live), batch=args.batch)
    if not args.quiet:
        print(f"parley: {report.summary()}")
    return 1 if report.refused else 0
