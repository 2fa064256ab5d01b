"""Command-line options shared by the commands that code many articles: ``-j``, ``--engine``."""

from __future__ import annotations

import argparse
import sys

from parley.cli.common import warn_input
from parley.config import Settings
from parley.engine.local import code_documents
from parley.errors import InputError, UsageError

__all__ = ["add_jobs", "add_engine", "code_documents", "run_ray"]


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="code in N worker processes, each loading the models once (default 1, or "
                        "$PARLEY_WORKERS); the output is the same as with one")


def add_engine(p: argparse.ArgumentParser) -> None:
    add_jobs(p)
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local processes (default) or a Ray cluster; ray writes Parquet partitioned "
                        "by date into the --out folder, for `parley load`")
    p.add_argument("--address", metavar="ADDR",
                   help="with --engine ray: the cluster to join (e.g. ray://head:10001 or auto); "
                        "default: start Ray on this machine")


def run_ray(args: argparse.Namespace, settings: Settings) -> int:
    """`parley code --engine ray`: code on Ray, write Parquet, print a one-line summary."""
    if not args.out or args.out == "-":
        raise UsageError("--engine ray needs --out FOLDER (it writes Parquet partitioned by date)")
    if args.explain:
        raise UsageError("--explain works with the local engine only")
    if any(i == "-" for i in args.inputs):
        raise UsageError("--engine ray reads files and folders, not standard input")
    from parley.engine.ray import code_to_parquet

    def refused(err: InputError) -> None:
        warn_input(err.input_name, f"{err.reason} ({err.hint})" if err.hint else err.reason)

    report = code_to_parquet(args.inputs, args.out, settings, address=args.address,
                             prefilter=not args.no_prefilter, actors=args.jobs, on_refused=refused)
    if not args.quiet:
        print(f"parley: {report.summary()}", file=sys.stderr)
    return 1 if report.refused else 0
