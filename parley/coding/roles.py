"""The learned argument model: which phrase of a sentence is an event's source, which its target.

For one event candidate (a :class:`~parley.coding.decide.Decision`: a trigger with the rules'
choice of parties) every phrase head of the sentence is a candidate — noun-phrase heads, each
member of a coordination, possessors ("Russia's offer"), name-bearing modifiers ("Russian aid"),
by-agents, prepositional objects, appositions, pronouns. A multinomial logistic regression over
sparse features of the parse — the dependency path from the trigger, voice, preposition, distance,
whether the rules chose it, what the knowledge base knows of it, the trigger's class, and for a
common noun the noun head's word-level score (:class:`NounParties`) — scores each as source,
target or neither.

The weights (``data/roles-v1.npz``: a feature vocabulary and a float32 matrix, no sentences) are
rebuilt deterministically by ``scripts/train_roles.py`` from the train part of the gold sets with
marked parties plus parley's own annotated sentences; docs/ACCURACY.md has the model card.
Inference is numpy only.

The rules and the model meet in :func:`choose`: the model's best phrase wins when it is confident;
otherwise the rules' choice stands (docs/CODING.md, "Who the parties are").
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from parley.coding.decide import several_sources
from parley.nlp.dates import MONTHS, WEEKDAYS

WEIGHTS = Path(__file__).with_name("data") / "roles-v1.npz"
ROLES = ("none", "source", "target")
MAX_PATH = 5
_NOUNS = {"NOUN", "PROPN", "PRON"}
_TIME_WORDS = frozenset(w.lower() for w in WEEKDAYS + MONTHS) | frozenset(
    "today yesterday tomorrow tonight morning afternoon evening night week weekend month year day hour "
    "minute time decade century period moment".split())


@dataclass(frozen=True, slots=True)
class Candidate:
    """One phrase head that may be a party of the event."""

    token: Token
    kind: str  # "head", "modifier" (possessor, nationality adjective, name before a noun)


@dataclass(slots=True)
class Scored:
    candidate: Candidate
    probs: np.ndarray  # over ROLES

    @property
    def source(self) -> float:
        return float(self.probs[1])

    @property
    def target(self) -> float:
        return float(self.probs[2])


@dataclass(slots=True)
class RoleChoice:
    """The parties the model chose (argument heads, as the rules give them), with its scores."""

    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    scored: list[Scored] = field(default_factory=list)
    how: str = ""
    # further targets, best first, to try when the chosen ones name no actor: above the threshold,
    # in the trigger's own clause, not what the act is about, not the source
    alternatives: list[Token] = field(default_factory=list)

    def describe(self, top: int = 3) -> list[str]:
        """The top candidates per role, for ``--explain``."""
        lines = []
        for k, role in ((1, "source"), (2, "target")):
            best = sorted(self.scored, key=lambda s: -float(s.probs[k]))[:top]
            lines.append(f"role model {role}: " + ", ".join(
                f"{_label(s.candidate.token)} {float(s.probs[k]):.2f}" for s in best))
        if self.how:
            lines.append(f"role model: {self.how}")
        return lines


def _label(tok: Token) -> str:
    return f"'{tok.text}'"


# --------------------------------------------------------------------------- candidates


def candidates(sent: Span, trigger: Token, event_nouns: Container[str] = ()) -> list[Candidate]:
    """Every phrase head of ``sent`` that could be a party of the event ``trigger`` names.

    Nouns that name events (``event_nouns``: "the attacks", "talks") are no party: their own
    parties ("Russian strikes" → "Russian") are candidates instead.
    """
    out: list[Candidate] = []
    for tok in sent:
        if tok.i == trigger.i or tok.lower_ in _TIME_WORDS or tok.like_num:
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in event_nouns:
            continue
        if tok.pos_ in _NOUNS:
            if tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN":
                continue  # a word inside a name: "Mohammad" in "Mohammad Javad Zarif"
            if tok.pos_ == "PRON" and tok.lower_ not in PERSONAL:
                continue
            kind = "modifier" if tok.dep_ in {"poss", "compound", "nmod"} and tok.head.pos_ == "NOUN" else "head"
            out.append(Candidate(tok, kind))
        elif tok.pos_ == "ADJ" and tok.text[:1].isupper() and tok.dep_ in {"amod", "compound", "nmod"}:
            out.append(Candidate(tok, "modifier"))  # "Russian aid", "Afghan government"
    return out


PERSONAL = frozenset("he she they it we i you him her them us".split())


# --------------------------------------------------------------------------- features


def _arc(tok: Token) -> str:
    if tok.dep_ in {"prep", "agent"}:
        return f"{tok.dep_}:{tok.lower_}"
    return tok.dep_


def dep_path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Arcs up from ``a`` to the lowest common ancestor, and down from it to ``b``."""
    up_nodes = [a, *a.ancestors]
    where = {t.i: k for k, t in enumerate(up_nodes)}
    down: list[str] = []
    t = b
    while t.i not in where:
        down.append(_arc(t))
        if t.head.i == t.i:
            return [_arc(x) for x in up_nodes], list(reversed(down))  # different trees
        t = t.head
    up = [_arc(x) for x in up_nodes[:where[t.i]]]
    return up, list(reversed(down))


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11+"


