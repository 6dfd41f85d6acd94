"""The named checks rubrics refer to: each a stated rule over ScoreFacts, never a judgement call.

A rubric file names checks (`check = "complete_documentation"`); each returns
(holds, explanation) so the printed arithmetic says why a bonus, blocker or
complexity factor applied or not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iacreview.score.facts import ScoreFacts
from iacreview.rules.services import SUPPORTING_SERVICES, service_of

CheckResult = tuple[bool, str]
_REGION = re.compile(r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b")
_MULTI_REGION_WORDS = re.compile(
    r"multi[- ]region|cross[- ]region|region(?:al)? migration|migrat\w+ .{0,60}\bregion|disaster recovery region|"
    r"secondary region|two regions|both regions|failover region",
    re.IGNORECASE,
)


def multi_region_strategy(f: ScoreFacts) -> CheckResult:
    """The task is about more than one region and the code is built to serve each of them.

    Holds when the prompt names two or more AWS regions (or speaks of multi-region,
    cross-region or region migration) and the configuration either configures
    providers for two or more regions, or takes its region from a variable and
    separates regions by workspace or by per-region variable files.
    """
    regions = set(_REGION.findall(f.prompt))
    asked = len(regions) >= 2 or bool(_MULTI_REGION_WORDS.search(f.prompt))
    if not asked:
        return False, "the task does not ask for more than one region"
    if len(f.provider_regions) >= 2:
        return True, f"providers configured for {len(f.provider_regions)} regions"
    if f.region_from_variable and (f.uses_workspaces or f.region_var_files >= 2):
        how = "workspaces" if f.uses_workspaces else f"{f.region_var_files} per-region variable files"
        return True, f"region comes from a variable, separated by {how}"
    return False, "the code serves a single region"


def complete_documentation(f: ScoreFacts) -> CheckResult:
    """Every document the task asks for exists in the answer and is not a placeholder.

    Requested documents are the file names the prompt mentions (runbook.md,
    state-migration.md, id-mapping.csv, README.md, …). Without any request the
    bonus does not apply.
    """
    if not f.requested_docs:
        return False, "the task asks for no documents"
    missing = [d for d in f.requested_docs if not f.present_docs.get(d)]
    if missing:
        return False, "missing or placeholder: " + ", ".join(missing)
    return True, "all requested documents present: " + ", ".join(f.requested_docs)


def testing_approach(f: ScoreFacts) -> CheckResult:
    """The answer ships tests with at least three test cases or assertions."""
    if f.test_cases >= 3:
        return True, f"{f.test_cases} test cases in {len(f.test_files)} file(s)"
    if f.test_files:
        return False, f"only {f.test_cases} test case(s)"
    return False, "no tests in the answer"


# ---------------------------------------------------------------- training-value blockers


def platform_mismatch(f: ScoreFacts) -> CheckResult:
    """The answer's platform or language differs from what the task asks."""
    return f.platform_mismatch, f.platform_detail or ("platform and language match" if not f.platform_mismatch else "")


def wrong_region(f: ScoreFacts) -> CheckResult:
    """The task names a region and the code's known regions do not include it."""
    if not f.task_region:
        return False, "the task names no region"
    if not f.code_regions:
        return False, "the code's region is not fixed"
    if f.task_region in f.code_regions:
        return False, f"the code uses {f.task_region} as asked"
    return True, f"task asks for {f.task_region}, code uses {', '.join(sorted(f.code_regions))}"


def wrong_account(f: ScoreFacts) -> CheckResult:
    """The code targets an AWS account other than the task's."""
    return f.wrong_account, "a different AWS account id is hardcoded" if f.wrong_account else "no account mismatch"


def required_services_half_missing(f: ScoreFacts) -> CheckResult:
    """At least half of the services the task requires have no resource in the answer."""
    if not f.required_services:
        return False, "no required services listed"
    if not f.services_judged:
        return False, "neither answer declares a resource: the services cannot be judged"
    if len(f.missing_services) * 2 >= len(f.required_services):
        return True, f"{len(f.missing_services)} of {len(f.required_services)} required services missing"
    return False, f"{len(f.missing_services)} of {len(f.required_services)} required services missing"


# ---------------------------------------------------------------- complexity of the ideal answer


def _ideal_services(f: ScoreFacts) -> set[str]:
    return {service_of(t) for t in f.ideal_resource_types}


