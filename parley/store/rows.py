"""Records ↔ table rows: flattening for filters, and back to the contract's records."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import Any

from parley.fuse.identity import known_codes
from parley.records import (
    ActorRef,
    Cameo,
    Document,
    EventRecord,
    FusedEvent,
    Location,
    Modality,
    Plover,
    Span,
)

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EVENT_COLUMNS = (
    "id", "doc_id", "sentence_index", "sentence", "trigger_text", "trigger_start", "trigger_end",
    "date", "day", "day_is_event", "source", "target", "source_codes", "target_codes",
    "source_countries", "target_countries", "cameo_code", "root", "cameo_label", "quad_class",
    "goldstein", "plover_type", "plover_mode", "plover_context", "negated", "tense", "certainty",
    "reported_by", "location", "location_country", "quote", "confidence", "doc_date", "outlet",
    "parley_version", "kb_version", "run_id", "ingested", "date_precision",
)
JSON_EVENT_COLUMNS = {"source", "target", "plover_context", "location"}

DOCUMENT_COLUMNS = (
    "id", "text_hash", "content_hash", "minhash", "title", "date", "day", "outlet", "url",
    "dateline_place", "dateline_date", "dateline_outlet", "language", "author", "text", "removed",
    "input", "run_id", "ingested", "parley_version", "kb_version", "num_events", "date_source",
)


def to_day(value: str | None) -> date | None:
    """An ISO ``YYYY-MM-DD`` string as a date; partial or bad dates give None."""
    if not value or not _ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def normalise_text(text: str) -> str:
    """What two copies of one article share: case-, accent-width- and whitespace-insensitive text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d]", "'", text)
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """Exact-duplicate key of a cleaned text."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).hexdigest()


def countries(actors: list[ActorRef]) -> list[str]:
    return sorted({a.country for a in actors if a.country})


def event_row(ev: EventRecord, doc: Document, *, run_id: str | None, parley_version: str,
              kb_version: str | None, ingested: Any, json_param: Any) -> list[Any]:
    """One events-table row, in EVENT_COLUMNS order."""
    day = to_day(ev.date)
    day_is_event = day is not None
    if day is None:
        day = to_day(doc.date)
    loc = None if ev.location is None else {
        "name": ev.location.name, "country": ev.location.country, "lat": ev.location.lat,
        "lon": ev.location.lon, "geonames_id": ev.location.geonames_id}
    return [
        ev.id, ev.doc_id, ev.sentence_index, ev.sentence, ev.trigger.text, ev.trigger.start, ev.trigger.end,
        ev.date, day, day_is_event, json_param(_actors(ev.source)), json_param(_actors(ev.target)),
        known_codes(ev.source), known_codes(ev.target), countries(ev.source), countries(ev.target),
        ev.cameo.code, ev.cameo.root, ev.cameo.label, ev.cameo.quad_class, ev.cameo.goldstein,
        ev.plover.type, ev.plover.mode, json_param(list(ev.plover.context)), ev.modality.negated,
        ev.modality.tense, ev.modality.certainty, ev.modality.reported_by, json_param(loc),
        ev.location.country if ev.location else None, ev.quote, ev.confidence, doc.date, doc.outlet,
        parley_version, kb_version, run_id, ingested, ev.date_precision,
    ]


def _actors(actors: list[ActorRef]) -> list[dict[str, Any]]:
    return [{k: v for k, v in {
        "text": a.text, "code": a.code, "country": a.country, "sector": a.sector, "name": a.name,
        "kb_id": a.kb_id, "start": a.start, "end": a.end, "confidence": a.confidence, "reason": a.reason,
    }.items()} for a in actors]


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def event_from_row(row: dict[str, Any]) -> EventRecord:
    """The contract's event record from an events-table row (as a dict)."""
    loc = _json(row.get("location"))
    return EventRecord(
        id=row["id"], doc_id=row["doc_id"], sentence_index=int(row["sentence_index"]),
        sentence=row["sentence"],
        trigger=Span(row["trigger_text"], int(row["trigger_start"]), int(row["trigger_end"])),
        cameo=Cameo(row["cameo_code"], row["root"], row["cameo_label"] or "", int(row["quad_class"]),
                    float(row["goldstein"])),
        plover=Plover(row["plover_type"], row["plover_mode"], list(_json(row["plover_context"]) or [])),
        source=[ActorRef(**a) for a in _json(row["source"]) or []],
        target=[ActorRef(**a) for a in _json(row["target"]) or []],
        date=row["date"],
        modality=Modality(bool(row["negated"]), row["tense"] or "past", row["certainty"], row["reported_by"]),
        location=None if not loc else Location(**loc),
        quote=row["quote"], confidence=float(row["confidence"]), date_precision=row.get("date_precision"),
    )


def document_row(doc: Document, *, thash: str, minhash: bytes | None, run_id: str | None,
                 ingested: Any, parley_version: str, kb_version: str | None, num_events: int,
                 json_param: Any) -> list[Any]:
    """One documents-table row, in DOCUMENT_COLUMNS order."""
    dl = doc.dateline
    return [
        doc.id, thash, doc.content_hash, minhash, doc.title, doc.date, to_day(doc.date), doc.outlet, doc.url,
        dl.place if dl else None, dl.date if dl else None, dl.outlet if dl else None, doc.language,
        doc.author, doc.text, json_param(list(doc.removed)), doc.input, run_id, ingested, parley_version,
        kb_version, num_events, doc.date_source,
    ]


def document_from_row(row: dict[str, Any]) -> Document:
    """The document record from a documents-table row."""
    from parley.records import Dateline

    has_dl = any(row.get(k) for k in ("dateline_place", "dateline_date", "dateline_outlet"))
    return Document(
        id=row["id"], text=row["text"], title=row["title"], date=row["date"], outlet=row["outlet"],
        url=row["url"],
        dateline=Dateline(row["dateline_place"], row["dateline_date"], row["dateline_outlet"]) if has_dl else None,
        language=row["language"], removed=list(_json(row["removed"]) or []), author=row["author"],
        input=row["input"], content_hash=row["content_hash"], date_source=row.get("date_source"),
    )


def fused_from_row(row: dict[str, Any], mentions: list[str]) -> FusedEvent:
    """A FusedEvent from a fused_events row and its member ids."""
    return FusedEvent(
        id=row["id"], date=row["date"], source=list(_json(row["source"]) or []),
        target=list(_json(row["target"]) or []), participants=list(_json(row.get("participants")) or []),
        cameo=Cameo(row["cameo_code"], row["root"], row["cameo_label"] or "", int(row["quad_class"]),
                    float(row["goldstein"])),
        plover=Plover(row["plover_type"], row["plover_mode"], []),
        num_mentions=int(row["num_mentions"]), num_articles=int(row["num_articles"]),
        num_outlets=int(row["num_outlets"]), first_seen=row["first_seen"], mentions=mentions,
        confidence=float(row["confidence"]),
    )
