"""Helpers of the engine tests (a module with its own name: every test folder has a conftest)."""

from __future__ import annotations

from pathlib import Path

from needs import IN_CI, need  # noqa: F401  (re-exported for the engine tests)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "news"
