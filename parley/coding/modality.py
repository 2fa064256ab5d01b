"""Modality of an event mention: negation, intent/future, demand/appeal, hypothesis, reported speech.

The governors of a predicate (the verbs it is a complement of: "vowed to", "urged X to", "said
that") and its own auxiliaries decide the modality, and some of them change the code: an intended
act becomes a CAMEO 03x intent (or a 13x threat for force), an appealed act a 02x appeal, a
demanded one a 10x demand. Maps live in ``data/triggers.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from parley.coding.lexicon import Lexicon
from parley.nlp.frames import Frame, conjuncts, verb_frame
from parley.records import Modality

FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
# "failed to reach a deal", "failed to attend": the non-cooperation itself happened (CAMEO 12x).
# "refused to" keeps the negated act and adds the refusal (decide._refusals);
# "halt", "postpone" only negate.
REFUSAL_VERBS = {"fail"}
HYPOTHETICAL_MODALS = {"could", "might", "may", "can", "ca", "should", "must"}


@dataclass
class ModalReading:
    """What the governors and auxiliaries say about one predicate."""

    modality: Modality = field(default_factory=Modality)
    code_map: str | None = None  # "intent", "appeal", "demand" or None
    appealer: Frame | None = None  # the frame of "urged"/"called for" whose agents are the source
    speaker: Frame | None = None  # the frame of "said" whose agent reported it
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        m = self.modality
        bits = [m.certainty, m.tense] + (["negated"] if m.negated else [])
        if self.code_map:
            bits.append(f"map:{self.code_map}")
        return ",".join(bits) + (f" ({'; '.join(self.notes)})" if self.notes else "")


def _tense(head: Token) -> str:
    if head.tag_ in {"VBZ", "VBP"} or any(c.tag_ in {"VBZ", "VBP"} and c.dep_ in {"aux", "auxpass"}
                                          for c in head.children):
        return "present"
    return "past"


def _own_modals(frame: Frame, reading: ModalReading, under_speech: bool) -> None:
    m = reading.modality
    for modal in frame.modals:
        if modal in FUTURE_MODALS or (modal == "would" and under_speech):
            m.tense, m.certainty = "future", "intended"
            reading.code_map = reading.code_map or "intent"
            reading.notes.append(f"'{modal}'")
        elif modal in HYPOTHETICAL_MODALS or modal == "would":
            m.certainty = "hypothetical"
            reading.notes.append(f"'{modal}'")
    if _going_to(frame.trigger):
        m.tense, m.certainty = "future", "intended"
        reading.code_map = reading.code_map or "intent"
    if frame.conditional:
        m.certainty = "hypothetical"
        reading.notes.append("conditional")


OFFER_GOVERNORS = {"offer", "volunteer"}
# Verbs of aspect, transparent to modality: "will continue to work with", "would keep sending".
ASPECTUAL = frozenset({"continue", "keep", "begin", "start", "resume"})
# An authority that orders an act ("ordered the arrest of X", "ordered air strikes", "ordered an
# inquiry") does it through those it commands: the act is the orderer's, not a demand on anyone
# (a demand needs an addressee: "ordered Kabul to release" stays one).
COMMAND_VERBS = {"order", "authorize", "authorise"}
SELF_PRONOUNS = {"i", "we", "he", "she", "it", "they", "you"}


def _must_is_demand(clause: Frame, reading: ModalReading) -> None:
    """"X said Y must withdraw": a demand by X on Y (CAMEO 10x), not a report of a possibility.

    Only for "must", only when the clause has its own named subject (a pronoun may be the
    speaker exhorting itself: "we must act").
    """
    speaker = reading.speaker
    m = reading.modality
    if ("must" not in clause.modals or speaker is None or reading.code_map is not None or m.negated
            or not clause.agents or any(a.lower_ in SELF_PRONOUNS for a in clause.agents)
            or {a.i for a in clause.agents} & {a.i for a in speaker.agents}):
        return
    m.certainty = "demanded"
    reading.code_map = "demand"
    reading.appealer = speaker
    reading.speaker = None
    reading.notes.append("'must' under speech (demand)")


def _going_to(tok: Token) -> bool:
    head = tok.head
    return tok.dep_ == "xcomp" and head.lower_ == "going" and any(c.dep_ == "aux" for c in head.children)


def governor_chain(frame: Frame, limit: int = 3) -> list[tuple[Token, str]]:
    """(governor token, relation) pairs from the nearest up."""
    chain: list[tuple[Token, str]] = []
    gov, rel = frame.governor, frame.governor_rel
    while gov is not None and len(chain) < limit:
        chain.append((gov, rel or ""))
        nxt = verb_frame(gov) if gov.pos_ in {"VERB", "AUX", "ADJ"} else None
        if nxt is None:
            break
        gov, rel = nxt.governor, nxt.governor_rel
    return chain


def _apply_governor(gov: Token, rel: str, lex: Lexicon, reading: ModalReading, depth: int) -> bool:
    """Fold one governor into the reading; False stops the walk (a speech verb ends the clause)."""
    m = reading.modality
    lemma = gov.lemma_.lower()
    classes = lex.governor_class(lemma)
    gframe = verb_frame(gov)
    if gframe.negated and "refuse" not in classes:
        m.negated = not m.negated
    if "refuse" in classes and rel in {"xcomp", "dobj", "pobj:from"}:
        m.negated = True
        if lemma in REFUSAL_VERBS and depth == 0 and reading.code_map is None:
            reading.code_map = "refusal"  # "failed to reach a deal": the failure is the act (12x)
        reading.notes.append(f"'{gov.text}'")
        return True
    if "say" in classes and rel in {"ccomp", "parataxis", "advcl", "conj", ""} and reading.speaker is None:
        reading.speaker = gframe
        if m.certainty == "asserted":
            m.certainty = "reported"
        reading.notes.append(f"reported by '{gov.text}'")
        return False
    if depth == 0 and reading.code_map is None and lemma in COMMAND_VERBS and rel == "dobj":
        reading.notes.append(f"'{gov.text}' (command)")  # "ordered the arrest of X": the arrest, by the orderer
        return True
    if depth == 0 and reading.code_map is None:
        for name in ("demand", "appeal", "intend", "threaten", "consider", "commit"):
            if name in classes and _governs_content(gov, rel, name, classes):
                _modal_from_class(name, gframe, reading)
                reading.notes.append(f"'{gov.text}' ({name})")
                return True
    if "hypothetical" in classes:
        m.certainty = "hypothetical"
        reading.notes.append(f"'{gov.text}'")
    return True


def _governs_content(gov: Token, rel: str, name: str, classes: list[str]) -> bool:
    if rel == "dobj" and any(c.dep_ in {"ccomp", "xcomp"} for c in gov.children):
        return False  # "told the meeting that …", "urged the conference to …": the object is addressed
    if name == "appeal" and gov.lemma_ == "call":
        return rel in {"xcomp", "pobj:for", "pobj:on", "ccomp"}
    if name == "appeal" and "intend" in classes and rel == "xcomp":
        # "wants Putin to attack" appeals; "wants to attack" intends
        return any(c.dep_ in {"dobj", "obj"} for c in gov.children)
    return rel in {"xcomp", "ccomp", "dobj", "pobj:for", "pobj:to", "acomp", "pcomp:to", "pcomp:for", "pcomp:of", "pobj:on"}


def _modal_from_class(name: str, gframe: Frame, reading: ModalReading) -> None:
    m = reading.modality
    if name in {"demand", "appeal"}:
        m.certainty = "demanded"
        reading.code_map = name
        reading.appealer = gframe
    elif name == "intend":
        m.certainty, m.tense = "intended", "future"
        # "offered to send troops": force offered to someone is help, not a threat (see decide)
        reading.code_map = "offer" if gframe.lemma in OFFER_GOVERNORS else "intent"
    elif name == "commit":  # "agreed to lift sanctions": the lifting, promised
        m.certainty, m.tense = "intended", "future"
        reading.code_map = "keep"
    elif name == "consider":
        m.certainty = "hypothetical"
        reading.code_map = "consider"
    elif name == "threaten":  # the threat itself is the act: "threatened to withdraw" → 13x
        m.tense = "past" if gframe.trigger.tag_ in {"VBD", "VBN"} else "present"
        reading.code_map = "threat"


def _according_to(clause: Frame, chain: list[tuple[Token, str]], reading: ModalReading) -> None:
    """"According to Lavrov, the Taliban must …", "… killed 19 soldiers, according to officials": the
    clause is reported by the object of "according to" (a speaker frame on "according", lemma say)."""
    heads = [clause.trigger, *(g for g, _ in chain)]
    if clause.trigger.dep_ == "conj":
        heads.append(clause.trigger.head)
    for head in heads:
        for acc in head.children:
            if acc.lower_ != "according" or acc.dep_ not in {"prep", "advcl", "advmod"}:
                continue
            objs = [o for to in acc.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"]
            if not objs:
                continue
            reading.speaker = Frame(trigger=acc, kind="verb", lemma="say", agents=conjuncts(objs[0]))
            if reading.modality.certainty == "asserted":
                reading.modality.certainty = "reported"
            reading.notes.append("reported by 'according to'")
            return


def read_modality(frame: Frame, lex: Lexicon, light: Frame | None = None) -> ModalReading:
    """The modality of ``frame`` (its light verb ``light`` carries the clause for nominal events)."""
    reading = ModalReading()
    clause = light or frame
    reading.modality.tense = _tense(clause.trigger)
    reading.modality.negated = frame.negated or (light.negated if light else False)
    chain = governor_chain(clause)
    under_speech = any("say" in lex.governor_class(g.lemma_.lower()) for g, _ in chain)
    _own_modals(clause, reading, under_speech)
    if chain and chain[0][1] == "xcomp" and chain[0][0].lemma_.lower() in ASPECTUAL:
        # "will continue to send aid", "continues to work with": the aspect verb's tense and modal are the act's
        reading.modality.tense = _tense(chain[0][0])
        _own_modals(verb_frame(chain[0][0]), reading, under_speech)
    for depth, (gov, rel) in enumerate(chain):
        if not _apply_governor(gov, rel, lex, reading, depth):
            break
    if reading.speaker is None:
        _according_to(clause, chain, reading)
    _must_is_demand(clause, reading)
    if reading.speaker is not None:
        reading.modality.reported_by = None  # filled in with the resolved speaker by the coder
    return reading


def appeal_targets(appealer: Frame) -> list[Token]:
    """Who is urged: "urged Kabul to …", "called on the Taliban to …"."""
    for tok in appealer.patients:
        if tok.pos_ in {"PROPN", "NOUN", "PRON"}:
            return conjuncts(tok)
    return list(appealer.preps.get("on", [])) or list(appealer.preps.get("upon", []))
