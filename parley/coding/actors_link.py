"""Parse tokens → resolved actors (ActorRef with document offsets) through the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.nlp.dates import MONTHS, WEEKDAYS
from parley.nlp.frames import INSTRUMENTS, is_acronym

_DROP_TOP = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "parataxis"}
_DROP_NESTED = {"relcl", "acl", "advcl", "parataxis"}
_KEEP_PREPS = {"of", "in", "from", "for"}


@dataclass
class Party:
    """One resolved party of an event: its ActorRef and resolution confidence."""

    ref: Any  # parley.records.ActorRef
    confidence: float
    head: Token


def phrase_of(head: Token, parse: Doc, offset: int) -> tuple[Span, int]:
    """The party phrase headed by ``head`` and its start offset in the document."""
    lo, hi = party_span(head)
    span = parse[lo:hi + 1]
    return span, offset + span.start_char


def party_span(token: Token) -> tuple[int, int]:
    """Token range [lo, hi] of the party headed by ``token``.

    Top-level coordination and relative clauses are cut ("Russia and China" → two parties), but
    coordination inside "of" and "from" phrases stays ("the foreign ministers of Kazakhstan, … and
    Russia", "envoys from China and Russia").
    """
    keep = _kept(token, top=True)
    lo, hi = min(keep), max(keep)
    doc = token.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in {"cc", "case"} and doc[lo].i != token.i):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc" or doc[hi].tag_ == "POS"):
        hi -= 1
    return lo, hi


def inside_phrase(word: Token, heads: list[Token]) -> bool:
    """Whether ``word`` is a word of the party phrase of one of ``heads``, other than its head
    ("India" in "the defence ministers of India")."""
    for h in heads:
        lo, hi = party_span(h)
        if h.i != word.i and lo <= word.i <= hi and h.is_ancestor(word):
            return True
    return False


def _kept(token: Token, top: bool, under_of: bool = False) -> list[int]:
    out = [token.i]
    for child in token.children:
        if child.dep_ in (_DROP_TOP if top else _DROP_NESTED):
            continue
        if child.dep_ in {"conj", "cc"} and not under_of:
            continue  # "the government in Kabul and the Taliban" is two parties
        if child.dep_ == "prep" and child.i > token.i and child.lower_ not in _KEEP_PREPS:
            continue
        of = under_of or (child.dep_ == "prep" and child.lower_ in {"of", "from"})
        out.extend(_kept(child, top=False, under_of=of))
    return out


def _listed_span(token: Token) -> tuple[int, int]:
    """Token range of an "of" object with the members coordinated with it."""
    lo, hi = party_span(token)
    keep = _kept(token, top=False, under_of=True)
    lo, hi = min(lo, min(keep)), max(hi, max(keep))
    doc = token.doc
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return lo, hi


# Quantity and part nouns whose "of" object names the party: "dozens of Russian peacekeepers".
PART_NOUNS = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions",
              "number", "group", "contingent", "member", "some", "many", "most", "all", "several", "few",
              "majority", "part", "unit", "batch", "team", "representative", "delegate"}


LED = {"lead", "led", "head", "headed"}


def _candidate_ranges(head: Token) -> list[tuple[int, int]]:
    """Token ranges to try, widest first: the party phrase, its apposition, then name-bearing modifiers.

    "Russia's Foreign Minister Sergey Lavrov" → the whole phrase, then "Russia"; "the American
    mission in Afghanistan" → the phrase, then "American".
    """
    lo, hi = party_span(head)
    out = [(lo, hi)]
    out += [party_span(app) for app in head.children if app.dep_ == "appos"]
    core = min([c.i for c in head.children if c.i < head.i and c.dep_ in CORE_DEPS], default=head.i)
    if lo < core and any(c.i < core and c.dep_ == "prep" for c in head.children):
        # a root noun the parser hung a fronted phrase on ("In a joint statement, the four
        # countries called …"): the noun phrase itself
        out.append((core, head.i))
    if (head.i, head.i) != (lo, hi):
        out.append((head.i, head.i))
    if head.lemma_.lower() in PART_NOUNS or head.pos_ == "NUM":
        # "hundreds of UN troops", "members of the Afghan army": the whole is the party
        # (with its coordination: "representatives of Russia, China and Pakistan")
        out += [_listed_span(o) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                for o in c.children if o.dep_ == "pobj"]
    # "the delegation, led by Taliban negotiator X": whom a delegation or mission is led by
    leaders = [o for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in LED
               for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    out += [r for o in leaders for r in [party_span(o)] + [(m.i, m.i) for m in o.subtree
                                                          if m.i < o.i and m.dep_ in {"compound", "amod"}]]
    stack = [c for c in head.children if c.i < head.i and c.dep_ in {"amod", "compound", "poss", "nmod"}]
    while stack:
        mod = stack.pop(0)
        out.append(party_span(mod) if mod.dep_ in {"poss", "compound"} else (mod.i, mod.i))
        stack.extend(c for c in mod.children if c.i < mod.i and c.dep_ in {"compound", "poss", "amod", "nmod"})
    return out


CORE_DEPS = {"det", "predet", "nummod", "amod", "compound", "poss", "quantmod"}


# Plural group nouns that, unresolved, refer back to the parties of the article's previous event.
GROUP_NOUNS = {"minister", "leader", "official", "side", "envoy", "delegation", "party", "country",
               "state", "government", "participant", "diplomat", "representative", "president", "head"}


def _bare_group(head: Token) -> bool:
    """"the ministers", "both sides": a plural group noun with nothing that names its members."""
    if head.tag_ != "NNS" or head.lemma_.lower() not in GROUP_NOUNS:
        return False
    kids = list(head.children)
    return any(c.lower_ in {"the", "both", "all"} for c in kids) and all(
        c.dep_ in {"det", "predet"} or (c.dep_ == "amod" and not c.text[:1].isupper()) for c in kids)


# Nouns for what an act is about, never whom it is aimed at, whatever place follows them.
TOPIC_NOUNS = frozenset("situation issue crisis conflict war unrest problem question matter development "
                        "developments security peace process future affair affairs event events case topic agenda "
                        "prospect prospects stability tension tensions violence fighting economy election "
                        "elections reform reforms policy programme program project".split())


class ActorLinker:
    """Resolves argument heads with the knowledge base, with sentence and document context."""

    def __init__(self, kb: Any):
        self.kb = kb
        self.previous: list[Party] = []  # the last event's sources in the current document

    def new_document(self) -> None:
        self.previous = []

    def remember(self, sources: list[Party]) -> None:
        if sources:
            self.previous = sources

    def document_context(self, text: str, date: str | None) -> Any:
        try:
            return self.kb.document_context(text, date)
        except AttributeError:  # an older or user-supplied KB without coreference
            return None

    def parties(self, heads: list[Token], parse: Doc, offset: int, date: str | None, doc_ctx: Any,
                *, whereabouts: bool = False) -> list[Party]:
        """Resolved parties for argument heads; unresolvable heads are left out, duplicates merged.

        ``whereabouts`` (for targets): a head that names no country takes the country of its
        "from"/"in" phrase — "dissidents from Egypt" → EGY + their sector, "refineries in Iran" → IRN.
        """
        out: list[Party] = []
        seen: set[str] = set()
        for head in heads:
            if _bare_group(head) and len(self.previous) > 1:
                found = list(self.previous)  # "The ministers condemned …" after "X and Y met"
            else:
                found = self._resolve_head(head, parse, offset, date, doc_ctx)
            if not found and _bare_group(head):
                found = list(self.previous)
            if whereabouts and not any(p.ref.country for p in found):
                found = self._whereabouts(head, found, parse, offset, date, doc_ctx) or found
            for party in found:
                if party.ref.code not in seen:
                    seen.add(party.ref.code)
                    out.append(party)
        return out

    def _whereabouts(self, head: Token, weak: list[Party], parse: Doc, offset: int, date: str | None,
                     doc_ctx: Any) -> list[Party]:
        from parley.records import ActorRef

        objs = [(c.lower_, o) for c in head.children if c.dep_ == "prep" and c.lower_ in {"from", "in", "near"}
                for o in c.children if o.dep_ == "pobj"]
        if head.lemma_.lower() in TOPIC_NOUNS:
            return []  # "the situation in Afghanistan" is what is talked about, not a party
        if head.pos_ == "PROPN" and head.dep_ in {"dobj", "obj", "nsubjpass"}:
            objs.insert(0, ("itself", head))  # "shelled Kharkiv": the town itself, when it is what was acted on
        for prep, obj in objs:
            # "ministers from the Georgian government": whom they come from; "refineries in Iran":
            # a country only, never an actor that happens to be there
            found = self._resolve_head(obj, parse, offset, date, doc_ctx)
            places = [p for p in found if p.ref.country and (prep == "from" or p.ref.code == p.ref.country)]
            if len(places) == 1:
                country, confidence, sector = places[0].ref.country, places[0].confidence, places[0].ref.sector
            elif (prep in {"in", "near", "itself"} and (country := _city_country(obj))
                  and all(p.ref.country == country for p in found)):
                # "a maternity hospital in Mariupol", "a police station in Peshawar", "a bridge near
                # Raqqa", "shelled Kharkiv": a town the gazetteer knows (a capital is its country
                # here, not its government)
                confidence, sector = 0.8, None
            else:
                continue
            sector = next((p.ref.sector for p in weak if p.ref.sector), None) or sector
            span, start = phrase_of(head, parse, offset)
            ref = ActorRef(text=span.text, start=start, end=start + len(span.text), code=country + (sector or ""),
                           country=country, sector=sector, confidence=round(confidence * 0.7, 3),
                           reason=f"country of the '{parse[obj.i].text}' phrase")
            return [Party(ref, confidence * 0.7, head)]
        return []

    def _resolve_head(self, head: Token, parse: Doc, offset: int, date: str | None, doc_ctx: Any) -> list[Party]:
        weak: list[Party] = []
        for a, b in _candidate_ranges(head):
            found = self._resolve_range(parse, a, b, offset, date, doc_ctx)
            strong = [p for p in found if p.ref.country]
            if strong:
                return strong
            weak = weak or found  # a sector without a country ("officials") only if nothing better
        return weak or _titled_unknown(head, parse, offset)

    def _resolve_range(self, parse: Doc, lo: int, hi: int, offset: int, date: str | None,
                       doc_ctx: Any) -> list[Party]:
        from parley.actors import ResolutionContext

        span = parse[lo:hi + 1]
        text = span.text
        start = offset + span.start_char
        ctx = ResolutionContext(document=doc_ctx, offset=start)
        try:
            found = self.kb.resolve_span(text, date, ctx)
        except Exception:  # noqa: BLE001 - a KB failure on one span must not stop a batch
            found = []
        return [Party(r.to_actor_ref(text, start, start + len(text)), float(r.confidence), parse[lo])
                for r in found if r.code]


# A town this big is taken for the one of its name without a country named beside it.
CITY_POPULATION = 100_000


def _city_country(obj: Token) -> str | None:
    """The country of a named town or region ("Lashkar Gah", "Mariupol") in the offline gazetteer:
    the name must be a proper noun whose best match is a city or region, either a big one or one in
    a country the sentence names (a small "Pando" is as likely another country's)."""
    from parley.coding.places import gazetteer

    if obj.pos_ != "PROPN":
        return None
    gaz = gazetteer()
    name = " ".join(t.text for t in obj.subtree if t.i <= obj.i and (t.pos_ == "PROPN" or t.i == obj.i))
    best = gaz.resolve(name, context=obj.sent.text)
    if best is None or best.kind not in {"city", "region"} or not best.country:
        return None
    named = gaz.country_names.get(best.country, "\0") in obj.sent.text
    return best.country if best.population >= CITY_POPULATION or named else None


# Titles that say what kind of actor an otherwise unknown named person or group is.
TITLE_SECTORS = {
    "president": "GOV", "minister": "GOV", "premier": "GOV", "governor": "GOV", "mayor": "GOV",
    "chancellor": "GOV", "king": "GOV", "spokesman": "GOV", "spokeswoman": "GOV", "spokesperson": "GOV",
    "ambassador": "GOV", "envoy": "GOV", "secretary": "GOV", "senator": "LEG", "lawmaker": "LEG",
    "congressman": "LEG", "congresswoman": "LEG", "legislator": "LEG", "general": "MIL",
    "commander": "MIL", "colonel": "MIL", "judge": "JUD", "prosecutor": "JUD", "rebel": "REB",
    "militant": "INS", "insurgent": "INS", "jihadist": "INS", "guerrilla": "REB", "warlord": "REB",
}


def _titled_unknown(head: Token, parse: Doc, offset: int) -> list[Party]:
    """A named person or group the knowledge base does not know, typed by its title.

    "Defence Minister Jane Roe" → GOV, "rebel commander John Doe" → REB, "the militant group
    Al-Foo" → INS: a name (proper noun) must be there — a bare "the president" stays unresolved,
    since only the article could tell whose president. The country is left to the coder.
    """
    span, start = phrase_of(head, parse, offset)
    if not any(t.pos_ == "PROPN" for t in span):
        return []
    sectors = [TITLE_SECTORS[t.lemma_.lower()] for t in span if t.lemma_.lower() in TITLE_SECTORS]
    if not sectors:
        return []
    from parley.records import ActorRef

    sector = "REB" if "REB" in sectors else "INS" if "INS" in sectors else sectors[0]
    ref = ActorRef(text=span.text, code=sector, sector=sector, start=start, end=start + len(span.text),
                   confidence=0.4, reason="unknown name with a title or sector word")
    return [Party(ref, 0.4, head)]



# Proper nouns that name a time, not an actor ("Tuesday said …" is a parse error, not a person).
TIME_NAMES = frozenset(WEEKDAYS + MONTHS)


def unknown_named(head: Token, parse: Doc, offset: int) -> list[Party]:
    """A named actor the knowledge base does not know: its text, no code, no country.

    "Reliance Jio agreed to build a cable station" happened whoever Reliance Jio is; the event keeps
    the name (``code`` None, nothing guessed) so that it counts as an event and the gap in the
    knowledge base shows. Only a phrase with a proper noun at its head or in its head's compounds
    qualifies — "critics", "the report" or "Tuesday" never do.
    """
    span, start = phrase_of(head, parse, offset)
    names = [t for t in span if (t.pos_ == "PROPN" or is_acronym(t))
             and (t.i == head.i or t.head.i == head.i and t.dep_ in {"compound", "nmod", "poss"})]
    if (not names or any(t.lower_ in TIME_NAMES for t in names) or head.pos_ == "PRON"
            or head.lemma_.lower() in INSTRUMENTS):
        return []
    from parley.records import ActorRef

    ref = ActorRef(text=span.text, code=None, start=start, end=start + len(span.text), confidence=0.3,
                   reason="a name the knowledge base does not know")
    return [Party(ref, 0.3, head)]


def unnamed_party(head: Token, parse: Doc, offset: int, likeness: float) -> list[Party]:
    """A party named by a common noun nothing resolves ("37 prisoners", "the truck drivers"): its
    text, no code, no country; ``likeness`` is the noun head's probability that the noun names a
    party (:class:`parley.coding.roles.NounParties`), kept in the reason."""
    from parley.records import ActorRef

    span, start = phrase_of(head, parse, offset)
    ref = ActorRef(text=span.text, code=None, start=start, end=start + len(span.text), confidence=0.2,
                   reason=f"a party nothing resolves (a common noun, party-likeness {likeness:.2f})")
    return [Party(ref, 0.2, head)]


# Documents that "say", "allege" or "accuse" on behalf of whoever issued them.
DOCUMENTS = frozenset("report statement study communique communiqué letter document dossier investigation "
                      "inquiry probe review audit assessment survey resolution declaration memo".split())


def document_authors(head: Token) -> list[Token]:
    """Who speaks through a document used as a subject ("a report released in Kigali alleged …").

    In order: the document's "by"/"from" phrase ("a report by Amnesty"), the agent of the participle
    that issued it ("a statement issued by the ministry"), then the place it was issued in ("a report
    released in the Rwandan capital" → Rwanda) — a country's capital speaks for no one else. The
    document's own modifiers ("the UN report", "Amnesty's report") are tried by the resolver already.
    """
    if head.lemma_.lower() not in DOCUMENTS:
        return []
    by = [o for c in head.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}
          for o in c.children if o.dep_ == "pobj"]
    if by:
        return by
    for verb in (c for c in head.children if c.dep_ == "acl" and c.pos_ == "VERB"):
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        if agents:
            return agents
        places = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                  for o in c.children if o.dep_ == "pobj"]
        if places:
            return places
    return []
