"""Where the lexicon and the learned type model meet: re-typing and proposing events.

The lexicon codes a trigger; the type model (:mod:`parley.coding.types`) reads the sentence, the
trigger and the lexicon's type and gives calibrated PLOVER probabilities. This module says who
wins (``combine``'s thresholds, chosen out of fold on the train part and stored in the weights):

* **Re-typing** — the lexicon's type stands unless the model gives another type at least
  ``override`` (:data:`SURE` for a pattern with conditions; never for codes a rule derived from the modality: negated acts, intents, appeals,
  threats, refusals, rule-made events); the event then takes that type's generic CAMEO code (:data:`GENERIC`), and its
  ``how`` says so. The probability of the type the event ends with feeds its confidence.
* **Proposing** — a parsed sentence where the lexicon found no trigger but the model is sure of a
  type (at least ``propose``, and not "no event") may become an event when the role model finds a
  source and a target on one of its verbs and both resolve to actors with a country. Its trigger is
  that verb and its code the type's generic code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from parley.coding import cameo
from parley.coding.decide import Decision, several_sources
from parley.coding.modality import read_modality
from parley.coding.roles import phrase_head
from parley.nlp.frames import verb_frame

# The generic CAMEO code of each type the model predicts (YIELD is PLOVER's CONCEDE or RETREAT;
# CAMEO 080 "yield" is the generic one).
GENERIC = {"ACCUSE": "110", "AGREE": "030", "AID": "070", "ASSAULT": "190", "COERCE": "170",
           "CONSULT": "040", "COOPERATE": "060", "MOBILIZE": "150", "PROTEST": "140", "REJECT": "120",
           "REQUEST": "020", "SANCTION": "160", "SUPPORT": "051", "THREATEN": "130", "YIELD": "080"}
PROPOSE_FLOOR = 0.6
# A pattern with conditions ("held war games" is a show of force, 150; by several parties, 062) gives
# way only to a model this sure of another type.
SURE = 0.7  # the least a proposal's source and target scores may be under the role model


def _plover(code: str) -> str | None:
    try:
        return cameo.info(code).plover_type or None
    except KeyError:
        return None


def _item(sent: Span, trigger: Any, lexicon: str | None) -> Any:
    from parley.coding.types import TypeItem

    start = trigger.idx - sent.start_char if isinstance(trigger, Token) else trigger.start_char - sent.start_char
    end = start + len(trigger.text)
    return TypeItem(sent.text, (start, end), lexicon)


def retype(model: Any, sent: Span, decisions: Sequence[Decision]) -> list[float | None]:
    """Apply the model to the lexicon's decisions (in place); the final type's probability of each
    (None for all when the model may change none of them: it is then not run)."""
    from parley.coding.types import NONE, combine, model_type

    if not decisions:
        return []
    if all(_rule_typed(d) for d in decisions):
        return [None] * len(decisions)  # nothing the model may change: no encoder pass for the confidence alone
    lexicon = [_plover(d.code) for d in decisions]
    probs = model.predict([_item(sent, d.trigger, t) for d, t in zip(decisions, lexicon, strict=True)])
    thresholds = model.meta.get("combine", {})
    out: list[float | None] = []
    for d, lex, p in zip(decisions, lexicon, probs, strict=True):
        choice = combine(lex, p, model.labels, override=thresholds.get("override", 0.5),
                         propose=thresholds.get("propose", 0.5))
        specific = d.pattern is not None and d.pattern.specificity > 0
        if (choice.decided_by == "model" and choice.type in GENERIC and choice.type != model_type(lex)
                and not _rule_typed(d) and (not specific or choice.probability >= SURE)
                and (not specific or choice.type not in PARTNERED or _partnered(d))):
            old = d.code
            d.code = GENERIC[choice.type]
            d.how += f" → type model: {choice.type} ({choice.probability:.2f}) over the lexicon's {lex} ({old} → {d.code})"
        # "no event" is no veto: the lexicon's event stands, with the model's low belief in its type
        out.append(choice.probability if choice.type != NONE else float(p[list(model.labels).index(lex)])
                   if lex in model.labels else 0.0)
    return out


# Types that are a relation between parties: re-typed to only when the rules found two sides.
PARTNERED = frozenset({"COOPERATE"})


def _partnered(d: Decision) -> bool:
    """Does the decision have two sides ("Russia and China held war games", "with Belarus")? One
    party holding war games alone is a show of force, whatever cooperation the words suggest."""
    return bool(d.targets or d.fallback_targets) or several_sources(d)


def _rule_typed(d: Decision) -> bool:
    """Codes the rules settled on purpose, which the model was not trained to second-guess: a
    negated act ("did not attend" is still a meeting, negated), intents, appeals, threats and
    refusals the governors mapped ("vowed to attack" → 13x), and events made by a rule."""
    return d.pattern is None or d.reading.modality.negated or d.reading.code_map is not None


POLITICAL = frozenset({"state", "person", "organisation", "group", "format"})


def political_pair(sent: Span, mentions: Sequence[Any], offset: int) -> tuple[Token, Token] | None:
    """The first two mentions of different countries (or bodies) that are political actors — states,
    office holders, organisations, armed groups, formats; bare sectors do not count — as tokens."""
    seen: dict[str, Token] = {}
    for m in mentions:
        r = m.resolutions[0] if m.resolutions else None
        if r is None or r.kind not in POLITICAL:
            continue
        key = r.country or r.code
        tok = next((t for t in sent if t.idx + sent.start_char >= m.start - offset), None) if key else None
        if tok is not None and key not in seen:
            seen[key] = tok
            if len(seen) == 2:
                a, b = seen.values()
                return a, b
    return None


def _verbs_between(a: Token, b: Token) -> list[Token]:
    """The verbs on the dependency path between two tokens, the lowest common one first."""
    above = [a, *a.ancestors]
    index = {t.i: k for k, t in enumerate(above)}
    path_b: list[Token] = []
    for t in (b, *b.ancestors):
        if t.i in index:
            path = [t, *above[:index[t.i]], *path_b]
            out = [x for x in path if x.pos_ == "VERB"]
            return out or ([t.head] if t.head.pos_ == "VERB" else [])
        path_b.append(t)
    return []  # not in one tree


def propose(model: Any, roles: Any, sent: Span, lex: Any, kinds: dict[int, str],
            event_nouns: Any, mentions: Sequence[Any] = (), offset: int = 0,
            resolvable: Callable[[Token, Token], bool] | None = None) -> tuple[Decision | None, float, str]:
    """A proposed event for a sentence the lexicon codes nothing in: (decision, type probability,
    why) — the decision is None when the model is not sure enough or finds no two parties.

    Only sentences naming two political actors of different countries are tried (``mentions``:
    the knowledge base's, in document offsets from ``offset``), on the verbs of the path between
    them. ``resolvable(source, target)``, when given, says whether the role model's best two
    phrases resolve as a proposal needs; when they do not, the type model is not asked (an encoder
    pass saved on a proposal that would be dropped)."""
    from parley.coding.types import NONE, combine

    pair = political_pair(sent, mentions, offset) if roles is not None else None
    if pair is None:
        return None, 0.0, "no proposal: fewer than two political actors of different countries"
    # a verb form used as a preposition ("according to", "including", "following") is no predicate
    verbs = [v for v in _verbs_between(*pair) if v.dep_ not in {"prep", "agent"}]
    if not verbs:
        return None, 0.0, "no proposal: no verb between the actors"
    best: tuple[float, Token, Token, Token] | None = None
    for verb in verbs:
        d = _pseudo(verb, "010", lex)
        scored = roles.score(d, sent, kinds, event_nouns)
        if len(scored) < 2:
            continue
        src = max(scored, key=lambda s: s.source)
        tgt = max((s for s in scored if s is not src), key=lambda s: s.target)
        both = src.source * tgt.target
        if best is None or both > best[0]:
            by_i = {x.candidate.token.i: x for x in scored}  # a modifier stands for its phrase
            best = (both, verb, phrase_head(src.candidate.token, by_i), phrase_head(tgt.candidate.token, by_i))
    if best is None or best[0] < PROPOSE_FLOOR ** 2:
        return None, 0.0, "the role model finds no source and target on any verb"
    verb = best[1]
    if resolvable is not None and not resolvable(best[2], best[3]):
        return None, 0.0, f"no proposal: '{best[2].text}' → '{best[3].text}' do not resolve as two actors"
    probs = model.predict([_item(sent, verb, None)])[0]
    thresholds = model.meta.get("combine", {})
    choice = combine(None, probs, model.labels, propose=max(thresholds.get("propose", 0.5), 0.5))
    if choice.type is None or choice.type == NONE:
        top = model.labels[int(np.argmax(probs))]
        return None, choice.probability, f"type model unsure ({top} {float(probs.max()):.2f})"
    d = _pseudo(verb, GENERIC[choice.type], lex)
    d.how = f"proposed by the type model: {choice.type} ({choice.probability:.2f}) on '{verb.text}'"
    return d, choice.probability, d.how


def _pseudo(verb: Token, code: str, lex: Any) -> Decision:
    """An event candidate on ``verb`` with no parties yet: the role model chooses them."""
    reading = read_modality(verb_frame(verb), lex)
    return Decision(trigger=verb, code=code, pattern=None, sources=[], targets=[], reading=reading,
                    needs_target=True, how="proposal", parties_by="", proposed=True)
