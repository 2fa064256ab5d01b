"""Source and target span accuracy: did the coder pick the phrase the gold marks as each party?

Gold files may mark the parties' text: ``zsp_plv_train`` in ``spans[].marked`` (``<s>…</s>``,
``<t>…</t>``), the ConfliBERT split and parley's own sets in ``events[].source_text`` /
``target_text`` (lists of substrings; ``reciprocal_text`` names parties that are both). A chosen
party **matches** when the head word of its phrase lies inside a gold span of its role (so
"Germany" chosen inside the gold target "Germany's coronavirus rules" matches, and "rules" alone
would too).

Per record with marked spans, one predicted event is compared: the most confident one whose type
is a gold type, else the most confident one. The rates are over records where something was coded
(``coded``); ``*_all`` divide by every record with spans, so uncoded records count as misses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Range = tuple[int, int]
_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class GoldSpans:
    """Character ranges of the parties one gold event marks."""

    sources: tuple[Range, ...] = ()
    targets: tuple[Range, ...] = ()


def _find(text: str, piece: str) -> Range | None:
    """Where ``piece`` is in ``text``; spacing may differ ("Saudi Arabia ’ s" for "Saudi Arabia’s",
    as tokenised gold spans write it).

    >>> _find("Saudi Arabia’s envoy left", "Saudi Arabia ’ s envoy")
    (0, 20)
    """
    piece = piece.strip()
    if not piece:
        return None
    at = text.find(piece)
    if at >= 0:
        return at, at + len(piece)
    pattern = r"\s*".join(re.escape(ch) for ch in piece if not ch.isspace())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def marked_spans(marked: str) -> GoldSpans:
    """Ranges of ``<s>…</s>`` and ``<t>…</t>`` in the unmarked text.

    >>> marked_spans("<s>Kabul</s> thanked <t>Delhi</t>.")
    GoldSpans(sources=((0, 5),), targets=((14, 19),))
    """
    found: dict[str, list[Range]] = {"s": [], "t": []}
    plain = 0
    opened: dict[str, int] = {}
    pos = 0
    for m in _MARK.finditer(marked):
        plain += m.start() - pos
        pos = m.end()
        tag = m.group()
        role = tag.strip("</>")
        if tag.startswith("</"):
            if role in opened:
                found[role].append((opened.pop(role), plain))
        else:
            opened[role] = plain
    return GoldSpans(tuple(found["s"]), tuple(found["t"]))


def gold_spans(record: dict[str, Any], text: str) -> list[GoldSpans]:
    """The marked parties of each event of a raw gold record, in the order of its events (empty
    when it marks none)."""
    out: list[GoldSpans] = []
    for s in record.get("spans") or []:
        if isinstance(s, dict) and isinstance(s.get("marked"), str):
            spans = marked_spans(s["marked"])
            if _MARK.sub("", s["marked"]) == text:
                out.append(spans)
                continue
        if isinstance(s, dict):  # marking that does not reproduce the text: fall back to substrings
            out.append(_substrings(text, [s.get("source_text")], [s.get("target_text")], []))
    if out:
        return out
    for e in record.get("events") or []:
        if not isinstance(e, dict):
            continue
        src, tgt, rec = (_listed(e.get(k)) for k in ("source_text", "target_text", "reciprocal_text"))
        out.append(_substrings(text, src, tgt, rec))
    return out if any(s.sources or s.targets for s in out) else []


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _substrings(text: str, sources: Sequence[Any], targets: Sequence[Any], both: Sequence[Any]) -> GoldSpans:
    def ranges(pieces: Sequence[Any]) -> list[Range]:
        return [r for p in pieces if isinstance(p, str) and (r := _find(text, p)) is not None]

    mutual = ranges(both)
    return GoldSpans(tuple(ranges(sources) + mutual), tuple(ranges(targets) + mutual))


def inside(offsets: Sequence[int], spans: Sequence[Range]) -> bool:
    return any(a <= o < b for o in offsets for a, b in spans)


@dataclass(slots=True)
class SpanScore:
    """Span accuracy over the records whose gold marks parties."""

    records: int = 0  # records with marked spans
    coded: int = 0  # of them, records where an event was coded
    source_n: int = 0  # coded records whose gold marks a source
    source_match: int = 0
    source_records: int = 0  # all records whose gold marks a source
    target_n: int = 0
    target_match: int = 0
    target_present: int = 0  # chosen events with a target, among coded records whose gold marks one
    target_records: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, spans: list[GoldSpans], chosen: Any | None) -> None:
        """``chosen``: a PredEvent with ``source_heads`` / ``target_heads`` (or None: nothing coded)."""
        if not spans:
            return
        src = [r for s in spans for r in s.sources]
        tgt = [r for s in spans for r in s.targets]
        self.records += 1
        self.source_records += bool(src)
        self.target_records += bool(tgt)
        if chosen is None:
            return
        self.coded += 1
        if src:
            self.source_n += 1
            self.source_match += inside(chosen.source_heads, src)
        if tgt:
            self.target_n += 1
            self.target_present += bool(chosen.targets)
            self.target_match += inside(chosen.target_heads, tgt)

    def to_dict(self) -> dict[str, Any]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {"records": self.records, "coded": self.coded,
                "source_match": rate(self.source_match, self.source_n),
                "target_match": rate(self.target_match, self.target_n),
                "target_present": rate(self.target_present, self.target_n),
                "source_match_all": rate(self.source_match, self.source_records),
                "target_match_all": rate(self.target_match, self.target_records),
                "counts": {"source": [self.source_match, self.source_n, self.source_records],
                           "target": [self.target_match, self.target_n, self.target_records],
                           "target_present": self.target_present}}
