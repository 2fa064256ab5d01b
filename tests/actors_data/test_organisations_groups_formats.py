"""Data-quality checks of organisations.yaml, groups.yaml and formats.yaml.

Read with ``yaml.safe_load`` on purpose, independently of the loader in parley.actors, so a
bug in the loader cannot hide a bug in the data. The dated facts at the end are the ones the
coder and the demo corpus rely on; a wrong edit to the data should fail here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

DATA = Path(__file__).resolve().parents[2] / "parley" / "actors" / "data"
FILES = {"organisations": DATA / "organisations.yaml", "groups": DATA / "groups.yaml", "formats": DATA / "formats.yaml"}
ORG_ID = re.compile(r"^[A-Z0-9]{2,6}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTORS = {"GOV", "MIL", "INS", "REB", "PTY", "OPP", "CVL", "IGO", "NGO"}


def _entries(kind: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(FILES[kind].read_text(encoding="utf-8"))
    assert data["kind"] == kind and data["version"] == 1
    return data["entries"]


@pytest.fixture(scope="module")
def countries() -> set[str]:
    data = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))
    return {e["id"] for e in data["entries"]}


@pytest.fixture(scope="module")
def actor_ids(countries) -> set[str]:
    return countries | {e["id"] for e in _entries("organisations")} | {e["id"] for e in _entries("groups")}


def _members_on(entry: dict[str, Any], day: str) -> set[str]:
    return {m["country"] for m in entry.get("members", [])
            if (m.get("start") or "0000") <= day < (m.get("end") or "9999")}


def _by_id(kind: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in _entries(kind)}


# --------------------------------------------------------------------------- shape


@pytest.mark.parametrize("kind", sorted(FILES))
def test_ids_are_unique_and_well_formed(kind):
    ids = [e["id"] for e in _entries(kind)]
    assert len(ids) == len(set(ids))
    pattern = ORG_ID if kind == "organisations" else SLUG
    assert all(pattern.match(i) for i in ids), [i for i in ids if not pattern.match(i)]


@pytest.mark.parametrize("kind", sorted(FILES))
def test_dates_are_real_and_intervals_run_forward(kind):
    for e in _entries(kind):
        for item in [e, *e.get("members", []), *e.get("roles", [])]:
            for key in ("start", "end"):
                if item.get(key) is not None:
                    assert DATE.match(item[key]), (e["id"], item)
                    dt.date.fromisoformat(item[key])
            if item.get("start") and item.get("end"):
                assert item["start"] < item["end"], (e["id"], item)


@pytest.mark.parametrize("kind", ["organisations", "formats"])
def test_members_are_known_actors(kind, actor_ids):
    for e in _entries(kind):
        for m in e.get("members", []):
            assert m["country"] in actor_ids, (e["id"], m)


def test_membership_intervals_of_one_state_do_not_overlap():
    for kind in ("organisations", "formats"):
        for e in _entries(kind):
            spans = defaultdict(list)
            for m in e.get("members", []):
                spans[m["country"]].append((m.get("start") or "0000", m.get("end") or "9999"))
            for country, items in spans.items():
                items.sort()
                for (_s1, e1), (s2, _e2) in pairwise(items):
                    assert e1 <= s2, (e["id"], country, items)


def test_group_roles_are_ordered_and_use_known_sectors(countries):
    for g in _entries("groups"):
        assert g.get("country") is None or g["country"] in countries, g["id"]
        roles = g["roles"]
        assert roles and all(r["sector"] in SECTORS for r in roles), g["id"]
        for a, b in pairwise(roles):
            assert a.get("end") and a["end"] <= (b.get("start") or "9999"), g["id"]


def test_group_parents_exist():
    ids = {g["id"] for g in _entries("groups")}
    for g in _entries("groups"):
        assert g.get("parent") is None or g["parent"] in ids, g["id"]


def test_no_name_is_an_english_function_word_or_used_twice():
    """Names match case-insensitively: "IS", "WHO", "LeT" would fire on ordinary words."""
    seen: dict[str, str] = {}
    for kind in FILES:
        for e in _entries(kind):
            for name in [e["name"], *e.get("aliases", []), *e.get("bodies", [])]:
                key = name.lower().removeprefix("the ")
                assert key not in STOP_WORDS, (e["id"], name)
                owner = f"{kind}:{e['id']}"
                assert seen.setdefault(key, owner) == owner, f"{name!r} names both {seen[key]} and {owner}"


# --------------------------------------------------------------------------- dated facts


@pytest.mark.parametrize(("org", "country", "member_on", "not_member_on"), [
    ("EUR", "GBR", "2020-01-31", "2020-02-01"),     # Brexit at the end of 31 January 2020
    ("NAT", "FIN", "2023-04-04", "2023-04-03"),
    ("NAT", "SWE", "2024-03-07", "2024-03-06"),
    ("SCO", "IRN", "2023-07-04", "2023-07-03"),
    ("SCO", "IND", "2017-06-09", "2017-06-08"),
    ("SCO", "PAK", "2017-06-09", "2017-06-08"),
    ("BRICS", "EGY", "2024-01-01", "2023-12-31"),
    ("WAS", "NER", "2025-01-28", "2025-01-29"),     # Niger, Mali, Burkina Faso left ECOWAS
    ("WAS", "MLI", "2025-01-28", "2025-01-29"),
    ("CSTO", "UZB", "2010-01-01", "2013-01-01"),
    ("COE", "RUS", "2022-03-15", "2022-03-16"),
    ("G8", "RUS", "2014-03-23", "2014-03-24"),
])
def test_membership_dates(org, country, member_on, not_member_on):
    entry = _by_id("organisations")[org]
    assert country in _members_on(entry, member_on)
    assert country not in _members_on(entry, not_member_on)


def test_taliban_are_insurgents_until_kabul_falls():
    roles = _by_id("groups")["taliban"]["roles"]
    on = {day: next(r["sector"] for r in roles if (r.get("start") or "0000") <= day < (r.get("end") or "9999"))
          for day in ("2021-07-16", "2021-08-14", "2021-08-15", "2021-10-20")}
    assert on == {"2021-07-16": "INS", "2021-08-14": "INS", "2021-08-15": "GOV", "2021-10-20": "GOV"}


def test_formats_named_in_the_issue_have_their_members():
    formats = _by_id("formats")
    assert _members_on(formats["extended-troika"], "2021-03-18") == {"RUS", "USA", "CHN", "PAK"}
    assert _members_on(formats["central-asian-five"], "2021-08-18") == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert _members_on(formats["moscow-format"], "2021-10-20") == {
        "RUS", "AFG", "CHN", "PAK", "IRN", "IND", "KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert _members_on(formats["middle-east-quartet"], "2020-01-01") == {"UNO", "USA", "EUR", "RUS"}
    assert _members_on(formats["normandy-format"], "2019-12-09") == {"RUS", "UKR", "FRA", "DEU"}
    assert _members_on(formats["astana-format"], "2020-07-01") == {"RUS", "TUR", "IRN"}
    assert _members_on(formats["quad"], "2021-09-24") == {"USA", "JPN", "IND", "AUS"}
    assert _members_on(formats["c5-plus-1"], "2023-09-19") == {"KAZ", "KGZ", "TJK", "TKM", "UZB", "USA"}



@pytest.mark.parametrize(("gid", "country", "day", "sector"), [
    ("ltte", "LKA", "2005-06-01", "REB"), ("ltte", "LKA", "2009-05-18", None),  # defeated 2009-05-18
    ("eta", "ESP", "2010-01-01", "REB"), ("eta", "ESP", "2018-05-03", None),     # dissolved 2018-05-03
    ("free-aceh-movement", "IDN", "2004-01-01", "REB"), ("free-aceh-movement", "IDN", "2005-08-15", None),
    ("ansar-dine", "MLI", "2012-06-01", "INS"), ("ansar-dine", "MLI", "2017-03-02", None),  # into JNIM
    ("abu-sayyaf", "PHL", "2010-01-01", "INS"), ("lords-resistance-army", "UGA", "2008-01-01", "REB"),
])
def test_long_running_armed_groups_outside_the_core_regions(gid, country, day, sector):
    g = _by_id("groups")[gid]
    on = [r["sector"] for r in g["roles"] if (r.get("start") or "0000") <= day < (r.get("end") or "9999")]
    assert g["country"] == country and on == ([sector] if sector else [])
