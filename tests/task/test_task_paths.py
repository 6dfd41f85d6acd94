"""Hostile file names never leave the task, and nothing is written unless asked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacreview.task import ExtractError, default_looks_like_hcl, write_files
from iacreview.task.answer import Answer, answer_from_markdown
from iacreview.task.paths import MAX_NAME_CHARS, safe_relative_name

CODE = 'resource "aws_vpc" "v" {}\n'


@pytest.mark.parametrize(
    ("raw", "expected", "changed"),
    [
        ("main.tf", "main.tf", False),
        ("lib/main.tf", "main.tf", False),
        ("./lib/modules/vpc/main.tf", "modules/vpc/main.tf", False),
        ("modules/vpc/../vpc/main.tf", "modules/vpc/vpc/main.tf", True),
        ("../../etc/passwd.tf", "etc/passwd.tf", True),
        ("/etc/cron.d/evil.tf", "etc/cron.d/evil.tf", True),
        ("/lib/main.tf", "main.tf", True),
        ("C:\\Users\\me\\main.tf", "Users/me/main.tf", True),
        ("lib\\main.tf", "main.tf", True),
        ("..\\..\\x.tf", "x.tf", True),
        ("~/.ssh/authorized_keys.tf", ".ssh/authorized_keys.tf", True),
        ("ma\x00in.tf", "main.tf", True),
        ("main\x1b[31m.tf", "main[31m.tf", True),
        ("a\u202e.tf", "a.tf", True),
    ],
)
def test_names_are_made_safe(raw: str, expected: str, changed: bool) -> None:
    safe = safe_relative_name(raw)
    assert safe.name == expected
    assert safe.changed is changed
    assert not os.path.isabs(safe.name) and ".." not in safe.name.split("/")


@pytest.mark.parametrize("raw", ["..", "/", "../..", "\x00\x01", "x" * (MAX_NAME_CHARS + 1) + ".tf"])
def test_names_with_nothing_safe_left_are_rejected(raw: str) -> None:
    safe = safe_relative_name(raw)
    assert safe.name is None
    assert safe.changes


def markdown_answer(markdown: str) -> Answer:
    return answer_from_markdown(Path("answer.md"), "answer.md", default_looks_like_hcl, text=markdown)


def test_hostile_heading_name_is_sanitised_and_reported() -> None:
    result = markdown_answer(f"## File: ../../../etc/evil.tf\n\n```hcl\n{CODE}```\n")
    assert list(result.files) == ["etc/evil.tf"]
    problem = result.problems[0]
    assert problem.kind == "unsafe-name"
    assert (problem.file, problem.line) == ("answer.md", 1)
    assert "'..' components" in problem.message


def test_control_characters_in_a_fence_title_are_removed() -> None:
    result = markdown_answer(f'```hcl title="ma\x07in.tf"\n{CODE}```\n')
    assert list(result.files) == ["main.tf"]
    assert [problem.kind for problem in result.problems] == ["unsafe-name"]


def test_unusable_name_falls_back_to_a_generated_one() -> None:
    result = markdown_answer(f'```hcl title=".."\n{CODE}```\n')
    assert list(result.files) == ["main.tf"]
    assert "ignored it" in result.problems[0].message


def test_write_files_writes_every_named_file(tmp_path: Path) -> None:
    result = markdown_answer(f"## main.tf\n\n```hcl\n{CODE}```\n\n## modules/vpc/main.tf\n\n```hcl\n{CODE}```\n")
    written = write_files(result, tmp_path / "out")
    assert sorted(path.relative_to(tmp_path / "out").as_posix() for path in written) == ["main.tf", "modules/vpc/main.tf"]
    assert (tmp_path / "out" / "modules/vpc/main.tf").read_text() == CODE


def test_write_files_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    result = markdown_answer(f"## a.tf\n\n```hcl\n{CODE}```\n\n## b.tf\n\n```hcl\n{CODE}```\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.tf").write_text("keep me\n")
    with pytest.raises(ExtractError, match="refusing to overwrite"):
        write_files(result, out)
    assert not (out / "a.tf").exists()
    assert (out / "b.tf").read_text() == "keep me\n"
    write_files(result, out, force=True)
    assert (out / "b.tf").read_text() == CODE


def test_write_files_never_follows_a_symlink_out(tmp_path: Path) -> None:
    result = markdown_answer(f"## main.tf\n\n```hcl\n{CODE}```\n")
    outside = tmp_path / "outside.tf"
    outside.write_text("secret\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "main.tf").symlink_to(outside)
    with pytest.raises(ExtractError, match="outside"):
        write_files(result, out, force=True)
    assert outside.read_text() == "secret\n"


def test_write_files_rejects_names_that_bypassed_sanitising(tmp_path: Path) -> None:
    result = markdown_answer(f"## main.tf\n\n```hcl\n{CODE}```\n")
    result.files["../escape.tf"] = result.files["main.tf"]
    with pytest.raises(ExtractError, match="unsafe"):
        write_files(result, tmp_path / "out")
    assert not (tmp_path / "escape.tf").exists()
