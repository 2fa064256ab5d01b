"""The compiled knowledge base: entries by id and every name by its folded key.

Compiling turns the validated files into dictionaries that make each lookup O(1) per
span (``names[key]``), plus a table of every key by its first word for scanning
(parley/actors/mentions.py). The whole object is pickled into the cache, so loading it is a
single ``pickle.load``; derived entries stay as their table rows in it and are parsed the
first time a resolution needs them, so twenty thousand people cost little to load.
"""

from __future__ import annotations

import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from parley.actors.names import is_acronym, key
from parley.actors.schema import KBFile

# How a name refers to its entry; the resolver turns each into a code and a confidence.
NAME, ALIAS, METONYM, CAPITAL, ADJECTIVE, DEMONYM, SURNAME, BODY, SHORT = (
    "name", "alias", "metonym", "capital", "adjective", "demonym", "surname", "body", "short")
# Scanned keys beyond entity names.
SECTOR_WORD, OFFICE_WORD = "sector", "office"
COUNTERPARTS = ("counterpart", "counterparts")
FIRST_RUN = re.compile(r"\w+")
ARMED_TYPES = ("armed", "insurgent", "militia", "terrorist", "pmc")


class Ref(NamedTuple):
    """One meaning of a name key: entity type, id and how the name refers to it."""

    etype: str  # country | person | organisation | group | format | sector | office
    id: str
    how: str
    acronym: bool = False  # matches only when written in capitals
    proper: bool = False  # a derived name: matches only when written with a capital ("Chevron", not "chevron")


class Entries(dict):  # type: ignore[type-arg]
    """Entries by id, kept packed until first used: a derived entry as its table row, a hand-written
    one as its pickle (so loading the index builds a few objects per entry, not dozens)."""

    kind = ""

    def __getitem__(self, ident: str) -> dict[str, Any]:
        value = dict.__getitem__(self, ident)
        if type(value) is str:
            from parley.actors.tables import parse_row

            value = parse_row(self.kind, value)
            dict.__setitem__(self, ident, value)
        elif type(value) is bytes:
            value = pickle.loads(value)
            dict.__setitem__(self, ident, value)
        return value  # type: ignore[no-any-return]

    def get(self, ident: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[ident] if ident in self else default

    def values(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return [self[k] for k in self]

    def items(self) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def __reduce__(self) -> tuple[Any, ...]:  # rows as they are; parsed entries packed again
        return type(self), ([(k, v if type(v) in (str, bytes) else v.get("_row") or pickle.dumps(v, protocol=5))
                             for k, v in dict.items(self)],)


_MISSING = object()


class _Packed(dict):  # type: ignore[type-arg]
    """A table pickled with each value packed into one string (one object to load, none for the
    cyclic collector to walk); a value is unpacked the first time it is read."""

    @staticmethod
    def pack(value: Any) -> str:
        return "\x1f".join(value)

    @staticmethod
    def unpack(text: str) -> Any:
        return tuple(text.split("\x1f")) if text else ()

    def __getitem__(self, k: str) -> Any:
        value = dict.__getitem__(self, k)
        if type(value) is str:
            value = self.unpack(value)
            dict.__setitem__(self, k, value)
        return value

    def get(self, k: str, default: Any = None) -> Any:  # type: ignore[override]
        value = dict.get(self, k, _MISSING)
        if value is _MISSING:
            return default
        return self[k] if type(value) is str else value

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[k] for k in self]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), ([(k, v if type(v) is str else self.pack(v)) for k, v in dict.items(self)],)


class Names(dict):  # type: ignore[type-arg]
    """Name key -> its Refs, pickled one string per key ("country\x1fRUS\x1fname\x1f"). No method of
    dict is overridden, so lookups stay C-speed; :meth:`Index.refs` unpacks a key's Refs on use."""

    @staticmethod
    def pack(value: Any) -> str:
        return "\x1e".join(f"{r.etype}\x1f{r.id}\x1f{r.how}\x1f{'a' if r.acronym else ''}{'p' if r.proper else ''}"
                           for r in value)

    @staticmethod
    def unpack(text: str) -> list[Ref]:
        out: list[Ref] = []
        for part in text.split("\x1e") if text else ():
            etype, ident, how, flags = part.split("\x1f")
            out.append(Ref(etype, ident, how, "a" in flags, "p" in flags))
        return out

    def items(self) -> list[tuple[str, list[Ref]]]:  # type: ignore[override]
        return [(k, self.unpack(v) if type(v) is str else v) for k, v in dict.items(self)]

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), ([(k, v if type(v) is str else self.pack(v)) for k, v in dict.items(self)],)


