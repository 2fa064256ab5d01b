"""Frames → coding decisions: which predicates are events, their code, parties and modality.

A :class:`Decision` still holds parse tokens for its parties; the coder resolves them to actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from parley.coding.lexicon import Lexicon, Pattern, match
from parley.coding.modality import COMMAND_VERBS, ModalReading, appeal_targets, read_modality
from parley.coding.quotes import quote_for
from parley.nlp.frames import INSTRUMENTS, Frame, conjuncts, extract_frames, lemma_of, sides_of, verb_frame

# Roots of attacks: assault (18), fight (19), mass violence (20).
ATTACK_ROOTS = frozenset({"18", "19", "20"})
DEFAULT_TARGET_PREPS = ("with", "to", "against", "on", "at", "between", "among")
PARTICIPANT_PREPS = ("between", "among", "with")
# How a light verb holds its nominal event: "held talks", "joined X for talks", "led a delegation on a visit".
LIGHT_RELS = {"dobj", "pobj:for", "pobj:in", "pobj:on", "nsubjpass"}


@dataclass
class Decision:
    """One coded predicate before actor resolution."""

    trigger: Token
    code: str
    pattern: Pattern | None
    sources: list[Token]
    targets: list[Token]
    reading: ModalReading
    symmetric: bool = False
    how: str = ""
    quote: str | None = None
    governor_of: set[int] = field(default_factory=set)  # governor tokens folded into this one
    needs_target: bool = False  # only an event when a target resolves (reported accusations)
    # second-choice targets, tried when no target resolves to a country: the prepositional
    # complements of a patient noun ("offered support to Lebanon", "condemned attacks on Israel")
    fallback_targets: list[Token] = field(default_factory=list)
    role_notes: list[str] = field(default_factory=list)  # the role model's scores, for --explain
    # set when a rule chose the parties from knowledge the parse alone does not show (where fire came
    # from, whoever imposed lifted sanctions, the speaker for "they"): the role model leaves them be
    parties_by: str = ""
    proposed: bool = False  # proposed by the type model where the lexicon found no trigger


def decide(sent: Span, lex: Lexicon) -> tuple[list[Decision], list[str]]:
    """Every decision of a parsed sentence, and notes on predicates that were not coded."""
    frames = extract_frames(sent, lex.noun_lemmas())
    by_i = {f.trigger.i: f for f in frames}
    matched = {f.trigger.i: match(f, lex) for f in frames}
    decisions: list[Decision] = []
    notes: list[str] = []
    for f in frames:
        p = matched[f.trigger.i]
        if p is None or p.code is None:
            continue
        d = _noun(f, p, by_i, matched, lex, notes) if f.kind == "noun" else _verb(f, p, by_i, lex)
        if d is not None:
            if d.reading.speaker is not None:
                d.quote = quote_for(sent, d.trigger)
                if _speaker_pronouns(d) and _claims_responsibility(d):
                    d.code, d.how = "015", d.how + " claimed by the speaker → 015"
                decisions.extend(_reported_accusation(d))
            decisions.append(d)
    decisions += _evaluations(sent, lex, {d.trigger.i for d in decisions})
    decisions += _bare_appeals(frames, lex, {i for d in decisions for i in d.governor_of})
    taken = {d.trigger.i for d in decisions} | {i for d in decisions for i in d.governor_of}
    decisions += _agreed_cooperation(frames, matched, lex, taken)
    decisions += _must_demands(frames, matched, lex, taken)
    decisions += _refusals(decisions, lex)
    decisions = _infinitives_on_nouns(decisions, lex, notes)
    decisions = _drop_weapon_participles(frames, decisions)
    decisions = _drop_accidents(_drop_consequences(decisions))
    for d in decisions:
        _riot(d)
        _joint_exercise(d, lex)
    return _drop_purposes(_drop_folded_governors(decisions)), notes


def _drop_weapon_participles(frames: list[Frame], decisions: list[Decision]) -> list[Decision]:
    """"blown up by a missile fired by X": firing the missile is the attack already coded, not another."""
    weapons = [w for f in frames if f.passive for w in f.preps.get("by", []) if lemma_of(w) in INSTRUMENTS]
    inside = {t.i for w in weapons for t in w.subtree if t.i != w.i}
    return [d for d in decisions if d.trigger.i not in inside]


# Agents of deaths that are no one's act.
ACCIDENTS = frozenset("crash accident collision earthquake quake flood flooding storm hurricane typhoon cyclone "
                      "tsunami landslide avalanche drought heatwave disease virus pandemic epidemic outbreak "
                      "disaster wreck derailment stampede blaze wildfire".split())


def _drop_accidents(decisions: list[Decision]) -> list[Decision]:
    """"victims killed by the plane crash", "people killed in the earthquake": no attack happened."""
    return [d for d in decisions if not (d.code[:2] in ATTACK_ROOTS and d.sources
                                         and all(lemma_of(t) in ACCIDENTS for t in d.sources))]


def _drop_consequences(decisions: list[Decision]) -> list[Decision]:
    """"Insurgents shelled the city, killing eight people": the killing is the shelling's toll, not a
    second attack. A participle adjunct coded as an attack under an attack is folded into it."""
    attacks = {d.trigger.i for d in decisions if d.code[:2] in ATTACK_ROOTS}
    return [d for d in decisions if not (d.code[:2] in ATTACK_ROOTS and d.trigger.tag_ == "VBG"
                                         and d.trigger.dep_ in {"advcl", "xcomp", "conj"}
                                         and d.trigger.head.i in attacks)]


def _joint_exercise(d: Decision, lex: Lexicon) -> None:
    """"The US and its allies launched war games": drills by several parties are military
    cooperation among them (062), not one side's show of force (150)."""
    if d.code == "150" and several_sources(d) and lemma_of(d.trigger) in lex.classes.get("drills", ()):
        d.code, d.symmetric, d.how = "062", True, d.how + " by several parties → 062"