def multiple_services_integrated(f: ScoreFacts) -> CheckResult:
    """The ideal answer uses three or more AWS services (beyond the supporting IAM, VPC networking,
    CloudWatch and KMS that nearly every answer has) whose resources refer to each other."""
    services = _ideal_services(f) - SUPPORTING_SERVICES
    if len(services) >= 3 and f.ideal_cross_service_links >= 1:
        return True, f"{len(services)} main services, {f.ideal_cross_service_links} cross-service references"
    return False, f"{len(services)} main service(s), {f.ideal_cross_service_links} cross-service references"


_SECURITY_TYPES = ("aws_kms_key", "aws_iam_policy", "aws_iam_role_policy", "aws_secretsmanager_secret",
                   "aws_wafv2_web_acl", "aws_guardduty_detector", "aws_securityhub_account",
                   "aws_s3_bucket_server_side_encryption_configuration", "aws_acm_certificate")
_ENCRYPTION_ARGS = ("kms_key_id", "kms_master_key_id", "storage_encrypted", "encrypted", "kms_key_arn",
                    "at_rest_encryption_enabled", "transit_encryption_enabled")


def security_practices(f: ScoreFacts) -> CheckResult:
    """The ideal answer uses KMS keys, IAM policies, secrets management or explicit encryption."""
    used = sorted(t for t in f.ideal_resource_types if t in _SECURITY_TYPES)
    if used:
        return True, "uses " + ", ".join(used[:4])
    for rtype, args in f.ideal_attributes.items():
        hit = [a for a in _ENCRYPTION_ARGS if a in args]
        if hit:
            return True, f"{rtype} sets {hit[0]}"
    return False, "no KMS, IAM policy or encryption settings"


_HA_TYPES = ("aws_autoscaling_group", "aws_appautoscaling_target", "aws_route53_health_check",
             "aws_globalaccelerator_accelerator")
_FAILOVER_ARGS = ("multi_az", "multi_az_enabled", "automatic_failover_enabled", "failover_routing_policy")


def high_availability(f: ScoreFacts) -> CheckResult:
    """Multi-AZ databases, auto scaling, failover routing or replicated clusters in the ideal answer.

    A cluster type is not high availability by itself: an Aurora cluster counts
    with two or more instances, a replication group or database when it turns on
    Multi-AZ or automatic failover (an argument set to false does not count).
    """
    used = sorted(t for t in f.ideal_resource_types if t in _HA_TYPES)
    if used:
        return True, "uses " + ", ".join(used[:3])
    aurora = f.ideal_instances_by_type.get("aws_rds_cluster_instance", 0)
    if aurora >= 2:
        return True, f"{aurora} Aurora cluster instances"
    for rtype, args in f.ideal_attributes.items():
        hit = [a for a in _FAILOVER_ARGS if a in args]
        if hit:
            return True, f"{rtype} sets {hit[0]}"
    return False, "no multi-AZ, auto scaling or failover"


# SNS topics and SQS queues alone are notification and buffering (an alarm's e-mail topic), not a pattern:
# the event-driven part is what reacts to events (rules, event source mappings, notifications, pipes).
_ADVANCED = ("aws_lambda_function", "aws_sfn_state_machine", "aws_cloudwatch_event_rule", "aws_ecs_service",
             "aws_eks_cluster", "aws_apigatewayv2_api", "aws_api_gateway_rest_api", "aws_kinesis_stream",
             "aws_pipes_pipe", "aws_scheduler_schedule", "aws_lambda_event_source_mapping",
             "aws_s3_bucket_notification")


def advanced_patterns(f: ScoreFacts) -> CheckResult:
    """Event-driven, serverless or container-orchestrated building blocks in the ideal answer."""
    used = sorted(t for t in f.ideal_resource_types if t in _ADVANCED)
    if used:
        return True, "uses " + ", ".join(used[:3])
    return False, "no serverless, event-driven or container patterns"


def single_service_basic(f: ScoreFacts) -> CheckResult:
    """The ideal answer is one AWS service with a handful of resources."""
    services = _ideal_services(f) - {"iam"}
    if not f.ideal_resource_types:
        return False, "no resource in the answer: complexity cannot be judged"
    if len(services) <= 1 and f.ideal_resource_count < 5:
        return True, f"{len(services)} service, {f.ideal_resource_count} resources"
    return False, f"{len(services)} services, {f.ideal_resource_count} resources"


CHECKS: dict[str, Callable[[ScoreFacts], CheckResult]] = {
    fn.__name__: fn
    for fn in (
        multi_region_strategy, complete_documentation, testing_approach, platform_mismatch, wrong_region,
        wrong_account, required_services_half_missing, multiple_services_integrated, security_practices,
        high_availability, advanced_patterns, single_service_basic,
    )
}
