"""The contract's records (../shared/spec/CONTRACT.md) as dataclasses.

Every stage passes these plain records; nothing else crosses a stage boundary.
``to_dict`` gives the JSON shape of the contract; ``from_dict`` validates and
rebuilds a record (it is the event-record parser the store, ``parley load``
and the fuzzers use) and raises :class:`parley.errors.RecordError` on bad input.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from parley.errors import RecordError

EVENT_RECORD_VERSION = 1

CERTAINTIES = ("asserted", "reported", "intended", "hypothetical", "demanded")
TENSES = ("past", "present", "future")
DATE_PRECISIONS = ("day", "month", "year", "none")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def stable_id(*parts: object, length: int = 16) -> str:
    """Deterministic short hash of the given parts.

    >>> stable_id("doc1", 3, "met")
    '...'
    """
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def _req(d: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(d, dict):
        raise RecordError(f"{where}: expected an object, got {type(d).__name__}")
    if key not in d:
        raise RecordError(f"{where}: missing field '{key}'")
    value = d[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise RecordError(f"{where}: field '{key}' has type {type(value).__name__}")
    return value


def _opt(d: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise RecordError(f"{where}: field '{key}' has type {type(value).__name__}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class Dateline:
    place: str | None = None
    date: str | None = None  # ISO date, or a partial "--07-16" when the year is unknown
    outlet: str | None = None


@dataclass(slots=True)
class Document:
    """One cleaned article (the contract's document record)."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD publication date, or None
    outlet: str | None = None
    url: str | None = None
    dateline: Dateline | None = None
    language: str | None = None
    removed: list[str] = field(default_factory=list)
    author: str | None = None
    input: str | None = None  # where it came from: path, path#line, warc record
    content_hash: str | None = None  # hash of the raw content as read
    # what gave ``date``: metadata, page, dateline, url, updated, reference, or dateline+<year source>
    date_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        where = "document record"
        dl = d.get("dateline") if isinstance(d, dict) else None
        dateline = None
        if dl is not None:
            if not isinstance(dl, dict):
                raise RecordError(f"{where}: 'dateline' must be an object")
            dateline = Dateline(
                place=_opt(dl, "place", str, where), date=_opt(dl, "date", str, where),
                outlet=_opt(dl, "outlet", str, where),
            )
        removed = _opt(d, "removed", list, where) or []
        return cls(
            id=_req(d, "id", str, where), text=_req(d, "text", str, where),
            title=_opt(d, "title", str, where), date=_opt(d, "date", str, where),
            outlet=_opt(d, "outlet", str, where), url=_opt(d, "url", str, where),
            dateline=dateline, language=_opt(d, "language", str, where),
            removed=[str(r) for r in removed], author=_opt(d, "author", str, where),
            input=_opt(d, "input", str, where), content_hash=_opt(d, "content_hash", str, where),
            date_source=_opt(d, "date_source", str, where),
        )


# --------------------------------------------------------------------------- events


def date_precision(value: str | None) -> str:
    """What an event date pins down on the calendar: ``day``, ``month``, ``year`` or ``none``.

    A day without a year (``--03-30``: the article had no date to give it one) is ``none``.

    >>> [date_precision(v) for v in ("2021-08-18", "2021-08", "2021", "--08-18", None)]
    ['day', 'month', 'year', 'none', 'none']
    """
    if not value or value.startswith("--"):
        return "none"
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "none")


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class ActorRef:
    """One resolved party of an event."""

    text: str
    # CAMEO-style country + sector, e.g. RUSGOV, AFGINS, IGOUNO; None for a named actor the
    # knowledge base does not know (its text is kept, nothing is guessed)
    code: str | None
    country: str | None = None  # ISO alpha-3 or IGO code
    sector: str | None = None
    name: str | None = None
    kb_id: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    reason: str | None = None


@dataclass(slots=True)
class Cameo:
    code: str
    root: str
    label: str
    quad_class: int
    goldstein: float


