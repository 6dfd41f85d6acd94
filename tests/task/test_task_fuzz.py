"""Arbitrary mixes of fences, headings and slips never crash extraction or escape the task."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from iacreview.task import default_looks_like_hcl
from iacreview.task.answer import answer_from_markdown
from iacreview.task.blocks import split_lines

FRAGMENTS = [
    "```", "```hcl", "```markdown", "````", "~~~", "```bash", "```hclvariable \"x\" {", "}```", "```hcl title=\"../a.tf\"",
    "## main.tf", "# x.tf", "## File: lib/../../etc/y.tf", "### Answer", "### Reasoning Trace", "## runbook.md",
    "FILE: a.tf", "USAGE NOTES", "**b.tf**", "Create `c.tfvars`:", "---", "> ```hcl", "1. ```hcl", "   ```",
    'resource "aws_vpc" "v" {', "}", "  x = 1", "locals {", "<<EOF", "EOF", "# variables.tf", "| a | b |", "|---|---|",
    "text with words in it", "", "\r", "\x00", "\ufeff", "\u2028", "C:\\evil\\z.tf", "# ma\x00in.tf",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_extraction_never_crashes_and_names_stay_inside(lines: list[str]) -> None:
    text = "\n".join(lines)
    answer = answer_from_markdown(Path("fuzz.md"), "fuzz.md", default_looks_like_hcl, text=text)
    line_count = len(split_lines(text))
    for name, extracted in answer.files.items():
        assert name == extracted.name
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name and "\x00" not in name
        for segment in extracted.segments:
            assert 1 <= segment.origin_line <= line_count
        assert extracted.origin_of(1)[1] >= 1
    for problem in answer.problems:
        assert problem.line is None or 1 <= problem.line <= line_count + 1
