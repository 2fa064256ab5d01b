"""Role tables and derived layers: parsing, located errors, and which layer wins."""

from __future__ import annotations

import pytest

from parley.actors import load_kb
from parley.actors.schema import load_file
from parley.errors import KnowledgeBaseError

TABLE = """# test roles
@KAZ
fm 2031-02-01 2032-06 Zhanar Testova = Zhanar T. Testova {f}
hos 2031 - Zhanar Testova
@RUS
fm 2004-03-09 - Sergei Lavrov
dm 2040-01-01 - Sergei Lavrov {acting}
"""


def _write(tmp_path, text, name="my.roles"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_role_table_gives_dated_roles_with_approximate_dates(tmp_path):
    f = load_file(_write(tmp_path, TABLE))
    (zhanar, lavrov) = f.entries
    assert zhanar["id"] == "zhanar-testova" and zhanar["aliases"] == ["Zhanar T. Testova"] and zhanar["gender"] == "f"
    fm, hos = zhanar["roles"]
    assert (fm["office"], fm["country"], fm["start"], fm["end"], fm["approx"]) == (
        "foreign_minister", "KAZ", "2031-02-01", "2032-06-01", True)
    assert (hos["office"], hos["start"], hos["end"], hos["approx"]) == ("head_of_state", "2031-01-01", None, True)
    assert lavrov["roles"][1]["acting"] is True


def test_table_rows_merge_into_the_yaml_person_of_the_same_name(tmp_path):
    kb = load_kb([_write(tmp_path, TABLE)])
    lavrov = kb.idx.persons["sergey-lavrov"]  # the YAML id; "Sergei Lavrov" is one of its aliases
    assert "sergei-lavrov" not in kb.idx.persons
    offices = [(r["office"], r["start"]) for r in lavrov["roles"]]
    assert offices.count(("foreign_minister", "2004-03-09")) == 1  # the same role is not added twice
    assert ("defence_minister", "2040-01-01") in offices
    assert kb.lookup("Zhanar Testova", "2031-06-01")[0].code == "KAZGOV"
    assert kb.lookup("the Kazakh foreign minister", "2031-06-01")[0].kb_id == "zhanar-testova"


@pytest.mark.parametrize(("text", "expected"), [
    ("@KAZ\nxx 2020-01-01 - A B\n", ":2: row[2]: office 'xx' is not one of"),
    ("@KAZ\nfm June - A B\n", ":2: row[2]: 'June' is not a YYYY-MM-DD date"),
    ("@KAZ\nfm 2020-01-01 2019-01-01 A B\n", ":2: row[2]: end 2019-01-01 is not after start 2020-01-01"),
    ("fm 2020-01-01 - A B\n", ":1: row[1]: no '@COUNTRY' line before this row"),
    ("@KAZ\n\nfm 2020-01-01 -\n", ":3: row[3]: a row is OFFICE START END NAME"),
    ("@KAZ\nfm 2020-01-01 - A B {acted}\n", ":2: row[2]: unknown flag 'acted'"),
])
def test_a_bad_row_names_the_file_and_line(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(KnowledgeBaseError) as err:
        load_file(path)
    assert f"{path}{expected}" in str(err.value)


def test_an_unknown_country_in_a_table_is_a_located_reference_error(tmp_path):
    path = _write(tmp_path, "@XXY\nfm 2020-01-01 - Ab Cd\n")
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb([path])
    assert "unknown country, organisation or group 'XXY'" in str(err.value) and f"{path}:2" in str(err.value)


DERIVED = """# kind: persons
# columns: id, name, aliases, roles, source
sergey-lavrov-x\tSergey Lavrov\t\tRUS GOV 1990-01-01 1992-01-01\tdict.txt:3
zorg-quux\tZorg Quux\tZ. Quux\tKAZ GOV 2001-01-01 2003-01-01; KAZ ELI - 2005-01-01 capped\tdict.txt:9
"""


def test_a_derived_layer_loses_to_a_hand_written_person_of_the_same_name(tmp_path):
    kb = load_kb([_write(tmp_path, DERIVED, "persons.tsv")])
    assert "sergey-lavrov-x" not in kb.idx.persons  # the YAML Sergey Lavrov wins
    assert kb.idx.merged.get("derived_persons_dropped", 0) >= 1
    zorg = kb.idx.persons["zorg-quux"]
    assert zorg["source"] == "dict.txt:9" and zorg["_src"] == "persons.tsv:4"
    assert [(r["office"], r.get("capped", False)) for r in zorg["roles"]] == [("official", False), ("official", True)]
    assert kb.lookup("Zorg Quux", "2002-01-01")[0].code == "KAZGOV"
    assert kb.lookup("Zorg Quux", "2004-01-01")[0].code == "KAZELI"


def test_a_derived_row_with_a_bad_date_is_located(tmp_path):
    path = _write(tmp_path, "# kind: persons\na-b\tA B\t\tKAZ GOV 2001-13-01 -\tx:1\n", "persons.tsv")
    with pytest.raises(KnowledgeBaseError) as err:
        load_file(path)
    assert f"{path}:2: persons[0].roles[0].start: '2001-13-01' is not a real calendar date" in str(err.value)


ORGS = """# kind: organisations
chevrox\tChevrox\t\tother\tMNCUSA\tUSA\tMNC\tdict.txt:1
"""


def test_a_derived_name_matches_only_when_written_with_a_capital(tmp_path):
    kb = load_kb([_write(tmp_path, ORGS, "organisations.tsv")])
    assert [r.code for r in kb.resolve_span("Chevrox", None)] == ["MNCUSA"]
    assert kb.resolve_span("chevrox", None) == []
    assert [m.text for m in kb.scan("Chevrox said chevrox prices rose.", None)] == ["Chevrox"]
