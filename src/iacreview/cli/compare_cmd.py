"""`iacreview compare`: our failures beside those of the task's own MODEL_FAILURES.md."""

from __future__ import annotations

import json
import sys

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.review.build import ReviewError, review_task
from iacreview.review.compare import compare as compare_reviews
from iacreview.task import load_task


@click.command()
@click.argument("task", type=click.Path(exists=True))
@click.option("--failures", "failures_path", type=click.Path(exists=True, dir_okay=False),
              help="A MODEL_FAILURES.md to compare with (default: the task's own).")
@click.option("--rubric", default="seed", show_default=True,
              help="The rubric our review is scored with: seed, training-value, or a rubric TOML file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the three lists for reading; json: the same as data.")
def compare(task: str, failures_path: str | None, rubric: str, fmt: str) -> None:
    """Match our failures with a human review's: matched, only ours, only theirs.

    Human items no failure of ours explains are also set against the ideal answer's significant and
    moderate fixes (A and B), since a hand-written review mostly lists what the ideal added or changed.
    """
    if failures_path is not None:
        with open(failures_path, encoding="utf-8", errors="replace") as fh:
            human = fh.read()
    else:
        human = load_task(task).failures_md
        if human is None:
            click.echo(f"{task}:1:1: the task has no lib/MODEL_FAILURES.md (use --failures FILE)", err=True)
            sys.exit(EXIT_INPUT_ERROR)
    try:
        review = review_task(task, None, rubric)
    except ReviewError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    result = compare_reviews(review, human)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    c = result["counts"]
    click.echo(f"ours: {c['ours']}  theirs: {c['theirs']}  matched: {c['matched']}  "
               f"matched to the ideal's fixes: {c['matched_fixes']}\n")
    click.echo("Matched:")
    for m in result["matched"]:
        o, t = m["ours"], m["theirs"]
        sev = "" if m["same_severity"] else f"  (severity: ours {o['severity']}, theirs {t['severity']})"
        click.echo(f"  {o['rule']} {o['message']}\n    ↔ {t['title']}{sev}")
    if result["matched_fixes"]:
        click.echo("\nMatched to the ideal's fixes (what the ideal answer added or changed):")
        for m in result["matched_fixes"]:
            fx, t = m["fix"], m["theirs"]
            click.echo(f"  {fx['class']} {fx['description']}\n    ↔ {t['title']}")
    click.echo("\nOnly ours:")
    for o in result["only_ours"]:
        click.echo(f"  {o['rule']} [{o['severity']}] {o['message']}")
    click.echo("\nOnly theirs:")
    for t in result["only_theirs"]:
        click.echo(f"  [{t['severity'] or '-'}] {t['title']} (line {t['line']})")
