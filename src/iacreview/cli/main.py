"""Entry point of the `iacreview` command: the click group and crash protection.

Commands live in their own modules and are imported lazily by name, so that a
quick `iacreview fmt` never pays for loading duckdb or dask.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from iacreview import __version__

# command name -> (module, attribute): loaded only when the command is used.
_COMMANDS = {
    "batch": ("iacreview.cli.batch_cmd", "batch"),
    "check": ("iacreview.cli.check_cmd", "check"),
    "compare": ("iacreview.cli.compare_cmd", "compare"),
    "extract": ("iacreview.cli.extract_cmd", "extract"),
    "fmt": ("iacreview.cli.fmt_cmd", "fmt"),
    "hcl2json": ("iacreview.cli.hcl2json_cmd", "hcl2json"),
    "plan": ("iacreview.cli.plan_cmd", "plan"),
    "report": ("iacreview.cli.report_cmd", "report"),
    "requirements": ("iacreview.cli.requirements_cmd", "requirements"),
    "review": ("iacreview.cli.review_cmd", "review"),
    "rules": ("iacreview.cli.rules_cmd", "rules"),
    "validate": ("iacreview.cli.validate_cmd", "validate"),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        return getattr(module, target[1])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="iacreview")
def cli() -> None:
    """Review infrastructure-as-code written by language models.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input
    error (one line naming file:line:col), 3 `fmt --check` would change files.
    """


def main() -> None:
    """Run the CLI; an unexpected exception becomes one line and exit 2, never a traceback."""
    try:
        cli.main(prog_name="iacreview", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("iacreview: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("IACREVIEW_DEBUG"):
            raise
        if type(exc).__name__ == "SchemaDataError":  # shipped data that cannot be read: say which file
            click.echo(f"iacreview: error: {exc}", err=True)
            sys.exit(2)
        click.echo(f"iacreview: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
