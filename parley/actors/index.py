"""The compiled knowledge base: entries by id and every name by its folded key.

Compiling turns the validated files into dictionaries that make each lookup O(1) per
span (``names[key]``) plus one Aho-Corasick automaton over all keys for scanning. The
whole object is pickled into the cache, so loading it is a single ``pickle.load``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from parley.actors.names import is_acronym, key, surname_of
from parley.actors.schema import KBFile

# How a name refers to its entry; the resolver turns each into a code and a confidence.
NAME, ALIAS, METONYM, CAPITAL, ADJECTIVE, DEMONYM, SURNAME, BODY, SHORT = (
    "name", "alias", "metonym", "capital", "adjective", "demonym", "surname", "body", "short")
# Automaton payload kinds beyond entity names.
SECTOR_WORD, OFFICE_WORD = "sector", "office"
COUNTERPARTS = ("counterpart", "counterparts")


@dataclass(frozen=True, slots=True)
class Ref:
    """One meaning of a name key: entity type, id and how the name refers to it."""

    etype: str  # country | person | organisation | group | format | sector | office
    id: str
    how: str
    acronym: bool = False  # matches only when written in capitals


@dataclass
class Index:
    """Everything resolution needs, keyed for constant-time lookups."""

    version: str
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    formats: dict[str, dict[str, Any]] = field(default_factory=dict)
    sectors: dict[str, dict[str, Any]] = field(default_factory=dict)
    names: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sector_words: dict[str, str] = field(default_factory=dict)  # "border guards" -> MIL
    office_words: dict[str, tuple[str, str]] = field(default_factory=dict)  # "foreign minister" -> (office, GOV)
    name_heads: dict[str, str] = field(default_factory=dict)  # "observatory" -> NGO, only inside a proper name
    # (country or organisation, office) -> [(start, end, person id, sector)], sorted by start
    holders: dict[tuple[str, str], list[tuple[str, str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    blocked: set[str] = field(default_factory=set)  # "Latin America": matched so "America" inside is not
    automaton: Any = None
    max_words: int = 1

    def refs(self, k: str) -> list[Ref]:
        return self.names.get(k, [])

    def entry(self, etype: str, ident: str) -> dict[str, Any] | None:
        table = {"country": self.countries, "person": self.persons, "organisation": self.organisations,
                 "group": self.groups, "format": self.formats}.get(etype)
        return None if table is None else table.get(ident)

    def code_owner(self, code_or_id: str) -> tuple[str, dict[str, Any]] | None:
        """Find an organisation/format/group/country by id or by IGO-prefixed code (IGOUNO)."""
        for etype, table in (("format", self.formats), ("organisation", self.organisations),
                             ("group", self.groups), ("country", self.countries)):
            if code_or_id in table:
                return etype, table[code_or_id]
        if code_or_id.startswith(("IGO", "NGO")) and code_or_id[3:] in self.organisations:
            return "organisation", self.organisations[code_or_id[3:]]
        for org in self.organisations.values():
            if org.get("code") == code_or_id:
                return "organisation", org
        return None


def merge_entries(files: list[KBFile]) -> dict[str, dict[str, dict[str, Any]]]:
    """Entries by kind and id; later files (user files) override earlier ones with the same id."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for f in files:
        for e in f.entries:
            out[f.kind][e["id"]] = e
    return out


def _plural_variants(word: str) -> set[str]:
    """The word and the plural of its last word ("border guard" -> "border guards").

    Only singulars are pluralised: stripping an "s" would turn "locals", "nationals" or
    "forces" into the adjectives "local", "national", "force". List singulars explicitly.
    """
    out = {word}
    head, _, last = word.rpartition(" ")
    prefix = head + " " if head else ""
    if not last.isalpha() or last.endswith(("s", "ce")) or last in _NO_PLURAL:
        return out
    if last.endswith("y") and len(last) > 3 and last[-2] not in "aeiou":
        out.add(prefix + last[:-1] + "ies")
    elif last.endswith("man"):
        out.add(prefix + last[:-3] + "men")
    elif last.endswith(("sh", "ch", "x")):
        out.add(prefix + last + "es")
    else:
        out.add(prefix + last + "s")
    return out


_NO_PLURAL = {"police", "military", "media", "press", "public", "people", "intelligence", "clergy", "ulema",
              "judiciary", "gendarmerie", "opposition", "leadership", "administration", "government",
              "parliament", "congress", "senate", "duma", "rada", "knesset", "majlis", "cabinet", "industry"}


