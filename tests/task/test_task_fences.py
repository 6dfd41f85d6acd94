"""Broken fences, answers without fences, and line numbers that must stay right."""

from __future__ import annotations

from pathlib import Path

from iacreview.task import default_looks_like_hcl
from iacreview.task.answer import Answer, answer_from_markdown
from iacreview.task.fence_repair import BreakKind, find_fence_break, nested_fence_end


def answer(markdown: str) -> Answer:
    return answer_from_markdown(Path("answer.md"), "answer.md", default_looks_like_hcl, text=markdown)


def kinds(result: Answer) -> list[str]:
    return [problem.kind.value for problem in result.problems]


def test_unclosed_fence_is_reported_where_it_opens() -> None:
    result = answer('Intro.\n\n## main.tf\n\n```hcl\nresource "aws_vpc" "v" {\n  cidr_block = "10.0')
    assert list(result.files) == ["main.tf"]
    problem = next(p for p in result.problems if p.kind == "unclosed-fence")
    assert (problem.file, problem.line, problem.col) == ("answer.md", 5, 1)


def test_glued_closing_backticks_end_the_fence_and_the_rest_is_markdown() -> None:
    markdown = (
        '## variables.tf\n\n```hcl\nvariable "a" {\n  type = string\n}```\n\n'
        '## main.tf\n\n```hcl\nresource "aws_vpc" "v" {}\n```\n'
    )
    result = answer(markdown)
    assert result.files["variables.tf"].text == 'variable "a" {\n  type = string\n}\n'
    assert result.files["main.tf"].text == 'resource "aws_vpc" "v" {}\n'
    assert result.files["main.tf"].origin_line == 11
    assert kinds(result) == ["malformed-fence"]
    assert result.problems[0].line == 6


def test_opening_fence_in_place_of_a_closing_one_starts_the_next_block() -> None:
    markdown = '## a.tf\n\n```hcl\nresource "aws_vpc" "a" {}\n```hcl\n# b.tf\nresource "aws_vpc" "b" {}\n```\n'
    result = answer(markdown)
    assert result.files["a.tf"].text == 'resource "aws_vpc" "a" {}\n'
    assert result.files["b.tf"].text == '# b.tf\nresource "aws_vpc" "b" {}\n'
    assert result.files["b.tf"].origin_line == 6


def test_backticks_inside_a_heredoc_are_code() -> None:
    content = 'locals {\n  readme = <<EOT\n```bash\nls\n```\nEOT\n}\n'
    assert find_fence_break(content, "```") is None
    assert find_fence_break('x = 1\n}```\n', "```") == find_fence_break('x = 1\n}```\n', "```")
    glued = find_fence_break('x = 1\n}```\n', "```")
    assert glued is not None and glued.kind is BreakKind.GLUED_CLOSE and glued.line == 1 and glued.kept_text == "}\n"


def test_code_on_the_fence_line_is_recovered() -> None:
    result = answer('## File: variables.tf\n\n```hclvariable "suffix" {\n  type = string\n}\n```\n')
    assert result.files["variables.tf"].text == 'variable "suffix" {\n  type = string\n}\n'
    assert result.files["variables.tf"].origin_line == 3
    assert kinds(result) == ["malformed-fence"]


def test_nested_markdown_that_never_closes_swallows_the_rest() -> None:
    markdown = "## runbook.md\n\n```markdown\n# Runbook\n\n```bash\nterraform plan\n```\n\nDone.\n\n```bash\nmore\n```\n"
    result = answer(markdown)
    assert list(result.files) == ["runbook.md"]
    assert result.files["runbook.md"].text.endswith("```bash\nmore\n```\n")
    assert result.unnamed == []
    assert kinds(result) == ["malformed-fence", "unclosed-fence", "no-code"]


def test_nested_fence_end_counts_depth() -> None:
    lines = ["```markdown", "# Doc", "```bash", "ls", "```", "text", "```", "after"]
    assert nested_fence_end(lines, 1, len(lines), "```") == 6
    assert nested_fence_end(["```md", "plain", "```"], 1, 3, "```") is None


def test_whole_document_of_hcl_without_fences_is_main_tf() -> None:
    markdown = '# Variables\nvariable "region" {\n  default = "us-east-1"\n}\n\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    result = answer(markdown)
    assert list(result.files) == ["main.tf"]
    assert result.files["main.tf"].text == markdown
    assert result.files["main.tf"].origin_line == 1
    assert not result.is_placeholder


def test_prose_without_fences_has_no_code() -> None:
    result = answer("# Summary\n\nThe infrastructure was deployed and tested with LocalStack.\nAll tests pass and the stack is ready for review.\n")
    assert result.files == {}
    assert kinds(result) == ["no-code"]
    assert not result.is_placeholder


def test_file_markers_in_an_unfenced_answer() -> None:
    markdown = (
        "REASONING TRACE\n\nThinking about it.\n\nSOLUTION\n\nFILE: provider.tf\n"
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        "FILE: main.tf\n"
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n\n'
        "USAGE INSTRUCTIONS\n\nRun terraform init.\n"
    )
    result = answer(markdown)
    assert list(result.files) == ["provider.tf", "main.tf"]
    assert result.files["provider.tf"].origin_line == 8
    assert result.files["main.tf"].text == 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'


def test_crlf_and_odd_line_separators_keep_line_numbers() -> None:
    markdown = '## main.tf\r\n\r\n```hcl\r\n# a\x0c comment\r\nresource "aws_vpc" "v" {}\r\n```\r\n\r\n## b.tf\r\n\r\n```hcl\r\nlocals {}\r\n```\r\n'
    result = answer(markdown)
    assert result.files["main.tf"].origin_line == 4
    assert result.files["b.tf"].origin_line == 11
    assert result.files["main.tf"].origin_of(2)[1] == 5


def test_fences_in_a_quote_are_extracted_with_their_column() -> None:
    result = answer('> ## main.tf\n>\n> ```hcl\n> resource "aws_vpc" "v" {}\n> ```\n')
    main = result.files["main.tf"]
    assert main.text == 'resource "aws_vpc" "v" {}\n'
    assert main.origin_of(1, 1)[1:] == (4, 3)
