"""The rule catalogue: an explicit list of every family, no import side effects.

Adding a family means adding its module to `_FAMILIES`; ids must be unique and
are checked here once, so a typo fails loudly in the test suite.
"""

from __future__ import annotations

from functools import cache

from iacreview.rules.base import Rule
from iacreview.rules.catalog import (
    deployment_constraints,
    deployment_edge,
    deployment_iam,
    deployment_lambda,
    deployment_limits,
    deployment_load_balancers,
    deployment_rds,
    deployment_schedules,
    deployment_wiring,
    differences,
    documentation,
    ec2,
    encryption_edge,
    encryption_load_balancers,
    encryption_rest,
    encryption_transit,
    encryption_volumes,
    formatting,
    iam,
    iam_principals,
    network,
    operations,
    portability,
    rds,
    requirements,
    s3,
    secret_outputs,
    secrets,
    suppressions,
    syntax_validation,
    tagging,
    task_rules,
)

_FAMILIES = [
    syntax_validation,
    formatting,
    s3,
    task_rules,
    requirements,
    differences,
    network,
    ec2,
    encryption_rest,
    encryption_volumes,
    encryption_load_balancers,
    encryption_edge,
    encryption_transit,
    iam,
    iam_principals,
    secrets,
    secret_outputs,
    rds,
    operations,
    portability,
    documentation,
    tagging,
    suppressions,
    deployment_iam,
    deployment_lambda,
    deployment_rds,
    deployment_load_balancers,
    deployment_schedules,
    deployment_limits,
    deployment_edge,
    deployment_wiring,
    deployment_constraints,
]


@cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for family in _FAMILIES:
        for rule in family.RULES:
            meta = rule.meta
            if meta.id in seen:
                raise ValueError(f"rule id {meta.id} is used twice ({seen[meta.id]} and {family.__name__})")
            seen[meta.id] = family.__name__
            rules.append(rule)
    names = [r.meta.name for r in rules]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"rule names used twice: {sorted(duplicates)}")
    return tuple(sorted(rules, key=lambda r: (r.meta.family, r.meta.id)))


def get_rule(rule_id_or_name: str) -> Rule | None:
    key = rule_id_or_name.upper()
    for rule in all_rules():
        if rule.meta.id == key or rule.meta.name == rule_id_or_name:
            return rule
    return None
