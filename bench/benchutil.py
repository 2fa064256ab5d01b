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
    """Samples the RSS and CPU time of a process tree: peak total, main and per worker (MB).

    The tree is this process and its children, or (``pid``) another process and its children,
    e.g. a `parley` command started with :func:`run_command`.
    """

    def __init__(self, every: float = 0.2, pid: int | None = None):
        self.every = every
        self.pid = pid
        self.main_mb = self.worker_mb = self.total_mb = self.main_cpu = 0.0
        self._cpu: dict[int, float] = {}  # last seen user+system seconds per child process
        self._main_cpu0 = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        import psutil

        if self.pid is None:
            t = psutil.Process().cpu_times()
            self._main_cpu0 = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        try:
            me = psutil.Process(self.pid)
        except psutil.Error:
            return
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
            except psutil.NoSuchProcess:
                if not me.is_running():
                    return  # the command ended
                continue  # a worker exited between listing and reading
            except psutil.Error:
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


def run_command(cmd: list[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run a command to its end (or ``timeout``): wall seconds, exact CPU seconds of its whole
    process tree (from the OS, once every process of it ended), the sampled split between its
    main process and workers, peak RSS, the load average before and after, and its exit status."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakMemory(pid=proc.pid) as mem:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:  # stopped at the limit; the caller reports how far it got
            proc.terminate()
            out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"returncode": proc.returncode, "stdout": out, "stderr": err, "seconds": wall, "cpu_seconds": cpu,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()], **mem.to_dict()}


def idle_rate(n: int, cpu_total: float, cpu_main: float, jobs: int) -> float:
    """Articles/s a run would reach on ``jobs`` idle cores, from the CPU seconds it used.

    A shared machine's wall time depends on what else runs; CPU time hardly does. The run is
    bounded by the slowest of: all its CPU spread over the cores, and its main process alone.
    """
    busiest = max(cpu_total / max(jobs, 1), cpu_main, 1e-6)
    return round(n / busiest, 2)


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


def commit() -> str | None:
    """The git commit the benchmark ran on, marked when parley/ had uncommitted changes."""
    import subprocess

    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=here,
                              timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "../parley"],
                               capture_output=True, text=True, cwd=here, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if head.returncode != 0:
        return None
    return head.stdout.strip() + (" + uncommitted changes in parley/" if dirty else "")


def shared_or_exit(name: str) -> Path:
    from parley.config import shared_dir

    root = shared_dir()
    if root is None:
        raise SystemExit(f"{name}: ../shared is absent (set PARLEY_SHARED)")
    return root
