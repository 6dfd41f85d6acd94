"""`iacreview review`: the Model Response Failures Analysis of a task, written by the tool."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import InputError, ReviewError, review_task
from iacreview.score import load_rubric


@click.command()
@click.argument("task", type=click.Path())
@click.option("--ideal", type=click.Path(), help="Ideal answer (directory, markdown or .tf) to compare against.")
@click.option("--rubric", default="seed", show_default=True, help="seed, training-value, or a rubric TOML file.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="markdown: the failures analysis in the seed's shape; json: the review contract.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the review to FILE.")
@click.option("--write", is_flag=True, help="Save the Markdown as lib/MODEL_FAILURES.md in the task folder.")
@click.option("--force", is_flag=True, help="With --write or --output, overwrite an existing file.")
def review(task: str, ideal: str | None, rubric: str, fmt: str, output: str | None, write: bool, force: bool) -> None:
    """Review TASK (a task folder, an answer directory, a markdown answer or a .tf file).

    Failures by severity with the model's code, the ideal fix, root cause,
    references, impact and training value; what was not wrong; statistics; and a
    score with its arithmetic under the chosen rubric.
    """
    if not os.path.exists(task):
        click.echo(f"{task}:1:1: no such file or directory", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if ideal is not None and not os.path.exists(ideal):
        click.echo(f"{ideal}:1:1: no such file or directory", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        result = review_task(task, ideal, rubric)
        title = load_rubric(rubric).title
    except InputError as exc:  # nothing to review: no score, and nothing written by -o or --write
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except ReviewError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    markdown = render_markdown(result, title)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else markdown
    writes: list[tuple[Path, str]] = []
    if output:
        writes.append((Path(output), text))
    if write:
        root = Path(task)
        lib = root / "lib" if (root / "lib").is_dir() else (root if root.is_dir() else root.parent)
        writes.append((lib / "MODEL_FAILURES.md", markdown))  # the task's review is always Markdown
    for target, _ in writes:
        if target.exists() and not force:
            click.echo(f"{target}:1:1: exists; not overwritten (use --force)", err=True)
            sys.exit(EXIT_INPUT_ERROR)
    for target, content in writes:
        target.write_text(content, encoding="utf-8")
        click.echo(f"wrote {target}", err=True)
    if not output:
        sys.stdout.write(text)
    for problem in result.get("input_errors", []):
        click.echo(problem, err=True)
    if result.get("input_errors"):
        sys.exit(EXIT_INPUT_ERROR)  # the answer could not be read: never a clean review
