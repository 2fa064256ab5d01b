"""Train parley's event-type classifier and print honest held-out scores.

    .venv/bin/python scripts/train_classifier.py [--shared ../shared] [--out parley/coding/data/root_classifier.npz]

Data (read from ../shared, never copied into the repository):
* gold/conflibert_cameo_train.jsonl — sentences with a PentaClass (CAMEO root group): the penta head;
* gold/petrarch2_unittest.jsonl — PETRARCH's coder-mechanics sentences (fictional states, real
  verbs), CAMEO codes mapped to a PentaClass, records whose events agree on one group: also the
  penta head (they add the short, constructed sentence style of coder test suites);
* gold/ngec_synthetic.jsonl.gz — machine-written stories with a PLOVER type (training data only,
  not gold): the PLOVER head. All three feed the shared vocabulary and idf (no labels involved).

Adding the PETRARCH unit tests left the ConfliBERT cross-validation unchanged (0.838 vs 0.842)
and raised the out-of-domain PentaClass accuracy on petrarch2_gsr from 0.46 to 0.54; that choice
was made after seeing the petrarch2_gsr figure, so treat that figure as a development score.
We tried adding the NGEC stories (PLOVER type mapped to a group) to the penta head and training
the PLOVER head on story leads only; both scored worse in cross-validation (penta 0.72 vs 0.85,
PLOVER 0.39 vs 0.41), so neither is done.

Scores: 5-fold stratified cross-validation on ConfliBERT grouped by sentence text (its three
repeated sentences never straddle folds), 5-fold cross-validation grouped by story prompt on NGEC
(paraphrases of one prompt never straddle folds), and an out-of-domain check on
gold/petrarch2_gsr.jsonl, which is never trained on.
Deterministic: fixed seeds, sorted inputs, liblinear/lbfgs solvers without randomness.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.coding.classifier import WEIGHTS, features, save_weights  # noqa: E402
from parley.coding.evaluate import gold_labels, plover_name  # noqa: E402

SEED = 0
MAX_FEATURES = 24000
C_PENTA = 10.0
C_PLOVER = 4.0
def load(shared: Path):
    conf = [json.loads(line) for line in (shared / "gold/conflibert_cameo_train.jsonl").open(encoding="utf-8")]
    conf_x = [r["text"] for r in conf]
    conf_y = [r["events"][0]["code"].split(":")[1] for r in conf]
    with gzip.open(shared / "gold/ngec_synthetic.jsonl.gz", "rt", encoding="utf-8") as fh:
        ngec = [json.loads(line) for line in fh]
    ngec_x = [r["text"] for r in ngec]
    ngec_y = [plover_name(r["events"][0]["code"]) for r in ngec]
    ngec_g = [r.get("title") or r["id"] for r in ngec]
    return conf_x, conf_y, ngec_x, ngec_y, ngec_g


def load_unittest(shared: Path) -> tuple[list[str], list[str]]:
    """PETRARCH unit-test sentences whose scorable events share one PentaClass."""
    xs, ys = [], []
    for line in (shared / "gold/petrarch2_unittest.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        groups = {lab.penta for lab in (gold_labels(e["code"]) for e in r.get("events") or []) if lab}
        if len(groups) == 1:
            xs.append(r["text"])
            ys.append(groups.pop())
    return xs, ys


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=features, min_df=2, max_features=MAX_FEATURES, sublinear_tf=True,
                           norm="l2", smooth_idf=True, dtype=np.float64)


def model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, random_state=SEED)


def cv_penta(conf_x, conf_y, ngec_x, unit_x, unit_y) -> dict:
    """Held-out PentaClass on ConfliBERT; the unit tests join every training fold, the unlabelled
    NGEC texts only shape the vocabulary."""
    preds = np.empty(len(conf_y), dtype=object)
    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    for train, test in folds.split(conf_x, conf_y, groups=conf_x):
        vec = vectorizer().fit([conf_x[i] for i in train] + ngec_x + unit_x)
        clf = model(C_PENTA).fit(vec.transform([conf_x[i] for i in train] + unit_x),
                                 [conf_y[i] for i in train] + unit_y)
        preds[test] = clf.predict(vec.transform([conf_x[i] for i in test]))
    return {"accuracy": round(accuracy_score(conf_y, list(preds)), 4),
            "macro_f1": round(f1_score(conf_y, list(preds), average="macro"), 4), "n": len(conf_y)}


def cv_plover(ngec_x, ngec_y, groups) -> dict:
    """Held-out PLOVER type on NGEC stories, folds grouped by story prompt."""
    preds = np.empty(len(ngec_y), dtype=object)
    for train, test in GroupKFold(n_splits=5).split(ngec_x, ngec_y, groups):
        vec = vectorizer()
        clf = model(C_PLOVER).fit(vec.fit_transform([ngec_x[i] for i in train]), [ngec_y[i] for i in train])
        preds[test] = clf.predict(vec.transform([ngec_x[i] for i in test]))
    return {"accuracy": round(accuracy_score(ngec_y, list(preds)), 4),
            "macro_f1": round(f1_score(ngec_y, list(preds), average="macro"), 4), "n": len(ngec_y)}


def out_of_domain(shared: Path, vec, penta_clf, plover_clf) -> dict:
    """petrarch2_gsr sentences with exactly one scorable gold event (never trained on)."""
    rows = []
    for line in (shared / "gold/petrarch2_gsr.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        labels = [gold_labels(e["code"]) for e in r.get("events") or []]
        labels = [lab for lab in labels if lab]
        if len(labels) == 1 and labels[0].plover:
            rows.append((r["text"], labels[0]))
    x = vec.transform([t for t, _ in rows])
    penta = penta_clf.predict(x)
    plover = plover_clf.predict(x)
    return {"n": len(rows),
            "penta_accuracy": round(float(np.mean([p == lab.penta for p, (_, lab) in zip(penta, rows, strict=True)])), 4),
            "plover_accuracy": round(float(np.mean([p == lab.plover for p, (_, lab) in zip(plover, rows, strict=True)])), 4)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(WEIGHTS))
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (only refit the weights)")
    args = ap.parse_args()
    shared = Path(args.shared)
    conf_x, conf_y, ngec_x, ngec_y, groups = load(shared)
    unit_x, unit_y = load_unittest(shared)
    meta: dict = {"seed": SEED, "max_features": MAX_FEATURES, "C_penta": C_PENTA, "C_plover": C_PLOVER,
                  "train": {"conflibert_cameo_train": len(conf_x), "ngec_synthetic": len(ngec_x),
                            "petrarch2_unittest": len(unit_x)}}
    if not args.no_cv:
        meta["cv_penta_conflibert"] = cv_penta(conf_x, conf_y, ngec_x, unit_x, unit_y)
        print("PentaClass, 5-fold CV on conflibert train:", meta["cv_penta_conflibert"])
        meta["cv_plover_ngec"] = cv_plover(ngec_x, ngec_y, groups)
        print("PLOVER type, 5-fold grouped CV on NGEC stories:", meta["cv_plover_ngec"])
    vec = vectorizer()
    vec.fit(conf_x + ngec_x + unit_x)
    penta_clf = model(C_PENTA).fit(vec.transform(conf_x + unit_x), conf_y + unit_y)
    plover_clf = model(C_PLOVER).fit(vec.transform(ngec_x), ngec_y)
    meta["out_of_domain_petrarch2_gsr"] = out_of_domain(shared, vec, penta_clf, plover_clf)
    print("Out of domain, petrarch2_gsr single-event sentences:", meta["out_of_domain_petrarch2_gsr"])
    vocab = list(vec.get_feature_names_out())
    heads = {name: ([str(c) for c in clf.classes_], clf.coef_.T.copy(), clf.intercept_.copy())
             for name, clf in (("penta", penta_clf), ("plover", plover_clf))}
    save_weights(args.out, vocab, vec.idf_, heads, meta)
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.2f} MB, {len(vocab)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
