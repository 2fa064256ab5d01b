"""Derive knowledge-base layers from the Phoenix/PETRARCH2 actor dictionaries (MIT).

    .venv/bin/python scripts/derive_phoenix.py [--source DIR] [--out DIR] [--examples N]

Reads the four TABARI-format files of ``../shared/reference/phoenix/`` (never copied) and
writes parley's own derived layers to ``parley/actors/data/derived/``: ``persons.tsv`` (people
with dated roles), ``organisations.tsv`` (IGOs, NGOs, companies, state bodies),
``groups.tsv`` (armed non-state groups) and ``sectors.tsv`` (agent nouns), each line with the
dictionary line it came from, plus ``report.txt``: counts, what was left out and why, and the
conflicts with the hand-written data (same person, overlapping roles with different codes).
Hand-written entries win when the knowledge base is compiled (docs/KNOWLEDGE_BASE.md).

What is taken, and how (the facts carry over, the format is parley's):
- a code ``AFGGOVBUS`` is country AFG + sector GOV (the first sector parley knows); IGO/NGO
  codes name the organisation by their last own chunk (``IGOUNOKID`` -> UNICEF);
- six-digit dates are YYMMDD (years 00-29 are 20xx); an end date is inclusive in the
  dictionaries and becomes the exclusive end of parley's half-open intervals (+1 day);
- a role with no end is "capped": it ends on the last date the file knows (its data stop
  there, the office may have gone on); an undated ``[XXXELI]`` beside other roles is dropped
  (parley already codes people out of office as ELI of their last country);
- names are re-cased ("DAVID_BLUNKETT_" -> "David Blunkett"); names that are one word, or
  carry a title ("PRESIDENT_KARZAI", "FOREIGN_MINISTER_ABDULLAH"), are left out: parley's
  resolver reads titles itself, and one word is too weak a name for a person.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parley.actors.index import compile_index  # noqa: E402
from parley.actors.kb import DATA_DIR, builtin_files, load_files  # noqa: E402
from parley.actors.names import key  # noqa: E402
from parley.actors.tables import slug  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phoenix_tabari import (  # noqa: E402
    CODE,
    COMMON_WORDS,
    CORPORATE,
    COUNTRY_MAP,
    FILES,
    ORG_WORDS,
    PREFIXES,
    REGIONS,
    SECTOR_MAP,
    SPECIALTIES,
    TITLE_WORDS,
    Code,
    Raw,
    chunks,
    clean_name,
    looks_like_org,
    next_day,
    parse_code,
    parse_tabari,
    person_names,
    valid_name,
)


class Deriver:
    """Turns raw dictionary entries into parley entries, with counts of everything left out."""

    def __init__(self, countries: set[str], sectors: set[str], hand: Any, examples: int):
        self.countries = countries
        self.sectors = sectors
        self.hand = hand  # the compiled hand-written index
        self.examples = examples
        self.dropped: Counter[str] = Counter()
        self.samples: dict[str, list[str]] = defaultdict(list)
        self.snapshot: dict[str, str] = {}
        self.org_code: dict[str, str] = {}  # Phoenix own chunk (KID, EEC) -> parley organisation id
        self.title_words = TITLE_WORDS | {w for k in hand.office_words for w in k.split(" ")}
        self.derived_orgs_by_code: dict[str, str] = {}
        from parley.actors.resolve import Resolver

        self.resolver = Resolver(hand)
        from parley.actors.resolve import HONORIFICS, PRONOUNS, QUALIFIERS

        self.resolver_words = QUALIFIERS | HONORIFICS | PRONOUNS | hand.title_words
        self.first_names: set[str] = set()

    def drop(self, why: str, what: str) -> None:
        self.dropped[why] += 1
        if len(self.samples[why]) < self.examples:
            self.samples[why].append(what)

    def country(self, chunk: str) -> str | None:
        c = COUNTRY_MAP.get(chunk, chunk)
        return c if c in self.countries else None

    def sector(self, rest: list[str], default: str | None = None) -> str | None:
        for c in rest:
            c = SECTOR_MAP.get(c, c)
            if c in self.sectors:
                return c
        return default

    # ---------------------------------------------------------------- organisations' codes

    def learn_org_codes(self, raws: list[Raw]) -> None:
        """Map Phoenix organisation chunks to hand-written organisations with the same name."""
        for r in raws:
            for c in (parse_code(x) for x in r.codes):
                if c is None or c.code[:3] not in ("IGO", "NGO"):
                    continue
                own = self.own_chunk(c.code)
                for n in r.names:
                    refs = [x for x in self.hand.refs(key(clean_name(n, org=True)[0])) if x.etype == "organisation"]
                    if own and refs and own not in self.org_code:
                        self.org_code[own] = refs[0].id

    def own_chunk(self, code: str) -> str | None:
        parts = chunks(code)[1:]
        own = [p for p in parts if p not in REGIONS and p not in SPECIALTIES and not self.country(p)]
        return own[-1] if own else None

    def org_for(self, code: str) -> str | None:
        """The parley organisation id an IGO/NGO code names (UNICEF for IGOUNOKID), if known."""
        parts = [p for p in chunks(code)[1:] if p not in REGIONS and p not in SPECIALTIES and not self.country(p)]
        for p in reversed(parts):
            oid = self.org_code.get(p) or (p if p in self.hand_orgs else None)
            if oid:
                return oid
        return None

    @property
    def hand_orgs(self) -> dict[str, Any]:
        return self.hand.organisations

    # ---------------------------------------------------------------- roles

    def role(self, c: Code, what: str, file: str) -> tuple[str, str, str | None, str | None, bool] | None:
        """(owner, sector, start, end, capped) of a person's code, or None (counted)."""
        if c.bad:
            self.drop("role with an unreadable date", f"{what} [{c.code}]")
            return None
        parts = chunks(c.code)
        head = parts[0]
        if head in ("IGO", "NGO"):
            owner = self.org_for(c.code) or self.derived_org_for(c.code)
            if owner is None:
                self.drop("role in an organisation parley cannot name", f"{what} [{c.code}]")
                return None
            sector = "IGO" if head == "IGO" else "NGO"
        elif head == "MNC":
            owner = next((self.country(p) for p in parts[1:] if self.country(p)), None)
            sector = "MNC"
            if owner is None:
                self.drop("company role without a country", f"{what} [{c.code}]")
                return None
        else:
            owner = self.country(head)
            sector = self.sector(parts[1:])
            if owner is None or sector is None:
                self.drop("role with a country or sector parley does not have", f"{what} [{c.code}]")
                return None
        if c.start and c.end and c.end <= c.start:
            self.drop("role that ends before it starts", f"{what} [{c.code} {c.start}..{c.end}]")
            return None
        end, capped = c.end, False
        if end is None:
            end, capped = self.snapshot[file], True
            if c.start and c.start >= end:
                end = next_day(c.start)
        return owner, sector, c.start, end, capped

    def derived_org_for(self, code: str) -> str | None:
        return self.derived_orgs_by_code.get(code[:9]) or self.derived_orgs_by_code.get(code[:6])


