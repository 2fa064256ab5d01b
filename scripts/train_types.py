"""Train parley's event-type model (parley/coding/types.py) and print its honest figures.

    .venv/bin/python scripts/train_types.py [--shared ../shared] [--out parley/coding/data/types-v1.npz]
                                            [--cache FILE] [--report FILE]

Data (read from ../shared, never copied into the repository), each cut by
``parley.coding.splits.split_of`` — only the ``train`` parts are fitted on:
* gold/zsp_plv_train.jsonl — news sentences with one PLOVER type each: the type head;
* scripts/data/own_events.jsonl, when present — our own annotated sentences (``plover`` or a CAMEO
  ``code`` per event; a record without events is a sentence with no event, label NONE): the type head;
* gold/conflibert_cameo_train.jsonl — sentences with a PentaClass: the penta head.

Each sentence goes through the coder first (``types.sentence_items``): its most confident event
(else the lexicon's first decision) gives the trigger span and the lexicon's type, which are model
features, and the coder's type alone is the baseline. Then the shipped sentence encoder
(parley/coding/encoder.py) embeds sentence and trigger, and logistic regression (lbfgs, balanced
class weights) is fitted. Everything tuned — C, the softmax temperature, the combination rule's
thresholds — is chosen on 5-fold out-of-fold predictions of the train part; the validation parts
are then scored once, and only aggregate figures are printed (never a validation sentence).
Deterministic: sorted inputs, fixed folds and seeds, solvers without randomness.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.coding import cameo  # noqa: E402
from parley.coding import types as types_module  # noqa: E402
from parley.coding.encoder import Encoder  # noqa: E402
from parley.coding.splits import split_of  # noqa: E402
from parley.coding.types import (  # noqa: E402
    NONE,
    PENTA_LABELS,
    WEIGHTS,
    Head,
    SparseHead,
    TypeItem,
    TypeModel,
    combine,
    features,
    model_type,
    save_weights,
    sentence_items,
    sparse_decides,
    sparse_features,
)

SEED = 0
FOLDS = 5
GRID_C = (1.0, 3.0, 10.0, 30.0)
GRID_T = tuple(round(0.5 + 0.05 * i, 2) for i in range(10)) + (1.01,)  # combination thresholds; 1.01 = never
GRID_CASCADE = GRID_T  # the sparse head's threshold; 1.01: the encoder for every item
AGREE_MARGIN = 0.01  # out-of-fold macro-F1 the cascade must gain to drop the agreement condition (below: noise)
OWN = ROOT / "scripts/data/own_events.jsonl"


# --------------------------------------------------------------------------- data


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def own_label(record: dict[str, Any]) -> str | None:
    """The type of an own annotated sentence: its first event's PLOVER type (or its CAMEO code's),
    NONE for a sentence without events."""
    events = record.get("events") or []
    if not events:
        return NONE
    e = events[0]
    if e.get("plover"):
        return model_type(str(e["plover"]))
    try:
        return model_type(cameo.info(str(e["code"])).plover_type)
    except (KeyError, ValueError):
        return None


def load_sets(shared: Path, own: Path) -> dict[str, list[dict[str, Any]]]:
    """{"zsp", "own", "conflibert"} → sorted rows {text, label, split}."""
    sets: dict[str, list[dict[str, Any]]] = {"zsp": [], "own": [], "conflibert": []}
    for r in read_jsonl(shared / "gold/zsp_plv_train.jsonl"):
        sets["zsp"].append({"text": r["text"], "label": model_type(r["events"][0]["code"])})
    for r in read_jsonl(shared / "gold/conflibert_cameo_train.jsonl"):
        sets["conflibert"].append({"text": r["text"], "label": r["events"][0]["code"]})
    if own.is_file():
        for r in read_jsonl(own):
            label = own_label(r)
            if label is not None:
                sets["own"].append({"text": r["text"], "label": label})
    for rows in sets.values():
        for row in rows:
            row["split"] = split_of(row["text"])
        rows.sort(key=lambda row: (row["text"], row["label"]))
    return sets


def coded(rows: list[dict[str, Any]], cache: Path | None) -> None:
    """Add each row's model item and the coder's own type (cached by text when ``cache`` is given)."""
    store: dict[str, Any] = json.loads(cache.read_text()) if cache and cache.is_file() else {}
    key = {row["text"]: hashlib.sha1(row["text"].encode("utf-8")).hexdigest() for row in rows}
    todo = sorted({row["text"] for row in rows if key[row["text"]] not in store})
    if todo:
        from parley.coding.coder import Coder
        from parley.config import Settings

        coder = Coder(Settings())
        coder.types = None  # the lexicon's own types: the model learns when to trust them, not itself
        for text, (item, alone, code) in zip(todo, sentence_items(coder, todo), strict=True):
            store[key[text]] = [item.trigger, item.lexicon, alone, code]
        if cache:
            cache.write_text(json.dumps(store, sort_keys=True))
    for row in rows:
        trigger, lexicon, alone, code = store[key[row["text"]]]
        row["item"] = TypeItem(row["text"], tuple(trigger) if trigger else None, lexicon)
        row["alone"] = alone
        row["alone_penta"] = f"penta:{cameo.penta_class(code)}" if code else "none"


def embed(rows: list[dict[str, Any]], encoder: Encoder) -> np.ndarray:
    items = [row["item"] for row in rows]
    sent, trig = encoder.encode([it.text for it in items], [it.trigger for it in items])
    return features(sent, trig, [it.lexicon for it in items])


# --------------------------------------------------------------------------- fitting and calibration


def fit(x: np.ndarray, y: list[str], c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def fold_logits(y: list[str], classes: list[str], fit_score: Any) -> np.ndarray:
    """Out-of-fold logits on the fixed folds (stratified by label, seeded): ``fit_score(train,
    test)`` fits on the train indices and returns (its classes, decision scores of the test
    indices); a class absent from a training fold (tiny sets only) gets -1000."""
    logits = np.full((len(y), len(classes)), -1e3)
    for train, test in StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y):
        got, scored = fit_score(train, test)
        logits[np.ix_(test, [classes.index(k) for k in got])] = scored
    return logits


def out_of_fold(x: np.ndarray, y: list[str], c: float) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold logits of the train part (classes in sorted order)."""
    classes = sorted(set(y))

    def fit_score(train: np.ndarray, test: np.ndarray) -> tuple[Any, np.ndarray]:
        clf = fit(x[train], [y[i] for i in train], c)
        return clf.classes_, clf.decision_function(x[test])

    return fold_logits(y, classes, fit_score), classes


