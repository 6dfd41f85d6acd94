"""The bundled example reviews exactly as the seed document does: 0/0/1/1, 26 resources, 8/10."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task
from iacreview.score import load_rubric

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "region-migration"
GOLDEN = Path(__file__).parent / "golden"

SECTIONS = [
    "# Model Response Failures Analysis",
    "## Executive Summary",
    "## Failure Categories",
    "## Medium Failures",
    "## Low Failures",
    "**Impact Level**",
    "**MODEL_RESPONSE Issue**",
    "**IDEAL_RESPONSE Fix**",
    "**Root Cause**",
    "**AWS Documentation Reference**",
    "**Cost/Security/Performance Impact**",
    "**Training Value**",
    "## What Was NOT Wrong",
    "## Summary Statistics",
    "### Scoring Rationale",
    "## Conclusion",
    "## Recommended Model Improvements",
]


@pytest.fixture(scope="module")
def review():
    return review_task(EXAMPLE, None, "seed")


def test_seed_figures(review):
    assert review["summary"] == {"critical": 0, "high": 0, "medium": 1, "low": 1, "total": 2}
    medium = [f for f in review["failures"] if f["severity"] == "medium"]
    low = [f for f in review["failures"] if f["severity"] == "low"]
    assert [f["category"] for f in medium] == ["formatting"]
    assert [(f["category"], f["rule"]) for f in low] == [("operations", "OPS020")]
    assert review["plan"]["resources"] == 26
    assert review["score"]["final"] == 8
    assert review["score"]["raw"] == 8.5
    assert review["score"]["penalties"] == -0.75 and review["score"]["bonuses"] == 1.25


def test_contract_keys(review):
    assert set(review) >= {"tool", "task", "summary", "failures", "passed", "plan", "score"}
    assert review["tool"]["name"] == "iacreview"
    assert set(review["task"]) >= {"id", "platform", "language", "files"}
    for failure in review["failures"]:
        assert set(failure) >= {
            "rule", "severity", "category", "title", "message", "file", "line", "end_line", "model_excerpt",
            "fix", "root_cause", "impact", "references",
        }
        assert set(failure["impact"]) == {"cost", "security", "performance"}
    assert set(review["score"]) >= {"base", "penalties", "bonuses", "raw", "final", "max", "lines"}


def test_formatting_failure_quotes_the_seed_blocks(review):
    fmt = next(f for f in review["failures"] if f["rule"] == "FMT001")
    assert sorted(fmt["files"]) == ["main.tf", "provider.tf"]
    assert 'resource "aws_db_instance" "main"' in fmt["model_excerpt"]
    assert "EnvironmentSuffix = var.environment_suffix" in fmt["model_excerpt"]
    assert "EnvironmentSuffix = var.environment_suffix" in fmt["fix"]
    assert "Environment       = var.environment" in fmt["fix"]


def test_json_matches_golden(review):
    expected = json.loads((GOLDEN / "region-migration.seed.json").read_text())
    assert review == expected


def test_markdown_matches_golden_and_has_every_section(review):
    text = render_markdown(review, load_rubric("seed").title)
    assert text == (GOLDEN / "region-migration.seed.md").read_text()
    for heading in SECTIONS:
        assert heading in text, heading
    not_wrong = text.split("## What Was NOT Wrong", 1)[1].split("## Summary Statistics", 1)[0]
    groups = re.findall(r"^\*\*\d+\. (.+)\*\*$", not_wrong, re.MULTILINE)
    assert groups and len(groups) == len(set(groups)), groups  # each group once, validation figures included


def test_training_value_rubric_golden():
    review = review_task(EXAMPLE, None, "training-value")
    assert review == json.loads((GOLDEN / "region-migration.training-value.json").read_text())
    assert render_markdown(review, load_rubric("training-value").title) == (
        GOLDEN / "region-migration.training-value.md").read_text()


def test_cli_json_and_write_refuses_to_overwrite(tmp_path):
    run = subprocess.run([sys.executable, "-m", "iacreview", "review", str(EXAMPLE), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["summary"]["total"] == 2
    target = tmp_path / "out.md"
    target.write_text("keep me")
    run = subprocess.run([sys.executable, "-m", "iacreview", "review", str(EXAMPLE), "-o", str(target)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "not overwritten" in run.stderr
    assert target.read_text() == "keep me"
