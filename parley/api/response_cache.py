"""A cache of whole JSON API responses, kept per data generation (ASGI middleware).

A hit is answered from stored bytes without routing, validation or JSON encoding, so readers
cost the server little even while an ingest competes for the same cores. Entries follow the
service's cache (:class:`parley.api.service._Cache`): an ingest bumps its generation, and a
PostgreSQL store (other processes may write) expires them after its TTL. A stale entry is
served while one request recomputes it (stale-while-revalidate), so after a commit each URL
is recomputed once, and no reader waits behind the writer: readers see the last committed
snapshot until the new answer is ready.

Only ``GET /api/...`` answers with status 200 and a JSON body are kept (not exports, not
pages, not errors), within a byte budget, least recently used first out.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

MAX_ENTRY = 2 * 1024 * 1024  # bytes: larger answers are recomputed each time
MAX_TOTAL = 64 * 1024 * 1024  # bytes of bodies kept in all


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


class ResponseCache:
    """ASGI middleware: replay cached JSON answers of ``GET /api/*`` for the current generation."""

    def __init__(self, app: Any, source: Generations, max_total: int = MAX_TOTAL, max_entry: int = MAX_ENTRY):
        self.app, self.source = app, source
        self.max_total, self.max_entry = max_total, max_entry
        self._data: OrderedDict[tuple[str, bytes], _Entry] = OrderedDict()
        self._bytes = 0
        self._inflight: set[tuple[str, bytes]] = set()
        self.hits = self.misses = 0

    @staticmethod
    def cacheable(scope: dict[str, Any]) -> bool:
        path = scope.get("path", "")
        return (scope["type"] == "http" and scope.get("method") == "GET" and path.startswith("/api/")
                and not path.startswith(("/api/export", "/api/ingest")))

    def _fresh(self, e: _Entry, now: float) -> bool:
        ttl = self.source.ttl
        return e.generation == self.source.generation and (ttl is None or now - e.stored < ttl)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not self.cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        now = time.monotonic()
        hit = self._data.get(key)
        # everything below runs on the event loop's thread between awaits: no lock needed
        if hit is not None and (self._fresh(hit, now) or key in self._inflight):
            self._data.move_to_end(key)
            self.hits += 1
            await _replay(hit, send)
            return
        self.misses += 1
        generation = self.source.generation  # read before computing: a write meanwhile leaves it stale
        first = key not in self._inflight
        self._inflight.add(key)
        captured: dict[str, Any] = {"status": 0, "headers": [], "body": [], "done": False}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                captured["status"], captured["headers"] = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
                captured["done"] = not message.get("more_body", False)
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            if first:
                self._inflight.discard(key)
        self._store(key, generation, now, captured)

    def _store(self, key: tuple[str, bytes], generation: int, now: float, c: dict[str, Any]) -> None:
        body = b"".join(c["body"])
        ctype = next((v for k, v in c["headers"] if k.lower() == b"content-type"), b"")
        if c["status"] != 200 or not c["done"] or not ctype.startswith(b"application/json") or len(body) > self.max_entry:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._data[key] = _Entry(generation, now, c["status"], c["headers"], body)
        self._bytes += len(body)
        while self._bytes > self.max_total and self._data:
            _, gone = self._data.popitem(last=False)
            self._bytes -= len(gone.body)


async def _replay(e: _Entry, send: Any) -> None:
    await send({"type": "http.response.start", "status": e.status, "headers": e.headers})
    await send({"type": "http.response.body", "body": e.body})
