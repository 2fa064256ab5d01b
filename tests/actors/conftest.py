"""Shared knowledge base for the actor tests: built-in data plus the test fixtures as user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.actors import KnowledgeBase, load_kb

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_FILES = tuple(sorted(FIXTURES.glob("*.yaml")))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """Built-in KB with tests/actors/fixtures/*.yaml merged over it (same ids override)."""
    return load_kb(FIXTURE_FILES)


@pytest.fixture(scope="session")
def builtin_kb() -> KnowledgeBase:
    return load_kb()
