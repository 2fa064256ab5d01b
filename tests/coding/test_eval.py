"""`parley eval`: the scoring functions on hand-made predictions, and the command end to end."""

from __future__ import annotations

import gzip
import json

import pytest

from parley.coding.evaluate import (
    GoldEvent,
    GoldRecord,
    Labels,
    PredEvent,
    actor_country,
    dyad_counts,
    gold_labels,
    parse_gold_line,
    plover_name,
    predicted_labels,
    read_gold,
    score,
    type_counts,
)
from parley.errors import InputError


def gold(*events, rid="r", raw=None):
    evs = [GoldEvent(gold_labels(code), actor_country(s), actor_country(t))
           for s, t, code in events if gold_labels(code)]
    return GoldRecord(rid, "text", None, evs, len(events) if raw is None else raw)


def pred(code, sources=(), targets=(), confidence=0.5, plover=None):
    return PredEvent(predicted_labels(code, plover), tuple(sources), tuple(targets), confidence)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("code, root, penta, plover", [
    ("042", "04", "1", "CONSULT"),
    ("18", "18", "4", "ASSAULT"),
    ("1124", "11", "3", "ACCUSE"),
    ("0333", "03", "1", "AGREE"),
    ("penta:2", None, "2", None),
    ("CONSULT", None, None, "CONSULT"),
    ("DEMAND", None, None, "REQUEST"),
    ("disapprove", None, None, "ACCUSE"),
    ("INVESTIGATE", None, None, "ACCUSE"),
    ("FIGHT", None, None, "ASSAULT"),
])
def test_gold_labels(code, root, penta, plover):
    assert gold_labels(code) == Labels(root, penta, plover)


@pytest.mark.parametrize("code", ["903", "345", "penta:7", "", "0x1"])
def test_unscorable_codes(code):
    assert gold_labels(code) is None


def test_old_plover_names():
    assert plover_name("FIGHT") == "ASSAULT" and plover_name("AID") == "AID"


@pytest.mark.parametrize("code, country", [
    ("IRQGOVMIL", "IRQ"), ("USA", "USA"), ("---LEG", None), ("", None), (None, None), ("GOV", None),
    ("REB", None), ("IGOUNO", "IGOUNO"), ("IGO", None), ("RU", None),
])
def test_actor_country(code, country):
    assert actor_country(code) == country


# --------------------------------------------------------------------------- per-record counts


def test_type_counts_use_distinct_labels():
    g = gold(("USA", "CHN", "042"), ("USA", "RUS", "043")).events
    p = [pred("042", ["USA"], ["CHN"]), pred("040", ["USA"], ["CHN"]), pred("111", ["USA"], ["RUS"])]
    assert type_counts(g, p, "root") == type_counts(g, p[:1] + p[2:], "root")
    c = type_counts(g, p, "root")  # gold {04}, predicted {04, 11}
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)
    c = type_counts(g, p, "plover")  # CONSULT vs CONSULT, ACCUSE
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)
    c = type_counts(g, p, "penta")
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_dyads_with_unspecified_gold_actors():
    g = gold(("---LEG", "USAGOV", "112"), ("", "", "190")).events
    p = [pred("112", ["USA"], ["USA"]), pred("190", ["SYR"], [])]
    c = dyad_counts(g, p, "root")
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)


def test_dyads_wrong_direction_and_missing_target():
    g = gold(("RUS", "USA", "111")).events
    c = dyad_counts(g, [pred("111", ["USA"], ["RUS"])], "root")
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    c = dyad_counts(g, [pred("111", ["RUS"], [])], "root")  # the target was required
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)


def test_multiparty_prediction_expands_to_dyads():
    g = gold(("KAZ", "AFG", "026"), ("RUS", "AFG", "026")).events
    p = [pred("026", ["KAZ", "RUS", "UZB"], ["AFG"])]
    c = dyad_counts(g, p, "root")
    assert (c.tp, c.fp, c.fn) == (2, 1, 0)


def test_a_wildcard_does_not_steal_an_exact_match():
    g = gold(("USA", "RUS", "042"), ("", "RUS", "042")).events
    p = [pred("042", ["USA"], ["RUS"]), pred("042", ["FRA"], ["RUS"])]
    c = dyad_counts(g, p, "root")
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)


# --------------------------------------------------------------------------- whole reports


