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

from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from parley.coding import cameo
from parley.coding.decide import Decision
from parley.coding.modality import read_modality
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


def retype(model: Any, sent: Span, decisions: Sequence[Decision]) -> list[float]:
    """Apply the model to the lexicon's decisions (in place); the final type's probability of each."""
    from parley.coding.types import NONE, combine, model_type

    if not decisions:
        return []
    lexicon = [_plover(d.code) for d in decisions]
    probs = model.predict([_item(sent, d.trigger, t) for d, t in zip(decisions, lexicon, strict=True)])
    thresholds = model.meta.get("combine", {})
    out = []
    for d, lex, p in zip(decisions, lexicon, probs, strict=True):
        choice = combine(lex, p, model.labels, override=thresholds.get("override", 0.5),
                         propose=thresholds.get("propose", 0.5))
        specific = d.pattern is not None and d.pattern.specificity > 0
        if (choice.decided_by == "model" and choice.type in GENERIC and choice.type != model_type(lex)
                and not _rule_typed(d) and (not specific or choice.probability >= SURE)):
            old = d.code
            d.code = GENERIC[choice.type]
            d.how += f" → type model: {choice.type} ({choice.probability:.2f}) over the lexicon's {lex} ({old} → {d.code})"
        # "no event" is no veto: the lexicon's event stands, with the model's low belief in its type
        out.append(choice.probability if choice.type != NONE else float(p[list(model.labels).index(lex)])
                   if lex in model.labels else 0.0)
    return out


def _rule_typed(d: Decision) -> bool:
    """Codes the rules settled on purpose, which the model was not trained to second-guess: a
    negated act ("did not attend" is still a meeting, negated), intents, appeals, threats and
    refusals the governors mapped ("vowed to attack" → 13x), and events made by a rule."""
    return d.pattern is None or d.reading.modality.negated or d.reading.code_map is not None


def propose(model: Any, roles: Any, sent: Span, lex: Any, kinds: dict[int, str],
            event_nouns: Any) -> tuple[Decision | None, float, str]:
    """A proposed event for a sentence the lexicon codes nothing in: (decision, type probability,
    why) — the decision is None when the model is not sure enough or finds no two parties."""
    from parley.coding.types import NONE, combine

    verbs = [t for t in sent if t.pos_ == "VERB"]
    if not verbs or roles is None:
        return None, 0.0, "no verb"
    best: tuple[float, Token, list[Any]] | None = None
    for verb in verbs:
        d = _pseudo(verb, "010", lex)
        scored = roles.score(d, sent, kinds, event_nouns)
        if len(scored) < 2:
            continue
        src = max(scored, key=lambda s: s.source)
        tgt = max((s for s in scored if s is not src), key=lambda s: s.target)
        both = src.source * tgt.target
        if best is None or both > best[0]:
            best = (both, verb, scored)
    if best is None or best[0] < PROPOSE_FLOOR ** 2:
        return None, 0.0, "the role model finds no source and target on any verb"
    _, verb, _ = best
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
