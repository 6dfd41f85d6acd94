"""Deployment: limits and formats AWS checks at apply time and terraform validate does not.

S3 lifecycle day counts and bucket names, Auto Scaling sizes, ElastiCache
failover, Fargate task settings, FIFO names and alarm periods. Values are
judged after evaluation, so a name built from variables (with their defaults
or tfvars) is checked as AWS will see it. Load balancers, schedules and
CloudFront have modules of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from iacreview.rules.base import Finding, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import REJECTED, TF, deploy_meta, hand_table, string_rule
from iacreview.rules.context import BlockView, ResourceView, RuleContext

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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
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
    impact=REJECTED,
    training_value="Teaches the model S3 bucket naming rules when names are built from variables.",
    resource_types=("aws_s3_bucket",),
)


RULES = [
    Rule(IA_30, _ia_30),
    Rule(EXPIRE_ORDER, _expire_order),
    Rule(ASG, _asg),
    Rule(FAILOVER, _failover),
    Rule(FARGATE_NETWORK, _fargate_network),
    Rule(FARGATE_SIZE, _fargate_size),
    _fifo_rule(SQS_FIFO, "fifo_queue"),
    _fifo_rule(SNS_FIFO, "fifo_topic"),
    Rule(PERIOD, _period),
    string_rule(BUCKET_NAME, "bucket", _bucket_name),
]
