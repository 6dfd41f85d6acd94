"""Task-level rules fire from what only a review knows: platform, services, documents, tests."""

from __future__ import annotations

import json
from pathlib import Path

from iacreview.review.build import review_task

BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n'
LAMBDA = (
    'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/x"\n'
    '  handler       = "index.handler"\n  runtime       = "python3.12"\n  filename      = "fn.zip"\n}\n'
)


def make_task(root: Path, prompt: str, model: str, ideal: str, metadata: dict) -> Path:
    (root / "lib").mkdir(parents=True)
    (root / "metadata.json").write_text(json.dumps(metadata))
    (root / "lib" / "PROMPT.md").write_text(prompt)
    (root / "lib" / "MODEL_RESPONSE.md").write_text(model)
    (root / "lib" / "IDEAL_RESPONSE.md").write_text(ideal)
    return root


def fence(name: str, code: str, lang: str = "hcl") -> str:
    return f"## File: lib/{name}\n\n```{lang}\n{code}```\n\n"


def rules_of(review: dict) -> list[str]:
    return [f["rule"] for f in review["failures"]]


def test_wrong_platform_is_a_critical_platform_failure(tmp_path):
    cdk = (
        'import * as cdk from "aws-cdk-lib";\nimport * as s3 from "aws-cdk-lib/aws-s3";\n'
        "export class Stack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n"
        '    super(scope, id);\n    new s3.Bucket(this, "Data");\n  }\n}\n'
    )
    task = make_task(tmp_path / "t", "Write Terraform HCL for an S3 bucket.", fence("stack.ts", cdk, "typescript"),
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    review = review_task(task)
    platform = [f for f in review["failures"] if f["rule"] == "PLT001"]
    assert len(platform) == 1 and platform[0]["severity"] == "critical" and platform[0]["category"] == "platform"
    # The training-value blocker judges the delivered (ideal) answer, which is Terraform here.
    assert review_task(task, None, "training-value")["score"].get("blocker") is None
    wrong = make_task(tmp_path / "w", "Write Terraform HCL for an S3 bucket.", fence("stack.ts", cdk, "typescript"),
                      fence("stack.ts", cdk, "typescript"), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    tv = review_task(wrong, None, "training-value")
    assert tv["score"]["final"] == 3 and tv["score"]["blocker"] == "platform_mismatch"


def test_missing_required_service_is_a_completeness_failure(tmp_path):
    task = make_task(tmp_path / "t", "Create an S3 bucket and a Lambda function with Terraform.",
                     fence("main.tf", BUCKET), fence("main.tf", BUCKET + "\n" + LAMBDA),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    review = review_task(task)
    missing = [f for f in review["failures"] if f["rule"] == "CMP001"]
    assert len(missing) == 1 and "lambda" in missing[0]["message"]
    assert missing[0]["severity"] == "high"


def test_requested_document_and_tests_missing(tmp_path):
    prompt = "Using Terraform, create an S3 bucket. Deliver runbook.md and include unit tests."
    task = make_task(tmp_path / "t", prompt, fence("main.tf", BUCKET), fence("main.tf", BUCKET),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    rules = rules_of(review_task(task))
    assert "DOC020" in rules and "TEST001" in rules


def test_requested_document_and_tests_present(tmp_path):
    prompt = "Using Terraform, create an S3 bucket. Deliver runbook.md and include unit tests."
    runbook = "# Runbook\n\n" + "1. Step with enough words to count as real content for the reader.\n" * 6
    tests = "def test_a():\n    assert True\n\ndef test_b():\n    assert 1\n\ndef test_c():\n    assert 2\n"
    model = fence("main.tf", BUCKET) + fence("runbook.md", runbook, "markdown") + fence("tests/test_main.py", tests, "python")
    task = make_task(tmp_path / "t", prompt, model, model, {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    review = review_task(task)
    assert "DOC020" not in rules_of(review) and "TEST001" not in rules_of(review)
    assert review["documents"]["present"] == {"runbook.md": True}
    assert review["tests"]["cases"] == 3


def test_findings_shared_with_the_ideal_are_failures_marked_shared(tmp_path):
    task = make_task(tmp_path / "t", "Create an S3 bucket with Terraform.", fence("main.tf", BUCKET),
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    review = review_task(task)
    shared = {f["rule"] for f in review["failures"] if f["shared_with_ideal"]}
    assert shared == {f["rule"] for f in review["failures"]} >= {"SEC001"}
    assert {s["rule"] for s in review["shared_with_ideal"]} == shared
    assert review["fixes"] == []  # the ideal fixed none of them


def test_abridged_ideal_is_not_diffed(tmp_path):
    """An ideal that shows only a provider ("the full configuration is in lib/") removes nothing."""
    provider = 'provider "aws" {\n  region = "us-east-1"\n}\n'
    abridged = fence("provider.tf", provider) + "The complete configuration continues in lib/main.tf.\n"
    task = make_task(tmp_path / "t", "Create an S3 bucket and a Lambda function with Terraform.",
                     fence("main.tf", BUCKET + "\n" + LAMBDA), abridged,
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    review = review_task(task, None, "training-value")
    assert review["fixes"] == [] and review["has_ideal"] is False
    assert any("abridged-ideal" in p for p in review["problems"])
    lines = "\n".join(review["score"]["lines"])
    assert "no ideal answer to compare with" in lines
    assert "Single service" not in lines  # complexity is read from the model's two services
    full = make_task(tmp_path / "f", "Create an S3 bucket and a Lambda function with Terraform.",
                     fence("main.tf", BUCKET), fence("main.tf", BUCKET + "\n" + LAMBDA),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    assert review_task(full, None, "training-value")["fixes"]  # a real ideal is still compared
    # An ideal that shows one fixed resource and outputs of resources it never declares is a fragment too.
    fragment = fence("main.tf", 'resource "aws_sqs_queue" "dlq" {\n  name = "dlq"\n}\n') + fence(
        "outputs.tf", 'output "bucket" {\n  value = aws_s3_bucket.data.id\n}\n\noutput "fn" {\n'
        '  value = aws_lambda_function.fn.arn\n}\n')
    partial = make_task(tmp_path / "p", "Create an S3 bucket and a Lambda function with Terraform.",
                        fence("main.tf", BUCKET + "\n" + LAMBDA), fragment,
                        {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    review = review_task(partial, None, "training-value")
    assert review["has_ideal"] is False and any("abridged-ideal" in p for p in review["problems"])


def test_services_are_not_judged_without_any_code(tmp_path):
    prose = "# Summary\n\nI created main.tf with the bucket and the function.\n"
    task = make_task(tmp_path / "t", "Create an S3 bucket and a Lambda function with Terraform.", prose, prose,
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    score = review_task(task, None, "training-value")["score"]
    assert score.get("blocker") is None and score["final"] >= 7
    coded = make_task(tmp_path / "c", "Create an S3 bucket and a Lambda function with Terraform.",
                      fence("main.tf", 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n'),
                      fence("main.tf", 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n'),
                      {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    assert review_task(coded, None, "training-value")["score"]["blocker"] == "required_services_half_missing"


def test_services_in_modules_the_answer_does_not_show_are_not_missing(tmp_path):
    calls = ('module "route53_failover" {\n  source = "./modules/route53"\n}\n'
             'module "app" {\n  source = "./modules/app"\n}\n')
    meta = {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Route 53", "Lambda"]}
    zone = 'resource "aws_route53_zone" "main" {\n  name = "example.com"\n}\n'

    task = make_task(tmp_path / "t", "Create a bucket, DNS failover and a function with Terraform.",
                     fence("main.tf", BUCKET + calls), fence("main.tf", BUCKET + calls + LAMBDA + zone), meta)
    review = review_task(task, None, "training-value")
    missing = [f["message"] for f in review["failures"] if f["rule"] == "CMP001"]
    assert missing == ["required service lambda has no resource in the answer"]  # route53 lives in ./modules/route53
    assert review["score"].get("blocker") is None
    shown = make_task(tmp_path / "s", "Create a bucket, DNS failover and a function with Terraform.",
                      fence("main.tf", BUCKET + calls) + fence("modules/route53/main.tf", "locals {\n  x = 1\n}\n"),
                      fence("main.tf", BUCKET + calls + LAMBDA + zone), meta)
    # The module's code is shown and declares no Route 53 resource: now it is missing.
    missing = [f["message"] for f in review_task(shown)["failures"] if f["rule"] == "CMP001"]
    assert any("route53" in m for m in missing)


def test_an_answer_without_code_is_one_critical_failure_and_the_ideal_is_its_gap(tmp_path):
    prose = ("# Model Response\n\nThe stack has been migrated and verified.\n\n## Changes Made\n\n"
             "- Added the provider configuration\n- Tuned the timeouts\n")
    task = make_task(tmp_path / "t", "Create an S3 bucket and a Lambda function with Terraform.", prose,
                     fence("main.tf", BUCKET + "\n" + LAMBDA),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    review = review_task(task)
    assert rules_of(review) == ["CMP003"]  # not also CMP001 per service, nor CMP002 per feature
    failure = review["failures"][0]
    assert failure["severity"] == "critical" and failure["file"] == "MODEL_RESPONSE.md"
    assert "main.tf" in failure["fix"] and "aws_lambda_function" in failure["fix"]  # the ideal's code is the fix
    assert {fx["address"] for fx in review["fixes"]} >= {"aws_s3_bucket.data", "aws_lambda_function.fn"}
    assert review["highlights"] == []  # nothing in a code-less answer is right
    assert review["score"]["final"] == 6  # seed: 8 - 2 for the critical failure


def test_a_placeholder_answer_is_an_answer_without_code(tmp_path):
    task = make_task(tmp_path / "t", "Create an S3 bucket with Terraform.", "Insert here the model's response\n",
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    assert rules_of(review_task(task)) == ["CMP003"]


def test_code_in_another_platform_is_not_an_answer_without_code(tmp_path):
    cdk = 'import * as cdk from "aws-cdk-lib";\nnew cdk.App();\n'
    task = make_task(tmp_path / "t", "Write Terraform HCL for an S3 bucket.", fence("app.ts", cdk, "typescript"),
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    rules = rules_of(review_task(task))
    assert "PLT001" in rules and "CMP003" not in rules


def test_a_missing_required_service_is_reported_once(tmp_path):
    task = make_task(tmp_path / "t", "Create an S3 bucket and a Lambda function with Terraform.",
                     fence("main.tf", BUCKET), fence("main.tf", BUCKET + "\n" + LAMBDA),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3", "Lambda"]})
    review = review_task(task)
    assert rules_of(review).count("CMP001") == 1 and "CMP002" not in rules_of(review)
    added = [fx for fx in review["fixes"] if fx["address"] == "aws_lambda_function.fn"]
    assert added and added[0]["rule"] == "CMP001"  # the ideal's function is CMP001's fix
    failure = next(f for f in review["failures"] if f["rule"] == "CMP001")
    assert 'resource "aws_lambda_function" "fn"' in failure["fix"]  # quoted from the ideal, not the rule's example


SUFFIXED = '''variable "environment_suffix" {
  type = string
}

locals {
  prefix = "app-${var.environment_suffix}"
}

resource "aws_iam_role" "app" {
  name               = "${local.prefix}-role"
  assume_role_policy = "{}"
}

resource "aws_security_group" "web" {
  name_prefix = "web-"
}

module "queue" {
  source = "./modules/queue"
  name   = "${local.prefix}-jobs"
}
'''
QUEUE_MODULE = '''variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" {
  name = var.name
}

resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}
'''


def test_names_without_the_suffix_the_task_requires(tmp_path):
    bucket = 'resource "aws_s3_bucket" "logs" {\n  bucket = "app-logs"\n}\n'
    files = (fence("main.tf", SUFFIXED + "\n" + bucket) + fence("modules/queue/main.tf", QUEUE_MODULE))
    ideal = (fence("main.tf", SUFFIXED + '\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs-${var.environment_suffix}"\n}\n')
             + fence("modules/queue/main.tf", QUEUE_MODULE.replace('"jobs-dlq"', '"${var.name}-dlq"')))
    prompt = "Build the stack with Terraform.\n- Resource names must include **environmentSuffix** for uniqueness\n"
    task = make_task(tmp_path / "t", prompt, files, ideal, {"platform": "tf", "language": "hcl"})
    failure = [f for f in review_task(task)["failures"] if f["rule"] == "CMP004"]
    assert len(failure) == 1 and failure[0]["severity"] == "high"
    # The bucket's fixed name and the module's fixed DLQ name; the role (via a local), the security group
    # (name_prefix) and the queue named from the module input carry the suffix or are unique anyway.
    assert failure[0]["message"].startswith('aws_s3_bucket.logs: bucket = "app-logs" does not include')
    assert "module.queue.aws_sqs_queue.dlq" in failure[0]["message"] and "(2 places)" in failure[0]["message"]
    # A task that does not ask for the suffix, or an ideal that leaves the type unsuffixed too: no failure.
    quiet = make_task(tmp_path / "q", "Build the stack with Terraform.\n", files, ideal, {"platform": "tf", "language": "hcl"})
    assert "CMP004" not in rules_of(review_task(quiet))
    shared = make_task(tmp_path / "s", prompt, files, files, {"platform": "tf", "language": "hcl"})
    assert "CMP004" not in rules_of(review_task(shared))


def test_an_answer_under_one_directory_is_reviewed_from_there(tmp_path):
    bucket = 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n  acl    = "public-read"\n}\n'
    task = make_task(tmp_path / "t", "Create an S3 bucket with Terraform.", fence("terraform/main.tf", bucket),
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    review = review_task(task)
    assert review["plan"]["resources"] == 1
    assert any(f["file"] == "terraform/main.tf" and f["category"] == "security" for f in review["failures"])


def test_an_answer_of_modules_that_nothing_calls_is_reviewed_module_by_module(tmp_path):
    module = 'variable "name" {\n  type = string\n}\n\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n'
    queue = 'resource "aws_sqs_queue" "this" {\n  name = "jobs"\n}\n'
    task = make_task(tmp_path / "t", "Create a bucket and a queue with Terraform.",
                     fence("modules/storage/main.tf", module) + fence("modules/queue/main.tf", queue),
                     fence("main.tf", BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3", "SQS"]})
    review = review_task(task)
    assert review["plan"]["resources"] == 2
    assert not [f for f in review["failures"] if f["rule"] == "CMP001"]  # both services are there
    # The root iacreview writes to call them is never quoted, blamed or diffed.
    assert all("modules of the answer" not in (f["file"] or "") for f in review["failures"])
    assert not [fx for fx in review["fixes"] if fx["what"] == "module"]
    assert "VAL023" not in [f["rule"] for f in review["failures"]]  # its calls leave var.name unset


def test_an_answer_with_only_variable_values_has_no_terraform_configuration(tmp_path):
    model = "The stack is ready. Set these values:\n\n" + fence("terraform.tfvars", 'region = "us-east-1"\n')
    task = make_task(tmp_path / "t", "Create an S3 bucket with Terraform.", model, fence("main.tf", BUCKET),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    failure = [f for f in review_task(task)["failures"] if f["rule"] == "CMP003"]
    assert len(failure) == 1 and "no Terraform configuration (.tf), only .tfvars files" in failure[0]["message"]
    # When the ideal answer has no configuration either, the task's deliverable is something else.
    same = make_task(tmp_path / "s", "Create an S3 bucket with Terraform.", model, model,
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    assert "CMP003" not in rules_of(review_task(same))


def test_no_backend_is_a_failure_only_when_the_task_asks_for_remote_state(tmp_path):
    settings = 'terraform {\n  required_version = ">= 1.5.0"\n}\n\nprovider "aws" {\n  region = "us-east-1"\n}\n\n'
    backend = settings.replace('">= 1.5.0"\n', '">= 1.5.0"\n\n  backend "s3" {}\n')
    asks = "Create an S3 bucket with Terraform.\n- Configure the S3 backend for remote state with state locking.\n"
    task = make_task(tmp_path / "t", asks, fence("main.tf", settings + BUCKET), fence("main.tf", backend + BUCKET),
                     {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    assert "OPS027" in rules_of(review_task(task))
    silent = make_task(tmp_path / "s", "Create an S3 bucket with Terraform.\n", fence("main.tf", settings + BUCKET),
                       fence("main.tf", backend + BUCKET), {"platform": "tf", "language": "hcl", "aws_services": ["S3"]})
    assert "OPS027" not in rules_of(review_task(silent))
