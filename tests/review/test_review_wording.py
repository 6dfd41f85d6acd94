"""The review's sentences read right (issue 15, item 10): counts agree with their nouns, a markdown answer
reviewed on its own is not "the MODEL_RESPONSE for MODEL_RESPONSE", and reports link to pages that exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def review(path: Path) -> str:
    run = subprocess.run([sys.executable, "-m", "iacreview", "review", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_one_resource_and_one_critical_failure_are_singular(tmp_path: Path) -> None:
    answer = tmp_path / "MODEL_RESPONSE.md"
    answer.write_text('## main.tf\n\n```hcl\nresource "aws_db_instance" "d" {\n'
                      '  instance_class = "db.t3.micro"\n  password       = "Sup3rS3cretPassw0rd!"\n}\n```\n')
    text = review(answer)
    assert "plans 1 resource offline" in text and "1 resources" not in text
    assert "There is 1 critical failure affecting" in text and "failure(s)" not in text
    assert "The MODEL_RESPONSE for MODEL_RESPONSE" not in text


def test_the_markdown_findings_report_links_only_to_real_documentation(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n')
    run = subprocess.run([sys.executable, "-m", "iacreview", "check", str(tmp_path), "--format", "markdown"],
                         capture_output=True, text=True, timeout=120)
    assert "](https://" in run.stdout
    assert "github.com/iacreview" not in run.stdout


def test_rule_texts_a_review_quotes_carry_no_command_line_help() -> None:
    from iacreview.rules.registry import all_rules

    leaks = [r.meta.id for r in all_rules()
             if any(flag in text for text in (r.meta.rationale, r.meta.fix, r.meta.summary)
                    for flag in ("--enable", "--disable", "--fail-on", "iacreview check"))]
    assert leaks == []
