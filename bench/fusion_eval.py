"""Pair precision/recall of the fusion identity rule on labelled mention pairs.

    .venv/bin/python bench/fusion_eval.py            # evaluate examples/fusion_pairs.jsonl
    .venv/bin/python bench/fusion_eval.py --build    # re-code examples/news and rebuild the pairs
    .venv/bin/python bench/fusion_eval.py --dyads    # re-code and fuse examples/news, score canonical dyads

``--build`` codes every article of examples/news with the current coder and labels mention
pairs with examples/events.yaml (the real-world events and the documents that report them):
a mention is taken as a report of event K when its article is listed under K, it is asserted
(or reported; intended for intent codes), its CAMEO root is K's root or one of K's ``also``
roots, every country it names is one of K's parties, and its date is within a day of K's. Then,
across different articles:

- positive: both mentions report the same event K;
- negative ``same-dyad-other-day``: they report different events that share a country and lie
  2 to 14 days apart;
- negative ``same-day-other-act``: they report different events within a day of each other.

Mentions that report no listed event are left out (their truth is unknown), except the
hand-labelled pairs in ``MANUAL`` (events the corpus mentions but events.yaml does not list). Each pair keeps
both mentions in full, so the evaluation does not depend on the coder of the day. Results go
to stdout and bench/results/fusion.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.fuse import identity  # noqa: E402
from parley.records import Document, EventRecord  # noqa: E402

PAIRS = ROOT / "examples" / "fusion_pairs.jsonl"
RESULTS = ROOT / "bench" / "results" / "fusion.json"
DYAD_RESULTS = ROOT / "bench" / "results" / "fusion_dyad.json"
NEAR_DAYS = 14  # "same dyad, another day": events of shared parties at most two weeks apart


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def mention(rec: dict) -> identity.Mention:
    """The rule's view of one side of a labelled pair."""
    ev = EventRecord.from_dict(rec["event"])
    doc = Document(id=ev.doc_id, text="", date=rec.get("doc_date"), outlet=rec.get("outlet"))
    day = _day(ev.date)
    return identity.mention_of(ev, doc, day or _day(doc.date), day is not None)


def same_event(a: identity.Mention, b: identity.Mention) -> bool:
    """The rule, pairwise: would b join a fused event made of a alone?"""
    return identity.score(b, identity.Candidate(a.id, [a])) is not None


# --------------------------------------------------------------------------- build