class _Builder:
    def __init__(self, idx: Index):
        self.idx = idx

    def add(self, surface: str, ref: Ref) -> None:
        k = key(surface)
        if not k:
            return
        ref = Ref(ref.etype, ref.id, ref.how, is_acronym(surface))
        refs = self.idx.names[k]
        if not any(r.etype == ref.etype and r.id == ref.id for r in refs):
            refs.append(ref)
        elif ref.how == NAME:  # the strongest reading of a key wins for one entity
            refs[:] = [ref if (r.etype, r.id) == (ref.etype, ref.id) else r for r in refs]

    def countries(self) -> None:
        for cid, c in self.idx.countries.items():
            self.add(c["name"], Ref("country", cid, NAME))
            for n in c.get("names", []) + c.get("short_names", []):
                self.add(n, Ref("country", cid, ALIAS))
            for n in c.get("adjectives", []):
                self.add(n, Ref("country", cid, ADJECTIVE))
            for n in c.get("demonyms", []):
                self.add(n, Ref("country", cid, DEMONYM))
            if c.get("capital"):
                self.add(c["capital"], Ref("country", cid, CAPITAL))
                self.add("official " + c["capital"], Ref("country", cid, METONYM))
            for n in c.get("metonyms", []):
                how = CAPITAL if c.get("capital") and key(n) == key(c["capital"]) else METONYM
                self.add(n, Ref("country", cid, how))
            self.idx.blocked.update(key(n) for n in c.get("not_names", []))

    def persons(self) -> None:
        for pid, p in self.idx.persons.items():
            self.add(p["name"], Ref("person", pid, NAME))
            for n in p.get("aliases", []):
                self.add(n, Ref("person", pid, ALIAS))
            if p.get("surname"):  # given explicitly (e.g. family name first: "Xi"): only that one
                surnames = {key(p["surname"])}
            else:
                surnames = {key(surname_of(n)) for n in [p["name"], *p.get("aliases", [])] if " " in n.strip()}
                surnames.add(key(surname_of(p["name"])))
            for s in surnames:
                if pid not in self.idx.surnames[s]:
                    self.idx.surnames[s].append(pid)
                if p.get("surname_alone"):
                    self.add(s, Ref("person", pid, SURNAME))
            for r in p.get("roles", []):
                self.idx.holders[(r["country"], r["office"])].append(
                    (r.get("start") or "0000-01-01", r.get("end") or "9999-12-31", pid, r.get("sector") or "GOV"))

    def named(self, etype: str, table: dict[str, dict[str, Any]]) -> None:
        for eid, e in table.items():
            self.add(e["name"], Ref(etype, eid, NAME))
            for n in e.get("aliases", []):
                self.add(n, Ref(etype, eid, ALIAS))
            if etype == "organisation" and e["id"] not in self.idx.names:
                self.add(e["id"], Ref(etype, eid, ALIAS))
            for n in e.get("short_names", []):  # "Wagner": only while the group exists
                self.add(n, Ref(etype, eid, SHORT))
            for n in e.get("bodies", []):  # "the Security Council" -> the UN
                self.add(n, Ref(etype, eid, BODY))

    def sectors(self) -> None:
        for sid, s in self.idx.sectors.items():
            for w in s.get("words", []):
                for v in _plural_variants(key(w)):
                    self.idx.sector_words.setdefault(v, sid)
            for w in s.get("name_heads", []):
                for v in _plural_variants(key(w)):
                    self.idx.name_heads.setdefault(v, sid)
            for office, words in (s.get("offices") or {}).items():
                for w in words:
                    for v in _plural_variants(key(w)):
                        self.idx.office_words.setdefault(v, (office, sid))


def compile_index(files: list[KBFile], version: str) -> Index:
    """Build the index (and its automaton) from validated, merged files."""
    idx = Index(version=version)
    merged = merge_entries(files)
    idx.countries = merged.get("countries", {})
    idx.persons = merged.get("persons", {})
    idx.organisations = merged.get("organisations", {})
    idx.groups = merged.get("groups", {})
    idx.formats = merged.get("formats", {})
    idx.sectors = merged.get("sectors", {})
    b = _Builder(idx)
    b.countries()
    b.named("organisation", idx.organisations)
    b.named("group", idx.groups)
    b.named("format", idx.formats)
    b.persons()  # persons last: a person's surname never shadows a country already named
    b.sectors()
    idx.names = dict(idx.names)
    idx.surnames = dict(idx.surnames)
    idx.holders = {k: sorted(v) for k, v in idx.holders.items()}
    idx.automaton = _automaton(idx)
    idx.max_words = max((k.count(" ") + 1 for k in idx.names), default=1)
    return idx


def _automaton(idx: Index) -> Any:
    """One automaton over entity names, surnames, sector and office words; payload = the key."""
    a = ahocorasick.Automaton()
    keys = set(idx.names) | set(idx.surnames) | set(idx.sector_words) | set(idx.office_words) | set(COUNTERPARTS)
    keys |= idx.blocked
    for k in keys:
        a.add_word(k, k)
    a.make_automaton()
    return a