JOINT = frozenset({"joint", "bilateral", "trilateral", "multilateral", "combined"})


def several_sources(d: Decision) -> bool:
    """Does the act have several parties on its source side: "Russia and China held …", "the
    navies of Chile and Peru staged …", "joint war games"?"""
    if len(d.sources) >= 2 or any(c.lower_ in JOINT for c in d.trigger.children):
        return True
    return any(t.dep_ == "conj" and t.pos_ in {"PROPN", "NOUN"} for s in d.sources for t in s.subtree)


# Crowds whose violence CAMEO codes as a violent protest (145), not as coercion or assault.
PROTESTERS = {"protester", "protestor", "demonstrator", "rioter", "marcher", "crowd", "mob"}


def _riot(d: Decision) -> None:
    """"Protesters torched a police station" → 145 (protest violently), not 17x/18x by a civilian."""
    if d.code[:2] in {"17", "18"} and d.sources and all(lemma_of(t) in PROTESTERS for t in d.sources):
        d.code, d.how = "145", d.how + " by protesters → 145"


# Nouns whose infinitive names an intended act of the noun's owner ("a plan to send troops").
INTENT_NOUNS = {"plan", "decision", "pledge", "promise", "offer", "vow", "commitment", "intention",
                "readiness", "bid", "proposal", "willingness", "determination"}


# Governors whose infinitive is a commitment to act: CAMEO 03 "express intent to cooperate".
COMMITMENT_GOVERNORS = {"agree", "ready", "willing", "committed", "commit", "pledge", "promise", "prepared"}


