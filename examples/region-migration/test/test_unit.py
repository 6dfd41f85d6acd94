"""Static checks of the region-migration stack.

The checks read the Terraform files as text, so they need neither provider
plugins nor AWS credentials and run in any CI job. What only a real plan can
show (the resource count, provider-side validation) is covered by
plan_check.sh. Set TF_LIB_DIR to check a copy of the code somewhere else.
"""

from __future__ import annotations

import csv
import ipaddress
import os
import re
from pathlib import Path

import pytest

LIB_DIR = Path(os.environ.get("TF_LIB_DIR", Path(__file__).resolve().parent.parent / "lib"))
CODE_FILES = ("provider.tf", "variables.tf", "main.tf", "outputs.tf")
DOC_FILES = ("state-migration.md", "runbook.md", "id-mapping.csv")
WORKSPACES = {"us-west-1": "env/us-west-1.tfvars", "us-west-2": "env/us-west-2.tfvars"}
REGION_LITERAL = re.compile(r"\b[a-z]{2}-(?:[a-z]+-)+\d\b")
NAME_ATTRIBUTES = ("name", "name_prefix", "bucket", "identifier", "identifier_prefix")


def read(name: str) -> str:
    return (LIB_DIR / name).read_text(encoding="utf-8")


def top_level_blocks(text: str) -> list[tuple[str, str]]:
    """(header, body) of each top-level block of a file laid out by terraform fmt."""
    blocks: list[tuple[str, str]] = []
    header: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        if header is None:
            if re.fullmatch(r'[a-z_]+(?: "[^"]*")* \{', line):
                header, body = line[:-2], []
        elif line == "}":
            blocks.append((header, "\n".join(body)))
            header = None
        else:
            body.append(line)
    return blocks


def block(file: str, header: str) -> str:
    for found, body in top_level_blocks(read(file)):
        if found == header:
            return body
    raise AssertionError(f"{file} has no block {header}")


def blocks_of_kind(file: str, kind: str) -> dict[str, str]:
    """Bodies of every `kind "..." ... {` block of a file, keyed by header."""
    return {h: b for h, b in top_level_blocks(read(file)) if h.startswith(f"{kind} ")}


def nested(body: str, name: str) -> list[str]:
    """Bodies of the nested blocks called `name` directly inside a block body."""
    found: list[str] = []
    current: list[str] | None = None
    for line in body.splitlines():
        if current is None:
            if line == f"  {name} {{":
                current = []
        elif line == "  }":
            found.append("\n".join(current))
            current = None
        else:
            current.append(line)
    return found