def features(d: Any, cand: Candidate, kinds: dict[int, str], mates: set[int], noun_p: float | None = None
             ) -> list[str]:
    """Sparse features of one (event candidate, phrase head) pair.

    ``kinds`` maps token indices inside a knowledge-base mention to the mention's kind (country,
    person, organisation, …); ``mates`` holds the tokens of the rules' sources and targets;
    ``noun_p`` is the noun head's party-likeness of a common-noun candidate (:class:`NounParties`).
    """
    trig, tok = d.trigger, cand.token
    up, down = dep_path(trig, tok)
    long = len(up) + len(down) > MAX_PATH
    path = "LONG" if long else "^".join(up) + "|" + ">".join(down)
    root = d.code[:2]
    voice = "pass" if _passive(trig) else "act"
    tkind = "verb" if trig.pos_ in {"VERB", "AUX"} else "noun"
    side = "before" if tok.i < trig.i else "after"
    kb = kinds.get(tok.i) or _modifier_kind(tok, kinds)
    rule = ("src" if tok.i in {t.i for t in d.sources} else
            "tgt" if tok.i in {t.i for t in d.targets} else
            "fb" if tok.i in {t.i for t in d.fallback_targets} else "no")
    speaker = d.reading.speaker
    f = [
        "bias", f"path={path}", f"path={path}|{voice}", f"path={path}|{tkind}", f"path={path}|root={root}",
        f"up={len(up)}", f"down={len(down)}", f"side={side}", f"dist={_bucket(abs(tok.i - trig.i))}",
        f"side={side}|{voice}", f"rule={rule}", f"rule={rule}|root={root}", f"rule={rule}|{tkind}",
        f"kb={kb}", f"kb={kb}|rule={rule}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}",
        f"ckind={cand.kind}", f"ckind={cand.kind}|{side}", f"tkind={tkind}|{voice}", f"root={root}",
    ]
    inside_trigger = trig.left_edge.i <= tok.i <= trig.right_edge.i
    f += [f"insub={inside_trigger}", f"verbs={min(_verbs_between(tok, trig), 3)}",
          f"topic={via_topic(tok, trig)}", f"clause={same_clause(tok, trig)}"]
    if down:
        f += [f"d1={down[0]}", f"dl={down[-1]}", f"d1={down[0]}|{voice}", f"d1={down[0]}|root={root}"]
        if len(down) >= 2:
            f.append(f"d2={down[-2]}>{down[-1]}")
    if up:
        f += [f"u1={up[0]}", f"u1={up[0]}|{tkind}"]
    preps = [a.split(":", 1)[1] for a in down if ":" in a]
    if preps:
        f += [f"prep={preps[-1]}", f"prep={preps[-1]}|root={root}", f"prep={preps[-1]}|{voice}"]
    if tok.pos_ == "PRON":
        f.append(f"pron={tok.lower_}")
    if speaker is not None and tok.i in {t.i for t in speaker.agents}:
        f += ["speaker", f"speaker|root={root}"]
    if d.reading.appealer is not None:
        f.append(f"appeal|path={path}")
    if tok.i in mates:
        f.append("mate")
    if any(c.dep_ == "conj" for c in tok.children) or tok.dep_ == "conj":
        f.append("coordinated")
    if tok.text[:1].isupper():
        f.append("capital")
    if d.symmetric:
        f += ["symmetric", f"symmetric|path={path}"]
    if d.pattern is not None and d.pattern.reverse:  # "received weapons from X": X gives
        f += ["reverse", f"reverse|path={path}", f"reverse|rule={rule}"]
    if noun_p is not None:  # what the words say: "prisoners" may be a party, "the release" is not
        b = min(int(noun_p * NOUN_BUCKETS), NOUN_BUCKETS - 1)
        f += [f"noun={b}", f"noun={b}|kb={kb}", f"noun={b}|rule={rule}"]
    return f


NOUN_BUCKETS = 5


