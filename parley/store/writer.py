"""Writing articles: documents, their events, actors seen and fusion — atomically.

``ingest_batch`` stores a list of articles in one transaction (the CLI's `ingest` passes one
article at a time: one article = one transaction; `load --batch N` groups N). A crash leaves
every article of a batch stored whole or not at all. Work is done in a fixed number of
multi-row statements per batch, because per-statement cost dominates small writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from parley import __version__
from parley.fuse import identity, near_dup
from parley.records import Document, EventRecord
from parley.store import fusion, rows
from parley.store.backend import Backend


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
    undated: bool = False  # a new article nothing dates: its events have no date


@dataclass(slots=True)
class Fingerprint:
    """The dedup keys of one document, computed once."""

    text_hash: str
    signature: Any  # datasketch MinHash

    @classmethod
    def of(cls, doc: Document) -> Fingerprint:
        return cls(rows.text_hash(doc.text), near_dup.signature(doc.text))


Item = tuple[Document, list[EventRecord], Fingerprint]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class _Stored:
    """What the database already holds that a batch could collide with: ids, hashes, signatures."""

    def __init__(self, db: Backend, items: list[Item]):
        ids = sorted({doc.id for doc, _e, _f in items})
        hashes = sorted({fp.text_hash for _d, _e, fp in items})
        self.hash_of: dict[str, str] = {}
        self.id_of_hash: dict[str, str] = {}
        for doc_id, th in db.all(f"SELECT id, text_hash FROM documents WHERE id IN ({_marks(ids)}) "
                                 f"OR text_hash IN ({_marks(hashes)})", [*ids, *hashes]):
            self.hash_of[doc_id] = th
            self.id_of_hash.setdefault(th, doc_id)
        bands = {bh for _d, _e, fp in items for bh in near_dup.band_hashes(fp.signature)}
        values = sorted({h for _b, h in bands})
        self.docs_of_band: dict[tuple[int, int], set[str]] = defaultdict(set)
        for start in range(0, len(values), 10000):
            chunk = values[start:start + 10000]
            for band, h, doc_id in db.all(f"SELECT band, hash, doc_id FROM doc_bands WHERE hash IN "
                                          f"({_marks(chunk)})", chunk):
                if (band, h) in bands:
                    self.docs_of_band[(band, h)].add(doc_id)
        others = sorted({d for ds in self.docs_of_band.values() for d in ds})
        self.signature: dict[str, bytes] = {}
        if others:
            for doc_id, blob in db.all(f"SELECT id, minhash FROM documents WHERE id IN ({_marks(others)})", others):
                if blob is not None:
                    self.signature[doc_id] = bytes(blob)

    def copy_of(self, doc: Document, fp: Fingerprint) -> tuple[str, str, float] | None:
        """The stored copy of an article (itself, same text, or a near-duplicate), or None."""
        if self.hash_of.get(doc.id) == fp.text_hash:
            return doc.id, "exact", 1.0
        if fp.text_hash in self.id_of_hash:
            return self.id_of_hash[fp.text_hash], "exact", 1.0
        return self.near(fp)

    def near(self, fp: Fingerprint) -> tuple[str, str, float] | None:
        best: tuple[str, str, float] | None = None
        cands = sorted({d for bh in near_dup.band_hashes(fp.signature) for d in self.docs_of_band.get(bh, ())})
        for other in cands:
            if other not in self.signature:
                continue
            sim = near_dup.similarity(fp.signature, self.signature[other])
            if sim >= near_dup.THRESHOLD and (best is None or sim > best[2]):
                best = (other, "near", sim)
        return best


def find_duplicate(db: Backend, doc: Document, fp: Fingerprint) -> tuple[str, str, float] | None:
    """(stored id, 'exact'|'near', similarity) of a stored copy of this article, or None."""
    return find_duplicates(db, [(doc, fp)])[0]


def find_duplicates(db: Backend, docs: Sequence[tuple[Document, Fingerprint]]) -> list[tuple[str, str, float] | None]:
    """:func:`find_duplicate` for several articles with one set of queries (each is checked
    against the database only, not against the others)."""
    if not docs:
        return []
    stored = _Stored(db, [(doc, [], fp) for doc, fp in docs])
    return [stored.copy_of(doc, fp) for doc, fp in docs]


def record_duplicates(db: Backend, dups: list[tuple[Document, str, str, float]], run_id: str | None) -> None:
    """Log articles skipped as copies (doc, original id, kind, similarity)."""
    now = db.now()
    db.insert_rows("duplicates", ("doc_id", "input", "duplicate_of", "kind", "similarity", "run_id", "seen"),
                   [(d.id, d.input, orig, kind, sim, run_id, now) for d, orig, kind, sim in dups])
    if run_id and dups:
        db.execute("UPDATE runs SET docs_read = docs_read + ?, docs_duplicate = docs_duplicate + ? WHERE id = ?",
                   [len(dups), len(dups), run_id])


def _classify(db: Backend, items: list[Item]) -> list[IngestResult]:
    """new / duplicate (of a stored or an earlier batch article) / conflict, per article."""
    stored = _Stored(db, items)
    seen = near_dup.RunIndex()
    taken: set[str] = set()
    out = []
    for doc, _events, fp in items:
        dup = stored.copy_of(doc, fp) or seen.find(doc.id, fp.text_hash, fp.signature)
        if dup:
            out.append(IngestResult(doc.id, "duplicate", duplicate_of=dup[0], kind=dup[1], similarity=dup[2]))
        elif doc.id in stored.hash_of or doc.id in taken:
            out.append(IngestResult(doc.id, "conflict"))
        else:
            taken.add(doc.id)
            seen.add(doc.id, fp.text_hash, fp.signature)
            out.append(IngestResult(doc.id, "new", undated=doc.date is None))
    return out


def ingest_batch(db: Backend, items: list[Item], *, run_id: str | None,
                 kb_version: str | None) -> list[IngestResult]:
    """Store articles with their events and fuse them, all in one transaction. Idempotent."""
    if not items:
        return []
    with db.transaction():
        results = _classify(db, items)
        record_duplicates(db, [(doc, r.duplicate_of or "", r.kind or "", r.similarity or 0.0)
                               for (doc, _e, _f), r in zip(items, results, strict=True)
                               if r.status == "duplicate"], run_id)
        fresh = [(item, r) for item, r in zip(items, results, strict=True) if r.status == "new"]
        if not fresh:
            return results
        now = db.now()
        db.insert_rows("documents", rows.DOCUMENT_COLUMNS, [rows.document_row(
            doc, thash=fp.text_hash, minhash=near_dup.to_bytes(fp.signature), run_id=run_id, ingested=now,
            parley_version=__version__, kb_version=kb_version, num_events=len(_unique(events)),
            json_param=db.json_param) for (doc, events, fp), _r in fresh])
        db.insert_rows("doc_bands", ("band", "hash", "doc_id"),
                       [(b, h, doc.id) for (doc, _e, fp), _r in fresh for b, h in near_dup.band_hashes(fp.signature)])
        write_events(db, [(doc, _unique(events), r) for (doc, events, _f), r in fresh],
                     run_id=run_id, kb_version=kb_version, now=now)
        if run_id:
            db.execute("UPDATE runs SET docs_read = docs_read + ?, docs_new = docs_new + ?, events = events + ?, "
                       "fused_events = fused_events + ? WHERE id = ?",
                       [len(fresh), len(fresh), sum(r.events for _i, r in fresh),
                        sum(r.fused_new for _i, r in fresh), run_id])
    return results


def _unique(events: list[EventRecord]) -> list[EventRecord]:
    # a coder repeating an event id must not abort the article
    return list({ev.id: ev for ev in events}.values())


def write_events(db: Backend, docs: list[tuple[Document, list[EventRecord], IngestResult]], *,
                 run_id: str | None, kb_version: str | None, now: Any) -> None:
    """Insert events of several documents, count their actors and fuse them."""
    db.insert_rows("events", rows.EVENT_COLUMNS, [
        rows.event_row(ev, doc, run_id=run_id, parley_version=__version__, kb_version=kb_version,
                       ingested=now, json_param=db.json_param) for doc, events, _r in docs for ev in events])
    update_actors(db, [(doc, events) for doc, events, _r in docs], sign=1)
    mentions, owners = [], []
    for doc, events, res in docs:
        res.events = len(events)
        # text order, not the coder's emission order: fusion then depends only on the records
        for ev in sorted(events, key=_text_order):
            day = rows.to_day(ev.date)
            mentions.append(identity.mention_of(ev, doc, day or rows.to_day(doc.date), day is not None))
            owners.append(res)
    for res, (fused_id, joined) in zip(owners, fusion.fuse_mentions(db, mentions, now), strict=True):
        res.fused_ids.append(fused_id)
        if joined:
            res.fused_joined += 1
        else:
            res.fused_new += 1


def _text_order(ev: EventRecord) -> tuple[int, int, int, str]:
    return ev.sentence_index, ev.trigger.start, ev.trigger.end, ev.id


def update_actors(db: Backend, docs: list[tuple[Document, list[EventRecord]]], *, sign: int) -> None:
    """Count actor mentions per actor (kb id, else code); sign -1 takes documents' share back."""
    agg: dict[str, dict[str, Any]] = {}
    for doc, events in docs:
        # what storing the documents one by one keeps: per document its last event's view of an
        # actor; the first document's row stays, a later one only fills a missing name
        mine: dict[str, dict[str, Any]] = defaultdict(lambda: {"n": 0, "days": []})
        for ev in events:
            day = ev.date if rows.to_day(ev.date) else doc.date
            for a in (*ev.source, *ev.target):
                if a.code is None:
                    continue  # not a knowledge-base actor: its text stays in the event, not here
                slot = mine[a.kb_id or a.code]
                slot.update(code=a.code, country=a.country, sector=a.sector, name=a.name, kb_id=a.kb_id)
                slot["n"] += 1
                if day:
                    slot["days"].append(day)
        for key, slot in mine.items():
            if key not in agg:
                agg[key] = slot
                continue
            agg[key]["n"] += slot["n"]
            agg[key]["days"] += slot["days"]
            if agg[key]["name"] is None:
                agg[key]["name"] = slot["name"]
    if not agg:
        return
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
    new = {ev.id: ev for ev in events}
    with db.transaction():
        old = {r["id"]: rows.event_from_row(r) for r in db.dicts("SELECT * FROM events WHERE doc_id = ?", [doc.id])}
        for eid, ev in new.items():
            if eid not in old:
                res.added += 1
            elif old[eid].to_dict() == ev.to_dict():
                res.unchanged += 1
            else:
                res.changed += 1
        res.removed = len(set(old) - set(new))
        affected = [r[0] for r in db.all("SELECT DISTINCT fused_id FROM fused_members WHERE doc_id = ? "
                                         "ORDER BY fused_id", [doc.id])]
        db.execute("DELETE FROM fused_members WHERE doc_id = ?", [doc.id])
        now = db.now()
        fusion.refresh_fused(db, affected, now)
        update_actors(db, [(doc, list(old.values()))], sign=-1)
        db.execute("DELETE FROM events WHERE doc_id = ?", [doc.id])
        write_events(db, [(doc, list(new.values()), IngestResult(doc.id, "new"))], run_id=run_id,
                     kb_version=kb_version, now=now)
        db.execute("UPDATE documents SET num_events = ?, parley_version = ?, kb_version = ? WHERE id = ?",
                   [len(new), __version__, kb_version, doc.id])
        if run_id:
            db.execute("UPDATE runs SET docs_read = docs_read + 1, events = events + ? WHERE id = ?",
                       [len(new), run_id])
    return res
