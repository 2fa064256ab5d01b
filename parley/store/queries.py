"""Filters → parameterised SQL, and the query objects the library and CLI return.

Every user value travels as a parameter; only whitelisted keywords (an interval name, a
sort column) are written into the SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from parley.errors import UsageError
from parley.records import PLOVER_TYPES
from parley.store import rows

if TYPE_CHECKING:
    from parley.store.backend import Backend

INTERVALS = ("day", "week", "month", "quarter", "year")

EVENT_FLAT = """e.id, e.doc_id, e.date, e.date_precision, e.day, e.sentence_index, e.sentence, e.trigger_text, e.trigger_start,
    e.trigger_end, e.source_codes, e.source_countries, e.target_codes, e.target_countries, e.cameo_code,
    e.root, e.cameo_label, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.negated, e.tense,
    e.certainty, e.reported_by, e.location_country, e.quote, e.confidence, e.outlet, e.doc_date,
    e.parley_version, e.kb_version, CAST(e.source AS TEXT) AS source_json,
    CAST(e.target AS TEXT) AS target_json, CAST(e.location AS TEXT) AS location_json, e.ingested,
    (SELECT d.url FROM documents d WHERE d.id = e.doc_id) AS url,
    (SELECT fm.fused_id FROM fused_members fm WHERE fm.event_id = e.id) AS fused_id"""

FUSED_FLAT = """f.id, f.date, f.day, f.source, f.target, f.source_countries, f.target_countries, f.participants,
    f.participant_countries, f.cameo_code,
    f.root, f.cameo_label, f.quad_class, f.goldstein, f.plover_type, f.plover_mode, f.modality,
    f.num_mentions, f.num_articles, f.num_outlets, f.first_seen, f.confidence, f.updated AS ingested,
    (SELECT d.url FROM fused_members fm JOIN documents d ON d.id = fm.doc_id WHERE fm.fused_id = f.id
     ORDER BY d.date NULLS LAST, d.id LIMIT 1) AS url,
    (SELECT CAST(x.location AS TEXT) FROM fused_members fm JOIN events x ON x.id = fm.event_id
     WHERE fm.fused_id = f.id AND x.location IS NOT NULL ORDER BY x.id LIMIT 1) AS location_json,
    (SELECT array_agg(fm.event_id ORDER BY fm.event_id) FROM fused_members fm WHERE fm.fused_id = f.id)
    AS mentions"""

DOCUMENT_FLAT = """d.id, d.title, d.date, d.date_source, d.outlet, d.url, d.dateline_place, d.dateline_date, d.dateline_outlet,
    d.language, d.author, d.input, d.content_hash, d.text_hash, d.num_events, d.run_id, d.ingested,
    d.parley_version, d.kb_version, d.text, CAST(d.removed AS TEXT) AS removed_json"""


@dataclass(slots=True)
class Filters:
    """What `parley events` and the API filter on; every field optional."""

    actor: str | None = None  # country (RUS) or actor code (RUSGOV), either side
    dyad: str | None = None  # "RUS:AFG": source RUS, target AFG
    type: str | None = None  # CAMEO code prefix ("04", "042") or PLOVER type ("CONSULT")
    since: date | None = None
    until: date | None = None
    text: str | None = None  # words in the sentence (case-insensitive substring)
    min_sources: int | None = None  # fused events reported by at least N outlets
    min_confidence: float | None = None  # events (fused events) at least this confident, 0 … 1
    quad_class: int | None = None
    outlet: str | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0

    @classmethod
    def build(cls, **kwargs: Any) -> Filters:
        """Validated filters from keyword arguments (strings from a CLI or URL are fine)."""
        known = set(cls.__slots__)  # type: ignore[attr-defined]
        unknown = set(kwargs) - known
        if unknown:
            raise UsageError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        f = cls(**{k: v for k, v in kwargs.items() if v is not None})
        f.since, f.until = _date(f.since, "since"), _date(f.until, "until")
        if f.dyad is not None and not re.fullmatch(r"[A-Za-z0-9_-]+:[A-Za-z0-9_-]*", f.dyad):
            raise UsageError(f"--dyad must look like SOURCE:TARGET (e.g. RUS:AFG), got {f.dyad!r}")
        if f.type is not None:
            t = f.type.strip().upper()
            if not (t in PLOVER_TYPES or re.fullmatch(r"\d{2,4}", t)):
                raise UsageError(f"--type must be a CAMEO code prefix (04, 042) or a PLOVER type "
                                 f"({', '.join(PLOVER_TYPES)}), got {f.type!r}")
            f.type = t
        if f.min_confidence is not None:
            try:
                f.min_confidence = float(f.min_confidence)
            except (TypeError, ValueError):
                raise UsageError(f"min_confidence must be a number, got {f.min_confidence!r}") from None
            if not 0.0 <= f.min_confidence <= 1.0:
                raise UsageError(f"min_confidence must be between 0 and 1, got {f.min_confidence}")
        for name in ("limit", "offset", "min_sources", "quad_class"):
            value = getattr(f, name)
            if value is not None:
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise UsageError(f"{name} must be an integer, got {value!r}") from None
                if value < 0:
                    raise UsageError(f"{name} must not be negative")
                setattr(f, name, value)
        return f


def _date(value: Any, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        elif re.fullmatch(r"\d{4}", text):
            text += "-01-01"
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}") from None


def _side(alias: str, side: str, value: str) -> tuple[str, list[Any]]:
    """Match a country or an actor code on one side (events keep codes in *_codes, fused in source/target)."""
    v = value.upper()
    codes = f"{alias}.{side}_codes" if alias == "e" else f"{alias}.{side}"
    return f"(? = ANY({alias}.{side}_countries) OR ? = ANY({codes}))", [v, v]


def _participant(value: str) -> tuple[str, list[Any]]:
    v = value.upper()
    return "(? = ANY(f.participant_countries) OR ? = ANY(f.participants))", [v, v]


# Fused events filter on their members' sentences, outlets and documents.
_MEMBER = "EXISTS (SELECT 1 FROM fused_members fm JOIN events x ON x.id = fm.event_id WHERE fm.fused_id = f.id AND {}"


def _party_clauses(f: Filters, alias: str) -> list[tuple[str, list[Any]]]:
    out = []
    if f.actor:
        s_sql, s_par = _side(alias, "source", f.actor)
        t_sql, t_par = _side(alias, "target", f.actor)
        if alias == "f":  # a fused event's other parties take part in it too
            p_sql, p_par = _participant(f.actor)
            out.append((f"({s_sql} OR {t_sql} OR {p_sql})", s_par + t_par + p_par))
        else:
            out.append((f"({s_sql} OR {t_sql})", s_par + t_par))
    if f.dyad:
        src, tgt = f.dyad.split(":", 1)
        out.append(_side(alias, "source", src))
        if tgt:
            out.append(_side(alias, "target", tgt))
    return out


def _act_clauses(f: Filters, alias: str) -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    if f.type:
        out.append((f"{alias}.plover_type = ?", [f.type]) if f.type in PLOVER_TYPES
                   else (f"{alias}.cameo_code LIKE ?", [f.type + "%"]))
    if f.since:
        out.append((f"{alias}.day >= ?", [f.since]))
    if f.until:
        out.append((f"{alias}.day <= ?", [f.until]))
    if f.quad_class is not None:
        out.append((f"{alias}.quad_class = ?", [f.quad_class]))
    if f.min_confidence is not None:
        out.append((f"{alias}.confidence >= ?", [f.min_confidence]))
    return out


def _source_clauses(f: Filters, alias: str) -> list[tuple[str, list[Any]]]:
    mine = alias == "e"
    out: list[tuple[str, list[Any]]] = []
    if f.text:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", f.text) + "%"
        like = "sentence ILIKE ? ESCAPE '\\'"
        out.append((f"e.{like}" if mine else _MEMBER.format(f"x.{like})"), [pattern]))
    if f.outlet:
        out.append(("e.outlet = ?" if mine else _MEMBER.format("x.outlet = ?)"), [f.outlet]))
    if f.doc_id:
        out.append(("e.doc_id = ?" if mine else _MEMBER.format("x.doc_id = ?)"), [f.doc_id]))
    if f.min_sources:
        out.append(("EXISTS (SELECT 1 FROM fused_members fm JOIN fused_events g ON g.id = fm.fused_id "
                    "WHERE fm.event_id = e.id AND g.num_outlets >= ?)" if mine else "f.num_outlets >= ?",
                    [f.min_sources]))
    return out


def where(f: Filters, alias: str) -> tuple[str, list[Any]]:
    """The WHERE clause (with its parameters) of filters over events (``e``) or fused events (``f``)."""
    parts = _party_clauses(f, alias) + _act_clauses(f, alias) + _source_clauses(f, alias)
    if not parts:
        return "", []
    return " WHERE " + " AND ".join(sql for sql, _p in parts), [v for _s, p in parts for v in p]


def page(f: Filters) -> tuple[str, list[Any]]:
    """LIMIT/OFFSET (ordering is always by day then id, so pages are stable)."""
    sql, params = "", []
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(f.limit)
    if f.offset:
        sql += " OFFSET ?"
        params.append(f.offset)
    return sql, params


@dataclass
class Query:
    """A lazily run query: iterate records, or take it as Arrow, pandas or polars.

    >>> parley.open("parley.duckdb").events(actor="RUS").to_pandas()  # doctest: +SKIP
    """

    db: Backend
    sql: str  # flat columns: rows(), to_arrow(), exports
    params: list[Any]
    to_record: Callable[[dict[str, Any]], Any] | None = None
    record_sql: str | None = None  # full rows for to_record, same filters and order
    count_sql: tuple[str, list[Any]] | None = None

    def rows(self) -> Iterator[dict[str, Any]]:
        """Flat rows as dicts (the columns of to_arrow)."""
        yield from self.db.iter_dicts(self.sql, self.params)

    def records(self) -> Iterator[Any]:
        """The contract's records (EventRecord, FusedEvent, Document), or dicts for tables."""
        if self.to_record is None:
            yield from self.rows()
            return
        for r in self.db.iter_dicts(self.record_sql or self.sql, self.params):
            yield self.to_record(r)

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    def to_arrow(self) -> pa.Table:
        return self.db.arrow(self.sql, self.params)

    def to_pandas(self) -> Any:
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        import polars as pl

        return pl.from_arrow(self.to_arrow())

    def count(self) -> int:
        """How many rows match, ignoring limit/offset."""
        if self.count_sql is None:
            return sum(1 for _ in self.rows())
        row = self.db.one(*self.count_sql)
        return int(row[0]) if row else 0


