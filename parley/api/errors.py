"""Every error leaves the API as ``{"error": {"code", "message"}}`` — never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.errors import ParleyError, RecordError, StoreError, UsageError

log = logging.getLogger("parley.api")

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_parameter", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


# Declared on every route so /openapi.json tells clients what errors look like.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in HTTP_CODES.items() if status in (400, 404, 413, 422, 500, 503)
}


class ApiError(Exception):
    """An error raised by our own handlers with a status, a stable code and a message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _respond(request: Request, status: int, code: str, message: str,
             headers: dict[str, str] | None = None) -> Response:
    """JSON for the API; a page (message escaped by the template) for the dashboard's own URLs."""
    path = request.url.path
    if path.startswith(("/api", "/openapi", "/static")) or "text/html" not in request.headers.get("accept", ""):
        return error_response(status, code, message, headers)
    from parley.api.routes_pages import render_error

    return render_error(request, status, code, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def parley_error_status(exc: ParleyError) -> tuple[int, str]:
    """Map library errors to HTTP: bad input is the client's, the database is unavailable."""
    if isinstance(exc, UsageError | RecordError):
        return 400, "bad_request"
    if isinstance(exc, StoreError):
        return 503, "store_error"
    return 400, "bad_request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return _respond(request, exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, "invalid_parameter", _validation_message(exc))

    @app.exception_handler(ParleyError)
    async def _parley_error(request: Request, exc: ParleyError) -> Response:
        status, code = parley_error_status(exc)
        return _respond(request, status, code, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The trace goes to the server log, never to the client.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal server error (see the server log)")
