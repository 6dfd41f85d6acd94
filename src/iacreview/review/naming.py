"""Resource names that leave out the suffix the task requires in every name.

Tasks that are deployed many times side by side (one stack per pull request,
per environment, per CI run) ask for every resource name to include a suffix
variable: "resource names must include environmentSuffix for uniqueness".
A fixed name collides with the next deployment, and for S3 buckets with
everyone's. Whether a name carries the suffix is read through the places it
may travel: the variable itself, locals built from it, and module inputs set
from it, into the child module's variables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from iacreview.hcl import Attribute
from iacreview.model.config import Configuration
from iacreview.model.module import Module, Resource

#: Arguments that name a resource (and so must be unique where the resource lives).
NAME_ARGUMENTS = ("name", "bucket", "function_name", "identifier", "cluster_identifier", "alarm_name", "family",
                  "replication_group_id")
#: Arguments with which AWS or Terraform makes the name unique: nothing to collide.
UNIQUE_BY_CONSTRUCTION = ("name_prefix", "bucket_prefix", "identifier_prefix")
#: Resource types whose `name` is a DNS name, or a label inside another (named) resource, not an identity.
NOT_IDENTITIES = ("aws_route53_record", "aws_route53_zone", "aws_acm_certificate", "aws_iam_role_policy",
                  "aws_api_gateway_resource", "aws_api_gateway_stage", "aws_apigatewayv2_stage",
                  "aws_apigatewayv2_route", "aws_lb_listener_rule", "aws_ses_domain_identity",
                  "aws_cloudwatch_log_stream", "aws_glue_catalog_table", "aws_lambda_alias",
                  "aws_appautoscaling_policy", "aws_autoscaling_policy", "aws_ecs_service")
_VAR = re.compile(r"\bvar\.([A-Za-z_][\w-]*)")
_LOCAL = re.compile(r"\blocal\.([A-Za-z_][\w-]*)")
_REFERENCE_ONLY = re.compile(r"^\s*(?:data\.)?[a-z][a-z0-9]*_[\w]+\.[\w-]+(?:\[[^\]]*\])?(?:\.[\w-]+)*\s*$|^\s*module\.")


@dataclass(frozen=True)
class UnsuffixedName:
    address: str
    resource_type: str
    argument: str
    value: str
    file: str
    line: int
    col: int


def normalized(name: str) -> str:
    """`environmentSuffix`, `environment_suffix` and `environment-suffix` are one name."""
    return re.sub(r"[_-]", "", name).lower()


def declares_suffix(config: Configuration, suffix: str) -> bool:
    return any(normalized(v) == normalized(suffix) for v in config.root.variables)


def names_without_suffix(config: Configuration, suffix: str) -> list[UnsuffixedName]:
    """Every named resource of every loaded module whose name does not carry `suffix`."""
    found: list[UnsuffixedName] = []
    _visit(config.root, set(), "", found, 0, normalized(suffix))
    return found


def _visit(module: Module, passed: set[str], prefix: str, found: list[UnsuffixedName], depth: int,
           wanted: str) -> None:
    """`passed`: the module's variables set from the suffix by its caller; a variable named like it carries it too."""
    def carrying_var(name: str) -> bool:
        return name in passed or normalized(name) == wanted

    carrying_locals = _carrying_locals(module, carrying_var)

    def carries(text: str) -> bool:
        return any(map(carrying_var, _VAR.findall(text))) or bool(set(_LOCAL.findall(text)) & carrying_locals)

    for resource in module.resources.values():
        if resource.mode != "managed" or not resource.type.startswith("aws_") or resource.type in NOT_IDENTITIES:
            continue
        if any(resource.attribute(a) is not None for a in UNIQUE_BY_CONSTRUCTION):
            continue
        named = next(((n, a) for n in NAME_ARGUMENTS if (a := resource.attribute(n)) is not None), None)
        if named is None:
            continue
        argument, attr = named
        text = attr.expr.text()
        # A name taken from another object, or one that carries the suffix, is fine.
        if not (_REFERENCE_ONLY.match(text) or carries(text)):
            found.append(_unsuffixed(resource, attr, argument, text, prefix))
    if depth >= 8:
        return
    for call in module.module_calls.values():
        if call.child is not None:
            inputs = {a.name for a in call.block.body.attributes if carries(a.expr.text())}
            _visit(call.child, inputs, f"{prefix}module.{call.name}.", found, depth + 1, wanted)


def _carrying_locals(module: Module, carrying_var: Callable[[str], bool]) -> set[str]:
    carrying: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, local in module.locals.items():
            if name in carrying:
                continue
            text = local.expr.text()
            if any(map(carrying_var, _VAR.findall(text))) or set(_LOCAL.findall(text)) & carrying:
                carrying.add(name)
                changed = True
    return carrying


def _unsuffixed(resource: Resource, attr: Attribute, argument: str, text: str, prefix: str) -> UnsuffixedName:
    value = " ".join(text.split())
    return UnsuffixedName(f"{prefix}{resource.address}", resource.type, argument,
                          value if len(value) <= 60 else value[:57] + "...", attr.filename or "", attr.line, attr.col)
