"""References to resources see their planned values: configured arguments known, computed ones unknown."""

from __future__ import annotations

from iacreview.eval.values import UNKNOWN
from iacreview.model.config import Configuration

AWS = 'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n'


def _local(files: dict[str, str], name: str):
    config = Configuration.from_files({"main.tf": AWS + files.pop("main.tf"), **files})
    return config, config.scope.local(name)


def test_configured_arguments_are_known_and_computed_attributes_are_not():
    config, value = _local({"main.tf": (
        'resource "aws_s3_bucket" "b" {\n  bucket = "logs-${1 + 1}"\n}\n'
        'resource "aws_instance" "i" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n'
        '  root_block_device {\n    volume_size = 30\n  }\n}\n'
        'locals {\n  seen = {\n    name = aws_s3_bucket.b.bucket\n    arn = aws_s3_bucket.b.arn\n'
        '    size = aws_instance.i.root_block_device[0].volume_size\n    type = aws_instance.i.instance_type\n'
        '    key = aws_instance.i.key_name\n    lock = aws_s3_bucket.b.object_lock_enabled\n  }\n}\n')}, "seen")
    seen = value.payload
    assert seen["name"].payload == "logs-2"
    assert seen["type"].payload == "t3.micro"
    assert int(seen["size"].payload) == 30
    assert seen["arn"].payload is UNKNOWN  # computed by AWS
    assert seen["key"].payload is UNKNOWN  # optional and computed: AWS may set it
    assert seen["lock"].payload is UNKNOWN


def test_plan_expands_over_configured_values_but_not_over_computed_ones():
    config = Configuration.from_files({"main.tf": AWS + (
        'resource "aws_subnet" "a" {\n  count      = 2\n  vpc_id     = "vpc-1"\n'
        '  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n}\n'
        'resource "aws_route_table" "by_cidr" {\n  for_each = toset(aws_subnet.a[*].cidr_block)\n  vpc_id = "v"\n}\n'
        'resource "aws_route_table" "by_id" {\n  for_each = toset(aws_subnet.a[*].id)\n  vpc_id = "v"\n}\n')})
    plan = config.plan()
    addresses = sorted(i.address for i in plan.instances if i.resource.type == "aws_route_table")
    assert addresses == ['aws_route_table.by_cidr["10.0.0.0/24"]', 'aws_route_table.by_cidr["10.0.1.0/24"]']
    assert [u.address for u in plan.undetermined] == ["aws_route_table.by_id"]


def test_resources_referring_to_each_other_and_unknown_providers_stay_unknown():
    config, value = _local({"main.tf": (
        'resource "aws_security_group" "a" {\n  name = aws_security_group.b.name\n}\n'
        'resource "aws_security_group" "b" {\n  name = aws_security_group.a.name\n}\n'
        'resource "acme_widget" "w" {\n  size = 3\n}\n'
        'locals {\n  both = [aws_security_group.a.name, acme_widget.w.size]\n}\n')}, "both")
    assert [v.payload for v in value.payload] == [UNKNOWN, UNKNOWN]


def test_validate_knows_no_resource_value_but_the_plan_does(tmp_path):
    """`terraform validate` accepts a count that only planning finds wrong (it knows no resource
    value); `terraform plan` refuses it. Both commands behave so."""
    from click.testing import CliRunner

    from iacreview.cli.main import cli

    (tmp_path / "main.tf").write_text(AWS + (
        'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n'
        'resource "aws_eip" "e" {\n  count = aws_s3_bucket.b.bucket == "logs" ? "x" : 0\n}\n'))
    validated = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert validated.exit_code == 0, validated.output
    planned = CliRunner().invoke(cli, ["plan", str(tmp_path)])
    assert "aws_eip.e: count is not a number" in planned.output


def test_only_attributes_something_reads_are_evaluated():
    from iacreview.model.planned_values import read_attributes

    config = Configuration.from_files({"main.tf": AWS + (
        'resource "aws_subnet" "a" {\n  count = 2\n  vpc_id = "v"\n  cidr_block = "10.0.${count.index}.0/24"\n}\n'
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  depends_on = [aws_vpc.v]\n}\n'
        'resource "aws_eip" "e" {\n  lifecycle {\n    replace_triggered_by = [aws_s3_bucket.b]\n  }\n}\n'
        'output "ids" {\n  value = [aws_subnet.a[0].id, aws_subnet.a[*].cidr_block, aws_vpc.v.cidr_block]\n}\n'
        'output "whole" {\n  value = [for s in aws_eip.e : s]\n}\n')})
    read = read_attributes(config.root)
    assert read["aws_subnet.a"] == {"id", "cidr_block"}
    assert read["aws_vpc.v"] == {"cidr_block"}  # depends_on names it without reading it
    assert "aws_s3_bucket.b" not in read  # named by replace_triggered_by only
    assert read["aws_eip.e"] is None  # used whole


def test_a_data_source_is_read_alone_not_with_its_siblings(tmp_path):
    """`data.T.a[*].json` reads data.T.a only: evaluating data.T.this's count, which waits for the
    very locals being evaluated, was reported as a cycle among them (terraform-aws-iam's
    iam-role-for-service-accounts, valid for Terraform)."""
    from click.testing import CliRunner

    from iacreview.cli.main import cli

    (tmp_path / "main.tf").write_text(
        'variable "create" {\n  type    = bool\n  default = true\n}\n\n'
        'locals {\n  create_policy = var.create && length(local.documents) > 0\n'
        '  documents     = flatten(concat(data.aws_iam_policy_document.a[*].json, []))\n}\n\n'
        'data "aws_iam_policy_document" "a" {\n  count = var.create ? 1 : 0\n  statement {\n'
        '    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n\n'
        'data "aws_iam_policy_document" "this" {\n  count                   = local.create_policy ? 1 : 0\n'
        '  source_policy_documents = local.documents\n}\n')
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    undeclared = tmp_path / "undeclared"
    undeclared.mkdir()
    (undeclared / "main.tf").write_text('output "x" {\n  value = data.aws_iam_policy_document.missing.json\n}\n')
    result = CliRunner().invoke(cli, ["validate", str(undeclared)])
    assert result.exit_code == 1 and "aws_iam_policy_document" in result.output  # still an error
