"""Resolution of a noun phrase to actors on a date.

The phrase is tried, in order, as: an exact name (any entity, "the" optional); a
"counterpart" ("his Kazakh counterpart"); a coordination ("Russia and China", "the
ministers of the five Central Asian states plus Russia"); "HEAD of/in/from X";
"MODIFIER HEAD" ("the Russian foreign minister", "Afghan border guards", "Taliban
fighters"); a name after a title ("Foreign Minister Sergey Lavrov"); a capitalised
organisation name with a country in it ("the Syrian Observatory for Human Rights",
orgnames.py); a definite title, surname or pronoun through the article's context. Stance
phrases ("pro-Russia rebels", "Kremlin critics") are handled by stance.py. Anything else
returns [] — an unknown name is never guessed. docs/KNOWLEDGE_BASE.md lists the rules.
"""

from __future__ import annotations

import re

from parley.actors import entities as E
from parley.actors.index import (
    ADJECTIVE,
    ALIAS,
    BODY,
    CAPITAL,
    DEMONYM,
    METONYM,
    NAME,
    SHORT,
    SURNAME,
    Index,
    Ref,
)
from parley.actors.model import Resolution, ResolutionContext
from parley.actors.names import fold, key, written_in_capitals
from parley.actors.orgnames import PERSON_HEADS, named_organisation
from parley.actors.stance import STANCE_NOUNS, led_by, stance_noun, without_stance

CONFIDENCE = {NAME: 1.0, ALIAS: 0.95, METONYM: 0.9, CAPITAL: 0.85, DEMONYM: 0.8, ADJECTIVE: 0.7, SURNAME: 0.9,
              BODY: 0.85, SHORT: 0.85}
REASON = {NAME: "exact name", ALIAS: "alias", METONYM: "metonym", CAPITAL: "metonym capital",
          DEMONYM: "demonym", ADJECTIVE: "adjective", SURNAME: "surname", BODY: "body of the organisation",
          SHORT: "short name"}
# Offices an organisation's title may name under another office id in the data.
OFFICE_ALIASES = {"secretary_general": ("secretary_general", "un_secretary_general", "leader"),
                  "un_secretary_general": ("un_secretary_general", "secretary_general"),
                  "leader": ("leader", "secretary_general", "un_secretary_general", "head_of_state")}
# Words in front of a head noun that do not change who is meant.
QUALIFIERS = {
    "a", "an", "the", "some", "several", "many", "few", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "dozens", "hundreds", "thousands", "senior", "top", "local", "visiting",
    "acting", "new", "current", "high-ranking", "leading", "unnamed", "unidentified", "other", "its",
    "their", "our", "all", "both", "these", "those", "this", "that", "incumbent", "then",
}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "mullah", "mawlawi", "sheikh", "gen.",
              "gen", "lt", "col", "colonel", "marshal", "admiral", "prince", "princess", "sir", "dame", "lord",
              "ayatollah", "grand", "madam", "madame", "senator", "sen.", "rep.", "deputy", "vice", "acting",
              "caretaker", "interim", "de", "facto", "outgoing", "incoming", "then-", "former", "ex"}
# "an Afghan defence spokesperson", "a Pakistani military official": ORGAN + ROLE takes the organ's sector.
ROLE_NOUNS = PERSON_HEADS
ORGANS = {"defence": "MIL", "defense": "MIL"}  # organ words that are no sector words on their own
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Offices whose holders news names by surname alone ("Ruto said", "Modi added").
LEADING_OFFICES = {"head_of_state", "head_of_government", "un_secretary_general"}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their"}
COUNTERPART = {"counterpart", "counterparts", "opposite number", "peer"}
_DEFINITE = re.compile(r"(?i)^\s*(?:the|his|her|their|its)\s+")
_INDEFINITE = re.compile(r"(?i)^\s*(?:a|an|another|one|some|other|any|no)\s+")
_TOKEN = re.compile(r"[\w.]+")
_WORD = re.compile(r"\S+")
_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*plus\s+|\s+and\s+|\s+plus\s+|\s*,\s*|\s+as well as\s+)\s*")
_OF = re.compile(r"^(?P<head>.+?)\s+(?P<prep>of|from|in|at|for)\s+(?P<rest>.+)$")