def test_report_over_records():
    pairs = [
        (gold(("USA", "CHN", "042"), rid="a"), [pred("042", ["USA"], ["CHN"], 0.9), pred("111", ["USA"], [], 0.2)]),
        (gold(("RUS", "USA", "111"), rid="b"), [pred("040", ["RUS"], ["USA"])]),
        (gold(("IRQ", "", "190"), rid="c"), []),
        (gold(rid="d"), [pred("010", ["USA"], [])]),  # a false alarm
        (gold(rid="e"), []),
        (gold(("ARN", "GON", "903"), rid="f"), [pred("042")]),  # unscorable: left out
    ]
    r = score(pairs, "hand-made")
    assert (r.records, r.with_events, r.without_events) == (6, 3, 2)
    assert r.false_alarms == 1 and r.false_alarm_rate == 0.5
    assert r.coverage == pytest.approx(2 / 3)
    root = r.schemes["root"]
    # predicted {04, 11} | {04} | {} | {01}; gold {04} | {11} | {19} | {}
    assert (root.counts.tp, root.counts.fp, root.counts.fn) == (1, 3, 2)
    assert root.records == 3 and root.top1_correct == 1  # only "a": its most confident event is 042
    assert r.dyad_scheme == "root" and r.dyad_records == 5
    d = r.to_dict(details=True)
    assert d["type"]["root"]["top1_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert len(d["details"]) == 5 and json.dumps(d)


def test_penta_file_has_no_dyads_and_no_root():
    pairs = [(gold(("", "", "penta:4"), rid="x"), [pred("190", ["SYR"], [])]),
             (gold(("", "", "penta:0"), rid="y"), [pred("190")])]
    r = score(pairs)
    assert list(r.schemes) == ["penta"]
    assert r.schemes["penta"].top1_correct == 1
    assert r.dyad_records == 0


def test_plover_file_scores_plover_only():
    pairs = [(gold(("", "", "FIGHT")), [pred("190", plover="ASSAULT")])]
    r = score(pairs)
    assert list(r.schemes) == ["plover"] and r.schemes["plover"].counts.tp == 1


def test_empty_report_has_no_scores():
    r = score([])
    assert r.to_dict()["type"] == {} and r.false_alarm_rate is None and r.coverage is None


# --------------------------------------------------------------------------- reading gold files


def test_read_gold_and_errors(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "1", "text": "A.", "date": "20080804", "events": [{"source": "USA", '
                    '"target": "", "code": "042"}]}\n\n{"id": "2", "text": "B.", "events": []}\n')
    records = read_gold(path)
    assert [r.id for r in records] == ["1", "2"] and records[0].date == "2008-08-04"
    assert len(read_gold(path, limit=1)) == 1
    zipped = tmp_path / "g.jsonl.gz"
    zipped.write_bytes(gzip.compress(path.read_bytes()))
    assert [r.id for r in read_gold(zipped)] == ["1", "2"]
    with pytest.raises(InputError, match="no such gold file"):
        read_gold(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match=r"g\.jsonl:3: not JSON"):
        parse_gold_line("{oops", f"{path}:3")
    with pytest.raises(InputError, match="'text'"):
        parse_gold_line('{"id": "1"}', "x:1")


# --------------------------------------------------------------------------- the command


def _run(argv, capsys):
    from parley.cli import main

    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_usage_errors(tmp_path, capsys):
    status, _, err = _run(["eval", str(tmp_path / "none.jsonl")], capsys)
    assert status == 1 and "no such gold file" in err and "Traceback" not in err
    status, _, err = _run(["eval", "x.jsonl", "--limit", "0"], capsys)
    assert status == 2 and "--limit" in err


GOLD_LINES = [
    {"id": "t1", "text": "Russia's foreign minister met his Chinese counterpart in Beijing on Tuesday.",
     "date": "20210818", "events": [{"source": "RUSGOV", "target": "CHNGOV", "code": "042"}]},
    {"id": "t2", "text": "Turkish warplanes bombed Kurdish militant positions in northern Iraq.",
     "date": "2021-08-18", "events": [{"source": "TURMIL", "target": "", "code": "195"}]},
    {"id": "t3", "text": "The weather in the capital was mild and sunny for most of the week.",
     "events": []},
    {"id": "t4", "text": "France condemned the arrest of the opposition leader.",
     "events": [{"source": "FRA", "target": "", "code": "111"}]},
]


@pytest.fixture(scope="module")
def coder_available():
    pytest.importorskip("parley.coding.coder", reason="the event coder has not landed")


def test_eval_end_to_end(tmp_path, capsys, coder_available):
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in GOLD_LINES))
    status, out, _ = _run(["eval", str(path), "--json", "--details", "-q"], capsys)
    assert status == 0
    d = json.loads(out)
    assert (d["records"], d["with_events"], d["without_events"]) == (4, 3, 1)
    assert set(d["type"]) == {"root", "penta", "plover"} and d["dyad"]["records"] == 4
    assert [x["id"] for x in d["details"]] == ["t1", "t2", "t3", "t4"]
    status, out, _ = _run(["eval", str(path), "--limit", "2", "-q"], capsys)
    assert status == 0 and "CAMEO root" in out and "false alarms" in out and "records: 2" in out


def test_eval_on_petrarch2_gsr(shared, capsys, coder_available):
    status, out, _ = _run(["eval", str(shared / "gold" / "petrarch2_gsr.jsonl"), "-q"], capsys)
    assert status == 0
    for measure in ("CAMEO root", "PentaClass", "PLOVER type", "dyads", "false alarms", "records: 78"):
        assert measure in out


def test_predicted_igo_parties_use_the_igo_code():
    from parley.coding.evaluate import pred_event
    from parley.records import ActorRef, Cameo, EventRecord, Plover, Span

    ev = EventRecord(id="e", doc_id="d", sentence_index=0, sentence="s", trigger=Span("t", 0, 1),
                     cameo=Cameo("111", "11", "Criticize or denounce", 4, -2.0), plover=Plover("ACCUSE"),
                     source=[ActorRef("the UN", "IGOUNO", country="UNO", sector="IGO")],
                     target=[ActorRef("Syria", "SYRGOV", country="SYR", sector="GOV")], confidence=0.7)
    p = pred_event(ev)
    assert p.sources == ("IGOUNO",) and p.targets == ("SYR",) and p.labels.root == "11"


def test_negated_events_are_no_prediction_unless_asked(coder):
    from parley.coding.evaluate import code_gold

    rec = GoldRecord("n", "Washington did not attend the meeting in Moscow on Tuesday.", "2021-10-20", [], 0)
    default = list(code_gold([rec], coder))
    counted = list(code_gold([rec], coder, count_negated=True))
    assert default[0][1] == []  # the meeting was not attended: nothing happened to score
    assert [p.labels.root for p in counted[0][1]] == ["04"]
    assert score(default).false_alarms == 0 and score(counted).false_alarms == 1
