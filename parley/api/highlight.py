"""Split article text at span offsets into plain pieces for safe highlighting.

Article text is untrusted (it was scraped). Templates never mark it safe: a highlighted
sentence is a list of :class:`Piece` whose ``text`` Jinja2 escapes one by one, and the
browser code builds the same pieces with ``textContent``. Nothing here produces HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Drawing order when spans overlap: a trigger inside an actor phrase stays visible.
KIND_RANK = {"trigger": 3, "source": 2, "target": 1}


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight: ``[start, end)`` in the text, its kind and a tooltip label."""

    start: int
    end: int
    kind: str  # trigger | source | target
    label: str = ""


@dataclass(slots=True)
class Piece:
    """A run of text with the kinds of every span covering it (empty: plain text)."""

    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        """Space-separated CSS classes, strongest kind first (``hl-trigger hl-source``)."""
        ordered = sorted(set(self.kinds), key=lambda k: -KIND_RANK.get(k, 0))
        return " ".join(f"hl-{k}" for k in ordered)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kinds": sorted(set(self.kinds)), "labels": self.labels}


def split_marks(text: str, marks: list[Mark]) -> list[Piece]:
    """Cut ``text`` at every mark boundary; marks out of range are clipped or dropped.

    >>> [(p.text, p.kinds) for p in split_marks("Lavrov met Muttaqi", [Mark(7, 10, "trigger")])]
    [('Lavrov ', []), ('met', ['trigger']), (' Muttaqi', [])]
    """
    n = len(text)
    valid = [Mark(max(0, m.start), min(n, m.end), m.kind, m.label) for m in marks]
    valid = [m for m in valid if m.start < m.end]
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    pieces: list[Piece] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in valid if m.start <= a and m.end >= b]
        pieces.append(Piece(text[a:b], [m.kind for m in covering], [m.label for m in covering if m.label]))
    return pieces or [Piece(text)]


def sentence_offset(doc_text: str, sentence: str, anchor: int | None) -> int | None:
    """Where ``sentence`` starts in the document: the occurrence containing ``anchor``.

    Event records carry document offsets and the sentence text, not the sentence start,
    so the start is found again; with repeated sentences the one holding the trigger wins.

    >>> sentence_offset("A met B. A met B.", "A met B.", 11)
    9
    """
    if not sentence:
        return None
    found: list[int] = []
    pos = doc_text.find(sentence)
    while pos >= 0 and len(found) < 1000:
        found.append(pos)
        pos = doc_text.find(sentence, pos + 1)
    if not found:
        return None
    if anchor is None:
        return found[0]
    for start in found:
        if start <= anchor < start + len(sentence):
            return start
    return found[0]


def event_marks(event: dict[str, Any], shift: int = 0) -> list[Mark]:
    """The trigger and actor spans of one event record (dict form), moved by ``-shift``."""
    marks: list[Mark] = []
    trig = event.get("trigger") or {}
    label = _event_label(event)
    if isinstance(trig.get("start"), int) and isinstance(trig.get("end"), int):
        marks.append(Mark(trig["start"] - shift, trig["end"] - shift, "trigger", label))
    for role in ("source", "target"):
        for actor in event.get(role) or []:
            start, end = actor.get("start"), actor.get("end")
            if isinstance(start, int) and isinstance(end, int):
                marks.append(Mark(start - shift, end - shift, role, f"{role}: {actor.get('code', '')}"))
    return marks


def highlight_sentence(event: dict[str, Any], doc_text: str | None) -> list[Piece]:
    """The event's sentence cut into pieces with its trigger and actors marked.

    Without the document text (or when the sentence cannot be found in it) the
    sentence is shown unmarked rather than with wrongly placed highlights.
    """
    sentence = event.get("sentence") or ""
    trig = event.get("trigger") or {}
    offset = sentence_offset(doc_text, sentence, trig.get("start")) if doc_text else None
    if offset is None:
        return [Piece(sentence)]
    return split_marks(sentence, event_marks(event, shift=offset))


def _event_label(event: dict[str, Any]) -> str:
    cameo = event.get("cameo") or {}
    plover = event.get("plover") or {}
    parts = [str(cameo.get("code", "")), str(cameo.get("label", "")), str(plover.get("type", ""))]
    return " · ".join(p for p in parts if p)
