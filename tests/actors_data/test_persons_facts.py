"""Data-quality checks of the built-in persons files (parley/actors/data/persons_*.yaml).

These read the YAML with ``yaml.safe_load`` on purpose, independently of the loader in
parley.actors, so a bug in the loader cannot hide a bug in the data (and vice versa).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "parley" / "actors" / "data"
PERSON_FILES = sorted(DATA.glob("persons_*.yaml"))

OFFICES = {
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "interior_minister",
    "deputy_foreign_minister", "special_envoy", "un_secretary_general", "secretary_general", "leader",
    "spokesperson", "military_chief", "minister", "ambassador", "deputy_head_of_government",
    "deputy_head_of_state", "intelligence_chief", "negotiator",
}
# One holder at a time per country; two at once must be marked overlap_ok (rival claimants,
# an acting holder while the titular one is suspended, a nominal head next to a supreme leader).
SINGLE_HOLDER = ("head_of_state", "head_of_government", "foreign_minister")
PERSON_KEYS = {"id", "name", "aliases", "surname", "surname_alone", "gender", "roles", "note", "wikidata"}
ROLE_KEYS = {"office", "country", "sector", "title", "start", "end", "acting", "approx", "overlap_ok", "note"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTOR = re.compile(r"^[A-Z]{3}$")

Entry = dict[str, Any]


@functools.cache
def _load(path: Path) -> Any:
    """yaml.safe_load, with the C implementation of the same safe loader when available."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture(scope="module")
def persons() -> list[tuple[str, Entry]]:
    """(file name, entry) for every person of every persons file."""
    assert PERSON_FILES, f"no persons_*.yaml in {DATA}"
    out = []
    for path in PERSON_FILES:
        doc = _load(path)
        assert isinstance(doc, dict) and doc.get("kind") == "persons", f"{path.name}: kind must be persons"
        assert doc.get("version") == 1, f"{path.name}: version must be 1"
        assert isinstance(doc.get("entries"), list), f"{path.name}: entries must be a list"
        out += [(path.name, e) for e in doc["entries"]]
    return out


def _ids_of(name: str) -> set[str] | None:
    path = DATA / name
    if not path.exists():
        return None
    return {e["id"] for e in _load(path).get("entries") or [] if isinstance(e, dict) and "id" in e}


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _shape_problems(e: Entry) -> list[str]:
    probs = []
    if not isinstance(e, dict):
        return ["entry is not a mapping"]
    probs += [f"unknown field {k!r}" for k in set(e) - PERSON_KEYS]
    if not isinstance(e.get("id"), str) or not SLUG.match(e["id"]):
        probs.append(f"bad id {e.get('id')!r}")
    if not isinstance(e.get("name"), str) or not e["name"].strip():
        probs.append("missing name")
    aliases = e.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        probs.append("aliases must be a list of names")
    elif len({a.casefold() for a in aliases} | {str(e.get("name")).casefold()}) != len(aliases) + 1:
        probs.append("an alias repeats the name or another alias")
    if e.get("gender") not in (None, "m", "f"):
        probs.append(f"gender {e['gender']!r}")
    if not isinstance(e.get("surname_alone", False), bool):
        probs.append("surname_alone must be true or false")
    roles = e.get("roles")
    if not isinstance(roles, list) or not roles:
        return probs + ["no roles"]
    for j, r in enumerate(roles):
        probs += [f"roles[{j}]: {p}" for p in _role_problems(r)]
    return probs


def _role_problems(r: Any) -> list[str]:
    if not isinstance(r, dict):
        return ["not a mapping"]
    probs = [f"unknown field {k!r}" for k in set(r) - ROLE_KEYS]
    if r.get("office") not in OFFICES:
        probs.append(f"unknown office {r.get('office')!r}")
    if not isinstance(r.get("country"), str) or not r["country"]:
        probs.append("missing country")
    if not isinstance(r.get("sector"), str) or not SECTOR.match(r["sector"]):
        probs.append(f"bad sector {r.get('sector')!r}")
    for flag in ("acting", "approx", "overlap_ok"):
        if flag in r and not isinstance(r[flag], bool):
            probs.append(f"{flag} must be true or false")
    for k in ("start", "end"):
        v = r.get(k)
        if v is None and k == "end":
            continue
        if not isinstance(v, str) or not DATE.match(v):
            probs.append(f"{k} {v!r} is not a quoted YYYY-MM-DD string")
            continue
        try:
            _day(v)
        except ValueError:
            probs.append(f"{k} {v!r} is not a calendar date")
    if not probs and r.get("end") and r["end"] <= r["start"]:
        probs.append(f"end {r['end']} is not after start {r['start']}")
    return probs


