"""Read, code, deduplicate, fuse and store: the library behind `parley ingest`, `load` and `recode`.

>>> report = ingest(["examples/news"], db="parley.duckdb")  # doctest: +SKIP
>>> report.summary()  # doctest: +SKIP
'read 24 documents: 20 new, 4 duplicate, 0 refused; 131 events; 57 fused events'
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parley.config import Settings, load_settings
from parley.errors import InputError
from parley.fuse.near_dup import RunIndex
from parley.records import Document, EventRecord
from parley.store import IngestResult, Store, open_store
from parley.store.writer import Fingerprint

if TYPE_CHECKING:
    from parley.engine.local import WorkerPool

OnRefused = Callable[[InputError], None]
OnResult = Callable[[IngestResult], None]
# articles per transaction in `parley ingest`: per-statement and per-commit costs dominate small writes
# (bench/store.py: 7 articles/s one by one, 124 in batches of 100, into DuckDB)
INGEST_BATCH = 32


@dataclass
class IngestReport:
    """Counts of one ingest (or load) run."""

    db: str
    run_id: str | None = None
    read: int = 0
    new: int = 0
    duplicate: int = 0
    refused: int = 0
    events: int = 0
    fused_new: int = 0
    fused_total: int = 0
    refused_inputs: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        return (f"read {self.read} documents: {self.new} new, {self.duplicate} duplicate, "
                f"{self.refused} refused; {self.events} events; {self.fused_new} new fused events "
                f"({self.fused_total} in {self.db})")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def kb_version(settings: Settings) -> str | None:
    """The knowledge-base version every stored event carries."""
    try:
        from parley.actors import load_kb
    except ImportError:  # the actors stage is optional for `parley load`
        return None
    return str(load_kb(user_files=tuple(settings.actors)).version)


class _Refusals:
    """Counts refused inputs into the report and passes them to the caller's callback."""

    def __init__(self, report: IngestReport, callback: OnRefused | None):
        self.report, self.callback = report, callback

    def __call__(self, err: InputError) -> None:
        self.report.refused += 1
        self.report.read += 1
        self.report.refused_inputs.append((err.input_name, err.reason))
        if self.callback:
            self.callback(err)


def _fresh(store: Store, items: Iterable[Document | InputError], report: IngestReport, refuse: _Refusals,
           run_id: str, fps: dict[str, Fingerprint], batch: int = 1) -> Iterator[Document]:
    """Documents not stored yet (nor seen earlier in this run); copies are logged and skipped
    before they cost any coding time. ``batch`` documents share one lookup and one log write."""
    seen = RunIndex()
    for group in _groups(items, batch):
        docs = [(item, Fingerprint.of(item)) for item in group if not isinstance(item, InputError)]
        checks = iter(zip(docs, store.find_duplicates(docs), strict=True))
        fresh: list[Document] = []
        dups: list[tuple[Document, str, str, float]] = []
        for item in group:
            if isinstance(item, InputError):
                refuse(item)
                continue
            (_doc, fp), copy = next(checks)
            dup = copy or seen.find(item.id, fp.text_hash, fp.signature)
            if dup:
                report.read += 1
                report.duplicate += 1
                dups.append((item, *dup))
                continue
            seen.add(item.id, fp.text_hash, fp.signature)
            fps[item.id] = fp
            fresh.append(item)
        store.record_duplicates(dups, run_id)
        yield from fresh


