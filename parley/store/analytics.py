"""Read-side SQL for the HTTP API and dashboard that the query API (``queries.py``) lacks.

Undirected dyads (A↔B in either direction, for the dyad view, series and briefings), fused
events ordered by how widely they were reported, top countries and country pairs, multilateral
groups for the network, and fused events with their mentions and articles. Filters are the
store's :class:`~parley.store.queries.Filters` (same meaning as `parley events`); the WHERE
clause comes from :func:`~parley.store.queries.where`, plus an optional undirected ``pair``.
All values travel as parameters; the SQL runs unchanged on DuckDB and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from parley.store.queries import Filters, where
from parley.store.rows import event_from_row, fused_from_row

Pair = tuple[str, str] | None

# Parties with no country (a bare "government", "military"): not nodes of a country network.
_COUNTRYLESS = "(SELECT code FROM actors_seen WHERE country IS NULL)"

FUSED_COLS = ("id, date, day, source, target, source_countries, target_countries, participants, cameo_code, root, "
              "cameo_label, quad_class, goldstein, plover_type, plover_mode, modality, num_mentions, "
              "num_articles, num_outlets, first_seen, confidence")


def _like_prefix(code: str) -> str:
    """A LIKE pattern matching a code at the start of a JSON string element (``"RUSGOV…``)."""
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f'%"{escaped}%'


def _side(alias: str, side: str, code: str) -> tuple[str, list[Any]]:
    """A country or IGO (array column) or an actor code prefix (JSON text) on one side."""
    like = f"CAST({alias}.{side} AS TEXT) LIKE ? ESCAPE '\\'"
    return f"(? = ANY({alias}.{side}_countries) OR {like})", [code, _like_prefix(code)]


def where_pair(f: Filters, alias: str, pair: Pair) -> tuple[str, list[Any]]:
    """The store's WHERE clause for ``f``, and A↔B in either direction when ``pair`` is given."""
    sql, params = where(f, alias)
    if not pair:
        return sql, params
    a, b = pair
    sa, p1 = _side(alias, "source", a)
    tb, p2 = _side(alias, "target", b)
    sb, p3 = _side(alias, "source", b)
    ta, p4 = _side(alias, "target", a)
    clause = f"(({sa} AND {tb}) OR ({sb} AND {ta}))"
    return (sql + " AND " if sql else " WHERE ") + clause, [*params, *p1, *p2, *p3, *p4]


# ----------------------------------------------------------------------------- records


def fused_page(db: Any, f: Filters, pair: Pair, limit: int, offset: int,
               order: str = "day") -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of fused events; ``order`` is ``day`` or ``reported`` (most outlets first)."""
    sql, params = where_pair(f, "f", pair)
    order_by = ("f.day ASC NULLS LAST, f.id" if order == "day" else
                "f.num_outlets DESC, f.num_articles DESC, f.confidence DESC, f.day ASC NULLS LAST, f.id")
    row = db.one(f"SELECT count(*) FROM fused_events f{sql}", params)
    rows = db.dicts(f"SELECT {FUSED_COLS} FROM fused_events f{sql} ORDER BY {order_by} LIMIT ? OFFSET ?",
                    [*params, limit, offset])
    members = mention_ids(db, [r["id"] for r in rows])
    return int(row[0]) if row else 0, [fused_dict(r, members.get(r["id"], [])) for r in rows]


def fused_dict(row: dict[str, Any], mentions: list[str]) -> dict[str, Any]:
    """The contract's fused event as a dict, plus its modality summary."""
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
    return {"event": fused_dict(rows[0], [e["id"] for e in events]),
            "mentions": [{"event": event_from_row(e).to_dict(), "document": docs.get(e["doc_id"])}
                         for e in events]}


def documents_meta(db: Any, doc_ids: list[str], with_text: bool = False) -> dict[str, dict[str, Any]]:
    """Title, date, outlet, url (and optionally the text) of some documents."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" for _ in doc_ids)
    cols = "id, title, date, outlet, url" + (", text" if with_text else "")
    return {r["id"]: r for r in db.dicts(f"SELECT {cols} FROM documents WHERE id IN ({marks})", doc_ids)}


# ----------------------------------------------------------------------------- aggregates


def series(db: Any, f: Filters, pair: Pair, freq: str) -> list[dict[str, Any]]:
    """Fused events per week or month: counts per quad class, mean and summed Goldstein."""
    unit = {"week": "week", "month": "month"}[freq]  # whitelisted keyword written into the SQL
    sql, params = where_pair(f, "f", pair)
    cond = (sql + " AND " if sql else " WHERE ") + "f.day IS NOT NULL"
    # Negated fused events count as events but not in the quad classes or Goldstein (no act happened).
    happened = "f.modality <> 'negated'"
    quads = ", ".join(f"sum(CASE WHEN f.quad_class = {q} AND {happened} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
    rows = db.all(f"SELECT CAST(date_trunc('{unit}', f.day) AS DATE), count(*), {quads}, "
                  f"avg(CASE WHEN {happened} THEN f.goldstein END), "
                  f"coalesce(sum(CASE WHEN {happened} THEN f.goldstein END), 0) "
                  f"FROM fused_events f{cond} GROUP BY 1 ORDER BY 1", params)
    return [{"period": p.isoformat() if hasattr(p, "isoformat") else str(p), "count": int(n),
             "q1": int(q1), "q2": int(q2), "q3": int(q3), "q4": int(q4),
             "goldstein_mean": None if gm is None else round(float(gm), 3), "goldstein_sum": round(float(gs), 3)}
            for p, n, q1, q2, q3, q4, gm, gs in rows]


def top_dyads(db: Any, f: Filters, pair: Pair, limit: int) -> list[dict[str, Any]]:
    """Unordered country pairs by number of fused events, with their mean Goldstein."""
    sql, params = where_pair(f, "f", pair)
    rows = db.all(
        "WITH x AS (SELECT f.id, f.goldstein, f.quad_class, f.source_countries, f.target_countries "
        f"FROM fused_events f{sql}), "
        "p AS (SELECT x.id, x.goldstein, x.quad_class, s.c AS s, t.c AS t FROM x, "
        "unnest(x.source_countries) AS s(c), unnest(x.target_countries) AS t(c) WHERE s.c <> t.c "
        f"AND s.c NOT IN {_COUNTRYLESS} AND t.c NOT IN {_COUNTRYLESS}) "
        "SELECT least(s, t), greatest(s, t), count(DISTINCT id), avg(goldstein), "
        "count(DISTINCT CASE WHEN quad_class <= 2 THEN id END) FROM p GROUP BY 1, 2 "
        "ORDER BY 3 DESC, 1, 2 LIMIT ?", [*params, limit])
    return [{"a": a, "b": b, "events": int(n), "mean_goldstein": round(float(g), 3), "cooperation": int(c)}
            for a, b, n, g, c in rows]


def top_actors(db: Any, f: Filters, pair: Pair, limit: int) -> list[dict[str, Any]]:
    """Countries and organisations by number of fused events they take part in (as source, target
    or participant)."""
    sql, params = where_pair(f, "f", pair)
    rows = db.all(
        f"WITH x AS (SELECT f.id, f.source_countries, f.target_countries, f.participant_countries "
        f"FROM fused_events f{sql}), "
        "a AS (SELECT id, unnest(source_countries) AS c FROM x UNION ALL "
        "SELECT id, unnest(target_countries) AS c FROM x UNION ALL "
        "SELECT id, unnest(participant_countries) AS c FROM x) "
        f"SELECT c, count(DISTINCT id) FROM a WHERE c IS NOT NULL AND c NOT IN {_COUNTRYLESS} "
        "GROUP BY c ORDER BY 2 DESC, 1 LIMIT ?",
        [*params, limit])
    names = actor_names(db, [r[0] for r in rows])
    return [{"code": c, "name": names.get(c), "events": int(n)} for c, n in rows]


def actor_names(db: Any, codes: list[str]) -> dict[str, str]:
    """Display names of countries or actor codes: the state's own knowledge-base entry.

    A person seen with the code (an envoy coded PAKGOV) never names the country.
    """
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = db.all(f"SELECT code, country, kb_id, name FROM actors_seen WHERE name IS NOT NULL AND "
                  f"(code IN ({marks}) OR country IN ({marks})) ORDER BY mentions DESC, key", [*codes, *codes])
    out: dict[str, str] = {}
    for code, country, kb_id, name in rows:
        if kb_id and country in (kb_id, "IGO" + kb_id, "NGO" + kb_id):  # the state or organisation itself
            if country in codes:
                out.setdefault(country, name)
            if code in codes:
                out.setdefault(code, name)
    return out


def multilateral_groups(db: Any, f: Filters, pair: Pair, limit: int) -> list[dict[str, Any]]:
    """Sets of three or more parties that appear together in one fused event (formats, summits)."""
    sql, params = where_pair(f, "f", pair)
    rows = db.all(f"SELECT f.source_countries, f.target_countries, f.participant_countries, f.day "
                  f"FROM fused_events f{sql} ORDER BY f.num_outlets DESC, f.id LIMIT 50000", params)
    countryless = {c for (c,) in db.all(_COUNTRYLESS[1:-1])}
    counts: dict[tuple[str, ...], list[Any]] = {}
    for src, tgt, others, day in rows:
        members = tuple(sorted((set(src or []) | set(tgt or []) | set(others or [])) - countryless))
        if len(members) >= 3:
            seen = counts.setdefault(members, [0, None])
            seen[0] += 1
            if day is not None and (seen[1] is None or day > seen[1]):
                seen[1] = day
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [{"label": "·".join(m), "members": list(m), "events": n,
             "last_date": last.isoformat() if last else None} for m, (n, last) in ranked]


def totals(db: Any, f: Filters, pair: Pair) -> dict[str, Any]:
    """Counts over the filtered fused events: all, cooperative, conflictual, mean Goldstein, dates."""
    sql, params = where_pair(f, "f", pair)
    row = db.one("SELECT count(*), sum(CASE WHEN f.quad_class <= 2 THEN 1 ELSE 0 END), "
                 "sum(CASE WHEN f.quad_class >= 3 THEN 1 ELSE 0 END), avg(f.goldstein), min(f.day), max(f.day) "
                 f"FROM fused_events f{sql}", params) or (0, 0, 0, None, None, None)
    n, coop, conf, g, first, last = row
    return {"events": int(n or 0), "cooperation": int(coop or 0), "conflict": int(conf or 0),
            "mean_goldstein": None if g is None else round(float(g), 3),
            "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None}


def store_counts(db: Any, f: Filters) -> dict[str, int]:
    """Mentions, documents, outlets and countries behind the filtered mentions (all, unfiltered)."""
    sql, params = where(f, "e")
    row = db.one(f"SELECT count(*), count(DISTINCT e.doc_id), count(DISTINCT e.outlet) FROM events e{sql}",
                 params) or (0, 0, 0)
    n_events, n_docs, n_outlets = row
    if not sql:  # articles with no event count too when nothing is filtered
        n_docs, n_outlets = db.one("SELECT count(*), count(DISTINCT outlet) FROM documents") or (0, 0)
    actors = db.one(
        f"WITH x AS (SELECT e.source_countries, e.target_countries FROM events e{sql}) "
        "SELECT count(DISTINCT c) FROM (SELECT unnest(source_countries) AS c FROM x UNION ALL "
        "SELECT unnest(target_countries) AS c FROM x) a", params)
    return {"events": int(n_events or 0), "documents": int(n_docs or 0), "outlets": int(n_outlets or 0),
            "actors": int(actors[0] if actors else 0)}
