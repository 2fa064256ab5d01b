"""Scoring coded events against gold files: pure functions over plain values, no model needed.

Gold format (../shared/README.md): one JSON object per line, ``{"id", "text", "date"?,
"events": [{"source", "target", "code"}]}`` where ``code`` is a CAMEO code ("042", "18"), a
PLOVER type ("CONSULT") or "penta:N". Actor codes count by country: the first three letters of
"IRQGOVMIL"; an empty code, "---…" or a bare sector code ("GOV") is unspecified and matches any
predicted party, so it is never penalised.

What is measured (docs/ACCURACY.md explains each):

* **type** P/R/F1 per scheme — CAMEO root, PentaClass and PLOVER type — over the distinct labels
  of each record (a record coded twice with the same root is one prediction);
* **dyad** P/R/F1 over (source country, target country, type) triples, on the records whose gold
  names a country or has no event;
* **top-1 accuracy**: on records with gold events, whether the most confident predicted event has
  a gold label (no prediction counts as wrong);
* **false-alarm rate**: the share of records without gold events where anything was coded.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parley.coding import cameo
from parley.coding.evaluate_spans import GoldSpans, SpanScore, gold_spans
from parley.coding.splits import split_of
from parley.errors import InputError

SCHEMES = ("root", "penta", "plover")
# Old PLOVER names used by earlier drafts and the NGEC/POLECAT labels.
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_ROOT_PENTA = {root: str(k) for k, roots in cameo.PENTA.items() for root in roots}
# CAMEO sector/role codes: a gold actor code that starts with one of these names no country.
SECTOR_CODES = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY IGO NGO NGM MED EDU BUS CRM CVL HLH LAB LEG REF ELI INS SEP "
    "UAF AGR ENV MNC HRI RAD MOD CHR JEW MOS BUD HIN PPL IMG UIS SET AMN ICG MSF GEN".split())


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True, slots=True)
class Labels:
    """The type of one event in each scheme (None where the scheme does not say)."""

    root: str | None = None
    penta: str | None = None
    plover: str | None = None

    def get(self, scheme: str) -> str | None:
        return getattr(self, scheme)


def plover_name(name: str) -> str:
    """The current PLOVER type for an old or current name.

    >>> plover_name("demand")
    'REQUEST'
    """
    upper = name.strip().upper()
    return PLOVER_RENAMES.get(upper, upper)


def penta_of_root(root: str) -> str | None:
    """ConfliBERT PentaClass ("0"…"4") of a CAMEO root.

    >>> penta_of_root("18")
    '4'
    """
    return _ROOT_PENTA.get(root)


def _plover_of_cameo(code: str) -> str | None:
    try:
        return plover_name(cameo.info(code).plover_type) or None
    except KeyError:
        return None


def gold_labels(code: str) -> Labels | None:
    """Labels of a gold code, or None when it is no valid CAMEO, PLOVER or PentaClass code.

    >>> gold_labels("penta:3")
    Labels(root=None, penta='3', plover=None)
    """
    code = code.strip()
    if code.startswith("penta:"):
        klass = code[6:]
        return Labels(penta=klass) if klass in {"0", "1", "2", "3", "4"} else None
    if re.fullmatch(r"\d{2,4}", code):
        root = code[:2]
        if penta_of_root(root) is None:
            return None  # PETRARCH's private codes (9xx, 345, …) are no CAMEO root
        return Labels(root=root, penta=penta_of_root(root), plover=_plover_of_cameo(code))
    if re.fullmatch(r"[A-Za-z]+", code):
        return Labels(plover=plover_name(code))
    return None


def predicted_labels(cameo_code: str, plover_type: str | None) -> Labels:
    """Labels of a predicted event from its CAMEO code and PLOVER type."""
    root = cameo_code[:2]
    return Labels(root=root, penta=penta_of_root(root),
                  plover=plover_name(plover_type) if plover_type else _plover_of_cameo(cameo_code))


def actor_country(code: str | None) -> str | None:
    """The country of a gold actor code, or None when unspecified.

    International organisations keep their six-letter code, as the event record does.

    >>> actor_country("IRQGOVMIL"), actor_country("---LEG"), actor_country("GOV"), actor_country("IGOUNO")
    ('IRQ', None, None, 'IGOUNO')
    """
    if not code:
        return None
    upper = code.strip().upper()
    if upper.startswith("IGO") and len(upper) >= 6 and upper[:6].isalpha():
        return upper[:6]
    head = upper[:3]
    if len(head) < 3 or not head.isalpha() or head in SECTOR_CODES:
        return None
    return head


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class GoldEvent:
    labels: Labels
    source: str | None  # country or None = unspecified
    target: str | None


@dataclass(slots=True)
class PredEvent:
    labels: Labels
    sources: tuple[str | None, ...]  # countries of every source party (None: unknown country)
    targets: tuple[str | None, ...]
    confidence: float = 0.5
    source_heads: tuple[int, ...] = ()  # character offsets of the parties' head words in the text
    target_heads: tuple[int, ...] = ()


@dataclass(slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    events: list[GoldEvent]
    raw_events: int  # events in the file, including codes that are not scorable
    spans: list[GoldSpans] = field(default_factory=list)  # marked parties, where the file marks them

    @property
    def split(self) -> str:
        """"train" or "validation" (parley.coding.splits)."""
        return split_of(self.text)

    @property
    def has_countries(self) -> bool:
        return any(e.source or e.target for e in self.events)


def normalise_date(value: Any) -> str | None:
    """ISO date from a gold date ("20080804" or "2008-08-04"); None for anything else.

    >>> normalise_date("20080804")
    '2008-08-04'
    """
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", value.strip())
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def parse_gold_line(line: str, where: str) -> GoldRecord:
    """One gold record; raises InputError naming ``where`` (file:line) on a bad line."""
    try:
        d = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON ({exc.msg})") from None
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        raise InputError(where, "a gold record needs a 'text' string")
    raw = d.get("events") or []
    if not isinstance(raw, list) or not all(isinstance(e, dict) and "code" in e for e in raw):
        raise InputError(where, "'events' must be a list of objects with a 'code'")
    events = []
    for e in raw:
        labels = gold_labels(str(e["code"]))
        if labels is not None:
            events.append(GoldEvent(labels, actor_country(e.get("source")), actor_country(e.get("target"))))
    return GoldRecord(str(d.get("id") or where), d["text"], normalise_date(d.get("date")), events, len(raw),
                      gold_spans(d, d["text"]))


def read_gold(path: str | Path, limit: int | None = None, split: str | None = None) -> list[GoldRecord]:
    """All records of a gold JSONL file, gzipped or not (``limit`` caps how many; ``split``
    keeps only the "train" or "validation" part, parley.coding.splits)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "no such gold file")
    records: list[GoldRecord] = []
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = parse_gold_line(line, f"{path}:{n}")
            if split is not None and record.split != split:
                continue
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    if not records:
        raise InputError(str(path), "the gold file has no records")
    return records


