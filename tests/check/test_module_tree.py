"""`check` over a whole module repository: every directory with Terraform files, each checked as a root
module or through the examples that call it; `check FILE` with its siblings; output grouped by module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = """variable "name" {
  type        = string
  description = "Name."
}

resource "aws_db_instance" "this" {
  identifier = var.name
  password   = "Sup3rS3cretPassw0rd!"
}
"""
EXAMPLE = 'module "db" {\n  source = "../../"\n  name   = "{name}"\n}\n'
BLUE_GREEN = EXAMPLE.replace("{name}", "bg") + '\nresource "aws_db_instance" "green" {\n  password = "Gr33nPassw0rd!!"\n}\n'


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    files = {
        "main.tf": ROOT,
        "examples/complete/main.tf": EXAMPLE.replace("{name}", "complete"),
        "examples/blue-green/main.tf": BLUE_GREEN,
        "modules/unused/main.tf": 'resource "aws_db_instance" "u" {\n  password = "Unus3dPassw0rd!!"\n}\n',
        ".terraform/modules/x/main.tf": 'resource "aws_db_instance" "hidden" {\n  password = "H1ddenPassw0rd!!"\n}\n',
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iacreview", "check", *args], capture_output=True, text=True,
                          cwd=repo, timeout=120)


def secrets(run: subprocess.CompletedProcess[str]) -> list[tuple[str, int]]:
    findings = json.loads(run.stdout)["findings"]
    return sorted((os.path.normpath(f["file"]), f["line"]) for f in findings if f["rule"] == "SEC082")


def test_check_of_a_repository_covers_its_examples_and_reports_each_place_once(repo: Path) -> None:
    run = check(repo, ".", "--format", "json")
    assert run.returncode == 1
    assert secrets(run) == [("examples/blue-green/main.tf", 7), ("main.tf", 8), ("modules/unused/main.tf", 2)]


def test_no_recursive_checks_the_named_directory_only(repo: Path) -> None:
    assert secrets(check(repo, ".", "--no-recursive", "--format", "json")) == [("main.tf", 8)]
    assert secrets(check(repo, "examples/complete", "--no-recursive", "--format", "json")) == [("main.tf", 8)]


def test_check_file_loads_its_directory_and_reports_that_file_only(repo: Path) -> None:
    (repo / "modules" / "split").mkdir()
    (repo / "modules" / "split" / "variables.tf").write_text('variable "pw" {\n  type = string\n}\n')
    (repo / "modules" / "split" / "main.tf").write_text(
        'resource "aws_db_instance" "d" {\n  password = var.pw\n}\n\noutput "x" {\n  value = "Spl1tPassw0rd!!"\n}\n')
    run = check(repo, "modules/split/main.tf", "--format", "json")
    findings = json.loads(run.stdout)["findings"]
    assert findings and {f["file"] for f in findings} == {"modules/split/main.tf"}
    assert not any(f["rule"] == "VAL001" for f in findings)  # var.pw is declared by the sibling file


def test_text_output_is_grouped_by_module_directory(repo: Path) -> None:
    out = check(repo, ".").stdout
    headers = [line for line in out.splitlines() if line.startswith("module ")]
    assert headers == ["module examples/blue-green", "module modules/unused"]
    assert out.index("module examples/blue-green") < out.index("examples/blue-green/main.tf") < \
        out.index("module modules/unused")


def test_roots_are_found_from_module_sources_alone(tmp_path):
    from iacreview.check.discover import module_dirs, root_modules

    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "net" / "main.tf").write_text('variable "cidr" {}\n')
    (tmp_path / "examples" / "basic").mkdir(parents=True)
    (tmp_path / "examples" / "basic" / "main.tf").write_text('module "net" {\n  source = "../../modules/net"\n  cidr = "x"\n}\n')
    (tmp_path / "self").mkdir()
    (tmp_path / "self" / "main.tf").write_text('module "again" {\n  source = "./"\n}\n')
    roots = {os.path.relpath(d, tmp_path) for d in root_modules(module_dirs(str(tmp_path)))}
    assert roots == {os.path.join("examples", "basic"), "self"}
