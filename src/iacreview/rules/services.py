"""Which AWS service a Terraform resource type belongs to, and how tasks name services.

Resource types mostly read `aws_<service>_<thing>`, with exceptions (`aws_instance`
is EC2, `aws_db_instance` RDS, `aws_vpc`/`aws_subnet` VPC …). Tasks name services in
words ("S3", "Lambda", "CloudWatch Logs"); both map onto the same short names.
"""

from __future__ import annotations

import re

_EXCEPTIONS = {
    "aws_instance": "ec2", "aws_launch_template": "ec2", "aws_launch_configuration": "ec2", "aws_eip": "ec2",
    "aws_ebs_volume": "ec2", "aws_key_pair": "ec2", "aws_ami": "ec2", "aws_volume_attachment": "ec2",
    "aws_placement_group": "ec2", "aws_spot_instance_request": "ec2", "aws_ebs_encryption_by_default": "ec2",
    "aws_vpc": "vpc", "aws_subnet": "vpc", "aws_internet_gateway": "vpc", "aws_nat_gateway": "vpc",
    "aws_route_table": "vpc", "aws_route": "vpc", "aws_route_table_association": "vpc",
    "aws_security_group": "vpc", "aws_security_group_rule": "vpc", "aws_network_acl": "vpc",
    "aws_flow_log": "vpc", "aws_default_security_group": "vpc", "aws_egress_only_internet_gateway": "vpc",
    "aws_network_interface": "vpc", "aws_main_route_table_association": "vpc", "aws_default_route_table": "vpc",
    "aws_network_acl_rule": "vpc", "aws_default_network_acl": "vpc", "aws_vpc_endpoint": "vpc",
    "aws_db_instance": "rds", "aws_db_subnet_group": "rds", "aws_db_parameter_group": "rds",
    "aws_db_option_group": "rds", "aws_db_proxy": "rds", "aws_db_snapshot": "rds",
    "aws_lb": "elb", "aws_alb": "elb", "aws_lb_listener": "elb", "aws_lb_target_group": "elb",
    "aws_lb_target_group_attachment": "elb", "aws_lb_listener_rule": "elb", "aws_alb_listener": "elb",
    "aws_alb_target_group": "elb", "aws_elb": "elb",
    "aws_autoscaling_group": "autoscaling", "aws_autoscaling_policy": "autoscaling",
    "aws_appautoscaling_target": "autoscaling", "aws_appautoscaling_policy": "autoscaling",
    "aws_cloudwatch_log_group": "cloudwatch", "aws_cloudwatch_metric_alarm": "cloudwatch",
    "aws_cloudwatch_dashboard": "cloudwatch", "aws_cloudwatch_event_rule": "eventbridge",
    "aws_cloudwatch_event_target": "eventbridge", "aws_cloudwatch_event_bus": "eventbridge",
    "aws_cloudwatch_log_metric_filter": "cloudwatch", "aws_cloudwatch_log_subscription_filter": "cloudwatch",
    "aws_rds_cluster": "rds", "aws_rds_cluster_instance": "rds", "aws_rds_global_cluster": "rds",
    "aws_elasticache_replication_group": "elasticache", "aws_sfn_state_machine": "stepfunctions",
    "aws_api_gateway_rest_api": "apigateway", "aws_apigatewayv2_api": "apigateway",
    "aws_wafv2_web_acl": "waf", "aws_wafv2_web_acl_association": "waf",
    "aws_cloudfront_distribution": "cloudfront", "aws_cloudfront_origin_access_control": "cloudfront",
    "aws_cloudfront_origin_access_identity": "cloudfront",
    "aws_config_configuration_recorder": "config", "aws_config_config_rule": "config",
    "aws_config_delivery_channel": "config", "aws_guardduty_detector": "guardduty",
    "aws_acm_certificate": "acm", "aws_acm_certificate_validation": "acm",
}

# Words used in prompts and metadata for services, mapped to the short names above.
_ALIASES = {
    "s3": "s3", "simple storage service": "s3", "ec2": "ec2", "elastic compute cloud": "ec2",
    "vpc": "vpc", "virtual private cloud": "vpc", "rds": "rds", "relational database service": "rds",
    "aurora": "rds", "iam": "iam", "identity and access management": "iam", "lambda": "lambda",
    "dynamodb": "dynamodb", "sqs": "sqs", "simple queue service": "sqs", "sns": "sns",
    "simple notification service": "sns", "cloudwatch": "cloudwatch", "cloudwatch logs": "cloudwatch",
    "kms": "kms", "key management service": "kms", "cloudtrail": "cloudtrail", "cloudfront": "cloudfront",
    "route 53": "route53", "route53": "route53", "elb": "elb", "alb": "elb", "application load balancer": "elb",
    "load balancer": "elb", "elastic load balancing": "elb", "nlb": "elb", "api gateway": "apigateway",
    "apigateway": "apigateway", "ecs": "ecs", "elastic container service": "ecs", "fargate": "ecs",
    "eks": "eks", "ecr": "ecr", "efs": "efs", "elasticache": "elasticache", "redis": "elasticache",
    "secrets manager": "secretsmanager", "secretsmanager": "secretsmanager", "ssm": "ssm",
    "systems manager": "ssm", "parameter store": "ssm", "waf": "waf", "wafv2": "waf", "guardduty": "guardduty",
    "config": "config", "aws config": "config", "eventbridge": "eventbridge", "step functions": "stepfunctions",
    "kinesis": "kinesis", "firehose": "firehose", "redshift": "redshift", "glue": "glue", "athena": "athena",
    "auto scaling": "autoscaling", "autoscaling": "autoscaling", "acm": "acm", "certificate manager": "acm",
    "backup": "backup", "aws backup": "backup", "cognito": "cognito", "opensearch": "opensearch",
    "elasticsearch": "opensearch", "security hub": "securityhub", "securityhub": "securityhub",
    "codepipeline": "codepipeline", "codebuild": "codebuild", "sagemaker": "sagemaker", "msk": "kafka",
    "transit gateway": "ec2", "nat gateway": "vpc", "internet gateway": "vpc", "security group": "vpc",
}