def snapshot_date(raws: list[Raw]) -> str:
    """The last date a file knows: open roles end there."""
    dates = [d for r in raws for x in r.codes if (c := parse_code(x)) for d in (c.start, c.end) if d]
    dates = [d for d in dates if d <= "2019-12-31"]
    return max(dates) if dates else "2014-01-30"


# --------------------------------------------------------------------------- entries


class Builder(Deriver):
    """Builds the four layers from the parsed files."""

    def taken(self, name: str) -> bool:
        """A name the hand-written knowledge base already gives a meaning (it wins)."""
        k = key(name)
        return bool(self.hand.refs(k) or k in self.hand.sector_words or k in self.hand.office_words
                    or self.resolver.resolve(name, None))

    def free_names(self, names: list[str], what: str, *, single_ok: bool) -> list[str]:
        """Names not taken by the hand-written data, and strong enough to stand alone: a one-word
        name only as an organisation's own name or an acronym, never a common word or a first name."""
        out = []
        for n in names:
            k = key(n)
            one = " " not in k
            acronym = one and n.isupper() and len(k) <= 6
            if self.taken(n) or k in self.resolver_words:
                self.drop("name the hand-written data already resolve (they win)", f"{n} ({what})")
            elif one and (k in COMMON_WORDS or k in ORG_WORDS or k in self.first_names):
                self.drop("one-word name that is a common word or a first name", f"{n} ({what})")
            elif one and not acronym and not single_ok:
                self.drop("one-word alias (too weak a name alone)", f"{n} ({what})")
            elif k not in {key(x) for x in out}:
                out.append(n)
        return out

    def person(self, r: Raw) -> dict[str, Any] | None:
        names = person_names(r.names, self.title_words)
        if not names:
            self.drop("person name of one word or with a title", r.names[0])
            return None
        roles = []
        for c in (parse_code(x) for x in r.codes):
            if c is not None:
                got = self.role(c, names[0], r.file)
                if got:
                    roles.append(got)
        eli_only = [x for x in roles if x[1] == "ELI" and x[2] is None and x[4]]
        if len(eli_only) < len(roles):  # undated ELI beside real roles: parley derives it
            roles = [x for x in roles if x not in eli_only]
        if not roles:
            self.drop("person with no usable role", names[0])
            return None
        return {"name": names[0], "aliases": names[1:], "roles": sorted(set(roles), key=_role_order),
                "source": f"{r.file}:{r.line}"}

    def organisation(self, r: Raw, c: Code) -> dict[str, Any] | None:
        name, acr = clean_name(r.names[0], org=True)
        others = [clean_name(n, org=True) for n in r.names[1:]]
        names = [name] + [o[0] for o in others] + acr + [a for o in others for a in o[1]]
        names = [n for n in names if valid_name(n)]
        parts = chunks(c.code)
        head = parts[0]
        if head == "MNC":  # "Apple Inc" is "Apple" in the news, "Exxon Mobil Corporation" "Exxon Mobil"
            names += [m[1] for n in names if (m := CORPORATE.match(n)) and len(m[1]) > 2]
        country = next((self.country(p) for p in parts[1:] if self.country(p)), None)
        if head in PREFIXES:
            kind = PREFIXES[head]
            oid = self.org_for(c.code)
            own = self.own_chunk(c.code)
            if oid:
                o = self.hand.organisations[oid]
                code = o.get("code") or ("NGO" if o.get("type") == "ngo" else "IGO") + oid
            elif own:
                code = head + own
            else:
                code = head + (country or next((p for p in parts[1:] if p in SPECIALTIES), ""))
            sector = {"IGO": "IGO", "NGO": "NGO", "MNC": "MNC"}[head]
            country = country if head != "IGO" else None
        else:
            country = self.country(head)
            sector = self.sector(parts[1:])
            if country is None or sector is None:
                self.drop("body with a country or sector parley does not have", f"{r.names[0]} [{c.code}]")
                return None
            kind, code = "other", country + sector
        names = self.free_names(names, code, single_ok=True)
        if not names:
            return None
        return {"name": names[0], "aliases": names[1:], "type": kind, "code": code, "country": country or "",
                "sector": sector, "source": f"{r.file}:{r.line}"}

    def group(self, r: Raw, c: Code) -> dict[str, Any] | None:
        name, acr = clean_name(r.names[0], org=True)
        others = [clean_name(n, org=True) for n in r.names[1:]]
        names = [name] + [o[0] for o in others] + acr + [a for o in others for a in o[1]]
        names = self.free_names([n for n in names if valid_name(n)], c.code, single_ok=True)
        if not names:
            return None
        parts = chunks(c.code)
        country = self.country(parts[0])
        sector = self.sector(parts[1:], "REB") if country else "REB"
        return {"name": names[0], "aliases": names[1:], "country": country or "", "sector": sector,
                "source": f"{r.file}:{r.line}"}


