"""The trigger lexicon (``data/triggers.yaml``): patterns, word classes, governors and code maps.

A pattern turns a frame into a CAMEO code when its conditions hold; the most specific pattern of a
lemma wins (the YAML lists them most specific first). The lexicon also gives the prefilter its
set of surface forms, so only sentences with a candidate trigger word reach the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from parley.coding import cameo
from parley.nlp.frames import Frame, lemma_of

# Past tenses and participles the suffix rules below cannot guess.
IRREGULAR = {
    "meet": ["met"], "hold": ["held"], "send": ["sent"], "give": ["gave", "given"], "fight": ["fought"],
    "strike": ["struck", "stricken"], "shoot": ["shot"], "take": ["took", "taken"], "seek": ["sought"],
    "tell": ["told"], "say": ["said"], "begin": ["began", "begun"], "lead": ["led"], "fly": ["flew", "flown"],
    "withdraw": ["withdrew", "withdrawn"], "freeze": ["froze", "frozen"], "beat": ["beaten"],
    "forgive": ["forgave", "forgiven"], "break off": ["broke", "broken"], "undertake": ["undertook",
    "undertaken"], "have": ["had", "has"], "make": ["made"], "pay": ["paid"], "lend": ["lent"],
    "think": ["thought"], "write": ["wrote", "written"], "set up": ["set"], "cut": ["cut"], "put": ["put"],
    "shoot down": ["shot"], "blow up": ["blew", "blown"], "seize": ["seized"], "lie": ["lied", "lying"],
    "rise": ["rose", "risen"], "bring": ["brought"], "know": ["knew", "known"], "wage": ["waged"],
    "sell": ["sold"], "buy": ["bought"], "win": ["won"], "lose": ["lost"], "keep": ["kept"],
    "hand over": ["handed"], "step down": ["stepped"], "pull out": ["pulled"], "crack down": ["cracked"],
    "swear": ["swore", "sworn"], "speak": ["spoke", "spoken"], "draw": ["drew", "drawn"],
}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One lexicon pattern for a lemma."""

    lemma: str
    code: str | None  # None: the pattern matches but means "not an event" (blocks weaker patterns)
    kind: str  # "verb" or "noun"
    prep: str | None = None
    pobj: frozenset[str] | None = None
    obj: frozenset[str] | None = None
    mod: frozenset[str] | None = None
    comp: frozenset[str] | None = None  # lemma of a clausal complement ("declined to comment")
    target: str | None = None
    symmetric: bool = False
    reverse: bool = False  # "received weapons from X": X is the source
    content: bool = False  # only an event under a governor ("called for calm")
    light: frozenset[str] | None = None  # only these governing light verbs carry it
    naming: bool | None = None  # False: not when the verb names its object ("called it a victory")

    @property
    def partner_only(self) -> bool:
        """A joint act whose other side is only the partner its preposition names ("discussed by
        phone with X"): what the parties discussed is a topic, never a target."""
        return self.symmetric and (self.target or "").startswith("prep:")

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.prep, self.pobj, self.obj, self.mod, self.comp))

    def describe(self) -> str:
        parts = [self.lemma]
        if self.prep:
            parts.append(f"+{self.prep}")
        for name, cls in (("pobj", self.pobj), ("obj", self.obj), ("mod", self.mod), ("comp", self.comp)):
            if cls:
                parts.append(f"{name}∈{{{','.join(sorted(cls)[:4])}{'…' if len(cls) > 4 else ''}}}")
        return " ".join(parts) + f" → {self.code}"


@dataclass
class Lexicon:
    verbs: dict[str, list[Pattern]]
    nouns: dict[str, list[Pattern]]
    classes: dict[str, frozenset[str]]
    light_verbs: frozenset[str]
    noun_subject_verbs: frozenset[str]
    governors: dict[str, frozenset[str]]
    maps: dict[str, dict[str, str]]
    evaluations: dict[str, frozenset[str]]
    adjectives: frozenset[str] = frozenset()  # predicate adjectives coded like verbs ("is skeptical of")
    surface_forms: frozenset[str] = field(default_factory=frozenset)

    def governor_class(self, lemma: str) -> list[str]:
        return [name for name, words in self.governors.items() if lemma in words]

    def noun_lemmas(self) -> set[str]:
        """Lemmas that start a nominal frame (nominal triggers and adjectival governors)."""
        adjectives = {w for w in self.governors["intend"] | self.governors["hypothetical"]
                      if w.endswith(("ed", "y", "ing", "le")) or w in {"due", "set", "keen", "ready"}}
        return set(self.nouns) | adjectives | set(self.adjectives)

    def mapped(self, name: str, code: str) -> str:
        """The code a governor map turns ``code`` into (longest prefix wins; "keep" keeps it)."""
        table = self.maps[name]
        for n in range(len(code), 0, -1):
            if code[:n] in table:
                value = table[code[:n]]
                return code if value == "keep" else value
        return code


