"""The records actor resolution returns: Resolution, Mention, ResolutionContext."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from parley.records import ActorRef

if TYPE_CHECKING:
    from parley.actors.coref import DocumentContext

KINDS = ("state", "person", "organisation", "group", "format", "sector_only")


@dataclass(slots=True)
class Resolution:
    """One actor a span refers to on a date.

    ``code`` is CAMEO-style (RUSGOV, AFGINS, IGOUNO, USA); ``members`` lists the member
    actors of an expanded plural or format, else is empty.
    """

    code: str
    country: str | None
    sector: str | None
    name: str
    kb_id: str | None
    kind: str
    confidence: float
    reason: str
    members: list[Resolution] = field(default_factory=list)
    office: str | None = None  # the person's office on the date (foreign_minister, ...)

    def to_actor_ref(self, text: str, start: int | None = None, end: int | None = None) -> ActorRef:
        """The event record's actor for this resolution of ``text`` at ``start:end``."""
        return ActorRef(text=text, code=self.code, country=self.country, sector=self.sector, name=self.name,
                        kb_id=self.kb_id, start=start, end=end, confidence=round(self.confidence, 3),
                        reason=self.reason)

    def with_(self, **changes: Any) -> Resolution:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "country": self.country, "sector": self.sector, "name": self.name,
            "kb_id": self.kb_id, "kind": self.kind, "confidence": round(self.confidence, 3),
            "reason": self.reason, "office": self.office, "members": [m.to_dict() for m in self.members],
        }


@dataclass(slots=True)
class Mention:
    """An actor mention found by :meth:`KnowledgeBase.scan`: ``text[start:end]``."""

    start: int
    end: int
    text: str
    resolutions: list[Resolution]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "resolutions": [r.to_dict() for r in self.resolutions]}


@dataclass(slots=True)
class ResolutionContext:
    """What the coder knows around a span: the sentence's other actors and the article."""

    sentence_actors: list[Resolution] = field(default_factory=list)
    document: DocumentContext | None = None
    offset: int | None = None  # where the span starts in the document text, for "the last person before"
