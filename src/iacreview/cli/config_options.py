"""Options shared by commands that load a Terraform configuration (plan, validate, check)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.model.config import Configuration


def configuration_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--var", "var_args", multiple=True, metavar="NAME=VALUE", help="Set a root variable (repeatable).")(fn)
    fn = click.option(
        "--var-file", "var_files", multiple=True, metavar="FILE", help="Read variable values from a .tfvars file (repeatable)."
    )(fn)
    return fn


def load_configuration(path: str, var_files: tuple[str, ...], var_args: tuple[str, ...]) -> Configuration:
    """Load PATH, or exit 2 with one line per syntax problem."""
    if not os.path.exists(path):
        click.echo(f"{path}:1:1: no such file or directory", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
    config = Configuration.load(path, var_files=var_files, var_args=var_args, environ=dict(os.environ))
    syntax = config.syntax_problems()
    if syntax:
        for problem in syntax:
            click.echo(f"{display_path(path, problem.file)}:{problem.line}:{problem.col}: {problem.message}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
    return config


def display_path(root: str, rel: str) -> str:
    """A problem's file as the user named things: relative to the directory given."""
    if os.path.isdir(root) and not rel.startswith("<"):
        return os.path.join(root, rel)
    if os.path.isfile(root) and not os.path.isabs(rel):
        return os.path.join(os.path.dirname(root), rel) if os.path.dirname(root) else rel
    return rel

