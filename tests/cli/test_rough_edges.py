"""Rough edges users hit (issue 15, item 8): each test runs the command as a user would and fails on the old code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iacreview", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


NAT = 'variable "enable_nat_gateway" {\n  type    = bool\n  default = false\n}\n\n' \
      'resource "aws_eip" "nat" {\n  count = var.enable_nat_gateway ? 1 : 0\n}\n'


def test_validate_of_a_binary_file_names_it_once(tmp_path: Path) -> None:
    (tmp_path / "bad" / "binary").mkdir(parents=True)
    (tmp_path / "bad" / "binary" / "main.tf").write_bytes(b'resource "a" "b" {\x00}\n')
    run = cli("validate", "bad/binary/main.tf", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("bad/binary/main.tf:1:"), run.stderr
    assert "binary/binary" not in run.stderr


def test_plan_refuses_a_value_for_an_undeclared_variable(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(NAT)
    run = cli("plan", str(tmp_path), "--var", "nonexistent=1")
    assert run.returncode == 2
    assert "nonexistent" in run.stderr and "declares no variable" in run.stderr
    assert "Plan:" not in run.stdout


@pytest.mark.parametrize("command", ["check", "validate"])
def test_check_and_validate_refuse_a_value_for_an_undeclared_variable_as_plan_does(tmp_path: Path,
                                                                                   command: str) -> None:
    (tmp_path / "main.tf").write_text(NAT)
    run = cli(command, str(tmp_path), "--var", "nonexistent=1")
    assert run.returncode == 2
    assert run.stderr.splitlines() == ["<command line>:1:1: VAL020 --var nonexistent=…: the root module declares "
                                       "no variable named 'nonexistent'"]
    assert run.stdout == ""
    assert cli(command, str(tmp_path), "--var", "enable_nat_gateway=true").returncode != 2


def test_check_of_a_repository_accepts_a_variable_one_of_its_roots_declares(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_eip" "one" {}\n')
    (tmp_path / "examples" / "nat").mkdir(parents=True)
    (tmp_path / "examples" / "nat" / "main.tf").write_text(NAT)
    assert cli("check", str(tmp_path), "--var", "enable_nat_gateway=true").returncode != 2
    refused = cli("check", str(tmp_path), "--var", "nowhere=1")
    assert refused.returncode == 2 and "'nowhere'" in refused.stderr


def test_plan_refuses_a_value_its_type_rejects_as_validate_does(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(NAT)
    plan = cli("plan", str(tmp_path), "--var", "enable_nat_gateway=maybe")
    validate = cli("validate", str(tmp_path), "--var", "enable_nat_gateway=maybe")
    assert plan.returncode == 2 and "VAL011" in plan.stderr and "Plan:" not in plan.stdout
    assert validate.returncode == 1 and "VAL011" in validate.stdout
    assert cli("plan", str(tmp_path), "--var", "enable_nat_gateway=true").stdout.strip().endswith("Plan: 1 to add.")


@pytest.mark.parametrize("option", ["--enable", "--disable"])
def test_unknown_rule_selectors_are_refused(tmp_path: Path, option: str) -> None:
    (tmp_path / "main.tf").write_text(NAT)
    run = cli("check", str(tmp_path), option, "NOPE")
    assert run.returncode == 2
    assert "'NOPE'" in run.stderr


def test_disable_takes_a_category_as_the_output_shows_it(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n')
    before = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    assert any(f["category"] == "security" for f in before["findings"])
    after = json.loads(cli("check", str(tmp_path), "--format", "json", "--disable", "security").stdout)
    assert after["findings"] and not any(f["category"] == "security" for f in after["findings"])


def test_a_long_one_line_string_is_accepted_and_quoted_short(tmp_path: Path) -> None:
    # Longer than the old 10 MiB string limit and than the old 5 MB limit of `review`.
    text = 'locals {\n  s = "' + "x" * 11_000_000 + '"\n}\n\nresource "aws_s3_bucket" "b" {\n' \
           '  bucket = substr(local.s, 0, 10)\n}\n'
    (tmp_path / "main.tf").write_text(text)
    assert cli("validate", str(tmp_path)).returncode == 0
    check = cli("check", str(tmp_path), "--fail-on", "critical")
    assert check.returncode == 0
    assert max(len(line) for line in check.stdout.splitlines()) < 2000
    review = cli("review", str(tmp_path / "main.tf"), "--format", "json")
    assert review.returncode in (0, 1), review.stderr
    data = json.loads(review.stdout)
    assert data["task"]["files"] == ["main.tf"]
    assert all(len(f["model_excerpt"]) < 2000 and len(f["message"]) < 2000 for f in data["failures"])


def test_sarif_masks_the_secret_in_its_snippets_as_in_its_message(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_db_instance" "d" {\n  password = "Sup3rS3cretPassw0rd!"\n}\n')
    run = cli("check", str(tmp_path), "--format", "sarif")
    assert "Sup3rS3cretPassw0rd!" not in run.stdout
    results = json.loads(run.stdout)["runs"][0]["results"]
    snippets = [r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text", "") for r in results]
    assert any("Sup3…" in s for s in snippets)