def agent_words(raws_path: Path, b: Builder) -> list[dict[str, Any]]:
    """Agent nouns -> sectors: ``FARMER [~AGR]``, macros ``!PERSON!`` and ``{PLURAL}`` forms."""
    text = raws_path.read_text(encoding="utf-8", errors="replace").splitlines()
    macros: dict[str, list[str]] = {}
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(text, 1):
        body = line.split("#", 1)[0].strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if m:
            macros[m[1]] = [w.strip() for w in m[2].split(",") if w.strip()]
            continue
        codes = CODE.findall(body)
        if not codes:
            continue
        word = CODE.sub(" ", body).strip()
        forms = [word.split("{")[0].strip()] + re.findall(r"\{([^}]*)\}", word)
        sector = b.sector(chunks(codes[0].strip().lstrip("~")))
        if sector is None:
            b.drop("agent noun of a sector parley does not have", f"{word} [{codes[0]}]")
            continue
        for f in forms:
            for w in expand(f.strip(), macros):
                k = key(w.replace("_", " "))
                if not k or k in out:
                    continue
                if k in b.hand.sector_words or k in b.hand.office_words or b.hand.refs(k):
                    b.drop("agent noun the hand-written sectors already have", k)
                    continue
                out[k] = {"word": k, "sector": sector, "source": f"{raws_path.name}:{n}"}
    return [e for e in out.values() if people_noun(e["word"], out, b)]


