"""`-o/--out FILE`: the same flag with the same meaning on every command that writes a file."""

from __future__ import annotations

import json

import pytest

from parley.cli import build_parser, main

ARTICLE = ("KABUL, Oct. 20, 2021. The Russian foreign minister met the Afghan delegation in Moscow on "
           "Wednesday to discuss humanitarian aid, officials said.\n")
GOLD = {"id": "g1", "text": "The Russian foreign minister met the Afghan delegation in Moscow on Wednesday.",
        "date": "2021-10-20", "events": [{"source": "RUS", "target": "AFG", "code": "04"}]}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outflag")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "gold.jsonl").write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    db = folder / "o.duckdb"
    assert main(["ingest", str(folder / "a.txt"), "--db", str(db), "-q"]) == 0
    return folder, db


def _commands(folder, db) -> dict[str, list[str]]:
    return {"read": ["read", str(folder / "a.txt")], "code": ["code", str(folder / "a.txt"), "-q"],
            "events": ["events", "--db", str(db), "--format", "jsonl"],
            "events --fused": ["events", "--db", str(db), "--fused", "--format", "csv"],
            "eval": ["eval", str(folder / "gold.jsonl"), "--json", "-q"]}


@pytest.mark.parametrize("name", ["read", "code", "events", "events --fused", "eval"])
def test_short_and_long_flag_write_the_same_file_and_nothing_else(name, inputs, tmp_path, capsys):
    argv = _commands(*inputs)[name]
    assert main([*argv, "-o", str(tmp_path / "short")]) in (0, 1)
    assert main([*argv, "--out", str(tmp_path / "long")]) in (0, 1)
    assert capsys.readouterr().out == ""  # the file got the output, standard output nothing
    short = (tmp_path / "short").read_text(encoding="utf-8")
    assert short and short == (tmp_path / "long").read_text(encoding="utf-8")
    assert main([*argv, "-o", "-"]) in (0, 1)  # `-` is standard output
    assert capsys.readouterr().out == short


def test_every_command_that_writes_a_file_has_both_spellings():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        outs = [a for a in parser._actions if "--out" in a.option_strings]
        if name in ("read", "code", "events", "eval"):
            assert outs and outs[0].option_strings == ["-o", "--out"], name
        assert all(a.option_strings == ["-o", "--out"] for a in outs), name
