"""The canonical dyad of a fused event, on hand-made mentions: each clause of the rule."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from parley.fuse.dyad import Dyad, canonical_dyad, choose_pair, specific_code


@dataclass(frozen=True)
class M:
    source_actors: tuple[tuple[str, str | None], ...]
    target_actors: tuple[tuple[str, str | None], ...] = ()
    confidence: float = 0.8


def actor(code: str) -> tuple[str, str | None]:
    """A code's (code, country): bare sectors (GOV, INS) have none, IGOs are their own country."""
    if len(code) == 3 and code in {"GOV", "MIL", "INS", "CVL", "IGO"}:
        return code, None
    return code, code if code.startswith("IGO") else code[:3]


def men(src: str, tgt: str = "", conf: float = 0.8) -> M:
    return M(tuple(actor(c) for c in src.split()), tuple(actor(c) for c in tgt.split()), conf)


def test_one_mention_is_its_own_dyad():
    d = canonical_dyad([men("RUSGOV", "AFGGOV")], symmetric=False)
    assert d == Dyad("RUSGOV", "AFGGOV", "RUS", "AFG", (), ())


def test_the_pair_most_mentions_name_wins():
    members = [men("RUSGOV", "KAZGOV"), men("RUSGOV", "KAZGOV"), men("RUSGOV", "UZBGOV")]
    d = canonical_dyad(members, symmetric=False)
    assert (d.source, d.target) == ("RUSGOV", "KAZGOV")
    assert d.participants == ("UZBGOV",) and d.participant_parties == ("UZB",)


def test_symmetric_acts_count_reversed_reports_and_keep_the_majority_direction():
    # "Lavrov met Tleuberdi" twice, "Tleuberdi met Lavrov" once: one meeting, RUS → KAZ
    members = [men("KAZGOV", "RUSGOV"), men("RUSGOV", "KAZGOV"), men("RUSGOV", "KAZGOV")]
    d = canonical_dyad(members, symmetric=True)
    assert (d.source, d.target, d.participants) == ("RUSGOV", "KAZGOV", ())
    # a directed act never reads a report backwards: the two directions are two candidates
    assert choose_pair([men("AFGINS", "USAMIL"), men("USAMIL", "AFGINS"), men("AFGINS", "USAMIL")],
                       either_way=False) == ("AFG", "USA")


def test_a_country_beats_a_bare_sector_even_with_less_support():
    members = [men("RUSGOV", "GOV"), men("RUSGOV", "GOV"), men("RUSGOV", "AFGGOV")]
    d = canonical_dyad(members, symmetric=False)
    assert (d.source, d.target) == ("RUSGOV", "AFGGOV")
    assert d.participants == ()  # the bare "government" is the Afghan one already named


def test_a_bare_sector_no_country_carries_stays_a_participant():
    d = canonical_dyad([men("RUSGOV", "AFGGOV"), men("RUSGOV", "AFGGOV INS")], symmetric=False)
    assert d.participants == ("INS",)


def test_a_side_with_a_target_beats_reports_without_one():
    members = [men("RUS"), men("RUS"), men("RUS", "USA")]
    assert canonical_dyad(members, symmetric=False).target == "USA"
    assert canonical_dyad([men("RUS"), men("RUSGOV")], symmetric=False) == Dyad("RUSGOV", None, "RUS", None)


def test_ties_go_to_the_founder_and_its_first_named_actors():
    # every report of the troika names the same four states: the first report's first one leads
    members = [men("RUSGOV USAGOV CHNGOV PAKGOV", "AFGGOV"), men("CHNGOV PAKGOV RUSGOV USAGOV", "AFGGOV")]
    d = canonical_dyad(members, symmetric=False)
    assert (d.source, d.target) == ("RUSGOV", "AFGGOV")
    assert d.participants == ("CHNGOV", "PAKGOV", "USAGOV")


def test_one_party_on_both_sides_is_an_intra_state_event():
    d = canonical_dyad([men("RUSGOV", "RUSOPP"), men("RUSGOV", "RUSOPP")], symmetric=False)
    assert (d.source, d.target, d.source_party, d.target_party) == ("RUSGOV", "RUSOPP", "RUS", "RUS")
    assert canonical_dyad([men("RUSGOV", "RUSOPP"), men("RUSGOV", "UKR")], symmetric=False).target == "UKR"


def test_confidence_breaks_a_tie_of_support():
    members = [men("RUS", "AFG", conf=0.5), men("RUS", "PAK", conf=0.9)]
    assert canonical_dyad(members, symmetric=False).target == "PAK"


def test_the_most_specific_code_the_mentions_agree_on():
    assert specific_code("RUS", [{"RUS"}, {"RUSGOV"}, {"RUS"}]) == "RUSGOV"  # no report disagrees
    assert specific_code("RUS", [{"RUSGOV"}, {"RUSMIL"}]) == "RUS"  # a tie stops at the country
    assert specific_code("RUS", [{"RUSGOV"}, {"RUSGOV"}, {"RUSMIL"}]) == "RUSGOV"
    assert specific_code("RUS", [{"RUSGOVMIL"}, {"RUSGOVDIP"}, {"RUSGOV"}]) == "RUSGOV"  # the shared prefix
    assert specific_code("RUS", [{"WAGNER"}, {"WAGNER"}]) == "WAGNER"  # a code outside the CAMEO scheme
    assert specific_code("GOV", [{"GOV"}]) == "GOV"


codes = st.lists(st.sampled_from(["RUS", "RUSGOV", "RUSMIL", "AFG", "AFGGOV", "AFGINS", "PAKGOV", "GOV", "IGOUNO"]),
                 min_size=1, max_size=3, unique=True)


@given(st.lists(st.tuples(codes, codes), min_size=1, max_size=6), st.booleans())
def test_the_dyad_is_two_distinct_parties_named_by_a_member(sides, symmetric):
    members = [men(" ".join(s), " ".join(t)) for s, t in sides]
    d = canonical_dyad(members, symmetric=symmetric)
    named = {a for m in members for a in (*m.source_actors, *m.target_actors)}
    parties = {c or code for code, c in named}
    assert d.source_party is not None and d.target_party is not None
    if any(len({c or code for code, c in (*m.source_actors, *m.target_actors)}) > 1 for m in members):
        assert d.source_party != d.target_party  # two parties whenever a report names two
    assert {p for p in (d.source_party, d.target_party) if p} <= parties
    assert not {d.source_party, d.target_party} & set(d.participant_parties)
    assert set(d.participant_parties) <= parties
    # every code shown belongs to its party
    for code, p in [(d.source, d.source_party), (d.target, d.target_party),
                    *zip(d.participants, d.participant_parties, strict=True)]:
        assert (code is None) == (p is None)
        assert code is None or code.startswith(p) or (code, None) in named