def events_query(db: Backend, f: Filters) -> Query:
    w, p = where(f, "e")
    lim, lp = page(f)
    order = f" ORDER BY e.day NULLS LAST, e.id{lim}"
    return Query(db, f"SELECT {EVENT_FLAT} FROM events e{w}{order}", p + lp, to_record=rows.event_from_row,
                 record_sql=f"SELECT e.* FROM events e{w}{order}",
                 count_sql=(f"SELECT count(*) FROM events e{w}", p))


def fused_query(db: Backend, f: Filters) -> Query:
    w, p = where(f, "f")
    lim, lp = page(f)
    sql = f"SELECT {FUSED_FLAT} FROM fused_events f{w} ORDER BY f.day NULLS LAST, f.id{lim}"
    return Query(db, sql, p + lp, to_record=lambda r: rows.fused_from_row(r, list(r["mentions"] or [])),
                 count_sql=(f"SELECT count(*) FROM fused_events f{w}", p))


def documents_query(db: Backend, *, doc_id: str | None = None, outlet: str | None = None,
                    limit: int | None = None, offset: int = 0) -> Query:
    clauses, params = [], []
    if doc_id:
        clauses.append("d.id = ?")
        params.append(doc_id)
    if outlet:
        clauses.append("d.outlet = ?")
        params.append(outlet)
    w = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    lim, lp = page(Filters(limit=limit, offset=offset))
    order = f" ORDER BY d.date NULLS LAST, d.id{lim}"
    return Query(db, f"SELECT {DOCUMENT_FLAT} FROM documents d{w}{order}", params + lp,
                 to_record=rows.document_from_row, record_sql=f"SELECT d.* FROM documents d{w}{order}",
                 count_sql=(f"SELECT count(*) FROM documents d{w}", params))