#: Families of resource types whose service is not the word after `aws_` (aws_api_gateway_stage is API
#: Gateway, not a service "api"; aws_cloudwatch_event_target is EventBridge): longest prefix first.
_PREFIXES = (
    ("aws_api_gateway_", "apigateway"), ("aws_cloudwatch_event_", "eventbridge"), ("aws_appautoscaling_", "autoscaling"),
    ("aws_security_group_", "vpc"), ("aws_network_", "vpc"), ("aws_route_", "vpc"), ("aws_nat_", "vpc"),
    ("aws_internet_gateway_", "vpc"), ("aws_egress_only_", "vpc"), ("aws_vpn_", "vpc"), ("aws_customer_gateway", "vpc"),
    ("aws_eip_", "ec2"), ("aws_ebs_", "ec2"), ("aws_ami_", "ec2"), ("aws_launch_", "ec2"), ("aws_spot_", "ec2"),
    ("aws_elastic_beanstalk_", "elasticbeanstalk"), ("aws_service_discovery_", "servicediscovery"),
    ("aws_load_balancer_", "elb"),
)

#: Services nearly every answer uses to support the others (identity, networking, metrics and logs, keys,
#: parameters): they do not make an architecture of their own, and adding one is a minor service addition.
SUPPORTING_SERVICES = frozenset({"iam", "vpc", "cloudwatch", "kms", "logs", "ssm", "sts"})


def service_of(resource_type: str) -> str:
    """Short service name of a resource type: aws_s3_bucket → s3, aws_instance → ec2."""
    if resource_type in _EXCEPTIONS:
        return _EXCEPTIONS[resource_type]
    for prefix, service in _PREFIXES:
        if resource_type.startswith(prefix):
            return service
    parts = resource_type.split("_")
    if len(parts) >= 2 and parts[0] == "aws":
        head = parts[1]
        if head in ("ec2", "vpc") and len(parts) > 2 and parts[2] == "transit":
            return "ec2"
        return {"elasticsearch": "opensearch", "apigatewayv2": "apigateway", "alb": "elb", "lb": "elb",
                "elb": "elb", "msk": "kafka", "sfn": "stepfunctions", "wafv2": "waf", "db": "rds",
                "default": "vpc", "vpclattice": "vpc"}.get(head, head)
    return parts[0]


def service_from_name(name: str) -> str | None:
    """Short service name for a service as tasks write it ("Amazon S3", "AWS Lambda", "CloudWatch")."""
    key = re.sub(r"^(amazon|aws)\s+", "", name.strip().lower())
    key = re.sub(r"\s*\(.*?\)\s*", " ", key).strip()
    if key in _ALIASES:
        return _ALIASES[key]
    compact = key.replace(" ", "")
    if compact in _ALIASES:
        return _ALIASES[compact]
    for alias, service in _ALIASES.items():
        if re.search(rf"\b{re.escape(alias)}\b", key):
            return service
    return None


#: Aliases too common in prose to name the service by themselves ("the config file", "a backup plan").
_PROSE_AMBIGUOUS = frozenset({"config", "backup"})


def _alias_pattern(alias: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])")


_PROSE_ALIASES = [(_alias_pattern(alias), service) for alias, service in
                  sorted(_ALIASES.items(), key=lambda kv: -len(kv[0])) if alias not in _PROSE_AMBIGUOUS]


def services_named(text: str) -> set[str]:
    """Every service a piece of prose names ("CloudTrail completely missing", "the ALB's listener")."""
    lower = text.lower()
    return {service for pattern, service in _PROSE_ALIASES if pattern.search(lower)}


def without_service_names(text: str) -> str:
    """The prose with every service name taken out (longest names first: "cloudwatch logs" before "cloudwatch")."""
    lower = text.lower()
    for pattern, _ in _PROSE_ALIASES:
        lower = pattern.sub(" ", lower)
    return lower
