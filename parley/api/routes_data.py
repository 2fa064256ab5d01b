"""The read-only JSON API: events, fused events, actors, dyads, documents, summary, network, briefing."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from parley.api.errors import ERROR_RESPONSES, ApiError
from parley.api.params import (
    CODE_RE,
    MAX_PAGE,
    Filters,
    LimitParam,
    OffsetParam,
    SinceParam,
    UntilParam,
    check_code,
    event_filters,
    pair_filters,
)
from parley.api.service import Service

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

FiltersDep = Annotated[Filters, Depends(event_filters)]
CodePath = Annotated[str, Path(max_length=32, pattern=CODE_RE.pattern, description="actor code (RUS, AFGGOV)")]
IdPath = Annotated[str, Path(min_length=1, max_length=200, description="record id")]
Freq = Annotated[Literal["week", "month"], Query(description="bucket size")]


def service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(service)]


@router.get("/events", summary="Event mentions (the contract's event records), filtered and paged")
def list_events(svc: ServiceDep, filters: FiltersDep, limit: LimitParam = 50,
                offset: OffsetParam = 0) -> dict[str, Any]:
    """Same filters as `parley events`; ordered by date, then id (stable across pages)."""
    return svc.events(filters, limit=limit, offset=offset)


@router.get("/fused", summary="Fused events (one per real-world event), filtered and paged")
def list_fused(svc: ServiceDep, filters: FiltersDep, limit: LimitParam = 50,
               offset: OffsetParam = 0) -> dict[str, Any]:
    """Same filters as `parley events --fused`; ordered by date, then id."""
    return svc.fused(filters, limit=limit, offset=offset)


@router.get("/fused/{event_id}", summary="One fused event with every mention, its sentence and article")
def get_fused(svc: ServiceDep, event_id: IdPath) -> dict[str, Any]:
    found = svc.fused_event(event_id)
    if found is None:
        raise ApiError(404, "not_found", f"no fused event with id '{event_id[:80]}'")
    return found


@router.get("/actors", summary="Search actors by code or name")
def search_actors(svc: ServiceDep, q: Annotated[str, Query(max_length=64, description="code prefix or name part")] = "",
                  limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return {"items": svc.actors(q.strip(), limit=limit)}


@router.get("/actors/{code}", summary="An actor's profile: counts, event types, top partners")
def actor_profile(svc: ServiceDep, code: CodePath) -> dict[str, Any]:
    profile = svc.actor(check_code(code, "actor"))
    if profile is None:
        raise ApiError(404, "not_found", f"no events with actor '{code}'")
    return profile


@router.get("/dyads/{a}/{b}/series", summary="A dyad's time series: counts per quad class, Goldstein")
def dyad_series(svc: ServiceDep, a: CodePath, b: CodePath, freq: Freq = "month",
                since: SinceParam = None, until: UntilParam = None) -> dict[str, Any]:
    """Fused events between A and B in either direction, per week or month."""
    return svc.series(pair_filters(a, b, since, until), freq=freq)


@router.get("/series", summary="Events over time per quad class, with the same filters as /api/fused")
def series(svc: ServiceDep, filters: FiltersDep, freq: Freq = "month") -> dict[str, Any]:
    return svc.series(filters, freq=freq)


@router.get("/documents/{doc_id}", summary="A document's cleaned text and the spans of every coded event")
def document(svc: ServiceDep, doc_id: IdPath) -> dict[str, Any]:
    found = svc.document(doc_id)
    if found is None:
        raise ApiError(404, "not_found", f"no document with id '{doc_id[:80]}'")
    return found


@router.get("/summary", summary="Counts, date range, top actors and dyads (filters optional)")
def summary(svc: ServiceDep, filters: FiltersDep) -> dict[str, Any]:
    return svc.summary(filters)


@router.get("/network", summary="Actor network: nodes, weighted edges, multilateral groups")
def network(svc: ServiceDep, filters: FiltersDep,
            max_nodes: Annotated[int, Query(ge=2, le=MAX_PAGE)] = 60) -> dict[str, Any]:
    return svc.network(filters, max_nodes=max_nodes)


@router.get("/briefing", summary="What happened between A and B: most-reported events with citations")
def briefing(svc: ServiceDep, a: Annotated[str, Query(max_length=32)], b: Annotated[str, Query(max_length=32)],
             since: SinceParam = None, until: UntilParam = None,
             n: Annotated[int, Query(ge=1, le=50)] = 8) -> dict[str, Any]:
    return svc.briefing(pair_filters(a, b, since, until), n=n)
