"""Dashboard pages: server-rendered Jinja2 templates (autoescaped) over the same service as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from parley.api.errors import ApiError
from parley.api.params import check_code, event_filters, pair_filters
from parley.api.service import Service

WEB = Path(__file__).resolve().parent.parent / "web"
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_SHORT = {1: "V+", 2: "M+", 3: "V−", 4: "M−"}

# Autoescape everything: article text is untrusted and is only printed through {{ }}.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "templates"), autoescape=True,
                          undefined=jinja2.ChainableUndefined)
_env.globals.update(quad_names=QUAD_NAMES, quad_short=QUAD_SHORT, static=lambda p: f"/static/{p}")
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    svc: Service = request.app.state.service
    return templates.TemplateResponse(request, name, {"page": page, "db_label": svc.label, **context})


def render_error(request: Request, status: int, code: str, message: str) -> HTMLResponse:
    """An error page; the message may quote user input, so it goes through autoescape."""
    svc = getattr(request.app.state, "service", None)
    return templates.TemplateResponse(request, "error.html", {
        "page": "error", "db_label": svc.label if svc else "", "status": status, "code": code,
        "message": message}, status_code=status)


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _filters_from(request: Request):
    q = request.query_params
    return event_filters(actor=q.get("actor") or None, dyad=q.get("dyad") or None, type=q.get("type") or None,
                         since=_date(q.get("since")), until=_date(q.get("until")), text=q.get("text") or None,
                         min_sources=_int(q.get("min_sources")))


def _date(value: str | None):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "bad_request", f"'{value[:20]}' is not a date (YYYY-MM-DD)") from None


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        raise ApiError(400, "bad_request", f"'{value[:20]}' is not a number") from None
    if not 1 <= n <= 10_000:
        raise ApiError(400, "bad_request", "min_sources must be between 1 and 10000")
    return n


def _api_query(f) -> str:
    d = f.as_dict()
    d.pop("pair", None)
    return _query(**d)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    svc: Service = request.app.state.service
    f = _filters_from(request)
    summary = svc.summary(f)
    featured = svc.featured_dyad(f, summary)
    if featured:
        a, b = featured["a"], featured["b"]
        span = _query(since=f.since, until=f.until)
        featured.update(series_url=f"/api/dyads/{a}/{b}/series?freq=month&{span}",
                        dyad_url=f"/dyad?{_query(a=a, b=b, since=f.since, until=f.until)}",
                        briefing_url=f"/briefing?{_query(a=a, b=b, since=f.since, until=f.until)}")
    top_events = svc.top_fused(f, n=12)
    return _render(request, "overview.html", "overview", filters=f, summary=summary, featured=featured,
                   top_events=top_events, timeline_url=f"/api/series?freq=month&{_api_query(f)}")


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request) -> HTMLResponse:
    svc: Service = request.app.state.service
    q = request.query_params
    a = check_code(q["a"], "actor A") if q.get("a") else None
    b = check_code(q["b"], "actor B") if q.get("b") else None
    freq = q.get("freq") if q.get("freq") in ("week", "month") else "month"
    since, until = _date(q.get("since")), _date(q.get("until"))
    context: dict[str, Any] = {"a": a, "b": b, "freq": freq, "since": since, "until": until}
    if a and b:
        f = pair_filters(a, b, since, until)
        page = svc.fused(f, limit=200, offset=0)
        context.update(events=page["items"], more=page["total"] > len(page["items"]),
                       totals=svc.dyad_totals(f),
                       series_url=f"/api/dyads/{a}/{b}/series?{_query(freq=freq, since=since, until=until)}",
                       briefing_url=f"/briefing?{_query(a=a, b=b, since=since, until=until)}")
    else:
        context["suggestions"] = svc.summary(event_filters())["top_dyads"][:8]
    return _render(request, "dyad.html", "dyad", **context)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request) -> HTMLResponse:
    f = _filters_from(request)
    return _render(request, "network.html", "network", filters=f, network_url=f"/api/network?{_api_query(f)}")


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: str) -> HTMLResponse:
    svc: Service = request.app.state.service
    found = svc.fused_event(event_id, with_pieces=True)
    if found is None:
        raise ApiError(404, "not_found", f"no fused event with id '{event_id[:80]}'")
    return _render(request, "event.html", "event", event=found["event"], mentions=found["mentions"])


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    svc: Service = request.app.state.service
    found = svc.document(doc_id, with_pieces=True)
    if found is None:
        raise ApiError(404, "not_found", f"no document with id '{doc_id[:80]}'")
    return _render(request, "document.html", "document", doc=found["document"], events=found["events"],
                   pieces=found["pieces"])


@router.get("/briefing", response_class=HTMLResponse)
def briefing(request: Request) -> HTMLResponse:
    svc: Service = request.app.state.service
    q = request.query_params
    a = check_code(q["a"], "actor A") if q.get("a") else None
    b = check_code(q["b"], "actor B") if q.get("b") else None
    since, until = _date(q.get("since")), _date(q.get("until"))
    n = _int(q.get("n")) or 8
    result = None
    if a and b:
        result = svc.briefing(pair_filters(a, b, since, until), n=min(n, 50))
    return _render(request, "briefing.html", "briefing", a=a, b=b, since=since, until=until, n=n,
                   briefing=result)
