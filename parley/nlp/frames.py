"""Predicate frames from a dependency parse: who does what to whom, with which words.

A :class:`Frame` is a verbal or nominal predicate with its arguments as spaCy tokens (heads of noun
phrases). It covers active and passive clauses, control and raising ("agreed to set up", "is ready
to provide"), object control ("urged Kabul to …"), coordination of subjects and of verbs,
appositions, relative clauses and nominal events ("talks between Kabul and the Taliban").
This module knows nothing of CAMEO: the coder decides what a frame means.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from parley.nlp.dates import month_as_date

SUBJ = {"nsubj", "csubj", "expl"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "oprd"}
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp"}
MODALS = {"will", "would", "shall", "should", "could", "can", "may", "might", "must", "'ll", "wo", "ca"}
NEGATORS = {"not", "n't", "never", "no"}
# Left-edge dependents that are part of a party's name ("Russia's Foreign Minister", "US-led").
_DROP_CHILDREN = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "parataxis", "prep_time"}


@dataclass
class Frame:
    """One predicate: trigger token, kind, and argument heads by role."""

    trigger: Token
    kind: str  # "verb" or "noun"
    lemma: str
    particle: str | None = None
    agents: list[Token] = field(default_factory=list)
    patients: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)  # dative: "gave Kabul aid"
    preps: dict[str, list[Token]] = field(default_factory=dict)
    passive: bool = False
    negated: bool = False
    modals: list[str] = field(default_factory=list)
    governor: Token | None = None  # verb (or adjective) this predicate is a complement of
    governor_rel: str | None = None  # xcomp, ccomp, dobj, pobj:for, nsubj …
    conditional: bool = False  # inside an "if"/"unless" clause
    appositions: dict[int, list[Token]] = field(default_factory=dict)  # arg head i → appos heads

    @property
    def args(self) -> list[Token]:
        out = self.agents + self.patients + self.recipients
        for toks in self.preps.values():
            out += toks
        return out

    def describe(self) -> str:
        def names(toks: list[Token]) -> str:
            return "+".join(t.text for t in toks) or "-"
        preps = " ".join(f"{p}:{names(t)}" for p, t in self.preps.items())
        lemma = self.lemma + (f" {self.particle}" if self.particle else "")
        return (f"{self.kind} '{lemma}' agents={names(self.agents)} patients={names(self.patients)}"
                + (f" {preps}" if preps else "") + (" passive" if self.passive else ""))


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("Kazakhstan, Kyrgyzstan and Russia")."""
    out = [token]
    for c in token.conjuncts:
        if c.i != token.i and c.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"} | {token.pos_}:
            out.append(c)
    # the parser reads "Kazakhstan, Kyrgyzstan, Tajikistan and Russia" as an apposition plus a list
    for c in token.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and token.pos_ == "PROPN" and any(
                g.dep_ == "conj" for g in c.children):
            out.extend(x for x in [c, *c.conjuncts] if x not in out)
    return sorted(set(out), key=lambda t: t.i)


def phrase(token: Token) -> Span:
    """The noun phrase headed by ``token`` without relative clauses, appositions or coordinated heads.

    "the government in Kabul and the Taliban, which …" → "the government in Kabul".
    """
    keep = _kept(token, top=True)
    lo, hi = min(keep), max(keep)
    doc = token.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return doc[lo:hi + 1]


def _kept(token: Token, top: bool) -> list[int]:
    out = [token.i]
    for child in token.children:
        if child.dep_ in _DROP_CHILDREN:
            continue
        if top and child.dep_ == "prep" and child.i > token.i and child.lower_ not in {"of", "in", "from"}:
            continue
        out.extend(_kept(child, top=False))
    return out


def _prep_objects(prep: Token) -> list[Token]:
    objs: list[Token] = []
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp", "dobj"}:
            objs.extend(conjuncts(child))
    if len(objs) == 1 and prep.lower_ in {"between", "among", "amongst"}:
        objs.extend(_nested_conjuncts(objs[0]))  # "between the government in Kabul and the Taliban"
    return objs


def _nested_conjuncts(head: Token) -> list[Token]:
    for tok in head.subtree:
        if tok.dep_ == "conj" and tok.head.i != head.i and tok.head.dep_ == "pobj":
            return [c for c in tok.head.conjuncts if c.i > tok.head.i]
    return []


