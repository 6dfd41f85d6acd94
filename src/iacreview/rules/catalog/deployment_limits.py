"""Deployment: limits and formats AWS checks at apply time and terraform validate does not.

Load balancer and target group names, schedules (rate and cron), S3 lifecycle
day counts and bucket names, Auto Scaling sizes, ElastiCache failover, Fargate
task settings, FIFO names, alarm periods and CloudFront's us-east-1 and global
scope requirements. Values are judged after evaluation, so a name built from
variables (with their defaults or tfvars) is checked as AWS will see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from iacreview.eval.values import to_python
from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import TF, deploy_meta, from_working_directory, hand_table, referenced
from iacreview.rules.context import BlockView, ResourceView, RuleContext

_REJECTED = Impact(performance="The resource cannot be created; the apply stops and dependent resources are not deployed")
LB, TG = ("aws_lb", "aws_alb"), ("aws_lb_target_group", "aws_alb_target_group")
LB_REF = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html"
TG_REF = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html"


def _string_rule(meta: RuleMeta, arg: str, problem: Callable[[str], str | None],
                 applies: Callable[[ResourceView], bool] | None = None) -> Rule:
    """A rule on one string argument of the rule's resource types: `problem(value)` says what is wrong, or None."""
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for view in ctx.of_type(*meta.resource_types):
            value = view.py(arg)
            if isinstance(value, str) and (applies is None or applies(view)) and (why := problem(value)) \
                    and not from_working_directory(view, view.attr(arg)):
                yield finding(meta, view.node(arg), f"{view.address}: {arg} {value!r} {why}", address=view.address)

    return Rule(meta, check)


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
    impact=_REJECTED,
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
    impact=_REJECTED,
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
    impact=_REJECTED,
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
    impact=_REJECTED,
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
    impact=_REJECTED,
    training_value="Teaches the model that HTTPS listeners need a certificate.",
    resource_types=("aws_lb_listener", "aws_alb_listener"),
)


