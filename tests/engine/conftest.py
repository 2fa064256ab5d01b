"""Engine test fixtures: a small input folder built from the demo corpus, and the suite's `need`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from engine_support import EXAMPLES

# A few demo articles of different formats (txt, html, a JSONL feed with several articles).
FIXTURE_FILES = (
    "2021-07-16-tashkent-lavrov-tass.txt",
    "2021-08-15-kabul-falls-ap.html",
    "2021-10-20-moscow-format-tass.txt",
    "2022-02-24-special-operation-tass.txt",
    "asia-crossroads-feed.jsonl",
)


@pytest.fixture(scope="session")
def small_news(tmp_path_factory) -> Path:
    """A folder with a few demo articles and one input that must be refused (an empty file)."""
    folder = tmp_path_factory.mktemp("news")
    for name in FIXTURE_FILES:
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "zz-empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def settings():
    from parley.config import load_settings

    return load_settings({}, environ={})
