"""Helpers shared by the engine benchmarks: machine facts, peak memory of a process tree, timers."""

from __future__ import annotations

import os
import platform
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    """Where the figures were measured (and how busy the machine was when they started)."""
    import psutil

    return {"python": platform.python_version(), "cpu": platform.processor() or platform.machine(),
            "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


class PeakMemory:
    """Samples the RSS of this process and its children; peak total, main and per worker (MB)."""

    def __init__(self, every: float = 0.2):
        self.every = every
        self.main_mb = self.worker_mb = self.total_mb = self.main_cpu = 0.0
        self._cpu: dict[int, float] = {}  # last seen user+system seconds per child process
        self._main_cpu0 = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        import psutil

        t = psutil.Process().cpu_times()
        self._main_cpu0 = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            try:
                main = me.memory_info().rss / 1e6
                children = me.children(recursive=True)
                kids = [c.memory_info().rss / 1e6 for c in children]
                for c in children:
                    t = c.cpu_times()
                    self._cpu[c.pid] = t.user + t.system
                t = me.cpu_times()
                self.main_cpu = t.user + t.system - self._main_cpu0
            except psutil.Error:  # a worker exited between listing and reading
                continue
            self.main_mb = max(self.main_mb, main)
            self.worker_mb = max([self.worker_mb, *kids])
            self.total_mb = max(self.total_mb, main + sum(kids))
            self._stop.wait(self.every)

    @property
    def children_cpu(self) -> float:
        """CPU seconds of the child processes (sampled: the last 0.2 s of a worker may be missed)."""
        return sum(self._cpu.values())

    def to_dict(self) -> dict[str, float]:
        return {"peak_rss_total_mb": round(self.total_mb), "peak_rss_main_mb": round(self.main_mb),
                "peak_rss_per_worker_mb": round(self.worker_mb), "cpu_seconds_main": round(self.main_cpu, 1),
                "cpu_seconds_workers": round(self.children_cpu, 1)}


class TimedIter:
    """Seconds spent producing the items of an iterator (e.g. reading), summed in ``seconds``."""

    def __init__(self, items: Iterable[T]):
        self._it = iter(items)
        self.seconds = 0.0

    def __iter__(self) -> Iterator[Any]:
        while True:
            start = time.perf_counter()
            try:
                item = next(self._it)
            except StopIteration:
                self.seconds += time.perf_counter() - start
                return
            self.seconds += time.perf_counter() - start
            yield item


def shared_or_exit(name: str) -> Path:
    from parley.config import shared_dir

    root = shared_dir()
    if root is None:
        raise SystemExit(f"{name}: ../shared is absent (set PARLEY_SHARED)")
    return root
