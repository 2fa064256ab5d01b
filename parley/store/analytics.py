"""Read-side SQL for the HTTP API and dashboard: filtered pages, series, profiles, networks.

Everything here is parameterised SQL over the store's tables (see ``migrations.py``) that runs
unchanged on DuckDB and PostgreSQL; the two spellings that differ (array membership and array
length) come from :class:`Dialect`. Filters follow `parley events`: ``actor`` (country or code
prefix on either side), ``dyad`` (two actors, either direction), ``type`` (CAMEO code prefix or
PLOVER type), ``since``/``until`` (inclusive days), ``text`` (words in a sentence) and
``min_sources`` (fused events reported by at least N outlets).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from parley.records import PLOVER_TYPES
from parley.store.rows import document_from_row, event_from_row, fused_from_row

FUSED_COLS = ("id, date, day, source, target, source_countries, target_countries, cameo_code, root, "
              "cameo_label, quad_class, goldstein, plover_type, plover_mode, modality, num_mentions, "
              "num_articles, num_outlets, first_seen, confidence")


@dataclass(frozen=True)
class Dialect:
    """The few SQL spellings that differ between DuckDB and PostgreSQL."""

    name: str

    def has(self, column: str) -> str:
        """``? is an element of the array column``."""
        return f"list_contains({column}, ?)" if self.name == "duckdb" else f"? = ANY({column})"

    def length(self, column: str) -> str:
        return f"coalesce(len({column}), 0)" if self.name == "duckdb" else f"coalesce(cardinality({column}), 0)"


def _like_prefix(code: str) -> str:
    """A LIKE pattern matching a code at the start of a JSON string element (``"RUSGOV…``)."""
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f'%"{escaped}%'


def _side(d: Dialect, side: str, code: str) -> tuple[str, list[Any]]:
    """SQL matching an actor on one side: a country or IGO (array column) or a code prefix (JSON text)."""
    like = f"CAST({side} AS TEXT) LIKE ? ESCAPE '\\'"
    if len(code) == 3 or (code.startswith("IGO") and len(code) == 6):
        return f"({d.has(f'{side}_countries')} OR {like})", [code, _like_prefix(code)]
    return like, [_like_prefix(code)]


def where(d: Dialect, filters: dict[str, Any], table: str) -> tuple[str, list[Any]]:
    """WHERE clause and parameters for the filters on ``events`` or ``fused_events``."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, values: list[Any]) -> None:
        parts.append(sql)
        params.extend(values)

    if filters.get("actor"):
        s_sql, s_p = _side(d, "source", filters["actor"])
        t_sql, t_p = _side(d, "target", filters["actor"])
        add(f"({s_sql} OR {t_sql})", s_p + t_p)
    for side in ("source", "target"):  # one side only (actor profiles)
        if filters.get(f"{side}_actor"):
            add(*_side(d, side, filters[f"{side}_actor"]))
    if filters.get("dyad"):
        a, b = filters["dyad"]
        sa, pa_ = _side(d, "source", a)
        tb, pb = _side(d, "target", b)
        sb, pb2 = _side(d, "source", b)
        ta, pa2 = _side(d, "target", a)
        add(f"(({sa} AND {tb}) OR ({sb} AND {ta}))", pa_ + pb + pb2 + pa2)
    if filters.get("type"):
        t = str(filters["type"]).upper()
        if t in PLOVER_TYPES:
            add("plover_type = ?", [t])
        else:
            add("cameo_code LIKE ?", [t.replace("%", "").replace("_", "") + "%"])
    if filters.get("since"):
        add("day >= ?", [date.fromisoformat(filters["since"])])
    if filters.get("until"):
        add("day <= ?", [date.fromisoformat(filters["until"])])
    if filters.get("text"):
        pattern = "%" + filters["text"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if table == "events":
            add("sentence ILIKE ? ESCAPE '\\'", [pattern])
        else:
            add("id IN (SELECT m.fused_id FROM fused_members m JOIN events e ON e.id = m.event_id "
                "WHERE e.sentence ILIKE ? ESCAPE '\\')", [pattern])
    if filters.get("min_sources"):
        if table == "events":
            add("id IN (SELECT m.event_id FROM fused_members m JOIN fused_events f ON f.id = m.fused_id "
                "WHERE f.num_outlets >= ?)", [int(filters["min_sources"])])
        else:
            add("num_outlets >= ?", [int(filters["min_sources"])])
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


# ----------------------------------------------------------------------------- pages


def count(db: Any, d: Dialect, table: str, filters: dict[str, Any]) -> int:
    sql, params = where(d, filters, table)
    row = db.one(f"SELECT count(*) FROM {table}{sql}", params)
    return int(row[0]) if row else 0


def event_page(db: Any, d: Dialect, filters: dict[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
    """Mention records ordered by day, then id (stable across pages)."""
    sql, params = where(d, filters, "events")
    rows = db.dicts(f"SELECT * FROM events{sql} ORDER BY day ASC NULLS LAST, id LIMIT ? OFFSET ?",
                    [*params, limit, offset])
    return [event_from_row(r).to_dict() for r in rows]


def fused_page(db: Any, d: Dialect, filters: dict[str, Any], limit: int, offset: int,
               order: str = "day") -> list[dict[str, Any]]:
    """Fused events with their mention ids; ``order`` is ``day`` or ``reported`` (most outlets first)."""
    sql, params = where(d, filters, "fused_events")
    order_by = ("day ASC NULLS LAST, id" if order == "day"
                else "num_outlets DESC, num_articles DESC, confidence DESC, day ASC NULLS LAST, id")
    rows = db.dicts(f"SELECT {FUSED_COLS} FROM fused_events{sql} ORDER BY {order_by} LIMIT ? OFFSET ?",
                    [*params, limit, offset])
    members = mention_ids(db, [r["id"] for r in rows])
    return [_fused_dict(r, members.get(r["id"], [])) for r in rows]


def _fused_dict(row: dict[str, Any], mentions: list[str]) -> dict[str, Any]:
    out = fused_from_row(row, mentions).to_dict()
    out["modality"] = row.get("modality")
    return out


def mention_ids(db: Any, fused_ids: list[str]) -> dict[str, list[str]]:
    """Member event ids of each fused event, in id order."""
    if not fused_ids:
        return {}
    marks = ", ".join("?" for _ in fused_ids)
    out: dict[str, list[str]] = {}
    for fid, eid in db.all(f"SELECT fused_id, event_id FROM fused_members WHERE fused_id IN ({marks}) "
                           "ORDER BY fused_id, event_id", fused_ids):
        out.setdefault(fid, []).append(eid)
    return out


def fused_with_mentions(db: Any, fused_id: str) -> dict[str, Any] | None:
    """One fused event, each mention's event record and the metadata of its article."""
    rows = db.dicts(f"SELECT {FUSED_COLS} FROM fused_events WHERE id = ?", [fused_id])
    if not rows:
        return None
    events = db.dicts("SELECT e.* FROM fused_members m JOIN events e ON e.id = m.event_id "
                      "WHERE m.fused_id = ? ORDER BY e.doc_date ASC NULLS LAST, e.outlet, e.id", [fused_id])
    docs = documents_meta(db, sorted({e["doc_id"] for e in events}))
    return {"event": _fused_dict(rows[0], [e["id"] for e in events]),
            "mentions": [{"event": event_from_row(e).to_dict(), "document": docs.get(e["doc_id"])}
                         for e in events]}


def documents_meta(db: Any, doc_ids: list[str], with_text: bool = False) -> dict[str, dict[str, Any]]:
    """Title, date, outlet, url (and optionally the text) of some documents."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" for _ in doc_ids)
    cols = "id, title, date, outlet, url" + (", text" if with_text else "")
    return {r["id"]: r for r in db.dicts(f"SELECT {cols} FROM documents WHERE id IN ({marks})", doc_ids)}


def document_with_events(db: Any, doc_id: str) -> dict[str, Any] | None:
    """A stored document record and every event coded in it (sentence order)."""
    rows = db.dicts("SELECT * FROM documents WHERE id = ?", [doc_id])
    if not rows:
        return None
    events = db.dicts("SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index, trigger_start, id",
                      [doc_id])
    doc = document_from_row(rows[0]).to_dict()
    return {"document": doc, "events": [event_from_row(e).to_dict() for e in events]}


# ----------------------------------------------------------------------------- aggregates


def series(db: Any, d: Dialect, filters: dict[str, Any], freq: str) -> list[dict[str, Any]]:
    """Fused events per week or month: counts per quad class, mean and summed Goldstein."""
    unit = "week" if freq == "week" else "month"
    sql, params = where(d, filters, "fused_events")
    cond = (sql + " AND " if sql else " WHERE ") + "day IS NOT NULL"
    rows = db.all(
        f"SELECT CAST(date_trunc('{unit}', day) AS DATE) AS period, count(*), "
        "sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END), "
        f"avg(goldstein), sum(goldstein) FROM fused_events{cond} GROUP BY 1 ORDER BY 1", params)
    return [{"period": p.isoformat() if hasattr(p, "isoformat") else str(p), "count": int(n),
             "q1": int(q1), "q2": int(q2), "q3": int(q3), "q4": int(q4),
             "goldstein_mean": round(float(gm), 3), "goldstein_sum": round(float(gs), 3)}
            for p, n, q1, q2, q3, q4, gm, gs in rows]


def _pairs_cte(d: Dialect, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    sql, params = where(d, filters, "fused_events")
    return ("WITH f AS (SELECT id, goldstein, quad_class, source_countries, target_countries "
            f"FROM fused_events{sql}), "
            "p AS (SELECT f.id, f.goldstein, f.quad_class, s.c AS s, t.c AS t FROM f, "
            "unnest(f.source_countries) AS s(c), unnest(f.target_countries) AS t(c) WHERE s.c <> t.c) "), params


def top_dyads(db: Any, d: Dialect, filters: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Unordered country pairs by number of fused events, with their mean Goldstein."""
    cte, params = _pairs_cte(d, filters)
    rows = db.all(cte + "SELECT least(s, t), greatest(s, t), count(DISTINCT id), avg(goldstein), "
                  "count(DISTINCT CASE WHEN quad_class <= 2 THEN id END) FROM p GROUP BY 1, 2 "
                  "ORDER BY 3 DESC, 1, 2 LIMIT ?", [*params, limit])
    return [{"a": a, "b": b, "events": int(n), "mean_goldstein": round(float(g), 3), "cooperation": int(c)}
            for a, b, n, g, c in rows]


def top_actors(db: Any, d: Dialect, filters: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Countries and organisations by number of fused events they take part in."""
    sql, params = where(d, filters, "fused_events")
    rows = db.all(
        "WITH f AS (SELECT id, source_countries, target_countries FROM fused_events" + sql + "), "
        "a AS (SELECT id, unnest(source_countries) AS c FROM f UNION ALL "
        "SELECT id, unnest(target_countries) AS c FROM f) "
        "SELECT c, count(DISTINCT id) FROM a WHERE c IS NOT NULL GROUP BY c ORDER BY 2 DESC, 1 LIMIT ?",
        [*params, limit])
    names = actor_names(db, [r[0] for r in rows])
    return [{"code": c, "name": names.get(c), "events": int(n)} for c, n in rows]


def actor_names(db: Any, codes: list[str]) -> dict[str, str]:
    """Display names of actor codes as the knowledge base gave them when they were seen."""
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = db.all(f"SELECT code, name, mentions FROM actors_seen WHERE code IN ({marks}) AND name IS NOT NULL "
                  "ORDER BY code, mentions DESC, name", codes)
    out: dict[str, str] = {}
    for code, name, _n in rows:
        out.setdefault(code, name)
    return out


def multilateral_groups(db: Any, d: Dialect, filters: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Sets of three or more parties that appear together in one fused event (formats, summits)."""
    sql, params = where(d, filters, "fused_events")
    cond = (sql + " AND " if sql else " WHERE ") + \
        f"{d.length('source_countries')} + {d.length('target_countries')} >= 3"
    rows = db.all(f"SELECT source_countries, target_countries FROM fused_events{cond} ORDER BY id LIMIT 20000",
                  params)
    counts: dict[tuple[str, ...], int] = {}
    for src, tgt in rows:
        members = tuple(sorted(set(src or []) | set(tgt or [])))
        if len(members) >= 3:
            counts[members] = counts.get(members, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"label": "·".join(m), "members": list(m), "events": n} for m, n in ranked]


def totals(db: Any, d: Dialect, filters: dict[str, Any]) -> dict[str, Any]:
    """Counts over the filtered fused events: all, cooperative, conflictual, mean Goldstein, dates."""
    sql, params = where(d, filters, "fused_events")
    row = db.one("SELECT count(*), sum(CASE WHEN quad_class <= 2 THEN 1 ELSE 0 END), "
                 "sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END), avg(goldstein), min(day), max(day) "
                 f"FROM fused_events{sql}", params) or (0, 0, 0, None, None, None)
    n, coop, conf, g, first, last = row
    return {"events": int(n or 0), "cooperation": int(coop or 0), "conflict": int(conf or 0),
            "mean_goldstein": None if g is None else round(float(g), 3),
            "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None}


def store_counts(db: Any, d: Dialect, filters: dict[str, Any]) -> dict[str, Any]:
    """Documents, outlets and actors behind the filtered mentions (all of them without filters)."""
    sql, params = where(d, filters, "events")
    row = db.one("SELECT count(*), count(DISTINCT doc_id), count(DISTINCT outlet) FROM events" + sql, params)
    n_events, n_docs, n_outlets = row or (0, 0, 0)
    if not sql:  # documents with no event count too when nothing is filtered
        doc_row = db.one("SELECT count(*), count(DISTINCT outlet) FROM documents")
        n_docs, n_outlets = doc_row or (n_docs, n_outlets)
    actors = db.one(
        "WITH e AS (SELECT source_countries, target_countries FROM events" + sql + ") "
        "SELECT count(DISTINCT c) FROM (SELECT unnest(source_countries) AS c FROM e UNION ALL "
        "SELECT unnest(target_countries) AS c FROM e) a", params)
    return {"events": int(n_events or 0), "documents": int(n_docs or 0), "outlets": int(n_outlets or 0),
            "actors": int(actors[0] if actors else 0)}


def search_actors(db: Any, q: str, limit: int) -> list[dict[str, Any]]:
    """Actor codes and countries whose code starts with ``q`` or whose name contains it."""
    esc = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    prefix, part = esc.upper() + "%", "%" + esc + "%"
    rows = db.all(
        "SELECT code, max(name), max(country), sum(mentions) FROM ("
        "  SELECT code, name, country, mentions FROM actors_seen"
        "  UNION ALL SELECT country, NULL, country, mentions FROM actors_seen WHERE country IS NOT NULL"
        ") a WHERE code LIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\' "
        "GROUP BY code ORDER BY 4 DESC, code LIMIT ?", [prefix, part, limit])
    return [{"code": c, "name": n, "country": k, "mentions": int(m or 0)} for c, n, k, m in rows]


def actor_profile(db: Any, d: Dialect, code: str) -> dict[str, Any] | None:
    """Counts as source and target, by quad class and PLOVER type, and the top partners."""
    as_source = count(db, d, "fused_events", {"source_actor": code})
    as_target = count(db, d, "fused_events", {"target_actor": code})
    if not as_source and not as_target:
        return None
    filters = {"actor": code}
    sql, params = where(d, filters, "fused_events")
    by_type = db.all(f"SELECT plover_type, count(*) FROM fused_events{sql} GROUP BY 1 ORDER BY 2 DESC, 1", params)
    by_quad = db.all(f"SELECT quad_class, count(*) FROM fused_events{sql} GROUP BY 1 ORDER BY 1", params)
    names = actor_names(db, [code])
    partners = [p for p in top_dyads(db, d, filters, 200) if code in (p["a"], p["b"])][:10]
    return {
        "code": code, "name": names.get(code), **totals(db, d, filters),
        "as_source": as_source, "as_target": as_target,
        "mentions": count(db, d, "events", filters),
        "by_type": {t: int(n) for t, n in by_type}, "by_quad": {str(q): int(n) for q, n in by_quad},
        "top_partners": [{"code": p["b"] if p["a"] == code else p["a"], "events": p["events"],
                          "mean_goldstein": p["mean_goldstein"]} for p in partners],
    }

