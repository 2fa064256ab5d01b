"""`parley watch DIR [--db URL]`: ingest new articles as they arrive in a folder, until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from parley.cli.common import add_actors, add_verbosity
from parley.cli.engines import add_jobs
from parley.cli.ingest import add_db, refused_printer, result_printer
from parley.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "watch", help="ingest new articles as they arrive in a folder (polling), until stopped",
        description="Poll a folder (recursively) and ingest every new or changed file once it is "
                    "completely written, exactly as `parley ingest` would: articles already stored are "
                    "skipped by the store, so a restarted watcher codes nothing twice. Stops cleanly on "
                    "Ctrl-C or SIGTERM after the articles it is storing.",
    )
    p.add_argument("folder", metavar="DIR", help="the folder to watch")
    add_db(p)
    p.add_argument("--interval", type=float, default=10.0, metavar="S",
                   help="seconds between polls (default 10)")
    p.add_argument("--once", action="store_true", help="ingest what is there now and exit")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="reference date where the text has none")
    add_jobs(p)
    add_actors(p)
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    from parley.config import load_settings
    from parley.engine.local import WorkerPool
    from parley.engine.watch import FolderPoller, until, watch
    from parley.ingest import ingest
    from parley.read import read_inputs
    from parley.store import open_store

    if not os.path.isdir(args.folder):
        raise UsageError(f"{args.folder}: not a folder")
    if args.interval <= 0:
        raise UsageError(f"--interval must be positive, got {args.interval}")
    settings = load_settings({"db": args.db, "actors": args.actors, "date": args.date, "workers": args.jobs})
    stop = threading.Event()
    refused = 0
    workers: list[WorkerPool] = []  # started at the first poll that finds files, kept until the end

    def handle(paths: list[str]) -> bool:
        nonlocal refused
        if settings.workers > 1 and not workers:
            workers.append(WorkerPool.for_settings(settings, settings.workers))
        items = until(stop, read_inputs(paths, date=settings.date))
        report = ingest(paths, settings=settings, store=store, on_refused=refused_printer,
                        on_result=result_printer(args.verbose, note_undated=not args.quiet), items=items,
                        pool=workers[0] if workers else None)
        refused += report.refused
        if not args.quiet and (report.read or report.refused):
            print(f"parley: {report.summary()}", flush=True)
        return not stop.is_set()

    store = open_store(settings.db)
    try:
        with _stopping_on_signals(stop):
            if not args.quiet and not args.once:
                print(f"parley: watching {args.folder} every {args.interval:g} s (Ctrl-C to stop)",
                      file=sys.stderr, flush=True)
            watch(FolderPoller(args.folder, args.interval), handle, stop=stop, once=args.once)
    finally:
        for pool in workers:
            pool.close()
        store.close()
    return 1 if refused else 0


@contextmanager
def _stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM ask the watcher to stop after the articles in hand; a second one interrupts."""
    def handler(signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print(f"parley: {signal.Signals(signum).name}: stopping after the articles in hand",
              file=sys.stderr, flush=True)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
