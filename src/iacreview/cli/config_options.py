"""Options shared by commands that load a Terraform configuration (plan, validate, check)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.model.config import Configuration
from iacreview.model.problems import Problem


def configuration_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--var", "var_args", multiple=True, metavar="NAME=VALUE", help="Set a root variable (repeatable).")(fn)
    fn = click.option(
        "--var-file", "var_files", multiple=True, metavar="FILE", help="Read variable values from a .tfvars file (repeatable)."
    )(fn)
    return fn


class OrderedVarsCommand(click.Command):
    """A command that remembers the raw arguments, so --var and --var-file keep their relative order.

    Terraform applies -var and -var-file values in the order they appear on the
    command line (a later one wins); click gathers each option's values apart,
    so the interleaving is read back from the raw arguments.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["raw_args"] = list(args)
        return super().parse_args(ctx, args)


def vars_order(raw_args: list[str]) -> list[str]:
    """"file" / "var" for each --var-file / --var occurrence, in command-line order."""
    order: list[str] = []
    i = 0
    while i < len(raw_args):
        arg = raw_args[i]
        if arg == "--":
            break
        for flag, kind in (("--var-file", "file"), ("--var", "var")):
            if arg == flag:
                order.append(kind)
                i += 1  # the value follows
                break
            if arg.startswith(flag + "="):
                order.append(kind)
                break
        i += 1
    return order


#: Problems Terraform finds while it loads a module's files, which it reports even beside syntax errors.
LOADING_RULES = frozenset({"VAL007", "VAL014", "VAL017", "VAL018", "VAL019"})


def load_configuration(path: str, var_files: tuple[str, ...], var_args: tuple[str, ...],
                       with_loading_problems: bool = False) -> Configuration:
    """Load PATH, or exit 2 with one line per syntax problem.

    `with_loading_problems` also prints, after the syntax problems, what
    Terraform reports while loading the files that do parse (duplicate
    declarations, blocks it does not know, wrong labels), as `terraform
    validate` does before it stops.
    """
    if not os.path.exists(path):
        click.echo(f"{path}:1:1: no such file or directory", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
    ctx = click.get_current_context(silent=True)
    order = vars_order(ctx.meta.get("raw_args", [])) if ctx is not None else None
    config = Configuration.load(path, var_files=var_files, var_args=var_args, environ=dict(os.environ),
                                vars_order=order)
    syntax = config.syntax_problems()
    if syntax:
        for problem in syntax:
            click.echo(f"{display_path(path, problem.file)}:{problem.line}:{problem.col}: {problem.message}", err=True)
        if with_loading_problems:
            loading = sorted((p for m in config.modules() for p in m.problems if p.rule in LOADING_RULES),
                             key=lambda p: (p.file, p.line, p.col))
            for problem in loading:
                click.echo(f"{display_path(path, problem.file)}:{problem.line}:{problem.col}: {problem.rule} "
                           f"{problem.message}", err=True)
        raise SystemExit(EXIT_INPUT_ERROR)
    return config


def refuse(path: str, problems: Iterable[Problem]) -> None:
    """Exit 2 with one line per problem when there are any: values Terraform refuses before it plans or
    validates (an undeclared or malformed --var, a value its type rejects)."""
    lines = [f"{display_path(path, p.file)}:{p.line}:{p.col}: {p.rule} {p.message}" for p in problems]
    if lines:
        for line in lines:
            click.echo(line, err=True)
        raise SystemExit(EXIT_INPUT_ERROR)


def display_path(root: str, rel: str) -> str:
    """A problem's file as the user named things: relative to the directory given."""
    if os.path.isdir(root) and not rel.startswith("<"):
        joined = os.path.join(root, rel)
        return os.path.normpath(joined) if rel.startswith("..") else joined  # a module source outside PATH
    if os.path.isfile(root) and not os.path.isabs(rel):
        return os.path.join(os.path.dirname(root), rel) if os.path.dirname(root) else rel
    return rel

