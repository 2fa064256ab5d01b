"""`parley actors lookup` and `parley actors check`."""

from __future__ import annotations

import json
from pathlib import Path

from parley.cli import main

FIXTURE_FILES = sorted((Path(__file__).resolve().parent / "fixtures").glob("*.yaml"))


def _actors_args():
    return [a for f in FIXTURE_FILES for a in ("--actors", str(f))]


def test_lookup_json(capsys):
    assert main(["actors", "lookup", "Tleuberdi", "--date", "2021-08-18", "--json", *_actors_args()]) == 0
    out = json.loads(capsys.readouterr().out)
    (r,) = out["resolutions"]
    assert (r["code"], r["kb_id"], r["kind"]) == ("KAZGOV", "mukhtar-tleuberdi", "person")
    assert out["kb_version"].startswith("kb-")


def test_lookup_table(capsys):
    assert main(["actors", "lookup", "official Kabul", "--date", "2021-10-20"]) == 0
    out = capsys.readouterr().out
    assert "AFGGOV" in out and "metonym" in out


def test_lookup_unknown_name_exits_1(capsys):
    assert main(["actors", "lookup", "Zorblax Quuxington"]) == 1
    assert "no actor known as 'Zorblax Quuxington'" in capsys.readouterr().err


def test_lookup_bad_date_is_a_usage_error(capsys):
    assert main(["actors", "lookup", "Lavrov", "--date", "18/08/2021"]) == 2
    assert "is not a YYYY-MM-DD date" in capsys.readouterr().err


def test_check_good_and_broken_files(tmp_path, capsys):
    assert main(["actors", "check", str(FIXTURE_FILES[-1])]) == 0
    bad = tmp_path / "my_actors.yaml"
    bad.write_text("kind: persons\nversion: 1\nentries:\n  - id: a-b\n    name: A B\n    roles:\n"
                   "      - {office: minister, country: KAZ, start: June 2021}\n", encoding="utf-8")
    assert main(["actors", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:7: persons[0].roles[0].start: 'June 2021' is not a YYYY-MM-DD date" in err
    assert "Traceback" not in err


def test_lookup_with_broken_user_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("kind: persons\nentries: [\n", encoding="utf-8")
    assert main(["actors", "lookup", "Lavrov", "--actors", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and "[E400]" in err[0]
