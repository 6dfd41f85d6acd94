"""Small task folders of tests/review/golden_tasks, each a case of issue 14, reviewed exactly as their goldens say.

Regenerate with `python scripts/regen_review_goldens.py` and read the diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task
from iacreview.score import load_rubric

HERE = Path(__file__).parent
TASKS = HERE / "golden_tasks"
GOLDEN = HERE / "golden"
NAMES = sorted(p.name for p in TASKS.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def reviews():
    return {}


def _review(reviews, name):
    if name not in reviews:
        reviews[name] = review_task(TASKS / name, None, "seed")
    return reviews[name]


@pytest.mark.parametrize("name", NAMES)
def test_review_matches_golden(reviews, name):
    review = _review(reviews, name)
    assert review == json.loads((GOLDEN / f"{name}.seed.json").read_text())
    assert render_markdown(review, load_rubric("seed").title) == (GOLDEN / f"{name}.seed.md").read_text()


def test_a_defect_the_ideal_shares_is_still_a_failure(reviews):
    """Model and ideal are identical: the open SSH port is the model's failure all the same."""
    review = _review(reviews, "identical-ideal")
    ssh = next(f for f in review["failures"] if f["rule"] == "SEC050")
    assert ssh["severity"] == "high" and ssh["shared_with_ideal"] is True
    assert "0.0.0.0/0" not in ssh["fix"]  # the ideal's (equally open) code is not quoted as the fix
    assert "var.admin_cidr" in ssh["fix"]
    assert review["fixes"] == []  # nothing differs, so nothing is a fix
    text = render_markdown(review, load_rubric("seed").title)
    assert "**Also in the IDEAL_RESPONSE**" in text
