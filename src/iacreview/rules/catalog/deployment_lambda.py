"""Deployment: Lambda functions AWS refuses to create or that cannot do their job.

Reserved environment variables, runtimes past AWS's block dates (cfn-lint's
lifecycle data), packages nothing builds, limits on timeout, memory and layers,
SQS triggers with a visibility timeout below the function's, and functions that
hand a role to another service without iam:PassRole.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from iacreview.hcl import nodes as N
from iacreview.rules import aws_facts as F
from iacreview.rules.base import Finding, Impact, Rule, RuleMeta, finding
from iacreview.rules.catalog.deployment_support import TF, deploy_meta, hand_table, referenced, refers, today
from iacreview.rules.context import ResourceView, RuleContext
from iacreview.rules.policy import Statement, policy_statements
from iacreview.rules.table import AttributeCheck, Expect

FN = ("aws_lambda_function",)
TF_FN = TF + "lambda_function"
ENV_REF = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime"
RUNTIME_REF = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtime-support-policy"
QUOTAS_REF = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
_REJECTED = Impact(performance="The function cannot be created or updated; everything that depends on it fails to deploy")

RESERVED_ENV = hand_table("Lambda reserved environment variables", ENV_REF, "2026-12-07", frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
}))

RESERVED = deploy_meta(
    "DEP010", "lambda-reserved-environment-variable", "critical", "Lambda function sets an environment variable Lambda reserves",
    rationale="Lambda sets AWS_REGION, AWS_DEFAULT_REGION, AWS_LAMBDA_FUNCTION_NAME, the credentials variables and "
    "others itself. CreateFunction and UpdateFunctionConfiguration reject a function that sets one: "
    "InvalidParameterValueException: Lambda was unable to configure your environment variables because the "
    "environment variables you have provided contains reserved keys that are currently not supported for "
    "modification.",
    fix="Remove the variable: the function already has AWS_REGION at run time. Use another name (APP_REGION) for "
    "a value of your own.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n\n  environment {\n    variables = {\n      AWS_REGION = "us-east-1"\n    }\n  }\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n\n  environment {\n    variables = {\n      APP_REGION = "us-east-1"\n    }\n  }\n}\n',
    references=(ENV_REF, TF_FN),
    impact=_REJECTED,
    training_value="Teaches the model which environment variables Lambda provides and reserves.",
    resource_types=FN,
)


def _reserved(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for fn in ctx.of_type(*FN):
        for env in fn.blocks("environment"):
            variables = env.py("variables")
            if isinstance(variables, dict):
                bad = sorted(k for k in variables if k in RESERVED_ENV)
                if bad:
                    yield finding(meta, env.attr("variables"), f"{fn.address}: sets reserved variable(s) "
                                  f"{', '.join(bad)}", address=fn.address)


def _runtime_rule(meta: RuleMeta, wanted: str) -> Rule:
    def check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
        day = today(ctx)
        for fn in ctx.of_type(*FN):
            runtime = fn.py("runtime")
            if not isinstance(runtime, str):
                continue
            status = F.runtime_status(runtime, day)
            if status is None or status[0] != wanted:
                continue
            info = status[1]
            successor = f"; use {info['successor']}" if info.get("successor") else ""
            if wanted == "blocked":
                text = f"AWS blocks creating {runtime} functions since {info['create-block']}"
            else:
                block = info.get("create-block")
                text = f"{runtime} is deprecated since {info['deprecated']}" + (
                    f"; AWS blocks creating functions with it from {block}" if block else "")
            yield finding(meta, fn.node("runtime"), f"{fn.address}: {text}{successor}", address=fn.address)

    return Rule(meta, check)


_LIFECYCLE = "Dates come from cfn-lint's LmbdRuntimeLifecycle.json (see rules/data/aws_lifecycle.json)."

RUNTIME_BLOCKED = deploy_meta(
    "DEP011", "lambda-runtime-blocked", "critical", "Lambda runtime is past the date AWS blocks creating functions with it",
    rationale="After a runtime's deprecation AWS first stops patching it, then blocks creating functions with it, "
    "then updating them. Past the create-block date CreateFunction fails with InvalidParameterValueException: "
    "The runtime parameter of … is no longer supported for creating or updating AWS Lambda functions. " + _LIFECYCLE,
    fix="Move to the runtime's supported successor (python3.12, nodejs20.x or later, java21…) and test the code on it.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.7"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n}\n',
    references=(RUNTIME_REF, TF_FN),
    impact=Impact(security="The runtime receives no security patches", performance="The function cannot be created"),
    training_value="Teaches the model to pick a supported Lambda runtime.",
    resource_types=FN,
)

RUNTIME_DEPRECATED = deploy_meta(
    "DEP012", "lambda-runtime-deprecated", "medium", "Lambda runtime is deprecated (no security patches; creation will be blocked)",
    rationale="A deprecated runtime no longer receives security patches or support, and AWS publishes the dates "
    "after which functions using it can no longer be created and then updated: whether the stack deploys depends "
    "on the day it is applied. " + _LIFECYCLE,
    fix="Use the runtime's supported successor.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "nodejs16.x"\n  handler       = "index.handler"\n  filename      = "fn.zip"\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n  runtime       = "nodejs22.x"\n  handler       = "index.handler"\n  filename      = "fn.zip"\n}\n',
    references=(RUNTIME_REF, TF_FN),
    impact=Impact(security="The runtime receives no security patches", performance="Deploys stop working on the block date"),
    training_value="Teaches the model that Lambda runtimes have an end of life and to choose a current one.",
    resource_types=FN,
)


PACKAGE = deploy_meta(
    "DEP013", "lambda-package-not-built", "critical", "Lambda deployment package is a file nothing in the configuration builds",
    rationale="filename must name a .zip that exists when Terraform runs: the provider reads and uploads it. When "
    "the file is not in the tree, no archive_file produces it and no provisioner builds it, the apply fails (Error: "
    "unable to load \"lambda.zip\": open lambda.zip: no such file or directory).",
    fix='Build the package in the configuration: data "archive_file" with source_dir/source_file and '
    "filename = data.archive_file.fn.output_path (plus source_code_hash), or point s3_bucket/s3_key at an uploaded "
    "artifact.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "lambda.zip"\n}\n',
    good='data "archive_file" "fn" {\n  type        = "zip"\n  source_dir  = "${path.module}/src"\n'
    '  output_path = "${path.module}/build/fn.zip"\n}\n\nresource "aws_lambda_function" "fn" {\n  function_name    = "fn"\n'
    '  role             = aws_iam_role.fn.arn\n  runtime          = "python3.12"\n  handler          = "app.handler"\n'
    "  filename         = data.archive_file.fn.output_path\n  source_code_hash = data.archive_file.fn.output_base64sha256\n}\n",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html", TF_FN,
                "https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file"),
    impact=_REJECTED,
    training_value="Teaches the model to produce the artifact it deploys, not just name it.",
    resource_types=FN,
)


def _built_names(ctx: RuleContext) -> set[str]:
    """Base names of files the configuration builds (archive outputs, names provisioners mention)."""
    def compute() -> set[str]:
        names: set[str] = set()
        for view in ctx.data_of_type("archive_file") + ctx.of_type("archive_file"):
            out = view.py("output_path")
            names.add(posixpath.basename(out) if isinstance(out, str) else "\uffff")
        for module in ctx.modules():
            for f in module.files.values():
                for node in f.walk(N.Block):
                    if node.type == "provisioner":
                        for sub in node.walk(N.TemplateLiteral):
                            names.update(w.strip("'\"") for w in sub.value.replace("/", " ").split())
        return names

    return ctx.memo("deployment.built", compute)


def _package(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for fn in ctx.of_type(*FN):
        attr = fn.attr("filename")
        if attr is None or any(isinstance(n, N.GetAttr) and not isinstance(n.obj, N.GetAttr) and
                               isinstance(n.obj, N.Variable) and n.obj.name not in ("var", "local", "path")
                               for n in attr.walk()):
            continue
        name = fn.py("filename")
        if not isinstance(name, str) or not name.endswith((".zip", ".jar")):
            continue
        built = _built_names(ctx)
        base = posixpath.basename(name)
        if "\uffff" in built or base in built or _exists(ctx, fn, name):
            continue
        yield finding(meta, attr, f"{fn.address}: {name} is not in the tree and nothing in the configuration builds it",
                      address=fn.address)


def _exists(ctx: RuleContext, fn: ResourceView, name: str) -> bool:
    # Relative paths are relative to where terraform runs (the root module); path.module is already in the value.
    if name.startswith("/"):
        return True  # outside the tree: cannot tell
    directory, base = posixpath.split(posixpath.normpath(name))
    try:
        return base in ctx.config.tree.list_dir("" if directory == "." else directory)
    except Exception:  # outside the tree, unreadable: cannot tell
        return True


TIMEOUT = deploy_meta(
    "DEP014", "lambda-timeout-over-900", "critical", "Lambda timeout is above the 900-second maximum",
    rationale="A function can run for at most 900 seconds (15 minutes); only functions on Lambda Managed Instances "
    "(capacity_provider_config) invoked asynchronously may run up to 5,400. CreateFunction rejects a larger "
    "timeout (InvalidParameterValueException).",
    fix="Set timeout to 900 or less; move longer work to Step Functions, ECS or Batch.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n  timeout       = 1800\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n  timeout       = 900\n}\n',
    references=(QUOTAS_REF, "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html", TF_FN),
    impact=_REJECTED,
    training_value="Teaches the model Lambda's hard execution-time limit.",
    resource_types=FN,
)

MEMORY = deploy_meta(
    "DEP015", "lambda-memory-out-of-range", "critical", "Lambda memory_size is outside 128-10240 MB",
    rationale="Lambda accepts memory from 128 MB to 10,240 MB. CreateFunction rejects any other value "
    "(ValidationException: Value at 'memorySize' failed to satisfy constraint).",
    fix="Set memory_size between 128 and 10240.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n  memory_size   = 64\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n'
    '  runtime       = "python3.12"\n  handler       = "app.handler"\n  filename      = "fn.zip"\n  memory_size   = 128\n}\n',
    references=(QUOTAS_REF, "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html", TF_FN),
    impact=_REJECTED,
    training_value="Teaches the model Lambda's memory limits.",
    resource_types=FN,
)

LAYERS = deploy_meta(
    "DEP016", "lambda-more-than-five-layers", "critical", "Lambda function uses more than five layers",
    rationale="A function can use at most five layers. CreateFunction rejects a sixth (InvalidParameterValueException: "
    "Cannot reference more than 5 layers).",
    fix="Merge layers, or move dependencies into the deployment package or a container image.",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n  layers        = ["arn:1", "arn:2", "arn:3", "arn:4", "arn:5", "arn:6"]\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/fn"\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n  layers        = ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]\n}\n',
    references=(QUOTAS_REF, "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html", TF_FN),
    impact=_REJECTED,
    training_value="Teaches the model Lambda's layer limit.",
    resource_types=FN,
)


def _within(low: int, high: int) -> Expect:
    return Expect(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and low <= v <= high,
                  f"between {low} and {high}", True)


def _standard(fn: ResourceView) -> bool:
    """Functions on Lambda's own fleet; Lambda Managed Instances (capacity_provider_config) have other limits."""
    return not fn.blocks("capacity_provider_config")


