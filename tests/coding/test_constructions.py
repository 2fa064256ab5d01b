"""One test per construction of issue 4 (frames, codes, modality), on sentences written for parley."""

from __future__ import annotations


def countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}


def only(events, root=None):
    picked = [e for e in events if root is None or e.cameo.root == root]
    assert picked, f"no event with root {root}: {[(e.cameo.code, e.trigger.text) for e in events]}"
    return picked


# --------------------------------------------------------------------------- the sentences


def test_phone_discussion_is_041_both_ways(code):
    events = code("Russia's Foreign Minister Sergey Lavrov and his Kazakh counterpart discussed the "
                  "situation in Afghanistan by phone on Wednesday.")
    assert {e.cameo.code for e in events} == {"041"}
    dyads = {(c1, c2) for e in events for c1 in countries(e.source) for c2 in countries(e.target)}
    assert ("RUS", "KAZ") in dyads and ("KAZ", "RUS") in dyads
    assert all(e.date == "2021-10-20" for e in events)  # "on Wednesday" in a Wednesday article


def test_hosting_talks_is_043(code):
    events = code("Moscow hosted talks on Afghanistan with a Taliban delegation.")
    assert [e.cameo.code for e in events] == ["043"]
    assert countries(events[0].source) == {"RUS"}


def test_condemnation_without_target(code):
    events = code("The foreign ministers of Russia and China met in Moscow on Tuesday. "
                  "The ministers condemned the terrorist attacks.")
    condemn = only(events, "11")[0]
    assert condemn.cameo.code == "111"
    assert condemn.target == []
    assert countries(condemn.source) == {"RUS", "CHN"}


def test_future_aid_is_intent_not_delivery(code):
    events = code("Russia will send humanitarian aid to Afghanistan.")
    assert [e.cameo.code for e in events] == ["0333"]
    e = events[0]
    assert e.modality.certainty == "intended" and e.modality.tense == "future"
    assert countries(e.source) == {"RUS"} and countries(e.target) == {"AFG"}
    assert e.plover.type == "AGREE"


def test_did_not_attend_is_negated(code):
    events = code("Washington did not attend the meeting.")
    assert events and all(e.modality.negated for e in events)
    assert countries(events[0].source) == {"USA"}


def test_reported_criticism(code):
    events = code("Lavrov said the American mission in Afghanistan had failed.", date="2021-07-16")
    crit = only(events, "11")[0]
    assert crit.cameo.code == "111"
    assert countries(crit.source) == {"RUS"} and countries(crit.target) == {"USA"}
    assert crit.modality.certainty == "reported"
    assert crit.modality.reported_by and "Lavrov" in crit.modality.reported_by
    assert crit.quote and "failed" in crit.quote


def test_call_for_talks_is_an_appeal_by_six_to_two(code):
    events = code("The foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan "
                  "and Russia called for talks between the government in Kabul and the Taliban.",
                  date="2021-07-14")  # before 15 August 2021 the Taliban are not the government
    appeal = only(events, "02")[0]
    assert appeal.cameo.code == "026"
    assert countries(appeal.source) == {"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS"}
    assert len(appeal.target) == 2
    assert appeal.target[0].text == "the government in Kabul" and appeal.target[1].text == "the Taliban"
    assert appeal.modality.certainty == "demanded"


def test_joint_drills_are_military_cooperation(code):
    events = code("Russian and Tajik troops held joint drills in Tajikistan.")
    assert {e.cameo.code for e in events} == {"062"}
    assert "RUS" in {c for e in events for c in countries(e.source)}


# --------------------------------------------------------------------------- constructions


def test_passive_with_agent(code):
    events = code("The Ukrainian border post was shelled by Russian artillery on Monday.")
    e = only(events, "19")[0]
    assert e.cameo.code == "194"
    assert countries(e.source) == {"RUS"}


def test_control_verb_agreed_to_set_up(code):
    events = code("Iran agreed to set up a joint commission with Iraq.")
    e = only(events, "03")[0]
    assert e.cameo.code == "031" and e.modality.certainty == "intended"
    assert countries(e.source) == {"IRN"}


