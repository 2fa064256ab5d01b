"""`parley watch` (polling, completeness, idempotent restarts, clean stop) and `parley ingest --rss`."""

from __future__ import annotations

import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from parley.cli import main
from parley.engine.watch import FolderPoller

PARLEY = [sys.executable, "-m", "parley"]
ARTICLE = ("MOSCOW, March 3. Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister "
           "Wang Yi in Moscow on Tuesday. Russia and China signed an agreement on trade.\n")
OTHER = ("ANKARA, May 12. Turkey accused Greece of violating its airspace over the Aegean Sea, the "
         "Turkish defence ministry said on Friday. Athens rejected the claim and summoned the envoy.\n")


def test_poller_waits_until_a_file_is_complete(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("first part")
    poller = FolderPoller(str(tmp_path), interval=60)
    now = time.time()
    assert poller.poll(now=now) == []  # just written: maybe still being copied
    assert poller.poll(now=now + 1) == [str(f)]  # unchanged since the last poll: complete
    poller.done([str(f)])
    assert poller.poll(now=now + 2) == []  # taken, unchanged
    f.write_text("first part, second part")
    os.utime(f, (now + 3, now + 3))
    assert poller.poll(now=now + 3) == []
    assert poller.poll(now=now + 4) == [str(f)]  # changed, then stable: taken again


def test_poller_takes_old_files_at_once_and_everything_with_once(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    poller = FolderPoller(str(tmp_path), interval=10)
    assert poller.poll() == [str(old)]
    assert FolderPoller(str(tmp_path), interval=10).poll(settle=False) == [str(new), str(old)]


def test_watch_once_ingests_new_files_and_skips_stored_ones(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    assert main(["watch", str(inbox), "--db", db, "--once"]) == 0
    assert "1 new, 0 duplicate" in capsys.readouterr().out
    (inbox / "later.txt").write_text(OTHER, encoding="utf-8")
    assert main(["watch", str(inbox), "--db", db, "--once"]) == 0  # a restart: the store remembers
    assert "read 2 documents: 1 new, 1 duplicate" in capsys.readouterr().out


def test_watch_stops_cleanly_on_sigterm(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = subprocess.Popen([*PARLEY, "watch", str(inbox), "--db", str(tmp_path / "s.duckdb"),
                             "--interval", "0.2"], stderr=subprocess.PIPE, text=True)
    assert "watching" in proc.stderr.readline()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert "SIGTERM: stopping" in proc.stderr.read()


def test_watch_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["watch", str(tmp_path / "nope"), "--once"]) == 2
    assert "not a folder" in capsys.readouterr().err


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>http://example.invalid/</link>
<description>test</description>
<item><title>{title}</title><link>http://example.invalid/{slug}</link><guid>{slug}</guid>
<pubDate>Tue, 03 Mar 2020 10:00:00 GMT</pubDate><description>{text}</description></item>
</channel></rss>
"""


@pytest.fixture
def feed_server(tmp_path):
    """A loopback HTTP server over tmp_path/served (no network needed)."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ingest_rss_fetches_feeds_and_names_unreachable_ones(tmp_path, feed_server, capsys):
    served, base = feed_server
    (served / "world.rss").write_text(FEED.format(title="Talks", slug="talks", text=ARTICLE), encoding="utf-8")
    local = tmp_path / "local.rss"
    local.write_text(FEED.format(title="Airspace", slug="airspace", text=OTHER),
                     encoding="utf-8")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{base}/world.rss\n{local.as_uri()}\n{base}/missing.rss\n"
                     "http://127.0.0.1:9/closed.rss\n", encoding="utf-8")
    db = str(tmp_path / "rss.duckdb")
    assert main(["ingest", "--rss", str(feeds), "--db", db]) == 1
    captured = capsys.readouterr()
    assert "read 4 documents: 2 new, 0 duplicate, 2 refused" in captured.out
    assert f"{base}/missing.rss: feed answered HTTP 404" in captured.err
    assert "http://127.0.0.1:9/closed.rss: feed unreachable" in captured.err
    assert main(["ingest", "--rss", str(feeds), "--db", db, "-q"]) == 1  # again: nothing new is stored
    from parley.store import open_store

    store = open_store(db)
    try:
        assert store.counts()["documents"] == 2
    finally:
        store.close()


def test_ingest_rss_rejects_a_bad_feed_list(tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("ftp://example.invalid/feed.rss\n", encoding="utf-8")
    assert main(["ingest", "--rss", str(feeds), "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "is not an http(s):// or file:// URL" in capsys.readouterr().err
    assert main(["ingest", "--db", str(tmp_path / "x.duckdb")]) == 2
