"""How much of the corpus's hand-written reviews `iacreview compare` accounts for.

Runs `compare` (the seed rubric's review against the task's own lib/MODEL_FAILURES.md)
on every Terraform task of the shared corpus that has one, and prints the totals:
the human items read, those matched to one of our failures, those matched to one of
the ideal's significant or moderate fixes, those left unmatched, and our failures
no human item names. Reviews are written by many people in many shapes, so the
totals show how far the tool's findings and the reviewers' overlap, not a score.

usage: python bench/compare.py [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from corpus import corpus_dir  # noqa: E402

from iacreview.review.build import review_task  # noqa: E402
from iacreview.review.compare import compare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="corpus directory (default: ../shared/corpus)")
    args = parser.parse_args()
    root = args.corpus or corpus_dir()
    if root is None or not root.is_dir():
        print("corpus not found", file=sys.stderr)
        return 2
    totals = {"tasks": 0, "items": 0, "matched": 0, "matched_fixes": 0, "only_theirs": 0, "ours": 0, "only_ours": 0}
    for task in sorted(p.parent.parent for p in root.rglob("lib/MODEL_FAILURES.md")):
        if not (task / "metadata.json").is_file():
            continue
        try:
            review = review_task(task)
        except Exception as exc:  # noqa: BLE001 - one task must not stop the count
            print(f"{task}: {exc}", file=sys.stderr)
            continue
        result = compare(review, (task / "lib" / "MODEL_FAILURES.md").read_text(encoding="utf-8", errors="replace"))
        counts = result["counts"]
        totals["tasks"] += 1
        totals["items"] += counts["theirs"]
        totals["matched"] += counts["matched"]
        totals["matched_fixes"] += counts["matched_fixes"]
        totals["only_theirs"] += len(result["only_theirs"])
        totals["ours"] += counts["ours"]
        totals["only_ours"] += len(result["only_ours"])
    items = max(totals["items"], 1)
    print(f"tasks with a MODEL_FAILURES.md: {totals['tasks']}")
    print(f"human items read: {totals['items']}")
    print(f"  matched to our failures: {totals['matched']} ({totals['matched'] / items:.1%})")
    print(f"  matched to the ideal's A/B fixes: {totals['matched_fixes']} ({totals['matched_fixes'] / items:.1%})")
    print(f"  unmatched: {totals['only_theirs']} ({totals['only_theirs'] / items:.1%})")
    print(f"our failures: {totals['ours']}, named by no human item: {totals['only_ours']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
