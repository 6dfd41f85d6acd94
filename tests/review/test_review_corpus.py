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
TASKS = task_dirs()


def test_the_corpus_is_complete():
    assert len(TASKS) >= 160


@pytest.mark.parametrize("task", TASKS, ids=[f"{t.parent.name}/{t.name}" for t in TASKS])
def test_task_reviews_in_both_rubrics(task):
    for rubric in ("seed", "training-value"):
        review = review_task(task, None, rubric)
        assert 0 <= review["score"]["final"] <= 10
        assert review["summary"]["total"] == len(review["failures"])
        assert render_markdown(review, rubric).startswith("# Model Response Failures Analysis")
