"""The issue's dated cases against the built-in data alone (no test fixtures merged)."""

from __future__ import annotations

import pytest

from parley.actors import ResolutionContext


@pytest.mark.parametrize("span, date, code, kb_id", [
    ("Lavrov", "2021-08-18", "RUSGOV", "sergey-lavrov"),
    ("the Russian foreign minister", "2021-08-18", "RUSGOV", "sergey-lavrov"),
    ("the Taliban", "2021-07-16", "AFGINS", "taliban"),
    ("the Taliban", "2021-10-20", "AFGGOV", "taliban"),
    ("official Kabul", "2021-10-20", "AFGGOV", "AFG"),
    ("the US secretary of state", "2020-12-01", "USAGOV", "mike-pompeo"),
    ("the US secretary of state", "2021-02-01", "USAGOV", "antony-blinken"),
    ("Ashraf Ghani", "2021-08-01", "AFGGOV", "ashraf-ghani"),
    ("Ashraf Ghani", "2021-10-01", "AFGELI", "ashraf-ghani"),
    ("the UN Secretary-General", "2021-08-18", "IGOUNO", "antonio-guterres"),
    ("the Security Council", "2021-08-18", "IGOUNO", "UNO"),
])
def test_dated_cases(builtin_kb, span, date, code, kb_id):
    found = builtin_kb.resolve_span(span, date)
    assert [(r.code, r.kb_id) for r in found][:1] == [(code, kb_id)]


def test_counterpart_and_collectives(builtin_kb):
    lavrov = builtin_kb.resolve_span("Lavrov", "2021-08-18")
    (kaz,) = builtin_kb.resolve_span("his Kazakh counterpart", "2021-08-18", ResolutionContext(sentence_actors=lavrov))
    assert kaz.code == "KAZGOV" and kaz.kind == "person"
    five = builtin_kb.resolve_span("the five Central Asian states", "2021-08-18")
    assert sorted(r.code for r in five) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    six = builtin_kb.resolve_span("the foreign ministers of the five Central Asian states plus Russia", "2021-08-18")
    assert sorted(r.country for r in six) == ["KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"]
    assert sorted(builtin_kb.members("extended-troika", "2021-08-18")) == ["CHN", "PAK", "RUS", "USA"]


def test_shared_head_in_coordination(builtin_kb):
    found = builtin_kb.resolve_span("Chinese and Iranian diplomats", "2021-01-01")
    assert [r.code for r in found] == ["CHNGOV", "IRNGOV"]


def test_group_with_several_leaders_is_not_guessed(builtin_kb):
    # more than one person filed as a leader on that date: the group, not a guessed person
    for r in builtin_kb.resolve_span("the Hamas leader", "2020-01-01"):
        assert r.kind == "group"


def test_plural_office_of_an_organisation_lists_member_officials(builtin_kb):
    (sco,) = builtin_kb.resolve_span("SCO foreign ministers", "2021-07-14")
    assert sco.kind == "organisation" and sco.code == "IGOSCO"
    assert {"RUS", "CHN", "KAZ"} <= {m.country for m in sco.members}
    expanded = builtin_kb.resolve_span("SCO foreign ministers", "2021-07-14", expand=True)
    assert "sergey-lavrov" in {r.kb_id for r in expanded}
    # a sector word keeps the organisation itself: NATO troops are NATO's
    assert [r.code for r in builtin_kb.resolve_span("NATO troops", "2021-01-01")] == ["IGONAT"]


def test_dated_memberships(builtin_kb):
    assert "FIN" not in builtin_kb.members("IGONAT", "2022-01-01")
    assert "FIN" in builtin_kb.members("NAT", "2023-05-01")  # by code or by id
    assert "IND" not in builtin_kb.members("SCO", "2016-01-01")
    assert {"IND", "PAK"} <= set(builtin_kb.members("SCO", "2018-01-01"))
    assert builtin_kb.members("no-such-format", "2021-01-01") == []


def test_organisations_use_their_igo_code_as_country(builtin_kb):
    """The contract: `country` is ISO alpha-3 or an IGO code such as IGOUNO (for its officials too)."""
    (un,) = builtin_kb.resolve_span("the United Nations", "2021-08-18")[:1]
    (sg,) = builtin_kb.resolve_span("the UN Secretary-General", "2021-08-18")[:1]
    assert (un.code, un.country) == ("IGOUNO", "IGOUNO")
    assert (sg.code, sg.country) == ("IGOUNO", "IGOUNO")
