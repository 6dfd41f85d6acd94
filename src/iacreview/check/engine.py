"""Running the rule catalogue over a configuration.

A rule that crashes must not take the others down: its error is recorded and
the run goes on. Rules whose resource types are present and that found nothing
are reported as passed, which is what a review's "What Was NOT Wrong" needs.

After the catalogue, a suppression pass reads the `iacreview:ignore` comments
(`check.suppress`), marks the findings they hide, and, when OPS090 is
selected, hands the comments that hid nothing to that rule. A comment is
judged against every rule it names, selected or not: a rule named by a comment
but not selected is run for the judgement alone (its findings are not
reported), so whether a comment is stale does not depend on `--enable`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iacreview.check import suppress
from iacreview.model.config import Configuration
from iacreview.rules.base import Finding, Rule, RuleMeta
from iacreview.rules.catalog.suppressions import UNUSED_SUPPRESSION, UNUSED_SUPPRESSIONS
from iacreview.rules.context import RuleContext
from iacreview.rules.registry import all_rules, get_rule
from iacreview.schema import SchemaDataError


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
    """Default-enabled rules plus `enable`, minus `disable` (ids, names, family prefixes or categories)."""
    enable_set = {e.upper() for e in enable}
    disable_set = {d.upper() for d in disable}
    chosen = []
    for rule in rules if rules is not None else all_rules():
        on = rule.meta.default_enabled or _matches(rule, enable_set)
        if on and not _matches(rule, disable_set):
            chosen.append(rule)
    return chosen


def _matches(rule: Rule, keys: set[str]) -> bool:
    meta = rule.meta
    return (meta.id in keys or meta.name.upper() in keys or meta.family in keys or meta.category.upper() in keys
            or "ALL" in keys)


def unknown_selectors(selectors: Iterable[str], rules: Iterable[Rule] | None = None) -> list[str]:
    """The selectors of --enable/--disable that name no rule, family or category (typos)."""
    known = list(rules if rules is not None else all_rules())
    return [s for s in selectors if not any(_matches(rule, {s.upper()}) for rule in known)]


def run_checks(
    config: Configuration,
    rules: Iterable[Rule] | None = None,
    options: Mapping[str, Any] | None = None,
    severity_overrides: Mapping[str, str] | None = None,
    honour_suppressions: bool = True,
) -> CheckResult:
    """Run `rules` (default: the default selection) over `config`, then the suppression pass.

    With `honour_suppressions=False` the comments hide nothing (grading an
    answer that might suppress its own findings), but OPS090 still judges them.
    """
    ctx = RuleContext(config, options)
    result = CheckResult()
    present = ctx.present_types()
    overrides = {k.upper(): v for k, v in (severity_overrides or {}).items()}
    chosen = list(rules if rules is not None else select_rules())
    post_pass = [r for r in chosen if r.id == UNUSED_SUPPRESSION.id]
    for rule in [r for r in chosen if r.id != UNUSED_SUPPRESSION.id]:
        _run_one(rule, ctx, result, present, overrides)
    result.findings = merge_instances(result.findings)
    directives = suppress.collect(config, _resolve_rule)
    suppress.apply(directives, result.findings, mark=honour_suppressions)
    if post_pass:
        ran = {r.id for r in chosen}
        # A comment naming OPS090 itself is matched against OPS090's findings below, never judged stale.
        judged = (ran | _judge_unselected(directives, ran, ctx)) - {UNUSED_SUPPRESSION.id}
        ctx.options[UNUSED_SUPPRESSIONS] = suppress.unused(directives, judged)
        before = len(result.findings)
        _run_one(post_pass[0], ctx, result, present, overrides)
        suppress.apply(directives, result.findings[before:], mark=honour_suppressions)
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


def _run_one(rule: Rule, ctx: RuleContext, result: CheckResult, present: set[str], overrides: Mapping[str, str]) -> None:
    result.rules_run += 1
    try:
        found = rule.run(ctx)
    except SchemaDataError:
        raise  # the installation's data is broken, not the rule: every rule would fail alike
    except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the run
        result.errors.append(RuleError(rule.id, f"{type(exc).__name__}: {exc}"))
        return
    for f in found:
        if f.rule in overrides:
            f.severity = overrides[f.rule]
    result.findings.extend(found)
    types = rule.meta.resource_types
    if not found and (not types or any(t in present for t in types)):
        result.passed.append(rule.meta)


def _resolve_rule(name: str) -> str | None:
    rule = get_rule(name)
    return rule.id if rule is not None else None


def _judge_unselected(directives: list[suppress.Directive], ran: set[str], ctx: RuleContext) -> set[str]:
    """Run the rules that comments name but that were not selected; return the ids that could be judged.

    Their findings only mark comments as used: they are not reported. A rule
    that needs a review's task, or that fails, cannot be judged here.
    """
    wanted = sorted({i for d in directives for i in d.rule_ids} - ran)
    judged = set()
    for rule_id in wanted:
        rule = get_rule(rule_id)
        if rule is None or rule.meta.scope != "config" or rule.id == UNUSED_SUPPRESSION.id:
            continue
        try:
            found = rule.run(ctx)
        except Exception:  # noqa: BLE001 - an unjudgeable rule leaves its comments alone
            continue
        suppress.apply(directives, found, mark=False)
        judged.add(rule_id)
    return judged