def _https_cert(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for listener in ctx.of_type(*meta.resource_types):
        protocol = listener.py("protocol")
        if isinstance(protocol, str) and protocol.upper() in ("HTTPS", "TLS") and listener.attr("certificate_arn") is None:
            yield finding(meta, listener.node("protocol"), f"{listener.address}: {protocol} listener without "
                          "certificate_arn", address=listener.address)


SCHEDULE_REF = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"
SCHEDULER_REF = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html"
SCHEDULE_TYPES = ("aws_cloudwatch_event_rule", "aws_scheduler_schedule")
_RATE = re.compile(r"rate\(\s*(\d+)\s+([a-zA-Z]+)\s*\)")


def _rate_too_fast(expr: str) -> str | None:
    m = _RATE.fullmatch(expr.strip())
    if m is None:
        return None
    value, unit = int(m.group(1)), m.group(2).lower()
    if unit in ("second", "seconds"):
        return "is below the one-minute minimum"
    if value == 0:
        return "must be a positive number"
    return None


def _rate_unit(expr: str) -> str | None:
    m = _RATE.fullmatch(expr.strip())
    if m is None:
        return None
    value, unit = int(m.group(1)), m.group(2).lower()
    if unit.rstrip("s") not in ("minute", "hour", "day"):
        return None if unit.rstrip("s") == "second" else f"has unit {unit!r}; use minute(s), hour(s) or day(s)"
    if value == 1 and unit.endswith("s"):
        return f"needs the singular unit for 1: rate(1 {unit[:-1]})"
    if value > 1 and not unit.endswith("s"):
        return f"needs the plural unit for {value}: rate({value} {unit}s)"
    return None


RATE_FAST = deploy_meta(
    "DEP045", "schedule-rate-below-one-minute", "critical", "EventBridge schedule rate is below one minute",
    rationale="EventBridge rules and EventBridge Scheduler run at most once a minute: rate expressions take minutes, "
    "hours or days, and rate(10 seconds) is rejected (ValidationException: Parameter ScheduleExpression is not "
    "valid).",
    fix="Use rate(1 minute) or slower; for sub-minute work, loop inside the target or use Step Functions.",
    bad='resource "aws_cloudwatch_event_rule" "tick" {\n  schedule_expression = "rate(30 seconds)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "tick" {\n  schedule_expression = "rate(1 minute)"\n}\n',
    references=(SCHEDULE_REF, SCHEDULER_REF, TF + "cloudwatch_event_rule"),
    impact=_REJECTED,
    training_value="Teaches the model EventBridge's one-minute schedule resolution.",
    resource_types=SCHEDULE_TYPES,
)

RATE_UNIT = deploy_meta(
    "DEP046", "schedule-rate-unit-mismatch", "critical", "EventBridge rate expression uses the wrong singular/plural unit",
    rationale="A rate expression takes a singular unit for the value 1 (rate(1 minute)) and a plural unit for larger "
    "values (rate(5 minutes)). EventBridge rejects rate(1 minutes) and rate(5 minute) (ValidationException: "
    "Parameter ScheduleExpression is not valid).",
    fix="Write rate(1 minute|hour|day) or rate(N minutes|hours|days).",
    bad='resource "aws_cloudwatch_event_rule" "hourly" {\n  schedule_expression = "rate(1 hours)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "hourly" {\n  schedule_expression = "rate(1 hour)"\n}\n',
    references=(SCHEDULE_REF, TF + "cloudwatch_event_rule"),
    impact=_REJECTED,
    training_value="Teaches the model the exact rate-expression grammar.",
    resource_types=SCHEDULE_TYPES,
)


def _cron(expr: str) -> str | None:
    expr = expr.strip()
    if not (expr.startswith("cron(") and expr.endswith(")")):
        return None
    fields = expr[5:-1].split()
    if len(fields) != 6:
        return (f"has {len(fields)} fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week "
                "year)")
    dom, dow = fields[2], fields[4]
    if dom != "?" and dow != "?":
        return "sets both day-of-month and day-of-week; one of them must be ?"
    if dom == "?" and dow == "?":
        return "has ? in both day-of-month and day-of-week; only one may be ?"
    return None


CRON = deploy_meta(
    "DEP047", "schedule-cron-invalid", "critical", "EventBridge cron expression does not have six fields with one ? day field",
    rationale="EventBridge cron expressions have six fields (minutes, hours, day-of-month, month, day-of-week, year), "
    "not Unix cron's five, and exactly one of day-of-month and day-of-week must be ?. Others are rejected "
    "(ValidationException: Parameter ScheduleExpression is not valid).",
    fix='Write e.g. cron(0 2 * * ? *) for 02:00 UTC daily.',
    bad='resource "aws_cloudwatch_event_rule" "nightly" {\n  schedule_expression = "cron(0 2 * * *)"\n}\n',
    good='resource "aws_cloudwatch_event_rule" "nightly" {\n  schedule_expression = "cron(0 2 * * ? *)"\n}\n',
    references=(SCHEDULE_REF, SCHEDULER_REF, TF + "cloudwatch_event_rule"),
    impact=_REJECTED,
    training_value="Teaches the model EventBridge's cron dialect.",
    resource_types=SCHEDULE_TYPES,
)

LIFECYCLE_REF = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html"
LIFECYCLE_TYPES = ("aws_s3_bucket_lifecycle_configuration",)
_IA = ("STANDARD_IA", "ONEZONE_IA")


def _rule_blocks(view: ResourceView) -> Iterator[BlockView]:
    for rule in view.blocks("rule"):
        if rule.py("status", "Enabled") == "Enabled":
            yield rule


IA_30 = deploy_meta(
    "DEP048", "s3-lifecycle-ia-before-30-days", "critical", "S3 lifecycle moves objects to STANDARD_IA/ONEZONE_IA before 30 days",
    rationale="Objects must stay in S3 Standard at least 30 days before a lifecycle transition to Standard-IA or "
    "One Zone-IA (the same for noncurrent versions). PutBucketLifecycleConfiguration rejects fewer days "
    "(InvalidArgument: 'Days' in Transition action must be greater than or equal to 30 for storageClass "
    "'STANDARD_IA').",
    fix="Transition to STANDARD_IA after 30 days or more, or to GLACIER_IR/INTELLIGENT_TIERING earlier.",
    bad='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n'
    '    id     = "tiering"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 7\n'
    '      storage_class = "STANDARD_IA"\n    }\n  }\n}\n',
    good='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n'
    '    id     = "tiering"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 30\n'
    '      storage_class = "STANDARD_IA"\n    }\n  }\n}\n',
    references=(LIFECYCLE_REF, TF + "s3_bucket_lifecycle_configuration"),
    impact=_REJECTED,
    training_value="Teaches the model S3's minimum days before infrequent-access transitions.",
    resource_types=LIFECYCLE_TYPES,
)


def _ia_30(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(*LIFECYCLE_TYPES):
        for rule in _rule_blocks(view):
            for kind, days_arg in (("transition", "days"), ("noncurrent_version_transition", "noncurrent_days")):
                for t in rule.blocks(kind):
                    days, cls = t.py(days_arg), t.py("storage_class")
                    if isinstance(days, int) and cls in _IA and days < 30:
                        yield finding(meta, t.attr(days_arg) or t.block, f"{view.address}: {kind} to {cls} after "
                                      f"{days} days (at least 30)", address=view.address)


EXPIRE_ORDER = deploy_meta(
    "DEP049", "s3-lifecycle-expiration-not-after-transition", "critical",
    "S3 lifecycle expires objects no later than it transitions them",
    rationale="In one lifecycle rule, the Expiration days must be greater than the days of every Transition. "
    "PutBucketLifecycleConfiguration rejects the rule otherwise (InvalidArgument: 'Days' in the Expiration action "
    "for filter … must be greater than 'Days' in the Transition action).",
    fix="Expire after the last transition (e.g. transition at 30 and 90 days, expire at 365), or drop the transition.",
    bad='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n'
    '    id     = "logs"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 90\n'
    '      storage_class = "GLACIER"\n    }\n    expiration {\n      days = 30\n    }\n  }\n}\n',
    good='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n'
    '    id     = "logs"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 30\n'
    '      storage_class = "GLACIER"\n    }\n    expiration {\n      days = 90\n    }\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html",
                TF + "s3_bucket_lifecycle_configuration"),
    impact=_REJECTED,
    training_value="Teaches the model to order lifecycle transitions before expiration.",
    resource_types=LIFECYCLE_TYPES,
)


def _expire_order(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(*LIFECYCLE_TYPES):
        for rule in _rule_blocks(view):
            days = [d for t in rule.blocks("transition") if isinstance(d := t.py("days"), int)]
            for exp in rule.blocks("expiration"):
                limit = exp.py("days")
                if isinstance(limit, int) and days and limit <= max(days):
                    yield finding(meta, exp.attr("days") or exp.block, f"{view.address}: expiration after {limit} days "
                                  f"is not after the transition at {max(days)} days", address=view.address)


ASG = deploy_meta(
    "DEP050", "asg-size-bounds-inconsistent", "critical", "Auto Scaling group min_size, max_size and desired_capacity are inconsistent",
    rationale="An Auto Scaling group needs min_size <= desired_capacity <= max_size. CreateAutoScalingGroup rejects "
    "others (ValidationError: Max bound, 1, must be greater than or equal to min bound, 2 / Desired capacity:3 must "
    "be between the specified min size:1 and max size:2).",
    fix="Keep min_size <= desired_capacity <= max_size for every environment's values.",
    bad='resource "aws_autoscaling_group" "web" {\n  min_size         = 2\n  max_size         = 1\n'
    "  desired_capacity = 2\n}\n",
    good='resource "aws_autoscaling_group" "web" {\n  min_size         = 1\n  max_size         = 3\n'
    "  desired_capacity = 2\n}\n",
    references=("https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html",
                TF + "autoscaling_group"),
    impact=_REJECTED,
    training_value="Teaches the model to keep scaling bounds consistent across variables.",
    resource_types=("aws_autoscaling_group",),
)


def _asg(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for asg in ctx.of_type("aws_autoscaling_group"):
        low, high, want = asg.py("min_size"), asg.py("max_size"), asg.py("desired_capacity")
        if not (isinstance(low, int) and isinstance(high, int)):
            continue
        if low > high:
            yield finding(meta, asg.node("max_size"), f"{asg.address}: max_size {high} is below min_size {low}",
                          address=asg.address)
        elif isinstance(want, int) and not low <= want <= high:
            yield finding(meta, asg.node("desired_capacity"), f"{asg.address}: desired_capacity {want} is outside "
                          f"{low}..{high}", address=asg.address)


FAILOVER = deploy_meta(
    "DEP051", "elasticache-failover-single-node", "critical", "ElastiCache automatic failover with fewer than two nodes",
    rationale="Automatic failover (and Multi-AZ) promotes a replica, so a replication group with it enabled needs at "
    "least two cache clusters (a primary and a replica). CreateReplicationGroup rejects one (InvalidParameterValue: "
    "NumCacheClusters must be at least 2 when automatic failover is enabled).",
    fix="Set num_cache_clusters = 2 or more (or replicas_per_node_group >= 1), or disable automatic failover.",
    bad='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id       = "cache"\n'
    '  description                = "cache"\n  node_type                  = "cache.t3.micro"\n'
    "  num_cache_clusters         = 1\n  automatic_failover_enabled = true\n}\n",
    good='resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id       = "cache"\n'
    '  description                = "cache"\n  node_type                  = "cache.t3.micro"\n'
    "  num_cache_clusters         = 2\n  automatic_failover_enabled = true\n}\n",
    references=("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
                TF + "elasticache_replication_group"),
    impact=_REJECTED,
    training_value="Teaches the model that failover needs a replica.",
    resource_types=("aws_elasticache_replication_group",),
)


def _failover(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for rg in ctx.of_type("aws_elasticache_replication_group"):
        if rg.py("automatic_failover_enabled") is not True and rg.py("multi_az_enabled") is not True:
            continue
        if any(rg.attr(a) is not None for a in ("num_node_groups", "replicas_per_node_group", "global_replication_group_id")) \
                or rg.blocks("cluster_mode"):
            continue
        # number_cache_clusters is the provider's older name (v3 and before) for num_cache_clusters.
        arg = next((a for a in ("num_cache_clusters", "number_cache_clusters") if rg.attr(a) is not None), None)
        count = rg.py(arg) if arg else 1
        if isinstance(count, int) and count < 2:
            yield finding(meta, rg.node(arg), f"{rg.address}: {count} cache cluster(s) with "
                          "automatic failover / Multi-AZ", address=rg.address)


FARGATE_REF = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html"
TASK_REF = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size"


def _fargate(view: ResourceView) -> bool:
    compat = view.py("requires_compatibilities")
    return isinstance(compat, list) and "FARGATE" in compat


FARGATE_NETWORK = deploy_meta(
    "DEP052", "fargate-network-mode-not-awsvpc", "critical", "Fargate task definition does not use network_mode awsvpc",
    rationale="Fargate tasks require the awsvpc network mode. RegisterTaskDefinition with FARGATE compatibility and "
    "another (or the default bridge) mode fails (ClientException: Fargate only supports network mode 'awsvpc').",
    fix='Set network_mode = "awsvpc" (and give the service network_configuration).',
    bad='resource "aws_ecs_task_definition" "app" {\n  family                   = "app"\n'
    '  requires_compatibilities = ["FARGATE"]\n  cpu                      = "256"\n  memory                   = "512"\n'
    "  container_definitions    = jsonencode([])\n}\n",
    good='resource "aws_ecs_task_definition" "app" {\n  family                   = "app"\n'
    '  requires_compatibilities = ["FARGATE"]\n  network_mode             = "awsvpc"\n  cpu                      = "256"\n'
    '  memory                   = "512"\n  container_definitions    = jsonencode([])\n}\n',
    references=(FARGATE_REF, TF + "ecs_task_definition"),
    impact=_REJECTED,
    training_value="Teaches the model Fargate's networking requirement.",
    resource_types=("aws_ecs_task_definition",),
)


def _fargate_network(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for td in ctx.of_type("aws_ecs_task_definition"):
        mode = td.py("network_mode", "bridge")
        if _fargate(td) and isinstance(mode, str) and mode != "awsvpc":
            yield finding(meta, td.node("network_mode" if td.attr("network_mode") else "requires_compatibilities"),
                          f"{td.address}: FARGATE with network_mode {mode!r}", address=td.address)


_FARGATE_SIZES: dict[int, set[int]] = hand_table("Fargate task CPU and memory pairs", TASK_REF, "2026-12-07", {
    256: {512, 1024, 2048},
    512: set(range(1024, 4097, 1024)),
    1024: set(range(2048, 8193, 1024)),
    2048: set(range(4096, 16385, 1024)),
    4096: set(range(8192, 30721, 1024)),
    8192: set(range(16384, 61441, 4096)),
    16384: set(range(32768, 122881, 8192)),
})

FARGATE_SIZE = deploy_meta(
    "DEP053", "fargate-cpu-memory-combination", "critical", "Fargate task cpu and memory are not a supported combination",
    rationale="Fargate offers fixed CPU and memory pairs (256 CPU units with 512, 1024 or 2048 MiB; 512 with 1-4 GB; "
    "1024 with 2-8 GB; 2048 with 4-16 GB; 4096 with 8-30 GB; 8192 with 16-60 GB in 4 GB steps; 16384 with 32-120 GB "
    "in 8 GB steps). Other pairs are rejected (ClientException: No Fargate configuration exists for given values).",
    fix="Pick a supported pair from the task size table, e.g. cpu 512 with memory 1024.",
    bad='resource "aws_ecs_task_definition" "app" {\n  family                   = "app"\n'
    '  requires_compatibilities = ["FARGATE"]\n  network_mode             = "awsvpc"\n  cpu                      = "256"\n'
    '  memory                   = "4096"\n  container_definitions    = jsonencode([])\n}\n',
    good='resource "aws_ecs_task_definition" "app" {\n  family                   = "app"\n'
    '  requires_compatibilities = ["FARGATE"]\n  network_mode             = "awsvpc"\n  cpu                      = "1024"\n'
    '  memory                   = "4096"\n  container_definitions    = jsonencode([])\n}\n',
    references=(TASK_REF, FARGATE_REF, TF + "ecs_task_definition"),
    impact=_REJECTED,
    training_value="Teaches the model Fargate's task size table.",
    resource_types=("aws_ecs_task_definition",),
)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _fargate_size(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for td in ctx.of_type("aws_ecs_task_definition"):
        if not _fargate(td):
            continue
        cpu, memory = _as_int(td.py("cpu")), _as_int(td.py("memory"))
        if cpu is None or memory is None:
            continue
        allowed = _FARGATE_SIZES.get(cpu)
        if allowed is None or memory not in allowed:
            yield finding(meta, td.node("memory"), f"{td.address}: Fargate has no size with cpu {cpu} and memory "
                          f"{memory}", address=td.address)


def _fifo_rule(meta: RuleMeta, flag: str) -> Rule:
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for view in ctx.of_type(*meta.resource_types):
            if view.py(flag) is not True:
                continue
            name = view.py("name")
            if isinstance(name, str) and not name.endswith(".fifo"):
                yield finding(meta, view.node("name"), f"{view.address}: FIFO name {name!r} does not end with .fifo",
                              address=view.address)

    return Rule(meta, check)


SQS_FIFO = deploy_meta(
    "DEP054", "sqs-fifo-name-without-suffix", "critical", "FIFO SQS queue name does not end with .fifo",
    rationale="The name of a FIFO queue must end with the .fifo suffix. CreateQueue with FifoQueue=true and another "
    "name fails (InvalidParameterValue: The name of a FIFO queue can only include alphanumeric characters, hyphens, "
    "or underscores, must end with .fifo suffix).",
    fix='End the name with ".fifo": name = "${var.prefix}-orders.fifo".',
    bad='resource "aws_sqs_queue" "orders" {\n  name       = "orders"\n  fifo_queue = true\n}\n',
    good='resource "aws_sqs_queue" "orders" {\n  name       = "orders.fifo"\n  fifo_queue = true\n}\n',
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html",
                TF + "sqs_queue"),
    impact=_REJECTED,
    training_value="Teaches the model FIFO queue naming.",
    resource_types=("aws_sqs_queue",),
)

SNS_FIFO = deploy_meta(
    "DEP055", "sns-fifo-name-without-suffix", "critical", "FIFO SNS topic name does not end with .fifo",
    rationale="A FIFO topic's name must end with .fifo. CreateTopic with FifoTopic=true and another name fails "
    "(InvalidParameter: Fifo Topic names must end with .fifo).",
    fix='End the name with ".fifo".',
    bad='resource "aws_sns_topic" "orders" {\n  name       = "orders"\n  fifo_topic = true\n}\n',
    good='resource "aws_sns_topic" "orders" {\n  name       = "orders.fifo"\n  fifo_topic = true\n}\n',
    references=("https://docs.aws.amazon.com/sns/latest/dg/fifo-topic-code-examples.html", TF + "sns_topic"),
    impact=_REJECTED,
    training_value="Teaches the model FIFO topic naming.",
    resource_types=("aws_sns_topic",),
)

PERIOD = deploy_meta(
    "DEP056", "cloudwatch-alarm-period-invalid", "critical", "CloudWatch alarm period is not 10, 20, 30 or a multiple of 60 seconds",
    rationale="PutMetricAlarm accepts a Period of 10, 20 or 30 seconds (high-resolution metrics) or any multiple of "
    "60. Other values are rejected (ValidationError: Period must be 10, 20, 30 or a multiple of 60).",
    fix="Use 60, 300 or another multiple of 60 seconds.",
    bad='resource "aws_cloudwatch_metric_alarm" "cpu" {\n  alarm_name          = "cpu"\n  comparison_operator = "GreaterThanThreshold"\n'
    '  evaluation_periods  = 2\n  metric_name         = "CPUUtilization"\n  namespace           = "AWS/EC2"\n'
    '  period              = 90\n  statistic           = "Average"\n  threshold           = 80\n}\n',
    good='resource "aws_cloudwatch_metric_alarm" "cpu" {\n  alarm_name          = "cpu"\n  comparison_operator = "GreaterThanThreshold"\n'
    '  evaluation_periods  = 2\n  metric_name         = "CPUUtilization"\n  namespace           = "AWS/EC2"\n'
    '  period              = 120\n  statistic           = "Average"\n  threshold           = 80\n}\n',
    references=("https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
                TF + "cloudwatch_metric_alarm"),
    impact=_REJECTED,
    training_value="Teaches the model CloudWatch's alarm period rules.",
    resource_types=("aws_cloudwatch_metric_alarm",),
)


def _period(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for alarm in ctx.of_type("aws_cloudwatch_metric_alarm"):
        period = alarm.py("period")
        if isinstance(period, int) and not isinstance(period, bool) and period not in (10, 20, 30) and \
                (period <= 0 or period % 60):
            yield finding(meta, alarm.node("period"), f"{alarm.address}: period {period}", address=alarm.address)


def _bucket_name(value: str) -> str | None:
    if not 3 <= len(value) <= 63:
        return f"is {len(value)} characters long (3 to 63)"
    if not re.fullmatch(r"[a-z0-9.-]+", value):
        return "has characters other than lowercase letters, digits, dots and hyphens"
    if not (value[0].isalnum() and value[-1].isalnum()):
        return "must begin and end with a letter or digit"
    if ".." in value or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", value):
        return "has two adjacent dots or is formatted as an IP address"
    if value.startswith(("xn--", "sthree-")) or value.endswith(("-s3alias", "--ol-s3")):
        return "uses a prefix or suffix AWS reserves"
    return None


BUCKET_NAME = deploy_meta(
    "DEP057", "s3-bucket-name-invalid", "critical", "S3 bucket name breaks the bucket naming rules",
    rationale="Bucket names are 3 to 63 characters of lowercase letters, digits, dots and hyphens, begin and end "
    "with a letter or digit, and avoid reserved prefixes and suffixes. CreateBucket rejects others "
    "(InvalidBucketName). Names built from variables with capitals or underscores (${var.Project}_logs) are the "
    "usual cause.",
    fix="Build names with lower() and hyphens, and keep them within 63 characters (or use bucket_prefix).",
    bad='variable "project" {\n  default = "Payments"\n}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "${var.project}_Logs"\n}\n',
    good='variable "project" {\n  default = "Payments"\n}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = lower("${var.project}-logs")\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html", TF + "s3_bucket"),
    impact=_REJECTED,
    training_value="Teaches the model S3 bucket naming rules when names are built from variables.",
    resource_types=("aws_s3_bucket",),
)


CF_CERT = deploy_meta(
    "DEP058", "cloudfront-certificate-not-in-us-east-1", "critical", "CloudFront uses an ACM certificate outside us-east-1",
    rationale="CloudFront only uses ACM certificates requested or imported in US East (N. Virginia). A distribution "
    "whose viewer_certificate points to a certificate in another Region fails (InvalidViewerCertificate: The "
    "specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid "
    "certificate chain).",
    fix='Request the certificate with a provider aliased to us-east-1: provider = aws.us_east_1.',
    bad='provider "aws" {\n  region = "eu-west-1"\n}\n\nresource "aws_acm_certificate" "site" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n\nresource "aws_cloudfront_distribution" "site" {\n  enabled = true\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n    ssl_support_method  = "sni-only"\n  }\n}\n',
    good='provider "aws" {\n  region = "eu-west-1"\n}\n\nprovider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n\nresource "aws_acm_certificate" "site" {\n  provider          = aws.us_east_1\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n\nresource "aws_cloudfront_distribution" "site" {\n  enabled = true\n  viewer_certificate {\n    acm_certificate_arn = aws_acm_certificate.site.arn\n    ssl_support_method  = "sni-only"\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer",
                TF + "cloudfront_distribution#viewer-certificate-arguments"),
    impact=_REJECTED,
    training_value="Teaches the model CloudFront's us-east-1 certificate requirement.",
    resource_types=("aws_cloudfront_distribution",),
)

_ARN_REGION = re.compile(r"arn:aws[a-z-]*:acm:([a-z0-9-]+):")


def _provider_region(ctx: RuleContext, view: ResourceView) -> str | None:
    """The region of the provider configuration a resource uses, when the configuration states it."""
    attr = view.attr("provider")
    alias = None
    if attr is not None:
        parts = N.traversal_parts(attr.expr)
        if parts and len(parts) == 2:
            alias = parts[1]
    module = view.instance.scope.module
    for prov in module.providers:
        if prov.name == "aws" and prov.alias == alias:
            region_attr = prov.block.body.get_attribute("region")
            if region_attr is None:
                return None
            value = view.instance.scope.try_evaluate(region_attr.expr, {})
            if value is not None and value.is_known and not value.is_null:
                region = to_python(value.unmark_deep()[0])
                return region if isinstance(region, str) else None
            return None
    return None


def _cf_cert(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for dist in ctx.of_type("aws_cloudfront_distribution"):
        for vc in dist.blocks("viewer_certificate"):
            attr = vc.attr("acm_certificate_arn")
            if attr is None:
                continue
            arn = vc.py("acm_certificate_arn")
            if isinstance(arn, str) and (m := _ARN_REGION.match(arn)) and m.group(1) != "us-east-1":
                yield finding(meta, attr, f"{dist.address}: certificate is in {m.group(1)}", address=dist.address)
                continue
            for cert in referenced(ctx, dist, attr, "aws_acm_certificate", "aws_acm_certificate_validation"):
                if cert.type == "aws_acm_certificate_validation":
                    inner = referenced(ctx, cert, "certificate_arn", "aws_acm_certificate")
                    cert = inner[0] if inner else cert
                region = _provider_region(ctx, cert)
                if region is not None and region != "us-east-1":
                    yield finding(meta, attr, f"{dist.address}: {cert.address} is requested in {region} (its provider's "
                                  "region); CloudFront needs us-east-1", address=dist.address)
                    break


CF_WAF = deploy_meta(
    "DEP059", "cloudfront-web-acl-not-global", "critical", "CloudFront distribution uses a REGIONAL WAFv2 web ACL",
    rationale="A web ACL for CloudFront must have scope CLOUDFRONT (created in us-east-1). Associating a REGIONAL web "
    "ACL fails (InvalidWebACLId / WAFInvalidParameterException: the web ACL scope is not CLOUDFRONT).",
    fix='Create the web ACL with scope = "CLOUDFRONT" through a us-east-1 provider.',
    bad='resource "aws_wafv2_web_acl" "site" {\n  name  = "site"\n  scope = "REGIONAL"\n}\n\n'
    'resource "aws_cloudfront_distribution" "site" {\n  web_acl_id = aws_wafv2_web_acl.site.arn\n}\n',
    good='resource "aws_wafv2_web_acl" "site" {\n  provider = aws.us_east_1\n  name     = "site"\n  scope    = "CLOUDFRONT"\n}\n',
    references=("https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
                TF + "wafv2_web_acl"),
    impact=_REJECTED,
    training_value="Teaches the model WAF scopes for CloudFront.",
    resource_types=("aws_cloudfront_distribution",),
)


def _cf_waf(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for dist in ctx.of_type("aws_cloudfront_distribution"):
        for acl in referenced(ctx, dist, "web_acl_id", "aws_wafv2_web_acl"):
            if acl.py("scope") == "REGIONAL":
                yield finding(meta, dist.node("web_acl_id"), f"{dist.address}: {acl.address} has scope REGIONAL",
                              address=dist.address)


RULES = [
    _string_rule(LB_NAME, "name", _lb_name),
    _string_rule(TG_NAME, "name", _tg_name),
    _string_rule(PREFIX, "name_prefix", _prefix),
    Rule(SINGLE_SUBNET, _single_subnet),
    Rule(HTTPS_CERT, _https_cert),
    _string_rule(RATE_FAST, "schedule_expression", _rate_too_fast),
    _string_rule(RATE_UNIT, "schedule_expression", _rate_unit),
    _string_rule(CRON, "schedule_expression", _cron),
    Rule(IA_30, _ia_30),
    Rule(EXPIRE_ORDER, _expire_order),
    Rule(ASG, _asg),
    Rule(FAILOVER, _failover),
    Rule(FARGATE_NETWORK, _fargate_network),
    Rule(FARGATE_SIZE, _fargate_size),
    _fifo_rule(SQS_FIFO, "fifo_queue"),
    _fifo_rule(SNS_FIFO, "fifo_topic"),
    Rule(PERIOD, _period),
    _string_rule(BUCKET_NAME, "bucket", _bucket_name),
    Rule(CF_CERT, _cf_cert),
    Rule(CF_WAF, _cf_waf),
]
