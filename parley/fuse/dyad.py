"""The canonical dyad of a fused event: one source and one target, chosen by the mentions' support.

A fused event's mentions often name its parties differently ("Russia" and "Lavrov" for one
side; one report puts the Taliban first, another Russia; a multilateral meeting's reports each
list a different subset of who came). An analyst wants one dyad per real-world event, as in
GDELT's Actor1/Actor2, with everyone else listed apart. The rule (docs/FUSION.md):

1. **Parties.** An actor's party is its country (ISO alpha-3 or IGO code), or its code when the
   knowledge base gives it no country (a bare sector such as ``GOV``).
2. **The pair.** Every (source party, target party) that some mention names is a candidate. Its
   support is the number of mentions that name it, in either direction for symmetric acts
   (consult, cooperate, sign: :func:`parley.fuse.identity.symmetric`). Candidates are ranked by
   an empty side last, then one party on both sides (a state's government against its own
   opposition) after two parties, then bare sectors after countries, then support, then the support of
   the direction itself, then the summed confidence of its mentions, then the first mention
   that names it (the fused event's founder first, its first-named actors first).
3. **The code of each side.** Among the codes the mentions give that party on that side (both
   sides for symmetric acts), the most specific one most mentions agree on: starting from the
   party, descend one CAMEO segment at a time (``RUS`` → ``RUSGOV`` → ``RUSGOVMIL``) while one
   child has strictly more supporting mentions than any other; a tie stops at the parent.
4. **Participants.** Every other party with its code chosen the same way, except a bare sector
   that a country actor of the event already carries (``GOV`` beside ``AFGGOV``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

Actor = tuple[str, str | None]  # (actor code, country or None)
SEGMENT = 3  # CAMEO actor codes are 3-letter segments: country, sector, sub-sector


class _Member(Protocol):  # parley.fuse.identity.Mention
    @property
    def source_actors(self) -> tuple[Actor, ...]: ...
    @property
    def target_actors(self) -> tuple[Actor, ...]: ...
    @property
    def confidence(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Dyad:
    """One fused event's source and target (codes and parties) and its other parties."""

    source: str | None
    target: str | None
    source_party: str | None
    target_party: str | None
    participants: tuple[str, ...] = ()
    participant_parties: tuple[str, ...] = ()


def party(actor: Actor) -> str:
    return actor[1] or actor[0]


def _sides(m: _Member) -> tuple[set[str], set[str]]:
    return {party(a) for a in m.source_actors}, {party(a) for a in m.target_actors}


def _names(m: _Member, s: str | None, t: str | None, either_way: bool) -> tuple[bool, bool]:
    """(this mention names s → t, and names it in this direction)."""
    src, tgt = _sides(m)
    forward = (s is None or s in src) and (t in tgt if t is not None else not tgt)
    backward = either_way and (s is None or s in tgt) and (t in src if t is not None else not src)
    return forward or backward, forward


def _candidates(members: Sequence[_Member], either_way: bool) -> list[tuple[str | None, str | None]]:
    """Candidate (source, target) parties in the order the mentions name them (founder first)."""
    seen: dict[tuple[str | None, str | None], None] = {}
    for m in members:
        src: list[str | None] = list(dict.fromkeys(party(a) for a in m.source_actors)) or [None]
        tgt: list[str | None] = list(dict.fromkeys(party(a) for a in m.target_actors)) or [None]
        pairs = [(s, t) for s in src for t in tgt]
        if either_way:
            pairs += [(t, s) for s, t in pairs]
        for p in pairs:
            seen.setdefault(p, None)
    return list(seen)


def _bare(p: str | None, known: set[str]) -> int:
    return 0 if p is None or p in known else 1


def choose_pair(members: Sequence[_Member], either_way: bool) -> tuple[str | None, str | None]:
    """The best supported (source party, target party)."""
    countries = {a[1] for m in members for a in (*m.source_actors, *m.target_actors) if a[1]}
    best: tuple | None = None
    choice: tuple[str | None, str | None] = (None, None)
    for order, (s, t) in enumerate(_candidates(members, either_way)):
        named = [_names(m, s, t, either_way) for m in members]
        support = sum(1 for any_way, _ in named if any_way)
        directed = sum(1 for _, fwd in named if fwd)
        conf = sum(m.confidence for m, (any_way, _) in zip(members, named, strict=True) if any_way)
        empty = (s is None) + (t is None)
        same = int(s == t)  # one party on both sides (its government against its opposition): last resort
        key = (-empty, -same, -(_bare(s, countries) + _bare(t, countries)), support, directed, round(conf, 6), -order)
        if best is None or key > best:
            best, choice = key, (s, t)
    return choice


def _path(code: str, p: str) -> list[str]:
    """The party, then each longer CAMEO prefix of the code (a code outside the scheme: itself)."""
    if code == p:
        return [p]
    rest = code[len(p):] if code.startswith(p) else ""
    if not rest or len(rest) % SEGMENT:
        return [p, code]
    return [p] + [code[:len(p) + k] for k in range(SEGMENT, len(rest) + 1, SEGMENT)]


def specific_code(p: str, codes_per_mention: Sequence[set[str]]) -> str:
    """The most specific code of party p that most mentions agree on (ties stop at the parent)."""
    paths = [[_path(c, p) for c in codes] for codes in codes_per_mention if codes]
    node, depth = p, 0
    while True:
        support: dict[str, int] = {}
        for mine in paths:
            children = {path[depth + 1] for path in mine if len(path) > depth + 1 and path[depth] == node}
            for child in children:
                support[child] = support.get(child, 0) + 1
        if not support:
            return node
        ranked = sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return node
        node, depth = ranked[0][0], depth + 1


def _codes_of(members: Sequence[_Member], p: str, sides: str) -> list[set[str]]:
    out = []
    for m in members:
        actors = (m.source_actors if "s" in sides else ()) + (m.target_actors if "t" in sides else ())
        out.append({a[0] for a in actors if party(a) == p})
    return out


def canonical_dyad(members: Sequence[_Member], *, symmetric: bool) -> Dyad:
    """The canonical dyad of a fused event's members (``symmetric``: every member a symmetric act)."""
    s, t = choose_pair(members, symmetric)
    either = symmetric and s != t  # a reversed report names a symmetric act's parties on the other side
    src = specific_code(s, _codes_of(members, s, "st" if either else "s")) if s else None
    tgt = specific_code(t, _codes_of(members, t, "st" if either else "t")) if t else None
    others = sorted({party(a) for m in members for a in (*m.source_actors, *m.target_actors)} - {s, t})
    chosen = {p: specific_code(p, _codes_of(members, p, "st")) for p in others}
    countries = {a[1] for m in members for a in (*m.source_actors, *m.target_actors) if a[1]}
    carried = {c[i:i + SEGMENT] for c in [src or "", tgt or "", *chosen.values()]
               for i in range(SEGMENT, len(c), SEGMENT)}
    kept = [p for p in others if p in countries or p not in carried]
    return Dyad(src, tgt, s, t, tuple(sorted(chosen[p] for p in kept)), tuple(sorted(kept)))
