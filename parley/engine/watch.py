"""Watching a folder for new articles (``parley watch DIR``): polling, no platform-specific API.

A file is taken once it is complete: its size and modification time did not change between
two polls (or it was last written more than one interval ago), so a file still being copied
is not read half-way. A file is taken again when it changes (an appended JSONL feed): the
store's idempotency skips the articles already stored, so only new ones are coded. What was
ingested is remembered by the store itself, so a restarted watcher re-reads the folder but
codes nothing twice.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from parley.read.inputs import expand_inputs

T = TypeVar("T")
Stamp = tuple[int, float]  # (size, mtime)


@dataclass
class FolderPoller:
    """Finds files of a folder that are new or changed and complete.

    >>> poller = FolderPoller("inbox/", interval=10)  # doctest: +SKIP
    >>> poller.poll()  # doctest: +SKIP
    ['inbox/2024-05-01-talks.txt']
    """

    folder: str
    interval: float = 10.0
    taken: dict[str, Stamp] = field(default_factory=dict)
    _last_seen: dict[str, Stamp] = field(default_factory=dict)

    def poll(self, *, settle: bool = True, now: float | None = None) -> list[str]:
        """Files to ingest now, in path order; ``settle=False`` takes everything (``--once``)."""
        now = time.time() if now is None else now
        current = _stamps(self.folder)
        ready = [path for path, stamp in current.items()
                 if self.taken.get(path) != stamp
                 and (not settle or self._last_seen.get(path) == stamp or now - stamp[1] > self.interval)]
        self._last_seen = current
        return ready

    def done(self, paths: Iterable[str]) -> None:
        """Mark files as ingested (with the stamp they had when they were polled)."""
        for path in paths:
            if path in self._last_seen:
                self.taken[path] = self._last_seen[path]


def _stamps(folder: str) -> dict[str, Stamp]:
    found: dict[str, Stamp] = {}
    for source in expand_inputs([folder]):
        path = getattr(source, "path", None)
        if path is None:
            continue
        try:
            st = os.stat(path)
        except OSError:  # removed between listing and stat
            continue
        found[path] = (st.st_size, st.st_mtime)
    return found


def until(stop: threading.Event, items: Iterable[T]) -> Iterator[T]:
    """The items until ``stop`` is set: the consumer then finishes what it holds and returns."""
    for item in items:
        if stop.is_set():
            return
        yield item


def watch(poller: FolderPoller, handle: Callable[[list[str]], bool], *, stop: threading.Event,
          once: bool = False) -> int:
    """Poll until ``stop`` is set (or one pass with ``once``); ``handle(paths)`` ingests a batch and
    says whether it finished it. Returns the number of polls that found files."""
    batches = 0
    while not stop.is_set():
        paths = poller.poll(settle=not once)
        if paths:
            batches += 1
            if handle(paths):
                poller.done(paths)
        if once:
            break
        stop.wait(poller.interval)
    return batches
