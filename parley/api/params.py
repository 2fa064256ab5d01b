"""Query parameters shared by the API routes: the `parley events` filters and pagination."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Annotated, Any

from fastapi import Query

from parley.api.errors import ApiError
from parley.store.queries import Filters as StoreFilters

MAX_PAGE = 500  # the largest page any list endpoint returns
MAX_OFFSET = 1_000_000
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

ActorParam = Annotated[str | None, Query(
    max_length=32, description="actor code or prefix on either side (RUS, RUSGOV, IGOUNO)", examples=["RUS"])]
DyadParam = Annotated[str | None, Query(
    max_length=65, description="two actor codes A:B, either direction", examples=["RUS:AFG"])]
TypeParam = Annotated[str | None, Query(
    max_length=32, description="CAMEO code or root (04, 042) or PLOVER type (CONSULT)", examples=["CONSULT"])]
SinceParam = Annotated[date | None, Query(description="first event date, inclusive (YYYY-MM-DD)")]
UntilParam = Annotated[date | None, Query(description="last event date, inclusive (YYYY-MM-DD)")]
TextParam = Annotated[str | None, Query(max_length=200, description="words in the event's sentence")]
MinSourcesParam = Annotated[int | None, Query(
    ge=1, le=10_000, description="fused events reported by at least N outlets")]
MinConfidenceParam = Annotated[float | None, Query(
    ge=0.0, le=1.0, description="events at least this confident (0 … 1)")]
LimitParam = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of `parley events`, validated once at the edge.

    ``dyad`` is directed as in the CLI (source A, target B); ``pair`` is the dashboard's
    undirected A↔B (either side), used by the dyad view, its series and briefings.
    """

    actor: str | None = None
    dyad: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    min_sources: int | None = None
    min_confidence: float | None = None
    pair: tuple[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def cache_key(self) -> tuple[Any, ...]:
        return tuple(sorted((k, str(v)) for k, v in self.as_dict().items()))

    def to_store(self, **extra: Any) -> StoreFilters:
        """The store's filters (the same object `parley events` builds)."""
        d = self.as_dict()
        d.pop("pair", None)
        return StoreFilters.build(**d, **extra)


def check_code(value: str, name: str) -> str:
    """An actor or event code: letters, digits, '-', '_'."""
    value = value.strip()
    if not CODE_RE.match(value):
        raise ApiError(400, "bad_request", f"{name} '{value[:40]}' is not an actor or event code")
    return value.upper()


def parse_dyad(value: str) -> tuple[str, str]:
    """``RUS:AFG`` to a pair of codes."""
    parts = value.split(":", 1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise ApiError(400, "bad_request", f"dyad '{value[:40]}' must be two actor codes as A:B")
    return check_code(parts[0], "dyad actor"), check_code(parts[1], "dyad actor")


def event_filters(actor: ActorParam = None, dyad: DyadParam = None, type: TypeParam = None,
                  since: SinceParam = None, until: UntilParam = None, text: TextParam = None,
                  min_sources: MinSourcesParam = None, min_confidence: MinConfidenceParam = None) -> Filters:
    """FastAPI dependency: the filters from the query string."""
    if since and until and since > until:
        raise ApiError(400, "bad_request", f"since {since} is after until {until}")
    text = (text or "").strip() or None
    if text and any(ord(c) < 32 for c in text):
        raise ApiError(400, "bad_request", "text must not contain control characters")
    return Filters(
        actor=check_code(actor, "actor") if actor else None,
        dyad=":".join(parse_dyad(dyad)) if dyad else None,
        type=check_code(type, "type") if type else None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        text=text,
        min_sources=min_sources,
        min_confidence=min_confidence,
    )


def pair_filters(a: str, b: str, since: date | None = None, until: date | None = None) -> Filters:
    """Filters for A↔B (either direction) in a period: the dyad view, series and briefings."""
    base = event_filters(since=since, until=until)
    return replace(base, pair=(check_code(a, "actor A"), check_code(b, "actor B")))
