"""One answer (model or ideal) analysed: its Terraform configuration, findings, plan and validation.

An answer that is not Terraform, or has no HCL at all, gets no configuration;
the review then reports what it can (platform, documents, tests) instead of
failing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iacreview.check.engine import CheckResult, run_checks, select_rules
from iacreview.hcl import ConfigFile
from iacreview.model.config import Configuration
from iacreview.model.files import MemoryTree
from iacreview.model.plan import Plan
from iacreview.model.problems import Problem
from iacreview.model.schema_check import problem_is_warning
from iacreview.review.readable import readable_files
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


#: The root module iacreview writes when an answer gives only modules and nothing that calls them.
SYNTHETIC_ROOT = "(modules of the answer).tf"
_MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.{1,2}/[^"]*)"', re.MULTILINE)


def analyse(answer: Answer, options: Mapping[str, Any]) -> AnswerAnalysis:
    analysis = AnswerAnalysis(answer, terraform_files(answer))
    if not any(name.endswith((".tf", ".tf.json")) for name in analysis.files):
        return analysis
    rel_dir, extra = root_of(analysis.files)
    config = Configuration(MemoryTree({**analysis.files, **extra}), rel_dir)
    unparsed = {p.file for p in config.syntax_problems()}
    if unparsed:
        # Read the files that do not parse past their errors, and load again; the errors stay reported on
        # the files as written. Answers that parse (nearly all) are loaded once.
        mended, errors = readable_files(analysis.files, unparsed & analysis.files.keys())
        config = Configuration(MemoryTree({**analysis.files, **mended, **extra}), rel_dir)
        for name, found in errors.items():
            module = next((m for m in config.modules() if m.path == posixpath.dirname(name)), config.root)
            module.problems.extend(Problem("SYN001", e.message, e.filename, e.line, e.col) for e in found)
    analysis.config = config
    # Validation runs once (Configuration.validation_problems): the VAL rules read the same list.
    problems = [p for p in config.validation_problems if p.file != SYNTHETIC_ROOT]
    rules = select_rules(enable=["OPS027"] if options.get("remote_state") else ())
    result = run_checks(config, rules, options)
    result.findings = [f for f in result.findings if f.file != SYNTHETIC_ROOT]
    analysis.result = result
    analysis.plan = config.plan()
    # What `terraform validate` reports as errors: not VAL013 (a plan-time error), not deprecations (warnings).
    analysis.problems = [p for p in problems if p.rule != "VAL013" and not problem_is_warning(p)]
    return analysis


def root_of(files: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The directory to review as the root module, and any file to add for it.

    Usually the answer's top directory. An answer may put everything under one
    directory (`terraform/main.tf`, its modules below it): that directory is
    the root. An answer that gives only modules, with nothing that calls them,
    gets a root of its own that calls each of them, so they are reviewed at all
    (findings in that written root are never reported).
    """
    dirs = {posixpath.dirname(name) for name in files if name.endswith((".tf", ".tf.json"))}
    if "" in dirs:
        return "", {}
    called = set()
    for name, text in files.items():
        if name.endswith(".tf"):
            called.update(posixpath.normpath(posixpath.join(posixpath.dirname(name), source))
                          for source in _MODULE_SOURCE.findall(text))
    roots = sorted(dirs - called)
    if len(roots) == 1:
        return roots[0], {}
    calls = "".join(f'module "{_call_name(d, i)}" {{\n  source = "./{d}"\n}}\n\n' for i, d in enumerate(roots or sorted(dirs)))
    return "", {SYNTHETIC_ROOT: calls}


def _call_name(directory: str, index: int) -> str:
    name = re.sub(r"[^A-Za-z0-9_-]", "_", directory.rsplit("/", 1)[-1])
    return name if name[:1].isalpha() else f"module_{index}"