class Starts(dict):  # type: ignore[type-arg]
    """First word -> the keys starting with it, longest first; pickled one string per word, split on
    first use by the scan (no dict method overridden: the scan looks every word up)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), ([(k, v if type(v) is str else "\x1f".join(v)) for k, v in dict.items(self)],)


class Persons(Entries):
    kind = "persons"


class Organisations(Entries):
    kind = "organisations"


class Groups(Entries):
    kind = "groups"


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
    names: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))  # a Names once compiled
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # tuples once compiled
    sector_words: dict[str, str] = field(default_factory=dict)  # "border guards" -> MIL
    office_words: dict[str, tuple[str, str]] = field(default_factory=dict)  # "foreign minister" -> (office, GOV)
    name_heads: dict[str, str] = field(default_factory=dict)  # "observatory" -> NGO, only inside a proper name
    # (country or organisation, office) -> [(start, end, person id, sector)], sorted by start
    holders: dict[tuple[str, str], list[tuple[str, str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    blocked: set[str] = field(default_factory=set)  # "Latin America": matched so "America" inside is not
    # every scanned key by its first run of word characters ("u.s." under "u"), longest first
    starts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_words: int = 1
    proper: set[str] = field(default_factory=set)  # keys every meaning of which is a derived (proper) name
    acronyms: set[str] = field(default_factory=set)  # keys every meaning of which is an acronym ("us", "is")
    title_words: set[str] = field(default_factory=set)  # words that may stand in front of a name
    merged: dict[str, int] = field(default_factory=dict)  # what merging the layers did (see merge_entries)
    key_sets: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)  # the scan's, built on use

    def refs(self, k: str) -> list[Ref]:
        refs = self.names.get(k)
        if refs is None:
            return []
        if type(refs) is str:
            refs = self.names[k] = Names.unpack(refs)  # type: ignore[assignment]
        return refs

    def counts(self) -> dict[str, int]:
        """What the knowledge base holds, by kind and layer (`parley actors check`, docs/KNOWLEDGE_BASE.md)."""
        persons = self.persons.values()
        dated = [p for p in persons if any(r.get("start") or r.get("end") for r in p.get("roles", []))]
        armed = [g for g in self.groups.values() if g.get("type") in ARMED_TYPES
                 or any(r.get("sector") in ("REB", "INS", "MIL") for r in g.get("roles", []))]
        return {
            "countries": len(self.countries), "persons": len(persons), "persons with dated roles": len(dated),
            "  derived from Phoenix": sum(1 for p in dated if p.get("_derived")),
            "organisations": len(self.organisations),
            "  organisations derived": sum(1 for o in self.organisations.values() if o.get("_derived")),
            "groups": len(self.groups), "armed groups": len(armed),
            "  armed groups derived": sum(1 for g in armed if g.get("_derived")),
            "formats": len(self.formats), "sectors": len(self.sectors), "sector words": len(self.sector_words),
            "names": len(self.names),
        }

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


LAYER_ORDER = {"derived": 0, "hand": 1, "table": 2, "user": 3}


class _KeyMemo(dict):  # type: ignore[type-arg]
    """key() of each name once per compile: merging and building ask for the same names again."""

    def __missing__(self, name: str) -> str:
        k = self[name] = key(name)
        return k


def merge_entries(files: list[KBFile], stats: dict[str, int] | None = None,
                  keys: dict[str, str] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Entries by kind and id, layer over layer (docs/KNOWLEDGE_BASE.md, "Layers").

    Derived entries come first; YAML entries (built-in, then user files) replace an entry with
    the same id; a role-table person adds its roles to the person of the same name (or id), or
    is a new person; a derived person sharing a name with a hand-written one is dropped (the
    hand-written entry wins). Derived sector words go under ``"sector_words"`` (id: word).
    """
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    stats = stats if stats is not None else {}
    keys = keys if keys is not None else _KeyMemo()
    names: dict[str, str] = {}  # name key -> id of a hand-written person
    for f in sorted(files, key=lambda f: LAYER_ORDER.get(f.layer, 1)):
        base = f.path if f.layer == "user" else Path(f.path).name  # a user file is named in full
        for e in f.entries:
            if f.kind == "sectors" and e.get("_derived"):
                out["sector_words"].setdefault(key(e["words"][0]), e)
                continue
            e.setdefault("_src", base)
            if f.kind == "persons" and f.layer == "table":
                _merge_table_person(out["persons"], names, e, stats)
                continue
            out[f.kind][e["id"]] = e
            if f.kind == "persons" and not e.get("_derived"):
                names.update((keys[n], e["id"]) for n in [e["name"], *e.get("aliases", [])])
    persons = out["persons"]
    for pid in [p for p, e in persons.items() if e.get("_derived")]:
        e = persons[pid]
        if keys[e["name"]] in names or any(keys[n] in names for n in e.get("aliases", ())):
            del persons[pid]
            stats["derived_persons_dropped"] = stats.get("derived_persons_dropped", 0) + 1
    return out


