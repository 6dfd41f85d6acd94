"""Every task of the shared corpus reviews under both rubrics without a crash."""

from __future__ import annotations

import pytest

from corpus import corpus_dir, task_dirs
from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(corpus_dir() is None, reason="shared corpus not found (set IACREVIEW_CORPUS)"),
]


def test_all_corpus_tasks_review_in_both_rubrics():
    tasks = task_dirs()
    assert len(tasks) >= 160
    for task in tasks:
        for rubric in ("seed", "training-value"):
            review = review_task(task, None, rubric)
            assert 0 <= review["score"]["final"] <= 10, task
            assert review["summary"]["total"] == len(review["failures"])
            text = render_markdown(review, rubric)
            assert text.startswith("# Model Response Failures Analysis"), task
