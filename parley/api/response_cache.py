"""A cache of whole JSON API responses, kept per data generation (ASGI middleware).

A hit is answered from stored bytes without routing, validation or JSON encoding, so readers
cost the server little even while an ingest competes for the same cores. Entries follow the
service's cache (:class:`parley.api.service._Cache`): an ingest bumps its generation, and a
PostgreSQL store (other processes may write) expires them after its TTL. A stale entry is
still answered at once, and its first reader starts one recomputation in the background
(stale-while-revalidate): after a commit each URL is recomputed once, no reader waits for it,
and readers see the last answer until the new one is ready. Only a URL never asked before
is computed while its reader waits. The server's ingest route awaits
:meth:`ResponseStore.refresh_stale` before it answers, so the writer reads its own writes.

Only ``GET /api/...`` answers with status 200 and a JSON body are kept (not exports, not
pages, not errors), within a byte budget, least recently used first out.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

MAX_ENTRY = 2 * 1024 * 1024  # bytes: larger answers are recomputed each time
MAX_TOTAL = 64 * 1024 * 1024  # bytes of bodies kept in all
REFRESH_MAX = 64  # answers an ingest recomputes before it returns; older stale ones are dropped


class Generations(Protocol):
    """What the cache needs of the service's cache: the data generation and an optional TTL."""

    @property
    def generation(self) -> int: ...

    @property
    def ttl(self) -> float | None: ...


@dataclass(slots=True)
class _Entry:
    generation: int
    stored: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    scope: dict[str, Any]  # the request that computed it, to compute it again


Key = tuple[str, bytes]


class ResponseStore:
    """The cached answers, shared by the middleware and the ingest route (``app.state.responses``)."""

    def __init__(self, source: Generations, max_total: int = MAX_TOTAL, max_entry: int = MAX_ENTRY,
                 refresh_max: int = REFRESH_MAX):
        self.source = source
        self.max_total, self.max_entry, self.refresh_max = max_total, max_entry, refresh_max
        self.app: Any = None  # the app behind the middleware, set when the middleware is built
        self._data: OrderedDict[Key, _Entry] = OrderedDict()
        self._bytes = 0
        self._inflight: dict[Key, asyncio.Task[None]] = {}
        self.hits = self.misses = 0

    def fresh(self, e: _Entry, now: float) -> bool:
        ttl = self.source.ttl
        return e.generation == self.source.generation and (ttl is None or now - e.stored < ttl)

    # everything below runs on the event loop's thread between awaits: no lock needed
    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        key = (scope["path"], scope.get("query_string", b""))
        now = time.monotonic()
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            self.hits += 1
            if not self.fresh(hit, now):
                self._start(key, hit.scope)
            await _replay(hit, send)
            return
        self.misses += 1  # nothing to show yet: this request computes it
        generation = self.source.generation  # read before computing: a write meanwhile leaves it stale
        original = dict(scope)  # before the router adds its own keys to it
        captured = _Captured()

        async def forward(message: dict[str, Any]) -> None:
            captured.take(message)
            await send(message)

        await self.app(scope, receive, forward)
        self._store(key, generation, now, captured, original)

    def _start(self, key: Key, scope: dict[str, Any]) -> asyncio.Task[None]:
        """One background recomputation per stale answer."""
        task = self._inflight.get(key)
        if task is None:
            task = self._inflight[key] = asyncio.get_running_loop().create_task(self._refresh(key, scope))
        return task

    async def refresh_stale(self) -> None:
        """Recompute the most recently used stale answers now (and forget older stale ones)."""
        now = time.monotonic()
        stale = [k for k, e in reversed(self._data.items()) if not self.fresh(e, now)]
        for key in stale[self.refresh_max:]:
            self._drop(key)
        tasks = [self._start(k, self._data[k].scope) for k in stale[:self.refresh_max]]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _refresh(self, key: Key, scope: dict[str, Any]) -> None:
        """Compute an answer anew, as a GET without a body, and keep it."""
        generation, now = self.source.generation, time.monotonic()
        captured = _Captured()
        asked = False

        async def receive() -> dict[str, Any]:
            nonlocal asked
            if asked:  # nobody is waiting for this answer: a second read means "gone"
                return {"type": "http.disconnect"}
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def keep(message: dict[str, Any]) -> None:
            captured.take(message)

        try:
            await self.app(dict(scope), receive, keep)
        except Exception:  # an error stays the next reader's to see: the stale entry is dropped
            self._drop(key)
        else:
            self._store(key, generation, now, captured, scope)
        finally:
            self._inflight.pop(key, None)

    def _drop(self, key: Key) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)

    def _store(self, key: Key, generation: int, now: float, c: _Captured, scope: dict[str, Any]) -> None:
        body = b"".join(c.body)
        ctype = next((v for k, v in c.headers if k.lower() == b"content-type"), b"")
        self._drop(key)  # an answer that may not be kept (an error now) must not be replayed either
        if c.status != 200 or not c.done or not ctype.startswith(b"application/json") or len(body) > self.max_entry:
            return
        self._data[key] = _Entry(generation, now, c.status, c.headers, body, scope)
        self._bytes += len(body)
        while self._bytes > self.max_total and self._data:
            _, gone = self._data.popitem(last=False)
            self._bytes -= len(gone.body)


class ResponseCache:
    """ASGI middleware: replay cached JSON answers of ``GET /api/*`` (see the module's text)."""

    def __init__(self, app: Any, store: ResponseStore):
        self.app, self.store = app, store
        store.app = app

    @staticmethod
    def cacheable(scope: dict[str, Any]) -> bool:
        path = scope.get("path", "")
        return (scope["type"] == "http" and scope.get("method") == "GET" and path.startswith("/api/")
                and not path.startswith(("/api/export", "/api/ingest")))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.cacheable(scope):
            await self.store.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class _Captured:
    """The messages of one answer as the app sends them."""

    def __init__(self) -> None:
        self.status, self.done = 0, False
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []

    def take(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status, self.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))
            self.done = not message.get("more_body", False)


async def _replay(e: _Entry, send: Any) -> None:
    await send({"type": "http.response.start", "status": e.status, "headers": e.headers})
    await send({"type": "http.response.body", "body": e.body})