def test_every_entry_has_the_agreed_shape(persons: list[tuple[str, Entry]]) -> None:
    problems = [f"{f}: {e.get('id') if isinstance(e, dict) else e}: {p}"
                for f, e in persons for p in _shape_problems(e)]
    assert not problems, "\n".join(problems)


def test_ids_are_unique_across_files(persons: list[tuple[str, Entry]]) -> None:
    seen: dict[str, str] = {}
    dups = []
    for f, e in persons:
        if e["id"] in seen:
            dups.append(f"{e['id']} in {seen[e['id']]} and {f}")
        seen[e["id"]] = f
    assert not dups, "\n".join(dups)


def test_dates_fall_in_a_plausible_range(persons: list[tuple[str, Entry]]) -> None:
    today = dt.date.today().isoformat()
    bad = [f"{e['id']}: {r['start']}..{r.get('end')}" for _, e in persons for r in e["roles"]
           if r["start"] < "1940-01-01" or r["start"] > today or (r.get("end") or "0") > today]
    assert not bad, "\n".join(bad)


def test_single_holder_offices_do_not_overlap(persons: list[tuple[str, Entry]]) -> None:
    terms: dict[tuple[str, str], list[tuple[str, str, str, bool]]] = defaultdict(list)
    for _, e in persons:
        for r in e["roles"]:
            if r["office"] in SINGLE_HOLDER:
                terms[(r["country"], r["office"])].append(
                    (r["start"], r.get("end") or "9999-12-31", e["id"], bool(r.get("overlap_ok"))))
    clashes = []
    for (country, office), items in terms.items():
        items.sort()
        for i, (s1, e1, p1, ok1) in enumerate(items):
            for s2, e2, p2, ok2 in items[i + 1:]:
                if s2 >= e1:
                    break
                if p1 != p2 and not (ok1 or ok2):
                    clashes.append(f"{country} {office}: {p1} {s1}..{e1} overlaps {p2} {s2}..{e2}")
    assert not clashes, "\n".join(clashes)


def test_a_person_does_not_hold_the_same_office_twice_at_once(persons: list[tuple[str, Entry]]) -> None:
    dups = []
    for _, e in persons:
        spans = sorted((r["country"], r["office"], r["start"], r.get("end") or "9999-12-31") for r in e["roles"])
        for a, b in zip(spans, spans[1:], strict=False):
            if a[:2] == b[:2] and b[2] < a[3]:
                dups.append(f"{e['id']}: {a} and {b}")
    assert not dups, "\n".join(dups)


def test_every_role_country_is_known(persons: list[tuple[str, Entry]]) -> None:
    countries = _ids_of("countries.yaml")
    if countries is None:
        pytest.skip("countries.yaml is not there yet")
    orgs, groups = _ids_of("organisations.yaml"), _ids_of("groups.yaml")
    unknown, pending = [], set()
    for _, e in persons:
        for r in e["roles"]:
            c = r["country"]
            if c in countries or c in (orgs or ()) or c in (groups or ()):
                continue
            if (groups if c.islower() else orgs) is None:  # its file has not landed yet
                pending.add(c)
            else:
                unknown.append(f"{e['id']}: {c}")
    assert not unknown, "unknown countries, organisations or groups:\n" + "\n".join(unknown)
    if pending:
        pytest.skip(f"organisations.yaml/groups.yaml not there yet for: {', '.join(sorted(pending))}")


