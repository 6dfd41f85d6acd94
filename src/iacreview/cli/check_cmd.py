"""`iacreview check`: the rule catalogue over Terraform trees, in the formats CI reads."""

from __future__ import annotations

import json
import os
import sys

import click
from rich.console import Console

from iacreview.check.run import at_or_above, check_paths
from iacreview.cli.output import EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK
from iacreview.report.findings_json import render_json
from iacreview.report.findings_text import render_text, summary_line
from iacreview.rules.base import SEVERITIES


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="high", show_default=True,
              help="Exit 1 when a finding at or above this severity remains.")
@click.option("--var-file", "var_files", multiple=True, metavar="FILE", help="Variable values file (repeatable).")
@click.option("--var", "var_args", multiple=True, metavar="NAME=VALUE", help="Set a root variable (repeatable).")
@click.option("--enable", multiple=True, metavar="RULE", help="Enable a rule, name or family that is off by default.")
@click.option("--disable", multiple=True, metavar="RULE", help="Disable a rule, name or family.")
def check(paths, fmt, output, fail_on, var_files, var_args, enable, disable) -> None:
    """Check Terraform configurations (directories or files) against the rule catalogue.

    Exit 0 when clean, 1 when findings at or above --fail-on remain, 2 when a
    path is missing or a file cannot be parsed (never reported as clean).
    """
    paths = paths or (".",)
    for path in paths:
        if not os.path.exists(path):
            click.echo(f"{path}:1:1: no such file or directory", err=True)
            sys.exit(EXIT_INPUT_ERROR)
    results = check_paths(paths, var_files, var_args, enable, disable)
    findings = [f for r in results for f in r.result.findings]
    out = open(output, "w", encoding="utf-8") if output else None
    try:
        if fmt == "json":
            for r in results:
                for f in r.result.findings:
                    f.file = r.display(f.file)
            passed = list({m.id: m for r in results for m in r.result.passed}.values())
            errors = [f"{e.rule}: {e.message}" for r in results for e in r.result.errors]
            text = json.dumps(render_json(findings, passed, errors), indent=2)
            click.echo(text, file=out)
        else:
            console = Console(file=out or sys.stdout, highlight=False, soft_wrap=True)
            for r in results:
                render_text(r.result.findings, r.line_of, console, r.display)
            console.print(summary_line(findings))
    finally:
        if out is not None:
            out.close()
    if any(f.rule == "SYN001" for f in findings):
        sys.exit(EXIT_INPUT_ERROR)
    sys.exit(EXIT_FINDINGS if at_or_above(findings, fail_on) else EXIT_OK)
