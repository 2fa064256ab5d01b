"""Every command of docs/tutorial.md and README.md runs and prints what the page shows.

The blocks run once per session, in document order, in one temporary working directory that
holds a link to the repository's examples/ (so the demo corpus is ingested once); each test then
checks one block's result. Markers that steer the checks are described in tests/docs/blocks.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from docs.blocks import Block, Ran, check_block, missing_tools, parse, run_block, runnable

ROOT = Path(__file__).resolve().parents[2]
DOCS = [(ROOT / "docs" / "tutorial.md", "tutorial.md"), (ROOT / "README.md", "README.md")]
BLOCKS: list[Block] = [b for path, label in DOCS for b in runnable(parse(path, label))]


@pytest.fixture(scope="session")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Ran]]:
    """Run every block once, in order, sharing one working directory (and its parley.duckdb)."""
    cwd = tmp_path_factory.mktemp("tutorial")
    (cwd / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "120"  # tables wrap like the docs' on a wide terminal
    results: dict[str, list[Ran]] = {}
    for block in BLOCKS:
        if "skip-test" not in block.markers and not missing_tools(block):
            results[block.name] = run_block(block, cwd, env)
    return results


@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_block(block: Block, ran: dict[str, list[Ran]]) -> None:
    if "skip-test" in block.markers:
        pytest.skip(block.markers["skip-test"] or "marked skip-test")
    if missing_tools(block):
        pytest.skip(f"needs {', '.join(missing_tools(block))}, not installed here")
    check_block(block, ran[block.name])


def test_the_tutorial_covers_the_story() -> None:
    """The steps the tutorial promises are all there and run (not skipped)."""
    run = "\n".join(b.body for b in BLOCKS if b.source == "tutorial.md" and "skip-test" not in b.markers)
    for needle in ("parley read", "--explain", "parley ingest", "--fused", "--dyad RUS:AFG", "to_pandas",
                   "duckdb.sql", "--format gdelt", "parley serve", "--actors my_actors.yaml",
                   "parley actors lookup", "parley actors check"):
        assert needle in run, f"docs/tutorial.md no longer runs {needle!r}"


def test_markers_parse(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- expect: a b | c -->\n<!-- exit: 1 -->\n\n```console\n$ echo a \\\n  b\na b\n"
                    "$ false\n```\n", encoding="utf-8")
    [block] = parse(page, "page.md")
    assert block.markers == {"expect": "a b | c", "exit": "1"}
    assert block.commands() == [("echo a \\\n  b", ["a b"]), ("false", [])]
    results = run_block(block, tmp_path, dict(os.environ))
    with pytest.raises(AssertionError, match="lacks 'c'"):
        check_block(block, results)
