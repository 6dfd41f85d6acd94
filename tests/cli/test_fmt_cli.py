"""`iacreview fmt` behaves as `terraform fmt` does for users: exit codes, listing, diffs, stdin, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

UGLY = 'resource "aws_vpc" "main" {\ncidr_block = "10.0.0.0/16"\n  enable_dns_support = true\n}\n'
PRETTY = 'resource "aws_vpc" "main" {\n  cidr_block         = "10.0.0.0/16"\n  enable_dns_support = true\n}\n'


def fmt(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iacreview", "fmt", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_rewrites_in_place_and_lists_changed_files(tmp_path):
    (tmp_path / "a.tf").write_text(UGLY)
    (tmp_path / "b.tf").write_text(PRETTY)
    run = fmt(cwd=tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines() == ["a.tf"]
    assert (tmp_path / "a.tf").read_text() == PRETTY


def test_check_writes_nothing_and_exits_3(tmp_path):
    (tmp_path / "a.tf").write_text(UGLY)
    run = fmt("--check", str(tmp_path))
    assert run.returncode == 3
    assert (tmp_path / "a.tf").read_text() == UGLY
    (tmp_path / "a.tf").write_text(PRETTY)
    assert fmt("--check", str(tmp_path)).returncode == 0


def test_diff_shows_unified_diff(tmp_path):
    (tmp_path / "a.tf").write_text(UGLY)
    run = fmt("--check", "--diff", "--no-list", str(tmp_path))
    assert run.returncode == 3
    assert "-cidr_block = \"10.0.0.0/16\"" in run.stdout
    assert "+  cidr_block         = \"10.0.0.0/16\"" in run.stdout


def test_stdin_to_stdout():
    run = fmt("-", stdin=UGLY)
    assert run.returncode == 0 and run.stdout == PRETTY


def test_recursive_and_file_kinds(tmp_path):
    sub = tmp_path / "modules" / "x"
    sub.mkdir(parents=True)
    (sub / "main.tf").write_text(UGLY)
    (tmp_path / "terraform.tfvars").write_text("a=1\n")
    (tmp_path / "notes.txt").write_text("a=1\n")
    assert fmt("--check", str(tmp_path)).stdout.strip().endswith("terraform.tfvars")
    run = fmt("--check", "--recursive", str(tmp_path))
    assert sorted(Path(p).name for p in run.stdout.split()) == ["main.tf", "terraform.tfvars"]


def test_syntax_error_exits_2_with_position_and_leaves_file_untouched(tmp_path):
    bad = tmp_path / "bad.tf"
    bad.write_text("a = [1 2]\n")
    (tmp_path / "good.tf").write_text(UGLY)
    run = fmt(str(tmp_path))
    assert run.returncode == 2
    assert run.stderr.strip() == f"{bad}:1:8: expected ',' or ']' in the list, found '2'"
    assert bad.read_text() == "a = [1 2]\n"
    assert (tmp_path / "good.tf").read_text() == PRETTY
    assert "Traceback" not in run.stderr


def test_missing_path_is_an_input_error(tmp_path):
    run = fmt(str(tmp_path / "nope"))
    assert run.returncode == 2 and "no such file" in run.stderr
