"""`check --fix`: safe fixes applied (unsafe ones only when asked), overlapping ones in later passes."""

from __future__ import annotations

import subprocess
import sys

from iacreview.check.fixes import apply_fixes
from iacreview.rules.base import Edit

SOURCE = (
    'variable "db_password" {\n  type = string\n}\n\n'
    'resource "aws_vpc" "main" {\ncidr_block = "10.0.0.0/16"\n  enable_dns_support = true\n}\n'
)
FORMATTED_VPC = 'resource "aws_vpc" "main" {\n  cidr_block         = "10.0.0.0/16"\n  enable_dns_support = true\n}\n'


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iacreview", "check", "--no-config", *args],
                          capture_output=True, text=True, timeout=120)


def test_safe_fixes_only_by_default(tmp_path):
    (tmp_path / "main.tf").write_text(SOURCE)
    run = check(str(tmp_path), "--fix", "--fail-on", "critical")
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "main.tf").read_text()
    assert text.endswith(FORMATTED_VPC)
    assert "sensitive" not in text  # SEC083's fix is marked unsafe
    assert "SEC083" in run.stdout and "FMT001" not in run.stdout


def test_unsafe_fixes_and_overlaps_resolved_in_later_passes(tmp_path):
    (tmp_path / "main.tf").write_text(SOURCE)
    run = check(str(tmp_path), "--fix", "--unsafe-fixes", "--fail-on", "critical")
    text = (tmp_path / "main.tf").read_text()
    assert text.startswith('variable "db_password" {\n  type      = string\n  sensitive = true\n}\n')
    assert text.endswith(FORMATTED_VPC)
    assert "fixed 2 findings" in run.stderr


def test_fix_never_touches_files_that_do_not_parse(tmp_path):
    (tmp_path / "bad.tf").write_text("a = [1 2]\n")
    run = check(str(tmp_path), "--fix")
    assert run.returncode == 2
    assert (tmp_path / "bad.tf").read_text() == "a = [1 2]\n"


def test_apply_fixes_keeps_each_fix_whole():
    text = "abcdefghij"
    fixes = [[Edit("f", 0, 2, "AB")], [Edit("f", 1, 3, "X")], [Edit("f", 5, 6, "F"), Edit("f", 8, 9, "I")]]
    new, applied, skipped = apply_fixes(text, fixes)
    assert (new, applied, skipped) == ("aXdeFghIj", 2, 1)  # taken from the end; [0, 2) overlaps [1, 3)