def pred_event(event: Any, heads: dict[tuple[int, int], int] | None = None) -> PredEvent:
    """A PredEvent from an EventRecord (country, else the first letters of the actor code;
    an IGO's six-letter code either way, as gold files write "IGOUNO"). ``heads`` maps a party's
    (start, end) to the offset of its head word (:func:`party_heads`)."""
    def country(actor: Any) -> str | None:
        if (actor.code or "").upper().startswith("IGO") or (actor.sector or "").upper() == "IGO":
            return actor_country(actor.code) or actor_country("IGO" + (actor.country or ""))
        return actor_country(actor.country) or actor_country(actor.code)

    def head_offsets(actors: Any) -> tuple[int, ...]:
        return tuple(heads[(a.start, a.end)] for a in actors if heads and (a.start, a.end) in heads)

    return PredEvent(predicted_labels(event.cameo.code, event.plover.type),
                     tuple(country(a) for a in event.source), tuple(country(a) for a in event.target),
                     float(event.confidence), head_offsets(event.source), head_offsets(event.target))


def party_heads(events: Sequence[Any], nlp: Any) -> dict[tuple[int, int], int]:
    """Offset of the head word of every party phrase of ``events``: the syntactic root of the
    phrase parsed on its own ("the foreign ministers of five states" → "ministers")."""
    spans = sorted({(a.start, a.end, a.text) for e in events for a in (*e.source, *e.target)
                    if a.start is not None and a.end is not None and a.text})
    out: dict[tuple[int, int], int] = {}
    for (start, end, _), parsed in zip(spans, nlp.pipe([t for _, _, t in spans]), strict=True):
        out[(start, end)] = start + parsed[:].root.idx
    return out


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _round(self.precision),
                "recall": _round(self.recall), "f1": _round(self.f1)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def type_counts(gold: Sequence[GoldEvent], pred: Sequence[PredEvent], scheme: str) -> Counts:
    """Counts over the distinct labels of one record in one scheme.

    >>> g = [GoldEvent(Labels(root="04"), "USA", "CHN")]
    >>> type_counts(g, [PredEvent(Labels(root="04"), ("USA",), ())], "root")
    Counts(tp=1, fp=0, fn=0)
    """
    g = {e.labels.get(scheme) for e in gold} - {None}
    p = {e.labels.get(scheme) for e in pred} - {None}
    tp = len(g & p)
    return Counts(tp, len(p) - tp, len(g) - tp)


