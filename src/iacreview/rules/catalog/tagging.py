"""Resource tags: every taggable resource carries tags, directly or through the provider's default_tags.

Tags are how cost reports, ownership lookups, cleanup jobs and access
policies find resources. The AWS provider's `default_tags` block tags every
resource it creates, so the rule only looks at resources when the provider
that creates them has none.

Which types take tags is a fact of the provider schema, which is not
available offline; `TAGGABLE` lists the common types whose schema has a `tags`
argument (and `aws_autoscaling_group`, whose tags are `tag` blocks). Types not
in the list are never reported. When the configuration has no `provider
"aws"` block at all, the provider is configured somewhere we cannot see and
nothing is reported either.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.model.module import ProviderConfig
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import ResourceView, RuleContext

TAGGABLE = frozenset({
    # networking
    "aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway",
    "aws_eip", "aws_route_table", "aws_network_acl", "aws_security_group", "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule", "aws_vpc_endpoint", "aws_flow_log", "aws_vpc_dhcp_options",
    "aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter", "aws_network_interface",
    "aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_peering_attachment", "aws_vpn_gateway", "aws_vpn_connection", "aws_customer_gateway",
    "aws_default_vpc", "aws_default_security_group", "aws_route53_zone", "aws_route53_health_check",
    "aws_route53_resolver_endpoint", "aws_lb", "aws_lb_target_group", "aws_lb_listener", "aws_lb_listener_rule",
    "aws_cloudfront_distribution", "aws_acm_certificate", "aws_wafv2_web_acl", "aws_wafv2_ip_set",
    # compute and containers
    "aws_instance", "aws_launch_template", "aws_autoscaling_group", "aws_ebs_volume", "aws_key_pair",
    "aws_placement_group", "aws_lambda_function", "aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition",
    "aws_ecr_repository", "aws_eks_cluster", "aws_eks_node_group", "aws_eks_fargate_profile", "aws_eks_addon",
    "aws_batch_compute_environment", "aws_batch_job_queue", "aws_batch_job_definition", "aws_emr_cluster",
    # data stores
    "aws_s3_bucket", "aws_dynamodb_table", "aws_db_instance", "aws_db_subnet_group", "aws_db_parameter_group",
    "aws_db_option_group", "aws_db_proxy", "aws_rds_cluster", "aws_rds_cluster_instance",
    "aws_rds_cluster_parameter_group", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster",
    "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_subnet_group",
    "aws_elasticache_parameter_group", "aws_efs_file_system", "aws_efs_access_point", "aws_opensearch_domain",
    "aws_msk_cluster", "aws_mq_broker", "aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream",
    "aws_timestreamwrite_database", "aws_timestreamwrite_table", "aws_glue_job", "aws_glue_crawler",
    "aws_athena_workgroup", "aws_backup_vault", "aws_backup_plan",
    # identity and secrets
    "aws_iam_role", "aws_iam_policy", "aws_iam_user", "aws_iam_instance_profile", "aws_iam_openid_connect_provider",
    "aws_kms_key", "aws_secretsmanager_secret", "aws_ssm_parameter", "aws_ssm_document", "aws_ssm_patch_baseline",
    "aws_cognito_user_pool",
    # integration and monitoring
    "aws_sns_topic", "aws_sqs_queue", "aws_sfn_state_machine", "aws_sfn_activity", "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_bus", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_composite_alarm", "aws_cloudwatch_metric_stream", "aws_synthetics_canary", "aws_cloudtrail",
    "aws_config_config_rule", "aws_config_configuration_aggregator", "aws_guardduty_detector",
    "aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_api_gateway_api_key", "aws_api_gateway_usage_plan",
    "aws_api_gateway_domain_name", "aws_apigatewayv2_api", "aws_apigatewayv2_stage", "aws_apigatewayv2_domain_name",
    "aws_dms_replication_instance", "aws_dms_replication_subnet_group", "aws_dms_replication_task",
    "aws_dms_endpoint", "aws_codebuild_project", "aws_codepipeline", "aws_codecommit_repository",
    "aws_cloudformation_stack", "aws_xray_sampling_rule",
})

UNTAGGED = RuleMeta(
    id="TAG001",
    name="resource-tags-missing",
    severity="low",
    category="operations",
    summary="Taggable resource has no tags and the provider sets no default_tags",
    rationale="Untagged resources cannot be attributed in Cost Explorer, found by ownership or environment, "
    "or matched by tag-based IAM conditions and cleanup jobs. The simplest cure is the provider's "
    "default_tags, which tags everything it creates.",
    fix='Add default_tags { tags = { Environment = var.environment, ManagedBy = "Terraform", Project = … } } to '
    "the aws provider, or a tags map on each resource.",
    bad='provider "aws" {\n  region = var.aws_region\n}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n',
    good='provider "aws" {\n  region = var.aws_region\n\n  default_tags {\n    tags = {\n      Environment = var.environment\n'
    '      ManagedBy   = "Terraform"\n    }\n  }\n}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n',
    references=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block",
        "https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html",
    ),
    impact=Impact(cost="Spend cannot be attributed to a team, project or environment"),
    training_value="Teaches the model to tag everything it creates, preferably once through default_tags.",
    resource_types=tuple(sorted(TAGGABLE)),
)


def _has_default_tags(config: ProviderConfig) -> bool:
    return any(b.body.get_attribute("tags") is not None for b in config.block.body.blocks("default_tags"))


def _provider_of(ctx: RuleContext, view: ResourceView) -> ProviderConfig | None:
    """The aws provider configuration that creates `view`, when it can be told from the code."""
    key = view.instance.resource.provider or "aws"
    for module in (view.instance.scope.module, ctx.config.root):
        for config in module.providers:
            if config.key == key:
                return config
    return None


def _covered_by_default_tags(ctx: RuleContext, view: ResourceView) -> bool:
    config = _provider_of(ctx, view)
    if config is not None:
        return _has_default_tags(config)
    # A child module's resources may get a provider passed in by the caller: give the benefit of the doubt
    # when any aws provider of the root has default_tags.
    return any(c.name == "aws" and _has_default_tags(c) for c in ctx.config.root.providers)


def _tagged(view: ResourceView) -> bool:
    if view.type == "aws_autoscaling_group" and view.blocks("tag"):
        return True
    if view.attr("tags") is None:
        return False
    tags = view.py("tags")
    return tags is UNKNOWN or bool(tags)


def _untagged(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if not any(c.name == "aws" for m in ctx.modules() for c in m.providers):
        return
    reported: set[int] = set()
    for view in ctx.resources:
        if view.type not in TAGGABLE or id(view.block) in reported:
            continue
        if view.instance.resource.provider_name != "aws" or _covered_by_default_tags(ctx, view):
            continue
        if _tagged(view):
            continue
        reported.add(id(view.block))
        what = "an empty tags map" if view.attr("tags") is not None else "no tags"
        yield finding(meta, view.node("tags"), f"{view.address} has {what} and its provider has no default_tags",
                      address=view.address)


RULES = [Rule(UNTAGGED, _untagged)]
