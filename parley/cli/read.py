"""`parley read INPUT...`: one document record (JSON) per line, refused inputs named on stderr."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from parley.cli.common import add_inputs, add_output, add_verbosity, open_output, progress, warn_input
from parley.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    from parley.read import DEFAULT_MAX_BYTES

    p = subparsers.add_parser(
        "read", help="read and clean articles; print one document record per line",
        description="Read .txt, .html/.htm, .jsonl(.gz), .warc(.gz), RSS/Atom files, folders, globs or - "
                    "(stdin); strip boilerplate, collapse repeats, find title, date, dateline, outlet "
                    "and language; print one JSON document record per line.",
    )
    add_inputs(p)
    add_output(p, "the records")
    p.add_argument("--max-bytes", metavar="N", default=str(DEFAULT_MAX_BYTES),
                   help="largest article accepted: a whole .txt/.html/feed file, or one JSONL line or "
                        f"WARC record (default {DEFAULT_MAX_BYTES}; suffixes k, MB, G)")
    add_verbosity(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from parley.read import parse_size, read_inputs
    from parley.read.formats import parse_reference_date

    max_bytes = parse_size(args.max_bytes)
    ref_date = parse_reference_date(args.date)  # usage errors before any output
    _log_to_stderr(args.verbose)
    read = refused = 0
    items = read_inputs(args.inputs, date=ref_date, max_bytes=max_bytes)
    total = None
    if not args.quiet and sys.stderr.isatty():  # only a visible bar needs the count (ETA)
        from parley.read.inputs import estimate_documents

        total = estimate_documents(args.inputs)
    with open_output(args.out) as out:
        for item in progress(items, total=total, description="reading", quiet=args.quiet):
            if isinstance(item, InputError):
                refused += 1
                reason = f"{item.reason} ({item.hint})" if item.hint else item.reason
                warn_input(item.input_name, reason)
                continue
            read += 1
            if args.verbose and item.language not in ("en", None):
                print(f"parley: {item.input}: language '{item.language}' (only English is coded)",
                      file=sys.stderr)
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    if args.verbose:
        print(f"parley: read {read} documents, refused {refused} inputs", file=sys.stderr)
    return 1 if refused else 0


def _log_to_stderr(verbose: bool) -> None:
    """Per-input notes of the reader (skipped files, legacy encodings) go to stderr with -v."""
    logger = logging.getLogger("parley.read")
    if verbose and not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("parley: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
