"""Writing one article: document, its events, actors seen and fusion — in one transaction.

Everything here runs inside ``Backend.transaction()`` so a crash leaves either the whole
article or nothing. Fusion decisions are made by :mod:`parley.fuse.identity`; this module
only loads the candidates and writes the outcome.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from parley import __version__
from parley.fuse import identity, near_dup
from parley.records import Cameo, Document, EventRecord
from parley.store import rows
from parley.store.backend import Backend

_EV_COLS = ", ".join(rows.EVENT_COLUMNS)
_EV_MARKS = ", ".join("?" for _ in rows.EVENT_COLUMNS)
_DOC_COLS = ", ".join(rows.DOCUMENT_COLUMNS)
_DOC_MARKS = ", ".join("?" for _ in rows.DOCUMENT_COLUMNS)

# The columns a fusion decision needs about each member of a candidate fused event.
MENTION_SQL = """SELECT e.id, e.doc_id, e.outlet, e.day, e.day_is_event, e.source_codes, e.target_codes,
    e.source_countries, e.target_countries, e.cameo_code, e.root, e.cameo_label, e.quad_class, e.goldstein,
    e.plover_type, e.plover_mode, e.negated, e.certainty, e.sentence, e.confidence, e.doc_date"""


@dataclass(slots=True)
class IngestResult:
    """What happened to one article."""

    doc_id: str
    status: str  # "new" | "duplicate" | "conflict"
    events: int = 0
    fused_new: int = 0
    fused_joined: int = 0
    duplicate_of: str | None = None
    kind: str | None = None  # "exact" | "near" for duplicates
    similarity: float | None = None
    fused_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Fingerprint:
    """The dedup keys of one document, computed once."""

    text_hash: str
    signature: Any  # datasketch MinHash

    @classmethod
    def of(cls, doc: Document) -> Fingerprint:
        return cls(rows.text_hash(doc.text), near_dup.signature(doc.text))


def find_duplicate(db: Backend, doc: Document, fp: Fingerprint) -> tuple[str, str, float] | None:
    """(stored id, 'exact'|'near'|'same-id', similarity) of a stored copy of this article, or None."""
    row = db.one("SELECT id FROM documents WHERE text_hash = ?", [fp.text_hash])
    if row:
        return row[0], "exact", 1.0
    bands = set(near_dup.band_hashes(fp.signature))
    hashes = sorted({h for _b, h in bands})
    hits = db.all(f"SELECT band, hash, doc_id FROM doc_bands WHERE hash IN ({', '.join('?' for _ in hashes)})",
                  hashes)
    others = sorted({doc_id for band, h, doc_id in hits if (band, h) in bands})
    if not others:
        return None
    found = db.all(f"SELECT id, minhash FROM documents WHERE id IN ({', '.join('?' for _ in others)}) "
                   "ORDER BY id", others)
    best: tuple[str, str, float] | None = None
    for other_id, blob in found:
        if blob is None:
            continue
        sim = near_dup.similarity(fp.signature, bytes(blob))
        if sim >= near_dup.THRESHOLD and (best is None or sim > best[2]):
            best = (other_id, "near", sim)
    return best


def record_duplicate(db: Backend, doc: Document, original: str, kind: str, sim: float,
                     run_id: str | None) -> None:
    db.execute("INSERT INTO duplicates VALUES (?, ?, ?, ?, ?, ?, ?)",
               [doc.id, doc.input, original, kind, sim, run_id, db.now()])
    if run_id:
        db.execute("UPDATE runs SET docs_read = docs_read + 1, docs_duplicate = docs_duplicate + 1 "
                   "WHERE id = ?", [run_id])


def ingest(db: Backend, doc: Document, events: list[EventRecord], *, run_id: str | None,
           kb_version: str | None, fp: Fingerprint | None = None) -> IngestResult:
    """Store one article with its events and fuse them; one transaction. Idempotent."""
    fp = fp or Fingerprint.of(doc)
    with db.transaction():
        same = db.one("SELECT text_hash FROM documents WHERE id = ?", [doc.id])
        if same and same[0] == fp.text_hash:
            record_duplicate(db, doc, doc.id, "exact", 1.0, run_id)
            return IngestResult(doc.id, "duplicate", duplicate_of=doc.id, kind="exact", similarity=1.0)
        dup = find_duplicate(db, doc, fp)
        if dup:
            record_duplicate(db, doc, dup[0], dup[1], dup[2], run_id)
            return IngestResult(doc.id, "duplicate", duplicate_of=dup[0], kind=dup[1], similarity=dup[2])
        if same:
            return IngestResult(doc.id, "conflict")
        now = db.now()
        db.execute(f"INSERT INTO documents ({_DOC_COLS}) VALUES ({_DOC_MARKS})", rows.document_row(
            doc, thash=fp.text_hash, minhash=near_dup.to_bytes(fp.signature), run_id=run_id, ingested=now,
            parley_version=__version__, kb_version=kb_version, num_events=len(events),
            json_param=db.json_param))
        db.insert_rows("doc_bands", ("band", "hash", "doc_id"),
                       [(b, h, doc.id) for b, h in near_dup.band_hashes(fp.signature)])
        result = IngestResult(doc.id, "new", events=len(events))
        _write_events(db, doc, events, run_id=run_id, kb_version=kb_version, now=now, result=result)
        if run_id:
            db.execute("UPDATE runs SET docs_read = docs_read + 1, docs_new = docs_new + 1, "
                       "events = events + ?, fused_events = fused_events + ? WHERE id = ?",
                       [len(events), result.fused_new, run_id])
    return result


def _write_events(db: Backend, doc: Document, events: list[EventRecord], *, run_id: str | None,
                  kb_version: str | None, now: Any, result: IngestResult) -> None:
    unique = list({ev.id: ev for ev in events}.values())  # a coder repeating an id must not abort the article
    db.insert_rows("events", rows.EVENT_COLUMNS, [
        rows.event_row(ev, doc, run_id=run_id, parley_version=__version__, kb_version=kb_version,
                       ingested=now, json_param=db.json_param) for ev in unique])
    update_actors(db, unique, doc, sign=1)
    mentions = []
    for ev in unique:
        day = rows.to_day(ev.date)
        mentions.append(identity.mention_of(ev, doc, day or rows.to_day(doc.date), day is not None))
    for fused_id, joined in fuse_mentions(db, mentions, now):
        result.fused_ids.append(fused_id)
        if joined:
            result.fused_joined += 1
        else:
            result.fused_new += 1


# --------------------------------------------------------------------------- fusion


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
    )


def _candidates(db: Backend, mentions: list[identity.Mention]) -> dict[str, identity.Candidate]:
    """Stored fused events any of these mentions might join: one query over the union of their
    windows, roots and parties (the rule itself then decides per mention)."""
    dated = [m for m in mentions if m.day is not None]
    if not dated:
        return {}
    window = timedelta(days=identity.FALLBACK_WINDOW)
    roots = sorted({r for m in dated for r in identity.compatible_roots(m.cameo.root)})
    parties = sorted({p for m in dated for p in m.source | m.target})
    arr = "VARCHAR[]" if db.name == "duckdb" else "TEXT[]"
    sql = (f"SELECT id FROM fused_events WHERE root IN ({', '.join('?' for _ in roots)}) "
           f"AND day BETWEEN ? AND ? AND (source_countries && CAST(? AS {arr}) "
           f"OR target_countries && CAST(? AS {arr})) ORDER BY id")
    params = [*roots, min(m.day for m in dated) - window, max(m.day for m in dated) + window, parties, parties]
    ids = [r[0] for r in db.all(sql, params)]
    return {c.id: c for c in _load_candidates(db, ids)} if ids else {}


def _load_candidates(db: Backend, ids: list[str]) -> list[identity.Candidate]:
    marks = ", ".join("?" for _ in ids)
    members = db.dicts(f"{MENTION_SQL}, fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id "
                       f"WHERE fm.fused_id IN ({marks}) ORDER BY fm.fused_id, e.day NULLS LAST, e.id", ids)
    by_id: dict[str, identity.Candidate] = {i: identity.Candidate(i) for i in ids}
    for r in members:
        by_id[r["fused_id"]].members.append(mention_from_row(r))
    return [c for c in by_id.values() if c.members]


def fuse_mentions(db: Backend, mentions: list[identity.Mention], now: Any) -> list[tuple[str, bool]]:
    """Each mention joins the best matching fused event or starts one (mentions of one article may
    fuse with each other too); returns (fused id, joined?) per mention. Few statements per article."""
    cands = _candidates(db, mentions)
    created: set[str] = set()
    joined: set[str] = set()
    member_rows: list[tuple[Any, ...]] = []
    out: list[tuple[str, bool]] = []
    for m in mentions:
        choice = identity.choose(m, list(cands.values())) if m.day is not None else None
        if choice is None:
            fused_id = identity.new_fused_id(m)
            cands[fused_id] = identity.Candidate(fused_id, [m])
            created.add(fused_id)
            member_rows.append((m.id, fused_id, m.doc_id, None))
            out.append((fused_id, False))
        else:
            fused_id, score = choice
            cands[fused_id].members.append(m)
            joined.add(fused_id)
            member_rows.append((m.id, fused_id, m.doc_id, score))
            out.append((fused_id, True))
    taken = _existing(db, sorted(created))
    if taken:  # a founder that left (recode) and came back: its old fused event still exists
        renamed = {fid: fid + "r" for fid in taken}
        member_rows = [(e, renamed.get(f, f), d, sc) for e, f, d, sc in member_rows]
        out = [(renamed.get(f, f), j) for f, j in out]
        for old, new in renamed.items():
            cands[new] = identity.Candidate(new, cands.pop(old).members)
            created.discard(old)
            created.add(new)
    db.insert_rows("fused_members", ("event_id", "fused_id", "doc_id", "score"), member_rows)
    update = sorted(joined - created)
    if update:
        db.execute(f"DELETE FROM fused_events WHERE id IN ({', '.join('?' for _ in update)})", update)
    db.insert_rows("fused_events", ("id",) + _FUSED_COLS,
                   [[fid, *_fused_values(cands[fid].members, now)] for fid in sorted(created) + update])
    return out


def _existing(db: Backend, ids: list[str]) -> list[str]:
    if not ids:
        return []
    return [r[0] for r in db.all(f"SELECT id FROM fused_events WHERE id IN ({', '.join('?' for _ in ids)})", ids)]


def refresh_fused(db: Backend, fused_id: str, now: Any) -> None:
    """Recompute a fused event's fields from its members; delete it when none are left."""
    cands = _load_candidates(db, [fused_id])
    if not cands:
        db.execute("DELETE FROM fused_events WHERE id = ?", [fused_id])
        return
    sets = ", ".join(f"{col} = ?" for col in _FUSED_COLS)
    db.execute(f"UPDATE fused_events SET {sets} WHERE id = ?", [*_fused_values(cands[0].members, now), fused_id])


