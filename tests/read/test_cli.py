"""`parley read` as a user runs it: stdin, --out, exit status, quiet/verbose, records on stdout."""

from __future__ import annotations

import gzip
import json

import pytest

from parley.records import Document
from read.helpers import REPO, records, run_cli

ARTICLE = ("VILNIUS, July 11 (Baltic Desk) - NATO leaders opened a two-day summit in Vilnius on Tuesday "
           "with Ukraine's membership bid at the top of the agenda, officials said.\n\n"
           "The alliance said Kyiv would be invited to join when members agree and conditions are met.\n")


def test_file_to_stdout_is_one_valid_record_per_line(fixtures):
    out = run_cli("read", str(fixtures / "embassy-reopens.txt"), str(fixtures / "feed.atom"))
    assert out.returncode == 0, out.stderr
    assert out.stderr == b""  # silent in pipes: no progress bar
    rows = records(out.stdout)
    assert len(rows) == 2
    for row in rows:
        Document.from_dict(row)  # validates the contract's shape
        assert set(row) >= {"id", "title", "date", "outlet", "url", "dateline", "language", "text", "removed"}


@pytest.mark.parametrize("payload, expected_id", [
    (ARTICLE.encode(), "stdin"),
    (f"<html><body><article><h1>NATO summit opens</h1><p>{ARTICLE}</p></article></body></html>".encode(), "stdin"),
    ((json.dumps({"id": "piped-1", "text": ARTICLE}) + "\n").encode(), "piped-1"),
    (gzip.compress((json.dumps({"id": "gz-1", "text": ARTICLE}) + "\n").encode()), "gz-1"),
])
def test_stdin(payload, expected_id):
    out = run_cli("read", "-", "--date", "2023-07-12", stdin=payload)
    assert out.returncode == 0, out.stderr
    (row,) = records(out.stdout)
    assert row["id"] == expected_id
    assert row["dateline"] == {"place": "VILNIUS", "date": "2023-07-11", "outlet": "Baltic Desk"}
    assert row["date"] == "2023-07-11"


def test_stdin_binary_is_refused():
    out = run_cli("read", "-", stdin=b"%PDF-1.4\n" + bytes(100))
    assert out.returncode == 1
    assert out.stderr.decode().startswith("parley: -: PDF")


def test_out_file(tmp_path, fixtures):
    target = tmp_path / "sub" / "docs.jsonl"
    out = run_cli("read", str(fixtures / "pasted-twice.txt"), "--out", str(target))
    assert out.returncode == 0 and out.stdout == b""
    (row,) = records(target.read_bytes())
    assert row["id"] == "pasted-twice"


def test_verbose_and_quiet(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text("Les ministres des deux pays se sont réunis lundi à Genève pour parler "
                                    "d'un cessez-le-feu, a indiqué le ministère.")
    (tmp_path / "skip.md").write_text("# notes")
    verbose = run_cli("read", str(tmp_path), "-v")
    assert verbose.returncode == 0
    text = verbose.stderr.decode()
    assert "skip.md: skipped" in text and "read 2 documents, refused 0 inputs" in text
    assert "b.txt: language 'fr' (only English is coded)" in text
    quiet = run_cli("read", str(tmp_path), "-q")
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_help_lists_the_options():
    out = run_cli("read", "--help")
    assert out.returncode == 0
    for flag in (b"--out", b"--date", b"--max-bytes", b"--quiet", b"--verbose"):
        assert flag in out.stdout


def test_progress_bar_is_silent_when_stderr_is_not_a_terminal(fixtures):
    out = run_cli("read", str(fixtures))
    assert b"docs/s" not in out.stderr
    assert out.returncode == 1  # feed.rss has one empty item
    assert out.stderr.decode().strip().splitlines() == [
        f"parley: {fixtures / 'feed.rss'}#3: feed item has no text or summary"]


def test_progress_bar_on_a_terminal(tmp_path):
    """With stderr on a (pseudo) terminal the bar shows its description, count and rate."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    for i in range(40):
        (tmp_path / f"a{i:02d}.txt").write_text(ARTICLE)
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # a full terminal buffer would block the writer
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="120", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "parley", "read", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=slave, cwd=REPO, env=env)
    os.close(slave)
    stdout, _ = proc.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert len(records(stdout)) == 40
    assert "reading" in screen


def test_estimate_documents_counts_articles_for_the_eta(tmp_path, fixtures):
    from parley.read.inputs import estimate_documents

    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(b'{"text": "a"}\n{"text": "b"}\n'))
    single = len(list(fixtures.glob("*.txt"))) + len(list(fixtures.glob("*.html")))
    assert estimate_documents([str(fixtures)]) == single + 4  # 3 RSS items (one empty), 1 Atom entry
    assert estimate_documents([str(tmp_path)]) == 2
    assert estimate_documents(["-"]) is None
