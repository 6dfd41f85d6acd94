"""Deployment: argument values the AWS API rejects, from constraints in AWS's own API models.

rules/data/aws_value_constraints.json maps provider arguments to the botocore
model member they are sent as (enums, lengths, patterns, numeric ranges); see
scripts/gen_value_constraints.py for how a mapping is accepted as unambiguous.
The table is read the first time a configuration has a resource type it covers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from iacreview.rules import aws_facts as F
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import deploy_meta
from iacreview.rules.context import RuleContext

API_VALUE = deploy_meta(
    "DEP080", "aws-api-value-constraint", "critical",
    "Argument value breaks a constraint of the AWS API it is sent to (enum, length, pattern, range)",
    rationale="terraform validate checks types, not the values each AWS API accepts. The service models AWS publishes "
    "(botocore's, the source of the AWS CLI and SDKs) state them: allowed values, minimum and maximum length, the "
    "pattern a string must match, and numeric ranges. A value outside them is rejected when the resource is "
    "created (ValidationException: 1 validation error detected: Value … failed to satisfy constraint).",
    fix="Use a value the API accepts; the finding names the API member and the constraint.",
    bad='resource "aws_lb_target_group" "api" {\n  name        = "api"\n  port        = 80\n  protocol    = "HTTP"\n'
    '  target_type = "container"\n  vpc_id      = "vpc-1"\n}\n',
    good='resource "aws_lb_target_group" "api" {\n  name        = "api"\n  port        = 80\n  protocol    = "HTTP"\n'
    '  target_type = "ip"\n  vpc_id      = "vpc-1"\n}\n',
    references=("https://github.com/boto/botocore/tree/develop/botocore/data",
                "https://docs.aws.amazon.com/cli/latest/reference/",
                "https://github.com/terraform-linters/tflint-ruleset-aws"),
    impact=Impact(performance="The resource cannot be created; the apply stops"),
    training_value="Teaches the model the values AWS APIs accept, not just the types Terraform checks.",
    resource_types=(),
)


def _table() -> dict[str, str]:
    """Resource type -> its constraints as a JSON string (decoded by `_constraints` when a configuration has it)."""
    return F._data("aws_value_constraints.json")["constraints"]


@cache
def _constraints(rtype: str) -> dict[str, dict[str, Any]]:
    return json.loads(_table()[rtype])


@cache
def _pattern(text: str) -> re.Pattern[str] | None:
    try:
        return re.compile(text)
    except re.error:
        return None


def violation(rule: dict[str, Any], value: Any) -> str | None:
    """What is wrong with `value` under one constraint entry, or None."""
    if rule["kind"] == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if "min" in rule and value < rule["min"]:
            return f"is below the minimum {rule['min']}"
        if "max" in rule and value > rule["max"]:
            return f"is above the maximum {rule['max']}"
        return None
    if not isinstance(value, str) or value == "" or "${" in value:
        return None  # "" means unset to the provider; templates are not values
    if "enum" in rule and value.lower() not in {e.lower() for e in rule["enum"]}:
        shown = ", ".join(rule["enum"][:12]) + (", …" if len(rule["enum"]) > 12 else "")
        return f"is not one of {shown}"
    if "max" in rule and len(value) > rule["max"]:
        return f"is {len(value)} characters long (at most {rule['max']})"
    if "min" in rule and len(value) < rule["min"]:
        return f"is {len(value)} characters long (at least {rule['min']})"
    pattern = _pattern(rule["pattern"]) if "pattern" in rule else None
    if pattern is not None and not pattern.fullmatch(value):
        return f"does not match the pattern {rule['pattern']}"
    return None


def _api_values(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    types = ctx.present_types()
    if not types:
        return
    table = _table()
    for rtype in sorted(types & set(table)):
        for view in ctx.of_type(rtype):
            for attr, rule in _constraints(rtype).items():
                if view.attr(attr) is None:
                    continue
                value = view.py(attr)
                why = violation(rule, value)
                if why:
                    yield finding(meta, view.node(attr), f"{view.address}: {attr} = {value!r} {why} "
                                  f"({rule['api']})", address=view.address)


RULES = [Rule(API_VALUE, _api_values)]
