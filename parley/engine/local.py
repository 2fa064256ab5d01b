"""Local engine: code documents in this process or in N worker processes (``-j N``).

Order and ids are deterministic whatever N is: documents are cut into the same batches the
coder uses on its own (``BATCH_DOCS``, so every ``nlp.pipe`` run sees the same sentences),
results come back in submission order, and event ids depend only on document content.
Memory stays bounded: at most ``jobs * window`` batches are in flight, and inputs are
streamed from the readers, never loaded whole.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from parley.config import Settings
from parley.errors import InputError, ParleyError
from parley.records import Document, EventRecord

Result = tuple[Document, list[EventRecord]]
BATCH_DOCS = 32  # the coder's own batch (parley.coding.coder.BATCH_DOCS); checked in tests
WINDOW = 3  # batches in flight per worker: enough to keep workers busy, small enough to bound memory


class CodingStage:
    """The stage every engine runs: a batch of documents in, (document, events) pairs out.

    Built once per worker process (or Ray actor); loads spaCy and the knowledge base on
    first use, so building one is cheap and it can be shipped to a worker before loading.

    >>> stage = CodingStage(load_settings())  # doctest: +SKIP
    >>> [len(events) for _doc, events in stage(docs)]  # doctest: +SKIP
    [3, 0, 5]
    """

    def __init__(self, settings: Settings, prefilter: bool = True):
        self.settings = settings
        self.prefilter = prefilter
        self._coder: Any = None

    @property
    def coder(self) -> Any:
        if self._coder is None:
            from parley.coding.coder import Coder

            self._coder = Coder(self.settings, prefilter=self.prefilter)
        return self._coder

    def __call__(self, docs: list[Document]) -> list[Result]:
        return list(self.coder.code_documents(docs))

    def take_stats(self) -> dict[str, float]:
        """The coder's counters since the last call (documents, sentences, parsed, events)."""
        if self._coder is None:
            return {}
        stats = dict(self._coder.stats)
        self._coder.stats = {k: 0 for k in stats}
        return stats

    def __getstate__(self) -> dict[str, Any]:  # ship the recipe, never a loaded model
        return {"settings": self.settings, "prefilter": self.prefilter}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"], state["prefilter"])  # type: ignore[misc]


StageFactory = Callable[[], CodingStage]

# --------------------------------------------------------------------------- worker side

_WORKER_STAGE: CodingStage | None = None
_WORKER_ERROR: BaseException | None = None


def _init_worker(factory: StageFactory) -> None:
    """Build the stage and load its models once per worker, before the first batch.

    A failure is kept and raised with the first batch: a Pool whose initializer raises
    respawns workers forever instead of reporting the error.
    """
    global _WORKER_STAGE, _WORKER_ERROR
    # Ctrl-C reaches the whole process group: the main process stops the pool; a worker that
    # died of it on its own would print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER_STAGE = factory()
        _ = _WORKER_STAGE.coder
    except Exception as exc:
        _WORKER_ERROR = exc if isinstance(exc, ParleyError) else RuntimeError(f"{type(exc).__name__}: {exc}")


def _run_batch(docs: list[Document]) -> tuple[list[Result], dict[str, float]]:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    assert _WORKER_STAGE is not None
    results = _WORKER_STAGE(docs)
    return results, _WORKER_STAGE.take_stats()


# --------------------------------------------------------------------------- main side


def _batches(items: Iterable[Document | InputError], size: int,
             problems: deque[InputError]) -> Iterator[list[Document]]:
    """Group documents into batches; refused inputs go to ``problems`` as they stream past."""
    batch: list[Document] = []
    for item in items:
        if isinstance(item, InputError):
            problems.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _add(stats: dict[str, float] | None, delta: dict[str, float]) -> None:
    if stats is not None:
        for key, value in delta.items():
            stats[key] = stats.get(key, 0) + value


