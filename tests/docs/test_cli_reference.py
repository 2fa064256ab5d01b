"""docs/CLI.md documents every command and flag, and is what scripts/gen_cli_docs.py writes."""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = ROOT / "docs" / "CLI.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    from parley.cli import build_parser

    parser = build_parser()
    return [("parley", parser), *_generator().subparsers(parser, "parley")]


def _section(text: str, path: str) -> str:
    """The Markdown of one command's section (from its heading to the next)."""
    match = re.search(rf"^## {re.escape(path)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/CLI.md has no section for `{path}`"
    return match.group(1)


@pytest.mark.parametrize("path,parser", _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_flag_is_documented(path: str, parser: argparse.ArgumentParser) -> None:
    section = _section(CLI_MD.read_text(encoding="utf-8"), path)
    missing = [opt for action in parser._actions for opt in action.option_strings
               if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section)]
    assert not missing, f"`{path}` options missing from docs/CLI.md: {missing}"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name in action.choices:
                assert f"{path} {name}" in CLI_MD.read_text(encoding="utf-8"), f"`{path} {name}` undocumented"


def test_reference_is_not_stale() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr + "\nregenerate: .venv/bin/python scripts/gen_cli_docs.py"


def test_check_notices_a_change(tmp_path: Path) -> None:
    stale = tmp_path / "CLI.md"
    stale.write_text(CLI_MD.read_text(encoding="utf-8").replace("--dyad", "--pair"), encoding="utf-8")
    assert _generator().main(["--check", "--out", str(stale)]) == 1
