"""The README's command table and the help texts say what the commands take (issue 15, item 10)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from iacreview.cli.main import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
CTX = click.Context(cli)
COMMANDS = {name: cli.get_command(CTX, name) for name in cli.list_commands(CTX)}


def _row(command: str) -> str:
    match = re.search(rf"^\| `iacreview {command}\b[^\n]*$", README, re.M)
    assert match, f"the README's command table has no row for {command}"
    return match.group(0)


def _options(command: click.Command) -> list[list[str]]:
    """Each visible option's spellings (any one of them in the row documents it)."""
    return [param.opts + param.secondary_opts for param in command.params
            if isinstance(param, click.Option) and not param.hidden]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_in_the_readme_command_table(name: str) -> None:
    row = _row(name)
    missing = [spellings[0] for spellings in _options(COMMANDS[name])
               if not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row) for o in spellings)]
    assert not missing, f"README row of {name} lacks {missing}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_has_help(name: str) -> None:
    undocumented = [p.opts[0] for p in COMMANDS[name].params
                    if isinstance(p, click.Option) and not p.hidden and not p.help]
    assert not undocumented, f"{name}: options without help: {undocumented}"


def test_fmt_help_mentions_stdin_and_tfvars() -> None:
    text = CliRunner().invoke(cli, ["fmt", "--help"]).output
    assert "`-` reads stdin" in text and ".tfvars" in text


def test_exit_codes_of_batch_report_and_an_interrupt_are_documented() -> None:
    assert "`130` interrupted" in README
    assert "`batch` exits 0" in README and "`report` exits 0" in README
    batch_help = CliRunner().invoke(cli, ["batch", "--help"]).output
    assert "130" in batch_help


def test_rules_piped_prints_one_whole_line_per_rule() -> None:
    from iacreview.rules.registry import all_rules

    lines = CliRunner().invoke(cli, ["rules"]).output.splitlines()
    catalogue = all_rules()
    assert len(lines) == len(catalogue) + 1
    for line, rule in zip(lines, catalogue):
        assert line.split()[:2] == [rule.meta.id, rule.meta.name] and line.endswith(rule.meta.summary)