def _words(value: Any, classes: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """A class name, a list of words and class names, or None."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    out: set[str] = set()
    for item in items:
        out |= classes.get(item, frozenset({item}))
    return frozenset(out)


def _pattern(lemma: str, kind: str, spec: dict[str, Any], classes: dict[str, frozenset[str]]) -> Pattern:
    code = spec.get("code")
    if code is not None and not cameo.is_code(str(code)):
        raise ValueError(f"triggers.yaml: {lemma}: unknown CAMEO code {code!r}")
    return Pattern(
        lemma=lemma, code=None if code is None else str(code), kind=kind, prep=spec.get("prep"),
        pobj=_words(spec.get("pobj"), classes), obj=_words(spec.get("obj"), classes),
        mod=_words(spec.get("mod"), classes), comp=_words(spec.get("comp"), classes), target=spec.get("target"),
        symmetric=bool(spec.get("symmetric")), reverse=bool(spec.get("reverse")),
        content=bool(spec.get("content")), light=_words(spec.get("light"), {}), naming=spec.get("naming"),
    )


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads "on", "off", "yes", "no" as booleans; here they are words (prepositions)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    """A lemma listed twice would silently lose its first patterns: refuse it."""
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ValueError(f"triggers.yaml line {key_node.start_mark.line + 1}: '{key}' is listed twice")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon, parsed and validated once per process."""
    text = resources.files("parley.coding").joinpath("data/triggers.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    classes = {name: frozenset(str(w) for w in words) for name, words in raw["classes"].items()}
    verbs = {lemma: [_pattern(lemma, "verb", s, classes) for s in specs]
             for lemma, specs in {**raw["verbs"], **raw.get("adjectives", {})}.items()}
    nouns = {lemma: [_pattern(lemma, "noun", s, classes) for s in specs] for lemma, specs in raw["nouns"].items()}
    maps = {name: {str(k): str(v) for k, v in table.items()} for name, table in raw["maps"].items()}
    lex = Lexicon(
        verbs=verbs, nouns=nouns, classes=classes, light_verbs=frozenset(raw["light_verbs"]),
        noun_subject_verbs=frozenset(raw["noun_subject_verbs"]),
        governors={k: frozenset(v) for k, v in raw["governors"].items()}, maps=maps,
        evaluations={k: frozenset(v) for k, v in raw["evaluations"].items()},
        adjectives=frozenset(raw.get("adjectives", {})),
    )
    lex.surface_forms = frozenset(_surface_forms(lex))
    return lex


def inflections(lemma: str) -> set[str]:
    """Likely surface forms of an English verb or noun lemma (over-generation is harmless).

    >>> sorted(inflections("stop"))[:4]
    ['stop', 'stopped', 'stopping', 'stops']
    """
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(IRREGULAR.get(lemma, []))
    return forms


def _surface_forms(lex: Lexicon) -> set[str]:
    forms: set[str] = set()
    lemmas = set(lex.verbs) | set(lex.nouns) | lex.governors["appeal"] | lex.governors["demand"] | \
        lex.evaluations["negative_verbs"] | \
        lex.evaluations["negative_adjectives"] | lex.evaluations["positive_adjectives"]
    for lemma in lemmas:
        for form in inflections(lemma):
            forms.add(form.split()[0])  # "set up" → "set": the particle is checked by the parser
    return forms


_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def has_candidate(text: str, lex: Lexicon) -> bool:
    """Whether a sentence contains a word that could be a trigger (the cheap prefilter)."""
    forms = lex.surface_forms
    return any(m.group(0).lower() in forms for m in _WORD.finditer(text))


# --------------------------------------------------------------------------- pattern matching


def lemmas_of(tokens: list[Token]) -> set[str]:
    """Lemmas (and lower-cased words) of the phrases headed by ``tokens``."""
    out: set[str] = set()
    for tok in tokens:
        for t in tok.subtree:
            if t.dep_ in {"relcl", "acl"}:
                break
            out.add(t.lemma_.lower())
            out.add(t.lower_)
    return out


def _modifier_lemmas(frame: Frame) -> set[str]:
    out: set[str] = set()
    for child in frame.trigger.children:
        if child.dep_ in {"compound", "amod", "nmod", "npadvmod"} or (child.dep_ == "prep" and frame.kind == "verb"):
            out |= {t.lemma_.lower() for t in child.subtree}
            out |= {p for t in child.subtree for p in t.lower_.split("-")}
    return out


def pattern_holds(p: Pattern, frame: Frame) -> bool:
    """Whether every condition of ``p`` holds on ``frame``."""
    preps = frame.preps
    if p.prep == "by" and frame.passive and frame.agents and "by" not in preps:
        preps = {**preps, "by": frame.agents}  # a passive's agent: "was blown up by the army"
    if p.prep is not None and p.prep not in preps:
        return False
    if p.naming is False and any(c.dep_ in {"oprd", "ccomp", "xcomp"} for c in frame.trigger.children):
        return False
    if p.pobj is not None:
        objs = preps.get(p.prep, []) if p.prep else [o for v in preps.values() for o in v]
        if not lemmas_of(objs) & p.pobj:
            return False
    if p.obj is not None:
        objs = frame.patients + frame.recipients if not frame.passive else frame.patients
        if not lemmas_of(objs) & p.obj:
            return False
    if p.mod is not None and not _modifier_lemmas(frame) & p.mod:
        return False
    if p.comp is not None and not {c.lemma_.lower() for c in frame.trigger.children
                                   if c.dep_ in {"xcomp", "ccomp"}} & p.comp:
        return False
    return True


def match(frame: Frame, lex: Lexicon) -> Pattern | None:
    """The first (most specific) pattern of the frame's lemma whose conditions hold."""
    table = lex.verbs if frame.kind == "verb" else lex.nouns
    lemma = frame.lemma + (f" {frame.particle}" if frame.particle and frame.kind == "verb" else "")
    candidates = table.get(lemma) or (table.get(frame.lemma) if lemma != frame.lemma else None) or []
    best = [p for p in candidates if pattern_holds(p, frame)]
    if not best:
        return None
    governor = lemma_of(frame.governor) if frame.governor is not None else None

    def carried(p: Pattern) -> int:
        """A pattern for certain light verbs ("stage a strike" → 143) fits best under one of them
        and worst elsewhere ("Israel's strikes on Gaza" are no labour strike)."""
        return 1 if p.light is None else 2 if governor in p.light else 0

    return max(best, key=lambda p: (p.specificity, carried(p), -candidates.index(p)))
