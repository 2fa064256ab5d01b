"""The JSON response cache: hits replay the same bytes, a write makes them stale, a stale answer
is served while one request recomputes it, and only GET /api JSON answers with status 200 are kept."""

from __future__ import annotations

import asyncio
import json

from parley.api.response_cache import ResponseCache, ResponseStore


class Source:
    def __init__(self, ttl: float | None = None):
        self.generation, self.ttl = 0, ttl


def scope(path: str, query: bytes = b"", method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": path, "query_string": query, "headers": []}


class Counting:
    """A tiny ASGI app: its answer names how often it ran; ``gate`` holds a call until set."""

    def __init__(self, status: int = 200, ctype: bytes = b"application/json"):
        self.calls, self.status, self.ctype = 0, status, ctype
        self.gate: asyncio.Event | None = None

    async def __call__(self, scope, receive, send):
        self.calls += 1
        n = self.calls
        if self.gate is not None:
            await self.gate.wait()
        body = json.dumps({"call": n, "path": scope["path"]}).encode()
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", self.ctype), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


async def get(cache: ResponseCache, s: dict) -> tuple[int, bytes]:
    out: dict = {"body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        else:
            out["body"] += message.get("body", b"")

    await cache(s, None, send)
    return out["status"], out["body"]


def test_a_hit_replays_the_answer_until_the_generation_moves():
    async def run():
        app, src = Counting(), Source()
        cache = ResponseCache(app, ResponseStore(src))
        first = await get(cache, scope("/api/summary"))
        assert await get(cache, scope("/api/summary")) == first and app.calls == 1
        assert (await get(cache, scope("/api/summary", b"actor=RUS")))[1] != first[1]  # the query is the key
        src.generation += 1  # an ingest committed
        assert await get(cache, scope("/api/summary")) == first  # answered at once, recomputed behind
        await asyncio.sleep(0.01)
        fresh = await get(cache, scope("/api/summary"))
        assert json.loads(fresh[1])["call"] == 3 and app.calls == 3
    asyncio.run(run())


def test_a_stale_answer_is_served_while_one_recomputation_runs():
    async def run():
        app, src = Counting(), Source()
        cache = ResponseCache(app, ResponseStore(src))
        old = await get(cache, scope("/api/fused"))
        src.generation += 1
        app.gate = asyncio.Event()
        for _ in range(5):  # no reader waits, and only one recomputation starts
            assert await get(cache, scope("/api/fused")) == old
        await asyncio.sleep(0)
        assert app.calls == 2
        app.gate.set()
        await asyncio.sleep(0.01)
        new = await get(cache, scope("/api/fused"))
        assert json.loads(new[1])["call"] == 2 and app.calls == 2
    asyncio.run(run())


def test_a_recomputation_that_fails_is_not_replayed():
    async def run():
        app, src = Counting(), Source()
        cache = ResponseCache(app, ResponseStore(src))
        await get(cache, scope("/api/summary"))
        app.status = 503  # the database refused meanwhile
        src.generation += 1
        await get(cache, scope("/api/summary"))  # the stale answer, once more
        await asyncio.sleep(0.01)
        status, _ = await get(cache, scope("/api/summary"))
        assert status == 503  # the reader after it sees the error, not an ever older answer
    asyncio.run(run())


def test_an_ingest_refreshes_stale_answers_before_it_returns():
    async def run():
        app, src = Counting(), Source()
        store = ResponseStore(src, refresh_max=2)
        cache = ResponseCache(app, store)
        for path in ("/api/a", "/api/b", "/api/c"):
            await get(cache, scope(path))
        await get(cache, scope("/api/a"))  # most recently used: a, c, b
        src.generation += 1
        await store.refresh_stale()  # what the ingest route awaits after its writes
        calls = app.calls
        assert json.loads((await get(cache, scope("/api/a")))[1])["call"] > 3  # already the new answer
        assert json.loads((await get(cache, scope("/api/c")))[1])["call"] > 3
        assert app.calls == calls
        await get(cache, scope("/api/b"))  # beyond refresh_max: forgotten, so computed for its reader
        assert app.calls == calls + 1
    asyncio.run(run())


def test_a_ttl_expires_answers_of_a_store_other_processes_write():
    async def run():
        app = Counting()
        cache = ResponseCache(app, ResponseStore(Source(ttl=0.0)))
        await get(cache, scope("/api/summary"))
        await get(cache, scope("/api/summary"))  # expired: answered, and computed again behind
        await asyncio.sleep(0.01)
        assert app.calls == 2
    asyncio.run(run())


def test_only_successful_json_reads_of_the_api_are_kept():
    async def run():
        for app, s in [(Counting(status=404), scope("/api/fused/none")),
                       (Counting(ctype=b"text/csv"), scope("/api/summary")),
                       (Counting(), scope("/api/export", b"format=csv")),
                       (Counting(), scope("/", b"")),
                       (Counting(), scope("/api/ingest", method="POST"))]:
            cache = ResponseCache(app, ResponseStore(Source()))
            await get(cache, s)
            await get(cache, s)
            assert app.calls == 2, s["path"]
    asyncio.run(run())


def test_the_byte_budget_drops_the_least_recently_used():
    async def run():
        app = Counting()
        cache = ResponseCache(app, ResponseStore(Source(), max_total=70))
        await get(cache, scope("/api/a"))
        await get(cache, scope("/api/b"))
        await get(cache, scope("/api/c"))  # each answer is 29 bytes: the first goes out
        calls = app.calls
        await get(cache, scope("/api/c"))
        assert app.calls == calls
        await get(cache, scope("/api/a"))
        assert app.calls == calls + 1
    asyncio.run(run())


def test_the_real_app_answers_the_same_from_the_cache(client):
    first = client.get("/api/events", params={"limit": 5})
    again = client.get("/api/events", params={"limit": 5})
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first.headers["content-type"] == again.headers["content-type"]
    assert again.headers["x-content-type-options"] == "nosniff"  # outer middleware still adds its headers
