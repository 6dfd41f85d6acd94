"""Classifying each model→ideal difference as an A, B or C fix (RUBRICS.md).

A — significant: a security hole fixed (a security finding of the model that the
    ideal no longer has, or a security setting the model left out: encryption,
    a KMS key, public-access blocks), an architecture change (an AWS service
    added, multi-AZ turned on, capacity raised), a whole
    feature added (monitoring, logging, backup, error handling) that the model
    has none of, or a service-to-service integration fixed (a reference to
    another service's resource added).
B — moderate: configuration adjustments (sizes, timeouts, counts, retention;
    a policy or rule set written differently with no finding it fixes),
    standard patterns (names and tags), best practices (private subnets,
    endpoints), minor service additions (the supporting services: IAM, VPC
    networking, CloudWatch, KMS aliases, SSM parameters), resources added to a
    service or a feature the model already has.
  Adding IAM roles or policies is B (they support the services that use them),
  and opening security-group traffic (ingress, egress, CIDRs) is an
  adjustment, not a security hole fixed. Pinning one availability zone or
  rewiring subnets does not raise availability.
C — minor: formatting and lint, wrong or renamed Terraform labels, descriptions,
    hardcoded values made variables, variables and outputs (descriptions,
    types, new outputs), provider and backend boilerplate (a resource's
    `provider` or `depends_on` included), validation fixes.

A difference that fixes a rule finding takes the finding's class
(`finding_class`). Every classification carries the reason it was made, so a
reader can check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacreview.diff.compare import MISSING, AttrChange, Change
from iacreview.diff.finding_class import finding_class
from iacreview.rules.services import SUPPORTING_SERVICES, service_of

#: What each class means, in a sentence a review prints beside the counts (the rubric's definitions, RUBRICS.md).
FIX_CLASSES = {
    "A": "significant: a security hole fixed, an architecture change, a whole feature or a service integration added",
    "B": "moderate: configuration adjustments (sizes, timeouts, counts), standard patterns (names and tags), "
         "best practices, minor service additions, resources added to a service already used",
    "C": "minor: formatting and lint, wrong property names, hardcoded values made variables, variables and "
         "outputs, boilerplate",
}

# Resource types whose addition is a whole feature (monitoring, logging, protection, recovery).
FEATURE_TYPES = (
    "aws_cloudwatch_metric_alarm", "aws_cloudwatch_log_group", "aws_cloudwatch_dashboard", "aws_cloudtrail",
    "aws_flow_log", "aws_guardduty_detector", "aws_wafv2_web_acl", "aws_config_configuration_recorder",
    "aws_backup_plan", "aws_backup_vault", "aws_sns_topic", "aws_kms_key", "aws_securityhub_account",
    "aws_autoscaling_group", "aws_appautoscaling_policy", "aws_autoscaling_policy", "aws_sqs_queue",
    "aws_s3_bucket_logging", "aws_lb_listener", "aws_route53_health_check", "aws_cloudwatch_event_rule",
    "aws_secretsmanager_secret",
)
#: Security-group arguments whose addition opens traffic: connectivity, not a security hole fixed.
TRAFFIC_ARGS = ("ingress", "egress", "cidr_blocks", "ipv6_cidr_blocks")
SECURITY_ARGS = (
    "policy", "assume_role_policy", "inline_policy", "kms_key_id", "kms_master_key_id", "kms_key_arn",
    "encrypted", "storage_encrypted", "encryption", "server_side_encryption", "sse_algorithm",
    "publicly_accessible", "password", "master_password", "manage_master_user_password", "cidr_blocks",
    "ipv6_cidr_blocks", "ingress", "block_public_acls", "block_public_policy", "ignore_public_acls",
    "restrict_public_buckets", "http_tokens", "ssl_policy", "protocol", "viewer_protocol_policy",
    "at_rest_encryption_enabled", "transit_encryption_enabled", "sensitive", "acl",
)
#: Availability arguments that name places (one zone, the subnets used): changing them raises nothing by itself.
PLACEMENT_ARGS = ("availability_zone", "availability_zones", "subnet_ids")
HA_ARGS = ("multi_az", "availability_zone", "availability_zones", "min_size", "max_size", "desired_capacity",
           "automatic_failover_enabled", "replicas_per_node_group", "num_cache_clusters", "subnet_ids")
WIRING_ARGS = ("provider", "depends_on")
#: Names and tags: "standard patterns (naming, tags)", B. Descriptions alone are cosmetic, C.
NAMING_ARGS = ("tags", "tags_all", "name", "name_prefix", "bucket", "identifier", "function_name", "alarm_name",
               "role_name", "family")
SIZE_ARGS = ("instance_type", "instance_class", "allocated_storage", "max_allocated_storage", "timeout",
             "memory_size", "retention_in_days", "backup_retention_period", "node_type", "volume_size",
             "read_capacity", "write_capacity", "billing_mode", "count", "desired_count", "engine_version")


@dataclass(frozen=True)
class ClassifiedFix:
    change: Change
    klass: str
    reason: str
    rule: str | None = None  # a rule that explains the difference, when one does


def _top(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def _references_other_service(value: object, own_service: str) -> bool:
    if not isinstance(value, str) or not value.startswith("expr:"):
        return False
    for token in value[5:].replace("[", " ").replace("(", " ").replace(",", " ").split():
        head = token.split(".")[0]
        if head.startswith("aws_") and service_of(head) not in (own_service, "iam"):
            return True
    return False


def _strengthens(change: AttrChange) -> bool:
    """A setting the model left out and the ideal sets, a switch turned on, or a count raised."""
    model, ideal = change.model, change.ideal
    if model is MISSING:
        return ideal is not MISSING and ideal is not None and ideal is not False
    if isinstance(model, bool) or isinstance(ideal, bool):
        return model is False and ideal is True
    if isinstance(model, (int, float)) and isinstance(ideal, (int, float)):
        return ideal > model
    return False


def _raises_availability(change: AttrChange) -> bool:
    """Multi-AZ or failover switched on, capacity raised, or spread over more zones or subnets than before.

    One availability zone pinned, or subnets given by an expression, say where
    a resource runs, not that it runs in more places.
    """
    if _top(change.path) in PLACEMENT_ARGS:
        model, ideal = change.model, change.ideal
        before = len(model) if isinstance(model, list) else (0 if model is MISSING else 1)
        return isinstance(ideal, list) and len(ideal) >= 2 and len(ideal) > before
    return _strengthens(change)


def classify(change: Change, model_services: set[str], explained: dict[str, tuple[str, str, str]],
             model_types: frozenset[str] | set[str] = frozenset()) -> ClassifiedFix:
    """Classify one change. `explained` maps addresses to (rule, severity, category) of model
    findings the ideal no longer has; `model_types` are the resource types the model declares."""
    if change.kind == "renamed" and not change.attrs:
        # Only the name changed: whatever a rule found there, the ideal has it too under the new name.
        return ClassifiedFix(change, "C", "resource renamed")
    rule = explained.get(change.address) or (explained.get(change.old_address) if change.old_address else None)
    if rule is not None:
        klass, reason = finding_class(*rule)
        return ClassifiedFix(change, klass, reason, rule[0])
    what, kind = change.what, change.kind
    if what in ("variable", "output", "local"):
        return ClassifiedFix(change, "C", f"{what} {kind}")
    if what in ("backend", "provider"):
        # Boilerplate the dataset usually supplies in its own provider.tf: a minor fix.
        return ClassifiedFix(change, "C", f"{what} configuration")
    if what == "data":
        return ClassifiedFix(change, "C", f"data source lookup {kind}")
    if kind == "renamed" and not change.attrs:
        return ClassifiedFix(change, "C", "resource renamed")
    rtype = change.resource_type or ""
    service = service_of(rtype) if rtype else ""
    if kind == "added" and what in ("resource", "module"):
        if what == "resource" and not rtype.startswith("aws_"):
            # random_id, null_resource, tls_private_key …: helpers of another provider, not an AWS service.
            return ClassifiedFix(change, "C", f"adds a {rtype.split('_')[0]} helper resource")
        if what == "resource" and service == "iam":
            # Roles and policies support the services they serve; adding one is configuration, not architecture.
            return ClassifiedFix(change, "B", "adds IAM roles or policies the other resources use")
        new_service = what == "resource" and bool(service) and service not in model_services
        if new_service and service not in SUPPORTING_SERVICES:
            return ClassifiedFix(change, "A", f"adds the {service} service")
        if rtype in FEATURE_TYPES:
            if rtype in model_types:
                return ClassifiedFix(change, "B", f"adds another {rtype} to a feature the model already has")
            return ClassifiedFix(change, "A", f"adds {rtype}{_WHOLE_FEATURE}")
        if new_service:
            return ClassifiedFix(change, "B", f"adds the supporting {service} service (a minor service addition)")
        return ClassifiedFix(change, "B", "adds a resource to a service already used")
    if kind == "removed":
        return ClassifiedFix(change, "B", f"removes {what} {change.address}")
    tops = {_top(a.path) for a in change.attrs}
    if tops <= set(WIRING_ARGS):
        # Which provider configuration or ordering a resource uses: wiring, not a change of the resource.
        return ClassifiedFix(change, "C", "provider or dependency wiring: " + ", ".join(sorted(tops)))
    added_security = sorted({_top(a.path) for a in change.attrs if _top(a.path) in SECURITY_ARGS
                             and _top(a.path) not in TRAFFIC_ARGS and _strengthens(a)})
    if added_security:
        return ClassifiedFix(change, "A", "adds security settings: " + ", ".join(added_security))
    raised_ha = sorted({_top(a.path) for a in change.attrs if _top(a.path) in HA_ARGS and _raises_availability(a)})
    if raised_ha:
        return ClassifiedFix(change, "A", "raises availability: " + ", ".join(raised_ha))
    if tops & set(SECURITY_ARGS):
        # A different policy or rule set, with no finding of the model's that it fixes: an adjustment, not a hole.
        return ClassifiedFix(change, "B", "adjusts security settings: " + ", ".join(sorted(tops & set(SECURITY_ARGS))))
    if tops & set(HA_ARGS):
        return ClassifiedFix(change, "B", "adjusts availability settings: " + ", ".join(sorted(tops & set(HA_ARGS))))
    for a in change.attrs:
        if a.model is MISSING and _top(a.path) not in WIRING_ARGS and _references_other_service(a.ideal, service):
            return ClassifiedFix(change, "A", f"integrates with another service through {a.path}")
    if tops <= {"description", *WIRING_ARGS}:
        return ClassifiedFix(change, "C", "descriptions")
    if tops <= {"description", *NAMING_ARGS, *WIRING_ARGS}:
        return ClassifiedFix(change, "B", "naming or tagging standard: " + ", ".join(sorted(tops & set(NAMING_ARGS))))
    if all(isinstance(a.model, (str, int, float, bool)) and isinstance(a.ideal, str) and a.ideal.startswith("expr:var.")
           for a in change.attrs):
        return ClassifiedFix(change, "C", "hardcoded values made variables")
    if tops & set(SIZE_ARGS):
        return ClassifiedFix(change, "B", "configuration adjustment: " + ", ".join(sorted(tops & set(SIZE_ARGS))))
    return ClassifiedFix(change, "B", "configuration adjustment")


def one_a_per_added_service(fixes: list[ClassifiedFix]) -> list[ClassifiedFix]:
    """Adding a service, or a feature, is one significant fix, however many resources it takes.

    The first resource of a service the model did not use stays A; the
    others (the tables and streams of an added DynamoDB, say) are B, parts
    of that same architecture change. Likewise the first alarm of a model
    without alarms is the monitoring feature added; the next alarms are parts
    of it.
    """
    credited: set[str] = set()
    out = []
    for fix in fixes:
        if fix.klass == "A" and fix.reason.startswith(_ADDS_SERVICE):
            service = fix.reason[len(_ADDS_SERVICE):].split(" ")[0]
            if service in credited:
                fix = ClassifiedFix(fix.change, "B", f"part of adding the {service} service", fix.rule)
            credited.add(service)
        elif fix.klass == "A" and fix.reason.endswith(_WHOLE_FEATURE) and fix.change.resource_type:
            rtype = fix.change.resource_type
            if rtype in credited:
                fix = ClassifiedFix(fix.change, "B", f"part of adding the {rtype} feature", fix.rule)
            credited.add(rtype)
        out.append(fix)
    return out


_ADDS_SERVICE = "adds the "
_WHOLE_FEATURE = " (a whole feature)"
