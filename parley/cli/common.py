"""Shared helpers of the CLI layer: messages, inputs, progress, output streams."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

T = TypeVar("T")


def fail(message: str) -> None:
    """One line on stderr, never a traceback."""
    print(f"parley: {message}", file=sys.stderr)


def warn_input(input_name: str, reason: str) -> None:
    """The contract's line for a refused input: names the input and the reason."""
    print(f"parley: {input_name}: {reason}", file=sys.stderr)


def add_verbosity(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true", help="print nothing but results and errors")
    g.add_argument("-v", "--verbose", action="store_true", help="print progress details and per-input notes")


def add_inputs(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument("inputs", nargs="+" if required else "*", metavar="INPUT",
                   help="files, folders (recursive), globs, or - for standard input")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="reference date where the text has none")


def add_actors(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actors", action="append", metavar="FILE", default=None,
                   help="a user actors file (YAML) merged over the built-in knowledge base; repeatable")


def add_output(p: argparse.ArgumentParser, what: str = "the output", extra: str = "") -> None:
    """`-o/--out FILE`: the one output flag of every command that writes a file (same meaning
    everywhere: write FILE, atomically, instead of standard output; `-` is standard output)."""
    p.add_argument("-o", "--out", metavar="FILE",
                   help=f"write {what} to FILE instead of standard output{extra}")


@contextmanager
def open_output(path: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """stdout when path is None or '-', else a file written atomically on success."""
    if not path or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".parley-", suffix=".part")
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")
        with fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def progress(items: Iterable[T], *, total: int | None = None, description: str = "working",
             quiet: bool = False, unit: str = "docs") -> Iterator[T]:
    """A rich progress bar with rate and ETA on a terminal stderr; silent in pipes or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    import time

    start = time.monotonic()
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total, rate="")
        for n, item in enumerate(items, 1):
            yield item
            elapsed = max(time.monotonic() - start, 1e-6)
            bar.update(task, advance=1, rate=f"{n / elapsed:.1f} {unit}/s")
