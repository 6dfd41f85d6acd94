"""Deployment: what AWS checks of load balancers, target groups and listeners at apply time.

Names and name prefixes over their length or with characters AWS refuses, an
application load balancer in one subnet, an HTTPS listener without a
certificate. Values are judged after evaluation, so a name built from variables
(with their defaults or tfvars) is checked as AWS will see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import REJECTED, TF, deploy_meta, string_rule
from iacreview.rules.context import RuleContext

LB, TG = ("aws_lb", "aws_alb"), ("aws_lb_target_group", "aws_alb_target_group")
LB_REF = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"
TG_REF = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"


def _lb_name(value: str) -> str | None:
    if len(value) > 32:
        return f"is {len(value)} characters long (at most 32)"
    if not re.fullmatch(r"[A-Za-z0-9-]+", value):
        return "has characters other than letters, digits and hyphens"
    if value.startswith("-") or value.endswith("-"):
        return "begins or ends with a hyphen"
    if value.lower().startswith("internal-") and len(value) > 0:
        return 'begins with "internal-", which AWS reserves'
    return None


LB_NAME = deploy_meta(
    "DEP040", "lb-name-invalid", "critical", "Load balancer name is over 32 characters or not alphanumeric with hyphens",
    rationale="A load balancer name has at most 32 characters, only letters, digits and hyphens, does not begin or "
    "end with a hyphen and does not begin with internal-. CreateLoadBalancer rejects others (ValidationError: "
    "LoadBalancer name cannot be longer than 32 characters). Names built as ${project}-${environment}-alb often "
    "pass in a short example and fail with real values.",
    fix="Shorten the name (substr(…, 0, 32)), or use name_prefix and let AWS add a suffix.",
    bad='variable "project" {\n  default = "customer-portal"\n}\n\nvariable "environment" {\n  default = "production"\n}\n\nresource "aws_lb" "app" {\n  name    = "${var.project}-${var.environment}-application-lb"\n  subnets = ["subnet-a", "subnet-b"]\n}\n',
    good='variable "project" {\n  default = "customer-portal"\n}\n\nvariable "environment" {\n  default = "production"\n}\n\nresource "aws_lb" "app" {\n  name    = substr("${var.project}-${var.environment}-alb", 0, 32)\n  subnets = ["subnet-a", "subnet-b"]\n}\n',
    references=(LB_REF, TF + "lb"),
    impact=REJECTED,
    training_value="Teaches the model the load balancer naming limits AWS enforces.",
    resource_types=LB,
)

TG_NAME = deploy_meta(
    "DEP041", "lb-target-group-name-invalid", "critical", "Target group name is over 32 characters or not alphanumeric with hyphens",
    rationale="A target group name has at most 32 characters, only letters, digits and hyphens, and does not begin "
    "or end with a hyphen. CreateTargetGroup rejects others (ValidationError: Target group name cannot be longer "
    "than '32' characters).",
    fix="Shorten the name, or use name_prefix (at most 6 characters).",
    bad='variable "project" {\n  default = "customer-portal"\n}\n\nvariable "environment" {\n  default = "production"\n}\n\nresource "aws_lb_target_group" "api" {\n  name     = "${var.project}-${var.environment}-api-targets"\n  port     = 80\n  protocol = "HTTP"\n  vpc_id   = "vpc-1"\n}\n',
    good='variable "project" {\n  default = "customer-portal"\n}\n\nvariable "environment" {\n  default = "production"\n}\n\nresource "aws_lb_target_group" "api" {\n  name     = "${var.environment}-api"\n  port     = 80\n  protocol = "HTTP"\n  vpc_id   = "vpc-1"\n}\n',
    references=(TG_REF, TF + "lb_target_group"),
    impact=REJECTED,
    training_value="Teaches the model the target group naming limits AWS enforces.",
    resource_types=TG,
)


def _tg_name(value: str) -> str | None:
    why = _lb_name(value)
    return None if why and "internal-" in why else why


PREFIX = deploy_meta(
    "DEP042", "lb-name-prefix-too-long", "critical", "Load balancer or target group name_prefix is longer than 6 characters",
    rationale="With name_prefix the provider appends a 26-character unique suffix, so the prefix may have at most 6 "
    "characters for the result to fit the 32-character limit. Longer prefixes fail (name_prefix cannot be longer "
    "than 6 characters).",
    fix="Use a prefix of at most 6 characters, or a fixed name.",
    bad='resource "aws_lb_target_group" "api" {\n  name_prefix = "api-tg-"\n  port        = 80\n  protocol    = "HTTP"\n'
    "  vpc_id      = var.vpc_id\n}\n",
    good='resource "aws_lb_target_group" "api" {\n  name_prefix = "api-"\n  port        = 80\n  protocol    = "HTTP"\n'
    "  vpc_id      = var.vpc_id\n}\n",
    references=(TG_REF, TF + "lb_target_group#name_prefix"),
    impact=REJECTED,
    training_value="Teaches the model how name_prefix and the 32-character limit interact.",
    resource_types=LB + TG,
)


def _prefix(value: str) -> str | None:
    return f"is {len(value)} characters long (at most 6)" if len(value) > 6 else None


SINGLE_SUBNET = deploy_meta(
    "DEP043", "alb-single-subnet", "critical", "Application Load Balancer is given subnets in fewer than two Availability Zones",
    rationale="An Application Load Balancer needs subnets in at least two Availability Zones. CreateLoadBalancer "
    "with one subnet fails (ValidationError: At least two subnets in two different Availability Zones must be "
    "specified).",
    fix="Pass one subnet in each of at least two Availability Zones.",
    bad='resource "aws_lb" "app" {\n  name    = "app"\n  subnets = [aws_subnet.public_a.id]\n}\n',
    good='resource "aws_lb" "app" {\n  name    = "app"\n  subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]\n}\n',
    references=(LB_REF, "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer"),
    impact=REJECTED,
    training_value="Teaches the model that ALBs span at least two Availability Zones.",
    resource_types=LB,
)


def _single_subnet(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for lb in ctx.of_type(*LB):
        if lb.py("load_balancer_type", "application") != "application":
            continue
        attr = lb.attr("subnets")
        if attr is not None:
            subnets = lb.py("subnets")
            count = len(subnets) if isinstance(subnets, list) else _literal_length(attr)
            if count == 1:
                yield finding(meta, attr, f"{lb.address}: one subnet; an ALB needs two Availability Zones",
                              address=lb.address)
        elif len(mappings := lb.blocks("subnet_mapping")) == 1:
            yield finding(meta, mappings[0].block, f"{lb.address}: one subnet_mapping; an ALB needs two Availability "
                          "Zones", address=lb.address)


def _literal_length(attr: N.Attribute) -> int | None:
    """How many subnets `[a.id, b.id]` lists when the ids are unknown: only plain one-instance references count."""
    expr = attr.expr
    if not isinstance(expr, N.Tuple):
        return None
    for item in expr.items:
        parts = N.traversal_parts(item)
        if parts is None or parts[0] in ("var", "local", "module", "data") or len(parts) != 3:
            return None  # a list variable, a splat, an indexed count instance: cannot count
    return len(expr.items)


HTTPS_CERT = deploy_meta(
    "DEP044", "lb-https-listener-without-certificate", "critical", "HTTPS or TLS listener has no certificate",
    rationale="An HTTPS (ALB) or TLS (NLB) listener needs a server certificate. CreateListener without one fails "
    "(ValidationError: A certificate must be specified for HTTPS listeners).",
    fix="Set certificate_arn to an issued ACM certificate (wait for aws_acm_certificate_validation).",
    bad='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n\n  default_action {\n    type             = "forward"\n'
    "    target_group_arn = aws_lb_target_group.app.arn\n  }\n}\n",
    good='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.app.arn\n  port              = 443\n'
    '  protocol          = "HTTPS"\n  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n'
    "  certificate_arn   = aws_acm_certificate_validation.app.certificate_arn\n\n  default_action {\n"
    '    type             = "forward"\n    target_group_arn = aws_lb_target_group.app.arn\n  }\n}\n',
    references=("https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
                TF + "lb_listener"),
    impact=REJECTED,
    training_value="Teaches the model that HTTPS listeners need a certificate.",
    resource_types=("aws_lb_listener", "aws_alb_listener"),
)


def _https_cert(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for listener in ctx.of_type(*meta.resource_types):
        protocol = listener.py("protocol")
        if isinstance(protocol, str) and protocol.upper() in ("HTTPS", "TLS") and listener.attr("certificate_arn") is None:
            yield finding(meta, listener.node("protocol"), f"{listener.address}: {protocol} listener without "
                          "certificate_arn", address=listener.address)


RULES = [
    string_rule(LB_NAME, "name", _lb_name),
    string_rule(TG_NAME, "name", _tg_name),
    string_rule(PREFIX, "name_prefix", _prefix),
    Rule(SINGLE_SUBNET, _single_subnet),
    Rule(HTTPS_CERT, _https_cert),
]
