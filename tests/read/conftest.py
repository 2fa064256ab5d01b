"""Fixtures of the reader tests (helpers live in helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from read.helpers import FIXTURES


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
