"""parley's command line: thin commands that validate arguments and call the library.

Each command lives in its own module (``parley/cli/<command>.py``) exposing
``register(subparsers)``; the module sets ``func`` on its parser to a function
``run(args) -> int`` that returns the exit status (0 done, 1 some inputs refused,
2 usage error). All printing happens in this layer.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from parley import __version__
from parley.cli.common import fail
from parley.errors import ParleyError, UsageError

# Order is the order shown in --help.
COMMANDS = ("read", "code", "ingest", "load", "recode", "events", "serve", "eval", "actors", "watch")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with one line, as the contract says
        self.print_usage(sys.stderr)
        print(f"parley: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="parley",
        description="Turn raw news into political event data (CAMEO/PLOVER), stored, fused and served.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"parley.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"parley.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        fail(str(exc))
        return 2
    except ParleyError as exc:
        fail(str(exc))
        return 1
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
    except BrokenPipeError:
        # `parley read ... | head`: the reader went away; not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
