"""`iacreview fmt`: `terraform fmt` without Terraform, byte for byte.

Same semantics as terraform fmt: no PATH means the current directory; `-`
reads stdin and writes stdout; directories contribute their .tf, .tfvars and
.tftest.hcl files (subdirectories with --recursive); files are rewritten in
place and listed; --check writes nothing and exits 3 when something would
change; a file that does not parse is reported as FILE:LINE:COL and left
untouched, and the run ends with exit 2.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from iacreview.cli.output import EXIT_INPUT_ERROR, EXIT_WOULD_CHANGE, print_diagnostics
from iacreview.fmt import InternalFormatError, format_source
from iacreview.hcl import HCLSyntaxError, SourceError, decode, read_source

FORMAT_SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")


def collect(paths: tuple[str, ...], recursive: bool) -> list[Path]:
    """Files to format, in a stable order; explicit files are taken whatever their suffix."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walker = sorted(path.rglob("*")) if recursive else sorted(path.iterdir())
            for child in walker:
                if child.is_file() and child.name.endswith(FORMAT_SUFFIXES) and not _hidden(child, path):
                    found.append(child)
        else:
            found.append(path)
    return found


def _hidden(child: Path, root: Path) -> bool:
    """Skip .terraform and other dot-directories below the root, as terraform fmt does."""
    return any(part.startswith(".") for part in child.relative_to(root).parts[:-1])


def _diff(name: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"old/{name}", f"new/{name}")
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--check", is_flag=True, help="Write nothing; exit 3 if any file is not canonical.")
@click.option("--diff", "show_diff", is_flag=True, help="Print unified diffs of the changes.")
@click.option("--recursive", is_flag=True, help="Also format files in subdirectories.")
@click.option("--write/--no-write", default=None, help="Rewrite files in place (default: yes, unless --check).")
@click.option("--list/--no-list", "list_files", default=True, help="List files whose formatting differs.")
def fmt(paths: tuple[str, ...], check: bool, show_diff: bool, recursive: bool, write: bool | None, list_files: bool) -> None:
    """Rewrite Terraform files into canonical format, exactly as `terraform fmt` does.

    PATHS are files or directories (default: the current directory). In a
    directory, .tf, .tfvars and .tftest.hcl files are formatted (with
    --recursive, in subdirectories too, skipping .terraform and other hidden
    directories); a file named explicitly is formatted whatever its suffix.
    `-` reads stdin and writes the result to stdout.

    Exit 0 when done, 2 when a file cannot be read or parsed, 3 with --check
    when a file is not canonical.
    """
    if write is None:
        write = not check
    if paths == ("-",):
        _format_stdin(check, show_diff)
        return
    for raw in paths or (".",):
        if raw != "-" and not os.path.exists(raw):
            click.echo(f"{raw}:1:1: no such file or directory", err=True)
            sys.exit(EXIT_INPUT_ERROR)
    changed = failed = False
    for path in collect(paths or (".",), recursive):
        name = str(path)
        try:
            text = read_source(path, name)
            formatted = format_source(text, name, final_newline=False)
        except SourceError as err:
            print_diagnostics([err.diagnostic])
            failed = True
            continue
        except HCLSyntaxError as err:
            print_diagnostics(err.diagnostics)
            failed = True
            continue
        except InternalFormatError as err:
            click.echo(f"{name}:1:1: internal formatter error, file left untouched: {err.message}", err=True)
            click.echo(err.diff, err=True)
            failed = True
            continue
        if formatted == text:
            continue
        changed = True
        if list_files:
            click.echo(name)
        if show_diff:
            click.echo(_diff(name, text, formatted), nl=False)
        if write:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(formatted)
    if failed:
        sys.exit(EXIT_INPUT_ERROR)
    if check and changed:
        sys.exit(EXIT_WOULD_CHANGE)


def _format_stdin(check: bool, show_diff: bool) -> None:
    try:
        text = decode(sys.stdin.buffer.read(), "<stdin>")
        formatted = format_source(text, "<stdin>")
    except SourceError as err:
        print_diagnostics([err.diagnostic])
        sys.exit(EXIT_INPUT_ERROR)
    except HCLSyntaxError as err:
        print_diagnostics(err.diagnostics)
        sys.exit(EXIT_INPUT_ERROR)
    except InternalFormatError as err:
        click.echo(f"<stdin>:1:1: internal formatter error: {err.message}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if show_diff:
        click.echo(_diff("<stdin>", text, formatted), nl=False)
    elif not check:
        sys.stdout.write(formatted)
    if check and formatted != text:
        sys.exit(EXIT_WOULD_CHANGE)