def attribute(body: str, name: str) -> str | None:
    """Value text of a top-level attribute of a block body (two-space indent)."""
    match = re.search(rf"^  {name}\s*=\s*(.+)$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


# --- files ------------------------------------------------------------------


@pytest.mark.parametrize("name", CODE_FILES + DOC_FILES + tuple(WORKSPACES.values()))
def test_file_is_present_and_not_empty(name: str) -> None:
    assert (LIB_DIR / name).is_file(), name
    assert read(name).strip(), name


# --- provider ---------------------------------------------------------------


def test_terraform_and_provider_versions_are_pinned() -> None:
    terraform = block("provider.tf", "terraform")
    assert attribute(terraform, "required_version") == '">= 1.5.0"'
    assert re.search(r'source\s*=\s*"hashicorp/aws"', terraform)
    assert re.search(r'version\s*=\s*"~> 5\.\d+"', terraform)


def test_provider_region_comes_from_a_variable() -> None:
    assert attribute(block("provider.tf", 'provider "aws"'), "region") == "var.aws_region"


def test_provider_sets_the_default_tags() -> None:
    provider = block("provider.tf", 'provider "aws"')
    for key in ("Environment", "ManagedBy", "Project", "EnvironmentSuffix"):
        assert re.search(rf"^\s+{key}\s*=", provider, re.MULTILINE), key
    assert re.search(r"EnvironmentSuffix\s*=\s*var\.environment_suffix", provider)


def test_region_is_written_only_as_the_variable_default() -> None:
    for name in CODE_FILES:
        for header, body in top_level_blocks(read(name)):
            for line in body.splitlines():
                if REGION_LITERAL.search(line):
                    assert (name, header) == ("variables.tf", 'variable "aws_region"'), line
                    assert re.match(r"\s*default\s*=", line), line


# --- variables and outputs ---------------------------------------------------


def test_every_variable_has_a_type_and_a_description() -> None:
    variables = blocks_of_kind("variables.tf", "variable")
    assert variables
    for header, body in variables.items():
        assert attribute(body, "type"), header
        assert attribute(body, "description"), header


def test_database_password_is_sensitive_and_has_no_default() -> None:
    password = block("variables.tf", 'variable "db_password"')
    assert attribute(password, "sensitive") == "true"
    assert attribute(password, "default") is None


def test_every_output_has_a_description() -> None:
    for header, body in blocks_of_kind("outputs.tf", "output").items():
        assert attribute(body, "description"), header


def test_outputs_that_carry_credentials_are_sensitive() -> None:
    for header, body in blocks_of_kind("outputs.tf", "output").items():
        value = attribute(body, "value") or ""
        if re.search(r"\.(username|password)\b", value):
            assert attribute(body, "sensitive") == "true", header


def test_id_mapping_output_covers_every_resource_type_of_the_csv() -> None:
    id_mapping = block("outputs.tf", 'output "id_mapping"')
    with (LIB_DIR / "id-mapping.csv").open(newline="", encoding="utf-8") as handle:
        types = {row["resource_type"] for row in csv.DictReader(handle)}
    for resource_type in types:
        assert f"{resource_type}." in id_mapping, resource_type


# --- naming ------------------------------------------------------------------


def test_name_prefix_is_built_from_the_environment_suffix() -> None:
    locals_body = block("main.tf", "locals")
    assert "var.environment_suffix" in (attribute(locals_body, "name_prefix") or "")
    assert "local.name_prefix" in (attribute(locals_body, "regional_prefix") or "")


def test_resource_names_include_the_environment_suffix() -> None:
    suffix_sources = ("${local.name_prefix}", "${local.regional_prefix}", "${var.environment_suffix}")
    checked = 0
    for header, body in blocks_of_kind("main.tf", "resource").items():
        for name in NAME_ATTRIBUTES:
            value = attribute(body, name)
            if value and value.startswith('"'):
                checked += 1
                assert any(source in value for source in suffix_sources), f"{header} {name}"
    assert checked >= 8


# --- network -----------------------------------------------------------------


def test_two_availability_zones_come_from_the_data_source() -> None:
    main = read("main.tf")
    locals_body = block("main.tf", "locals")
    assert attribute(locals_body, "az_count") == "2"
    assert "data.aws_availability_zones.available.names" in (attribute(locals_body, "az_names") or "")
    for tier in ("public", "private"):
        subnet = block("main.tf", f'resource "aws_subnet" "{tier}"')
        assert attribute(subnet, "count") == "local.az_count"
        assert attribute(subnet, "availability_zone") == "local.az_names[count.index]"
    assert not re.search(r'"[a-z]{2}-(?:[a-z]+-)+\d[a-z]"', main), "hardcoded availability zone"


def test_nat_gateway_and_its_address_are_optional() -> None:
    for header in ('resource "aws_eip" "nat"', 'resource "aws_nat_gateway" "main"'):
        assert attribute(block("main.tf", header), "count") == "var.enable_nat_gateway ? 1 : 0", header


def test_no_ingress_is_open_to_the_world() -> None:
    for header, body in blocks_of_kind("main.tf", 'resource "aws_security_group"').items():
        for rule in nested(body, "ingress"):
            assert "0.0.0.0/0" not in rule and "::/0" not in rule, header


def test_every_security_group_rule_is_described() -> None:
    groups = blocks_of_kind("main.tf", 'resource "aws_security_group"')
    assert len(groups) >= 2, "one security group per tier"
    for header, body in groups.items():
        assert attribute(body, "description"), header
        for rule in nested(body, "ingress") + nested(body, "egress"):
            assert re.search(r"description\s*=", rule), header


# --- compute, database, storage, IAM -----------------------------------------


def test_instances_use_imdsv2_an_encrypted_root_volume_and_a_looked_up_ami() -> None:
    instance = block("main.tf", 'resource "aws_instance" "app"')
    assert attribute(instance, "ami") == "data.aws_ami.app.id"
    assert re.search(r'http_tokens\s*=\s*"required"', instance)
    (root,) = nested(instance, "root_block_device")
    assert re.search(r"encrypted\s*=\s*true", root)
    for name in CODE_FILES:
        assert not re.search(r"\bami-[0-9a-f]{8,}\b", read(name)), name


def test_database_is_private_encrypted_and_destroyable() -> None:
    database = block("main.tf", 'resource "aws_db_instance" "main"')
    expected = {
        "engine": '"postgres"',
        "storage_encrypted": "true",
        "publicly_accessible": "false",
        "deletion_protection": "false",
        "skip_final_snapshot": "true",
        "password": "var.db_password",
    }
    for name, value in expected.items():
        assert attribute(database, name) == value, name


def test_bucket_is_versioned_encrypted_private_and_destroyable() -> None:
    assert attribute(block("main.tf", 'resource "aws_s3_bucket" "app_data"'), "force_destroy") == "true"
    versioning = block("main.tf", 'resource "aws_s3_bucket_versioning" "app_data"')
    assert re.search(r'status\s*=\s*"Enabled"', versioning)
    encryption = block("main.tf", 'resource "aws_s3_bucket_server_side_encryption_configuration" "app_data"')
    assert re.search(r'sse_algorithm\s*=\s*"aws:kms"', encryption)
    public_access = block("main.tf", 'resource "aws_s3_bucket_public_access_block" "app_data"')
    for name in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        assert attribute(public_access, name) == "true", name


def test_iam_policies_name_actions_and_resources_explicitly() -> None:
    for header, body in blocks_of_kind("main.tf", 'data "aws_iam_policy_document"').items():
        for statement in nested(body, "statement"):
            for key in ("actions", "resources"):
                match = re.search(rf"{key}\s*=\s*\[(.*)\]", statement)
                if match:
                    items = [item.strip() for item in match.group(1).split(",")]
                    assert '"*"' not in items, f"{header} {key}"
                    assert not any(re.fullmatch(r'"[a-z0-9-]+:\*"', item) for item in items), f"{header} {key}"


# --- workspaces and documents -------------------------------------------------


def test_each_workspace_file_targets_its_region_with_its_own_cidr() -> None:
    networks = []
    for region, path in WORKSPACES.items():
        text = read(path)
        assert re.search(rf'^aws_region\s*=\s*"{region}"$', text, re.MULTILINE), path
        cidr = re.search(r'^vpc_cidr\s*=\s*"([^"]+)"$', text, re.MULTILINE)
        assert cidr, path
        networks.append(ipaddress.ip_network(cidr.group(1)))
    assert not networks[0].overlaps(networks[1])


def test_state_migration_plan_covers_both_workspaces_and_the_state_commands() -> None:
    plan = read("state-migration.md")
    for needed in ("terraform state pull", "workspace new -state=", "terraform workspace new us-west-2",
                   "terraform state mv", "terraform import", "terraform output -json id_mapping"):
        assert needed in plan, needed


def test_runbook_has_a_timeline_go_no_go_points_and_a_rollback() -> None:
    runbook = read("runbook.md")
    for heading in ("## Timeline", "## Go/no-go criteria", "## Rollback"):
        assert re.search(rf"^{re.escape(heading)}$", runbook, re.MULTILINE), heading


def test_id_mapping_has_one_complete_row_per_address() -> None:
    with (LIB_DIR / "id-mapping.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["terraform_address", "resource_type", "source_region", "source_id",
                                     "target_region", "target_id", "notes"]
        rows = list(reader)
    addresses = [row["terraform_address"] for row in rows]
    assert len(addresses) == len(set(addresses)) == 26
    for row in rows:
        assert row["terraform_address"].startswith(row["resource_type"] + "."), row
        assert (row["source_region"], row["target_region"]) == ("us-west-1", "us-west-2"), row
        assert row["source_id"] and row["target_id"], row
