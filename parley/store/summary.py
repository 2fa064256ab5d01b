"""Aggregates over stored events: counts by dyad/type/month, Goldstein series, actor profiles.

General building blocks for `parley events --summary`, the API and the dashboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parley.errors import UsageError
from parley.store.queries import INTERVALS, Filters, Query, where

if TYPE_CHECKING:
    from parley.store.backend import Backend

# A dyad label: the sorted country sets of each side, "RUS+CHN:AFG" ("RUS:" when no target).
_DYAD = ("(array_to_string({a}.source_countries, '+') || ':' || "
         "coalesce(array_to_string({a}.target_countries, '+'), ''))")

# Negated events ("did not attend") are counted as events but never move the cooperation–conflict
# figures: a Goldstein value describes an act that happened, and a denied act did not.
_HAPPENED = {"e": "NOT e.negated", "f": "f.modality <> 'negated'"}
_QUADS = ", ".join(f"sum(CASE WHEN {{a}}.quad_class = {q} AND {{h}} THEN 1 ELSE 0 END) AS quad{q}"
                   for q in (1, 2, 3, 4))
_GOLD = ("avg(CASE WHEN {h} THEN {a}.goldstein END) AS goldstein_mean, "
         "coalesce(sum(CASE WHEN {h} THEN {a}.goldstein END), 0) AS goldstein_sum")


def _table(fused: bool) -> tuple[str, str]:
    return ("fused_events", "f") if fused else ("events", "e")


def _interval(value: str) -> str:
    if value not in INTERVALS:
        raise UsageError(f"interval must be one of {', '.join(INTERVALS)}, got {value!r}")
    return value  # whitelisted keyword: safe to write into the SQL


def by_dyad(db: Backend, f: Filters, *, fused: bool = False, limit: int = 20) -> Query:
    """Event counts per dyad with mean Goldstein, most active first."""
    table, a = _table(fused)
    w, p = where(f, a)
    dyad = _DYAD.format(a=a)
    sql = (f"SELECT {dyad} AS dyad, count(*) AS events, "
           f"avg(CASE WHEN {_HAPPENED[a]} THEN {a}.goldstein END) AS goldstein_mean, "
           f"{_QUADS.format(a=a, h=_HAPPENED[a])} FROM {table} {a}{w} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?")
    return Query(db, sql, p + [limit])


def by_type(db: Backend, f: Filters, *, fused: bool = False) -> Query:
    """Event counts per CAMEO root and PLOVER type."""
    table, a = _table(fused)
    w, p = where(f, a)
    sql = (f"SELECT {a}.root AS root, {a}.plover_type AS plover_type, count(*) AS events, "
           f"avg(CASE WHEN {_HAPPENED[a]} THEN {a}.goldstein END) AS goldstein_mean "
           f"FROM {table} {a}{w} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
    return Query(db, sql, p)


def by_period(db: Backend, f: Filters, *, interval: str = "month", fused: bool = False) -> Query:
    """Event counts per period (day/week/month/...), with quad-class counts and Goldstein mean/sum."""
    table, a = _table(fused)
    w, p = where(f, a)
    w = (w + " AND " if w else " WHERE ") + f"{a}.day IS NOT NULL"
    per = f"CAST(date_trunc('{_interval(interval)}', {a}.day) AS DATE)"
    sql = (f"SELECT {per} AS period, count(*) AS events, {_QUADS.format(a=a, h=_HAPPENED[a])}, "
           f"{_GOLD.format(a=a, h=_HAPPENED[a])} "
           f"FROM {table} {a}{w} GROUP BY 1 ORDER BY 1")
    return Query(db, sql, p)


def dyad_series(db: Backend, f: Filters, *, interval: str = "month", fused: bool = False,
                dyads: int = 10) -> Query:
    """The cooperation–conflict (Goldstein) series of the most active dyads, per period."""
    table, a = _table(fused)
    w, p = where(f, a)
    dyad = _DYAD.format(a=a)
    per = f"CAST(date_trunc('{_interval(interval)}', {a}.day) AS DATE)"
    top = f"SELECT {dyad} AS dyad FROM {table} {a}{w} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?"
    w2 = (w + " AND " if w else " WHERE ") + f"{a}.day IS NOT NULL AND {dyad} IN ({top})"
    sql = (f"SELECT {dyad} AS dyad, {per} AS period, count(*) AS events, {_QUADS.format(a=a, h=_HAPPENED[a])}, "
           f"{_GOLD.format(a=a, h=_HAPPENED[a])} "
           f"FROM {table} {a}{w2} GROUP BY 1, 2 ORDER BY 1, 2")
    return Query(db, sql, p + p + [dyads])


def summary(db: Backend, f: Filters, *, fused: bool = False, interval: str = "month") -> dict[str, Any]:
    """Everything `parley events --summary` prints, as plain lists of dicts."""
    table, a = _table(fused)
    w, p = where(f, a)
    row = db.one(f"SELECT count(*), min({a}.day), max({a}.day) FROM {table} {a}{w}", p)
    total, first, last = row if row else (0, None, None)
    return {
        "events": int(total or 0), "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None, "fused": fused,
        "by_dyad": list(by_dyad(db, f, fused=fused).rows()),
        "by_type": list(by_type(db, f, fused=fused).rows()),
        "by_period": list(by_period(db, f, interval=interval, fused=fused).rows()),
        "dyad_series": list(dyad_series(db, f, interval=interval, fused=fused).rows()),
    }


def search_actors(db: Backend, text: str, *, limit: int = 20) -> Query:
    """Actors seen whose code, country or name matches (case-insensitive), most mentioned first."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = ("SELECT key, code, country, sector, name, kb_id, mentions, first_date, last_date FROM actors_seen "
           "WHERE code ILIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\' OR country = ? "
           "ORDER BY mentions DESC, key LIMIT ?")
    return Query(db, sql, [pattern, pattern, text.upper(), limit])


def actor_profile(db: Backend, actor: str, *, limit: int = 10) -> dict[str, Any]:
    """Counts as source and target, per PLOVER type, and top partners of a country or actor code."""
    a = actor.upper()
    is_src = "(? = ANY(e.source_countries) OR ? = ANY(e.source_codes))"
    is_tgt = "(? = ANY(e.target_countries) OR ? = ANY(e.target_codes))"
    row = db.one(f"SELECT sum(CASE WHEN {is_src} THEN 1 ELSE 0 END), sum(CASE WHEN {is_tgt} THEN 1 ELSE 0 END), "
                 f"min(e.day), max(e.day) FROM events e WHERE {is_src} OR {is_tgt}", [a] * 8)
    as_source, as_target, first, last = row if row else (0, 0, None, None)
    types = db.dicts(f"SELECT e.plover_type, count(*) AS events, avg(e.goldstein) AS goldstein_mean "
                     f"FROM events e WHERE {is_src} OR {is_tgt} GROUP BY 1 ORDER BY 2 DESC, 1", [a] * 4)
    partners = db.dicts(
        "SELECT partner, count(*) AS events, avg(goldstein) AS goldstein_mean FROM ("
        f"SELECT unnest(e.target_countries) AS partner, e.goldstein FROM events e WHERE {is_src} "
        "UNION ALL "
        f"SELECT unnest(e.source_countries) AS partner, e.goldstein FROM events e WHERE {is_tgt}"
        ") s WHERE partner <> ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", [a, a, a, a, a, limit])
    return {"actor": a, "as_source": int(as_source or 0), "as_target": int(as_target or 0),
            "first": first.isoformat() if first else None, "last": last.isoformat() if last else None,
            "by_type": types, "partners": partners}
