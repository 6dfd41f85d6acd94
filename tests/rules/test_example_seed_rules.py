"""The seed's reference case: over examples/region-migration the database, operations, portability,
documentation and tagging families find exactly the seed's low operations failure (the S3 backend's
REPLACE_ME placeholders) in the model answer, and nothing in the ideal answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.check.engine import run_checks
from iacreview.model.config import Configuration
from iacreview.rules.catalog import documentation, operations, portability, rds, tagging
from iacreview.task import load_task

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "region-migration"
# The rules a review of this task runs: the default set (its prompt does not ask for remote state, so OPS027 is off).
RULES = [rule for family in (rds, operations, portability, documentation, tagging) for rule in family.RULES
         if rule.meta.default_enabled]

# The review sets `destroyable` for this prompt ("Every resource must be destroyable"); the outcome must not
# depend on it. It does not ask for high availability (Multi-AZ only behind a variable), so no ha_required.
OPTIONS = [{}, {"destroyable": True}]


def _findings(answer, options):
    files = {name: file.text for name, file in answer.terraform_files().items()}
    result = run_checks(Configuration.from_files(files), RULES, options=options)
    assert result.errors == []
    return result.findings


@pytest.fixture(scope="module")
def task():
    return load_task(EXAMPLE)


@pytest.mark.parametrize("options", OPTIONS, ids=["no-options", "destroyable"])
def test_model_answer_has_only_the_backend_placeholder(task, options):
    findings = _findings(task.model, options)
    assert [(f.rule, f.severity, f.category, f.file) for f in findings] == [
        ("OPS020", "low", "operations", "backend.tf")
    ]
    (placeholder,) = findings
    assert placeholder.line == 3  # bucket = "terraform-state-bucket-REPLACE_ME"
    assert "terraform-state-bucket-REPLACE_ME" in placeholder.message
    assert "terraform-state-lock-REPLACE_ME" in placeholder.message


@pytest.mark.parametrize("options", OPTIONS, ids=["no-options", "destroyable"])
def test_ideal_answer_is_clean(task, options):
    assert _findings(task.ideal, options) == []


def test_the_model_backend_really_is_in_the_answer(task):
    assert "backend.tf" in task.model.terraform_files()
    assert "backend.tf" not in task.ideal.terraform_files()
