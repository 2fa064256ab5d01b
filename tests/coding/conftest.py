"""Session fixtures of the coding tests: one Coder (spaCy + knowledge base load once)."""

from __future__ import annotations

import pytest

from parley.records import Document, EventRecord


@pytest.fixture(scope="session")
def coder():
    from parley.coding.coder import Coder
    from parley.config import Settings

    return Coder(Settings())


@pytest.fixture(scope="session")
def code(coder):
    """code(text, date=...) → the events of one document made of ``text``."""

    def run(text: str, date: str = "2021-10-20") -> list[EventRecord]:
        return coder.code_document(Document(id="t", text=text, date=date))

    return run


def countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}