_FUSED_COLS = ("date", "day", "source", "target", "source_countries", "target_countries", "cameo_code", "root",
               "cameo_label", "quad_class", "goldstein", "plover_type", "plover_mode", "modality",
               "num_mentions", "num_articles", "num_outlets", "first_seen", "confidence", "updated")


def _fused_values(members: list[identity.Mention], now: Any) -> list[Any]:
    a = identity.aggregate(members)
    c: Cameo = a["cameo"]
    return [a["date"], a["day"], a["source"], a["target"], a["source_countries"], a["target_countries"],
            c.code, c.root, c.label, c.quad_class, c.goldstein, a["plover_type"], a["plover_mode"],
            a["modality"], a["num_mentions"], a["num_articles"], a["num_outlets"], a["first_seen"],
            a["confidence"], now]


# --------------------------------------------------------------------------- actors seen


def update_actors(db: Backend, events: list[EventRecord], doc: Document, *, sign: int) -> None:
    """Count actor mentions per actor (kb id, else code); sign -1 takes a document's share back."""
    agg: dict[str, dict[str, Any]] = defaultdict(lambda: {"n": 0, "days": []})
    for ev in events:
        day = ev.date if rows.to_day(ev.date) else doc.date
        for a in (*ev.source, *ev.target):
            key = a.kb_id or a.code
            slot = agg[key]
            slot.update(code=a.code, country=a.country, sector=a.sector, name=a.name, kb_id=a.kb_id)
            slot["n"] += 1
            if day:
                slot["days"].append(day)
    if sign < 0:
        db.executemany("UPDATE actors_seen SET mentions = mentions - ? WHERE key = ?",
                       [(s["n"], k) for k, s in agg.items()])
        db.execute("DELETE FROM actors_seen WHERE mentions <= 0")
        return
    db.insert_rows(
        "actors_seen", ("key", "code", "country", "sector", "name", "kb_id", "mentions", "first_date", "last_date"),
        [(k, s["code"], s["country"], s["sector"], s["name"], s["kb_id"], s["n"],
          min(s["days"]) if s["days"] else None, max(s["days"]) if s["days"] else None)
         for k, s in sorted(agg.items())],
        suffix=" ON CONFLICT (key) DO UPDATE SET mentions = actors_seen.mentions + excluded.mentions, "
               "first_date = least(actors_seen.first_date, excluded.first_date), "
               "last_date = greatest(actors_seen.last_date, excluded.last_date), "
               "name = coalesce(actors_seen.name, excluded.name)")