def _agreed_cooperation(frames: list[Frame], matched: dict[int, Pattern | None], lex: Lexicon,
                        taken: set[int]) -> list[Decision]:
    """"agreed to set up field hospitals", "is ready to contribute": a commitment to an act the
    lexicon has no pattern for is still CAMEO 030, by the one who commits, towards the act's
    recipient. Not when negated ("refused", "did not agree") or when the act is coded already.
    """
    out: list[Decision] = []
    for f in frames:
        gov = f.governor
        if (f.kind != "verb" or matched.get(f.trigger.i) is not None or gov is None or gov.i in taken
                or f.trigger.i in taken or lemma_of(gov) not in COMMITMENT_GOVERNORS
                or f.governor_rel not in {"xcomp", "pcomp:to"}):
            continue
        reading = read_modality(f, lex)
        if reading.modality.negated or reading.speaker is None and reading.code_map not in {"intent", "keep"}:
            continue
        gframe = verb_frame(gov)
        reading.modality.certainty, reading.modality.tense = "intended", "future"
        targets = list(f.recipients) or [o for prep in ("to", "with") for o in f.preps.get(prep, [])]
        out.append(Decision(trigger=gov, code="030", pattern=None, sources=list(gframe.agents) or list(f.agents),
                            targets=targets, reading=reading, how=f"commitment '{gov.text}' to '{f.trigger.text}' → 030",
                            fallback_targets=list(f.patients)))
        taken.add(gov.i)
    return out


REFUSE_OUTRIGHT = {"refuse", "decline", "reject"}


def _refusals(decisions: list[Decision], lex: Lexicon) -> list[Decision]:
    """"Ankara refused to lift the ban": besides the lifting (negated, as the issue asks), the
    refusal itself happened — CAMEO's 12x ("refuse to ease sanctions" is 1244)."""
    out: list[Decision] = []
    own = {d.trigger.i for d in decisions}  # "refused to allow …" may be a pattern of its own
    for d in decisions:
        t = d.trigger
        gov = t.head
        if gov.i in own or not (d.reading.modality.negated and t.dep_ == "xcomp" and lemma_of(gov) in REFUSE_OUTRIGHT
                and d.code[:2] in REFUSABLE and d.reading.appealer is None):
            continue
        reading = read_modality(verb_frame(gov), lex)
        if reading.modality.negated:
            continue  # "did not refuse to attend"
        code = lex.mapped("refuse_future", d.code)
        out.append(Decision(trigger=gov, code=code, pattern=d.pattern, sources=list(d.sources),
                            targets=list(d.targets), reading=reading, how=f"refusal '{gov.text}' of {d.code} → {code}",
                            fallback_targets=list(d.fallback_targets)))
    return out


def _must_demands(frames: list[Frame], matched: dict[int, Pattern | None], lex: Lexicon,
                  taken: set[int]) -> list[Decision]:
    """"X said the government must ensure security": a generic demand (100) by X on the
    government when the demanded act has no pattern of its own."""
    out: list[Decision] = []
    for f in frames:
        if f.kind != "verb" or matched.get(f.trigger.i) is not None or f.trigger.i in taken or "must" not in f.modals:
            continue
        reading = read_modality(f, lex)
        if reading.code_map != "demand" or reading.appealer is None or reading.appealer.trigger.i in taken:
            continue
        appealer = reading.appealer
        out.append(Decision(trigger=appealer.trigger, code="100", pattern=None, sources=list(appealer.agents),
                            targets=list(f.agents), reading=reading,
                            how=f"'{appealer.trigger.text}' that … must '{f.trigger.text}' → demand 100"))
        taken.add(appealer.trigger.i)
    return out


def _original_head(t: Token, decisions: list[Decision]) -> int:
    """The decision whose (pre-fold) predicate governs ``t``: "offered to send troops to help"
    folds "send" into "offered", yet "help" hangs on "send"."""
    for d in decisions:
        if t.head.i in d.governor_of or (d.pattern is not None and d.trigger.i == t.head.i):
            return d.trigger.i
    return -1


