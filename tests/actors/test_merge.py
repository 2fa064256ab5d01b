"""User files merged over the built-in knowledge base."""

from __future__ import annotations

from parley.actors import load_kb


def test_user_entry_with_the_same_id_overrides(tmp_path):
    user = tmp_path / "my_actors.yaml"
    user.write_text("""kind: countries
version: 1
entries:
  - id: AFG
    name: Afghanistan
    adjectives: [Afghan]
    capital: Kabul
    metonyms: [the Arg]
""", encoding="utf-8")
    kb = load_kb([user])
    assert kb.resolve_span("the Arg", None)[0].code == "AFGGOV"
    assert kb.resolve_span("Islamic Republic of Afghanistan", None) == []  # built-in names replaced
    assert load_kb().resolve_span("Islamic Republic of Afghanistan", None)[0].code == "AFG"


def test_user_person_is_resolved_and_changes_the_version(tmp_path):
    user = tmp_path / "people.yaml"
    user.write_text("""kind: persons
version: 1
entries:
  - id: ada-quill
    name: Ada Quill
    roles:
      - {office: foreign_minister, country: TKM, sector: GOV, start: "2030-01-01"}
""", encoding="utf-8")
    kb = load_kb([user])
    assert kb.version != load_kb().version and kb.version.startswith("kb-")
    (r,) = kb.resolve_span("the Turkmen foreign minister", "2030-06-01")
    assert (r.kb_id, r.code) == ("ada-quill", "TKMGOV")
    user.write_text(user.read_text(encoding="utf-8").replace("Ada Quill", "Ada Quillon"), encoding="utf-8")
    assert load_kb([user]).version != kb.version  # any change of a file changes the version


def test_compiled_cache_is_used_across_loads(tmp_path):
    first = load_kb(cache=True)
    again = load_kb(cache=True)
    assert first is again  # in-process memo
    fresh = load_kb(cache=False)
    assert fresh.version == first.version


def test_former_organisation_official_without_a_state_role_is_eli_alone(tmp_path):
    user = tmp_path / "envoys.yaml"
    user.write_text("""kind: persons
version: 1
entries:
  - id: nia-vantor
    name: Nia Vantor
    roles:
      - {office: special_envoy, country: UNO, sector: IGO, start: "2010-01-01", end: "2012-01-01"}
""", encoding="utf-8")
    kb = load_kb([user])
    assert kb.resolve_span("Nia Vantor", "2011-01-01")[0].code == "IGOUNO"
    (later,) = kb.resolve_span("Nia Vantor", "2015-01-01")
    assert (later.code, later.country, later.sector) == ("ELI", None, "ELI")
    assert "former special envoy of UNO" in later.reason


def test_lowercase_acronyms_are_words(kb):
    assert kb.resolve_span("us troops", None) == []
    assert kb.resolve_span("US troops", None)[0].code == "USAMIL"


def test_dates_in_other_shapes(kb):
    import datetime as dt

    import pytest

    from parley.errors import UsageError

    for date in ("20210716", "2021-07-16T09:30:00Z", dt.date(2021, 7, 16)):
        assert [r.code for r in kb.resolve_span("the Taliban", date)] == ["AFGINS"]
    assert kb.resolve_span("the Taliban", "--07-16")  # a date without a year is no date
    with pytest.raises(UsageError):
        kb.resolve_span("the Taliban", "July 2021")
