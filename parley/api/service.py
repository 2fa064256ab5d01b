"""What the API and the pages ask of the store, with thread-safe connections and a small cache.

uvicorn runs one worker whose sync routes execute in a thread pool; every thread gets its
own connection (DuckDB: a second connection to the same in-process database, which is safe
and sees committed writes; PostgreSQL: its own session). Results are cached per data
generation: a read-only DuckDB file cannot change under us (the file lock keeps writers out),
our own ingest bumps the generation, and PostgreSQL (where other processes write) expires
entries after a few seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from parley.api import briefing as briefing_mod
from parley.api.formats import name_groups
from parley.api.highlight import Mark, event_marks, highlight_sentence, split_marks
from parley.api.params import Filters
from parley.errors import StoreError
from parley.store import analytics as sql

CACHE_SIZE = 2048
PG_TTL = 3.0  # seconds: other processes may write to a PostgreSQL store


class _Cache:
    """A thread-safe LRU of computed results, marked stale when the data changes.

    Single-flight: while one thread recomputes a key, other readers of that key get the
    previous (stale) answer at once, or wait for the computation when there is none. After an
    ingest, a burst of readers thus causes one recomputation per query instead of one per
    reader, and no reader waits behind the writer; a reader that asks again once the
    recomputation is done sees the new data.
    """

    def __init__(self, size: int, ttl: float | None):
        self.size, self.ttl = size, ttl
        self._data: OrderedDict[Any, tuple[float, int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[Any, threading.Event] = {}
        self._generation = 0

    def _fresh(self, hit: tuple[float, int, Any] | None, now: float) -> bool:
        return hit is not None and hit[1] == self._generation and (self.ttl is None or now - hit[0] < self.ttl)

    def get_or_compute(self, key: Any, compute: Callable[[], Any]) -> Any:
        while True:
            now = time.monotonic()
            with self._lock:
                hit = self._data.get(key)
                if self._fresh(hit, now):
                    self._data.move_to_end(key)
                    return hit[2]  # type: ignore[index]
                waiting = self._inflight.get(key)
                if waiting is None:
                    done = self._inflight[key] = threading.Event()
                    generation = self._generation
                    break
                if hit is not None:
                    return hit[2]  # stale while another thread recomputes it
            waiting.wait(timeout=30)
        try:
            value = compute()
            with self._lock:
                self._data[key] = (now, generation, value)  # stale at once if a write came meanwhile
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        finally:
            with self._lock:
                self._inflight.pop(key, None)
            done.set()
        return value

    @property
    def generation(self) -> int:
        """Bumped by every write of ours (the response cache keys its entries on it too)."""
        return self._generation

    def clear(self) -> None:
        """The data changed: every entry is stale from now on."""
        with self._lock:
            self._generation += 1


class Service:
    """The API's view of one event store (a DuckDB path or a postgresql:// URL)."""

    def __init__(self, url: str, *, read_only: bool = True):
        from parley.store import is_postgres

        self.url = url
        self.read_only = read_only
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._coders: Any = None  # the coding worker process, started by the first ingest
        self.cache = _Cache(CACHE_SIZE, PG_TTL if is_postgres(url) else None)
        self.label = _short_label(self.store().label)  # opens (and, if writable, migrates) once, here: errors surface early

    # ------------------------------------------------------------------ connections
    def store(self) -> Any:
        """This thread's store (its own connection, opened on first use)."""
        st = getattr(self._local, "store", None)
        if st is None:
            from parley.store import open_store

            st = open_store(self.url, read_only=self.read_only)
            self._local.store = st
            with self._lock:
                self._all.append(st)
        return st

    def db(self) -> Any:
        return self.store().db

    def close(self) -> None:
        if self._coders is not None:
            self._coders.close()
        with self._lock:
            for st in self._all:
                st.close()
            self._all.clear()

    def _cached(self, name: str, key: Any, compute: Callable[[], Any]) -> Any:
        return self.cache.get_or_compute((name, key), compute)

    # ------------------------------------------------------------------ lists (the store's query API)
    def events(self, f: Filters, *, limit: int, offset: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            q = self.store().events(**_store_kwargs(f, limit, offset))
            return {"total": q.count(), "limit": limit, "offset": offset,
                    "items": [r.to_dict() for r in q.records()]}
        return self._cached("events", (f.cache_key(), limit, offset), compute)

    def fused(self, f: Filters, *, limit: int, offset: int, order: str = "day") -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            if f.pair is None and order == "day":
                q = self.store().fused(**_store_kwargs(f, limit, offset))
                return {"total": q.count(), "limit": limit, "offset": offset,
                        "items": [r.to_dict() for r in q.records()]}
            total, items = sql.fused_page(self.db(), f.to_store(), f.pair, limit, offset, order=order)
            return {"total": total, "limit": limit, "offset": offset, "items": items}
        return self._cached("fused", (f.cache_key(), limit, offset, order), compute)

    def top_fused(self, f: Filters, n: int) -> list[dict[str, Any]]:
        return self.fused(f, limit=n, offset=0, order="reported")["items"]

    # ------------------------------------------------------------------ single records
    def fused_event(self, event_id: str, *, with_pieces: bool = False) -> dict[str, Any] | None:
        found = self._cached("fused_event", event_id, lambda: self._fused_event(event_id))
        if found is None or not with_pieces:
            return found
        texts = self._doc_texts([m["event"]["doc_id"] for m in found["mentions"]])
        mentions = [{**m, "pieces": highlight_sentence(m["event"], texts.get(m["event"]["doc_id"]))}
                    for m in found["mentions"]]
        return {"event": found["event"], "mentions": mentions}

    def _fused_event(self, event_id: str) -> dict[str, Any] | None:
        found = sql.fused_with_mentions(self.db(), event_id)
        if found is not None:
            for m in found["mentions"]:
                doc = dict(m["document"] or {"id": m["event"]["doc_id"]})
                doc["url"] = safe_url(doc.get("url"))
                m["document"] = doc
        return found

    def _doc_texts(self, doc_ids: list[str]) -> dict[str, str]:
        meta = sql.documents_meta(self.db(), sorted(set(doc_ids)), with_text=True)
        return {k: v["text"] for k, v in meta.items()}

    def document(self, doc_id: str, *, with_pieces: bool = False) -> dict[str, Any] | None:
        found = self._cached("document", doc_id, lambda: self._document(doc_id))
        if found is None or not with_pieces:
            return found
        marks: list[Mark] = [m for e in found["events"] for m in event_marks(e)]
        return {**found, "pieces": split_marks(found["document"]["text"], marks)}

    def _document(self, doc_id: str) -> dict[str, Any] | None:
        found = self.store().document(doc_id)
        if found is None:
            return None
        doc, events = found[0].to_dict(), [e.to_dict() for e in found[1]]
        doc["url"] = safe_url(doc.get("url"))
        spans = [{"start": m.start, "end": m.end, "kind": m.kind, "label": m.label, "event_id": e["id"]}
                 for e in events for m in event_marks(e)]
        return {"document": doc, "events": events,
                "spans": sorted(spans, key=lambda s: (s["start"], s["end"], s["kind"]))}

    # ------------------------------------------------------------------ aggregates
    def series(self, f: Filters, *, freq: str) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            out: dict[str, Any] = {"freq": freq, "filters": f.as_dict(),
                                   "series": fill_gaps(sql.series(self.db(), f.to_store(), f.pair, freq), freq)}
            if f.pair:
                out["a"], out["b"] = f.pair
            return out
        return self._cached("series", (f.cache_key(), freq), compute)

    def summary(self, f: Filters) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            db, sf = self.db(), f.to_store()
            t = sql.totals(db, sf, f.pair)
            return {"filters": f.as_dict(), "fused_events": t["events"], **sql.store_counts(db, sf),
                    "cooperation": t["cooperation"], "conflict": t["conflict"],
                    "mean_goldstein": t["mean_goldstein"], "first_date": t["first_date"],
                    "last_date": t["last_date"], "top_actors": sql.top_actors(db, sf, f.pair, 10),
                    "top_dyads": sql.top_dyads(db, sf, f.pair, 10)}
        return self._cached("summary", f.cache_key(), compute)

    def dyad_totals(self, f: Filters) -> dict[str, Any]:
        return self._cached("totals", f.cache_key(), lambda: sql.totals(self.db(), f.to_store(), f.pair))

    def featured_dyad(self, f: Filters, summary: dict[str, Any]) -> dict[str, Any] | None:
        """The overview's headline dyad: the most reported country pair under the current filters."""
        top = summary.get("top_dyads") or []
        return dict(top[0]) if top else None

    def network(self, f: Filters, *, max_nodes: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            db, sf = self.db(), f.to_store()
            nodes = sql.top_actors(db, sf, f.pair, max_nodes + 1)
            truncated = len(nodes) > max_nodes
            nodes = nodes[:max_nodes]
            keep = {n["code"] for n in nodes}
            edges = [e for e in sql.top_dyads(db, sf, f.pair, 5000) if e["a"] in keep and e["b"] in keep]
            groups = name_groups([g for g in sql.multilateral_groups(db, sf, f.pair, 12)
                                  if set(g["members"]) <= keep])
            return {"nodes": nodes, "edges": edges, "groups": groups, "truncated": truncated}
        return self._cached("network", (f.cache_key(), max_nodes), compute)

    def actors(self, q: str, *, limit: int) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            rows = self.store().search_actors(q, limit=limit).rows() if q else iter(())
            return [{"code": r["code"], "name": r["name"], "country": r["country"], "sector": r["sector"],
                     "mentions": int(r["mentions"] or 0)} for r in rows]
        return self._cached("actors", (q, limit), compute)

    def actor(self, code: str) -> dict[str, Any] | None:
        def compute() -> dict[str, Any] | None:
            p = self.store().actor_profile(code)
            if not p["as_source"] and not p["as_target"]:
                return None
            p["name"] = sql.actor_names(self.db(), [code]).get(code)
            return _plain(p)
        return self._cached("actor", code, compute)

    def briefing(self, f: Filters, *, n: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            top = self.fused(f, limit=n, offset=0, order="reported")["items"]
            full = [self.fused_event(e["id"]) for e in top]
            return briefing_mod.build(f, self.dyad_totals(f), [x for x in full if x])
        return self._cached("briefing", (f.cache_key(), n), compute)

    # ------------------------------------------------------------------ writes and files
    def ingest(self, articles: list[dict[str, Any]]) -> dict[str, Any]:
        from parley.api.ingest import Coders, ingest_articles

        if self.read_only:
            raise StoreError(f"{self.label}: opened read-only", hint="restart with --allow-ingest")
        with self._write_lock:  # one writer at a time; readers go on on their own connections
            try:
                if self._coders is None:
                    self._coders = Coders()
                return ingest_articles(self.store(), self._coders, articles, committed=self.cache.clear)
            finally:
                self.cache.clear()

    def export(self, f: Filters, *, fmt: str, fused: bool, max_rows: int) -> bytes:
        from parley.api.export import export_bytes

        return export_bytes(self.store(), f.to_store(limit=max_rows), fmt=fmt, fused=fused)


def _store_kwargs(f: Filters, limit: int, offset: int) -> dict[str, Any]:
    d = f.as_dict()
    d.pop("pair", None)
    return {**d, "limit": limit, "offset": offset}


def _plain(value: Any) -> Any:
    """Dates and decimals from the database as JSON-friendly values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def _short_label(label: str) -> str:
    """What the page header shows: a DuckDB file's name (not its folders), a redacted URL."""
    import os

    return label if "://" in label else os.path.basename(label)


def fill_gaps(series: list[dict[str, Any]], freq: str) -> list[dict[str, Any]]:
    """Add empty periods between the first and last, so a chart's time axis is even."""
    if len(series) < 2:
        return series
    from datetime import date, timedelta

    by_period = {p["period"]: p for p in series}
    out: list[dict[str, Any]] = []
    day = date.fromisoformat(series[0]["period"])
    last = date.fromisoformat(series[-1]["period"])
    while day <= last and len(out) < 5000:
        key = day.isoformat()
        out.append(by_period.get(key) or {"period": key, "count": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0,
                                          "goldstein_mean": None, "goldstein_sum": 0.0})
        day = day + timedelta(days=7) if freq == "week" else (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach a page: a scraped ``javascript:`` URL is dropped."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