@dataclass(slots=True)
class Plover:
    type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Modality:
    negated: bool = False
    tense: str = "past"
    certainty: str = "asserted"
    reported_by: str | None = None


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass(slots=True)
class EventRecord:
    """One coded event mention (the contract's event record, version 1)."""

    id: str
    doc_id: str
    sentence_index: int
    sentence: str
    trigger: Span
    cameo: Cameo
    plover: Plover
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    date: str | None = None
    modality: Modality = field(default_factory=Modality)
    location: Location | None = None
    quote: str | None = None
    confidence: float = 0.5
    # day, month, year or none: how much of the calendar ``date`` names (None: derived from it)
    date_precision: str | None = None

    def __post_init__(self) -> None:
        if self.date_precision is None:
            self.date_precision = date_precision(self.date)

    @staticmethod
    def make_id(doc_id: str, sentence_index: int, trigger: Span,
                source: list[ActorRef], target: list[ActorRef], code: str) -> str:
        """The contract's stable id: doc id + sentence + trigger + actors (+ code)."""
        return stable_id(doc_id, sentence_index, trigger.start, trigger.end,
                         [a.code for a in source], [a.code for a in target], code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventRecord:
        where = "event record"
        if not isinstance(d, dict):
            raise RecordError(f"{where}: expected an object, got {type(d).__name__}")
        trig = _req(d, "trigger", dict, where)
        cam = _req(d, "cameo", dict, where)
        plo = _req(d, "plover", dict, where)
        mod = _opt(d, "modality", dict, where) or {}
        loc = _opt(d, "location", dict, where)
        certainty = _opt(mod, "certainty", str, where) or "asserted"
        if certainty not in CERTAINTIES:
            raise RecordError(f"{where}: modality.certainty '{certainty}' is not one of {CERTAINTIES}")
        ptype = _req(plo, "type", str, where)
        if ptype not in PLOVER_TYPES:
            raise RecordError(f"{where}: plover.type '{ptype}' is not a PLOVER type")
        precision = _opt(d, "date_precision", str, where)
        if precision is not None and precision not in DATE_PRECISIONS:
            raise RecordError(f"{where}: date_precision '{precision}' is not one of {DATE_PRECISIONS}")
        return cls(
            id=_req(d, "id", str, where),
            doc_id=_req(d, "doc_id", str, where),
            sentence_index=_req(d, "sentence_index", int, where),
            sentence=_req(d, "sentence", str, where),
            trigger=Span(_req(trig, "text", str, where), _req(trig, "start", int, where),
                         _req(trig, "end", int, where)),
            cameo=Cameo(_req(cam, "code", str, where), _req(cam, "root", str, where),
                        _req(cam, "label", str, where), _req(cam, "quad_class", int, where),
                        float(_req(cam, "goldstein", (int, float), where))),
            plover=Plover(ptype, _opt(plo, "mode", str, where),
                          [str(c) for c in (_opt(plo, "context", list, where) or [])]),
            source=[_actor(a, where) for a in (_opt(d, "source", list, where) or [])],
            target=[_actor(a, where) for a in (_opt(d, "target", list, where) or [])],
            date=_opt(d, "date", str, where),
            modality=Modality(bool(mod.get("negated", False)), _opt(mod, "tense", str, where) or "past",
                              certainty, _opt(mod, "reported_by", str, where)),
            location=None if loc is None else Location(
                _req(loc, "name", str, where), _opt(loc, "country", str, where),
                _num(loc, "lat", where), _num(loc, "lon", where), _opt(loc, "geonames_id", int, where)),
            quote=_opt(d, "quote", str, where),
            confidence=float(_req(d, "confidence", (int, float), where)),
            date_precision=precision,
        )

    @classmethod
    def from_json(cls, line: str) -> EventRecord:
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise RecordError(f"event record: not JSON ({exc})") from None
        return cls.from_dict(data)


def _num(d: dict[str, Any], key: str, where: str) -> float | None:
    value = _opt(d, key, (int, float), where)
    return None if value is None else float(value)


def _actor(a: Any, where: str) -> ActorRef:
    if not isinstance(a, dict):
        raise RecordError(f"{where}: an actor must be an object")
    return ActorRef(
        text=_req(a, "text", str, where), code=_opt(a, "code", str, where),
        country=_opt(a, "country", str, where), sector=_opt(a, "sector", str, where),
        name=_opt(a, "name", str, where), kb_id=_opt(a, "kb_id", str, where),
        start=_opt(a, "start", int, where), end=_opt(a, "end", int, where),
        confidence=_num(a, "confidence", where), reason=_opt(a, "reason", str, where),
    )


# --------------------------------------------------------------------------- fused events


@dataclass(slots=True)
class FusedEvent:
    """One real-world event reported by one or more mentions.

    ``source`` and ``target`` hold its canonical dyad (one actor code each, or none), chosen by
    the mentions' support (docs/FUSION.md); ``participants`` the codes of its other parties."""

    id: str
    date: str | None
    source: list[str]
    target: list[str]
    participants: list[str]
    cameo: Cameo
    plover: Plover
    num_mentions: int
    num_articles: int
    num_outlets: int
    first_seen: str | None
    mentions: list[str]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