# --------------------------------------------------------------------------- spot checks
# Well-documented holders of an office on a date; each guards a succession that is easy
# to get wrong (and the cases the actors issue (#3) tests rely on).
FACTS = [
    ("2004-03-09", "RUS", "foreign_minister", "sergey-lavrov"),
    ("2021-08-18", "RUS", "foreign_minister", "sergey-lavrov"),
    ("2004-03-08", "RUS", "foreign_minister", "igor-ivanov"),
    ("2010-01-01", "RUS", "head_of_state", "dmitry-medvedev"),
    ("2010-01-01", "RUS", "head_of_government", "vladimir-putin"),
    ("2013-01-01", "RUS", "head_of_state", "vladimir-putin"),
    ("2021-08-18", "KAZ", "foreign_minister", "mukhtar-tleuberdi"),
    ("2022-06-01", "KAZ", "foreign_minister", "mukhtar-tleuberdi"),
    ("2021-08-18", "KAZ", "head_of_state", "kassym-jomart-tokayev"),
    ("2018-01-01", "KAZ", "head_of_state", "nursultan-nazarbayev"),
    ("2021-08-18", "UZB", "head_of_state", "shavkat-mirziyoyev"),
    ("2021-08-18", "TJK", "head_of_state", "emomali-rahmon"),
    ("2021-08-18", "TKM", "head_of_state", "gurbanguly-berdimuhamedow"),
    ("2022-06-01", "TKM", "head_of_state", "serdar-berdimuhamedow"),
    ("2021-08-18", "KGZ", "head_of_state", "sadyr-japarov"),
    ("2021-08-18", "TKM", "foreign_minister", "rashid-meredov"),
    ("2021-08-18", "PAK", "foreign_minister", "shah-mahmood-qureshi"),
    ("2021-08-18", "PAK", "head_of_government", "imran-khan"),
    ("2021-08-18", "USA", "foreign_minister", "antony-blinken"),
    ("2021-01-19", "USA", "foreign_minister", "mike-pompeo"),
    ("2018-04-25", "USA", "foreign_minister", "john-sullivan"),
    ("2025-02-01", "USA", "foreign_minister", "marco-rubio"),
    ("2025-02-01", "USA", "head_of_state", "donald-trump"),
    ("2021-08-18", "CHN", "foreign_minister", "wang-yi"),
    ("2023-03-01", "CHN", "foreign_minister", "qin-gang"),
    ("2021-08-14", "AFG", "head_of_state", "ashraf-ghani"),
    ("2021-10-20", "AFG", "head_of_state", "haibatullah-akhundzada"),
    ("2021-10-20", "AFG", "foreign_minister", "amir-khan-muttaqi"),
    ("2021-10-20", "AFG", "head_of_government", "mohammad-hassan-akhund"),
    ("2021-08-18", "GBR", "foreign_minister", "dominic-raab"),
    ("2022-10-01", "GBR", "head_of_government", "liz-truss"),
    ("2021-08-18", "DEU", "head_of_government", "angela-merkel"),
    ("2021-08-18", "TUR", "foreign_minister", "mevlut-cavusoglu"),
    ("2021-08-18", "IRN", "head_of_government", "ebrahim-raisi"),
    ("2021-08-18", "IND", "foreign_minister", "subrahmanyam-jaishankar"),
    ("2021-08-18", "QAT", "foreign_minister", "mohammed-bin-abdulrahman-al-thani"),
    ("2015-06-01", "UKR", "head_of_state", "petro-poroshenko"),
    ("2022-03-01", "UKR", "head_of_state", "volodymyr-zelensky"),
    ("2022-03-01", "UKR", "foreign_minister", "dmytro-kuleba"),
    ("2021-08-18", "KGZ", "foreign_minister", "ruslan-kazakbayev"),
    ("2021-08-18", "TJK", "foreign_minister", "sirojiddin-muhriddin"),
    ("2021-08-18", "UZB", "foreign_minister", "abdulaziz-kamilov"),
    ("2021-08-18", "IRN", "foreign_minister", "mohammad-javad-zarif"),
    ("2021-08-26", "IRN", "foreign_minister", "hossein-amir-abdollahian"),
    ("2021-08-18", "PAK", "head_of_state", "arif-alvi"),
    ("2021-08-18", "USA", "special_envoy", "zalmay-khalilzad"),
    ("2021-08-18", "RUS", "special_envoy", "zamir-kabulov"),
    ("2021-08-18", "UNO", "un_secretary_general", "antonio-guterres"),
    ("2021-08-18", "NAT", "secretary_general", "jens-stoltenberg"),
    ("2021-08-18", "EUR", "foreign_minister", "josep-borrell"),
    ("2021-08-18", "UNAMA", "special_envoy", "deborah-lyons"),
    ("2010-06-01", "KGZ", "head_of_state", "roza-otunbayeva"),
    ("2008-06-01", "RUS", "head_of_government", "vladimir-putin"),
    ("2016-06-01", "BRA", "head_of_state", "michel-temer"),
]