# --------------------------------------------------------------------------- recode


@dataclass(slots=True)
class RecodeResult:
    doc_id: str
    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0


def replace_events(db: Backend, doc: Document, events: list[EventRecord], *, run_id: str | None,
                   kb_version: str | None) -> RecodeResult:
    """Re-coded events of a stored document replace the old ones (ids are stable, so an
    unchanged event keeps its id); fused events are recomputed. One transaction."""
    res = RecodeResult(doc.id)
    with db.transaction():
        old = {r["id"]: rows.event_from_row(r) for r in db.dicts("SELECT * FROM events WHERE doc_id = ?", [doc.id])}
        new = {ev.id: ev for ev in events}
        for eid, ev in new.items():
            if eid not in old:
                res.added += 1
            elif old[eid].to_dict() == ev.to_dict():
                res.unchanged += 1
            else:
                res.changed += 1
        res.removed = len(set(old) - set(new))
        affected = [r[0] for r in db.all("SELECT DISTINCT fused_id FROM fused_members WHERE doc_id = ?", [doc.id])]
        db.execute("DELETE FROM fused_members WHERE doc_id = ?", [doc.id])
        now = db.now()
        for fid in sorted(affected):
            refresh_fused(db, fid, now)
        update_actors(db, list(old.values()), doc, sign=-1)
        db.execute("DELETE FROM events WHERE doc_id = ?", [doc.id])
        _write_events(db, doc, list(new.values()), run_id=run_id, kb_version=kb_version, now=now,
                      result=IngestResult(doc.id, "new"))
        db.execute("UPDATE documents SET num_events = ?, parley_version = ?, kb_version = ? WHERE id = ?",
                   [len(new), __version__, kb_version, doc.id])
        if run_id:
            db.execute("UPDATE runs SET docs_read = docs_read + 1, events = events + ? WHERE id = ?",
                       [len(new), run_id])
    return res