def softmax(logits: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = logits / t
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def temperature(logits: np.ndarray, y: list[str], classes: list[str]) -> float:
    """The softmax temperature minimising out-of-fold negative log-likelihood."""
    idx = np.array([classes.index(k) for k in y])

    def nll(t: float) -> float:
        return float(-np.log(softmax(logits, t)[np.arange(len(idx)), idx] + 1e-12).mean())

    return round(float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x), 4)


def calibration(probs: np.ndarray, y: list[str], classes: list[str], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error of the top probability and a reliability table."""
    top = probs.max(axis=1)
    right = np.array([classes[j] == k for j, k in zip(probs.argmax(axis=1), y, strict=True)])
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (top > lo) & (top <= hi) if b else (top >= lo) & (top <= hi)
        if inside.any():
            conf, acc = float(top[inside].mean()), float(right[inside].mean())
            ece += inside.mean() * abs(conf - acc)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()), "confidence": round(conf, 3),
                          "accuracy": round(acc, 3)})
    return {"ece": round(float(ece), 4), "reliability": table}


def scores(y: list[str], pred: list[str], labels: list[str]) -> dict[str, float]:
    """Macro-F1 over the gold label set (a "none" prediction is a miss) and accuracy."""
    return {"macro_f1": round(float(f1_score(y, pred, labels=labels, average="macro", zero_division=0)), 4),
            "accuracy": round(float(accuracy_score(y, pred)), 4), "n": len(y)}


def per_class(y: list[str], pred: list[str], labels: list[str]) -> dict[str, float]:
    f1 = f1_score(y, pred, labels=labels, average=None, zero_division=0)
    return {k: round(float(v), 3) for k, v in zip(labels, f1, strict=True)}


# --------------------------------------------------------------------------- combination rule


def combined(rows: list[dict[str, Any]], probs: np.ndarray, classes: list[str], override: float,
             propose: float) -> list[str]:
    out = []
    for row, p in zip(rows, probs, strict=True):
        choice = combine(row["alone"], p, classes, override=override, propose=propose)
        out.append(choice.type or "none")
    return out


def choose_rule(rows: list[dict[str, Any]], probs: np.ndarray, classes: list[str], labels: list[str]
                ) -> dict[str, float]:
    """Thresholds with the best out-of-fold macro-F1 (ties: the more conservative, higher ones)."""
    best: tuple[float, float, float] | None = None
    y = [row["label"] for row in rows]
    for override in GRID_T:
        for propose in GRID_T:
            f = scores(y, combined(rows, probs, classes, override, propose), labels)["macro_f1"]
            if best is None or f > best[0] or (f == best[0] and (override, propose) > best[1:]):
                best = (f, override, propose)
    assert best is not None
    return {"override": best[1], "propose": best[2], "oof_macro_f1": best[0]}


# --------------------------------------------------------------------------- one head end to end


def train_head(name: str, train: list[dict[str, Any]], x: np.ndarray) -> tuple[Head, dict[str, Any], np.ndarray]:
    """C by out-of-fold macro-F1, temperature on the chosen C's out-of-fold logits, final fit."""
    y = [row["label"] for row in train]
    report: dict[str, Any] = {"train_n": len(y), "grid": {}}
    best = None
    for c in GRID_C:
        logits, classes = out_of_fold(x, y, c)
        pred = [classes[j] for j in logits.argmax(axis=1)]
        f = scores(y, pred, classes)["macro_f1"]
        report["grid"][str(c)] = f
        if best is None or f > best[0]:
            best = (f, c, logits, classes)
    assert best is not None
    _, c, logits, classes = best
    t = temperature(logits, y, classes)
    oof = softmax(logits, t)
    report.update(C=c, temperature=t, oof=scores(y, [classes[j] for j in oof.argmax(axis=1)], classes),
                  oof_calibration=calibration(oof, y, classes))
    clf = fit(x, y, c)
    head = Head(tuple(str(k) for k in clf.classes_), clf.coef_.T.copy(), clf.intercept_.copy(), t)
    print(f"{name}: C={c} T={t} out-of-fold {report['oof']}", flush=True)
    return head, report, oof


def _sparse_fit(items: list[TypeItem], y: list[str], c: float) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = TfidfVectorizer(analyzer=sparse_features, sublinear_tf=True)
    x = vec.fit_transform(items)
    return vec, LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _sparse_oof(items: list[TypeItem], y: list[str], c: float, classes: list[str]) -> np.ndarray:
    """Out-of-fold logits of the sparse head, on the folds of :func:`out_of_fold`."""

    def fit_score(train: np.ndarray, test: np.ndarray) -> tuple[Any, np.ndarray]:
        vec, clf = _sparse_fit([items[i] for i in train], [y[i] for i in train], c)
        return clf.classes_, clf.decision_function(vec.transform([items[i] for i in test]))

    return fold_logits(y, classes, fit_score)


def cascade(cheap: np.ndarray, full: np.ndarray, threshold: float, classes: list[str],
            lexicon: list[str | None], agree: bool) -> tuple[np.ndarray, float]:
    """The cascade's probabilities (the sparse head's where ``types.sparse_decides`` lets it
    decide, the encoder head's elsewhere) and the share of rows that need the encoder."""
    use_cheap = sparse_decides(cheap, lexicon, classes, threshold, agree)
    return np.where(use_cheap[:, None], cheap, full), float(1 - use_cheap.mean())


def train_sparse(train: list[dict[str, Any]], encoder_oof: np.ndarray, classes: list[str], labels: list[str]
                 ) -> tuple[SparseHead, dict[str, Any], np.ndarray, np.ndarray]:
    """The cascade's first stage (types.SparseHead): C by out-of-fold macro-F1, its temperature,
    then the threshold at which it decides — the best out-of-fold macro-F1 of the cascade on the
    zsp rows of the train part (ties: the cheaper, lower threshold). Returns the head, its report
    and the out-of-fold probabilities of the sparse head and of the cascade."""
    items, y = [row["item"] for row in train], [row["label"] for row in train]
    assert sorted(set(y)) == classes
    report: dict[str, Any] = {"grid": {}}
    best = None
    for c in GRID_C:
        logits = _sparse_oof(items, y, c, classes)
        f = scores(y, [classes[j] for j in logits.argmax(axis=1)], classes)["macro_f1"]
        report["grid"][str(c)] = f
        if best is None or f > best[0]:
            best = (f, c, logits)
    assert best is not None
    _, c, logits = best
    t = temperature(logits, y, classes)
    cheap = softmax(logits, t)
    zsp = [i for i, row in enumerate(train) if row["set"] == "zsp"]
    zy = [y[i] for i in zsp]
    lex = [train[i]["item"].lexicon for i in zsp]
    by_threshold = {}
    for agree in (False, True):
        for thr in GRID_CASCADE:
            probs, share = cascade(cheap[zsp], encoder_oof[zsp], thr, classes, lex, agree)
            by_threshold[agree, thr] = (scores(zy, [classes[j] for j in probs.argmax(axis=1)], labels)["macro_f1"], share)
    print({f"{'agree' if k[0] else 'any'}@{k[1]}": v for k, v in by_threshold.items()})
    # the agreement condition (the sparse head decides only where it agrees with the lexicon) is the
    # conservative setting: it is dropped only for a clear out-of-fold gain, not for noise
    agree, threshold = max(by_threshold, key=lambda k: (by_threshold[k][0] + (AGREE_MARGIN if k[0] else 0.0),
                                                        -by_threshold[k][1]))
    vec, clf = _sparse_fit(items, y, c)
    assert list(clf.classes_) == classes
    names = vec.get_feature_names_out()
    head = SparseHead({str(n): i for i, n in enumerate(names)}, vec.idf_.astype(np.float32),
                      clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32), t, threshold, agree)
    report.update(C=c, temperature=t, features=len(names), threshold=threshold, agree=agree,
                  oof=scores(y, [classes[j] for j in cheap.argmax(axis=1)], classes),
                  cascade_by_threshold={str(k[1]): {"macro_f1": v[0], "needs_encoder": round(v[1], 3)}
                                        for k, v in by_threshold.items() if k[0] == agree})
    print(f"sparse: C={c} T={t} threshold={threshold} agree={agree} out-of-fold {report['oof']}", flush=True)
    return head, report, cheap, cascade(cheap, encoder_oof, threshold, classes, [it.lexicon for it in items], agree)[0]