class Resolver:
    """Span resolution over a compiled :class:`Index` (stateless between calls)."""

    def __init__(self, idx: Index):
        self.idx = idx
        self._vocab: set[str] | None = None
        self._proper_first: set[str] | None = None
        self._proper_pairs: set[str] = set()
        self._guarded: dict[str, str] = {}

    # ------------------------------------------------------------------ entry points

    def resolve(self, text: str, date: str | None, context: ResolutionContext | None = None,
                expand: bool = False) -> list[Resolution]:
        k = key(self._guard_acronyms(text))
        if not k:
            return []
        doc = context.document if context is not None else None
        if doc is not None and doc.stance_starts and context is not None and context.offset in doc.stance_starts:
            return []  # "Russia" cut out of "pro-Russia rebels" by the caller: a stance, not an actor
        out = self._phrase(k, text, date, context)
        return _dedupe(self.expand(out, expand))

    def _guard_acronyms(self, text: str) -> str:
        """Poison tokens like "us"/"is" not written in capitals, so only "US"/"IS" can match;
        and the first word of a derived name written in lower case ("chevron", "shell").
        Spans repeat ("the government", "police"): each text is guarded once (a bounded memo)."""
        done = self._guarded.get(text)
        if done is not None:
            return done
        if len(self._guarded) > 50_000:
            self._guarded.clear()
        done = self._guarded[text] = self._guard(text)
        return done

    def _guard(self, text: str) -> str:
        acronyms = self.idx.acronyms
        text = _TOKEN.sub(lambda m: m[0] + "\x00" if m[0].lower() in acronyms and not written_in_capitals(m[0])
                          else m[0], text)
        return self._guard_proper(text) if self.idx.proper else text

    def _guard_proper(self, text: str) -> str:
        if self._proper_first is None:  # first words, and first two words, of the proper keys (not pickled)
            self._proper_first = {k.split(" ", 1)[0] for k in self.idx.proper}
            self._proper_pairs = {" ".join(k.split(" ", 2)[:2]) for k in self.idx.proper if " " in k}
        first, proper = self._proper_first, self.idx.proper
        split = text.split()
        for i, w in enumerate(split):
            if not w[:1].islower():
                continue
            low = (w.lower() if w.isascii() else fold(w)).rstrip(",;:")
            if low not in first:
                continue
            nxt = split[i + 1] if i + 1 < len(split) else ""
            if low in proper or (nxt and f"{low} {nxt.lower() if nxt.isascii() else fold(nxt)}".rstrip(",;:")
                                 in self._proper_pairs):
                break
        else:
            return text  # the common case: no derived name written in lower case
        words = list(_WORD.finditer(text))
        lows = [fold(m[0]).rstrip(",;:") for m in words]
        cut = [i for i in range(len(lows)) if not words[i][0][:1].isupper()
               and any(" ".join(lows[i:j]) in proper for j in range(i + 1, min(len(lows), i + self.idx.max_words) + 1))]
        for i in reversed(cut):
            text = text[:words[i].end()] + "\x00" + text[words[i].end():]
        return text

    def expand(self, found: list[Resolution], formats: bool) -> list[Resolution]:
        """Collectives always, formats on demand: replace them by their member actors."""
        out: list[Resolution] = []
        for r in found:
            collective = r.kind == "format" and self.idx.formats.get(r.kb_id or "", {}).get("type") == "collective"
            grouped = r.kind in ("format", "organisation") and r.members
            out.extend(r.members if grouped and (formats or collective) else [r])
        return out

    def exact(self, k: str, date: str | None, original: str | None = None) -> list[Resolution]:
        """Every entity whose name key is ``k`` (acronyms only when written in capitals).

        Several people of one name (derived layers hold namesakes) are told apart by the date:
        only those holding a role on it; when that leaves more than one, nobody is guessed.
        """
        out = []
        for ref in self._meant(self.idx.refs(k), date):
            if ref.acronym and original is not None and not written_in_capitals(original):
                continue
            if ref.how == SURNAME and ref.etype == "person" and not self.idx.persons[ref.id].get("surname_alone"):
                continue
            out.append(self.from_ref(ref, date))
        if len(out) > 1 and all(r.kind == "person" for r in out):
            out = [r for r in out if r.office] if len({r.kb_id for r in out}) > 1 else out
            if len({r.kb_id for r in out}) > 1:
                return []
        return sorted(out, key=lambda r: -r.confidence)

    def from_ref(self, ref: Ref, date: str | None, sector: str | None = None) -> Resolution:
        conf, why = CONFIDENCE.get(ref.how, 0.8), REASON.get(ref.how, ref.how)
        if ref.etype == "country":
            if sector is None and ref.how in (METONYM, CAPITAL):
                sector = "GOV"
            return E.state(self.idx, ref.id, sector, conf, why)
        if ref.etype == "person":
            return E.person(self.idx, ref.id, date, conf, why)
        if ref.etype == "organisation":
            return E.organisation(self.idx, ref.id, conf, why)
        if ref.etype == "group":
            return E.group(self.idx, ref.id, date, conf, why)
        return self._format(ref.id, date, conf, why, sector)

    # ------------------------------------------------------------------ phrase rules

    def _phrase(self, k: str, original: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution]:
        if k in self.idx.blocked:  # "Moscow Times" is not RUSGOV, but still a newspaper in Russia
            return named_organisation(self.idx, original)
        hit = self.exact(k, date, _strip_the(original))
        if hit:
            return hit
        words = _words(k)
        while words and words[0] in QUALIFIERS and len(words) > 1:
            words = words[1:]
            hit = self.exact(" ".join(words), date, None)
            if hit:
                return hit
        full, k = k, " ".join(words)
        if "-" in k:  # "pro-Russia rebels", "Iranian-backed militias"
            found = without_stance(words, lambda rest: self._phrase(rest, rest, date, ctx))
            if found is None:
                found = led_by(original, lambda text: self._phrase(key(self._guard_acronyms(text)), text, date, ctx))
            if found is not None:
                return found
        for rule in (self._counterpart, self._stance_noun, self._coordination, self._head_of, self._modified,
                     self._titled_name):
            found = rule(k, date, ctx)
            if found is not None:
                return found
        if " " in k and not original.islower():  # "the Syrian Observatory for Human Rights"
            found = named_organisation(self.idx, original)
            if found:
                return found
        if full != k and full in self.idx.sector_words:  # "local people": the whole phrase is a sector word
            k = full
        doc = ctx.document if ctx is not None else None
        definite = _DEFINITE.match(original)
        if doc is not None and definite and definite[0].strip().lower() in {"the", "their"}:
            group = doc.group(full, ctx.offset if ctx else None, date)  # "the four countries": named before
            if group:
                return group
        return self._contextual(k, original, date, ctx) or []

    def _coordination(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        m = _OF.match(k)
        if m and self._head(m["head"]) and _SPLIT.search(m["rest"]):
            # "the foreign ministers of the five Central Asian states and Russia": head applies to each
            parts = self._rejoin([p for p in _SPLIT.split(m["rest"]) if p])
            return [r for p in parts for r in self._with_head(m["head"], p, m["prep"], date, ctx)]
        if not _SPLIT.search(k):
            return None
        parts = self._rejoin([p for p in _SPLIT.split(k) if p])
        if len(parts) < 2:
            return None
        last = _words(parts[-1])
        head = self._trailing_head(last)
        out: list[Resolution] = []
        for i, p in enumerate(parts):
            found = []
            if head and i < len(parts) - 1 and self._split_modifier(_words(p) + ["x"])[0] == p:
                found = self._phrase(p + " " + head, p, date, ctx)  # "Chinese and Iranian diplomats"
            found = found or self._phrase(p, p, date, ctx)
            if not found:
                return None  # one unknown part: not a coordination we understand
            out.extend(found)
        return out

    def _rejoin(self, parts: list[str]) -> list[str]:
        """Put back names that contain "and" ("Bosnia and Herzegovina", "Trinidad and Tobago")."""
        out, i = [], 0
        while i < len(parts):
            for j in range(len(parts), i + 1, -1):
                joined = " and ".join(parts[i:j])
                if joined in self.idx.names:
                    out.append(joined)
                    i = j
                    break
            else:
                out.append(parts[i])
                i += 1
        return out

    def _head_of(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        m = _OF.match(k)
        if not m or not self._head(m["head"]):
            return None
        found = self._with_head(m["head"], m["rest"], m["prep"], date, ctx)
        return found or None

    def _with_head(self, head: str, rest: str, prep: str, date: str | None,
                   ctx: ResolutionContext | None) -> list[Resolution]:
        """HEAD applied to the actor(s) of REST: offices find the holder, sectors set the sector."""
        words = _words(rest)
        while words and words[0] in QUALIFIERS and len(words) > 1:
            words = words[1:]
        refs = self.idx.refs(" ".join(words)) or self.idx.refs(rest)
        out: list[Resolution] = []
        for ref in refs:
            how = ref.how
            if prep in ("in", "at") and how in (CAPITAL, METONYM):
                how = NAME  # "protesters in Kabul": the place gives the country, the head the sector
            out.extend(self._apply_head(Ref(ref.etype, ref.id, how), head, date, "head+" + REASON.get(ref.how, "name")))
        if not out:
            found = self._phrase(rest, rest, date, ctx)
            if not found and "'s" in _words(rest)[1:-1]:  # "a delegation of the Taliban's political office"
                found = self._owner(_words(key(rest)), rest, date, ctx)
            bare = [r for r in found if r.kind == "state" and not r.sector]
            out = [x for r in bare for x in self._apply_head(Ref("country", r.country or "", NAME), head, date,
                                                             "head+name")]
            if not out and prep in ("of", "from") and found and all(r.country for r in found):
                # "a delegation from the Afghan Government", "soldiers of the Syrian army": whom they come from
                out = [r.with_(confidence=min(r.confidence, 0.85), reason=f"{head} {prep}: {r.reason}")
                       for r in found]
        return out

    def _counterpart(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        """ "his Kazakh counterpart", "Lavrov's counterparts from the five Central Asian states"."""
        words = _words(k)
        at = next((i for i, w in enumerate(words) if w in COUNTERPART), None)
        if at is None or (at < len(words) - 1 and words[at + 1] not in ("from", "of", "in")):
            return None
        owner_words, mods = [], words[:at]
        if mods and mods[0] in PRONOUNS:
            owner_words, mods = [mods[0]], mods[1:]
        elif "'s" in mods:
            cut = mods.index("'s")
            owner_words, mods = mods[:cut], mods[cut + 1:]
        where = " ".join(mods) if mods else " ".join(words[at + 2:])
        countries = self._countries_of(where, date, ctx) if where else []
        if not countries:
            return []
        speaker = self._speaker(owner_words, date, ctx)
        return [self._counterpart_in(c, speaker, date) for c in countries]

    def _countries_of(self, phrase: str, date: str | None, ctx: ResolutionContext | None) -> list[str]:
        """The states a phrase names: "Kazakh", "the five Central Asian states", "Iran and Pakistan"."""
        single = self._country_of(phrase)
        if single:
            return [single]
        found = self.expand(self._phrase(phrase, phrase, date, ctx), formats=True)
        states = [r.country for r in found if r.kind == "state" and r.country]
        return states if len(states) == len(found) else []

    def _counterpart_in(self, country: str, speaker: Resolution | None, date: str | None) -> Resolution:
        if speaker is not None and speaker.office:
            pid = E.holder(self.idx, country, speaker.office, date)
            why = f"counterpart of {speaker.kb_id}"
            if pid:
                return E.person(self.idx, pid, date, 0.85, why)
            sector = "GOV" if speaker.sector in (None, "ELI") else speaker.sector
            return E.state(self.idx, country, sector, 0.8, why)
        return E.state(self.idx, country, "GOV", 0.7, "counterpart (speaker unknown)")

    def _speaker(self, owner_words: list[str], date: str | None, ctx: ResolutionContext | None) -> Resolution | None:
        if owner_words and owner_words[0] not in PRONOUNS:
            found = [r for r in self._phrase(" ".join(owner_words), " ".join(owner_words), date, ctx)
                     if r.kind == "person"]
            return found[0] if found else None
        if ctx is None:
            return None
        for r in reversed(ctx.sentence_actors):
            if r.kind == "person" and r.office:
                return r
        if ctx.document is not None:
            return ctx.document.last_person(ctx.offset, date)
        return None

    def _modified(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        words = _words(k)
        former = "former" in words or "ex" in words
        words = [w for w in words if w not in ("former", "ex")]
        mod, head = self._split_modifier(words)
        if not mod or not head or not self._head(head):
            return None
        out: list[Resolution] = []
        for ref in self._meant(self.idx.refs(mod), date):
            if former and ref.etype == "country":
                out.append(E.state(self.idx, ref.id, "ELI", 0.75, "former+" + REASON.get(ref.how, "name")))
                continue
            out.extend(self._apply_head(ref, head, date, "title+" + REASON.get(ref.how, "name")))
        return out or None

    def _stance_noun(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        """ "opponents of Rwanda's Senate" → RWAOPP, "Kremlin critics" → RUSOPP (parley/actors/stance.py)."""
        if k.split(" ", 1)[0] not in STANCE_NOUNS and k.rsplit(" ", 1)[-1] not in STANCE_NOUNS:
            return None
        return stance_noun(_words(k), lambda x: self._phrase(x, x, date, ctx),
                           lambda cid, sector, why: E.state(self.idx, cid, sector, 0.6, why),
                           lambda sector, why: E.sector_only(self.idx, sector, 0.45, why))

    def _titled_name(self, k: str, date: str | None, ctx: ResolutionContext | None) -> list[Resolution] | None:
        """A name after a title: "Russian Foreign Minister Sergey Lavrov", "President Tokayev"."""
        words = _words(k)
        vocab = self._title_vocabulary()
        for i in range(1, len(words)):
            if words[i - 1] not in vocab:  # "the wife of Putin" is not Putin
                return None
            tail = " ".join(words[i:])
            persons = [r for r in self.idx.refs(tail) if r.etype == "person"]
            if persons:
                return [self.from_ref(r, date) for r in persons]
            pids = self.idx.surnames.get(tail)
            if pids and i > 0:
                found = self._title_fits(words[:i], pids, date)
                if found is None and ctx is not None and ctx.document is not None:
                    by_doc = ctx.document.by_surname(tail, ctx.offset, date)
                    found = [by_doc] if by_doc else None
                if found:
                    return found
        return None

    def _title_vocabulary(self) -> set[str]:
        """Words that may stand in front of a name: titles, sectors, actor names, honorifics."""
        if self._vocab is None:  # office, sector and hand-written non-person names' words (compiled)
            self._vocab = self.idx.title_words | QUALIFIERS | HONORIFICS | {"'s"}
        return self._vocab

    def _title_fits(self, title_words: list[str], pids: list[str], date: str | None) -> list[Resolution] | None:
        """People with this surname whose office on the date is the title in front of it."""
        title = " ".join(w for w in title_words if w not in QUALIFIERS and w != "'s")
        office = None
        for i in range(len(title_words)):
            office = self.idx.office_words.get(" ".join(title_words[i:]))
            if office:
                break
        if office is None:
            return None
        fits = [pid for pid in pids if (role := E.role_on(self.idx, pid, date)) and role["office"] == office[0]]
        if len(fits) != 1:
            return None
        return [E.person(self.idx, fits[0], date, 0.9, f"title '{title}' + surname")]

    def _contextual(self, k: str, original: str, date: str | None,
                    ctx: ResolutionContext | None) -> list[Resolution] | None:
        """Bare titles, surnames and pronouns through the article (or a head of government's surname); bare
        sectors to the only country the article named before them, else to the sector alone."""
        doc = ctx.document if ctx else None
        if doc is not None:
            definite = _DEFINITE.match(original)  # "the minister", "his deputy" — not "a diplomat"
            found = doc.resolve(definite[0] + k if definite else k, date, ctx.offset if ctx else None)
            if found:
                return found
        if " " not in k and k in self.idx.surnames and original.strip()[:1].isupper() and k not in CALENDAR:
            leader = self._leading_surname(k, date)
            if leader:
                return leader
        indefinite = _INDEFINITE.match(original)  # "a diplomat" may be anyone's
        sector = self._office_sector(k)[1]
        if doc is not None and not indefinite and sector:
            found = doc.of_only_country(k, ctx.offset if ctx else None, date, sector)
            if found:
                return found
        words = self.idx.sector_words
        if sector and (k in words or all(w in words for w in k.split(" "))):  # not "defence spokesperson"
            return [E.sector_only(self.idx, sector, 0.5, "sector word, no country")]
        return None

    def _owner(self, words: list[str], original: str, date: str | None,
               ctx: ResolutionContext | None) -> list[Resolution]:
        """The owner of "X's Y" in "HEAD of X's Y" when Y names nothing the knowledge base knows: "a
        delegation of the Taliban's political office" → the Taliban (alone, "X's Y" is left to the
        caller, which tries the owner on its own)."""
        cut = words.index("'s")
        owner = " ".join(words[:cut])
        definite = _DEFINITE.match(original)
        found = self._phrase(owner, (definite[0] if definite else "") + owner, date, ctx)
        if not found or any(r.kind == "sector_only" for r in found):
            return []
        head = " ".join(words[cut + 1:])
        return [r.with_(confidence=min(r.confidence, 0.85), reason=f"owner of '{head}': {r.reason}") for r in found]

    def _leading_surname(self, k: str, date: str | None) -> list[Resolution] | None:
        """ "Ruto said", "Hariri resigned": a bare surname is the one person of that surname who heads a
        state or government on the date (news names them so); anyone else needs the full name first."""
        fits = {pid for pid in self.idx.surnames.get(k, ())
                if (role := E.role_on(self.idx, pid, date)) and role["office"] in LEADING_OFFICES}
        if len(fits) != 1:
            return None
        return [E.person(self.idx, fits.pop(), date, 0.75, "surname of a leader in office")]

    # ------------------------------------------------------------------ helpers

    def _meant(self, refs: list[Ref], date: str | None) -> list[Ref]:
        """The refs a name can mean on the date: an adjective two countries share ("Congolese") names
        neither; a group's short name ("Wagner") means it only while one of its roles holds."""
        if len(refs) == 1 and refs[0].how != SHORT:
            return refs  # the common case, kept fast
        if len({r.id for r in refs if r.etype == "country"}) > 1:
            refs = [r for r in refs if r.etype != "country"]
        return [r for r in refs if r.how != SHORT or E.group_active(self.idx, r.id, date)]

    def _head(self, head: str) -> bool:
        h = " ".join(w for w in _words(head) if w not in QUALIFIERS)
        return self._office_sector(h) != (None, None)

    def _office_sector(self, h: str) -> tuple[tuple[str, str] | None, str | None]:
        """The office and sector a head names: a title, a sector word, or ORGAN + ROLE
        ("defence spokesperson" → MIL, "military official" → MIL, "police chief" → COP)."""
        office = self.idx.office_words.get(h)
        if office:
            return office, office[1]
        sector = self.idx.sector_words.get(h)
        if sector:
            return None, sector
        organ, _, role = h.rpartition(" ")
        if organ and role in ROLE_NOUNS:
            return None, self.idx.sector_words.get(organ) or ORGANS.get(organ)
        if organ and role in self.idx.sector_words and all(w in self.idx.sector_words for w in organ.split(" ")):
            return None, self.idx.sector_words[role]  # "government troops", "army officers": the last word's
        return None, None

    def _trailing_head(self, words: list[str]) -> str | None:
        for i in range(len(words)):
            tail = " ".join(words[i:])
            if self._office_sector(tail) != (None, None):
                return tail
        return None

    def _split_modifier(self, words: list[str]) -> tuple[str | None, str | None]:
        for n in range(min(len(words) - 1, self.idx.max_words), 0, -1):
            mod = " ".join(words[:n])
            if mod in self.idx.names:
                rest = words[n + 1:] if words[n] == "'s" else words[n:]  # "Russia's foreign ministry"
                return mod, " ".join(rest)
        return None, None

    def _country_of(self, mod: str) -> str | None:
        for ref in self.idx.refs(mod):
            if ref.etype == "country":
                return ref.id
        return None

    def _apply_head(self, ref: Ref, head: str, date: str | None, reason: str) -> list[Resolution]:
        h = " ".join(w for w in _words(head) if w not in QUALIFIERS)
        office, sector = self._office_sector(h)
        if ref.etype == "country":
            if office:
                pid = E.holder(self.idx, ref.id, office[0], date)
                if pid and (office[0] != "spokesperson" or _title_agrees(h, E.role_on(self.idx, pid, date))):
                    return [E.person(self.idx, pid, date, 0.95, reason)]
            return [E.state(self.idx, ref.id, sector, 0.9, reason)]
        if ref.etype == "format":
            return [self._format(ref.id, date, 0.9, reason, sector, office[0] if office else None)]
        if ref.etype == "person":  # "the Trump administration", "the Assad regime"
            res = self.from_ref(ref, date)
            if sector == "GOV" and not office and res.country and res.country in self.idx.countries:
                return [E.state(self.idx, res.country, "GOV", 0.85, f"government of {ref.id}")]
            return []
        if ref.etype == "organisation" and office and _plural(h):  # "SCO foreign ministers": the members'
            return [self._org_with_members(ref.id, office, date, reason)]
        if ref.etype in ("organisation", "group") and office:  # "the NATO secretary general", "Taliban leader"
            pid = self._org_holder(ref, office[0], date)
            if pid:
                return [E.person(self.idx, pid, date, 0.95, reason)]
        res = self.from_ref(ref, date)
        return [res.with_(confidence=min(res.confidence, 0.9), reason=reason)]

    def _org_with_members(self, oid: str, office: tuple[str, str], date: str | None, reason: str) -> Resolution:
        """The organisation, with its member states' office holders as ``members`` (expand on demand)."""
        res = E.organisation(self.idx, oid, 0.85, reason + " (members' officials)")
        states = [E.state(self.idx, cid, office[1], 0.85, f"member of {oid}")
                  for cid in E.org_members(self.idx, oid, date) if cid in self.idx.countries]
        res.members = [self._holder_or(m, office[0], date) for m in states]
        return res

    def _org_holder(self, ref: Ref, office: str, date: str | None) -> str | None:
        """The holder of an organisation's or group's office; a group's leaders may be filed
        under its country with the group's sector (Taliban leader: AFG, INS), if unambiguous."""
        for name in OFFICE_ALIASES.get(office, (office,)):
            pid = E.holder(self.idx, ref.id, name, date, unique=True)  # groups often have several "leaders"
            if pid:
                return pid
        if ref.etype == "group":
            g = E.group(self.idx, ref.id, date, 1.0, "")
            for name in OFFICE_ALIASES.get(office, (office,)):
                pid = E.holder(self.idx, g.country or "", name, date, sector=g.sector, unique=True)
                if pid:
                    return pid
        return None

    def _format(self, fid: str, date: str | None, conf: float, why: str, sector: str | None = None,
                office: str | None = None) -> Resolution:
        res = E.fmt(self.idx, fid, date, conf, why, sector)
        if office:  # "the foreign ministers of the troika": each member's holder when known
            res.members = [self._holder_or(m, office, date) for m in res.members]
        return res

    def _holder_or(self, member: Resolution, office: str, date: str | None) -> Resolution:
        pid = E.holder(self.idx, member.country or "", office, date) if member.country else None
        return E.person(self.idx, pid, date, member.confidence, member.reason) if pid else member


def _title_agrees(title: str, role: dict | None) -> bool:
    """A spokesperson's title must name the same organ as the holder's role title, when it has one:
    "the Turkish foreign ministry spokesman" is not the presidential spokesman."""
    if role is None or role.get("office") != "spokesperson" or not role.get("title"):
        return True
    organ = [w for w in title.split() if w not in ROLE_NOUNS and w not in ("spokesperson", "press", "secretary")]
    role_words = set(key(role["title"]).split())
    return all(w in role_words for w in organ)


def _plural(head: str) -> bool:
    last = head.rsplit(" ", 1)[-1]
    return last.endswith("s") and not last.endswith("ss")


def _dedupe(found: list[Resolution]) -> list[Resolution]:
    seen, out = set(), []
    for r in found:
        ident = (r.code, r.kb_id)
        if ident not in seen:
            seen.add(ident)
            out.append(r)
    return out


def _words(k: str) -> list[str]:
    k = k.replace("'s ", " 's ").replace("s' ", "s 's ")
    return [w for w in k.split(" ") if w]


def _strip_the(original: str) -> str:
    return re.sub(r"^\s*the\s+", "", original, flags=re.I).strip()
