"""Ray engine: the local engine's ``CodingStage`` on a Ray cluster, with Ray Data.

    parley code INPUT... --engine ray [--address ADDR] -o OUT/
    parley load OUT/ --db ...        # fuses and stores: the only database writer

Pipeline (streaming; nothing is materialised):

1. read tasks, one per group of input files, stream documents as small Arrow blocks
   (a 10 GB JSONL is read line by line inside its task);
2. ``map_batches`` over an actor pool of ``CodingStage`` actors (models loaded once per actor),
   at most ``cluster CPUs - 1`` actors so one CPU stays free for reading and writing;
3. ``write_parquet`` partitioned by kind and date (layout: ``parley.engine.parquet``).

Refused inputs are reported to a small collector actor and printed by the driver.
Needs the extra: ``pip install 'parley-events[ray]'`` on the driver and every node.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from parley.config import Settings
from parley.engine.local import BATCH_DOCS, CodingStage
from parley.engine.parquet import count_output, records_table
from parley.errors import InputError, UsageError
from parley.records import Document

BLOCK_DOCS = BATCH_DOCS  # documents per block read


@dataclass
class RayReport:
    """What one Ray run wrote."""

    out: str
    documents: int = 0
    events: int = 0
    refused: int = 0
    actors: int = 0
    refused_inputs: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"coded {self.documents} documents into {self.events} events with {self.actors} Ray "
                f"actor(s), {self.refused} inputs refused; Parquet in {self.out} (store it with "
                f"`parley load {self.out} --db ...`)")


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'parley-events[ray]'") from None
    return ray


class _Collector:
    """A tiny actor that keeps the refused inputs the read tasks report."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str | None]] = []

    def add(self, name: str, reason: str, hint: str | None) -> None:
        self.items.append((name, reason, hint))

    def all(self) -> list[tuple[str, str, str | None]]:
        return self.items


def _read_group(paths: list[str], date: str | None, collector: Any) -> Iterator[Any]:
    """Read one group of inputs in a Ray task; yield blocks of ``BLOCK_DOCS`` documents as JSON."""
    import pyarrow as pa
    import ray

    from parley.read import read_inputs

    pending: list[Any] = []
    batch: list[str] = []
    for item in read_inputs(paths, date=date):
        if isinstance(item, InputError):
            pending.append(collector.add.remote(item.input_name, item.reason, item.hint))
            continue
        batch.append(json.dumps(item.to_dict(), ensure_ascii=False))
        if len(batch) >= BLOCK_DOCS:
            yield pa.table({"doc": pa.array(batch, pa.string())})
            batch = []
    if batch:
        yield pa.table({"doc": pa.array(batch, pa.string())})
    ray.get(pending)  # delivered before the task ends, so the driver sees them all


def _datasource(paths: list[str], date: str | None, collector: Any) -> Any:
    from ray.data import ReadTask
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource

    class InputsDatasource(Datasource):
        """parley's readers as a Ray Data source: one read task per group of input files."""

        def estimate_inmemory_data_size(self) -> int | None:
            return sum(os.path.getsize(p) for p in paths if os.path.isfile(p)) or None

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[Any]:
            n = max(1, min(parallelism, len(paths)))
            size = -(-len(paths) // n)
            # contiguous groups: with preserve_order the documents keep the local engine's order
            groups = [paths[i:i + size] for i in range(0, len(paths), size)]
            return [ReadTask(_reader(g, date, collector),
                             BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None,
                                           input_files=tuple(g)))
                    for g in groups if g]

    return InputsDatasource()


def _reader(group: list[str], date: str | None, collector: Any) -> Callable[[], Iterator[Any]]:
    return lambda: _read_group(group, date, collector)


def _actor_class(settings: Settings, prefilter: bool) -> type:
    """The actor class with its settings built in: no constructor arguments to keep in the object
    store, so Ray can restart a lost actor from the class alone."""

    class CodingActor(_CodingActor):
        def __init__(self) -> None:
            super().__init__(settings, prefilter)

    return CodingActor


class _CodingActor:
    """A Ray Data actor: one ``CodingStage`` per actor, models loaded in the constructor."""

    def __init__(self, settings: Settings, prefilter: bool):
        self.stage = CodingStage(settings, prefilter)
        _ = self.stage.coder

    def __call__(self, batch: Any) -> Any:
        docs = [Document.from_dict(json.loads(d)) for d in batch.column("doc").to_pylist()]
        return records_table(self.stage(docs))


def _input_files(inputs: list[str], report: RayReport, on_refused: Callable[[InputError], None] | None
                 ) -> list[str]:
    """Inputs expanded to files here (cheap listing), so read tasks can be spread over the cluster."""
    from parley.read.inputs import expand_inputs

    files: list[str] = []
    for source in expand_inputs(inputs):
        if isinstance(source, InputError):
            _refuse(report, on_refused, source)
        elif source.path is None:
            raise UsageError("--engine ray reads files and folders, not standard input")
        else:
            files.append(os.path.abspath(source.path))
    return files


def _refuse(report: RayReport, on_refused: Callable[[InputError], None] | None, err: InputError) -> None:
    report.refused += 1
    report.refused_inputs.append((err.input_name, err.reason))
    if on_refused:
        on_refused(err)


def _check_out(out: str) -> None:
    if os.path.isfile(out):
        raise UsageError(f"--out {out} is a file; --engine ray writes a folder of Parquet files")
    if os.path.isdir(out) and any(not n.startswith(".") for n in os.listdir(out)):
        raise UsageError(f"--out folder {out} is not empty; give a new folder (a second run would add "
                         "duplicate files)")


def code_to_parquet(inputs: list[str], out: str, settings: Settings, *, address: str | None = None,
                    prefilter: bool = True, actors: int | None = None,
                    on_refused: Callable[[InputError], None] | None = None) -> RayReport:
    """Code the inputs on Ray and write Parquet partitioned by kind and date into ``out``.

    Joins ``address`` (or a running Ray in this process, or starts one here). ``actors`` is the
    number of coding actors (default: cluster CPUs - 1, at least 1).

    >>> code_to_parquet(["news/"], "out/", load_settings()).summary()  # doctest: +SKIP
    'coded 43 documents into 162 events with 1 Ray actor(s), 0 inputs refused; ...'
    """
    _check_out(out)
    report = RayReport(out=out)
    files = _input_files(inputs, report, on_refused)
    ray = _import_ray()
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    try:
        report.actors = actors or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
        collector = ray.remote(num_cpus=0)(_Collector).remote()
        if files:
            _run(ray, files, out, settings, prefilter, report.actors, collector)
        for name, reason, hint in ray.get(collector.all.remote()):
            _refuse(report, on_refused, InputError(name, reason, hint=hint))
    finally:
        if started:
            ray.shutdown()
    counts = count_output(out)
    report.documents, report.events = counts["documents"], counts["events"]
    return report


def _run(ray: Any, files: list[str], out: str, settings: Settings, prefilter: bool, actors: int,
         collector: Any) -> None:
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # same batches, same order as the local engine
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ds = ray.data.read_datasource(_datasource(files, settings.date, collector))
    coded = ds.map_batches(_actor_class(settings, prefilter), batch_size=BATCH_DOCS, batch_format="pyarrow",
                           compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1)
    os.makedirs(out, exist_ok=True)
    with _quiet_logs():
        coded.write_parquet(out, partition_cols=["kind", "date"])


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """Ray Data's per-run log lines are noise on a command line; errors still show."""
    logger = logging.getLogger("ray.data")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
