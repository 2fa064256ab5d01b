"""The CLI's registration stays light: choices copied to avoid heavy imports stay in sync."""

from __future__ import annotations

import subprocess
import sys


def test_events_formats_match_the_store() -> None:
    from parley.cli import events
    from parley.store.exports import FORMATS

    assert events.FORMATS == FORMATS


def test_ingest_batch_default_matches_the_library() -> None:
    from parley import ingest
    from parley.cli import ingest as cli_ingest

    assert cli_ingest.INGEST_BATCH == ingest.INGEST_BATCH


def test_building_the_parser_does_not_load_the_store() -> None:
    # Every command starts by building the parser; the store pulls datasketch/scipy (~2 s).
    code = ("import sys; from parley.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('parley.store', 'datasketch', 'scipy', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
