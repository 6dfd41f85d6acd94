"""Helpers for tests/check: run the engine on in-memory files with a chosen set of rules."""

from __future__ import annotations

from collections.abc import Sequence

from iacreview.check.engine import CheckResult, run_checks
from iacreview.model.config import Configuration
from iacreview.rules.registry import get_rule


def run(files: dict[str, str] | str, rule_ids: Sequence[str], honour: bool = True) -> CheckResult:
    """Findings of `rule_ids` (plus the suppression pass) over `files` (or one main.tf)."""
    if isinstance(files, str):
        files = {"main.tf": files}
    rules = [get_rule(i) for i in rule_ids]
    assert all(r is not None for r in rules), rule_ids
    return run_checks(Configuration.from_files(files), rules, honour_suppressions=honour)


def summary(result: CheckResult) -> list[tuple[str, int, str | None]]:
    """(rule, line, suppressed) of every finding, in order."""
    return [(f.rule, f.line, f.suppressed) for f in result.findings]


OPEN_SSH = '''resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''
