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


def _visit(module: Module, carrying_vars: set[str], prefix: str, found: list[UnsuffixedName], depth: int,
           wanted: str) -> None:
    carrying_vars = carrying_vars | {v for v in module.variables if normalized(v) == wanted}
    carrying_locals = _carrying_locals(module, carrying_vars)

    def carries(text: str) -> bool:
        variables = set(_VAR.findall(text))
        return bool(variables & carrying_vars or set(_LOCAL.findall(text)) & carrying_locals
                    or any(normalized(v) == wanted for v in variables))

    for resource in module.resources.values():
        if resource.mode != "managed" or not resource.type.startswith("aws_") or resource.type in NOT_IDENTITIES:
            continue
        if any(resource.attribute(a) is not None for a in UNIQUE_BY_CONSTRUCTION):
            continue
        for argument in NAME_ARGUMENTS:
            attr = resource.attribute(argument)
            if attr is None:
                continue
            text = attr.expr.text()
            if _REFERENCE_ONLY.match(text) or carries(text):
                break  # a name taken from another object, or one that carries the suffix
            found.append(_unsuffixed(resource, attr, argument, text, prefix))
            break
    if depth >= 8:
        return
    for call in module.module_calls.values():
        if call.child is None:
            continue
        passed = {a.name for a in call.block.body.attributes if carries(a.expr.text())}
        _visit(call.child, passed, f"{prefix}module.{call.name}.", found, depth + 1, wanted)


def _carrying_locals(module: Module, carrying_vars: set[str]) -> set[str]:
    carrying: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, local in module.locals.items():
            if name in carrying:
                continue
            text = local.expr.text()
            if set(_VAR.findall(text)) & carrying_vars or set(_LOCAL.findall(text)) & carrying:
                carrying.add(name)
                changed = True
    return carrying


def _unsuffixed(resource: Resource, attr: Attribute, argument: str, text: str, prefix: str) -> UnsuffixedName:
    value = " ".join(text.split())
    return UnsuffixedName(f"{prefix}{resource.address}", resource.type, argument,
                          value if len(value) <= 60 else value[:57] + "...", attr.filename or "", attr.line, attr.col)