# Agent nouns that name things, places or another sense in news ("carrier", "producer", "deputy").
NOT_AGENTS = set("carrier tanker supertanker freighter oiler airliner jetliner destroyer cruiser corvette frigate "
                 "battleship producer actor waiter waitress cabinetmaker deputy captain writer poor retired naval "
                 "container containership commissioner reformer believer settler exporter manufacturer "
                 "engineer monger hunter".split())
PEOPLE_ENDINGS = ("er", "or", "ist", "ian", "man", "men", "woman", "women", "person", "people", "ee", "ant", "ent",
                  "ess", "ier", "ary", "ite", "eur", "arch", "crat", "ot", "ive", "ic")


def people_noun(word: str, kept: dict[str, Any], b: Builder) -> bool:
    """Keep an agent noun that names people: one word with a people ending ("farmer", "rapist"),
    or a phrase whose head is a sector word ("dairy farmer", "agriculture minister", "ministry of
    health"); things, places and adjectives ("military base", "islamic", "village") are left out."""
    words = word.split(" ")
    head = words[0] if " of " in word else words[-1]
    if len(words) == 1:
        ok = word not in NOT_AGENTS and word.endswith(PEOPLE_ENDINGS) and len(word) > 3
    else:
        ok = head not in NOT_AGENTS and (head in b.hand.sector_words or head in b.hand.office_words
                                         or (head in kept and people_noun(head, {}, b)))
    if not ok:
        b.drop("agent noun that is no people noun (a thing, place or adjective)", word)
    return ok


def expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    for m, words in macros.items():
        if m in form:
            return [x for w in words for x in expand(form.replace(m, w, 1), macros)]
    return [form]


# --------------------------------------------------------------------------- the run


def _role_order(role: tuple[str, str, str | None, str | None, bool]) -> tuple[str, ...]:
    """Roles by start, then every field: the same output on every run (sets have no order)."""
    owner, sector, start, end, capped = role
    return (start or "", owner, sector, end or "", str(capped))


def is_person(r: Raw, codes: list[Code]) -> bool:
    if any(c.start or c.end for c in codes) or "CountryInfo" in r.comment or "IGOrulers" in r.comment:
        return True
    if codes[0].code.startswith("MNC"):  # the company lists: names without company words are companies
        return False
    return not looks_like_org(r.names)


