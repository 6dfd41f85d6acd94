"""IAM: wildcard grants, admin managed policies, PassRole, open trust and resource policies, user credentials.

Identity policies are read wherever the code can write them (the four
`*_policy` resources, `inline_policy` blocks of roles, and the
`aws_iam_policy_document` data sources they use), always through
`policy_statements`, so jsonencode, heredoc JSON and policy documents are
judged alike. Managed-policy ARNs are recognised even when their partition is
only known at apply time (`arn:${data.aws_partition.current.partition}:…`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import ResourceView, RuleContext, references, to_py
from iacreview.rules.policy import Statement, policy_statements

TF = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
IAM_BEST_PRACTICES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"
IAM_GRANT_LEAST = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"
PRINCIPAL_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
NOT_REPORTED = (" Not reported: permissions boundaries (they grant nothing themselves) and policies that reach only "
                "roles people assume with MFA, the recommended way to give humans broad access.")

#: Resources whose `policy` argument is an identity policy (attached to a user, group or role).
IDENTITY_POLICY_TYPES = ("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")
IDENTITY_RESOURCE_TYPES = IDENTITY_POLICY_TYPES + ("aws_iam_role",)


# ---------------------------------------------------------------- shared helpers


def identity_statements(ctx: RuleContext) -> list[tuple[ResourceView, Statement]]:
    """Every granting statement of every identity policy (computed once per configuration)."""
    return ctx.memo("iam.identity_statements", lambda: list(_identity_statements(ctx)))


def _identity_statements(ctx: RuleContext) -> Iterator[tuple[ResourceView, Statement]]:
    """Every statement of every identity policy that grants permissions, with the instance carrying it.

    Left out: policies used only as permissions boundaries (an allow-all
    boundary grants nothing by itself) and policies of roles that only
    MFA-authenticated people can assume (the recommended way to give humans
    administrative access).
    """
    for view in ctx.of_type(*IDENTITY_POLICY_TYPES):
        if _boundary_only(ctx, view) or _only_mfa_roles_hold(ctx, view):
            continue
        for st in policy_statements(ctx, view, "policy") or []:
            yield view, st
    for role in ctx.of_type("aws_iam_role"):
        if _mfa_role(ctx, role):
            continue
        for block in role.blocks("inline_policy"):
            for st in policy_statements(ctx, block, "policy") or []:
                yield role, st


_ATTACHMENTS = ("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
                "aws_iam_group_policy_attachment", "aws_iam_policy_attachment")


def _only_mfa_roles_hold(ctx: RuleContext, policy: ResourceView) -> bool:
    """Whether the policy reaches only roles that MFA-authenticated people assume."""
    if policy.type == "aws_iam_role_policy":
        roles = _roles_of(ctx, policy, "role")
        return bool(roles) and all(_mfa_role(ctx, r) for r in roles)
    if policy.type != "aws_iam_policy":
        return False
    roles: list[ResourceView] = []
    for attachment in ctx.linked(policy, *_ATTACHMENTS):
        if attachment.type in ("aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"):
            return False
        if attachment.type == "aws_iam_policy_attachment":
            if _other_principals(attachment):
                return False
            found = _roles_of(ctx, attachment, "roles")
        else:
            found = _roles_of(ctx, attachment, "role")
        if not found:
            return False
        roles.extend(found)
    return bool(roles) and all(_mfa_role(ctx, r) for r in roles)


_MFA_KEYS = {"aws:multifactorauthpresent", "aws:multifactorauthage"}


def _mfa_role(ctx: RuleContext, role: ResourceView) -> bool:
    """Whether every Allow statement of the role's trust policy requires MFA (so only people assume it)."""
    statements = [st for st in policy_statements(ctx, role, "assume_role_policy") or [] if st.allows]
    return bool(statements) and all(_MFA_KEYS & set(st.condition_keys) for st in statements)


def _roles_of(ctx: RuleContext, view: ResourceView, arg: str) -> list[ResourceView]:
    """The aws_iam_role instances an attachment or role policy names in `arg` (by reference or by name)."""
    attr = view.attr(arg)
    if attr is None:
        return []
    names = view.py(arg)
    names = names if isinstance(names, list) else [names]
    return [role for role in ctx.of_type("aws_iam_role")
            if _mentions(attr.expr, role) or role.py("name") in [n for n in names if isinstance(n, str)]]