def _unasserted_purpose(d: Decision, main: Decision | None = None) -> bool:
    """"would not give permission to X to help Y", "offered to send troops to help Y": the purpose
    of an act that did not happen (or is only intended, demanded or possible) did not happen
    either."""
    t = d.trigger
    if not (t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
        return False
    m = d.reading.modality
    if m.negated or m.certainty in {"hypothetical"} or (
            d.reading.code_map is None and m.certainty in {"intended", "demanded"}):
        return True
    if main is not None and main is not d:
        mm = main.reading.modality
        return mm.negated or mm.certainty in {"intended", "demanded", "hypothetical"}
    return False


def _infinitives_on_nouns(decisions: list[Decision], lex: Lexicon, notes: list[str]) -> list[Decision]:
    """An infinitive hanging on a noun names a possible act, not one that happened.

    "gave permission to Russia to help Israel", "faces pressure to help Iran", "the right to
    strike": the helping or striking is not asserted, so it is not coded. After an intent noun
    ("announced a plan to send troops") it is the owner's intent (03x, or 13x for force).
    """
    out: list[Decision] = []
    by_trigger = {d.trigger.i: d for d in decisions}
    for d in decisions:
        t = d.trigger
        if _unasserted_purpose(d, by_trigger.get(t.head.i) or by_trigger.get(_original_head(t, decisions))):
            notes.append(f"'{t.text}': purpose of a negated or unasserted act, not asserted itself")
            continue
        if not (t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"} and t.pos_ in {"VERB", "AUX"}
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
            out.append(d)
            continue
        if lemma_of(t.head) in INTENT_NOUNS and d.reading.code_map is None:
            d.code = lex.mapped("intent", d.code)
            d.reading.code_map = "intent"
            d.reading.modality.certainty, d.reading.modality.tense = "intended", "future"
            d.how += f" → intent of '{t.head.text}'"
            out.append(d)
        else:
            notes.append(f"'{t.text}': infinitive of the noun '{t.head.text}', not an asserted act")
    return out


def _final_code(code: str, reading: ModalReading, negated_content: bool, lex: Lexicon) -> str:
    if reading.code_map == "refusal":
        if code[:2] in REFUSABLE and reading.modality.negated:
            # "refused to attend", "failed to reach a deal": the refusal happened (CAMEO 12x)
            reading.modality.negated = False
            return lex.mapped("refuse_future", code)
        reading.code_map = None
        return code
    if reading.code_map in {None, "keep"}:
        return code
    if reading.code_map == "offer":
        reading.code_map = "intent"
        mapped = _final_code(code, reading, negated_content, lex)
        # an offer of force is an offer of military help (0332), never a threat
        return "0332" if mapped.startswith("13") else mapped
    if reading.code_map in {"appeal", "demand"} and negated_content:
        reading.modality.negated = False  # "urged X not to attack": the appeal itself happened
        return lex.mapped(f"{reading.code_map}_negated", code)
    if reading.code_map == "intent" and reading.modality.negated and code[:2] in REFUSABLE:
        # "will not lift the embargo": the declared refusal happened (CAMEO 12x), nothing is negated
        reading.modality.negated = False
        reading.modality.certainty = "reported" if reading.speaker is not None else "asserted"
        return lex.mapped("refuse_future", code)
    return lex.mapped(reading.code_map, code)


def _participants(tok: Token, by_i: dict[int, Frame]) -> list[Token]:
    """For a patient that is itself a nominal event ("hosted talks with X"), its parties."""
    f = by_i.get(tok.i)
    if f is None or f.kind != "noun":
        # "cut ties with Montenegro", "a joint commission with Iraq": the partner is the target
        partners = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in PARTICIPANT_PREPS
                    for o in conjuncts_of(c)]
        return [tok, *partners]
    out: list[Token] = []
    for prep in PARTICIPANT_PREPS:
        out += f.preps.get(prep, [])
    return out + f.agents


def _targets(f: Frame, p: Pattern, by_i: dict[int, Frame]) -> list[Token]:
    if p.target == "none":
        return []
    if p.target == "comp":  # "alleged that France knew": whom the clause is about
        clauses = [c for c in f.trigger.children if c.dep_ == "ccomp"]
        clauses += [k for c in clauses for k in c.children if k.dep_ == "conj" and k.pos_ in {"VERB", "AUX"}]
        return [s for c in clauses for k in c.children if k.dep_ in {"nsubj", "nsubjpass"} for s in conjuncts(k)]
    if p.target and p.target.startswith("prep:"):
        prep = p.target[5:]
        if f.preps.get(prep):
            return list(f.preps[prep])
        # "presented evidence against Russia": the preposition hangs on the object
        # ("advised against travel to Haiti": or on another preposition's object)
        holders = f.patients + [o for objs in f.preps.values() for o in objs]
        on_object = [o for t in holders for c in t.children if c.dep_ == "prep" and c.lower_ == prep
                     for o in conjuncts_of(c)]
        if on_object:
            return on_object
        if p.partner_only:
            return []  # "A and B discussed by phone …": each acts towards the other
    out: list[Token] = []
    for tok in f.patients + f.recipients:
        out += _participants(tok, by_i)
    if out:
        return out
    for prep in DEFAULT_TARGET_PREPS:
        if f.preps.get(prep):
            return list(f.preps[prep])
    return []


def _apply_appeal(d: Decision, content_targets: list[Token]) -> None:
    appealer = d.reading.appealer
    if appealer is None:
        return
    content_agents = [t for t in d.sources if t.i not in {a.i for a in appealer.agents}]
    d.sources = list(appealer.agents)
    # the appealed act itself is no addressee: "urged talks between A and B" urges nobody named, the
    # talks' sides are the targets
    content = {t.i for t in conjuncts(d.trigger)}
    urged = [t for t in appeal_targets(appealer) if t.i not in content]
    urged = urged or content_agents  # "wants Putin to attack …": Putin is urged
    d.targets = urged or content_targets
    d.how += f" → appeal by '{appealer.trigger.text}'"
    d.trigger = appealer.trigger  # the appeal is the event: "urged", "called for"
    d.governor_of.add(appealer.trigger.i)
    d.symmetric = False


def _verb(f: Frame, p: Pattern, by_i: dict[int, Frame], lex: Lexicon) -> Decision | None:
    reading = read_modality(f, lex)
    sources, targets = list(f.agents), _targets(f, p, by_i)
    parties_by = ""
    if p.reverse:  # "received weapons from X": X gives
        givers = f.preps.get("from") or [o for t in f.patients for c in t.children
                                          if c.dep_ == "prep" and c.lower_ == "from" for o in conjuncts_of(c)]
        sources, targets = list(givers), list(f.agents)
    elif not sources and f.passive and _from_origin(p.code or "") and f.preps.get("from"):
        # "a mortar was fired at Israel from the Gaza Strip": where the fire came from is the attacker;
        # "inspectors were expelled from North Korea": the country expelling them
        sources = list(f.preps["from"])
        parties_by = "where the act came from"
    elif not sources and f.passive and (p.code or "")[:2] == "08":
        # "UN sanctions against Iran were lifted": whoever imposed them lifts them
        sources = [a for t in f.patients if lemma_of(t) in lex.classes.get("sanctions", ()) for a in _owner(t)]
        parties_by = "the imposer of the measure"
    d = Decision(trigger=f.trigger, code=_final_code(p.code or "", reading, f.negated, lex), pattern=p,
                 sources=sources, targets=targets, reading=reading, symmetric=p.symmetric,
                 how=f"verb {p.describe()}", fallback_targets=_patient_complements(f, p), parties_by=parties_by)
    if reading.appealer is not None:
        _apply_appeal(d, targets or sources)
    _fold_intent_governor(d, f, lex)
    return d


NOUN_TARGET_PREPS = ("to", "for", "against", "on", "with", "of", "at")


# Attacks whose origin ("fired from X") stands for the unnamed attacker, and expulsions ("expelled
# from X") whose origin is the expelling state.
ORIGIN_CODES = ("166", "174")


def _from_origin(code: str) -> bool:
    return code[:2] in ATTACK_ROOTS or code.startswith(ORIGIN_CODES)


def _owner(noun: Token) -> list[Token]:
    """The named owner of a measure: "UN sanctions", "Washington's embargo"."""
    return [c for c in noun.children if c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN"]


def _patient_complements(f: Frame, p: Pattern) -> list[Token]:
    """The parties named inside the patient phrase: "support to Lebanon", "attacks on Israel" (not
    for a partner-only joint act: "discussed the situation in X" is a topic)."""
    if p.target == "none" or p.reverse or p.partner_only:
        return []
    return [o for tok in f.patients for c in tok.children
            if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS for o in conjuncts_of(c)]


def conjuncts_of(prep: Token) -> list[Token]:
    return [o for c in prep.children if c.dep_ == "pobj" for o in conjuncts(c)]


def _fold_intent_governor(d: Decision, f: Frame, lex: Lexicon) -> None:
    if f.governor is not None and d.reading.code_map in {"intent", "threat", "consider", "keep"}:
        d.governor_of.add(f.governor.i)  # "threatened to cut ties": one event, the threat


# CAMEO roots of verbs that react to an act named as their subject: comment, praise, criticise, reject.
REACTION_ROOTS = frozenset({"01", "05", "11", "12"})


def _noun(f: Frame, p: Pattern, by_i: dict[int, Frame], matched: dict[int, Pattern | None],
          lex: Lexicon, notes: list[str]) -> Decision | None:
    gov = f.governor
    gp = matched.get(gov.i) if gov is not None else None
    rel = f.governor_rel or ""
    participants = sides_of(f)
    # "Israel's strikes on Gaza were condemned by Turkey": an act with its own party that is the
    # subject of a reaction to it (praise, criticism, rejection, comment) happened, and is an event
    # of its own; as the object ("condemned Israel's strikes") or under an act on it ("UN sanctions
    # were lifted") it is what the verb is about
    gov_root = gp.code[:2] if gp is not None and gp.code else None
    own_subject = (rel.startswith("nsubj") and bool(f.agents or participants) and gov_root in REACTION_ROOTS
                   and gov_root != (p.code or "")[:2])
    if gov_root is not None and not own_subject:
        return None  # the governing verb is the event ("condemned the attacks", "hosted talks")
    gov_lemma = lemma_of(gov) if gov is not None else ""
    classes = lex.governor_class(gov_lemma) if gov is not None else []
    command = gov is not None and gov_lemma in COMMAND_VERBS and rel == "dobj"  # "ordered the arrest of X"
    if not command and gov is not None and set(classes) & {"appeal", "demand", "intend", "refuse"} and rel in {
            "dobj", "pobj:for", "pobj:on", "pobj:to"}:
        return _governed_noun(f, p, lex, participants)
    if p.content and not command:
        return None
    light = by_i.get(gov.i) if gov is not None else None
    carried = command or (gov_lemma in p.light if p.light is not None else gov_lemma in lex.light_verbs)
    if gov is not None and rel in LIGHT_RELS and carried:
        if light is None:
            light = verb_frame(gov)
        sources = light.agents + [a for a in f.agents if a.i not in {x.i for x in light.agents}]
        sources = sources or participants  # "talks between Kabul and Tashkent were held"
        return _noun_decision(f, p, lex, sources, light, by_i, f"noun {p.describe()} carried by '{gov.text}'")
    own = f.agents or participants
    if own and (gov is None or rel.startswith(("nsubj", "pobj")) or gov_lemma in lex.noun_subject_verbs):
        sources = f.agents or participants
        return _noun_decision(f, p, lex, sources, None, by_i, f"noun {p.describe()} with its own parties")
    notes.append(f"'{f.trigger.text}': nominal trigger without parties or light verb")
    return None


def _noun_decision(f: Frame, p: Pattern, lex: Lexicon, sources: list[Token], light: Frame | None,
                   by_i: dict[int, Frame], how: str) -> Decision:
    reading = read_modality(f, lex, light=light)
    merged = Frame(trigger=f.trigger, kind="noun", lemma=f.lemma, patients=[], preps=dict(f.preps))
    if light is not None:
        for key, toks in light.preps.items():
            merged.preps.setdefault(key, toks)
        merged.recipients = list(light.recipients)  # "sent a message to X" (a dative "to")
    targets = [t for t in _targets(merged, p, by_i) if t.i not in {s.i for s in sources}]
    if not targets and p.symmetric and p.code and p.code.startswith("06"):
        targets = list(merged.preps.get("in", []))  # "joint drills in Uzbekistan and Tajikistan"
    negated = f.negated or (light.negated if light else False)
    d = Decision(trigger=f.trigger, code=_final_code(p.code or "", reading, negated, lex), pattern=p,
                 sources=sources, targets=targets, reading=reading, symmetric=p.symmetric, how=how)
    if reading.appealer is not None:
        _apply_appeal(d, targets)
    if light is not None:
        d.governor_of.add(light.trigger.i)
    return d


def _governed_noun(f: Frame, p: Pattern, lex: Lexicon, participants: list[Token]) -> Decision | None:
    """"called for talks between A and B", "urged restraint", "demanded the release of …"."""
    reading = read_modality(f, lex)
    if reading.code_map is None and not reading.modality.negated:
        return None
    gov = verb_frame(f.governor) if f.governor is not None else None
    content_targets = participants or f.agents or list(f.preps.get("of", [])) or list(f.preps.get("with", []))
    code = _final_code(p.code or "", reading, f.negated, lex)
    d = Decision(trigger=f.trigger, code=code, pattern=p, sources=list(gov.agents) if gov else [],
                 targets=content_targets, reading=reading, how=f"noun {p.describe()} under '{f.governor}'")
    if reading.appealer is not None:
        _apply_appeal(d, content_targets)
    if gov is not None:
        d.governor_of.add(gov.trigger.i)
    return d


PRONOUNS = {"he", "she", "they", "it", "we", "i"}
REFUSABLE = {"03", "04", "05", "06", "07", "08"}


def _speaker_pronouns(d: Decision) -> bool:
    """"Obama and Putin said they will attack Iraq": the pronoun is the speaker (True when replaced)."""
    speaker = d.reading.speaker
    if speaker is not None and d.sources and all(t.lower_ in PRONOUNS for t in d.sources):
        d.sources = list(speaker.agents)
        d.parties_by = "the speaker for a pronoun"
        return True
    return False


CLAIM_VERBS = {"claim", "admit", "acknowledge", "boast", "confirm"}


def _claims_responsibility(d: Decision) -> bool:
    """"The group claimed that it had attacked the base": CAMEO 015, not the attack itself."""
    speaker = d.reading.speaker
    return (speaker is not None and speaker.lemma in CLAIM_VERBS and d.code[:2] in {"17", *ATTACK_ROOTS}
            and d.reading.modality.tense != "future")


# Speakers that pass on news rather than accuse: "state media reported", "the agency said".
NEWS_MEDIA = frozenset("media medium newspaper television tv radio broadcaster correspondent reporter journalist "
                       "outlet daily channel website wire newswire press".split())


def _reported_accusation(d: Decision) -> list[Decision]:
    """"Israel said Hamas fired rockets": besides the reported attack, the speaker accuses (112)."""
    speaker = d.reading.speaker
    if speaker is None or d.code[:2] not in ATTACK_ROOTS or not speaker.agents or not d.sources:
        return []
    if d.pattern is None or d.pattern.kind != "verb":
        return []  # "deaths because of the Afghan war" names no attacker to accuse
    if {t.i for t in d.sources} & {t.i for t in speaker.agents}:
        return []
    if all(lemma_of(t) in NEWS_MEDIA for t in speaker.agents):
        return []  # "state media reported": attribution of the news, not an accusation
    reading = ModalReading()
    reading.modality.certainty, reading.modality.tense = "asserted", d.reading.modality.tense
    return [Decision(trigger=speaker.trigger, code="112", pattern=None, sources=list(speaker.agents),
                     targets=list(d.sources), reading=reading, needs_target=True,
                     how=f"'{speaker.trigger.text}' reports an attack by another party → accusation 112")]


def _evaluations(sent: Span, lex: Lexicon, coded: set[int]) -> list[Decision]:
    """Reported evaluations: "Lavrov said the American mission had failed" → the speaker criticises."""
    ev = lex.evaluations
    out: list[Decision] = []
    for tok in sent:
        if tok.lemma_.lower() not in lex.governors["say"] or tok.pos_ != "VERB":
            continue
        speaker = verb_frame(tok)
        for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i not in coded):
            code = _evaluation_code(clause, ev)
            subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if code is None or not subjects or not speaker.agents:
                continue
            reading = ModalReading()
            reading.modality.certainty, reading.speaker = "reported", speaker
            reading.modality.tense = "present" if tok.tag_ in {"VBZ", "VBP"} else "past"
            out.append(Decision(trigger=clause, code=code, pattern=None, sources=list(speaker.agents),
                                targets=conjuncts(subjects[0]), reading=reading,
                                how=f"reported evaluation '{clause.lemma_}' → {code}",
                                quote=quote_for(sent, clause)))
    return out


BARE_APPEAL = {"urge": "020", "call": "020", "appeal": "020", "ask": "020", "press": "020", "encourage": "020",
               "implore": "020", "exhort": "020", "push": "020", "lobby": "020", "plead": "020",
               "demand": "100", "order": "100", "insist": "100"}


# "called for reforms", "pushed for a new constitution": an appeal (020) even with no one named,
# as long as the caller resolves to a country (the coder drops verbal acts of bare sectors).
APPEAL_FOR = {"call", "push", "press", "appeal", "lobby", "plead"}


def _bare_appeals(frames: list[Frame], lex: Lexicon, folded: set[int]) -> list[Decision]:
    """"urged Kabul to show restraint": an appeal to a named party whose content no pattern codes."""
    out: list[Decision] = []
    for f in frames:
        code = BARE_APPEAL.get(f.lemma)
        if f.kind != "verb" or code is None or f.trigger.i in folded or not f.agents:
            continue
        has_content = any(c.dep_ in {"xcomp", "ccomp"} for c in f.trigger.children) or "for" in f.preps
        targets = appeal_targets(f)
        asked_for = f.lemma in APPEAL_FOR and any(o.pos_ == "NOUN" for o in f.preps.get("for", []))
        if not asked_for and (not (has_content and targets) or (
                f.lemma == "call" and not f.preps.get("on") and not f.preps.get("upon"))):
            continue
        reading = read_modality(f, lex)
        reading.modality.certainty = "demanded"
        out.append(Decision(trigger=f.trigger, code=code, pattern=None, sources=list(f.agents), targets=targets,
                            reading=reading, how=f"bare appeal '{f.lemma}' to a named party → {code}"))
    return out


def _evaluation_code(clause: Token, ev: dict[str, frozenset[str]]) -> str | None:
    lemma = clause.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in clause.children)
    if lemma in ev["negative_verbs"]:
        return "051" if negated else "111"
    if lemma == "be":
        for c in clause.children:
            if c.dep_ in {"acomp", "attr"}:
                word = c.lemma_.lower()
                if word in {"responsible", "guilty", "complicit"} and not negated:
                    return "112"
                if word in ev["negative_adjectives"]:
                    return "051" if negated else "111"
                if word in ev["positive_adjectives"] and not negated:
                    return "051"
    return None


def _drop_purposes(decisions: list[Decision]) -> list[Decision]:
    """"met Assad to discuss …": the purpose clause repeats the meeting it serves."""
    roots = {d.trigger.i: d.code[:2] for d in decisions}
    return [d for d in decisions
            if not (d.trigger.dep_ in {"advcl", "xcomp", "conj"} and roots.get(d.trigger.head.i) == d.code[:2]
                    and d.trigger.i != d.trigger.head.i and not d.targets)]


def _drop_folded_governors(decisions: list[Decision]) -> list[Decision]:
    """A generic governor event ("demanded", "threatened") gives way to the content it governs."""
    def folded_by_other(d: Decision) -> bool:
        return any(e is not d and d.trigger.i in e.governor_of and e.trigger.i != d.trigger.i for e in decisions)

    return [d for d in decisions
            if not (folded_by_other(d) and (d.pattern is None or d.pattern.specificity == 0))]
