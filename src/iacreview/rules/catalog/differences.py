"""Differences from the ideal answer that decide whether the stack deploys, works or is safe (rules DIF001-DIF004).

The review classifies every model→ideal difference (A/B/C, RUBRICS.md). Most
are differences: restructuring (code moved into modules, renamed, reordered),
naming, tags, sizes. A few change what the stack does, and a reviewer writes
them up as failures with root cause and impact, quoting both sides. These
rules are how the review does that, for differences no other rule explains:

- DIF001: the ideal sets a security argument the model leaves out or leaves
  off (encryption, a KMS key, public-access switches, IMDSv2, a TLS policy).
- DIF002: the ideal's IAM policy allows actions the model's policy does not:
  the model's role is refused what the stack needs at run time.
- DIF003: wiring: the ideal connects a resource to another service's resource
  through an argument the model leaves out, or adds a resource that a resource
  both answers declare depends on (a permission, a policy attachment, a route).
- DIF004: the ideal raises availability (Multi-AZ, failover, more instances or
  zones). A prompt waiver `single-az` turns it off.

Renames, module restructuring, moved code, tags, descriptions, variables,
outputs and sizes stay differences (fixes in the A/B/C list), never failures.
"""

from __future__ import annotations

from iacreview.rules.base import Impact, Rule, RuleMeta
from iacreview.rules.catalog.task_rules import _task_findings

_NOTE = (" Raised only for a difference no other rule explains; the failure quotes the model's code and the ideal's, "
         "and the difference stays in the list of fixes.")

SECURITY = RuleMeta(
    id="DIF001", name="ideal-adds-security-setting", severity="medium", category="security",
    summary="The ideal answer sets a security argument the model's answer leaves out",
    rationale="The ideal answer turns on or sets an argument that decides how safe the resource is (encryption, a "
    "KMS key, public-access blocks, IMDSv2, a TLS policy, not publicly accessible) where the model's answer leaves it "
    "out or off, so the model's resource runs with the weaker default." + _NOTE,
    fix="Set the argument as the ideal answer does (quoted as the fix).",
    bad='resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n  size              = 20\n}\n',
    good='resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n  size              = 20\n'
    '  encrypted         = true\n  kms_key_id        = aws_kms_key.data.arn\n}\n',
    references=("https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/welcome.html",),
    impact=Impact(security="The resource runs with a weaker default than the reviewed answer"),
    training_value="Teaches the model the security arguments a reviewer expects on this resource.",
    scope="task",
)
PERMISSIONS = RuleMeta(
    id="DIF002", name="ideal-grants-missing-permissions", severity="medium", category="deployment",
    summary="The ideal answer's IAM policy allows actions the model's policy lacks",
    rationale="The ideal answer's policy allows actions the model's policy does not grant. The stack deploys, but at "
    "run time the role is refused them (AccessDenied): the function cannot read its queue, the instance cannot write "
    "its logs." + _NOTE,
    fix="Grant the actions the workload needs on the resources it uses, as the ideal's policy does.",
    bad='Statement = [{\n  Effect   = "Allow"\n  Action   = ["s3:GetObject"]\n  Resource = "${aws_s3_bucket.in.arn}/*"\n}]\n',
    good='Statement = [{\n  Effect   = "Allow"\n  Action   = ["s3:GetObject", "s3:PutObject"]\n'
    '  Resource = "${aws_s3_bucket.in.arn}/*"\n}]\n',
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",),
    impact=Impact(performance="The workload fails at run time with AccessDenied"),
    training_value="Teaches the model to grant exactly the permissions its own resources use.",
    scope="task",
)
WIRING = RuleMeta(
    id="DIF003", name="ideal-wires-resources", severity="medium", category="deployment",
    summary="The ideal answer connects resources the model's answer leaves unconnected",
    rationale="The ideal answer wires a resource to another (a queue to its dead-letter queue, a log group to its KMS "
    "key, a function to its permission or role attachment), or adds a resource that a resource both answers declare "
    "depends on. Without it the model's stack deploys but does not work as intended: events are not delivered, logs "
    "are not encrypted, the trigger is refused." + _NOTE,
    fix="Add the missing connection or resource as the ideal answer does.",
    bad='resource "aws_s3_bucket_notification" "in" {\n  bucket = aws_s3_bucket.in.id\n  lambda_function {\n'
    '    lambda_function_arn = aws_lambda_function.fn.arn\n    events              = ["s3:ObjectCreated:*"]\n  }\n}\n',
    good='resource "aws_lambda_permission" "s3" {\n  action        = "lambda:InvokeFunction"\n'
    '  function_name = aws_lambda_function.fn.function_name\n  principal     = "s3.amazonaws.com"\n'
    '  source_arn    = aws_s3_bucket.in.arn\n}\n',
    references=("https://developer.hashicorp.com/terraform/language/expressions/references",),
    impact=Impact(performance="Part of the stack is not connected and does not work"),
    training_value="Teaches the model to wire every integration end to end.",
    scope="task",
)
AVAILABILITY = RuleMeta(
    id="DIF004", name="ideal-raises-availability", severity="medium", category="reliability",
    summary="The ideal answer raises availability where the model's answer leaves a single point of failure",
    rationale="The ideal answer turns on Multi-AZ or failover, or raises the number of instances or zones, where the "
    "model's answer runs one: a zone outage or maintenance takes it down." + _NOTE,
    fix="Raise availability as the ideal answer does (quoted as the fix).",
    bad='resource "aws_db_instance" "main" {\n  multi_az = false\n}\n',
    good='resource "aws_db_instance" "main" {\n  multi_az = true\n}\n',
    references=("https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/welcome.html",),
    impact=Impact(cost="A standby or more instances cost more", performance="Downtime when one zone fails"),
    training_value="Teaches the model where the task needs redundancy.",
    scope="task",
    waived_by=("single-az",),
)

RULES = [Rule(m, _task_findings) for m in (SECURITY, PERMISSIONS, WIRING, AVAILABILITY)]
