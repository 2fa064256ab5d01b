"""The derived layers are what scripts/derive_phoenix.py makes of ../shared/reference/phoenix today.

Regenerates them into a temporary folder and compares with the committed files, so a change of
the hand-written data (which the script uses to leave out what it already holds) or of the script
cannot leave stale derived data behind. Needs ../shared (skipped without it, but not under CI).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from needs import need

from parley.config import shared_dir

REPO = Path(__file__).resolve().parents[2]
DERIVED = REPO / "parley" / "actors" / "data" / "derived"


def test_the_committed_derived_layers_are_up_to_date(tmp_path):
    shared = shared_dir()
    source = shared / "reference" / "phoenix" if shared else None
    need(source is not None and (source / "Phoenix.Countries.actors.txt").is_file(),
         "../shared/reference/phoenix is absent (set PARLEY_SHARED)")
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "derive_phoenix.py"), "--source", str(source),
                          "--out", str(tmp_path)], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert run.returncode == 0, run.stderr
    for name in ("persons.tsv", "organisations.tsv", "groups.tsv", "sectors.tsv", "report.txt"):
        fresh, committed = (tmp_path / name).read_text(encoding="utf-8"), (DERIVED / name).read_text(encoding="utf-8")
        assert fresh == committed, f"{name} is stale: run .venv/bin/python scripts/derive_phoenix.py"
    assert "persons: " in run.stdout and "## conflicts:" in (tmp_path / "report.txt").read_text(encoding="utf-8")
