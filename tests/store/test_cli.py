"""`parley load`, `parley events` and storage errors through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest
from corpus import write_corpus

from parley.cli import main

PARLEY = [sys.executable, "-m", "parley"]


@pytest.fixture
def loaded(tmp_path, capsys):
    write_corpus(tmp_path / "records", 12, events_per_doc=3, copies=2)
    db = str(tmp_path / "cli.duckdb")
    assert main(["load", str(tmp_path / "records"), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "14 documents: 12 new, 2 duplicate, 0 refused; 36 events" in out
    return db


def test_events_formats(loaded, tmp_path, capsys):
    assert main(["events", "--db", loaded, "--format", "jsonl", "--limit", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and all(json.loads(line)["doc_id"] for line in lines)
    out = tmp_path / "fused.parquet"
    assert main(["events", "--db", loaded, "--fused", "--format", "parquet", "--out", str(out)]) == 0
    assert pq.read_table(out).num_rows > 0
    assert main(["events", "--db", loaded, "--format", "gdelt", "--type", "19"]) == 0
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    assert rows and all(len(r) == 61 and r[26] == "190" for r in rows)
    assert main(["events", "--db", loaded, "--summary", "--format", "jsonl"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["events"] == 36 and summary["by_dyad"]


def test_table_output(loaded, tmp_path, capsys):
    out = tmp_path / "table.txt"
    assert main(["events", "--db", loaded, "--format", "table", "--limit", "3", "--out", str(out)]) == 0
    text = out.read_text()
    assert "3 of 36 event mentions" in text and "sentence" in text
    assert main(["events", "--db", loaded, "--summary", "--format", "table", "--out", str(out)]) == 0
    assert "Goldstein" in out.read_text()


@pytest.mark.parametrize("args,message", [
    (["--format", "parquet"], "--format parquet needs --out"),
    (["--dyad", "RUSAFG"], "--dyad must look like SOURCE:TARGET"),
    (["--since", "yesterday"], "--since must be a date"),
])
def test_usage_errors(loaded, capsys, args, message):
    assert main(["events", "--db", loaded, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_database_is_one_line(tmp_path, capsys):
    assert main(["events", "--db", str(tmp_path / "nothing.duckdb")]) == 1
    err = capsys.readouterr().err.strip()
    assert "nothing.duckdb: no such database" in err and len(err.splitlines()) == 1


def test_locked_database_names_the_cause(loaded, tmp_path):
    holder = duckdb.connect(loaded)  # another process holding the write lock
    try:
        done = subprocess.run([*PARLEY, "load", str(tmp_path / "records"), "--db", loaded],
                              capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert done.returncode == 1
    assert "locked" in done.stderr and loaded in done.stderr and "Traceback" not in done.stderr


def test_unreachable_server_names_the_cause(tmp_path):
    done = subprocess.run([*PARLEY, "events", "--db", "postgresql://nobody:secret@127.0.0.1:9/none"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "cannot connect" in done.stderr and "secret" not in done.stderr and "Traceback" not in done.stderr


def test_refused_records_are_named(tmp_path, capsys):
    folder = tmp_path / "bad"
    write_corpus(folder, 3, events_per_doc=1)
    with open(folder / "events.jsonl", "a") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "x", "doc_id": "ghost", "sentence_index": 0, "sentence": "s",
                             "trigger": {"text": "s", "start": 0, "end": 1},
                             "cameo": {"code": "042", "root": "04", "label": "l", "quad_class": 1, "goldstein": 1},
                             "plover": {"type": "CONSULT"}, "confidence": 0.5}) + "\n")
    assert main(["load", str(folder), "--db", str(tmp_path / "b.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "events.jsonl:4: not JSON" in err and "events of document 'ghost'" in err


def test_load_reads_the_engine_parquet_layout(tmp_path, capsys):
    """OUT/kind=.../date=.../*.parquet as `parley code --engine ray -o OUT/` writes it."""
    import pyarrow.parquet as pq
    from factory import document, event

    from parley.engine.parquet import records_table

    results = []
    for i in range(6):
        d = document(f"eng{i}", date=f"2021-08-1{i}")
        results.append((d, [event(d, 0, date=d.date), event(d, 1, code="190", date=d.date)]))
    pq.write_to_dataset(records_table(results), str(tmp_path / "OUT"), partition_cols=["kind", "date"])
    db = str(tmp_path / "eng.duckdb")
    assert main(["load", str(tmp_path / "OUT"), "--db", db, "--batch", "4"]) == 0
    assert "6 new, 0 duplicate, 0 refused; 12 events" in capsys.readouterr().out
