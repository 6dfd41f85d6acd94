"""Every Terraform answer of the shared corpus loads, validates and plans without raising.

The answers are real model output: half-finished modules, files that repeat
each other, references to code that was never shown. The model layer must
turn all of that into problems and undetermined resources, never into an
exception. Each answer (MODEL_RESPONSE.md and IDEAL_RESPONSE.md of each task)
becomes one in-memory configuration: the files `iacreview.task` extracts when
it is available, otherwise the hcl/terraform/tf fences of the document, one
file per fence.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from corpus import corpus_dir, hcl_fences, task_dirs
from iacreview.model.config import Configuration
from iacreview.model.validate import validate

pytestmark = pytest.mark.slow

DOCS = ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md")

try:
    from iacreview.task import Answer, load_task

    USE_TASK_LAYER = hasattr(Answer, "hcl_files")
except ImportError:  # the task layer is optional for this test
    USE_TASK_LAYER = False


def _fence_answers(task: Path) -> dict[str, dict[str, str]]:
    """doc name → {file name: text}, one file per fence of that document."""
    grouped: dict[str, dict[str, str]] = defaultdict(dict)
    for label, text in hcl_fences():
        where, _, line = label.rpartition(":")
        task_name, _, doc = where.partition("/")
        if task_name == task.name:
            grouped[doc][f"fence-{line}.tf"] = text
    return grouped


def answers(task: Path) -> dict[str, dict[str, str]]:
    """The Terraform files of each answer document of a task."""
    if not USE_TASK_LAYER:
        return _fence_answers(task)
    loaded = load_task(task)
    found: dict[str, dict[str, str]] = {}
    for doc, answer in zip(DOCS, (loaded.model, loaded.ideal)):
        if answer is not None:
            files = {name: f.text for name, f in answer.hcl_files().items()}
            if files:
                found[doc] = files
    return found


TASKS = [t for t in task_dirs() if "tf-hcl" in t.parts or (t / "lib" / "MODEL_RESPONSE.md").is_file()]


def test_corpus_is_present() -> None:
    if corpus_dir() is None:
        pytest.skip("the shared corpus is absent (set IACREVIEW_CORPUS to point at it)")
    assert TASKS


@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_answers_load_validate_and_plan(task: Path) -> None:
    for doc, files in answers(task).items():
        config = Configuration.from_files(files)
        found = validate(config.scope)
        plan = config.plan()
        known_files = {name for module in config.modules() for name in module.files} | set(files)
        for problem in found:
            assert problem.rule.startswith("VAL"), (doc, str(problem))
            assert problem.line >= 1 and problem.col >= 1, (doc, str(problem))
            assert problem.file in known_files or problem.file.startswith("<"), (doc, str(problem))
        addresses = [i.address for i in plan.instances]
        assert len(addresses) == len(set(addresses)), doc
        assert all(u.reason for u in plan.undetermined), doc


@pytest.mark.parametrize("task", TASKS[:20], ids=[t.name for t in TASKS[:20]])
def test_results_are_the_same_every_time(task: Path) -> None:
    for files in answers(task).values():
        first = Configuration.from_files(files)
        second = Configuration.from_files(files)
        assert [str(p) for p in validate(first.scope)] == [str(p) for p in validate(second.scope)]
        assert [i.address for i in first.plan().instances] == [i.address for i in second.plan().instances]
