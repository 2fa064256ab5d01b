"""Fusion writes: load candidate fused events, let the identity rule decide, write the outcome.

The rule itself (:mod:`parley.fuse.identity`) is pure; this module is its SQL. A batch of
mentions (one article, or many for `parley load --batch`) costs a fixed handful of statements:
one candidate query, one member query, and multi-row writes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from parley.fuse import identity
from parley.records import Cameo
from parley.store.backend import Backend

# The columns a fusion decision needs about each member of a candidate fused event.
MENTION_SQL = """SELECT e.id, e.doc_id, e.outlet, e.day, e.day_is_event, e.source_codes, e.target_codes,
    e.source_countries, e.target_countries, e.cameo_code, e.root, e.cameo_label, e.quad_class, e.goldstein,
    e.plover_type, e.plover_mode, e.negated, e.certainty, e.sentence, e.confidence, e.doc_date,
    CAST(e.source AS TEXT) AS source_json, CAST(e.target AS TEXT) AS target_json"""

FUSED_COLS = ("date", "day", "source", "target", "source_countries", "target_countries", "participants",
              "participant_countries", "cameo_code", "root",
              "cameo_label", "quad_class", "goldstein", "plover_type", "plover_mode", "modality",
              "num_mentions", "num_articles", "num_outlets", "first_seen", "confidence", "updated")


def mention_from_row(r: dict[str, Any]) -> identity.Mention:
    """The rule's view of a stored event row (selected with MENTION_SQL)."""
    return identity.Mention(
        id=r["id"], doc_id=r["doc_id"], outlet=r["outlet"], day=r["day"], dated=bool(r["day_is_event"]),
        source=frozenset(r["source_countries"] or r["source_codes"] or []),
        target=frozenset(r["target_countries"] or r["target_codes"] or []),
        source_codes=tuple(r["source_codes"] or ()), target_codes=tuple(r["target_codes"] or ()),
        cameo=Cameo(r["cameo_code"], r["root"], r["cameo_label"] or "", int(r["quad_class"]),
                    float(r["goldstein"])),
        plover_type=r["plover_type"], plover_mode=r["plover_mode"],
        modality=identity.modality_class(bool(r["negated"]), r["certainty"]),
        sentence=r["sentence"], confidence=float(r["confidence"]), doc_date=r["doc_date"],
        source_actors=_actors(r["source_json"]), target_actors=_actors(r["target_json"]),
    )


def _actors(text: str | None) -> tuple[tuple[str, str | None], ...]:
    """(code, country) of the known actors of a stored side (its JSON column)."""
    return tuple((a["code"], a.get("country") or None) for a in json.loads(text or "[]") if a.get("code"))


class _DayIndex:
    """Candidates by the days of their members: a mention only looks at fused events with a
    member inside its fallback window (the rule rejects every other one anyway)."""

    def __init__(self) -> None:
        self.by_day: dict[date, set[str]] = defaultdict(set)
        self.cands: dict[str, identity.Candidate] = {}

    def add(self, cand: identity.Candidate, m: identity.Mention | None = None) -> None:
        self.cands[cand.id] = cand
        for member in ([m] if m is not None else cand.members):
            if member.day is not None:
                self.by_day[member.day].add(cand.id)

    def near(self, m: identity.Mention) -> list[identity.Candidate]:
        if m.day is None:
            return []
        ids: set[str] = set()
        for k in range(-identity.FALLBACK_WINDOW, identity.FALLBACK_WINDOW + 1):
            ids |= self.by_day.get(m.day + timedelta(days=k), set())
        return [self.cands[i] for i in sorted(ids)]


def _window_days(mentions: list[identity.Mention]) -> list[date]:
    w = identity.FALLBACK_WINDOW
    return sorted({m.day + timedelta(days=k) for m in mentions if m.day is not None for k in range(-w, w + 1)})


def load_candidates(db: Backend, mentions: list[identity.Mention]) -> list[identity.Candidate]:
    """Stored fused events these mentions might join: compatible root, a shared party, and a
    first day inside some mention's window (all members lie within the window of a match)."""
    days = _window_days(mentions)
    if not days:
        return []
    roots = sorted({r for m in mentions if m.day for r in identity.compatible_roots(m.cameo.root)})
    parties = sorted({p for m in mentions if m.day for p in m.source | m.target})
    arr = "VARCHAR[]" if db.name == "duckdb" else "TEXT[]"
    sql = (f"SELECT id FROM fused_events WHERE root IN ({', '.join('?' for _ in roots)}) "
           f"AND day IN ({', '.join('?' for _ in days)}) AND (source_countries && CAST(? AS {arr}) "
           f"OR target_countries && CAST(? AS {arr}) OR participant_countries && CAST(? AS {arr})) ORDER BY id")
    ids = [r[0] for r in db.all(sql, [*roots, *days, parties, parties, parties])]
    return members_of(db, ids)


