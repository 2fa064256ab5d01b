"""Within-article coreference: people already named, then their surnames, titles and pronouns.

A :class:`DocumentContext` is built once per article from the knowledge-base scan: every
person mention (full name, alias, or a surname after the full name) with its offset. Later
spans resolve against the people named *before* them: "Lavrov" after "Sergey Lavrov", "the
minister" to the last person whose office is a ministry, "he"/"his" to the last person
(of the right gender when the knowledge base knows it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parley.actors import entities as E
from parley.actors.model import Mention, Resolution
from parley.actors.names import key

if TYPE_CHECKING:
    from parley.actors.index import Index

_DEFINITE = re.compile(r"(?i)^\s*(?:the|his|her|their|its)\s")
MALE, FEMALE = {"he", "him", "his"}, {"she", "her", "hers"}
# Generic titles that fit any holder of these offices ("the minister", "the official").
# Titles that name another office in some countries: the UK's "the chancellor" is the finance
# minister, not the head of government; they resolve only with a country ("the German chancellor").
NOT_BARE = {"chancellor", "premier", "secretary", "general secretary", "chief", "leader"}
# "the company", "the party", "the movement": the last company, party or group the article named
# (a sector code, or an entity kind).
_COMPANY = ("MNC", "BUS")
BODY_NOUNS = {"company": _COMPANY, "firm": _COMPANY, "group": (*_COMPANY, "group"), "corporation": _COMPANY,
              "airline": _COMPANY, "carmaker": _COMPANY, "giant": _COMPANY, "retailer": _COMPANY,
              "conglomerate": _COMPANY, "party": ("PTY",), "movement": ("group",), "militia": ("group",),
              "militants": ("group",), "insurgents": ("group",)}
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*\n")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{2,30},?[^\n]{0,50}?\s[-\u2013\u2014]\s")
# "the country's army", "the kingdom's foreign minister": the state named last.
STATE_NOUNS = {"country", "nation", "kingdom", "republic", "state", "emirate", "government"}
# "the four countries", "the two sides", "the member states": a group named before (coref.group).
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12}
GROUP_REASON = "a group named before"  # in the reason of each member a group noun resolves to
MEMBER_NOUNS = {"members", "member states", "member countries", "participants", "participating countries"}
_GROUP = re.compile(r"^(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}) )?"
                    r"(?P<noun>countries|states|nations|governments|sides|neighbours|neighbors|powers|"
                    r"members|member states|member countries|participants|participating countries)$")
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$", re.IGNORECASE)
# Only singular titles refer back to one person: "officials", "leaders" never do.
GENERIC_TITLES = {
    "minister": {"foreign_minister", "defence_minister", "interior_minister", "minister",
                 "deputy_foreign_minister"},
    "diplomat": {"foreign_minister", "deputy_foreign_minister", "special_envoy", "ambassador", "negotiator"},
    "top diplomat": {"foreign_minister"},
    "envoy": {"special_envoy", "ambassador"},
}


@dataclass(slots=True)
class NamedPerson:
    start: int
    end: int
    kb_id: str


@dataclass
class DocumentContext:
    """The people an article has named, in order; resolves later references to them."""

    idx: Index
    date: str | None
    people: list[NamedPerson] = field(default_factory=list)
    states: list[tuple[int, str]] = field(default_factory=list)  # (offset, country) of state mentions
    mentions: list[Mention] = field(default_factory=list)  # the scan that built it, for reuse
    stance_starts: set[int] = field(default_factory=set)  # "Russia" in "pro-Russia rebels": never an actor
    countries: list[tuple[int, str]] = field(default_factory=list)  # (offset, country) of every mention of one country

    bodies: list[tuple[int, Resolution]] = field(default_factory=list)  # organisations and groups named
    _by_country: dict[str, list[int]] = field(default_factory=dict)  # offsets of each country's mentions
    _person_at: dict[str, list[int]] = field(default_factory=dict)  # offsets of each person's mentions
    sentence_starts: list[int] = field(default_factory=list)  # where the article's sentences begin
    dateline_end: int = 0  # end of a "KABUL, March 3 (Reuters) -" opening, if any
    text: str = ""  # the article, for the words between listed states
    state_ends: dict[int, int] = field(default_factory=dict)  # end of each state mention, by start

    def set_text(self, text: str) -> None:
        """Sentence starts and the dateline of the article, for :meth:`only_country`."""
        self.text = text
        self.sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        m = _DATELINE.match(text)
        self.dateline_end = m.end() if m else 0

    def _sentence_start(self, offset: int) -> int:
        i = bisect_left(self.sentence_starts, offset + 1)
        return self.sentence_starts[i - 1] if i else 0

    def add_body(self, start: int, found: Resolution) -> None:
        self.bodies.append((start, found))

    def last_body(self, k: str, offset: int | None) -> Resolution | None:
        """ "the company", "the party", "the movement": the last company, party or group the article
        named before ``offset``."""
        fits = BODY_NOUNS.get(k)
        if not fits:
            return None
        for at, r in reversed(self.bodies):
            if (offset is None or at < offset) and (r.sector in fits or r.kind in fits):
                return r.with_(confidence=min(r.confidence, 0.7), reason=f"'the {k}': {r.name}, named last")
        return None

    def add_country(self, start: int, country: str) -> None:
        self.countries.append((start, country))
        self._by_country.setdefault(country, []).append(start)  # scan order: offsets ascend

    def only_country(self, offset: int | None) -> tuple[str, bool] | None:
        """The country the article is about before ``offset``: the one it has named (by any name,
        adjective, capital, or a person or body of it), or the one it names at least three times
        and twice as often as any other (``(country, False)``); else None."""
        cut = offset if offset is None or not self.sentence_starts else self._sentence_start(offset)
        # countries named in earlier sentences (or the dateline): in its own sentence a country
        # named before a sector word is as often the other side ("Israel shelled the militants")
        if cut is not None:
            cut = max(cut, self.dateline_end)
        named = Counter({c: (len(at) if cut is None else bisect_left(at, cut)) for c, at in self._by_country.items()})
        named = +named  # drop the countries named only later
        if len(named) == 1:
            return next(iter(named)), True
        if not named:
            return None
        (top, n1), (_, n2) = named.most_common(2)
        return (top, False) if n1 >= 3 and n1 >= 2 * n2 else None

    def of_only_country(self, k: str, offset: int | None, date: str | None,
                        sector: str | None = None) -> list[Resolution]:
        """ "the government", "police", "the president": of the only country the article has named.

        ``sector`` is the head's sector when the resolver found it ("government troops" -> MIL).
        """
        about = self.only_country(offset)
        country = about[0] if about else None
        office = self.idx.office_words.get(k)
        sector = office[1] if office else sector or self.idx.sector_words.get(k)
        if country is None or sector is None or sector in ("IGO", "NGO", "MNC") or k in NOT_BARE:
            return []
        why = f"the only country named before it: {country}" if about and about[1] else \
            f"the country the article names most before it: {country}"
        pid = E.holder(self.idx, country, office[0], date or self.date) if office else None
        only = bool(about and about[1])
        if pid:
            return [E.person(self.idx, pid, date or self.date, 0.6 if only else 0.5, f"'{k}' of {why}")]
        return [E.state(self.idx, country, sector, 0.55 if only else 0.45, f"'{k}': {why}")]

    def add_state(self, start: int, country: str, end: int | None = None) -> None:
        self.states.append((start, country))
        if end is not None:
            self.state_ends[start] = end

    def state_lists(self, offset: int | None) -> Iterator[tuple[int, list[str]]]:
        """The lists of states the article named before ``offset`` ("Russia, the United States,
        China and Pakistan"), the latest first: (offset of the list, its countries)."""
        runs: list[tuple[int, list[str]]] = []
        prev_end = -1
        for start, country in self.states:
            if offset is not None and start >= offset:
                break
            gap = self.text[prev_end:start] if prev_end >= 0 else None
            if runs and gap is not None and _LIST_GAP.match(gap) and country not in runs[-1][1]:
                runs[-1][1].append(country)
            else:
                runs.append((start, [country]))
            prev_end = self.state_ends.get(start, -1)
        for at, countries in reversed(runs):
            if len(countries) > 1:
                yield at, countries

    def group(self, k: str, offset: int | None, date: str | None) -> list[Resolution]:
        """ "the four countries", "the two sides", "the members": the member states of the format or
        organisation the article named last before ``offset``, or of its last list of states; with a
        number, only a group of that many (none when the last one named is of another size)."""
        m = _GROUP.match(k)
        if m is None:
            return []
        word, noun = m["n"], m["noun"]
        if word is None and noun not in MEMBER_NOUNS:
            return []  # "the countries" alone names no group
        n = None if word is None else int(word) if word.isdigit() else _NUMBERS[word]
        found: list[tuple[int, list[str], str]] = []
        for at, r in reversed(self.bodies):  # the last format or organisation with member states
            states = [x.country for x in r.members if x.kind == "state" and x.country]
            if (offset is None or at < offset) and r.kind in ("format", "organisation") and states:
                found.append((at, states, r.name))
                break
        if noun not in MEMBER_NOUNS:  # "the four countries" may be a list; "the members" are a body's
            listed = next(self.state_lists(offset), None)
            if listed:
                found.append((listed[0], listed[1], ""))
        if not found:
            return []
        at, states, name = max(found, key=lambda f: f[0])
        if n is not None and len(states) != n:
            return []
        why = f"'{k}': {GROUP_REASON}, the members of {name}" if name else \
            f"'{k}': {GROUP_REASON}, the states listed ({', '.join(states)})"
        return [E.state(self.idx, c, None, 0.6, why) for c in states]

    def last_state(self, offset: int | None) -> str | None:
        """The country mentioned last before ``offset`` ("Bahrain by its foreign minister")."""
        cut = len(self.states) if offset is None else bisect_left(self.states, offset, key=lambda s: s[0])
        return self.states[cut - 1][1] if cut else None

    def add(self, start: int, end: int, kb_id: str) -> None:
        insort(self._person_at.setdefault(kb_id, []), start)
        if self.people and start < self.people[-1].start:  # keep text order for the bisect
            self.people.append(NamedPerson(start, end, kb_id))
            self.people.sort(key=lambda p: p.start)
        else:
            self.people.append(NamedPerson(start, end, kb_id))

    def named_before(self, offset: int | None) -> Iterator[NamedPerson]:
        """People named before ``offset``, most recent first (people are added in text order)."""
        cut = len(self.people) if offset is None else bisect_left(self.people, offset, key=lambda p: p.start)
        for i in range(cut - 1, -1, -1):
            yield self.people[i]

    def last_person(self, offset: int | None = None, date: str | None = None,
                    gender: str | None = None) -> Resolution | None:
        """The most recently named person (before ``offset``), as a resolution on the date."""
        for p in self.named_before(offset):
            g = self.idx.persons[p.kb_id].get("gender")
            if gender and g and g != gender:
                continue
            return E.person(self.idx, p.kb_id, date or self.date, 0.7, "pronoun: last person named")
        return None

    def by_surname(self, k: str, offset: int | None = None, date: str | None = None) -> Resolution | None:
        last: tuple[int, str] | None = None  # (offset, id) of the latest person of that surname before offset
        for pid in self.idx.surnames.get(k, ()):
            at = self._person_at.get(pid)
            i = (len(at) if offset is None else bisect_left(at, offset)) if at else 0
            if i and (last is None or at[i - 1] > last[0]):  # type: ignore[index]
                last = (at[i - 1], pid)  # type: ignore[index]
        if last is None:
            return None
        return E.person(self.idx, last[1], date or self.date, 0.9, "surname of a person named earlier")

    def by_title(self, k: str, offset: int | None = None, date: str | None = None) -> Resolution | None:
        """ "the foreign minister" / "the minister" -> the last named person holding such an office."""
        on = date or self.date
        office = self.idx.office_words.get(k)
        offices = GENERIC_TITLES.get(k) or ({office[0]} if office else set())
        plural = k.endswith("s") and (k[:-1] in self.idx.office_words or k[:-1] in GENERIC_TITLES)
        if not offices or plural or k in NOT_BARE:
            return None
        for p in self.named_before(offset):
            role = E.role_on(self.idx, p.kb_id, on)
            if role and role["office"] in offices:
                return E.person(self.idx, p.kb_id, on, 0.8, f"title '{k}' of a person named earlier")
        return None

    def of_last_state(self, k: str, offset: int | None, date: str | None) -> list[Resolution]:
        """ "its foreign minister", "its army": the office or sector of the country named last."""
        country = self.last_state(offset)
        office = self.idx.office_words.get(k)
        sector = office[1] if office else self.idx.sector_words.get(k)
        if country is None or sector is None:
            return []
        pid = E.holder(self.idx, country, office[0], date or self.date) if office else None
        if pid:
            return [E.person(self.idx, pid, date or self.date, 0.75, f"'its {k}': {country} named last")]
        return [E.state(self.idx, country, sector, 0.75, f"'its {k}': {country} named last")]

    def resolve(self, text: str, date: str | None = None, offset: int | None = None) -> list[Resolution]:
        """A bare pronoun, surname or title, resolved against the people named before ``offset``."""
        definite = _DEFINITE.match(text)
        k = key(text[definite.end():] if definite else text)
        if definite and definite[0].strip().lower() == "its":
            return self.of_last_state(k, offset, date)
        owner, _, rest = k.replace(" 's ", "'s ").partition("'s ")
        if definite and owner in STATE_NOUNS and rest:  # "the country's military" = "its military"
            return self.of_last_state(rest, offset, date)
        if definite and definite[0].strip().lower() in {"the", "their"} and _GROUP.match(k):
            return self.group(k, offset, date)
        if definite and definite[0].strip().lower() == "the" and k in BODY_NOUNS:
            body = self.last_body(k, offset)
            return [body] if body else []
        if k in MALE or k in FEMALE:
            found = self.last_person(offset, date, "m" if k in MALE else "f")
        elif k in self.idx.surnames:
            found = self.by_surname(k, offset, date)
        elif definite:  # "the minister", "his deputy"; not "a diplomat"
            found = self.by_title(k, offset, date)
        else:
            found = None
        return [found] if found else []
