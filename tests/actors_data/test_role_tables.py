"""Data quality of the hand-written role tables (parley/actors/data/roles/*.roles)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from parley.actors.index import compile_index
from parley.actors.kb import builtin_files, load_files

ROLES = Path(__file__).resolve().parents[2] / "parley" / "actors" / "data" / "roles"
SINGLE_HOLDER = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")


@pytest.fixture(scope="module")
def idx():
    return compile_index(load_files(builtin_files(), strict=True), "test")


def test_every_region_has_a_table():
    assert {p.stem for p in ROLES.glob("*.roles")} >= {"africa", "americas", "asia_pacific", "europe",
                                                       "middle_east", "igos_groups"}


def test_every_un_member_has_a_head_of_state_or_government_since_2015(idx):
    holders = defaultdict(set)
    for p in idx.persons.values():
        if p.get("_derived"):
            continue
        for r in p.get("roles", []):
            if r["office"] in ("head_of_state", "head_of_government") and (r.get("end") or "9999") > "2015-01-01":
                holders[r["country"]].add(p["id"])
    members = [c for c, e in idx.countries.items() if e.get("status") == "un_member"]
    assert [c for c in members if not holders[c]] == []


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(min(b, "2100-01-01")) - dt.date.fromisoformat(a)).days


def test_one_holder_at_a_time_unless_marked(idx):
    # a hand-over of up to a month is normal; more means a wrong date or a namesake written twice
    by = defaultdict(list)
    for p in idx.persons.values():
        if p.get("_derived"):
            continue
        for r in p.get("roles", []):
            if r["office"] in SINGLE_HOLDER:
                by[(r["country"], r["office"])].append((r.get("start") or "1900-01-01", r.get("end") or "2100-01-01",
                                                        p["id"], r.get("_src") or p.get("_src", ""), r))
    clashes = []
    for key, roles in by.items():
        roles.sort(key=lambda x: x[:2])
        for i, a in enumerate(roles):
            for b in roles[i + 1:]:
                if a[2] == b[2] or b[0] >= a[1] or ".roles" not in a[3] + b[3]:
                    continue
                if any(x[4].get(f) for x in (a, b) for f in ("overlap_ok", "acting")):
                    continue
                if _days(b[0], min(a[1], b[1])) > 31:
                    clashes.append((key, a[2], b[2], a[3], b[3]))
    assert clashes == []
