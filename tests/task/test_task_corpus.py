"""Every real task folder of the corpus loads, and its Terraform comes out of the markdown.

The expectations are computed from the raw markdown independently of the
extractor (markdown-it tokens and the text of HCL-tagged fences), so the
extractor cannot pass by agreeing with itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from iacreview.task import Task, load_task
from iacreview.task.hcl_sniff import has_terraform_block

CORPUS = Path("/work/shared/corpus/tasks")
HCL_TAGS = {"hcl", "terraform", "tf"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available"),
]


def task_dirs() -> list[Path]:
    return sorted(path.parent for path in CORPUS.rglob("metadata.json"))


@pytest.fixture(scope="module")
def tasks() -> dict[Path, Task]:
    return {folder: load_task(folder) for folder in task_dirs()}


def test_every_folder_loads(tasks: dict[Path, Task]) -> None:
    assert len(tasks) == 166
    for folder, task in tasks.items():
        assert task.kind == "task", folder
        assert task.turns, folder


def raw_answer_fences(markdown: str, answer_start_line: int) -> list[tuple[str, str]]:
    """(tag, content) of every fence at or after the answer's first line, as CommonMark reads them."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        (token.info.strip().lower(), token.content)
        for token in tokens
        if token.type == "fence" and token.map is not None and token.map[0] + 1 >= answer_start_line
    ]


def answer_start(task: Task) -> int:
    model = task.model
    assert model.text is not None and model.answer_text is not None
    return model.text.count("\n") - model.answer_text.count("\n") + 1


def test_terraform_answers_yield_tf_files(tasks: dict[Path, Task]) -> None:
    without_tf: list[str] = []
    for folder, task in tasks.items():
        if folder.parent.name != "tf-hcl":
            continue
        model = task.model
        if model.text is None:
            continue
        fences = raw_answer_fences(model.text, answer_start(task))
        has_terraform = any(has_terraform_block(content) for _, content in fences) or (
            not fences and has_terraform_block(model.answer_text or "")
        )
        tf_files = [name for name in model.files if name.endswith(".tf")]
        if not tf_files:
            without_tf.append(f"{task.id}: placeholder={model.is_placeholder} fences={len(fences)}")
        if has_terraform and not model.is_placeholder:
            assert tf_files, f"{task.id}: Terraform blocks in the answer, but no .tf file extracted"
    print("\nMODEL_RESPONSE without .tf files:\n  " + "\n  ".join(without_tf))
    # Placeholders, prose-only answers, and two whose reasoning trace runs out before its Answer heading.
    assert len(without_tf) <= 9


def test_no_hcl_fence_is_lost(tasks: dict[Path, Task]) -> None:
    """The first code line of every HCL-tagged fence lands in some extracted file or block."""
    for task in tasks.values():
        for answer in (task.model, task.ideal):
            if answer is None or answer.text is None or any(p.kind == "repeated-file" for p in answer.problems):
                continue
            extracted = "\n".join(file.text for file in [*answer.files.values(), *answer.unnamed])
            start = answer.text.count("\n") - (answer.answer_text or "").count("\n") + 1
            for tag, content in raw_answer_fences(answer.text, start):
                first = next((line.strip() for line in content.splitlines() if line.strip()), "")
                if tag in HCL_TAGS and first:
                    assert first in extracted, f"{task.id} {answer.source.name}: lost fence starting {first!r}"


def test_origins_point_at_the_code(tasks: dict[Path, Task]) -> None:
    """Each segment's first line is the markdown line (from the column) its origin names.

    The one exception is code written on the fence line itself (```` ```hclvariable … ````).
    """
    checked = 0
    for task in tasks.values():
        # Each response as extracted (a multi-turn task's combined answer is checked in test_task_conversation).
        for answer in (*(turn.response for turn in task.turns), task.ideal):
            if answer is None or answer.text is None:
                continue
            lines = answer.text.splitlines()
            for file in answer.files.values():
                file_lines = file.text.splitlines()
                for segment in file.segments:
                    first = file_lines[segment.file_line - 1] if file_lines else ""
                    origin = lines[segment.origin_line - 1][segment.origin_col - 1:]
                    if not first.strip() or origin.startswith("```"):
                        continue
                    assert origin == first, f"{task.id} {file.name}:{segment.file_line} vs md:{segment.origin_line}"
                    checked += 1
    assert checked > 1500


@pytest.mark.parametrize(
    "kind",
    ["cdk-ts", "cdktf-py", "cdktf-ts", "cfn-yaml", "pulumi-py", "pulumi-ts"],
)
def test_other_platforms_are_detected(tasks: dict[Path, Task], kind: str) -> None:
    platform, language = kind.split("-")
    [task] = [task for folder, task in tasks.items() if folder.parent.name == kind]
    guess = task.model.platform
    assert (guess.platform, guess.language) == (platform, language), guess
    assert (task.metadata.platform, task.metadata.language) == (platform, language)
    assert (task.prompt_platform.platform, task.prompt_platform.language) == (platform, language)
    assert task.platform_comparison().agree


def test_terraform_tasks_agree_with_their_metadata(tasks: dict[Path, Task]) -> None:
    for folder, task in tasks.items():
        if folder.parent.name == "tf-hcl" and task.model.platform.known:
            assert task.model.platform.platform == "tf", task.id
            assert task.platform_comparison().agree, (task.id, task.platform_comparison().mismatches)
