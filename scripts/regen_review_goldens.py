"""Regenerate the review golden files of the bundled example and of tests/review/golden_tasks (JSON and Markdown).

usage: python scripts/regen_review_goldens.py   (then review the diff before committing)
"""

from __future__ import annotations

import json
from pathlib import Path

from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task
from iacreview.score import load_rubric

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "review" / "golden"
TASKS = REPO / "tests" / "review" / "golden_tasks"


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for rubric in ("seed", "training-value"):
        review = review_task(REPO / "examples" / "region-migration", None, rubric)
        (GOLDEN / f"region-migration.{rubric}.json").write_text(json.dumps(review, indent=2, ensure_ascii=False) + "\n")
        (GOLDEN / f"region-migration.{rubric}.md").write_text(render_markdown(review, load_rubric(rubric).title))
    for task in sorted(p for p in TASKS.iterdir() if p.is_dir()):
        review = review_task(task, None, "seed")
        (GOLDEN / f"{task.name}.seed.json").write_text(json.dumps(review, indent=2, ensure_ascii=False) + "\n")
        (GOLDEN / f"{task.name}.seed.md").write_text(render_markdown(review, load_rubric("seed").title))
    print(f"wrote goldens to {GOLDEN}")


if __name__ == "__main__":
    main()