def _verbs_between(tok: Token, trig: Token) -> int:
    """Verbs on the way up from the candidate to the trigger (clauses it sits in, not the trigger's)."""
    n = 0
    for a in tok.ancestors:
        if a.i == trig.i:
            break
        n += a.pos_ in {"VERB", "AUX"}
    return n


def _lowest_common(a: Token, b: Token) -> Token | None:
    above = {t.i for t in (a, *a.ancestors)}
    return next((t for t in (b, *b.ancestors) if t.i in above), None)


def same_clause(tok: Token, trig: Token) -> bool:
    """Is the candidate in the trigger's own clause (no other verb on the path between them)?"""
    top = _lowest_common(tok, trig)
    if top is None:
        return False
    for end in (tok, trig):
        for a in end.ancestors:
            if a.i == top.i:
                break
            if a.pos_ in {"VERB", "AUX"}:
                return False
    return True


def via_topic(tok: Token, trig: Token) -> bool:
    """Is the candidate inside what the act is about ("discussed the situation in Afghanistan")?"""
    from parley.coding.actors_link import TOPIC_NOUNS

    for a in tok.ancestors:
        if a.i == trig.i:
            return False
        if a.lemma_.lower() in TOPIC_NOUNS:
            return True
    return False


def _direct_subject(d: Any) -> bool:
    """The rules' source is the noun the trigger's relative clause modifies ("the ministers from
    Poland, who later praised Berlin"): the parse says who acts, whatever else the sentence names."""
    trig = d.trigger
    return trig.dep_ == "relcl" and any(t.i == trig.head.i for t in d.sources)


def _passive(trig: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in trig.children)


def _modifier_kind(tok: Token, kinds: dict[int, str]) -> str:
    """The kind of a mention inside the candidate's own phrase ("the Afghan government" → country)."""
    for c in tok.lefts:
        if c.i in kinds:
            return "mod-" + kinds[c.i]
    return "none"


def mention_kinds(sent: Span, mentions: Iterable[Any], offset: int) -> dict[int, str]:
    """Token index → kind of the knowledge-base mention covering it (mentions in document offsets)."""
    out: dict[int, str] = {}
    spans = [(m.start - offset, m.end - offset, m.resolutions[0].kind if m.resolutions else "unknown")
             for m in mentions]
    for tok in sent:
        a = tok.idx
        for s, e, kind in spans:
            if s <= a < e:
                out[tok.i] = kind
                break
    return out


# --------------------------------------------------------------------------- the model


class RoleModel:
    """Scores candidates as none/source/target; loads ``data/roles-v1.npz``."""

    version = "roles-v1"

    def __init__(self, vocab: Sequence[str], weights: np.ndarray, bias: np.ndarray,
                 thresholds: dict[str, float], nouns: NounParties | None = None):
        self.index = {f: i for i, f in enumerate(vocab)}
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.thresholds = thresholds
        self.nouns = nouns
        self.noun_feature = any(f.startswith("noun=") for f in vocab)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> RoleModel:
        return _load(str(path))

    def noun_p(self, tok: Token) -> float | None:
        """The noun head's score of a common-noun candidate (None for other candidates, or when
        the weights carry no noun head or the role model was trained without its feature)."""
        if self.nouns is None or tok.pos_ != "NOUN" or not self.noun_feature:
            return None
        return self.nouns(tok)

    def probs(self, rows: Sequence[list[str]]) -> np.ndarray:
        out = np.tile(self.bias, (len(rows), 1))
        for r, feats in enumerate(rows):
            idx = [self.index[f] for f in feats if f in self.index]
            if idx:
                out[r] += self.weights[idx].sum(axis=0)
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=1, keepdims=True)
        return out

    def score(self, d: Any, sent: Span, kinds: dict[int, str], event_nouns: Container[str] = ()) -> list[Scored]:
        cands = candidates(sent, d.trigger, event_nouns)
        mates = {t.i for t in (*d.sources, *d.targets)}
        rows = [features(d, c, kinds, mates, self.noun_p(c.token)) for c in cands]
        probs = self.probs(rows) if rows else np.zeros((0, 3), dtype=np.float32)
        return [Scored(c, probs[k]) for k, c in enumerate(cands)]


@lru_cache(maxsize=4)
def _load(path: str) -> RoleModel:
    with np.load(path, allow_pickle=False) as z:
        thresholds = dict(zip([str(k) for k in z["threshold_names"]], [float(v) for v in z["thresholds"]],
                              strict=True))
        nouns = NounParties(z["noun_lemma"], z["noun_text"], float(z["noun_bias"])) if "noun_lemma" in z else None
        return RoleModel([str(v) for v in z["vocab"]], z["weights"], z["bias"], thresholds, nouns)


