"""Write docs/CLI.md from the parsers' own --help (run after changing any command's options).

    .venv/bin/python scripts/gen_cli_docs.py            # rewrite docs/CLI.md
    .venv/bin/python scripts/gen_cli_docs.py --check    # exit 1 when docs/CLI.md is stale

tests/docs/test_cli_reference.py runs the check, so a new command or flag fails the suite until
the reference is regenerated and committed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "CLI.md"
WIDTH = "88"  # argparse wraps help to $COLUMNS; fixed so the output does not depend on the terminal

HEADER = """# Command-line reference

Generated from `parley --help` and every subcommand's `--help` by `scripts/gen_cli_docs.py`;
do not edit by hand (`tests/docs/test_cli_reference.py` fails when this file is stale or misses
a command or flag). A walk through the commands on real data: [tutorial.md](tutorial.md).

Exit status of every command: 0 done, 1 some inputs refused or a check failed, 2 usage error,
130 interrupted. Errors are one line on standard error, naming the input and the reason.
"""


def subparsers(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every (command path, parser) below ``parser``, depth first, in --help order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}"
                yield path, sub
                yield from subparsers(sub, path)


def render() -> str:
    """The whole reference as Markdown."""
    from parley.cli import build_parser

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        return _markdown(build_parser())
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _markdown(parser: argparse.ArgumentParser) -> str:
    parts = [HEADER, "## Commands\n"]
    commands = list(subparsers(parser, "parley"))
    parts.append("\n".join(f"- [`{path}`](#{path.replace(' ', '-')})" for path, _ in commands) + "\n")
    parts.append(f"## parley\n\n```text\n{parser.format_help().rstrip()}\n```\n")
    for path, sub in commands:
        parts.append(f'<a id="{path.replace(" ", "-")}"></a>\n\n## {path}\n\n```text\n{sub.format_help().rstrip()}\n```\n')
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/CLI.md differs from the output")
    ap.add_argument("--out", type=Path, default=TARGET, help="file to write (default docs/CLI.md)")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out}: stale; run .venv/bin/python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
