"""Running the rule catalogue over a configuration.

A rule that crashes must not take the others down: its error is recorded and
the run goes on. Rules whose resource types are present and that found nothing
are reported as passed, which is what a review's "What Was NOT Wrong" needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacreview.model.config import Configuration
from iacreview.rules.base import Finding, Rule, RuleMeta
from iacreview.rules.context import RuleContext
from iacreview.rules.registry import all_rules


@dataclass
class RuleError:
    rule: str
    message: str


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    passed: list[RuleMeta] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    rules_run: int = 0


def select_rules(
    rules: Iterable[Rule] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
) -> list[Rule]:
    """Default-enabled rules plus `enable`, minus `disable` (ids, names or family prefixes)."""
    enable_set = {e.upper() for e in enable}
    disable_set = {d.upper() for d in disable}

    def matches(rule: Rule, keys: set[str]) -> bool:
        meta = rule.meta
        return meta.id in keys or meta.name.upper() in keys or meta.family in keys or "ALL" in keys

    chosen = []
    for rule in rules if rules is not None else all_rules():
        on = rule.meta.default_enabled or matches(rule, enable_set)
        if on and not matches(rule, disable_set):
            chosen.append(rule)
    return chosen


def run_checks(
    config: Configuration,
    rules: Iterable[Rule] | None = None,
    options: Mapping[str, Any] | None = None,
    severity_overrides: Mapping[str, str] | None = None,
) -> CheckResult:
    ctx = RuleContext(config, options)
    result = CheckResult()
    present = ctx.present_types()
    overrides = {k.upper(): v for k, v in (severity_overrides or {}).items()}
    for rule in rules if rules is not None else select_rules():
        result.rules_run += 1
        try:
            found = rule.run(ctx)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
            result.errors.append(RuleError(rule.id, f"{type(exc).__name__}: {exc}"))
            continue
        for f in found:
            if f.rule in overrides:
                f.severity = overrides[f.rule]
        result.findings.extend(found)
        types = rule.meta.resource_types
        if not found and (not types or any(t in present for t in types)):
            result.passed.append(rule.meta)
    result.findings = merge_instances(result.findings)
    result.findings.sort(key=Finding.sort_key)
    return result


def merge_instances(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and place: count/for_each instances of one block are one problem."""
    merged: dict[tuple[str, str, int, int], Finding] = {}
    counts: dict[tuple[str, str, int, int], int] = {}
    for f in findings:
        key = (f.rule, f.file, f.line, f.col)
        if key in merged:
            counts[key] += 1
            continue
        merged[key] = f
        counts[key] = 1
    for key, f in merged.items():
        if counts[key] > 1:
            f.message = f"{f.message} ({counts[key]} instances)"
    return list(merged.values())
