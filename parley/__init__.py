"""parley: political event data from raw news.

The library is the product; the CLI in :mod:`parley.cli` is a thin wrapper.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "open"]


def open(db: str | None = None, **kwargs):  # noqa: A001 - mirrors sqlite-utils' Database()
    """Open an event store (DuckDB path or ``postgresql://`` URL) for querying.

    >>> store = parley.open("parley.duckdb")  # doctest: +SKIP
    """
    from parley.store import open_store

    return open_store(db, **kwargs)