def members_of(db: Backend, ids: list[str]) -> list[identity.Candidate]:
    """Fused events with their members (in day, id order); ids without members are dropped."""
    if not ids:
        return []
    by_id: dict[str, identity.Candidate] = {i: identity.Candidate(i) for i in ids}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        marks = ", ".join("?" for _ in chunk)
        for r in db.dicts(f"{MENTION_SQL}, fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id "
                          f"WHERE fm.fused_id IN ({marks}) ORDER BY fm.fused_id, e.day NULLS LAST, e.id", chunk):
            by_id[r["fused_id"]].members.append(mention_from_row(r))
    return [c for c in by_id.values() if c.members]


def fuse_mentions(db: Backend, mentions: list[identity.Mention], now: Any) -> list[tuple[str, bool]]:
    """Each mention joins the best matching fused event or starts one (mentions of one batch may
    fuse with each other too); returns (fused id, joined?) per mention."""
    index = _DayIndex()
    for cand in load_candidates(db, mentions):
        index.add(cand)
    created: list[str] = []
    joined: set[str] = set()
    member_rows: list[Sequence[Any]] = []
    out: list[tuple[str, bool]] = []
    for m in mentions:
        choice = identity.choose(m, index.near(m))
        if choice is None:
            fused_id = identity.new_fused_id(m)
            while fused_id in index.cands:  # an id taken in this batch (a re-coded founder)
                fused_id += "r"
            index.add(identity.Candidate(fused_id, [m]))
            created.append(fused_id)
            member_rows.append((m.id, fused_id, m.doc_id, None))
            out.append((fused_id, False))
        else:
            fused_id, score = choice
            index.cands[fused_id].members.append(m)
            index.add(index.cands[fused_id], m)
            joined.add(fused_id)
            member_rows.append((m.id, fused_id, m.doc_id, score))
            out.append((fused_id, True))
    _rename_taken(db, created, index, member_rows, out)
    db.insert_rows("fused_members", ("event_id", "fused_id", "doc_id", "score"), member_rows)
    fresh = set(created)
    update = sorted(joined - fresh)
    if update:
        db.execute(f"DELETE FROM fused_events WHERE id IN ({', '.join('?' for _ in update)})", update)
    db.insert_rows("fused_events", ("id",) + FUSED_COLS,
                   [[fid, *fused_values(_as_stored(index.cands[fid].members), now)] for fid in sorted(fresh) + update])
    return out


def _as_stored(members: list[identity.Mention]) -> list[identity.Mention]:
    """Members in the order one-article-at-a-time storing would aggregate them: the earlier
    articles' members as :func:`members_of` reads them back (day, id), then the last article's
    in the order they joined. So a fused event's lead mention (first of the most frequent code)
    does not depend on how many articles went into one transaction."""
    last = members[-1].doc_id
    earlier = sorted((m for m in members if m.doc_id != last), key=lambda m: (m.day is None, m.day or date.min, m.id))
    return earlier + [m for m in members if m.doc_id == last]


def _rename_taken(db: Backend, created: list[str], index: _DayIndex, member_rows: list[Sequence[Any]],
                  out: list[tuple[str, bool]]) -> None:
    """A founder that left (recode) and came back finds its old fused event still stored."""
    if not created:
        return
    taken = {r[0] for r in db.all(f"SELECT id FROM fused_events WHERE id IN ({', '.join('?' for _ in created)})",
                                  created)}
    if not taken:
        return
    renamed = {fid: fid + "r" for fid in taken}
    member_rows[:] = [(e, renamed.get(f, f), d, s) for e, f, d, s in member_rows]
    out[:] = [(renamed.get(f, f), j) for f, j in out]
    for old, new in renamed.items():
        index.cands[new] = identity.Candidate(new, index.cands.pop(old).members)
    created[:] = [renamed.get(f, f) for f in created]


def fused_values(members: list[identity.Mention], now: Any) -> list[Any]:
    """A fused_events row (without id) from its members."""
    a = identity.aggregate(members)
    c: Cameo = a["cameo"]
    return [a["date"], a["day"], a["source"], a["target"], a["source_countries"], a["target_countries"],
            a["participants"], a["participant_countries"], c.code, c.root, c.label, c.quad_class, c.goldstein,
            a["plover_type"], a["plover_mode"], a["modality"], a["num_mentions"], a["num_articles"],
            a["num_outlets"], a["first_seen"], a["confidence"], now]


def refresh_fused(db: Backend, fused_ids: list[str], now: Any) -> None:
    """Recompute fused events from their members; delete those with none left."""
    if not fused_ids:
        return
    alive = {c.id: c for c in members_of(db, fused_ids)}
    marks = ", ".join("?" for _ in fused_ids)
    db.execute(f"DELETE FROM fused_events WHERE id IN ({marks})", fused_ids)
    db.insert_rows("fused_events", ("id",) + FUSED_COLS,
                   [[fid, *fused_values(c.members, now)] for fid, c in sorted(alive.items())])


def refresh_all(db: Backend, chunk: int = 2000) -> int:
    """Recompute every fused event from its members (a migration's data step); returns how many."""
    ids = [r[0] for r in db.all("SELECT id FROM fused_events ORDER BY id")]
    now = db.now()
    for start in range(0, len(ids), chunk):
        refresh_fused(db, ids[start:start + chunk], now)
    return len(ids)