def _truth(path: Path) -> tuple[list[dict], dict[str, list[str]]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("items") or {}
    alias = {k: v.get("read_id", k) for k, v in items.items()}
    by_doc: dict[str, list[str]] = {}
    for ev in data["events"]:
        for d in ev.get("docs") or []:
            by_doc.setdefault(alias.get(d, d), []).append(ev["key"])
    return data["events"], by_doc


def _parties(codes: list[str]) -> set[str]:
    return {c if c.startswith("IGO") else c[:3] for c in codes}


def _about(ev: EventRecord, day: date | None, truth: dict) -> bool:
    roots = {truth["cameo"]["root"]} | {c[:2] for c in truth["cameo"].get("also") or []}
    mine = {a.country or a.code for a in ev.source + ev.target}
    theirs = _parties(truth["source"] + truth["target"])
    tday = date.fromisoformat(truth["date"])
    # The listed events happened: a negated, demanded or hypothetical mention is another act
    # (an appeal in the joint statement is not the meeting); intent counts for intent codes (03).
    kind = identity.modality_class(ev.modality.negated, ev.modality.certainty)
    if kind != "asserted" and not (kind == "intended" and ev.cameo.root == "03"):
        return False
    # every party the mention names must take part in K: "Lavrov also called his Uzbek
    # counterpart" in an article about his call with Kazakhstan reports another event.
    return (ev.cameo.root in roots and bool(mine) and mine <= theirs and day is not None
            and abs((day - tday).days) <= 1)


def code_corpus(news: Path, events_yaml: Path) -> tuple[list[dict], list[tuple[dict, str]], dict[str, dict]]:
    """Code every article of the corpus: every mention, the mentions labelled with the one listed
    event they report, and the listed events by key."""
    from parley.coding import Coder
    from parley.config import load_settings
    from parley.read import read_inputs
    from parley.records import Document as Doc

    truths, by_doc = _truth(events_yaml)
    by_key = {t["key"]: t for t in truths}
    docs = [d for d in read_inputs([str(news)]) if isinstance(d, Doc)]
    labelled: list[tuple[dict, str]] = []
    everything: list[dict] = []
    for doc, events in Coder(load_settings()).code_documents(docs):
        for ev in events:
            day = _day(ev.date) or _day(doc.date)
            keys = [k for k in by_doc.get(doc.id, []) if _about(ev, day, by_key[k])]
            side = {"event": ev.to_dict(), "outlet": doc.outlet, "doc_date": doc.date}
            everything.append(side)
            if len(keys) == 1:
                labelled.append((side, keys[0]))
    return everything, labelled, by_key


def build(news: Path, events_yaml: Path, out: Path) -> int:
    everything, labelled, by_key = code_corpus(news, events_yaml)
    pairs = []
    for i, (a, ka) in enumerate(labelled):
        for b, kb in labelled[i + 1:]:
            if a["event"]["doc_id"] == b["event"]["doc_id"]:
                continue
            kind = _kind(by_key[ka], by_key[kb])
            if kind:
                pairs.append({"a": a, "b": b, "same": ka == kb, "kind": kind, "events": [ka, kb]})
    pairs += _manual(everything)
    with open(out, "w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    EVENT_LEVEL.update(event_level(everything, labelled, by_key))
    return len(pairs)


EVENT_LEVEL: dict = {}


def event_level(everything: list[dict], labelled: list[tuple[dict, str]], by_key: dict[str, dict]) -> dict:
    """Fuse every coded mention incrementally (as the store does) and count the listed events
    coded in two or more articles whose reports end up in one fused event; then score each
    fused event's canonical dyad against its listed event's parties (:func:`dyad_match`)."""
    clusters: list[identity.Candidate] = []
    cluster_of: dict[str, str] = {}
    for side in everything:
        m = mention(side)
        choice = identity.choose(m, clusters) if m.day else None
        if choice is None:
            clusters.append(identity.Candidate(identity.new_fused_id(m), [m]))
            cluster_of[m.id] = clusters[-1].id
        else:
            next(c for c in clusters if c.id == choice[0]).members.append(m)
            cluster_of[m.id] = choice[0]
    docs_of: dict[str, dict[str, set[str]]] = {}
    for side, key in labelled:
        ev = side["event"]
        docs_of.setdefault(key, {}).setdefault(cluster_of[ev["id"]], set()).add(ev["doc_id"])
    coded = {k: v for k, v in docs_of.items() if len(set().union(*v.values())) >= 2}
    merged = sorted(k for k, v in coded.items() if max(len(d) for d in v.values()) >= 2)
    return {"events_coded_in_2plus_articles": len(coded), "merged": len(merged),
            "not_merged": sorted(set(coded) - set(merged)), "dyad": dyad_match(clusters, labelled, by_key)}


def dyad_match(clusters: list[identity.Candidate], labelled: list[tuple[dict, str]], by_key: dict[str, dict]) -> dict:
    """How often a fused event's canonical dyad is the labelled one.

    A fused event with a labelled member is about the listed event most of its labelled members
    report. Its dyad matches when the source's party is one of the event's labelled sources and
    the target's one of its targets (``directed``), or the other way round for symmetric acts
    (``either way``); ``codes`` asks the actor codes themselves to be listed. The old union's
    view, as the GDELT export took it (the first code of each side's sorted union), is scored
    the same way for comparison."""
    key_of = {side["event"]["id"]: key for side, key in labelled}
    out = {"fused_events": 0, "multi_mention": 0, "canonical": {}, "first_of_union": {}}
    scores: dict[str, dict[str, int]] = {"canonical": {}, "first_of_union": {}}
    for c in clusters:
        keys = [key_of[m.id] for m in c.members if m.id in key_of]
        if not keys:
            continue
        key = max(sorted(set(keys)), key=keys.count)
        truth = by_key[key]
        a = identity.aggregate(c.members)
        union_src = sorted({x for m in c.members for x in m.source_codes})
        union_tgt = sorted({x for m in c.members for x in m.target_codes})
        views = {"canonical": (a["source"][:1], a["target"][:1]), "first_of_union": (union_src[:1], union_tgt[:1])}
        sym = all(identity.symmetric(m) for m in c.members)
        out["fused_events"] += 1
        multi = len(c.members) > 1
        out["multi_mention"] += multi
        for name, (src, tgt) in views.items():
            for label, ok in _dyad_checks(src, tgt, truth, sym).items():
                for scope in ("all", "multi") if multi else ("all",):
                    k = f"{label}:{scope}"
                    scores[name][k] = scores[name].get(k, 0) + int(ok)
    for name, counts in scores.items():
        out[name] = {k: round(v / (out["fused_events"] if k.endswith(":all") else max(1, out["multi_mention"])), 3)
                     for k, v in sorted(counts.items())}
    return out


def _dyad_checks(src: list[str], tgt: list[str], truth: dict, sym: bool) -> dict[str, bool]:
    s, t = (src[0] if src else None), (tgt[0] if tgt else None)
    ts, tt = truth["source"], truth["target"]
    ps, pt = _parties(ts), _parties(tt)

    def party(code: str | None) -> str | None:
        return None if code is None else next(iter(_parties([code])))

    directed = party(s) in ps and party(t) in pt
    reverse = party(s) in pt and party(t) in ps
    return {"directed": directed, "either_way": directed or (sym and reverse),
            "codes": (s in ts and t in tt) or (sym and s in tt and t in ts)}


# Hand-labelled pairs of mentions (sentence beginnings of examples/news, written by us) that the
# automatic labels cannot reach: other events of the same kind on the same day.
MANUAL = [
    ("In recent days Lavrov also held phone talks", "Sergey Lavrov held a phone call on Wednesday",
     False, "same-day-other-act"),
    ("In recent days Lavrov also held phone talks", "NUR-SULTAN - Russian Foreign Minister Sergey Lavrov",
     False, "same-day-other-act"),
    ("The Russian minister had similar conversations", "NUR-SULTAN - Russian Foreign Minister Sergey Lavrov",
     False, "same-day-other-act"),
]


def _manual(mentions: list[dict]) -> list[dict]:
    out = []
    for a_start, b_start, same, kind in MANUAL:
        a = [m for m in mentions if m["event"]["sentence"].startswith(a_start)]
        b = [m for m in mentions if m["event"]["sentence"].startswith(b_start)]
        for x in a:
            for y in b:
                if x["event"]["doc_id"] != y["event"]["doc_id"]:
                    out.append({"a": x, "b": y, "same": same, "kind": kind, "events": ["manual", "manual"]})
    return out


def _kind(ta: dict, tb: dict) -> str | None:
    if ta["key"] == tb["key"]:
        return "same-event"
    gap = abs((date.fromisoformat(ta["date"]) - date.fromisoformat(tb["date"])).days)
    shared = _parties(ta["source"] + ta["target"]) & _parties(tb["source"] + tb["target"])
    if gap <= 1:
        return "same-day-other-act"
    if shared and gap <= NEAR_DAYS:
        return "same-dyad-other-day"
    return None  # unrelated events far apart: no test of the rule


# --------------------------------------------------------------------------- evaluate


def evaluate(path: Path) -> dict:
    by_kind: dict[str, dict[str, int]] = {}
    tp = fp = fn = tn = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        predicted = same_event(mention(p["a"]), mention(p["b"]))
        k = by_kind.setdefault(p["kind"], {"pairs": 0, "fused": 0})
        k["pairs"] += 1
        k["fused"] += int(predicted)
        if p["same"]:
            tp += predicted
            fn += not predicted
        else:
            fp += predicted
            tn += not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": tp + fp + fn + tn, "positives": tp + fn, "negatives": fp + tn, "tp": tp, "fp": fp,
            "fn": fn, "tn": tn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "by_kind": by_kind,
            "rule": {"dated_window": identity.DATED_WINDOW, "fallback_window": identity.FALLBACK_WINDOW,
                     "min_context": identity.MIN_CONTEXT}}


def _print_dyads(d: dict) -> None:
    print(f"canonical dyad of {d['fused_events']} fused events reporting a listed event "
          f"({d['multi_mention']} with 2+ mentions), share matching the labelled dyad:")
    for name in ("canonical", "first_of_union"):
        print(f"  {name:15s} " + "  ".join(f"{k} {v:.3f}" for k, v in d[name].items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", action="store_true", help="re-code examples/news and rebuild the labelled pairs")
    ap.add_argument("--dyads", action="store_true",
                    help="only code and fuse examples/news and score the canonical dyads (bench/results/fusion_dyad.json)")
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    args = ap.parse_args()
    if args.dyads:
        level = event_level(*code_corpus(ROOT / "examples" / "news", ROOT / "examples" / "events.yaml"))
        _print_dyads(level["dyad"])
        DYAD_RESULTS.write_text(json.dumps(level, indent=2) + "\n")
        return 0
    if args.build:
        n = build(ROOT / "examples" / "news", ROOT / "examples" / "events.yaml", args.pairs)
        print(f"wrote {n} labelled pairs to {args.pairs}")
    res = evaluate(args.pairs)
    if EVENT_LEVEL:
        res["event_level"] = EVENT_LEVEL
        print(f"listed events coded in 2+ articles: {EVENT_LEVEL['events_coded_in_2plus_articles']}, "
              f"merged into one fused event: {EVENT_LEVEL['merged']} (not: {', '.join(EVENT_LEVEL['not_merged'])})")
        _print_dyads(EVENT_LEVEL["dyad"])
    print(f"pairs {res['pairs']} ({res['positives']} same event, {res['negatives']} near misses): "
          f"precision {res['precision']:.3f}, recall {res['recall']:.3f}, F1 {res['f1']:.3f}")
    for kind, k in sorted(res["by_kind"].items()):
        print(f"  {kind:22s} {k['pairs']:4d} pairs, fused {k['fused']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
