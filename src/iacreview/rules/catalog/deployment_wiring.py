"""Deployment: resources that are each valid but do not work together.

Triggers without the Lambda permission that lets the service invoke the
function, queues and topics without the policy that lets a publisher in, KMS
keys and buckets whose policies leave out the service principal that must use
them, peering without routes, workloads in subnets with no way out, replication
without versioning, and resources an account or region can hold only once.

Links are followed by reference (same module), through locals; a policy or
permission that cannot be read before apply, or that lives where references do
not reach (another module, a variable), silences the rule rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import (
    TF,
    addresses_in_module,
    all_policy_statements,
    deploy_meta,
    grants_service,
    policies_on,
    referenced,
    refers,
)
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.policy import Statement

FN = "aws_lambda_function"
PERMISSION_REF = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"
_NO_INVOKE = Impact(performance="Events never reach the function: the integration is dead while everything looks "
                    "deployed")
_REJECTED = Impact(performance="The apply fails at this resource; what depends on it is not deployed")


def _permitted(ctx: RuleContext, fn: ResourceView, principal: str) -> bool:
    """Whether some aws_lambda_permission (possibly) lets `principal` invoke `fn`."""
    name = fn.py("function_name")
    for perm in ctx.of_type("aws_lambda_permission"):
        p = perm.py("principal")
        if isinstance(p, str) and p != principal and not (p == "*" or p.startswith(principal.split(".")[0] + ".")):
            continue
        if refers(perm, "function_name", fn):
            return True
        target = perm.py("function_name")
        if isinstance(target, str) and isinstance(name, str) and (target == name or target.endswith(f":{name}")):
            return True
        if not isinstance(target, str) and not referenced(ctx, perm, "function_name", FN):
            return True  # unknown target (a variable, another module's output): it may be this function
    return False


def _s3_lambda_targets(ctx: RuleContext) -> Iterator[tuple[ResourceView, object, ResourceView]]:
    for note in ctx.of_type("aws_s3_bucket_notification"):
        for block in note.blocks("lambda_function"):
            attr = block.attr("lambda_function_arn")
            for fn in referenced(ctx, note, attr, FN):
                yield note, attr, fn


S3_LAMBDA = deploy_meta(
    "DEP060", "s3-notification-lambda-without-permission", "critical",
    "S3 bucket notification targets a Lambda function that S3 is not allowed to invoke",
    rationale="When a bucket notification is saved, S3 checks that it may invoke each destination. Without an "
    "aws_lambda_permission for s3.amazonaws.com the call fails (InvalidArgument: Unable to validate the following "
    "destination configurations).",
    fix='Add aws_lambda_permission with principal = "s3.amazonaws.com", source_arn = the bucket ARN, and make the '
    "notification depend_on it.",
    bad='resource "aws_lambda_function" "process" {\n  function_name = "process"\n  role          = "arn:aws:iam::123456789012:role/process"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "process.zip"\n}\n\nresource "aws_s3_bucket_notification" "uploads" {\n  bucket = "uploads"\n  lambda_function {\n    lambda_function_arn = aws_lambda_function.process.arn\n    events              = ["s3:ObjectCreated:*"]\n  }\n}\n',
    good='resource "aws_lambda_function" "process" {\n  function_name = "process"\n  role          = "arn:aws:iam::123456789012:role/process"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "process.zip"\n}\n\nresource "aws_lambda_permission" "s3" {\n  statement_id  = "AllowS3Invoke"\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.process.function_name\n  principal     = "s3.amazonaws.com"\n  source_arn    = "arn:aws:s3:::uploads"\n}\n\nresource "aws_s3_bucket_notification" "uploads" {\n  bucket = "uploads"\n  lambda_function {\n    lambda_function_arn = aws_lambda_function.process.arn\n    events              = ["s3:ObjectCreated:*"]\n  }\n  depends_on = [aws_lambda_permission.s3]\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
                PERMISSION_REF, TF + "s3_bucket_notification"),
    impact=_REJECTED,
    training_value="Teaches the model that event sources need the function's resource policy to invoke it.",
    resource_types=("aws_s3_bucket_notification",),
)


def _s3_lambda(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for note, attr, fn in _s3_lambda_targets(ctx):
        if not _permitted(ctx, fn, "s3.amazonaws.com"):
            yield finding(meta, attr, f"{note.address}: no aws_lambda_permission lets s3.amazonaws.com invoke "
                          f"{fn.address}", address=note.address)


S3_QUEUE_TOPIC = deploy_meta(
    "DEP061", "s3-notification-destination-policy-missing", "critical",
    "S3 bucket notification targets an SQS queue or SNS topic whose policy does not let S3 send to it",
    rationale="S3 validates notification destinations when the configuration is saved: the queue's or topic's "
    "policy must allow s3.amazonaws.com to sqs:SendMessage / sns:Publish. Otherwise PutBucketNotificationConfiguration "
    "fails (InvalidArgument: Unable to validate the following destination configurations).",
    fix='Give the queue (aws_sqs_queue_policy) or topic (aws_sns_topic_policy) a statement allowing Service '
    '"s3.amazonaws.com" with an aws:SourceArn condition on the bucket.',
    bad='resource "aws_sqs_queue" "uploads" {\n  name = "uploads"\n}\n\nresource "aws_s3_bucket_notification" "uploads" {\n  bucket = "uploads"\n  queue {\n    queue_arn = aws_sqs_queue.uploads.arn\n    events    = ["s3:ObjectCreated:*"]\n  }\n}\n',
    good='resource "aws_sqs_queue" "uploads" {\n  name = "uploads"\n}\n\nresource "aws_sqs_queue_policy" "uploads" {\n  queue_url = aws_sqs_queue.uploads.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "s3.amazonaws.com" }\n      Action    = "sqs:SendMessage"\n      Resource  = aws_sqs_queue.uploads.arn\n      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:s3:::uploads" } }\n    }]\n  })\n}\n\nresource "aws_s3_bucket_notification" "uploads" {\n  bucket = "uploads"\n  queue {\n    queue_arn = aws_sqs_queue.uploads.arn\n    events    = ["s3:ObjectCreated:*"]\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
                TF + "s3_bucket_notification"),
    impact=_REJECTED,
    training_value="Teaches the model that S3 notifications need the destination's policy to admit S3.",
    resource_types=("aws_s3_bucket_notification",),
)

_DESTINATIONS = (("queue", "queue_arn", "aws_sqs_queue", "aws_sqs_queue_policy", "queue_url"),
                 ("topic", "topic_arn", "aws_sns_topic", "aws_sns_topic_policy", "arn"))


def _s3_destinations(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for note in ctx.of_type("aws_s3_bucket_notification"):
        for block_name, arg, target_type, policy_type, link in _DESTINATIONS:
            for block in note.blocks(block_name):
                attr = block.attr(arg)
                for target in referenced(ctx, note, attr, target_type):
                    if grants_service(list(policies_on(ctx, target, policy_type, link)), "s3.amazonaws.com") is False:
                        yield finding(meta, attr, f"{note.address}: the policy of {target.address} does not let "
                                      "s3.amazonaws.com send to it", address=note.address)


SNS_LAMBDA = deploy_meta(
    "DEP062", "sns-lambda-subscription-without-permission", "high",
    "SNS topic subscribes a Lambda function that SNS is not allowed to invoke",
    rationale="An SNS subscription with protocol lambda is created without checking permissions, but each delivery "
    "needs the function's resource policy to allow sns.amazonaws.com. Without aws_lambda_permission every "
    "message fails to deliver.",
    fix='Add aws_lambda_permission with principal = "sns.amazonaws.com" and source_arn = the topic ARN.',
    bad='resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n\nresource "aws_lambda_function" "notify" {\n  function_name = "notify"\n  role          = "arn:aws:iam::123456789012:role/notify"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "notify.zip"\n}\n\nresource "aws_sns_topic_subscription" "alerts" {\n  topic_arn = aws_sns_topic.alerts.arn\n  protocol  = "lambda"\n  endpoint  = aws_lambda_function.notify.arn\n}\n',
    good='resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n\nresource "aws_lambda_function" "notify" {\n  function_name = "notify"\n  role          = "arn:aws:iam::123456789012:role/notify"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "notify.zip"\n}\n\nresource "aws_lambda_permission" "notify" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.notify.function_name\n  principal     = "sns.amazonaws.com"\n  source_arn    = aws_sns_topic.alerts.arn\n}\n\nresource "aws_sns_topic_subscription" "alerts" {\n  topic_arn = aws_sns_topic.alerts.arn\n  protocol  = "lambda"\n  endpoint  = aws_lambda_function.notify.arn\n}\n',
    references=("https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html", PERMISSION_REF,
                TF + "sns_topic_subscription"),
    impact=_NO_INVOKE,
    training_value="Teaches the model that SNS needs permission to invoke a subscribed function.",
    resource_types=("aws_sns_topic_subscription",),
)

EVENTS_LAMBDA = deploy_meta(
    "DEP063", "eventbridge-lambda-target-without-permission", "high",
    "EventBridge rule targets a Lambda function that EventBridge is not allowed to invoke",
    rationale="PutTargets accepts a Lambda target without checking permissions; each invocation then needs the "
    "function's resource policy to allow events.amazonaws.com. Without aws_lambda_permission the rule matches and "
    "every invocation fails (FailedInvocations).",
    fix='Add aws_lambda_permission with principal = "events.amazonaws.com" and source_arn = the rule ARN.',
    bad='resource "aws_cloudwatch_event_rule" "nightly" {\n  name                = "nightly"\n  schedule_expression = "cron(0 2 * * ? *)"\n}\n\nresource "aws_lambda_function" "report" {\n  function_name = "report"\n  role          = "arn:aws:iam::123456789012:role/report"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "report.zip"\n}\n\nresource "aws_cloudwatch_event_target" "nightly" {\n  rule = aws_cloudwatch_event_rule.nightly.name\n  arn  = aws_lambda_function.report.arn\n}\n',
    good='resource "aws_cloudwatch_event_rule" "nightly" {\n  name                = "nightly"\n  schedule_expression = "cron(0 2 * * ? *)"\n}\n\nresource "aws_lambda_function" "report" {\n  function_name = "report"\n  role          = "arn:aws:iam::123456789012:role/report"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "report.zip"\n}\n\nresource "aws_lambda_permission" "report" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.report.function_name\n  principal     = "events.amazonaws.com"\n  source_arn    = aws_cloudwatch_event_rule.nightly.arn\n}\n\nresource "aws_cloudwatch_event_target" "nightly" {\n  rule = aws_cloudwatch_event_rule.nightly.name\n  arn  = aws_lambda_function.report.arn\n}\n',
    references=("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions",
                PERMISSION_REF, TF + "cloudwatch_event_target"),
    impact=_NO_INVOKE,
    training_value="Teaches the model that EventBridge needs permission to invoke a target function.",
    resource_types=("aws_cloudwatch_event_target",),
)

APIGW_LAMBDA = deploy_meta(
    "DEP064", "apigateway-lambda-integration-without-permission", "high",
    "API Gateway integration invokes a Lambda function that API Gateway is not allowed to invoke",
    rationale="A Lambda proxy integration needs the function's resource policy to allow apigateway.amazonaws.com. "
    "Without aws_lambda_permission the API deploys and every request returns 500 Internal server error "
    "(Execution failed due to configuration error: Invalid permissions on Lambda function).",
    fix='Add aws_lambda_permission with principal = "apigateway.amazonaws.com" and source_arn = '
    '"${aws_api_gateway_rest_api.api.execution_arn}/*/*".',
    bad='resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n}\n\nresource "aws_lambda_function" "api" {\n  function_name = "api"\n  role          = "arn:aws:iam::123456789012:role/api"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "api.zip"\n}\n\nresource "aws_api_gateway_integration" "get" {\n  rest_api_id             = aws_api_gateway_rest_api.api.id\n  resource_id             = aws_api_gateway_rest_api.api.root_resource_id\n  http_method             = "GET"\n  integration_http_method = "POST"\n  type                    = "AWS_PROXY"\n  uri                     = aws_lambda_function.api.invoke_arn\n}\n',
    good='resource "aws_api_gateway_rest_api" "api" {\n  name = "api"\n}\n\nresource "aws_lambda_function" "api" {\n  function_name = "api"\n  role          = "arn:aws:iam::123456789012:role/api"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "api.zip"\n}\n\nresource "aws_lambda_permission" "api" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.api.function_name\n  principal     = "apigateway.amazonaws.com"\n  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/*"\n}\n\nresource "aws_api_gateway_integration" "get" {\n  rest_api_id             = aws_api_gateway_rest_api.api.id\n  resource_id             = aws_api_gateway_rest_api.api.root_resource_id\n  http_method             = "GET"\n  integration_http_method = "POST"\n  type                    = "AWS_PROXY"\n  uri                     = aws_lambda_function.api.invoke_arn\n}\n',
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html",
                PERMISSION_REF, TF + "api_gateway_integration"),
    impact=_NO_INVOKE,
    training_value="Teaches the model that API Gateway needs permission to invoke its Lambda integration.",
    resource_types=("aws_api_gateway_integration", "aws_apigatewayv2_integration"),
)

_TRIGGERS = {
    "DEP062": ("sns.amazonaws.com", (("aws_sns_topic_subscription", "endpoint"),)),
    "DEP063": ("events.amazonaws.com", (("aws_cloudwatch_event_target", "arn"),)),
    "DEP064": ("apigateway.amazonaws.com", (("aws_api_gateway_integration", "uri"),
                                            ("aws_apigatewayv2_integration", "integration_uri"))),
}


def _invoke_rule(meta: RuleMeta) -> Rule:
    principal, sources = _TRIGGERS[meta.id]

    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for source_type, arg in sources:
            for view in ctx.of_type(source_type):
                if source_type == "aws_sns_topic_subscription" and view.py("protocol") != "lambda":
                    continue
                for fn in referenced(ctx, view, arg, FN):
                    if not _permitted(ctx, fn, principal):
                        yield finding(meta, view.node(arg), f"{view.address}: no aws_lambda_permission lets {principal} "
                                      f"invoke {fn.address}", address=view.address)

    return Rule(meta, check)


SNS_SQS = deploy_meta(
    "DEP065", "sns-sqs-subscription-without-queue-policy", "high",
    "SQS queue subscribed to an SNS topic has no queue policy letting SNS send to it",
    rationale="SNS delivers to an SQS subscriber by calling sqs:SendMessage as sns.amazonaws.com; the queue's policy "
    "must allow it. Without that the subscription is created and confirmed, and every message is silently dropped.",
    fix='Add aws_sqs_queue_policy allowing Service "sns.amazonaws.com" to sqs:SendMessage on the queue, with an '
    "aws:SourceArn condition on the topic.",
    bad='resource "aws_sns_topic" "orders" {\n  name = "orders"\n}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nresource "aws_sns_topic_subscription" "orders" {\n  topic_arn = aws_sns_topic.orders.arn\n  protocol  = "sqs"\n  endpoint  = aws_sqs_queue.orders.arn\n}\n',
    good='resource "aws_sns_topic" "orders" {\n  name = "orders"\n}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nresource "aws_sqs_queue_policy" "orders" {\n  queue_url = aws_sqs_queue.orders.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Service = "sns.amazonaws.com" }\n      Action    = "sqs:SendMessage"\n      Resource  = aws_sqs_queue.orders.arn\n      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.orders.arn } }\n    }]\n  })\n}\n\nresource "aws_sns_topic_subscription" "orders" {\n  topic_arn = aws_sns_topic.orders.arn\n  protocol  = "sqs"\n  endpoint  = aws_sqs_queue.orders.arn\n}\n',
    references=("https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html",
                TF + "sns_topic_subscription"),
    impact=Impact(performance="Messages published to the topic never reach the queue"),
    training_value="Teaches the model that SNS-to-SQS fan-out needs a queue policy.",
    resource_types=("aws_sns_topic_subscription",),
)


def _sns_sqs(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for sub in ctx.of_type("aws_sns_topic_subscription"):
        if sub.py("protocol") != "sqs":
            continue
        for queue in referenced(ctx, sub, "endpoint", "aws_sqs_queue"):
            statements = list(policies_on(ctx, queue, "aws_sqs_queue_policy", "queue_url"))
            if grants_service(statements, "sns.amazonaws.com") is False:
                yield finding(meta, sub.node("endpoint"), f"{sub.address}: no policy on {queue.address} lets "
                              "sns.amazonaws.com send to it", address=sub.address)


KMS_LOGS = deploy_meta(
    "DEP066", "log-group-kms-key-without-logs-principal", "critical",
    "CloudWatch log group is encrypted with a KMS key whose policy does not let CloudWatch Logs use it",
    rationale="CloudWatch Logs encrypts with a customer managed key only if the key policy allows the service "
    "principal logs.<region>.amazonaws.com to kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and "
    "kms:Describe*. A key without a policy gets the default one, which only trusts the account. CreateLogGroup then "
    "fails (AccessDeniedException: The specified KMS key does not exist or is not allowed to be used).",
    fix='Add a key policy statement for Service "logs.${region}.amazonaws.com" with an kms:EncryptionContext:aws:logs:arn '
    "condition, next to the statement that keeps the account's administrators in control.",
    bad='resource "aws_kms_key" "logs" {\n  description = "logs"\n}\n\nresource "aws_cloudwatch_log_group" "app" {\n'
    '  name       = "/app"\n  kms_key_id = aws_kms_key.logs.arn\n}\n',
    good='resource "aws_kms_key" "logs" {\n  description = "logs"\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
    "    Statement = [\n      { Sid = \"Account\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::${local.account_id}:root\" },\n"
    '        Action = "kms:*", Resource = "*" },\n      { Sid = "Logs", Effect = "Allow",\n'
    '        Principal = { Service = "logs.${var.region}.amazonaws.com" },\n'
    '        Action = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],\n'
    '        Resource = "*" },\n    ]\n  })\n}\n',
    references=("https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
                TF + "cloudwatch_log_group"),
    impact=_REJECTED,
    training_value="Teaches the model that a KMS key must trust the service that encrypts with it.",
    resource_types=("aws_cloudwatch_log_group",),
)


def _key_statements(ctx: RuleContext, key: ResourceView) -> list[Statement | None]:
    return list(policies_on(ctx, key, "aws_kms_key_policy", "key_id"))


def _kms_logs(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for group in ctx.of_type("aws_cloudwatch_log_group"):
        for key in referenced(ctx, group, "kms_key_id", "aws_kms_key"):
            statements = _key_statements(ctx, key)
            if not statements:
                yield finding(meta, group.node("kms_key_id"), f"{group.address}: {key.address} has no key policy; the "
                              "default policy does not let logs.<region>.amazonaws.com use it", address=group.address)
            elif grants_service(statements, "logs.amazonaws.com") is False:
                yield finding(meta, group.node("kms_key_id"), f"{group.address}: the policy of {key.address} does not "
                              "let logs.<region>.amazonaws.com use the key", address=group.address)


def _bucket_statements(ctx: RuleContext, bucket: ResourceView) -> list[Statement | None]:
    return list(policies_on(ctx, bucket, "aws_s3_bucket_policy", "bucket"))


CLOUDTRAIL_BUCKET = deploy_meta(
    "DEP067", "cloudtrail-bucket-policy-missing-principal", "critical",
    "CloudTrail writes to a bucket whose policy does not let cloudtrail.amazonaws.com write",
    rationale="CloudTrail checks the destination bucket when the trail is created: its policy must allow "
    "cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket and s3:PutObject on AWSLogs/<account>/*. Otherwise "
    "CreateTrail fails (InsufficientS3BucketPolicyException: Incorrect S3 bucket policy is detected for bucket).",
    fix="Add an aws_s3_bucket_policy with the AWSCloudTrailAclCheck and AWSCloudTrailWrite statements, and make the "
    "trail depend_on it.",
    bad='resource "aws_s3_bucket" "trail" {\n  bucket = "org-trail-logs"\n}\n\nresource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.trail.id\n}\n',
    good='resource "aws_s3_bucket" "trail" {\n  bucket = "org-trail-logs"\n}\n\nresource "aws_s3_bucket_policy" "trail" {\n  bucket = aws_s3_bucket.trail.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      { Sid = "AWSCloudTrailAclCheck", Effect = "Allow",\n        Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl",\n        Resource = aws_s3_bucket.trail.arn },\n      { Sid = "AWSCloudTrailWrite", Effect = "Allow",\n        Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",\n        Resource = "${aws_s3_bucket.trail.arn}/AWSLogs/*",\n        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } } },\n    ]\n  })\n}\n\nresource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.trail.id\n  depends_on = [aws_s3_bucket_policy.trail]\n}\n',
    references=("https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
                TF + "cloudtrail"),
    impact=_REJECTED,
    training_value="Teaches the model the bucket policy CloudTrail requires.",
    resource_types=("aws_cloudtrail",),
)


def _delivery_rule(meta: RuleMeta, source_type: str, service: str) -> Rule:
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        for src in ctx.of_type(source_type):
            for bucket in referenced(ctx, src, "s3_bucket_name", "aws_s3_bucket"):
                statements = _bucket_statements(ctx, bucket)
                if service == "config.amazonaws.com" and _anything_grants_put_object(ctx):
                    continue  # the recorder's role may write to a bucket of the same account
                if grants_service(statements, service) is False:
                    what = "a bucket policy without a statement for" if statements else "no bucket policy letting"
                    yield finding(meta, src.node("s3_bucket_name"), f"{src.address}: {bucket.address} has {what} "
                                  f"{service} write", address=src.address)

    return Rule(meta, check)


def _anything_grants_put_object(ctx: RuleContext) -> bool:
    return any(st.allows and st.action_matches("s3:PutObject") and not st.principals
               for _, st, arg in all_policy_statements(ctx) if arg == "policy")


CONFIG_BUCKET = deploy_meta(
    "DEP068", "config-bucket-policy-missing-principal", "critical",
    "AWS Config delivers to a bucket that neither its policy nor any role lets Config write to",
    rationale="The Config delivery channel checks the bucket when it is created. Config writes either with the "
    "recorder's role (which must allow s3:PutObject) or, with the service-linked role, through a bucket policy "
    "allowing config.amazonaws.com s3:GetBucketAcl and s3:PutObject. The AWS_ConfigRole managed policy grants no "
    "S3 writes. With neither, PutDeliveryChannel fails (InsufficientDeliveryPolicyException).",
    fix="Add a bucket policy for config.amazonaws.com (AWSConfigBucketPermissionsCheck and AWSConfigBucketDelivery "
    "statements), or grant the recorder's role s3:PutObject on the bucket.",
    bad='resource "aws_s3_bucket" "config" {\n  bucket = "org-config-logs"\n}\n\nresource "aws_config_delivery_channel" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.config.bucket\n}\n',
    good='resource "aws_s3_bucket" "config" {\n  bucket = "org-config-logs"\n}\n\nresource "aws_s3_bucket_policy" "config" {\n  bucket = aws_s3_bucket.config.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      { Effect = "Allow", Principal = { Service = "config.amazonaws.com" },\n        Action = "s3:GetBucketAcl", Resource = aws_s3_bucket.config.arn },\n      { Effect = "Allow", Principal = { Service = "config.amazonaws.com" },\n        Action = "s3:PutObject", Resource = "${aws_s3_bucket.config.arn}/AWSLogs/*" },\n    ]\n  })\n}\n\nresource "aws_config_delivery_channel" "main" {\n  name           = "main"\n  s3_bucket_name = aws_s3_bucket.config.bucket\n}\n',
    references=("https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html",
                TF + "config_delivery_channel"),
    impact=_REJECTED,
    training_value="Teaches the model how AWS Config gets write access to its bucket.",
    resource_types=("aws_config_delivery_channel",),
)


def _access_log_buckets(ctx: RuleContext) -> Iterator[tuple[ResourceView, object, ResourceView]]:
    for lb in ctx.of_type("aws_lb", "aws_alb"):
        if lb.py("load_balancer_type", "application") != "application":
            continue
        for logs in lb.blocks("access_logs"):
            if logs.py("enabled", False) is not True:
                continue
            attr = logs.attr("bucket")
            for bucket in referenced(ctx, lb, attr, "aws_s3_bucket"):
                yield lb, attr, bucket


ALB_LOGS_KMS = deploy_meta(
    "DEP069", "alb-access-logs-to-kms-bucket", "critical",
    "ALB access logs go to a bucket encrypted with SSE-KMS, which log delivery does not support",
    rationale="Application Load Balancer access logs support only SSE-S3 (AES256) on the destination bucket. With "
    "SSE-KMS default encryption ELB cannot write its test object and enabling access logs fails "
    "(InvalidConfigurationRequest: Access Denied for bucket … Please check S3bucket permission).",
    fix="Use a separate log bucket with sse_algorithm = \"AES256\".",
    bad='resource "aws_s3_bucket" "logs" {\n  bucket = "alb-access-logs"\n}\n\nresource "aws_lb" "app" {\n  name    = "app"\n  subnets = ["subnet-a", "subnet-b"]\n\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n}\n\nresource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = "alias/logs"\n    }\n  }\n}\n',
    good='resource "aws_s3_bucket" "logs" {\n  bucket = "alb-access-logs"\n}\n\nresource "aws_lb" "app" {\n  name    = "app"\n  subnets = ["subnet-a", "subnet-b"]\n\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n}\n\nresource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n',
    references=("https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
                TF + "lb#access_logs"),
    impact=_REJECTED,
    training_value="Teaches the model which encryption ALB log delivery supports.",
    resource_types=("aws_lb", "aws_alb"),
)


def _sse_algorithms(ctx: RuleContext, bucket: ResourceView) -> list[str]:
    found = []
    for enc in ctx.of_type("aws_s3_bucket_server_side_encryption_configuration"):
        if refers(enc, "bucket", bucket):
            for rule in enc.blocks("rule"):
                for default in rule.blocks("apply_server_side_encryption_by_default"):
                    algo = default.py("sse_algorithm")
                    if isinstance(algo, str):
                        found.append(algo)
    for conf in bucket.blocks("server_side_encryption_configuration"):
        for rule in conf.blocks("rule"):
            for default in rule.blocks("apply_server_side_encryption_by_default"):
                algo = default.py("sse_algorithm")
                if isinstance(algo, str):
                    found.append(algo)
    return found


def _alb_logs_kms(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for lb, attr, bucket in _access_log_buckets(ctx):
        if any(a.startswith("aws:kms") for a in _sse_algorithms(ctx, bucket)):
            yield finding(meta, attr, f"{lb.address}: access logs go to {bucket.address}, encrypted with SSE-KMS",
                          address=lb.address)


ALB_LOGS_POLICY = deploy_meta(
    "DEP070", "alb-access-log-bucket-policy-missing-elb", "critical",
    "ALB access log bucket policy does not let Elastic Load Balancing write",
    rationale="ALB log delivery writes as the Elastic Load Balancing account of the Region (arn:aws:iam::<elb-account>:root, "
    "from data.aws_elb_service_account) or, in newer Regions, as logdelivery.elasticloadbalancing.amazonaws.com. "
    "delivery.logs.amazonaws.com is the principal for NLB logs, not ALB. Without a matching s3:PutObject grant, "
    "enabling access logs fails (InvalidConfigurationRequest: Access Denied for bucket).",
    fix="Grant s3:PutObject on the log prefix to data.aws_elb_service_account.main.arn (or "
    "logdelivery.elasticloadbalancing.amazonaws.com) in the bucket policy.",
    bad='resource "aws_s3_bucket" "logs" {\n  bucket = "alb-access-logs"\n}\n\nresource "aws_lb" "app" {\n  name    = "app"\n  subnets = ["subnet-a", "subnet-b"]\n\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n}\n\nresource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = "delivery.logs.amazonaws.com" },\n      Action = "s3:PutObject", Resource = "${aws_s3_bucket.logs.arn}/*" }]\n  })\n}\n',
    good='resource "aws_s3_bucket" "logs" {\n  bucket = "alb-access-logs"\n}\n\nresource "aws_lb" "app" {\n  name    = "app"\n  subnets = ["subnet-a", "subnet-b"]\n\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n}\n\ndata "aws_elb_service_account" "main" {}\n\nresource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = data.aws_elb_service_account.main.arn },\n      Action = "s3:PutObject", Resource = "${aws_s3_bucket.logs.arn}/*" }]\n  })\n}\n',
    references=("https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy",
                TF + "lb#access_logs"),
    impact=_REJECTED,
    training_value="Teaches the model the principal ALB log delivery writes as.",
    resource_types=("aws_lb", "aws_alb"),
)


def _elb_can_write(statements: list[Statement | None]) -> bool | None:
    unknown = False
    for st in statements:
        if st is None:
            unknown = True
            continue
        if not st.allows or not (st.action_matches("s3:PutObject") or not st.actions):
            continue
        if not st.principals:
            unknown = True
        for p in st.principals:
            if p.startswith("AWS:") or p == "*" or p == "Service:logdelivery.elasticloadbalancing.amazonaws.com":
                return True
    return None if unknown else False


def _alb_logs_policy(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for lb, attr, bucket in _access_log_buckets(ctx):
        if _elb_can_write(_bucket_statements(ctx, bucket)) is False:
            yield finding(meta, attr, f"{lb.address}: no statement in the policy of {bucket.address} lets Elastic Load "
                          "Balancing write", address=lb.address)


PEERING = deploy_meta(
    "DEP071", "vpc-peering-without-routes", "high", "VPC peering connection has no route using it",
    rationale="A peering connection carries traffic only where route tables send it: each side needs a route to the "
    "other's CIDR through the pcx- connection. Without any route the peering is active and no packet crosses it.",
    fix="Add aws_route entries (or route blocks) with vpc_peering_connection_id in the route tables of both VPCs.",
    bad='resource "aws_vpc_peering_connection" "ab" {\n  vpc_id      = aws_vpc.a.id\n  peer_vpc_id = aws_vpc.b.id\n'
    "  auto_accept = true\n}\n",
    good='resource "aws_route" "a_to_b" {\n  route_table_id            = aws_route_table.a.id\n'
    "  destination_cidr_block    = aws_vpc.b.cidr_block\n  vpc_peering_connection_id = aws_vpc_peering_connection.ab.id\n}\n",
    references=("https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html", TF + "vpc_peering_connection"),
    impact=Impact(performance="The VPCs cannot reach each other; whatever relies on the peering fails"),
    training_value="Teaches the model that peering needs routes on both sides.",
    resource_types=("aws_vpc_peering_connection",),
)


def _peering_routes(ctx: RuleContext) -> list[tuple[int, set[str]]] | None:
    """(module id, addresses) of every route's vpc_peering_connection_id, read from the declarations (a for_each
    known only at apply time still declares its routes); None when one names its peering indirectly."""
    found = []
    for module in ctx.modules():
        for res in module.resources.values():
            if res.type not in ("aws_route", "aws_route_table"):
                continue
            for node in res.block.walk(N.Attribute):
                if node.name == "vpc_peering_connection_id":
                    targets = addresses_in_module(module, node.expr)
                    targets |= addresses_in_module(module, res.for_each.expr) if res.for_each is not None else set()
                    if not any(t.startswith("aws_vpc_peering_connection") for t in targets):
                        return None  # a variable, a module output, a data source: cannot tell which peering
                    found.append((id(module), targets))
    return found


def _peering(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    peerings = ctx.of_type("aws_vpc_peering_connection")
    if not peerings:
        return
    routes = _peering_routes(ctx)
    if routes is None:
        return
    for pcx in peerings:
        module = id(pcx.instance.scope.module)
        names = {pcx.ref} | {a.ref for a in ctx.of_type("aws_vpc_peering_connection_accepter")
                             if refers(a, "vpc_peering_connection_id", pcx)}
        if not any(m == module and names & targets for m, targets in routes):
            yield finding(meta, pcx.block, f"{pcx.address}: no route sends traffic through the peering connection",
                          address=pcx.address)


RECORDERS = deploy_meta(
    "DEP072", "config-recorder-more-than-one", "critical", "More than one AWS Config recorder in one account and Region",
    rationale="AWS Config allows one customer managed configuration recorder per account and Region. A second "
    "PutConfigurationRecorder fails (MaxNumberOfConfigurationRecordersExceededException); the same holds for "
    "delivery channels.",
    fix="Declare one recorder (and one delivery channel) per Region, shared by everything that needs Config.",
    bad='resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_role.config.arn\n}\n\n'
    'resource "aws_config_configuration_recorder" "security" {\n  name     = "security"\n  role_arn = aws_iam_role.config.arn\n}\n',
    good='resource "aws_config_configuration_recorder" "main" {\n  name     = "main"\n  role_arn = aws_iam_role.config.arn\n}\n',
    references=("https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
                "https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html",
                TF + "config_configuration_recorder"),
    impact=_REJECTED,
    training_value="Teaches the model that Config recorders are one per Region.",
    resource_types=("aws_config_configuration_recorder", "aws_config_delivery_channel"),
)


def _provider_key(view: ResourceView) -> str:
    """Which provider configuration (so which Region) a resource uses: "aws" or "aws.<alias>"."""
    attr = view.attr("provider")
    parts = N.traversal_parts(attr.expr) if attr is not None else None
    return ".".join(parts) if parts else "aws"


def _recorders(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for kind in meta.resource_types:
        seen: dict[str, ResourceView] = {}
        for view in ctx.of_type(kind):
            key = _provider_key(view) if view.instance.scope.address == "" else f"{view.instance.scope.address}"
            if key in seen:
                yield finding(meta, view.block, f"{view.address}: a second {kind} for the same Region "
                              f"(first: {seen[key].address})", address=view.address)
            else:
                seen[key] = view


SINGLETONS = deploy_meta(
    "DEP073", "account-singleton-may-exist", "medium",
    "Creates a per-account, per-Region singleton (GuardDuty detector, Security Hub, Config recorder, Macie) that may already exist",
    rationale="GuardDuty allows one detector, Security Hub and Macie one enablement, and AWS Config one recorder per "
    "account and Region. Accounts in an organization usually have them already (enabled by the security team or "
    "Control Tower), and creating another fails (BadRequestException: The request is rejected because a detector "
    "already exists for the current account / ResourceConflictException: Account is already subscribed to Security "
    "Hub). Whether the stack deploys depends on the account's state.",
    fix="Make creation optional (count = var.create_guardduty ? 1 : 0) or look the existing one up with a data source "
    "(data \"aws_guardduty_detector\"), and say so in the documentation.",
    bad='resource "aws_guardduty_detector" "main" {\n  enable = true\n}\n',
    good='variable "create_guardduty_detector" {\n  type    = bool\n  default = false\n}\n\n'
    'resource "aws_guardduty_detector" "main" {\n  count  = var.create_guardduty_detector ? 1 : 0\n  enable = true\n}\n',
    references=("https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html",
                "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html",
                "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html"),
    impact=Impact(performance="The apply fails in accounts that already have the service enabled"),
    training_value="Teaches the model that account-level security services are singletons that may already exist.",
    resource_types=("aws_guardduty_detector", "aws_securityhub_account", "aws_macie2_account",
                    "aws_config_configuration_recorder"),
)


def _singletons(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for view in ctx.of_type(*meta.resource_types):
        resource = view.instance.resource
        if resource.block.body.get_attribute("count") is not None or resource.block.body.get_attribute("for_each") is not None:
            continue  # made optional (or deliberately multiplied, which DEP072 judges)
        yield finding(meta, view.block, f"{view.address}: fails if the account already has one in this Region",
                      address=view.address)


EGRESS = deploy_meta(
    "DEP074", "vpc-workload-without-egress", "high",
    "Lambda functions or Fargate tasks in a VPC the configuration builds with neither a NAT gateway nor VPC endpoints",
    rationale="A Lambda function attached to a VPC, or a Fargate task without a public IP, reaches AWS APIs (ECR to pull "
    "its image, CloudWatch Logs, Secrets Manager, DynamoDB, S3) only through a NAT gateway or VPC endpoints. In a VPC "
    "with neither, Fargate tasks fail to start (CannotPullContainerError) and functions time out on every AWS call.",
    fix="Add a NAT gateway with a default route from the private subnets, or interface/gateway VPC endpoints for the "
    "services the workload calls (ecr.api, ecr.dkr, logs, s3, …).",
    bad='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_subnet" "private" {\n  count      = 2\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)\n}\n\nresource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n  vpc_config {\n    subnet_ids         = aws_subnet.private[*].id\n    security_group_ids = ["sg-0123"]\n  }\n}\n',
    good='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_subnet" "private" {\n  count      = 2\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)\n}\n\nresource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n  vpc_config {\n    subnet_ids         = aws_subnet.private[*].id\n    security_group_ids = ["sg-0123"]\n  }\n}\n\nresource "aws_vpc_endpoint" "dynamodb" {\n  vpc_id            = aws_vpc.main.id\n  service_name      = "com.amazonaws.us-east-1.dynamodb"\n  vpc_endpoint_type = "Gateway"\n}\n',
    references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
                "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
                "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html"),
    impact=Impact(cost="None (endpoints or a NAT gateway add cost when added)",
                  performance="Tasks do not start; functions time out calling AWS services"),
    training_value="Teaches the model that private workloads need a path to AWS APIs.",
    resource_types=(FN, "aws_ecs_service"),
)


def _has_egress(ctx: RuleContext) -> bool:
    if ctx.of_type("aws_nat_gateway", "aws_vpc_endpoint", "aws_ec2_transit_gateway_vpc_attachment"):
        return True
    for route in ctx.of_type("aws_route"):
        if any(route.attr(a) is not None for a in ("nat_gateway_id", "network_interface_id", "instance_id",
                                                    "transit_gateway_id")):
            return True
    return bool(ctx.modules() and any(m.module_calls for m in ctx.modules()))


def _egress(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    if not ctx.of_type("aws_vpc", "aws_subnet") or _has_egress(ctx):
        return
    for fn in ctx.of_type(FN):
        blocks = fn.blocks("vpc_config")
        if blocks and blocks[0].attr("subnet_ids") is not None and referenced(ctx, fn, blocks[0].attr("subnet_ids"), "aws_subnet"):
            yield finding(meta, blocks[0].block, f"{fn.address}: runs in the VPC's subnets, which have no NAT gateway or "
                          "VPC endpoint to reach AWS services", address=fn.address)
    for svc in ctx.of_type("aws_ecs_service"):
        if svc.py("launch_type", "FARGATE") != "FARGATE":
            continue
        for net in svc.blocks("network_configuration"):
            if net.py("assign_public_ip", False) is False and referenced(ctx, svc, net.attr("subnets"), "aws_subnet"):
                yield finding(meta, net.block, f"{svc.address}: Fargate tasks without a public IP in subnets that have no "
                              "NAT gateway or VPC endpoint cannot pull images or send logs", address=svc.address)


REPLICATION = deploy_meta(
    "DEP075", "s3-replication-without-versioning", "critical",
    "S3 replication is configured on a bucket without versioning enabled",
    rationale="Replication requires versioning on the source and destination buckets. PutBucketReplication on a "
    "bucket without it fails (InvalidRequest: Versioning must be 'Enabled' on the bucket to apply a replication "
    "configuration).",
    fix="Add aws_s3_bucket_versioning with status = \"Enabled\" for both buckets and make the replication "
    "configuration depend_on them.",
    bad='resource "aws_s3_bucket" "data" {\n  bucket = "orders-data"\n}\n\nresource "aws_s3_bucket_replication_configuration" "dr" {\n  bucket = aws_s3_bucket.data.id\n  role   = "arn:aws:iam::123456789012:role/replication"\n  rule {\n    status = "Enabled"\n    destination {\n      bucket = "arn:aws:s3:::orders-data-replica"\n    }\n  }\n}\n',
    good='resource "aws_s3_bucket" "data" {\n  bucket = "orders-data"\n}\n\nresource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n\nresource "aws_s3_bucket_replication_configuration" "dr" {\n  bucket = aws_s3_bucket.data.id\n  role   = "arn:aws:iam::123456789012:role/replication"\n  depends_on = [aws_s3_bucket_versioning.data]\n\n  rule {\n    status = "Enabled"\n    destination {\n      bucket = "arn:aws:s3:::orders-data-replica"\n    }\n  }\n}\n',
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
                TF + "s3_bucket_replication_configuration"),
    impact=_REJECTED,
    training_value="Teaches the model that replication depends on versioning.",
    resource_types=("aws_s3_bucket_replication_configuration",),
)


def _versioned(ctx: RuleContext, bucket: ResourceView) -> bool | None:
    for v in ctx.of_type("aws_s3_bucket_versioning"):
        if refers(v, "bucket", bucket):
            for conf in v.blocks("versioning_configuration"):
                status = conf.py("status")
                if status == "Enabled":
                    return True
                if not isinstance(status, str):
                    return None
    for block in bucket.blocks("versioning"):
        enabled = block.py("enabled")
        if enabled is True:
            return True
        if enabled is not False:
            return None
    return False


def _replication(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    versioning = ctx.of_type("aws_s3_bucket_versioning")
    if any(not referenced(ctx, v, "bucket", "aws_s3_bucket") for v in versioning):
        return  # versioning for a bucket named by a variable or module: cannot tell which
    for rep in ctx.of_type("aws_s3_bucket_replication_configuration"):
        for bucket in referenced(ctx, rep, "bucket", "aws_s3_bucket"):
            if _versioned(ctx, bucket) is False:
                yield finding(meta, rep.node("bucket"), f"{rep.address}: {bucket.address} has no versioning enabled",
                              address=rep.address)


RULES = [
    Rule(S3_LAMBDA, _s3_lambda),
    Rule(S3_QUEUE_TOPIC, _s3_destinations),
    _invoke_rule(SNS_LAMBDA),
    _invoke_rule(EVENTS_LAMBDA),
    _invoke_rule(APIGW_LAMBDA),
    Rule(SNS_SQS, _sns_sqs),
    Rule(KMS_LOGS, _kms_logs),
    _delivery_rule(CLOUDTRAIL_BUCKET, "aws_cloudtrail", "cloudtrail.amazonaws.com"),
    _delivery_rule(CONFIG_BUCKET, "aws_config_delivery_channel", "config.amazonaws.com"),
    Rule(ALB_LOGS_KMS, _alb_logs_kms),
    Rule(ALB_LOGS_POLICY, _alb_logs_policy),
    Rule(PEERING, _peering),
    Rule(RECORDERS, _recorders),
    Rule(SINGLETONS, _singletons),
    Rule(EGRESS, _egress),
    Rule(REPLICATION, _replication),
]
