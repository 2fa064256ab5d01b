"""The FastAPI application factory: API routes, dashboard pages and static files in one process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from parley import __version__
from parley.api.errors import install_error_handlers
from parley.api.middleware import LimitsMiddleware
from parley.api.response_cache import ResponseCache, ResponseStore
from parley.api.service import Service

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_BODY = 8 * 1024 * 1024  # ingest payloads: a few thousand articles at most per request


def create_app(store_url: str, *, allow_ingest: bool = False, token: str | None = None,
               cors_origins: Sequence[str] = (), max_body: int = MAX_BODY) -> FastAPI:
    """Build the app over one event store.

    Read-only unless ``allow_ingest``: then the DuckDB file is opened for writing and
    ``POST /api/ingest`` exists, guarded by ``token`` (a Bearer token). CORS is off
    unless ``cors_origins`` names the origins allowed to call the API from a browser.

    >>> app = create_app("demo.duckdb")  # doctest: +SKIP
    """
    from parley.errors import UsageError

    if allow_ingest and not token:
        raise UsageError("--allow-ingest needs a token: set PARLEY_TOKEN")
    service = Service(store_url, read_only=not allow_ingest)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        lifespan=lifespan,
        title="parley", version=__version__,
        description="Political event data (CAMEO/PLOVER) coded from news: events, fused events, "
                    "actors, dyads, documents with provenance, exports.",
        docs_url=None, redoc_url=None,  # Swagger UI comes from a CDN; docs/API.md documents the API
        openapi_url="/openapi.json",
    )
    app.state.service = service
    app.state.token = token
    install_error_handlers(app)

    from parley.api import routes_data, routes_export, routes_pages

    app.include_router(routes_data.router)
    app.include_router(routes_export.router)
    if allow_ingest:
        from parley.api import routes_ingest

        app.include_router(routes_ingest.router)
    app.include_router(routes_pages.router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.state.responses = ResponseStore(service.cache)
    app.add_middleware(ResponseCache, store=app.state.responses)  # innermost: CORS and headers still apply
    if cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_credentials=False,
            allow_methods=["GET", "POST"] if allow_ingest else ["GET"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(LimitsMiddleware, max_body=max_body)
    return app
