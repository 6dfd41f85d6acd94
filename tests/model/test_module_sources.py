"""Modules wherever Terraform finds them: relative sources anywhere on disk, modules `terraform init`
fetched (.terraform/modules/modules.json), registry sources not fetched (unknown, not an error);
and nothing read outside what the user named plus the module sources it names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iacreview.hcl import SourceError
from iacreview.model.config import Configuration
from iacreview.model.files import DiskTree
from iacreview.model.validate import validate

ROOT_MODULE = """
variable "name" {
  type = string
}

module "logs" {
  source = "./modules/logs"
  name   = var.name
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  instance_class = "db.t3.micro"
  password       = "Sup3rS3cretPassw0rd!"
}
"""
LOGS_MODULE = 'variable "name" {\n  type = string\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = "${var.name}-logs"\n}\n'
EXAMPLE = 'module "db" {\n  source = "../../"\n  name   = "example"\n}\n'


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return write(tmp_path / "repo", {
        "main.tf": ROOT_MODULE,
        "modules/logs/main.tf": LOGS_MODULE,
        "examples/complete/main.tf": EXAMPLE,
        "unrelated/main.tf": 'resource "aws_eip" "not_named" {}\n',
    })


def test_an_example_plans_the_module_it_calls_with_a_relative_source_outside_it(repo: Path) -> None:
    config = Configuration.load(repo / "examples" / "complete")
    assert validate(config.scope) == []
    assert sorted(i.address for i in config.plan().instances) == [
        "module.db.aws_db_instance.this",
        "module.db.module.logs.aws_s3_bucket.b",
    ]
    assert config.plan().complete


def test_check_of_an_example_reports_the_module_code_under_its_own_path(repo: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "iacreview", "check", "examples/complete", "--format", "json"],
                         capture_output=True, text=True, cwd=repo, timeout=120)
    findings = json.loads(run.stdout)["findings"]
    secret = [f for f in findings if f["rule"] == "SEC082"]
    assert [(f["file"], f["line"]) for f in secret] == [("main.tf", 14)]
    assert not any("unrelated" in f["file"] or "not_named" in f["message"] for f in findings)


def test_nothing_outside_but_the_named_module_directories_is_read(repo: Path) -> None:
    tree = DiskTree(repo / "examples" / "complete")
    with pytest.raises(SourceError):
        tree.read("../../main.tf")  # not named yet
    assert tree.admit_module_dir("../..")
    assert "module" in tree.read("../../main.tf") or "resource" in tree.read("../../main.tf")
    for name in ("../../unrelated/main.tf", "../../modules/logs/main.tf", "../other.tf", "/etc/passwd"):
        with pytest.raises(SourceError):
            tree.read(name)
    assert tree.list_dir("../../unrelated") == []
    assert not tree.admit_module_dir("../../missing")


def test_a_cycle_of_relative_sources_outside_the_root_is_cut(tmp_path: Path) -> None:
    write(tmp_path, {
        "a/main.tf": 'module "b" {\n  source = "../b"\n}\n\nresource "aws_eip" "a" {}\n',
        "b/main.tf": 'module "a" {\n  source = "../a"\n}\n\nresource "aws_eip" "b" {}\n',
    })
    config = Configuration.load(tmp_path / "a")
    assert sorted(i.address for i in config.plan().instances) == ["aws_eip.a", "module.b.aws_eip.b"]
    assert any("cycle" in note for m in config.modules() for note in m.notes)


FETCHED = {
    "main.tf": 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n  azs     = ["a", "b"]\n}\n\n'
               'resource "aws_eip" "x" {\n  for_each = toset(module.vpc.subnet_names)\n}\n',
    ".terraform/modules/vpc/main.tf": 'variable "azs" {\n  type = list(string)\n}\n\n'
                                      'resource "aws_subnet" "s" {\n  count  = length(var.azs)\n  vpc_id = "vpc-0123"\n}\n\n'
                                      'module "inner" {\n  source = "./modules/inner"\n}\n\n'
                                      'output "subnet_names" {\n  value = [for a in var.azs : "subnet-${a}"]\n}\n',
    ".terraform/modules/vpc/modules/inner/main.tf": 'resource "aws_vpc" "v" {}\n',
    ".terraform/modules/modules.json": json.dumps({"Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {"Key": "vpc", "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws", "Version": "5.0.0",
         "Dir": ".terraform/modules/vpc"},
        {"Key": "vpc.inner", "Source": "./modules/inner", "Dir": ".terraform/modules/vpc/modules/inner"},
    ]}),
}


def test_modules_fetched_by_terraform_init_are_read(tmp_path: Path) -> None:
    config = Configuration.load(write(tmp_path, FETCHED))
    assert validate(config.scope) == []
    assert sorted(i.address for i in config.plan().instances) == [
        'aws_eip.x["subnet-a"]', 'aws_eip.x["subnet-b"]',
        "module.vpc.aws_subnet.s[0]", "module.vpc.aws_subnet.s[1]", "module.vpc.module.inner.aws_vpc.v",
    ]


def test_a_registry_module_not_fetched_is_unknown_not_an_error(tmp_path: Path) -> None:
    files = dict(FETCHED)
    del files[".terraform/modules/modules.json"]
    config = Configuration.load(write(tmp_path, files))
    assert validate(config.scope) == []
    plan = config.plan()
    assert plan.instances == []
    assert {u.address for u in plan.undetermined} == {"aws_eip.x", "module.vpc"}
    assert any("terraform init" in note for note in config.root.notes)


def test_a_modules_json_pointing_outside_the_tree_is_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", {"main.tf": 'resource "aws_eip" "leak" {}\n'})
    files = {"main.tf": FETCHED["main.tf"],
             ".terraform/modules/modules.json": json.dumps({"Modules": [{"Key": "vpc", "Dir": str(outside)},
                                                                       {"Key": "x", "Dir": "../outside"}]})}
    config = Configuration.load(write(tmp_path / "root", files))
    assert config.plan().instances == []
