"""S3 buckets: public access, ACLs, policies, encryption, TLS, versioning, logging.

Since AWS provider v4 a bucket's settings live in separate resources that
point at it (`bucket = aws_s3_bucket.logs.id`); rules follow those links and
also read the legacy inline arguments, so either style is judged alike.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.eval.values import UNKNOWN
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.policy import policy_statements
from iacreview.rules.table import AttributeCheck, equals

BUCKET = "aws_s3_bucket"
PAB = "aws_s3_bucket_public_access_block"
ACCOUNT_PAB = "aws_s3_account_public_access_block"
S3_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"
TF_PAB = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block"

_PAB_FLAGS = {
    "block_public_acls": ("SEC002", "s3-block-public-acls-disabled", "new public ACLs on the bucket and its objects are rejected"),
    "block_public_policy": ("SEC003", "s3-block-public-policy-disabled", "bucket policies that grant public access are rejected"),
    "ignore_public_acls": ("SEC004", "s3-ignore-public-acls-disabled", "existing public ACLs are ignored"),
    "restrict_public_buckets": ("SEC005", "s3-restrict-public-buckets-disabled", "access through a public policy is limited to AWS services and the account"),
}


def _pab_meta(flag: str) -> RuleMeta:
    rule_id, name, effect = _PAB_FLAGS[flag]
    return RuleMeta(
        id=rule_id,
        name=name,
        severity="high",
        category="security",
        summary=f"S3 public access block does not set {flag} = true",
        rationale=f"With {flag} = true, {effect}. Leaving it false (the default when omitted) keeps a path "
        "to accidental public exposure of the bucket's data.",
        fix=f"Set {flag} = true in the bucket's aws_s3_bucket_public_access_block.",
        bad=f'resource "aws_s3_bucket_public_access_block" "b" {{\n  bucket = aws_s3_bucket.b.id\n  {flag} = false\n}}\n',
        good=f'resource "aws_s3_bucket_public_access_block" "b" {{\n  bucket = aws_s3_bucket.b.id\n  {flag} = true\n}}\n',
        references=(S3_DOC, TF_PAB),
        impact=Impact(cost="None", security="Data in the bucket can become publicly readable", performance="None"),
        training_value="Teaches the model to block every public-access path of S3 buckets by default.",
        resource_types=(PAB,),
    )


_FLAG_CHECKS = [
    AttributeCheck(_pab_meta(flag), flag, equals(True), "{address}: " + flag + " is {value}; expected true")
    for flag in _PAB_FLAGS
]

MISSING_PAB = RuleMeta(
    id="SEC001",
    name="s3-public-access-block-missing",
    severity="medium",
    category="security",
    summary="S3 bucket has no public access block",
    rationale="Without an aws_s3_bucket_public_access_block (or an account-level one), nothing stops a later ACL "
    "or policy change from making the bucket public.",
    fix="Add an aws_s3_bucket_public_access_block for the bucket with all four flags set to true.",
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    good='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n\nresource "aws_s3_bucket_public_access_block" "data" {\n'
    "  bucket                  = aws_s3_bucket.data.id\n  block_public_acls       = true\n  block_public_policy     = true\n"
    "  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n",
    references=(S3_DOC, TF_PAB),
    impact=Impact(security="The bucket relies on every future change being correct to stay private"),
    training_value="Teaches the model that private-by-default S3 needs an explicit public access block.",
    resource_types=(BUCKET,),
)


def _missing_pab(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if ctx.of_type(ACCOUNT_PAB):
        return
    for bucket in ctx.of_type(BUCKET):
        if not ctx.linked(bucket, PAB):
            yield finding(meta, bucket.block, f"{bucket.address} has no aws_s3_bucket_public_access_block", address=bucket.address)


PUBLIC_ACL = RuleMeta(
    id="SEC006",
    name="s3-public-acl",
    severity="high",
    category="security",
    summary="S3 bucket ACL grants public access",
    rationale="The canned ACLs public-read, public-read-write and authenticated-read let anyone (or any AWS "
    "account holder) list or read objects; public-read-write also lets them write.",
    fix='Use acl = "private" (or no ACL with object ownership BucketOwnerEnforced) and share data through '
    "CloudFront or presigned URLs.",
    bad='resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site.id\n  acl    = "public-read"\n}\n',
    good='resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site.id\n  acl    = "private"\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",),
    impact=Impact(security="Objects are readable (or writable) by anyone on the internet"),
    training_value="Teaches the model never to make buckets public through ACLs.",
    resource_types=(BUCKET, "aws_s3_bucket_acl"),
)

_PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}


def _public_acl(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(BUCKET, "aws_s3_bucket_acl"):
        acl = view.py("acl")
        if isinstance(acl, str) and acl in _PUBLIC_ACLS:
            yield finding(meta, view.node("acl"), f'{view.address}: acl = "{acl}" grants public access', address=view.address)


PUBLIC_POLICY = RuleMeta(
    id="SEC007",
    name="s3-public-bucket-policy",
    severity="high",
    category="security",
    summary="S3 bucket policy allows any principal without a condition",
    rationale='A statement with Effect "Allow" and Principal "*" and no Condition opens the bucket to everyone.',
    fix="Name the principals that need access, or add a condition (aws:SourceArn, aws:PrincipalOrgID, …).",
    bad='resource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*" }]\n  })\n}\n',
    good='resource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Allow", Principal = { Service = "cloudfront.amazonaws.com" }, Action = "s3:GetObject",\n'
    '      Resource = "${aws_s3_bucket.b.arn}/*", Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.d.arn } } }]\n  })\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",),
    impact=Impact(security="Anyone can perform the allowed actions on the bucket"),
    training_value="Teaches the model to scope bucket policies to named principals or conditions.",
    resource_types=("aws_s3_bucket_policy",),
)


def _public_policy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type("aws_s3_bucket_policy", BUCKET):
        for st in policy_statements(ctx, view, "policy") or []:
            if st.allows and st.wildcard_principal and not st.has_condition:
                node = st.node or view.node("policy")
                yield finding(meta, node, f"{view.address}: policy allows Principal \"*\" without a condition", address=view.address)
                break


ENCRYPTION = RuleMeta(
    id="SEC008",
    name="s3-encryption-not-configured",
    severity="low",
    category="security",
    summary="S3 bucket has no server-side encryption configuration",
    rationale="S3 encrypts new objects with SSE-S3 by default since 2023, but an explicit configuration documents "
    "the intent and is needed for SSE-KMS with a customer-managed key, bucket keys and compliance checks.",
    fix="Add aws_s3_bucket_server_side_encryption_configuration with AES256 or aws:kms.",
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    good='resource "aws_s3_bucket_server_side_encryption_configuration" "data" {\n  bucket = aws_s3_bucket.data.id\n'
    '  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",),
    impact=Impact(security="Encryption depends on account defaults rather than the configuration"),
    training_value="Teaches the model to state encryption at rest explicitly for every data store.",
    resource_types=(BUCKET,),
)


def _encryption(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for bucket in ctx.of_type(BUCKET):
        if bucket.blocks("server_side_encryption_configuration"):
            continue
        if ctx.linked(bucket, "aws_s3_bucket_server_side_encryption_configuration"):
            continue
        yield finding(meta, bucket.block, f"{bucket.address} has no server-side encryption configuration", address=bucket.address)


TLS_ONLY = RuleMeta(
    id="SEC009",
    name="s3-tls-only-policy-missing",
    severity="low",
    category="security",
    summary="S3 bucket policy does not deny requests without TLS",
    rationale="Without a Deny on aws:SecureTransport = false, clients may read and write the bucket over plain HTTP.",
    fix='Add a bucket policy statement: Effect "Deny", Principal "*", Action "s3:*", Condition '
    '{ Bool = { "aws:SecureTransport" = "false" } }.',
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    good='resource "aws_s3_bucket_policy" "tls" {\n  bucket = aws_s3_bucket.data.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
    '    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*",\n      Resource = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"],\n'
    '      Condition = { Bool = { "aws:SecureTransport" = "false" } } }]\n  })\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",),
    impact=Impact(security="Data may travel unencrypted between clients and S3"),
    training_value="Teaches the model to enforce encryption in transit for S3.",
    resource_types=(BUCKET,),
    default_enabled=True,
)


def _tls_only(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for bucket in ctx.of_type(BUCKET):
        policies = ctx.linked(bucket, "aws_s3_bucket_policy")
        denies_plain_http = False
        for view in policies + [bucket]:
            attr = view.attr("policy")
            if attr is None:
                continue
            if "SecureTransport" in attr.expr.text():
                denies_plain_http = True
            for d in ctx.data_of_type("aws_iam_policy_document"):
                if f"data.aws_iam_policy_document.{d.name}" in attr.expr.text() and "SecureTransport" in d.block.text():
                    denies_plain_http = True
        if not denies_plain_http:
            yield finding(meta, bucket.block, f"{bucket.address} has no policy denying non-TLS requests", address=bucket.address)


VERSIONING = RuleMeta(
    id="REL001",
    name="s3-versioning-disabled",
    severity="low",
    category="reliability",
    summary="S3 bucket versioning is not enabled",
    rationale="Versioning keeps prior object versions so deletes and overwrites, accidental or malicious, can be undone.",
    fix='Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }.',
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    good='resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",),
    impact=Impact(cost="Old versions add storage cost unless expired by lifecycle rules", security="Protects against destructive writes"),
    training_value="Teaches the model to protect stored data against loss by default.",
    resource_types=(BUCKET,),
)


def _versioning(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for bucket in ctx.of_type(BUCKET):
        inline = bucket.blocks("versioning")
        if any(b.py("enabled") in (True, UNKNOWN) for b in inline):
            continue
        linked = ctx.linked(bucket, "aws_s3_bucket_versioning")
        statuses = [b.py("status") for v in linked for b in v.blocks("versioning_configuration")]
        if any(s in ("Enabled", UNKNOWN) for s in statuses):
            continue
        node = linked[0].block if linked else bucket.block
        yield finding(meta, node, f"{bucket.address} does not have versioning enabled", address=bucket.address)


LOGGING = RuleMeta(
    id="OPS001",
    name="s3-access-logging-missing",
    severity="low",
    category="operations",
    summary="S3 bucket has no server access logging",
    rationale="Access logs record who read or changed what; without them incidents on the bucket cannot be investigated.",
    fix="Add aws_s3_bucket_logging pointing at a dedicated log bucket (not the bucket itself).",
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    good='resource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "data/"\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",),
    impact=Impact(cost="Log storage", security="No audit trail of object access"),
    training_value="Teaches the model to make data stores auditable.",
    resource_types=(BUCKET,),
)


def _is_log_target(ctx: RuleContext, bucket: ResourceView) -> bool:
    for logging in ctx.of_type("aws_s3_bucket_logging"):
        attr = logging.attr("target_bucket")
        if attr is not None and f"{bucket.ref}." in attr.expr.text():
            return True
    return False


def _logging(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for bucket in ctx.of_type(BUCKET):
        if bucket.blocks("logging") or ctx.linked(bucket, "aws_s3_bucket_logging") or _is_log_target(ctx, bucket):
            continue
        yield finding(meta, bucket.block, f"{bucket.address} has no access logging", address=bucket.address)


LIFECYCLE_FILTER = RuleMeta(
    id="OPS033",
    name="s3-lifecycle-rule-without-filter",
    severity="medium",
    category="operations",
    summary="S3 lifecycle rule has neither a filter nor a prefix",
    rationale="The AWS provider (5.90 and later) warns on every plan that one of filter or prefix is required in "
    "each rule of aws_s3_bucket_lifecycle_configuration, and says it will become an error in a later version: "
    "the configuration works today and stops working on a provider upgrade.",
    fix="Give every rule a filter; `filter {}` (or `filter { prefix = \"\" }` on providers before 5.94) applies "
    "it to the whole bucket.",
    bad='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  rule {\n'
    '    id     = "expire"\n    status = "Enabled"\n\n    expiration {\n      days = 90\n    }\n  }\n}\n',
    good='resource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  rule {\n'
    '    id     = "expire"\n    status = "Enabled"\n\n    filter {}\n\n    expiration {\n      days = 90\n    }\n  }\n}\n',
    references=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration",
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRule.html",
    ),
    impact=Impact(performance="A warning on every plan today, a failed plan after a provider upgrade"),
    training_value="Teaches the model the current schema of S3 lifecycle rules.",
    resource_types=("aws_s3_bucket_lifecycle_configuration",),
)


def _lifecycle_filter(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for config in ctx.of_type("aws_s3_bucket_lifecycle_configuration"):
        for rule in config.blocks("rule"):
            if rule.attr("prefix") is not None or rule.blocks("filter"):
                continue
            name = rule.py("id")
            label = f' "{name}"' if isinstance(name, str) else ""
            yield finding(meta, rule.block, f"{config.address}: rule{label} has neither filter nor prefix",
                          address=config.address)


RULES = [
    Rule(MISSING_PAB, _missing_pab),
    Rule(LIFECYCLE_FILTER, _lifecycle_filter),
    *(check.rule() for check in _FLAG_CHECKS),
    Rule(PUBLIC_ACL, _public_acl),
    Rule(PUBLIC_POLICY, _public_policy),
    Rule(ENCRYPTION, _encryption),
    Rule(TLS_ONLY, _tls_only),
    Rule(VERSIONING, _versioning),
    Rule(LOGGING, _logging),
]