SQS_VISIBILITY = deploy_meta(
    "DEP017", "lambda-sqs-visibility-below-function-timeout", "critical",
    "SQS queue feeding a Lambda function has a visibility timeout shorter than the function's timeout",
    rationale="Lambda refuses an SQS event source whose queue's visibility timeout is less than the function "
    "timeout (InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: "
    "60 seconds), because messages would reappear while still being processed. SQS defaults to 30 seconds.",
    fix="Set the queue's visibility_timeout_seconds to at least the function timeout (AWS recommends six times it).",
    bad='resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\nresource "aws_lambda_function" "worker" {\n'
    '  function_name = "worker"\n  role          = aws_iam_role.worker.arn\n  runtime       = "python3.12"\n'
    '  handler       = "app.handler"\n  filename      = "worker.zip"\n  timeout       = 60\n}\n\n'
    'resource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n'
    "  function_name    = aws_lambda_function.worker.arn\n}\n",
    good='resource "aws_sqs_queue" "jobs" {\n  name                       = "jobs"\n  visibility_timeout_seconds = 360\n}\n',
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-queueconfig",
                TF + "lambda_event_source_mapping"),
    impact=_REJECTED,
    training_value="Teaches the model how SQS visibility and Lambda timeouts interact.",
    resource_types=("aws_lambda_event_source_mapping",),
)


