"""Flat rows of event records for CSV and Parquet output of ``parley code``."""

from __future__ import annotations

import json
from typing import Any

from parley.records import EventRecord

COLUMNS = (
    "id", "doc_id", "sentence_index", "date", "date_precision", "cameo_code", "cameo_root", "cameo_label", "quad_class",
    "goldstein", "plover_type", "plover_mode", "source_codes", "source_countries", "target_codes",
    "target_countries", "negated", "tense", "certainty", "reported_by", "trigger", "trigger_start",
    "trigger_end", "location", "location_country", "lat", "lon", "quote", "confidence", "sentence",
    "source", "target",
)


def flatten(e: EventRecord) -> dict[str, Any]:
    """One flat row: actor codes joined with ';', full actor lists as JSON in ``source``/``target``.

    >>> sorted(flatten(rec))[:2]  # doctest: +SKIP
    ['cameo_code', 'cameo_label']
    """
    loc = e.location
    return {
        "id": e.id, "doc_id": e.doc_id, "sentence_index": e.sentence_index, "date": e.date,
        "date_precision": e.date_precision,
        "cameo_code": e.cameo.code, "cameo_root": e.cameo.root, "cameo_label": e.cameo.label,
        "quad_class": e.cameo.quad_class, "goldstein": e.cameo.goldstein, "plover_type": e.plover.type,
        "plover_mode": e.plover.mode, "source_codes": ";".join(a.code or "" for a in e.source),
        "source_countries": ";".join(a.country or "" for a in e.source),
        "target_codes": ";".join(a.code or "" for a in e.target),
        "target_countries": ";".join(a.country or "" for a in e.target),
        "negated": e.modality.negated, "tense": e.modality.tense, "certainty": e.modality.certainty,
        "reported_by": e.modality.reported_by, "trigger": e.trigger.text, "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end, "location": loc.name if loc else None,
        "location_country": loc.country if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "quote": e.quote, "confidence": e.confidence, "sentence": e.sentence,
        "source": json.dumps([_actor(a) for a in e.source], ensure_ascii=False),
        "target": json.dumps([_actor(a) for a in e.target], ensure_ascii=False),
    }


def _actor(a: Any) -> dict[str, Any]:
    return {k: getattr(a, k) for k in ("text", "code", "country", "sector", "name", "kb_id", "start", "end",
                                        "confidence")}
