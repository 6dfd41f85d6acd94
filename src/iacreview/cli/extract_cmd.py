"""`iacreview extract`: the files of a markdown answer, written out."""

from __future__ import annotations

import sys

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.task import load_task, write_files
from iacreview.task.writer import ExtractError


@click.command()
@click.argument("task", type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory to write into.")
@click.option("--ideal", "which", flag_value="ideal", help="Extract the ideal answer instead of the model's.")
@click.option("--model", "which", flag_value="model", default=True, help="Extract the model's answer (default).")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def extract(task: str, out_dir: str, which: str, force: bool) -> None:
    """Write the files of TASK's answer (code, docs, tests) under OUT, named as the answer names them."""
    loaded = load_task(task)
    answer = loaded.ideal if which == "ideal" else loaded.model
    if answer is None:
        click.echo(f"{task}:1:1: the task has no ideal answer", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    for problem in answer.problems:
        click.echo(f"{problem.location()}: {problem.message}", err=True)
    try:
        written = write_files(answer, out_dir, force=force)
    except ExtractError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    for path in written:
        click.echo(str(path))
