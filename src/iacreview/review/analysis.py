"""One answer (model or ideal) analysed: its Terraform configuration, findings, plan and validation.

An answer that is not Terraform, or has no HCL at all, gets no configuration;
the review then reports what it can (platform, documents, tests) instead of
failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacreview.check.engine import CheckResult, run_checks, select_rules
from iacreview.hcl import ConfigFile
from iacreview.model.config import Configuration
from iacreview.model.plan import Plan
from iacreview.model.problems import Problem
from iacreview.model.validate import validate
from iacreview.task import Answer

CONFIG_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")


@dataclass
class AnswerAnalysis:
    answer: Answer
    files: dict[str, str] = field(default_factory=dict)
    config: Configuration | None = None
    result: CheckResult | None = None
    plan: Plan | None = None
    problems: list[Problem] = field(default_factory=list)  # validation problems
    declared_types: set[str] | None = None  # every resource type of every file (filled on first use)
    file_trees: list[tuple[str, ConfigFile]] | None = None  # each .tf file as a tree, partial parses too (ditto)

    @property
    def has_code(self) -> bool:
        return self.config is not None and bool(self.config.root.files)

    def text_of(self, name: str) -> str | None:
        return self.files.get(name)


def terraform_files(answer: Answer) -> dict[str, str]:
    """The answer's Terraform configuration and variable files, by name."""
    found = {}
    for name, f in answer.files.items():
        if f.role.value != "code" or not name.endswith(CONFIG_SUFFIXES):
            continue
        if name.endswith(".json") or f.is_hcl:
            found[name] = f.text
    return found


def analyse(answer: Answer, options: Mapping[str, Any]) -> AnswerAnalysis:
    analysis = AnswerAnalysis(answer, terraform_files(answer))
    if not any(name.endswith((".tf", ".tf.json")) for name in analysis.files):
        return analysis
    config = Configuration.from_files(analysis.files)
    analysis.config = config
    # Validation runs once: the VAL rules take these problems instead of validating again.
    problems = validate(config.scope, require_values=True)
    analysis.result = run_checks(config, select_rules(), {**options, "_validate_problems": problems})
    analysis.plan = config.plan()
    analysis.problems = [p for p in problems if p.rule != "VAL013"]  # what `terraform validate` reports
    return analysis
