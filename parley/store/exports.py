"""Writing query results: JSONL, CSV, Parquet, GDELT-2.0-style event TSV and PLOVER JSON.

Formats (see docs/EXPORTS.md for every column):

- ``jsonl``: the contract's records, one per line (event records, or fused events).
- ``csv``: the flat columns of ``Query.to_arrow()``; list columns joined with ``;``.
- ``parquet``: the flat columns with real list and date types (loads back in DuckDB/pandas).
- ``gdelt``: GDELT 2.0 event-table columns in GDELT's order (``GDELT_COLUMNS``), tab-separated,
  no header line, as GDELT ships them; columns parley has no value for are empty.
- ``plover``: one PLOVER-style JSON object per line (``event``, ``mode``, ``context``,
  ``source``/``target`` actors, ``date``, ``text``, ...).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from parley.errors import UsageError
from parley.store.queries import Query

FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt", "plover")

_ACTOR_COLS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
               "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_COLS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR_COLS), *(f"Actor2{c}" for c in _ACTOR_COLS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO_COLS), *(f"Actor2Geo_{c}" for c in _GEO_COLS),
    *(f"ActionGeo_{c}" for c in _GEO_COLS),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61  # GDELT 2.0's event table


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _first(values: Any) -> str:
    return values[0] if values else ""


def _actor_cols(codes: list[str], countries: list[str], actors: list[dict[str, Any]] | None) -> list[Any]:
    code = _first(codes)
    a = (actors or [{}])[0] if actors else {}
    sector = a.get("sector") or (code[3:6] if len(code) >= 6 else "")
    name = (a.get("name") or a.get("text") or "").upper()
    return [code, name, a.get("country") or _first(countries), "", "", "", "", sector, "", ""]


def _geo_cols(loc: dict[str, Any] | None) -> list[Any]:
    if not loc:
        return [0, "", "", "", "", "", "", ""]
    kind = 4 if loc.get("lat") is not None and loc.get("name") else 1  # 4 world city, 1 country
    return [kind, loc.get("name") or "", loc.get("country") or "", "", "",
            loc.get("lat") if loc.get("lat") is not None else "",
            loc.get("lon") if loc.get("lon") is not None else "", loc.get("geonames_id") or ""]


def gdelt_row(r: dict[str, Any], *, fused: bool) -> list[Any]:
    """One GDELT 2.0 event row from a flat events or fused-events row."""
    day: date | None = r.get("day")
    code = r["cameo_code"]
    added: datetime | None = r.get("ingested")
    src_codes = r["source"] if fused else r["source_codes"]
    tgt_codes = r["target"] if fused else r["target_codes"]
    src_actors = None if fused else _json(r.get("source_json"))
    tgt_actors = None if fused else _json(r.get("target_json"))
    loc = _json(r.get("location_json"))
    counts = [r["num_mentions"], r["num_outlets"], r["num_articles"]] if fused else [1, 1, 1]
    return [
        r["id"], day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor_cols(list(src_codes or []), list(r["source_countries"] or []), src_actors),
        *_actor_cols(list(tgt_codes or []), list(r["target_countries"] or []), tgt_actors),
        0 if fused else int(r.get("sentence_index") == 0), code, code[:3], r["root"], r["quad_class"],
        r["goldstein"], *counts, "",
        *_geo_cols(None), *_geo_cols(None), *_geo_cols(loc),
        added.strftime("%Y%m%d%H%M%S") if added else "", r.get("url") or "",
    ]


def plover_row(r: dict[str, Any], *, fused: bool) -> dict[str, Any]:
    """One PLOVER-style event object from a flat row."""
    day = r.get("day")
    src = list((r["source"] if fused else r["source_codes"]) or [])
    tgt = list((r["target"] if fused else r["target_codes"]) or [])
    out = {
        "id": r["id"], "date": day.isoformat() if day else r.get("date"),
        "event": r["plover_type"], "mode": r.get("plover_mode") or "", "context": [],
        "source": _first(list(r["source_countries"] or [])), "source_actors": src,
        "target": _first(list(r["target_countries"] or [])), "target_actors": tgt,
        "cameo": r["cameo_code"], "goldstein": r["goldstein"], "quad_class": r["quad_class"],
        "location": _json(r.get("location_json")), "confidence": r["confidence"],
    }
    if fused:
        out.update(participants=list(r.get("participants") or []), num_mentions=r["num_mentions"],
                   num_articles=r["num_articles"],
                   num_outlets=r["num_outlets"], mentions=list(r.get("mentions") or []))
    else:
        out.update(text=r["sentence"], doc_id=r["doc_id"], url=r.get("url"),
                   negated=bool(r["negated"]), certainty=r["certainty"],
                   date_precision=r.get("date_precision") or "none")
    return out


def _csv_value(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    if isinstance(v, date | datetime):
        return v.isoformat()
    if v is None:
        return ""
    return v


def write_rows(rows: Iterable[list[Any]], out: IO[str], *, header: list[str] | None, delimiter: str) -> int:
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                   quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE, escapechar="\\")
    if header:
        w.writerow(header)
    n = 0
    for row in rows:
        w.writerow([_clean_tsv(v) if delimiter == "\t" else v for v in row])
        n += 1
    return n


def _clean_tsv(v: Any) -> Any:
    # GDELT files carry no quoting: tabs and newlines inside a value would shift columns.
    return " ".join(str(v).split()) if isinstance(v, str) else v


def export(query: Query, fmt: str, out: IO[Any] | str, *, fused: bool) -> int:
    """Write a query's results in one of FORMATS (except table); returns the number of rows.

    ``out`` is a text stream, or a path for ``parquet``.
    """
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = query.to_arrow()
        pq.write_table(table, out)
        return table.num_rows
    if isinstance(out, str):
        raise UsageError(f"format {fmt} writes to a stream")
    if fmt == "jsonl":
        return _lines((json.dumps(rec.to_dict(), ensure_ascii=False, default=str) for rec in query.records()), out)
    if fmt == "plover":
        return _lines((json.dumps(plover_row(r, fused=fused), ensure_ascii=False, default=str)
                       for r in query.rows()), out)
    if fmt == "gdelt":
        return write_rows((gdelt_row(r, fused=fused) for r in query.rows()), out, header=None, delimiter="\t")
    if fmt == "csv":
        rows = query.rows()
        first = next(rows, None)
        if first is None:  # still a header, so the file loads as an empty table
            write_rows([], out, header=query.to_arrow().column_names, delimiter=",")
            return 0
        cols = list(first)

        def values() -> Iterator[list[Any]]:
            yield [_csv_value(first[c]) for c in cols]
            for r in rows:
                yield [_csv_value(r[c]) for c in cols]

        return write_rows(values(), out, header=cols, delimiter=",")
    raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _lines(lines: Iterable[str], out: IO[str]) -> int:
    n = 0
    for line in lines:
        out.write(line + "\n")
        n += 1
    return n
