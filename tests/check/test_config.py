"""`.iacreview.toml` / `[tool.iacreview]`: discovery, precedence of flags, and bad files (exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from check_helpers import OPEN_SSH
from click.testing import CliRunner

from iacreview.check.config import (
    CheckSettings,
    ConfigError,
    Overrides,
    find_config,
    glob_regex,
    load_config,
    merge,
)
from iacreview.cli.main import cli

LOW_ONLY = 'variable "region" {\n  type = string\n}\n'  # DOC001 (low): no description


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def rules_found(*args: str) -> set[str]:
    return {f["rule"] for f in json.loads(check(*args, "--format", "json")[1])["findings"]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(LOW_ONLY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_in_a_parent_directory_is_found(repo: Path):
    assert check("infra")[0] == 0
    (repo / ".iacreview.toml").write_text('fail-on = "low"\n')
    assert find_config(repo / "infra") == repo / ".iacreview.toml"
    assert check("infra")[0] == 1


def test_pyproject_counts_only_with_a_tool_iacreview_table(repo: Path):
    (repo / ".iacreview.toml").write_text('fail-on = "low"\n')
    (repo / "infra" / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n')
    assert find_config(repo / "infra") == repo / ".iacreview.toml"
    (repo / "infra" / "pyproject.toml").write_text('[tool.iacreview]\nfail-on = "critical"\n')
    assert find_config(repo / "infra") == repo / "infra" / "pyproject.toml"
    assert check("infra")[0] == 0


def test_iacreview_toml_wins_over_pyproject_in_the_same_directory(repo: Path):
    (repo / "infra" / "pyproject.toml").write_text('[tool.iacreview]\nfail-on = "critical"\n')
    (repo / "infra" / ".iacreview.toml").write_text('fail-on = "low"\n')
    assert find_config(repo / "infra" / "main.tf") == repo / "infra" / ".iacreview.toml"


def test_search_stops_at_the_git_root(tmp_path: Path):
    (tmp_path / ".iacreview.toml").write_text('fail-on = "low"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "repo") is None


def test_flags_override_the_file(repo: Path):
    (repo / ".iacreview.toml").write_text('fail-on = "low"\n')
    assert check("infra", "--fail-on", "high")[0] == 0
    assert check("infra", "--no-config")[0] == 0


def test_disable_in_file_and_enable_on_the_command_line(repo: Path):
    (repo / ".iacreview.toml").write_text('fail-on = "low"\ndisable = ["DOC001", "variable-missing-type"]\n')
    assert check("infra")[0] == 0
    code, out, _ = check("infra", "--enable", "DOC001")
    assert code == 1 and "DOC001" in out


def test_severity_override_from_the_file_and_the_flag(repo: Path):
    (repo / "infra" / "main.tf").write_text(OPEN_SSH)
    assert check("infra", "--disable", "TAG001")[0] == 1
    (repo / ".iacreview.toml").write_text('[severity]\nSEC050 = "low"\nsg-rule-description-missing = "low"\n')
    code, out, _ = check("infra", "--format", "json")
    assert code == 0 and '"severity": "low"' in out
    assert check("infra", "--severity", "SEC050=critical")[0] == 1


def test_var_files_are_relative_to_the_config_file(repo: Path):
    (repo / "infra" / "main.tf").write_text(
        'variable "open" {\n  type        = bool\n  description = "Open SSH"\n  default     = false\n}\n\n'
        'resource "aws_security_group_rule" "ssh" {\n  description       = "ssh"\n  type              = "ingress"\n'
        '  security_group_id = "sg-1"\n  from_port         = 22\n  to_port           = 22\n  protocol          = "tcp"\n'
        '  cidr_blocks       = var.open ? ["0.0.0.0/0"] : ["10.0.0.0/8"]\n}\n')
    (repo / "env").mkdir()
    (repo / "env" / "open.tfvars").write_text("open = true\n")
    assert "SEC050" not in rules_found("infra")
    (repo / ".iacreview.toml").write_text('var-files = ["env/open.tfvars"]\n')
    assert "SEC050" in rules_found("infra")


def test_exclude_hides_findings_in_matching_files(repo: Path):
    (repo / "infra" / "generated.tf").write_text(OPEN_SSH)
    assert check("infra")[0] == 1
    (repo / ".iacreview.toml").write_text('exclude = ["infra/generated.tf"]\n')
    code, out, _ = check("infra")
    assert code == 0 and "generated.tf" not in out.split("\n\n")[0] and "in excluded files" in out
    assert check("infra", "--no-config", "--exclude", "*.tf")[0] == 0


def test_exclude_never_hides_a_syntax_error(repo: Path):
    (repo / "infra" / "broken.tf").write_text('resource "x" "y" {\n')
    (repo / ".iacreview.toml").write_text('exclude = ["**/broken.tf"]\n')
    assert check("infra")[0] == 2


@pytest.mark.parametrize(("name", "text", "line", "col", "words"), [
    (".iacreview.toml", 'fail-on = "low"\nenable = [\n', 3, 1, "invalid TOML"),
    (".iacreview.toml", 'fail-on = "low"\n\nfail_on = "high"\n', 3, 1, "unknown key 'fail_on' (did you mean 'fail-on'?)"),
    (".iacreview.toml", 'fail-on = "urgent"\n', 1, 1, "fail-on: 'urgent' is not one of"),
    (".iacreview.toml", 'enable = ["SEC050", "SEC9999"]\n', 1, 22, "no rule, rule name, family or category 'SEC9999'"),
    (".iacreview.toml", '[severity]\nSEC050 = "severe"\n', 2, 1, "severity of SEC050: 'severe'"),
    (".iacreview.toml", 'severity = { SEC050 = "low", NOPE1 = "low" }\n', 1, 30, "severity: no rule 'NOPE1'"),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.iacreview]\nexclude = "examples"\n', 5, 1, "'exclude' must be a list"),
])
def test_bad_configuration_is_one_line_naming_the_place_and_exit_2(repo: Path, name, text, line, col, words):
    (repo / name).write_text(text)
    code, out, err = check("infra")
    assert code == 2 and out == ""
    [message] = err.strip().splitlines()
    m = re.fullmatch(r"(.+):(\d+):(\d+): (.+)", message)
    assert m is not None, message
    assert Path(m.group(1)).resolve() == (repo / name).resolve()
    assert (int(m.group(2)), int(m.group(3))) == (line, col)
    assert words in m.group(4)


def test_explicit_config_file(repo: Path):
    (repo / "strict.toml").write_text('fail-on = "low"\n')
    assert check("infra", "--config", "strict.toml")[0] == 1
    assert check("infra", "--config", "missing.toml")[0] == 2


def test_load_config_returns_settings_with_paths_resolved(tmp_path: Path):
    (tmp_path / ".iacreview.toml").write_text(
        'enable = ["SEC100"]\ndisable = ["TAG", "resource-tags-missing"]\nvar-files = ["a.tfvars"]\nexclude = ["x/**"]\n'
        'severity = { s3-public-acl = "low" }\n')
    settings = load_config(tmp_path / ".iacreview.toml")
    assert settings.var_files == (str(tmp_path / "a.tfvars"),)
    assert settings.severity == {"SEC006": "low"}
    assert settings.exclude_root == tmp_path


def test_unknown_family_is_rejected(tmp_path: Path):
    (tmp_path / ".iacreview.toml").write_text('disable = ["tagging"]\n')
    with pytest.raises(ConfigError):
        load_config(tmp_path / ".iacreview.toml")


def test_merge_lets_flags_win_on_conflicts():
    base = CheckSettings(enable=("SEC100",), disable=("DOC001",), severity={"SEC050": "low"}, fail_on="low")
    merged = merge(base, Overrides(enable=("doc001",), disable=("SEC100",), severity={"SEC050": "high"}, fail_on="critical"))
    assert merged.enable == ("doc001",)
    assert merged.disable == ("SEC100",)
    assert merged.severity == {"SEC050": "high"}
    assert merged.fail_on == "critical"


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("examples/**", "examples/a/b.tf", True),
    ("examples/**", "src/examples/a.tf", False),
    ("*.generated.tf", "a/b/x.generated.tf", True),
    ("modules/vendor", "modules/vendor/main.tf", True),
    ("**/test/*.tf", "test/x.tf", True),
    ("**/test/*.tf", "a/test/x.tf", True),
    ("./main.tf", "sub/main.tf", False),
    ("main.tf", "sub/main.tf", True),
    ("m?in.tf", "main.tf", True),
])
def test_exclude_globs(pattern, path, expected):
    assert bool(glob_regex(pattern).fullmatch(path)) is expected
