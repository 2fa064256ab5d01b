"""RSS/Atom feeds fetched over the network (``parley ingest --rss FEEDS.txt``).

FEEDS.txt holds one feed URL per line (``#`` starts a comment). Each feed is fetched with a
timeout and a size cap; an unreachable or broken feed is one clear refusal line and the other
feeds go on. Items are read by the same RSS reader as feed files, so ids are stable (from the
item's guid or link) and a re-fetch stores only new items (the store's idempotency).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator

from parley import __version__
from parley.errors import InputError, UsageError
from parley.read.formats import DEFAULT_MAX_BYTES, parse_reference_date
from parley.records import Document

DEFAULT_TIMEOUT = 20.0
SCHEMES = ("http://", "https://", "file://")


def read_feed_list(path: str) -> list[str]:
    """The feed URLs of a FEEDS.txt file.

    >>> read_feed_list("feeds.txt")  # doctest: +SKIP
    ['https://example.org/world.rss']
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = [line.split("#", 1)[0].strip() for line in fh]
    except OSError as exc:
        raise UsageError(f"feed list {path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UsageError(f"feed list {path}: not UTF-8 text (one feed URL per line)") from None
    urls = [u for u in lines if u]
    for n, url in enumerate(urls, 1):
        if not url.lower().startswith(SCHEMES):
            raise UsageError(f"feed list {path}: entry {n} '{url[:80]}' is not an http(s):// or file:// URL")
    return urls


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one feed; raises :class:`InputError` naming the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": f"parley/{__version__} (+feed reader)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"feed answered HTTP {exc.code} {exc.reason}", code="E110") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"feed unreachable ({exc.reason})", hint="check the URL and the network",
                         code="E110") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(url, f"feed unreachable ({exc or 'timed out'})", code="E110") from None
    if len(data) > max_bytes:
        raise InputError(url, f"feed is larger than {max_bytes} bytes", code="E105")
    return data


def fetch_feeds(urls: Iterable[str], *, date: str | dt.date | None = None,
                timeout: float = DEFAULT_TIMEOUT) -> Iterator[Document | InputError]:
    """Documents of every item of every feed, and one InputError per feed that failed."""
    from parley.read.rss import read_feed

    ref_date = parse_reference_date(date)
    for url in urls:
        try:
            data = fetch(url, timeout=timeout)
            stem = os.path.basename(url.rstrip("/")) or "feed"
            yield from read_feed(url, stem, data, ref_date)
        except InputError as exc:
            yield exc


def feed_items(inputs: list[str], feed_list: str | None, *, date: str | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> Iterator[Document | InputError] | None:
    """What ``parley ingest`` codes: the inputs, then the feeds of ``feed_list`` (None: inputs only)."""
    if feed_list is None:
        if not inputs:
            raise UsageError("give INPUT files or folders, or --rss FEEDS.txt")
        return None
    urls = read_feed_list(feed_list)
    from parley.read import read_inputs

    local = read_inputs(inputs, date=date) if inputs else iter(())
    return itertools.chain(local, fetch_feeds(urls, date=date, timeout=timeout))
