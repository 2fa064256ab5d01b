"""The Coder: documents in, CAMEO/PLOVER event records out (``parley code``).

Per document: cheap sentence split, one knowledge-base scan, a prefilter (a sentence must contain
an actor mention and a candidate trigger word), then the parser over the surviving sentences in
batches (``nlp.pipe``), frames → decisions → resolved actors → event records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from parley.actors.coref import GROUP_REASON
from parley.coding import cameo
from parley.coding.actors_link import (
    TITLE_SECTORS,
    ActorLinker,
    Party,
    document_authors,
    inside_phrase,
    unknown_named,
    unnamed_party,
)
from parley.coding.decide import Decision, decide
from parley.coding.lexicon import has_candidate, load_lexicon
from parley.config import Settings
from parley.nlp.frames import INSTRUMENTS
from parley.nlp.pipeline import load_pipeline, split_sentences
from parley.read.metadata import find_dateline
from parley.records import ActorRef, Document, EventRecord
from parley.records import Span as TextSpan

OWN = ("its ", "their ", "his ", "her ", "our ")
OBJECT_PRONOUNS = {"it", "us", "them"}
TITLE_WORDS = re.compile(r"\b(?:" + "|".join(sorted(TITLE_SECTORS)) + r")s?\b", re.IGNORECASE)
BATCH_DOCS = 32  # documents whose candidate sentences are parsed in one nlp.pipe run


@dataclass
class SentenceExplanation:
    """Why a sentence coded what it coded, or why nothing."""

    index: int
    text: str
    start: int
    status: str  # "coded", "no event", "skipped: …"
    lines: list[str] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)

    def render(self) -> str:
        head = f"[{self.index}] {self.status}: {self.text}"
        return "\n".join([head] + [f"    {line}" for line in self.lines])


@dataclass
class _Sentence:
    doc_index: int
    index: int
    start: int
    end: int
    text: str
    has_actor: bool
    has_trigger: bool
    mentions: list[Any] = field(default_factory=list)  # knowledge-base mentions inside the sentence
    lead: int = 0  # characters of a dateline before ``text`` ("MOSCOW (Agency) - "), not parsed
    full: str = ""  # the whole sentence, dateline included, as event records quote it
    kinds: dict[int, str] | None = None  # token index → knowledge-base kind, once per parsed sentence

    def mention_kinds(self, parse: Doc) -> dict[int, str]:
        """The role model's mention kinds of this sentence's tokens (computed on first use)."""
        if self.kinds is None:
            from parley.coding.roles import mention_kinds

            self.kinds = mention_kinds(parse[:], self.mentions, self.start)
        return self.kinds


class Coder:
    """Codes documents into event records; loads spaCy, the knowledge base and the lexicon once.

    >>> coder = Coder(Settings())  # doctest: +SKIP
    >>> [e.cameo.code for e in coder.code_document(doc)]  # doctest: +SKIP
    ['0333']
    """

    def __init__(self, settings: Settings | None = None, *, prefilter: bool = True, kb: Any = None,
                 nlp: Any = None):
        from parley.actors import load_kb

        self.settings = settings or Settings()
        self.prefilter = prefilter
        self.lexicon = load_lexicon()
        self.kb = kb if kb is not None else load_kb(self.settings.actors)
        self.nlp = nlp if nlp is not None else load_pipeline(self.settings.model)
        self.linker = ActorLinker(self.kb)
        self.types = _load_types()
        self.roles = _load_roles()
        self.event_nouns = self.lexicon.noun_lemmas()
        self.proposals = True  # the type model may propose events where the lexicon finds no trigger
        self.stats = {"documents": 0, "sentences": 0, "parsed": 0, "events": 0}

    # ------------------------------------------------------------------ public API

    def code_documents(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[EventRecord]]]:
        """(document, its events) for each document, in order; parsing is batched across documents."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_DOCS:
                yield from self._code_batch(batch, explain=None)
                batch = []
        if batch:
            yield from self._code_batch(batch, explain=None)

    def code_document(self, doc: Document) -> list[EventRecord]:
        return next(iter(self._code_batch([doc], explain=None)))[1]

    def explain(self, doc: Document) -> list[SentenceExplanation]:
        """Per sentence: what was coded and why, or why nothing."""
        notes: list[SentenceExplanation] = []
        list(self._code_batch([doc], explain=notes))
        return notes

    # ------------------------------------------------------------------ batch flow

    def _split(self, doc_index: int, doc: Document) -> tuple[list[_Sentence], Any]:
        """The document's sentences and its coreference context (None for a knowledge base without
        one). One knowledge-base scan per document, which also fills the context; sentences then
        look up their mentions by offset. Always scanned: besides the prefilter, the coder keeps
        unknown-named sources only in sentences that mention a known actor, so --no-prefilter codes
        the same events."""
        ctx = self.linker.document_context(doc.text, self._date(doc))
        found = ctx.mentions if ctx is not None else self.kb.scan(doc.text, self._date(doc))
        mentions = sorted(found, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        out: list[_Sentence] = []
        for index, (start, end) in enumerate(split_sentences(doc.text)):
            full = doc.text[start:end]
            lead = _dateline_lead(doc, start, full)
            start, text = start + lead, full[lead:]
            lo, hi = _between(starts, start, end)
            # a known actor, or a title that makes an unknown name an actor ("Prime Minister N.N.")
            has_actor = hi > lo or TITLE_WORDS.search(text) is not None
            out.append(_Sentence(doc_index, index, start, end, text, has_actor,
                                 has_candidate(text, self.lexicon), mentions[lo:hi], lead, full))
        return out, ctx

    def _code_batch(self, docs: list[Document], explain: list[SentenceExplanation] | None
                    ) -> Iterator[tuple[Document, list[EventRecord]]]:
        made = [self._split(i, d) for i, d in enumerate(docs)]
        split, contexts = [m[0] for m in made], [m[1] for m in made]
        todo = [s for sents in split for s in sents
                if not self.prefilter or (s.has_actor and s.has_trigger)]
        parsed = dict(zip([(s.doc_index, s.index) for s in todo],
                          self.nlp.pipe([s.text for s in todo], batch_size=64), strict=True))
        for i, doc in enumerate(docs):
            sents, ctx = split[i], contexts[i]
            self.linker.new_document()
            events: list[EventRecord] = []
            for s in sents:
                parse = parsed.get((i, s.index))
                sent_events = self._code_sentence(doc, s, parse, ctx, explain)
                events.extend(sent_events)
            self.stats["documents"] += 1
            self.stats["sentences"] += len(sents)
            self.stats["parsed"] += sum(1 for s in sents if (i, s.index) in parsed)
            self.stats["events"] += len(events)
            yield doc, events

    def _date(self, doc: Document) -> str | None:
        return doc.date or self.settings.date

    def _code_sentence(self, doc: Document, s: _Sentence, parse: Doc | None, ctx: Any,
                       explain: list[SentenceExplanation] | None) -> list[EventRecord]:
        note = SentenceExplanation(s.index, s.full, s.start - s.lead, "no event") if explain is not None else None
        if parse is None:
            if note is not None:
                note.status = "skipped"
                note.lines.append("prefilter: " + ("no actor mention" if not s.has_actor else "no trigger word"))
                explain.append(note)  # type: ignore[union-attr]
            return []
        decisions, notes = decide(parse[:], self.lexicon)
        records: list[EventRecord] = []
        type_p = self._type(doc, decisions, parse, s, ctx, notes)
        for d, p in zip(decisions, type_p, strict=True):
            made, why = self._records(doc, s, parse, d, ctx, p)
            records.extend(made)
            if note is not None:
                note.lines.append(f"{d.how} | {d.reading.describe()} | {why}")
                note.lines.extend("  " + line for line in d.role_notes)
        if note is not None:
            note.lines.extend(notes)
            if not decisions:
                note.lines.append("no trigger pattern matched a predicate of the parse")
            note.events = records
            note.status = f"coded {len(records)}" if records else "no event"
            explain.append(note)  # type: ignore[union-attr]
        return records

    def _type(self, doc: Document, decisions: list[Decision], parse: Doc, s: _Sentence, ctx: Any,
              notes: list[str]) -> list[float | None]:
        """The type model's say (parley.coding.retype): re-types the lexicon's decisions in place, or
        proposes one where the lexicon found none; the final type's probability per decision."""
        if self.types is None:
            return [None] * len(decisions)
        from parley.coding.retype import propose, retype

        if decisions:
            # a decision with no source of the rules' is dropped whatever its type (the role model
            # adds no source there, docs/CODING.md 7a), unless it may be a state act whose agent is
            # the place's government: no encoder pass for it
            live = [d for d in decisions if d.sources or d.code.startswith(STATE_ACTS)]
            probs = dict(zip(map(id, live), retype(self.types, parse[:], live), strict=True))
            return [probs.get(id(d)) for d in decisions]
        if self.roles is None or not self.proposals or len({m.start for m in s.mentions}) < 2:
            return []
        kinds = s.mention_kinds(parse)
        date = self._date(doc)

        def resolvable(source: Token, target: Token) -> bool:
            # a proposal is kept only with a source that has a country and a target of another
            # country or none that has a code (see _records)
            theirs = {p.ref.country for p in self.linker.parties([source], parse, s.start, date, ctx)} - {None}
            return bool(theirs) and any(p.ref.code and p.ref.country not in theirs for p in
                                        self.linker.parties([target], parse, s.start, date, ctx))

        d, p, why = propose(self.types, self.roles, parse[:], self.lexicon, kinds, self.event_nouns,
                            s.mentions, s.start, resolvable)
        if d is None:
            notes.append(why)
            return []
        decisions.append(d)
        return [p]

    # ------------------------------------------------------------------ records

    def _records(self, doc: Document, s: _Sentence, parse: Doc, d: Decision, ctx: Any,
                 type_p: float | None) -> tuple[list[EventRecord], str]:
        date = self._date(doc)
        choice = self._choose_roles(d, parse, s)
        sources = self.linker.parties(choice.sources if choice else d.sources, parse, s.start, date, ctx)
        if sources and choice is not None and d.sources and choice.sources != d.sources and all(
                inside_phrase(t, d.sources) for t in choice.sources):
            # the model chose a word of the rules' own phrase ("India" in "the defence ministers of
            # India"): the whole phrase says more when it only adds the sector (INDGOV, not IND)
            ruled = self.linker.parties(d.sources, parse, s.start, date, ctx)
            if _adds_sectors(ruled, sources):
                sources = ruled
                d.role_notes = [*d.role_notes, "role model: the rules' source phrase kept, it adds the sector ("
                                + ", ".join(p.ref.code or "?" for p in ruled) + ")"]
        if not sources and choice is not None and choice.sources != d.sources:
            sources = self.linker.parties(d.sources, parse, s.start, date, ctx)  # the rules' choice, then
        targets = self._targets(d, choice, parse, s, date, ctx, sources)
        if not targets and d.reading.speaker is not None and any(t.lower_ in OBJECT_PRONOUNS for t in d.targets):
            # "Israel said a rocket was fired at it": the reported act's pronoun object is the speaker
            targets = self.linker.parties(d.reading.speaker.agents, parse, s.start, date, ctx)
        if not sources and not d.sources:
            sources = _state_of_place(d, parse, doc)
        if not sources and d.sources:
            authors = [a for h in d.sources for a in document_authors(h)]
            sources = [replace_confidence(p, 0.6) for p in
                       self.linker.parties(authors, parse, s.start, date, ctx)] if authors else []
        if not sources and not d.needs_target and s.has_actor:
            # a name the knowledge base does not know, in a sentence that mentions a known actor
            # (a country, a sector, an official): "Reliance Jio agreed to build a station in India"
            sources = [p for h in d.sources for p in unknown_named(h, parse, s.start)]
        inner = self.linker.parties(d.fallback_targets, parse, s.start, date, ctx) if d.fallback_targets else []
        if sources and not any(p.ref.country for p in sources) and not d.needs_target:
            sources = localise(sources, targets + inner, _place_countries(d, parse, doc))
        source_keys = {p.ref.code for p in sources if p.ref.code}
        source_countries = {p.ref.country for p in sources}
        if not any(t.ref.country for t in targets) and inner:
            targets = [t for t in inner if t.ref.country and t.ref.country not in source_countries] or targets
        sources, targets = _group_sides(sources, targets)
        if not _source_enough(d, sources, targets):
            who = ", ".join(t.text for t in d.sources) or "none found"
            why = "no named source for a reported accusation" if d.needs_target else "no source found"
            return [], f"dropped: {why} ({who})"
        # no self-targeting: the same actor, or the source's own "its embassy" / "their troops"; two
        # actors the knowledge base tells apart may share a code ("Trump" and "the White House",
        # the Taliban and the Afghan government of an undated text) and stay each other's parties
        source_ids = {p.ref.kb_id for p in sources}
        targets = [t for t in targets
                   if (t.ref.code not in source_keys or (t.ref.kb_id and t.ref.kb_id not in source_ids))
                   and not (t.ref.country in source_countries and t.ref.text.lower().startswith(OWN))]
        if d.proposed:  # the model's own event is between two sides: never the source's own country
            targets = [t for t in targets if t.ref.country not in source_countries]
        if d.needs_target and not any(t.ref.code for t in targets):
            return [], "dropped: no other party to accuse"
        joint = d.symmetric or (not targets and _joint_cooperation(d, sources))
        if not any(t.ref.country for t in targets) and not joint:
            targets = _place_target(d, parse, doc, source_countries) or targets
        self.linker.remember(sources)
        pairs = _split_symmetric(d, sources, targets, joint)
        out = [self._record(doc, s, parse, d, src, tgt, date, type_p) for src, tgt in pairs]
        names = "; ".join(f"{'+'.join(_shown(p) for p in a)} → {'+'.join(_shown(p) for p in b) or '-'}"
                          for a, b in pairs)
        return out, f"coded {d.code}: {names}"

    def _choose_roles(self, d: Decision, parse: Doc, s: _Sentence) -> Any:
        """The role model's choice of parties for ``d`` (None without the model)."""
        if self.roles is None:
            return None
        from parley.coding.roles import choose

        scored = self.roles.score(d, parse[:], s.mention_kinds(parse), self.event_nouns)
        choice = choose(d, scored, self.roles.thresholds)
        d.role_notes = choice.describe()
        return choice

    def _targets(self, d: Decision, choice: Any, parse: Doc, s: _Sentence, date: str | None, ctx: Any,
                 sources: list[Party]) -> list[Party]:
        """The event's targets: the chosen heads resolved; when they name no actor, the model's next
        candidates above its threshold, then a name the knowledge base does not know, then the
        rules' own targets, then a common noun the noun head takes for a party (unnamed, no code)."""
        heads = choice.targets if choice else d.targets
        found = self.linker.parties(heads, parse, s.start, date, ctx, whereabouts=not d.symmetric)
        own = {p.ref.country for p in sources} - {None}
        if found and choice is not None and heads != d.targets and own and all(p.ref.country in own for p in found):
            # the model's target is the source's own country ("Russia hosted the Moscow format
            # consultations with a delegation …"): the rules' other side, when it has one
            theirs = self.linker.parties(d.targets, parse, s.start, date, ctx, whereabouts=not d.symmetric)
            if any(p.ref.country and p.ref.country not in own for p in theirs):
                return theirs
        if found or choice is None:
            return found
        for tok in choice.alternatives:
            if tok.i in {p.head.i for p in sources} or _where_it_happened(tok, d.trigger):
                continue
            found = self.linker.parties([tok], parse, s.start, date, ctx, whereabouts=not d.symmetric)
            if found:
                return found
        # a joint act's parties are each other's targets ("A and B discussed …", "border guards from
        # A and B held joint drills on the Amu Darya"): no name the knowledge base lacks, no common noun
        joint = d.symmetric and len({p.ref.code for p in sources}) > 1
        named = [] if joint else [p for h in heads for p in unknown_named(h, parse, s.start)]
        if named:
            return named
        rules = self.linker.parties(d.targets, parse, s.start, date, ctx, whereabouts=not d.symmetric) \
            if heads != d.targets else []
        return rules or ([] if joint else self._unnamed_target(d, choice, parse, s, sources))

    def _unnamed_target(self, d: Decision, choice: Any, parse: Doc, s: _Sentence, sources: list[Party]
                        ) -> list[Party]:
        """A target that names no actor but is one: "police freed 37 prisoners", "the talks with
        the protesting truck drivers". The first of the model's target, the rules' target and the
        model's next candidates whose head is a common noun the noun head scores as a party."""
        nouns = self.roles.nouns if self.roles is not None else None
        if nouns is None or choice is None:
            return []
        own = {p.head.i for p in sources}
        for tok in (*choice.targets, *d.targets, *choice.alternatives):
            lemma = tok.lemma_.lower()
            if (tok.i in own or tok.pos_ != "NOUN" or tok.like_num or lemma in INSTRUMENTS
                    or lemma in self.event_nouns):  # "tens of thousands", "condemned the takeover"
                continue
            p = nouns(tok)
            if p >= UNNAMED_MIN:
                return unnamed_party(tok, parse, s.start, p)
        return []

    def _record(self, doc: Document, s: _Sentence, parse: Doc, d: Decision, sources: list[Party],
                targets: list[Party], date: str | None, class_p: float | None) -> EventRecord:
        info = cameo.info(d.code)
        trig_start = s.start + d.trigger.idx
        trigger = TextSpan(d.trigger.text, trig_start, trig_start + len(d.trigger.text))
        modality = d.reading.modality
        if d.reading.speaker is not None:
            speakers = self.linker.parties(d.reading.speaker.agents, parse, s.start, date, None)
            modality.reported_by = (speakers[0].ref.name or speakers[0].ref.code) if speakers else \
                (d.reading.speaker.agents[0].text if d.reading.speaker.agents else None)
        src_refs = [p.ref for p in sources]
        tgt_refs = [p.ref for p in targets]
        return EventRecord(
            id=EventRecord.make_id(doc.id, s.index, trigger, src_refs, tgt_refs, info.code),
            doc_id=doc.id, sentence_index=s.index, sentence=s.full, trigger=trigger,
            cameo=info.cameo(), plover=info.plover(), source=src_refs, target=tgt_refs,
            date=_event_date(parse, doc, d), modality=modality, location=_event_location(parse, doc),
            quote=d.quote, confidence=confidence(d, sources, targets, class_p),
        )


def _where_it_happened(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` a name in the act's own "in" / "at" phrase ("arrested two suspects in Nairobi")?
    That is where the act happened (the event's location), not a next-best target."""
    prep = tok.head
    return (tok.dep_ == "pobj" and tok.pos_ == "PROPN" and prep.dep_ == "prep" and prep.lower_ in {"in", "at"}
            and prep.head.i == trigger.i)


def _group_sides(sources: list[Party], targets: list[Party]) -> tuple[list[Party], list[Party]]:
    """A group named before ("the participants", "the four countries") acts without the member
    whose country is the other side: "the participants called on the Taliban" is not Afghanistan
    calling on itself, "Hanafi called on the participants" not Afghanistan calling on Afghanistan."""
    def grouped(p: Party) -> bool:
        return GROUP_REASON in (p.ref.reason or "")

    theirs = {t.ref.country for t in targets if not grouped(t)}
    sources = [p for p in sources if not (grouped(p) and p.ref.country in theirs)] or sources
    ours = {p.ref.country for p in sources if not grouped(p)}
    return sources, [t for t in targets if not (grouped(t) and t.ref.country in ours)]


def _dateline_lead(doc: Document, start: int, sentence: str) -> int:
    """How many characters of a dateline open this sentence (0 if none): the parser never sees them.

    "MOSCOW (Steppe Wire - 09th July, 2021) Russian Foreign Minister … discussed" is parsed from
    "Russian …", so the place of filing is not taken for a party. Only a sentence that opens a
    paragraph, and only a dateline the reader found for the document or one with a date or an outlet.
    """
    if start and doc.text[start - 1] != "\n":
        i = start  # only whitespace before it? (looked at backwards: no copy of the text so far)
        while i and doc.text[i - 1].isspace():
            i -= 1
        if i:
            return 0
    info = find_dateline(sentence)
    if info is None or not (doc.dateline or info.date or info.outlet):
        return 0
    rest = sentence[info.end:]
    lead = info.end + len(rest) - len(rest.lstrip(" -–—:."))
    return lead if lead < len(sentence) and sentence[lead:lead + 1].isalnum() else 0


# A common-noun target that resolves to no actor is kept when the noun head scores it at least this
# likely a party (chosen on the training side, docs/ACCURACY.md).
UNNAMED_MIN = 0.2

# Sectors whose material acts are political events even when their country is unknown.
ARMED_SECTORS = {"MIL", "COP", "REB", "INS", "GOV", "SPY", "UAF"}

# Acts only a state's authorities perform: arrest and detention, expulsion, release of prisoners.
STATE_ACTS = ("173", "174", "0841")


def _state_of_place(d: Decision, parse: Doc, doc: Document) -> list[Party]:
    """The agent of an agentless passive state act is the state where it happened.

    "Two journalists were arrested in Niger" → NERGOV arrests; only for arrests, expulsions and
    prisoner releases (nobody else can perform them lawfully), and only when the sentence names
    the place in a locative role — never from the article's dateline alone.
    """
    if not (d.code.startswith(STATE_ACTS) and d.trigger.pos_ == "VERB"
            and any(c.dep_ in {"auxpass", "nsubjpass"} for c in d.trigger.children)):
        return []
    place = _event_location(parse, doc, dateline=False)
    if place is None or not place.country or place.country.startswith("IGO"):
        return []
    ref = ActorRef(text=place.name, code=place.country + "GOV", country=place.country, sector="GOV",
                   confidence=0.5, reason="agentless state act: the authorities of the place named")
    return [Party(ref, 0.5, d.trigger)]


# Acts aimed at the place where they happen: a protest, a show of force, an attack or coercion there.
PLACE_TARGET_ROOTS = {"14", "15", "17", "18", "19", "20"}


def _place_target(d: Decision, parse: Doc, doc: Document, source_countries: set[str | None]) -> list[Party]:
    """The country an act was done in, as its target when the sentence names no other.

    "Russia held military exercises in Alaska" → RUS → USA; "activists staged a protest in
    Beijing" → … → CHN. Only for protests, shows of force and material conflict (the place is then
    what the act is aimed at), only from a place the sentence names in a locative role (never the
    dateline), and never the source's own country.
    """
    if d.code[:2] not in PLACE_TARGET_ROOTS:
        return []
    place = _clause_location(d, parse, doc)
    if place is None or not place.country or place.country in source_countries:
        return []
    ref = ActorRef(text=place.name, code=place.country, country=place.country, confidence=0.5,
                   reason="the country the act took place in")
    return [Party(ref, 0.5, d.trigger)]


def _source_enough(d: Decision, sources: list[Party], targets: list[Party]) -> bool:
    """Is there a source to make an event?

    Any resolved source is enough — a country or organisation, a bare sector ("the government",
    "rebels", "police") whose country nothing in the sentence names, or a name the knowledge base
    does not know: the act happened whoever did it, and the record says what is unknown (sector
    without country, or no code) and carries a lower confidence. The one exception is a reported
    accusation ("officials said X attacked"): it is only an event when the accuser has a country.
    """
    if not sources:
        return False
    if d.needs_target:
        return any(p.ref.country for p in sources)
    return True


SUBCLAUSES = {"advcl", "ccomp", "relcl", "conj", "parataxis", "csubj"}


def _clause(d: Decision, parse: Doc) -> list[SpacySpan]:
    """The act's own clause, as contiguous pieces: a place named in another clause of the sentence
    is not where it happened ("rebels seized the town before diplomats met in Nairobi"). A nominal
    act's clause is its light verb's ("conducted exercises in Alaska")."""
    verb = d.trigger
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    cut = {t.i for c in verb.children if c.dep_ in SUBCLAUSES and c.pos_ in {"VERB", "AUX"} for t in c.subtree}
    pieces: list[SpacySpan] = []
    start = None
    for i in range(verb.left_edge.i, verb.right_edge.i + 2):
        inside = i <= verb.right_edge.i and i not in cut
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            pieces.append(parse[start:i])
            start = None
    return pieces


def _clause_location(d: Decision, parse: Doc, doc: Document) -> Any:
    """The place the act's own clause names (no dateline)."""
    return next((p for p in (_event_location(piece, doc, dateline=False) for piece in _clause(d, parse))
                 if p is not None), None)


def _place_countries(d: Decision, parse: Doc, doc: Document) -> set[str]:
    """The country where the act's clause says it happened ("in Nairobi"), else the dateline's."""
    place = _clause_location(d, parse, doc) or _event_location(parse[:0], doc)  # nothing named: the dateline
    if place is None or not place.country or len(place.country) != 3 or place.country.startswith("IGO"):
        return set()
    return {place.country}


def localise(sources: list[Party], targets: list[Party], countries: set[str]) -> list[Party]:
    """Bare sectors take the country where the event happened, unless that is the other side's.

    "Police arrested two suspects in Nairobi" → KENCOP (the place named in a locative role, else
    the dateline); "troops shelled a village in Syria, killing Syrian civilians" stays a bare MIL
    (the place is the target's country). Other countries merely named are never used.
    """
    left = countries - {t.ref.country for t in targets if t.ref.country}
    if len(left) != 1:
        return sources
    country = next(iter(left))
    out = []
    for p in sources:
        toks = [t for t in p.head.doc if p.head.idx <= t.idx < p.head.idx + len(p.ref.text)]
        root = p.head.doc[toks[0].i:toks[-1].i + 1].root if toks else p.head
        # "the Korean government" names a nation the knowledge base could not pin: no guess
        named = any(t.text[:1].isupper() and t.pos_ in {"ADJ", "PROPN"} and t.i != root.i for t in toks)
        # a known body without a country (a format, "the extended troika", code IGO) is no sector
        if p.ref.country or p.ref.kb_id or not p.ref.code or len(p.ref.code) != 3 or named:
            out.append(p)
            continue
        ref = replace(p.ref, code=country + p.ref.code, country=country,
                      reason=((p.ref.reason or "sector") + "; country: the only one the sentence names"))
        out.append(Party(ref, p.confidence * 0.8, p.head))
    return out


def _adds_sectors(whole: list[Party], words: list[Party]) -> bool:
    """Do the parties of a whole phrase name the same countries as those of words inside it, each
    with a sector where the word had none ("the defence ministers of India" INDGOV, "India" IND)?"""
    if not whole or len(whole) != len(words):
        return False
    refs = sorted((p.ref for p in whole), key=lambda r: r.country or "")
    inner = sorted((p.ref for p in words), key=lambda r: r.country or "")
    return all(a.country and a.country == b.country and a.sector and not b.sector
               for a, b in zip(refs, inner, strict=True))


def _between(sorted_starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The index range of the starts inside [start, end)."""
    import bisect

    return bisect.bisect_left(sorted_starts, start), bisect.bisect_left(sorted_starts, end)


def replace_confidence(p: Party, factor: float) -> Party:
    """The party with its resolution confidence scaled (an indirect way of finding it)."""
    conf = p.confidence * factor
    return Party(replace(p.ref, confidence=round(conf, 3)), conf, p.head)


def _shown(p: Party) -> str:
    return p.ref.code or f"?{p.ref.text}"


# Cooperation whose coordinated parties, with no other side named, act together ("Jordan and
# Britain agreed to hold joint exercises", "India and Pakistan agreed to a cease-fire" — 0356):
# intents to cooperate (03, but to give aid, 033), consultation, diplomatic and material cooperation.
JOINT_ROOTS = ("03", "04", "05", "06")


def _joint_cooperation(d: Decision, sources: list[Party]) -> bool:
    return (d.code.startswith(JOINT_ROOTS) and not d.code.startswith("033")
            and len({p.ref.country for p in sources if p.ref.country}) >= 2)


def _split_symmetric(d: Decision, sources: list[Party], targets: list[Party], joint: bool
                     ) -> list[tuple[list[Party], list[Party]]]:
    """Joint acts of several parties with no named other side: each party acts towards the rest."""
    if joint and not targets and len(sources) >= 2 and d.reading.appealer is None:
        # in the order they are named: the first-named party's event first
        named = sorted(sources, key=lambda p: p.ref.start if p.ref.start is not None else 1 << 30)
        return [([p], [q for q in named if q is not p]) for p in named]
    return [(sources, targets)]


def _load_roles() -> Any:
    """The learned role model when its weights are installed, else None (the rules decide alone)."""
    try:
        from parley.coding.roles import RoleModel

        return RoleModel.load()
    except (OSError, KeyError, ValueError):
        return None


def _load_types() -> Any:
    """The learned type model when its weights and encoder are installed, else None (the lexicon
    decides alone)."""
    from parley.errors import ModelError

    try:
        from parley.coding.types import TypeModel

        model = TypeModel.load()
        _ = model.encoder  # fail here, not on the first sentence
        return model
    except (ModelError, OSError, ImportError):
        return None


def confidence(d: Decision, sources: list[Party], targets: list[Party], class_p: float | None = None) -> float:
    """How sure we are of one event, in [0.05, 0.99].

    Formula: 0.25 base
      + 0.10 × the type model's calibrated probability of the event's final type
        (parley.coding.retype; 0.05 flat without the model)
      + 0.15 × pattern specificity (conditions met, capped at 2, halved per condition)
      + 0.25 × mean source resolution confidence
      + 0.10 × mean target resolution confidence (0.05 flat when the event has no target)
      + 0.15 × parse agreement (1 when the trigger's part of speech fits the pattern and the
        source is a direct syntactic argument, 0.5 for nominal or inherited arguments)
      − 0.10 for hypothetical, − 0.05 for reported, − 0.05 for a reported evaluation,
      − 0.10 when no source has a country (a bare sector such as "officials"), − 0.05 for a
      participial adjunct ("…, offering support").
    """
    spec = min(d.pattern.specificity, 2) / 2 if d.pattern else 0.5
    src = sum(p.confidence for p in sources) / len(sources)
    tgt = sum(p.confidence for p in targets) / len(targets) if targets else 0.5
    # a direct argument of the trigger, or of the light verb that carries a nominal one ("held talks")
    heads = {d.trigger.i} | ({d.trigger.head.i} if d.trigger.pos_ == "NOUN" and d.trigger.dep_ == "dobj" else set())
    direct = any(t.dep_ in {"nsubj", "nsubjpass", "pobj"} and t.head.i in heads for t in d.sources)
    kind_ok = (d.pattern is None) or (d.pattern.kind == "verb") == (d.trigger.pos_ in {"VERB", "AUX"})
    agreement = 1.0 if (direct and kind_ok) else 0.5
    score = 0.25 + (0.10 * class_p if class_p is not None else 0.05) + 0.15 * spec + 0.25 * src + 0.10 * tgt + 0.15 * agreement
    certainty = d.reading.modality.certainty
    score -= {"hypothetical": 0.10, "reported": 0.05}.get(certainty, 0.0)
    if d.pattern is None:
        score -= 0.05
    if d.trigger.dep_ == "advcl" and d.trigger.tag_ in {"VBG", "VBN"}:
        score -= 0.05  # a participial adjunct ("…, offering support") is less central than its main clause
    if not any(p.ref.country for p in sources):
        score -= 0.10
    return round(max(0.05, min(0.99, score)), 3)


def _event_date(parse: Doc, doc: Document, d: Decision) -> str | None:
    """The sentence's date expression nearest the trigger; an undated past report happened by the
    publication day; a vague span ("last week") or an undated plan has no date."""
    from parley.nlp.dates import find_event_date

    future = d.reading.modality.tense == "future"
    found = find_event_date(parse[:], doc.date, "future" if future else None, anchor=d.trigger.idx)
    if found is not None:
        return found.value
    return None if future else doc.date


def _event_location(parse: Doc | SpacySpan, doc: Document, *, dateline: bool = True) -> Any:
    """The place ``parse`` names in a locative role, else (with ``dateline``) the article's dateline."""
    try:
        from parley.coding.places import locate
    except ImportError:
        return None
    place = doc.dateline.place if dateline and doc.dateline else None
    return locate(parse[:], doc.text, place)