def _merge_table_person(persons: dict[str, dict[str, Any]], names: dict[str, str], e: dict[str, Any],
                        stats: dict[str, int]) -> None:
    """Add a role-table person to the hand-written person of the same name, or file it as new."""
    target = None
    if e.get("_by_name"):
        target = next((names[k] for k in (key(n) for n in [e["name"], *e["aliases"]]) if k in names), None)
    if target is None and e["id"] in persons and not persons[e["id"]].get("_derived"):
        target = e["id"]
    if target is None:
        persons[e["id"]] = {k: v for k, v in e.items() if k != "_by_name"}
        names.update((key(n), e["id"]) for n in [e["name"], *e["aliases"]])
        stats["table_persons"] = stats.get("table_persons", 0) + 1
        return
    p = dict(persons[target])
    p["roles"] = list(p.get("roles", []))
    p["aliases"] = list(p.get("aliases", [])) + [a for a in e["aliases"] if a not in p.get("aliases", [])]
    for r in e["roles"]:
        if any(_same_role(r, old) for old in p["roles"]):
            stats["table_roles_already_known"] = stats.get("table_roles_already_known", 0) + 1
            continue
        p["roles"].append(r)
        stats["table_roles_merged"] = stats.get("table_roles_merged", 0) + 1
    for k in ("gender", "surname_alone"):
        if k in e and k not in p:
            p[k] = e[k]
    persons[target] = p
    names.update((key(n), target) for n in e["aliases"])