def _sqs_visibility(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for mapping in ctx.of_type("aws_lambda_event_source_mapping"):
        queues = referenced(ctx, mapping, "event_source_arn", "aws_sqs_queue")
        fns = referenced(ctx, mapping, "function_name", "aws_lambda_function")
        if len(queues) != 1 or len(fns) != 1:
            continue
        visibility = queues[0].py("visibility_timeout_seconds", 30)
        timeout = fns[0].py("timeout", 3)
        if isinstance(visibility, int) and isinstance(timeout, int) and visibility < timeout:
            yield finding(meta, mapping.node("event_source_arn"), f"{mapping.address}: {queues[0].address} visibility "
                          f"timeout {visibility}s is less than {fns[0].address} timeout {timeout}s",
                          address=mapping.address)


PASSROLE = deploy_meta(
    "DEP018", "lambda-passes-role-without-passrole", "high",
    "Function role starts jobs or tasks that take a role but is not allowed iam:PassRole",
    rationale="Starting a MediaConvert job, an ECS task, a SageMaker job or an EMR cluster hands a role to the "
    "service, which requires iam:PassRole on that role. Without it the call fails with "
    "AccessDenied (… is not authorized to perform: iam:PassRole); the function deploys and never works.",
    fix="Add a statement allowing iam:PassRole on the role(s) the function hands over, with an iam:PassedToService "
    "condition.",
    bad='resource "aws_iam_role" "fn" {\n  name               = "fn"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]\n  })\n}\n\nresource "aws_iam_role_policy" "fn" {\n  role = aws_iam_role.fn.id\n  policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "mediaconvert:CreateJob", Resource = "*" }]\n  })\n}\n\nresource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n}\n',
    good='resource "aws_iam_role" "fn" {\n  name               = "fn"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]\n  })\n}\n\nresource "aws_iam_role_policy" "fn" {\n  role = aws_iam_role.fn.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      { Effect = "Allow", Action = "mediaconvert:CreateJob", Resource = "*" },\n      { Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::123456789012:role/mediaconvert" },\n    ]\n  })\n}\n\nresource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.fn.arn\n  runtime       = "python3.12"\n  handler       = "app.handler"\n  s3_bucket     = "artifacts"\n  s3_key        = "fn.zip"\n}\n',
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
                "https://docs.aws.amazon.com/mediaconvert/latest/ug/iam-role.html"),
    impact=Impact(performance="Every job or task the function starts fails with AccessDenied"),
    training_value="Teaches the model that handing a role to a service needs iam:PassRole.",
    resource_types=FN + ("aws_iam_role_policy",),
)

