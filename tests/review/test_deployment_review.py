"""Deployment failures in a review: what AWS does, the fix as code, impact, training value; "deploys as written"."""

from __future__ import annotations

from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task

from tests.review.test_task_rules import fence, make_task

META = {"platform": "tf", "language": "hcl", "aws_services": ["Lambda"]}
PROMPT = "Using Terraform, create a Lambda function."
FN = ('resource "aws_lambda_function" "fn" {{\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/x"\n'
      '  handler       = "index.handler"\n  runtime       = "python3.12"\n  s3_bucket     = "artifacts"\n'
      '  s3_key        = "fn.zip"\n\n  environment {{\n    variables = {{\n      {name} = "us-east-1"\n    }}\n  }}\n}}\n')


def test_a_reserved_variable_is_a_critical_deployment_failure_with_what_aws_does_and_the_fix(tmp_path):
    task = make_task(tmp_path / "t", PROMPT, fence("main.tf", FN.format(name="AWS_REGION")),
                     fence("main.tf", FN.format(name="APP_REGION")), META)
    review = review_task(task)
    [failure] = [f for f in review["failures"] if f["rule"] == "DEP010"]
    assert failure["category"] == "deployment" and failure["severity"] == "critical"
    assert "InvalidParameterValueException" in failure["root_cause"]  # what AWS does
    assert "APP_REGION" in failure["fix"]  # the ideal's code
    assert failure["training_value"] and failure["impact"]["performance"] != "None"
    assert failure["references"][0].startswith("https://docs.aws.amazon.com/lambda/")
    assert not any(h.startswith("Deploys as written") for h in review["highlights"])
    text = render_markdown(review)
    assert "Rule**: DEP010 (deployment)" in text
    assert "Deployment (AWS at apply time): 1 failure AWS rejects" in text


def test_without_an_ideal_the_fix_is_the_rules_example(tmp_path):
    task = make_task(tmp_path / "t", PROMPT, fence("main.tf", FN.format(name="AWS_REGION")), "", META)
    review = review_task(task)
    [failure] = [f for f in review["failures"] if f["rule"] == "DEP010"]
    assert "APP_REGION" in failure["fix"]


def test_deploys_as_written_only_without_deployment_failures(tmp_path):
    task = make_task(tmp_path / "t", PROMPT, fence("main.tf", FN.format(name="APP_REGION")),
                     fence("main.tf", FN.format(name="APP_REGION")), META)
    review = review_task(task)
    assert not [f for f in review["failures"] if f["category"] == "deployment"]
    assert any(h.startswith("Deploys as written") for h in review["highlights"])
    assert "no failure found (deploys as written)" in render_markdown(review)


def test_a_deployment_failure_the_ideal_shares_still_withholds_deploys_as_written(tmp_path):
    task = make_task(tmp_path / "t", PROMPT, fence("main.tf", FN.format(name="AWS_REGION")),
                     fence("main.tf", FN.format(name="AWS_REGION")), META)
    review = review_task(task)
    assert any(s["rule"] == "DEP010" for s in review["shared_with_ideal"])
    assert not any(h.startswith("Deploys as written") for h in review["highlights"])


def test_fixing_a_deployment_failure_is_a_significant_fix_for_the_training_value_rubric(tmp_path):
    task = make_task(tmp_path / "t", PROMPT, fence("main.tf", FN.format(name="AWS_REGION")),
                     fence("main.tf", FN.format(name="APP_REGION")), META)
    review = review_task(task, None, "training-value")
    assert [fx["class"] for fx in review["fixes"] if fx["rule"] == "DEP010"] == ["A"]