def _same_role(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same office of the same country over overlapping dates (the YAML entry is kept)."""
    if a["office"] != b["office"] or a["country"] != b["country"]:
        return False
    return (a.get("start") or "0000") < (b.get("end") or "9999") and (b.get("start") or "0000") < (a.get("end") or "9999")


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
    def __init__(self, idx: Index, keys: dict[str, str]):
        self.idx = idx
        self.keys = keys
        self.derived = False  # adding derived names: never over a hand-written name or word
        self.hand_keys: set[str] = set()  # keys with a meaning that is not a derived (proper) name
        self.not_acronym: set[str] = set()  # keys with a meaning not written in capitals
        self.titles: set[str] = set()  # hand-written keys of entities other than persons

    def add(self, surface: str, etype: str, ident: str, how: str) -> None:
        k = self.keys[surface]
        if not k:
            return
        if self.derived and (k in self.hand_keys or k in self.idx.sector_words or k in self.idx.office_words):
            return
        refs = self.idx.names[k]
        acronym = is_acronym(surface)
        proper = self.derived and not acronym
        if not proper:
            self.hand_keys.add(k)
        if not acronym:
            self.not_acronym.add(k)
        if etype != "person" and not proper:
            self.titles.add(k)
        ref = Ref(etype, ident, how, acronym, proper)
        for i, r in enumerate(refs):
            if r.etype == etype and r.id == ident:
                if how == NAME:  # the strongest reading of a key wins for one entity
                    refs[i] = ref
                elif r.acronym and not acronym:  # "ISIS" and "Isis": any case matches
                    refs[i] = r._replace(acronym=False)
                return
        refs.append(ref)

    def countries(self) -> None:
        for cid, c in self.idx.countries.items():
            self.add(c["name"], "country", cid, NAME)
            for n in c.get("names", []) + c.get("short_names", []):
                self.add(n, "country", cid, ALIAS)
            for n in c.get("adjectives", []):
                self.add(n, "country", cid, ADJECTIVE)
            for n in c.get("demonyms", []):
                self.add(n, "country", cid, DEMONYM)
            if c.get("capital"):
                self.add(c["capital"], "country", cid, CAPITAL)
                self.add("official " + c["capital"], "country", cid, METONYM)
            for n in c.get("metonyms", []):
                how = CAPITAL if c.get("capital") and key(n) == key(c["capital"]) else METONYM
                self.add(n, "country", cid, how)
            self.idx.blocked.update(key(n) for n in c.get("not_names", []))

    def persons(self) -> None:
        for pid, p in self.idx.persons.items():
            if bool(p.get("_derived")) != self.derived:
                continue
            self.add(p["name"], "person", pid, NAME)
            for n in p.get("aliases", []):
                self.add(n, "person", pid, ALIAS)
            if p.get("surname"):  # given explicitly (e.g. family name first: "Xi"): only that one
                surnames = {key(p["surname"])}
            else:  # the last word of each full name (key() keeps the words, folded)
                surnames = {self.keys[n].rsplit(" ", 1)[-1] for n in p.get("aliases", ()) if " " in n.strip()}
                surnames.add(self.keys[p["name"]].rsplit(" ", 1)[-1])
            for s in surnames:
                if pid not in self.idx.surnames[s]:
                    self.idx.surnames[s].append(pid)
                if p.get("surname_alone"):
                    self.add(s, "person", pid, SURNAME)
            for r in p.get("roles", []):  # derived roles (office unknown) are nobody's office to look up
                if r["office"] != "official":
                    self.idx.holders[(r["country"], r["office"])].append(
                        (r.get("start") or "0000-01-01", r.get("end") or "9999-12-31", pid, r.get("sector") or "GOV"))

    def named(self, etype: str, table: dict[str, dict[str, Any]]) -> None:
        for eid, e in table.items():
            if bool(e.get("_derived")) != self.derived:
                continue
            self.add(e["name"], etype, eid, NAME)
            for n in e.get("aliases", []):
                self.add(n, etype, eid, ALIAS)
            if etype == "organisation" and e["id"] not in self.idx.names and e["id"].isupper():
                self.add(e["id"], etype, eid, ALIAS)
            for n in e.get("short_names", []):  # "Wagner": only while the group exists
                self.add(n, etype, eid, SHORT)
            for n in e.get("bodies", []):  # "the Security Council" -> the UN
                self.add(n, etype, eid, BODY)

    def sectors(self, derived_words: dict[str, dict[str, Any]]) -> None:
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
        for w, e in derived_words.items():  # agent nouns of a derived layer: after every hand-written word
            if e["id"] in self.idx.sectors and w not in self.idx.office_words:
                for v in _plural_variants(w):
                    self.idx.sector_words.setdefault(v, e["id"])

    def entities(self) -> None:
        """Hand-written names first, then derived ones (which never take a hand-written key)."""
        for derived in (False, True):
            self.derived = derived
            if not derived:
                self.countries()
            self.named("organisation", self.idx.organisations)
            self.named("group", self.idx.groups)
            self.named("format", self.idx.formats)
            self.persons()  # persons last: a person's surname never shadows a country already named
        self.derived = False
        names = {k for k, refs in self.idx.names.items() if refs}
        self.idx.proper = names - self.hand_keys
        self.idx.acronyms = names - self.not_acronym
        keys = [*self.idx.office_words, *self.idx.sector_words, *self.titles]
        self.idx.title_words = {w for k in keys for w in k.replace("'s ", " 's ").replace("s' ", "s 's ").split(" ") if w}


def compile_index(files: list[KBFile], version: str) -> Index:
    """Build the index (and its automaton) from validated, merged files."""
    idx = Index(version=version)
    keys = _KeyMemo()
    merged = merge_entries(files, idx.merged, keys)
    idx.countries = merged.get("countries", {})
    idx.persons = merged.get("persons", {})
    idx.organisations = merged.get("organisations", {})
    idx.groups = merged.get("groups", {})
    idx.formats = merged.get("formats", {})
    idx.sectors = merged.get("sectors", {})
    b = _Builder(idx, keys)
    b.sectors(merged.get("sector_words", {}))
    b.entities()
    idx.names = Names(idx.names)
    idx.surnames = _Packed((k, tuple(v)) for k, v in idx.surnames.items())
    idx.holders = {k: sorted(v) for k, v in idx.holders.items()}
    idx.starts = _starts(idx)
    idx.max_words = max((k.count(" ") + 1 for k in idx.names), default=1)
    idx.persons, idx.organisations, idx.groups = (
        cls((k, e.get("_row") or e) for k, e in table.items())
        for cls, table in ((Persons, idx.persons), (Organisations, idx.organisations), (Groups, idx.groups)))
    return idx


def _starts(idx: Index) -> dict[str, tuple[str, ...]]:
    """Entity names, surnames, sector and office words by their first run of word characters."""
    keys = set(idx.names) | set(idx.surnames) | set(idx.sector_words) | set(idx.office_words) | set(COUNTERPARTS)
    keys |= idx.blocked
    out: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        first = k.split(" ", 1)[0]
        if first.isalnum():  # the common case: the first word is the run
            out[first].append(k)
            continue
        m = FIRST_RUN.match(k)
        if m:  # a key must start with a letter or digit (names are cleaned so)
            out[m[0]].append(k)
    return Starts((run, tuple(sorted(ks, key=len, reverse=True))) for run, ks in out.items())
