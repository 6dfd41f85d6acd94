"""The other commands as users call them: plan, validate, check, rules, extract, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "region-migration"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iacreview", *args], capture_output=True, text=True, timeout=120)


def test_version_and_help_list_the_commands():
    assert cli("--version").stdout.strip() == "iacreview, version 0.1.0"
    help_text = cli("--help").stdout
    for command in ("check", "compare", "extract", "fmt", "hcl2json", "plan", "review", "rules", "validate"):
        assert command in help_text


def test_plan_of_the_example():
    run = cli("plan", str(EXAMPLE / "lib"))
    assert run.returncode == 0
    assert run.stdout.strip().endswith("Plan: 26 to add.")
    payload = json.loads(cli("plan", str(EXAMPLE / "lib"), "--format", "json").stdout)
    assert payload["resources"] == 26
    lines = [line.strip()[2:] for line in run.stdout.splitlines() if line.startswith("  + ")]
    assert lines == payload["instances"] == sorted(lines)
    assert cli("plan", str(EXAMPLE / "lib"), "--var", "enable_nat_gateway=false").stdout.strip().endswith(
        "Plan: 24 to add.")


def test_validate_success_and_failure(tmp_path):
    run = cli("validate", str(EXAMPLE / "lib"))
    assert run.returncode == 0 and "Success" in run.stdout
    (tmp_path / "main.tf").write_text('output "x" {\n  value = var.missing\n}\n')
    run = cli("validate", str(tmp_path))
    assert run.returncode == 1
    assert f"{tmp_path / 'main.tf'}:2:11: VAL001" in run.stdout


def test_check_exit_codes(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_db_instance" "db" {\n  instance_class      = "db.t3.micro"\n'
                                      '  publicly_accessible = true\n}\n')
    run = cli("check", str(tmp_path))
    assert run.returncode == 1 and "SEC100" in run.stdout
    assert cli("check", str(tmp_path), "--disable", "SEC100", "--fail-on", "critical").returncode == 0
    (tmp_path / "bad.tf").write_text("a = \n")
    run = cli("check", str(tmp_path), "--format", "json")
    assert run.returncode == 2
    assert any(f["rule"] == "SYN001" for f in json.loads(run.stdout)["findings"])


def test_rules_listing_and_one_rule():
    run = cli("rules", "--format", "json")
    rules = json.loads(run.stdout)
    assert len(rules) >= 100
    assert {r["id"] for r in rules} >= {"FMT001", "SEC002", "OPS020", "VAL001"}
    assert "Why is this bad?" in cli("rules", "OPS020", "--format", "markdown").stdout
    assert cli("rules", "NOPE999").returncode == 2


def test_extract_writes_the_answer_files_and_refuses_to_overwrite(tmp_path):
    run = cli("extract", str(EXAMPLE), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "main.tf").is_file() and (tmp_path / "out" / "runbook.md").is_file()
    again = cli("extract", str(EXAMPLE), "--out", str(tmp_path / "out"))
    assert again.returncode == 2 and "Traceback" not in again.stderr


def test_compare_matches_the_examples_own_review():
    payload = json.loads(cli("compare", str(EXAMPLE), "--format", "json").stdout)
    assert payload["counts"] == {"ours": 2, "theirs": 2, "matched": 2, "matched_fixes": 0}


def test_check_in_worker_processes_gives_the_same_report(tmp_path):
    for name, body in (("a", 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'),
                       ("b", 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'),
                       ("c", "a = \n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(body)
    paths = [str(tmp_path / n) for n in ("a", "b", "c")]
    one = cli("check", "--no-config", "--format", "json", "-j", "1", *paths)
    two = cli("check", "--no-config", "--format", "json", "-j", "2", *paths)
    assert one.returncode == two.returncode == 2
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert {f["rule"] for f in json.loads(two.stdout)["findings"]} >= {"SEC100", "SEC001", "SYN001"}


def test_var_and_var_file_apply_in_command_line_order(tmp_path):
    (tmp_path / "main.tf").write_text(
        'variable "x" {\n  default = "d"\n}\n\nresource "null_resource" "r" {\n  count = var.x == "file" ? 1 : 2\n}\n'
    )
    (tmp_path / "a.tfvars").write_text('x = "file"\n')
    later_file = cli("plan", str(tmp_path), "--var", "x=cli", "--var-file", str(tmp_path / "a.tfvars"))
    later_var = cli("plan", str(tmp_path), f"--var-file={tmp_path / 'a.tfvars'}", "--var=x=cli")
    assert later_file.stdout.strip().endswith("Plan: 1 to add.")
    assert later_var.stdout.strip().endswith("Plan: 2 to add.")


def test_plan_names_the_variable_a_count_waits_for(tmp_path):
    (tmp_path / "main.tf").write_text('variable "n" {\n  type = number\n}\n\nresource "null_resource" "r" {\n  count = var.n\n}\n')
    run = cli("plan", str(tmp_path))
    assert "depends on var.n, which has no value" in run.stdout
    assert cli("plan", str(tmp_path), "--var", "n=3").stdout.strip().endswith("Plan: 3 to add.")


def test_check_survives_expressions_nested_or_chained_thousands_deep(tmp_path):
    # Generated code can hold a 5,000-term sum (a left-deep tree) or 100,000 chained splats: every rule
    # must run to the end (no "rule … failed" line), and nesting past the limit is a syntax error.
    (tmp_path / "sum").mkdir()
    (tmp_path / "sum" / "main.tf").write_text(
        "locals {\n  a = " + " + ".join(["1"] * 5000) + '\n}\n\noutput "o" {\n  value = local.a\n}\n')
    run = cli("check", str(tmp_path / "sum"))
    assert "failed" not in run.stderr and "Traceback" not in run.stderr, run.stderr[-500:]
    (tmp_path / "splat").mkdir()
    (tmp_path / "splat" / "main.tf").write_text("locals {\n  a = x" + "[*]" * 100_000 + "\n}\n")
    run = cli("check", str(tmp_path / "splat"))
    assert run.returncode == 2 and "nesting deeper than 400 levels" in run.stdout + run.stderr
