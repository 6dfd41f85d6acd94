"""Every answer of the shared corpus goes through `check` (all rules, opt-in ones too) without a rule crashing."""

from __future__ import annotations

import pytest

from corpus import corpus_dir, task_dirs
from iacreview.check.engine import run_checks
from iacreview.model.config import Configuration
from iacreview.rules.registry import all_rules
from iacreview.task import load_task

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(corpus_dir() is None, reason="shared corpus not found (set IACREVIEW_CORPUS)"),
]
TASKS = task_dirs()
ALL_RULES = [r for r in all_rules() if r.meta.scope == "config"]


@pytest.mark.parametrize("task", TASKS, ids=[f"{t.parent.name}/{t.name}" for t in TASKS])
def test_every_rule_runs_on_both_answers(task):
    loaded = load_task(task)
    for answer in (loaded.model, loaded.ideal):
        if answer is None:
            continue
        files = {name: f.text for name, f in answer.files.items() if name.endswith((".tf", ".tfvars", ".tf.json"))}
        if not files:
            continue
        result = run_checks(Configuration.from_files(files), ALL_RULES)
        assert result.errors == [], [f"{e.rule}: {e.message}" for e in result.errors]