#: Calls whose request itself names a role (MediaConvert's Role, a task definition's task/execution roles, a
#: SageMaker job's RoleArn, EMR's service and instance roles). Calls whose role lives in a definition created
#: beforehand (batch:SubmitJob, glue:StartJobRun) or is optional (ec2:RunInstances) are not listed.
PASSING_ACTIONS = hand_table(
    "Calls that pass a role", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    "2026-12-07", ("mediaconvert:CreateJob", "ecs:RunTask", "ecs:StartTask", "sagemaker:CreateTrainingJob",
                   "sagemaker:CreateProcessingJob", "elasticmapreduce:RunJobFlow"))


def _role_statements(ctx: RuleContext, role: ResourceView) -> list[Statement] | None:
    """Statements the role's own policies grant; None when any part cannot be read (e.g. a managed policy)."""
    found: list[Statement] = []
    for block in role.blocks("inline_policy"):
        sts = policy_statements(ctx, block, "policy")
        if sts is None:
            return None
        found.extend(sts)
    if role.py("managed_policy_arns") not in (None, []):
        return None
    for pol in ctx.of_type("aws_iam_role_policy"):
        if refers(pol, "role", role):
            sts = policy_statements(ctx, pol, "policy")
            if sts is None:
                return None
            found.extend(sts)
    for att in ctx.of_type("aws_iam_role_policy_attachment", "aws_iam_policy_attachment"):
        if refers(att, "role", role) or refers(att, "roles", role):
            policies = referenced(ctx, att, "policy_arn", "aws_iam_policy")
            if not policies:
                return None
            for pol in policies:
                sts = policy_statements(ctx, pol, "policy")
                if sts is None:
                    return None
                found.extend(sts)
    return found


def _passrole(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for fn in ctx.of_type(*FN):
        for role in referenced(ctx, fn, "role", "aws_iam_role"):
            sts = _role_statements(ctx, role)
            if not sts:
                continue
            allowed = [st for st in sts if st.allows]
            needs = [a for a in PASSING_ACTIONS if any(st.action_matches(a) and "*" not in st.actions
                                                       for st in allowed)]
            if needs and not any(st.action_matches("iam:PassRole") for st in allowed):
                yield finding(meta, fn.node("role"), f"{fn.address}: its role {role.address} allows "
                              f"{', '.join(needs)} but not iam:PassRole", address=fn.address)


RULES = [
    Rule(RESERVED, _reserved),
    _runtime_rule(RUNTIME_BLOCKED, "blocked"),
    _runtime_rule(RUNTIME_DEPRECATED, "deprecated"),
    Rule(PACKAGE, _package),
    AttributeCheck(TIMEOUT, "timeout", _within(1, 900), applies=_standard).rule(),
    AttributeCheck(MEMORY, "memory_size", _within(128, 10240), applies=_standard).rule(),
    AttributeCheck(LAYERS, "layers", Expect(lambda v: not isinstance(v, list) or len(v) <= 5, "at most 5 layers",
                                            True), "{address}: {path} lists more than 5 layers").rule(),
    Rule(SQS_VISIBILITY, _sqs_visibility),
    Rule(PASSROLE, _passrole),
]
