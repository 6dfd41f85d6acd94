"""`iacreview hcl2json`: the parser on its own, printing files as JSON."""

from __future__ import annotations

import json
import sys

import click

from iacreview.cli.output import EXIT_INPUT_ERROR, print_diagnostics
from iacreview.hcl import HCLSyntaxError, SourceError, decode, parse, parse_file_text, read_source
from iacreview.hcl.tojson import body_to_json


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--indent", default=2, show_default=True, help="JSON indentation (0 for one line).")
def hcl2json(files: tuple[str, ...], indent: int) -> None:
    """Print HCL files as JSON: blocks nested by type and labels, values as data.

    With one FILE the structure is printed as is; with several, keyed by file
    name. `-` reads standard input. Files that do not parse are reported as
    FILE:LINE:COL: message and make the exit code 2; the others are still printed.
    """
    results: dict[str, object] = {}
    failed = False
    for name in files:
        try:
            if name == "-":
                text = decode(sys.stdin.buffer.read(), "<stdin>")
                tree = parse(text, "<stdin>")
            else:
                tree = parse_file_text(read_source(name), name)
        except SourceError as err:
            print_diagnostics([err.diagnostic])
            failed = True
            continue
        except HCLSyntaxError as err:
            print_diagnostics(err.diagnostics)
            failed = True
            continue
        results[name] = body_to_json(tree.body)
    output: object = next(iter(results.values())) if len(files) == 1 and results else results
    if results:
        click.echo(json.dumps(output, indent=indent or None, ensure_ascii=False))
    if failed:
        sys.exit(EXIT_INPUT_ERROR)