def unique_ids(entries: list[dict[str, Any]], hint: Any) -> None:
    seen: set[str] = set()
    for e in entries:
        base = slug(e["name"])
        ident, n = base, 2
        if ident in seen:
            ident = f"{base}-{hint(e)}".lower()
        while ident in seen:
            ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        e["id"] = ident


def merge_same(orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One organisation per name and code: the company lists repeat entries ("EXXON_" twice)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for o in orgs:
        k = (key(o["name"]), o["code"])
        if k in out:
            out[k]["aliases"] += [a for a in o["aliases"] if key(a) not in {key(x) for x in out[k]["aliases"]}]
        else:
            out[k] = o
    return list(out.values())


def merge_namesakes(persons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One person per name and country: the leaders' list and the cabinet list repeat people."""
    out: dict[tuple[str, frozenset[str]], dict[str, Any]] = {}
    for p in persons:
        k = (key(p["name"]), frozenset(r[0] for r in p["roles"]))
        if k in out:
            old = out[k]
            old["roles"] = sorted(set(old["roles"]) | set(p["roles"]), key=_role_order)
            old["aliases"] += [a for a in p["aliases"] if key(a) not in {key(x) for x in old["aliases"]}]
        else:
            out[k] = p
    return list(out.values())


def skeleton(name: str) -> str:
    """The consonants of the first and last name, transliteration variants folded: "Sergey
    Shoygu" and "Sergei Shoigu" are both "srg shg"; "Mohammad"/"Muhammad" both "mhmd"."""
    words = key(name).replace("-", " ").replace("'", "").split()

    def sk(w: str) -> str:
        for a, b in (("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"), ("q", "k"),
                     ("z", "s"), ("c", "k"), ("dh", "d"), ("th", "t")):
            w = w.replace(a, b)
        w = re.sub(r"(.)\1+", r"\1", w)
        return w[:1] + re.sub("[aeiou]", "", w[1:])

    return sk(words[0]) + " " + sk(words[-1]) + ("|" + " ".join(sk(w) for w in words[1:-1]) if len(words) > 2 else "")


def same_as_hand(persons: list[dict[str, Any]], hand: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Drop derived people the hand-written data hold, by name or under another spelling of it
    (same initial and surname skeleton, a country in common and overlapping dates)."""
    names: dict[str, str] = {}
    skel: dict[str, list[str]] = defaultdict(list)
    for pid, p in hand.persons.items():
        names.update((key(n), pid) for n in [p["name"], *p.get("aliases", [])])
        for n in {skeleton(x) for x in [p["name"], *p.get("aliases", [])] if " " in x.strip()}:
            skel[n].append(pid)
            skel[n.split("|")[0]].append(pid)  # a name with middle names also matches one without
    kept, same = [], []
    for p in persons:
        pid = next((names[key(n)] for n in [p["name"], *p["aliases"]] if key(n) in names), None)
        if pid is None:
            sk = skeleton(p["name"])
            pid = next((h for s in dict.fromkeys((sk, sk.split("|")[0])) for h in skel.get(s, [])
                        if _overlap(p, hand.persons[h]) and _middles_agree(sk, hand.persons[h])
                        and _surnames_close(p["name"], hand.persons[h])), None)
            if pid is not None:
                same.append(f"{p['name']} ({p['source']}) = hand-written {pid} ({hand.persons[pid]['name']})")
        if pid is None:
            kept.append(p)  # else dropped: the hand-written entry wins
    return kept, same


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _surnames_close(a: str, h: dict[str, Any]) -> bool:
    """The surnames, vowels kept, differ by two edits at most ("Sarkisyan"/"Sargsyan", not "Balicki"/"Belka")."""
    last = key(a).replace("-", " ").split()[-1]
    return any(_edits(last, key(x).replace("-", " ").split()[-1]) <= 2 for x in [h["name"], *h.get("aliases", [])])


def _middles_agree(sk: str, h: dict[str, Any]) -> bool:
    """Both names have middle names only if they are the same ("Ahmad Shah" is not "Ahmad Zia")."""
    if "|" not in sk:
        return True
    theirs = {skeleton(x) for x in [h["name"], *h.get("aliases", [])] if " " in x.strip()}
    return sk in theirs or all("|" not in t for t in theirs if t.split("|")[0] == sk.split("|")[0])


def _overlap(p: dict[str, Any], h: dict[str, Any]) -> bool:
    for owner, _sector, start, end, _capped in p["roles"]:
        for r in h.get("roles", []):
            if r["country"] == owner and (start or "0000") < (r.get("end") or "9999") \
                    and (r.get("start") or "0000") < (end or "9999"):
                return True
    return False


def conflicts(persons: list[dict[str, Any]], hand: Any) -> tuple[int, list[str]]:
    """Derived people the hand-written data also hold, with overlapping roles of other codes."""
    names: dict[str, str] = {}
    for pid, p in hand.persons.items():
        names.update((key(n), pid) for n in [p["name"], *p.get("aliases", [])])
    shadowed, lines = 0, []
    for p in persons:
        pid = next((names[key(n)] for n in [p["name"], *p["aliases"]] if key(n) in names), None)
        if pid is None:
            continue
        shadowed += 1
        for owner, sector, start, end, _capped in p["roles"]:
            for r in hand.persons[pid].get("roles", []):
                if (start or "0000") < (r.get("end") or "9999") and (r.get("start") or "0000") < (end or "9999"):
                    hand_code = r["country"] + (r.get("sector") or "GOV")
                    if hand_code != owner + sector and not (owner == r["country"] and sector == "ELI"):
                        lines.append(f"{p['name']} ({p['source']}): derived {owner}/{sector} {start or '-'}..{end or '-'}"
                                     f" overlaps hand-written {pid} {r['office']} {r['country']}/{r.get('sector') or 'GOV'} "
                                     f"{r.get('start') or '-'}..{r.get('end') or '-'}")
    return shadowed, lines


def build(src: Path, examples: int) -> tuple[dict[str, list[dict[str, Any]]], Builder, list[str]]:
    hand_files = [p for p in builtin_files() if "derived" not in p.parts]
    hand = compile_index(load_files(hand_files, strict=True), "hand")
    b = Builder(set(hand.countries), set(hand.sectors), hand, examples)
    raws = {k: parse_tabari(src / f) for k, f in FILES.items() if k != "agents"}
    for k, rs in raws.items():
        b.snapshot[FILES[k]] = snapshot_date(rs)
    b.learn_org_codes(raws["international"] + raws["countries"])
    b.first_names = {key(n).split(" ")[0] for r in raws["countries"] if any(ch.isdigit() for x in r.codes for ch in x)
                     for n in person_names(r.names, b.title_words)}
    orgs, persons, groups = [], [], []
    todo_persons: list[Raw] = []
    for kind in ("countries", "international", "groups"):
        for r in raws[kind]:
            codes = [c for c in (parse_code(x) for x in r.codes) if c]
            if not codes:
                b.drop("entry without a code", r.names[0])
                continue
            if kind == "countries" and all(len(c.code) == 3 and not (c.start or c.end) for c in codes):
                b.drop("country entry (countries.yaml is hand-written)", r.names[0])
                continue
            if is_person(r, codes) and (kind != "groups" or b.country(codes[0].code[:3])):
                todo_persons.append(r)
                continue
            entry = (b.group if kind == "groups" else b.organisation)(r, codes[0])
            if entry is not None:
                (groups if kind == "groups" else orgs).append(entry)
                if kind != "groups":
                    b.derived_orgs_by_code.setdefault(codes[0].code, entry["name"])
    orgs = merge_same(orgs)
    unique_ids(orgs, lambda e: e["code"])
    by_name = {e["name"]: e["id"] for e in orgs}
    b.derived_orgs_by_code = {k: by_name[v] for k, v in b.derived_orgs_by_code.items()}
    unique_ids(groups, lambda e: e["country"] or "int")
    for r in todo_persons:
        p = b.person(r)
        if p is not None:
            persons.append(p)
    persons = merge_namesakes(persons)
    shadowed, clash = conflicts(persons, hand)
    persons, same = same_as_hand(persons, hand)
    b.dropped["person the hand-written data hold (same name: they win)"] = shadowed
    b.dropped["person the hand-written data hold under another spelling (they win)"] = len(same)
    b.samples["person the hand-written data hold under another spelling (they win)"] = same
    unique_ids(persons, lambda e: e["roles"][0][0])
    sectors = agent_words(src / FILES["agents"], b)
    return {"persons": persons, "organisations": orgs, "groups": groups, "sectors": sectors}, b, clash


HEADER = """# kind: {kind}
# Derived by scripts/derive_phoenix.py from the Phoenix/PETRARCH2 actor dictionaries
# (openeventdata/petrarch2, MIT licence, Copyright (c) 2014 Open Event Data Alliance; see
# docs/KNOWLEDGE_BASE.md). Do not edit: hand-written entries in the YAML files and role tables
# win over these. Columns (tab-separated): {columns}
"""


def write(out: Path, layers: dict[str, list[dict[str, Any]]]) -> None:
    from parley.actors.tables import DERIVED_COLUMNS

    out.mkdir(parents=True, exist_ok=True)
    for kind, entries in layers.items():
        cols = DERIVED_COLUMNS[kind]
        lines = [HEADER.format(kind=kind, columns=", ".join(cols))]
        for e in entries:
            row = dict(e)
            row["aliases"] = "|".join(e.get("aliases", []))
            if kind == "persons":
                row["roles"] = "; ".join(f"{o} {s} {a or '-'} {z or '-'}" + (" capped" if c else "")
                                         for o, s, a, z, c in e["roles"])
            lines.append("\t".join(str(row.get(c, "") or "") for c in cols) + "\n")
        (out / f"{kind}.tsv").write_text("".join(lines), encoding="utf-8")


def report(layers: dict[str, list[dict[str, Any]]], b: Builder, clash: list[str], examples: int) -> str:
    out = ["# scripts/derive_phoenix.py report (regenerated by every run)", "", "## produced"]
    out += [f"{k}: {len(v)}" for k, v in layers.items()]
    out += ["", "## snapshot dates (open roles end here)"] + [f"{f}: {d}" for f, d in sorted(b.snapshot.items())]
    out += ["", "## left out or changed, by reason (with examples)"]
    for why, n in b.dropped.most_common():
        out.append(f"{n:6}  {why}")
        limit = None if "another spelling" in why else examples  # every such match, for review
        out += [f"          {x}" for x in b.samples.get(why, [])[:limit]]
    out += ["", f"## conflicts: {len(clash)} derived roles overlap a hand-written role of another code"]
    out += clash
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=REPO.parent / "shared" / "reference" / "phoenix",
                    help="folder of the Phoenix dictionaries (default ../shared/reference/phoenix)")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "derived", help="output folder")
    ap.add_argument("--examples", type=int, default=8, help="examples per reason in the report")
    args = ap.parse_args()
    if not (args.source / FILES["countries"]).is_file():
        print(f"derive_phoenix: {args.source}: no Phoenix dictionaries there", file=sys.stderr)
        return 2
    layers, b, clash = build(args.source, args.examples)
    write(args.out, layers)
    text = report(layers, b, clash, args.examples)
    (args.out / "report.txt").write_text(text, encoding="utf-8")
    print(text[:3000])
    print(f"wrote {args.out}/{{persons,organisations,groups,sectors}}.tsv and report.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
