"""Shared CLI helpers: printing diagnostics the one way users see them everywhere."""

from __future__ import annotations

from collections.abc import Iterable

import click

from iacreview.hcl import Diagnostic

#: Exit codes (DESIGN.md): fmt --check keeps terraform's 3 for "would change".
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_WOULD_CHANGE = 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """One `FILE:LINE:COL: message` line per problem, on stderr."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
