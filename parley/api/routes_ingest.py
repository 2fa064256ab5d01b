"""POST /api/ingest: only mounted with `parley serve --allow-ingest`, guarded by a Bearer token."""

from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from parley.api.errors import ERROR_RESPONSES, ApiError

router = APIRouter(prefix="/api", responses={**ERROR_RESPONSES, 401: ERROR_RESPONSES[400] | {
    "description": "missing or wrong Bearer token"}})

MAX_ARTICLES = 2000

ARTICLES_EXAMPLE = {"articles": [{"id": "tass-2021-10-20", "date": "2021-10-20", "outlet": "TASS",
                                  "text": "MOSCOW. Russian Foreign Minister Sergey Lavrov met ..."}]}


def check_token(request: Request) -> None:
    """Constant-time comparison of the Bearer token with the server's token."""
    expected: str | None = request.app.state.token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        raise ApiError(401, "unauthorized", "POST /api/ingest needs 'Authorization: Bearer $PARLEY_TOKEN'")
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(401, "unauthorized", "wrong token")


def parse_articles(raw: bytes, content_type: str) -> list[dict[str, Any]]:
    """Articles as `{"articles": [...]}` JSON or as JSONL (one article object per line)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "request body is not UTF-8") from None
    items: Any
    try:
        if "ndjson" in content_type or "jsonl" in content_type:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
            items = data.get("articles") if isinstance(data, dict) else None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ApiError(400, "bad_request", f"request body is not JSON ({exc})") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ApiError(400, "bad_request", 'body must be {"articles": [{"id", "text", ...}]} or JSONL')
    if not items:
        raise ApiError(400, "bad_request", "no articles in the request")
    if len(items) > MAX_ARTICLES:
        raise ApiError(413, "payload_too_large", f"{len(items)} articles; at most {MAX_ARTICLES} per request")
    return items


REQUEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["articles"], "properties": {
        "articles": {"type": "array", "maxItems": MAX_ARTICLES, "items": {"type": "object"}}}},
        "example": ARTICLES_EXAMPLE},
    "application/x-ndjson": {"schema": {"type": "string"}}}}}


# The body is read by hand (not a Body parameter) so the token is checked before parsing and
# JSONL works; openapi_extra documents it.
@router.post("/ingest", summary="Code and store articles (needs --allow-ingest and the Bearer token)",
             openapi_extra=REQUEST_BODY)
async def ingest(request: Request) -> dict[str, Any]:
    """Each article as in the contract: id, text or html, date, url, outlet, title."""
    check_token(request)
    raw = await request.body()  # the size limit middleware has already bounded this
    articles = parse_articles(raw, request.headers.get("content-type", ""))
    # Coding is CPU work: off the event loop, so readers keep being served.
    result = await run_in_threadpool(request.app.state.service.ingest, articles)
    # the cached answers the write made stale are recomputed before the writer hears back, so
    # it reads its own writes; other readers are answered from the old ones meanwhile
    await request.app.state.responses.refresh_stale()
    return result