def _collect_preps(head: Token, frame: Frame) -> None:
    for child in head.children:
        if child.dep_ == "prep" or (child.dep_ == "agent" and frame.kind == "noun"):
            key = child.lower_
            objs = _prep_objects(child)
            if objs:
                frame.preps.setdefault(key, []).extend(objs)
            # "attack on the base in Kabul" keeps both; nested "talks with the leaders of X" stays nested
        elif child.dep_ == "prt":
            frame.particle = child.lower_
        elif child.dep_ == "agent":
            frame.agents.extend(o for o in _prep_objects(child))
            frame.passive = True


def _negated(head: Token) -> bool:
    for child in head.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in {"advmod", "det", "neg"}):
            return True
    return False


def _modals(head: Token) -> list[str]:
    return [c.lower_ for c in head.children if c.dep_ == "aux" and c.lower_ in MODALS]


def _own_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subjects of a verb as (tokens, passive)."""
    # the parser sometimes hangs the subject on an auxiliary ("X however have opposed")
    kids = list(verb.children) + [g for c in verb.children if c.dep_ in {"aux", "auxpass"} for g in c.children]
    for child in kids:
        if child.dep_ in SUBJ | PASS_SUBJ and child.dep_ != "expl":
            if child.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
                child = verb.head  # "the Taliban, who attacked …"
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if child.pos_ == "ADP" and objs:
                child = objs[0]  # a mis-tagged first name ("Barack" as a preposition)
            return conjuncts(child), child.dep_ in PASS_SUBJ or any(c.dep_ in PASS_SUBJ for c in verb.children)
    # an acronym the tagger took for an adverb or a modifier: "USAID deployed teams"; a name the
    # parser took for a noun of time or measure: "Turkey hosted talks" (the bird)
    first = next(iter(verb.lefts), None)
    if (first is not None and first.dep_ in {"advmod", "npadvmod", "dep", "compound"}
            and (is_acronym(first) or (first.pos_ == "PROPN" and first.ent_type_ not in {"DATE", "TIME"}))
            and (verb.tag_ in {"VBD", "VBZ", "VBP"} or _perfect(verb) or _clause_as_noun_phrase(verb, first))):
        return [first], False
    return [], False


def _clause_as_noun_phrase(verb: Token, first: Token) -> bool:
    """A whole clause the parser read as one noun phrase: "Kazakhstan hosted consultations with …"
    parsed as a name, a participle modifying the root noun, and that noun ("Kazakhstan-hosted
    consultations"). Only at the start of the sentence, with the name written apart from the verb
    (a hyphenated "Qatar-hosted talks" is a real modifier)."""
    head = verb.head
    return (verb.dep_ == "amod" and verb.tag_ in {"VBD", "VBN"} and head.dep_ == "ROOT" and head.i > verb.i
            and head.pos_ == "NOUN" and first.i == verb.sent.start and bool(first.whitespace_))


def _perfect(verb: Token) -> bool:
    """"had announced", "has sent": a finite perfect (an auxiliary, no passive one)."""
    return (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
            and not any(c.dep_ == "auxpass" for c in verb.children))


def is_acronym(tok: Token) -> bool:
    """"USAID", "ICE", "NATO": an all-capital word of two letters or more."""
    text = tok.text.replace(".", "")
    return len(text) >= 2 and text.isalpha() and text.isupper()


def _relative_head(verb: Token) -> Token | None:
    """For "the Taliban, who attacked …" the noun the relative clause modifies."""
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _owner(noun: Token) -> list[Token]:
    """The named possessor of a noun and what is coordinated with it ("Russia's offer"; a pronoun,
    "its commitment", is not one)."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}), None)
    return conjuncts(owner) if owner is not None else []


def sides_of(frame: Frame) -> list[Token]:
    """The sides of "between A and B" / "among A, B and C" on a predicate."""
    return [t for prep in ("between", "among") for t in frame.preps.get(prep, [])]


def _inherited_agents(verb: Token) -> list[Token]:
    """Subjects of a verb that has none: coordination, control and relative clauses."""
    seen = 0
    node = verb
    while seen < 4:
        seen += 1
        rel_head = _relative_head(node)
        if rel_head is not None:
            return conjuncts(rel_head)
        if node.dep_ == "conj" and (node.head.pos_ in {"VERB", "AUX"} or node.head.dep_ in {"ROOT", "ccomp"}):
            subj, passive = _own_subjects(node.head)
            if subj and not passive:
                return subj
            node = node.head
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.lower_ in {"by", "after", "before", "while"}:
            node = node.head.head  # "China helped by donating supplies": the subject of the main verb
            subj, passive = _own_subjects(node)
            if subj and not passive:
                return subj
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ == "NOUN":
            # "the UN's commitment to supporting Lebanon", "renewed its commitment to helping Kabul":
            # the noun's owner, else the subject of the verb whose object the noun is
            noun = node.head.head
            if owner := _owner(noun):
                return owner
            if noun.dep_ in OBJ and noun.head.pos_ == "VERB":
                subj, passive = _own_subjects(noun.head)
                if subj and not passive:
                    return subj
            break
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ in {"nsubj", "nsubjpass"}:
            return conjuncts(node.head)  # "the coalition fighting the rebels declared …": the coalition fights
        to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ == "acl" and to_inf and (owner := _owner(node.head)):
            return owner  # "Kazakhstan's decision to send flour": Kazakhstan sends
        if node.dep_ == "acl" and (node.tag_ == "VBG" or to_inf) and node.head.dep_ in OBJ:
            node = node.head.head  # "issued a statement urging Kabul …": the issuer urges
            subj, passive = _own_subjects(node)
            if subj and not passive:
                return subj
            continue
        if node.dep_ in {"xcomp", "advcl"} or (node.dep_ == "acomp"):
            gov = node.head
            # object control: "urged Kabul to stop" → Kabul does the stopping
            objs = [c for c in gov.children if c.dep_ in {"dobj", "obj"} and c.pos_ in {"PROPN", "NOUN", "PRON"}]
            if objs and node.dep_ == "xcomp":
                return conjuncts(objs[0])
            subj, passive = _own_subjects(gov)
            if subj and (not passive or node.dep_ == "xcomp"):
                return subj  # "Obama is scheduled to attend": a raised passive subject acts too
            node = gov
            continue
        break
    return []


def _governor(head: Token) -> tuple[Token | None, str | None]:
    dep = head.dep_
    if dep in {"xcomp", "ccomp", "advcl", "acomp", "relcl", "csubj"}:
        return head.head, dep
    if dep == "conj" and head.head.pos_ in {"VERB", "AUX"}:
        return _governor(head.head)
    if dep == "pcomp" and head.head.dep_ == "prep":
        return head.head.head, f"pcomp:{head.head.lower_}"
    if dep == "acl" and _object_infinitive(head):
        return _object_infinitive(head), "xcomp"
    return None, None


def _object_infinitive(verb: Token) -> Token | None:
    """The verb whose coordinated object the parser hung a to-infinitive on: "urged the government
    and the opposition to resume talks" (``resume`` an acl of "opposition"): ``urged``."""
    noun = verb.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or noun.dep_ != "conj":
        return None
    first = noun.head
    while first.dep_ == "conj":
        first = first.head
    return first.head if first.dep_ in {"dobj", "obj"} and first.head.pos_ == "VERB" else None


def _conditional(head: Token) -> bool:
    node: Token | None = head
    for _ in range(4):
        if node is None:
            break
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in node.children):
            return True
        node = node.head if node.head.i != node.i else None
    return False