class NounParties:
    """How likely a common noun is to name a party of an event ("prisoners", "the delegation",
    "truck drivers") rather than a thing, a topic or a time ("trade", "the ban", "martial law").

    A logistic regression over the static word-piece embeddings of all-MiniLM (the shipped encoder
    graph's input table) of the noun's lemma and of its form, trained by ``scripts/train_roles.py``
    on the common-noun candidates of the gold sets (a gold party or not). Being linear in the mean
    of word-piece vectors, it is stored as one score per word piece for each of the two, so a noun
    costs two tokenisations and a few lookups — no encoder pass; unseen nouns are scored from their
    pieces' vectors, which is what lets it reach nouns the gold sets never mark.
    """

    def __init__(self, lemma: np.ndarray, text: np.ndarray, bias: float):
        self.lemma = lemma.astype(np.float32)
        self.text = text.astype(np.float32)
        self.bias = bias
        self._memo: dict[tuple[str, str], float] = {}  # per process; news reuses few nouns

    def __call__(self, tok: Token) -> float:
        """P(party) of a common-noun phrase head."""
        return self.score(tok.lemma_.lower(), tok.lower_)

    def score(self, lemma: str, form: str) -> float:
        key = (lemma, form)
        found = self._memo.get(key)
        if found is None:
            logit = self.bias
            for word, table in ((lemma, self.lemma), (form, self.text)):
                ids = word_pieces(word)
                if ids:
                    logit += float(table[ids].mean())
            if len(self._memo) > 200_000:
                self._memo.clear()
            found = self._memo[key] = float(1.0 / (1.0 + np.exp(-logit)))
        return found


def word_pieces(word: str) -> list[int]:
    """The encoder's word-piece ids of one word (no [CLS]/[SEP]): what the noun head is fit and run on."""
    return list(_tokenizer().encode(word, add_special_tokens=False).ids)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from tokenizers import Tokenizer

    from parley.coding.encoder import TOKENIZER

    return Tokenizer.from_file(str(TOKENIZER))


def choose(d: Any, scored: list[Scored], thresholds: dict[str, float]) -> RoleChoice:
    """Who wins: the model's best source and target when confident, else the rules' choice.

    * Source: when the rules found a source, the model's best phrase at least ``source`` replaces
      it if the model scores the rules' own choice lower; its coordinated members come along
      ("Russia and China agreed"). When the rules found none, nobody is added: the rules drop such
      events on purpose (a reduced participle, a source with no name).
    * Target: the model's best phrase at least ``target`` (other than the source) is added when the
      rules chose none, or replaces theirs when it scores more than ``margin`` above the rules' choice.
    * A name-bearing modifier stands for the phrase it modifies ("Georgian" in "Georgian
      demonstrators" is the demonstrators), and a phrase already chosen by the rules is kept as they
      chose it.
    """
    choice = RoleChoice(sources=list(d.sources), targets=list(d.targets), scored=scored)
    if not scored:
        return choice
    if d.proposed:
        return _free_choice(d, scored, thresholds)
    fixed = rule_made(d)
    if fixed and (d.targets or fixed == "a joint act"):
        choice.how = f"the rules' parties stand (a construction the rules decide: {fixed})"
        return choice
    by_i = {s.candidate.token.i: s for s in scored}
    notes = [f"the rules' sources stand ({fixed})"] if fixed else []
    if d.sources and not fixed and not _direct_subject(d):
        best, p, rule_p = _best(scored, 1, d.sources, exclude=set())
        if best is not None and p >= thresholds["source"] and p > rule_p + thresholds["source_margin"]:
            choice.sources = _with_conjuncts(best, by_i, 1, thresholds["source"] / 2)
            notes.append(f"source '{best.text}' ({p:.2f}) over the rules' ({rule_p:.2f})")
    taken = {t.i for t in choice.sources} | {t.i for h in choice.sources for t in _phrase_tokens(h)}
    taken |= {s.candidate.token.i for s in scored if via_topic(s.candidate.token, d.trigger)}
    best, p, rule_p = _best(scored, 2, d.targets, exclude=taken)
    if best is not None and p >= thresholds["target"] and (not d.targets or p > rule_p + thresholds["margin"]):
        choice.targets = _with_conjuncts(best, by_i, 2, thresholds["target"] / 2)
        notes.append(f"target '{best.text}' ({p:.2f}) over the rules' ({rule_p:.2f})" if d.targets else
                     f"target '{best.text}' ({p:.2f}); the rules had none")
    choice.targets = [t for t in choice.targets if t.i not in taken]
    chosen = taken | {t.i for t in choice.targets}
    choice.alternatives = [s.candidate.token for s in sorted(scored, key=lambda s: -s.target)
                           if s.target >= thresholds["target"] and s.candidate.token.i not in chosen
                           and same_clause(s.candidate.token, d.trigger)]
    choice.how = "; ".join(notes) or "the rules' parties stand"
    return choice


