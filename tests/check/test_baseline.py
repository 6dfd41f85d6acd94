"""Baselines: record today's findings, hide them later, show only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import OPEN_SSH
from click.testing import CliRunner

from iacreview.check.baseline import fingerprint, normalise_message
from iacreview.cli.main import cli


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "--no-config", *args])


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(OPEN_SSH)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_create_then_apply_hides_everything_and_says_how_many(tree: Path):
    created = check("infra", "--create-baseline", "baseline.json")
    assert created.exit_code == 0, created.stderr
    data = json.loads((tree / "baseline.json").read_text())
    assert data["version"] == 1 and data["findings"]
    entry = next(e for e in data["findings"] if e["rule"] == "SEC050")
    assert entry["file"] == "infra/main.tf" and entry["address"] == "aws_security_group.ssh"
    assert len(entry["fingerprint"]) == 64
    applied = check("infra", "--baseline", "baseline.json")
    assert applied.exit_code == 0
    assert applied.stdout.startswith("0 findings") and f"{len(data['findings'])} hidden by the baseline" in applied.stdout
    as_json = json.loads(check("infra", "--baseline", "baseline.json", "--format", "json").stdout)
    assert as_json["findings"] == [] and as_json["not_reported"]["baseline"] == len(data["findings"])


def test_fingerprints_survive_line_moves_and_catch_new_findings(tree: Path):
    assert check("infra", "--create-baseline", "baseline.json").exit_code == 0
    moved = "# a new comment\n\n" + OPEN_SSH + "\n" + OPEN_SSH.replace('"ssh"', '"ssh_two"')
    (tree / "infra" / "main.tf").write_text(moved)
    result = check("infra", "--baseline", "baseline.json", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["findings"]
    assert {f["address"] for f in found} == {"aws_security_group.ssh_two"}


def test_baseline_paths_do_not_depend_on_the_working_directory(tree: Path, monkeypatch: pytest.MonkeyPatch):
    assert check("infra", "--create-baseline", "baseline.json").exit_code == 0
    monkeypatch.chdir(tree / "infra")
    result = check(".", "--baseline", "../baseline.json")
    assert result.exit_code == 0 and result.stdout.startswith("0 findings")


def test_each_recorded_copy_hides_one_finding(tree: Path):
    assert check("infra", "--create-baseline", "baseline.json").exit_code == 0
    data = json.loads((tree / "baseline.json").read_text())
    data["findings"] = [e for e in data["findings"] if e["rule"] != "SEC050"]
    (tree / "baseline.json").write_text(json.dumps(data))
    found = json.loads(check("infra", "--baseline", "baseline.json", "--format", "json").stdout)["findings"]
    assert [f["rule"] for f in found] == ["SEC050"]


def test_syntax_errors_are_never_baselined(tree: Path):
    (tree / "infra" / "broken.tf").write_text('resource "x" "y" {\n')
    created = check("infra", "--create-baseline", "baseline.json")
    assert created.exit_code == 2 and "baseline not written" in created.stderr
    assert not (tree / "baseline.json").exists()


@pytest.mark.parametrize(("text", "where"), [
    ("{not json", "baseline.json:1:2: invalid JSON"),
    ('{"version": 7, "findings": []}', "baseline.json:1:1: not an iacreview baseline"),
])
def test_a_bad_baseline_is_one_line_and_exit_2(tree: Path, text: str, where: str):
    (tree / "baseline.json").write_text(text)
    result = check("infra", "--baseline", "baseline.json")
    assert result.exit_code == 2 and result.stderr.startswith(where)


def test_message_normalisation_drops_positions_only():
    a = "Duplicate resource aws_vpc.main (also declared at main.tf:12:3, line 12)"
    b = "Duplicate resource aws_vpc.main (also declared at main.tf:40:3, line 40)"
    assert normalise_message(a) == normalise_message(b)
    assert normalise_message("port 22 open") != normalise_message("port 3389 open")
    assert normalise_message("x is public (3 instances)") == normalise_message("x is public")
    assert fingerprint("SEC050", "main.tf", "aws_security_group.a", a) == fingerprint("SEC050", "main.tf", "aws_security_group.a", b)
    assert fingerprint("SEC050", "main.tf", "aws_security_group.a", a) != fingerprint("SEC050", "main.tf", "aws_security_group.b", a)
