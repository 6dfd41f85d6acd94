"""Terraform's semantics where a careless evaluator differs: each case is a repro from real modules.

Every case here is a configuration Terraform accepts; the test asserts what a
user sees from `validate` (no problem) and `plan` (the instances Terraform plans).
"""

from __future__ import annotations

from iacreview.model.config import Configuration
from iacreview.model.files import MemoryTree
from iacreview.model.validate import validate


def _load(files: dict[str, str], var_args: tuple[str, ...] = ()) -> Configuration:
    config = Configuration(MemoryTree(files), var_args=var_args, environ={})
    assert config.parsed, config.syntax_problems()
    return config


def _rules(config: Configuration) -> list[str]:
    return [p.rule for p in validate(config.scope)]


def _addresses(config: Configuration) -> list[str]:
    return sorted(i.address for i in config.plan().instances)


NULLABLE_FALSE = {
    "main.tf": 'module "m" {\n  source = "./mod"\n  ips    = null\n}\n',
    "mod/main.tf": (
        'variable "ips" {\n  type     = list(string)\n  default  = ["10.0.0.1", "10.0.0.2"]\n  nullable = false\n}\n'
        'resource "aws_eip" "this" {\n  count = length(var.ips)\n}\n'
        'output "n" {\n  value = length(var.ips)\n}\n'
    ),
}


def test_nullable_false_substitutes_the_default_for_a_null_argument() -> None:
    config = _load(NULLABLE_FALSE)
    assert _rules(config) == []
    assert _addresses(config) == ["module.m.aws_eip.this[0]", "module.m.aws_eip.this[1]"]


def test_nullable_false_substitutes_the_default_for_a_null_root_value() -> None:
    files = {"main.tf": NULLABLE_FALSE["mod/main.tf"]}
    config = _load(files, var_args=("ips=null",))
    assert _rules(config) == []
    assert _addresses(config) == ["aws_eip.this[0]", "aws_eip.this[1]"]


def test_a_nullable_variable_keeps_the_null() -> None:
    files = {
        "main.tf": 'module "m" {\n  source = "./mod"\n  ips    = null\n}\n',
        "mod/main.tf": 'variable "ips" {\n  type    = list(string)\n  default = []\n}\n'
        'resource "aws_eip" "this" {\n  count = var.ips == null ? 3 : 0\n}\n',
    }
    assert len(_addresses(_load(files))) == 3


REGISTRY_OUTPUT = (
    'variable "on" {\n  type    = bool\n  default = false\n}\n'
    'module "am" {\n  source  = "terraform-aws-modules/foo/aws"\n  version = "1.0.0"\n}\n'
    'resource "aws_eip" "x" {\n  for_each = var.on ? toset(module.am.outputs.ids) : []\n}\n'
    'resource "aws_eip" "y" {\n  for_each = var.on ? toset(module.am.ids) : []\n}\n'
)


def test_outputs_of_a_module_not_fetched_are_unknown_not_a_tuple() -> None:
    config = _load({"main.tf": REGISTRY_OUTPUT})
    assert _rules(config) == []
    assert _addresses(config) == []  # var.on is false: both for_each are empty sets
    undetermined = [u.address for u in config.plan().undetermined]
    assert "aws_eip.x" not in undetermined and "aws_eip.y" not in undetermined


def test_outputs_of_a_module_not_fetched_leave_the_expansion_unknown_when_used() -> None:
    config = _load({"main.tf": REGISTRY_OUTPUT}, var_args=("on=true",))
    assert _rules(config) == []
    undetermined = {u.address for u in config.plan().undetermined}
    assert {"aws_eip.x", "aws_eip.y"} <= undetermined


MERGE_UNKNOWN_VALUES = """
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}

locals {
  m1 = {
    a = aws_iam_role.r.arn
    b = aws_iam_role.r.arn
  }
  m2 = {
    c = aws_iam_role.r.name
  }
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each   = merge(local.m1)
  role       = aws_iam_role.r.name
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "two" {
  for_each   = merge(local.m1, local.m2, { a = "x" })
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
"""


def test_merge_of_maps_with_unknown_values_keeps_the_known_keys() -> None:
    config = _load({"main.tf": MERGE_UNKNOWN_VALUES})
    assert _rules(config) == []
    assert _addresses(config) == [
        "aws_iam_role.r",
        'aws_iam_role_policy_attachment.this["a"]',
        'aws_iam_role_policy_attachment.this["b"]',
        'aws_iam_role_policy_attachment.two["a"]',
        'aws_iam_role_policy_attachment.two["b"]',
        'aws_iam_role_policy_attachment.two["c"]',
    ]
    assert config.plan().complete


def test_merge_of_an_unknown_map_is_unknown() -> None:
    files = {
        "main.tf": 'variable "m" {\n  type = map(string)\n}\n'
        'resource "aws_eip" "x" {\n  for_each = merge(var.m, { a = "b" })\n}\n'
    }
    config = _load(files)
    assert [u.address for u in config.plan().undetermined] == ["aws_eip.x"]
