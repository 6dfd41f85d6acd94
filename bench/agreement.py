"""Agreement of the `training-value` score with the dataset's human `training_quality` labels.

Reviews every Terraform task of the shared corpus with the training-value
rubric and compares with metadata.json's training_quality: exact match, within
±1, accept/reject (>= 8) balanced accuracy, mean absolute error and Spearman's
rank correlation; the same figures for a constant 9 (the label's mode) show
what "no information" scores.

Labels that are not numbers are skipped; fractions in (0, 1] are read as tenths
of the 10-point scale (0.95 -> 9.5), which is how such values appear in the data.

The last part asks how much any score could agree: for a few signals (our raw
score, the size of the model→ideal gap, the prompt's length, and the length of
the task's own hand-written review, which no tool has), it fits the best rule
"below a -> 8, from b on -> 10, else 9" on four fifths of the tasks and measures
it on the fifth, five times over. If even the human review's length, fitted to
the labels, cannot beat a constant 9 out of sample, the labels hold too little
information for any rubric to beat it.

usage: python bench/agreement.py [CORPUS_DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from corpus import corpus_dir  # noqa: E402

from iacreview.review.build import review_task  # noqa: E402

THRESHOLD = 8


def label_of(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    if 0 < value <= 1:
        value *= 10
    return value if 0 <= value <= 10 else None


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def metrics(pred: list[float], gold: list[float]) -> dict[str, float]:
    n = len(gold)
    exact = sum(1 for p, g in zip(pred, gold) if round(p) == round(g)) / n
    within = sum(1 for p, g in zip(pred, gold) if abs(p - g) <= 1) / n
    mae = sum(abs(p - g) for p, g in zip(pred, gold)) / n
    pos = [(p >= THRESHOLD) for p in pred]
    truth = [(g >= THRESHOLD) for g in gold]
    tp = sum(1 for p, t in zip(pos, truth) if p and t)
    tn = sum(1 for p, t in zip(pos, truth) if not p and not t)
    npos, nneg = sum(truth), n - sum(truth)
    tpr = tp / npos if npos else 0.0
    tnr = tn / nneg if nneg else 0.0
    return {"exact": exact, "within_1": within, "balanced_accuracy": (tpr + tnr) / 2, "mae": mae,
            "spearman": spearman(pred, gold), "accept_recall": tpr, "reject_recall": tnr}


def _threshold_rule(xs: list[float], ys: list[float], sign: int) -> tuple[float, float]:
    """The (a, b) of "x < a -> 8, x >= b -> 10, else 9" with the least absolute error on (xs, ys)."""
    cuts = sorted(set(sign * x for x in xs)) + [float("inf")]
    best = (float("inf"), cuts[-1], cuts[-1])
    for i, a in enumerate(cuts):
        for b in cuts[i:]:
            err = sum(abs((8 if sign * x < a else 10 if sign * x >= b else 9) - y) for x, y in zip(xs, ys))
            if err < best[0]:
                best = (err, a, b)
    return best[1], best[2]


def cross_validated_mae(xs: list[float], ys: list[float], folds: int = 5) -> float:
    """Out-of-sample MAE of the best 8/9/10 threshold rule on `xs` (either direction), `folds`-fold."""
    order = sorted(range(len(xs)), key=lambda i: (i * 7919) % len(xs))  # a fixed shuffle
    errors = 0.0
    for k in range(folds):
        test = set(order[k::folds])
        train = [i for i in range(len(xs)) if i not in test]
        fits = []
        for sign in (1, -1):
            a, b = _threshold_rule([xs[i] for i in train], [ys[i] for i in train], sign)
            err = sum(abs((8 if sign * xs[i] < a else 10 if sign * xs[i] >= b else 9) - ys[i]) for i in train)
            fits.append((err, sign, a, b))
        _, sign, a, b = min(fits)
        errors += sum(abs((8 if sign * xs[i] < a else 10 if sign * xs[i] >= b else 9) - ys[i]) for i in test)
    return errors / len(xs)


def _text_length(path: Path) -> int:
    return len(path.read_text(errors="replace")) if path.is_file() else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", help="corpus directory (default: the shared corpus)")
    parser.add_argument("--json", help="write per-task scores to this file")
    args = parser.parse_args()
    root = Path(args.corpus) if args.corpus else corpus_dir()
    if root is None:
        print("corpus not found", file=sys.stderr)
        return 2
    tasks = sorted(p.parent for p in root.glob("tasks/tf-hcl/*/metadata.json")) or sorted(
        p.parent for p in root.glob("**/metadata.json"))
    rows = []
    for task in tasks:
        meta = json.loads(task.joinpath("metadata.json").read_text(errors="replace") or "{}") if task.joinpath(
            "metadata.json").is_file() else {}
        gold = label_of(meta.get("training_quality")) if isinstance(meta, dict) else None
        if gold is None:
            continue
        review = review_task(task, None, "training-value")
        rows.append({"task": task.name, "label": gold, "score": review["score"]["final"],
                     "raw": review["score"]["raw"], "gap": len(review.get("fixes", [])),
                     "prompt_chars": _text_length(task / "lib" / "PROMPT.md"),
                     "human_review_chars": _text_length(task / "lib" / "MODEL_FAILURES.md"),
                     "fixes": review.get("fix_counts", {}), "blocker": review["score"].get("blocker")})
    pred = [r["score"] for r in rows]
    gold = [r["label"] for r in rows]
    ours = metrics(pred, gold)
    const = metrics([9.0] * len(gold), gold)
    print(f"tasks with numeric labels: {len(rows)} (of {len(tasks)})")
    print(f"{'metric':<20}{'iacreview':>12}{'constant 9':>12}")
    for key in ("exact", "within_1", "balanced_accuracy", "mae", "spearman", "accept_recall", "reject_recall"):
        print(f"{key:<20}{ours[key]:>12.3f}{const[key]:>12.3f}")
    dist: dict[int, int] = {}
    for p in pred:
        dist[int(p)] = dist.get(int(p), 0) + 1
    print("our score distribution:", dict(sorted(dist.items())))
    # How often the guide's arithmetic runs past the top of the scale: there, 10 says nothing more.
    raw = [float(r["raw"]) for r in rows]
    clamped = sum(1 for x in raw if x > 10)
    print(f"raw score above 10 (clamped to 10): {clamped} of {len(rows)}; "
          f"Spearman of the unclamped raw score: {spearman(raw, gold):.3f}")
    by_label: dict[float, list[int]] = {}
    for r in rows:
        by_label.setdefault(r["label"], []).append(int(r["score"]))
    for label in sorted(by_label):
        scores = by_label[label]
        print(f"  label {label:g}: {len(scores)} tasks, our scores {dict(sorted(Counter(scores).items()))}")
    print("how much any score could agree (best 8/9/10 threshold rule, 5-fold cross-validated MAE; "
          f"constant 9: {const['mae']:.3f}):")
    for key, what in (("raw", "our unclamped raw score"), ("gap", "model->ideal fixes"),
                      ("prompt_chars", "prompt length"), ("human_review_chars", "hand-written review length")):
        xs = [float(r[key]) for r in rows]
        print(f"  {what:<28} Spearman {spearman(xs, gold):+.3f}  MAE {cross_validated_mae(xs, gold):.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