def _boundary_only(ctx: RuleContext, policy: ResourceView) -> bool:
    """An aws_iam_policy used as a permissions boundary (by a role, user or module input) and attached nowhere."""
    if policy.type != "aws_iam_policy" or ctx.linked(policy, *_ATTACHMENTS):
        return False
    module = policy.instance.scope.module
    blocks = [r.block for r in module.managed_resources] + [c.block for c in module.module_calls.values()]
    return any("boundar" in attr.name and _mentions(attr.expr, policy)
               for block in blocks for attr in block.body.attributes)


def _mentions(expr: N.Node, view: ResourceView) -> bool:
    return references(expr, view.ref)


class _Once:
    """Drops repeated findings at one place (a statement shared by several instances or policies)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, int, int]] = set()

    def first(self, node: N.Node) -> bool:
        key = (node.filename, node.line, node.col)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def _where(st: Statement, view: ResourceView, attr: str = "policy") -> N.Node:
    return st.where or view.node(attr)


def _quoted(items: list[str]) -> str:
    return ", ".join(f'"{i}"' for i in items)


# ---------------------------------------------------------------- SEC070 / SEC071: wildcard actions


FULL_ADMIN = RuleMeta(
    id="SEC070",
    name="iam-policy-allows-all-actions",
    severity="high",
    category="security",
    summary='IAM policy allows all actions (Action "*", or Allow with NotAction) on Resource "*"',
    rationale='A statement that allows every action on every resource is full administrator access: whoever holds '
    "the policy can read all data, delete any resource, create users and disable logging. An Allow with "
    "NotAction on \"*\" is nearly the same: everything except the few actions listed. It defeats least "
    "privilege and turns any compromise of the role, user or workload into a compromise of the account."
    + NOT_REPORTED,
    fix="List the actions the workload calls (e.g. s3:GetObject, dynamodb:Query) and the ARNs it needs; if broad "
    "access is truly required, use a narrower AWS managed job-function policy and a permissions boundary.",
    bad='resource "aws_iam_role_policy" "app" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n'
    '    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]\n  })\n}\n',
    good='resource "aws_iam_role_policy" "app" {\n  role = aws_iam_role.app.id\n  policy = jsonencode({\n'
    '    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ["s3:GetObject", "s3:PutObject"]\n'
    '      Resource = "${aws_s3_bucket.data.arn}/*"\n    }]\n  })\n}\n',
    references=(
        IAM_GRANT_LEAST,
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
        TF + "iam_role_policy",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document",
    ),
    impact=Impact(security="Anyone who obtains these credentials controls the whole AWS account"),
    training_value="Teaches the model to write scoped IAM statements instead of the admin wildcard.",
    resource_types=IDENTITY_RESOURCE_TYPES,
)


def _all_actions(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st in identity_statements(ctx):
        if not st.allows or not st.any_resource:
            continue
        if "*" in st.actions:
            what = 'Action "*"'
        elif st.not_actions and not st.actions:
            what = f"every action except {_quoted(st.not_actions)} (NotAction)"
        else:
            continue
        node = _where(st, view)
        if once.first(node):
            yield finding(meta, node, f'{view.address}: statement allows {what} on Resource "*"', address=view.address)


SERVICE_WILDCARD = RuleMeta(
    id="SEC071",
    name="iam-policy-service-wildcard",
    severity="medium",
    category="security",
    summary='IAM policy allows every action of a service ("s3:*") on Resource "*"',
    rationale='"service:*" on "*" grants every present and future API of the service on every resource of that '
    "type in the account, including destructive and permission-changing calls (s3:PutBucketPolicy, "
    "dynamodb:DeleteTable, kms:ScheduleKeyDeletion). Reviewers expect the actions and resources a workload "
    "actually uses." + NOT_REPORTED,
    fix="Replace the service wildcard with the specific actions needed and scope Resource to the ARNs of the "
    "resources this configuration creates.",
    bad='data "aws_iam_policy_document" "app" {\n  statement {\n    actions   = ["s3:*"]\n    resources = ["*"]\n  }\n}\n',
    good='data "aws_iam_policy_document" "app" {\n  statement {\n    actions   = ["s3:GetObject", "s3:ListBucket"]\n'
    '    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]\n  }\n}\n',
    references=(
        IAM_GRANT_LEAST,
        "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
        TF + "iam_policy",
    ),
    impact=Impact(security="A compromised workload can misuse every API of the service across the account"),
    training_value="Teaches the model to enumerate the actions and resources a workload needs.",
    resource_types=IDENTITY_RESOURCE_TYPES,
)

_SERVICE_STAR = re.compile(r"^[a-z0-9-]+:\*$", re.IGNORECASE)


def _service_wildcards(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st in identity_statements(ctx):
        if not st.allows or "*" in st.actions or not st.any_resource:
            continue
        wild = [a for a in st.actions if _SERVICE_STAR.match(a)]
        if wild:
            node = _where(st, view)
            if once.first(node):
                yield finding(meta, node, f'{view.address}: statement allows {_quoted(wild)} on Resource "*"',
                              address=view.address)


# ---------------------------------------------------------------- SEC072: admin managed policies


ADMIN_MANAGED = RuleMeta(
    id="SEC072",
    name="iam-admin-managed-policy-attached",
    severity="high",
    category="security",
    summary="AdministratorAccess, PowerUserAccess or IAMFullAccess is attached",
    rationale="These AWS managed policies grant (nearly) every action in the account: AdministratorAccess is "
    "everything, PowerUserAccess everything but IAM user management, and IAMFullAccess lets the holder grant "
    "itself anything else. Attaching them to a workload role, user or group is almost never what a task needs. "
    "Roles that only MFA-authenticated people can assume are not reported: that is how AWS recommends granting "
    "administrative access to humans.",
    fix="Attach a customer-managed policy with the actions and resources the principal uses, or a narrower AWS "
    "managed policy for the service (e.g. AmazonS3ReadOnlyAccess).",
    bad='resource "aws_iam_role_policy_attachment" "admin" {\n  role       = aws_iam_role.app.name\n'
    '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n',
    good='resource "aws_iam_role_policy_attachment" "app" {\n  role       = aws_iam_role.app.name\n'
    "  policy_arn = aws_iam_policy.app_least_privilege.arn\n}\n",
    references=(
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
        TF + "iam_role_policy_attachment",
        TF + "iam_policy_attachment",
    ),
    impact=Impact(security="The principal can take over the account (create admins, read and delete everything)"),
    training_value="Teaches the model not to reach for admin managed policies to make permissions work.",
    resource_types=(
        "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment", "aws_iam_role", "aws_iam_role_policy_attachments_exclusive",
        "aws_iam_user_policy_attachments_exclusive", "aws_iam_group_policy_attachments_exclusive",
    ),
)

ADMIN_POLICY_NAMES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")
HOLE = "\uffff"  # stands for a part of a string known only at apply time
_ADMIN_ARN = re.compile(r"arn:[^:]*:iam::aws:policy/(?:" + "|".join(ADMIN_POLICY_NAMES) + r")")
_COLLECTION_FUNCTIONS = {"concat", "tolist", "toset", "flatten", "distinct", "compact", "sort"}

_SINGLE_ARN_ARGS = {
    "aws_iam_role_policy_attachment": "policy_arn",
    "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn",
    "aws_iam_policy_attachment": "policy_arn",
}
_ARN_LIST_ARGS = {
    "aws_iam_role": "managed_policy_arns",
    "aws_iam_role_policy_attachments_exclusive": "policy_arns",
    "aws_iam_user_policy_attachments_exclusive": "policy_arns",
    "aws_iam_group_policy_attachments_exclusive": "policy_arns",
}


def string_skeletons(view: ResourceView, expr: N.Node, depth: int = 0) -> list[str]:
    """The strings `expr` can produce, with parts unknown before apply replaced by HOLE.

    Sees through templates, locals, tuples and list functions, so
    `"arn:${data.aws_partition.current.partition}:iam::aws:policy/X"` becomes
    `"arn:\\uffff:iam::aws:policy/X"` instead of a wholly unknown value.
    """
    value = to_py(view.instance.evaluate(expr), None)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    if depth > 8:
        return [HOLE]
    while isinstance(expr, N.Parens):
        expr = expr.expr
    if isinstance(expr, N.Template):
        text = ""
        for part in expr.parts:
            if isinstance(part, N.TemplateLiteral):
                text += part.value
            elif isinstance(part, N.TemplateInterp):
                inner = string_skeletons(view, part.expr, depth + 1)
                text += inner[0] if len(inner) == 1 else HOLE
            else:
                text += HOLE
        return [text]
    if isinstance(expr, N.Tuple):
        return [s for item in expr.items for s in string_skeletons(view, item, depth + 1)]
    if isinstance(expr, N.FunctionCall) and expr.name in _COLLECTION_FUNCTIONS:
        return [s for arg in expr.args for s in string_skeletons(view, arg, depth + 1)]
    parts = N.traversal_parts(expr)
    module = view.instance.scope.module
    if parts and parts[0] == "local" and len(parts) == 2 and parts[1] in module.locals:
        return string_skeletons(view, module.locals[parts[1]].expr, depth + 1)
    if parts and len(parts) == 4 and parts[:2] == ["data", "aws_iam_policy"] and parts[3] == "arn":
        data = module.resources.get(f"data.aws_iam_policy.{parts[2]}")
        if data is not None:
            arn = data.attribute("arn")
            if arn is not None:
                return string_skeletons(view, arn.expr, depth + 1)
            name = data.attribute("name")
            if name is not None:
                return [f"arn:{HOLE}:iam::aws:policy/{s}" for s in string_skeletons(view, name.expr, depth + 1)]
    return [HOLE]


def _other_principals(view: ResourceView) -> bool:
    """Whether an aws_iam_policy_attachment also attaches to users or groups."""
    return any(view.py(arg) not in (None, []) for arg in ("users", "groups")) if view.type == "aws_iam_policy_attachment" else False


def admin_policy_name(arn: str) -> str | None:
    """The admin managed policy an ARN (skeleton) names, if any."""
    match = _ADMIN_ARN.fullmatch(arn)
    if match is None or HOLE in arn.rsplit("/", 1)[-1]:
        return None
    return arn.rsplit("/", 1)[-1]


def _admin_managed(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view in ctx.of_type(*_SINGLE_ARN_ARGS, *_ARN_LIST_ARGS):
        arg = _SINGLE_ARN_ARGS.get(view.type) or _ARN_LIST_ARGS[view.type]
        attr = view.attr(arg)
        if attr is None:
            continue
        roles = [view] if view.type == "aws_iam_role" else _roles_of(ctx, view, "role")
        if roles and all(_mfa_role(ctx, role) for role in roles) and not _other_principals(view):
            continue  # administrator access for people who sign in with MFA is the recommended pattern
        names = sorted({n for s in string_skeletons(view, attr.expr) if (n := admin_policy_name(s))})
        if names and once.first(attr):
            yield finding(meta, attr, f"{view.address}: attaches {', '.join(names)}", address=view.address)


# ---------------------------------------------------------------- SEC073: PassRole on *


PASSROLE = RuleMeta(
    id="SEC073",
    name="iam-passrole-any-role",
    severity="high",
    category="security",
    summary='IAM policy allows iam:PassRole on Resource "*"',
    rationale="iam:PassRole decides which roles a principal may hand to a service (EC2, Lambda, ECS, Glue…). On "
    '"*" it may pass any role in the account, including administrator roles, and so gain their permissions by '
    "launching a function or instance with them: a classic privilege escalation path." + NOT_REPORTED,
    fix="Restrict Resource to the ARNs of the roles the principal has to pass, and add an iam:PassedToService "
    "condition naming the service that receives them.",
    bad='data "aws_iam_policy_document" "deployer" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = ["*"]\n  }\n}\n',
    good='data "aws_iam_policy_document" "deployer" {\n  statement {\n    actions   = ["iam:PassRole"]\n'
    "    resources = [aws_iam_role.lambda_exec.arn]\n    condition {\n      test     = \"StringEquals\"\n"
    '      variable = "iam:PassedToService"\n      values   = ["lambda.amazonaws.com"]\n    }\n  }\n}\n',
    references=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
        IAM_GRANT_LEAST,
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document",
    ),
    impact=Impact(security="Privilege escalation to any role in the account"),
    training_value="Teaches the model to scope iam:PassRole to the roles a service really needs.",
    resource_types=IDENTITY_RESOURCE_TYPES,
)


def _passrole(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    once = _Once()
    for view, st in identity_statements(ctx):
        if st.allows and "*" not in st.actions and st.any_resource and st.action_matches("iam:PassRole"):
            node = _where(st, view)
            if once.first(node):
                via = [a for a in st.actions if Statement(actions=[a]).action_matches("iam:PassRole")]
                yield finding(meta, node, f'{view.address}: statement allows iam:PassRole (via {_quoted(via)}) '
                              'on Resource "*"', address=view.address)


# ---------------------------------------------------------------- SEC076 / SEC077: IAM users


USER_POLICY = RuleMeta(
    id="SEC076",
    name="iam-user-has-direct-policy",
    severity="medium",
    category="security",
    summary="IAM user gets permissions directly (inline or attached policy) instead of through a group or role",
    rationale="Permissions granted user by user drift apart and are hard to audit or revoke; the AWS security "
    "baseline (CIS, Security Hub IAM.2) expects users to receive permissions only through groups, and "
    "workloads to use roles instead of users at all.",
    fix="Put the policy on an aws_iam_group and add the user with aws_iam_user_group_membership, or better, "
    "give the workload an IAM role (instance profile, IRSA, Lambda execution role).",
    bad='resource "aws_iam_user_policy" "ci" {\n  user   = aws_iam_user.ci.name\n  policy = data.aws_iam_policy_document.ci.json\n}\n',
    good='resource "aws_iam_group_policy" "ci" {\n  group  = aws_iam_group.ci.name\n  policy = data.aws_iam_policy_document.ci.json\n}\n\n'
    'resource "aws_iam_user_group_membership" "ci" {\n  user   = aws_iam_user.ci.name\n  groups = [aws_iam_group.ci.name]\n}\n',
    references=(
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
        IAM_BEST_PRACTICES,
        TF + "iam_user_policy",
        TF + "iam_group_policy",
    ),
    impact=Impact(security="User-level grants are easy to miss in audits and to leave behind"),
    training_value="Teaches the model to manage permissions through groups and roles.",
    resource_types=("aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_user_policy_attachments_exclusive",
                    "aws_iam_policy_attachment"),
)


def _user_policy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type("aws_iam_user_policy"):
        yield finding(meta, view.block, f"{view.address}: inline policy on an IAM user", address=view.address)
    for view in ctx.of_type("aws_iam_user_policy_attachment", "aws_iam_user_policy_attachments_exclusive"):
        yield finding(meta, view.block, f"{view.address}: managed policy attached to an IAM user", address=view.address)
    for view in ctx.of_type("aws_iam_policy_attachment"):
        users = view.py("users")
        if isinstance(users, list) and users:
            yield finding(meta, view.node("users"), f"{view.address}: policy attached directly to IAM users",
                          address=view.address)


ACCESS_KEY = RuleMeta(
    id="SEC077",
    name="iam-access-key-created",
    severity="medium",
    category="security",
    summary="Long-lived IAM access key created in Terraform",
    rationale="aws_iam_access_key creates a permanent credential; its secret is written to the Terraform state "
    "(in plain text unless pgp_key is set) and to any output that exposes it, and it never expires. Roles "
    "with temporary credentials (instance profiles, IRSA, OIDC federation for CI) remove the need for it.",
    fix="Use an IAM role the workload assumes instead of a user key. If a key is unavoidable, create it outside "
    "Terraform or set pgp_key, store it in Secrets Manager and rotate it.",
    bad='resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\n',
    good='resource "aws_iam_role" "ci" {\n  name               = "ci"\n'
    "  assume_role_policy = data.aws_iam_policy_document.github_oidc_trust.json\n}\n",
    references=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
        TF + "iam_access_key",
        "https://developer.hashicorp.com/terraform/language/state/sensitive-data",
    ),
    impact=Impact(security="A permanent credential exists in state and can leak through it"),
    training_value="Teaches the model to prefer roles and temporary credentials over access keys.",
    resource_types=("aws_iam_access_key",),
)


def _access_key(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type("aws_iam_access_key"):
        encrypted = view.attr("pgp_key") is not None
        state = "encrypted with pgp_key" if encrypted else "in plain text"
        yield finding(meta, view.block, f"{view.address}: creates a long-lived access key; its secret is stored "
                      f"in the state {state}", address=view.address)


RULES = [
    Rule(FULL_ADMIN, _all_actions),
    Rule(SERVICE_WILDCARD, _service_wildcards),
    Rule(ADMIN_MANAGED, _admin_managed),
    Rule(PASSROLE, _passrole),
    Rule(USER_POLICY, _user_policy),
    Rule(ACCESS_KEY, _access_key),
]
