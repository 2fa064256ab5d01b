"""Validation of knowledge-base files: every built-in file, and located errors for user files."""

from __future__ import annotations

import pytest

from parley.actors import load_kb
from parley.actors.kb import builtin_files, load_files
from parley.actors.schema import load_file
from parley.errors import KnowledgeBaseError


def test_every_builtin_file_validates_strictly():
    # a bad data commit by anyone fails here, with file:line in the message
    files = load_files(builtin_files(), strict=True)
    kinds = {f.kind for f in files}
    assert {"countries", "sectors"} <= kinds


def test_all_un_members_observers_and_others_are_present(builtin_kb):
    countries = builtin_kb.idx.countries
    assert sum(c.get("status") == "un_member" for c in countries.values()) == 193
    assert {"VAT", "PSE"} <= {k for k, c in countries.items() if c.get("status") == "un_observer"}
    assert {"XKX", "TWN", "ESH"} <= set(countries)


def _write(tmp_path, text, name="my_actors.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_date_is_reported_with_file_line_and_path(tmp_path):
    path = _write(tmp_path, """kind: persons
version: 1
entries:
  - id: jane-doe
    name: Jane Doe
    roles:
      - office: foreign_minister
        country: KAZ
        start: June 2021
""")
    with pytest.raises(KnowledgeBaseError) as err:
        load_file(path)
    assert f"{path}:9: persons[0].roles[0].start: 'June 2021' is not a YYYY-MM-DD date" in str(err.value)


@pytest.mark.parametrize("body, expected", [
    ("kind: people\nentries: []\n", ":1: kind: kind 'people' is not one of"),
    ("kind: persons\nentries:\n  - id: x\n    name: [unclosed\n", "not valid YAML"),
    ("kind: persons\nentries:\n  - id: Not A Slug\n    name: X\n    roles: []\n", ":3: persons[0].id:"),
    ("kind: persons\nentries:\n  - id: x\n    name: X\n    roles:\n      - {office: tsar, country: RUS}\n",
     ":6: persons[0].roles[0].office: 'tsar' is not one of"),
    ("kind: formats\nentries:\n  - id: f\n    name: F\n    membres: []\n", "missing required field 'members'"),
    ("kind: persons\nentries:\n  - id: x\n    name: X\n    roles:\n"
     "      - {office: minister, country: RUS, start: '2020-01-01', end: '2019-01-01'}\n",
     "end 2019-01-01 is not after start 2020-01-01"),
    ("kind: countries\nentries:\n  - {id: ABC, name: A}\n  - {id: ABC, name: B}\n", ":4: countries[1].id: duplicate id"),
    ("", ":1: the file is empty"),
    ("kind: persons\nentries:\n  - ? [a, b]\n    : x\n", ":3: not valid YAML: a key must be a plain value"),
    ("kind: persons\nentries:\n  - id: x\n    name: X\n    roles:\n      - {office: minister, country: RUS, start: 2020-13-45}\n",
     ":6: not valid YAML: '2020-13-45' is not a real calendar date"),
    ("kind: persons\nentries: !!timestamp x\n", ":2: not valid YAML: cannot read the value"),
])
def test_located_errors(tmp_path, body, expected):
    with pytest.raises(KnowledgeBaseError) as err:
        load_file(_write(tmp_path, body))
    assert expected in str(err.value)


def test_unknown_country_in_a_user_file_is_located(tmp_path):
    path = _write(tmp_path, "kind: persons\nversion: 1\nentries:\n  - id: x-y\n    name: X Y\n    roles:\n"
                            "      - {office: minister, country: ZZZ, start: '2020-01-01'}\n")
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb([path])
    assert f"{path}:7: persons[0].roles[0].country: unknown country, organisation or group 'ZZZ'" in str(err.value)


def test_missing_user_file(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="no such actors file"):
        load_kb([tmp_path / "nope.yaml"])


def test_wikidata_ids_are_allowed_and_checked(tmp_path):
    ok = _write(tmp_path, "kind: countries\nentries:\n  - {id: ABC, name: Abcland, wikidata: Q123}\n", "ok.yaml")
    assert load_file(ok).entries[0]["wikidata"] == "Q123"
    bad = _write(tmp_path, "kind: countries\nentries:\n  - {id: ABC, name: Abcland, wikidata: '123'}\n", "bad.yaml")
    with pytest.raises(KnowledgeBaseError, match="wikidata"):
        load_file(bad)