Dyad = tuple[str | None, str | None, str | None]


def pred_dyads(pred: Sequence[PredEvent], scheme: str) -> set[Dyad]:
    """Every (source country, target country, label) a record's predictions assert."""
    out: set[Dyad] = set()
    for e in pred:
        label = e.labels.get(scheme)
        if label is None:
            continue
        for s in e.sources or (None,):
            for t in e.targets or (None,):
                out.add((s, t, label))
    return out


def _compatible(gold: Dyad, pred: Dyad) -> bool:
    return gold[2] == pred[2] and all(g is None or g == p for g, p in zip(gold[:2], pred[:2], strict=True))


def dyad_counts(gold: Sequence[GoldEvent], pred: Sequence[PredEvent], scheme: str) -> Counts:
    """Counts over dyads; an unspecified gold country matches any predicted party (greedy, most
    specific gold dyads first, exact matches preferred).

    >>> g = [GoldEvent(Labels(root="19"), None, "SYR")]
    >>> dyad_counts(g, [PredEvent(Labels(root="19"), ("TUR",), ("SYR",))], "root")
    Counts(tp=1, fp=0, fn=0)
    """
    golds = sorted({(e.source, e.target, e.labels.get(scheme)) for e in gold if e.labels.get(scheme)},
                   key=lambda d: (d[0] is None) + (d[1] is None))
    free = set(pred_dyads(pred, scheme))
    tp = 0
    for g in golds:
        matches = [p for p in free if _compatible(g, p)]
        if not matches:
            continue
        exact = [p for p in matches if p == g]
        free.discard(exact[0] if exact else min(matches, key=lambda p: tuple(str(x) for x in p)))
        tp += 1
    predicted = len(pred_dyads(pred, scheme))
    return Counts(tp, predicted - tp, len(golds) - tp)


@dataclass(slots=True)
class SchemeScore:
    counts: Counts = field(default_factory=Counts)
    records: int = 0  # records with gold events in this scheme
    top1_correct: int = 0

    @property
    def top1_accuracy(self) -> float | None:
        return self.top1_correct / self.records if self.records else None

    def to_dict(self) -> dict[str, Any]:
        return {**self.counts.to_dict(), "records": self.records, "top1_accuracy": _round(self.top1_accuracy)}


@dataclass(slots=True)
class Report:
    """Everything ``parley eval`` prints."""

    gold: str
    records: int = 0
    with_events: int = 0
    without_events: int = 0
    predicted_events: int = 0
    coded_records: int = 0  # records with gold events where anything was coded
    false_alarms: int = 0  # records without gold events where something was coded
    schemes: dict[str, SchemeScore] = field(default_factory=dict)
    dyad_scheme: str | None = None
    dyads: Counts = field(default_factory=Counts)
    dyad_records: int = 0
    events_with_target: int = 0
    spans: SpanScore = field(default_factory=SpanScore)
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.without_events if self.without_events else None

    @property
    def coverage(self) -> float | None:
        return self.coded_records / self.with_events if self.with_events else None

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"gold": self.gold, "records": self.records, "with_events": self.with_events,
             "without_events": self.without_events, "predicted_events": self.predicted_events,
             "coverage": _round(self.coverage), "false_alarms": self.false_alarms,
             "false_alarm_rate": _round(self.false_alarm_rate),
             "events_with_target": _round(self.events_with_target / self.predicted_events
                                          if self.predicted_events else None),
             "type": {k: v.to_dict() for k, v in self.schemes.items()},
             "dyad": None if self.dyad_scheme is None else
             {"scheme": self.dyad_scheme, "records": self.dyad_records, **self.dyads.to_dict()}}
        if self.spans.records:
            d["spans"] = self.spans.to_dict()
        if details:
            d["details"] = self.details
        return d


