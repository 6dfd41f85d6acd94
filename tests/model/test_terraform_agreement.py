"""Our `plan` and `validate` beside the real terraform's, on small local configurations.

Where terraform and a filesystem mirror of hashicorp/aws are present (see
tests/terraform_cli.py), each configuration is written to disk with an offline
provider block; terraform's `validate -json` verdict must equal ours, and where
its `plan -refresh=false` succeeds, the instances it creates must be exactly the
ones our plan lists, with nothing left undetermined. The configurations use no
data sources, so the plan needs no AWS.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import terraform_cli
from click.testing import CliRunner

from iacreview.cli.main import cli

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(terraform_cli.unavailable() is not None, reason=str(terraform_cli.unavailable())),
]

CASES: dict[str, dict[str, str]] = {
    "nullable-false": {
        "main.tf": 'module "m" {\n  source = "./mod"\n  ips    = null\n}\n',
        "mod/main.tf": 'variable "ips" {\n  type     = list(string)\n  default  = ["a", "b"]\n  nullable = false\n}\n'
        'resource "aws_eip" "this" {\n  count = length(var.ips)\n  tags  = { ip = var.ips[count.index] }\n}\n',
    },
    "merge-unknown-values": {
        "main.tf": 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n'
        'locals {\n  m1 = {\n    a = aws_iam_role.r.arn\n    b = aws_iam_role.r.arn\n  }\n}\n'
        'resource "aws_iam_role_policy_attachment" "this" {\n  for_each   = merge(local.m1, { c = "arn:aws:iam::aws:policy/x" })\n'
        '  role       = aws_iam_role.r.name\n  policy_arn = each.value\n}\n',
    },
    "toset-of-unknown-in-conditional": {
        "main.tf": 'variable "on" {\n  type    = bool\n  default = false\n}\n'
        'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n'
        'resource "aws_eip" "x" {\n  for_each = var.on ? toset([aws_iam_role.r.arn]) : []\n}\n',
    },
    "count-for-each-modules": {
        "main.tf": 'variable "azs" {\n  type    = list(string)\n  default = ["us-east-1a", "us-east-1b", "us-east-1c"]\n}\n'
        'locals {\n  buckets = { logs = "a", data = "b" }\n}\n'
        'resource "aws_s3_bucket" "b" {\n  for_each = local.buckets\n  bucket   = "x-${each.key}"\n}\n'
        'module "net" {\n  source   = "./net"\n  for_each = toset(["blue", "green"])\n  azs      = var.azs\n  name     = each.key\n}\n'
        'resource "aws_eip" "nat" {\n  count = length(module.net["blue"].subnet_names) > 2 ? 1 : 0\n}\n',
        "net/main.tf": 'variable "azs" {\n  type = list(string)\n}\nvariable "name" {\n  type = string\n}\n'
        'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n  tags       = { Name = var.name }\n}\n'
        'resource "aws_subnet" "this" {\n  count             = length(var.azs)\n  vpc_id            = aws_vpc.this.id\n'
        '  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)\n  availability_zone = var.azs[count.index]\n}\n'
        'output "subnet_names" {\n  value = [for s in var.azs : "${var.name}-${s}"]\n}\n',
    },
    "undeclared-variable": {
        "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = var.missing\n}\n',
    },
    "for-each-over-configured-attributes": {
        # Configured arguments are known while planning, computed attributes are not: the subnets'
        # cidr_blocks give known keys, and the count on a bucket's configured name is known too.
        "main.tf": 'resource "aws_subnet" "a" {\n  count      = 2\n  vpc_id     = "vpc-1"\n'
        '  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n}\n'
        'resource "aws_route_table" "rt" {\n  for_each = toset(aws_subnet.a[*].cidr_block)\n  vpc_id   = "vpc-1"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n'
        'resource "aws_eip" "e" {\n  count = aws_s3_bucket.b.bucket == "logs" ? 3 : 0\n}\n',
    },
    "for-each-over-a-list": {
        "main.tf": 'resource "aws_s3_bucket" "b" {\n  for_each = ["a", "b"]\n  bucket   = each.key\n}\n',
    },
}


def _ours(command: str, module_dir: Path) -> dict:
    result = CliRunner().invoke(cli, [command, str(module_dir), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_and_validate_agree_with_terraform(name: str, tmp_path: Path) -> None:
    module_dir = tmp_path / "config"
    for rel, text in CASES[name].items():
        path = module_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + (terraform_cli.PROVIDER if rel == "main.tf" else ""))
    terraform_cli.init(module_dir, tmp_path)
    creates = terraform_cli.plan_creates(module_dir, tmp_path)  # a plan validates first: one provider start-up less
    valid = creates is not None or terraform_cli.validate(module_dir, tmp_path)["valid"]
    ours = _ours("validate", module_dir)
    assert ours["valid"] == valid, ours
    if creates is None:
        assert not valid, "terraform plan failed on a configuration it validates"
        return
    plan = _ours("plan", module_dir)
    assert plan["undetermined"] == []
    assert sorted(plan["instances"]) == creates
    assert plan["resources"] == len(creates)
