"""`iacreview validate`: what `terraform validate` reports, without providers or network."""

from __future__ import annotations

import json

import click

from iacreview.cli.config_options import (
    OrderedVarsCommand,
    configuration_options,
    display_path,
    load_configuration,
    refuse,
)
from iacreview.cli.output import EXIT_FINDINGS, EXIT_INPUT_ERROR
from iacreview.model.schema_check import problem_is_warning
from iacreview.model.validate import validate as run_validate
from iacreview.schema import SchemaDataError


@click.command(cls=OrderedVarsCommand)
@click.argument("path", default=".", type=click.Path())
@configuration_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per problem; json: {valid, problems}.")
def validate(path: str, var_files: tuple[str, ...], var_args: tuple[str, ...], fmt: str) -> None:
    """Check PATH for undeclared references, unknown functions, wrong types and more.

    Resources are checked against the provider's schema (arguments, blocks,
    attribute types, exported attributes, deprecations) where iacreview ships
    a schema version that the configuration's version constraints allow.
    Deprecations are warnings, as in Terraform: they leave the configuration valid.

    Exit 0 when valid, 1 when problems are found, 2 when a file does not parse or a --var names
    a variable the root module does not declare.
    """
    config = load_configuration(path, var_files, var_args, with_loading_problems=True)
    refuse(path, config.refused_var_args())  # Terraform refuses a value for a variable nobody declares
    # `terraform validate` knows no resource's value (a plan does): a count over a configured bucket name
    # is checked at plan time, so validation here does not read planned values either.
    config.context.schemas = None
    try:
        schemas = config.schemas
        problems = run_validate(config.scope, schemas=schemas)
    except SchemaDataError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR) from None
    errors = [p for p in problems if not problem_is_warning(p)]
    if fmt == "json":
        items = [
            {"rule": p.rule, "severity": "warning" if problem_is_warning(p) else "error", "message": p.message,
             "file": p.file, "line": p.line, "col": p.col, "end_line": p.end_line, "end_col": p.end_col}
            for p in problems
        ]
        document = {"valid": not errors, "error_count": len(errors), "warning_count": len(problems) - len(errors),
                    "problems": items, "providers": schemas.to_json()}
        click.echo(json.dumps(document, indent=2))
    elif problems:
        for p in problems:
            click.echo(f"{display_path(path, p.file)}:{p.line}:{p.col}: {p.rule} {p.message}")
        warnings = len(problems) - len(errors)
        if errors:
            click.echo(f"\n{len(errors)} problem{'s' if len(errors) != 1 else ''} found"
                       + (f", {warnings} warning{'s' if warnings != 1 else ''}." if warnings else "."))
        else:
            click.echo(f"\nSuccess! The configuration is valid, but there were {warnings} warning"
                       f"{'s' if warnings != 1 else ''}.")
    else:
        click.echo("Success! The configuration is valid.")
    if errors:
        raise SystemExit(EXIT_FINDINGS)