def _groups(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while group := list(itertools.islice(it, max(1, size))):
        yield group


def store_coded(store: Store, pairs: Iterable[tuple[Document, list[EventRecord]]], report: IngestReport,
                refuse: _Refusals, run_id: str, fps: dict[str, Fingerprint] | None = None,
                on_result: OnResult | None = None, batch: int = 1) -> None:
    """Store (document, events) pairs, ``batch`` articles per transaction (1: one article each),
    counting outcomes into the report."""
    fps = fps if fps is not None else {}
    for group in _groups(pairs, batch):
        chunk = [(doc, events, fps.pop(doc.id, None)) for doc, events in group]
        for (doc, _e, _f), res in zip(chunk, store.ingest_many(chunk, run_id), strict=True):
            _count(doc, res, report, refuse, on_result)


def _count(doc: Document, res: IngestResult, report: IngestReport, refuse: _Refusals,
           on_result: OnResult | None) -> None:
    if res.status == "conflict":
        refuse(InputError(doc.input or doc.id, f"document id '{doc.id}' is already stored with another "
                          "text", hint="give the file another name, or re-code with `parley recode`"))
        return
    report.read += 1
    if res.status == "duplicate":
        report.duplicate += 1
    else:
        report.new += 1
        report.events += res.events
        report.fused_new += res.fused_new
    if on_result:
        on_result(res)


def ingest(inputs: list[str], *, db: str | None = None, settings: Settings | None = None,
           date: str | None = None, on_refused: OnRefused | None = None,
           on_result: OnResult | None = None, store: Store | None = None, jobs: int | None = None,
           items: Iterable[Document | InputError] | None = None, batch: int = INGEST_BATCH,
           pool: WorkerPool | None = None) -> IngestReport:
    """Read, code, deduplicate, fuse and store the inputs; one transaction per ``batch`` articles.

    ``jobs`` codes in that many worker processes (default ``settings.workers``); the store is
    written here, in this process, in input order. ``items`` replaces reading ``inputs``
    (already-read documents, e.g. fetched feeds; ``inputs`` then only names the run). A batch
    is stored whole or not at all, so an interrupted run keeps every batch it committed and a
    re-run skips those articles as duplicates and stores the rest. ``pool`` codes in worker
    processes that outlive the call (``parley watch``: models load once, not at every poll).
    """
    settings = settings or load_settings({"db": db})
    own = store is None
    store = store or open_store(db or settings.db)
    report = IngestReport(db=store.label)
    refuse = _Refusals(report, on_refused)
    try:
        from parley.read import read_inputs

        kb = kb_version(settings)
        report.run_id = run_id = store.start_run("ingest", list(inputs), kb)
        fps: dict[str, Fingerprint] = {}
        source = items if items is not None else read_inputs(inputs, date=date or settings.date)
        docs = _fresh(store, source, report, refuse, run_id, fps, batch)
        first = next(docs, None)
        if first is not None:  # load spaCy and the KB only when there is something new to code
            from parley.engine.local import code_documents

            pairs = code_documents(itertools.chain([first], docs), settings, jobs=jobs or settings.workers,
                                   pool=pool)
            store_coded(store, pairs, report, refuse, run_id, fps, on_result, batch)
        store.finish_run(run_id, refused=report.refused)
        report.fused_total = store.counts()["fused_events"]
    finally:
        if own:
            store.close()
    return report


@dataclass
class RecodeReport:
    db: str
    documents: int = 0
    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0

    def summary(self) -> str:
        return (f"re-coded {self.documents} documents: {self.unchanged} events unchanged, {self.changed} "
                f"changed, {self.added} added, {self.removed} removed ({self.db})")


def recode(*, db: str | None = None, settings: Settings | None = None, store: Store | None = None,
           on_document: Callable[[str], None] | None = None) -> RecodeReport:
    """Re-code every stored document with this parley and KB; events are updated in place."""
    settings = settings or load_settings({"db": db})
    own = store is None
    store = store or open_store(db or settings.db)
    report = RecodeReport(db=store.label)
    try:
        from parley.coding import Coder

        kb = kb_version(settings)
        run_id = store.start_run("recode", [], kb)
        ids = store.document_ids()  # fetched first: the store's connection is busy writing afterwards
        docs = (d for d in (store.get_document(i) for i in ids) if d is not None)
        for doc, events in Coder(settings).code_documents(docs):
            res = store.replace_events(doc, events, run_id)
            report.documents += 1
            report.unchanged += res.unchanged
            report.changed += res.changed
            report.added += res.added
            report.removed += res.removed
            if on_document:
                on_document(doc.id)
        store.finish_run(run_id)
    finally:
        if own:
            store.close()
    return report


# --------------------------------------------------------------------------- parley load

_RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet")


def _record_files(paths: list[str], refuse: _Refusals) -> list[str]:
    import os

    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, _dirs, files in sorted(os.walk(p)):
                out += [os.path.join(root, f) for f in sorted(files) if f.endswith(_RECORD_SUFFIXES)]
        elif os.path.isfile(p):
            out.append(p)
        else:
            refuse(InputError(p, "no such file or folder"))
    return out


def _dicts_of(path: str) -> Iterator[tuple[str, Any]]:
    """(where, record dict) for every record of a JSONL(.gz) or Parquet file."""
    import gzip
    import json

    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        if "record" in pf.schema_arrow.names:  # the engine's layout (parley.engine.parquet): JSON per row
            for n, text in enumerate(pf.read(columns=["record"]).column("record").to_pylist(), 1):
                yield f"{path}#{n}", json.loads(text)
            return
        for n, rec in enumerate(pf.read().to_pylist(), 1):  # nested columns in the records' shape
            yield f"{path}#{n}", rec
        return
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield f"{path}:{n}", json.loads(line)
                except json.JSONDecodeError as exc:
                    yield f"{path}:{n}", InputError(f"{path}:{n}", f"not JSON ({exc.msg})")


def read_records(paths: list[str], refuse: _Refusals) -> tuple[list[Document], dict[str, list[EventRecord]]]:
    """Documents (records with ``text``) and events (records with ``trigger``), grouped by document."""
    from parley.errors import RecordError

    docs: dict[str, Document] = {}
    events: dict[str, list[EventRecord]] = {}
    for path in _record_files(paths, refuse):
        try:
            for where, rec in _dicts_of(path):
                if isinstance(rec, InputError):
                    refuse(rec)
                    continue
                try:
                    if isinstance(rec, dict) and "trigger" in rec:
                        ev = EventRecord.from_dict(rec)
                        events.setdefault(ev.doc_id, []).append(ev)
                    else:
                        doc = Document.from_dict(rec)
                        docs.setdefault(doc.id, doc)
                except RecordError as exc:
                    refuse(InputError(where, exc.message))
        except (OSError, EOFError, ValueError) as exc:  # unreadable or corrupt file: name it, go on
            refuse(InputError(path, f"cannot be read ({exc})"))
    return list(docs.values()), events


def load(paths: list[str], *, db: str | None = None, store: Store | None = None,
         on_refused: OnRefused | None = None, on_result: OnResult | None = None,
         kb: str | None = None, batch: int = 1) -> IngestReport:
    """Store pre-coded document and event records (JSONL or Parquet files or folders of them);
    ``batch`` articles per transaction."""
    own = store is None
    store = store or open_store(db or load_settings().db)
    report = IngestReport(db=store.label)
    refuse = _Refusals(report, on_refused)
    try:
        docs, events = read_records(paths, refuse)
        for doc_id in sorted(set(events) - {d.id for d in docs}):
            refuse(InputError(f"events of document '{doc_id}'", "no document record for them"))
        report.run_id = run_id = store.start_run("load", list(paths), kb)
        # in date order, as news arrives: a batch then meets the fused events of a few days only
        docs.sort(key=lambda d: (d.date or "9999", d.id))
        store_coded(store, ((d, events.get(d.id, [])) for d in docs), report, refuse, run_id,
                    on_result=on_result, batch=batch)
        store.finish_run(run_id, refused=report.refused)
        report.fused_total = store.counts()["fused_events"]
    finally:
        if own:
            store.close()
    return report
