"""`check` over one or more paths: load, run the selected rules, collect results per path."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iacreview.check.engine import CheckResult, run_checks, select_rules
from iacreview.model.config import Configuration
from iacreview.rules.base import SEVERITY_RANK, Finding


@dataclass
class PathResult:
    """The result for one PATH argument, with file names shown relative to it."""

    path: str
    config: Configuration
    result: CheckResult

    def display(self, file: str) -> str:
        if os.path.isdir(self.path) and not os.path.isabs(file):
            return os.path.join(self.path, file)
        if os.path.isfile(self.path):
            return self.path
        return file

    def line_of(self, file: str, line: int) -> str | None:
        for module in self.config.modules():
            tree = module.files.get(file)
            if tree is not None:
                return tree.source.line_text(line)
        return None


def check_paths(
    paths: Sequence[str],
    var_files: Sequence[str] = (),
    var_args: Sequence[str] = (),
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    severity_overrides: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> list[PathResult]:
    rules = select_rules(enable=enable, disable=disable)
    results = []
    for path in paths:
        config = Configuration.load(path, var_files=var_files, var_args=var_args, environ=dict(os.environ))
        results.append(PathResult(path, config, run_checks(config, rules, options, severity_overrides)))
    return results


def at_or_above(findings: Iterable[Finding], threshold: str) -> list[Finding]:
    rank = SEVERITY_RANK[threshold]
    return [f for f in findings if f.suppressed is None and SEVERITY_RANK[f.severity] >= rank]
