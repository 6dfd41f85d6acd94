"""`validate`: one failing and one passing configuration per rule, and false-positive guards.

A failing case lists every problem it must produce as (rule, file, line,
col), nothing more; its passing twin differs only by the fix and must give
no problem at all. The guards are configurations Terraform accepts that a
careless reference check would flag.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacreview.cli.main import cli
from iacreview.model.config import Configuration
from iacreview.model.files import MemoryTree
from iacreview.model.problems import Problem
from iacreview.model.provider_schemas import SchemaSet
from iacreview.model.validate import validate

Where = tuple[str, str, int, int]  # rule, file, line, col


def problems(
    files: dict[str, str],
    *,
    require_values: bool = False,
    var_args: tuple[str, ...] = (),
    environ: dict[str, str] | None = None,
) -> list[Problem]:
    config = Configuration(MemoryTree(files), var_args=var_args, environ=environ or {})
    assert config.parsed, config.syntax_problems()
    # These cases abbreviate resources to what each check needs; the schema checks have their own cases.
    return validate(config.scope, require_values=require_values, schemas=SchemaSet.empty())


def where(found: list[Problem]) -> list[Where]:
    return [(p.rule, p.file, p.line, p.col) for p in found]


@dataclass(frozen=True)
class RuleCase:
    """A failing configuration, the problems it gives, and its fixed twin.

    `options` are the keyword arguments of `problems()` for the failing run;
    `ok_options`, when given, replace them for the passing run (the value
    rules are fixed by giving another value, not by editing files).
    """

    id: str
    fail: dict[str, str]
    expect: list[Where]
    ok: dict[str, str]
    options: dict[str, object] = field(default_factory=dict)
    ok_options: dict[str, object] | None = None


def main(text: str) -> dict[str, str]:
    return {"main.tf": text}


CHILD = {
    "modules/net/main.tf": 'variable "cidr" {\n  type = string\n}\n\noutput "vpc_id" {\n  value = "vpc-${var.cidr}"\n}\n'
}

CASES = [
    # ---------------------------------------------------------------- references
    RuleCase(
        "VAL001-undeclared-variable",
        main('output "o" {\n  value = var.region\n}\n'),
        [("VAL001", "main.tf", 2, 11)],
        main('variable "region" {\n  type = string\n}\n\noutput "o" {\n  value = var.region\n}\n'),
    ),
    RuleCase(
        "VAL001-in-a-child-module",
        {"main.tf": 'module "net" {\n  source = "./modules/net"\n}\n',
         "modules/net/main.tf": 'resource "aws_vpc" "this" {\n  cidr_block = var.vpc_cidr\n}\n'},
        [("VAL001", "modules/net/main.tf", 2, 16)],
        {"main.tf": 'module "net" {\n  source   = "./modules/net"\n  vpc_cidr = "10.0.0.0/16"\n}\n',
         "modules/net/main.tf": 'variable "vpc_cidr" {}\n\nresource "aws_vpc" "this" {\n  cidr_block = var.vpc_cidr\n}\n'},
    ),
    RuleCase(
        "VAL022-unsupported-module-argument",
        {"main.tf": 'module "net" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/16"\n}\n',
         "modules/net/main.tf": 'variable "vpc_cidr" {\n  default = "10.0.0.0/16"\n}\n'},
        [("VAL022", "main.tf", 3, 3)],
        {"main.tf": 'module "net" {\n  source   = "./modules/net"\n  vpc_cidr = "10.0.0.0/16"\n}\n',
         "modules/net/main.tf": 'variable "vpc_cidr" {\n  default = "10.0.0.0/16"\n}\n'},
    ),
    RuleCase(
        "VAL023-missing-module-input",
        {"main.tf": 'module "net" {\n  source = "./modules/net"\n}\n',
         "modules/net/main.tf": 'variable "vpc_cidr" {}\n'},
        [("VAL023", "main.tf", 1, 1)],
        {"main.tf": 'module "net" {\n  source   = "./modules/net"\n  vpc_cidr = "10.0.0.0/16"\n}\n',
         "modules/net/main.tf": 'variable "vpc_cidr" {}\n'},
    ),
    RuleCase(
        "VAL002-undeclared-local",
        main('resource "aws_s3_bucket" "b" {\n  tags = local.common_tags\n}\n'),
        [("VAL002", "main.tf", 2, 10)],
        main('locals {\n  common_tags = { Team = "x" }\n}\n\nresource "aws_s3_bucket" "b" {\n  tags = local.common_tags\n}\n'),
    ),
    RuleCase(
        "VAL003-undeclared-resource",
        main('resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n}\n'),
        [("VAL003", "main.tf", 2, 12)],
        main('resource "aws_vpc" "main" {}\n\nresource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n}\n'),
    ),
    RuleCase(
        "VAL003-undeclared-data-source",
        main('output "account" {\n  value = data.aws_caller_identity.current.account_id\n}\n'),
        [("VAL003", "main.tf", 2, 11)],
        main('data "aws_caller_identity" "current" {}\n\noutput "account" {\n'
             '  value = data.aws_caller_identity.current.account_id\n}\n'),
    ),
    RuleCase(
        "VAL003-unknown-name",
        main('output "o" {\n  value = region\n}\n'),
        [("VAL003", "main.tf", 2, 11)],
        main('output "o" {\n  value = "region"\n}\n'),
    ),
    RuleCase(
        "VAL003-path-attribute",
        main('output "o" {\n  value = path.folder\n}\n'),
        [("VAL003", "main.tf", 2, 11)],
        main('output "o" {\n  value = path.module\n}\n'),
    ),
    RuleCase(
        "VAL004-undeclared-module",
        main('output "o" {\n  value = module.network.vpc_id\n}\n'),
        [("VAL004", "main.tf", 2, 11)],
        {**CHILD, "main.tf": 'module "network" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/16"\n}\n\n'
                             'output "o" {\n  value = module.network.vpc_id\n}\n'},
    ),
    RuleCase(
        "VAL004-missing-module-output",
        {**CHILD, "main.tf": 'module "network" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/16"\n}\n\n'
                             'output "o" {\n  value = module.network.subnet_ids\n}\n'},
        [("VAL004", "main.tf", 7, 11)],
        {**CHILD, "main.tf": 'module "network" {\n  source = "./modules/net"\n  cidr   = "10.0.0.0/16"\n}\n\n'
                             'output "o" {\n  value = module.network.vpc_id\n}\n'},
    ),
    RuleCase(
        "VAL005-unknown-function",
        main('locals {\n  name = to_upper("x")\n}\n'),
        [("VAL005", "main.tf", 2, 10)],
        main('locals {\n  name = upper("x")\n}\n'),
    ),
    RuleCase(
        "VAL005-undeclared-provider-function",
        main('locals {\n  arn = provider::aws::arn_parse("arn:aws:s3:::b")\n}\n'),
        [("VAL005", "main.tf", 2, 9)],
        main('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\n'
             'locals {\n  arn = provider::aws::arn_parse("arn:aws:s3:::b")\n}\n'),
    ),
    RuleCase(
        "VAL006-too-many-arguments",
        main('locals {\n  n = length("a", "b")\n}\n'),
        [("VAL006", "main.tf", 2, 7)],
        main('locals {\n  n = length("ab")\n}\n'),
    ),
    RuleCase(
        "VAL006-too-few-arguments",
        main('locals {\n  s = substr("abc", 1)\n}\n'),
        [("VAL006", "main.tf", 2, 7)],
        main('locals {\n  s = substr("abc", 1, 1)\n}\n'),
    ),
    # ---------------------------------------------------------------- declarations
    RuleCase(
        "VAL007-duplicate-variable",
        {"a.tf": 'variable "region" {}\n', "b.tf": '\nvariable "region" {}\n'},
        [("VAL007", "b.tf", 2, 1)],
        {"a.tf": 'variable "region" {}\n', "b.tf": '\nvariable "zone" {}\n'},
    ),
    RuleCase(
        "VAL007-duplicate-local",
        main('locals {\n  a = 1\n}\n\nlocals {\n  a = 2\n}\n'),
        [("VAL007", "main.tf", 6, 3)],
        main('locals {\n  a = 1\n}\n\nlocals {\n  b = 2\n}\n'),
    ),
    RuleCase(
        "VAL007-duplicate-resource",
        main('resource "aws_vpc" "main" {}\n\nresource "aws_vpc" "main" {}\n'),
        [("VAL007", "main.tf", 3, 1)],
        main('resource "aws_vpc" "main" {}\n\nresource "aws_vpc" "spare" {}\n'),
    ),
    RuleCase(
        "VAL007-duplicate-data-source",
        main('data "aws_region" "r" {}\ndata "aws_region" "r" {}\n'),
        [("VAL007", "main.tf", 2, 1)],
        main('data "aws_region" "r" {}\nresource "aws_region" "r" {}\n'),
    ),
    RuleCase(
        "VAL007-duplicate-output",
        main('output "id" {\n  value = 1\n}\n\noutput "id" {\n  value = 2\n}\n'),
        [("VAL007", "main.tf", 5, 1)],
        main('output "id" {\n  value = 1\n}\n\noutput "id2" {\n  value = 2\n}\n'),
    ),
    RuleCase(
        "VAL007-duplicate-module-call",
        {**CHILD, "main.tf": 'module "n" {\n  source = "./modules/net"\n  cidr   = "a"\n}\n\n'
                             'module "n" {\n  source = "./modules/net"\n  cidr   = "b"\n}\n'},
        [("VAL007", "main.tf", 6, 1)],
        {**CHILD, "main.tf": 'module "n" {\n  source = "./modules/net"\n  cidr   = "a"\n}\n\n'
                             'module "m" {\n  source = "./modules/net"\n  cidr   = "b"\n}\n'},
    ),
    RuleCase(
        "VAL007-duplicate-provider-configuration",
        main('provider "aws" {\n  alias = "west"\n}\n\nprovider "aws" {\n  alias = "west"\n}\n'),
        [("VAL007", "main.tf", 5, 1)],
        main('provider "aws" {\n  alias = "west"\n}\n\nprovider "aws" {\n  alias = "east"\n}\n'),
    ),
    RuleCase(
        "VAL008-count-and-for-each",
        main('resource "aws_sqs_queue" "q" {\n  count    = 2\n  for_each = toset(["a"])\n}\n'),
        [("VAL008", "main.tf", 3, 3)],
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset(["a"])\n}\n'),
    ),
    RuleCase(
        "VAL009-for-each-list",
        main('variable "names" {\n  default = ["a", "b"]\n}\n\nresource "aws_sqs_queue" "q" {\n'
             '  for_each = var.names\n}\n'),
        [("VAL009", "main.tf", 6, 3)],
        main('variable "names" {\n  default = ["a", "b"]\n}\n\nresource "aws_sqs_queue" "q" {\n'
             '  for_each = toset(var.names)\n}\n'),
    ),
    RuleCase(
        "VAL009-for-each-set-of-numbers",
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset([1, 2])\n}\n'),
        [("VAL009", "main.tf", 2, 3)],
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset(["1", "2"])\n}\n'),
    ),
    RuleCase(
        "VAL009-for-each-sensitive",
        main('variable "queues" {\n  type      = map(string)\n  default   = { a = "x" }\n  sensitive = true\n}\n\n'
             'resource "aws_sqs_queue" "q" {\n  for_each = var.queues\n}\n'),
        [("VAL009", "main.tf", 8, 3)],
        main('variable "queues" {\n  type      = map(string)\n  default   = { a = "x" }\n  sensitive = true\n}\n\n'
             'resource "aws_sqs_queue" "q" {\n  for_each = toset(keys(nonsensitive(var.queues)))\n}\n'),
    ),
    RuleCase(
        "VAL009-count-not-a-number",
        main('resource "aws_sqs_queue" "q" {\n  count = true\n}\n'),
        [("VAL009", "main.tf", 2, 3)],
        main('resource "aws_sqs_queue" "q" {\n  count = "2"\n}\n'),
    ),
    RuleCase(
        "VAL009-count-negative",
        main('resource "aws_sqs_queue" "q" {\n  count = -1\n}\n'),
        [("VAL009", "main.tf", 2, 3)],
        main('resource "aws_sqs_queue" "q" {\n  count = 0\n}\n'),
    ),
    RuleCase(
        "VAL010-count-index-without-count",
        main('resource "aws_subnet" "s" {\n  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n}\n'),
        [("VAL010", "main.tf", 2, 45)],
        main('resource "aws_subnet" "s" {\n  count      = 2\n'
             '  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n}\n'),
    ),
    RuleCase(
        "VAL010-each-without-for-each",
        main('resource "aws_sqs_queue" "q" {\n  name = each.key\n}\n'),
        [("VAL010", "main.tf", 2, 10)],
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset(["a"])\n  name     = each.key\n}\n'),
    ),
    RuleCase(
        "VAL010-count-in-an-output",
        main('output "o" {\n  value = count.index\n}\n'),
        [("VAL010", "main.tf", 2, 11)],
        main('output "o" {\n  value = 0\n}\n'),
    ),
    RuleCase(
        "VAL010-wrong-each-attribute",
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset(["a"])\n  name     = each.name\n}\n'),
        [("VAL010", "main.tf", 3, 14)],
        main('resource "aws_sqs_queue" "q" {\n  for_each = toset(["a"])\n  name     = each.value\n}\n'),
    ),
    # ---------------------------------------------------------------- values
    RuleCase(
        "VAL011-default-breaks-type",
        main('variable "port" {\n  type    = number\n  default = "http"\n}\n'),
        [("VAL011", "main.tf", 3, 13)],
        main('variable "port" {\n  type    = number\n  default = "80"\n}\n'),
    ),
    RuleCase(
        "VAL011-tfvars-breaks-type",
        {"main.tf": 'variable "ports" {\n  type = list(number)\n}\n', "terraform.tfvars": 'ports = ["http"]\n'},
        [("VAL011", "terraform.tfvars", 1, 9)],
        {"main.tf": 'variable "ports" {\n  type = list(number)\n}\n', "terraform.tfvars": 'ports = [80, "443"]\n'},
    ),
    RuleCase(
        "VAL011-var-breaks-type",
        main('variable "port" {\n  type = number\n}\n'),
        [("VAL011", "main.tf", 1, 1)],
        main('variable "port" {\n  type = number\n}\n'),
        options={"var_args": ("port=http",)},
        ok_options={"var_args": ("port=8080",)},
    ),
    RuleCase(
        "VAL011-environment-breaks-type",
        main('variable "enabled" {\n  type = bool\n}\n'),
        [("VAL011", "main.tf", 1, 1)],
        main('variable "enabled" {\n  type = bool\n}\n'),
        options={"environ": {"TF_VAR_enabled": "maybe"}},
        ok_options={"environ": {"TF_VAR_enabled": "true"}},
    ),
    RuleCase(
        "VAL012-validation-fails",
        main('variable "env" {\n  default = "qa"\n\n  validation {\n    condition     = contains(["dev", "prod"], var.env)\n'
             '    error_message = "env must be dev or prod."\n  }\n}\n'),
        [("VAL012", "main.tf", 5, 5)],
        main('variable "env" {\n  default = "dev"\n\n  validation {\n    condition     = contains(["dev", "prod"], var.env)\n'
             '    error_message = "env must be dev or prod."\n  }\n}\n'),
    ),
    RuleCase(
        "VAL012-validation-cannot-evaluate",
        main('variable "days" {\n  type    = number\n  default = null\n\n  validation {\n'
             '    condition     = var.days == null || var.days > 0\n    error_message = "positive"\n  }\n}\n'),
        [("VAL012", "main.tf", 6, 5)],
        main('variable "days" {\n  type    = number\n  default = null\n\n  validation {\n'
             '    condition     = var.days == null ? true : var.days > 0\n    error_message = "positive"\n  }\n}\n'),
    ),
    RuleCase(
        "VAL013-required-variable-without-value",
        main('\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}\n'),
        [("VAL013", "main.tf", 2, 1)],
        main('\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}\n'),
        options={"require_values": True},
        ok_options={"require_values": True, "environ": {"TF_VAR_db_password": "s3cret"}},
    ),
    RuleCase(
        "VAL014-undeclared-provider-alias",
        main('provider "aws" {\n  region = "us-east-1"\n}\n\nresource "aws_vpc" "dr" {\n  provider = aws.west\n}\n'),
        [("VAL014", "main.tf", 6, 3)],
        main('provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\n'
             'resource "aws_vpc" "dr" {\n  provider = aws.west\n}\n'),
    ),
    RuleCase(
        "VAL015-locals-cycle",
        main('locals {\n  a = local.b\n  b = "${local.a}-x"\n}\n'),
        [("VAL015", "main.tf", 2, 3)],
        main('locals {\n  a = local.b\n  b = "x"\n}\n'),
    ),
    RuleCase(
        "VAL016-missing-module-directory",
        main('module "net" {\n  source = "./modules/network"\n}\n'),
        [("VAL016", "main.tf", 2, 3)],
        {"main.tf": 'module "net" {\n  source = "./modules/network"\n}\n', "modules/network/main.tf": "\n"},
    ),
    RuleCase(
        "VAL017-top-level-attribute",
        main('region = "us-east-1"\n'),
        [("VAL017", "main.tf", 1, 1)],
        main('locals {\n  region = "us-east-1"\n}\n'),
    ),
    RuleCase(
        "VAL017-block-in-tfvars",
        {"main.tf": 'variable "a" {}\n', "terraform.tfvars": 'a = 1\n\nlocals {\n  b = 2\n}\n'},
        [("VAL017", "terraform.tfvars", 3, 1)],
        {"main.tf": 'variable "a" {}\n', "terraform.tfvars": 'a = 1\n'},
    ),
    RuleCase(
        "VAL018-resource-with-one-label",
        main('resource "aws_vpc" {\n  cidr_block = "10.0.0.0/16"\n}\n'),
        [("VAL018", "main.tf", 1, 1)],
        main('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'),
    ),
    RuleCase(
        "VAL018-labelled-locals",
        main('locals "x" {\n  a = 1\n}\n'),
        [("VAL018", "main.tf", 1, 1)],
        main('locals {\n  a = 1\n}\n'),
    ),
    RuleCase(
        "VAL019-unknown-type-keyword",
        main('variable "ids" {\n  type = array(string)\n}\n'),
        [("VAL019", "main.tf", 2, 3)],
        main('variable "ids" {\n  type = list(string)\n}\n'),
    ),
    RuleCase(
        "VAL019-quoted-type",
        main('variable "name" {\n  type = "string"\n}\n'),
        [("VAL019", "main.tf", 2, 3)],
        main('variable "name" {\n  type = string\n}\n'),
    ),
    RuleCase(
        "VAL019-optional-outside-object",
        main('variable "n" {\n  type = optional(number)\n}\n'),
        [("VAL019", "main.tf", 2, 3)],
        main('variable "n" {\n  type = object({ n = optional(number) })\n}\n'),
    ),
    RuleCase(
        "VAL020-malformed-var-option",
        main('variable "a" {\n  default = 1\n}\n'),
        [("VAL020", "<command line>", 1, 1)],
        main('variable "a" {\n  default = 1\n}\n'),
        options={"var_args": ("a",)},
        ok_options={"var_args": ("a=2",)},
    ),
    RuleCase(
        "VAL021-index-out-of-range",
        main('resource "aws_subnet" "s" {\n  count = 2\n}\n\noutput "third" {\n  value = aws_subnet.s[2].id\n}\n'),
        [("VAL021", "main.tf", 6, 11)],
        main('resource "aws_subnet" "s" {\n  count = 2\n}\n\noutput "third" {\n  value = aws_subnet.s[1].id\n}\n'),
    ),
    RuleCase(
        "VAL021-bad-operand",
        main('locals {\n  port = "http" + 1\n}\n'),
        [("VAL021", "main.tf", 2, 10)],
        main('locals {\n  port = "80" + 1\n}\n'),
    ),
    RuleCase(
        "VAL021-function-argument",
        main('locals {\n  subnet = cidrsubnet("10.0.0.0/16", "eight", 1)\n}\n'),
        [("VAL021", "main.tf", 2, 38)],
        main('locals {\n  subnet = cidrsubnet("10.0.0.0/16", 8, 1)\n}\n'),
    ),
]

@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_failing_configuration(case: RuleCase) -> None:
    found = problems(case.fail, **case.options)  # type: ignore[arg-type]
    assert where(found) == case.expect, [str(p) for p in found]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_passing_configuration(case: RuleCase) -> None:
    options = case.options if case.ok_options is None else case.ok_options
    found = problems(case.ok, **options)  # type: ignore[arg-type]
    assert found == [], [str(p) for p in found]


def test_every_rule_has_a_case() -> None:
    rules = {c.id.split("-")[0] for c in CASES}
    assert rules == {f"VAL{n:03d}" for n in range(1, 24)}


def test_required_variables_are_reported_only_when_values_are_required() -> None:
    case = next(c for c in CASES if c.id.startswith("VAL013"))
    assert case.options == {"require_values": True}
    assert problems(case.fail) == []
    assert where(problems(case.fail, require_values=True)) == case.expect


def test_problem_messages_name_what_is_wrong() -> None:
    found = problems(main('output "o" {\n  value = var.region\n}\n'))
    assert "region" in found[0].message
    found = problems(main('locals {\n  a = local.b\n  b = local.a\n}\n'))
    assert "a → b → a" in found[0].message
    found = problems(main('variable "e" {\n  default = "qa"\n  validation {\n    condition     = var.e == "dev"\n'
                          '    error_message = "Only dev."\n  }\n}\n'))
    assert found[0].message.endswith("Only dev.")


def test_untyped_variables_take_var_values_literally() -> None:
    """Terraform reads -var/TF_VAR_ text literally for untyped and primitive variables."""
    files = main('variable "zone" {}\n\nvariable "ids" {\n  type = list(string)\n}\n')
    assert problems(files, var_args=("zone=us-east-1a", 'ids=["a"]')) == []
    assert where(problems(files, var_args=("zone=x", "ids=a"))) == [("VAL011", "main.tf", 3, 1)]


# ------------------------------------------------------------------ false-positive guards

GUARDS = {
    "dynamic-block-iterators": main(
        'variable "rules" {\n  default = [{ port = 80 }]\n}\n\n'
        'resource "aws_security_group" "sg" {\n'
        '  dynamic "ingress" {\n    for_each = var.rules\n    content {\n'
        '      from_port = ingress.value.port\n      to_port   = ingress.key\n    }\n  }\n\n'
        '  dynamic "egress" {\n    for_each = var.rules\n    iterator = rule\n    content {\n'
        '      from_port = rule.value.port\n\n'
        '      dynamic "nested" {\n        for_each = [rule.value]\n        content {\n'
        '          a = nested.value.port + rule.key\n        }\n      }\n    }\n  }\n}\n'
    ),
    "for-expression-variables": main(
        'variable "users" {\n  default = { a = { admin = true } }\n}\n\n'
        'locals {\n  admins = [for name, u in var.users : name if u.admin]\n'
        '  by_key = { for k, v in var.users : k => [for x in keys(v) : "${k}-${x}"] }\n'
        '  text   = "%{ for n in local.admins }${n} %{ endfor }"\n}\n'
    ),
    "lifecycle-ignore-changes": main(
        'resource "aws_instance" "i" {\n  ami = "x"\n\n  lifecycle {\n'
        '    ignore_changes        = [tags, ami, user_data]\n    create_before_destroy = true\n'
        '    prevent_destroy       = false\n  }\n}\n'
    ),
    "provider-alias-declared": main(
        'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\n'
        'resource "aws_vpc" "v" {\n  provider = aws.west\n}\n\ndata "aws_region" "r" {\n  provider = aws.west\n}\n'
    ),
    "configuration-aliases": {
        "main.tf": 'provider "aws" {\n  alias = "dr"\n}\n\nmodule "replica" {\n  source = "./modules/replica"\n'
                   '  providers = {\n    aws.target = aws.dr\n  }\n}\n',
        "modules/replica/main.tf": 'terraform {\n  required_providers {\n    aws = {\n'
                                   '      source                = "hashicorp/aws"\n'
                                   '      configuration_aliases = [aws.target]\n    }\n  }\n}\n\n'
                                   'resource "aws_s3_bucket" "b" {\n  provider = aws.target\n}\n',
    },
    "object-keys-that-look-like-names": main(
        'resource "aws_instance" "i" {\n  ami = "x"\n  tags = {\n    var          = "v"\n    local        = "l"\n'
        '    aws_instance = "a"\n    count        = 1\n    each         = 2\n    Name         = "n"\n  }\n}\n'
    ),
    "self-in-provisioners-and-conditions": main(
        'resource "aws_instance" "i" {\n  ami = "x"\n\n  provisioner "local-exec" {\n'
        '    command = "echo ${self.private_ip}"\n  }\n\n  connection {\n    host = self.public_ip\n  }\n\n'
        '  lifecycle {\n    postcondition {\n      condition     = self.ami != ""\n'
        '      error_message = "no ami"\n    }\n  }\n}\n'
    ),
    "path-and-terraform-objects": main(
        'output "paths" {\n  value = [path.module, path.root, path.cwd, terraform.workspace]\n}\n\n'
        'output "applying" {\n  value = terraform.applying\n}\n'
    ),
    "each-value-in-module-blocks": {
        **CHILD,
        "main.tf": 'module "net" {\n  source   = "./modules/net"\n  for_each = { a = "10.0.0.0/16" }\n'
                   '  cidr     = each.value\n}\n\noutput "ids" {\n  value = { for k, m in module.net : k => m.vpc_id }\n}\n',
    },
    "count-index-in-module-blocks": {
        **CHILD,
        "main.tf": 'module "net" {\n  source = "./modules/net"\n  count  = 2\n  cidr   = "10.${count.index}.0.0/16"\n}\n\n'
                   'output "first" {\n  value = module.net[0].vpc_id\n}\n',
    },
    "count-index-inside-dynamic-content": main(
        'resource "aws_autoscaling_group" "g" {\n  count = 2\n\n  dynamic "tag" {\n    for_each = { a = "b" }\n'
        '    content {\n      key   = tag.key\n      value = "${tag.value}-${count.index}"\n    }\n  }\n}\n'
    ),
    "check-block-scoped-data-source": main(
        'check "site" {\n  data "http" "home" {\n    url = "https://example.com"\n  }\n\n  assert {\n'
        '    condition     = data.http.home.status_code == 200\n    error_message = "down"\n  }\n}\n'
    ),
    "moved-import-removed-blocks": main(
        'resource "aws_vpc" "main" {}\n\nmoved {\n  from = aws_vpc.old\n  to   = aws_vpc.main\n}\n\n'
        'import {\n  to = aws_vpc.main\n  id = "vpc-123"\n}\n\nremoved {\n  from = aws_vpc.gone\n\n'
        '  lifecycle {\n    destroy = false\n  }\n}\n'
    ),
    "depends-on-and-replace-triggered-by": main(
        'resource "aws_vpc" "a" {}\n\nresource "aws_vpc" "b" {\n  depends_on = [aws_vpc.a]\n\n'
        '  lifecycle {\n    replace_triggered_by = [aws_vpc.a.id]\n  }\n}\n'
    ),
    "splat-over-counted-resources": main(
        'resource "aws_subnet" "s" {\n  count = 3\n}\n\nresource "aws_route_table_association" "a" {\n'
        '  count     = length(aws_subnet.s)\n  subnet_id = element(aws_subnet.s[*].id, count.index)\n}\n\n'
        'output "ids" {\n  value = aws_subnet.s[*].id\n}\n'
    ),
    "validation-guarded-against-null": main(
        'variable "days" {\n  type    = number\n  default = null\n\n  validation {\n'
        '    condition     = var.days == null ? true : var.days > 0\n    error_message = "positive"\n  }\n}\n'
    ),
    "chained-for-each": main(
        'resource "aws_s3_bucket" "b" {\n  for_each = toset(["logs", "data"])\n  bucket   = each.key\n}\n\n'
        'resource "aws_s3_bucket_versioning" "v" {\n  for_each = aws_s3_bucket.b\n  bucket   = each.value.id\n}\n'
    ),
    "optional-attribute-defaults": main(
        'variable "apps" {\n  type = map(object({\n    public = optional(bool, false)\n  }))\n'
        '  default = { web = { public = true }, worker = {} }\n}\n\n'
        'resource "aws_eip" "e" {\n  for_each = { for k, a in var.apps : k => a if a.public }\n}\n'
    ),
    "heredoc-and-templatefile": main(
        'resource "aws_instance" "i" {\n  ami       = "x"\n  user_data = <<-EOT\n    #!/bin/bash\n'
        '    echo ${path.module} $${HOME}\n  EOT\n}\n\noutput "rendered" {\n'
        '  value = templatefile("${path.module}/init.tpl", { name = "x" })\n}\n'
    ),
    "modules-reading-each-others-outputs": {
        "main.tf": 'module "a" {\n  source = "./modules/a"\n  peer   = module.b.id\n}\n\n'
                   'module "b" {\n  source = "./modules/a"\n  peer   = module.a.id\n}\n',
        "modules/a/main.tf": 'variable "peer" {}\n\nresource "aws_vpc" "v" {}\n\noutput "id" {\n  value = aws_vpc.v.id\n}\n',
    },
}


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_no_false_positive(name: str) -> None:
    found = problems(GUARDS[name])
    assert found == [], [str(p) for p in found]


# ------------------------------------------------------------------ the command


def test_validate_command_json_lists_problems_with_positions() -> None:
    configs = Path(__file__).resolve().parent.parent / "fixtures" / "configs"
    result = CliRunner().invoke(cli, ["validate", str(configs / "for-each-list"), "--format", "json"], env={})
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["valid"] is False
    assert [(p["rule"], p["file"], p["line"], p["col"]) for p in payload["problems"]] == [("VAL009", "main.tf", 9, 3)]

    result = CliRunner().invoke(cli, ["validate", str(configs / "nested-modules")], env={})
    assert result.exit_code == 0
    assert result.output.strip() == "Success! The configuration is valid."


def test_a_file_that_does_not_parse_does_not_make_its_declarations_undeclared() -> None:
    files = {
        "variables.tf": 'variable "name" {}\nlocals {\n  tags = {}\n}\nresource "aws_vpc" "main" {\n  cidr_block = \n',
        "main.tf": 'resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n  tags   = local.tags\n'
                   '  name   = var.name\n}\n\nmodule "app" {\n  source = "./modules/app"\n}\n',
        "modules/app/main.tf": 'output "id" {\n  value = var.missing\n}\n',
    }
    config = Configuration(MemoryTree(files))
    found = validate(config.scope, schemas=SchemaSet.empty())
    # The broken root file hides its declarations: only its syntax error is reported there...
    assert [p.rule for p in found if p.file == "main.tf"] == []
    assert config.syntax_problems() and config.syntax_problems()[0].file == "variables.tf"
    # ... while a module whose files all parse is still checked.
    assert [(p.rule, p.file) for p in found if p.file.startswith("modules/")] == [("VAL001", "modules/app/main.tf")]


def test_self_is_valid_only_in_provisioners_connections_and_postconditions() -> None:
    files = {"main.tf": (
        'resource "aws_instance" "a" {\n  user_data = "${self.id}"\n\n'
        '  provisioner "local-exec" {\n    command = "echo ${self.private_ip}"\n\n'
        '    connection {\n      host = self.public_ip\n    }\n  }\n\n'
        '  lifecycle {\n    postcondition {\n      condition     = self.ami != ""\n'
        '      error_message = "no ami"\n    }\n  }\n}\n\noutput "id" {\n  value = self.id\n}\n')}
    found = [(p.rule, p.line) for p in problems(files) if "self" in p.message]
    assert found == [("VAL003", 2), ("VAL003", 21)]


def test_a_file_function_on_a_missing_file_fails_on_disk_only(tmp_path) -> None:
    text = 'output "script" {\n  value = file("${path.module}/setup.sh")\n}\n'
    (tmp_path / "main.tf").write_text(text)
    on_disk = validate(Configuration.load(tmp_path).scope, schemas=SchemaSet.empty())
    assert [(p.rule, p.line) for p in on_disk] == [("VAL021", 2)]
    (tmp_path / "setup.sh").write_text("#!/bin/sh\n")
    assert validate(Configuration.load(tmp_path).scope, schemas=SchemaSet.empty()) == []
    # An answer held in memory shows no files beside its code: nothing to say about them.
    assert problems({"main.tf": text}) == []


def test_unknown_top_level_blocks_and_a_second_required_providers_block() -> None:
    files = {
        "main.tf": 'image_scanning_configuration {\n  scan_on_push = true\n}\n\n'
                   'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n',
        "providers.tf": 'terraform {\n  required_providers {\n    random = {\n      source = "hashicorp/random"\n'
                        '    }\n  }\n}\n\nephemeral "random_password" "db" {\n  length = 16\n}\n',
    }
    found = [(p.rule, p.file, p.line) for p in problems(files)]
    assert ("VAL017", "main.tf", 1) in found
    assert ("VAL007", "providers.tf", 2) in found
    assert not any(f == "providers.tf" and line == 9 for _, f, line in found)  # ephemeral is a known block


def test_a_module_cannot_receive_a_provider_it_configures_itself() -> None:
    files = {
        "main.tf": 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\n'
                   'module "app" {\n  source = "./app"\n  providers = {\n    aws.east = aws.west\n  }\n}\n',
        "app/main.tf": 'provider "aws" {\n  alias  = "east"\n  region = "us-east-1"\n}\n',
    }
    assert [(p.rule, p.file, p.line) for p in problems(files)] == [("VAL014", "main.tf", 9)]
    files["app/main.tf"] = ('terraform {\n  required_providers {\n    aws = {\n      source                = '
                            '"hashicorp/aws"\n      configuration_aliases = [aws.east]\n    }\n  }\n}\n')
    assert problems(files) == []


def test_provider_configurations_nothing_uses_are_not_evaluated() -> None:
    files = {"main.tf": 'provider "aws" {\n  region = var.region\n}\n\nprovider "aws" {\n  alias  = "west"\n'
                        '  region = var.west_region\n}\n\nresource "aws_sns_topic" "t" {\n  name = "t"\n}\n'}
    assert [(p.rule, p.line) for p in problems(files)] == [("VAL001", 2)]
    files["main.tf"] += '\nresource "aws_sns_topic" "w" {\n  provider = aws.west\n  name     = "w"\n}\n'
    assert [(p.rule, p.line) for p in problems(files)] == [("VAL001", 2), ("VAL001", 7)]


def test_a_missing_template_fails_even_with_unknown_variables(tmp_path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_sns_topic" "t" {\n  name = "t"\n}\n\noutput "doc" {\n'
                                      '  value = templatefile("${path.module}/doc.tpl", { arn = aws_sns_topic.t.arn })\n}\n')
    found = validate(Configuration.load(tmp_path).scope, schemas=SchemaSet.empty())
    assert [(p.rule, p.line) for p in found] == [("VAL021", 6)]


def test_provider_references_and_aliases_must_be_static_names() -> None:
    files = {"main.tf": (
        'provider "aws" {\n  alias    = "peer_${var.account}"\n  for_each = toset(["a"])\n}\n\n'
        'locals {\n  providers = {}\n}\n\n'
        'resource "aws_sns_topic" "t" {\n  provider = local.providers["a"]\n  name     = "t"\n}\n')}
    found = [(p.rule, p.line, p.message.split(":")[0]) for p in problems(files) if p.rule == "VAL014"]
    assert found == [("VAL014", 2, "Invalid provider configuration alias"),
                     ("VAL014", 3, "Reserved argument name in provider block"),
                     ("VAL014", 11, "Invalid provider configuration reference")]


def test_cycles_across_resources_and_modules() -> None:
    groups = {"main.tf": (
        'resource "aws_security_group" "app" {\n  ingress {\n    security_groups = [aws_security_group.db.id]\n'
        '  }\n}\n\nresource "aws_security_group" "db" {\n  ingress {\n    security_groups = [aws_security_group.app.id]\n'
        '  }\n}\n')}
    assert [(p.rule, p.message.split(":")[0]) for p in problems(groups)] == [("VAL015", "Cycle")]
    modules = {
        "main.tf": 'module "a" {\n  source = "./a"\n  peer   = module.b.out\n}\n\n'
                   'module "b" {\n  source = "./a"\n  peer   = module.a.out\n}\n',
        "a/main.tf": 'variable "peer" {}\n\noutput "out" {\n  value = "x-${var.peer}"\n}\n',
    }
    assert [p.rule for p in problems(modules)] == ["VAL015"]
    modules["a/main.tf"] = 'variable "peer" {}\n\nresource "aws_vpc" "v" {}\n\noutput "out" {\n  value = aws_vpc.v.id\n}\n'
    assert problems(modules) == []
