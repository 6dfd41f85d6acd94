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


GOLDEN_TASKS = Path(__file__).parent / "golden_tasks"


def section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_lines_several_failures_share_are_quoted_once() -> None:
    text = review(GOLDEN_TASKS / "repeated-places")
    failure = text.split("**Rule**: VAL001", 1)[1].split("**IDEAL_RESPONSE Fix**", 1)[0]
    quoted = [line for line in failure.split("```hcl", 1)[1].split("```", 1)[0].splitlines() if line.strip()]
    assert len(quoted) == len(set(quoted)), quoted
    assert quoted.count('  bucket = "${var.project}-${var.env}-logs"') == 1
    message = failure.split("**MODEL_RESPONSE Issue**:", 1)[1].split("(`main.tf`", 1)[0]
    assert message.count("'env'") == 1 and message.count("'project'") == 1


def test_the_conclusion_is_a_verdict_from_the_facts() -> None:
    text = review(GOLDEN_TASKS / "syntax-error-read-past")
    conclusion = section(text, "## Conclusion")
    assert "The improvements needed were" not in conclusion
    assert "needs substantial rework" in conclusion  # the verdict, from the worst severity
    assert "It does not deploy: `main.tf` does not parse" in conclusion
    assert "It has 6 failures: 2 critical (syntax, deployment), 1 medium (security), 3 low" in conclusion
    assert "The failures that matter most: The file is not valid HCL" in conclusion
    assert "(0 A, 0 B, 2 C)" in conclusion
    clean = section(review(GOLDEN_TASKS.parent.parent.parent / "examples" / "region-migration"), "## Conclusion")
    assert "nothing found stops it from deploying" in clean


def test_the_fix_classes_are_explained_where_they_are_counted() -> None:
    statistics = section(review(GOLDEN_TASKS / "nat-single-asked"), "## Summary Statistics")
    counted = statistics.split("**Fixes against the ideal answer**: ", 1)[1].split("\n- **", 1)[0]
    assert counted.startswith("0 A, 4 B, 0 C")
    for meaning in ("  - A, significant: a security hole fixed", "  - B, moderate: configuration adjustments",
                    "  - C, minor: formatting"):
        assert meaning in counted


def test_a_syntax_error_fix_is_about_the_error(tmp_path: Path) -> None:
    answer = tmp_path / "MODEL_RESPONSE.md"
    answer.write_text('## main.tf\n\n```hcl\nresource "aws_sqs_queue" "q" {\n  name: "orders"\n}\n```\n')
    failure = review(answer).split("**Rule**: SYN001", 1)[1].split("**Root Cause**", 1)[0]
    fix = failure.split("**IDEAL_RESPONSE Fix**:", 1)[1]
    assert "At line 2, column 7: Arguments are set with '=', not ':'" in fix
    assert '# The MODEL_RESPONSE\'s code, corrected\n  name = "orders"\n' in fix
    assert "aws_s3_bucket" not in fix
