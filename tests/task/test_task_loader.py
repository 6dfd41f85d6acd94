"""load_task on every input form, and on files that are broken in every way we have seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iacreview.task import load_task
from iacreview.task.textio import MAX_TEXT_BYTES

FIXTURES = Path(__file__).parent.parent / "fixtures" / "task"


def kinds(task) -> list[str]:
    return [problem.kind.value for problem in task.problems]


def test_full_task_folder() -> None:
    task = load_task(FIXTURES / "full_task")
    assert task.kind == "task" and task.id == "full_task"
    assert task.problems == []
    assert (task.metadata.platform, task.metadata.language, task.metadata.training_quality) == ("tf", "hcl", 9.0)
    assert task.prompt is not None and task.prompt.startswith("Create a VPC")
    assert task.failures_md is not None and "Failures Analysis" in task.failures_md
    model = task.model
    assert model.source == FIXTURES / "full_task" / "lib" / "MODEL_RESPONSE.md"
    assert list(model.hcl_files()) == ["provider.tf", "variables.tf", "main.tf"]
    assert "draft" not in model.files["main.tf"].text
    assert model.files["main.tf"].text.count("resource") == 2
    assert [doc.name for doc in model.docs] == ["runbook.md", None]
    assert [test.name for test in model.tests] == ["test/terraform.unit.test.ts"]
    assert model.files["runbook.md"].text.startswith("# Runbook")
    assert task.ideal is not None and list(task.ideal.files) == ["main.tf"]
    assert task.code_files == {"main.tf": FIXTURES / "full_task" / "lib" / "main.tf"}
    assert task.test_files == {"test/terraform.unit.test.ts": FIXTURES / "full_task" / "test" / "terraform.unit.test.ts"}
    final = task.final_code()
    assert final is not None and list(final.files) == ["main.tf"]


def test_platform_views_agree_on_the_full_task() -> None:
    task = load_task(FIXTURES / "full_task")
    assert (task.model.platform.platform, task.model.platform.language) == ("tf", "hcl")
    assert (task.prompt_platform.platform, task.prompt_platform.language) == ("tf", "hcl")
    assert task.platform_comparison().agree


def test_multi_turn_task_answers_with_every_turn_applied_and_keeps_all_turns() -> None:
    task = load_task(FIXTURES / "multi_turn")
    assert [turn.index for turn in task.turns] == [1, 2]
    assert task.turns[1].prompt_file is not None and task.turns[1].prompt_file.name == "Prompt2.md"
    assert task.model.source == task.turns[1].response.source
    # The second turn adds to the first (how turns combine: test_task_conversation).
    assert list(task.model.files) == ["main.tf", "main.turn2.tf"]
    assert "first" in task.model.files["main.tf"].text and "second" in task.model.files["main.turn2.tf"].text
    assert task.turns[0].response is not None and "first" in task.turns[0].response.files["main.tf"].text
    assert task.prompt == "Create an S3 bucket with Terraform.\n\n\nNow add versioning.\n"
    assert task.metadata.platform == "tf"
    assert kinds(task) == ["metadata-type"]


def test_directory_answer_with_an_ideal_directory() -> None:
    task = load_task(FIXTURES / "answer_dir", ideal=FIXTURES / "ideal_dir")
    assert task.kind == "directory"
    assert list(task.model.files) == ["main.tf", "modules/vpc/main.tf", "variables.tf"]
    assert task.model.files["modules/vpc/main.tf"].origin_of(2)[1] == 2
    assert task.ideal is not None and list(task.ideal.files) == ["main.tf"]
    assert task.problems == []
    assert task.model.platform.platform == "tf"


def test_single_markdown_and_single_tf_file() -> None:
    markdown = load_task(FIXTURES / "full_task" / "lib" / "MODEL_RESPONSE.md")
    assert markdown.kind == "markdown" and "main.tf" in markdown.model.files
    single = load_task(FIXTURES / "answer_dir" / "main.tf")
    assert single.kind == "file" and list(single.model.terraform_files()) == ["main.tf"]


def test_missing_path_is_a_problem() -> None:
    task = load_task(FIXTURES / "does-not-exist")
    assert task.kind == "missing" and kinds(task) == ["not-found"]
    assert task.model.is_placeholder


def test_broken_metadata_and_placeholder_answer() -> None:
    task = load_task(FIXTURES / "broken_metadata")
    problem = task.problems[0]
    assert (problem.kind.value, problem.file, problem.line) == ("metadata-json", "metadata.json", 4)
    assert task.model.is_placeholder
    assert "placeholder" in kinds(task)
    assert task.ideal is None


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("", True),
        ("   \n\n", True),
        ("Insert here the ideal response", True),
        ("# Model Response\n\nTODO", True),
        ("Done.", True),
        ("The model produced a complete answer covering the VPC, subnets and the bucket policy in prose.", False),
    ],
)
def test_placeholder_answers(tmp_path: Path, text: str, placeholder: bool) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(text)
    task = load_task(tmp_path)
    assert task.model.is_placeholder is placeholder
    assert ("placeholder" in kinds(task) or "empty-answer" in kinds(task)) is placeholder


def test_binary_markdown_is_a_problem(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "full_task", tmp_path / "t")
    (tmp_path / "t" / "lib" / "MODEL_RESPONSE.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    task = load_task(tmp_path / "t")
    assert "binary" in kinds(task)
    assert task.model.files == {}


def test_invalid_utf8_names_the_first_bad_byte(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "full_task", tmp_path / "t")
    path = tmp_path / "t" / "lib" / "MODEL_RESPONSE.md"
    path.write_bytes(b"## main.tf\n\n```hcl\n# caf\xc3\xa9 \xff\nresource \"aws_vpc\" \"v\" {}\n```\n")
    task = load_task(tmp_path / "t")
    problem = next(p for p in task.problems if p.kind == "invalid-utf8")
    assert (problem.file, problem.line, problem.col) == ("lib/MODEL_RESPONSE.md", 4, 8)
    assert "aws_vpc" in task.model.files["main.tf"].text


def test_huge_markdown_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    with (tmp_path / "lib" / "MODEL_RESPONSE.md").open("wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)
    task = load_task(tmp_path)
    assert "too-large" in kinds(task)
    assert task.model.files == {}


def test_utf16_markdown_is_decoded_with_a_problem(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_bytes('```hcl\nresource "aws_vpc" "v" {}\n```\n'.encode("utf-16"))
    task = load_task(tmp_path)
    assert "encoding" in kinds(task)
    assert list(task.model.files) == ["main.tf"]


def test_symlink_out_of_the_task_is_not_followed(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "full_task", tmp_path / "t")
    secret = tmp_path / "secret.tf"
    secret.write_text('variable "password" {}\n')
    (tmp_path / "t" / "lib" / "leak.tf").symlink_to(secret)
    task = load_task(tmp_path / "t")
    assert "leak.tf" not in task.code_files
    assert any(p.kind == "unsafe-link" and p.file == "lib/leak.tf" for p in task.problems)


def test_a_folder_without_metadata_is_still_a_task(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text('```hcl\nresource "aws_vpc" "v" {}\n```\n')
    task = load_task(tmp_path)
    assert task.kind == "task"
    assert kinds(task) == ["not-found"]
    assert list(task.model.files) == ["main.tf"]


def test_task_without_a_model_response(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "full_task", tmp_path / "t")
    (tmp_path / "t" / "lib" / "MODEL_RESPONSE.md").unlink()
    task = load_task(tmp_path / "t")
    assert task.model.is_placeholder
    assert any(p.kind == "not-found" and p.file == "lib/MODEL_RESPONSE.md" for p in task.problems)


def test_task_documents_linked_from_outside_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text('```hcl\nresource "aws_vpc" "stolen" {}\n```\n')
    (tmp_path / "t" / "lib").mkdir(parents=True)
    (tmp_path / "t" / "lib" / "PROMPT.md").write_text("Create a VPC with Terraform.\n")
    (tmp_path / "t" / "lib" / "MODEL_RESPONSE.md").symlink_to(outside)
    task = load_task(tmp_path / "t")
    assert task.model.files == {}
    assert task.prompt == "Create a VPC with Terraform.\n"
    linked_lib = tmp_path / "linked"
    linked_lib.mkdir()
    (linked_lib / "lib").symlink_to(tmp_path / "t" / "lib")
    assert load_task(linked_lib).turns == []


def test_directory_answer_keeps_its_layout_and_skips_binaries(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "stack.ts").write_text('import * as cdk from "aws-cdk-lib";\n')
    (tmp_path / "lambda.zip").write_bytes(b"PK\x03\x04\x00\x00")
    (tmp_path / "main.tf").write_bytes(b"\x00\x01binary")
    task = load_task(tmp_path)
    assert task.kind == "directory"
    assert list(task.model.files) == ["lib/stack.ts"]
    assert kinds(task) == ["binary"]
    assert task.problems[0].file == f"{tmp_path.name}/main.tf"
