"""`iacreview report`: what a batch found, from its DuckDB file, as text, JSON, CSV, Parquet or a static dashboard."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click
from click.core import ParameterSource

from iacreview.cli.output import EXIT_INPUT_ERROR


@click.command()
@click.argument("results", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "parquet"]), default="text",
              show_default=True, help="text/json: the summary; csv/parquet: one row per task.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE (required for parquet).")
@click.option("--html", "html_dir", type=click.Path(file_okay=False), help="Write a static dashboard into DIR.")
@click.option("--threshold", type=float, default=None,
              help="Acceptance score. [default: the one the results' rubric states (training-value: 8; seed: none)]")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many rules to rank.")
@click.pass_context
def report(ctx: click.Context, results: str, fmt: str, output: str | None, html_dir: str | None,
           threshold: float | None, top: int) -> None:
    """Summarize RESULTS (a DuckDB file written by `iacreview batch`).

    Totals, score distribution, failures by category, severity and rule, tasks
    under the acceptance threshold, and agreement with the tasks' own labels.
    With --html DIR, a dashboard that opens from file:// with no server.

    Exit 0 when the report is written, 2 when RESULTS is missing or not a
    results database (or --format parquet lacks --output).
    """
    from iacreview.report import batch_report as br

    if fmt == "parquet" and not output:
        click.echo("iacreview: --format parquet needs --output FILE", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        con = br.connect(results)
    except br.ReportError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        if html_dir:
            from iacreview.report.dashboard import write_dashboard

            index = write_dashboard(con, Path(html_dir), threshold=threshold, top=top)
            click.echo(f"wrote {index}", err=True)
            if ctx.get_parameter_source("fmt") is ParameterSource.DEFAULT and not output:
                return
        if fmt == "parquet":
            br.write_parquet(con, Path(output or ""))
            click.echo(f"wrote {output}", err=True)
            return
        if fmt == "csv":
            chunks = br.tasks_csv(con)
        else:
            summary = br.summarize(con, threshold=threshold, top=top)
            chunks = iter([json.dumps(summary, indent=2, default=str) + "\n" if fmt == "json"
                           else br.render_text(summary, top)])
        _emit(chunks, output)
    finally:
        con.close()


def _emit(chunks: Iterable[str], output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        click.echo(f"wrote {output}", err=True)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