def file_schemes(records: Iterable[GoldRecord]) -> list[str]:
    """The schemes a gold file can be scored in (those its events carry labels for)."""
    present = {s for r in records for e in r.events for s in SCHEMES if e.labels.get(s)}
    return [s for s in SCHEMES if s in present]


def score(pairs: Sequence[tuple[GoldRecord, Sequence[PredEvent]]], gold_name: str = "gold") -> Report:
    """Score predictions against gold records (pure: no model, no files).

    >>> r = score([(GoldRecord("a", "t", None, [], 0), [])])
    >>> r.false_alarm_rate
    0.0
    """
    report = Report(gold_name)
    schemes = file_schemes(g for g, _ in pairs)
    report.schemes = {s: SchemeScore() for s in schemes}
    report.dyad_scheme = schemes[0] if schemes else None
    for gold, pred in pairs:
        _score_record(report, gold, list(pred))
    return report


def _score_record(report: Report, gold: GoldRecord, pred: list[PredEvent]) -> None:
    report.records += 1
    report.predicted_events += len(pred)
    report.events_with_target += sum(1 for e in pred if e.targets)
    if gold.raw_events == 0:
        report.without_events += 1
        report.false_alarms += bool(pred)
    elif gold.events:
        report.with_events += 1
        report.coded_records += bool(pred)
    else:
        return  # only unscorable codes: neither an event record nor a no-event record
    best = max(pred, key=lambda e: e.confidence) if pred else None
    report.spans.add(gold.spans, _span_choice(gold, pred, report.dyad_scheme) if pred else None)
    for scheme, sc in report.schemes.items():
        gold_here = [e for e in gold.events if e.labels.get(scheme)]
        if gold.events and not gold_here:
            continue  # this record is labelled in another scheme only
        sc.counts.add(type_counts(gold_here, pred, scheme))
        if gold_here:
            sc.records += 1
            sc.top1_correct += bool(best and best.labels.get(scheme) in {e.labels.get(scheme) for e in gold_here})
    if report.dyad_scheme and (gold.raw_events == 0 or gold.has_countries):
        report.dyad_records += 1
        report.dyads.add(dyad_counts(gold.events, pred, report.dyad_scheme))
    report.details.append({
        "id": gold.id,
        "gold": [[e.source, e.target, asdict(e.labels)] for e in gold.events],
        "predicted": [[list(e.sources), list(e.targets), asdict(e.labels), e.confidence] for e in pred],
    })


def _span_choice(gold: GoldRecord, pred: list[PredEvent], scheme: str | None) -> PredEvent:
    """The predicted event compared with the marked spans: the most confident of a gold type, else
    the most confident."""
    labels = {e.labels.get(scheme) for e in gold.events} - {None} if scheme else set()
    typed = [e for e in pred if scheme and e.labels.get(scheme) in labels]
    return max(typed or pred, key=lambda e: e.confidence)


# --------------------------------------------------------------------------- running the coder


def code_gold(records: Sequence[GoldRecord], coder: Any, *, count_negated: bool = False
              ) -> Iterator[tuple[GoldRecord, list[PredEvent]]]:
    """Code each gold text as one Document with ``coder.code_documents`` and pair the results.

    Negated events ("did not attend", the act inside "refused to join") say that an event of their
    type did not happen, so they are no prediction of that type and are left out, unless
    ``count_negated``; what did happen ("refused" → 12x) is its own event and always counts."""
    from parley.records import Document

    docs = [Document(id=f"gold-{i}", text=r.text, date=r.date) for i, r in enumerate(records)]
    by_id = {d.id: r for d, r in zip(docs, records, strict=True)}
    for doc, events in coder.code_documents(iter(docs)):
        kept = [e for e in events if count_negated or not e.modality.negated]
        record = by_id[doc.id]
        heads = party_heads(kept, coder.nlp) if record.spans else None
        yield record, [pred_event(e, heads) for e in kept]
