"""Extractive briefings: "what happened between X and Y from D1 to D2", with citations.

No generative model: the briefing is the most-reported fused events of the dyad, in date
order, each told by the sentence of its most confident mention, with every article that
reported it as a numbered reference.
"""

from __future__ import annotations

from typing import Any

from parley.api.params import Filters

MAX_CITATIONS = 6


def representative(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The mention that tells the event best: asserted, not negated, most confident, earliest."""
    def key(m: dict[str, Any]) -> tuple[Any, ...]:
        ev = m["event"]
        mod = ev.get("modality") or {}
        doc = m.get("document") or {}
        return (mod.get("certainty") != "asserted", bool(mod.get("negated")), -float(ev.get("confidence") or 0),
                doc.get("date") or "9999", len(ev.get("sentence") or ""), ev["id"])
    return min(mentions, key=key)


def build(f: Filters, totals: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """The briefing from the dyad's totals and its top fused events (each with mentions)."""
    a, b = f.pair or ("", "")
    references: list[dict[str, Any]] = []
    ref_index: dict[str, int] = {}
    items = []
    for found in sorted(events, key=lambda x: (x["event"].get("date") or "9999", x["event"]["id"])):
        mentions = found["mentions"]
        if not mentions:
            continue
        best = representative(mentions)
        cites: list[int] = []
        for m in mentions:
            doc = m.get("document") or {"id": m["event"]["doc_id"]}
            if doc["id"] not in ref_index:
                ref_index[doc["id"]] = len(references) + 1
                references.append({"n": ref_index[doc["id"]], "doc_id": doc["id"], "title": doc.get("title"),
                                   "outlet": doc.get("outlet"), "date": doc.get("date"), "url": doc.get("url")})
            if ref_index[doc["id"]] not in cites and len(cites) < MAX_CITATIONS:
                cites.append(ref_index[doc["id"]])
        items.append({"event": found["event"], "sentence": best["event"]["sentence"].strip(),
                      "mention_id": best["event"]["id"], "citations": cites})
    return {"a": a, "b": b, "since": f.since, "until": f.until, "lead": lead(a, b, f, totals, len(items)),
            "totals": totals, "items": items, "references": references}


def lead(a: str, b: str, f: Filters, totals: dict[str, Any], shown: int) -> str:
    """One plain sentence of figures that opens the briefing."""
    n = totals.get("events", 0)
    if not n:
        return f"No events between {a} and {b} were found in this period."
    period = ""
    if totals.get("first_date") and totals.get("last_date"):
        period = f" between {totals['first_date']} and {totals['last_date']}"
    tone = totals.get("mean_goldstein")
    mood = "" if tone is None else (
        " The relationship was mostly cooperative" if tone > 1 else
        " The relationship was mostly conflictual" if tone < -1 else " The relationship was mixed")
    mood += f" (mean Goldstein {tone:+.1f})." if tone is not None else ""
    return (f"{n} event{'s' if n != 1 else ''} between {a} and {b} were reported{period}: "
            f"{totals.get('cooperation', 0)} cooperative and {totals.get('conflict', 0)} conflictual."
            f"{mood} The {shown} most reported are listed below in date order.")
