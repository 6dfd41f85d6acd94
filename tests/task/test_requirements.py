"""Reading a prompt into explicit requirements: lists, tables, must/should, negations, numbers in words."""

from __future__ import annotations

import pytest

from iacreview.task.requirements import read_requirements
from iacreview.task.requirements.statements import statements


def described(prompt: str) -> list[str]:
    return [r.describe() for r in read_requirements(prompt).items]


def test_statements_keep_lines_leads_and_skip_code():
    prompt = ("# Task\n\nBuild a VPC. It needs\ntwo subnets.\n\nThe database must have:\n- Multi-AZ\n"
              "- 7-day backups\n\n```hcl\nresource \"aws_nat_gateway\" \"x\" {}\n```\n"
              "| Tier | Instance type |\n|---|---|\n| web | t3.micro |\n")
    found = statements(prompt)
    texts = [(s.line, s.text, s.lead) for s in found]
    assert (3, "Build a VPC.", "") in texts
    assert (3, "It needs two subnets.", "") in texts  # a sentence spread over lines starts where it starts
    assert (7, "Multi-AZ", "The database must have") in texts
    assert (15, "Tier: web; Instance type: t3.micro", "") in texts
    assert not any("aws_nat_gateway" in s.text for s in found)


@pytest.mark.parametrize("prompt, expected", [
    ("Use a single NAT gateway shared by both zones.", ["exactly 1 NAT gateway (shared)", "exactly 2 availability zones"]),
    ("Deploy across three availability zones.", ["exactly 3 availability zones"]),
    ("Launch at least two EC2 instances.", ["at least 2 EC2 instances"]),
    ("We need 2 public and 2 private subnets.", ["exactly 2 public subnets", "exactly 2 private subnets"]),
    ("- a NAT gateway in each AZ", ["one NAT gateway per availability zone"]),
    ("Keep costs down: one NAT gateway at most.", ["at most 1 NAT gateway"]),
])
def test_counts_in_digits_and_words(prompt, expected):
    got = described(prompt)
    for item in expected:
        assert item in got, got


@pytest.mark.parametrize("prompt", [
    "One security group per tier.",  # relative to something else
    "With the default variables the plan must contain exactly 26 resource instances.",
    "Instances such as two web servers may be added later.",  # optional
    "Single AZ is fine for the database.",  # a permission, not exactly one zone
    "Keep logs for 30 days.",
])
def test_what_is_not_a_count(prompt):
    assert not any(r.kind == "count" for r in read_requirements(prompt).items), described(prompt)


@pytest.mark.parametrize("prompt", [
    "No NAT gateway; use VPC endpoints instead.",
    "Use a NAT instance instead of NAT gateways to save money.",
    "Do not create a NAT gateway.",
    "The private subnets reach S3 without a NAT gateway.",
])
def test_negations_forbid(prompt):
    reqs = read_requirements(prompt)
    assert [r.describe() for r in reqs.items if r.kind == "forbidden"] == ["no NAT gateway"]
    assert not any(r.kind in ("count", "service") and r.subject == "nat_gateway" for r in reqs.items)


def test_no_need_is_not_a_prohibition():
    assert not any(r.kind == "forbidden" for r in read_requirements("There is no need for a NAT gateway.").items)


def test_services_are_asked_for_not_mentioned():
    asked = described("Create an encrypted private S3 bucket for the uploaded images.")
    assert "an S3 bucket" in asked and "S3 bucket encrypted" in asked
    assert "an S3 bucket" not in described("The function reads from the existing S3 bucket passed in as a variable.")
    assert "a load balancer" not in described("Put an ALB or an NLB in front, whichever you prefer.")
    assert "a DynamoDB table" not in described("Optionally, add a DynamoDB table for sessions.")


def test_values():
    prompt = ("RDS PostgreSQL 15 on db.t3.medium with 14-day backup retention.\n\n"
              "The web tier runs on t3.micro instances.\n\nAllow HTTPS (443) and SSH only from 203.0.113.0/24.\n\n"
              "The VPC uses 10.20.0.0/16.\n\nRetain application logs for 90 days.\n\n"
              "Encrypt the bucket with a customer-managed KMS key.\n\nThe database must be Multi-AZ.\n\n"
              "Tag all resources with Environment, Owner and CostCenter.\n\n"
              "Output the VPC ID and the ALB DNS name.\n\nDeploy everything in eu-central-1.\n\n"
              "Use an S3 backend with DynamoDB state locking.\n")
    got = described(prompt)
    for item in ("db class db.t3.medium", "engine postgres 15", "backup retention of 14 days",
                 "instance type t3.micro", "ingress on port 443", "ingress cidr 203.0.113.0/24", "vpc cidr 10.20.0.0/16",
                 "logs retention of 90 days", "S3 bucket encrypted with a customer-managed KMS key", "Multi-AZ database",
                 "tags Environment, Owner, CostCenter on every resource", "output vpc id", "output alb dns name",
                 "region eu-central-1", "S3 state backend with locking"):
        assert item in got, (item, got)


def test_layout():
    got = described("Put everything in a single tap_stack.tf file. No modules, no extra files.")
    assert "everything in a single file" in got and "no modules" in got and "file tap_stack.tf" in got


def test_should_and_must():
    reqs = read_requirements("The database should be Multi-AZ.\n\nThe bucket must be encrypted.")
    strengths = {r.kind: r.strength for r in reqs.items if r.kind in ("multi_az", "encryption")}
    assert strengths == {"multi_az": "should", "encryption": "must"}


@pytest.mark.parametrize("prompt, waiver", [
    ("Single AZ is fine for this environment.", "single-az"),
    ("Multi-AZ is not required.", "single-az"),
    ("Region fixed to us-east-1.", "region-fixed"),
    ("Use local state; we will add a backend later.", "local-state"),
    ("No extra modules.", "no-modules"),
    ("Don't use modules; keep it flat.", "no-modules"),
])
def test_waivers(prompt, waiver):
    assert read_requirements(prompt).waives(waiver)


def test_moving_away_from_local_state_is_no_waiver():
    assert not read_requirements("Migrate from local state to an S3 backend.").waives("local-state")


def test_waivers_set_the_rule_options():
    reqs = read_requirements("High availability matters. Single AZ is fine though. Use local state, not remote state.")
    assert reqs.rule_options["ha_required"] is False and reqs.rule_options["remote_state"] is False
