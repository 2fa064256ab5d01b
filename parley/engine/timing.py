"""Per-stage timing of the coding stage, for benchmarks: where does a worker spend its time?

``TimedStage`` is a ``CodingStage`` whose coder has timers around its steps (the same calls in
the same order, so its output is unchanged). Its ``take_stats()`` adds seconds per step to the
coder's counters, so ``code_stream(..., stats=...)`` sums them over all workers:

* ``t_split``  — sentence splitting and the prefilter's trigger check;
* ``t_actors`` — the knowledge-base scan and actor resolution of event parties;
* ``t_parse``  — spaCy ``nlp.pipe`` over the sentences that passed the prefilter;
* ``t_frames`` — parse-level frames (predicate, agents, patients);
* ``t_coding`` — everything else: trigger patterns, modality, CAMEO/PLOVER, dates, places, records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from parley.config import Settings
from parley.engine.local import CodingStage, Result
from parley.records import Document

STEPS = ("t_split", "t_actors", "t_parse", "t_frames", "t_coding")


class _Clock:
    def __init__(self) -> None:
        self.totals: dict[str, float] = {}

    def add(self, key: str, seconds: float) -> None:
        self.totals[key] = self.totals.get(key, 0.0) + seconds

    def wrap(self, fn: Callable[..., Any], key: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(key, time.perf_counter() - start)
        return timed

    def wrap_iter(self, fn: Callable[..., Iterator[Any]], key: str) -> Callable[..., Iterator[Any]]:
        """Time spent inside a lazy generator (``nlp.pipe`` works when its consumer pulls)."""
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            it = iter(fn(*args, **kwargs))
            while True:
                start = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    self.add(key, time.perf_counter() - start)
                    return
                self.add(key, time.perf_counter() - start)
                yield item
        return timed


class TimedStage(CodingStage):
    """A ``CodingStage`` that also reports seconds per coding step (see the module docstring)."""

    def __init__(self, settings: Settings, prefilter: bool = True):
        super().__init__(settings, prefilter)
        self._clock = _Clock()

    @property
    def coder(self) -> Any:
        if self._coder is None:
            coder = super().coder
            # build lazily-loaded parts (date parser, places, ...) before the clocks start
            coder.code_document(Document(id="warm-up", text="Russia condemned the attack on Kyiv on Monday.",
                                         date="2022-03-01"))
            coder.stats = {k: 0 for k in coder.stats}
            self._instrument(coder)
        return self._coder

    def _instrument(self, coder: Any) -> None:
        import parley.coding.decide as decide_module

        self._patch(coder.kb, "scan", "scan")
        self._patch(coder, "_split", "split_total")
        self._patch(coder.nlp, "pipe", "t_parse", lazy=True)
        self._patch(coder.linker, "parties", "parties")
        self._patch(coder.linker, "document_context", "scan")  # the document's one scan (inside _split)
        self._patch(decide_module, "extract_frames", "t_frames")

    def _patch(self, obj: Any, name: str, key: str, lazy: bool = False) -> None:
        # models and the KB are cached per process: always wrap the original, never a wrapper
        original = getattr(obj, f"_untimed_{name}", getattr(obj, name))
        setattr(obj, f"_untimed_{name}", original)
        setattr(obj, name, (self._clock.wrap_iter if lazy else self._clock.wrap)(original, key))

    def __call__(self, docs: list[Document]) -> list[Result]:
        _ = self.coder  # load (and instrument) outside the clock
        start = time.perf_counter()
        try:
            return super().__call__(docs)
        finally:
            self._clock.add("total", time.perf_counter() - start)

    def take_stats(self) -> dict[str, float]:
        stats = super().take_stats()
        t = self._clock.totals
        self._clock.totals = {}
        scan, split_total, parties = t.get("scan", 0.0), t.get("split_total", 0.0), t.get("parties", 0.0)
        steps = {"t_split": split_total - scan, "t_actors": scan + parties, "t_parse": t.get("t_parse", 0.0),
                 "t_frames": t.get("t_frames", 0.0)}
        steps["t_coding"] = max(0.0, t.get("total", 0.0) - sum(steps.values()))
        return {**stats, **steps}


class TimedFactory:
    """A picklable recipe for ``TimedStage`` workers (``code_stream(..., factory=TimedFactory(...))``)."""

    def __init__(self, settings: Settings, prefilter: bool = True):
        self.settings, self.prefilter = settings, prefilter

    def __call__(self) -> TimedStage:
        return TimedStage(self.settings, self.prefilter)
