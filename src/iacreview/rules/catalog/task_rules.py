"""Rules about a task as a whole: platform, code delivered, required services, documents and tests.

They need what only a review knows (the prompt, metadata.json, the answer's
documents), which the review passes in `ctx.options["task"]`; a plain `check`
of a directory has no task, and these rules stay silent there.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.rules.base import Finding, Impact, Rule, RuleMeta

_RUBRICS = "https://developer.hashicorp.com/terraform/language"


def _task_findings(ctx, meta: RuleMeta) -> Iterator[Finding]:
    task = ctx.options.get("task") or {}
    for item in task.get(meta.id, []):
        yield Finding(meta.id, meta.severity, meta.category, meta.summary, item["message"],
                      item.get("file", ""), item.get("line", 1), item.get("col", 1), address=item.get("address"))


PLATFORM = RuleMeta(
    id="PLT001", name="wrong-platform-or-language", severity="critical", category="platform",
    summary="The answer uses a different IaC platform or language than the task asks for",
    rationale="An answer in the wrong tool (CDK instead of Terraform, Python instead of TypeScript) cannot be used "
    "for the task at all, however good it is otherwise.",
    fix="Rewrite the answer with the platform and language named in the task and its metadata.",
    bad='# Task: "Write Terraform HCL…"\nimport * as cdk from "aws-cdk-lib";\n',
    good='# Task: "Write Terraform HCL…"\nresource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    references=("https://developer.hashicorp.com/terraform/language", "https://docs.aws.amazon.com/cdk/v2/guide/home.html"),
    impact=Impact(cost="The whole answer must be redone", security="None", performance="None"),
    training_value="Teaches the model to follow the platform and language the task names before anything else.",
    scope="task",
)
MISSING_SERVICE = RuleMeta(
    id="CMP001", name="required-service-missing", severity="high", category="completeness",
    summary="A service the task requires has no resource in the answer",
    rationale="The task (its metadata aws_services or its prompt) requires the service; an answer without it does not "
    "build what was asked.",
    fix="Add the resources that implement the missing service and wire them to the rest of the stack.",
    bad='# Task requires S3 and Lambda\nresource "aws_s3_bucket" "in" {\n  bucket = "in"\n}\n',
    good='resource "aws_s3_bucket" "in" {\n  bucket = "in"\n}\n\nresource "aws_lambda_function" "fn" {\n'
    '  function_name = "process"\n  role          = aws_iam_role.fn.arn\n  handler       = "index.handler"\n'
    '  runtime       = "python3.12"\n  filename      = "fn.zip"\n}\n',
    references=("https://docs.aws.amazon.com/whitepapers/latest/aws-overview/amazon-web-services-cloud-platform.html",),
    impact=Impact(cost="None until added", security="Depends on the missing service", performance="Feature missing"),
    training_value="Teaches the model to cover every service the task lists.",
    scope="task",
)
NO_CODE = RuleMeta(
    id="CMP003", name="answer-without-code", severity="critical", category="completeness",
    summary="The answer contains no infrastructure code",
    rationale="The task asks for infrastructure as code; an answer that is empty, a placeholder, or prose that only "
    "describes a solution (a summary of changes, an assessment, a file listing) gives nothing to plan or deploy. "
    "Every other check passes vacuously on it, so this one says what is wrong.",
    fix="Deliver the configuration itself: every file the solution needs, in fenced code blocks named after their files.",
    bad="# Model Response\n\nThe stack has been migrated and verified. Changes made:\n- Added the provider configuration\n",
    good='# lib/main.tf\nresource "aws_s3_bucket" "data" {\n  bucket = "app-data"\n}\n',
    references=("https://developer.hashicorp.com/terraform/language/files",),
    impact=Impact(cost="The whole answer must be written", security="Nothing to assess until code exists",
                  performance="Nothing deployable"),
    training_value="Teaches the model that describing a solution is not delivering it: the answer must be the code.",
    scope="task",
)
NAME_SUFFIX = RuleMeta(
    id="CMP004", name="required-name-suffix-missing", severity="high", category="completeness",
    summary="A resource name leaves out the suffix the task requires in every name",
    rationale="The task deploys the stack many times side by side (per environment, pull request or CI run) and "
    "asks for a suffix variable in every resource name. A fixed name collides with the next deployment: the "
    "second `apply` fails on the existing IAM role, log group or table, and S3 bucket names collide globally.",
    fix="Declare the suffix variable and build every name from it, directly or through a local name prefix.",
    bad='resource "aws_s3_bucket" "logs" {\n  bucket = "app-logs"\n}\n',
    good='variable "environment_suffix" {\n  type = string\n}\n\nresource "aws_s3_bucket" "logs" {\n'
    '  bucket = "app-logs-${var.environment_suffix}"\n}\n',
    references=("https://developer.hashicorp.com/terraform/language/values/variables",
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"),
    impact=Impact(cost="Failed deployments and manual clean-up", security="None",
                  performance="Parallel deployments impossible"),
    training_value="Teaches the model to honour the naming convention the task states for every named resource.",
    scope="task",
)
TRUNCATED = RuleMeta(
    id="CMP005", name="answer-truncated", severity="high", category="completeness",
    summary="The answer is cut off in the middle of a block",
    rationale="The answer stops inside a block: a code fence is never closed, or a file ends with a block still "
    "open and its last line unfinished. Everything the model meant to write after that point is missing, so the "
    "answer is incomplete, not merely mistyped; the syntax error at the end is only the symptom.",
    fix="Deliver the whole answer: finish the open block and every file the solution needs (split a long answer "
    "into several files or turns rather than stopping mid-block).",
    bad='resource "aws_s3_bucket" "logs" {\n  bucket = "app-logs"\n  tags = {\n',
    good='resource "aws_s3_bucket" "logs" {\n  bucket = "app-logs"\n  tags = {\n    Name = "app-logs"\n  }\n}\n',
    references=("https://developer.hashicorp.com/terraform/language/syntax/configuration",),
    impact=Impact(cost="The missing part must be written", security="Unknown: the rest of the answer is missing",
                  performance="Nothing after the cut deploys"),
    training_value="Teaches the model to finish what it starts: a complete file, closed blocks and fences.",
    scope="task",
)
IDEAL_FEATURE = RuleMeta(
    id="CMP002", name="feature-missing-against-ideal", severity="medium", category="completeness",
    summary="The ideal answer adds a significant feature the model's answer lacks",
    rationale="The reviewed ideal adds a service, monitoring, logging, protection or an integration the model left "
    "out; the model's answer is incomplete against what the task needed.",
    fix="Add the feature as the ideal answer does (see the finding's excerpt).",
    bad='resource "aws_lambda_function" "fn" {\n  function_name = "process"\n}\n',
    good='resource "aws_lambda_function" "fn" {\n  function_name = "process"\n}\n\nresource "aws_cloudwatch_metric_alarm" "errors" {\n'
    '  alarm_name  = "process-errors"\n  metric_name = "Errors"\n  namespace   = "AWS/Lambda"\n}\n',
    references=("https://docs.aws.amazon.com/wellarchitected/latest/framework/welcome.html",),
    impact=Impact(cost="Usually small", security="Depends on the feature", performance="Depends on the feature"),
    training_value="Teaches the model the supporting features (monitoring, logging, integration) a complete answer has.",
    scope="task",
)
MISSING_DOC = RuleMeta(
    id="DOC020", name="requested-document-missing", severity="medium", category="documentation",
    summary="A document the task asks for is missing or a placeholder",
    rationale="The task asks for the document (a runbook, a migration plan, a README…); without it the answer is "
    "incomplete for the people who must operate it.",
    fix="Write the requested document with real content.",
    bad="# Task asks for runbook.md; the answer has no runbook\n",
    good="## runbook.md\n\n1. Freeze writes …\n2. Snapshot the database …\n",
    references=("https://developer.hashicorp.com/terraform/language/modules/develop/structure",),
    impact=Impact(cost="None", security="None", performance="Operations slowed by missing procedures"),
    training_value="Teaches the model to deliver every artefact the task lists, not only code.",
    scope="task",
)
MISSING_TESTS = RuleMeta(
    id="TEST001", name="tests-missing", severity="medium", category="testing",
    summary="The task asks for tests and the answer has none",
    rationale="Tests are part of the requested deliverable; without them the configuration's behaviour is unverified.",
    fix="Add tests as the task asks (terraform test files, Terratest, or unit tests of the configuration).",
    bad="# Task: '… include unit and integration tests'; the answer has only .tf files\n",
    good='run "bucket_is_private" {\n  command = plan\n  assert {\n    condition     = aws_s3_bucket_public_access_block.data.block_public_acls\n'
    '    error_message = "bucket must block public ACLs"\n  }\n}\n',
    references=("https://developer.hashicorp.com/terraform/language/tests",),
    impact=Impact(cost="None", security="Regressions go unnoticed", performance="None"),
    training_value="Teaches the model to ship tests when the task asks for them.",
    scope="task",
)

RULES = [Rule(m, _task_findings) for m in (PLATFORM, NO_CODE, MISSING_SERVICE, NAME_SUFFIX, TRUNCATED, IDEAL_FEATURE, MISSING_DOC, MISSING_TESTS)]
