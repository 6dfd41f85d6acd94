"""IAM principals: trust policies anyone (or any OIDC subject) can use, and resource policies open to everyone.

Split from iam.py: these rules judge *who* a policy lets in (the Principal), where
iam.py judges *what* identity policies allow.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.iam import PRINCIPAL_DOC, TF, _Once, _quoted, _where
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.policy import UNKNOWN_CONDITION_KEY, Statement, policy_statements
from iacreview.rules.table import AttributeCheck, Expect


# ---------------------------------------------------------------- SEC074 / SEC079: trust policies


OPEN_TRUST = RuleMeta(
    id="SEC074",
    name="iam-role-trusts-any-principal",
    severity="critical",
    category="security",
    summary="Role trust policy lets any AWS principal assume the role",
    rationale='A trust policy (assume_role_policy) that allows Principal "*" or { AWS = "*" } without a '
    "condition lets any identity in any AWS account call sts:AssumeRole on the role and receive its "
    "permissions. Whatever the role can do, anyone on the internet with an AWS account can do.",
    fix="Name the principals allowed to assume the role: a service (Service = \"lambda.amazonaws.com\"), a specific "
    "account or role ARN; for cross-account access add sts:ExternalId or aws:PrincipalOrgID conditions.",
    bad='resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]\n  })\n}\n',
    good='resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]\n'
    "  })\n}\n",
    references=(
        PRINCIPAL_DOC,
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
        TF + "iam_role",
    ),
    impact=Impact(security="Anyone with an AWS account can obtain the role's credentials"),
    training_value="Teaches the model that trust policies must name who may assume a role.",
    resource_types=("aws_iam_role",),
)


def _trust_statements(ctx: RuleContext) -> Iterator[tuple[ResourceView, Statement]]:
    for role in ctx.of_type("aws_iam_role"):
        for st in policy_statements(ctx, role, "assume_role_policy") or []:
            yield role, st


def _open_trust(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for role, st in _trust_statements(ctx):
        if st.allows and st.wildcard_principal and not st.has_condition:
            node = _where(st, role, "assume_role_policy")
            if once.first(node):
                yield finding(meta, node, f"{role.address}: trust policy allows any principal to assume the role "
                              "and has no condition", address=role.address)


OIDC_TRUST = RuleMeta(
    id="SEC079",
    name="iam-oidc-trust-without-subject",
    severity="high",
    category="security",
    summary="Web-identity trust policy does not restrict the token subject (sub)",
    rationale="A role assumable with sts:AssumeRoleWithWebIdentity trusts every token the identity provider "
    "issues unless a condition pins its subject. For GitHub Actions that means any repository on GitHub; for "
    "an EKS cluster, any service account in any namespace. Checking only the audience (aud) does not help: "
    "it is the same for every caller.",
    fix='Add a condition on the provider\'s ":sub" key, e.g. StringLike "token.actions.githubusercontent.com:sub" = '
    '"repo:my-org/my-repo:ref:refs/heads/main", or "oidc.eks…:sub" = "system:serviceaccount:ns:name".',
    bad='data "aws_iam_policy_document" "ci_trust" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n'
    '    principals {\n      type        = "Federated"\n      identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n'
    '    condition {\n      test     = "StringEquals"\n      variable = "token.actions.githubusercontent.com:aud"\n'
    '      values   = ["sts.amazonaws.com"]\n    }\n  }\n}\n',
    good='data "aws_iam_policy_document" "ci_trust" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n'
    '    principals {\n      type        = "Federated"\n      identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n'
    '    condition {\n      test     = "StringLike"\n      variable = "token.actions.githubusercontent.com:sub"\n'
    '      values   = ["repo:my-org/my-repo:*"]\n    }\n  }\n}\n',
    references=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
        "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
        TF + "iam_role",
    ),
    impact=Impact(security="Workloads outside the intended repository or namespace can assume the role"),
    training_value="Teaches the model to bind OIDC federation to a specific subject.",
    resource_types=("aws_iam_role",),
)

_COGNITO_AUD = "cognito-identity.amazonaws.com:aud"


def _oidc_trust(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for role, st in _trust_statements(ctx):
        if not st.allows or "*" in st.actions or not st.action_matches("sts:AssumeRoleWithWebIdentity"):
            continue
        keys = st.condition_keys
        if UNKNOWN_CONDITION_KEY in keys or _COGNITO_AUD in keys or any(k.endswith(":sub") for k in keys):
            continue
        if any(p.startswith("Federated:") and "cognito-identity" in p for p in st.principals):
            continue
        node = _where(st, role, "assume_role_policy")
        if once.first(node):
            yield finding(meta, node, f"{role.address}: sts:AssumeRoleWithWebIdentity is allowed without a condition "
                          'on the token subject (":sub")', address=role.address)


# ---------------------------------------------------------------- SEC075 / SEC078: resource policies


PUBLIC_RESOURCE_POLICY = RuleMeta(
    id="SEC075",
    name="resource-policy-allows-any-principal",
    severity="high",
    category="security",
    summary="Resource policy (SQS, SNS, KMS, ECR, Secrets Manager, …) allows any principal without a condition",
    rationale='A resource policy statement with Effect "Allow", Principal "*" (or AWS = "*") and no Condition '
    "opens the queue, topic, key, repository or secret to every AWS account: anyone can send or read messages, "
    "use the key, pull images or read the secret, depending on the actions allowed.",
    fix="Name the principals (account, role or service) that need access, or keep the wildcard and add a "
    "condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.",
    bad='resource "aws_sqs_queue_policy" "q" {\n  queue_url = aws_sqs_queue.q.id\n  policy = jsonencode({\n'
    '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage",\n'
    "      Resource = aws_sqs_queue.q.arn }]\n  })\n}\n",
    good='resource "aws_sqs_queue_policy" "q" {\n  queue_url = aws_sqs_queue.q.id\n  policy = jsonencode({\n'
    '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" },\n'
    '      Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn,\n'
    '      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.t.arn } } }]\n  })\n}\n',
    references=(
        PRINCIPAL_DOC,
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
        TF + "sqs_queue_policy",
        TF + "kms_key",
    ),
    impact=Impact(security="Data or capabilities of the resource are available to any AWS account"),
    training_value="Teaches the model to scope resource policies to named principals or conditions.",
    resource_types=(
        "aws_sqs_queue", "aws_sqs_queue_policy", "aws_sns_topic", "aws_sns_topic_policy", "aws_kms_key",
        "aws_kms_key_policy", "aws_ecr_repository_policy", "aws_ecr_registry_policy", "aws_secretsmanager_secret",
        "aws_secretsmanager_secret_policy", "aws_efs_file_system_policy", "aws_opensearch_domain",
        "aws_opensearch_domain_policy", "aws_elasticsearch_domain", "aws_elasticsearch_domain_policy",
        "aws_backup_vault_policy", "aws_glacier_vault", "aws_cloudwatch_event_bus_policy",
    ),
)

_RESOURCE_POLICY_ARGS = {
    "aws_sqs_queue": "policy",
    "aws_sqs_queue_policy": "policy",
    "aws_sns_topic": "policy",
    "aws_sns_topic_policy": "policy",
    "aws_kms_key": "policy",
    "aws_kms_key_policy": "policy",
    "aws_ecr_repository_policy": "policy",
    "aws_ecr_registry_policy": "policy",
    "aws_secretsmanager_secret": "policy",
    "aws_secretsmanager_secret_policy": "policy",
    "aws_efs_file_system_policy": "policy",
    "aws_opensearch_domain": "access_policies",
    "aws_opensearch_domain_policy": "access_policies",
    "aws_elasticsearch_domain": "access_policies",
    "aws_elasticsearch_domain_policy": "access_policies",
    "aws_backup_vault_policy": "policy",
    "aws_glacier_vault": "access_policy",
    "aws_cloudwatch_event_bus_policy": "policy",
}


def _public_resource_policy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view in ctx.of_type(*_RESOURCE_POLICY_ARGS):
        arg = _RESOURCE_POLICY_ARGS[view.type]
        for st in policy_statements(ctx, view, arg) or []:
            if st.allows and st.wildcard_principal and not st.has_condition:
                node = _where(st, view, arg)
                if once.first(node):
                    actions = _quoted(st.actions) if st.actions else "its actions"
                    yield finding(meta, node, f'{view.address}: policy allows Principal "*" to perform {actions} '
                                  "without a condition", address=view.address)


LAMBDA_PUBLIC = RuleMeta(
    id="SEC078",
    name="lambda-permission-any-principal",
    severity="high",
    category="security",
    summary='Lambda permission grants principal "*" without source_arn, source_account or principal_org_id',
    rationale='aws_lambda_permission with principal = "*" and nothing narrowing the caller adds a statement to '
    "the function's resource policy that lets any AWS account invoke (or otherwise use) the function.",
    fix="Set principal to the service or account that calls the function and add source_arn (and "
    "source_account for S3) so only that resource can invoke it.",
    bad='resource "aws_lambda_permission" "api" {\n  action        = "lambda:InvokeFunction"\n'
    '  function_name = aws_lambda_function.fn.function_name\n  principal     = "*"\n}\n',
    good='resource "aws_lambda_permission" "api" {\n  action        = "lambda:InvokeFunction"\n'
    '  function_name = aws_lambda_function.fn.function_name\n  principal     = "apigateway.amazonaws.com"\n'
    '  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/*"\n}\n',
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
        TF + "lambda_permission",
    ),
    impact=Impact(cost="Anyone can run the function at your expense", security="Any AWS account can invoke the function"),
    training_value="Teaches the model to scope Lambda invoke permissions to the calling resource.",
    resource_types=("aws_lambda_permission",),
)


def _lambda_permission_unscoped(view: ResourceView) -> bool:
    if any(view.attr(a) is not None for a in ("source_arn", "source_account", "principal_org_id")):
        return False
    # A public function URL is deliberately open; its exposure is judged by the function URL's auth type.
    return view.py("action") != "lambda:InvokeFunctionUrl"


_LAMBDA_CHECK = AttributeCheck(
    LAMBDA_PUBLIC,
    "principal",
    Expect(lambda v: v != "*", 'a named service or account, not "*"', absent_ok=True),
    '{address}: principal is "*" and nothing (source_arn, source_account, principal_org_id) narrows the caller',
    applies=_lambda_permission_unscoped,
)


RULES = [
    Rule(OPEN_TRUST, _open_trust),
    Rule(OIDC_TRUST, _oidc_trust),
    Rule(PUBLIC_RESOURCE_POLICY, _public_resource_policy),
    _LAMBDA_CHECK.rule(),
]