def test_coordinated_subjects_meet(code):
    events = code("France and Germany met in Paris to discuss the crisis.")
    pairs = {(c1, c2) for e in events if e.cameo.root == "04" for c1 in countries(e.source)
             for c2 in countries(e.target)}
    assert {("FRA", "DEU"), ("DEU", "FRA")} <= pairs


def test_apposition_names_the_country(code):
    events = code("Sergey Lavrov, Russia's foreign minister, criticised Japan on Friday.")
    e = only(events, "11")[0]
    assert countries(e.source) == {"RUS"} and countries(e.target) == {"JPN"}


def test_relative_clause_subject(code):
    events = code("Germany welcomed the ministers from Poland, who later praised Berlin.")
    praise = [e for e in events if e.cameo.code == "051" and e.trigger.text == "praised"]
    assert praise and countries(praise[0].source) == {"POL"}


def test_nominal_event_with_light_verb(code):
    events = code("Turkey held a phone call with Iran on Monday.")
    e = only(events, "04")[0]
    assert e.cameo.code == "041"
    assert countries(e.source) == {"TUR"} and countries(e.target) == {"IRN"}


def test_nominal_shipment_of_aid(code):
    events = code("China delivered a shipment of humanitarian aid to Pakistan.")
    e = only(events, "07")[0]
    assert e.cameo.code == "073" and countries(e.target) == {"PAK"}


def test_appeal_with_object_control_and_negation(code):
    events = code("China urged India not to attack Pakistan.")
    e = only(events, "02")[0]
    assert e.cameo.code == "0256"
    assert countries(e.source) == {"CHN"} and countries(e.target) == {"IND"}
    assert not e.modality.negated


def test_refused_to_is_negated(code):
    events = code("Iran refused to release the British sailors.")
    e = only(events, "08")[0]
    assert e.modality.negated


def test_hypothetical(code):
    events = code("Russia could impose sanctions on Georgia.")
    assert events and events[0].modality.certainty == "hypothetical"


def test_vowed_to_is_intent(code):
    events = code("Japan vowed to provide economic aid to Vietnam.")
    assert [e.cameo.code for e in events] == ["0331"]


def test_no_default_code(code):
    assert code("Russia is a large country with many rivers.") == []
    assert code("The weather in Kabul was warm on Tuesday.") == []
    assert code("Germany said the figures were published on Monday.") == []


def test_offsets_point_into_the_document(code):
    text = "Local markets were busy. Russia will send humanitarian aid to Afghanistan."
    e = code(text)[0]
    assert text[e.trigger.start:e.trigger.end] == e.trigger.text == "send"
    for a in e.source + e.target:
        assert text[a.start:a.end] == a.text


def test_every_event_has_confidence_and_plover(code):
    events = code("Pakistan condemned the attack. Iran and Iraq signed a trade agreement in Baghdad.")
    assert events
    for e in events:
        assert 0.0 < e.confidence < 1.0
        assert e.plover.type
        assert e.id and len(e.id) == 16


def test_declared_refusal_is_a_rejection(code):
    events = code("Turkey said it will not lift the embargo on Cyprus.")
    e = only(events, "12")[0]
    assert e.cameo.code == "1244" and not e.modality.negated
    assert countries(e.source) == {"TUR"}


def test_threat_to_withdraw_is_a_threat(code):
    events = code("Serbia threatened to cut diplomatic ties with Montenegro.")
    e = only(events, "13")[0]
    assert e.cameo.code == "1313"


def test_claimed_attack_is_claim_of_responsibility(code):
    events = code("The Taliban claimed that they had attacked the police station in Kunduz.", date="2021-06-01")
    assert "015" in {e.cameo.code for e in events}


def test_considering_an_option(code):
    events = code("Japan is considering sending humanitarian aid to North Korea.")
    e = only(events, "01")[0]
    assert e.cameo.code == "014" and e.modality.certainty == "hypothetical"


def test_quote_of_reported_speech(code):
    events = code('Iran said "Israel attacked our facility" on Sunday.')
    attack = [e for e in events if e.cameo.root == "19"]
    assert attack and attack[0].quote == "Israel attacked our facility"
    assert attack[0].modality.certainty == "reported" and attack[0].modality.reported_by
    assert "112" in {e.cameo.code for e in events}  # the speaker accuses the attacker
