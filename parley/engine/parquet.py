"""The engines' Parquet layout: what ``parley code --engine ray -o OUT/`` writes and ``parley load`` reads.

    OUT/kind=documents/date=2021-08-15/<file>.parquet   one row per document record
    OUT/kind=events/date=2021-08-15/<file>.parquet      one row per event record
    (date=unknown when a document or event has no date)

Every row holds the full record as JSON in ``record`` (lossless, the contract's shape), plus
plain columns for quick queries with DuckDB, pandas or polars without a JSON parser::

    duckdb -c "select date, cameo_code, count(*) from read_parquet('OUT/kind=events/*/*.parquet',
               hive_partitioning=true) group by all"
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from parley.records import Document, EventRecord

UNKNOWN_DATE = "unknown"
COLUMNS = ("kind", "date", "id", "doc_id", "cameo_code", "plover_type", "source_codes", "target_codes",
           "record")


def schema() -> Any:
    import pyarrow as pa

    return pa.schema([(c, pa.string()) for c in COLUMNS])


def _row(kind: str, rec: Document | EventRecord) -> dict[str, str | None]:
    event = rec if isinstance(rec, EventRecord) else None
    return {
        "kind": kind, "date": rec.date or UNKNOWN_DATE, "id": rec.id,
        "doc_id": event.doc_id if event else rec.id,
        "cameo_code": event.cameo.code if event else None,
        "plover_type": event.plover.type if event else None,
        "source_codes": ";".join(a.code or "" for a in event.source) if event else None,
        "target_codes": ";".join(a.code or "" for a in event.target) if event else None,
        "record": json.dumps(rec.to_dict(), ensure_ascii=False),
    }


def records_table(results: Iterable[tuple[Document, list[EventRecord]]]) -> Any:
    """One Arrow table (fixed schema) of the documents and events of coded results."""
    import pyarrow as pa

    rows: list[dict[str, str | None]] = []
    for doc, events in results:
        rows.append(_row("documents", doc))
        rows.extend(_row("events", e) for e in events)
    return pa.Table.from_pylist(rows, schema=schema())


def read_output(out_dir: str, kind: str = "events") -> list[dict[str, Any]]:
    """Every record of one kind in an output folder, as contract dicts (tests, tools).

    >>> [e["cameo"]["code"] for e in read_output("OUT/")]  # doctest: +SKIP
    ['042', '036']
    """
    import pyarrow.parquet as pq

    found: list[dict[str, Any]] = []
    folder = os.path.join(out_dir, f"kind={kind}")
    for root, _dirs, files in sorted(os.walk(folder)):
        for name in sorted(files):
            if name.endswith(".parquet"):
                table = pq.ParquetFile(os.path.join(root, name)).read(columns=["record"])
                found += [json.loads(r) for r in table.column("record").to_pylist()]
    return found


def count_output(out_dir: str) -> dict[str, int]:
    """Rows per kind in an output folder (from Parquet footers; nothing is decoded)."""
    import pyarrow.parquet as pq

    counts = {"documents": 0, "events": 0}
    for kind in counts:
        for root, _dirs, files in os.walk(os.path.join(out_dir, f"kind={kind}")):
            counts[kind] += sum(pq.ParquetFile(os.path.join(root, f)).metadata.num_rows
                                for f in files if f.endswith(".parquet"))
    return counts
