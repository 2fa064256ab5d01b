"""`parley ingest INPUT... [--db URL]`: read, code, deduplicate, fuse and store articles."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from parley.cli.common import add_actors, add_inputs, add_verbosity, warn_input
from parley.errors import InputError

INGEST_BATCH = 32  # parley.ingest.INGEST_BATCH, copied: importing it loads the store (checked in tests/docs)

DB_HELP = ("the database: a DuckDB file (default ./parley.duckdb, or $PARLEY_DB) or a "
           "postgresql://user@host/dbname URL")


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", default=None, help=DB_HELP)


def add_batch(p: argparse.ArgumentParser, default: int) -> None:
    p.add_argument("--batch", type=int, default=default, metavar="N",
                   help=f"articles per transaction (default {default}; larger is faster, and a killed run then "
                        "loses at most the last N uncommitted articles, never part of one)")


def check_batch(args: argparse.Namespace) -> None:
    if args.batch < 1:
        from parley.errors import UsageError

        raise UsageError("--batch must be at least 1")


def refused_printer(err: InputError) -> None:
    warn_input(err.input_name, f"{err.reason} ({err.hint})" if err.hint else err.reason)


def result_printer(verbose: bool, live: Any = None, note_undated: bool = False):
    """Per-article lines on stderr with -v; a live counter on a terminal otherwise; with
    ``note_undated``, a line for every new article that nothing dates (``--date`` would)."""
    from parley.read import NO_DATE

    seen = {"new": 0, "duplicate": 0, "events": 0}

    def show(res) -> None:
        if note_undated and res.status == "new" and res.undated:
            warn_input(res.doc_id, NO_DATE)
        seen[res.status] = seen.get(res.status, 0) + 1
        seen["events"] += res.events
        if live is not None:
            live.update(f"stored {seen['new']} new articles ({seen['events']} events), "
                        f"skipped {seen['duplicate']} duplicates")
        if not verbose:
            return
        if res.status == "duplicate":
            note = f"duplicate of {res.duplicate_of} ({res.kind}, similarity {res.similarity:.2f})"
        else:
            note = f"{res.events} events, {res.fused_new} new fused, {res.fused_joined} joined"
        print(f"parley: {res.doc_id}: {note}", file=sys.stderr)
    return show


@contextmanager
def live_status(quiet: bool, verbose: bool) -> Iterator[Any]:
    """A one-line spinner with counts on a terminal stderr (silent in pipes, -q and -v)."""
    if quiet or verbose or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("reading and coding...") as status:
        yield status


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ingest", help="read, code, deduplicate, fuse and store articles in a database",
        description="Read articles (same inputs as `parley read`), code their events, skip articles "
                    "already stored (exact text hash, then MinHash near-duplicates), fuse mentions of "
                    "the same real-world event, and store everything: one transaction per batch of "
                    "articles (--batch), so an interrupted run keeps every batch it committed, never "
                    "part of an article, and a re-run completes the rest.",
    )
    add_inputs(p, required=False)
    add_db(p)
    p.add_argument("--rss", metavar="FEEDS.txt",
                   help="also fetch every feed URL listed in FEEDS.txt (one per line; http(s):// or file://) "
                        "and ingest its new items")
    from parley.cli.engines import add_jobs

    add_jobs(p)
    add_batch(p, INGEST_BATCH)
    add_actors(p)
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.config import load_settings
    from parley.engine.feeds import feed_items
    from parley.ingest import ingest

    check_batch(args)
    settings = load_settings({"db": args.db, "actors": args.actors, "date": args.date, "workers": args.jobs})
    items = feed_items(args.inputs, args.rss, date=settings.date)
    report = ingest(args.inputs + ([args.rss] if args.rss else []), settings=settings, date=settings.date,
                    on_refused=refused_printer, on_result=result_printer(args.verbose, note_undated=not args.quiet),
                    items=items, batch=args.batch)
    if not args.quiet:
        print(f"parley: {report.summary()}")
    return 1 if report.refused else 0
