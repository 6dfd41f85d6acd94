"""`plan --format terraform-json`: our offline plan in the documented shape of `terraform show -json`.

The schema below transcribes the parts of Terraform's JSON output format that
policy tools read (https://developer.hashicorp.com/terraform/internals/json-format):
`planned_values` with nested `child_modules`, and `resource_changes`. Where
terraform runs offline, the same configuration's real `terraform show -json`
must list the same instances with the same known values.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import terraform_cli
from click.testing import CliRunner

from iacreview.cli.main import cli

_VALUES = {"type": "object"}
_RESOURCE = {
    "type": "object",
    "required": ["address", "mode", "type", "name", "provider_name", "schema_version", "values", "sensitive_values"],
    "properties": {
        "address": {"type": "string"}, "mode": {"enum": ["managed", "data"]}, "type": {"type": "string"},
        "name": {"type": "string"}, "index": {"type": ["integer", "string"]}, "provider_name": {"type": "string"},
        "schema_version": {"type": "integer"}, "values": _VALUES, "sensitive_values": _VALUES,
    },
}
_MODULE = {
    "type": "object",
    "properties": {
        "address": {"type": "string"},
        "resources": {"type": "array", "items": _RESOURCE},
        "child_modules": {"type": "array", "items": {"$ref": "#/definitions/module"}},
    },
}
SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {"module": _MODULE},
    "type": "object",
    "required": ["format_version", "terraform_version", "planned_values", "resource_changes"],
    "properties": {
        "format_version": {"type": "string", "pattern": r"^1\.\d+$"},
        "planned_values": {"type": "object", "required": ["root_module"],
                           "properties": {"root_module": {"$ref": "#/definitions/module"}}},
        "resource_changes": {"type": "array", "items": {
            "type": "object",
            "required": ["address", "mode", "type", "name", "provider_name", "change"],
            "properties": {
                "module_address": {"type": "string"},
                "change": {
                    "type": "object",
                    "required": ["actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive"],
                    "properties": {"actions": {"type": "array", "items": {"enum": ["no-op", "create", "read", "update",
                                                                                   "delete"]}},
                                   "after": _VALUES, "after_unknown": _VALUES},
                },
            },
        }},
    },
}

CONFIG = {
    "main.tf": """
variable "db_password" {
  type      = string
  sensitive = true
  default   = "not-a-real-one-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-example"
  tags   = { Team = "platform" }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_ssm_parameter" "pw" {
  name  = "/app/db"
  type  = "SecureString"
  value = var.db_password
}

module "net" {
  source   = "./net"
  for_each = toset(["blue", "green"])
  name     = each.key
}
""",
    "net/main.tf": """
variable "name" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = var.name }
}

resource "aws_subnet" "this" {
  count      = 2
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
""",
}


def write(root: Path, provider: bool = False) -> Path:
    for rel, text in CONFIG.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text + (terraform_cli.PROVIDER if provider and rel == "main.tf" else ""))
    return root


def ours(root: Path) -> dict:
    result = CliRunner().invoke(cli, ["plan", str(root), "--format", "terraform-json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_terraform_json_has_the_documented_shape(tmp_path: Path) -> None:
    data = ours(write(tmp_path))
    jsonschema.validate(data, SCHEMA)
    changes = {c["address"]: c for c in data["resource_changes"]}
    assert len(changes) == 3 + 2 * 3
    root = data["planned_values"]["root_module"]
    assert [m["address"] for m in root["child_modules"]] == ['module.net["blue"]', 'module.net["green"]']
    subnet = changes['module.net["blue"].aws_subnet.this[1]']
    assert subnet["module_address"] == 'module.net["blue"]' and subnet["index"] == 1
    assert subnet["change"]["after"] == {"cidr_block": "10.0.1.0/24"}
    unknown = subnet["change"]["after_unknown"]
    assert unknown["vpc_id"] is True  # known after apply: absent from after, marked
    assert unknown["id"] is True and unknown["arn"] is True  # computed by the provider (its schema says so)
    assert "cidr_block" not in unknown and "map_public_ip_on_launch" not in unknown  # set; optional, not computed
    versioning = changes["aws_s3_bucket_versioning.logs"]["change"]
    assert versioning["after"]["versioning_configuration"] == [{"status": "Enabled"}]
    assert versioning["after_unknown"]["bucket"] is True and versioning["after_unknown"]["id"] is True
    pw = changes["aws_ssm_parameter.pw"]["change"]
    assert pw["after_sensitive"] == {"value": True}


@pytest.mark.slow
@pytest.mark.skipif(terraform_cli.unavailable() is not None, reason=str(terraform_cli.unavailable()))
def test_terraform_json_agrees_with_terraform_show_json(tmp_path: Path) -> None:
    root = write(tmp_path / "config", provider=True)
    terraform_cli.init(root, tmp_path)
    shown = terraform_cli.show_plan(root, tmp_path)
    assert shown is not None
    data = ours(root)
    theirs = {c["address"]: c for c in shown["resource_changes"]}
    mine = {c["address"]: c for c in data["resource_changes"]}
    assert sorted(mine) == sorted(theirs)
    for address, change in mine.items():
        real = theirs[address]
        assert change.get("module_address") == real.get("module_address")
        assert change["provider_name"] == real["provider_name"] and change.get("index") == real.get("index")
        for name, value in change["change"]["after"].items():
            assert real["change"]["after"][name] == value, (address, name)
        for name, flag in change["change"]["after_unknown"].items():
            assert real["change"]["after_unknown"].get(name) == flag, (address, name)
        for name in change["change"]["after_sensitive"]:
            assert real["change"]["after_sensitive"].get(name), (address, name)

    def modules(node: dict) -> list[str]:
        return [m["address"] for m in node.get("child_modules", [])] + [
            a for m in node.get("child_modules", []) for a in modules(m)]

    assert modules(data["planned_values"]["root_module"]) == modules(shown["planned_values"]["root_module"])
