"""Exports for the API: the store's writers (`parley events --format ...`) into memory."""

from __future__ import annotations

import io
from typing import Any

from parley.store import exports, queries


def export_bytes(store: Any, filters: queries.Filters, *, fmt: str, fused: bool) -> bytes:
    """The file content of the filtered events (or fused events) in ``fmt``."""
    query = (queries.fused_query if fused else queries.events_query)(store.db, filters)
    if fmt == "parquet":
        # DuckDB refuses its relational (Arrow) API while an earlier execute() on this thread's
        # connection still has unfetched rows (after a fetchone); a drained query clears that.
        store.db.all("SELECT 1")
        buf = io.BytesIO()
        exports.export(query, "parquet", buf, fused=fused)
        return buf.getvalue()
    text = io.StringIO()
    exports.export(query, fmt, text, fused=fused)
    return text.getvalue().encode("utf-8")
