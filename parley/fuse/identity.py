"""The identity rule: when two event mentions report the same real-world event.

See docs/FUSION.md for the rule in prose and its measured pair precision/recall. In short, a
mention joins a fused event when, against every member already in it,

1. modality matches: negated, intended, hypothetical and demanded mentions only fuse with their
   own kind (asserted and reported count as one kind: "X met Y, officials said");
2. the CAMEO roots are equal or listed as compatible (``COMPATIBLE_ROOTS``);
3. the dates are within ``DATED_WINDOW`` days when both come from the text, else within
   ``FALLBACK_WINDOW`` days (a publication date lags the event);

and its actor-country sets are compatible with the fused event's (equal, or one contains the
other, source with source and target with target; for symmetric acts such as consult and
cooperate the direction is ignored, and sets that share a party without nesting are enough
when the sentences are similar, ``PARTIAL_CONTEXT``). Among the fused events that pass, the one whose member
sentences are most similar (rapidfuzz token-set ratio, +10 for the exact same CAMEO code)
wins if the score reaches ``MIN_CONTEXT``; otherwise the mention starts a new fused event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, utils

from parley.fuse import dyad
from parley.records import ActorRef, Cameo, Document, EventRecord, stable_id

DATED_WINDOW = 1
FALLBACK_WINDOW = 2
MIN_CONTEXT = 0.0
# Symmetric acts whose party sets overlap without nesting (two reports of a multilateral meeting
# that each name a different subset of its parties) fuse only with this much context in common.
PARTIAL_CONTEXT = 55.0
MIN_SHARED = 1  # 2 cost 0.15 recall for 0.01 precision on examples/fusion_pairs.jsonl (docs/FUSION.md)
EXACT_CODE_BONUS = 10.0
SYMMETRIC_ROOTS = frozenset({"04", "06"})
SYMMETRIC_CODES = frozenset({"036", "057", "0331", "0332"})  # intend to meet, sign agreement, ...
COMPATIBLE_ROOTS = (frozenset({"18", "19"}), frozenset({"11", "12"}))
CONFIDENCE_CAP = 0.99


@dataclass(frozen=True, slots=True)
class Mention:
    """What the rule looks at in one event mention."""

    id: str
    doc_id: str
    outlet: str | None
    day: date | None
    dated: bool  # day comes from the event's own date, not the article's publication date
    source: frozenset[str]
    target: frozenset[str]
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    cameo: Cameo
    plover_type: str
    plover_mode: str | None
    modality: str
    sentence: str
    confidence: float
    doc_date: str | None = None
    # (code, country) of each known actor, for the canonical dyad (parley.fuse.dyad)
    source_actors: tuple[tuple[str, str | None], ...] = ()
    target_actors: tuple[tuple[str, str | None], ...] = ()


@dataclass(slots=True)
class Candidate:
    """An existing fused event with its members, as the store loads it."""

    id: str
    members: list[Mention] = field(default_factory=list)


def modality_class(negated: bool, certainty: str) -> str:
    """The modality kind that must match for two mentions to fuse."""
    if negated:
        return "negated"
    return "asserted" if certainty in ("asserted", "reported") else certainty


def _parties(codes: list, countries: list[str]) -> frozenset[str]:
    return frozenset(countries) if countries else frozenset(codes)


def known_codes(actors: list[ActorRef]) -> list[str]:
    """The actors' codes in order, leaving out actors the knowledge base does not know (code
    None): a mention whose side is only unknown names has no party to match, so it is never fused."""
    return [a.code for a in actors if a.code is not None]


def mention_of(event: EventRecord, doc: Document | None, day: date | None, dated: bool) -> Mention:
    """The rule's view of one event (``day``: its event date, else its article's date)."""
    src_c = [a.country for a in event.source if a.country]
    tgt_c = [a.country for a in event.target if a.country]
    return Mention(
        id=event.id, doc_id=event.doc_id, outlet=doc.outlet if doc else None, day=day, dated=dated,
        source=_parties(known_codes(event.source), src_c),
        target=_parties(known_codes(event.target), tgt_c),
        source_codes=tuple(known_codes(event.source)), target_codes=tuple(known_codes(event.target)),
        cameo=event.cameo, plover_type=event.plover.type, plover_mode=event.plover.mode,
        modality=modality_class(event.modality.negated, event.modality.certainty),
        sentence=event.sentence, confidence=event.confidence, doc_date=doc.date if doc else None,
        source_actors=known_actors(event.source), target_actors=known_actors(event.target),
    )


def known_actors(actors: list[ActorRef]) -> tuple[tuple[str, str | None], ...]:
    """(code, country) of the actors the knowledge base knows, in order."""
    return tuple((a.code, a.country or None) for a in actors if a.code is not None)


def roots_compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in COMPATIBLE_ROOTS)


def compatible_roots(root: str) -> list[str]:
    """Roots a mention with this root may fuse with (for the store's candidate query)."""
    out = {root}
    for group in COMPATIBLE_ROOTS:
        if root in group:
            out |= group
    return sorted(out)


def dates_compatible(a: Mention, b: Mention) -> bool:
    if a.day is None or b.day is None:
        return False
    window = DATED_WINDOW if (a.dated and b.dated) else FALLBACK_WINDOW
    return abs((a.day - b.day).days) <= window


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def symmetric(m: Mention) -> bool:
    return m.cameo.root in SYMMETRIC_ROOTS or m.cameo.code in SYMMETRIC_CODES


def actors_compatible(m: Mention, source: frozenset[str], target: frozenset[str], sym: bool) -> str | None:
    """'nested' for equal or nested country sets (direction ignored when both are symmetric acts),
    'overlap' for symmetric acts sharing a party without nesting, else None."""
    if sym and symmetric(m):
        mine, theirs = m.source | m.target, source | target
        if not mine & theirs:
            return None
        if _nested(mine, theirs):
            return "nested"
        # reports of one multilateral meeting often each name a different subset of its parties
        return "overlap" if len(mine & theirs) >= MIN_SHARED else None
    if not m.source or not source or not _nested(m.source, source):
        return None
    return "nested" if _nested(m.target, target) else None


def context_similarity(a: str, b: str) -> float:
    """0-100 similarity of two sentences (token-set ratio: word order and extra words matter little)."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def score(m: Mention, cand: Candidate) -> float | None:
    """How well a mention fits a fused event, or None when the rule forbids fusing."""
    if not cand.members:
        return None
    for other in cand.members:
        if other.modality != m.modality or not roots_compatible(other.cameo.root, m.cameo.root):
            return None
        if not dates_compatible(m, other):
            return None
    source = frozenset().union(*(o.source for o in cand.members))
    target = frozenset().union(*(o.target for o in cand.members))
    sym = all(symmetric(o) for o in cand.members)
    fit = actors_compatible(m, source, target, sym)
    if fit is None:
        return None
    best = max(context_similarity(m.sentence, o.sentence) for o in cand.members)
    if fit == "overlap" and best < PARTIAL_CONTEXT:
        return None
    if any(o.cameo.code == m.cameo.code for o in cand.members):
        best += EXACT_CODE_BONUS
    return best if best >= MIN_CONTEXT else None


def choose(m: Mention, candidates: list[Candidate]) -> tuple[str, float] | None:
    """The fused event this mention joins (id, score), or None to start a new one.

    Ties go to the smaller id so the outcome does not depend on query order.
    """
    best: tuple[str, float] | None = None
    for cand in candidates:
        s = score(m, cand)
        if s is None:
            continue
        if best is None or s > best[1] or (s == best[1] and cand.id < best[0]):
            best = (cand.id, s)
    return best


def new_fused_id(first: Mention) -> str:
    """Deterministic id of a fused event: derived from the mention that started it."""
    return "f" + stable_id("fused", first.id, length=15)


def fused_confidence(members: list[Mention]) -> float:
    """1 - Π(1 - c) over independent outlets (best mention each): grows with every new outlet."""
    best: dict[str, float] = {}
    for m in members:
        key = m.outlet or "?"  # articles of unknown outlets count as one outlet, as in num_outlets
        best[key] = max(best.get(key, 0.0), m.confidence)
    miss = 1.0
    for c in best.values():
        miss *= 1.0 - min(max(c, 0.0), 1.0)
    return round(min(1.0 - miss, CONFIDENCE_CAP), 4)


def aggregate(members: list[Mention]) -> dict:
    """The fused event's fields from its members (in join order; the first started it).

    ``source``/``target`` are the canonical dyad (one code each, :mod:`parley.fuse.dyad`),
    ``participants`` the other parties' codes; the ``*_countries`` fields are their parties."""
    counts = Counter(m.cameo.code for m in members)
    top = max(counts.values())
    lead = next(m for m in members if counts[m.cameo.code] == top)
    dated = [m.day for m in members if m.dated and m.day]
    days = dated or [m.day for m in members if m.day]
    day = min(days) if days else None
    pub = sorted(m.doc_date for m in members if m.doc_date)
    d = dyad.canonical_dyad(members, symmetric=all(symmetric(m) for m in members))
    return {
        "date": day.isoformat() if day else None, "day": day,
        "source": [d.source] if d.source else [], "target": [d.target] if d.target else [],
        "source_countries": [d.source_party] if d.source_party else [],
        "target_countries": [d.target_party] if d.target_party else [],
        "participants": list(d.participants), "participant_countries": list(d.participant_parties),
        "cameo": lead.cameo, "plover_type": lead.plover_type, "plover_mode": lead.plover_mode,
        "modality": lead.modality, "num_mentions": len(members),
        "num_articles": len({m.doc_id for m in members}),
        "num_outlets": len({m.outlet or "?" for m in members}),
        "first_seen": pub[0] if pub else None,
        "confidence": fused_confidence(members),
    }
