"""`parley recode [--db URL]`: re-code stored documents with this parley and knowledge base."""

from __future__ import annotations

import argparse
import sys

from parley.cli.common import add_actors, add_verbosity
from parley.cli.ingest import add_db


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "recode", help="re-code stored documents with the current parley and knowledge base",
        description="Code every stored document again and update its events in place: an event that "
                    "did not change keeps its id, fused events are recomputed, and every event records "
                    "the parley and knowledge-base version that made it. One transaction per document.",
    )
    add_db(p)
    add_actors(p)
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.config import load_settings
    from parley.ingest import recode

    settings = load_settings({"db": args.db, "actors": args.actors})

    def note(doc_id: str) -> None:
        if args.verbose:
            print(f"parley: re-coded {doc_id}", file=sys.stderr)

    report = recode(settings=settings, on_document=note)
    if not args.quiet:
        print(f"parley: {report.summary()}")
    return 0