def evaluate(head: Head, rows: list[dict[str, Any]], x: np.ndarray, labels: list[str]) -> tuple[dict[str, Any], np.ndarray]:
    """Aggregate figures of a head on a part (no sentence is ever printed)."""
    probs = head(x)
    y = [row["label"] for row in rows]
    pred = [head.labels[j] for j in probs.argmax(axis=1)]
    return {**scores(y, pred, labels), "per_class_f1": per_class(y, pred, labels),
            "calibration": calibration(probs, y, list(head.labels))}, probs


def type_figures(sets: dict[str, list[dict[str, Any]]], xs: dict[str, np.ndarray], head: Head,
                 sparse: SparseHead, oofs: dict[str, np.ndarray], train: list[dict[str, Any]]) -> dict[str, Any]:
    """The encoder head, the sparse head, their cascade (what ``TypeModel.predict`` gives), the coder
    alone and the combination rule over the cascade: train side (out of fold) and validation."""
    classes = list(head.labels)
    gold = sorted({row["label"] for row in sets["zsp"]})
    rule = choose_rule(train, oofs["cascade"], classes, gold)
    out: dict[str, Any] = {"rule": rule}
    zsp_train = [i for i, row in enumerate(train) if row["set"] == "zsp"]
    trows = [train[i] for i in zsp_train]
    ty = [row["label"] for row in trows]
    out["train_side"] = {name: scores(ty, [classes[j] for j in oofs[name][zsp_train].argmax(axis=1)], gold)
                         for name in ("model", "sparse", "cascade")}
    out["train_side"]["coder_alone"] = scores(ty, [row["alone"] or "none" for row in trows], gold)
    out["train_side"]["combined"] = scores(
        ty, combined(trows, oofs["cascade"][zsp_train], classes, rule["override"], rule["propose"]), gold)
    val = [row for row in sets["zsp"] if row["split"] == "validation"]
    vx = xs["zsp"][[i for i, row in enumerate(sets["zsp"]) if row["split"] == "validation"]]
    model_fig, full = evaluate(head, val, vx, gold)
    vy = [row["label"] for row in val]
    cheap = sparse([row["item"] for row in val])
    probs, share = cascade(cheap, full, sparse.threshold, classes, [row["item"].lexicon for row in val], sparse.agree)

    def figures_of(p: np.ndarray) -> dict[str, Any]:
        pred = [classes[j] for j in p.argmax(axis=1)]
        return {**scores(vy, pred, gold), "per_class_f1": per_class(vy, pred, gold),
                "calibration": calibration(p, vy, classes)}

    comb = combined(val, probs, classes, rule["override"], rule["propose"])
    out["validation"] = {"model": model_fig, "sparse": figures_of(cheap),
                         "cascade": {**figures_of(probs), "needs_encoder": round(share, 4)},
                         "coder_alone": {**scores(vy, [row["alone"] or "none" for row in val], gold),
                                         "per_class_f1": per_class(vy, [row["alone"] or "none" for row in val], gold)},
                         "combined": {**scores(vy, comb, gold), "per_class_f1": per_class(vy, comb, gold),
                                      "decided_by_model": round(float(np.mean(
                                          [c != (row["alone"] or "none") for c, row in zip(comb, val, strict=True)])), 4)}}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--own", default=str(OWN), help="own annotated sentences (used when the file exists)")
    ap.add_argument("--out", default=str(WEIGHTS))
    ap.add_argument("--cache", help="JSON file caching the coder's items per sentence (speeds re-runs)")
    ap.add_argument("--report", help="write every figure to this JSON file too")
    args = ap.parse_args()
    sets = load_sets(Path(args.shared), Path(args.own))
    for name, rows in sets.items():
        for row in rows:
            row["set"] = name
    every = [row for rows in sets.values() for row in rows]
    coded(every, Path(args.cache) if args.cache else None)
    encoder = Encoder.load()
    xs = {name: embed(rows, encoder) if rows else np.zeros((0, 0)) for name, rows in sets.items()}
    print("encoded", {k: len(v) for k, v in sets.items()}, flush=True)

    def part(names: tuple[str, ...], split: str) -> tuple[list[dict[str, Any]], np.ndarray]:
        rows = [(row, xs[n][i]) for n in names for i, row in enumerate(sets[n]) if row["split"] == split]
        return [r for r, _ in rows], np.array([x for _, x in rows])

    train, tx = part(("zsp", "own"), "train")
    types_head, types_report, oof = train_head("types", train, tx)
    classes = list(types_head.labels)
    sparse_head, sparse_report, sparse_oof, cascade_oof = train_sparse(train, oof, classes, sorted({r["label"] for r in sets["zsp"]}))
    ptrain, px = part(("conflibert",), "train")
    penta_head, penta_report, _ = train_head("penta", ptrain, px)
    figures: dict[str, Any] = {"types_head": types_report, "sparse_head": sparse_report, "penta_head": penta_report,
                               "types": type_figures(sets, xs, types_head, sparse_head,
                                                     {"model": oof, "sparse": sparse_oof, "cascade": cascade_oof}, train)}
    pval, pvx = part(("conflibert",), "validation")
    figures["penta_validation"], _ = evaluate(penta_head, pval, pvx, list(PENTA_LABELS))
    figures["penta_validation"]["coder_alone"] = scores(
        [row["label"] for row in pval], [row["alone_penta"] for row in pval], list(PENTA_LABELS))
    if sets["own"]:
        oval, ovx = part(("own",), "validation")
        if oval:
            figures["own_validation"], _ = evaluate(types_head, oval, ovx, sorted({r["label"] for r in sets["own"]}))
    digest = hashlib.sha1(json.dumps([[r["text"], r["label"]] for r in train + ptrain]).encode("utf-8")).hexdigest()
    meta = {"version": "types-v1", "trained": digest[:10], "encoder": encoder.digest,
            "combine": {k: figures["types"]["rule"][k] for k in ("override", "propose")},
            "train": {"zsp_plv_train": sum(r["set"] == "zsp" for r in train),
                      "own_events": sum(r["set"] == "own" for r in train), "conflibert_cameo_train": len(ptrain)},
            "figures": {"zsp_validation": {k: figures["types"]["validation"][k]["macro_f1"]
                                           for k in ("model", "cascade", "coder_alone", "combined")}}}
    save_weights(args.out, types_head, penta_head, meta, sparse_head)
    types_module._load.cache_clear()  # the coder above may have loaded the previous weights
    check = TypeModel.load(args.out)  # the stored (float16) weights, as the coder runs them, give the figures printed
    val, vx = _validation(sets, xs)
    gold = sorted({r["label"] for r in sets["zsp"]})
    figures["stored_weights_validation_macro_f1"] = {
        "model": evaluate(check.types, val, vx, gold)[0]["macro_f1"],
        "cascade (TypeModel.predict)": scores([r["label"] for r in val], [
            check.labels[j] for j in check.predict([r["item"] for r in val]).argmax(axis=1)], gold)["macro_f1"]}
    text = json.dumps(figures, indent=1, sort_keys=True)
    print(text)
    if args.report:
        Path(args.report).write_text(text + "\n")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e3:.0f} kB)")
    return 0


def _validation(sets: dict[str, list[dict[str, Any]]], xs: dict[str, np.ndarray]) -> tuple[list[dict[str, Any]], np.ndarray]:
    keep = [i for i, row in enumerate(sets["zsp"]) if row["split"] == "validation"]
    return [sets["zsp"][i] for i in keep], xs["zsp"][keep]


if __name__ == "__main__":
    raise SystemExit(main())