def code_stream(items: Iterable[Document | InputError], settings: Settings, *, jobs: int = 1,
                prefilter: bool = True, batch_size: int = BATCH_DOCS, window: int = WINDOW,
                stats: dict[str, float] | None = None, factory: StageFactory | None = None,
                pool: WorkerPool | None = None) -> Iterator[Result | InputError]:
    """Code a stream of documents; refused inputs pass through, near where they were read.

    ``jobs`` > 1 codes in that many worker processes (each loads the models once); the
    output is the same as with one. ``stats`` (if given) accumulates the coder's counters.
    ``factory`` builds the stage (a picklable callable; default ``CodingStage(settings)``).
    ``pool`` codes in workers that outlive this call (:class:`WorkerPool`; then ``jobs``,
    ``prefilter`` and ``factory`` are the pool's).

    >>> for item in code_stream(read_inputs(["examples/news"]), load_settings(), jobs=2): ...  # doctest: +SKIP
    """
    problems: deque[InputError] = deque()
    batches = _batches(items, batch_size, problems)
    if pool is not None:
        yield from _parallel(batches, problems, pool, window, stats)
        return
    make = factory or _DefaultFactory(settings, prefilter)
    if jobs <= 1:
        stage = make()
        for batch in batches:
            yield from _drain(problems)
            yield from stage(batch)
            _add(stats, stage.take_stats())
        yield from _drain(problems)
        return
    with WorkerPool(make, jobs) as own:
        yield from _parallel(batches, problems, own, window, stats)


class WorkerPool:
    """Worker processes that each load the models once and stay up until closed, so several
    runs (``parley watch``'s polls) share them.

    >>> with WorkerPool(_DefaultFactory(settings, True), jobs=2) as pool:  # doctest: +SKIP
    ...     for item in code_stream(docs, settings, pool=pool): ...
    """

    def __init__(self, make: StageFactory, jobs: int):
        self.jobs = jobs
        ctx = mp.get_context("spawn")  # fork after spaCy/BLAS threads start is unsafe
        with one_blas_thread():
            self._pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(make,))

    @classmethod
    def for_settings(cls, settings: Settings, jobs: int, prefilter: bool = True) -> WorkerPool:
        return cls(_DefaultFactory(settings, prefilter), jobs)

    def submit(self, batch: list[Document]) -> Any:
        return self._pool.apply_async(_run_batch, (batch,))

    def close(self) -> None:
        """Stop the workers (what they still hold is dropped)."""
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parallel(batches: Iterator[list[Document]], problems: deque[InputError], pool: WorkerPool,
              window: int, stats: dict[str, float] | None) -> Iterator[Result | InputError]:
    pending: deque[Any] = deque(pool.submit(b) for b in islice(batches, pool.jobs * window))
    while pending:
        results, delta = pending.popleft().get()
        for batch in islice(batches, 1):  # refill first, so workers stay busy while we yield
            pending.append(pool.submit(batch))
        _add(stats, delta)
        yield from _drain(problems)
        yield from results
    yield from _drain(problems)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Processes started inside run their matrix products on one thread (unless the user set it).

    The workers are the parallelism: with numpy's OpenBLAS threads on top, two workers on two
    cores ran 70% slower (bench/engine.py's parse-only run: 14.6 s against 8.7 s).
    """
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)


def code_documents(docs: Iterable[Document], settings: Settings, *, jobs: int = 1,
                   prefilter: bool = True, stats: dict[str, float] | None = None,
                   pool: WorkerPool | None = None) -> Iterator[Result]:
    """(document, events) pairs of already-read documents, in order, with ``jobs`` processes
    (or the workers of ``pool``)."""
    for item in code_stream(docs, settings, jobs=jobs, prefilter=prefilter, stats=stats, pool=pool):
        if not isinstance(item, InputError):
            yield item


class _DefaultFactory:
    """A picklable ``CodingStage`` recipe (a lambda would not cross to a spawned worker)."""

    def __init__(self, settings: Settings, prefilter: bool):
        self.settings, self.prefilter = settings, prefilter

    def __call__(self) -> CodingStage:
        return CodingStage(self.settings, self.prefilter)


def _drain(problems: deque[InputError]) -> Iterator[InputError]:
    while problems:
        yield problems.popleft()