def _free_choice(d: Any, scored: list[Scored], thresholds: dict[str, float]) -> RoleChoice:
    """Parties of an event the rules did not find (a type-model proposal): the model's best source,
    then its best target among the other phrases."""
    by_i = {s.candidate.token.i: s for s in scored}
    choice = RoleChoice(scored=scored)
    best, p, _ = _best(scored, 1, [], exclude=set())
    if best is None:
        return choice
    choice.sources = _with_conjuncts(best, by_i, 1, thresholds["source"] / 2)
    taken = {t.i for h in choice.sources for t in _phrase_tokens(h)}
    taken |= {s.candidate.token.i for s in scored if via_topic(s.candidate.token, d.trigger)}
    tgt, q, _ = _best(scored, 2, [], exclude=taken)
    if tgt is not None:
        choice.targets = _with_conjuncts(tgt, by_i, 2, thresholds["target"] / 2)
    choice.how = f"proposal: source '{best.text}' ({p:.2f}), target " + (f"'{tgt.text}' ({q:.2f})" if tgt else "none")
    return choice


def rule_made(d: Any) -> str:
    """Why the rules alone decide this event's parties ("" when the model may choose).

    Constructions whose parties a rule sets on purpose, from knowledge the model does not have
    (the model may still add a target where such a rule found none, except to a joint act):
    events made by a rule rather than a lexicon pattern (reported evaluations and accusations,
    commitments, "must" demands), appeals ("urged X to …": the caller and the urged), reversed
    patterns ("received weapons from X", "faces criticism from X"), parties a rule found elsewhere
    (``Decision.parties_by``: where fire came from, the speaker for "they"), and joint acts of
    several parties ("A and B discussed …": each party towards the others).
    """
    if d.pattern is None:
        return "an event made by a rule"
    if d.parties_by:
        return d.parties_by
    if d.reading.appealer is not None:
        return "an appeal"
    if d.pattern.reverse:
        return "a reversed pattern"
    if d.symmetric and several_sources(d):
        return "a joint act"
    return ""


def phrase_head(tok: Token, by_i: dict[int, Scored]) -> Token:
    """A modifier candidate stands for the candidate phrase it modifies."""
    seen = 0
    while tok.i in by_i and by_i[tok.i].candidate.kind == "modifier" and tok.head.i in by_i and seen < 3:
        tok = tok.head
        seen += 1
    return tok


def _phrase_tokens(head: Token) -> list[Token]:
    return [t for t in head.subtree if t.i < head.i or t.i == head.i]


def _best(scored: list[Scored], k: int, rule: list[Token], exclude: set[int]
          ) -> tuple[Token | None, float, float]:
    """The model's best phrase head for role ``k`` (None when the rules already chose that phrase),
    its score, and the best score of the rules' own choice."""
    by_i = {s.candidate.token.i: s for s in scored}
    rule_heads = {t.i for t in rule}
    rule_p = 0.0
    for s in scored:
        if phrase_head(s.candidate.token, by_i).i in rule_heads:
            rule_p = max(rule_p, float(s.probs[k]))
    pool = [s for s in scored if s.candidate.token.i not in exclude
            and phrase_head(s.candidate.token, by_i).i not in exclude]
    if not pool:
        return None, 0.0, rule_p
    top = max(pool, key=lambda s: float(s.probs[k]))
    head = phrase_head(top.candidate.token, by_i)
    if head.i in rule_heads or _inside_name(head, rule):
        return None, float(top.probs[k]), rule_p
    return head, float(top.probs[k]), rule_p


def _inside_name(head: Token, rule: list[Token]) -> bool:
    """Whether ``head`` is a word of a proper name the rules chose as a whole ("Cooperation" in
    "the Organisation of Islamic Cooperation"): the name is the party, not one of its words."""
    return head.pos_ == "PROPN" and any(r.pos_ == "PROPN" and r.i != head.i and head in r.subtree for r in rule)


def _with_conjuncts(tok: Token, by_i: dict[int, Scored], k: int, floor: float) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        s = by_i.get(c.i)
        if s is not None and float(s.probs[k]) >= floor:
            out.append(c)
    return sorted(out, key=lambda t: t.i)
