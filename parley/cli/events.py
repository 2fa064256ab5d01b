"""`parley events [filters] [--format ...]`: query stored (or fused) events, or summarise them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from parley.cli.common import add_output, open_output
from parley.cli.ingest import add_db
from parley.errors import UsageError

TABLE_LIMIT = 50  # rows shown on a terminal unless --limit says otherwise
# Same as parley.store.exports.FORMATS (tests/docs checks it): importing the store here would load
# datasketch/scipy at registration and add ~2 s to every parley command's start.
FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt", "plover")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "events", help="query stored events (filters, fused events, exports, summary)",
        description="Query the events in a database. Filters combine with AND. Output: a table on a "
                    "terminal, else JSONL; --format csv/parquet/gdelt/plover for exports (see docs/EXPORTS.md).",
    )
    add_db(p)
    p.add_argument("--actor", metavar="CODE", help="a country (RUS) or actor code (RUSGOV) on either side")
    p.add_argument("--dyad", metavar="SRC:TGT", help="source and target, e.g. RUS:AFG (directed)")
    p.add_argument("--type", metavar="CODE", help="a CAMEO code prefix (04, 042) or a PLOVER type (CONSULT)")
    p.add_argument("--since", metavar="DATE", help="events on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--until", metavar="DATE", help="events on or before DATE")
    p.add_argument("--text", metavar="WORDS", help="sentences containing WORDS (case-insensitive)")
    p.add_argument("--outlet", metavar="NAME", help="events reported by this outlet")
    p.add_argument("--fused", action="store_true", help="fused events (one per real-world event) instead of mentions")
    p.add_argument("--min-sources", type=int, metavar="N", help="only events reported by at least N outlets")
    p.add_argument("--min-confidence", type=float, metavar="X",
                   help="only events at least this confident (0 … 1); events whose source the knowledge "
                        "base does not know, or a bare sector, score lower")
    p.add_argument("--limit", type=int, metavar="N", help=f"at most N rows (a terminal table shows {TABLE_LIMIT})")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N rows (ordered by date, id)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="table (default on a terminal), jsonl (default otherwise), csv, parquet, gdelt, plover")
    add_output(p, "the rows or summary", " (parquet needs it)")
    p.add_argument("--summary", action="store_true",
                   help="counts by dyad, type and month and a Goldstein series per dyad, instead of rows")
    p.add_argument("--interval", choices=("week", "month", "quarter", "year"), default="month",
                   help="period of the --summary series (default month)")
    p.set_defaults(func=run)


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"actor": args.actor, "dyad": args.dyad, "type": args.type, "since": args.since,
            "until": args.until, "text": args.text, "outlet": args.outlet, "min_sources": args.min_sources,
            "min_confidence": args.min_confidence}


def run(args: argparse.Namespace) -> int:
    from parley.config import load_settings
    from parley.store import Filters, open_store

    fmt = args.format or ("table" if (sys.stdout.isatty() and not args.out) else "jsonl")
    if fmt == "parquet" and not args.out:
        raise UsageError("--format parquet needs --out FILE")
    filters = _filters(args)
    Filters.build(**filters)  # usage errors before the database is opened
    settings = load_settings({"db": args.db})
    with open_store(settings.db, read_only=True) as store:
        if args.summary:
            data = store.summary(fused=args.fused, interval=args.interval, **filters)
            with open_output(args.out) as out:
                if fmt == "table":
                    from parley.cli.events_table import print_summary

                    print_summary(data, out)
                else:
                    out.write(json.dumps(data, default=str, ensure_ascii=False) + "\n")
            return 0
        limit = args.limit if args.limit is not None else (TABLE_LIMIT if fmt == "table" else None)
        query = (store.fused if args.fused else store.events)(limit=limit, offset=args.offset, **filters)
        if fmt == "table":
            from parley.cli.events_table import print_rows

            with open_output(args.out) as out:
                print_rows(query, out, fused=args.fused, total=query.count())
            return 0
        from parley.store.exports import export

        if fmt == "parquet":
            export(query, fmt, args.out, fused=args.fused)
        else:
            with open_output(args.out) as out:
                export(query, fmt, out, fused=args.fused)
    return 0
