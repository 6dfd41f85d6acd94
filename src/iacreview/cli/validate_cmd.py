"""`iacreview validate`: what `terraform validate` reports, without providers or network."""

from __future__ import annotations

import json

import click

from iacreview.cli.config_options import OrderedVarsCommand, configuration_options, display_path, load_configuration
from iacreview.cli.output import EXIT_FINDINGS
from iacreview.model.validate import validate as run_validate


@click.command(cls=OrderedVarsCommand)
@click.argument("path", default=".", type=click.Path())
@configuration_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(path: str, var_files: tuple[str, ...], var_args: tuple[str, ...], fmt: str) -> None:
    """Check PATH for undeclared references, unknown functions, wrong types and more.

    Exit 0 when valid, 1 when problems are found, 2 when a file does not parse.
    """
    config = load_configuration(path, var_files, var_args)
    problems = run_validate(config.scope)
    if fmt == "json":
        items = [
            {"rule": p.rule, "message": p.message, "file": p.file, "line": p.line, "col": p.col} for p in problems
        ]
        click.echo(json.dumps({"valid": not problems, "problems": items}, indent=2))
    elif problems:
        for p in problems:
            click.echo(f"{display_path(path, p.file)}:{p.line}:{p.col}: {p.rule} {p.message}")
        click.echo(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} found.")
    else:
        click.echo("Success! The configuration is valid.")
    if problems:
        raise SystemExit(EXIT_FINDINGS)
