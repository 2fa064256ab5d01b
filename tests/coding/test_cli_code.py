"""`parley code` end to end on files written here: formats, --explain, refused inputs, bad model."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import pytest

from parley.cli import main

ARTICLE = ("MOSCOW, Oct. 20 - Russia will send humanitarian aid to Afghanistan, the foreign ministry said "
           "on Wednesday. The weather in Moscow was cold.")


@pytest.fixture
def parley(capsys):
    """Run the CLI in-process (spaCy and the knowledge base stay loaded between tests)."""

    def run(*args: str) -> SimpleNamespace:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    d = tmp_path_factory.mktemp("news")
    path = d / "aid.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_jsonl_records(parley, article):
    r = parley("code", str(article), "--date", "2021-10-20")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert [e["cameo"]["code"] for e in events] == ["0333"]
    e = events[0]
    assert e["doc_id"] == "aid" and e["modality"]["certainty"] == "intended"
    assert ARTICLE[e["trigger"]["start"]:e["trigger"]["end"]] == "send"


def test_csv_and_parquet(parley, article, tmp_path):
    out = tmp_path / "events.csv"
    assert parley("code", str(article), "--format", "csv", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["cameo_code"] == "0333" and rows[0]["source_countries"] == "RUS"
    pq = tmp_path / "events.parquet"
    assert parley("code", str(article), "--format", "parquet", "--out", str(pq)).returncode == 0
    import pyarrow.parquet as papq

    assert papq.read_table(pq).column("cameo_code").to_pylist() == ["0333"]


def test_parquet_needs_out(parley, article):
    r = parley("code", str(article), "--format", "parquet")
    assert r.returncode == 2 and "--out" in r.stderr


def test_explain_says_why(parley, article):
    r = parley("code", str(article), "--explain")
    assert r.returncode == 0
    assert "0333" in r.stderr and "'will'" in r.stderr
    assert "prefilter" in r.stderr  # the weather sentence was never parsed, and we say why


def test_refused_input_exits_1_after_the_rest(parley, article, tmp_path):
    missing = tmp_path / "nope.txt"
    r = parley("code", str(article), str(missing))
    assert r.returncode == 1
    assert "nope" in r.stderr
    assert len(r.stdout.splitlines()) == 1


def test_unknown_model_is_one_clear_line(parley, article):
    r = parley("code", str(article), "--model", "no_such_pipeline_xyz")
    assert r.returncode == 1
    assert "no_such_pipeline_xyz" in r.stderr and "Traceback" not in r.stderr
