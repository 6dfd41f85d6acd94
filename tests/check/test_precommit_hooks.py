"""`.pre-commit-hooks.yaml`: the hooks exist and their commands behave the way pre-commit needs.

pre-commit fails a hook when its command exits non-zero or when it modified a
file; it passes the staged file names (filtered by `files`) when
`pass_filenames` is true.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from check_helpers import OPEN_SSH
from click.testing import CliRunner

from iacreview.cli.main import cli

HOOKS = {h["id"]: h for h in yaml.safe_load((Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text())}


def run(entry: str, *args: str):
    argv = shlex.split(entry)
    assert argv[0] == "iacreview"
    return CliRunner().invoke(cli, [*argv[1:], *args])


def test_hooks_are_declared():
    assert set(HOOKS) == {"iacreview-fmt", "iacreview-check"}
    fmt, check = HOOKS["iacreview-fmt"], HOOKS["iacreview-check"]
    assert fmt["entry"] == "iacreview fmt" and fmt["pass_filenames"] is True and fmt["language"] == "python"
    assert check["entry"] == "iacreview check" and check["pass_filenames"] is False
    files = re.compile(fmt["files"])
    assert files.search("infra/main.tf") and files.search("prod.tfvars")
    assert not files.search("main.tf.bak") and not files.search("README.md")


def test_fmt_hook_rewrites_staged_files_and_exits_zero(tmp_path: Path):
    messy, clean = tmp_path / "messy.tf", tmp_path / "clean.tfvars"
    messy.write_text('variable "a" {\n  type = string\n  default = "x"\n}\n')
    clean.write_text('region = "eu-west-1"\n')
    result = run(HOOKS["iacreview-fmt"]["entry"], str(messy), str(clean))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(messy)  # the changed file is listed; pre-commit sees it modified
    assert messy.read_text() == 'variable "a" {\n  type    = string\n  default = "x"\n}\n'
    assert clean.read_text() == 'region = "eu-west-1"\n'


def test_fmt_hook_fails_on_a_file_that_does_not_parse(tmp_path: Path):
    broken = tmp_path / "broken.tf"
    broken.write_text('resource "x" "y" {\n')
    result = run(HOOKS["iacreview-fmt"]["entry"], str(broken))
    assert result.exit_code == 2 and result.stderr.startswith(f"{broken}:")


def test_check_hook_checks_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('variable "region" {\n  type        = string\n  description = "AWS region"\n}\n')
    assert run(HOOKS["iacreview-check"]["entry"]).exit_code == 0
    (tmp_path / "main.tf").write_text(OPEN_SSH)
    assert run(HOOKS["iacreview-check"]["entry"]).exit_code == 1