@pytest.mark.parametrize(("on", "country", "office", "expected"), FACTS)
def test_known_office_holders(persons: list[tuple[str, Entry]], on: str, country: str, office: str,
                              expected: str) -> None:
    holders = sorted({e["id"] for _, e in persons for r in e["roles"]
                      if r["country"] == country and r["office"] == office
                      and r["start"] <= on < (r.get("end") or "9999-12-31")})
    assert expected in holders, f"{country} {office} on {on}: expected {expected}, found {holders}"
    assert office not in SINGLE_HOLDER or len(holders) == 1 or any(r.get("overlap_ok") for _, e in persons if e["id"] in holders
                                    for r in e["roles"]), f"{country} {office} on {on}: {holders}"


# --------------------------------------------------------------------------- bare surnames
# The index takes the explicit `surname`, or else the last token of the name and of every
# multi-word alias, as surnames; with surname_alone that bare word resolves anywhere, so it must
# point to one person only and must not be a country word ("Jordan") or a stray short token.


def _surnames(e: Entry) -> set[str]:
    if e.get("surname"):
        return {e["surname"].casefold()}
    names = [e["name"], *[a for a in e.get("aliases", []) if " " in a.strip()]]
    return {n.split()[-1].casefold() for n in names}


def test_bare_surnames_are_unambiguous(persons: list[tuple[str, Entry]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, e in persons:
        if e.get("surname_alone"):
            for s in _surnames(e):
                owners[s].add(e["id"])
    shared = [f"{s}: {sorted(ids)}" for s, ids in owners.items() if len(ids) > 1]
    # Two letters are fine only when chosen on purpose as the surname ("Xi").
    short = [f"{e['id']}: {s}" for _, e in persons if e.get("surname_alone") for s in _surnames(e)
             if len(s) < 3 and s != str(e.get("surname", "")).casefold()]
    assert not shared, "a bare surname names two people:\n" + "\n".join(shared)
    assert not short, f"bare surnames too short to be safe: {short}"


def test_bare_surnames_are_not_country_words(persons: list[tuple[str, Entry]]) -> None:
    path = DATA / "countries.yaml"
    if not path.exists():
        pytest.skip("countries.yaml is not there yet")
    words = set()
    for c in _load(path)["entries"]:
        for key in ("names", "adjectives", "demonyms", "metonyms"):
            words |= {w.casefold() for w in c.get(key) or []}
        words |= {c["name"].casefold(), str(c.get("capital") or "").casefold()}
    clash = [f"{e['id']}: {s}" for _, e in persons if e.get("surname_alone") for s in _surnames(e) if s in words]
    assert not clash, "\n".join(clash)


def test_person_names_do_not_shadow_other_actors(persons: list[tuple[str, Entry]]) -> None:
    taken: set[str] = set()
    for name in ("countries.yaml", "organisations.yaml", "groups.yaml", "formats.yaml"):
        path = DATA / name
        if not path.exists():
            continue
        for e in _load(path).get("entries") or []:
            for key in ("name", "capital"):
                taken |= {str(e[key]).casefold()} if e.get(key) else set()
            for key in ("aliases", "names", "adjectives", "demonyms", "metonyms"):
                taken |= {str(n).casefold() for n in e.get(key) or []}
    clash = [f"{e['id']}: {n}" for _, e in persons for n in [e["name"], *e.get("aliases", [])]
             if n.casefold() in taken]
    assert not clash, "a person's name is also a country, organisation, group or format name:\n" + "\n".join(clash)