# Lemmatizer slips on news verbs ("staged" → "stag").
LEMMA_FIXES = {"stag": "stage", "pressur": "pressure"}
NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "conj", "compound"}


def lemma_of(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma)


def _modifier_agents(head: Token) -> list[Token]:
    """Capitalised modifiers that name a party: "Russia's strikes", "Israeli tank shelling"."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ == "poss" or (child.i < head.i and child.dep_ in {"compound", "amod", "nmod"}
                                     and child.pos_ in {"PROPN", "ADJ", "NOUN"} and child.text[:1].isupper()
                                     and child.lower_ != "joint"):  # "Joint exercises of …" opening a sentence
            out.extend(conjuncts(child))
        elif child.dep_ == "compound" and child.i < head.i:
            out.extend(_modifier_agents(child))  # "Israeli tank shelling"
    return out


def _means_agents(means: Token) -> list[Token]:
    """Who wields the means of a passive: "Israeli shelling", "an air strike by government forces"."""
    found = _modifier_agents(means)
    if not found:
        found = [o for c in means.children if c.dep_ == "prep" and c.lower_ == "by"
                 for g in c.children if g.dep_ == "pobj" for o in conjuncts(g)]
    return found


# Weapons and attacks that appear as the agent of a passive ("blown up by a missile"); the party is
# whoever fired them, when the sentence says so ("a missile fired by rebels").
INSTRUMENTS = frozenset("missile rocket bomb shell mortar grenade drone mine explosive device artillery airstrike "
                        "strike attack explosion blast shelling gunfire bullet projectile warhead".split())


def _wielders(tok: Token) -> list[Token]:
    """Who fired a weapon, from the participle that modifies it: "a missile (believed to be) fired by X"."""
    for verb in tok.subtree:
        if verb.pos_ == "VERB" and verb.i != tok.i:
            found = [o for c in verb.children if c.dep_ == "agent" for o in _prep_objects(c)]
            if found:
                return found
    return []


def _through_instruments(agents: list[Token]) -> list[Token]:
    out: list[Token] = []
    for a in agents:
        out.extend((_wielders(a) or [a]) if lemma_of(a) in INSTRUMENTS else [a])
    return out


def _main_verb_as_relative(verb: Token, has_object: bool) -> bool:
    """Is this ``acl`` of the sentence's root noun its main verb? A past tense (VBD) always; a
    participle with an object ("the ministers signed an accord"), or with a prepositional object
    and an infinitive ("the four countries called on Kabul to …": a passive reading has neither)."""
    if verb.tag_ == "VBD" or has_object:
        return verb.tag_ in {"VBD", "VBN"}
    return (verb.tag_ == "VBN" and any(c.dep_ == "xcomp" for c in verb.children)
            and any(c.dep_ == "prep" and any(o.dep_ == "pobj" for o in c.children) for c in verb.children))


def verb_frame(verb: Token) -> Frame:
    """The frame of a verbal predicate."""
    frame = Frame(trigger=verb, kind="verb", lemma=lemma_of(verb))
    subjects, passive = _own_subjects(verb)
    frame.passive = passive or verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
    has_object = any(c.dep_ in OBJ for c in verb.children)
    # "the civilians imprisoned for …": the noun a passive participle modifies is its patient
    reduced_passive = (not subjects and verb.dep_ == "acl" and verb.tag_ == "VBN"
                       and not (has_object and verb.head.dep_ == "ROOT"))
    if passive:
        frame.patients.extend(subjects)
    elif not subjects and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
        frame.patients.extend(_inherited_agents(verb))  # "… and were released by X": shared subject, passive
    elif not reduced_passive:
        frame.agents.extend(subjects or _inherited_agents(verb))
    gerund = not frame.agents and verb.tag_ == "VBG" and verb.dep_ in NOMINAL_DEPS
    if gerund:
        frame.agents.extend(_modifier_agents(verb))  # a gerund used as a noun: "Israeli shelling"
    if subjects and verb.dep_ == "amod" and _clause_as_noun_phrase(verb, subjects[0]):
        frame.patients.extend(conjuncts(verb.head))  # "Kazakhstan hosted consultations": the root noun is its object
    if not subjects and verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and _main_verb_as_relative(verb, has_object):
        # a main verb misparsed as a reduced relative: "the extended troika called on the Taliban
        # to …" (a past tense, VBD, is never a reduced relative; a participle with an object neither)
        frame.agents.extend(conjuncts(verb.head))
    elif not subjects and verb.dep_ == "acl" and verb.tag_ == "VBN":
        frame.patients.extend(conjuncts(verb.head))  # "the civilians imprisoned by …"
        frame.passive = True
    for child in verb.children:
        if child.dep_ in OBJ:
            frame.patients.extend(conjuncts(child))
        elif child.dep_ == "dative":
            frame.recipients.extend(_prep_objects(child) if child.pos_ == "ADP" else conjuncts(child))
    _collect_preps(verb, frame)
    if gerund and not frame.agents:  # "fighting between the Taliban and the NRF": both sides act
        frame.agents.extend(sides_of(frame))
    if frame.passive and any(lemma_of(a) in INSTRUMENTS for a in frame.agents):
        # the weapon stays what the act was done with ("by" for the lexicon), its wielder is the agent
        frame.preps.setdefault("by", []).extend(a for a in frame.agents if lemma_of(a) in INSTRUMENTS)
        frame.agents[:] = _through_instruments(frame.agents)
    if not frame.agents and frame.passive:
        # "were killed in Israeli shelling": the attacker is named inside the means
        frame.agents.extend(a for p in ("in", "during") for o in frame.preps.get(p, []) for a in _means_agents(o))
    frame.negated = _negated(verb)
    frame.modals = _modals(verb)
    frame.governor, frame.governor_rel = _governor(verb)
    frame.conditional = _conditional(verb)
    _note_appositions(frame)
    return frame


# Nouns that only count or group the events in their "of" phrase: "a round of talks".
CONTAINERS = {"round", "series", "wave", "spate", "string", "set", "cycle", "week", "day", "session"}


def noun_frame(noun: Token) -> Frame:
    """The frame of a nominal event ("talks between Kabul and the Taliban", "Russian air strikes")."""
    frame = Frame(trigger=noun, kind="noun", lemma=lemma_of(noun))
    frame.agents.extend(_modifier_agents(noun))
    _collect_preps(noun, frame)
    if not frame.agents and frame.preps.get("by"):
        # a nominalisation's by-phrase is its agent: "a visit by the minister", "the release of hostages by Hamas"
        frame.agents.extend(o for o in frame.preps["by"] if lemma_of(o) not in INSTRUMENTS)
    if not frame.agents and frame.preps.get("of") and any(c.dep_ == "amod" and c.lower_ == "joint" for c in noun.children):
        # a joint act is its "of" parties': "joint exercises of Russia and Uzbekistan"
        frame.agents.extend(frame.preps["of"])
    head = noun.head
    if (noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN"
            and lemma_of(head.head) in CONTAINERS):
        # "began a new round of joint exercises": the container's verb carries the event
        outer = noun_frame(head.head)
        frame.governor, frame.governor_rel = outer.governor, outer.governor_rel
    elif noun.dep_ in OBJ and head.pos_ in {"VERB", "AUX"}:
        frame.governor, frame.governor_rel = head, "dobj"
    elif noun.dep_ == "pobj" and head.dep_ in {"prep", "agent"}:
        frame.governor, frame.governor_rel = head.head, f"pobj:{head.lower_}"
    elif noun.dep_ in SUBJ | PASS_SUBJ:
        frame.governor, frame.governor_rel = head, noun.dep_
    elif noun.dep_ == "conj":
        base = noun_frame(head) if head.pos_ == "NOUN" else None
        if base is not None:
            frame.governor, frame.governor_rel = base.governor, base.governor_rel
    frame.negated = any(c.lower_ in {"no"} for c in noun.children)
    _note_appositions(frame)
    return frame


def _note_appositions(frame: Frame) -> None:
    for tok in frame.args:
        apps = [c for c in tok.children if c.dep_ == "appos"]
        if apps:
            frame.appositions[tok.i] = apps


def is_month(tok: Token) -> bool:
    """A capitalised month name used as a date (:func:`parley.nlp.dates.month_as_date`: "on March 8",
    "8 March", "in March", "since March") — not a march.

    >>> import spacy; nlp = spacy.blank("en")
    >>> [is_month(t) for t in nlp("They held a march on 8 March")]
    [False, False, False, False, False, False, True]
    """
    return tok.text[:1].isupper() and month_as_date(tok.doc.text, tok.idx, tok.idx + len(tok.text))


def extract_frames(sent: Span, noun_triggers: Container[str] = ()) -> list[Frame]:
    """Every verbal predicate of the sentence, and nominal ones whose lemma is in ``noun_triggers``.

    >>> [f.lemma for f in extract_frames(nlp("Moscow hosted talks with the Taliban")[:], {"talk"})]  # doctest: +SKIP
    ['host', 'talk']
    """
    frames: list[Frame] = []
    for tok in sent:
        if (tok.pos_ == "VERB" and tok.dep_ == "amod" and tok.i < tok.head.i and tok.tag_ in {"VBN", "VBD"}
                and not any(_clause_as_noun_phrase(tok, c) for c in tok.lefts)):
            continue  # a participle before its noun names a state, not an event: "the besieged town"
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
            frames.append(verb_frame(tok))
        elif (tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in noun_triggers
              and not (tok.pos_ == "PROPN" and tok.dep_ == "compound" and tok.head.pos_ == "PROPN")
              and not is_month(tok)):
            # (a word inside a name is no event: the "Treaty" of the Collective Security Treaty Organization)
            frames.append(noun_frame(tok))
        elif tok.pos_ == "ADJ" and tok.dep_ in {"acomp", "ROOT", "oprd", "xcomp"} and tok.lemma_.lower() in noun_triggers:
            frames.append(verb_frame(tok))  # "is ready to provide", "was responsible for"
    return frames
